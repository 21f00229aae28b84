package families

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// rails is app-1, one of the two application servers of a Ruby on Rails 7.1 storefront
// (Ruby 3.3, Puma 6.4 in single mode with 5 threads, PostgreSQL, Devise, Turbo,
// Rack::Attack, Flipper), deployed with Capistrano and run by systemd, HAProxy in front.
// The app has config.load_defaults 7.0 (so exceptions are still logged at FATAL) and
// config.colorize_logging = false. It logs to stdout with Rails' default production
// logger, ::Logger::Formatter wrapped in TaggedLogging with the request id as its tag:
//
//	I, [2024-06-14T09:00:00.123456 #48213]  INFO -- : [5e3c2a1b-8d4f-4c7e-9a1b-2c3d4e5f6a7b] Started GET "/products/12345" for 80.12.3.4 at 2024-06-14 09:00:00 +0000
//	I, [...]  INFO -- : [req-id] Processing by ProductsController#show as HTML
//	I, [...]  INFO -- : [req-id]   Parameters: {"id"=>"12345"}
//	I, [...]  INFO -- : [req-id]   Rendered products/show.html.erb within layouts/application (Duration: 12.3ms | Allocations: 4567)
//	I, [...]  INFO -- : [req-id]   Rendered layout layouts/application.html.erb (Duration: 20.5ms | Allocations: 9012)
//	I, [...]  INFO -- : [req-id] Completed 200 OK in 45ms (Views: 20.1ms | ActiveRecord: 12.3ms | Allocations: 23456)
//
// An exception is logged by DebugExceptions after the Completed line, as one FATAL
// entry whose continuation lines repeat the tag: "F, [...] FATAL -- : [req-id]   ", then
// "[req-id] ActiveRecord::RecordNotFound (Couldn't find Product with 'id'=4711):", the
// annotated template source of a template error, "[req-id]   " and the application
// backtrace ("[req-id] app/controllers/products_controller.rb:71:in `set_product'"),
// none for a routing error. Puma writes its own plain lines on a restart ("- Gracefully
// stopping, waiting for requests to finish", "=== puma shutdown: ... ===", "Puma
// starting in single mode...", "* Listening on http://0.0.0.0:3000", "Use Ctrl-C to
// stop"), with a new pid in the logger's lines after it.
//
// Normal traffic from 07:00 UTC (09:00 in the shop's time zone), 1.6 requests a second
// rising through the morning to about 3.3 at 09:30, with a slow wiggle (14-25 lines a
// second): product pages (a few popular ones, a long tail), category listings, search,
// the home page, the cart and Turbo Stream add-to-cart requests, checkout (card payments taking half a second
// through the payment gateway, a few declined and rendered again with 422), orders,
// account pages (Devise redirecting anonymous visitors to the sign-in page, "Filter
// chain halted as :authenticate_user! rendered or redirected"), sign-ins (one in seven
// failing: 401, then Devise::SessionsController#new rendered with 422) and sign-outs,
// the mobile app's JSON API, the sitemap, a few admin pages; HAProxy's health checks
// (GET "/up", Rails::HealthController) every 10 s from each of two balancers; vulnerability
// scanners in bursts and single bots hitting paths that do not exist (RoutingError);
// deleted products still linked from search engines and other people's order numbers
// (RecordNotFound, 404); a CSRF failure now and then (an expired page posting to the
// cart: "Can't verify CSRF token authenticity.", 422, InvalidAuthenticityToken and its
// framework trace); an order page whose shipping method was deleted failing to render
// about every 40 minutes (ActionView::Template::Error); a rare slow request; a price
// scraper crawling product pages at 07:14 and 09:52, throttled by Rack::Attack once it
// passes 300 requests in 5 minutes ("Rack::Attack throttled request: req/ip ...").
//
// Benign changes:
//   - 0:41 (07:41), a deploy: Puma stops and starts again with a new pid 6 s later; the
//     first two minutes of requests are slower (cold caches); a post-deploy warm-up
//     crawls 260 pages from 127.0.0.1; the release brings a wishlist
//     (WishlistItemsController#create, WishlistsController#show) and renders the home
//     page in a new layout, layouts/storefront, from then on. The restart's lines, the
//     first two minutes' requests, the warm-up and the wishlist's and home page's
//     requests from then on carry the change.
//   - 1:20 (08:20), the summer campaign newsletter: visitors landing on
//     /campaigns/summer?utm_source=newsletter... (CampaignsController#show), then
//     browsing products and adding to cart, traffic about x2.5 at its peak, some 20
//     minutes in all. The campaign visitors' requests carry the change.
//   - 1:47:40 (08:47), an engineer sets the log level to debug through an admin page
//     (POST /admin/log_level and a WARN line), and back to info 15 minutes later: in
//     between every request also logs its SQL ("Product Load (0.4ms)  SELECT
//     "products".* FROM ..."), its "Rendering" lines and its partials at DEBUG. The
//     two admin requests and the DEBUG lines carry the change.
//   - 2:31 (09:31), a Flipper flag turned on (the Flipper UI's Started lines) makes
//     product pages load a lazy Turbo frame of recommendations: a new request after most
//     product page views, RecommendationsController#index rendered within
//     layouts/turbo_rails/frame. The product pages and these requests carry the change.
//
// Incidents:
//   - 0:27:14 (07:27) for 3 minutes, credential stuffing: three addresses of a hosting
//     provider fetch the sign-in page and post credentials about once a second each,
//     Rack::Attack throttling them past 5 posts in 20 s ("Started POST" and a WARN line
//     only), the others failing (401, then the sign-in page again with 422), two of them
//     succeeding. Every request of those addresses is the incident's.
//   - 1:02:30 (08:02) for 10 minutes, the database connection pool exhausted: a
//     migration run elsewhere waits for a lock on products and queues every read behind
//     it; requests that use the database are slow (seconds of ActiveRecord time) and a
//     third to a half of them fail after 5 s with ActiveRecord::ConnectionTimeoutError
//     ("could not obtain a connection from the pool within 5.000 seconds (waited 5.001
//     seconds); all pooled connections were in use"), 500 and a backtrace. The requests
//     that use the database in that window are the incident's (health checks and routing
//     errors are not).
//   - 2:07 (09:07) for 20 minutes, N+1 queries: a Flipper flag adding review stars to
//     category listings (its Started lines are the incident's) makes
//     ProductsController#index query every product's reviews: ActiveRecord time x20,
//     Allocations x10, the template's render time up with them, every response 200,
//     until the flag is turned off.
//   - 2:41:30 (09:41) for 6 minutes, the payment gateway timing out: POST /checkout
//     (CheckoutController#create) waits 15 s for Net::ReadTimeout; the charge's timeout
//     is rescued (an ERROR line, the checkout page rendered with 502), the saved card's
//     capture's is not (500, FATAL Net::ReadTimeout and its backtrace); a few slow
//     successes at the edges, customers retrying. Every checkout post in the window is
//     the incident's.
var rails = Family{
	Name:    "rails",
	Role:    Tuning,
	Service: "Ruby on Rails 7.1 storefront on Puma, Rails' default production logger with request-id tags, exceptions with backtraces",
	Lines:   railsLines,
}

const (
	railsStuffing = "credential stuffing on /users/sign_in, Rack::Attack throttling"
	railsPool     = "database connection pool exhausted: ConnectionTimeoutError, 500s, slow requests"
	railsNPlusOne = "N+1 queries on ProductsController#index: ActiveRecord x20, Allocations x10"
	railsGateway  = "payment gateway timing out: Net::ReadTimeout on CheckoutController#create"
)

const (
	railsHost     = "https://shop.example.com"
	railsOfficeIP = "91.64.137.22"
)

// Kinds of requests of the normal traffic, in railsWeights' order.
const (
	railsHome = iota
	railsIndex
	railsShow
	railsSearch
	railsCart
	railsCartAdd
	railsCheckoutShow
	railsCheckoutCreate
	railsOrder
	railsAccount
	railsAccountOrders
	railsSignInPage
	railsSignIn
	railsSignOut
	railsAPIProduct
	railsAPIInventory
	railsAdminOrders
	railsSitemap
	railsWishlistAdd
	railsWishlist
	railsKinds
)

// railsWeights is each kind's share of the traffic (the wishlist's from the deploy on).
var railsWeights = [railsKinds]float64{0.07, 0.10, 0.30, 0.08, 0.05, 0.045, 0.02, 0.014, 0.012, 0.014, 0.014, 0.02, 0.016, 0.004, 0.09, 0.05, 0.004, 0.002, 0.015, 0.008}

var railsCategories = []string{"shoes", "running", "outdoor", "jackets", "t-shirts", "accessories", "kids", "sale", "new-arrivals", "socks", "bags", "hats"}

var railsQueries = []string{"running shoes", "rain jacket", "socks", "trail", "backpack", "sandals", "merino", "kids shoes", "gore tex", "cap", "hoodie", "leggings", "gift card", "waterproof", "sneakers white", "hiking boots", "shorts", "beanie", "sale", "t shirt"}

