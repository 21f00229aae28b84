package families

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// gateway is the API gateway of a multi-tenant SaaS, a Go service logging logfmt lines
// (ts, caller, level, msg, then key=value pairs) to stderr, as the container runtime
// writes them to the node's log file: each line behind a CRI prefix (an RFC 3339 time
// with nanoseconds, the stream, F for a full line).
//
// Normal traffic: about 9 requests a second from twelve tenants over seven routes (ids in
// the paths), durations written with their unit (`12.3ms`, `1.2s`), routine 404s, 409s,
// expired tokens (a warning and a 401), a tenant over its rate limit now and then (a
// warning and a 429), a ledger call failing once in a while; the health of three
// upstreams every 10 s, spool stats (queued lines, free disk) every 30 s, the signing
// keys refreshed every minute and token cache stats every 5 minutes.
//
// Benign changes: a rolling restart into 2.4.1 at 0:45 (shutdown and start-up lines, a
// pause in requests, a cache field on every request line from then on); a new tenant
// at 1:20 whose traffic grows to a tenth of the gateway's; traffic doubling from 2:00 as
// a region's day starts; a configuration reload at 2:30 that changes rate limits.
//
// Incidents: the identity provider's signing keys failing to refresh at 0:25 for 8
// minutes (refresh errors, the upstream unhealthy, a third of the tokens rejected with a
// reason never seen before); one tenant's client retrying in a loop at 1:05 for 10
// minutes (a storm of the routine rate-limit warning and its 429s); the spool's disk
// filling from 1:40 over 25 minutes, then 5 minutes of failed writes and the space
// freed; the billing database's connection pool exhausted at 2:42 for 6 minutes
// (invoice requests taking seconds, some 504s, pool warnings).
var gateway = Family{
	Name:    "gateway",
	Role:    Tuning,
	Service: "API gateway of a multi-tenant SaaS, logfmt lines behind the container runtime's CRI prefix",
	Lines:   gatewayLines,
}

const (
	gatewayJWKS     = "signing keys failing to refresh, tokens rejected"
	gatewayRetry    = "one tenant's client in a retry loop (429 storm)"
	gatewayDiskFull = "spool disk filling, then writes failing"
	gatewayPool     = "billing database pool exhausted (slow invoices, 504s)"
)

type gatewayRoute struct {
	method, route string
	weight        float64
	median        time.Duration
	ok            int
	billing       bool
}

var gatewayRoutes = []gatewayRoute{
	{"GET", "/v1/accounts/{id}", 0.25, 12 * time.Millisecond, 200, false},
	{"GET", "/v1/invoices", 0.12, 35 * time.Millisecond, 200, true},
	{"GET", "/v1/invoices/{id}", 0.13, 20 * time.Millisecond, 200, true},
	{"POST", "/v1/payments", 0.10, 80 * time.Millisecond, 201, false},
	{"GET", "/v1/usage", 0.15, 25 * time.Millisecond, 200, false},
	{"POST", "/v1/events", 0.20, 6 * time.Millisecond, 202, false},
	{"GET", "/v1/plans", 0.05, 4 * time.Millisecond, 200, false},
}

var gatewayTenants = []string{"acme", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "vandelay", "dunder"}

type gatewayLog struct {
	g *gen
	j *journal

	start                            time.Time
	restart, tenant, ramp, reload    change
	jwksAt, retryAt, diskAt, poolAt  time.Time
	fullAt, freedAt                  time.Time
	restartDown, restartUp           time.Time
	tenantWeights                    []float64
	queued, flushed, spoolSeq, fails int
}

