package families

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// nodeAPI is catalog-api, the product catalog API of a shop's storefront: a Node.js 20
// Express service on Kubernetes, four pods behind one Service, logging with pino and
// pino-http (quietReqLogger) to stdout, one JSON object a line exactly as pino writes it:
// numeric levels (30 info, 40 warn, 50 error, 60 fatal, 20 debug), time in epoch
// milliseconds, pid and hostname (the pod's name), then the child logger's bindings (reqId
// on a request's lines, module or job on the modules' lines), the logged object's fields
// and msg last, with pino's interpolation already applied. pino-http writes "request
// completed" at 30 for 2xx and 3xx and at 40 for 4xx (customLogLevel), and "request
// errored" at 50 with the serialized err for 5xx: `{"level":30,"time":1718092800123,
// "pid":1,"hostname":"catalog-api-7c9d8f6b5-x2x7k","reqId":"req-1f3a","req":{"method":
// "GET","url":"/api/products/4411?lang=en","host":"catalog.shop.svc","remoteAddress":
// "10.1.3.7","remotePort":52114},"res":{"statusCode":200},"responseTime":23,"msg":
// "request completed"}`. Errors carry pino's err object (type, message, the stack in one
// string with escaped newlines, then the error's own fields such as code).
//
// Normal traffic: about 11 requests a second from the storefront's server-side renderer
// and the ingress over seven routes (GET /api/products/:id, /api/categories/:slug with
// pages and sort orders, /api/search?q=..., POST /api/cart/items, GET /api/cart, product
// reviews and store availability), response times varying per route with the Redis cache
// (misses go to Postgres), product and category prices fetched from the pricing service;
// routine 404s for unknown product ids and old category slugs, 400s whose validation
// message is logged at 40, a category sorted by popularity hitting the statement timeout
// a few times an hour (a 500 with pg's error); slow queries, a slow or hung-up pricing
// call and a routine 429 from pricing now and then, Redis reconnecting once in a while,
// Postgres dropping an idle client; per pod, the kubelet's /healthz and /readyz probes
// every 10 s, Prometheus scraping /metrics every 15 s, an event loop delay gauge every
// 30 s and cache stats (hits, misses, hit ratio, keys) every minute.
//
// Benign changes: a rolling deploy of 2.14.0 at 0:35 (each new pod starting with its
// version, Redis, the pg pool and "Server listening", each old pod then receiving SIGTERM
// and closing; the old hostnames stop and four new ones take over, their reqId counters
// starting again; the new pods' lines count as the deploy's for its first 20 minutes); a
// marketing email at 1:00 (requests to products and categories doubling within minutes,
// back to normal by 1:30); the hourly sitemap job 2.14.0 introduced, at 1:00 and 2:00 on
// the pod holding its lock (started, URLs written file by file, now and then a slow
// query, finished with its count and duration); the recommendations feature flag turned
// on at 1:50 (each pod noticing it, GET /api/recommendations/:id taking traffic from then
// on with its own response times); the log level of one pod raised to debug at 2:30
// through its admin endpoint (that pod's cache misses and query timings at 20 for the
// rest of the log).
//
// Incidents: a Redis failover at 0:20 for 4 minutes (the connection lost with ECONNRESET
// on every pod, reconnecting warnings every few hundred milliseconds, every cache read
// failing and falling back to Postgres: product and category requests 5 to 10 times
// slower, the pg pool saturated, some 503s, the Redis-backed cart answering 503, until
// each pod is connected again); the event loop of one new pod blocked at 1:15 for 20
// minutes (a feed exporter paging through search with pageSize=500 over keep-alive
// connections that all landed on that pod, each response serialized synchronously,
// bigger and bigger: its event loop delay climbing from milliseconds to seconds, every
// request and probe of that pod waiting behind it, lines from that pod arriving in bursts
// after silences, readiness failing so that it gets little other traffic, no error at all,
// until the kubelet restarts it: SIGTERM, server closed, a fresh start); the pricing
// service rate limiting the API at 2:05 for 12 minutes (429 warnings and retries on about
// half the priced requests, prices served from the cache, those requests slower, no 5xx);
// a canary of 2.15.0 at 2:45 crash-looping for 8 minutes (each start writing its start-up
// lines, answering a few requests, then dying on its first recommendations request with
// an "Unhandled promise rejection" fatal, restarted after back-offs of 10, 20, 40, 80
// and 160 s until it is rolled back).
var nodeAPI = Family{
	Name:    "node-api",
	Role:    Tuning,
	Service: "Node.js 20 storefront catalog API (Express) on Kubernetes, pino and pino-http JSON lines from four pods",
	Lines:   nodeAPILines,
}

const (
	nodeAPIRedis     = "redis failover: cache reads failing, slow requests and 503s"
	nodeAPIEventLoop = "event loop blocked on one pod by huge search responses, then its restart"
	nodeAPIPricing   = "pricing service rate limiting: 429 retries and cached prices"
	nodeAPICrashLoop = "canary crash-looping on an unhandled promise rejection"
)

const (
	nodeAPINodeVersion = "v20.14.0"
	nodeAPIRedisHost   = "redis-catalog.shop.svc"
	nodeAPIDBHost      = "catalog-db-rw.shop.svc"
	nodeAPIExporter    = "10.1.6.212"
	nodeAPIPrometheus  = "10.1.9.23"

	nodeAPIStackReset      = "Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)"
	nodeAPIMaxRetriesMsg   = `Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.`
	nodeAPIStackMaxRetries = "MaxRetriesPerRequestError: " + nodeAPIMaxRetriesMsg + "\n    at Socket.<anonymous> (/app/node_modules/ioredis/built/redis/event_handler.js:182:37)\n    at Object.onceWrapper (node:events:634:26)\n    at Socket.emit (node:events:519:28)\n    at TCP.<anonymous> (node:net:339:12)"
	nodeAPIStackPool       = "Error: timeout exceeded when trying to connect\n    at Timeout._onTimeout (/app/node_modules/pg-pool/index.js:205:27)\n    at listOnTimeout (node:internal/timers:573:17)\n    at process.processTimers (node:internal/timers:514:7)"
	nodeAPIStackStatement  = "error: canceling statement due to statement timeout\n    at /app/node_modules/pg/lib/client.js:526:17\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async CategoryRepository.listByPopularity (/app/dist/repositories/category.js:61:22)\n    at async getCategory (/app/dist/routes/categories.js:34:24)"
	nodeAPIStackIdle       = "Error: Connection terminated unexpectedly\n    at Connection.<anonymous> (/app/node_modules/pg/lib/client.js:132:73)\n    at Object.onceWrapper (node:events:633:28)\n    at Connection.emit (node:events:519:28)\n    at Socket.<anonymous> (/app/node_modules/pg/lib/connection.js:63:12)\n    at Socket.emit (node:events:519:28)\n    at TCP.<anonymous> (node:net:339:12)"
	nodeAPIStackHangUp     = "Error: socket hang up\n    at connResetException (node:internal/errors:787:14)\n    at Socket.socketOnEnd (node:_http_client:519:23)\n    at Socket.emit (node:events:531:35)\n    at endReadableNT (node:internal/streams/readable:1696:12)\n    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)"
	nodeAPICrashMsg        = "Cannot read properties of undefined (reading 'map')"
	nodeAPIStackCrash      = "TypeError: " + nodeAPICrashMsg + "\n    at RecommendationService.rank (/app/dist/services/recommendations.js:88:41)\n    at RecommendationService.forProduct (/app/dist/services/recommendations.js:42:21)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async /app/dist/routes/recommendations.js:19:23"
)

