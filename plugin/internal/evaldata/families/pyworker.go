package families

import (
	"fmt"
	"strconv"
	"time"
)

// pyWorker is the Celery worker of a Django shop (prefork pool of 8 processes, autoscaling
// up to 16, beat embedded), writing Celery's default log format
// ("[2024-03-20 00:30:00,123: INFO/ForkPoolWorker-3] Task app.tasks.x[uuid] succeeded in 0.12s: None"),
// with Python tracebacks under its errors and its start banner as plain lines.
//
// Normal traffic: about 5.5 tasks a second (orders processed, emails, push
// notifications, inventory syncs, search reindexing, invoices, thumbnails), each received
// by the main process and run by a pool process, the tasks' own log lines among them;
// retries of inventory syncs (ERP read timeouts) and push notifications (FCM 503); a
// thumbnail failing on an unreadable image now and then, with its traceback; Django's
// naive-datetime RuntimeWarning; beat sending its schedules: queue depths every 30 s
// (a gauge per queue), expired sessions every 5 minutes, exchange rates every 10, and
// an hourly digest that enqueues a few hundred emails at once.
//
// Benign changes: a deploy of 2024.03.2 at 0:28 (warm shutdown, Celery's banner and a new
// version line, a restart gap whose tasks arrive together, and a new beat schedule that
// expires abandoned carts every 2 minutes); the nightly statements batch at 0:45 (4200
// tasks of a type not seen before, over 40 minutes, the reports queue counting down); a
// campaign at 1:40 raising the load by 60% until 2:35, the autoscaler adding pool
// processes 9 to 16 and removing them after.
//
// Incidents: a pool process killed by the kernel at 0:17 while making a thumbnail of a
// huge image (a WorkerLostError once, with its traceback; a new process takes its
// place); search.tasks.reindex_product 20 times slower from 1:05 for 25 minutes;
// billing.tasks.generate_invoice failing on every call from 1:50 for 10 minutes (a
// KeyError traceback each time); the webhooks queue, whose consumers run elsewhere,
// climbing steadily from 2:20 for 30 minutes, then draining in 4.
var pyWorker = Family{
	Name:    "py-worker",
	Role:    Tuning,
	Service: "Python Celery worker of a Django shop, Celery's default log format with tracebacks and start banners",
	Lines:   pyLines,
}

const (
	pyWorkerLost      = "WorkerLostError: pool process killed (SIGKILL)"
	pyReindexSlow     = "search.tasks.reindex_product durations x20"
	pyInvoiceStorm    = "generate_invoice failing: KeyError traceback storm"
	pyWebhooksBacklog = "webhooks queue climbing for 30 min, then draining"
)

type pyTask struct {
	name          string
	rate          float64 // per second at the usual load
	median, sigma float64 // seconds
}

var pyTasks = []pyTask{
	{"orders.tasks.process_order", 1.1, 0.18, 0.4},
	{"notifications.tasks.send_email", 1.3, 0.35, 0.5},
	{"notifications.tasks.push_notification", 0.9, 0.09, 0.4},
	{"orders.tasks.sync_inventory", 0.35, 0.9, 0.4},
	{"search.tasks.reindex_product", 1.0, 0.06, 0.35},
	{"billing.tasks.generate_invoice", 0.45, 0.4, 0.3},
	{"media.tasks.make_thumbnail", 0.3, 1.1, 0.5},
}

type pyLog struct {
	g *gen
	j *journal

	start                     time.Time
	deploy, batch, autoscale  change
	lostAt, slowAt, stormAt   time.Time
	backlogAt, upAt           time.Time
	batchEnd, scaleDown       time.Time
	newHost                   string
	invoice, batchSize, jobID int
}