var railsScanPaths = []string{"/wp-login.php", "/.env", "/xmlrpc.php", "/wp-admin/setup-config.php", "/phpmyadmin/index.php", "/.git/config", "/admin.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
	"/wp-content/plugins/wp-file-manager/readme.txt", "/.aws/credentials", "/config.json", "/server-status", "/actuator/health", "/cgi-bin/luci/;stok=/locale", "/api/.env", "/backup.zip",
	"/wordpress/wp-login.php", "/.DS_Store", "/owa/auth/logon.aspx", "/boaform/admin/formLogin", "/HNAP1/", "/solr/admin/info/system", "/.well-known/security.txt", "/wp-includes/wlwmanifest.xml",
	"/autodiscover/autodiscover.xml", "/console/", "/info.php", "/.svn/entries", "/user/login", "/ads.txt"}

type railsLog struct {
	g *gen
	j *journal

	start, end                    time.Time
	deploy, campaign, debug, recs change
	bootAt, debugOn, debugOff     time.Time
	stuffAt, poolAt, n1At, gwAt   time.Time
	oldPID, newPID                int

	products  []int
	visitors  []string
	throttled map[string]int // requests per Rack::Attack key and period
}

func railsLines(seed int64) []Line {
	start := time.Date(2024, 6, 14, 7, 0, 0, 0, time.UTC)
	r := &railsLog{
		g:         newGen(seed, 19),
		j:         &journal{},
		start:     start,
		end:       start.Add(Length),
		deploy:    change{"deploy: Puma restart, wishlist and storefront layout", start.Add(41*time.Minute + 5_318*time.Millisecond)},
		campaign:  change{"summer campaign newsletter: traffic to /campaigns/summer", start.Add(80 * time.Minute)},
		debug:     change{"log level set to debug for 15 minutes (SQL lines)", start.Add(107*time.Minute + 40*time.Second)},
		recs:      change{"feature flag: recommendations Turbo frame on product pages", start.Add(151 * time.Minute)},
		stuffAt:   start.Add(27*time.Minute + 14*time.Second),
		poolAt:    start.Add(62*time.Minute + 30*time.Second),
		n1At:      start.Add(127 * time.Minute),
		gwAt:      start.Add(161*time.Minute + 30*time.Second),
		oldPID:    48213,
		throttled: map[string]int{},
	}
	g := r.g
	r.newPID = 51000 + g.intn(900)
	r.bootAt = r.deploy.start.Add(time.Duration(5800+g.intn(900)) * time.Millisecond)
	// The level changes once the admin request that changes it has run its filters.
	r.debugOn = r.debug.start.Add(time.Duration(3000+g.intn(2000)) * time.Microsecond)
	r.debugOff = r.debug.start.Add(15*time.Minute + 10*time.Second)
	for i := 0; i < 2400; i++ {
		r.products = append(r.products, 10_000+i*20+g.intn(20))
	}
	for i := 0; i < 300; i++ {
		r.visitors = append(r.visitors, g.publicIP())
	}

	g.arrivals(start, r.end, r.rate, func(t time.Time) {
		kind := g.weighted(railsKinds, func(i int) float64 {
			if (i == railsWishlistAdd || i == railsWishlist) && t.Before(r.deploy.start) {
				return 0
			}
			return railsWeights[i]
		})
		r.request(t, kind, r.visitor(), routine, true)
	})
	for _, lb := range []string{"10.0.1.11", "10.0.1.12"} {
		g.every(start.Add(time.Duration(g.intn(10_000))*time.Millisecond), r.end, 10*time.Second, 40*time.Millisecond, func(t time.Time) {
			if !r.down(t) {
				r.health(t, lb)
			}
		})
	}
	g.arrivals(start, r.end, func(t time.Time) float64 { return 1.0 / 75 }, func(t time.Time) {
		if !r.down(t) {
			r.routingError(t, g.publicIP(), pick(g, railsScanPaths))
		}
	})
	g.arrivals(start, r.end, func(t time.Time) float64 { return 1.0 / 700 }, r.scan)
	g.arrivals(start, r.end, func(t time.Time) float64 { return 1.0 / 2400 }, r.templateError)
	r.scraper(start.Add(14*time.Minute + 12*time.Second))
	r.scraper(start.Add(172*time.Minute + 3*time.Second))

	r.restart()
	r.warmUp()
	g.arrivals(r.campaign.start, r.end, r.campaignRate, r.campaignVisit)
	r.logLevel(r.debug.start, "info", "debug")
	r.logLevel(r.debugOff, "debug", "info")
	r.flipper(r.recs.truth(), r.recs.start, "recommendations_frame")
	r.flipper(incident(railsNPlusOne), r.n1At, "review_stars_on_listings")
	r.flipper(incident(railsNPlusOne), r.n1At.Add(20*time.Minute), "review_stars_on_listings")
	r.stuffing()
	return r.j.sorted(r.end)
}

// rate is the normal traffic's requests a second: the morning ramp and a slow wiggle,
// none while Puma restarts (HAProxy sends them to app-2).
func (r *railsLog) rate(t time.Time) float64 {
	if r.down(t) {
		return 0
	}
	m := t.Sub(r.start).Minutes()
	return (1.6 + 1.7*rampUp(t, r.start, 150*time.Minute)) * (1 + 0.08*math.Sin(2*math.Pi*m/23) + 0.04*math.Sin(2*math.Pi*m/7.3))
}

// campaignRate is the newsletter's visitors a second: opened within minutes, fading
// after a quarter of an hour.
func (r *railsLog) campaignRate(t time.Time) float64 {
	if r.down(t) {
		return 0
	}
	return (0.1 + 1.4*rampUp(t, r.campaign.start, 3*time.Minute)) * (1 - rampUp(t, r.campaign.start.Add(13*time.Minute), 9*time.Minute))
}

// down reports whether Puma is restarting at t.
func (r *railsLog) down(t time.Time) bool {
	return !t.Before(r.deploy.start) && t.Before(r.bootAt)
}

// pid is the process writing at t: the old one finishes its requests while it stops.
func (r *railsLog) pid(t time.Time) int {
	if t.Before(r.bootAt) {
		return r.oldPID
	}
	return r.newPID
}

// visitor returns the address of a visitor: one already browsing, or a new one.
func (r *railsLog) visitor() string {
	if r.g.chance(0.12) {
		r.visitors[r.g.intn(len(r.visitors))] = r.g.publicIP()
	}
	return pick(r.g, r.visitors)
}

// product returns a product id, the popular ones more often.
func (r *railsLog) product() int {
	u := r.g.rng.Float64()
	return r.products[int(float64(len(r.products))*u*u*u)]
}

// text is a line as ::Logger::Formatter writes it.
func (r *railsLog) text(level string, at time.Time, msg string) string {
	return fmt.Sprintf("%c, [%s #%d] %5s -- : %s", level[0], at.Format("2006-01-02T15:04:05.000000"), r.pid(at), level, msg)
}

// railsReq is one request being logged: its tag, its truth and whether the logger is at
// debug level.
type railsReq struct {
	r      *railsLog
	tr     truth
	id, ip string
	debug  bool
	dtr    truth // the truth of its DEBUG lines
}

func (r *railsLog) newReq(t time.Time, ip string, tr truth) *railsReq {
	q := &railsReq{r: r, tr: tr, id: r.g.uuid(), ip: ip}
	if !t.Before(r.debugOn) && t.Before(r.debugOff) && tr.incident == "" {
		q.debug, q.dtr = true, later(tr, r.debug.truth())
	}
	return q
}

func (q *railsReq) log(level string, at time.Time, msg string) {
	q.r.j.add(q.tr, at, q.r.text(level, at, "["+q.id+"] "+msg))
}

func (q *railsReq) info(at time.Time, msg string) { q.log("INFO", at, msg) }

func (q *railsReq) dbg(at time.Time, msg string) {
	if q.debug {
		q.r.j.add(q.dtr, at, q.r.text("DEBUG", at, "["+q.id+"] "+msg))
	}
}

// fatal is DebugExceptions' entry: the exception, a template's annotated source, the
// application backtrace, each line tagged.
func (q *railsReq) fatal(at time.Time, exc string, source, trace []string) {
	tag := "[" + q.id + "] "
	lines := []string{q.r.text("FATAL", at, tag+"  "), tag + exc + ":"}
	for _, s := range source {
		lines = append(lines, tag+s)
	}
	lines = append(lines, tag+"  ")
	for _, s := range trace {
		lines = append(lines, tag+s)
	}
	q.r.j.add(q.tr, at, lines...)
}

// railsAct is what an action does and how long it takes.
type railsAct struct {
	method, path, controller, format, params string

	pre, view        []string // DEBUG lines: before rendering (filters, the action), while rendering
	template, layout string   // rendered (a template without layout: Turbo Stream, Jbuilder)
	views            bool     // Views in Completed without a template (render json:, html:)
	status           int
	redirect, halted string
	exc              string // raised, with its backtrace
	source, trace    []string
	logs             []railsAppLog

	total, viewMs, ar float64 // ms
	viewAR            float64 // ms of ActiveRecord spent while rendering, beyond a share of ar
	alloc             int
}

// railsAppLog is a line the application writes itself, at a share of the action's time.
type railsAppLog struct {
	level string
	at    float64
	msg   string
}

var railsStatus = map[int]string{200: "OK", 302: "Found", 303: "See Other", 401: "Unauthorized", 404: "Not Found", 422: "Unprocessable Entity", 500: "Internal Server Error", 502: "Bad Gateway"}

