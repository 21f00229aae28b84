package families

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// holdout15 is Apache httpd 2.4.62 (the official Docker image, event MPM) as the
// TLS-terminating reverse proxy of a company's customer portal: mod_ssl for
// portal.example.com, www.example.com (a redirect) and, from 0:14, docs.example.com;
// mod_proxy_balancer in front of four Tomcats (balancer://portal, members app-1..app-4 on
// 10.0.3.11-14:8080, lbmethod byrequests, sticky on a ROUTEID cookie, failontimeout=On,
// retry=60, ProxyTimeout 30) with the sessions in Redis, so a request that fails over
// keeps its session; static files served by httpd itself; port 80 redirects, answers
// the network load balancer's health checks and serves mod_status and balancer-manager
// to the internal network. ServerLimit 10 x ThreadsPerChild 25 (MaxRequestWorkers
// 250), RequestReadTimeout header=20-40,MinRate=500, KeepAliveTimeout 5. The container
// writes the access log to stdout and the error log to stderr; the lines are
// interleaved as `docker logs` shows them. The access log is the combined format with
// %D (microseconds) at the end, written when a request ends and showing when it began:
//
//	203.0.113.7 - - [12/Sep/2024:08:00:03 +0000] "GET /portal/api/accounts/482113 HTTP/1.1" 200 1532 "https://portal.example.com/portal/accounts/482113" "Mozilla/5.0 (...)" 48211
//
// The error log is httpd's default ErrorLogFormat at LogLevel warn ssl:info: every TLS
// connection writes AH01964, a failed handshake AH02008, the SSL library's error and
// AH01998; the parent (pid 1) writes the restarts and what the MPM reports:
//
//	[Thu Sep 12 08:00:03.412345 2024] [proxy_http:error] [pid 412:tid 139889003415232] (70007)The timeout specified has expired: [client 203.0.113.7:53122] AH01102: error reading status line from remote server app-3:8080, referer: https://portal.example.com/portal/home
//
// Normal operation, 11 lines a second at 08:00 rising to about 20 by 10:00: customers in
// browsers sign in (or still are), load the static bundle when their cache lacks it,
// open pages whose scripts call /portal/api/ (accounts, transactions, invoices and their
// PDFs, payments, tickets, uploads, statements that take seconds), poll notifications
// and sometimes sign out; the iOS and Android apps call the API; a payment provider
// posts payments every 45 s, customers' scripts pull their invoices every 5 minutes; the
// load balancer's three nodes check /healthz every 10 s, Prometheus probes
// /portal/api/health and scrapes /server-status every 15 s, UptimeRobot checks the login
// page every minute from three places; search engines and SEO bots crawl; every few
// minutes a scanner tries /.env, /wp-login.php, /cgi-bin/.%2e/... and the like (404,
// 403 with AH01630 or AH01276, 400 with AH10244, 301 on port 80). Now and then: a
// handshake from an old client (unsupported protocol, no shared cipher), one closed
// (AH02006) or reset, plain HTTP on port 443 (AH01996, 400), a browser's preconnect that
// never sends a request (408 after 20 s), a backend connection reset under a request
// (AH01102 (104), 502), an upload cut off (AH01095, 400), a preferences cookie too big
// for ResponseFieldSize (AH10124, AH01106, 502), a client whose SNI and Host differ
// (AH02032, 421), a slow backend request, a download abandoned half way.
//
// Benign changes:
//   - 0:14, the virtual host docs.example.com added and /portal/help redirected to it:
//     a graceful restart (AH00493, mod_ssl's start-up lines now for three hosts, AH00489,
//     AH00094), then documentation traffic ramping up over 20 minutes, help links
//     answered 301; for its first 3 to 6 minutes the API reference's directory is not
//     readable and its pages answer 403 with AH00529 at crit. All of it carries the
//     change.
//   - 1:05, release 2024.09.2 rolled out to the Tomcats by a playbook: for each member in
//     turn, balancer-manager calls drain it, its Tomcat is stopped (the first request
//     that still sticks to it is refused: AH00957, AH00959, AH01114, and fails over
//     with a 200), started again and enabled, its first minutes a little slower; pages
//     from upgraded members reference a new static bundle, which browsers fetch from then
//     on. The manager calls, the refused requests, the slower requests of the new JVMs and
//     every request for the new bundle carry the change.
//   - 1:22, a marketing e-mail: visitors, many on phones, open the new autumn-2024 landing
//     page (its own images and stylesheet), some claim the offer, signing in first, and
//     browse on; it peaks after six minutes and fades over the next hours. The visitors'
//     lines carry the change.
//   - 2:02 for 15 minutes, LogLevel proxy_balancer:debug to look into stickiness: a
//     graceful restart with AH01178, AH01184 and each child's AH01158, then AH01160,
//     AH01161, AH01172 and AH01176 (with their source file and line) for every proxied
//     request, until a second graceful restart takes it back. These lines carry the
//     change.
//
// Incidents:
//   - 0:31, a child process dies of a segmentation fault: the parent's one AH00052
//     line (the requests it was serving are lost without a line; another child takes
//     its slot).
//   - 0:40, app-3 hangs (its request threads stuck on a lock): for two minutes its
//     requests take 3 to 50 times as long, then none answers; each request the balancer
//     sends it waits out ProxyTimeout and gets a 502 after 30 s (AH01102 (70007),
//     AH00898, AH02460), the balancer takes it out for a minute and lets requests
//     through again, half a minute at a time; about 12 minutes in the on-call kills its
//     Tomcat: the requests waiting on it end at once (AH01102 (104), 502), the next one
//     is refused and fails over (AH00957, AH00959, AH01114), and once Tomcat listens
//     again its first requests are slow. The slow, failed and refused requests and their
//     error lines are the incident's.
//   - 1:44 for about 9 minutes, a slowloris attack from a botnet of 60-90 addresses:
//     connections that send a request line and then headers a few bytes at a time, each
//     holding a worker thread until mod_reqtimeout gives up 20 s later (a 408 for
//     `GET /?<n>`); the load adds children up to ServerLimit, AH10159 then AH00484 once
//     every thread is taken; bots' connections that waited in the listen queue past
//     their 4 s timeout stop at the handshake (AH02006, AH01998), as do some of the
//     customers' that gave up waiting; some health checks are lost. Traffic is cut off
//     at the network 8-9 minutes in, the workers free up 20 s later. The bots' lines,
//     the two MPM lines and the abandoned customers' handshakes are the incident's.
//   - 2:26 for about 22 minutes, the renewed certificate deployed (a graceful restart
//     reading portal.example.com-2025.crt) without its intermediate: browsers complete
//     the chain themselves, but every handshake of the Android app (certificate
//     unknown), the payment provider's Java client (certificate unknown, retried three
//     times), the customers' Python scripts and UptimeRobot (unknown ca) and the
//     blackbox probe (bad certificate) fails: AH01964, AH02008, SSL Library Error,
//     AH01998, and their requests are never made; it ends with another graceful restart
//     reading the full chain. Both restarts and the failed handshakes are the incident's.

var holdout15 = Family{
	Name:    "holdout-15",
	Role:    Holdout,
	Service: "Apache httpd 2.4.62 (official image, event MPM) in a container as the TLS-terminating reverse proxy of a customer portal (mod_ssl, mod_proxy_balancer over four Tomcats): combined access log with %D on stdout and the default error log format at LogLevel warn ssl:info on stderr, interleaved as docker logs shows them",
	Lines:   holdout15Lines,
}

const (
	h15Segv  = "an httpd child process killed by a segmentation fault (AH00052)"
	h15Hang  = "Tomcat member app-3 hanging: its requests slow, then timing out after 30 s (502, AH01102, AH02460) while the balancer keeps retrying it, until it is restarted"
	h15Slow  = "slow-header (slowloris) attack from a botnet exhausting MaxRequestWorkers: 408s after 20 s, abandoned handshakes, AH10159 and AH00484"
	h15Chain = "renewed certificate deployed without its intermediate: TLS handshakes of the Android app, API clients and monitors failing (certificate unknown, unknown ca)"
)

const (
	h15Vhost  = "portal.example.com:443"
	h15Site   = "https://portal.example.com"
	h15DocURL = "https://docs.example.com"
	h15Root   = "/usr/local/apache2/htdocs"
	h15TLS    = "/usr/local/apache2/conf/tls/"
	h15ErrLay = "Mon Jan 02 15:04:05.000000 2006"
	h15AccLay = "02/Jan/2006:15:04:05 -0700"
	h15Stack  = 8392704 // bytes between two threads' stacks, so between their pthread ids
	h15Server = "Apache/2.4.62 (Unix) OpenSSL/3.0.14"
)

// h15Child is one child process of the event MPM: 25 worker threads in a scoreboard
// slot; a connection's id is slot*64 (ThreadLimit) + thread.
type h15Child struct {
	slot, pid int
	main      int64 // the pthread id of its main thread; its workers' lie below it
	from, to  time.Time
}

func (c *h15Child) tid(thread int) int64 { return c.main - int64(thread+2)*h15Stack }

// h15Conn is a client's connection, kept alive 5 s (KeepAliveTimeout) between requests.
type h15Conn struct {
	ch           *h15Child
	thread, port int
	last         time.Time
}

// h15Client is who sends requests: a browser, an app, an API client, a monitor, a bot.
type h15Client struct {
	ip, ua string
	tls    bool   // port 443; port 80 only serves /healthz, /server-status and redirects
	strict bool   // does not fetch a missing intermediate certificate
	alert  string // what its rejection of the certificate chain shows in the error log
	sticky bool   // keeps the ROUTEID cookie of the balancer
	route  int    // its member when sticky, -1 before the first proxied request
	cached bool   // has the static bundle in its cache
	bundle int    // the release of the bundle it has: 0 2024.09.1, 1 2024.09.2
	conn   *h15Conn
	tr     truth
}