func pyLines(seed int64) []Line {
	start := time.Date(2024, 3, 20, 0, 30, 0, 0, time.UTC)
	p := &pyLog{
		g:         newGen(seed, 13),
		j:         &journal{},
		start:     start,
		deploy:    change{"deploy 2024.03.2 (worker restart)", start.Add(28*time.Minute + 11_417*time.Millisecond)},
		batch:     change{"nightly statements batch (new task type)", start.Add(45 * time.Minute)},
		autoscale: change{"campaign load +60%, autoscale to 16 processes", start.Add(100 * time.Minute)},
		lostAt:    start.Add(17*time.Minute + 42_180*time.Millisecond),
		slowAt:    start.Add(65 * time.Minute),
		stormAt:   start.Add(110 * time.Minute),
		backlogAt: start.Add(140 * time.Minute),
		batchEnd:  start.Add(85 * time.Minute),
		scaleDown: start.Add(155 * time.Minute),
		invoice:   88_120,
		batchSize: 4200,
		jobID:     2_200,
	}
	g := p.g
	p.newHost = "shop-worker-85b7f9d6c-" + g.alnum(5)
	p.upAt = p.deploy.start.Add(time.Duration(14000+g.intn(4000)) * time.Millisecond)
	end := start.Add(Length)

	for _, task := range pyTasks {
		g.arrivals(start, end, func(t time.Time) float64 { return task.rate * p.load(t) }, func(t time.Time) { p.traffic(t, task) })
	}
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 200 }, p.naiveDatetime)
	p.beat(start.Add(4*time.Second), end, 30*time.Second, "report-queue-depth", "ops.tasks.report_queue_depth", routine, p.queueDepth)
	p.beat(start.Add(2*time.Minute+10*time.Second), end, 5*time.Minute, "cleanup-expired-sessions", "sessions.tasks.cleanup_expired_sessions", routine, func(t time.Time, proc, id string, tr truth) string {
		return "{'deleted': " + strconv.Itoa(g.between(40, 900)) + "}"
	})
	p.beat(start.Add(7*time.Minute), end, 10*time.Minute, "refresh-exchange-rates", "billing.tasks.refresh_exchange_rates", routine, func(t time.Time, proc, id string, tr truth) string {
		p.j.add(tr, t, p.text(t, "INFO", proc, "billing.tasks.refresh_exchange_rates["+id+"]: Exchange rates updated: 31 currencies (ECB 2024-03-19)"))
		return "None"
	})
	p.beat(start.Add(30*time.Minute), end, time.Hour, "send-hourly-digest", "notifications.tasks.send_digest_batch", routine, p.digest)
	p.beat(p.upAt.Add(80*time.Second), end, 2*time.Minute, "expire-abandoned-carts", "orders.tasks.expire_abandoned_carts", p.deploy.truth(), func(t time.Time, proc, id string, tr truth) string {
		return "{'expired': " + strconv.Itoa(g.between(0, 60)) + "}"
	})
	p.beat(p.batch.start, p.batch.start.Add(time.Second), time.Hour, "nightly-statements", "reports.tasks.enqueue_statements", p.batch.truth(), func(t time.Time, proc, id string, tr truth) string {
		p.j.add(tr, t, p.text(t, "INFO", proc, fmt.Sprintf("reports.tasks.enqueue_statements[%s]: Enqueued %d statement tasks for period 2024-02", id, p.batchSize)))
		return strconv.Itoa(p.batchSize)
	})
	g.arrivals(p.batch.start.Add(3*time.Second), p.batchEnd, func(t time.Time) float64 {
		if p.restarting(t) {
			return 0
		}
		return float64(p.batchSize) / p.batchEnd.Sub(p.batch.start).Seconds()
	}, p.statement)
	p.workerLost()
	p.restart()
	p.scaling()
	return p.j.sorted(end)
}

func (p *pyLog) text(at time.Time, level, proc, msg string) string {
	return fmt.Sprintf("[%s: %s/%s] %s", at.Format("2006-01-02 15:04:05,000"), level, proc, msg)
}

// load is 1, 1.6 while the campaign lasts.
func (p *pyLog) load(t time.Time) float64 {
	return 1 + 0.6*(rampUp(t, p.autoscale.start, 2*time.Minute)-rampUp(t, p.scaleDown.Add(-3*time.Minute), 3*time.Minute))
}

// restarting reports whether the worker is down for the deploy at t.
func (p *pyLog) restarting(t time.Time) bool {
	return !t.Before(p.deploy.start) && t.Before(p.upAt)
}

