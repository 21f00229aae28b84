package families

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// shipping is shipping-api, a Rust web service (axum 0.7 on tokio, sqlx 0.7 to
// PostgreSQL, reqwest 0.12 to the carrier gateway, the rates service and the address
// service, a Redis cache through deadpool-redis, a background job runner holding a lease
// in PostgreSQL) as a Deployment of three pods on Kubernetes. The pods log with
// tracing-subscriber's default fmt layer, no ANSI colours; their stdout and stderr are
// interleaved in one file (the collector drops empty lines). The span context comes
// before the target, the level is right-aligned, strings recorded as &str are quoted,
// errors are recorded as anyhow prints them, with their `Caused by:` chain on the lines
// after, and panics are std's default hook on stderr:
//
//	2024-07-16T09:00:00.123456Z  INFO request{method=GET uri=/api/shipments/SHP-K3M9Q2XT/tracking version=HTTP/1.1 request_id=5d3b...}:get_tracking{shipment_id=SHP-K3M9Q2XT}: shipping_api::routes::tracking: tracking refreshed carrier="ups" tracking_number="1Z..." events=6 status="in_transit" upstream_ms=143
//	2024-07-16T09:00:00.124102Z  INFO request{method=GET uri=/api/shipments/SHP-K3M9Q2XT/tracking version=HTTP/1.1 request_id=5d3b...}: tower_http::trace::on_response: finished processing request latency=147 ms status=200
//
// Normal operation, 17-23 lines a second: customers' and merchants' clients fetch
// shipments (mostly from the cache), their tracking (from the cache, or from the
// carrier gateway), list them, ask for quotes (rate cards from the cache, surcharges
// from the rates service), create shipments (an idempotency key in Redis, a carrier
// chosen by rule when none is asked for), validate addresses, fetch labels (stored, or
// rendered); carriers post status webhooks. Every request ends with tower_http's
// on_response line; routine 401s (expired tokens), 404s, 422s (validation, addresses
// that cannot be delivered to), webhook signatures that do not match, duplicate
// carrier events, an upstream call retried now and then (a pooled connection closed,
// a timeout), a slow statement now and then, a label that fails to render with its
// error chain. The kubelet probes /livez and /readyz every 10 s on each pod; each pod
// writes its pool stats every 30 s and its runtime stats (version, RSS) every minute.
// The lease holder runs the jobs: sync_tracking every minute, publish_outbox every 10 s,
// expire_quotes and refresh_rate_cards every 5 minutes, rollup_carrier_sla at :05 and
// purge_webhook_events (whose DELETE is always a slow statement) at :45.
//
// Benign changes:
//   - 0:35, rolling deploy 2.14.3 -> 2.15.0 (maxSurge 1, minReadySeconds 60): each new
//     pod starts (version, configuration, database, a migration on the first, Redis,
//     job runner, listening on 0.0.0.0:8080), then an old one drains and stops, the job
//     lease moving from pod to pod. The new pods' runtime stats carry the new version,
//     and a few minutes later the web front end starts calling the new route
//     GET /api/shipments/{id}/delivery-windows (404 for old shipments until the
//     backfill below fills them). All of it carries the change.
//   - 1:06, the feature flag smart_carrier_selection switched on in the ConfigMap: each
//     pod reloads its configuration within a minute, and shipments created without a
//     carrier log "carrier selected by scoring" instead of "by rule".
//   - 1:14 for 35 minutes, a merchant's free-shipping promotion: quotes, shipments and
//     address checks up to about twice the usual, quotes with the promotion applied.
//     The extra requests carry the change.
//   - 1:53, an operator triggers backfill_delivery_windows: its progress every batch of
//     5000 rows for about 23 minutes, a slow statement now and then.
//   - 2:43 for 15 minutes, the log filter set to info,shipping_api::cache=debug by a
//     configuration reload: every cache get, set and delete logged at DEBUG.
//
// Incidents:
//   - 0:18 for about 9 minutes, the carrier gateway overloaded: tracking lookups that
//     miss the cache time out after 5 s or get 503s, are retried once, and end in 504s
//     and 502s with their reqwest error chains (or stale tracking); each pod's circuit
//     breaker opens after 5 failures in 30 s, rejects calls, sends a trial every 30 s
//     and re-opens until the gateway recovers; sync_tracking's carrier polls fail.
//   - 0:57 for about 5 minutes, the Redis master unreachable (connection refused):
//     every cache lookup falls back to the database with a warning and takes longer,
//     cache invalidations fail, POST /api/shipments fails with 503 (the idempotency
//     store), refresh_rate_cards fails, the pools' Redis side empties; each pod logs the
//     connection restored.
//   - 2:20 for about 12 minutes, a partner's batch asks for quotes to Kosovo (XK), which
//     has no entry in the zone table: the quotes handler panics at an unwrap (std's
//     panic message, the backtrace note on each pod's first panic), 500s; the partner
//     retries each quote twice. Six minutes in the on-call sets RUST_BACKTRACE=1, which
//     restarts the pods one by one, and from then on every panic prints its backtrace.
//   - 2:35 for about 6 minutes, an ALTER TABLE waiting behind a long transaction holds
//     a lock queue on shipments: statements on it block, each pod's 20 connections are
//     taken, requests needing the database wait out the 5 s acquire timeout (503, pool
//     timed out while waiting for an open connection) or the 30 s statement timeout
//     (500), the ones that get through are slow statements; readiness checks fail; the
//     jobs fail; pool stats show no idle connection. Cache hits go on.
var shipping = Family{
	Name:    "shipping",
	Role:    Tuning,
	Service: "Rust axum service (tokio, sqlx to PostgreSQL, reqwest, Redis) of three pods on Kubernetes, tracing-subscriber's default fmt output with panics and anyhow error chains",
	Lines:   shLines,
}

const (
	shCarrierDown = "carrier gateway timing out and returning 503 for tracking lookups: retries, 502s and 504s, circuit breakers opening"
	shRedisDown   = "Redis cache unreachable (connection refused): lookups falling back to the database, shipment creation failing on the idempotency store"
	shQuotePanic  = "quotes handler panicking on destinations missing from the zone table: 500s with panics, pods restarted for backtraces"
	shPoolDry     = "PostgreSQL connection pool exhausted behind a lock on shipments: pool timeouts, 503s, slow statements, readiness failing"
)

const (
	shLayout  = "2006-01-02T15:04:05.000000Z"
	shGateway = "http://carrier-gateway.logistics.svc.cluster.local:8080"
	shRates   = "http://rates-service.pricing.svc.cluster.local:8080/v2/rates"
	shAddress = "http://address-service.geo.svc.cluster.local:8080/v1/addresses/validate"
	shRedis   = "redis://shipping-redis-master.shipping.svc.cluster.local:6379/0"
	shDBHost  = "shipping-db.cluster-cq8xk2m1v0ab.eu-central-1.rds.amazonaws.com"
	shRustc   = "/rustc/129f3b9964af4d4a709d1383930ade12dfe7c081/library"
	shCargo   = "/usr/local/cargo/registry/src/index.crates.io-6f17d22bba15001f"
	shRefused = "Connection refused (os error 111)"
	shPoolOut = "pool timed out while waiting for an open connection"
	shUnwrap  = "called `Option::unwrap()` on a `None` value"
)

// shPod is one pod of the Deployment, from its start to its SIGTERM.
type shPod struct {
	name, version, sha   string
	started, ready, stop time.Time
	backtrace, noted     bool      // RUST_BACKTRACE=1; the first panic's note printed
	flagAt               time.Time // smart_carrier_selection on from then
	debugOn, debugOff    time.Time
	rss                  float64 // MiB
	breaker              shBreaker
	jobs                 int
	requestBase          int // requests served before the log
}

func (p *shPod) serving(t time.Time) bool { return !t.Before(p.ready) && t.Before(p.stop) }

func (p *shPod) debugAt(t time.Time) bool {
	return !p.debugOn.IsZero() && !t.Before(p.debugOn) && t.Before(p.debugOff)
}

// shBreaker is a pod's circuit breaker on the carrier gateway.
type shBreaker struct {
	fails  []time.Time
	open   bool
	until  time.Time // rejecting calls until then
	closes bool      // the trial succeeded: closed at until
	since  time.Time
}

type shShipment struct {
	id, carrier, tracking string
	old                   bool // created before delivery windows existed
}

// shLease is the job runner's lease, held by pod from from.
type shLease struct {
	from time.Time
	pod  *shPod
}

type shLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	pods       []*shPod
	leases     []shLease
	ships      []*shShipment
	customers  []int

	deploy, flag, surge, backfill, debug change
	surgeEnd, windowsFrom, fillEnd       time.Time

	carrierAt, carrierFix, redisAt, redisFix      time.Time
	panicAt, restartAt, panicEnd, poolAt, poolFix time.Time
}

// shReq is a request as its handler runs: t is the handler's clock, tr what the
// request's lines are, which an incident it runs into changes.
type shReq struct {
	start, t time.Time
	pod      *shPod
	span, in string // the request span; with the handler's span
	tr       truth
	status   int
}

