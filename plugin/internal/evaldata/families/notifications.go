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

// notifications is notification-service, the Go 1.22 microservice that sends the customer
// notifications of Parcelly, a parcel-delivery company: Deployment
// notification-service in namespace notify of an EKS cluster, four replicas (six during
// an HPA scale-out), each an HTTP API on :8080 (POST /v1/notifications and its /batch,
// GET /v1/notifications/{id}, user preferences, templates, the SendGrid and Twilio
// webhooks), a gRPC server on :9090 (notify.v1.Notifier/Send, SendBatch, GetStatus) for
// the company's internal services, and a worker pool (email 8, sms 4, push 16) pulling
// from three NATS JetStream consumers (dispatch-email, dispatch-sms, dispatch-push of
// the stream NOTIFY, AckWait 30 s) and sending through SendGrid, Twilio, FCM and APNs,
// retrying in process with a per-provider circuit breaker and a per-tenant rate
// limiter. Postgres (RDS) through pgxpool (max 20 connections a pod), Redis for the
// template cache and dedup keys. The logger is slog.New(slog.NewJSONHandler(os.Stdout,
// &slog.HandlerOptions{Level: lvl})).With("service", ..., "pod", ..., "version", ...),
// so every line is one JSON object with time (RFC 3339 with nanoseconds, trailing zeros
// trimmed), level, msg, those three attributes, then the record's attributes, groups as
// nested objects, errors as their text and slog.Duration values as integer
// nanoseconds. The pods' container logs are interleaved as the log collector ships
// them:
//
//	{"time":"2024-10-15T08:00:03.123456789Z","level":"INFO","msg":"request completed","service":"notification-service","pod":"notification-service-6d8f7b9c54-x2kqp","version":"1.14.2","http":{"method":"POST","path":"/v1/notifications","status":202,"duration_ms":12.417,"bytes":87,"remote_ip":"10.42.0.17"},"tenant":"parcelhub","key_id":"key_7f3a","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}
//	{"time":"2024-10-15T08:00:03.298765432Z","level":"INFO","msg":"notification sent","service":"notification-service","pod":"notification-service-6d8f7b9c54-7mbzt","version":"1.14.2","notification":{"id":"01JA9X7K3M2Q8R5T6V7W8X9Y0Z","tenant":"parcelhub","channel":"sms","template":"delivery_eta","attempt":1},"provider":{"name":"twilio","status":201,"latency_ms":182.311,"message_id":"SM0f3e..."},"queued_ms":131.2,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}
//
// Normal operation, about 14 lines a second at 08:00 rising to 18 by 11:00: tenants'
// backends create notifications over HTTP (one "request completed" line each, WARN for
// 4xx, ERROR for 5xx) and internal services over gRPC ("grpc call"), some in batches; a
// worker sends each one a few hundred milliseconds later ("notification sent"); Twilio
// posts a status callback for most SMS, SendGrid posts event webhooks every few
// seconds; tenants poll notification status. Every pod writes "dispatch stats" every 30
// s (sent and failed per channel since the process started, retries, in-flight
// messages, the consumers' pending counts, goroutines, heap), "db pool stats" every
// minute (acquired, idle, total connections, cumulative acquires) and "templates
// refreshed" every 5 minutes; the pod holding the cleanup lock runs the cleanup job
// every 10 minutes (started, finished with deleted counts) and writes the JetStream
// consumers' info every minute. Health checks are logged at DEBUG, so not at all. The
// routine warnings: Twilio rejecting an invalid or unsubscribed number (21211, 21610,
// 21408), FCM tokens unregistered and APNs 410 / BadDeviceToken, SendGrid 429s and
// Twilio timeouts retried successfully, SMS undelivered in Twilio's callback (30003,
// 30005, 30006), e-mail bounces, requests rejected with 422 (bad recipient, unknown
// template), an unknown API key (401), a client cancelling (499), a duplicate request
// suppressed by its idempotency key, a slow query, a Redis i/o timeout on a dedup check
// (carrying on without dedup).
//
// Benign changes:
//   - 0:38, rolling deploy of 1.15.0 (maxSurge 1, maxUnavailable 0): each new pod's
//     startup lines (config, Postgres, Redis, NATS, the consumers, providers,
//     templates, listeners), then an old pod's SIGTERM and graceful shutdown, four
//     times over about five minutes; 1.15.0 defers SMS and push to recipients in their
//     quiet hours with a new line, "notification deferred: recipient quiet hours", until
//     the end. The startup and shutdown lines and the new line carry the change.
//   - 1:22, a marketing campaign of the tenant shopwave: about 45 batch requests of 500
//     recipients in six minutes (template autumn_sale_2024, push and e-mail), sent at
//     the tenant's limit of 15 a second for about 25 minutes, with the limiter's
//     "tenant rate limit reached" warnings and more unregistered tokens than usual; the
//     consumers' pending counts climb to thousands and drain. The campaign's requests,
//     sends and rejections, the limiter's warnings and the stats and consumer-info lines
//     while its backlog is over 100 carry the change.
//   - 1:26, the HPA scales out from 4 to 6 pods for the campaign and back to 4 at about
//     2:08: the two new pods' lines (startup, traffic, stats, shutdown) carry it.
//   - 2:14 for 12 minutes, the log level of one pod set to DEBUG through the admin
//     endpoint (PUT /admin/log-level) to look into template rendering: the two "log
//     level changed" lines and every DEBUG line of that pod (message received, template
//     rendered, dedup key set, provider request, message acked, db query, health check)
//     carry it.
//
// Incidents:
//   - 0:22 for about 9 minutes, a poison message: legacy-erp publishes an SMS request
//     whose recipient phone is a JSON number; every delivery fails to decode and is
//     nak'd with a 5 s delay, so the same stream sequence comes back on one pod after
//     another ("failed to decode message" ERROR, "message nak'd" WARN, delivered count
//     climbing) until the on-call deletes it from the stream.
//   - 0:58 for about 18 minutes, Twilio degrading: five minutes of SMS sends 5-15 times
//     slower, some timing out and retried; then 503s, each pod's circuit breaker opens,
//     its sms consumer pauses, half-open probes every 30 s fail, dispatch-sms pending
//     climbs in the stats; when Twilio recovers, the breakers close and the backlog of
//     several hundred SMS drains at 12 a second with a few 429s. Every slow, failed or
//     drained SMS, its callback, the breaker and consumer lines and the stats and
//     consumer-info lines while the backlog lasts are the incident's.
//   - 1:56 for about 6.5 minutes, Postgres writes blocked by a CREATE INDEX run without
//     CONCURRENTLY on notifications: inserts and status updates wait on the lock until
//     their 5 s / 10 s timeouts, every pod's pool fills up (20 acquired, 0 idle), create
//     requests fail with 503 and "context deadline exceeded", workers cannot record
//     deliveries and nak them, the cleanup job fails; when the index is built the waiting
//     queries finish as slow queries and the redelivered messages are recorded through
//     their dedup keys. All these lines are the incident's.
//   - 2:24 for about 22 minutes, a goroutine leak on one pod: its APNs HTTP/2 connection
//     stops answering, each push to it times out and leaves a goroutine behind; its stats
//     show goroutines climbing into the thousands and the heap towards the 512 MiB limit,
//     "memory usage high" warnings for the last minutes, its requests slowing down as the
//     GC thrashes, until the container is OOMKilled: its in-flight messages come back on
//     other pods 30 s later, and the container restarts (startup lines, counters from
//     zero). The leaking pod's stats, its APNs timeouts, high-memory warnings and slowed
//     lines, the redeliveries and the restart's startup lines are the incident's.

var notifications = Family{
	Name:    "notifications",
	Role:    Tuning,
	Service: "notification-service, a Go 1.22 microservice of a parcel-delivery company on Kubernetes (HTTP and gRPC API, NATS JetStream workers sending e-mail, SMS and push through SendGrid, Twilio, FCM and APNs, Postgres via pgx, Redis), logging JSON with log/slog's JSONHandler from four to six pods, interleaved as the log collector ships them",
	Lines:   notificationsLines,
}

const (
	ntfPoison = "poison message: one SMS request with a malformed phone field failing to decode and redelivered every 5 s to pod after pod until deleted from the stream"
	ntfTwilio = "Twilio degrading: SMS sends slow, then 503s, circuit breakers open and the sms consumer paused, backlog drained when Twilio recovers"
	ntfPgLock = "Postgres writes blocked by a CREATE INDEX without CONCURRENTLY: pgx pools exhausted, inserts and status updates timing out (context deadline exceeded), 503s"
	ntfLeak   = "goroutine and memory leak on one pod behind a stuck APNs HTTP/2 connection, until the container is OOMKilled and restarted"
)

const (
	ntfDeploy   = "rolling deploy of notification-service 1.15.0: pods restarted one by one, new quiet-hours deferral line"
	ntfCampaign = "marketing campaign of tenant shopwave: batch requests, over 20000 push and e-mail notifications sent at the tenant's rate limit"
	ntfScale    = "HPA scale-out from 4 to 6 pods for the campaign, and scale-in 40 minutes later"
	ntfDebug    = "log level of one pod set to DEBUG for 12 minutes through the admin endpoint"
)

const (
	ntfEmail = iota
	ntfSMS
	ntfPush
)

var ntfChan = [3]string{"email", "sms", "push"}

