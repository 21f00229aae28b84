package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// kafka is broker 2 of events-prod, an Apache Kafka 3.7 cluster in KRaft mode on
// Kubernetes (Strimzi-like: three brokers, node ids 1-3, and three dedicated controllers,
// node ids 100-102, each pool in its own StatefulSet), writing server.log to stdout in
// Kafka's default log4j layout, every logger to the one appender: `[2024-06-11
// 08:00:03,517] INFO [GroupCoordinator 2]: Preparing to rebalance group ... (kafka.
// coordinator.group.GroupCoordinator)`, i.e. `[%d] %p %m (%c)`, the exception of an error
// on the lines below it as Java prints it ("\tat ..." frames, "Caused by:"), and the log
// cleaner's statistics as the multi-line block it writes. Every topic has three replicas,
// so this broker holds a replica of every partition (about 800): it leads a third of them
// and follows brokers 1 and 3 for the others with four replica fetchers each. Its data
// volume is /var/lib/kafka/data-0/kafka-log2; segments are deleted a minute after they
// leave the log (file.delete.delay.ms) and retention is checked every 5 minutes.
//
// Normal traffic, 12-16 lines a second: about twenty business topics (orders, payments,
// inventory-events, clickstream and clickstream-enriched at some 30 MB/s, logs.app, CDC
// topics of Debezium...), the internal topics of five Kafka Streams apps (repartition
// topics with 50 MB segments rolled every minute or two on the busiest, purged through
// DeleteRecords every 30 s: "Incremented log start offset ... due to ClientRecordDeletion"
// where this broker leads, "due to LeaderOffsetIncremented" where it follows, and their
// segments deleted past the log start offset at each retention check; compacted
// changelogs), Kafka Connect's topics, __consumer_offsets and __transaction_state. Every
// partition's offsets count up at its own rate (a morning ramp and a slow wiggle on top),
// segments roll by size (1 GiB, 100 MiB for the offsets topics, 50 MB for repartition
// topics) or by age (7 days, 10 minutes for repartition topics), each roll with its
// producer snapshot; retention deletes come in bursts every 5 minutes (the segment, the
// new log start offset, and a minute later the files); the log cleaner compacts
// __consumer_offsets, changelogs and connect-offsets one partition at a time. The
// group coordinator handles the groups whose offsets partition this broker leads:
// Streams apps, Connect and its sink connectors, a dozen consumer apps, rolled now and
// then by a deploy (each new pod joining, each old one leaving, a rebalance each time),
// a pod dying now and then ("Member ... has failed, removing it from the group"), an HPA
// scaling a log shipper out and in, an engineer's console consumer. Periodic: expired
// offsets removed every 10 minutes, a KRaft metadata snapshot every hour. Routine
// warnings: a blackbox probe speaking HTTP to the Kafka port (InvalidReceiveException and
// its trace), responses for clients gone mid-request, failed TLS handshakes and SCRAM
// logins from stray clients, a follower falling out of an ISR for a minute now and then.
//
// Benign changes: at 0:50 the Kubernetes node of broker 3 and of the active controller
// 102 is drained (the controller quorum electing 100, broker 3's controlled shutdown
// moving its leaders to brokers 2 and 1 and taking it out of every ISR, the fetchers to
// broker 3 shut down, coordinators of the moved offsets partitions loaded here, broker
// 3 back three minutes later and expanding the ISRs again, the preferred leaders
// restored about seven minutes in); at 1:14 a new topic, order-returns (24 partitions),
// then two minutes later the two internal topics of a new Streams app, returns-analytics
// (created logs, leaders and followers, fetchers added), its group joining, and its
// repartition topic rolled and purged from then on; at 2:02 a release train of five
// apps (rolling updates of four consumer groups coordinated here, a storm of rebalances,
// and orders-projector's transactional producers initialized again); at 2:45 the
// retention of clickstream cut from 72 to 48 hours (a dynamic config update, then a day
// of its segments deleted at the next retention check, and their files a minute later).
//
// Incidents: at 0:24 broker 1's data volume stops completing I/O for 13 minutes: every
// fetch this broker sends it times out after 30 s (request timeouts, cancelled fetches,
// the fetch session errors and WARNs with their stack traces, every 31 s on each of the
// four fetchers), the partitions this broker leads drop broker 1 from their ISR as soon
// as they get a write ("Shrinking ISR ... Out of sync replicas: (brokerId: 1 ...)"),
// the partitions it follows there stop rolling and being purged, until the volume
// recovers: the backlog fetched (a burst of rolls), broker 1 caught up and back in every
// ISR. At 1:07 the log cleaner reads a corrupt batch in a changelog segment and marks that
// partition uncleanable (its begin lines, an ERROR and the stack trace: a handful of
// records). From 1:31 for 20 minutes the invoice-renderer group rebalances in a loop:
// its batches take longer than its max.poll.interval.ms (120 s), so members leave on poll
// timeout, are kicked for not rejoining in time and come back as new members, the
// generation climbing by one every minute or two, two pods OOMKilled on the way, until a
// fixed build is rolled out. At 2:24 for 5.5 minutes a batch job deployed with a stale
// SCRAM password tries to log in from one pod about seven times a second (a storm of
// "Failed authentication with /10.2.41.77 ... invalid credentials").
var kafka = Family{
	Name:    "kafka",
	Role:    Tuning,
	Service: "Apache Kafka 3.7 KRaft broker on Kubernetes (Strimzi), server.log in Kafka's log4j layout with stack traces",
	Lines:   kafkaLines,
}

const (
	kafkaStall       = "broker 1 disk stall: fetches to it time out, ISRs shrink, catch-up"
	kafkaUncleanable = "log cleaner marks a changelog partition uncleanable (corrupt batch)"
	kafkaLoop        = "consumer group invoice-renderer in a rebalance loop"
	kafkaAuthStorm   = "SCRAM authentication failures storm from one pod"
)

const (
	kafkaDir         = "/var/lib/kafka/data-0/kafka-log2"
	kafkaSelfIP      = "10.2.1.12"
	kafkaFetchers    = 4 // num.replica.fetchers
	kafkaGiB         = int64(1) << 30
	kafkaMiB         = int64(1) << 20
	kafkaWeek        = 7 * 24 * time.Hour
	kafkaCheckEvery  = 5 * time.Minute // log.retention.check.interval.ms
	kafkaDeleteDelay = time.Minute     // file.delete.delay.ms
	kafkaB64         = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	kafkaStreamsRepl = "{cleanup.policy=delete, message.timestamp.type=CreateTime, retention.ms=-1, segment.bytes=52428800, segment.ms=600000}"
	kafkaStreamsLog  = "{cleanup.policy=compact, message.timestamp.type=CreateTime}"
)

// Kinds of topics.
const (
	kafkaData        = iota // cleanup.policy=delete, time retention
	kafkaCompact            // cleanup.policy=compact, cleaned by the log cleaner
	kafkaRepartition        // a Streams repartition topic: no retention, purged by the app
)

type kafkaTopicConf struct {
	name      string
	parts     int
	kind      int
	msgs      float64 // messages a second, all partitions together
	size      int     // bytes a message takes in the log
	segBytes  int64   // 0: 1 GiB
	segMs     time.Duration
	retention time.Duration // data topics
	producers int           // producer ids a partition's snapshot holds
	keep      float64       // compacted: share of a dirty section that survives cleaning
}

const (
	kafkaClicks    = "clickstream"
	kafkaSessRepl  = "clickstream-sessionizer-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition"
	kafkaInvLog    = "inventory-aggregator-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog"
	kafkaReturns   = "order-returns"
	kafkaRetRepl   = "returns-analytics-KSTREAM-AGGREGATE-STATE-STORE-0000000004-repartition"
	kafkaRetLog    = "returns-analytics-KSTREAM-AGGREGATE-STATE-STORE-0000000004-changelog"
	kafkaOffsets   = "__consumer_offsets"
	kafkaTxnState  = "__transaction_state"
	kafkaLoopGroup = "invoice-renderer"
)

var kafkaTopicConfs = []kafkaTopicConf{
	{"orders", 12, kafkaData, 180, 1400, 0, 0, kafkaWeek, 18, 0},
	{"orders-dlq", 3, kafkaData, 0.02, 2200, 0, 0, 2 * kafkaWeek, 4, 0},
	{"payments", 12, kafkaData, 90, 1600, 0, 0, kafkaWeek, 12, 0},
	{"inventory-events", 24, kafkaData, 1400, 650, 0, 0, 72 * time.Hour, 30, 0},
	{kafkaClicks, 48, kafkaData, 42000, 760, 0, 0, 72 * time.Hour, 60, 0},
	{"clickstream-enriched", 48, kafkaData, 41000, 640, 0, 0, 24 * time.Hour, 16, 0},
	{"shipments", 6, kafkaData, 25, 1100, 0, 0, kafkaWeek, 6, 0},
	{"notifications", 12, kafkaData, 300, 900, 0, 0, kafkaWeek, 10, 0},
	{"fraud-signals", 12, kafkaData, 120, 800, 0, 0, kafkaWeek, 6, 0},
	{"search-index-updates", 12, kafkaData, 650, 2400, 0, 0, 72 * time.Hour, 8, 0},
	{"user-profile-updates", 6, kafkaCompact, 40, 1800, 0, 0, 0, 6, 0.4},
	{"audit-log", 6, kafkaData, 60, 900, 0, 0, 30 * 24 * time.Hour, 20, 0},
	{"price-updates", 24, kafkaData, 900, 300, 0, 0, 72 * time.Hour, 4, 0},
	{"cdc.shop.public.orders", 6, kafkaData, 200, 2800, 0, 0, kafkaWeek, 1, 0},
	{"cdc.shop.public.customers", 3, kafkaData, 15, 2000, 0, 0, kafkaWeek, 1, 0},
	{"cdc.inventory.public.stock_levels", 12, kafkaData, 700, 900, 0, 0, kafkaWeek, 1, 0},
	{"email-requests", 6, kafkaData, 12, 3000, 0, 0, kafkaWeek, 8, 0},
	{"loyalty-events", 6, kafkaData, 45, 700, 0, 0, kafkaWeek, 6, 0},
	{"recommendations", 12, kafkaData, 220, 4200, 0, 0, 48 * time.Hour, 6, 0},
	{"cart-events", 24, kafkaData, 850, 900, 0, 0, 72 * time.Hour, 24, 0},
	{"logs.app", 24, kafkaData, 9000, 950, 0, 0, 24 * time.Hour, 90, 0},
	{"push-notifications", 12, kafkaData, 250, 600, 0, 0, kafkaWeek, 8, 0},
	{kafkaSessRepl, 48, kafkaRepartition, 42000, 800, 52428800, 10 * time.Minute, 0, 24, 0},
	{"clickstream-sessionizer-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog", 48, kafkaCompact, 3000, 1200, 0, 0, 0, 24, 0.3},
	{"clickstream-attribution-KSTREAM-KEY-SELECT-0000000002-repartition", 48, kafkaRepartition, 30000, 700, 52428800, 10 * time.Minute, 0, 16, 0},
	{"clickstream-attribution-KSTREAM-AGGREGATE-STATE-STORE-0000000005-changelog", 48, kafkaCompact, 1500, 500, 0, 0, 0, 16, 0.25},
	{"orders-projector-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000010-topic", 12, kafkaRepartition, 180, 300, 52428800, 10 * time.Minute, 0, 4, 0},
	{"orders-projector-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000018-topic", 12, kafkaRepartition, 180, 400, 52428800, 10 * time.Minute, 0, 4, 0},
	{"orders-projector-KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000011-changelog", 12, kafkaCompact, 180, 350, 0, 0, 0, 4, 0.5},
	{"orders-projector-orders-store-changelog", 12, kafkaCompact, 200, 1500, 0, 0, 0, 4, 0.45},
	{"inventory-aggregator-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition", 24, kafkaRepartition, 1400, 650, 52428800, 10 * time.Minute, 0, 6, 0},
	{kafkaInvLog, 24, kafkaCompact, 900, 400, 0, 0, 0, 6, 0.2},
	{"fraud-features-KSTREAM-AGGREGATE-STATE-STORE-0000000007-repartition", 24, kafkaRepartition, 3000, 500, 52428800, 10 * time.Minute, 0, 6, 0},
	{"fraud-features-KSTREAM-AGGREGATE-STATE-STORE-0000000007-changelog", 24, kafkaCompact, 1500, 300, 0, 0, 0, 6, 0.15},
	{"connect-offsets", 25, kafkaCompact, 40, 300, 0, 0, 0, 3, 0.02},
	{"connect-configs", 1, kafkaCompact, 0.001, 2000, 0, 0, 0, 3, 0.5},
	{"connect-status", 5, kafkaCompact, 0.05, 400, 0, 0, 0, 3, 0.1},
	{"_schemas", 1, kafkaCompact, 0.002, 1500, 0, 0, 0, 1, 0.9},
	{kafkaOffsets, 50, kafkaCompact, 2600, 160, 100 * kafkaMiB, 0, 0, 0, 0.01},
	{kafkaTxnState, 50, kafkaCompact, 60, 220, 100 * kafkaMiB, 0, 0, 0, 0.02},
}

