package families

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// iis is the claims platform of a mid-sized UK insurer, Hartwell Insurance: IIS 10
// on two Windows Server 2022 web servers (CLMWEB01 and CLMWEB02) behind an F5 pair that
// routes without address translation, each running three sites of one ASP.NET solution
// (.NET Framework 4.8): the broker claims portal (W3SVC2, pool ClaimsPool, forms
// authentication), the back-office the claims handlers use (W3SVC3, BackOfficePool,
// Windows authentication) and the partner REST API (W3SVC4, PartnerApiPool, bearer
// tokens). Fluent Bit on each server tails the sites' W3C logs (hourly files, UTC, the
// directives again at each new file and after each IIS restart), HTTP.sys's error log,
// the applications' NLog files (${longdate}|${level}|${logger}|${message} with the
// exception's ToString on the lines that follow) and the System and Application event
// logs (one line per event: time, computer, channel, source[event id], level, message),
// and ships them into one stream. The day is Friday 27 February 2026, the last working
// day of the month, from 07:50 to 10:50 (the UK is on UTC in February).
//
// Normal traffic follows the office day: a few brokers before 08:00, most by 09:30.
// Brokers sign in, search and open claims, register new ones, upload photos and
// estimates, download documents (some give up on a large one); the portal polls their
// unread notifications on every page, browsers revalidate an image now and then, mobile
// Safari asks for apple-touch-icon and gets 404.0, an upload too large for request
// filtering gets 404.13 and one over ASP.NET's limit a 500 with its HttpException, a
// description with markup fails request validation. 85 claims handlers keep the
// back-office open all morning: its worklist polled every minute, claims, notes,
// reserves, payments and reports (slow ones warned about), every new connection
// negotiating Windows authentication (401.2 then 200 for Kerberos, 401.2, 401.1 then
// 200 for NTLM). Three partners call the API all morning (tokens every hour, quotes
// rated by an external service, policies, first notifications of loss, a validation
// failure or a rating retry now and then). Around it: the F5's health monitor on every
// site of every server every 5 seconds, Bing and Google crawling the public pages, an
// internet scanner's burst of 404.0/404.7/404.8/404.11 now and then (with Schannel's
// cipher-suite errors and HTTP.sys's Hostname rejections), HTTP.sys closing idle
// connections, Schannel's fatal alerts, the reference data refreshed every 15 minutes,
// the back-office's SLA check every 10 minutes (one server holding the lock), the
// DefaultAppPool idling out, and BackOfficePool's periodic recycle on CLMWEB02.
//
// Benign changes: the February commission statements published at 0:22 (brokers sign in
// from the email and export them: tens of seconds, megabytes, all successful, for most
// of an hour); a new partner, Brightline Underwriting, whose connector starts calling
// the API at 0:52 (its token, products, quotes, a first quarter of an hour of
// validation failures until it fixes its postcode mapping); the planned deployment of
// 4.13.0 at 1:36 (each server out of the F5 pool in turn, iisreset with its events,
// HTTP.sys 404s to the health monitor while IIS is stopped, new W3C directives, the
// applications' start-up lines and slow first requests, then a minute or two of
// first-request slowness, new bundles downloaded by every browser and the new claim
// pack feature from then on); the Cyber Cover marketing mailing at 1:57 (mail security
// scanners first, then thousands of brokers on the landing page with its images,
// interest registered, decaying over the hour).
//
// Incidents: the SQL Server availability group behind all three applications failing
// over at 0:41 (queries hanging until their 30-second timeout, transport-level errors
// when the old primary is taken down, error 976 and connection timeouts while the roles
// change, then one send failure per pooled connection to the old primary: 500s and
// SqlExceptions from every application, over in under two minutes); a plan regression
// of the claim search procedure at 1:00 (every search and look-up ten times slower,
// some users giving up, for half an hour, nothing logged but the numbers); a crash
// loop at 2:12 (4.13.0's claim pack renderer overflowing the stack on one claim: the
// worker process dies with the requests in flight, Rapid-Fail Protection disables
// ClaimsPool on CLMWEB01 after five crashes, HTTP.sys answers 503 AppOffline until the
// pool is started again, the worker on CLMWEB02 dies twice in between); credential
// stuffing against the broker login at 2:34 (two or three sign-in attempts a second
// from rotating addresses for about 13 minutes: unknown users, wrong passwords,
// lockouts, a handful of successes, until the F5's ASM blocks it).
var iis = Family{
	Name:    "iis",
	Role:    Tuning,
	Service: "IIS 10 on two Windows Server 2022 web servers behind an F5: W3C extended logs of an insurer's ASP.NET (.NET Framework 4.8) broker claims portal, Windows-authenticated back-office and partner REST API, with HTTP.sys error logs, the applications' NLog lines and Windows events, shipped by Fluent Bit",
	Lines:   iisLines,
}

const (
	iisSQLFailover        = "SQL Server availability group failover: queries hang until their timeout, transport-level errors, error 976 and connection timeouts while the replicas change roles, send failures on pooled connections to the old primary; 500s and SqlExceptions from all three applications for under two minutes"
	iisPlanRegression     = "claim search plan regression after an automatic statistics update: every claim search and look-up about ten times slower, some users giving up, for half an hour until the procedure is recompiled"
	iisCrashLoop          = "ClaimsPool crash loop: 4.13.0's claim pack renderer overflows the stack on one claim; each attempt kills the worker process and the requests in flight, Rapid-Fail Protection disables the pool on CLMWEB01 (HTTP.sys 503 AppOffline) and CLMWEB02's worker dies twice until the pool is started again"
	iisCredentialStuffing = "credential stuffing against the broker login form: sign-in attempts from rotating residential addresses, unknown users, wrong passwords, lockouts and a handful of successful sign-ins, until the F5's ASM blocks it"
)

