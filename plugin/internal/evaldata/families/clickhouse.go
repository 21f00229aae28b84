package families

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// clickhouse is ClickHouse 24.3 (24.3.2.23, official build) on Kubernetes under the
// Altinity operator: pod chi-analytics-prod-0-1-0, replica chi-analytics-prod-0-1 of shard
// 0 of cluster prod (two shards of two replicas), with a three-node ClickHouse Keeper
// ensemble (chk-keeper-0..2, port 9181) for replication. Its clickhouse-server.log as the
// container's stdout ships it, in ClickHouse's own format,
//
//	2024.07.08 01:00:00.123456 [ 812 ] {a1b2c3d4-...} <Debug> executeQuery: Read 1523412 rows, 45.21 MiB in 0.231044 sec., 6593722.5246 rows/sec., 195.70 MiB/sec.
//	2024.07.08 01:00:00.371002 [ 318 ] {} <Debug> analytics.events_local (ReplicatedMergeTreeQueue): Pulling 1 entries to queue: log-0001287342 - log-0001287342
//
// time to the microsecond, the thread id, the query id (empty for background work; the
// table's uuid and the new part for a merge), the level and the logger: executeQuery,
// MemoryTracker, TCPHandler, DynamicQueryHandler (HTTP), a table (`db.table (uuid)`, its
// `(MergerMutator)`, `(Replicated OutputStream)`, `(ReplicatedMergeTreeQueue)`,
// `(ReplicatedMergeTreeRestartingThread)`, `(SelectExecutor)`), MergeTask, StorageKafka,
// ZooKeeperClient, DDLWorker, Application. The server logs at `debug` (no Trace lines),
// with `logger.levels` keeping the chatty session loggers (HTTP-Session, TCP-Session) at
// `information`. Exceptions are written as ClickHouse writes them:
// `Code: 241. DB::Exception: ... (MEMORY_LIMIT_EXCEEDED) (version 24.3.2.23 (official
// build)) (from [::ffff:10.4.7.21]:51324) (in query: ...), Stack trace (when copying this
// message, always include the lines below):`, then the frames as continuation lines
// (`0. DB::Exception::Exception(DB::Exception::MessageMasked&&, int, bool) @ 0x...`), the
// empty line after the header dropped by the log shipper; a background task's exception
// ends with ` (version ...)`. A failed query leaves executeQuery's record and its
// handler's (TCPHandler, DynamicQueryHandler), both with the trace.
//
// Normal operation, 20-30 lines a second: the Kafka engine table analytics.events_queue
// streams into events_local and events_hourly_local through two materialized views every
// 7.5 s (Started streaming, Wrote block, Pushing ... thousand rows); Vector collectors POST
// JSONEachRow batches into page_views_local and sessions_local over HTTP (the query, Wrote
// block with ID, Read, Peak memory usage, Done processing query); the other replica's parts
// pulled from the replication log and fetched; merges of every table (Selected, Merging,
// MergeAlgorithm, Merge sorted, Merged) including the system log tables, the parts they
// replace removed eight minutes later; Grafana dashboards refreshing their panels over the
// native protocol (the queries through the Distributed tables, their Read summaries, Peak
// memory usage, Processed in), Superset charts and SQL Lab over HTTP, and the other shard's
// distributed queries arriving as secondary queries (initial_query_id, WithMergeableState);
// the DNS cache updated every 15 s. The routine errors of a shared analytics server: SQL Lab
// syntax errors and timeouts, a stale Superset chart asking for a renamed column
// (UNKNOWN_IDENTIFIER), Grafana cancelling a query on refresh, TOO_MANY_SIMULTANEOUS_QUERIES
// when a Superset dashboard opens, a client gone (Broken pipe), librdkafka's idle
// disconnects, a retried Vector batch deduplicated, a connect timeout to a remote shard
// retried.
//
// Benign changes:
//   - 0:37, a migration adds the column device_class to analytics.events_local ON CLUSTER
//     and materializes it: DDLWorker tasks, the metadata applied (version), Created mutation
//     with its data versions, each old part of eight partitions mutated
//     (MutateFromLogEntryTask, MutateTask, Renaming temporary part tmp_mut_...) for about
//     20 minutes until Mutation ... is done; from then on a new Grafana panel queries
//     device_class (routine).
//   - 1:24, the nightly backfill rebuilds events_daily_local for the past seven days: per
//     day a DROP PARTITION and a five-minute INSERT ... SELECT reading a billion rows
//     (MemoryTracker's Current memory usage every GiB, Wrote block with ID, the Read
//     summary), and the big vertical merges of the written parts, for about 35 minutes.
//   - 2:38, a rolling restart for the minor upgrade to 24.3.3.102: the other replica first
//     (fetches from it failing with Connection refused, the Kafka partitions rebalanced to
//     this one), then this server: termination, shutdown, half a minute's gap, the startup
//     (Starting ClickHouse 24.3.3.102, memory limits, executors, Keeper, tables loaded,
//     replicas activated, Listening, Ready for connections) and the replica catching up on
//     the entries it missed. Exceptions name the new version from then on.
//
// Incidents:
//   - 0:21 for about 7 minutes, a Grafana panel edited to group 90 days of events by
//     referrer and landing path with uniqExact and groupUniqArray, refreshed every 30 s by
//     a few viewers here and on the other shard: each run climbs (Current memory usage
//     ... GiB) to the 9.31 GiB per-query limit or the server's 28 GiB total,
//     MEMORY_LIMIT_EXCEEDED with its traces; the server's memory taken, other dashboards'
//     queries, Vector's inserts, Kafka's pushes and merges fail with Memory limit (total)
//     exceeded (OvercommitTracker) until an administrator kills the panel's queries
//     (QUERY_WAS_CANCELLED).
//   - 1:07 for about 3 minutes, the Keeper ensemble loses its quorum (the leader's pod
//     evicted while another restarts): the session finalized, inserts in flight end in
//     UNKNOWN_STATUS_OF_INSERT, queue updates fail with KEEPER_EXCEPTION, every replicated
//     table goes read-only (ZooKeeper session has expired, Couldn't start replication with
//     each Keeper node's refusal), mergeSelectingTask and Kafka's pushes fail with
//     TABLE_IS_READ_ONLY, Vector's retries fail; when the quorum is back the session is
//     re-established, the tables activated, the retried batches inserted (some
//     deduplicated), Kafka's backlog pushed and the other replica's retries fetched.
//   - 1:48, one record: a LOGICAL_ERROR in sessions_local's replication queue (part ... is
//     covered by ... but should be merged into ...) with its stack trace.
//   - 2:11 for about 13 minutes, a collector rollout sends page views a few rows at a time:
//     four inserts a second here and on the other replica, whose tiny parts are fetched;
//     merges fall behind, the parts of today's partition pass 1000 (Delaying inserting block
//     by ... ms.) and 3000 (TOO_MANY_PARTS, inserts rejected with their traces, the
//     collectors backing off), the heavy asynchronous metrics take long; after the
//     rollback, merges of up to 40 parts bring the count down within minutes and the
//     thousands of parts they replaced are removed eight minutes later. The flood's inserts,
//     the delays and rejections, the fetches of its parts, the table's merges until the
//     count is back and those removals are the incident's.
var clickhouse = Family{
	Name:    "clickhouse",
	Role:    Tuning,
	Service: "ClickHouse 24.3 server, one replica of a replicated analytics cluster with ClickHouse Keeper on Kubernetes: clickhouse-server.log in ClickHouse's own format with exception stack traces",
	Lines:   clickhouseLines,
}

const (
	hcRunaway = "runaway Grafana panel: MEMORY_LIMIT_EXCEEDED storm, other queries, inserts and merges failing on the total memory limit"
	hcKeeper  = "Keeper quorum lost: session expired, replicated tables read-only, inserts and Kafka pushes failing"
	hcLogical = "one-off LOGICAL_ERROR in the replication queue of analytics.sessions_local"
	hcFlood   = "insert flood of tiny batches into page_views_local: merges falling behind, inserts delayed then rejected with TOO_MANY_PARTS"
)

const (
	hcLayout  = "2006.01.02 15:04:05.000000"
	hcOld     = "24.3.2.23"
	hcNew     = "24.3.3.102"
	hcReplica = "chi-analytics-prod-0-1"
	hcPeer    = "chi-analytics-prod-0-0"
	hcTrace   = "Stack trace (when copying this message, always include the lines below):"
	hcExc     = "DB::Exception::Exception(DB::Exception::MessageMasked&&, int, bool)"
	hcDDL     = "0.0.0.0:0"
	hcGiB     = 1 << 30
	hcMiB     = 1 << 20
)

// hcTable is a table and what the merges and the replication queue know of its parts.
type hcTable struct {
	db, name, uuid string
	replicated     bool
	cols, keyCols  int
	bpr, raw       float64 // compressed and uncompressed bytes a row
	parts          []*hcPartition
	logN           int64 // the replication log's last entry
	pulled         int64 // the last entry this replica pulled
}

// hcPartition is a partition of a table: its active parts in block order, the parts
// written to it (arrivals), the parts merges replaced.
type hcPartition struct {
	t        *hcTable
	id       string
	next     int64 // the next block number
	first    int64 // the next block number when the log begins
	parts    []*hcPart
	arr      []*hcArrival
	retired  []hcRetired
	noMerge  bool
	pending  *hcPull
	catchup  bool
	snapAt   time.Time
	snap     []string
	counts   []hcCount // the number of active parts at each merge selection
	mutAt    time.Time // a mutation created then, with data version mutV
	mutV     int64
	mutDone  time.Time
	onMutate func(at time.Time, v int64)
}

type hcPart struct {
	min, max int64
	level    int
	mut      int64
	rows     int
	bytes    float64
	born     time.Time
	tr       truth
	busy     bool
}

type hcCount struct {
	at time.Time
	n  int
}

// activeAt is about how many active parts the partition had at t.
func (p *hcPartition) activeAt(t time.Time) int {
	i, _ := slices.BinarySearchFunc(p.counts, t, func(x hcCount, t time.Time) int { return x.at.Compare(t) })
	if i >= len(p.counts) {
		return len(p.parts)
	}
	return p.counts[i].n
}

type hcRetired struct {
	name string
	at   time.Time
}

// hcArrival is a part written: by this replica (write writes the insert's lines and says
// whether the part was created; parts is how many the partition has) or by the other one.
type hcArrival struct {
	at    time.Time
	rows  int
	peer  bool
	tr    truth
	write func(at time.Time, parts int) bool
}

// hcTask is a merge or a part's mutation under way.
type hcTask struct {
	src        []*hcPart
	out        *hcPart
	start, end time.Time
	tid        int
	qid        string
	tr         truth
	mutate     bool
}

// hcPull is a queue update about to pull the log entries from first to last.
type hcPull struct {
	at          time.Time
	first, last int64
	tr          truth
}

// hcProc is one run of the server process: its version and its threads.
type hcProc struct {
	version                   string
	http, tcp, sched, merge   []int
	fetch                     []int
	kafka, ddl, dns, zk, main int
	libc                      [2]uint64
}

// hcQuery is a query a client sent.
type hcQuery struct {
	tid                              int
	qid, addr, user, text, stage, in string
	http                             bool
}

type hcLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	procs      [2]*hcProc

	events, hourly, pageViews, sessions, daily *hcTable
	system                                     []*hcTable
	tables                                     []*hcTable

	alter, backfill, upgrade change
	mutAt, alterDone         time.Time
	alterMut                 int
	backfillEnd              time.Time
	memAt, memKill, memEnd   time.Time
	kpAt, kpBack, kpEnd      time.Time
	oneAt                    time.Time
	floodAt, floodFix        time.Time
	floodEnd, floodBackoff   time.Time
	peerDown, peerUp         time.Time
	selfStop, selfDown       time.Time
	selfUp                   time.Time

	myIP                                      string
	keeper                                    []string
	session                                   int
	vectorIPs, floodIPs, grafanaIPs, shardIPs []string
	supersetIPs, sqlLabIPs                    []string
	airflowIP, adminIP                        string
}

func clickhouseLines(seed int64) []Line {
	start := time.Date(2024, 7, 8, 1, 0, 0, 0, time.UTC)
	g := newGen(seed, 33)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	c := &hcLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	c.memAt = at(21, 0, 50)
	c.memKill = c.memAt.Add(6*time.Minute + c.ms(0, 50_000))
	c.memEnd = c.memKill.Add(c.ms(3000, 6000))
	c.alter = change{"ALTER TABLE analytics.events_local ADD COLUMN device_class and MATERIALIZE COLUMN: DDL tasks and a mutation rewriting the old parts", at(37, 0, 50)}
	c.kpAt = at(67, 0, 50)
	c.kpBack = c.kpAt.Add(2*time.Minute + c.ms(20_000, 55_000))
	c.kpEnd = c.kpBack.Add(c.ms(35_000, 50_000))
	c.backfill = change{"nightly backfill of analytics.events_daily_local for the past seven days: INSERT ... SELECT per day and big merges", at(84, 0, 50)}
	c.oneAt = at(108, 0, 59)
	c.floodAt = at(131, 0, 50)
	c.floodFix = c.floodAt.Add(12*time.Minute + c.ms(0, 60_000))
	c.upgrade = change{"rolling restart of the shard's replicas for the upgrade from ClickHouse 24.3.2.23 to 24.3.3.102", at(158, 0, 40)}
	c.peerDown = c.upgrade.start.Add(c.ms(1500, 4000))
	c.peerUp = c.peerDown.Add(c.ms(55_000, 80_000))
	c.selfStop = c.peerUp.Add(4*time.Minute + c.ms(0, 60_000))
	c.selfDown = c.selfStop.Add(c.ms(2500, 6000))
	c.selfUp = c.selfDown.Add(c.ms(30_000, 45_000))
	c.setup()

	// What writes parts comes first: the merges and the replication queue of every table
	// follow from it.
	c.kafka()
	c.vector()
	c.peerTraffic()
	c.systemLogs()
	c.backfillJob()
	c.keeperRetries()
	c.floodInserts()
	c.alterColumn()
	for _, t := range c.tables {
		for _, p := range t.parts {
			c.simulate(p)
		}
	}
	c.mutationDone()

	c.dashboards()
	c.secondaryQueries()
	c.userErrors()
	c.periodic()
	c.runaway()
	c.keeperOutage()
	c.oneOff()
	c.heavyMetrics()
	c.restart()
	return c.j.sorted(c.end)
}

