package families

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// holdout16 is billing-service, the Spring Boot 3.3.3 service (Java 21.0.4, embedded
// Tomcat 10.1, Hibernate 6.5 on PostgreSQL 16 through HikariCP, Flyway, Spring Kafka 3.2
// on kafka-clients 3.7.1, Resilience4j, Micrometer tracing) that bills the shops of an
// e-commerce platform: it answers the storefront's tax quotes (through an external tax
// API, taxcalc, behind Resilience4j Retry and CircuitBreaker 'taxApi'), serves invoices,
// their PDFs, billing accounts and subscriptions to the shop front ends and back office,
// takes payments and refunds through the payment provider, creates an invoice for every
// order-completed event it consumes from Kafka (orders.order-completed, 12 partitions,
// group billing-service-orders) and marks invoices paid from payments.payment-events (6
// partitions, group billing-service-payments, range assignment, eager rebalances). It
// runs as a Deployment of three pods (2 GiB, -XX:MaxRAMPercentage=75 so a 1536 MB G1
// heap, -Xlog:gc on stdout), five at most through an HPA. Each pod logs one JSON object
// per line through logstash-logback-encoder: @timestamp with millis and offset,
// @version, message, logger_name, thread_name, level, level_value, a stack_trace field
// holding a whole Java stack trace as one escaped string, the MDC (traceId, spanId,
// tenant, userId) inside requests, listener calls and scheduled jobs, app, pod and
// app_version as custom fields, then the structured arguments a line adds (http.method,
// http.path, http.status, duration_ms, kafka.topic, kafka.partition, kafka.offset, pool,
// active, idle, waiting, heap_used_mb ...). The collector interleaves the pods' lines,
// with the JVM's own stdout lines (G1's unified-logging lines with their uptime, the
// JAVA_TOOL_OPTIONS notice at start):
//
//	{"@timestamp":"2024-10-15T09:00:03.412+02:00","@version":"1","message":"GET /api/v1/customers/1482113/invoices 200 41ms","logger_name":"com.shopwave.billing.web.RequestLoggingFilter","thread_name":"http-nio-8080-exec-7","level":"INFO","level_value":20000,"traceId":"6715e3a2c0f14b1e9d2a77c3b0e4f851","spanId":"9d2a77c3b0e4f851","tenant":"acme-de","userId":"c-1482113","app":"billing-service","pod":"billing-service-6c9d7f8b54-x2k9p","app_version":"2.14.3","http.method":"GET","http.path":"/api/v1/customers/1482113/invoices","http.status":200,"duration_ms":41}
//	[38712.204s][info][gc] GC(2841) Pause Young (Normal) (G1 Evacuation Pause) 611M->218M(1024M) 7.912ms
//
// Normal operation, about 14 lines a second at 09:00 rising to 17 by noon: a request
// line for every HTTP request (tax quotes, invoices, invoice lists, PDFs, payments,
// refunds, billing accounts, payment methods, subscriptions, the kubelet's liveness and
// readiness probes every 10 s and Prometheus every 15 s per pod), a line per consumed
// order (the invoice it created) and per payment event, the G1 pauses and a runtime
// stats line a minute per pod (heap, GC, threads, the Hikari pool's active, idle and
// waiting), HikariCP's DEBUG housekeeping every 30 s and its connections retired after
// maxLifetime, a Kafka lag report a minute per consumer, the recurring invoice run every
// 5 minutes on whichever pod wins the ShedLock (per-tenant counts and a total), the
// hourly dunning run and ECB rate refresh. The routine background: 400s for invalid
// IBANs and postal codes (Spring's "Resolved [MethodArgumentNotValidException ...]"),
// 404s for unknown invoices, payments declined by the provider (402), refunds above the
// refundable amount (409), 401s, a client aborting a PDF download (broken pipe), a tax
// call timing out once and succeeding on retry, a slow list query (Hibernate's
// SQL_SLOW), optimistic-lock retries and duplicate payment events, the Kafka producer
// retrying on NOT_LEADER_OR_FOLLOWER, Hikari failing to validate a closed connection, and
// a few times an hour a 500 with a stack trace (an invoice without line items).
//
// Benign changes:
//   - 0:24, the rolling deploy of 2.15.0 (maxSurge 1, maxUnavailable 0): each new pod's
//     start-up (Flyway migrating the schema to v48 on the first, Hibernate, Tomcat, the
//     Kafka consumers and producer, Started ...), the old pods' graceful shutdown, the
//     eager rebalances of both consumer groups on every pod, and from then on the new
//     version's line for every invoice of a German or Austrian tenant (an XRechnung or
//     ebInterface e-invoice generated). All of it carries the change.
//   - 1:05, the autumn-sale campaign (voucher HERBST24): tax quotes, orders, payments
//     and invoice views ramp up to about twice the traffic in 7 minutes and fade over the
//     next hours; the extra requests and events, and a voucher line per campaign order,
//     carry the change.
//   - 1:13, the HPA scales out from 3 to 5 pods: the two new pods' start-ups, their
//     rebalances on every pod and everything the two pods log, until the HPA scales back
//     in at about 2:01 (their shutdowns and the rebalances that follow).
//   - 2:27 for 15 minutes, DEBUG for com.shopwave.billing.tax on each of the three pods
//     through POST /actuator/loggers (and back): the POSTs and two DEBUG lines for every
//     tax call (request and response) carry the change.
//
// Incidents:
//   - 0:41 for 11 to 13 minutes, the tax API down (read timeouts and 503s): Resilience4j
//     retry lines, tax quotes failing after 3 attempts with a stack trace and a 503 after
//     5-7 s, then each pod's circuit breaker opening: quotes answered 503 at once,
//     invoices created with fallback tax rates; every 30 s a HALF_OPEN that fails again,
//     until the API is back and the breakers close; the invoices rated with fallback rates
//     are re-rated afterwards. The failing and rejected calls, their requests and
//     invoices, the transitions and the re-rating are the incident's.
//   - 1:31 for about 23 minutes, a heap leak in one 2.15.0 pod: its old generation
//     fills (the G1 lines and the runtime stats show the heap after GC climbing,
//     concurrent cycles back to back, the heap expanding to 1536 MB), its requests and
//     listener calls slow down, in the last 4 minutes Full GCs of 1-3 s, Hikari's thread
//     starvation warnings and probes taking seconds, in the last 2 minutes
//     OutOfMemoryError (500s with the stack trace, the order listener's container
//     stopping due to an Error and leaving its group), readiness lost, the liveness kill
//     (graceful shutdown never completing) and the container's restart. The pod's G1 and
//     runtime-stats lines from the leak's start, its slowed requests, listener calls and
//     probes, its lag reports, pool stats and errors in the last minutes, the rebalances it
//     causes and the restart's lines are the incident's.
//   - 2:08 for about 16 minutes, a bad query plan makes GET
//     /api/v1/customers/{id}/invoices ten times slower on every pod: still 200, 300 ms to
//     2 s instead of 40 ms, a SQL_SLOW line for the slowest. Those requests are the
//     incident's.
//   - 2:45 for about 10-11 minutes, a payment event whose amount is "12,50" on one
//     partition of payments.payment-events: the listener's WARN and the container's
//     "Error handler threw an exception" with its stack trace every second (unlimited
//     retries), the partition's payments stop and its lag grows in the lag reports, until
//     an operator skips the record through the admin endpoint and the backlog drains.
//     The loop, the lag reports, the skip and the delayed payments are the incident's.
var holdout16 = Family{
	Name:    "holdout-16",
	Role:    Holdout,
	Service: "billing-service, a Spring Boot 3.3 (Java 21) service of an e-commerce platform running as three to five Kubernetes pods, logging one JSON object per line through logstash-logback-encoder (MDC, structured arguments, stack traces as one escaped string) interleaved with the JVM's G1 log lines as the pods' container logs are collected",
	Lines:   h16Lines,
}

const (
	h16TaxOutage = "external tax API down: Resilience4j retries failing, tax quotes answered 503, circuit breaker 'taxApi' opening on every pod, invoices rated with fallback rates and re-rated"
	h16Leak      = "heap leak on one pod: old generation filling, GC pauses and Full GCs, slow requests, OutOfMemoryError, order listener stopped, liveness kill and container restart"
	h16SlowList  = "bad query plan: GET /api/v1/customers/{id}/invoices ten times slower (still 200)"
	h16Poison    = "poison payment event retried every second without end on one partition of payments.payment-events, lag growing until an operator skips it"
)

const (
	h16Deploy   = "rolling deploy of billing-service 2.15.0: start-ups, shutdowns, rebalances, schema v48 and e-invoice lines"
	h16Campaign = "autumn-sale campaign (voucher HERBST24): quotes, orders and payments surging"
	h16Scale    = "HPA scale-out from 3 to 5 pods during the campaign, and scale-in back to 3"
	h16Debug    = "DEBUG logging for com.shopwave.billing.tax through /actuator/loggers for 15 minutes"
)

const (
	h16TaxURL    = "https://api.taxcalc.io/v2/transactions/quote"
	h16ReqLogger = "com.shopwave.billing.web.RequestLoggingFilter"
	h16Resil     = "com.shopwave.billing.config.ResilienceEventLogger"
	h16Coord     = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator"
	h16Container = "org.springframework.kafka.listener.KafkaMessageListenerContainer"
	h16Hikari    = "com.zaxxer.hikari.pool.HikariPool"
	h16Main      = "main"
	h16Sched     = "scheduling-1"
	h16Coordin   = "kafka-1.kafka-headless.kafka.svc.cluster.local:9092 (id: 2147483646 rack: null)"
)

// h16Zone is the pods' time zone (TZ=Europe/Berlin, summer time).
var h16Zone = time.FixedZone("CEST", 2*3600)

type h16Truth struct {
	inc, chg string
	start    time.Time
}

// later returns the truth of a line two sources could claim: an incident's, else the
// more recent change's.
func (a h16Truth) later(b h16Truth) h16Truth {
	if a.inc != "" {
		return a
	}
	if b.inc != "" {
		return b
	}
	if a.chg == "" || b.chg != "" && b.start.After(a.start) {
		return b
	}
	return a
}

type h16Entry struct {
	at   time.Time
	text string
	tr   h16Truth
}

type h16Tenant struct {
	id, country, cur string
	vat, fx, w       float64
	einv             string
}

var h16Tenants = []h16Tenant{
	{"acme-de", "DE", "EUR", 19, 1, 0.20, "XRechnung 3.0.2"},
	{"nordwind-outdoor", "DE", "EUR", 19, 1, 0.15, "XRechnung 3.0.2"},
	{"lumen-fashion", "NL", "EUR", 21, 1, 0.15, ""},
	{"bergmann-moebel", "DE", "EUR", 19, 1, 0.11, "XRechnung 3.0.2"},
	{"petit-atelier", "FR", "EUR", 20, 1, 0.10, ""},
	{"casa-verde", "ES", "EUR", 21, 1, 0.10, ""},
	{"kaffeeklatsch", "AT", "EUR", 20, 1, 0.09, "ebInterface 6.1"},
	{"hansen-tools", "DK", "DKK", 25, 7.4594, 0.07, ""},
	{"tatra-sport", "PL", "PLN", 23, 4.2985, 0.03, ""},
}

type h16CB struct {
	at       time.Time
	from, to string
}

type h16GC struct {
	at       time.Time
	pause    float64
	after, c int
}

type h16Pod struct {
	name, version                          string
	jvm, up, ready, unready, sigterm, exit time.Time
	probe0                                 time.Time // the readiness probes' schedule
	tr, startTr, stopTr                    h16Truth
	migrate                                bool
	debugFrom, debugTo                     time.Time
	cb                                     []h16CB
	gcs                                    []h16GC
	gcBase                                 int
	live0                                  float64
}

func (p *h16Pod) alive(t time.Time) bool {
	return !t.Before(p.jvm) && (p.exit.IsZero() || t.Before(p.exit))
}

// serving: Tomcat answers (probes, scrapes, port-forwards).
func (p *h16Pod) serving(t time.Time) bool {
	return !t.Before(p.up) && p.alive(t) && (p.sigterm.IsZero() || t.Before(p.sigterm))
}

// routable: in the Service's endpoints.
func (p *h16Pod) routable(t time.Time) bool {
	return !t.Before(p.ready) && p.serving(t) && (p.unready.IsZero() || t.Before(p.unready))
}

type h16Member struct {
	pod             *h16Pod
	join, leave     time.Time
	mid             string
	joinTr, leaveTr h16Truth
	pre             bool
}

type h16Reb struct {
	start, last, end time.Time
	tr               h16Truth
	prev, cur        []*h16Member
	gen              int
	owners           []*h16Member
}

type h16Epoch struct {
	from   time.Time
	owners []*h16Member
}

type h16Group struct {
	idx                                   int
	name, topic, client, thread, listener string
	parts                                 int
	gen                                   int
	mem                                   []*h16Member
	rebs                                  []*h16Reb
	epochs                                []h16Epoch
	base                                  []int64
	arr                                   [][]time.Time
	leader, lepoch                        []int
	msgs                                  []*h16Msg
}

type h16Msg struct {
	at, proc time.Time
	part     int
	off      int64
	tr       h16Truth
	camp     bool
	poison   bool
	owner    *h16Pod
}

type h16Inv struct {
	at     time.Time
	id     string
	gross  float64
	tenant int
}

type h16Ctx struct{ trace, span, tenant, user string }

type h16KV struct {
	k, v string
	raw  bool
}

func h16S(k, v string) h16KV { return h16KV{k: k, v: v} }
func h16N(k string, v int64) h16KV {
	return h16KV{k: k, v: strconv.FormatInt(v, 10), raw: true}
}

type h16Rec struct {
	lvl, logger, thread, msg, stack string
	ctx                             *h16Ctx
	kv                              []h16KV
}

// h16Pend is a line of a request, written once the request's truth is known.
type h16Pend struct {
	off time.Duration
	rec h16Rec
	chg h16Truth // a change the line itself belongs to (DEBUG lines, e-invoices)
}

type h16Gen struct {
	r       *rand.Rand
	zone    *time.Location
	t0, end time.Time
	out     []h16Entry

	pods                  []*h16Pod
	olds, news, scaled    []*h16Pod
	leaker, restarted     *h16Pod
	deploy, campaign      h16Truth
	scale, debug          h16Truth
	deployAt, campaignAt  time.Time
	scaleAt, scaleInAt    time.Time
	debugAt               time.Time
	campPeak, phase       float64
	taxA, taxB            time.Time
	leakL, leakFull       time.Time
	leakOOM, leakE1       time.Time
	leakO                 time.Time
	slowA, slowB          time.Time
	poisonP, poisonS      time.Time
	poisonPart            int
	poisonPod             *h16Pod
	poisonOff             int64
	groups                [2]*h16Group
	invoices              []h16Inv
	invBase, invNext      int
	fallbacks             int
	clusterID, producerID string
	customers             []int
	admins                []string
}

func h16Lines(seed int64) []Line {
	g := &h16Gen{
		r:    rand.New(rand.NewPCG(uint64(seed), 0x51f1e7b0a3c2d9e5)),
		zone: h16Zone,
	}
	g.t0 = time.Date(2024, 10, 15, 9, 0, 0, 0, g.zone)
	g.end = g.t0.Add(Length)
	g.phase = g.r.Float64() * 2 * math.Pi
	g.clusterID = g.b64(22)
	g.invBase = 912000 + g.r.IntN(9000)
	g.invNext = g.invBase
	for i := 0; i < 2500; i++ {
		g.customers = append(g.customers, 1000000+g.r.IntN(999999))
	}
	for i := 0; i < 40; i++ {
		g.admins = append(g.admins, "usr_"+g.b36(6))
	}
	g.plan()
	g.kafkaPlan()
	for _, p := range g.pods {
		g.lifecycle(p)
		g.gcSim(p)
		g.periodic(p)
	}
	g.emitRebalances()
	g.processOrders()
	g.processPayments()
	g.traffic()
	g.jobs()
	g.background()
	g.taxEvents()
	g.poisonLoop()
	g.lagReports()
	slices.SortStableFunc(g.out, func(a, b h16Entry) int { return a.at.Compare(b.at) })
	lines := make([]Line, len(g.out))
	for i, e := range g.out {
		lines[i] = Line{At: e.at, Text: e.text, Incident: e.tr.inc, Change: e.tr.chg, ChangeStart: e.tr.start}
	}
	return lines
}