// timing draws the action's durations around its medians: total ms, the shares of views
// and ActiveRecord, the allocations; a rare request is slow on a query.
func (r *railsLog) timing(a *railsAct, total, views, ar float64, alloc int) {
	g := r.g
	a.total = g.lognormal(total, 0.4)
	a.viewMs = a.total * views * g.lognormal(1, 0.15)
	a.ar = a.total * ar * g.lognormal(1, 0.3)
	a.alloc = int(g.lognormal(float64(alloc), 0.18))
	if g.chance(0.004) {
		extra := a.total * g.lognormal(6, 0.5)
		a.total += extra
		a.ar += extra
	}
}

// serve writes the request's lines from Started to Completed (and the exception after
// it) and returns when it completed.
func (r *railsLog) serve(q *railsReq, t time.Time, a *railsAct) time.Time {
	g := r.g
	q.info(t, fmt.Sprintf(`Started %s "%s" for %s at %s`, a.method, a.path, q.ip, t.Format("2006-01-02 15:04:05 -0700")))
	at := t.Add(time.Duration(g.between(150, 1200)) * time.Microsecond)
	q.info(at, fmt.Sprintf("Processing by %s as %s", a.controller, a.format))
	if a.params != "" {
		q.info(at, "  Parameters: "+a.params)
	}
	tmplMs := a.viewMs*0.6 + a.ar*0.25 + a.viewAR
	layoutMs := a.viewMs*1.01 + a.ar*0.3 + a.viewAR
	T := math.Max(a.total, layoutMs*1.05+(a.ar-a.viewAR)*0.7+0.3)
	ms := func(share float64) time.Time { return at.Add(time.Duration(T * share * float64(time.Millisecond))) }
	// Rendering takes the action's last milliseconds.
	render := math.Max(0, T-layoutMs-0.4)
	rms := func(x float64) time.Time { return at.Add(time.Duration((render + x) * float64(time.Millisecond))) }
	for i, s := range a.pre {
		q.dbg(ms(0.9*render/T*float64(i+1)/float64(len(a.pre)+1)), "  "+s)
	}
	for _, l := range a.logs {
		q.log(l.level, ms(l.at), l.msg)
	}
	end := ms(1)
	switch {
	case a.exc != "":
		if a.template != "" { // a template error: the template's render ends with it
			q.dbg(ms(0.5), "  Rendering layout "+a.layout+".html.erb")
			q.dbg(ms(0.5), "  Rendering "+a.template+" within "+a.layout)
			q.info(ms(0.95), fmt.Sprintf("  Rendered %s within %s (Duration: %.1fms | Allocations: %d)", a.template, a.layout, tmplMs, a.alloc/3))
		}
		q.info(end, fmt.Sprintf("Completed %d %s in %dms (ActiveRecord: %.1fms | Allocations: %d)", a.status, railsStatus[a.status], int(math.Round(T)), a.ar, a.alloc))
		q.fatal(end.Add(time.Duration(g.between(100, 700))*time.Microsecond), a.exc, a.source, a.trace)
		return end
	case a.redirect != "":
		q.info(ms(0.93), "Redirected to "+a.redirect)
		if a.halted != "" {
			q.info(ms(0.94), "Filter chain halted as :"+a.halted+" rendered or redirected")
		}
		q.info(end, fmt.Sprintf("Completed %d %s in %dms (ActiveRecord: %.1fms | Allocations: %d)", a.status, railsStatus[a.status], int(math.Round(T)), a.ar, a.alloc))
		return end
	}
	if a.template != "" {
		within := ""
		if a.layout != "" {
			within = " within " + a.layout
			q.dbg(rms(0), "  Rendering layout "+a.layout+".html.erb")
		}
		q.dbg(rms(0), "  Rendering "+a.template+within)
		for i, s := range a.view {
			q.dbg(rms(tmplMs*float64(i+1)/float64(len(a.view)+1)), "  "+s)
		}
		q.info(rms(tmplMs), fmt.Sprintf("  Rendered %s%s (Duration: %.1fms | Allocations: %d)", a.template, within, tmplMs, int(float64(a.alloc)*0.37)))
		if a.layout != "" {
			if q.debug && a.layout != "layouts/turbo_rails/frame" {
				cart := 880_000 + g.intn(90_000)
				for i, s := range []string{
					r.sql("CartItem Sum", `SELECT SUM("cart_items"."quantity") FROM "cart_items" WHERE "cart_items"."cart_id" = $1`, fmt.Sprintf(`[["cart_id", %d]]`, cart), 0.4),
					r.partial("shared/_header.html.erb", 1.8, 1180),
					r.partial("shared/_flash.html.erb", 0.1, 38),
					r.partial("shared/_footer.html.erb", 0.5, 291),
				} {
					q.dbg(rms(tmplMs+(layoutMs-tmplMs)*float64(i+1)/5), "  "+s)
				}
			}
			q.info(rms(layoutMs), fmt.Sprintf("  Rendered layout %s.html.erb (Duration: %.1fms | Allocations: %d)", a.layout, layoutMs, int(float64(a.alloc)*0.71)))
		}
	}
	if a.template != "" || a.views {
		q.info(end, fmt.Sprintf("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", a.status, railsStatus[a.status], int(math.Round(T)), a.viewMs, a.ar, a.alloc))
	} else {
		q.info(end, fmt.Sprintf("Completed %d %s in %dms (ActiveRecord: %.1fms | Allocations: %d)", a.status, railsStatus[a.status], int(math.Round(T)), a.ar, a.alloc))
	}
	return end
}

// sql is an ActiveRecord query as its log subscriber writes it at debug level.
func (r *railsLog) sql(name, stmt, binds string, median float64) string {
	s := fmt.Sprintf("%s (%.1fms)  %s", name, r.g.lognormal(median, 0.4), stmt)
	if binds != "" {
		s += "  " + binds
	}
	return s
}

func (r *railsLog) partial(name string, median float64, alloc int) string {
	return fmt.Sprintf("Rendered %s (Duration: %.1fms | Allocations: %d)", name, r.g.lognormal(median, 0.3), int(r.g.lognormal(float64(alloc), 0.1)))
}

func (r *railsLog) collection(name string, n int) string {
	hits := n - r.g.intn(n/3+1)
	return fmt.Sprintf("Rendered collection of %s [%d / %d cache hits] (Duration: %.1fms | Allocations: %d)", name, hits, n, r.g.lognormal(0.4*float64(n-hits)+0.8, 0.3), int(r.g.lognormal(float64(180*n), 0.15)))
}

func railsParams(pairs ...string) string { return "{" + strings.Join(pairs, ", ") + "}" }

func railsKV(k, v string) string { return `"` + k + `"=>"` + v + `"` }

const railsToken = `"authenticity_token"=>"[FILTERED]"`

// session is the DEBUG lines of the filters every page runs: the signed-in user, the
// cart.
func (r *railsLog) session(user int) []string {
	var s []string
	if user > 0 {
		s = append(s, r.sql("User Load", `SELECT "users".* FROM "users" WHERE "users"."id" = $1 ORDER BY "users"."id" ASC LIMIT $2`, fmt.Sprintf(`[["id", %d], ["LIMIT", 1]]`, user), 0.5))
	}
	return append(s, r.sql("Cart Load", `SELECT "carts".* FROM "carts" WHERE "carts"."id" = $1 LIMIT $2`, fmt.Sprintf(`[["id", %d], ["LIMIT", 1]]`, 880_000+r.g.intn(90_000)), 0.3))
}

func (r *railsLog) user() int {
	if r.g.chance(0.35) {
		return r.g.between(1, 86_000)
	}
	return 0
}

// layout is the home page's layout: the release of the deploy renders it in its own.
func (r *railsLog) homeLayout(t time.Time) string {
	if t.Before(r.deploy.start) {
		return "layouts/application"
	}
	return "layouts/storefront"
}

// truthAt is the truth of a request of the normal traffic of a kind at t: the changes
// that altered it, the incident that affected it.
func (r *railsLog) truthAt(t time.Time, kind int, tr truth) truth {
	if within(t, r.bootAt, 2*time.Minute) {
		tr = later(tr, r.deploy.truth())
	}
	if (kind == railsHome || kind == railsWishlist || kind == railsWishlistAdd) && !t.Before(r.deploy.start) {
		tr = later(tr, r.deploy.truth())
	}
	if kind == railsShow && !t.Before(r.recs.start) {
		tr = later(tr, r.recs.truth())
	}
	switch {
	case within(t, r.poolAt, 10*time.Minute):
		return incident(railsPool)
	case kind == railsIndex && within(t, r.n1At, 20*time.Minute):
		return incident(railsNPlusOne)
	case kind == railsCheckoutCreate && within(t, r.gwAt, 6*time.Minute):
		return incident(railsGateway)
	}
	return tr
}

