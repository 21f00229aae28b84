package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// envoy is the istio-proxy container of one pod of checkout, the checkout service of a
// shop on Kubernetes: the Istio 1.22 sidecar (pilot-agent running Envoy 1.30), access
// logging to stdout with meshConfig.accessLogEncoding JSON. Envoy writes one JSON object
// a line with Istio's default JSON format, its members in alphabetical order as Envoy's
// JSON formatter writes them: authority, bytes_received, bytes_sent,
// connection_termination_details, downstream_local_address, downstream_remote_address,
// duration, method, path, protocol, request_id, requested_server_name, response_code,
// response_code_details, response_flags ("-" when none), route_name, start_time (RFC 3339
// with milliseconds, UTC: the line's time), upstream_cluster, upstream_host,
// upstream_local_address, upstream_service_time (the x-envoy-upstream-service-time
// header, a string), upstream_transport_failure_reason, user_agent, x_forwarded_for;
// numbers as numbers, absent values as null: `{"authority":
// "checkout.shop.svc.cluster.local:8080","bytes_received":0,"bytes_sent":3391,
// "connection_termination_details":null,"downstream_local_address":"10.4.3.17:8080",
// "downstream_remote_address":"10.4.9.41:51234","duration":31,"method":"GET","path":
// "/api/checkout/665a1f2e9c3b4d0012ab34cd","protocol":"HTTP/1.1","request_id":"...",
// "requested_server_name":"outbound_.8080_._.checkout.shop.svc.cluster.local",
// "response_code":200,"response_code_details":"via_upstream","response_flags":"-",
// "route_name":"default","start_time":"2024-06-12T09:00:00.123Z","upstream_cluster":
// "inbound|8080||","upstream_host":"10.4.3.17:8080","upstream_local_address":
// "127.0.0.6:43117","upstream_service_time":"30","upstream_transport_failure_reason":null,
// "user_agent":"node","x_forwarded_for":null}`. Inbound requests (clients calling
// checkout, cluster "inbound|8080||") and outbound ones (checkout, a Go service, calling
// its dependencies through "outbound|8080||<service>.shop.svc.cluster.local", the
// inbound request's x-request-id propagated) share the log, with the TCP proxy's lines
// for Redis session connections (no HTTP members, response code 0) when they close.
// Envoy writes a line when its stream ends; the lines here are in start_time order.
// pilot-agent's own lines go to the same stream in its text format, tab separated:
// `2024-06-12T09:31:02.412345Z	info	xdsproxy	connected to delta upstream XDS server:
// istiod.istio-system.svc:15012	id=41`. Envoy itself logs at warning, which in a steady
// state is nothing; kubelet probes are rewritten to pilot-agent's port 15020 and
// Prometheus scrapes 15020, so neither shows in the access log.
//
// Normal traffic: about seven requests a second into checkout, from the storefront's
// server-side renderer (user agent node, 5 s timeout), the ingress gateway (the web
// shop's browsers, with their x_forwarded_for) and the mobile BFF (okhttp, 4 s timeout),
// over six routes: the checkout summary (GET /api/checkout/{cartId}: the cart, inventory
// availability, a tax quote on a cache miss), the address (PUT: customers' address
// validation, then a tax quote), shipping quotes, payment options (payments' payment
// methods), place-order (the cart, an inventory reservation, the payment authorization,
// the order, the tax transaction) and order status; about 24 lines a second in all.
// Every outbound call is its own line, its upstream_service_time lognormal around its
// route's own median (a few ms for the cart, about 200 ms for an authorization, 120 ms
// for the external tax API through the egress gateway), over the app's and the sidecar's
// keep-alive connections, hosts picked among the service's pods. Routine 4xx: 401 for
// expired sessions (1.3%), 404 for expired carts and unknown orders, 409 when a
// reservation finds an item out of stock, 402 for declined payments (3% of
// authorizations, the reservation then cancelled with a DELETE), 422 for invalid
// addresses; rare routine 5xx: a 502 when payments' card processor times out (after
// three seconds), a 503 "UC" connection_termination on orders' Node.js keep-alive
// connections (the app retries), users closing the page (response code 0, "DC",
// downstream_remote_disconnect). A blackbox exporter probes GET /api/checkout/healthz
// every 30 s from outside the mesh (plain text: requested_server_name null); Redis
// session connections close about nine times an hour; pilot-agent's xDS connection to
// istiod is recycled every 27 to 33 minutes (istiod's max connection age), one
// "connected to delta upstream XDS server" line each time, its id counting up; the
// workload certificate is rotated every 12 hours, give or take 14 minutes (two lines,
// so in a quarter of the seeds once in the three hours).
//
// Benign changes: a canary of payments v2 at 0:24 (a DestinationRule with subsets v1
// and v2 and a VirtualService route "payments-canary": payments calls go to the
// "outbound|8080|v1|..." or "outbound|8080|v2|..." cluster, 10% to three new v2 pods,
// 50% from 0:38, 100% from 0:50, v2 answering a little faster, the v1 pods gone by about
// 0:58; payments calls are the canary's until 1:02); a marketing e-mail at 0:50
// (traffic rising to twice the usual within four minutes, back to normal between 1:06
// and 1:14; its requests and their calls are the ramp's); the inventory
// HorizontalPodAutoscaler scaling out from three pods to five at 0:53:30 (the new pods
// taking calls from about 0:54:30, those calls the scale-out's until the pods are
// scaled in at about 1:20); a VirtualService change at 1:36 routing customers'
// /v1/addresses/validate to the new address-validation service (same authority, path
// and ClusterIP, a new cluster, new hosts, route name "address-validation", faster
// answers; its calls are the change's for 30 minutes); an in-place istiod upgrade at
// 2:08 (its rolling restart closing this proxy's xDS stream twice within a few minutes:
// pilot-agent's warning about the upstream's GOAWAY, then a reconnection, each time; the
// 30-minute cycle starting again from the second).
//
// Incidents: the external tax API hanging at 0:31 for about 100 s (the tax route has a
// per-try timeout of 1.5 s and two retries: calls ending in 504 "UT,URX"
// upstream_per_try_timeout after 4.5 s, a few answered late on a retry; checkout falls
// back to estimated tax, so its answers are 200 but seconds slower, some past the
// clients' timeouts: "DC"); payments v2 running out of memory at 1:24 for about four
// minutes (each pod's JVM thrashing in garbage collection for 20 to 35 s, its calls
// slower and slower, then OOM-killed: calls in flight reset, 503 "UC"
// connection_termination; its connections refused until its endpoint is removed, 503
// "UF,URX" delayed_connect_error:_111 unless a retry on another pod succeeds; the three
// pods killed one after another and one twice, with about ten seconds without any
// endpoint: 503 "UH" no_healthy_upstream; restarted pods slow while they warm up;
// checkout answering 503 to place-order and payment options, cancelling the
// reservations); cart's workload certificates mis-rotated at 1:50 for about ten minutes
// (every call to cart failing the TLS handshake on all three attempts: 503 "UF,URX" with
// upstream_transport_failure_reason "TLS_error:|268435581:SSL routines:
// OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end", at the usual pace of cart
// calls; summaries and place-orders answered 503, until a rollout restart of cart from
// 1:58:40 brings pods with new addresses and good certificates); the inventory database
// slowing down at 2:20 for about 17 minutes (inventory's latency x2 growing to x8 over
// six minutes, then to seconds: the DestinationRule's circuit breaker of 6 connections
// and 6 pending requests fills, calls wait for a connection, checkout's 4 s client
// timeout cuts more and more of them ("DC" downstream_remote_disconnect, response code
// 0) and more and more are rejected at once with 503 "UO"
// upstream_reset_before_response_started{overflow}; summaries come back without
// availability, place-order answers 503; from 2:36 the database recovers and the queue
// drains).
var envoy = Family{
	Name:    "envoy",
	Role:    Tuning,
	Service: "Istio 1.22 sidecar (Envoy 1.30) of a shop's checkout service on Kubernetes: JSON access log of inbound and outbound traffic, with pilot-agent's text lines",
	Lines:   envoyLines,
}