// h15Rq is one request and what answers it when nothing goes wrong.
type h15Rq struct {
	method, path, ref string
	status, size      int     // size 0 shows as "-"
	ms                float64 // median milliseconds the backend takes (proxied requests)
	proxy, static     bool    // proxied to balancer://portal, or a file httpd sends
	// the error line a local response writes
	emod, elvl, eno, emsg string
	tr                    truth
}

// h15Ctx is what an error line of a request shows of it.
type h15Ctx struct {
	pid    int
	tid    int64
	client string
	ref    string
}

// h15Hit is one connection of the slow-header attack, as the worker pool took it.
type h15Hit struct {
	at, end time.Time
	ip, ua  string
	held    bool // a worker held until the header timeout; else the bot had given up
}

type h15Log struct {
	g          *gen
	j          *journal
	start, end time.Time
	parent     int64 // pthread id of the parent's (pid 1) thread
	pid        int   // the next pid
	children   []*h15Child

	docs, deploy, campaign, debug change
	docsFix, debugOff             time.Time
	segvAt                        time.Time
	// app-3 hanging: slow from slowAt, hung from hangAt, killed at killAt, listening
	// again at tomcatUp and taken back by the balancer at back3.
	slowAt, hangAt, killAt, tomcatUp, back3 time.Time
	windows                                 [][2]time.Time // app-3 accepting requests while hung
	refusals                                []time.Time    // app-3 retried while down
	// the rolling deploy, per member
	drain, stop, up, enable [4]time.Time
	// the attack
	attackAt, attackStop           time.Time
	hits                           []h15Hit
	spawnAt                        [4]time.Time
	nearAt, fullAt, satFrom, satTo time.Time
	// the certificate without its chain
	badAt, fixAt time.Time
}

func holdout15Lines(seed int64) []Line {
	start := time.Date(2024, 9, 12, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 36)
	h := &h15Log{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h.docs = change{"new virtual host docs.example.com, /portal/help redirected to it: graceful restart, documentation traffic", at(14, 0, 50)}
	h.docsFix = h.docs.start.Add(h.ms(200_000, 380_000))
	h.segvAt = at(31, 0, 55)
	h.slowAt = at(40, 0, 50)
	h.hangAt = h.slowAt.Add(h.ms(105_000, 140_000))
	h.killAt = at(53, 0, 40) // about; hangWindows sets it
	h.deploy = change{"rolling deploy of release 2024.09.2 to the Tomcat pool: members drained, restarted and re-enabled one by one through balancer-manager", at(65, 0, 50)}
	h.campaign = change{"marketing e-mail campaign: visitors ramping up on the new autumn-2024 landing page and its offer", at(82, 0, 40)}
	h.attackAt = at(104, 0, 40)
	h.attackStop = h.attackAt.Add(h.ms(500_000, 570_000))
	h.debug = change{"LogLevel proxy_balancer:debug for 15 minutes to look into session stickiness: two graceful restarts, debug lines for every proxied request", at(122, 0, 50)}
	h.debugOff = h.debug.start.Add(15*time.Minute + h.ms(-20_000, 30_000))
	h.badAt = at(146, 0, 40)
	h.fixAt = h.badAt.Add(h.ms(1_250_000, 1_370_000))
	h.hangWindows()
	h.deploySchedule()
	h.attackSim()

	// The processes, in the order they were started: what was running at the start,
	// the graceful restarts, the child that crashed, the children the load added.
	h.parent = 0x7f3a_0000_0000 + int64(g.intn(0x10000))*0x10000 + 0x4780
	h.pid = g.between(240, 900)
	for s := 0; s < 4; s++ {
		h.spawn(s, start.Add(-70*time.Hour))
	}
	base := [][3]string{{h15Vhost, h15TLS + "portal.example.com.crt", h15TLS + "portal.example.com.key"},
		{"www.example.com:443", h15TLS + "www.example.com.crt", h15TLS + "www.example.com.key"}}
	withDocs := append(slices.Clone(base), [3]string{"docs.example.com:443", h15TLS + "docs.example.com.crt", h15TLS + "docs.example.com.key"})
	h.restart(h.docs.truth(), h.docs.start, withDocs, false)
	h.segfault()
	h.spawn(4, h.hangAt.Add(h.ms(9_000, 20_000)))
	h.spawn(5, h.hangAt.Add(h.ms(21_000, 32_000)))
	for i, t := range h.spawnAt {
		h.spawn(6+i, t)
	}
	h.restart(h.debug.truth(), h.debug.start, withDocs, true)
	h.restart(h.debug.truth(), h.debugOff, withDocs, false)
	renewed := slices.Clone(withDocs)
	renewed[0][1], renewed[0][2] = h15TLS+"portal.example.com-2025.crt", h15TLS+"portal.example.com-2025.key"
	h.restart(incident(h15Chain), h.badAt, renewed, false)
	renewed[0][1] = h15TLS + "portal.example.com-2025-fullchain.crt"
	h.restart(incident(h15Chain), h.fixAt, renewed, false)

	h.attackLines()
	h.hangLines()
	h.deployLines()

	// Customers in browsers and in the apps, from 20 minutes before, so that the log
	// opens on visits under way.
	warm := start.Add(-20 * time.Minute)
	g.arrivals(warm, h.end, func(t time.Time) float64 { return 0.36 * h.load(t) }, func(t time.Time) {
		h.browserVisit(t, h.browser(routine))
	})
	g.arrivals(warm, h.end, func(t time.Time) float64 { return 0.3 * h.load(t) }, h.appVisit)
	h.thin(h.campaign.start, 0.4, h.campaignRate, h.campaignVisit)
	h.thin(h.docs.start.Add(40*time.Second), 0.035, func(t time.Time) float64 {
		return 0.035 * rampUp(t, h.docs.start, 20*time.Minute)
	}, func(t time.Time) {
		h.docsVisit(t, h.browser(h.docs.truth()), "-")
	})
	h.machines()
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 35 }, h.crawler)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 230 }, h.scan)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 40 }, h.tlsNoise)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 800 }, h.backendReset)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 1500 }, h.uploadReset)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 2300 }, h.bigHeader)
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 1700 }, h.misdirected)
	return h.j.sorted(h.end)
}

// thin calls fn at the times of a Poisson process of rate(t) (at most peak) events a
// second from from to the end, drawn by thinning one of rate peak: a rate that starts at
// 0 and ramps up.
func (h *h15Log) thin(from time.Time, peak float64, rate func(time.Time) float64, fn func(time.Time)) {
	h.g.arrivals(from, h.end, func(time.Time) float64 { return peak }, func(t time.Time) {
		if h.g.chance(rate(t) / peak) {
			fn(t)
		}
	})
}

// ms is a duration of lo to hi milliseconds, to the microsecond.
func (h *h15Log) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *h15Log) us(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo, hi)) * time.Microsecond
}

func (h *h15Log) secs(median, sigma float64) time.Duration {
	return time.Duration(h.g.lognormal(median, sigma) * float64(time.Second))
}

func (h *h15Log) size(median, sigma float64) int { return max(1, int(h.g.lognormal(median, sigma))) }

// load is the portal's traffic, rising through the morning.
func (h *h15Log) load(t time.Time) float64 {
	return 0.8 + 0.35*rampUp(t, h.start, 2*time.Hour)
}

func (h *h15Log) add(tr truth, at time.Time, text string) {
	if at.Before(h.start) { // the visits under way when the log opens
		return
	}
	if tr.change != "" && at.Before(tr.changeStart) {
		at = tr.changeStart
	}
	h.j.add(tr, at, text)
}

// elog writes an error log line in httpd's default ErrorLogFormat; src (file and line)
// shows on debug lines only, errno is an APR status ("(111)Connection refused").
func (h *h15Log) elog(tr truth, at time.Time, pid int, tid int64, mod, lvl, src, errno, client, msg, ref string) {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] [%s:%s] [pid %d:tid %d] ", at.Format(h15ErrLay), mod, lvl, pid, tid)
	if src != "" {
		b.WriteString(src + ": ")
	}
	if errno != "" {
		b.WriteString(errno + ": ")
	}
	if client != "" {
		b.WriteString("[client " + client + "] ")
	}
	b.WriteString(msg)
	if ref != "" && ref != "-" {
		b.WriteString(", referer: " + ref)
	}
	h.add(tr, at, b.String())
}

// pe writes a line of the parent process.
func (h *h15Log) pe(tr truth, at time.Time, mod, lvl, msg string) {
	h.elog(tr, at, 1, h.parent, mod, lvl, "", "", "", msg, "")
}

// re writes a line of a request.
func (h *h15Log) re(tr truth, at time.Time, x h15Ctx, mod, lvl, src, errno, msg string) {
	h.elog(tr, at, x.pid, x.tid, mod, lvl, src, errno, x.client, msg, x.ref)
}

// access writes the access log line of a request, when it ended; %t shows when it began.
func (h *h15Log) access(tr truth, ip string, start, end time.Time, req string, status, size int, ref, ua string) {
	if ref == "" {
		ref = "-"
	}
	sz := "-"
	if size > 0 {
		sz = fmt.Sprint(size)
	}
	d := end.Sub(start).Microseconds()
	if d < 1 {
		d = 1
	}
	h.add(tr, end, fmt.Sprintf(`%s - - [%s] "%s" %d %s "%s" "%s" %d`, ip, start.Format(h15AccLay), req, status, sz, ref, ua, d))
}

// spawn starts a child process in a scoreboard slot.
func (h *h15Log) spawn(slot int, at time.Time) *h15Child {
	c := &h15Child{slot: slot, pid: h.pid, main: 0x7f3a_0000_0000 + int64(h.g.intn(0x10000))*0x10000 + 0x66c0, from: at, to: h.end.Add(time.Hour)}
	h.pid++
	if h.g.chance(0.15) { // a process of someone's docker exec
		h.pid += h.g.between(1, 3)
	}
	h.children = append(h.children, c)
	return c
}