// The topics created during the log (benign change at 1:14).
var kafkaNewTopicConfs = []kafkaTopicConf{
	{kafkaReturns, 24, kafkaData, 35, 1200, 0, 0, 2 * kafkaWeek, 3, 0},
	{kafkaRetRepl, 24, kafkaRepartition, 35, 500, 52428800, 10 * time.Minute, 0, 6, 0},
	{kafkaRetLog, 24, kafkaCompact, 20, 400, 0, 0, 0, 6, 0.3},
}

type kafkaTopic struct {
	kafkaTopicConf
	id       string
	rotation int  // which broker leads partition 0
	swap     bool // second and third replicas in the other order
	born     time.Time
	props    string // overridden configs, as "Created log" shows them
}

type kafkaSeg struct {
	base, size  int64
	first, last time.Time // the roll that opened it, its last record
}

type kafkaPurge struct {
	at  time.Time
	lso int64
}

// kafkaMove is a partition led by another broker than its preferred one for a while.
type kafkaMove struct {
	from, to time.Time
	leader   int
}

type kafkaPart struct {
	top       *kafkaTopic
	n         int
	name      string
	replicas  [3]int
	rate      float64 // messages a second
	off0      int64   // log end offset at the log's start
	producers int
	fetcher   int
	pEpoch    int // partition epoch
	lEpoch    int // leader epoch
	isr       []int
	moves     []kafkaMove
	segs      []kafkaSeg
	del       int // first segment not deleted
	purges    []kafkaPurge
	head      int64 // compacted: bytes of the cleaned section
	cleanedTo int64
	rolls     int
	bad       bool      // marked uncleanable
	isrFree   time.Time // no ISR change of the routine churn pending before this
}

type kafkaLog struct {
	g *gen
	j *journal

	start, end                       time.Time
	drain, created, release, cutback change
	stallAt, recoverAt, stallEnd     time.Time
	corruptAt                        time.Time
	loopAt, loopEnd                  time.Time
	stormAt, stormEnd                time.Time
	drainMove, broker3Back, electAt  time.Time
	drainEnd, streamsAppAt           time.Time
	topics                           []*kafkaTopic
	parts                            []*kafkaPart
	byTopic                          map[string][]*kafkaPart
	checks                           []time.Time
	isrTick                          time.Duration // phase of the isr-expiration task
	conn                             int           // connection index of the socket server
	meta0                            int64         // metadata log offset at the start
	producerID                       int
	txnEpochs                        map[string]int
	txnIDs                           map[string]int
	brokers                          [4]string
}

func kafkaLines(seed int64) []Line {
	start := time.Date(2024, 6, 11, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 17)
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(0, 40000))*time.Millisecond)
	}
	k := &kafkaLog{
		g:         g,
		j:         &journal{},
		start:     start,
		end:       start.Add(Length),
		drain:     change{"node drain: broker 3 and controller 102 restarted", at(50 * time.Minute)},
		created:   change{"new topic order-returns and Streams app returns-analytics", at(74 * time.Minute)},
		release:   change{"release train: five consumer apps rolled", at(122 * time.Minute)},
		cutback:   change{"clickstream retention cut from 72 to 48 hours", at(165 * time.Minute)},
		stallAt:   at(24 * time.Minute),
		corruptAt: at(67 * time.Minute),
		loopAt:    at(91 * time.Minute),
		stormAt:   at(144 * time.Minute),
		byTopic:   map[string][]*kafkaPart{},
		txnEpochs: map[string]int{},
		txnIDs:    map[string]int{},
	}
	k.recoverAt = k.stallAt.Add(time.Duration(g.between(760, 800)) * time.Second)
	k.stallEnd = k.recoverAt.Add(2 * time.Minute)
	k.loopEnd = k.loopAt.Add(20 * time.Minute)
	k.stormEnd = k.stormAt.Add(time.Duration(g.between(320, 340)) * time.Second)
	k.drainMove = k.drain.start.Add(time.Duration(g.between(4000, 8000)) * time.Millisecond)
	k.broker3Back = k.drain.start.Add(time.Duration(g.between(165, 190)) * time.Second)
	k.electAt = k.drain.start.Add(time.Duration(g.between(440, 470)) * time.Second)
	k.drainEnd = k.electAt.Add(30 * time.Second)
	k.streamsAppAt = k.created.start.Add(time.Duration(g.between(110, 140)) * time.Second)
	k.isrTick = time.Duration(g.between(0, 14999)) * time.Millisecond
	k.conn = g.between(180000, 260000)
	k.meta0 = int64(g.between(4_100_000, 4_600_000))
	k.producerID = g.between(2_004_000, 2_090_000)
	for i := 1; i <= 3; i++ {
		k.brokers[i] = fmt.Sprintf("events-prod-brokers-%d.events-prod-kafka-brokers.kafka.svc", i)
	}
	first := start.Add(-time.Duration(g.between(0, 299000)) * time.Millisecond)
	for t := first; t.Before(k.end); t = t.Add(kafkaCheckEvery) {
		k.checks = append(k.checks, t)
	}

	k.buildTopics()
	k.planDrain()
	for _, p := range k.parts {
		k.simulate(p)
	}
	k.purgeAll()
	for _, p := range k.parts {
		k.rollLines(p)
	}
	k.retentionChecks()
	k.cleaner()
	k.isrHistory()
	k.stallFetches()
	k.drainLines()
	k.createdLines()
	k.groups()
	k.periodic()
	k.routineNoise()
	k.authStorm()
	k.retentionCut()
	return k.j.sorted(k.end)
}

// log writes one record in Kafka's log4j layout, with the lines of an exception below it.
func (k *kafkaLog) log(tr truth, at time.Time, level, msg, logger string, trace ...string) {
	if at.Before(k.start) {
		return
	}
	lines := make([]string, 0, 1+len(trace))
	lines = append(lines, fmt.Sprintf("[%s] %s %s (%s)", at.Format("2006-01-02 15:04:05,000"), level, msg, logger))
	k.j.add(tr, at, append(lines, trace...)...)
}

func (k *kafkaLog) ms(lo, hi int) time.Duration {
	return time.Duration(k.g.between(lo, hi)) * time.Millisecond
}

func (k *kafkaLog) b64(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = kafkaB64[k.g.intn(len(kafkaB64))]
	}
	return string(b)
}

// kafkaJavaHash is Java's String.hashCode, by which Kafka places groups, transactional
// ids and fetchers.
func kafkaJavaHash(s string) int32 {
	var h int32
	for i := 0; i < len(s); i++ {
		h = 31*h + int32(s[i])
	}
	return h
}

// kafkaAbs is Kafka's Utils.abs.
func kafkaAbs(n int32) int {
	if n == math.MinInt32 {
		return 0
	}
	if n < 0 {
		return int(-n)
	}
	return int(n)
}

func kafkaPartitionFor(id string) int { return kafkaAbs(kafkaJavaHash(id)) % 50 }

func kafkaInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}

// kafkaScala writes a Scala collection as toString does: the small immutable ones by
// their name, the larger ones as hash-based.
func kafkaScala(kind string, items []string) string {
	if len(items) > 4 {
		kind = "Hash" + kind
	}
	return kind + "(" + strings.Join(items, ", ") + ")"
}

