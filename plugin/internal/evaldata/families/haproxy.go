package families

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// haproxy is the edge load balancer of an online ticketing company (tixwave): HAProxy
// 2.8 in master-worker mode in a Kubernetes Deployment of two replicas behind the cloud's
// network load balancer (which passes the client's address with the PROXY protocol).
// The file is one replica's container log as the kubelet writes it and the collector
// reads it (the CRI prefix stripped): HAProxy's logs on stdout, `log stdout format
// local local0` (RFC 3164 without a host name, as a local syslog writes it), and the
// master's and the worker's own messages on stderr, `[NOTICE]   (1) : ...`. The
// container's clock is UTC; the log opens at 07:00 (09:00 in Berlin).
//
// The configuration: frontend fe_https (`bind :443 ssl crt-list ... alpn h2,http/1.1
// accept-proxy`, www., api., static. and partners.tixwave.com) and fe_http (:80, a 301
// to https for everything); backends be_web (web-1..web-6, server-side rendering),
// be_api (api-1..api-8, the REST API for the site, the mobile app and the resellers'
// partner API), be_checkout (checkout-1..checkout-4, maxconn 30 each, the payment
// provider called inline), be_static (static-1..3, the CDN's origin) and be_ws (ws-1..3,
// the seat-map websockets, timeout tunnel 1h). `option httplog`, `option dontlognull`,
// `option log-health-checks`, `capture request header Host len 40`; health checks
// `option httpchk GET /healthz` with `inter 2s fall 3 rise 2`, timeout check 2s, timeout
// queue 10s, timeout server 30s, hard-stop-after 10m. Rate limiting: `http-request
// track-sc0 src` in a table storing http_req_rate(10s), denied with a 429 above 120,
// and `track-sc1 src table st_login` for POST /api/v2/login, http_req_rate(60s), denied
// above 10. The HTTP log line, timestamped when it is emitted (at the end of the
// request; the bracketed date is when the request began), HTTP/2 requests in absolute
// form as HAProxy 2.x logs them:
//
//	<134>Jul 17 07:00:00 haproxy[8]: 93.184.12.40:52814 [17/Jul/2024:06:59:59.941] fe_https~ be_api/api-3 0/0/0/41/42 200 1834 - - ---- 402/398/2/1/0 0/0 {www.tixwave.com} "GET https://www.tixwave.com/api/v2/events/44172/availability HTTP/2.0"
//	<134>Jul 17 07:00:01 haproxy[8]: 185.199.33.7:40112 [17/Jul/2024:07:00:01.208] fe_https~ fe_https/<NOSRV> 0/-1/-1/-1/0 429 223 - - PR-- 409/405/0/0/0 0/0 {api.tixwave.com} "GET /api/v2/events/41187/availability HTTP/1.1"
//	<134>Jul 17 07:03:12 haproxy[8]: 77.21.140.9:61022 [17/Jul/2024:07:00:48.310] fe_https~ be_ws/ws-2 0/0/1/2/143877 101 21450 - - ---- 396/393/104/35/0 0/0 {www.tixwave.com} "GET /ws/seats?event=44172 HTTP/1.1"
//	<134>Jul 17 07:05:40 haproxy[8]: 45.148.10.81:53110 [17/Jul/2024:07:05:40.022] fe_https/1: SSL handshake failure (error:0A0000C1:SSL routines::no shared cipher)
//	[WARNING]  (8) : Health check for server be_web/web-4 failed, reason: Layer7 timeout, check duration: 2001ms, status: 2/3 UP.
//	<133>Jul 17 07:09:13 haproxy[8]: Health check for server be_web/web-4 failed, reason: Layer7 timeout, check duration: 2001ms, status: 2/3 UP.
//
// Messages about servers and proxies are written twice, on stderr without a time and to
// the log at their syslog level (a server DOWN at alert, <129>; UP, drain, maintenance
// and checks at notice, <133>; a backend without servers at emerg, <128>; a stopping
// proxy at warning, <132>).
//
// Normal operation, 16 lines a second at 09:00 local time rising to 25 by noon:
// visitors (a third in the mobile app, on api.tixwave.com) browse the home page, events,
// venues and search, each page an HTML request to be_web and a few API calls on one
// HTTP/2 connection (its client port), logged-in users their orders (401 on an expired
// token, a refresh, the call again), logins (a wrong password now and then), analytics
// beacons (204), carts and checkouts (the payment call near a second), seat-map
// websockets open for minutes; the CDN fetching and revalidating static assets (200,
// 304); three resellers on the partner API over HTTP/1.1 keep-alive connections; 301s on
// fe_http; four scrapers whose bursts on availability exceed the rate limit (a few dozen
// 429s each time); scanners (404s on /wp-login.php and the like, TLS handshakes that
// fail, <BADREQ>); clients that go away mid-response (CD--); a rare 502 (SH--) or 504;
// a server missing one check and passing the next, and twice a web server pausing long
// enough to go DOWN for a few seconds and come back.
//
// Benign changes:
//   - 0:14, rolling update of be_api through the runtime API, api-1 to api-8 one after
//     the other over about 13 minutes: each enters drain state, goes DOWN for
//     maintenance, its pod is replaced, it is made ready again (UP/READY, leaving forced
//     maintenance) and passes its first check. Those lines carry the change.
//   - 0:58, a stadium tour goes on sale at 08:00 (a waiting room polled for two minutes
//     before): for half an hour two to three times the site's usual traffic, most of it
//     on its event (availability polled, seat maps, carts with 409s for seats taken,
//     checkouts, websockets), the API answering slower and queueing a little (Tw of a
//     few ms, a backend queue). The buyers' requests carry the change.
//   - 2:02, a configuration reload through the master CLI adding be_search
//     (search-1..3) for /api/v2/search: the master's Reloading HAProxy, New worker
//     forked, Loading success; the old worker's proxies stopped (cumulated conns); the
//     new worker (a new pid in every line after) checking every server once, search-3
//     refused until its pod is up a minute later; search requests served by be_search
//     from then on; after 10 minutes the old worker's hard-stop, the websockets it still
//     held closed (KD--) and the master's Former worker exited. Those lines carry it.
//   - 2:33, the CDN turns on origin health checks from a new range: twelve addresses
//     of 146.75.0.0/16 each sending HEAD /healthcheck.txt every 15 s, rolled out over
//     three minutes. Those requests carry the change.
//
// Incidents:
//   - 0:38 for about 14 minutes, be_checkout exhausted: the payment provider slows down,
//     the payment calls take seconds, the four servers reach maxconn, requests queue
//     (Tw climbing into seconds, a backend queue of a hundred), clients give up in the
//     queue (CQ--) and the queue times out (sQ-- 503 after 10 s); the servers' checks
//     time out and they go DOWN one by one until the backend has no server available
//     (SC-- 503 on <NOSRV>); when the provider recovers the servers come UP, the backlog
//     of retries goes through slowly. Every be_checkout request of the episode, the
//     users' retries, and the check and server lines are the incident's.
//   - 1:38 for about 18 minutes, api-5's database replica degraded: api-5 answers about
//     twenty times slower than the other seven (Tr in hundreds of ms to seconds), status
//     200 throughout, its health check (which does not touch the database) passing. Its
//     requests are the incident's.
//   - 2:16 for about 12 minutes, a certificate for partners.tixwave.com from a new CA
//     whose root one reseller's Java clients do not trust: their new connections fail
//     with SSL handshake failure (sslv3 alert certificate unknown) from their six
//     addresses, retried, while connections opened before go on for a while; the
//     handshake failures are the incident's.
//   - 2:43 for about 7 minutes, credential stuffing on POST /api/v2/login from a few
//     hundred rotating residential addresses: each address's first ten attempts reach
//     be_api (401, a few 200s), the rest are denied by the login table (PR-- 429). All
//     of their requests are the incident's.
var haproxy = Family{
	Name:    "haproxy",
	Role:    Tuning,
	Service: "HAProxy 2.8 edge load balancer of a ticketing site in Kubernetes: HTTP logs (option httplog) in RFC 3164 form on stdout, master and worker messages on stderr",
	Lines:   holdout6Lines,
}

const (
	hxExhausted = "be_checkout exhausted by a slow payment provider: queueing, queue timeouts, servers DOWN, no server available"
	hxSlowAPI   = "api-5 answering twenty times slower than its peers (degraded database replica), status 200 throughout"
	hxPartnerTL = "new certificate on partners.tixwave.com not trusted by one reseller's clients: SSL handshake failures from its range"
	hxStuffing  = "credential stuffing on POST /api/v2/login from rotating addresses, denied by the login stick table (429)"
)

const (
	hxAccept = "02/Jan/2006:15:04:05.000"
	hxOldpid = 8
)

// hxServer is one server of a backend; off holds the spans it takes no new requests
// (draining, in maintenance, DOWN).
type hxServer struct {
	be   *hxBackend
	name string
	off  []hxSpan
	// freeze is a span the server hangs (a long pause): requests wait it out.
	freeze []hxSpan
}

type hxSpan struct{ from, to time.Time }

type hxBackend struct {
	name    string
	servers []*hxServer
	conc    float64 // requests in flight per request a second of load
	cum     int64   // connections since the worker started
}

type hxEvent struct {
	id   int
	slug string
}