// child picks the process and worker thread that takes a connection at t.
func (h *h15Log) child(t time.Time) (*h15Child, int) {
	n := 0
	for _, c := range h.children {
		if !t.Before(c.from) && t.Before(c.to) {
			n++
		}
	}
	k := h.g.intn(max(n, 1))
	for _, c := range h.children {
		if !t.Before(c.from) && t.Before(c.to) {
			if k == 0 {
				return c, h.g.intn(25)
			}
			k--
		}
	}
	return h.children[len(h.children)-1], h.g.intn(25)
}

// restart is a graceful restart (SIGUSR1, apachectl -k graceful through docker exec):
// the configuration read again, mod_ssl's start-up lines at info, a new generation of
// children.
func (h *h15Log) restart(tr truth, at time.Time, vhosts [][3]string, debug bool) {
	h.pe(tr, at, "mpm_event", "notice", "AH00493: SIGUSR1 received.  Doing graceful restart")
	t := at.Add(h.ms(30, 90))
	next := func(lo, hi int) time.Time {
		t = t.Add(h.us(lo, hi))
		return t
	}
	h.pe(tr, next(200, 900), "ssl", "info", "AH01883: Init: Initialized OpenSSL library")
	h.pe(tr, next(20, 80), "ssl", "info", "AH01887: Init: Initializing (virtual) servers for SSL")
	for _, v := range vhosts {
		h.pe(tr, next(10, 60), "ssl", "info", "AH01914: Configuring server "+v[0]+" for SSL protocol")
		h.pe(tr, next(900, 4000), "ssl", "info", fmt.Sprintf("AH02568: Certificate and private key %s:0 configured from %s and %s", v[0], v[1], v[2]))
	}
	h.pe(tr, next(50, 300), "ssl", "info", "AH01876: mod_ssl/2.4.62 compiled against Server: Apache/2.4.62, Library: OpenSSL/3.0.14")
	if debug {
		h.elog(tr, next(100, 400), 1, h.parent, "proxy_balancer", "debug", "mod_proxy_balancer.c(919)", "", "", "AH01178: Doing balancers create: 664, 1 (6)", "")
		h.elog(tr, next(100, 400), 1, h.parent, "proxy_balancer", "debug", "mod_proxy_balancer.c(986)", "", "", "AH01184: Doing workers create: balancer://portal (p5e0c4a17_portal), 2496, 4 [0]", "")
	}
	h.pe(tr, next(3000, 9000), "mpm_event", "notice", "AH00489: "+h15Server+" configured -- resuming normal operations")
	h.pe(tr, next(10, 60), "core", "notice", "AH00094: Command line: 'httpd -D FOREGROUND'")
	for _, c := range h.children {
		if c.to.After(at) {
			c.to = t.Add(h.ms(150, 900)) // the old generation finishes what it is doing
		}
	}
	for s := 0; s < 4; s++ {
		c := h.spawn(s, t.Add(h.ms(1, 40)))
		if debug {
			at := c.from.Add(h.us(300, 900))
			for m := 0; m < 4; m++ {
				at = at.Add(h.us(15, 60))
				h.elog(tr, at, c.pid, c.main, "proxy_balancer", "debug", "mod_proxy_balancer.c(117)", "", "",
					fmt.Sprintf("AH01158: Looking at balancer://portal -> http://app-%d:8080 initialized?", m+1), "")
			}
		}
	}
}

// segfault: a child process dies of a segmentation fault; the parent reaps it and
// starts another in its slot a second later.
func (h *h15Log) segfault() {
	c, _ := h.child(h.segvAt)
	c.to = h.segvAt.Add(-h.ms(1, 30))
	h.pe(incident(h15Segv), h.segvAt, "core", "notice", fmt.Sprintf("AH00052: child pid %d exit signal Segmentation fault (11)", c.pid))
	h.spawn(c.slot, h.segvAt.Add(h.ms(900, 1100)))
}

// connect returns the connection a request at t goes on: the client's kept-alive one, or
// a new one (AH01964 at ssl:info), unless the handshake fails.
func (h *h15Log) connect(c *h15Client, t time.Time, tr truth) (*h15Conn, bool) {
	if c.conn != nil && t.Sub(c.conn.last) < 5*time.Second && t.Before(c.conn.ch.to) {
		return c.conn, true
	}
	c.conn = nil
	at := t
	if c.tls {
		at = t.Add(-h.ms(20, 160)) // the handshake before the request
	}
	ch, th := h.child(at)
	cn := &h15Conn{ch: ch, thread: th, port: h.g.between(20000, 64999), last: t}
	if !c.tls {
		c.conn = cn
		return cn, true
	}
	client := fmt.Sprintf("%s:%d", c.ip, cn.port)
	switch {
	case h.starved(at) && h.g.chance(0.08): // waited for a worker, gave up
		h.abandoned(incident(h15Slow), at, ch, th, client)
		return nil, false
	case c.strict && !at.Before(h.badAt.Add(800*time.Millisecond)) && at.Before(h.fixAt.Add(800*time.Millisecond)):
		h.rejected(incident(h15Chain), at, ch, th, client, c.alert)
		return nil, false
	}
	h.established(tr, at, ch, th, client)
	c.conn = cn
	return cn, true
}

func (h *h15Log) established(tr truth, at time.Time, ch *h15Child, th int, client string) {
	h.elog(tr, at, ch.pid, ch.tid(th), "ssl", "info", "", "", client, fmt.Sprintf("AH01964: Connection to child %d established (server %s)", ch.slot*64+th, h15Vhost), "")
}

// rejected: the handshake fails with an SSL library error.
func (h *h15Log) rejected(tr truth, at time.Time, ch *h15Child, th int, client, lib string) {
	h.established(tr, at, ch, th, client)
	t := at.Add(h.ms(15, 140))
	tid := ch.tid(th)
	h.elog(tr, t, ch.pid, tid, "ssl", "info", "", "", client, "AH02008: SSL library error 1 in handshake (server "+h15Vhost+")", "")
	h.elog(tr, t.Add(h.us(10, 40)), ch.pid, tid, "ssl", "info", "", "", "", "SSL Library Error: "+lib, "")
	h.elog(tr, t.Add(h.us(50, 120)), ch.pid, tid, "ssl", "info", "", "", client, fmt.Sprintf("AH01998: Connection closed to child %d with abortive shutdown (server %s)", ch.slot*64+th, h15Vhost), "")
}

// abandoned: the client closed the connection before its handshake.
func (h *h15Log) abandoned(tr truth, at time.Time, ch *h15Child, th int, client string) {
	h.established(tr, at, ch, th, client)
	t := at.Add(h.us(150, 2000))
	tid := ch.tid(th)
	h.elog(tr, t, ch.pid, tid, "ssl", "info", "", "(70014)End of file found", client, "AH02006: SSL handshake stopped: connection was closed", "")
	h.elog(tr, t.Add(h.us(20, 90)), ch.pid, tid, "ssl", "info", "", "", client, fmt.Sprintf("AH01998: Connection closed to child %d with abortive shutdown (server %s)", ch.slot*64+th, h15Vhost), "")
}

// starved reports whether every worker thread was taken by the attack at t.
func (h *h15Log) starved(t time.Time) bool {
	return !t.Before(h.satFrom) && t.Before(h.satTo)
}

// serve makes one request of c at t and returns when it ended; ok is false when it was
// never made (the handshake failed).
func (h *h15Log) serve(c *h15Client, t time.Time, q h15Rq) (time.Time, bool) {
	tr := merge(c.tr, q.tr)
	cn, ok := h.connect(c, t, tr)
	if !ok {
		return t, false
	}
	x := h15Ctx{pid: cn.ch.pid, tid: cn.ch.tid(h.g.intn(25)), client: fmt.Sprintf("%s:%d", c.ip, cn.port), ref: q.ref}
	if q.proxy {
		end := h.proxy(c, x, t, q, tr)
		cn.last = end
		return end, true
	}
	var end time.Time
	if q.static {
		end = t.Add(h.sendTime(q.size, q.status))
	} else {
		end = t.Add(h.us(140, 1100))
		if q.emsg != "" {
			h.re(tr, t.Add(end.Sub(t)/2), x, q.emod, q.elvl, "", q.eno, q.emsg)
		}
	}
	cn.last = end
	h.access(tr, c.ip, t, end, q.method+" "+q.path+" HTTP/1.1", q.status, q.size, q.ref, c.ua)
	return end, true
}

// sendTime is how long httpd takes to send a file of size bytes to a client.
func (h *h15Log) sendTime(size, status int) time.Duration {
	if status == 304 || size == 0 {
		return h.us(110, 520)
	}
	bw := h.g.lognormal(4000, 0.8) // bytes a millisecond
	return h.us(120, 400) + time.Duration(float64(size)/bw*float64(time.Millisecond))
}

// member says how app-m serves a request that starts at t: hung (it times out), or in
// factor times its usual time, and the truth of what changes it.
func (h *h15Log) member(m int, t time.Time) (hung bool, factor float64, tr truth) {
	switch {
	case m == 2 && !t.Before(h.slowAt) && t.Before(h.hangAt):
		x := float64(t.Sub(h.slowAt)) / float64(h.hangAt.Sub(h.slowAt))
		return false, 3 + 45*x*x, incident(h15Hang)
	case m == 2 && !t.Before(h.hangAt) && t.Before(h.killAt):
		return true, 1, incident(h15Hang)
	case m == 2 && !t.Before(h.back3) && t.Before(h.back3.Add(90*time.Second)):
		return false, 1 + 3*(1-float64(t.Sub(h.back3))/float64(90*time.Second)), incident(h15Hang)
	case !t.Before(h.enable[m]) && t.Before(h.enable[m].Add(150*time.Second)): // a new JVM warming up
		return false, 1 + 1.8*(1-float64(t.Sub(h.enable[m]))/float64(150*time.Second)), h.deploy.truth()
	}
	return false, 1, routine
}

// usable reports whether the balancer sends a request at t to app-m; a drained member
// still takes the requests that stick to it.
func (h *h15Log) usable(m int, t time.Time, sticky bool) bool {
	if m == 2 && !t.Before(h.hangAt) && t.Before(h.back3) {
		for _, w := range h.windows {
			if !t.Before(w[0]) && t.Before(w[1]) {
				return true
			}
		}
		return false
	}
	if !t.Before(h.stop[m]) && t.Before(h.enable[m]) {
		return false
	}
	return sticky || t.Before(h.drain[m]) || !t.Before(h.enable[m])
}