const (
	envoyTaxHang  = "external tax API hanging behind the egress gateway: per-try timeouts, 504s and slow checkouts"
	envoyPayCrash = "payments v2 pods OOM-killed and restarting: resets, refused connections, no healthy upstream"
	envoyCartTLS  = "cart's workload certificates mis-rotated: TLS verification failing on every cart call"
	envoyInvSlow  = "inventory slowed by its database: latency climbing, then circuit breaker overflow"
)

const (
	envoyLayout      = "2006-01-02T15:04:05.000Z"
	envoyAgentLayout = "2006-01-02T15:04:05.000000Z"
	envoyInbound     = "inbound|8080||"
	envoySNI         = "outbound_.8080_._.checkout.shop.svc.cluster.local"
	envoyAppUA       = "Go-http-client/1.1"
	envoyIstiod      = "istiod.istio-system.svc:15012"
	envoyMaxPending  = 6 // the inventory DestinationRule's http1MaxPendingRequests
	envoyMaxConns    = 6 // and its tcp.maxConnections
	envoyInvTimeout  = 4000 * time.Millisecond
	envoyPerTry      = 1500 * time.Millisecond
	envoyCanarySpan  = 38 * time.Minute
	envoyRampSpan    = 24 * time.Minute
	envoyValidSpan   = 30 * time.Minute

	envoyRefusedReason  = "delayed_connect_error:_111"
	envoyRefusedDetails = "upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}"
	envoyRefusedBody    = "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111"
	envoyTLSReason      = "TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end"
	envoyTLSDetails     = "upstream_reset_before_response_started{remote_connection_failure,TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end}"
	envoyTLSBody        = "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: " + envoyTLSReason
	envoyResetDetails   = "upstream_reset_before_response_started{connection_termination}"
	envoyResetBody      = "upstream connect error or disconnect/reset before headers. reset reason: connection termination"
	envoyOverflowDetail = "upstream_reset_before_response_started{overflow}"
	envoyOverflowBody   = "upstream connect error or disconnect/reset before headers. reset reason: overflow"
	envoyNoHostBody     = "no healthy upstream"
	envoyTimeoutBody    = "upstream request timeout"
	envoyGoaway         = `upstream terminated with unexpected error rpc error: code = Unavailable desc = closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data: "graceful_stop"`
)

var (
	envoyBrowsers = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.113 Mobile Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	}
	envoyMarkets = []string{"country=DE&currency=EUR", "country=DE&currency=EUR", "country=DE&currency=EUR", "country=AT&currency=EUR", "country=NL&currency=EUR", "country=FR&currency=EUR", "country=CH&currency=CHF"}
	envoyRoutes  = []struct {
		name   string
		weight float64
	}{{"summary", 0.38}, {"address", 0.12}, {"shipping", 0.11}, {"payment-options", 0.12}, {"place-order", 0.15}, {"order-status", 0.12}}
)

// envoyDown is one crash of a payments pod: its JVM thrashing in garbage collection as its
// heap fills, its container OOM-killed, its endpoint removed from the cluster a few
// seconds later, ready again after the restart.
type envoyDown struct{ thrash, at, gone, ready time.Time }

// envoyHost is one endpoint of an upstream cluster, a pod.
type envoyHost struct {
	ip          string
	port        int
	from, until time.Time // in the cluster's endpoints (ready) from, removed at
	subset      string    // payments' version label
	tr          truth     // the truth of calls to it (a scale-out's new pod)
	ports       []int     // the sidecar's keep-alive connections to it
	downs       []envoyDown
	badTLS      time.Time // serving a certificate the sidecar cannot verify from then on
}

func (h *envoyHost) serving(t time.Time) bool {
	if t.Before(h.from) || !t.Before(h.until) {
		return false
	}
	for _, d := range h.downs {
		if !t.Before(d.gone) && t.Before(d.ready) {
			return false
		}
	}
	return true
}

// refusing reports whether the pod's container is dead but its endpoint not yet removed.
func (h *envoyHost) refusing(t time.Time) bool {
	for _, d := range h.downs {
		if !t.Before(d.at) && t.Before(d.gone) {
			return true
		}
	}
	return false
}

// slow is how much slower the pod answers: more and more while its JVM thrashes before
// the kill (garbage collection pauses), three times more after a restart, back to normal
// 40 s after it is ready (JIT warm-up).
func (h *envoyHost) slow(t time.Time) float64 {
	m := 1.0
	for _, d := range h.downs {
		if !t.Before(d.thrash) && t.Before(d.at) {
			x := float64(t.Sub(d.thrash)) / float64(d.at.Sub(d.thrash))
			m = max(m, 2+28*x*x)
		}
		if within(t, d.ready, 40*time.Second) {
			m = max(m, 1+3*(1-float64(t.Sub(d.ready))/float64(40*time.Second)))
		}
	}
	return m
}