const (
	ntfSvc     = "notification-service"
	ntfOldVer  = "1.14.2"
	ntfNewVer  = "1.15.0"
	ntfStream  = "NOTIFY"
	ntfCrock   = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	ntfPodChrs = "bcdfghjklmnpqrstvwxz2456789"
	ntfAlnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

type ntfTr struct {
	inc, chg string
	start    time.Time
}

func ntfInc(name string) ntfTr { return ntfTr{inc: name} }

type ntfKV struct {
	k string
	v any
}

func ntfA(k string, v any) ntfKV { return ntfKV{k, v} }

func ntfG(k string, kvs ...ntfKV) ntfKV { return ntfKV{k, kvs} }

type ntfPod struct {
	name, ver                string
	boot, ready, stop        time.Time // process start, serving, SIGTERM or killed
	tr                       ntfTr     // the label of all its lines (a scale-out pod)
	sent, failed             [3][]time.Time
	retried                  []time.Time
	brOpen, brClose          time.Time // Twilio circuit breaker
	probes                   []time.Time
	leak                     bool
	heapBase, goroutineBase  float64
	lastLimitWarn, statPhase time.Duration
}

type ntfNotif struct {
	id, tenant, tmpl, trace, push string
	ch, held                      int // channel; the attempt it waits for Twilio to make
	at                            time.Time
	tr                            ntfTr
	campaign                      bool
}

type ntfLog struct {
	r          *rand.Rand
	start, end time.Time
	lines      []Line
	pods       []*ntfPod
	keyIDs     map[string]string
	seq0       int // the stream's sequence at the start

	deploy, campaign, scale, debug ntfTr
	debugPod                       *ntfPod
	debugOff                       time.Time

	poisonAt, poisonEnd time.Time
	tB1, tB2, tB3       time.Time // Twilio slow, failing, recovered
	drainFrom, drainEnd time.Time
	backlog             []*ntfNotif
	tC, tC2             time.Time // Postgres lock
	tD, tOOM            time.Time // leak, OOM kill
	leakPod, leakAgain  *ntfPod
	campEnq, campDeq    []time.Time // campaign messages published, sent
	smsEnq, smsDeq      []time.Time // Twilio backlog
}

var ntfTenants = []struct {
	name string
	w    int
}{{"parcelhub", 25}, {"quickcart", 20}, {"freshbox", 12}, {"medrunner", 10}, {"shopwave", 10}, {"urbanlift", 8}, {"petsy", 6}, {"bookrail", 5}, {"legacy-erp", 4}}

var ntfTemplates = [3][]string{
	{"order_confirmed", "order_confirmed", "delivered", "delivered", "invoice_ready", "password_reset", "weekly_summary", "delivery_failed", "return_label"},
	{"otp_code", "otp_code", "delivery_eta", "delivery_eta", "out_for_delivery", "delivery_failed", "driver_arriving"},
	{"out_for_delivery", "out_for_delivery", "driver_assigned", "delivered", "delivered", "delivery_eta", "pickup_ready", "promo_generic"},
}

var ntfGRPCClients = []string{"order-service", "order-service", "dispatch-service", "dispatch-service", "courier-bff", "returns-service", "billing-service"}

var ntfIngress = []string{"10.42.0.17", "10.42.1.23", "10.42.2.9"}

func notificationsLines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 8, 0, 0, 0, time.UTC)
	h := &ntfLog{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x6e6f74696679)),
		start: start,
		end:   start.Add(Length - 200*time.Millisecond),
	}
	h.seq0 = 48_000_000 + h.r.IntN(900_000)
	h.keyIDs = map[string]string{}
	for _, t := range ntfTenants {
		h.keyIDs[t.name] = "key_" + h.hex(4)
	}
	h.schedule()
	h.traffic()
	h.poison()
	h.twilioLines()
	h.drain()
	h.leakLines()
	h.periodic()
	slices.SortStableFunc(h.lines, func(a, b Line) int { return a.At.Compare(b.At) })
	return h.lines
}

// ---- randomness and ids ----

func (h *ntfLog) f() float64            { return h.r.Float64() }
func (h *ntfLog) chance(p float64) bool { return h.r.Float64() < p }
func (h *ntfLog) in(lo, hi int) int     { return lo + h.r.IntN(hi-lo+1) }
func (h *ntfLog) logn(median, sigma float64) float64 {
	return median * math.Exp(sigma*h.r.NormFloat64())
}

// ms is a duration of about median milliseconds.
func (h *ntfLog) ms(median, sigma float64) time.Duration {
	return time.Duration(h.logn(median, sigma) * float64(time.Millisecond))
}

// span is a duration between lo and hi seconds, to the nanosecond.
func (h *ntfLog) span(lo, hi float64) time.Duration {
	return time.Duration((lo + (hi-lo)*h.f()) * float64(time.Second))
}

func (h *ntfLog) at(min int, jitterSec float64) time.Time {
	return h.start.Add(time.Duration(min)*time.Minute + h.span(0, jitterSec))
}

func (h *ntfLog) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[h.r.IntN(16)]
	}
	return string(b)
}

func (h *ntfLog) chars(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[h.r.IntN(len(set))]
	}
	return string(b)
}

// ulid is a ULID for time t: 48 bits of milliseconds, 80 random bits.
func (h *ntfLog) ulid(t time.Time) string {
	ms := uint64(t.UnixMilli())
	b := make([]byte, 26)
	for i := 9; i >= 0; i-- {
		b[i] = ntfCrock[ms&31]
		ms >>= 5
	}
	for i := 10; i < 26; i++ {
		b[i] = ntfCrock[h.r.IntN(32)]
	}
	return string(b)
}

func (h *ntfLog) uuid() string {
	return h.hex(8) + "-" + h.hex(4) + "-4" + h.hex(3) + "-" + string("89ab"[h.r.IntN(4)]) + h.hex(3) + "-" + h.hex(12)
}

func (h *ntfLog) tenant() string {
	n := h.r.IntN(100)
	for _, t := range ntfTenants {
		if n < t.w {
			return t.name
		}
		n -= t.w
	}
	return ntfTenants[0].name
}

func (h *ntfLog) channel() int {
	x := h.f()
	switch {
	case x < 0.30:
		return ntfEmail
	case x < 0.55:
		return ntfSMS
	}
	return ntfPush
}

func (h *ntfLog) phone() string {
	switch h.r.IntN(4) {
	case 0:
		return fmt.Sprintf("+49*******%03d", h.r.IntN(1000))
	case 1:
		return fmt.Sprintf("+31******%03d", h.r.IntN(1000))
	}
	return fmt.Sprintf("+44*******%03d", h.r.IntN(1000))
}

func (h *ntfLog) load(t time.Time) float64 {
	x := min(1, max(0, float64(t.Sub(h.start))/float64(150*time.Minute)))
	return 1 + 0.3*x + 0.06*math.Sin(float64(t.Sub(h.start))/float64(17*time.Minute))
}

