package families

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// traefik is Traefik Proxy v3.1 as the Kubernetes ingress controller of Tasklane, a
// project-management SaaS: a Deployment of three replicas in the traefik namespace
// behind a cloud network load balancer (proxy protocol, so ClientAddr is the real
// client), entry points web (:8000, redirecting to websecure), websecure (:8443),
// traefik (:9000, ping) and metrics (:9100); providers kubernetescrd (the IngressRoutes
// of the saas namespace), kubernetes (a few legacy Ingresses) and file (a legacy billing
// portal on two VMs, health-checked every 10 s). Certificates come from cert-manager.
// log.level INFO, log.format json; accessLog.format json with the default fields and
// the User-Agent and X-Request-Id request headers kept; addInternals off, so kubelet's
// /ping probes, Prometheus' scrapes and the web-to-websecure redirects are not logged.
// A log collector tails the three pods' stdout and gives their lines interleaved in
// time order. The access log is written by logrus when a request ends: its keys in
// alphabetical order, "time" to the second, StartUTC and StartLocal (the containers run
// in UTC) to the nanosecond when the request began, durations in nanoseconds,
// RequestCount the pod's own counter, HTML characters escaped (& as \u0026), origin
// fields only when a service was reached:
//
//	{"ClientAddr":"81.2.69.160:52114","ClientHost":"81.2.69.160","ClientPort":"52114","ClientUsername":"-","DownstreamContentSize":4121,"DownstreamStatus":200,"Duration":31884211,"OriginContentSize":16302,"OriginDuration":31501388,"OriginStatus":200,"Overhead":382823,"RequestAddr":"api.tasklane.io","RequestContentSize":0,"RequestCount":1844301,"RequestHost":"api.tasklane.io","RequestMethod":"GET","RequestPath":"/v1/projects/48211/tasks?status=open\u0026limit=100","RequestPort":"-","RequestProtocol":"HTTP/2.0","RequestScheme":"https","RetryAttempts":0,"RouterName":"saas-api-8d4f3c2b9a1e07f65c3b@kubernetescrd","ServiceAddr":"10.42.3.27:8080","ServiceName":"saas-api-8080@kubernetescrd","ServiceURL":"http://10.42.3.27:8080","StartLocal":"2024-10-15T08:00:02.91377Z","StartUTC":"2024-10-15T08:00:02.91377Z","TLSCipher":"TLS_AES_128_GCM_SHA256","TLSVersion":"1.3","entryPointName":"websecure","level":"info","msg":"","request_User-Agent":"Mozilla/5.0 (...)","request_X-Request-Id":"7d0e...","time":"2024-10-15T08:00:02Z"}
//
// Traefik's own log is zerolog JSON: level, the logger's context fields, the event's,
// time (to the second), message; at INFO it is quiet in a steady state except for two
// errors every pod repeats whenever its providers rebuild the configuration (on any
// endpoint change in the cluster, about every minute and a half): a legacy Ingress whose
// TLS secret was deleted, and a router of the monitoring namespace referencing a missing
// middleware:
//
//	{"level":"error","providerName":"kubernetes","ingress":"legacy-docs","namespace":"marketing","error":"secret marketing/legacy-docs-tls does not exist","time":"2024-10-15T08:01:13Z","message":"Error configuring TLS"}
//
// Normal operation, about 14 lines a second at 08:00 rising to 19 by 11:00: signed-in
// customers in browsers on app.tasklane.io (every route behind the forward-auth
// middleware, a few ms of Overhead) open pages server-rendered or as Next.js data and
// their scripts call api.tasklane.io (projects, task lists, tasks, comments, activity,
// notifications, members, search typeahead with aborted requests answered 499, task
// updates, uploads of files up to 25 MB, downloads redirected to object storage), each
// browser with a socket.io connection to ws.tasklane.io (polling handshake, then a
// websocket answered 101 and logged when it closes, minutes to hours later); the iOS and
// Android apps call the API and keep a websocket while in the foreground; sessions that
// expired sign in again on auth.tasklane.io (GET and POST /login behind a per-address
// rate limit, the OAuth redirect, the callback on app); customers' integrations (Zapier,
// n8n, Make, SDK scripts, one with a revoked key getting 401 every 5 minutes) poll the
// API on fixed intervals; Stripe, GitHub and Slack post webhooks to hooks.tasklane.io;
// CloudFront pulls the static bundle from static.tasklane.io; anonymous visitors and
// crawlers read the marketing site www.tasklane.io, a few sign up; customers download
// invoices from the legacy billing portal (billing@file); status.tasklane.io (a legacy
// Ingress) is polled by customers' monitors; Pingdom checks www and the API's /healthz
// every minute; staff use admin.tasklane.io (IP allow-list, then forward-auth);
// scanners probe /.env, /wp-login.php and the like on every host and on the load
// balancer's address (404 page not found without a router, 403 from the allow-list,
// 401 from forward-auth). Now and then an API request meets a pooled connection the
// server had just closed (502 in a few ms), and one billing VM misses a health check on
// every pod ("Health check failed.", then "Health check up.") and is slow for a while.
//
// Benign changes:
//   - 0:21, a new IngressRoute for the reports service (api.tasklane.io/v2/reports): as
//     the feature flag reaches customers the reports page of the web app calls it
//     (lists, POST generating a report answered 202, polls, downloads of up to a few MB
//     taking seconds). The reports pages and every request of the new router carry the
//     change.
//   - 0:58, a canary of api 2.14.0: the api router is switched to a weighted
//     TraefikService sending 10% of requests to the canary's pods, 25% from 22 minutes
//     later; the requests the canary serves (their own ServiceName and addresses,
//     responses a little larger) carry the change.
//   - 1:27, Tasklane 3 launched on Product Hunt and in the newsletter: visitors, many on
//     phones, land on www.tasklane.io with ?ref=producthunt or utm parameters, read the
//     pricing and feature pages, a quarter sign up and create a workspace; peaking 7
//     minutes in and fading over the next hour. The visitors' lines carry the change.
//   - 2:14, Traefik upgraded from 3.1.2 to 3.1.6 by a rolling update (maxSurge 1,
//     minReadySeconds 30): each new pod's start-up lines, each old pod's shutdown lines
//     ("I have to go...", accept errors for every entry point, "Server stopped"), the
//     websockets the old pods close after their 10 s grace period and the browsers'
//     socket.io reconnections, and the new pods' requests (their RequestCount starting
//     from 1) until 3 minutes after the last old pod stopped, all carry the change.
//
// Incidents:
//   - 0:34 for about 16 minutes, one of the six api pods (its node's CPU throttled by a
//     noisy neighbour) answers 14 to 26 times slower than its peers, status 200 and
//     the same sizes throughout: the sixth of api.tasklane.io's requests it serves are
//     the incident's.
//   - 1:08 for about 7 minutes, the webhooks receiver crash-loops: both pods are
//     OOMKilled replaying a huge Stripe event, restart with growing back-off and die
//     again 6-25 s after becoming ready, until the on-call raises their memory limit and
//     new pods take over. Requests sent to a pod that just died get 502 (connection
//     refused, ~1 ms), requests in flight when it dies 502 (EOF); whenever neither pod
//     is ready every Traefik pod logs "Cannot create service" (subset not found) at
//     each rebuild, drops the route and hooks.tasklane.io answers 404 page not found
//     without a router; Slack retries its failed events after a second, a minute and
//     five minutes (the last ones after the new pods took over). The failed requests,
//     Slack's retries and the "Cannot create service" lines are the incident's.
//   - 1:50 for about 10 minutes, credential stuffing against auth.tasklane.io from
//     about 60 residential-proxy addresses, each posting /login every few seconds (some
//     fetching the form first) with rotating browser user agents, ramping to 12
//     attempts a second: the rate-limit middleware answers most with 429 (no service
//     reached), the rest get 401 from the auth service, a handful 302. The attackers'
//     lines are the incident's.
//   - 2:38 for about 6 minutes, the forward-auth service hangs (its session store's
//     connection pool stuck after a Redis failover): for 40 s its answers take seconds,
//     then every request to a protected route of app.tasklane.io and admin.tasklane.io
//     waits out Traefik's 30 s forward-auth timeout and gets 500 with no service reached;
//     browsers reload and retry; the requests in flight when it is restarted end with
//     500 at once. The slowed and failed requests are the incident's; the API, websockets
//     and the other hosts are unaffected.

var traefik = Family{
	Name:    "traefik",
	Role:    Tuning,
	Service: "Traefik Proxy 3.1 as the Kubernetes ingress controller (three replicas) of a project-management SaaS, its JSON access log (accessLog.format json, default fields and two request headers) and its own zerolog JSON log (log.format json, level INFO) interleaved as a log collector gives them",
	Lines:   traefikLines,
}

const (
	trkSlowPod = "one api pod answering 14-26 times slower than its peers (status 200): a sixth of api.tasklane.io's requests slow"
	trkCrash   = "webhooks receiver crash-looping (OOMKilled): 502 connection refused and EOF, \"Cannot create service\" and 404s for hooks.tasklane.io, Slack retrying"
	trkStuff   = "credential stuffing on POST auth.tasklane.io/login from about 60 proxy addresses: 429s from the rate-limit middleware, 401s"
	trkFwdAuth = "forward-auth service hanging: protected routes of app and admin slowed, then 500 after Traefik's 30 s forward-auth timeout"
)

const (
	trkApp     = "app.tasklane.io"
	trkAPI     = "api.tasklane.io"
	trkAuth    = "auth.tasklane.io"
	trkWS      = "ws.tasklane.io"
	trkStatic  = "static.tasklane.io"
	trkHooks   = "hooks.tasklane.io"
	trkAdmin   = "admin.tasklane.io"
	trkWWW     = "www.tasklane.io"
	trkBilling = "billing.tasklane.io"
	trkStatus  = "status.tasklane.io"

	trkRAPI        = "saas-api-8d4f3c2b9a1e07f65c3b@kubernetescrd"
	trkRReports    = "saas-reports-2b7e91c4d0f35a86e1d9@kubernetescrd"
	trkRApp        = "saas-web-app-c61e08b5f4a3d92e7b10@kubernetescrd"
	trkRAppPublic  = "saas-web-public-5f0a7d3e26c9b184a0e2@kubernetescrd"
	trkRWWW        = "saas-www-0d93b6e1f7a2c4e85b1f@kubernetescrd"
	trkRAuth       = "saas-auth-3e9d1a6c70b2f54d8c21@kubernetescrd"
	trkRLogin      = "saas-auth-login-9a4c2e7f1b5d3068e4fa@kubernetescrd"
	trkRWS         = "saas-notifications-71c5b9e2a0d4f36e8b47@kubernetescrd"
	trkRStatic     = "saas-static-4d2a8f6c1e9b07350ca3@kubernetescrd"
	trkRHooks      = "saas-webhooks-e07b3d5a9c2f61481d6e@kubernetescrd"
	trkRAdmin      = "saas-admin-6a1f4e8d2c7b0953f5e8@kubernetescrd"
	trkRBilling    = "billing@file"
	trkRStatusPage = "websecure-saas-status-page-status-tasklane-io@kubernetes"

	trkSAPI        = "saas-api-8080@kubernetescrd"
	trkSCanary     = "saas-api-canary-8080@kubernetescrd"
	trkSReports    = "saas-reports-8080@kubernetescrd"
	trkSWeb        = "saas-web-3000@kubernetescrd"
	trkSWWW        = "saas-www-3000@kubernetescrd"
	trkSAuth       = "saas-auth-8000@kubernetescrd"
	trkSWS         = "saas-notifications-8080@kubernetescrd"
	trkSStatic     = "saas-static-80@kubernetescrd"
	trkSHooks      = "saas-webhooks-receiver-8080@kubernetescrd"
	trkSAdmin      = "saas-admin-panel-8080@kubernetescrd"
	trkSBilling    = "billing-legacy@file"
	trkSStatusPage = "saas-status-page-80@kubernetes"
)