// kafkaCommas writes n with thousands separators, as Java's %,d does.
func kafkaCommas(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// kafkaMB writes bytes as megabytes as Java's %,.1f does.
func kafkaMB(x float64) string {
	whole := int64(x)
	return kafkaCommas(whole) + "." + strconv.Itoa(int(math.Round((x-float64(whole))*10))%10)
}

func kafkaJavaDate(t time.Time) string { return t.UTC().Format("Mon Jan 02 15:04:05 UTC 2006") }

// cum is the integral of the traffic load from the log's start, in seconds: 0.85 before
// it, then a morning ramp to 1.15 over 2.5 hours and a slow wiggle.
func (k *kafkaLog) cum(t time.Time) float64 {
	s := t.Sub(k.start).Seconds()
	if s <= 0 {
		return 0.85 * s
	}
	const d, p = 9000.0, 1500.0
	ramp := d*0.5 + (s - d)
	if x := s / d; x < 1 {
		ramp = d * (x*x*x - x*x*x*x/2)
	}
	return 0.85*s + 0.3*ramp + 0.04*p/(2*math.Pi)*(1-math.Cos(2*math.Pi*s/p))
}

func (k *kafkaLog) load(t time.Time) float64 {
	s := t.Sub(k.start).Seconds()
	if s <= 0 {
		return 0.85
	}
	return 0.85 + 0.3*rampUp(t, k.start, 150*time.Minute) + 0.04*math.Sin(2*math.Pi*s/1500)
}

// offsetAt is a partition's log end offset at t.
func (k *kafkaLog) offsetAt(p *kafkaPart, t time.Time) int64 {
	if !p.top.born.IsZero() {
		return int64(p.rate * math.Max(0, k.cum(t)-k.cum(p.top.born)))
	}
	return p.off0 + int64(p.rate*k.cum(t))
}

func (k *kafkaLog) buildTopics() {
	g := k.g
	add := func(c kafkaTopicConf, born time.Time) {
		t := &kafkaTopic{kafkaTopicConf: c, id: k.b64(22), rotation: g.intn(3), swap: g.chance(0.5), born: born}
		switch c.name {
		case kafkaOffsets, kafkaTxnState:
			t.rotation = 0
		case kafkaReturns:
			t.props = "{min.insync.replicas=2, retention.ms=1209600000}"
		case kafkaRetRepl:
			t.props = kafkaStreamsRepl
		case kafkaRetLog:
			t.props = kafkaStreamsLog
		}
		if t.segBytes == 0 {
			t.segBytes = kafkaGiB
		}
		if t.segMs == 0 {
			t.segMs = kafkaWeek
		}
		k.topics = append(k.topics, t)
		age := time.Duration(g.between(90, 700)) * 24 * time.Hour
		if strings.Contains(c.name, "KSTREAM") || strings.Contains(c.name, "KTABLE") || strings.Contains(c.name, "-store-") {
			age = time.Duration(g.between(20, 120)) * 24 * time.Hour
		}
		th := kafkaJavaHash(c.name)
		for n := 0; n < c.parts; n++ {
			// As Kafka assigns replicas: the first round robin, the shift of the others
			// changing with every round of the brokers.
			lead := (n+t.rotation)%3 + 1
			second, third := lead%3+1, (lead+1)%3+1
			if t.swap != ((n/3)%2 == 1) {
				second, third = third, second
			}
			p := &kafkaPart{
				top:       t,
				n:         n,
				name:      fmt.Sprintf("%s-%d", c.name, n),
				replicas:  [3]int{lead, second, third},
				rate:      c.msgs / float64(c.parts) * g.lognormal(1, 0.15),
				producers: max(1, c.producers+g.between(-c.producers/4, c.producers/4)),
				fetcher:   kafkaAbs(31*th+int32(n)) % kafkaFetchers,
				pEpoch:    g.between(4, 60),
				lEpoch:    g.between(2, 40),
			}
			if c.name == kafkaOffsets || c.name == kafkaTxnState {
				p.rate *= g.lognormal(1, 0.6) // the groups' commits are not spread evenly
				p.producers = 0
			}
			if born.IsZero() {
				p.off0 = int64(p.rate*0.85*age.Seconds()*(0.9+0.2*g.rng.Float64())) + int64(g.between(0, 5000))
			} else {
				p.pEpoch, p.lEpoch = 0, 0
			}
			p.isr = append([]int(nil), p.replicas[:]...)
			k.parts = append(k.parts, p)
			k.byTopic[c.name] = append(k.byTopic[c.name], p)
		}
	}
	for _, c := range kafkaTopicConfs {
		add(c, time.Time{})
	}
	add(kafkaNewTopicConfs[0], k.created.start)
	add(kafkaNewTopicConfs[1], k.streamsAppAt)
	add(kafkaNewTopicConfs[2], k.streamsAppAt)
}

func (p *kafkaPart) leaderAt(t time.Time) int {
	for _, m := range p.moves {
		if !t.Before(m.from) && t.Before(m.to) {
			return m.leader
		}
	}
	return p.replicas[0]
}

func (p *kafkaPart) existsAt(t time.Time) bool { return p.top.born.IsZero() || !t.Before(p.top.born) }

// catchUp is how long after broker 1 recovers this broker has fetched p's backlog.
func (k *kafkaLog) catchUp(p *kafkaPart) time.Duration {
	backlog := p.rate * float64(p.top.size) * (k.cum(k.recoverAt) - k.cum(k.stallAt))
	return time.Duration((backlog/(45*float64(kafkaMiB)) + 0.3 + float64(p.n%7)*0.15) * float64(time.Second))
}

// planDrain decides where the leaders of broker 3 go during its restart: to the next
// replica, which is this broker or broker 1.
func (k *kafkaLog) planDrain() {
	for _, p := range k.parts {
		if p.replicas[0] == 3 && p.existsAt(k.drainMove) {
			p.moves = append(p.moves, kafkaMove{k.drainMove, k.electAt, p.replicas[1]})
		}
	}
}

func (k *kafkaLog) partTruth(p *kafkaPart) truth {
	if !p.top.born.IsZero() {
		return k.created.truth()
	}
	return routine
}

// simulate computes p's segments from far enough back for retention to reach them
// until the end: size-based rolls as its bytes add up, time-based ones once a segment
// is segment.ms old.
func (k *kafkaLog) simulate(p *kafkaPart) {
	g, t := k.g, p.top
	bytesRate := p.rate * float64(t.size)
	interval := math.Min(t.segMs.Seconds(), float64(t.segBytes)/(bytesRate*0.85))
	span := time.Duration(2*interval)*time.Second + 15*time.Minute
	if t.kind == kafkaData {
		span += t.retention
	}
	c := k.start.Add(-span - time.Duration(g.rng.Float64()*interval)*time.Second)
	if !t.born.IsZero() {
		c = t.born
	}
	base := k.offsetAt(p, c)
	for {
		// The messages of a segment vary in size: so does how many fill it.
		need := float64(t.segBytes) / (bytesRate * g.lognormal(1, 0.05))
		target := k.cum(c) + need
		rs := c.Add(time.Duration(need / k.load(c) * float64(time.Second)))
		for i := 0; i < 3; i++ {
			rs = rs.Add(-time.Duration((k.cum(rs) - target) / k.load(rs) * float64(time.Second)))
		}
		rt := c.Add(t.segMs + time.Duration(g.rng.ExpFloat64()/(p.rate*k.load(c))*float64(time.Second)))
		r, bySize := rs, true
		if rt.Before(rs) {
			r, bySize = rt, false
		}
		if !r.Before(k.end) {
			break
		}
		next := k.offsetAt(p, r)
		if next <= base {
			next = base + 1
		}
		size := t.segBytes - int64(g.between(0, 40000))
		if !bySize {
			size = min(size, int64(bytesRate*(k.cum(r)-k.cum(c))*(0.96+0.08*g.rng.Float64())))
		}
		gap := math.Min(g.rng.ExpFloat64()/(p.rate*k.load(r)), 0.5*r.Sub(c).Seconds())
		p.segs = append(p.segs, kafkaSeg{base: base, size: max(size, 1), first: c, last: r.Add(-time.Duration(gap * float64(time.Second)))})
		c, base = r, next
	}
	p.segs = append(p.segs, kafkaSeg{base: base, first: c})
	p.head = int64(float64(t.segBytes) * 0.05 * g.lognormal(1, 0.8))
	if t.kind == kafkaCompact && len(p.segs) > 1 {
		p.cleanedTo = p.segs[len(p.segs)/2].base
	}
}

// active is the index of the segment written at t.
func (p *kafkaPart) active(t time.Time) int {
	return sort.Search(len(p.segs), func(i int) bool { return p.segs[i].first.After(t) }) - 1
}

func (s kafkaSeg) String() string {
	return fmt.Sprintf("LogSegment(baseOffset=%d, size=%d, lastModifiedTime=%d, largestRecordTimestamp=Optional[%d])",
		s.base, s.size, s.last.UnixMilli()+7, s.last.UnixMilli())
}

func (k *kafkaLog) logPrefix(kind string, p *kafkaPart) string {
	return fmt.Sprintf("[%s partition=%s, dir=%s] ", kind, p.name, kafkaDir)
}

// rollLines writes p's rolls: the new segment and the producer snapshot taken with it.
// While broker 1 stalls, the partitions this broker follows there get nothing and roll
// nothing; the segments of the stall are rolled as the backlog is fetched.
func (k *kafkaLog) rollLines(p *kafkaPart) {
	g := k.g
	catch := k.catchUp(p)
	for i := 1; i < len(p.segs); i++ {
		r := p.segs[i].first
		if r.Before(k.start) {
			continue
		}
		tr := k.partTruth(p)
		if p.leaderAt(r) == 1 && !r.Before(k.stallAt) && r.Before(k.recoverAt.Add(catch)) {
			x := float64(r.Sub(k.stallAt)) / float64(k.recoverAt.Add(catch).Sub(k.stallAt))
			r = k.recoverAt.Add(time.Duration(x*float64(catch)) + k.ms(20, 400))
			tr = incident(kafkaStall)
		}
		took := int(g.lognormal(1.2, 0.7))
		k.log(tr, r, "INFO", fmt.Sprintf("%sRolled new log segment at offset %d in %d ms.", k.logPrefix("LocalLog", p), p.segs[i].base, took), "kafka.log.LocalLog")
		if p.top.producers > 0 && g.chance(0.02) {
			p.producers = max(1, p.producers+g.between(-1, 1))
		}
		k.log(tr, r.Add(time.Duration(took)*time.Millisecond), "INFO", fmt.Sprintf("[ProducerStateManager partition=%s] Wrote producer snapshot at offset %d with %d producer ids in %d ms.", p.name, p.segs[i].base, p.producers, int(g.lognormal(1, 0.6))),
			"org.apache.kafka.storage.internals.log.ProducerStateManager")
	}
}

// kafkaApp is a Streams app purging its repartition topics every 30 s, a stream thread
// at a time for the partitions of its tasks.
type kafkaApp struct {
	prefix  string // of its internal topics: its application id
	threads int
	from    time.Time
}

func (k *kafkaLog) purgeAll() {
	apps := []kafkaApp{
		{"clickstream-sessionizer-", 24, k.start},
		{"clickstream-attribution-", 16, k.start},
		{"orders-projector-", 4, k.start},
		{"inventory-aggregator-", 6, k.start},
		{"fraud-features-", 6, k.start},
		{"returns-analytics-", 6, k.streamsAppAt.Add(70 * time.Second)},
	}
	for _, app := range apps {
		var mine []*kafkaPart
		for _, t := range k.topics {
			if t.kind == kafkaRepartition && strings.HasPrefix(t.name, app.prefix) {
				mine = append(mine, k.byTopic[t.name]...)
			}
		}
		for _, p := range mine {
			// Before the log (or its first purge) the app had purged to about here.
			from := app.from
			if from.Equal(k.start) {
				from = k.checks[0].Add(-time.Duration(k.g.between(1000, 30000)) * time.Millisecond)
			}
			p.purges = append(p.purges, kafkaPurge{from, k.offsetAt(p, from.Add(-2*time.Second))})
		}
		for th := 0; th < app.threads; th++ {
			var owned []*kafkaPart
			for i, p := range mine {
				if i%app.threads == th {
					owned = append(owned, p)
				}
			}
			t := app.from.Add(time.Duration(k.g.rng.Float64() * float64(30*time.Second)))
			for ; t.Before(k.end); t = t.Add(30*time.Second + k.ms(0, 900)) {
				for _, p := range owned {
					k.purge(p, t)
				}
			}
		}
	}
	for _, p := range k.parts {
		sort.SliceStable(p.purges, func(a, b int) bool { return p.purges[a].at.Before(p.purges[b].at) })
	}
}

// purge is one DeleteRecords of the app for p, and this replica's log start offset
// moving up: at once where this broker leads, with the next fetch where it follows.
func (k *kafkaLog) purge(p *kafkaPart, t time.Time) {
	g := k.g
	lso := k.offsetAt(p, t.Add(-time.Duration(300+g.intn(3700))*time.Millisecond))
	leader := p.leaderAt(t)
	if leader == 1 && !t.Before(k.stallAt) {
		caught := k.recoverAt.Add(k.catchUp(p))
		if t.Before(caught) {
			return // broker 1 hangs on the request; nothing reaches this follower
		}
		if p.purges[len(p.purges)-1].at.Before(k.stallAt) {
			// Broker 1 is back: the first fetch tells how far the app purged meanwhile.
			back := k.offsetAt(p, caught.Add(-3*time.Second))
			k.log(incident(kafkaStall), caught, "INFO", k.logPrefix("UnifiedLog", p)+fmt.Sprintf("Incremented log start offset to %d due to LeaderOffsetIncremented", back), "kafka.log.UnifiedLog")
			p.purges = append(p.purges, kafkaPurge{caught, back})
		}
	}
	if last := p.purges[len(p.purges)-1].lso; lso <= last {
		return
	}
	reason, at := "LeaderOffsetIncremented", t.Add(k.ms(5, 480))
	if leader == 2 {
		reason, at = "ClientRecordDeletion", t.Add(k.ms(2, 25))
	}
	p.purges = append(p.purges, kafkaPurge{at, lso})
	k.log(k.partTruth(p), at, "INFO", k.logPrefix("UnifiedLog", p)+fmt.Sprintf("Incremented log start offset to %d due to %s", lso, reason), "kafka.log.UnifiedLog")
}

func (p *kafkaPart) lsoAt(t time.Time) int64 {
	i := sort.Search(len(p.purges), func(i int) bool { return p.purges[i].at.After(t) })
	if i == 0 {
		return 0
	}
	return p.purges[i-1].lso
}

// retentionOf is p's retention at t: clickstream's is cut at 2:45.
func (k *kafkaLog) retentionOf(p *kafkaPart, t time.Time) time.Duration {
	if p.top.name == kafkaClicks && !t.Before(k.cutback.start) {
		return 48 * time.Hour
	}
	return p.top.retention
}

// retentionChecks is the kafka-log-retention task going over every log every 5 minutes,
// deleting what retention (or the log start offset of a purged topic) no longer keeps,
// the files a minute later.
func (k *kafkaLog) retentionChecks() {
	g := k.g
	order := append([]*kafkaPart(nil), k.parts...)
	g.rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	for ci, c := range k.checks {
		at := c.Add(k.ms(1, 60))
		for _, p := range order {
			if p.top.kind == kafkaCompact || !p.existsAt(c) {
				continue
			}
			act := p.active(c)
			var gone []kafkaSeg
			lso := p.lsoAt(c)
			for p.del < act {
				s := p.segs[p.del]
				if p.top.kind == kafkaData && !s.last.Add(k.retentionOf(p, c)).Before(c) {
					break
				}
				if p.top.kind == kafkaRepartition && p.segs[p.del+1].base > lso {
					break
				}
				gone = append(gone, s)
				p.del++
			}
			if len(gone) == 0 || ci == 0 { // the first check stands for those before the log
				continue
			}
			tr := k.partTruth(p)
			switch {
			case p.top.name == kafkaClicks && c.After(k.cutback.start) && c.Before(k.cutback.start.Add(kafkaCheckEvery)):
				tr = k.cutback.truth()
			case p.top.kind == kafkaRepartition && p.leaderAt(c) == 1 && !c.Before(k.stallAt) && c.Before(k.stallEnd):
				tr = incident(kafkaStall)
			}
			pre := k.logPrefix("UnifiedLog", p)
			if p.top.kind == kafkaData {
				for _, s := range gone {
					k.log(tr, at, "INFO", fmt.Sprintf("%sDeleting segment %s due to retention time %dms breach based on the largest record timestamp in the segment", pre, s, k.retentionOf(p, c).Milliseconds()), "kafka.log.UnifiedLog")
					at = at.Add(time.Duration(g.between(40, 400)) * time.Microsecond)
				}
				k.log(tr, at, "INFO", fmt.Sprintf("%sIncremented log start offset to %d due to SegmentDeletion", pre, p.segs[p.del].base), "kafka.log.UnifiedLog")
			} else {
				k.log(tr, at, "INFO", fmt.Sprintf("%sDeleting segments due to log start offset %d breach: %s", pre, lso, kafkaSegList(gone)), "kafka.log.UnifiedLog")
			}
			later := at.Add(kafkaDeleteDelay + k.ms(0, 30))
			k.log(tr, later, "INFO", k.logPrefix("LocalLog", p)+"Deleting segment files "+kafkaSegList(gone), "kafka.log.LocalLog$")
			for _, s := range gone {
				path := fmt.Sprintf("%s/%s/%020d", kafkaDir, p.name, s.base)
				for _, f := range [][2]string{{"log", ".log"}, {"offset index", ".index"}, {"time index", ".timeindex"}} {
					later = later.Add(time.Duration(g.between(20, 900)) * time.Microsecond)
					k.log(tr, later, "INFO", fmt.Sprintf("Deleted %s %s%s.deleted.", f[0], path, f[1]), "org.apache.kafka.storage.internals.log.LogSegment")
				}
			}
			at = at.Add(time.Duration(g.between(0, 2500)) * time.Microsecond)
		}
	}
}

func kafkaSegList(segs []kafkaSeg) string {
	s := make([]string, len(segs))
	for i, seg := range segs {
		s[i] = seg.String()
	}
	return strings.Join(s, ",")
}

// cleaner is the log cleaner's one thread: a compacted partition becomes cleanable as
// rolls add dirty segments, and the thread cleans the filthiest one when it wakes (every
// 15 s when idle), one at a time.
func (k *kafkaLog) cleaner() {
	g := k.g
	type request struct {
		at time.Time
		p  *kafkaPart
	}
	var reqs []request
	for _, p := range k.parts {
		if p.top.kind != kafkaCompact {
			continue
		}
		every := 1 + g.intn(2)
		for i := 1; i < len(p.segs); i++ {
			r := p.segs[i].first
			if r.Before(k.start.Add(-10 * time.Minute)) {
				continue
			}
			if p.rolls++; p.rolls%every == 0 {
				reqs = append(reqs, request{r.Add(k.ms(1000, 20000)), p})
			}
		}
	}
	corrupt := k.byTopic[kafkaInvLog][7]
	reqs = append(reqs, request{k.corruptAt, corrupt})
	sort.SliceStable(reqs, func(a, b int) bool { return reqs[a].at.Before(reqs[b].at) })
	free := k.start.Add(-time.Hour)
	for _, r := range reqs {
		at := r.at
		if at.Before(free) {
			at = free.Add(k.ms(1, 40))
		} else {
			// The thread wakes every 15 s while there is nothing to clean.
			wait := (15*time.Second - at.Sub(free)%(15*time.Second)) % (15 * time.Second)
			at = at.Add(wait)
		}
		if r.p.bad {
			continue
		}
		if r.p == corrupt && !at.Before(k.corruptAt) && !r.at.Before(k.corruptAt) {
			free = k.uncleanable(at, r.p)
			continue
		}
		free = k.clean(at, r.p)
	}
}

func (k *kafkaLog) cleanLog(at time.Time, msg string) {
	k.log(routine, at, "INFO", "Cleaner 0: "+msg, "kafka.log.LogCleaner")
}

// clean writes one cleaning of p, and returns when it ends.
func (k *kafkaLog) clean(at time.Time, p *kafkaPart) time.Time {
	g := k.g
	act := p.active(at)
	if act < 1 || p.segs[act].base <= p.cleanedTo {
		return at
	}
	from, to := p.cleanedTo, p.segs[act].base
	var dirty []kafkaSeg
	var dirtyBytes int64
	for _, s := range p.segs[:act] {
		if s.base >= from || (s.base < from && len(dirty) == 0 && s.base+int64(float64(s.size)/float64(p.top.size)) > from) {
			dirty = append(dirty, s)
			dirtyBytes += s.size
		}
	}
	if len(dirty) == 0 {
		return at
	}
	read := p.head + dirtyBytes
	msgsRead := read / int64(p.top.size)
	kept := p.head/3 + int64(float64(dirtyBytes)*p.top.keep*(0.8+0.4*g.rng.Float64()))
	msgsKept := max(1, kept/int64(p.top.size))
	speed := float64(kafkaMiB) * g.lognormal(95, 0.35)
	secs := float64(read)/speed + 0.005
	idx := float64(dirtyBytes) / (speed * 1.9)
	name := p.name
	t := at
	k.cleanLog(t, fmt.Sprintf("Beginning cleaning of log %s", name))
	k.cleanLog(t, fmt.Sprintf("Building offset map for %s...", name))
	t = t.Add(k.ms(1, 15))
	k.cleanLog(t, fmt.Sprintf("Building offset map for log %s for %d segments in offset range [%d, %d).", name, len(dirty), from, to))
	t = t.Add(time.Duration(idx * float64(time.Second)))
	k.cleanLog(t, fmt.Sprintf("Offset map for log %s complete.", name))
	last := dirty[len(dirty)-1].last
	horizon := last.Add(-24*time.Hour - time.Duration(g.between(0, 3600))*time.Second)
	k.cleanLog(t, fmt.Sprintf("Cleaning log %s (cleaning prior to %s, discarding tombstones prior to upper bound deletion horizon %s)...", name, kafkaJavaDate(last), kafkaJavaDate(horizon)))
	head := kafkaSeg{base: p.segs[0].base, size: p.head, last: last.Add(-time.Duration(g.between(2, 40)) * time.Hour)}
	for i, s := range append([]kafkaSeg{head}, dirty...) {
		if i > 4 {
			break
		}
		verb := "retaining"
		if s.last.Before(horizon) {
			verb = "discarding"
		}
		t = t.Add(k.ms(0, 40))
		k.cleanLog(t, fmt.Sprintf("Cleaning %s in log %s into %d with an upper bound deletion horizon %d computed from the segment last modified time of %d,%s deletes.", s, name, head.base, horizon.UnixMilli(), s.last.UnixMilli()+7, verb))
	}
	done := at.Add(time.Duration(secs * float64(time.Second)))
	if done.Before(t) {
		done = t.Add(k.ms(1, 5))
	}
	mb := func(b int64) float64 { return float64(b) / float64(kafkaMiB) }
	total := done.Sub(at).Seconds()
	idxShare := math.Min(0.95, idx/total)
	p.head, p.cleanedTo = kept, to
	if done.Before(k.start) {
		return done
	}
	k.j.add(routine, done,
		fmt.Sprintf("[%s] INFO [kafka-log-cleaner-thread-0]: ", done.Format("2006-01-02 15:04:05,000")),
		fmt.Sprintf("\tLog cleaner thread 0 cleaned log %s (dirty section = [%d, %d])", name, from, to),
		fmt.Sprintf("\t%s MB of log processed in %s seconds (%s MB/sec).", kafkaMB(mb(read)), kafkaMB(total), kafkaMB(mb(read)/total)),
		fmt.Sprintf("\tIndexed %s MB in %.1f seconds (%s Mb/sec, %.1f%% of total time)", kafkaMB(mb(dirtyBytes)), total*idxShare, kafkaMB(mb(dirtyBytes)/math.Max(total*idxShare, 0.001)), 100*idxShare),
		fmt.Sprintf("\tBuffer utilization: %.1f%%", math.Min(99, 100*float64(dirtyBytes/int64(p.top.size))/(128*float64(kafkaMiB)/24))),
		fmt.Sprintf("\tCleaned %s MB in %.1f seconds (%s Mb/sec, %.1f%% of total time)", kafkaMB(mb(read)), total*(1-idxShare), kafkaMB(mb(read)/math.Max(total*(1-idxShare), 0.001)), 100*(1-idxShare)),
		fmt.Sprintf("\tStart size: %s MB (%s messages)", kafkaMB(mb(read)), kafkaCommas(msgsRead)),
		fmt.Sprintf("\tEnd size: %s MB (%s messages)", kafkaMB(mb(kept)), kafkaCommas(msgsKept)),
		fmt.Sprintf("\t%.1f%% size reduction (%.1f%% fewer messages)", 100*(1-float64(kept)/float64(read)), 100*(1-float64(msgsKept)/float64(msgsRead))),
		" (kafka.log.LogCleaner)")
	return done
}

// uncleanable is the cleaning that meets a corrupt batch: the partition is left alone
// from then on.
func (k *kafkaLog) uncleanable(at time.Time, p *kafkaPart) time.Time {
	tr := incident(kafkaUncleanable)
	act := p.active(at)
	from, to := p.cleanedTo, p.segs[act].base
	n := 0
	var bad kafkaSeg
	for _, s := range p.segs[:act] {
		if s.base >= from {
			n++
			bad = s
		}
	}
	if n == 0 {
		bad, n = p.segs[act-1], 1
	}
	name := p.name
	k.log(tr, at, "INFO", fmt.Sprintf("Cleaner 0: Beginning cleaning of log %s", name), "kafka.log.LogCleaner")
	k.log(tr, at, "INFO", fmt.Sprintf("Cleaner 0: Building offset map for %s...", name), "kafka.log.LogCleaner")
	t := at.Add(k.ms(2, 12))
	k.log(tr, t, "INFO", fmt.Sprintf("Cleaner 0: Building offset map for log %s for %d segments in offset range [%d, %d).", name, n, from, to), "kafka.log.LogCleaner")
	t = t.Add(k.ms(300, 1400))
	lso := p.segs[0].base
	logDesc := fmt.Sprintf("Log(dir=%s/%s, topicId=%s, topic=%s, partition=%d, highWatermark=%d, lastStableOffset=%d, logStartOffset=%d, logEndOffset=%d)",
		kafkaDir, name, p.top.id, p.top.name, p.n, k.offsetAt(p, t), k.offsetAt(p, t), lso, k.offsetAt(p, t))
	file := fmt.Sprintf("%s/%s/%020d.log", kafkaDir, name, bad.base)
	k.log(tr, t, "ERROR", fmt.Sprintf("[kafka-log-cleaner-thread-0]: Unexpected exception thrown when cleaning log %s. Marking its partition (%s) as uncleanable", logDesc, name), "kafka.log.LogCleaner",
		"org.apache.kafka.common.errors.CorruptRecordException: Found record size 0 smaller than minimum record overhead (14) in file "+file+".",
		"\tat org.apache.kafka.common.record.FileLogInputStream.nextBatch(FileLogInputStream.java:73)",
		"\tat org.apache.kafka.common.record.FileLogInputStream.nextBatch(FileLogInputStream.java:40)",
		"\tat org.apache.kafka.common.record.RecordBatchIterator.makeNext(RecordBatchIterator.java:35)",
		"\tat org.apache.kafka.common.record.RecordBatchIterator.makeNext(RecordBatchIterator.java:24)",
		"\tat org.apache.kafka.common.utils.AbstractIterator.maybeComputeNext(AbstractIterator.java:79)",
		"\tat org.apache.kafka.common.utils.AbstractIterator.hasNext(AbstractIterator.java:45)",
		"\tat scala.collection.convert.JavaCollectionWrappers$JIteratorWrapper.hasNext(JavaCollectionWrappers.scala:46)",
		"\tat scala.collection.IterableOnceOps.foreach(IterableOnce.scala:576)",
		"\tat scala.collection.IterableOnceOps.foreach$(IterableOnce.scala:574)",
		"\tat scala.collection.AbstractIterable.foreach(Iterable.scala:933)",
		"\tat kafka.log.Cleaner.buildOffsetMapForSegment(LogCleaner.scala:1146)",
		"\tat kafka.log.Cleaner.$anonfun$buildOffsetMap$3(LogCleaner.scala:1096)",
		"\tat kafka.log.Cleaner.$anonfun$buildOffsetMap$3$adapted(LogCleaner.scala:1092)",
		"\tat scala.collection.IterableOnceOps.foreach(IterableOnce.scala:576)",
		"\tat scala.collection.IterableOnceOps.foreach$(IterableOnce.scala:574)",
		"\tat scala.collection.AbstractIterable.foreach(Iterable.scala:933)",
		"\tat kafka.log.Cleaner.buildOffsetMap(LogCleaner.scala:1092)",
		"\tat kafka.log.Cleaner.doClean(LogCleaner.scala:608)",
		"\tat kafka.log.Cleaner.clean(LogCleaner.scala:590)",
		"\tat kafka.log.LogCleaner$CleanerThread.cleanLog(LogCleaner.scala:465)",
		"\tat kafka.log.LogCleaner$CleanerThread.cleanFilthiestLog(LogCleaner.scala:430)",
		"\tat kafka.log.LogCleaner$CleanerThread.tryCleanFilthiestLog(LogCleaner.scala:410)",
		"\tat kafka.log.LogCleaner$CleanerThread.doWork(LogCleaner.scala:396)",
		"\tat org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:135)")
	p.bad = true
	return t
}

// isrHistory writes the ISR changes in time order, since each bumps the partition
// epoch: routine ones, broker 1's stall, broker 3's restart.
func (k *kafkaLog) isrHistory() {
	k.isrChurn(k.start, k.stallAt)
	k.stallISR()
	k.isrChurn(k.stallEnd, k.drain.start)
	k.drainISR()
	k.isrChurn(k.drainEnd, k.end)
}

func (k *kafkaLog) partitionLog(tr truth, at time.Time, p *kafkaPart, msg string) {
	k.log(tr, at, "INFO", fmt.Sprintf("[Partition %s broker=2] %s", p.name, msg), "kafka.cluster.Partition")
}

func kafkaWithout(isr []int, b int) []int {
	var out []int
	for _, x := range isr {
		if x != b {
			out = append(out, x)
		}
	}
	return out
}

func (k *kafkaLog) shrink(tr truth, at time.Time, p *kafkaPart, b int, hw, end, behind int64, caught time.Time) time.Time {
	next := kafkaWithout(p.isr, b)
	k.partitionLog(tr, at, p, fmt.Sprintf("Shrinking ISR from %s to %s. Leader: (highWatermark: %d, endOffset: %d). Out of sync replicas: (brokerId: %d, endOffset: %d, lastCaughtUpTimeMs: %d).",
		kafkaInts(p.isr, ","), kafkaInts(next, ","), hw, end, b, behind, caught.UnixMilli()))
	p.isr = next
	p.pEpoch++
	done := at.Add(k.ms(6, 40))
	k.partitionLog(tr, done, p, fmt.Sprintf("ISR updated to %s and version updated to %d", kafkaInts(p.isr, ","), p.pEpoch))
	return done
}

func (k *kafkaLog) expand(tr truth, at time.Time, p *kafkaPart, b int) {
	next := append(append([]int(nil), p.isr...), b)
	k.partitionLog(tr, at, p, fmt.Sprintf("Expanding ISR from %s to %s", kafkaInts(p.isr, ","), kafkaInts(next, ",")))
	p.isr = next
	p.pEpoch++
	k.partitionLog(tr, at.Add(k.ms(5, 35)), p, fmt.Sprintf("ISR updated to %s and version updated to %d", kafkaInts(p.isr, ","), p.pEpoch))
}

// isrChurn is a follower falling behind on a busy partition this broker leads for a
// minute now and then (a GC pause, a burst), about twice an hour.
func (k *kafkaLog) isrChurn(from, to time.Time) {
	g := k.g
	var busy []*kafkaPart
	for _, p := range k.parts {
		if p.replicas[0] == 2 && p.top.born.IsZero() && p.rate*float64(p.top.size) > 150_000 {
			busy = append(busy, p)
		}
	}
	g.arrivals(from, to.Add(-3*time.Minute), func(time.Time) float64 { return 2.0 / 3600 }, func(t time.Time) {
		b := pick(g, []int{1, 3})
		tick := k.tickAfter(t)
		back := tick.Add(time.Duration(g.between(6, 80)) * time.Second)
		for i, n := 0, g.between(1, 3); i < n; i++ {
			p := pick(g, busy)
			if len(p.isr) < 3 || tick.Before(p.isrFree) {
				continue
			}
			p.isrFree = back.Add(5 * time.Second)
			caught := tick.Add(-30*time.Second - k.ms(1, 14000))
			behind := k.offsetAt(p, caught)
			k.shrink(routine, tick.Add(time.Duration(i)*time.Millisecond), p, b, behind, k.offsetAt(p, tick), behind, caught)
			k.expand(routine, back.Add(k.ms(0, 3000)), p, b)
		}
	})
}

// tickAfter is the first run of the isr-expiration task (every 15 s) at or after t.
func (k *kafkaLog) tickAfter(t time.Time) time.Time {
	base := k.start.Add(k.isrTick)
	n := math.Ceil(float64(t.Sub(base)) / float64(15*time.Second))
	return base.Add(time.Duration(n) * 15 * time.Second).Add(k.ms(0, 8))
}

// stallISR: broker 1 fetches nothing more; each partition this broker leads drops it
// once it gets a write the follower did not fetch within 30 s, and takes it back once
// it has caught up after the volume recovers.
func (k *kafkaLog) stallISR() {
	g := k.g
	tr := incident(kafkaStall)
	type pending struct {
		at time.Time
		p  *kafkaPart
	}
	var shrinks []pending
	for _, p := range k.parts {
		if p.leaderAt(k.stallAt) != 2 || !p.existsAt(k.stallAt) || len(p.isr) < 3 {
			continue
		}
		write := k.stallAt.Add(time.Duration(g.rng.ExpFloat64() / (p.rate * k.load(k.stallAt)) * float64(time.Second)))
		at := k.stallAt.Add(30 * time.Second)
		if write.After(at) {
			at = write
		}
		if !at.Before(k.recoverAt) {
			continue // no write while it stalled: broker 1 is still caught up
		}
		shrinks = append(shrinks, pending{k.tickAfter(at), p})
	}
	sort.SliceStable(shrinks, func(a, b int) bool { return shrinks[a].at.Before(shrinks[b].at) })
	caught := k.stallAt.Add(-k.ms(0, 500))
	var last time.Time
	step := time.Duration(0)
	for _, s := range shrinks {
		if !s.at.Equal(last) {
			last, step = s.at, 0
		}
		behind := k.offsetAt(s.p, k.stallAt)
		k.shrink(tr, s.at.Add(step), s.p, 1, behind, k.offsetAt(s.p, s.at), behind, caught)
		step += time.Duration(g.between(100, 900)) * time.Microsecond
	}
	for _, s := range shrinks {
		k.expand(tr, k.recoverAt.Add(k.catchUp(s.p)+k.ms(0, 1500)), s.p, 1)
	}
}

func (k *kafkaLog) fetcherPrefix(leader, f int) string {
	return fmt.Sprintf("[ReplicaFetcher replicaId=2, leaderId=%d, fetcherId=%d] ", leader, f)
}

var kafkaFetchTrace = []string{
	"\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)",
	"\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:114)",
	"\tat kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)",
	"\tat kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:317)",
	"\tat kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3(AbstractFetcherThread.scala:131)",
	"\tat kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3$adapted(AbstractFetcherThread.scala:130)",
	"\tat scala.Option.foreach(Option.scala:437)",
	"\tat kafka.server.AbstractFetcherThread.maybeFetch(AbstractFetcherThread.scala:130)",
	"\tat kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:113)",
	"\tat kafka.server.ReplicaFetcherThread.doWork(ReplicaFetcherThread.scala:98)",
	"\tat org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:135)",
}

func (k *kafkaLog) partitionData(p *kafkaPart, at time.Time) string {
	return fmt.Sprintf("%s=PartitionData(topicId=%s, fetchOffset=%d, logStartOffset=%d, maxBytes=1048576, currentLeaderEpoch=Optional[%d], lastFetchedEpoch=Optional[%d])",
		p.name, p.top.id, k.offsetAt(p, at), k.logStart(p, at), p.lEpoch, p.lEpoch)
}

// logStart is p's log start offset at t.
func (k *kafkaLog) logStart(p *kafkaPart, t time.Time) int64 {
	switch p.top.kind {
	case kafkaRepartition:
		return p.lsoAt(t)
	case kafkaData:
		for _, s := range p.segs {
			if !s.last.Add(k.retentionOf(p, t)).Before(t) || s.last.IsZero() {
				return s.base
			}
		}
	}
	return p.segs[0].base
}

// stallFetches: each fetcher's request to broker 1 times out after 30 s, is cancelled,
// fails with its stack trace (twice: the fetch session's INFO and the fetcher's WARN),
// and is sent again a second later, a full fetch this time, until the volume recovers.
func (k *kafkaLog) stallFetches() {
	g := k.g
	tr := incident(kafkaStall)
	for f := 0; f < kafkaFetchers; f++ {
		var mine []*kafkaPart
		for _, p := range k.parts {
			if p.fetcher == f && p.leaderAt(k.stallAt) == 1 && p.existsAt(k.stallAt) {
				mine = append(mine, p)
			}
		}
		session := g.between(100_000_000, 2_100_000_000)
		epoch := strconv.Itoa(g.between(20_000, 900_000))
		corr := g.between(30_000_000, 90_000_000)
		pre := k.fetcherPrefix(1, f)
		sent := k.stallAt.Add(-k.ms(0, 499))
		for first := true; ; first = false {
			at := sent.Add(30*time.Second + k.ms(0, 12))
			if !at.Before(k.recoverAt) {
				break
			}
			waited := at.Sub(sent).Milliseconds()
			var data []string
			if first {
				for _, p := range mine {
					if len(data) < 3 && g.chance(0.05) {
						data = append(data, k.partitionData(p, k.stallAt))
					}
				}
			} else {
				for _, p := range mine {
					data = append(data, k.partitionData(p, k.stallAt))
				}
			}
			meta := fmt.Sprintf("(sessionId=%d, epoch=%s)", session, epoch)
			k.log(tr, at, "INFO", pre+"Disconnecting from node 1 due to request timeout.", "org.apache.kafka.clients.NetworkClient")
			k.log(tr, at, "INFO", pre+fmt.Sprintf("Cancelled in-flight FETCH request with correlation id %d due to node 1 being disconnected (elapsed time since creation: %dms, elapsed time since send: %dms, request timeout: 30000ms)", corr, waited, waited), "org.apache.kafka.clients.NetworkClient")
			ex := "java.io.IOException: Connection to 1 was disconnected before the response was read"
			at = at.Add(k.ms(0, 2))
			k.log(tr, at, "INFO", pre+fmt.Sprintf("Error sending fetch request %s to node 1:", meta), "org.apache.kafka.clients.FetchSessionHandler", append([]string{ex}, kafkaFetchTrace...)...)
			k.log(tr, at, "WARN", pre+fmt.Sprintf("Error in response for fetch request (type=FetchRequest, replicaId=2, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={%s}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=%s, rackId=)", strings.Join(data, ", "), meta),
				"kafka.server.ReplicaFetcherThread", append([]string{ex}, kafkaFetchTrace...)...)
			epoch = "INITIAL" // the session is closed: the next request is a full one
			corr += g.between(1, 3)
			sent = at.Add(time.Second + k.ms(1, 30))
		}
	}
}

func (k *kafkaLog) stateChange(tr truth, at time.Time, msg string) {
	k.log(tr, at, "INFO", "[Broker id=2] "+msg, "state.change.logger")
}

func (k *kafkaLog) fetcherManager(tr truth, at time.Time, msg string) {
	k.log(tr, at, "INFO", "[ReplicaFetcherManager on broker 2] "+msg, "kafka.server.ReplicaFetcherManager")
}

// removeFetchers writes the fetchers removed for partitions, if any.
func (k *kafkaLog) removeFetchers(tr truth, at time.Time, parts []*kafkaPart) {
	if len(parts) > 0 {
		k.fetcherManager(tr, at, "Removed fetcher for partitions "+kafkaScala("Set", k.hashOrder(kafkaNames(parts))))
	}
}

// hashOrder puts the items of a hash-based collection in an order of its own.
func (k *kafkaLog) hashOrder(items []string) []string {
	out := append([]string(nil), items...)
	if len(out) > 4 {
		k.g.rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	}
	return out
}

func (k *kafkaLog) partitionState(p *kafkaPart, leader int) string {
	return fmt.Sprintf("LeaderAndIsrPartitionState(topicName='%s', partitionIndex=%d, controllerEpoch=-1, leader=%d, leaderEpoch=%d, isr=[%s], partitionEpoch=%d, replicas=[%s], addingReplicas=[], removingReplicas=[], isNew=false, leaderRecoveryState=0)",
		p.top.name, p.n, leader, p.lEpoch, kafkaInts(p.isr, ", "), p.pEpoch, kafkaInts(p.replicas[:], ", "))
}

func (k *kafkaLog) leaderLine(tr truth, at time.Time, p *kafkaPart, from int64) {
	k.stateChange(tr, at, fmt.Sprintf("Leader %s with topic id Some(%s) starts at leader epoch %d from offset %d with partition epoch %d, high watermark %d, ISR [%s], adding replicas [] and removing replicas [] . Previous leader epoch was %d.",
		p.name, p.top.id, p.lEpoch, from, p.pEpoch, from, kafkaInts(p.isr, ","), p.lEpoch-1))
}

func (k *kafkaLog) followerLine(tr truth, at time.Time, p *kafkaPart, leader int, from int64) {
	k.stateChange(tr, at, fmt.Sprintf("Follower %s starts at leader epoch %d from offset %d with partition epoch %d and high watermark %d. Current leader is %d. Previous leader epoch was %d.",
		p.name, p.lEpoch, from, p.pEpoch, from, leader, p.lEpoch-1))
}

// addFetchers writes the fetchers added for partitions now followed at a leader, a line
// for each fetcher thread.
func (k *kafkaLog) addFetchers(tr truth, at time.Time, leader int, parts []*kafkaPart, starting bool) time.Time {
	for f := 0; f < kafkaFetchers; f++ {
		var items []string
		for _, p := range parts {
			if p.fetcher == f {
				items = append(items, fmt.Sprintf("%s -> InitialFetchState(Some(%s),BrokerEndPoint(id=%d, host=%s:9091),%d,%d)", p.name, p.top.id, leader, k.brokers[leader], p.lEpoch, k.offsetAt(p, at)))
			}
		}
		if len(items) == 0 {
			continue
		}
		if starting {
			k.log(tr, at, "INFO", k.fetcherPrefix(leader, f)+"Starting", "kafka.server.ReplicaFetcherThread")
		}
		k.fetcherManager(tr, at, fmt.Sprintf("Added fetcher to broker %d for partitions %s", leader, kafkaScala("Map", k.hashOrder(items))))
		at = at.Add(k.ms(0, 2))
	}
	return at
}

func kafkaNames(parts []*kafkaPart) []string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.name
	}
	return s
}