const (
	iisF5         = "10.40.12.2" // the active F5's self address, which its health monitors come from
	iisOldVersion = "4.12.3.2187"
	iisNewVersion = "4.13.0.2211"
	iisSrc        = `D:\a\1\s\src\`
	iisPeriod     = "2026-02"
	iisW3CFields  = "#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"
	iisErrFields  = "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename"
	iisPowerShell = "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-GB) WindowsPowerShell/5.1.20348.2849"
	iisOldBundles = "v=Xq3mN8d0tR2kYb7LwPz4s1VhC9eGfA6uJcKoTiE5nWM1"
	iisNewBundles = "v=b4Hk2Rz8QpWc1TnLs7YmD0vXeJ3gFaU9iKoN6tPwE5A1"
	iisPackClaim  = 418730 // the claim whose documents refer to each other
	iisDeployer   = `CORP\svc-octopus`
)

// The sites, in the order of iisSites.
const (
	iisPortal = iota
	iisBackOffice
	iisAPI
)

// iisSite is one IIS site and its application pool; both servers run every site.
type iisSite struct {
	service string // s-sitename, the W3SVC instance
	id      string // the site id HTTP.sys logs
	pool    string
	host    string
	app     string        // the application's root namespace, which its loggers' names start with
	global  string        // the Global.asax class, which logs start-up and shutdown
	startup time.Duration // median time the application takes to start on its first request
}

var iisSites = [3]iisSite{
	{"W3SVC2", "2", "ClaimsPool", "brokers.hartwell-insurance.co.uk", "Claims.Web", "Claims.Web.MvcApplication", 11 * time.Second},
	{"W3SVC3", "3", "BackOfficePool", "claims-bo.corp.hartwell.local", "Claims.BackOffice", "Claims.BackOffice.MvcApplication", 7 * time.Second},
	{"W3SVC4", "4", "PartnerApiPool", "partners.hartwell-insurance.co.uk", "Claims.PartnerApi", "Claims.PartnerApi.WebApiApplication", 5 * time.Second},
}

// iisServer is one web server.
type iisServer struct{ name, ip string }

var iisServers = [2]iisServer{{"CLMWEB01", "10.40.12.21"}, {"CLMWEB02", "10.40.12.22"}}

// iisEntry is a line of a file whose directives depend on what else the file holds: a
// site's W3C log or HTTP.sys's error log, put in order before it goes to the journal.
type iisEntry struct {
	at   time.Time
	text string
	tr   truth
}

// iisRestart is an application starting in a new worker process: requests that arrive
// from the moment the old one is gone until the end of start-up wait for it.
type iisRestart struct {
	srv, site          int
	from, begin, ready time.Time // the old process gone, the new one's first request, start-up done
	tr                 truth
}

// iisCrash is ClaimsPool's worker process dying on one server.
type iisCrash struct {
	srv          int
	at           time.Time // when the stack overflowed
	begin, ready time.Time // the next worker process's start-up; zero when the pool was disabled instead
}

// iisBroker is a user of the portal, at a broker firm.
type iisBroker struct {
	email, id, firm string
	office          string // the firm's office address
	ua              string
	mobile          bool
	cached          string // the bundle version the browser holds, "" for none
}

// iisStaff is a claims handler using the back-office.
type iisStaff struct {
	login, ip, ua string
	ntlm          bool // the browser falls back to NTLM rather than Kerberos
	arrive        time.Time
}

// iisPartner is a client of the partner API.
type iisPartner struct {
	client, name string
	ips          []string
	ua           string
	rate         func(t time.Time) float64 // calls a second
	invalid      func(t time.Time) float64 // share of quotes the API rejects
	tr           truth
}

// iisReq is one request as IIS logs it, with what the generator knows about it.
type iisReq struct {
	srv, site       int
	at              time.Time     // when the request arrived
	took            time.Duration // time-taken
	method, stem    string
	query           string
	user, client    string
	version, ua     string
	referer         string
	status, sub     int
	win32           int
	sent, recv      int // sc-bytes, cs-bytes
	cport           int
	route           string
	who             string     // the user or API client the application names in its log
	act             *iisAction // the data access the request makes, nil for none
	search, skipped bool       // runs the claim search procedure; never reaches the application
	tr              truth
}

func (r *iisReq) done() time.Time { return r.at.Add(r.took) }

// uri is the request's URL path and query, as HTTP.sys's error log and NLog show it.
func (r *iisReq) uri() string {
	if r.query == "" {
		return r.stem
	}
	return r.stem + "?" + r.query
}

// iisVisit is one browser session of a broker on the portal.
type iisVisit struct {
	b       *iisBroker
	ip      string
	cport   int
	srv     int
	referer string
	version string
	tr      truth
	authed  bool // the browser holds a forms authentication cookie
	first   bool // the next page is the visit's first
}

// iisLog is the generator's state: the plan of the morning drawn up front (changes,
// incidents, restarts), the people, and the W3C and HTTP.sys logs, which are put in
// file order only at the end because their directives depend on what precedes them.
type iisLog struct {
	g          *gen
	j          *journal
	start, end time.Time

	w3c      [2][3][]iisEntry // each site's W3C log on each server
	httperr  [2][]iisEntry
	errRoll  [2]time.Time // when HTTP.sys starts a new error log on each server
	restarts []iisRestart

	statements, onboarding, deploy, mailing change
	drainAt, stopAt, upAt, enableAt         [2]time.Time // the deployment on each server
	readyAt                                 [2][3]time.Time

	sqlAt, sqlFailover, sqlPrimaryUp, sqlEnd time.Time
	planAt, planEnd                          time.Time
	crashes                                  []iisCrash
	disabledAt, reenabledAt, reenableReady   time.Time
	stuffAt, stuffEnd                        time.Time
	recycleAt                                time.Time // BackOfficePool's periodic restart on CLMWEB02

	brokers  []*iisBroker
	staff    []*iisStaff
	attempts map[string]int // failed sign-ins per account during the credential stuffing
	lockedAt map[string]time.Time
	pids     [2][3]int // each worker process's id
}

func iisLines(seed int64) []Line {
	start := time.Date(2026, 2, 27, 7, 50, 0, 0, time.UTC)
	w := &iisLog{
		g:        newGen(seed, 2525),
		j:        &journal{},
		start:    start,
		end:      start.Add(Length),
		attempts: map[string]int{},
		lockedAt: map[string]time.Time{},
	}
	w.plan()
	w.people()
	w.healthChecks()
	w.brokerTraffic()
	w.staffTraffic()
	w.partnerTraffic()
	w.crawlers()
	w.scanners()
	w.jobs()
	w.routineEvents()
	w.routineRecycle()
	w.statementExports()
	w.partnerOnboarding()
	w.deployment()
	w.mailingCampaign()
	w.crashLoop()
	w.credentialStuffing()
	w.flush()
	return w.j.sorted(w.end)
}

// plan draws when every change and incident happens, before any traffic: requests
// consult it for what happens to them.
func (w *iisLog) plan() {
	g := w.g
	at := func(minutes int) time.Time {
		return w.start.Add(time.Duration(minutes)*time.Minute + w.ms(0, 60000))
	}
	w.statements = change{"month-end statements: brokers export their February commission statements, slow and large but successful", at(22)}
	w.sqlAt = at(41)
	w.sqlFailover = w.sqlAt.Add(w.ms(36000, 42000))
	w.sqlPrimaryUp = w.sqlFailover.Add(w.ms(25000, 32000))
	w.sqlEnd = w.sqlPrimaryUp.Add(w.ms(25000, 35000))
	w.onboarding = change{"partner onboarding: Brightline Underwriting's connector starts calling the partner API", at(52)}
	w.planAt = at(60)
	w.planEnd = w.planAt.Add(28*time.Minute + w.ms(0, 90000))

	w.deploy = change{"planned deployment of 4.13.0: each web server out of the F5 pool in turn, IIS restarted, warmed up and put back", at(96)}
	next := w.deploy.start
	for s := range iisServers {
		w.drainAt[s] = next
		w.stopAt[s] = next.Add(w.ms(45000, 70000))
		w.upAt[s] = w.stopAt[s].Add(w.ms(60000, 110000))
		for site := range iisSites {
			begin := w.upAt[s].Add(w.ms(300, 2500))
			ready := begin.Add(w.dur(iisSites[site].startup, 0.2))
			w.restarts = append(w.restarts, iisRestart{s, site, w.upAt[s], begin, ready, w.deploy.truth()})
			w.readyAt[s][site] = ready
		}
		w.enableAt[s] = w.upAt[s].Add(w.ms(150000, 210000))
		next = w.enableAt[s].Add(w.ms(90000, 150000))
	}
	w.mailing = change{"marketing mailing: the Cyber Cover campaign email sends brokers to its landing page", at(117)}

	// Five crashes on CLMWEB01 within five minutes disable the pool; the broker then
	// reaches CLMWEB02, whose worker dies twice before the claim is put on hold.
	crash := func(srv int, t time.Time, restart bool) time.Time {
		c := iisCrash{srv: srv, at: t}
		if restart {
			c.begin = t.Add(w.ms(600, 1500))
			c.ready = c.begin.Add(w.dur(8*time.Second, 0.15))
			w.restarts = append(w.restarts, iisRestart{srv, iisPortal, t, c.begin, c.ready, incident(iisCrashLoop)})
		}
		w.crashes = append(w.crashes, c)
		return c.ready
	}
	t := at(132)
	for i := 0; i < 5; i++ {
		ready := crash(0, t, i < 4)
		t = ready.Add(w.ms(25000, 50000))
	}
	w.disabledAt = w.crashes[4].at
	t = w.disabledAt.Add(w.ms(70000, 100000))
	for i := 0; i < 2; i++ {
		t = crash(1, t, true).Add(w.ms(40000, 70000))
	}
	w.reenabledAt = w.disabledAt.Add(w.ms(450000, 540000))
	begin := w.reenabledAt.Add(w.ms(300, 3000))
	w.reenableReady = begin.Add(w.dur(8*time.Second, 0.15))
	w.restarts = append(w.restarts, iisRestart{0, iisPortal, w.reenabledAt, begin, w.reenableReady, incident(iisCrashLoop)})

	w.stuffAt = at(154)
	w.stuffEnd = w.stuffAt.Add(12*time.Minute + w.ms(0, 120000))

	w.recycleAt = at(g.between(25, 35))
	if g.chance(0.5) {
		w.recycleAt = at(g.between(70, 88))
	}
	begin = w.recycleAt.Add(w.ms(200, 900))
	w.restarts = append(w.restarts, iisRestart{1, iisBackOffice, begin, begin, begin.Add(w.dur(6*time.Second, 0.2)), routine})
	w.errRoll = [2]time.Time{at(g.between(10, 170)), at(g.between(10, 170))}
	for s := range w.pids {
		for site := range w.pids[s] {
			w.pids[s][site] = w.pid()
		}
	}
}

// poisson calls fn at the times of a Poisson process whose rate (events a second, never
// above peak) varies with t. It draws by thinning, so that a rate rising from zero
// starts on time.
func (w *iisLog) poisson(from, to time.Time, peak float64, rate func(time.Time) float64, fn func(time.Time)) {
	for t := from; ; {
		t = t.Add(time.Duration(w.g.rng.ExpFloat64() / peak * float64(time.Second)))
		if !t.Before(to) {
			return
		}
		if w.g.rng.Float64()*peak < rate(t) {
			fn(t)
		}
	}
}

// ms is a uniform duration between lo and hi milliseconds.
func (w *iisLog) ms(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo, hi)) * time.Millisecond
}

// dur is a lognormal duration: what response times and think times look like.
func (w *iisLog) dur(median time.Duration, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(float64(median), sigma))
}

// size is a lognormal byte count of at least 1.
func (w *iisLog) size(median int, sigma float64) int {
	return max(1, int(w.g.lognormal(float64(median), sigma)))
}

// busy is the share of the day's peak traffic at t: the office day starting at 08:00,
// most brokers in by half past nine.
func (w *iisLog) busy(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60 + float64(t.Second())/3600
	x := math.Min(1, math.Max(0, (h-7.5)/2.2))
	return (0.12 + 0.88*x*x*(3-2*x)) * (1 + 0.06*math.Sin(h*5.1))
}

// inRotation reports whether the F5 sends a site's new requests to a server: not while
// the deployment has it out of the pool, nor while its health monitor finds the
// disabled ClaimsPool.
func (w *iisLog) inRotation(s, site int, t time.Time) bool {
	if within(t, w.drainAt[s], w.enableAt[s].Sub(w.drainAt[s])) {
		return false
	}
	return site != iisPortal || s != 0 || !within(t, w.disabledAt.Add(16*time.Second), w.reenableReady.Sub(w.disabledAt.Add(16*time.Second)))
}

// running reports whether a site's application is up on a server, for its timers.
func (w *iisLog) running(s, site int, t time.Time) bool {
	if within(t, w.stopAt[s], w.readyAt[s][site].Sub(w.stopAt[s])) {
		return false
	}
	return site != iisPortal || s != 0 || !within(t, w.disabledAt, w.reenableReady.Sub(w.disabledAt))
}

// balance is the server the F5 picks for a new connection.
func (w *iisLog) balance(t time.Time, site int) int {
	s := w.g.intn(2)
	if !w.inRotation(s, site, t) {
		s = 1 - s
	}
	return s
}

// version is the application version a server runs at t.
func (w *iisLog) version(s int, t time.Time) string {
	if t.Before(w.upAt[s]) {
		return iisOldVersion
	}
	return iisNewVersion
}

// bundles is the bundle version a server's pages link to at t: the deployment changes it.
func (w *iisLog) bundles(s int, t time.Time) string {
	if t.Before(w.upAt[s]) {
		return iisOldBundles
	}
	return iisNewBundles
}

// serve passes a request through what stands between the client and its response at
// the time it arrives (IIS stopped, the pool disabled, a worker process starting or
// dying, the database failing over or slow) and logs it. It reports whether the
// request got the response it was made for.
func (w *iisLog) serve(r *iisReq) bool {
	g := w.g
	s := r.srv
	if within(r.at, w.stopAt[s], w.upAt[s].Sub(w.stopAt[s])) {
		// With W3SVC stopped HTTP.sys has no URL group for the site.
		w.httpErr(w.deploy.truth(), r, r.at, "404", "NotFound")
		r.skipped = true
		return false
	}
	if r.site == iisPortal && s == 0 && within(r.at, w.disabledAt, w.reenabledAt.Sub(w.disabledAt)) {
		w.httpErr(incident(iisCrashLoop), r, r.at, "503", "AppOffline")
		r.skipped = true
		return false
	}
	for _, rs := range w.restarts {
		if rs.srv == s && rs.site == r.site && within(r.at, rs.from, rs.ready.Sub(rs.from)) {
			r.took += rs.ready.Sub(r.at)
			r.tr = merge(r.tr, rs.tr)
		}
	}
	if r.act != nil && within(r.at, w.enableAt[s], 100*time.Second) && g.chance(0.3) {
		// Views and controllers the warm-up did not touch compile on their first use.
		r.took += w.dur(1400*time.Millisecond, 0.5)
		r.tr = merge(r.tr, w.deploy.truth())
	}
	var sqlErr *iisSQLError
	if r.act != nil && within(r.at, w.sqlAt, w.sqlEnd.Sub(w.sqlAt)) {
		sqlErr = w.failover(r)
	}
	if r.search && within(r.at, w.planAt, w.planEnd.Sub(w.planAt)) && sqlErr == nil {
		r.took = min(28*time.Second, time.Duration(float64(r.took)*g.lognormal(11, 0.35)))
		r.tr = incident(iisPlanRegression)
		if r.took > 7*time.Second && g.chance(0.3) {
			r.win32 = pick(g, []int{64, 64, 1236}) // the user gave up and closed the tab
		}
	}
	if r.site == iisPortal {
		for _, c := range w.crashes {
			if c.srv == s && r.at.Before(c.at) && r.done().After(c.at) {
				w.httpErr(incident(iisCrashLoop), r, c.at.Add(w.ms(1, 40)), "-", "Connection_Abandoned_By_ReqQueue")
				r.skipped = true
				return false
			}
		}
	}
	if sqlErr != nil {
		w.logSQLError(r, sqlErr)
	}
	w.write(r)
	return sqlErr == nil
}

// write adds a request's line to its site's W3C log, at the time IIS writes it: when the
// response is done.
func (w *iisLog) write(r *iisReq) {
	at := r.done()
	srv, site := iisServers[r.srv], iisSites[r.site]
	var b strings.Builder
	b.Grow(320)
	b.WriteString(at.Format("2006-01-02 15:04:05"))
	for _, f := range []string{site.service, srv.name, srv.ip, r.method, r.stem, iisDash(r.query), "443", iisDash(r.user), r.client, r.version,
		iisDash(strings.ReplaceAll(r.ua, " ", "+")), iisDash(r.referer)} {
		b.WriteByte(' ')
		b.WriteString(f)
	}
	for _, n := range []int{r.status, r.sub, r.win32, r.sent, r.recv, int(r.took / time.Millisecond)} {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(n))
	}
	w.w3c[r.srv][r.site] = append(w.w3c[r.srv][r.site], iisEntry{at, b.String(), r.tr})
}

func iisDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// httpErr logs a request HTTP.sys answered or dropped itself, in its error log.
func (w *iisLog) httpErr(tr truth, r *iisReq, at time.Time, status, reason string) {
	site, queue := iisSites[r.site].id, iisSites[r.site].pool
	if reason == "NotFound" {
		site, queue = "-", "-"
	}
	version, stream := r.version, "-"
	if version == "HTTP/2" {
		version, stream = "HTTP/2.0", strconv.Itoa(2*w.g.between(0, 60)+1)
	}
	w.httpErrLine(tr, r.srv, at, fmt.Sprintf("%s %d %s 443 %s %s %s %s %s %s %s %s",
		r.client, r.cport, iisServers[r.srv].ip, version, r.method, r.uri(), stream, status, site, reason, queue))
}

// httpErrLine adds a line (without its date and time) to a server's HTTP.sys error log.
func (w *iisLog) httpErrLine(tr truth, s int, at time.Time, rest string) {
	w.httperr[s] = append(w.httperr[s], iisEntry{at, at.Format("2006-01-02 15:04:05") + " " + rest, tr})
}

// idle is HTTP.sys closing a client's connection after two minutes without a request.
func (w *iisLog) idle(tr truth, s int, at time.Time, client string, port int) {
	w.httpErrLine(tr, s, at, fmt.Sprintf("%s %d %s 443 - - - - - - Timer_ConnectionIdle -", client, port, iisServers[s].ip))
}

// nlog writes an NLog line, and the exception's lines after it, at one time.
func (w *iisLog) nlog(tr truth, at time.Time, level, logger, msg string, exc ...string) {
	if at.Before(w.start) {
		return
	}
	lines := make([]string, 0, 1+len(exc))
	lines = append(lines, at.Format("2006-01-02 15:04:05.0000")+"|"+level+"|"+logger+"|"+msg)
	w.j.add(tr, at, append(lines, exc...)...)
}

// event writes a Windows event as the pipeline ships it: one line, its message's line
// breaks turned into spaces.
func (w *iisLog) event(tr truth, at time.Time, s int, channel, source string, id int, level, msg string) {
	if at.Before(w.start) {
		return
	}
	w.j.add(tr, at, fmt.Sprintf("%s %s.corp.hartwell.local %s %s[%d] %s: %s",
		at.Format("2006-01-02 15:04:05 -0700"), iisServers[s].name, channel, source, id, level, msg))
}

// flush puts each W3C and HTTP.sys log in file order, adds the directives where IIS
// writes them (a new hourly file, IIS started again) and hands the lines to the journal.
func (w *iisLog) flush() {
	byTime := func(a, b iisEntry) int { return a.at.Compare(b.at) }
	for s := range w.w3c {
		for site := range w.w3c[s] {
			es := w.w3c[s][site]
			slices.SortStableFunc(es, byTime)
			var prev time.Time
			for _, e := range es {
				if e.at.Before(w.start) {
					continue
				}
				var tr truth
				header := false
				switch {
				case !prev.IsZero() && prev.Before(w.upAt[s]) && !e.at.Before(w.upAt[s]):
					header, tr = true, w.deploy.truth()
				case !prev.IsZero() && prev.Truncate(time.Hour) != e.at.Truncate(time.Hour):
					header, tr = true, routine
				}
				if header {
					w.j.add(tr, e.at, "#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
						"#Date: "+e.at.Format("2006-01-02 15:04:05"), iisW3CFields)
				}
				w.j.add(e.tr, e.at, e.text)
				prev = e.at
			}
		}
		es := w.httperr[s]
		slices.SortStableFunc(es, byTime)
		rolled := false
		for _, e := range es {
			if e.at.Before(w.start) {
				continue
			}
			if !rolled && !e.at.Before(w.errRoll[s]) {
				rolled = true
				w.j.add(routine, e.at, "#Software: Microsoft HTTP API 2.0", "#Version: 1.0", "#Date: "+e.at.Format("2006-01-02 15:04:05"), iisErrFields)
			}
			w.j.add(e.tr, e.at, e.text)
		}
	}
}

var (
	iisFirms = []string{"Aldridge Brokers", "Pennant Insurance Services", "Kingsmead Risk", "Harbour & Vale", "Northfield Brokers", "Corbett Insurance",
		"Lyle & Partners", "Meridian Commercial", "Thistle Brokers", "Oakwell Insurance", "Ravensworth Risk", "Bramley Brokers", "Castleton Insurance",
		"Foxley & Co", "Greyfriars Risk", "Holmwood Brokers", "Ingram Insurance", "Juniper Risk Solutions", "Kestrel Brokers", "Larchfield Insurance",
		"Marlow Risk", "Newbury Brokers", "Orchard Insurance", "Pemberton Risk", "Quayside Brokers", "Redhill Insurance", "Sefton Brokers",
		"Tamar Risk", "Upton Brokers", "Wexcombe Insurance", "Abbotsford Brokers", "Bellingham Risk"}
	iisFirstNames = []string{"James", "Sarah", "Priya", "Tom", "Emma", "Daniel", "Aisha", "Mark", "Claire", "Ravi", "Lucy", "Kwame", "Sophie", "Owen",
		"Hannah", "Gareth", "Zoe", "Imran", "Rachel", "Neil", "Fiona", "Ben", "Chloe", "Adam", "Niamh", "Stuart", "Grace", "Callum", "Megan", "Rob"}
	iisLastNames = []string{"Fletcher", "Osei", "Patel", "Hughes", "Walsh", "Campbell", "Khan", "Morgan", "Reid", "Shah", "Turner", "Evans", "Doyle",
		"Price", "Clarke", "Begum", "Murray", "Lloyd", "Harris", "Bennett", "Kaur", "Stewart", "Ward", "Fraser", "Okafor", "Jenkins", "Nolan", "Grant"}
	iisDesktop = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/144.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36 Edg/145.0.0.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36 Edg/145.0.0.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:147.0) Gecko/20100101 Firefox/147.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.2 Safari/605.1.15",
	}
	iisMobile = []string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.2 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (iPad; CPU OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.2 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Mobile Safari/537.36",
	}
	iisPerils   = []string{"Escape of water", "Storm", "Theft", "Accidental damage", "Fire", "Subsidence", "Flood", "Malicious damage", "Business interruption"}
	iisProducts = []string{"HOME", "HOME", "LANDLORD", "SME-PACKAGE", "SHOP", "CYBER", "TRADESPERSON"}
	iisDocs     = []string{"IMG_%04d.jpg", "IMG_%04d.HEIC", "estimate_%d.pdf", "Scan_%d.pdf", "invoice-%d.pdf", "photo%d.jpeg", "loss_adjuster_report_%d.docx"}
)

// people draws the brokers (a few to a few dozen users per firm, each firm behind one
// office address) and the claims handlers.
func (w *iisLog) people() {
	g := w.g
	for _, firm := range iisFirms {
		domain := strings.NewReplacer(" ", "", "&", "and").Replace(strings.ToLower(firm)) + ".co.uk"
		office, id := g.publicIP(), fmt.Sprintf("BRK-%05d", g.between(10000, 19999))
		for i, n := 0, g.between(4, 18); i < n; i++ {
			b := &iisBroker{firm: firm, id: id, office: office, ua: pick(g, iisDesktop)}
			b.email = strings.ToLower(pick(g, iisFirstNames) + "." + pick(g, iisLastNames) + "@" + domain)
			if g.chance(0.12) {
				b.ua, b.mobile = pick(g, iisMobile), true
			}
			if g.chance(0.85) {
				b.cached = iisOldBundles
			}
			w.brokers = append(w.brokers, b)
		}
	}
	day := time.Date(2026, 2, 27, 7, 15, 0, 0, time.UTC)
	for i := 0; i < 85; i++ {
		first, last := pick(g, iisFirstNames), pick(g, iisLastNames)
		st := &iisStaff{
			login: `CORP\` + strings.ToLower(first[:1]+last),
			ip:    fmt.Sprintf("10.50.%d.%d", g.between(20, 27), g.between(10, 250)),
			ua:    iisDesktop[3],
			ntlm:  g.chance(0.3),
		}
		st.arrive = day.Add(time.Duration(math.Max(0, g.normal(50, 30))*60) * time.Second)
		w.staff = append(w.staff, st)
	}
}

// healthChecks is the F5's HTTPS monitor on every site of every server, every 5 s.
func (w *iisLog) healthChecks() {
	g := w.g
	for s := range iisServers {
		for site := range iisSites {
			path := "/health"
			if site == iisAPI {
				path = "/api/health"
			}
			for t := w.start.Add(-5 * time.Second).Add(w.ms(0, 4999)); t.Before(w.end); t = t.Add(5*time.Second + w.ms(0, 25)) {
				r := &iisReq{srv: s, site: site, at: t, method: "GET", stem: path, client: iisF5, cport: g.between(20000, 65000),
					version: "HTTP/1.1", route: "health", status: 200, sent: 178 + g.intn(5), recv: 96 + len(iisSites[site].host), tr: routine}
				r.took = w.ms(0, 2)
				if g.chance(0.02) {
					r.took = w.ms(5, 40)
				}
				w.serve(r)
			}
		}
	}
}

// iisAction is what a route does in the database, as its exceptions' stacks show it.
type iisAction struct {
	repo, ctrl string // the repository's frame and the controller's, as .NET prints them
	async      bool   // the partner API awaits all the way down
}

func iisFrame(typ, method, file string, line int) string {
	return fmt.Sprintf(`   at %s.%s in %s%s:line %d`, typ, method, iisSrc, file, line)
}

// iisAct builds the action of an MVC route (sync) or of a Web API route (async).
func iisAct(async bool, repoType, repoMethod, repoFile string, repoLine int, ctrlType, ctrlMethod, ctrlFile string, ctrlLine int) *iisAction {
	return &iisAction{iisFrame(repoType, repoMethod, repoFile, repoLine), iisFrame(ctrlType, ctrlMethod, ctrlFile, ctrlLine), async}
}

const (
	iisClaimRepo  = "Claims.Data.Repositories.ClaimRepository"
	iisClaimFile  = `Claims.Data\Repositories\ClaimRepository.cs`
	iisWebCtrl    = "Claims.Web.Controllers."
	iisWebCtrlDir = `Claims.Web\Controllers\`
	iisBOCtrl     = "Claims.BackOffice.Controllers."
	iisBOCtrlDir  = `Claims.BackOffice\Controllers\`
	iisAPICtrl    = "Claims.PartnerApi.Controllers."
	iisAPICtrlDir = `Claims.PartnerApi\Controllers\`
)

// iisActions are the routes that use the database, by route name.
var iisActions = map[string]*iisAction{
	"Home/Index": iisAct(false, iisClaimRepo, "GetDashboard(Int32 brokerId)", iisClaimFile, 212,
		iisWebCtrl+"HomeController", "Index()", iisWebCtrlDir+"HomeController.cs", 31),
	"Claims/Search": iisAct(false, iisClaimRepo, "Search(ClaimSearchCriteria criteria)", iisClaimFile, 88,
		iisWebCtrl+"ClaimsController", "Search(ClaimSearchModel model)", iisWebCtrlDir+"ClaimsController.cs", 64),
	"Claims/Lookup": iisAct(false, iisClaimRepo, "Lookup(String term, Int32 brokerId)", iisClaimFile, 131,
		iisWebCtrl+"ClaimsController", "Lookup(String term)", iisWebCtrlDir+"ClaimsController.cs", 79),
	"Claims/Details": iisAct(false, iisClaimRepo, "GetById(Int32 claimId)", iisClaimFile, 57,
		iisWebCtrl+"ClaimsController", "Details(Int32 id)", iisWebCtrlDir+"ClaimsController.cs", 96),
	"Claims/New": iisAct(false, iisClaimRepo, "Insert(Claim claim)", iisClaimFile, 164,
		iisWebCtrl+"ClaimsController", "New(NewClaimModel model)", iisWebCtrlDir+"ClaimsController.cs", 141),
	"Claims/ClaimPack": iisAct(false, "Claims.Data.Repositories.DocumentRepository", "GetForClaim(Int32 claimId)", `Claims.Data\Repositories\DocumentRepository.cs`, 42,
		iisWebCtrl+"ClaimsController", "ClaimPack(Int32 id)", iisWebCtrlDir+"ClaimsController.cs", 188),
	"Documents/Upload": iisAct(false, "Claims.Data.Repositories.DocumentRepository", "Add(ClaimDocument document)", `Claims.Data\Repositories\DocumentRepository.cs`, 71,
		iisWebCtrl+"DocumentsController", "Upload(Int32 claimId, HttpPostedFileBase file)", iisWebCtrlDir+"DocumentsController.cs", 38),
	"Documents/Download": iisAct(false, "Claims.Data.Repositories.DocumentRepository", "GetContent(Int32 documentId)", `Claims.Data\Repositories\DocumentRepository.cs`, 96,
		iisWebCtrl+"DocumentsController", "Download(Int32 id)", iisWebCtrlDir+"DocumentsController.cs", 61),
	"Account/Login": iisAct(false, "Claims.Web.Identity.BrokerUserStore", "FindByEmail(String email)", `Claims.Web\Identity\BrokerUserStore.cs`, 44,
		iisWebCtrl+"AccountController", "Login(LoginModel model, String returnUrl)", iisWebCtrlDir+"AccountController.cs", 52),
	"Account/Profile": iisAct(false, "Claims.Web.Identity.BrokerUserStore", "FindById(Int32 userId)", `Claims.Web\Identity\BrokerUserStore.cs`, 29,
		iisWebCtrl+"AccountController", "Profile()", iisWebCtrlDir+"AccountController.cs", 118),
	"Notifications/UnreadCount": iisAct(false, "Claims.Data.Repositories.NotificationRepository", "CountUnread(Int32 userId)", `Claims.Data\Repositories\NotificationRepository.cs`, 23,
		iisWebCtrl+"NotificationsController", "UnreadCount()", iisWebCtrlDir+"NotificationsController.cs", 19),
	"Statements/Index": iisAct(false, "Claims.Data.Repositories.StatementRepository", "GetSummary(Int32 brokerId, String period)", `Claims.Data\Repositories\StatementRepository.cs`, 36,
		iisWebCtrl+"StatementsController", "Index(String period)", iisWebCtrlDir+"StatementsController.cs", 27),
	"Statements/Export": iisAct(false, "Claims.Data.Repositories.StatementRepository", "GetTransactions(Int32 brokerId, String period)", `Claims.Data\Repositories\StatementRepository.cs`, 58,
		iisWebCtrl+"StatementsController", "Export(String period, String format)", iisWebCtrlDir+"StatementsController.cs", 49),
	"Campaigns/RegisterInterest": iisAct(false, "Claims.Data.Repositories.CampaignRepository", "AddInterest(CampaignInterest interest)", `Claims.Data\Repositories\CampaignRepository.cs`, 31,
		iisWebCtrl+"CampaignsController", "RegisterInterest(InterestModel model)", iisWebCtrlDir+"CampaignsController.cs", 57),

	"BO:Worklist/Index": iisAct(false, "Claims.Data.Repositories.WorklistRepository", "GetForHandler(String handler)", `Claims.Data\Repositories\WorklistRepository.cs`, 48,
		iisBOCtrl+"WorklistController", "Index()", iisBOCtrlDir+"WorklistController.cs", 26),
	"BO:Worklist/Count": iisAct(false, "Claims.Data.Repositories.WorklistRepository", "CountForHandler(String handler)", `Claims.Data\Repositories\WorklistRepository.cs`, 77,
		iisBOCtrl+"WorklistController", "Count()", iisBOCtrlDir+"WorklistController.cs", 41),
	"BO:Claim/Index": iisAct(false, iisClaimRepo, "GetById(Int32 claimId)", iisClaimFile, 57,
		iisBOCtrl+"ClaimController", "Index(Int32 id)", iisBOCtrlDir+"ClaimController.cs", 34),
	"BO:Search/Index": iisAct(false, iisClaimRepo, "Search(ClaimSearchCriteria criteria)", iisClaimFile, 88,
		iisBOCtrl+"SearchController", "Index(SearchModel model)", iisBOCtrlDir+"SearchController.cs", 22),
	"BO:Claim/AddNote": iisAct(false, "Claims.Data.Repositories.ClaimNoteRepository", "Add(ClaimNote note)", `Claims.Data\Repositories\ClaimNoteRepository.cs`, 19,
		iisBOCtrl+"ClaimController", "AddNote(Int32 id, NoteModel model)", iisBOCtrlDir+"ClaimController.cs", 71),
	"BO:Claim/UpdateReserve": iisAct(false, "Claims.Data.Repositories.ReserveRepository", "Update(Int32 claimId, Decimal amount, String reason, String handler)", `Claims.Data\Repositories\ReserveRepository.cs`, 33,
		iisBOCtrl+"ClaimController", "UpdateReserve(Int32 id, ReserveModel model)", iisBOCtrlDir+"ClaimController.cs", 96),
	"BO:Payments/Authorise": iisAct(false, "Claims.Data.Repositories.PaymentRepository", "Authorise(PaymentRequest request, String handler)", `Claims.Data\Repositories\PaymentRepository.cs`, 62,
		iisBOCtrl+"PaymentsController", "Authorise(Int32 claimId, PaymentModel model)", iisBOCtrlDir+"PaymentsController.cs", 45),
	"BO:Documents/View": iisAct(false, "Claims.Data.Repositories.DocumentRepository", "GetContent(Int32 documentId)", `Claims.Data\Repositories\DocumentRepository.cs`, 96,
		iisBOCtrl+"DocumentsController", "View(Int32 id)", iisBOCtrlDir+"DocumentsController.cs", 18),
	"BO:Reports/Run": iisAct(false, "Claims.Data.Repositories.ReportRepository", "Run(Int32 reportId, DateTime from, DateTime to)", `Claims.Data\Repositories\ReportRepository.cs`, 40,
		iisBOCtrl+"ReportsController", "Run(Int32 reportId, String format, Nullable`1 from, Nullable`1 to)", iisBOCtrlDir+"ReportsController.cs", 52),

	"API:Quotes/Create": iisAct(true, "Claims.Data.Repositories.QuoteRepository", "<InsertAsync>d__7.MoveNext()", `Claims.Data\Repositories\QuoteRepository.cs`, 63,
		iisAPICtrl+"QuotesController", "<Create>d__6.MoveNext()", iisAPICtrlDir+"QuotesController.cs", 71),
	"API:Quotes/Get": iisAct(true, "Claims.Data.Repositories.QuoteRepository", "<GetAsync>d__5.MoveNext()", `Claims.Data\Repositories\QuoteRepository.cs`, 38,
		iisAPICtrl+"QuotesController", "<Get>d__5.MoveNext()", iisAPICtrlDir+"QuotesController.cs", 44),
	"API:Quotes/Bind": iisAct(true, "Claims.Data.Repositories.PolicyRepository", "<BindAsync>d__9.MoveNext()", `Claims.Data\Repositories\PolicyRepository.cs`, 112,
		iisAPICtrl+"QuotesController", "<Bind>d__8.MoveNext()", iisAPICtrlDir+"QuotesController.cs", 103),
	"API:Policies/GetClaims": iisAct(true, iisClaimRepo, "<GetByPolicyAsync>d__12.MoveNext()", iisClaimFile, 247,
		iisAPICtrl+"PoliciesController", "<GetClaims>d__3.MoveNext()", iisAPICtrlDir+"PoliciesController.cs", 39),
	"API:Claims/Fnol": iisAct(true, iisClaimRepo, "<InsertFnolAsync>d__14.MoveNext()", iisClaimFile, 281,
		iisAPICtrl+"ClaimsController", "<Fnol>d__4.MoveNext()", iisAPICtrlDir+"ClaimsController.cs", 58),
	"API:Products/Get": iisAct(true, "Claims.Data.Repositories.ProductRepository", "<GetAllAsync>d__2.MoveNext()", `Claims.Data\Repositories\ProductRepository.cs`, 21,
		iisAPICtrl+"ProductsController", "<Get>d__2.MoveNext()", iisAPICtrlDir+"ProductsController.cs", 24),
	"API:Token/Post": iisAct(true, "Claims.Data.Repositories.ApiClientRepository", "<FindAsync>d__3.MoveNext()", `Claims.Data\Repositories\ApiClientRepository.cs`, 27,
		iisAPICtrl+"TokenController", "<Post>d__3.MoveNext()", iisAPICtrlDir+"TokenController.cs", 48),
}

// Where in the exchange with SQL Server an error struck.
const (
	iisOpen    = iota // opening the connection (login)
	iisSend           // sending the command
	iisReceive        // reading the results
	iisTimeout        // waiting for the results until the command timeout
)

// iisSQLError is a SqlException as SqlClient raises it.
type iisSQLError struct {
	msg, inner           string // the message, and the inner Win32Exception's ("" for none)
	number, state, class int
	stage                int
	noConnection         bool // raised before the server gave the connection an id
}

var (
	iisErrTimeout = &iisSQLError{"Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.",
		"The wait operation timed out", -2, 0, 11, iisTimeout, false}
	iisErrNameGone = &iisSQLError{"A transport-level error has occurred when receiving results from the server. (provider: TCP Provider, error: 0 - The specified network name is no longer available.)",
		"The specified network name is no longer available", 64, 0, 20, iisReceive, false}
	iisErrNotPrimary = &iisSQLError{"Unable to access availability database 'ClaimsDB' because the database replica is not in the PRIMARY or SECONDARY role. Connections to an availability database is permitted only when the database replica is in the PRIMARY or SECONDARY role. Try the operation again later.",
		"", 976, 1, 14, iisOpen, false}
	iisErrLoginTimeout = &iisSQLError{"Connection Timeout Expired.  The timeout period elapsed while attempting to consume the pre-login handshake acknowledgement.  This could be because the pre-login handshake failed or the server was unable to respond back in time.  The duration spent while attempting to connect to this server was - [Pre-Login] initialization=15004; handshake=0; ",
		"The wait operation timed out", -2, 0, 11, iisOpen, true}
	iisErrSendFailed = &iisSQLError{"A transport-level error has occurred when sending the request to the server. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)",
		"An existing connection was forcibly closed by the remote host", 10054, 0, 20, iisSend, false}
)

// failover is what the availability group failover does to a request that queries
// ClaimsDB: the primary hangs (queries wait for their 30-second timeout, then the
// cluster takes it down and the waiting ones fail at once), the database is unavailable
// while the roles change, then the connections pooled to the old primary fail once each
// while the new primary's cache warms up. It returns the error the request fails with.
func (w *iisLog) failover(r *iisReq) *iisSQLError {
	g := w.g
	t := r.at
	r.tr = incident(iisSQLFailover)
	var e *iisSQLError
	switch {
	case t.Before(w.sqlFailover.Add(-30 * time.Second)):
		r.took, e = 30*time.Second+w.dur(60*time.Millisecond, 0.5), iisErrTimeout
	case t.Before(w.sqlFailover):
		r.took, e = w.sqlFailover.Sub(t)+w.ms(200, 4000), iisErrNameGone
	case t.Before(w.sqlPrimaryUp) && g.chance(0.7):
		r.took, e = w.dur(45*time.Millisecond, 0.5), iisErrNotPrimary
	case t.Before(w.sqlPrimaryUp):
		r.took, e = 15*time.Second+w.ms(1, 80), iisErrLoginTimeout
	default:
		frac := float64(t.Sub(w.sqlPrimaryUp)) / float64(w.sqlEnd.Sub(w.sqlPrimaryUp))
		if !g.chance(0.55 * (1 - frac)) {
			if r.took < 2*time.Second { // what the database's time dominates
				r.took = time.Duration(float64(r.took) * (1.5 + 2.5*(1-frac)))
			}
			return nil
		}
		r.took, e = w.dur(30*time.Millisecond, 0.5), iisErrSendFailed
	}
	r.status, r.sub, r.win32 = 500, 0, 0
	r.sent = w.size(5300, 0.03) // the custom error page
	if r.site == iisAPI {
		r.sent = w.size(330, 0.03) // {"message":"An error has occurred."}
	}
	return e
}

// logSQLError is the application's exception filter (MVC) or exception logger (Web API)
// logging the failed request.
func (w *iisLog) logSQLError(r *iisReq, e *iisSQLError) {
	site := iisSites[r.site]
	at := r.done().Add(-w.ms(1, 4))
	if r.site == iisAPI {
		w.nlog(r.tr, at, "ERROR", site.app+".Infrastructure.NLogExceptionLogger",
			fmt.Sprintf("Unhandled exception in %s %s (client '%s', correlation %s)", r.method, r.uri(), r.who, w.g.uuid()), w.sqlException(e, r.act)...)
		return
	}
	user := r.user
	if user == "" {
		user = "(anonymous)"
	}
	w.nlog(r.tr, at, "ERROR", site.app+".Infrastructure.NLogExceptionFilter",
		fmt.Sprintf("Unhandled exception in %s %s (user %s, request %s)", r.method, r.uri(), user, w.g.uuid()), w.sqlException(e, r.act)...)
}

var (
	iisOnError = []string{
		"   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)",
		"   at System.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)",
	}
	iisReadNetwork = []string{
		"   at System.Data.SqlClient.TdsParserStateObject.ReadSniError(TdsParserStateObject stateObj, UInt32 error)",
		"   at System.Data.SqlClient.TdsParserStateObject.ReadSniSyncOverAsync()",
		"   at System.Data.SqlClient.TdsParserStateObject.TryReadNetworkPacket()",
		"   at System.Data.SqlClient.TdsParserStateObject.TryPrepareBuffer()",
		"   at System.Data.SqlClient.TdsParserStateObject.TryReadByte(Byte& value)",
	}
	iisReadResults = []string{
		"   at System.Data.SqlClient.TdsParser.TryRun(RunBehavior runBehavior, SqlCommand cmdHandler, SqlDataReader dataStream, BulkCopySimpleResultSet bulkCopyHandler, TdsParserStateObject stateObj, Boolean& dataReady)",
		"   at System.Data.SqlClient.SqlDataReader.TryConsumeMetaData()",
		"   at System.Data.SqlClient.SqlDataReader.get_MetaData()",
		"   at System.Data.SqlClient.SqlCommand.FinishExecuteReader(SqlDataReader ds, RunBehavior runBehavior, String resetOptionsString, Boolean isInternal, Boolean forDescribeParameterEncryption, Boolean shouldCacheForAlwaysEncrypted)",
	}
	iisSendCommand = []string{
		"   at System.Data.SqlClient.TdsParserStateObject.WriteSni(Boolean canAccumulate)",
		"   at System.Data.SqlClient.TdsParserStateObject.WritePacket(Byte flushMode, Boolean canAccumulate)",
		"   at System.Data.SqlClient.TdsParser.TdsExecuteRPC(SqlCommand cmd, _SqlRPC[] rpcArray, Int32 timeout, Boolean inSchema, SqlNotificationRequest notificationRequest, TdsParserStateObject stateObj, Boolean isCommandProc, Boolean sync, TaskCompletionSource`1 completion, Int32 startRpc, Int32 startParam)",
	}
	iisSyncQuery = []string{
		"   at System.Data.SqlClient.SqlCommand.RunExecuteReaderTds(CommandBehavior cmdBehavior, RunBehavior runBehavior, Boolean returnStream, Boolean async, Int32 timeout, Task& task, Boolean asyncWrite, Boolean inRetry, SqlDataReader ds, Boolean describeParameterEncryptionRequest)",
		"   at System.Data.SqlClient.SqlCommand.RunExecuteReader(CommandBehavior cmdBehavior, RunBehavior runBehavior, Boolean returnStream, String method, TaskCompletionSource`1 completion, Int32 timeout, Task& task, Boolean& usedCache, Boolean asyncWrite, Boolean inRetry)",
		"   at System.Data.SqlClient.SqlCommand.RunExecuteReader(CommandBehavior cmdBehavior, RunBehavior runBehavior, Boolean returnStream, String method)",
		"   at System.Data.SqlClient.SqlCommand.ExecuteReader(CommandBehavior behavior, String method)",
		"   at System.Data.SqlClient.SqlCommand.ExecuteDbDataReader(CommandBehavior behavior)",
		"   at System.Data.Common.DbCommand.System.Data.IDbCommand.ExecuteReader(CommandBehavior behavior)",
		"   at Dapper.SqlMapper.ExecuteReaderWithFlagsFallback(IDbCommand cmd, Boolean wasClosed, CommandBehavior behavior) in /_/Dapper/SqlMapper.cs:line 1066",
		"   at Dapper.SqlMapper.<QueryImpl>d__140`1.MoveNext() in /_/Dapper/SqlMapper.cs:line 1094",
		"   at System.Collections.Generic.List`1..ctor(IEnumerable`1 collection)",
		"   at System.Linq.Enumerable.ToList[TSource](IEnumerable`1 source)",
		"   at Dapper.SqlMapper.Query[T](IDbConnection cnn, String sql, Object param, IDbTransaction transaction, Boolean buffered, Nullable`1 commandTimeout, Nullable`1 commandType) in /_/Dapper/SqlMapper.cs:line 734",
	}
	iisAsyncQuery = []string{
		"   at System.Data.SqlClient.SqlCommand.CompleteAsyncExecuteReader()",
		"   at System.Data.SqlClient.SqlCommand.InternalEndExecuteReader(IAsyncResult asyncResult, String endMethod)",
		"   at System.Data.SqlClient.SqlCommand.EndExecuteReaderInternal(IAsyncResult asyncResult)",
		"   at System.Data.SqlClient.SqlCommand.EndExecuteReaderAsync(IAsyncResult asyncResult)",
		"   at System.Threading.Tasks.TaskFactory`1.FromAsyncCoreLogic(IAsyncResult iar, Func`2 endFunction, Action`1 endAction, Task`1 promise, Boolean requiresSynchronization)",
	}
	iisLogin = []string{
		"   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity, SqlConnectionString connectionOptions, SqlCredential credential, Object providerInfo, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance, SqlConnectionString userConnectionOptions, SessionData reconnectSessionData, DbConnectionPool pool, String accessToken, Boolean applyTransientFaultHandling, SqlAuthenticationProviderManager sqlAuthProviderManager)",
		"   at System.Data.SqlClient.SqlConnectionFactory.CreateConnection(DbConnectionOptions options, DbConnectionPoolKey poolKey, Object poolGroupProviderInfo, DbConnectionPool pool, DbConnection owningConnection, DbConnectionOptions userOptions)",
		"   at System.Data.ProviderBase.DbConnectionFactory.CreatePooledConnection(DbConnectionPool pool, DbConnection owningObject, DbConnectionOptions options, DbConnectionPoolKey poolKey, DbConnectionOptions userOptions)",
		"   at System.Data.ProviderBase.DbConnectionPool.CreateObject(DbConnection owningObject, DbConnectionOptions userOptions, DbConnectionInternal oldConnection)",
		"   at System.Data.ProviderBase.DbConnectionPool.UserCreateRequest(DbConnection owningObject, DbConnectionOptions userOptions, DbConnectionInternal oldConnection)",
		"   at System.Data.ProviderBase.DbConnectionPool.TryGetConnection(DbConnection owningObject, UInt32 waitForMultipleObjectsTimeout, Boolean allowCreate, Boolean onlyOneCheckConnection, DbConnectionOptions userOptions, DbConnectionInternal& connection)",
	}
	iisLoginFailed = []string{
		"   at System.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)",
		"   at System.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)",
		"   at System.Data.SqlClient.TdsParser.TryRun(RunBehavior runBehavior, SqlCommand cmdHandler, SqlDataReader dataStream, BulkCopySimpleResultSet bulkCopyHandler, TdsParserStateObject stateObj, Boolean& dataReady)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.CompleteLogin(Boolean enlistOK)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.AttemptOneLogin(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, Boolean ignoreSniOpenTimeout, TimeoutTimer timeout, Boolean withFailover)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.LoginNoFailover(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance, SqlConnectionString connectionOptions, SqlCredential credential, TimeoutTimer timeout)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.OpenLoginEnlist(TimeoutTimer timeout, SqlConnectionString connectionOptions, SqlCredential credential, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance)",
	}
	iisPreLoginFailed = []string{
		"   at System.Data.SqlClient.SqlInternalConnectionTds.ThrowLoginException(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)",
		"   at System.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)",
		"   at System.Data.SqlClient.TdsParser.ConsumePreLoginHandshake(Boolean encrypt, Boolean trustServerCert, Boolean integratedSecurity, Boolean& marsCapable, Boolean& fedAuthRequired)",
		"   at System.Data.SqlClient.TdsParser.Connect(ServerInfo serverInfo, SqlInternalConnectionTds connHandler, Boolean ignoreSniOpenTimeout, Int64 timerExpire, Boolean encrypt, Boolean trustServerCert, Boolean integratedSecurity, Boolean withFailover, SqlAuthenticationMethod authType)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.AttemptOneLogin(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, Boolean ignoreSniOpenTimeout, TimeoutTimer timeout, Boolean withFailover)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.LoginNoFailover(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance, SqlConnectionString connectionOptions, SqlCredential credential, TimeoutTimer timeout)",
		"   at System.Data.SqlClient.SqlInternalConnectionTds.OpenLoginEnlist(TimeoutTimer timeout, SqlConnectionString connectionOptions, SqlCredential credential, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance)",
	}
	iisSyncOpen = []string{
		"   at System.Data.ProviderBase.DbConnectionPool.TryGetConnection(DbConnection owningObject, TaskCompletionSource`1 retry, DbConnectionOptions userOptions, DbConnectionInternal& connection)",
		"   at System.Data.ProviderBase.DbConnectionFactory.TryGetConnection(DbConnection owningConnection, TaskCompletionSource`1 retry, DbConnectionOptions userOptions, DbConnectionInternal oldConnection, DbConnectionInternal& connection)",
		"   at System.Data.ProviderBase.DbConnectionInternal.TryOpenConnectionInternal(DbConnection outerConnection, DbConnectionFactory connectionFactory, TaskCompletionSource`1 retry, DbConnectionOptions userOptions)",
		"   at System.Data.ProviderBase.DbConnectionClosed.TryOpenConnection(DbConnection outerConnection, DbConnectionFactory connectionFactory, TaskCompletionSource`1 retry, DbConnectionOptions userOptions)",
		"   at System.Data.SqlClient.SqlConnection.TryOpenInner(TaskCompletionSource`1 retry)",
		"   at System.Data.SqlClient.SqlConnection.TryOpen(TaskCompletionSource`1 retry)",
		"   at System.Data.SqlClient.SqlConnection.Open()",
		iisFrame("Claims.Data.SqlConnectionFactory", "Open()", `Claims.Data\SqlConnectionFactory.cs`, 31),
	}
	iisMVCTail = []string{
		"   at lambda_method(Closure , ControllerBase , Object[] )",
		"   at System.Web.Mvc.ActionMethodDispatcher.Execute(ControllerBase controller, Object[] parameters)",
		"   at System.Web.Mvc.ReflectedActionDescriptor.Execute(ControllerContext controllerContext, IDictionary`2 parameters)",
		"   at System.Web.Mvc.ControllerActionInvoker.InvokeActionMethod(ControllerContext controllerContext, ActionDescriptor actionDescriptor, IDictionary`2 parameters)",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.<>c.<BeginInvokeSynchronousActionMethod>b__9_0(IAsyncResult asyncResult, ActionInvocation innerInvokeState)",
		"   at System.Web.Mvc.Async.AsyncResultWrapper.WrappedAsyncResult`2.CallEndDelegate(IAsyncResult asyncResult)",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.EndInvokeActionMethod(IAsyncResult asyncResult)",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.AsyncInvocationWithFilters.<>c__DisplayClass11_0.<InvokeActionMethodFilterAsynchronouslyRecursive>b__0()",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.AsyncInvocationWithFilters.<>c__DisplayClass11_2.<InvokeActionMethodFilterAsynchronouslyRecursive>b__2()",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.<>c__DisplayClass7_0.<BeginInvokeActionMethodWithFilters>b__1(IAsyncResult asyncResult)",
	}
	iisWebAPITail = []string{
		"   at System.Threading.Tasks.TaskHelpersExtensions.<CastToObject>d__1`1.MoveNext()",
		"   at System.Web.Http.Controllers.ApiControllerActionInvoker.<InvokeActionAsyncCore>d__1.MoveNext()",
		"   at System.Web.Http.Controllers.ActionFilterResult.<ExecuteAsync>d__5.MoveNext()",
		"   at System.Web.Http.Dispatcher.HttpControllerDispatcher.<SendAsync>d__15.MoveNext()",
	}
)