// route is the member a proxied request of c at t goes to (lbmethod byrequests, sticky
// on ROUTEID).
func (h *h15Log) route(c *h15Client, t time.Time) int {
	if c.sticky && c.route >= 0 && h.usable(c.route, t, true) {
		return c.route
	}
	var cand [4]int
	n := 0
	for m := 0; m < 4; m++ {
		if h.usable(m, t, false) {
			cand[n] = m
			n++
		}
	}
	m := cand[h.g.intn(max(n, 1))]
	if c.sticky {
		c.route = m
	}
	return m
}

// proxy passes a request to the balancer and writes what comes of it.
func (h *h15Log) proxy(c *h15Client, x h15Ctx, t time.Time, q h15Rq, tr truth) time.Time {
	old := -1
	if c.sticky {
		old = c.route
	}
	m := h.route(c, t)
	hung, f, mtr := h.member(m, t)
	tr = merge(mtr, tr)
	req := q.method + " " + q.path + " HTTP/1.1"
	uri, _, _ := strings.Cut(q.path, "?")
	debug := !t.Before(h.debug.start.Add(time.Second)) && t.Before(h.debugOff)
	dtr := merge(tr, h.debug.truth())
	if debug {
		at := t.Add(h.us(40, 120))
		if old >= 0 {
			h.re(dtr, at, x, "proxy_balancer", "debug", "mod_proxy_balancer.c(294)", "", fmt.Sprintf("AH01160: Found value .app-%d for stickysession ROUTEID", old+1))
			h.re(dtr, at.Add(h.us(2, 9)), x, "proxy_balancer", "debug", "mod_proxy_balancer.c(307)", "", fmt.Sprintf("AH01161: Found route app-%d", old+1))
		}
		h.re(dtr, at.Add(h.us(10, 30)), x, "proxy_balancer", "debug", "mod_proxy_balancer.c(631)", "",
			fmt.Sprintf("AH01172: balancer://portal: worker (http://app-%d:8080) rewritten to http://app-%d:8080%s", m+1, m+1, q.path))
	}
	var end time.Time
	status, size := q.status, q.size
	if hung {
		end = t.Add(30*time.Second + h.us(200, 3000))
		status, size = 502, 341
		if !end.Before(h.killAt) { // Tomcat killed under the waiting request
			end = h.killAt.Add(h.ms(1, 40))
			h.re(tr, end.Add(-h.us(90, 200)), x, "proxy_http", "error", "", "(104)Connection reset by peer", "AH01102: error reading status line from remote server app-3:8080")
			h.re(tr, end.Add(-h.us(40, 80)), x, "proxy", "error", "", "", "AH00898: Error reading from remote server returned by "+uri)
		} else {
			h.re(tr, end.Add(-h.us(120, 260)), x, "proxy_http", "error", "", "(70007)The timeout specified has expired", "AH01102: error reading status line from remote server app-3:8080")
			h.re(tr, end.Add(-h.us(60, 110)), x, "proxy", "error", "", "", "AH00898: Error reading from remote server returned by "+uri)
			h.re(tr, end.Add(-h.us(20, 50)), x, "proxy_balancer", "error", "", "", "AH02460: balancer://portal: Forcing worker (http://app-3:8080) into error state due to timeout and 'failontimeout' parameter being set")
		}
	} else {
		d := h.g.lognormal(q.ms, 0.45) * f
		if h.g.chance(0.006) { // a slow query, a full GC
			d *= h.g.lognormal(9, 0.5)
		}
		end = t.Add(time.Duration(d*float64(time.Millisecond)) + h.us(300, 900))
	}
	if debug {
		h.re(dtr, end.Add(-h.us(5, 15)), x, "proxy_balancer", "debug", "mod_proxy_balancer.c(691)", "", "AH01176: proxy_balancer_post_request for (balancer://portal)")
	}
	h.access(tr, c.ip, t, end, req, status, size, q.ref, c.ua)
	return end
}

// Requests: proxied, a static file, a local response.
func h15P(method, path, ref string, status, size int, ms float64) h15Rq {
	return h15Rq{method: method, path: path, ref: ref, status: status, size: size, ms: ms, proxy: true}
}

func h15S(path, ref string, status, size int) h15Rq {
	return h15Rq{method: "GET", path: path, ref: ref, status: status, size: size, static: true}
}

func h15L(method, path, ref string, status, size int) h15Rq {
	return h15Rq{method: method, path: path, ref: ref, status: status, size: size}
}

// h15E is a local response with its error line.
func h15E(method, path string, status, size int, mod, eno, msg string) h15Rq {
	return h15Rq{method: method, path: path, ref: "-", status: status, size: size, emod: mod, elvl: "error", eno: eno, emsg: msg}
}

var h15Browsers = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
}

var h15Phones = []string{
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/128.0.6613.99 Mobile Safari/537.36",
}

func (h *h15Log) browser(tr truth) *h15Client {
	return &h15Client{ip: h.g.publicIP(), ua: pick(h.g, h15Browsers), tls: true, sticky: true, route: -1, cached: h.g.chance(0.55), tr: tr}
}

// The static bundle of each release, and the files every release shares.
var (
	h15Bundle = [2][2]struct {
		path string
		size int
	}{{{"/static/js/app.3f9c1e27.js", 412337}, {"/static/css/app.a81b22f0.css", 58214}},
		{{"/static/js/app.7c41d2e9.js", 415902}, {"/static/css/app.c05e9a13.css", 58870}}}
	h15Common = []struct {
		path string
		size int
	}{{"/static/js/vendor.91d0b7aa.js", 781220}, {"/static/img/logo.svg", 4127}, {"/static/fonts/inter-var.woff2", 97528}, {"/favicon.ico", 15086}}
)

// upgraded reports whether app-m serves release 2024.09.2 at t.
func (h *h15Log) upgraded(m int, t time.Time) bool { return m >= 0 && !t.Before(h.up[m]) }

// assets loads the static files a page needs that the browser lacks: all of them on a
// first visit, the new release's bundle once a member running it served the page, a
// revalidation of the unversioned files now and then.
func (h *h15Log) assets(c *h15Client, t time.Time, page string) {
	rel := 0
	if h.upgraded(c.route, t) {
		rel = 1
	}
	tr := routine
	if rel == 1 {
		tr = h.deploy.truth()
	}
	at := t.Add(h.ms(15, 60))
	get := func(q h15Rq) {
		if end, ok := h.serve(c, at, q); ok {
			at = at.Add(end.Sub(at) / 3).Add(h.us(200, 3000))
		}
	}
	switch {
	case !c.cached:
		for _, f := range h15Bundle[rel] {
			q := h15S(f.path, page, 200, f.size)
			q.tr = tr
			get(q)
		}
		for _, f := range h15Common {
			get(h15S(f.path, page, 200, f.size))
		}
	case c.bundle != rel:
		for _, f := range h15Bundle[rel] {
			q := h15S(f.path, page, 200, f.size)
			q.tr = tr
			get(q)
		}
	case h.g.chance(0.2):
		for _, f := range h15Common[1:] {
			get(h15S(f.path, page, 304, 0))
		}
	}
	c.cached, c.bundle = true, rel
}

// preconnect: a browser opens a connection it never uses; 20 s later (RequestReadTimeout
// header=20-40) httpd logs a 408 without a request.
func (h *h15Log) preconnect(c *h15Client, t time.Time) {
	at := t.Add(h.ms(2, 40))
	ch, th := h.child(at)
	port := h.g.between(20000, 64999)
	h.established(c.tr, at, ch, th, fmt.Sprintf("%s:%d", c.ip, port))
	end := at.Add(20*time.Second + h.ms(0, 40))
	h.access(c.tr, c.ip, end.Add(-h.us(8, 60)), end, "-", 408, 0, "-", "-")
}

// page loads a page of the portal and the API calls its script makes.
func (h *h15Log) page(c *h15Client, t time.Time, path, ref string, size int, ms float64, xhr ...h15Rq) (time.Time, bool) {
	end, ok := h.serve(c, t, h15P("GET", path, ref, 200, size, ms))
	if !ok {
		return end, false
	}
	url := h15Site + path
	if c.bundle == 0 && h.upgraded(c.route, end) {
		h.assets(c, end, url)
	}
	at := end.Add(h.ms(60, 400))
	last := end
	for _, q := range xhr {
		q.ref = url
		if e, ok := h.serve(c, at, q); ok {
			if e.After(last) {
				last = e
			}
			at = at.Add(h.ms(1, 40))
		}
	}
	return last, true
}

// login posts the login form until it works (a wrong password now and then).
func (h *h15Log) login(c *h15Client, t time.Time, form string) (time.Time, bool) {
	for try := 0; try < 3; try++ {
		if h.g.chance(0.9) {
			return h.serve(c, t, h15P("POST", "/portal/login", form, 302, 0, 240))
		}
		end, ok := h.serve(c, t, h15P("POST", "/portal/login", form, 200, h.size(8300, 0.02), 250))
		if !ok {
			return end, false
		}
		t = end.Add(h.secs(9, 0.4))
	}
	return t, false
}