// crash returns when the pod dies while serving a request from from to to.
func (h *envoyHost) crash(from, to time.Time) (time.Time, bool) {
	for _, d := range h.downs {
		if d.at.After(from) && d.at.Before(to) {
			return d.at, true
		}
	}
	return time.Time{}, false
}

// envoyDep is one upstream service as checkout calls it.
type envoyDep struct {
	authority, vip string // the Host header the app sends, the ClusterIP:port it connects to
	cluster, route string
	hosts          []*envoyHost
	appPorts       []int         // the app's keep-alive connections to its sidecar
	race           float64       // chance of a keep-alive race (the upstream closed an idle connection)
	timeout        time.Duration // the app's client timeout for its calls (0: none)
}

func envoyEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

type envoyCaller struct {
	ip, authority string
	uas           []string
	xff, mesh     bool
	abandons      bool          // its users close pages now and then
	timeout       time.Duration // the caller gives up after (0: never)
	weight        float64
	ports         []int
}

// envoyReq is one inbound request as the app serves it.
type envoyReq struct {
	id   string
	base truth  // routine, or the marketing ramp's
	hit  string // the incident that affected one of its calls
}

// envoyCall is one outbound call the app makes.
type envoyCall struct {
	method, path  string
	median, sigma float64 // the upstream's service time, ms
	status        int
	rx, tx        int // request and response bodies
	hit           string
}

// envoyPool is the inventory cluster's circuit breaker: envoyMaxConns connections, at
// most envoyMaxPending requests waiting for one.
type envoyPool struct {
	free    []time.Time // when each connection is free again
	waiting []time.Time // when each waiting request leaves the queue
}

func (p *envoyPool) slot(t time.Time) (int, time.Time, bool) {
	k := 0
	for i := range p.free {
		if p.free[i].Before(p.free[k]) {
			k = i
		}
	}
	if !p.free[k].After(t) {
		return k, t, true
	}
	w := p.waiting[:0]
	for _, x := range p.waiting {
		if x.After(t) {
			w = append(w, x)
		}
	}
	p.waiting = w
	if len(w) >= envoyMaxPending {
		return k, time.Time{}, false
	}
	return k, p.free[k], true
}

// envoyAccess is one access log entry; nil members are written as null.
type envoyAccess struct {
	start                             time.Time
	method, path, protocol            any
	code                              int
	flags                             string
	details, transport, ust           any
	rx, tx, duration                  int
	xff, ua, reqID, authority         any
	upHost, cluster, upLocal          any
	downLocal, downRemote, sni, route any
}

func (a *envoyAccess) text() string {
	return jsonLine(
		field{"authority", a.authority},
		field{"bytes_received", a.rx},
		field{"bytes_sent", a.tx},
		field{"connection_termination_details", nil},
		field{"downstream_local_address", a.downLocal},
		field{"downstream_remote_address", a.downRemote},
		field{"duration", a.duration},
		field{"method", a.method},
		field{"path", a.path},
		field{"protocol", a.protocol},
		field{"request_id", a.reqID},
		field{"requested_server_name", a.sni},
		field{"response_code", a.code},
		field{"response_code_details", a.details},
		field{"response_flags", a.flags},
		field{"route_name", a.route},
		field{"start_time", a.start.Format(envoyLayout)},
		field{"upstream_cluster", a.cluster},
		field{"upstream_host", a.upHost},
		field{"upstream_local_address", a.upLocal},
		field{"upstream_service_time", a.ust},
		field{"upstream_transport_failure_reason", a.transport},
		field{"user_agent", a.ua},
		field{"x_forwarded_for", a.xff},
	)
}

type envoyPending struct {
	at time.Time
	fn func()
}

type envoyLog struct {
	g *gen
	j *journal

	start, end                            time.Time
	canary, ramp, hpa, validation, istiod change
	taxAt, taxEnd, payAt, cartAt, invAt   time.Time
	invEnd                                time.Time

	pod, podIP, blackbox string
	podStart             time.Time
	callers              []*envoyCaller
	inPorts              []int
	xdsID                int

	cart, inventory, payments, orders, customers, validator, shipping, tax *envoyDep
	redisVIP, redisHost                                                    string
	pool                                                                   envoyPool
	pending                                                                []envoyPending
}

func envoyLines(seed int64) []Line {
	start := time.Date(2024, 6, 12, 9, 0, 0, 0, time.UTC)
	g := newGen(seed, 16)
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(3, 997))*time.Millisecond)
	}
	e := &envoyLog{
		g:          g,
		j:          &journal{},
		start:      start,
		end:        start.Add(Length),
		canary:     change{"payments v2 canary: subsets v1/v2, 10% then 50% then 100% to new pods", at(24 * time.Minute)},
		ramp:       change{"marketing e-mail: checkout traffic doubling for 20 minutes", at(50 * time.Minute)},
		hpa:        change{"inventory HorizontalPodAutoscaler scale-out from 3 to 5 pods", at(53*time.Minute + 30*time.Second)},
		validation: change{"VirtualService routing address validation to the new address-validation service", at(96 * time.Minute)},
		istiod:     change{"in-place istiod upgrade: xDS stream closed and reconnected twice", at(128 * time.Minute)},
		taxAt:      at(31 * time.Minute),
		payAt:      at(84 * time.Minute),
		cartAt:     at(110 * time.Minute),
		invAt:      at(140 * time.Minute),
	}
	e.taxEnd = e.taxAt.Add(time.Duration(g.between(90, 115)) * time.Second)
	e.invEnd = e.invAt.Add(18 * time.Minute)
	e.topology()

	end := e.end
	g.arrivals(start, end, e.rate, func(t time.Time) {
		e.schedule(t, func() { e.request(t, routine) })
	})
	// The ramp's requests are drawn at the usual rate and kept in proportion to its share.
	g.arrivals(e.ramp.start, e.ramp.start.Add(envoyRampSpan), e.rate, func(t time.Time) {
		if g.chance(e.extra(t)) {
			e.schedule(t, func() { e.request(t, e.ramp.truth()) })
		}
	})
	g.every(start.Add(time.Duration(g.between(0, 29999))*time.Millisecond), end, 30*time.Second, 4*time.Millisecond, func(t time.Time) {
		e.schedule(t, func() { e.probe(t) })
	})
	sort.SliceStable(e.pending, func(a, b int) bool { return e.pending[a].at.Before(e.pending[b].at) })
	for _, p := range e.pending {
		p.fn()
	}
	e.pending = nil

	e.redis()
	e.agent()
	return e.j.sorted(end)
}