// request is one request of a kind from ip at t; browser says whether a browser asked
// (it loads the recommendations frame).
func (r *railsLog) request(t time.Time, kind int, ip string, tr truth, browser bool) time.Time {
	g := r.g
	tr = r.truthAt(t, kind, tr)
	q := r.newReq(t, ip, tr)
	a := &railsAct{method: "GET", format: "HTML", status: 200, layout: "layouts/application"}
	user := r.user()
	switch kind {
	case railsHome:
		a.path, a.controller, a.template, a.layout = "/", "HomeController#index", "home/index.html.erb", r.homeLayout(t)
		r.timing(a, 55, 0.55, 0.2, 38_000)
		a.pre = r.session(user)
		a.view = []string{
			r.sql("Banner Load", `SELECT "banners".* FROM "banners" WHERE "banners"."active" = $1 ORDER BY "banners"."position" ASC`, `[["active", true]]`, 0.4),
			r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."featured" = $1 AND "products"."published" = $2 LIMIT $3`, `[["featured", true], ["published", true], ["LIMIT", 12]]`, 1.1),
			r.collection("products/_card.html.erb", 12),
		}
	case railsIndex:
		cat := pick(g, railsCategories)
		a.path, a.controller, a.template = "/products?category="+cat, "ProductsController#index", "products/index.html.erb"
		a.params = railsParams(railsKV("category", cat))
		page := 1
		if g.chance(0.3) {
			page = g.between(2, 6)
			a.path += "&page=" + strconv.Itoa(page)
			a.params = railsParams(railsKV("category", cat), railsKV("page", strconv.Itoa(page)))
		}
		r.timing(a, 80, 0.5, 0.18, 45_000)
		catID := 1 + indexOf(railsCategories, cat)
		a.pre = append(r.session(user), r.sql("Category Load", `SELECT "categories".* FROM "categories" WHERE "categories"."slug" = $1 LIMIT $2`, fmt.Sprintf(`[["slug", "%s"], ["LIMIT", 1]]`, cat), 0.3))
		a.view = []string{
			r.sql("Product Count", `SELECT COUNT(*) FROM "products" WHERE "products"."category_id" = $1 AND "products"."published" = $2`, fmt.Sprintf(`[["category_id", %d], ["published", true]]`, catID), 1.1),
			r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."category_id" = $1 AND "products"."published" = $2 ORDER BY "products"."position" ASC LIMIT $3 OFFSET $4`, fmt.Sprintf(`[["category_id", %d], ["published", true], ["LIMIT", 24], ["OFFSET", %d]]`, catID, 24*(page-1)), 2.2),
			r.collection("products/_card.html.erb", 24),
			r.partial("shared/_pagination.html.erb", 0.6, 402),
		}
		if tr.incident == railsNPlusOne {
			// Every card asks for its product's reviews: 24 queries more, in the view.
			extra := a.ar * g.normal(19, 1.5)
			a.ar += extra
			a.viewAR, a.total = extra*0.95, a.total+extra
			a.viewMs *= 1.4
			a.alloc *= 10
		}
	case railsShow:
		id := r.product()
		a.path, a.controller, a.template = "/products/"+strconv.Itoa(id), "ProductsController#show", "products/show.html.erb"
		a.params = railsParams(railsKV("id", strconv.Itoa(id)))
		if g.chance(0.012) { // deleted, still linked from search engines
			id = g.between(1000, 9999)
			a.path, a.params, a.template = "/products/"+strconv.Itoa(id), railsParams(railsKV("id", strconv.Itoa(id))), ""
			r.timing(a, 4, 0, 0.25, 1900)
			a.status, a.exc = 404, fmt.Sprintf("ActiveRecord::RecordNotFound (Couldn't find Product with 'id'=%d)", id)
			a.trace = []string{"app/controllers/products_controller.rb:71:in `set_product'"}
			a.pre = append(r.session(user), r.productLoad(id))
			break
		}
		r.timing(a, 45, 0.5, 0.25, 24_000)
		if !t.Before(r.recs.start) {
			a.alloc += 700
		}
		a.pre = append(r.session(user), r.productLoad(id))
		a.view = []string{
			r.sql("ProductImage Load", `SELECT "product_images".* FROM "product_images" WHERE "product_images"."product_id" = $1 ORDER BY "product_images"."position" ASC`, fmt.Sprintf(`[["product_id", %d]]`, id), 0.6),
			r.partial("products/_gallery.html.erb", 3.1, 1500),
			r.sql("Variant Load", `SELECT "variants".* FROM "variants" WHERE "variants"."product_id" = $1 ORDER BY "variants"."position" ASC`, fmt.Sprintf(`[["product_id", %d]]`, id), 0.5),
			r.partial("products/_variant_picker.html.erb", 1.8, 910),
			r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."category_id" = $1 AND "products"."id" != $2 AND "products"."published" = $3 LIMIT $4`, fmt.Sprintf(`[["category_id", %d], ["id", %d], ["published", true], ["LIMIT", 4]]`, 1+id%12, id), 1.3),
			r.collection("products/_card.html.erb", 4),
		}
	case railsSearch:
		term := pick(g, railsQueries)
		a.path, a.controller, a.template = "/search?q="+strings.ReplaceAll(term, " ", "+"), "SearchController#index", "search/index.html.erb"
		a.params = railsParams(railsKV("q", term))
		r.timing(a, 110, 0.35, 0.5, 31_000)
		a.pre = append(r.session(user), r.sql("Product Pluck", fmt.Sprintf(`SELECT "products"."id" FROM "products" WHERE (products.searchable @@ websearch_to_tsquery('english', '%s')) AND "products"."published" = $1 ORDER BY ts_rank(products.searchable, websearch_to_tsquery('english', '%s')) DESC LIMIT $2`, term, term), `[["published", true], ["LIMIT", 48]]`, 18))
		a.view = []string{r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."id" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`, "", 1.6), r.collection("products/_card.html.erb", 24)}
	case railsCart:
		a.path, a.controller, a.template = "/cart", "CartsController#show", "carts/show.html.erb"
		r.timing(a, 35, 0.55, 0.25, 18_000)
		n := g.between(1, 5)
		a.pre = r.session(user)
		a.view = []string{
			r.sql("CartItem Load", `SELECT "cart_items".* FROM "cart_items" WHERE "cart_items"."cart_id" = $1`, fmt.Sprintf(`[["cart_id", %d]]`, 880_000+g.intn(90_000)), 0.5),
			r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."id" IN (`+railsBinds(n)+`)`, "", 0.7),
			fmt.Sprintf("Rendered collection of carts/_item.html.erb [%d times] (Duration: %.1fms | Allocations: %d)", n, g.lognormal(1.2*float64(n), 0.3), 700*n),
		}
	case railsCartAdd:
		id := r.product()
		a.method, a.path, a.controller, a.format = "POST", "/cart/items", "CartItemsController#create", "TURBO_STREAM"
		qty := 1
		if g.chance(0.15) {
			qty = g.between(2, 4)
		}
		a.params = railsParams(railsToken, railsKV("product_id", strconv.Itoa(id)), railsKV("quantity", strconv.Itoa(qty)))
		if g.chance(0.006) { // a page left open overnight: its token expired with the session
			r.timing(a, 2, 0, 0, 900)
			a.ar = 0
			a.status, a.exc = 422, "ActionController::InvalidAuthenticityToken (Can't verify CSRF token authenticity.)"
			a.logs = []railsAppLog{{"WARN", 0.5, "Can't verify CSRF token authenticity."}}
			a.trace = railsCSRFTrace
			break
		}
		a.template, a.layout = "cart_items/create.turbo_stream.erb", ""
		r.timing(a, 28, 0.35, 0.35, 14_000)
		now := t.Add(8 * time.Millisecond).Format("2006-01-02 15:04:05.000000")
		a.pre = append(r.session(user), r.productLoad(id),
			"TRANSACTION (0.2ms)  BEGIN",
			r.sql("CartItem Create", `INSERT INTO "cart_items" ("cart_id", "product_id", "quantity", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id"`, fmt.Sprintf(`[["cart_id", %d], ["product_id", %d], ["quantity", %d], ["created_at", "%s"], ["updated_at", "%s"]]`, 880_000+g.intn(90_000), id, qty, now, now), 0.8),
			r.sql("TRANSACTION", "COMMIT", "", 0.9))
		a.view = []string{r.partial("cart_items/_counter.html.erb", 0.4, 160)}
	case railsCheckoutShow:
		a.path, a.controller, a.template = "/checkout", "CheckoutController#show", "checkout/show.html.erb"
		r.timing(a, 60, 0.5, 0.3, 29_000)
		a.pre = r.session(user)
		a.view = []string{r.sql("ShippingMethod Load", `SELECT "shipping_methods".* FROM "shipping_methods" WHERE "shipping_methods"."active" = $1`, `[["active", true]]`, 0.3), r.partial("checkout/_summary.html.erb", 2.4, 1400)}
	case railsCheckoutCreate:
		if tr.incident != railsPool {
			return r.checkout(q, t, a, user)
		}
		a.method, a.path, a.controller, a.format = "POST", "/checkout", "CheckoutController#create", "TURBO_STREAM"
		a.params = railsParams(railsToken, `"order"=>{"shipping_method_id"=>"`+strconv.Itoa(g.between(1, 4))+`", "payment_token"=>"[FILTERED]"}`)
		a.status, a.redirect = 303, railsHost+"/orders/"+fmt.Sprintf("R%09d", g.between(100_000_000, 999_999_999))
		r.timing(a, 550, 0, 0.03, 36_000)
	case railsOrder:
		number := fmt.Sprintf("R%09d", g.between(100_000_000, 999_999_999))
		a.path, a.controller, a.template = "/orders/"+number, "OrdersController#show", "orders/show.html.erb"
		a.params = railsParams(railsKV("id", number))
		a.pre = append(r.session(user), r.sql("Order Load", `SELECT "orders".* FROM "orders" WHERE "orders"."user_id" = $1 AND "orders"."number" = $2 LIMIT $3`, fmt.Sprintf(`[["user_id", %d], ["number", "%s"], ["LIMIT", 1]]`, g.between(1, 86_000), number), 0.6))
		if g.chance(0.03) { // somebody else's order
			r.timing(a, 5, 0, 0.3, 2300)
			a.template, a.status = "", 404
			a.exc = `ActiveRecord::RecordNotFound (Couldn't find Order with [WHERE "orders"."user_id" = $1 AND "orders"."number" = $2])`
			a.trace = []string{"app/controllers/orders_controller.rb:34:in `set_order'"}
			break
		}
		r.timing(a, 40, 0.5, 0.3, 21_000)
		a.view = []string{r.sql("LineItem Load", `SELECT "line_items".* FROM "line_items" WHERE "line_items"."order_id" = $1`, fmt.Sprintf(`[["order_id", %d]]`, g.between(400_000, 520_000)), 0.5), r.partial("orders/_line_items.html.erb", 2.2, 1300)}
	case railsAccount, railsAccountOrders:
		a.path, a.controller, a.template = "/account", "AccountsController#show", "accounts/show.html.erb"
		if kind == railsAccountOrders {
			a.path, a.controller, a.template = "/account/orders", "Account::OrdersController#index", "account/orders/index.html.erb"
		}
		if user == 0 && g.chance(0.6) {
			r.timing(a, 3, 0, 0, 1100)
			a.ar = 0
			a.template, a.status, a.redirect, a.halted = "", 302, railsHost+"/users/sign_in", "authenticate_user!"
			break
		}
		if user == 0 {
			user = g.between(1, 86_000)
		}
		r.timing(a, 45, 0.5, 0.3, 22_000)
		a.pre = r.session(user)
		a.view = []string{r.sql("Order Load", `SELECT "orders".* FROM "orders" WHERE "orders"."user_id" = $1 ORDER BY "orders"."created_at" DESC LIMIT $2`, fmt.Sprintf(`[["user_id", %d], ["LIMIT", 10]]`, user), 0.8)}
	case railsSignInPage:
		a.path, a.controller, a.template = "/users/sign_in", "Devise::SessionsController#new", "devise/sessions/new.html.erb"
		r.timing(a, 22, 0.6, 0.1, 12_000)
		a.pre = r.session(0)
	case railsSignIn:
		if tr.incident != railsPool {
			return r.signIn(q, t, "TURBO_STREAM", g.chance(0.86))
		}
		a.method, a.path, a.controller, a.format = "POST", "/users/sign_in", "Devise::SessionsController#create", "TURBO_STREAM"
		a.params = railsParams(railsToken, `"user"=>{"email"=>"[FILTERED]", "password"=>"[FILTERED]", "remember_me"=>"0"}`, railsKV("commit", "Log in"))
		a.status, a.redirect = 303, railsHost+"/account"
		r.timing(a, 250, 0, 0.01, 4_200)
	case railsSignOut:
		a.method, a.path, a.controller, a.format = "DELETE", "/users/sign_out", "Devise::SessionsController#destroy", "TURBO_STREAM"
		a.params = railsParams(railsToken)
		r.timing(a, 6, 0, 0.2, 3100)
		a.status, a.redirect = 303, railsHost+"/"
		a.pre = r.session(g.between(1, 86_000))
	case railsAPIProduct:
		id := r.product()
		a.path, a.controller, a.format, a.layout = "/api/v1/products/"+strconv.Itoa(id), "Api::V1::ProductsController#show", "JSON", ""
		a.params = railsParams(railsKV("id", strconv.Itoa(id)))
		a.pre = []string{r.productLoad(id)}
		if g.chance(0.01) {
			r.timing(a, 3, 0.1, 0.3, 900)
			a.status, a.views = 404, true
			break
		}
		a.template = "api/v1/products/show.json.jbuilder"
		r.timing(a, 12, 0.3, 0.3, 6_500)
		a.view = []string{r.sql("Variant Load", `SELECT "variants".* FROM "variants" WHERE "variants"."product_id" = $1 ORDER BY "variants"."position" ASC`, fmt.Sprintf(`[["product_id", %d]]`, id), 0.5)}
	case railsAPIInventory:
		n := g.between(1, 6)
		skus := make([]string, n)
		for i := range skus {
			skus[i] = fmt.Sprintf("SKU-%05d", g.between(10_000, 58_000))
		}
		a.path, a.controller, a.format, a.layout, a.views = "/api/v1/inventory?skus="+strings.Join(skus, "%2C"), "Api::V1::InventoryController#index", "JSON", "", true
		a.params = railsParams(railsKV("skus", strings.Join(skus, ",")))
		r.timing(a, 8, 0.08, 0.4, 3_200)
		a.pre = []string{r.sql("InventoryLevel Load", `SELECT "inventory_levels".* FROM "inventory_levels" INNER JOIN "variants" ON "variants"."id" = "inventory_levels"."variant_id" WHERE "variants"."sku" IN (`+railsBinds(n)+`)`, "", 0.9)}
	case railsAdminOrders:
		status := pick(g, []string{"pending", "paid", "shipped", "refunded"})
		a.path, a.controller, a.template, a.layout = "/admin/orders?status="+status, "Admin::OrdersController#index", "admin/orders/index.html.erb", "layouts/admin"
		a.params = railsParams(railsKV("status", status))
		r.timing(a, 240, 0.45, 0.45, 120_000)
		a.pre = r.session(g.between(1, 12))
		q.ip = railsOfficeIP
	case railsSitemap:
		a.path, a.controller, a.format, a.template, a.layout = "/sitemap.xml", "SitemapsController#show", "XML", "sitemaps/show.xml.builder", ""
		r.timing(a, 420, 0.75, 0.2, 610_000)
	case railsWishlistAdd:
		id := r.product()
		a.method, a.path, a.controller, a.format = "POST", "/wishlist/items", "WishlistItemsController#create", "TURBO_STREAM"
		a.params = railsParams(railsToken, railsKV("product_id", strconv.Itoa(id)))
		a.template, a.layout = "wishlist_items/create.turbo_stream.erb", ""
		r.timing(a, 24, 0.3, 0.35, 11_000)
		a.pre = append(r.session(g.between(1, 86_000)), r.productLoad(id))
	case railsWishlist:
		a.path, a.controller, a.template = "/wishlist", "WishlistsController#show", "wishlists/show.html.erb"
		r.timing(a, 38, 0.55, 0.25, 19_000)
		a.pre = r.session(g.between(1, 86_000))
	}
	if tr.incident == railsPool {
		return r.poolRequest(q, t, a, kind)
	}
	if within(t, r.bootAt, 2*time.Minute) { // cold caches after the restart
		f := 1 + 2*(1-t.Sub(r.bootAt).Minutes()/2)
		a.total, a.viewMs, a.alloc = a.total*f, a.viewMs*f, int(float64(a.alloc)*(1+0.4*(f-1)))
	}
	end := r.serve(q, t, a)
	if kind == railsShow && browser && a.exc == "" && !t.Before(r.recs.start) && g.chance(0.8) {
		r.recommendations(end.Add(time.Duration(g.between(150, 2500))*time.Millisecond), q.ip, strings.TrimPrefix(a.path, "/products/"))
	}
	return end
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// railsBinds is "$1, $2, ..., $n".
func railsBinds(n int) string {
	b := make([]string, n)
	for i := range b {
		b[i] = "$" + strconv.Itoa(i+1)
	}
	return strings.Join(b, ", ")
}

