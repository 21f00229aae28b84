package families

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// holdout8 is the primary of a web shop's PostgreSQL 16 database, on its own VM
// (10.0.1.5), with PgBouncer 1.21 on another (10.0.1.4) in front of it, their logs
// shipped into one stream. PostgreSQL writes through its logging collector in the stderr
// format, log_line_prefix = '%m [%p] %q%u@%d ': the time to the millisecond, the pid,
// and for session processes the user and database ("[unknown]@[unknown]" until the
// startup packet is read); the background processes (checkpointer, archiver, autovacuum
// workers, the postmaster) have no user@db. DETAIL, HINT, CONTEXT and STATEMENT are lines
// of their own with the same prefix; the lines of a multi-line message (an autovacuum
// report, a deadlock's processes, a hand-written query) follow as continuation lines led
// by a tab. Output of the archive command itself lands in the file as it is. PgBouncer
// writes its own format, pid 1 in its container:
//
//	2024-09-03 07:00:01.234 UTC [2814213] app@shop LOG:  duration: 612.345 ms  execute <unnamed>: SELECT o.id, ... WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT $2
//	2024-09-03 07:00:01.234 UTC [2814213] app@shop DETAIL:  parameters: $1 = '482913', $2 = '20'
//	2024-09-03 07:00:01.240 UTC [1] LOG C-0x55d1c3a0c1d0: shop/app@10.5.1.23:51234 login attempt: db=shop user=app tls=no
//	2024-09-03 07:00:01.318 UTC [1] LOG C-0x55d1c3a0c1d0: shop/app@10.5.1.23:51234 closing because: client close request (age=0s)
//
// The configuration: max_connections 200 (3 reserved for superusers), shared_buffers
// 8GB, max_wal_size 4GB, checkpoint_timeout 5min, log_checkpoints, log_connections and
// log_disconnections on, log_min_duration_statement 500ms, log_statement 'ddl',
// log_lock_waits, log_temp_files 10MB, log_autovacuum_min_duration 0, track_io_timing,
// data checksums, archive_mode with a cp to an NFS volume; the role app has a 30 s
// statement_timeout. PgBouncer: transaction pooling, default_pool_size 50,
// reserve_pool_size 10, server_lifetime 3600, server_idle_timeout 600,
// server_login_retry 15, query_wait_timeout 120, max_prepared_statements on (its stats
// line counts parses and binds), stats every minute.
//
// Normal operation, 13-15 lines a second at first, about 20 once more slow statements
// are logged (below), 30-35 in the campaign's traffic: the shop's PHP front end
// connects to PgBouncer for every page (login attempt, client close request);
// orders-api (Java, HikariCP, 6 pods x 10 connections of 30 minutes) and
// inventory-service (Go pgx, 4 pods x 8 connections of an hour) keep theirs; PgBouncer's
// server connections live out server_lifetime or idle out, each replacement showing as
// a backend's connection received, authenticated, authorized, each end as a
// disconnection with its session time. Slow statements over the threshold from all
// three: PHP's literal SQL (statement:), JDBC's unnamed statements and pgx's statements
// renamed PGBOUNCER_n, both with their parameters; search queries spilling to temporary
// files; a bestsellers query every minute, a session clean-up every 5 minutes, a
// recommendations refresh every 10 (multi-line SQL, its own direct connection).
// Checkpoints every 5 minutes (starting: time, complete 270 s later, distance and
// estimate); autovacuum and autoanalyze of the busy tables with their full reports,
// index vacuuming bypassed on the big ones, now and then an aggressive one. What every
// database has: duplicate sign-ups and double-clicked cart items (unique violations),
// idempotency keys replayed, serialization failures, a product gone from a cart (foreign
// key), statements timing out at 30 s, JDBC query timeouts cancelling statements
// (PgBouncer forwarding the cancel request), row lock waits over a second on carts, a
// rare deadlock, a DBA's psql session, Debezium's logical walsender restarting, a client
// that drops its connection. PgBouncer's stats every minute.
//
// Benign changes:
//   - 0:18, configuration reload (SIGHUP): log_min_duration_statement lowered to 300ms
//     and idle_in_transaction_session_timeout set to 60s. From then on statements
//     between 300 and 500 ms are logged too, and every ten minutes or so an orders-api
//     transaction left open over a payment provider's call is ended (FATAL idle-in-
//     transaction timeout, PgBouncer's server conn crashed?, the client's pooler error,
//     a new client and server connection). Those lines carry the change.
//   - 0:57, orders-api 2.14 deployed: Flyway (a direct connection, log_statement's DDL
//     lines) creates shipment_events and its index, adds orders.fulfillment_status (its
//     AccessExclusiveLock waiting a few seconds behind a running query, the shop's
//     queries queueing behind it, lock waits and acquired lines, their durations) and
//     builds an index concurrently (waiting on a virtual transaction, a minute's build);
//     then the six pods are replaced one by one (their Hikari connections closed, the
//     new pods' opened). The new pods' queries select fulfillment_status and read
//     shipment_events; the new table is analyzed and vacuumed. All of it carries the
//     change.
//   - 1:24, the weekly BI extract: four reporting connections through PgBouncer run
//     multi-line queries of tens of seconds to minutes for about half an hour, with
//     temporary files of hundreds of megabytes to gigabytes; their server connections
//     idle out ten minutes after. Meanwhile autovacuum cannot remove what the long
//     queries still see (dead but not yet removable, old removable cutoffs), and
//     PgBouncer's averages rise; those lines carry the change too.
//   - 2:36, a push campaign: traffic ramps up by half over 8 minutes and stays; the app
//     pool grows past 50 through the reserve pool (taking connection from reserve_pool),
//     an operator raises default_pool_size to 75 and reloads PgBouncer from its console
//     (RELOAD command issued), more server connections open. The extra traffic's lines,
//     the new connections and the stats carry the change.
//
// Incidents:
//   - 0:38 for about 13 minutes, connection slots exhausted: a newly deployed
//     loyalty-sync service connects straight to PostgreSQL and leaks its connections,
//     one every two seconds or so from three pods, until the 197 slots are gone about
//     five minutes in. Then every new connection fails: loyalty-sync's own (remaining
//     connection slots are reserved for roles with the SUPERUSER attribute, sorry, too
//     many clients already), PgBouncer's attempts every 15 s (S: login failed, closing
//     because: login failed), the recommendations refresh; PgBouncer's pool shrinks as
//     servers reach their lifetime, pages wait (longer client ages, PHP giving up at
//     30 s with client unexpected eof), the reserve pool is tried, orders-api
//     connections hit query_wait_timeout, the stats show waits of tenths of seconds. A
//     DBA connects on a reserved slot, limits the role to 20 connections and
//     terminates its backends (FATAL terminating connection due to administrator
//     command); loyalty-sync reconnects up to the limit and is refused (too many
//     connections for role "loyalty") until it is scaled down; PgBouncer reopens its
//     servers. All of it is the incident's.
//   - 1:13, a data checksum failure: a customer's order history page reads a damaged
//     page of order_items; three or four tries in a minute each log page verification
//     failed, invalid page in block, and the statement.
//   - 1:52 for about 35 minutes, WAL archiving failing: the archive volume is full; the
//     first cp writes "No space left on device" and leaves a partial file behind, so
//     every retry fails at the test ! -f: archive command failed with exit code 1 and
//     its DETAIL three times, then failed too many times, will try again later, at
//     every new WAL segment. Checkpoints meanwhile add WAL files and remove or recycle
//     none; once someone removes the partial file the backlog is archived and the next
//     checkpoint removes it. The archiver's lines and those checkpoints are the
//     incident's.
//   - 2:47 for about 5 minutes, a deadlock storm: inventory-service's new bundle
//     reservation locks the SKUs of a bundle in no fixed order; concurrent reservations
//     wait on each other's rows (still waiting for ShareLock on transaction, acquired)
//     and deadlock every few seconds (deadlock detected with both processes' statements,
//     HINT, CONTEXT, STATEMENT), the survivors' updates slow, PgBouncer opens more
//     inventory servers, until the feature is switched off. The lock waits, deadlocks,
//     slow updates and new servers are the incident's.
var holdout8 = Family{
	Name:    "holdout-8",
	Role:    Holdout,
	Service: "PostgreSQL 16 primary's stderr log (log_line_prefix '%m [%p] %q%u@%d ') with PgBouncer 1.21 in front of it, interleaved",
	Lines:   holdout8Lines,
}

const (
	h8Leak     = "holdout-8/1"
	h8Checksum = "holdout-8/2"
	h8Archive  = "holdout-8/3"
	h8Deadlock = "holdout-8/4"
)

const (
	h8Bouncer      = "10.0.1.4"
	h8Server       = "10.0.1.5:5432"
	h8HBA          = "/etc/postgresql/16/main/pg_hba.conf"
	h8Postmaster   = 1187
	h8Checkpointer = 1190
	h8Archiver     = 1194
	h8DB           = 16401 // the shop database's oid
	h8Orders       = 16734
	h8OrderItems   = 16892
	h8SegSize      = 16 << 20
	h8LSN0         = 0x3A9D4E1B20
	h8XID0         = 918273645
	h8Reserved     = "remaining connection slots are reserved for roles with the SUPERUSER attribute"
)

// How a statement reached the server: PHP's emulated prepares and psycopg2 send literal
// SQL, JDBC unnamed prepared statements, pgx named ones PgBouncer renames.
const (
	h8Simple = iota
	h8JDBC
	h8Pgx
)

type h8Log struct {
	g          *gen
	j          *journal
	start, end time.Time
	base       time.Time // where the WAL and transaction counters start, before the log
	wal, xid   []float64 // WAL bytes and transaction ids used since base, each second

	reload, migrate, report, surge change
	altAt, altFree, cicAt, cicEnd  time.Time // the migration's lock wait and index build
	migDone, repEnd, resizeAt      time.Time
	rolls                          []time.Time // each new orders-api pod starting

	leakAt, fullAt, killAt, leakEnd time.Time
	sumAt                           time.Time
	arcAt, arcFix                   time.Time
	dlAt, dlEnd                     time.Time

	pids        map[int]bool
	tmp         map[int]int // temporary files each backend has made
	app, inv    *h8Pool
	orders      []*h8Pod // orders-api: the six pods, then the six that replace them
	invPods     []*h8Pod
	events      []*h8Event
	webIPs      []string
	web         h8Slab
	reserve     int // reserve pool connections the surge may still take
	leakReserve int // and the leak
	queries     []*h8Query
}

// h8Pool is one of PgBouncer's pools: its server connections, slot by slot.
type h8Pool struct {
	user  string
	ptr   int // the first slot's place in PgBouncer's server slab
	hba   int // the pg_hba.conf line its user matches
	slots [][]*h8Conn
}

// h8Conn is a server connection, a backend of PostgreSQL.
type h8Conn struct {
	pid, port  int
	born, died time.Time
	why        string // PgBouncer's reason for closing it
	open, shut truth
	crashed    bool // ended by the server (see idleKill)
}

// h8Pod is an application pod with a client-side pool of PgBouncer connections.
type h8Pod struct {
	ip         string
	user       string
	from, to   time.Time
	n, ptr     int
	tr, stopTr truth
	life       func() time.Duration
}

// h8Event ends a client connection of a pod early: the server ended its transaction
// (idle-in-transaction timeout, slot is the server's) or PgBouncer gave up waiting.
type h8Event struct {
	at      time.Time
	pod     *h8Pod
	conn    int
	slot    int
	why     string
	tr      truth
	applied bool
}

// h8Query is a statement some client runs: how often it could be slow, how long it
// takes, and its text as the log shows it.
type h8Query struct {
	who           string
	pool          *h8Pool
	proto         int
	name          string
	rate          float64 // executions a second at traffic 1 drawn for their duration
	median, sigma float64 // milliseconds
	temp          float64 // chance a slow one spilled to a temporary file
	share         func(t time.Time) float64
	tr            truth
	text          func() (string, []string)
}

