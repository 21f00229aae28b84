package families

import (
	"fmt"
	"time"
)

// ordersAPI is a Go microservice on Kubernetes writing zap-style JSON lines (level, ts,
// logger, caller, msg, then fields: pod, method, path, status, duration_ms, user,
// trace_id, ...), its pods' lines interleaved in one stream as a log collector grouping by
// container name gives them.
//
// Normal traffic: about 12 requests a second over six endpoints with ids in their paths,
// statuses mostly 2xx with routine 404s, 400s, 409s and 401s (expired tokens), Kubernetes
// probes, orders created and their events published to partitions that cycle 0..11,
// slow queries and a payment call retried now and then; per pod, runtime stats every
// 30 s and database pool stats (a wait counter that only grows) every minute.
//
// Benign changes: a scale-out from 3 to 6 pods at 1:00 (start banners, new pod names,
// traffic +60%); a configuration reload at 1:55 that turns on a feature flag (a new
// endpoint and a new INFO template); a rolling deploy of 1.9.0 at 2:25 (pods replaced
// one by one, a new region field on every request line, a new INFO template).
//
// Incidents: a goroutine leak on one pod from 0:30 over 22 minutes, ending in its
// restart; a latency regression of GET /v1/inventory/{sku} at 1:25 for 20 minutes (x20,
// statuses 200); a burst of 403s on POST /v1/admin/refunds at 2:10 for 90 s; the
// database refusing connections at 2:40 for 4 minutes (errors and 500s).
var ordersAPI = Family{
	Name:    "orders-api",
	Role:    Tuning,
	Service: "Go microservice on Kubernetes, zap JSON lines from several pods",
	Lines:   ordersLines,
}

const (
	ordersGoroutineLeak = "goroutine leak on one pod, then its restart"
	ordersSlowInventory = "GET /v1/inventory latency x20, all 200"
	ordersAdmin403      = "403 burst on POST /v1/admin/refunds"
	ordersDBRefused     = "database refusing connections (errors, 500s)"
)

type ordersPod struct {
	name      string
	version   string
	up, down  time.Time // alive in [up, down)
	ready     time.Time
	tr        truth // the truth of every line the pod writes
	region    bool  // 1.9.0 writes the region on request lines
	waitCount int
	restarted bool
}

type ordersLog struct {
	g *gen
	j *journal

	start                     time.Time
	scaleOut, reload, deploy  change
	leakAt, leakEnd           time.Time
	slowAt, forbiddenAt, dbAt time.Time
	pods                      []*ordersPod
	leaky                     *ordersPod
	offsets                   [12]int
	partition                 int
}