func envoyMs(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

func (e *envoyLog) schedule(at time.Time, fn func()) {
	e.pending = append(e.pending, envoyPending{at, fn})
}

func (e *envoyLog) ip() string {
	return fmt.Sprintf("10.4.%d.%d", e.g.between(0, 15), e.g.between(2, 250))
}

func (e *envoyLog) vip(port int) string {
	return fmt.Sprintf("10.96.%d.%d:%d", e.g.between(0, 255), e.g.between(1, 254), port)
}

func (e *envoyLog) ports(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = e.g.between(32768, 60999)
	}
	return p
}

// port returns the local port of one of a pool's keep-alive connections, now and then
// replacing one that was closed.
func (e *envoyLog) port(pool []int) int {
	i := e.g.intn(len(pool))
	if e.g.chance(0.004) {
		pool[i] = e.g.between(32768, 60999)
	}
	return pool[i]
}

func (e *envoyLog) host(from, until time.Time, port int) *envoyHost {
	return &envoyHost{ip: e.ip(), port: port, from: from, until: until, ports: e.ports(4)}
}

func (e *envoyLog) dep(name string, n int) *envoyDep {
	d := &envoyDep{
		authority: name + ".shop.svc.cluster.local:8080",
		vip:       e.vip(8080),
		cluster:   "outbound|8080||" + name + ".shop.svc.cluster.local",
		route:     "default",
		appPorts:  e.ports(6),
	}
	for i := 0; i < n; i++ {
		d.hosts = append(d.hosts, e.host(e.start.Add(-48*time.Hour), e.end.Add(time.Hour), 8080))
	}
	return d
}

// topology builds the pod, its callers and its upstreams, with what the changes and
// incidents do to their endpoints.
func (e *envoyLog) topology() {
	g := e.g
	e.pod = "checkout-7d9f8c6b5d-" + g.alnum(5)
	e.podIP = e.ip()
	e.podStart = e.start.Add(-time.Duration(g.between(3*3600, 70*3600)) * time.Second)
	e.xdsID = int(e.start.Sub(e.podStart)/(30*time.Minute)) + g.between(1, 4)
	e.inPorts = e.ports(12)
	e.blackbox = e.ip()
	for i := 0; i < 4; i++ {
		e.callers = append(e.callers, &envoyCaller{ip: e.ip(), authority: "checkout.shop.svc.cluster.local:8080", uas: []string{"node"}, mesh: true, timeout: 5 * time.Second, weight: 0.55 / 4, ports: e.ports(6)})
	}
	for i := 0; i < 2; i++ {
		e.callers = append(e.callers, &envoyCaller{ip: e.ip(), authority: "api.shop.example.com", uas: envoyBrowsers, xff: true, mesh: true, abandons: true, weight: 0.30 / 2, ports: e.ports(8)})
	}
	for i := 0; i < 2; i++ {
		e.callers = append(e.callers, &envoyCaller{ip: e.ip(), authority: "checkout:8080", uas: []string{"okhttp/4.12.0"}, xff: true, mesh: true, abandons: true, timeout: 4 * time.Second, weight: 0.15 / 2, ports: e.ports(6)})
	}

	e.cart = e.dep("cart", 3)
	e.inventory = e.dep("inventory", 3)
	e.inventory.timeout = envoyInvTimeout
	e.payments = e.dep("payments", 3)
	e.payments.timeout = 10 * time.Second
	e.orders = e.dep("orders", 3)
	e.orders.race = 0.0008
	e.customers = e.dep("customers", 2)
	e.shipping = e.dep("shipping", 2)
	e.validator = e.dep("address-validation", 2)
	e.validator.authority, e.validator.vip, e.validator.appPorts = e.customers.authority, e.customers.vip, e.customers.appPorts
	e.validator.route = "address-validation"
	for _, h := range e.validator.hosts {
		h.from = e.validation.start.Add(-20 * time.Minute)
	}
	e.tax = &envoyDep{
		authority: "api.taxrates.example.com",
		vip:       g.publicIP() + ":80",
		cluster:   "outbound|80||istio-egressgateway.istio-system.svc.cluster.local",
		route:     "tax-api",
		appPorts:  e.ports(6),
	}
	for i := 0; i < 2; i++ {
		e.tax.hosts = append(e.tax.hosts, e.host(e.start.Add(-72*time.Hour), e.end.Add(time.Hour), 8080))
	}
	e.redisVIP, e.redisHost = e.vip(6379), e.ip()+":6379"
	e.pool.free = make([]time.Time, envoyMaxConns)

	// The canary: v1 pods until the promotion, three v2 pods from the start.
	for _, h := range e.payments.hosts {
		h.subset = "v1"
		h.until = e.canary.start.Add(26*time.Minute + time.Duration(g.between(360, 480))*time.Second)
	}
	for i := 0; i < 3; i++ {
		h := e.host(e.canary.start.Add(-time.Duration(g.between(20, 50))*time.Second), e.end.Add(time.Hour), 8080)
		h.subset = "v2"
		e.payments.hosts = append(e.payments.hosts, h)
	}
	// The v2 pods' crashes: killed, removed from the endpoints, ready again.
	v2 := e.payments.hosts[3:]
	crash := func(h *envoyHost, at, ready int) {
		t := e.payAt.Add(time.Duration(at*1000+g.between(0, 2500)) * time.Millisecond)
		h.downs = append(h.downs, envoyDown{
			thrash: t.Add(-time.Duration(g.between(20000, 35000)) * time.Millisecond),
			at:     t,
			gone:   t.Add(time.Duration(g.between(2500, 5000)) * time.Millisecond),
			ready:  e.payAt.Add(time.Duration(ready*1000+g.between(0, 2500)) * time.Millisecond),
		})
	}
	crash(v2[0], 30, 78)
	crash(v2[1], 63, 142)
	crash(v2[2], 92, 152)
	crash(v2[0], 127, 182)

	// The scale-out's two pods, ready within a minute or two, scaled in after the ramp.
	for i := 0; i < 2; i++ {
		from := e.hpa.start.Add(time.Duration(g.between(40, 90)) * time.Second)
		until := e.ramp.start.Add(envoyRampSpan + 5*time.Minute + time.Duration(g.between(20, 120))*time.Second)
		h := e.host(from, until, 8080)
		h.tr = e.hpa.truth()
		e.inventory.hosts = append(e.inventory.hosts, h)
	}

	// Cart's certificates go bad within seconds of each other; the rollout restart that
	// fixes them replaces the pods one at a time.
	fix := e.cartAt.Add(8*time.Minute + 40*time.Second)
	for i, h := range e.cart.hosts {
		h.badTLS = e.cartAt.Add(time.Duration(i*g.between(1000, 9000)) * time.Millisecond)
		ready := fix.Add(time.Duration(i*g.between(22000, 28000)) * time.Millisecond)
		h.until = ready.Add(time.Duration(g.between(2000, 5000)) * time.Millisecond)
		e.cart.hosts = append(e.cart.hosts, e.host(ready, e.end.Add(time.Hour), 8080))
	}
}

