package families

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
)

// holdout18 is MySQL 8.0.39 as the database of an online shop, deployed with the Bitnami
// chart's replication architecture in the shop namespace: the primary StatefulSet
// shop-mysql-primary-0 and one replica, shop-mysql-secondary-0 (replica_parallel_workers
// 4, binary log position replication, relay_log_recovery), 12 GB of buffer pool each.
// The chart's my.cnf is overridden: log_error_verbosity 3, skip_name_resolve off (so
// every client address new to the host cache is looked up, and pod addresses do not
// resolve), slow_query_log on with slow_query_log_file /dev/stdout, long_query_time 1,
// log_queries_not_using_indexes with min_examined_row_limit 1000,
// log_slow_admin_statements off, innodb_print_all_deadlocks on, max_binlog_size 1G. Both
// the error log and the slow query log go to the container's stdout; a collector tails
// both pods and prefixes every line with the pod and container as kubectl logs --prefix
// does. The error log is MySQL 8's default format (time in UTC to the microsecond,
// thread id, priority, error code, subsystem); the slow log's entries are multi-line
// (# Time, # User@Host, # Query_time, a use line when the database changes, SET
// timestamp, the statement, which may itself span lines); a multi-line error message (a
// deadlock report) continues on lines of its own:
//
//	[pod/shop-mysql-primary-0/mysql] 2024-10-15T02:44:17.533607Z 4879221 [Note] [MY-010914] [Server] Aborted connection 4879221 to db: 'shop' user: 'shop' host: '10.0.2.150' (Got an error reading communication packets).
//	[pod/shop-mysql-secondary-0/mysql] # Time: 2024-10-15T02:00:06.331087Z
//	[pod/shop-mysql-secondary-0/mysql] # User@Host: shop[shop] @  [10.0.1.226]  Id: 2235490
//	[pod/shop-mysql-secondary-0/mysql] # Query_time: 0.127215  Lock_time: 0.000003 Rows_sent: 28  Rows_examined: 118402
//	[pod/shop-mysql-secondary-0/mysql] SET timestamp=1728957606;
//	[pod/shop-mysql-secondary-0/mysql] SELECT p.brand_id, COUNT(*) AS n FROM product p WHERE p.status = 'active' AND p.category_path LIKE '/women/%' GROUP BY p.brand_id;
//
// The log covers 02:00 to 05:00 UTC, the US evening, the shop's traffic declining from
// its evening peak. Normal operation, 14-17 lines a second (20-25 in the flash sale's
// hour): shop-api (6 pods, a pool of 20 connections to the primary and 10 to the
// replica, each connection replaced after about 30 minutes) runs checkout look-ups
// without a usable index on the primary (shipping rates, tax rates by postcode range,
// coupons by UPPER(code), the category tree) and catalogue searches, facets and filtered
// listings on the replica, all logged as not using an index; now and then a guest's
// order look-up by e-mail (about 2 s) and a back-office search, slow ones. shop-worker
// (3 pods) checks low stock every minute, deletes expired sessions every 5 minutes
// (about a second) and looks for abandoned carts every 10; a mysqld_exporter per server
// connects every 15 s and reads the whole statement digest table (a 25-line statement);
// Metabase refreshes an operations wallboard every 10 minutes (five questions, one in
// shop_reporting) and analysts ask their own questions, each statement led by Metabase's
// comment line; an hourly product-feed CronJob reads the replica at five past; a legacy
// export CronJob with a rotated password fails to log in on the primary every 15
// minutes, from three pods (each a new address, so a resolution warning and an access
// denied note); the replica's multi-threaded applier reports its statistics every 120 s.
// Now and then: a client's connection aborted (error reading packets), an idle pool
// connection timed out, a Kubernetes probe that gave up, Metabase abandoning a result,
// the page cleaner behind after a burst of writes.
//
// Benign changes:
//   - 0:13, the replica's node drained: shop-mysql-secondary-0 shuts down on SIGTERM
//     (replica threads stopped, InnoDB shut down, the plugins, shutdown complete); for a
//     minute shop-api sends its catalogue reads to the primary; the pod starts on
//     another node: Bitnami's entrypoint lines, mysqld's start-up at verbosity 3 (InnoDB,
//     the data dictionary, TLS, X Plugin, the slow log's header), the replication
//     threads resuming where they stopped and the primary's binlog dump note; every
//     client address is new to the empty host cache (resolution warnings), thread ids
//     start again from the bottom; for ten minutes a cold buffer pool makes category
//     listings take over a second, the first applier statistics carry the backlog, and
//     the buffer pool load completes 6-7 minutes after start. All of it carries the
//     change.
//   - 1:05 for about 30 minutes, pt-online-schema-change adds a column and an index to
//     shop.order_item (13 million rows) from a toolbox pod: its address resolved on both
//     servers, the trigger creation waiting on a metadata lock, the copy nibbles that
//     take over a second (one in twelve), the page cleaner behind on both servers, and
//     at the end the RENAME, the application's inserts that waited on it and the DROP of
//     the old table.
//   - 2:00 (midnight US Eastern), a flash sale announced by e-mail and push: the shop's
//     traffic doubles within four minutes and eases over the hour; the sale's coupon
//     MIDNIGHT25 looked up (and mistyped) and the promotion's landing page on the
//     replica. The sale's own queries and the share of the other queries above the usual
//     traffic carry the change.
//   - 2:10 for about 13 minutes, the nightly mysqldump --single-transaction of the
//     replica (shop and shop_reporting) from a CronJob pod: FLUSH LOCAL TABLES waiting
//     seconds for an analytics query while order-history reads wait behind it, then every
//     table read in full (one slow log entry per table, up to four minutes for
//     order_item), a few catalogue pages over a second on the busy disks.
//
// Incidents:
//   - 0:29 for about 6 minutes, password guessing on the primary from a pod address no
//     client uses (10.0.14.x): its resolution warning, a few attempts without a
//     password, then access denied notes at one to two a second for root and now and
//     then admin, mysql, dba, shop, backup, repl, test, some connections dropped in the
//     handshake (aborted, unauthenticated).
//   - 0:43, a shop-api release that reserves inventory rows in cart order rolls out (its
//     pods' addresses resolved on both servers): deadlock reports on shop.inventory's
//     hot rows (the deal-of-the-day SKUs, 54 lines each) every 10-20 s once most pods run
//     it, UPDATEs and SELECT ... FOR UPDATE waiting seconds for row locks, one in six or
//     seven until the 50 s lock wait timeout, aborted connections of requests the app gave up
//     on; at about 0:56 the release is rolled back (new pods, new addresses) and the
//     deadlocks stop as its last pod goes, about 0:58. The release's pods, the rollback's,
//     the deadlocks, lock waits and aborts are the incident's.
//   - 1:37, an engineer runs a coupon data fix (INSERT ... SELECT into coupon_redemption)
//     on the replica by mistake, then on the primary; when it replicates, the SQL
//     thread's worker fails on the duplicate key (1062), the coordinator stops and the
//     SQL thread aborts: three lines, then silence (no applier statistics) for a quarter
//     of an hour while the replica falls behind; about 1:55 the rows are deleted on the
//     replica and the SQL thread started again, the page cleaner is behind while it
//     catches up and its first statistics carry the backlog (about 1:57). The fix's
//     slow log entries on both servers, their resolution warnings and the replication
//     lines are the incident's.
//   - 2:38 for about 8 minutes, the primary's data volume full (binary logs not purged,
//     the sale's writes): the binary log write waits for free space (OS errno 28, retry
//     every 60 s), tablespace extensions of order_item and orders fail for a minute and a
//     half (InnoDB's write errors, "The table is full!"), then every commit hangs and the
//     log goes quiet but for reads; when the volume is grown every stalled statement
//     completes at once (COMMITs, inserts and updates of 15 s to 8 minutes), most into
//     connections whose clients gave up (aborted, error writing packets), and the page
//     cleaner is behind on both servers.

var holdout18 = Family{
	Name:    "holdout-18",
	Role:    Holdout,
	Service: "MySQL 8.0.39 (Bitnami chart, replication architecture) as an online shop's primary database and its one replica in Kubernetes: the default-format error log at log_error_verbosity 3 and the multi-line slow query log (long_query_time 1, log_queries_not_using_indexes) both on stdout, the two pods collected into one stream with kubectl logs --prefix style prefixes",
	Lines:   holdout18Lines,
}

const (
	h18Brute    = "password guessing against root and other accounts on the primary from an unknown pod address (10.0.x): access denied notes at one to two a second, handshakes dropped"
	h18Deadlock = "bad shop-api release locking inventory rows in cart order: deadlock reports on shop.inventory, UPDATEs waiting up to the 50 s lock wait timeout, until the release is rolled back"
	h18ReplStop = "replica SQL thread stopped on a duplicate key (1062) in coupon_redemption after a data fix was run on the replica by mistake, replication stalled for a quarter of an hour, then resumed and caught up"
	h18DiskFull = "primary's data volume full: binary log write waiting for free space (OS errno 28), tablespace extensions failing (table is full), every commit stalled until the volume is grown; then the stalled statements and aborted clients"
)

const (
	h18TimeLay   = "2006-01-02T15:04:05.000000Z"
	h18Mysqld    = "/opt/bitnami/mysql/bin/mysqld"
	h18Sock      = "/opt/bitnami/mysql/tmp/mysql.sock"
	h18DataDir   = "/bitnami/mysql/data"
	h18MaxBinlog = 1073741824
	h18BinRate   = 262000.0 // bytes of binary log a second at full load
	h18EvRate    = 1350.0   // replicated events a second at full load
	h18Hosts     = "shop-mysql-secondary-0.shop-mysql-secondary-headless.shop.svc.cluster.local"
)

type h18Srv int

const (
	h18P h18Srv = iota // the primary
	h18R               // the replica
)

var h18Prefix = [2]string{"[pod/shop-mysql-primary-0/mysql] ", "[pod/shop-mysql-secondary-0/mysql] "}

// h18Tr is a line's ground truth.
type h18Tr struct {
	inc, chg string
	cs       time.Time
}

type h18Rec struct {
	at    time.Time
	seq   int
	srv   h18Srv
	text  string
	tr    h18Tr
	db    string // a slow log entry's database: "use db;" comes before this line when it changed
	reset bool   // the slow log was opened: no database written yet
}

// h18Pod is a client pod with connection pools on the primary and the replica.
type h18Pod struct {
	k        int
	ip       string
	from, to time.Time
	slots    [2]int
	life     []time.Duration
	tr       h18Tr
	bad      bool
}

type h18Log struct {
	r          *rand.Rand
	recs       []h18Rec
	start, end time.Time
	used       []string

	api, workers        []*h18Pod
	admin, metabase     *h18Pod
	expIP               [2]string
	priBase, repBase    int64
	binlog0, qid0, trx0 int64
	lsn0, order0        int64
	digests             [2]float64
	coordOld            int64
	relayOld            int

	// benign changes
	drain, osc, sale, dump     h18Tr
	repDown, repStart, repUp   time.Time
	oscIP, dumpIP              string
	oscEnd, dumpEnd            time.Time
	dumpFlushFrom, dumpFlushTo time.Time

	// incidents
	bruteIP                      string
	bruteFrom, bruteTo           time.Time
	attempts                     []time.Time
	deployAt, rollbackAt, badEnd time.Time
	fixIP                        string
	fixAt, fixPri, replErr       time.Time
	sqlRestart, caughtUp         time.Time
	coordNew                     int64
	diskAt, diskMsg, diskBack    time.Time
}

func holdout18Lines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 2, 0, 0, 0, time.UTC)
	h := &h18Log{r: rand.New(rand.NewPCG(uint64(seed), 0x18_5e1f_0b)), start: start, end: start.Add(Length)}
	h.schedule()
	h.setupPods()
	h.drainLines()
	h.bruteLines()
	h.deadlockLines()
	h.oscLines()
	h.replStopLines()
	h.dumpLines()
	h.saleLines()
	h.diskLines()
	h.routine()
	h.mtsLines()
	return h.finish()
}

// --- randomness and time --------------------------------------------------------------

func (h *h18Log) f(lo, hi float64) float64 { return lo + (hi-lo)*h.r.Float64() }
func (h *h18Log) n(lo, hi int) int         { return lo + h.r.IntN(hi-lo+1) }
func (h *h18Log) p(x float64) bool         { return h.r.Float64() < x }
func (h *h18Log) ln(median, sigma float64) float64 {
	return median * math.Exp(sigma*h.r.NormFloat64())
}
func (h *h18Log) d(lo, hi float64) time.Duration { return h18Sec(h.f(lo, hi)) }

func h18Sec(x float64) time.Duration { return time.Duration(x * float64(time.Second)) }

func h18Pick[T any](h *h18Log, xs []T) T { return xs[h.r.IntN(len(xs))] }

