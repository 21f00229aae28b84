package families

import (
	"fmt"
	"time"
)

// postgres is a PostgreSQL server's log. It was written as holdout-1 and became a
// tuning family when PostgreSQL's own level word, LOG, came to be read as a level.
var postgres = Family{
	Name:    "postgres",
	Role:    Tuning,
	Service: "PostgreSQL server log, text lines with multi-line entries",
	Lines:   postgresLines,
}

// The server logs with log_line_prefix '%m [%p] %q%u@%d ', log_connections and
// log_disconnections on, log_min_duration_statement 250 ms, log_lock_waits on,
// log_statement ddl, log_autovacuum_min_duration 0 on its large tables.
//
// Normal: about 4.5 short connections a second (received, authenticated, authorized,
// disconnection), slow statements (with their parameters), checkpoints every 5 minutes,
// autovacuum and autoanalyze reports (multi-line), a duplicate key error with its DETAIL
// and STATEMENT every few minutes, clients resetting connections, statement timeouts,
// and a dashboard whose stale password fails (FATAL) every 15 minutes.
//
// Benign changes: the nightly ETL export from 0:30 for 45 minutes (DDL on staging tables,
// COPY statements taking seconds, temporary files); a configuration reload at 1:20 that
// lowers log_min_duration_statement to 100 ms (more, faster statements logged); a restart
// for a minor upgrade at 2:00 (fast shutdown, terminated sessions, start banners).
//
// Incidents: the data disk full at 0:18 for 7 minutes (could not extend file, HINT and
// STATEMENT lines, a failed checkpoint write); a single role granted SUPERUSER at 0:55
// (a DDL LOG line, inside the ETL window); lock waits on the inventory table at 1:30 for
// 15 minutes (still waiting, acquired after seconds, slow updates); WAL archiving failing
// from 2:15 for 25 minutes (the archiver is otherwise silent).
const (
	pgDiskFull    = "data disk full"
	pgSuperuser   = "role granted SUPERUSER"
	pgLockWaits   = "lock waits on inventory"
	pgArchiveFail = "WAL archiving failing"
)

type pgLog struct {
	g *gen
	j *journal

	start                    time.Time
	etl, reload, upgrade     change
	etlEnd, upgradeUp        time.Time
	diskAt, superAt, locksAt time.Time
	archiveAt                time.Time
	lsn                      int64
	xid                      int
}

func postgresLines(seed int64) []Line {
	start := time.Date(2024, 5, 14, 0, 30, 0, 0, time.UTC)
	d := &pgLog{
		g:         newGen(seed, 3),
		j:         &journal{},
		start:     start,
		etl:       change{"nightly ETL export", start.Add(30 * time.Minute)},
		etlEnd:    start.Add(75 * time.Minute),
		reload:    change{"reload: log_min_duration_statement 100 ms", start.Add(80 * time.Minute)},
		upgrade:   change{"restart for a minor upgrade", start.Add(120 * time.Minute)},
		diskAt:    start.Add(18 * time.Minute),
		superAt:   start.Add(55*time.Minute + 41*time.Second),
		locksAt:   start.Add(90 * time.Minute),
		archiveAt: start.Add(135 * time.Minute),
		lsn:       0xA_2E000000,
		xid:       81_200_000,
	}
	d.upgradeUp = d.upgrade.start.Add(14 * time.Second)
	end := start.Add(Length)
	d.g.arrivals(start, end, d.rate(4.5), d.connection)
	d.g.arrivals(start, end, d.rate(0.8), d.slowStatement)
	d.g.arrivals(d.reload.start, end, d.rate(1.2), d.fasterStatement)
	d.g.arrivals(start, end, d.rate(1.0/170), d.duplicateKey)
	d.g.arrivals(start, end, d.rate(1.0/300), d.connectionReset)
	d.g.arrivals(start, end, d.rate(1.0/1300), d.statementTimeout)
	d.g.every(start.Add(4*time.Minute), end, 15*time.Minute, 2*time.Second, d.stalePassword)
	d.g.every(start.Add(2*time.Minute+10*time.Second), end, 5*time.Minute, 0, d.checkpoint)
	d.g.arrivals(start, end, d.rate(1.0/90), d.autovacuum)
	d.etlJob()
	d.restart()
	d.diskFull()
	d.superuser()
	d.lockWaits()
	d.archiveFailures()
	return d.j.sorted(end)
}