func ordersLines(seed int64) []Line {
	start := time.Date(2024, 4, 2, 13, 0, 0, 0, time.UTC)
	o := &ordersLog{
		g:           newGen(seed, 2),
		j:           &journal{},
		start:       start,
		scaleOut:    change{"scale-out from 3 to 6 pods", start.Add(60 * time.Minute)},
		reload:      change{"config reload: new_checkout flag on", start.Add(115 * time.Minute)},
		deploy:      change{"rolling deploy of 1.9.0", start.Add(145 * time.Minute)},
		leakAt:      start.Add(30 * time.Minute),
		leakEnd:     start.Add(52 * time.Minute),
		slowAt:      start.Add(85 * time.Minute),
		forbiddenAt: start.Add(130 * time.Minute),
		dbAt:        start.Add(160 * time.Minute),
	}
	for i := range o.offsets {
		o.offsets[i] = 4_000_000 + o.g.intn(200_000)
	}
	end := start.Add(Length)
	hash := "6c9d7f5b8"
	for i := 0; i < 3; i++ {
		o.pods = append(o.pods, &ordersPod{name: "orders-api-" + hash + "-" + o.g.alnum(5), version: "1.8.1", up: start.Add(-40 * time.Hour), ready: start.Add(-40 * time.Hour), down: end, tr: routine})
	}
	o.leaky = o.pods[1]
	for i := 0; i < 3; i++ {
		up := o.scaleOut.start.Add(time.Duration(i*25) * time.Second)
		o.pods = append(o.pods, &ordersPod{name: "orders-api-" + hash + "-" + o.g.alnum(5), version: "1.8.1", up: up, ready: up.Add(6 * time.Second), down: end, tr: o.scaleOut.truth()})
	}
	newHash := "7f4b9c6d5"
	live := append([]*ordersPod(nil), o.pods...)
	for i, old := range live {
		up := o.deploy.start.Add(time.Duration(i*40) * time.Second)
		old.down = up.Add(15 * time.Second)
		o.pods = append(o.pods, &ordersPod{name: "orders-api-" + newHash + "-" + o.g.alnum(5), version: "1.9.0", up: up, ready: up.Add(7 * time.Second), down: end, tr: o.deploy.truth(), region: true})
	}
	for _, p := range o.pods {
		if p.up.After(start) {
			o.banner(p, p.up, p.tr)
		}
		if p.down.Before(end) {
			o.shutdown(p)
		}
		o.g.every(maxTime(p.up, start).Add(time.Duration(o.g.intn(30000))*time.Millisecond), p.down, 30*time.Second, 5*time.Millisecond, func(t time.Time) { o.runtimeStats(p, t) })
		o.g.every(maxTime(p.up, start).Add(time.Duration(o.g.intn(60000))*time.Millisecond), p.down, time.Minute, 5*time.Millisecond, func(t time.Time) { o.poolStats(p, t) })
		o.g.every(maxTime(p.ready, start).Add(time.Duration(o.g.intn(10000))*time.Millisecond), p.down, 10*time.Second, 3*time.Millisecond, func(t time.Time) { o.probe(p, t) })
	}
	o.leakRestart()
	o.reloadLines()
	o.g.arrivals(start, end, o.rate, o.request)
	o.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 200 }, o.slowQuery)
	o.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 900 }, o.paymentRetry)
	o.g.arrivals(start, end, func(time.Time) float64 { return 0.02 }, o.adminRefund)
	o.forbiddenBurst()
	return o.j.sorted(end)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// rate is the request rate: 12/s, 60% more from the scale-out on (the load that
// triggered it).
func (o *ordersLog) rate(t time.Time) float64 {
	return 12 * (1 + 0.6*rampUp(t, o.scaleOut.start.Add(-5*time.Minute), 15*time.Minute))
}

// servingPod picks one of the pods ready at t.
func (o *ordersLog) servingPod(t time.Time) *ordersPod {
	var ready []*ordersPod
	for _, p := range o.pods {
		if !t.Before(p.ready) && t.Before(p.down) && !o.restarting(p, t) {
			ready = append(ready, p)
		}
	}
	return pick(o.g, ready)
}

// restarting reports whether p's container is restarting at t (after the leak).
func (o *ordersLog) restarting(p *ordersPod, t time.Time) bool {
	return p == o.leaky && within(t, o.leakEnd, 12*time.Second)
}

func (o *ordersLog) line(level string, at time.Time, logger, caller, msg string, p *ordersPod, fields ...field) string {
	head := []field{{"level", level}, {"ts", at.Format("2006-01-02T15:04:05.000Z07:00")}, {"logger", logger}, {"caller", caller}, {"msg", msg}, {"pod", p.name}}
	return jsonLine(append(head, fields...)...)
}

type ordersEndpoint struct {
	method, route string
	weight        float64
	medianMS      float64
	ok            int
	db            bool
}

var ordersEndpoints = []ordersEndpoint{
	{"GET", "/v1/orders/{id}", 0.35, 12, 200, true},
	{"GET", "/v1/orders", 0.15, 25, 200, true},
	{"POST", "/v1/orders", 0.10, 45, 201, true},
	{"GET", "/v1/inventory/{sku}", 0.20, 8, 200, true},
	{"GET", "/v1/cart", 0.12, 10, 200, false},
	{"PUT", "/v1/cart/items/{sku}", 0.08, 15, 200, false},
}

var ordersCommits = map[string]string{"1.8.1": "3fa91c2", "1.9.0": "b7d02e4"}