func (r *railsLog) productLoad(id int) string {
	return r.sql("Product Load", `SELECT "products".* FROM "products" WHERE "products"."id" = $1 LIMIT $2`, fmt.Sprintf(`[["id", %d], ["LIMIT", 1]]`, id), 0.4)
}

// railsCSRFTrace is the framework trace of InvalidAuthenticityToken: the application
// trace is empty, so DebugExceptions shows the framework's.
var railsCSRFTrace = []string{
	"actionpack (7.1.3.4) lib/action_controller/metal/request_forgery_protection.rb:223:in `handle_unverified_request'",
	"actionpack (7.1.3.4) lib/action_controller/metal/request_forgery_protection.rb:317:in `handle_unverified_request'",
	"actionpack (7.1.3.4) lib/action_controller/metal/request_forgery_protection.rb:306:in `verify_authenticity_token'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:403:in `block in make_lambda'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:179:in `block (2 levels) in halting_and_conditional'",
	"actionpack (7.1.3.4) lib/abstract_controller/callbacks.rb:34:in `block (2 levels) in <module:Callbacks>'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:180:in `block in halting_and_conditional'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:598:in `block in invoke_before'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:598:in `each'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:598:in `invoke_before'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:109:in `run_callbacks'",
	"actionpack (7.1.3.4) lib/abstract_controller/callbacks.rb:258:in `process_action'",
	"actionpack (7.1.3.4) lib/action_controller/metal/rescue.rb:25:in `process_action'",
	"actionpack (7.1.3.4) lib/action_controller/metal/instrumentation.rb:74:in `block in process_action'",
	"activesupport (7.1.3.4) lib/active_support/notifications.rb:206:in `block in instrument'",
	"activesupport (7.1.3.4) lib/active_support/notifications/instrumenter.rb:58:in `instrument'",
	"activesupport (7.1.3.4) lib/active_support/notifications.rb:206:in `instrument'",
	"actionpack (7.1.3.4) lib/action_controller/metal/instrumentation.rb:73:in `process_action'",
	"actionpack (7.1.3.4) lib/action_controller/metal/params_wrapper.rb:261:in `process_action'",
	"activerecord (7.1.3.4) lib/active_record/railties/controller_runtime.rb:32:in `process_action'",
	"actionpack (7.1.3.4) lib/abstract_controller/base.rb:160:in `process'",
	"actionview (7.1.3.4) lib/action_view/rendering.rb:40:in `process'",
	"actionpack (7.1.3.4) lib/action_controller/metal.rb:227:in `dispatch'",
	"actionpack (7.1.3.4) lib/action_controller/metal.rb:309:in `dispatch'",
	"actionpack (7.1.3.4) lib/action_dispatch/routing/route_set.rb:49:in `dispatch'",
	"actionpack (7.1.3.4) lib/action_dispatch/routing/route_set.rb:32:in `serve'",
	"actionpack (7.1.3.4) lib/action_dispatch/journey/router.rb:51:in `block in serve'",
	"actionpack (7.1.3.4) lib/action_dispatch/journey/router.rb:131:in `block in find_routes'",
	"actionpack (7.1.3.4) lib/action_dispatch/journey/router.rb:124:in `each'",
	"actionpack (7.1.3.4) lib/action_dispatch/journey/router.rb:124:in `find_routes'",
	"actionpack (7.1.3.4) lib/action_dispatch/journey/router.rb:32:in `serve'",
	"actionpack (7.1.3.4) lib/action_dispatch/routing/route_set.rb:882:in `call'",
	"rack-attack (6.7.0) lib/rack/attack.rb:127:in `call'",
	"warden (1.2.9) lib/warden/manager.rb:36:in `block in call'",
	"warden (1.2.9) lib/warden/manager.rb:34:in `catch'",
	"warden (1.2.9) lib/warden/manager.rb:34:in `call'",
	"rack (3.0.11) lib/rack/tempfile_reaper.rb:20:in `call'",
	"rack (3.0.11) lib/rack/etag.rb:29:in `call'",
	"rack (3.0.11) lib/rack/conditional_get.rb:43:in `call'",
	"rack (3.0.11) lib/rack/head.rb:15:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/http/permissions_policy.rb:38:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/http/content_security_policy.rb:36:in `call'",
	"rack-session (2.0.0) lib/rack/session/abstract/id.rb:272:in `context'",
	"rack-session (2.0.0) lib/rack/session/abstract/id.rb:266:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/cookies.rb:689:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/callbacks.rb:29:in `block in call'",
	"activesupport (7.1.3.4) lib/active_support/callbacks.rb:101:in `run_callbacks'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/callbacks.rb:28:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/debug_exceptions.rb:29:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/show_exceptions.rb:31:in `call'",
	"railties (7.1.3.4) lib/rails/rack/logger.rb:37:in `call_app'",
	"railties (7.1.3.4) lib/rails/rack/logger.rb:24:in `block in call'",
	"activesupport (7.1.3.4) lib/active_support/tagged_logging.rb:135:in `block in tagged'",
	"activesupport (7.1.3.4) lib/active_support/tagged_logging.rb:39:in `tagged'",
	"activesupport (7.1.3.4) lib/active_support/tagged_logging.rb:135:in `tagged'",
	"railties (7.1.3.4) lib/rails/rack/logger.rb:24:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/remote_ip.rb:92:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/request_id.rb:28:in `call'",
	"rack (3.0.11) lib/rack/method_override.rb:28:in `call'",
	"rack (3.0.11) lib/rack/runtime.rb:24:in `call'",
	"activesupport (7.1.3.4) lib/active_support/cache/strategy/local_cache_middleware.rb:29:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/executor.rb:14:in `call'",
	"rack (3.0.11) lib/rack/sendfile.rb:114:in `call'",
	"actionpack (7.1.3.4) lib/action_dispatch/middleware/host_authorization.rb:141:in `call'",
	"railties (7.1.3.4) lib/rails/engine.rb:536:in `call'",
	"puma (6.4.2) lib/puma/configuration.rb:272:in `call'",
	"puma (6.4.2) lib/puma/request.rb:100:in `block in handle_request'",
	"puma (6.4.2) lib/puma/thread_pool.rb:378:in `with_force_shutdown'",
	"puma (6.4.2) lib/puma/request.rb:99:in `handle_request'",
	"puma (6.4.2) lib/puma/server.rb:464:in `process_client'",
	"puma (6.4.2) lib/puma/server.rb:245:in `block in run'",
	"puma (6.4.2) lib/puma/thread_pool.rb:155:in `block in spawn_thread'",
}