// rate is a constant rate, 0 while the server is down for its upgrade.
func (d *pgLog) rate(perSecond float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		if !t.Before(d.upgrade.start) && t.Before(d.upgradeUp) {
			return 0
		}
		return perSecond
	}
}

// text writes one line; session is "user@db" for a session's lines, "" for background
// processes.
func (d *pgLog) text(at time.Time, pid int, session, level, msg string) string {
	if session != "" {
		session += " "
	}
	return fmt.Sprintf("%s UTC [%d] %s%s:  %s", at.Format("2006-01-02 15:04:05.000"), pid, session, level, msg)
}

func (d *pgLog) newPID() int { return d.g.between(1200, 99000) }

// checkpointer and archiver are the pids of those background processes at t: the
// restart gives them new ones.
func (d *pgLog) checkpointer(t time.Time) int {
	if t.Before(d.upgradeUp) {
		return 29
	}
	return 28
}

func (d *pgLog) archiver(t time.Time) int {
	if t.Before(d.upgradeUp) {
		return 33
	}
	return 32
}

type pgClient struct {
	user, db, app string
	weight        float64
}

var pgClients = []pgClient{
	{"app", "shop", "orders-api", 0.62},
	{"app", "shop", "payments-worker", 0.2},
	{"report", "shop", "metabase", 0.1},
	{"app", "shop", "psql", 0.01},
	{"replicator", "[unknown]", "walreceiver", 0.002},
	{"app", "shop", "inventory-sync", 0.068},
}

func (d *pgLog) client() pgClient {
	u := d.g.rng.Float64()
	for _, c := range pgClients {
		if u < c.weight {
			return c
		}
		u -= c.weight
	}
	return pgClients[0]
}