func gatewayLines(seed int64) []Line {
	start := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	w := &gatewayLog{
		g:       newGen(seed, 6),
		j:       &journal{},
		start:   start,
		restart: change{"rolling restart into 2.4.1", start.Add(45 * time.Minute)},
		tenant:  change{"new tenant onboarded", start.Add(80 * time.Minute)},
		ramp:    change{"traffic doubling as a region's day starts", start.Add(120 * time.Minute)},
		reload:  change{"config reload: rate limits", start.Add(150 * time.Minute)},
		jwksAt:  start.Add(25 * time.Minute),
		retryAt: start.Add(65 * time.Minute),
		diskAt:  start.Add(100 * time.Minute),
		poolAt:  start.Add(162 * time.Minute),
	}
	w.fullAt = w.diskAt.Add(25 * time.Minute)
	w.freedAt = w.fullAt.Add(5 * time.Minute)
	w.restartDown = w.restart.start.Add(2 * time.Second)
	w.restartUp = w.restartDown.Add(9 * time.Second)
	for i := range gatewayTenants {
		w.tenantWeights = append(w.tenantWeights, 1/float64(i+2))
	}
	end := start.Add(Length)
	up := func(t time.Time) bool { return t.Before(w.restartDown) || !t.Before(w.restartUp) }
	w.g.arrivals(start, end, func(t time.Time) float64 {
		if !up(t) {
			return 0
		}
		return 9 * (1 + rampUp(t, w.ramp.start, 20*time.Minute))
	}, w.request)
	w.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 240 }, w.overLimit)
	w.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, w.ledgerFailure)
	w.g.every(start.Add(3*time.Second), end, 10*time.Second, 20*time.Millisecond, func(t time.Time) {
		if up(t) {
			w.health(t)
		}
	})
	w.g.every(start.Add(17*time.Second), end, 30*time.Second, 10*time.Millisecond, func(t time.Time) {
		if up(t) {
			w.spoolStats(t)
		}
	})
	w.g.every(start.Add(41*time.Second), end, time.Minute, 50*time.Millisecond, func(t time.Time) {
		if up(t) && !within(t, w.jwksAt, 8*time.Minute) {
			w.line(routine, t, "info", "auth/jwks.go:64", "jwks refreshed", kv("provider", gatewayJWKSURL), kv("keys", 3))
		}
	})
	w.g.every(start.Add(2*time.Minute), end, 5*time.Minute, 10*time.Millisecond, func(t time.Time) {
		if up(t) {
			w.line(routine, t, "info", "auth/cache.go:118", "token cache stats", kv("size", w.g.between(3800, 4096)), kv("hit_ratio", round(w.g.normal(0.96, 0.01), 3)), kv("evictions", w.g.between(0, 40)))
		}
	})
	w.jwksFailing()
	w.retryLoop()
	w.diskFull()
	w.poolExhausted()
	w.restartLines()
	w.reloadLines()
	return w.j.sorted(end)
}

const gatewayJWKSURL = "https://id.example.com/.well-known/jwks.json"

// pair is one key=value of a logfmt line.
type pair struct {
	key   string
	value string
}

func kv(key string, v any) pair {
	switch v := v.(type) {
	case string:
		return pair{key, v}
	case int:
		return pair{key, strconv.Itoa(v)}
	case float64:
		return pair{key, strconv.FormatFloat(v, 'f', -1, 64)}
	case bool:
		return pair{key, strconv.FormatBool(v)}
	case time.Duration:
		return pair{key, logfmtDuration(v)}
	}
	panic(fmt.Sprintf("families: no logfmt form for %T", v))
}

// logfmtDuration writes a duration as Go's time.Duration.String does, rounded to a tenth
// of its unit (12.3ms, 1.24s).
func logfmtDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return strconv.FormatFloat(round(float64(d)/float64(time.Microsecond), 1), 'f', -1, 64) + "µs"
	case d < time.Second:
		return strconv.FormatFloat(round(float64(d)/float64(time.Millisecond), 1), 'f', -1, 64) + "ms"
	}
	return strconv.FormatFloat(round(d.Seconds(), 2), 'f', -1, 64) + "s"
}

// line writes one logfmt line behind the CRI prefix, as the runtime stores it.
func (w *gatewayLog) line(tr truth, at time.Time, level, caller, msg string, pairs ...pair) {
	var b strings.Builder
	b.WriteString(at.Format("2006-01-02T15:04:05.000000000Z07:00"))
	b.WriteString(" stderr F ts=")
	b.WriteString(at.Format("2006-01-02T15:04:05.000Z07:00"))
	b.WriteString(" caller=" + caller + " level=" + level + " msg=" + strconv.Quote(msg))
	for _, p := range pairs {
		b.WriteString(" " + p.key + "=")
		if p.value == "" || strings.ContainsAny(p.value, " =\"") {
			b.WriteString(strconv.Quote(p.value))
		} else {
			b.WriteString(p.value)
		}
	}
	w.j.add(tr, at, b.String())
}