func (c *hcLog) ms(lo, hi int) time.Duration {
	return time.Duration(c.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (c *hcLog) secs(median, sigma float64) time.Duration {
	return time.Duration(c.g.lognormal(median, sigma) * float64(time.Second))
}

// load is the evening's slow swell of traffic.
func (c *hcLog) load(t time.Time) float64 {
	m := t.Sub(c.start).Minutes()
	return 1 + 0.1*math.Sin(2*math.Pi*m/140+0.6) + 0.04*math.Sin(2*math.Pi*m/17)
}

// down reports whether this server is not serving at t: from the termination signal of
// the restart until it is ready again.
func (c *hcLog) down(t time.Time) bool { return !t.Before(c.selfStop) && t.Before(c.selfUp) }

// readonly reports whether the replicated tables were read-only at t (no Keeper session).
func (c *hcLog) readonly(t time.Time) bool { return !t.Before(c.kpAt) && t.Before(c.kpBack) }

// memStress reports whether the runaway queries held the server's memory at t.
func (c *hcLog) memStress(t time.Time) bool {
	return !t.Before(c.memAt.Add(70*time.Second)) && t.Before(c.memKill)
}

func (c *hcLog) proc(t time.Time) *hcProc {
	if !t.Before(c.selfDown) {
		return c.procs[1]
	}
	return c.procs[0]
}

func (c *hcLog) version(t time.Time) string { return c.proc(t).version }

// log writes a record of the running server; more are its continuation lines.
func (c *hcLog) log(tr truth, at time.Time, tid int, qid, level, logger, msg string, more ...string) {
	if c.down(at) {
		return
	}
	c.raw(tr, at, tid, qid, level, logger, msg, more...)
}

// raw writes a record whatever the server's state (its shutdown and startup).
func (c *hcLog) raw(tr truth, at time.Time, tid int, qid, level, logger, msg string, more ...string) {
	c.j.add(tr, at, append([]string{fmt.Sprintf("%s [ %d ] {%s} <%s> %s: %s", at.Format(hcLayout), tid, qid, level, logger, msg)}, more...)...)
}

func (t *hcTable) full() string { return t.db + "." + t.name }

// logger is the table's own logger; with a sub, a part of it (MergerMutator, Replicated
// OutputStream).
func (t *hcTable) logger(sub string) string {
	if sub == "" {
		return fmt.Sprintf("%s.%s (%s)", t.db, t.name, t.uuid)
	}
	return fmt.Sprintf("%s.%s (%s) (%s)", t.db, t.name, t.uuid, sub)
}

// bg is the logger of one of the table's background threads (ReplicatedMergeTreeQueue).
func (t *hcTable) bg(thread string) string { return fmt.Sprintf("%s.%s (%s)", t.db, t.name, thread) }

func (t *hcTable) zk() string { return "/clickhouse/tables/0/" + t.db + "/" + t.name }

func (t *hcTable) replicaPath(r string) string { return t.zk() + "/replicas/" + r }

func (p *hcPart) name(partition string) string {
	s := fmt.Sprintf("%s_%d_%d_%d", partition, p.min, p.max, p.level)
	if p.mut > 0 {
		s += fmt.Sprintf("_%d", p.mut)
	}
	return s
}

// hcSize is ClickHouse's ReadableSize.
func hcSize(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return fmt.Sprintf("%.2f %s", b, units[i])
}

// hcQty is formatReadableQuantity.
func hcQty(n float64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f billion", n/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.2f million", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.2f thousand", n/1e3)
	}
	return fmt.Sprintf("%.2f", n)
}

// hcFloat is a double as fmt writes it: the shortest digits that read back the same.
func hcFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func hcAddr(ip string, port int) string { return fmt.Sprintf("[::ffff:%s]:%d", ip, port) }

func (c *hcLog) port() int { return c.g.between(32768, 60999) }

func (c *hcLog) blockID(partition string) string {
	return fmt.Sprintf("%s_%d_%d", partition, c.g.rng.Uint64(), c.g.rng.Uint64())
}

// frames renders a stack trace as the build running at t prints it: the frames given,
// then libc's two without symbols.
func (c *hcLog) frames(t time.Time, names ...string) []string {
	p := c.proc(t)
	out := make([]string, 0, len(names)+2)
	for i, n := range names {
		out = append(out, fmt.Sprintf("%d. %s @ 0x%016x", i, n, hcFrameAddr(p.version, n)))
	}
	return append(out, fmt.Sprintf("%d. ? @ 0x%016x", len(names), p.libc[0]), fmt.Sprintf("%d. ? @ 0x%016x", len(names)+1, p.libc[1]))
}

// hcFrameAddr is where a function is in a build's binary.
func hcFrameAddr(version, frame string) uint64 {
	if version == hcOld && frame == hcExc {
		return 0xcbcedbb
	}
	h := fnv.New64a()
	h.Write([]byte(version + frame))
	return 0x7000000 + h.Sum64()%0xe000000
}

// tail adds the version line a background exception ends with.
func (c *hcLog) tail(t time.Time, frames []string) []string {
	return append(frames, fmt.Sprintf(" (version %s (official build))", c.version(t)))
}

// hcCoded is a ClickHouse exception's text: the message, the error's name after it.
func hcCoded(code int, msg, name string) string {
	sep := ". "
	if strings.HasSuffix(msg, ".") {
		sep = " "
	}
	kind := "DB::Exception"
	if code == 999 {
		kind = "Coordination::Exception"
	}
	return fmt.Sprintf("Code: %d. %s: %s%s(%s)", code, kind, msg, sep, name)
}

// The frames of where exceptions are thrown and of the threads they are thrown on.
var (
	hcExcFmt   = []string{hcExc, "DB::Exception::Exception(PreformattedMessage&&, int)"}
	hcExcStr   = []string{hcExc, "DB::Exception::Exception<String const&>(int, FormatStringHelperImpl<std::type_identity<String const&>::type>, String const&)"}
	hcTCPStack = []string{"DB::TCPHandler::runImpl()", "DB::TCPHandler::run()", "Poco::Net::TCPServerConnection::start()",
		"Poco::Net::TCPServerDispatcher::run()", "Poco::PooledThread::run()", "Poco::ThreadImpl::runnableEntry(void*)"}
	hcHTTPStack = []string{"DB::HTTPHandler::processQuery(DB::HTTPServerRequest&, DB::HTMLForm&, DB::HTTPServerResponse&, DB::HTTPHandler::Output&, std::optional<DB::CurrentThread::QueryScope>&, StrongTypedef<unsigned long, ProfileEvents::EventTag> const&)",
		"DB::HTTPHandler::handleRequest(DB::HTTPServerRequest&, DB::HTTPServerResponse&, StrongTypedef<unsigned long, ProfileEvents::EventTag> const&)",
		"DB::HTTPServerConnection::run()", "Poco::Net::TCPServerConnection::start()", "Poco::Net::TCPServerDispatcher::run()",
		"Poco::PooledThread::run()", "Poco::ThreadImpl::runnableEntry(void*)"}
	hcSchedStack = []string{"DB::BackgroundSchedulePool::threadFunction()",
		"void std::__function::__policy_invoker<void ()>::__call_impl<std::__function::__default_alloc_func<ThreadFromGlobalPoolImpl<false>::ThreadFromGlobalPoolImpl<DB::BackgroundSchedulePool::BackgroundSchedulePool(unsigned long, StrongTypedef<unsigned long, CurrentMetrics::MetricTag>, StrongTypedef<unsigned long, CurrentMetrics::MetricTag>, char const*)::$_0>(DB::BackgroundSchedulePool::BackgroundSchedulePool(unsigned long, StrongTypedef<unsigned long, CurrentMetrics::MetricTag>, StrongTypedef<unsigned long, CurrentMetrics::MetricTag>, char const*)::$_0&&)::'lambda'(), void ()>>(std::__function::__policy_storage const*)",
		"void* std::__thread_proxy[abi:v15000]<std::tuple<std::unique_ptr<std::__thread_struct, std::default_delete<std::__thread_struct>>, void ThreadPoolImpl<std::thread>::scheduleImpl<void>(std::function<void ()>, Priority, std::optional<unsigned long>, bool)::'lambda0'()>>(void*)"}
	hcPoolStack = []string{"DB::MergeTreeBackgroundExecutor<DB::DynamicRuntimeQueue>::threadFunction()",
		"ThreadPoolImpl<ThreadFromGlobalPoolImpl<false>>::worker(std::__list_iterator<ThreadFromGlobalPoolImpl<false>, void*>)",
		"void std::__function::__policy_invoker<void ()>::__call_impl<std::__function::__default_alloc_func<ThreadFromGlobalPoolImpl<false>::ThreadFromGlobalPoolImpl<void ThreadPoolImpl<ThreadFromGlobalPoolImpl<false>>::scheduleImpl<void>(std::function<void ()>, Priority, std::optional<unsigned long>, bool)::'lambda0'()>(void&&)::'lambda'(), void ()>>(std::__function::__policy_storage const*)",
		"ThreadPoolImpl<std::thread>::worker(std::__list_iterator<std::thread, void*>)",
		"void* std::__thread_proxy[abi:v15000]<std::tuple<std::unique_ptr<std::__thread_struct, std::default_delete<std::__thread_struct>>, void ThreadPoolImpl<std::thread>::scheduleImpl<void>(std::function<void ()>, Priority, std::optional<unsigned long>, bool)::'lambda0'()>>(void*)"}
	hcPipeStack = []string{"DB::ExecutionThreadContext::executeTask()", "DB::PipelineExecutor::executeStepImpl(unsigned long, std::atomic<bool>*)",
		"DB::PipelineExecutor::executeImpl(unsigned long, bool)", "DB::PipelineExecutor::execute(unsigned long, bool)",
		"void std::__function::__policy_invoker<void ()>::__call_impl<std::__function::__default_alloc_func<ThreadFromGlobalPoolImpl<true>::ThreadFromGlobalPoolImpl<DB::PullingAsyncPipelineExecutor::pull(DB::Chunk&, unsigned long)::$_0>(DB::PullingAsyncPipelineExecutor::pull(DB::Chunk&, unsigned long)::$_0&&)::'lambda'(), void ()>>(std::__function::__policy_storage const*)",
		"ThreadPoolImpl<std::thread>::worker(std::__list_iterator<std::thread, void*>)",
		"void* std::__thread_proxy[abi:v15000]<std::tuple<std::unique_ptr<std::__thread_struct, std::default_delete<std::__thread_struct>>, void ThreadPoolImpl<std::thread>::scheduleImpl<void>(std::function<void ()>, Priority, std::optional<unsigned long>, bool)::'lambda0'()>>(void*)"}
	hcMemStack = []string{"MemoryTracker::allocImpl(long, bool, MemoryTracker*, double)", "MemoryTracker::allocImpl(long, bool, MemoryTracker*, double)",
		"Allocator<false, false>::alloc(unsigned long, unsigned long)", "DB::Arena::addMemoryChunk(unsigned long)"}
	hcAggStack = []string{"void DB::Aggregator::executeImplBatch<false, DB::AggregationMethodSerialized<TwoLevelHashMapTable<StringRef, HashMapCellWithSavedHash<StringRef, char*, DefaultHash<StringRef>, HashTableNoState>, DefaultHash<StringRef>, TwoLevelHashTableGrower<8ul>, Allocator<true, true>, HashMapTable>>>(DB::AggregationMethodSerialized<TwoLevelHashMapTable<StringRef, HashMapCellWithSavedHash<StringRef, char*, DefaultHash<StringRef>, HashTableNoState>, DefaultHash<StringRef>, TwoLevelHashTableGrower<8ul>, Allocator<true, true>, HashMapTable>>&, DB::AggregationMethodSerialized<TwoLevelHashMapTable<StringRef, HashMapCellWithSavedHash<StringRef, char*, DefaultHash<StringRef>, HashTableNoState>, DefaultHash<StringRef>, TwoLevelHashTableGrower<8ul>, Allocator<true, true>, HashMapTable>>::State&, DB::Arena*, unsigned long, unsigned long, DB::Aggregator::AggregateFunctionInstruction*, bool, char*) const",
		"DB::Aggregator::executeOnBlock(std::vector<COW<DB::IColumn>::immutable_ptr<DB::IColumn>, std::allocator<COW<DB::IColumn>::immutable_ptr<DB::IColumn>>>, unsigned long, unsigned long, DB::AggregatedDataVariants&, std::vector<DB::IColumn const*, std::allocator<DB::IColumn const*>>&, std::vector<std::vector<DB::IColumn const*, std::allocator<DB::IColumn const*>>, std::allocator<std::vector<DB::IColumn const*, std::allocator<DB::IColumn const*>>>>&, bool&) const",
		"DB::AggregatingTransform::consume(DB::Chunk)", "DB::AggregatingTransform::work()"}
	hcInsertStack = []string{"DB::InterpreterInsertQuery::buildInsertSinkChain(std::shared_ptr<DB::IStorage> const&, std::shared_ptr<DB::StorageInMemoryMetadata const> const&, DB::Block const&, std::shared_ptr<DB::IStorage>, std::shared_ptr<DB::IAST>, std::vector<std::shared_ptr<DB::ThreadStatus>, std::allocator<std::shared_ptr<DB::ThreadStatus>>>*, std::atomic<unsigned long>*)",
		"DB::InterpreterInsertQuery::execute()", "DB::executeQueryImpl(char const*, char const*, std::shared_ptr<DB::Context>, DB::QueryFlags, DB::QueryProcessingStage::Enum, DB::ReadBuffer*)",
		"DB::executeQuery(DB::ReadBuffer&, DB::WriteBuffer&, bool, std::shared_ptr<DB::Context>, std::function<void (DB::QueryResultDetails const&)>, DB::QueryFlags, std::optional<DB::FormatSettings> const&, std::function<void (DB::IOutputFormat&)>)"}
	hcZKStack = []string{hcExc, "Coordination::Exception::Exception(Coordination::Error, String const&)", "Coordination::Exception::Exception(Coordination::Error)",
		"Coordination::ZooKeeper::pushRequest(Coordination::ZooKeeper::RequestInfo&&)",
		"Coordination::ZooKeeper::list(String const&, Coordination::ListRequestType, std::function<void (Coordination::ListResponse const&)>, std::shared_ptr<std::function<void (Coordination::WatchResponse const&)>>)",
		"zkutil::ZooKeeper::asyncTryGetChildrenNoThrow(String const&, std::shared_ptr<std::function<void (Coordination::WatchResponse const&)>>, Coordination::ListRequestType)",
		"zkutil::ZooKeeper::getChildrenImpl(String const&, std::vector<String, std::allocator<String>>&, Coordination::Stat*, std::shared_ptr<std::function<void (Coordination::WatchResponse const&)>>, Coordination::ListRequestType)",
		"zkutil::ZooKeeper::tryGetChildrenWatch(String const&, std::vector<String, std::allocator<String>>&, Coordination::Stat*, std::shared_ptr<std::function<void (Coordination::WatchResponse const&)>>, Coordination::ListRequestType)"}
)

func hcJoin(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func (c *hcLog) setup() {
	g := c.g
	mk := func(ver string, base int) *hcProc {
		p := &hcProc{version: ver, main: 1}
		for i := 0; i < 40; i++ {
			p.http = append(p.http, base+400+g.between(0, 700))
		}
		for i := 0; i < 24; i++ {
			p.tcp = append(p.tcp, base+300+g.between(0, 90))
		}
		for i := 0; i < 20; i++ {
			p.sched = append(p.sched, base+90+g.between(0, 60))
		}
		for i := 0; i < 16; i++ {
			p.merge = append(p.merge, base+200+i)
			p.fetch = append(p.fetch, base+230+i)
		}
		p.kafka, p.ddl, p.dns, p.zk = base+170+g.intn(8), base+185, base+60+g.intn(6), base+52+g.intn(4)
		lib := uint64(0x7f0000000000) + uint64(g.intn(0xffff))<<24
		p.libc = [2]uint64{lib + 0x94ac3, lib + 0x126850}
		return p
	}
	c.procs = [2]*hcProc{mk(hcOld, g.between(500, 560)), mk(hcNew, g.between(50, 70))}
	c.myIP = fmt.Sprintf("10.3.%d.%d", g.between(0, 15), g.between(2, 254))
	for i := 0; i < 3; i++ {
		c.keeper = append(c.keeper, fmt.Sprintf("10.2.%d.%d", g.between(0, 15), g.between(2, 254)))
	}
	c.session = g.between(30000, 60000)
	ips := func(n int, third string) []string {
		var l []string
		for i := 0; i < n; i++ {
			l = append(l, fmt.Sprintf("10.%s.%d", third, g.between(2, 254)))
		}
		return l
	}
	c.vectorIPs = ips(6, fmt.Sprint(4, ".", g.between(0, 15)))
	c.floodIPs = ips(8, fmt.Sprint(4, ".", g.between(16, 31)))
	c.grafanaIPs = ips(2, fmt.Sprint(5, ".", g.between(0, 15)))
	c.supersetIPs = ips(3, fmt.Sprint(5, ".", g.between(16, 31)))
	c.sqlLabIPs = ips(2, fmt.Sprint(5, ".", g.between(16, 31)))
	c.shardIPs = ips(2, fmt.Sprint(3, ".", g.between(16, 31)))
	c.airflowIP = fmt.Sprintf("10.6.%d.%d", g.between(0, 15), g.between(2, 254))
	c.adminIP = fmt.Sprintf("10.8.%d.%d", g.between(0, 3), g.between(2, 254))

	table := func(db, name string, replicated bool, cols, keys int, bpr, raw float64) *hcTable {
		t := &hcTable{db: db, name: name, uuid: g.uuid(), replicated: replicated, cols: cols, keyCols: keys, bpr: bpr, raw: raw}
		if replicated {
			t.logN = int64(g.between(800_000, 2_400_000))
			t.pulled = t.logN
		}
		c.tables = append(c.tables, t)
		return t
	}
	today := c.start.Format("20060102")
	c.events = table("analytics", "events_local", true, 48, 4, 42, 380)
	c.hourly = table("analytics", "events_hourly_local", true, 14, 4, 180, 900)
	c.pageViews = table("analytics", "page_views_local", true, 22, 3, 38, 260)
	c.sessions = table("analytics", "sessions_local", true, 30, 2, 55, 340)
	c.daily = table("analytics", "events_daily_local", true, 14, 5, 60, 420)
	for _, n := range []string{"query_log", "metric_log", "asynchronous_metric_log", "part_log", "trace_log", "processors_profile_log"} {
		c.system = append(c.system, table("system", n, false, 60, 2, 40, 300))
	}

	// The events of the past seven days, which the mutation rewrites: big merged parts.
	block := int64(g.between(1_200_000, 1_300_000))
	for d := 7; d >= 1; d-- {
		p := &hcPartition{t: c.events, id: c.start.AddDate(0, 0, -d).Format("20060102"), next: block, noMerge: true}
		c.seed(p, g.between(7, 11), 0, 1.25e9, 0)
		block = p.next + int64(g.between(3000, 9000))
		c.events.parts = append(c.events.parts, p)
	}
	p := &hcPartition{t: c.events, id: today, next: block}
	c.seed(p, g.between(4, 6), g.between(4, 9), 2.6e7, 58000)
	c.events.parts = append(c.events.parts, p)
	c.hourly.parts = []*hcPartition{c.seeded(c.hourly, today, 3, 5, 1.2e6, 2500)}
	c.pageViews.parts = []*hcPartition{c.seeded(c.pageViews, today, 4, 6, 1.2e7, 3500)}
	c.sessions.parts = []*hcPartition{c.seeded(c.sessions, today, 3, 5, 4e6, 900)}
	for d := 7; d >= 1; d-- {
		// The backfill drops and refills them; merges only what it writes.
		c.daily.parts = append(c.daily.parts, &hcPartition{t: c.daily, id: c.start.AddDate(0, 0, -d).Format("20060102"), next: int64(g.between(20, 90))})
	}
	for _, t := range c.system {
		t.parts = []*hcPartition{c.seeded(t, c.start.Format("200601"), 4, 6, 6e7, 900)}
	}
	for _, t := range c.tables {
		for _, p := range t.parts {
			p.first = p.next
		}
	}
	c.sessions.today().snapAt = c.oneAt
}

func (c *hcLog) seeded(t *hcTable, id string, big, small int, rows, smallRows float64) *hcPartition {
	p := &hcPartition{t: t, id: id, next: int64(c.g.between(40_000, 900_000))}
	c.seed(p, big, small, rows, smallRows)
	return p
}

// seed gives a partition the parts it has when the log begins: big merged ones sharing
// rows, then a few recent small ones.
func (c *hcLog) seed(p *hcPartition, big, small int, rows, smallRows float64) {
	g := c.g
	for i := 0; i < big; i++ {
		n := int64(4000*math.Pow(0.25, float64(i))) + int64(g.between(20, 300))
		if p.noMerge {
			n = int64(g.between(8000, 20000))
		}
		r := int(rows * 0.6 * math.Pow(0.25, float64(i)) * g.lognormal(1, 0.15))
		if p.noMerge {
			r = int(rows / float64(big) * g.lognormal(1, 0.35))
		}
		lvl := max(2, 9-i-g.intn(2))
		if p.noMerge {
			lvl = g.between(5, 9)
		}
		p.parts = append(p.parts, &hcPart{min: p.next, max: p.next + n - 1, level: lvl, rows: r, bytes: float64(r) * p.t.bpr, born: c.start.Add(-time.Hour)})
		p.next += n
	}
	for i := 0; i < small; i++ {
		n := int64(g.between(1, 4))
		lvl := 0
		if n > 1 {
			lvl = 1
		}
		r := int(smallRows * float64(n) * g.lognormal(1, 0.3))
		p.parts = append(p.parts, &hcPart{min: p.next, max: p.next + n - 1, level: lvl, rows: r, bytes: float64(r) * p.t.bpr, born: c.start.Add(-time.Duration(g.between(5, 60)) * time.Second)})
		p.next += n
	}
}

func (p *hcPartition) add(a *hcArrival) { p.arr = append(p.arr, a) }

func (t *hcTable) today() *hcPartition { return t.parts[len(t.parts)-1] }

// kafka: the Kafka engine table streams the events topic into events_local and
// events_hourly_local through two materialized views, a block every 7.5 s.
func (c *hcLog) kafka() {
	const src = "StorageKafka (events_queue)"
	queue := c.g.uuid()
	c.g.every(c.start.Add(c.ms(0, 7500)), c.end, 7500*time.Millisecond, 400*time.Millisecond, func(t time.Time) {
		if c.down(t) {
			return
		}
		tid := c.proc(t).kafka
		rows := int(c.g.normal(52000, 4500) * c.load(t))
		tr := routine
		switch {
		case c.readonly(t):
			tr := incident(hcKeeper)
			c.log(tr, t.Add(c.ms(0, 5)), tid, "", "Debug", src, "Started streaming to 2 attached views")
			c.log(tr, t.Add(c.ms(300, 900)), tid, "", "Error", "void DB::StorageKafka::threadFunc(size_t)",
				hcCoded(242, fmt.Sprintf("Table is in readonly mode (replica path: %s)", c.events.replicaPath(hcReplica)), "TABLE_IS_READ_ONLY")+", "+hcTrace,
				c.tail(t, c.frames(t, hcJoin(hcExcStr, []string{"DB::StorageReplicatedMergeTree::assertNotReadonly() const",
					"DB::ReplicatedMergeTreeSinkImpl<false>::consume(DB::Chunk)", "DB::SinkToStorage::onConsume(DB::Chunk)",
					"DB::ExceptionKeepingTransform::work()", "DB::ExecutionThreadContext::executeTask()",
					"DB::PipelineExecutor::executeStepImpl(unsigned long, std::atomic<bool>*)", "DB::PipelineExecutor::executeImpl(unsigned long, bool)",
					"DB::PipelineExecutor::execute(unsigned long, bool)", "DB::CompletedPipelineExecutor::execute()",
					"DB::StorageKafka::streamToViews()", "DB::StorageKafka::threadFunc(unsigned long)"}, hcSchedStack)...))...)
			return
		case c.memStress(t) && c.g.chance(0.2):
			tr := incident(hcRunaway)
			c.log(tr, t.Add(c.ms(0, 5)), tid, "", "Debug", src, "Started streaming to 2 attached views")
			c.log(tr, t.Add(c.ms(100, 600)), tid, "", "Error", "void DB::StorageKafka::threadFunc(size_t)",
				hcCoded(241, c.totalMem(4<<20, 12<<20)+": While executing SourceFromInputStream", "MEMORY_LIMIT_EXCEEDED")+", "+hcTrace,
				c.tail(t, c.frames(t, hcJoin(hcExcFmt, hcMemStack[:3], []string{"DB::ColumnString::insertData(char const*, unsigned long)",
					"DB::JSONEachRowRowInputFormat::readRow(std::vector<COW<DB::IColumn>::mutable_ptr<DB::IColumn>, std::allocator<COW<DB::IColumn>::mutable_ptr<DB::IColumn>>>&, DB::RowReadExtension&)",
					"DB::IRowInputFormat::read()", "DB::IInputFormat::generate()", "DB::ISource::tryGenerate()", "DB::ISource::work()",
					"DB::KafkaSource::generateImpl()", "DB::KafkaSource::generate()", "DB::ISource::tryGenerate()", "DB::ISource::work()",
					"DB::ExecutionThreadContext::executeTask()", "DB::PipelineExecutor::executeStepImpl(unsigned long, std::atomic<bool>*)",
					"DB::StorageKafka::streamToViews()", "DB::StorageKafka::threadFunc(unsigned long)"}, hcSchedStack)...))...)
			return
		case !t.Before(c.kpBack) && t.Before(c.kpEnd):
			rows, tr = 65536*2, incident(hcKeeper) // the backlog the outage left
		case !t.Before(c.peerDown) && t.Before(c.peerUp):
			rows, tr = rows*2, c.upgrade.truth() // the other replica's partitions, rebalanced here
		}
		c.log(tr, t, tid, "", "Debug", src, "Started streaming to 2 attached views")
		w1 := t.Add(c.ms(120, 480) * time.Duration(1+rows/60000))
		w2 := w1.Add(c.ms(15, 90))
		took := w2.Add(c.ms(2, 30))
		hrows := int(float64(rows) * c.g.normal(0.045, 0.004))
		c.events.today().add(&hcArrival{at: w1, rows: rows, tr: tr, write: func(at time.Time, _ int) bool {
			c.log(tr, at, tid, "", "Debug", c.events.logger("Replicated OutputStream"), fmt.Sprintf("Wrote block with %d rows", rows))
			return true
		}})
		c.hourly.today().add(&hcArrival{at: w2, rows: hrows, tr: tr, write: func(at time.Time, _ int) bool {
			c.log(tr, at, tid, "", "Debug", c.hourly.logger("Replicated OutputStream"), fmt.Sprintf("Wrote block with %d rows", hrows))
			c.log(tr, took, tid, "", "Debug", src, fmt.Sprintf("Pushing %s rows to analytics.events_queue (%s) took %d ms.", hcQty(float64(rows)), queue, took.Sub(t).Milliseconds()))
			return true
		}})
	})
}

// totalMem is the message of an allocation the server's total memory limit refused.
func (c *hcLog) totalMem(lo, hi int) string {
	return fmt.Sprintf("Memory limit (total) exceeded: would use %.2f GiB (attempt to allocate chunk of %d bytes), maximum: 28.00 GiB. OvercommitTracker decision: Query was selected to stop by OvercommitTracker.",
		28.0+float64(c.g.between(1, 4))/100, c.g.between(lo, hi))
}

// vector: the Vector collectors' batches of page views and sessions, over HTTP.
func (c *hcLog) vector() {
	for _, s := range []struct {
		t          *hcTable
		rate, rows float64
	}{{c.pageViews, 0.5, 2600}, {c.sessions, 0.33, 800}} {
		c.g.arrivals(c.start, c.end, func(t time.Time) float64 {
			if c.down(t) || c.readonly(t) {
				return 0 // the collectors' own retries, below
			}
			return s.rate * c.load(t)
		}, func(t time.Time) {
			c.insert(s.t, t, routine, pick(c.g, c.vectorIPs), int(c.g.lognormal(s.rows, 0.45)), 0)
		})
	}
}

func (c *hcLog) httpQuery(t time.Time, ip, user, text string) *hcQuery {
	return &hcQuery{tid: pick(c.g, c.proc(t).http), qid: c.g.uuid(), addr: hcAddr(ip, c.port()), user: user, text: text, stage: "Complete", http: true}
}

func (c *hcLog) tcpQuery(t time.Time, ip, user, text string) *hcQuery {
	return &hcQuery{tid: pick(c.g, c.proc(t).tcp), qid: c.g.uuid(), addr: hcAddr(ip, c.port()), user: user, text: text, stage: "Complete"}
}

// begin writes executeQuery's line of a query's start.
func (c *hcLog) begin(tr truth, at time.Time, q *hcQuery) {
	who := ""
	if q.user != "" && q.user != "default" {
		who = ", user: " + q.user
	}
	if q.in != "" {
		who += ", initial_query_id: " + q.in
	}
	c.log(tr, at, q.tid, q.qid, "Debug", "executeQuery", fmt.Sprintf("(from %s%s) %s (stage: %s)", q.addr, who, q.text, q.stage))
}

// done writes a query's end: the Read summary, the peak memory, the handler's line.
func (c *hcLog) done(tr truth, at time.Time, q *hcQuery, rows int, bytes float64, took time.Duration, peak float64) {
	sec := took.Seconds()
	if rows > 0 {
		c.log(tr, at, q.tid, q.qid, "Debug", "executeQuery", fmt.Sprintf("Read %d rows, %s in %.6f sec., %s rows/sec., %s/sec.",
			rows, hcSize(bytes), sec, hcFloat(float64(rows)/sec), hcSize(bytes/sec)))
	}
	at = at.Add(c.ms(0, 1))
	c.log(tr, at, q.tid, q.qid, "Debug", "MemoryTracker", "Peak memory usage (for query): "+hcSize(peak)+".")
	at = at.Add(c.ms(0, 1))
	switch {
	case q.addr == hcDDL: // the DDLWorker's own query: no client
	case q.http:
		c.log(tr, at, q.tid, q.qid, "Debug", "DynamicQueryHandler", "Done processing query")
	default:
		c.log(tr, at, q.tid, q.qid, "Debug", "TCPHandler", fmt.Sprintf("Processed in %.9f sec.", took.Seconds()+float64(c.g.between(100_000, 900_999))/1e9))
	}
}

// fail writes the two records of a failed query, executeQuery's and its handler's, with
// the stack trace (where it was thrown, then the handler's frames).
func (c *hcLog) fail(tr truth, at time.Time, q *hcQuery, code int, msg, name string, where []string) {
	handler, stack := "TCPHandler", hcTCPStack
	if q.http {
		handler, stack = "DynamicQueryHandler", hcHTTPStack
	}
	text := hcCoded(code, msg, name)
	if len(where) > 0 && strings.HasPrefix(where[len(where)-1], "void* std::__thread_proxy") {
		stack = nil // thrown on a pipeline thread: its own frames end there
	}
	frames := c.frames(at, hcJoin(where, stack)...)
	c.log(tr, at, q.tid, q.qid, "Error", "executeQuery", fmt.Sprintf("%s (version %s (official build)) (from %s) (in query: %s), %s", text, c.version(at), q.addr, q.text, hcTrace), frames...)
	c.log(tr, at.Add(c.ms(0, 2)), q.tid, q.qid, "Error", handler, text+", "+hcTrace, c.tail(at, frames)...)
}

var hcInsertStart = []string{"DB::ReplicatedMergeTreeSinkImpl<false>::onStart()", "DB::SinkToStorage::onStart()",
	"DB::ExceptionKeepingTransform::work()", "DB::ExecutionThreadContext::executeTask()",
	"DB::PipelineExecutor::executeStepImpl(unsigned long, std::atomic<bool>*)", "DB::PipelineExecutor::executeImpl(unsigned long, bool)",
	"DB::PipelineExecutor::execute(unsigned long, bool)", "DB::CompletedPipelineExecutor::execute()"}

// insert is a Vector batch POSTed to this replica: its part, or its failure and the
// collector's retry. try counts the retries.
func (c *hcLog) insert(t *hcTable, at time.Time, tr truth, ip string, rows, try int) {
	if c.down(at) {
		return
	}
	q := c.httpQuery(at, ip, "vector", fmt.Sprintf("INSERT INTO \"%s\".\"%s\" FORMAT JSONEachRow", t.db, t.name))
	retry := func(tr truth, after time.Duration) {
		if try < 12 {
			c.insert(t, at.Add(after), tr, ip, rows, try+1)
		}
	}
	switch {
	case c.readonly(at):
		tr := incident(hcKeeper)
		c.begin(tr, at, q)
		c.fail(tr, at.Add(c.ms(3, 20)), q, 242, fmt.Sprintf("Table is in readonly mode (replica path: %s)", t.replicaPath(hcReplica)), "TABLE_IS_READ_ONLY",
			hcJoin(hcExcStr, []string{"DB::StorageReplicatedMergeTree::assertNotReadonly() const",
				"DB::StorageReplicatedMergeTree::write(std::shared_ptr<DB::IAST> const&, std::shared_ptr<DB::StorageInMemoryMetadata const> const&, std::shared_ptr<DB::Context const>, bool)"}, hcInsertStack))
		retry(tr, time.Duration(min(30, 1<<min(try, 5)))*time.Second+c.ms(0, 3000))
		return
	case c.memStress(at) && c.g.chance(0.12):
		tr := incident(hcRunaway)
		c.begin(tr, at, q)
		c.fail(tr, at.Add(c.ms(5, 60)), q, 241, c.totalMem(1<<20, 8<<20)+": While executing ParallelParsingBlockInputFormat", "MEMORY_LIMIT_EXCEEDED",
			hcJoin(hcExcFmt, hcMemStack[:3], []string{"DB::Memory<Allocator<false, false>>::alloc(unsigned long)",
				"DB::ParallelParsingInputFormat::segmentatorThreadFunction(std::shared_ptr<DB::ThreadGroup>)"}, hcPoolStack[1:]))
		retry(tr, c.ms(1000, 4000))
		return
	}
	parse := c.ms(4, 40) + time.Duration(rows)*4*time.Microsecond
	t.today().add(&hcArrival{at: at.Add(parse), rows: rows, tr: tr, write: func(w time.Time, parts int) bool {
		if tr.incident == hcFlood && !c.floodBackoff.IsZero() && at.After(c.floodBackoff) && c.g.chance(0.75) {
			return false // the collectors back off once most of their requests fail
		}
		c.begin(tr, at, q)
		own := tr
		if t == c.pageViews && parts >= 3000 {
			if c.floodBackoff.IsZero() {
				c.floodBackoff = w
			}
			ftr := incident(hcFlood)
			avg := 48.0*1024 + float64(c.g.between(0, 9000))
			c.fail(ftr, w, q, 252, fmt.Sprintf("Too many parts (%d with average size of %s) in table '%s (%s)'. Merges are processing significantly slower than inserts", parts, hcSize(avg), t.full(), t.uuid), "TOO_MANY_PARTS",
				hcJoin(hcExcFmt, []string{"DB::Exception::Exception<unsigned long&, DB::ReadableSize, String>(int, FormatStringHelperImpl<std::type_identity<unsigned long&>::type, std::type_identity<DB::ReadableSize>::type, std::type_identity<String>::type>, unsigned long&, DB::ReadableSize&&, String&&)",
					"DB::MergeTreeData::delayInsertOrThrowIfNeeded(Poco::Event*, std::shared_ptr<DB::Context const> const&, bool) const"}, hcInsertStart, hcInsertStack[1:]))
			return false
		}
		if t == c.pageViews && parts >= 1000 {
			d := time.Duration(10+990*(parts-1000)/2000) * time.Millisecond
			c.log(incident(hcFlood), w, q.tid, q.qid, "Information", t.logger(""), fmt.Sprintf("Delaying inserting block by %d ms. because there are %d parts and their average size is %s",
				d.Milliseconds(), parts, hcSize(44.0*1024+float64(c.g.between(0, 12000)))))
			w = w.Add(d)
		}
		c.log(own, w, q.tid, q.qid, "Debug", t.logger("Replicated OutputStream"), fmt.Sprintf("Wrote block with ID '%s', %d rows", c.blockID(t.today().id), rows))
		took := w.Sub(at) + c.ms(2, 30)
		bytes := float64(rows) * t.raw * c.g.lognormal(1, 0.1)
		c.done(own, at.Add(took), q, rows, bytes, took, float64(rows)*t.raw*2.2+float64(c.g.between(2, 5))*hcMiB)
		return true
	}})
}

// peerTraffic: the other replica's parts, which this one pulls from the log and fetches:
// its Kafka blocks and the Vector batches sent to it.
func (c *hcLog) peerTraffic() {
	off := c.ms(1000, 6500)
	c.g.every(c.start.Add(off), c.end, 7500*time.Millisecond, 400*time.Millisecond, func(t time.Time) {
		if c.readonly(t) || !t.Before(c.peerDown) && t.Before(c.peerUp) {
			return
		}
		rows := int(c.g.normal(52000, 4500) * c.load(t))
		tr := routine
		switch {
		case c.down(t):
			rows *= 2
		case !t.Before(c.kpBack) && t.Before(c.kpEnd):
			rows, tr = 65536*2, incident(hcKeeper)
		}
		w := t.Add(c.ms(150, 600))
		c.events.today().add(&hcArrival{at: w, rows: rows, peer: true, tr: tr})
		c.hourly.today().add(&hcArrival{at: w.Add(c.ms(15, 90)), rows: int(float64(rows) * 0.045), peer: true, tr: tr})
	})
	for _, s := range []struct {
		t          *hcTable
		rate, rows float64
	}{{c.pageViews, 0.5, 2600}, {c.sessions, 0.33, 800}} {
		c.g.arrivals(c.start, c.end, func(t time.Time) float64 {
			if c.readonly(t) || !t.Before(c.peerDown) && t.Before(c.peerUp) {
				return 0
			}
			if c.down(t) {
				return 2 * s.rate * c.load(t)
			}
			return s.rate * c.load(t)
		}, func(t time.Time) {
			s.t.today().add(&hcArrival{at: t, rows: int(c.g.lognormal(s.rows, 0.45)), peer: true})
		})
		// The other replica's retries after the Keeper outage.
		for i := 0; i < 6; i++ {
			s.t.today().add(&hcArrival{at: c.kpBack.Add(c.ms(2500, 30_000)), rows: int(c.g.lognormal(s.rows*8, 0.3)), peer: true, tr: incident(hcKeeper)})
		}
	}
}

// systemLogs: the system log tables flushed every 7.5 s; only their merges show.
func (c *hcLog) systemLogs() {
	for _, t := range c.system {
		rows := float64(c.g.between(200, 3000))
		c.g.every(c.start.Add(c.ms(0, 7500)), c.end, 7500*time.Millisecond, 50*time.Millisecond, func(at time.Time) {
			if !c.down(at) {
				t.today().add(&hcArrival{at: at, rows: int(c.g.lognormal(rows, 0.3))})
			}
		})
	}
}

// keeperRetries: while the tables are read-only, each collector retries its batch with
// a growing back-off; the first retry after the outage succeeds.
func (c *hcLog) keeperRetries() {
	tr := incident(hcKeeper)
	for _, s := range []struct {
		t    *hcTable
		rows float64
	}{{c.pageViews, 2600}, {c.sessions, 800}} {
		for _, ip := range c.vectorIPs {
			c.insert(s.t, c.kpAt.Add(c.ms(200, 6000)), tr, ip, int(c.g.lognormal(s.rows*3, 0.3)), 0)
		}
		// Batches in flight when the session was lost: their status is unknown; retried
		// after the outage, they are found already written.
		for i := 0; i < 2; i++ {
			q := c.httpQuery(c.kpAt, pick(c.g, c.vectorIPs), "vector", fmt.Sprintf("INSERT INTO \"%s\".\"%s\" FORMAT JSONEachRow", s.t.db, s.t.name))
			c.begin(routine, c.kpAt.Add(-c.ms(5, 40)), q)
			c.fail(tr, c.kpAt.Add(c.ms(1, 30)), q, 319, "Unknown status, client must retry. Reason: Connection loss", "UNKNOWN_STATUS_OF_INSERT",
				hcJoin(hcExcFmt, []string{"DB::ReplicatedMergeTreeSinkImpl<false>::commitPart(std::shared_ptr<zkutil::ZooKeeper> const&, std::shared_ptr<DB::IMergeTreeDataPart>&, std::vector<String, std::allocator<String>> const&, unsigned long, bool)::$_0::operator()() const",
					"DB::ReplicatedMergeTreeSinkImpl<false>::commitPart(std::shared_ptr<zkutil::ZooKeeper> const&, std::shared_ptr<DB::IMergeTreeDataPart>&, std::vector<String, std::allocator<String>> const&, unsigned long, bool)",
					"DB::ReplicatedMergeTreeSinkImpl<false>::finishDelayedChunk(std::shared_ptr<zkutil::ZooKeeper> const&)",
					"DB::ReplicatedMergeTreeSinkImpl<false>::onFinish()", "DB::ExceptionKeepingTransform::work()"}, hcInsertStack[1:]))
			r := c.httpQuery(c.kpBack, q.addr, "vector", q.text)
			r.addr = hcAddr(pick(c.g, c.vectorIPs), c.port())
			w := c.kpBack.Add(c.ms(2000, 25_000))
			rows := int(c.g.lognormal(s.rows, 0.4))
			c.begin(tr, w, r)
			c.log(tr, w.Add(c.ms(5, 30)), r.tid, r.qid, "Information", s.t.logger("Replicated OutputStream"),
				fmt.Sprintf("Block with ID %s already exists locally as part %s_%d_%d_0; ignoring it.", c.blockID(s.t.today().id), s.t.today().id, s.t.today().next+int64(c.g.between(200, 400)), s.t.today().next+int64(c.g.between(400, 600))))
			c.done(tr, w.Add(c.ms(30, 60)), r, rows, float64(rows)*s.t.raw, c.ms(30, 60), float64(c.g.between(3, 9))*hcMiB)
		}
	}
}

// floodInserts: the collector rollout that sends page views a few rows at a time, from
// its eight new pods, until it is rolled back (the collectors back off once most of
// their requests fail, in insert).
func (c *hcLog) floodInserts() {
	tr := incident(hcFlood)
	c.g.arrivals(c.floodAt, c.floodFix, func(t time.Time) float64 {
		return 4.0 * rampUp(t, c.floodAt, 40*time.Second)
	}, func(t time.Time) {
		c.insert(c.pageViews, t, tr, pick(c.g, c.floodIPs), c.g.between(1, 40), 12)
	})
	c.g.arrivals(c.floodAt, c.floodFix, func(t time.Time) float64 {
		return 4.0 * rampUp(t, c.floodAt, 40*time.Second)
	}, func(t time.Time) {
		c.pageViews.today().add(&hcArrival{at: t, rows: c.g.between(1, 40), peer: true, tr: tr})
	})
}

// simulate runs a partition's parts through the log: the parts written (this replica's
// inserts, the other's fetched), the merges and mutations the background pool runs on
// them, the old parts removed.
func (c *hcLog) simulate(p *hcPartition) {
	slices.SortStableFunc(p.arr, func(a, b *hcArrival) int { return a.at.Compare(b.at) })
	var running []*hcTask
	tick := c.start.Add(c.ms(0, 6000))
	clean := c.start.Add(c.ms(0, 60_000))
	mutated, stopped := p.mutAt.IsZero(), false
	ai := 0
	for {
		next, kind, ri := c.end, 0, -1
		if ai < len(p.arr) && p.arr[ai].at.Before(next) {
			next, kind = p.arr[ai].at, 1
		}
		for i, r := range running {
			if r.end.Before(next) {
				next, kind, ri = r.end, 2, i
			}
		}
		if tick.Before(next) {
			next, kind = tick, 3
		}
		if !mutated && p.mutAt.Before(next) {
			next, kind = p.mutAt, 4
		}
		if !stopped && c.selfDown.Before(next) {
			next, kind = c.selfDown, 5
		}
		if kind == 0 {
			break
		}
		switch kind {
		case 1:
			c.arrive(p, p.arr[ai])
			ai++
		case 2:
			r := running[ri]
			running = slices.Delete(running, ri, ri+1)
			c.complete(p, r)
		case 3:
			if !p.snapAt.IsZero() && p.snap == nil && !tick.Before(p.snapAt) {
				for _, x := range p.parts {
					p.snap = append(p.snap, x.name(p.id))
				}
			}
			p.counts = append(p.counts, hcCount{tick, len(p.parts)})
			running = c.schedule(p, running, tick)
			if !tick.Before(clean) {
				c.cleanup(p, tick)
				clean = tick.Add(c.ms(40_000, 80_000))
			}
			tick = tick.Add(c.ms(5000, 7000))
		case 4:
			mutated = true
			if p.mutV == 0 {
				p.mutV = p.next
				p.next++
			}
			if p.onMutate != nil {
				p.onMutate(p.mutAt, p.mutV)
			}
		case 5: // the server stops: what ran is cancelled and runs again later
			stopped = true
			for _, r := range running {
				for _, s := range r.src {
					s.busy = false
				}
			}
			running = nil
		}
	}
	c.flushPull(p)
}

// entry is a new entry of the replication log at at; the replica's queue update pulls it
// a little later, with the entries that follow it closely.
func (c *hcLog) entry(p *hcPartition, at time.Time, tr truth) time.Time {
	t := p.t
	t.logN++
	if p.pending != nil && at.Before(p.pending.at) {
		p.pending.last = t.logN
		if tr.incident != "" || p.pending.tr.incident == "" && tr.change != "" {
			p.pending.tr = tr
		}
		return p.pending.at
	}
	c.flushPull(p)
	when := at.Add(c.ms(15, 160))
	if c.down(when) { // pulled when the server is back
		when = c.selfUp.Add(c.ms(1500, 4000))
		tr = c.upgrade.truth()
	}
	p.pending = &hcPull{at: when, first: t.logN, last: t.logN, tr: tr}
	return when
}

func (c *hcLog) flushPull(p *hcPartition) {
	if p.pending == nil {
		return
	}
	x, t := p.pending, p.t
	p.pending = nil
	n := x.last - x.first + 1
	tid := pick(c.g, c.proc(x.at).sched)
	c.log(x.tr, x.at, tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Pulling %d entries to queue: log-%010d - log-%010d", n, x.first, x.last))
	c.log(x.tr, x.at.Add(c.ms(1, 12)), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Pulled %d entries to queue.", n))
	t.pulled = x.last
}

func (c *hcLog) arrive(p *hcPartition, a *hcArrival) {
	if a.peer && p.t == c.pageViews && len(p.parts) >= 3000 {
		return // the other replica refuses it too
	}
	if !a.peer && a.write != nil && !a.write(a.at, len(p.parts)) {
		return
	}
	part := &hcPart{min: p.next, max: p.next, rows: a.rows, bytes: float64(a.rows) * p.t.bpr, born: a.at, tr: a.tr}
	p.next++
	p.parts = append(p.parts, part)
	if !p.t.replicated {
		return
	}
	pulled := c.entry(p, a.at, a.tr)
	if a.peer {
		c.fetch(p, part, a, pulled)
	}
}

// fetch: the other replica's part downloaded over the interserver port.
func (c *hcLog) fetch(p *hcPartition, part *hcPart, a *hcArrival, pulled time.Time) {
	t, tr := p.t, a.tr
	at := pulled.Add(c.ms(5, 400))
	name := part.name(p.id)
	src := "default:" + t.replicaPath(hcPeer)
	if a.at.After(c.peerDown.Add(-4*time.Second)) && a.at.Before(c.peerDown) {
		// The other replica stopped before the fetch: refused, and fetched once it is back.
		tr = c.upgrade.truth()
		at = c.peerDown.Add(c.ms(100, 2500))
		tid := pick(c.g, c.proc(at).fetch)
		url := fmt.Sprintf("http://%s-0.%s.clickhouse.svc.cluster.local:9009/?endpoint=DataPartsExchange%%3A%s&part=%s&client_protocol_version=8&compress=false",
			hcPeer, hcPeer, strings.ReplaceAll(t.replicaPath(hcPeer), "/", "%2F"), name)
		c.log(tr, at, tid, "", "Error", "ReadWriteBufferFromHTTP", fmt.Sprintf("Failed to make request to '%s'. Error: 'Connection refused'. Failed at try 1/1.", url))
		c.log(tr, at.Add(c.ms(0, 3)), tid, "", "Error", t.logger("")+": auto DB::StorageReplicatedMergeTree::processQueueEntry(ReplicatedMergeTreeQueue::SelectedEntryPtr)::(anonymous class)::operator()(LogEntryPtr &) const",
			fmt.Sprintf("Poco::Exception. Code: 1000, e.code() = 111, Connection refused (version %s (official build))", c.version(at)))
		at = c.peerUp.Add(c.ms(3000, 15_000))
	}
	if !a.at.Before(c.selfStop.Add(-time.Second)) && a.at.Before(c.selfUp) || c.down(at) {
		// Written while this server was down: fetched as it catches up.
		at = hcLater(at, c.selfUp.Add(c.ms(3000, 40_000)))
		if tr.incident == "" {
			tr = c.upgrade.truth()
		}
	}
	tid := pick(c.g, c.proc(at).fetch)
	c.log(tr, at, tid, "", "Debug", t.logger(""), fmt.Sprintf("Fetching part %s from %s", name, src))
	d := time.Duration(part.bytes/(c.g.lognormal(90, 0.4)*hcMiB)*float64(time.Second)) + c.ms(8, 60)
	c.log(tr, at.Add(d), tid, "", "Debug", t.logger(""), fmt.Sprintf("Fetched part %s from %s", name, src))
}

// mergeParams: how many merges a partition runs at once, of how many parts at most, and
// what a part adds to a merge's time. The flood's tiny parts leave the pool busy.
func (c *hcLog) mergeParams(p *hcPartition, at time.Time) (int, int, time.Duration) {
	if p.t == c.pageViews {
		if !at.Before(c.floodAt) && at.Before(c.floodFix) {
			return 2, 8, 400 * time.Millisecond
		}
		if len(p.parts) > 150 {
			return 4, 40, 120 * time.Millisecond
		}
	}
	if p.t == c.daily {
		return 2, 6, 0
	}
	return 2, 10, 25 * time.Millisecond
}

func (p *hcPartition) needsMutation(x *hcPart) bool {
	return p.mutV > 0 && x.max < p.mutV && x.mut < p.mutV
}

func (c *hcLog) schedule(p *hcPartition, running []*hcTask, at time.Time) []*hcTask {
	if c.down(at) || p.t.replicated && c.readonly(at) {
		return running
	}
	muts, merges := 0, 0
	for _, r := range running {
		if r.mutate {
			muts++
		} else {
			merges++
		}
	}
	if p.mutV > 0 && p.mutDone.IsZero() && !at.Before(p.mutAt) {
		pending := false
		for _, x := range p.parts {
			if !p.needsMutation(x) {
				continue
			}
			pending = true
			if !x.busy && muts < 1 {
				running = append(running, c.startMutation(p, x, at.Add(c.ms(5, 400))))
				muts++
			}
		}
		if !pending && muts == 0 {
			p.mutDone = at
		}
	}
	if p.noMerge {
		return running
	}
	conc, most, _ := c.mergeParams(p, at)
	for merges < conc {
		w := c.window(p, at, most)
		if w == nil {
			break
		}
		running = append(running, c.startMerge(p, w, at.Add(c.ms(2, 300))))
		merges++
	}
	return running
}

// window picks the parts of the next merge: neighbours not in another merge, of similar
// sizes (none more than 60% of the whole), the most of them, at least four unless they
// have waited a while.
func (c *hcLog) window(p *hcPartition, at time.Time, most int) []*hcPart {
	var best []*hcPart
	bestSum := 0.0
	for i := 0; i < len(p.parts); i++ {
		sum, big := 0.0, 0.0
		newest := time.Time{}
		for j := i; j < len(p.parts) && j-i < most; j++ {
			x := p.parts[j]
			if x.busy || p.needsMutation(x) {
				break
			}
			sum += x.bytes
			big = max(big, x.bytes)
			if x.born.After(newest) {
				newest = x.born
			}
			n := j - i + 1
			if n < 2 {
				continue
			}
			ok := n >= 3 && big <= 0.6*sum && (n >= 4 || at.Sub(newest) > 30*time.Second) ||
				n == 2 && big <= 0.7*sum && at.Sub(newest) > 60*time.Second
			if ok && (n > len(best) || n == len(best) && sum < bestSum) {
				best, bestSum = p.parts[i:j+1], sum
			}
		}
	}
	return slices.Clone(best)
}

// mergeTruth: a merge of the flood's table while it lasts is the flood's; one of a
// backfilled partition, the backfill's while it runs.
func (c *hcLog) mergeTruth(p *hcPartition, src []*hcPart, at time.Time) truth {
	if p.t == c.pageViews && !at.Before(c.floodAt) && (c.floodEnd.IsZero() || at.Before(c.floodEnd)) {
		return incident(hcFlood)
	}
	if p.t == c.daily && at.Before(c.backfillEnd) {
		return c.backfill.truth()
	}
	return routine
}

func (c *hcLog) startMerge(p *hcPartition, src []*hcPart, at time.Time) *hcTask {
	t := p.t
	_, _, per := c.mergeParams(p, at)
	out := &hcPart{min: src[0].min, max: src[len(src)-1].max}
	for _, s := range src {
		s.busy = true
		out.level = max(out.level, s.level+1)
		out.mut = max(out.mut, s.mut)
		out.rows += s.rows
		out.bytes += s.bytes
	}
	tr := c.mergeTruth(p, src, at)
	first, last, name := src[0].name(p.id), src[len(src)-1].name(p.id), out.name(p.id)
	here := !t.replicated || c.g.chance(0.5)
	if here {
		c.log(tr, at, pick(c.g, c.proc(at).sched), "", "Debug", t.logger("MergerMutator"), fmt.Sprintf("Selected %d parts from %s to %s", len(src), first, last))
	}
	if t.replicated {
		pulled := c.entry(p, at, tr)
		if !here { // the other replica chose it: this one learns of it from the log
			at = pulled.Add(c.ms(2, 60))
		}
	}
	r := &hcTask{src: src, out: out, start: at.Add(c.ms(3, 60)), tid: pick(c.g, c.proc(at).merge), qid: t.uuid + "::" + name, tr: tr}
	kind := "Compact"
	if out.bytes >= 10*hcMiB {
		kind = "Wide"
	}
	algo := "Horizontal"
	if kind == "Wide" && out.rows >= 131072 && t.cols >= 11 {
		algo = "Vertical"
	}
	c.log(tr, r.start, r.tid, r.qid, "Debug", "MergeTask::PrepareStage", fmt.Sprintf("Merging %d parts: from %s to %s into %s with storage Full", len(src), first, last, kind))
	c.log(tr, r.start.Add(c.ms(0, 3)), r.tid, r.qid, "Debug", "MergeTask::PrepareStage", "Selected MergeAlgorithm: "+algo)
	rate := c.g.lognormal(1.6e6, 0.35)
	if algo == "Vertical" {
		rate = c.g.lognormal(0.9e6, 0.3)
	}
	r.end = r.start.Add(time.Duration(float64(out.rows)/rate*float64(time.Second)) + time.Duration(len(src))*per + c.ms(10, 80))
	return r
}

func (c *hcLog) startMutation(p *hcPartition, x *hcPart, at time.Time) *hcTask {
	t := p.t
	x.busy = true
	out := *x
	out.busy, out.mut = false, p.mutV
	tr := c.alter.truth()
	old, name := x.name(p.id), out.name(p.id)
	c.entry(p, at, tr)
	r := &hcTask{src: []*hcPart{x}, out: &out, start: at.Add(c.ms(20, 300)), tid: pick(c.g, c.proc(at).merge), qid: t.uuid + "::" + name, tr: tr, mutate: true}
	c.log(tr, r.start, r.tid, r.qid, "Debug", "MutateFromLogEntryTask", fmt.Sprintf("Executing log entry to mutate part %s to %s", old, name))
	c.log(tr, r.start.Add(c.ms(1, 8)), r.tid, r.qid, "Debug", "MutateTask", fmt.Sprintf("Mutating part %s to mutation version %d", old, p.mutV))
	r.end = r.start.Add(time.Duration(float64(x.rows)/c.g.lognormal(1.4e6, 0.25)*float64(time.Second)) + c.ms(50, 400))
	return r
}

// complete: a merge or mutation done, the new part in place of the old; or failed (the
// memory taken, the Keeper session lost), its parts left to the next one.
func (c *hcLog) complete(p *hcPartition, r *hcTask) {
	t := p.t
	name := r.out.name(p.id)
	var fail, ftr string
	var where []string
	switch {
	case t.replicated && c.readonly(r.end):
		ftr = hcKeeper
		fail = fmt.Sprintf("Code: 999. Coordination::Exception: Coordination error: Connection loss, path %s/queue/queue-%010d. (KEEPER_EXCEPTION)", t.replicaPath(hcReplica), t.logN-int64(c.g.between(0, 40)))
		where = hcJoin(hcZKStack[:3], []string{"Coordination::ZooKeeper::pushRequest(Coordination::ZooKeeper::RequestInfo&&)",
			"Coordination::ZooKeeper::multi(std::vector<std::shared_ptr<Coordination::Request>, std::allocator<std::shared_ptr<Coordination::Request>>> const&, std::function<void (Coordination::MultiResponse const&)>)",
			"zkutil::ZooKeeper::multiImpl(std::vector<std::shared_ptr<Coordination::Request>, std::allocator<std::shared_ptr<Coordination::Request>>> const&, std::vector<std::shared_ptr<Coordination::Response>, std::allocator<std::shared_ptr<Coordination::Response>>>&, bool)",
			"zkutil::ZooKeeper::tryMulti(std::vector<std::shared_ptr<Coordination::Request>, std::allocator<std::shared_ptr<Coordination::Request>>> const&, std::vector<std::shared_ptr<Coordination::Response>, std::allocator<std::shared_ptr<Coordination::Response>>>&, bool)",
			"DB::StorageReplicatedMergeTree::checkPartChecksumsAndCommit(DB::MergeTreeData::Transaction&, std::shared_ptr<DB::IMergeTreeDataPart> const&, std::optional<DB::HardlinkedFiles>, bool)",
			"DB::MergeFromLogEntryTask::finalize(std::function<void (DB::ReplicatedMergeMutateTaskBase::PartLogWriter const&)>)",
			"DB::ReplicatedMergeMutateTaskBase::executeImpl()", "DB::ReplicatedMergeMutateTaskBase::executeStep()"}, hcPoolStack)
	case c.memStress(r.end) && c.g.chance(0.3):
		ftr = hcRunaway
		col := pick(c.g, []string{"referrer", "event_properties", "user_agent", "landing_path", "utm_campaign"})
		fail = fmt.Sprintf("Code: 241. DB::Exception: Memory limit (total) exceeded: would use %.2f GiB (attempt to allocate chunk of %d bytes), maximum: 28.00 GiB. OvercommitTracker decision: Memory overcommit isn't used. Waiting time or overcommit denominator are set to zero.: (while reading column %s): (while reading from part /var/lib/clickhouse/store/%s/%s/%s/ in table %s (%s) located on disk default of type local, from mark 0 with max_rows_to_read = 8192): While executing MergeTreeSequentialSource. (MEMORY_LIMIT_EXCEEDED)",
			28.0+float64(c.g.between(1, 3))/100, c.g.between(1<<20, 6<<20), col, t.uuid[:3], t.uuid, r.src[0].name(p.id), t.full(), t.uuid)
		where = hcJoin(hcExcFmt, hcMemStack[:3], []string{"DB::ColumnString::reserve(unsigned long)",
			"DB::SerializationString::deserializeBinaryBulk(DB::IColumn&, DB::ReadBuffer&, unsigned long, double) const",
			"DB::MergeTreeReaderWide::readData(DB::NameAndTypePair const&, std::shared_ptr<DB::ISerialization const> const&, COW<DB::IColumn>::immutable_ptr<DB::IColumn>&, unsigned long, bool, unsigned long, unsigned long, std::unordered_map<String, COW<DB::IColumn>::immutable_ptr<DB::IColumn>, std::hash<String>, std::equal_to<String>, std::allocator<std::pair<String const, COW<DB::IColumn>::immutable_ptr<DB::IColumn>>>>&, bool)",
			"DB::MergeTreeSequentialSource::generate()", "DB::ISource::tryGenerate()", "DB::ISource::work()",
			"DB::ExecutionThreadContext::executeTask()", "DB::PipelineExecutor::executeStepImpl(unsigned long, std::atomic<bool>*)",
			"DB::PullingPipelineExecutor::pull(DB::Chunk&)", "DB::MergeTask::ExecuteAndFinalizeHorizontalPart::executeImpl()",
			"DB::MergeTask::ExecuteAndFinalizeHorizontalPart::execute()", "DB::MergeTask::execute()",
			"DB::ReplicatedMergeMutateTaskBase::executeStep()"}, hcPoolStack)
	}
	if fail != "" {
		tr := incident(ftr)
		frames := c.tail(r.end, c.frames(r.end, where...))
		if t.replicated {
			task := "MergeFromLogEntryTask"
			if r.mutate {
				task = "MutateFromLogEntryTask"
			}
			c.log(tr, r.end, r.tid, r.qid, "Error", fmt.Sprintf("%s::%s (%s)", t.uuid, name, task), "virtual bool DB::ReplicatedMergeMutateTaskBase::executeStep(): "+fail+", "+hcTrace, frames...)
		}
		c.log(tr, r.end.Add(c.ms(0, 2)), r.tid, "", "Error", "MergeTreeBackgroundExecutor", fmt.Sprintf("Exception while executing background task {%s::%s}: %s, %s", t.uuid, name, fail, hcTrace), frames...)
		for _, s := range r.src {
			s.busy = false
		}
		return
	}
	if r.mutate {
		c.log(r.tr, r.end, r.tid, r.qid, "Debug", t.logger(""), fmt.Sprintf("Renaming temporary part tmp_mut_%s to %s with tid (1, 1, 00000000-0000-0000-0000-000000000000).", name, name))
	} else {
		sec := r.end.Sub(r.start).Seconds()
		merged, gathered := t.cols, 0
		if r.out.rows >= 131072 && r.out.bytes >= 10*hcMiB && t.cols >= 11 {
			merged, gathered = t.keyCols+1, t.cols-t.keyCols-1
		}
		c.log(r.tr, r.end, r.tid, r.qid, "Debug", "MergeTask::MergeProjectionsStage", fmt.Sprintf("Merge sorted %d rows, containing %d columns (%d merged, %d gathered) in %s sec., %s rows/sec., %s/sec.",
			r.out.rows, t.cols, merged, gathered, hcFloat(math.Round(sec*1e9)/1e9), hcFloat(float64(r.out.rows)/sec), hcSize(float64(r.out.rows)*t.raw/sec)))
		c.log(r.tr, r.end.Add(c.ms(0, 4)), r.tid, r.qid, "Debug", t.logger("MergerMutator"), fmt.Sprintf("Merged %d parts: [%s, %s] -> %s", len(r.src), r.src[0].name(p.id), r.src[len(r.src)-1].name(p.id), name))
	}
	i := slices.Index(p.parts, r.src[0])
	if i < 0 {
		panic("families: clickhouse merged parts it does not have")
	}
	r.out.born, r.out.tr = r.end, routine
	p.parts = slices.Replace(p.parts, i, i+len(r.src), r.out)
	for _, s := range r.src {
		p.retired = append(p.retired, hcRetired{s.name(p.id), r.end})
	}
	if t == c.pageViews && c.floodEnd.IsZero() && r.end.After(c.floodFix) && len(p.parts) < 200 {
		c.floodEnd = r.end
	}
}

// cleanup removes the parts merges replaced once they are eight minutes old.
func (c *hcLog) cleanup(p *hcPartition, at time.Time) {
	if c.down(at) || p.t.replicated && c.readonly(at) {
		return
	}
	var old []string
	keep := p.retired[:0]
	for _, r := range p.retired {
		if at.Sub(r.at) > 8*time.Minute {
			old = append(old, r.name)
		} else {
			keep = append(keep, r)
		}
	}
	p.retired = keep
	tr := routine
	if p.t == c.pageViews && len(old) > 100 && !at.Before(c.floodAt) && (c.floodEnd.IsZero() || at.Before(c.floodEnd.Add(9*time.Minute))) {
		tr = incident(hcFlood)
	}
	tid := pick(c.g, c.proc(at).sched)
	for len(old) > 0 {
		n := min(len(old), 100)
		how := "serially"
		if n >= 40 {
			how = "concurrently"
		}
		if p.t.replicated {
			c.log(tr, at, tid, "", "Debug", p.t.logger(""), fmt.Sprintf("Removed %d old parts from ZooKeeper. Removing them from filesystem.", n))
		}
		c.log(tr, at.Add(c.ms(1, 20)), tid, "", "Debug", p.t.logger(""), fmt.Sprintf("Removing %d parts from filesystem (%s): Parts: [%s]", n, how, strings.Join(old[:n], ", ")))
		old = old[n:]
		at = at.Add(c.ms(20, 200))
	}
}

// alterColumn: the migration's two DDL tasks; the mutation itself runs in the partitions'
// simulation, its Created mutation line written there.
func (c *hcLog) alterColumn() {
	tr := c.alter.truth()
	t := c.alter.start
	task := c.g.between(4100, 4200)
	p := c.proc(t)
	ddl := func(at time.Time, n int, onCluster, local string) (time.Time, *hcQuery) {
		c.log(tr, at, p.ddl, "", "Debug", "DDLWorker", fmt.Sprintf("Processing task query-%010d (%s)", n, onCluster))
		at = at.Add(c.ms(2, 20))
		c.log(tr, at, p.ddl, "", "Debug", "DDLWorker", "Executing query: "+local)
		q := &hcQuery{tid: p.ddl, qid: c.g.uuid(), addr: hcDDL, user: "migrations", in: c.g.uuid(), stage: "Complete",
			text: fmt.Sprintf("/* ddl_entry=query-%010d */ %s", n, local)}
		c.begin(tr, at.Add(c.ms(1, 5)), q)
		return at.Add(c.ms(5, 30)), q
	}
	const add = "ADD COLUMN IF NOT EXISTS device_class LowCardinality(String) DEFAULT '' AFTER device_type"
	at, q := ddl(t, task, "ALTER TABLE analytics.events_local ON CLUSTER prod "+add, "ALTER TABLE analytics.events_local "+add)
	ver := c.g.between(9, 16)
	c.log(tr, at, q.tid, q.qid, "Debug", c.events.logger(""), "Updated shared metadata nodes in ZooKeeper. Waiting for replicas to apply changes.")
	bg := pick(c.g, p.sched)
	c.log(tr, at.Add(c.ms(20, 200)), bg, "", "Information", c.events.logger(""), "Metadata changed in ZooKeeper. Applying changes locally.")
	c.log(tr, at.Add(c.ms(200, 400)), bg, "", "Information", c.events.logger(""), fmt.Sprintf("Applied changes to the metadata of the table. Current metadata version: %d", ver))
	c.log(tr, at.Add(c.ms(400, 500)), q.tid, q.qid, "Debug", c.events.logger(""), "Waiting for "+hcPeer+" to apply changes")
	at = at.Add(c.ms(900, 2500))
	c.done(tr, at, q, 0, 0, at.Sub(c.alter.start), float64(c.g.between(800, 1500))*1024)
	c.log(tr, at.Add(c.ms(1, 4)), p.ddl, "", "Debug", "DDLWorker", "Executed query: ALTER TABLE analytics.events_local "+add)
	// The Distributed table on top of it.
	at, q = ddl(at.Add(c.ms(300, 1500)), task+1, "ALTER TABLE analytics.events ON CLUSTER prod "+add, "ALTER TABLE analytics.events "+add)
	c.done(tr, at.Add(c.ms(5, 20)), q, 0, 0, c.ms(8, 30), float64(c.g.between(200, 600))*1024)
	c.log(tr, at.Add(c.ms(25, 40)), p.ddl, "", "Debug", "DDLWorker", "Executed query: ALTER TABLE analytics.events "+add)

	// Two minutes later the backfill of the column: a mutation of every partition.
	at = at.Add(2*time.Minute + c.ms(0, 40_000))
	at, q = ddl(at, task+2, "ALTER TABLE analytics.events_local ON CLUSTER prod MATERIALIZE COLUMN device_class", "ALTER TABLE analytics.events_local MATERIALIZE COLUMN device_class")
	c.mutAt = at
	mut := c.g.between(25, 40)
	var versions []string
	for _, p := range c.events.parts {
		p.mutAt = at.Add(c.ms(300, 900))
		if p.noMerge {
			p.mutV = p.next
			versions = append(versions, fmt.Sprintf("%s: %d", p.id, p.mutV))
		}
	}
	c.events.today().onMutate = func(when time.Time, v int64) {
		all := append(slices.Clone(versions), fmt.Sprintf("%s: %d", c.events.today().id, v))
		c.log(tr, at.Add(c.ms(20, 200)), q.tid, q.qid, "Information", c.events.logger(""), fmt.Sprintf("Created mutation with ID %010d (data versions: %s)", mut, strings.Join(all, ", ")))
		c.done(tr, at.Add(c.ms(250, 400)), q, 0, 0, c.ms(250, 400), float64(c.g.between(300, 900))*1024)
		c.log(tr, at.Add(c.ms(420, 450)), p.ddl, "", "Debug", "DDLWorker", "Executed query: ALTER TABLE analytics.events_local MATERIALIZE COLUMN device_class")
		c.log(tr, when, pick(c.g, c.proc(when).sched), "", "Debug", c.events.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Adding mutation %010d for %d partitions (data versions: %s)", mut, len(all), strings.Join(all, ", ")))
	}
	c.alterMut = mut
}

// mutationDone: the mutation is done when the last partition has no part left to
// mutate; the change ends there.
func (c *hcLog) mutationDone() {
	last := c.mutAt
	for _, p := range c.events.parts {
		if p.mutDone.IsZero() {
			p.mutDone = c.end
		}
		last = hcLater(last, p.mutDone)
	}
	c.alterDone = last.Add(c.ms(50, 900))
	c.log(c.alter.truth(), c.alterDone, pick(c.g, c.proc(c.alterDone).sched), "", "Information", c.events.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Mutation %010d is done", c.alterMut))
}

// hcLater is the later of two times.
func hcLater(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// blockAt is about the block number a partition had reached at t.
func (c *hcLog) blockAt(p *hcPartition, t time.Time) int64 {
	f := t.Sub(c.start).Seconds() / c.end.Sub(c.start).Seconds()
	return p.first + int64(float64(p.next-p.first)*f)
}

// backfillJob: the nightly job rebuilding the daily rollup of the past seven days, a day
// at a time: the partition dropped, then an INSERT ... SELECT over the day's events.
func (c *hcLog) backfillJob() {
	tr := c.backfill.truth()
	t := c.backfill.start
	const cols = "toDate(event_time) AS day, event_type, country, device_type, app_version, count() AS events, uniqState(user_id) AS users, uniqState(session_id) AS sessions, sumState(revenue) AS revenue"
	for i, p := range c.daily.parts {
		ds := c.start.AddDate(0, 0, i-len(c.daily.parts)).Format("2006-01-02")
		q := c.httpQuery(t, c.airflowIP, "etl", fmt.Sprintf("ALTER TABLE analytics.events_daily_local DROP PARTITION '%s'", ds))
		c.begin(tr, t, q)
		took := c.ms(40, 400)
		c.done(tr, t.Add(took), q, 0, 0, took, float64(c.g.between(200, 800))*1024)
		t = t.Add(took + c.ms(400, 2000))
		q = c.httpQuery(t, c.airflowIP, "etl", fmt.Sprintf("INSERT INTO analytics.events_daily_local SELECT %s FROM analytics.events WHERE event_date = '%s' GROUP BY day, event_type, country, device_type, app_version", cols, ds))
		c.begin(tr, t, q)
		d := c.secs(285, 0.1)
		peak := c.g.normal(5.3, 0.5)
		for gib := 1; float64(gib) < peak; gib++ {
			c.log(tr, t.Add(time.Duration(float64(d)*0.8*float64(gib)/peak)), q.tid, q.qid, "Debug", "MemoryTracker", fmt.Sprintf("Current memory usage (for query): %d.00 GiB.", gib))
		}
		rows := c.g.between(9_000_000, 14_000_000)
		w := t.Add(d * 84 / 100)
		for left := rows; left > 0; {
			n := min(left, 1048576)
			left -= n
			p.add(&hcArrival{at: w, rows: n, tr: tr, write: func(at time.Time, _ int) bool {
				c.log(tr, at, q.tid, q.qid, "Debug", c.daily.logger("Replicated OutputStream"), fmt.Sprintf("Wrote block with ID '%s', %d rows", c.blockID(p.id), n))
				return true
			}})
			w = w.Add(c.ms(500, 1400))
		}
		end := hcLater(w, t.Add(d))
		read := c.g.between(1_050_000_000, 1_400_000_000)
		c.done(tr, end, q, read, float64(read)*c.g.normal(31, 1.5), end.Sub(t), peak*hcGiB)
		t = end.Add(c.ms(1000, 4000))
	}
	c.backfillEnd = t.Add(4 * time.Minute)
}

// hcShape is a dashboard's query: its text as the client sends it and as the other
// shard receives it, and what it usually reads.
type hcShape struct {
	text                 func(c *hcLog, t time.Time) (string, string)
	rows, bpr, dur, peak float64 // medians: rows, bytes a row, seconds, MiB
	tbl                  string  // the local table it reads
}

// hcGrafanaRange is a panel's time range, as the plugin writes $__timeFilter.
func hcGrafanaRange(t time.Time, d time.Duration) (int64, int64) {
	to := t.Truncate(time.Second).Unix()
	return to - int64(d.Seconds()), to
}

var hcGrafana = []hcShape{
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcGrafanaRange(t, time.Hour)
		return fmt.Sprintf("SELECT toStartOfMinute(event_time) AS t, event_type, count() AS c FROM analytics.events WHERE event_time >= toDateTime(%d) AND event_time <= toDateTime(%d) GROUP BY t, event_type ORDER BY t", a, b),
			fmt.Sprintf("SELECT toStartOfMinute(`event_time`) AS `t`, `event_type`, count() AS `c` FROM `analytics`.`events_local` WHERE (`event_time` >= toDateTime(%d)) AND (`event_time` <= toDateTime(%d)) GROUP BY `t`, `event_type` ORDER BY `t` ASC", a, b)
	}, 2.6e7, 9, 0.32, 96, "events_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		return "SELECT uniq(user_id) FROM analytics.events WHERE event_time >= now() - INTERVAL 15 MINUTE",
			"SELECT uniq(`user_id`) FROM `analytics`.`events_local` WHERE `event_time` >= (now() - toIntervalMinute(15))"
	}, 6.5e6, 16, 0.11, 38, "events_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcGrafanaRange(t, 6*time.Hour)
		return fmt.Sprintf("SELECT toStartOfFiveMinutes(ts) AS t, quantiles(0.5, 0.9, 0.99)(load_time_ms) FROM analytics.page_views WHERE ts >= toDateTime(%d) AND ts <= toDateTime(%d) GROUP BY t ORDER BY t", a, b),
			fmt.Sprintf("SELECT toStartOfFiveMinutes(`ts`) AS `t`, quantiles(0.5, 0.9, 0.99)(`load_time_ms`) FROM `analytics`.`page_views_local` WHERE (`ts` >= toDateTime(%d)) AND (`ts` <= toDateTime(%d)) GROUP BY `t` ORDER BY `t` ASC", a, b)
	}, 4.1e6, 8, 0.19, 54, "page_views_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcGrafanaRange(t, time.Hour)
		return fmt.Sprintf("SELECT path, count() AS views FROM analytics.page_views WHERE ts >= toDateTime(%d) AND ts <= toDateTime(%d) GROUP BY path ORDER BY views DESC LIMIT 20", a, b),
			fmt.Sprintf("SELECT `path`, count() AS `views` FROM `analytics`.`page_views_local` WHERE (`ts` >= toDateTime(%d)) AND (`ts` <= toDateTime(%d)) GROUP BY `path` ORDER BY `views` DESC LIMIT 20", a, b)
	}, 7.2e5, 64, 0.09, 44, "page_views_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, _ := hcGrafanaRange(t, 7*24*time.Hour)
		return fmt.Sprintf("SELECT hour, sum(events) AS events, uniqMerge(users) AS users FROM analytics.events_hourly WHERE hour >= toDateTime(%d) GROUP BY hour ORDER BY hour", a),
			fmt.Sprintf("SELECT `hour`, sum(`events`) AS `events`, uniqMerge(`users`) AS `users` FROM `analytics`.`events_hourly_local` WHERE `hour` >= toDateTime(%d) GROUP BY `hour` ORDER BY `hour` ASC", a)
	}, 1.6e5, 420, 0.07, 61, "events_hourly_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcGrafanaRange(t, 24*time.Hour)
		return fmt.Sprintf("SELECT country, count() AS sessions, avg(duration_s) AS avg_duration FROM analytics.sessions FINAL WHERE session_start >= toDateTime(%d) AND session_start <= toDateTime(%d) GROUP BY country ORDER BY sessions DESC LIMIT 15", a, b),
			fmt.Sprintf("SELECT `country`, count() AS `sessions`, avg(`duration_s`) AS `avg_duration` FROM `analytics`.`sessions_local` FINAL WHERE (`session_start` >= toDateTime(%d)) AND (`session_start` <= toDateTime(%d)) GROUP BY `country` ORDER BY `sessions` DESC LIMIT 15", a, b)
	}, 2.4e6, 24, 0.28, 130, "sessions_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcGrafanaRange(t, 3*time.Hour)
		return fmt.Sprintf("SELECT app_version, countIf(event_type = 'error') AS errors, count() AS events FROM analytics.events WHERE event_time >= toDateTime(%d) AND event_time <= toDateTime(%d) GROUP BY app_version ORDER BY errors DESC LIMIT 10", a, b),
			fmt.Sprintf("SELECT `app_version`, countIf(`event_type` = 'error') AS `errors`, count() AS `events` FROM `analytics`.`events_local` WHERE (`event_time` >= toDateTime(%d)) AND (`event_time` <= toDateTime(%d)) GROUP BY `app_version` ORDER BY `errors` DESC LIMIT 10", a, b)
	}, 7.8e7, 11, 0.41, 72, "events_local"},
}