var ordersCheckout = ordersEndpoint{"POST", "/v2/checkout", 0, 60, 201, true}

func (o *ordersLog) request(t time.Time) {
	g := o.g
	p := o.servingPod(t)
	ep := ordersEndpoints[len(ordersEndpoints)-1]
	u := g.rng.Float64()
	for _, e := range ordersEndpoints {
		if u < e.weight {
			ep = e
			break
		}
		u -= e.weight
	}
	tr := p.tr
	if !t.Before(o.reload.start) && g.chance(0.05) {
		ep = ordersCheckout
		tr = later(p.tr, o.reload.truth())
	}
	path := ep.route
	switch ep.route {
	case "/v1/orders/{id}":
		path = fmt.Sprintf("/v1/orders/%d", g.between(100000, 999999))
	case "/v1/inventory/{sku}", "/v1/cart/items/{sku}":
		path = fmt.Sprintf("%s/SKU-%05d", ep.route[:len(ep.route)-6], g.intn(40000))
	}
	user := fmt.Sprintf("u-%d", g.between(10000, 99999))
	status, level := ep.ok, "info"
	ms := g.lognormal(ep.medianMS, 0.45)
	switch v := g.rng.Float64(); {
	case v < 0.005:
		status = 401
		o.j.add(tr, t, o.line("warn", t, "auth", "auth/jwt.go:91", "token validation failed", p, field{"error", "token is expired"}, field{"user", user}))
	case v < 0.025 && (ep.method == "GET" && ep.route != "/v1/cart"):
		status = 404
	case v < 0.035 && ep.method == "POST":
		status = 400
	case v < 0.037 && ep.method == "POST":
		status = 409
	}
	if ep.route == "/v1/inventory/{sku}" && within(t, o.slowAt, 20*time.Minute) {
		ms *= 20
		tr = incident(ordersSlowInventory)
	}
	if ep.db && within(t, o.dbAt, 4*time.Minute) {
		tr = incident(ordersDBRefused)
		status, level, ms = 500, "error", g.lognormal(3, 0.3)
		o.j.add(tr, t, o.line("error", t, "db", "db/query.go:57", "query failed", p, field{"error", "dial tcp 10.0.3.7:5432: connect: connection refused"}, field{"attempt", 3}))
	}
	done := t.Add(time.Duration(ms * float64(time.Millisecond)))
	trace := g.hex(32)
	if status == ep.ok && ep.route == "/v1/orders" && ep.method == "POST" {
		o.orderCreated(p, tr, done, user, trace)
	}
	if ep == ordersCheckout {
		o.j.add(tr, done, o.line("info", done, "checkout", "checkout/session.go:77", "checkout session created", p, field{"session_id", "cs_" + g.hex(20)}, field{"items", g.between(1, 6)}, field{"user", user}))
	}
	fields := []field{{"component", "http"}, {"method", ep.method}, {"path", path}, {"status", status}, {"duration_ms", round(ms, 1)}, {"bytes", g.between(120, 4000)}, {"user", user}, {"trace_id", trace}}
	if p.region {
		fields = append(fields, field{"region", "eu-west-1"})
	}
	o.j.add(tr, done, o.line(level, done, "http", "server/middleware.go:64", "request completed", p, fields...))
}

func (o *ordersLog) orderCreated(p *ordersPod, tr truth, at time.Time, user, trace string) {
	g := o.g
	id := "ord_" + g.hex(12)
	o.j.add(tr, at, o.line("info", at, "orders", "orders/service.go:141", "order created", p, field{"order_id", id}, field{"items", g.between(1, 8)}, field{"total_cents", int(g.lognormal(4500, 0.8))}, field{"user", user}, field{"trace_id", trace}))
	if p.version == "1.9.0" && g.chance(0.01) {
		o.j.add(tr, at, o.line("info", at, "orders", "orders/idempotency.go:38", "idempotency key reused", p, field{"order_id", id}, field{"key", g.uuid()}))
	}
	o.partition = (o.partition + 1) % len(o.offsets)
	o.offsets[o.partition] += g.between(1, 40)
	at = at.Add(time.Duration(g.between(1, 6)) * time.Millisecond)
	o.j.add(tr, at, o.line("info", at, "kafka", "kafka/producer.go:88", "event published", p, field{"topic", "orders.v1"}, field{"partition", o.partition}, field{"offset", o.offsets[o.partition]}, field{"event", "order.created"}))
}