func shLines(seed int64) []Line {
	start := time.Date(2024, 7, 16, 9, 0, 0, 0, time.UTC)
	g := newGen(seed, 26)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &shLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	h.carrierAt = at(18, 0, 50)
	h.carrierFix = h.carrierAt.Add(9*time.Minute + h.ms(-20_000, 30_000))
	h.deploy = change{"rolling deploy of shipping-api 2.14.3 -> 2.15.0: pods restarted one by one, a migration, the new delivery-windows route", at(35, 0, 40)}
	h.redisAt = at(57, 0, 50)
	h.redisFix = h.redisAt.Add(4*time.Minute + h.ms(20_000, 50_000))
	h.flag = change{"feature flag smart_carrier_selection switched on by a configuration reload: carriers chosen by scoring", at(66, 0, 50)}
	h.surge = change{"free-shipping promotion of a merchant: quotes, shipments and address checks up to twice the usual for 35 minutes", at(74, 0, 50)}
	h.surgeEnd = h.surge.start.Add(35*time.Minute + h.ms(0, 60_000))
	h.backfill = change{"backfill_delivery_windows job triggered by an operator: delivery windows filled for existing shipments", at(113, 0, 50)}
	h.panicAt = at(140, 0, 50)
	h.restartAt = h.panicAt.Add(5*time.Minute + h.ms(15_000, 50_000))
	h.panicEnd = h.panicAt.Add(12*time.Minute + h.ms(0, 40_000))
	h.poolAt = at(155, 0, 50)
	h.poolFix = h.poolAt.Add(5*time.Minute + h.ms(10_000, 45_000))
	h.debug = change{"log filter set to DEBUG for shipping_api::cache for 15 minutes", at(163, 0, 40)}

	h.setup()
	// Where requests go and who holds the job lease comes first: the pods' restarts.
	done := h.roll(h.deploy.truth(), h.deploy.start, "2.15.0", false, 1)
	h.windowsFrom = done.Add(h.ms(60_000, 150_000))
	h.roll(incident(shQuotePanic), h.restartAt, "2.15.0", true, 0)
	h.reloads()
	h.runBackfill() // before the traffic: the new route's 404s depend on its progress
	for _, p := range h.pods {
		h.podRoutine(p)
	}
	g.arrivals(start, h.end, func(t time.Time) float64 { return 10 * h.traffic(t) }, func(t time.Time) {
		h.request(routine, t, false)
	})
	// The ramps thin a steady stream (a Poisson process whose rate starts at 0 would
	// wait for ever for its first event).
	g.arrivals(h.surge.start, h.surgeEnd, func(t time.Time) float64 { return 10 * h.traffic(t) * 0.45 }, func(t time.Time) {
		if g.chance(h.surgeShare(t)) {
			h.request(h.surge.truth(), t, true)
		}
	})
	g.arrivals(h.windowsFrom, h.end, func(t time.Time) float64 { return 0.55 * h.traffic(t) }, func(t time.Time) {
		if g.chance(rampUp(t, h.windowsFrom, 10*time.Minute)) {
			h.deliveryWindows(t)
		}
	})
	h.jobs()
	h.partnerPanics()
	h.redisRestored()
	return h.j.sorted(h.end)
}

func (h *shLog) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *shLog) us(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo, hi)) * time.Microsecond
}

// lat is a latency around median milliseconds.
func (h *shLog) lat(median, sigma float64) time.Duration {
	return time.Duration(h.g.lognormal(median, sigma) * float64(time.Millisecond))
}

// traffic is the day's curve from 09:00 UTC: the European morning rising to noon.
func (h *shLog) traffic(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return (0.85 + 0.25*rampUp(t, h.start, 150*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/19) + 0.04*math.Sin(2*math.Pi*m/6.1))
}

func (h *shLog) surgeShare(t time.Time) float64 {
	return rampUp(t, h.surge.start, 5*time.Minute) * (1 - rampUp(t, h.surgeEnd.Add(-6*time.Minute), 6*time.Minute))
}

func (h *shLog) cacheDown(t time.Time) bool { return within(t, h.redisAt, h.redisFix.Sub(h.redisAt)) }
func (h *shLog) dbStall(t time.Time) bool   { return within(t, h.poolAt, h.poolFix.Sub(h.poolAt)) }

// carrierFail is the share of calls to the carrier gateway that fail at t.
func (h *shLog) carrierFail(t time.Time) float64 {
	if !within(t, h.carrierAt, h.carrierFix.Sub(h.carrierAt)) {
		return 0
	}
	return 0.9 * rampUp(t, h.carrierAt, 40*time.Second)
}

// filled is the share of old shipments the backfill has given delivery windows by t.
func (h *shLog) filled(t time.Time) float64 {
	if t.Before(h.backfill.start) {
		return 0
	}
	return math.Min(1, float64(t.Sub(h.backfill.start))/float64(h.fillEnd.Sub(h.backfill.start)))
}

var shSHA = map[string]string{"2.14.3": "9b1e4d7", "2.15.0": "4e1c2a9"}

// shCarriers and their shares of the shipments.
var shCarriers = []string{"dhl", "dpd", "ups", "gls"}

var shDests = []string{"DE", "DE", "DE", "FR", "NL", "BE", "AT", "PL", "IT", "ES", "CZ", "DK", "SE", "CH", "GB", "IE", "PT", "LU", "HU", "SK", "SI", "FI"}

func (h *shLog) carrier() string {
	return shCarriers[h.g.weighted(4, func(i int) float64 { return []float64{0.36, 0.25, 0.14, 0.25}[i] })]
}

func (h *shLog) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + h.g.intn(10))
	}
	return string(b)
}

func (h *shLog) tracking(carrier string) string {
	switch carrier {
	case "dhl":
		return "00340434" + h.digits(12)
	case "dpd":
		return "0150" + h.digits(10)
	case "ups":
		return "1Z" + strings.ToUpper(h.g.hex(6)) + h.digits(10)
	}
	return h.digits(11)
}

func (h *shLog) newShipment(carrier string, old bool) *shShipment {
	return &shShipment{id: "SHP-" + strings.ToUpper(h.g.alnum(8)), carrier: carrier, tracking: h.tracking(carrier), old: old}
}

// shipment is a shipment a client asks about: most are of the last few days.
func (h *shLog) shipment() *shShipment {
	if h.g.chance(0.7) {
		return h.ships[len(h.ships)-1-h.g.intn(6000)]
	}
	return pick(h.g, h.ships)
}

func (h *shLog) setup() {
	g := h.g
	for i := 0; i < 30_000; i++ {
		h.ships = append(h.ships, h.newShipment(h.carrier(), true))
	}
	for i := 0; i < 1800; i++ {
		h.customers = append(h.customers, g.between(10_000, 99_999))
	}
	hash := g.alnum(10)
	for i := 0; i < 3; i++ {
		started := h.start.Add(-time.Duration(g.between(20*3600, 140*3600)) * time.Second)
		p := &shPod{name: "shipping-api-" + hash + "-" + g.alnum(5), version: "2.14.3", sha: shSHA["2.14.3"],
			started: started, ready: started.Add(h.ms(3000, 8000)), stop: h.end.Add(time.Hour), rss: g.normal(185, 12), jobs: 6}
		p.requestBase = g.between(400_000, 1_900_000)
		h.pods = append(h.pods, p)
	}
	h.leases = []shLease{{h.start.Add(-time.Hour), h.pods[0]}}
}

// Writing -----------------------------------------------------------------------------

// log writes one event as tracing-subscriber's default fmt layer does: the time, the
// level right-aligned, the spans, the target, the message and its fields; more are the
// lines of a multi-line field (an error's Caused by chain).
func (h *shLog) log(tr truth, at time.Time, level, spans, target, msg string, more ...string) {
	if spans != "" {
		spans += ": "
	}
	h.j.add(tr, at, append([]string{fmt.Sprintf("%s %5s %s%s: %s", at.Format(shLayout), level, spans, target, msg)}, more...)...)
}

// shCauses is the rest of an anyhow error as {:?} prints it, without the empty line.
func shCauses(causes ...string) []string {
	if len(causes) == 1 {
		return []string{"Caused by:", "    " + causes[0]}
	}
	l := []string{"Caused by:"}
	for i, c := range causes {
		l = append(l, fmt.Sprintf("    %d: %s", i, c))
	}
	return l
}

// shDur is a Duration as Rust's Debug writes it.
func shDur(d time.Duration) string {
	trim := func(s string) string { return strings.TrimSuffix(strings.TrimRight(s, "0"), ".") }
	switch {
	case d >= time.Second:
		return trim(fmt.Sprintf("%d.%09d", d/time.Second, d%time.Second)) + "s"
	case d >= time.Millisecond:
		return trim(fmt.Sprintf("%d.%06d", d/time.Millisecond, d%time.Millisecond)) + "ms"
	}
	return trim(fmt.Sprintf("%d.%03d", d/time.Microsecond, d%time.Microsecond)) + "µs"
}

var shReason = map[int]string{500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}

// req starts a request at t on p, or on a pod the Service picks.
func (h *shLog) req(tr truth, t time.Time, p *shPod, method, uri string) *shReq {
	if p == nil {
		p = h.pick(t)
	}
	r := &shReq{start: t, t: t.Add(h.us(30, 250)), pod: p, tr: tr, status: 200}
	r.span = fmt.Sprintf("request{method=%s uri=%s version=HTTP/1.1 request_id=%s}", method, uri, h.g.uuid())
	r.in = r.span
	return r
}

func (r *shReq) handler(span string) { r.in = r.span + ":" + span }

// line writes an event of the handler.
func (h *shLog) line(r *shReq, level, target, msg string, more ...string) {
	h.log(r.tr, r.t, level, r.in, target, msg, more...)
}