// connection is one short session: received, authenticated, authorized, and its
// disconnection a few seconds later.
func (d *pgLog) connection(t time.Time) {
	g := d.g
	c := d.client()
	pid, host, port := d.newPID(), g.privateIP(), g.between(32768, 60999)
	d.j.add(routine, t, d.text(t, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", host, port)))
	at := t.Add(time.Duration(g.between(2, 9)) * time.Millisecond)
	session := c.user + "@" + c.db
	d.j.add(routine, at,
		d.text(at, pid, session, "LOG", fmt.Sprintf(`connection authenticated: identity="%s" method=scram-sha-256 (/etc/postgresql/16/main/pg_hba.conf:98)`, c.user)),
		d.text(at, pid, session, "LOG", fmt.Sprintf("connection authorized: user=%s database=%s application_name=%s SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", c.user, c.db, c.app)))
	life := time.Duration(g.lognormal(1.8, 1.1) * float64(time.Second))
	at = at.Add(life)
	if !t.Before(d.upgrade.start) || at.Before(d.upgrade.start) {
		d.j.add(routine, at, d.text(at, pid, session, "LOG", fmt.Sprintf("disconnection: session time: %s user=%s database=%s host=%s port=%d", sessionTime(at.Sub(t)), c.user, c.db, host, port)))
	}
}

func sessionTime(d time.Duration) string {
	h := int(d.Hours())
	m := int(d.Minutes()) % 60
	s := d.Seconds() - float64(h*3600+m*60)
	return fmt.Sprintf("%d:%02d:%06.3f", h, m, s)
}

var pgQueries = []struct {
	sql    string
	params func(g *gen) string
}{
	{"SELECT o.id, o.status, o.total_cents FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50", func(g *gen) string { return fmt.Sprintf("$1 = '%d'", g.between(1000, 999999)) }},
	{"SELECT p.id, p.name, s.quantity FROM products p JOIN stock s ON s.product_id = p.id WHERE p.category_id = $1", func(g *gen) string { return fmt.Sprintf("$1 = '%d'", g.between(1, 240)) }},
	{"UPDATE orders SET status = $1, updated_at = now() WHERE id = $2", func(g *gen) string {
		return fmt.Sprintf("$1 = '%s', $2 = '%d'", pick(g, []string{"paid", "shipped", "cancelled"}), g.between(1000000, 9999999))
	}},
	{"SELECT count(*) FROM order_events WHERE created_at > $1", func(g *gen) string { return "$1 = '2024-05-13 00:00:00+00'" }},
	{"INSERT INTO payments (order_id, amount_cents, idempotency_key) VALUES ($1, $2, $3)", func(g *gen) string {
		return fmt.Sprintf("$1 = '%d', $2 = '%d', $3 = '%s'", g.between(1000000, 9999999), g.between(100, 90000), g.uuid())
	}},
	{"SELECT date_trunc('hour', created_at) AS h, sum(total_cents) FROM orders WHERE created_at > now() - interval '7 days' GROUP BY 1", nil},
}

// statement writes one logged statement taking ms milliseconds.
func (d *pgLog) statement(tr truth, t time.Time, ms float64) {
	g := d.g
	q := pick(g, pgQueries)
	pid, session := d.newPID(), "app@shop"
	if q.params == nil {
		session = "report@shop"
	}
	if q.params != nil && g.chance(0.7) {
		d.j.add(tr, t,
			d.text(t, pid, session, "LOG", fmt.Sprintf("duration: %.3f ms  execute <unnamed>: %s", ms, q.sql)),
			d.text(t, pid, session, "DETAIL", "parameters: "+q.params(g)))
		return
	}
	d.j.add(tr, t, d.text(t, pid, session, "LOG", fmt.Sprintf("duration: %.3f ms  statement: %s", ms, q.sql)))
}

func (d *pgLog) slowStatement(t time.Time) {
	d.statement(routine, t, 250+d.g.lognormal(140, 0.9))
}

// fasterStatement is a statement logged only since the reload lowered the threshold.
func (d *pgLog) fasterStatement(t time.Time) {
	d.statement(d.reload.truth(), t, 100+d.g.rng.Float64()*150)
}

func (d *pgLog) duplicateKey(t time.Time) {
	pid := d.newPID()
	d.j.add(routine, t,
		d.text(t, pid, "app@shop", "ERROR", `duplicate key value violates unique constraint "payments_idempotency_key_key"`),
		d.text(t, pid, "app@shop", "DETAIL", fmt.Sprintf("Key (idempotency_key)=(%s) already exists.", d.g.uuid())),
		d.text(t, pid, "app@shop", "STATEMENT", "INSERT INTO payments (order_id, amount_cents, idempotency_key) VALUES ($1, $2, $3)"))
}

func (d *pgLog) connectionReset(t time.Time) {
	d.j.add(routine, t, d.text(t, d.newPID(), "app@shop", "LOG", "could not receive data from client: Connection reset by peer"))
}

func (d *pgLog) statementTimeout(t time.Time) {
	pid := d.newPID()
	d.j.add(routine, t,
		d.text(t, pid, "report@shop", "ERROR", "canceling statement due to statement timeout"),
		d.text(t, pid, "report@shop", "STATEMENT", "SELECT customer_id, sum(total_cents) FROM orders GROUP BY customer_id ORDER BY 2 DESC"))
}

// stalePassword is a dashboard still trying an old password, every 15 minutes.
func (d *pgLog) stalePassword(t time.Time) {
	if !d.rateUp(t) {
		return
	}
	pid, host := d.newPID(), "10.4.12.9"
	d.j.add(routine, t, d.text(t, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", host, d.g.between(32768, 60999))))
	at := t.Add(4 * time.Millisecond)
	d.j.add(routine, at,
		d.text(at, pid, "grafana@shop", "FATAL", `password authentication failed for user "grafana"`),
		d.text(at, pid, "grafana@shop", "DETAIL", `Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 98: "host all all 10.0.0.0/8 scram-sha-256"`))
}

func (d *pgLog) rateUp(t time.Time) bool { return d.rate(1)(t) > 0 }

// checkpoint writes a timed checkpoint: starting, then complete about 27 s later.
func (d *pgLog) checkpoint(t time.Time) {
	if !d.rateUp(t) {
		return
	}
	tr := routine
	if within(t, d.diskAt, 7*time.Minute) {
		tr = incident(pgDiskFull)
	}
	d.j.add(tr, t, d.text(t, d.checkpointer(t), "", "LOG", "checkpoint starting: time"))
	at := t.Add(time.Duration(d.g.normal(26.9, 0.3) * float64(time.Second)))
	if tr.incident != "" {
		block := d.g.between(1000, 9000)
		d.j.add(tr, at,
			d.text(at, d.checkpointer(at), "", "ERROR", fmt.Sprintf(`could not write block %d in file "base/16384/24613": No space left on device`, block)),
			d.text(at, d.checkpointer(at), "", "CONTEXT", fmt.Sprintf("writing block %d of relation base/16384/24613", block)),
			d.text(at, d.checkpointer(at), "", "WARNING", "could not write block 1834 of base/16384/24613"),
			d.text(at, d.checkpointer(at), "", "DETAIL", "Multiple failures --- write error might be permanent."))
		return
	}
	d.j.add(tr, at, d.checkpointComplete(at, d.g.between(1200, 4200)))
}

func (d *pgLog) checkpointComplete(at time.Time, buffers int) string {
	g := d.g
	write := g.normal(26.9, 0.05)
	distance := g.between(12000, 26000)
	d.lsn += int64(distance) * 1024
	return d.text(at, d.checkpointer(at), "", "LOG", fmt.Sprintf("checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=0.%03d s, total=%.3f s; sync files=%d, longest=0.002 s, average=0.001 s; distance=%d kB, estimate=%d kB; lsn=%X/%X, redo lsn=%X/%X",
		buffers, float64(buffers)/163.84, g.between(0, 3), write, g.between(2, 9), write+0.04, g.between(20, 70), distance, distance+g.between(0, 3000), d.lsn>>32, d.lsn&0xFFFFFFFF, d.lsn>>32, (d.lsn-0x1000000)&0xFFFFFFFF))
}

var pgTables = []string{"orders", "order_events", "order_items", "payments", "stock", "sessions"}

// autovacuum writes a multi-line autovacuum or autoanalyze report.
func (d *pgLog) autovacuum(t time.Time) {
	g := d.g
	pid, table := d.newPID(), pick(g, pgTables)
	usage := fmt.Sprintf("\tsystem usage: CPU: user: %.2f s, system: %.2f s, elapsed: %.2f s", g.lognormal(0.1, 0.5), g.lognormal(0.01, 0.5), g.lognormal(0.8, 0.6))
	rates := fmt.Sprintf("\tavg read rate: %.3f MB/s, avg write rate: %.3f MB/s", g.lognormal(12, 0.5), g.lognormal(3, 0.5))
	if g.chance(0.4) {
		d.j.add(routine, t, d.text(t, pid, "", "LOG", fmt.Sprintf(`automatic analyze of table "shop.public.%s"`, table)), rates, usage)
		return
	}
	remain := g.between(20000, 90000)
	d.xid += g.between(200, 4000)
	d.j.add(routine, t,
		d.text(t, pid, "", "LOG", fmt.Sprintf(`automatic vacuum of table "shop.public.%s": index scans: %d`, table, g.between(0, 1))),
		fmt.Sprintf("\tpages: 0 removed, %d remain, %d scanned (%.2f%% of total)", remain, remain/g.between(20, 60), 100/float64(g.between(20, 60))),
		fmt.Sprintf("\ttuples: %d removed, %d remain, %d are dead but not yet removable", g.between(100, 9000), remain*g.between(15, 30), g.between(0, 40)),
		fmt.Sprintf("\tremovable cutoff: %d, which was %d XIDs old when operation ended", d.xid, g.between(1, 30)),
		rates, usage)
}

// etlJob is the nightly export: DDL on staging tables, then COPY statements and the
// temporary files of their sorts.
func (d *pgLog) etlJob() {
	g, tr := d.g, d.etl.truth()
	t := d.etl.start.Add(3 * time.Second)
	pid, host := d.newPID(), "10.6.0.21"
	d.j.add(tr, t, d.text(t, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", host, g.between(32768, 60999))))
	t = t.Add(5 * time.Millisecond)
	d.j.add(tr, t,
		d.text(t, pid, "etl@shop", "LOG", `connection authenticated: identity="etl" method=scram-sha-256 (/etc/postgresql/16/main/pg_hba.conf:101)`),
		d.text(t, pid, "etl@shop", "LOG", "connection authorized: user=etl database=shop application_name=airflow_export SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)"))
	t = t.Add(200 * time.Millisecond)
	d.j.add(tr, t, d.text(t, pid, "etl@shop", "LOG", "statement: DROP TABLE IF EXISTS staging.orders_20240513"))
	t = t.Add(40 * time.Millisecond)
	d.j.add(tr, t, d.text(t, pid, "etl@shop", "LOG", "statement: CREATE TABLE staging.orders_20240514 (LIKE public.orders INCLUDING ALL)"))
	g.arrivals(t, d.etlEnd, func(time.Time) float64 { return 0.45 }, func(at time.Time) {
		table := pick(g, []string{"orders", "order_items", "order_events", "payments", "customers"})
		stmt := fmt.Sprintf("COPY (SELECT * FROM public.%s WHERE updated_at >= '2024-05-13') TO STDOUT WITH (FORMAT csv)", table)
		if g.chance(0.3) {
			d.j.add(tr, at,
				d.text(at, pid, "etl@shop", "LOG", fmt.Sprintf(`temporary file: path "base/pgsql_tmp/pgsql_tmp%d.%d", size %d`, pid, g.between(0, 40), 1<<uint(g.between(22, 30)))),
				d.text(at, pid, "etl@shop", "STATEMENT", stmt))
			return
		}
		d.j.add(tr, at, d.text(at, pid, "etl@shop", "LOG", fmt.Sprintf("duration: %.3f ms  statement: %s", g.lognormal(6000, 0.6), stmt)))
	})
	t = d.etlEnd.Add(time.Second)
	d.j.add(tr, t, d.text(t, pid, "etl@shop", "LOG", fmt.Sprintf("disconnection: session time: %s user=etl database=shop host=%s port=%d", sessionTime(t.Sub(d.etl.start)), host, g.between(32768, 60999))))
	at := d.reload.start
	d.j.add(d.reload.truth(), at,
		d.text(at, 1, "", "LOG", "received SIGHUP, reloading configuration files"),
		d.text(at, 1, "", "LOG", `parameter "log_min_duration_statement" changed to "100"`))
}

// restart is the minor upgrade: a fast shutdown that terminates the open sessions, and
// the new binary's start banners.
func (d *pgLog) restart() {
	g, tr := d.g, d.upgrade.truth()
	t := d.upgrade.start
	d.j.add(tr, t, d.text(t, 1, "", "LOG", "received fast shutdown request"), d.text(t, 1, "", "LOG", "aborting any active transactions"))
	for i := g.between(5, 9); i > 0; i-- {
		t = t.Add(time.Duration(g.between(1, 30)) * time.Millisecond)
		d.j.add(tr, t, d.text(t, d.newPID(), "app@shop", "FATAL", "terminating connection due to administrator command"))
	}
	t = t.Add(20 * time.Millisecond)
	d.j.add(tr, t,
		d.text(t, 1, "", "LOG", `background worker "logical replication launcher" (PID 35) exited with exit code 1`),
		d.text(t, d.checkpointer(t), "", "LOG", "shutting down"),
		d.text(t, d.checkpointer(t), "", "LOG", "checkpoint starting: shutdown immediate"))
	t = t.Add(410 * time.Millisecond)
	d.j.add(tr, t, d.checkpointComplete(t, g.between(300, 900)), d.text(t, 1, "", "LOG", "database system is shut down"))
	down := t
	t = d.upgradeUp.Add(-1500 * time.Millisecond)
	d.j.add(tr, t,
		d.text(t, 1, "", "LOG", "starting PostgreSQL 16.3 (Debian 16.3-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"),
		d.text(t, 1, "", "LOG", `listening on IPv4 address "0.0.0.0", port 5432`),
		d.text(t, 1, "", "LOG", `listening on IPv6 address "::", port 5432`),
		d.text(t, 1, "", "LOG", `listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`))
	t = t.Add(600 * time.Millisecond)
	d.j.add(tr, t, d.text(t, 27, "", "LOG", "database system was shut down at "+down.Format("2006-01-02 15:04:05")+" UTC"))
	t = d.upgradeUp.Add(-10 * time.Millisecond)
	d.j.add(tr, t, d.text(t, 1, "", "LOG", "database system is ready to accept connections"))
}

func (d *pgLog) diskFull() {
	g, tr := d.g, incident(pgDiskFull)
	g.arrivals(d.diskAt, d.diskAt.Add(7*time.Minute), func(time.Time) float64 { return 2.5 }, func(t time.Time) {
		pid := d.newPID()
		d.j.add(tr, t,
			d.text(t, pid, "app@shop", "ERROR", fmt.Sprintf(`could not extend file "base/16384/24613.%d": No space left on device`, g.between(1, 3))),
			d.text(t, pid, "app@shop", "HINT", "Check free disk space."),
			d.text(t, pid, "app@shop", "STATEMENT", "INSERT INTO order_events (order_id, kind, payload) VALUES ($1, $2, $3)"))
	})
}

func (d *pgLog) superuser() {
	t := d.superAt
	d.j.add(incident(pgSuperuser), t, d.text(t, d.newPID(), "app@shop", "LOG", "statement: ALTER ROLE reporting WITH SUPERUSER"))
}

// lockWaits is a transaction left open on the inventory table: updates queue behind it,
// each logged after a second of waiting and again when it gets the lock.
func (d *pgLog) lockWaits() {
	g, tr := d.g, incident(pgLockWaits)
	holder, xid := d.newPID(), d.xid+12345
	stmt := "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2"
	g.arrivals(d.locksAt, d.locksAt.Add(15*time.Minute), func(time.Time) float64 { return 0.7 }, func(t time.Time) {
		pid := d.newPID()
		tuple := fmt.Sprintf("(%d,%d)", g.between(1, 4000), g.between(1, 60))
		at := t.Add(time.Second)
		d.j.add(tr, at,
			d.text(at, pid, "app@shop", "LOG", fmt.Sprintf("process %d still waiting for ShareLock on transaction %d after 1000.%03d ms", pid, xid, g.intn(1000))),
			d.text(at, pid, "app@shop", "DETAIL", fmt.Sprintf("Process holding the lock: %d. Wait queue: %d.", holder, pid)),
			d.text(at, pid, "app@shop", "CONTEXT", fmt.Sprintf(`while updating tuple %s in relation "inventory"`, tuple)),
			d.text(at, pid, "app@shop", "STATEMENT", stmt))
		wait := g.lognormal(7000, 0.4)
		at = t.Add(time.Duration(wait * float64(time.Millisecond)))
		d.j.add(tr, at,
			d.text(at, pid, "app@shop", "LOG", fmt.Sprintf("process %d acquired ShareLock on transaction %d after %.3f ms", pid, xid, wait)),
			d.text(at, pid, "app@shop", "CONTEXT", fmt.Sprintf(`while updating tuple %s in relation "inventory"`, tuple)),
			d.text(at, pid, "app@shop", "STATEMENT", stmt),
			d.text(at, pid, "app@shop", "LOG", fmt.Sprintf("duration: %.3f ms  execute <unnamed>: %s", wait+g.lognormal(3, 0.3), stmt)),
			d.text(at, pid, "app@shop", "DETAIL", fmt.Sprintf("parameters: $1 = '%d', $2 = 'SKU-%05d'", g.between(1, 4), g.intn(40000))))
	})
}

// archiveFailures is the archive command failing: three attempts a minute, then a
// warning, as the archiver retries.
func (d *pgLog) archiveFailures() {
	g, tr := d.g, incident(pgArchiveFail)
	segment := "000000010000000A000000F3"
	cmd := fmt.Sprintf("test ! -f /mnt/wal-archive/%s && cp pg_wal/%s /mnt/wal-archive/%s", segment, segment, segment)
	g.every(d.archiveAt, d.archiveAt.Add(25*time.Minute), time.Minute, 200*time.Millisecond, func(t time.Time) {
		for i := 0; i < 3; i++ {
			at := t.Add(time.Duration(i) * time.Second)
			d.j.add(tr, at,
				d.text(at, d.archiver(at), "", "LOG", "archive command failed with exit code 1"),
				d.text(at, d.archiver(at), "", "DETAIL", "The failed archive command was: "+cmd))
		}
		at := t.Add(2*time.Second + 5*time.Millisecond)
		d.j.add(tr, at, d.text(at, d.archiver(at), "", "WARNING", fmt.Sprintf(`archiving write-ahead log file "%s" failed too many times, will try again later`, segment)))
	})
}