// nodeAPIRoute is a route of the API as its handlers use the cache, Postgres and pricing.
type nodeAPIRoute struct {
	method, name string
	weight       float64
	median       float64 // milliseconds of the handler, the database aside
	cache        bool    // read through the Redis cache, Postgres on a miss
	redis        bool    // its data lives in Redis (the cart)
	pricing      bool    // asks the pricing service for prices
	query        string  // its Postgres query, as the db module names it
	dbMedian     float64
	missRate     float64
}

var nodeAPIRoutes = []nodeAPIRoute{
	{"GET", "product", 0.42, 9, true, false, true, "products.byId", 6, 0.14},
	{"GET", "category", 0.18, 18, true, false, true, "products.byCategory", 26, 0.3},
	{"GET", "search", 0.14, 16, false, false, false, "products.search", 42, 0},
	{"POST", "cart-add", 0.07, 14, false, true, true, "", 0, 0},
	{"GET", "cart", 0.08, 6, false, true, false, "", 0, 0},
	{"GET", "reviews", 0.06, 8, true, false, false, "reviews.byProduct", 9, 0.22},
	{"GET", "availability", 0.05, 6, false, false, false, "inventory.byProductStore", 4, 0},
}

// nodeAPIRecs is the route the recommendations flag turns on.
var nodeAPIRecs = nodeAPIRoute{"GET", "recommendations", 0, 14, true, false, true, "recommendations.byProduct", 18, 0.25}

var (
	nodeAPICategories = []string{"womens-dresses", "mens-shoes", "running", "outdoor-jackets", "kids-toys", "home-kitchen", "electronics-headphones", "beauty-skincare", "garden", "sale", "new-arrivals", "accessories-bags", "mens-shirts", "womens-sneakers"}
	nodeAPIGoneSlugs  = []string{"summer-sale-2023", "black-friday-2023", "easter-gifts", "clearance-old"}
	nodeAPISorts      = []string{"", "", "&sort=price_asc", "&sort=price_desc", "&sort=newest", "&sort=popularity"}
	nodeAPITerms      = []string{"running shoes", "rain jacket", "wireless headphones", "sneakers", "yoga mat", "coffee grinder", "backpack", "winter boots", "sunglasses", "linen shirt", "air fryer", "summer dress", "levis 501", "nike air max", "kids raincoat", "gift card", "trail running", "bluetooth speaker"}
	nodeAPILangs      = []string{"", "", "", "?lang=en", "?lang=de", "?lang=en&currency=EUR", "?lang=fr&currency=EUR", "?lang=nl"}
	nodeAPIStores     = []string{"berlin-mitte", "hamburg-altona", "munich-center", "cologne-ehrenfeld", "vienna-west"}
	nodeAPIInvalid    = []string{"body.quantity: Number must be less than or equal to 99", "body.quantity: Expected integer, received float", "body.variantId: Required", "body.productId: Expected number, received string"}
)

// nodeAPILife is one process of a pod's container.
type nodeAPILife struct {
	up, listen, ready time.Time // started, "Server listening", first readiness probe passed
	stop, down        time.Time // stops taking connections (SIGTERM, a crash), exits
	liveOff           time.Duration
	scrapeOff         time.Duration
	reqs              int // pino-http's request counter
}

type nodeAPIPod struct {
	name, ip, nodeIP, version string
	lives                     []*nodeAPILife
	tr                        truth // the truth of its lines until trUntil
	trUntil                   time.Time
	own                       bool // the canary, whose requests crashLoop writes
}

func (p *nodeAPIPod) life(t time.Time) *nodeAPILife {
	for _, l := range p.lives {
		if !t.Before(l.up) && t.Before(l.down) {
			return l
		}
	}
	return nil
}

type nodeAPICaller struct {
	ip, host string
}

// nodeAPIExport is one page the feed exporter asks for: the event loop of the pod is
// blocked for block ms while its response is serialized.
type nodeAPIExport struct {
	arrive, done time.Time
	block        float64
	port         int
	url          string
}

type nodeAPIPending struct {
	at time.Time
	fn func()
}

type nodeAPILog struct {
	g *gen
	j *journal

	start, end                         time.Time
	deploy, ramp, sitemap, flag, debug change
	redisAt, badAt, badStop, badEnd    time.Time
	pricingAt, pricingEnd, crashAt     time.Time
	pods                               []*nodeAPIPod
	bad, debugPod, canary              *nodeAPIPod
	redisDown                          map[*nodeAPIPod][2]time.Time
	exports                            []nodeAPIExport
	callers                            []nodeAPICaller
	hot                                []int
	pending                            []nodeAPIPending
	sitemapProducts, keys0, usedIPs    int
}

