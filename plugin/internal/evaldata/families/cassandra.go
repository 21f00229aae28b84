package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cassandra is Apache Cassandra 4.1 (Java 11, G1, 16 GiB heap): the system.log of
// cass-2, one node of a six-node cluster in one datacenter and two racks (cass-1..3 in
// rack1, cass-4..6 in rack2), 16 tokens a node. Keyspaces shop (orders, order_items,
// customers, carts, inventory, products_by_category; replication factor 3, LOCAL_QUORUM),
// analytics (events_by_day, page_views, daily_rollups) and sessions (user_sessions,
// session_tokens; replication factor 2, written at QUORUM, a choice of years ago).
// Cassandra's default logback pattern, `%-5level [%thread] %date{ISO8601} %F:%L - %msg%n`;
// stack traces and the slow-query lists are continuation lines:
//
//	INFO  [CompactionExecutor:14] 2024-06-19 10:05:01,342 CompactionTask.java:258 - Compacted (a1b2c3d0-2e2b-11ef-8979-e278eadb7d36) 4 sstables to [/var/lib/cassandra/data/shop/orders-5f1c.../nb-1234-big,] to level=0.  12.345MiB to 10.123MiB (~82% of original) in 1,234ms.  Read Throughput = ...
//	INFO  [Service Thread] 2024-06-19 10:05:02,118 GCInspector.java:294 - G1 Young Generation GC in 245ms.  G1 Eden Space: 2415919104 -> 0; G1 Old Gen: ...
//
// logback.xml also sends MonitoringTask's DEBUG logger (the slow queries) to system.log.
//
// Normal operation, 10-12 lines a second: a busy node's memtables filling every few
// seconds (Flushing largest CFS, Enqueuing flush with its reason, Writing Memtable,
// Completed flushing with the commit log position), the compactions they make due
// (level 0 into level 1 and on down for the leveled tables, four sstables of a tier for
// the size-tiered and time-window ones: Compacting, Compacted with sizes, throughput and
// partition merge counts, now and then a large partition of page_views), the system
// tables flushed on their period; G1 young pauses over 200 ms every ten seconds or so,
// now and then a pause over a second (WARN, StatusLogger's dump of the thread pools, a
// few dropped reads); every 5 s the report of the operations slower than 500 ms; the order
// service's logged batches over 5 KiB, the clickstream's unlogged batches, session tokens
// read with their expired cells, client connections reset, the chunk cache full, a hint
// file replayed to a peer that paused, a read timing out, the index summaries
// redistributed hourly, the key cache saved.
//
// Benign changes:
//   - 0:33, schema change: CREATE TABLE shop.order_returns (Create new table, the schema
//     tables flushed, Initializing), four to five minutes later CREATE INDEX
//     orders_by_status on shop.orders (Update table, Initializing, INDEX_BUILD_STARTED
//     flush, index build over the existing sstables). The new table's flushes and
//     compactions, the index's flushes (with every flush of orders) and compactions, and
//     the slow-query reports that list a query by status carry the change from then on.
//   - 1:06 for about 25 minutes, the weekly incremental repair of keyspace shop, started
//     with nodetool on cass-2: the prepare phase anticompacts every shop table, then eight
//     to ten repair sessions (new session, Merkle trees requested and received,
//     ValidationManager's trees, endpoints consistent or out of sync, streaming repair,
//     fully synced, session completed), the finalization and Repair command finished.
//   - 1:56, cass-7 bootstraps into rack2: part of the cluster, topology, UP, connections,
//     its tokens, a Bootstrap stream of about 14 GiB from cass-2 at the 24 MiB/s throttle,
//     state jump to NORMAL about eleven minutes later.
//   - 2:14 for about 12 minutes, nodetool cleanup on cass-2, two jobs: Cleaning up and
//     Cleaned up to for every sstable of the three keyspaces.
//
// Incidents:
//   - 0:14 for about 8 minutes, cass-5's VM hangs and is rebooted: until the failure
//     detector convicts it, writes and reads waiting on it time out (WriteTimeoutException
//     and ReadTimeoutException traces); then InetAddress ... is now DOWN, the messaging
//     connections fail to reconnect every 30 s (ConnectTimeoutException traces), QUORUM
//     writes of the sessions partitions it holds are unavailable (UnavailableException
//     traces); at last has restarted, now UP, NORMAL, the connections, and four to six
//     hint files replayed over the next few minutes.
//   - 0:46 for about 12 minutes, a load-test account's client writes and deletes a session
//     every few milliseconds and polls its sessions in a loop: reads of its partition of
//     sessions.user_sessions warn of 95,000 tombstone cells and from about 3 minutes in
//     abort past 100,000 (Scanned over 100001 tombstones ... query aborted, ReadFailure
//     traces READ_TOO_MANY_TOMBSTONES); the reads behind them in ReadStage time out and are
//     dropped, GC pauses lengthen, the slow and timed-out reports list the loop's query.
//   - 1:39 for about 10 minutes, the size-tiered strategy merges page_views' four largest
//     sstables; the snapshots of last month's upgrade keep every sstable the compactions
//     replace, and the disk fills: every compaction warns of the space left (Only ... free
//     across all data volumes), compactions that no longer fit are refused (Not enough
//     space for compaction traces), after about 4 minutes the large one fails with No space
//     left on device, flushes fail (FSDiskFullWriteError traces) while the memtables grow,
//     mutations are dropped, writes time out, StatusLogger dumps a blocked MutationStage,
//     the large compaction is refused every minute; an operator clears the snapshots, the
//     held-back memtables flush and the held-back compactions run, the large compaction
//     starts over (its completion, far later, is an ordinary line).
//   - 2:31 for 15 minutes, a new dashboard reads the shop's whole day of page views, one
//     1.9 GiB partition, in pages of 100,000 rows: G1 young pauses climb from about 200 ms
//     to several seconds with a shrinking young generation and a filling old one, full
//     collections of several seconds (Not marking nodes down due to local pause),
//     StatusLogger dumps with pending reads and mutations, MUTATION_REQ and READ_REQ
//     dropped, reads and writes timing out, the slow reports listing the dashboard's
//     query, until its query is fixed and the heap recovers.
var cassandra = Family{
	Name:    "cassandra",
	Role:    Tuning,
	Service: "Apache Cassandra 4.1 node of a six-node cluster, system.log in Cassandra's default logback format with Java stack traces",
	Lines:   cassandraLines,
}

const (
	csPeerDown   = "peer cass-5 down for eight minutes: QUORUM writes of its sessions partitions timing out and unavailable, hints replayed when it returns"
	csTombstones = "tombstone-heavy partition of sessions.user_sessions read in a loop: tombstone warnings and aborted reads, read timeouts, long GC pauses"
	csDiskFull   = "data disk full during a large compaction of analytics.page_views: compactions refused, flushes failing, mutations dropped until snapshots are cleared"
	csHeap       = "heap pressure from a dashboard reading a whole-day analytics.page_views partition: GC pauses climbing to seconds, mutations and reads dropped"
)

const (
	csLayout = "2006-01-02 15:04:05,000"
	csData   = "/var/lib/cassandra/data/"
	// memtable_heap_space in MiB: flushes show their memtable as a share of it.
	csMemtableSpace = 2048.0
	// LeveledCompactionStrategy's sstable_size_in_mb.
	csLevelMiB = 160.0
	csMiB      = 1 << 20
	csGiB      = 1 << 30
	csErrorMsg = "ErrorMessage.java:457"
)

// csNode is a member of the cluster.
type csNode struct {
	name, ip, rack, hostID string
}

func (n *csNode) addr() string { return "/" + n.ip + ":7000" }

// csTable is a table of the node, with what decides how often it flushes and compacts.
type csTable struct {
	ks, name, id string
	lcs, twcs    bool // LeveledCompactionStrategy, TimeWindowCompactionStrategy; else size-tiered
	gen          int  // the next sstable generation
	every        float64
	memMiB       float64 // median on-heap size of a memtable when it is flushed
	opBytes      float64 // serialized bytes per write
	partKiB      float64 // mean partition size on disk
	// tiers holds the sizes (MiB) of the sstables a size-tiered strategy has not merged
	// yet, by tier; a leveled one keeps only level 0 in tiers[0].
	tiers [4][]float64
	// stuck is what the memtable holds that a full disk kept it from flushing (MiB);
	// refused says a compaction was refused for lack of space, backlog that the
	// compactions it held back are running.
	stuck            float64
	refused, backlog bool
	marks            []csMark  // the generation the table was at, at each flush
	from             time.Time // a table created during the log
	tr               truth     // the truth of its lines: a table the schema change created carries it
}

type csMark struct {
	at  time.Time
	gen int
}

func (tb *csTable) full() string     { return tb.ks + "." + tb.name }
func (tb *csTable) dir() string      { return csData + tb.ks + "/" + tb.name + "-" + tb.id }
func (tb *csTable) sst(g int) string { return fmt.Sprintf("%s/nb-%d-big", tb.dir(), g) }

// genAt is the table's next generation at t: the routine flushes and compactions are
// written first, the changes' and incidents' sstables take their numbers from their time.
func (tb *csTable) genAt(t time.Time) int {
	i := sort.Search(len(tb.marks), func(i int) bool { return tb.marks[i].at.After(t) })
	if i == len(tb.marks) {
		return tb.gen
	}
	return tb.marks[i].gen
}

// older is the generation of an sstable written lo to hi generations before t (or the
// table's first).
func (tb *csTable) older(g *gen, t time.Time, lo, hi int) int {
	return max(1, tb.genAt(t)-g.between(lo, hi))
}

// reader is how an sstable is shown in lists: BigTableReader(path='...-Data.db').
func (tb *csTable) reader(g int) string { return "BigTableReader(path='" + tb.sst(g) + "-Data.db')" }

type csLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	self       *csNode
	peers      []*csNode // the other five
	joiner     *csNode   // cass-7
	tables     []*csTable
	byName     map[string]*csTable
	clock      string // the node part of the time-based UUIDs this JVM makes
	segBase    int64  // the commit log's segment ids count from the node's start
	compactors int    // CompactionExecutor threads started so far
	flushers   int
	rmi        int // RMI connections nodetool has opened
	customers  []string
	// The heap: old generation bytes, and the mixed collections a marking cycle left.
	oldGen     float64
	mixed      int
	lastStatus time.Time

	schema, repair, boot, cleanup change
	indexAt, joined               time.Time // the index of shop.orders built; cass-7 NORMAL
	idxGen                        int
	botUser                       string // the partition the tombstone incident reads
	botToken                      int64

	downAt, convictAt, upAt time.Time
	tombAt, tombEnd         time.Time
	diskAt, diskFull, fixAt time.Time
	heapAt, heapFix         time.Time
	bigIn                   []int // the page_views sstables of the large compaction
}

func cassandraLines(seed int64) []Line {
	start := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	g := newGen(seed, 24)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	c := &csLog{g: g, j: &journal{}, start: start, end: start.Add(Length), byName: map[string]*csTable{}}
	c.downAt = at(14, 0, 40)
	c.convictAt = c.downAt.Add(c.ms(9000, 14_000)) // phi_convict_threshold 8 after the silence
	c.upAt = c.downAt.Add(8*time.Minute + c.ms(-20_000, 25_000))
	c.schema = change{"schema change: table shop.order_returns created, index orders_by_status on shop.orders", at(33, 0, 50)}
	c.tombAt = at(46, 0, 40)
	c.tombEnd = c.tombAt.Add(12*time.Minute + c.ms(-20_000, 30_000))
	c.repair = change{"scheduled incremental repair of keyspace shop: anticompaction, Merkle trees, streaming", at(66, 0, 40)}
	c.diskAt = at(99, 0, 40)
	c.diskFull = c.diskAt.Add(4*time.Minute + c.ms(0, 40_000))
	c.fixAt = c.diskAt.Add(9*time.Minute + c.ms(10_000, 50_000))
	c.boot = change{"new node cass-7 bootstrapping into the cluster: gossip, token ranges, streaming to it", at(116, 0, 40)}
	c.cleanup = change{"nodetool cleanup on cass-2 after cass-7 joined", at(134, 0, 50)}
	c.heapAt = at(151, 0, 40)
	c.heapFix = c.heapAt.Add(15*time.Minute + c.ms(-15_000, 30_000))
	c.setup()
	c.indexAt = c.schema.start.Add(4*time.Minute + c.ms(0, 60_000))
	c.idxGen = 1
	returns := c.addTable("shop", "order_returns", "LCS", 100, 18, 380, 2.2)
	returns.from, returns.tr = c.schema.start.Add(c.ms(90_000, 150_000)), c.schema.truth()
	for i := range returns.tiers {
		returns.tiers[i] = nil
	}
	returns.gen = 1

	for _, tb := range c.tables {
		c.memtables(tb)
	}
	c.gcLoop()
	g.every(start.Add(c.ms(0, 5000)), c.end, 5*time.Second, 20*time.Millisecond, c.monitoring)
	g.arrivals(start, c.end, func(t time.Time) float64 { return 0.3 * c.traffic(t) }, c.batchWarning)
	g.arrivals(start, c.end, func(time.Time) float64 { return 1.0 / 130 }, c.unloggedBatch)
	g.arrivals(start, c.end, func(time.Time) float64 { return 1.0 / 240 }, c.tombstoneWarning)
	g.arrivals(start, c.end, func(time.Time) float64 { return 1.0 / 200 }, c.connectionReset)
	g.arrivals(start, c.end, func(time.Time) float64 { return 1.0 / 1300 }, c.peerHiccup)
	g.arrivals(start, c.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) { c.readTimeout(routine, t, 1) })
	g.every(start.Add(c.ms(0, 900_000)), c.end, 15*time.Minute, 20*time.Second, c.chunkCache)
	g.every(start.Add(c.ms(0, 3_600_000)), c.end, time.Hour, 2*time.Second, c.indexSummaries)
	c.log(routine, at(g.between(20, 170), 0, 59), "INFO", "CompactionExecutor:"+strconv.Itoa(c.compactors), "AutoSavingCache.java:395",
		fmt.Sprintf("Saved KeyCache (%d items) in %d ms", g.between(800_000, 900_000), g.between(300, 700)))

	c.schemaChange()
	c.repairShop()
	c.bootstrap()
	c.cleanupRun()
	c.peerOutage()
	c.tombstoneLoop()
	c.diskIncident()
	c.heapIncident()
	return c.j.sorted(c.end)
}