// hcDevice is the panel the new column brought.
var hcDevice = hcShape{func(c *hcLog, t time.Time) (string, string) {
	a, b := hcGrafanaRange(t, time.Hour)
	return fmt.Sprintf("SELECT device_class, uniq(user_id) AS users FROM analytics.events WHERE event_time >= toDateTime(%d) AND event_time <= toDateTime(%d) GROUP BY device_class ORDER BY users DESC", a, b),
		fmt.Sprintf("SELECT `device_class`, uniq(`user_id`) AS `users` FROM `analytics`.`events_local` WHERE (`event_time` >= toDateTime(%d)) AND (`event_time` <= toDateTime(%d)) GROUP BY `device_class` ORDER BY `users` DESC", a, b)
}, 2.6e7, 17, 0.24, 58, "events_local"}

// hcDays is a Superset time range: whole days before t.
func hcDays(t time.Time, n int) (string, string) {
	to := t.Truncate(24 * time.Hour)
	return to.AddDate(0, 0, -n).Format("2006-01-02 15:04:05"), to.Format("2006-01-02 15:04:05")
}

var hcSuperset = []hcShape{
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcDays(t, pick(c.g, []int{1, 7, 28}))
		return fmt.Sprintf("SELECT utm_source AS utm_source, count(DISTINCT session_id) AS sessions FROM analytics.sessions WHERE session_start >= toDateTime('%s') AND session_start < toDateTime('%s') GROUP BY utm_source ORDER BY sessions DESC LIMIT 100", a, b), ""
	}, 3.1e7, 22, 0.9, 310, "sessions_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, b := hcDays(t, pick(c.g, []int{7, 28}))
		return fmt.Sprintf("SELECT toDate(event_time) AS __timestamp, count() AS count FROM analytics.events WHERE event_time >= toDateTime('%s') AND event_time < toDateTime('%s') GROUP BY toDate(event_time) ORDER BY count DESC LIMIT 10000", a, b), ""
	}, 2.1e8, 4, 1.4, 18, "events_local"},
	{func(c *hcLog, t time.Time) (string, string) {
		a, _ := hcDays(t, 30)
		return fmt.Sprintf("SELECT country AS country, sum(events) AS events FROM analytics.events_daily WHERE day >= toDate('%s') GROUP BY country ORDER BY events DESC LIMIT 50", a[:10]), ""
	}, 3.9e6, 20, 0.15, 26, "events_daily_local"},
}