// fail is the application's error turned into a response: logged with its chain.
func (h *shLog) fail(r *shReq, status int, msg string, causes ...string) {
	r.status = status
	var more []string
	if len(causes) > 0 {
		more = shCauses(causes...)
	}
	h.log(r.tr, r.t, "ERROR", r.span, "shipping_api::error", fmt.Sprintf("request failed status=%d error=%s", status, msg), more...)
}

// reject is a client error turned into a response.
func (h *shLog) reject(r *shReq, status int, code, detail string) {
	r.status = status
	h.log(r.tr, r.t, "INFO", r.span, "shipping_api::error", fmt.Sprintf("request rejected status=%d code=%q detail=%q", status, code, detail))
}

// finish writes tower_http's response line, and its failure line for a 5xx.
func (h *shLog) finish(r *shReq) {
	t := r.t.Add(h.us(15, 250))
	lat := t.Sub(r.start).Milliseconds()
	h.log(r.tr, t, "INFO", r.span, "tower_http::trace::on_response", fmt.Sprintf("finished processing request latency=%d ms status=%d", lat, r.status))
	if r.status >= 500 {
		h.log(r.tr, t, "ERROR", r.span, "tower_http::trace::on_failure", fmt.Sprintf("response failed classification=Status code: %d %s latency=%d ms", r.status, shReason[r.status], lat))
	}
}

// auth is the bearer token middleware: now and then a token has expired.
func (h *shLog) auth(r *shReq) bool {
	if !h.g.chance(0.003) {
		return true
	}
	reason := "ExpiredSignature"
	if h.g.chance(0.2) {
		reason = "InvalidSignature"
	}
	r.t = r.t.Add(h.us(40, 300))
	h.log(r.tr, r.t, "WARN", r.span, "shipping_api::auth", "rejected bearer token reason="+reason)
	r.status = 401
	h.finish(r)
	return false
}

// Pods -------------------------------------------------------------------------------

// pick is the pod the Service sends a request at t to.
func (h *shLog) pick(t time.Time) *shPod {
	i := h.g.weighted(len(h.pods), func(i int) float64 {
		if h.pods[i].serving(t) {
			return 1
		}
		return 0
	})
	return h.pods[i]
}

// leaderAt is the pod holding the job lease at t, nil between a release and the next
// acquisition.
func (h *shLog) leaderAt(t time.Time) *shPod {
	var p *shPod
	for _, l := range h.leases {
		if !l.from.After(t) {
			p = l.pod
		}
	}
	if p == nil || !t.Before(p.stop) {
		return nil
	}
	return p
}

// roll replaces the pods one by one from at, as a rolling update with maxSurge 1 and
// minReadySeconds 60 does, and returns when the last new pod counted as available.
func (h *shLog) roll(tr truth, at time.Time, version string, backtrace bool, migrations int) time.Time {
	var old []*shPod
	for _, p := range h.pods {
		if p.serving(at) {
			old = append(old, p)
		}
	}
	hash, t := h.g.alnum(10), at
	for i, o := range old {
		p := &shPod{name: "shipping-api-" + hash + "-" + h.g.alnum(5), version: version, sha: shSHA[version], started: t,
			stop: h.end.Add(time.Hour), backtrace: backtrace, rss: h.g.normal(150, 8), jobs: 7}
		m := 0
		if i == 0 {
			m = migrations
		}
		p.ready = h.startup(tr, p, t, m)
		h.pods = append(h.pods, p)
		h.shutdown(tr, o, p.ready.Add(h.ms(500, 2500)))
		t = p.ready.Add(60*time.Second + h.ms(500, 4000))
	}
	return t
}

// startup writes a pod's start-up lines from t and returns when its readiness probe
// first passed.
func (h *shLog) startup(tr truth, p *shPod, t time.Time, migrations int) time.Time {
	feats := `["label_pdf_v2", "webhook_hmac"]`
	if !t.Before(h.flag.start) {
		feats = `["label_pdf_v2", "smart_carrier_selection", "webhook_hmac"]`
	}
	h.log(tr, t, "INFO", "", "shipping_api", fmt.Sprintf("starting shipping-api version=%q git_sha=%q pod=%q tokio_workers=4", p.version, p.sha, p.name))
	t = t.Add(h.ms(1, 6))
	h.log(tr, t, "INFO", "", "shipping_api::config", `configuration loaded path="/etc/shipping-api/config.toml" env="production" features=`+feats)
	t = t.Add(h.ms(1, 4))
	h.log(tr, t, "INFO", "", "shipping_api::db", fmt.Sprintf(`connecting to database host=%q database="shipping" max_connections=20 acquire_timeout=5s statement_timeout=30s`, shDBHost))
	t = t.Add(h.ms(30, 140))
	h.log(tr, t, "INFO", "", "sqlx::postgres::notice", `relation "_sqlx_migrations" already exists, skipping`)
	latest := "20240702083015"
	if p.version != "2.14.3" {
		latest = "20240715101500"
	}
	if migrations > 0 {
		t = t.Add(h.ms(5, 20))
		h.log(tr, t, "INFO", "", "shipping_api::db", `applying migration version=20240715101500 description="add delivery windows"`)
		t = t.Add(h.ms(300, 1200))
	}
	t = t.Add(h.ms(4, 25))
	h.log(tr, t, "INFO", "", "shipping_api::db", fmt.Sprintf("migrations applied applied=%d latest=%s", migrations, latest))
	t = t.Add(h.ms(3, 30))
	h.log(tr, t, "INFO", "", "shipping_api::cache", fmt.Sprintf("redis pool ready url=%q max_size=16", shRedis))
	t = t.Add(h.ms(1, 5))
	h.log(tr, t, "INFO", "", "shipping_api::upstream", `http clients ready services=["carrier-gateway", "rates-service", "address-service"] timeout=5s retries=1`)
	t = t.Add(h.us(100, 2000))
	h.log(tr, t, "INFO", "", "shipping_api::jobs", fmt.Sprintf(`job runner started jobs=%d lease="shipping-api-jobs"`, p.jobs))
	t = t.Add(h.us(100, 2000))
	h.log(tr, t, "INFO", "", "shipping_api", "listening on 0.0.0.0:8080")
	return t.Add(h.ms(1500, 5500))
}

// shutdown is p's SIGTERM at t: it drains, and the job lease, if it held it, goes to
// the oldest pod left.
func (h *shLog) shutdown(tr truth, p *shPod, t time.Time) {
	leader := h.leaderAt(t) == p
	p.stop = t
	h.log(tr, t, "INFO", "", "shipping_api", `shutdown signal received, draining in-flight requests signal="SIGTERM"`)
	if leader {
		h.log(tr, t.Add(h.ms(2, 40)), "INFO", "", "shipping_api::jobs", `job runner stopped, lease released lease="shipping-api-jobs"`)
		var next *shPod
		for _, q := range h.pods {
			if q.serving(t) && (next == nil || q.started.Before(next.started)) {
				next = q
			}
		}
		acq := t.Add(h.ms(1000, 10_000))
		h.leases = append(h.leases, shLease{acq, next})
		h.log(tr, acq, "INFO", "", "shipping_api::jobs", fmt.Sprintf(`acquired job runner lease lease="shipping-api-jobs" pod=%q`, next.name))
	} else {
		h.log(tr, t.Add(h.ms(2, 40)), "INFO", "", "shipping_api::jobs", "job runner stopped")
	}
	end := t.Add(h.ms(150, 1400))
	h.log(tr, end, "INFO", "", "shipping_api", fmt.Sprintf("server stopped gracefully drained_requests=%d elapsed_ms=%d", h.g.intn(7), end.Sub(t).Milliseconds()))
}

// reloads: the pods pick up the ConfigMap's changes within a minute of each other.
func (h *shLog) reloads() {
	const file = `configuration reloaded path="/etc/shipping-api/config.toml" `
	for _, p := range h.pods {
		if p.serving(h.flag.start) {
			tr, t := h.flag.truth(), h.flag.start.Add(h.ms(1000, 65_000))
			p.flagAt = t
			h.log(tr, t, "INFO", "", "shipping_api::config", file+`changed=["features.smart_carrier_selection"]`)
			h.log(tr, t.Add(h.us(20, 300)), "INFO", "", "shipping_api::config", `feature flag toggled flag="smart_carrier_selection" enabled=true`)
		} else if p.started.After(h.flag.start) {
			p.flagAt = p.started
		}
		if p.serving(h.debug.start) {
			tr := h.debug.truth()
			p.debugOn = h.debug.start.Add(h.ms(1000, 65_000))
			p.debugOff = h.debug.start.Add(15*time.Minute + h.ms(0, 60_000))
			for _, x := range []struct {
				t      time.Time
				filter string
			}{{p.debugOn, "info,shipping_api::cache=debug"}, {p.debugOff, "info"}} {
				h.log(tr, x.t, "INFO", "", "shipping_api::config", file+`changed=["log.filter"]`)
				h.log(tr, x.t.Add(h.us(20, 300)), "INFO", "", "shipping_api::telemetry", fmt.Sprintf("log filter updated filter=%q", x.filter))
			}
		}
	}
}

