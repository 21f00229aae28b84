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

// holdout20 is notification-service, the Go 1.22 microservice that sends the customer
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

var holdout20 = Family{
	Name:    "holdout-20",
	Role:    Holdout,
	Service: "notification-service, a Go 1.22 microservice of a parcel-delivery company on Kubernetes (HTTP and gRPC API, NATS JetStream workers sending e-mail, SMS and push through SendGrid, Twilio, FCM and APNs, Postgres via pgx, Redis), logging JSON with log/slog's JSONHandler from four to six pods, interleaved as the log collector ships them",
	Lines:   holdout20Lines,
}

const (
	h20Poison = "poison message: one SMS request with a malformed phone field failing to decode and redelivered every 5 s to pod after pod until deleted from the stream"
	h20Twilio = "Twilio degrading: SMS sends slow, then 503s, circuit breakers open and the sms consumer paused, backlog drained when Twilio recovers"
	h20PgLock = "Postgres writes blocked by a CREATE INDEX without CONCURRENTLY: pgx pools exhausted, inserts and status updates timing out (context deadline exceeded), 503s"
	h20Leak   = "goroutine and memory leak on one pod behind a stuck APNs HTTP/2 connection, until the container is OOMKilled and restarted"
)

const (
	h20Deploy   = "rolling deploy of notification-service 1.15.0: pods restarted one by one, new quiet-hours deferral line"
	h20Campaign = "marketing campaign of tenant shopwave: batch requests, over 20000 push and e-mail notifications sent at the tenant's rate limit"
	h20Scale    = "HPA scale-out from 4 to 6 pods for the campaign, and scale-in 40 minutes later"
	h20Debug    = "log level of one pod set to DEBUG for 12 minutes through the admin endpoint"
)

const (
	h20Email = iota
	h20SMS
	h20Push
)

var h20Chan = [3]string{"email", "sms", "push"}

const (
	h20Svc     = "notification-service"
	h20OldVer  = "1.14.2"
	h20NewVer  = "1.15.0"
	h20Stream  = "NOTIFY"
	h20Crock   = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	h20PodChrs = "bcdfghjklmnpqrstvwxz2456789"
	h20Alnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

type h20Tr struct {
	inc, chg string
	start    time.Time
}

func h20Inc(name string) h20Tr { return h20Tr{inc: name} }

type h20KV struct {
	k string
	v any
}

func h20A(k string, v any) h20KV { return h20KV{k, v} }

func h20G(k string, kvs ...h20KV) h20KV { return h20KV{k, kvs} }

type h20Pod struct {
	name, ver                string
	boot, ready, stop        time.Time // process start, serving, SIGTERM or killed
	tr                       h20Tr     // the label of all its lines (a scale-out pod)
	sent, failed             [3][]time.Time
	retried                  []time.Time
	brOpen, brClose          time.Time // Twilio circuit breaker
	probes                   []time.Time
	leak                     bool
	heapBase, goroutineBase  float64
	lastLimitWarn, statPhase time.Duration
}

type h20Notif struct {
	id, tenant, tmpl, trace, push string
	ch, held                      int // channel; the attempt it waits for Twilio to make
	at                            time.Time
	tr                            h20Tr
	campaign                      bool
}

type h20Log struct {
	r          *rand.Rand
	start, end time.Time
	lines      []Line
	pods       []*h20Pod
	keyIDs     map[string]string
	seq0       int // the stream's sequence at the start

	deploy, campaign, scale, debug h20Tr
	debugPod                       *h20Pod
	debugOff                       time.Time

	poisonAt, poisonEnd time.Time
	tB1, tB2, tB3       time.Time // Twilio slow, failing, recovered
	drainFrom, drainEnd time.Time
	backlog             []*h20Notif
	tC, tC2             time.Time // Postgres lock
	tD, tOOM            time.Time // leak, OOM kill
	leakPod, leakAgain  *h20Pod
	campEnq, campDeq    []time.Time // campaign messages published, sent
	smsEnq, smsDeq      []time.Time // Twilio backlog
}

var h20Tenants = []struct {
	name string
	w    int
}{{"parcelhub", 25}, {"quickcart", 20}, {"freshbox", 12}, {"medrunner", 10}, {"shopwave", 10}, {"urbanlift", 8}, {"petsy", 6}, {"bookrail", 5}, {"legacy-erp", 4}}

var h20Templates = [3][]string{
	{"order_confirmed", "order_confirmed", "delivered", "delivered", "invoice_ready", "password_reset", "weekly_summary", "delivery_failed", "return_label"},
	{"otp_code", "otp_code", "delivery_eta", "delivery_eta", "out_for_delivery", "delivery_failed", "driver_arriving"},
	{"out_for_delivery", "out_for_delivery", "driver_assigned", "delivered", "delivered", "delivery_eta", "pickup_ready", "promo_generic"},
}

var h20GRPCClients = []string{"order-service", "order-service", "dispatch-service", "dispatch-service", "courier-bff", "returns-service", "billing-service"}

var h20Ingress = []string{"10.42.0.17", "10.42.1.23", "10.42.2.9"}

func holdout20Lines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 8, 0, 0, 0, time.UTC)
	h := &h20Log{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x6e6f74696679)),
		start: start,
		end:   start.Add(Length - 200*time.Millisecond),
	}
	h.seq0 = 48_000_000 + h.r.IntN(900_000)
	h.keyIDs = map[string]string{}
	for _, t := range h20Tenants {
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

func (h *h20Log) f() float64            { return h.r.Float64() }
func (h *h20Log) chance(p float64) bool { return h.r.Float64() < p }
func (h *h20Log) in(lo, hi int) int     { return lo + h.r.IntN(hi-lo+1) }
func (h *h20Log) logn(median, sigma float64) float64 {
	return median * math.Exp(sigma*h.r.NormFloat64())
}

// ms is a duration of about median milliseconds.
func (h *h20Log) ms(median, sigma float64) time.Duration {
	return time.Duration(h.logn(median, sigma) * float64(time.Millisecond))
}

// span is a duration between lo and hi seconds, to the nanosecond.
func (h *h20Log) span(lo, hi float64) time.Duration {
	return time.Duration((lo + (hi-lo)*h.f()) * float64(time.Second))
}

func (h *h20Log) at(min int, jitterSec float64) time.Time {
	return h.start.Add(time.Duration(min)*time.Minute + h.span(0, jitterSec))
}

func (h *h20Log) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[h.r.IntN(16)]
	}
	return string(b)
}

func (h *h20Log) chars(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[h.r.IntN(len(set))]
	}
	return string(b)
}

// ulid is a ULID for time t: 48 bits of milliseconds, 80 random bits.
func (h *h20Log) ulid(t time.Time) string {
	ms := uint64(t.UnixMilli())
	b := make([]byte, 26)
	for i := 9; i >= 0; i-- {
		b[i] = h20Crock[ms&31]
		ms >>= 5
	}
	for i := 10; i < 26; i++ {
		b[i] = h20Crock[h.r.IntN(32)]
	}
	return string(b)
}

func (h *h20Log) uuid() string {
	return h.hex(8) + "-" + h.hex(4) + "-4" + h.hex(3) + "-" + string("89ab"[h.r.IntN(4)]) + h.hex(3) + "-" + h.hex(12)
}

func (h *h20Log) tenant() string {
	n := h.r.IntN(100)
	for _, t := range h20Tenants {
		if n < t.w {
			return t.name
		}
		n -= t.w
	}
	return h20Tenants[0].name
}

