package families

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// ingressNginx is the Kubernetes ingress-nginx controller (chart-installed, controller
// v1.11.2, nginx 1.25.5, three replicas behind a cloud TCP load balancer with the PROXY
// protocol) in front of a B2B SaaS project-management product: app.acmecloud.io (the web
// app, a single-page app served by a Node server, and its /realtime websocket),
// api.acmecloud.io (the REST API, proxy-read-timeout 15 s, used by the web app and by
// customers' integrations and SDKs; from 0:12 also /v2 for the v2 beta),
// auth.acmecloud.io (login, OAuth and OIDC), uploads.acmecloud.io (files: large
// multipart uploads and downloads, proxy-body-size 100m, proxy-buffering on),
// docs.acmecloud.io (the documentation site) and status.acmecloud.io (the public status
// page, polled by widgets on customers' dashboards). Upstream names are the controller's
// namespace-service-port (prod-api-8080, statuspage-status-page-80, ...); requests for
// no known host go to the default server (upstream-default-backend, 127.0.0.1:8181).
// The three controller pods' container logs are interleaved as a node log collector reads
// them from /var/log/containers, each line in the CRI log format (runtime timestamp,
// stream, F). nginx writes the access log on stdout in ingress-nginx's default
// upstreaminfo format, several upstream attempts comma-separated when nginx retried
// another endpoint, `-` when no upstream was reached:
//
//	2024-10-15T08:00:03.412345678Z stdout F 84.201.17.33 - - [15/Oct/2024:08:00:03 +0000] "GET /v1/projects/48213/tasks?status=open&page=1 HTTP/1.1" 200 9120 "https://app.acmecloud.io/projects/48213/board" "Mozilla/5.0 (...)" 812 0.061 [prod-api-8080] [] 10.244.2.17:8080 9120 0.060 200 3f9c0a...
//
// On stderr: nginx's error log at the chart's default level (notice: every reload's
// master and worker lines), e.g.
//
//	2024-10-15T08:24:51.002345678Z stderr F 2024/10/15 08:24:51 [error] 4412#4412: *1482113 upstream timed out (110: Operation timed out) while reading response header from upstream, client: 84.201.17.33, server: api.acmecloud.io, request: "GET /v1/tasks/99120 HTTP/1.1", upstream: "http://10.244.3.41:8080/v1/tasks/99120", host: "api.acmecloud.io"
//
// and the controller's klog lines (pid 7 in every container):
//
//	2024-10-15T08:12:31.482913522Z stderr F I1015 08:12:31.482913       7 controller.go:193] "Configuration changes detected, backend reload required"
//
// Normal operation, about 13 lines a second at 08:00 rising to about 19 by 11:00:
// customers' browsers load the app (index, asset bundle, often 304), call the API (task
// lists, notification polling, task edits, comments, search, CSV exports) and keep a
// websocket open for minutes; integrations and SDKs call the API with OAuth tokens
// fetched from auth (some 401, 429, 499); a customer's sync agent (acme-sync 4.2.9)
// uploads 64 MiB parts and browsers upload documents (each upload buffered to a
// temporary file, a [warn] line), downloads large enough are buffered too; docs traffic
// with search-engine and SEO crawlers; status widgets polling summary.json; Pingdom,
// UptimeRobot and Datadog synthetics every minute or so; scanners probing the load
// balancer's address (default server 404), sending TLS to port 80 (400) and an
// occasional SSL_do_handshake() "bad key share" [crit]; plain-HTTP clients redirected
// (308); rarely an upstream closing a connection (502 retried on another endpoint).
// Every half hour or so cert-manager's HTTP-01 solver Ingress comes and goes (two reloads
// on every pod, Let's Encrypt's validation requests); every sync warns about a preview
// Service that has no endpoints.
//
// Benign changes:
//   - 0:12, a new Ingress prod/api-v2 routing api.acmecloud.io/v2 to the v2 API beta:
//     store and Sync lines, a reload on every pod, the leader's status update, then the
//     beta customers' /v2 traffic ramping up over 20 minutes and going on.
//   - 0:46, a rolling deploy of the web app: its three pods replaced one by one (no
//     reload, endpoints are updated dynamically); the requests that reached a pod just
//     as it stopped are refused and retried on another (connect() failed (111), upstream
//     status "502, 200"), and the new release's asset bundle (new file names) is fetched
//     by every browser that loads the app from then on.
//   - 1:08, a canary Ingress prod/api-canary (canary-weight 10; 50 from 1:23; deleted at
//     1:41): reloads, and the requests routed to the canary
//     ([prod-api-8080] [prod-api-canary-8080]).
//   - 2:02, an onboarding webinar: new visitors sign up and set up workspaces on app,
//     auth and api for half an hour, peaking after six minutes.
//   - 2:45, the controller upgraded to v1.11.3 by helm: a new pod started (banner,
//     start-up, initial sync and reload), the old one shut down (SIGTERM, nginx quit),
//     three times; the leader lease moves.
//
// Incidents:
//   - 0:24 for about 12 minutes, one API pod (10.244.3.41) hangs on its database pool:
//     for two minutes its requests take seconds, then most wait out proxy-read-timeout:
//     "upstream timed out" errors, GETs retried on another endpoint (200 after 15 s,
//     upstream status "504, 200"), writes answered 504, impatient SDKs giving up (499);
//     it ends when the on-call deletes the pod (the requests waiting on it get
//     "upstream prematurely closed connection") and a new pod takes its place.
//   - 0:58 for about 6 minutes, both status-page pods evicted by a node drain (no
//     PodDisruptionBudget) while their replacements pull their image: every
//     status.acmecloud.io request answered 503 with no upstream, and each controller's
//     sync warns that Service "statuspage/status-page" has no active Endpoint.
//   - 1:33 for about 19 minutes, a customer's sync agent upgraded to acme-sync 4.3.0,
//     which sends 128 MiB parts, over proxy-body-size: each part is refused with 413
//     ("client intended to send too large body") and retried with backoff, four
//     uploads at a time, until the customer rolls the agent back.
//   - 2:22 for about 12 minutes, a configuration-snippet with a typo (more_set_header)
//     added to the web app's Ingress with the admission webhook disabled: every pod's
//     reload fails ("Unexpected failure reloading the backend", nginx: [emerg] unknown
//     directive, test failed, requeuing, Warning RELOAD "Error reloading NGINX") and is
//     retried with backoff while traffic goes on with the old configuration, until the
//     annotation is fixed and the reload succeeds.
var ingressNginx = Family{
	Name:    "ingress-nginx",
	Role:    Tuning,
	Service: "Kubernetes ingress-nginx controller v1.11 (nginx 1.25), three pods' container logs interleaved in CRI log format: the default upstreaminfo access log on stdout, the nginx error log and the controller's klog lines on stderr",
	Lines:   ingressNginxLines,
}

const (
	ngxIncSlowPod   = "api pod 10.244.3.41 hanging on its database pool: its requests slow, then timing out after 15 s (upstream timed out), GETs retried on another endpoint, writes answered 504, until the pod is deleted"
	ngxIncNoEps     = "status page Service without endpoints after both pods were evicted by a node drain: every status.acmecloud.io request answered 503, controller warnings that the Service has no active Endpoint"
	ngxIncTooLarge  = "a customer's sync agent upgraded to 128 MiB upload parts, over proxy-body-size 100m: bursts of 413 Request Entity Too Large (client intended to send too large body)"
	ngxIncBadReload = "configuration-snippet with a typo on the web app Ingress: every controller pod's nginx reload failing (unknown directive more_set_header, test failed) and requeued with backoff until the annotation is fixed"

	ngxChgV2      = "new Ingress prod/api-v2 routing api.acmecloud.io/v2 to the v2 API beta: reloads and beta traffic"
	ngxChgDeploy  = "rolling deploy of the web app: pods replaced one by one, requests retried during pod turnover, the new asset bundle"
	ngxChgCanary  = "canary Ingress prod/api-canary at canary-weight 10, then 50, then deleted: reloads and canary-routed API requests"
	ngxChgSurge   = "onboarding webinar: signups and first sessions surging on app, auth and api"
	ngxChgUpgrade = "ingress-nginx controller upgraded from v1.11.2 to v1.11.3 by helm: controller pods replaced one at a time"
)

const (
	ngxLocal   = "02/Jan/2006:15:04:05 -0700"
	ngxErrTime = "2006/01/02 15:04:05"
	ngxDashes  = "-------------------------------------------------------------------------------"
	ngxLBIP    = "34.117.48.203"
	ngxPreview = `Service "prod/report-worker-preview" does not have any active Endpoint.`
)

// ngxTag is the ground truth a line carries.
type ngxTag struct {
	inc, chg string
	cs       time.Time
}

type ngxWorkers struct {
	at   time.Time
	pids []int
}

// ngxPod is one controller pod: its nginx master, worker generations (one per reload)
// and connection counter.
type ngxPod struct {
	name, uid  string
	from, to   time.Time // in the load balancer's rotation
	master     int
	next       int // next pid
	gens       []ngxWorkers
	connOrigin time.Time
}

func (p *ngxPod) workers(t time.Time) []int {
	w := p.gens[0].pids
	for _, g := range p.gens {
		if g.at.After(t) {
			break
		}
		w = g.pids
	}
	return w
}

type ngxTry struct {
	addr string
	n    int
	secs float64
	st   int
}

// ngxReq is one request as nginx logs it.
type ngxReq struct {
	tag                             ngxTag
	at                              time.Time // when it began
	ip, method, path, host, ref, ua string
	proto                           string
	status, size, reqLen            int
	secs                            float64
	up, alt                         string
	tries                           []ngxTry
	pod                             *ngxPod
	pid                             int
	conn                            int64
}

type ngxUser struct {
	ip, ua  string
	project int
}

type ngx struct {
	r          *rand.Rand
	start, end time.Time
	out        []Line
	pods       []*ngxPod
	leader     *ngxPod
	rv         int
	uids       map[string]string
	users      []ngxUser
	servers    []string
	agentIPs   []string

	v2, deploy, canary, surge, upgrade ngxTag
	webAdd, webDel                     [3]time.Time
	canary50, canaryOff                time.Time
	aStart, aHang, aKill, aNew         time.Time
	bStart, bEnd                       time.Time
	cStart, cEnd                       time.Time
	dStart, dEnd                       time.Time
}