// hxClient is a visitor's browser or app, or a bot: its address and the client port of
// its current connection.
type hxClient struct {
	ip     string
	h2     bool
	lo, hi int  // its ephemeral port range
	par    bool // a browser on HTTP/1.1, opening connections side by side
	port   int
	last   time.Time
}

// hxHit is a request a client sends: what it asks and how the server usually answers.
type hxHit struct {
	method, path string
	be           *hxBackend
	med, sig     float64 // the server's response time, ms
	size         int     // response bytes, median
	status       int
}

type hxLog struct {
	g          *gen
	j          *journal
	start, end time.Time

	web, api, checkout, static, ws, search *hxBackend
	backends                               []*hxBackend
	api5                                   *hxServer

	events              []hxEvent
	weights             []float64
	venues              []string
	terms               []string
	sale                hxEvent // the tour that goes on sale
	scrapers, cdnShield []string
	partners            []*hxPartner

	rolling, onsale, reload, cdn change
	saleOpen                     time.Time
	newPid                       int
	forkAt, swapAt               time.Time // the new worker forked; it takes the traffic, the old one stops
	stopAt                       time.Time // the old worker's hard-stop
	killed                       int       // websockets it still held then

	coAt, coFix, coEnd, coNone, coBack time.Time
	slowAt, slowEnd                    time.Time
	tlsAt, tlsFix                      time.Time
	stuffAt, stuffEnd                  time.Time
}

func holdout6Lines(seed int64) []Line {
	start := time.Date(2024, 7, 17, 7, 0, 0, 0, time.UTC)
	g := newGen(seed, 27)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &hxLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	h.rolling = change{"rolling update of be_api through the runtime API: each server drained, in maintenance, ready again", at(14, 0, 50)}
	h.saleOpen = start.Add(60 * time.Minute)
	h.onsale = change{"ticket on-sale of a stadium tour at 08:00: three times the traffic on its event for half an hour, queueing", h.saleOpen.Add(-2*time.Minute + h.ms(0, 15_000))}
	h.reload = change{"configuration reload through the master CLI: new backend be_search for /api/v2/search, new worker", at(122, 0, 40)}
	h.cdn = change{"CDN origin health checks from a new address range: HEAD /healthcheck.txt every 15 s per address", at(153, 0, 50)}
	h.forkAt = h.reload.start.Add(h.ms(350, 900))
	h.swapAt = h.forkAt.Add(h.ms(10, 60))
	h.stopAt = h.swapAt.Add(10*time.Minute + h.ms(0, 40))
	h.coAt = at(38, 0, 50)
	h.coFix = h.coAt.Add(10*time.Minute + h.ms(0, 40_000))
	h.coEnd = h.coFix.Add(3*time.Minute + h.ms(10_000, 40_000))
	h.slowAt = at(98, 0, 50)
	h.slowEnd = h.slowAt.Add(18*time.Minute + h.ms(-30_000, 40_000))
	h.tlsAt = at(136, 0, 40)
	h.tlsFix = h.tlsAt.Add(12*time.Minute + h.ms(-20_000, 40_000))
	h.stuffAt = at(163, 0, 40)
	h.stuffEnd = h.stuffAt.Add(7*time.Minute + h.ms(-10_000, 30_000))
	h.setup()

	// What decides where requests go comes first: servers taken out, by the rolling
	// update, the routine flaps and the checkout incident.
	h.rollingUpdate()
	h.flaps()
	h.exhaustion()

	warm := start.Add(-time.Hour)
	g.arrivals(warm, h.end, func(t time.Time) float64 { return 1.1 * h.traffic(t) }, func(t time.Time) {
		h.visit(routine, t, false)
	})
	h.thinned(h.onsale.start, h.onsale.start.Add(32*time.Minute), 1.9, func(t time.Time) float64 { return 1.9 * h.saleLevel(t) }, func(t time.Time) {
		h.visit(h.onsale.truth(), t, true)
	})
	h.cdnFetches()
	h.partnerTraffic()
	h.scraping()
	h.plainHTTP()
	h.noise()
	h.checkoutRetries()
	h.reloadLines()
	h.cdnChecks()
	h.stuffing()
	lines := h.j.sorted(h.end)
	for len(lines) > 0 && lines[0].At.Before(start) {
		lines = lines[1:]
	}
	return lines
}

func (h *hxLog) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *hxLog) secs(median, sigma float64) time.Duration {
	return time.Duration(h.g.lognormal(median, sigma) * float64(time.Second))
}

// traffic is the site's curve from 09:00 local time: the morning's rise, and the swell
// and ebb of visits.
func (h *hxLog) traffic(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return (0.64 + 0.42*rampUp(t, h.start, 170*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/21) + 0.04*math.Sin(2*math.Pi*m/6.7+1))
}

// saleLevel is the on-sale's crowd: the waiting room filling, the rush at the opening,
// the slow ebb as the good seats go.
func (h *hxLog) saleLevel(t time.Time) float64 {
	if t.Before(h.onsale.start) {
		return 0
	}
	if t.Before(h.saleOpen) {
		return 0.15 + 0.35*rampUp(t, h.onsale.start, h.saleOpen.Sub(h.onsale.start))
	}
	m := t.Sub(h.saleOpen).Minutes()
	switch {
	case m < 8:
		return 1 - 0.05*m/8
	case m < 28:
		return 0.95 - 0.7*(m-8)/20
	case m < 30:
		return 0.25 * (30 - m) / 2
	}
	return 0
}

// load is the requests a second through fe_https, for the connection counters.
func (h *hxLog) load(t time.Time) float64 { return 21*h.traffic(t) + 48*h.saleLevel(t) }