func h18US(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// poisson calls fn at the times of a Poisson process of rate(t) events a second, at most
// peak, drawn by thinning.
func (h *h18Log) poisson(from, to time.Time, peak float64, rate func(time.Time) float64, fn func(time.Time)) {
	t := from
	for {
		t = t.Add(h18Sec(h.r.ExpFloat64() / peak))
		if !t.Before(to) {
			return
		}
		if x := rate(t); x > 0 && h.r.Float64()*peak < x {
			fn(t)
		}
	}
}

func (h *h18Log) ip(prefix string) string {
	for {
		s := fmt.Sprintf("%s%d", prefix, h.n(2, 254))
		if !slices.Contains(h.used, s) {
			h.used = append(h.used, s)
			return s
		}
	}
}

func (h *h18Log) podIP() string {
	return h.ip(h18Pick(h, []string{"10.0.1.", "10.0.2.", "10.0.3.", "10.0.7."}))
}

// --- the schedule ---------------------------------------------------------------------

func (h *h18Log) schedule() {
	at := func(min int, lo, hi float64) time.Time {
		return h18US(h.start.Add(time.Duration(min)*time.Minute + h.d(lo, hi)))
	}
	h.priBase = 4_811_302 + int64(h.n(0, 90_000))
	h.repBase = 2_204_117 + int64(h.n(0, 60_000))
	h.binlog0 = int64(h.n(290_000_000, 360_000_000))
	h.qid0 = 3_482_110_000 + int64(h.n(0, 9_000_000))
	h.trx0 = 91_002_000 + int64(h.n(0, 800_000))
	h.lsn0 = 48_211_358_713 + int64(h.n(0, 90_000_000))
	h.order0 = 5_508_112 + int64(h.n(0, 3000))
	h.digests = [2]float64{h.f(2300, 2700), h.f(2100, 2500)}
	h.coordOld = 11
	h.relayOld = h.n(120, 140)
	h.expIP = [2]string{h.ip("10.0.6."), h.ip("10.0.6.")}

	h.drain = h18Tr{chg: "replica pod evicted by a node drain and started again on another node: shutdown, start-up, replication resumed and caught up, clients reconnecting, cold buffer pool", cs: at(13, 0, 40)}
	h.repDown = h.drain.cs.Add(h.d(2.2, 2.9))
	h.repStart = h.repDown.Add(h.d(48, 80))
	h.repUp = h.repStart.Add(3 * time.Second) // drainLines sets it from the start-up's lines

	h.bruteFrom = at(29, 0, 40)
	h.bruteTo = h.bruteFrom.Add(h.d(330, 400))
	h.bruteIP = h.ip("10.0.14.")
	for t := h.bruteFrom; ; {
		rate := 0.3
		if t.Sub(h.bruteFrom) > 40*time.Second {
			rate = h.f(1.2, 2.2)
		}
		t = h18US(t.Add(h18Sec(h.r.ExpFloat64() / rate)))
		if !t.Before(h.bruteTo) {
			break
		}
		h.attempts = append(h.attempts, t)
	}

	h.deployAt = at(43, 0, 30)
	h.rollbackAt = h.deployAt.Add(h.d(750, 810))

	h.osc = h18Tr{chg: "pt-online-schema-change on shop.order_item (ADD COLUMN gift_wrap, ADD INDEX idx_sku_created): copy nibbles, heavy writes on both servers, the table swap", cs: at(65, 0, 45)}
	h.oscIP = h.ip("10.0.8.")

	h.fixIP = h.ip("10.0.8.")
	h.fixAt = at(97, 0, 40)
	h.fixPri = h.fixAt.Add(h.d(150, 230))
	h.replErr = h.fixPri.Add(h.d(0.4, 1.5))
	h.sqlRestart = h.replErr.Add(h.d(870, 960))
	h.caughtUp = h.sqlRestart.Add(h.d(150, 200))

	h.sale = h18Tr{chg: "midnight flash sale (e-mail and app push at 00:00 US Eastern): traffic up to twice the usual, the MIDNIGHT25 coupon and the promotion landing page", cs: at(120, 0, 20)}
	h.dump = h18Tr{chg: "nightly mysqldump --single-transaction of the replica: table flush and read lock waiting on a long query, every table read in full", cs: at(130, 0, 40)}
	h.dumpIP = h.ip("10.0.8.")

	h.diskAt = at(158, 0, 40)
	h.diskMsg = h.diskAt.Add(h.d(0.001, 0.02))
	h.diskBack = h18US(h.diskMsg.Add(8*time.Minute + h.d(0.05, 0.4)))
}

func (h *h18Log) newPod(from, to time.Time, tr h18Tr, pri, rep int) *h18Pod {
	p := &h18Pod{ip: h.podIP(), from: h18US(from), to: h18US(to), slots: [2]int{pri, rep}, tr: tr}
	for i := 0; i < max(pri, rep); i++ {
		p.life = append(p.life, time.Duration(h.f(0.85, 1.15)*float64(30*time.Minute)))
	}
	return p
}

func (h *h18Log) setupPods() {
	never := h.end.Add(time.Hour)
	dl := h18Tr{inc: h18Deadlock}
	var old, bad, back []*h18Pod
	for i := 0; i < 6; i++ {
		old = append(old, h.newPod(h.start.Add(-h.d(3*3600, 26*3600)), never, h18Tr{}, 20, 10))
	}
	t := h.deployAt
	for i := 0; i < 6; i++ {
		p := h.newPod(t, never, dl, 20, 10)
		p.bad = true
		bad = append(bad, p)
		old[i].to = h18US(t.Add(h.d(10, 14)))
		t = t.Add(h.d(18, 28))
	}
	t = h.rollbackAt
	for i := 0; i < 6; i++ {
		p := h.newPod(t, never, dl, 20, 10)
		back = append(back, p)
		bad[i].to = h18US(t.Add(h.d(10, 14)))
		t = t.Add(h.d(16, 24))
	}
	h.badEnd = bad[5].to
	h.api = slices.Concat(old, bad, back)
	for i, p := range h.api {
		p.k = i
	}
	for i := 0; i < 3; i++ {
		p := h.newPod(h.start.Add(-h.d(5*3600, 40*3600)), never, h18Tr{}, 5, 0)
		p.k = 20 + i
		h.workers = append(h.workers, p)
	}
	h.admin = h.newPod(h.start.Add(-h.d(3600, 9*3600)), never, h18Tr{}, 4, 0)
	h.admin.k = 30
	h.metabase = h.newPod(h.start.Add(-60*time.Hour), never, h18Tr{}, 0, 15)
	h.metabase.ip = h.ip("10.0.5.")
	h.metabase.k = 31
}

// apiPod is a shop-api pod running at t; bad picks one of the bad release's.
func (h *h18Log) apiPod(t time.Time, bad bool) *h18Pod {
	var live []*h18Pod
	for _, p := range h.api {
		if !t.Before(p.from) && t.Before(p.to) && (!bad || p.bad) {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return h.api[0]
	}
	return h18Pick(h, live)
}

func (h *h18Log) badShare(t time.Time) float64 {
	n, b := 0, 0
	for _, p := range h.api {
		if !t.Before(p.from) && t.Before(p.to) {
			n++
			if p.bad {
				b++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(b) / float64(n)
}

// --- ids and counters -----------------------------------------------------------------

// idAt is the connection id a server gives a connection opened at t.
func (h *h18Log) idAt(srv h18Srv, t time.Time) int64 {
	s := t.Sub(h.start).Seconds()
	if srv == h18P {
		n := sort.Search(len(h.attempts), func(i int) bool { return !h.attempts[i].Before(t) })
		return h.priBase + int64(1.05*s) + int64(n)
	}
	if t.Before(h.repUp) {
		return h.repBase + int64(0.7*s)
	}
	return 140 + int64(0.7*t.Sub(h.repUp).Seconds())
}

// poolID is the id of the connection in a pool slot at t: pools open their connections
// with the pod, again after the replica's restart and the primary's stall, and replace
// each after its lifetime.
func (h *h18Log) poolID(srv h18Srv, p *h18Pod, slot int, t time.Time) int64 {
	base := p.from.Add(time.Duration(slot) * 40 * time.Millisecond)
	fresh := int64(-1)
	if srv == h18R && !t.Before(h.repUp) && base.Before(h.repUp) {
		rank := h.repRank(p)
		base = h.repUp.Add(time.Duration(1500+rank*300+slot*20) * time.Millisecond)
		fresh = int64(20 + rank*16 + slot)
	}
	if srv == h18P && !t.Before(h.diskBack) && base.Before(h.diskBack) {
		base = h.diskBack.Add(time.Duration(2000+slot*90+p.k*350) * time.Millisecond)
	}
	life := p.life[slot]
	k := math.Floor(t.Sub(base).Seconds() / life.Seconds())
	if k <= 0 && fresh >= 0 {
		return fresh
	}
	c := base.Add(time.Duration(k) * life)
	return h.idAt(srv, c) + int64(slot%3)
}

// repRank is a pool's place among those reconnecting to the replica after its restart:
// their connections take the first ids.
func (h *h18Log) repRank(p *h18Pod) int {
	if p == h.metabase {
		return 6
	}
	rank := 0
	for _, q := range h.api {
		if q.k < p.k && !h.repUp.Before(q.from) && h.repUp.Before(q.to) {
			rank++
		}
	}
	return rank
}

func (h *h18Log) qid(t time.Time) int64 {
	return h.qid0 + int64(1650*t.Sub(h.start).Seconds()) + int64(h.n(0, 400))
}

func (h *h18Log) trx(t time.Time) int64 {
	return h.trx0 + int64(330*t.Sub(h.start).Seconds())
}

func (h *h18Log) orderID(t time.Time) int64 {
	return h.order0 + int64(0.34*t.Sub(h.start).Seconds())
}

// binlog is the primary's binary log file and position at t.
func (h *h18Log) binlog(t time.Time) (string, int64) {
	b := h.binlog0 + int64(h18BinRate*0.8*t.Sub(h.start).Seconds())
	return fmt.Sprintf("mysql-bin.%06d", 412+b/h18MaxBinlog), 4 + b%h18MaxBinlog
}

func (h *h18Log) lsn(t time.Time) int64 {
	return h.lsn0 + int64(1.9e6*t.Sub(h.start).Seconds())
}

// --- traffic shape --------------------------------------------------------------------

// load is the shop's traffic, declining through the US evening.
func (h *h18Log) load(t time.Time) float64 {
	x := t.Sub(h.start).Hours() / 3
	return 1.05 - 0.4*x + 0.04*math.Sin(t.Sub(h.start).Minutes()/7)
}

// camp is the flash sale's multiplier of the traffic.
func (h *h18Log) camp(t time.Time) float64 {
	if t.Before(h.sale.cs) {
		return 1
	}
	d := t.Sub(h.sale.cs).Minutes()
	return 1 + 1.25*math.Min(1, d/4)*(0.5+0.5*math.Exp(-d/30))
}

func (h *h18Log) stalled(t time.Time) bool {
	return !t.Before(h.diskMsg.Add(40*time.Second)) && t.Before(h.diskBack)
}

// repGone says whether the replica is away at t for its clients: from its shutdown until
// their pools have connected again.
func (h *h18Log) repGone(t time.Time) bool {
	return !t.Before(h.drain.cs) && t.Before(h.repUp.Add(3500*time.Millisecond))
}

func (h *h18Log) appRate(srv h18Srv, t time.Time) float64 {
	x := h.load(t) * h.camp(t)
	if srv == h18P && h.stalled(t) {
		x *= 0.3
	}
	return x
}

// slowF is how much slower than usual queries run on a server at t.
func (h *h18Log) slowF(srv h18Srv, t time.Time) float64 {
	x := 1.0
	if srv == h18R {
		if !t.Before(h.repUp) {
			x += 3.5 * math.Exp(-t.Sub(h.repUp).Seconds()/160)
		}
		if !t.Before(h.dump.cs) && t.Before(h.dumpEnd) {
			x *= 1.3
		}
	}
	if srv == h18P && !t.Before(h.osc.cs) && t.Before(h.oscEnd) {
		x *= 1.15
	}
	return x
}

func (h *h18Log) trafficTr(t time.Time) h18Tr {
	if m := h.camp(t); m > 1 && h.p((m-1)/m) {
		return h.sale
	}
	return h18Tr{}
}

// app draws a query of the shop's application at base a second at full load; fallback
// sends the replica's queries to the primary while the replica is away.
func (h *h18Log) app(srv h18Srv, base float64, fallback bool, emit func(t time.Time, tr h18Tr, s h18Srv)) {
	h.poisson(h.start, h.end, base*2.6, func(t time.Time) float64 { return base * h.appRate(srv, t) }, func(t time.Time) {
		tr := h.trafficTr(t)
		s := srv
		if srv == h18R && h.repGone(t) {
			if !fallback {
				return
			}
			s, tr = h18P, h.drain
		}
		emit(t, tr, s)
	})
}

// --- writing --------------------------------------------------------------------------

func (h *h18Log) put(r h18Rec) {
	if r.tr.chg != "" && r.at.Before(r.tr.cs) {
		r.at = r.tr.cs
	}
	if r.at.Before(h.start) || r.at.After(h.end) {
		return
	}
	r.seq = len(h.recs)
	h.recs = append(h.recs, r)
}

func (h *h18Log) add(tr h18Tr, srv h18Srv, at time.Time, text string) {
	h.put(h18Rec{at: at, srv: srv, text: text, tr: tr})
}

// elog writes an error log entry; the lines of a multi-line message follow as they are.
func (h *h18Log) elog(tr h18Tr, srv h18Srv, at time.Time, thread int64, prio, code, sub, msg string) {
	at = h18US(at)
	parts := strings.Split(msg, "\n")
	h.add(tr, srv, at, fmt.Sprintf("%s %d [%s] [%s] [%s] %s", at.Format(h18TimeLay), thread, prio, code, sub, parts[0]))
	for _, l := range parts[1:] {
		if strings.TrimSpace(l) != "" {
			h.add(tr, srv, at, l)
		}
	}
}

func (h *h18Log) note(tr h18Tr, srv h18Srv, at time.Time, thread int64, code, sub, msg string) {
	h.elog(tr, srv, at, thread, "Note", code, sub, msg)
}

// slow writes a slow query log entry when the statement ended.
func (h *h18Log) slow(tr h18Tr, srv h18Srv, end time.Time, user, host, ip string, id int64, qt, lt float64, sent, exam int64, db, stmt string) {
	end = h18US(end)
	if tr.chg != "" && end.Before(tr.cs) {
		end = tr.cs
	}
	began := end.Add(-h18Sec(qt))
	h.add(tr, srv, end, "# Time: "+end.Format(h18TimeLay))
	h.add(tr, srv, end, fmt.Sprintf("# User@Host: %s[%s] @ %s [%s]  Id: %5d", user, user, host, ip, id))
	h.add(tr, srv, end, fmt.Sprintf("# Query_time: %.6f  Lock_time: %.6f Rows_sent: %d  Rows_examined: %d", qt, lt, sent, exam))
	h.put(h18Rec{at: end, srv: srv, text: fmt.Sprintf("SET timestamp=%d;", began.Unix()), tr: tr, db: db})
	for _, l := range strings.Split(strings.TrimSpace(stmt)+";", "\n") {
		if strings.TrimSpace(l) != "" {
			h.add(tr, srv, end, l)
		}
	}
}

func (h *h18Log) lock() float64 { return h.ln(0.0000045, 0.5) }

func (h *h18Log) appSlow(tr h18Tr, srv h18Srv, t time.Time, qt, lt float64, sent, exam int64, stmt string) {
	p := h.apiPod(t, false)
	slot := h.r.IntN(p.slots[srv])
	h.slow(tr, srv, t, "shop", "", p.ip, h.poolID(srv, p, slot, t), qt, lt, sent, exam, "shop", stmt)
}

func (h *h18Log) warnIP(tr h18Tr, srv h18Srv, t time.Time, id int64, ip string) {
	h.elog(tr, srv, t, id, "Warning", "MY-010055", "Server", fmt.Sprintf("IP address '%s' could not be resolved: Name or service not known", ip))
}

func (h *h18Log) aborted(tr h18Tr, srv h18Srv, t time.Time, id int64, db, user, host, why string) {
	h.note(tr, srv, t, id, "MY-010914", "Server", fmt.Sprintf("Aborted connection %d to db: '%s' user: '%s' host: '%s' (%s).", id, db, user, host, why))
}

func (h *h18Log) denied(tr h18Tr, srv h18Srv, t time.Time, id int64, user, ip string, pw bool) {
	yes := "NO"
	if pw {
		yes = "YES"
	}
	h.note(tr, srv, t, id, "MY-010926", "Server", fmt.Sprintf("Access denied for user '%s'@'%s' (using password: %s)", user, ip, yes))
}

func (h *h18Log) cleaner(tr h18Tr, srv h18Srv, t time.Time, ms, pages int) {
	h.note(tr, srv, t, 0, "MY-011953", "InnoDB", fmt.Sprintf("Page cleaner took %dms to flush %d and evict 0 pages", ms, pages))
}

func (h *h18Log) finish() []Line {
	sort.Slice(h.recs, func(i, j int) bool {
		a, b := h.recs[i], h.recs[j]
		if !a.at.Equal(b.at) {
			return a.at.Before(b.at)
		}
		return a.seq < b.seq
	})
	var last [2]string
	out := make([]Line, 0, len(h.recs)+len(h.recs)/50)
	line := func(r h18Rec, text string) Line {
		return Line{At: r.at, Text: h18Prefix[r.srv] + text, Incident: r.tr.inc, Change: r.tr.chg, ChangeStart: r.tr.cs}
	}
	for _, r := range h.recs {
		if r.reset {
			last[r.srv] = ""
		}
		if r.db != "" && r.db != last[r.srv] {
			out = append(out, line(r, "use "+r.db+";"))
			last[r.srv] = r.db
		}
		out = append(out, line(r, r.text))
	}
	return out
}

// --- what the statements look like ---------------------------------------------------

var (
	h18First   = []string{"jane", "john", "maria", "david", "emily", "michael", "sarah", "james", "jessica", "robert", "ashley", "daniel", "amanda", "chris", "laura", "kevin", "megan", "brian", "nicole", "jason", "olivia", "ethan", "sophia", "noah", "ava", "liam", "mia", "lucas", "chloe", "ryan"}
	h18Last    = []string{"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "lopez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "thompson", "white", "harris", "clark", "lewis", "walker", "young", "allen", "king", "wright", "scott"}
	h18Domains = []string{"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com", "comcast.net", "protonmail.com"}
	h18Search  = []string{"merino scarf", "rain jacket", "leather boots", "linen shirt", "wool socks", "puffer vest", "yoga pants", "crossbody bag", "beanie", "chelsea boots", "cashmere sweater", "denim jacket", "running shoes", "trench coat", "silk blouse", "cargo pants", "gift card", "flannel shirt", "snow boots", "tote bag", "halloween", "thermal leggings", "fleece hoodie", "sunglasses", "touchscreen gloves", "black dress", "slim jeans", "kids raincoat", "pajama set", "quilted jacket", "ankle boots", "wool coat", "turtleneck", "sherpa", "plaid skirt"}
	h18Paths   = []string{"/women/accessories/scarves/", "/women/outerwear/", "/men/shoes/boots/", "/men/shirts/", "/kids/outerwear/", "/home/bedding/", "/women/dresses/", "/men/outerwear/jackets/", "/accessories/bags/", "/sale/", "/women/knitwear/", "/men/knitwear/", "/women/shoes/sneakers/", "/home/kitchen/", "/gifts/under-50/", "/women/", "/men/", "/kids/"}
	h18Coupons = []string{"WELCOME10", "WELCOME10", "FREESHIP75", "FALL24", "FALL24", "VIP15", "SORRY20", "APP5OFF", "NEWSLETTER10", "BDAY2024", "STUDENT15"}
	h18Regions = [][2]string{{"CA", "941"}, {"CA", "900"}, {"NY", "100"}, {"NY", "112"}, {"TX", "733"}, {"TX", "770"}, {"WA", "981"}, {"IL", "606"}, {"FL", "331"}, {"MA", "021"}, {"CO", "802"}, {"GA", "303"}, {"OR", "972"}, {"PA", "191"}, {"NJ", "070"}, {"AZ", "850"}, {"MN", "554"}, {"NC", "276"}, {"OH", "432"}, {"VA", "232"}}
	h18Hot     = []int{20431, 20433, 20436, 31877, 31878, 44102, 44105, 52290}
)

func (h *h18Log) email() string {
	f, l, d := h18Pick(h, h18First), h18Pick(h, h18Last), h18Pick(h, h18Domains)
	switch h.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s.%s@%s", f, l, d)
	case 1:
		return fmt.Sprintf("%s%s%d@%s", f, l, h.n(1, 99), d)
	case 2:
		return fmt.Sprintf("%c%s@%s", f[0], l, d)
	}
	return fmt.Sprintf("%s_%s%d@%s", f, l, h.n(70, 2004), d)
}

func (h *h18Log) country() string {
	x := h.r.Float64()
	switch {
	case x < 0.8:
		return "US"
	case x < 0.88:
		return "CA"
	case x < 0.93:
		return "GB"
	case x < 0.96:
		return "DE"
	case x < 0.98:
		return "AU"
	}
	return h18Pick(h, []string{"FR", "NL", "IE", "MX", "SE"})
}

func h18SQLTime(t time.Time) string { return t.Format("2006-01-02 15:04:05") }

func (h *h18Log) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdef"[h.r.IntN(16)]
	}
	return string(b)
}

func (h *h18Log) insertOrder(t time.Time) string {
	sub := h.n(1500, 24000)
	ship := h18Pick(h, []int{0, 0, 599, 799, 1299})
	tax := sub * h.n(0, 10) / 100
	coupon := "NULL"
	if h.p(0.2) {
		coupon = "'" + h18Pick(h, h18Coupons) + "'"
	}
	return fmt.Sprintf("INSERT INTO orders (customer_id, customer_email, status, currency, subtotal_cents, shipping_cents, tax_cents, total_cents, coupon_code, created_at, updated_at) VALUES (%d, '%s', 'pending_payment', 'USD', %d, %d, %d, %d, %s, '%s', '%s')",
		h.n(300_000, 1_419_000), h.email(), sub, ship, tax, sub+ship+tax, coupon, h18SQLTime(t), h18SQLTime(t))
}

func (h *h18Log) updateInventory(sku, n int) string {
	return fmt.Sprintf("UPDATE inventory SET reserved = reserved + %d, updated_at = NOW() WHERE sku_id = %d AND warehouse_id = 1", n, sku)
}

// --- normal operation -----------------------------------------------------------------

func (h *h18Log) routine() {
	P, R := h18P, h18R
	// The primary: checkout look-ups without a usable index.
	h.app(P, 0.55, false, func(t time.Time, tr h18Tr, s h18Srv) {
		c := h.country()
		sent := int64(1)
		if h.p(0.04) {
			sent = 0
		}
		q := fmt.Sprintf("SELECT id, carrier, service_level, rate_cents, est_days FROM shipping_rate WHERE country = '%s' AND zone = %d AND max_weight_g >= %d ORDER BY rate_cents LIMIT 1", c, h.n(1, 8), h.n(2, 180)*50)
		h.appSlow(tr, s, t, h.ln(0.0021, 0.3)*h.slowF(s, t), h.lock(), sent, 2184, q)
	})
	h.app(P, 0.42, false, func(t time.Time, tr h18Tr, s h18Srv) {
		rg := h18Pick(h, h18Regions)
		zip := fmt.Sprintf("%s%02d", rg[1], h.n(1, 99))
		q := fmt.Sprintf("SELECT id, rate_bp, jurisdiction FROM tax_rate WHERE country = 'US' AND region = '%s' AND postcode_from <= '%s' AND postcode_to >= '%s' AND active = 1", rg[0], zip, zip)
		h.appSlow(tr, s, t, h.ln(0.017, 0.25)*h.slowF(s, t), h.lock(), int64(h.n(1, 3)), 41873, q)
	})
	h.app(P, 0.12, false, func(t time.Time, tr h18Tr, s h18Srv) {
		code := h18Pick(h, h18Coupons)
		sent := int64(1)
		if h.p(0.3) {
			code = strings.ToUpper(h18Pick(h, []string{"rtn-", "cs-", "ref-"})) + strings.ToUpper(h.hex(6))
			sent = int64(h.n(0, 1))
		}
		if h.p(0.15) {
			code = strings.ToLower(code)
		}
		q := fmt.Sprintf("SELECT id, code, discount_type, discount_value, min_subtotal_cents, starts_at, ends_at, usage_limit FROM coupon WHERE UPPER(code) = '%s' AND deleted_at IS NULL", strings.ToUpper(code))
		h.appSlow(tr, s, t, h.ln(0.011, 0.3)*h.slowF(s, t), h.lock(), sent, 16211+int64(t.Sub(h.start).Minutes()/9), q)
	})
	h.app(P, 0.21, false, func(t time.Time, tr h18Tr, s h18Srv) {
		h.appSlow(tr, s, t, h.ln(0.0029, 0.3)*h.slowF(s, t), h.lock(), 1361, 1408, "SELECT id, parent_id, slug, name, position, is_visible FROM category WHERE is_visible = 1 ORDER BY parent_id, position")
	})
	h.app(P, 1.0/170, false, func(t time.Time, tr h18Tr, s h18Srv) {
		q := fmt.Sprintf("SELECT id, status, total_cents, currency, created_at FROM orders WHERE customer_email = '%s' ORDER BY created_at DESC LIMIT 10", h.email())
		h.appSlow(tr, s, t, h.ln(1.9, 0.18)*h.slowF(s, t), h.lock(), int64(h.n(0, 3)), 3_211_000+int64(0.34*t.Sub(h.start).Seconds())+int64(h.n(0, 40)), q)
	})
	h.app(P, 1.0/520, false, func(t time.Time, tr h18Tr, s h18Srv) {
		slot := h.r.IntN(4)
		q := fmt.Sprintf("SELECT id, status, shipping_name, shipping_city, total_cents, created_at FROM orders WHERE shipping_name LIKE '%%%s%%' ORDER BY id DESC LIMIT 50", h18Pick(h, h18Last))
		h.slow(tr, s, t, "shop_admin", "", h.admin.ip, h.poolID(P, h.admin, slot, t), h.ln(2.6, 0.25), h.lock(), 50, int64(h.n(40_000, 900_000)), "shop", q)
	})

	// The replica: catalogue reads of shop-api's read pool.
	h.app(R, 0.5, true, func(t time.Time, tr h18Tr, s h18Srv) {
		term := h18Pick(h, h18Search)
		off := 48 * h18Pick(h, []int{0, 0, 0, 0, 1, 1, 2, 3})
		q := fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.image_key FROM product p WHERE p.status = 'active' AND (p.name LIKE '%%%s%%' OR p.search_keywords LIKE '%%%s%%') ORDER BY p.popularity DESC LIMIT 48 OFFSET %d", term, term, off)
		h.appSlow(tr, s, t, h.ln(0.34, 0.3)*h.slowF(s, t), h.lock(), int64(h.n(0, 48)), 118_402+int64(h.n(0, 30)), q)
	})
	h.app(R, 0.33, true, func(t time.Time, tr h18Tr, s h18Srv) {
		q := fmt.Sprintf("SELECT p.brand_id, COUNT(*) AS n FROM product p WHERE p.status = 'active' AND p.category_path LIKE '%s%%' GROUP BY p.brand_id", h18Pick(h, h18Paths))
		h.appSlow(tr, s, t, h.ln(0.12, 0.25)*h.slowF(s, t), h.lock(), int64(h.n(3, 64)), 118_402, q)
	})
	h.app(R, 0.28, true, func(t time.Time, tr h18Tr, s h18Srv) {
		lo := h.n(0, 12) * 1000
		order := h18Pick(h, []string{"p.created_at DESC", "p.price_cents ASC", "p.price_cents DESC", "p.popularity DESC"})
		q := fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.image_key FROM product p WHERE p.status = 'active' AND p.category_path LIKE '%s%%' AND p.price_cents BETWEEN %d AND %d ORDER BY %s LIMIT 48", h18Pick(h, h18Paths), lo, lo+h18Pick(h, []int{2500, 5000, 10000}), order)
		h.appSlow(tr, s, t, h.ln(0.16, 0.3)*h.slowF(s, t), h.lock(), int64(h.n(12, 48)), 118_402, q)
	})

	h.workerJobs()
	h.exporters()
	h.metabaseLines()
	h.feedExport()
	h.legacyExport()
	h.noise()
}

func (h *h18Log) workerSlow(tr h18Tr, t time.Time, w int, qt float64, sent, exam int64, stmt string) {
	p := h.workers[w]
	slot := h.r.IntN(5)
	h.slow(tr, h18P, t, "shop", "", p.ip, h.poolID(h18P, p, slot, t), qt, h.lock(), sent, exam, "shop", stmt)
}

// workerJobs are shop-worker's periodic queries on the primary.
func (h *h18Log) workerJobs() {
	for t := h.start.Add(h.d(0, 60)); t.Before(h.end); t = t.Add(time.Minute + h.d(-0.2, 0.3)) {
		if h.stalled(t) {
			continue
		}
		h.workerSlow(h18Tr{}, t.Add(h.d(0.03, 0.06)), 0, h.ln(0.042, 0.2), int64(h.n(8, 60)), 61_208, "SELECT sku_id, warehouse_id, stock, reserved, reorder_point FROM inventory WHERE stock - reserved <= reorder_point")
	}
	for t := h.start.Add(h.d(0, 300)); t.Before(h.end); t = t.Add(5*time.Minute + h.d(-1, 1)) {
		if h.stalled(t) {
			continue
		}
		qt := h.ln(1.15, 0.2)
		h.workerSlow(h18Tr{}, t.Add(h18Sec(qt)), 1, qt, 0, int64(h.n(380_000, 405_000)), fmt.Sprintf("DELETE FROM customer_session WHERE expires_at < '%s' LIMIT 5000", h18SQLTime(t)))
	}
	for t := h.start.Add(h.d(0, 600)); t.Before(h.end); t = t.Add(10*time.Minute + h.d(-1, 1)) {
		if h.stalled(t) {
			continue
		}
		qt := h.ln(0.31, 0.2)
		h.workerSlow(h18Tr{}, t.Add(h18Sec(qt)), 2, qt, int64(h.n(20, 400)), int64(h.n(2_580_000, 2_640_000)), fmt.Sprintf("SELECT c.id, c.customer_id, c.updated_at FROM cart c WHERE c.status = 'open' AND c.customer_id IS NOT NULL AND c.updated_at < '%s' AND c.reminder_sent_at IS NULL LIMIT 500", h18SQLTime(t.Add(-4*time.Hour))))
	}
}

const h18ExporterQuery = `
	SELECT
	    ifnull(SCHEMA_NAME, 'NONE') as SCHEMA_NAME,
	    DIGEST,
	    LEFT(DIGEST_TEXT, 120) as DIGEST_TEXT,
	    COUNT_STAR,
	    SUM_TIMER_WAIT,
	    SUM_ERRORS,
	    SUM_WARNINGS,
	    SUM_ROWS_AFFECTED,
	    SUM_ROWS_SENT,
	    SUM_ROWS_EXAMINED,
	    SUM_CREATED_TMP_DISK_TABLES,
	    SUM_CREATED_TMP_TABLES,
	    SUM_SORT_MERGE_PASSES,
	    SUM_SORT_ROWS,
	    SUM_NO_INDEX_USED
	  FROM (
	    SELECT *
	    FROM performance_schema.events_statements_summary_by_digest
	    WHERE SCHEMA_NAME NOT IN ('mysql', 'performance_schema', 'information_schema')
	      AND LAST_SEEN > DATE_SUB(NOW(), INTERVAL 86400 SECOND)
	    ORDER BY LAST_SEEN DESC
	  )Q
	  ORDER BY SUM_TIMER_WAIT DESC
	  LIMIT 250
	`

// exporters are the two mysqld_exporters, each scraping its server every 15 s with a
// new connection; the statement digests query reads the whole digest table, logged as
// not using an index once it holds 500 digests (min_examined_row_limit 1000).
func (h *h18Log) exporters() {
	for _, srv := range []h18Srv{h18P, h18R} {
		t := h.start.Add(-h.d(0, 15))
		warned := false
		for ; t.Before(h.end); t = t.Add(15*time.Second + h.d(-0.02, 0.02)) {
			if srv == h18R && h.repGone(t) {
				continue
			}
			id := h.idAt(srv, t)
			dig := h.digests[srv] + t.Sub(h.start).Minutes()*0.4
			if srv == h18R && !t.Before(h.repUp) {
				dig = 2300 * (1 - math.Exp(-t.Sub(h.repUp).Minutes()/25))
				if !warned {
					h.warnIP(h.drain, srv, t.Add(h.d(0.002, 0.01)), id, h.expIP[srv])
					warned = true
				}
			}
			exam := int64(2 * dig)
			if exam < 1000 {
				continue
			}
			qt := h.ln(0.021, 0.2) * h18ExamF(exam)
			h.slow(h18Tr{}, srv, t.Add(h.d(0.004, 0.012)+h18Sec(qt)), "exporter", "", h.expIP[srv], id, qt, h.lock(), 250, exam, "", h18ExporterQuery)
		}
	}
}

func h18ExamF(exam int64) float64 { return float64(exam) / 5000 }

type h18Card struct {
	user, kind, hash, db, sql string
	qt, sig                   float64
	sent, exam                int64
}

// metabaseLines: the operations wallboard refreshing every 10 minutes and analysts'
// questions, on the replica, each statement led by Metabase's comment.
func (h *h18Log) metabaseLines() {
	cards := []h18Card{
		{"3", "MBQL", "", "shop", "SELECT DATE(`shop`.`orders`.`created_at`) AS `created_at`, COUNT(*) AS `count`, SUM(`shop`.`orders`.`total_cents`) AS `sum` FROM `shop`.`orders` WHERE (`shop`.`orders`.`created_at` >= DATE(DATE_ADD(NOW(6), INTERVAL -30 day))) AND (`shop`.`orders`.`created_at` < DATE(DATE_ADD(NOW(6), INTERVAL 1 day))) GROUP BY DATE(`shop`.`orders`.`created_at`) ORDER BY DATE(`shop`.`orders`.`created_at`) ASC", 1.7, 0.2, 31, 312_000},
		{"3", "MBQL", "", "shop", "SELECT `Product`.`category_path` AS `Product__category_path`, SUM(`shop`.`order_item`.`quantity` * `shop`.`order_item`.`unit_price_cents`) AS `sum` FROM `shop`.`order_item` LEFT JOIN `shop`.`product` AS `Product` ON `shop`.`order_item`.`sku_id` = `Product`.`id` WHERE `shop`.`order_item`.`created_at` >= DATE(DATE_ADD(NOW(6), INTERVAL -7 day)) GROUP BY `Product`.`category_path` ORDER BY `sum` DESC, `Product`.`category_path` ASC", 4.1, 0.25, 212, 1_204_000},
		{"3", "MBQL", "", "shop", "SELECT `Product`.`name` AS `Product__name`, SUM(`shop`.`order_item`.`quantity`) AS `sum` FROM `shop`.`order_item` LEFT JOIN `shop`.`product` AS `Product` ON `shop`.`order_item`.`sku_id` = `Product`.`id` WHERE `shop`.`order_item`.`created_at` >= DATE(NOW(6)) GROUP BY `Product`.`name` ORDER BY `sum` DESC, `Product`.`name` ASC LIMIT 10", 0.9, 0.3, 10, 91_000},
		{"3", "MBQL", "", "shop", "SELECT DATE(`shop`.`customer`.`created_at`) AS `created_at`, COUNT(*) AS `count` FROM `shop`.`customer` WHERE `shop`.`customer`.`created_at` >= DATE(DATE_ADD(NOW(6), INTERVAL -14 day)) GROUP BY DATE(`shop`.`customer`.`created_at`) ORDER BY DATE(`shop`.`customer`.`created_at`) ASC", 1.1, 0.2, 15, 1_419_000},
		{"3", "MBQL", "", "shop_reporting", "SELECT `shop_reporting`.`funnel_hourly`.`hour` AS `hour`, SUM(`shop_reporting`.`funnel_hourly`.`sessions`) AS `sum`, SUM(`shop_reporting`.`funnel_hourly`.`checkouts`) AS `sum_2`, SUM(`shop_reporting`.`funnel_hourly`.`orders`) AS `sum_3` FROM `shop_reporting`.`funnel_hourly` WHERE `shop_reporting`.`funnel_hourly`.`hour` >= DATE_ADD(NOW(6), INTERVAL -48 hour) GROUP BY `shop_reporting`.`funnel_hourly`.`hour` ORDER BY `shop_reporting`.`funnel_hourly`.`hour` ASC", 0.05, 0.3, 48, 26_114},
	}
	native := []h18Card{
		{"27", "native", "", "shop", "SELECT c.email, COUNT(o.id) AS orders, SUM(o.total_cents)/100 AS revenue\nFROM orders o\nJOIN customer c ON c.id = o.customer_id\nWHERE o.created_at >= '2024-10-01'\nGROUP BY c.email\nORDER BY revenue DESC\nLIMIT 100", 5.2, 0.3, 100, 1_840_000},
		{"27", "native", "", "shop", "select p.sku, p.name, sum(oi.quantity) as units\nfrom order_item oi join product p on p.id = oi.sku_id\nwhere oi.created_at > now() - interval 7 day\ngroup by p.sku, p.name\norder by units desc\nlimit 50", 6.0, 0.3, 50, 2_130_000},
		{"41", "native", "", "shop", "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:00') AS hour, COUNT(*) AS carts,\n       SUM(status = 'converted') AS converted\nFROM cart\nWHERE created_at >= CURDATE() - INTERVAL 2 DAY\nGROUP BY 1\nORDER BY 1", 2.8, 0.25, 49, 2_611_000},
		{"41", "native", "", "shop", "select coupon_code, count(*) n, sum(total_cents)/100 revenue\n  from orders\n where created_at >= '2024-10-08' and coupon_code is not null\n group by coupon_code\n order by n desc", 2.2, 0.25, 37, 3_208_000},
		{"12", "native", "", "shop_reporting", "SELECT day, SUM(units) AS units, SUM(revenue_cents)/100 AS revenue\nFROM product_sales_daily\nWHERE day >= CURDATE() - INTERVAL 90 DAY\nGROUP BY day\nORDER BY day", 1.6, 0.25, 90, 2_912_000},
	}
	for i := range cards {
		cards[i].hash = h.hex(64)
	}
	for i := range native {
		native[i].hash = h.hex(64)
	}
	mb := h.metabase
	run := func(tr h18Tr, t time.Time, c h18Card) {
		qt := h.ln(c.qt, c.sig) * h.slowF(h18R, t)
		if qt < 1 && c.exam < 1000 {
			return
		}
		slot := h.r.IntN(15)
		stmt := fmt.Sprintf("-- Metabase:: userID: %s queryType: %s queryHash: %s\n%s", c.user, c.kind, c.hash, c.sql)
		h.slow(tr, h18R, t.Add(h18Sec(qt)), "metabase", "", mb.ip, h.poolID(h18R, mb, slot, t), qt, h.lock(), c.sent+int64(h.n(0, 2)), c.exam+int64(h.n(0, 5000)), c.db, stmt)
	}
	for t := h.start.Add(h.d(0, 600)); t.Before(h.end); t = t.Add(10*time.Minute + h.d(-0.5, 0.5)) {
		if h.repGone(t) {
			continue
		}
		for _, c := range cards {
			run(h18Tr{}, t.Add(h.d(0.01, 0.3)), c)
		}
	}
	h.poisson(h.start, h.end, 1.0/420, func(time.Time) float64 { return 1.0 / 420 }, func(t time.Time) {
		if h.repGone(t) {
			return
		}
		run(h18Tr{}, t, h18Pick(h, native))
	})
}

// feedExport is the hourly product feed for the ads platforms, a CronJob reading the
// replica at five past.
func (h *h18Log) feedExport() {
	for hr := 0; hr < 3; hr++ {
		t := h.start.Add(time.Duration(hr)*time.Hour + 5*time.Minute + h.d(2, 9))
		ip := h.podIP()
		id := h.idAt(h18R, t)
		h.warnIP(h18Tr{}, h18R, t, id, ip)
		for _, q := range []struct {
			sql        string
			qt         float64
			sent, exam int64
		}{
			{"SELECT p.id, p.sku, p.name, p.description, p.price_cents, p.sale_price_cents, p.brand_id, p.image_key, p.category_path FROM product p WHERE p.status = 'active' AND p.is_feed_enabled = 1", 5.1, 109_311, 118_402},
			{"SELECT v.product_id, v.sku, v.color, v.size, v.gtin, i.stock - i.reserved AS available FROM product_variant v JOIN inventory i ON i.sku_id = v.id AND i.warehouse_id = 1", 7.4, 331_208, 392_416},
			{"SELECT r.product_id, COUNT(*) AS reviews, AVG(r.rating) AS rating FROM review r WHERE r.status = 'approved' GROUP BY r.product_id", 2.4, 61_377, 884_190},
		} {
			qt := h.ln(q.qt, 0.15)
			t = t.Add(h.d(0.05, 0.4) + h18Sec(qt))
			h.slow(h18Tr{}, h18R, t, "feed_export", "", ip, id, qt, h.lock(), q.sent+int64(h.n(0, 300)), q.exam+int64(h.n(0, 300)), "shop", q.sql)
		}
	}
}

// legacyExport is an old CronJob still holding a rotated password: every 15 minutes
// its pod and two retries fail to log in on the primary.
func (h *h18Log) legacyExport() {
	for t := h.start.Add(7*time.Minute + h.d(0, 20)); t.Before(h.end); t = t.Add(15 * time.Minute) {
		at := t.Add(h.d(3, 9))
		for k := 0; k < 3; k++ {
			ip := h.podIP()
			id := h.idAt(h18P, at)
			h.warnIP(h18Tr{}, h18P, at, id, ip)
			h.denied(h18Tr{}, h18P, at.Add(h.d(0.002, 0.02)), id, "legacy_export", ip, true)
			at = at.Add(h18Sec(10*math.Pow(2, float64(k))) + h.d(4, 7))
		}
	}
}

// noise is what a busy server's error log has: clients that went away, idle connections
// timed out, a probe that gave up, the page cleaner behind after a burst of writes.
func (h *h18Log) noise() {
	P, R := h18P, h18R
	h.poisson(h.start, h.end, 1.0/100, func(time.Time) float64 { return 1.0 / 100 }, func(t time.Time) {
		p := h.apiPod(t, false)
		id := h.poolID(P, p, h.r.IntN(20), t.Add(-h.d(1, 600)))
		h.aborted(h18Tr{}, P, t, id, "shop", "shop", p.ip, "Got an error reading communication packets")
	})
	h.poisson(h.start, h.end, 1.0/160, func(t time.Time) float64 {
		if h.repGone(t) {
			return 0
		}
		return 1.0 / 160
	}, func(t time.Time) {
		p := h.apiPod(t, false)
		id := h.poolID(R, p, h.r.IntN(10), t.Add(-h.d(1, 600)))
		h.aborted(h18Tr{}, R, t, id, "shop", "shop", p.ip, "Got an error reading communication packets")
	})
	h.poisson(h.start, h.end, 1.0/450, func(t time.Time) float64 {
		if h.repGone(t) {
			return 0
		}
		return 1.0 / 450
	}, func(t time.Time) {
		h.aborted(h18Tr{}, R, t, h.poolID(R, h.metabase, h.r.IntN(15), t.Add(-h.d(600, 1200))), "shop", "metabase", h.metabase.ip, "Got timeout reading communication packets")
	})
	h.poisson(h.start, h.end, 1.0/700, func(time.Time) float64 { return 1.0 / 700 }, func(t time.Time) {
		w := h.workers[h.r.IntN(3)]
		h.aborted(h18Tr{}, P, t, h.poolID(P, w, h.r.IntN(5), t.Add(-h.d(600, 1200))), "shop", "shop", w.ip, "Got timeout reading communication packets")
	})
	h.poisson(h.start, h.end, 1.0/1500, func(t time.Time) float64 {
		if h.repGone(t) {
			return 0
		}
		return 1.0 / 1500
	}, func(t time.Time) {
		h.aborted(h18Tr{}, R, t, h.poolID(R, h.metabase, h.r.IntN(15), t), "shop", "metabase", h.metabase.ip, "Got an error writing communication packets")
	})
	for _, srv := range []h18Srv{P, R} {
		h.poisson(h.start, h.end, 1.0/2400, func(t time.Time) float64 {
			if srv == R && h.repGone(t) {
				return 0
			}
			return 1.0 / 2400
		}, func(t time.Time) {
			h.aborted(h18Tr{}, srv, t, h.idAt(srv, t), "unconnected", "root", "localhost", "Got an error reading communication packets")
		})
	}
	h.poisson(h.start, h.end, 1.0/800, func(time.Time) float64 { return 1.0 / 800 }, func(t time.Time) {
		h.cleaner(h18Tr{}, P, t, h.n(1010, 1900), h.n(200, 2400))
	})
	h.poisson(h.start, h.end, 1.0/1600, func(t time.Time) float64 {
		if h.repGone(t) {
			return 0
		}
		return 1.0 / 1600
	}, func(t time.Time) {
		h.cleaner(h18Tr{}, R, t, h.n(1010, 1700), h.n(200, 1800))
	})
	// New pods' first connections, each address once in the host cache.
	for _, p := range h.api {
		if p.from.Before(h.start) {
			continue
		}
		t := p.from.Add(h.d(0.5, 2))
		h.warnIP(p.tr, P, t, h.poolID(P, p, 0, t), p.ip)
		if !h.repGone(t) {
			h.warnIP(p.tr, R, t.Add(h.d(0.01, 0.2)), h.poolID(R, p, 0, t), p.ip)
		}
	}
}

// mtsLines are the replica's multi-threaded applier statistics, every 120 s while the SQL
// thread runs and events arrive, counted from the thread's start.
func (h *h18Log) mtsLines() {
	type run struct {
		from, to time.Time
		coord    int64
		events   float64 // events already counted at from
		backlog  float64 // events waiting when the thread starts
		first    h18Tr
	}
	ageEv := h.f(6.8e8, 7.4e8)
	runs := []run{
		{h.start.Add(-h.d(0, 120)), h.drain.cs, h.coordOld, ageEv, 0, h18Tr{}},
		{h.repUp, h.replErr, 9, 0, h.repUp.Sub(h.drain.cs).Seconds() * h18EvRate * h.load(h.repUp), h.drain},
		{h.sqlRestart, h.end, h.coordNew, 0, h.sqlRestart.Sub(h.replErr).Seconds() * h18EvRate * h.load(h.replErr), h18Tr{inc: h18ReplStop}},
	}
	for k, r := range runs {
		ev := r.events
		var over, full, size, clock, occN, occ float64
		if k == 0 {
			over, full, size = float64(h.n(10, 90)), float64(h.n(0, 12)), 0
			clock, occN = h.f(4e12, 6e12), float64(h.n(90_000, 140_000))
			occ = occN * h.f(1.5e6, 2.5e6)
		}
		last := r.from
		t := r.from.Add(h.d(120, 121))
		for i := 0; t.Before(r.to) && t.Before(h.end); i++ {
			if !t.Before(h.diskMsg) && t.Before(h.diskBack) {
				t = h.diskBack.Add(h.d(0.2, 0.5))
				continue
			}
			el := t.Sub(last).Seconds()
			inc := el * h18EvRate * h.load(t) * h.camp(t) * h.f(0.9, 1.1)
			heavy := !t.Before(h.osc.cs) && t.Before(h.oscEnd.Add(time.Minute))
			if heavy {
				inc *= 2.2
			}
			tr := h18Tr{}
			if i == 0 {
				inc += r.backlog
				tr = r.first
			}
			ev += inc
			if i == 0 && r.backlog > 0 || heavy {
				over += float64(h.n(3, 40))
				full += float64(h.n(1, 25))
				size += float64(h.n(0, 3))
			} else if h.p(0.1) {
				over++
			}
			clock += inc * h.f(1.5e5, 4e5)
			n := inc * h.f(0.0002, 0.0006)
			occN += math.Floor(n)
			occ += n * h.f(1.5e6, 2.5e6)
			if !t.Before(h.start) {
				h.note(tr, h18R, t, r.coord, "MY-010559", "Repl", fmt.Sprintf("Multi-threaded replica statistics for channel '': seconds elapsed = %d; events assigned = %d; worker queues filled over overrun level = %d; waited due a Worker queue full = %d; waited due the total size = %d; waited at clock conflicts = %d waited (count) when Workers occupied = %d waited when Workers occupied = %d",
					int(el), int64(ev), int64(over), int64(full), int64(size), int64(clock), int64(occN), int64(occ)))
			}
			last = t
			t = t.Add(h.d(120, 121))
		}
	}
}

// --- benign change: the replica's node drained ----------------------------------------

func h18BPTime(t time.Time) string {
	return fmt.Sprintf("%s %2d:%s", t.Format("060102"), t.Hour(), t.Format("04:05"))
}

func (h *h18Log) drainLines() {
	tr := h.drain
	R, P := h18R, h18P
	t := tr.cs
	step := func(lo, hi float64) time.Time { t = t.Add(h.d(lo, hi)); return t }
	e := func(th int64, prio, code, sub, msg string) {
		h.elog(tr, R, step(0.0001, 0.004), th, prio, code, sub, msg)
	}
	file, pos := h.binlog(tr.cs)
	lsn := h.lsn(tr.cs)
	e(0, "System", "MY-013172", "Server", "Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.0.39).")
	e(0, "Note", "MY-010067", "Server", fmt.Sprintf("Giving %d client threads a chance to die gracefully", h.n(22, 38)))
	e(0, "Note", "MY-010117", "Server", "Shutting down replica threads")
	step(0.01, 0.05)
	e(h.coordOld, "Note", "MY-010596", "Repl", "Error reading relay log event for channel '': replica SQL thread was killed")
	e(h.coordOld, "Note", "MY-010587", "Repl", fmt.Sprintf("Replica SQL thread for channel '' exiting, replication stopped in log '%s' at position %d", file, pos))
	e(10, "Note", "MY-011026", "Repl", "Replica I/O thread killed while reading event for channel ''.")
	e(10, "Note", "MY-010570", "Repl", fmt.Sprintf("Replica I/O thread exiting for channel '', read up to log '%s', position %d", file, pos))
	e(0, "Note", "MY-010118", "Server", "Forcefully disconnecting 0 remaining clients")
	e(0, "Note", "MY-010043", "Server", "Event Scheduler: Purging the queue. 0 events")
	e(0, "Note", "MY-012330", "InnoDB", "FTS optimize thread exiting.")
	e(0, "Note", "MY-010120", "Server", "Binlog end")
	for _, pl := range []string{"mysqlx", "mysqlx_cache_cleaner", "ngram", "BLACKHOLE", "ARCHIVE", "TempTable", "MRG_MYISAM", "MyISAM", "PERFORMANCE_SCHEMA", "CSV", "daemon_keyring_proxy_plugin"} {
		e(0, "Note", "MY-010733", "Server", fmt.Sprintf("Shutting down plugin '%s'", pl))
	}
	e(0, "Note", "MY-010733", "Server", "Shutting down plugin 'InnoDB'")
	e(0, "Note", "MY-013072", "InnoDB", "Starting shutdown...")
	e(0, "Note", "MY-011944", "InnoDB", "Dumping buffer pool(s) to "+h18DataDir+"/ib_buffer_pool")
	step(0.3, 0.6)
	e(0, "Note", "MY-011944", "InnoDB", "Buffer pool(s) dump completed at "+h18BPTime(t))
	e(0, "Note", "MY-013084", "InnoDB", "Log background threads are being closed...")
	step(0.5, 0.9)
	e(0, "Note", "MY-012980", "InnoDB", fmt.Sprintf("Shutdown completed; log sequence number %d", lsn))
	e(0, "Note", "MY-012255", "InnoDB", "Removed temporary tablespace data file: \"ibtmp1\"")
	for _, pl := range []string{"MEMORY", "INFORMATION_SCHEMA", "sha256_password", "caching_sha2_password", "mysql_native_password", "binlog"} {
		e(0, "Note", "MY-010733", "Server", fmt.Sprintf("Shutting down plugin '%s'", pl))
	}
	t = h.repDown
	e(0, "System", "MY-010910", "Server", h18Mysqld+": Shutdown complete (mysqld 8.0.39)  Source distribution.")

	// The new pod: Bitnami's entrypoint, then mysqld.
	t = h.repStart
	bn := func(lvl, msg string) {
		at := step(0.001, 0.02).Truncate(10 * time.Millisecond)
		h.add(tr, R, at, fmt.Sprintf("mysql %s %s ==> %s", at.Format("15:04:05.00"), lvl, msg))
	}
	bn("INFO ", "")
	bn("INFO ", "Welcome to the Bitnami mysql container")
	bn("INFO ", "Subscribe to project updates by watching https://github.com/bitnami/containers")
	bn("INFO ", "Submit issues and feature requests at https://github.com/bitnami/containers/issues")
	bn("INFO ", "Upgrade to Tanzu Application Catalog for production environments to access custom-configured and pre-packaged software components. Gain enhanced features, including Software Bill of Materials (SBOM), CVE scan result reports, and VEX documents. To learn more, visit https://bitnami.com/enterprise")
	bn("INFO ", "")
	bn("INFO ", "** Starting MySQL setup **")
	step(0.02, 0.05)
	bn("INFO ", "Validating settings in MYSQL_*/MARIADB_* env vars")
	bn("INFO ", "Initializing mysql database")
	bn("WARN ", "The mysql configuration file '/opt/bitnami/mysql/conf/my.cnf' is not writable. Configurations based on environment variables will not be applied for this file.")
	bn("INFO ", "Using persisted data")
	step(0.05, 0.2)
	bn("INFO ", "** MySQL setup finished! **")
	bn("INFO ", "** Starting MySQL **")
	step(0.1, 0.3)
	e(0, "Note", "MY-010949", "Server", "Basedir set to /opt/bitnami/mysql/.")
	e(0, "System", "MY-010116", "Server", h18Mysqld+" (mysqld 8.0.39) starting as process 1")
	at := step(0.001, 0.003)
	h.put(h18Rec{at: at, srv: R, tr: tr, reset: true, text: h18Mysqld + ", Version: 8.0.39 (Source distribution). started with:"})
	h.add(tr, R, at, "Tcp port: 3306  Unix socket: "+h18Sock)
	h.add(tr, R, at, "Time                 Id Command    Argument")
	e(0, "Warning", "MY-011810", "Server", "Insecure configuration for --pid-file: Location '/opt/bitnami/mysql/tmp' in the path is accessible to all OS users. Consider choosing a different directory.")
	e(0, "Note", "MY-012366", "InnoDB", "Using Linux native AIO")
	for _, pl := range []string{"FEDERATED", "ndbcluster", "ndbinfo", "ndb_transid_mysql_connection_map"} {
		e(0, "Note", "MY-010747", "Server", fmt.Sprintf("Plugin '%s' is disabled.", pl))
	}
	e(1, "System", "MY-013576", "InnoDB", "InnoDB initialization has started.")
	e(1, "Note", "MY-013546", "InnoDB", "Atomic write enabled")
	e(1, "Note", "MY-012932", "InnoDB", "PUNCH HOLE support available")
	e(1, "Note", "MY-012944", "InnoDB", "Uses event mutexes")
	e(1, "Note", "MY-012945", "InnoDB", "GCC builtin __atomic_thread_fence() is used for memory barrier")
	e(1, "Note", "MY-012948", "InnoDB", "Compressed tables use zlib 1.3.1")
	e(1, "Note", "MY-012951", "InnoDB", "Using hardware accelerated crc32 and polynomial multiplication.")
	e(1, "Note", "MY-012203", "InnoDB", "Directories to scan './'")
	e(1, "Note", "MY-012204", "InnoDB", "Scanning './'")
	step(0.05, 0.15)
	e(1, "Note", "MY-012208", "InnoDB", "Completed space ID check of 104 files.")
	e(1, "Note", "MY-012955", "InnoDB", "Initializing buffer pool, total size = 12.000000G, instances = 8, chunk size =128.000000M")
	step(0.4, 0.9)
	e(1, "Note", "MY-012957", "InnoDB", "Completed initialization of buffer pool")
	e(0, "Note", "MY-011952", "InnoDB", "If the mysqld execution user is authorized, page cleaner thread priority can be changed. See the man page of setpriority().")
	e(1, "Note", "MY-013532", "InnoDB", "Using './#ib_16384_0.dblwr' for doublewrite")
	e(1, "Note", "MY-013532", "InnoDB", "Using './#ib_16384_1.dblwr' for doublewrite")
	e(1, "Note", "MY-013566", "InnoDB", "Double write buffer files: 2")
	e(1, "Note", "MY-013565", "InnoDB", "Double write buffer pages per instance: 4")
	e(1, "Note", "MY-013532", "InnoDB", "Using './#ib_16384_0.bdblwr' for doublewrite")
	e(1, "Note", "MY-013532", "InnoDB", "Using './#ib_16384_1.bdblwr' for doublewrite")
	e(1, "Note", "MY-013883", "InnoDB", fmt.Sprintf("The latest found checkpoint is at lsn = %d in redo log file ./#innodb_redo/#ib_redo%d.", lsn, lsn/3_311_000_00+4000))
	e(1, "Note", "MY-013086", "InnoDB", fmt.Sprintf("Starting to parse redo log at lsn = %d, whereas checkpoint_lsn = %d and start_lsn = %d", lsn-lsn%512, lsn, lsn-lsn%512))
	e(1, "Note", "MY-013083", "InnoDB", "Log background threads are being started...")
	e(1, "Note", "MY-012532", "InnoDB", "Applying a batch of 0 redo log records ...")
	e(1, "Note", "MY-012535", "InnoDB", "Apply batch completed!")
	e(1, "Note", "MY-013252", "InnoDB", "Using undo tablespace './undo_001'.")
	e(1, "Note", "MY-013252", "InnoDB", "Using undo tablespace './undo_002'.")
	e(1, "Note", "MY-012910", "InnoDB", "Opened 2 existing undo tablespaces.")
	e(1, "Note", "MY-011980", "InnoDB", fmt.Sprintf("GTID recovery trx_no: %d", h.trx(tr.cs)))
	step(0.2, 0.5)
	e(1, "Note", "MY-013776", "InnoDB", "Parallel initialization of rseg complete")
	e(1, "Note", "MY-013777", "InnoDB", fmt.Sprintf("Time taken to initialize rseg using 4 thread: %d ms.", h.n(180, 420)))
	e(1, "Note", "MY-012923", "InnoDB", "Creating shared tablespace for temporary tables")
	e(1, "Note", "MY-012265", "InnoDB", "Setting file './ibtmp1' size to 12 MB. Physically writing the file full; Please wait ...")
	e(1, "Note", "MY-012266", "InnoDB", "File './ibtmp1' size is now 12 MB.")
	e(1, "Note", "MY-013627", "InnoDB", "Scanning temp tablespace dir:'./#innodb_temp/'")
	e(1, "Note", "MY-013018", "InnoDB", "Created 128 and tracked 128 new rollback segment(s) in the temporary tablespace. 128 are now active.")
	e(1, "Note", "MY-012976", "InnoDB", fmt.Sprintf("8.0.39 started; log sequence number %d", lsn+16))
	e(1, "System", "MY-013577", "InnoDB", "InnoDB initialization has ended.")
	e(1, "Note", "MY-011089", "Server", "Data dictionary restarting version '80023'.")
	e(1, "Note", "MY-012357", "InnoDB", "Reading DD tablespace files")
	step(0.1, 0.3)
	e(1, "Note", "MY-012356", "InnoDB", "Scanned 104 tablespaces. Validated 104.")
	e(1, "Note", "MY-010006", "Server", "Using data dictionary with version '80023'.")
	e(0, "Note", "MY-011332", "Server", "Plugin mysqlx reported: 'IPv6 is available'")
	e(0, "Note", "MY-011323", "Server", "Plugin mysqlx reported: 'X Plugin ready for connections. bind-address: '::' port: 33060'")
	e(0, "Note", "MY-011323", "Server", "Plugin mysqlx reported: 'X Plugin ready for connections. socket: '/tmp/mysqlx.sock''")
	e(0, "Note", "MY-010902", "Server", "Thread priority attribute setting in Resource Group SQL shall be ignored due to unsupported platform or insufficient privilege.")
	e(0, "Note", "MY-013911", "Server", "Crash recovery finished in binlog engine. No attempts to commit, rollback or prepare any transactions.")
	e(0, "Note", "MY-013911", "Server", "Crash recovery finished in InnoDB engine. No attempts to commit, rollback or prepare any transactions.")
	e(0, "Note", "MY-012487", "InnoDB", "DDL log recovery : begin")
	e(0, "Note", "MY-012488", "InnoDB", "DDL log recovery : end")
	e(0, "Note", "MY-011946", "InnoDB", "Loading buffer pool(s) from "+h18DataDir+"/ib_buffer_pool")
	e(0, "Note", "MY-012922", "InnoDB", "Waiting for purge to start")
	e(0, "Note", "MY-010182", "Server", "Found ca.pem, server-cert.pem and server-key.pem in data directory. Trying to enable SSL support using them.")
	e(0, "Note", "MY-010304", "Server", "Skipping generation of SSL certificates as certificate files are present in data directory.")
	e(0, "Warning", "MY-010068", "Server", "CA certificate ca.pem is self signed.")
	e(0, "System", "MY-013602", "Server", "Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.")
	e(0, "Note", "MY-010308", "Server", "Skipping generation of RSA key pair through --sha256_password_auto_generate_rsa_keys as key files are present in data directory.")
	e(0, "Note", "MY-010308", "Server", "Skipping generation of RSA key pair through --caching_sha2_password_auto_generate_rsa_keys as key files are present in data directory.")
	e(0, "Note", "MY-010252", "Server", "Server hostname (bind-address): '*'; port: 3306")
	e(0, "Note", "MY-010253", "Server", "IPv6 is available.")
	e(0, "Note", "MY-010264", "Server", "  - '::' resolves to '::';")
	e(0, "Note", "MY-010251", "Server", "Server socket created on IP: '::'.")
	e(0, "Note", "MY-010001", "Server", "Event Scheduler: Loaded 0 events")
	e(0, "Warning", "MY-010897", "Repl", "Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended. Please consider using the USER and PASSWORD connection options for START REPLICA; see the 'START REPLICA Syntax' in the MySQL Manual for more information.")
	relay := h.relayOld + 1
	e(9, "Note", "MY-010581", "Repl", fmt.Sprintf("Replica SQL thread for channel '' initialized, starting replication in log '%s' at position %d, relay log './mysql-relay-bin.%06d' position: 4", file, pos, relay))
	e(0, "Note", "MY-011240", "Server", "Plugin mysqlx reported: 'Using SSL configuration from MySQL Server'")
	e(0, "Note", "MY-011243", "Server", "Plugin mysqlx reported: 'Using OpenSSL for TLS connections'")
	e(0, "System", "MY-011323", "Server", "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /tmp/mysqlx.sock")
	h.repUp = h18US(step(0.002, 0.01))
	h.elog(tr, R, t, 0, "System", "MY-010931", "Server", h18Mysqld+": ready for connections. Version: '8.0.39'  socket: '"+h18Sock+"'  port: 3306  Source distribution.")
	e(5, "Note", "MY-010051", "Server", "Event Scheduler: scheduler thread started with id 5")
	step(0.01, 0.05)
	e(8, "System", "MY-010562", "Repl", fmt.Sprintf("Replica I/O thread for channel '': connected to source 'repl@shop-mysql-primary:3306',replication started in log '%s' at position %d", file, pos))
	h.note(tr, P, t.Add(h.d(0.0005, 0.003)), h.idAt(P, t), "MY-010462", "Repl", fmt.Sprintf("Start binlog_dump to source_thread_id(%d) replica_server_id(2), pos(%s, %d)", h.idAt(P, t), file, pos))
	h.relayOld = relay

	// Clients reconnecting: every address new to the empty host cache.
	for _, p := range h.api {
		if p.from.After(h.repUp) || !h.repUp.Before(p.to) {
			continue
		}
		at := h.repUp.Add(time.Duration(1500+p.k*300)*time.Millisecond + h.d(0, 0.06))
		h.warnIP(tr, R, at, h.poolID(R, p, 0, at), p.ip)
	}
	at = h.repUp.Add(time.Duration(1500+6*300)*time.Millisecond + h.d(0, 0.06))
	h.warnIP(tr, R, at, h.poolID(R, h.metabase, 0, at), h.metabase.ip)
	// A cold buffer pool: category pages over a second until it is warm again.
	h.poisson(h.repUp.Add(3500*time.Millisecond), h.repUp.Add(11*time.Minute), 0.4, func(t time.Time) float64 {
		return 0.38 * math.Exp(-t.Sub(h.repUp).Seconds()/200) * h.load(t)
	}, func(t time.Time) {
		q := fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.image_key FROM product_category pc JOIN product p ON p.id = pc.product_id WHERE pc.category_id = %d AND p.status = 'active' ORDER BY pc.position LIMIT 48 OFFSET %d", h.n(100, 940), 48*h.n(0, 3))
		h.appSlow(tr, R, t, 1+h.ln(0.6, 0.6), h.lock(), 48, int64(h.n(1200, 9000)), q)
	})
	h.note(tr, R, h.repUp.Add(h.d(330, 430)), 0, "MY-011946", "InnoDB", "Buffer pool(s) load completed at "+h18BPTime(h.repUp.Add(h.d(330, 430))))
}

// --- incident: password guessing ------------------------------------------------------

func (h *h18Log) bruteLines() {
	tr := h18Tr{inc: h18Brute}
	users := []string{"root", "root", "root", "root", "root", "root", "root", "root", "root", "root", "admin", "admin", "mysql", "dba", "shop", "backup", "repl", "test"}
	for i, t := range h.attempts {
		id := h.idAt(h18P, t.Add(time.Nanosecond))
		if i == 0 {
			h.warnIP(tr, h18P, t, id, h.bruteIP)
		}
		at := t.Add(h.d(0.001, 0.012))
		if i > 4 && h.p(0.08) {
			h.aborted(tr, h18P, at.Add(h.d(0.5, 4)), id, "unconnected", "unauthenticated", h.bruteIP, "Got an error reading communication packets")
			continue
		}
		u := h18Pick(h, users)
		if i < 12 {
			u = "root"
		}
		h.denied(tr, h18P, at, id, u, h.bruteIP, i >= 6)
	}
}

// --- incident: deadlocks after a bad release ------------------------------------------

func h18Field(i int, b []byte) string {
	asc := make([]byte, len(b))
	for k, c := range b {
		if c >= 0x20 && c < 0x7f {
			asc[k] = c
		} else {
			asc[k] = ' '
		}
	}
	return fmt.Sprintf(" %d: len %d; hex %x; asc %s;;", i, len(b), b, asc)
}

func h18BE(v uint64, n int) []byte {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

// invRecord is an inventory row as a lock report prints it: sku_id, warehouse_id, the
// hidden transaction id and roll pointer, stock, reserved, updated_at.
func (h *h18Log) invRecord(sku int, trx int64, t time.Time) []string {
	roll := append([]byte{byte(h.n(1, 127))}, h18BE(uint64(h.n(300, 90000)), 4)...)
	roll = append(roll, h18BE(uint64(h.n(0x100, 0x3f00)), 2)...)
	fields := [][]byte{
		h18BE(uint64(uint32(sku)^0x80000000), 4),
		h18BE(uint64(uint16(1)^0x8000), 2),
		h18BE(uint64(trx), 6),
		roll,
		h18BE(uint64(uint32(h.n(40, 900))^0x80000000), 4),
		h18BE(uint64(uint32(h.n(5, 60))^0x80000000), 4),
		h18BE(uint64(t.Unix()), 4),
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = h18Field(i, f)
	}
	return out
}

func (h *h18Log) deadlock(tr h18Tr, t time.Time) {
	t = h18US(t)
	a := h18Pick(h, h18Hot)
	b := h18Pick(h, h18Hot)
	for b == a {
		b = h18Pick(h, h18Hot)
	}
	pa, pb := h.apiPod(t, true), h.apiPod(t, true)
	ida, idb := h.poolID(h18P, pa, h.r.IntN(20), t), h.poolID(h18P, pb, h.r.IntN(20), t)
	t1 := h.trx(t) - int64(h.n(5, 300))
	t2 := t1 + int64(h.n(1, 60))
	page := func(sku int) int { return 400 + sku%97 }
	heap := func(sku int) int { return 2 + sku%173 }
	lockLine := func(sku int, trx int64, waiting bool) string {
		s := fmt.Sprintf("RECORD LOCKS space id 212 page no %d n bits 216 index PRIMARY of table `shop`.`inventory` trx id %d lock_mode X locks rec but not gap", page(sku), trx)
		if waiting {
			s += " waiting"
		}
		return s
	}
	recs := map[int]string{}
	for _, x := range []struct {
		sku   int
		owner int64
	}{{a, t1}, {b, t2}} {
		recs[x.sku] = fmt.Sprintf("Record lock, heap no %d PHYSICAL RECORD: n_fields 7; compact format; info bits 0\n", heap(x.sku)) + strings.Join(h.invRecord(x.sku, x.owner, t), "\n")
	}
	rec := func(sku int, _ int64) string { return recs[sku] }
	trxText := func(n int, trx int64, id int64, ip string, stmt, state string) string {
		return fmt.Sprintf("*** (%d) TRANSACTION:\nTRANSACTION %d, ACTIVE %d sec starting index read\nmysql tables in use 1, locked 1\nLOCK WAIT %d lock struct(s), heap size 1128, %d row lock(s), undo log entries %d\nMySQL thread id %d, OS thread handle %d, query id %d %s shop %s\n%s",
			n, trx, h.n(0, 1), h.n(3, 5), h.n(2, 4), h.n(1, 3), id, 0x7f00_0000_0000+int64(h.n(0, 0xfffff))*0x1000, h.qid(t), ip, state, stmt)
	}
	stmtB, stateB := h.updateInventory(a, h.n(1, 2)), "updating"
	if h.p(0.4) {
		stmtB, stateB = fmt.Sprintf("SELECT sku_id, stock, reserved FROM inventory WHERE sku_id = %d AND warehouse_id = 1 FOR UPDATE", a), "executing"
	}
	th := ida
	n := func(msg string) { h.note(tr, h18P, t, th, "MY-012469", "InnoDB", msg) }
	h.note(tr, h18P, t, th, "MY-012468", "InnoDB", "Transactions deadlock detected, dumping detailed information. (lock0lock.cc:6482)")
	n(trxText(1, t1, ida, pa.ip, h.updateInventory(b, h.n(1, 2)), "updating"))
	n("*** (1) HOLDS THE LOCK(S):\n" + lockLine(a, t1, false) + "\n" + rec(a, t1))
	n("*** (1) WAITING FOR THIS LOCK TO BE GRANTED:\n" + lockLine(b, t1, true) + "\n" + rec(b, t2))
	n(trxText(2, t2, idb, pb.ip, stmtB, stateB))
	n("*** (2) HOLDS THE LOCK(S):\n" + lockLine(b, t2, false) + "\n" + rec(b, t2))
	n("*** (2) WAITING FOR THIS LOCK TO BE GRANTED:\n" + lockLine(a, t2, true) + "\n" + rec(a, t1))
	n(fmt.Sprintf("*** WE ROLL BACK TRANSACTION (%d)", h18Pick(h, []int{1, 2, 2})))
}

func (h *h18Log) deadlockLines() {
	tr := h18Tr{inc: h18Deadlock}
	h.poisson(h.deployAt, h.badEnd, 0.1, func(t time.Time) float64 {
		f := h.badShare(t)
		return 0.085 * f * f * h.load(t)
	}, func(t time.Time) { h.deadlock(tr, t) })
	// Lock waits: UPDATEs and SELECT ... FOR UPDATE on the hot rows, some until the 50 s
	// innodb_lock_wait_timeout.
	h.poisson(h.deployAt, h.badEnd.Add(20*time.Second), 0.6, func(t time.Time) float64 {
		return 0.42 * h.badShare(t.Add(-10*time.Second)) * h.load(t)
	}, func(t time.Time) {
		p := h.apiPod(t.Add(-10*time.Second), true)
		if !p.bad {
			return
		}
		sku := h18Pick(h, h18Hot)
		qt := 1 + h.ln(2.5, 0.9)
		timeout := qt > 50 || h.p(0.14)
		if timeout {
			qt = 50 + h.f(0.0002, 0.012)
		}
		if qt > t.Sub(p.from).Seconds()-2 {
			return
		}
		stmt := h.updateInventory(sku, h.n(1, 3))
		sent, exam := int64(0), int64(1)
		if h.p(0.3) {
			other := h18Pick(h, h18Hot)
			for other == sku {
				other = h18Pick(h, h18Hot)
			}
			stmt = fmt.Sprintf("SELECT sku_id, stock, reserved FROM inventory WHERE sku_id IN (%d, %d) AND warehouse_id = 1 FOR UPDATE", sku, other)
			sent, exam = 2, 2
		}
		if timeout {
			sent, exam = 0, 0
		}
		h.slow(tr, h18P, t, "shop", "", p.ip, h.poolID(h18P, p, h.r.IntN(20), t), qt, qt-h.f(0.00002, 0.0004), sent, exam, "shop", stmt)
	})
	// Requests the app gave up on after 30 s, their connections closed under them.
	h.poisson(h.deployAt, h.badEnd, 0.06, func(t time.Time) float64 {
		return 0.04 * h.badShare(t) * h.load(t)
	}, func(t time.Time) {
		p := h.apiPod(t, true)
		id := h.poolID(h18P, p, h.r.IntN(20), t)
		h.aborted(tr, h18P, t, id, "shop", "shop", p.ip, "Got an error reading communication packets")
	})
}

// --- benign change: pt-online-schema-change ------------------------------------------

func (h *h18Log) oscLines() {
	tr := h.osc
	P, R := h18P, h18R
	t := tr.cs
	main := h.idAt(P, t)
	h.warnIP(tr, P, t, main, h.oscIP)
	h.warnIP(tr, R, t.Add(h.d(0.4, 1.2)), h.idAt(R, t.Add(time.Second)), h.oscIP)
	id := main + 2
	pid := h.n(30, 90)
	slowDBA := func(end time.Time, qt float64, sent, exam int64, stmt string) {
		h.slow(tr, P, end, "dba", "", h.oscIP, id, qt, h.lock(), sent, exam, "shop", stmt)
	}
	cols := "`id`, `order_id`, `sku_id`, `quantity`, `unit_price_cents`, `discount_cents`, `tax_cents`, `created_at`, `updated_at`"
	t = t.Add(h.d(2.5, 4))
	qt := h.f(1.1, 2.4)
	t = t.Add(h18Sec(qt))
	slowDBA(t, qt, 0, 0, "CREATE TRIGGER `pt_osc_shop_order_item_del` AFTER DELETE ON `shop`.`order_item` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `shop`.`_order_item_new` WHERE `shop`.`_order_item_new`.`id` <=> OLD.`id`; END")
	t = t.Add(h.d(0.3, 0.8))
	maxID := int64(h.n(12_900_000, 13_300_000))
	for lo := int64(1); lo <= maxID; {
		hi := min(lo+int64(h.n(5200, 6800))-1, maxID)
		qt := h.ln(0.5, 0.48) * h.f(0.9, 1.1)
		t = t.Add(h18Sec(qt))
		if qt >= 1 {
			slowDBA(t, qt, 0, hi-lo+1, fmt.Sprintf("INSERT LOW_PRIORITY IGNORE INTO `shop`.`_order_item_new` (%s) SELECT %s FROM `shop`.`order_item` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '%d')) AND ((`id` <= '%d')) LOCK IN SHARE MODE /*pt-online-schema-change %d copy nibble*/", cols, cols, lo, hi, pid))
		}
		t = t.Add(h.d(0.02, 0.06))
		if h.p(0.012) {
			t = t.Add(h.d(5, 25)) // replica lag over --max-lag
		}
		lo = hi + 1
	}
	// The swap: the app's inserts wait on the metadata lock of the RENAME.
	t = t.Add(h.d(2, 5))
	qt = h.f(1.05, 1.8)
	rename := t.Add(h18Sec(qt))
	for k := h.n(3, 6); k > 0; k-- {
		w := qt - h.f(0, 0.3)
		if w < 1 {
			continue
		}
		at := rename.Add(h.d(0.0005, 0.01))
		began := at.Add(-h18Sec(w))
		q := fmt.Sprintf("INSERT INTO order_item (order_id, sku_id, quantity, unit_price_cents, discount_cents, tax_cents, created_at, updated_at) VALUES (%d, %d, %d, %d, 0, %d, '%s', '%s')", h.orderID(at), h.n(10000, 60000), h.n(1, 3), h.n(900, 19900), h.n(0, 1500), h18SQLTime(began), h18SQLTime(began))
		h.appSlow(tr, P, at, w+h.f(0.0001, 0.002), w, 0, 0, q)
	}
	slowDBA(rename, qt, 0, 0, "RENAME TABLE `shop`.`order_item` TO `shop`.`_order_item_old`, `shop`.`_order_item_new` TO `shop`.`order_item`")
	qt = h.f(1.6, 3.8)
	t = rename.Add(h.d(0.2, 0.6) + h18Sec(qt))
	slowDBA(t, qt, 0, 0, "DROP TABLE IF EXISTS `shop`.`_order_item_old`")
	h.oscEnd = t.Add(h.d(0.5, 1))
	// Writes of the copy: the page cleaner behind on both servers.
	h.poisson(tr.cs.Add(10*time.Second), h.oscEnd, 1.0/60, func(time.Time) float64 { return 1.0 / 80 }, func(t time.Time) {
		h.cleaner(tr, P, t, h.n(1100, 4800), h.n(1500, 9000))
	})
	h.poisson(tr.cs.Add(20*time.Second), h.oscEnd.Add(30*time.Second), 1.0/100, func(time.Time) float64 { return 1.0 / 140 }, func(t time.Time) {
		h.cleaner(tr, R, t, h.n(1100, 3900), h.n(1200, 7000))
	})
}

// --- incident: the replica's SQL thread stopped ---------------------------------------

func (h *h18Log) replStopLines() {
	tr := h18Tr{inc: h18ReplStop}
	P, R := h18P, h18R
	coupon := h.n(88000, 88999)
	stmt := fmt.Sprintf("INSERT INTO coupon_redemption (coupon_id, order_id, customer_id, discount_cents, redeemed_at) SELECT %d, o.id, o.customer_id, ROUND(o.subtotal_cents * 0.15), o.created_at FROM orders o WHERE o.coupon_code = 'FALL24VIP' AND o.created_at >= '2024-10-14 00:00:00'", coupon)
	rows := int64(h.n(40, 160))
	// On the replica first, by mistake.
	idR := h.idAt(R, h.fixAt)
	h.warnIP(tr, R, h.fixAt, idR, h.fixIP)
	qt := h.ln(3.1, 0.15)
	h.slow(tr, R, h.fixAt.Add(h.d(40, 90)), "ops_admin", "", h.fixIP, idR, qt, h.lock(), 0, 3_212_000+rows, "shop", stmt)
	// Then on the primary, whence it replicates onto the rows already there.
	idP := h.idAt(P, h.fixPri.Add(-h.d(20, 40)))
	h.warnIP(tr, P, h.fixPri.Add(-h.d(20, 40)), idP, h.fixIP)
	qt = h.ln(2.4, 0.15)
	h.slow(tr, P, h.fixPri, "ops_admin", "", h.fixIP, idP, qt, h.lock(), 0, 3_212_000+rows, "shop", stmt)
	file, pos := h.binlog(h.fixPri)
	end := pos + int64(h.n(400, 2000))
	wk := h.n(0, 3)
	worker := int64(10 + wk)
	t := h.replErr
	h.elog(tr, R, t, worker, "ERROR", "MY-010584", "Repl", fmt.Sprintf("Replica SQL for channel '': Worker %d failed executing transaction 'ANONYMOUS' at source log %s, end_log_pos %d; Could not execute Write_rows event on table shop.coupon_redemption; Duplicate entry '%d-%d' for key 'coupon_redemption.uq_coupon_order', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's source log %s, end_log_pos %d, Error_code: MY-001062",
		wk+1, file, end, coupon, h.orderID(h.fixPri)-int64(h.n(2000, 30000)), file, end))
	t = t.Add(h.d(0.0005, 0.004))
	h.elog(tr, R, t, 9, "Warning", "MY-010584", "Repl", "Replica SQL for channel '': ... The replica coordinator and worker threads are stopped, possibly leaving data in inconsistent state. A restart should restore consistency automatically, although using non-transactional storage for data or info tables or DDL queries could lead to problems. In such cases you have to examine your data (see documentation for details). Error_code: MY-001756")
	t = t.Add(h.d(0.0001, 0.001))
	h.elog(tr, R, t, 9, "ERROR", "MY-010586", "Repl", fmt.Sprintf("Error running query, replica SQL thread aborted. Fix the problem, and restart the replica SQL thread with \"START REPLICA\". We stopped at log '%s' position %d", file, pos))
	// A quarter of an hour later: the rows deleted on the replica, the thread started.
	h.coordNew = h.idAt(R, h.sqlRestart)
	h.note(tr, R, h.sqlRestart, h.coordNew, "MY-010581", "Repl", fmt.Sprintf("Replica SQL thread for channel '' initialized, starting replication in log '%s' at position %d, relay log './mysql-relay-bin.%06d' position: %d", file, pos, h.relayOld, h.n(40_000_000, 900_000_000)))
	for k := h.n(2, 3); k > 0; k-- {
		h.cleaner(tr, R, h.sqlRestart.Add(h.d(10, h.caughtUp.Sub(h.sqlRestart).Seconds())), h.n(2400, 6100), h.n(6000, 16000))
	}
}

// --- benign change: the flash sale ----------------------------------------------------

func (h *h18Log) saleLines() {
	tr := h.sale
	ramp := func(t time.Time) float64 { return h.camp(t) - 1 }
	h.poisson(tr.cs, h.end, 0.5, func(t time.Time) float64 { return 0.3 * ramp(t) * h.appRate(h18P, t) / h.camp(t) }, func(t time.Time) {
		code := "MIDNIGHT25"
		if h.p(0.12) {
			code = h18Pick(h, []string{"midnight25", "Midnight25", "MIDNIGHT 25", "MIDNITE25"})
		}
		q := fmt.Sprintf("SELECT id, code, discount_type, discount_value, min_subtotal_cents, starts_at, ends_at, usage_limit FROM coupon WHERE UPPER(code) = '%s' AND deleted_at IS NULL", strings.ToUpper(code))
		sent := int64(1)
		if code != "MIDNIGHT25" && code != "midnight25" && code != "Midnight25" {
			sent = 0
		}
		h.appSlow(tr, h18P, t, h.ln(0.011, 0.3), h.lock(), sent, 16211+int64(t.Sub(h.start).Minutes()/9), q)
	})
	h.poisson(tr.cs, h.end, 0.3, func(t time.Time) float64 { return 0.11 * math.Min(1, ramp(t)*2) }, func(t time.Time) {
		q := fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, pp.sale_price_cents, pp.badge FROM promotion_product pp JOIN product p ON p.id = pp.product_id WHERE pp.promotion_id = 77 AND p.status = 'active' ORDER BY pp.position LIMIT 60 OFFSET %d", 60*h18Pick(h, []int{0, 0, 0, 1, 2}))
		h.appSlow(tr, h18R, t, h.ln(0.045, 0.3)*h.slowF(h18R, t), h.lock(), 60, 31_118, q)
	})
}

// --- benign change: the nightly dump of the replica -----------------------------------

func (h *h18Log) dumpLines() {
	tr := h.dump
	R := h18R
	t := tr.cs
	id := h.idAt(R, t)
	h.warnIP(tr, R, t, id, h.dumpIP)
	slowB := func(end time.Time, qt float64, sent, exam int64, db, stmt string) {
		h.slow(tr, R, end, "backup", "", h.dumpIP, id, qt, h.lock(), sent, exam, db, stmt)
	}
	// FLUSH TABLES waits for a long analytics query to finish; queries on its tables wait
	// behind the flush.
	t = t.Add(h.d(0.1, 0.4))
	qt := h.f(3, 9)
	h.dumpFlushFrom, h.dumpFlushTo = t, t.Add(h18Sec(qt))
	for k := h.n(3, 7); k > 0; k-- {
		st := t.Add(h.d(0, qt-1))
		w := h.dumpFlushTo.Sub(st).Seconds() + h.f(0.01, 0.2)
		q := fmt.Sprintf("SELECT o.id, o.status, o.total_cents, o.created_at FROM orders o WHERE o.customer_id = %d ORDER BY o.created_at DESC LIMIT 20", h.n(300_000, 1_419_000))
		h.appSlow(tr, R, st.Add(h18Sec(w)), w, w-h.f(0.001, 0.01), int64(h.n(0, 20)), int64(h.n(0, 40)), q)
	}
	slowB(h.dumpFlushTo, qt, 0, 0, "", "FLUSH /*!40101 LOCAL */ TABLES")
	t = h.dumpFlushTo.Add(h.d(0.05, 0.3))
	type tbl struct {
		name string
		rows int
	}
	shop := []tbl{{"address", 1_910_000}, {"cart", 2_611_000}, {"cart_item", 7_830_000}, {"category", 1408}, {"coupon", 16_230}, {"coupon_redemption", 412_000}, {"customer", 1_419_000}, {"inventory", 61_208}, {"order_item", 13_140_000}, {"orders", 3_214_000}, {"payment", 3_302_000}, {"product", 118_402}, {"product_category", 265_110}, {"product_image", 402_331}, {"product_variant", 331_208}, {"promotion", 212}, {"promotion_product", 31_118}, {"review", 884_190}, {"shipment", 3_051_000}, {"shipping_rate", 2184}, {"tax_rate", 41_873}, {"wishlist_item", 1_104_000}}
	rep := []tbl{{"customer_ltv", 1_419_000}, {"daily_sales", 3204}, {"funnel_hourly", 26_114}, {"product_sales_daily", 2_912_000}}
	for _, db := range []struct {
		name string
		tbls []tbl
	}{{"shop", shop}, {"shop_reporting", rep}} {
		for _, tb := range db.tbls {
			rows := int64(float64(tb.rows) * h.f(1, 1.004))
			qt := float64(rows)/h.f(52_000, 70_000) + h.f(0.002, 0.05)
			t = t.Add(h18Sec(qt))
			if rows >= 1000 {
				slowB(t, qt, rows, rows, db.name, fmt.Sprintf("SELECT /*!40001 SQL_NO_CACHE */ * FROM `%s`", tb.name))
			}
			t = t.Add(h.d(0.01, 0.08))
		}
		t = t.Add(h.d(0.1, 0.5))
	}
	h.dumpEnd = t
	// The replica's disks busy: a few catalogue pages over a second.
	h.poisson(tr.cs, h.dumpEnd, 0.03, func(time.Time) float64 { return 0.02 }, func(t time.Time) {
		q := fmt.Sprintf("SELECT p.id, p.sku, p.name, p.price_cents, p.image_key FROM product_category pc JOIN product p ON p.id = pc.product_id WHERE pc.category_id = %d AND p.status = 'active' ORDER BY pc.position LIMIT 48 OFFSET %d", h.n(100, 940), 48*h.n(0, 5))
		h.appSlow(tr, R, t, 1+h.ln(0.25, 0.6), h.lock(), 48, int64(h.n(1200, 9000)), q)
	})
}

// --- incident: the primary's disk full ------------------------------------------------

func (h *h18Log) diskLines() {
	tr := h18Tr{inc: h18DiskFull}
	P, R := h18P, h18R
	file, _ := h.binlog(h.diskAt)
	first := h.apiPod(h.diskMsg, false)
	h.elog(tr, P, h.diskMsg, h.poolID(P, first, h.r.IntN(20), h.diskMsg), "ERROR", "MY-000035", "Server", fmt.Sprintf("Disk is full writing './%s' (OS errno 28 - No space left on device). Waiting for someone to free space... Retry in 60 secs. Message reprinted in 600 secs.", file))
	// Inserts that need a new extent fail while connections are still free.
	off := map[string]int64{"order_item": 7_482_638_336, "orders": 2_248_146_944}
	seen := map[string]bool{}
	h.poisson(h.diskMsg, h.diskMsg.Add(h.d(70, 95)), 0.6, func(t time.Time) float64 {
		return 0.55 * math.Exp(-t.Sub(h.diskMsg).Seconds()/50)
	}, func(t time.Time) {
		tb := h18Pick(h, []string{"order_item", "order_item", "orders"})
		p := h.apiPod(t, false)
		id := h.poolID(P, p, h.r.IntN(20), t)
		at := h18US(t)
		o := off[tb]
		if !seen[tb] {
			seen[tb] = true
			w := h.n(200, 3800) * 1024
			h.elog(tr, P, at, id, "Warning", "MY-012637", "InnoDB", fmt.Sprintf("4194304 bytes should have been written. Only %d bytes written. Retrying for the remaining bytes.", w))
			h.elog(tr, P, at, id, "Warning", "MY-012638", "InnoDB", "Retry attempts for writing partial data failed.")
			h.elog(tr, P, at, id, "ERROR", "MY-012639", "InnoDB", fmt.Sprintf("Write to file ./shop/%s.ibd failed at offset %d, 4194304 bytes should have been written, only %d were written. Operating system error number 28. Check that your OS and file system support files of this size. Check also that the disk is not full or you do not have sufficient space.", tb, o, w))
		} else {
			h.elog(tr, P, at, id, "ERROR", "MY-012639", "InnoDB", fmt.Sprintf("Write to file ./shop/%s.ibd failed at offset %d, 4194304 bytes should have been written, only 0 were written. Operating system error number 28. Check that your OS and file system support files of this size. Check also that the disk is not full or you do not have sufficient space.", tb, o))
		}
		h.elog(tr, P, at, id, "ERROR", "MY-012640", "InnoDB", "Error number 28 means 'No space left on device'")
		h.elog(tr, P, at, id, "Note", "MY-012641", "InnoDB", "Refer to your operating system documentation for operating system error codes.")
		h.elog(tr, P, at, id, "Warning", "MY-012145", "InnoDB", fmt.Sprintf("Error while writing 4194304 zeroes to ./shop/%s.ibd starting at offset %d", tb, o))
		h.elog(tr, P, at.Add(h.d(0.0001, 0.0008)), id, "ERROR", "MY-013132", "Server", fmt.Sprintf("The table '%s' is full!", tb))
	})
	// The volume grown: every stalled statement completes at once, into connections
	// most of whose clients gave up long ago.
	back := h.diskBack
	stall := back.Sub(h.diskMsg).Seconds()
	n := h.n(120, 165)
	for i := 0; i < n; i++ {
		var began time.Time
		if h.p(0.55) {
			began = h.diskMsg.Add(-h.d(0, 0.9)).Add(h18Sec(h.r.ExpFloat64() * 25))
		} else {
			began = h.diskMsg.Add(h.d(0, stall-2))
		}
		if began.After(back.Add(-time.Second)) {
			began = back.Add(-h.d(1, 5))
		}
		at := h18US(back.Add(time.Duration(i)*h.d(0.0004, 0.0012) + h.d(0.001, 0.02)))
		qt := at.Sub(began).Seconds()
		p := h.apiPod(began, false)
		var id int64
		if began.Before(h.diskMsg.Add(30 * time.Second)) {
			id = h.poolID(P, p, h.r.IntN(20), began)
		} else {
			id = h.idAt(P, began) + int64(h.n(0, 3))
		}
		var stmt string
		lt := h.lock()
		switch x := h.r.Float64(); {
		case x < 0.5:
			stmt = "COMMIT"
			lt = 0
		case x < 0.65:
			stmt = h.insertOrder(began)
		case x < 0.8:
			stmt = h.updateInventory(h.n(10000, 60000), h.n(1, 2))
		case x < 0.9:
			stmt = fmt.Sprintf("UPDATE customer_session SET last_seen_at = '%s', expires_at = '%s' WHERE session_token = '%s'", h18SQLTime(began), h18SQLTime(began.Add(14*24*time.Hour)), h.hex(32))
		default:
			stmt = fmt.Sprintf("UPDATE cart SET updated_at = '%s', item_count = %d, subtotal_cents = %d WHERE id = %d", h18SQLTime(began), h.n(1, 6), h.n(900, 30000), h.n(8_700_000, 8_830_000))
		}
		exam := int64(1)
		if stmt == "COMMIT" {
			exam = 0
		}
		h.slow(tr, P, at, "shop", "", p.ip, id, qt, lt, 0, exam, "shop", stmt)
		if qt > 30 && h.p(0.8) {
			why := "Got an error writing communication packets"
			if h.p(0.3) {
				why = "Got an error reading communication packets"
			}
			h.aborted(tr, P, at.Add(h.d(0.0001, 0.003)), id, "shop", "shop", p.ip, why)
		}
	}
	h.cleaner(tr, P, back.Add(h.d(1.5, 4)), h.n(5200, 9800), h.n(18000, 42000))
	h.cleaner(tr, R, back.Add(h.d(12, 30)), h.n(2100, 4200), h.n(6000, 15000))
}