var (
	ngxAPIEps    = []string{"10.244.1.23:8080", "10.244.2.17:8080", "10.244.3.41:8080", "10.244.0.52:8080"}
	ngxAPINew    = "10.244.3.66:8080"
	ngxCanaryEps = []string{"10.244.4.31:8080", "10.244.2.88:8080"}
	ngxV2Eps     = []string{"10.244.3.52:8080", "10.244.1.95:8080"}
	ngxWebOld    = []string{"10.244.1.40:3000", "10.244.2.35:3000", "10.244.0.61:3000"}
	ngxWebNew    = []string{"10.244.1.77:3000", "10.244.3.12:3000", "10.244.2.90:3000"}
	ngxAuthEps   = []string{"10.244.0.18:8080", "10.244.2.44:8080"}
	ngxFileEps   = []string{"10.244.1.56:8080", "10.244.3.27:8080"}
	ngxRTEps     = []string{"10.244.0.73:8081", "10.244.1.81:8081"}
	ngxDocsEps   = []string{"10.244.2.12:80", "10.244.0.29:80"}
	ngxStatusOld = []string{"10.244.3.19:80", "10.244.1.64:80"}
	ngxStatusNew = []string{"10.244.2.57:80", "10.244.0.95:80"}

	ngxIngresses = []string{"prod/webapp", "prod/api", "prod/api-v2", "prod/auth", "prod/files", "prod/realtime", "docs/docs-site", "statuspage/status-page"}

	ngxBrowsers = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
	}
	ngxSDKs = []string{
		"acme-python/2.8.1 python/3.11.9", "acme-node/1.14.0 node/20.11.1", "Go-http-client/2.0",
		"axios/1.7.2", "Zapier", "okhttp/4.12.0", "acme-python/2.7.4 python/3.9.18", "PostmanRuntime/7.42.0",
		"Apache-HttpClient/5.2.1 (Java/17.0.9)",
	}
	ngxCrawlers = []string{
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
		"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
		"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
		"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
		"Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)",
	}
	ngxScanners = []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "Mozilla/5.0 zgrab/0.x",
		"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "l9explore/1.2.2",
		"Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com",
	}
	ngxProbes = []string{"/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpinfo.php", "/admin/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		"/actuator/env", "/.aws/credentials", "/config.json", "/server-status", "/owa/auth/logon.aspx", "/cgi-bin/luci/;stok=/locale", "/boaform/admin/formLogin",
		"/solr/admin/info/system?wt=json", "/api/v1/pods", "/.DS_Store", "/backup.zip", "/wp-content/plugins/wp-file-manager/readme.txt", "/_profiler/phpinfo"}
)

// ---- helpers ----

func (h *ngx) ms(lo, hi int) time.Duration {
	return time.Duration(int64(lo)*1e6 + h.r.Int64N(int64(hi-lo)*1e6+1))
}

func (h *ngx) us(lo, hi int) time.Duration {
	return time.Duration(int64(lo)*1e3 + h.r.Int64N(int64(hi-lo)*1e3+1))
}

func ngxSecs(s float64) time.Duration { return time.Duration(s * 1e9) }

func (h *ngx) logn(median, sigma float64) float64 { return median * math.Exp(sigma*h.r.NormFloat64()) }

func (h *ngx) chance(p float64) bool { return h.r.Float64() < p }

func (h *ngx) between(lo, hi int) int { return lo + h.r.IntN(hi-lo+1) }

func ngxPick[T any](h *ngx, xs []T) T { return xs[h.r.IntN(len(xs))] }

func (h *ngx) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[h.r.IntN(16)]
	}
	return string(b)
}

func (h *ngx) alnum(n int) string {
	const digits = "bcdfghjklmnpqrstvwxz2456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[h.r.IntN(len(digits))]
	}
	return string(b)
}

func (h *ngx) uuid() string {
	x := h.hex(32)
	return x[:8] + "-" + x[8:12] + "-4" + x[13:16] + "-a" + x[17:20] + "-" + x[20:]
}

var ngxOctets = []int{23, 31, 34, 37, 45, 52, 62, 77, 78, 81, 84, 87, 89, 91, 94, 104, 109, 141, 145, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217}

func (h *ngx) publicIP() string {
	return fmt.Sprintf("%d.%d.%d.%d", ngxPick(h, ngxOctets), h.between(1, 254), h.between(0, 255), h.between(1, 254))
}

// arrivals calls fn at the times of a Poisson process of the given rate (per second,
// at most max).
func (h *ngx) arrivals(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	t := from
	for {
		t = t.Add(ngxSecs(h.r.ExpFloat64() / max))
		if !t.Before(to) {
			return
		}
		if h.r.Float64()*max < rate(t) {
			fn(t)
		}
	}
}

// every calls fn every period with some jitter.
func (h *ngx) every(from, to time.Time, period time.Duration, jitterMs int, fn func(time.Time)) {
	for t := from; t.Before(to); t = t.Add(period) {
		fn(t.Add(h.ms(0, jitterMs)))
	}
}

func (h *ngx) load(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return 0.8 + 0.35*m/180 + 0.06*math.Sin(m/9)
}

func (h *ngx) emit(tag ngxTag, at time.Time, stream, text string) {
	h.out = append(h.out, Line{At: at, Text: at.UTC().Format("2006-01-02T15:04:05.000000000Z") + " " + stream + " F " + text,
		Incident: tag.inc, Change: tag.chg, ChangeStart: tag.cs})
}

func (h *ngx) klog(tag ngxTag, at time.Time, lvl byte, src, msg string) {
	h.emit(tag, at, "stderr", fmt.Sprintf("%c%s %7d %s] %s", lvl, at.UTC().Format("0102 15:04:05.000000"), 7, src, msg))
}

// klogMulti writes a klog entry whose message goes on over several lines.
func (h *ngx) klogMulti(tag ngxTag, at time.Time, lvl byte, src, msg string, more []string) time.Time {
	h.klog(tag, at, lvl, src, msg)
	for _, m := range more {
		at = at.Add(h.us(1, 9))
		h.emit(tag, at, "stderr", m)
	}
	return at
}

func (h *ngx) nlog(tag ngxTag, at time.Time, lvl string, pid int, conn int64, msg string) {
	c := ""
	if conn > 0 {
		c = fmt.Sprintf("*%d ", conn)
	}
	h.emit(tag, at, "stderr", fmt.Sprintf("%s [%s] %d#%d: %s%s", at.UTC().Format(ngxErrTime), lvl, pid, pid, c, msg))
}

func (h *ngx) uid(key string) string {
	if u, ok := h.uids[key]; ok {
		return u
	}
	u := h.uuid()
	h.uids[key] = u
	return u
}

func (h *ngx) event(kind, key, api, typ, reason, msg string) string {
	ns, name, _ := strings.Cut(key, "/")
	h.rv += h.between(3, 400)
	return fmt.Sprintf(`Event(v1.ObjectReference{Kind:%q, Namespace:%q, Name:%q, UID:%q, APIVersion:%q, ResourceVersion:%q, FieldPath:""}): type: '%s' reason: '%s' %s`,
		kind, ns, name, h.uid(kind+key), api, fmt.Sprint(h.rv), typ, reason, msg)
}

func (h *ngx) alive(t time.Time) []*ngxPod {
	var out []*ngxPod
	for _, p := range h.pods {
		if !t.Before(p.from) && t.Before(p.to) {
			out = append(out, p)
		}
	}
	return out
}

// ---- requests ----

func (h *ngx) bind(q *ngxReq) {
	if q.pod != nil {
		return
	}
	ps := h.alive(q.at)
	if len(ps) == 0 {
		ps = h.pods[:1]
	}
	q.pod = ngxPick(h, ps)
	q.pid = ngxPick(h, q.pod.workers(q.at))
	q.conn = 1 + int64(q.at.Sub(q.pod.connOrigin).Seconds()*2.7) + h.r.Int64N(25)
}

func (h *ngx) access(q *ngxReq) {
	h.bind(q)
	end := q.at.Add(ngxSecs(q.secs))
	addr, n, s, st := "-", "-", "-", "-"
	if len(q.tries) > 0 {
		var a, b, c, d []string
		for _, t := range q.tries {
			a = append(a, t.addr)
			b = append(b, fmt.Sprint(t.n))
			c = append(c, fmt.Sprintf("%.3f", t.secs))
			d = append(d, fmt.Sprint(t.st))
		}
		addr, n, s, st = strings.Join(a, ", "), strings.Join(b, ", "), strings.Join(c, ", "), strings.Join(d, ", ")
	}
	proto := q.proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	req := q.method + " " + q.path + " " + proto
	if q.method == "" {
		req = q.path
	}
	if q.ref == "" {
		q.ref = "-"
	}
	if q.reqLen > 9000 && (q.method == "POST" || q.method == "PUT" || q.method == "PATCH") && q.status != 413 {
		n := h.between(1, 99_999_999)
		h.rerr(q, q.at.Add(h.ms(1, 30)), "warn", fmt.Sprintf("a client request body is buffered to a temporary file /tmp/nginx/client-body/%010d", n), "")
	}
	h.emit(q.tag, end, "stdout", fmt.Sprintf(`%s - - [%s] "%s" %d %d "%s" "%s" %d %.3f [%s] [%s] %s %s %s %s %s`,
		q.ip, end.UTC().Format(ngxLocal), req, q.status, q.size, q.ref, q.ua, q.reqLen, q.secs, q.up, q.alt, addr, n, s, st, h.hex(32)))
}

// rerr writes an error-log line about a request.
func (h *ngx) rerr(q *ngxReq, at time.Time, lvl, msg, upstream string) {
	h.bind(q)
	s := fmt.Sprintf(`%s, client: %s, server: %s, request: "%s %s HTTP/1.1"`, msg, q.ip, q.host, q.method, q.path)
	if upstream != "" {
		s += fmt.Sprintf(`, upstream: "http://%s%s"`, upstream, q.path)
	}
	s += fmt.Sprintf(`, host: "%s"`, q.host)
	if q.ref != "" && q.ref != "-" {
		s += fmt.Sprintf(`, referrer: "%s"`, q.ref)
	}
	h.nlog(q.tag, at, lvl, q.pid, q.conn, s)
}

func (h *ngx) reqLen(q *ngxReq, body int) int {
	n := 330 + len(q.path) + len(q.ua) + len(q.ref) + h.between(0, 420)
	if q.ref == "-" {
		n -= 1
	}
	return n + body
}