// iisAwait puts the frames of awaiting methods as .NET Framework prints an exception
// that went through them: each after the rethrow of the task it awaited.
func iisAwait(frames ...string) []string {
	out := make([]string, 0, 4*len(frames))
	for _, f := range frames {
		out = append(out, "--- End of stack trace from previous location where exception was thrown ---",
			"   at System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw()",
			"   at System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification(Task task)", f)
	}
	return out
}

// sqlException is the SqlException's ToString: message, inner exception, stack from
// SqlClient up through Dapper and the application to MVC or Web API, connection id and
// error number.
func (w *iisLog) sqlException(e *iisSQLError, a *iisAction) []string {
	head := "System.Data.SqlClient.SqlException (0x80131904): " + e.msg
	if e.inner != "" {
		head += " ---> System.ComponentModel.Win32Exception (0x80004005): " + e.inner
	}
	lines := []string{head}
	if e.inner != "" {
		lines = append(lines, "   --- End of inner exception stack trace ---")
	}
	switch e.stage {
	case iisOpen:
		if e.noConnection {
			lines = append(lines, iisPreLoginFailed...)
		} else {
			lines = append(lines, iisLoginFailed...)
		}
		lines = append(lines, iisLogin...)
		if a.async {
			lines = append(lines, "   at System.Data.ProviderBase.DbConnectionPool.WaitForPendingOpen()")
			lines = append(lines, iisAwait(iisFrame("Claims.Data.SqlConnectionFactory", "<OpenAsync>d__3.MoveNext()", `Claims.Data\SqlConnectionFactory.cs`, 44))...)
		} else {
			lines = append(lines, iisSyncOpen...)
		}
	default:
		lines = append(lines, iisOnError...)
		switch e.stage {
		case iisSend:
			lines = append(lines, iisSendCommand...)
		case iisReceive:
			lines = append(lines, iisReadNetwork...)
			lines = append(lines, iisReadResults...)
		default:
			lines = append(lines, iisReadResults...)
		}
		if a.async {
			lines = append(lines, iisAsyncQuery...)
			lines = append(lines, iisAwait("   at Dapper.SqlMapper.<QueryAsync>d__33`1.MoveNext() in /_/Dapper/SqlMapper.Async.cs:line 418")...)
		} else {
			lines = append(lines, iisSyncQuery...)
		}
	}
	if a.async {
		lines = append(lines, iisAwait(a.repo, a.ctrl)...)
		lines = append(lines, iisAwait(iisWebAPITail...)...)
	} else {
		lines = append(lines, a.repo, a.ctrl)
		lines = append(lines, iisMVCTail...)
	}
	cid := w.g.uuid()
	if e.noConnection {
		cid = "00000000-0000-0000-0000-000000000000"
	}
	return append(lines, "ClientConnectionId:"+cid, fmt.Sprintf("Error Number:%d,State:%d,Class:%d", e.number, e.state, e.class))
}