var trkBrowsers = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0.1 Safari/605.1.15",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:131.0) Gecko/20100101 Firefox/131.0",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
	"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
}

var trkPhones = []string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/129.0.6668.69 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
}

var trkApps = []string{
	"Tasklane/5.12.1 (com.tasklane.ios; build:5121; iOS 18.0.1) Alamofire/5.9.1",
	"Tasklane/5.12.1 (com.tasklane.ios; build:5121; iOS 17.6.1) Alamofire/5.9.1",
	"Tasklane/5.11.4 (com.tasklane.ios; build:5114; iOS 17.5.1) Alamofire/5.9.1",
	"Tasklane-Android/5.12.0 (Pixel 8; Android 14) okhttp/4.12.0",
	"Tasklane-Android/5.12.0 (SM-S918B; Android 14) okhttp/4.12.0",
	"Tasklane-Android/5.11.2 (moto g54 5G; Android 14) okhttp/4.12.0",
}

var trkWords = []string{"invoice", "launch", "roadmap", "bug", "design", "review", "onboarding", "q4", "budget", "hiring", "api", "mobile", "release", "migration", "customer", "sprint", "retro", "okr", "marketing", "website", "pricing", "security", "audit", "backlog", "copy", "deck", "ux", "login", "export", "report"}

var trkOrgs = []string{"acme", "northwind", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "soylent", "tyrell", "cyberdyne", "wonka", "aperture", "bluth", "dunder", "piedpiper", "prestige", "massive", "contoso", "fabrikam", "tailspin", "litware", "adatum", "proseware", "fourth-coffee", "wingtip", "lucerne", "margie", "alpine"}

var trkTeams = []string{"", "-labs", "-corp", "-studio", "-team", "-eng", "-marketing", "-ops", "-design", "-hq", "-io", "-agency"}

// trkTr is a line's ground truth.
type trkTr struct {
	incident, change string
	start            time.Time
}

type trkChange struct {
	name  string
	start time.Time
}

func (c trkChange) tr() trkTr { return trkTr{change: c.name, start: c.start} }

func trkInc(name string) trkTr { return trkTr{incident: name} }

type trkSpan struct {
	from, to time.Time
	crash    bool // it ends with the process killed
}

func (s trkSpan) has(t time.Time) bool { return !t.Before(s.from) && t.Before(s.to) }

// trkPod is one Traefik pod.
type trkPod struct {
	name, ip  string
	up, ready time.Time
	term      time.Time // SIGTERM, zero when never
	count     int64     // its request counter
	fresh     bool      // started by the upgrade
}

func (p *trkPod) accepting(t time.Time) bool {
	return !t.Before(p.ready) && (p.term.IsZero() || t.Before(p.term))
}

func (p *trkPod) running(t time.Time) bool {
	return !t.Before(p.up) && (p.term.IsZero() || t.Before(p.term))
}

// trkConn is a client's connection through the load balancer to one Traefik pod.
type trkConn struct {
	pod   *trkPod
	ip    string
	port  int
	last  time.Time
	proto string
	tls   int // 0 none, 1 TLS 1.3 AES-128, 2 TLS 1.3 AES-256, 3 TLS 1.3 ChaCha20, 4 TLS 1.2
}

// trkReq is one request as the access log shows it.
type trkReq struct {
	start, end         time.Time
	pod                *trkPod
	ip                 string
	port               int
	proto              string
	tls                int
	method, host, path string
	reqSize            int64
	status             int
	size               int64
	origin             bool
	oStatus            int
	oSize              int64
	oDur               time.Duration
	router, service    string
	addr               string
	ua, rid            string
	tr                 trkTr
	count              int64
}

type trkOut struct {
	at   time.Time
	text string
	tr   trkTr
}

type trkWorkspace struct {
	id       int
	slug     string
	projects []int
}

// trkUser is a browser or a phone app of a signed-in customer.
type trkUser struct {
	ip, ua     string
	proto      string
	tls        int
	app        bool // the mobile app
	ws         *trkWorkspace
	uid        int
	projects   []int
	appC, apiC *trkConn
	authC      *trkConn
	wsC        *trkConn
	tr         trkTr
}

type trkCall struct {
	method, path string
	status       int
	size         int64
	ms           float64
	req          int64
}

type trkGen struct {
	rng        *rand.Rand
	start, end time.Time
	reqs       []*trkReq
	logs       []trkOut
	pods       []*trkPod

	apiPods, canaryPods, reportPods, webPods, wwwPods, authPods, wsPods, staticPods, adminPods, statusPods []string
	billing                                                                                                []string
	hookAddrs                                                                                              []string
	hookSpans, hookView                                                                                    [][]trkSpan
	workspaces                                                                                             []*trkWorkspace
	chunks                                                                                                 []string
	buildID, wwwBuild                                                                                      string
	lbIP                                                                                                   string

	reports, canary, surge, upgrade trkChange
	canaryMore                      time.Time
	slowFrom, slowTo                time.Time
	slowAddr                        string
	crashFrom, newHooks, crashEnd   time.Time
	stuffFrom, stuffTo              time.Time
	authFrom, hangAt, authTo        time.Time
	upgradeDone, freshUntil         time.Time
	refreshes                       []time.Time
	flaps                           []time.Time
}

func traefikLines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 8, 0, 0, 0, time.UTC)
	g := &trkGen{
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x686f6c64_31375f74)),
		start: start,
		end:   start.Add(Length),
	}
	g.setup()
	g.traffic()
	return g.render()
}

// ---- randomness

func (g *trkGen) f() float64             { return g.rng.Float64() }
func (g *trkGen) intn(n int) int         { return g.rng.IntN(n) }
func (g *trkGen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }
func (g *trkGen) chance(p float64) bool  { return g.rng.Float64() < p }
func (g *trkGen) ms(lo, hi int) time.Duration {
	return time.Duration(g.between(lo, hi)) * time.Millisecond
}
func (g *trkGen) us(lo, hi int) time.Duration {
	return time.Duration(g.between(lo, hi)) * time.Microsecond
}

func (g *trkGen) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.rng.NormFloat64())
}

// lat is a lognormal duration around medianMS milliseconds.
func (g *trkGen) lat(medianMS, sigma float64) time.Duration {
	return time.Duration(g.lognormal(medianMS, sigma) * float64(time.Millisecond))
}

func (g *trkGen) size(median, sigma float64) int64 {
	s := int64(g.lognormal(median, sigma))
	if s < 1 {
		s = 1
	}
	return s
}

func trkPick[T any](g *trkGen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

func (g *trkGen) weighted(ws ...float64) int {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	x := g.f() * sum
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

func (g *trkGen) chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.intn(len(alphabet))]
	}
	return string(b)
}

func (g *trkGen) hex(n int) string { return g.chars("0123456789abcdef", n) }
func (g *trkGen) sid() string {
	return g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 20)
}

func (g *trkGen) uuid() string {
	h := g.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[g.intn(4)]) + h[17:20] + "-" + h[20:]
}

func (g *trkGen) at(m, loS, hiS int) time.Time {
	return g.start.Add(time.Duration(m)*time.Minute + g.ms(loS*1000, hiS*1000))
}

var trkOctets = []int{2, 5, 24, 31, 37, 46, 62, 66, 68, 71, 73, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 98, 99, 107, 108, 109, 112, 136, 141, 145, 151, 152, 173, 174, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217}

func (g *trkGen) publicIP() string {
	return strconv.Itoa(trkPick(g, trkOctets)) + "." + strconv.Itoa(g.between(1, 254)) + "." + strconv.Itoa(g.between(0, 255)) + "." + strconv.Itoa(g.between(1, 254))
}

func (g *trkGen) podIP() string {
	return "10.42." + strconv.Itoa(g.between(0, 7)) + "." + strconv.Itoa(g.between(2, 250))
}

func (g *trkGen) addrs(n int, port string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.podIP() + ":" + port
	}
	return out
}

// load is the customers' traffic relative to 08:00: the European morning going on, the
// Americas waking up.
func (g *trkGen) load(t time.Time) float64 {
	m := t.Sub(g.start).Minutes()
	return 1 + 0.32*m/180 + 0.04*math.Sin(m/13)
}

// arrivals calls fn at the times of a Poisson process of the given rate (per second),
// the rate taken as constant over each second.
func (g *trkGen) arrivals(from, to time.Time, rate func(time.Time) float64, fn func(time.Time)) {
	for t := from; t.Before(to); t = t.Add(time.Second) {
		r := rate(t.Add(500 * time.Millisecond))
		if r <= 0 {
			continue
		}
		next := t.Add(time.Second)
		for s := t.Add(time.Duration(g.rng.ExpFloat64() / r * float64(time.Second))); s.Before(next) && s.Before(to); s = s.Add(time.Duration(g.rng.ExpFloat64() / r * float64(time.Second))) {
			fn(s)
		}
	}
}

// ---- set-up