// proxied completes a request answered by one upstream endpoint.
func (h *ngx) proxied(q *ngxReq, ep string, upSecs float64, status, size, body int) {
	q.status, q.size = status, size
	if q.reqLen == 0 {
		q.reqLen = h.reqLen(q, body)
	}
	q.tries = append(q.tries, ngxTry{ep, size, upSecs, status})
	q.secs = upSecs + float64(h.r.IntN(3))/1000
	for _, t := range q.tries[:len(q.tries)-1] {
		q.secs += t.secs
	}
	h.access(q)
}

func (h *ngx) local(q *ngxReq, status, size int, secs float64) {
	q.status, q.size, q.secs = status, size, secs
	if q.reqLen == 0 {
		q.reqLen = h.reqLen(q, 0)
	}
	h.access(q)
}

// ---- the controller ----

func (h *ngx) newPod(name string, from time.Time, master, next int, origin time.Time) *ngxPod {
	p := &ngxPod{name: name, uid: h.uuid(), from: from, to: h.end.Add(time.Hour), master: master, next: next, connOrigin: origin}
	var w []int
	for range 4 {
		w = append(w, p.next)
		p.next++
	}
	p.gens = []ngxWorkers{{from.Add(-time.Hour), w}}
	h.pods = append(h.pods, p)
	return p
}

// nginxReload: the controller has nginx reload its configuration: new workers, the old
// ones finishing their requests (websockets hold some of them for minutes).
func (h *ngx) nginxReload(p *ngxPod, tag ngxTag, at time.Time) {
	p.next++ // nginx -t
	sig := p.next
	p.next++
	old := p.workers(at)
	var neu []int
	for range 4 {
		neu = append(neu, p.next)
		p.next++
	}
	p.gens = append(p.gens, ngxWorkers{at.Add(2 * time.Millisecond), neu})
	t := at
	nl := func(pid int, msg string) {
		t = t.Add(h.us(5, 120))
		h.nlog(tag, t, "notice", pid, 0, msg)
	}
	nl(sig, "signal process started")
	nl(p.master, fmt.Sprintf("signal 1 (SIGHUP) received from %d, reconfiguring", sig))
	nl(p.master, "reconfiguring")
	nl(p.master, `using the "epoll" event method`)
	nl(p.master, "start worker processes")
	for _, w := range neu {
		nl(p.master, fmt.Sprintf("start worker process %d", w))
	}
	for _, w := range old {
		nl(w, "gracefully shutting down")
	}
	for i, w := range old {
		e := t.Add(h.ms(3, 600))
		if i >= 2 && h.chance(0.6) { // websockets keep it until worker-shutdown-timeout
			e = t.Add(h.ms(20_000, 240_000))
		}
		h.nlog(tag, e, "notice", w, 0, "exiting")
		h.nlog(tag, e.Add(h.us(10, 200)), "notice", w, 0, "exit")
		e = e.Add(h.us(300, 2000))
		h.nlog(tag, e, "notice", p.master, 0, fmt.Sprintf("signal 17 (SIGCHLD) received from %d", w))
		h.nlog(tag, e.Add(h.us(5, 40)), "notice", p.master, 0, fmt.Sprintf("worker process %d exited with code 0", w))
		h.nlog(tag, e.Add(h.us(50, 90)), "notice", p.master, 0, "signal 29 (SIGIO) received")
	}
}

// reloadOK: one pod's sync pass that needs a reload, and the reload.
func (h *ngx) reloadOK(p *ngxPod, tag ngxTag, t time.Time) time.Time {
	h.klog(ngxTag{}, t, 'W', "controller.go:1216", ngxPreview) // a standing warning, whatever the sync
	t = t.Add(h.ms(2, 30))
	h.klog(tag, t, 'I', "controller.go:193", `"Configuration changes detected, backend reload required"`)
	h.nginxReload(p, tag, t.Add(h.ms(150, 400)))
	t = t.Add(h.ms(550, 1100))
	h.klog(tag, t, 'I', "controller.go:213", `"Backend successfully reloaded"`)
	h.klog(tag, t.Add(h.us(40, 200)), 'I', "event.go:364", h.event("Pod", "ingress-nginx/"+p.name, "v1", "Normal", "RELOAD", "NGINX reload triggered due to a change in configuration"))
	return t
}

// sync: an Ingress added, updated or deleted; every pod syncs and reloads.
func (h *ngx) sync(tag ngxTag, at time.Time, key, kind string) {
	for _, p := range h.alive(at) {
		t := at.Add(h.ms(3, 250))
		if kind != "delete" {
			h.klog(tag, t, 'I', "store.go:440", fmt.Sprintf(`"Found valid IngressClass" ingress=%q ingressclass="nginx"`, key))
			h.klog(tag, t.Add(h.us(30, 300)), 'I', "event.go:364", h.event("Ingress", key, "networking.k8s.io/v1", "Normal", "Sync", "Scheduled for sync"))
		}
		t = h.reloadOK(p, tag, t.Add(h.ms(200, 2800)))
		if kind == "add" && p == h.leader {
			ns, name, _ := strings.Cut(key, "/")
			h.klog(tag, t.Add(h.ms(400, 9000)), 'I', "status.go:304", fmt.Sprintf(`"updating Ingress status" namespace=%q ingress=%q currentValue=null newValue=[{"ip":%q}]`, ns, name, ngxLBIP))
		}
	}
}

// solver: cert-manager's HTTP-01 solver for one host: its Ingress, Let's Encrypt's
// validation requests, its deletion.
func (h *ngx) solver(at time.Time, ns, host string) {
	var tag ngxTag
	name := "cm-acme-http-solver-" + h.alnum(5)
	key := ns + "/" + name
	h.sync(tag, at, key, "add")
	token := h.hex(20) + h.alnum(23)
	v := at.Add(h.ms(9000, 16000))
	for i := range h.between(3, 5) {
		q := &ngxReq{tag: tag, at: v.Add(time.Duration(i) * h.ms(50, 900)), ip: h.publicIP(), method: "GET", host: host,
			path: "/.well-known/acme-challenge/" + token, ref: "-", ua: "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)",
			up: ns + "-" + name + "-8089"}
		h.proxied(q, fmt.Sprintf("10.244.%d.%d:8089", h.between(0, 3), h.between(100, 250)), 0.001, 200, 87, 0)
	}
	h.sync(tag, v.Add(h.ms(12000, 30000)), key, "delete")
}

func ingressNginxLines(seed int64) []Line {
	start := time.Date(2024, 10, 15, 8, 0, 0, 0, time.UTC)
	h := &ngx{r: rand.New(rand.NewPCG(uint64(seed), 0x19c0ffee)), start: start, end: start.Add(Length), uids: map[string]string{}}
	h.rv = h.between(48_000_000, 49_000_000)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + h.ms(lo*1000, hi*1000))
	}
	h.v2 = ngxTag{chg: ngxChgV2, cs: at(12, 0, 50)}
	h.aStart = at(24, 0, 50)
	h.aHang = h.aStart.Add(h.ms(100_000, 150_000))
	h.aKill = at(36, 0, 50)
	h.aNew = h.aKill.Add(h.ms(35_000, 55_000))
	h.deploy = ngxTag{chg: ngxChgDeploy, cs: at(46, 0, 40)}
	t := h.deploy.cs.Add(h.ms(3000, 8000))
	for i := range 3 {
		h.webAdd[i] = t.Add(h.ms(15_000, 30_000)) // the new pod ready
		h.webDel[i] = h.webAdd[i].Add(h.ms(300, 2500))
		t = h.webDel[i].Add(h.ms(25_000, 70_000))
	}
	h.bStart = at(58, 0, 40)
	h.bEnd = h.bStart.Add(h.ms(330_000, 420_000))
	h.canary = ngxTag{chg: ngxChgCanary, cs: at(68, 0, 40)}
	h.canary50 = at(83, 0, 50)
	h.canaryOff = at(101, 0, 40)
	h.cStart = at(93, 0, 50)
	h.cEnd = h.cStart.Add(h.ms(1_080_000, 1_200_000))
	h.surge = ngxTag{chg: ngxChgSurge, cs: at(122, 0, 40)}
	h.dStart = at(142, 0, 40)
	h.dEnd = h.dStart.Add(h.ms(660_000, 760_000))
	h.upgrade = ngxTag{chg: ngxChgUpgrade, cs: at(165, 0, 40)}

	for range 3 {
		up := start.Add(-time.Duration(h.between(100, 140)) * time.Hour)
		h.newPod("ingress-nginx-controller-6c9d7f5b8-"+h.alnum(5), up, h.between(24, 30), h.between(2500, 9000), up)
	}
	h.leader = h.pods[1]
	for i := range 60 {
		h.users = append(h.users, ngxUser{ip: h.publicIP(), ua: ngxPick(h, ngxBrowsers), project: h.between(10_000, 99_999)})
		if i%3 == 0 { // colleagues behind one office address
			for range h.between(1, 6) {
				h.users = append(h.users, ngxUser{ip: h.users[i].ip, ua: ngxPick(h, ngxBrowsers), project: h.between(10_000, 99_999)})
			}
		}
	}
	for range 25 {
		h.servers = append(h.servers, h.publicIP())
	}
	h.agentIPs = []string{h.publicIP(), h.publicIP()}

	// The controller, in time order (pids are allocated as it goes).
	h.solver(at(4, 0, 100), "docs", "docs.acmecloud.io")
	h.sync(h.v2, h.v2.cs, "prod/api-v2", "add")
	h.sync(h.canary, h.canary.cs, "prod/api-canary", "add")
	h.solver(at(76, 0, 120), "statuspage", "status.acmecloud.io")
	h.sync(h.canary, h.canary50, "prod/api-canary", "update")
	h.sync(h.canary, h.canaryOff, "prod/api-canary", "delete")
	h.solver(at(116, 0, 120), "prod", "uploads.acmecloud.io")
	h.badReload()
	h.controllerUpgrade()
	for _, p := range h.pods {
		slices.SortStableFunc(p.gens, func(a, b ngxWorkers) int { return a.at.Compare(b.at) })
	}
	h.dynamicSyncs()

	// Traffic.
	from := start.Add(-time.Minute)
	h.arrivals(from, h.end, 12, func(t time.Time) float64 { return 7.2 * h.load(t) }, h.apiCall)
	h.arrivals(h.v2.cs.Add(5*time.Second), h.end, 2, func(t time.Time) float64 {
		return 1.3 * math.Min(1, t.Sub(h.v2.cs).Minutes()/20) * h.load(t)
	}, h.v2Call)
	h.arrivals(from, h.end, 7, func(t time.Time) float64 { return 3.6 * h.load(t) }, h.webCall)
	h.arrivals(start.Add(-40*time.Minute), h.end, 0.3, func(t time.Time) float64 { return 0.14 * h.load(t) }, h.websocket)
	h.arrivals(from, h.end, 2, func(t time.Time) float64 { return 1.0 * h.load(t) }, h.authCall)
	h.arrivals(start.Add(-5*time.Minute), h.end, 1, func(t time.Time) float64 { return 0.4 * h.load(t) }, h.fileCall)
	h.arrivals(from, h.end, 2, func(t time.Time) float64 { return 1.0 * h.load(t) }, h.docsCall)
	h.arrivals(from, h.end, 2.5, func(t time.Time) float64 { return 1.2 * h.load(t) }, h.statusCall)
	h.arrivals(from, h.end, 0.02, func(time.Time) float64 { return 0.012 }, h.scan)
	h.arrivals(from, h.end, 0.01, func(time.Time) float64 { return 0.005 }, h.badKeyShare)
	h.arrivals(from, h.end, 0.02, func(time.Time) float64 { return 0.01 }, h.tlsOnPort80)
	h.arrivals(from, h.end, 0.05, func(time.Time) float64 { return 0.035 }, h.redirect)
	h.monitors(from)
	h.agent(from)
	h.surgeTraffic()

	slices.SortStableFunc(h.out, func(a, b Line) int { return a.At.Compare(b.At) })
	out := h.out[:0]
	for _, l := range h.out {
		if !l.At.Before(start) && l.At.Before(h.end) {
			out = append(out, l)
		}
	}
	return out
}