// iisMoney writes an amount as the applications do (en-GB, "N2").
func iisMoney(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	b.WriteString("GBP ")
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	return b.String() + frac
}

// claimID draws a claim, never the one whose claim pack crashes the renderer.
func (w *iisLog) claimID() int {
	for {
		if id := w.g.between(380000, 449999); id != iisPackClaim {
			return id
		}
	}
}

func iisClaimRef(id int) string { return fmt.Sprintf("CLM-%07d", id) }

// pid is a new worker process's id (Windows gives multiples of 4).
func (w *iisLog) pid() int { return 4 * w.g.between(300, 4000) }

// appStart is an application starting in a new worker process: its first request at
// begin, ready when Global.asax's Application_Start is done.
func (w *iisLog) appStart(tr truth, s, site int, begin, ready time.Time, version string) {
	app := iisSites[site]
	regs := []int{312, 241, 198}[site]
	if version == iisNewVersion {
		regs += []int{15, 3, 2}[site]
	}
	w.pids[s][site] = w.pid()
	w.nlog(tr, begin.Add(w.ms(150, 400)), "INFO", app.global, fmt.Sprintf("Application starting: %s %s on %s (pool %s, pid %d, .NET Framework 4.8.9290.0)",
		app.app, version, iisServers[s].name, app.pool, w.pids[s][site]))
	w.nlog(tr, begin.Add(ready.Sub(begin)*6/10), "INFO", app.app+".App_Start.ContainerConfig", fmt.Sprintf("Autofac container built: %d registrations in %d ms",
		regs, w.g.between(600, 1100)))
	w.nlog(tr, ready.Add(-w.ms(1, 30)), "INFO", app.global, fmt.Sprintf("Application started in %.1f s", ready.Sub(begin).Seconds()))
}

// appStop is Global.asax's Application_End as a worker process shuts down.
func (w *iisLog) appStop(tr truth, s, site int, at time.Time) {
	w.nlog(tr, at, "INFO", iisSites[site].global, fmt.Sprintf("Application shutting down: HostingEnvironment (pid %d)", w.pids[s][site]))
}

var (
	iisImages = []string{"/Content/images/hartwell-logo.svg", "/Content/images/status-open.svg", "/Content/images/status-settled.svg",
		"/Content/images/icon-upload.svg", "/Content/fonts/OpenSans-Regular.woff2"}
	iisInvalid = []string{"IncidentDate: Incident date cannot be in the future.", "EstimatedAmount: The field EstimatedAmount must be between 1 and 5000000.",
		"Description: The Description field is required.", "PolicyReference: No live policy found for this reference on the incident date."}
	iisMarkup = []string{`Description="...ceiling came down <br> water everywhere..."`, `Description="...see photos <b>attached</b>..."`,
		`Description="...<p>Storm damage to roo..."`, `Description="...copied from email <div>Dear Sir..."`}
	// iisFormTail is the stack of an exception raised reading the request's form, before
	// any action runs.
	iisFormTail = []string{
		"   at System.Web.HttpRequestWrapper.get_Form()",
		"   at System.Web.Mvc.FormValueProviderFactory.GetValueProvider(ControllerContext controllerContext)",
		"   at System.Web.Mvc.ValueProviderFactoryCollection.GetValueProvider(ControllerContext controllerContext)",
		"   at System.Web.Mvc.ControllerBase.get_ValueProvider()",
		"   at System.Web.Mvc.ControllerActionInvoker.GetParameterValue(ControllerContext controllerContext, ParameterDescriptor parameterDescriptor)",
		"   at System.Web.Mvc.ControllerActionInvoker.GetParameterValues(ControllerContext controllerContext, ActionDescriptor actionDescriptor)",
		"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.<>c__DisplayClass3_1.<BeginInvokeAction>b__0(AsyncCallback asyncCallback, Object asyncState)",
	}
)

const (
	iisAccountLog    = "Claims.Web.Controllers.AccountController"
	iisClaimsLog     = "Claims.Web.Controllers.ClaimsController"
	iisStatementsLog = "Claims.Web.Controllers.StatementsController"
	iisPackLog       = "Claims.Web.Services.ClaimPackRenderer"
)

// brokerTraffic is the portal's own day: brokers' sessions arriving with the office day.
func (w *iisLog) brokerTraffic() {
	w.poisson(w.start.Add(-20*time.Minute), w.end, 0.5, func(t time.Time) float64 { return 0.4 * w.busy(t) }, func(t time.Time) {
		w.session(w.visit(pick(w.g, w.brokers), t, routine), t)
	})
}

// visit starts a broker's browser session, from the office or now and then from home.
func (w *iisLog) visit(b *iisBroker, t time.Time, tr truth) *iisVisit {
	g := w.g
	ip := b.office
	if b.mobile || g.chance(0.2) {
		ip = g.publicIP()
	}
	return &iisVisit{b: b, ip: ip, cport: g.between(49152, 65535), srv: w.balance(t, iisPortal), version: "HTTP/2", tr: tr, first: true}
}

// session is a broker's visit: signing in unless the cookie is still valid, a few
// pages with think times between them, then leaving.
func (w *iisLog) session(v *iisVisit, t time.Time) {
	g := w.g
	var at time.Time
	if g.chance(0.6) {
		at = w.signIn(v, t, "%2F", "dashboard")
	} else {
		v.authed = true
		at = w.page(v, t, "dashboard", 0)
	}
	for n := 1 + int(g.rng.ExpFloat64()*7); n > 0 && at.Before(w.end); n-- {
		at = w.page(v, at.Add(w.dur(20*time.Second, 0.9)), w.pageKind(v, at), 0)
	}
	w.leave(v, at)
}

// leave ends a visit: sometimes signing out, and HTTP.sys closing the connection two
// minutes after the last request.
func (w *iisLog) leave(v *iisVisit, at time.Time) {
	if v.authed && w.g.chance(0.15) {
		at = w.logOff(v, at.Add(w.dur(8*time.Second, 0.8)))
	}
	w.idle(v.tr, v.srv, at.Add(120*time.Second+w.ms(0, 900)), v.ip, v.cport)
}

// pageKind draws what a broker does next; the claim pack exists from 4.13.0 on.
func (w *iisLog) pageKind(v *iisVisit, t time.Time) string {
	kinds := []string{"dashboard", "search", "details", "newclaim", "upload", "download", "statements", "profile", "claimpack"}
	weights := []float64{12, 24, 30, 5, 8, 9, 1.5, 1.5, 0}
	if w.version(v.srv, t) == iisNewVersion {
		weights[8] = 3
	}
	return kinds[w.g.weighted(len(kinds), func(i int) float64 { return weights[i] })]
}