func (w *gatewayLog) pickTenant(t time.Time) (string, truth) {
	g := w.g
	// The new tenant grows to a tenth of the traffic over ten minutes.
	share := 0.1 * rampUp(t, w.tenant.start, 10*time.Minute)
	if share > 0 && g.chance(share) {
		return "globex", w.tenant.truth()
	}
	i := g.weighted(len(w.tenantWeights), func(i int) float64 { return w.tenantWeights[i] })
	return gatewayTenants[max(0, i)], routine
}

func (w *gatewayLog) request(t time.Time) {
	g := w.g
	tenant, tr := w.pickTenant(t)
	// The requests beyond the usual rate are the change's.
	if extra := rampUp(t, w.ramp.start, 20*time.Minute); extra > 0 && g.chance(extra/(1+extra)) {
		tr = later(tr, w.ramp.truth())
	}
	r := gatewayRoutes[len(gatewayRoutes)-1]
	u := g.rng.Float64()
	for _, x := range gatewayRoutes {
		if u < x.weight {
			r = x
			break
		}
		u -= x.weight
	}
	path := r.route
	if strings.HasSuffix(path, "{id}") {
		path = strings.TrimSuffix(path, "{id}") + strconv.Itoa(g.between(10000, 999999))
	}
	status, level := r.ok, "info"
	d := time.Duration(g.lognormal(float64(r.median), 0.45))
	switch v := g.rng.Float64(); {
	case within(t, w.jwksAt, 8*time.Minute) && v < 0.35:
		tr = incident(gatewayJWKS)
		status, d = 401, time.Duration(g.lognormal(float64(400*time.Microsecond), 0.3))
		w.line(tr, t, "warn", "auth/verify.go:91", "token rejected", kv("tenant", tenant), kv("reason", "unknown signing key"), kv("kid", "k-2024-06-a"))
	case v < 0.004:
		status, d = 401, time.Duration(g.lognormal(float64(300*time.Microsecond), 0.3))
		w.line(tr, t, "warn", "auth/verify.go:91", "token rejected", kv("tenant", tenant), kv("reason", "token expired"), kv("kid", "k-2024-05-c"))
	case v < 0.012 && r.method == "GET" && strings.HasSuffix(r.route, "{id}"):
		status = 404
	case v < 0.015 && r.route == "/v1/payments":
		status = 409
	}
	if r.billing && within(t, w.poolAt, 6*time.Minute) {
		tr = incident(gatewayPool)
		d = time.Duration(g.lognormal(float64(2500*time.Millisecond), 0.4))
		if g.chance(0.2) {
			status, level, d = 504, "error", 5*time.Second
		}
	}
	done := t.Add(d)
	pairs := []pair{kv("tenant", tenant), kv("method", r.method), kv("path", path), kv("status", status), kv("duration", d), kv("bytes", g.between(90, 6000)), kv("trace_id", g.hex(32))}
	if !done.Before(w.restartUp) {
		pairs = append(pairs, kv("cache", pick(g, []string{"hit", "hit", "hit", "miss"})))
	}
	w.line(tr, done, level, "proxy/handler.go:212", "request completed", pairs...)
}

// overLimit is a tenant going over its rate limit for a moment, as some do every day.
func (w *gatewayLog) overLimit(t time.Time) {
	tenant, tr := w.pickTenant(t)
	w.line(tr, t, "warn", "ratelimit/limiter.go:77", "rate limit exceeded", kv("tenant", tenant), kv("limit", 200), kv("window", "1m"))
	w.line(tr, t, "info", "proxy/handler.go:212", "request completed", kv("tenant", tenant), kv("method", "POST"), kv("path", "/v1/events"), kv("status", 429), kv("duration", time.Duration(w.g.lognormal(float64(200*time.Microsecond), 0.3))), kv("bytes", 64), kv("trace_id", w.g.hex(32)))
}