// query runs one dashboard query: its start, then its end or, while the runaway
// queries hold the memory, sometimes its failure.
func (c *hcLog) query(at time.Time, q *hcQuery, s hcShape, secondary bool) {
	init, second := s.text(c, at)
	q.text = init
	rows := c.g.lognormal(s.rows, 0.3)
	if secondary {
		q.text, rows = second, rows/2
	}
	c.begin(routine, at, q)
	local := rows / 2
	if secondary {
		local = rows
	}
	c.reads(routine, at.Add(c.ms(1, 15)), q, s.tbl, local)
	took := c.secs(s.dur, 0.45)
	if c.memStress(at) {
		took *= 2
	}
	end := at.Add(took)
	if c.memStress(end) && c.g.chance(0.22) {
		c.fail(incident(hcRunaway), end, q, 241, c.totalMem(1<<20, 64<<20)+": While executing AggregatingTransform", "MEMORY_LIMIT_EXCEEDED",
			hcJoin(hcExcFmt, hcMemStack, hcAggStack, hcPipeStack))
		return
	}
	c.done(routine, end, q, int(rows), rows*s.bpr, took, c.g.lognormal(s.peak, 0.4)*hcMiB)
}

// reads writes what the read of the local table logs: the parts and marks the primary
// key selects, the streams reading them.
func (c *hcLog) reads(tr truth, at time.Time, q *hcQuery, name string, rows float64) {
	var t *hcTable
	for _, x := range c.tables {
		if x.name == name {
			t = x
		}
	}
	if t == nil {
		return
	}
	total := 0
	for _, p := range t.parts {
		total += p.activeAt(at)
	}
	total += c.g.between(0, 12)
	n := min(total, t.today().activeAt(at)+c.g.between(0, 4))
	if len(t.parts) > 1 && rows > 1e8 {
		n = total
	}
	marks := max(int(rows/8192)+1, n)
	all := marks + c.g.between(0, marks/3+1)
	lg := fmt.Sprintf("%s.%s (%s) (SelectExecutor)", t.db, t.name, t.uuid)
	c.log(tr, at, q.tid, q.qid, "Debug", lg, fmt.Sprintf("Selected %d/%d parts by partition key, %d parts by primary key, %d/%d marks by primary key, %d marks to read from %d ranges",
		n, total, n, marks, all, marks, n+c.g.between(0, n)))
	streams := min(16, max(1, marks/24))
	c.log(tr, at.Add(c.ms(0, 2)), q.tid, q.qid, "Debug", lg, fmt.Sprintf("Reading approx. %d rows with %d streams", int(rows), streams))
}