// preq is a request of a broker's browser, on the server the F5 keeps the session on
// (the other when that one is out of the pool).
func (w *iisLog) preq(v *iisVisit, at time.Time, method, route, stem, query string) *iisReq {
	if !w.inRotation(v.srv, iisPortal, at) {
		v.srv = 1 - v.srv
	}
	r := &iisReq{srv: v.srv, site: iisPortal, at: at, method: method, stem: stem, query: query, client: v.ip, cport: v.cport,
		version: v.version, ua: v.b.ua, referer: v.referer, route: route, status: 200, act: iisActions[route], who: v.b.email, tr: v.tr}
	r.recv = w.size(880, 0.12) + len(stem) + len(query)
	if v.authed {
		r.user = v.b.email
		r.recv += 420 // the forms authentication cookie
	}
	return r
}

// static is a request for a file IIS's static file handler serves: no user (forms
// authentication only runs for managed requests), a few milliseconds.
func (w *iisLog) static(v *iisVisit, at time.Time, stem, query string, status, sent int) *iisReq {
	r := w.preq(v, at, "GET", "static", stem, query)
	r.user, r.status, r.sent = "", status, sent
	r.took = w.ms(0, 2)
	switch status {
	case 200:
		r.took = w.dur(12*time.Millisecond, 0.6) + time.Duration(sent/4000)*time.Millisecond
	case 404:
		r.win32 = 2
	}
	return r
}

// page is one page a broker opens, with what the browser asks for around it; claim 0
// draws one. It returns when the last of it is done.
func (w *iisLog) page(v *iisVisit, at time.Time, kind string, claim int) time.Time {
	g := w.g
	if claim == 0 {
		claim = w.claimID()
	}
	var r *iisReq
	var then func()
	switch kind {
	case "dashboard":
		r = w.preq(v, at, "GET", "Home/Index", "/", "")
		r.sent, r.took = w.size(31000, 0.2), w.dur(170*time.Millisecond, 0.45)
	case "search":
		at = w.lookups(v, at)
		r = w.preq(v, at, "GET", "Claims/Search", "/Claims/Search", w.searchQuery())
		r.search = true
		r.sent, r.took = w.size(44000, 0.4), w.dur(260*time.Millisecond, 0.5)
	case "details":
		r = w.preq(v, at, "GET", "Claims/Details", fmt.Sprintf("/Claims/Details/%d", claim), "")
		r.sent, r.took = w.size(38000, 0.3), w.dur(150*time.Millisecond, 0.5)
		switch u := g.rng.Float64(); {
		case u < 0.008:
			r.status, r.sent = 403, w.size(5100, 0.03)
			then = func() {
				w.nlog(v.tr, r.done().Add(-w.ms(1, 3)), "WARN", iisClaimsLog, fmt.Sprintf("Access denied: claim %s requested by %s (broker %s) belongs to broker BRK-%05d",
					iisClaimRef(claim), v.b.email, v.b.id, g.between(10000, 19999)))
			}
		case u < 0.012:
			r.status, r.sent = 404, w.size(5000, 0.03)
		}
	case "newclaim":
		return w.newClaim(v, at)
	case "upload":
		return w.upload(v, at, claim)
	case "download":
		return w.download(v, at)
	case "claimpack":
		return w.claimPack(v, at, claim)
	case "statements":
		query := ""
		if v.tr.change == w.statements.name {
			query = "period=" + iisPeriod
		}
		r = w.preq(v, at, "GET", "Statements/Index", "/Statements", query)
		r.sent, r.took = w.size(19000, 0.15), w.dur(110*time.Millisecond, 0.4)
	case "profile":
		r = w.preq(v, at, "GET", "Account/Profile", "/Account/Profile", "")
		r.sent, r.took = w.size(17000, 0.1), w.dur(90*time.Millisecond, 0.4)
	default:
		panic("families: no portal page " + kind)
	}
	if w.serve(r) && then != nil {
		then()
	}
	end := w.afterPage(v, r)
	if kind == "statements" && v.tr == routine && g.chance(0.25) {
		end = w.export(v, end.Add(w.dur(6*time.Second, 0.5)), "2026-01", pick(g, []string{"pdf", "xlsx", "csv"}))
	}
	return end
}

// afterPage is what a page's HTML makes the browser ask for: the bundles on the visit's
// first page, an image revalidated now and then, the unread notifications count.
func (w *iisLog) afterPage(v *iisVisit, r *iisReq) time.Time {
	g := w.g
	if r.skipped {
		return r.at // the browser shows its own error page
	}
	v.referer = "https://" + iisSites[iisPortal].host + r.uri()
	t := r.done().Add(w.ms(15, 120))
	end := t
	if v.first {
		v.first = false
		end = w.assets(v, t)
	} else if g.chance(0.2) {
		s := w.static(v, t, pick(g, iisImages), "", 304, w.size(190, 0.03))
		w.serve(s)
		end = s.done()
	}
	if v.authed {
		x := w.preq(v, t.Add(w.ms(40, 300)), "GET", "Notifications/UnreadCount", "/api/notifications/unread-count", "_="+strconv.FormatInt(r.at.UnixMilli(), 10))
		x.sent, x.took = w.size(420, 0.04), w.dur(35*time.Millisecond, 0.4)
		w.serve(x)
		end = iisLater(end, x.done())
	}
	return end
}