// coordinator writes this broker taking over or handing back the group or transaction
// coordinator of an offsets or transaction state partition.
func (k *kafkaLog) coordinator(tr truth, at time.Time, p *kafkaPart, elected bool) {
	g := k.g
	if p.top.name == kafkaOffsets {
		if elected {
			k.log(tr, at, "INFO", fmt.Sprintf("[GroupCoordinator 2]: Elected as the group coordinator for partition %d in epoch %d", p.n, p.lEpoch), "kafka.coordinator.group.GroupCoordinator")
			k.log(tr, at, "INFO", fmt.Sprintf("[GroupMetadataManager brokerId=2] Scheduling loading of offsets and group metadata from %s for epoch %d", p.name, p.lEpoch), "kafka.coordinator.group.GroupMetadataManager")
			took := g.between(20, 900)
			k.log(tr, at.Add(time.Duration(took)*time.Millisecond), "INFO", fmt.Sprintf("[GroupMetadataManager brokerId=2] Finished loading offsets and group metadata from %s in %d milliseconds for epoch %d, of which %d milliseconds was spent in the scheduler.", p.name, took, p.lEpoch, g.between(0, 6)), "kafka.coordinator.group.GroupMetadataManager")
			return
		}
		k.log(tr, at, "INFO", fmt.Sprintf("[GroupCoordinator 2]: Resigned as the group coordinator for partition %d in epoch OptionalInt[%d]", p.n, p.lEpoch), "kafka.coordinator.group.GroupCoordinator")
		k.log(tr, at, "INFO", fmt.Sprintf("[GroupMetadataManager brokerId=2] Scheduling unloading of offsets and group metadata from %s", p.name), "kafka.coordinator.group.GroupMetadataManager")
		k.log(tr, at.Add(k.ms(0, 4)), "INFO", fmt.Sprintf("[GroupMetadataManager brokerId=2] Finished unloading %s for coordinator epoch OptionalInt[%d]. Removed %d cached offsets and %d cached groups.", p.name, p.lEpoch, g.between(0, 900), g.between(0, 14)), "kafka.coordinator.group.GroupMetadataManager")
		return
	}
	tsm := "kafka.coordinator.transaction.TransactionStateManager"
	if elected {
		k.log(tr, at, "INFO", fmt.Sprintf("[TransactionCoordinator id=2] Elected as the txn coordinator for partition %d at epoch %d", p.n, p.lEpoch), "kafka.coordinator.transaction.TransactionCoordinator")
		k.log(tr, at, "INFO", fmt.Sprintf("[Transaction State Manager 2]: Loading transaction metadata from %s at epoch %d", p.name, p.lEpoch), tsm)
		k.log(tr, at.Add(k.ms(5, 300)), "INFO", fmt.Sprintf("[Transaction State Manager 2]: Completed loading transaction metadata from %s for coordinator epoch %d", p.name, p.lEpoch), tsm)
		return
	}
	k.log(tr, at, "INFO", fmt.Sprintf("[TransactionCoordinator id=2] Resigned as the txn coordinator for partition %d at epoch OptionalInt[%d]", p.n, p.lEpoch), "kafka.coordinator.transaction.TransactionCoordinator")
	k.log(tr, at, "INFO", fmt.Sprintf("[Transaction State Manager 2]: Scheduling unloading transaction metadata from %s with epoch %d", p.name, p.lEpoch), tsm)
	k.log(tr, at.Add(k.ms(0, 3)), "INFO", fmt.Sprintf("[Transaction State Manager 2]: Finished unloading transaction metadata from %s for coordinator epoch %d", p.name, p.lEpoch), tsm)
}