// dashboards: Grafana dashboards refreshing their panels (native protocol, through the
// Distributed tables), Superset charts and SQL Lab (HTTP).
func (c *hcLog) dashboards() {
	serving := func(rate float64) func(time.Time) float64 {
		return func(t time.Time) float64 {
			if c.down(t) {
				return 0
			}
			return rate * c.load(t)
		}
	}
	c.g.arrivals(c.start, c.end, serving(0.14), func(t time.Time) {
		panels := hcGrafana
		if !c.alterDone.IsZero() && t.After(c.alterDone) {
			panels = append(slices.Clone(hcGrafana), hcDevice)
		}
		ip := pick(c.g, c.grafanaIPs)
		tids := c.g.rng.Perm(len(c.proc(t).tcp)) // the plugin's connections, one a panel
		for n := c.g.between(4, 8); n > 0; n-- {
			at := t.Add(c.ms(0, 1500))
			q := c.tcpQuery(at, ip, "grafana", "")
			q.tid = c.proc(at).tcp[tids[n]]
			c.query(at, q, pick(c.g, panels), false)
		}
	})
	c.g.arrivals(c.start, c.end, serving(0.12), func(t time.Time) {
		c.query(t, c.httpQuery(t, pick(c.g, c.supersetIPs), "superset", ""), pick(c.g, hcSuperset), false)
	})
	c.g.arrivals(c.start, c.end, serving(1.0/70), func(t time.Time) {
		s := hcShape{func(c *hcLog, t time.Time) (string, string) {
			a, b := hcDays(t, pick(c.g, []int{3, 7, 14}))
			return pick(c.g, []string{
				fmt.Sprintf("SELECT referrer_domain, count() AS c FROM analytics.events WHERE event_time >= '%s' AND event_time < '%s' AND event_type = 'signup' GROUP BY referrer_domain ORDER BY c DESC LIMIT 50", a, b),
				fmt.Sprintf("SELECT country, quantile(0.95)(load_time_ms) FROM analytics.page_views WHERE ts BETWEEN '%s' AND '%s' GROUP BY country ORDER BY 2 DESC", a, b),
				fmt.Sprintf("SELECT count() FROM analytics.sessions WHERE session_start >= '%s' AND pages > 20", a),
			}), ""
		}, 4.2e8, 14, 3.5, 900, "events_local"}
		c.query(t, c.httpQuery(t, pick(c.g, c.sqlLabIPs), pick(c.g, hcAnalysts), ""), s, false)
	})
}

