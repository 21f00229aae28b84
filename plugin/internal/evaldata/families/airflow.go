package families

import (
	"fmt"
	"strings"
	"time"
)

// airflow is Apache Airflow 2.9.1 on Kubernetes (official Helm chart, CeleryExecutor,
// Redis broker, PostgreSQL metadata database and result backend): the scheduler, with
// its DagFileProcessorManager and health check server, and one Celery worker (16 pool
// processes, 8 GiB memory limit), their stdout interleaved, task logs propagated to it.
// Airflow's default format, `[2024-06-17T10:05:01.342+0000] {scheduler_job_runner.py:415}
// INFO - 1 tasks up for execution:`; tracebacks, task instance listings and the DAG file
// stats table are continuation lines; Celery writes its own format
// (`[2024-06-17 10:05:01,505: INFO/MainProcess] Task ...execute_command[<uuid>] received`),
// its banner and Airflow's ASCII banner are plain lines.
//
// Normal operation, 12-15 lines a second: every task instance written by the scheduler
// (up for execution, queued, sent to CeleryExecutor, executor events, TaskInstance
// Finished) and the worker (the Celery message, the pre-execution group, the operator's
// lines with row counts, Marking task as SUCCESS, the return code), every run ending in
// Marking run ... successful and DagRun Finished. metrics_rollup every 5 minutes maps a
// task over 60-90 partitions, 16 at a time; crm_customers and vendor_feeds (an
// S3KeySensor mapped over eight partners, poking every minute) every 5 minutes;
// etl_orders (a sensor, extract, transform, load, validate) and later inventory_snapshot
// every 15; ml_features at :30 and reports_hourly hourly. Every DAG file parsed every
// 30 s, the stats table every 30 s, /health probed every 15 s, orphaned tasks checked
// every 5 minutes. Now and then a try fails on a CRM 503 or a serialization failure in
// the warehouse (UP_FOR_RETRY, the retry a minute later succeeds), and a
// DeprecationWarning or RemovedInAirflow3Warning shows at parse time.
//
// Benign changes:
//   - 0:40, a new DAG inventory_snapshot: Sync 1 DAGs, Creating ORM DAG, parsed every
//     30 s, run every 15 minutes from 0:45. All its lines carry the change.
//   - 1:19, an operator backfills etl_orders for 30 past dates, three runs at a time for
//     about 20 minutes; the backfill job queues to the worker itself (worker lines only).
//   - 2:10, the scheduler restarted for the 2.9.1 -> 2.9.2 upgrade: SIGTERM shutdown, a
//     minute's gap, the start-up banner with a few lines reworded and a FutureWarning,
//     and the scheduler lines the gap deferred.
//
// Incidents:
//   - 0:25, the metadata database unreachable for 3 minutes: Scheduler heartbeat failed
//     and scheduler loop OperationalError tracebacks (could not connect to server:
//     Connection refused), the scheduler exiting and crash-looping (banner, traceback,
//     back-off) until it starts again about 6 minutes in; the running tasks' heartbeats
//     failing, the tries ending meanwhile unable to record their state (Celery command
//     failed, Executor reports ... killed externally) and run again; the held-up runs.
//   - 1:00 to 1:50, crm_customers.transform failing on every run after a CRM schema
//     change: KeyError: 'customer_id' traceback, UP_FOR_RETRY, the retry failing too,
//     FAILED, load and refresh_marts upstream_failed, the run failed.
//   - 1:31 to 1:43, the worker OOM-killed: ml_features.build_features, handed three days
//     of history, climbs to the memory limit (RSS warnings); at 1:36 the container dies
//     with everything on it and restarts (gunicorn, Celery banner, ready); Celery hands
//     it the killed tries again, which find themselves running; five minutes later the
//     scheduler detects the zombies, build_features FAILED (no retries, its run failed),
//     the others retried; what waited for the worker runs late.
//   - 2:30 for 15 minutes, default_pool exhausted by stuck sensors: the landing buckets
//     stop filling and the vendor_feeds and etl_orders sensors poke without end, holding
//     slots; from 2:35 every scheduler loop finds 0 open slots and more task instances
//     ready, the third vendor_feeds run is held at max_active_tasks, the next at
//     max_active_runs; at 2:44 the buckets fill, the sensors succeed and the held tasks
//     run in a burst, their runs late.
var airflow = Family{
	Name:    "airflow",
	Role:    Tuning,
	Service: "Apache Airflow 2.9 scheduler and Celery worker on Kubernetes, Airflow's default log format with Python tracebacks",
	Lines:   airflowLines,
}

const (
	afDBDown   = "metadata database unreachable: scheduler loop and heartbeats failing, scheduler crash-looping"
	afKeyError = "crm_customers.transform failing on every run after an upstream schema change (KeyError 'customer_id')"
	afOOM      = "Celery worker OOM-killed mid-task: zombie tasks, worker restart, re-runs"
	afPool     = "default_pool exhausted by stuck S3 sensors: tasks not queued, runs piling up"
)

const (
	afHost     = "airflow-worker-0.airflow-worker.airflow.svc.cluster.local"
	afDagsDir  = "/opt/airflow/dags/"
	afRunLay   = "2006-01-02T15:04:05-07:00"
	afDateLay  = "2006-01-02 15:04:05-07:00"
	afExecTask = "airflow.providers.celery.executors.celery_executor_utils.execute_command"
	afPG       = "could not connect to server: Connection refused"
)

// afTask is one task of a DAG; a mapped task expands to several instances.
type afTask struct {
	id, op        string
	mapped        bool
	median        float64 // seconds
	prio, retries int
	// work writes the operator's own lines from at and returns how long it ran.
	work func(a *afLog, ti *afTI, at time.Time) time.Duration
}

type afDag struct {
	id, owner     string
	every, offset time.Duration // offset: a cron minute (ml_features at :30)
	maxTasks      int
	tasks         []*afTask
	from          time.Time
	tr            truth // a DAG deployed during the log carries the change
	hash          string
}

// afTI is a task instance, one try at a time.
type afTI struct {
	d           *afDag
	t           *afTask
	run         string
	logical     time.Time
	mi, try     int
	backfill    bool
	tr          truth
	job, pid    int
	cid         string
	queued, cut time.Time // cut: the worker was killed, nothing of this try from then on
}

type afLog struct {
	g                           *gen
	j                           *journal
	start, end                  time.Time
	dags                        []*afDag
	job, pid, schedJob, mgr     int
	newDag, backfill, upgrade   change
	dbDown, dbUp, crash, back   time.Time // the database outage and the scheduler's return
	crmFrom, crmFix             time.Time
	oomAt, workerBack, zombieAt time.Time
	poolAt, poolFull, poolFix   time.Time
	poolFree, upStop, upBack    time.Time
	up                          time.Time // the scheduler's first loop
}

func airflowLines(seed int64) []Line {
	start := time.Date(2024, 6, 17, 10, 0, 0, 0, time.UTC)
	g := newGen(seed, 22)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	a := &afLog{g: g, j: &journal{}, start: start, end: start.Add(Length),
		job: g.between(48000, 52000), pid: g.between(18000, 24000), schedJob: g.between(47000, 47900)}
	a.newDag = change{"new DAG inventory_snapshot deployed: parsed, registered, runs every 15 minutes", at(40, 5, 50)}
	a.backfill = change{"backfill of etl_orders for 30 past dates, started by an operator", at(79, 20, 59)}
	a.upgrade = change{"scheduler restarted after the Airflow 2.9.1 -> 2.9.2 upgrade", at(130, 10, 40)}
	a.dbDown = at(25, 5, 40)
	a.dbUp = a.dbDown.Add(3*time.Minute + a.ms(-15000, 20000))
	a.crmFrom, a.crmFix = at(59, 30, 55), at(114, 10, 40)
	a.oomAt = at(95, 40, 70)
	a.workerBack = a.oomAt.Add(a.ms(38000, 55000))
	a.zombieAt = a.oomAt.Add(5*time.Minute + a.ms(4000, 14000))
	a.poolAt, a.poolFull, a.poolFix = at(149, 20, 50), at(155, 15, 35), at(164, 10, 40)
	a.poolFree = a.poolFix.Add(a.ms(50000, 62000))
	a.upStop, a.upBack = a.upgrade.start, a.upgrade.start.Add(a.ms(48000, 70000))
	a.setup()
	a.up = a.schedulerStart(routine, start, false)
	a.outage()
	for _, d := range a.dags {
		a.schedule(d)
	}
	a.backfillRuns()
	a.workerRestart()
	a.poolLoop()
	a.restartForUpgrade()
	a.parsing()
	a.housekeeping()
	return a.j.sorted(a.end)
}