// drainISR is broker 3's controlled shutdown as this broker sees it: the new leaders and
// the ISRs without broker 3 in one metadata update, the fetchers moved, those to broker
// 3 shut down; broker 3 back in the ISRs once it has caught up; its preferred leaders
// restored by the controller's leader rebalance.
func (k *kafkaLog) drainISR() {
	g := k.g
	tr := k.drain.truth()
	at := k.drainMove
	var toMe, toOne, isrLead, isrFollow []*kafkaPart
	for _, p := range k.parts {
		if !p.existsAt(at) {
			continue
		}
		switch {
		case len(p.moves) > 0 && p.moves[0].leader == 2:
			toMe = append(toMe, p)
		case len(p.moves) > 0:
			toOne = append(toOne, p)
		case p.replicas[0] == 2:
			isrLead = append(isrLead, p)
		default:
			isrFollow = append(isrFollow, p)
		}
	}
	k.stateChange(tr, at, fmt.Sprintf("Transitioning %d partition(s) to local leaders.", len(toMe)+len(isrLead)))
	k.removeFetchers(tr, at, toMe)
	k.stateChange(tr, at, fmt.Sprintf("Stopped fetchers as part of become-leader for %d partitions", len(toMe)))
	leaders := append(append([]*kafkaPart(nil), toMe...), isrLead...)
	g.rng.Shuffle(len(leaders), func(a, b int) { leaders[a], leaders[b] = leaders[b], leaders[a] })
	var elected []*kafkaPart
	for _, p := range leaders {
		at = at.Add(time.Duration(g.between(50, 600)) * time.Microsecond)
		p.isr = kafkaWithout(p.isr, 3)
		p.pEpoch++
		if p.replicas[0] == 3 {
			p.lEpoch++
			k.leaderLine(tr, at, p, k.offsetAt(p, at))
			if p.top.name == kafkaOffsets || p.top.name == kafkaTxnState {
				elected = append(elected, p)
			}
			continue
		}
		k.stateChange(tr, at, fmt.Sprintf("Skipped the become-leader state change for %s with topic id Some(%s) and partition state %s since it is already the leader with leader epoch %d. Current high watermark %d, ISR [%s], adding replicas [] and removing replicas [].",
			p.name, p.top.id, k.partitionState(p, 2), p.lEpoch, k.offsetAt(p, at), kafkaInts(p.isr, ",")))
	}
	followers := append(append([]*kafkaPart(nil), toOne...), isrFollow...)
	g.rng.Shuffle(len(followers), func(a, b int) { followers[a], followers[b] = followers[b], followers[a] })
	at = at.Add(k.ms(1, 5))
	k.stateChange(tr, at, fmt.Sprintf("Transitioning %d partition(s) to local followers.", len(followers)))
	for _, p := range followers {
		at = at.Add(time.Duration(g.between(50, 500)) * time.Microsecond)
		p.isr = kafkaWithout(p.isr, 3)
		p.pEpoch++
		if p.replicas[0] == 3 {
			p.lEpoch++
			k.followerLine(tr, at, p, 1, k.offsetAt(p, at))
			continue
		}
		k.stateChange(tr, at, fmt.Sprintf("Skipped the become-follower state change for %s with topic id Some(%s) and partition state %s since it is already a follower with leader epoch %d.",
			p.name, p.top.id, k.partitionState(p, p.leaderAt(at)), p.lEpoch))
	}
	k.removeFetchers(tr, at, toOne)
	k.stateChange(tr, at, fmt.Sprintf("Stopped fetchers as part of become-follower for %d partitions", len(toOne)))
	at = k.addFetchers(tr, at.Add(k.ms(1, 3)), 1, toOne, false)
	k.stateChange(tr, at, fmt.Sprintf("Started fetchers as part of become-follower for %d partitions", len(toOne)))
	for f := 0; f < kafkaFetchers; f++ {
		pre := k.fetcherPrefix(3, f)
		at = at.Add(k.ms(0, 3))
		k.log(tr, at, "INFO", pre+"Shutting down", "kafka.server.ReplicaFetcherThread")
		k.log(tr, at.Add(k.ms(0, 2)), "INFO", pre+"Stopped", "kafka.server.ReplicaFetcherThread")
		k.log(tr, at.Add(k.ms(2, 4)), "INFO", pre+"Shutdown completed", "kafka.server.ReplicaFetcherThread")
	}
	at = at.Add(k.ms(5, 30))
	for _, p := range elected {
		k.coordinator(tr, at, p, true)
		at = at.Add(k.ms(0, 3))
	}
	// Broker 3 is back and catches up on the partitions this broker leads.
	for _, p := range leaders {
		k.expand(tr, k.broker3Back.Add(time.Duration(g.between(800, 40000))*time.Millisecond), p, 3)
	}
	// The controller's leader rebalance hands broker 3 its leaders back.
	at = k.electAt
	var back []*kafkaPart
	for _, p := range append(append([]*kafkaPart(nil), toMe...), toOne...) {
		back = append(back, p)
	}
	g.rng.Shuffle(len(back), func(a, b int) { back[a], back[b] = back[b], back[a] })
	k.stateChange(tr, at, fmt.Sprintf("Transitioning %d partition(s) to local followers.", len(back)))
	for _, p := range back {
		at = at.Add(time.Duration(g.between(50, 500)) * time.Microsecond)
		p.lEpoch++
		p.pEpoch++
		if !kafkaHas(p.isr, 3) {
			p.isr = append(p.isr, 3)
		}
		k.followerLine(tr, at, p, 3, k.offsetAt(p, at))
	}
	k.removeFetchers(tr, at, toOne)
	k.stateChange(tr, at, fmt.Sprintf("Stopped fetchers as part of become-follower for %d partitions", len(back)))
	at = k.addFetchers(tr, at.Add(k.ms(1, 3)), 3, back, true)
	k.stateChange(tr, at, fmt.Sprintf("Started fetchers as part of become-follower for %d partitions", len(back)))
	at = at.Add(k.ms(3, 20))
	for _, p := range elected {
		k.coordinator(tr, at, p, false)
		at = at.Add(k.ms(0, 3))
	}
}