func holdout8Lines(seed int64) []Line {
	start := time.Date(2024, 9, 3, 7, 0, 0, 0, time.UTC)
	g := newGen(seed, 29)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &h8Log{g: g, j: &journal{}, start: start, end: start.Add(Length), base: start.Add(-2 * time.Hour),
		pids: map[int]bool{}, tmp: map[int]int{}}
	h.reload = change{"configuration reload: log_min_duration_statement lowered to 300ms, idle_in_transaction_session_timeout 60s", at(18, 0, 50)}
	h.migrate = change{"orders-api 2.14 deploy: Flyway migration (new table, new column, concurrent index) and rolling restart with new queries", at(57, 0, 40)}
	h.report = change{"weekly BI extract: four reporting sessions with long multi-line queries and temporary files for half an hour", at(84, 0, 50)}
	h.surge = change{"push campaign traffic surge; PgBouncer app pool raised from 50 to 75 and reloaded", at(156, 0, 40)}
	h.leakAt = at(38, 0, 40)
	h.fullAt = h.leakAt.Add(5*time.Minute + h.ms(-20_000, 20_000))
	h.killAt = h.fullAt.Add(4*time.Minute + h.ms(0, 40_000))
	h.leakEnd = h.killAt.Add(2*time.Minute + h.ms(20_000, 60_000))
	h.sumAt = at(73, 0, 50)
	h.arcAt = at(112, 0, 40)
	h.arcFix = h.arcAt.Add(34*time.Minute + h.ms(0, 90_000))
	h.dlAt = at(167, 0, 40)
	h.dlEnd = h.dlAt.Add(5*time.Minute + h.ms(-20_000, 30_000))
	// The migration's moments, which the WAL and the pods depend on.
	h.altAt = h.migrate.start.Add(h.ms(1500, 4000))
	h.altFree = h.altAt.Add(h.ms(2400, 5500))
	h.cicAt = h.altFree.Add(h.ms(200, 600))
	h.cicEnd = h.cicAt.Add(time.Duration(g.lognormal(55, 0.2) * float64(time.Second)))
	h.migDone = h.cicEnd.Add(h.ms(100, 400))
	t := h.migDone.Add(h.ms(20_000, 40_000))
	for i := 0; i < 6; i++ {
		h.rolls = append(h.rolls, t)
		t = t.Add(h.ms(45_000, 75_000))
	}
	h.resizeAt = h.surge.start.Add(h.ms(360_000, 420_000))
	h.reserve, h.leakReserve = 10, 3
	h.counters()

	h.setup()
	h.archiving() // settles when the archiving failed; the checkpoints depend on it
	for _, p := range []*h8Pool{h.app, h.inv} {
		h.writePool(p)
	}
	for _, p := range append(append([]*h8Pod{}, h.orders...), h.invPods...) {
		h.clients(p)
	}
	h.reporting()
	h.queries = h.statements()

	// The shop's pages; the campaign's extra share of them carries its change.
	g.arrivals(start.Add(-time.Minute), h.end, func(t time.Time) float64 { return 7.0 * h.traffic(t) * (1 + h.boost(t)) }, func(t time.Time) {
		tr := routine
		if b := h.boost(t); b > 0 && g.chance(b/(1+b)) {
			tr = h.surge.truth()
		}
		h.webVisit(tr, t)
	})
	for _, q := range h.queries {
		h.slowStatements(q)
	}
	g.every(start.Add(h.ms(0, 60_000)), h.end, time.Minute, 300*time.Millisecond, h.bestsellers)
	g.every(start.Add(h.ms(0, 300_000)), h.end, 5*time.Minute, 2*time.Second, h.cleanup)
	g.every(start.Add(h.ms(0, 600_000)), h.end, 10*time.Minute, 3*time.Second, h.recommendations)
	g.every(start.Add(h.ms(500, 59_500)), h.end, time.Minute, 4*time.Millisecond, h.stats)
	h.checkpoints()
	h.autovacuum()
	h.routineErrors()
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 2400 }, h.dbaSession)
	h.debezium()

	h.reloadConfig()
	h.migration()
	h.surging()
	h.leak()
	h.checksum()
	h.deadlocks()

	lines := h.j.sorted(h.end)
	for len(lines) > 0 && lines[0].At.Before(start) { // what was written before the log
		lines = lines[1:]
	}
	return lines
}

func (h *h8Log) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *h8Log) us(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo, hi)) * time.Microsecond
}