// browserVisit: a customer signs in (or still is), then opens a few pages.
func (h *h15Log) browserVisit(t time.Time, c *h15Client) {
	home := h15Site + "/portal/home"
	ok := true
	if h.g.chance(0.3) {
		if t, ok = h.serve(c, t, h15L("GET", "/", "-", 302, 175+len(home))); !ok {
			return
		}
		t = t.Add(h.ms(20, 90))
	}
	if h.g.chance(0.25) {
		h.preconnect(c, t)
	}
	acct := h.g.between(100000, 999999)
	ref := "-"
	if !h.g.chance(0.3) { // not signed in
		if t, ok = h.serve(c, t, h15P("GET", "/portal/home", ref, 302, 0, 9)); !ok {
			return
		}
		form := "/portal/login?next=%2Fportal%2Fhome"
		if t, ok = h.serve(c, t.Add(h.ms(20, 90)), h15P("GET", form, ref, 200, h.size(7900, 0.02), 24)); !ok {
			return
		}
		h.assets(c, t, h15Site+form)
		if t, ok = h.login(c, t.Add(h.secs(10, 0.5)), h15Site+form); !ok {
			return
		}
		ref = h15Site + form
		t = t.Add(h.ms(30, 120))
	}
	if t, ok = h.page(c, t, "/portal/home", ref, h.size(22500, 0.06), 75, h.notifications(), h15P("GET", "/portal/api/accounts/summary", "", 200, h.size(1250, 0.2), 38)); !ok {
		return
	}
	if !c.cached {
		h.assets(c, t, home)
	}
	page := home
	for n := h.g.between(1, 9); n > 0 && t.Before(h.end); n-- {
		t = t.Add(h.secs(16, 0.8))
		if t, page, ok = h.browse(c, t, acct, page); !ok {
			return
		}
	}
	if h.g.chance(0.2) {
		t = t.Add(h.secs(10, 0.6))
		if t, ok = h.serve(c, t, h15P("GET", "/portal/logout", page, 302, 0, 14)); ok {
			h.serve(c, t.Add(h.ms(20, 80)), h15P("GET", "/portal/login?logout", page, 200, h.size(7900, 0.02), 22))
		}
	}
}

func (h *h15Log) notifications() h15Rq {
	return h15P("GET", "/portal/api/notifications/unread", "", 200, h.size(180, 0.6), 18)
}

// browse opens one more page, with its API calls; it returns the page's URL.
func (h *h15Log) browse(c *h15Client, t time.Time, acct int, ref string) (time.Time, string, bool) {
	inv := h.g.between(2_400_000, 2_499_999)
	var path string
	var end time.Time
	ok := true
	switch x := h.g.rng.Float64(); {
	case x < 0.17:
		path = "/portal/accounts"
		end, ok = h.page(c, t, path, ref, h.size(14100, 0.05), 62, h15P("GET", "/portal/api/accounts", "", 200, h.size(2600, 0.4), 41))
	case x < 0.36:
		path = fmt.Sprintf("/portal/accounts/%d", acct)
		end, ok = h.page(c, t, path, ref, h.size(16300, 0.05), 70,
			h15P("GET", fmt.Sprintf("/portal/api/accounts/%d", acct), "", 200, h.size(1200, 0.2), 35),
			h15P("GET", fmt.Sprintf("/portal/api/accounts/%d/transactions?page=%d&size=25", acct, h.g.between(1, 3)), "", 200, h.size(8800, 0.3), 115))
	case x < 0.52:
		path = "/portal/invoices"
		end, ok = h.page(c, t, path, ref, h.size(15000, 0.05), 66, h15P("GET", "/portal/api/invoices?status=open&page=1", "", 200, h.size(5200, 0.4), 92))
	case x < 0.66:
		path = fmt.Sprintf("/portal/invoices/%d", inv)
		end, ok = h.page(c, t, path, ref, h.size(13800, 0.05), 64, h15P("GET", fmt.Sprintf("/portal/api/invoices/%d", inv), "", 200, h.size(2100, 0.3), 44))
		if ok && h.g.chance(0.35) { // the PDF, sometimes abandoned half way
			size := h.size(140_000, 0.4)
			q := h15P("GET", fmt.Sprintf("/portal/api/invoices/%d/pdf", inv), h15Site+path, 200, size, 360)
			if h.g.chance(0.05) {
				q.size = size * h.g.between(5, 70) / 100
			}
			end, _ = h.serve(c, end.Add(h.secs(3, 0.6)), q)
		}
	case x < 0.74:
		path = "/portal/payments/new"
		end, ok = h.page(c, t, path, ref, h.size(12100, 0.04), 58, h15P("GET", "/portal/api/payment-methods", "", 200, h.size(820, 0.2), 30))
		if ok && h.g.chance(0.4) {
			end, _ = h.serve(c, end.Add(h.secs(25, 0.5)), h15P("POST", "/portal/api/payments", h15Site+path, 201, h.size(420, 0.1), 280))
		}
	case x < 0.82:
		path = "/portal/settings"
		end, ok = h.page(c, t, path, ref, h.size(11200, 0.04), 55, h15P("GET", "/portal/api/profile", "", 200, h.size(910, 0.1), 28))
	case x < 0.93:
		path = "/portal/support/tickets"
		end, ok = h.page(c, t, path, ref, h.size(13300, 0.05), 60, h15P("GET", "/portal/api/tickets?status=open", "", 200, h.size(1600, 0.5), 52))
		if ok && h.g.chance(0.15) {
			end, _ = h.serve(c, end.Add(h.secs(40, 0.5)), h15P("POST", "/portal/api/tickets", h15Site+path, 201, h.size(350, 0.1), 160))
		}
		if ok && h.g.chance(0.08) {
			end, _ = h.serve(c, end.Add(h.secs(20, 0.5)), h15P("POST", "/portal/api/documents", h15Site+path, 201, h.size(310, 0.1), 900))
		}
	case x < 0.95:
		path = "/portal/help"
		if t.Before(h.docs.start) {
			end, ok = h.page(c, t, path, ref, h.size(9400, 0.03), 40)
		} else { // redirected to the new documentation site
			q := h15L("GET", path, ref, 301, 195+len(h15DocURL)+1)
			q.tr = h.docs.truth()
			if end, ok = h.serve(c, t, q); ok {
				c.conn = nil
				d := *c
				d.tr = h.docs.truth()
				h.docsVisit(end.Add(h.ms(30, 120)), &d, h15Site+path)
			}
			return end, ref, ok
		}
	default:
		path = "/portal/reports/statement"
		end, ok = h.page(c, t, path, ref, h.size(10300, 0.04), 52)
		if ok {
			from := h.start.AddDate(0, -h.g.between(1, 12), 0).Format("2006-01")
			end, _ = h.serve(c, end.Add(h.secs(8, 0.5)), h15P("GET", "/portal/api/reports/statement?month="+from+"&format=pdf", h15Site+path, 200, h.size(90_000, 0.5), 3200))
		}
	}
	if ok && h.g.chance(0.5) { // the page polls for notifications
		q := h.notifications()
		q.ref = h15Site + path
		h.serve(c, end.Add(h.secs(30, 0.5)), q)
	}
	return end, h15Site + path, ok
}

// The documentation site: its pages and assets, relative to docs.example.com.
var (
	h15DocPages = []struct {
		path string
		size int
	}{{"/", 14211}, {"/guides/getting-started.html", 18544}, {"/guides/invoices.html", 16320}, {"/guides/payments.html", 17902},
		{"/guides/accounts.html", 15127}, {"/faq.html", 22310}, {"/api/index.html", 24388}, {"/api/accounts.html", 31277},
		{"/api/invoices.html", 28761}, {"/api/webhooks.html", 19045}}
	h15DocAssets = []struct {
		path string
		size int
	}{{"/assets/docs.3b8f21.css", 21406}, {"/assets/docs.9e1c07.js", 48213}, {"/assets/search-index.json", 183550}, {"/assets/img/portal-overview.png", 214886}}
)

// docsVisit reads a few pages of the documentation; until its permissions are fixed the
// API reference answers 403 with AH00529 at crit.
func (h *h15Log) docsVisit(t time.Time, c *h15Client, ref string) {
	tr := h.docs.truth()
	p := h15DocPages[0]
	if ref == "-" && h.g.chance(0.7) {
		p = pick(h.g, h15DocPages)
	}
	for n, i := h.g.between(1, 5), 0; i < n && t.Before(h.end); i++ {
		url := h15DocURL + p.path
		var q h15Rq
		if strings.HasPrefix(p.path, "/api/") && t.Before(h.docsFix) {
			q = h15Rq{method: "GET", path: p.path, ref: ref, status: 403, size: 199, emod: "core", elvl: "crit", eno: "(13)Permission denied",
				emsg: "AH00529: /usr/local/apache2/docs/api/.htaccess pcfg_openfile: unable to check htaccess file, ensure it is readable and that '/usr/local/apache2/docs/api/' is executable"}
		} else {
			q = h15S(p.path, ref, 200, p.size)
		}
		q.tr = tr
		end, ok := h.serve(c, t, q)
		if !ok {
			return
		}
		if i == 0 && q.status == 200 {
			at := end.Add(h.ms(10, 50))
			for k, a := range h15DocAssets {
				if k == 3 && !h.g.chance(0.4) {
					continue
				}
				s := h15S(a.path, url, 200, a.size)
				s.tr = tr
				if e, ok := h.serve(c, at, s); ok {
					at = at.Add(e.Sub(at) / 2)
				}
			}
		}
		ref = url
		p = pick(h.g, h15DocPages[1:])
		t = end.Add(h.secs(35, 0.7))
	}
}