// podRoutine: the kubelet's probes and the pod's own stats lines.
func (h *shLog) podRoutine(p *shPod) {
	from, to := p.ready, p.stop
	if from.Before(h.start) {
		from = h.start
	}
	if to.After(h.end) {
		to = h.end
	}
	h.g.every(from.Add(h.ms(0, 10_000)), to, 10*time.Second, 30*time.Millisecond, func(t time.Time) { h.probe(p, t, "/livez") })
	h.g.every(from.Add(h.ms(0, 10_000)), to, 10*time.Second, 30*time.Millisecond, func(t time.Time) { h.probe(p, t, "/readyz") })
	h.g.every(from.Add(h.ms(0, 30_000)), to, 30*time.Second, 5*time.Millisecond, func(t time.Time) { h.poolStats(p, t) })
	h.g.every(from.Add(h.ms(0, 60_000)), to, time.Minute, 5*time.Millisecond, func(t time.Time) { h.runtimeStats(p, t) })
}

func (h *shLog) probe(p *shPod, t time.Time, path string) {
	r := h.req(routine, t, p, "GET", path)
	if path == "/livez" {
		r.t = r.t.Add(h.us(20, 200))
		h.finish(r)
		return
	}
	if h.dbStall(t) && h.g.chance(0.9*rampUp(t, h.poolAt, 20*time.Second)) {
		r.tr, r.status = incident(shPoolDry), 503
		r.t = r.t.Add(time.Second + h.us(100, 900))
		h.log(r.tr, r.t, "WARN", r.span, "shipping_api::routes::health", `readiness check failed check="database" error=deadline has elapsed`)
		h.finish(r)
		return
	}
	r.t = r.t.Add(h.lat(1.1, 0.4))
	h.finish(r)
}

func (h *shLog) poolStats(p *shPod, t time.Time) {
	tr := routine
	busy := h.g.intn(3) + int(h.g.lognormal(1.5*h.traffic(t), 0.5))
	size := min(20, busy+4+h.g.intn(5))
	idle := size - min(busy, size)
	rsize, ravail := 16, 16-h.g.intn(3)
	if h.dbStall(t) && t.After(h.poolAt.Add(10*time.Second)) {
		tr, size, idle = incident(shPoolDry), 20, 0
	}
	if h.cacheDown(t) {
		tr, rsize, ravail = incident(shRedisDown), 0, 0
	}
	h.log(tr, t, "INFO", "", "shipping_api::telemetry", fmt.Sprintf("pool stats db_size=%d db_idle=%d db_max=20 redis_size=%d redis_available=%d redis_max=16", size, idle, rsize, ravail))
}

func (h *shLog) runtimeStats(p *shPod, t time.Time) {
	tr := routine
	if p.version != "2.14.3" {
		tr = h.deploy.truth()
	}
	p.rss += h.g.normal(0.05, 0.8)
	h.log(tr, t, "INFO", "", "shipping_api::telemetry", fmt.Sprintf("runtime stats pod=%q version=%q uptime_secs=%d workers=4 alive_tasks=%d rss_mb=%d requests_total=%d",
		p.name, p.version, int(t.Sub(p.started).Seconds()), 40+h.g.intn(30)+int(6*h.traffic(t)), int(p.rss), p.requestBase+int(t.Sub(p.started).Seconds()*3.3*h.traffic(t))+h.g.intn(40)))
}

// Requests ----------------------------------------------------------------------------

// request is a client's request at t; the promotion's extra ones are quotes, shipments
// and address checks.
func (h *shLog) request(tr truth, t time.Time, promo bool) {
	x := h.g.rng.Float64()
	if promo {
		switch {
		case x < 0.42:
			h.quote(tr, t, true)
		case x < 0.64:
			h.createShipment(tr, t)
		case x < 0.86:
			h.validateAddress(tr, t)
		default:
			h.getShipment(tr, t)
		}
		return
	}
	switch {
	case x < 0.33:
		h.getShipment(tr, t)
	case x < 0.52:
		h.getTracking(tr, t)
	case x < 0.59:
		h.listShipments(tr, t)
	case x < 0.71:
		h.quote(tr, t, false)
	case x < 0.77:
		h.createShipment(tr, t)
	case x < 0.85:
		h.validateAddress(tr, t)
	case x < 0.88:
		h.getLabel(tr, t)
	default:
		h.carrierEvent(tr, t)
	}
}

func (h *shLog) getShipment(tr truth, t time.Time) {
	s := h.shipment()
	missing := h.g.chance(0.025)
	if missing {
		s = h.newShipment(s.carrier, false)
	}
	r := h.req(tr, t, nil, "GET", "/api/shipments/"+s.id)
	if !h.auth(r) {
		return
	}
	r.handler("get_shipment{shipment_id=" + s.id + "}")
	if h.cacheGet(r, "shipment:"+s.id, 0.83) && !missing {
		r.t = r.t.Add(h.lat(0.9, 0.4))
		h.finish(r)
		return
	}
	rows := 1
	if missing {
		rows = 0
	}
	if !h.db(r, 5, shSelectShipment, 0, rows, "failed to load shipment "+s.id) {
		h.finish(r)
		return
	}
	if missing {
		h.reject(r, 404, "shipment_not_found", "no shipment "+s.id)
		h.finish(r)
		return
	}
	h.cacheSet(r, "shipment:"+s.id, 300)
	r.t = r.t.Add(h.lat(0.6, 0.4))
	h.finish(r)
}

func (h *shLog) listShipments(tr truth, t time.Time) {
	cust := pick(h.g, h.customers)
	status := pick(h.g, []string{"in_transit", "in_transit", "delivered", "created", "in_transit,out_for_delivery", "exception"})
	page := 1
	if h.g.chance(0.25) {
		page = h.g.between(2, 6)
	}
	r := h.req(tr, t, nil, "GET", fmt.Sprintf("/api/shipments?customer_id=%d&status=%s&page=%d&per_page=25", cust, status, page))
	if !h.auth(r) {
		return
	}
	r.handler(fmt.Sprintf("list_shipments{customer_id=%d}", cust))
	if !h.db(r, 24, shListShipments, 0, h.g.between(0, 25), "failed to list shipments") {
		h.finish(r)
		return
	}
	r.t = r.t.Add(h.lat(0.8, 0.4))
	h.finish(r)
}

func (h *shLog) getTracking(tr truth, t time.Time) {
	s := h.shipment()
	r := h.req(tr, t, nil, "GET", "/api/shipments/"+s.id+"/tracking")
	if !h.auth(r) {
		return
	}
	r.handler("get_tracking{shipment_id=" + s.id + "}")
	if h.cacheGet(r, "tracking:"+s.id, 0.55) {
		r.t = r.t.Add(h.lat(0.8, 0.4))
		h.finish(r)
		return
	}
	if !h.db(r, 3, shSelectTracking, 0, 1, "failed to load shipment "+s.id) {
		h.finish(r)
		return
	}
	url := fmt.Sprintf("%s/v1/tracking/%s/%s", shGateway, s.carrier, s.tracking)
	why, took := h.carrierCall(r, url)
	switch {
	case why == "":
		h.line(r, "INFO", "shipping_api::routes::tracking", fmt.Sprintf("tracking refreshed carrier=%q tracking_number=%q events=%d status=%q upstream_ms=%d",
			s.carrier, s.tracking, h.g.between(1, 14), pick(h.g, []string{"in_transit", "in_transit", "in_transit", "out_for_delivery", "delivered", "delivered", "info_received"}), took.Milliseconds()))
		h.cacheSet(r, "tracking:"+s.id, 120)
	case h.g.chance(0.4):
		r.t = r.t.Add(h.us(100, 900))
		h.line(r, "WARN", "shipping_api::routes::tracking", fmt.Sprintf("serving stale tracking after upstream failure shipment_id=%s stale_secs=%d", s.id, h.g.between(125, 2600)))
	case why == "open":
		h.fail(r, 503, "carrier-gateway unavailable: circuit breaker open")
	case why == "timeout":
		h.fail(r, 504, "carrier-gateway request failed after 2 attempts", shReqwestCauses(url, why)...)
	default:
		h.fail(r, 502, "carrier-gateway request failed after 2 attempts", shReqwestCauses(url, why)...)
	}
	h.finish(r)
}

func (h *shLog) quote(tr truth, t time.Time, promo bool) {
	r := h.req(tr, t, nil, "POST", "/api/quotes")
	if !h.auth(r) {
		return
	}
	origin := pick(h.g, []string{"DE", "DE", "DE", "DE", "PL", "NL", "FR"})
	dest := pick(h.g, shDests)
	r.handler(fmt.Sprintf("create_quote{origin=%s destination=%s parcels=%d}", origin, dest, 1+h.g.weighted(3, func(i int) float64 { return []float64{0.7, 0.2, 0.1}[i] })))
	r.t = r.t.Add(h.us(100, 600))
	if h.g.chance(0.02) {
		h.reject(r, 422, "validation_failed", pick(h.g, []string{"parcels[0].weight_grams: must be between 1 and 31500", "parcels[0].length_cm: must be at most 120",
			"destination.postal_code: invalid format for country " + dest, "parcels: must not be empty"}))
		h.finish(r)
		return
	}
	key := "ratecards:" + origin + ":v7"
	if !h.cacheGet(r, key, 0.985) {
		if !h.db(r, 12, shSelectRateCards, 0, h.g.between(40, 60), "failed to load rate cards") {
			h.finish(r)
			return
		}
		h.cacheSet(r, key, 900)
	}
	if !h.call(r, "rates-service", shRates, 48) {
		h.finish(r)
		return
	}
	r.t = r.t.Add(h.lat(1.5, 0.4))
	amount := h.g.between(449, 2890)
	h.line(r, "INFO", "shipping_api::routes::quotes", fmt.Sprintf(`quote computed quote_id=%q carriers=%d cheapest=%q amount_cents=%d currency="EUR"`,
		"qt_"+h.g.hex(16), h.g.between(2, 4), h.carrier(), amount))
	if promo {
		h.line(r, "INFO", "shipping_api::pricing::promo", fmt.Sprintf(`promotion applied code="FREESHIP24" merchant_id=4117 discount_cents=%d`, amount))
	}
	h.finish(r)
}