// trafficTruth is the truth of the lines of a task the traffic brings at t.
func (p *pyLog) trafficTruth(t time.Time) truth {
	if !t.Before(p.autoscale.start) && t.Before(p.scaleDown.Add(2*time.Minute)) {
		return p.autoscale.truth()
	}
	return routine
}

// pool returns the indexes of the pool processes at t: 1 to 8; 5 replaced by 9 after it
// was killed; 1 to 8 again after the restart; 9 to 16 added while the campaign lasts.
func (p *pyLog) pool(t time.Time) []int {
	switch {
	case t.Before(p.lostAt):
		return []int{1, 2, 3, 4, 5, 6, 7, 8}
	case t.Before(p.upAt):
		return []int{1, 2, 3, 4, 6, 7, 8, 9}
	case t.Before(p.autoscale.start.Add(25*time.Second)) || !t.Before(p.scaleDown.Add(70*time.Second)):
		return []int{1, 2, 3, 4, 5, 6, 7, 8}
	case t.Before(p.autoscale.start.Add(65*time.Second)) || !t.Before(p.scaleDown.Add(10*time.Second)):
		return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	}
	return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
}

func (p *pyLog) proc(t time.Time) string {
	return "ForkPoolWorker-" + strconv.Itoa(pick(p.g, p.pool(t)))
}

// runtime writes a duration as Python's repr of a float does.
func pyRuntime(s float64) string {
	return strconv.FormatFloat(s, 'f', -1, 64) + "s"
}

func (p *pyLog) received(tr truth, t time.Time, name, id string) {
	p.j.add(tr, t, p.text(t, "INFO", "MainProcess", fmt.Sprintf("Task %s[%s] received", name, id)))
}

func (p *pyLog) succeeded(tr truth, t time.Time, proc, name, id string, secs float64, result string) {
	p.j.add(tr, t, p.text(t, "INFO", proc, fmt.Sprintf("Task %s[%s] succeeded in %s: %s", name, id, pyRuntime(secs), result)))
}

// traffic is one task the web application enqueued at t.
func (p *pyLog) traffic(t time.Time, task pyTask) {
	tr := p.trafficTruth(t)
	if p.restarting(t) {
		// Waiting in the broker until the worker is back.
		t, tr = p.upAt.Add(time.Duration(p.g.intn(2500))*time.Millisecond), p.deploy.truth()
	}
	p.run(tr, t, task, p.g.uuid(), 0)
}

// run receives and executes one task; retries are received again with their id.
func (p *pyLog) run(tr truth, t time.Time, task pyTask, id string, attempt int) {
	g := p.g
	switch {
	case task.name == "search.tasks.reindex_product" && within(t, p.slowAt, 25*time.Minute):
		tr = incident(pyReindexSlow)
	case task.name == "billing.tasks.generate_invoice" && within(t, p.stormAt, 10*time.Minute):
		tr = incident(pyInvoiceStorm)
	}
	p.received(tr, t, task.name, id)
	at := t.Add(time.Duration(g.between(1, 40)) * time.Millisecond)
	proc := p.proc(at)
	secs := g.lognormal(task.median, task.sigma)
	result := "None"
	switch task.name {
	case "orders.tasks.process_order":
		order := "ord_" + g.hex(12)
		p.j.add(tr, at.Add(time.Duration(secs*0.8*float64(time.Second))), p.text(at.Add(time.Duration(secs*0.8*float64(time.Second))), "INFO", proc, fmt.Sprintf("%s[%s]: Order %s confirmed: %d items, total %.2f EUR", task.name, id, order, g.between(1, 8), g.lognormal(48, 0.8))))
		result = fmt.Sprintf("{'order_id': '%s', 'status': 'confirmed'}", order)
	case "notifications.tasks.push_notification":
		result = "{'sent': 1, 'failed': 0}"
		if attempt < 3 && g.chance(0.004) {
			p.retry(tr, at.Add(time.Duration(secs*float64(time.Second))), proc, task, id, attempt, 12, "Unavailable('FCM 503 Service Unavailable')")
			return
		}
	case "orders.tasks.sync_inventory":
		result = fmt.Sprintf("{'updated': %d}", g.between(0, 40))
		if attempt < 3 && g.chance(0.02) {
			p.retry(tr, at.Add(10*time.Second+time.Duration(g.intn(30))*time.Millisecond), proc, task, id, attempt, 30, `ReadTimeout(ReadTimeoutError("HTTPSConnectionPool(host='erp.internal.example.com', port=443): Read timed out. (read timeout=10)"))`)
			return
		}
	case "search.tasks.reindex_product":
		if tr.incident == pyReindexSlow {
			// The search cluster is merging segments: every bulk request crawls.
			secs *= 20
		}
	case "billing.tasks.generate_invoice":
		if tr.incident == pyInvoiceStorm {
			p.invoiceFailure(at, proc, id, secs)
			return
		}
		p.invoice++
		msg := fmt.Sprintf("%s[%s]: Invoice INV-2024-%06d generated for order ord_%s", task.name, id, p.invoice, g.hex(12))
		p.j.add(tr, at.Add(time.Duration(secs*0.9*float64(time.Second))), p.text(at.Add(time.Duration(secs*0.9*float64(time.Second))), "INFO", proc, msg))
		result = fmt.Sprintf("'INV-2024-%06d'", p.invoice)
	case "media.tasks.make_thumbnail":
		if g.chance(0.005) {
			p.unreadableImage(tr, at.Add(time.Duration(secs*0.1*float64(time.Second))), proc, id)
			return
		}
		h := g.hex(32)
		result = fmt.Sprintf("'thumbs/%s/%s/%s.webp'", h[:2], h[2:4], h)
	}
	p.succeeded(tr, at.Add(time.Duration(secs*float64(time.Second))), proc, task.name, id, secs, result)
}