// appVisit: the portal's mobile app opened; the Android app rejects a certificate chain
// without its intermediate, and its user tries again once or twice.
func (h *h15Log) appVisit(t time.Time) {
	c := &h15Client{ip: h.g.publicIP(), tls: true, route: -1}
	if h.g.chance(0.6) {
		c.ua = fmt.Sprintf("PortalApp/5.3.1 (Android %d; %s) okhttp/4.12.0", pick(h.g, []int{12, 13, 14, 14}), pick(h.g, []string{"SM-S918B", "Pixel 7", "SM-A546B", "Pixel 8", "moto g54 5G", "CPH2449"}))
		c.strict = true
		c.alert = "error:0A000416:SSL routines::sslv3 alert certificate unknown (SSL alert number 46)"
	} else {
		c.ua = fmt.Sprintf("Portal/%d CFNetwork/1496.0.7 Darwin/23.6.0", pick(h.g, []int{5312, 5312, 5298}))
	}
	acct := h.g.between(100000, 999999)
	calls := []h15Rq{
		h15P("POST", "/portal/api/auth/refresh", "-", 200, h.size(910, 0.05), 64),
		h15P("GET", "/portal/api/accounts", "-", 200, h.size(2600, 0.4), 41),
		h15P("GET", "/portal/api/notifications/unread", "-", 200, h.size(180, 0.6), 18),
	}
	for n := h.g.between(0, 5); n > 0; n-- {
		switch x := h.g.rng.Float64(); {
		case x < 0.45:
			calls = append(calls, h15P("GET", fmt.Sprintf("/portal/api/accounts/%d/transactions?limit=20&offset=%d", acct, 20*h.g.intn(3)), "-", 200, h.size(7400, 0.3), 110))
		case x < 0.75:
			calls = append(calls, h15P("GET", "/portal/api/invoices?status=open&page=1", "-", 200, h.size(5200, 0.4), 92))
		case x < 0.92:
			calls = append(calls, h15P("GET", fmt.Sprintf("/portal/api/invoices/%d", h.g.between(2_400_000, 2_499_999)), "-", 200, h.size(2100, 0.3), 44))
		default:
			calls = append(calls, h15P("POST", "/portal/api/payments", "-", 201, h.size(420, 0.1), 280))
		}
	}
	retries := 0
	for i := 0; i < len(calls) && t.Before(h.end); i++ {
		end, ok := h.serve(c, t, calls[i])
		if !ok {
			if retries == 2 || !h.g.chance(0.6) {
				return
			}
			retries++
			i--
			t = t.Add(h.secs(6, 0.5))
			continue
		}
		if i < 3 {
			t = end.Add(h.ms(5, 60))
		} else {
			t = end.Add(h.secs(9, 0.9))
		}
	}
}

// campaignRate: the e-mail goes out in batches over five minutes, opens fade over the
// next hours.
func (h *h15Log) campaignRate(t time.Time) float64 {
	x := t.Sub(h.campaign.start.Add(6 * time.Minute)).Minutes()
	return 0.4 * rampUp(t, h.campaign.start, 6*time.Minute) * math.Exp(-max(x, 0)/45)
}

// campaignVisit: a recipient opens the landing page, often from a phone; some claim the
// offer, signing in first.
func (h *h15Log) campaignVisit(t time.Time) {
	c := h.browser(h.campaign.truth())
	if h.g.chance(0.6) {
		c.ua = pick(h.g, h15Phones)
	}
	land := "/portal/offers/autumn-2024?utm_source=newsletter&utm_medium=email&utm_campaign=autumn24&utm_content=" + pick(h.g, []string{"hero", "hero", "button", "footer"})
	ref := pick(h.g, []string{"-", "-", "-", "https://mail.google.com/", "https://outlook.live.com/"})
	end, ok := h.serve(c, t, h15P("GET", land, ref, 200, h.size(18400, 0.03), 88))
	if !ok {
		return
	}
	page := h15Site + land
	h.assets(c, end, page)
	at := end.Add(h.ms(30, 90))
	for _, f := range []struct {
		path string
		size int
	}{{"/static/css/campaign.2d7e4b19.css", 9130}, {"/static/img/campaign/autumn24-hero.webp", 184332}, {"/static/img/campaign/autumn24-card.webp", 41207}} {
		if e, ok := h.serve(c, at, h15S(f.path, page, 200, f.size)); ok {
			at = at.Add(e.Sub(at) / 2)
		}
	}
	if !h.g.chance(0.55) {
		return
	}
	t = end.Add(h.secs(20, 0.7))
	claim := "/portal/offers/autumn-2024/claim"
	if h.g.chance(0.7) { // signed out: the login form first
		if t, ok = h.serve(c, t, h15P("GET", claim, page, 302, 0, 10)); !ok {
			return
		}
		form := "/portal/login?next=%2Fportal%2Foffers%2Fautumn-2024%2Fclaim"
		if t, ok = h.serve(c, t.Add(h.ms(20, 90)), h15P("GET", form, page, 200, h.size(7900, 0.02), 24)); !ok {
			return
		}
		if t, ok = h.login(c, t.Add(h.secs(14, 0.5)), h15Site+form); !ok {
			return
		}
		page = h15Site + form
	}
	if t, ok = h.page(c, t.Add(h.ms(30, 100)), claim, page, h.size(12600, 0.03), 70); !ok {
		return
	}
	t = t.Add(h.secs(9, 0.6))
	if h.g.chance(0.92) {
		t, ok = h.serve(c, t, h15P("POST", "/portal/api/offers/autumn-2024/claim", h15Site+claim, 201, h.size(260, 0.05), 190))
	} else {
		t, ok = h.serve(c, t, h15P("POST", "/portal/api/offers/autumn-2024/claim", h15Site+claim, 409, h.size(140, 0.05), 60))
	}
	if ok && h.g.chance(0.4) {
		h.browse(c, t.Add(h.secs(15, 0.6)), h.g.between(100000, 999999), h15Site+claim)
	}
}

// machines: the load balancer's health checks, the monitoring, the partner integration
// and the customers' scripts.
func (h *h15Log) machines() {
	for _, ip := range []string{"10.0.0.137", "10.0.1.84", "10.0.2.206"} { // the NLB's nodes, on port 80
		c := &h15Client{ip: ip, ua: "ELB-HealthChecker/2.0", route: -1}
		h.g.every(h.start.Add(h.ms(0, 10_000)), h.end, 10*time.Second, 30*time.Millisecond, func(t time.Time) {
			if !h.starved(t) || h.g.chance(0.6) {
				h.serve(c, t, h15S("/healthz", "-", 200, 3))
			}
		})
	}
	// Prometheus: the blackbox exporter's probe through the balancer (Go's TLS client
	// sends bad_certificate), the apache exporter's scrape of mod_status.
	probe := &h15Client{ip: "10.0.4.31", ua: "Blackbox Exporter/0.25.0", tls: true, route: -1, strict: true,
		alert: "error:0A000412:SSL routines::sslv3 alert bad certificate (SSL alert number 42)"}
	h.g.every(h.start.Add(h.ms(0, 15_000)), h.end, 15*time.Second, 20*time.Millisecond, func(t time.Time) {
		probe.conn = nil
		h.serve(probe, t, h15P("GET", "/portal/api/health", "-", 200, 15, 6))
	})
	scrape := &h15Client{ip: "10.0.4.31", ua: "Go-http-client/1.1", route: -1}
	h.g.every(h.start.Add(h.ms(0, 15_000)), h.end, 15*time.Second, 20*time.Millisecond, func(t time.Time) {
		h.serve(scrape, t, h15L("GET", "/server-status?auto", "-", 200, h.g.between(1150, 1290)))
	})
	// UptimeRobot from three places every minute (OpenSSL: unknown_ca).
	for _, ip := range []string{"69.162.124.235", "63.143.42.244", "216.144.250.150"} {
		c := &h15Client{ip: ip, ua: "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", tls: true, route: -1, strict: true,
			alert: "error:0A000418:SSL routines::tlsv1 alert unknown ca (SSL alert number 48)"}
		h.g.every(h.start.Add(h.ms(0, 60_000)), h.end, time.Minute, 2*time.Second, func(t time.Time) {
			c.conn = nil
			h.serve(c, t, h15P("HEAD", "/portal/login", "-", 200, 0, 20))
		})
	}
	// A payment service provider posts payments (Java, certificate_unknown), retrying a
	// failed call three times.
	for _, ip := range []string{"91.208.13.45", "91.208.13.46"} {
		c := &h15Client{ip: ip, ua: "Apache-HttpClient/4.5.14 (Java/17.0.12)", tls: true, route: -1, strict: true,
			alert: "error:0A000416:SSL routines::sslv3 alert certificate unknown (SSL alert number 46)"}
		h.g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 45 }, func(t time.Time) {
			id := h.g.between(70_000_000, 79_999_999)
			for try := 0; try < 4; try++ {
				end, ok := h.serve(c, t, h15P("POST", "/portal/api/partner/v1/payments", "-", 201, h.size(360, 0.08), 190))
				if ok {
					h.serve(c, end.Add(h.secs(4, 0.3)), h15P("GET", fmt.Sprintf("/portal/api/partner/v1/payments/%d", id), "-", 200, h.size(410, 0.05), 40))
					return
				}
				t = t.Add(time.Duration(1<<try) * time.Second)
			}
		})
	}
	// Customers' scripts pull their open invoices every five minutes.
	for i := 0; i < 4; i++ {
		c := &h15Client{ip: h.g.publicIP(), ua: pick(h.g, []string{"python-requests/2.31.0", "python-requests/2.32.3"}), tls: true, route: -1, strict: true,
			alert: "error:0A000418:SSL routines::tlsv1 alert unknown ca (SSL alert number 48)"}
		h.g.every(h.start.Add(h.ms(0, 300_000)), h.end, 5*time.Minute, 3*time.Second, func(t time.Time) {
			for p := 1; p <= 1+h.g.intn(2); p++ {
				end, ok := h.serve(c, t, h15P("GET", fmt.Sprintf("/portal/api/invoices?status=open&page=%d", p), "-", 200, h.size(5200, 0.4), 92))
				if !ok {
					return
				}
				t = end.Add(h.ms(40, 200))
			}
		})
	}
}