func nodeAPILines(seed int64) []Line {
	start := time.Date(2024, 6, 11, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 15)
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(3, 997))*time.Millisecond)
	}
	n := &nodeAPILog{
		g:         g,
		j:         &journal{},
		start:     start,
		end:       start.Add(Length),
		deploy:    change{"rolling deploy of catalog-api 2.14.0", at(35 * time.Minute)},
		ramp:      change{"marketing email: product and category traffic doubling", at(60*time.Minute + 40*time.Second)},
		sitemap:   change{"hourly sitemap job", start.Add(60 * time.Minute)}, // node-cron, on the hour
		flag:      change{"recommendations feature flag on", at(110 * time.Minute)},
		debug:     change{"log level raised to debug on one pod", at(150 * time.Minute)},
		redisAt:   at(20 * time.Minute),
		badAt:     at(75 * time.Minute),
		pricingAt: at(125 * time.Minute),
		crashAt:   at(165 * time.Minute),
		redisDown: map[*nodeAPIPod][2]time.Time{},
	}
	n.badEnd = n.badAt.Add(20 * time.Minute)
	n.badStop = n.badAt.Add(18*time.Minute + time.Duration(g.between(20000, 40000))*time.Millisecond)
	n.pricingEnd = n.pricingAt.Add(12 * time.Minute)
	n.keys0 = g.between(46000, 49000)
	n.sitemapProducts = g.between(47600, 48400)
	for i := 0; i < 6; i++ {
		n.callers = append(n.callers, nodeAPICaller{n.podIP(), "catalog.shop.svc"}) // storefront-web pods
	}
	for i := 0; i < 2; i++ {
		n.callers = append(n.callers, nodeAPICaller{n.podIP(), "api.shop.example.com"}) // ingress-nginx
	}
	for i := 0; i < 60; i++ {
		n.hot = append(n.hot, g.between(1000, 48999))
	}
	n.makePods()
	n.planExport()
	n.restartBadPod()
	n.crashLoop()
	end := n.end
	for _, p := range n.pods {
		for _, l := range p.lives {
			n.periodic(p, l)
		}
	}

	// Requests, written in the order they arrive at their pods (pino-http counts them).
	g.arrivals(start, end, n.rate, func(t time.Time) {
		n.schedule(t, func() {
			if p := n.servingPod(t); p != nil {
				n.request(p, t, n.pickRoute(false), routine)
			}
		})
	})
	// The ramps' requests are drawn at their peak rate and kept in proportion (a rate
	// near 0 at the start would put the next arrival past the end).
	g.arrivals(n.ramp.start, end, func(t time.Time) float64 { return n.rate(t) * 0.6 }, func(t time.Time) {
		if !g.chance(n.extra(t)) {
			return
		}
		n.schedule(t, func() {
			r := &nodeAPIRoutes[0]
			if g.chance(0.3) {
				r = &nodeAPIRoutes[1]
			}
			if p := n.servingPod(t); p != nil {
				n.request(p, t, r, n.ramp.truth())
			}
		})
	})
	recsFrom := n.flag.start.Add(15 * time.Second)
	g.arrivals(recsFrom, end, func(t time.Time) float64 { return n.rate(t) * 0.1 }, func(t time.Time) {
		if !g.chance(rampUp(t, recsFrom, 2*time.Minute)) {
			return
		}
		n.schedule(t, func() {
			if p := n.servingPod(t); p != nil {
				n.request(p, t, &nodeAPIRecs, n.flag.truth())
			}
		})
	})
	for _, e := range n.exports {
		n.schedule(e.arrive, func() { n.exportRequest(e) })
	}
	n.schedule(n.debug.start, n.logLevel)
	sort.SliceStable(n.pending, func(a, b int) bool { return n.pending[a].at.Before(n.pending[b].at) })
	for _, x := range n.pending {
		x.fn()
	}
	n.pending = nil

	// Routine background of the modules.
	g.arrivals(start, end, func(time.Time) float64 { return 1.5 / 3600 }, n.redisBlip)
	g.arrivals(start, end, func(time.Time) float64 { return 0.7 / 3600 }, n.idleClientError)

	n.sitemapRuns()
	n.flagLines()
	n.redisFailover()
	return n.j.sorted(end)
}