// rate is the requests a second into checkout: seven, drifting over the morning.
func (e *envoyLog) rate(t time.Time) float64 {
	m := t.Sub(e.start).Minutes()
	return 7 * (1 + 0.07*math.Sin(2*math.Pi*m/47) + 0.04*math.Sin(2*math.Pi*m/13+2)) * (0.97 + 0.08*m/180)
}

// extra is the marketing e-mail's share on top of the usual traffic.
func (e *envoyLog) extra(t time.Time) float64 {
	return rampUp(t, e.ramp.start, 4*time.Minute) * (1 - rampUp(t, e.ramp.start.Add(16*time.Minute), 8*time.Minute))
}

// v2Share is payments v2's weight in the canary's VirtualService.
func (e *envoyLog) v2Share(t time.Time) float64 {
	switch {
	case t.Before(e.canary.start):
		return 0
	case t.Before(e.canary.start.Add(14 * time.Minute)):
		return 0.1
	case t.Before(e.canary.start.Add(26 * time.Minute)):
		return 0.5
	}
	return 1
}

// invSlow is the inventory database's slowdown: the multiplier of inventory's service
// time and its spread.
func (e *envoyLog) invSlow(t time.Time) (float64, float64) {
	if !within(t, e.invAt, e.invEnd.Sub(e.invAt)) {
		return 1, 0
	}
	x := t.Sub(e.invAt).Minutes()
	switch {
	case x < 6:
		return 2 * math.Pow(4, x/6), 0.55
	case x < 11:
		return 8 * math.Pow(15, (x-6)/5), 0.65
	case x < 16:
		return 120 * math.Pow(3, (x-11)/5) * (1 + 0.1*math.Sin(2*math.Pi*x/2.3)), 0.7
	case x < 17.5:
		return 360 * math.Pow(1.0/360, (x-16)/1.5), 0.6
	}
	return 1, 0
}

func (e *envoyLog) pickCaller() *envoyCaller {
	i := e.g.weighted(len(e.callers), func(i int) float64 { return e.callers[i].weight })
	return e.callers[i]
}

func (e *envoyLog) pickRoute() string {
	i := e.g.weighted(len(envoyRoutes), func(i int) float64 { return envoyRoutes[i].weight })
	return envoyRoutes[i].name
}

// pickHost is the load balancer's choice among the endpoints of the cluster (of the
// subset, for payments' canary) at t, another one than those tried for a retry (Istio's
// previous_hosts predicate) when there is one.
func (e *envoyLog) pickHost(d *envoyDep, subset string, t time.Time, tried []*envoyHost) *envoyHost {
	weight := func(i int) float64 {
		h := d.hosts[i]
		if !h.serving(t) || h.subset != subset {
			return 0
		}
		for _, x := range tried {
			if x == h {
				return 0
			}
		}
		return 1
	}
	if i := e.g.weighted(len(d.hosts), weight); i >= 0 {
		return d.hosts[i]
	}
	if len(tried) > 0 && tried[len(tried)-1].serving(t) {
		return tried[len(tried)-1]
	}
	return nil
}

func (e *envoyLog) callTruth(r *envoyReq, d *envoyDep, at time.Time) truth {
	tr := r.base
	if d == e.payments && within(at, e.canary.start, envoyCanarySpan) {
		tr = later(tr, e.canary.truth())
	}
	if d == e.validator && within(at, e.validation.start, envoyValidSpan) {
		tr = later(tr, e.validation.truth())
	}
	return tr
}

// backoff is Envoy's jittered retry back-off: up to 25 ms, then up to 50 ms.
func (e *envoyLog) backoff(attempt int) time.Duration {
	return time.Duration(e.g.intn(25000*(attempt+1))) * time.Microsecond
}