var hcAnalysts = []string{"a.moreau", "j.tanaka", "s.okafor", "m.lindqvist"}

// secondaryQueries: the other shard's replicas' distributed queries, their part for this
// shard.
func (c *hcLog) secondaryQueries() {
	c.g.arrivals(c.start, c.end, func(t time.Time) float64 {
		if c.down(t) {
			return 0
		}
		return 0.55 * c.load(t)
	}, func(t time.Time) {
		q := c.tcpQuery(t, pick(c.g, c.shardIPs), "default", "")
		q.in, q.stage = c.g.uuid(), "WithMergeableState"
		s := pick(c.g, hcGrafana)
		if !c.alterDone.IsZero() && t.After(c.alterDone) && c.g.chance(0.12) {
			s = hcDevice
		}
		c.query(t, q, s, true)
	})
}

var hcSyntax = []struct{ query, token, expected string }{
	{"SELECT country, count() FORM analytics.sessions GROUP BY country", "FORM",
		"token, Comma, AS, FROM, PREWHERE, WHERE, GROUP BY, WITH, HAVING, WINDOW, QUALIFY, ORDER BY, LIMIT, OFFSET, FETCH, SETTINGS, UNION, EXCEPT, INTERSECT, INTO OUTFILE, FORMAT, ParallelWithClause, end of query"},
	{"SELECT event_type, count( FROM analytics.events WHERE event_date = today() GROUP BY event_type", "FROM",
		"DISTINCT, ALL, ')', expression, list of elements"},
	{"SELEC path, count() FROM analytics.page_views GROUP BY path", "SELEC",
		"Query, Query with output, EXPLAIN, EXPLAIN, SELECT query, possibly with UNION, list of union elements, SELECT query, subquery, possibly with UNION, SELECT subquery, SELECT query, WITH, FROM, SELECT, SHOW CREATE QUOTA query, SHOW CREATE, SHOW [FULL] [TEMPORARY] TABLES|DATABASES|CLUSTERS|CLUSTER|MERGES 'name' [[NOT] [I]LIKE 'str'] [LIMIT expr], SHOW"},
	{"SELECT user_id, count() FROM analytics.events WHERE event_date = today() GROUP BY user_id ORDER BY count() DESC LIMT 20", "LIMT",
		"token, Comma, Arrow, DESC, DESCENDING, ASC, ASCENDING, NULLS, COLLATE, WITH FILL, INTERPOLATE, LIMIT, OFFSET, FETCH, SETTINGS, UNION, EXCEPT, INTERSECT, INTO OUTFILE, FORMAT, ParallelWithClause, end of query"},
}