func (h *h20Log) channel() int {
	x := h.f()
	switch {
	case x < 0.30:
		return h20Email
	case x < 0.55:
		return h20SMS
	}
	return h20Push
}

func (h *h20Log) phone() string {
	switch h.r.IntN(4) {
	case 0:
		return fmt.Sprintf("+49*******%03d", h.r.IntN(1000))
	case 1:
		return fmt.Sprintf("+31******%03d", h.r.IntN(1000))
	}
	return fmt.Sprintf("+44*******%03d", h.r.IntN(1000))
}

func (h *h20Log) load(t time.Time) float64 {
	x := min(1, max(0, float64(t.Sub(h.start))/float64(150*time.Minute)))
	return 1 + 0.3*x + 0.06*math.Sin(float64(t.Sub(h.start))/float64(17*time.Minute))
}

func h20Ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ---- output ----

func h20Str(b *strings.Builder, s string) {
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

func h20Val(b *strings.Builder, v any) {
	switch x := v.(type) {
	case string:
		h20Str(b, x)
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
		h20Str(b, x.Format(time.RFC3339Nano))
	case []h20KV:
		b.WriteByte('{')
		h20Attrs(b, x)
		b.WriteByte('}')
	default:
		h20Str(b, fmt.Sprint(x))
	}
}

func h20Attrs(b *strings.Builder, kvs []h20KV) {
	for i, kv := range kvs {
		if i > 0 {
			b.WriteByte(',')
		}
		h20Str(b, kv.k)
		b.WriteByte(':')
		h20Val(b, kv.v)
	}
}

// emit writes one slog JSON line of pod p; a line without a label of its own takes the
// pod's.
func (h *h20Log) emit(tr h20Tr, at time.Time, p *h20Pod, lvl, msg string, kvs ...h20KV) {
	if at.Before(h.start) || !at.Before(h.end) {
		return
	}
	if tr.inc == "" && tr.chg == "" {
		tr = p.tr
	}
	if tr.inc != "" {
		tr = h20Tr{inc: tr.inc}
	}
	if tr.chg != "" && at.Before(tr.start) {
		at = tr.start
	}
	var b strings.Builder
	b.Grow(320)
	b.WriteString(`{"time":`)
	h20Val(&b, at)
	b.WriteString(`,"level":"` + lvl + `","msg":`)
	h20Str(&b, msg)
	b.WriteString(`,"service":"` + h20Svc + `","pod":"` + p.name + `","version":"` + p.ver + `"`)
	if len(kvs) > 0 {
		b.WriteByte(',')
		h20Attrs(&b, kvs)
	}
	b.WriteByte('}')
	h.lines = append(h.lines, Line{At: at, Text: b.String(), Incident: tr.inc, Change: tr.chg, ChangeStart: tr.start})
}

func (h *h20Log) debugOn(p *h20Pod, t time.Time) bool {
	return p == h.debugPod && !t.Before(h.debug.start.Add(200*time.Millisecond)) && t.Before(h.debugOff)
}

// dbg writes a DEBUG line when the pod logs at DEBUG; it carries the log-level change
// unless it belongs to an incident.
func (h *h20Log) dbg(tr h20Tr, at time.Time, p *h20Pod, msg string, kvs ...h20KV) {
	if !h.debugOn(p, at) {
		return
	}
	if tr.inc == "" {
		tr = h.debug
	}
	h.emit(tr, at, p, "DEBUG", msg, kvs...)
}

// ---- pods and schedule ----

func (h *h20Log) newPod(rs, ver string, boot, ready, stop time.Time, tr h20Tr) *h20Pod {
	p := &h20Pod{name: h20Svc + "-" + rs + "-" + h.chars(h20PodChrs, 5), ver: ver, boot: boot, ready: ready, stop: stop, tr: tr,
		heapBase: 40 + 12*h.f(), goroutineBase: float64(h.in(128, 150)), statPhase: h.span(0, 30)}
	h.pods = append(h.pods, p)
	return p
}

func (h *h20Log) alive(p *h20Pod, t time.Time) bool {
	return !t.Before(p.ready) && t.Before(p.stop)
}

// pick is the pod that takes a request or a message at t.
func (h *h20Log) pick(t time.Time) *h20Pod {
	var c [8]*h20Pod
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

func (h *h20Log) schedule() {
	far := h.end.Add(time.Hour)
	h.poisonAt = h.at(22, 50)
	h.poisonEnd = h.poisonAt.Add(h.span(510, 580))
	h.deploy = h20Tr{chg: h20Deploy, start: h.at(38, 40)}
	h.tB1 = h.at(58, 40)
	h.tB2 = h.tB1.Add(h.span(270, 330))
	h.tB3 = h.tB2.Add(h.span(540, 600))
	h.campaign = h20Tr{chg: h20Campaign, start: h.at(82, 30)}
	h.scale = h20Tr{chg: h20Scale, start: h.campaign.start.Add(h.span(210, 270))}
	h.tC = h.at(116, 40)
	h.tC2 = h.tC.Add(h.span(370, 420))
	h.debug = h20Tr{chg: h20Debug, start: h.at(134, 40)}
	h.debugOff = h.debug.start.Add(12*time.Minute + h.span(-20, 20))
	h.tD = h.at(144, 30)
	h.tOOM = h.tD.Add(h.span(1260, 1350))

	oldRS, newRS := h.chars(h20PodChrs, 10), h.chars(h20PodChrs, 10)
	var old, nw [4]*h20Pod
	for i := range old {
		b := h.start.Add(-time.Duration(h.in(20, 70))*time.Hour - h.span(0, 600))
		old[i] = h.newPod(oldRS, h20OldVer, b, b.Add(8*time.Second), far, h20Tr{})
	}
	t := h.deploy.start
	for i := range nw {
		boot := t
		ready := boot.Add(h.span(6, 9))
		nw[i] = h.newPod(newRS, h20NewVer, boot, ready, far, h20Tr{})
		old[i].stop = ready.Add(h.span(1, 3))
		h.startup(h.deploy, nw[i])
		h.shutdown(h.deploy, old[i], old[i].stop)
		t = old[i].stop.Add(h.span(45, 70))
	}
	// the HPA's two new pods, and the scale-in
	scaleIn := h.at(128, 60)
	for i := 0; i < 2; i++ {
		boot := h.scale.start.Add(h.span(2, 9))
		p := h.newPod(newRS, h20NewVer, boot, boot.Add(h.span(6, 9)), scaleIn.Add(h.span(0, 2)), h.scale)
		h.startup(h.scale, p)
		h.shutdown(h.scale, p, p.stop)
	}
	h.debugPod = nw[0]
	h.leakPod = nw[3]
	h.leakPod.leak = true
	h.leakPod.stop = h.tOOM
	boot := h.tOOM.Add(h.span(10.5, 14))
	h.leakAgain = &h20Pod{name: h.leakPod.name, ver: h20NewVer, boot: boot, ready: boot.Add(h.span(6, 8)), stop: far,
		heapBase: 40 + 12*h.f(), goroutineBase: float64(h.in(128, 150)), statPhase: h.span(0, 30)}
	h.pods = append(h.pods, h.leakAgain)
	h.startup(h20Inc(h20Leak), h.leakAgain)

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

func (h *h20Log) startup(tr h20Tr, p *h20Pod) {
	t := p.boot
	next := func(lo, hi float64) time.Time {
		t = t.Add(h.span(lo/1000, hi/1000))
		return t
	}
	h.emit(tr, t, p, "INFO", "starting notification-service", h20A("version", p.ver), h20A("commit", map[string]string{h20OldVer: "3f9c1ad", h20NewVer: "b72e04c"}[p.ver]), h20A("go", "go1.22.8"), h20A("gomaxprocs", 2), h20A("gomemlimit", "460MiB"))
	h.emit(tr, next(2, 9), p, "INFO", "config loaded", h20A("env", "production"), h20A("region", "eu-west-1"), h20A("http_addr", ":8080"), h20A("grpc_addr", ":9090"), h20A("admin_addr", ":8081"),
		h20G("workers", h20A("email", 8), h20A("sms", 4), h20A("push", 16)))
	h.emit(tr, next(40, 160), p, "INFO", "connected to postgres", h20G("db", h20A("host", "notify-prod.cluster-c8x2mq1v9z4k.eu-west-1.rds.amazonaws.com"), h20A("database", "notifications"), h20A("max_conns", 20), h20A("min_conns", 4)), h20A("took", h.ms(60, 0.4)))
	h.emit(tr, next(5, 30), p, "INFO", "connected to redis", h20G("redis", h20A("addr", "notify-cache.x7kq2m.ng.0001.euw1.cache.amazonaws.com:6379"), h20A("db", 0)), h20A("took", h.ms(4, 0.5)))
	h.emit(tr, next(5, 40), p, "INFO", "connected to nats", h20G("nats", h20A("url", "nats://nats.messaging.svc.cluster.local:4222"), h20A("server", "nats-"+strconv.Itoa(h.r.IntN(3))), h20A("cluster", "nats-prod")), h20A("took", h.ms(8, 0.5)))
	for c, w := range []int{8, 4, 16} {
		h.emit(tr, next(2, 20), p, "INFO", "jetstream consumer ready", h20G("jetstream", h20A("stream", h20Stream), h20A("consumer", "dispatch-"+h20Chan[c]), h20A("filter", "notify."+h20Chan[c]+".>"), h20A("ack_wait", 30*time.Second), h20A("max_ack_pending", w*32)))
	}
	for _, pr := range [][3]any{{"sendgrid", "email", 100}, {"twilio", "sms", 40}, {"fcm", "push", 500}, {"apns", "push", 500}} {
		h.emit(tr, next(1, 6), p, "INFO", "provider configured", h20A("provider", pr[0]), h20A("channel", pr[1]), h20A("rate_limit_per_s", pr[2]), h20G("breaker", h20A("failures", 5), h20A("open_for", 30*time.Second)))
	}
	if p.ver == h20NewVer {
		h.emit(tr, next(1, 4), p, "INFO", "feature flags", h20A("quiet_hours", true), h20A("tenant_rate_limits", true), h20A("grpc_reflection", false))
	}
	h.emit(tr, next(60, 220), p, "INFO", "templates loaded", h20A("count", 142), h20A("locales", 9), h20A("took", h.ms(90, 0.4)))
	h.emit(tr, next(2, 10), p, "INFO", "grpc server listening", h20A("addr", ":9090"))
	h.emit(tr, next(1, 5), p, "INFO", "http server listening", h20A("addr", ":8080"))
	h.emit(tr, next(1, 8), p, "INFO", "workers started", h20A("email", 8), h20A("sms", 4), h20A("push", 16))
}

func (h *h20Log) shutdown(tr h20Tr, p *h20Pod, at time.Time) {
	t := at
	next := func(lo, hi float64) time.Time {
		t = t.Add(h.span(lo/1000, hi/1000))
		return t
	}
	h.emit(tr, t, p, "INFO", "shutdown signal received", h20A("signal", "terminated"))
	h.emit(tr, next(0.1, 1), p, "INFO", "http server shutting down", h20A("grace_period", 25*time.Second))
	h.emit(tr, next(1, 5), p, "INFO", "stopping consumers", h20A("consumers", 3))
	inflight := h.in(0, 9)
	h.emit(tr, next(1, 4), p, "INFO", "waiting for in-flight messages", h20A("inflight", inflight))
	next(float64(inflight)*200, float64(inflight)*600+300)
	h.emit(tr, t, p, "INFO", "grpc server stopped")
	h.emit(tr, next(2, 20), p, "INFO", "shutdown complete", h20A("took", t.Sub(at)))
}

// ---- traffic ----

func (h *h20Log) traffic() {
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

func (h *h20Log) arrivals(from, to time.Time, rate func(time.Time) float64, fn func(time.Time)) {
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

func (h *h20Log) pgLocked(t time.Time) bool { return !t.Before(h.tC) && t.Before(h.tC2) }

// slowdown is how much slower the leaking pod is at t as its GC thrashes.
func (h *h20Log) slowdown(p *h20Pod, t time.Time) (float64, h20Tr) {
	if p.leak && !t.Before(h.tOOM.Add(-4*time.Minute)) {
		x := float64(t.Sub(h.tOOM.Add(-4*time.Minute))) / float64(4*time.Minute)
		return 1.5 + 5*x*x, h20Inc(h20Leak)
	}
	return 1, h20Tr{}
}

func (h *h20Log) newNotif(t time.Time, tenant string, ch int, tr h20Tr) *h20Notif {
	n := &h20Notif{id: h.ulid(t), tenant: tenant, ch: ch, at: t, tr: tr, trace: h.hex(32)}
	n.tmpl = h20Templates[ch][h.r.IntN(len(h20Templates[ch]))]
	if ch == h20Push {
		n.push = "fcm"
		if h.chance(0.4) {
			n.push = "apns"
		}
	}
	return n
}

// storeFails writes what a create request that hit the Postgres lock at t shows, and
// reports whether it failed (else it waited and succeeded when the lock was released).
func (h *h20Log) storeFails(p *h20Pod, t time.Time, tenant string, n *h20Notif) (bool, time.Duration) {
	if !h.pgLocked(t) {
		return false, 0
	}
	if h.tC2.Sub(t) < 5*time.Second {
		d := h.tC2.Sub(t) + h.ms(8, 0.4)
		h.emit(h20Inc(h20PgLock), t.Add(d-h.ms(1, 0.3)), p, "WARN", "slow query", h20G("db", h20A("sql", "INSERT INTO notifications (id, tenant_id, channel, template, recipient, payload, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'queued', now())"), h20A("duration_ms", h20Ms(d)), h20A("rows", 1)), h20A("trace_id", n.trace))
		return false, d
	}
	err := "insert notification: timeout: context deadline exceeded"
	if t.Sub(h.tC) > 20*time.Second && h.chance(0.7) {
		err = "insert notification: acquire connection: context deadline exceeded"
	}
	h.emit(h20Inc(h20PgLock), t.Add(5*time.Second+h.ms(0.4, 0.5)), p, "ERROR", "failed to store notification", h20A("tenant", tenant), h20A("channel", h20Chan[n.ch]), h20A("err", err), h20A("trace_id", n.trace))
	return true, 5*time.Second + h.ms(0.9, 0.4)
}

func (h *h20Log) access(tr h20Tr, p *h20Pod, t time.Time, d time.Duration, method, path string, status, bytes int, tenant, trace string, extra ...h20KV) {
	lvl := "INFO"
	switch {
	case status >= 500:
		lvl = "ERROR"
	case status >= 400:
		lvl = "WARN"
	}
	kvs := []h20KV{h20G("http", h20A("method", method), h20A("path", path), h20A("status", status), h20A("duration_ms", h20Ms(d)), h20A("bytes", bytes), h20A("remote_ip", h20Ingress[h.r.IntN(len(h20Ingress))]))}
	if tenant != "" {
		kvs = append(kvs, h20A("tenant", tenant), h20A("key_id", h.keyIDs[tenant]))
	}
	kvs = append(kvs, h20A("trace_id", trace))
	kvs = append(kvs, extra...)
	h.emit(tr, t.Add(d), p, lvl, "request completed", kvs...)
}

func (h *h20Log) apiCreate(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	n := h.newNotif(t, tenant, h.channel(), h20Tr{})
	f, tr := h.slowdown(p, t)
	h.dbg(tr, t, p, "request received", h20A("method", "POST"), h20A("path", "/v1/notifications"), h20A("content_length", h.in(180, 900)), h20A("trace_id", n.trace))
	d := time.Duration(float64(h.ms(9, 0.45)) * f)
	switch x := h.f(); {
	case x < 0.002:
		h.access(tr, p, t, h.ms(2, 0.3), "POST", "/v1/notifications", 401, 61, "", n.trace, h20A("err", "invalid api key"), h20A("key_prefix", "nk_live_"+h.hex(4)))
		return
	case x < 0.014:
		errs := []string{
			`recipient.email: invalid address "` + h.chars("abcdefghijklmnopqrstuvwxyz", h.in(4, 9)) + `@` + []string{"gmial.com", "example", "hotmail.con", "gmail,com"}[h.r.IntN(4)] + `"`,
			`recipient.phone: not an E.164 number`,
			`template "` + n.tmpl + `_v` + strconv.Itoa(h.in(2, 4)) + `" not found for channel ` + h20Chan[n.ch],
			`data.eta: required by template "` + n.tmpl + `"`,
		}
		h.access(tr, p, t, h.ms(3, 0.4), "POST", "/v1/notifications", 422, h.in(90, 160), tenant, n.trace, h20A("err", errs[h.r.IntN(len(errs))]))
		return
	case x < 0.017:
		d := h.span(0.8, 12)
		h.access(tr, p, t, d, "POST", "/v1/notifications", 499, 0, tenant, n.trace, h20A("err", "context canceled"))
		return
	case x < 0.023:
		key := h.hex(16)
		h.emit(tr, t.Add(d-h.ms(0.5, 0.3)), p, "INFO", "duplicate notification suppressed", h20A("tenant", tenant), h20A("idempotency_key", key), h20A("existing_id", h.ulid(t.Add(-h.span(2, 600)))), h20A("trace_id", n.trace))
		h.access(tr, p, t, d, "POST", "/v1/notifications", 200, 87, tenant, n.trace)
		return
	}
	if fail, wait := h.storeFails(p, t, tenant, n); fail {
		h.access(h20Inc(h20PgLock), p, t, wait, "POST", "/v1/notifications", 503, 74, tenant, n.trace, h20A("err", "store unavailable"))
		return
	} else if wait > 0 {
		d, tr = wait, h20Inc(h20PgLock)
	}
	h.dbg(tr, t.Add(d/2), p, "db query", h20A("sql", "INSERT INTO notifications"), h20A("duration_ms", h20Ms(d/3)), h20A("rows", 1))
	h.access(tr, p, t, d, "POST", "/v1/notifications", 202, 87, tenant, n.trace)
	h.enqueue(n, t.Add(d))
}

func (h *h20Log) grpcSend(t time.Time) {
	p := h.pick(t)
	client := h20GRPCClients[h.r.IntN(len(h20GRPCClients))]
	n := h.newNotif(t, h.tenant(), h.channel(), h20Tr{})
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
	var extra []h20KV
	if code == "OK" {
		if fail, wait := h.storeFails(p, t, n.tenant, n); fail {
			code, d, tr = "DeadlineExceeded", wait, h20Inc(h20PgLock)
		} else if wait > 0 {
			d, tr = wait, h20Inc(h20PgLock)
		}
	}
	lvl := "INFO"
	switch code {
	case "InvalidArgument", "AlreadyExists", "Canceled":
		lvl = "WARN"
		extra = append(extra, h20A("err", map[string]string{"InvalidArgument": "recipient: user " + "usr_" + strconv.Itoa(h.in(1000000, 9999999)) + " has no " + h20Chan[n.ch] + " address", "AlreadyExists": "idempotency key already used", "Canceled": "context canceled"}[code]))
	case "DeadlineExceeded":
		lvl = "ERROR"
		extra = append(extra, h20A("err", "store notification: context deadline exceeded"))
	}
	kvs := []h20KV{h20G("grpc", h20A("method", "/notify.v1.Notifier/Send"), h20A("code", code), h20A("duration_ms", h20Ms(d)), h20A("peer", fmt.Sprintf("10.42.%d.%d:%d", h.r.IntN(6), h.in(2, 250), h.in(32768, 60999)))), h20A("client", client), h20A("tenant", n.tenant), h20A("trace_id", n.trace)}
	h.emit(tr, t.Add(d), p, lvl, "grpc call", append(kvs, extra...)...)
	if code == "OK" {
		h.enqueue(n, t.Add(d))
	}
}

func (h *h20Log) batch(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	k := h.in(5, 80)
	ch := h.channel()
	trace := h.hex(32)
	f, tr := h.slowdown(p, t)
	d := time.Duration(float64(h.ms(25+float64(k)*0.6, 0.35)) * f)
	probe := h.newNotif(t, tenant, ch, h20Tr{})
	probe.trace = trace
	if fail, wait := h.storeFails(p, t, tenant, probe); fail {
		h.access(h20Inc(h20PgLock), p, t, wait, "POST", "/v1/notifications/batch", 503, 74, tenant, trace, h20A("err", "store unavailable"))
		return
	} else if wait > 0 {
		d, tr = wait, h20Inc(h20PgLock)
	}
	h.access(tr, p, t, d, "POST", "/v1/notifications/batch", 202, 40+k*29, tenant, trace, h20A("accepted", k))
	tmpl := h20Templates[ch][h.r.IntN(len(h20Templates[ch]))]
	for i := 0; i < k; i++ {
		n := h.newNotif(t.Add(d), tenant, ch, h20Tr{})
		n.tmpl, n.trace = tmpl, trace
		h.enqueue(n, t.Add(d+time.Duration(i)*h.ms(9, 0.4)))
	}
}

func (h *h20Log) getStatus(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	f, tr := h.slowdown(p, t)
	d := time.Duration(float64(h.ms(3.5, 0.5)) * f)
	path := "/v1/notifications/" + h.ulid(t.Add(-h.span(1, 1800)))
	trace := h.hex(32)
	if h.pgLocked(t) && t.Sub(h.tC) > 30*time.Second && h.chance(0.5) {
		h.emit(h20Inc(h20PgLock), t.Add(5*time.Second), p, "ERROR", "failed to load notification", h20A("tenant", tenant), h20A("err", "get notification: acquire connection: context deadline exceeded"), h20A("trace_id", trace))
		h.access(h20Inc(h20PgLock), p, t, 5*time.Second+h.ms(0.6, 0.3), "GET", path, 503, 74, tenant, trace, h20A("err", "store unavailable"))
		return
	}
	h.dbg(tr, t.Add(d/2), p, "db query", h20A("sql", "SELECT id, status, channel, attempts, updated_at FROM notifications WHERE tenant_id = $1 AND id = $2"), h20A("duration_ms", h20Ms(d/3)), h20A("rows", 1))
	if h.chance(0.035) {
		h.access(tr, p, t, d, "GET", path, 404, 58, tenant, trace, h20A("err", "notification not found"))
		return
	}
	h.access(tr, p, t, d, "GET", path, 200, h.in(240, 420), tenant, trace)
}

func (h *h20Log) prefs(t time.Time) {
	p := h.pick(t)
	tenant := h.tenant()
	f, tr := h.slowdown(p, t)
	path := "/v1/users/usr_" + strconv.Itoa(h.in(1000000, 9999999)) + "/preferences"
	if h.chance(0.35) {
		if h.pgLocked(t) {
			h.access(h20Inc(h20PgLock), p, t, 5*time.Second+h.ms(0.6, 0.3), "PUT", path, 503, 74, tenant, h.hex(32), h20A("err", "store unavailable"))
			return
		}
		h.access(tr, p, t, time.Duration(float64(h.ms(6, 0.4))*f), "PUT", path, 204, 0, tenant, h.hex(32))
		return
	}
	h.access(tr, p, t, time.Duration(float64(h.ms(3, 0.4))*f), "GET", path, 200, h.in(180, 260), tenant, h.hex(32))
}

func (h *h20Log) sendgridHook(t time.Time) {
	p := h.pick(t)
	f, tr := h.slowdown(p, t)
	if !t.Before(h.campaign.start) && t.Before(h.campaign.start.Add(40*time.Minute)) && h.chance(0.5) {
		tr = h.campaign
	}
	events := h.in(3, 40)
	d := time.Duration(float64(h.ms(4+float64(events)*0.3, 0.4)) * f)
	h.access(tr, p, t, d, "POST", "/v1/webhooks/sendgrid", 200, 2, "", h.hex(32), h20A("events", events))
	bounce := 0.04
	if tr.chg == h20Campaign {
		bounce = 0.3
	}
	if h.chance(bounce) {
		reasons := []string{
			"550 5.1.1 The email account that you tried to reach does not exist.",
			"550 5.1.1 <" + h.chars("abcdefghijklmnopqrstuvwxyz", 1) + "***@outlook.com>: Recipient address rejected: User unknown",
			"552 5.2.2 The email account that you tried to reach is over quota.",
		}
		tenant := h.tenant()
		if tr.chg == h20Campaign {
			tenant = "shopwave"
		}
		h.emit(tr, t.Add(d/2), p, "WARN", "email bounced", h20A("notification_id", h.ulid(t.Add(-h.span(5, 600)))), h20A("tenant", tenant), h20A("reason", reasons[h.r.IntN(len(reasons))]), h20A("suppressed", true))
	}
}

func (h *h20Log) slowQuery(t time.Time) {
	p := h.pick(t)
	q := []string{
		"SELECT id, status, channel, attempts, updated_at FROM notifications WHERE tenant_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT 100",
		"UPDATE notifications SET status = $1, provider_message_id = $2, sent_at = now() WHERE id = $3",
		"SELECT channel, enabled, quiet_from, quiet_to FROM user_preferences WHERE tenant_id = $1 AND user_id = $2",
	}[h.r.IntN(3)]
	h.emit(h20Tr{}, t, p, "WARN", "slow query", h20G("db", h20A("sql", q), h20A("duration_ms", h20Ms(h.ms(420, 0.5))), h20A("rows", h.in(0, 100))))
}

func (h *h20Log) redisTimeout(t time.Time) {
	p := h.pick(t)
	h.emit(h20Tr{}, t, p, "WARN", "dedup check failed, continuing without dedup", h20A("notification_id", h.ulid(t.Add(-h.span(0.1, 1)))),
		h20A("err", fmt.Sprintf("read tcp 10.42.%d.%d:%d->10.43.18.7:6379: i/o timeout", h.r.IntN(6), h.in(2, 250), h.in(32768, 60999))))
}

// ---- delivery ----

// enqueue publishes a notification; a worker picks it up a moment later.
func (h *h20Log) enqueue(n *h20Notif, t time.Time) {
	h.deliver(n, t.Add(h.ms(110, 0.6)), 1)
}

// seqAt is about the stream sequence of a message published at t.
func (h *h20Log) seqAt(t time.Time) int {
	return h.seq0 + int(t.Sub(h.start).Seconds()*9.6) + h.in(-40, 40)
}

func (h *h20Log) provider(n *h20Notif) string {
	switch n.ch {
	case h20Email:
		return "sendgrid"
	case h20SMS:
		return "twilio"
	}
	return n.push
}

func (h *h20Log) nKV(n *h20Notif, attempt int) h20KV {
	return h20G("notification", h20A("id", n.id), h20A("tenant", n.tenant), h20A("channel", h20Chan[n.ch]), h20A("template", n.tmpl), h20A("attempt", attempt))
}

func (h *h20Log) provKV(name string, status int, lat time.Duration, extra ...h20KV) h20KV {
	return h20G("provider", append([]h20KV{h20A("name", name), h20A("status", status), h20A("latency_ms", h20Ms(lat))}, extra...)...)
}

var h20Lat = map[string][2]float64{"sendgrid": {95, 0.4}, "twilio": {180, 0.35}, "fcm": {45, 0.45}, "apns": {30, 0.5}}

// twilioHeld reports whether an SMS taken by p at t waits for the breaker to close.
func (h *h20Log) twilioHeld(p *h20Pod, t time.Time) bool {
	return !p.brOpen.IsZero() && !t.Before(p.brOpen) && t.Before(p.brClose)
}

// deliver is a worker taking message n at t for its attempt-th send.
func (h *h20Log) deliver(n *h20Notif, t time.Time, attempt int) {
	if !t.Before(h.end) {
		return
	}
	p := h.pick(t)
	tr := n.tr
	prov := h.provider(n)
	jet := h20G("jetstream", h20A("stream", h20Stream), h20A("consumer", "dispatch-"+h20Chan[n.ch]), h20A("stream_seq", h.seqAt(t)), h20A("delivered", 1))
	// Twilio failing: the pod's breaker is open (the message waits in the stream) or
	// the send gets a 503 and is requeued.
	if n.ch == h20SMS && !t.Before(h.tB2) && (h.twilioHeld(p, t) || (!p.brOpen.IsZero() && t.Before(p.brOpen))) {
		n.tr = h20Inc(h20Twilio)
		n.held = attempt
		if t.Before(p.brOpen) {
			n.held++
			lat := h.ms(350, 0.4)
			h.emit(n.tr, t.Add(lat), p, "WARN", "provider send failed, requeued", h.nKV(n, attempt), h.provKV("twilio", 503, lat), h20A("err", "twilio: unexpected status 503 Service Unavailable"), h20A("retry_in", 30*time.Second), h20A("trace_id", n.trace))
			p.retried = append(p.retried, t.Add(lat))
		}
		h.backlog = append(h.backlog, n)
		return
	}
	h.dbg(tr, t, p, "message received", jet, h20A("notification_id", n.id))
	if n.tr.inc == "" && n.tr.chg == "" && p.ver == h20NewVer && n.ch != h20Email && h.chance(0.018) {
		tz := []string{"Australia/Sydney", "Pacific/Noumea", "Pacific/Fiji", "Pacific/Auckland"}[h.r.IntN(4)]
		loc := map[string]int{"Australia/Sydney": 11, "Pacific/Noumea": 11, "Pacific/Fiji": 12, "Pacific/Auckland": 13}[tz]
		wake := time.Date(2024, 10, 15, 7, 0, 0, 0, time.UTC).Add(time.Duration(24-loc) * time.Hour)
		h.emit(h.deploy, t.Add(h.ms(2, 0.4)), p, "INFO", "notification deferred: recipient quiet hours", h.nKV(n, attempt), h20A("recipient_tz", tz), h20A("deliver_at", wake), h20A("trace_id", n.trace))
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
	med := h20Lat[prov]
	lat := time.Duration(float64(h.ms(med[0], med[1])) * f)
	if n.ch == h20SMS && !t.Before(h.tB1) && t.Before(h.tB2) {
		tr = h20Inc(h20Twilio)
		lat = time.Duration(float64(lat) * h.logn(8, 0.35))
		if lat > 10*time.Second || h.chance(0.12) {
			lat = 10*time.Second + h.ms(2, 0.5)
			h.emit(tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV("twilio", 0, lat),
				h20A("err", `Post "https://api.twilio.com/2010-04-01/Accounts/AC3f9a1c27d04e5b88c1e2a6f07b9d4e21/Messages.json": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`), h20A("retry_in", time.Second*time.Duration(attempt)), h20A("trace_id", n.trace))
			p.retried = append(p.retried, t.Add(lat))
			n.tr = tr
			h.deliver(n, t.Add(lat+time.Second*time.Duration(attempt)), attempt+1)
			return
		}
	}
	// the leaking pod's APNs connection
	if p.leak && prov == "apns" && !t.Before(h.tD) && t.Before(h.tOOM) && h.chance(0.12+0.3*float64(t.Sub(h.tD))/float64(h.tOOM.Sub(h.tD))) {
		tr = h20Inc(h20Leak)
		lat = 10*time.Second + h.ms(3, 0.5)
		h.emit(tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV("apns", 0, lat),
			h20A("err", `Post "https://api.push.apple.com/3/device/`+h.hex(16)+`...": context deadline exceeded`), h20A("retry_in", time.Second), h20A("trace_id", n.trace))
		p.retried = append(p.retried, t.Add(lat))
		n.tr = tr
		h.deliver(n, t.Add(lat+time.Second), attempt+1)
		return
	}
	h.dbg(tr, t.Add(h.ms(0.3, 0.4)), p, "template rendered", h20A("template", n.tmpl), h20A("locale", []string{"en-GB", "de-DE", "nl-NL", "fr-FR"}[h.r.IntN(4)]), h20A("cache", "hit"), h20A("render_us", h.in(40, 400)))
	h.dbg(tr, t.Add(h.ms(0.8, 0.4)), p, "provider request", h20A("provider", prov), h20A("url", map[string]string{"sendgrid": "https://api.sendgrid.com/v3/mail/send", "twilio": "https://api.twilio.com/2010-04-01/Accounts/AC3f9a1c27d04e5b88c1e2a6f07b9d4e21/Messages.json", "fcm": "https://fcm.googleapis.com/v1/projects/parcelly-prod/messages:send", "apns": "https://api.push.apple.com/3/device/..."}[prov]))
	end := t.Add(lat)
	if h.routineFailure(n, p, end, lat, attempt, tr) {
		return
	}
	h.sent(n, p, t, end, lat, attempt, tr)
}

// routineFailure writes the provider's everyday rejections and transient errors.
func (h *h20Log) routineFailure(n *h20Notif, p *h20Pod, end time.Time, lat time.Duration, attempt int, tr h20Tr) bool {
	x := h.f()
	camp := n.campaign
	reject := func(prov string, status int, err string, extra ...h20KV) {
		h.emit(tr, end, p, "WARN", "notification rejected by provider", h.nKV(n, attempt), h.provKV(prov, status, lat, extra...), h20A("err", err), h20A("trace_id", n.trace))
		p.failed[n.ch] = append(p.failed[n.ch], end)
	}
	retry := func(prov string, status int, err string, in time.Duration) {
		h.emit(tr, end, p, "WARN", "provider send failed, will retry", h.nKV(n, attempt), h.provKV(prov, status, lat), h20A("err", err), h20A("retry_in", in), h20A("trace_id", n.trace))
		p.retried = append(p.retried, end)
		h.deliver(n, end.Add(in), attempt+1)
	}
	switch h.provider(n) {
	case "twilio":
		switch {
		case x < 0.012:
			reject("twilio", 400, "The 'To' number "+h.phone()+" is not a valid phone number.", h20A("code", 21211))
		case x < 0.016:
			reject("twilio", 400, "Attempt to send to unsubscribed recipient", h20A("code", 21610))
		case x < 0.018:
			reject("twilio", 400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +880*******"+strconv.Itoa(h.in(100, 999)), h20A("code", 21408))
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
			h.emit(tr, end, p, "WARN", "push token unregistered, removed from user devices", h.nKV(n, attempt), h.provKV("fcm", 404, lat), h20A("err", "UNREGISTERED"), h20A("token", h.chars(h20Alnum, 11)+"..."), h20A("trace_id", n.trace))
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
			h.emit(tr, end, p, "WARN", "push token unregistered, removed from user devices", h.nKV(n, attempt), h.provKV("apns", status, lat, h20A("apns_id", strings.ToUpper(h.uuid()))), h20A("err", reason), h20A("token", h.hex(12)+"..."), h20A("trace_id", n.trace))
			p.failed[n.ch] = append(p.failed[n.ch], end)
		default:
			return false
		}
	}
	return true
}

// sent writes the send and what follows it: the DEBUG lines, Twilio's callback.
func (h *h20Log) sent(n *h20Notif, p *h20Pod, t, end time.Time, lat time.Duration, attempt int, tr h20Tr) {
	prov := h.provider(n)
	var id string
	status := 200
	switch prov {
	case "sendgrid":
		id, status = h.chars(h20Alnum, 22), 202
	case "twilio":
		id, status = "SM"+h.hex(32), 201
	case "fcm":
		id = "projects/parcelly-prod/messages/0:" + strconv.FormatInt(end.UnixMicro(), 10) + "%" + h.hex(16)
	case "apns":
		id = strings.ToUpper(h.uuid())
	}
	queued := t.Sub(n.at)
	h.emit(tr, end.Add(h.ms(1.2, 0.4)), p, "INFO", "notification sent", h.nKV(n, attempt), h.provKV(prov, status, lat, h20A("message_id", id)), h20A("queued_ms", math.Round(h20Ms(queued)*10)/10), h20A("trace_id", n.trace))
	h.dbg(tr, end.Add(h.ms(1.6, 0.4)), p, "dedup key set", h20A("key", "sent:"+n.id), h20A("ttl", 72*time.Hour))
	h.dbg(tr, end.Add(h.ms(2.2, 0.4)), p, "message acked", h20A("consumer", "dispatch-"+h20Chan[n.ch]), h20A("notification_id", n.id))
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
		h.access(ctr, q, cb, h.ms(3, 0.4), "POST", "/v1/webhooks/twilio/status", 204, 0, "", h.hex(32), h20A("sid", id), h20A("message_status", st))
		if st == "undelivered" {
			code := []int{30003, 30005, 30006, 30008}[h.r.IntN(4)]
			h.emit(ctr, cb.Add(h.ms(2, 0.4)), q, "WARN", "sms undelivered", h20A("notification_id", n.id), h20A("tenant", n.tenant), h20G("twilio", h20A("sid", id), h20A("status", st), h20A("error_code", code)))
		}
	}
}

// pgDeliver: a worker takes a message while Postgres writes are blocked. Early on it
// sends and cannot record the send; once the pool is exhausted it cannot load the
// notification. Either way the message is nak'd and comes back.
func (h *h20Log) pgDeliver(n *h20Notif, p *h20Pod, t time.Time, attempt int) {
	tr := h20Inc(h20PgLock)
	n.tr = tr
	prov := h.provider(n)
	if t.Sub(h.tC) < 25*time.Second && attempt == 1 {
		med := h20Lat[prov]
		lat := h.ms(med[0], med[1])
		end := t.Add(lat + 10*time.Second)
		h.emit(tr, end, p, "ERROR", "failed to record delivery", h.nKV(n, attempt), h.provKV(prov, 200, lat), h20A("err", "update notification status: timeout: context deadline exceeded"), h20A("action", "nak"), h20A("trace_id", n.trace))
		p.sent[n.ch] = append(p.sent[n.ch], end)
		h.redeliverRecorded(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
		return
	}
	end := t.Add(10*time.Second + h.ms(1, 0.4))
	h.emit(tr, end, p, "ERROR", "failed to load notification", h.nKV(n, attempt), h20A("err", "load notification: acquire connection: context deadline exceeded"), h20A("action", "nak"), h20A("trace_id", n.trace))
	p.retried = append(p.retried, end)
	h.deliver(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
}

// redeliverRecorded is a message sent but not recorded coming back: its dedup key says
// it went out, so only its status is written.
func (h *h20Log) redeliverRecorded(n *h20Notif, t time.Time, attempt int) {
	tr := h20Inc(h20PgLock)
	p := h.pick(t)
	if h.pgLocked(t) {
		end := t.Add(10*time.Second + h.ms(1, 0.4))
		h.emit(tr, end, p, "ERROR", "failed to record delivery", h.nKV(n, attempt), h20A("dedup", "hit"), h20A("err", "update notification status: timeout: context deadline exceeded"), h20A("action", "nak"), h20A("trace_id", n.trace))
		h.redeliverRecorded(n, end.Add(15*time.Second+h.ms(300, 0.5)), attempt+1)
		return
	}
	h.emit(tr, t.Add(h.ms(4, 0.5)), p, "INFO", "notification already sent, status recorded", h.nKV(n, attempt), h20A("dedup", "hit"), h20A("trace_id", n.trace))
}

// ---- campaign ----

func (h *h20Log) campaignLines() {
	tr := h.campaign
	t := tr.start
	id := "cmp_" + h.hex(8)
	var queue []*h20Notif
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
		h.access(tr, p, t, d, "POST", "/v1/notifications/batch", 202, 40+k*29, "shopwave", trace, h20A("accepted", k), h20A("campaign_id", id))
		for j := 0; j < k; j++ {
			ch := h20Push
			if h.chance(0.25) {
				ch = h20Email
			}
			n := h.newNotif(t.Add(d), "shopwave", ch, tr)
			n.tmpl, n.trace, n.campaign = "autumn_sale_2024", trace, true
			queue = append(queue, n)
			h.campEnq = append(h.campEnq, n.at)
		}
	}
	// sent at the tenant's limit of 15 a second
	s := tr.start.Add(time.Second)
	warned := map[*h20Pod]time.Time{}
	for _, n := range queue {
		s = s.Add(time.Duration(h.r.ExpFloat64() / 15 * float64(time.Second)))
		at := s
		if at.Before(n.at) {
			at = n.at.Add(h.ms(100, 0.5))
		}
		p := h.pick(at)
		if last, ok := warned[p]; (!ok || at.Sub(last) > 60*time.Second) && at.Sub(n.at) > 5*time.Second {
			warned[p] = at
			h.emit(tr, at.Add(-h.ms(5, 0.5)), p, "WARN", "tenant rate limit reached, throttling", h20A("tenant", "shopwave"), h20A("limit_per_s", 15), h20A("channel", h20Chan[n.ch]), h20A("waiting", h.in(20, 28*4)))
		}
		h.campDeq = append(h.campDeq, at)
		h.deliver(n, at, 1)
	}
}

// ---- incidents ----

func (h *h20Log) poison() {
	tr := h20Inc(h20Poison)
	seq := h.seqAt(h.poisonAt.Add(-h.span(0.1, 0.5)))
	id := h.ulid(h.poisonAt.Add(-h.span(0.1, 0.5)))
	trace := h.hex(32)
	t := h.poisonAt
	for k := 1; t.Before(h.poisonEnd); k++ {
		p := h.pick(t)
		jet := h20G("jetstream", h20A("stream", h20Stream), h20A("consumer", "dispatch-sms"), h20A("subject", "notify.sms.legacy-erp"), h20A("stream_seq", seq), h20A("delivered", k))
		h.emit(tr, t, p, "ERROR", "failed to decode message", jet, h20A("msg_id", id), h20A("err", "json: cannot unmarshal number into Go struct field Recipient.recipient.phone of type string"), h20A("trace_id", trace))
		h.emit(tr, t.Add(h.ms(0.6, 0.4)), p, "WARN", "message nak'd", jet, h20A("msg_id", id), h20A("delay", 5*time.Second))
		t = t.Add(5*time.Second + h.ms(40, 0.8))
	}
}

func (h *h20Log) twilioLines() {
	tr := h20Inc(h20Twilio)
	for _, p := range h.pods {
		if p.brOpen.IsZero() {
			continue
		}
		h.emit(tr, p.brOpen, p, "WARN", "circuit breaker opened", h20G("breaker", h20A("name", "twilio"), h20A("consecutive_failures", 5), h20A("open_for", 30*time.Second)))
		h.emit(tr, p.brOpen.Add(h.ms(0.4, 0.4)), p, "WARN", "consumer paused", h20A("consumer", "dispatch-sms"), h20A("reason", "circuit breaker open"))
		for i, x := range p.probes {
			h.emit(tr, x, p, "INFO", "circuit breaker half-open", h20G("breaker", h20A("name", "twilio")))
			lat := h.ms(300, 0.4)
			if i == len(p.probes)-1 {
				h.emit(tr, x.Add(lat), p, "INFO", "circuit breaker closed", h20G("breaker", h20A("name", "twilio"), h20A("probe_latency_ms", h20Ms(lat))))
				h.emit(tr, x.Add(lat+h.ms(0.5, 0.4)), p, "INFO", "consumer resumed", h20A("consumer", "dispatch-sms"), h20A("pending", h.smsPending(x)))
				break
			}
			h.emit(tr, x.Add(lat), p, "WARN", "provider send failed", h20G("breaker", h20A("name", "twilio"), h20A("probe", true)), h.provKV("twilio", 503, lat), h20A("err", "twilio: unexpected status 503 Service Unavailable"))
			h.emit(tr, x.Add(lat+h.ms(0.2, 0.4)), p, "WARN", "circuit breaker opened", h20G("breaker", h20A("name", "twilio"), h20A("consecutive_failures", 1), h20A("open_for", 30*time.Second)))
		}
	}
}

// smsPending is the backlog held for Twilio at t, approximately (before drain).
func (h *h20Log) smsPending(t time.Time) int {
	n := 0
	for _, b := range h.backlog {
		if !b.at.After(t) {
			n++
		}
	}
	return n
}

// drain sends the SMS held while Twilio was down, at 12 a second, once the breakers close.
func (h *h20Log) drain() {
	slices.SortStableFunc(h.backlog, func(a, b *h20Notif) int { return a.at.Compare(b.at) })
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
			h.emit(n.tr, t.Add(lat), p, "WARN", "provider send failed, will retry", h.nKV(n, n.held), h.provKV("twilio", 429, lat), h20A("err", "twilio: 20429 Too Many Requests"), h20A("retry_in", 2*time.Second), h20A("trace_id", n.trace))
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
func (h *h20Log) leakLines() {
	tr := h20Inc(h20Leak)
	back := h.tOOM.Add(30 * time.Second)
	for i, k := 0, h.in(8, 22); i < k; i++ {
		n := h.newNotif(h.tOOM.Add(-h.span(0.2, 12)), h.tenant(), h.channel(), tr)
		p := h.pick(back)
		for p.leak {
			p = h.pick(back)
		}
		prov := h.provider(n)
		at := back.Add(h.span(0, 1.5))
		lat := h.ms(h20Lat[prov][0], h20Lat[prov][1])
		h.sent(n, p, at, at.Add(lat), lat, 2, tr)
	}
}

// ---- periodic lines ----

func (h *h20Log) count(ts []time.Time, from, to time.Time) int {
	a := sort.Search(len(ts), func(i int) bool { return !ts[i].Before(from) })
	b := sort.Search(len(ts), func(i int) bool { return ts[i].After(to) })
	return max(0, b-a)
}

func (h *h20Log) upTo(ts []time.Time, t time.Time) int {
	return sort.Search(len(ts), func(i int) bool { return ts[i].After(t) })
}

func (h *h20Log) pgBacklog(t time.Time) int {
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
func (h *h20Log) gaugeTr(t time.Time) h20Tr {
	switch {
	case !t.Before(h.tB2) && t.Before(h.drainEnd.Add(30*time.Second)):
		return h20Inc(h20Twilio)
	case !t.Before(h.tC) && t.Before(h.tC2.Add(60*time.Second)):
		return h20Inc(h20PgLock)
	case h.upTo(h.campEnq, t)-h.upTo(h.campDeq, t) > 100:
		return h.campaign
	}
	return h20Tr{}
}

func (h *h20Log) pending(t time.Time) [3]int {
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

func (h *h20Log) periodic() {
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
	leader := func(t time.Time) *h20Pod {
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
		h.emit(h20Tr{}, at, p, "INFO", "cleanup job started", h20A("job", "cleanup"), h20A("retention", 720*time.Hour))
		if h.pgLocked(at) || h.pgLocked(at.Add(30*time.Second)) {
			h.emit(h20Inc(h20PgLock), at.Add(30*time.Second+h.ms(2, 0.4)), p, "ERROR", "cleanup job failed", h20A("job", "cleanup"), h20A("err", "delete expired notifications: timeout: context deadline exceeded"))
			continue
		}
		d := h.ms(1800, 0.35)
		h.emit(h20Tr{}, at.Add(d), p, "INFO", "cleanup job finished", h20A("job", "cleanup"), h20G("deleted", h20A("notifications", h.in(9000, 16000)), h20A("delivery_attempts", h.in(12000, 21000)), h20A("dedup_keys", h.in(100, 900))), h20A("duration_ms", h20Ms(d)))
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
			if tr.inc == h20Twilio && c != h20SMS || tr.chg == h20Campaign && c == h20SMS {
				ctr = h20Tr{}
			}
			redel := 0
			if h.chance(0.3) {
				redel = h.in(1, 3)
			}
			h.emit(ctr, at.Add(time.Duration(c)*h.ms(1, 0.3)), p, "INFO", "jetstream consumer info", h20G("jetstream", h20A("stream", h20Stream), h20A("consumer", "dispatch-"+h20Chan[c]), h20A("num_pending", pend[c]), h20A("num_ack_pending", h.in(0, 6)+min(pend[c], []int{64, 16, 128}[c])), h20A("num_redelivered", redel)))
		}
	}
}

func (h *h20Log) podStats(p *h20Pod) {
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
			tr = h20Inc(h20Leak)
		}
		var sent, failed [3]int
		for c := 0; c < 3; c++ {
			sent[c] = pre[c] + h.count(p.sent[c], from, at)
			failed[c] = preFailed[c] + h.count(p.failed[c], from, at)
		}
		pend := h.pending(at)
		h.emit(tr, at, p, "INFO", "dispatch stats",
			h20G("sent", h20A("email", sent[0]), h20A("sms", sent[1]), h20A("push", sent[2])),
			h20G("failed", h20A("email", failed[0]), h20A("sms", failed[1]), h20A("push", failed[2])),
			h20A("retried", retried+h.count(p.retried, from, at)),
			h20A("inflight", h.in(0, 4)+int(h.logn(2*l, 0.6))),
			h20G("pending", h20A("email", pend[0]), h20A("sms", pend[1]), h20A("push", pend[2])),
			h20A("goroutines", int(gor)), h20A("heap_mb", math.Round(heap*10)/10), h20A("uptime_s", int(at.Sub(p.boot).Seconds())))
		if heap > 410 {
			h.emit(tr, at.Add(h.ms(0.3, 0.3)), p, "WARN", "memory usage high", h20A("heap_mb", math.Round(heap*10)/10), h20A("limit_mb", 512), h20A("goroutines", int(gor)), h20A("gc_cpu_fraction", math.Round((0.05+0.4*(heap-410)/100)*1000)/1000))
		}
		// db pool every minute, templates every 5
		k := int(at.Sub(first) / (30 * time.Second))
		if k%2 == 1 {
			ptr := tr
			if ptr.inc == h20Leak || ptr.inc == h20Twilio || ptr.chg == h20Campaign {
				ptr = h20Tr{}
			}
			acq += int(h.logn(260*l, 0.15))
			a, total := int(h.logn(2*l, 0.5)), h.in(5, 9)
			a = min(a, total)
			wait := h20Ms(h.ms(0.4, 0.6))
			empty := 0
			if h.pgLocked(at) || (!at.Before(h.tC) && at.Before(h.tC2.Add(20*time.Second))) {
				ptr = h20Inc(h20PgLock)
				a, total = 20, 20
				wait = h20Ms(h.ms(4100, 0.2))
				empty = h.in(150, 400)
			}
			h.emit(ptr, at.Add(h.ms(2, 0.5)), p, "INFO", "db pool stats", h20G("db", h20A("acquired", a), h20A("idle", total-a), h20A("total", total), h20A("max", 20), h20A("acquire_count", acq), h20A("empty_acquire", empty+h.in(0, 3)), h20A("acquire_wait_ms", wait)))
		}
		if k%10 == 7 {
			ptr := tr
			if ptr.inc != "" || ptr.chg == h20Campaign {
				ptr = h20Tr{}
			}
			h.emit(ptr, at.Add(h.ms(30, 0.5)), p, "INFO", "templates refreshed", h20A("count", 142), h20A("changed", []int{0, 0, 0, 0, 1, 2}[h.r.IntN(6)]), h20A("took", h.ms(40, 0.4)))
		}
	}
	if p == h.debugPod {
		h.debugLines(p)
	}
}

func (h *h20Log) debugLines(p *h20Pod) {
	tr := h.debug
	for _, a := range []struct {
		t        time.Time
		from, to string
	}{{h.debug.start, "INFO", "DEBUG"}, {h.debugOff, "DEBUG", "INFO"}} {
		d := h.ms(1.5, 0.3)
		h.emit(tr, a.t.Add(d/2), p, "INFO", "log level changed", h20A("from", a.from), h20A("to", a.to), h20A("requested_by", "m.kovacs@parcelly.io"))
		h.emit(tr, a.t.Add(d), p, "INFO", "request completed", h20G("http", h20A("method", "PUT"), h20A("path", "/admin/log-level"), h20A("status", 204), h20A("duration_ms", h20Ms(d)), h20A("bytes", 0), h20A("remote_ip", "10.42.4.31")), h20A("trace_id", h.hex(32)))
	}
	// the kubelet's probes every 10 s
	for t := h.debug.start.Add(h.span(0, 10)); t.Before(h.debugOff); t = t.Add(10 * time.Second) {
		h.dbg(tr, t, p, "health check", h20A("probe", "liveness"), h20A("status", "ok"))
		h.dbg(tr, t.Add(h.ms(400, 0.2)), p, "health check", h20A("probe", "readiness"), h20A("status", "ok"), h20G("checks", h20A("postgres", "ok"), h20A("redis", "ok"), h20A("nats", "ok")))
	}
}