func ntfMs(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ---- output ----

func ntfStr(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			fmt.Fprintf(b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

func ntfVal(b *strings.Builder, v any) {
	switch x := v.(type) {
	case string:
		ntfStr(b, x)
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case time.Duration: // slog's JSONHandler writes a Duration as nanoseconds
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case time.Time:
		ntfStr(b, x.Format(time.RFC3339Nano))
	case []ntfKV:
		b.WriteByte('{')
		ntfAttrs(b, x)
		b.WriteByte('}')
	default:
		ntfStr(b, fmt.Sprint(x))
	}
}

func ntfAttrs(b *strings.Builder, kvs []ntfKV) {
	for i, kv := range kvs {
		if i > 0 {
			b.WriteByte(',')
		}
		ntfStr(b, kv.k)
		b.WriteByte(':')
		ntfVal(b, kv.v)
	}
}

// emit writes one slog JSON line of pod p; a line without a label of its own takes the
// pod's.
func (h *ntfLog) emit(tr ntfTr, at time.Time, p *ntfPod, lvl, msg string, kvs ...ntfKV) {
	if at.Before(h.start) || !at.Before(h.end) {
		return
	}
	if tr.inc == "" && tr.chg == "" {
		tr = p.tr
	}
	if tr.inc != "" {
		tr = ntfTr{inc: tr.inc}
	}
	if tr.chg != "" && at.Before(tr.start) {
		at = tr.start
	}
	var b strings.Builder
	b.Grow(320)
	b.WriteString(`{"time":`)
	ntfVal(&b, at)
	b.WriteString(`,"level":"` + lvl + `","msg":`)
	ntfStr(&b, msg)
	b.WriteString(`,"service":"` + ntfSvc + `","pod":"` + p.name + `","version":"` + p.ver + `"`)
	if len(kvs) > 0 {
		b.WriteByte(',')
		ntfAttrs(&b, kvs)
	}
	b.WriteByte('}')
	h.lines = append(h.lines, Line{At: at, Text: b.String(), Incident: tr.inc, Change: tr.chg, ChangeStart: tr.start})
}

func (h *ntfLog) debugOn(p *ntfPod, t time.Time) bool {
	return p == h.debugPod && !t.Before(h.debug.start.Add(200*time.Millisecond)) && t.Before(h.debugOff)
}

// dbg writes a DEBUG line when the pod logs at DEBUG; it carries the log-level change
// unless it belongs to an incident.
func (h *ntfLog) dbg(tr ntfTr, at time.Time, p *ntfPod, msg string, kvs ...ntfKV) {
	if !h.debugOn(p, at) {
		return
	}
	if tr.inc == "" {
		tr = h.debug
	}
	h.emit(tr, at, p, "DEBUG", msg, kvs...)
}

// ---- pods and schedule ----

func (h *ntfLog) newPod(rs, ver string, boot, ready, stop time.Time, tr ntfTr) *ntfPod {
	p := &ntfPod{name: ntfSvc + "-" + rs + "-" + h.chars(ntfPodChrs, 5), ver: ver, boot: boot, ready: ready, stop: stop, tr: tr,
		heapBase: 40 + 12*h.f(), goroutineBase: float64(h.in(128, 150)), statPhase: h.span(0, 30)}
	h.pods = append(h.pods, p)
	return p
}

func (h *ntfLog) alive(p *ntfPod, t time.Time) bool {
	return !t.Before(p.ready) && t.Before(p.stop)
}

// pick is the pod that takes a request or a message at t.
func (h *ntfLog) pick(t time.Time) *ntfPod {
	var c [8]*ntfPod
	n := 0
	for _, p := range h.pods {
		if h.alive(p, t) && n < len(c) {
			c[n] = p
			n++
		}
	}
	if n == 0 {
		return h.pods[0]
	}
	return c[h.r.IntN(n)]
}

func (h *ntfLog) schedule() {
	far := h.end.Add(time.Hour)
	h.poisonAt = h.at(22, 50)
	h.poisonEnd = h.poisonAt.Add(h.span(510, 580))
	h.deploy = ntfTr{chg: ntfDeploy, start: h.at(38, 40)}
	h.tB1 = h.at(58, 40)
	h.tB2 = h.tB1.Add(h.span(270, 330))
	h.tB3 = h.tB2.Add(h.span(540, 600))
	h.campaign = ntfTr{chg: ntfCampaign, start: h.at(82, 30)}
	h.scale = ntfTr{chg: ntfScale, start: h.campaign.start.Add(h.span(210, 270))}
	h.tC = h.at(116, 40)
	h.tC2 = h.tC.Add(h.span(370, 420))
	h.debug = ntfTr{chg: ntfDebug, start: h.at(134, 40)}
	h.debugOff = h.debug.start.Add(12*time.Minute + h.span(-20, 20))
	h.tD = h.at(144, 30)
	h.tOOM = h.tD.Add(h.span(1260, 1350))

	oldRS, newRS := h.chars(ntfPodChrs, 10), h.chars(ntfPodChrs, 10)
	var old, nw [4]*ntfPod
	for i := range old {
		b := h.start.Add(-time.Duration(h.in(20, 70))*time.Hour - h.span(0, 600))
		old[i] = h.newPod(oldRS, ntfOldVer, b, b.Add(8*time.Second), far, ntfTr{})
	}
	t := h.deploy.start
	for i := range nw {
		boot := t
		ready := boot.Add(h.span(6, 9))
		nw[i] = h.newPod(newRS, ntfNewVer, boot, ready, far, ntfTr{})
		old[i].stop = ready.Add(h.span(1, 3))
		h.startup(h.deploy, nw[i])
		h.shutdown(h.deploy, old[i], old[i].stop)
		t = old[i].stop.Add(h.span(45, 70))
	}
	// the HPA's two new pods, and the scale-in
	scaleIn := h.at(128, 60)
	for i := 0; i < 2; i++ {
		boot := h.scale.start.Add(h.span(2, 9))
		p := h.newPod(newRS, ntfNewVer, boot, boot.Add(h.span(6, 9)), scaleIn.Add(h.span(0, 2)), h.scale)
		h.startup(h.scale, p)
		h.shutdown(h.scale, p, p.stop)
	}
	h.debugPod = nw[0]
	h.leakPod = nw[3]
	h.leakPod.leak = true
	h.leakPod.stop = h.tOOM
	boot := h.tOOM.Add(h.span(10.5, 14))
	h.leakAgain = &ntfPod{name: h.leakPod.name, ver: ntfNewVer, boot: boot, ready: boot.Add(h.span(6, 8)), stop: far,
		heapBase: 40 + 12*h.f(), goroutineBase: float64(h.in(128, 150)), statPhase: h.span(0, 30)}
	h.pods = append(h.pods, h.leakAgain)
	h.startup(ntfInc(ntfLeak), h.leakAgain)

	// Twilio's circuit breakers
	for _, p := range h.pods {
		if !h.alive(p, h.tB2) {
			continue
		}
		p.brOpen = h.tB2.Add(h.span(3, 15))
		x := p.brOpen
		for {
			x = x.Add(30*time.Second + h.span(0, 0.3))
			p.probes = append(p.probes, x)
			if !x.Before(h.tB3) {
				break
			}
		}
		p.brClose = x
		if h.drainFrom.IsZero() || x.Before(h.drainFrom) {
			h.drainFrom = x
		}
	}
}

func (h *ntfLog) startup(tr ntfTr, p *ntfPod) {
	t := p.boot
	next := func(lo, hi float64) time.Time {
		t = t.Add(h.span(lo/1000, hi/1000))
		return t
	}
	h.emit(tr, t, p, "INFO", "starting notification-service", ntfA("version", p.ver), ntfA("commit", map[string]string{ntfOldVer: "3f9c1ad", ntfNewVer: "b72e04c"}[p.ver]), ntfA("go", "go1.22.8"), ntfA("gomaxprocs", 2), ntfA("gomemlimit", "460MiB"))
	h.emit(tr, next(2, 9), p, "INFO", "config loaded", ntfA("env", "production"), ntfA("region", "eu-west-1"), ntfA("http_addr", ":8080"), ntfA("grpc_addr", ":9090"), ntfA("admin_addr", ":8081"),
		ntfG("workers", ntfA("email", 8), ntfA("sms", 4), ntfA("push", 16)))
	h.emit(tr, next(40, 160), p, "INFO", "connected to postgres", ntfG("db", ntfA("host", "notify-prod.cluster-c8x2mq1v9z4k.eu-west-1.rds.amazonaws.com"), ntfA("database", "notifications"), ntfA("max_conns", 20), ntfA("min_conns", 4)), ntfA("took", h.ms(60, 0.4)))
	h.emit(tr, next(5, 30), p, "INFO", "connected to redis", ntfG("redis", ntfA("addr", "notify-cache.x7kq2m.ng.0001.euw1.cache.amazonaws.com:6379"), ntfA("db", 0)), ntfA("took", h.ms(4, 0.5)))
	h.emit(tr, next(5, 40), p, "INFO", "connected to nats", ntfG("nats", ntfA("url", "nats://nats.messaging.svc.cluster.local:4222"), ntfA("server", "nats-"+strconv.Itoa(h.r.IntN(3))), ntfA("cluster", "nats-prod")), ntfA("took", h.ms(8, 0.5)))
	for c, w := range []int{8, 4, 16} {
		h.emit(tr, next(2, 20), p, "INFO", "jetstream consumer ready", ntfG("jetstream", ntfA("stream", ntfStream), ntfA("consumer", "dispatch-"+ntfChan[c]), ntfA("filter", "notify."+ntfChan[c]+".>"), ntfA("ack_wait", 30*time.Second), ntfA("max_ack_pending", w*32)))
	}
	for _, pr := range [][3]any{{"sendgrid", "email", 100}, {"twilio", "sms", 40}, {"fcm", "push", 500}, {"apns", "push", 500}} {
		h.emit(tr, next(1, 6), p, "INFO", "provider configured", ntfA("provider", pr[0]), ntfA("channel", pr[1]), ntfA("rate_limit_per_s", pr[2]), ntfG("breaker", ntfA("failures", 5), ntfA("open_for", 30*time.Second)))
	}
	if p.ver == ntfNewVer {
		h.emit(tr, next(1, 4), p, "INFO", "feature flags", ntfA("quiet_hours", true), ntfA("tenant_rate_limits", true), ntfA("grpc_reflection", false))
	}
	h.emit(tr, next(60, 220), p, "INFO", "templates loaded", ntfA("count", 142), ntfA("locales", 9), ntfA("took", h.ms(90, 0.4)))
	h.emit(tr, next(2, 10), p, "INFO", "grpc server listening", ntfA("addr", ":9090"))
	h.emit(tr, next(1, 5), p, "INFO", "http server listening", ntfA("addr", ":8080"))
	h.emit(tr, next(1, 8), p, "INFO", "workers started", ntfA("email", 8), ntfA("sms", 4), ntfA("push", 16))
}

func (h *ntfLog) shutdown(tr ntfTr, p *ntfPod, at time.Time) {
	t := at
	next := func(lo, hi float64) time.Time {
		t = t.Add(h.span(lo/1000, hi/1000))
		return t
	}
	h.emit(tr, t, p, "INFO", "shutdown signal received", ntfA("signal", "terminated"))
	h.emit(tr, next(0.1, 1), p, "INFO", "http server shutting down", ntfA("grace_period", 25*time.Second))
	h.emit(tr, next(1, 5), p, "INFO", "stopping consumers", ntfA("consumers", 3))
	inflight := h.in(0, 9)
	h.emit(tr, next(1, 4), p, "INFO", "waiting for in-flight messages", ntfA("inflight", inflight))
	next(float64(inflight)*200, float64(inflight)*600+300)
	h.emit(tr, t, p, "INFO", "grpc server stopped")
	h.emit(tr, next(2, 20), p, "INFO", "shutdown complete", ntfA("took", t.Sub(at)))
}

// ---- traffic ----

func (h *ntfLog) traffic() {
	rate := func(base float64) func(time.Time) float64 {
		return func(t time.Time) float64 { return base * h.load(t) }
	}
	h.arrivals(h.start, h.end, rate(3.0), h.apiCreate)
	h.arrivals(h.start, h.end, rate(2.0), h.grpcSend)
	h.arrivals(h.start, h.end, rate(1.0/45), h.batch)
	h.arrivals(h.start, h.end, rate(1.1), h.getStatus)
	h.arrivals(h.start, h.end, rate(0.25), h.prefs)
	h.arrivals(h.start, h.end, rate(1.0/5), h.sendgridHook)
	h.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 200 }, h.slowQuery)
	h.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 1100 }, h.redisTimeout)
	h.campaignLines()
}

func (h *ntfLog) arrivals(from, to time.Time, rate func(time.Time) float64, fn func(time.Time)) {
	t := from
	for {
		r := rate(t)
		t = t.Add(time.Duration(h.r.ExpFloat64() / r * float64(time.Second)))
		if !t.Before(to) {
			return
		}
		fn(t)
	}
}

func (h *ntfLog) pgLocked(t time.Time) bool { return !t.Before(h.tC) && t.Before(h.tC2) }