// thinned calls fn at the times of a Poisson process of rate(t) events a second, rate
// never above max: one that starts from nothing.
func (h *hxLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	h.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if h.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

func (h *hxLog) poisson(l float64) int {
	if l <= 0 {
		return 0
	}
	if l > 30 {
		return max(0, int(math.Round(h.g.normal(l, math.Sqrt(l)))))
	}
	lim, p, k := math.Exp(-l), 1.0, 0
	for {
		p *= h.g.rng.Float64()
		if p <= lim {
			return k
		}
		k++
	}
}

// Setup ----------------------------------------------------------------------------

var hxActs = []string{"rammstein", "coldplay", "helene-fischer", "die-aerzte", "die-toten-hosen", "peter-fox", "nina-chuba", "apache-207",
	"kraftklub", "annenmaykantereit", "billie-eilish", "dua-lipa", "imagine-dragons", "pink", "ed-sheeran", "metallica", "depeche-mode",
	"robbie-williams", "andre-rieu", "ludovico-einaudi", "cro", "sido", "tokio-hotel", "scooter", "mark-forster", "sarah-connor",
	"koenig-der-loewen-musical", "tina-das-musical", "cirque-du-soleil-ovo", "holiday-on-ice", "disney-on-ice", "mario-barth",
	"atze-schroeder", "alba-berlin-vs-bayern-muenchen", "eisbaeren-berlin-vs-koelner-haie", "fc-st-pauli-vs-hansa-rostock",
	"hamburg-towers-vs-ratiopharm-ulm", "parookaville", "lollapalooza-berlin", "hurricane-festival", "wacken-open-air"}

var hxCities = []string{"berlin", "hamburg", "muenchen", "koeln", "frankfurt", "stuttgart", "duesseldorf", "leipzig", "dortmund",
	"hannover", "bremen", "nuernberg", "mannheim", "wien", "zuerich", "oberhausen"}

var hxVenues = []string{"uber-arena-berlin", "waldbuehne-berlin", "barclays-arena-hamburg", "volksparkstadion-hamburg", "olympiahalle-muenchen",
	"olympiastadion-muenchen", "lanxess-arena-koeln", "festhalle-frankfurt", "deutsche-bank-park-frankfurt", "porsche-arena-stuttgart",
	"schleyerhalle-stuttgart", "pse-arena-duesseldorf", "quarterback-immobilien-arena-leipzig", "westfalenhallen-dortmund",
	"zag-arena-hannover", "oevb-arena-bremen", "arena-nuernberger-versicherung", "sap-arena-mannheim", "stadthalle-wien",
	"hallenstadion-zuerich", "rudolf-weber-arena-oberhausen", "stage-theater-im-hafen-hamburg", "tempodrom-berlin", "zenith-muenchen"}

var hxTerms = []string{"rammstein", "coldplay", "helene+fischer", "die+aerzte", "konzert+berlin", "musical+hamburg", "koenig+der+loewen",
	"comedy", "peter+fox", "billie+eilish", "festival+2024", "eishockey", "basketball", "dua+lipa", "pink+tour", "andre+rieu", "silvester",
	"open+air", "tina", "disney+on+ice", "metallica", "ed+sheeran", "mario+barth", "cirque+du+soleil", "wacken", "hurricane", "cro", "sido"}

func (h *hxLog) setup() {
	g := h.g
	mk := func(name, prefix string, n int, conc float64, share float64) *hxBackend {
		b := &hxBackend{name: name, conc: conc, cum: int64(g.lognormal(share*10_400_000, 0.05))}
		for i := 1; i <= n; i++ {
			b.servers = append(b.servers, &hxServer{be: b, name: fmt.Sprintf("%s-%d", prefix, i)})
		}
		h.backends = append(h.backends, b)
		return b
	}
	h.web = mk("be_web", "web", 6, 0.06, 0.19)
	h.api = mk("be_api", "api", 8, 0.04, 0.66)
	h.checkout = mk("be_checkout", "checkout", 4, 0.7, 0.031)
	h.static = mk("be_static", "static", 3, 0.004, 0.11)
	h.ws = mk("be_ws", "ws", 3, 0, 0.012)
	h.search = &hxBackend{name: "be_search", conc: 0.02}
	for i := 1; i <= 3; i++ {
		h.search.servers = append(h.search.servers, &hxServer{be: h.search, name: fmt.Sprintf("search-%d", i)})
	}
	h.api5 = h.api.servers[4]

	taken := map[int]bool{}
	for len(h.events) < 420 {
		id := g.between(38000, 49999)
		if taken[id] {
			continue
		}
		taken[id] = true
		slug := fmt.Sprintf("%s-%s-2024-%02d-%02d", pick(g, hxActs), pick(g, hxCities), g.between(8, 12), g.between(1, 28))
		h.events = append(h.events, hxEvent{id: id, slug: slug})
		h.weights = append(h.weights, 1/math.Pow(float64(len(h.events)), 0.85))
	}
	h.sale = hxEvent{id: g.between(50100, 50999), slug: "rammstein-stadion-tour-2025-leipzig-2025-06-14"}
	for i, v := range hxVenues {
		h.venues = append(h.venues, fmt.Sprintf("%s-%d", v, 101+i*7+g.intn(7)))
	}
	h.terms = hxTerms
	for i := 0; i < 4; i++ {
		h.scrapers = append(h.scrapers, pick(g, []string{
			fmt.Sprintf("185.199.%d.%d", g.between(32, 35), g.between(2, 250)),
			fmt.Sprintf("3.120.%d.%d", g.intn(256), g.between(2, 250)),
			fmt.Sprintf("49.12.%d.%d", g.intn(256), g.between(2, 250)),
			fmt.Sprintf("5.161.%d.%d", g.intn(256), g.between(2, 250)),
		}))
	}
	for i := 0; i < 18; i++ {
		h.cdnShield = append(h.cdnShield, fmt.Sprintf("151.101.%d.%d", g.intn(256), g.between(2, 250)))
	}
	h.newPid = g.between(60, 140)
}

func (h *hxLog) event() hxEvent {
	return h.events[h.g.weighted(len(h.events), func(i int) float64 { return h.weights[i] })]
}

// client draws a visitor: a browser on HTTP/2 mostly, some on HTTP/1.1; an address from
// home broadband or a mobile network, a fifth over IPv6.
func (h *hxLog) client(h2 bool) *hxClient {
	g := h.g
	c := &hxClient{h2: h2, lo: 49152, hi: 65535, par: !h2}
	if g.chance(0.45) {
		c.lo, c.hi = 32768, 60999 // Linux and Android
	}
	if g.chance(0.19) {
		c.ip = fmt.Sprintf("%s:%x:%x:%x:%x:%x:%x", pick(g, []string{"2a02:8108", "2a02:8109", "2003:e3", "2003:c1", "2a01:598", "2a02:3032", "2001:16b8", "2a0a:a547"}),
			g.intn(0x10000), g.intn(0x10000), g.intn(0x10000), g.intn(0x10000), g.intn(0x10000), g.intn(0x10000))
	} else if g.chance(0.35) {
		c.ip = fmt.Sprintf("%s.%d.%d", pick(g, []string{"80.187", "109.43", "176.3", "46.114", "89.204", "92.72", "94.134", "37.4"}), g.intn(256), g.between(1, 254))
	} else {
		c.ip = g.publicIP()
	}
	return c
}

// connPort is the client port a request at t goes out on: the connection of the last
// request unless it was closed by the idle timeout (HTTP/2's timeout client of 30 s,
// HTTP/1.1's keep-alive of 10 s) or a browser opened another beside it.
func (h *hxLog) connPort(c *hxClient, t time.Time) int {
	idle := 30 * time.Second
	if !c.h2 {
		idle = 10 * time.Second
	}
	if c.port == 0 || t.Sub(c.last) > idle || (c.par && h.g.chance(0.3)) {
		c.port = h.g.between(c.lo, c.hi)
	}
	if t.After(c.last) {
		c.last = t
	}
	return c.port
}

// Writing --------------------------------------------------------------------------

// pid is the worker that accepted a request at t.
func (h *hxLog) pid(t time.Time) int {
	if t.Before(h.swapAt) {
		return hxOldpid
	}
	return h.newPid
}

// syslog is one line of the log on stdout: RFC 3164 without a host name.
func (h *hxLog) syslog(at time.Time, pid, pri int, msg string) string {
	return fmt.Sprintf("<%d>%s haproxy[%d]: %s", pri, at.Format(time.Stamp), pid, msg)
}

// say writes one of the worker's messages about servers and proxies: on stderr, and to
// the log at its level.
func (h *hxLog) say(tr truth, at time.Time, pid, pri int, msg string) {
	h.j.add(tr, at, fmt.Sprintf("[WARNING]  (%d) : %s", pid, msg), h.syslog(at, pid, pri, msg))
}

// master writes one of the master process's notices (stderr only).
func (h *hxLog) master(tr truth, at time.Time, label, msg string) {
	h.j.add(tr, at, fmt.Sprintf("%-11s(1) : %s", "["+label+"]", msg))
}

// hxReq is an HTTP log line's fields.
type hxReq struct {
	at                 time.Time // the request's first byte, [%tr]
	ip                 string
	port               int
	https              bool
	be                 *hxBackend // nil: answered by the frontend (<NOSRV>)
	srv                *hxServer  // nil: <NOSRV>
	tR, tw, tc, tr, ta int
	status, bytes      int
	term               string
	sq, bq             int
	host, method, uri  string
	proto              string
}

// emit writes the log line of q when the request ends.
func (h *hxLog) emit(tr truth, q *hxReq) time.Time {
	end := q.at.Add(time.Duration(q.ta)*time.Millisecond + h.ms(0, 1))
	pid := h.pid(q.at)
	old := pid == hxOldpid
	ac := h.actconn(end, old)
	fe, fc := "fe_https~", ac-1-h.poisson(2)
	if !q.https {
		fe, fc = "fe_http", 1+h.poisson(2)
	}
	fc = max(1, min(fc, ac))
	bename, srvname, bc, sc := "fe_https", "<NOSRV>", 0, 0
	if !q.https {
		bename = "fe_http"
	}
	if q.be != nil {
		bename = q.be.name
		bc, sc = h.beconn(q.be, q.srv, end, old)
		if q.srv != nil {
			srvname = q.srv.name
		} else {
			sc = 0
		}
		bc += q.bq
	}
	msg := fmt.Sprintf("%s:%d [%s] %s %s/%s %d/%d/%d/%d/%d %d %d - - %s %d/%d/%d/%d/0 %d/%d {%s} \"%s %s %s\"",
		q.ip, q.port, q.at.Format(hxAccept), fe, bename, srvname, q.tR, q.tw, q.tc, q.tr, q.ta, q.status, q.bytes, q.term,
		ac, fc, bc, sc, q.sq, q.bq, q.host, q.method, q.uri, q.proto)
	h.j.add(tr, end, h.syslog(end, pid, 134, msg))
	return end
}

// wsOpen is how many seat-map websockets are open at t.
func (h *hxLog) wsOpen(t time.Time) float64 { return 100*h.traffic(t) + 470*h.saleLevel(t) }

// actconn is the worker's connections at t: the browsers' keep-alive connections, the
// websockets. After the reload the old worker keeps only the websockets it held.
func (h *hxLog) actconn(t time.Time, old bool) int {
	base := 11*h.load(t) + h.wsOpen(t) + 40
	v := base
	switch {
	case old && !t.Before(h.swapAt):
		v = h.wsOpen(h.swapAt)*math.Exp(-t.Sub(h.swapAt).Seconds()/200) + 2
	case !old:
		v = base * rampUp(t, h.swapAt, 40*time.Second)
		v -= h.wsOpen(h.swapAt) * math.Exp(-t.Sub(h.swapAt).Seconds()/200)
	}
	v = math.Max(v, 3)
	return max(1, int(h.g.normal(v, 0.025*v+2)))
}

// beconn draws the backend's and the server's concurrent streams at t.
func (h *hxLog) beconn(b *hxBackend, s *hxServer, t time.Time, old bool) (int, int) {
	if b == h.ws {
		n := h.wsOpen(t)
		if old && !t.Before(h.swapAt) {
			n *= math.Exp(-t.Sub(h.swapAt).Seconds() / 200)
		}
		bc := max(1, int(h.g.normal(n, 0.03*n+2)))
		return bc, max(1, min(bc, int(h.g.normal(float64(bc)/3, 4))))
	}
	share := 0.05
	switch b {
	case h.web:
		share = 0.2
	case h.api:
		share = 0.5
	case h.checkout:
		share = 0.03
	case h.static:
		share = 0.1
	}
	lam := h.load(t) * share * b.conc
	if b == h.api {
		lam *= 1 + 1.4*h.saleLevel(t)
	}
	if b == h.checkout && within(t, h.coAt, h.coEnd.Sub(h.coAt)) {
		lam += 110 * h.coLoad(t)
	}
	bc := 1 + h.poisson(lam)
	n := 0
	for _, x := range b.servers {
		if !x.isOff(t) {
			n++
		}
	}
	sc := 1 + h.poisson(float64(bc-1)/float64(max(n, 1)))
	if n == 0 {
		return 1 + h.poisson(1.5), 0
	}
	if b == h.checkout && h.coLoad(t) > 0.85 {
		sc = 30 - h.poisson(0.3) // maxconn reached
		bc = max(bc, sc)
	}
	if s == h.api5 && within(t, h.slowAt, h.slowEnd.Sub(h.slowAt)) {
		sc += h.poisson(3)
		bc += sc
	}
	return bc, min(sc, bc)
}

func (s *hxServer) isOff(t time.Time) bool {
	for _, sp := range s.off {
		if !t.Before(sp.from) && t.Before(sp.to) {
			return true
		}
	}
	return false
}

// pickServer is the server the balancer gives a request at t: any that takes requests.
func (h *hxLog) pickServer(b *hxBackend, t time.Time) *hxServer {
	i := h.g.weighted(len(b.servers), func(i int) float64 {
		if b.servers[i].isOff(t) {
			return 0
		}
		return 1
	})
	if i < 0 {
		return nil
	}
	return b.servers[i]
}

// uri is the request target as HAProxy logs it: absolute for HTTP/2.
func hxURI(h2 bool, host, path string) (string, string) {
	if h2 {
		return "https://" + host + path, "HTTP/2.0"
	}
	return path, "HTTP/1.1"
}

// send writes a request of c at t for host and returns when it ended. The episodes that
// change how it goes (the checkout exhaustion, api-5) give it their truth.
func (h *hxLog) send(tr truth, c *hxClient, host string, t time.Time, x hxHit) time.Time {
	g := h.g
	q := &hxReq{at: t, ip: c.ip, port: h.connPort(c, t), https: true, host: host, method: x.method, term: "----", status: x.status}
	q.uri, q.proto = hxURI(c.h2, host, x.path)
	be := x.be
	if be == h.api && strings.HasPrefix(x.path, "/api/v2/search") && !t.Before(h.swapAt) && tr.incident == "" {
		be, x.med, tr = h.search, x.med*0.4, later(tr, h.reload.truth())
	}
	q.be = be
	if !c.h2 && g.chance(0.2) {
		q.tR = g.between(0, 3)
	}
	if be == h.checkout && within(t, h.coAt, h.coEnd.Sub(h.coAt)) {
		return h.exhausted(q, x)
	}
	s := h.pickServer(be, t)
	q.srv = s
	q.tc = 0
	if g.chance(0.06) {
		q.tc = g.between(1, 2)
	}
	rt := g.lognormal(x.med, x.sig)
	if be == h.api {
		lvl := h.saleLevel(t)
		rt *= 1 + 0.9*lvl
		if lvl > 0.3 && g.chance(0.09*lvl) { // every server at maxconn for a moment
			q.tw = int(g.lognormal(9, 0.9))
			q.bq = 1 + h.poisson(4*lvl)
		}
	}
	for _, f := range s.freeze {
		if !t.Before(f.from) && t.Before(f.to) {
			rt += float64(f.to.Sub(t).Milliseconds())
		}
	}
	if s == h.api5 && within(t, h.slowAt, h.slowEnd.Sub(h.slowAt)) {
		k := 1 + 19*rampUp(t, h.slowAt, 40*time.Second)*(1-rampUp(t, h.slowEnd.Add(-30*time.Second), 30*time.Second))
		rt *= k * g.lognormal(1, 0.3)
		tr = incident(hxSlowAPI)
	}
	q.tr = int(rt)
	q.bytes = h.size(x)
	xfer := 0
	if q.bytes > 20_000 {
		xfer = int(g.lognormal(float64(q.bytes)/4000, 0.8))
	}
	q.ta = q.tR + q.tw + q.tc + q.tr + xfer
	switch u := g.rng.Float64(); {
	case u < 0.0004 && be != h.static: // the server closed a kept-alive connection
		q.tr, q.status, q.bytes, q.term = -1, 502, 209, "SH--"
		q.ta = q.tR + q.tw + q.tc + g.between(2, 40)
	case u < 0.004 && q.bytes > 8000: // the client went away mid-response
		q.term = "CD--"
		q.bytes = g.between(q.bytes/10, q.bytes*9/10)
		q.ta += int(g.lognormal(400, 1))
	}
	return h.emit(tr, q)
}

// size draws a response's bytes: bodies vary, a HEAD or a short error or 304 barely.
func (h *hxLog) size(x hxHit) int {
	switch {
	case x.method == "HEAD":
		return x.size
	case x.be == h.static && x.status == 200 && !strings.HasPrefix(x.path, "/img/"): // one file, its headers
		return x.size + h.g.between(290, 330)
	case x.size < 1000:
		return max(60, int(h.g.lognormal(float64(x.size), 0.08)))
	}
	return int(h.g.lognormal(float64(x.size), 0.35))
}

// Visitors -------------------------------------------------------------------------

// visit is a visitor's session: pages, each an HTML request and the API calls its
// script makes (the app makes the calls only), a think time apart. A buyer of the
// on-sale comes for its event.
func (h *hxLog) visit(tr truth, t time.Time, buyer bool) {
	g := h.g
	app := g.chance(0.32)
	c := h.client(app || g.chance(0.94))
	host := "www.tixwave.com"
	if app {
		host = "api.tixwave.com"
	}
	v := &hxVisitor{h: h, tr: tr, c: c, host: host, app: app, logged: g.chance(0.45), ev: h.event()}
	if buyer {
		v.ev = h.sale
		v.buyer = true
		h.buyerVisit(v, t)
		return
	}
	pages := 1 + int(g.rng.ExpFloat64()*3.6)
	for p := 0; p < pages && t.Before(h.end); p++ {
		var end time.Time
		switch k := g.weighted(7, func(i int) float64 { return []float64{0.17, 0.38, 0.07, 0.13, 0.08, 0.05, 0.12}[i] }); k {
		case 0:
			end = v.home(t)
		case 1:
			if p > 0 || g.chance(0.5) {
				v.ev = h.event()
			}
			end = v.eventPage(t)
		case 2:
			end = v.venue(t)
		case 3:
			end = v.searchPage(t)
		case 4:
			end = v.account(t)
		case 5:
			end = v.login(t)
		default:
			end = v.eventPage(t)
			if g.chance(0.5) {
				end = v.buy(end.Add(h.secs(20, 0.6)))
			}
		}
		t = end.Add(h.secs(18, 0.9))
	}
}

type hxVisitor struct {
	h           *hxLog
	tr          truth
	c           *hxClient
	host        string
	app, logged bool
	buyer       bool
	ev          hxEvent
}

func (v *hxVisitor) req(t time.Time, x hxHit) time.Time { return v.h.send(v.tr, v.c, v.host, t, x) }

// html is the page's server-side render; the calls its script makes follow it.
func (v *hxVisitor) html(t time.Time, path string, med float64, size int) time.Time {
	if v.app {
		return t.Add(v.h.ms(30, 300))
	}
	status := 200
	if v.h.g.chance(0.006) {
		status, size = 404, 9400
	}
	end := v.req(t, hxHit{method: "GET", path: path, be: v.h.web, med: med, sig: 0.5, size: size, status: status})
	if v.h.g.chance(0.05) {
		f := pick(v.h.g, []struct {
			path string
			size int
		}{{"/favicon.ico", 15_086}, {"/manifest.webmanifest", 612}, {"/robots.txt", 311}, {"/static/js/app.7c3e91d2.js", 412_380}})
		path, st, size := f.path, 200, f.size
		if v.h.g.chance(0.6) {
			st, size = 304, 180
		}
		v.req(end.Add(v.h.ms(20, 300)), hxHit{method: "GET", path: path, be: v.h.static, med: 1, sig: 0.6, size: size, status: st})
	}
	return end.Add(v.h.ms(60, 450))
}

// calls writes the page's API calls, sent in parallel from t; it returns when the last
// ended.
func (v *hxVisitor) calls(t time.Time, hits ...hxHit) time.Time {
	end := t
	for _, x := range hits {
		e := v.req(t.Add(v.h.ms(0, 120)), x)
		if e.After(end) {
			end = e
		}
	}
	if v.h.g.chance(0.5) {
		v.req(end.Add(v.h.ms(100, 1500)), hxHit{method: "POST", path: "/api/v2/analytics/events", be: v.h.api, med: 3, sig: 0.5, size: 96, status: 204})
	}
	return end
}

func (h *hxLog) apiHit(method, path string, med float64, size, status int) hxHit {
	return hxHit{method: method, path: path, be: h.api, med: med, sig: 0.55, size: size, status: status}
}

func (v *hxVisitor) home(t time.Time) time.Time {
	h := v.h
	t = v.html(t, "/", 42, 61_000)
	hits := []hxHit{h.apiHit("GET", fmt.Sprintf("/api/v2/events/featured?city=%s&limit=24", pick(h.g, hxCities)), 19, 14_000, 200)}
	if v.logged {
		hits = append(hits, h.apiHit("GET", "/api/v2/recommendations?limit=12", 27, 6100, 200))
	}
	return v.calls(t, hits...)
}

func (v *hxVisitor) eventPage(t time.Time) time.Time {
	h, g := v.h, v.h.g
	t = v.html(t, fmt.Sprintf("/events/%s-%d", v.ev.slug, v.ev.id), 36, 48_000)
	ev := h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d", v.ev.id), 12, 5200, 200)
	if g.chance(0.14) {
		ev.status, ev.size = 304, 210
	}
	hits := []hxHit{ev, h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d/availability", v.ev.id), 22, 1900, 200)}
	if g.chance(0.4) {
		hits = append(hits, h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d/seatmap", v.ev.id), 55, 96_000, 200))
	}
	end := v.calls(t, hits...)
	if !v.buyer && g.chance(0.22) {
		v.websocket(end.Add(h.ms(50, 400)), v.ev)
	}
	return end
}

func (v *hxVisitor) venue(t time.Time) time.Time {
	h := v.h
	vs := pick(h.g, h.venues)
	t = v.html(t, "/venues/"+vs, 33, 39_000)
	return v.calls(t, h.apiHit("GET", fmt.Sprintf("/api/v2/venues/%s/events?page=1", vs[strings.LastIndexByte(vs, '-')+1:]), 24, 8800, 200))
}

func (v *hxVisitor) searchPage(t time.Time) time.Time {
	h, g := v.h, v.h.g
	term := pick(g, h.terms)
	for i, n := 3, g.between(0, 3); i < len(term) && n > 0; i, n = i+2, n-1 {
		v.req(t, h.apiHit("GET", "/api/v2/search/suggest?q="+term[:i], 9, 900, 200))
		t = t.Add(h.ms(150, 700))
	}
	t = v.html(t, "/search?q="+term, 44, 52_000)
	return v.calls(t, h.apiHit("GET", "/api/v2/search?q="+term+"&page=1", 46, 12_000, 200))
}

func (v *hxVisitor) account(t time.Time) time.Time {
	h, g := v.h, v.h.g
	if !v.logged {
		return v.login(t)
	}
	t = v.html(t, "/account/orders", 30, 31_000)
	if g.chance(0.12) { // the access token expired: refreshed, and the call made again
		t = v.req(t, h.apiHit("GET", "/api/v2/me", 4, 130, 401)).Add(h.ms(20, 120))
		t = v.req(t, h.apiHit("POST", "/api/v2/auth/refresh", 21, 1300, 200)).Add(h.ms(10, 60))
	}
	hits := []hxHit{h.apiHit("GET", "/api/v2/me", 8, 1100, 200), h.apiHit("GET", "/api/v2/me/orders?page=1", 31, 7400, 200)}
	if g.chance(0.15) {
		hits = append(hits, h.apiHit("GET", fmt.Sprintf("/api/v2/orders/%d/tickets", g.between(7_100_000, 7_390_000)), 44, 3300, 200))
	}
	if g.chance(0.004) {
		hits = append(hits, h.apiHit("GET", fmt.Sprintf("/api/v2/orders/%d", g.between(7_100_000, 7_390_000)), 6, 140, 403))
	}
	return v.calls(t, hits...)
}

func (v *hxVisitor) login(t time.Time) time.Time {
	h, g := v.h, v.h.g
	t = v.html(t, "/login", 18, 22_000)
	t = t.Add(h.secs(9, 0.6))
	if g.chance(0.09) {
		t = v.req(t, hxHit{method: "POST", path: "/api/v2/login", be: h.api, med: 95, sig: 0.2, size: 380, status: 401}).Add(h.secs(7, 0.5))
	}
	end := v.req(t, hxHit{method: "POST", path: "/api/v2/login", be: h.api, med: 95, sig: 0.2, size: 1450, status: 200})
	v.logged = true
	return v.calls(end.Add(h.ms(40, 200)), h.apiHit("GET", "/api/v2/me", 8, 1100, 200))
}

// buy puts tickets in a cart and checks out: the checkout page, the payment (the
// provider called inline), the status polled, the confirmation.
func (v *hxVisitor) buy(t time.Time) time.Time {
	h, g := v.h, v.h.g
	cart := g.uuid()
	st := 201
	if v.buyer && g.chance(0.3) { // the seats went to someone else first
		v.req(t, h.apiHit("POST", "/api/v2/cart/items", 38, 240, 409))
		t = t.Add(h.secs(6, 0.5))
	}
	t = v.req(t, h.apiHit("POST", "/api/v2/cart/items", 34, 2100, st)).Add(h.secs(4, 0.6))
	if g.chance(0.25) {
		return t
	}
	co := func(method, path string, med float64, size, status int) hxHit {
		return hxHit{method: method, path: path, be: h.checkout, med: med, sig: 0.45, size: size, status: status}
	}
	if !v.app {
		t = v.req(t, co("GET", "/checkout/"+cart, 48, 36_000, 200)).Add(h.secs(25, 0.6))
	}
	t = v.req(t, co("POST", "/api/v2/checkout/"+cart+"/payment", 880, 640, 202)).Add(h.ms(800, 1600))
	for n := g.between(1, 3); n > 0; n-- {
		t = v.req(t, co("GET", "/api/v2/checkout/"+cart+"/status", 11, 210, 200)).Add(h.ms(900, 1300))
	}
	if v.app {
		return v.req(t, co("GET", "/api/v2/checkout/"+cart+"/confirmation", 35, 4100, 200))
	}
	return v.req(t, co("GET", "/checkout/"+cart+"/confirmation", 40, 29_000, 200))
}

// websocket is the seat map's live updates, open while the visitor stays; its line is
// written when it closes. The old worker's hard-stop closes the ones it still holds.
func (v *hxVisitor) websocket(t time.Time, ev hxEvent) {
	h, g := v.h, v.h.g
	d := h.secs(150, 1.0)
	if v.buyer {
		d = h.secs(300, 0.7)
	}
	if d > 58*time.Minute {
		d = 58*time.Minute + h.ms(0, 60_000)
	}
	tr := v.tr
	q := &hxReq{at: t, ip: v.c.ip, port: g.between(v.c.lo, v.c.hi), https: true, be: h.ws, srv: pick(g, h.ws.servers),
		tc: g.between(0, 1), tr: g.between(1, 4), status: 101, term: "----", host: v.host, method: "GET"}
	q.uri, q.proto = fmt.Sprintf("/ws/seats?event=%d", ev.id), "HTTP/1.1"
	if g.chance(0.17) {
		q.term = "CD--"
	}
	if t.Before(h.swapAt) && t.Add(d).After(h.stopAt) {
		d, q.term, tr = h.stopAt.Sub(t)+h.ms(0, 40), "KD--", h.reload.truth()
		h.killed++
	}
	q.ta = int(d.Milliseconds())
	updates := 0.4
	if v.buyer {
		updates = 2.5
	}
	q.bytes = 129 + int(d.Seconds()*updates*g.lognormal(170, 0.3))
	h.emit(tr, q)
}

// buyerVisit is an on-sale buyer: the waiting room polled until 08:00, the event page,
// the availability polled, seat maps, attempts at carts, a checkout for some.
func (h *hxLog) buyerVisit(v *hxVisitor, t time.Time) {
	g := h.g
	for t.Before(h.saleOpen) {
		t = v.req(t, h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d/onsale-status", v.ev.id), 6, 160, 200)).Add(h.ms(4500, 5600))
	}
	t = v.eventPage(t.Add(h.ms(0, 4000)))
	if !v.app {
		v.websocket(t, v.ev)
	}
	for n := g.between(2, 9); n > 0; n-- {
		t = t.Add(h.secs(4, 0.4))
		t = v.req(t, h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d/availability", v.ev.id), 22, 2100, 200))
		if g.chance(0.35) {
			t = v.req(t.Add(h.ms(100, 800)), h.apiHit("GET", fmt.Sprintf("/api/v2/events/%d/seatmap?block=%s%d", v.ev.id, pick(g, []string{"A", "B", "C", "D", "E", "N", "S"}), g.between(1, 24)), 60, 88_000, 200))
		}
	}
	if g.chance(0.55) {
		v.buy(t.Add(h.secs(8, 0.5)))
	}
}

// Other clients ---------------------------------------------------------------------

// cdnFetches is the CDN's shields fetching from the origin what they do not hold, and
// revalidating what expired.
func (h *hxLog) cdnFetches() {
	g := h.g
	conns := map[string]*hxClient{}
	for _, ip := range h.cdnShield {
		conns[ip] = &hxClient{ip: ip, lo: 32768, hi: 60999}
	}
	assets := []struct {
		path string
		size int
	}{{"/static/js/app.7c3e91d2.js", 412_380}, {"/static/js/vendor.2b61f0aa.js", 884_112}, {"/static/js/seatmap.91ad44c0.js", 236_904},
		{"/static/css/main.4e0b7a19.css", 96_233}, {"/static/fonts/inter-var.woff2", 311_720}, {"/static/img/logo.svg", 6_214}, {"/static/js/checkout.0f3c55e1.js", 148_650}}
	g.arrivals(h.start.Add(-time.Minute), h.end, func(t time.Time) float64 { return 1.9 * h.traffic(t) }, func(t time.Time) {
		c := conns[pick(g, h.cdnShield)]
		var path string
		size := 0
		switch u := g.rng.Float64(); {
		case u < 0.25:
			a := pick(g, assets)
			path, size = a.path, a.size
		case u < 0.8:
			path, size = fmt.Sprintf("/img/events/%d/%s", h.event().id, pick(g, []string{"cover-1200.webp", "cover-800.webp", "thumb-320.webp", "hero-1920.webp"})), 74_000
		default:
			path, size = fmt.Sprintf("/img/venues/%s/%s", pick(g, h.venues), pick(g, []string{"plan.svg", "thumb-320.webp"})), 41_000
		}
		st := 200
		if g.chance(0.42) {
			st, size = 304, 190
		}
		h.send(routine, c, "static.tixwave.com", t, hxHit{method: "GET", path: path, be: h.static, med: 1.2, sig: 0.7, size: size, status: st})
	})
}

// cdnChecks is the new health checks from the CDN's other range, address after address.
func (h *hxLog) cdnChecks() {
	g := h.g
	for i := 0; i < 12; i++ {
		c := &hxClient{ip: fmt.Sprintf("146.75.%d.%d", g.between(112, 191), g.between(2, 250)), lo: 32768, hi: 60999}
		first := h.cdn.start.Add(h.ms(0, 180_000))
		if i == 0 {
			first = h.cdn.start
		}
		g.every(first, h.end, 15*time.Second, 400*time.Millisecond, func(t time.Time) {
			h.send(h.cdn.truth(), c, "static.tixwave.com", t, hxHit{method: "HEAD", path: "/healthcheck.txt", be: h.static, med: 0.4, sig: 0.5, size: 231, status: 200})
		})
	}
}

// hxPartner is a reseller on the partner API: its addresses and their keep-alive
// connections.
type hxPartner struct {
	ips   []string
	rate  float64
	conns []*hxConn
	hit   bool // its clients reject the new certificate
}

type hxConn struct {
	port         int
	opened, till time.Time
}

func (h *hxLog) partnerTraffic() {
	g := h.g
	mk := func(prefix string, n int, rate float64, hit bool) *hxPartner {
		p := &hxPartner{rate: rate, hit: hit}
		for i := 0; i < n; i++ {
			p.ips = append(p.ips, fmt.Sprintf("%s.%d", prefix, g.between(3, 14)+i*16))
			p.conns = append(p.conns, &hxConn{})
		}
		return p
	}
	h.partners = []*hxPartner{mk("145.253.112", 6, 1.1, true), mk("62.153.220", 3, 0.45, false), mk("212.77.161", 2, 0.3, false)}
	for _, p := range h.partners {
		p := p
		rate := func(t time.Time) float64 {
			r := p.rate * (0.8 + 0.2*h.traffic(t))
			if p.hit && within(t, h.tlsAt, h.tlsFix.Sub(h.tlsAt)) {
				r *= 1.7 // failed calls retried
			}
			return r
		}
		g.arrivals(h.start.Add(-2*time.Minute), h.end, rate, func(t time.Time) { h.partnerCall(p, t) })
	}
}

func (h *hxLog) partnerCall(p *hxPartner, t time.Time) {
	g := h.g
	i := g.intn(len(p.ips))
	cn := p.conns[i]
	if !t.Before(cn.till) {
		cn.port, cn.opened, cn.till = g.between(32768, 60999), t, t.Add(h.secs(45, 0.5))
		if p.hit && within(t, h.tlsAt, h.tlsFix.Sub(h.tlsAt)) {
			cn.till = t // nothing to keep
			end := t.Add(h.ms(20, 60))
			h.j.add(incident(hxPartnerTL), end, h.syslog(end, h.pid(t), 134, fmt.Sprintf("%s:%d [%s] fe_https/1: SSL handshake failure (error:0A000416:SSL routines::sslv3 alert certificate unknown)",
				p.ips[i], cn.port, t.Format(hxAccept))))
			return
		}
	}
	c := &hxClient{ip: p.ips[i], lo: 32768, hi: 60999, port: cn.port, last: t}
	ev := h.event()
	var x hxHit
	switch u := g.rng.Float64(); {
	case u < 0.58:
		x = h.apiHit("GET", fmt.Sprintf("/partner/v1/events/%d/inventory", ev.id), 26, 3800, 200)
	case u < 0.72:
		x = h.apiHit("GET", fmt.Sprintf("/partner/v1/events?updated_since=%s&page=%d", t.Add(-5*time.Minute).Truncate(time.Minute).Format("2006-01-02T15:04:05Z"), g.between(1, 4)), 48, 22_000, 200)
	case u < 0.85:
		x = h.apiHit("POST", "/partner/v1/reservations", 72, 1200, 201)
		if g.chance(0.05) {
			x.status, x.size = 409, 260
		}
	case u < 0.95:
		x = h.apiHit("GET", "/partner/v1/reservations/"+g.uuid(), 14, 1100, 200)
	default:
		x = h.apiHit("DELETE", "/partner/v1/reservations/"+g.uuid(), 19, 90, 204)
	}
	h.send(routine, c, "partners.tixwave.com", t, x)
}

// scraping is the resale sites' scrapers: a slow crawl of availability, and bursts
// that run into the rate limit (120 requests in 10 s): the rest of the burst is denied.
func (h *hxLog) scraping() {
	g := h.g
	for _, ip := range h.scrapers {
		c := &hxClient{ip: ip, lo: 32768, hi: 60999}
		var seen []time.Time
		hit := func(t time.Time) {
			for len(seen) > 0 && t.Sub(seen[0]) >= 10*time.Second {
				seen = seen[1:]
			}
			seen = append(seen, t)
			path := fmt.Sprintf("/api/v2/events/%d/availability", h.event().id)
			if len(seen) > 120 {
				h.deny(routine, c, "api.tixwave.com", t, "GET", path)
				return
			}
			h.send(routine, c, "api.tixwave.com", t, h.apiHit("GET", path, 22, 1900, 200))
		}
		// The table sees the requests in time order: the crawl's and the bursts'.
		var times []time.Time
		add := func(t time.Time) { times = append(times, t) }
		g.arrivals(h.start.Add(-time.Minute), h.end, func(time.Time) float64 { return 0.12 }, add)
		for t := h.start.Add(h.secs(400, 0.8)); t.Before(h.end); t = t.Add(h.secs(800, 0.5)) {
			rate := g.lognormal(13.5, 0.08)
			d := time.Duration(g.between(9000, 13000)) * time.Millisecond
			g.arrivals(t, t.Add(d), func(time.Time) float64 { return rate }, add)
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for _, t := range times {
			hit(t)
		}
	}
}

// deny writes a request the frontend denies with a 429.
func (h *hxLog) deny(tr truth, c *hxClient, host string, t time.Time, method, path string) {
	q := &hxReq{at: t, ip: c.ip, port: h.connPort(c, t), https: true, tw: -1, tc: -1, tr: -1, status: 429, bytes: 223, term: "PR--",
		host: host, method: method}
	q.uri, q.proto = hxURI(c.h2, host, path)
	h.emit(tr, q)
}

// plainHTTP is fe_http: everything redirected to https.
func (h *hxLog) plainHTTP() {
	g := h.g
	g.arrivals(h.start.Add(-time.Minute), h.end, func(t time.Time) float64 { return 0.45 * h.traffic(t) }, func(t time.Time) {
		c := h.client(false)
		host, path := pick(g, []string{"tixwave.com", "tixwave.com", "www.tixwave.com", "tixwave.de"}), "/"
		switch u := g.rng.Float64(); {
		case u < 0.3:
			ev := h.event()
			path = fmt.Sprintf("/events/%s-%d", ev.slug, ev.id)
		case u < 0.4:
			path = "/account/orders"
		case u < 0.45:
			path = "/.well-known/security.txt"
		}
		loc := "https://www.tixwave.com" + path
		q := &hxReq{at: t, ip: c.ip, port: h.connPort(c, t), tw: -1, tc: -1, tr: -1, status: 301, bytes: 64 + len(loc), term: "LR--",
			host: host, method: "GET", uri: path, proto: "HTTP/1.1"}
		h.emit(routine, q)
	})
}

var hxSSLErrors = []string{
	"SSL handshake failure (error:0A0000C1:SSL routines::no shared cipher)",
	"SSL handshake failure (error:0A000102:SSL routines::unsupported protocol)",
	"SSL handshake failure (error:0A00009C:SSL routines::http request)",
	"SSL handshake failure (error:0A00010B:SSL routines::wrong version number)",
	"SSL handshake failure (error:0A000418:SSL routines::tlsv1 alert unknown ca)",
	"SSL handshake failure (error:0A000416:SSL routines::sslv3 alert certificate unknown)",
	"SSL handshake failure (error:0A000412:SSL routines::sslv3 alert bad certificate)",
}

// noise is what the internet sends every edge: failed handshakes, handshakes never
// finished, malformed requests, vulnerability scanners, the odd 504.
func (h *hxLog) noise() {
	g := h.g
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 55 }, func(t time.Time) {
		ip, port := g.publicIP(), g.between(1024, 65535)
		msg := hxSSLErrors[g.weighted(len(hxSSLErrors), func(i int) float64 { return []float64{30, 24, 12, 10, 3, 2, 1}[i] })]
		end := t.Add(h.ms(1, 90))
		if g.chance(0.22) {
			msg, end = "Timeout during SSL handshake", t.Add(30*time.Second+h.ms(0, 3))
		}
		h.j.add(routine, end, h.syslog(end, h.pid(t), 134, fmt.Sprintf("%s:%d [%s] fe_https/1: %s", ip, port, t.Format(hxAccept), msg)))
	})
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 420 }, func(t time.Time) {
		q := &hxReq{at: t, ip: g.publicIP(), port: g.between(1024, 65535), https: g.chance(0.7), tR: -1, tw: -1, tc: -1, tr: -1, status: 400, bytes: 188,
			term: "PR--", method: "<BADREQ>"}
		h.emitBad(q)
	})
	probes := []string{"/wp-login.php", "/.env", "/.git/config", "/wp-admin/setup-config.php", "/phpinfo.php", "/admin/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		"/actuator/health", "/server-status", "/config.json", "/.aws/credentials", "/cgi-bin/luci/;stok=/locale", "/xmlrpc.php", "/backup.zip", "/api/.env", "/debug/default/view"}
	for t := h.start.Add(h.secs(500, 0.7)); t.Before(h.end); t = t.Add(h.secs(1300, 0.5)) {
		c := &hxClient{ip: g.publicIP(), lo: 32768, hi: 60999}
		for n, s := g.between(12, 45), t; n > 0; n-- {
			s = s.Add(h.ms(150, 3500))
			h.send(routine, c, pick(g, []string{"www.tixwave.com", "tixwave.com", c.ip}), s, hxHit{method: "GET", path: pick(g, probes), be: h.web, med: 6, sig: 0.4, size: 9400, status: 404})
		}
	}
	for n := g.between(3, 7); n > 0; n-- { // an export the API gives up on after timeout server
		t := h.start.Add(h.ms(0, 10_700_000))
		c := h.client(true)
		q := &hxReq{at: t, ip: c.ip, port: h.connPort(c, t), https: true, be: h.api, srv: h.pickServer(h.api, t), tr: -1, status: 504, bytes: 195, term: "sH--",
			host: "www.tixwave.com", method: "GET"}
		q.ta = 30000 + g.between(0, 3)
		q.uri, q.proto = hxURI(true, q.host, fmt.Sprintf("/api/v2/me/orders/export?format=pdf&year=%d", g.between(2019, 2024)))
		h.emit(routine, q)
	}
}

// emitBad writes a request that could not be parsed.
func (h *hxLog) emitBad(q *hxReq) {
	end := q.at.Add(h.ms(0, 2))
	pid := h.pid(q.at)
	ac := h.actconn(end, pid == hxOldpid)
	fe, fc := "fe_https~", ac-1-h.poisson(2)
	be := "fe_https"
	if !q.https {
		fe, be, fc = "fe_http", "fe_http", 1+h.poisson(2)
	}
	h.j.add(routine, end, h.syslog(end, pid, 134, fmt.Sprintf("%s:%d [%s] %s %s/<NOSRV> -1/-1/-1/-1/0 400 188 - - PR-- %d/%d/0/0/0 0/0 {} \"<BADREQ>\"",
		q.ip, q.port, q.at.Format(hxAccept), fe, be, ac, max(1, fc))))
}

// Health checks --------------------------------------------------------------------

func (h *hxLog) passed() string {
	return fmt.Sprintf("reason: Layer7 check passed, code: 200, check duration: %dms", h.g.between(1, 5))
}

func (h *hxLog) timedOut() string {
	return fmt.Sprintf("reason: Layer7 timeout, check duration: %dms", 2000+h.g.intn(3))
}

func (h *hxLog) check(tr truth, at time.Time, s *hxServer, ok bool, info, status string) {
	word := "failed"
	if ok {
		word = "succeeded"
	}
	h.say(tr, at, h.pid(at), 133, fmt.Sprintf("Health check for server %s/%s %s, %s, status: %s.", s.be.name, s.name, word, info, status))
}

// takeDown writes the three failed checks that take s DOWN at down, gap apart.
func (h *hxLog) takeDown(tr truth, s *hxServer, down time.Time, gap time.Duration, info func() string, left, sessions int) {
	h.check(tr, down.Add(-2*gap-h.ms(0, 200)), s, false, info(), "2/3 UP")
	h.check(tr, down.Add(-gap-h.ms(0, 200)), s, false, info(), "1/3 UP")
	last := info()
	h.check(tr, down, s, false, last, "0/2 DOWN")
	h.say(tr, down, h.pid(down), 129, fmt.Sprintf("Server %s/%s is DOWN, %s. %d active and 0 backup servers left. %d sessions active, 0 requeued, 0 remaining in queue.",
		s.be.name, s.name, last, left, sessions))
}

// bringUp writes the two passed checks that bring s UP at up.
func (h *hxLog) bringUp(tr truth, s *hxServer, up time.Time, online, requeued int) {
	h.check(tr, up.Add(-2*time.Second-h.ms(0, 60)), s, true, h.passed(), "1/2 DOWN")
	last := h.passed()
	h.check(tr, up, s, true, last, "3/3 UP")
	h.say(tr, up, h.pid(up), 133, fmt.Sprintf("Server %s/%s is UP, %s. %d active and 0 backup servers online. %d sessions requeued, 0 total in queue.",
		s.be.name, s.name, last, online, requeued))
}

// flaps is the routine background: a server missing one check and passing the next, and
// twice a web server hanging long enough (a long pause) to go DOWN for a few seconds.
func (h *hxLog) flaps() {
	g := h.g
	var all []*hxServer
	for _, b := range []*hxBackend{h.web, h.api, h.static, h.ws} {
		all = append(all, b.servers...)
	}
	for t := h.start.Add(h.secs(900, 0.5)); t.Before(h.end); t = t.Add(h.secs(1500, 0.5)) {
		s := pick(g, all)
		if s.be == h.api && within(t, h.rolling.start.Add(-time.Minute), 16*time.Minute) {
			continue
		}
		info := h.timedOut()
		if g.chance(0.3) {
			info = fmt.Sprintf("reason: Layer4 timeout, check duration: %dms", 2000+g.intn(3))
		}
		h.check(routine, t, s, false, info, "2/3 UP")
		h.check(routine, t.Add(2*time.Second+h.ms(0, 30)), s, true, h.passed(), "3/3 UP")
	}
	for _, m := range []int{g.between(25, 55), g.between(118, 160)} {
		s := pick(g, h.web.servers)
		down := h.start.Add(time.Duration(m)*time.Minute + h.ms(0, 59_000))
		freeze := hxSpan{down.Add(-10*time.Second - h.ms(0, 800)), down.Add(h.ms(1500, 4000))}
		s.freeze = append(s.freeze, freeze)
		up := freeze.to.Add(2*time.Second + h.ms(100, 1900))
		s.off = append(s.off, hxSpan{down, up})
		h.takeDown(routine, s, down, 4*time.Second, h.timedOut, 5, g.between(1, 4))
		h.bringUp(routine, s, up, 6, 0)
	}
}

// Changes --------------------------------------------------------------------------

// rollingUpdate replaces the API's pods one after the other: the deploy job drains the
// server, puts it in maintenance once its requests are done, waits for the new pod and
// makes it ready; the first check brings it fully UP.
func (h *hxLog) rollingUpdate() {
	tr := h.rolling.truth()
	t := h.rolling.start
	for _, s := range h.api.servers {
		h.say(tr, t, hxOldpid, 133, fmt.Sprintf("Server be_api/%s enters drain state. 7 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.", s.name))
		maint := t.Add(h.secs(22, 0.25))
		h.say(tr, maint, hxOldpid, 133, fmt.Sprintf("Server be_api/%s is going DOWN for maintenance. 7 active and 0 backup servers left. %d sessions active, 0 requeued, 0 remaining in queue.",
			s.name, h.poisson(0.3)))
		ready := maint.Add(h.secs(52, 0.2))
		h.say(tr, ready, hxOldpid, 133, fmt.Sprintf("Server be_api/%s is UP/READY (leaving forced maintenance).", s.name))
		up := ready.Add(h.ms(50, 2000))
		h.check(tr, up, s, true, h.passed(), "3/3 UP")
		s.off = append(s.off, hxSpan{t, ready})
		t = up.Add(h.secs(14, 0.4))
	}
}

// reloadLines is the reload: the master re-executes itself with the new configuration,
// forks a worker and tells the old one to stop; the old worker's proxies stop at once,
// its websockets run on until the hard-stop. The new worker checks every server once.
func (h *hxLog) reloadLines() {
	g := h.g
	tr := h.reload.truth()
	t := h.reload.start
	h.master(tr, t, "NOTICE", "Reloading HAProxy")
	t = h.forkAt
	h.master(tr, t, "NOTICE", fmt.Sprintf("New worker (%d) forked", h.newPid))
	h.master(tr, t.Add(h.ms(1, 4)), "NOTICE", "Loading success.")
	stop := h.swapAt
	fe := []struct {
		name string
		n    int64
	}{{"fe_http", int64(g.between(180_000, 260_000))}, {"fe_https", int64(g.between(9_000_000, 14_000_000))}, {"fe_stats", int64(g.between(20_000, 40_000))}}
	for _, p := range fe {
		h.say(tr, stop, hxOldpid, 132, fmt.Sprintf("Proxy %s stopped (cumulated conns: FE: %d, BE: 0).", p.name, p.n))
	}
	for _, b := range h.backends {
		h.say(tr, stop, hxOldpid, 132, fmt.Sprintf("Proxy %s stopped (cumulated conns: FE: 0, BE: %d).", b.name, b.cum+int64(g.between(0, 5000))))
	}
	first := h.swapAt.Add(h.ms(0, 250))
	for _, b := range append(append([]*hxBackend{}, h.backends...), h.search) {
		for _, s := range b.servers {
			at := first.Add(h.ms(0, 2000))
			if s == h.search.servers[2] {
				info := `reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms`
				h.check(tr, at, s, false, info, "0/2 DOWN")
				h.say(tr, at, h.newPid, 129, fmt.Sprintf("Server be_search/%s is DOWN, %s. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.", s.name, info))
				up := at.Add(h.secs(65, 0.2))
				s.off = append(s.off, hxSpan{h.swapAt, up})
				h.bringUp(tr, s, up, 3, 0)
				continue
			}
			h.check(tr, at, s, true, h.passed(), "3/3 UP")
		}
	}
	h.say(tr, h.stopAt, hxOldpid, 132, "soft-stop running for too long, performing a hard-stop.")
	h.say(tr, h.stopAt, hxOldpid, 132, fmt.Sprintf("Proxy fe_https hard-stopped (%d remaining conns will be closed).", h.killed+g.between(0, 2)))
	h.j.add(tr, h.stopAt.Add(h.ms(1000, 1200)), fmt.Sprintf("[WARNING]  (1) : Former worker (%d) exited with code 0 (Exit)", hxOldpid))
}

// Incidents ------------------------------------------------------------------------

// exhaustion schedules be_checkout's episode: the servers whose checks time out one
// after the other once their workers are all busy, the backend without a server, the
// servers back when the provider recovers.
func (h *hxLog) exhaustion() {
	g := h.g
	tr := incident(hxExhausted)
	order := g.rng.Perm(4)
	down := h.coAt.Add(5*time.Minute + 40*time.Second + h.ms(0, 30_000))
	var downs []time.Time
	for i, k := range order {
		s := h.checkout.servers[k]
		h.takeDown(tr, s, down, 4*time.Second+h.ms(0, 10), h.timedOut, 3-i, 30)
		downs = append(downs, down)
		down = down.Add(h.secs(36, 0.25))
	}
	h.coNone = downs[3]
	at := h.coNone.Add(h.ms(0, 1))
	h.j.add(tr, at, fmt.Sprintf("[ALERT]    (%d) : backend 'be_checkout' has no server available!", hxOldpid),
		h.syslog(at, hxOldpid, 128, "backend be_checkout has no server available!"))
	up := h.coFix.Add(h.ms(15_000, 30_000))
	h.coBack = up
	for i, k := range order {
		s := h.checkout.servers[k]
		s.off = append(s.off, hxSpan{downs[i], up})
		h.bringUp(tr, s, up, i+1, g.between(0, 6))
		up = up.Add(h.ms(2000, 9000))
	}
}

// coLoad is how saturated be_checkout is: 0 normally, 1 with every worker busy.
func (h *hxLog) coLoad(t time.Time) float64 {
	return rampUp(t, h.coAt.Add(90*time.Second), 90*time.Second) * (1 - rampUp(t, h.coBack.Add(30*time.Second), 150*time.Second))
}

// coSlow is how much slower the payment provider answers.
func (h *hxLog) coSlow(t time.Time) float64 {
	return 1 + 15*rampUp(t, h.coAt, 150*time.Second)*(1-rampUp(t, h.coFix, 60*time.Second)) + 3*rampUp(t, h.coFix, time.Second)*(1-rampUp(t, h.coBack, 150*time.Second))
}

// coWait is the median time a request waits in the queue (ms).
func (h *hxLog) coWait(t time.Time) float64 {
	return 11_500*rampUp(t, h.coAt.Add(160*time.Second), 150*time.Second)*(1-rampUp(t, h.coBack, 120*time.Second)) + 600*h.coLoad(t)
}

// exhausted is a checkout request during the episode: no server, a queue it times out
// in or gives up in, or a slow answer.
func (h *hxLog) exhausted(q *hxReq, x hxHit) time.Time {
	g := h.g
	tr := incident(hxExhausted)
	t := q.at
	if !t.Before(h.coNone) && t.Before(h.coBack) {
		q.tw, q.tc, q.tr, q.ta, q.status, q.bytes, q.term = -1, -1, -1, q.tR, 503, 214, "SC--"
		return h.emit(tr, q)
	}
	wait := 0.0
	if w := h.coWait(t); w > 0 {
		wait = w * g.lognormal(1, 0.35)
		q.bq = int(h.coWait(t)/90) + h.poisson(4)
	}
	if wait > 2500 && g.chance(0.14) { // the user gives up in the queue
		q.tw = int(g.lognormal(2600, 0.5))
		if float64(q.tw) < wait {
			q.tc, q.tr, q.ta, q.status, q.bytes, q.term = -1, -1, q.tR+q.tw, -1, 0, "CQ--"
			return h.emit(tr, q)
		}
	}
	if wait >= 10_000 {
		q.tw, q.tc, q.tr, q.status, q.bytes, q.term = 10_000+g.intn(4), -1, -1, 503, 214, "sQ--"
		q.ta = q.tR + q.tw
		return h.emit(tr, q)
	}
	q.tw = int(wait)
	q.srv = h.pickServer(h.checkout, t)
	if q.srv == nil {
		q.tw, q.tc, q.tr, q.ta, q.status, q.bytes, q.term = -1, -1, -1, q.tR, 503, 214, "SC--"
		return h.emit(tr, q)
	}
	slow := h.coSlow(t)
	if !strings.HasSuffix(x.path, "/payment") {
		slow = 1 + (slow-1)*0.2 + 30*h.coLoad(t)
	}
	rt := g.lognormal(x.med, x.sig) * slow
	q.bytes = h.size(x)
	if rt > 25_000 { // the checkout service gives up on the provider
		rt, q.status, q.bytes = 25_000+g.lognormal(30, 0.5), 502, 212
	}
	q.tr = int(rt)
	q.ta = q.tR + q.tw + q.tc + q.tr
	if q.bytes > 20_000 {
		q.ta += int(g.lognormal(float64(q.bytes)/4000, 0.8))
	}
	return h.emit(tr, q)
}

// checkoutRetries is the users retrying the payment and polling its status during the
// episode, and the retries that follow its end.
func (h *hxLog) checkoutRetries() {
	g := h.g
	rate := func(t time.Time) float64 {
		return 0.8*h.traffic(t)*rampUp(t, h.coAt.Add(2*time.Minute), 2*time.Minute) + 0.6*rampUp(t, h.coBack, 10*time.Second)*(1-rampUp(t, h.coBack.Add(time.Minute), 90*time.Second))
	}
	h.thinned(h.coAt, h.coEnd, 1.5, rate, func(t time.Time) {
		c := h.client(g.chance(0.95))
		v := &hxVisitor{h: h, tr: incident(hxExhausted), c: c, host: "www.tixwave.com"}
		cart := g.uuid()
		end := v.req(t, hxHit{method: "POST", path: "/api/v2/checkout/" + cart + "/payment", be: h.checkout, med: 880, sig: 0.45, size: 640, status: 202})
		for n := g.between(0, 2); n > 0; n-- {
			end = v.req(end.Add(h.ms(900, 3000)), hxHit{method: "GET", path: "/api/v2/checkout/" + cart + "/status", be: h.checkout, med: 11, sig: 0.45, size: 210, status: 200})
		}
	})
}

// stuffing is the credential-stuffing wave: addresses from a residential proxy network,
// each trying leaked credentials a few seconds apart before the next takes over; the
// login table lets ten a minute through per address.
func (h *hxLog) stuffing() {
	g := h.g
	tr := incident(hxStuffing)
	rate := func(t time.Time) float64 {
		return 0.55 * rampUp(t, h.stuffAt, 50*time.Second) * (1 - rampUp(t, h.stuffEnd.Add(-40*time.Second), 40*time.Second))
	}
	h.thinned(h.stuffAt, h.stuffEnd, 0.55, rate, func(t time.Time) {
		c := &hxClient{ip: h.client(false).ip, lo: 32768, hi: 60999}
		var seen []time.Time
		for n := g.between(12, 40); n > 0 && t.Before(h.stuffEnd); n-- {
			for len(seen) > 0 && t.Sub(seen[0]) >= time.Minute {
				seen = seen[1:]
			}
			seen = append(seen, t)
			c.port = 0
			if len(seen) > 10 {
				h.deny(tr, c, "www.tixwave.com", t, "POST", "/api/v2/login")
			} else {
				x := hxHit{method: "POST", path: "/api/v2/login", be: h.api, med: 92, sig: 0.2, size: 380, status: 401}
				if g.chance(0.006) {
					x.status, x.size = 200, 1450
				}
				h.send(tr, c, "www.tixwave.com", t, x)
			}
			t = t.Add(h.secs(2.4, 0.45))
		}
	})
}