// call is one outbound request of the app through its sidecar, with Envoy's retries,
// written as the access log line of its stream. It returns the response code the app
// sees (0 when the app gave up first) and when it sees it.
func (e *envoyLog) call(r *envoyReq, d *envoyDep, at time.Time, c envoyCall) (int, time.Time) {
	g := e.g
	a := envoyAccess{
		start: at, method: c.method, path: c.path, protocol: "HTTP/1.1", flags: "-",
		rx: c.rx, reqID: r.id, authority: d.authority, ua: envoyAppUA,
		cluster: d.cluster, route: d.route, downLocal: d.vip,
		downRemote: fmt.Sprintf("%s:%d", e.podIP, e.port(d.appPorts)),
	}
	// The canary's VirtualService picks a subset's cluster, then its load balancer a host.
	subset := ""
	if d == e.payments && !at.Before(e.canary.start) {
		subset = "v1"
		if e.g.chance(e.v2Share(at)) {
			subset = "v2"
			if c.status < 500 {
				c.median *= 0.82 // v2 answers faster
			}
		}
		a.cluster = "outbound|8080|" + subset + "|payments.shop.svc.cluster.local"
		a.route = "payments-canary"
	} else if d == e.payments {
		subset = "v1"
	}
	tr := e.callTruth(r, d, at)
	hit := c.hit
	t := at
	var last *envoyHost
	var tried []*envoyHost
	var end time.Time
	for attempt := 0; ; attempt++ {
		h := e.pickHost(d, subset, t, tried)
		if h == nil { // no endpoint left: Envoy answers at once
			last, end = nil, t
			a.code, a.flags, a.details, a.tx = 503, "UH", "no_healthy_upstream", len(envoyNoHostBody)
			if d == e.payments {
				hit = envoyPayCrash
			}
			break
		}
		last = h
		tried = append(tried, h)
		a.upHost = fmt.Sprintf("%s:%d", h.ip, h.port)

		// Connection failures, retried (connect-failure in Istio's default retry policy).
		refused := d == e.payments && h.refusing(t)
		badTLS := !h.badTLS.IsZero() && !t.Before(h.badTLS)
		if refused || badTLS {
			if refused {
				hit = envoyPayCrash
				t = t.Add(envoyMs(g.lognormal(0.5, 0.4)))
			} else {
				hit = envoyCartTLS
				t = t.Add(envoyMs(g.lognormal(3.2, 0.3)))
			}
			if attempt < 2 {
				t = t.Add(e.backoff(attempt))
				continue
			}
			end = t
			a.code, a.flags = 503, "UF,URX"
			if refused {
				a.details, a.transport, a.tx = envoyRefusedDetails, envoyRefusedReason, len(envoyRefusedBody)
			} else {
				a.details, a.transport, a.tx = envoyTLSDetails, envoyTLSReason, len(envoyTLSBody)
			}
			break
		}
		upLocal := fmt.Sprintf("%s:%d", e.podIP, e.port(h.ports))

		// A keep-alive connection the upstream had just closed.
		if d.race > 0 && g.chance(d.race) {
			end = t.Add(envoyMs(g.lognormal(0.6, 0.4)))
			a.code, a.flags, a.details, a.tx, a.upLocal = 503, "UC", envoyResetDetails, len(envoyResetBody), upLocal
			break
		}

		mult, sigma := 1.0, c.sigma
		if d == e.inventory {
			if m, s := e.invSlow(t); m > 1 {
				mult, sigma, hit = m, s, envoyInvSlow
			}
		}
		if d == e.payments {
			if w := h.slow(t); w > 1 {
				mult, hit = w, envoyPayCrash
			}
		}
		svc := g.lognormal(c.median*mult, sigma)

		// The tax API hanging: each try cut by the route's per-try timeout, retried.
		if d == e.tax && within(t, e.taxAt, e.taxEnd.Sub(e.taxAt)) {
			hit = envoyTaxHang
			late := g.lognormal(1150, 0.25)
			if g.chance(0.85) || late >= float64(envoyPerTry/time.Millisecond) {
				t = t.Add(envoyPerTry)
				if attempt < 2 {
					t = t.Add(e.backoff(attempt))
					continue
				}
				end = t
				a.code, a.flags, a.details, a.tx, a.upLocal = 504, "UT,URX", "upstream_per_try_timeout", len(envoyTimeoutBody), upLocal
				break
			}
			svc = late
		}

		// Inventory's circuit breaker: wait for a connection, or overflow.
		begin, k := t, -1
		if d == e.inventory {
			var b time.Time
			var ok bool
			k, b, ok = e.pool.slot(t)
			if (!ok || b.After(t)) && within(t, e.invAt, e.invEnd.Sub(e.invAt)+time.Minute) {
				hit = envoyInvSlow // waiting behind the slow calls
			}
			if !ok {
				end = t
				a.code, a.flags, a.details, a.tx = 503, "UO", envoyOverflowDetail, len(envoyOverflowBody)
				break
			}
			begin = b
		}
		use := begin.Add(envoyMs(svc))
		limit := e.end.Add(time.Hour)
		if d.timeout > 0 {
			limit = at.Add(d.timeout) // the app's client timeout runs from its call
		}
		if k >= 0 {
			if begin.After(t) {
				e.pool.waiting = append(e.pool.waiting, envoyEarlier(begin, limit))
			}
			if begin.Before(limit) {
				e.pool.free[k] = envoyEarlier(use, limit)
			}
		}

		// A payments pod killed while it serves the request.
		if d == e.payments {
			if x, ok := h.crash(begin, envoyEarlier(use, limit)); ok {
				hit = envoyPayCrash
				end = x
				a.code, a.flags, a.details, a.tx, a.upLocal = 503, "UC", envoyResetDetails, len(envoyResetBody), upLocal
				break
			}
		}
		// The app giving up: Envoy sees its downstream, the app, disconnect.
		if use.After(limit) {
			end = limit
			a.code, a.flags, a.details = 0, "DC", "downstream_remote_disconnect"
			if begin.Before(limit) {
				a.upLocal = upLocal
			}
			break
		}

		end = begin.Add(envoyMs(svc + g.lognormal(0.35, 0.5)))
		a.code, a.details, a.tx, a.upLocal = c.status, "via_upstream", c.tx, upLocal
		a.ust = strconv.Itoa(int(svc))
		break
	}
	if last == nil {
		a.upHost = nil
	} else if last.tr.change != "" {
		tr = later(tr, last.tr)
	}
	if hit != "" {
		tr = incident(hit)
		r.hit = hit
	}
	a.duration = int(end.Sub(at) / time.Millisecond)
	e.j.add(tr, at, a.text())
	return a.code, end
}