// signIn is a POST of the sign-in form: Devise signs the user in and redirects, or its
// failure app answers 401 and the form is rendered again with 422.
func (r *railsLog) signIn(q *railsReq, t time.Time, format string, ok bool) time.Time {
	g := r.g
	a := &railsAct{method: "POST", path: "/users/sign_in", controller: "Devise::SessionsController#create", format: format}
	a.params = railsParams(railsToken, `"user"=>{"email"=>"[FILTERED]", "password"=>"[FILTERED]", "remember_me"=>"0"}`, railsKV("commit", "Log in"))
	if format == "TURBO_STREAM" && g.chance(0.008) { // a sign-in page left open too long
		r.timing(a, 2, 0, 0, 880)
		a.ar = 0
		a.status, a.exc = 422, "ActionController::InvalidAuthenticityToken (Can't verify CSRF token authenticity.)"
		a.logs = []railsAppLog{{"WARN", 0.5, "Can't verify CSRF token authenticity."}}
		a.trace = railsCSRFTrace
		return r.serve(q, t, a)
	}
	user := g.between(1, 86_000)
	a.pre = append(r.session(0), r.sql("User Load", `SELECT "users".* FROM "users" WHERE "users"."email" = $1 ORDER BY "users"."id" ASC LIMIT $2`, `[["email", "[FILTERED]"], ["LIMIT", 1]]`, 0.7))
	r.timing(a, 250, 0, 0.01, 4_200) // bcrypt
	if ok {
		a.status, a.redirect = 303, railsHost+"/account"
		now := t.Add(200 * time.Millisecond).Format("2006-01-02 15:04:05.000000")
		a.pre = append(a.pre, "TRANSACTION (0.2ms)  BEGIN",
			r.sql("User Update", `UPDATE "users" SET "sign_in_count" = $1, "current_sign_in_at" = $2, "last_sign_in_at" = $3, "updated_at" = $4 WHERE "users"."id" = $5`, fmt.Sprintf(`[["sign_in_count", %d], ["current_sign_in_at", "%s"], ["last_sign_in_at", "%s"], ["updated_at", "%s"], ["id", %d]]`, g.between(2, 400), now, now, now, user), 0.6),
			r.sql("TRANSACTION", "COMMIT", "", 1.1))
		return r.serve(q, t, a)
	}
	// The failure: Completed 401, then Devise's failure app runs #new.
	a.status, a.redirect = 401, ""
	q.info(t, fmt.Sprintf(`Started %s "%s" for %s at %s`, a.method, a.path, q.ip, t.Format("2006-01-02 15:04:05 -0700")))
	at := t.Add(time.Duration(g.between(150, 1200)) * time.Microsecond)
	q.info(at, fmt.Sprintf("Processing by %s as %s", a.controller, a.format))
	q.info(at, "  Parameters: "+a.params)
	for i, s := range a.pre {
		q.dbg(at.Add(time.Duration(float64(i+1)*0.3*float64(time.Millisecond))), "  "+s)
	}
	at = at.Add(time.Duration(a.total * float64(time.Millisecond)))
	q.info(at, fmt.Sprintf("Completed 401 Unauthorized in %dms (ActiveRecord: %.1fms | Allocations: %d)", int(math.Round(a.total)), a.ar, a.alloc))
	b := &railsAct{controller: "Devise::SessionsController#new", format: format, params: a.params, template: "devise/sessions/new.html.erb", layout: "layouts/application", status: 422}
	r.timing(b, 14, 0.7, 0, 9_000)
	b.ar = 0
	at = at.Add(time.Duration(g.between(200, 900)) * time.Microsecond)
	q.info(at, fmt.Sprintf("Processing by %s as %s", b.controller, b.format))
	q.info(at, "  Parameters: "+b.params)
	// The rest of #new is serve's rendering, without its Started and Processing lines.
	return r.renderRest(q, at, b)
}

// renderRest writes a rendering action's lines after its Parameters.
func (r *railsLog) renderRest(q *railsReq, at time.Time, a *railsAct) time.Time {
	tmplMs := a.viewMs * 0.6
	layoutMs := a.viewMs * 1.01
	T := math.Max(a.total, layoutMs*1.05+0.3)
	ms := func(share float64) time.Time { return at.Add(time.Duration(T * share * float64(time.Millisecond))) }
	q.dbg(ms(0.42), "  Rendering layout "+a.layout+".html.erb")
	q.dbg(ms(0.42), "  Rendering "+a.template+" within "+a.layout)
	q.info(ms(0.8), fmt.Sprintf("  Rendered %s within %s (Duration: %.1fms | Allocations: %d)", a.template, a.layout, tmplMs, int(float64(a.alloc)*0.37)))
	q.info(ms(0.92), fmt.Sprintf("  Rendered layout %s.html.erb (Duration: %.1fms | Allocations: %d)", a.layout, layoutMs, int(float64(a.alloc)*0.71)))
	q.info(ms(1), fmt.Sprintf("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", a.status, railsStatus[a.status], int(math.Round(T)), a.viewMs, a.ar, a.alloc))
	return ms(1)
}