// ledgerFailure is the ledger service answering 503 once in a while, the call retried.
func (w *gatewayLog) ledgerFailure(t time.Time) {
	w.line(routine, t, "error", "upstream/client.go:143", "upstream request failed", kv("upstream", "ledger-svc"), kv("status", 503), kv("attempt", 1), kv("err", "service unavailable"))
	at := t.Add(time.Duration(w.g.between(100, 400)) * time.Millisecond)
	w.line(routine, at, "info", "upstream/client.go:151", "upstream request retried", kv("upstream", "ledger-svc"), kv("attempt", 2), kv("status", 200))
}

func (w *gatewayLog) health(t time.Time) {
	g := w.g
	for _, up := range []string{"billing-db", "ledger-svc", "id-provider"} {
		at := t.Add(time.Duration(g.intn(50)) * time.Millisecond)
		tr, healthy := routine, true
		lat := time.Duration(g.lognormal(float64(2*time.Millisecond), 0.3))
		switch {
		case up == "id-provider" && within(t, w.jwksAt, 8*time.Minute):
			tr, healthy, lat = incident(gatewayJWKS), false, 5*time.Second
		case up == "billing-db" && within(t, w.poolAt, 6*time.Minute):
			tr, lat = incident(gatewayPool), time.Duration(g.lognormal(float64(800*time.Millisecond), 0.2))
		}
		w.line(tr, at, "info", "upstream/health.go:52", "upstream health", kv("upstream", up), kv("healthy", healthy), kv("latency", lat))
	}
}

// spoolStats reports the local spool that buffers audit lines for shipping: its queue
// and the disk left, which the disk incident fills.
func (w *gatewayLog) spoolStats(t time.Time) {
	g := w.g
	tr := routine
	free := 51200 - int(t.Sub(w.start).Hours()*40) - g.between(0, 30)
	switch {
	case within(t, w.diskAt, w.fullAt.Sub(w.diskAt)):
		// A shipping destination rejects batches; the spool keeps them.
		x := t.Sub(w.diskAt).Minutes() / w.fullAt.Sub(w.diskAt).Minutes()
		free = int(float64(free) * (1 - x))
		w.queued += g.between(9000, 11000)
		tr = incident(gatewayDiskFull)
	case within(t, w.fullAt, w.freedAt.Sub(w.fullAt)):
		free = 0
		w.queued += g.between(50, 200)
		tr = incident(gatewayDiskFull)
	default:
		w.queued = g.between(0, 120)
	}
	w.flushed += g.between(250, 320)
	w.line(tr, t, "info", "spool/spool.go:201", "spool stats", kv("queued", w.queued), kv("flushed_total", w.flushed), kv("disk_free_mb", free))
}

// jwksFailing is the identity provider timing out: the key refresh fails every 15 s and
// tokens signed with the rotated key are rejected (see request).
func (w *gatewayLog) jwksFailing() {
	tr := incident(gatewayJWKS)
	attempt := 0
	w.g.every(w.jwksAt.Add(6*time.Second), w.jwksAt.Add(8*time.Minute), 15*time.Second, 30*time.Millisecond, func(t time.Time) {
		attempt++
		w.line(tr, t, "error", "auth/jwks.go:71", "jwks refresh failed", kv("provider", gatewayJWKSURL), kv("attempt", attempt), kv("err", "context deadline exceeded"))
	})
	at := w.jwksAt.Add(8*time.Minute + 4*time.Second)
	w.line(tr, at, "info", "auth/jwks.go:64", "jwks refreshed", kv("provider", gatewayJWKSURL), kv("keys", 4))
}

// retryLoop is a tenant's client retrying without backoff: each rejected call is tried
// again at once.
func (w *gatewayLog) retryLoop() {
	tr := incident(gatewayRetry)
	w.g.arrivals(w.retryAt, w.retryAt.Add(10*time.Minute), func(time.Time) float64 { return 10 }, func(t time.Time) {
		w.line(tr, t, "warn", "ratelimit/limiter.go:77", "rate limit exceeded", kv("tenant", "initech"), kv("limit", 200), kv("window", "1m"))
		w.line(tr, t, "info", "proxy/handler.go:212", "request completed", kv("tenant", "initech"), kv("method", "POST"), kv("path", "/v1/events"), kv("status", 429), kv("duration", time.Duration(w.g.lognormal(float64(200*time.Microsecond), 0.3))), kv("bytes", 64), kv("trace_id", w.g.hex(32)))
	})
}