// request is one request into checkout arriving at t: the calls its handler makes, one
// after another, then its own access log line.
func (e *envoyLog) request(t time.Time, base truth) {
	g := e.g
	c := e.pickCaller()
	r := &envoyReq{id: g.uuid(), base: base}
	route := e.pickRoute()
	cartID := g.hex(24)
	cur := t.Add(envoyMs(g.lognormal(0.5, 0.4)))
	next := func(end time.Time) { cur = end.Add(envoyMs(g.lognormal(0.3, 0.5))) }
	call := func(d *envoyDep, x envoyCall) int {
		code, end := e.call(r, d, cur, x)
		next(end)
		return code
	}
	var method, path string
	rx, status, tx, own := 0, 200, 0, 1.0
	switch route {
	case "summary":
		method, path, own = "GET", "/api/checkout/"+cartID, 3.5
	case "address":
		method, path, own, rx = "PUT", "/api/checkout/"+cartID+"/address", 2.5, int(g.lognormal(420, 0.25))
	case "shipping":
		method, path, own, rx = "POST", "/api/checkout/"+cartID+"/shipping-quotes", 2, int(g.lognormal(260, 0.3))
	case "payment-options":
		method, path, own = "GET", "/api/checkout/"+cartID+"/payment-options", 1.5
	case "place-order":
		method, path, own, rx = "POST", "/api/checkout/"+cartID+"/place-order", 9, int(g.lognormal(610, 0.3))
	case "order-status":
		method, path, own = "GET", fmt.Sprintf("/api/checkout/orders/%d", g.between(81200000, 81299999)), 1.2
	}

	switch {
	case g.chance(0.013): // the session in Redis has expired
		status, tx, own = 401, 61, 0.8
	case route == "summary":
		cartStatus, cartTx := 200, int(g.lognormal(2600, 0.45))
		if g.chance(0.008) {
			cartStatus, cartTx = 404, 71
		}
		switch code := call(e.cart, envoyCall{method: "GET", path: "/v1/carts/" + cartID, median: 6, sigma: 0.45, status: cartStatus, tx: cartTx}); {
		case code == 404:
			status, tx = 404, 74
		case code != 200:
			status, tx = 503, 96
		default:
			code = call(e.inventory, envoyCall{method: "GET", path: "/v1/availability?skus=" + e.skus(), median: 9, sigma: 0.5, status: 200, tx: int(g.lognormal(740, 0.4))})
			tx = int(g.lognormal(3400, 0.35))
			if code != 200 { // shown without availability
				tx = int(g.lognormal(2900, 0.35))
			}
			if g.chance(0.3) { // the tax quote is not cached
				call(e.tax, envoyCall{method: "POST", path: "/v2/quotes", median: e.taxMedian(120), sigma: 0.35, status: 200, rx: int(g.lognormal(700, 0.35)), tx: int(g.lognormal(520, 0.3))})
			}
		}
	case route == "address":
		d := e.customers
		median := 22.0
		if !cur.Before(e.validation.start) {
			d, median = e.validator, 9
		}
		vStatus, vTx := 200, int(g.lognormal(420, 0.2))
		if g.chance(0.04) {
			vStatus, vTx = 422, 190
		}
		switch code := call(d, envoyCall{method: "POST", path: "/v1/addresses/validate", median: median, sigma: 0.45, status: vStatus, rx: int(g.lognormal(350, 0.2)), tx: vTx}); {
		case code == 422:
			status, tx = 422, 163
		case code != 200:
			status, tx = 503, 101
		default:
			call(e.tax, envoyCall{method: "POST", path: "/v2/quotes", median: e.taxMedian(120), sigma: 0.35, status: 200, rx: int(g.lognormal(700, 0.35)), tx: int(g.lognormal(520, 0.3))})
			tx = int(g.lognormal(1900, 0.3))
		}
	case route == "shipping":
		if code := call(e.shipping, envoyCall{method: "POST", path: "/v1/quotes", median: 38, sigma: 0.45, status: 200, rx: int(g.lognormal(480, 0.25)), tx: int(g.lognormal(900, 0.3))}); code != 200 {
			status, tx = 503, 98
		} else {
			tx = int(g.lognormal(1150, 0.3))
		}
	case route == "payment-options":
		q := fmt.Sprintf("/v1/payment-methods?%s&amount=%d", pick(g, envoyMarkets), g.between(1500, 45000))
		if code := call(e.payments, envoyCall{method: "GET", path: q, median: 12, sigma: 0.4, status: 200, tx: int(g.lognormal(1450, 0.15))}); code != 200 {
			status, tx = 503, 104
		} else {
			tx = int(g.lognormal(820, 0.2))
		}
	case route == "place-order":
		status, tx = e.placeOrder(r, cartID, call)
	case route == "order-status":
		id := strings.TrimPrefix(path, "/api/checkout/orders/")
		oStatus, oTx := 200, int(g.lognormal(1700, 0.3))
		if g.chance(0.015) {
			oStatus, oTx = 404, 68
		}
		x := envoyCall{method: "GET", path: "/v1/orders/" + id, median: 5, sigma: 0.5, status: oStatus, tx: oTx}
		code := call(e.orders, x)
		if code == 503 { // the keep-alive race: the app retries once
			code = call(e.orders, x)
		}
		switch code {
		case 200:
			tx = int(g.lognormal(980, 0.25))
		case 404:
			status, tx = 404, 76
		default:
			status, tx = 503, 99
		}
	}
	done := cur.Add(envoyMs(g.lognormal(own, 0.5)))
	e.inbound(r, c, t, done, method, path, rx, status, tx)
}

// taxMedian is the external tax API's latency, with its now and then slow answers.
func (e *envoyLog) taxMedian(m float64) float64 {
	if e.g.chance(0.004) {
		return m * 5
	}
	return m
}

func (e *envoyLog) skus() string {
	n := 1 + e.g.intn(3) + e.g.intn(2)*e.g.intn(4)
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("SKU-%05d", e.g.between(10000, 99999))
	}
	return strings.Join(s, ",")
}

// placeOrder is place-order's calls: the cart, a reservation, the payment (the
// reservation cancelled when it fails), the order and the tax transaction (queued for
// later by the app when it fails).
func (e *envoyLog) placeOrder(r *envoyReq, cartID string, call func(*envoyDep, envoyCall) int) (int, int) {
	g := e.g
	if code := call(e.cart, envoyCall{method: "GET", path: "/v1/carts/" + cartID, median: 6, sigma: 0.45, status: 200, tx: int(g.lognormal(2600, 0.45))}); code != 200 {
		return 503, 96
	}
	rsv := "rsv_" + g.hex(16)
	resStatus, resTx := 201, int(g.lognormal(240, 0.1))
	if g.chance(0.015) {
		resStatus, resTx = 409, 152
	}
	switch code := call(e.inventory, envoyCall{method: "POST", path: "/v1/reservations", median: 16, sigma: 0.45, status: resStatus, rx: int(g.lognormal(380, 0.35)), tx: resTx}); code {
	case 201:
	case 409:
		return 409, 118
	default:
		return 503, 102
	}
	pay := envoyCall{method: "POST", path: "/v1/payments/authorize", median: 210, sigma: 0.4, status: 201, rx: int(g.lognormal(520, 0.2)), tx: int(g.lognormal(410, 0.1))}
	switch {
	case g.chance(0.03):
		pay.status, pay.tx = 402, int(g.lognormal(230, 0.1))
	case g.chance(0.0015): // the card processor timing out behind payments
		pay.median, pay.sigma, pay.status, pay.tx = 3000, 0.05, 502, 187
	}
	if code := call(e.payments, pay); code != 201 {
		call(e.inventory, envoyCall{method: "DELETE", path: "/v1/reservations/" + rsv, median: 7, sigma: 0.4, status: 204, hit: r.hit})
		switch code {
		case 402:
			return 402, 138
		case 502:
			return 502, 112
		}
		return 503, 107
	}
	x := envoyCall{method: "POST", path: "/v1/orders", median: 28, sigma: 0.4, status: 201, rx: int(g.lognormal(1900, 0.35)), tx: int(g.lognormal(320, 0.1))}
	if code := call(e.orders, x); code == 503 { // the keep-alive race: retried with its idempotency key
		call(e.orders, x)
	}
	call(e.tax, envoyCall{method: "POST", path: "/v2/transactions", median: e.taxMedian(160), sigma: 0.35, status: 201, rx: int(g.lognormal(1100, 0.35)), tx: int(g.lognormal(640, 0.3))})
	return 201, int(g.lognormal(690, 0.15))
}