func (p *pyLog) retry(tr truth, at time.Time, proc string, task pyTask, id string, attempt, countdown int, exc string) {
	p.j.add(tr, at, p.text(at, "INFO", proc, fmt.Sprintf("Task %s[%s] retry: Retry in %ds: %s", task.name, id, countdown, exc)))
	again := at.Add(time.Duration(p.g.between(2, 20)) * time.Millisecond)
	p.received(tr, again, task.name, id)
	// The retry runs when its countdown is over; its received line is the one above.
	run := at.Add(time.Duration(countdown) * time.Second)
	if p.restarting(run) {
		run = p.upAt.Add(time.Second)
	}
	proc = p.proc(run)
	secs := p.g.lognormal(task.median, task.sigma)
	if task.name == "orders.tasks.sync_inventory" && attempt < 2 && p.g.chance(0.2) {
		p.retry(tr, run.Add(10*time.Second), proc, task, id, attempt+1, countdown, exc)
		return
	}
	result := "{'sent': 1, 'failed': 0}"
	if task.name == "orders.tasks.sync_inventory" {
		result = fmt.Sprintf("{'updated': %d}", p.g.between(0, 40))
	}
	p.succeeded(tr, run.Add(time.Duration(secs*float64(time.Second))), proc, task.name, id, secs, result)
}

// celeryTrace is the top of every task's traceback: Celery's tracer calling the task.
var celeryTrace = []string{
	`  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line 477, in trace_task`,
	`    R = retval = fun(*args, **kwargs)`,
	`                 ^^^^^^^^^^^^^^^^^^^^`,
	`  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line 760, in __protected_call__`,
	`    return self.run(*args, **kwargs)`,
	`           ^^^^^^^^^^^^^^^^^^^^^^^^^`,
}

func (p *pyLog) failure(tr truth, at time.Time, proc, name, id, raised string, frames ...string) {
	lines := []string{p.text(at, "ERROR", proc, fmt.Sprintf("Task %s[%s] raised unexpected: %s", name, id, raised)), "Traceback (most recent call last):"}
	lines = append(lines, celeryTrace...)
	p.j.add(tr, at, append(lines, frames...)...)
}