// crawler: search engines and SEO bots.
func (h *h15Log) crawler(t time.Time) {
	type bot struct{ ip, ua string }
	b := pick(h.g, []bot{
		{fmt.Sprintf("66.249.66.%d", h.g.between(1, 220)), "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{fmt.Sprintf("66.249.66.%d", h.g.between(1, 220)), "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.6613.119 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{fmt.Sprintf("40.77.167.%d", h.g.between(1, 250)), "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"},
		{fmt.Sprintf("54.36.148.%d", h.g.between(1, 250)), "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"},
		{fmt.Sprintf("185.191.171.%d", h.g.between(1, 250)), "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"},
	})
	c := &h15Client{ip: b.ip, ua: b.ua, tls: true, route: -1}
	var q h15Rq
	switch x := h.g.rng.Float64(); {
	case x < 0.3:
		q = h15S("/robots.txt", "-", 200, 68)
	case x < 0.45:
		q = h15L("GET", "/", "-", 302, 175+len(h15Site)+12)
	case x < 0.7:
		q = h15P("GET", "/portal/login", "-", 200, h.size(7900, 0.02), 22)
	case x < 0.8:
		q = h15L("GET", "/sitemap.xml", "-", 404, 196)
	case x < 0.9 && !t.Before(h.campaign.start):
		q = h15P("GET", "/portal/offers/autumn-2024", "-", 200, h.size(18400, 0.03), 88)
		q.tr = h.campaign.truth()
	default:
		q = h15S(h15Bundle[0][1].path, "-", 200, h15Bundle[0][1].size)
	}
	h.serve(c, t, q)
}

// The probes a vulnerability scanner sends; those that write an error line say so.
var h15Probes = []h15Rq{
	h15E("GET", "/.env", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/.env"),
	h15E("GET", "/.env.production", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/.env.production"),
	h15E("GET", "/.DS_Store", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/.DS_Store"),
	h15E("GET", "/.htaccess", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/.htaccess"),
	h15E("GET", "/server-status", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/server-status"),
	h15E("GET", "/balancer-manager", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: "+h15Root+"/balancer-manager"),
	h15E("GET", "/portal/actuator/env", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: proxy:balancer://portal/portal/actuator/env"),
	h15E("GET", "/portal/actuator/heapdump", 403, 199, "authz_core", "", "AH01630: client denied by server configuration: proxy:balancer://portal/portal/actuator/heapdump"),
	h15E("POST", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", 400, 226, "core", "", "AH10244: invalid URI path (/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh)"),
	h15E("GET", "/icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400, 226, "core", "", "AH10244: invalid URI path (/icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd)"),
	h15E("GET", "/static/", 403, 199, "autoindex", "", "AH01276: Cannot serve directory "+h15Root+"/static/: No matching DirectoryIndex (index.html) found, and server-generated directory index forbidden by Options directive"),
	h15E("GET", "/static/img/", 403, 199, "autoindex", "", "AH01276: Cannot serve directory "+h15Root+"/static/img/: No matching DirectoryIndex (index.html) found, and server-generated directory index forbidden by Options directive"),
	h15L("GET", "/.git/config", "-", 404, 196),
	h15L("GET", "/wp-login.php", "-", 404, 196),
	h15L("GET", "/wp-admin/setup-config.php?step=1", "-", 404, 196),
	h15L("POST", "/xmlrpc.php", "-", 404, 196),
	h15L("GET", "/wp-includes/wlwmanifest.xml", "-", 404, 196),
	h15L("GET", "/phpinfo.php", "-", 404, 196),
	h15L("GET", "/phpmyadmin/index.php", "-", 404, 196),
	h15L("POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "-", 404, 196),
	h15L("GET", "/owa/auth/logon.aspx", "-", 404, 196),
	h15L("POST", "/boaform/admin/formLogin", "-", 404, 196),
	h15L("GET", "/.aws/credentials", "-", 404, 196),
	h15L("GET", "/config.json", "-", 404, 196),
	h15L("GET", "/actuator/health", "-", 404, 196),
	h15L("GET", "/solr/admin/info/system?wt=json", "-", 404, 196),
	h15L("GET", "/", "-", 302, 175+len(h15Site)+12),
	h15P("GET", "/portal/login", "-", 200, 7900, 22),
	h15P("GET", "/portal/api/v1/users", "-", 404, 112, 9),
}

// scan: a scanner works through some of its probes, over TLS or (redirected) on port 80.
func (h *h15Log) scan(t time.Time) {
	c := &h15Client{ip: h.g.publicIP(), tls: h.g.chance(0.8), route: -1, ua: pick(h.g, []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0",
		"python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "Mozilla/5.0 zgrab/0.x",
		"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "l9explore/1.2.2",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36"})}
	fresh := c.ua == "python-requests/2.31.0" || c.ua == "Mozilla/5.0 zgrab/0.x" || c.ua == "Go-http-client/1.1"
	for n := h.g.between(3, 30); n > 0 && t.Before(h.end); n-- {
		q := pick(h.g, h15Probes)
		if !c.tls { // the port 80 virtual host redirects everything
			q = h15L(q.method, q.path, "-", 301, 195+len(h15Site)+len(q.path))
		}
		if fresh {
			c.conn = nil
		}
		end, ok := h.serve(c, t, q)
		if !ok {
			return
		}
		t = end.Add(h.ms(30, 2500))
	}
}

// tlsNoise: handshakes that fail every day: old clients, broken ones, port scanners,
// plain HTTP on port 443.
func (h *h15Log) tlsNoise(t time.Time) {
	ch, th := h.child(t)
	ip := h.g.publicIP()
	client := fmt.Sprintf("%s:%d", ip, h.g.between(20000, 64999))
	switch x := h.g.rng.Float64(); {
	case x < 0.32:
		h.rejected(routine, t, ch, th, client, "error:0A000102:SSL routines::unsupported protocol")
	case x < 0.45:
		h.rejected(routine, t, ch, th, client, "error:0A0000C1:SSL routines::no shared cipher -- Too restrictive SSLCipherSuite or using DSA server certificate?")
	case x < 0.5:
		h.rejected(routine, t, ch, th, client, "error:0A00006C:SSL routines::bad key share")
	case x < 0.75:
		h.abandoned(routine, t, ch, th, client)
	case x < 0.87: // reset during the handshake (AH02007 is at debug)
		h.established(routine, t, ch, th, client)
		h.elog(routine, t.Add(h.ms(5, 300)), ch.pid, ch.tid(th), "ssl", "info", "", "", client, fmt.Sprintf("AH01998: Connection closed to child %d with abortive shutdown (server %s)", ch.slot*64+th, h15Vhost), "")
	default:
		h.established(routine, t, ch, th, client)
		at := t.Add(h.us(200, 900))
		h.elog(routine, at, ch.pid, ch.tid(th), "ssl", "info", "", "", client, "AH01996: SSL handshake failed: HTTP spoken on HTTPS port; trying to send HTML error page", "")
		h.elog(routine, at.Add(h.us(10, 40)), ch.pid, ch.tid(th), "ssl", "info", "", "", "", "SSL Library Error: error:0A00009C:SSL routines::http request", "")
		h.access(routine, ip, at.Add(h.us(60, 200)), at.Add(h.us(300, 900)), "GET / HTTP/1.0", 400, 362, "-", "-")
	}
}

// backendReset: a pooled connection to a Tomcat reset under the first request of a
// client's connection: 502.
func (h *h15Log) backendReset(t time.Time) {
	c := h.browser(routine)
	cn, ok := h.connect(c, t, routine)
	if !ok {
		return
	}
	m := h.route(c, t)
	if hung, _, _ := h.member(m, t); hung {
		return
	}
	x := h15Ctx{pid: cn.ch.pid, tid: cn.ch.tid(h.g.intn(25)), client: fmt.Sprintf("%s:%d", c.ip, cn.port), ref: h15Site + "/portal/home"}
	path := pick(h.g, []string{"/portal/api/accounts/summary", "/portal/api/notifications/unread", "/portal/accounts", "/portal/invoices"})
	end := t.Add(h.ms(1, 8))
	h.re(routine, end.Add(-h.us(80, 160)), x, "proxy_http", "error", "", "(104)Connection reset by peer", fmt.Sprintf("AH01102: error reading status line from remote server app-%d:8080", m+1))
	h.re(routine, end.Add(-h.us(20, 60)), x, "proxy", "error", "", "", "AH00898: Error reading from remote server returned by "+path)
	h.access(routine, c.ip, t, end, "GET "+path+" HTTP/1.1", 502, 341, x.ref, c.ua)
}

// uploadReset: a phone on a bad network stops sending a document half way.
func (h *h15Log) uploadReset(t time.Time) {
	c := h.browser(routine)
	c.ua = pick(h.g, h15Phones)
	cn, ok := h.connect(c, t, routine)
	if !ok {
		return
	}
	m := h.route(c, t)
	x := h15Ctx{pid: cn.ch.pid, tid: cn.ch.tid(h.g.intn(25)), client: fmt.Sprintf("%s:%d", c.ip, cn.port), ref: h15Site + "/portal/support/tickets"}
	end := t.Add(h.secs(9, 0.5))
	h.re(routine, end.Add(-h.us(50, 200)), x, "proxy", "error", "", "(104)Connection reset by peer",
		fmt.Sprintf("AH01095: prefetch request body failed to 10.0.3.%d:8080 (app-%d) from %s ()", 11+m, m+1, c.ip))
	h.access(routine, c.ip, t, end, "POST /portal/api/documents HTTP/1.1", 400, 226, x.ref, c.ua)
}

// bigHeader: Tomcat answers a customer whose preferences cookie has outgrown
// ResponseFieldSize: 502.
func (h *h15Log) bigHeader(t time.Time) {
	c := h.browser(routine)
	cn, ok := h.connect(c, t, routine)
	if !ok {
		return
	}
	h.route(c, t)
	x := h15Ctx{pid: cn.ch.pid, tid: cn.ch.tid(h.g.intn(25)), client: fmt.Sprintf("%s:%d", c.ip, cn.port), ref: h15Site + "/portal/settings"}
	end := t.Add(h.ms(30, 90))
	tail := h.g.hex(20)
	h.re(routine, end.Add(-h.us(90, 200)), x, "proxy_http", "warn", "", "(28)No space left on device",
		"AH10124: header size is over the limit allowed by ResponseFieldSize (8192 bytes). Bad response header: 'Set-Cookie: portal_prefs=eyJ0YWJsZXMiOnsiaW52b2ljZXMiOnsiY29sdW1ucyI6[...]"+tail+"In19fQ; Path=/portal; Secure; HttpOnly; SameSite=Lax'")
	h.re(routine, end.Add(-h.us(30, 80)), x, "proxy_http", "warn", "", "", "AH01106: bad HTTP/1.1 header returned by /portal/api/preferences (GET)")
	h.access(routine, c.ip, t, end, "GET /portal/api/preferences HTTP/1.1", 502, 232, x.ref, c.ua)
}

// misdirected: a client that sends SNI portal.example.com and Host www.example.com.
func (h *h15Log) misdirected(t time.Time) {
	c := &h15Client{ip: h.g.publicIP(), ua: pick(h.g, []string{"curl/8.5.0", "Mozilla/5.0 (compatible; Uptime-Kuma/1.23.13)", "Go-http-client/2.0"}), tls: true, route: -1}
	q := h15E("GET", "/", 421, 322, "ssl", "", "AH02032: Hostname portal.example.com provided via SNI and hostname www.example.com provided via HTTP have no compatible SSL setup")
	h.serve(c, t, q)
}

// hangWindows works out when the balancer lets requests through to app-3 while it
// hangs: failontimeout puts it in error state when a request times out, retry=60 lets
// requests through again a minute after the last one timed out.
func (h *h15Log) hangWindows() {
	for u := h.hangAt; ; {
		w := u.Add(30*time.Second + h.ms(0, 900))
		next := w.Add(30*time.Second + 60*time.Second + h.ms(50, 1200))
		if !next.Before(h.killAt) { // the on-call kills Tomcat while requests wait on it
			h.killAt = u.Add(h.ms(9_000, 26_000))
			h.windows = append(h.windows, [2]time.Time{u, h.killAt})
			break
		}
		h.windows = append(h.windows, [2]time.Time{u, w})
		u = next
	}
	h.tomcatUp = h.killAt.Add(h.ms(44_000, 61_000))
	// The next request the balancer sends finds the port closed, and one a minute later
	// while Tomcat is starting.
	r := h.killAt.Add(h.ms(100, 900))
	for r.Before(h.tomcatUp) {
		h.refusals = append(h.refusals, r)
		r = r.Add(60*time.Second + h.ms(50, 900))
	}
	h.back3 = r
}

// refused: the balancer sends a request to a member whose Tomcat is down; the connect is
// refused, the worker is disabled for 60 s and the request fails over to another member.
func (h *h15Log) refused(tr truth, at time.Time, m int) {
	c := h.browser(tr)
	c.route = m
	cn, ok := h.connect(c, at, routine)
	if !ok {
		return
	}
	acct := h.g.between(100000, 999999)
	path := pick(h.g, []string{"/portal/api/notifications/unread", fmt.Sprintf("/portal/api/accounts/%d", acct), "/portal/api/invoices?status=open&page=1", "/portal/invoices", "/portal/accounts"})
	x := h15Ctx{pid: cn.ch.pid, tid: cn.ch.tid(h.g.intn(25)), client: fmt.Sprintf("%s:%d", c.ip, cn.port), ref: h15Site + "/portal/home"}
	e := at.Add(h.us(300, 1500))
	h.elog(tr, e, x.pid, x.tid, "proxy", "error", "", "(111)Connection refused", "", fmt.Sprintf("AH00957: http: attempt to connect to 10.0.3.%d:8080 (app-%d:8080) failed", 11+m, m+1), "")
	h.elog(tr, e.Add(h.us(20, 60)), x.pid, x.tid, "proxy", "error", "", "", "", fmt.Sprintf("AH00959: ap_proxy_connect_backend disabling worker for (app-%d:8080) for 60s", m+1), "")
	h.re(tr, e.Add(h.us(70, 140)), x, "proxy_http", "error", "", "", fmt.Sprintf("AH01114: HTTP: failed to make connection to backend: app-%d", m+1))
	end := e.Add(time.Duration(h.g.lognormal(45, 0.4)*float64(time.Millisecond)) + h.us(300, 900))
	h.access(tr, c.ip, at, end, "GET "+path+" HTTP/1.1", 200, h.size(2400, 0.5), x.ref, c.ua)
}

func (h *h15Log) hangLines() {
	for _, r := range h.refusals {
		h.refused(incident(h15Hang), r, 2)
	}
}

// deploySchedule: the playbook drains a member, stops its Tomcat, starts the new
// release, waits for its health check and enables it again, then the next.
func (h *h15Log) deploySchedule() {
	t := h.deploy.start
	for m := 0; m < 4; m++ {
		h.drain[m] = t
		h.stop[m] = t.Add(h.ms(45_000, 62_000))
		h.up[m] = h.stop[m].Add(h.ms(36_000, 52_000))
		h.enable[m] = h.up[m].Add(h.ms(2_000, 9_000))
		t = h.enable[m].Add(h.ms(18_000, 40_000))
	}
}

// deployLines: the playbook's balancer-manager calls (on the internal port 80 virtual
// host) and the requests that stuck to a stopped member.
func (h *h15Log) deployLines() {
	tr := h.deploy.truth()
	c := &h15Client{ip: "10.0.4.20", ua: "ansible-httpget", route: -1, tr: tr}
	manager := func(t time.Time, m int) {
		nonce := h.g.uuid()
		end, _ := h.serve(c, t, h15L("GET", fmt.Sprintf("/balancer-manager?b=portal&w=http://app-%d:8080&nonce=%s", m+1, nonce), "-", 200, h.g.between(4050, 4190)))
		h.serve(c, end.Add(h.ms(40, 200)), h15L("POST", "/balancer-manager", "-", 200, h.g.between(4050, 4190)))
	}
	for m := 0; m < 4; m++ {
		manager(h.drain[m], m)
		manager(h.enable[m], m)
		if h.g.chance(0.85) {
			r := h.stop[m].Add(h.ms(500, 12_000))
			h.refused(tr, r, m)
			if r2 := r.Add(60*time.Second + h.ms(100, 3000)); r2.Before(h.up[m]) && h.g.chance(0.6) {
				h.refused(tr, r2, m)
			}
		}
	}
}

// attackSim plays the attack against the worker pool: 250 threads (MaxRequestWorkers),
// a few busy with the portal's own requests. A bot's connection that gets a worker
// within its 4 s socket timeout holds it until mod_reqtimeout gives up on the headers
// 20 s later; one that waited longer has been closed by the bot, and its handshake
// stops at once; the listen queue (511) drops the rest.
func (h *h15Log) attackSim() {
	bots := make([]string, h.g.between(60, 90))
	for i := range bots {
		bots[i] = h.g.publicIP()
	}
	uas := []string{
		"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.143 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.71 Safari/537.36",
		"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:49.0) Gecko/20100101 Firefox/49.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/602.2.14 (KHTML, like Gecko) Version/10.0.1 Safari/602.2.14",
		"Mozilla/5.0 (Windows NT 10.0; WOW64; rv:49.0) Gecko/20100101 Firefox/49.0",
		"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:49.0) Gecko/20100101 Firefox/49.0",
	}
	free := make([]time.Time, 246)
	rate := func(t time.Time) float64 { return 1.5 + 12.5*rampUp(t, h.attackAt, 100*time.Second) }
	h.g.arrivals(h.attackAt, h.attackStop, rate, func(t time.Time) {
		k := 0
		for i := range free {
			if free[i].Before(free[k]) {
				k = i
			}
		}
		s := free[k].Add(h.us(30, 400)) // the listener hands the next connection to the freed worker
		if s.Before(t) {
			s = t
		}
		switch w := s.Sub(t); {
		case w > 40*time.Second:
		case w > 4*time.Second:
			free[k] = s.Add(h.us(300, 2500))
			h.hits = append(h.hits, h15Hit{at: s, ip: pick(h.g, bots)})
		default:
			end := s.Add(20*time.Second + h.ms(100, 400))
			free[k] = end
			h.hits = append(h.hits, h15Hit{at: s, end: end, ip: pick(h.g, bots), ua: pick(h.g, uas), held: true})
		}
	})
	type ev struct {
		at time.Time
		d  int
	}
	var evs []ev
	for _, x := range h.hits {
		if x.held {
			evs = append(evs, ev{x.at, 1}, ev{x.end, -1})
		}
	}
	slices.SortStableFunc(evs, func(a, b ev) int { return a.at.Compare(b.at) })
	// Six children before the attack: a seventh when fewer than 75 (MinSpareThreads)
	// threads are idle, and so on up to ServerLimit 10.
	busy, k := 0, 0
	for _, e := range evs {
		busy += e.d
		for k < 4 && busy > 75+25*k {
			h.spawnAt[k] = e.at.Add(h.ms(200, 1000))
			k++
		}
		if h.nearAt.IsZero() && busy > 175 {
			h.nearAt = e.at.Add(h.ms(100, 1000))
		}
		if h.fullAt.IsZero() && busy >= len(free) {
			h.fullAt = e.at.Add(h.ms(100, 1000))
			h.satFrom = e.at
		}
		if !h.satFrom.IsZero() && busy >= len(free)-6 {
			h.satTo = e.at
		}
	}
	for ; k < 4; k++ {
		h.spawnAt[k] = h.attackAt.Add(time.Duration(k+1) * 10 * time.Second)
	}
	slices.SortFunc(h.spawnAt[:], func(a, b time.Time) int { return cmp.Compare(a.UnixNano(), b.UnixNano()) })
}

func (h *h15Log) attackLines() {
	tr := incident(h15Slow)
	for _, x := range h.hits {
		ch, th := h.child(x.at)
		client := fmt.Sprintf("%s:%d", x.ip, h.g.between(32768, 60999))
		if !x.held {
			h.abandoned(tr, x.at, ch, th, client)
			continue
		}
		h.established(tr, x.at, ch, th, client)
		r := x.at.Add(h.ms(40, 220))
		h.access(tr, x.ip, r, x.end, fmt.Sprintf("GET /?%d HTTP/1.1", h.g.intn(2000)), 408, 221, "-", x.ua)
	}
	if !h.nearAt.IsZero() {
		h.pe(tr, h.nearAt, "mpm_event", "error", "AH10159: server is within MinSpareThreads of MaxRequestWorkers, consider raising the MaxRequestWorkers setting")
	}
	if !h.fullAt.IsZero() {
		h.pe(tr, h.fullAt, "mpm_event", "error", "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting")
	}
}