// ---- small helpers ----

func (g *h16Gen) dur(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(g.r.Int64N(int64(hi-lo)+1))
}

func (g *h16Gen) at(d time.Duration) time.Time { return g.t0.Add(d) }

func (g *h16Gen) ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func (g *h16Gen) logn(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

func (g *h16Gen) chance(p float64) bool { return g.r.Float64() < p }

// chars draws n characters of alphabet.
func (g *h16Gen) chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *h16Gen) hex(n int) string { return g.chars("0123456789abcdef", n) }

func (g *h16Gen) b36(n int) string { return g.chars("0123456789abcdefghijklmnopqrstuvwxyz", n) }

func (g *h16Gen) b64(n int) string {
	return g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", n)
}

// token is a Kubernetes name suffix (pod-template-hash or pod suffix).
func (g *h16Gen) token(n int) string { return g.chars("bcdfghjklmnpqrstvwxz2456789", n) }

func (g *h16Gen) uuid() string {
	return g.hex(8) + "-" + g.hex(4) + "-4" + g.hex(3) + "-" + string("89ab"[g.r.IntN(4)]) + g.hex(3) + "-" + g.hex(12)
}

func (g *h16Gen) pickW(ws []float64) int {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	x := g.r.Float64() * sum
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

func (g *h16Gen) tenant() int {
	ws := make([]float64, len(h16Tenants))
	for i, t := range h16Tenants {
		ws[i] = t.w
	}
	return g.pickW(ws)
}

func (g *h16Gen) ctx(tenant, user string) *h16Ctx {
	return &h16Ctx{trace: g.hex(32), span: g.hex(16), tenant: tenant, user: user}
}

func h16Plural(n int, w string) string {
	if n == 1 {
		return "1 " + w
	}
	return strconv.Itoa(n) + " " + w + "s"
}

func h16Money(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func (g *h16Gen) zoned(t time.Time) string {
	return t.In(g.zone).Format("2006-01-02T15:04:05.000000-07:00") + "[Europe/Berlin]"
}

func (g *h16Gen) connID() string {
	return fmt.Sprintf("org.postgresql.jdbc.PgConnection@%x", g.r.Uint32()>>g.r.IntN(4))
}

// ---- writing lines ----

func (g *h16Gen) emit(at time.Time, tr h16Truth, text string) {
	if at.Before(g.t0) || !at.Before(g.end) {
		return
	}
	g.out = append(g.out, h16Entry{at: at, text: text, tr: tr})
}

func h16Esc(b *strings.Builder, s string) {
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteRune(c)
			}
		}
	}
}

func (g *h16Gen) log(at time.Time, p *h16Pod, tr h16Truth, r h16Rec) {
	if at.Before(g.t0) || !at.Before(g.end) {
		return
	}
	var b strings.Builder
	b.Grow(420 + len(r.stack))
	b.WriteString(`{"@timestamp":"`)
	b.WriteString(at.In(g.zone).Format("2006-01-02T15:04:05.000-07:00"))
	b.WriteString(`","@version":"1","message":"`)
	h16Esc(&b, r.msg)
	b.WriteString(`","logger_name":"`)
	b.WriteString(r.logger)
	b.WriteString(`","thread_name":"`)
	h16Esc(&b, r.thread)
	b.WriteString(`","level":"`)
	b.WriteString(r.lvl)
	b.WriteString(`","level_value":`)
	switch r.lvl {
	case "DEBUG":
		b.WriteString("10000")
	case "WARN":
		b.WriteString("30000")
	case "ERROR":
		b.WriteString("40000")
	default:
		b.WriteString("20000")
	}
	if r.stack != "" {
		b.WriteString(`,"stack_trace":"`)
		h16Esc(&b, r.stack)
		b.WriteString(`"`)
	}
	if c := r.ctx; c != nil {
		b.WriteString(`,"traceId":"` + c.trace + `","spanId":"` + c.span + `"`)
		if c.tenant != "" {
			b.WriteString(`,"tenant":"` + c.tenant + `"`)
		}
		if c.user != "" {
			b.WriteString(`,"userId":"` + c.user + `"`)
		}
	}
	b.WriteString(`,"app":"billing-service","pod":"` + p.name + `","app_version":"` + p.version + `"`)
	for _, kv := range r.kv {
		b.WriteString(`,"` + kv.k + `":`)
		if kv.raw {
			b.WriteString(kv.v)
		} else {
			b.WriteString(`"`)
			h16Esc(&b, kv.v)
			b.WriteString(`"`)
		}
	}
	b.WriteString("}")
	g.out = append(g.out, h16Entry{at: at, text: b.String(), tr: tr})
}

func (g *h16Gen) info(at time.Time, p *h16Pod, tr h16Truth, logger, thread, msg string, kv ...h16KV) {
	g.log(at, p, tr, h16Rec{lvl: "INFO", logger: logger, thread: thread, msg: msg, kv: kv})
}

func (g *h16Gen) warn(at time.Time, p *h16Pod, tr h16Truth, logger, thread, msg string, kv ...h16KV) {
	g.log(at, p, tr, h16Rec{lvl: "WARN", logger: logger, thread: thread, msg: msg, kv: kv})
}

func (g *h16Gen) debugLine(at time.Time, p *h16Pod, tr h16Truth, logger, thread, msg string) {
	g.log(at, p, tr, h16Rec{lvl: "DEBUG", logger: logger, thread: thread, msg: msg})
}

// raw writes one of the JVM's own stdout lines.
func (g *h16Gen) raw(at time.Time, tr h16Truth, text string) { g.emit(at, tr, text) }

func (g *h16Gen) gcLine(p *h16Pod, at time.Time, tr h16Truth, text string) {
	up := at.Sub(p.jvm).Seconds()
	g.raw(at, tr, fmt.Sprintf("[%.3fs][info][gc] %s", up, text))
}

// ---- the plan: pods, changes, incidents ----

func (g *h16Gen) newPod(name, version string, jvm time.Time) *h16Pod {
	p := &h16Pod{name: name, version: version, jvm: jvm}
	p.up = jvm.Add(g.dur(9200*time.Millisecond, 11500*time.Millisecond))
	// readiness: initialDelaySeconds 10, periodSeconds 10; ready at the first success
	p.probe0 = jvm.Add(10*time.Second + g.dur(0, 10*time.Second))
	r := p.probe0
	for r.Before(p.up.Add(200 * time.Millisecond)) {
		r = r.Add(10 * time.Second)
	}
	p.ready = r.Add(g.dur(4*time.Millisecond, 9*time.Millisecond))
	p.live0 = 165 + 70*g.r.Float64()
	g.pods = append(g.pods, p)
	return p
}

func (g *h16Gen) plan() {
	const m, s, ms = time.Minute, time.Second, time.Millisecond
	rs0, rs1 := g.token(10), g.token(9)
	for i := 0; i < 3; i++ {
		p := g.newPod("billing-service-"+rs0+"-"+g.token(5), "2.14.3", g.t0.Add(-g.dur(5*time.Hour, 30*time.Hour)))
		p.gcBase = int(g.t0.Sub(p.jvm).Minutes()*1.1) + g.r.IntN(40)
		g.olds = append(g.olds, p)
	}
	g.deployAt = g.at(24*m + g.dur(0, 40*s))
	g.deploy = h16Truth{chg: h16Deploy, start: g.deployAt}
	next := g.deployAt
	for i, o := range g.olds {
		n := g.newPod("billing-service-"+rs1+"-"+g.token(5), "2.15.0", next)
		n.startTr = g.deploy
		n.migrate = i == 0
		o.unready = n.ready.Add(g.dur(300*ms, 1200*ms))
		o.sigterm = o.unready.Add(5 * s)
		o.exit = o.sigterm.Add(g.dur(1500*ms, 2500*ms))
		o.stopTr = g.deploy
		g.news = append(g.news, n)
		next = o.unready.Add(g.dur(800*ms, 2*s))
	}
	g.campaignAt = g.at(65*m + g.dur(0, 60*s))
	g.campaign = h16Truth{chg: h16Campaign, start: g.campaignAt}
	g.campPeak = 10 + 2*g.r.Float64()
	g.scaleAt = g.at(73*m + g.dur(0, 60*s))
	g.scale = h16Truth{chg: h16Scale, start: g.scaleAt}
	for i := 0; i < 2; i++ {
		p := g.newPod("billing-service-"+rs1+"-"+g.token(5), "2.15.0", g.scaleAt.Add(time.Duration(i)*g.dur(200*ms, 1500*ms)))
		p.tr, p.startTr, p.stopTr = g.scale, g.scale, g.scale
		g.scaled = append(g.scaled, p)
	}
	g.scaleInAt = g.at(121*m + g.dur(0, 60*s))
	for i, p := range g.scaled {
		p.unready = g.scaleInAt.Add(time.Duration(i) * g.dur(0, 400*ms))
		p.sigterm = p.unready.Add(5 * s)
		p.exit = p.sigterm.Add(g.dur(1500*ms, 2500*ms))
	}

	g.taxA = g.at(41*m + g.dur(0, 60*s))
	g.taxB = g.taxA.Add(11*m + g.dur(0, 120*s))

	leak := h16Truth{inc: h16Leak}
	g.leaker = g.news[g.r.IntN(3)]
	g.leakL = g.at(91*m + g.dur(0, 60*s))
	g.leakO = g.leakL.Add(22*m + g.dur(0, 90*s))
	g.leakFull = g.leakO.Add(-g.dur(230*s, 270*s))
	g.leakOOM = g.leakO.Add(-g.dur(105*s, 118*s))
	g.leakE1 = g.leakOOM.Add(g.dur(4*s, 15*s))
	g.leaker.unready = g.leakO.Add(-35 * s)
	g.leaker.sigterm = g.leakO
	g.leaker.exit = g.leakO.Add(30 * s)
	g.leaker.stopTr = leak
	g.restarted = g.newPod(g.leaker.name, "2.15.0", g.leaker.exit.Add(g.dur(800*ms, 2500*ms)))
	g.restarted.startTr = leak

	g.slowA = g.at(128*m + g.dur(0, 60*s))
	g.slowB = g.slowA.Add(15*m + g.dur(0, 90*s))

	g.debugAt = g.at(147*m + g.dur(0, 40*s))
	g.debug = h16Truth{chg: h16Debug, start: g.debugAt}
	i := 0
	for _, p := range g.pods {
		if !p.routable(g.debugAt) {
			continue
		}
		p.debugFrom = g.debugAt.Add(time.Duration(i) * g.dur(12*s, 20*s))
		p.debugTo = g.debugAt.Add(15*m + time.Duration(i)*g.dur(8*s, 20*s))
		i++
	}

	g.poisonP = g.at(165*m + g.dur(0, 40*s))
	g.poisonS = g.poisonP.Add(10*m + g.dur(0, 60*s))
	g.poisonPart = g.r.IntN(6)

	// Resilience4j CircuitBreaker 'taxApi' of each pod while the tax API is down.
	for _, p := range g.pods {
		if !p.routable(g.taxA) {
			continue
		}
		t := g.taxA.Add(g.dur(8*s, 20*s))
		p.cb = append(p.cb, h16CB{t, "CLOSED", "OPEN"})
		for {
			h := t.Add(30*s + g.dur(100*ms, 1500*ms))
			if !h.Before(g.taxB) {
				p.cb = append(p.cb, h16CB{h, "OPEN", "HALF_OPEN"}, h16CB{h.Add(g.dur(300*ms, 1200*ms)), "HALF_OPEN", "CLOSED"})
				break
			}
			t = h.Add(g.dur(2200*ms, 4500*ms))
			p.cb = append(p.cb, h16CB{h, "OPEN", "HALF_OPEN"}, h16CB{t, "HALF_OPEN", "OPEN"})
		}
	}
}

// rate is the HTTP requests a second the service gets, without and with the campaign.
func (g *h16Gen) baseRate(t time.Time) float64 {
	h := t.Sub(g.t0).Hours()
	return 9.2 + 1.3*h + 0.7*math.Sin(2*math.Pi*h/1.3+g.phase)
}

func (g *h16Gen) campRate(t time.Time) float64 {
	d := t.Sub(g.campaignAt).Minutes()
	switch {
	case d < 0:
		return 0
	case d < 7:
		return g.campPeak * d / 7
	}
	return g.campPeak * math.Exp(-(d-7)/45)
}

func (g *h16Gen) routableCount(t time.Time) int {
	n := 0
	for _, p := range g.pods {
		if p.routable(t) {
			n++
		}
	}
	return n
}

func (g *h16Gen) podRate(t time.Time) float64 {
	n := g.routableCount(t)
	if n == 0 {
		n = 3
	}
	return (g.baseRate(t) + g.campRate(t)) / float64(n)
}