func nodeAPIMs(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

func (n *nodeAPILog) podIP() string {
	n.usedIPs++
	return fmt.Sprintf("10.1.%d.%d", n.g.between(0, 9), 10+(n.usedIPs*37+n.g.intn(20))%240)
}

func (n *nodeAPILog) schedule(at time.Time, fn func()) {
	n.pending = append(n.pending, nodeAPIPending{at, fn})
}

// rate is the client requests a second: 11, drifting with the morning.
func (n *nodeAPILog) rate(t time.Time) float64 {
	m := t.Sub(n.start).Minutes()
	return 11 * (1 + 0.06*math.Sin(2*math.Pi*m/53) + 0.04*math.Sin(2*math.Pi*m/17+1)) * (0.95 + 0.1*m/180)
}

// extra is the marketing email's share on top of the usual product and category traffic:
// up to as much again within minutes, gone by 1:30.
func (n *nodeAPILog) extra(t time.Time) float64 {
	return rampUp(t, n.ramp.start, 4*time.Minute) * (1 - rampUp(t, n.ramp.start.Add(10*time.Minute), 19*time.Minute))
}

func (n *nodeAPILog) newLife(up time.Time) *nodeAPILife {
	g := n.g
	l := &nodeAPILife{up: up, stop: n.end.Add(time.Hour), down: n.end.Add(time.Hour)}
	l.listen = up.Add(time.Duration(g.between(900, 1700)) * time.Millisecond)
	l.ready = up.Add(time.Duration(g.between(3000, 4500)) * time.Millisecond) // initialDelaySeconds: 3
	l.liveOff = time.Duration(g.between(0, 9999)) * time.Millisecond
	l.scrapeOff = time.Duration(g.between(0, 14999)) * time.Millisecond
	return l
}

// makePods builds the four pods running at the start and the rolling deploy's four:
// each new pod started once the one before is ready and an old pod is gone
// (maxSurge 1, maxUnavailable 0).
func (n *nodeAPILog) makePods() {
	g := n.g
	nodes := []string{"10.0.32.15", "10.0.33.41", "10.0.34.8", "10.0.35.22", "10.0.36.17"}
	var old []*nodeAPIPod
	for i := 0; i < 4; i++ {
		p := &nodeAPIPod{name: "catalog-api-7c9d8f6b5-" + g.alnum(5), ip: n.podIP(), nodeIP: nodes[i], version: "2.13.4", tr: routine}
		l := n.newLife(n.start.Add(-time.Duration(g.between(20*3600, 40*3600)) * time.Second))
		l.reqs = g.between(300000, 2500000)
		p.lives = append(p.lives, l)
		old = append(old, p)
		n.pods = append(n.pods, p)
	}
	tr := n.deploy.truth()
	at := n.deploy.start.Add(time.Duration(g.between(2000, 6000)) * time.Millisecond)
	var fresh []*nodeAPIPod
	for i := 0; i < 4; i++ {
		p := &nodeAPIPod{name: "catalog-api-5b8f9d7c6-" + g.alnum(5), ip: n.podIP(), nodeIP: nodes[(i+2)%len(nodes)], version: "2.14.0", tr: tr, trUntil: n.deploy.start.Add(20 * time.Minute)}
		l := n.newLife(at)
		p.lives = append(p.lives, l)
		n.startup(tr, p, l)
		o := old[i]
		ol := o.lives[0]
		ol.stop = l.ready.Add(time.Duration(g.between(15200, 15900)) * time.Millisecond) // minReadySeconds: 15
		closed := ol.stop.Add(time.Duration(g.between(300, 2500)) * time.Millisecond)
		n.shutdown(tr, o, ol, ol.stop, closed)
		at = ol.stop.Add(time.Duration(g.between(500, 1500)) * time.Millisecond)
		fresh = append(fresh, p)
		n.pods = append(n.pods, p)
	}
	n.bad, n.debugPod = fresh[2], fresh[1]
	n.canary = &nodeAPIPod{name: "catalog-api-6d4c8b9f7-" + g.alnum(5), ip: n.podIP(), nodeIP: nodes[4], version: "2.15.0", tr: incident(nodeAPICrashLoop), trUntil: n.end.Add(time.Hour), own: true}
	n.pods = append(n.pods, n.canary)
}

func (n *nodeAPILog) log(tr truth, p *nodeAPIPod, at time.Time, level int, msg string, fields ...field) {
	n.j.add(tr, at, n.text(p, at, level, msg, fields...))
}

func (n *nodeAPILog) text(p *nodeAPIPod, at time.Time, level int, msg string, fields ...field) string {
	f := make([]field, 0, 6+len(fields))
	f = append(f, field{"level", level}, field{"time", int(at.UnixMilli())}, field{"pid", 1}, field{"hostname", p.name})
	f = append(f, fields...)
	return jsonLine(append(f, field{"msg", msg})...)
}

// nodeAPIErr is pino's serialized error: type, message, stack, then the error's own
// enumerable fields.
func nodeAPIErr(typ, msg, stack string, own ...field) field {
	return field{"err", append([]field{{"type", typ}, {"message", msg}, {"stack", stack}}, own...)}
}

func nodeAPIStatementTimeout() field {
	return nodeAPIErr("DatabaseError", "canceling statement due to statement timeout", nodeAPIStackStatement,
		field{"length", 109}, field{"name", "error"}, field{"severity", "ERROR"}, field{"code", "57014"}, field{"file", "postgres.c"}, field{"line", "3321"}, field{"routine", "ProcessInterrupts"})
}

// podTruth is the truth of a pod's lines about t: the blocked pod's during its 20
// minutes, a new pod's (the deploy's, the canary's) while it is new.
func (n *nodeAPILog) podTruth(p *nodeAPIPod, t time.Time) truth {
	if p == n.bad && within(t, n.badAt, n.badEnd.Sub(n.badAt)) {
		return incident(nodeAPIEventLoop)
	}
	if t.Before(p.trUntil) {
		return p.tr
	}
	return routine
}

// progress is how far the exporter has gone, 0 to 1.
func (n *nodeAPILog) progress(t time.Time) float64 {
	return math.Max(0, math.Min(1, float64(t.Sub(n.badAt))/float64(n.badStop.Sub(n.badAt))))
}

// weight is a pod's share of the Service's traffic at t: none unless ready, little for
// the blocked pod once its readiness probes time out.
func (n *nodeAPILog) weight(p *nodeAPIPod, t time.Time) float64 {
	if p.own {
		return 0
	}
	l := p.life(t)
	if l == nil || t.Before(l.ready) || !t.Before(l.stop) {
		return 0
	}
	if p == n.bad && t.After(n.badAt) && t.Before(n.badStop) && n.progress(t) > 0.6 {
		return 0.15
	}
	return 1
}

func (n *nodeAPILog) servingPod(t time.Time) *nodeAPIPod {
	i := n.g.weighted(len(n.pods), func(i int) float64 { return n.weight(n.pods[i], t) })
	if i < 0 {
		return nil
	}
	return n.pods[i]
}

func (n *nodeAPILog) serving(t time.Time) float64 {
	total := 0.0
	for _, p := range n.pods {
		total += n.weight(p, t)
	}
	return math.Max(1, total)
}

func (n *nodeAPILog) pickRoute(recs bool) *nodeAPIRoute {
	u := n.g.rng.Float64()
	if recs {
		u *= 1.1
		if u >= 1 {
			return &nodeAPIRecs
		}
	}
	for i := range nodeAPIRoutes {
		if u < nodeAPIRoutes[i].weight {
			return &nodeAPIRoutes[i]
		}
		u -= nodeAPIRoutes[i].weight
	}
	return &nodeAPIRoutes[0]
}

func (n *nodeAPILog) productID() int {
	if n.g.chance(0.35) {
		return pick(n.g, n.hot)
	}
	return n.g.between(1000, 48999)
}

// free is when the pod's event loop gets to an event that arrives at t: at once, but on
// the blocked pod only after every exporter page that arrived before it.
func (n *nodeAPILog) free(p *nodeAPIPod, t time.Time) time.Time {
	if p != n.bad || len(n.exports) == 0 || t.Before(n.exports[0].arrive) {
		return t
	}
	k := sort.Search(len(n.exports), func(i int) bool { return n.exports[i].arrive.After(t) }) - 1
	if k >= 0 && n.exports[k].done.After(t) {
		return n.exports[k].done.Add(time.Millisecond)
	}
	return t
}

func (n *nodeAPILog) debugOn(p *nodeAPIPod, t time.Time) bool {
	return p == n.debugPod && !t.Before(n.debug.start)
}

func (n *nodeAPILog) redisOut(p *nodeAPIPod, t time.Time) bool {
	w, ok := n.redisDown[p]
	return ok && !t.Before(w[0]) && t.Before(w[1])
}

// pricingShare is the share of pricing calls rate limited during the incident.
func (n *nodeAPILog) pricingShare(t time.Time) float64 {
	if !within(t, n.pricingAt, n.pricingEnd.Sub(n.pricingAt)) {
		return 0
	}
	m := t.Sub(n.pricingAt).Minutes()
	return rampUp(t, n.pricingAt, 45*time.Second) * (0.5 + 0.1*math.Sin(2*math.Pi*m/3.5))
}

type nodeAPIEntry struct {
	tr     truth
	at     time.Time
	level  int
	msg    string
	fields []field
}

func nodeAPIReq(method, url, host, remote string, port int) field {
	return field{"req", []field{{"method", method}, {"url", url}, {"host", host}, {"remoteAddress", remote}, {"remotePort", port}}}
}

// request is one client request to pod p arriving at t, with the lines its handler and
// pino-http write; none once the process has gone.
func (n *nodeAPILog) request(p *nodeAPIPod, t time.Time, r *nodeAPIRoute, base truth) {
	g := n.g
	l := p.life(t)
	if l == nil {
		return
	}
	tr := n.podTruth(p, t)
	if tr.incident == "" {
		tr = later(tr, base)
	}
	begin := n.free(p, t)
	reqID := fmt.Sprintf("req-%x", l.next())
	rid := field{"reqId", reqID}
	c := pick(g, n.callers)
	id := n.productID()
	label, key := "", ""
	status := 200
	if r.name == "cart-add" {
		status = 201
	}
	invalid, flaky := "", false
	var url string
	switch r.name {
	case "product":
		if g.chance(0.012) {
			id, status = g.between(49000, 99999), 404
		}
		url = fmt.Sprintf("/api/products/%d%s", id, pick(g, nodeAPILangs))
		label, key = fmt.Sprintf("product %d", id), fmt.Sprintf("product:%d", id)
	case "category":
		slug, sortBy := pick(g, nodeAPICategories), pick(g, nodeAPISorts)
		if g.chance(0.004) {
			slug, status = pick(g, nodeAPIGoneSlugs), 404
		}
		page := 1
		if g.chance(0.35) {
			page = g.between(2, 12)
		}
		url = fmt.Sprintf("/api/categories/%s?page=%d%s", slug, page, sortBy)
		label, key = fmt.Sprintf("category %s page %d", slug, page), fmt.Sprintf("category:%s:p%d", slug, page)
		flaky = status == 200 && sortBy == "&sort=popularity" && g.chance(0.006)
	case "search":
		term := strings.ReplaceAll(pick(g, nodeAPITerms), " ", "%20")
		url = "/api/search?q=" + term
		if g.chance(0.25) {
			url += "&page=" + fmt.Sprint(g.between(2, 5))
		}
		if g.chance(0.01) {
			url, status = "/api/search?q="+pick(g, []string{"", "a", "x", "1"}), 400
			invalid = "querystring.q: String must contain at least 2 character(s)"
		}
	case "cart-add":
		url = "/api/cart/items"
		if g.chance(0.02) {
			status, invalid = 400, pick(g, nodeAPIInvalid)
		}
	case "cart":
		url = "/api/cart"
	case "reviews":
		if g.chance(0.008) {
			id, status = g.between(49000, 99999), 404
		}
		page := 1 + g.intn(3)*g.intn(2)
		url = fmt.Sprintf("/api/products/%d/reviews?page=%d&limit=10", id, page)
		label, key = fmt.Sprintf("reviews of product %d", id), fmt.Sprintf("reviews:%d:p%d", id, page)
	case "availability":
		url = fmt.Sprintf("/api/products/%d/availability?store=%s", id, pick(g, nodeAPIStores))
	case "recommendations":
		if g.chance(0.01) {
			id, status = g.between(49000, 99999), 404
		}
		url = fmt.Sprintf("/api/recommendations/%d?limit=8", id)
		label, key = fmt.Sprintf("recommendations of product %d", id), fmt.Sprintf("recs:%d", id)
	}

	var out []nodeAPIEntry
	ms := 0.0 // the handler's time so far
	emit := func(tr truth, level int, msg string, fields ...field) {
		out = append(out, nodeAPIEntry{tr, begin.Add(nodeAPIMs(ms)), level, msg, fields})
	}
	var errField field
	ms += g.lognormal(r.median, 0.45)
	if invalid != "" {
		ms = g.lognormal(1.4, 0.4)
		emit(tr, 40, "request validation failed: "+invalid, rid, field{"module", "validation"}, field{"issues", 1})
	}
	miss := r.cache && (status == 404 || g.chance(r.missRate))
	switch {
	case invalid != "":
	case n.redisOut(p, t) && r.redis:
		tr = incident(nodeAPIRedis)
		ms += g.lognormal(40, 0.3)
		status, errField = 503, nodeAPIErr("MaxRetriesPerRequestError", nodeAPIMaxRetriesMsg, nodeAPIStackMaxRetries)
		emit(tr, 50, "cart storage unavailable", rid, field{"module", "cart"}, errField)
	case n.redisOut(p, t) && r.cache:
		tr = incident(nodeAPIRedis)
		ms += g.lognormal(3, 0.4)
		emit(tr, 50, "cache read failed, falling back to database", field{"module", "cache"}, field{"key", key}, nodeAPIErr("MaxRetriesPerRequestError", nodeAPIMaxRetriesMsg, nodeAPIStackMaxRetries))
		miss = false // read from Postgres here: every pod's reads go there now, waiting for the pool
		if g.chance(0.04) {
			ms += 5000 + g.lognormal(5, 0.5) // pg pool's connectionTimeoutMillis
			status, errField = 503, nodeAPIErr("Error", "timeout exceeded when trying to connect", nodeAPIStackPool)
		} else {
			ms += g.lognormal(90, 0.5) + g.lognormal(2*r.dbMedian, 0.5)
		}
	case n.redisOut(p, t) && r.query != "":
		tr = incident(nodeAPIRedis) // the pool is saturated by the others' reads
		ms += g.lognormal(60, 0.5)
	}
	dtr := tr
	if tr.incident == "" && n.debugOn(p, t) {
		dtr = later(tr, n.debug.truth())
	}
	if status != 400 && status != 503 && r.query != "" && (miss || !r.cache) {
		if miss && n.debugOn(p, t) {
			emit(dtr, 20, "cache miss for "+label, field{"module", "cache"}, field{"key", key})
		}
		q := g.lognormal(r.dbMedian, 0.5)
		rows := 1
		switch {
		case status == 404:
			rows = 0
		case r.name == "category":
			rows = 24
		case r.name == "search":
			rows = g.between(0, 24)
		case r.name == "reviews":
			rows = g.between(0, 10)
		case r.name == "recommendations":
			rows = 8
		}
		if flaky {
			q = 3000 + g.lognormal(4, 0.5) // statement_timeout
		} else if g.chance(0.0015) {
			q = g.lognormal(700, 0.3)
		}
		ms += q
		if flaky {
			status, errField = 500, nodeAPIStatementTimeout()
		} else if q >= 500 {
			emit(tr, 40, fmt.Sprintf("slow query: %s took %d ms", r.query, int(q)), field{"module", "db"}, field{"query", r.query}, field{"durationMs", int(q)}, field{"rows", rows})
		} else if n.debugOn(p, t) {
			emit(dtr, 20, fmt.Sprintf("query %s took %d ms", r.query, int(q)), field{"module", "db"}, field{"query", r.query}, field{"durationMs", int(q)}, field{"rows", rows})
		}
	}
	if r.pricing && status < 300 {
		n.pricing(r, t, &tr, &ms, id, rid, emit)
	}
	done := begin.Add(nodeAPIMs(ms))
	fields := []field{rid, nodeAPIReq(r.method, url, c.host, c.ip, g.between(32768, 60999)), {"res", []field{{"statusCode", status}}}}
	level, msg := 30, "request completed"
	switch {
	case status >= 500:
		level, msg = 50, "request errored"
		fields = append(fields, errField)
	case status >= 400:
		level = 40
	}
	fields = append(fields, field{"responseTime", int(done.Sub(t) / time.Millisecond)})
	out = append(out, nodeAPIEntry{tr, done, level, msg, fields})
	for _, e := range out {
		if e.at.Before(l.down) {
			n.log(e.tr, p, e.at, e.level, e.msg, e.fields...)
		}
	}
}

func (l *nodeAPILife) next() int {
	l.reqs++
	return l.reqs
}

// pricing is the handler's call to the pricing service: rate limited during the
// incident (retried after 200 and 400 ms, then the cached price), now and then slow, hung
// up or rate limited once.
func (n *nodeAPILog) pricing(r *nodeAPIRoute, t time.Time, tr *truth, ms *float64, id int, rid field, emit func(truth, int, string, ...field)) {
	g := n.g
	what := field{"productId", id}
	switch r.name {
	case "category":
		what = field{"items", pick(g, []int{12, 24, 24, 24, 48})}
	case "recommendations":
		what = field{"items", 8}
	}
	mod := field{"module", "pricing"}
	*ms += g.lognormal(8, 0.4)
	switch {
	case g.chance(n.pricingShare(t)):
		*tr = incident(nodeAPIPricing)
		for attempt, wait := 1, 200; ; attempt, wait = attempt+1, wait*2 {
			if attempt == 3 {
				msg := "price unavailable, serving cached price"
				if what.key == "items" {
					msg = "prices unavailable, serving cached prices"
				}
				emit(*tr, 40, msg, rid, mod, what, field{"cachedAgeS", g.between(30, 3600)})
				break
			}
			emit(*tr, 40, fmt.Sprintf("pricing service rate limited, retrying in %d ms", wait), rid, mod, field{"statusCode", 429}, field{"attempt", attempt}, what)
			*ms += float64(wait) + g.lognormal(6, 0.4)
			if g.chance(0.4) {
				break
			}
		}
	case g.chance(0.0001):
		emit(*tr, 40, "pricing service rate limited, retrying in 200 ms", rid, mod, field{"statusCode", 429}, field{"attempt", 1}, what)
		*ms += 200 + g.lognormal(8, 0.4)
	case g.chance(0.00015):
		emit(*tr, 40, "pricing request failed, retrying", rid, mod, field{"attempt", 1}, what, nodeAPIErr("Error", "socket hang up", nodeAPIStackHangUp, field{"code", "ECONNRESET"}))
		*ms += g.lognormal(10, 0.4)
	case g.chance(0.0008):
		d := g.lognormal(700, 0.35)
		*ms += d
		emit(*tr, 40, fmt.Sprintf("pricing request took %d ms", int(d)), rid, mod, field{"durationMs", int(d)}, what)
	}
}

// probe is the kubelet's probe or Prometheus' scrape of a pod, logged by pino-http too.
func (n *nodeAPILog) probe(p *nodeAPIPod, l *nodeAPILife, t time.Time, path string) {
	g := n.g
	begin := n.free(p, t)
	remote, own, tr := p.nodeIP, g.lognormal(0.7, 0.5), n.podTruth(p, t)
	switch path {
	case "/readyz": // SELECT 1 on the pool
		own = g.lognormal(2.2, 0.4)
		if n.redisOut(p, t) {
			own += g.lognormal(60, 0.5)
			tr = incident(nodeAPIRedis)
		}
	case "/metrics":
		remote, own = nodeAPIPrometheus, g.lognormal(6, 0.35)
	}
	done := begin.Add(nodeAPIMs(own))
	if !done.Before(l.down) {
		return
	}
	n.log(tr, p, done, 30, "request completed", field{"reqId", fmt.Sprintf("req-%x", l.next())},
		nodeAPIReq("GET", path, p.ip+":3000", remote, g.between(32768, 60999)), field{"res", []field{{"statusCode", 200}}}, field{"responseTime", int(done.Sub(t) / time.Millisecond)})
}

// periodic schedules a process's probes, scrapes and gauges, on the phase its start
// gave them.
func (n *nodeAPILog) periodic(p *nodeAPIPod, l *nodeAPILife) {
	g := n.g
	from := func(base time.Time, period time.Duration) time.Time {
		if !base.Before(n.start) {
			return base
		}
		k := (n.start.Sub(base) + period - 1) / period
		return base.Add(k * period)
	}
	for _, s := range []struct {
		path   string
		base   time.Time
		period time.Duration
	}{
		{"/readyz", l.ready, 10 * time.Second},
		{"/healthz", l.ready.Add(l.liveOff), 10 * time.Second},
		{"/metrics", l.listen.Add(l.scrapeOff), 15 * time.Second},
	} {
		g.every(from(s.base, s.period), minTime(l.stop, n.end), s.period, 3*time.Millisecond, func(t time.Time) {
			n.schedule(t, func() { n.probe(p, l, t, s.path) })
		})
	}
	g.every(from(l.listen.Add(30*time.Second), 30*time.Second), minTime(l.stop, n.end), 30*time.Second, 2*time.Millisecond, func(t time.Time) { n.loopDelay(p, l, t) })
	g.every(from(l.listen.Add(time.Minute), time.Minute), minTime(l.stop, n.end), time.Minute, 2*time.Millisecond, func(t time.Time) { n.cacheStats(p, l, t) })
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// loopDelay is the perf_hooks monitor's report: on the blocked pod, the serializations
// of the last 30 s.
func (n *nodeAPILog) loopDelay(p *nodeAPIPod, l *nodeAPILife, tick time.Time) {
	g := n.g
	at := n.free(p, tick)
	if !at.Before(l.stop) {
		return
	}
	load := n.rate(tick) * (1 + n.extra(tick)*0.6) / 11
	p99 := g.lognormal(11.5, 0.12) * (0.85 + 0.15*load)
	mean := g.lognormal(3.1, 0.1)
	top := p99 + g.lognormal(5, 0.6)
	if p == n.bad && within(tick, n.badAt, n.badEnd.Sub(n.badAt)) {
		var sum2, worst float64
		for _, e := range n.exports {
			if e.done.After(at.Add(-30*time.Second)) && !e.done.After(at) {
				sum2 += e.block * e.block
				worst = math.Max(worst, e.block)
			}
		}
		if worst > 0 {
			p99 = math.Max(p99, worst*g.normal(0.97, 0.01))
			top = math.Max(p99, worst) + g.lognormal(2, 0.5)
			mean += sum2 / 60000
		}
	}
	n.log(n.podTruth(p, tick), p, at, 30, "event loop delay", field{"module", "monitor"}, field{"p99Ms", round(p99, 1)}, field{"meanMs", round(mean, 1)}, field{"maxMs", round(top, 1)})
}

// cacheStats is the cache module's minute: its reads from Redis, the hit ratio and the
// keys Redis holds; while Redis is away its reads fail.
func (n *nodeAPILog) cacheStats(p *nodeAPIPod, l *nodeAPILife, tick time.Time) {
	g := n.g
	at := n.free(p, tick)
	if !at.Before(l.stop) {
		return
	}
	tr := n.podTruth(p, tick)
	reads := n.rate(tick) * (1 + 0.9*n.extra(tick)) * 60 * 0.68 * n.weight(p, tick) / n.serving(tick) * g.lognormal(1, 0.08)
	ratio := math.Min(0.97, g.normal(0.862, 0.012))
	m := tick.Sub(n.start).Minutes()
	keys := n.keys0 + int(900*math.Sin(2*math.Pi*m/70)+6*m) + g.between(-40, 40)
	errs := 0
	if w, ok := n.redisDown[p]; ok && tick.After(w[0]) && tick.Before(w[1].Add(time.Minute)) {
		tr = incident(nodeAPIRedis)
		down := math.Min(1, (minTime(tick, w[1]).Sub(maxTime(tick.Add(-time.Minute), w[0]))).Minutes())
		errs = int(reads * down)
		reads -= float64(errs)
		if tick.Before(w[1]) {
			keys = -1 // DBSIZE failed
		}
	}
	hits := int(reads * ratio)
	misses := int(reads) - hits
	if hits+misses > 0 {
		ratio = float64(hits) / float64(hits+misses)
	}
	n.log(tr, p, at, 30, "cache stats", field{"module", "cache"}, field{"hits", hits}, field{"misses", misses}, field{"errors", errs}, field{"hitRatio", round(ratio, 3)}, field{"keys", keys})
}

// startup is what a process writes as it starts.
func (n *nodeAPILog) startup(tr truth, p *nodeAPIPod, l *nodeAPILife) {
	g := n.g
	at := l.up.Add(time.Duration(g.between(60, 160)) * time.Millisecond)
	n.log(tr, p, at, 30, "starting catalog-api "+p.version, field{"version", p.version}, field{"nodeVersion", nodeAPINodeVersion}, field{"env", "production"})
	step := float64(l.listen.Sub(at)) / float64(time.Millisecond) / 4
	at = at.Add(nodeAPIMs(step * g.normal(1, 0.1)))
	n.log(tr, p, at, 30, "feature flags loaded", field{"module", "flags"},
		field{"flags", []field{{"recommendations", !l.up.Before(n.flag.start)}, {"searchV2", true}, {"newCheckout", false}}})
	at = at.Add(nodeAPIMs(step * g.normal(1, 0.1)))
	n.log(tr, p, at, 30, "connected to redis", field{"module", "cache"}, field{"host", nodeAPIRedisHost}, field{"port", 6379})
	at = at.Add(nodeAPIMs(step * g.normal(1, 0.1)))
	n.log(tr, p, at, 30, "pg pool ready", field{"module", "db"}, field{"host", nodeAPIDBHost}, field{"database", "catalog"}, field{"max", 20})
	n.log(tr, p, l.listen, 30, "Server listening at http://0.0.0.0:3000", field{"port", 3000}, field{"version", p.version})
}

// shutdown is a process's graceful stop: the server closed once its requests are
// answered, then Redis and the pool.
func (n *nodeAPILog) shutdown(tr truth, p *nodeAPIPod, l *nodeAPILife, sig, closed time.Time) {
	g := n.g
	n.log(tr, p, sig, 30, "received SIGTERM, shutting down gracefully", field{"signal", "SIGTERM"})
	n.log(tr, p, closed, 30, "server closed")
	at := closed.Add(time.Duration(g.between(2, 9)) * time.Millisecond)
	n.log(tr, p, at, 30, "redis connection closed", field{"module", "cache"})
	at = at.Add(time.Duration(g.between(3, 20)) * time.Millisecond)
	n.log(tr, p, at, 30, "pg pool ended", field{"module", "db"})
	l.down = at.Add(time.Duration(g.between(5, 30)) * time.Millisecond)
}

// redisBlip is Redis closing an idle connection now and then: reconnected at once.
func (n *nodeAPILog) redisBlip(t time.Time) {
	if within(t, n.redisAt.Add(-10*time.Minute), 25*time.Minute) {
		return
	}
	p := n.servingPod(t)
	if p == nil {
		return
	}
	tr := n.podTruth(p, t)
	n.log(tr, p, t, 40, "redis reconnecting", field{"module", "cache"}, field{"attempt", 1}, field{"delayMs", 100})
	at := t.Add(time.Duration(n.g.between(101, 140)) * time.Millisecond)
	n.log(tr, p, at, 30, "redis connected", field{"module", "cache"}, field{"host", nodeAPIRedisHost}, field{"port", 6379}, field{"attempts", 1})
}

func (n *nodeAPILog) idleClientError(t time.Time) {
	p := n.servingPod(t)
	if p == nil {
		return
	}
	n.log(n.podTruth(p, t), p, t, 50, "unexpected error on idle client", field{"module", "db"}, nodeAPIErr("Error", "Connection terminated unexpectedly", nodeAPIStackIdle))
}

// sitemapRuns are the hourly job's runs at 1:00 and 2:00, on the pod that takes its lock.
func (n *nodeAPILog) sitemapRuns() {
	g := n.g
	tr := n.sitemap.truth()
	for run := 0; run < 2; run++ {
		at := n.sitemap.start.Add(time.Duration(run)*time.Hour + time.Duration(g.between(2, 40))*time.Millisecond)
		p := n.servingPod(at)
		if p == nil {
			continue
		}
		began := at
		n.sitemapProducts += run * g.between(10, 90)
		bind := []field{{"job", "sitemap"}, {"runId", g.hex(8)}}
		with := func(f ...field) []field { return append(append([]field{}, bind...), f...) }
		n.log(tr, p, at, 30, "sitemap job started", with(field{"schedule", "0 * * * *"})...)
		files, total := 0, 0
		for written := 0; written < n.sitemapProducts; written += 5000 {
			k := min(5000, n.sitemapProducts-written)
			files++
			q := g.lognormal(380, 0.5)
			if q >= 500 {
				n.log(tr, p, at.Add(nodeAPIMs(q)), 40, fmt.Sprintf("slow query: sitemap.productsPage took %d ms", int(q)), field{"module", "db"}, field{"query", "sitemap.productsPage"}, field{"durationMs", int(q)}, field{"rows", k})
			}
			at = at.Add(nodeAPIMs(q + g.lognormal(2600, 0.2)))
			name := fmt.Sprintf("sitemap-products-%d.xml", files)
			n.log(tr, p, at, 30, fmt.Sprintf("%d URLs written to %s", k, name), with(field{"file", name}, field{"urls", k})...)
			total += k
		}
		at = at.Add(nodeAPIMs(g.lognormal(900, 0.3)))
		cats := 312 + run*g.between(0, 3)
		files++
		n.log(tr, p, at, 30, fmt.Sprintf("%d URLs written to sitemap-categories.xml", cats), with(field{"file", "sitemap-categories.xml"}, field{"urls", cats})...)
		total += cats
		at = at.Add(nodeAPIMs(g.lognormal(1400, 0.3)))
		n.log(tr, p, at, 30, "sitemap index uploaded to s3://shop-sitemaps/catalog/sitemap.xml", with(field{"files", files}, field{"bytes", g.between(1400, 1600)})...)
		at = at.Add(time.Duration(g.between(2, 12)) * time.Millisecond)
		n.log(tr, p, at, 30, "sitemap job finished", with(field{"urls", total}, field{"files", files}, field{"durationMs", int(at.Sub(began) / time.Millisecond)})...)
	}
}

// flagLines are each pod's flag client seeing the recommendations flag on at its next
// poll.
func (n *nodeAPILog) flagLines() {
	tr := n.flag.truth()
	for _, p := range n.pods {
		at := n.flag.start.Add(time.Duration(n.g.between(0, 14999)) * time.Millisecond)
		if l := p.life(at); p.own || l == nil || at.Before(l.listen) {
			continue
		}
		n.log(tr, p, at, 30, "feature flag recommendations enabled", field{"module", "flags"}, field{"flag", "recommendations"}, field{"enabled", true}, field{"source", "unleash"})
	}
}

// logLevel is an operator raising one pod's level through its admin endpoint.
func (n *nodeAPILog) logLevel() {
	p, t := n.debugPod, n.debug.start
	l := p.life(t)
	if l == nil {
		return
	}
	tr := n.debug.truth()
	rid := field{"reqId", fmt.Sprintf("req-%x", l.next())}
	at := t.Add(time.Duration(n.g.between(1, 3)) * time.Millisecond)
	n.log(tr, p, at, 30, "log level changed from info to debug", rid, field{"module", "admin"}, field{"from", "info"}, field{"to", "debug"})
	done := at.Add(time.Millisecond)
	n.log(tr, p, done, 30, "request completed", rid, nodeAPIReq("PUT", "/admin/log-level", "localhost:3000", "127.0.0.1", n.g.between(40000, 60000)),
		field{"res", []field{{"statusCode", 204}}}, field{"responseTime", int(done.Sub(t) / time.Millisecond)})
}

// redisFailover is Redis's master lost and a replica promoted: every pod's connection
// drops, ioredis reconnects every few hundred milliseconds until it reaches the new
// master, and meanwhile every read goes to Postgres (see request) and saturates the pool.
func (n *nodeAPILog) redisFailover() {
	g := n.g
	tr := incident(nodeAPIRedis)
	for _, p := range n.pods {
		if l := p.life(n.redisAt); p.own || l == nil {
			continue
		}
		w := n.redisDown[p]
		lost, back := w[0], w[1]
		n.log(tr, p, lost, 50, "redis connection lost", field{"module", "cache"},
			nodeAPIErr("Error", "read ECONNRESET", nodeAPIStackReset, field{"errno", -104}, field{"code", "ECONNRESET"}, field{"syscall", "read"}))
		at := lost.Add(time.Duration(g.between(1, 3)) * time.Millisecond)
		attempt := 1
		for ; at.Before(back); attempt++ {
			delay := min(100*attempt, 500)
			n.log(tr, p, at, 40, "redis reconnecting", field{"module", "cache"}, field{"attempt", attempt}, field{"delayMs", delay})
			at = at.Add(time.Duration(delay+g.between(1, 4)) * time.Millisecond)
		}
		n.log(tr, p, at, 30, "redis connected", field{"module", "cache"}, field{"host", nodeAPIRedisHost}, field{"port", 6379}, field{"attempts", attempt})
		g.every(lost.Add(4*time.Second), back.Add(8*time.Second), 5*time.Second, 2*time.Second, func(t time.Time) {
			n.log(tr, p, t, 40, "pg pool saturated", field{"module", "db"}, field{"totalCount", 20}, field{"idleCount", 0}, field{"waitingCount", g.between(6, 60)})
		})
	}
}

// planExport simulates the feed exporter on the blocked pod: three workers, each asking
// for the next page once it has the last, every page's response serialized on the event
// loop (a block that grows from tens of milliseconds to seconds as it reaches the
// categories with many variants), in the order the pages arrive. It also fixes when each
// pod loses Redis in the failover, which requests need before they are written.
func (n *nodeAPILog) planExport() {
	g := n.g
	for _, p := range n.pods {
		if l := p.life(n.redisAt); p.own || l == nil {
			continue
		}
		lost := n.redisAt.Add(time.Duration(g.between(0, 900)) * time.Millisecond)
		back := n.redisAt.Add(4*time.Minute + time.Duration(g.between(-4000, 4000))*time.Millisecond)
		n.redisDown[p] = [2]time.Time{lost, back}
	}
	next := make([]time.Time, 3)
	ports := make([]int, len(next))
	for i := range next {
		next[i] = n.badAt.Add(time.Duration(i*g.between(8000, 40000)) * time.Millisecond)
		ports[i] = g.between(33000, 60999)
	}
	cats := append([]string(nil), nodeAPICategories...)
	cat, page := 0, 0
	free := n.badAt
	for {
		w := 0
		for i := range next {
			if next[i].Before(next[w]) {
				w = i
			}
		}
		t := next[w]
		if !t.Before(n.badStop) {
			break
		}
		begin := maxTime(t, free)
		x := n.progress(begin)
		block := g.lognormal(15*math.Exp(math.Log(600)*math.Pow(x, 1.3)), 0.35)
		done := begin.Add(nodeAPIMs(block + g.lognormal(12, 0.4)))
		free = done
		page++
		if page > 40+g.intn(30) {
			cat, page = (cat+1)%len(cats), 1
		}
		url := fmt.Sprintf("/api/search?q=&category=%s&page=%d&pageSize=500&include=variants", cats[cat], page)
		n.exports = append(n.exports, nodeAPIExport{arrive: t, done: done, block: block, port: ports[w], url: url})
		next[w] = done.Add(nodeAPIMs(g.lognormal(700, 0.3)))
	}
}

func (n *nodeAPILog) exportRequest(e nodeAPIExport) {
	p := n.bad
	l := p.life(e.arrive)
	if l == nil || !e.done.Before(l.down) {
		return
	}
	n.log(incident(nodeAPIEventLoop), p, e.done, 30, "request completed", field{"reqId", fmt.Sprintf("req-%x", l.next())},
		nodeAPIReq("GET", e.url, "catalog.shop.svc", nodeAPIExporter, e.port), field{"res", []field{{"statusCode", 200}}}, field{"responseTime", int(e.done.Sub(e.arrive) / time.Millisecond)})
}

// restartBadPod is the kubelet restarting the blocked pod once its liveness probe has
// failed long enough: SIGTERM, handled once the loop gets to it, the server closed
// after the pages in flight, a fresh process.
func (n *nodeAPILog) restartBadPod() {
	g := n.g
	tr := incident(nodeAPIEventLoop)
	p := n.bad
	l := p.lives[0]
	l.stop = n.badStop
	sig := n.free(p, n.badStop)
	closed := sig
	if k := len(n.exports); k > 0 {
		closed = maxTime(closed, n.exports[k-1].done)
	}
	closed = closed.Add(time.Duration(g.between(20, 80)) * time.Millisecond)
	n.shutdown(tr, p, l, sig, closed)
	fresh := n.newLife(l.down.Add(time.Duration(g.between(900, 1600)) * time.Millisecond))
	p.lives = append(p.lives, fresh)
	n.startup(tr, p, fresh)
}

// crashLoop is the canary of 2.15.0: each start writes its start-up lines, answers its
// share of requests once ready, and dies on its first recommendations request; the
// kubelet starts it again after a back-off that doubles, until it is rolled back.
func (n *nodeAPILog) crashLoop() {
	g := n.g
	p := n.canary
	tr := incident(nodeAPICrashLoop)
	limit := n.crashAt.Add(8 * time.Minute)
	at := n.crashAt.Add(time.Duration(g.between(3000, 7000)) * time.Millisecond) // the image pulled
	backoff := 10 * time.Second
	for at.Before(limit) {
		l := n.newLife(at)
		p.lives = append(p.lives, l)
		n.startup(tr, p, l)
		type arrival struct {
			t time.Time
			r *nodeAPIRoute
		}
		var early []arrival
		var crash time.Time
		g.arrivals(l.ready, limit, func(t time.Time) float64 { return n.rate(t) * 1.1 / 5 }, func(t time.Time) {
			if !crash.IsZero() {
				return
			}
			r := n.pickRoute(true)
			if r == &nodeAPIRecs {
				crash = t
				return
			}
			early = append(early, arrival{t, r})
		})
		for _, a := range early {
			n.schedule(a.t, func() { n.request(p, a.t, a.r, tr) })
		}
		if crash.IsZero() {
			l.stop, l.down = limit, limit
			break
		}
		died := crash.Add(time.Duration(g.between(8, 40)) * time.Millisecond)
		l.stop, l.down = died, died.Add(time.Duration(g.between(20, 60))*time.Millisecond)
		n.log(tr, p, died, 60, "Unhandled promise rejection", nodeAPIErr("TypeError", nodeAPICrashMsg, nodeAPIStackCrash))
		at = l.down.Add(backoff)
		backoff = min(2*backoff, 5*time.Minute)
	}
}