func h8Dur(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// traffic is the shop's morning: rising towards noon, with the swell of its visits.
func (h *h8Log) traffic(t time.Time) float64 {
	if t.Before(h.start) {
		t = h.start
	}
	m := t.Sub(h.start).Minutes()
	return (0.84 + 0.28*rampUp(t, h.start, 170*time.Minute)) * (1 + 0.06*math.Sin(2*math.Pi*m/19) + 0.04*math.Sin(2*math.Pi*m/6.1+1))
}

// boost is the push campaign's extra share of the traffic.
func (h *h8Log) boost(t time.Time) float64 { return 0.5 * rampUp(t, h.surge.start, 8*time.Minute) }

// threshold is log_min_duration_statement at t, in milliseconds.
func (h *h8Log) threshold(t time.Time) float64 {
	if t.Before(h.reload.start) {
		return 500
	}
	return 300
}

// counters draws the WAL written and the transaction ids used each second.
func (h *h8Log) counters() {
	n := int(h.end.Sub(h.base).Seconds()) + 180
	h.wal, h.xid = make([]float64, n+1), make([]float64, n+1)
	for i := 1; i <= n; i++ {
		t := h.base.Add(time.Duration(i) * time.Second)
		load := h.traffic(t) * (1 + h.boost(t))
		w := 1.15e6 * load * (1 + 0.18*h.g.rng.NormFloat64())
		if within(t, h.cicAt, h.cicEnd.Sub(h.cicAt)) {
			w += 4.2e6 // the index build
		}
		h.wal[i] = h.wal[i-1] + math.Max(w, 2e5)
		h.xid[i] = h.xid[i-1] + 390*load*(1+0.1*h.g.rng.NormFloat64())
	}
}

func (h *h8Log) counter(c []float64, t time.Time) float64 {
	x := t.Sub(h.base).Seconds()
	i := int(x)
	if i < 0 {
		return 0
	}
	if i >= len(c)-1 {
		return c[len(c)-1]
	}
	return c[i] + (c[i+1]-c[i])*(x-float64(i))
}

func (h *h8Log) lsn(t time.Time) uint64 { return h8LSN0 + uint64(h.counter(h.wal, t)) }
func (h *h8Log) xidAt(t time.Time) int  { return h8XID0 + int(h.counter(h.xid, t)) }

func h8LSN(v uint64) string       { return fmt.Sprintf("%X/%X", v>>32, v&0xffffffff) }
func h8SegName(seg uint64) string { return fmt.Sprintf("%08X%08X%08X", 1, seg/256, seg%256) }

// pid is the pid of a process forked at t: the kernel hands them out in order, to the
// host's other processes too.
func (h *h8Log) pid(t time.Time) int {
	p := 2814000 + int(t.Sub(h.start).Seconds()*2.1)
	for h.pids[p] {
		p++
	}
	h.pids[p] = true
	return p
}

func (h *h8Log) port() int { return 32768 + h.g.intn(28232) }

func h8Stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000") + " UTC" }

func h8Session(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// Writing -------------------------------------------------------------------------

// pg writes one entry of PostgreSQL's log: kv holds its messages, severity then text
// (the message, then DETAIL, HINT, CONTEXT, STATEMENT), each with the prefix; the lines
// of a message after its first are continuation lines led by a tab.
func (h *h8Log) pg(tr truth, at time.Time, pid int, who string, kv ...string) {
	prefix := fmt.Sprintf("%s [%d] ", h8Stamp(at), pid)
	if who != "" {
		prefix += who + " "
	}
	var lines []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts := strings.Split(kv[i+1], "\n")
		lines = append(lines, prefix+kv[i]+":  "+parts[0])
		for _, p := range parts[1:] {
			lines = append(lines, "\t"+p)
		}
	}
	h.j.add(tr, at, lines...)
}

// bnc writes a PgBouncer line; sock is the connection's prefix, or "".
func (h *h8Log) bnc(tr truth, at time.Time, level, sock, msg string) {
	h.j.add(tr, at, fmt.Sprintf("%s [1] %s %s%s", h8Stamp(at), level, sock, msg))
}

// h8Client is a client connection to PgBouncer.
type h8Client struct {
	ptr      int
	db, user string
	ip       string
	port     int
	born     time.Time
}

func (c *h8Client) sock() string {
	return fmt.Sprintf("C-0x%x: %s/%s@%s:%d ", 0x55d1c3a0b2f0+c.ptr*0x2d8, c.db, c.user, c.ip, c.port)
}

func h8ServerSock(user string, slot int) string {
	return fmt.Sprintf("S-0x%x: shop/%s@%s ", 0x55d1c3b41a40+slot*0x2d8, user, h8Server)
}

func (h *h8Log) login(tr truth, at time.Time, c *h8Client) {
	c.born = at
	h.bnc(tr, at, "LOG", c.sock(), fmt.Sprintf("login attempt: db=%s user=%s tls=no", c.db, c.user))
}

func (h *h8Log) closeClient(tr truth, at time.Time, c *h8Client, why string) {
	h.bnc(tr, at, "LOG", c.sock(), fmt.Sprintf("closing because: %s (age=%ds)", why, int(at.Sub(c.born)/time.Second)))
}

// backend writes a backend's start as log_connections has it and returns the time of its
// last line.
func (h *h8Log) backend(tr truth, at time.Time, pid int, user, host string, port, hba int, app string) time.Time {
	h.pg(tr, at, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", host, port))
	at = at.Add(h.us(1500, 7000))
	who := user + "@shop"
	h.pg(tr, at, pid, who, "LOG", fmt.Sprintf(`connection authenticated: identity="%s" method=scram-sha-256 (%s:%d)`, user, h8HBA, hba))
	at = at.Add(h.us(150, 1200))
	msg := "connection authorized: user=" + user + " database=shop"
	if app != "" {
		msg += " application_name=" + app
	}
	h.pg(tr, at, pid, who, "LOG", msg)
	return at
}

func (h *h8Log) bye(tr truth, at time.Time, pid int, user, host string, port int, d time.Duration) {
	h.pg(tr, at, pid, user+"@shop", "LOG", fmt.Sprintf("disconnection: session time: %s user=%s database=shop host=%s port=%d", h8Session(d), user, host, port))
}

// refused is a connection PostgreSQL turns away after reading its startup packet: the
// last slots are the superusers' (or none is free at all), or the role is at its limit.
func (h *h8Log) refused(tr truth, at time.Time, ip, user string, hba int, app, fatal string) {
	pid, port := h.pid(at), h.port()
	if fatal == "" && h.g.chance(0.2) {
		h.pg(tr, at, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", ip, port))
		h.pg(tr, at.Add(h.us(300, 1500)), pid, user+"@shop", "FATAL", "sorry, too many clients already")
		return
	}
	if fatal == "" {
		fatal = h8Reserved
	}
	end := h.backend(tr, at, pid, user, ip, port, hba, app)
	h.pg(tr, end.Add(h.us(40, 400)), pid, user+"@shop", "FATAL", fatal)
}

// stmt writes a slow statement's duration line (with its parameters, if bound).
func (h *h8Log) stmt(tr truth, at time.Time, pid int, who string, proto int, name string, d float64, sql string, params []string) {
	head := "statement: "
	switch proto {
	case h8JDBC:
		head = "execute <unnamed>: "
	case h8Pgx:
		head = "execute " + name + ": "
	}
	kv := []string{"LOG", fmt.Sprintf("duration: %.3f ms  %s%s", d, head, sql)}
	if len(params) > 0 {
		kv = append(kv, "DETAIL", "parameters: "+h8Params(params))
	}
	h.pg(tr, at, pid, who+"@shop", kv...)
}

func h8Params(p []string) string {
	var b strings.Builder
	for i, v := range p {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d = '%s'", i+1, v)
	}
	return b.String()
}

// tempFile is a temporary file a backend deletes, as log_temp_files reports it.
func (h *h8Log) tempFile(tr truth, at time.Time, pid int, who string, size int, sql string) {
	n := h.tmp[pid]
	h.tmp[pid]++
	h.pg(tr, at, pid, who+"@shop", "LOG", fmt.Sprintf(`temporary file: path "base/pgsql_tmp/pgsql_tmp%d.%d", size %d`, pid, n, size), "STATEMENT", sql)
}

// Connections ------------------------------------------------------------------------

func (h *h8Log) setup() {
	g := h.g
	for i := 0; i < 8; i++ {
		h.webIPs = append(h.webIPs, fmt.Sprintf("10.5.%d.%d", 1+2*(i%2), g.between(10, 250)))
	}
	// orders-api: six pods until the rollout replaces them, one by one.
	hikari := func() time.Duration { return time.Duration((1800 - g.rng.Float64()*45) * float64(time.Second)) }
	pgx := func() time.Duration { return time.Duration(3600+g.between(0, 300)) * time.Second }
	var fresh []*h8Pod
	for i := 0; i < 6; i++ {
		h.orders = append(h.orders, &h8Pod{ip: fmt.Sprintf("10.5.2.%d", g.between(10, 250)), user: "app", from: h.start.Add(-48 * time.Hour),
			to: h.rolls[i].Add(h.ms(25_000, 40_000)), n: 10, ptr: i * 10, tr: routine, stopTr: h.migrate.truth(), life: hikari})
		fresh = append(fresh, &h8Pod{ip: fmt.Sprintf("10.5.2.%d", g.between(10, 250)), user: "app", from: h.rolls[i], to: h.end.Add(time.Hour),
			n: 10, ptr: 60 + i*10, tr: h.migrate.truth(), life: hikari})
	}
	h.orders = append(h.orders, fresh...)
	for i := 0; i < 4; i++ {
		h.invPods = append(h.invPods, &h8Pod{ip: fmt.Sprintf("10.5.4.%d", g.between(10, 250)), user: "inventory", from: h.start.Add(-30 * time.Hour),
			to: h.end.Add(time.Hour), n: 8, ptr: 130 + i*8, tr: routine, life: pgx})
	}

	// The idle-in-transaction timeouts the reload brings, and the orders-api connections
	// that give up waiting for a server while the slots are gone.
	g.arrivals(h.reload.start.Add(90*time.Second), h.end, func(time.Time) float64 { return 1.0 / 560 }, func(t time.Time) {
		if within(t, h.fullAt, h.leakEnd.Sub(h.fullAt)) {
			return
		}
		p := h.podAt(t)
		h.events = append(h.events, &h8Event{at: t, pod: p, conn: g.intn(p.n), slot: g.intn(46), why: "server conn crashed?", tr: h.reload.truth()})
	})
	for n := 5 + g.intn(4); n > 0; n-- {
		t := h.fullAt.Add(125*time.Second + h.ms(0, int(h.killAt.Sub(h.fullAt).Milliseconds())-100_000))
		p := h.podAt(t)
		h.events = append(h.events, &h8Event{at: t, pod: p, conn: g.intn(p.n), why: "query_wait_timeout", tr: incident(h8Leak), applied: true})
	}

	h.app = &h8Pool{user: "app", ptr: 0, hba: 104, slots: make([][]*h8Conn, 72)}
	h.inv = &h8Pool{user: "inventory", ptr: 100, hba: 105, slots: make([][]*h8Conn, 16)}
	for i := 0; i < 46; i++ {
		h.fill(h.app, i, h.start.Add(-time.Duration(g.between(0, 3600))*time.Second), routine)
	}
	for i := 0; i < 10; i++ {
		h.fill(h.inv, i, h.start.Add(-time.Duration(g.between(0, 3600))*time.Second), routine)
	}
	// The deadlock storm keeps the inventory pool's servers busy: it opens more, which
	// idle out ten minutes after.
	t := h.dlAt.Add(h.ms(20_000, 40_000))
	for i := 10; i < 16; i++ {
		c := &h8Conn{port: h.port(), born: t, why: "server idle timeout", open: incident(h8Deadlock), shut: incident(h8Deadlock)}
		c.pid = h.pid(t)
		c.died = h.dlEnd.Add(600*time.Second + h.ms(0, 30_000))
		h.inv.slots[i] = []*h8Conn{c}
		t = t.Add(h.ms(5_000, 30_000))
	}
	// The surge: four more within the pool's size, ten through the reserve, then twelve
	// once the pool is raised.
	tr := h.surge.truth()
	t = h.surge.start.Add(h.ms(60_000, 120_000))
	for i := 46; i < 50; i++ {
		h.fill(h.app, i, t, tr)
		t = t.Add(h.ms(10_000, 40_000))
	}
	for i := 50; i < 60; i++ {
		h.fill(h.app, i, t, tr)
		t = t.Add(h.ms(5_000, 25_000))
		if t.After(h.resizeAt) {
			t = h.resizeAt.Add(-h.ms(1000, 5000))
		}
	}
	t = h.resizeAt.Add(h.ms(2000, 10_000))
	for i := 60; i < 72; i++ {
		h.fill(h.app, i, t, tr)
		t = t.Add(h.ms(5_000, 40_000))
	}
}

// podAt is an orders-api pod running at t.
func (h *h8Log) podAt(t time.Time) *h8Pod {
	var up []*h8Pod
	for _, p := range h.orders {
		if !t.Before(p.from) && t.Before(p.to) {
			up = append(up, p)
		}
	}
	return up[h.g.intn(len(up))]
}

// fill draws the server connections of one slot of a pool from born on: each lives out
// server_lifetime (or idles out), and the next opens when a client needs it. None opens
// while the slots are gone; an idle-in-transaction timeout ends one early.
func (h *h8Log) fill(p *h8Pool, i int, born time.Time, tr truth) {
	g := h.g
	open := tr
	for born.Before(h.end) {
		if !born.Before(h.fullAt) && born.Before(h.killAt) {
			born, open = h.killAt.Add(h.ms(300, 15_000)), incident(h8Leak)
		}
		c := &h8Conn{port: h.port(), born: born, why: "server lifetime over", open: open, shut: tr}
		c.pid = h.pid(born)
		life := time.Duration(3600+g.between(0, 90))*time.Second + h.ms(0, 999)
		gap := h.ms(5, 2500)
		if g.chance(0.15) {
			c.why = "server idle timeout"
			life = time.Duration(g.between(900, 3500)) * time.Second
			gap = time.Duration(g.between(60, 1500)) * time.Second
		}
		c.died = born.Add(life)
		open = tr
		if p == h.app {
			for _, e := range h.events {
				if e.why == "server conn crashed?" && !e.applied && e.slot == i && e.at.After(born.Add(time.Minute)) && e.at.Before(c.died) {
					c.died, c.why, c.crashed, c.shut = e.at, e.why, true, e.tr
					e.applied = true
					gap, open = h.ms(300, 20_000), e.tr
					break
				}
			}
		}
		p.slots[i] = append(p.slots[i], c)
		born = c.died.Add(gap)
	}
}

// conn is a server connection of the pool open at t, other than the backend not.
func (p *h8Pool) conn(g *gen, t time.Time, not int) *h8Conn {
	for try := 0; try < 80; try++ {
		for _, c := range p.slots[g.intn(len(p.slots))] {
			if !t.Before(c.born) && t.Before(c.died) && c.pid != not {
				return c
			}
		}
	}
	return nil
}

// open counts the pool's server connections at t.
func (p *h8Pool) open(t time.Time) int {
	n := 0
	for _, s := range p.slots {
		for _, c := range s {
			if !t.Before(c.born) && t.Before(c.died) {
				n++
			}
		}
	}
	return n
}

func (h *h8Log) writePool(p *h8Pool) {
	for i, s := range p.slots {
		sock := h8ServerSock(p.user, p.ptr+i)
		for _, c := range s {
			h.bnc(c.open, c.born, "LOG", sock, fmt.Sprintf("new connection to server (from %s:%d)", h8Bouncer, c.port))
			h.backend(c.open, c.born.Add(h.us(200, 900)), c.pid, p.user, h8Bouncer, c.port, p.hba, "")
			if c.crashed {
				h.idleKill(p, sock, c)
				continue
			}
			h.bnc(c.shut, c.died, "LOG", sock, fmt.Sprintf("closing because: %s (age=%ds)", c.why, int(c.died.Sub(c.born)/time.Second)))
			h.bye(c.shut, c.died.Add(h.us(150, 1500)), c.pid, p.user, h8Bouncer, c.port, c.died.Sub(c.born))
		}
	}
}

// idleKill is the server's side of an idle-in-transaction timeout: the backend ends the
// session, PgBouncer finds its server gone (the client's side is in clients).
func (h *h8Log) idleKill(p *h8Pool, sock string, c *h8Conn) {
	tr, at := c.shut, c.died
	h.pg(tr, at, c.pid, "app@shop", "FATAL", "terminating connection due to idle-in-transaction timeout")
	h.bye(tr, at.Add(h.us(100, 600)), c.pid, p.user, h8Bouncer, c.port, at.Sub(c.born))
	h.bnc(tr, at.Add(h.us(700, 1400)), "LOG", sock, fmt.Sprintf("closing because: server conn crashed? (age=%ds)", int(at.Sub(c.born)/time.Second)))
}

// clients is a pod's client-side pool: each connection logs in, lives its maximum
// lifetime and is replaced, until the pod stops; an event may end one early.
func (h *h8Log) clients(p *h8Pod) {
	g := h.g
	for k := 0; k < p.n; k++ {
		born, tr := p.from.Add(h.ms(300, 2500)), p.tr
		if p.from.Before(h.start) {
			born = h.start.Add(-time.Duration(g.rng.Float64() * float64(p.life())))
		}
		for born.Before(p.to) && born.Before(h.end) {
			c := &h8Client{ptr: p.ptr + k, db: "shop", user: p.user, ip: p.ip, port: h.port()}
			h.login(tr, born, c)
			died, why, ctr := born.Add(p.life()), "client close request", p.tr
			for _, e := range h.events {
				if e.pod == p && e.conn == k && e.applied && e.at.After(born) && e.at.Before(died) {
					died, why, ctr = e.at.Add(h.us(1500, 3000)), e.why, e.tr
					break
				}
			}
			last := false
			if !died.Before(p.to) {
				died, why, ctr, last = p.to.Add(h.us(0, 400_000)), "client close request", p.stopTr, true
			}
			h.closeClient(ctr, died, c, why)
			if why != "client close request" {
				h.bnc(ctr, died, "WARNING", c.sock(), "pooler error: "+why)
			}
			if last {
				break
			}
			born, tr = died.Add(h.ms(2, 120)), p.tr
			if why != "client close request" {
				tr = ctr
			}
		}
	}
}

// webVisit is a page of the PHP front end: it connects to PgBouncer, runs its queries and
// disconnects. While the server slots are gone, pages wait for a server, the reserve
// pool is tried, and PHP gives up at 30 s.
func (h *h8Log) webVisit(tr truth, t time.Time) {
	g := h.g
	c := &h8Client{ptr: 300 + h.web.get(t), db: "shop", user: "app", ip: pick(g, h.webIPs), port: h.port()}
	h.login(tr, t, c)
	d := time.Duration(g.lognormal(0.07, 0.9) * float64(time.Second))
	why := "client close request"
	if g.chance(0.001) {
		why = "client unexpected eof"
	}
	starve := 0.5 * rampUp(t, h.fullAt.Add(20*time.Second), 2*time.Minute) * (1 - rampUp(t, h.killAt, 40*time.Second))
	switch {
	case starve > 0 && g.chance(starve):
		tr = incident(h8Leak)
		if h.leakReserve > 0 && g.chance(0.03) {
			h.leakReserve--
			h.bnc(tr, t.Add(5*time.Second+h.ms(0, 900)), "WARNING", c.sock(), "taking connection from reserve_pool")
		}
		d += time.Duration(g.lognormal(7, 0.8) * float64(time.Second))
		if d >= 30*time.Second {
			d, why = 30*time.Second+h.ms(0, 300), "client unexpected eof"
		}
	case tr.change == h.surge.name && t.After(h.surge.start.Add(150*time.Second)) && t.Before(h.resizeAt) && h.reserve > 0 && g.chance(0.02):
		h.reserve--
		h.bnc(tr, t.Add(5*time.Second+h.ms(0, 900)), "WARNING", c.sock(), "taking connection from reserve_pool")
		d += 5*time.Second + h.ms(100, 1500)
	}
	h.closeClient(tr, t.Add(d), c, why)
	h.web.hold(c.ptr-300, t.Add(d))
}

// h8Slab hands out PgBouncer's client objects as its slab allocator does: the most
// recently freed first.
type h8Slab struct {
	next int
	free []int
	busy []h8Held
}

type h8Held struct {
	until time.Time
	ptr   int
}

func (s *h8Slab) get(t time.Time) int {
	var done []h8Held
	kept := s.busy[:0]
	for _, b := range s.busy {
		if b.until.After(t) {
			kept = append(kept, b)
		} else {
			done = append(done, b)
		}
	}
	s.busy = kept
	slices.SortFunc(done, func(a, b h8Held) int { return a.until.Compare(b.until) })
	for _, b := range done {
		s.free = append(s.free, b.ptr)
	}
	if n := len(s.free); n > 0 {
		p := s.free[n-1]
		s.free = s.free[:n-1]
		return p
	}
	s.next++
	return s.next - 1
}

func (s *h8Slab) hold(p int, until time.Time) { s.busy = append(s.busy, h8Held{until, p}) }

// Statements -------------------------------------------------------------------------

var h8Terms = []string{"sneaker", "jacket", "wool", "linen", "rain", "kids", "boots", "leather", "yoga", "denim", "hoodie", "cotton",
	"running", "summer", "winter", "shirt", "dress", "bag", "socks", "trail", "slim", "organic", "vintage", "cap", "scarf", "merino"}

var h8First = []string{"anna", "jonas", "marie", "lukas", "sophie", "felix", "laura", "piotr", "agnieszka", "lucas", "chloe", "marco",
	"giulia", "james", "olivia", "ahmet", "elif", "lars", "ingrid", "nina", "tom", "eva", "paul", "lena"}

var h8Last = []string{"kowalski", "nowak", "mueller", "schmidt", "weber", "fischer", "dubois", "moreau", "rossi", "bianchi", "garcia",
	"lopez", "smith", "jones", "yilmaz", "kaya", "hansen", "berg", "novak", "horvat", "wagner", "becker"}

func (h *h8Log) customer() int { return 1000 + h.g.intn(2_400_000) }
func (h *h8Log) product() int  { return 10000 + h.g.intn(88000) }
func (h *h8Log) order() int    { return 38_412_000 - h.g.intn(600_000) }

// newShare is the share of orders-api's pods running 2.14 at t.
func (h *h8Log) newShare(t time.Time) float64 {
	n := 0
	for _, r := range h.rolls {
		if !t.Before(r.Add(20 * time.Second)) {
			n++
		}
	}
	return float64(n) / 6
}

func (h *h8Log) statements() []*h8Query {
	g := h.g
	oldShare := func(t time.Time) float64 { return 1 - h.newShare(t) }
	web := func(rate, median, sigma, temp float64, text func() string) *h8Query {
		return &h8Query{who: "app", pool: h.app, proto: h8Simple, rate: rate, median: median, sigma: sigma, temp: temp,
			text: func() (string, []string) { return text(), nil }}
	}
	jdbc := func(rate, median, sigma float64, text func() (string, []string)) *h8Query {
		return &h8Query{who: "app", pool: h.app, proto: h8JDBC, rate: rate, median: median, sigma: sigma, text: text}
	}
	inv := func(name string, rate, median, sigma float64, text func() (string, []string)) *h8Query {
		return &h8Query{who: "inventory", pool: h.inv, proto: h8Pgx, name: name, rate: rate, median: median, sigma: sigma, text: text}
	}
	q := []*h8Query{
		web(3.3, 230, 0.6, 0.035, func() string {
			term := pick(g, h8Terms)
			return fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.thumbnail_url FROM products p WHERE p.active AND (p.name ILIKE '%%%s%%' OR p.description ILIKE '%%%s%%') ORDER BY p.popularity DESC LIMIT 48 OFFSET %d", term, term, 48*g.intn(6))
		}),
		web(3.0, 170, 0.6, 0.015, func() string {
			lo := 500 * g.intn(20)
			return fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents FROM products p JOIN product_categories pc ON pc.product_id = p.id WHERE pc.category_id = %d AND p.active AND p.price_cents BETWEEN %d AND %d ORDER BY p.price_cents LIMIT 48 OFFSET %d", 1+g.intn(640), lo, lo+500*(1+g.intn(40)), 48*g.intn(4))
		}),
		web(1.8, 200, 0.55, 0, func() string {
			return fmt.Sprintf("SELECT count(*) FROM products p WHERE p.active AND p.name ILIKE '%%%s%%'", pick(g, h8Terms))
		}),
		web(2.1, 140, 0.7, 0, func() string {
			return fmt.Sprintf("SELECT o.id, o.created_at, o.status, o.total_cents, count(oi.id) AS items FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.customer_id = %d GROUP BY o.id ORDER BY o.created_at DESC LIMIT 20", h.customer())
		}),
		web(3.6, 40, 0.8, 0, func() string {
			return fmt.Sprintf("SELECT ci.product_id, ci.quantity, p.name, p.price_cents, p.stock_status FROM carts c JOIN cart_items ci ON ci.cart_id = c.id JOIN products p ON p.id = ci.product_id WHERE c.session_id = '%s'", g.hex(32))
		}),
		jdbc(2.7, 150, 0.7, func() (string, []string) {
			return "SELECT o.id, o.status, o.total_cents, o.currency, o.created_at FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT $2",
				[]string{fmt.Sprint(h.customer()), "20"}
		}),
		jdbc(2.4, 60, 0.9, func() (string, []string) {
			return "SELECT oi.id, oi.product_id, p.name, oi.quantity, oi.unit_price_cents FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = $1",
				[]string{fmt.Sprint(h.order())}
		}),
		jdbc(3.0, 35, 1.0, func() (string, []string) {
			return "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2", []string{pick(g, []string{"paid", "packed", "shipped", "delivered", "cancelled"}), fmt.Sprint(h.order())}
		}),
		jdbc(1.8, 30, 1.0, func() (string, []string) {
			return "INSERT INTO orders (customer_id, status, total_cents, currency, shipping_address_id, created_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id",
				[]string{fmt.Sprint(h.customer()), "pending", fmt.Sprint(g.between(900, 42000)), "EUR", fmt.Sprint(g.between(100000, 3900000))}
		}),
		jdbc(1.2, 40, 1.0, func() (string, []string) {
			return "UPDATE payments SET status = $1, provider_reference = $2, captured_at = now() WHERE id = $3",
				[]string{"captured", "pi_" + g.alnum(24), fmt.Sprint(21_500_000 - g.intn(400_000))}
		}),
		inv("PGBOUNCER_7", 3.0, 90, 0.8, func() (string, []string) {
			ids := make([]string, 2+g.intn(8))
			for i := range ids {
				ids[i] = fmt.Sprint(h.product())
			}
			return "SELECT sku_id, warehouse_id, on_hand - reserved AS available FROM inventory WHERE sku_id = ANY($1)", []string{"{" + strings.Join(ids, ",") + "}"}
		}),
		inv("PGBOUNCER_12", 2.4, 30, 1.1, func() (string, []string) {
			return "UPDATE inventory SET reserved = reserved + $1, updated_at = now() WHERE sku_id = $2 AND warehouse_id = $3",
				[]string{fmt.Sprint(1 + g.intn(3)), fmt.Sprint(h.product()), fmt.Sprint(1 + g.intn(6))}
		}),
		inv("PGBOUNCER_9", 1.5, 25, 1.0, func() (string, []string) {
			return "INSERT INTO stock_movements (sku_id, warehouse_id, delta, reason, created_at) VALUES ($1, $2, $3, $4, now())",
				[]string{fmt.Sprint(h.product()), fmt.Sprint(1 + g.intn(6)), fmt.Sprint(-1 - g.intn(3)), pick(g, []string{"order", "order", "return", "adjustment"})}
		}),
	}
	q[5].share = oldShare
	// 2.14's shapes: the order list filters on the new column, and an order's page
	// reads its shipment events.
	mig := h.migrate.truth()
	o := jdbc(2.7, 150, 0.7, func() (string, []string) {
		return "SELECT o.id, o.status, o.fulfillment_status, o.total_cents, o.currency, o.created_at FROM orders o WHERE o.customer_id = $1 AND o.fulfillment_status <> $2 ORDER BY o.created_at DESC LIMIT $3",
			[]string{fmt.Sprint(h.customer()), "cancelled", "20"}
	})
	o.share, o.tr = h.newShare, mig
	s := jdbc(1.8, 80, 0.9, func() (string, []string) {
		return "SELECT se.event_type, se.carrier, se.payload, se.occurred_at FROM shipment_events se WHERE se.order_id = $1 ORDER BY se.occurred_at",
			[]string{fmt.Sprint(h.order())}
	})
	s.share, s.tr = h.newShare, mig
	u := jdbc(1.5, 35, 1.0, func() (string, []string) {
		return "UPDATE orders SET fulfillment_status = $1, updated_at = now() WHERE id = $2", []string{pick(g, []string{"picking", "packed", "handed_over", "in_transit"}), fmt.Sprint(h.order())}
	})
	u.share, u.tr = h.newShare, mig
	return append(q, o, s, u)
}

// slowStatements draws a query's executions and logs those over the threshold; the
// campaign's extra share of them carries its change.
func (h *h8Log) slowStatements(q *h8Query) {
	g := h.g
	rate := func(t time.Time) float64 {
		r := q.rate * h.traffic(t) * (1 + h.boost(t))
		if q.share != nil {
			r *= q.share(t)
		}
		return r
	}
	g.arrivals(h.start.Add(-time.Minute), h.end, rate, func(t time.Time) {
		d := g.lognormal(q.median, q.sigma)
		if d < 250 {
			return
		}
		tr := q.tr
		if b := h.boost(t); b > 0 && g.chance(b/(1+b)) {
			tr = merge(tr, h.surge.truth())
		}
		spill := q.temp > 0 && d < 30000 && g.chance(q.temp)
		if d < h.threshold(t) && !spill {
			return
		}
		c := q.pool.conn(g, t, 0)
		if c == nil {
			return
		}
		sql, params := q.text()
		end := t.Add(h8Dur(d))
		if spill {
			h.tempFile(tr, end.Add(-h.ms(1, 40)), c.pid, q.who, int(g.lognormal(28e6, 0.6))&^8191+8192*g.intn(2), sql)
		}
		if d < h.threshold(t) {
			return
		}
		if d < 500 {
			tr = merge(tr, h.reload.truth())
		}
		if q.who == "app" && d >= 30000 {
			h.pg(tr, t.Add(30*time.Second+h.us(0, 900)), c.pid, "app@shop", "ERROR", "canceling statement due to statement timeout", "STATEMENT", sql)
			return
		}
		h.stmt(tr, end, c.pid, q.who, q.proto, q.name, d, sql, params)
	})
}

// bestsellers: orders-api's scheduler refreshes the home page's bestsellers every minute.
func (h *h8Log) bestsellers(t time.Time) {
	c := h.app.conn(h.g, t, 0)
	d := h.g.lognormal(780, 0.25)
	if c == nil || d < h.threshold(t) {
		return
	}
	tr := routine
	if d < 500 {
		tr = h.reload.truth()
	}
	h.stmt(tr, t.Add(h8Dur(d)), c.pid, "app", h8JDBC, "", d,
		"SELECT oi.product_id, sum(oi.quantity) AS sold FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.created_at >= $1 AND o.status <> $2 GROUP BY oi.product_id ORDER BY sold DESC LIMIT $3",
		[]string{t.Add(-24*time.Hour).Truncate(time.Minute).Format("2006-01-02 15:04:05") + "+00", "cancelled", "50"})
}

// cleanup: a CronJob deletes expired sessions every 5 minutes, through PgBouncer, from a
// new pod each time.
func (h *h8Log) cleanup(t time.Time) {
	g := h.g
	c := &h8Client{ptr: 200 + g.intn(4), db: "shop", user: "app", ip: fmt.Sprintf("10.5.%d.%d", 5+g.intn(3), g.between(2, 250)), port: h.port()}
	h.login(routine, t, c)
	d := g.lognormal(1400, 0.5)
	end := t.Add(h.ms(5, 30) + h8Dur(d))
	if s := h.app.conn(g, t, 0); s != nil && d >= h.threshold(t) {
		tr := routine
		if d < 500 {
			tr = h.reload.truth()
		}
		h.stmt(tr, end, s.pid, "app", h8Simple, "", d, "DELETE FROM sessions WHERE expires_at < now() - interval '1 day'", nil)
	}
	h.closeClient(routine, end.Add(h.ms(2, 20)), c, "client close request")
}

const h8Recommend = `WITH recent AS (
    SELECT v.customer_id, v.product_id, max(v.viewed_at) AS last_seen, count(*) AS views
    FROM product_views v
    WHERE v.viewed_at > now() - interval '7 days'
    GROUP BY v.customer_id, v.product_id
), scored AS (
    SELECT r.customer_id, s.similar_id AS product_id, sum(s.score * ln(1 + r.views)) AS score
    FROM recent r
    JOIN product_similarity s ON s.product_id = r.product_id
    GROUP BY r.customer_id, s.similar_id
)
INSERT INTO recommendations (customer_id, product_id, score, computed_at)
SELECT customer_id, product_id, score, now()
FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY score DESC) AS rn FROM scored) x
WHERE rn <= 24
ON CONFLICT (customer_id, product_id) DO UPDATE SET score = EXCLUDED.score, computed_at = EXCLUDED.computed_at`

// recommendations: a cron job on a VM refreshes the recommendations every 10 minutes
// over its own connection, a multi-line statement with a sort that spills.
func (h *h8Log) recommendations(t time.Time) {
	g := h.g
	const ip = "10.0.3.7"
	if !t.Before(h.fullAt) && t.Before(h.killAt) {
		h.refused(incident(h8Leak), t, ip, "recommender", 110, "", "")
		return
	}
	pid, port := h.pid(t), h.port()
	at := h.backend(routine, t, pid, "recommender", ip, port, 110, "")
	d := g.lognormal(6200, 0.3)
	end := at.Add(h.ms(20, 80) + h8Dur(d))
	if g.chance(0.7) {
		h.tempFile(routine, end.Add(-h.ms(200, 1500)), pid, "recommender", int(g.lognormal(180e6, 0.3))&^8191, h8Recommend)
	}
	h.stmt(routine, end, pid, "recommender", h8Simple, "", d, h8Recommend, nil)
	out := end.Add(h.ms(3, 30))
	h.bye(routine, out, pid, "recommender", ip, port, out.Sub(t))
}

// dbaSession: a DBA looks at something with psql, an ad-hoc query now and then slow.
func (h *h8Log) dbaSession(t time.Time) {
	g := h.g
	const ip = "10.0.9.12"
	if within(t, h.fullAt.Add(-time.Minute), h.leakEnd.Sub(h.fullAt)) {
		return
	}
	pid, port := h.pid(t), h.port()
	at := h.backend(routine, t, pid, "postgres", ip, port, 96, "psql")
	for n := g.intn(3); n > 0; n-- {
		at = at.Add(h.ms(20_000, 200_000))
		d := g.lognormal(900, 0.9)
		if d < h.threshold(at) {
			continue
		}
		tr := routine
		if d < 500 {
			tr = h.reload.truth()
		}
		sql := pick(g, []string{
			"select status, count(*) from orders where created_at > now() - interval '1 hour' group by 1;",
			"select relname, n_dead_tup, last_autovacuum from pg_stat_user_tables order by n_dead_tup desc limit 20;",
			fmt.Sprintf("select * from orders where customer_id = %d order by created_at desc;", h.customer()),
			"select query, calls, mean_exec_time from pg_stat_statements order by total_exec_time desc limit 25;",
			"select count(*) from sessions where expires_at < now();",
		})
		at = at.Add(h8Dur(d))
		h.stmt(tr, at, pid, "postgres", h8Simple, "", d, sql, nil)
	}
	out := at.Add(h.ms(10_000, 300_000))
	h.bye(routine, out, pid, "postgres", ip, port, out.Sub(t))
}

// debezium: the CDC connector restarts now and then (a Kafka Connect rebalance): its
// walsender ends and a new one starts logical decoding where the slot left off.
func (h *h8Log) debezium() {
	g := h.g
	const ip = "10.6.3.18"
	times := []time.Time{h.start.Add(time.Duration(g.between(20, 170))*time.Minute + h.ms(0, 59_999))}
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 9000 }, func(t time.Time) { times = append(times, t) })
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	born := h.start.Add(-time.Duration(g.between(3600, 40000)) * time.Second)
	pid, port := h.pid(born), h.port()
	for _, t := range times {
		h.bye(routine, t, pid, "debezium", ip, port, t.Sub(born))
		born = t.Add(h.ms(4000, 15_000))
		pid, port = h.pid(born), h.port()
		at := born
		h.pg(routine, at, pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", ip, port))
		at = at.Add(h.us(1500, 6000))
		h.pg(routine, at, pid, "debezium@shop", "LOG", fmt.Sprintf(`connection authenticated: identity="debezium" method=scram-sha-256 (%s:99)`, h8HBA))
		at = at.Add(h.us(200, 1000))
		h.pg(routine, at, pid, "debezium@shop", "LOG", "replication connection authorized: user=debezium")
		at = at.Add(h.ms(40, 300))
		confirmed := h.lsn(t.Add(-h.ms(500, 3000)))
		h.pg(routine, at, pid, "debezium@shop", "LOG", `starting logical decoding for slot "debezium_shop"`,
			"DETAIL", fmt.Sprintf("Streaming transactions committing after %s, reading WAL from %s.", h8LSN(confirmed), h8LSN(confirmed-uint64(g.between(2e5, 9e6)))))
	}
}

// Background processes ----------------------------------------------------------------

// checkpoints: a timed checkpoint every 5 minutes, spread over 90% of it. While WAL is
// not archived, none can be removed or recycled and new files are added; the first
// checkpoint after the backlog is archived removes it.
func (h *h8Log) checkpoints() {
	g := h.g
	t := h.start.Add(h.ms(20_000, 299_000))
	prev := h.lsn(t.Add(-5 * time.Minute))
	est := float64(prev-h.lsn(t.Add(-10*time.Minute))) / 1024
	backlog := 0
	for ; t.Before(h.end); t = t.Add(5*time.Minute + h.ms(0, 25)) {
		h.pg(routine, t, h8Checkpointer, "", "LOG", "checkpoint starting: time")
		redo := h.lsn(t)
		dist := float64(redo-prev) / 1024
		if est < dist {
			est = dist
		} else {
			est = 0.9*est + 0.1*dist
		}
		write := 269.85 + g.rng.Float64()*0.2
		sync := math.Min(g.lognormal(0.03, 0.8), 1.5)
		total := write + sync + 0.002 + g.rng.Float64()*0.05
		done := t.Add(time.Duration(total * float64(time.Second)))
		bufs := int(g.lognormal(26000*h.traffic(t)*(1+h.boost(t)), 0.12))
		segs := int(math.Round(dist / 16384))
		added, removed, recycled := 0, 0, max(0, segs+g.between(-1, 1))
		tr := routine
		switch {
		case done.After(h.arcAt) && done.Before(h.arcFix):
			added, recycled, tr = segs+g.between(0, 1), 0, incident(h8Archive)
			backlog += segs
		case backlog > 0 && !done.Before(h.arcFix):
			removed, tr = backlog+g.between(-1, 1), incident(h8Archive)
			backlog = 0
		}
		files := g.between(90, 260)
		longest := math.Min(sync, g.lognormal(0.006, 0.9))
		msg := fmt.Sprintf("checkpoint complete: wrote %d buffers (%.1f%%); %d WAL file(s) added, %d removed, %d recycled; write=%.3f s, sync=%.3f s, total=%.3f s; sync files=%d, longest=%.3f s, average=%.3f s; distance=%d kB, estimate=%d kB",
			bufs, float64(bufs)/1048576*100, added, removed, recycled, write, sync, total, files, longest, sync/float64(files), int(dist), int(est))
		h.pg(tr, done, h8Checkpointer, "", "LOG", msg)
		prev = redo
	}
}

// h8Table is a table autovacuum looks after.
type h8Table struct {
	schema, name   string
	pages, rows    int
	every, analyze float64 // minutes between runs, 0 for none
	churn, dead    float64 // share of pages changed between runs; share of their tuples dead
	insert         bool    // vacuumed for its inserts
	idx            []string
	from           time.Time
	tr             truth
}

func (h *h8Log) tables() []*h8Table {
	mig := h.migrate
	return []*h8Table{
		{schema: "public", name: "sessions", pages: 61200, rows: 1_910_000, every: 5, analyze: 12, churn: 0.25, dead: 0.18, idx: []string{"sessions_pkey", "sessions_expires_at_idx", "sessions_customer_id_idx"}},
		{schema: "public", name: "carts", pages: 18400, rows: 820_000, every: 9, analyze: 20, churn: 0.2, dead: 0.12, idx: []string{"carts_pkey", "carts_session_id_key"}},
		{schema: "public", name: "cart_items", pages: 22300, rows: 2_400_000, every: 11, churn: 0.15, dead: 0.1, idx: []string{"cart_items_pkey", "cart_items_cart_id_product_id_key"}},
		{schema: "public", name: "inventory", pages: 9800, rows: 610_000, every: 7, analyze: 15, churn: 0.35, dead: 0.2, idx: []string{"inventory_pkey", "inventory_sku_id_warehouse_id_key"}},
		{schema: "public", name: "orders", pages: 412_000, rows: 38_400_000, every: 45, analyze: 40, churn: 0.02, dead: 0.04, idx: []string{"orders_pkey", "orders_customer_id_created_at_idx", "orders_status_idx"}},
		{schema: "public", name: "order_items", pages: 1_020_000, rows: 121_000_000, every: 70, churn: 0.008, dead: 0.02, idx: []string{"order_items_pkey", "order_items_order_id_idx"}},
		{schema: "public", name: "payments", pages: 233_000, rows: 21_400_000, every: 50, churn: 0.02, dead: 0.05, idx: []string{"payments_pkey", "payments_order_id_idx", "payments_idempotency_key_key"}},
		{schema: "public", name: "stock_movements", pages: 540_000, rows: 64_000_000, every: 28, churn: 0.004, insert: true, idx: []string{"stock_movements_pkey", "stock_movements_sku_id_created_at_idx"}},
		{schema: "public", name: "events", pages: 2_100_000, rows: 188_000_000, every: 35, analyze: 60, churn: 0.002, insert: true, idx: []string{"events_pkey", "events_created_at_idx"}},
		{schema: "pg_toast", name: "pg_toast_16812", pages: 14200, rows: 402_000, every: 16, churn: 0.3, dead: 0.2, idx: []string{"pg_toast_16812_index"}},
		{schema: "public", name: "shipment_events", pages: 40, rows: 1500, every: 40, analyze: 14, churn: 1, insert: true, idx: []string{"shipment_events_pkey", "shipment_events_order_id_idx"},
			from: h.migDone.Add(8 * time.Minute), tr: mig.truth()},
	}
}

// autovacuum: each table vacuumed and analyzed as its changes reach the thresholds, each
// run a new worker; an analyze due with a vacuum runs in the same worker.
func (h *h8Log) autovacuum() {
	g := h.g
	for _, tb := range h.tables() {
		from := h.start
		if !tb.from.IsZero() {
			from = tb.from
		}
		next := func(t time.Time, every float64) time.Time {
			return t.Add(time.Duration(g.lognormal(every, 0.25) * float64(time.Minute)))
		}
		for t := from.Add(time.Duration(g.rng.Float64() * tb.every * float64(time.Minute))); t.Before(h.end); t = next(t, tb.every) {
			pid := h.pid(t)
			end := h.vacuum(t, pid, tb)
			if tb.analyze > 0 && g.chance(0.3) {
				h.analyze(end.Add(h.ms(5, 80)), pid, tb)
			}
		}
		if tb.analyze > 0 {
			for t := from.Add(time.Duration(g.rng.Float64() * tb.analyze * float64(time.Minute))); t.Before(h.end); t = next(t, tb.analyze) {
				h.analyze(t, h.pid(t), tb)
			}
		}
	}
}

func h8Rusage(e float64, g *gen) string {
	cs := func(s float64) string { return fmt.Sprintf("%d.%02d", int(s), int(s*100)%100) }
	return fmt.Sprintf("CPU: user: %s s, system: %s s, elapsed: %s s", cs(e*(0.1+0.3*g.rng.Float64())), cs(e*(0.02+0.06*g.rng.Float64())), cs(e))
}

// vacuum writes an autovacuum worker's report of a table and returns when it ended.
func (h *h8Log) vacuum(t time.Time, pid int, tb *h8Table) time.Time {
	g := h.g
	tr := tb.tr
	pages := tb.pages + int(float64(tb.pages)*0.00002*t.Sub(h.start).Minutes())
	if !tb.from.IsZero() {
		pages = tb.pages + int(float64(t.Sub(tb.from).Minutes())*6)
	}
	aggressive := !tb.insert && tb.pages > 100_000 && g.chance(0.03)
	frac := math.Min(1, tb.churn*g.lognormal(1, 0.3))
	if aggressive {
		frac = 0.85 + 0.15*g.rng.Float64()
	}
	scanned := max(1, int(float64(pages)*frac))
	density := float64(tb.rows) / float64(tb.pages)
	rows := int(float64(pages) * density)
	removed, notYet := 0, 0
	if !tb.insert {
		removed = int(float64(scanned) * density * tb.dead * g.lognormal(1, 0.35))
		if g.chance(0.4) {
			notYet = g.intn(60)
		}
	}
	rate := 390 * h.traffic(t) * (1 + h.boost(t))
	held := !tb.insert && within(t, h.report.start.Add(time.Minute), h.repEnd.Sub(h.report.start))
	if held {
		// The extract's long queries still see what was deleted since they began.
		tr = merge(tr, h.report.truth())
		notYet += removed * 3 / 4
		removed /= 4
	}
	lp := 0
	if removed > 0 {
		lp = min(scanned, int(float64(scanned)*(0.35+0.5*g.rng.Float64())))
	}
	scans, mode, verb := 0, "index scan not needed: ", "had %d dead item identifiers removed"
	if removed > 0 {
		if float64(lp) < 0.02*float64(pages) {
			mode, verb = "index scan bypassed: ", "have %d dead item identifiers"
		} else {
			mode, scans = "index scan needed: ", 1
		}
	}
	idxPages := make([]int, len(tb.idx))
	idxTotal := 0
	for i := range tb.idx {
		idxPages[i] = max(2, int(float64(pages)*(0.08+0.12*float64((i*37)%5)/4)))
		idxTotal += idxPages[i]
	}
	e := (float64(scanned)/7000+float64(idxTotal*scans)/15000)*g.lognormal(1, 0.3) + 0.01
	oldest := int(rate * (e + 0.2 + 4*g.rng.Float64()))
	if held {
		oldest += int(rate * (40 + 300*g.rng.Float64()))
	}
	end := t.Add(time.Duration(e * float64(time.Second)))
	next := h.xidAt(end)
	cutoff := next - oldest
	kind := "automatic vacuum of table"
	if aggressive {
		kind = "automatic aggressive vacuum of table"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s \"shop.%s.%s\": index scans: %d\n", kind, tb.schema, tb.name, scans)
	fmt.Fprintf(&b, "pages: 0 removed, %d remain, %d scanned (%.2f%% of total)\n", pages, scanned, 100*float64(scanned)/float64(pages))
	fmt.Fprintf(&b, "tuples: %d removed, %d remain, %d are dead but not yet removable\n", removed, rows, notYet)
	fmt.Fprintf(&b, "removable cutoff: %d, which was %d XIDs old when operation ended\n", cutoff, oldest)
	if aggressive || frac > 0.9 || g.chance(0.2) {
		ahead := g.between(200_000, 9_000_000)
		if aggressive {
			ahead = g.between(40_000_000, 90_000_000)
		}
		fmt.Fprintf(&b, "new relfrozenxid: %d, which is %d XIDs ahead of previous value\n", cutoff-g.intn(3000), ahead)
	}
	frozen := int(float64(scanned) * 0.25 * g.rng.Float64())
	fmt.Fprintf(&b, "frozen: %d pages from table (%.2f%% of total) had %d tuples frozen\n", frozen, 100*float64(frozen)/float64(pages), int(float64(frozen)*density*(0.2+0.6*g.rng.Float64())))
	fmt.Fprintf(&b, mode+"%d pages from table (%.2f%% of total) "+verb+"\n", lp, 100*float64(lp)/float64(pages), removed)
	if scans > 0 {
		for i, name := range tb.idx {
			del := g.intn(40)
			fmt.Fprintf(&b, "index \"%s\": pages: %d in total, %d newly deleted, %d currently deleted, %d reusable\n", name, idxPages[i], g.intn(del+1), del, del)
		}
	}
	touched := scanned + idxTotal*scans
	misses := int(float64(touched) * (0.04 + 0.3*g.rng.Float64()))
	dirtied := lp + frozen + g.intn(50)
	written := int(float64(dirtied) * 0.3 * g.rng.Float64())
	fmt.Fprintf(&b, "I/O timings: read: %.3f ms, write: %.3f ms\n", float64(misses)*(0.04+0.2*g.rng.Float64()), float64(written)*0.02*g.rng.Float64())
	fmt.Fprintf(&b, "avg read rate: %.3f MB/s, avg write rate: %.3f MB/s\n", float64(misses)*8192/1048576/e, float64(written)*8192/1048576/e)
	fmt.Fprintf(&b, "buffer usage: %d hits, %d misses, %d dirtied\n", touched-misses+g.intn(300), misses, dirtied)
	fpi := int(float64(dirtied) * (0.1 + 0.4*g.rng.Float64()))
	recs := lp*2 + frozen + removed/40 + g.intn(20)
	fmt.Fprintf(&b, "WAL usage: %d records, %d full page images, %d bytes\n", recs, fpi, fpi*(6000+g.intn(2000))+recs*(50+g.intn(30)))
	b.WriteString("system usage: " + h8Rusage(e, g))
	h.pg(tr, end, pid, "", "LOG", b.String())
	return end
}

func (h *h8Log) analyze(t time.Time, pid int, tb *h8Table) {
	g := h.g
	sample := min(30000, tb.pages)
	if !tb.from.IsZero() {
		sample = min(30000, tb.pages+int(t.Sub(tb.from).Minutes()*6))
	}
	e := float64(sample)/45000*g.lognormal(1, 0.4) + 0.02
	misses := int(float64(sample) * (0.05 + 0.5*g.rng.Float64()))
	var b strings.Builder
	fmt.Fprintf(&b, "automatic analyze of table \"shop.%s.%s\"\n", tb.schema, tb.name)
	fmt.Fprintf(&b, "I/O timings: read: %.3f ms, write: %.3f ms\n", float64(misses)*(0.04+0.2*g.rng.Float64()), 0.0)
	fmt.Fprintf(&b, "avg read rate: %.3f MB/s, avg write rate: %.3f MB/s\n", float64(misses)*8192/1048576/e, g.rng.Float64()*0.2)
	fmt.Fprintf(&b, "buffer usage: %d hits, %d misses, %d dirtied\n", sample-misses+g.intn(200)+80, misses, g.intn(30))
	b.WriteString("system usage: " + h8Rusage(e, g))
	h.pg(tb.tr, t.Add(time.Duration(e*float64(time.Second))), pid, "", "LOG", b.String())
}

// stats: PgBouncer's averages over the last minute.
func (h *h8Log) stats(t time.Time) {
	g := h.g
	tr := routine
	load := h.traffic(t) * (1 + h.boost(t))
	xacts := load * 1380 * g.lognormal(1, 0.03)
	queries := xacts * (2.9 + 0.3*g.rng.Float64())
	binds := 230 * load * g.lognormal(1, 0.05)
	cparse := g.lognormal(2.5, 0.5)
	xus, qus, wait := g.lognormal(4100, 0.06), g.lognormal(1050, 0.06), g.lognormal(38, 0.45)
	if h.boost(t) > 0.005 {
		tr = h.surge.truth()
		if t.Before(h.resizeAt.Add(time.Minute)) {
			wait *= 1 + 60*h.boost(t)
		}
	}
	if within(t, h.report.start.Add(time.Minute), h.repEnd.Sub(h.report.start)) {
		tr = merge(tr, h.report.truth())
		long := 4 * 60e6 / (queries * 60) // four queries always running
		qus += long * g.lognormal(1, 0.15)
		xus += long * g.lognormal(1, 0.15)
	}
	if within(t, h.fullAt.Add(30*time.Second), h.killAt.Add(90*time.Second).Sub(h.fullAt)) {
		// Pages waiting for a server, some giving up.
		tr = incident(h8Leak)
		starve := rampUp(t, h.fullAt, 3*time.Minute) * (1 - rampUp(t, h.killAt, time.Minute))
		wait += g.lognormal(350_000, 0.5) * starve
		xus += wait / 3
		xacts *= 1 - 0.15*starve
		queries *= 1 - 0.15*starve
	}
	h.bnc(tr, t, "LOG", "", fmt.Sprintf("stats: %d xacts/s, %d queries/s, %d client parses/s, %d server parses/s, %d binds/s, in %d B/s, out %d B/s, xact %d us, query %d us, wait %d us",
		int(xacts), int(queries), int(cparse), int(cparse*g.rng.Float64()), int(binds), int(queries*(180+50*g.rng.Float64())), int(queries*(2100+600*g.rng.Float64())), int(xus), int(qus), int(wait)))
}

// routineErrors: what the shop's database refuses every day, and the lock waits.
func (h *h8Log) routineErrors() {
	g := h.g
	arr := func(rate float64, fn func(time.Time)) {
		g.arrivals(h.start, h.end, func(t time.Time) float64 { return rate * h.traffic(t) }, fn)
	}
	app := func(t time.Time) int {
		if c := h.app.conn(g, t, 0); c != nil {
			return c.pid
		}
		return h.app.slots[0][0].pid
	}
	arr(1.0/110, func(t time.Time) {
		f, l := pick(g, h8First), pick(g, h8Last)
		email := fmt.Sprintf("%s.%s%s@%s", f, l, pick(g, []string{"", "", fmt.Sprint(g.between(1, 99))}), pick(g, []string{"gmail.com", "gmail.com", "web.de", "gmx.de", "outlook.com", "yahoo.com", "icloud.com"}))
		h.pg(routine, t, app(t), "app@shop", "ERROR", `duplicate key value violates unique constraint "customers_email_key"`,
			"DETAIL", fmt.Sprintf("Key (email)=(%s) already exists.", email),
			"STATEMENT", fmt.Sprintf("INSERT INTO customers (email, first_name, last_name, locale, newsletter, created_at) VALUES ('%s', '%s', '%s', '%s', %t, now()) RETURNING id",
				email, strings.ToUpper(f[:1])+f[1:], strings.ToUpper(l[:1])+l[1:], pick(g, []string{"de_DE", "de_DE", "pl_PL", "fr_FR", "en_GB", "it_IT"}), g.chance(0.3)))
	})
	arr(1.0/85, func(t time.Time) {
		cart, p := 8_800_000+g.intn(400_000), h.product()
		h.pg(routine, t, app(t), "app@shop", "ERROR", `duplicate key value violates unique constraint "cart_items_cart_id_product_id_key"`,
			"DETAIL", fmt.Sprintf("Key (cart_id, product_id)=(%d, %d) already exists.", cart, p),
			"STATEMENT", fmt.Sprintf("INSERT INTO cart_items (cart_id, product_id, quantity, added_at) VALUES (%d, %d, %d, now())", cart, p, 1+g.intn(2)))
	})
	arr(1.0/700, func(t time.Time) {
		key := g.uuid()
		h.pg(routine, t, app(t), "app@shop", "ERROR", `duplicate key value violates unique constraint "payments_idempotency_key_key"`,
			"DETAIL", fmt.Sprintf("Key (idempotency_key)=(%s) already exists.", key),
			"STATEMENT", "INSERT INTO payments (order_id, provider, amount_cents, currency, idempotency_key, status) VALUES ($1, $2, $3, $4, $5, $6)")
	})
	arr(1.0/380, func(t time.Time) {
		h.pg(routine, t, app(t), "app@shop", "ERROR", "could not serialize access due to concurrent update",
			"STATEMENT", "UPDATE payments SET status = $1, provider_reference = $2, captured_at = now() WHERE id = $3")
	})
	arr(1.0/1500, func(t time.Time) {
		cart, p := 8_800_000+g.intn(400_000), 98000+g.intn(2000)
		h.pg(routine, t, app(t), "app@shop", "ERROR", `insert or update on table "cart_items" violates foreign key constraint "cart_items_product_id_fkey"`,
			"DETAIL", fmt.Sprintf(`Key (product_id)=(%d) is not present in table "products".`, p),
			"STATEMENT", fmt.Sprintf("INSERT INTO cart_items (cart_id, product_id, quantity, added_at) VALUES (%d, %d, 1, now())", cart, p))
	})
	arr(1.0/1100, func(t time.Time) {
		// a search for several words at once: the planner's guess is wrong
		terms := make([]string, 3+g.intn(4))
		for i := range terms {
			terms[i] = fmt.Sprintf("p.name ILIKE '%%%s%%'", pick(g, h8Terms))
		}
		h.pg(routine, t, app(t), "app@shop", "ERROR", "canceling statement due to statement timeout",
			"STATEMENT", fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.thumbnail_url FROM products p JOIN product_categories pc ON pc.product_id = p.id WHERE p.active AND (%s) ORDER BY p.popularity DESC LIMIT 48 OFFSET %d",
				strings.Join(terms, " OR "), 48*g.intn(3)))
	})
	arr(1.0/650, h.cancel)
	arr(1.0/200, func(t time.Time) { h.lockWait(routine, t, "carts") })
	arr(1.0/4800, h.cartDeadlock)
}

// cancel: orders-api's 10 s query timeout fires; the JDBC driver sends a cancel request,
// which PgBouncer forwards over a new server connection.
func (h *h8Log) cancel(t time.Time) {
	g := h.g
	c := h.app.conn(g, t, 0)
	if c == nil {
		return
	}
	p := h.podAt(t)
	req := &h8Client{ptr: 290 + g.intn(6), db: "shop", user: "(nouser)", ip: p.ip, port: h.port(), born: t}
	sock := h8ServerSock("app", 140+g.intn(12))
	port, pid := h.port(), h.pid(t)
	h.bnc(routine, t.Add(h.us(300, 900)), "LOG", sock, fmt.Sprintf("new connection to server (from %s:%d)", h8Bouncer, port))
	h.pg(routine, t.Add(h.us(900, 1500)), pid, "[unknown]@[unknown]", "LOG", fmt.Sprintf("connection received: host=%s port=%d", h8Bouncer, port))
	h.pg(routine, t.Add(h.us(1600, 2400)), c.pid, "app@shop", "ERROR", "canceling statement due to user request",
		"STATEMENT", "SELECT o.id, o.status, o.total_cents, o.currency, o.created_at FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT $2")
	h.bnc(routine, t.Add(h.us(1700, 2000)), "LOG", sock, "closing because: successfully sent cancel request (age=0s)")
	h.closeClient(routine, t.Add(h.us(2100, 2800)), req, "successfully sent cancel request")
}

// lockWait is a row lock waited on past deadlock_timeout: the waiter's log_lock_waits
// lines, then it acquires the lock and its statement ends, slow.
func (h *h8Log) lockWait(tr truth, t time.Time, rel string) {
	g := h.g
	a := h.app.conn(g, t, 0)
	if a == nil {
		return
	}
	b := h.app.conn(g, t, a.pid)
	if b == nil {
		return
	}
	x := h.xidAt(t) - g.intn(400)
	id := 8_800_000 + g.intn(400_000)
	sql := fmt.Sprintf("UPDATE carts SET item_count = item_count + %d, updated_at = now() WHERE id = %d", 1+g.intn(2), id)
	ctx := fmt.Sprintf(`while updating tuple (%d,%d) in relation "%s"`, id%18400, 1+g.intn(40), rel)
	first := 1000 + g.rng.Float64()*0.15
	h.pg(tr, t.Add(h8Dur(first)), a.pid, "app@shop", "LOG", fmt.Sprintf("process %d still waiting for ShareLock on transaction %d after %.3f ms", a.pid, x, first),
		"DETAIL", fmt.Sprintf("Process holding the lock: %d. Wait queue: %d.", b.pid, a.pid), "CONTEXT", ctx, "STATEMENT", sql)
	waited := first + g.lognormal(350, 1.0)
	h.pg(tr, t.Add(h8Dur(waited)), a.pid, "app@shop", "LOG", fmt.Sprintf("process %d acquired ShareLock on transaction %d after %.3f ms", a.pid, x, waited),
		"CONTEXT", ctx, "STATEMENT", sql)
	d := waited + g.lognormal(2, 0.5)
	h.stmt(tr, t.Add(h8Dur(d)), a.pid, "app", h8Simple, "", d, sql, nil)
}

// cartDeadlock: two requests merging the same carts lock their items in opposite orders.
func (h *h8Log) cartDeadlock(t time.Time) {
	g := h.g
	a := h.app.conn(g, t, 0)
	if a == nil {
		return
	}
	b := h.app.conn(g, t, a.pid)
	if b == nil {
		return
	}
	cart := 8_800_000 + g.intn(400_000)
	p1, p2 := h.product(), h.product()
	sa := fmt.Sprintf("UPDATE cart_items SET quantity = quantity + 1 WHERE cart_id = %d AND product_id = %d", cart, p2)
	sb := fmt.Sprintf("UPDATE cart_items SET quantity = quantity + 1 WHERE cart_id = %d AND product_id = %d", cart, p1)
	h.deadlock(routine, t, a.pid, b.pid, "cart_items", "app", h8Simple, "", sa, sb, nil, nil, 22300)
}

// deadlock: b waits on a's row first, then a on b's, and a's deadlock check after
// deadlock_timeout finds the cycle: a's transaction is rolled back, b gets its lock.
func (h *h8Log) deadlock(tr truth, t time.Time, a, b int, rel, who string, proto int, name, sa, sb string, pa, pb []string, pages int) {
	g := h.g
	xa, xb := h.xidAt(t)-g.intn(300), h.xidAt(t)-g.intn(300)
	tb := t.Add(-h.ms(50, 800))
	ctx := func() string {
		return fmt.Sprintf(`while updating tuple (%d,%d) in relation "%s"`, g.intn(pages), 1+g.intn(60), rel)
	}
	cb := ctx()
	first := 1000 + g.rng.Float64()*0.12
	w := who + "@shop"
	h.pg(tr, tb.Add(h8Dur(first)), b, w, "LOG", fmt.Sprintf("process %d still waiting for ShareLock on transaction %d after %.3f ms", b, xa, first),
		"DETAIL", fmt.Sprintf("Process holding the lock: %d. Wait queue: %d.", a, b), "CONTEXT", cb, "STATEMENT", sb)
	at := t.Add(h8Dur(1000 + g.rng.Float64()*0.3))
	h.pg(tr, at, a, w, "ERROR", "deadlock detected",
		"DETAIL", fmt.Sprintf("Process %d waits for ShareLock on transaction %d; blocked by process %d.\nProcess %d waits for ShareLock on transaction %d; blocked by process %d.\nProcess %d: %s\nProcess %d: %s",
			a, xb, b, b, xa, a, a, sa, b, sb),
		"HINT", "See server log for query details.", "CONTEXT", ctx(), "STATEMENT", sa)
	got := at.Add(h.us(150, 2500))
	waited := float64(got.Sub(tb)) / float64(time.Millisecond)
	h.pg(tr, got, b, w, "LOG", fmt.Sprintf("process %d acquired ShareLock on transaction %d after %.3f ms", b, xa, waited), "CONTEXT", cb, "STATEMENT", sb)
	d := waited + g.lognormal(1.5, 0.5)
	h.stmt(tr, got.Add(h8Dur(d-waited)), b, who, proto, name, d, sb, pb)
}

// Benign changes -----------------------------------------------------------------------

// reloadConfig: the DBA edits postgresql.conf and reloads; the postmaster reports the
// parameters that changed.
func (h *h8Log) reloadConfig() {
	tr, t := h.reload.truth(), h.reload.start
	h.pg(tr, t, h8Postmaster, "", "LOG", "received SIGHUP, reloading configuration files")
	t = t.Add(h.us(300, 2000))
	h.pg(tr, t, h8Postmaster, "", "LOG", `parameter "log_min_duration_statement" changed to "300ms"`)
	h.pg(tr, t.Add(h.us(5, 60)), h8Postmaster, "", "LOG", `parameter "idle_in_transaction_session_timeout" changed to "60s"`)
}

const h8ShipmentEvents = `CREATE TABLE shipment_events (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    carrier text NOT NULL,
    event_type text NOT NULL,
    payload jsonb,
    occurred_at timestamptz NOT NULL DEFAULT now()
)`

// migration: Flyway, run by the deploy before the new pods, connects directly and
// applies three migrations; log_statement logs the DDL (and a slow one's duration
// alone). The new column waits for its lock behind a running query and the shop's
// queries queue behind it; the concurrent index build waits for a transaction that
// began before it. Then the pods are replaced (see clients).
func (h *h8Log) migration() {
	g := h.g
	tr := h.migrate.truth()
	const ip = "10.6.2.31"
	t := h.migrate.start
	pid, port := h.pid(t), h.port()
	t = h.backend(tr, t, pid, "migrator", ip, port, 109, "PostgreSQL JDBC Driver")
	ddl := func(at time.Time, sql string) { h.pg(tr, at, pid, "migrator@shop", "LOG", "execute <unnamed>: "+sql) }
	ddl(t.Add(h.ms(300, 900)), h8ShipmentEvents)
	ddl(t.Add(h.ms(1000, 1400)), "CREATE INDEX shipment_events_order_id_idx ON shipment_events (order_id, occurred_at)")
	alter := "ALTER TABLE orders ADD COLUMN fulfillment_status text NOT NULL DEFAULT 'pending'"
	ddl(h.altAt, alter)
	rel := fmt.Sprintf("relation %d of database %d", h8Orders, h8DB)

	// The running query holding AccessShareLock: the bestsellers refresh; a few
	// short queries hold it too when the ALTER arrives.
	holder := h.app.conn(g, h.altAt, 0)
	holders := []int{holder.pid}
	for n := g.intn(3); n > 0; n-- {
		if c := h.app.conn(g, h.altAt, holder.pid); c != nil {
			holders = append(holders, c.pid)
		}
	}
	list := func(pids []int) string {
		s := make([]string, len(pids))
		for i, p := range pids {
			s[i] = fmt.Sprint(p)
		}
		return strings.Join(s, ", ")
	}
	holding := func() string {
		if len(holders) == 1 {
			return fmt.Sprintf("Process holding the lock: %d.", holders[0])
		}
		return fmt.Sprintf("Processes holding the lock: %s.", list(holders))
	}
	first := 1000 + g.rng.Float64()*0.12
	h.pg(tr, h.altAt.Add(h8Dur(first)), pid, "migrator@shop", "LOG", fmt.Sprintf("process %d still waiting for AccessExclusiveLock on %s after %.3f ms", pid, rel, first),
		"DETAIL", holding()+fmt.Sprintf(" Wait queue: %d.", pid), "STATEMENT", alter)
	holders = holders[:1] // the short ones finish
	d := float64(h.altFree.Sub(h.altAt))/float64(time.Millisecond) + g.lognormal(1800, 0.4)
	h.stmt(tr, h.altFree, holder.pid, "app", h8JDBC, "", d,
		"SELECT oi.product_id, sum(oi.quantity) AS sold FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.created_at >= $1 AND o.status <> $2 GROUP BY oi.product_id ORDER BY sold DESC LIMIT $3",
		[]string{h.altAt.Add(-24*time.Hour).Truncate(time.Minute).Format("2006-01-02 15:04:05") + "+00", "cancelled", "50"})
	got := h.altFree.Add(h.us(100, 900))
	waited := float64(got.Sub(h.altAt)) / float64(time.Millisecond)
	h.pg(tr, got, pid, "migrator@shop", "LOG", fmt.Sprintf("process %d acquired AccessExclusiveLock on %s after %.3f ms", pid, rel, waited), "STATEMENT", alter)
	done := got.Add(h.ms(3, 25))
	h.pg(tr, done, pid, "migrator@shop", "LOG", fmt.Sprintf("duration: %.3f ms", float64(done.Sub(h.altAt))/float64(time.Millisecond)))

	// The shop's queries arriving meanwhile wait behind the ALTER in the queue.
	queue := []int{pid}
	var arrivals []time.Time
	span := int(h.altFree.Sub(h.altAt).Milliseconds())
	for n := 4 + g.intn(5); n > 0; n-- {
		arrivals = append(arrivals, h.altAt.Add(h.ms(30, span-200)))
	}
	for i := 1; i < len(arrivals); i++ { // in order of arrival
		for j := i; j > 0 && arrivals[j].Before(arrivals[j-1]); j-- {
			arrivals[j], arrivals[j-1] = arrivals[j-1], arrivals[j]
		}
	}
	for _, a := range arrivals {
		c := h.app.conn(g, a, holder.pid)
		if c == nil {
			continue
		}
		mode, sql, params, proto := "AccessShareLock", fmt.Sprintf("SELECT o.id, o.created_at, o.status, o.total_cents, count(oi.id) AS items FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.customer_id = %d GROUP BY o.id ORDER BY o.created_at DESC LIMIT 20", h.customer()), []string(nil), h8Simple
		if g.chance(0.5) {
			mode, sql, params, proto = "RowExclusiveLock", "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2", []string{pick(g, []string{"paid", "packed", "shipped"}), fmt.Sprint(h.order())}, h8JDBC
		}
		queue = append(queue, c.pid)
		logged := a.Add(time.Second).Before(done)
		if logged {
			w := 1000 + g.rng.Float64()*0.15
			h.pg(tr, a.Add(h8Dur(w)), c.pid, "app@shop", "LOG", fmt.Sprintf("process %d still waiting for %s on %s after %.3f ms", c.pid, mode, rel, w),
				"DETAIL", holding()+" Wait queue: "+list(queue)+".", "STATEMENT", sql)
		}
		at := done.Add(h.us(200, 3000))
		waited := float64(at.Sub(a)) / float64(time.Millisecond)
		if logged {
			h.pg(tr, at, c.pid, "app@shop", "LOG", fmt.Sprintf("process %d acquired %s on %s after %.3f ms", c.pid, mode, rel, waited), "STATEMENT", sql)
		}
		d := waited + g.lognormal(40, 0.8)
		if d >= h.threshold(a) {
			h.stmt(tr, a.Add(h8Dur(d)), c.pid, "app", proto, "", d, sql, params)
		}
	}

	// The concurrent index build waits for the transactions older than it.
	cic := "CREATE INDEX CONCURRENTLY orders_fulfillment_status_idx ON orders (fulfillment_status) WHERE fulfillment_status <> 'delivered'"
	ddl(h.cicAt, cic)
	if v := h.app.conn(g, h.cicAt, 0); v != nil {
		vx := fmt.Sprintf("virtual transaction %d/%d", 3+g.intn(60), g.between(1_000_000, 9_000_000))
		w := 1000 + g.rng.Float64()*0.12
		h.pg(tr, h.cicAt.Add(h8Dur(w)), pid, "migrator@shop", "LOG", fmt.Sprintf("process %d still waiting for ShareLock on %s after %.3f ms", pid, vx, w),
			"DETAIL", fmt.Sprintf("Process holding the lock: %d. Wait queue: %d.", v.pid, pid), "STATEMENT", cic)
		w += g.lognormal(1200, 0.6)
		h.pg(tr, h.cicAt.Add(h8Dur(w)), pid, "migrator@shop", "LOG", fmt.Sprintf("process %d acquired ShareLock on %s after %.3f ms", pid, vx, w), "STATEMENT", cic)
	}
	h.pg(tr, h.cicEnd, pid, "migrator@shop", "LOG", fmt.Sprintf("duration: %.3f ms", float64(h.cicEnd.Sub(h.cicAt))/float64(time.Millisecond)))
	h.bye(tr, h.migDone, pid, "migrator", ip, port, h.migDone.Sub(h.migrate.start))
}

// h8Reports are the BI extract's queries, for the week before.
var h8Reports = []string{
	`SELECT date_trunc('day', o.created_at) AS day,
       p.category_id,
       count(DISTINCT o.id) AS orders,
       sum(oi.quantity * oi.unit_price_cents) / 100.0 AS revenue
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p ON p.id = oi.product_id
WHERE o.created_at >= '%s' AND o.created_at < '%s'
  AND o.status NOT IN ('cancelled', 'refunded')
GROUP BY 1, 2
ORDER BY 1, 2`,
	`SELECT c.id, c.country, c.created_at::date AS signup,
       count(o.id) AS orders_in_week,
       coalesce(sum(o.total_cents), 0) / 100.0 AS spent
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
     AND o.created_at >= '%s' AND o.created_at < '%s'
GROUP BY c.id, c.country, c.created_at::date
ORDER BY spent DESC`,
	`SELECT p.id, p.sku, p.name,
       sum(sm.delta) FILTER (WHERE sm.reason = 'order') AS sold,
       sum(sm.delta) FILTER (WHERE sm.reason = 'return') AS returned,
       sum(sm.delta) FILTER (WHERE sm.reason = 'adjustment') AS adjusted
FROM stock_movements sm
JOIN products p ON p.id = sm.sku_id
WHERE sm.created_at >= '%s' AND sm.created_at < '%s'
GROUP BY p.id, p.sku, p.name
ORDER BY sold`,
	`SELECT pay.provider, pay.currency, pay.status,
       count(*) AS payments,
       sum(pay.amount_cents) / 100.0 AS amount,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY pay.captured_at - pay.created_at) AS median_capture
FROM payments pay
WHERE pay.created_at >= '%s' AND pay.created_at < '%s'
GROUP BY 1, 2, 3`,
	`SELECT e.event_type, date_trunc('hour', e.created_at) AS hour, count(*) AS events,
       count(DISTINCT e.session_id) AS sessions
FROM events e
WHERE e.created_at >= '%s' AND e.created_at < '%s'
GROUP BY 1, 2
ORDER BY 2, 1`,
	`SELECT o.customer_id,
       array_agg(DISTINCT p.category_id) AS categories,
       count(*) FILTER (WHERE o.status = 'refunded') AS refunds,
       max(o.created_at) AS last_order
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p ON p.id = oi.product_id
WHERE o.created_at >= '%s' AND o.created_at < '%s'
GROUP BY o.customer_id
HAVING count(*) > 1`,
}

// reporting: the BI extract, run from an Airflow worker through PgBouncer: four
// connections, each running the week's queries one after another for about half an
// hour; PgBouncer opens a server for each, and closes them when they have idled out.
func (h *h8Log) reporting() {
	g := h.g
	tr := h.report.truth()
	const ip = "10.3.4.17"
	from, to := h.report.start.AddDate(0, 0, -8).Truncate(24*time.Hour), h.report.start.AddDate(0, 0, -1).Truncate(24*time.Hour)
	stop := h.report.start.Add(29*time.Minute + h.ms(0, 180_000))
	pool := &h8Pool{user: "reporting", ptr: 120, hba: 106, slots: make([][]*h8Conn, 4)}
	for k := 0; k < 4; k++ {
		c := &h8Client{ptr: 170 + k, db: "shop", user: "reporting", ip: ip, port: h.port()}
		h.login(tr, h.report.start.Add(h.ms(k*40, k*40+300)), c)
		s := &h8Conn{born: c.born.Add(h.ms(2, 20)), port: h.port(), why: "server idle timeout", open: tr, shut: tr}
		s.pid = h.pid(s.born)
		t := s.born.Add(h.ms(10, 60))
		for !t.After(stop) {
			sql := fmt.Sprintf(pick(g, h8Reports), from.Format("2006-01-02"), to.Format("2006-01-02"))
			d := math.Min(g.lognormal(38_000, 0.75), 420_000)
			end := t.Add(h8Dur(d))
			if g.chance(0.55) {
				size := g.lognormal(7e8, 0.8)
				at := end.Add(-h.ms(20, 3000))
				for size > 0 {
					part := math.Min(size, 1<<30)
					h.tempFile(tr, at, s.pid, "reporting", int(part)&^8191, sql)
					size -= part
					at = at.Add(h.us(50, 900))
				}
			}
			h.stmt(tr, end, s.pid, "reporting", h8Simple, "", d, sql, nil)
			t = end.Add(h.ms(150, 2500))
		}
		h.closeClient(tr, t, c, "client close request")
		s.died = t.Add(600*time.Second + h.ms(0, 15_000))
		if t.After(h.repEnd) {
			h.repEnd = t
		}
		pool.slots[k] = []*h8Conn{s}
	}
	h.writePool(pool)
}

// surging: the operator raising the app pool from PgBouncer's console (the extra pages
// are in the shop's, the connections the pool opens are drawn in setup).
func (h *h8Log) surging() {
	g := h.g
	tr := h.surge.truth()
	admin := &h8Client{ptr: 298, db: "pgbouncer", user: "admin", ip: fmt.Sprintf("unix(%d)", g.between(20000, 90000)), port: 6432}
	h.login(tr, h.resizeAt.Add(-h.ms(20_000, 60_000)), admin)
	h.bnc(tr, h.resizeAt, "LOG", "", "RELOAD command issued")
	h.closeClient(tr, h.resizeAt.Add(h.ms(8000, 40_000)), admin, "client close request")
}

// Incidents ----------------------------------------------------------------------------

// leak: loyalty-sync connects straight to PostgreSQL and never closes what it opens,
// until no slot is left; then everything new is refused until a DBA steps in.
func (h *h8Log) leak() {
	g := h.g
	tr := incident(h8Leak)
	ips := []string{"10.4.7.21", "10.4.7.22", "10.4.7.23"}
	type conn struct {
		pid, port int
		ip        string
		born      time.Time
	}
	free := 197 - h.app.open(h.fullAt) - h.inv.open(h.fullAt) - 3 // the exporter, the CDC's metadata connection, a psql
	var live []conn
	span := float64(h.fullAt.Sub(h.leakAt))
	for n := 0; n < free; n++ {
		at := h.leakAt.Add(time.Duration(span * (float64(n) + g.rng.Float64()) / float64(free)))
		c := conn{pid: h.pid(at), port: h.port(), ip: pick(g, ips), born: at}
		h.backend(tr, at, c.pid, "loyalty", c.ip, c.port, 108, "loyalty-sync")
		live = append(live, c)
	}
	rate := float64(free) / h.fullAt.Sub(h.leakAt).Seconds()
	g.arrivals(h.fullAt, h.killAt, func(time.Time) float64 { return rate }, func(t time.Time) {
		h.refused(tr, t, pick(g, ips), "loyalty", 108, "loyalty-sync", "")
	})
	// PgBouncer tries a new server every server_login_retry while clients wait.
	for t := h.fullAt.Add(h.ms(1000, 14_000)); t.Before(h.killAt); t = t.Add(15*time.Second + h.ms(0, 300)) {
		port, pid := h.port(), h.pid(t)
		sock := h8ServerSock("app", 140+g.intn(12))
		h.bnc(tr, t, "LOG", sock, fmt.Sprintf("new connection to server (from %s:%d)", h8Bouncer, port))
		end := h.backend(tr, t.Add(h.us(200, 900)), pid, "app", h8Bouncer, port, 104, "")
		h.pg(tr, end.Add(h.us(40, 400)), pid, "app@shop", "FATAL", h8Reserved)
		bt := end.Add(h.us(500, 1500))
		h.bnc(tr, bt, "ERROR", "", "S: login failed: FATAL: "+h8Reserved)
		h.bnc(tr, bt, "LOG", sock, "closing because: login failed (age=0s)")
	}
	// A DBA gets in on a superuser slot, limits the role and terminates its backends.
	const dbaIP = "10.0.9.12"
	dba := h.killAt.Add(-h.ms(40_000, 90_000))
	dpid, dport := h.pid(dba), h.port()
	h.backend(tr, dba, dpid, "postgres", dbaIP, dport, 96, "psql")
	h.pg(tr, h.killAt.Add(-h.ms(6000, 20_000)), dpid, "postgres@shop", "LOG", "statement: ALTER ROLE loyalty CONNECTION LIMIT 20;")
	for _, c := range live {
		at := h.killAt.Add(h.us(100, 60_000))
		h.pg(tr, at, c.pid, "loyalty@shop", "FATAL", "terminating connection due to administrator command")
		h.bye(tr, at.Add(h.us(40, 400)), c.pid, "loyalty", c.ip, c.port, at.Sub(c.born))
	}
	// loyalty-sync reconnects up to its limit and is refused beyond it, until it is
	// scaled down.
	var again []conn
	g.arrivals(h.killAt.Add(h.ms(300, 2000)), h.leakEnd, func(time.Time) float64 { return rate }, func(t time.Time) {
		ip := pick(g, ips)
		if len(again) < 20 {
			c := conn{pid: h.pid(t), port: h.port(), ip: ip, born: t}
			h.backend(tr, t, c.pid, "loyalty", ip, c.port, 108, "loyalty-sync")
			again = append(again, c)
			return
		}
		h.refused(tr, t, ip, "loyalty", 108, "loyalty-sync", `too many connections for role "loyalty"`)
	})
	for _, c := range again {
		at := h.leakEnd.Add(h.ms(100, 4000))
		h.bye(tr, at, c.pid, "loyalty", c.ip, c.port, at.Sub(c.born))
	}
	out := h.leakEnd.Add(h.ms(60_000, 200_000))
	h.bye(tr, out, dpid, "postgres", dbaIP, dport, out.Sub(dba))
}

// checksum: one customer's order history reads a damaged page of order_items, again and
// again as the customer reloads.
func (h *h8Log) checksum() {
	g := h.g
	tr := incident(h8Checksum)
	sql := fmt.Sprintf("SELECT o.id, o.created_at, o.status, o.total_cents, count(oi.id) AS items FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.customer_id = %d GROUP BY o.id ORDER BY o.created_at DESC LIMIT 20", h.customer())
	blk, calc, want := g.between(40_000, 1_000_000), g.intn(65536), g.intn(65536)
	t := h.sumAt
	for n := 3 + g.intn(2); n > 0; n-- {
		if c := h.app.conn(g, t, 0); c != nil {
			h.pg(tr, t, c.pid, "app@shop", "WARNING", fmt.Sprintf("page verification failed, calculated checksum %d but expected %d", calc, want),
				"ERROR", fmt.Sprintf("invalid page in block %d of relation base/%d/%d", blk, h8DB, h8OrderItems), "STATEMENT", sql)
		}
		t = t.Add(h.ms(6000, 30_000))
	}
}

// h8Done is a WAL segment filled at a time.
type h8Done struct {
	at  time.Time
	seg uint64
}

// filled returns the WAL segments filled between from and to.
func (h *h8Log) filled(from, to time.Time) []h8Done {
	var out []h8Done
	prev := h.lsn(from) / h8SegSize
	for t := from.Add(time.Second); t.Before(to); t = t.Add(time.Second) {
		lo, hi := h.lsn(t.Add(-time.Second)), h.lsn(t)
		for s := prev; s < hi/h8SegSize; s++ {
			f := float64((s+1)*h8SegSize-lo) / float64(hi-lo)
			out = append(out, h8Done{at: t.Add(-time.Second + time.Duration(f*float64(time.Second))), seg: s})
		}
		prev = hi / h8SegSize
	}
	return out
}

// archiving: the archive volume is full. The first cp fails writing and leaves a
// partial file, so every later try of that segment fails at test ! -f, silently; the
// archiver tries three times a second apart at every new segment, then gives up until
// the next. Once the partial file is removed, the backlog is archived without a word.
func (h *h8Log) archiving() {
	tr := incident(h8Archive)
	segs := h.filled(h.arcAt, h.arcFix)
	if len(segs) == 0 {
		return
	}
	stuck := h8SegName(segs[0].seg)
	h.arcAt = segs[0].at.Add(h.ms(2, 30))
	cmd := fmt.Sprintf("test ! -f /mnt/wal_archive/%s && cp pg_wal/%s /mnt/wal_archive/%s", stuck, stuck, stuck)
	for i, s := range segs {
		at := s.at.Add(h.ms(2, 30))
		if i == 0 {
			h.j.add(tr, at.Add(h.ms(150, 400)), fmt.Sprintf("cp: error writing '/mnt/wal_archive/%s': No space left on device", stuck))
			at = at.Add(h.ms(400, 700))
		}
		for try := 0; try < 3; try++ {
			if try > 0 {
				at = at.Add(time.Second + h.us(80, 2000))
			}
			h.pg(tr, at, h8Archiver, "", "LOG", "archive command failed with exit code 1", "DETAIL", "The failed archive command was: "+cmd)
		}
		h.pg(tr, at.Add(h.us(20, 200)), h8Archiver, "", "WARNING", fmt.Sprintf(`archiving write-ahead log file "%s" failed too many times, will try again later`, stuck))
	}
}

// deadlocks: inventory-service's bundle reservation updates the bundle's SKUs in no
// fixed order; reservations of overlapping bundles wait on each other and deadlock. A
// backend is in one of them at a time.
func (h *h8Log) deadlocks() {
	g := h.g
	tr := incident(h8Deadlock)
	shape := func(t time.Time) float64 {
		return rampUp(t, h.dlAt, 50*time.Second) * (1 - rampUp(t, h.dlEnd.Add(-40*time.Second), 40*time.Second))
	}
	upd := "UPDATE inventory SET reserved = reserved + $1, updated_at = now() WHERE sku_id = $2 AND warehouse_id = $3"
	bundle := []int{h.product(), h.product(), h.product(), h.product(), h.product(), h.product()}
	params := func() []string {
		return []string{fmt.Sprint(1 + g.intn(2)), fmt.Sprint(pick(g, bundle)), fmt.Sprint(1 + g.intn(3))}
	}
	busy := map[int]time.Time{}
	free := func(t time.Time, until time.Duration, not int) *h8Conn {
		for try := 0; try < 20; try++ {
			if c := h.inv.conn(g, t, not); c != nil && !busy[c.pid].After(t.Add(-2*time.Second)) {
				busy[c.pid] = t.Add(until)
				return c
			}
		}
		return nil
	}
	g.arrivals(h.dlAt, h.dlEnd, func(time.Time) float64 { return 1.05 }, func(t time.Time) {
		if g.rng.Float64() >= shape(t) {
			return
		}
		switch x := g.rng.Float64(); {
		case x < 0.24: // a deadlock
			a := free(t, 1500*time.Millisecond, 0)
			if a == nil {
				return
			}
			b := free(t, 3*time.Second, a.pid)
			if b == nil {
				return
			}
			h.deadlock(tr, t, a.pid, b.pid, "inventory", "inventory", h8Pgx, "PGBOUNCER_12", upd, upd, params(), params(), 9800)
		case x < 0.52: // a wait that ends without a cycle
			waited := 1000 + g.rng.Float64()*0.15 + g.lognormal(600, 0.8)
			a := free(t, h8Dur(waited+5), 0)
			if a == nil {
				return
			}
			b := free(t, h8Dur(waited), a.pid)
			if b == nil {
				return
			}
			x := h.xidAt(t) - g.intn(300)
			ctx := fmt.Sprintf(`while updating tuple (%d,%d) in relation "inventory"`, g.intn(9800), 1+g.intn(60))
			first := 1000 + g.rng.Float64()*0.15
			h.pg(tr, t.Add(h8Dur(first)), a.pid, "inventory@shop", "LOG", fmt.Sprintf("process %d still waiting for ShareLock on transaction %d after %.3f ms", a.pid, x, first),
				"DETAIL", fmt.Sprintf("Process holding the lock: %d. Wait queue: %d.", b.pid, a.pid), "CONTEXT", ctx, "STATEMENT", upd)
			h.pg(tr, t.Add(h8Dur(waited)), a.pid, "inventory@shop", "LOG", fmt.Sprintf("process %d acquired ShareLock on transaction %d after %.3f ms", a.pid, x, waited),
				"CONTEXT", ctx, "STATEMENT", upd)
			d := waited + g.lognormal(2, 0.5)
			h.stmt(tr, t.Add(h8Dur(d)), a.pid, "inventory", h8Pgx, "PGBOUNCER_12", d, upd, params())
		default: // a reservation slowed behind the others, under a second
			d := 500 + g.lognormal(300, 0.8)
			c := free(t, h8Dur(d), 0)
			if c == nil {
				return
			}
			h.stmt(tr, t.Add(h8Dur(d)), c.pid, "inventory", h8Pgx, "PGBOUNCER_12", d, upd, params())
		}
	})
}