func (p *pyLog) unreadableImage(tr truth, at time.Time, proc, id string) {
	obj := "0x7f" + p.g.hex(10)
	p.failure(tr, at, proc, "media.tasks.make_thumbnail", id, fmt.Sprintf(`UnidentifiedImageError("cannot identify image file <_io.BytesIO object at %s>")`, obj),
		`  File "/app/media/tasks.py", line 33, in make_thumbnail`,
		`    with Image.open(BytesIO(blob)) as im:`,
		`         ^^^^^^^^^^^^^^^^^^^^^^^^^`,
		`  File "/usr/local/lib/python3.11/site-packages/PIL/Image.py", line 3339, in open`,
		`    raise UnidentifiedImageError(msg)`,
		fmt.Sprintf("PIL.UnidentifiedImageError: cannot identify image file <_io.BytesIO object at %s>", obj))
}

// invoiceFailure is one invoice failing after the tax rates' source dropped a field.
func (p *pyLog) invoiceFailure(at time.Time, proc, id string, secs float64) {
	tr := incident(pyInvoiceStorm)
	p.failure(tr, at.Add(time.Duration(secs*0.3*float64(time.Second))), proc, "billing.tasks.generate_invoice", id, "KeyError('vat_rate')",
		`  File "/app/billing/tasks.py", line 41, in generate_invoice`,
		`    invoice = build_invoice(order_id)`,
		`              ^^^^^^^^^^^^^^^^^^^^^^^`,
		`  File "/app/billing/invoices.py", line 118, in build_invoice`,
		`    rate = TAX_RATES[order.country]["vat_rate"]`,
		`           ~~~~~~~~~~~~~~~~~~~~~~~~^^^^^^^^^^^^`,
		`KeyError: 'vat_rate'`)
}

// naiveDatetime is Django's warning about a naive datetime, as the warnings module
// writes it: the warning, then the line that raised it.
func (p *pyLog) naiveDatetime(t time.Time) {
	if p.restarting(t) {
		return
	}
	naive := t.Add(-time.Duration(p.g.intn(3600)) * time.Second).Format("2006-01-02 15:04:05.000000")
	p.j.add(p.trafficTruth(t), t,
		p.text(t, "WARNING", p.proc(t), fmt.Sprintf("/usr/local/lib/python3.11/site-packages/django/db/models/fields/__init__.py:1595: RuntimeWarning: DateTimeField Order.shipped_at received a naive datetime (%s) while time zone support is active.", naive)),
		"  warnings.warn(")
}

// beat sends a periodic task every period from first until to and has it run: fn
// writes what the task logs and returns its result.
func (p *pyLog) beat(first, to time.Time, period time.Duration, entry, name string, tr truth, fn func(t time.Time, proc, id string, tr truth) string) {
	p.g.every(first, to, period, 3*time.Millisecond, func(t time.Time) {
		if p.restarting(t) {
			return
		}
		p.j.add(tr, t, p.text(t, "INFO", "Beat", fmt.Sprintf("Scheduler: Sending due task %s (%s)", entry, name)))
		id := p.g.uuid()
		at := t.Add(time.Duration(p.g.between(2, 15)) * time.Millisecond)
		p.received(tr, at, name, id)
		at = at.Add(time.Duration(p.g.between(1, 30)) * time.Millisecond)
		proc := p.proc(at)
		secs := p.g.lognormal(0.02, 0.5)
		result := fn(at.Add(time.Duration(secs*0.7*float64(time.Second))), proc, id, tr)
		p.succeeded(tr, at.Add(time.Duration(secs*float64(time.Second))), proc, name, id, secs, result)
	})
}