func (g *h16Gen) pick(t time.Time) *h16Pod {
	var c []*h16Pod
	for _, p := range g.pods {
		if p.routable(t) {
			c = append(c, p)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[g.r.IntN(len(c))]
}

func (g *h16Gen) exec(t time.Time) string {
	k := 10 + int(g.podRate(t)*1.5)
	return "http-nio-8080-exec-" + strconv.Itoa(1+g.r.IntN(k))
}

// live is the leaking pod's live heap in MB.
func (g *h16Gen) live(p *h16Pod, t time.Time) float64 {
	if p != g.leaker || t.Before(g.leakL) {
		return p.live0
	}
	if t.Before(g.leakFull) {
		f := t.Sub(g.leakL).Seconds() / g.leakFull.Sub(g.leakL).Seconds()
		return p.live0 + (1380-p.live0)*math.Pow(f, 1.15)
	}
	f := t.Sub(g.leakFull).Seconds() / g.leakO.Sub(g.leakFull).Seconds()
	return math.Min(1380+125*f, 1508)
}

// slow is how many times longer the leaking pod takes to answer.
func (g *h16Gen) slow(p *h16Pod, t time.Time) float64 {
	if p != g.leaker || t.Before(g.leakL) {
		return 1
	}
	l := g.live(p, t)
	f := 1.0
	if l > 950 {
		x := (l - 950) / 430
		f += 5 * x * x
	}
	if !t.Before(g.leakFull) {
		f += 2 + 6*g.r.Float64()
	}
	return f
}

func (g *h16Gen) leakInc(p *h16Pod, t time.Time) bool {
	return p == g.leaker && !t.Before(g.leakL)
}

// ---- start-up and shutdown ----

func (g *h16Gen) consumerConfig(gr *h16Group) string {
	var b strings.Builder
	b.WriteString("ConsumerConfig values: \n")
	kv := [][2]string{
		{"allow.auto.create.topics", "true"}, {"auto.commit.interval.ms", "5000"}, {"auto.include.jmx.reporter", "true"},
		{"auto.offset.reset", "earliest"}, {"bootstrap.servers", "[kafka-bootstrap.kafka.svc.cluster.local:9092]"},
		{"check.crcs", "true"}, {"client.dns.lookup", "use_all_dns_ips"}, {"client.id", gr.client}, {"client.rack", ""},
		{"connections.max.idle.ms", "540000"}, {"default.api.timeout.ms", "60000"}, {"enable.auto.commit", "false"},
		{"enable.metrics.push", "true"}, {"exclude.internal.topics", "true"}, {"fetch.max.bytes", "52428800"},
		{"fetch.max.wait.ms", "500"}, {"fetch.min.bytes", "1"}, {"group.id", gr.name}, {"group.instance.id", "null"},
		{"group.protocol", "classic"}, {"heartbeat.interval.ms", "3000"}, {"isolation.level", "read_committed"},
		{"key.deserializer", "class org.apache.kafka.common.serialization.StringDeserializer"},
		{"max.partition.fetch.bytes", "1048576"}, {"max.poll.interval.ms", "300000"}, {"max.poll.records", "500"},
		{"metadata.max.age.ms", "300000"}, {"metric.reporters", "[]"}, {"metrics.num.samples", "2"},
		{"partition.assignment.strategy", "[class org.apache.kafka.clients.consumer.RangeAssignor, class org.apache.kafka.clients.consumer.CooperativeStickyAssignor]"},
		{"receive.buffer.bytes", "65536"}, {"reconnect.backoff.max.ms", "1000"}, {"request.timeout.ms", "30000"},
		{"retry.backoff.ms", "100"}, {"security.protocol", "PLAINTEXT"}, {"session.timeout.ms", "45000"},
		{"value.deserializer", "class org.apache.kafka.common.serialization.StringDeserializer"},
	}
	for _, e := range kv {
		b.WriteString("\t" + e[0] + " = " + e[1] + "\n")
	}
	return b.String()
}

func (g *h16Gen) lifecycle(p *h16Pod) {
	if !p.jvm.Before(g.t0) {
		g.startup(p)
	}
	if !p.sigterm.IsZero() {
		g.shutdown(p)
	}
}

func (g *h16Gen) startup(p *h16Pod) {
	tr := p.startTr
	k := p.up.Sub(p.jvm).Seconds() / 9.6
	at := func(sec float64) time.Time {
		return p.jvm.Add(time.Duration(sec * k * float64(time.Second)))
	}
	g.raw(p.jvm, tr, "Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75.0 -Xlog:gc -Dfile.encoding=UTF-8")
	g.raw(p.jvm.Add(8*time.Millisecond), tr, "[0.008s][info][gc] Using G1")
	app := "com.shopwave.billing.BillingServiceApplication"
	type st struct {
		s            float64
		lvl, lg, msg string
	}
	steps := []st{
		{2.05, "INFO", app, fmt.Sprintf("Starting BillingServiceApplication v%s using Java 21.0.4 with PID 1 (/app/app.jar started by spring in /app)", p.version)},
		{2.06, "INFO", app, `The following 1 profile is active: "prod"`},
		{3.41, "INFO", "org.springframework.data.repository.config.RepositoryConfigurationDelegate", "Bootstrapping Spring Data JPA repositories in DEFAULT mode."},
		{3.63, "INFO", "org.springframework.data.repository.config.RepositoryConfigurationDelegate", fmt.Sprintf("Finished Spring Data repository scanning in %d ms. Found 12 JPA repository interfaces.", 150+g.r.IntN(90))},
		{4.52, "INFO", "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"},
		{4.54, "INFO", "org.apache.catalina.core.StandardService", "Starting service [Tomcat]"},
		{4.54, "INFO", "org.apache.catalina.core.StandardEngine", "Starting Servlet engine: [Apache Tomcat/10.1.28]"},
		{4.61, "INFO", "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/]", "Initializing Spring embedded WebApplicationContext"},
		{4.61, "INFO", "org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext", fmt.Sprintf("Root WebApplicationContext: initialization completed in %d ms", int(2450*k)+g.r.IntN(200))},
		{4.80, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."},
		{5.05, "INFO", h16Hikari, "HikariPool-1 - Added connection " + g.connID()},
		{5.06, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."},
		{5.07, "DEBUG", h16Hikari, "HikariPool-1 - Pool stats (total=1, active=0, idle=1, waiting=0)"},
		{5.12, "INFO", "org.flywaydb.core.internal.license.VersionPrinter", "Flyway Community Edition 10.10.0 by Redgate"},
		{5.12, "INFO", "org.flywaydb.core.internal.license.VersionPrinter", "See release notes here: https://rd.gt/416ObMi"},
		{5.13, "INFO", "org.flywaydb.core.FlywayExecutor", "Database: jdbc:postgresql://billing-db-rw.billing.svc.cluster.local:5432/billing (PostgreSQL 16.4)"},
		{5.20, "INFO", "org.flywaydb.core.internal.command.DbValidate", fmt.Sprintf("Successfully validated 48 migrations (execution time 00:00.%03ds)", 55+g.r.IntN(40))},
	}
	if p.migrate {
		steps = append(steps,
			st{5.23, "INFO", "org.flywaydb.core.internal.command.DbMigrate", `Current version of schema "public": 47`},
			st{5.24, "INFO", "org.flywaydb.core.internal.command.DbMigrate", `Migrating schema "public" to version "48 - create einvoice document"`},
			st{5.45, "INFO", "org.flywaydb.core.internal.command.DbMigrate", fmt.Sprintf(`Successfully applied 1 migration to schema "public", now at version v48 (execution time 00:00.%03ds)`, 150+g.r.IntN(90))})
	} else {
		steps = append(steps,
			st{5.23, "INFO", "org.flywaydb.core.internal.command.DbMigrate", `Current version of schema "public": 48`},
			st{5.23, "INFO", "org.flywaydb.core.internal.command.DbMigrate", `Schema "public" is up to date. No migration necessary.`})
	}
	steps = append(steps,
		st{5.55, "INFO", "org.hibernate.jpa.internal.util.LogHelper", "HHH000204: Processing PersistenceUnitInfo [name: default]"},
		st{5.60, "INFO", "org.hibernate.Version", "HHH000412: Hibernate ORM core version 6.5.2.Final"},
		st{5.63, "INFO", "org.hibernate.cache.internal.RegionFactoryInitiator", "HHH000026: Second-level cache disabled"},
		st{5.86, "INFO", "org.springframework.orm.jpa.persistenceunit.SpringPersistenceUnitInfo", "No LoadTimeWeaver setup: ignoring JPA class transformer"},
		st{5.95, "WARN", "org.hibernate.orm.deprecation", "HHH90000025: PostgreSQLDialect does not need to be specified explicitly using 'hibernate.dialect' (remove the property setting and it will be selected by default)"},
		st{6.90, "INFO", "org.hibernate.engine.transaction.jta.platform.internal.JtaPlatformInitiator", "HHH000489: No JTA platform available (set 'hibernate.transaction.jta.platform' to enable JTA platform integration)"},
		st{6.95, "INFO", "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean", "Initialized JPA EntityManagerFactory for persistence unit 'default'"},
		st{7.20, "INFO", "org.springframework.data.jpa.repository.query.QueryEnhancerFactory", "Hibernate is in classpath; If applicable, HQL parser will be used."},
		st{7.90, "WARN", "org.springframework.boot.autoconfigure.orm.jpa.JpaBaseConfiguration$JpaWebConfiguration", "spring.jpa.open-in-view is enabled by default. Therefore, database queries may be performed during view rendering. Explicitly configure spring.jpa.open-in-view to disable this warning"},
		st{8.10, "WARN", "com.shopwave.billing.config.BillingProperties", "Property 'billing.tax.provider-url' is deprecated and will be removed in 2.16; use 'billing.tax.taxcalc.base-url' instead"},
		st{8.40, "INFO", "org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver", "Exposing 4 endpoints beneath base path '/actuator'"},
		st{8.72, "INFO", "org.apache.kafka.clients.producer.KafkaProducer", "[Producer clientId=billing-service-producer-1] Instantiated an idempotent producer."},
		st{8.74, "INFO", "org.apache.kafka.common.utils.AppInfoParser", "Kafka version: 3.7.1"},
		st{8.74, "INFO", "org.apache.kafka.common.utils.AppInfoParser", "Kafka commitId: e2494e6ffb89f828"},
		st{8.74, "INFO", "org.apache.kafka.common.utils.AppInfoParser", fmt.Sprintf("Kafka startTimeMs: %d", at(8.74).UnixMilli())},
		st{8.86, "INFO", "org.apache.kafka.clients.Metadata", "[Producer clientId=billing-service-producer-1] Cluster ID: " + g.clusterID},
		st{8.90, "INFO", "org.apache.kafka.clients.producer.internals.TransactionManager", fmt.Sprintf("[Producer clientId=billing-service-producer-1] ProducerId set to %d with epoch 0", 480000+g.r.IntN(20000))},
	)
	for _, s := range steps {
		g.log(at(s.s), p, tr, h16Rec{lvl: s.lvl, logger: s.lg, thread: h16Main, msg: s.msg})
	}
	for i, gr := range g.groups {
		base := 9.0 + 0.1*float64(i)
		g.info(at(base), p, tr, "org.apache.kafka.clients.consumer.ConsumerConfig", h16Main, g.consumerConfig(gr))
		g.info(at(base+0.01), p, tr, "org.apache.kafka.common.utils.AppInfoParser", h16Main, "Kafka version: 3.7.1")
		g.info(at(base+0.01), p, tr, "org.apache.kafka.common.utils.AppInfoParser", h16Main, "Kafka commitId: e2494e6ffb89f828")
		g.info(at(base+0.01), p, tr, "org.apache.kafka.common.utils.AppInfoParser", h16Main, fmt.Sprintf("Kafka startTimeMs: %d", at(base+0.01).UnixMilli()))
		g.info(at(base+0.02), p, tr, "org.apache.kafka.clients.consumer.internals.LegacyKafkaConsumer", gr.thread, g.cprefix(gr)+"Subscribed to topic(s): "+gr.topic)
	}
	for i := 0; i < 9; i++ {
		g.log(at(5.1+0.03*float64(i)), p, tr, h16Rec{lvl: "DEBUG", logger: h16Hikari, thread: "HikariPool-1 connection adder", msg: "HikariPool-1 - Added connection " + g.connID()})
	}
	g.log(at(5.45), p, tr, h16Rec{lvl: "DEBUG", logger: h16Hikari, thread: "HikariPool-1 connection adder", msg: "HikariPool-1 - After adding stats (total=10, active=0, idle=10, waiting=0)"})
	g.firstRequest(p, p.ready.Add(-4*time.Millisecond), "http-nio-8080-exec-1")
	g.info(p.up, p, tr, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", h16Main, "Tomcat started on port 8080 (http) with context path '/'")
	g.info(p.up.Add(15*time.Millisecond), p, tr, "com.shopwave.billing.BillingServiceApplication", h16Main,
		fmt.Sprintf("Started BillingServiceApplication in %.3f seconds (process running for %.3f)", p.up.Sub(p.jvm).Seconds()-1.2, p.up.Sub(p.jvm).Seconds()+0.02))
}

// firstRequest writes the DispatcherServlet's initialization at a pod's first request.
func (g *h16Gen) firstRequest(p *h16Pod, t time.Time, thread string) {
	tr := p.startTr
	g.info(t, p, tr, "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/]", thread, "Initializing Spring DispatcherServlet 'dispatcherServlet'")
	g.info(t.Add(time.Millisecond), p, tr, "org.springframework.web.servlet.DispatcherServlet", thread, "Initializing Servlet 'dispatcherServlet'")
	g.info(t.Add(3*time.Millisecond), p, tr, "org.springframework.web.servlet.DispatcherServlet", thread, fmt.Sprintf("Completed initialization in %d ms", 1+g.r.IntN(3)))
}

func (g *h16Gen) cprefix(gr *h16Group) string {
	return "[Consumer clientId=" + gr.client + ", groupId=" + gr.name + "] "
}

func (g *h16Gen) shutdown(p *h16Pod) {
	tr := p.stopTr
	t := p.sigterm
	g.info(t, p, tr, "org.springframework.boot.web.embedded.tomcat.GracefulShutdown", "SpringApplicationShutdownHook", "Commencing graceful shutdown. Waiting for active requests to complete")
	if p == g.leaker {
		return // the JVM is thrashing; the payments consumer still leaves (consumerLeave), then SIGKILL
	}
	g.info(t.Add(g.dur(20*time.Millisecond, 300*time.Millisecond)), p, tr, "org.springframework.boot.web.embedded.tomcat.GracefulShutdown", "tomcat-shutdown", "Graceful shutdown complete")
	e := t.Add(1100 * time.Millisecond)
	g.info(e, p, tr, "org.apache.kafka.clients.producer.KafkaProducer", "SpringApplicationShutdownHook", "[Producer clientId=billing-service-producer-1] Closing the Kafka producer with timeoutMillis = 30000 ms.")
	g.info(e.Add(2*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", "SpringApplicationShutdownHook", "Metrics scheduler closed")
	g.info(e.Add(2*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", "SpringApplicationShutdownHook", "Closing reporter org.apache.kafka.common.metrics.JmxReporter")
	g.info(e.Add(3*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", "SpringApplicationShutdownHook", "Metrics reporters closed")
	g.info(e.Add(3*time.Millisecond), p, tr, "org.apache.kafka.common.utils.AppInfoParser", "SpringApplicationShutdownHook", "App info kafka.producer for billing-service-producer-1 unregistered")
	g.info(e.Add(40*time.Millisecond), p, tr, "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean", "SpringApplicationShutdownHook", "Closing JPA EntityManagerFactory for persistence unit 'default'")
	g.info(e.Add(45*time.Millisecond), p, tr, "com.zaxxer.hikari.HikariDataSource", "SpringApplicationShutdownHook", "HikariPool-1 - Shutdown initiated...")
	g.info(e.Add(g.dur(60*time.Millisecond, 140*time.Millisecond)), p, tr, "com.zaxxer.hikari.HikariDataSource", "SpringApplicationShutdownHook", "HikariPool-1 - Shutdown completed.")
}

// ---- Kafka: groups, membership, rebalances, messages ----

func (g *h16Gen) kafkaPlan() {
	g.groups[0] = &h16Group{idx: 0, name: "billing-service-orders", topic: "orders.order-completed", client: "consumer-billing-service-orders-1",
		thread: "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1", parts: 12, gen: 40 + g.r.IntN(40)}
	g.groups[1] = &h16Group{idx: 1, name: "billing-service-payments", topic: "payments.payment-events", client: "consumer-billing-service-payments-2",
		thread: "org.springframework.kafka.KafkaListenerEndpointContainer#1-0-C-1", parts: 6, gen: 20 + g.r.IntN(30)}
	for _, gr := range g.groups {
		for i := 0; i < gr.parts; i++ {
			gr.base = append(gr.base, int64(1_200_000+g.r.IntN(900_000)))
			gr.leader = append(gr.leader, g.r.IntN(3))
			gr.lepoch = append(gr.lepoch, 5+g.r.IntN(9))
		}
		for _, p := range g.pods {
			m := &h16Member{pod: p, mid: gr.client + "-" + g.uuid(), joinTr: p.startTr, leaveTr: p.stopTr}
			m.join = p.up.Add(-250*time.Millisecond + time.Duration(gr.idx)*50*time.Millisecond)
			m.pre = m.join.Before(g.t0)
			if !p.sigterm.IsZero() {
				m.leave = p.sigterm.Add(350*time.Millisecond + time.Duration(gr.idx)*300*time.Millisecond)
			}
			if p == g.leaker {
				if gr.idx == 0 {
					m.leave = g.leakE1
				} else {
					m.leave = g.leakO.Add(600 * time.Millisecond)
				}
			}
			gr.mem = append(gr.mem, m)
		}
		g.rebalancePlan(gr)
	}
	g.messages()
}

func (g *h16Gen) members(gr *h16Group, t time.Time, inclusiveLeave bool) []*h16Member {
	var out []*h16Member
	for _, m := range gr.mem {
		if m.join.After(t) {
			continue
		}
		if !m.leave.IsZero() && (m.leave.Before(t) || !inclusiveLeave && m.leave.Equal(t)) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func (g *h16Gen) assign(gr *h16Group, ms []*h16Member) []*h16Member {
	s := slices.Clone(ms)
	slices.SortFunc(s, func(a, b *h16Member) int { return strings.Compare(a.mid, b.mid) })
	owners := make([]*h16Member, gr.parts)
	if len(s) == 0 {
		return owners
	}
	per, extra := gr.parts/len(s), gr.parts%len(s)
	p := 0
	for i, m := range s {
		n := per
		if i < extra {
			n++
		}
		for j := 0; j < n; j++ {
			owners[p] = m
			p++
		}
	}
	return owners
}

type h16Ev struct {
	at time.Time
	tr h16Truth
}

func (g *h16Gen) rebalancePlan(gr *h16Group) {
	var evs []h16Ev
	for _, m := range gr.mem {
		if !m.pre {
			evs = append(evs, h16Ev{m.join, m.joinTr})
		}
		if !m.leave.IsZero() {
			evs = append(evs, h16Ev{m.leave, m.leaveTr})
		}
	}
	slices.SortStableFunc(evs, func(a, b h16Ev) int { return a.at.Compare(b.at) })
	init := g.members(gr, g.t0.Add(-time.Minute), true)
	gr.epochs = append(gr.epochs, h16Epoch{from: g.t0.Add(-24 * time.Hour), owners: g.assign(gr, init)})
	for i := 0; i < len(evs); {
		start := evs[i].at
		tr := evs[i].tr
		last := start
		j := i + 1
		for j < len(evs) && evs[j].at.Sub(start) < 3*time.Second {
			last = evs[j].at
			tr = tr.later(evs[j].tr)
			j++
		}
		i = j
		rb := &h16Reb{start: start, last: last, tr: tr}
		rb.prev = g.members(gr, start.Add(-time.Millisecond), false)
		rb.cur = g.members(gr, last.Add(time.Millisecond), false)
		rb.end = last.Add(g.dur(3*time.Second, 4200*time.Millisecond))
		gr.gen++
		rb.gen = gr.gen
		rb.owners = g.assign(gr, rb.cur)
		gr.rebs = append(gr.rebs, rb)
		gr.epochs = append(gr.epochs, h16Epoch{from: rb.end.Add(100 * time.Millisecond), owners: rb.owners})
	}
}

func (g *h16Gen) ownersAt(gr *h16Group, t time.Time) []*h16Member {
	o := gr.epochs[0].owners
	for _, e := range gr.epochs {
		if !e.from.After(t) {
			o = e.owners
		}
	}
	return o
}

func (g *h16Gen) partsOf(gr *h16Group, owners []*h16Member, m *h16Member) []int {
	var ps []int
	for i, o := range owners {
		if o == m {
			ps = append(ps, i)
		}
	}
	return ps
}

func (g *h16Gen) partList(gr *h16Group, ps []int) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = gr.topic + "-" + strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// committed is the committed offset of a partition at t: every record that arrived
// before it is processed.
func (g *h16Gen) committed(gr *h16Group, part int, t time.Time) int64 {
	a := gr.arr[part]
	n := sort.Search(len(a), func(i int) bool { return !a[i].Before(t) })
	return gr.base[part] + int64(n)
}

func (g *h16Gen) broker(id int) string {
	return fmt.Sprintf("kafka-%d.kafka-headless.kafka.svc.cluster.local:9092 (id: %d rack: null)", id, id)
}

func (g *h16Gen) messages() {
	// orders: one event per completed order; payments: captures, refunds, duplicates
	type src struct {
		gr   *h16Group
		base func(time.Time) float64
		camp float64
	}
	srcs := []src{
		{g.groups[0], func(t time.Time) float64 {
			return 0.95 + 0.12*t.Sub(g.t0).Hours() + 0.1*math.Sin(t.Sub(g.t0).Hours()*4+g.phase)
		}, 0.11},
		{g.groups[1], func(t time.Time) float64 { return 0.75 + 0.1*t.Sub(g.t0).Hours() }, 0.085},
	}
	for _, s := range srcs {
		gr := s.gr
		gr.arr = make([][]time.Time, gr.parts)
		g.poisson(g.t0.Add(-10*time.Second), g.end, 4, func(t time.Time) float64 { return s.base(t) }, func(t time.Time) {
			gr.msgs = append(gr.msgs, &h16Msg{at: t, part: g.r.IntN(gr.parts)})
		})
		g.poisson(g.campaignAt, g.end, 2.5, func(t time.Time) float64 { return g.campRate(t) * s.camp }, func(t time.Time) {
			gr.msgs = append(gr.msgs, &h16Msg{at: t, part: g.r.IntN(gr.parts), camp: true, tr: g.campaign})
		})
		if gr.idx == 1 {
			gr.msgs = append(gr.msgs, &h16Msg{at: g.poisonP, part: g.poisonPart, poison: true, tr: h16Truth{inc: h16Poison}})
		}
		slices.SortStableFunc(gr.msgs, func(a, b *h16Msg) int { return a.at.Compare(b.at) })
		last := make([]time.Time, gr.parts)
		cnt := make([]int64, gr.parts)
		for _, m := range gr.msgs {
			m.off = gr.base[m.part] + cnt[m.part]
			cnt[m.part]++
			gr.arr[m.part] = append(gr.arr[m.part], m.at)
			p := m.at
			for _, rb := range gr.rebs {
				if !p.Before(rb.start) && p.Before(rb.end.Add(100*time.Millisecond)) {
					p = rb.end.Add(100*time.Millisecond + g.dur(0, 40*time.Millisecond))
				}
			}
			if gr.idx == 1 && m.part == g.poisonPart && !m.at.Before(g.poisonP) && m.at.Before(g.poisonS) {
				if m.poison {
					g.poisonOff = m.off
				} else {
					p = g.poisonS.Add(300 * time.Millisecond)
					m.tr = h16Truth{inc: h16Poison}
				}
			}
			if p.Before(last[m.part].Add(3 * time.Millisecond)) {
				p = last[m.part].Add(g.dur(3*time.Millisecond, 12*time.Millisecond))
			}
			m.proc = p.Add(g.dur(4*time.Millisecond, 25*time.Millisecond))
			last[m.part] = m.proc
			if o := g.ownersAt(gr, m.proc)[m.part]; o != nil && o.pod.alive(m.proc) {
				m.owner = o.pod
			}
		}
		slices.SortStableFunc(gr.msgs, func(a, b *h16Msg) int { return a.proc.Compare(b.proc) })
	}
	if o := g.ownersAt(g.groups[1], g.poisonP)[g.poisonPart]; o != nil {
		g.poisonPod = o.pod
	}
}

func (g *h16Gen) poisson(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	t := from
	for {
		t = t.Add(time.Duration(g.r.ExpFloat64() / max * float64(time.Second)))
		if !t.Before(to) {
			return
		}
		if g.r.Float64()*max < rate(t) {
			fn(t)
		}
	}
}

func (g *h16Gen) emitRebalances() {
	for _, gr := range g.groups {
		for _, rb := range gr.rebs {
			g.emitReb(gr, rb)
		}
		for _, m := range gr.mem {
			if !m.leave.IsZero() {
				g.consumerLeave(gr, m)
			}
		}
	}
}

func (g *h16Gen) genStr(rb *h16Reb, m *h16Member) string {
	return fmt.Sprintf("Generation{generationId=%d, memberId='%s', protocol='range'}", rb.gen, m.mid)
}

func (g *h16Gen) emitReb(gr *h16Group, rb *h16Reb) {
	pre := g.cprefix(gr)
	prevOwners := g.ownersAt(gr, rb.start.Add(-time.Millisecond))
	in := func(set []*h16Member, m *h16Member) bool { return slices.Contains(set, m) }
	for _, m := range rb.prev {
		if !in(rb.cur, m) {
			continue
		}
		tr := rb.tr.later(m.pod.tr)
		t := rb.start.Add(g.dur(50*time.Millisecond, 2800*time.Millisecond))
		p := m.pod
		g.info(t, p, tr, h16Coord, gr.thread, pre+"Request joining group due to: group is already rebalancing")
		if ps := g.partsOf(gr, prevOwners, m); len(ps) > 0 {
			g.info(t.Add(time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Revoke previously assigned partitions "+g.partList(gr, ps))
			g.info(t.Add(3*time.Millisecond), p, tr, h16Container, gr.thread, gr.name+": partitions revoked: ["+g.partList(gr, ps)+"]")
		}
		g.info(t.Add(4*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"(Re-)joining group")
	}
	for _, m := range rb.cur {
		if m.pre || m.join.Before(rb.start) || m.join.After(rb.last) {
			continue
		}
		tr := m.joinTr
		p, t := m.pod, m.join
		g.info(t, p, tr, "org.apache.kafka.clients.Metadata", gr.thread, pre+"Cluster ID: "+g.clusterID)
		g.info(t.Add(g.dur(20*time.Millisecond, 90*time.Millisecond)), p, tr, h16Coord, gr.thread, pre+"Discovered group coordinator "+h16Coordin)
		g.info(t.Add(100*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"(Re-)joining group")
		g.info(t.Add(120*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Request joining group due to: need to re-join with the given member-id: "+m.mid)
		g.info(t.Add(121*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"(Re-)joining group")
	}
	// the group leader is the longest-standing member
	var leader *h16Member
	for _, m := range rb.cur {
		if leader == nil || m.join.Before(leader.join) {
			leader = m
		}
	}
	var asg []string
	sorted := slices.Clone(rb.cur)
	slices.SortFunc(sorted, func(a, b *h16Member) int { return strings.Compare(a.mid, b.mid) })
	for _, m := range sorted {
		asg = append(asg, m.mid+"=Assignment(partitions=["+g.partList(gr, g.partsOf(gr, rb.owners, m))+"])")
	}
	for i, m := range rb.cur {
		tr := rb.tr.later(m.pod.tr)
		if !m.pre && !m.join.Before(rb.start) && !m.join.After(rb.last) {
			tr = m.joinTr
		}
		p := m.pod
		t := rb.end.Add(time.Duration(i) * g.dur(time.Millisecond, 6*time.Millisecond))
		g.info(t, p, tr, h16Coord, gr.thread, pre+"Successfully joined group with "+g.genStr(rb, m))
		if m == leader {
			g.info(t.Add(2*time.Millisecond), p, tr, h16Coord, gr.thread, pre+fmt.Sprintf("Finished assignment for group at generation %d: {%s}", rb.gen, strings.Join(asg, ", ")))
		}
		t = t.Add(g.dur(5*time.Millisecond, 30*time.Millisecond))
		ps := g.partsOf(gr, rb.owners, m)
		g.info(t, p, tr, h16Coord, gr.thread, pre+"Successfully synced group in "+g.genStr(rb, m))
		g.info(t.Add(time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Notifying assignor about the new Assignment(partitions=["+g.partList(gr, ps)+"])")
		g.info(t.Add(time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Adding newly assigned partitions: "+g.partList(gr, ps))
		for _, part := range ps {
			l := gr.leader[part]
			g.info(t.Add(4*time.Millisecond), p, tr, "org.apache.kafka.clients.consumer.internals.ConsumerUtils", gr.thread,
				pre+fmt.Sprintf("Setting offset for partition %s-%d to the committed offset FetchPosition{offset=%d, offsetEpoch=Optional[%d], currentLeader=LeaderAndEpoch{leader=Optional[%s], epoch=%d}}",
					gr.topic, part, g.committed(gr, part, rb.start), gr.lepoch[part], g.broker(l), gr.lepoch[part]))
		}
		g.info(t.Add(6*time.Millisecond), p, tr, h16Container, gr.thread, gr.name+": partitions assigned: ["+g.partList(gr, ps)+"]")
	}
}

// consumerLeave writes a consumer leaving its group: at shutdown, or when its container
// stops due to an Error.
func (g *h16Gen) consumerLeave(gr *h16Group, m *h16Member) {
	p, t, tr := m.pod, m.leave, m.leaveTr
	pre := g.cprefix(gr)
	ps := g.partsOf(gr, g.ownersAt(gr, t.Add(-time.Millisecond)), m)
	if p == g.leaker && gr.idx == 0 {
		g.log(t.Add(-20*time.Millisecond), p, tr, h16Rec{lvl: "ERROR", logger: h16Container, thread: gr.thread,
			msg: "Stopping container due to an Error", stack: g.oomStack("kafka")})
	}
	g.info(t, p, tr, h16Coord, gr.thread, pre+"Revoke previously assigned partitions "+g.partList(gr, ps))
	g.info(t.Add(2*time.Millisecond), p, tr, h16Container, gr.thread, gr.name+": partitions revoked: ["+g.partList(gr, ps)+"]")
	g.info(t.Add(3*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Member "+m.mid+" sending LeaveGroup request to coordinator "+h16Coordin+" due to the consumer unsubscribed from all topics")
	g.info(t.Add(4*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Resetting generation and member id due to: consumer pro-actively leaving the group")
	g.info(t.Add(4*time.Millisecond), p, tr, h16Coord, gr.thread, pre+"Request joining group due to: consumer pro-actively leaving the group")
	g.info(t.Add(9*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", gr.thread, "Metrics scheduler closed")
	g.info(t.Add(9*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", gr.thread, "Closing reporter org.apache.kafka.common.metrics.JmxReporter")
	g.info(t.Add(10*time.Millisecond), p, tr, "org.apache.kafka.common.metrics.Metrics", gr.thread, "Metrics reporters closed")
	g.info(t.Add(12*time.Millisecond), p, tr, "org.apache.kafka.common.utils.AppInfoParser", gr.thread, "App info kafka.consumer for "+gr.client+" unregistered")
	g.info(t.Add(14*time.Millisecond), p, tr, h16Container, gr.thread, gr.name+": Consumer stopped")
}

// ---- stack traces ----

func h16ServletTail(verb string) string {
	fw, hs := "903", "564"
	if verb == "Post" {
		fw, hs = "914", "590"
	}
	frames := []string{
		"java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
		"java.base/java.lang.reflect.Method.invoke(Method.java:580)",
		"org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
		"org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)",
		"org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
		"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
		"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:831)",
		"org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle(AbstractHandlerMethodAdapter.java:87)",
		"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
		"org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)",
		"org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
		"org.springframework.web.servlet.FrameworkServlet.do" + verb + "(FrameworkServlet.java:" + fw + ")",
		"jakarta.servlet.http.HttpServlet.service(HttpServlet.java:" + hs + ")",
		"org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
		"jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
		"org.apache.tomcat.websocket.server.WsFilter.doFilter(WsFilter.java:51)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:164)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
		"org.springframework.web.filter.CompositeFilter$VirtualFilterChain.doFilter(CompositeFilter.java:113)",
		"org.springframework.security.web.FilterChainProxy.lambda$doFilterInternal$3(FilterChainProxy.java:231)",
		"org.springframework.security.web.ObservationFilterChainDecorator$FilterObservation$SimpleFilterObservation.lambda$wrap$1(ObservationFilterChainDecorator.java:479)",
		"org.springframework.security.web.ObservationFilterChainDecorator$AroundFilterObservation$SimpleAroundFilterObservation.lambda$wrap$1(ObservationFilterChainDecorator.java:340)",
		"org.springframework.security.web.ObservationFilterChainDecorator.lambda$wrapSecured$0(ObservationFilterChainDecorator.java:82)",
		"org.springframework.security.web.ObservationFilterChainDecorator$VirtualFilterChain.doFilter(ObservationFilterChainDecorator.java:128)",
		"org.springframework.security.web.access.intercept.AuthorizationFilter.doFilter(AuthorizationFilter.java:101)",
		"org.springframework.security.web.ObservationFilterChainDecorator$ObservationFilter.wrapFilter(ObservationFilterChainDecorator.java:240)",
		"org.springframework.security.web.ObservationFilterChainDecorator$ObservationFilter.doFilter(ObservationFilterChainDecorator.java:227)",
		"org.springframework.security.web.ObservationFilterChainDecorator$VirtualFilterChain.doFilter(ObservationFilterChainDecorator.java:137)",
		"org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.doFilterInternal(BearerTokenAuthenticationFilter.java:137)",
		"org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)",
		"org.springframework.security.web.FilterChainProxy.doFilterInternal(FilterChainProxy.java:233)",
		"org.springframework.security.web.FilterChainProxy.doFilter(FilterChainProxy.java:191)",
		"org.springframework.web.filter.CompositeFilter$VirtualFilterChain.doFilter(CompositeFilter.java:113)",
		"org.springframework.web.servlet.handler.HandlerMappingIntrospector.lambda$createCacheFilter$3(HandlerMappingIntrospector.java:195)",
		"org.springframework.web.filter.CompositeFilter.doFilter(CompositeFilter.java:74)",
		"org.springframework.web.filter.DelegatingFilterProxy.invokeDelegate(DelegatingFilterProxy.java:362)",
		"org.springframework.web.filter.DelegatingFilterProxy.doFilter(DelegatingFilterProxy.java:267)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:164)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
		"com.shopwave.billing.web.RequestLoggingFilter.doFilterInternal(RequestLoggingFilter.java:47)",
		"org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:164)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
		"org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal(ServerHttpObservationFilter.java:113)",
		"org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)",
		"org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:164)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
		"org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
		"org.apache.catalina.core.StandardContextValve.invoke(StandardContextValve.java:90)",
		"org.apache.catalina.authenticator.AuthenticatorBase.invoke(AuthenticatorBase.java:483)",
		"org.apache.catalina.core.StandardHostValve.invoke(StandardHostValve.java:115)",
		"org.apache.catalina.valves.ErrorReportValve.invoke(ErrorReportValve.java:93)",
		"org.apache.catalina.core.StandardEngineValve.invoke(StandardEngineValve.java:74)",
		"org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:344)",
		"org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)",
		"org.apache.coyote.AbstractProcessorLight.process(AbstractProcessorLight.java:63)",
		"org.apache.coyote.AbstractProtocol$ConnectionHandler.process(AbstractProtocol.java:896)",
		"org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)",
		"org.apache.tomcat.util.net.SocketProcessorBase.run(SocketProcessorBase.java:52)",
		"org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1191)",
		"org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
		"org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
	return "\n\tat " + strings.Join(frames, "\n\tat ")
}

var h16KafkaTail = "\n\tat " + strings.Join([]string{
	"java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
	"java.base/java.lang.reflect.Method.invoke(Method.java:580)",
	"org.springframework.messaging.handler.invocation.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:169)",
	"org.springframework.messaging.handler.invocation.InvocableHandlerMethod.invoke(InvocableHandlerMethod.java:119)",
	"org.springframework.kafka.listener.adapter.HandlerAdapter.invoke(HandlerAdapter.java:70)",
	"org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invokeHandler(MessagingMessageListenerAdapter.java:420)",
	"org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invoke(MessagingMessageListenerAdapter.java:384)",
	"org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter.onMessage(RecordMessagingMessageListenerAdapter.java:85)",
	"org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter.onMessage(RecordMessagingMessageListenerAdapter.java:50)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2800)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage(KafkaMessageListenerContainer.java:2778)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.lambda$doInvokeRecordListener$53(KafkaMessageListenerContainer.java:2701)",
	"io.micrometer.observation.Observation.observe(Observation.java:565)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeRecordListener(KafkaMessageListenerContainer.java:2699)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeWithRecords(KafkaMessageListenerContainer.java:2541)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeRecordListener(KafkaMessageListenerContainer.java:2430)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeListener(KafkaMessageListenerContainer.java:2085)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeIfHaveRecords(KafkaMessageListenerContainer.java:1461)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.pollAndInvoke(KafkaMessageListenerContainer.java:1426)",
	"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1296)",
	"java.base/java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1804)",
	"java.base/java.lang.Thread.run(Thread.java:1583)",
}, "\n\tat ")

// taxStack is the exception a failed tax call ends with, from a request or a listener.
func (g *h16Gen) taxStack(timeout bool, fromKafka bool) string {
	var b strings.Builder
	head := g.taxExc(timeout)
	b.WriteString(head)
	if timeout {
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.createResourceAccessException(DefaultRestClient.java:589)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.exchangeInternal(DefaultRestClient.java:503)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.retrieve(DefaultRestClient.java:463)")
	} else {
		b.WriteString("\n\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)")
		b.WriteString("\n\tat org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:89)")
		b.WriteString("\n\tat org.springframework.web.client.StatusHandler.handle(StatusHandler.java:146)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.applyStatusHandlers(DefaultRestClient.java:698)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.lambda$readBody$4(DefaultRestClient.java:685)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient.readWithMessageConverters(DefaultRestClient.java:215)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.readBody(DefaultRestClient.java:685)")
		b.WriteString("\n\tat org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.body(DefaultRestClient.java:631)")
	}
	b.WriteString("\n\tat com.shopwave.billing.tax.TaxCalcClient.quote(TaxCalcClient.java:71)")
	b.WriteString("\n\tat io.github.resilience4j.circuitbreaker.CircuitBreaker.lambda$decorateCheckedSupplier$82a9021a$1(CircuitBreaker.java:70)")
	b.WriteString("\n\tat io.github.resilience4j.retry.Retry.lambda$decorateCheckedSupplier$3f69f149$1(Retry.java:137)")
	b.WriteString("\n\tat com.shopwave.billing.tax.TaxService.quote(TaxService.java:58)")
	if fromKafka {
		b.WriteString("\n\tat com.shopwave.billing.invoice.InvoiceService.createFromOrder(InvoiceService.java:92)")
		b.WriteString("\n\tat com.shopwave.billing.kafka.OrderCompletedListener.onOrderCompleted(OrderCompletedListener.java:38)")
		b.WriteString(h16KafkaTail)
	} else {
		b.WriteString("\n\tat com.shopwave.billing.api.TaxController.quote(TaxController.java:41)")
		b.WriteString(h16ServletTail("Post"))
	}
	if timeout {
		b.WriteString("\nCaused by: java.net.SocketTimeoutException: Read timed out")
		for _, f := range []string{
			"java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
			"java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
			"java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)",
			"java.base/sun.nio.ch.NioSocketImpl$1.read(NioSocketImpl.java:796)",
			"java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
			"java.base/sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:489)",
			"java.base/sun.security.ssl.SSLSocketInputRecord.readHeader(SSLSocketInputRecord.java:483)",
			"java.base/sun.security.ssl.SSLSocketInputRecord.bytesInCompletedRecord(SSLSocketInputRecord.java:70)",
			"java.base/sun.security.ssl.SSLSocketImpl.readApplicationRecord(SSLSocketImpl.java:1461)",
			"java.base/sun.security.ssl.SSLSocketImpl$AppInputStream.read(SSLSocketImpl.java:1066)",
			"java.base/java.io.BufferedInputStream.fill(BufferedInputStream.java:291)",
			"java.base/java.io.BufferedInputStream.read1(BufferedInputStream.java:347)",
			"java.base/java.io.BufferedInputStream.implRead(BufferedInputStream.java:420)",
			"java.base/java.io.BufferedInputStream.read(BufferedInputStream.java:399)",
			"java.base/sun.net.www.http.HttpClient.parseHTTPHeader(HttpClient.java:827)",
			"java.base/sun.net.www.http.HttpClient.parseHTTP(HttpClient.java:759)",
			"java.base/sun.net.www.protocol.http.HttpURLConnection.getInputStream0(HttpURLConnection.java:1705)",
			"java.base/sun.net.www.protocol.http.HttpURLConnection.getInputStream(HttpURLConnection.java:1614)",
			"java.base/java.net.HttpURLConnection.getResponseCode(HttpURLConnection.java:531)",
			"java.base/sun.net.www.protocol.https.HttpsURLConnectionImpl.getResponseCode(HttpsURLConnectionImpl.java:307)",
			"org.springframework.http.client.SimpleClientHttpResponse.getStatusCode(SimpleClientHttpResponse.java:55)",
			"org.springframework.web.client.DefaultRestClient$DefaultRequestBodyUriSpec.exchangeInternal(DefaultRestClient.java:497)",
		} {
			b.WriteString("\n\tat " + f)
		}
		n := 72
		if fromKafka {
			n = 28
		}
		fmt.Fprintf(&b, "\n\t... %d common frames omitted", n)
	}
	return b.String()
}

func (g *h16Gen) taxExc(timeout bool) string {
	if timeout {
		return `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "` + h16TaxURL + `": Read timed out`
	}
	return `org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: "{"error":"upstream_unavailable","message":"Service temporarily unavailable, please retry"}"`
}

// oomStack is an OutOfMemoryError where the leaking pod ran out of heap.
func (g *h16Gen) oomStack(where string) string {
	head := "java.lang.OutOfMemoryError: Java heap space"
	switch where {
	case "kafka":
		return head + "\n\tat " + strings.Join([]string{
			"java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
			"java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:242)",
			"java.base/java.lang.AbstractStringBuilder.append(AbstractStringBuilder.java:587)",
			"java.base/java.lang.StringBuilder.append(StringBuilder.java:179)",
			"com.shopwave.billing.einvoice.XRechnungWriter.writeLines(XRechnungWriter.java:188)",
			"com.shopwave.billing.einvoice.XRechnungWriter.write(XRechnungWriter.java:74)",
			"com.shopwave.billing.einvoice.EInvoiceService.generate(EInvoiceService.java:63)",
			"com.shopwave.billing.invoice.InvoiceService.createFromOrder(InvoiceService.java:118)",
			"com.shopwave.billing.kafka.OrderCompletedListener.onOrderCompleted(OrderCompletedListener.java:38)",
		}, "\n\tat ") + h16KafkaTail
	case "json":
		return head + "\n\tat " + strings.Join([]string{
			"java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
			"com.fasterxml.jackson.core.util.ByteArrayBuilder.toByteArray(ByteArrayBuilder.java:146)",
			"com.fasterxml.jackson.databind.ObjectWriter.writeValueAsBytes(ObjectWriter.java:1187)",
			"org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.writeInternal(AbstractJackson2HttpMessageConverter.java:483)",
			"org.springframework.http.converter.AbstractGenericHttpMessageConverter.write(AbstractGenericHttpMessageConverter.java:114)",
			"org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodProcessor.writeWithMessageConverters(AbstractMessageConverterMethodProcessor.java:297)",
			"org.springframework.web.servlet.mvc.method.annotation.HttpEntityMethodProcessor.handleReturnValue(HttpEntityMethodProcessor.java:245)",
			"org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite.handleReturnValue(HandlerMethodReturnValueHandlerComposite.java:78)",
			"org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:136)",
			"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)",
			"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:831)",
			"org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle(AbstractHandlerMethodAdapter.java:87)",
			"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
			"org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)",
			"org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
			"org.springframework.web.servlet.FrameworkServlet.doGet(FrameworkServlet.java:903)",
		}, "\n\tat ")
	}
	return head + "\n\tat " + strings.Join([]string{
		"java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
		"java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)",
		"java.base/java.io.ByteArrayOutputStream.write(ByteArrayOutputStream.java:132)",
		"org.apache.pdfbox.pdfwriter.COSWriter.doWriteObject(COSWriter.java:525)",
		"org.apache.pdfbox.pdfwriter.COSWriter.doWriteObjects(COSWriter.java:460)",
		"org.apache.pdfbox.pdfwriter.COSWriter.doWriteBody(COSWriter.java:444)",
		"org.apache.pdfbox.pdfwriter.COSWriter.visitFromDocument(COSWriter.java:1202)",
		"org.apache.pdfbox.pdfwriter.COSWriter.write(COSWriter.java:1424)",
		"org.apache.pdfbox.pdmodel.PDDocument.save(PDDocument.java:1096)",
		"com.shopwave.billing.pdf.InvoicePdfRenderer.render(InvoicePdfRenderer.java:131)",
		"com.shopwave.billing.api.InvoiceController.pdf(InvoiceController.java:77)",
	}, "\n\tat ") + h16ServletTail("Get")
}

func (g *h16Gen) bugStack(inv string) string {
	return "java.lang.IllegalStateException: Invoice " + inv + " has no line items\n\tat " + strings.Join([]string{
		"com.shopwave.billing.invoice.Invoice.subtotal(Invoice.java:212)",
		"com.shopwave.billing.pdf.InvoicePdfRenderer.renderTotals(InvoicePdfRenderer.java:204)",
		"com.shopwave.billing.pdf.InvoicePdfRenderer.render(InvoicePdfRenderer.java:118)",
		"com.shopwave.billing.api.InvoiceController.pdf(InvoiceController.java:77)",
	}, "\n\tat ") + h16ServletTail("Get")
}

func (g *h16Gen) poisonStack(off int64) string {
	head := "org.springframework.kafka.KafkaException: Seek to current after exception"
	top := "\n\tat " + strings.Join([]string{
		"org.springframework.kafka.listener.SeekUtils.seekOrRecover(SeekUtils.java:227)",
		"org.springframework.kafka.listener.DefaultErrorHandler.handleRemaining(DefaultErrorHandler.java:168)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeErrorHandler(KafkaMessageListenerContainer.java:2915)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.lambda$doInvokeRecordListener$53(KafkaMessageListenerContainer.java:2713)",
		"io.micrometer.observation.Observation.observe(Observation.java:565)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeRecordListener(KafkaMessageListenerContainer.java:2699)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeWithRecords(KafkaMessageListenerContainer.java:2541)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeRecordListener(KafkaMessageListenerContainer.java:2430)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeListener(KafkaMessageListenerContainer.java:2085)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeIfHaveRecords(KafkaMessageListenerContainer.java:1461)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.pollAndInvoke(KafkaMessageListenerContainer.java:1426)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1296)",
		"java.base/java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1804)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}, "\n\tat ")
	c1 := "\nCaused by: org.springframework.kafka.listener.ListenerExecutionFailedException: Listener method 'public void com.shopwave.billing.kafka.PaymentEventListener.onPaymentEvent(org.apache.kafka.clients.consumer.ConsumerRecord<java.lang.String, java.lang.String>)' threw exception\n\tat " + strings.Join([]string{
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2961)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2829)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage(KafkaMessageListenerContainer.java:2778)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.lambda$doInvokeRecordListener$53(KafkaMessageListenerContainer.java:2701)",
	}, "\n\tat ") + "\n\t... 10 common frames omitted"
	c2 := "\nCaused by: com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.math.BigDecimal` from String \"12,50\": not a valid representation\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 187] (through reference chain: com.shopwave.billing.kafka.PaymentEvent[\"amount\"])\n\tat " + strings.Join([]string{
		"com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)",
		"com.fasterxml.jackson.databind.DeserializationContext.weirdStringException(DeserializationContext.java:1959)",
		"com.fasterxml.jackson.databind.DeserializationContext.handleWeirdStringValue(DeserializationContext.java:1245)",
		"com.fasterxml.jackson.databind.deser.std.NumberDeserializers$BigDecimalDeserializer.deserialize(NumberDeserializers.java:1107)",
		"com.fasterxml.jackson.databind.deser.impl.MethodProperty.deserializeAndSet(MethodProperty.java:129)",
		"com.fasterxml.jackson.databind.deser.BeanDeserializer.vanillaDeserialize(BeanDeserializer.java:310)",
		"com.fasterxml.jackson.databind.deser.BeanDeserializer.deserialize(BeanDeserializer.java:177)",
		"com.fasterxml.jackson.databind.deser.DefaultDeserializationContext.readRootValue(DefaultDeserializationContext.java:323)",
		"com.fasterxml.jackson.databind.ObjectMapper._readMapAndClose(ObjectMapper.java:4825)",
		"com.fasterxml.jackson.databind.ObjectMapper.readValue(ObjectMapper.java:3772)",
		"com.fasterxml.jackson.databind.ObjectMapper.readValue(ObjectMapper.java:3740)",
		"com.shopwave.billing.kafka.PaymentEventListener.onPaymentEvent(PaymentEventListener.java:54)",
		"java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
		"java.base/java.lang.reflect.Method.invoke(Method.java:580)",
		"org.springframework.messaging.handler.invocation.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:169)",
		"org.springframework.messaging.handler.invocation.InvocableHandlerMethod.invoke(InvocableHandlerMethod.java:119)",
		"org.springframework.kafka.listener.adapter.HandlerAdapter.invoke(HandlerAdapter.java:70)",
		"org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invokeHandler(MessagingMessageListenerAdapter.java:420)",
		"org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invoke(MessagingMessageListenerAdapter.java:384)",
		"org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter.onMessage(RecordMessagingMessageListenerAdapter.java:85)",
		"org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter.onMessage(RecordMessagingMessageListenerAdapter.java:50)",
		"org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2800)",
	}, "\n\tat ") + "\n\t... 12 common frames omitted"
	return head + top + c1 + c2
}

// ---- the tax API through Resilience4j ----

type h16TaxRes struct {
	ok, rejected, inc, timeout bool
	d                          time.Duration
}

func (g *h16Gen) cbState(p *h16Pod, t time.Time) string {
	s := "CLOSED"
	for _, e := range p.cb {
		if !e.at.After(t) {
			s = e.to
		}
	}
	return s
}

// taxCall is a call to taxcalc from pod p at t; add writes its lines, at offsets from t.
func (g *h16Gen) taxCall(p *h16Pod, t time.Time, thread string, ctx *h16Ctx, ten h16Tenant, net float64, nlines int, add func(time.Duration, h16Rec, h16Truth)) h16TaxRes {
	lat := g.ms(g.logn(105, 0.35))
	normal := len(p.cb) == 0 || t.Before(g.taxA) || !t.Before(p.cb[len(p.cb)-1].at)
	state := g.cbState(p, t)
	if !normal && state == "HALF_OPEN" && !t.Before(g.taxB) {
		normal = true
	}
	if normal {
		res := h16TaxRes{ok: true, d: lat, inc: len(p.cb) > 0 && !t.Before(g.taxA) && t.Before(p.cb[len(p.cb)-1].at)}
		var off time.Duration
		if g.chance(0.0025) {
			off = 2*time.Second + g.ms(4)
			add(off, h16Rec{lvl: "WARN", logger: h16Resil, thread: thread, ctx: ctx,
				msg: g.zoned(t.Add(off)) + ": Retry 'taxApi', waiting PT0.5S until attempt '2'. Last attempt failed with exception '" + g.taxExc(true) + "'."}, h16Truth{})
			off += 500 * time.Millisecond
			res.d = off + lat
		}
		if !p.debugFrom.IsZero() && !t.Before(p.debugFrom) && t.Before(p.debugTo) {
			tax := net * ten.vat / 100
			add(off+time.Millisecond, h16Rec{lvl: "DEBUG", logger: "com.shopwave.billing.tax.TaxCalcClient", thread: thread, ctx: ctx,
				msg: fmt.Sprintf("POST %s country=%s lines=%d net=%s %s", h16TaxURL, ten.country, nlines, h16Money(net), ten.cur)}, g.debug)
			add(res.d, h16Rec{lvl: "DEBUG", logger: "com.shopwave.billing.tax.TaxCalcClient", thread: thread, ctx: ctx,
				msg: fmt.Sprintf("taxcalc answered 200 in %d ms: tax=%s %s rate=%.2f%% jurisdiction=%s txn=tq_%s", lat.Milliseconds(), h16Money(tax), ten.cur, ten.vat, ten.country, g.b36(12))}, g.debug)
		}
		return res
	}
	res := h16TaxRes{inc: true}
	if state == "OPEN" {
		res.rejected = true
		res.d = g.ms(0.3 + g.r.Float64())
		return res
	}
	var off time.Duration
	for a := 1; a <= 3; a++ {
		to := g.chance(0.45)
		if to {
			off += 2*time.Second + g.ms(2+3*g.r.Float64())
		} else {
			off += g.ms(g.logn(70, 0.3))
		}
		res.timeout = to
		if a < 3 {
			add(off, h16Rec{lvl: "WARN", logger: h16Resil, thread: thread, ctx: ctx,
				msg: fmt.Sprintf("%s: Retry 'taxApi', waiting PT0.5S until attempt '%d'. Last attempt failed with exception '%s'.", g.zoned(t.Add(off)), a+1, g.taxExc(to))}, h16Truth{})
			off += 500 * time.Millisecond
		} else {
			add(off, h16Rec{lvl: "WARN", logger: h16Resil, thread: thread, ctx: ctx,
				msg: fmt.Sprintf("%s: Retry 'taxApi' recorded a failed retry attempt. Number of retry attempts: '3'. Giving up. Last exception was: '%s'.", g.zoned(t.Add(off)), g.taxExc(to))}, h16Truth{})
		}
	}
	res.d = off
	return res
}

func (g *h16Gen) taxEvents() {
	inc := h16Truth{inc: h16TaxOutage}
	var last time.Time
	for _, p := range g.pods {
		for _, e := range p.cb {
			g.warn(e.at, p, inc, h16Resil, g.exec(e.at), fmt.Sprintf("%s: CircuitBreaker 'taxApi' changed state from %s to %s", g.zoned(e.at), e.from, e.to))
			if e.at.After(last) {
				last = e.at
			}
		}
	}
	if last.IsZero() {
		return
	}
	// the tax review job runs every 5 minutes and re-rates the invoices rated with
	// fallback rates
	t := last.Truncate(5 * time.Minute).Add(5*time.Minute + g.dur(0, 50*time.Millisecond))
	p := g.pick(t)
	if p == nil || g.fallbacks == 0 {
		return
	}
	ctx := g.ctx("", "")
	lg := "com.shopwave.billing.tax.TaxReviewJob"
	g.log(t, p, inc, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx, msg: fmt.Sprintf("Re-rating %d invoices rated with fallback tax rates", g.fallbacks)})
	adj := g.fallbacks/20 + g.r.IntN(3)
	d := g.ms(float64(g.fallbacks) * g.logn(45, 0.2))
	g.log(t.Add(d), p, inc, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx,
		msg: fmt.Sprintf("Re-rated %d invoices: %d adjusted, total difference %s EUR, credit notes issued: %d", g.fallbacks, adj, h16Money(float64(adj)*0.37*g.r.Float64()), adj),
		kv:  []h16KV{h16N("invoices", int64(g.fallbacks)), h16N("adjusted", int64(adj)), h16N("duration_ms", d.Milliseconds())}})
}

// ---- Kafka processing ----

func (g *h16Gen) kafkaKV(gr *h16Group, m *h16Msg, d time.Duration) []h16KV {
	return []h16KV{h16S("kafka.topic", gr.topic), h16N("kafka.partition", int64(m.part)), h16N("kafka.offset", m.off), h16N("duration_ms", d.Milliseconds())}
}

func (g *h16Gen) processOrders() {
	gr := g.groups[0]
	for _, m := range gr.msgs {
		p := m.owner
		if p == nil {
			continue
		}
		t := m.proc
		ti := g.tenant()
		ten := h16Tenants[ti]
		order := "ORD-" + strings.ToUpper(g.b36(8))
		ctx := g.ctx(ten.id, "")
		tr := m.tr.later(p.tr)
		nl := 1 + g.r.IntN(4)
		if g.chance(0.15) {
			nl += 2 + g.r.IntN(6)
		}
		net := g.logn(58, 0.7) * ten.fx * math.Sqrt(float64(nl))
		var pend []h16Pend
		add := func(off time.Duration, r h16Rec, c h16Truth) { pend = append(pend, h16Pend{off, r, c}) }
		if m.camp {
			disc := net * 0.15
			add(g.ms(3), h16Rec{lvl: "INFO", logger: "com.shopwave.billing.invoice.DiscountService", thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("Voucher HERBST24 applied to order %s: -15%% (-%s %s)", order, h16Money(disc), ten.cur)}, h16Truth{})
			net -= disc
		}
		pre := g.ms(4 + 3*g.r.Float64())
		tx := g.taxCall(p, t.Add(pre), gr.thread, ctx, ten, net, nl, func(o time.Duration, r h16Rec, c h16Truth) { add(pre+o, r, c) })
		off := pre + tx.d
		source := "taxcalc"
		if !tx.ok {
			reason := "CircuitBreaker 'taxApi' is OPEN and does not permit further calls"
			if !tx.rejected {
				reason = "3 attempts failed: " + g.taxExc(tx.timeout)
			}
			add(off+g.ms(1), h16Rec{lvl: "WARN", logger: "com.shopwave.billing.tax.FallbackTaxRates", thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("Tax service unavailable for order %s (%s); using fallback rate %.2f%% for %s from snapshot 2024-10-14, invoice flagged for tax review", order, reason, ten.vat, ten.country)}, h16Truth{})
			source = "fallback"
			g.fallbacks++
		}
		if tx.inc {
			tr = h16Truth{inc: h16TaxOutage}
		}
		f := g.slow(p, t)
		if f > 1.25 {
			tr = h16Truth{inc: h16Leak}
		}
		off += g.ms(g.logn(14, 0.4) * f)
		tax := net * ten.vat / 100
		g.invNext += 1
		if g.chance(0.03) {
			g.invNext++
		}
		inv := fmt.Sprintf("INV-2024-%07d", g.invNext)
		g.invoices = append(g.invoices, h16Inv{at: t.Add(off), id: inv, gross: net + tax, tenant: ti})
		add(off, h16Rec{lvl: "INFO", logger: "com.shopwave.billing.kafka.OrderCompletedListener", thread: gr.thread, ctx: ctx,
			msg: fmt.Sprintf("Invoice %s created for order %s: %s, net %s %s, tax %s %s (%s)", inv, order, h16Plural(nl, "line"), h16Money(net), ten.cur, h16Money(tax), ten.cur, source),
			kv:  g.kafkaKV(gr, m, off)}, h16Truth{})
		if p.version == "2.15.0" && ten.einv != "" {
			d := g.ms(g.logn(55, 0.35) * f)
			add(off+d, h16Rec{lvl: "INFO", logger: "com.shopwave.billing.einvoice.EInvoiceService", thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("E-invoice %s generated for %s (%.1f KB) in %d ms", ten.einv, inv, 9+float64(nl)*1.7+g.r.Float64()*2, d.Milliseconds())}, g.deploy)
		}
		for _, e := range pend {
			g.log(t.Add(e.off), p, tr.later(e.chg), e.rec)
		}
	}
	slices.SortStableFunc(g.invoices, func(a, b h16Inv) int { return a.at.Compare(b.at) })
}

// invoice picks an invoice a request or payment at t may refer to.
func (g *h16Gen) invoice(t time.Time) h16Inv {
	n := sort.Search(len(g.invoices), func(i int) bool { return !g.invoices[i].at.Before(t.Add(-20 * time.Second)) })
	if n > 0 && g.chance(0.75) {
		lo := max(0, n-2500)
		return g.invoices[lo+g.r.IntN(n-lo)]
	}
	ti := g.tenant()
	return h16Inv{id: fmt.Sprintf("INV-2024-%07d", g.invBase-1-g.r.IntN(70000)), gross: g.logn(70, 0.7) * h16Tenants[ti].fx, tenant: ti}
}

func (g *h16Gen) processPayments() {
	gr := g.groups[1]
	methods := []string{"card", "card", "card", "paypal", "sepa_debit", "klarna", "apple_pay"}
	for _, m := range gr.msgs {
		p := m.owner
		if p == nil || m.poison {
			continue
		}
		t := m.proc
		inv := g.invoice(m.at.Add(-time.Duration(g.r.IntN(600)) * time.Second))
		ten := h16Tenants[inv.tenant]
		ctx := g.ctx(ten.id, "")
		tr := m.tr.later(p.tr)
		f := g.slow(p, t)
		if f > 1.25 {
			tr = h16Truth{inc: h16Leak}
		}
		lg := "com.shopwave.billing.kafka.PaymentEventListener"
		d := g.ms(g.logn(11, 0.4) * f)
		switch x := g.r.Float64(); {
		case x < 0.01:
			g.log(t.Add(d), p, tr, h16Rec{lvl: "INFO", logger: lg, thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("Ignoring duplicate payment event evt_%s for invoice %s (already PAID)", g.b36(14), inv.id), kv: g.kafkaKV(gr, m, d)})
		case x < 0.07:
			amt := math.Round(inv.gross*(0.2+0.8*g.r.Float64())*100) / 100
			g.log(t.Add(d), p, tr, h16Rec{lvl: "INFO", logger: lg, thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("Refund rf_%s settled for invoice %s: %s %s", g.b36(12), inv.id, h16Money(amt), ten.cur), kv: g.kafkaKV(gr, m, d)})
		default:
			if g.chance(0.008) {
				g.log(t.Add(d/2), p, tr, h16Rec{lvl: "WARN", logger: "com.shopwave.billing.invoice.InvoiceService", thread: gr.thread, ctx: ctx,
					msg: fmt.Sprintf("Optimistic lock conflict on invoice %s (version %d), retrying payment event (attempt 1 of 3)", inv.id, 2+g.r.IntN(3))})
				d += g.ms(g.logn(25, 0.3))
			}
			g.log(t.Add(d), p, tr, h16Rec{lvl: "INFO", logger: lg, thread: gr.thread, ctx: ctx,
				msg: fmt.Sprintf("Payment pay_%s captured for invoice %s: %s %s via %s, invoice marked PAID", g.b36(14), inv.id, h16Money(inv.gross), ten.cur, methods[g.r.IntN(len(methods))]),
				kv:  g.kafkaKV(gr, m, d)})
		}
	}
}

// poisonLoop writes the unlimited retries of the poison record and the operator's skip.
func (g *h16Gen) poisonLoop() {
	p := g.poisonPod
	if p == nil {
		return
	}
	gr := g.groups[1]
	tr := h16Truth{inc: h16Poison}
	key := "pay_" + g.b36(14)
	ten := h16Tenants[g.tenant()]
	where := fmt.Sprintf("%s-%d@%d", gr.topic, g.poisonPart, g.poisonOff)
	for t := g.poisonP.Add(g.ms(9)); t.Before(g.poisonS); t = t.Add(time.Second + g.ms(3+12*g.r.Float64())) {
		ctx := g.ctx(ten.id, "")
		g.log(t, p, tr, h16Rec{lvl: "WARN", logger: "com.shopwave.billing.kafka.PaymentEventListener", thread: gr.thread, ctx: ctx,
			msg: fmt.Sprintf("Cannot map payment event %s (key %s): Cannot deserialize value of type `java.math.BigDecimal` from String \"12,50\": not a valid representation", where, key),
			kv:  []h16KV{h16S("kafka.topic", gr.topic), h16N("kafka.partition", int64(g.poisonPart)), h16N("kafka.offset", g.poisonOff)}})
		g.log(t.Add(g.ms(2+2*g.r.Float64())), p, tr, h16Rec{lvl: "ERROR", logger: h16Container, thread: gr.thread,
			msg: "Error handler threw an exception", stack: g.poisonStack(g.poisonOff)})
	}
	// the operator's skip, through a port-forward to the pod
	s := g.poisonS.Add(-g.ms(60))
	user := g.admins[0]
	ctx := g.ctx("", user)
	th := g.exec(s)
	g.log(s.Add(g.ms(12)), p, tr, h16Rec{lvl: "WARN", logger: "com.shopwave.billing.admin.KafkaAdminController", thread: th, ctx: ctx,
		msg: fmt.Sprintf("Skipping record %s on operator request by %s; record published to %s.DLT", where, user, gr.topic)})
	g.info(s.Add(g.ms(30)), p, tr, "org.apache.kafka.clients.consumer.internals.LegacyKafkaConsumer", gr.thread,
		g.cprefix(gr)+fmt.Sprintf("Seeking to offset %d for partition %s-%d", g.poisonOff+1, gr.topic, g.poisonPart))
	path := "/api/v1/admin/kafka/consumers/" + gr.name + "/skip"
	g.log(s.Add(g.ms(41)), p, tr, g.reqRec(th, ctx, "POST", path, 200, 41))
}

// lagReports writes each consumer's lag report, a minute apart on every pod.
func (g *h16Gen) lagReports() {
	for _, p := range g.pods {
		for _, gr := range g.groups {
			ph := g.dur(0, time.Minute)
			for t := g.t0.Add(ph); t.Before(g.end); t = t.Add(time.Minute + g.dur(0, 30*time.Millisecond)) {
				if !p.serving(t) || t.Before(p.up.Add(time.Minute)) {
					continue
				}
				var me *h16Member
				for _, m := range gr.mem {
					if m.pod == p {
						me = m
					}
				}
				if me == nil || (!me.leave.IsZero() && !t.Before(me.leave)) {
					continue
				}
				ps := g.partsOf(gr, g.ownersAt(gr, t), me)
				if len(ps) == 0 {
					continue
				}
				tr := p.tr
				lag, maxLag, maxPart := 0, -1, ps[0]
				for _, part := range ps {
					l := g.r.IntN(3)
					if g.chance(0.1) {
						l += g.r.IntN(6)
					}
					if gr.idx == 1 && part == g.poisonPart && !t.Before(g.poisonP) && t.Before(g.poisonS.Add(20*time.Second)) {
						l = int(g.committed(gr, part, t)-g.poisonOff) + g.r.IntN(2)
						tr = h16Truth{inc: h16Poison}
					}
					lag += l
					if l > maxLag {
						maxLag, maxPart = l, part
					}
				}
				if g.leakInc(p, t) && !t.Before(g.leakFull) {
					// the thrashing pod falls behind on its partitions
					behind := int(t.Sub(g.leakFull).Seconds() * 0.08 * float64(len(ps)))
					lag += behind + g.r.IntN(5)
					maxLag += behind/len(ps) + g.r.IntN(3)
					tr = h16Truth{inc: h16Leak}
				}
				g.log(t, p, tr, h16Rec{lvl: "INFO", logger: "com.shopwave.billing.ops.KafkaLagReporter", thread: "lag-reporter",
					msg: fmt.Sprintf("Consumer lag %s: %d records (max %d on %s-%d)", gr.name, lag, maxLag, gr.topic, maxPart),
					kv:  []h16KV{h16S("kafka.group", gr.name), h16N("lag", int64(lag))}})
			}
		}
	}
}

// ---- HTTP traffic ----

func (g *h16Gen) reqRec(thread string, ctx *h16Ctx, method, path string, status int, ms int64) h16Rec {
	lvl := "INFO"
	if status >= 500 {
		lvl = "WARN"
	}
	return h16Rec{lvl: lvl, logger: h16ReqLogger, thread: thread, ctx: ctx,
		msg: fmt.Sprintf("%s %s %d %dms", method, path, status, ms),
		kv:  []h16KV{h16S("http.method", method), h16S("http.path", path), h16N("http.status", int64(status)), h16N("duration_ms", ms)}}
}

const (
	h16EpQuote = iota
	h16EpInvoice
	h16EpCustInvoices
	h16EpPDF
	h16EpPay
	h16EpAccount
	h16EpPayMethod
	h16EpRefund
	h16EpList
	h16EpSub
)

var (
	h16Weights     = []float64{25, 18, 15, 7, 6, 10, 3, 2, 6, 8}
	h16CampWeights = []float64{42, 17, 12, 6, 11, 4, 1, 1, 1, 5}
)

func (g *h16Gen) traffic() {
	g.poisson(g.t0, g.end, 16, g.baseRate, func(t time.Time) { g.request(t, h16Truth{}, false) })
	g.poisson(g.campaignAt, g.end, 13, g.campRate, func(t time.Time) { g.request(t, g.campaign, true) })
}

func (g *h16Gen) iban() string {
	return fmt.Sprintf("DE%02d%08d%010d", g.r.IntN(100), 10000000+g.r.IntN(89999999), g.r.Int64N(10000000000))
}

func (g *h16Gen) request(t time.Time, rt h16Truth, camp bool) {
	p := g.pick(t)
	if p == nil {
		return
	}
	tr := rt.later(p.tr)
	ws := h16Weights
	if camp {
		ws = h16CampWeights
	}
	ep := g.pickW(ws)
	thread := g.exec(t)
	ti := g.tenant()
	var inv h16Inv
	if ep == h16EpInvoice || ep == h16EpPDF || ep == h16EpPay || ep == h16EpRefund {
		inv = g.invoice(t)
		ti = inv.tenant
	}
	ten := h16Tenants[ti]
	cust := g.customers[g.r.IntN(len(g.customers))]
	user := fmt.Sprintf("c-%d", cust)
	switch ep {
	case h16EpQuote:
		user = "svc-checkout"
	case h16EpList, h16EpRefund, h16EpPayMethod:
		user = g.admins[g.r.IntN(len(g.admins))]
	}
	ctx := g.ctx(ten.id, user)
	var pend []h16Pend
	add := func(off time.Duration, r h16Rec, c h16Truth) { pend = append(pend, h16Pend{off, r, c}) }
	var method, path string
	status := 200
	var ms float64
	ba := fmt.Sprintf("BA-%06d", 100000+cust%900000)
	exh := "org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver"
	apiExh := "com.shopwave.billing.api.ApiExceptionHandler"
	switch ep {
	case h16EpQuote:
		method, path = "POST", "/api/v1/tax/quote"
		nl := 1 + g.r.IntN(5)
		net := g.logn(55, 0.7) * ten.fx * math.Sqrt(float64(nl))
		if g.chance(0.005) {
			pc := []string{"1011", "D-10115", "ABCDE123456", "75 0 01", "n/a"}[g.r.IntN(5)]
			status, ms = 400, 3+4*g.r.Float64()
			add(g.ms(ms-1), h16Rec{lvl: "WARN", logger: exh, thread: thread, ctx: ctx,
				msg: "Resolved [org.springframework.web.bind.MethodArgumentNotValidException: Validation failed for argument [0] in public org.springframework.http.ResponseEntity<com.shopwave.billing.api.dto.TaxQuoteResponse> com.shopwave.billing.api.TaxController.quote(com.shopwave.billing.api.dto.TaxQuoteRequest): [Field error in object 'taxQuoteRequest' on field 'shipTo.postalCode': rejected value [" + pc + "]; codes [Pattern.taxQuoteRequest.shipTo.postalCode,Pattern.shipTo.postalCode,Pattern.postalCode,Pattern.java.lang.String,Pattern]; arguments [org.springframework.context.support.DefaultMessageSourceResolvable: codes [taxQuoteRequest.shipTo.postalCode,shipTo.postalCode]; arguments []; default message [shipTo.postalCode],[Ljakarta.validation.constraints.Pattern$Flag;@6f1c2a9e,^[0-9]{4,5}$]; default message [must match \"^[0-9]{4,5}$\"]] ]"}, h16Truth{})
			break
		}
		pre := g.ms(4 + 6*g.r.Float64())
		tx := g.taxCall(p, t.Add(pre), thread, ctx, ten, net, nl, func(o time.Duration, r h16Rec, c h16Truth) { add(pre+o, r, c) })
		ms = float64((pre+tx.d).Microseconds())/1000 + 2 + 3*g.r.Float64()
		if tx.inc {
			tr = h16Truth{inc: h16TaxOutage}
		}
		if !tx.ok {
			status = 503
			if tx.rejected {
				add(g.ms(ms-1), h16Rec{lvl: "WARN", logger: "com.shopwave.billing.api.TaxController", thread: thread, ctx: ctx,
					msg: fmt.Sprintf("Tax quote for %s not attempted, answering 503: CircuitBreaker 'taxApi' is OPEN and does not permit further calls", ten.id)}, h16Truth{})
			} else {
				add(g.ms(ms-1), h16Rec{lvl: "ERROR", logger: "com.shopwave.billing.api.TaxController", thread: thread, ctx: ctx,
					msg: fmt.Sprintf("Tax quote for %s failed after 3 attempts, answering 503", ten.id), stack: g.taxStack(tx.timeout, false)}, h16Truth{})
			}
		}
	case h16EpInvoice:
		method, path = "GET", "/api/v1/invoices/"+inv.id
		ms = g.logn(16, 0.45)
		if g.chance(0.015) {
			status = 404
			add(g.ms(ms-1), h16Rec{lvl: "WARN", logger: apiExh, thread: thread, ctx: ctx,
				msg: fmt.Sprintf("Invoice %s not found for tenant %s", inv.id, ten.id)}, h16Truth{})
		}
	case h16EpCustInvoices:
		method, path = "GET", fmt.Sprintf("/api/v1/customers/%d/invoices", cust)
		ms = g.logn(38, 0.4)
		if !t.Before(g.slowA) && t.Before(g.slowB) {
			ms *= 7 + 7*g.r.Float64()
			if g.chance(0.1) {
				ms *= 1.5 + g.r.Float64()
			}
			tr = h16Truth{inc: h16SlowList}
			if ms > 1000 {
				add(g.ms(ms-8), h16Rec{lvl: "INFO", logger: "org.hibernate.SQL_SLOW", thread: thread, ctx: ctx,
					msg: fmt.Sprintf("Slow query took %d milliseconds [select i1_0.id,i1_0.billing_account_id,i1_0.currency,i1_0.customer_id,i1_0.due_date,i1_0.gross_amount,i1_0.issued_at,i1_0.number,i1_0.status,i1_0.tenant_id from invoice i1_0 where i1_0.tenant_id=? and i1_0.customer_id=? order by i1_0.issued_at desc offset ? rows fetch first ? rows only]", int(ms-15))}, h16Truth{})
			}
		}
	case h16EpPDF:
		method, path = "GET", "/api/v1/invoices/"+inv.id+"/pdf"
		ms = g.logn(240, 0.45)
		switch x := g.r.Float64(); {
		case x < 0.01:
			add(g.ms(ms), h16Rec{lvl: "WARN", logger: apiExh, thread: thread, ctx: ctx,
				msg: fmt.Sprintf("Client aborted download of %s.pdf: org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe", inv.id)}, h16Truth{})
			ms += 1
		case x < 0.0115:
			status = 500
			ms = g.logn(35, 0.3)
			add(g.ms(ms-1), h16Rec{lvl: "ERROR", logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]", thread: thread, ctx: ctx,
				msg:   fmt.Sprintf("Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.IllegalStateException: Invoice %s has no line items] with root cause", inv.id),
				stack: g.bugStack(inv.id)}, h16Truth{})
		}
	case h16EpPay:
		method, path = "POST", "/api/v1/invoices/"+inv.id+"/payments"
		ms = g.logn(430, 0.35)
		status = 201
		if g.chance(0.06) {
			status = 402
			reason := []string{"insufficient_funds", "card_declined", "expired_card", "do_not_honor", "authentication_required"}[g.pickW([]float64{4, 3, 1, 1, 1})]
			add(g.ms(ms-2), h16Rec{lvl: "INFO", logger: "com.shopwave.billing.payment.PaymentService", thread: thread, ctx: ctx,
				msg: fmt.Sprintf("Payment for invoice %s declined by PSP: %s (psp_ref=%s)", inv.id, reason, strings.ToUpper(g.b36(16)))}, h16Truth{})
		}
	case h16EpAccount:
		method, path = "GET", "/api/v1/billing-accounts/"+ba
		ms = g.logn(12, 0.4)
	case h16EpPayMethod:
		method, path = "PUT", "/api/v1/billing-accounts/"+ba+"/payment-method"
		ms = g.logn(48, 0.35)
		if g.chance(0.12) {
			status, ms = 400, 4+5*g.r.Float64()
			add(g.ms(ms-1), h16Rec{lvl: "WARN", logger: exh, thread: thread, ctx: ctx,
				msg: "Resolved [org.springframework.web.bind.MethodArgumentNotValidException: Validation failed for argument [1] in public org.springframework.http.ResponseEntity<com.shopwave.billing.api.dto.BillingAccountDto> com.shopwave.billing.api.BillingAccountController.updatePaymentMethod(java.lang.String,com.shopwave.billing.api.dto.PaymentMethodRequest): [Field error in object 'paymentMethodRequest' on field 'iban': rejected value [" + g.iban() + "]; codes [ValidIban.paymentMethodRequest.iban,ValidIban.iban,ValidIban.java.lang.String,ValidIban]; arguments [org.springframework.context.support.DefaultMessageSourceResolvable: codes [paymentMethodRequest.iban,iban]; arguments []; default message [iban]]; default message [must be a valid IBAN]] ]"}, h16Truth{})
		}
	case h16EpRefund:
		method, path = "POST", "/api/v1/refunds"
		ms = g.logn(520, 0.35)
		status = 201
		if g.chance(0.05) {
			status, ms = 409, g.logn(20, 0.3)
			req := inv.gross * (1.05 + g.r.Float64())
			add(g.ms(ms-1), h16Rec{lvl: "WARN", logger: apiExh, thread: thread, ctx: ctx,
				msg: fmt.Sprintf("Refund rejected for invoice %s: requested %s %s exceeds refundable amount %s %s", inv.id, h16Money(req), ten.cur, h16Money(inv.gross), ten.cur)}, h16Truth{})
		}
	case h16EpList:
		method, path = "GET", "/api/v1/invoices"
		ms = g.logn(70, 0.5)
		if g.chance(0.004) {
			ms = 1100 + 1500*g.r.Float64()
			add(g.ms(ms-8), h16Rec{lvl: "INFO", logger: "org.hibernate.SQL_SLOW", thread: thread, ctx: ctx,
				msg: fmt.Sprintf("Slow query took %d milliseconds [select i1_0.id,i1_0.billing_account_id,i1_0.currency,i1_0.customer_id,i1_0.due_date,i1_0.gross_amount,i1_0.issued_at,i1_0.number,i1_0.status,i1_0.tenant_id from invoice i1_0 where i1_0.tenant_id=? and i1_0.status=? and i1_0.due_date<? order by i1_0.due_date offset ? rows fetch first ? rows only]", int(ms-15))}, h16Truth{})
		}
	case h16EpSub:
		method, path = "GET", fmt.Sprintf("/api/v1/subscriptions/SUB-%07d", 40000+cust%60000)
		ms = g.logn(10, 0.4)
	}
	if status < 300 && ep != h16EpQuote && g.chance(0.002) {
		status, ms, pend = 401, 2+3*g.r.Float64(), nil
		ctx.user = ""
	}
	// the leaking pod
	if f := g.slow(p, t); f > 1.25 {
		ms *= f
		tr = h16Truth{inc: h16Leak}
		if !t.Before(g.leakOOM) && g.chance(0.4) {
			status = 500
			where := "json"
			if ep == h16EpPDF {
				where = "pdf"
			}
			add(g.ms(ms-1), h16Rec{lvl: "ERROR", logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]", thread: thread, ctx: ctx,
				msg:   "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
				stack: g.oomStack(where)}, h16Truth{})
		}
	}
	if ms < 1 {
		ms = 1
	}
	for _, e := range pend {
		g.log(t.Add(e.off), p, tr.later(e.chg), e.rec)
	}
	g.log(t.Add(g.ms(ms)), p, tr, g.reqRec(thread, ctx, method, path, status, int64(ms)))
}

// ---- per-pod periodic lines: probes, scrapes, Hikari, GC, runtime stats ----

func (g *h16Gen) periodic(p *h16Pod) {
	stop := p.exit
	if stop.IsZero() || stop.After(g.end) {
		stop = g.end
	}
	if !p.sigterm.IsZero() && p.sigterm.Before(stop) {
		stop = p.sigterm
	}
	type probe struct {
		path   string
		every  time.Duration
		median float64
		delay  time.Duration
	}
	for _, pr := range []probe{
		{"/actuator/health/liveness", 10 * time.Second, 2.2, 30 * time.Second},
		{"/actuator/health/readiness", 10 * time.Second, 2.8, 10 * time.Second},
		{"/actuator/prometheus", 15 * time.Second, 24, 20 * time.Second},
	} {
		t := p.jvm.Add(pr.delay + g.dur(0, pr.every))
		if pr.path == "/actuator/health/readiness" {
			t = p.probe0
		}
		if t.Before(g.t0) {
			t = t.Add(g.t0.Sub(t).Truncate(pr.every))
		}
		for ; t.Before(stop); t = t.Add(pr.every) {
			if t.Before(p.up.Add(200 * time.Millisecond)) {
				continue
			}
			thread := g.exec(t)
			if !t.After(p.ready) {
				thread = "http-nio-8080-exec-1"
			}
			ms := g.logn(pr.median, 0.3)
			tr := p.tr
			if f := g.slow(p, t); f > 1.25 {
				ms *= f
				if !t.Before(g.leakFull) {
					ms += 800 + 2200*g.r.Float64()
				}
				tr = h16Truth{inc: h16Leak}
			}
			ctx := g.ctx("", "")
			g.log(t.Add(g.ms(ms)), p, tr, g.reqRec(thread, ctx, "GET", pr.path, 200, int64(ms)))
		}
	}
	// HikariCP housekeeping (logger at DEBUG) every 30 s, connections retired after
	// maxLifetime (30 minutes less up to 2.5%)
	hstart := p.up.Add(30 * time.Second)
	if hstart.Before(g.t0) {
		hstart = g.t0.Add(g.dur(0, 30*time.Second))
	}
	for t := hstart; t.Before(stop); t = t.Add(30*time.Second + g.dur(0, 2*time.Millisecond)) {
		rate := g.podRate(t)
		active := 0
		for i := 0; i < 3; i++ {
			if g.chance(math.Min(0.8, rate*0.025)) {
				active++
			}
		}
		waiting := 0
		tr := p.tr
		if g.leakInc(p, t) && !t.Before(g.leakFull) {
			tr = h16Truth{inc: h16Leak}
			active = 4 + g.r.IntN(7)
			if active == 10 {
				waiting = 1 + g.r.IntN(12)
			}
			g.warn(t, p, tr, h16Hikari, "HikariPool-1 housekeeper", fmt.Sprintf("HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=%s).", h16Delta(30*time.Second+g.dur(2*time.Second, 40*time.Second))))
		}
		st := fmt.Sprintf("(total=10, active=%d, idle=%d, waiting=%d)", active, 10-active, waiting)
		g.debugLine(t, p, tr, h16Hikari, "HikariPool-1 housekeeper", "HikariPool-1 - Before cleanup stats "+st)
		g.debugLine(t.Add(time.Millisecond/3), p, tr, h16Hikari, "HikariPool-1 housekeeper", "HikariPool-1 - After cleanup  stats "+st)
		g.debugLine(t.Add(time.Millisecond/2), p, tr, h16Hikari, "HikariPool-1 housekeeper", "HikariPool-1 - Fill pool skipped, pool has sufficient level or currently being filled.")
	}
	for c := 0; c < 10; c++ {
		born := p.up.Add(-5 * time.Second)
		if p.jvm.Before(g.t0) {
			born = g.t0.Add(-g.dur(0, 30*time.Minute))
		}
		for {
			retire := born.Add(30*time.Minute - g.dur(0, 45*time.Second))
			if !retire.Before(stop) {
				break
			}
			tr := p.tr
			g.debugLine(retire, p, tr, h16Hikari, "HikariPool-1 connection closer", "HikariPool-1 - Closing connection "+g.connID()+": (connection has passed maxLifetime)")
			born = retire.Add(g.dur(4*time.Millisecond, 30*time.Millisecond))
			g.debugLine(born, p, tr, h16Hikari, "HikariPool-1 connection adder", "HikariPool-1 - Added connection "+g.connID())
		}
	}
	// runtime stats a minute
	ph := g.dur(0, time.Minute)
	for t := g.t0.Add(ph); t.Before(stop); t = t.Add(time.Minute + g.dur(0, 5*time.Millisecond)) {
		if t.Before(p.up.Add(30 * time.Second)) {
			continue
		}
		n, pause := 0, 0.0
		after, c := int(p.live0)+40, 1024
		for _, e := range p.gcs {
			if e.at.After(t) {
				break
			}
			after, c = e.after, e.c
			if t.Sub(e.at) < time.Minute {
				n++
				pause += e.pause
			}
		}
		used := after + int(float64(c-after)*0.5*g.r.Float64())
		if used > 1536 {
			used = 1536
		}
		rate := g.podRate(t)
		threads := 58 + int(rate*2) + g.r.IntN(6)
		active := 0
		if g.chance(math.Min(0.9, rate*0.06)) {
			active = 1 + g.r.IntN(2)
		}
		waiting := 0
		tr := p.tr
		if g.leakInc(p, t) {
			tr = h16Truth{inc: h16Leak}
			if !t.Before(g.leakFull) {
				active = 6 + g.r.IntN(5)
				if active == 10 {
					waiting = 2 + g.r.IntN(15)
				}
				threads += 40 + g.r.IntN(60)
			}
		}
		g.log(t, p, tr, h16Rec{lvl: "INFO", logger: "com.shopwave.billing.ops.RuntimeStatsLogger", thread: "runtime-stats",
			msg: fmt.Sprintf("heap %d/%d MB (committed %d), %d GC pauses %.0f ms, %d threads, pool HikariPool-1 %d active %d idle %d waiting", used, 1536, c, n, pause, threads, active, 10-active, waiting),
			kv: []h16KV{h16N("heap_used_mb", int64(used)), h16N("heap_committed_mb", int64(c)), h16N("heap_max_mb", 1536), h16N("gc_count", int64(n)),
				h16N("gc_pause_ms", int64(math.Round(pause))), h16N("threads", int64(threads)), h16S("pool", "HikariPool-1"),
				h16N("active", int64(active)), h16N("idle", int64(10-active)), h16N("waiting", int64(waiting))}})
	}
}

func h16Delta(d time.Duration) string {
	m := int(d / time.Minute)
	s := int((d % time.Minute) / time.Second)
	ms := int((d % time.Second) / time.Millisecond)
	if m > 0 {
		return fmt.Sprintf("%dm%ds%dms", m, s, ms)
	}
	return fmt.Sprintf("%ds%dms", s, ms)
}

// gcSim runs a pod's G1: young pauses as eden fills with the pod's load, old garbage
// piling up until a concurrent cycle and mixed collections; the leaking pod's live set
// growing until Full GCs.
func (g *h16Gen) gcSim(p *h16Pod) {
	stop := p.exit
	if stop.IsZero() || stop.After(g.end) {
		stop = g.end
	}
	t := p.jvm.Add(g.dur(4*time.Second, 7*time.Second))
	if t.Before(g.t0.Add(-10 * time.Minute)) {
		t = g.t0.Add(-g.dur(0, 10*time.Minute))
	}
	n := p.gcBase
	c := 1024.0
	garbage := 20 + 200*g.r.Float64()
	eden := 360 + 100*g.r.Float64()
	mixed := 0
	for {
		rate := 1.6 + 2.2*g.podRate(t)
		if t.Before(p.up) {
			rate = 30
		}
		live := g.live(p, t)
		e := eden
		if room := c - live - garbage - 40; room < e {
			if c < 1536 {
				c = math.Min(1536, c+256)
				room = c - live - garbage - 40
			}
			e = math.Max(18, math.Min(e, room))
		}
		t = t.Add(time.Duration(e / rate * (0.85 + 0.3*g.r.Float64()) * float64(time.Second)))
		if !t.Before(stop) {
			return
		}
		tr := p.tr
		if g.leakInc(p, t) {
			tr = h16Truth{inc: h16Leak}
		}
		n++
		before := live + garbage + e + 4 + 14*g.r.Float64()
		pause := 3 + live*0.008 + 6*g.r.Float64()
		kind := "Pause Young (Normal) (G1 Evacuation Pause)"
		if mixed > 0 {
			kind = "Pause Young (Mixed) (G1 Evacuation Pause)"
			garbage -= garbage / float64(mixed) * (0.7 + 0.3*g.r.Float64())
			pause += 4 + 4*g.r.Float64()
			mixed--
		}
		garbage += 3 + 7*g.r.Float64()
		after := live + garbage + 8 + 14*g.r.Float64()
		if before > c {
			before = c
		}
		if after > before-2 {
			after = before - 2
		}
		full := p == g.leaker && !t.Before(g.leakFull) && (c-after < 80)
		if full {
			kind = "Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure)"
			pause += 30 + 40*g.r.Float64()
		}
		g.gcLine(p, t, tr, fmt.Sprintf("GC(%d) %s %dM->%dM(%dM) %.3fms", n, kind, int(before), int(after), int(c), pause))
		p.gcs = append(p.gcs, h16GC{t, pause, int(after), int(c)})
		if full {
			n++
			fp := 900 + 1800*g.r.Float64()
			ft := t.Add(g.ms(pause + 5))
			fa := live + 10*g.r.Float64()
			g.gcLine(p, ft, tr, fmt.Sprintf("GC(%d) Pause Full (G1 Compaction Pause) %dM->%dM(%dM) %.3fms", n, int(after), int(fa), int(c), fp))
			p.gcs = append(p.gcs, h16GC{ft, fp, int(fa), int(c)})
			garbage = 0
			t = ft.Add(g.ms(fp))
			continue
		}
		if mixed == 0 && after > 0.45*c {
			// concurrent start, the mark cycle, then mixed collections
			n++
			cs := t.Add(g.ms(pause + 1))
			g.gcLine(p, cs, tr, fmt.Sprintf("GC(%d) Concurrent Mark Cycle", n))
			mark := 25 + live*0.12 + 30*g.r.Float64()
			rm := cs.Add(g.ms(mark * 0.8))
			g.gcLine(p, rm, tr, fmt.Sprintf("GC(%d) Pause Remark %dM->%dM(%dM) %.3fms", n, int(after+6), int(after+6), int(c), 1.5+2*g.r.Float64()))
			cl := rm.Add(g.ms(mark * 0.15))
			g.gcLine(p, cl, tr, fmt.Sprintf("GC(%d) Pause Cleanup %dM->%dM(%dM) %.3fms", n, int(after+7), int(after+7), int(c), 0.1+0.2*g.r.Float64()))
			g.gcLine(p, cl.Add(g.ms(mark*0.05+1)), tr, fmt.Sprintf("GC(%d) Concurrent Mark Cycle %.3fms", n, mark))
			mixed = 3 + g.r.IntN(4)
			if p == g.leaker && live > 900 {
				mixed = 2
			}
			t = cl.Add(g.ms(mark*0.05 + 2))
		}
	}
}

// ---- scheduled jobs ----

func (g *h16Gen) jobs() {
	// the recurring invoice run every 5 minutes, on the pod that takes the ShedLock
	for t := g.t0.Add(5 * time.Minute); t.Before(g.end); t = t.Add(5 * time.Minute) {
		at := t.Add(g.dur(time.Millisecond, 40*time.Millisecond))
		p := g.pick(at)
		if p == nil {
			continue
		}
		tr := p.tr
		ctx := g.ctx("", "")
		lg := "com.shopwave.billing.jobs.RecurringInvoiceJob"
		run := at.In(g.zone).Format("2006-01-02T15:04")
		due := 20 + g.r.IntN(50)
		if at.Minute() == 0 {
			due += 80 + g.r.IntN(60) // hourly subscriptions
		}
		g.log(at, p, tr, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx, msg: fmt.Sprintf("Recurring invoice run %s started: %d subscriptions due", run, due),
			kv: []h16KV{h16S("job", "recurring-invoices"), h16N("due", int64(due))}})
		off := g.ms(120)
		left := due
		gen, skipped := 0, 0
		for i, ten := range h16Tenants {
			if left == 0 {
				break
			}
			k := int(math.Round(float64(due) * ten.w * (0.6 + 0.8*g.r.Float64())))
			if i == len(h16Tenants)-1 || k > left {
				k = left
			}
			if k == 0 {
				continue
			}
			left -= k
			sk := 0
			if g.chance(0.08) {
				sk = 1
				g.log(t.Add(off), p, tr, h16Rec{lvl: "WARN", logger: lg, thread: h16Sched, ctx: &h16Ctx{trace: ctx.trace, span: ctx.span, tenant: ten.id},
					msg: fmt.Sprintf("Subscription SUB-%07d skipped: payment method expired (billing account BA-%06d)", 40000+g.r.IntN(60000), 100000+g.r.IntN(900000))})
			}
			d := g.ms(float64(k) * g.logn(95, 0.2))
			off += d
			gen += k - sk
			skipped += sk
			g.log(at.Add(off), p, tr, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: &h16Ctx{trace: ctx.trace, span: ctx.span, tenant: ten.id},
				msg: fmt.Sprintf("Tenant %s: %d invoices generated, %d skipped", ten.id, k-sk, sk)})
		}
		off += g.ms(30)
		g.log(at.Add(off), p, tr, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx,
			msg: fmt.Sprintf("Recurring invoice run %s finished: generated=%d skipped=%d failed=0 in %d ms", run, gen, skipped, off.Milliseconds()),
			kv:  []h16KV{h16S("job", "recurring-invoices"), h16N("generated", int64(gen)), h16N("skipped", int64(skipped)), h16N("failed", 0), h16N("duration_ms", off.Milliseconds())}})
	}
	// dunning at half past every hour
	for t := g.t0.Add(30 * time.Minute); t.Before(g.end); t = t.Add(time.Hour) {
		at := t.Add(g.dur(time.Millisecond, 30*time.Millisecond))
		p := g.pick(at)
		if p == nil {
			continue
		}
		ctx := g.ctx("", "")
		lg := "com.shopwave.billing.jobs.DunningJob"
		over := 15 + g.r.IntN(25)
		l1, l2, l3 := over*6/10, over*3/10, over/10
		d := g.ms(float64(over) * g.logn(180, 0.2))
		g.log(at, p, p.tr, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx, msg: "Dunning run started"})
		g.log(at.Add(d), p, p.tr, h16Rec{lvl: "INFO", logger: lg, thread: h16Sched, ctx: ctx,
			msg: fmt.Sprintf("Dunning run finished: %d overdue invoices, reminders sent level 1: %d, level 2: %d, level 3: %d, %d handed to collections", over, l1, l2, l3, g.r.IntN(3)),
			kv:  []h16KV{h16S("job", "dunning"), h16N("overdue", int64(over)), h16N("duration_ms", d.Milliseconds())}})
	}
	// ECB reference rates, hourly on every pod
	for t := g.t0.Add(5 * time.Second); t.Before(g.end); t = t.Add(time.Hour) {
		for _, p := range g.pods {
			at := t.Add(g.dur(0, 900*time.Millisecond))
			if !p.serving(at) {
				continue
			}
			g.log(at, p, p.tr, h16Rec{lvl: "INFO", logger: "com.shopwave.billing.fx.EcbRateRefresher", thread: h16Sched, ctx: g.ctx("", ""),
				msg: fmt.Sprintf("ECB reference rates refreshed: 30 currencies as of 2024-10-14 (EUR/DKK 7.4594, EUR/PLN 4.2985, EUR/SEK 11.3505, EUR/CHF 0.9389, EUR/GBP 0.8347) in %d ms", 60+g.r.IntN(140))})
		}
	}
}

// ---- routine background warnings ----

func (g *h16Gen) background() {
	// the producer retrying while a partition leader moves, about once an hour
	g.poisson(g.t0, g.end, 1.0/3600, func(time.Time) float64 { return 1.0 / 3600 }, func(t time.Time) {
		p := g.pick(t)
		if p == nil {
			return
		}
		part := g.r.IntN(12)
		corr := 80000 + g.r.IntN(400000)
		th := "kafka-producer-network-thread | billing-service-producer-1"
		lg := "org.apache.kafka.clients.producer.internals.Sender"
		for i := 0; i < 1+g.r.IntN(3); i++ {
			at := t.Add(time.Duration(i) * g.dur(20*time.Millisecond, 120*time.Millisecond))
			g.warn(at, p, p.tr, lg, th, fmt.Sprintf("[Producer clientId=billing-service-producer-1] Got error produce response with correlation id %d on topic-partition billing.invoice-events-%d, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER", corr+i, part))
			g.warn(at.Add(time.Millisecond), p, p.tr, lg, th, fmt.Sprintf("[Producer clientId=billing-service-producer-1] Received invalid metadata error in produce request on partition billing.invoice-events-%d due to org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.. Going to request metadata update now", part))
		}
	})
	// Hikari finding a connection closed by the server
	g.poisson(g.t0, g.end, 2.0/3600, func(time.Time) float64 { return 2.0 / 3600 }, func(t time.Time) {
		p := g.pick(t)
		if p == nil {
			return
		}
		g.warn(t, p, p.tr, "com.zaxxer.hikari.pool.PoolBase", g.exec(t), "HikariPool-1 - Failed to validate connection "+g.connID()+" (This connection has been closed.). Possibly consider using a shorter maxLifetime value.")
	})
	// POST /actuator/loggers through a port-forward, on and off
	for _, p := range g.pods {
		if p.debugFrom.IsZero() {
			continue
		}
		for i, t := range []time.Time{p.debugFrom, p.debugTo} {
			th := g.exec(t)
			ctx := g.ctx("", "")
			ms := int64(4 + g.r.IntN(6))
			start := t
			if i == 0 {
				start = t.Add(-g.ms(float64(ms)))
				if start.Before(g.debugAt) {
					start = g.debugAt
				}
			}
			g.log(start.Add(g.ms(float64(ms))), p, g.debug, g.reqRec(th, ctx, "POST", "/actuator/loggers/com.shopwave.billing.tax", 204, ms))
		}
	}
}