func (a *afLog) ms(lo, hi int) time.Duration {
	return time.Duration(a.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (a *afLog) secs(median, sigma float64) time.Duration {
	return time.Duration(a.g.lognormal(median, sigma) * float64(time.Second))
}

// log writes one record in Airflow's format; more are its continuation lines (a
// traceback, a listing).
func (a *afLog) log(tr truth, at time.Time, src, level, msg string, more ...string) {
	a.j.add(tr, at, append([]string{fmt.Sprintf("[%s] {%s} %s - %s", at.Format("2006-01-02T15:04:05.000-0700"), src, level, msg)}, more...)...)
}

// celery writes a record in Celery's own format, of the worker's main process or of
// one of its pool processes.
func (a *afLog) celery(tr truth, at time.Time, proc, level, msg string, more ...string) {
	a.j.add(tr, at, append([]string{fmt.Sprintf("[%s: %s/%s] %s", at.Format("2006-01-02 15:04:05,000"), level, proc, msg)}, more...)...)
}

// w writes a line of a task's try on the worker, unless the worker was killed by then;
// a proc makes it a Celery line.
func (a *afLog) w(ti *afTI, at time.Time, src, level, msg string, more ...string) {
	switch {
	case !ti.cut.IsZero() && !at.Before(ti.cut):
	case strings.HasSuffix(src, "Process") || strings.HasPrefix(src, "ForkPool"):
		a.celery(ti.tr, at, src, level, msg, more...)
	default:
		a.log(ti.tr, at, src, level, msg, more...)
	}
}

// afSeq is an INFO line written lo to hi milliseconds after the one before it.
type afSeq struct {
	lo, hi   int
	src, msg string
}

// seq writes lines one after another from t, as ti's or, with ti nil, with truth tr,
// and returns the time of the last.
func (a *afLog) seq(ti *afTI, tr truth, t time.Time, lines ...afSeq) time.Time {
	for _, l := range lines {
		t = t.Add(a.ms(l.lo, l.hi))
		if ti != nil {
			a.w(ti, t, l.src, "INFO", l.msg)
		} else {
			a.log(tr, t, l.src, "INFO", l.msg)
		}
	}
	return t
}

// slot moves a scheduler line from a time the scheduler was down to just after it came
// back, with the truth of what took it down.
func (a *afLog) slot(t time.Time, tr truth) (time.Time, truth) {
	switch {
	case t.Before(a.up):
		return a.up.Add(a.ms(0, 900)), tr
	case !t.Before(a.dbDown) && t.Before(a.back):
		return a.back.Add(a.ms(1500, 9000)), merge(tr, incident(afDBDown))
	case !t.Before(a.upStop) && t.Before(a.upBack):
		return a.upBack.Add(a.ms(1500, 9000)), merge(tr, a.upgrade.truth())
	}
	return t, tr
}

// down reports whether the scheduler (and its DAG file processors) was down at t.
func (a *afLog) down(t time.Time) bool {
	return !t.Before(a.dbDown) && t.Before(a.back) || !t.Before(a.upStop) && t.Before(a.upBack)
}

func (ti *afTI) key() string {
	return fmt.Sprintf("TaskInstanceKey(dag_id='%s', task_id='%s', run_id='%s', try_number=%d, map_index=%d)", ti.d.id, ti.t.id, ti.run, ti.try, ti.mi)
}

func (ti *afTI) repr(state string) string {
	m := ""
	if ti.t.mapped {
		m = fmt.Sprintf(" map_index=%d", ti.mi)
	}
	return fmt.Sprintf("<TaskInstance: %s.%s %s%s [%s]>", ti.d.id, ti.t.id, ti.run, m, state)
}

// cmd is the `airflow tasks run` command line of a try.
func (ti *afTI) cmd(extra ...string) string {
	args := append([]string{"airflow", "tasks", "run", ti.d.id, ti.t.id, ti.run}, extra...)
	args = append(args, "--subdir", "DAGS_FOLDER/"+ti.d.id+".py")
	if ti.t.mapped {
		args = append(args, "--map-index", fmt.Sprint(ti.mi))
	}
	return "['" + strings.Join(args, "', '") + "']"
}

// marking is the line a try writes when it records its final state.
func (ti *afTI) marking(state string, start, end time.Time) string {
	const f = "20060102T150405"
	m := ""
	if ti.t.mapped {
		m = fmt.Sprintf("map_index=%d, ", ti.mi)
	}
	return fmt.Sprintf("Marking task as %s. dag_id=%s, task_id=%s, run_id=%s, %sexecution_date=%s, start_date=%s, end_date=%s",
		state, ti.d.id, ti.t.id, ti.run, m, ti.logical.Format(f), start.Format(f), end.Format(f))
}

func (ti *afTI) file() string { return afDagsDir + ti.d.id + ".py" }

func afStamp(t time.Time) string { return t.Format("2006-01-02 15:04:05.000000-07:00") }

// jobAt is the id of a job started at t: the database hands them out in order.
func (a *afLog) jobAt(t time.Time) int {
	return a.job + int(t.Sub(a.start).Seconds()/2.9) + a.g.intn(3)
}

// workerPid is the pid of a task process forked at t, counting up from the worker
// container's start.
func (a *afLog) workerPid(t time.Time) int {
	if t.Before(a.workerBack) {
		return a.pid + int(t.Sub(a.start).Seconds()*2.7) + a.g.intn(60)
	}
	return 60 + int(t.Sub(a.workerBack).Seconds()*2.7) + a.g.intn(60)
}

// schedUp is when the scheduler container running at t started.
func (a *afLog) schedUp(t time.Time) time.Time {
	if !t.Before(a.upBack) {
		return a.upBack
	} else if !t.Before(a.back) {
		return a.back
	}
	return a.start
}

// schedule creates a DAG's runs: a run starts when its data interval ends.
func (a *afLog) schedule(d *afDag) {
	first := a.start.Truncate(d.every).Add(d.offset)
	for first.Before(a.start) || first.Before(d.from) {
		first = first.Add(d.every)
	}
	for t := first; t.Before(a.end); t = t.Add(d.every) {
		tr, logical := d.tr, t.Add(-d.every)
		if d.tasks[0].op == "S3KeySensor" && !t.Before(a.poolAt) && t.Before(a.poolFix) {
			tr = incident(afPool) // the landing bucket stopped filling: the run's sensors hang
		}
		if d.id == "vendor_feeds" && !t.Before(a.poolFix) && t.Before(a.poolFree) {
			// max_active_runs (3 of 3): the run is created once a stuck one finishes.
			t, tr = a.poolFree.Add(a.ms(2000, 9000)), incident(afPool)
		}
		a.dagRun(d, logical, t.Add(a.ms(150, 1400)), false, tr)
	}
}

// dagRun runs one DAG run, its tasks in order, and returns when it ended.
func (a *afLog) dagRun(d *afDag, logical, at time.Time, backfill bool, tr truth) time.Time {
	kind := "scheduled"
	if backfill {
		kind = "backfill"
	} else {
		at, tr = a.slot(at, tr)
		a.log(tr, at, "dag.py:3954", "INFO", fmt.Sprintf("Setting next_dagrun for %s to %s, run_after=%s", d.id, logical.Add(d.every).Format(afRunLay), logical.Add(2*d.every).Format(afRunLay)))
	}
	run := kind + "__" + logical.Format(afRunLay)
	queuedAt, ready := at, at.Add(a.ms(300, 1500))
	runStart := ready
	var failed []string
	for _, t := range d.tasks {
		if failed != nil { // the scheduler sets the rest upstream_failed
			ti := &afTI{d: d, t: t, run: run, logical: logical}
			var c [2]int
			c[min(len(failed), 2)-1] = 1
			if !backfill {
				a.log(tr, ready, "taskinstance.py:2193", "INFO", fmt.Sprintf("Dependencies not met for %s, dependency 'Trigger Rule' FAILED: Task's trigger rule 'all_success' requires all upstream tasks to have succeeded, but found 1 non-success(es). upstream_states=_UpstreamTIStates(success=0, skipped=0, failed=%d, upstream_failed=%d, removed=0, done=1, success_setup=0, skipped_setup=0), upstream_task_ids={'%s'}",
					ti.repr("upstream_failed"), c[0], c[1], failed[len(failed)-1]))
			}
			failed, ready = append(failed, t.id), ready.Add(a.ms(1, 8))
			continue
		}
		n := 1
		if t.mapped && d.id == "vendor_feeds" {
			n = len(afVendors)
		} else if t.mapped {
			n = a.g.between(60, 90)
		}
		var tis []*afTI
		for i := 0; i < n; i++ {
			mi := i
			if !t.mapped {
				mi = -1
			}
			tis = append(tis, &afTI{d: d, t: t, run: run, logical: logical, mi: mi, try: 1, backfill: backfill, tr: tr})
		}
		end, ok, str := a.stage(tis, ready)
		tr, ready = merge(tr, str), end.Add(a.ms(400, 2500))
		if !ok {
			failed = []string{t.id}
		}
	}
	if backfill {
		return ready
	}
	state := "successful"
	if failed != nil {
		state = "failed"
	}
	ready, tr = a.slot(ready, tr)
	a.log(tr, ready, "dagrun.py:854", "INFO", fmt.Sprintf("Marking run <DagRun %s @ %s: %s, state:running, queued at: %s. externally triggered: False> %s",
		d.id, logical.Format(afDateLay), run, afStamp(queuedAt), state))
	a.log(tr, ready.Add(a.ms(1, 6)), "dagrun.py:905", "INFO", fmt.Sprintf("DagRun Finished: dag_id=%s, execution_date=%s, run_id=%s, run_start_date=%s, run_end_date=%s, run_duration=%.6f, state=%s, external_trigger=False, run_type=scheduled, data_interval_start=%s, data_interval_end=%s, dag_hash=%s",
		d.id, logical.Format(afDateLay), run, afStamp(runStart), afStamp(ready), ready.Sub(runStart).Seconds(), strings.TrimSuffix(state, "ful"),
		logical.Format(afDateLay), logical.Add(d.every).Format(afDateLay), d.hash))
	return ready
}

// stage runs the instances of one task, the first wave queued together, the others as
// slots free up, and returns when the last ended, whether all succeeded, and the truth
// its lines ended up with.
func (a *afLog) stage(tis []*afTI, ready time.Time) (time.Time, bool, truth) {
	free := make([]time.Time, min(len(tis), tis[0].d.maxTasks))
	end, ok, tr, base := ready, true, tis[0].tr, tis[0].tr
	var held time.Time
	for i := 0; i < len(tis); {
		k, group := 0, tis[i:i+1] // the slot free first
		for s := range free {
			if free[s].Before(free[k]) {
				k = s
			}
		}
		if i == 0 {
			group, free[0] = tis[:len(free)], ready
		}
		for _, ti := range group { // queued after a held-up instance ended, held up too
			if !held.IsZero() && !free[k].Before(held) {
				ti.tr = merge(ti.tr, tr)
			}
		}
		qt := a.queue(group, free[k])
		for x, ti := range group {
			done, good := a.execute(ti, qt)
			free[k+x] = done.Add(a.ms(300, 1800))
			if ti.tr != base && (held.IsZero() || done.Before(held)) {
				held = done
			}
			if ok, tr = ok && good, merge(tr, ti.tr); done.After(end) {
				end = done
			}
		}
		i += len(group)
	}
	return end, ok, tr
}

// queue writes the scheduler queueing a group of task instances found ready at at
// (later if the scheduler was down or the pool full) and returns when they were sent.
func (a *afLog) queue(group []*afTI, at time.Time) time.Time {
	ti0 := group[0]
	tr := ti0.tr
	if !ti0.backfill {
		at, tr = a.slot(at, tr)
	}
	stuck := ti0.d.id == "vendor_feeds" && ti0.t.mapped && tr.incident == afPool
	if stuck && !ti0.logical.Before(a.poolAt.Truncate(5*time.Minute).Add(10*time.Minute)) {
		at = a.poolFree.Add(a.ms(500, 20_000)) // the third stuck run: held at max_active_tasks
	} else if !stuck && !at.Before(a.poolFull) && at.Before(a.poolFree) {
		at, tr = a.poolFree.Add(a.ms(0, 150_000)), merge(tr, incident(afPool))
	}
	for _, ti := range group {
		ti.tr = tr
	}
	if ti0.backfill {
		return at
	}
	var list []string
	for _, ti := range group {
		list = append(list, "\t"+ti.repr("scheduled"))
	}
	a.log(tr, at, "scheduler_job_runner.py:415", "INFO", fmt.Sprintf("%d tasks up for execution:", len(group)), list...)
	t := at.Add(a.ms(1, 5))
	for n, ti := range group {
		if ti.t.mapped && ti.mi >= ti.d.maxTasks { // the others of the wave still running
			n = ti.d.maxTasks - 1
		}
		a.log(tr, t, "scheduler_job_runner.py:478", "INFO", fmt.Sprintf("DAG %s has %d/%d running and queued tasks", ti.d.id, n, ti.d.maxTasks))
	}
	a.log(tr, t.Add(a.ms(1, 4)), "scheduler_job_runner.py:594", "INFO", "Setting the following tasks to queued state:", list...)
	t = t.Add(a.ms(5, 30))
	for _, ti := range group {
		ti.queued, ti.cid = t, a.g.uuid()
		a.log(tr, t, "scheduler_job_runner.py:637", "INFO", fmt.Sprintf("Sending %s to CeleryExecutor with priority %d and queue default", ti.key(), ti.t.prio))
		a.log(tr, t, "base_executor.py:146", "INFO", "Adding to queue: "+ti.cmd("--local"))
		t = t.Add(a.ms(0, 3))
	}
	t = t.Add(a.ms(20, 200))
	for _, ti := range group {
		a.log(tr, t, "scheduler_job_runner.py:692", "INFO", "Received executor event with state queued for task instance "+ti.key())
		a.log(tr, t.Add(a.ms(1, 3)), "scheduler_job_runner.py:729", "INFO", fmt.Sprintf("Setting external_id for %s to %s", ti.repr("queued"), ti.cid))
		t = t.Add(a.ms(1, 5))
	}
	return at.Add(a.ms(10, 60))
}

// execute runs a task instance sent at qt on the worker, with its retries, and returns
// when it ended and whether it succeeded.
func (a *afLog) execute(ti *afTI, qt time.Time) (time.Time, bool) {
	for {
		if ti.cid == "" {
			ti.cid = a.g.uuid()
		}
		ws := qt.Add(a.ms(20, 400))
		switch {
		case !ws.Before(a.oomAt) && ws.Before(a.workerBack): // waits in Redis for the new worker
			ws, ti.tr = a.workerBack.Add(a.ms(6000, 25000)), merge(ti.tr, incident(afOOM))
		case !ws.Before(a.dbDown) && ws.Before(a.dbUp):
			ws, ti.tr = a.back.Add(a.ms(3000, 9000)), merge(ti.tr, incident(afDBDown))
		}
		ti.cut = time.Time{}
		if ws.Before(a.oomAt) {
			ti.cut = a.oomAt
		}
		crm := ti.d.id == "crm_customers" && ti.t.id == "transform" && !ti.logical.Before(a.crmFrom.Add(-5*time.Minute)) && ti.logical.Before(a.crmFix.Add(-5*time.Minute))
		if crm {
			ti.tr = merge(ti.tr, incident(afKeyError))
		}
		if ti.t.id == "build_features" && within(ws, a.oomAt.Add(-8*time.Minute), 8*time.Minute) {
			ti.tr = merge(ti.tr, incident(afOOM))
		}
		at := a.taskStart(ti, ws)
		var end time.Time
		var exc []string
		switch {
		case crm:
			end = at.Add(a.ms(600, 1800))
			a.w(ti, at.Add(a.ms(20, 300)), "crm_customers.py:62", "INFO", fmt.Sprintf("Mapping %d records to dim_customer", a.g.between(80, 900)))
			exc = afTrace(ti.file(), 67, "transform", `"customer_key": rec["customer_id"],`, `                ~~~^^^^^^^^^^^^^^^`, "KeyError: 'customer_id'")
		case ti.try == 1 && !ti.backfill && strings.Contains(ti.t.op, "Python") && a.g.chance(0.003):
			end, exc = at.Add(a.ms(2000, 9000)), a.transient(ti)
		default:
			end = at.Add(ti.t.work(a, ti, at))
		}
		if hb := a.dbDown.Add(a.ms(500, 5000)); hb.After(at) && hb.Before(end) {
			a.log(incident(afDBDown), hb, "job.py:218", "ERROR", "LocalTaskJob heartbeat got an exception", afDBTrace("airflow/jobs/job.py", 195, "heartbeat", "session.merge(self)")...)
		}
		state := "SUCCESS"
		switch {
		case !ti.cut.IsZero() && !end.Add(2*time.Second).Before(ti.cut):
			if qt = a.killed(ti, ws); qt.IsZero() {
				return a.zombieAt, false
			}
			continue
		case exc == nil && !end.Before(a.dbDown) && end.Before(a.dbUp): // the state cannot be recorded
			ti.tr = incident(afDBDown)
			a.taskEnd(ti, ws, end, "", afDBTrace("airflow/models/taskinstance.py", 2424, "_run_raw_task", "session.commit()"))
			qt = a.queue([]*afTI{ti}, a.back.Add(a.ms(4000, 12000)))
			continue
		case exc == nil:
		case ti.try > ti.t.retries:
			state = "FAILED"
		default:
			state = "UP_FOR_RETRY"
		}
		if end = a.taskEnd(ti, ws, end, state, exc); state != "UP_FOR_RETRY" {
			return end, state == "SUCCESS"
		}
		ti.try++
		qt = a.queue([]*afTI{ti}, end.Add(a.ms(2000, 4000)+time.Duration(ti.t.retryDelay())*time.Second))
	}
}

// retryDelay is the task's retry_delay in seconds.
func (t *afTask) retryDelay() int {
	if t.op == "S3KeySensor" {
		return 300
	}
	return 60
}

// taskStart writes the worker's lines from the Celery message to the operator's start
// and returns when the operator starts.
func (a *afLog) taskStart(ti *afTI, ws time.Time) time.Time {
	ti.job, ti.pid = a.jobAt(ws), a.workerPid(ws)
	a.w(ti, ws, "MainProcess", "INFO", fmt.Sprintf("Task %s[%s] received", afExecTask, ti.cid))
	raw := ti.cmd("--job-id", fmt.Sprint(ti.job), "--raw")
	return a.seq(ti, ti.tr, ws,
		afSeq{2, 9, "celery_executor_utils.py:139", fmt.Sprintf("[%s] Executing command in Celery: %s", ti.cid, ti.cmd("--local"))},
		afSeq{900, 2200, "dagbag.py:545", "Filling up the DagBag from " + ti.file()},
		afSeq{150, 700, "task_command.py:426", fmt.Sprintf("Running %s on host %s", ti.repr("queued"), afHost)},
		afSeq{40, 160, "local_task_job_runner.py:120", "::group::Pre task execution logs"},
		afSeq{5, 30, "taskinstance.py:2076", "Dependencies all met for dep_context=non-requeueable deps ti=" + ti.repr("queued")},
		afSeq{2, 9, "taskinstance.py:2076", "Dependencies all met for dep_context=requeueable deps ti=" + ti.repr("queued")},
		afSeq{8, 20, "taskinstance.py:2306", fmt.Sprintf("Starting attempt %d of %d", ti.try, ti.t.retries+1)},
		afSeq{10, 40, "taskinstance.py:2330", fmt.Sprintf("Executing <Task(%s): %s> on %s", ti.t.op, ti.t.id, ti.logical.Format(afDateLay))},
		afSeq{3, 12, "standard_task_runner.py:63", fmt.Sprintf("Started process %d to run task", ti.pid)},
		afSeq{2, 8, "standard_task_runner.py:90", "Running: " + strings.TrimSuffix(raw, "]") + ", '--cfg-path', '/tmp/tmp" + a.g.alnum(8) + "']"},
		afSeq{0, 2, "standard_task_runner.py:91", fmt.Sprintf("Job %d: Subtask %s", ti.job, ti.t.id)},
		afSeq{600, 1500, "task_command.py:426", fmt.Sprintf("Running %s on host %s", ti.repr("running"), afHost)},
		afSeq{60, 200, "taskinstance.py:2648", fmt.Sprintf("Exporting env vars: AIRFLOW_CTX_DAG_OWNER='%s' AIRFLOW_CTX_DAG_ID='%s' AIRFLOW_CTX_TASK_ID='%s' AIRFLOW_CTX_EXECUTION_DATE='%s' AIRFLOW_CTX_TRY_NUMBER='%d' AIRFLOW_CTX_DAG_RUN_ID='%s'",
			ti.d.owner, ti.d.id, ti.t.id, ti.logical.Format(afRunLay), ti.try, ti.run)},
		afSeq{1, 3, "taskinstance.py:430", "::endgroup::"}).Add(a.ms(1, 20))
}

// taskEnd writes the end of a try, the worker's and then the scheduler's: SUCCESS, a
// failure (exc its traceback) marked UP_FOR_RETRY or FAILED, or, with state "", a try
// that could not record its state at all. It returns when the scheduler (or the
// backfill job) learnt of it.
func (a *afLog) taskEnd(ti *afTI, ws, end time.Time, state string, exc []string) time.Time {
	code, exec, proc := 0, "success", fmt.Sprintf("ForkPoolWorker-%d", 1+ti.pid%16)
	t := a.seq(ti, ti.tr, end, afSeq{1, 5, "taskinstance.py:441", "::group::Post task execution logs"})
	if exc != nil {
		code, exec = 1, "failed"
		if state != "" {
			a.w(ti, end, "taskinstance.py:2905", "ERROR", "Task failed with exception", exc...)
		}
	}
	if state != "" {
		a.w(ti, t.Add(a.ms(0, 2)), "taskinstance.py:1206", "INFO", ti.marking(state, ws, t))
	}
	t = t.Add(a.ms(30, 200))
	if exc != nil {
		why, tb := exc[len(exc)-1], exc[:0]
		if why = why[strings.Index(why, ": ")+2:]; state == "" {
			why, tb = "(psycopg2.OperationalError) "+afPG, exc
		}
		a.w(ti, t, "standard_task_runner.py:110", "ERROR", fmt.Sprintf("Failed to execute job %d for task %s (%s; %d)", ti.job, ti.t.id, why, ti.pid), tb...)
	}
	t = a.seq(ti, ti.tr, t, afSeq{150, 900, "local_task_job_runner.py:240", fmt.Sprintf("Task exited with return code %d", code)})
	if state != "" {
		t = a.seq(ti, ti.tr, t, afSeq{15, 90, "taskinstance.py:3498", fmt.Sprintf("%d downstream tasks scheduled from follow-on schedule check", a.g.intn(2)*(1-code))})
	}
	t = a.seq(ti, ti.tr, t, afSeq{0, 2, "local_task_job_runner.py:222", "::endgroup::"}).Add(a.ms(20, 120))
	if code == 0 {
		a.w(ti, t, proc, "INFO", fmt.Sprintf("Task %s[%s] succeeded in %.9fs: None", afExecTask, ti.cid, t.Sub(ws).Seconds()))
	} else {
		msg := fmt.Sprintf("Celery command failed on host: %s with celery_task_id %s", afHost, ti.cid)
		a.w(ti, t, "celery_executor_utils.py:190", "ERROR", msg)
		const cel = `  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/providers/celery/executors/celery_executor_utils.py", line `
		a.w(ti, t.Add(a.ms(1, 4)), proc, "ERROR", fmt.Sprintf("Task %s[%s] raised unexpected: AirflowException('%s')", afExecTask, ti.cid, msg), "Traceback (most recent call last):",
			`  File "/home/airflow/.local/lib/python3.11/site-packages/celery/app/trace.py", line 453, in trace_task`, "    R = retval = fun(*args, **kwargs)",
			cel+"136, in execute_command", "    _execute_in_fork(command_to_exec, celery_task_id)", cel+"151, in _execute_in_fork", "    raise AirflowException(msg)",
			"airflow.exceptions.AirflowException: "+msg)
	}
	if ti.backfill {
		return t
	}
	ended := strings.ToLower(state)
	if state == "" {
		ended = "running"
	}
	at, tr := a.slot(t.Add(a.ms(200, 1500)), ti.tr)
	a.log(tr, at, "scheduler_job_runner.py:692", "INFO", fmt.Sprintf("Received executor event with state %s for task instance %s", exec, ti.key()))
	a.log(tr, at.Add(a.ms(2, 9)), "scheduler_job_runner.py:729", "INFO", fmt.Sprintf("TaskInstance Finished: dag_id=%s, task_id=%s, run_id=%s, map_index=%d, run_start_date=%s, run_end_date=%s, run_duration=%.6f, state=%s, executor_state=%s, try_number=%d, max_tries=%d, job_id=%d, pool=default_pool, queue=default, priority_weight=%d, operator=%s, queued_dttm=%s, queued_by_job_id=%d, pid=%d",
		ti.d.id, ti.t.id, ti.run, ti.mi, afStamp(ws), afStamp(end), end.Sub(ws).Seconds(), ended, exec, ti.try, ti.t.retries, ti.job, ti.t.prio, ti.t.op, afStamp(ti.queued), a.schedJob+int(a.schedUp(ti.queued).Sub(a.start).Seconds()/2.9), ti.pid))
	if state == "" {
		a.log(tr, at.Add(a.ms(3, 9)), "scheduler_job_runner.py:774", "ERROR", fmt.Sprintf("Executor reports task instance %s finished (failed) although the task says it's running. (Info: None) Was the task killed externally?", ti.repr("running")))
	}
	return at.Add(a.ms(10, 30))
}

var afBanner = []string{
	"  ____________       _____________",
	" ____    |__( )_________  __/__  /________      __",
	"____  /| |_  /__  ___/_  /_ __  /_  __ \\_ | /| / /",
	"___  ___ |  / _  /   _  __/ _  / / /_/ /_ |/ |/ /",
	" _/_/  |_/_/  /_/    /_/    /_/  \\____/____/|__/",
}

// schedulerStart is the scheduler container's start-up; 2.9.2 words a few lines
// differently. It returns when the scheduler loop runs.
func (a *afLog) schedulerStart(tr truth, at time.Time, restart bool) time.Time {
	upgraded := !at.Before(a.upStop)
	v := func(old, new string) string {
		if upgraded {
			return new
		}
		return old
	}
	a.j.add(tr, at, afBanner...)
	if a.mgr = a.g.between(95, 130); upgraded {
		a.log(tr, at.Add(a.ms(5, 15)), "logging_mixin.py:188", "WARNING", "/home/airflow/.local/lib/python3.11/site-packages/airflow/configuration.py:859 FutureWarning: section/key [core/sql_alchemy_conn] has been deprecated, you should use[database/sql_alchemy_conn] instead. Please update your `conf.get*` call to use the new name")
	}
	t := a.seq(nil, tr, at,
		afSeq{20, 80, v("executor_loader.py:235", "executor_loader.py:236"), v("Loaded executor: CeleryExecutor", "Loaded executor: CeleryExecutor (core)")},
		afSeq{50, 200, v("scheduler_job_runner.py:799", "scheduler_job_runner.py:801"), "Starting the scheduler"},
		afSeq{0, 2, v("scheduler_job_runner.py:806", "scheduler_job_runner.py:808"), v("Processing each file at most -1 times", "Processing each file at most -1 times (num_runs)")},
		afSeq{20, 90, "manager.py:170", fmt.Sprintf("Launched DagFileProcessorManager with pid: %d", a.mgr)},
		afSeq{20, 90, "scheduler_job_runner.py:1608", "Adopting or resetting orphaned tasks for active dag runs"})
	if restart {
		t = a.seq(nil, tr, t, afSeq{10, 40, "scheduler_job_runner.py:1631", "Marked 1 SchedulerJob instances as failed"})
	}
	t = a.seq(nil, tr, t, afSeq{30, 300, v("settings.py:60", "settings.py:63"), v("Configured default timezone UTC", "Configured default timezone Timezone('UTC')")})
	return t.Add(a.ms(300, 900))
}

// parsing is the DagFileProcessorManager parsing every DAG file every 30 s (a warning
// of a deprecated argument now and then), and its stats table every 30 s.
func (a *afLog) parsing() {
	for _, d := range a.dags {
		first := a.start.Add(a.ms(1000, 30000))
		if d.from.After(first) {
			first = a.seq(nil, d.tr, d.from, afSeq{0, 0, "dag.py:3085", "Sync 1 DAGs"}, afSeq{200, 400, "dag.py:3106", "Creating ORM DAG for " + d.id}).Add(a.ms(300, 900))
		}
		a.g.every(first, a.end, 30*time.Second, 2*time.Second, func(t time.Time) {
			if a.down(t) {
				return
			}
			file, took := afDagsDir+d.id+".py", a.g.lognormal(0.35, 0.4)
			t = a.seq(nil, d.tr, t, afSeq{0, 0, "processor.py:161", fmt.Sprintf("Started process (PID=%d) to work on %s", 220+int(t.Sub(a.schedUp(t)).Seconds()*0.9)+a.g.intn(3), file)},
				afSeq{30, 90, "processor.py:830", fmt.Sprintf("Processing file %s for tasks to queue", file)},
				afSeq{0, 2, "dagbag.py:545", "Filling up the DagBag from " + file})
			switch {
			case d.id == "reports_hourly" && a.g.chance(0.07):
				a.log(d.tr, t.Add(a.ms(100, 200)), "logging_mixin.py:188", "WARNING", file+":21 RemovedInAirflow3Warning: Param `schedule_interval` is deprecated and will be removed in a future release. Please use `schedule` instead.")
			case d.id == "ml_features" && a.g.chance(0.04):
				a.log(d.tr, t.Add(a.ms(100, 200)), "logging_mixin.py:188", "WARNING", file+":17 DeprecationWarning: datetime.datetime.utcnow() is deprecated and scheduled for removal in a future version. Use timezone-aware objects to represent datetimes in UTC: datetime.datetime.now(datetime.UTC).")
			}
			ms := int(took * 1000)
			a.seq(nil, d.tr, t, afSeq{ms * 8 / 10, ms * 8 / 10, "processor.py:840", fmt.Sprintf("DAG(s) '%s' retrieved from %s", d.id, file)},
				afSeq{ms / 5, ms / 5, "processor.py:183", fmt.Sprintf("Processing %s took %.3f seconds", file, took)})
		})
	}
	a.g.every(a.start.Add(a.ms(20000, 30000)), a.end, 30*time.Second, 500*time.Millisecond, func(t time.Time) {
		if a.down(t) {
			return
		}
		a.log(routine, t, "manager.py:997", "INFO", "", strings.Repeat("=", 80), "DAG File Processing Stats",
			"File Path                                    PID  Runtime      # DAGs    # Errors  Last Runtime    Last Run",
			"-----------------------------------------  -----  ---------  --------  ----------  --------------  -------------------")
		for _, d := range a.dags {
			if d.from.Before(t) {
				a.j.add(d.tr, t, fmt.Sprintf("%-41s  %5s  %-9s  %8d  %10d  %-14s  %s", afDagsDir+d.id+".py", "", "", 1, 0,
					fmt.Sprintf("%.2fs", a.g.lognormal(0.35, 0.4)), t.Add(-a.ms(0, 30000)).Format("2006-01-02T15:04:05")))
			}
		}
		a.j.add(routine, t, strings.Repeat("=", 80))
	})
}

// housekeeping is the kubelet's liveness probe on the health check server and the
// orphaned tasks check every 5 minutes.
func (a *afLog) housekeeping() {
	a.g.every(a.start.Add(a.ms(3000, 15000)), a.end, 15*time.Second, 300*time.Millisecond, func(t time.Time) {
		tr, code := routine, 200
		if !t.Before(a.dbDown) && t.Before(a.crash) {
			tr, code = incident(afDBDown), 503
		} else if a.down(t) {
			return
		}
		a.j.add(tr, t, fmt.Sprintf("10.0.12.4 - - [%s] \"GET /health HTTP/1.1\" %d -", t.Format("02/Jan/2006 15:04:05"), code))
	})
	a.g.every(a.start.Add(5*time.Minute), a.end, 5*time.Minute, 2*time.Second, func(t time.Time) {
		if !a.down(t) {
			a.log(routine, t, "scheduler_job_runner.py:1608", "INFO", "Adopting or resetting orphaned tasks for active dag runs")
		}
	})
}

// afDBTrace is the traceback of a connection the database refused, raised in an
// Airflow function.
func afDBTrace(file string, line int, fn, code string) []string {
	const sa = `  File "/home/airflow/.local/lib/python3.11/site-packages/sqlalchemy/`
	host := []string{"\tIs the server running on host \"airflow-postgresql.airflow.svc.cluster.local\" (10.96.112.40) and accepting", "\tTCP/IP connections on port 5432?"}
	l := append([]string{"Traceback (most recent call last):", sa + `engine/base.py", line 3371, in _wrap_pool_connect`, "    return fn()",
		`  File "/home/airflow/.local/lib/python3.11/site-packages/psycopg2/__init__.py", line 122, in connect`,
		"    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)", "psycopg2.OperationalError: " + afPG}, host...)
	l = append(l, "The above exception was the direct cause of the following exception:", "Traceback (most recent call last):",
		fmt.Sprintf(`  File "/home/airflow/.local/lib/python3.11/site-packages/%s", line %d, in %s`, file, line, fn), "    "+code,
		sa+`orm/session.py", line 1717, in execute`, "    conn = self._connection_for_bind(bind)",
		sa+`engine/base.py", line 3325, in raw_connection`, "    return self._wrap_pool_connect(self.pool.connect, _connection)",
		"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) "+afPG)
	return append(append(l, host...), "(Background on this error at: https://sqlalche.me/e/14/e3q8)")
}

// afTrace is the traceback of an exception a PythonOperator's callable raised: its
// frame's code lines, then the exception.
func afTrace(file string, line int, fn string, code ...string) []string {
	const af = `  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/`
	l := []string{"Traceback (most recent call last):",
		af + `models/taskinstance.py", line 465, in _execute_task`, "    result = _execute_callable(context=context, **execute_callable_kwargs)",
		af + `operators/python.py", line 235, in execute`, "    return_value = self.execute_callable()",
		af + `operators/python.py", line 252, in execute_callable`, "    return self.python_callable(*self.op_args, **self.op_kwargs)",
		fmt.Sprintf(`  File "%s", line %d, in %s`, file, line, fn)}
	for _, c := range code[:len(code)-1] {
		if !strings.HasPrefix(c, "  File") {
			c = "    " + c
		}
		l = append(l, c)
	}
	return append(l, code[len(code)-1])
}

// transient is a failure a retry gets past: a 503 of the CRM API, a serialization
// failure in the warehouse.
func (a *afLog) transient(ti *afTI) []string {
	if ti.d.id == "crm_customers" {
		return afTrace(ti.file(), 38, ti.t.id, "resp.raise_for_status()", `  File "/home/airflow/.local/lib/python3.11/site-packages/requests/models.py", line 1021, in raise_for_status`,
			"raise HTTPError(http_error_msg, response=self)", "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api.crm.example.com/v2/customers?updated_since="+ti.logical.Format(afRunLay))
	}
	return afTrace(ti.file(), 107, ti.t.id, "cur.execute(MERGE_SQL)", "psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update")
}

// outage: the metadata database goes away for three minutes. The scheduler's heartbeat
// and loop fail, it exits, and Kubernetes restarts it with a growing back-off until the
// database answers again.
func (a *afLog) outage() {
	tr := incident(afDBDown)
	a.log(tr, a.dbDown.Add(a.ms(300, 4500)), "job.py:218", "ERROR", "Scheduler heartbeat failed with error", afDBTrace("airflow/jobs/job.py", 195, "heartbeat", "session.merge(self)")...)
	a.crash = a.dbDown.Add(a.ms(6000, 14000))
	loop := afDBTrace("airflow/jobs/scheduler_job_runner.py", 1156, "_do_scheduling", "callback_tuples = self._schedule_all_dag_runs(guard, dag_runs, session)")
	a.log(tr, a.crash, "scheduler_job_runner.py:851", "ERROR", "Exception when executing SchedulerJob._run_scheduler_loop", loop...)
	t := a.seq(nil, tr, a.crash, afSeq{20, 90, "manager.py:292", "Sending termination message to manager."}, afSeq{2, 20, "scheduler_job_runner.py:877", "Exited execute loop"})
	a.j.add(tr, t.Add(a.ms(30, 120)), loop...)
	for wait := 10 * time.Second; ; wait *= 2 {
		if t = t.Add(wait + a.ms(4000, 7000)); !t.Before(a.dbUp) {
			break
		}
		a.j.add(tr, t, afBanner...)
		a.j.add(tr, t.Add(a.ms(700, 1400)), afDBTrace("airflow/jobs/job.py", 280, "prepare_for_execution", "session.commit()")...)
	}
	a.back = a.schedulerStart(tr, t, true)
}

// killed: the worker died under a try. Celery delivers its message again to the new
// worker, which finds the try still running; five minutes on the scheduler detects the
// zombie and fails the try, to be retried if it may. It returns when the retry was
// queued, or zero.
func (a *afLog) killed(ti *afTI, ws time.Time) time.Time {
	ti.tr, ti.cut = merge(ti.tr, incident(afOOM)), time.Time{}
	t := a.workerBack.Add(a.ms(2500, 9000))
	a.w(ti, t, "MainProcess", "INFO", fmt.Sprintf("Task %s[%s] received", afExecTask, ti.cid))
	t = a.seq(ti, ti.tr, t, afSeq{2, 9, "celery_executor_utils.py:139", fmt.Sprintf("[%s] Executing command in Celery: %s", ti.cid, ti.cmd("--local"))},
		afSeq{1200, 2600, "dagbag.py:545", "Filling up the DagBag from " + ti.file()},
		afSeq{150, 700, "task_command.py:426", fmt.Sprintf("Running %s on host %s", ti.repr("running"), afHost)},
		afSeq{20, 60, "taskinstance.py:2066", fmt.Sprintf("Dependencies not met for %s, dependency 'Task Instance State' FAILED: Task is in the 'running' state.", ti.repr("running"))})
	a.w(ti, t.Add(a.ms(300, 900)), fmt.Sprintf("ForkPoolWorker-%d", a.g.between(1, 16)), "INFO", fmt.Sprintf("Task %s[%s] succeeded in %.9fs: None", afExecTask, ti.cid, a.g.lognormal(3, 0.2)))
	z, mi := a.zombieAt.Add(a.ms(0, 60)), ""
	if ti.t.mapped {
		mi = fmt.Sprintf("'Map Index': %d, ", ti.mi)
	}
	a.log(ti.tr, z, "scheduler_job_runner.py:1745", "ERROR", fmt.Sprintf(`Detected zombie job: {'full_filepath': '%s', 'processor_subdir': '/opt/airflow/dags', 'msg': "{'DAG Id': '%s', 'Task Id': '%s', 'Run Id': '%s', %s'Hostname': '%s', 'External Executor Id': '%s'}", 'simple_task_instance': <airflow.models.taskinstance.SimpleTaskInstance object at 0x7f%s>, 'is_failure_callback': True}`,
		ti.file(), ti.d.id, ti.t.id, ti.run, mi, afHost, ti.cid, a.g.hex(10)))
	state := "UP_FOR_RETRY"
	if ti.try > ti.t.retries {
		state = "FAILED"
	}
	z = z.Add(a.ms(400, 3000))
	a.log(ti.tr, z, "taskinstance.py:1206", "INFO", ti.marking(state, ws, z))
	if state == "FAILED" {
		return time.Time{}
	}
	ti.try++
	return a.queue([]*afTI{ti}, z.Add(time.Duration(ti.t.retryDelay())*time.Second+a.ms(500, 3000)))
}

// workerRestart: Kubernetes restarts the OOM-killed worker container.
func (a *afLog) workerRestart() {
	tr := incident(afOOM)
	t := a.workerBack.Add(-a.ms(9000, 12000))
	for i, m := range []string{"Starting gunicorn 21.2.0", "Listening at: http://[::]:8793 (22)", "Using worker: sync", "Booting worker with pid: 23"} {
		t = t.Add(a.ms(2, 9))
		a.j.add(tr, t, fmt.Sprintf("[%s] [%d] [INFO] %s", t.Format("2006-01-02 15:04:05 -0700"), 22+i/3, m))
	}
	t = t.Add(a.ms(4000, 6000))
	a.j.add(tr, t, " -------------- celery@airflow-worker-0 v5.3.6 (emerald-rush)", "--- ***** ----- ",
		"-- ******* ---- Linux-5.15.0-1061-aws-x86_64-with-glibc2.36 "+t.Format("2006-01-02 15:04:05"), "- *** --- * --- ",
		"- ** ---------- [config]", "- ** ---------- .> app:         airflow.providers.celery.executors.celery_executor:0x7f"+a.g.hex(9),
		"- ** ---------- .> transport:   redis://:**@airflow-redis:6379/0", "- ** ---------- .> results:     postgresql://airflow:**@airflow-postgresql:5432/airflow",
		"- *** --- * --- .> concurrency: 16 (prefork)", "-- ******* ---- .> task events: OFF (enable -E to monitor tasks in this worker)",
		"--- ***** ----- ", " -------------- [queues]", "                .> default          exchange=default(direct) key=default",
		"[tasks]", "  . "+afExecTask)
	t = t.Add(a.ms(1500, 3000))
	for i, m := range []string{"Connected to redis://:**@airflow-redis:6379/0", "mingle: searching for neighbors", "mingle: all alone"} {
		a.celery(tr, t.Add(time.Duration(i)*a.ms(10, 1030)), "MainProcess", "INFO", m)
	}
	a.celery(tr, a.workerBack, "MainProcess", "INFO", "celery@airflow-worker-0 ready.")
}

// poolLoop: every scheduler loop finds no open slot in default_pool while the sensors
// hang; the third stuck run of vendor_feeds is held at max_active_tasks, the next run
// at max_active_runs.
func (a *afLog) poolLoop() {
	tr := incident(afPool)
	third := a.poolAt.Truncate(5 * time.Minute).Add(15 * time.Minute)
	for t, n := a.poolFull, 12; t.Before(a.poolFree); t = t.Add(a.ms(2500, 6000)) {
		a.log(tr, t, "scheduler_job_runner.py:427", "INFO", fmt.Sprintf("Figuring out tasks to run in Pool(name=default_pool) with 0 open slots and %d task instances ready to be queued", n))
		a.log(tr, t.Add(a.ms(0, 2)), "scheduler_job_runner.py:448", "INFO", "Not scheduling since there are 0 open slots in pool default_pool")
		n = min(80, n+a.g.intn(3))
		if t.After(third) && a.g.chance(0.3) {
			for i := range afVendors {
				ti := &afTI{d: a.dags[3], t: a.dags[3].tasks[0], run: "scheduled__" + third.Add(-5*time.Minute).Format(afRunLay), mi: i}
				a.log(tr, t.Add(a.ms(3, 6)), "scheduler_job_runner.py:507", "INFO", fmt.Sprintf("Not executing %s since the number of tasks running or queued from DAG vendor_feeds is >= to the DAG's max_active_tasks of 16", ti.repr("scheduled")))
			}
		}
		if !t.Before(third.Add(5*time.Minute)) && a.g.chance(0.5) {
			a.log(tr, t.Add(a.ms(6, 9)), "scheduler_job_runner.py:1349", "INFO", "DAG vendor_feeds is at (or above) max_active_runs (3 of 3), not creating any more runs")
		}
	}
}

// restartForUpgrade: the scheduler Deployment rolled to the 2.9.2 image.
func (a *afLog) restartForUpgrade() {
	tr, mgr := a.upgrade.truth(), a.mgr
	a.seq(nil, tr, a.upStop, afSeq{0, 0, "scheduler_job_runner.py:261", "Exiting gracefully upon receiving signal 15"},
		afSeq{1, 5, "process_utils.py:132", fmt.Sprintf("Sending Signals.SIGTERM to group %d. PIDs of all processes in the group: [%d]", mgr, mgr)},
		afSeq{3, 5, "process_utils.py:87", fmt.Sprintf("Sending the signal Signals.SIGTERM to group %d", mgr)},
		afSeq{300, 700, "process_utils.py:80", fmt.Sprintf("Process psutil.Process(pid=%d, status='terminated', exitcode=0, started='%s') (%d) terminated with exit code 0", mgr, a.back.Format("15:04:05"), mgr)},
		afSeq{200, 400, "scheduler_job_runner.py:877", "Exited execute loop"})
	a.schedulerStart(tr, a.upBack.Add(-a.ms(1500, 2500)), true)
}

// backfillRuns: `airflow dags backfill etl_orders` for the 30 days whose exports were
// re-issued, three runs at a time; the backfill job queues its tasks to the worker
// itself.
func (a *afLog) backfillRuns() {
	lanes := []time.Time{a.backfill.start, a.backfill.start, a.backfill.start}
	day := time.Date(2024, 5, 18, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		k := 0
		for l := range lanes {
			if lanes[l].Before(lanes[k]) {
				k = l
			}
		}
		lanes[k] = a.dagRun(a.dags[0], day.AddDate(0, 0, i), lanes[k].Add(a.ms(500, 3000)), true, a.backfill.truth())
	}
}

// afStep is one line of an operator's progress.
type afStep struct{ src, msg string }

// afPy is a PythonOperator task whose callable logs its steps, spread over its run.
func afPy(id string, median float64, prio int, steps func(a *afLog, ti *afTI) []afStep) *afTask {
	t := &afTask{id: id, op: "PythonOperator", median: median, prio: prio, retries: 2}
	t.work = func(a *afLog, ti *afTI, at time.Time) time.Duration {
		d := a.secs(t.median, 0.35)
		if ti.backfill { // a whole day of orders
			d = d * 5 / 4
		}
		for i, s := range steps(a, ti) {
			a.w(ti, at.Add(d*time.Duration(i)/4+a.ms(2, 60)), s.src, "INFO", s.msg)
		}
		a.w(ti, at.Add(d), "python.py:237", "INFO", "Done. Returned value was: None")
		return d
	}
	return t
}

// afSQL runs statements against the warehouse.
func afSQL(id string, median float64, prio int, sql ...string) *afTask {
	t := &afTask{id: id, op: "SQLExecuteQueryOperator", median: median, prio: prio, retries: 2}
	t.work = func(a *afLog, ti *afTI, at time.Time) time.Duration {
		d := a.secs(t.median, 0.4)
		lines := []afSeq{{2, 30, "sql.py:276", "Executing: " + sql[0]}, {5, 40, "base.py:84", "Using connection ID 'dwh' for task execution."}}
		for _, q := range sql {
			ms := int(d.Milliseconds()) / len(sql)
			lines = append(lines, afSeq{5, 20, "sql.py:470", "Running statement: " + q + ", parameters: None"}, afSeq{ms * 8 / 10, ms, "sql.py:479", fmt.Sprintf("Rows affected: %d", a.g.between(40, 30000))})
		}
		return a.seq(ti, ti.tr, at, lines...).Sub(at)
	}
	return t
}

// afSensor pokes for a file every minute until it is there.
func afSensor(id string, prio int, key func(ti *afTI) string) *afTask {
	t := &afTask{id: id, op: "S3KeySensor", prio: prio}
	t.work = func(a *afLog, ti *afTI, at time.Time) time.Duration {
		pokes := 1
		if ti.tr.incident == afPool && at.Before(a.poolFix) { // until the bucket fills again
			pokes = 2 + int(a.poolFix.Sub(at)/time.Minute)
		}
		for ti.tr.incident == "" && !ti.backfill && pokes < 4 && a.g.chance(0.35) {
			pokes++
		}
		t := a.seq(ti, ti.tr, at, afSeq{5, 40, "base.py:84", "Using connection ID 'aws_default' for task execution."},
			afSeq{30, 60, "connection_wrapper.py:388", "AWS Connection (conn_id='aws_default', conn_type='aws') credentials retrieved from extra."})
		for i := 0; i < pokes; i++ {
			t = a.seq(ti, ti.tr, t.Add(time.Duration(min(i, 1))*time.Minute), afSeq{60, 250, "s3.py:117", "Poking for file " + key(ti)})
		}
		return a.seq(ti, ti.tr, t, afSeq{60, 250, "base.py:293", "Success criteria met. Exiting."}).Sub(at)
	}
	return t
}

var afVendors = []string{"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka"}

// setup defines the DAGs; dags[0] is etl_orders, dags[3] vendor_feeds.
func (a *afLog) setup() {
	dag := func(id, owner string, every, offset time.Duration, tasks ...*afTask) *afDag {
		d := &afDag{id: id, owner: owner, every: every, offset: offset, maxTasks: 16, tasks: tasks, hash: a.g.hex(32)}
		a.dags = append(a.dags, d)
		return d
	}
	n := func(lo, hi int) int { return a.g.between(lo, hi) }
	dag("etl_orders", "data-eng", 15*time.Minute, 0,
		afSensor("wait_for_orders_file", 5, func(ti *afTI) string {
			return "s3://acme-orders-landing/exports/" + ti.logical.Format("2006/01/02/orders_1504") + ".parquet"
		}),
		afPy("extract", 20, 4, func(a *afLog, ti *afTI) []afStep {
			rows := n(9000, 21000)
			return []afStep{{"etl_orders.py:38", fmt.Sprintf("Reading orders_%s.parquet (%d row groups)", ti.logical.Format("1504"), n(3, 9))},
				{"etl_orders.py:47", fmt.Sprintf("Extracted %d orders updated between %s and %s", rows, ti.logical.Format("15:04"), ti.logical.Add(15*time.Minute).Format("15:04"))},
				{"etl_orders.py:52", fmt.Sprintf("Wrote staging/orders/%s.parquet (%.1f MiB)", ti.run, float64(rows)*a.g.lognormal(0.0021, 0.1))}}
		}),
		afPy("transform", 15, 3, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"etl_orders.py:71", fmt.Sprintf("Normalising currencies for %d orders (rates of %s)", n(9000, 21000), ti.logical.Format("2006-01-02"))},
				{"etl_orders.py:83", fmt.Sprintf("Dropped %d duplicate order lines, %d test orders", n(0, 40), n(0, 6))}}
		}),
		afPy("load", 18, 2, func(a *afLog, ti *afTI) []afStep {
			rows := n(9000, 21000)
			return []afStep{{"base.py:84", "Using connection ID 'dwh' for task execution."}, {"etl_orders.py:104", fmt.Sprintf("COPY staging.orders FROM STDIN: %d rows", rows)},
				{"etl_orders.py:111", fmt.Sprintf("Merged %d rows into dwh.fact_orders (%d inserted, %d updated) in %.2fs", rows, rows*9/10+n(0, 50), rows/10, a.g.lognormal(6, 0.3))}}
		}),
		afSQL("validate", 5, 1, "SELECT count(*) FROM dwh.fact_orders WHERE loaded_at > now() - interval '20 minutes'"))
	agg := afPy("aggregate", 6, 2, func(a *afLog, ti *afTI) []afStep {
		return []afStep{{"metrics_rollup.py:29", fmt.Sprintf("Rolling up partition events_%s_p%02d", ti.logical.Format("20060102"), ti.mi)},
			{"metrics_rollup.py:41", fmt.Sprintf("Aggregated %d events into %d metric rows", n(20000, 90000), n(300, 1400))}}
	})
	agg.mapped, agg.op = true, "_PythonDecoratedOperator"
	dag("metrics_rollup", "analytics", 5*time.Minute, 0,
		afPy("list_partitions", 2, 3, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"metrics_rollup.py:18", "Listing partitions of clickstream.events for " + ti.logical.Format("2006-01-02T15:04")}}
		}), agg, afSQL("publish", 4, 1, "REFRESH MATERIALIZED VIEW CONCURRENTLY metrics.events_5m"))
	crm := dag("crm_customers", "crm-team", 5*time.Minute, 0,
		afPy("extract", 8, 4, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"crm_customers.py:31", "GET https://api.crm.example.com/v2/customers?updated_since=" + ti.logical.Format(afRunLay)},
				{"crm_customers.py:44", fmt.Sprintf("Fetched %d customer records in %d pages", n(80, 900), n(1, 4))}}
		}),
		afPy("transform", 4, 3, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"crm_customers.py:62", fmt.Sprintf("Mapping %d records to dim_customer", n(80, 900))}}
		}),
		afPy("load", 5, 2, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"base.py:84", "Using connection ID 'dwh' for task execution."}, {"crm_customers.py:88", fmt.Sprintf("Upserted %d rows into dwh.dim_customer", n(80, 900))}}
		}),
		afSQL("refresh_marts", 6, 1, "REFRESH MATERIALIZED VIEW marts.customer_360"))
	crm.tasks[1].retries = 1
	wait := afSensor("wait_for_feed", 3, func(ti *afTI) string {
		return fmt.Sprintf("s3://partner-feeds-landing/%s/%s.csv.gz", afVendors[ti.mi], ti.logical.Format("2006-01-02/1504"))
	})
	wait.mapped = true
	dag("vendor_feeds", "partners", 5*time.Minute, 0, wait,
		afPy("ingest_feeds", 10, 2, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"vendor_feeds.py:58", fmt.Sprintf("Ingesting %d partner files", len(afVendors))},
				{"vendor_feeds.py:77", fmt.Sprintf("Loaded %d price updates, rejected %d malformed rows", n(1000, 9000), n(0, 12))}}
		}))
	dag("ml_features", "ml-platform", time.Hour, 30*time.Minute,
		afPy("extract_events", 90, 4, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"ml_features.py:40", "Querying clickstream.sessions for the last 24 hours"}, {"ml_features.py:52", fmt.Sprintf("Extracted %d sessions", n(1_800_000, 2_600_000))}}
		}),
		&afTask{id: "build_features", op: "PythonOperator", prio: 3, work: (*afLog).buildFeatures},
		afPy("train_model", 150, 2, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"ml_features.py:131", "Training churn model (lightgbm, 400 rounds)"}, {"ml_features.py:140", fmt.Sprintf("Validation AUC %.4f, logloss %.4f", a.g.normal(0.861, 0.004), a.g.normal(0.312, 0.006))}}
		}),
		afPy("register_model", 6, 1, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"ml_features.py:162", fmt.Sprintf("Registered model churn version %d in MLflow", 400+int(ti.logical.Sub(a.start).Hours()))}}
		}))
	snap := dag("inventory_snapshot", "supply-chain", 15*time.Minute, 0,
		afPy("snapshot_stock", 14, 3, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"inventory_snapshot.py:27", "Snapshotting stock levels of 14 warehouses"},
				{"inventory_snapshot.py:39", fmt.Sprintf("Captured %d SKU positions into inventory.snapshots/%s", n(180_000, 215_000), ti.logical.Format("20060102T1504"))}}
		}),
		afPy("diff_snapshots", 9, 2, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"inventory_snapshot.py:58", fmt.Sprintf("%d SKUs changed since %s (%d out of stock)", n(900, 4000), ti.logical.Add(-15*time.Minute).Format("15:04"), n(10, 90))}}
		}),
		afSQL("publish_changes", 4, 1, "INSERT INTO inventory.stock_changes SELECT * FROM staging.stock_diff"))
	snap.from, snap.tr = a.newDag.start, a.newDag.truth()
	dag("reports_hourly", "bi-team", time.Hour, 0,
		afSQL("compute_kpis", 25, 3, "INSERT INTO reports.kpi_hourly SELECT * FROM reports.kpi_source_v", "ANALYZE reports.kpi_hourly"),
		afPy("render_report", 12, 2, func(a *afLog, ti *afTI) []afStep {
			return []afStep{{"reports_hourly.py:66", "Rendering hourly KPI report for " + ti.logical.Format("2006-01-02 15:00")}}
		}),
		&afTask{id: "send_report", op: "EmailOperator", prio: 1, retries: 2, work: func(a *afLog, ti *afTI, at time.Time) time.Duration {
			return a.seq(ti, ti.tr, at, afSeq{200, 900, "email.py:271", "Email alerting: attempt 1"}, afSeq{800, 1200, "email.py:282", "Sent an alert email to ['bi-team@example.com']"}).Sub(at)
		}})
}