// userErrors: what goes wrong every day on a shared analytics server.
func (c *hcLog) userErrors() {
	every := func(period float64, fn func(time.Time)) {
		c.g.arrivals(c.start, c.end, func(t time.Time) float64 {
			if c.down(t) {
				return 0
			}
			return 1 / period
		}, fn)
	}
	parse := []string{hcExc, "DB::Exception::createDeprecated(String const&, int, bool)",
		"DB::parseQueryAndMovePosition(DB::IParser&, char const*&, char const*, String const&, bool, unsigned long, unsigned long, unsigned long)",
		"DB::executeQueryImpl(char const*, char const*, std::shared_ptr<DB::Context>, DB::QueryFlags, DB::QueryProcessingStage::Enum, DB::ReadBuffer*)",
		"DB::executeQuery(DB::ReadBuffer&, DB::WriteBuffer&, bool, std::shared_ptr<DB::Context>, std::function<void (DB::QueryResultDetails const&)>, DB::QueryFlags, std::optional<DB::FormatSettings> const&, std::function<void (DB::IOutputFormat&)>)"}
	// SQL Lab syntax errors.
	every(420, func(t time.Time) {
		s := pick(c.g, hcSyntax)
		q := c.httpQuery(t, pick(c.g, c.sqlLabIPs), pick(c.g, hcAnalysts), s.query)
		pos := strings.Index(s.query, s.token)
		c.fail(routine, t, q, 62, fmt.Sprintf("Syntax error: failed at position %d ('%s') (line 1, col %d): %s. Expected one of: %s", pos+1, s.token, pos+1, s.query[pos:], s.expected), "SYNTAX_ERROR", parse)
	})
	// A saved Superset chart still asking for a column renamed last month.
	every(540, func(t time.Time) {
		a, b := hcDays(t, 7)
		text := fmt.Sprintf("SELECT utm_campain AS utm_campain, count() AS count FROM analytics.sessions WHERE session_start >= toDateTime('%s') AND session_start < toDateTime('%s') GROUP BY utm_campain ORDER BY count DESC LIMIT 100", a, b)
		q := c.httpQuery(t, pick(c.g, c.supersetIPs), "superset", text)
		c.begin(routine, t, q)
		c.fail(routine, t.Add(c.ms(1, 6)), q, 47, fmt.Sprintf("Missing columns: 'utm_campain' while processing query: 'SELECT utm_campain AS utm_campain, count() AS count FROM analytics.sessions WHERE (session_start >= toDateTime('%s')) AND (session_start < toDateTime('%s')) GROUP BY utm_campain ORDER BY count DESC LIMIT 100', required columns: 'utm_campain' 'session_start', maybe you meant: 'utm_campaign'", a, b), "UNKNOWN_IDENTIFIER",
			hcJoin(hcExcFmt, []string{"DB::TreeRewriterResult::collectUsedColumns(std::shared_ptr<DB::IAST> const&, bool, bool)",
				"DB::TreeRewriter::analyzeSelect(std::shared_ptr<DB::IAST>&, DB::TreeRewriterResult&&, DB::SelectQueryOptions const&, std::vector<DB::TableWithColumnNamesAndTypes, std::allocator<DB::TableWithColumnNamesAndTypes>> const&, std::vector<String, std::allocator<String>> const&, std::shared_ptr<DB::TableJoin>) const",
				"DB::InterpreterSelectQuery::InterpreterSelectQuery(std::shared_ptr<DB::IAST> const&, std::shared_ptr<DB::Context> const&, std::optional<DB::Pipe>, std::shared_ptr<DB::IStorage> const&, DB::SelectQueryOptions const&, std::vector<String, std::allocator<String>> const&, std::shared_ptr<DB::StorageInMemoryMetadata const> const&, std::shared_ptr<DB::PreparedSets>)::$_0::operator()(bool) const",
				"DB::InterpreterSelectWithUnionQuery::buildCurrentChildInterpreter(std::shared_ptr<DB::IAST> const&, std::vector<String, std::allocator<String>> const&)",
				"DB::InterpreterFactory::get(std::shared_ptr<DB::IAST>&, std::shared_ptr<DB::Context>, DB::SelectQueryOptions const&)"}, parse[3:]))
	})
	// Grafana cancelling a panel's query when the dashboard refreshes.
	every(200, func(t time.Time) {
		s := pick(c.g, hcGrafana)
		q := c.tcpQuery(t, pick(c.g, c.grafanaIPs), "grafana", "")
		q.text, _ = s.text(c, t)
		c.begin(routine, t, q)
		end := t.Add(c.secs(0.6, 0.4))
		c.log(routine, end, q.tid, q.qid, "Information", "TCPHandler", "Query was cancelled.")
		c.log(routine, end.Add(c.ms(1, 5)), q.tid, q.qid, "Error", "executeQuery", fmt.Sprintf("%s (version %s (official build)) (from %s) (in query: %s)", hcCoded(394, "Query was cancelled", "QUERY_WAS_CANCELLED"), c.version(end), q.addr, q.text))
		c.log(routine, end.Add(c.ms(5, 9)), q.tid, q.qid, "Debug", "MemoryTracker", "Peak memory usage (for query): "+hcSize(c.g.lognormal(s.peak, 0.4)*hcMiB)+".")
	})
	// A Superset dashboard with many charts opened at once.
	every(1700, func(t time.Time) {
		for n := c.g.between(2, 4); n > 0; n-- {
			at := t.Add(c.ms(0, 900))
			q := c.httpQuery(at, pick(c.g, c.supersetIPs), "superset", "")
			q.text, _ = pick(c.g, hcSuperset).text(c, at)
			c.fail(routine, at, q, 202, "Too many simultaneous queries for user superset. Current: 12, maximum: 12", "TOO_MANY_SIMULTANEOUS_QUERIES",
				hcJoin(hcExcFmt, []string{"DB::ProcessList::insert(String const&, DB::IAST const*, std::shared_ptr<DB::Context const>, unsigned long)"}, parse[3:]))
		}
	})
	// An analyst's query over months of events, stopped at the 60 s limit.
	every(1500, func(t time.Time) {
		text := fmt.Sprintf("SELECT user_id, groupArray(event_type) AS path FROM analytics.events WHERE event_date >= '%s' GROUP BY user_id HAVING length(path) > 50 ORDER BY length(path) DESC LIMIT 100", t.AddDate(0, -3, 0).Format("2006-01-02"))
		q := c.httpQuery(t, pick(c.g, c.sqlLabIPs), pick(c.g, hcAnalysts), text)
		c.begin(routine, t, q)
		end := t.Add(60*time.Second + c.ms(0, 40))
		c.fail(routine, end, q, 159, fmt.Sprintf("Timeout exceeded: elapsed %s seconds, maximum: 60: While executing MergeTreeSelect(pool: ReadPool, algorithm: Thread)", hcFloat(60+float64(c.g.between(100, 40000))/1e6)), "TIMEOUT_EXCEEDED",
			hcJoin(hcExcFmt, []string{"DB::ExecutionSpeedLimits::checkTimeLimit(Stopwatch const&, DB::OverflowMode) const",
				"DB::ReadProgressCallback::onProgress(unsigned long, unsigned long, std::list<DB::StorageLimits, std::allocator<DB::StorageLimits>> const&)",
				"DB::ISource::work()"}, hcPipeStack))
	})
	// A client gone before its result was sent.
	every(1300, func(t time.Time) {
		tid := pick(c.g, c.proc(t).tcp)
		c.log(routine, t, tid, "", "Error", "ServerErrorHandler", fmt.Sprintf("Code: 210. DB::NetException: I/O error: Broken pipe, while writing to socket (%s -> %s). (NETWORK_ERROR), %s", hcAddr(c.myIP, 9000), hcAddr(pick(c.g, c.grafanaIPs), c.port()), hcTrace),
			c.tail(t, c.frames(t, hcJoin(hcExcFmt, []string{"DB::NetException::NetException<String, String, String>(int, FormatStringHelperImpl<std::type_identity<String>::type, std::type_identity<String>::type, std::type_identity<String>::type>, String&&, String&&, String&&)",
				"DB::WriteBufferFromPocoSocket::nextImpl()", "DB::TCPHandler::sendData(DB::Block const&)",
				"DB::TCPHandler::processOrdinaryQueryWithProcessors()"}, hcTCPStack)...))...)
	})
	// librdkafka's idle connections to brokers this consumer reads nothing from.
	every(600, func(t time.Time) {
		b := c.g.intn(3)
		host := fmt.Sprintf("kafka-%d.kafka-headless.kafka.svc.cluster.local:9092/%d", b, b)
		c.log(routine, t, c.proc(t).kafka+20+b, "", "Error", "StorageKafka (events_queue)", fmt.Sprintf("[rdk:FAIL] [thrd:%s]: %s: Disconnected (after %dms in state UP)", host, host, c.g.between(600_000, 600_400)))
	})
	// A Vector batch retried after a timeout, found already written.
	every(330, func(t time.Time) {
		tb := pick(c.g, []*hcTable{c.pageViews, c.sessions})
		p := tb.today()
		q := c.httpQuery(t, pick(c.g, c.vectorIPs), "vector", fmt.Sprintf("INSERT INTO \"%s\".\"%s\" FORMAT JSONEachRow", tb.db, tb.name))
		c.begin(routine, t, q)
		b := c.blockAt(p, t) - int64(c.g.between(3, 60))
		c.log(routine, t.Add(c.ms(5, 40)), q.tid, q.qid, "Information", tb.logger("Replicated OutputStream"), fmt.Sprintf("Block with ID %s already exists locally as part %s_%d_%d_0; ignoring it.", c.blockID(p.id), p.id, b, b))
		rows := c.g.between(400, 4000)
		took := c.ms(40, 90)
		c.done(routine, t.Add(took), q, rows, float64(rows)*tb.raw, took, float64(c.g.between(3, 9))*hcMiB)
	})
	// A connection to the other shard that timed out, retried on its other replica.
	every(1500, func(t time.Time) {
		q := c.tcpQuery(t, pick(c.g, c.grafanaIPs), "grafana", "")
		s := pick(c.g, hcGrafana)
		q.text, _ = s.text(c, t)
		c.begin(routine, t, q)
		c.log(routine, t.Add(1*time.Second+c.ms(0, 5)), q.tid, q.qid, "Warning", "ConnectionPoolWithFailover", fmt.Sprintf("Connection failed at try №1, reason: Code: 209. DB::NetException: Timeout: connect timed out: %s:9000 (chi-analytics-prod-1-1:9000, 1000 ms). (SOCKET_TIMEOUT) (version %s (official build))", c.shardIPs[1], c.version(t)))
		took := time.Second + c.secs(s.dur, 0.4)
		rows := c.g.lognormal(s.rows, 0.3)
		c.done(routine, t.Add(took), q, int(rows), rows*s.bpr, took, c.g.lognormal(s.peak, 0.4)*hcMiB)
	})
}

// periodic: the DNS cache update every 15 s.
func (c *hcLog) periodic() {
	c.g.every(c.start.Add(c.ms(0, 15_000)), c.end, 15*time.Second, 20*time.Millisecond, func(t time.Time) {
		tid := c.proc(t).dns
		c.log(routine, t, tid, "", "Debug", "DNSResolver", "Updating DNS cache")
		c.log(routine, t.Add(c.ms(0, 3)), tid, "", "Debug", "DNSResolver", "Updated DNS cache")
	})
}

const hcRunawaySQL = "SELECT referrer_domain, landing_path, uniqExact(user_id) AS users, uniqExact(session_id) AS sessions, groupUniqArray(utm_campaign) AS campaigns FROM analytics.events WHERE event_date >= today() - 90 GROUP BY referrer_domain, landing_path ORDER BY users DESC LIMIT 50"

const hcRunawayLocal = "SELECT `referrer_domain`, `landing_path`, uniqExact(`user_id`) AS `users`, uniqExact(`session_id`) AS `sessions`, groupUniqArray(`utm_campaign`) AS `campaigns` FROM `analytics`.`events_local` WHERE `event_date` >= (today() - 90) GROUP BY `referrer_domain`, `landing_path` ORDER BY `users` DESC LIMIT 50"

// runaway: the edited panel, refreshed every 30 s by a few viewers here and on the other
// shard, climbing to the memory limits until an administrator kills its queries.
func (c *hcLog) runaway() {
	tr := incident(hcRunaway)
	var killed []*hcQuery
	run := func(at time.Time, q *hcQuery) {
		c.begin(tr, at, q)
		c.reads(tr, at.Add(c.ms(2, 20)), q, "events_local", c.g.lognormal(2.9e9, 0.05))
		step := c.ms(1100, 1700)
		t := at
		limit := 9
		if c.memStress(at) && c.g.chance(0.35) {
			limit = c.g.between(3, 8) // the server's memory runs out first
		}
		for gib := 1; gib <= limit; gib++ {
			t = t.Add(step + c.ms(0, 300))
			if !t.Before(c.memKill) {
				killed = append(killed, q)
				return
			}
			c.log(tr, t, q.tid, q.qid, "Debug", "MemoryTracker", fmt.Sprintf("Current memory usage (for query): %d.00 GiB.", gib))
		}
		t = t.Add(c.ms(200, 1200))
		if !t.Before(c.memKill) {
			killed = append(killed, q)
			return
		}
		msg := fmt.Sprintf("Memory limit (for query) exceeded: would use %.2f GiB (attempt to allocate chunk of %d bytes), maximum: 9.31 GiB.: While executing AggregatingTransform", 9.31+float64(c.g.between(0, 25))/100, c.g.between(64<<20, 256<<20))
		if limit < 9 {
			msg = c.totalMem(64<<20, 256<<20) + ": While executing AggregatingTransform"
		}
		c.fail(tr, t, q, 241, msg, "MEMORY_LIMIT_EXCEEDED", hcJoin(hcExcFmt, hcMemStack, hcAggStack, hcPipeStack))
	}
	viewers := c.g.between(3, 5)
	for v := 0; v < viewers; v++ {
		ip := pick(c.g, c.grafanaIPs)
		for t := c.memAt.Add(time.Duration(v) * c.ms(15_000, 60_000)); t.Before(c.memKill); t = t.Add(30*time.Second + c.ms(0, 900)) {
			q := c.tcpQuery(t, ip, "grafana", hcRunawaySQL)
			run(t, q)
		}
	}
	// The same panel on the other shard's replicas: their part of it runs here.
	for t := c.memAt.Add(c.ms(20_000, 50_000)); t.Before(c.memKill); t = t.Add(c.ms(9000, 16_000)) {
		q := c.tcpQuery(t, pick(c.g, c.shardIPs), "default", hcRunawayLocal)
		q.in, q.stage = c.g.uuid(), "WithMergeableState"
		run(t, q)
	}
	// The administrator kills the panel's queries; its owner reverts it.
	q := c.tcpQuery(c.memKill, c.adminIP, "admin", "KILL QUERY WHERE user = 'grafana' AND query LIKE '%groupUniqArray(utm_campaign)%' SYNC")
	at := c.memKill.Add(-c.ms(5, 30))
	c.begin(tr, at, q)
	for _, k := range killed {
		w := c.memKill.Add(c.ms(10, 900))
		c.log(tr, w, k.tid, k.qid, "Information", "TCPHandler", "Query was cancelled.")
		c.log(tr, w.Add(c.ms(1, 5)), k.tid, k.qid, "Error", "executeQuery", fmt.Sprintf("%s (version %s (official build)) (from %s) (in query: %s)", hcCoded(394, "Query was cancelled", "QUERY_WAS_CANCELLED"), c.version(w), k.addr, k.text))
		c.log(tr, w.Add(c.ms(5, 9)), k.tid, k.qid, "Debug", "MemoryTracker", fmt.Sprintf("Peak memory usage (for query): %.2f GiB.", c.g.normal(5, 1.5)))
	}
	end := c.memKill.Add(c.ms(950, 1400))
	c.done(tr, end, q, len(killed)+3, float64(len(killed)+3)*1200, end.Sub(at), float64(c.g.between(40, 200))*1024)
}