// slowdown is how much slower the leaking pod is at t as its GC thrashes.
func (h *ntfLog) slowdown(p *ntfPod, t time.Time) (float64, ntfTr) {
	if p.leak && !t.Before(h.tOOM.Add(-4*time.Minute)) {
		x := float64(t.Sub(h.tOOM.Add(-4*time.Minute))) / float64(4*time.Minute)
		return 1.5 + 5*x*x, ntfInc(ntfLeak)
	}
	return 1, ntfTr{}
}

func (h *ntfLog) newNotif(t time.Time, tenant string, ch int, tr ntfTr) *ntfNotif {
	n := &ntfNotif{id: h.ulid(t), tenant: tenant, ch: ch, at: t, tr: tr, trace: h.hex(32)}
	n.tmpl = ntfTemplates[ch][h.r.IntN(len(ntfTemplates[ch]))]
	if ch == ntfPush {
		n.push = "fcm"
		if h.chance(0.4) {
			n.push = "apns"
		}
	}
	return n
}

// storeFails writes what a create request that hit the Postgres lock at t shows, and
// reports whether it failed (else it waited and succeeded when the lock was released).
func (h *ntfLog) storeFails(p *ntfPod, t time.Time, tenant string, n *ntfNotif) (bool, time.Duration) {
	if !h.pgLocked(t) {
		return false, 0
	}
	if h.tC2.Sub(t) < 5*time.Second {
		d := h.tC2.Sub(t) + h.ms(8, 0.4)
		h.emit(ntfInc(ntfPgLock), t.Add(d-h.ms(1, 0.3)), p, "WARN", "slow query", ntfG("db", ntfA("sql", "INSERT INTO notifications (id, tenant_id, channel, template, recipient, payload, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'queued', now())"), ntfA("duration_ms", ntfMs(d)), ntfA("rows", 1)), ntfA("trace_id", n.trace))
		return false, d
	}
	err := "insert notification: timeout: context deadline exceeded"
	if t.Sub(h.tC) > 20*time.Second && h.chance(0.7) {
		err = "insert notification: acquire connection: context deadline exceeded"
	}
	h.emit(ntfInc(ntfPgLock), t.Add(5*time.Second+h.ms(0.4, 0.5)), p, "ERROR", "failed to store notification", ntfA("tenant", tenant), ntfA("channel", ntfChan[n.ch]), ntfA("err", err), ntfA("trace_id", n.trace))
	return true, 5*time.Second + h.ms(0.9, 0.4)
}

func (h *ntfLog) access(tr ntfTr, p *ntfPod, t time.Time, d time.Duration, method, path string, status, bytes int, tenant, trace string, extra ...ntfKV) {
	lvl := "INFO"
	switch {
	case status >= 500:
		lvl = "ERROR"
	case status >= 400:
		lvl = "WARN"
	}
	kvs := []ntfKV{ntfG("http", ntfA("method", method), ntfA("path", path), ntfA("status", status), ntfA("duration_ms", ntfMs(d)), ntfA("bytes", bytes), ntfA("remote_ip", ntfIngress[h.r.IntN(len(ntfIngress))]))}
	if tenant != "" {
		kvs = append(kvs, ntfA("tenant", tenant), ntfA("key_id", h.keyIDs[tenant]))
	}
	kvs = append(kvs, ntfA("trace_id", trace))
	kvs = append(kvs, extra...)
	h.emit(tr, t.Add(d), p, lvl, "request completed", kvs...)
}

func (h *ntfLog) apiCreate(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	n := h.newNotif(t, tenant, h.channel(), ntfTr{})
	f, tr := h.slowdown(p, t)
	h.dbg(tr, t, p, "request received", ntfA("method", "POST"), ntfA("path", "/v1/notifications"), ntfA("content_length", h.in(180, 900)), ntfA("trace_id", n.trace))
	d := time.Duration(float64(h.ms(9, 0.45)) * f)
	switch x := h.f(); {
	case x < 0.002:
		h.access(tr, p, t, h.ms(2, 0.3), "POST", "/v1/notifications", 401, 61, "", n.trace, ntfA("err", "invalid api key"), ntfA("key_prefix", "nk_live_"+h.hex(4)))
		return
	case x < 0.014:
		errs := []string{
			`recipient.email: invalid address "` + h.chars("abcdefghijklmnopqrstuvwxyz", h.in(4, 9)) + `@` + []string{"gmial.com", "example", "hotmail.con", "gmail,com"}[h.r.IntN(4)] + `"`,
			`recipient.phone: not an E.164 number`,
			`template "` + n.tmpl + `_v` + strconv.Itoa(h.in(2, 4)) + `" not found for channel ` + ntfChan[n.ch],
			`data.eta: required by template "` + n.tmpl + `"`,
		}
		h.access(tr, p, t, h.ms(3, 0.4), "POST", "/v1/notifications", 422, h.in(90, 160), tenant, n.trace, ntfA("err", errs[h.r.IntN(len(errs))]))
		return
	case x < 0.017:
		d := h.span(0.8, 12)
		h.access(tr, p, t, d, "POST", "/v1/notifications", 499, 0, tenant, n.trace, ntfA("err", "context canceled"))
		return
	case x < 0.023:
		key := h.hex(16)
		h.emit(tr, t.Add(d-h.ms(0.5, 0.3)), p, "INFO", "duplicate notification suppressed", ntfA("tenant", tenant), ntfA("idempotency_key", key), ntfA("existing_id", h.ulid(t.Add(-h.span(2, 600)))), ntfA("trace_id", n.trace))
		h.access(tr, p, t, d, "POST", "/v1/notifications", 200, 87, tenant, n.trace)
		return
	}
	if fail, wait := h.storeFails(p, t, tenant, n); fail {
		h.access(ntfInc(ntfPgLock), p, t, wait, "POST", "/v1/notifications", 503, 74, tenant, n.trace, ntfA("err", "store unavailable"))
		return
	} else if wait > 0 {
		d, tr = wait, ntfInc(ntfPgLock)
	}
	h.dbg(tr, t.Add(d/2), p, "db query", ntfA("sql", "INSERT INTO notifications"), ntfA("duration_ms", ntfMs(d/3)), ntfA("rows", 1))
	h.access(tr, p, t, d, "POST", "/v1/notifications", 202, 87, tenant, n.trace)
	h.enqueue(n, t.Add(d))
}

func (h *ntfLog) grpcSend(t time.Time) {
	p := h.pick(t)
	client := ntfGRPCClients[h.r.IntN(len(ntfGRPCClients))]
	n := h.newNotif(t, h.tenant(), h.channel(), ntfTr{})
	f, tr := h.slowdown(p, t)
	d := time.Duration(float64(h.ms(7, 0.45)) * f)
	code := "OK"
	switch x := h.f(); {
	case x < 0.008:
		code = "InvalidArgument"
	case x < 0.012:
		code = "AlreadyExists"
	case x < 0.014:
		code, d = "Canceled", h.span(0.5, 8)
	}
	var extra []ntfKV
	if code == "OK" {
		if fail, wait := h.storeFails(p, t, n.tenant, n); fail {
			code, d, tr = "DeadlineExceeded", wait, ntfInc(ntfPgLock)
		} else if wait > 0 {
			d, tr = wait, ntfInc(ntfPgLock)
		}
	}
	lvl := "INFO"
	switch code {
	case "InvalidArgument", "AlreadyExists", "Canceled":
		lvl = "WARN"
		extra = append(extra, ntfA("err", map[string]string{"InvalidArgument": "recipient: user " + "usr_" + strconv.Itoa(h.in(1000000, 9999999)) + " has no " + ntfChan[n.ch] + " address", "AlreadyExists": "idempotency key already used", "Canceled": "context canceled"}[code]))
	case "DeadlineExceeded":
		lvl = "ERROR"
		extra = append(extra, ntfA("err", "store notification: context deadline exceeded"))
	}
	kvs := []ntfKV{ntfG("grpc", ntfA("method", "/notify.v1.Notifier/Send"), ntfA("code", code), ntfA("duration_ms", ntfMs(d)), ntfA("peer", fmt.Sprintf("10.42.%d.%d:%d", h.r.IntN(6), h.in(2, 250), h.in(32768, 60999)))), ntfA("client", client), ntfA("tenant", n.tenant), ntfA("trace_id", n.trace)}
	h.emit(tr, t.Add(d), p, lvl, "grpc call", append(kvs, extra...)...)
	if code == "OK" {
		h.enqueue(n, t.Add(d))
	}
}

func (h *ntfLog) batch(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	k := h.in(5, 80)
	ch := h.channel()
	trace := h.hex(32)
	f, tr := h.slowdown(p, t)
	d := time.Duration(float64(h.ms(25+float64(k)*0.6, 0.35)) * f)
	probe := h.newNotif(t, tenant, ch, ntfTr{})
	probe.trace = trace
	if fail, wait := h.storeFails(p, t, tenant, probe); fail {
		h.access(ntfInc(ntfPgLock), p, t, wait, "POST", "/v1/notifications/batch", 503, 74, tenant, trace, ntfA("err", "store unavailable"))
		return
	} else if wait > 0 {
		d, tr = wait, ntfInc(ntfPgLock)
	}
	h.access(tr, p, t, d, "POST", "/v1/notifications/batch", 202, 40+k*29, tenant, trace, ntfA("accepted", k))
	tmpl := ntfTemplates[ch][h.r.IntN(len(ntfTemplates[ch]))]
	for i := 0; i < k; i++ {
		n := h.newNotif(t.Add(d), tenant, ch, ntfTr{})
		n.tmpl, n.trace = tmpl, trace
		h.enqueue(n, t.Add(d+time.Duration(i)*h.ms(9, 0.4)))
	}
}