func (g *trkGen) setup() {
	g.reports = trkChange{"new IngressRoute for the reports service (api.tasklane.io/v2/reports) and its traffic ramping up", g.at(21, 0, 50)}
	g.slowFrom = g.at(34, 0, 50)
	g.slowTo = g.slowFrom.Add(15*time.Minute + g.ms(0, 120_000))
	g.canary = trkChange{"canary of api 2.14.0 behind a weighted TraefikService: 10%, then 25% of api requests to the canary pods", g.at(58, 0, 40)}
	g.canaryMore = g.canary.start.Add(22*time.Minute + g.ms(0, 60_000))
	g.crashFrom = g.at(68, 0, 40)
	g.surge = trkChange{"Product Hunt launch and newsletter: visitors surging on www.tasklane.io, sign-ups", g.at(87, 0, 30)}
	g.stuffFrom = g.at(110, 0, 40)
	g.stuffTo = g.stuffFrom.Add(9*time.Minute + g.ms(30_000, 90_000))
	g.upgrade = trkChange{"Traefik rolling upgrade from 3.1.2 to 3.1.6: pods replaced one by one", g.at(134, 0, 40)}
	g.authFrom = g.at(158, 0, 40)
	g.hangAt = g.authFrom.Add(g.ms(35_000, 48_000))
	g.authTo = g.authFrom.Add(5*time.Minute + g.ms(30_000, 80_000))

	g.apiPods = g.addrs(6, "8080")
	g.slowAddr = g.apiPods[g.intn(len(g.apiPods))]
	g.canaryPods = g.addrs(2, "8080")
	g.reportPods = g.addrs(2, "8080")
	g.webPods = g.addrs(4, "3000")
	g.wwwPods = g.addrs(3, "3000")
	g.authPods = g.addrs(3, "8000")
	g.wsPods = g.addrs(3, "8080")
	g.staticPods = g.addrs(2, "80")
	g.adminPods = g.addrs(2, "8080")
	g.statusPods = g.addrs(2, "80")
	g.billing = []string{"10.20.4.11:8080", "10.20.4.12:8080"}
	g.hookAddrs = g.addrs(4, "8080")
	g.lbIP = "34." + strconv.Itoa(g.between(96, 160)) + "." + strconv.Itoa(g.between(0, 255)) + "." + strconv.Itoa(g.between(2, 250))
	g.buildID = g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 21)
	g.wwwBuild = g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 21)
	for _, name := range []string{"webpack", "framework", "main", "pages/_app", "pages/w/[slug]/projects/[id]/board", "pages/w/[slug]/tasks/[id]", "pages/w/[slug]/inbox", "pages/w/[slug]", "pages/w/[slug]/settings/members", "pages/w/[slug]/reports", "1482", "3021", "5830", "7712", "9034", "2317", "polyfills"} {
		g.chunks = append(g.chunks, "/_next/static/chunks/"+name+"-"+g.hex(16)+".js")
	}
	for i := 0; i < 3; i++ {
		g.chunks = append(g.chunks, "/_next/static/css/"+g.hex(16)+".css")
	}
	for _, f := range []string{"inter-latin-400", "inter-latin-600", "jetbrains-mono-400"} {
		g.chunks = append(g.chunks, "/_next/static/media/"+f+"."+g.hex(8)+".woff2")
	}
	for _, f := range []string{"/img/logo.svg", "/img/empty-board.svg", "/img/avatar-placeholder.png", "/img/onboarding/step-1.webp", "/img/onboarding/step-2.webp", "/favicon-32.png"} {
		g.chunks = append(g.chunks, f)
	}
	for i := 0; i < 420; i++ {
		w := &trkWorkspace{id: g.between(1000, 99999), slug: trkPick(g, trkOrgs) + trkPick(g, trkTeams)}
		if g.chance(0.2) {
			w.slug += "-" + strconv.Itoa(g.between(2, 9))
		}
		for n := g.between(3, 14); n > 0; n-- {
			w.projects = append(w.projects, g.between(10000, 99999))
		}
		g.workspaces = append(g.workspaces, w)
	}

	// The Traefik pods: three running for days, replaced by the upgrade.
	rs := g.chars("bcdfghjklmnpqrstvwxz2456789", 10)
	for i := 0; i < 3; i++ {
		up := g.start.Add(-time.Duration(g.between(50, 100)) * time.Hour)
		g.pods = append(g.pods, &trkPod{name: "traefik-" + rs + "-" + g.chars("bcdfghjklmnpqrstvwxz2456789", 5), ip: g.podIP(), up: up, ready: up.Add(4 * time.Second), count: int64(g.between(1_100_000, 2_600_000))})
	}
	g.crashSchedule()
	g.upgradeSchedule()
	g.refreshSchedule()
	for n := g.between(2, 3); n > 0; n-- {
		g.flaps = append(g.flaps, g.start.Add(time.Duration(g.between(5, 175))*time.Minute+g.ms(0, 59_000)))
	}
}

// crashSchedule: when each webhooks pod serves (its spans) and when Traefik routes to it
// (its view, lagging the endpoints by a second or three). Pods 0 and 1 are the old ones,
// 2 and 3 the ones with the raised memory limit.
func (g *trkGen) crashSchedule() {
	g.hookSpans = make([][]trkSpan, 4)
	g.hookView = make([][]trkSpan, 4)
	g.newHooks = g.crashFrom.Add(g.ms(380_000, 430_000))
	for p := 0; p < 2; p++ {
		crash := g.crashFrom
		if p == 1 {
			crash = crash.Add(g.ms(9_000, 24_000))
		}
		spans := []trkSpan{{g.start.Add(-3 * time.Hour), crash, true}}
		backoff := []time.Duration{time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 160 * time.Second, 300 * time.Second}
		for i := 0; ; i++ {
			up := crash.Add(backoff[min(i, len(backoff)-1)] + g.ms(0, 900))
			ready := up.Add(g.ms(5_000, 8_000))
			if !ready.Before(g.newHooks) {
				break
			}
			crash = ready.Add(g.ms(6_000, 25_000))
			if crash.After(g.newHooks) { // replaced before the poison event came round
				spans = append(spans, trkSpan{ready, g.newHooks.Add(g.ms(1_500, 3_000)), false})
				break
			}
			spans = append(spans, trkSpan{ready, crash, true})
		}
		g.hookSpans[p] = spans
	}
	g.hookSpans[2] = []trkSpan{{g.newHooks, g.end.Add(time.Hour), false}}
	g.hookSpans[3] = []trkSpan{{g.newHooks.Add(g.ms(1_000, 6_000)), g.end.Add(time.Hour), false}}
	for p, spans := range g.hookSpans {
		for _, s := range spans {
			v := trkSpan{from: s.from.Add(g.ms(1_000, 3_000)), to: s.to.Add(g.ms(1_000, 3_000))}
			if !s.crash {
				v.to = s.to.Add(-g.ms(800, 1_400)) // removed from the endpoints before it stops
			}
			if s.from.Before(g.start) {
				v.from = s.from
			}
			g.hookView[p] = append(g.hookView[p], v)
		}
	}
	g.crashEnd = g.newHooks.Add(10 * time.Second)
}

func (g *trkGen) hookPick(t time.Time) int {
	var in []int
	for p := range g.hookView {
		for _, s := range g.hookView[p] {
			if s.has(t) {
				in = append(in, p)
				break
			}
		}
	}
	if len(in) == 0 {
		return -1
	}
	return in[g.intn(len(in))]
}

func (g *trkGen) hookUp(p int, t time.Time) (trkSpan, bool) {
	for _, s := range g.hookSpans[p] {
		if s.has(t) {
			return s, true
		}
	}
	return trkSpan{}, false
}

// upgradeSchedule: the rolling update replaces pods 2, 1, 0 in turn.
func (g *trkGen) upgradeSchedule() {
	rs := g.chars("bcdfghjklmnpqrstvwxz2456789", 10)
	s := g.upgrade.start
	for i := 2; i >= 0; i-- {
		old := g.pods[i]
		n := &trkPod{name: "traefik-" + rs + "-" + g.chars("bcdfghjklmnpqrstvwxz2456789", 5), ip: g.podIP(), fresh: true}
		n.up = s.Add(g.ms(4_000, 9_000))
		n.ready = n.up.Add(g.ms(2_500, 5_000))
		old.term = n.ready.Add(30*time.Second + g.ms(500, 2_000))
		g.pods = append(g.pods, n)
		s = old.term
	}
	g.upgradeDone = s.Add(10 * time.Second)
	g.freshUntil = g.upgradeDone.Add(3 * time.Minute)
}

// refreshSchedule: when the providers rebuild the configuration: endpoint changes
// anywhere in the cluster, throttled to one every 2 s.
func (g *trkGen) refreshSchedule() {
	var ts []time.Time
	g.arrivals(g.start.Add(-time.Minute), g.end, func(time.Time) float64 { return 1.0 / 85 }, func(t time.Time) { ts = append(ts, t) })
	for p := range g.hookView {
		for _, v := range g.hookView[p] {
			for _, x := range []time.Time{v.from, v.to} {
				if x.After(g.start) && x.Before(g.end) {
					ts = append(ts, x)
				}
			}
		}
	}
	ts = append(ts, g.reports.start.Add(g.ms(300, 900)), g.reports.start.Add(g.ms(14_000, 25_000)),
		g.canary.start.Add(-g.ms(40_000, 60_000)), g.canary.start.Add(-g.ms(20_000, 30_000)), g.canary.start.Add(g.ms(300, 900)), g.canaryMore.Add(g.ms(300, 900)))
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	var last time.Time
	for _, t := range ts {
		if !last.IsZero() && t.Sub(last) < 2*time.Second {
			continue
		}
		g.refreshes = append(g.refreshes, t)
		last = t
	}
}

// ---- requests

func (g *trkGen) podAt(t time.Time) *trkPod {
	var ok []*trkPod
	for _, p := range g.pods {
		if p.accepting(t) {
			ok = append(ok, p)
		}
	}
	if len(ok) == 0 {
		return g.pods[0]
	}
	return ok[g.intn(len(ok))]
}

func (g *trkGen) newConn(ip string, t time.Time, proto string, tls int) *trkConn {
	return &trkConn{pod: g.podAt(t), ip: ip, port: g.between(32768, 60999), last: t, proto: proto, tls: tls}
}

// use returns the client's connection for a request at t: the one it has unless idle
// for long or to a pod that stopped accepting.
func (g *trkGen) use(cp **trkConn, ip string, t time.Time, proto string, tls int) *trkConn {
	c := *cp
	if c == nil || t.Sub(c.last) > 170*time.Second || !c.pod.accepting(t) {
		c = g.newConn(ip, t, proto, tls)
		*cp = c
	}
	if t.After(c.last) {
		c.last = t
	}
	return c
}

func (g *trkGen) req(c *trkConn, t time.Time, host, method, path, ua string, tr trkTr) *trkReq {
	return &trkReq{start: t, pod: c.pod, ip: c.ip, port: c.port, proto: c.proto, tls: c.tls, method: method, host: host, path: path, ua: ua, tr: tr}
}

func (g *trkGen) overhead() time.Duration {
	return time.Duration(g.lognormal(190, 0.55) * float64(time.Microsecond))
}

// proxied finishes a request that reached a server of a service: the server took d and
// answered status with size bytes; pre is what the middlewares took before.
func (g *trkGen) proxied(r *trkReq, router, svc, addr string, status int, size int64, d, pre time.Duration, compress bool) *trkReq {
	r.router, r.service, r.addr = router, svc, addr
	r.origin = true
	d += time.Duration(g.intn(1000))
	r.oStatus, r.oSize, r.oDur = status, size, d
	r.status, r.size = status, size
	if compress && size > 1400 && (status == 200 || status == 201) {
		r.size = int64(float64(size) * (0.16 + 0.14*g.f()))
	}
	r.end = r.start.Add(pre + d + g.overhead())
	g.reqs = append(g.reqs, r)
	return r
}

// local finishes a request Traefik answered itself after d (a middleware, or no router).
func (g *trkGen) local(r *trkReq, router string, status int, size int64, d time.Duration) *trkReq {
	r.router = router
	r.status, r.size = status, size
	r.end = r.start.Add(d + time.Duration(g.intn(1000)))
	g.reqs = append(g.reqs, r)
	return r
}

// fwdAuth is how long the forward-auth call of a request at t takes, whether it
// answered, and whether the request is the incident's.
func (g *trkGen) fwdAuth(t time.Time) (time.Duration, bool, bool) {
	switch {
	case t.Before(g.authFrom) || !t.Before(g.authTo):
		return g.lat(2.8, 0.45), true, false
	case t.Before(g.hangAt):
		frac := t.Sub(g.authFrom).Seconds() / g.hangAt.Sub(g.authFrom).Seconds()
		d := g.lat(400+frac*9000, 0.6)
		if d >= 30*time.Second {
			return 30*time.Second + g.us(100, 3000), false, true
		}
		return d, true, true
	default:
		d := 30*time.Second + g.us(100, 3000)
		if t.Add(d).After(g.authTo) { // the restart resets the hanging calls
			d = g.authTo.Sub(t) + g.us(200, 4000)
		}
		return d, false, true
	}
}

// protected sends r through forward-auth to a server of svc; false when forward-auth
// failed (500).
func (g *trkGen) protected(r *trkReq, router, svc, addr string, status int, size int64, d time.Duration) bool {
	fa, ok, inc := g.fwdAuth(r.start)
	if inc {
		r.tr = trkInc(trkFwdAuth)
	}
	if !ok {
		g.local(r, router, 500, 0, fa+g.overhead())
		return false
	}
	g.proxied(r, router, svc, addr, status, size, d, fa, true)
	return true
}