// dynamicSyncs: the controller's sync passes that need no reload (endpoints changing
// anywhere in the cluster) each warn about the preview Service; during the node drain
// about the status page too.
func (h *ngx) dynamicSyncs() {
	for _, p := range h.pods {
		from := p.from
		if from.Before(h.start) {
			from = h.start.Add(-time.Minute)
		}
		h.arrivals(from, p.to, 0.02, func(time.Time) float64 { return 1.0 / 200 }, func(t time.Time) {
			h.klog(ngxTag{}, t, 'W', "controller.go:1216", ngxPreview)
		})
		if !p.from.After(h.bStart) && p.to.After(h.bEnd) {
			inc := ngxTag{inc: ngxIncNoEps}
			for t := h.bStart.Add(h.ms(300, 2500)); t.Before(h.bEnd); t = t.Add(h.ms(5_000, 55_000)) {
				h.klog(ngxTag{}, t, 'W', "controller.go:1216", ngxPreview)
				h.klog(inc, t.Add(h.us(5, 40)), 'W', "controller.go:1216", `Service "statuspage/status-page" does not have any active Endpoint.`)
			}
		}
	}
}

// badReload: the web app's Ingress gets a configuration-snippet nginx cannot parse;
// each pod's reload fails and is requeued with backoff until the fix.
func (h *ngx) badReload() {
	tag := ngxTag{inc: ngxIncBadReload}
	line := h.between(1100, 1300)
	for _, p := range h.alive(h.dStart) {
		t := h.dStart.Add(h.ms(3, 250))
		h.klog(tag, t, 'I', "store.go:440", `"Found valid IngressClass" ingress="prod/webapp" ingressclass="nginx"`)
		h.klog(tag, t.Add(h.us(30, 300)), 'I', "event.go:364", h.event("Ingress", "prod/webapp", "networking.k8s.io/v1", "Normal", "Sync", "Scheduled for sync"))
		t = t.Add(h.ms(200, 2800))
		for k := 0; t.Before(h.dEnd); k++ {
			h.failOnce(p, tag, t, line)
			d := time.Duration(5*float64(time.Millisecond)*math.Pow(2, float64(k))) + h.ms(0, 50)
			d = max(d, h.ms(3300, 3900))
			if d > 40*time.Second && h.chance(0.5) { // other events trigger a sync before the backoff ends
				d = h.ms(15_000, 40_000)
			}
			t = t.Add(d)
		}
	}
	h.sync(tag, h.dEnd, "prod/webapp", "update")
}

func (h *ngx) failOnce(p *ngxPod, tag ngxTag, t time.Time, line int) {
	h.klog(ngxTag{}, t, 'W', "controller.go:1216", ngxPreview)
	t = t.Add(h.ms(2, 30))
	h.klog(tag, t, 'I', "controller.go:193", `"Configuration changes detected, backend reload required"`)
	test := p.next
	p.next++
	cfg := fmt.Sprintf("/tmp/nginx/nginx-cfg%d", h.between(1_000_000_000, 4_200_000_000))
	t2 := t.Add(h.ms(120, 400))
	emerg := fmt.Sprintf(`unknown directive "more_set_header" in %s:%d`, cfg, line)
	body := []string{ngxDashes, "Error: exit status 1", fmt.Sprintf("%s [emerg] %d#%d: %s", t2.UTC().Format(ngxErrTime), test, test, emerg),
		"nginx: [emerg] " + emerg, "nginx: configuration file " + cfg + " test failed", ngxDashes}
	var ind []string
	for _, b := range body {
		ind = append(ind, "\t"+b)
	}
	e := h.klogMulti(tag, t2.Add(h.ms(5, 40)), 'E', "controller.go:205", "Unexpected failure reloading the backend:", body)
	e = h.klogMulti(tag, e.Add(h.us(20, 90)), 'E', "queue.go:131", `"requeuing" err=<`, append(ind, ` > key="prod/webapp"`))
	h.klogMulti(tag, e.Add(h.us(20, 90)), 'I', "event.go:364", h.event("Pod", "ingress-nginx/"+p.name, "v1", "Warning", "RELOAD", "Error reloading NGINX: "), body)
}

// controllerUpgrade: helm replaces the controller pods one at a time (a new pod first,
// maxSurge 1), each old one shutting down once its successor is ready.
func (h *ngx) controllerUpgrade() {
	tag := h.upgrade
	t := tag.cs.Add(h.ms(2000, 6000))
	old := slices.Clone(h.pods)
	for _, op := range old {
		np := h.newPod("ingress-nginx-controller-5f8b6d9c7-"+h.alnum(5), t, 26, 31, t)
		ready := h.startup(np, tag, t)
		np.from = ready
		ts := ready.Add(h.ms(800, 4000))
		h.shutdown(op, tag, ts)
		op.to = ts
		if op == h.leader {
			h.leader = h.pods[len(h.pods)-1]
			if len(h.pods) > 3 {
				h.leader = h.pods[3]
			}
			e := ts.Add(h.ms(1500, 4000))
			h.klog(tag, e, 'I', "leaderelection.go:260", "successfully acquired lease ingress-nginx/ingress-nginx-leader")
			for range h.alive(e) {
				h.klog(tag, e.Add(h.ms(1, 120)), 'I', "status.go:85", fmt.Sprintf(`"New leader elected" identity=%q`, h.leader.name))
			}
		}
		t = ts.Add(h.ms(3000, 9000))
	}
}