// iisLater is the later of two times.
func iisLater(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// assets is the first page of a visit: the bundles when the browser does not hold the
// version the server renders (every browser once after the deployment), the logo for a
// browser that has never been here, mobile Safari's touch icons.
func (w *iisLog) assets(v *iisVisit, t time.Time) time.Time {
	g := w.g
	end := t
	get := func(r *iisReq) {
		w.serve(r)
		end = iisLater(end, r.done())
	}
	hash := w.bundles(v.srv, t)
	if v.b.cached != hash {
		tr := v.tr
		if hash == iisNewBundles {
			tr = merge(v.tr, w.deploy.truth())
		}
		for _, b := range []struct {
			stem string
			size int
		}{{"/bundles/css", 48000}, {"/bundles/jquery", 88000}, {"/bundles/app", 61000}} {
			r := w.static(v, t.Add(w.ms(1, 30)), b.stem, hash, 200, w.size(b.size, 0.01))
			r.took = w.dur(25*time.Millisecond, 0.5) // bundles are handled by ASP.NET's optimisation module
			r.tr = tr
			get(r)
		}
		if v.b.cached == "" {
			get(w.static(v, t.Add(w.ms(20, 80)), "/Content/images/hartwell-logo.svg", "", 200, w.size(6400, 0.01)))
		}
		v.b.cached = hash
	}
	if v.b.mobile && g.chance(0.5) {
		get(w.static(v, t.Add(w.ms(50, 400)), "/apple-touch-icon-precomposed.png", "", 404, w.size(1480, 0.01)))
		get(w.static(v, t.Add(w.ms(50, 400)), "/apple-touch-icon.png", "", 404, w.size(1480, 0.01)))
	}
	return end
}

// lookups is the search box's type-ahead: a call for each letter typed after the third.
func (w *iisLog) lookups(v *iisVisit, at time.Time) time.Time {
	g := w.g
	term := strings.ToLower(pick(g, iisLastNames))
	for i, n := 0, g.intn(4); i < n; i++ {
		r := w.preq(v, at, "GET", "Claims/Lookup", "/Claims/Lookup", "term="+term[:min(len(term), 3+i)])
		r.search = true
		r.sent, r.took = w.size(900, 0.5), w.dur(70*time.Millisecond, 0.5)
		w.serve(r)
		at = at.Add(w.ms(250, 700))
	}
	return at.Add(w.ms(300, 2500))
}

// searchQuery is what a broker searches claims by: status, a name, a policy.
func (w *iisLog) searchQuery() string {
	g := w.g
	switch g.intn(4) {
	case 0:
		return "status=Open&page=1"
	case 1:
		return "q=" + pick(g, iisLastNames) + "&status=All&page=1"
	case 2:
		return fmt.Sprintf("policyRef=HIP-%08d", g.between(10000000, 19999999))
	}
	return fmt.Sprintf("status=%s&page=%d&sort=lossDate", pick(g, []string{"Open", "Settled", "All"}), g.between(1, 4))
}

// newClaim is the new claim form, filled in and posted: validation sends some back,
// markup in the description fails request validation, the rest lands on the new claim.
func (w *iisLog) newClaim(v *iisVisit, at time.Time) time.Time {
	g := w.g
	r := w.preq(v, at, "GET", "Claims/NewForm", "/Claims/New", "")
	r.sent, r.took = w.size(22000, 0.1), w.dur(45*time.Millisecond, 0.4)
	w.serve(r)
	at = w.afterPage(v, r)
	post := w.preq(v, at.Add(w.dur(100*time.Second, 0.6)), "POST", "Claims/New", "/Claims/New", "")
	post.recv += w.size(2600, 0.3)
	post.status, post.sent, post.took = 302, w.size(540, 0.03), w.dur(140*time.Millisecond, 0.4)
	switch u := g.rng.Float64(); {
	case u < 0.01:
		post.status, post.sent, post.act, post.took = 500, w.size(5300, 0.03), nil, w.dur(9*time.Millisecond, 0.4)
		if w.serve(post) {
			exc := append([]string{"System.Web.HttpRequestValidationException (0x80004005): A potentially dangerous Request.Form value was detected from the client (" + pick(g, iisMarkup) + ").",
				"   at System.Web.HttpRequest.ValidateString(String value, String collectionKey, RequestValidationSource requestCollection)",
				"   at System.Web.HttpRequest.ValidateHttpValueCollection(HttpValueCollection collection, RequestValidationSource requestCollection)",
				"   at System.Web.HttpRequest.get_Form()"}, iisFormTail...)
			w.nlog(v.tr, post.done().Add(-w.ms(1, 3)), "ERROR", "Claims.Web.MvcApplication",
				fmt.Sprintf("Unhandled exception in POST /Claims/New (user %s, request %s)", v.b.email, g.uuid()), exc...)
		}
		return post.done()
	case u < 0.07:
		post.status, post.sent = 200, w.size(23000, 0.1)
		if w.serve(post) {
			w.nlog(v.tr, post.done().Add(-w.ms(1, 3)), "WARN", iisClaimsLog, fmt.Sprintf("Validation failed for new claim by %s (broker %s): %s", v.b.email, v.b.id, pick(g, iisInvalid)))
		}
		return w.afterPage(v, post)
	}
	if !w.serve(post) {
		return post.done()
	}
	id := w.claimID()
	w.nlog(v.tr, post.done().Add(-w.ms(1, 5)), "INFO", iisClaimsLog, fmt.Sprintf("Claim %s registered by %s (broker %s): peril %s, policy HIP-%08d, estimate %s",
		iisClaimRef(id), v.b.email, v.b.id, pick(g, iisPerils), g.between(10000000, 19999999), iisMoney(math.Round(g.lognormal(3200, 1))+0.01*float64(g.intn(100)))))
	return w.page(v, post.done().Add(w.ms(5, 40)), "details", id)
}

// upload is a document added to a claim: photos and estimates, a few megabytes over the
// broker's upload bandwidth; one over request filtering's 30 MB is refused with 404.13,
// one over ASP.NET's 20 MB fails reading the form.
func (w *iisLog) upload(v *iisVisit, at time.Time, claim int) time.Time {
	g := w.g
	name := fmt.Sprintf(pick(g, iisDocs), g.between(1000, 9999))
	r := w.preq(v, at, "POST", "Documents/Upload", "/Documents/Upload", fmt.Sprintf("claimId=%d", claim))
	r.sent = w.size(610, 0.03)
	size := w.size(1400000, 0.9)
	switch u := g.rng.Float64(); {
	case u < 0.004:
		r.status, r.sub, r.act, r.sent, r.took = 404, 13, nil, w.size(1250, 0.02), w.ms(1, 6)
		w.serve(r)
		return r.done()
	case u < 0.007:
		size = g.between(21<<20, 29<<20)
		r.recv += size
		r.status, r.act, r.sent = 500, nil, w.size(5300, 0.03)
		r.took = time.Duration(float64(size) / g.lognormal(700000, 0.4) * float64(time.Second))
		if w.serve(r) {
			exc := append([]string{"System.Web.HttpException (0x80004005): Maximum request length exceeded.",
				"   at System.Web.HttpRequest.GetEntireRawContent()",
				"   at System.Web.HttpRequest.GetMultipartContent()",
				"   at System.Web.HttpRequest.FillInFormCollection()",
				"   at System.Web.HttpRequest.EnsureForm()",
				"   at System.Web.HttpRequest.get_Form()"}, iisFormTail...)
			w.nlog(v.tr, r.done().Add(-w.ms(1, 3)), "ERROR", "Claims.Web.MvcApplication",
				fmt.Sprintf("Unhandled exception in POST %s (user %s, request %s)", r.uri(), v.b.email, g.uuid()), exc...)
		}
		return r.done()
	}
	r.recv += size
	r.took = 150*time.Millisecond + time.Duration(float64(size)/g.lognormal(700000, 0.5)*float64(time.Second))
	if w.serve(r) {
		w.nlog(v.tr, r.done().Add(-w.ms(1, 5)), "INFO", "Claims.Web.Controllers.DocumentsController", fmt.Sprintf("Document '%s' (%d KB) added to claim %s by %s",
			name, size/1024, iisClaimRef(claim), v.b.email))
	}
	return r.done()
}

// download is a document opened from a claim; now and then the broker closes it before
// it has all arrived.
func (w *iisLog) download(v *iisVisit, at time.Time) time.Time {
	g := w.g
	r := w.preq(v, at, "GET", "Documents/Download", fmt.Sprintf("/Documents/Download/%d", g.between(1200000, 1999999)), "")
	r.sent = w.size(900000, 1.0)
	r.took = w.dur(60*time.Millisecond, 0.4) + time.Duration(float64(r.sent)/g.lognormal(4e6, 0.6)*float64(time.Second))
	if g.chance(0.03) {
		r.win32 = pick(g, []int{64, 1236})
		r.sent = int(float64(r.sent) * g.rng.Float64())
	}
	w.serve(r)
	return r.done()
}

// claimPack is 4.13.0's new claim pack: every document of a claim rendered into one PDF.
func (w *iisLog) claimPack(v *iisVisit, at time.Time, claim int) time.Time {
	g := w.g
	tr := merge(v.tr, w.deploy.truth())
	r := w.preq(v, at, "GET", "Claims/ClaimPack", fmt.Sprintf("/Claims/ClaimPack/%d", claim), "")
	r.tr = tr
	docs := g.between(3, 30)
	r.sent = w.size(docs*110000, 0.4)
	r.took = w.dur(time.Duration(docs)*90*time.Millisecond, 0.4)
	if w.serve(r) {
		w.nlog(tr, r.at.Add(w.ms(5, 40)), "INFO", iisPackLog, fmt.Sprintf("Generating claim pack for %s: %d documents, requested by %s", iisClaimRef(claim), docs, v.b.email))
		w.nlog(tr, r.done().Add(-w.ms(1, 5)), "INFO", iisPackLog, fmt.Sprintf("Claim pack for %s generated: %d documents, %d pages, %.2f MB in %d ms",
			iisClaimRef(claim), docs, docs*g.between(1, 4), float64(r.sent)/(1<<20), int(r.took/time.Millisecond)-g.between(5, 30)))
	}
	return r.done()
}

// export is a statement exported as PDF, Excel or CSV: seconds to tens of seconds and
// megabytes; a broker who closes the tab first leaves the application a write error.
func (w *iisLog) export(v *iisVisit, at time.Time, period, format string) time.Time {
	g := w.g
	r := w.preq(v, at, "GET", "Statements/Export", "/Statements/Export", "period="+period+"&format="+format)
	switch format {
	case "pdf":
		r.took, r.sent = w.dur(14*time.Second, 0.5), w.size(1600000, 0.6)
	case "xlsx":
		r.took, r.sent = w.dur(8*time.Second, 0.5), w.size(700000, 0.6)
	default:
		r.took, r.sent = w.dur(2500*time.Millisecond, 0.5), w.size(260000, 0.6)
	}
	transactions := max(3, r.sent/g.between(2500, 4500))
	dropped := r.took > 10*time.Second && g.chance(0.04)
	if dropped {
		r.win32 = pick(g, []int{64, 1236})
		r.sent = int(float64(r.sent) * g.rng.Float64())
	}
	if !w.serve(r) {
		return r.done()
	}
	at = r.done().Add(-w.ms(1, 5))
	took := int(r.took/time.Millisecond) - g.between(5, 40)
	switch {
	case dropped:
		w.nlog(v.tr, at, "WARN", iisStatementsLog, fmt.Sprintf("Statement export for broker %s period %s (%s) not delivered: The remote host closed the connection. The error code is 0x800704CD.",
			v.b.id, period, format))
	default:
		w.nlog(v.tr, at, "INFO", iisStatementsLog, fmt.Sprintf("Statement export for broker %s period %s (%s): %d transactions, %.2f MB in %d ms",
			v.b.id, period, format, transactions, float64(r.sent)/(1<<20), took))
		if took > 30000 {
			w.nlog(v.tr, at, "WARN", iisStatementsLog, fmt.Sprintf("Statement export for broker %s period %s (%s) took %d ms (threshold 30000 ms)", v.b.id, period, format, took))
		}
	}
	return r.done()
}

// signIn is the login form, sometimes a mistyped password, then the page the return URL
// names.
func (w *iisLog) signIn(v *iisVisit, at time.Time, ret, landing string) time.Time {
	g := w.g
	v.authed = false
	r := w.preq(v, at, "GET", "Account/LoginForm", "/Account/Login", "ReturnUrl="+ret)
	r.sent, r.took = w.size(6300, 0.03), w.dur(25*time.Millisecond, 0.4)
	w.serve(r)
	t := w.afterPage(v, r).Add(w.dur(7*time.Second, 0.5))
	if g.chance(0.03) {
		f := w.loginPost(v, t, ret)
		f.status, f.sent = 200, w.size(6500, 0.03)
		if w.serve(f) {
			w.nlog(v.tr, f.done().Add(-w.ms(1, 4)), "WARN", iisAccountLog, fmt.Sprintf("Login failed for user '%s' from %s: invalid password (attempt 1 of 5)", v.b.email, v.ip))
		}
		t = f.done().Add(w.dur(6*time.Second, 0.5))
	}
	p := w.loginPost(v, t, ret)
	if !w.serve(p) {
		return p.done()
	}
	w.nlog(v.tr, p.done().Add(-w.ms(1, 5)), "INFO", iisAccountLog, fmt.Sprintf("User %s signed in (broker %s) from %s", v.b.email, v.b.id, v.ip))
	v.authed = true
	return w.page(v, p.done().Add(w.ms(10, 60)), landing, 0)
}

// loginPost is the login form posted with the right password: a redirect to the return URL.
func (w *iisLog) loginPost(v *iisVisit, at time.Time, ret string) *iisReq {
	r := w.preq(v, at, "POST", "Account/Login", "/Account/Login", "ReturnUrl="+ret)
	r.recv += w.size(330, 0.1) // the form and its anti-forgery token
	r.status, r.sent, r.took = 302, w.size(760, 0.03), w.dur(115*time.Millisecond, 0.25)
	return r
}

// logOff signs out and lands on the login page.
func (w *iisLog) logOff(v *iisVisit, at time.Time) time.Time {
	r := w.preq(v, at, "POST", "Account/LogOff", "/Account/LogOff", "")
	r.recv += 180
	r.status, r.sent, r.took = 302, w.size(520, 0.03), w.dur(12*time.Millisecond, 0.4)
	if w.serve(r) {
		w.nlog(v.tr, r.done().Add(-w.ms(1, 3)), "INFO", iisAccountLog, fmt.Sprintf("User %s signed out", v.b.email))
	}
	v.authed = false
	l := w.preq(v, r.done().Add(w.ms(10, 50)), "GET", "Account/LoginForm", "/Account/Login", "")
	l.sent, l.took = w.size(6300, 0.03), w.dur(25*time.Millisecond, 0.4)
	w.serve(l)
	return l.done()
}

var iisReports = []struct {
	id      int
	name    string
	median  time.Duration
	rowsPer int // rows per kilobyte of the spreadsheet
}{
	{7, "Open claims by handler", 6 * time.Second, 20},
	{12, "Payments this month", 4 * time.Second, 25},
	{15, "Reserve movements", 9 * time.Second, 18},
	{21, "Loss ratio by scheme", 12 * time.Second, 8},
}

const iisBOLog = "Claims.BackOffice.Controllers."

// staffTraffic is the back-office's day: every handler's browser from arrival to the end.
func (w *iisLog) staffTraffic() {
	for _, st := range w.staff {
		w.staffDay(st)
	}
}

// staffDay is one handler's morning: pages every minute or so (none during a meeting)
// and the worklist count the page polls every 60 seconds, on one connection while it
// lasts; each new connection negotiates Windows authentication.
func (w *iisLog) staffDay(st *iisStaff) {
	g := w.g
	var pages []time.Time
	for t := st.arrive; t.Before(w.end); {
		pages = append(pages, t)
		t = t.Add(w.dur(50*time.Second, 0.9))
		if g.chance(0.015) {
			t = t.Add(w.dur(15*time.Minute, 0.4))
		}
	}
	srv := w.balance(st.arrive, iisBackOffice)
	cport := g.between(49152, 65535)
	fresh := true
	poll := st.arrive.Add(60*time.Second + w.ms(0, 999))
	for i := 0; ; {
		t, polling := poll, true
		if i < len(pages) && pages[i].Before(poll) {
			t, polling = pages[i], false
			i++
		} else {
			poll = poll.Add(60*time.Second + w.ms(0, 60))
		}
		if !t.Before(w.end) {
			return
		}
		if !w.inRotation(srv, iisBackOffice, t) {
			srv, fresh = 1-srv, true
		}
		if !polling && g.chance(0.04) {
			fresh = true
		}
		if fresh {
			cport = g.between(49152, 65535)
		}
		if polling {
			r := w.breq(st, srv, cport, t, "GET", "BO:Worklist/Count", "/api/worklist/count", "_="+strconv.FormatInt(t.UnixMilli()-int64(w.g.intn(60000)), 10))
			r.sent, r.took = w.size(290, 0.03), w.dur(45*time.Millisecond, 0.4)
			if fresh {
				w.negotiate(st, r)
			}
			w.serve(r)
		} else {
			w.boPage(st, srv, cport, t, fresh)
		}
		fresh = false
	}
}

// breq is a request of a handler's browser to the back-office (HTTP/1.1: IIS refuses
// Windows authentication over HTTP/2).
func (w *iisLog) breq(st *iisStaff, srv, cport int, at time.Time, method, route, stem, query string) *iisReq {
	r := &iisReq{srv: srv, site: iisBackOffice, at: at, method: method, stem: stem, query: query, user: st.login, client: st.ip, cport: cport,
		version: "HTTP/1.1", ua: st.ua, referer: "https://" + iisSites[iisBackOffice].host + "/", route: route, status: 200,
		act: iisActions[route], who: st.login, tr: routine}
	r.recv = w.size(760, 0.1) + len(stem) + len(query)
	return r
}

// negotiate is Windows authentication on a new connection, before the request r: the
// anonymous request refused with 401.2, then for NTLM the first leg refused with 401.1
// (SEC_I_CONTINUE_NEEDED); r itself carries the Kerberos ticket or NTLM's last leg.
func (w *iisLog) negotiate(st *iisStaff, r *iisReq) {
	g := w.g
	first := *r
	first.user, first.act, first.search, first.status, first.sub, first.win32 = "", nil, false, 401, 2, 5
	first.sent, first.took = w.size(1640, 0.01), w.ms(0, 2)
	w.serve(&first)
	r.at = first.done().Add(w.ms(2, 20))
	if st.ntlm {
		leg := first
		leg.at, leg.sub, leg.win32 = r.at, 1, 2148074254
		leg.recv += 72
		leg.sent, leg.took = w.size(1960, 0.01), w.ms(0, 1)
		w.serve(&leg)
		r.at = leg.done().Add(w.ms(1, 10))
		r.recv += g.between(560, 640)
		return
	}
	r.recv += g.between(2900, 4200)
}

// boPage is one page a handler opens, and what it writes to the application log.
func (w *iisLog) boPage(st *iisStaff, srv, cport int, at time.Time, fresh bool) {
	g := w.g
	claim := w.claimID()
	logger := iisBOLog + "ClaimController"
	var r *iisReq
	var then func()
	switch g.weighted(8, func(i int) float64 { return []float64{20, 35, 14, 12, 5, 4, 7, 3}[i] }) {
	case 0:
		r = w.breq(st, srv, cport, at, "GET", "BO:Worklist/Index", "/", "")
		r.sent, r.took = w.size(52000, 0.3), w.dur(140*time.Millisecond, 0.45)
	case 1:
		r = w.breq(st, srv, cport, at, "GET", "BO:Claim/Index", fmt.Sprintf("/Claims/%d", claim), "")
		r.sent, r.took = w.size(61000, 0.3), w.dur(190*time.Millisecond, 0.45)
	case 2:
		r = w.breq(st, srv, cport, at, "GET", "BO:Search/Index", "/Search", "q="+pick(g, iisLastNames)+"&status="+pick(g, []string{"open", "all", "reopened"}))
		r.search = true
		r.sent, r.took = w.size(38000, 0.4), w.dur(280*time.Millisecond, 0.5)
	case 3:
		r = w.breq(st, srv, cport, at, "POST", "BO:Claim/AddNote", fmt.Sprintf("/Claims/%d/Notes", claim), "")
		r.recv += w.size(900, 0.6)
		r.status, r.sent, r.took = 302, w.size(430, 0.03), w.dur(90*time.Millisecond, 0.4)
		if g.chance(0.02) {
			r.status, r.sent = 200, w.size(60000, 0.2)
			then = func() {
				w.nlog(routine, r.done().Add(-w.ms(1, 3)), "WARN", logger, fmt.Sprintf("Concurrency conflict saving claim %s for %s: row version changed since it was read", iisClaimRef(claim), st.login))
			}
		}
	case 4:
		r = w.breq(st, srv, cport, at, "POST", "BO:Claim/UpdateReserve", fmt.Sprintf("/Claims/%d/Reserve", claim), "")
		r.recv += w.size(420, 0.2)
		r.status, r.sent, r.took = 302, w.size(430, 0.03), w.dur(110*time.Millisecond, 0.4)
		old := math.Round(g.lognormal(4000, 1))
		then = func() {
			w.nlog(routine, r.done().Add(-w.ms(1, 4)), "INFO", logger, fmt.Sprintf("Reserve on claim %s changed from %s to %s by %s (reason: '%s')", iisClaimRef(claim),
				iisMoney(old), iisMoney(math.Round(old*g.lognormal(1.2, 0.4))), st.login, pick(g, []string{"Updated estimate", "Loss adjuster report", "Contractor quote received", "Liability accepted"})))
		}
	case 5:
		r = w.breq(st, srv, cport, at, "POST", "BO:Payments/Authorise", "/Payments/Authorise", fmt.Sprintf("claimId=%d", claim))
		r.recv += w.size(520, 0.2)
		r.status, r.sent, r.took = 302, w.size(430, 0.03), w.dur(160*time.Millisecond, 0.4)
		amount := math.Round(g.lognormal(1500, 0.9)*100) / 100
		payee := pick(g, []string{"Policyholder", "Smith & Sons Roofing", "Apex Restoration Ltd", "Crawford Loss Adjusters", "Kwik Glass", "BrightDry Drying Services"})
		if amount > 5000 {
			r.status, r.sent = 200, w.size(58000, 0.2)
			then = func() {
				w.nlog(routine, r.done().Add(-w.ms(1, 4)), "WARN", iisBOLog+"PaymentsController", fmt.Sprintf("Payment of %s to '%s' on claim %s exceeds the authority limit of %s (GBP 5,000.00): referred to a team leader",
					iisMoney(amount), payee, iisClaimRef(claim), st.login))
			}
			break
		}
		then = func() {
			w.nlog(routine, r.done().Add(-w.ms(1, 4)), "INFO", iisBOLog+"PaymentsController", fmt.Sprintf("Payment PAY-2602-%06d of %s to '%s' authorised on claim %s by %s",
				g.between(1000, 99999), iisMoney(amount), payee, iisClaimRef(claim), st.login))
		}
	case 6:
		r = w.breq(st, srv, cport, at, "GET", "BO:Documents/View", fmt.Sprintf("/Documents/View/%d", g.between(1200000, 1999999)), "")
		r.sent = w.size(700000, 1.0)
		r.took = w.dur(60*time.Millisecond, 0.4) + time.Duration(float64(r.sent)/g.lognormal(3e7, 0.5)*float64(time.Second))
	default:
		rep := pick(g, iisReports)
		format := pick(g, []string{"xlsx", "xlsx", "csv"})
		r = w.breq(st, srv, cport, at, "GET", "BO:Reports/Run", "/Reports/Run", fmt.Sprintf("reportId=%d&format=%s&from=2026-02-01&to=2026-02-27", rep.id, format))
		r.took, r.sent = w.dur(rep.median, 0.6), w.size(600000, 0.7)
		rows := r.sent / 1024 * rep.rowsPer
		reports := iisBOLog + "ReportsController"
		switch {
		case rep.id == 21 && g.chance(0.15):
			// A scheme with no earned premium yet this month.
			r.status, r.sent, r.act, r.took = 500, w.size(5300, 0.03), nil, w.dur(1500*time.Millisecond, 0.5)
			then = func() {
				w.nlog(routine, r.done().Add(-w.ms(1, 4)), "ERROR", "Claims.BackOffice.Infrastructure.NLogExceptionFilter",
					fmt.Sprintf("Unhandled exception in GET %s (user %s, request %s)", r.uri(), st.login, g.uuid()),
					append([]string{"System.InvalidOperationException: Sequence contains no elements",
						"   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)",
						iisFrame("Claims.BackOffice.Reports.LossRatioReport", "Build(ReportParameters parameters)", `Claims.BackOffice\Reports\LossRatioReport.cs`, 74),
						iisFrame(reports, "Run(Int32 reportId, String format, Nullable`1 from, Nullable`1 to)", iisBOCtrlDir+"ReportsController.cs", 58)},
						iisMVCTail...)...)
			}
		case r.took > 10*time.Second && g.chance(0.05):
			r.win32 = pick(g, []int{64, 1236})
		default:
			then = func() {
				ms := int(r.took/time.Millisecond) - g.between(20, 90)
				w.nlog(routine, r.done().Add(-w.ms(1, 5)), "INFO", reports, fmt.Sprintf("Report '%s' (id %d) for %s: %d rows in %d ms", rep.name, rep.id, st.login, rows, ms))
				if ms > 15000 {
					w.nlog(routine, r.done().Add(-w.ms(1, 5)), "WARN", reports, fmt.Sprintf("Report '%s' (id %d) took %d ms (threshold 15000 ms), %d rows", rep.name, rep.id, ms, rows))
				}
			}
		}
	}
	if fresh {
		w.negotiate(st, r)
	}
	if w.serve(r) && then != nil {
		then()
	}
	if g.chance(0.04) {
		s := w.breq(st, srv, cport, r.done().Add(w.ms(20, 200)), "GET", "static", "/Content/bo/site.min.css", "v=4.12")
		s.user, s.status, s.sent, s.took = "", 304, w.size(190, 0.03), w.ms(0, 1)
		w.serve(s)
	}
}

// partnerTraffic is the three partners that call the API all morning.
func (w *iisLog) partnerTraffic() {
	for _, p := range []*iisPartner{
		{client: "acme-quotes", name: "Acme Direct", ips: []string{"185.43.10.21", "185.43.10.22"}, ua: "Apache-HttpClient/4.5.14 (Java/17.0.10)",
			rate: func(t time.Time) float64 { return 0.45 * (0.5 + 0.5*w.busy(t)) }, invalid: func(time.Time) float64 { return 0.02 }},
		{client: "northgate-uw", name: "Northgate Underwriting", ips: []string{"51.145.77.8"}, ua: "python-requests/2.31.0",
			rate: func(t time.Time) float64 { return 0.15 }, invalid: func(time.Time) float64 { return 0.01 }},
		{client: "comparedirect", name: "CompareDirect", ips: []string{"3.10.44.101", "3.10.44.117", "18.134.2.9"}, ua: "CompareDirect-Bridge/2.8.1",
			rate: func(t time.Time) float64 { return 0.7 * (0.4 + 0.6*w.busy(t)) }, invalid: func(time.Time) float64 { return 0.03 }},
	} {
		p.tr = routine
		w.partner(p, w.start.Add(-10*time.Minute), w.start.Add(-w.ms(0, 3300000)))
	}
}

var iisQuoteErrors = []string{"CoverStartDate: Cover start date must be within the next 90 days.", "SumInsured.Buildings: The field Buildings must be between 10000 and 5000000.",
	"RiskAddress.Postcode: 'ZZ99 9ZZ' is not a valid UK postcode.", "Occupation: Unknown occupation code 'X123'.", "Claims: At most 5 previous claims can be declared."}

const (
	iisQuotesLog = "Claims.PartnerApi.Controllers.QuotesController"
	iisRatingLog = "Claims.PartnerApi.Services.RatingServiceClient"
)

// partner is a partner's client calling the API from from: a token every hour (the first
// at firstToken), calls at its rate, HTTP.sys closing its idle keep-alive connections.
func (w *iisLog) partner(p *iisPartner, from, firstToken time.Time) {
	g := w.g
	for t := firstToken; t.Before(w.end); t = t.Add(55*time.Minute + w.ms(0, 240000)) {
		w.token(p, t)
	}
	w.poisson(from, w.end, 1, p.rate, func(t time.Time) { w.apiCall(p, t) })
	g.arrivals(from, w.end, func(time.Time) float64 { return 1.0 / 240 }, func(t time.Time) {
		w.idle(p.tr, g.intn(2), t, pick(g, p.ips), g.between(32768, 60999))
	})
}

// areq is a request of a partner's client; the F5 balances each connection.
func (w *iisLog) areq(p *iisPartner, at time.Time, method, route, stem string) *iisReq {
	r := &iisReq{srv: w.balance(at, iisAPI), site: iisAPI, at: at, method: method, stem: stem, client: pick(w.g, p.ips), cport: w.g.between(32768, 60999),
		version: "HTTP/1.1", ua: p.ua, route: route, status: 200, act: iisActions[route], who: p.client, tr: p.tr}
	r.recv = w.size(640, 0.08) + len(stem)
	return r
}

// token is a partner's client asking for a bearer token, which lasts an hour.
func (w *iisLog) token(p *iisPartner, at time.Time) {
	r := w.areq(p, at, "POST", "API:Token/Post", "/api/v2/token")
	r.recv += w.size(180, 0.05)
	r.sent, r.took = w.size(1350, 0.02), w.dur(60*time.Millisecond, 0.4)
	if w.serve(r) {
		w.nlog(p.tr, r.done().Add(-w.ms(1, 4)), "INFO", "Claims.PartnerApi.Controllers.TokenController", fmt.Sprintf("Token issued to client '%s' (%s), expires in 3600 s", p.client, p.name))
	}
}

// apiCall is one call of a partner: mostly quotes (rated by the external rating service),
// then reading quotes, binding them, reading a policy's claims, notifying a loss.
func (w *iisLog) apiCall(p *iisPartner, at time.Time) {
	g := w.g
	quote := fmt.Sprintf("Q-2602-%06d", g.between(100000, 199999))
	policy := fmt.Sprintf("HIP-%08d", g.between(10000000, 19999999))
	var r *iisReq
	var then func()
	kind := g.weighted(6, func(i int) float64 { return []float64{62, 12, 7, 11, 4, 2}[i] })
	if p.tr.change == w.onboarding.name && at.Before(p.tr.changeStart.Add(10*time.Minute)) {
		kind = 0 // a new partner's first calls are test quotes, nothing to read or bind yet
	}
	switch kind {
	case 0:
		r = w.areq(p, at, "POST", "API:Quotes/Create", "/api/v2/quotes")
		r.recv += w.size(1900, 0.25)
		r.sent, r.took = w.size(1450, 0.2), w.dur(300*time.Millisecond, 0.4)
		if g.chance(p.invalid(at)) {
			r.status, r.sent, r.took = 400, w.size(430, 0.1), w.dur(14*time.Millisecond, 0.4)
			msg := pick(g, iisQuoteErrors)
			if p.tr.change == w.onboarding.name && at.Before(p.tr.changeStart.Add(14*time.Minute)) {
				msg = "RiskAddress.Postcode: The Postcode field is required."
			}
			then = func() {
				w.nlog(p.tr, r.done().Add(-w.ms(1, 3)), "WARN", iisQuotesLog, fmt.Sprintf("Quote request from client '%s' rejected: %s", p.client, msg))
			}
			break
		}
		retried := g.chance(0.003)
		if retried {
			r.took += 10 * time.Second
		}
		rating := int(r.took/time.Millisecond) * g.between(55, 75) / 100
		then = func() {
			if retried {
				w.nlog(p.tr, r.at.Add(10*time.Second), "WARN", iisRatingLog, fmt.Sprintf("Rating service call for client '%s' timed out after 10000 ms, retrying (attempt 1 of 2)", p.client))
				rating -= 10000
			}
			w.nlog(p.tr, r.done().Add(-w.ms(1, 4)), "INFO", iisQuotesLog, fmt.Sprintf("Quote %s issued to client '%s': product %s, premium %s, rating %d ms",
				quote, p.client, pick(g, iisProducts), iisMoney(math.Round(g.lognormal(420, 0.6)*100)/100), max(40, rating)))
		}
	case 1:
		r = w.areq(p, at, "GET", "API:Quotes/Get", "/api/v2/quotes/"+quote)
		r.sent, r.took = w.size(1400, 0.2), w.dur(40*time.Millisecond, 0.4)
		if g.chance(0.02) {
			r.status, r.sent = 404, w.size(240, 0.02)
		}
	case 2:
		r = w.areq(p, at, "POST", "API:Quotes/Bind", "/api/v2/quotes/"+quote+"/bind")
		r.recv += w.size(600, 0.2)
		r.status, r.sent, r.took = 201, w.size(980, 0.1), w.dur(180*time.Millisecond, 0.4)
		then = func() {
			w.nlog(p.tr, r.done().Add(-w.ms(1, 4)), "INFO", iisQuotesLog, fmt.Sprintf("Policy %s bound from quote %s for client '%s'", policy, quote, p.client))
		}
	case 3:
		r = w.areq(p, at, "GET", "API:Policies/GetClaims", "/api/v2/policies/"+policy+"/claims")
		r.sent, r.took = w.size(1200, 0.5), w.dur(55*time.Millisecond, 0.4)
		if g.chance(0.03) {
			r.status, r.sent = 404, w.size(240, 0.02)
		}
	case 4:
		r = w.areq(p, at, "POST", "API:Claims/Fnol", "/api/v2/claims/fnol")
		r.recv += w.size(1500, 0.3)
		r.status, r.sent, r.took = 201, w.size(620, 0.05), w.dur(150*time.Millisecond, 0.4)
		claim := w.claimID()
		then = func() {
			w.nlog(p.tr, r.done().Add(-w.ms(1, 4)), "INFO", "Claims.PartnerApi.Controllers.ClaimsController", fmt.Sprintf("First notification of loss %s received from client '%s' for policy %s: peril %s",
				iisClaimRef(claim), p.client, policy, pick(g, iisPerils)))
		}
	default:
		r = w.areq(p, at, "GET", "API:Products/Get", "/api/v2/products")
		r.sent, r.took = w.size(8200, 0.02), w.dur(30*time.Millisecond, 0.4)
	}
	if g.chance(0.002) {
		// The token expired in flight: refused, and a new one asked for.
		r.status, r.sent, r.took, r.act, then = 401, w.size(390, 0.02), w.ms(1, 4), nil, nil
		w.serve(r)
		w.token(p, r.done().Add(w.ms(20, 200)))
		return
	}
	if w.serve(r) && then != nil {
		then()
	}
}

// crawlers is Bing and Google crawling the portal's public pages.
func (w *iisLog) crawlers() {
	g := w.g
	bots := []struct{ ua, net string }{
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "40.77.167.%d"},
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "157.55.39.%d"},
		{"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.7632.116 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.%d"},
	}
	pages := []struct {
		stem          string
		status, win32 int
		size          int
		static        bool
	}{
		{"/robots.txt", 200, 0, 310, true}, {"/", 302, 0, 420, false}, {"/Account/Login", 200, 0, 6300, false},
		{"/Campaigns/CyberCover", 200, 0, 36000, false}, {"/sitemap.xml", 404, 2, 1480, true}, {"/Content/images/hartwell-logo.svg", 200, 0, 6400, true},
	}
	g.arrivals(w.start.Add(-time.Minute), w.end, func(time.Time) float64 { return 1.0 / 80 }, func(t time.Time) {
		bot, pg := pick(g, bots), pick(g, pages)
		r := &iisReq{srv: w.balance(t, iisPortal), site: iisPortal, at: t, method: "GET", stem: pg.stem, client: fmt.Sprintf(bot.net, g.between(2, 250)),
			cport: g.between(32768, 60999), version: "HTTP/1.1", ua: bot.ua, route: "crawler", status: pg.status, win32: pg.win32, sent: w.size(pg.size, 0.02), tr: routine}
		r.recv = w.size(330, 0.05) + len(pg.stem)
		r.took = w.dur(40*time.Millisecond, 0.5)
		if pg.static {
			r.took = w.ms(0, 3)
		}
		w.serve(r)
	})
}