// checkout is POST /checkout: the order is charged through the payment gateway, then the
// customer is sent to the order's page; a declined card renders the form again.
func (r *railsLog) checkout(q *railsReq, t time.Time, a *railsAct, user int) time.Time {
	g := r.g
	number := fmt.Sprintf("R%09d", g.between(100_000_000, 999_999_999))
	saved := g.chance(0.35) // a saved card: captured by its payment method id
	a.method, a.path, a.controller, a.format = "POST", "/checkout", "CheckoutController#create", "TURBO_STREAM"
	if saved {
		a.params = railsParams(railsToken, `"order"=>{"shipping_method_id"=>"`+strconv.Itoa(g.between(1, 4))+`", "payment_method_id"=>"pm_`+g.hex(14)+`"}`)
	} else {
		a.params = railsParams(railsToken, `"order"=>{"shipping_method_id"=>"`+strconv.Itoa(g.between(1, 4))+`", "payment_token"=>"[FILTERED]"}`)
	}
	a.pre = append(r.session(user), "TRANSACTION (0.2ms)  BEGIN",
		r.sql("Order Create", `INSERT INTO "orders" ("number", "user_id", "cart_id", "state", "total_cents", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"`, fmt.Sprintf(`[["number", "%s"], ["user_id", %d], ["cart_id", %d], ["state", "pending"], ["total_cents", %d], ["created_at", "%s"], ["updated_at", "%s"]]`, number, user, 880_000+g.intn(90_000), g.between(1500, 42000), t.Format("2006-01-02 15:04:05.000000"), t.Format("2006-01-02 15:04:05.000000")), 0.9),
		r.sql("TRANSACTION", "COMMIT", "", 1.2))
	r.timing(a, 30, 0, 0.5, 36_000)
	gateway := g.lognormal(520, 0.35) // ms waiting for the gateway
	timeout := false
	if q.tr.incident == railsGateway {
		x := t.Sub(r.gwAt).Seconds() / (6 * time.Minute).Seconds()
		// The gateway degrades within a minute and recovers in its last half minute.
		p := math.Min(1, x*6) * math.Min(1, (1-x)*12)
		if g.chance(0.9 * p) {
			timeout, gateway = true, 15_000+g.lognormal(20, 0.5)
		} else {
			gateway *= 1 + 20*p*g.rng.Float64()
		}
	}
	a.total += gateway
	switch {
	case timeout && saved:
		a.status, a.exc = 500, "Net::ReadTimeout (Net::ReadTimeout with #<TCPSocket:(closed)>)"
		a.trace = []string{
			"app/services/payment_gateway/client.rb:88:in `request'",
			"app/services/payment_gateway/client.rb:41:in `capture'",
			"app/models/order.rb:152:in `capture_payment!'",
			"app/controllers/checkout_controller.rb:29:in `create'",
		}
	case timeout:
		a.status, a.template, a.layout = 502, "checkout/show.html.erb", "layouts/application"
		a.viewMs = g.lognormal(16, 0.3)
		a.total += a.viewMs
		a.logs = []railsAppLog{{"ERROR", (a.total - a.viewMs - 2) / a.total, fmt.Sprintf("Payment gateway timeout: Net::ReadTimeout with #<TCPSocket:(closed)> (POST https://api.paygate.example/v2/charges, order %s, %.1fs)", number, gateway/1000)}}
	case g.chance(0.03):
		a.status, a.template, a.layout = 422, "checkout/show.html.erb", "layouts/application"
		a.viewMs = g.lognormal(16, 0.3)
		a.total += a.viewMs
		a.logs = []railsAppLog{{"INFO", (a.total - a.viewMs - 2) / a.total, fmt.Sprintf("Payment declined for order %s: card_declined (insufficient_funds)", number)}}
	default:
		a.status, a.redirect = 303, railsHost+"/orders/"+number
	}
	end := r.serve(q, t, a)
	if timeout && g.chance(0.5) { // the customer tries again
		retry := end.Add(time.Duration(g.between(8, 60)) * time.Second)
		r.request(retry, railsCheckoutCreate, q.ip, routine, true)
	}
	return end
}

// poolRequest is a request that needs a database connection while the pool is
// exhausted: it waits, and fails after 5 s without one.
func (r *railsLog) poolRequest(q *railsReq, t time.Time, a *railsAct, kind int) time.Time {
	g := r.g
	x := t.Sub(r.poolAt).Seconds() / (10 * time.Minute).Seconds()
	s := math.Min(1, x*8) * math.Min(1, (1-x)*15) // a minute to build up, 40 s to drain
	if g.chance(0.1 + 0.4*s) {
		a.template, a.layout, a.redirect, a.halted, a.view, a.views = "", "", "", "", nil, false
		waited := 5.0 + float64(g.between(0, 3))/1000
		a.total = 5000 + g.lognormal(4, 0.6)
		a.ar, a.alloc, a.status = 0, g.between(1800, 3200), 500
		a.exc = fmt.Sprintf("ActiveRecord::ConnectionTimeoutError (could not obtain a connection from the pool within 5.000 seconds (waited %.3f seconds); all pooled connections were in use)", waited)
		// The first query needs the connection: the cart of a visitor who has one, or the
		// action's own.
		a.trace = railsPoolTraces[kind]
		if a.trace == nil || g.chance(0.5) {
			a.trace = []string{"app/controllers/application_controller.rb:27:in `current_cart'", "app/controllers/application_controller.rb:19:in `set_cart_count'"}
		}
		if kind == railsAPIProduct || kind == railsAPIInventory {
			a.trace = []string{"app/controllers/api/v1/base_controller.rb:14:in `authenticate_client!'"}
		}
		a.pre = nil
		return r.serve(q, t, a)
	}
	extra := g.lognormal(300+2600*s, 0.5)
	a.ar += extra
	a.total += extra
	return r.serve(q, t, a)
}

// railsPoolTraces is where each action first needs a connection of its own.
var railsPoolTraces = map[int][]string{
	railsShow:           {"app/controllers/products_controller.rb:71:in `set_product'"},
	railsIndex:          {"app/controllers/products_controller.rb:12:in `index'"},
	railsSearch:         {"app/models/product.rb:58:in `search'", "app/controllers/search_controller.rb:8:in `index'"},
	railsHome:           {"app/controllers/home_controller.rb:6:in `index'"},
	railsCheckoutCreate: {"app/models/order.rb:88:in `block in place!'", "app/models/order.rb:85:in `place!'", "app/controllers/checkout_controller.rb:18:in `create'"},
}

func (r *railsLog) health(t time.Time, lb string) {
	q := r.newReq(t, lb, routine)
	q.debug = false // the health check's controller logs nothing more at debug
	a := &railsAct{method: "GET", path: "/up", controller: "Rails::HealthController#show", format: "HTML", status: 200, views: true}
	a.total = r.g.lognormal(0.7, 0.4)
	a.viewMs = a.total * 0.3
	a.alloc = r.g.between(150, 190)
	r.serve(q, t, a)
}

// routingError is a request for a path the application has no route for.
func (r *railsLog) routingError(t time.Time, ip, path string) {
	q := r.newReq(t, ip, routine)
	method := "GET"
	if path == "/xmlrpc.php" || path == "/boaform/admin/formLogin" || r.g.chance(0.05) {
		method = "POST"
	}
	q.info(t, fmt.Sprintf(`Started %s "%s" for %s at %s`, method, path, ip, t.Format("2006-01-02 15:04:05 -0700")))
	q.fatal(t.Add(time.Duration(r.g.between(300, 1500))*time.Microsecond), fmt.Sprintf(`ActionController::RoutingError (No route matches [%s] "%s")`, method, path), nil, nil)
}

// scan is a vulnerability scanner trying a burst of paths.
func (r *railsLog) scan(t time.Time) {
	g := r.g
	ip := g.publicIP()
	n := g.between(6, 30)
	for i := 0; i < n; i++ {
		if !r.down(t) {
			r.routingError(t, ip, pick(g, railsScanPaths))
		}
		t = t.Add(time.Duration(g.between(80, 2500)) * time.Millisecond)
	}
}

// templateError is an order page whose shipping method was deleted.
func (r *railsLog) templateError(t time.Time) {
	if r.down(t) {
		return
	}
	g := r.g
	tr := r.truthAt(t, railsOrder, routine)
	if tr.incident != "" {
		return
	}
	q := r.newReq(t, r.visitor(), tr)
	number := fmt.Sprintf("R%09d", g.between(100_000_000, 999_999_999))
	a := &railsAct{method: "GET", path: "/orders/" + number, controller: "OrdersController#show", format: "HTML", status: 500,
		params: railsParams(railsKV("id", number)), template: "orders/show.html.erb", layout: "layouts/application"}
	r.timing(a, 28, 0.4, 0.3, 14_000)
	a.exc = "ActionView::Template::Error (undefined method `name' for nil)"
	a.source = []string{
		"    19:     <dl class=\"order-details\">",
		"    20:       <dt>Placed</dt>",
		"    21:       <dd><%= l(@order.created_at, format: :long) %></dd>",
		"    22:       <dt>Shipping</dt>",
		"    23:       <dd><%= @order.shipping_method.name %> (<%= number_to_currency(@order.shipping_total) %>)</dd>",
		"    24:       <dt>Payment</dt>",
		"    25:       <dd><%= @order.payment_summary %></dd>",
	}
	a.trace = []string{"app/views/orders/show.html.erb:23"}
	r.serve(q, t, a)
}