func (h *ngx) startup(p *ngxPod, tag ngxTag, t time.Time) time.Time {
	for _, s := range []string{ngxDashes, "NGINX Ingress controller", "  Release:       v1.11.3", "  Build:         0106de65cfccb74405a6dfa7d9daffc6f0a6ef1a",
		"  Repository:    https://github.com/kubernetes/ingress-nginx", "  nginx version: nginx/1.25.5", "", ngxDashes, ""} {
		t = t.Add(h.us(2, 20))
		if s != "" {
			h.emit(tag, t, "stdout", s)
		}
	}
	k := func(d time.Duration, lvl byte, src, msg string) {
		t = t.Add(d)
		h.klog(tag, t, lvl, src, msg)
	}
	k(h.ms(1, 4), 'W', "client_config.go:659", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.")
	k(h.us(50, 300), 'I', "main.go:205", `"Creating API client" host="https://10.96.0.1:443"`)
	k(h.ms(5, 40), 'I', "main.go:248", `"Running in Kubernetes cluster" major="1" minor="29" git="v1.29.8-gke.1211000" state="clean" commit="9dd1c5e8b1d3f4a0c7e2a6b2e3f9d1c0a4b7e8f2" platform="linux/amd64"`)
	k(h.ms(80, 300), 'I', "main.go:101", `"SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"`)
	k(h.ms(1, 10), 'I', "ssl.go:535", `"loading tls certificate" path="/usr/local/certificates/cert" key="/usr/local/certificates/key"`)
	k(h.ms(5, 30), 'I', "nginx.go:271", `"Starting NGINX Ingress controller"`)
	k(h.ms(5, 40), 'I', "event.go:364", h.event("ConfigMap", "ingress-nginx/ingress-nginx-controller", "v1", "Normal", "CREATE", "ConfigMap ingress-nginx/ingress-nginx-controller"))
	for _, key := range ngxIngresses {
		k(h.ms(1, 15), 'I', "store.go:440", fmt.Sprintf(`"Found valid IngressClass" ingress=%q ingressclass="nginx"`, key))
		k(h.us(30, 300), 'I', "event.go:364", h.event("Ingress", key, "networking.k8s.io/v1", "Normal", "Sync", "Scheduled for sync"))
	}
	k(h.ms(900, 1300), 'I', "nginx.go:317", `"Starting NGINX process"`)
	k(h.us(50, 300), 'I', "leaderelection.go:250", "attempting to acquire leader lease ingress-nginx/ingress-nginx-leader...")
	k(h.us(50, 400), 'I', "nginx.go:337", `"Starting validation webhook" address=":8443" certPath="/usr/local/certificates/cert" keyPath="/usr/local/certificates/key"`)
	n := func(msg string) {
		t = t.Add(h.us(10, 200))
		h.nlog(tag, t, "notice", p.master, 0, msg)
	}
	n(`using the "epoll" event method`)
	n("nginx/1.25.5")
	n("built by gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309) ")
	n("OS: Linux 6.1.100+")
	n("getrlimit(RLIMIT_NOFILE): 1048576:1048576")
	n("start worker processes")
	for _, w := range p.gens[0].pids {
		n(fmt.Sprintf("start worker process %d", w))
	}
	k(h.ms(3, 40), 'I', "status.go:85", fmt.Sprintf(`"New leader elected" identity=%q`, h.leader.name))
	k(h.ms(1, 20), 'W', "controller.go:1216", ngxPreview)
	t = h.reloadOK(p, tag, t.Add(h.ms(20, 80)))
	k(h.us(30, 200), 'I', "controller.go:224", `"Initial sync, sleeping for 1 second"`)
	return t.Add(h.ms(18_000, 28_000))
}

func (h *ngx) shutdown(p *ngxPod, tag ngxTag, t time.Time) {
	k := func(d time.Duration, lvl byte, src, msg string) {
		t = t.Add(d)
		h.klog(tag, t, lvl, src, msg)
	}
	k(0, 'I', "sigterm.go:36", `"Received SIGTERM, shutting down"`)
	k(h.us(20, 200), 'I', "nginx.go:393", `"Shutting down controller queues"`)
	k(h.us(20, 200), 'I', "nginx.go:401", `"Stopping admission controller"`)
	k(h.us(20, 200), 'E', "nginx.go:340", `"Error listening for TLS connections" err="http: Server closed"`)
	k(h.us(20, 200), 'I', "nginx.go:409", `"Stopping NGINX process"`)
	sig := p.next
	p.next++
	t = t.Add(h.ms(5, 30))
	h.nlog(tag, t, "notice", sig, 0, "signal process started")
	t = t.Add(h.us(50, 300))
	h.nlog(tag, t, "notice", p.master, 0, fmt.Sprintf("signal 3 (SIGQUIT) received from %d, shutting down", sig))
	ws := p.workers(t)
	for _, w := range ws {
		h.nlog(tag, t.Add(h.us(10, 300)), "notice", w, 0, "gracefully shutting down")
	}
	last := t
	for i, w := range ws {
		e := t.Add(h.ms(5, 900))
		if i >= 2 {
			e = t.Add(h.ms(2_000, 25_000))
		}
		h.nlog(tag, e, "notice", w, 0, "exiting")
		h.nlog(tag, e.Add(h.us(10, 200)), "notice", w, 0, "exit")
		e = e.Add(h.us(300, 2000))
		h.nlog(tag, e, "notice", p.master, 0, fmt.Sprintf("signal 17 (SIGCHLD) received from %d", w))
		h.nlog(tag, e.Add(h.us(5, 40)), "notice", p.master, 0, fmt.Sprintf("worker process %d exited with code 0", w))
		h.nlog(tag, e.Add(h.us(50, 90)), "notice", p.master, 0, "signal 29 (SIGIO) received")
		if e.After(last) {
			last = e
		}
	}
	t = last.Add(h.ms(1, 5))
	h.nlog(tag, t, "notice", p.master, 0, "exit")
	k(h.ms(500, 1100), 'I', "nginx.go:422", `"NGINX process has stopped"`)
	k(h.us(20, 200), 'I', "sigterm.go:44", "Handled quit, delaying controller exit for 10 seconds")
	k(10*time.Second+h.ms(0, 5), 'I', "sigterm.go:47", `"Exiting" code=0`)
}

// ---- traffic ----

func (h *ngx) apiEps(t time.Time) []string {
	switch {
	case t.Before(h.aKill):
		return ngxAPIEps
	case t.Before(h.aNew):
		return []string{ngxAPIEps[0], ngxAPIEps[1], ngxAPIEps[3]}
	}
	return []string{ngxAPIEps[0], ngxAPIEps[1], ngxAPINew, ngxAPIEps[3]}
}

func (h *ngx) canaryWeight(t time.Time) float64 {
	switch {
	case t.Before(h.canary.cs.Add(3 * time.Second)):
		return 0
	case t.Before(h.canary50.Add(3 * time.Second)):
		return 0.1
	case t.Before(h.canaryOff.Add(2 * time.Second)):
		return 0.5
	}
	return 0
}

func ngxSDK(ua string) bool { return !strings.HasPrefix(ua, "Mozilla/") }

// apiServe proxies a request to the API: the canary, the hanging pod, the odd upstream
// reset, clients giving up.
func (h *ngx) apiServe(q *ngxReq, med float64, status, size, body int) {
	q.host, q.up = "api.acmecloud.io", "prod-api-8080"
	up := h.logn(med, 0.5) / 1000
	if w := h.canaryWeight(q.at); w > 0 && h.chance(w) {
		q.alt, q.tag = "prod-api-canary-8080", h.canary
		eps := ngxCanaryEps[:1]
		if !q.at.Before(h.canary50) {
			eps = ngxCanaryEps
		}
		h.proxied(q, ngxPick(h, eps), up*1.1, status, size, body)
		return
	}
	eps := h.apiEps(q.at)
	ep := ngxPick(h, eps)
	if ep == ngxAPIEps[2] && !q.at.Before(h.aStart) && q.at.Before(h.aKill) {
		h.slowPod(q, ep, up, status, size, body)
		return
	}
	if h.chance(0.0005) && q.method == "GET" { // a kept-alive connection the app closed
		q.reqLen = h.reqLen(q, body)
		e := q.at.Add(h.ms(1, 40))
		h.rerr(q, e, "error", "upstream prematurely closed connection while reading response header from upstream", ep)
		q.tries = []ngxTry{{ep, 0, e.Sub(q.at).Seconds(), 502}}
		h.proxied(q, ngxPick(h, eps), up, status, size, body)
		return
	}
	if ngxSDK(q.ua) && h.chance(0.002) { // the client's own timeout
		s := float64(h.between(5, 30)) + float64(h.r.IntN(8))/1000
		q.tries = []ngxTry{{ep, 0, s, 499}}
		q.reqLen = h.reqLen(q, body)
		h.local(q, 499, 0, s)
		return
	}
	h.proxied(q, ep, up, status, size, body)
}

// slowPod: a request the load balancer sent to the hanging API pod.
func (h *ngx) slowPod(q *ngxReq, ep string, up float64, status, size, body int) {
	q.tag = ngxTag{inc: ngxIncSlowPod}
	q.reqLen = h.reqLen(q, body)
	if q.at.Before(h.aHang) || h.chance(0.12) {
		s := math.Min(14.6, h.logn(3.5, 0.6)+up)
		if q.at.Before(h.aStart.Add(40 * time.Second)) {
			s = math.Min(s, h.logn(1.2, 0.5)+up)
		}
		h.proxied(q, ep, s, status, size, body)
		return
	}
	if ngxSDK(q.ua) && h.chance(0.2) { // an SDK with a 10 s timeout gives up first
		s := 10 + float64(h.r.IntN(40))/1000
		if q.at.Add(ngxSecs(s)).Before(h.aKill) {
			q.tries = []ngxTry{{ep, 0, s, 499}}
			h.local(q, 499, 0, s)
			return
		}
	}
	limit := 15 + float64(h.r.IntN(4))/1000
	fail := q.at.Add(ngxSecs(limit))
	msg, st := "upstream timed out (110: Operation timed out) while reading response header from upstream", 504
	if fail.After(h.aKill) { // the pod is deleted while the request waits
		fail = h.aKill.Add(h.ms(1, 30))
		limit = fail.Sub(q.at).Seconds()
		msg, st = "upstream prematurely closed connection while reading response header from upstream", 502
	}
	h.rerr(q, fail, "error", msg, ep)
	q.tries = []ngxTry{{ep, 0, limit, st}}
	if q.method == "GET" {
		var others []string
		for _, e := range h.apiEps(fail) {
			if e != ep {
				others = append(others, e)
			}
		}
		h.proxied(q, ngxPick(h, others), up, status, size, body)
		return
	}
	sz := 160
	if st == 502 {
		sz = 150
	}
	h.local(q, st, sz, limit+float64(h.r.IntN(2))/1000)
}

var ngxWords = []string{"invoice", "onboarding", "q4+roadmap", "bug", "release", "design+review", "migration", "customer+feedback", "sprint+12", "okr", "budget", "hiring", "api", "sso"}

func (h *ngx) apiCall(t time.Time) {
	q := &ngxReq{at: t, ref: "-"}
	var pr int
	if h.chance(0.6) {
		u := ngxPick(h, h.users)
		q.ip, q.ua, pr = u.ip, u.ua, u.project
		q.ref = fmt.Sprintf("https://app.acmecloud.io/projects/%d/%s", pr, ngxPick(h, []string{"board", "board", "list", "reports", "timeline"}))
	} else {
		q.ip, q.ua, pr = ngxPick(h, h.servers), ngxPick(h, ngxSDKs), h.between(10_000, 99_999)
	}
	task := h.between(100_000, 999_999)
	med, status, size, body := 20.0, 200, 0, 0
	switch x := h.r.Float64(); {
	case x < 0.2:
		q.method, q.path = "GET", fmt.Sprintf("/v1/projects/%d/tasks?status=open&page=%d", pr, 1+h.r.IntN(4)/3)
		med, size = 55, int(h.logn(9000, 0.6))
	case x < 0.34:
		q.method, q.path = "GET", "/v1/notifications?unread=true"
		med, size = 14, h.between(60, 2400)
	case x < 0.44:
		q.method, q.path = "GET", fmt.Sprintf("/v1/tasks/%d", task)
		med, size = 22, int(h.logn(1900, 0.3))
		if h.chance(0.03) {
			status, size = 404, 61
		}
	case x < 0.52:
		q.method, q.path = "PATCH", fmt.Sprintf("/v1/tasks/%d", task)
		med, size, body = 48, int(h.logn(1950, 0.3)), h.between(40, 600)
		if h.chance(0.02) {
			status, size = 422, h.between(110, 240)
		}
	case x < 0.57:
		q.method, q.path = "POST", fmt.Sprintf("/v1/projects/%d/tasks", pr)
		med, status, size, body = 75, 201, int(h.logn(1900, 0.3)), h.between(200, 1500)
	case x < 0.65:
		q.method, q.path = "GET", "/v1/users/me"
		med, size = 9, h.between(1080, 1240)
	case x < 0.72:
		q.method, q.path = "GET", fmt.Sprintf("/v1/projects/%d", pr)
		med, size = 28, int(h.logn(2600, 0.3))
	case x < 0.78:
		q.method, q.path = "GET", fmt.Sprintf("/v1/search?q=%s&project=%d", ngxPick(h, ngxWords), pr)
		med, size = 160, int(h.logn(6000, 0.7))
	case x < 0.83:
		q.method, q.path = "POST", fmt.Sprintf("/v1/tasks/%d/comments", task)
		med, status, size, body = 52, 201, h.between(520, 900), int(h.logn(400, 1.1))
	case x < 0.87:
		q.method, q.path = "GET", fmt.Sprintf("/v1/projects/%d/activity?since=%s", pr, t.Add(-time.Duration(h.between(1, 90))*time.Minute).UTC().Format("2006-01-02T15:04:00Z"))
		med, size = 85, int(h.logn(5200, 0.7))
	case x < 0.885:
		q.method, q.path = "GET", fmt.Sprintf("/v1/projects/%d/reports/burndown.csv?from=2024-09-01", pr)
		med, size = 2300, int(h.logn(1.5e6, 0.8))
	case x < 0.93:
		q.method, q.path = "POST", "/v1/events/batch"
		med, status, size, body = 18, 202, 38, int(h.logn(3000, 1))
	case x < 0.96:
		q.method, q.path = "GET", fmt.Sprintf("/v1/projects/%d/members", pr)
		med, size = 20, int(h.logn(3100, 0.5))
	case x < 0.975:
		q.method, q.path = "GET", "/v1/webhooks"
		med, size = 16, h.between(300, 1800)
	default:
		q.method, q.path = "GET", "/v1/users/me"
		med, status, size = 3, 401, 67
	}
	if ngxSDK(q.ua) && h.chance(0.004) {
		med, status, size = 1.5, 429, 74
	}
	if t.Before(h.v2.cs) && h.chance(0.002) { // a beta tester early
		q.method, q.path, med, status, size, body = "GET", fmt.Sprintf("/v2/workspaces/%d/items?limit=100", pr), 4, 404, 61, 0
	}
	h.apiServe(q, med, status, size, body)
}

func (h *ngx) v2Call(t time.Time) {
	q := &ngxReq{at: t, tag: h.v2, ref: "-", host: "api.acmecloud.io", up: "prod-api-v2-8080",
		ip: h.servers[h.r.IntN(6)], ua: ngxPick(h, []string{"acme-python/3.0.0b2 python/3.12.4", "acme-node/2.0.0-beta.3 node/20.17.0", "Go-http-client/2.0"})}
	ws, item := h.between(10_000, 10_040), "itm_"+h.alnum(16)
	med, status, size, body := 30.0, 200, 0, 0
	switch x := h.r.Float64(); {
	case x < 0.4:
		q.method, q.path = "GET", fmt.Sprintf("/v2/workspaces/%d/items?limit=100&cursor=%s", ws, h.alnum(22))
		med, size = 70, int(h.logn(14000, 0.5))
	case x < 0.6:
		q.method, q.path = "GET", "/v2/items/"+item
		med, size = 18, int(h.logn(2100, 0.3))
	case x < 0.75:
		q.method, q.path = "POST", "/v2/items"
		med, status, size, body = 65, 201, int(h.logn(2100, 0.3)), h.between(300, 2000)
		if h.chance(0.06) {
			status, size = 422, h.between(150, 260)
		}
	case x < 0.9:
		q.method, q.path = "PATCH", "/v2/items/"+item
		med, size, body = 45, int(h.logn(2100, 0.3)), h.between(60, 800)
	default:
		q.method, q.path = "GET", fmt.Sprintf("/v2/workspaces/%d/views", ws)
		med, size = 25, h.between(800, 4000)
	}
	h.proxied(q, ngxPick(h, ngxV2Eps), h.logn(med, 0.5)/1000, status, size, body)
}

// webEps: the web app's endpoints as the controller sees them, a second behind.
func (h *ngx) webEps(t time.Time) (eps []string, old []int) {
	t = t.Add(-time.Second)
	for i := range 3 {
		if t.Before(h.webDel[i]) {
			eps, old = append(eps, ngxWebOld[i]), append(old, i)
		}
		if !t.Before(h.webAdd[i]) {
			eps, old = append(eps, ngxWebNew[i]), append(old, -1)
		}
	}
	return eps, old
}

func (h *ngx) webServe(q *ngxReq, med float64, status, size int) {
	q.host, q.up = "app.acmecloud.io", "prod-webapp-3000"
	eps, old := h.webEps(q.at)
	k := h.r.IntN(len(eps))
	up := h.logn(med, 0.4)/1000 + float64(size)/8e6
	if i := old[k]; i >= 0 && !q.at.Before(h.webDel[i].Add(-1500*time.Millisecond)) {
		// the old pod has stopped listening; the endpoint is not removed yet
		q.tag = h.deploy
		q.reqLen = h.reqLen(q, 0)
		e := q.at.Add(h.us(200, 900))
		h.rerr(q, e, "error", "connect() failed (111: Connection refused) while connecting to upstream", eps[k])
		q.tries = []ngxTry{{eps[k], 0, e.Sub(q.at).Seconds(), 502}}
		var others []string
		for j, e := range eps {
			if j != k {
				others = append(others, e)
			}
		}
		h.proxied(q, ngxPick(h, others), up, status, size, 0)
		return
	}
	h.proxied(q, eps[k], up, status, size, 0)
}

// newBundle: does a browser loading the app now get the new release's bundle?
func (h *ngx) newBundle(t time.Time) bool {
	n := 0
	for i := range 3 {
		if !t.Before(h.webAdd[i]) {
			n++
		}
	}
	if n == 0 {
		return false
	}
	return h.chance(float64(n) / 3 * (1 - math.Exp(-t.Sub(h.webAdd[0]).Minutes()/20)))
}

var ngxWebPages = []string{"/", "/projects/%d/board", "/projects/%d/board", "/projects/%d/list", "/inbox", "/my-tasks", "/settings/team", "/projects/%d/reports", "/projects/%d/timeline"}

func (h *ngx) page(pr int) string {
	p := ngxPick(h, ngxWebPages)
	if strings.Contains(p, "%d") {
		return fmt.Sprintf(p, pr)
	}
	return p
}

func (h *ngx) webCall(t time.Time) {
	u := ngxPick(h, h.users)
	q := &ngxReq{at: t, ip: u.ip, ua: u.ua, method: "GET"}
	pg := h.page(u.project)
	h.webRequest(q, pg, h.newBundle(t))
}

func (h *ngx) webRequest(q *ngxReq, pg string, newB bool) {
	type asset struct {
		old, neu string
		size     int
	}
	assets := []asset{{"/assets/index-BkR3xv1q.js", "/assets/index-C4tWq8Lp.js", 412_377}, {"/assets/index-D0u9kGbE.css", "/assets/index-B9fJx2Ke.css", 58_204},
		{"/assets/vendor-Cq7hZ2mR.js", "/assets/vendor-Cq7hZ2mR.js", 1_187_530}, {"/assets/inter-var-latin-Ds8vJ3aQ.woff2", "/assets/inter-var-latin-Ds8vJ3aQ.woff2", 48_256}}
	switch x := h.r.Float64(); {
	case x < 0.32:
		q.path = pg
		if h.chance(0.5) {
			q.ref = "https://app.acmecloud.io" + h.page(h.between(10_000, 99_999))
		}
		h.webServe(q, 6, 200, h.between(2380, 2460))
	case x < 0.8:
		a := ngxPick(h, assets)
		q.path, q.ref = a.old, "https://app.acmecloud.io"+pg
		if newB {
			q.path = a.neu
			if a.neu != a.old && q.tag.chg == "" {
				q.tag = h.deploy
			}
		}
		if h.chance(0.45) {
			h.webServe(q, 2, 304, 0)
		} else {
			h.webServe(q, 3, 200, a.size)
		}
	case x < 0.9:
		q.path, q.ref = ngxPick(h, []string{"/favicon.ico", "/manifest.webmanifest", "/sw.js"}), "https://app.acmecloud.io"+pg
		if h.chance(0.6) {
			h.webServe(q, 2, 304, 0)
		} else {
			h.webServe(q, 2, 200, h.between(900, 15_100))
		}
	default:
		q.path, q.ref = fmt.Sprintf("/avatars/%d.webp?s=64", h.between(1000, 99_999)), "https://app.acmecloud.io"+pg
		h.webServe(q, 9, 200, h.between(1800, 6400))
	}
}

func (h *ngx) websocket(t time.Time) {
	u := ngxPick(h, h.users)
	q := &ngxReq{at: t, ip: u.ip, ua: u.ua, host: "app.acmecloud.io", up: "prod-realtime-8081", method: "GET", ref: "-",
		path: "/realtime/?EIO=4&transport=websocket"}
	d := math.Min(3590, h.logn(300, 1.1))
	h.proxied(q, ngxPick(h, ngxRTEps), d, 101, int(d*h.logn(40, 0.8)), 0)
}

func (h *ngx) authServe(q *ngxReq, med float64, status, size, body int) {
	q.host, q.up = "auth.acmecloud.io", "prod-auth-8080"
	h.proxied(q, ngxPick(h, ngxAuthEps), h.logn(med, 0.4)/1000, status, size, body)
}

func (h *ngx) authCall(t time.Time) {
	q := &ngxReq{at: t, ref: "-"}
	if h.chance(0.45) {
		q.ip, q.ua, q.method, q.path = ngxPick(h, h.servers), ngxPick(h, ngxSDKs), "POST", "/oauth/token"
		if h.chance(0.02) {
			h.authServe(q, 12, 401, 80, h.between(160, 260))
		} else {
			h.authServe(q, 38, 200, h.between(1180, 1260), h.between(160, 260))
		}
		return
	}
	u := ngxPick(h, h.users)
	q.ip, q.ua = u.ip, u.ua
	switch x := h.r.Float64(); {
	case x < 0.18:
		q.method, q.path = "GET", fmt.Sprintf("/login?return_to=%%2Fprojects%%2F%d%%2Fboard", u.project)
		q.ref = "https://app.acmecloud.io/"
		h.authServe(q, 9, 200, h.between(5180, 5260), 0)
	case x < 0.36:
		q.method, q.path, q.ref = "POST", "/login", "https://auth.acmecloud.io/login"
		if h.chance(0.07) {
			h.authServe(q, 190, 200, h.between(5440, 5520), h.between(90, 140))
		} else {
			h.authServe(q, 210, 302, 0, h.between(90, 140))
		}
	case x < 0.5:
		q.method, q.ref = "GET", "https://app.acmecloud.io/"
		q.path = fmt.Sprintf("/oauth/authorize?response_type=code&client_id=acme-web&redirect_uri=https%%3A%%2F%%2Fapp.acmecloud.io%%2Fauth%%2Fcallback&state=%s&code_challenge=%s&code_challenge_method=S256", h.alnum(16), h.alnum(43))
		h.authServe(q, 25, 302, 0, 0)
	case x < 0.7:
		q.method, q.path, q.ref = "POST", "/oauth/token", "https://app.acmecloud.io/"
		h.authServe(q, 30, 200, h.between(1760, 1830), h.between(900, 1100))
	case x < 0.8:
		q.method, q.path = "GET", "/.well-known/openid-configuration"
		h.authServe(q, 3, 200, 1473, 0)
	case x < 0.88:
		q.method, q.path = "GET", "/.well-known/jwks.json"
		h.authServe(q, 2, 200, 1893, 0)
	case x < 0.96:
		q.method, q.path, q.ref = "GET", ngxPick(h, []string{"/static/css/login.7f2a1c.css", "/static/js/login.93be04.js", "/static/img/logo.svg"}), "https://auth.acmecloud.io/login"
		if h.chance(0.5) {
			h.authServe(q, 1, 304, 0, 0)
		} else {
			h.authServe(q, 2, 200, h.between(3100, 24_000), 0)
		}
	default:
		q.method, q.path, q.ref = "POST", "/logout", "https://app.acmecloud.io/settings/profile"
		h.authServe(q, 14, 302, 0, h.between(30, 60))
	}
}

// upload: a request body written to a temporary file, then sent upstream.
func (h *ngx) upload(q *ngxReq, body int, bw float64, status, size int) {
	q.host, q.up = "uploads.acmecloud.io", "prod-files-8080"
	q.reqLen = h.reqLen(q, body)
	recv := float64(body) / bw
	up := 0.06 + float64(body)/4e8 + h.logn(0.04, 0.5)
	q.tries = []ngxTry{{ngxPick(h, ngxFileEps), size, up, status}}
	q.status, q.size, q.secs = status, size, recv+up
	h.access(q)
}

func (h *ngx) tooLarge(q *ngxReq, body int) {
	q.host, q.up = "uploads.acmecloud.io", "prod-files-8080"
	q.reqLen = h.reqLen(q, 0)
	h.local(q, 413, 176, float64(h.r.IntN(3))/1000)
	h.rerr(q, q.at.Add(h.us(100, 900)), "error", fmt.Sprintf("client intended to send too large body: %d bytes", body), "")
}

func (h *ngx) fileCall(t time.Time) {
	q := &ngxReq{at: t, ref: "-"}
	if h.chance(0.3) {
		q.ip, q.ua, q.method = ngxPick(h, h.servers), ngxPick(h, ngxSDKs[:4]), "POST"
		q.path = fmt.Sprintf("/v2/files/uploads/upl_%s/parts/%d", h.alnum(20), h.between(1, 4))
		h.upload(q, h.between(8, 32)<<20, h.logn(3e7, 0.5), 200, 96)
		return
	}
	u := ngxPick(h, h.users)
	q.ip, q.ua = u.ip, u.ua
	q.ref = fmt.Sprintf("https://app.acmecloud.io/projects/%d/tasks/%d", u.project, h.between(100_000, 999_999))
	switch x := h.r.Float64(); {
	case x < 0.3:
		q.method, q.path = "POST", "/v2/files"
		if h.chance(0.015) { // a video over the limit
			h.tooLarge(q, h.between(105, 900)<<20)
			return
		}
		h.upload(q, int(math.Min(95e6, h.logn(3e6, 1.2))), h.logn(6e6, 0.6), 201, h.between(400, 440))
	case x < 0.65:
		q.method, q.path, q.host, q.up = "GET", fmt.Sprintf("/v2/files/%d/content", h.between(1_000_000, 9_999_999)), "uploads.acmecloud.io", "prod-files-8080"
		size := int(h.logn(4e6, 1.3))
		ep := ngxPick(h, ngxFileEps)
		up := 0.02 + float64(size)/2.5e8
		secs := math.Max(up, float64(size)/h.logn(1.2e7, 0.7))
		q.reqLen = h.reqLen(q, 0)
		q.tries = []ngxTry{{ep, size, up, 200}}
		q.status, q.size, q.secs = 200, size, secs
		if h.chance(0.02) { // the user closed the tab
			q.status, q.size = 499, int(float64(size)*h.r.Float64())
		}
		if size > 3e6 {
			h.bind(q)
			n := h.between(1, 9_999_999)
			h.rerr(q, q.at.Add(ngxSecs(up/2)), "warn", fmt.Sprintf("an upstream response is buffered to a temporary file /tmp/nginx/proxy-temp/%d/%02d/%010d while reading upstream", n%10, n/10%100, n), ep)
		}
		h.access(q)
	case x < 0.85:
		q.method, q.path, q.host, q.up = "GET", fmt.Sprintf("/v2/files/%d/thumbnail?size=256", h.between(1_000_000, 9_999_999)), "uploads.acmecloud.io", "prod-files-8080"
		h.proxied(q, ngxPick(h, ngxFileEps), h.logn(0.025, 0.5), 200, h.between(8000, 40_000), 0)
	default:
		q.method, q.path, q.host, q.up = "GET", fmt.Sprintf("/v2/files/%d", h.between(1_000_000, 9_999_999)), "uploads.acmecloud.io", "prod-files-8080"
		h.proxied(q, ngxPick(h, ngxFileEps), h.logn(0.012, 0.4), 200, h.between(500, 900), 0)
	}
}

// agent: a customer's sync agent, four workers uploading files in 64 MiB parts; during
// the incident its new version sends 128 MiB parts, refused and retried.
func (h *ngx) agent(from time.Time) {
	for w := range 4 {
		t := from.Add(h.ms(0, 120_000))
		for t.Before(h.end) {
			inc := !t.Before(h.cStart) && t.Before(h.cEnd)
			ua := "acme-sync/4.2.9 (linux; amd64)"
			if inc {
				ua = "acme-sync/4.3.0 (linux; amd64)"
			}
			id := "upl_" + h.alnum(20)
			ip := h.agentIPs[w%2]
			q := &ngxReq{at: t, ip: ip, ua: ua, ref: "-", method: "POST", path: "/v2/files/uploads", host: "uploads.acmecloud.io", up: "prod-files-8080"}
			h.proxied(q, ngxPick(h, ngxFileEps), h.logn(0.035, 0.4), 201, h.between(205, 220), h.between(180, 400))
			t = t.Add(ngxSecs(q.secs) + h.ms(20, 200))
			if inc {
				tag := ngxTag{inc: ngxIncTooLarge}
				wait := 1.0
				for range 5 {
					q := &ngxReq{tag: tag, at: t, ip: ip, ua: ua, ref: "-", method: "POST", path: fmt.Sprintf("/v2/files/uploads/%s/parts/1", id)}
					h.tooLarge(q, 128<<20)
					t = t.Add(ngxSecs(wait*(0.8+0.4*h.r.Float64())) + h.ms(5, 40))
					wait *= 2
				}
				q := &ngxReq{at: t, ip: ip, ua: ua, ref: "-", method: "DELETE", path: "/v2/files/uploads/" + id, host: "uploads.acmecloud.io", up: "prod-files-8080"}
				h.proxied(q, ngxPick(h, ngxFileEps), h.logn(0.02, 0.4), 204, 0, 0)
				t = t.Add(h.ms(2_000, 12_000))
				continue
			}
			total := int(h.logn(150e6, 0.9))
			for part := 1; total > 0 && t.Before(h.end); part++ {
				n := min(total, 64<<20)
				total -= n
				q := &ngxReq{at: t, ip: ip, ua: ua, ref: "-", method: "POST", path: fmt.Sprintf("/v2/files/uploads/%s/parts/%d", id, part)}
				h.upload(q, n, h.logn(6e7, 0.3), 200, 96)
				t = t.Add(ngxSecs(q.secs) + h.ms(5, 60))
			}
			q = &ngxReq{at: t, ip: ip, ua: ua, ref: "-", method: "POST", path: "/v2/files/uploads/" + id + "/complete", host: "uploads.acmecloud.io", up: "prod-files-8080"}
			h.proxied(q, ngxPick(h, ngxFileEps), h.logn(0.4, 0.5), 200, h.between(340, 380), h.between(60, 600))
			idle := h.ms(30_000, 300_000)
			if t.After(h.cEnd) && t.Before(h.cEnd.Add(25*time.Minute)) { // the backlog after the rollback
				idle = h.ms(1_000, 15_000)
			}
			t = t.Add(ngxSecs(q.secs) + idle)
		}
	}
}

var ngxDocPages = []string{"/", "/guides/getting-started", "/guides/webhooks", "/guides/oauth", "/guides/importing-from-jira", "/guides/sso-saml",
	"/api-reference/tasks", "/api-reference/projects", "/api-reference/authentication", "/api-reference/rate-limits", "/api-reference/pagination",
	"/sdks/python", "/sdks/node", "/changelog", "/v2-beta/overview", "/v2-beta/migration"}

func (h *ngx) docsCall(t time.Time) {
	q := &ngxReq{at: t, method: "GET", host: "docs.acmecloud.io", up: "docs-docs-site-80", ref: "-"}
	crawler := h.chance(0.3)
	if crawler {
		q.ip, q.ua = h.publicIP(), ngxPick(h, ngxCrawlers)
	} else {
		if h.chance(0.5) {
			u := ngxPick(h, h.users)
			q.ip, q.ua = u.ip, u.ua
		} else {
			q.ip, q.ua = h.publicIP(), ngxPick(h, ngxBrowsers)
		}
		q.ref = ngxPick(h, []string{"https://www.google.com/", "https://docs.acmecloud.io/", "https://docs.acmecloud.io/api-reference/tasks", "https://app.acmecloud.io/settings/integrations", "https://www.bing.com/"})
	}
	ep := ngxPick(h, ngxDocsEps)
	switch x := h.r.Float64(); {
	case x < 0.55 || crawler && x < 0.85:
		q.path = ngxPick(h, ngxDocPages)
		if h.chance(0.04) {
			q.path = ngxPick(h, []string{"/api/v1/tasks", "/guides/zapier", "/docs/getting-started", "/api-reference/v0/tasks"})
			h.proxied(q, ep, h.logn(0.002, 0.3), 404, 3104, 0)
			return
		}
		h.proxied(q, ep, h.logn(0.003, 0.4), 200, int(h.logn(28_000, 0.4)), 0)
	case x < 0.9:
		q.path = ngxPick(h, []string{"/assets/docs-Dq3kX1mz.css", "/assets/docs-Bf8sL2wn.js", "/assets/logo-dark.svg", "/search-index.json"})
		if h.chance(0.4) {
			h.proxied(q, ep, 0.001, 304, 0, 0)
		} else {
			h.proxied(q, ep, h.logn(0.002, 0.3), 200, h.between(4_000, 190_000), 0)
		}
	default:
		q.path = ngxPick(h, []string{"/robots.txt", "/sitemap.xml", "/favicon.ico"})
		h.proxied(q, ep, 0.001, 200, h.between(120, 9000), 0)
	}
}

func (h *ngx) statusServe(q *ngxReq, status, size int) {
	q.host, q.up = "status.acmecloud.io", "statuspage-status-page-80"
	if !q.at.Before(h.bStart) && q.at.Before(h.bEnd) {
		q.tag = ngxTag{inc: ngxIncNoEps}
		h.local(q, 503, 190, 0)
		return
	}
	eps := ngxStatusOld
	if !q.at.Before(h.bEnd) {
		eps = ngxStatusNew
	}
	h.proxied(q, ngxPick(h, eps), h.logn(0.004, 0.5), status, size, 0)
}

func (h *ngx) statusCall(t time.Time) {
	q := &ngxReq{at: t, method: "GET", ref: "-"}
	u := ngxPick(h, h.users)
	q.ip, q.ua = u.ip, u.ua
	switch x := h.r.Float64(); {
	case x < 0.6:
		q.path = "/api/v2/summary.json"
		q.ref = ngxPick(h, []string{"https://intranet.northwind-logistics.com/", "https://wiki.contoso-group.de/it/services", "https://app.acmecloud.io/", "https://portal.fabrikam.io/dashboard"})
		h.statusServe(q, 200, h.between(2100, 2200))
	case x < 0.8:
		q.path = ngxPick(h, []string{"/", "/", "/history", "/incidents/" + h.alnum(12)})
		h.statusServe(q, 200, int(h.logn(24_000, 0.2)))
	case x < 0.95:
		q.path, q.ref = ngxPick(h, []string{"/assets/status-Cw2nQ8.css", "/assets/status-B1xT5k.js", "/favicon-32x32.png"}), "https://status.acmecloud.io/"
		if h.chance(0.5) {
			h.statusServe(q, 304, 0)
		} else {
			h.statusServe(q, 200, h.between(1_500, 90_000))
		}
	default:
		q.ip, q.ua, q.path = h.publicIP(), ngxPick(h, []string{"Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; )", "Slackbot 1.0 (+https://api.slack.com/robots)", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}), "/history.rss"
		h.statusServe(q, 200, h.between(6_000, 6_400))
	}
}

func (h *ngx) monitors(from time.Time) {
	pingdom := []string{"185.180.12.65", "76.72.167.90", "178.255.152.2", "43.229.84.12", "185.70.76.23", "96.47.225.18"}
	h.every(from, h.end, time.Minute, 900, func(t time.Time) {
		q := &ngxReq{at: t, ip: ngxPick(h, pingdom), ua: "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", method: "GET", path: "/healthz", ref: "-", host: "api.acmecloud.io", up: "prod-api-8080"}
		h.proxied(q, ngxPick(h, h.apiEps(t)), h.logn(0.002, 0.3), 200, 15, 0)
	})
	h.every(from.Add(17*time.Second), h.end, time.Minute, 1500, func(t time.Time) {
		q := &ngxReq{at: t, ip: ngxPick(h, []string{"216.144.250.150", "69.162.124.235", "63.143.42.248"}), ua: "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", method: "HEAD", path: "/", ref: "https://app.acmecloud.io"}
		h.webServe(q, 5, 200, 0)
	})
	h.every(from.Add(41*time.Second), h.end, 30*time.Second, 400, func(t time.Time) {
		q := &ngxReq{at: t, ip: "35.190.61.12", ua: "Better Stack Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36", method: "GET", path: "/api/v2/status.json", ref: "-"}
		h.statusServe(q, 200, h.between(225, 240))
	})
	for i, ip := range []string{"3.18.172.189", "18.130.19.172", "13.125.214.2"} {
		h.every(from.Add(time.Duration(i*70)*time.Second), h.end, 5*time.Minute, 3000, func(t time.Time) {
			q := &ngxReq{at: t, ip: ip, ua: "Datadog/Synthetics", method: "GET", path: "/.well-known/openid-configuration", ref: "-"}
			h.authServe(q, 3, 200, 1473, 0)
		})
	}
}

// scan: a scanner probes the load balancer's address (the default server) or a host.
func (h *ngx) scan(t time.Time) {
	ip, ua := h.publicIP(), ngxPick(h, ngxScanners)
	host := ngxPick(h, []string{ngxLBIP, ngxLBIP, ngxLBIP, "docs.acmecloud.io", "status.acmecloud.io"})
	for range h.between(3, 25) {
		q := &ngxReq{at: t, ip: ip, ua: ua, method: "GET", path: ngxPick(h, ngxProbes), ref: "-", host: host}
		if h.chance(0.1) {
			q.method = "POST"
		}
		switch host {
		case ngxLBIP:
			q.up = "upstream-default-backend"
			h.proxied(q, "127.0.0.1:8181", 0, 404, 548, 0)
		case "docs.acmecloud.io":
			q.up = "docs-docs-site-80"
			h.proxied(q, ngxPick(h, ngxDocsEps), 0.001, 404, 3104, 0)
		default:
			h.statusServe(q, 404, 1870)
		}
		t = t.Add(ngxSecs(q.secs) + h.ms(30, 1800))
	}
}

func (h *ngx) badKeyShare(t time.Time) {
	q := &ngxReq{at: t, ip: h.publicIP()}
	h.bind(q)
	h.nlog(ngxTag{}, t, "crit", q.pid, q.conn, fmt.Sprintf("SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: %s, server: 0.0.0.0:443", q.ip))
}

func (h *ngx) tlsOnPort80(t time.Time) {
	var b strings.Builder
	b.WriteString(`\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03`)
	for range 12 {
		fmt.Fprintf(&b, `\x%02X`, h.r.IntN(256))
	}
	q := &ngxReq{at: t, ip: h.publicIP(), path: b.String(), ref: "-", ua: "-"}
	q.status, q.size, q.secs = 400, 150, float64(h.between(20, 400))/1000
	h.access(q)
}

func (h *ngx) redirect(t time.Time) {
	hosts := [][2]string{{"app.acmecloud.io", "prod-webapp-3000"}, {"docs.acmecloud.io", "docs-docs-site-80"}, {"status.acmecloud.io", "statuspage-status-page-80"}, {"api.acmecloud.io", "prod-api-8080"}}
	x := ngxPick(h, hosts)
	q := &ngxReq{at: t, ip: h.publicIP(), ua: ngxPick(h, append(slices.Clone(ngxBrowsers[:3]), "curl/8.5.0", "Wget/1.21.4")), method: "GET", path: "/", ref: "-", host: x[0], up: x[1]}
	h.local(q, 308, 164, 0)
}

// surgeTraffic: the webinar's visitors signing up and setting up their workspaces.
func (h *ngx) surgeTraffic() {
	tag := h.surge
	var ips []string
	for range 350 {
		ips = append(ips, h.publicIP())
	}
	rate := func(t time.Time) float64 {
		x := t.Sub(tag.cs).Minutes()
		if x < 6 {
			return 4.5 * x / 6
		}
		return 4.5 * math.Exp(-(x-6)/12)
	}
	h.arrivals(tag.cs.Add(time.Second), tag.cs.Add(50*time.Minute), 4.6, rate, func(t time.Time) {
		q := &ngxReq{tag: tag, at: t, ip: ngxPick(h, ips), ua: ngxPick(h, ngxBrowsers), method: "GET", ref: "-"}
		ws := h.between(200_000, 209_999)
		switch x := h.r.Float64(); {
		case x < 0.12:
			q.ref = ngxPick(h, []string{"https://zoom.us/", "-", "https://mail.google.com/", "https://outlook.office.com/"})
			q.path = "/signup?plan=team&utm_source=webinar&utm_medium=email&utm_campaign=oct24-onboarding"
			h.webServe(q, 6, 200, h.between(2380, 2460))
		case x < 0.4:
			h.webRequest(q, ngxPick(h, []string{"/onboarding/welcome", "/onboarding/invite-team", "/onboarding/import", "/signup"}), true)
		case x < 0.5:
			q.method, q.path, q.ref = "POST", "/signup", "https://app.acmecloud.io/signup"
			q.host, q.up = "auth.acmecloud.io", "prod-auth-8080"
			h.authServe(q, 260, 302, 0, h.between(180, 320))
		case x < 0.58:
			q.method, q.path, q.ref = "POST", "/v1/workspaces", "https://app.acmecloud.io/onboarding/welcome"
			h.apiServe(q, 140, 201, h.between(900, 1100), h.between(120, 300))
		case x < 0.7:
			q.method, q.path, q.ref = "POST", fmt.Sprintf("/v1/workspaces/%d/invitations", ws), "https://app.acmecloud.io/onboarding/invite-team"
			h.apiServe(q, 60, 201, h.between(300, 700), h.between(100, 900))
		case x < 0.8:
			q.path, q.ref = "/v1/templates?category=onboarding", "https://app.acmecloud.io/onboarding/import"
			h.apiServe(q, 35, 200, h.between(7000, 7400), 0)
		case x < 0.9:
			q.method, q.path, q.ref = "POST", fmt.Sprintf("/v1/workspaces/%d/projects", ws), "https://app.acmecloud.io/onboarding/import"
			h.apiServe(q, 95, 201, h.between(1800, 2300), h.between(200, 700))
		default:
			q.path, q.ref = "/v1/users/me", "https://app.acmecloud.io/onboarding/welcome"
			h.apiServe(q, 9, 200, h.between(1080, 1240), 0)
		}
	})
}