// iisProbes are what internet scanners ask for, with what IIS answers: 404.0 from the
// static file handler (win32 2 or 3) or MVC, 404.7 for a denied extension, 404.8 for a
// hidden segment, 404.11 for a double-escaped URL.
var iisProbes = []struct {
	stem, query       string
	sub, win32, bytes int
}{
	{"/wp-login.php", "", 0, 2, 1480}, {"/.env", "", 0, 2, 1480}, {"/.git/config", "", 0, 3, 1480}, {"/web.config", "", 7, 0, 1480},
	{"/App_Data/ClaimsDB.mdf", "", 8, 0, 1480}, {"/bin/Claims.Web.dll", "", 8, 0, 1480}, {"/admin/", "", 0, 0, 5000}, {"/phpmyadmin/index.php", "", 0, 3, 1480},
	{"/cgi-bin/%252e%252e/%252e%252e/etc/passwd", "", 11, 0, 1480}, {"/server-status", "", 0, 0, 5000}, {"/actuator/health", "", 0, 0, 5000},
	{"/owa/auth/logon.aspx", "replaceCurrent=1", 0, 0, 5000}, {"/autodiscover/autodiscover.xml", "", 0, 3, 1480}, {"/login.action", "", 0, 2, 1480},
	{"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "", 0, 3, 1480}, {"/.DS_Store", "", 0, 2, 1480}, {"/backup.zip", "", 0, 2, 1480},
	{"/Telerik.Web.UI.WebResource.axd", "type=rau", 0, 0, 5000}, {"/elmah.axd", "", 0, 0, 5000}, {"/trace.axd", "", 0, 0, 5000},
	{"/api/v1/swagger.json", "", 0, 0, 5000}, {"/config.json", "", 0, 2, 1480}, {"/.aws/credentials", "", 0, 3, 1480}, {"/Web.config.bak", "", 7, 0, 1480},
}

// scanners is an internet scanner's burst now and then: a TLS probe Schannel refuses,
// a minute or two of 404s, requests HTTP.sys rejects itself.
func (w *iisLog) scanners() {
	g := w.g
	uas := []string{"Mozilla/5.0 zgrab/0.x", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36"}
	for i, n := 0, 2+g.intn(2); i < n; i++ {
		at := w.start.Add(w.ms(5*60000, 170*60000))
		ip, ua := g.publicIP(), pick(g, uas)
		for s := range iisServers {
			w.event(routine, at.Add(w.ms(0, 3000)), s, "System", "Schannel", 36874, "Error",
				"An TLS 1.0 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.")
		}
		for k, m := 0, g.between(40, 90); k < m; k++ {
			at = at.Add(w.dur(1200*time.Millisecond, 0.8))
			p := pick(g, iisProbes)
			r := &iisReq{srv: w.balance(at, iisPortal), site: iisPortal, at: at, method: "GET", stem: p.stem, query: p.query, client: ip, cport: g.between(32768, 60999),
				version: "HTTP/1.1", ua: ua, route: "scanner", status: 404, sub: p.sub, win32: p.win32, sent: w.size(p.bytes, 0.02), tr: routine}
			r.recv = w.size(210, 0.05) + len(p.stem)
			r.took = w.ms(0, 4)
			if p.bytes > 2000 {
				r.took = w.dur(30*time.Millisecond, 0.5)
			}
			w.serve(r)
		}
		for k, m := 0, g.between(1, 3); k < m; k++ {
			s := g.intn(2)
			reason, uri := "Hostname", "/"
			if g.chance(0.4) {
				reason, uri = "URL", "/%c0%ae%c0%ae/%c0%ae%c0%ae/windows/win.ini"
			}
			w.httpErrLine(routine, s, at.Add(w.ms(100, 5000)), fmt.Sprintf("%s %d %s 443 HTTP/1.1 GET %s - 400 - %s -", ip, g.between(32768, 60999), iisServers[s].ip, uri, reason))
		}
	}
}

// jobs is the applications' timers: each refreshes its reference data every 15 minutes,
// and the back-office checks claims' SLAs every 10 minutes on the server holding the lock.
func (w *iisLog) jobs() {
	g := w.g
	for s := range iisServers {
		for site := range iisSites {
			first := w.start.Add(-15*time.Minute + w.ms(0, 900000))
			g.every(first, w.end, 15*time.Minute, 3*time.Second, func(t time.Time) {
				if w.running(s, site, t) {
					w.refreshed(routine, s, site, t)
				}
			})
		}
	}
	g.every(w.start.Add(w.ms(0, 600000)), w.end, 10*time.Minute, time.Second, func(t time.Time) {
		holder := 1
		if !w.running(1, iisBackOffice, t.Add(-10*time.Minute)) || !w.running(1, iisBackOffice, t) {
			holder = 0
		}
		for s := range iisServers {
			at := t.Add(w.ms(0, 400))
			if !w.running(s, iisBackOffice, at) {
				continue
			}
			if s == holder {
				w.nlog(routine, at.Add(w.dur(800*time.Millisecond, 0.4)), "INFO", "Claims.BackOffice.Jobs.SlaMonitorJob", fmt.Sprintf("SLA check: %d claims breaching first-contact SLA (%d new since the last check), %d team leaders notified",
					g.between(9, 24), g.intn(5), g.between(1, 4)))
			} else {
				w.nlog(routine, at, "INFO", "Claims.BackOffice.Jobs.SlaMonitorJob", "SLA check skipped: lock 'sla-monitor' held by "+iisServers[holder].name)
			}
		}
	})
}

// refreshed is an application's reference data refresh.
func (w *iisLog) refreshed(tr truth, s, site int, at time.Time) {
	w.nlog(tr, at, "INFO", iisSites[site].app+".Jobs.ReferenceDataRefreshJob", fmt.Sprintf("Reference data refreshed: 48 products, 211 perils, %d postcode sectors in %d ms",
		9412+w.g.intn(3), int(w.dur(180*time.Millisecond, 0.3)/time.Millisecond)))
}

// routineEvents is what the servers' event logs say on any morning: Schannel's fatal
// alerts from clients that hang up mid-handshake, DefaultAppPool idling out after a
// monitoring probe, the Software Protection service rescheduling, Windows Update's
// installer service starting and stopping.
func (w *iisLog) routineEvents() {
	g := w.g
	for s := range iisServers {
		g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 600 }, func(t time.Time) {
			w.event(routine, t, s, "System", "Schannel", 36887, "Error", fmt.Sprintf("A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is %d.", pick(g, []int{46, 46, 40, 80})))
		})
		at := w.start.Add(w.ms(0, 170*60000))
		w.event(routine, at, s, "System", "Microsoft-Windows-WAS", 5186, "Information", fmt.Sprintf("A worker process with process id of '%d' serving application pool 'DefaultAppPool' was shutdown due to inactivity. Application Pool timeout configuration was set to 20 minutes. A new worker process will be started when needed.", w.pid()))
		at = w.start.Add(w.ms(0, 170*60000))
		w.event(routine, at, s, "Application", "Microsoft-Windows-Security-SPP", 16384, "Information",
			"Successfully scheduled Software Protection service for re-start at "+at.Add(time.Duration(g.between(20, 30))*time.Hour).Format("2006-01-02T15:04:05Z")+". Reason: RulesEngine.")
		at = w.start.Add(w.ms(0, 160*60000))
		w.event(routine, at, s, "System", "Service Control Manager", 7036, "Information", "The Windows Modules Installer service entered the running state.")
		w.event(routine, at.Add(w.ms(200000, 600000)), s, "System", "Service Control Manager", 7036, "Information", "The Windows Modules Installer service entered the stopped state.")
	}
}

// routineRecycle is BackOfficePool on CLMWEB02 reaching its periodic restart time: WAS
// starts a new worker process, the old one finishes its requests and shuts down.
func (w *iisLog) routineRecycle() {
	var rs iisRestart
	for _, r := range w.restarts {
		if r.site == iisBackOffice && r.srv == 1 && r.tr == routine {
			rs = r
		}
	}
	w.event(routine, w.recycleAt, 1, "System", "Microsoft-Windows-WAS", 5074, "Information", fmt.Sprintf("A worker process with process id of '%d' serving application pool 'BackOfficePool' has requested a recycle because the worker process reached its allowed processing time limit.", w.pids[1][iisBackOffice]))
	w.appStop(routine, 1, iisBackOffice, w.recycleAt.Add(w.ms(1500, 4000)))
	w.appStart(routine, 1, iisBackOffice, rs.begin, rs.ready, iisOldVersion)
}

// statementExports: the February statements are published and the email goes out;
// brokers come from its link (signing in first when their cookie has expired), open the
// statement and export it, some in two formats. A trickle goes on all morning.
func (w *iisLog) statementExports() {
	g := w.g
	ch := w.statements
	rate := func(t time.Time) float64 {
		x := t.Sub(ch.start).Minutes()
		r := 0.2 * rampUp(t, ch.start, 6*time.Minute)
		if x > 40 {
			r *= math.Exp(-(x - 40) / 18)
		}
		return math.Max(r, 0.012*rampUp(t, ch.start, 6*time.Minute))
	}
	w.poisson(ch.start, w.end, 0.2, rate, func(t time.Time) {
		v := w.visit(pick(g, w.brokers), t, ch.truth())
		var at time.Time
		if g.chance(0.55) {
			at = w.signIn(v, t, "%2FStatements%3Fperiod%3D"+iisPeriod, "statements")
		} else {
			v.authed = true
			at = w.page(v, t, "statements", 0)
		}
		for n := 1 + g.intn(2); n > 0; n-- {
			at = w.export(v, at.Add(w.dur(6*time.Second, 0.6)), iisPeriod, pick(g, []string{"pdf", "pdf", "xlsx", "csv"}))
		}
		w.leave(v, at)
	})
}