// scraper is a price scraper crawling product pages at 3 a second for 3 minutes; Rack::
// Attack throttles it past 300 requests in a 5-minute period.
func (r *railsLog) scraper(t time.Time) {
	g := r.g
	ip := g.publicIP()
	for end := t.Add(3 * time.Minute); t.Before(end); t = t.Add(time.Duration(g.between(200, 460)) * time.Millisecond) {
		key := fmt.Sprintf("req/ip:%s:%d", ip, t.Unix()/300)
		r.throttled[key]++
		if r.throttled[key] > 300 {
			r.throttle(t, ip, "GET", "/products/"+strconv.Itoa(r.product()), "req/ip", routine)
			continue
		}
		r.request(t, railsShow, ip, routine, false)
	}
}

// throttle is a request Rack::Attack answers 429 before Rails routes it.
func (r *railsLog) throttle(t time.Time, ip, method, path, rule string, tr truth) {
	q := r.newReq(t, ip, tr)
	q.info(t, fmt.Sprintf(`Started %s "%s" for %s at %s`, method, path, ip, t.Format("2006-01-02 15:04:05 -0700")))
	q.log("WARN", t.Add(time.Duration(r.g.between(100, 600))*time.Microsecond), fmt.Sprintf("Rack::Attack throttled request: %s %s %s %s", rule, ip, method, path))
}

// recommendations is the lazy Turbo frame of a product page once the flag is on.
func (r *railsLog) recommendations(t time.Time, ip, product string) {
	if r.down(t) || !t.Before(r.end) {
		return
	}
	q := r.newReq(t, ip, r.recs.truth())
	a := &railsAct{method: "GET", path: "/products/" + product + "/recommendations", controller: "RecommendationsController#index", format: "HTML", status: 200,
		params: railsParams(railsKV("product_id", product)), template: "recommendations/index.html.erb", layout: "layouts/turbo_rails/frame"}
	r.timing(a, 34, 0.45, 0.35, 17_000)
	r.serve(q, t, a)
}

// campaignVisit is a newsletter reader landing on the campaign page and browsing on.
func (r *railsLog) campaignVisit(t time.Time) {
	g := r.g
	tr := r.campaign.truth()
	ip := g.publicIP()
	q := r.newReq(t, ip, tr)
	source := pick(g, []string{"newsletter", "newsletter", "newsletter", "instagram"})
	medium := map[string]string{"newsletter": "email", "instagram": "social"}[source]
	a := &railsAct{method: "GET", path: fmt.Sprintf("/campaigns/summer?utm_source=%s&utm_medium=%s&utm_campaign=summer24", source, medium), controller: "CampaignsController#show", format: "HTML", status: 200,
		params: railsParams(railsKV("utm_source", source), railsKV("utm_medium", medium), railsKV("utm_campaign", "summer24"), railsKV("id", "summer")), template: "campaigns/show.html.erb", layout: "layouts/application"}
	r.timing(a, 65, 0.55, 0.2, 41_000)
	a.pre = append(r.session(0), r.sql("Campaign Load", `SELECT "campaigns".* FROM "campaigns" WHERE "campaigns"."slug" = $1 LIMIT $2`, `[["slug", "summer"], ["LIMIT", 1]]`, 0.3))
	a.view = []string{r.sql("Product Load", `SELECT "products".* FROM "products" INNER JOIN "campaign_products" ON "products"."id" = "campaign_products"."product_id" WHERE "campaign_products"."campaign_id" = $1`, `[["campaign_id", 31]]`, 1.4), r.collection("products/_card.html.erb", 16)}
	at := r.serve(q, t, a)
	for n := g.between(0, 4); n > 0; n-- {
		at = at.Add(time.Duration(g.lognormal(35, 0.6) * float64(time.Second)))
		if !at.Before(r.end) || r.down(at) {
			return
		}
		kind := railsShow
		switch u := g.rng.Float64(); {
		case u < 0.2:
			kind = railsCartAdd
		case u < 0.25:
			kind = railsCart
		}
		at = r.request(at, kind, ip, tr, true)
	}
}

// restart is the deploy's Puma restart: a graceful stop, then the boot of the new
// release.
func (r *railsLog) restart() {
	g := r.g
	tr := r.deploy.truth()
	at := r.deploy.start
	r.j.add(tr, at, "- Gracefully stopping, waiting for requests to finish")
	at = at.Add(time.Duration(g.between(40, 400)) * time.Millisecond)
	r.j.add(tr, at, "=== puma shutdown: "+at.Format("2006-01-02 15:04:05 -0700")+" ===", "- Goodbye!")
	at = r.bootAt.Add(-time.Duration(g.between(60, 140)) * time.Millisecond)
	r.j.add(tr, at, "Puma starting in single mode...",
		`* Puma version: 6.4.2 (ruby 3.3.1-p55) ("The Eagle of Durango")`,
		"*  Min threads: 5",
		"*  Max threads: 5",
		"*  Environment: production",
		fmt.Sprintf("*          PID: %d", r.newPID))
	r.j.add(tr, r.bootAt, "* Listening on http://0.0.0.0:3000", "Use Ctrl-C to stop")
}

// warmUp is the post-deploy task crawling the most visited pages through localhost.
func (r *railsLog) warmUp() {
	g := r.g
	tr := r.deploy.truth()
	at := r.bootAt.Add(time.Duration(20_000+g.intn(5000)) * time.Millisecond)
	at = r.request(at, railsHome, "127.0.0.1", tr, false)
	for i := 0; i < 260; i++ {
		at = at.Add(time.Duration(g.between(50, 300)) * time.Millisecond)
		kind := railsShow
		if i < 12 {
			kind = railsIndex
		}
		at = r.request(at, kind, "127.0.0.1", tr, false)
	}
}

// logLevel is an engineer changing the log level from the admin pages.
func (r *railsLog) logLevel(t time.Time, from, to string) {
	tr := r.debug.truth()
	q := r.newReq(t, railsOfficeIP, tr)
	q.debug, q.dtr = from == "debug", tr
	a := &railsAct{method: "POST", path: "/admin/log_level", controller: "Admin::LogLevelsController#update", format: "TURBO_STREAM", status: 302,
		params: railsParams(railsToken, railsKV("level", to)), redirect: railsHost + "/admin/settings"}
	r.timing(a, 4, 0, 0.2, 2400)
	a.pre = r.session(3)
	a.logs = []railsAppLog{{"WARN", 0.6, fmt.Sprintf("Log level changed from %s to %s by ops@shop.example.com", from, to)}}
	r.serve(q, t, a)
}

// flipper is a feature flag turned on or off in the Flipper UI, a Rack app mounted in
// the routes: Rails logs its Started lines only.
func (r *railsLog) flipper(tr truth, t time.Time, feature string) {
	q := r.newReq(t, railsOfficeIP, tr)
	q.debug = false
	q.info(t, fmt.Sprintf(`Started POST "/admin/flipper/features/%s/boolean" for %s at %s`, feature, railsOfficeIP, t.Format("2006-01-02 15:04:05 -0700")))
	t = t.Add(time.Duration(r.g.between(90, 400)) * time.Millisecond)
	q = r.newReq(t, railsOfficeIP, tr)
	q.debug = false
	q.info(t, fmt.Sprintf(`Started GET "/admin/flipper/features/%s" for %s at %s`, feature, railsOfficeIP, t.Format("2006-01-02 15:04:05 -0700")))
}

// stuffing is the credential stuffing: three addresses fetch the sign-in page and post
// a password list, Rack::Attack throttling each past 5 posts in 20 s.
func (r *railsLog) stuffing() {
	g := r.g
	tr := incident(railsStuffing)
	first := g.intn(3)
	wins := [3]bool{}
	wins[first], wins[(first+1+g.intn(2))%3] = true, true
	for i := 0; i < 3; i++ {
		ip := fmt.Sprintf("185.220.%d.%d", 100+i*3, g.between(2, 250))
		at := r.stuffAt.Add(time.Duration(g.intn(8000)) * time.Millisecond)
		winAt := at.Add(time.Duration(g.between(20, 160)) * time.Second)
		for end := r.stuffAt.Add(3*time.Minute + 10*time.Second); at.Before(end); {
			q := r.newReq(at, ip, tr)
			a := &railsAct{method: "GET", path: "/users/sign_in", controller: "Devise::SessionsController#new", format: "HTML", status: 200, template: "devise/sessions/new.html.erb", layout: "layouts/application"}
			r.timing(a, 22, 0.6, 0.1, 12_000)
			at = r.serve(q, at, a).Add(time.Duration(g.between(80, 400)) * time.Millisecond)
			key := fmt.Sprintf("logins/ip:%s:%d", ip, at.Unix()/20)
			r.throttled[key]++
			if r.throttled[key] > 5 {
				r.throttle(at, ip, "POST", "/users/sign_in", "logins/ip", tr)
			} else {
				ok := wins[i] && !at.Before(winAt)
				if ok {
					wins[i] = false
				}
				at = r.signIn(r.newReq(at, ip, tr), at, "HTML", ok)
			}
			at = at.Add(time.Duration(g.between(300, 1100)) * time.Millisecond)
		}
	}
}