func (o *ordersLog) probe(p *ordersPod, t time.Time) {
	if o.restarting(p, t) {
		return
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		at := t.Add(time.Duration(o.g.intn(400)) * time.Millisecond)
		o.j.add(p.tr, at, o.line("info", at, "http", "server/middleware.go:64", "request completed", p, field{"component", "http"}, field{"method", "GET"}, field{"path", path}, field{"status", 200}, field{"duration_ms", round(o.g.lognormal(0.3, 0.3), 1)}, field{"bytes", 2}, field{"user", "kube-probe/1.29"}))
	}
}

func (o *ordersLog) runtimeStats(p *ordersPod, t time.Time) {
	if o.restarting(p, t) {
		return
	}
	g := o.g
	goroutines := g.normal(140+8*o.rate(t)/12, 9)
	heap := g.lognormal(62, 0.12)
	tr := p.tr
	if p == o.leaky && within(t, o.leakAt, o.leakEnd.Sub(o.leakAt)) {
		// Every request leaves a goroutine blocked on a channel nobody reads.
		x := t.Sub(o.leakAt).Minutes() / o.leakEnd.Sub(o.leakAt).Minutes()
		goroutines += 8800 * x
		heap += 850 * x
		tr = incident(ordersGoroutineLeak)
	}
	o.j.add(tr, t, o.line("info", t, "runtime", "runtime/stats.go:33", "runtime stats", p, field{"goroutines", int(goroutines)}, field{"heap_mb", round(heap, 1)}, field{"gc_pause_ms", round(g.lognormal(0.4, 0.4), 2)}, field{"open_fds", g.between(30, 48)}))
}

func (o *ordersLog) poolStats(p *ordersPod, t time.Time) {
	if o.restarting(p, t) {
		return
	}
	g := o.g
	inUse := min(20, int(g.lognormal(3, 0.5)))
	open := max(inUse, g.between(8, 14))
	if p == o.leaky && !t.Before(o.leakEnd) && !p.restarted {
		p.waitCount, p.restarted = 0, true // a counter of the process: it starts again at 0
	}
	if g.chance(0.1) {
		p.waitCount++
	}
	tr := p.tr
	if within(t, o.dbAt, 4*time.Minute) {
		open, inUse, tr = 0, 0, incident(ordersDBRefused)
	}
	o.j.add(tr, t, o.line("info", t, "db", "db/pool.go:57", "db pool stats", p, field{"open", open}, field{"in_use", inUse}, field{"idle", open - inUse}, field{"wait_count", p.waitCount}))
}

func (o *ordersLog) slowQuery(t time.Time) {
	p := o.servingPod(t)
	o.j.add(p.tr, t, o.line("warn", t, "db", "db/query.go:81", "slow query", p, field{"query", "SELECT id, status, total_cents FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50"}, field{"duration_ms", round(o.g.lognormal(650, 0.3), 1)}))
}

func (o *ordersLog) paymentRetry(t time.Time) {
	p := o.servingPod(t)
	o.j.add(p.tr, t, o.line("error", t, "payments", "payments/client.go:120", "payment service call failed, retrying", p, field{"error", "unexpected status 503 Service Unavailable"}, field{"order_id", "ord_" + o.g.hex(12)}, field{"attempt", 1}))
}

// adminRefund is the routine use of the admin endpoint by the support team.
func (o *ordersLog) adminRefund(t time.Time) {
	p := o.servingPod(t)
	o.j.add(p.tr, t, o.line("info", t, "http", "server/middleware.go:64", "request completed", p, field{"component", "http"}, field{"method", "POST"}, field{"path", "/v1/admin/refunds"}, field{"status", 201}, field{"duration_ms", round(o.g.lognormal(30, 0.4), 1)}, field{"bytes", 310}, field{"user", fmt.Sprintf("u-ops-%d", o.g.between(1, 6))}, field{"trace_id", o.g.hex(32)}))
}