func (h *shLog) createShipment(tr truth, t time.Time) {
	r := h.req(tr, t, nil, "POST", "/api/shipments")
	if !h.auth(r) {
		return
	}
	r.handler(fmt.Sprintf("create_shipment{customer_id=%d}", pick(h.g, h.customers)))
	r.t = r.t.Add(h.us(200, 900))
	if h.g.chance(0.04) {
		h.reject(r, 422, "validation_failed", pick(h.g, []string{"parcels[0].weight_grams: must be between 1 and 31500", "recipient.postal_code: invalid format for country FR",
			"recipient.phone: required for service express", "sender.address_line_1: must not be empty", "reference: already used by shipment of this customer"}))
		h.finish(r)
		return
	}
	if h.cacheDown(r.t) { // the idempotency key goes to Redis first
		r.tr = incident(shRedisDown)
		r.t = r.t.Add(h.us(80, 1500))
		h.fail(r, 503, "idempotency store unavailable", "Error occurred while creating a new object: "+shRefused, shRefused)
		h.finish(r)
		return
	}
	r.t = r.t.Add(h.lat(0.5, 0.4))
	if h.g.chance(0.012) {
		h.line(r, "INFO", "shipping_api::routes::shipments", fmt.Sprintf("idempotent replay, returning stored response idempotency_key=%q", h.g.uuid()))
		h.finish(r)
		return
	}
	carrier := h.carrier()
	if h.g.chance(0.45) { // no carrier asked for
		if p := r.pod; !p.flagAt.IsZero() && !r.t.Before(p.flagAt) {
			h.log(merge(r.tr, h.flag.truth()), r.t, "INFO", r.in, "shipping_api::carrier_select", fmt.Sprintf("carrier selected by scoring carrier=%q score=%.2f candidates=%d on_time_weight=0.6",
				carrier, h.g.normal(0.78, 0.06), h.g.between(2, 4)))
		} else {
			h.line(r, "INFO", "shipping_api::carrier_select", fmt.Sprintf("carrier selected by rule carrier=%q rule=%q", carrier,
				pick(h.g, []string{"domestic-default", "eu-road", "eu-road", "bulky-over-20kg", "express-next-day"})))
		}
		r.t = r.t.Add(h.us(50, 400))
	}
	if !h.db(r, 11, shInsertShipment, 1, 0, "failed to create shipment") {
		h.finish(r)
		return
	}
	s := h.newShipment(carrier, false)
	h.line(r, "INFO", "shipping_api::routes::shipments", fmt.Sprintf("shipment created shipment_id=%s carrier=%q service=%q parcels=%d weight_grams=%d",
		s.id, carrier, pick(h.g, []string{"parcel_eu", "parcel_eu", "parcel_domestic", "express", "parcel_connect"}), 1+h.g.intn(3), h.g.between(200, 24_000)))
	r.status = 201
	h.finish(r)
}

func (h *shLog) validateAddress(tr truth, t time.Time) {
	r := h.req(tr, t, nil, "POST", "/api/addresses/validate")
	if !h.auth(r) {
		return
	}
	country := pick(h.g, shDests)
	r.handler("validate_address{country=" + country + "}")
	if !h.call(r, "address-service", shAddress, 30) {
		h.finish(r)
		return
	}
	if h.g.chance(0.075) {
		h.line(r, "INFO", "shipping_api::routes::addresses", fmt.Sprintf("address not deliverable country=%q postal_code=%q reason=%q", country, h.digits(h.g.between(4, 5)),
			pick(h.g, []string{"postal_code_invalid", "street_not_found", "house_number_missing", "po_box_not_supported", "city_postal_code_mismatch"})))
		r.status = 422
	}
	r.t = r.t.Add(h.lat(0.5, 0.4))
	h.finish(r)
}

func (h *shLog) getLabel(tr truth, t time.Time) {
	s := h.shipment()
	r := h.req(tr, t, nil, "GET", "/api/shipments/"+s.id+"/label?format=pdf")
	if !h.auth(r) {
		return
	}
	r.handler("get_label{shipment_id=" + s.id + "}")
	if !h.db(r, 4, shSelectShipment, 0, 1, "failed to load shipment "+s.id) {
		h.finish(r)
		return
	}
	switch {
	case h.g.chance(0.55): // rendered before, fetched from object storage
		r.t = r.t.Add(h.lat(22, 0.5))
	case h.g.chance(0.008):
		r.t = r.t.Add(h.lat(30, 0.4))
		h.fail(r, 500, "failed to render label for "+s.id, fmt.Sprintf("template `%s_parcel` failed to render", s.carrier),
			fmt.Sprintf("field `recipient.address_line_2` exceeds 35 characters (got %d)", h.g.between(36, 52)))
	default:
		d := h.lat(95, 0.4)
		r.t = r.t.Add(d)
		h.line(r, "INFO", "shipping_api::routes::labels", fmt.Sprintf(`label rendered shipment_id=%s carrier=%q format="pdf" pages=%d bytes=%d render_ms=%d`,
			s.id, s.carrier, 1+h.g.intn(2), h.g.between(38_000, 96_000), d.Milliseconds()))
	}
	h.finish(r)
}

func (h *shLog) carrierEvent(tr truth, t time.Time) {
	c := h.carrier()
	r := h.req(tr, t, nil, "POST", "/api/webhooks/carriers/"+c)
	if h.g.chance(0.002) {
		r.t = r.t.Add(h.us(50, 300))
		h.log(r.tr, r.t, "WARN", r.span, "shipping_api::routes::webhooks", fmt.Sprintf("webhook signature mismatch carrier=%q", c))
		r.status = 401
		h.finish(r)
		return
	}
	r.handler("carrier_event{carrier=" + c + "}")
	r.t = r.t.Add(h.us(300, 1200))
	s := h.shipment()
	if !h.db(r, 6, shUpdateStatus, 1, 1, "failed to apply carrier event") {
		h.finish(r)
		return
	}
	event := h.g.uuid()
	switch x := h.g.rng.Float64(); {
	case x < 0.02:
		h.line(r, "INFO", "shipping_api::routes::webhooks", fmt.Sprintf("duplicate carrier event ignored event_id=%q", event))
		r.status = 200
	case x < 0.026:
		h.line(r, "WARN", "shipping_api::routes::webhooks", fmt.Sprintf("no shipment for tracking number carrier=%q tracking_number=%q", c, h.tracking(c)))
		r.status = 404
	default:
		h.line(r, "INFO", "shipping_api::routes::webhooks", fmt.Sprintf("carrier event applied shipment_id=%s carrier=%q event=%q event_id=%q", s.id, c,
			pick(h.g, []string{"in_transit", "in_transit", "in_transit", "out_for_delivery", "delivered", "delivered", "arrived_at_hub", "delivery_attempted", "exception"}), event))
		h.cacheDel(r, "shipment:"+s.id)
		r.status = 204
	}
	h.finish(r)
}

// deliveryWindows is the route 2.15.0 added, called by the web front end once it was
// released: old shipments have no windows until the backfill reaches them.
func (h *shLog) deliveryWindows(t time.Time) {
	s := h.shipment()
	if h.g.chance(0.55) {
		s = h.newShipment(s.carrier, false)
	}
	r := h.req(h.deploy.truth(), t, nil, "GET", "/api/shipments/"+s.id+"/delivery-windows")
	if !h.auth(r) {
		return
	}
	r.handler("get_delivery_windows{shipment_id=" + s.id + "}")
	if !h.db(r, 5, shSelectWindows, 0, h.g.between(0, 4), "failed to load delivery windows for "+s.id) {
		h.finish(r)
		return
	}
	if s.old && h.g.rng.Float64() > h.filled(r.t) {
		h.reject(r, 404, "delivery_windows_not_found", "no delivery windows for "+s.id)
		h.finish(r)
		return
	}
	day := r.t.Add(time.Duration(24*h.g.between(1, 3)) * time.Hour)
	h.line(r, "INFO", "shipping_api::routes::delivery", fmt.Sprintf("delivery windows computed shipment_id=%s carrier=%q windows=%d earliest=%q",
		s.id, s.carrier, h.g.between(1, 4), day.Format("2006-01-02")+"T"+pick(h.g, []string{"08:00", "10:00", "12:00", "14:00"})))
	h.finish(r)
}

// Steps of a request -----------------------------------------------------------------

// shSQL is a statement as sqlx logs it: the first words, and the statement formatted.
type shSQL struct {
	summary, stmt string
	slow          float64 // how often it is slow on a normal day
}

func shQ(slow float64, lines ...string) shSQL {
	sql := strings.Join(lines, "\n")
	return shSQL{summary: strings.Join(strings.Fields(sql)[:4], " ") + " …", stmt: "\n\n" + sql, slow: slow}
}