// ---- the api

func (g *trkGen) get(path string, size float64, ms float64, cache bool) trkCall {
	c := trkCall{method: "GET", path: path, status: 200, size: g.size(size, 0.55), ms: ms}
	switch x := g.f(); {
	case cache && x < 0.09:
		c.status, c.size, c.ms = 304, 0, ms*0.6
	case x > 0.9965:
		c.status, c.size, c.ms = 404, 61, ms*0.3
	case x > 0.9945:
		c.status, c.size, c.ms = 403, 58, ms*0.3
	}
	return c
}

func (g *trkGen) write(method, path string, status int, size float64, ms float64, req int64) trkCall {
	c := trkCall{method: method, path: path, status: status, size: g.size(size, 0.4), ms: ms, req: req}
	switch x := g.f(); {
	case x < 0.006:
		c.status, c.size, c.ms = 422, int64(g.between(70, 180)), ms*0.4
	case x < 0.009 && method == "PATCH":
		c.status, c.size, c.ms = 409, 84, ms*0.5
	}
	return c
}

// api sends one call of u to api.tasklane.io at t.
func (g *trkGen) api(u *trkUser, t time.Time, c trkCall, tr trkTr) *trkReq {
	conn := g.use(&u.apiC, u.ip, t, u.proto, u.tls)
	r := g.req(conn, t, trkAPI, c.method, c.path, u.ua, tr)
	r.reqSize = c.req
	r.rid = g.uuid()
	if strings.HasPrefix(c.path, "/v2/reports") {
		r.tr = g.reports.tr()
		return g.proxied(r, trkRReports, trkSReports, trkPick(g, g.reportPods), c.status, c.size, g.lat(c.ms, 0.5), 0, true)
	}
	svc, addr := trkSAPI, trkPick(g, g.apiPods)
	size := c.size
	if !t.Before(g.canary.start) {
		w := 0.10
		if !t.Before(g.canaryMore) {
			w = 0.25
		}
		if g.chance(w) {
			svc, addr = trkSCanary, trkPick(g, g.canaryPods)
			if size > 200 {
				size = int64(float64(size) * (1.02 + 0.03*g.f()))
			}
			if r.tr.incident == "" {
				r.tr = g.canary.tr()
			}
		}
	}
	d := g.lat(c.ms, 0.55)
	if g.chance(0.0003) { // a pooled connection the server had just closed
		return g.proxied(r, trkRAPI, svc, addr, 502, 11, g.us(300, 4_000), 0, false)
	}
	if addr == g.slowAddr && !t.Before(g.slowFrom) && t.Before(g.slowTo) {
		d = time.Duration(float64(d) * (14 + 12*g.f()))
		r.tr = trkInc(trkSlowPod)
	}
	return g.proxied(r, trkRAPI, svc, addr, c.status, size, d, 0, true)
}

// parallel sends calls at nearly the same time, as a page's scripts do; it returns when
// the last ends.
func (g *trkGen) parallel(u *trkUser, t time.Time, calls []trkCall, tr trkTr) time.Time {
	end := t
	for i, c := range calls {
		r := g.api(u, t.Add(time.Duration(i)*g.ms(0, 12)+g.us(0, 900)), c, tr)
		if r.end.After(end) {
			end = r.end
		}
	}
	return end
}

// ---- signed-in customers

func (g *trkGen) newUser(app bool, tr trkTr) *trkUser {
	u := &trkUser{ip: g.publicIP(), proto: "HTTP/2.0", app: app, tr: tr, ws: trkPick(g, g.workspaces), uid: g.between(100000, 999999)}
	u.tls = []int{1, 1, 1, 1, 2, 3, 4}[g.intn(7)]
	if app {
		u.ua = trkPick(g, trkApps)
		if strings.Contains(u.ua, "Android") && g.chance(0.5) {
			u.tls = 3
		}
	} else if g.chance(0.08) {
		u.ua = trkPick(g, trkPhones)
	} else {
		u.ua = trkPick(g, trkBrowsers)
	}
	n := min(len(u.ws.projects), g.between(1, 5))
	for i := 0; i < n; i++ {
		u.projects = append(u.projects, u.ws.projects[g.intn(len(u.ws.projects))])
	}
	return u
}

// appPage requests a page of the web app through forward-auth; false when it failed.
func (g *trkGen) appPage(u *trkUser, t time.Time, path string, ssr bool, tr trkTr) (time.Time, bool) {
	c := g.use(&u.appC, u.ip, t, u.proto, u.tls)
	if ssr {
		r := g.req(c, t, trkApp, "GET", path, u.ua, tr)
		ok := g.protected(r, trkRApp, trkSWeb, trkPick(g, g.webPods), 200, g.size(68_000, 0.35), g.lat(150, 0.5))
		return r.end, ok
	}
	r := g.req(c, t, trkApp, "GET", "/_next/data/"+g.buildID+path+".json", u.ua, tr)
	if i := strings.IndexByte(path, '?'); i >= 0 {
		r.path = "/_next/data/" + g.buildID + path[:i] + ".json" + path[i:]
	}
	ok := g.protected(r, trkRApp, trkSWeb, trkPick(g, g.webPods), 200, g.size(6_500, 0.7), g.lat(38, 0.5))
	return r.end, ok
}

// page is one page a browser user opens: the page (server-rendered or its Next.js
// data) and the API calls of its scripts, then maybe an action.
func (g *trkGen) page(u *trkUser, t time.Time, first bool) (time.Time, bool) {
	w := u.ws
	pid := trkPick(g, u.projects)
	tid := g.between(1_000_000, 9_999_999)
	tr := u.tr
	reportsShare := 0.0
	if t.After(g.reports.start) {
		reportsShare = 0.09 * math.Min(1, t.Sub(g.reports.start).Minutes()/25)
	}
	var path string
	var calls []trkCall
	switch g.weighted(33, 28, 13, 10, 8, 3, reportsShare*100) {
	case 0:
		path = "/w/" + w.slug + "/projects/" + strconv.Itoa(pid) + "/board"
		calls = []trkCall{g.get("/v1/projects/"+strconv.Itoa(pid), 2600, 22, true), g.get("/v1/projects/"+strconv.Itoa(pid)+"/tasks?status=open&limit=100", 48_000, 75, false), g.get("/v1/projects/"+strconv.Itoa(pid)+"/columns", 1800, 14, true)}
	case 1:
		path = "/w/" + w.slug + "/tasks/" + strconv.Itoa(tid)
		calls = []trkCall{g.get("/v1/tasks/"+strconv.Itoa(tid), 4800, 28, false), g.get("/v1/tasks/"+strconv.Itoa(tid)+"/comments?limit=50", 6_000, 34, false), g.get("/v1/tasks/"+strconv.Itoa(tid)+"/activity?limit=20", 9_000, 45, false)}
	case 2:
		path = "/w/" + w.slug + "/projects/" + strconv.Itoa(pid)
		calls = []trkCall{g.get("/v1/projects/"+strconv.Itoa(pid)+"/tasks?page="+strconv.Itoa(g.between(1, 4))+"&limit=50&sort=-updated_at", 26_000, 62, false)}
	case 3:
		path = "/w/" + w.slug + "/inbox"
		calls = []trkCall{g.get("/v1/notifications?unread=true&limit=30", 7_000, 40, false), g.get("/v1/me/assigned?limit=50", 14_000, 55, false)}
	case 4:
		path = "/w/" + w.slug
		calls = []trkCall{g.get("/v1/workspaces/"+strconv.Itoa(w.id)+"/projects", 5_500, 30, true), g.get("/v1/me/assigned?limit=10", 4_000, 40, false)}
	case 5:
		path = "/w/" + w.slug + "/settings/members"
		calls = []trkCall{g.get("/v1/workspaces/"+strconv.Itoa(w.id)+"/members?limit=100", 18_000, 50, true)}
		if g.chance(0.5) {
			calls = append(calls, g.get("/v1/workspaces/"+strconv.Itoa(w.id)+"/billing", 1_200, 35, false))
		}
	default:
		path = "/w/" + w.slug + "/reports"
		if tr.incident == "" {
			tr = g.reports.tr()
		}
		calls = []trkCall{g.get("/v2/reports?workspace_id="+strconv.Itoa(w.id)+"&limit=20", 3_200, 38, false)}
	}
	if first {
		calls = append(calls, g.get("/v1/me", 1_300, 11, false))
	}
	end, ok := g.appPage(u, t, path, first || g.chance(0.15), tr)
	if !ok {
		return end, false
	}
	end = g.parallel(u, end.Add(g.ms(30, 260)), calls, u.tr)
	if strings.HasSuffix(path, "/reports") && g.chance(0.4) {
		end = g.report(u, end.Add(g.ms(2_000, 15_000)), tr)
	}
	t = end.Add(g.ms(1_500, 25_000))
	switch g.weighted(28, 9, 7, 9, 3, 3, 41) {
	case 0:
		end = g.parallel(u, t, []trkCall{g.write("PATCH", "/v1/tasks/"+strconv.Itoa(tid), 200, 4_800, 55, int64(g.between(30, 400)))}, u.tr)
	case 1:
		end = g.parallel(u, t, []trkCall{g.write("POST", "/v1/tasks/"+strconv.Itoa(tid)+"/comments", 201, 1_100, 70, int64(g.between(60, 2400)))}, u.tr)
	case 2:
		end = g.parallel(u, t, []trkCall{g.write("POST", "/v1/projects/"+strconv.Itoa(pid)+"/tasks", 201, 3_100, 80, int64(g.between(120, 900)))}, u.tr)
	case 3:
		end = g.search(u, t)
	case 4:
		end = g.upload(u, t, tid)
	case 5:
		fid := g.between(1_000_000, 9_999_999)
		end = g.parallel(u, t, []trkCall{{method: "GET", path: "/v1/files/" + strconv.Itoa(fid) + "/download", status: 302, size: 0, ms: 18}}, u.tr)
	}
	if g.chance(0.3) { // the analytics beacon
		c := g.use(&u.appC, u.ip, end.Add(g.ms(200, 5000)), u.proto, u.tls)
		r := g.req(c, c.last, trkApp, "POST", "/api/telemetry", u.ua, u.tr)
		r.reqSize = int64(g.between(180, 1600))
		g.protected(r, trkRApp, trkSWeb, trkPick(g, g.webPods), 204, 0, g.lat(6, 0.4))
	}
	return end, true
}

// search: typeahead, a request per keystroke pause; a request still running when the
// next starts is aborted (499).
func (g *trkGen) search(u *trkUser, t time.Time) time.Time {
	word := trkPick(g, trkWords)
	if g.chance(0.4) {
		word += " " + trkPick(g, trkWords)
	}
	n := min(len(word), g.between(2, 5))
	var prev *trkReq
	end := t
	for i := 0; i < n; i++ {
		q := strings.ReplaceAll(word[:len(word)-n+i+1], " ", "+")
		r := g.api(u, t, g.get("/v1/search?q="+q+"&workspace_id="+strconv.Itoa(u.ws.id)+"&limit=10", 4_000, 95, false), u.tr)
		if prev != nil && prev.end.After(r.start) && prev.status == 200 {
			prev.status, prev.size, prev.oStatus, prev.oSize = 499, 0, 499, 0
			prev.end = r.start.Add(-g.us(50, 900))
			if prev.end.Before(prev.start) {
				prev.end = prev.start.Add(g.us(300, 900))
			}
			prev.oDur = prev.end.Sub(prev.start) - g.us(40, 120)
			if prev.oDur < 0 {
				prev.oDur = 0
			}
		}
		prev = r
		end = r.end
		t = t.Add(g.ms(90, 600))
	}
	return end
}