// inbound writes the inbound line of a request the app answered at done: a "DC" when the
// caller gave up first.
func (e *envoyLog) inbound(r *envoyReq, c *envoyCaller, t, done time.Time, method, path string, rx, status, tx int) {
	g := e.g
	app := float64(done.Sub(t)) / float64(time.Millisecond)
	a := envoyAccess{
		start: t, method: method, path: path, protocol: "HTTP/1.1", code: status, flags: "-", details: "via_upstream",
		rx: rx, tx: tx, ust: strconv.Itoa(int(app)), reqID: r.id, authority: c.authority, ua: pick(g, c.uas),
		upHost: e.podIP + ":8080", cluster: envoyInbound, upLocal: fmt.Sprintf("127.0.0.6:%d", e.port(e.inPorts)),
		downLocal: e.podIP + ":8080", downRemote: fmt.Sprintf("%s:%d", c.ip, e.port(c.ports)), route: "default",
	}
	if c.mesh {
		a.sni = envoySNI
	}
	if c.xff {
		a.xff = g.publicIP()
	}
	dur := app + g.lognormal(0.3, 0.5)
	gaveUp := 0.0
	switch {
	case c.timeout > 0 && app > float64(c.timeout/time.Millisecond):
		gaveUp = float64(c.timeout/time.Millisecond) + g.lognormal(0.4, 0.5)
	case c.abandons && app > 20 && g.chance(0.0012):
		gaveUp = app * (0.2 + 0.7*g.rng.Float64())
	}
	if gaveUp > 0 {
		dur = gaveUp
		a.code, a.flags, a.details, a.ust, a.tx = 0, "DC", "downstream_remote_disconnect", nil, 0
	}
	a.duration = int(dur)
	tr := r.base
	if r.hit != "" {
		tr = incident(r.hit)
	}
	e.j.add(tr, t, a.text())
}

// probe is the blackbox exporter's check of checkout, from outside the mesh.
func (e *envoyLog) probe(t time.Time) {
	g := e.g
	app := g.lognormal(0.9, 0.4)
	a := envoyAccess{
		start: t, method: "GET", path: "/api/checkout/healthz", protocol: "HTTP/1.1", code: 200, flags: "-", details: "via_upstream",
		tx: 15, ust: strconv.Itoa(int(app)), duration: int(app + g.lognormal(0.3, 0.5)), reqID: g.uuid(),
		authority: "checkout.shop.svc.cluster.local:8080", ua: "Blackbox Exporter/0.25.0",
		upHost: e.podIP + ":8080", cluster: envoyInbound, upLocal: fmt.Sprintf("127.0.0.6:%d", g.between(32768, 60999)),
		downLocal: e.podIP + ":8080", downRemote: fmt.Sprintf("%s:%d", e.blackbox, g.between(32768, 60999)), route: "default",
	}
	e.j.add(routine, t, a.text())
}

// redis writes the TCP proxy's lines for the Redis session store's connections, each
// when it closes (the client's idle timeout), with the time it opened.
func (e *envoyLog) redis() {
	g := e.g
	g.arrivals(e.start, e.end, func(time.Time) float64 { return 9.0 / 3600 }, func(t time.Time) {
		life := g.lognormal(6*60e3, 0.7)
		if !t.Add(envoyMs(life)).Before(e.end) {
			return
		}
		s := life / 1000
		a := envoyAccess{
			start: t, code: 0, flags: "-", rx: int(s * g.lognormal(340, 0.3)), tx: int(s * g.lognormal(880, 0.3)), duration: int(life),
			upHost: e.redisHost, cluster: "outbound|6379||redis-sessions.shop.svc.cluster.local", upLocal: fmt.Sprintf("%s:%d", e.podIP, g.between(32768, 60999)),
			downLocal: e.redisVIP, downRemote: fmt.Sprintf("%s:%d", e.podIP, g.between(32768, 60999)),
		}
		e.j.add(routine, t, a.text())
	})
}

// agent writes pilot-agent's lines: the xDS stream recycled by istiod's max connection
// age (and closed by the upgrade's restarts), the workload certificate's rotation.
func (e *envoyLog) agent() {
	g := e.g
	line := func(tr truth, t time.Time, level, scope, msg, labels string) {
		t = t.Add(time.Duration(g.intn(1000)) * time.Microsecond)
		s := t.Format(envoyAgentLayout) + "\t" + level + "\t" + scope + "\t" + msg
		if labels != "" {
			s += "\t" + labels
		}
		e.j.add(tr, t, s)
	}
	age := func() time.Duration { // 30 minutes with grpc's ±10% jitter, and the reconnection
		return time.Duration(g.between(1620, 1980))*time.Second + time.Duration(g.between(150, 900))*time.Millisecond
	}
	first := e.istiod.start.Add(time.Duration(g.between(40, 80)) * time.Second)
	restarts := []time.Time{first, first.Add(time.Duration(g.between(70, 120)) * time.Second)}
	t := e.start.Add(time.Duration(g.between(0, 1799)) * time.Second)
	for u := 0; ; {
		if u < len(restarts) && restarts[u].Before(t) {
			tr, d := e.istiod.truth(), restarts[u]
			u++
			line(tr, d, "warning", "xdsproxy", envoyGoaway, fmt.Sprintf("id=%d", e.xdsID))
			e.xdsID++
			d = d.Add(time.Duration(g.between(180, 900)) * time.Millisecond)
			line(tr, d, "info", "xdsproxy", "connected to delta upstream XDS server: "+envoyIstiod, fmt.Sprintf("id=%d", e.xdsID))
			t = d.Add(age())
			continue
		}
		if !t.Before(e.end) {
			break
		}
		e.xdsID++
		line(routine, t, "info", "xdsproxy", "connected to delta upstream XDS server: "+envoyIstiod, fmt.Sprintf("id=%d", e.xdsID))
		t = t.Add(age())
	}

	// The workload certificate (24 h) is rotated at half its life, give or take 1%.
	for k := 1; k < 20; k++ {
		rot := e.podStart.Add(time.Duration(k)*12*time.Hour + time.Duration(g.between(-840, 840))*time.Second)
		if rot.Before(e.start.Add(time.Minute)) || !rot.Before(e.end) {
			continue
		}
		lat := time.Duration(g.lognormal(110, 0.4) * float64(time.Millisecond))
		ttl := 24*time.Hour - time.Duration(g.between(100e6, 900e6))
		line(routine, rot, "info", "cache", "generated new workload certificate", fmt.Sprintf("resourceName=default latency=%v ttl=%v", lat, ttl))
		line(routine, rot.Add(time.Duration(g.between(1100, 3000))*time.Microsecond), "info", "ads",
			fmt.Sprintf("SDS: PUSH request for node:%s.shop resources:1 size:4.0kB resource:default", e.pod), "")
	}
}