// forbiddenBurst is a customer's token replayed against the admin endpoint.
func (o *ordersLog) forbiddenBurst() {
	tr := incident(ordersAdmin403)
	o.g.arrivals(o.forbiddenAt, o.forbiddenAt.Add(90*time.Second), func(time.Time) float64 { return 12 }, func(t time.Time) {
		p := o.servingPod(t)
		o.j.add(tr, t, o.line("warn", t, "authz", "authz/policy.go:112", "permission denied", p, field{"user", "u-77310"}, field{"action", "refunds:create"}, field{"role", "customer"}))
		done := t.Add(time.Duration(o.g.between(1, 3)) * time.Millisecond)
		o.j.add(tr, done, o.line("info", done, "http", "server/middleware.go:64", "request completed", p, field{"component", "http"}, field{"method", "POST"}, field{"path", "/v1/admin/refunds"}, field{"status", 403}, field{"duration_ms", round(o.g.lognormal(1.2, 0.3), 1)}, field{"bytes", 61}, field{"user", "u-77310"}, field{"trace_id", o.g.hex(32)}))
	})
}

// banner is what a pod writes while it starts.
func (o *ordersLog) banner(p *ordersPod, at time.Time, tr truth) {
	g := o.g
	steps := []struct {
		caller, msg string
		fields      []field
	}{
		{"cmd/orders-api/main.go:41", "starting orders-api", []field{{"version", p.version}, {"go_version", "go1.22.1"}, {"commit", ordersCommits[p.version]}}},
		{"db/pool.go:29", "connected to database", []field{{"host", "orders-db-rw.orders.svc:5432"}, {"pool_size", 20}}},
		{"kafka/producer.go:47", "connected to kafka", []field{{"brokers", 3}, {"topic", "orders.v1"}}},
		{"server/server.go:58", "http server listening", []field{{"addr", ":8080"}}},
		{"cmd/orders-api/main.go:72", "ready", nil},
	}
	for _, s := range steps {
		at = at.Add(time.Duration(g.between(100, 1500)) * time.Millisecond)
		o.j.add(tr, at, o.line("info", at, "main", s.caller, s.msg, p, s.fields...))
	}
}

// shutdown is what a pod the deploy replaces writes as it stops.
func (o *ordersLog) shutdown(p *ordersPod) {
	tr := o.deploy.truth()
	at := p.down.Add(-2 * time.Second)
	o.j.add(tr, at, o.line("info", at, "main", "cmd/orders-api/main.go:88", "shutting down", p, field{"signal", "terminated"}))
	at = at.Add(time.Duration(o.g.between(300, 1500)) * time.Millisecond)
	o.j.add(tr, at, o.line("info", at, "server", "server/server.go:97", "http server stopped", p, field{"inflight", 0}))
}

// leakRestart is the leaking pod killed by its liveness probe and started again.
func (o *ordersLog) leakRestart() {
	p := o.leaky
	o.banner(p, o.leakEnd.Add(4*time.Second), incident(ordersGoroutineLeak))
}

func (o *ordersLog) reloadLines() {
	for _, p := range o.pods {
		if o.reload.start.Before(p.ready) || !o.reload.start.Before(p.down) {
			continue
		}
		at := o.reload.start.Add(time.Duration(o.g.intn(3000)) * time.Millisecond)
		tr := later(p.tr, o.reload.truth())
		o.j.add(tr, at, o.line("info", at, "config", "config/watch.go:49", "configuration reloaded", p, field{"source", "/etc/orders/config.yaml"}, field{"checksum", o.g.hex(12)}))
		o.j.add(tr, at, o.line("info", at, "config", "config/flags.go:23", "feature flags updated", p, field{"flags", "new_checkout=on,async_invoices=off"}))
	}
}