// keeperOutage: the Keeper session lost with the quorum, the tables read-only until a
// session can be made again, then activated.
func (c *hcLog) keeperOutage() {
	tr := incident(hcKeeper)
	p := c.proc(c.kpAt)
	lost := c.keeper[1]
	c.log(tr, c.kpAt, p.zk, "", "Information", "ZooKeeperClient", fmt.Sprintf("Finalizing session %d. finalization_started: false, queue_finished: false, reason: 'Exception in receiveThread: Code: 210. DB::NetException: Connection reset by peer, while reading from socket (peer: %s:9181, local: %s:%d). (NETWORK_ERROR) (version %s (official build))'",
		c.session, lost, c.myIP, c.port(), c.version(c.kpAt)))
	var replicated []*hcTable
	for _, t := range c.tables {
		if t.replicated {
			replicated = append(replicated, t)
		}
	}
	sched := func(at time.Time, t *hcTable, where string, code int, msg, name string, frames []string) {
		c.log(tr, at, pick(c.g, p.sched), "", "Error", t.logger(""), fmt.Sprintf("void DB::StorageReplicatedMergeTree::%s(): %s, %s", where, hcCoded(code, msg, name), hcTrace), c.tail(at, c.frames(at, frames...))...)
	}
	readonlyFrames := hcJoin(hcExcStr, []string{"DB::StorageReplicatedMergeTree::assertNotReadonly() const", "DB::StorageReplicatedMergeTree::mergeSelectingTask()"}, hcSchedStack)
	handshake := func(at time.Time) []string {
		v := c.version(at)
		return []string{
			fmt.Sprintf("Code: 999. Coordination::Exception: Keeper server rejected the connection during the handshake. Possibly it's overloaded, doesn't see leader or stale: while receiving handshake from ZooKeeper. (KEEPER_EXCEPTION) (version %s (official build)), %s:9181", v, c.keeper[0]),
			fmt.Sprintf("Code: 209. DB::NetException: Timeout: connect timed out: %s:9181. (SOCKET_TIMEOUT) (version %s (official build)), %s:9181", lost, v, lost),
			fmt.Sprintf("Poco::Exception. Code: 1000, e.code() = 111, Connection refused (version %s (official build)), %s:9181", v, c.keeper[2]),
		}
	}
	nodes := fmt.Sprintf("%s:9181, %s:9181, %s:9181", c.keeper[0], c.keeper[1], c.keeper[2])
	for _, t := range replicated {
		at := c.kpAt.Add(c.ms(1, 600))
		c.log(tr, at, pick(c.g, p.sched), "", "Error", t.logger(""), fmt.Sprintf("void DB::StorageReplicatedMergeTree::queueUpdatingTask(): Code: 999. Coordination::Exception: Coordination error: Connection loss, path %s/log. (KEEPER_EXCEPTION), %s", t.zk(), hcTrace),
			c.tail(at, c.frames(at, hcJoin(hcZKStack, []string{"DB::ReplicatedMergeTreeQueue::pullLogsToQueue(std::shared_ptr<zkutil::ZooKeeper>, std::function<void (Coordination::WatchResponse const&)>, DB::ReplicatedMergeTreeQueue::PullLogsReason)",
				"DB::StorageReplicatedMergeTree::queueUpdatingTask()"}, hcSchedStack)...))...)
		at = at.Add(c.ms(5, 900))
		sched(at, t, "mutationsUpdatingTask", 999, "Session expired", "KEEPER_EXCEPTION", hcJoin(hcZKStack, []string{"DB::ReplicatedMergeTreeQueue::updateMutations(std::shared_ptr<zkutil::ZooKeeper>, std::shared_ptr<std::function<void (Coordination::WatchResponse const&)>>)",
			"DB::StorageReplicatedMergeTree::mutationsUpdatingTask()"}, hcSchedStack))
		// The restarting thread tries for a new session every few seconds, then less often.
		rt := t.bg("ReplicatedMergeTreeRestartingThread")
		at = c.kpAt.Add(c.ms(500, 3000))
		c.log(tr, at, pick(c.g, p.sched), "", "Warning", rt, "ZooKeeper session has expired. Switching to a new session.")
		for i := 0; at.Before(c.kpBack); i++ {
			at = at.Add(c.ms(3000, 4000))
			if !at.Before(c.kpBack) {
				break
			}
			c.log(tr, at, pick(c.g, p.sched), "", "Error", rt, "Couldn't start replication (table will be in readonly mode): Code: 999. Coordination::Exception: All connection tries failed while connecting to ZooKeeper. nodes: "+nodes,
				append(handshake(at), fmt.Sprintf(". (KEEPER_EXCEPTION) (version %s (official build))", c.version(at)))...)
			at = at.Add(time.Duration(min(30, 5<<min(i, 3))) * time.Second)
		}
		// Merges cannot be assigned meanwhile.
		for at := c.kpAt.Add(c.ms(4000, 9000)); at.Before(c.kpBack); at = at.Add(c.ms(20_000, 40_000)) {
			c.log(tr, at, pick(c.g, p.sched), "", "Error", t.logger(""), fmt.Sprintf("void DB::StorageReplicatedMergeTree::mergeSelectingTask(): %s, %s",
				hcCoded(242, fmt.Sprintf("Table is in readonly mode (replica path: %s)", t.replicaPath(hcReplica)), "TABLE_IS_READ_ONLY"), hcTrace), c.tail(at, c.frames(at, readonlyFrames...))...)
		}
	}
	for at := c.kpAt.Add(c.ms(800, 2000)); at.Before(c.kpBack); at = at.Add(c.ms(25_000, 35_000)) {
		c.log(tr, at, p.ddl, "", "Error", "DDLWorker", fmt.Sprintf("ZooKeeper error: Code: 999. Coordination::Exception: Session expired. (KEEPER_EXCEPTION) (version %s (official build)). Failed to start DDLWorker.", c.version(at)))
	}
	// The quorum is back: a new session, the tables activated.
	at := c.kpBack
	c.session += c.g.between(40, 400)
	zt := pick(c.g, p.sched)
	c.log(tr, at, zt, "", "Information", "ZooKeeperClient", fmt.Sprintf("Connected to ZooKeeper at %s:9181 with session_id %d", c.keeper[0], c.session))
	for i, f := range []string{"FILTERED_LIST: enabled", "MULTI_READ: enabled", "CHECK_NOT_EXISTS: enabled", "CREATE_IF_NOT_EXISTS: disabled"} {
		c.log(tr, at.Add(time.Duration(i+1)*c.ms(0, 1)), zt, "", "Information", "ZooKeeperClient", "Keeper feature flag "+f)
	}
	for _, t := range replicated {
		w := at.Add(c.ms(20, 700))
		tid := pick(c.g, p.sched)
		c.log(tr, w, tid, "", "Warning", t.bg("ReplicatedMergeTreeRestartingThread"), "Table was in readonly mode. Will try to activate it.")
		c.log(tr, w.Add(c.ms(2, 20)), tid, "", "Debug", t.bg("ReplicatedMergeTreeRestartingThread"), "Activating replica.")
		c.log(tr, w.Add(c.ms(20, 40)), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), "Loading queue from "+t.replicaPath(hcReplica)+"/queue")
		n := c.g.between(0, 6)
		c.log(tr, w.Add(c.ms(40, 80)), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Having %d queue entries to load, 0 entries already loaded.", n))
		c.log(tr, w.Add(c.ms(80, 120)), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), "Loaded queue")
	}
	c.log(tr, at.Add(c.ms(3000, 6000)), p.ddl, "", "Information", "DDLWorker", "Initialized DDLWorker thread")
}

// oneOff: a single LOGICAL_ERROR in sessions_local's replication queue.
func (c *hcLog) oneOff() {
	tr := incident(hcLogical)
	p := c.sessions.today()
	a := c.blockAt(p, c.oneAt) - int64(c.g.between(5, 30))
	for _, n := range p.snap {
		if strings.HasSuffix(n, "_0") {
			var x, y int64
			if _, err := fmt.Sscanf(strings.TrimPrefix(n, p.id+"_"), "%d_%d_0", &x, &y); err == nil && x == y {
				a = x
			}
		}
	}
	at := c.oneAt
	msg := hcCoded(49, fmt.Sprintf("Part %s_%d_%d_0 is covered by %s_%d_%d_1 but should be merged into %s_%d_%d_1. This shouldn't happen often.", p.id, a, a, p.id, a-3, a+2, p.id, a, a+2), "LOGICAL_ERROR")
	c.log(tr, at, pick(c.g, c.proc(at).merge), "", "Error", c.sessions.logger(""), "auto DB::StorageReplicatedMergeTree::processQueueEntry(ReplicatedMergeTreeQueue::SelectedEntryPtr)::(anonymous class)::operator()(LogEntryPtr &) const: "+msg+", "+hcTrace,
		c.tail(at, c.frames(at, hcJoin(hcExcFmt, []string{"DB::Exception::Exception<String, String, String>(int, FormatStringHelperImpl<std::type_identity<String>::type, std::type_identity<String>::type, std::type_identity<String>::type>, String&&, String&&, String&&)",
			"DB::StorageReplicatedMergeTree::executeLogEntry(DB::ReplicatedMergeTreeLogEntry&)",
			"DB::StorageReplicatedMergeTree::processQueueEntry(std::shared_ptr<DB::ReplicatedMergeTreeQueue::SelectedEntry>)::$_0::operator()(std::shared_ptr<DB::ReplicatedMergeTreeLogEntry>&) const",
			"DB::ReplicatedMergeTreeQueue::processEntry(std::function<std::shared_ptr<zkutil::ZooKeeper> ()>, std::shared_ptr<DB::ReplicatedMergeTreeLogEntry>&, std::function<bool (std::shared_ptr<DB::ReplicatedMergeTreeLogEntry>&)>)",
			"DB::StorageReplicatedMergeTree::processQueueEntry(std::shared_ptr<DB::ReplicatedMergeTreeQueue::SelectedEntry>)",
			"DB::ExecutableLambdaAdapter::executeStep()"}, hcPoolStack)...))...)
}

// heavyMetrics: the asynchronous metrics' heavy pass, slow with thousands of parts to
// count during the flood, and now and then otherwise.
func (c *hcLog) heavyMetrics() {
	for t := c.start.Add(c.ms(0, 120_000)); t.Before(c.end); t = t.Add(120*time.Second + c.ms(0, 30)) {
		if c.down(t) {
			continue
		}
		el, tr := 0.0, routine
		switch {
		case !t.Before(c.floodAt.Add(3*time.Minute)) && !c.floodEnd.IsZero() && t.Before(c.floodEnd):
			el, tr = c.g.lognormal(0.8, 0.25), incident(hcFlood)
		case c.g.chance(0.06):
			el = c.g.lognormal(0.6, 0.1)
		}
		if el > 0.5 {
			c.log(tr, t, pick(c.g, c.proc(t).sched), "", "Information", "AsynchronousMetrics", fmt.Sprintf("Update heavy metrics. Update period 1 sec. Update heavy metrics period 120 sec. Heavy metrics calculation elapsed: %s sec.", hcFloat(math.Round(el*1e9)/1e9)))
		}
	}
}

// restart: this server's part of the rolling upgrade, its shutdown and its startup.
func (c *hcLog) restart() {
	tr := c.upgrade.truth()
	old, nw := c.procs[0], c.procs[1]
	at := c.selfStop
	step := func(lo, hi int) time.Time {
		at = at.Add(c.ms(lo, hi))
		return at
	}
	c.raw(tr, at, old.main+40, "", "Information", "Application", "Received termination signal (Terminated)")
	c.raw(tr, step(0, 2), old.main, "", "Debug", "Application", "Received termination signal.")
	c.raw(tr, step(0, 2), old.main, "", "Debug", "Application", "Waiting for current connections to close.")
	c.raw(tr, step(5, 40), old.main, "", "Information", "Application", fmt.Sprintf("Closed all listening sockets. Waiting for %d outstanding connections.", c.g.between(3, 9)))
	c.raw(tr, step(1000, 2500), old.main, "", "Information", "Application", "Closed connections.")
	c.raw(tr, step(1, 5), old.main, "", "Information", "Application", "Shutting down storages.")
	c.raw(tr, step(5, 40), pick(c.g, old.sched), "", "Information", "ZooKeeperClient", fmt.Sprintf("Finalizing session %d. finalization_started: false, queue_finished: false, reason: 'Destructor called'", c.session))
	c.raw(tr, step(20, 200), old.main, "", "Debug", "Application", "Shut down storages.")
	c.raw(tr, step(1, 5), old.main, "", "Debug", "Application", "Destroyed global context.")
	c.raw(tr, step(1, 5), old.main, "", "Information", "Application", "Waiting for background threads")
	took := c.ms(200, 900)
	c.raw(tr, step(200, 900), old.main, "", "Information", "Application", fmt.Sprintf("Background threads finished in %d ms", took.Milliseconds()))
	c.raw(tr, step(1, 5), old.main, "", "Information", "Application", "shutting down")
	c.raw(tr, step(0, 1), old.main, "", "Debug", "Application", "Uninitializing subsystem: Logging Subsystem")
	c.raw(tr, step(0, 1), old.main+40, "", "Information", "BaseDaemon", "Stop SignalListener thread")

	// The new container.
	at = c.selfUp.Add(-c.ms(5000, 6000))
	m := nw.main
	c.raw(tr, at, m, "", "Information", "SentryWriter", "Sending crash reports is disabled")
	c.raw(tr, step(20, 60), m, "", "Information", "Application", fmt.Sprintf("Starting ClickHouse %s (revision: 54484, git hash: %s, build id: %s), PID 1", hcNew, c.g.hex(40), strings.ToUpper(c.g.hex(40))))
	for _, l := range []string{"starting up", "OS name: Linux, version: 5.15.0-1061-aws, architecture: x86_64",
		"Available RAM: 31.11 GiB; physical cores: 8; logical cores: 16.",
		"Available CPU instruction sets: SSE, SSE2, SSE3, SSSE3, SSE41, SSE42, F16C, POPCNT, BMI1, BMI2, PCLMUL, AES, AVX, FMA, AVX2, AVX512F, AVX512DQ, AVX512CD, AVX512BW, AVX512VL, SHA, ADX, RDRAND, RDSEED, RDTSCP, CLFLUSHOPT, CLWB, XSAVE, OSXSAVE"} {
		c.raw(tr, step(0, 3), m, "", "Information", "Application", l)
	}
	for _, l := range []string{"rlimit on number of file descriptors is 1048576", "Initializing DateLUT.", "Initialized DateLUT with time zone 'UTC'.",
		"Setting up /var/lib/clickhouse/tmp/ to store temporary data in it", "Initializing interserver credentials."} {
		c.raw(tr, step(0, 30), m, "", "Debug", "Application", l)
	}
	c.raw(tr, step(5, 40), m, "", "Debug", "ConfigReloader", "Loading config '/etc/clickhouse-server/config.xml'")
	c.raw(tr, step(5, 40), m, "", "Debug", "ConfigReloader", "Loaded config '/etc/clickhouse-server/config.xml', performing update on configuration")
	for _, l := range []string{"Setting max_server_memory_usage was set to 28.00 GiB (31.11 GiB available * 0.90 max_server_memory_usage_to_ram_ratio)",
		"Setting merges_mutations_memory_usage_soft_limit was set to 15.56 GiB (31.11 GiB available * 0.50 merges_mutations_memory_usage_to_ram_ratio)",
		"Merges and mutations memory limit is set to 15.56 GiB"} {
		c.raw(tr, step(0, 3), m, "", "Information", "Application", l)
	}
	for _, l := range []string{"BgBufSchPool: Create BackgroundSchedulePool with 16 threads", "BgSchPool: Create BackgroundSchedulePool with 512 threads",
		"BgMBSchPool: Create BackgroundSchedulePool with 16 threads", "BgDistSchPool: Create BackgroundSchedulePool with 16 threads"} {
		pool, msg, _ := strings.Cut(l, ": ")
		c.raw(tr, step(1, 20), m, "", "Information", "BackgroundSchedulePool/"+pool, msg)
	}
	c.raw(tr, step(1, 10), m, "", "Information", "CertificateReloader", "One of paths is empty. Cannot apply new configuration for certificates. Fill all paths and try again.")
	c.raw(tr, step(1, 10), m, "", "Warning", "Context", "Delay accounting is not enabled, OSIOWaitMicroseconds will not be gathered. You can enable it using `echo 1 > /proc/sys/kernel/task_delayacct` or by using sysctl.")
	for _, l := range []string{"merges and mutations with num_threads=16, num_tasks=32, scheduling_policy=round_robin", "move operations with num_threads=8, num_tasks=8",
		"fetches with num_threads=16, num_tasks=16", "common operations (e.g. clearing old parts) with num_threads=8, num_tasks=8"} {
		c.raw(tr, step(0, 4), m, "", "Information", "Context", "Initialized background executor for "+l)
	}
	c.raw(tr, step(1, 10), m, "", "Information", "DNSCacheUpdater", "Update period 15 seconds")
	c.raw(tr, step(1, 10), m, "", "Information", "Application", "Loading metadata from /var/lib/clickhouse/")
	c.session += c.g.between(300, 3000)
	c.raw(tr, step(10, 60), m, "", "Information", "ZooKeeperClient", fmt.Sprintf("Connected to ZooKeeper at %s:9181 with session_id %d", pick(c.g, c.keeper), c.session))
	for _, f := range []string{"FILTERED_LIST: enabled", "MULTI_READ: enabled", "CHECK_NOT_EXISTS: enabled", "CREATE_IF_NOT_EXISTS: disabled"} {
		c.raw(tr, step(0, 2), m, "", "Information", "ZooKeeperClient", "Keeper feature flag "+f)
	}
	c.raw(tr, step(5, 40), m, "", "Information", "DatabaseAtomic (system)", fmt.Sprintf("Metadata processed, database system has %d tables and 0 dictionaries in total.", len(c.system)))
	c.raw(tr, step(1, 10), m, "", "Information", "DatabaseAtomic (analytics)", "Metadata processed, database analytics has 14 tables and 0 dictionaries in total.")
	c.raw(tr, step(1, 10), m, "", "Information", "TablesLoader", fmt.Sprintf("Parsed metadata of %d tables in 3 databases in %s sec", 14+len(c.system)+1, hcFloat(float64(c.g.between(2000, 9000))/1e6)))
	for _, t := range c.tables {
		tid := pick(c.g, nw.sched)
		n := 0
		for _, p := range t.parts {
			n += len(p.parts)
		}
		n = max(n, 1) + c.g.between(0, 8)
		c.raw(tr, step(1, 30), tid, "", "Debug", t.logger(""), "Loading data parts")
		c.raw(tr, step(20, 600), tid, "", "Debug", t.logger(""), fmt.Sprintf("Loaded data parts (%d items)", n))
		if o := c.g.between(0, 40); o > 0 {
			c.raw(tr, step(0, 3), tid, "", "Debug", t.logger(""), fmt.Sprintf("Loading %d outdated data parts asynchronously", o))
		}
	}
	for _, t := range c.tables {
		if !t.replicated {
			continue
		}
		tid := pick(c.g, nw.sched)
		c.raw(tr, step(5, 60), tid, "", "Debug", t.bg("ReplicatedMergeTreeRestartingThread"), "Activating replica.")
		c.raw(tr, step(2, 20), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), "Loading queue from "+t.replicaPath(hcReplica)+"/queue")
		c.raw(tr, step(5, 30), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), fmt.Sprintf("Having %d queue entries to load, 0 entries already loaded.", c.g.between(0, 12)))
		c.raw(tr, step(5, 40), tid, "", "Debug", t.bg("ReplicatedMergeTreeQueue"), "Loaded queue")
	}
	c.raw(tr, step(1, 20), m, "", "Information", "DatabaseCatalog", "Found 0 partially dropped tables. Will load them and retry removal.")
	c.raw(tr, step(1, 20), m, "", "Information", "Application", "Tasks stats provider: procfs")
	for _, l := range []string{"http://[::]:8123", "native protocol (tcp): [::]:9000", "replica communication (interserver): http://[::]:9009",
		"MySQL compatibility protocol: [::]:9004", "PostgreSQL compatibility protocol: [::]:9005", "Prometheus: http://[::]:9363"} {
		c.raw(tr, step(0, 3), m, "", "Information", "Application", "Listening for "+l)
	}
	c.raw(tr, hcLater(step(1, 10), c.selfUp), m, "", "Information", "Application", "Ready for connections.")
}