// queueDepth reports the broker's queues; the webhooks queue is consumed by another
// deployment.
func (p *pyLog) queueDepth(t time.Time, proc, id string, tr truth) string {
	g := p.g
	tr = latestTruth(tr, p.trafficTruth(t))
	celery := int(g.lognormal(6*p.load(t), 0.6))
	emails := g.intn(8)
	if m := t.Sub(t.Truncate(time.Hour)); m < 3*time.Minute {
		emails += int(float64(g.between(380, 460)) * (1 - m.Minutes()/3)) // the hourly digest draining
	}
	webhooks, reports, media := g.intn(4), 0, g.intn(3)
	if within(t, p.upAt, 2*time.Minute) {
		celery += int(80 * (1 - t.Sub(p.upAt).Minutes()/2))
		tr = latestTruth(tr, p.deploy.truth())
	}
	if within(t, p.batch.start, p.batchEnd.Sub(p.batch.start)) {
		x := t.Sub(p.batch.start).Seconds() / p.batchEnd.Sub(p.batch.start).Seconds()
		reports = int(float64(p.batchSize)*(1-x)) + g.intn(20)
		tr = latestTruth(tr, p.batch.truth())
	}
	if within(t, p.backlogAt, 34*time.Minute) {
		m := t.Sub(p.backlogAt).Minutes()
		webhooks += int(180 * m * g.normal(1, 0.03))
		if m > 30 {
			webhooks = int(float64(180*30) * (34 - m) / 4)
		}
		tr = incident(pyWebhooksBacklog)
	}
	p.j.add(tr, t, p.text(t, "INFO", proc, fmt.Sprintf("ops.tasks.report_queue_depth[%s]: queue depth: celery=%d emails=%d webhooks=%d reports=%d media=%d", id, celery, emails, webhooks, reports, media)))
	return "None"
}

// digest enqueues the hourly digest emails, sent over the next two minutes.
func (p *pyLog) digest(t time.Time, proc, id string, tr truth) string {
	n := p.g.between(380, 460)
	p.j.add(tr, t, p.text(t, "INFO", proc, fmt.Sprintf("notifications.tasks.send_digest_batch[%s]: Queued %d digest emails", id, n)))
	for i := 0; i < n; i++ {
		at := t.Add(time.Duration(float64(2*time.Minute) * float64(i) / float64(n)))
		p.run(tr, at.Add(time.Duration(p.g.intn(300))*time.Millisecond), pyTasks[1], p.g.uuid(), 0)
	}
	return strconv.Itoa(n)
}

// statement is one task of the nightly batch.
func (p *pyLog) statement(t time.Time) {
	g := p.g
	tr := p.batch.truth()
	id := g.uuid()
	name := "reports.tasks.build_statement"
	p.received(tr, t, name, id)
	at := t.Add(time.Duration(g.between(1, 30)) * time.Millisecond)
	proc := p.proc(at)
	secs := g.lognormal(2.1, 0.35)
	acct := fmt.Sprintf("ACC-%06d", g.between(100000, 999999))
	done := at.Add(time.Duration(secs * float64(time.Second)))
	p.j.add(tr, done.Add(-time.Duration(g.between(5, 60))*time.Millisecond), p.text(done.Add(-time.Duration(g.between(5, 60))*time.Millisecond), "INFO", proc, fmt.Sprintf("%s[%s]: Built statement for account %s: %d pages, %d KB", name, id, acct, g.between(1, 14), g.between(60, 900))))
	p.succeeded(tr, done, proc, name, id, secs, fmt.Sprintf("'s3://shop-statements/2024-02/%s.pdf'", acct))
}

// workerLost is the pool process making a thumbnail of a 24000x18000 image, killed by the
// kernel for its memory: billiard reports the process gone and the task lost.
func (p *pyLog) workerLost() {
	g := p.g
	tr := incident(pyWorkerLost)
	id := g.uuid()
	t := p.lostAt.Add(-time.Duration(g.between(4000, 9000)) * time.Millisecond)
	p.received(tr, t, "media.tasks.make_thumbnail", id)
	at := p.lostAt
	p.j.add(tr, at, p.text(at, "ERROR", "MainProcess", fmt.Sprintf("Process 'ForkPoolWorker-5' pid:%d exited with 'signal 9 (SIGKILL)'", g.between(40, 60))))
	at = at.Add(time.Duration(g.between(2, 20)) * time.Millisecond)
	job := fmt.Sprintf("Worker exited prematurely: signal 9 (SIGKILL) Job: %d.", p.jobID+g.intn(400))
	p.j.add(tr, at,
		p.text(at, "ERROR", "MainProcess", fmt.Sprintf("Task handler raised error: WorkerLostError('%s')", job)),
		"Traceback (most recent call last):",
		`  File "/usr/local/lib/python3.11/site-packages/billiard/pool.py", line 1264, in mark_as_worker_lost`,
		`    raise WorkerLostError(`,
		"billiard.exceptions.WorkerLostError: "+job)
}