var (
	shSelectShipment = shQ(0.0004, "SELECT", "  s.id,", "  s.reference,", "  s.customer_id,", "  s.carrier,", "  s.service,", "  s.tracking_number,", "  s.status,",
		"  s.created_at,", "  s.updated_at", "FROM", "  shipments s", "WHERE", "  s.id = $1")
	shListShipments = shQ(0.004, "SELECT", "  s.id,", "  s.reference,", "  s.carrier,", "  s.tracking_number,", "  s.status,", "  s.created_at", "FROM", "  shipments s",
		"WHERE", "  s.customer_id = $1", "  AND s.status = ANY($2)", "ORDER BY", "  s.created_at DESC", "LIMIT", "  $3 OFFSET $4")
	shSelectTracking  = shQ(0.0002, "SELECT", "  carrier,", "  tracking_number", "FROM", "  shipments", "WHERE", "  id = $1")
	shSelectRateCards = shQ(0.001, "SELECT", "  carrier,", "  service,", "  zone,", "  max_weight_grams,", "  price_cents", "FROM", "  rate_cards", "WHERE",
		"  origin_country = $1", "  AND valid_from <= now()", "  AND (", "    valid_to IS NULL", "    OR valid_to > now()", "  )")
	shInsertShipment = shQ(0.0008, "INSERT INTO", "  shipments (", "    id,", "    reference,", "    customer_id,", "    carrier,", "    service,", "    sender,",
		"    recipient,", "    parcels,", "    status", "  )", "VALUES", "  ($1, $2, $3, $4, $5, $6, $7, $8, 'created')")
	shUpdateStatus  = shQ(0.0005, "UPDATE", "  shipments", "SET", "  status = $3,", "  updated_at = now()", "WHERE", "  carrier = $1", "  AND tracking_number = $2 RETURNING id")
	shSelectWindows = shQ(0.0005, "SELECT", "  w.starts_at,", "  w.ends_at,", "  w.kind", "FROM", "  delivery_windows w", "WHERE", "  w.shipment_id = $1",
		"ORDER BY", "  w.starts_at")
	shDeleteQuotes  = shQ(0, "DELETE FROM", "  quotes", "WHERE", "  expires_at < now() - INTERVAL '1 hour'")
	shPurgeWebhooks = shQ(0, "DELETE FROM", "  webhook_events", "WHERE", "  received_at < now() - INTERVAL '30 days'")
	shBackfillBatch = shQ(0, "INSERT INTO", "  delivery_windows (shipment_id, starts_at, ends_at, kind)", "SELECT", "  s.id,", "  w.starts_at,", "  w.ends_at,", "  w.kind",
		"FROM", "  shipments s", "  CROSS JOIN LATERAL compute_delivery_windows(s.carrier, s.service, s.recipient) w", "WHERE", "  s.id > $1", "ORDER BY", "  s.id", "LIMIT", "  $2")
)

func (h *shLog) slow(tr truth, at time.Time, spans string, q shSQL, affected, returned int, d time.Duration) {
	h.log(tr, at, "WARN", spans, "sqlx::query", fmt.Sprintf("slow statement: execution time exceeded alert threshold summary=%q db.statement=%q rows_affected=%d rows_returned=%d elapsed=%s",
		q.summary, q.stmt, affected, returned, shDur(d+time.Duration(h.g.intn(1000)))))
}

// db runs a statement for r, median milliseconds when all is well; it reports false if
// the request failed (its error written). While the pool is exhausted a request waits
// out the acquire timeout, or gets a connection and blocks behind the lock.
func (h *shLog) db(r *shReq, median float64, q shSQL, affected, returned int, what string) bool {
	if h.dbStall(r.t) {
		r.tr = incident(shPoolDry)
		if h.g.chance(0.92 * rampUp(r.t, h.poolAt, 20*time.Second)) {
			r.t = r.t.Add(5*time.Second + h.us(200, 4000))
			h.fail(r, 503, "database unavailable", shPoolOut)
			return false
		}
		began := r.t
		if wait := h.poolFix.Sub(r.t) + h.ms(3, 90); wait < 30*time.Second {
			r.t = r.t.Add(wait)
			if wait >= time.Second {
				h.slow(r.tr, r.t, r.in, q, affected, returned, wait)
			}
			return true
		}
		r.t = r.t.Add(30*time.Second + h.us(100, 3000))
		h.slow(r.tr, r.t, r.in, q, 0, 0, r.t.Sub(began))
		h.fail(r, 500, what, "error returned from database: canceling statement due to statement timeout")
		return false
	}
	if h.cacheDown(r.t) { // everything falls back to the database
		median *= 2.5
	}
	d := h.lat(median, 0.45)
	if h.g.chance(q.slow) {
		d = h.lat(1500, 0.3)
	}
	r.t = r.t.Add(d)
	if d >= time.Second {
		h.slow(r.tr, r.t, r.in, q, affected, returned, d)
	}
	return true
}

func (h *shLog) redisErr(t time.Time) string {
	if t.Before(h.redisAt.Add(8 * time.Second)) { // the pooled connections break first
		return pick(h.g, []string{"Connection reset by peer (os error 104)", "Broken pipe (os error 32)"})
	}
	return "Error occurred while creating a new object: " + shRefused
}

// cacheGet looks key up for r and reports a hit; while Redis is down the lookup fails
// and the request falls back to the database.
func (h *shLog) cacheGet(r *shReq, key string, hitP float64) bool {
	if h.cacheDown(r.t) {
		r.tr = incident(shRedisDown)
		r.t = r.t.Add(h.us(80, 1500))
		h.line(r, "WARN", "shipping_api::cache", fmt.Sprintf(`cache unavailable, falling back to database op="get" key=%q error=%s`, key, h.redisErr(r.t)))
		return false
	}
	d := h.lat(0.45, 0.4)
	r.t = r.t.Add(d)
	hit := h.g.chance(hitP)
	if r.pod.debugAt(r.t) {
		h.log(merge(r.tr, h.debug.truth()), r.t, "DEBUG", r.in, "shipping_api::cache", fmt.Sprintf("cache get key=%q hit=%t elapsed_us=%d", key, hit, d.Microseconds()))
	}
	return hit
}

func (h *shLog) cacheSet(r *shReq, key string, ttl int) {
	if h.cacheDown(r.t) { // the lookup has warned already
		return
	}
	r.t = r.t.Add(h.lat(0.4, 0.4))
	if r.pod.debugAt(r.t) {
		h.log(merge(r.tr, h.debug.truth()), r.t, "DEBUG", r.in, "shipping_api::cache", fmt.Sprintf("cache set key=%q ttl_secs=%d bytes=%d", key, ttl, h.g.between(300, 2400)))
	}
}

func (h *shLog) cacheDel(r *shReq, key string) {
	if h.cacheDown(r.t) {
		r.tr = incident(shRedisDown)
		r.t = r.t.Add(h.us(80, 1500))
		h.line(r, "WARN", "shipping_api::cache", fmt.Sprintf(`cache invalidation failed, entry will expire key=%q ttl_secs=300 error=%s`, key, h.redisErr(r.t)))
		return
	}
	r.t = r.t.Add(h.lat(0.4, 0.4))
	if r.pod.debugAt(r.t) {
		h.log(merge(r.tr, h.debug.truth()), r.t, "DEBUG", r.in, "shipping_api::cache", fmt.Sprintf("cache delete key=%q existed=%t", key, h.g.chance(0.6)))
	}
}

// shReqwestDebug is a reqwest 0.12 error as {:?} prints it.
func shReqwestDebug(url, why string) string {
	switch why {
	case "timeout":
		return fmt.Sprintf("reqwest::Error { kind: Request, url: %q, source: TimedOut }", url)
	case "503":
		return fmt.Sprintf("reqwest::Error { kind: Status(503), url: %q }", url)
	}
	return fmt.Sprintf("reqwest::Error { kind: Request, url: %q, source: hyper_util::client::legacy::Error(SendRequest, hyper::Error(IncompleteMessage)) }", url)
}

// shReqwestCauses is the source chain of a reqwest error under an anyhow context.
func shReqwestCauses(url, why string) []string {
	switch why {
	case "timeout":
		return []string{"error sending request for url (" + url + ")", "operation timed out"}
	case "503":
		return []string{"HTTP status server error (503 Service Unavailable) for url (" + url + ")"}
	}
	return []string{"error sending request for url (" + url + ")", "client error (SendRequest)", "connection closed before message completed"}
}

// call is r calling a service that answers within median milliseconds, retried once on
// a routine failure; it reports false if both attempts failed (the error written).
func (h *shLog) call(r *shReq, service, url string, median float64) bool {
	for attempt := 1; ; attempt++ {
		why := ""
		switch x := h.g.rng.Float64(); {
		case x < 0.003:
			why = "reset"
			r.t = r.t.Add(h.lat(2, 0.5))
		case x < 0.004:
			why = "timeout"
			r.t = r.t.Add(5*time.Second + h.us(100, 4000))
		}
		if why == "" {
			r.t = r.t.Add(h.lat(median, 0.45))
			return true
		}
		if attempt == 2 {
			h.fail(r, 502, service+" request failed after 2 attempts", shReqwestCauses(url, why)...)
			return false
		}
		h.line(r, "WARN", "shipping_api::upstream", fmt.Sprintf("upstream call failed, retrying service=%q attempt=1 backoff_ms=100 error=%s", service, shReqwestDebug(url, why)))
		r.t = r.t.Add(100*time.Millisecond + h.ms(0, 20))
	}
}