// thinned calls fn at the times of a Poisson process of rate(t) <= max events a second
// (a ramp from 0 would otherwise wait for its first event as long as its rate is small).
func (c *csLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	c.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if c.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

func (c *csLog) ms(lo, hi int) time.Duration {
	return time.Duration(c.g.between(lo*1000, hi*1000)) * time.Microsecond
}

// traffic is the shop's late-morning curve: rising towards noon, with the swell of
// campaigns and lunch breaks.
func (c *csLog) traffic(t time.Time) float64 {
	m := t.Sub(c.start).Minutes()
	return (0.85 + 0.3*rampUp(t, c.start, 150*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/29) + 0.04*math.Sin(2*math.Pi*m/8.5))
}

func (c *csLog) setup() {
	g := c.g
	var nodes []*csNode
	for i := 0; i < 7; i++ {
		rack := 1 + min(i, 5)/3 // cass-7 joins rack2
		nodes = append(nodes, &csNode{name: fmt.Sprintf("cass-%d", i+1), ip: fmt.Sprintf("10.20.%d.%d", rack, 10+i*7+g.between(0, 5)), rack: fmt.Sprint("rack", rack), hostID: g.uuid()})
	}
	c.self, c.joiner = nodes[1], nodes[6]
	c.peers = append(append([]*csNode{}, nodes[:1]...), nodes[2:6]...)
	c.clock = g.hex(12)
	c.segBase = c.start.UnixMilli() - int64(g.between(2, 9))*86_400_000 + 191_000
	c.compactors, c.flushers, c.rmi = g.between(4, 30), g.between(20, 90), g.between(300, 2000)
	c.botUser, c.botToken = g.uuid(), c.token()
	for i := 0; i < 3000; i++ {
		c.customers = append(c.customers, g.uuid())
	}
	for _, d := range []struct {
		ks, name, strategy              string
		every, memMiB, opBytes, partKiB float64
	}{
		{"shop", "orders", "LCS", 7, 120, 420, 3.5},
		{"shop", "order_items", "LCS", 6, 140, 310, 5.2},
		{"shop", "customers", "LCS", 55, 60, 680, 1.4},
		{"shop", "carts", "STCS", 9, 90, 260, 2.1},
		{"shop", "inventory", "LCS", 24, 70, 140, 0.9},
		{"shop", "products_by_category", "STCS", 240, 45, 900, 180},
		{"analytics", "events_by_day", "TWCS", 5, 150, 230, 2400},
		{"analytics", "page_views", "STCS", 6, 160, 190, 9800},
		{"analytics", "daily_rollups", "STCS", 180, 40, 520, 12},
		{"sessions", "user_sessions", "LCS", 8, 110, 350, 6.3},
		{"sessions", "session_tokens", "STCS", 10, 95, 210, 0.7},
		{"system", "local", "STCS", 1800, 0.3, 400, 2},
		{"system", "peers_v2", "STCS", 2400, 0.2, 300, 1},
		{"system", "size_estimates", "STCS", 900, 6, 120, 40},
		{"system", "sstable_activity_v2", "STCS", 600, 2.5, 90, 0.2},
		{"system", "compaction_history", "STCS", 700, 3.2, 260, 0.3},
	} {
		c.addTable(d.ks, d.name, d.strategy, d.every, d.memMiB, d.opBytes, d.partKiB)
	}
	pv := c.byName["analytics.page_views"]
	// page_views' largest tier: the four sstables the large compaction merges, which
	// the strategy leaves alone until then.
	pv.tiers[3] = nil
	for i := 0; i < 4; i++ {
		c.bigIn = append(c.bigIn, pv.older(g, c.start, 3000, 9000))
	}
}

func (c *csLog) addTable(ks, name, strategy string, every, memMiB, opBytes, partKiB float64) *csTable {
	g := c.g
	tb := &csTable{ks: ks, name: name, id: g.hex(32), lcs: strategy == "LCS", twcs: strategy == "TWCS", gen: g.between(800, 40000),
		every: every, memMiB: memMiB, opBytes: opBytes, partKiB: partKiB}
	// Tables start with some sstables waiting in each tier.
	for i := range tb.tiers[:3] {
		for n := g.intn(3); n > 0; n-- {
			tb.tiers[i] = append(tb.tiers[i], memMiB*0.3*math.Pow(3.6, float64(i))*g.lognormal(1, 0.2))
		}
	}
	c.tables = append(c.tables, tb)
	c.byName[tb.full()] = tb
	return tb
}

// Writing --------------------------------------------------------------------------

// log writes one record in Cassandra's default logback pattern,
// `%-5level [%thread] %date{ISO8601} %F:%L - %msg%n`; more are its continuation lines
// (a stack trace, a list of slow queries).
func (c *csLog) log(tr truth, at time.Time, level, thread, src, msg string, more ...string) {
	c.j.add(tr, at, append([]string{fmt.Sprintf("%-5s [%s] %s %s - %s", level, thread, at.Format(csLayout), src, msg)}, more...)...)
}

// csMem is FBUtilities.prettyPrintMemory: three decimals of the largest unit that fits.
func csMem(bytes float64) string {
	switch {
	case bytes >= csGiB:
		return fmt.Sprintf("%.3fGiB", bytes/csGiB)
	case bytes >= csMiB:
		return fmt.Sprintf("%.3fMiB", bytes/csMiB)
	}
	return fmt.Sprintf("%.3fKiB", bytes/1024)
}

// csCommas is Java's %,d.
func csCommas(n int) string {
	if n < 0 {
		return "-" + csCommas(-n)
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// timeUUID is a version 1 UUID as the node makes them for compactions, repairs and
// streams: the time of t, a clock sequence and the JVM's node.
func (c *csLog) timeUUID(t time.Time) string {
	ts := uint64(t.UnixNano()/100) + 0x01B21DD213814000
	return fmt.Sprintf("%08x-%04x-%04x-%s-%s", uint32(ts), uint16(ts>>32), uint16(ts>>48)&0x0fff|0x1000, pick(c.g, []string{"8", "9", "a", "b"})+c.g.hex(3), c.clock)
}

// token is a Murmur3 token.
func (c *csLog) token() int64 { return int64(c.g.rng.Uint64()) }

func (c *csLog) nativeThread() string {
	return fmt.Sprintf("Native-Transport-Requests-%d", c.g.between(1, 128))
}

// nodetool is the thread of a nodetool command: an RMI connection of its own.
func (c *csLog) nodetool() string {
	c.rmi += c.g.between(1, 40)
	return fmt.Sprintf("RMI TCP Connection(%d)-127.0.0.1", c.rmi)
}

func (c *csLog) node(name string) *csNode {
	for _, n := range c.peers {
		if n.name == name {
			return n
		}
	}
	return nil
}

// Memtables and compaction -------------------------------------------------------------

// memtables flushes a table whenever its memtable fills, and compacts what the flushes
// leave behind.
func (c *csLog) memtables(tb *csTable) {
	from := c.start
	if !tb.from.IsZero() {
		from = tb.from
	}
	c.g.arrivals(from, c.end, func(t time.Time) float64 { return c.traffic(t) / tb.every }, func(t time.Time) {
		if done, ok := c.flush(tb.tr, t, tb, "", ""); ok {
			c.compact(tb, done)
		}
	})
}

// free is the space left on the data volume at t during the disk incident, and whether
// it is short at all: the large compaction writes its output at ~60 MiB/s, the flushes
// and the other compactions add theirs (the snapshots keep what they replace), until the
// disk is full; clearing the snapshots frees 640 GiB.
func (c *csLog) free(t time.Time) (float64, bool) {
	switch {
	case t.Before(c.diskAt) || !t.Before(c.fixAt):
		return 0, false
	case t.Before(c.diskFull):
		x := float64(t.Sub(c.diskAt)) / float64(c.diskFull.Sub(c.diskAt))
		return (33*(1-x) + 0.2*x) * csGiB, true
	}
	return (0.01 + 0.05*c.g.rng.Float64()) * csGiB, true
}

// backlog says whether t is in the minutes after the snapshots were cleared, when what
// the full disk held back is flushed and compacted; a table that flushes rarely gets to
// it later, as an ordinary flush.
func (c *csLog) backlog(t time.Time) bool { return within(t, c.fixAt, 3*time.Minute) }

// flush writes a memtable to an sstable: Enqueuing flush, the writer's Writing Memtable
// and Completed flushing. reason "" is the usual one for the table. It returns when the
// sstable was complete, and false if the flush failed.
func (c *csLog) flush(tr truth, t time.Time, tb *csTable, reason, thread string) (time.Time, bool) {
	g := c.g
	mib := tb.memMiB * g.lognormal(1, 0.18) * (0.8 + 0.2*c.traffic(t))
	free, short := c.free(t)
	starved := short && free < 2*csGiB // the memtables can no longer be flushed
	if starved || tb.stuck > 0 && c.backlog(t) {
		tr = incident(csDiskFull)
	}
	if !short && tb.stuck > 0 {
		mib += tb.stuck // what the full disk kept in the memtable, flushed at last
		tb.stuck = 0
	}
	if reason == "" {
		thread = "SlabPoolCleaner"
		switch {
		case tb.ks == "system":
			reason, thread = "MEMTABLE_PERIOD_EXPIRED", "ScheduledTasks:1"
		case tb.every > 20 || g.chance(0.12):
			reason, thread = "COMMITLOG_DIRTY", "COMMIT-LOG-ALLOCATOR"
			mib *= g.lognormal(0.6, 0.3)
		default:
			reason = "MEMTABLE_LIMIT"
		}
	}
	if reason == "MEMTABLE_LIMIT" {
		live := g.normal(0.34, 0.01)
		flushing := math.Max(0, g.normal(0.09, 0.05))
		if starved { // nothing flushes: the memtables only grow
			live, flushing = g.normal(0.52, 0.04), g.normal(0.38, 0.04)
		}
		this := mib / csMemtableSpace
		c.log(tr, t, "INFO", thread, "ColumnFamilyStore.java:2890", fmt.Sprintf("Flushing largest CFS(Keyspace='%s', ColumnFamily='%s') to free up room. Used total: %.2f/%.2f, live: %.2f/%.2f, flushing: %.2f/%.2f, this: %.2f/%.2f",
			tb.ks, tb.name, live+flushing, 0.0, live, 0.0, flushing, 0.0, this, 0.0))
	}
	bytes := mib * csMiB
	usage := fmt.Sprintf("%s (%.0f%%) on-heap, 0.000KiB (0%%) off-heap", csMem(bytes), math.Round(mib/csMemtableSpace*100))
	c.log(tr, t.Add(c.ms(0, 2)), "INFO", thread, "ColumnFamilyStore.java:1035", fmt.Sprintf("Enqueuing flush of %s, Reason: %s, Usage: %s", tb.full(), reason, usage))
	serial := bytes * g.normal(0.31, 0.02)
	w := fmt.Sprintf("PerDiskMemtableFlushWriter_0:%d", c.flusherThread())
	at := t.Add(c.ms(3, 40))
	size := serial * g.normal(0.55, 0.05)
	if starved && size > free-50*csMiB { // min_free_space_per_drive is 50 MiB
		tb.stuck += mib * 0.7
		c.log(tr, at, "ERROR", w, "CassandraDaemon.java:581", fmt.Sprintf("Exception in thread Thread[%s,5,PerDiskMemtableFlushWriter_0]", w), csDiskFullTrace(int(size))...)
		return at, false
	}
	c.log(tr, at, "INFO", w, "Flushing.java:145", fmt.Sprintf("Writing Memtable-%s@%d(%s serialized bytes, %d ops, %s), flushed range = [min(-9223372036854775808), max(9223372036854775807))",
		tb.name, g.between(100_000_000, 2_147_000_000), csMem(serial), int(serial/tb.opBytes), usage))
	at = at.Add(time.Duration(size/(g.lognormal(70, 0.3)*csMiB)*float64(time.Second)) + c.ms(20, 120))
	c.log(tr, at, "INFO", w, "Flushing.java:179", fmt.Sprintf("Completed flushing %s-Data.db (%s) for commitlog position %s", tb.sst(tb.gen), csMem(size), c.commitLogPosition(at)))
	tb.marks = append(tb.marks, csMark{t, tb.gen})
	tb.gen++
	tb.tiers[0] = append(tb.tiers[0], size/csMiB)
	if tb.name == "orders" && !at.Before(c.indexAt) && !c.indexAt.IsZero() {
		// The index's memtable is flushed with its table's.
		itr, imib := c.schema.truth(), serial/csMiB*g.normal(0.08, 0.01)
		c.log(itr, at.Add(c.ms(1, 10)), "INFO", w, "Flushing.java:145", fmt.Sprintf("Writing Memtable-orders.orders_by_status@%d(%s serialized bytes, %d ops, %s (0%%) on-heap, 0.000KiB (0%%) off-heap), flushed range = [min(-9223372036854775808), max(9223372036854775807))",
			g.between(100_000_000, 2_147_000_000), csMem(imib*csMiB), int(imib*csMiB/48), csMem(imib*csMiB*3.1)))
		c.log(itr, at.Add(c.ms(20, 90)), "INFO", w, "Flushing.java:179", fmt.Sprintf("Completed flushing %s/.orders_by_status/nb-%d-big-Data.db (%s) for commitlog position %s", tb.dir(), c.idxGen, csMem(imib*csMiB*0.5), c.commitLogPosition(at)))
		c.idxGen++
	}
	return at, true
}

func (c *csLog) flusherThread() int {
	if c.g.chance(0.002) { // a flush writer retired and a new one started
		c.flushers++
	}
	return c.flushers - c.g.intn(2)
}

// commitLogPosition is where the commit log was at t: a 32 MiB segment every second
// and a half or so.
func (c *csLog) commitLogPosition(t time.Time) string {
	seg := c.segBase + int64(t.Sub(c.start).Seconds()/1.6)
	return fmt.Sprintf("CommitLogPosition(segmentId=%d, position=%d)", seg, c.g.between(40_000, 33_554_000))
}

// compactor is the CompactionExecutor thread that runs a compaction; the pool keeps
// four, and retires idle ones.
func (c *csLog) compactor() string {
	if c.g.chance(0.003) {
		c.compactors++
	}
	return fmt.Sprintf("CompactionExecutor:%d", c.compactors-c.g.intn(4))
}

// compact runs what a flush made due: four sstables of a tier merged into one of the
// next (size-tiered, time-window), or level 0 into level 1 and, now and then, the
// overflow of level 1 and 2 further down (leveled).
func (c *csLog) compact(tb *csTable, at time.Time) {
	g := c.g
	defer func() {
		if tb.backlog { // what the full disk held back has been compacted
			tb.refused, tb.backlog = false, false
		}
	}()
	if tb.lcs {
		if len(tb.tiers[0]) < 4 {
			return
		}
		in := tb.tiers[0]
		tb.tiers[0] = nil
		levels := make([]int, len(in))
		for i := g.between(2, 8); i > 0; i-- {
			in, levels = append(in, csLevelMiB*g.normal(0.95, 0.05)), append(levels, 1)
		}
		done, ok := c.compaction(tb.tr, at.Add(c.ms(5, 300)), tb, in, levels, 1, 0.92)
		if !ok {
			tb.tiers[0] = in[:countZero(levels)] // level 0 waits for room
			return
		}
		for lvl := 1; lvl < 3 && g.chance(0.6/float64(lvl)); lvl++ {
			in, levels = []float64{csLevelMiB * g.normal(0.95, 0.05)}, []int{lvl}
			for i := g.between(4, 11); i > 0; i-- {
				in, levels = append(in, csLevelMiB*g.normal(0.95, 0.05)), append(levels, lvl+1)
			}
			if done, ok = c.compaction(tb.tr, done.Add(c.ms(10, 900)), tb, in, levels, lvl+1, 0.97); !ok {
				return
			}
		}
		return
	}
	for tier := 0; tier < len(tb.tiers)-1 && len(tb.tiers[tier]) >= 4; tier++ {
		in := tb.tiers[tier][:4]
		keep := 0.82 // what overwrites and expired data leave of the input
		if tb.twcs {
			keep = 0.97
		}
		total := 0.0
		for _, s := range in {
			total += s
		}
		done, ok := c.compaction(tb.tr, at.Add(c.ms(5, 300)), tb, in, make([]int, 4), 0, keep)
		if !ok {
			return
		}
		at = done
		tb.tiers[tier] = append([]float64{}, tb.tiers[tier][4:]...)
		tb.tiers[tier+1] = append(tb.tiers[tier+1], total*keep)
	}
}

func countZero(l []int) int {
	n := 0
	for _, v := range l {
		if v == 0 {
			n++
		}
	}
	return n
}

// compaction writes Compacting and, when it is done, Compacted, and returns when.
// levels are the input sstables' levels, level the output's. On a full disk it is
// refused instead, and returns false.
func (c *csLog) compaction(tr truth, at time.Time, tb *csTable, in []float64, levels []int, level int, keep float64) (time.Time, bool) {
	g := c.g
	id, thread := c.timeUUID(at), c.compactor()
	total := 0.0
	for _, s := range in {
		total += s
	}
	outMiB := total * keep * g.normal(1, 0.03)
	if free, short := c.free(at); short {
		itr := incident(csDiskFull)
		c.log(itr, at, "WARN", thread, "CompactionTask.java:376", fmt.Sprintf("Only %s free across all data volumes. Consider adding more capacity to your cluster or removing obsolete snapshots", csMem(free)))
		if outMiB*csMiB > free-50*csMiB {
			c.log(itr, at.Add(c.ms(0, 3)), "ERROR", thread, "CassandraDaemon.java:581", fmt.Sprintf("Exception in thread Thread[%s,1,CompactionExecutor]", thread),
				csNoSpaceTrace(id, tb, int(outMiB*csMiB))...)
			tb.refused = true
			return at, false
		}
		at = at.Add(c.ms(0, 3))
	} else if tb.refused && c.backlog(at) {
		tr, tb.backlog = incident(csDiskFull), true // the backlog the full disk left
	}
	var list strings.Builder
	for i := range in {
		fmt.Fprintf(&list, "%s-Data.db:level=%d, ", tb.sst(tb.older(g, at, 1+i*20, 40+i*40)), levels[i])
	}
	c.log(tr, at, "INFO", thread, "CompactionTask.java:167", fmt.Sprintf("Compacting (%s) [%s]", id, list.String()))
	n := 1
	if tb.lcs {
		n = int(math.Ceil(outMiB / csLevelMiB))
	}
	var outs strings.Builder
	first := tb.gen
	for i := 0; i < n; i++ {
		outs.WriteString(tb.sst(tb.gen) + ",")
		tb.gen++
	}
	secs := total / g.lognormal(48, 0.25)
	end := at.Add(time.Duration(secs*float64(time.Second)) + c.ms(30, 400))
	if tb.name == "page_views" && g.chance(0.12) {
		// The day partition of the shop's web site is far over the 100 MiB warning.
		c.log(tr, at.Add(time.Duration(float64(end.Sub(at))*g.rng.Float64())), "WARN", thread, "BigTableWriter.java:274",
			fmt.Sprintf("Writing large partition analytics/page_views:shop-web:%s (%s) to sstable %s-Data.db", c.start.AddDate(0, 0, -g.intn(6)).Format("2006-01-02"), csMem(g.normal(1.6, 0.2)*csGiB), tb.sst(first)))
	}
	c.compacted(tr, end, thread, id, tb, len(in), outs.String(), level, total, outMiB, end.Sub(at))
	return end, true
}

// compacted is CompactionTask's summary of a finished compaction.
func (c *csLog) compacted(tr truth, end time.Time, thread, id string, tb *csTable, inputs int, outs string, level int, total, outMiB float64, d time.Duration) {
	g := c.g
	ms := int(d.Milliseconds())
	out := max(1, int(outMiB*1024/tb.partKiB))
	// Partitions found in one, two, three or four of the inputs.
	f2, f3, f4 := g.rng.Float64()*0.25, g.rng.Float64()*0.06, g.rng.Float64()*0.015
	c2, c3, c4 := int(float64(out)*f2), int(float64(out)*f3), int(float64(out)*f4)
	c1 := out - c2 - c3 - c4
	merges := fmt.Sprintf("{1:%d, ", c1)
	for k, v := range []int{c2, c3, c4} {
		if v > 0 {
			merges += fmt.Sprintf("%d:%d, ", k+2, v)
		}
	}
	merges += "}"
	inParts := c1 + 2*c2 + 3*c3 + 4*c4
	sec := float64(ms) / 1000
	c.log(tr, end, "INFO", thread, "CompactionTask.java:258", fmt.Sprintf("Compacted (%s) %d sstables to [%s] to level=%d.  %s to %s (~%d%% of original) in %sms.  Read Throughput = %s/s, Write Throughput = %s/s, Row Throughput = ~%s/s.  %s total partitions merged to %s.  Partition merge counts were %s. Time spent writing keys = %sms",
		id, inputs, outs, level, csMem(total*csMiB), csMem(outMiB*csMiB), int(math.Round(outMiB/total*100)), csCommas(ms),
		csMem(total*csMiB/sec), csMem(outMiB*csMiB/sec), csCommas(int(float64(inParts)*g.normal(3.2, 0.4)/sec)), csCommas(inParts), csCommas(out), merges, csCommas(int(float64(ms)*g.normal(0.8, 0.05)))))
}

// indexSummaries: IndexSummaryManager redistributes the index summaries' memory every
// hour.
func (c *csLog) indexSummaries(t time.Time) {
	c.log(routine, t, "INFO", "IndexSummaryManager:1", "IndexSummaryRedistribution.java:83", "Redistributing index summaries")
}

// The heap -----------------------------------------------------------------------------

// gcLoop is G1 collecting the young generation every couple of seconds; GCInspector logs
// the pauses over gc_log_threshold (200 ms) at INFO and those over gc_warn_threshold
// (1 s) at WARN, then StatusLogger dumps the thread pools.
func (c *csLog) gcLoop() {
	g := c.g
	c.oldGen = 5.1e9 * g.lognormal(1, 0.08)
	for t := c.start.Add(c.ms(0, 2000)); t.Before(c.end); {
		tr, median, every, promote, load := routine, 150.0, 2.4, 3e7, 0.0
		tail := 0.0022 // a to-space exhausted evacuation now and then
		switch {
		case within(t, c.tombAt, c.tombEnd.Sub(c.tombAt)+40*time.Second):
			// Every aborted read has materialised 100,000 tombstones.
			x := rampUp(t, c.tombAt, 90*time.Second) * (1 - rampUp(t, c.tombEnd, 40*time.Second))
			tr, median, every, tail, load = incident(csTombstones), 150+230*x, 2.4-1.1*x, 0.0022+0.05*x, 0.5*x
		case within(t, c.heapAt, c.heapFix.Sub(c.heapAt)+90*time.Second):
			// Pages of 100,000 rows of a 1.9 GiB partition: the young generation shrinks,
			// more survives it, and the old generation fills.
			x := float64(t.Sub(c.heapAt)) / float64(c.heapFix.Sub(c.heapAt))
			if x > 1 {
				x = math.Max(0, 1-(x-1)*8)
			}
			tr, median, every, promote, load = incident(csHeap), 170+2600*math.Pow(x, 1.7), 2.4-1.5*x, 3e7+4e8*x, x
			tail = 0.0022 + 0.1*x
		}
		pause := g.lognormal(median, 0.3)
		if g.chance(tail) {
			pause = g.lognormal(math.Max(1150, median*1.6), 0.2)
		}
		if load > 0.35 && c.oldGen > 14.8e9 {
			pause = c.fullGC(tr, t, load)
		} else {
			c.youngGC(tr, t, pause, promote, 1-0.6*load)
		}
		if pause > 1000 {
			c.status(tr, t.Add(time.Duration(pause)*time.Millisecond/20+c.ms(5, 40)), load)
			if tr == routine && g.chance(0.5) { // a few reads waited out the pause
				c.dropped(tr, t.Add(c.ms(500, 5000)), "READ_REQ", 0, g.between(1, 9))
			}
		}
		t = t.Add(time.Duration(g.lognormal(every, 0.3)/c.traffic(t)*float64(time.Second)) + time.Duration(pause)*time.Millisecond)
	}
}

// region rounds bytes to G1's 4 MiB regions.
func region(b float64) int64 { return int64(b/(4*csMiB)) * 4 * csMiB }

func (c *csLog) youngGC(tr truth, t time.Time, pause, promote, young float64) {
	g := c.g
	eden := region(g.normal(2.45e9, 0.12e9) * young)
	surv0 := region(g.normal(1.5e8, 0.3e8))
	surv1 := region(g.normal(1.5e8, 0.3e8) * (2 - young))
	old0 := c.oldGen
	c.oldGen += g.lognormal(promote, 0.5)
	if c.mixed > 0 { // a mixed collection after the marking cycle
		c.oldGen -= g.normal(7e8, 1.5e8) * young
		c.mixed--
		pause *= 1.3
	} else if c.oldGen > 7.7e9 && young > 0.9 { // over the initiating heap occupancy
		c.mixed = g.between(4, 8)
	}
	c.oldGen = math.Min(c.oldGen, 15.9e9)
	c.gcLine(tr, t, "G1 Young Generation", int(pause), fmt.Sprintf("G1 Eden Space: %d -> 0; G1 Old Gen: %d -> %d; G1 Survivor Space: %d -> %d; ", eden, region(old0), region(c.oldGen), surv0, surv1))
}

// fullGC is G1 falling back to a full collection of a heap the partition's pages fill.
func (c *csLog) fullGC(tr truth, t time.Time, load float64) float64 {
	g := c.g
	pause := g.lognormal(3200+4000*load, 0.2)
	old0 := c.oldGen
	c.oldGen = g.normal(10.5e9+1.5e9*load, 0.4e9)
	c.gcLine(tr, t, "G1 Old Generation", int(pause), fmt.Sprintf("G1 Old Gen: %d -> %d; G1 Eden Space: %d -> 0; G1 Survivor Space: %d -> 0; Metaspace: %d -> %d; ",
		region(old0), region(c.oldGen), region(g.normal(6e8, 1e8)), region(g.normal(1.2e8, 2e7)), 98_345_112+g.intn(90_000), 98_112_000+g.intn(90_000)))
	if pause > 5000 {
		c.log(tr, t.Add(time.Duration(pause)*time.Millisecond+c.ms(5, 300)), "WARN", "GossipTasks:1", "FailureDetector.java:319",
			fmt.Sprintf("Not marking nodes down due to local pause of %d ns > 5000000000 ns", int64(pause*1e6)+int64(g.between(1e5, 9e5))))
	}
	return pause
}

func (c *csLog) gcLine(tr truth, t time.Time, collector string, ms int, pools string) {
	switch {
	case ms > 1000:
		c.log(tr, t, "WARN", "Service Thread", "GCInspector.java:292", fmt.Sprintf("%s GC in %dms.  %s", collector, ms, pools))
	case ms > 200:
		c.log(tr, t, "INFO", "Service Thread", "GCInspector.java:294", fmt.Sprintf("%s GC in %dms.  %s", collector, ms, pools))
	}
}

// csPools are the thread pools StatusLogger lists, with the tasks each completes a
// second on a usual morning.
var csPools = []struct {
	name   string
	perSec float64
}{
	{"ReadStage", 2400}, {"CompactionExecutor", 0.9}, {"MutationStage", 5200}, {"MemtableReclaimMemory", 0.8},
	{"PendingRangeCalculator", 0}, {"GossipStage", 6}, {"SecondaryIndexManagement", 0}, {"HintsDispatcher", 0.002},
	{"Native-Transport-Requests", 6100}, {"RequestResponseStage", 7400}, {"MigrationStage", 0.001}, {"MemtablePostFlush", 1.1},
	{"PerDiskMemtableFlushWriter_0", 0.8}, {"ValidationExecutor", 0.01}, {"Sampler", 0}, {"ViewBuildExecutor", 0},
	{"MemtableFlushWriter", 0.8}, {"InternalResponseStage", 0.4}, {"AntiEntropyStage", 0.05}, {"CacheCleanupExecutor", 0},
}

// status is StatusLogger's dump after a long pause: the thread pools, compactions,
// messaging, the caches and every table's memtable. load (0 to 1) is how far the node
// is behind.
func (c *csLog) status(tr truth, t time.Time, load float64) {
	if t.Sub(c.lastStatus) < 20*time.Second {
		return // a dump still being written
	}
	c.lastStatus = t
	g := c.g
	up := t.Sub(c.start).Seconds() + 3.1e5
	line := func(src, s string) {
		c.log(tr, t, "INFO", "ScheduledTasks:1", src, s)
		t = t.Add(c.ms(0, 2))
	}
	line("StatusLogger.java:65", fmt.Sprintf("%-28s%10s%10s%15s%10s%18s", "Pool Name", "Active", "Pending", "Completed", "Blocked", "All Time Blocked"))
	_, short := c.free(t)
	for i, p := range csPools {
		active, pending, blocked, allBlocked := 0, 0, 0, 0
		switch p.name {
		case "ReadStage":
			active, pending = g.between(0, 3)+int(29*load), int(load*float64(g.between(40, 900)))
		case "MutationStage":
			active, pending = g.between(0, 4)+int(60*load), int(load*float64(g.between(100, 3000)))
			if short {
				active, pending = 128, g.between(2000, 9000)
			}
		case "Native-Transport-Requests":
			active, pending = g.between(1, 12)+int(100*load), int(load*float64(g.between(0, 400)))
			blocked, allBlocked = int(load*float64(g.between(0, 60))), 1200+int(up/90)
		case "CompactionExecutor":
			active, pending = g.between(1, 4), g.between(0, 12)
		case "RequestResponseStage":
			active = g.between(0, 3)
		case "MemtableFlushWriter", "PerDiskMemtableFlushWriter_0":
			if short {
				active, pending = 2, g.between(8, 24)
			}
		}
		done := int64(p.perSec*up) + int64(i*977)
		line("StatusLogger.java:69", fmt.Sprintf("%-28s%10d%10d%15d%10d%18d", p.name, active, pending, done, blocked, allBlocked))
	}
	line("StatusLogger.java:86", fmt.Sprintf("%-28s%10d%10d", "CompactionManager", g.between(1, 4), g.between(0, 14)))
	line("StatusLogger.java:98", fmt.Sprintf("%-28s%10s%10s", "MessagingService", "n/a", fmt.Sprintf("%d/%d", int(load*float64(g.between(0, 40))), int(load*float64(g.between(0, 900))))))
	line("StatusLogger.java:108", fmt.Sprintf("%-28s%10s%25s%25s", "Cache Type", "Size", "Capacity", "KeysToSave"))
	line("StatusLogger.java:110", fmt.Sprintf("%-28s%10d%25d%25s", "KeyCache", 104_857_600-g.between(0, 4000), 104_857_600, "all"))
	line("StatusLogger.java:116", fmt.Sprintf("%-28s%10d%25d%25s", "RowCache", 0, 0, "all"))
	line("StatusLogger.java:122", fmt.Sprintf("%-28s%20s", "Table", "Memtable ops,data"))
	for _, tb := range c.tables {
		if !tb.from.IsZero() && t.Before(tb.from) {
			continue
		}
		mib := tb.memMiB * g.rng.Float64() * 0.31
		line("StatusLogger.java:125", fmt.Sprintf("%-28s%20s", tb.full(), fmt.Sprintf("%d,%d", int(mib*csMiB/tb.opBytes), int(mib*csMiB))))
	}
}

// dropped is MessagingMetrics' report of the messages a verb's stage dropped for being
// older than their timeout.
func (c *csLog) dropped(tr truth, t time.Time, verb string, internal, cross int) {
	g := c.g
	lat := func(n int) int {
		if n == 0 {
			return 0
		}
		return g.between(2100, 6800)
	}
	c.log(tr, t, "INFO", "ScheduledTasks:1", "MessagingMetrics.java:206", fmt.Sprintf("%s messages were dropped in last 5000 ms: %d internal and %d cross node. Mean internal dropped latency: %d ms and Mean cross-node dropped latency: %d ms",
		verb, internal, cross, lat(internal), lat(cross)))
}

// Queries -------------------------------------------------------------------------------

// monitoring is MonitoringTask's report every 5 s of the operations that took longer
// than slow_query_log_timeout (500 ms) and of those that timed out; logback.xml sends
// its DEBUG logger to system.log too.
func (c *csLog) monitoring(t time.Time) {
	g := c.g
	tr, n, slow, timedOut := routine, int(g.lognormal(11, 0.45)*c.traffic(t)), 1.0, 0
	var extra []string
	switch {
	case within(t, c.tombAt, c.tombEnd.Sub(c.tombAt)):
		tr, n, slow, timedOut = incident(csTombstones), n*3/2, 1.6, g.between(0, 4)
		extra = append(extra, c.slowRepeat(c.tombQuery(), g.between(3, 9), 900, 4800))
	case within(t, c.heapAt, c.heapFix.Sub(c.heapAt)):
		x := float64(t.Sub(c.heapAt)) / float64(c.heapFix.Sub(c.heapAt))
		tr, n, slow, timedOut = incident(csHeap), int(float64(n)*(1+2*x)), 1+4*x, int(6*x*g.rng.Float64())
		extra = append(extra, c.slowRepeat(c.hugeQuery(), g.between(4, 14), 2500+int(6000*x), 9900))
	case within(t, c.diskFull, c.fixAt.Sub(c.diskFull)):
		tr, timedOut = incident(csDiskFull), g.between(0, 3)
	}
	if n == 0 && len(extra) == 0 {
		return
	}
	var ops []string
	for i := 0; i < n; i++ {
		ops = append(ops, c.slowOp(c.query(t), slow))
	}
	if !t.Before(c.indexAt) && g.chance(0.03) {
		// The back office's new page queries the index; a report that lists it is the
		// change's.
		ops = append(ops, c.slowOp(fmt.Sprintf("SELECT * FROM shop.orders WHERE status = '%s' LIMIT 5000", pick(g, []string{"PAYMENT_PENDING", "PAYMENT_PENDING", "RETURN_REQUESTED", "ON_HOLD"})), slow))
		if tr.incident == "" {
			tr = c.schema.truth()
		}
	}
	ops = append(ops, extra...)
	c.log(tr, t, "DEBUG", "ScheduledTasks:1", "MonitoringTask.java:173", fmt.Sprintf("%d operations were slow in the last %d msecs:", len(ops), g.between(4996, 5006)), ops...)
	if timedOut > 0 {
		var to []string
		for i := 0; i < timedOut; i++ {
			q := c.query(t)
			if tr.incident == csTombstones && g.chance(0.5) {
				q = c.tombQuery()
			} else if tr.incident == csHeap && g.chance(0.5) {
				q = c.hugeQuery()
			}
			to = append(to, fmt.Sprintf("<%s>, total time %d msec, timeout 5000 msec", q, 5000+g.between(1, 900)))
		}
		c.log(tr, t.Add(c.ms(0, 2)), "DEBUG", "ScheduledTasks:1", "MonitoringTask.java:165", fmt.Sprintf("%d operations timed out in the last %d msecs:", timedOut, g.between(4996, 5006)), to...)
	}
}

// slowOp is one line of the report: one slow execution, or several of one query.
func (c *csLog) slowOp(q string, scale float64) string {
	g := c.g
	if g.chance(0.3) {
		return c.slowRepeat(q, g.between(2, 6), 500, 500+int(scale*g.lognormal(300, 0.7)))
	}
	cross := ""
	if g.chance(0.4) {
		cross = "/cross-node"
	}
	return fmt.Sprintf("<%s>, time %d msec - slow timeout 500 msec%s", q, 500+int(scale*g.lognormal(180, 0.8)), cross)
}

func (c *csLog) slowRepeat(q string, n, lo, hi int) string {
	g := c.g
	a, b := g.between(lo, max(lo, hi)), g.between(lo, max(lo, hi))
	if a > b {
		a, b = b, a
	}
	cross := ""
	if g.chance(0.4) {
		cross = "/cross-node"
	}
	return fmt.Sprintf("<%s>, was slow %d times: avg/min/max %d/%d/%d msec - slow timeout 500 msec%s", q, n, a+(b-a)*g.between(3, 7)/10, a, b, cross)
}

var csCategories = []string{"garden", "kitchen", "toys", "books", "electronics", "outdoor", "bath", "lighting", "office", "pets", "sports", "tools"}

var csSites = []string{"shop-web", "shop-app", "blog", "help-center"}

// query is a query the shop's services send, as ReadCommand writes it.
func (c *csLog) query(t time.Time) string {
	g := c.g
	day := c.start.Format("2006-01-02")
	switch g.weighted(8, func(i int) float64 { return []float64{5, 4, 2, 2, 3, 3, 1, 3}[i] }) {
	case 0:
		return fmt.Sprintf("SELECT * FROM shop.orders WHERE customer_id = %s AND order_date >= 2024-05-%02d LIMIT 100", pick(g, c.customers), g.between(1, 31))
	case 1:
		return fmt.Sprintf("SELECT * FROM shop.order_items WHERE order_id = %s LIMIT 5000", g.uuid())
	case 2:
		return fmt.Sprintf("SELECT product_id, name, price, stock FROM shop.products_by_category WHERE category = '%s' LIMIT 5000", pick(g, csCategories))
	case 3:
		return fmt.Sprintf("SELECT * FROM shop.inventory WHERE sku = 'SKU-%06d' LIMIT 5000", g.between(1000, 240000))
	case 4:
		return fmt.Sprintf("SELECT * FROM analytics.events_by_day WHERE day = '%s' AND bucket = %d AND event_time > '%s' LIMIT 5000", day, g.intn(32), t.Add(-time.Duration(g.between(1, 90))*time.Minute).Format("2006-01-02 15:04:05.000Z"))
	case 5:
		return fmt.Sprintf("SELECT * FROM analytics.page_views WHERE site_id = '%s' AND day = '%s' AND hour = %d LIMIT 5000", pick(g, csSites), day, g.between(0, t.Hour()))
	case 6:
		lo := c.token() >> 1
		return fmt.Sprintf("SELECT * FROM analytics.daily_rollups WHERE token(metric) > %d AND token(metric) <= %d LIMIT 5000", lo, lo+int64(g.between(1, 1<<30))<<20)
	}
	return fmt.Sprintf("SELECT * FROM sessions.user_sessions WHERE user_id = %s LIMIT 5000", pick(g, c.customers))
}

// batchWarning: the order service writes an order and its items in one logged batch,
// and a large order goes over batch_size_warn_threshold (5 KiB); NoSpamLogger lets one
// through a second.
func (c *csLog) batchWarning(t time.Time) {
	g := c.g
	size := 5*1024 + g.lognormal(900, 0.9)
	tables := "[shop.order_items, shop.orders]"
	if g.chance(0.15) {
		tables = "[shop.inventory, shop.order_items, shop.orders]"
	}
	c.log(routine, t, "WARN", c.nativeThread(), "NoSpamLogger.java:95",
		fmt.Sprintf("Batch for %s is of size %s, exceeding specified threshold of 5.000KiB by %s.", tables, csMem(size), csMem(size-5*1024)))
}

// unloggedBatch: the clickstream collector batches page views of many partitions.
func (c *csLog) unloggedBatch(t time.Time) {
	c.log(routine, t, "WARN", c.nativeThread(), "NoSpamLogger.java:95", fmt.Sprintf("Unlogged batch covering %d partitions detected against table [analytics.page_views]. You should use a logged batch for atomicity, or asynchronous writes for performance.", c.g.between(11, 64)))
}

// tombstoneWarning: session tokens expire by TTL, and a user's partition can hold more
// expired cells than live ones for a while.
func (c *csLog) tombstoneWarning(t time.Time) {
	g := c.g
	c.log(routine, t, "WARN", fmt.Sprintf("ReadStage-%d", g.between(1, 32)), "ReadCommand.java:628",
		fmt.Sprintf("Read %d live rows and %d tombstone cells for query SELECT * FROM sessions.session_tokens WHERE user_id = %s LIMIT 5000; token %d (see tombstone_warn_threshold)",
			g.between(1, 60), g.between(1001, 4800), pick(g, c.customers), c.token()))
}

// connectionReset: a client pod went away without closing its connection.
func (c *csLog) connectionReset(t time.Time) {
	g := c.g
	c.log(routine, t, "INFO", fmt.Sprintf("epollEventLoopGroup-5-%d", g.between(1, 16)), "NoSpamLogger.java:92",
		fmt.Sprintf("Unexpected exception during request; channel = [id: 0x%s, L:/%s:9042 ! R:/10.42.%d.%d:%d] io.netty.channel.unix.Errors$NativeIoException: readAddress(..) failed: Connection reset by peer",
			g.hex(8), c.self.ip, g.between(0, 11), g.between(2, 254), g.between(32768, 60999)))
}

// chunkCache: the chunk cache's buffer pool is full, as it is on a busy node;
// NoSpamLogger says so every 15 minutes.
func (c *csLog) chunkCache(t time.Time) {
	c.log(routine, t, "INFO", fmt.Sprintf("ReadStage-%d", c.g.between(1, 32)), "NoSpamLogger.java:92", "Maximum memory usage reached (512.000MiB), cannot allocate chunk of 1.000MiB")
}

// peerHiccup: a peer paused long enough for the hints of a few writes; they are
// replayed when it answers again.
func (c *csLog) peerHiccup(t time.Time) {
	g := c.g
	p := pick(g, c.peers)
	if within(t, c.downAt.Add(-10*time.Minute), 30*time.Minute) {
		return
	}
	c.log(routine, t, "INFO", fmt.Sprintf("HintsDispatcher:%d", g.between(1, 12)), "HintsDispatchExecutor.java:299",
		fmt.Sprintf("Finished hinted handoff of file %s-%d-2.hints to endpoint %s: %s", p.hostID, t.Add(-c.ms(20_000, 90_000)).UnixMilli(), p.addr(), p.hostID))
}

// Stack traces -----------------------------------------------------------------------

var csNativeFrames = []string{
	"\tat org.apache.cassandra.cql3.QueryProcessor.processStatement(QueryProcessor.java:253)",
	"\tat org.apache.cassandra.cql3.QueryProcessor.processPrepared(QueryProcessor.java:823)",
	"\tat org.apache.cassandra.transport.messages.ExecuteMessage.execute(ExecuteMessage.java:166)",
	"\tat org.apache.cassandra.transport.Message$Request.execute(Message.java:253)",
	"\tat org.apache.cassandra.transport.Dispatcher.processRequest(Dispatcher.java:68)",
	"\tat org.apache.cassandra.transport.Dispatcher.processRequest(Dispatcher.java:84)",
	"\tat org.apache.cassandra.transport.Dispatcher.lambda$dispatch$0(Dispatcher.java:53)",
	"\tat org.apache.cassandra.concurrent.FutureTask$1.call(FutureTask.java:96)",
	"\tat org.apache.cassandra.concurrent.FutureTask.call(FutureTask.java:61)",
	"\tat org.apache.cassandra.concurrent.FutureTask.run(FutureTask.java:71)",
	"\tat org.apache.cassandra.concurrent.SEPWorker.run(SEPWorker.java:142)",
	"\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
	"\tat java.base/java.lang.Thread.run(Thread.java:829)",
}

var csReadFrames = []string{
	"\tat org.apache.cassandra.service.reads.ReadCallback.awaitResults(ReadCallback.java:162)",
	"\tat org.apache.cassandra.service.reads.AbstractReadExecutor.awaitResponses(AbstractReadExecutor.java:383)",
	"\tat org.apache.cassandra.service.StorageProxy.fetchRows(StorageProxy.java:2085)",
	"\tat org.apache.cassandra.service.StorageProxy.readRegular(StorageProxy.java:1966)",
	"\tat org.apache.cassandra.service.StorageProxy.read(StorageProxy.java:1848)",
	"\tat org.apache.cassandra.db.SinglePartitionReadCommand$Group.execute(SinglePartitionReadCommand.java:1262)",
	"\tat org.apache.cassandra.cql3.statements.SelectStatement.execute(SelectStatement.java:364)",
	"\tat org.apache.cassandra.cql3.statements.SelectStatement.execute(SelectStatement.java:292)",
}

var csWriteFrames = []string{
	"\tat org.apache.cassandra.service.AbstractWriteResponseHandler.get(AbstractWriteResponseHandler.java:149)",
	"\tat org.apache.cassandra.service.StorageProxy.mutate(StorageProxy.java:1018)",
	"\tat org.apache.cassandra.service.StorageProxy.mutateWithTriggers(StorageProxy.java:1303)",
	"\tat org.apache.cassandra.cql3.statements.ModificationStatement.executeWithoutCondition(ModificationStatement.java:521)",
	"\tat org.apache.cassandra.cql3.statements.ModificationStatement.execute(ModificationStatement.java:499)",
}

var csUnavailableFrames = []string{
	"\tat org.apache.cassandra.exceptions.UnavailableException.create(UnavailableException.java:37)",
	"\tat org.apache.cassandra.locator.ReplicaPlans.assureSufficientLiveReplicas(ReplicaPlans.java:169)",
	"\tat org.apache.cassandra.locator.ReplicaPlans.assureSufficientLiveReplicasForWrite(ReplicaPlans.java:113)",
	"\tat org.apache.cassandra.locator.ReplicaPlans.forWrite(ReplicaPlans.java:354)",
	"\tat org.apache.cassandra.service.StorageProxy.performWrite(StorageProxy.java:1501)",
	"\tat org.apache.cassandra.service.StorageProxy.mutate(StorageProxy.java:1068)",
	"\tat org.apache.cassandra.service.StorageProxy.mutateWithTriggers(StorageProxy.java:1303)",
	"\tat org.apache.cassandra.cql3.statements.ModificationStatement.executeWithoutCondition(ModificationStatement.java:521)",
	"\tat org.apache.cassandra.cql3.statements.ModificationStatement.execute(ModificationStatement.java:499)",
}

func csTrace(head string, parts ...[]string) []string {
	out := []string{head}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// readTimeout is a read the node coordinated that did not hear from enough replicas in
// read_request_timeout (5 s).
func (c *csLog) readTimeout(tr truth, t time.Time, got int) {
	c.log(tr, t, "ERROR", c.nativeThread(), csErrorMsg, "Unexpected exception during request",
		csTrace(fmt.Sprintf("org.apache.cassandra.exceptions.ReadTimeoutException: Operation timed out - received only %d responses.", got), csReadFrames, csNativeFrames)...)
}

// writeTimeout is a write the node coordinated that was not acknowledged by enough
// replicas in write_request_timeout (2 s).
func (c *csLog) writeTimeout(tr truth, t time.Time, got int) {
	c.log(tr, t, "ERROR", c.nativeThread(), csErrorMsg, "Unexpected exception during request",
		csTrace(fmt.Sprintf("org.apache.cassandra.exceptions.WriteTimeoutException: Operation timed out - received only %d responses.", got), csWriteFrames, csNativeFrames)...)
}

var csFlushFrames = []string{
	"\tat org.apache.cassandra.db.memtable.Flushing$FlushRunnable.writeSortedContents(Flushing.java:160)",
	"\tat org.apache.cassandra.db.memtable.Flushing$FlushRunnable.call(Flushing.java:200)",
	"\tat org.apache.cassandra.db.memtable.Flushing$FlushRunnable.call(Flushing.java:89)",
	"\tat org.apache.cassandra.concurrent.FutureTask$1.call(FutureTask.java:96)",
	"\tat org.apache.cassandra.concurrent.FutureTask.call(FutureTask.java:61)",
	"\tat org.apache.cassandra.concurrent.FutureTask.run(FutureTask.java:71)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628)",
	"\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
	"\tat java.base/java.lang.Thread.run(Thread.java:829)",
}

// csDiskFullTrace is a flush that found no data directory with room for its sstable.
func csDiskFullTrace(bytes int) []string {
	return csTrace(fmt.Sprintf("org.apache.cassandra.io.FSDiskFullWriteError: Insufficient disk space to write %d bytes", bytes),
		[]string{"\tat org.apache.cassandra.db.Directories.getWriteableLocation(Directories.java:437)",
			"\tat org.apache.cassandra.db.Directories.getWriteableLocationAsFile(Directories.java:383)",
			"\tat org.apache.cassandra.db.memtable.Flushing.createFlushRunnables(Flushing.java:75)"},
		csFlushFrames)
}

var csCompactionFrames = []string{
	"\tat org.apache.cassandra.db.compaction.CompactionTask.runMayThrow(CompactionTask.java:151)",
	"\tat org.apache.cassandra.utils.WrappedRunnable.run(WrappedRunnable.java:26)",
	"\tat org.apache.cassandra.db.compaction.CompactionTask.executeInternal(CompactionTask.java:100)",
	"\tat org.apache.cassandra.db.compaction.AbstractCompactionTask.execute(AbstractCompactionTask.java:95)",
	"\tat org.apache.cassandra.db.compaction.CompactionManager$BackgroundCompactionCandidate.run(CompactionManager.java:361)",
	"\tat org.apache.cassandra.concurrent.FutureTask$1.call(FutureTask.java:96)",
	"\tat org.apache.cassandra.concurrent.FutureTask.call(FutureTask.java:61)",
	"\tat org.apache.cassandra.concurrent.FutureTask.run(FutureTask.java:71)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628)",
	"\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
	"\tat java.base/java.lang.Thread.run(Thread.java:829)",
}

// csNoSpaceTrace is a compaction refused before it starts: its expected output does not
// fit the space left.
func csNoSpaceTrace(id string, tb *csTable, bytes int) []string {
	return csTrace(fmt.Sprintf("java.lang.RuntimeException: Not enough space for compaction (%s) of %s, estimated sstables = %d, expected write size = %d", id, tb.full(), max(1, bytes/(160*csMiB)), bytes),
		[]string{"\tat org.apache.cassandra.db.compaction.CompactionTask.buildCompactionCandidatesForAvailableDiskSpace(CompactionTask.java:402)"},
		csCompactionFrames)
}

// Cluster ------------------------------------------------------------------------------

// outbound is the messaging connections to a peer coming up: urgent, small and large
// messages.
func (c *csLog) outbound(tr truth, t time.Time, p *csNode) time.Time {
	for _, kind := range []string{"URGENT_MESSAGES", "SMALL_MESSAGES", "LARGE_MESSAGES"} {
		t = t.Add(c.ms(1, 60))
		c.log(tr, t, "INFO", fmt.Sprintf("Messaging-EventLoop-3-%d", c.g.between(1, 8)), "OutboundConnection.java:1151",
			fmt.Sprintf("%s(/%s:%d)->%s-%s-%s successfully connected, version = 12, framing = CRC, encryption = unencrypted", c.self.addr(), c.self.ip, c.g.between(32768, 60999), p.addr(), kind, c.g.hex(8)))
	}
	return t
}

// ranges is n token ranges of the node's vnodes, as repair lists them.
func (c *csLog) ranges(n int) string {
	var r []string
	for i := 0; i < n; i++ {
		lo := c.token()
		r = append(r, fmt.Sprintf("(%d,%d]", lo, lo+int64(c.g.between(1, 1<<30))<<29))
	}
	return "[" + strings.Join(r, ", ") + "]"
}

// stream is one streaming session with a peer: the node initiates it (repair) or the
// peer does (a bootstrap fetching its ranges). It returns when it completed.
func (c *csLog) stream(tr truth, t time.Time, thread, purpose string, p *csNode, initiator bool, recvFiles int, recv float64, sendFiles int, send float64, mibps float64) time.Time {
	g := c.g
	sid := c.timeUUID(t)
	des := fmt.Sprintf("Stream-Deserializer-%s-%s", p.addr(), g.hex(8))
	if initiator {
		c.log(tr, t, "INFO", thread, "StreamResultFuture.java:98", fmt.Sprintf("[Stream #%s] Executing streaming plan for %s", sid, purpose))
		t = t.Add(c.ms(1, 20))
		c.log(tr, t, "INFO", thread, "StreamSession.java:368", fmt.Sprintf("[Stream #%s] Starting streaming to %s", sid, p.addr()))
		t = t.Add(c.ms(5, 80))
		c.log(tr, t, "INFO", thread, "StreamCoordinator.java:264", fmt.Sprintf("[Stream #%s, ID#0] Beginning stream session with %s", sid, p.addr()))
	} else {
		ch := fmt.Sprintf("channel.remote /%s:%d channel.local %s channel.id %s", p.ip, g.between(32768, 60999), c.self.addr(), g.hex(8))
		c.log(tr, t, "INFO", des, "StreamResultFuture.java:123", fmt.Sprintf("[Stream #%s ID#0] Creating new streaming plan for %s from %s %s", sid, purpose, p.addr(), ch))
		t = t.Add(c.ms(2, 30))
		c.log(tr, t, "INFO", des, "StreamResultFuture.java:130", fmt.Sprintf("[Stream #%s, ID#0] Received streaming plan for %s from %s %s", sid, purpose, p.addr(), ch))
	}
	t = t.Add(c.ms(20, 400))
	c.log(tr, t, "INFO", des, "StreamResultFuture.java:187", fmt.Sprintf("[Stream #%s ID#0] Prepare completed. Receiving %d files(%s), sending %d files(%s)", sid, recvFiles, csMem(recv), sendFiles, csMem(send)))
	t = t.Add(time.Duration((recv+send)/(mibps*csMiB)*float64(time.Second)) + c.ms(100, 900))
	c.log(tr, t, "INFO", des, "StreamResultFuture.java:201", fmt.Sprintf("[Stream #%s] Session with %s is complete", sid, p.addr()))
	t = t.Add(c.ms(1, 10))
	c.log(tr, t, "INFO", des, "StreamResultFuture.java:236", fmt.Sprintf("[Stream #%s] All sessions completed", sid))
	return t
}

// Benign changes ---------------------------------------------------------------------

// schemaChange: the returns team creates shop.order_returns, and a few minutes later the
// back office's index on the orders' status; the index is built from the existing
// sstables. The new table's flushes and compactions, the index's flushes and the queries
// that use it carry the change from then on.
func (c *csLog) schemaChange() {
	g, tr, t := c.g, c.schema.truth(), c.schema.start
	schema := func(t time.Time, tables ...string) time.Time {
		for _, name := range tables {
			tb := &csTable{ks: "system_schema", name: name, id: g.hex(32), gen: g.between(300, 900), memMiB: 0.05, opBytes: 200, partKiB: 4}
			t, _ = c.flush(tr, t.Add(c.ms(1, 20)), tb, "INTERNALLY_FORCED", "MigrationStage:1")
		}
		return t
	}
	c.log(tr, t, "INFO", c.nativeThread(), "MigrationManager.java:236", "Create new table: TableMetadata[keyspace=shop, table=order_returns, params=TableParams{comment=returns and refunds per order, "+
		"read_repair=BLOCKING, additional_write_policy=99p, bloom_filter_fp_chance=0.1, crc_check_chance=1.0, gc_grace_seconds=864000, default_time_to_live=0, memtable_flush_period_in_ms=0, "+
		"min_index_interval=128, max_index_interval=2048, speculative_retry=99p, caching={'keys' : 'ALL', 'rows_per_partition' : 'NONE'}, "+
		"compaction=CompactionParams{class=org.apache.cassandra.db.compaction.LeveledCompactionStrategy, options={max_threshold=32, min_threshold=4}}, "+
		"compression=org.apache.cassandra.schema.CompressionParams@"+g.hex(8)+", extensions={}, cdc=false}, comparator=comparator(org.apache.cassandra.db.marshal.TimeUUIDType), "+
		"partitionColumns=[[] | [created_at reason refund_cents sku status]], partitionKeyColumns=[order_id], clusteringColumns=[return_id], keyValidator=org.apache.cassandra.db.marshal.UUIDType, "+
		"columns=[order_id, return_id, created_at, reason, refund_cents, sku, status], droppedColumns={}, triggers=[], indexes=[]]")
	t = schema(t.Add(c.ms(10, 60)), "tables", "columns")
	c.log(tr, t.Add(c.ms(5, 40)), "INFO", "MigrationStage:1", "ColumnFamilyStore.java:484", "Initializing shop.order_returns")

	t = c.indexAt
	orders := c.byName["shop.orders"]
	c.log(tr, t, "INFO", c.nativeThread(), "MigrationManager.java:247", "Update table 'shop/orders' From TableMetadata[keyspace=shop, table=orders, params=TableParams{comment=orders by customer, ...}, "+
		"partitionKeyColumns=[customer_id], clusteringColumns=[order_date, order_id], indexes=[]] To TableMetadata[keyspace=shop, table=orders, params=TableParams{comment=orders by customer, ...}, "+
		"partitionKeyColumns=[customer_id], clusteringColumns=[order_date, order_id], indexes=[org.apache.cassandra.schema.IndexMetadata@"+g.hex(8)+"[id="+g.uuid()+",name=orders_by_status,kind=COMPOSITES,options={target=status}]]]")
	t = schema(t.Add(c.ms(10, 60)), "tables", "indexes")
	t = t.Add(c.ms(5, 40))
	c.log(tr, t, "INFO", "MigrationStage:1", "ColumnFamilyStore.java:484", "Initializing shop.orders.orders_by_status")
	t, _ = c.flush(tr, t.Add(c.ms(20, 200)), orders, "INDEX_BUILD_STARTED", "SecondaryIndexManagement:1")
	var readers []string
	for i := g.between(38, 70); i > 0; i-- {
		readers = append(readers, orders.reader(orders.older(g, t, 1, 9000)))
	}
	c.log(tr, t.Add(c.ms(10, 100)), "INFO", "SecondaryIndexManagement:1", "SecondaryIndexManager.java:742", "Submitting index build of orders_by_status for data in "+strings.Join(readers, ","))
	done := t.Add(time.Duration(g.between(100, 200)) * time.Second)
	c.log(tr, done, "INFO", "SecondaryIndexManagement:1", "SecondaryIndexManager.java:794", "Index build of orders_by_status completed")
	// The index's own sstables, compacted as its table's flushes add them.
	g.every(c.indexAt.Add(4*time.Minute), c.end, 3*time.Minute, 90*time.Second, func(t time.Time) {
		idx := &csTable{ks: "shop", name: "orders", id: orders.id, gen: c.idxGen, partKiB: 1.1, tr: tr}
		in := []float64{g.lognormal(1.6, 0.2), g.lognormal(1.6, 0.2), g.lognormal(1.6, 0.2), g.lognormal(1.6, 0.2)}
		id, th := c.timeUUID(t), c.compactor()
		var list strings.Builder
		for i := range in {
			fmt.Fprintf(&list, "%s/.orders_by_status/nb-%d-big-Data.db:level=0, ", orders.dir(), max(1, c.idxGen-1-i))
		}
		c.log(tr, t, "INFO", th, "CompactionTask.java:167", fmt.Sprintf("Compacting (%s) [%s]", id, list.String()))
		out := fmt.Sprintf("%s/.orders_by_status/nb-%d-big,", orders.dir(), c.idxGen)
		c.idxGen++
		total := in[0] + in[1] + in[2] + in[3]
		c.compacted(tr, t.Add(c.ms(150, 900)), th, id, idx, 4, out, 0, total, total*0.9, c.ms(150, 900))
	})
}

var csShopTables = []string{"orders", "order_items", "customers", "carts", "inventory", "products_by_category"}

// repairShop: the weekly incremental repair of keyspace shop, started by cron with
// nodetool on cass-2, which coordinates it: the prepare phase anticompacts the
// unrepaired sstables, then one repair session per replica set validates every table
// (Merkle trees from the three replicas), streams the ranges that differ, and the
// sessions are finalized.
func (c *csLog) repairShop() {
	g, tr, t := c.g, c.repair.truth(), c.repair.start
	cmd, parent := g.between(3, 40), c.timeUUID(t)
	task := fmt.Sprintf("Repair-Task-%d", g.between(2, 60))
	c.log(tr, t, "INFO", task, "RepairRunnable.java:257", fmt.Sprintf("Starting repair command #%d (%s), repairing keyspace shop with repair options (parallelism: parallel, primary range: false, incremental: true, job threads: 1, ColumnFamilies: [], dataCenters: [], hosts: [], previewKind: NONE, # of ranges: 48, pull repair: false, force repair: false, optimise streams: false, ignore unreplicated keyspaces: false, repairPaxos: true, paxosOnly: false)", cmd, parent))
	t = t.Add(c.ms(100, 600))
	c.log(tr, t, "INFO", task, "CoordinatorSession.java:263", fmt.Sprintf("Beginning prepare phase of incremental repair session %s", parent))
	t = t.Add(c.ms(5, 60))
	c.log(tr, t, "INFO", "AntiEntropyStage:1", "LocalSessions.java:734", fmt.Sprintf("Beginning local incremental repair session %s", parent))
	for _, name := range csShopTables {
		tb := c.byName["shop."+name]
		th := c.compactor()
		n := g.between(6, 36)
		t = t.Add(c.ms(200, 3000))
		c.log(tr, t, "INFO", th, "CompactionManager.java:735", fmt.Sprintf("[repair #%s] Starting anticompaction for shop.%s on %d/%d sstables", parent, name, n, n+g.between(0, 8)))
		whole := g.between(0, n/3)
		for i := 0; i < whole; i++ {
			c.log(tr, t.Add(c.ms(1, 50)), "INFO", th, "CompactionManager.java:778", fmt.Sprintf("[repair #%s] SSTable %s fully contained in range %s, mutating repairedAt instead of anticompacting", parent, tb.reader(tb.older(g, t, 1, 5000)), c.ranges(1)))
		}
		t = t.Add(time.Duration(float64(n-whole)*g.lognormal(1.8, 0.4)*float64(time.Second)) + c.ms(100, 900))
		c.log(tr, t, "INFO", th, "CompactionManager.java:1640", fmt.Sprintf("[repair #%s] Anticompaction completed successfully, anticompacted from %d to %d sstable(s) for shop.%s.", parent, n-whole, 2*(n-whole)-g.intn(max(1, (n-whole)/3)), name))
	}
	t = t.Add(c.ms(50, 400))
	c.log(tr, t, "INFO", "AntiEntropyStage:1", "LocalSessions.java:790", fmt.Sprintf("Prepare phase for incremental repair session %s completed", parent))
	c.log(tr, t.Add(c.ms(1, 30)), "INFO", task, "CoordinatorSession.java:281", fmt.Sprintf("Incremental repair session %s successfully prepared in %ds", parent, int(t.Sub(c.repair.start).Seconds())))

	end := c.repair.start.Add(24*time.Minute + c.ms(0, 90_000))
	sessions := g.between(8, 10)
	per := end.Sub(t) / time.Duration(sessions)
	for s := 0; s < sessions; s++ {
		t = t.Add(c.ms(50, 500))
		from := t
		sid, th := c.timeUUID(t), fmt.Sprintf("Repair#%d:%d", cmd, s+1)
		// NetworkTopologyStrategy puts the three replicas on both racks.
		reps := []*csNode{c.self, pick(g, c.peers[:2]), pick(g, c.peers[2:5])}
		var addrs []string
		for _, r := range reps {
			addrs = append(addrs, r.addr())
		}
		rng := c.ranges(g.between(4, 7))
		c.log(tr, t, "INFO", th, "RepairSession.java:224", fmt.Sprintf("[repair #%s] new session: will sync %s on range %s for shop.[%s]", sid, strings.Join(addrs, ", "), rng, strings.Join(csShopTables, ", ")))
		for _, name := range csShopTables {
			t = t.Add(c.ms(50, 400))
			job := fmt.Sprintf("RepairJobTask:%d", g.between(1, 6))
			c.log(tr, t, "INFO", th, "RepairJob.java:344", fmt.Sprintf("[repair #%s] Requesting merkle trees for %s (to [%s])", sid, name, strings.Join(addrs, ", ")))
			v := t.Add(time.Duration(float64(per) / float64(len(csShopTables)) * g.normal(0.55, 0.1)))
			c.log(tr, v, "INFO", fmt.Sprintf("ValidationExecutor:%d", g.between(1, 4)), "ValidationManager.java:154", fmt.Sprintf("[repair #%s] Sending completed merkle tree to %s for shop.%s", sid, c.self.addr(), name))
			last := v
			for _, i := range g.rng.Perm(3) {
				at := v.Add(c.ms(-3000, 9000))
				if i == 0 {
					at = v.Add(c.ms(2, 30))
				}
				if at.After(last) {
					last = at
				}
				c.log(tr, at, "INFO", "AntiEntropyStage:1", "RepairSession.java:253", fmt.Sprintf("[repair #%s] Received merkle tree for %s from %s", sid, name, addrs[i]))
			}
			t = last.Add(c.ms(20, 300))
			for _, pair := range [][2]int{{0, 1}, {0, 2}, {1, 2}} {
				a, b := addrs[pair[0]], addrs[pair[1]]
				if g.chance(0.7) {
					c.log(tr, t, "INFO", job, "SyncTask.java:88", fmt.Sprintf("[repair #%s] Endpoints %s and %s are consistent for %s", sid, a, b, name))
					continue
				}
				n := g.between(1, 12)
				c.log(tr, t, "INFO", job, "SyncTask.java:96", fmt.Sprintf("[repair #%s] Endpoints %s and %s have %d range(s) out of sync for %s", sid, a, b, n, name))
				done := t
				if pair[0] == 0 {
					c.log(tr, t.Add(c.ms(1, 10)), "INFO", job, "LocalSyncTask.java:116", fmt.Sprintf("[repair #%s] Performing streaming repair of %d ranges with %s", sid, n, b))
					kib := float64(n) * g.lognormal(400, 0.8) * 1024
					done = c.stream(tr, t.Add(c.ms(10, 40)), job, "Repair", reps[pair[1]], true, g.between(1, n), kib, g.between(1, n), kib*g.lognormal(1, 0.3), g.lognormal(20, 0.3))
				} else {
					c.log(tr, t.Add(c.ms(1, 10)), "INFO", job, "SymmetricRemoteSyncTask.java:80", fmt.Sprintf("[repair #%s] Forwarding streaming repair of %d ranges to %s (to be streamed with %s)", sid, n, a, b))
					done = t.Add(c.ms(800, 9000))
				}
				c.log(tr, done.Add(c.ms(2, 40)), "INFO", "AntiEntropyStage:1", "SyncTask.java:121", fmt.Sprintf("[repair #%s] Sync complete using session %s between %s and %s on %s", sid, sid, a, b, name))
				if done.After(t) {
					t = done
				}
			}
			t = t.Add(c.ms(50, 300))
			c.log(tr, t, "INFO", job, "RepairJob.java:191", fmt.Sprintf("[repair #%s] %s is fully synced", sid, name))
		}
		t = t.Add(c.ms(5, 60))
		c.log(tr, t, "INFO", th, "RepairSession.java:333", fmt.Sprintf("[repair #%s] Session completed successfully", sid))
		c.log(tr, t.Add(c.ms(1, 20)), "INFO", th, "RepairRunnable.java:575", fmt.Sprintf("Repair session %s for range %s finished", sid, rng))
		if next := from.Add(per); next.After(t) {
			t = next
		}
	}
	t = t.Add(c.ms(100, 900))
	c.log(tr, t, "INFO", task, "CoordinatorSession.java:324", fmt.Sprintf("Incremental repair session %s repair phase completed, proposing finalization", parent))
	c.log(tr, t.Add(c.ms(5, 90)), "INFO", "AntiEntropyStage:1", "LocalSessions.java:843", fmt.Sprintf("Finalizing local repair session %s", parent))
	t = t.Add(c.ms(200, 1500))
	c.log(tr, t, "INFO", "AntiEntropyStage:1", "LocalSessions.java:866", fmt.Sprintf("Finalized local repair session %s", parent))
	c.log(tr, t.Add(c.ms(20, 300)), "INFO", task, "CoordinatorSession.java:351", fmt.Sprintf("Incremental repair session %s completed", parent))
	d := t.Sub(c.repair.start)
	c.log(tr, t.Add(c.ms(300, 900)), "INFO", task, "RepairRunnable.java:406", fmt.Sprintf("Repair command #%d finished in %d minutes %d seconds", cmd, int(d.Minutes()), int(d.Seconds())%60))
}

// bootstrap: cass-7 joins rack2. cass-2 sees it in gossip, connects to it, and streams
// it the ranges of its 16 tokens that cass-2 held (entire sstables, throttled at
// 24 MiB/s); cass-7 turns NORMAL when its streams are done.
func (c *csLog) bootstrap() {
	g, tr, t, n := c.g, c.boot.truth(), c.boot.start, c.joiner
	c.log(tr, t, "INFO", "GossipStage:1", "Gossiper.java:1452", fmt.Sprintf("Node %s is now part of the cluster", n.addr()))
	for i := 0; i < 2; i++ {
		t = t.Add(c.ms(1, 15))
		c.log(tr, t, "INFO", "GossipStage:1", "TokenMetadata.java:539", fmt.Sprintf("Updating topology for %s", n.addr()))
	}
	t = t.Add(c.ms(10, 300))
	c.log(tr, t, "INFO", "GossipStage:1", "Gossiper.java:1386", fmt.Sprintf("InetAddress %s is now UP", n.addr()))
	t = c.outbound(tr, t.Add(c.ms(10, 200)), n)
	// The ring delay, then its tokens.
	t = t.Add(c.ms(30_000, 33_000))
	var tokens []string
	for i := 0; i < 16; i++ {
		tokens = append(tokens, strconv.FormatInt(c.token(), 10))
	}
	c.log(tr, t, "INFO", "GossipStage:1", "StorageService.java:3215", fmt.Sprintf("Node %s state BOOT, tokens [%s]", n.addr(), strings.Join(tokens, ", ")))
	t = t.Add(c.ms(2000, 9000))
	gib := g.normal(14, 1)
	t = c.stream(tr, t, "", "Bootstrap", n, false, 0, 0, g.between(160, 240), gib*csGiB, g.normal(23, 0.5))
	c.joined = t.Add(c.ms(20_000, 70_000))
	c.log(tr, c.joined, "INFO", "GossipStage:1", "StorageService.java:3005", fmt.Sprintf("Node %s state jump to NORMAL", n.addr()))
	c.log(tr, c.joined.Add(c.ms(1, 20)), "INFO", "GossipStage:1", "TokenMetadata.java:539", fmt.Sprintf("Updating topology for %s", n.addr()))
}

// cleanupRun: `nodetool cleanup -j 2` after cass-7 joined: every sstable of the three
// keyspaces rewritten without the ranges cass-2 no longer owns, two at a time.
func (c *csLog) cleanupRun() {
	g, tr := c.g, c.cleanup.truth()
	lanes := []time.Time{c.cleanup.start, c.cleanup.start.Add(c.ms(5, 40))}
	threads := []string{c.compactor(), c.compactor()}
	for _, tb := range c.tables {
		if tb.ks == "system" {
			continue
		}
		n, size := g.between(3, 7), 2400.0
		if tb.lcs {
			n, size = g.between(6, 14), csLevelMiB
		}
		if tb.name == "order_returns" {
			n, size = 2, 20
		}
		for i := 0; i < n; i++ {
			l := 0
			if lanes[1].Before(lanes[0]) {
				l = 1
			}
			t := lanes[l].Add(c.ms(10, 300))
			mib := size * g.lognormal(1, 0.3)
			c.log(tr, t, "INFO", threads[l], "CompactionManager.java:1248", "Cleaning up "+tb.reader(tb.older(g, t, 1, 20000)))
			end := t.Add(time.Duration(mib/g.lognormal(55, 0.2)*float64(time.Second)) + c.ms(50, 500))
			keep := g.normal(0.86, 0.02)
			c.log(tr, end, "INFO", threads[l], "CompactionManager.java:1321", fmt.Sprintf("Cleaned up to %s-Data.db.  %s to %s (~%d%% of original) for %s keys.  Time: %sms.",
				tb.sst(tb.genAt(end)), csMem(mib*csMiB), csMem(mib*keep*csMiB), int(math.Round(keep*100)), csCommas(int(mib*keep*1024/tb.partKiB)+1), csCommas(int(end.Sub(t).Milliseconds()))))
			lanes[l] = end
		}
	}
}

// Incidents --------------------------------------------------------------------------

// peerOutage: cass-5's VM hangs and is rebooted. Until the failure detector convicts
// it, requests waiting on it time out; then the sessions keyspace (replication factor
// 2, written at QUORUM) cannot write the partitions cass-5 holds, and the node keeps
// trying to reconnect. When it is back, its hints are replayed.
func (c *csLog) peerOutage() {
	g, tr, p := c.g, incident(csPeerDown), c.node("cass-5")
	g.arrivals(c.downAt, c.convictAt.Add(2*time.Second), func(time.Time) float64 { return 1.4 }, func(t time.Time) {
		if g.chance(0.7) {
			c.writeTimeout(tr, t, 1)
		} else {
			c.readTimeout(tr, t, 1)
		}
	})
	c.log(tr, c.convictAt, "INFO", "GossipTasks:1", "Gossiper.java:1367", fmt.Sprintf("InetAddress %s is now DOWN", p.addr()))
	for _, kind := range []string{"URGENT_MESSAGES", "SMALL_MESSAGES", "LARGE_MESSAGES"} {
		g.every(c.downAt.Add(c.ms(3000, 12_000)), c.upAt.Add(-5*time.Second), 30*time.Second, 3*time.Second, func(t time.Time) {
			c.log(tr, t, "INFO", fmt.Sprintf("Messaging-EventLoop-3-%d", g.between(1, 8)), "NoSpamLogger.java:92",
				fmt.Sprintf("%s->%s-%s-[no-channel] failed to connect", c.self.addr(), p.addr(), kind),
				"io.netty.channel.ConnectTimeoutException: connection timed out: /"+p.ip+":7000",
				"\tat io.netty.channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe$2.run(AbstractEpollChannel.java:576)",
				"\tat io.netty.util.concurrent.PromiseTask.runTask(PromiseTask.java:98)",
				"\tat io.netty.util.concurrent.ScheduledFutureTask.run(ScheduledFutureTask.java:170)",
				"\tat io.netty.util.concurrent.AbstractEventExecutor.safeExecute(AbstractEventExecutor.java:164)",
				"\tat io.netty.util.concurrent.SingleThreadEventExecutor.runAllTasks(SingleThreadEventExecutor.java:472)",
				"\tat io.netty.channel.epoll.EpollEventLoop.run(EpollEventLoop.java:384)",
				"\tat io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:989)",
				"\tat io.netty.util.internal.ThreadExecutorMap$2.run(ThreadExecutorMap.java:74)",
				"\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
				"\tat java.base/java.lang.Thread.run(Thread.java:829)")
		})
	}
	g.arrivals(c.convictAt, c.upAt, func(time.Time) float64 { return 0.25 }, func(t time.Time) {
		c.log(tr, t, "ERROR", c.nativeThread(), csErrorMsg, "Unexpected exception during request",
			csTrace("org.apache.cassandra.exceptions.UnavailableException: Cannot achieve consistency level QUORUM", csUnavailableFrames, csNativeFrames)...)
	})
	t := c.upAt
	c.log(tr, t, "INFO", "GossipStage:1", "Gossiper.java:1405", fmt.Sprintf("Node %s has restarted, now UP", p.addr()))
	t = t.Add(c.ms(1, 20))
	c.log(tr, t, "INFO", "GossipStage:1", "StorageService.java:3005", fmt.Sprintf("Node %s state jump to NORMAL", p.addr()))
	t = t.Add(c.ms(1, 30))
	c.log(tr, t, "INFO", "GossipStage:1", "Gossiper.java:1386", fmt.Sprintf("InetAddress %s is now UP", p.addr()))
	t = c.outbound(tr, t.Add(c.ms(5, 300)), p)
	// The hints the eight minutes left, a file per 128 MiB, replayed at the throttle.
	files := g.between(4, 6)
	t = t.Add(c.ms(5000, 10_000))
	for i := 0; i < files; i++ {
		written := c.downAt.Add(c.upAt.Sub(c.downAt) * time.Duration(i) / time.Duration(files)).Add(c.ms(0, 3000))
		t = t.Add(c.ms(20_000, 55_000))
		c.log(tr, t, "INFO", fmt.Sprintf("HintsDispatcher:%d", g.between(1, 12)), "HintsDispatchExecutor.java:299",
			fmt.Sprintf("Finished hinted handoff of file %s-%d-2.hints to endpoint %s: %s", p.hostID, written.UnixMilli(), p.addr(), p.hostID))
	}
}

func (c *csLog) tombQuery() string {
	return fmt.Sprintf("SELECT * FROM sessions.user_sessions WHERE user_id = %s LIMIT 5000", c.botUser)
}

func (c *csLog) hugeQuery() string {
	return fmt.Sprintf("SELECT * FROM analytics.page_views WHERE site_id = 'shop-web' AND day = '%s' LIMIT 100000", c.start.Format("2006-01-02"))
}

// tombstoneLoop: a load-test account's client creates and deletes a session every few
// milliseconds and polls its sessions in a loop; its partition of sessions.user_sessions
// fills with tombstones. Reads warn past tombstone_warn_threshold and abort past
// tombstone_failure_threshold (100,000); the client's driver gets a ReadFailure and
// retries; the reads behind them in ReadStage time out.
func (c *csLog) tombstoneLoop() {
	g, tr := c.g, incident(csTombstones)
	other := c.node("cass-5")
	g.arrivals(c.tombAt, c.tombEnd, func(time.Time) float64 { return 1.7 }, func(t time.Time) {
		tombs := 95_500 + int(t.Sub(c.tombAt).Seconds()*22) + g.intn(600)
		th := fmt.Sprintf("ReadStage-%d", g.between(1, 32))
		if tombs <= 100_000 {
			c.log(tr, t, "WARN", th, "ReadCommand.java:628", fmt.Sprintf("Read %d live rows and %d tombstone cells for query %s; token %d (see tombstone_warn_threshold)", g.between(1, 4), tombs, c.tombQuery(), c.botToken))
			return
		}
		c.log(tr, t, "ERROR", th, "ReadCommand.java:611", fmt.Sprintf("Scanned over 100001 tombstones during query '%s' (last scanned row token was %d and partion key was ((%s))); query aborted", c.tombQuery(), c.botToken, c.botUser))
		if g.chance(0.15) { // this node coordinated the read
			c.log(tr, t.Add(c.ms(2, 40)), "ERROR", c.nativeThread(), csErrorMsg, "Unexpected exception during request",
				csTrace(fmt.Sprintf("org.apache.cassandra.exceptions.ReadFailureException: Operation failed - received 0 responses and 2 failures: READ_TOO_MANY_TOMBSTONES from %s, READ_TOO_MANY_TOMBSTONES from %s", c.self.addr(), other.addr()), csReadFrames, csNativeFrames)...)
		}
	})
	c.thinned(c.tombAt.Add(time.Minute), c.tombEnd, 0.2, func(t time.Time) float64 { return 0.2 * rampUp(t, c.tombAt, 3*time.Minute) }, func(t time.Time) {
		c.readTimeout(tr, t, g.between(0, 1))
	})
	g.every(c.tombAt.Add(2*time.Minute), c.tombEnd, 5*time.Second, 50*time.Millisecond, func(t time.Time) {
		if g.chance(0.35) {
			c.dropped(tr, t, "READ_REQ", g.between(0, 12), g.between(3, 90))
		}
	})
}

// diskIncident: the size-tiered strategy merges page_views' four largest sstables, the
// expected output fitting the space left; but the snapshots of last month's upgrade keep
// every sstable that compactions replace, and the disk fills before it is done. Every
// compaction warns of the space left and is refused once it does not fit, the large one
// fails with ENOSPC, flushes find no room, the memtables grow, mutations are dropped and
// writes time out, until an operator clears the snapshots; then the backlog flushes and
// compacts, and the large compaction starts over.
func (c *csLog) diskIncident() {
	g, tr := c.g, incident(csDiskFull)
	pv := c.byName["analytics.page_views"]
	th := c.compactor()
	big := func(t time.Time) string {
		var list strings.Builder
		for _, gen := range c.bigIn {
			fmt.Fprintf(&list, "%s-Data.db:level=0, ", pv.sst(gen))
		}
		id := c.timeUUID(t)
		c.log(tr, t, "INFO", th, "CompactionTask.java:167", fmt.Sprintf("Compacting (%s) [%s]", id, list.String()))
		return id
	}
	big(c.diskAt)
	c.log(tr, c.diskFull, "ERROR", th, "CassandraDaemon.java:581", fmt.Sprintf("Exception in thread Thread[%s,1,CompactionExecutor]", th),
		csTrace("org.apache.cassandra.io.FSWriteError: java.io.IOException: No space left on device",
			[]string{"\tat org.apache.cassandra.io.util.SequentialWriter.flushData(SequentialWriter.java:245)",
				"\tat org.apache.cassandra.io.compress.CompressedSequentialWriter.flushData(CompressedSequentialWriter.java:166)",
				"\tat org.apache.cassandra.io.util.SequentialWriter.doFlush(SequentialWriter.java:218)",
				"\tat org.apache.cassandra.io.util.SequentialWriter.write(SequentialWriter.java:170)",
				"\tat org.apache.cassandra.io.sstable.format.big.BigTableWriter.append(BigTableWriter.java:226)",
				"\tat org.apache.cassandra.io.sstable.SSTableRewriter.append(SSTableRewriter.java:139)",
				"\tat org.apache.cassandra.db.compaction.writers.DefaultCompactionWriter.realAppend(DefaultCompactionWriter.java:65)",
				"\tat org.apache.cassandra.db.compaction.writers.CompactionAwareWriter.append(CompactionAwareWriter.java:141)",
				"\tat org.apache.cassandra.db.compaction.CompactionTask.runMayThrow(CompactionTask.java:233)"},
			csCompactionFrames[1:],
			[]string{"Caused by: java.io.IOException: No space left on device",
				"\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)",
				"\tat java.base/sun.nio.ch.FileDispatcherImpl.write(FileDispatcherImpl.java:62)",
				"\tat java.base/sun.nio.ch.IOUtil.writeFromNativeBuffer(IOUtil.java:113)",
				"\tat java.base/sun.nio.ch.IOUtil.write(IOUtil.java:79)",
				"\tat java.base/sun.nio.ch.FileChannelImpl.write(FileChannelImpl.java:280)",
				"\tat org.apache.cassandra.io.util.SequentialWriter.flushData(SequentialWriter.java:241)",
				"\t... 19 common frames omitted"})...)
	// The strategy picks the four again, and they no longer fit.
	g.every(c.diskFull.Add(c.ms(40_000, 80_000)), c.fixAt, 70*time.Second, 20*time.Second, func(t time.Time) {
		free, _ := c.free(t)
		th := c.compactor()
		c.log(tr, t, "WARN", th, "CompactionTask.java:376", fmt.Sprintf("Only %s free across all data volumes. Consider adding more capacity to your cluster or removing obsolete snapshots", csMem(free)))
		c.log(tr, t.Add(c.ms(0, 3)), "ERROR", th, "CassandraDaemon.java:581", fmt.Sprintf("Exception in thread Thread[%s,1,CompactionExecutor]", th),
			csNoSpaceTrace(c.timeUUID(t), pv, int(g.normal(30.5, 0.3)*csGiB))...)
	})
	// Mutations wait for memtable space that does not come.
	g.every(c.diskFull.Add(c.ms(5000, 15_000)), c.fixAt.Add(20*time.Second), 5*time.Second, 100*time.Millisecond, func(t time.Time) {
		x := rampUp(t, c.diskFull, 2*time.Minute)
		c.dropped(tr, t, "MUTATION_REQ", int(x*float64(g.between(40, 600))), int(x*float64(g.between(20, 400))))
		if g.chance(0.3) {
			c.dropped(tr, t.Add(c.ms(0, 2)), "HINT_REQ", 0, g.between(1, 40))
		}
	})
	c.thinned(c.diskFull, c.fixAt, 0.5, func(t time.Time) float64 { return 0.5 * rampUp(t, c.diskFull, time.Minute) }, func(t time.Time) {
		c.writeTimeout(tr, t, g.between(0, 1))
	})
	g.every(c.diskFull.Add(c.ms(20_000, 40_000)), c.fixAt, 45*time.Second, 5*time.Second, func(t time.Time) {
		c.status(tr, t, 0.4)
	})
	// The operator clears the snapshots.
	nt := c.nodetool()
	t := c.fixAt.Add(-c.ms(30_000, 60_000))
	c.log(tr, t, "INFO", nt, "StorageService.java:4074", "Listing snapshots: pre-upgrade-4.1 (shop, analytics, sessions, 641.2 GiB true size), repair-7d1c (analytics, 1.1 GiB)")
	c.log(tr, c.fixAt, "INFO", nt, "StorageService.java:4102", fmt.Sprintf("Cleared snapshot [pre-upgrade-4.1] on keyspaces [shop, analytics, sessions] in %d ms", c.fixAt.Sub(t).Milliseconds()))
	// The large compaction starts over; it ends long after, as any compaction would.
	at := c.fixAt.Add(c.ms(20_000, 60_000))
	id := big(at)
	d := time.Duration(30.5*1024/g.normal(58, 2)) * time.Second
	var outs strings.Builder
	outs.WriteString(pv.sst(pv.genAt(at.Add(d))) + ",")
	c.compacted(routine, at.Add(d), th, id, pv, 4, outs.String(), 0, 4*9100, 30.5*1024, d)
}

// heapIncident: a new dashboard reads the shop's whole day of page views, one
// 1.9 GiB partition, in pages of 100,000 rows, a few times a minute, until its query is
// fixed. The GC pauses climb (see gcLoop); mutations and reads that waited out their
// timeouts are dropped; reads time out.
func (c *csLog) heapIncident() {
	g, tr := c.g, incident(csHeap)
	x := func(t time.Time) float64 {
		return math.Min(1, float64(t.Sub(c.heapAt))/float64(c.heapFix.Sub(c.heapAt)))
	}
	g.every(c.heapAt.Add(c.ms(0, 5000)), c.heapFix.Add(30*time.Second), 5*time.Second, 100*time.Millisecond, func(t time.Time) {
		p := x(t)
		if p < 0.3 || !g.chance(0.2+0.7*p) {
			return
		}
		c.dropped(tr, t, "MUTATION_REQ", int(p*float64(g.between(20, 260))), int(p*float64(g.between(10, 120))))
		if g.chance(0.6) {
			c.dropped(tr, t.Add(c.ms(0, 2)), "READ_REQ", int(p*float64(g.between(0, 90))), int(p*float64(g.between(5, 150))))
		}
	})
	c.thinned(c.heapAt, c.heapFix, 0.43, func(t time.Time) float64 { return 0.03 + 0.4*x(t) }, func(t time.Time) {
		c.readTimeout(tr, t, g.between(0, 1))
	})
	c.thinned(c.heapAt, c.heapFix, 0.15, func(t time.Time) float64 { return 0.15 * x(t) }, func(t time.Time) {
		c.writeTimeout(tr, t, 1)
	})
}