// diskFull is the spool's disk full: writes fail twice a second until an operator frees
// the space (the spool stats show the climb, see spoolStats).
func (w *gatewayLog) diskFull() {
	tr := incident(gatewayDiskFull)
	w.g.arrivals(w.fullAt, w.freedAt, func(time.Time) float64 { return 2 }, func(t time.Time) {
		w.spoolSeq++
		w.line(tr, t, "error", "spool/spool.go:143", "spool write failed", kv("file", fmt.Sprintf("/var/spool/gateway/%06d.log", 4100+w.spoolSeq/20)), kv("err", "no space left on device"))
	})
	w.line(tr, w.freedAt.Add(2*time.Second), "info", "spool/spool.go:230", "spool recovered", kv("freed_mb", 48210), kv("queued", w.queued))
}

// poolExhausted is the billing database's pool used up by a slow query: invoice requests
// wait for a connection (see request), and the pool says so every couple of seconds.
func (w *gatewayLog) poolExhausted() {
	tr := incident(gatewayPool)
	w.g.arrivals(w.poolAt, w.poolAt.Add(6*time.Minute), func(time.Time) float64 { return 0.5 }, func(t time.Time) {
		w.line(tr, t, "warn", "db/pool.go:88", "db pool exhausted", kv("pool", "billing-db"), kv("in_use", 20), kv("max", 20), kv("waiting", w.g.between(5, 60)))
	})
}

// restartLines are the old process stopping and the new one starting.
func (w *gatewayLog) restartLines() {
	tr := w.restart.truth()
	at := w.restart.start
	w.line(tr, at, "info", "cmd/gateway/main.go:97", "shutting down", kv("signal", "terminated"))
	w.line(tr, at.Add(1500*time.Millisecond), "info", "proxy/server.go:140", "drained connections", kv("inflight", w.g.between(1, 6)))
	at = w.restartUp.Add(-3 * time.Second)
	steps := []struct {
		caller, msg string
		pairs       []pair
	}{
		{"cmd/gateway/main.go:44", "starting gateway", []pair{kv("version", "2.4.1"), kv("commit", "9e1c0fa"), kv("go", "go1.22.4")}},
		{"config/load.go:31", "config loaded", []pair{kv("path", "/etc/gateway/config.yaml"), kv("routes", len(gatewayRoutes)), kv("tenants", len(gatewayTenants))}},
		{"upstream/client.go:58", "upstream connected", []pair{kv("upstream", "billing-db"), kv("pool", 20)}},
		{"upstream/client.go:58", "upstream connected", []pair{kv("upstream", "ledger-svc"), kv("pool", 50)}},
		{"auth/jwks.go:64", "jwks refreshed", []pair{kv("provider", gatewayJWKSURL), kv("keys", 3)}},
		{"proxy/server.go:88", "listening", []pair{kv("addr", ":8443"), kv("tls", true)}},
	}
	for _, s := range steps {
		at = at.Add(time.Duration(w.g.between(100, 600)) * time.Millisecond)
		w.line(tr, at, "info", s.caller, s.msg, s.pairs...)
	}
	w.line(w.tenant.truth(), w.tenant.start, "info", "admin/tenants.go:120", "tenant provisioned", kv("tenant", "globex"), kv("plan", "enterprise"), kv("rate_limit", 400))
}

func (w *gatewayLog) reloadLines() {
	tr := w.reload.truth()
	at := w.reload.start
	w.line(tr, at, "info", "config/watch.go:49", "config reloaded", kv("path", "/etc/gateway/config.yaml"), kv("checksum", w.g.hex(12)))
	w.line(tr, at.Add(3*time.Millisecond), "info", "ratelimit/limiter.go:40", "rate limits updated", kv("tenants", len(gatewayTenants)+1), kv("default_rpm", 240))
}