// carrierAttempt is one call to the carrier gateway at t: how long it took and how it
// failed, "" if it did not.
func (h *shLog) carrierAttempt(t time.Time) (time.Duration, string) {
	if p := h.carrierFail(t); p > 0 {
		if h.g.chance(p) {
			if h.g.chance(0.55) {
				return 5*time.Second + h.us(100, 4000), "timeout"
			}
			return h.lat(25, 0.5), "503"
		}
		return h.lat(420, 0.5), ""
	}
	switch x := h.g.rng.Float64(); {
	case x < 0.002:
		return h.lat(2, 0.5), "reset"
	case x < 0.0026:
		return 5*time.Second + h.us(100, 4000), "timeout"
	}
	return h.lat(140, 0.5), ""
}

// carrierCall fetches tracking events for r through its pod's circuit breaker, retrying
// once; it returns how it failed ("" if it did not, "open" if the breaker rejected it)
// and how long it took.
func (h *shLog) carrierCall(r *shReq, url string) (string, time.Duration) {
	const brk = "shipping_api::upstream::breaker"
	b := &r.pod.breaker
	if b.open && b.closes && !r.t.Before(b.until) {
		*b = shBreaker{}
	}
	if b.open && r.t.Before(b.until) {
		r.tr = incident(shCarrierDown)
		h.line(r, "WARN", "shipping_api::upstream", fmt.Sprintf(`upstream call rejected, circuit open service="carrier-gateway" retry_in_secs=%d`, int(math.Ceil(b.until.Sub(r.t).Seconds()))))
		return "open", 0
	}
	trial, began := b.open, r.t
	if trial {
		r.tr = incident(shCarrierDown)
		h.line(r, "INFO", brk, `circuit breaker half-open, sending trial request service="carrier-gateway"`)
	}
	why := ""
	for attempt := 1; attempt <= 2; attempt++ {
		at := r.t
		d, w := h.carrierAttempt(at)
		r.t = r.t.Add(d)
		if w == "" {
			if trial {
				b.closes, b.until = true, r.t
				h.line(r, "INFO", brk, fmt.Sprintf(`circuit breaker closed service="carrier-gateway" open_secs=%d`, int(r.t.Sub(b.since).Seconds())))
			}
			return "", r.t.Sub(began)
		}
		why = w
		if h.carrierFail(at) > 0 {
			r.tr = incident(shCarrierDown)
		}
		if trial {
			b.until = r.t.Add(30 * time.Second)
			h.line(r, "WARN", brk, `circuit breaker re-opened after failed trial service="carrier-gateway" open_secs=30`)
			return why, r.t.Sub(began)
		}
		recent := b.fails[:0]
		for _, f := range b.fails {
			if r.t.Sub(f) < 30*time.Second {
				recent = append(recent, f)
			}
		}
		b.fails = append(recent, r.t)
		if len(b.fails) >= 5 {
			b.open, b.until, b.since = true, r.t.Add(30*time.Second), r.t
			h.line(r, "WARN", brk, fmt.Sprintf(`circuit breaker opened service="carrier-gateway" failures=%d window_secs=30 open_secs=30`, len(b.fails)))
			return why, r.t.Sub(began)
		}
		if attempt == 1 {
			h.line(r, "WARN", "shipping_api::upstream", fmt.Sprintf(`upstream call failed, retrying service="carrier-gateway" attempt=1 backoff_ms=200 error=%s`, shReqwestDebug(url, w)))
			r.t = r.t.Add(200*time.Millisecond + h.ms(0, 40))
		}
	}
	return why, r.t.Sub(began)
}

// Jobs --------------------------------------------------------------------------------

func (h *shLog) jobs() {
	g := h.g
	g.every(h.start.Add(h.ms(0, 60_000)), h.end, time.Minute, 400*time.Millisecond, h.syncTracking)
	g.every(h.start.Add(h.ms(0, 10_000)), h.end, 10*time.Second, 150*time.Millisecond, h.publishOutbox)
	g.every(h.start.Add(h.ms(60_000, 300_000)), h.end, 5*time.Minute, time.Second, h.expireQuotes)
	g.every(h.start.Add(h.ms(60_000, 300_000)), h.end, 5*time.Minute, time.Second, h.refreshRateCards)
	g.every(h.start.Add(5*time.Minute+h.ms(0, 2000)), h.end, time.Hour, time.Second, h.slaRollup)
	g.every(h.start.Add(45*time.Minute+h.ms(0, 2000)), h.end, time.Hour, time.Second, h.purgeWebhooks)
}

func shJob(name string) string { return fmt.Sprintf("job{name=%q}", name) }

// jobFailed is a job whose first statement waited out the acquire timeout.
func (h *shLog) jobFailed(t time.Time, sp, what string) {
	at := t.Add(5*time.Second + h.us(200, 4000))
	h.log(incident(shPoolDry), at, "ERROR", sp, "shipping_api::jobs", fmt.Sprintf("job failed elapsed_ms=%d error=%s", at.Sub(t).Milliseconds(), what), shCauses(shPoolOut)...)
}

// syncTracking polls the carrier gateway for the updates of shipments in transit.
func (h *shLog) syncTracking(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	sp, tr := shJob("sync_tracking"), routine
	const target = "shipping_api::jobs::sync_tracking"
	if h.dbStall(t) {
		h.jobFailed(t, sp, "failed to load in-transit shipments")
		return
	}
	tt := t.Add(h.lat(40, 0.4))
	failed, changed := 0, 0
	for _, c := range shCarriers {
		if p := h.carrierFail(tt); p > 0 && h.g.chance(p) {
			tr = incident(shCarrierDown)
			failed++
			url := fmt.Sprintf("%s/v1/updates/%s?since=%s", shGateway, c, t.Add(-time.Minute).Format("2006-01-02T15:04:05Z"))
			why := "timeout"
			if h.g.chance(0.45) {
				why = "503"
				tt = tt.Add(h.lat(25, 0.5))
			} else {
				tt = tt.Add(5*time.Second + h.us(100, 4000))
			}
			h.log(tr, tt, "WARN", sp, target, fmt.Sprintf("carrier poll failed carrier=%q error=%s", c, shReqwestDebug(url, why)))
			continue
		}
		tt = tt.Add(h.lat(300, 0.4))
		changed += h.g.between(0, 22)
	}
	h.log(tr, tt, "INFO", sp, target, fmt.Sprintf("polled carrier updates in_transit=%d changed=%d delivered=%d failed_carriers=%d elapsed_ms=%d",
		h.g.between(1200, 1750), changed, changed/3, failed, tt.Sub(t).Milliseconds()))
	if changed > 0 && h.cacheDown(tt) {
		h.log(incident(shRedisDown), tt.Add(h.us(100, 1500)), "WARN", sp, "shipping_api::cache", fmt.Sprintf("cache unavailable, skipped invalidation keys=%d error=%s", changed*2, h.redisErr(tt)))
	}
}

func (h *shLog) publishOutbox(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	sp := shJob("publish_outbox")
	if h.dbStall(t) {
		h.jobFailed(t, sp, "failed to fetch pending outbox events")
		return
	}
	n := int(h.g.lognormal(15*h.traffic(t), 0.35))
	if n == 0 {
		return
	}
	h.log(routine, t.Add(h.lat(25, 0.4)), "INFO", sp, "shipping_api::jobs::outbox", fmt.Sprintf(`published outbox events count=%d topic="shipping.shipment-events" lag_ms=%d`, n, int(h.g.lognormal(900, 0.5))))
}

func (h *shLog) expireQuotes(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	sp := shJob("expire_quotes")
	if h.dbStall(t) {
		h.jobFailed(t, sp, "failed to delete expired quotes")
		return
	}
	d, rows := h.lat(180, 0.5), h.g.between(200, 1400)
	if h.g.chance(0.12) {
		d = h.lat(1400, 0.25)
	}
	if d >= time.Second {
		h.slow(routine, t.Add(d), sp, shDeleteQuotes, rows, 0, d)
	}
	h.log(routine, t.Add(d).Add(h.us(50, 500)), "INFO", sp, "shipping_api::jobs", fmt.Sprintf("expired quotes deleted rows=%d elapsed_ms=%d", rows, d.Milliseconds()))
}

func (h *shLog) refreshRateCards(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	sp := shJob("refresh_rate_cards")
	tt := t.Add(h.lat(300, 0.4))
	if h.cacheDown(tt) {
		h.log(incident(shRedisDown), tt, "ERROR", sp, "shipping_api::jobs", fmt.Sprintf("job failed elapsed_ms=%d error=failed to store rate cards in cache", tt.Sub(t).Milliseconds()),
			shCauses("Error occurred while creating a new object: "+shRefused, shRefused)...)
		return
	}
	changed := 0
	if h.g.chance(0.1) {
		changed = h.g.between(1, 12)
	}
	h.log(routine, tt, "INFO", sp, "shipping_api::jobs::rates", fmt.Sprintf("rate cards refreshed carriers=4 cards=%d changed=%d elapsed_ms=%d", h.g.between(208, 214), changed, tt.Sub(t).Milliseconds()))
}