func (h *ntfLog) getStatus(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	f, tr := h.slowdown(p, t)
	d := time.Duration(float64(h.ms(3.5, 0.5)) * f)
	path := "/v1/notifications/" + h.ulid(t.Add(-h.span(1, 1800)))
	trace := h.hex(32)
	if h.pgLocked(t) && t.Sub(h.tC) > 30*time.Second && h.chance(0.5) {
		h.emit(ntfInc(ntfPgLock), t.Add(5*time.Second), p, "ERROR", "failed to load notification", ntfA("tenant", tenant), ntfA("err", "get notification: acquire connection: context deadline exceeded"), ntfA("trace_id", trace))
		h.access(ntfInc(ntfPgLock), p, t, 5*time.Second+h.ms(0.6, 0.3), "GET", path, 503, 74, tenant, trace, ntfA("err", "store unavailable"))
		return
	}
	h.dbg(tr, t.Add(d/2), p, "db query", ntfA("sql", "SELECT id, status, channel, attempts, updated_at FROM notifications WHERE tenant_id = $1 AND id = $2"), ntfA("duration_ms", ntfMs(d/3)), ntfA("rows", 1))
	if h.chance(0.035) {
		h.access(tr, p, t, d, "GET", path, 404, 58, tenant, trace, ntfA("err", "notification not found"))
		return
	}
	h.access(tr, p, t, d, "GET", path, 200, h.in(240, 420), tenant, trace)
}

func (h *ntfLog) prefs(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	f, tr := h.slowdown(p, t)
	path := "/v1/users/usr_" + strconv.Itoa(h.in(1000000, 9999999)) + "/preferences"
	if h.chance(0.35) {
		if h.pgLocked(t) {
			h.access(ntfInc(ntfPgLock), p, t, 5*time.Second+h.ms(0.6, 0.3), "PUT", path, 503, 74, tenant, h.hex(32), ntfA("err", "store unavailable"))
			return
		}
		h.access(tr, p, t, time.Duration(float64(h.ms(6, 0.4))*f), "PUT", path, 204, 0, tenant, h.hex(32))
		return
	}
	h.access(tr, p, t, time.Duration(float64(h.ms(3, 0.4))*f), "GET", path, 200, h.in(180, 260), tenant, h.hex(32))
}

func (h *ntfLog) sendgridHook(t time.Time) {
	p := h.pick(t)
	f, tr := h.slowdown(p, t)
	if !t.Before(h.campaign.start) && t.Before(h.campaign.start.Add(40*time.Minute)) && h.chance(0.5) {
		tr = h.campaign
	}
	events := h.in(3, 40)
	d := time.Duration(float64(h.ms(4+float64(events)*0.3, 0.4)) * f)
	h.access(tr, p, t, d, "POST", "/v1/webhooks/sendgrid", 200, 2, "", h.hex(32), ntfA("events", events))
	bounce := 0.04
	if tr.chg == ntfCampaign {
		bounce = 0.3
	}
	if h.chance(bounce) {
		reasons := []string{
			"550 5.1.1 The email account that you tried to reach does not exist.",
			"550 5.1.1 <" + h.chars("abcdefghijklmnopqrstuvwxyz", 1) + "***@outlook.com>: Recipient address rejected: User unknown",
			"552 5.2.2 The email account that you tried to reach is over quota.",
		}
		tenant := h.tenant()
		if tr.chg == ntfCampaign {
			tenant = "shopwave"
		}
		h.emit(tr, t.Add(d/2), p, "WARN", "email bounced", ntfA("notification_id", h.ulid(t.Add(-h.span(5, 600)))), ntfA("tenant", tenant), ntfA("reason", reasons[h.r.IntN(len(reasons))]), ntfA("suppressed", true))
	}
}

func (h *ntfLog) slowQuery(t time.Time) {
	p := h.pick(t)
	q := []string{
		"SELECT id, status, channel, attempts, updated_at FROM notifications WHERE tenant_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT 100",
		"UPDATE notifications SET status = $1, provider_message_id = $2, sent_at = now() WHERE id = $3",
		"SELECT channel, enabled, quiet_from, quiet_to FROM user_preferences WHERE tenant_id = $1 AND user_id = $2",
	}[h.r.IntN(3)]
	h.emit(ntfTr{}, t, p, "WARN", "slow query", ntfG("db", ntfA("sql", q), ntfA("duration_ms", ntfMs(h.ms(420, 0.5))), ntfA("rows", h.in(0, 100))))
}

func (h *ntfLog) redisTimeout(t time.Time) {
	p := h.pick(t)
	h.emit(ntfTr{}, t, p, "WARN", "dedup check failed, continuing without dedup", ntfA("notification_id", h.ulid(t.Add(-h.span(0.1, 1)))),
		ntfA("err", fmt.Sprintf("read tcp 10.42.%d.%d:%d->10.43.18.7:6379: i/o timeout", h.r.IntN(6), h.in(2, 250), h.in(32768, 60999))))
}

// ---- delivery ----

// enqueue publishes a notification; a worker picks it up a moment later.
func (h *ntfLog) enqueue(n *ntfNotif, t time.Time) {
	h.deliver(n, t.Add(h.ms(110, 0.6)), 1)
}

// seqAt is about the stream sequence of a message published at t.
func (h *ntfLog) seqAt(t time.Time) int {
	return h.seq0 + int(t.Sub(h.start).Seconds()*9.6) + h.in(-40, 40)
}

func (h *ntfLog) provider(n *ntfNotif) string {
	switch n.ch {
	case ntfEmail:
		return "sendgrid"
	case ntfSMS:
		return "twilio"
	}
	return n.push
}

func (h *ntfLog) nKV(n *ntfNotif, attempt int) ntfKV {
	return ntfG("notification", ntfA("id", n.id), ntfA("tenant", n.tenant), ntfA("channel", ntfChan[n.ch]), ntfA("template", n.tmpl), ntfA("attempt", attempt))
}

func (h *ntfLog) provKV(name string, status int, lat time.Duration, extra ...ntfKV) ntfKV {
	return ntfG("provider", append([]ntfKV{ntfA("name", name), ntfA("status", status), ntfA("latency_ms", ntfMs(lat))}, extra...)...)
}

var ntfLat = map[string][2]float64{"sendgrid": {95, 0.4}, "twilio": {180, 0.35}, "fcm": {45, 0.45}, "apns": {30, 0.5}}

// twilioHeld reports whether an SMS taken by p at t waits for the breaker to close.
func (h *ntfLog) twilioHeld(p *ntfPod, t time.Time) bool {
	return !p.brOpen.IsZero() && !t.Before(p.brOpen) && t.Before(p.brClose)
}

// deliver is a worker taking message n at t for its attempt-th send.
func (h *ntfLog) deliver(n *ntfNotif, t time.Time, attempt int) {
	if !t.Before(h.end) {
		return
	}
	p := h.pick(t)
	tr := n.tr
	prov := h.provider(n)
	jet := ntfG("jetstream", ntfA("stream", ntfStream), ntfA("consumer", "dispatch-"+ntfChan[n.ch]), ntfA("stream_seq", h.seqAt(t)), ntfA("delivered", 1))
	// Twilio failing: the pod's breaker is open (the message waits in the stream) or
	// the send gets a 503 and is requeued.
	if n.ch == ntfSMS && !t.Before(h.tB2) && (h.twilioHeld(p, t) || (!p.brOpen.IsZero() && t.Before(p.brOpen))) {
		n.tr = ntfInc(ntfTwilio)
		n.held = attempt
		if t.Before(p.brOpen) {
			n.held++
			lat := h.ms(350, 0.4)
			h.emit(n.tr, t.Add(lat), p, "WARN", "provider send failed, requeued", h.nKV(n, attempt), h.provKV("twilio", 503, lat), ntfA("err", "twilio: unexpected status 503 Service Unavailable"), ntfA("retry_in", 30*time.Second), ntfA("trace_id", n.trace))
			p.retried = append(p.retried, t.Add(lat))
		}
		h.backlog = append(h.backlog, n)
		return
	}
	h.dbg(tr, t, p, "message received", jet, ntfA("notification_id", n.id))
	if n.tr.inc == "" && n.tr.chg == "" && p.ver == ntfNewVer && n.ch != ntfEmail && h.chance(0.018) {
		tz := []string{"Australia/Sydney", "Pacific/Noumea", "Pacific/Fiji", "Pacific/Auckland"}[h.r.IntN(4)]
		loc := map[string]int{"Australia/Sydney": 11, "Pacific/Noumea": 11, "Pacific/Fiji": 12, "Pacific/Auckland": 13}[tz]
		wake := time.Date(2024, 10, 15, 7, 0, 0, 0, time.UTC).Add(time.Duration(24-loc) * time.Hour)
		h.emit(h.deploy, t.Add(h.ms(2, 0.4)), p, "INFO", "notification deferred: recipient quiet hours", h.nKV(n, attempt), ntfA("recipient_tz", tz), ntfA("deliver_at", wake), ntfA("trace_id", n.trace))
		return
	}
	// Postgres locked: the worker cannot load the notification or record the send.
	if h.pgLocked(t) {
		h.pgDeliver(n, p, t, attempt)
		return
	}
	f, str := h.slowdown(p, t)
	if str.inc != "" {
		tr = str
	}
	med := ntfLat[prov]
	lat := time.Duration(float64(h.ms(med[0], med[1])) * f)
	if n.ch == ntfSMS && !t.Before(h.tB1) && t.Before(h.tB2) {
		tr = ntfInc(ntfTwilio)
		lat = time.Duration(float64(lat) * h.logn(8, 0.35))
		if lat > 10*time.Second || h.chance(0.12) {
			lat = 10*time.Second + h.ms(2, 0.5)
			h.emit(tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV("twilio", 0, lat),
				ntfA("err", `Post "https://api.twilio.com/2010-04-01/Accounts/AC3f9a1c27d04e5b88c1e2a6f07b9d4e21/Messages.json": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`), ntfA("retry_in", time.Second*time.Duration(attempt)), ntfA("trace_id", n.trace))
			p.retried = append(p.retried, t.Add(lat))
			n.tr = tr
			h.deliver(n, t.Add(lat+time.Second*time.Duration(attempt)), attempt+1)
			return
		}
	}
	// the leaking pod's APNs connection
	if p.leak && prov == "apns" && !t.Before(h.tD) && t.Before(h.tOOM) && h.chance(0.12+0.3*float64(t.Sub(h.tD))/float64(h.tOOM.Sub(h.tD))) {
		tr = ntfInc(ntfLeak)
		lat = 10*time.Second + h.ms(3, 0.5)
		h.emit(tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV("apns", 0, lat),
			ntfA("err", `Post "https://api.push.apple.com/3/device/`+h.hex(16)+`...": context deadline exceeded`), ntfA("retry_in", time.Second), ntfA("trace_id", n.trace))
		p.retried = append(p.retried, t.Add(lat))
		n.tr = tr
		h.deliver(n, t.Add(lat+time.Second), attempt+1)
		return
	}
	h.dbg(tr, t.Add(h.ms(0.3, 0.4)), p, "template rendered", ntfA("template", n.tmpl), ntfA("locale", []string{"en-GB", "de-DE", "nl-NL", "fr-FR"}[h.r.IntN(4)]), ntfA("cache", "hit"), ntfA("render_us", h.in(40, 400)))
	h.dbg(tr, t.Add(h.ms(0.8, 0.4)), p, "provider request", ntfA("provider", prov), ntfA("url", map[string]string{"sendgrid": "https://api.sendgrid.com/v3/mail/send", "twilio": "https://api.twilio.com/2010-04-01/Accounts/AC3f9a1c27d04e5b88c1e2a6f07b9d4e21/Messages.json", "fcm": "https://fcm.googleapis.com/v1/projects/parcelly-prod/messages:send", "apns": "https://api.push.apple.com/3/device/..."}[prov]))
	end := t.Add(lat)
	if h.routineFailure(n, p, end, lat, attempt, tr) {
		return
	}
	h.sent(n, p, t, end, lat, attempt, tr)
}