// partnerOnboarding: Brightline Underwriting's connector goes live: a token, the
// product list, then quotes at a growing rate, a quarter of them refused for a missing
// postcode until Brightline fixes its mapping a quarter of an hour in.
func (w *iisLog) partnerOnboarding() {
	ch := w.onboarding
	p := &iisPartner{client: "brightline-prod", name: "Brightline Underwriting", ips: []string{"20.68.143.17", "20.68.143.19"},
		ua: "Brightline.Connector/1.0.3 (+https://www.brightline-uw.co.uk)", tr: ch.truth(),
		rate: func(t time.Time) float64 { return 0.1 + 0.3*rampUp(t, ch.start, 30*time.Minute) },
		invalid: func(t time.Time) float64 {
			if t.Before(ch.start.Add(14 * time.Minute)) {
				return 0.28
			}
			return 0.03
		}}
	w.partner(p, ch.start.Add(5*time.Second), ch.start)
	r := w.areq(p, ch.start.Add(w.ms(1500, 3000)), "GET", "API:Products/Get", "/api/v2/products")
	r.sent, r.took = w.size(8200, 0.02), w.dur(30*time.Millisecond, 0.4)
	w.serve(r)
}

// deployment: Octopus takes each server out of the F5 pool, runs iisreset (the
// applications shut down, IIS and WAS stop, HTTP.sys has nothing to give the health
// monitor's requests to), copies 4.13.0, starts IIS again, warms the sites up and puts
// the server back; then the other.
func (w *iisLog) deployment() {
	tr := w.deploy.truth()
	for s := range iisServers {
		stop, up := w.stopAt[s], w.upAt[s]
		for site := range iisSites {
			w.appStop(tr, s, site, stop.Add(w.ms(100, 900)))
		}
		w.event(tr, stop, s, "System", "Microsoft-Windows-IIS-IISReset", 3201, "Information", "IIS stop command received from user "+iisDeployer+". The logged data is the status code.")
		w.event(tr, stop.Add(w.ms(1200, 2500)), s, "System", "Service Control Manager", 7036, "Information", "The World Wide Web Publishing Service service entered the stopped state.")
		w.event(tr, stop.Add(w.ms(2600, 4000)), s, "System", "Service Control Manager", 7036, "Information", "The Windows Process Activation Service service entered the stopped state.")
		w.event(tr, up.Add(-w.ms(1500, 2500)), s, "System", "Microsoft-Windows-IIS-IISReset", 3202, "Information", "IIS start command received from user "+iisDeployer+". The logged data is the status code.")
		w.event(tr, up.Add(-w.ms(500, 1200)), s, "System", "Service Control Manager", 7036, "Information", "The Windows Process Activation Service service entered the running state.")
		w.event(tr, up, s, "System", "Service Control Manager", 7036, "Information", "The World Wide Web Publishing Service service entered the running state.")
		for _, rs := range w.restarts {
			if rs.srv == s && rs.tr == tr {
				w.appStart(tr, s, rs.site, rs.begin, rs.ready, iisNewVersion)
				w.refreshed(tr, s, rs.site, rs.ready.Add(w.ms(200, 900)))
			}
		}
		// The warm-up script, on the server itself.
		sizes := map[string]int{"/health": 180, "/Account/Login": 6300, "/Campaigns/CyberCover": 36000, "/bundles/app": 61000, "/api/health": 180, "/api/v2/products": 390}
		for site, paths := range [][]string{{"/health", "/Account/Login", "/Campaigns/CyberCover", "/bundles/app"}, {"/health"}, {"/api/health", "/api/v2/products"}} {
			at := up.Add(w.ms(3000, 6000))
			for _, path := range paths {
				r := &iisReq{srv: s, site: site, at: at, method: "GET", stem: path, client: iisServers[s].ip, cport: w.g.between(49152, 65535),
					version: "HTTP/1.1", ua: iisPowerShell, route: "warmup", status: 200, sent: w.size(sizes[path], 0.02), tr: tr}
				r.recv = w.size(240, 0.05) + len(path)
				r.took = w.dur(60*time.Millisecond, 0.5)
				switch path {
				case "/api/v2/products":
					r.status = 401 // the script has no token: the route answering is enough
				case "/bundles/app":
					r.query = iisNewBundles
				}
				w.serve(r)
				at = r.done().Add(w.ms(20, 200))
			}
		}
	}
}

// mailingCampaign: the Cyber Cover email goes out to the broker list. Mail security
// services fetch the link first; then brokers open the landing page over the following
// hour (its images, its stylesheet, the bundles for those who have never been on the
// portal), some register interest, download the guide or sign in.
func (w *iisLog) mailingCampaign() {
	g := w.g
	ch := w.mailing
	tr := ch.truth()
	const landing = "/Campaigns/CyberCover"
	utm := "utm_source=dotdigital&utm_medium=email&utm_campaign=cyber-cover-feb26&utm_content="
	w.poisson(ch.start, ch.start.Add(5*time.Minute), 1.05, func(t time.Time) float64 { return 0.15 + 0.9*(1-rampUp(t, ch.start, 5*time.Minute)) }, func(t time.Time) {
		ip := fmt.Sprintf(pick(g, []string{"40.94.%d.%d", "40.107.%d.%d", "104.47.%d.%d", "185.58.%d.%d"}), g.intn(256), g.between(1, 254))
		r := &iisReq{srv: w.balance(t, iisPortal), site: iisPortal, at: t, method: "GET", stem: landing, query: utm + pick(g, []string{"hero-cta", "footer-link"}), client: ip,
			cport: g.between(32768, 60999), version: "HTTP/1.1", ua: iisDesktop[0], route: "campaign", status: 200, sent: w.size(36000, 0.02), tr: tr}
		r.recv, r.took = w.size(420, 0.05)+len(r.query), w.dur(70*time.Millisecond, 0.4)
		w.serve(r)
	})
	rate := func(t time.Time) float64 {
		x := t.Sub(ch.start).Minutes()
		return 1.2*rampUp(t, ch.start.Add(time.Minute), 4*time.Minute)*math.Exp(-math.Max(0, x-5)/22) + 0.04*rampUp(t, ch.start, 5*time.Minute)
	}
	w.poisson(ch.start.Add(time.Minute), w.end, 1.25, rate, func(t time.Time) {
		b := pick(g, w.brokers)
		if g.chance(0.4) { // on the mailing list but not a portal user
			b = &iisBroker{email: strings.ToLower(pick(g, iisFirstNames)+"."+pick(g, iisLastNames)) + "@" + pick(g, []string{"btinternet.com", "outlook.com", "gmail.com", "riskpartners.co.uk", "msbrokers.co.uk"}),
				firm: pick(g, []string{"Independent", "M&S Brokers", "Risk Partners", "Coastal Insurance Services"}), ua: pick(g, iisDesktop), office: g.publicIP()}
			if g.chance(0.45) {
				b.ua, b.mobile = pick(g, iisMobile), true
			}
		}
		v := w.visit(b, t, tr)
		v.authed = false
		r := w.preq(v, t, "GET", "campaign", landing, utm+pick(g, []string{"hero-cta", "hero-cta", "footer-link", "banner"}))
		r.sent, r.took = w.size(36000, 0.02), w.dur(70*time.Millisecond, 0.4)
		w.serve(r)
		end := w.afterPage(v, r)
		for _, a := range []struct {
			stem string
			size int
		}{{"/Content/campaigns/cyber/cyber-cover.css", 9200}, {"/Content/campaigns/cyber/hero-1600.webp", 241000}, {"/Content/campaigns/cyber/guide-thumb.webp", 38000}} {
			query := ""
			if strings.HasSuffix(a.stem, ".css") {
				query = "v=3"
			}
			s := w.static(v, r.done().Add(w.ms(20, 200)), a.stem, query, 200, w.size(a.size, 0.01))
			w.serve(s)
			end = iisLater(end, s.done())
		}
		at := end.Add(w.dur(40*time.Second, 0.8))
		switch u := g.rng.Float64(); {
		case u < 0.05:
			p := w.preq(v, at, "POST", "Campaigns/RegisterInterest", "/Campaigns/RegisterInterest", "")
			p.recv += w.size(520, 0.2)
			p.status, p.sent, p.took = 302, w.size(470, 0.02), w.dur(90*time.Millisecond, 0.4)
			if w.serve(p) {
				w.nlog(tr, p.done().Add(-w.ms(1, 4)), "INFO", "Claims.Web.Controllers.CampaignsController", fmt.Sprintf("Interest registered for campaign cyber-cover-feb26: %s (%s)", b.email, b.firm))
				thanks := w.preq(v, p.done().Add(w.ms(10, 60)), "GET", "campaign", "/Campaigns/Thanks", "")
				thanks.sent, thanks.took = w.size(14000, 0.02), w.dur(30*time.Millisecond, 0.4)
				w.serve(thanks)
				at = thanks.done()
			}
		case u < 0.13:
			d := w.static(v, at, "/Content/campaigns/cyber/Hartwell-Cyber-Cover-Broker-Guide.pdf", "", 200, w.size(1150000, 0.01))
			d.took = w.dur(400*time.Millisecond, 0.6)
			w.serve(d)
			at = d.done()
		case u < 0.19 && b.id != "":
			at = w.signIn(v, at, "%2F", "dashboard")
		}
		w.leave(v, at)
	})
}

// crashLoop: a broker opens the claim pack of a claim whose documents refer to each
// other; the renderer recurses until the stack overflows, which .NET cannot catch: the
// worker process dies with every request in flight. The broker tries again, a colleague
// too; after five crashes in five minutes Rapid-Fail Protection disables ClaimsPool on
// CLMWEB01 and HTTP.sys answers 503 until an administrator starts it again, while the
// two of them make CLMWEB02's worker die twice.
func (w *iisLog) crashLoop() {
	g := w.g
	tr := incident(iisCrashLoop)
	var firm []*iisBroker
	for _, b := range w.brokers {
		if b.firm == iisFirms[0] {
			firm = append(firm, b)
		}
	}
	for i, c := range w.crashes {
		b := firm[0]
		if i == 3 || i == 6 {
			b = firm[1]
		}
		v := w.visit(b, c.at, tr)
		v.ip, v.authed, v.srv = b.office, true, c.srv
		r := &iisReq{srv: c.srv, site: iisPortal, at: c.at.Add(-w.ms(900, 2500)), method: "GET", stem: fmt.Sprintf("/Claims/ClaimPack/%d", iisPackClaim), client: v.ip, cport: v.cport,
			version: "HTTP/2", ua: b.ua, user: b.email, tr: tr}
		w.nlog(tr, r.at.Add(w.ms(5, 40)), "INFO", iisPackLog, fmt.Sprintf("Generating claim pack for %s: 23 documents, requested by %s", iisClaimRef(iisPackClaim), b.email))
		w.httpErr(tr, r, c.at.Add(w.ms(1, 40)), "-", "Connection_Abandoned_By_ReqQueue")
		pid := w.pids[c.srv][iisPortal]
		started := c.at.Add(-time.Duration(g.between(40, 600)) * time.Second)
		w.event(tr, c.at.Add(w.ms(50, 150)), c.srv, "Application", ".NET Runtime", 1026, "Error",
			"Application: w3wp.exe Framework Version: v4.0.30319 Description: The process was terminated due to stack overflow.")
		w.event(tr, c.at.Add(w.ms(160, 300)), c.srv, "Application", "Application Error", 1000, "Error", fmt.Sprintf("Faulting application name: w3wp.exe, version: 10.0.20348.1, time stamp: 0x2f3c4a6e "+
			"Faulting module name: clr.dll, version: 4.8.9290.0, time stamp: 0x66d8a1f2 Exception code: 0xc00000fd Fault offset: 0x00000000001a0b1c Faulting process id: 0x%x "+
			"Faulting application start time: 0x%016x Faulting application path: c:\\windows\\system32\\inetsrv\\w3wp.exe Faulting module path: C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll "+
			"Report Id: %s Faulting package full name:  Faulting package-relative application ID: ", pid, started.UnixNano()/100+116444736000000000, g.uuid()))
		w.event(tr, c.at.Add(w.ms(310, 550)), c.srv, "System", "Microsoft-Windows-WAS", 5011, "Warning", fmt.Sprintf("A process serving application pool 'ClaimsPool' suffered a fatal communication error with the Windows Process Activation Service. The process id was '%d'. The data field contains the error number.", pid))
		if !c.begin.IsZero() {
			w.appStart(tr, c.srv, iisPortal, c.begin, c.ready, iisNewVersion)
		}
	}
	w.event(tr, w.disabledAt.Add(w.ms(1200, 2500)), 0, "System", "Microsoft-Windows-WAS", 5002, "Error",
		"Application pool 'ClaimsPool' is being automatically disabled due to a series of failures in the process(es) serving that application pool.")
	rs := w.restarts[len(w.restarts)-1]
	for _, r := range w.restarts {
		if r.srv == 0 && r.site == iisPortal && r.ready.Equal(w.reenableReady) {
			rs = r
		}
	}
	w.appStart(tr, 0, iisPortal, rs.begin, rs.ready, iisNewVersion)
}

// credentialStuffing: a bot works through a combination list against the broker login
// form, from residential proxies that change every few attempts, fetching the form for
// its anti-forgery token most times. Most addresses are unknown; real ones get a wrong
// password until they are locked out; a few passwords were reused, and the bot looks
// around the accounts it gets into. The F5's ASM blocks it after about 13 minutes.
func (w *iisLog) credentialStuffing() {
	g := w.g
	tr := incident(iisCredentialStuffing)
	uas := []string{iisDesktop[0], iisDesktop[2], iisDesktop[3], iisDesktop[5],
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}
	mail := []string{"gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com", "outlook.com", "aol.com", "sky.com", "live.co.uk"}
	var ip, ua string
	left := 0
	loginPage := "https://" + iisSites[iisPortal].host + "/Account/Login"
	w.poisson(w.stuffAt, w.stuffEnd, 2.4, func(t time.Time) float64 { return 2.4 * (0.3 + 0.7*rampUp(t, w.stuffAt, time.Minute)) }, func(t time.Time) {
		if left == 0 {
			ip, ua, left = g.publicIP(), pick(g, uas), g.between(1, 4)
		}
		left--
		var b *iisBroker
		email := strings.ToLower(pick(g, iisFirstNames)+"."+pick(g, iisLastNames)) + strconv.Itoa(g.intn(100)) + "@" + pick(g, mail)
		if g.chance(0.15) {
			b = pick(g, w.brokers)
			email = b.email
		}
		v := &iisVisit{b: &iisBroker{email: email, ua: ua}, ip: ip, cport: g.between(1025, 65535), srv: w.balance(t, iisPortal), version: "HTTP/1.1", tr: tr, referer: loginPage}
		at := t
		if g.chance(0.6) {
			f := w.preq(v, at, "GET", "Account/LoginForm", "/Account/Login", "")
			f.sent, f.took, f.referer = w.size(6300, 0.03), w.dur(25*time.Millisecond, 0.4), ""
			w.serve(f)
			at = f.done().Add(w.ms(150, 900))
		}
		p := w.preq(v, at, "POST", "Account/Login", "/Account/Login", "")
		p.recv += w.size(330, 0.1)
		p.status, p.sent = 200, w.size(6500, 0.03)
		var level, msg string
		switch {
		case b == nil:
			p.took = w.dur(22*time.Millisecond, 0.4)
			level, msg = "WARN", fmt.Sprintf("Login failed for user '%s' from %s: unknown user", email, ip)
		case !w.lockedAt[email].IsZero() && at.Before(w.lockedAt[email].Add(15*time.Minute)):
			p.took = w.dur(30*time.Millisecond, 0.4)
			level, msg = "WARN", fmt.Sprintf("Login refused for locked-out account '%s' from %s", email, ip)
		case g.chance(0.04):
			p.took, p.status, p.sent = w.dur(115*time.Millisecond, 0.25), 302, w.size(760, 0.03)
			level, msg = "INFO", fmt.Sprintf("User %s signed in (broker %s) from %s", email, b.id, ip)
		default:
			p.took = w.dur(115*time.Millisecond, 0.25)
			w.attempts[email]++
			level, msg = "WARN", fmt.Sprintf("Login failed for user '%s' from %s: invalid password (attempt %d of 5)", email, ip, w.attempts[email])
		}
		if !w.serve(p) {
			return
		}
		w.nlog(tr, p.done().Add(-w.ms(1, 4)), level, iisAccountLog, msg)
		if b != nil && w.attempts[email] == 5 && p.status == 200 && w.lockedAt[email].IsZero() {
			w.lockedAt[email] = p.done()
			w.nlog(tr, p.done().Add(-w.ms(0, 1)), "WARN", iisAccountLog, fmt.Sprintf("Account '%s' locked out until %s after 5 failed sign-in attempts", email, p.done().Add(15*time.Minute).Format("15:04:05")))
		}
		if p.status == 302 {
			// Inside: the bot checks what the account can see.
			v.authed = true
			v.b.id = b.id
			for _, stem := range []string{"/", "/Claims/Search", "/Account/Profile"} {
				at = p.done().Add(w.ms(300, 1500))
				route, query := map[string]string{"/": "Home/Index", "/Claims/Search": "Claims/Search", "/Account/Profile": "Account/Profile"}[stem], ""
				if stem == "/Claims/Search" {
					query = "status=All&page=1"
				}
				r := w.preq(v, at, "GET", route, stem, query)
				r.sent, r.took = w.size(30000, 0.3), w.dur(180*time.Millisecond, 0.4)
				w.serve(r)
				p = r
			}
		}
	})
}