func (g *trkGen) upload(u *trkUser, t time.Time, tid int) time.Time {
	sz := g.size(900_000, 1.3)
	conn := g.use(&u.apiC, u.ip, t, u.proto, u.tls)
	r := g.req(conn, t, trkAPI, "POST", "/v1/files?task_id="+strconv.Itoa(tid), u.ua, u.tr)
	r.rid = g.uuid()
	r.reqSize = sz
	if sz > 25<<20 {
		return g.proxied(r, trkRAPI, trkSAPI, trkPick(g, g.apiPods), 413, 96, g.lat(40, 0.3), 0, false).end
	}
	bw := g.lognormal(2.5e6, 0.8) // bytes a second
	d := time.Duration(float64(sz)/bw*float64(time.Second)) + g.lat(120, 0.4)
	return g.proxied(r, trkRAPI, trkSAPI, trkPick(g, g.apiPods), 201, g.size(420, 0.2), d, 0, false).end
}

// report: the reports page generates one, polls until it is ready and downloads it.
func (g *trkGen) report(u *trkUser, t time.Time, tr trkTr) time.Time {
	rid := "rpt_" + g.chars("0123456789abcdefghijklmnopqrstuvwxyz", 14)
	r := g.api(u, t, trkCall{method: "POST", path: "/v2/reports", status: 202, size: g.size(260, 0.1), ms: 110, req: int64(g.between(140, 420))}, tr)
	t = r.end
	for n := g.between(1, 6); n > 0; n-- {
		t = g.api(u, t.Add(g.ms(1_900, 2_200)), trkCall{method: "GET", path: "/v2/reports/" + rid, status: 200, size: g.size(310, 0.1), ms: 12}, tr).end
	}
	format := trkPick(g, []string{"csv", "csv", "xlsx", "pdf"})
	return g.api(u, t.Add(g.ms(300, 4_000)), trkCall{method: "GET", path: "/v2/reports/" + rid + "/download?format=" + format, status: 200, size: g.size(180_000, 1.1), ms: 900}, tr).end
}

// signIn: the session expired: forward-auth redirects to the login page, the user signs
// in (sometimes mistyping), the OAuth redirect, the callback.
func (g *trkGen) signIn(u *trkUser, t time.Time) time.Time {
	c := g.use(&u.appC, u.ip, t, u.proto, u.tls)
	r := g.req(c, t, trkApp, "GET", "/w/"+u.ws.slug, u.ua, u.tr)
	fa, ok, inc := g.fwdAuth(t)
	if inc {
		r.tr = trkInc(trkFwdAuth)
	}
	if !ok {
		return g.local(r, trkRApp, 500, 0, fa+g.overhead()).end
	}
	t = g.local(r, trkRApp, 302, 0, fa+g.overhead()).end.Add(g.ms(40, 300))
	ac := g.use(&u.authC, u.ip, t, u.proto, u.tls)
	state := g.hex(24)
	r = g.req(ac, t, trkAuth, "GET", "/login?return_to=https%3A%2F%2Fapp.tasklane.io%2Fw%2F"+u.ws.slug+"&state="+state, u.ua, u.tr)
	t = g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 200, g.size(14_500, 0.05), g.lat(25, 0.4), 0, true).end
	for tries := 0; ; tries++ {
		t = t.Add(g.ms(4_000, 30_000))
		r = g.req(g.use(&u.authC, u.ip, t, u.proto, u.tls), t, trkAuth, "POST", "/login", u.ua, u.tr)
		r.reqSize = int64(g.between(96, 180))
		if tries < 2 && g.chance(0.07) {
			t = g.proxied(r, trkRLogin, trkSAuth, trkPick(g, g.authPods), 401, 38, g.lat(240, 0.25), g.us(20, 90), false).end
			continue
		}
		t = g.proxied(r, trkRLogin, trkSAuth, trkPick(g, g.authPods), 302, 0, g.lat(260, 0.25), g.us(20, 90), false).end
		break
	}
	t = t.Add(g.ms(30, 200))
	r = g.req(g.use(&u.authC, u.ip, t, u.proto, u.tls), t, trkAuth, "GET", "/oauth/authorize?client_id=tasklane-web&response_type=code&redirect_uri=https%3A%2F%2Fapp.tasklane.io%2Fauth%2Fcallback&state="+state, u.ua, u.tr)
	t = g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 302, 0, g.lat(18, 0.4), 0, false).end.Add(g.ms(30, 200))
	r = g.req(g.use(&u.appC, u.ip, t, u.proto, u.tls), t, trkApp, "GET", "/auth/callback?code="+g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32)+"&state="+state, u.ua, u.tr)
	return g.proxied(r, trkRAppPublic, trkSWeb, trkPick(g, g.webPods), 302, 0, g.lat(70, 0.4), 0, false).end.Add(g.ms(30, 200))
}

// socket: the socket.io handshake over polling, then the websocket, logged when it
// closes; a pod shutting down closes it after its grace period and the client
// reconnects.
func (g *trkGen) socket(u *trkUser, t, stop time.Time, tr trkTr) {
	for {
		sid := g.sid()
		var wc *trkConn
		if !u.app {
			poll := func(method string, status int, size int64, req int64) {
				c := g.use(&u.wsC, u.ip, t, u.proto, u.tls)
				path := "/socket.io/?EIO=4&transport=polling&t=" + g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 7)
				if method == "POST" || size < 100 {
					path += "&sid=" + sid
				}
				r := g.req(c, t, trkWS, method, path, u.ua, tr)
				r.reqSize = req
				t = g.proxied(r, trkRWS, trkSWS, trkPick(g, g.wsPods), status, size, g.lat(4, 0.5), 0, false).end.Add(g.ms(5, 60))
			}
			poll("GET", 200, int64(g.between(118, 121)), 0)
			poll("POST", 200, 2, int64(g.between(40, 90)))
			poll("GET", 200, int64(g.between(30, 34)), 0)
			wc = g.newConn(u.ip, t, "HTTP/1.1", u.tls)
		} else {
			wc = g.newConn(u.ip, t, "HTTP/1.1", u.tls)
		}
		path := "/socket.io/?EIO=4&transport=websocket&sid=" + sid
		if u.app {
			path = "/socket.io/?EIO=4&transport=websocket"
		}
		r := g.req(wc, t, trkWS, "GET", path, u.ua, tr)
		end := stop.Add(g.ms(50, 3_000))
		cut := false
		if p := wc.pod; !p.term.IsZero() && p.term.Add(10*time.Second).Before(end) && p.term.After(t) {
			end = p.term.Add(10*time.Second + g.ms(0, 40))
			cut = true
			r.tr = g.upgrade.tr()
		}
		d := end.Sub(r.start)
		g.proxied(r, trkRWS, trkSWS, trkPick(g, g.wsPods), 101, 0, d-g.us(150, 400), 0, false)
		if !cut {
			return
		}
		t = end.Add(g.ms(500, 5_000))
		tr = g.upgrade.tr()
		if !t.Before(stop) {
			return
		}
	}
}

func (g *trkGen) webSession(t0 time.Time, tr trkTr) {
	u := g.newUser(false, tr)
	stop := t0.Add(time.Duration(math.Min(g.lognormal(16, 0.85), 170) * float64(time.Minute)))
	t := t0
	if g.chance(0.22) {
		t = g.signIn(u, t)
	}
	g.socket(u, t.Add(g.ms(300, 1500)), stop, tr)
	first, fails := true, 0
	for t.Before(stop) && t.Before(g.end) {
		end, ok := g.page(u, t, first)
		if ok {
			first, fails = false, 0
			t = end.Add(time.Duration(g.lognormal(38, 0.9) * float64(time.Second)))
			continue
		}
		fails++ // forward-auth failed: reload, then give up for a while
		if fails < 3 {
			t = end.Add(g.ms(2_000, 12_000))
		} else {
			t, fails = end.Add(g.ms(90_000, 300_000)), 0
		}
		first = true
	}
}

// appSession: the mobile app opened: a token refresh sometimes, the home screen's calls,
// the websocket while in the foreground, screens every so often.
func (g *trkGen) appSession(t0 time.Time) {
	u := g.newUser(true, trkTr{})
	stop := t0.Add(time.Duration(math.Min(g.lognormal(3.5, 0.8), 40) * float64(time.Minute)))
	t := t0
	if g.chance(0.3) {
		c := g.use(&u.authC, u.ip, t, u.proto, u.tls)
		r := g.req(c, t, trkAuth, "POST", "/oauth/token", u.ua, trkTr{})
		r.reqSize = int64(g.between(380, 460))
		t = g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 200, g.size(1_150, 0.05), g.lat(45, 0.4), 0, false).end
	}
	w := u.ws
	t = g.parallel(u, t, []trkCall{g.get("/v1/me", 1_300, 11, false), g.get("/v1/workspaces/"+strconv.Itoa(w.id)+"/projects", 5_500, 30, true), g.get("/v1/me/assigned?limit=50", 14_000, 55, false), g.get("/v1/notifications?unread=true&limit=30", 7_000, 40, false)}, trkTr{})
	if g.chance(0.15) {
		t = g.parallel(u, t.Add(g.ms(100, 900)), []trkCall{g.write("PUT", "/v1/devices/"+g.hex(64), 204, 1, 20, int64(g.between(140, 200)))}, trkTr{})
	}
	g.socket(u, t.Add(g.ms(50, 400)), stop, trkTr{})
	for t = t.Add(g.ms(3_000, 30_000)); t.Before(stop); t = t.Add(g.ms(4_000, 60_000)) {
		pid := trkPick(g, u.projects)
		tid := g.between(1_000_000, 9_999_999)
		var calls []trkCall
		switch g.weighted(35, 35, 15, 15) {
		case 0:
			calls = []trkCall{g.get("/v1/projects/"+strconv.Itoa(pid)+"/tasks?status=open&limit=50", 26_000, 70, false)}
		case 1:
			calls = []trkCall{g.get("/v1/tasks/"+strconv.Itoa(tid), 4_800, 28, false), g.get("/v1/tasks/"+strconv.Itoa(tid)+"/comments?limit=50", 6_000, 34, false)}
		case 2:
			calls = []trkCall{g.write("PATCH", "/v1/tasks/"+strconv.Itoa(tid), 200, 4_800, 55, int64(g.between(30, 300)))}
		default:
			calls = []trkCall{g.get("/v1/notifications?unread=true&limit=30", 7_000, 40, false)}
		}
		t = g.parallel(u, t, calls, trkTr{})
	}
}

// ---- other clients

type trkIntegration struct {
	ua       string
	ip       string
	pool     bool // a new address from the provider's pool each time
	every    time.Duration
	ws       *trkWorkspace
	revoked  bool
	phase    time.Duration
	pageSize int
}