func kafkaHas(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// drainLines: the active controller goes down with the node and the quorum elects 100;
// the broker learns the new leader of the metadata log and its channels to the controller
// follow.
func (k *kafkaLog) drainLines() {
	tr := k.drain.truth()
	at := k.drain.start.Add(k.ms(600, 2500))
	k.log(tr, at, "INFO", "[RaftManager id=2] Node 102 disconnected.", "org.apache.kafka.clients.NetworkClient")
	at = at.Add(k.ms(300, 1800))
	hw := k.metaOffset(at)
	k.log(tr, at, "INFO", fmt.Sprintf("[RaftManager id=2] Completed transition to FollowerState(fetchTimeoutMs=2000, epoch=16, leaderId=100, voters=[100, 101, 102], highWatermark=Optional.empty, fetchingSnapshot=Optional.empty) from FollowerState(fetchTimeoutMs=2000, epoch=15, leaderId=102, voters=[100, 101, 102], highWatermark=Optional[LogOffsetMetadata(offset=%d, metadata=Optional.empty)], fetchingSnapshot=Optional.empty)", hw),
		"org.apache.kafka.raft.QuorumState")
	for _, name := range []string{"heartbeat", "forwarding", "alter-partition"} {
		at = at.Add(k.ms(2, 400))
		k.log(tr, at, "INFO", fmt.Sprintf("[NodeToControllerChannelManager id=2 name=%s] Recorded new controller, from now on will use node events-prod-controllers-100.events-prod-kafka-brokers.kafka.svc:9090 (id: 100 rack: null)", name), "kafka.server.NodeToControllerRequestThread")
	}
}

// metaOffset is the offset of the metadata log at t: the controller's no-op records and
// the brokers' changes.
func (k *kafkaLog) metaOffset(t time.Time) int64 {
	return k.meta0 + int64(2.3*t.Sub(k.start).Seconds())
}

// createdLines: order-returns created by the topic operator, then the internal topics
// of returns-analytics when the app starts: the logs created, the partitions led here
// and those followed, with their fetchers.
func (k *kafkaLog) createdLines() {
	tr := k.created.truth()
	at := k.created.start
	k.createTopics(tr, at, k.byTopic[kafkaReturns])
	k.createTopics(tr, k.streamsAppAt, append(append([]*kafkaPart(nil), k.byTopic[kafkaRetRepl]...), k.byTopic[kafkaRetLog]...))
}

func (k *kafkaLog) createTopics(tr truth, at time.Time, parts []*kafkaPart) {
	g := k.g
	var lead, follow []*kafkaPart
	for _, p := range parts {
		if p.replicas[0] == 2 {
			lead = append(lead, p)
		} else {
			follow = append(follow, p)
		}
	}
	create := func(p *kafkaPart) {
		at = at.Add(time.Duration(g.between(200, 3000)) * time.Microsecond)
		k.stateChange(tr, at, fmt.Sprintf("Creating new partition %s with topic id %s.", p.name, p.top.id))
		k.log(tr, at, "INFO", k.logPrefix("LogLoader", p)+"Loading producer state till offset 0 with message format version 2", "kafka.log.UnifiedLog$")
		at = at.Add(time.Duration(g.between(300, 4000)) * time.Microsecond)
		k.log(tr, at, "INFO", fmt.Sprintf("Created log for partition %s in %s/%s with properties %s", p.name, kafkaDir, p.name, p.top.props), "kafka.log.LogManager")
		k.partitionLog(tr, at, p, "No checkpointed highwatermark is found for partition "+p.name)
		k.partitionLog(tr, at, p, fmt.Sprintf("Log loaded for partition %s with initial high watermark 0", p.name))
	}
	k.stateChange(tr, at, fmt.Sprintf("Transitioning %d partition(s) to local leaders.", len(lead)))
	k.removeFetchers(tr, at, lead)
	k.stateChange(tr, at, fmt.Sprintf("Stopped fetchers as part of become-leader for %d partitions", len(lead)))
	for _, p := range lead {
		create(p)
		k.stateChange(tr, at, fmt.Sprintf("Leader %s with topic id Some(%s) starts at leader epoch 0 from offset 0 with partition epoch 0, high watermark 0, ISR [%s], adding replicas [] and removing replicas [] . Previous leader epoch was -1.",
			p.name, p.top.id, kafkaInts(p.isr, ",")))
	}
	k.stateChange(tr, at, fmt.Sprintf("Transitioning %d partition(s) to local followers.", len(follow)))
	for _, p := range follow {
		create(p)
		k.stateChange(tr, at, fmt.Sprintf("Follower %s starts at leader epoch 0 from offset 0 with partition epoch 0 and high watermark 0. Current leader is %d. Previous leader epoch was -1.", p.name, p.replicas[0]))
	}
	k.removeFetchers(tr, at, follow)
	k.stateChange(tr, at, fmt.Sprintf("Stopped fetchers as part of become-follower for %d partitions", len(follow)))
	for _, leader := range []int{1, 3} {
		var mine []*kafkaPart
		for _, p := range follow {
			if p.replicas[0] == leader {
				mine = append(mine, p)
			}
		}
		at = k.addFetchers(tr, at, leader, mine, false)
	}
	k.stateChange(tr, at, fmt.Sprintf("Started fetchers as part of become-follower for %d partitions", len(follow)))
	for _, p := range follow {
		at = at.Add(time.Duration(g.between(100, 2000)) * time.Microsecond)
		k.log(tr, at, "INFO", k.fetcherPrefix(p.replicas[0], p.fetcher)+fmt.Sprintf("Truncating partition %s with TruncationState(offset=0, completed=true) due to local high watermark 0", p.name), "kafka.server.ReplicaFetcherThread")
		k.log(tr, at, "INFO", k.logPrefix("UnifiedLog", p)+"Truncating to 0 has no effect as the largest offset in the log is -1", "kafka.log.UnifiedLog")
	}
}

// Kinds of consumer groups.
const (
	kafkaConsumer = iota
	kafkaStreams
	kafkaConnect
	kafkaSink
)

type kafkaMember struct {
	id, client, host string
}

// Group events.
const (
	kafkaJoin = iota
	kafkaLeave
	kafkaFail
)

type kafkaGroupEvent struct {
	at     time.Time
	kind   int
	member kafkaMember   // a join's new member
	oldest bool          // a leave or failure: the oldest member rather than any
	reason string        // a leave's client reason
	wait   time.Duration // if it starts a rebalance: until the members have rejoined
	kick   int           // members that do not rejoin in time, removed when it completes
	tr     truth
}

type kafkaGroup struct {
	name        string
	kind        int
	pods, per   int
	gen         int
	part        int
	sessionMs   int
	rebalanceMs int
	app         string // a Streams app's id, a connector's name
	members     []kafkaMember
	events      []kafkaGroupEvent
	pids        []string // a Streams app's process ids, one a pod (kept in its state dir)
}

func (k *kafkaLog) podIP() string {
	return fmt.Sprintf("10.2.%d.%d", k.g.between(16, 63), k.g.between(2, 254))
}

// podMembers makes the members of one pod of g (its consumers, or stream threads).
func (k *kafkaLog) podMembers(g *kafkaGroup, pod int) []kafkaMember {
	ip := k.podIP()
	var out []kafkaMember
	for i := 1; i <= g.per; i++ {
		var client string
		switch g.kind {
		case kafkaStreams:
			client = fmt.Sprintf("%s-%s-StreamThread-%d-consumer", g.app, g.pids[pod], i)
		case kafkaConnect:
			client = "connect-1"
		case kafkaSink:
			client = fmt.Sprintf("connector-consumer-%s-%d", g.app, pod*g.per+i-1)
		default:
			client = fmt.Sprintf("consumer-%s-%d", g.name, i)
		}
		out = append(out, kafkaMember{id: client + "-" + k.g.uuid(), client: client, host: ip})
	}
	return out
}

func (k *kafkaLog) newGroup(name string, kind, pods, per, gen int, app string) *kafkaGroup {
	g := &kafkaGroup{name: name, kind: kind, pods: pods, per: per, gen: gen, part: kafkaPartitionFor(name), sessionMs: 45000, rebalanceMs: 300000, app: app}
	if kind == kafkaConnect {
		g.sessionMs, g.rebalanceMs = 10000, 60000
	}
	for i := 0; i < pods; i++ {
		g.pids = append(g.pids, k.g.uuid())
	}
	return g
}

func (g *kafkaGroup) protocols() string {
	switch g.kind {
	case kafkaStreams:
		return "List(stream)"
	case kafkaConnect:
		return "List(sessioned, compatible, default)"
	}
	return "List(range, cooperative-sticky)"
}

func (k *kafkaLog) join(g *kafkaGroup, at time.Time, m kafkaMember, tr truth) {
	g.events = append(g.events, kafkaGroupEvent{at: at, kind: kafkaJoin, member: m, tr: tr})
}

func (k *kafkaLog) leave(g *kafkaGroup, at time.Time, oldest bool, reason string, tr truth) {
	g.events = append(g.events, kafkaGroupEvent{at: at, kind: kafkaLeave, oldest: oldest, reason: reason, tr: tr})
}

// rollout is a rolling update of g's pods: a new pod's consumers join, the old pod's
// leave once it is ready (a StatefulSet's pod goes first, then comes back); it returns
// when the last pod is done.
func (k *kafkaLog) rollout(g *kafkaGroup, at time.Time, tr truth) time.Time {
	rng := k.g
	for pod := 0; pod < g.pods; pod++ {
		members := k.podMembers(g, pod)
		if g.kind == kafkaStreams {
			for range members {
				k.leave(g, at, true, "the consumer is being closed", tr)
			}
			up := at.Add(time.Duration(rng.between(25, 50)) * time.Second)
			for _, m := range members {
				k.join(g, up.Add(k.ms(0, 400)), m, tr)
			}
			k.txnInit(tr, up.Add(k.ms(200, 900)), g.app, g.pids[pod], g.per)
			at = up.Add(time.Duration(rng.between(10, 30)) * time.Second)
			continue
		}
		for _, m := range members {
			k.join(g, at.Add(k.ms(0, 600)), m, tr)
		}
		ready := at.Add(time.Duration(rng.between(12, 28)) * time.Second)
		for range members {
			k.leave(g, ready.Add(k.ms(0, 300)), true, "the consumer is being closed", tr)
		}
		at = ready.Add(time.Duration(rng.between(3, 15)) * time.Second)
	}
	return at
}

// txnInit is the transactional producers of a Streams app (exactly-once v2: one a
// stream thread, its id kept across restarts) initialized again: the coordinator of
// each id fences the previous epoch. Only the ids whose transaction state partition
// this broker leads are logged here.
func (k *kafkaLog) txnInit(tr truth, at time.Time, app, pid string, threads int) {
	if app != "fraud-features" && app != "orders-projector" {
		return
	}
	for i := 1; i <= threads; i++ {
		id := fmt.Sprintf("%s-%s-%d", app, pid, i)
		part := k.byTopic[kafkaTxnState][kafkaPartitionFor(id)]
		if part.leaderAt(at) != 2 {
			continue
		}
		if _, ok := k.txnIDs[id]; !ok {
			k.producerID += k.g.between(1, 400)
			k.txnIDs[id] = k.producerID
			k.txnEpochs[id] = k.g.between(3, 60)
		}
		k.txnEpochs[id]++
		k.log(tr, at.Add(k.ms(0, 60)), "INFO", fmt.Sprintf("[TransactionCoordinator id=2] Initialized transactionalId %s with producerId %d and producer epoch %d on partition %s-%d",
			id, k.txnIDs[id], k.txnEpochs[id], kafkaTxnState, part.n), "kafka.coordinator.transaction.TransactionCoordinator")
	}
}

// groups sets up the groups coordinated here and what happens to them, then plays each
// group's events.
func (k *kafkaLog) groups() {
	rng := k.g
	type conf struct {
		name           string
		kind, pods     int
		per            int
		app            string
		deploys, fails float64 // an hour
	}
	confs := []conf{
		{kafkaLoopGroup, kafkaConsumer, 8, 1, "", 0.1, 0.3},
		{"clickstream-sessionizer", kafkaStreams, 6, 4, "clickstream-sessionizer", 0.08, 0.3},
		{"clickstream-attribution", kafkaStreams, 4, 4, "clickstream-attribution", 0.08, 0.2},
		{"inventory-aggregator", kafkaStreams, 3, 2, "inventory-aggregator", 0.1, 0.2},
		{"fraud-features", kafkaStreams, 3, 2, "fraud-features", 0.15, 0.2},
		{"connect-cluster", kafkaConnect, 3, 1, "", 0, 0.05},
		{"connect-s3-sink-clickstream", kafkaSink, 3, 4, "s3-sink-clickstream", 0, 0.1},
		{"connect-elastic-sink-search", kafkaSink, 2, 2, "elastic-sink-search", 0, 0.1},
		{"audit-archiver", kafkaConsumer, 2, 1, "", 0.1, 0.1},
		{"sms-gateway", kafkaConsumer, 3, 2, "", 0.05, 0.2},
		{"customer-360", kafkaConsumer, 6, 2, "", 0.05, 0.3},
		{"logs-shipper-es", kafkaConsumer, 6, 1, "", 0.1, 0.3},
		{"session-replay", kafkaConsumer, 4, 1, "", 0.05, 0.2},
		{"ads-attribution", kafkaConsumer, 4, 1, "", 0.05, 0.2},
	}
	var all []*kafkaGroup
	byName := map[string]*kafkaGroup{}
	for _, c := range confs {
		g := k.newGroup(c.name, c.kind, c.pods, c.per, rng.between(40, 2400), c.app)
		for pod := 0; pod < c.pods; pod++ {
			g.members = append(g.members, k.podMembers(g, pod)...)
		}
		all = append(all, g)
		byName[c.name] = g
		if k.byTopic[kafkaOffsets][g.part].replicas[0] != 2 {
			continue // coordinated by another broker
		}
		// Routine deploys and pods dying (OOMKilled, evicted) and coming back.
		rng.arrivals(k.start, k.end, func(time.Time) float64 { return c.deploys / 3600 }, func(t time.Time) {
			if (c.name == kafkaLoopGroup && within(t, k.loopAt.Add(-15*time.Minute), 40*time.Minute)) || within(t, k.release.start.Add(-10*time.Minute), 30*time.Minute) {
				return
			}
			k.rollout(g, t, routine)
		})
		rng.arrivals(k.start, k.end, func(time.Time) float64 { return c.fails / 3600 }, func(t time.Time) {
			if c.name == kafkaLoopGroup && within(t, k.loopAt.Add(-5*time.Minute), 30*time.Minute) {
				return
			}
			k.failAndReturn(g, t, routine)
		})
	}
	// logs-shipper-es is scaled by an HPA with the log volume.
	shipper := byName["logs-shipper-es"]
	for _, s := range []struct {
		at time.Duration
		n  int
	}{{37 * time.Minute, 2}, {103 * time.Minute, 2}, {171 * time.Minute, -3}} {
		t := k.start.Add(s.at + time.Duration(rng.between(0, 60))*time.Second)
		for i := 0; i < s.n; i++ {
			for _, m := range k.podMembers(shipper, 0) {
				k.join(shipper, t.Add(time.Duration(i)*k.ms(200, 3000)), m, routine)
			}
		}
		for i := 0; i < -s.n; i++ {
			k.leave(shipper, t.Add(time.Duration(i)*k.ms(100, 900)), false, "the consumer is being closed", routine)
		}
	}
	// The new Streams app of 1:14 joins once its topics exist.
	ret := k.newGroup("returns-analytics", kafkaStreams, 3, 2, 0, "returns-analytics")
	all = append(all, ret)
	at := k.streamsAppAt.Add(k.ms(1500, 4000))
	for pod := 0; pod < ret.pods; pod++ {
		for _, m := range k.podMembers(ret, pod) {
			k.join(ret, at.Add(k.ms(0, 900)), m, k.created.truth())
		}
		at = at.Add(time.Duration(rng.between(2, 9)) * time.Second)
	}
	// The release train at 2:02: four groups coordinated here, and orders-projector,
	// whose group is coordinated elsewhere but some of whose transactional ids are here.
	at = k.release.start
	for _, name := range []string{"customer-360", "sms-gateway", "session-replay", "ads-attribution"} {
		k.rollout(byName[name], at, k.release.truth())
		at = at.Add(time.Duration(rng.between(40, 110)) * time.Second)
	}
	for pod := 0; pod < 2; pod++ {
		pid := rng.uuid()
		k.txnInit(k.release.truth(), k.release.start.Add(time.Duration(50+pod*45)*time.Second), "orders-projector", pid, 2)
		k.txnInit(k.release.truth(), k.release.start.Add(time.Duration(140+pod*45)*time.Second), "orders-projector", pid, 2)
	}
	k.rebalanceLoop(byName[kafkaLoopGroup])
	k.consoleConsumers()
	for _, g := range all {
		if k.byTopic[kafkaOffsets][g.part].replicas[0] == 2 {
			k.play(g)
		}
	}
}

// failAndReturn is a pod of g dying without leaving: its consumers fail their session,
// and the restarted pod's join again.
func (k *kafkaLog) failAndReturn(g *kafkaGroup, at time.Time, tr truth) {
	rng := k.g
	expired := at.Add(time.Duration(g.sessionMs)*time.Millisecond + k.ms(0, 3000))
	g.events = append(g.events, kafkaGroupEvent{at: expired, kind: kafkaFail, tr: tr})
	host := k.podIP()
	back := at.Add(time.Duration(rng.between(35, 120)) * time.Second)
	m := k.podMembers(g, rng.intn(g.pods))[0]
	m.host = host
	k.join(g, back, m, tr)
	if g.kind == kafkaStreams {
		k.txnInit(tr, back.Add(k.ms(100, 600)), g.app, g.pids[rng.intn(g.pods)], 1)
	}
}

// rebalanceLoop: invoice-renderer's batches outlast its max.poll.interval.ms (120 s,
// also its rebalance timeout). A member leaves on poll timeout and rejoins as a new
// member; the others, busy with their own batches, rejoin late or not at all and are
// kicked when the rebalance times out; the kicked ones come back as new members and
// start the next rebalance. Two pods are OOMKilled on the way; at last a fixed build
// (smaller batches) is rolled out.
func (k *kafkaLog) rebalanceLoop(g *kafkaGroup) {
	rng := k.g
	tr := incident(kafkaLoop)
	g.rebalanceMs = 120000
	fix := k.loopEnd.Add(-4 * time.Minute)
	t := k.loopAt
	for t.Before(fix) {
		ev := kafkaGroupEvent{at: t, kind: kafkaLeave, reason: "consumer poll timeout has expired.", tr: tr}
		kicked := 0
		if rng.chance(0.6) {
			ev.wait = 120*time.Second + k.ms(0, 40)
			kicked = rng.between(1, 2)
		} else {
			ev.wait = time.Duration(rng.between(15, 95)) * time.Second
		}
		ev.kick = kicked
		g.events = append(g.events, ev)
		m := k.podMembers(g, 0)[0]
		m.host = k.podIP()
		k.join(g, t.Add(k.ms(800, 6000)), m, tr)
		done := t.Add(ev.wait)
		for i := 0; i < kicked; i++ {
			m := k.podMembers(g, 0)[0]
			m.host = k.podIP()
			k.join(g, done.Add(time.Duration(rng.between(20, 80))*time.Second), m, tr)
		}
		t = done.Add(time.Duration(rng.between(15, 70)) * time.Second)
	}
	for _, d := range []time.Duration{6*time.Minute + 40*time.Second, 13*time.Minute + 5*time.Second} {
		k.failAndReturn(g, k.loopAt.Add(d), tr)
	}
	end := k.rollout(g, fix.Add(k.ms(0, 9000)), tr)
	if end.After(k.loopEnd) {
		k.loopEnd = end
	}
}

// consoleConsumers: engineers looking at a topic with kafka-console-consumer, a group of
// their own each time.
func (k *kafkaLog) consoleConsumers() {
	rng := k.g
	for _, d := range []time.Duration{43 * time.Minute, 117 * time.Minute, 158 * time.Minute} {
		var g *kafkaGroup
		for {
			name := fmt.Sprintf("console-consumer-%05d", rng.between(1000, 99999))
			if k.byTopic[kafkaOffsets][kafkaPartitionFor(name)].replicas[0] == 2 {
				g = k.newGroup(name, kafkaConsumer, 1, 1, 0, "")
				break
			}
		}
		ip := fmt.Sprintf("10.2.%d.%d", rng.between(64, 70), rng.between(2, 254))
		at := k.start.Add(d + time.Duration(rng.between(0, 300))*time.Second)
		client := "console-consumer"
		k.join(g, at, kafkaMember{id: client + "-" + rng.uuid(), client: client, host: ip}, routine)
		k.leave(g, at.Add(time.Duration(rng.between(40, 900))*time.Second), false, "the consumer is being closed", routine)
		k.play(g)
	}
}

func (k *kafkaLog) coord(tr truth, at time.Time, msg string) {
	k.log(tr, at, "INFO", "[GroupCoordinator 2]: "+msg, "kafka.coordinator.group.GroupCoordinator")
}

// play runs g's events through the group coordinator's state machine: a join or a leave
// in a stable group starts a rebalance, which completes once the members have rejoined
// with a new generation.
func (k *kafkaLog) play(g *kafkaGroup) {
	rng := k.g
	sort.SliceStable(g.events, func(a, b int) bool { return g.events[a].at.Before(g.events[b].at) })
	state := "Stable"
	if len(g.members) == 0 {
		state = "Empty"
	}
	var due time.Time
	var rtr truth
	kick := 0
	where := fmt.Sprintf("(%s-%d)", kafkaOffsets, g.part)
	complete := func() {
		at := due
		if kick > 0 && len(g.members) > kick {
			// Members busy past the rebalance timeout: not the newest, which just joined.
			var gone []string
			for i := 0; i < kick; i++ {
				j := rng.intn(len(g.members) - 1)
				gone = append(gone, g.members[j].id)
				g.members = append(g.members[:j], g.members[j+1:]...)
			}
			k.coord(rtr, at, fmt.Sprintf("Group %s removed dynamic members who haven't joined: %s", g.name, kafkaScala("Set", gone)))
		}
		g.gen++
		if len(g.members) == 0 {
			k.coord(rtr, at, fmt.Sprintf("Group %s with generation %d is now empty %s", g.name, g.gen, where))
			state = "Empty"
			return
		}
		k.coord(rtr, at, fmt.Sprintf("Stabilized group %s generation %d %s with %d members", g.name, g.gen, where, len(g.members)))
		k.coord(rtr, at.Add(k.ms(2, 60)), fmt.Sprintf("Assignment received from leader %s for group %s for generation %d. The group has %d members, 0 of which are static.", g.members[0].id, g.name, g.gen, len(g.members)))
		state = "Stable"
	}
	rejoin := func(ev kafkaGroupEvent) time.Duration {
		if ev.wait > 0 {
			return ev.wait
		}
		d := time.Duration(rng.lognormal(1200, 0.7) * float64(time.Millisecond))
		if g.kind == kafkaStreams {
			d *= 2
		}
		return min(d, time.Duration(g.rebalanceMs)*time.Millisecond)
	}
	prepare := func(ev kafkaGroupEvent, at time.Time, reason string) {
		k.coord(ev.tr, at, fmt.Sprintf("Preparing to rebalance group %s in state PreparingRebalance with old generation %d %s (reason: %s)", g.name, g.gen, where, reason))
		rtr, kick = ev.tr, ev.kick
		if state == "Empty" {
			due = at.Add(3*time.Second + k.ms(0, 50)) // group.initial.rebalance.delay.ms
		} else {
			due = at.Add(rejoin(ev))
		}
		state = "PreparingRebalance"
	}
	pickMember := func(oldest bool) int {
		if oldest || len(g.members) == 1 {
			return 0
		}
		return rng.intn(len(g.members))
	}
	for _, ev := range g.events {
		if state == "PreparingRebalance" && !ev.at.Before(due) {
			complete()
		}
		switch ev.kind {
		case kafkaJoin:
			m := ev.member
			k.coord(ev.tr, ev.at, fmt.Sprintf("Dynamic member with unknown member id joins group %s in %s state. Created a new member id %s and request the member to rejoin with this id.", g.name, state, m.id))
			g.members = append(g.members, m)
			at := ev.at.Add(k.ms(3, 40))
			switch state {
			case "PreparingRebalance":
				if ev.tr.incident != "" {
					rtr = ev.tr
				}
				if due.Before(at) {
					due = at.Add(k.ms(5, 50))
				}
			default:
				prepare(ev, at, fmt.Sprintf("Adding new member %s with group instance id None; client reason: rebalance failed due to MemberIdRequiredException", m.id))
			}
		case kafkaLeave, kafkaFail:
			if len(g.members) == 0 {
				continue
			}
			i := pickMember(ev.oldest)
			m := g.members[i]
			g.members = append(g.members[:i], g.members[i+1:]...)
			var reason string
			if ev.kind == kafkaLeave {
				k.coord(ev.tr, ev.at, fmt.Sprintf("Member MemberMetadata(memberId=%s, groupInstanceId=None, clientId=%s, clientHost=/%s, sessionTimeoutMs=%d, rebalanceTimeoutMs=%d, supportedProtocols=%s) has left group %s through explicit `LeaveGroup` request; client reason: %s",
					m.id, m.client, m.host, g.sessionMs, g.rebalanceMs, g.protocols(), g.name, ev.reason))
				reason = fmt.Sprintf("removing member %s on LeaveGroup; client reason: %s", m.id, ev.reason)
			} else {
				k.coord(ev.tr, ev.at, fmt.Sprintf("Member %s in group %s has failed, removing it from the group", m.id, g.name))
				reason = fmt.Sprintf("removing member %s on heartbeat expiration", m.id)
			}
			switch state {
			case "Stable":
				prepare(ev, ev.at, reason)
				if len(g.members) == 0 {
					due = ev.at.Add(k.ms(0, 2))
				}
			case "PreparingRebalance":
				if ev.tr.incident != "" {
					rtr = ev.tr
				}
			}
		}
	}
	if state == "PreparingRebalance" {
		complete()
	}
}

// periodic: expired offsets removed every 10 minutes, a metadata snapshot every hour.
func (k *kafkaLog) periodic() {
	g := k.g
	g.every(k.start.Add(time.Duration(g.between(10, 590))*time.Second), k.end, 10*time.Minute, 20*time.Millisecond, func(t time.Time) {
		n, took := 0, g.between(0, 2)
		if g.chance(0.2) {
			n, took = g.between(1, 40), g.between(1, 9)
		}
		k.log(routine, t, "INFO", fmt.Sprintf("[GroupMetadataManager brokerId=2] Removed %d expired offsets in %d milliseconds.", n, took), "kafka.coordinator.group.GroupMetadataManager")
	})
	g.every(k.start.Add(time.Duration(g.between(60, 3500))*time.Second), k.end, time.Hour, 900*time.Millisecond, func(t time.Time) {
		epoch := 15
		if t.After(k.drain.start) {
			epoch = 16
		}
		name := fmt.Sprintf("snapshot %020d-%010d", k.metaOffset(t), epoch)
		k.log(routine, t, "INFO", fmt.Sprintf("[SnapshotGenerator id=2] Creating new KRaft snapshot file %s because we have waited at least 60 minute(s).", name), "org.apache.kafka.image.publisher.SnapshotGenerator")
		k.log(routine, t.Add(k.ms(40, 400)), "INFO", "[SnapshotEmitter id=2] Successfully wrote "+name, "org.apache.kafka.image.publisher.SnapshotEmitter")
	})
}

func (k *kafkaLog) channel(port int, ip string) string {
	k.conn += k.g.between(1, 60)
	return fmt.Sprintf("%s:%d-%s:%d-%d", kafkaSelfIP, port, ip, k.g.between(32768, 60999), k.conn)
}

func (k *kafkaLog) failedAuth(tr truth, at time.Time, port int, ip, why string) {
	k.log(tr, at, "INFO", fmt.Sprintf("[SocketServer listenerType=BROKER, nodeId=2] Failed authentication with /%s (channelId=%s) (%s)", ip, k.channel(port, ip), why), "org.apache.kafka.common.network.Selector")
}

const kafkaSCRAMFailed = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"

// routineNoise: the blackbox probe, clients gone before their response, stray failed
// logins, a transaction rolled back after its producer vanished.
func (k *kafkaLog) routineNoise() {
	g := k.g
	probe := fmt.Sprintf("10.2.%d.%d", g.between(64, 70), g.between(2, 254))
	g.arrivals(k.start, k.end, func(time.Time) float64 { return 1.0 / 190 }, func(t time.Time) {
		k.log(routine, t, "WARN", fmt.Sprintf("[SocketServer listenerType=BROKER, nodeId=2] Unexpected error from /%s (channelId=%s); closing connection", probe, k.channel(9092, probe)), "org.apache.kafka.common.network.Selector",
			"org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = 1195725856 larger than 104857600)",
			"\tat org.apache.kafka.common.network.NetworkReceive.readFrom(NetworkReceive.java:94)",
			"\tat org.apache.kafka.common.network.KafkaChannel.receive(KafkaChannel.java:462)",
			"\tat org.apache.kafka.common.network.KafkaChannel.read(KafkaChannel.java:412)",
			"\tat org.apache.kafka.common.network.Selector.attemptRead(Selector.java:680)",
			"\tat org.apache.kafka.common.network.Selector.pollSelectionKeys(Selector.java:582)",
			"\tat org.apache.kafka.common.network.Selector.poll(Selector.java:486)",
			"\tat kafka.network.Processor.poll(SocketServer.scala:1144)",
			"\tat kafka.network.Processor.run(SocketServer.scala:1047)",
			"\tat java.base/java.lang.Thread.run(Thread.java:840)")
	})
	g.arrivals(k.start, k.end, func(time.Time) float64 { return 14.0 / 3600 }, func(t time.Time) {
		ip := k.podIP()
		k.log(routine, t, "WARN", "[SocketServer listenerType=BROKER, nodeId=2] Attempting to send response via channel for which there is no open connection, connection id "+k.channel(pick(g, []int{9092, 9093, 9093, 9095}), ip), "kafka.network.Processor")
	})
	stale := []string{k.podIP(), k.podIP()}
	g.arrivals(k.start, k.end, func(time.Time) float64 { return 4.0 / 3600 }, func(t time.Time) {
		if g.chance(0.6) {
			k.failedAuth(routine, t, 9093, g.privateIP(), "SSL handshake failed")
			return
		}
		ip := pick(g, stale)
		for i, n := 0, g.between(1, 3); i < n; i++ {
			k.failedAuth(routine, t.Add(time.Duration(i)*k.ms(900, 1300)), 9095, ip, kafkaSCRAMFailed)
		}
	})
	g.arrivals(k.start, k.end, func(time.Time) float64 { return 1.5 / 3600 }, func(t time.Time) {
		id := fmt.Sprintf("fraud-features-%s-%d", g.uuid(), g.between(1, 2))
		k.log(routine, t, "INFO", fmt.Sprintf("[TransactionCoordinator id=2] Completed rollback of ongoing transaction for transactionalId %s due to timeout", id), "kafka.coordinator.transaction.TransactionCoordinator")
	})
}

// authStorm: a batch job with a stale SCRAM password, its twenty worker threads each
// recreating a client and logging in again about every three seconds, from one pod.
func (k *kafkaLog) authStorm() {
	g := k.g
	tr := incident(kafkaAuthStorm)
	ip := "10.2.41.77"
	g.arrivals(k.stormAt, k.stormEnd, func(t time.Time) float64 {
		if t.Before(k.stormAt.Add(20 * time.Second)) {
			return 2.5 // the job's workers still starting
		}
		return 7
	}, func(t time.Time) {
		k.failedAuth(tr, t, 9095, ip, kafkaSCRAMFailed)
	})
}

// retentionCut: clickstream's retention.ms set to 48 hours with kafka-configs; the
// deletes follow at the next retention check.
func (k *kafkaLog) retentionCut() {
	k.log(k.cutback.truth(), k.cutback.start, "INFO", "[DynamicConfigPublisher broker id=2] Updating topic clickstream with new configuration : retention.ms -> 172800000", "kafka.server.metadata.DynamicConfigPublisher")
}