func (h *shLog) slaRollup(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	d := h.lat(700, 0.3)
	h.log(routine, t.Add(d), "INFO", shJob("rollup_carrier_sla"), "shipping_api::jobs::sla", fmt.Sprintf("carrier SLA rollup written hour=%q carriers=4 shipments=%d on_time_pct=%.1f elapsed_ms=%d",
		t.Truncate(time.Hour).Add(-time.Hour).Format("2006-01-02T15:04:05Z"), h.g.between(3200, 4400), h.g.normal(94, 1.2), d.Milliseconds()))
}

// purgeWebhooks deletes a month-old hour of webhook events: always a slow statement.
func (h *shLog) purgeWebhooks(t time.Time) {
	if h.leaderAt(t) == nil {
		return
	}
	sp := shJob("purge_webhook_events")
	d, rows := h.lat(4200, 0.25), h.g.between(14_000, 23_000)
	h.slow(routine, t.Add(d), sp, shPurgeWebhooks, rows, 0, d)
	h.log(routine, t.Add(d).Add(h.us(50, 500)), "INFO", sp, "shipping_api::jobs", fmt.Sprintf("purged webhook events older than 30 days rows=%d elapsed_ms=%d", rows, d.Milliseconds()))
}

// runBackfill: an operator triggers the backfill of delivery windows through the admin
// API; the lease holder runs it batch by batch.
func (h *shLog) runBackfill() {
	tr, t := h.backfill.truth(), h.backfill.start
	r := h.req(tr, t, nil, "POST", "/admin/jobs/backfill_delivery_windows/run")
	r.handler("run_job{name=backfill_delivery_windows}")
	r.t = r.t.Add(h.lat(4, 0.4))
	h.line(r, "INFO", "shipping_api::routes::admin", `job triggered job="backfill_delivery_windows" requested_by="ops-oncall"`)
	r.status = 202
	h.finish(r)

	sp, target := shJob("backfill_delivery_windows"), "shipping_api::jobs::backfill"
	total, batch := h.g.between(1_180_000, 1_330_000), 5000
	t = r.t.Add(h.ms(200, 1500))
	began := t
	h.log(tr, t, "INFO", sp, target, fmt.Sprintf(`backfill started table="delivery_windows" pending=%d batch_size=%d throttle_ms=250`, total, batch))
	done := 0
	for i := 1; done < total; i++ {
		d := h.lat(4950, 0.12)
		if h.g.chance(0.05) {
			d += h.ms(800, 2500)
			h.slow(tr, t.Add(d), sp, shBackfillBatch, min(batch, total-done)*3, 0, d)
		}
		t = t.Add(d + 250*time.Millisecond)
		rows := min(batch, total-done)
		done += rows
		h.log(tr, t, "INFO", sp, target, fmt.Sprintf("backfill progress batch=%d rows=%d done=%d pending=%d pct=%.1f rows_per_sec=%d",
			i, rows, done, total-done, 100*float64(done)/float64(total), int(float64(rows)/(d+250*time.Millisecond).Seconds())))
	}
	h.fillEnd = t
	h.log(tr, t.Add(h.ms(1, 20)), "INFO", sp, target, fmt.Sprintf("backfill finished rows=%d windows=%d elapsed_secs=%d", total, total*3-h.g.intn(5000), int(t.Sub(began).Seconds())))
}

// Incidents ---------------------------------------------------------------------------

// partnerPanics: the partner's batch quotes to Kosovo, each retried twice; every one
// panics in the zone lookup. Written in time order, so that each process prints the
// backtrace note on its first panic only.
func (h *shLog) partnerPanics() {
	type try struct {
		at      time.Time
		origin  string
		parcels int
	}
	var tries []try
	h.g.arrivals(h.panicAt, h.panicEnd, func(time.Time) float64 { return 0.3 }, func(t time.Time) {
		origin, parcels := pick(h.g, []string{"DE", "DE", "AT"}), 1+h.g.intn(2)
		for n, d := 0, time.Duration(0); n < 3; n++ {
			tries = append(tries, try{t.Add(d), origin, parcels})
			d += time.Duration(1<<n)*time.Second + h.ms(0, 500)
		}
	})
	slices.SortStableFunc(tries, func(a, b try) int { return a.at.Compare(b.at) })
	tr := incident(shQuotePanic)
	for _, x := range tries {
		r := h.req(tr, x.at, nil, "POST", "/api/quotes")
		r.handler(fmt.Sprintf("create_quote{origin=%s destination=XK parcels=%d}", x.origin, x.parcels))
		r.t = r.t.Add(h.us(400, 1500))
		lines := []string{"thread 'tokio-runtime-worker' panicked at src/pricing/zones.rs:87:52:", shUnwrap}
		switch p := r.pod; {
		case p.backtrace:
			lines = append(lines, shBacktrace...)
		case !p.noted:
			p.noted = true
			lines = append(lines, "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace")
		}
		h.j.add(tr, r.t, lines...)
		r.t = r.t.Add(h.us(30, 200))
		h.log(tr, r.t, "ERROR", r.span, "shipping_api::error", "handler panicked, responding with 500 panic="+shUnwrap)
		r.status = 500
		h.finish(r)
	}
}

// shBacktrace is the short backtrace of the zone lookup's panic.
var shBacktrace = func() []string {
	frames := []struct{ fn, at string }{
		{"rust_begin_unwind", shRustc + "/std/src/panicking.rs:652:5"},
		{"core::panicking::panic_fmt", shRustc + "/core/src/panicking.rs:72:14"},
		{"core::panicking::panic", shRustc + "/core/src/panicking.rs:146:5"},
		{"core::option::unwrap_failed", shRustc + "/core/src/option.rs:1985:5"},
		{"core::option::Option<T>::unwrap", shRustc + "/core/src/option.rs:932:21"},
		{"shipping_api::pricing::zones::ZoneTable::zone_for", "./src/pricing/zones.rs:87:52"},
		{"shipping_api::pricing::quote::price_parcel", "./src/pricing/quote.rs:143:20"},
		{"shipping_api::pricing::quote::build_quote", "./src/pricing/quote.rs:71:27"},
		{"shipping_api::routes::quotes::create_quote::{{closure}}", "./src/routes/quotes.rs:58:17"},
		{"<tracing::instrument::Instrumented<T> as core::future::future::Future>::poll", shCargo + "/tracing-0.1.40/src/instrument.rs:321:9"},
		{"axum::handler::Handler::call::{{closure}}", shCargo + "/axum-0.7.5/src/handler/mod.rs:260:52"},
		{"<core::pin::Pin<P> as core::future::future::Future>::poll", shRustc + "/core/src/future/future.rs:123:9"},
		{"<futures_util::future::future::map::Map<Fut,F> as core::future::future::Future>::poll", shCargo + "/futures-util-0.3.30/src/future/future/map.rs:55:37"},
		{"<axum::routing::route::RouteFuture<E> as core::future::future::Future>::poll", shCargo + "/axum-0.7.5/src/routing/route.rs:164:40"},
		{"<tower_http::catch_panic::ResponseFuture<F> as core::future::future::Future>::poll", shCargo + "/tower-http-0.5.2/src/catch_panic.rs:224:36"},
		{"<tower_http::trace::future::ResponseFuture<Fut,B,C,OnResponseT,OnBodyChunkT,OnEosT,OnFailureT> as core::future::future::Future>::poll", shCargo + "/tower-http-0.5.2/src/trace/future.rs:52:43"},
		{"<hyper_util::service::TowerToHyperServiceFuture<S,R> as core::future::future::Future>::poll", shCargo + "/hyper-util-0.1.6/src/service.rs:68:9"},
		{"hyper::proto::h1::dispatch::Dispatcher<D,Bs,I,T>::poll_write", shCargo + "/hyper-1.4.1/src/proto/h1/dispatch.rs:338:53"},
		{"hyper::proto::h1::dispatch::Dispatcher<D,Bs,I,T>::poll_loop", shCargo + "/hyper-1.4.1/src/proto/h1/dispatch.rs:178:21"},
		{"<hyper::server::conn::http1::UpgradeableConnection<I,S> as core::future::future::Future>::poll", shCargo + "/hyper-1.4.1/src/server/conn/http1.rs:528:26"},
		{"tokio::runtime::task::core::Core<T,S>::poll", shCargo + "/tokio-1.38.0/src/runtime/task/core.rs:328:17"},
		{"tokio::runtime::task::harness::Harness<T,S>::poll", shCargo + "/tokio-1.38.0/src/runtime/task/harness.rs:151:15"},
		{"tokio::runtime::scheduler::multi_thread::worker::Context::run_task", shCargo + "/tokio-1.38.0/src/runtime/scheduler/multi_thread/worker.rs:576:9"},
		{"tokio::runtime::scheduler::multi_thread::worker::Context::run", shCargo + "/tokio-1.38.0/src/runtime/scheduler/multi_thread/worker.rs:525:24"},
	}
	l := []string{"stack backtrace:"}
	for i, f := range frames {
		l = append(l, fmt.Sprintf("%4d: %s", i, f.fn), "             at "+f.at)
	}
	return append(l, "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.")
}()

// redisRestored: each pod's first good Redis call after the outage.
func (h *shLog) redisRestored() {
	for _, p := range h.pods {
		if p.serving(h.redisFix) {
			t := h.redisFix.Add(h.ms(20, 3000))
			h.log(incident(shRedisDown), t, "INFO", "", "shipping_api::cache", fmt.Sprintf("redis connection restored outage_secs=%d", int(t.Sub(h.redisAt).Seconds())))
		}
	}
}