// restart is the deploy: Kubernetes stops the old pod (a warm shutdown, its unacknowledged
// messages given back) and the new one starts with its banners.
func (p *pyLog) restart() {
	g := p.g
	tr := p.deploy.truth()
	at := p.deploy.start
	p.j.add(tr, at, "worker: Warm shutdown (MainProcess)")
	at = at.Add(time.Duration(g.between(300, 900)) * time.Millisecond)
	p.j.add(tr, at, p.text(at, "WARNING", "MainProcess", fmt.Sprintf("Restoring %d unacknowledged message(s)", g.between(2, 9))))
	at = p.upAt.Add(-3 * time.Second)
	banner := []string{
		fmt.Sprintf(" -------------- celery@%s v5.3.6 (emerald-rush)", p.newHost),
		"--- ***** ----- ",
		"-- ******* ---- Linux-6.1.79-99.164.amzn2023.x86_64-x86_64-with-glibc2.36 " + at.Format("2006-01-02 15:04:05"),
		"- *** --- * --- ",
		"- ** ---------- [config]",
		"- ** ---------- .> app:         shop:0x7f" + g.hex(10),
		"- ** ---------- .> transport:   redis://redis-master.shop.svc.cluster.local:6379/0",
		"- ** ---------- .> results:     redis://redis-master.shop.svc.cluster.local:6379/1",
		"- *** --- * --- .> concurrency: {min=8, max=16} (prefork)",
		"-- ******* ---- .> task events: OFF (enable -E to monitor tasks in this worker)",
		"--- ***** ----- ",
		" -------------- [queues]",
		"                .> celery           exchange=celery(direct) key=celery",
		"                .> emails           exchange=emails(direct) key=emails",
		"                .> media            exchange=media(direct) key=media",
		"                .> reports          exchange=reports(direct) key=reports",
		"[tasks]",
	}
	for _, name := range []string{"billing.tasks.generate_invoice", "billing.tasks.refresh_exchange_rates", "media.tasks.make_thumbnail", "notifications.tasks.push_notification",
		"notifications.tasks.send_digest_batch", "notifications.tasks.send_email", "ops.tasks.report_queue_depth", "orders.tasks.expire_abandoned_carts", "orders.tasks.process_order",
		"orders.tasks.sync_inventory", "reports.tasks.build_statement", "reports.tasks.enqueue_statements", "search.tasks.reindex_product", "sessions.tasks.cleanup_expired_sessions"} {
		banner = append(banner, "  . "+name)
	}
	p.j.add(tr, at, banner...)
	steps := []struct{ proc, msg string }{
		{"MainProcess", "shop 2024.03.2 (git 4be91f0): Django 4.2.11, Python 3.11.8, celery 5.3.6"},
		{"MainProcess", "Connected to redis://redis-master.shop.svc.cluster.local:6379/0"},
		{"MainProcess", "mingle: searching for neighbors"},
		{"Beat", "beat: Starting..."},
		{"MainProcess", "mingle: sync with 2 nodes"},
		{"MainProcess", "mingle: sync complete"},
		{"MainProcess", fmt.Sprintf("celery@%s ready.", p.newHost)},
	}
	at = p.upAt.Add(-2 * time.Second)
	for _, s := range steps {
		at = at.Add(time.Duration(g.between(20, 280)) * time.Millisecond)
		p.j.add(tr, at, p.text(at, "INFO", s.proc, s.msg))
	}
}

// scaling is the autoscaler growing the pool as the campaign's load comes and shrinking
// it after.
func (p *pyLog) scaling() {
	tr := p.autoscale.truth()
	for _, s := range []struct {
		at  time.Time
		msg string
	}{
		{p.autoscale.start.Add(25 * time.Second), "Scaling up 4 processes."},
		{p.autoscale.start.Add(65 * time.Second), "Scaling up 4 processes."},
		{p.scaleDown.Add(10 * time.Second), "Scaling down 4 processes."},
		{p.scaleDown.Add(70 * time.Second), "Scaling down 4 processes."},
	} {
		at := s.at.Add(time.Duration(p.g.intn(1000)) * time.Millisecond)
		p.j.add(tr, at, p.text(at, "INFO", "MainProcess", s.msg))
	}
}