func (g *trkGen) integrations() {
	uas := []string{"Zapier", "Zapier", "Zapier", "n8n", "n8n", "Make/production", "tasklane-python/2.3.1 python-requests/2.32.3", "tasklane-python/2.3.1 python-requests/2.32.3", "tasklane-node/1.8.0 node/20.17.0", "tasklane-node/1.8.0 node/20.17.0", "Go-http-client/1.1", "curl/8.5.0", "axios/1.7.7", "Workato", "okhttp/4.9.3"}
	everys := []time.Duration{60 * time.Second, 120 * time.Second, 300 * time.Second, 300 * time.Second, 900 * time.Second}
	var list []*trkIntegration
	for i := 0; i < 34; i++ {
		it := &trkIntegration{ua: trkPick(g, uas), ip: g.publicIP(), every: trkPick(g, everys), ws: trkPick(g, g.workspaces), pageSize: trkPick(g, []int{50, 100, 100, 200})}
		it.pool = it.ua == "Zapier" || it.ua == "Make/production" || it.ua == "Workato"
		it.phase = time.Duration(g.f() * float64(it.every))
		list = append(list, it)
	}
	list[len(list)-1].revoked, list[len(list)-1].every = true, 300*time.Second
	for _, it := range list {
		var conn *trkConn
		for t := g.start.Add(-it.every).Add(it.phase); t.Before(g.end); t = t.Add(it.every + g.ms(-1500, 1500)) {
			ip := it.ip
			if it.pool {
				ip = trkPick(g, []string{"54.86.", "3.95.", "34.224.", "52.21.", "18.206."}) + strconv.Itoa(g.between(0, 255)) + "." + strconv.Itoa(g.between(1, 254))
				conn = nil
			}
			since := t.Add(-it.every).UTC().Format(time.RFC3339)
			path := "/v1/tasks?workspace_id=" + strconv.Itoa(it.ws.id) + "&updated_since=" + strings.ReplaceAll(since, ":", "%3A") + "&limit=" + strconv.Itoa(it.pageSize)
			if it.revoked {
				c := g.use(&conn, ip, t, "HTTP/1.1", 1)
				r := g.req(c, t, trkAPI, "GET", path, it.ua, trkTr{})
				g.proxied(r, trkRAPI, trkSAPI, trkPick(g, g.apiPods), 401, 27, g.lat(4, 0.3), 0, false)
				continue
			}
			u := &trkUser{ip: ip, ua: it.ua, proto: "HTTP/1.1", tls: 1, apiC: conn}
			res := g.api(u, t, trkCall{method: "GET", path: path, status: 200, size: g.size(3_000+float64(it.pageSize)*120*g.f(), 0.5), ms: 60}, trkTr{})
			res.rid = ""
			if g.chance(0.07) {
				res2 := g.api(u, res.end.Add(g.ms(20, 200)), g.write("POST", "/v1/projects/"+strconv.Itoa(trkPick(g, it.ws.projects))+"/tasks", 201, 3_100, 80, int64(g.between(200, 1400))), trkTr{})
				res2.rid = ""
			}
			conn = u.apiC
		}
	}
}

func (g *trkGen) webhooks() {
	stripe := []string{"3.18.12.63", "3.130.192.231", "13.235.14.237", "13.235.122.149", "18.211.135.69", "35.154.171.200", "52.15.183.38", "54.88.130.119", "54.88.130.237", "54.187.174.169", "54.187.205.235", "54.187.216.72"}
	g.arrivals(g.start.Add(-10*time.Second), g.end, func(t time.Time) float64 { return 0.5 * g.load(t) }, func(t time.Time) {
		switch g.weighted(45, 33, 22) {
		case 0:
			g.hook(t, trkPick(g, stripe), "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "/stripe", g.size(2_800, 0.5), 200, 16, 60, 0)
		case 1:
			g.hook(t, "140.82.115."+strconv.Itoa(g.between(1, 254)), "GitHub-Hookshot/"+trkPick(g, []string{"a1f3c9e", "a1f3c9e", "7d2b04f"}), "/github", g.size(7_500, 0.8), 202, 0, 25, 0)
		default:
			g.hook(t, trkPick(g, []string{"3.89.", "44.192.", "54.209."})+strconv.Itoa(g.between(0, 255))+"."+strconv.Itoa(g.between(1, 254)), "Slackbot 1.0 (+https://api.slack.com/robots)", "/slack/events", g.size(1_400, 0.4), 200, 0, 30, 0)
		}
	})
}

// hook is one webhook delivery; Slack retries one that failed after a second, a minute
// and five minutes.
func (g *trkGen) hook(t time.Time, ip, ua, path string, size int64, status int, rsize int64, ms float64, retry int) {
	c := g.newConn(ip, t, "HTTP/1.1", trkPick(g, []int{1, 1, 4}))
	tr := trkTr{}
	if retry > 0 {
		tr = trkInc(trkCrash)
	}
	r := g.req(c, t, trkHooks, "POST", path, ua, tr)
	r.reqSize = size
	failed := true
	p := g.hookPick(t)
	switch {
	case p < 0: // no ready endpoint: the route is gone
		r.tr = trkInc(trkCrash)
		g.local(r, "", 404, 19, g.overhead()+g.us(20, 200))
	default:
		addr := g.hookAddrs[p]
		d := g.lat(ms, 0.5)
		span, up := g.hookUp(p, t)
		switch {
		case !up:
			r.tr = trkInc(trkCrash)
			g.proxied(r, trkRHooks, trkSHooks, addr, 502, 11, g.us(250, 2_500), 0, false)
		case span.crash && t.Add(d).After(span.to):
			r.tr = trkInc(trkCrash)
			g.proxied(r, trkRHooks, trkSHooks, addr, 502, 11, span.to.Sub(t)+g.us(100, 900), 0, false)
		default:
			failed = false
			g.proxied(r, trkRHooks, trkSHooks, addr, status, rsize, d, 0, false)
		}
	}
	if failed && path == "/slack/events" && retry < 3 {
		next := []time.Duration{g.ms(800, 1_500), g.ms(60_000, 64_000), g.ms(300_000, 305_000)}[retry]
		g.hook(r.end.Add(next), ip, ua, path, size, status, rsize, ms, retry+1)
	}
}

func (g *trkGen) static() {
	edges := []string{"130.176.", "64.252.", "15.158.", "130.176.", "70.132."}
	var conns []*trkConn
	for i := 0; i < 14; i++ {
		conns = append(conns, nil)
	}
	ips := make([]string, len(conns))
	for i := range ips {
		ips[i] = trkPick(g, edges) + strconv.Itoa(g.between(0, 255)) + "." + strconv.Itoa(g.between(1, 254))
	}
	g.arrivals(g.start.Add(-5*time.Second), g.end, func(t time.Time) float64 { return 1.5 * g.load(t) }, func(t time.Time) {
		k := g.intn(len(conns))
		c := g.use(&conns[k], ips[k], t, "HTTP/1.1", 4)
		path := trkPick(g, g.chunks)
		r := g.req(c, t, trkStatic, "GET", path, "Amazon CloudFront", trkTr{})
		status, size := 200, g.size(38_000, 1.1)
		switch {
		case strings.HasSuffix(path, ".woff2"):
			size = g.size(24_000, 0.1)
		case strings.HasSuffix(path, ".css"):
			size = g.size(18_000, 0.3)
		}
		if g.chance(0.22) {
			status, size = 304, 0
		}
		g.proxied(r, trkRStatic, trkSStatic, trkPick(g, g.staticPods), status, size, g.lat(2.5, 0.6)+time.Duration(size)*20, 0, false)
	})
}

// visitor: someone reading the marketing site; a few sign up.
func (g *trkGen) visitor(t time.Time, tr trkTr) {
	campaign := tr.change != ""
	ua := trkPick(g, trkBrowsers)
	if g.chance(0.25) || (campaign && g.chance(0.35)) {
		ua = trkPick(g, trkPhones)
	}
	u := &trkUser{ip: g.publicIP(), ua: ua, proto: "HTTP/2.0", tls: []int{1, 1, 1, 2, 3, 4}[g.intn(6)], tr: tr}
	var c *trkConn
	pages := []string{"/pricing", "/features/boards", "/features/automations", "/features/reports", "/integrations/slack", "/integrations/github", "/customers", "/changelog", "/security", "/blog/" + trkPick(g, []string{"async-standups", "kanban-vs-scrum", "tasklane-3", "okrs-that-work", "remote-sprint-planning", "why-we-rewrote-our-editor"})}
	landing := trkPick(g, append([]string{"/", "/", "/"}, pages...))
	if campaign {
		landing = trkPick(g, []string{"/?ref=producthunt", "/?ref=producthunt", "/?utm_source=newsletter&utm_medium=email&utm_campaign=tasklane-3-launch", "/tasklane-3?utm_source=producthunt&utm_medium=launch", "/pricing?ref=producthunt"})
	}
	cn := g.use(&c, u.ip, t, u.proto, u.tls)
	r := g.req(cn, t, trkWWW, "GET", landing, ua, tr)
	t = g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), 200, g.size(52_000, 0.3), g.lat(35, 0.6), 0, true).end
	for n := g.weighted(30, 30, 20, 12, 8); n > 0; n-- {
		t = t.Add(time.Duration(g.lognormal(20, 0.9) * float64(time.Second)))
		p := trkPick(g, pages)
		r := g.req(g.use(&c, u.ip, t, u.proto, u.tls), t, trkWWW, "GET", "/_next/data/"+g.wwwBuild+p+".json", ua, tr)
		t = g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), 200, g.size(9_000, 0.6), g.lat(22, 0.5), 0, true).end
	}
	p := 0.03
	if campaign {
		p = 0.25
	}
	if !g.chance(p) {
		return
	}
	// Signing up: the form, the account, the OAuth callback, onboarding.
	t = t.Add(g.ms(2_000, 20_000))
	r = g.req(g.use(&c, u.ip, t, u.proto, u.tls), t, trkWWW, "GET", "/signup", ua, tr)
	t = g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), 200, g.size(31_000, 0.1), g.lat(30, 0.5), 0, true).end
	t = t.Add(g.ms(15_000, 90_000))
	r = g.req(g.use(&u.authC, u.ip, t, u.proto, u.tls), t, trkAuth, "POST", "/signup", ua, tr)
	r.reqSize = int64(g.between(160, 420))
	if g.chance(0.06) {
		g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 422, int64(g.between(90, 160)), g.lat(180, 0.3), 0, false)
		return
	}
	t = g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 302, 0, g.lat(420, 0.3), 0, false).end.Add(g.ms(40, 250))
	r = g.req(g.use(&u.appC, u.ip, t, u.proto, u.tls), t, trkApp, "GET", "/auth/callback?code="+g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32)+"&state="+g.hex(24), ua, tr)
	t = g.proxied(r, trkRAppPublic, trkSWeb, trkPick(g, g.webPods), 302, 0, g.lat(70, 0.4), 0, false).end.Add(g.ms(40, 250))
	slug := trkPick(g, trkOrgs) + trkPick(g, trkTeams) + "-" + strconv.Itoa(g.between(2, 99))
	u.ws = &trkWorkspace{id: g.between(100000, 140000), slug: slug}
	end, ok := g.appPage(u, t, "/w/"+slug+"/onboarding", true, tr)
	if !ok {
		return
	}
	t = end.Add(g.ms(20_000, 120_000))
	t = g.parallel(u, t, []trkCall{{method: "POST", path: "/v1/workspaces/" + strconv.Itoa(u.ws.id) + "/projects", status: 201, size: g.size(2_400, 0.1), ms: 90, req: int64(g.between(80, 300))}}, tr)
	if g.chance(0.5) {
		g.parallel(u, t.Add(g.ms(10_000, 60_000)), []trkCall{{method: "POST", path: "/v1/workspaces/" + strconv.Itoa(u.ws.id) + "/invitations", status: 201, size: g.size(600, 0.2), ms: 140, req: int64(g.between(90, 600))}}, tr)
	}
}