// buildFeatures loads the sessions chunk by chunk into one DataFrame; the run before
// the worker's OOM kill was handed three days of history and climbs to the
// container's 8 GiB limit.
func (a *afLog) buildFeatures(ti *afTI, at time.Time) time.Duration {
	chunks, step := 4, a.secs(26, 0.2)
	if ti.tr.incident == afOOM {
		chunks, step = 24, a.oomAt.Sub(at)/21
		a.w(ti, at.Add(a.ms(10, 80)), "ml_features.py:71", "INFO", "Backfilled sessions found: loading 72 hours of history instead of 24")
	}
	t := at.Add(a.ms(200, 900))
	for i := 1; i <= chunks; i++ {
		t = t.Add(step + a.ms(0, 800))
		rss := 0.6 + 0.32*float64(i) + a.g.normal(0, 0.05)
		a.w(ti, t, "ml_features.py:88", "INFO", fmt.Sprintf("Loaded chunk %d/%d (%d rows), RSS %.1f GiB", i, chunks, a.g.between(500_000, 650_000), rss))
		if rss > 5.6 {
			a.w(ti, t.Add(a.ms(1, 5)), "ml_features.py:90", "WARNING", fmt.Sprintf("RSS %.1f GiB is above 70%% of the container memory limit (8 GiB)", rss))
		}
	}
	t = a.seq(ti, ti.tr, t, afSeq{int(step.Milliseconds()), int(step.Milliseconds()), "ml_features.py:104", fmt.Sprintf("Wrote %d feature rows to s3://ml-features/sessions/%s.parquet", a.g.between(1_800_000, 2_600_000), ti.logical.Format("2006010215"))},
		afSeq{5, 30, "python.py:237", "Done. Returned value was: None"})
	return t.Sub(at)
}