// routineFailure writes the provider's everyday rejections and transient errors.
func (h *ntfLog) routineFailure(n *ntfNotif, p *ntfPod, end time.Time, lat time.Duration, attempt int, tr ntfTr) bool {
	x := h.f()
	camp := n.campaign
	reject := func(prov string, status int, err string, extra ...ntfKV) {
		h.emit(tr, end, p, "WARN", "notification rejected by provider", h.nKV(n, attempt), h.provKV(prov, status, lat, extra...), ntfA("err", err), ntfA("trace_id", n.trace))
		p.failed[n.ch] = append(p.failed[n.ch], end)
	}
	retry := func(prov string, status int, err string, in time.Duration) {
		h.emit(tr, end, p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV(prov, status, lat), ntfA("err", err), ntfA("retry_in", in), ntfA("trace_id", n.trace))
		p.retried = append(p.retried, end)
		h.deliver(n, end.Add(in), attempt+1)
	}
	switch h.provider(n) {
	case "twilio":
		switch {
		case x < 0.012:
			reject("twilio", 400, "The 'To' number "+h.phone()+" is not a valid phone number.", ntfA("code", 21211))
		case x < 0.016:
			reject("twilio", 400, "Attempt to send to unsubscribed recipient", ntfA("code", 21610))
		case x < 0.018:
			reject("twilio", 400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +880*******"+strconv.Itoa(h.in(100, 999)), ntfA("code", 21408))
		case x < 0.0205 && attempt < 3:
			retry("twilio", 0, `Post "https://api.twilio.com/2010-04-01/Accounts/AC3f9a1c27d04e5b88c1e2a6f07b9d4e21/Messages.json": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, time.Second)
		default:
			return false
		}
	case "sendgrid":
		switch {
		case x < 0.002:
			reject("sendgrid", 400, "The to email does not contain a valid address.")
		case x < 0.005 && attempt < 3:
			retry("sendgrid", 429, "sendgrid: 429 Too Many Requests", 2*time.Second)
		case x < 0.0065 && attempt < 3:
			retry("sendgrid", 502, "sendgrid: unexpected status 502 Bad Gateway", time.Second)
		default:
			return false
		}
	case "fcm":
		un := 0.01
		if camp {
			un = 0.045
		}
		switch {
		case x < un:
			h.emit(tr, end, p, "WARN", "push token unregistered, removed from user devices", h.nKV(n, attempt), h.provKV("fcm", 404, lat), ntfA("err", "UNREGISTERED"), ntfA("token", h.chars(ntfAlnum, 11)+"..."), ntfA("trace_id", n.trace))
			p.failed[n.ch] = append(p.failed[n.ch], end)
		case x < un+0.003 && attempt < 3:
			retry("fcm", 503, "fcm: UNAVAILABLE: The server is overloaded.", time.Second)
		default:
			return false
		}
	case "apns":
		un := 0.008
		if camp {
			un = 0.03
		}
		switch {
		case x < un:
			reason := "Unregistered"
			status := 410
			if h.chance(0.3) {
				reason, status = "BadDeviceToken", 400
			}
			h.emit(tr, end, p, "WARN", "push token unregistered, removed from user devices", h.nKV(n, attempt), h.provKV("apns", status, lat, ntfA("apns_id", strings.ToUpper(h.uuid()))), ntfA("err", reason), ntfA("token", h.hex(12)+"..."), ntfA("trace_id", n.trace))
			p.failed[n.ch] = append(p.failed[n.ch], end)
		default:
			return false
		}
	}
	return true
}

// sent writes the send and what follows it: the DEBUG lines, Twilio's callback.
func (h *ntfLog) sent(n *ntfNotif, p *ntfPod, t, end time.Time, lat time.Duration, attempt int, tr ntfTr) {
	prov := h.provider(n)
	var id string
	status := 200
	switch prov {
	case "sendgrid":
		id, status = h.chars(ntfAlnum, 22), 202
	case "twilio":
		id, status = "SM"+h.hex(32), 201
	case "fcm":
		id = "projects/parcelly-prod/messages/0:" + strconv.FormatInt(end.UnixMicro(), 10) + "%" + h.hex(16)
	case "apns":
		id = strings.ToUpper(h.uuid())
	}
	queued := t.Sub(n.at)
	h.emit(tr, end.Add(h.ms(1.2, 0.4)), p, "INFO", "notification sent", h.nKV(n, attempt), h.provKV(prov, status, lat, ntfA("message_id", id)), ntfA("queued_ms", math.Round(ntfMs(queued)*10)/10), ntfA("trace_id", n.trace))
	h.dbg(tr, end.Add(h.ms(1.6, 0.4)), p, "dedup key set", ntfA("key", "sent:"+n.id), ntfA("ttl", 72*time.Hour))
	h.dbg(tr, end.Add(h.ms(2.2, 0.4)), p, "message acked", ntfA("consumer", "dispatch-"+ntfChan[n.ch]), ntfA("notification_id", n.id))
	p.sent[n.ch] = append(p.sent[n.ch], end)
	if prov == "twilio" && h.chance(0.8) {
		cb := end.Add(h.span(1.5, 4) + h.ms(2500, 0.8))
		q := h.pick(cb)
		ctr := tr
		if ctr.inc == "" && ctr.chg == "" {
			ctr = q.tr
		}
		st := "delivered"
		if h.chance(0.025) {
			st = "undelivered"
		}
		h.access(ctr, q, cb, h.ms(3, 0.4), "POST", "/v1/webhooks/twilio/status", 204, 0, "", h.hex(32), ntfA("sid", id), ntfA("message_status", st))
		if st == "undelivered" {
			code := []int{30003, 30005, 30006, 30008}[h.r.IntN(4)]
			h.emit(ctr, cb.Add(h.ms(2, 0.4)), q, "WARN", "sms undelivered", ntfA("notification_id", n.id), ntfA("tenant", n.tenant), ntfG("twilio", ntfA("sid", id), ntfA("status", st), ntfA("error_code", code)))
		}
	}
}

// pgDeliver: a worker takes a message while Postgres writes are blocked. Early on it
// sends and cannot record the send; once the pool is exhausted it cannot load the
// notification. Either way the message is nak'd and comes back.
func (h *ntfLog) pgDeliver(n *ntfNotif, p *ntfPod, t time.Time, attempt int) {
	tr := ntfInc(ntfPgLock)
	n.tr = tr
	prov := h.provider(n)
	if t.Sub(h.tC) < 25*time.Second && attempt == 1 {
		med := ntfLat[prov]
		lat := h.ms(med[0], med[1])
		end := t.Add(lat + 10*time.Second)
		h.emit(tr, end, p, "ERROR", "failed to record delivery", h.nKV(n, attempt), h.provKV(prov, 200, lat), ntfA("err", "update notification status: timeout: context deadline exceeded"), ntfA("action", "nak"), ntfA("trace_id", n.trace))
		p.sent[n.ch] = append(p.sent[n.ch], end)
		h.redeliverRecorded(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
		return
	}
	end := t.Add(10*time.Second + h.ms(1, 0.4))
	h.emit(tr, end, p, "ERROR", "failed to load notification", h.nKV(n, attempt), ntfA("err", "load notification: acquire connection: context deadline exceeded"), ntfA("action", "nak"), ntfA("trace_id", n.trace))
	p.retried = append(p.retried, end)
	h.deliver(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
}

// redeliverRecorded is a message sent but not recorded coming back: its dedup key says
// it went out, so only its status is written.
func (h *ntfLog) redeliverRecorded(n *ntfNotif, t time.Time, attempt int) {
	tr := ntfInc(ntfPgLock)
	p := h.pick(t)
	if h.pgLocked(t) {
		end := t.Add(10*time.Second + h.ms(1, 0.4))
		h.emit(tr, end, p, "ERROR", "failed to record delivery", h.nKV(n, attempt), ntfA("dedup", "hit"), ntfA("err", "update notification status: timeout: context deadline exceeded"), ntfA("action", "nak"), ntfA("trace_id", n.trace))
		h.redeliverRecorded(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
		return
	}
	h.emit(tr, t.Add(h.ms(4, 0.5)), p, "INFO", "notification already sent, status recorded", h.nKV(n, attempt), ntfA("dedup", "hit"), ntfA("trace_id", n.trace))
}

// ---- campaign ----

func (h *ntfLog) campaignLines() {
	tr := h.campaign
	t := tr.start
	id := "cmp_" + h.hex(8)
	var queue []*ntfNotif
	for i := 0; ; i++ {
		if i > 0 {
			t = t.Add(h.span(5, 11))
		}
		if t.Sub(tr.start) > 6*time.Minute {
			break
		}
		p := h.pick(t)
		k := 500
		if t.Sub(tr.start) > 6*time.Minute-10*time.Second {
			k = h.in(50, 499)
		}
		trace := h.hex(32)
		d := h.ms(260, 0.3)
		if h.pgLocked(t) {
			continue
		}
		h.access(tr, p, t, d, "POST", "/v1/notifications/batch", 202, 40+k*29, "shopwave", trace, ntfA("accepted", k), ntfA("campaign_id", id))
		for j := 0; j < k; j++ {
			ch := ntfPush
			if h.chance(0.25) {
				ch = ntfEmail
			}
			n := h.newNotif(t.Add(d), "shopwave", ch, tr)
			n.tmpl, n.trace, n.campaign = "autumn_sale_2024", trace, true
			queue = append(queue, n)
			h.campEnq = append(h.campEnq, n.at)
		}
	}
	// sent at the tenant's limit of 15 a second
	s := tr.start.Add(time.Second)
	warned := map[*ntfPod]time.Time{}
	for _, n := range queue {
		s = s.Add(time.Duration(h.r.ExpFloat64() / 15 * float64(time.Second)))
		at := s
		if at.Before(n.at) {
			at = n.at.Add(h.ms(100, 0.5))
		}
		p := h.pick(at)
		if last, ok := warned[p]; (!ok || at.Sub(last) > 60*time.Second) && at.Sub(n.at) > 5*time.Second {
			warned[p] = at
			h.emit(tr, at.Add(-h.ms(5, 0.5)), p, "WARN", "tenant rate limit reached, throttling", ntfA("tenant", "shopwave"), ntfA("limit_per_s", 15), ntfA("channel", ntfChan[n.ch]), ntfA("waiting", h.in(20, 28*4)))
		}
		h.campDeq = append(h.campDeq, at)
		h.deliver(n, at, 1)
	}
}

// ---- incidents ----

func (h *ntfLog) poison() {
	tr := ntfInc(ntfPoison)
	seq := h.seqAt(h.poisonAt.Add(-h.span(0.1, 0.5)))
	id := h.ulid(h.poisonAt.Add(-h.span(0.1, 0.5)))
	trace := h.hex(32)
	t := h.poisonAt
	for k := 1; t.Before(h.poisonEnd); k++ {
		p := h.pick(t)
		jet := ntfG("jetstream", ntfA("stream", ntfStream), ntfA("consumer", "dispatch-sms"), ntfA("subject", "notify.sms.legacy-erp"), ntfA("stream_seq", seq), ntfA("delivered", k))
		h.emit(tr, t, p, "ERROR", "failed to decode message", jet, ntfA("msg_id", id), ntfA("err", "json: cannot unmarshal number into Go struct field Recipient.recipient.phone of type string"), ntfA("trace_id", trace))
		h.emit(tr, t.Add(h.ms(0.6, 0.4)), p, "WARN", "message nak'd", jet, ntfA("msg_id", id), ntfA("delay", 5*time.Second))
		t = t.Add(5*time.Second + h.ms(40, 0.8))
	}
}

func (h *ntfLog) twilioLines() {
	tr := ntfInc(ntfTwilio)
	for _, p := range h.pods {
		if p.brOpen.IsZero() {
			continue
		}
		h.emit(tr, p.brOpen, p, "WARN", "circuit breaker opened", ntfG("breaker", ntfA("name", "twilio"), ntfA("consecutive_failures", 5), ntfA("open_for", 30*time.Second)))
		h.emit(tr, p.brOpen.Add(h.ms(0.4, 0.4)), p, "WARN", "consumer paused", ntfA("consumer", "dispatch-sms"), ntfA("reason", "circuit breaker open"))
		for i, x := range p.probes {
			h.emit(tr, x, p, "INFO", "circuit breaker half-open", ntfG("breaker", ntfA("name", "twilio")))
			lat := h.ms(300, 0.4)
			if i == len(p.probes)-1 {
				h.emit(tr, x.Add(lat), p, "INFO", "circuit breaker closed", ntfG("breaker", ntfA("name", "twilio"), ntfA("probe_latency_ms", ntfMs(lat))))
				h.emit(tr, x.Add(lat+h.ms(0.5, 0.4)), p, "INFO", "consumer resumed", ntfA("consumer", "dispatch-sms"), ntfA("pending", h.smsPending(x)))
				break
			}
			h.emit(tr, x.Add(lat), p, "WARN", "provider send failed", ntfG("breaker", ntfA("name", "twilio"), ntfA("probe", true)), h.provKV("twilio", 503, lat), ntfA("err", "twilio: unexpected status 503 Service Unavailable"))
			h.emit(tr, x.Add(lat+h.ms(0.2, 0.4)), p, "WARN", "circuit breaker opened", ntfG("breaker", ntfA("name", "twilio"), ntfA("consecutive_failures", 1), ntfA("open_for", 30*time.Second)))
		}
	}
}

// smsPending is the backlog held for Twilio at t, approximately (before drain).
func (h *ntfLog) smsPending(t time.Time) int {
	n := 0
	for _, b := range h.backlog {
		if !b.at.After(t) {
			n++
		}
	}
	return n
}

// drain sends the SMS held while Twilio was down, at 12 a second, once the breakers close.
func (h *ntfLog) drain() {
	slices.SortStableFunc(h.backlog, func(a, b *ntfNotif) int { return a.at.Compare(b.at) })
	t := h.drainFrom.Add(time.Second)
	for _, n := range h.backlog {
		t = t.Add(time.Duration(h.r.ExpFloat64() / 12 * float64(time.Second)))
		p := h.pick(t)
		for i := 0; i < 4 && (p.brClose.After(t)); i++ {
			p = h.pick(t)
		}
		h.smsEnq = append(h.smsEnq, n.at)
		lat := h.ms(230, 0.4)
		if h.chance(0.03) {
			h.emit(n.tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, n.held), h.provKV("twilio", 429, lat), ntfA("err", "twilio: 20429 Too Many Requests"), ntfA("retry_in", 2*time.Second), ntfA("trace_id", n.trace))
			p.retried = append(p.retried, t.Add(lat))
			t2 := t.Add(lat + 2*time.Second)
			h.sent(n, p, t2, t2.Add(lat), lat, n.held+1, n.tr)
			h.smsDeq = append(h.smsDeq, t2.Add(lat))
			continue
		}
		h.sent(n, p, t, t.Add(lat), lat, n.held, n.tr)
		h.smsDeq = append(h.smsDeq, t.Add(lat))
	}
	h.drainEnd = t
	slices.SortFunc(h.smsEnq, func(a, b time.Time) int { return a.Compare(b) })
	slices.SortFunc(h.smsDeq, func(a, b time.Time) int { return a.Compare(b) })
	slices.SortFunc(h.campEnq, func(a, b time.Time) int { return a.Compare(b) })
	slices.SortFunc(h.campDeq, func(a, b time.Time) int { return a.Compare(b) })
}

// leakLines: the messages the OOMKilled pod had in flight come back 30 s later.
func (h *ntfLog) leakLines() {
	tr := ntfInc(ntfLeak)
	back := h.tOOM.Add(30 * time.Second)
	for i, k := 0, h.in(8, 22); i < k; i++ {
		n := h.newNotif(h.tOOM.Add(-h.span(0.2, 12)), h.tenant(), h.channel(), tr)
		p := h.pick(back)
		for p.leak {
			p = h.pick(back)
		}
		prov := h.provider(n)
		at := back.Add(h.span(0, 1.5))
		lat := h.ms(ntfLat[prov][0], ntfLat[prov][1])
		h.sent(n, p, at, at.Add(lat), lat, 2, tr)
	}
}

// ---- periodic lines ----

func (h *ntfLog) count(ts []time.Time, from, to time.Time) int {
	a := sort.Search(len(ts), func(i int) bool { return !ts[i].Before(from) })
	b := sort.Search(len(ts), func(i int) bool { return ts[i].After(to) })
	return max(0, b-a)
}

func (h *ntfLog) upTo(ts []time.Time, t time.Time) int {
	return sort.Search(len(ts), func(i int) bool { return ts[i].After(t) })
}

func (h *ntfLog) pgBacklog(t time.Time) int {
	if t.Before(h.tC) || t.After(h.tC2.Add(90*time.Second)) {
		return 0
	}
	if t.Before(h.tC2) {
		return int(4 * h.load(t) * t.Sub(h.tC).Seconds())
	}
	return int(4 * h.load(t) * h.tC2.Sub(h.tC).Seconds() * (1 - t.Sub(h.tC2).Seconds()/90))
}

// gaugeTr is the label of a line of gauges at t: the incident or the change whose
// backlog it shows.
func (h *ntfLog) gaugeTr(t time.Time) ntfTr {
	switch {
	case !t.Before(h.tB2) && t.Before(h.drainEnd.Add(30*time.Second)):
		return ntfInc(ntfTwilio)
	case !t.Before(h.tC) && t.Before(h.tC2.Add(60*time.Second)):
		return ntfInc(ntfPgLock)
	case h.upTo(h.campEnq, t)-h.upTo(h.campDeq, t) > 100:
		return h.campaign
	}
	return ntfTr{}
}

func (h *ntfLog) pending(t time.Time) [3]int {
	camp := h.upTo(h.campEnq, t) - h.upTo(h.campDeq, t)
	sms := h.upTo(h.smsEnq, t) - h.upTo(h.smsDeq, t)
	if !t.Before(h.tB2) && t.Before(h.drainFrom) {
		sms = h.smsPending(t)
	}
	pg := h.pgBacklog(t)
	return [3]int{
		int(h.logn(3, 0.8)) + camp/4 + pg*3/10,
		int(h.logn(2, 0.8)) + sms + pg/4,
		int(h.logn(5, 0.8)) + camp*3/4 + pg*9/20,
	}
}

func (h *ntfLog) periodic() {
	for _, p := range h.pods {
		for c := range p.sent {
			slices.SortFunc(p.sent[c], func(a, b time.Time) int { return a.Compare(b) })
			slices.SortFunc(p.failed[c], func(a, b time.Time) int { return a.Compare(b) })
		}
		slices.SortFunc(p.retried, func(a, b time.Time) int { return a.Compare(b) })
	}
	// all the pods of one name share a container's history: count from its boot
	for _, p := range h.pods {
		h.podStats(p)
	}
	// the cleanup lock holder: the oldest pod still running
	leader := func(t time.Time) *ntfPod {
		for _, p := range h.pods {
			if h.alive(p, t) && !p.leak {
				return p
			}
		}
		return h.pods[0]
	}
	base := h.start.Add(-time.Duration(h.in(0, 9))*time.Minute - h.span(0, 60))
	for t := base; t.Before(h.end); t = t.Add(10 * time.Minute) {
		at := t.Add(h.span(0, 0.05))
		p := leader(at)
		h.emit(ntfTr{}, at, p, "INFO", "cleanup job started", ntfA("job", "cleanup"), ntfA("retention", 720*time.Hour))
		if h.pgLocked(at) || h.pgLocked(at.Add(30*time.Second)) {
			h.emit(ntfInc(ntfPgLock), at.Add(30*time.Second+h.ms(2, 0.4)), p, "ERROR", "cleanup job failed", ntfA("job", "cleanup"), ntfA("err", "delete expired notifications: timeout: context deadline exceeded"))
			continue
		}
		d := h.ms(1800, 0.35)
		h.emit(ntfTr{}, at.Add(d), p, "INFO", "cleanup job finished", ntfA("job", "cleanup"), ntfG("deleted", ntfA("notifications", h.in(9000, 16000)), ntfA("delivery_attempts", h.in(12000, 21000)), ntfA("dedup_keys", h.in(100, 900))), ntfA("duration_ms", ntfMs(d)))
	}
	// consumer info, every minute from the leader
	off := h.span(0, 60)
	for t := h.start.Add(off); t.Before(h.end); t = t.Add(time.Minute) {
		at := t.Add(h.ms(3, 0.5))
		p := leader(at)
		pend := h.pending(at)
		tr := h.gaugeTr(at)
		for c := 0; c < 3; c++ {
			ctr := tr
			if tr.inc == ntfTwilio && c != ntfSMS || tr.chg == ntfCampaign && c == ntfSMS {
				ctr = ntfTr{}
			}
			redel := 0
			if h.chance(0.3) {
				redel = h.in(1, 3)
			}
			h.emit(ctr, at.Add(time.Duration(c)*h.ms(1, 0.3)), p, "INFO", "jetstream consumer info", ntfG("jetstream", ntfA("stream", ntfStream), ntfA("consumer", "dispatch-"+ntfChan[c]), ntfA("num_pending", pend[c]), ntfA("num_ack_pending", h.in(0, 6)+min(pend[c], []int{64, 16, 128}[c])), ntfA("num_redelivered", redel)))
		}
	}
}

func (h *ntfLog) podStats(p *ntfPod) {
	from := p.boot
	// the restarted container counts from zero
	first := p.boot.Add(p.statPhase + time.Second)
	stop := p.stop
	if p.leak {
		stop = h.tOOM
	}
	// a container started before the log opens has counted since
	var acq, retried int
	var pre, preFailed [3]int
	if first.Before(h.start) {
		skip := h.start.Sub(first) / (30 * time.Second)
		first = first.Add(skip * 30 * time.Second)
		up := first.Sub(p.boot).Seconds()
		for c, r := range []float64{0.5, 0.42, 0.8} {
			pre[c] = int(up * r * h.logn(0.45, 0.05))
			preFailed[c] = pre[c] * []int{2, 25, 14}[c] / 1000
		}
		retried = int(up * 0.012 * h.logn(1, 0.05))
		acq = int(up * 4.3 * h.logn(1, 0.05))
	}
	for t := first; t.Before(stop) && t.Before(h.end); t = t.Add(30 * time.Second) {
		at := t.Add(h.ms(0.5, 0.5))
		tr := h.gaugeTr(at)
		l := h.load(at)
		gor := p.goroutineBase + h.logn(12*l, 0.4)
		heap := p.heapBase + 25*l*h.f()
		if up := at.Sub(p.boot); up < 5*time.Minute {
			heap *= 0.6 + 0.4*up.Minutes()/5
		}
		if p.leak && !at.Before(h.tD) {
			x := at.Sub(h.tD).Seconds()
			gor += 9.5*x + h.logn(20, 0.5)
			heap += 0.33 * x * (0.95 + 0.1*h.f())
			tr = ntfInc(ntfLeak)
		}
		var sent, failed [3]int
		for c := 0; c < 3; c++ {
			sent[c] = pre[c] + h.count(p.sent[c], from, at)
			failed[c] = preFailed[c] + h.count(p.failed[c], from, at)
		}
		pend := h.pending(at)
		h.emit(tr, at, p, "INFO", "dispatch stats",
			ntfG("sent", ntfA("email", sent[0]), ntfA("sms", sent[1]), ntfA("push", sent[2])),
			ntfG("failed", ntfA("email", failed[0]), ntfA("sms", failed[1]), ntfA("push", failed[2])),
			ntfA("retried", retried+h.count(p.retried, from, at)),
			ntfA("inflight", h.in(0, 4)+int(h.logn(2*l, 0.6))),
			ntfG("pending", ntfA("email", pend[0]), ntfA("sms", pend[1]), ntfA("push", pend[2])),
			ntfA("goroutines", int(gor)), ntfA("heap_mb", math.Round(heap*10)/10), ntfA("uptime_s", int(at.Sub(p.boot).Seconds())))
		if heap > 410 {
			h.emit(tr, at.Add(h.ms(0.3, 0.3)), p, "WARN", "memory usage high", ntfA("heap_mb", math.Round(heap*10)/10), ntfA("limit_mb", 512), ntfA("goroutines", int(gor)), ntfA("gc_cpu_fraction", math.Round((0.05+0.4*(heap-410)/100)*1000)/1000))
		}
		// db pool every minute, templates every 5
		k := int(at.Sub(first) / (30 * time.Second))
		if k%2 == 1 {
			ptr := tr
			if ptr.inc == ntfLeak || ptr.inc == ntfTwilio || ptr.chg == ntfCampaign {
				ptr = ntfTr{}
			}
			acq += int(h.logn(260*l, 0.15))
			a, total := int(h.logn(2*l, 0.5)), h.in(5, 9)
			a = min(a, total)
			wait := ntfMs(h.ms(0.4, 0.6))
			empty := 0
			if h.pgLocked(at) || (!at.Before(h.tC) && at.Before(h.tC2.Add(20*time.Second))) {
				ptr = ntfInc(ntfPgLock)
				a, total = 20, 20
				wait = ntfMs(h.ms(4100, 0.2))
				empty = h.in(150, 400)
			}
			h.emit(ptr, at.Add(h.ms(2, 0.5)), p, "INFO", "db pool stats", ntfG("db", ntfA("acquired", a), ntfA("idle", total-a), ntfA("total", total), ntfA("max", 20), ntfA("acquire_count", acq), ntfA("empty_acquire", empty+h.in(0, 3)), ntfA("acquire_wait_ms", wait)))
		}
		if k%10 == 7 {
			ptr := tr
			if ptr.inc != "" || ptr.chg == ntfCampaign {
				ptr = ntfTr{}
			}
			h.emit(ptr, at.Add(h.ms(30, 0.5)), p, "INFO", "templates refreshed", ntfA("count", 142), ntfA("changed", []int{0, 0, 0, 0, 1, 2}[h.r.IntN(6)]), ntfA("took", h.ms(40, 0.4)))
		}
	}
	if p == h.debugPod {
		h.debugLines(p)
	}
}

func (h *ntfLog) debugLines(p *ntfPod) {
	tr := h.debug
	for _, a := range []struct {
		t        time.Time
		from, to string
	}{{h.debug.start, "INFO", "DEBUG"}, {h.debugOff, "DEBUG", "INFO"}} {
		d := h.ms(1.5, 0.3)
		h.emit(tr, a.t.Add(d/2), p, "INFO", "log level changed", ntfA("from", a.from), ntfA("to", a.to), ntfA("requested_by", "m.kovacs@parcelly.io"))
		h.emit(tr, a.t.Add(d), p, "INFO", "request completed", ntfG("http", ntfA("method", "PUT"), ntfA("path", "/admin/log-level"), ntfA("status", 204), ntfA("duration_ms", ntfMs(d)), ntfA("bytes", 0), ntfA("remote_ip", "10.42.4.31")), ntfA("trace_id", h.hex(32)))
	}
	// the kubelet's probes every 10 s
	for t := h.debug.start.Add(h.span(0, 10)); t.Before(h.debugOff); t = t.Add(10 * time.Second) {
		h.dbg(tr, t, p, "health check", ntfA("probe", "liveness"), ntfA("status", "ok"))
		h.dbg(tr, t.Add(h.ms(400, 0.2)), p, "health check", ntfA("probe", "readiness"), ntfA("status", "ok"), ntfG("checks", ntfA("postgres", "ok"), ntfA("redis", "ok"), ntfA("nats", "ok")))
	}
}