func (g *trkGen) bots() {
	bots := [][2]string{
		{"66.249.66.", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.89 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{"66.249.66.", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{"40.77.167.", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"},
		{"54.36.148.", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"},
		{"20.171.207.", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"},
		{"185.191.171.", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"},
		{"173.252.83.", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
	}
	paths := []string{"/", "/pricing", "/features/boards", "/features/automations", "/features/reports", "/integrations/slack", "/integrations/github", "/integrations/jira", "/customers", "/changelog", "/security", "/robots.txt", "/sitemap.xml", "/blog", "/blog/async-standups", "/blog/kanban-vs-scrum", "/blog/okrs-that-work", "/blog/remote-sprint-planning", "/legal/terms", "/legal/privacy", "/about", "/careers"}
	g.arrivals(g.start.Add(-5*time.Second), g.end, func(time.Time) float64 { return 0.13 }, func(t time.Time) {
		b := trkPick(g, bots)
		c := g.newConn(b[0]+strconv.Itoa(g.between(1, 254)), t, trkPick(g, []string{"HTTP/1.1", "HTTP/2.0"}), 1)
		p := trkPick(g, paths)
		r := g.req(c, t, trkWWW, "GET", p, b[1], trkTr{})
		status, size := 200, g.size(48_000, 0.4)
		switch {
		case p == "/robots.txt":
			size = 214
		case p == "/sitemap.xml":
			size = g.size(21_000, 0.05)
		case g.chance(0.04):
			status, size = 304, 0
		case g.chance(0.01):
			status, size = 404, g.size(9_200, 0.05)
		}
		g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), status, size, g.lat(30, 0.6), 0, true)
	})
}

var trkProbes = []string{"/.env", "/.env", "/.git/config", "/wp-login.php", "/wp-admin/setup-config.php?step=1", "/xmlrpc.php", "/.aws/credentials", "/config.json", "/phpinfo.php", "/actuator/env", "/actuator/health", "/server-status", "/.DS_Store", "/backup.zip", "/admin/.env", "/api/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/owa/auth/logon.aspx", "/.well-known/security.txt", "/_profiler/phpinfo", "/debug/default/view?panel=config", "/graphql", "/swagger.json", "/api/v1/pods", "/console", "/login.action", "/hudson", "/.vscode/sftp.json", "/wp-content/plugins/wp-file-manager/readme.txt"}

func (g *trkGen) scanners() {
	uas := []string{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "Mozilla/5.0 zgrab/0.x", "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "l9explore/1.2.2", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0", "Mozilla/5.0 (l9scan/2.0.; +https://leakix.net)", "xfa1"}
	g.arrivals(g.start.Add(-time.Minute), g.end, func(time.Time) float64 { return 1.0 / 170 }, func(t time.Time) {
		ip, ua := g.publicIP(), trkPick(g, uas)
		host := trkPick(g, []string{g.lbIP, g.lbIP, trkWWW, trkApp, trkAPI, trkAdmin, trkHooks, trkStatus})
		var c *trkConn
		for n := g.between(3, 36); n > 0; n-- {
			cn := g.use(&c, ip, t, "HTTP/1.1", trkPick(g, []int{1, 4}))
			p := trkPick(g, trkProbes)
			r := g.req(cn, t, host, "GET", p, ua, trkTr{})
			if strings.HasSuffix(p, ".php") && g.chance(0.3) {
				r.method = "POST"
				r.reqSize = int64(g.between(20, 400))
			}
			switch host {
			case g.lbIP:
				g.local(r, "", 404, 19, g.us(30, 160))
			case trkWWW:
				g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), 404, g.size(9_200, 0.05), g.lat(14, 0.4), 0, true)
			case trkApp:
				fa, ok, inc := g.fwdAuth(t)
				if inc {
					r.tr = trkInc(trkFwdAuth)
				}
				if ok {
					g.local(r, trkRApp, 401, 0, fa+g.overhead())
				} else {
					g.local(r, trkRApp, 500, 0, fa+g.overhead())
				}
			case trkAPI:
				svc, addr := trkSAPI, trkPick(g, g.apiPods)
				g.proxied(r, trkRAPI, svc, addr, 404, 61, g.lat(3, 0.4), 0, false)
			case trkAdmin:
				g.local(r, trkRAdmin, 403, 9, g.us(40, 220))
			case trkHooks:
				if p := g.hookPick(t); p < 0 {
					g.local(r, "", 404, 19, g.us(30, 160))
				} else {
					g.proxied(r, trkRHooks, trkSHooks, g.hookAddrs[p], 404, 19, g.lat(1.5, 0.4), 0, false)
				}
			default:
				g.proxied(r, trkRStatusPage, trkSStatusPage, trkPick(g, g.statusPods), 404, 153, g.lat(2, 0.4), 0, false)
			}
			t = r.end.Add(g.ms(20, 1_500))
		}
	})
}

func (g *trkGen) pingdom() {
	probes := []string{"5.172.196.188", "13.232.220.164", "23.22.2.46", "43.229.84.12", "52.59.46.112", "85.195.116.134", "94.75.211.74"}
	ua := "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
	for k, check := range []string{trkWWW, trkAPI} {
		off := time.Duration(7+k*23) * time.Second
		for t := g.start.Add(-time.Minute + off); t.Before(g.end); t = t.Add(time.Minute + g.ms(-300, 300)) {
			c := g.newConn(trkPick(g, probes), t, "HTTP/1.1", 1)
			if check == trkWWW {
				r := g.req(c, t, trkWWW, "GET", "/", ua, trkTr{})
				g.proxied(r, trkRWWW, trkSWWW, trkPick(g, g.wwwPods), 200, g.size(52_000, 0.02), g.lat(30, 0.4), 0, false)
			} else {
				r := g.req(c, t, trkAPI, "GET", "/healthz", ua, trkTr{})
				g.proxied(r, trkRAPI, trkSAPI, trkPick(g, g.apiPods), 200, 15, g.lat(1.2, 0.4), 0, false)
			}
		}
	}
}

func (g *trkGen) statusPage() {
	var pollers []string
	for i := 0; i < 6; i++ {
		pollers = append(pollers, g.publicIP())
	}
	for i, ip := range pollers {
		ua := []string{"Go-http-client/2.0", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "python-httpx/0.27.2", "Better Stack Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "curl/8.4.0", "UptimeRobot/2.0"}[i]
		var c *trkConn
		every := time.Duration(g.between(1, 5)) * time.Minute
		for t := g.start.Add(-every).Add(g.ms(0, 59_000)); t.Before(g.end); t = t.Add(every + g.ms(-200, 200)) {
			cn := g.use(&c, ip, t, "HTTP/1.1", 1)
			r := g.req(cn, t, trkStatus, "GET", "/api/v2/summary.json", ua, trkTr{})
			g.proxied(r, trkRStatusPage, trkSStatusPage, trkPick(g, g.statusPods), 200, g.size(3_240, 0.01), g.lat(2, 0.4), 0, false)
		}
	}
	g.arrivals(g.start, g.end, func(time.Time) float64 { return 0.01 }, func(t time.Time) {
		c := g.newConn(g.publicIP(), t, "HTTP/2.0", 1)
		r := g.req(c, t, trkStatus, "GET", "/", trkPick(g, trkBrowsers), trkTr{})
		g.proxied(r, trkRStatusPage, trkSStatusPage, trkPick(g, g.statusPods), 200, g.size(22_400, 0.02), g.lat(3, 0.4), 0, false)
	})
}

func (g *trkGen) billingPortal() {
	g.arrivals(g.start.Add(-5*time.Second), g.end, func(t time.Time) float64 { return 0.045 * g.load(t) }, func(t time.Time) {
		u := &trkUser{ip: g.publicIP(), ua: trkPick(g, trkBrowsers), proto: "HTTP/2.0", tls: 1}
		var c *trkConn
		steps := []string{"/portal", "/invoices"}
		for n := g.between(0, 3); n > 0; n-- {
			steps = append(steps, "/invoices/INV-2024-"+strconv.Itoa(g.between(10000, 99999))+".pdf")
		}
		for _, p := range steps {
			cn := g.use(&c, u.ip, t, u.proto, u.tls)
			r := g.req(cn, t, trkBilling, "GET", p, u.ua, trkTr{})
			addr := trkPick(g, g.billing)
			d := g.lat(180, 0.5)
			size := g.size(24_000, 0.4)
			if strings.HasSuffix(p, ".pdf") {
				d, size = g.lat(520, 0.5), g.size(90_000, 0.6)
			}
			for _, f := range g.flaps {
				if addr == g.billing[1] && t.After(f.Add(-8*time.Second)) && t.Before(f.Add(20*time.Second)) {
					d *= 6
				}
			}
			t = g.proxied(r, trkRBilling, trkSBilling, addr, 200, size, d, 0, false).end.Add(time.Duration(g.lognormal(12, 0.8) * float64(time.Second)))
		}
	})
}

func (g *trkGen) admin() {
	offices := []string{"81.2.69.160", "81.2.69.161", "145.40.68.19"}
	g.arrivals(g.start.Add(-time.Minute), g.end, func(time.Time) float64 { return 1.0 / 240 }, func(t time.Time) {
		u := &trkUser{ip: trkPick(g, offices), ua: trkPick(g, trkBrowsers[:5]), proto: "HTTP/2.0", tls: 1}
		for n := g.between(2, 12); n > 0 && t.Before(g.end); n-- {
			var p string
			switch g.weighted(30, 25, 15, 15, 15) {
			case 0:
				p = "/workspaces/" + strconv.Itoa(trkPick(g, g.workspaces).id)
			case 1:
				p = "/users/" + strconv.Itoa(g.between(100000, 999999))
			case 2:
				p = "/jobs?queue=" + trkPick(g, []string{"exports", "emails", "webhooks", "search-index"}) + "&state=failed"
			case 3:
				p = "/flags"
			default:
				p = "/workspaces?q=" + trkPick(g, trkOrgs)
			}
			c := g.use(&u.appC, u.ip, t, u.proto, u.tls)
			r := g.req(c, t, trkAdmin, "GET", p, u.ua, trkTr{})
			if ok := g.protected(r, trkRAdmin, trkSAdmin, trkPick(g, g.adminPods), 200, g.size(22_000, 0.5), g.lat(110, 0.6)); !ok {
				t = r.end.Add(g.ms(3_000, 20_000))
				continue
			}
			t = r.end.Add(time.Duration(g.lognormal(25, 0.8) * float64(time.Second)))
		}
	})
}

// stuffing: the credential-stuffing run: each address posts /login every few seconds
// through the rate limit (average 5 a minute, burst 3, per client address).
func (g *trkGen) stuffing() {
	uas := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15",
	}
	tr := trkInc(trkStuff)
	n := g.between(55, 68)
	for i := 0; i < n; i++ {
		ip := g.publicIP()
		from := g.stuffFrom.Add(time.Duration(g.f()*g.f()*90) * time.Second)
		to := g.stuffTo.Add(-time.Duration(g.f()*60) * time.Second)
		tokens, last := 3.0, from
		var c *trkConn
		every := g.lognormal(5, 0.3)
		for t := from; t.Before(to); t = t.Add(time.Duration(g.lognormal(every, 0.35) * float64(time.Second))) {
			ua := trkPick(g, uas)
			if g.chance(0.3) {
				r := g.req(g.use(&c, ip, t, "HTTP/1.1", 1), t, trkAuth, "GET", "/login", ua, tr)
				t = g.proxied(r, trkRAuth, trkSAuth, trkPick(g, g.authPods), 200, g.size(14_500, 0.05), g.lat(25, 0.4), 0, true).end.Add(g.ms(80, 600))
			}
			tokens = math.Min(3, tokens+t.Sub(last).Seconds()*5.0/60)
			last = t
			r := g.req(g.use(&c, ip, t, "HTTP/1.1", 1), t, trkAuth, "POST", "/login", ua, tr)
			r.reqSize = int64(g.between(88, 150))
			if tokens < 1 {
				g.local(r, trkRLogin, 429, 17, g.us(40, 260))
				continue
			}
			tokens--
			if g.chance(0.004) {
				g.proxied(r, trkRLogin, trkSAuth, trkPick(g, g.authPods), 302, 0, g.lat(260, 0.25), g.us(20, 90), false)
				continue
			}
			g.proxied(r, trkRLogin, trkSAuth, trkPick(g, g.authPods), 401, 38, g.lat(240, 0.25), g.us(20, 90), false)
		}
	}
}

// ---- Traefik's own log

// trkZq quotes a string as zerolog does.
func trkZq(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (g *trkGen) tlog(at time.Time, tr trkTr, level string, kv []string, msg string) {
	var b strings.Builder
	b.WriteString(`{"level":"`)
	b.WriteString(level)
	b.WriteByte('"')
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(`,"`)
		b.WriteString(kv[i])
		b.WriteString(`":`)
		b.WriteString(trkZq(kv[i+1]))
	}
	b.WriteString(`,"time":"`)
	b.WriteString(at.UTC().Format(time.RFC3339))
	b.WriteByte('"')
	if msg != "" {
		b.WriteString(`,"message":`)
		b.WriteString(trkZq(msg))
	}
	b.WriteByte('}')
	g.logs = append(g.logs, trkOut{at, b.String(), tr})
}

// rebuild: what a pod logs when its providers rebuild the configuration.
func (g *trkGen) rebuild(p *trkPod, at time.Time, tr trkTr) {
	t := at.Add(g.ms(5, 260))
	g.tlog(t, tr, "error", []string{"providerName", "kubernetes", "ingress", "legacy-docs", "namespace", "marketing", "error", "secret marketing/legacy-docs-tls does not exist"}, "Error configuring TLS")
	if g.hookPick(at) < 0 {
		g.tlog(at.Add(g.ms(3, 240)), trkInc(trkCrash), "error", []string{"providerName", "kubernetescrd", "ingress", "webhooks", "namespace", "saas", "error", "subset not found for saas/webhooks-receiver"}, "Cannot create service")
	}
	g.tlog(t.Add(g.ms(40, 400)), tr, "error", []string{"entryPointName", "websecure", "routerName", "monitoring-grafana-1f8e4c2a7b9d0356e1c4@kubernetescrd", "error", "middleware \"monitoring-basic-auth@kubernetescrd\" does not exist"}, "")
}

func (g *trkGen) traefikLog() {
	for _, r := range g.refreshes {
		for _, p := range g.pods {
			if p.running(r) && r.After(p.up.Add(3*time.Second)) {
				g.rebuild(p, r, trkTr{})
			}
		}
	}
	tr := g.upgrade.tr()
	for _, p := range g.pods {
		if p.fresh {
			t := p.up
			step := func(kv []string, msg string) {
				t = t.Add(g.us(80, 3_000))
				g.tlog(t, tr, "info", kv, msg)
			}
			step([]string{"version", "3.1.6"}, "Traefik version 3.1.6 built on 2024-10-09T13:41:27Z")
			step(nil, "\nStats collection is disabled.\nHelp us improve Traefik by turning this feature on :)\nMore details on: https://doc.traefik.io/traefik/contributing/data-collection/\n")
			step(nil, "Starting provider aggregator *aggregator.ProviderAggregator")
			step(nil, "Starting provider *file.Provider")
			step(nil, "Starting provider *traefik.Provider")
			step(nil, "Starting provider *ingress.Provider")
			step([]string{"providerName", "kubernetes"}, "ingress label selector is: \"\"")
			step([]string{"providerName", "kubernetes"}, "Creating in-cluster Provider client")
			step(nil, "Starting provider *crd.Provider")
			step([]string{"providerName", "kubernetescrd"}, "label selector is: \"\"")
			step([]string{"providerName", "kubernetescrd"}, "Creating in-cluster Provider client")
			g.rebuild(p, t.Add(g.ms(400, 1_200)), tr)
		}
		if !p.term.IsZero() {
			t := p.term.Add(g.us(100, 2_000))
			g.tlog(t, tr, "info", []string{"signal", "terminated"}, "I have to go...")
			g.tlog(t.Add(g.us(20, 200)), tr, "info", nil, "Stopping server gracefully")
			for _, ep := range [][2]string{{"web", "8000"}, {"websecure", "8443"}, {"traefik", "9000"}, {"metrics", "9100"}} {
				t = t.Add(g.us(100, 2_500))
				g.tlog(t, tr, "error", []string{"entryPointName", ep[0], "error", "accept tcp [::]:" + ep[1] + ": use of closed network connection"}, "")
			}
			t = p.term.Add(10*time.Second + g.ms(40, 90))
			g.tlog(t, tr, "info", nil, "Server stopped")
			g.tlog(t.Add(g.us(50, 400)), tr, "info", nil, "Shutting down")
		}
	}
	// The billing VM missing a health check: each pod's own 10 s ticker sees it.
	for _, f := range g.flaps {
		target := "http://" + g.billing[1] + "/healthz"
		back := f.Add(g.ms(15_000, 30_000))
		for _, p := range g.pods {
			if !p.running(f) {
				continue
			}
			off := g.ms(0, 10_000)
			g.tlog(f.Add(off), trkTr{}, "warn", []string{"serviceName", trkSBilling, "targetURL", target, "error", "HTTP request failed: Get \"" + target + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"}, "Health check failed.")
			g.tlog(back.Add(off), trkTr{}, "info", []string{"serviceName", trkSBilling, "targetURL", target}, "Health check up.")
		}
	}
}

// ---- everything

func (g *trkGen) traffic() {
	// Browser sessions from well before, so that the log opens on sessions under way.
	g.arrivals(g.start.Add(-100*time.Minute), g.end, func(t time.Time) float64 { return 0.097 * g.load(t) }, func(t time.Time) { g.webSession(t, trkTr{}) })
	g.arrivals(g.start.Add(-10*time.Minute), g.end, func(t time.Time) float64 { return 0.1 * g.load(t) }, func(t time.Time) { g.appSession(t) })
	g.arrivals(g.start.Add(-10*time.Minute), g.end, func(t time.Time) float64 { return 0.13 * g.load(t) }, func(t time.Time) { g.visitor(t, trkTr{}) })
	g.arrivals(g.surge.start, g.end, func(t time.Time) float64 {
		m := t.Sub(g.surge.start).Minutes()
		if m < 7 {
			return 1.1 * m / 7
		}
		return 1.1 * math.Exp(-(m-7)/30)
	}, func(t time.Time) { g.visitor(t, g.surge.tr()) })
	g.integrations()
	g.webhooks()
	g.static()
	g.bots()
	g.scanners()
	g.pingdom()
	g.statusPage()
	g.billingPortal()
	g.admin()
	g.stuffing()
	g.traefikLog()
}

// trkJSON writes an access log line as logrus' JSON formatter does (encoding/json with
// HTML escaping).
type trkJSON struct{ b strings.Builder }

func (w *trkJSON) key(k string) {
	if w.b.Len() == 0 {
		w.b.WriteByte('{')
	} else {
		w.b.WriteByte(',')
	}
	w.b.WriteByte('"')
	w.b.WriteString(k)
	w.b.WriteString(`":`)
}

func (w *trkJSON) s(k, v string) {
	w.key(k)
	w.b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '"':
			w.b.WriteString(`\"`)
		case '\\':
			w.b.WriteString(`\\`)
		case '<':
			w.b.WriteString(`\u003c`)
		case '>':
			w.b.WriteString(`\u003e`)
		case '&':
			w.b.WriteString(`\u0026`)
		default:
			w.b.WriteRune(r)
		}
	}
	w.b.WriteByte('"')
}

func (w *trkJSON) n(k string, v int64) {
	w.key(k)
	w.b.WriteString(strconv.FormatInt(v, 10))
}

var trkCiphers = []string{"", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}

func (r *trkReq) text() string {
	var w trkJSON
	w.s("ClientAddr", r.ip+":"+strconv.Itoa(r.port))
	w.s("ClientHost", r.ip)
	w.s("ClientPort", strconv.Itoa(r.port))
	w.s("ClientUsername", "-")
	w.n("DownstreamContentSize", r.size)
	w.n("DownstreamStatus", int64(r.status))
	d := r.end.Sub(r.start)
	w.n("Duration", int64(d))
	if r.origin {
		od := min(r.oDur, d)
		w.n("OriginContentSize", r.oSize)
		w.n("OriginDuration", int64(od))
		w.n("OriginStatus", int64(r.oStatus))
		w.n("Overhead", int64(d-od))
	} else {
		w.n("Overhead", int64(d))
	}
	w.s("RequestAddr", r.host)
	w.n("RequestContentSize", r.reqSize)
	w.n("RequestCount", r.count)
	w.s("RequestHost", r.host)
	w.s("RequestMethod", r.method)
	w.s("RequestPath", r.path)
	w.s("RequestPort", "-")
	w.s("RequestProtocol", r.proto)
	w.s("RequestScheme", "https")
	w.n("RetryAttempts", 0)
	if r.router != "" {
		w.s("RouterName", r.router)
	}
	if r.origin && r.addr != "" {
		w.s("ServiceAddr", r.addr)
	}
	if r.origin && r.service != "" {
		w.s("ServiceName", r.service)
	}
	if r.origin && r.addr != "" {
		w.s("ServiceURL", "http://"+r.addr)
	}
	st := r.start.UTC().Format(time.RFC3339Nano)
	w.s("StartLocal", st)
	w.s("StartUTC", st)
	if r.tls > 0 {
		w.s("TLSCipher", trkCiphers[r.tls])
		if r.tls == 4 {
			w.s("TLSVersion", "1.2")
		} else {
			w.s("TLSVersion", "1.3")
		}
	}
	w.s("entryPointName", "websecure")
	w.s("level", "info")
	w.s("msg", "")
	if r.ua != "" {
		w.s("request_User-Agent", r.ua)
	}
	if r.rid != "" {
		w.s("request_X-Request-Id", r.rid)
	}
	w.s("time", r.end.UTC().Format(time.RFC3339))
	w.b.WriteByte('}')
	return w.b.String()
}

func (g *trkGen) render() []Line {
	reqs := g.reqs
	slices.SortStableFunc(reqs, func(a, b *trkReq) int { return a.start.Compare(b.start) })
	var out []Line
	for _, r := range reqs {
		r.pod.count++
		r.count = r.pod.count
		if r.pod.fresh && r.start.Before(g.freshUntil) && r.tr.incident == "" && r.tr.change == "" {
			r.tr = g.upgrade.tr()
		}
		if r.end.Before(g.start) || r.end.After(g.end) {
			continue
		}
		out = append(out, Line{At: r.end, Text: r.text(), Incident: r.tr.incident, Change: r.tr.change, ChangeStart: r.tr.start})
	}
	for _, l := range g.logs {
		if l.at.Before(g.start) || l.at.After(g.end) {
			continue
		}
		out = append(out, Line{At: l.at, Text: l.text, Incident: l.tr.incident, Change: l.tr.change, ChangeStart: l.tr.start})
	}
	slices.SortStableFunc(out, func(a, b Line) int { return a.At.Compare(b.At) })
	return out
}
