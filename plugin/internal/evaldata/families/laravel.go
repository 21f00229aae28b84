package families

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// laravel is a shop written in Laravel 11 on PHP 8.3: a Deployment of three pods behind
// the nginx ingress, each running php-fpm (pool www, pm dynamic, pm.max_children 20,
// start 5, spare 4-10, pm.max_requests 500, request_slowlog_timeout 5 s with the slow log
// on stderr, request_terminate_timeout 30 s), two queue workers (`queue:work redis
// --max-time=3600`) and the scheduler (`schedule:work`, its tasks onOneServer) under
// supervisord. MySQL for the data, Redis for sessions, cache and queues, Stripe for
// payments, Postmark for mail, a carriers' rate API for delivery estimates and shipping
// options, the ERP for orders. One file holds what the pods write, interleaved: Laravel's
// log (monolog's line format, Laravel 11's defaults: no empty context or extra, the
// exception with its stack trace and previous exceptions written over several lines,
// ending in `"} `; the collector drops empty lines), php-fpm's error log and slow log,
// supervisord's log, and the entrypoint's artisan output when a pod starts:
//
//	[2024-07-15 09:00:01] production.INFO: Request handled {"method":"GET","uri":"/products/hario-v60-dripper-02","status":200,"duration_ms":58.31,"user_id":null,"ip":"91.23.4.5"}
//	[2024-07-15 09:00:01] production.INFO: Processing: App\Jobs\SendOrderConfirmation {"job_id":"0f6c...","queue":"emails","attempt":1}
//	[2024-07-15 10:12:03] production.ERROR: SQLSTATE[HY000] [1040] Too many connections (Connection: mysql, SQL: select ...) {"exception":"[object] (Illuminate\\Database\\QueryException(code: 1040): ... at /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:813)
//	[stacktrace]
//	#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(767): Illuminate\\Database\\Connection->runQueryCallback('select * from `...', Array, Object(Closure))
//	[15-Jul-2024 09:14:47] NOTICE: [pool www] child 24121 exited with code 0 after 2617.318204 seconds from start
//	2024-07-15 09:41:12,118 INFO exited: queue-worker_00 (exit status 0; expected)
//
// Normal traffic, 9 lines a second at 09:00 rising through the morning to about 20 (the
// new release and the flag add lines to every product page): visitors land on the
// home page, a category or a product from a search engine, browse products (a tenth of
// them rebuilt in the cache), search, add to the cart (422s on quantities, 419s on expired
// pages), sign in (wrong passwords logged at NOTICE), view the cart and check out: a
// delivery estimate and shipping options from the carriers' API, the Stripe payment
// intent with its duration (some cards declined, some with 3-D Secure), the order, the
// confirmation e-mail, invoice and ERP jobs on the queue, and Stripe's webhooks. Guests
// sent from /checkout and /account to /login (302), dead links and scanners (404), the
// mobile app and a partner on the API, crawlers. The scheduler every minute (unpaid
// orders), 5 minutes (inventory sync and the search index jobs it dispatches, shipment
// notifications), 10 minutes (abandoned-cart reminders) and hourly (sitemap, token
// pruning). php-fpm recycles a child every few minutes per pod (pm.max_requests) and
// spawns one now and then; the queue workers restart every hour. What recurs: a product
// card that fails to render on one category page (a ViewException with its trace), the
// ERP timing out on an order now and then (the job retried), slow queries on order
// histories (and a slow log when one passes 5 s), the search engine falling back to the
// database, uploads over post_max_size, the back office's order export that is slow, and
// once in a while runs out of memory or past the 30 s limit.
//
// Benign changes:
//   - 0:52, release 2024.07.15-1 rolled out pod by pod: each new pod runs its migrations
//     (the first new one; the others have nothing to migrate) and `artisan optimize`,
//     supervisord starts php-fpm, the workers and the scheduler; the old pod gets SIGTERM
//     and stops. The release brings gift wrapping (POST /cart/gift-wrap, "Gift wrap
//     added") and product recommendations ("Recommendations served"); those lines carry
//     the change from then on.
//   - 1:31, the review-summaries feature flag turned on in the back office: product pages
//     dispatch GenerateReviewSummary on the new ai queue (the language model's tokens and
//     duration, now and then a rate limit and a retry) and serve the summaries once made.
//   - 1:44 for 40 minutes, the summer sale newsletter: visitors from the e-mail land on
//     the sale category and the home page (utm parameters), twice the usual visits at the
//     peak, more carts and orders with coupon SUMMER24; the app opened from the e-mail.
//     The campaign's visits and what they cause carry the change.
//
// Incidents:
//   - 0:14 for about 3.5 minutes, MySQL at max_connections: a growing share of the
//     connections refused with SQLSTATE[HY000] [1040] Too many connections; the requests
//     that open one fail with a QueryException and its PDOException (both traces) and a
//     500, visitors reload; jobs fail the same way and are released; the unpaid-orders
//     command fails.
//   - 0:30 for about 16 minutes, the mail provider's server token revoked: every order
//     confirmation, shipment notification and cart reminder fails with Postmark's
//     HttpTransportException (a trace per attempt), is released, and after its third
//     attempt lands in failed_jobs (Failed:, and a CRITICAL for the order e-mails); the
//     token restored, `queue:retry all` sends them again.
//   - 1:08 for about 6.5 minutes, the carriers' rate API hanging: product pages with a
//     delivery estimate (more and more of them as the cached estimates expire), carts
//     and checkouts wait on it (a 20 s timeout and one retry); php-fpm spawns children
//     up to pm.max_children and reaches it, stops the spare ones between waves; every
//     such request past 5 s in the slow log, those past 30 s killed (execution timed
//     out, SIGTERM, a new child) without a line from Laravel, the others' durations
//     climbing; visitors reload.
//   - 2:36 for about 11 minutes, Stripe failing: payment intents answered with 500s or
//     connections timing out after 10 s (twice); every checkout fails with the Stripe
//     exception's trace, a warning and a redirect back, slow logs for the timeouts;
//     customers try again, and succeed once it is over.
var laravel = Family{
	Name:    "laravel",
	Role:    Tuning,
	Service: "Laravel 11 shop on PHP 8.3 FPM, three Kubernetes pods: monolog lines with multi-line exception traces, php-fpm error and slow log, supervisord and artisan output",
	Lines:   laravelLines,
}

const (
	lvDBFull    = "MySQL max_connections reached: SQLSTATE[HY000] [1040] Too many connections, 500s on pages and the API, jobs and a scheduled command failing"
	lvMailToken = "mail provider's server token revoked: order and shipment e-mails failing on every attempt, jobs ending in failed_jobs"
	lvShipHang  = "carriers' rate API hanging: php-fpm children all stuck on it, pm.max_children reached, slow logs, requests killed at 30 s"
	lvStripe    = "Stripe answering 500s and timing out: every checkout failing, customers retrying"
)

const (
	lvTS     = "2006-01-02 15:04:05"
	lvFPMTS  = "02-Jan-2006 15:04:05"
	lvSupTS  = "2006-01-02 15:04:05,000"
	lvFW     = "/var/www/html/vendor/laravel/framework/src/Illuminate/"
	lvVendor = "/var/www/html/vendor/"
	lvApp    = "/var/www/html/app/"
	lvIndex  = "/var/www/html/public/index.php"
	lvNewRel = "2024.07.15-1"
	lvUTM    = "?utm_source=newsletter&utm_medium=email&utm_campaign=summer-sale-24"
)

type lvProduct struct {
	id        int
	slug, sku string
	cat       string
	price     float64
	reviews   int
	sale      bool
}

// lvPod is one pod of the Deployment; the rollout replaces the first three with three
// new ones.
type lvPod struct {
	up, down time.Time // serving from up (php-fpm ready) until down (SIGTERM)
	fresh    bool      // runs the new release
	next     int       // the pid the pod's next process gets
	events   []*lvFPMEvent
}

func (p *lvPod) serving(t time.Time) bool { return !t.Before(p.up) && t.Before(p.down) }

// lvFPMEvent is what php-fpm's master sees of a request: one that kept a child busy for
// over a second (its slow log past 5 s, killed past 30 s), or one whose child wrote to
// stderr.
type lvFPMEvent struct {
	at     time.Time
	dur    time.Duration
	killed bool
	method string
	stack  []string // the slow log's frames, innermost first
	stderr string
	tr     truth
	child  *lvChild
}

type lvChild struct {
	pid  int
	born time.Time
	held bool
}

// lvVisit is a visitor's session on the shop.
type lvVisit struct {
	ip       string
	user     int
	email    string
	postcode string // known from the account or a cookie: product pages estimate delivery
	cart     []*lvProduct
	last     *lvProduct // the product viewed last
	tr       truth
	failed   truth // the truth of the last failed request, for a reload
	camp     bool
	done     bool
	app      bool // the mobile app (API routes)
}

// lvHit is one request as the app serves it.
type lvHit struct {
	l      *lvLog
	v      *lvVisit
	p      *lvPod
	at     time.Time
	tr     truth
	method string
	uri    string
	inner  []string // the frames from the controller action out to the router
	auth   bool
	api    bool
	slow   []string // the slow log's frames if it takes long
}

type lvLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	pods       []*lvPod

	products []*lvProduct
	popular  []float64 // cumulative weights of products
	sale     []*lvProduct
	byCat    map[string][]*lvProduct
	orders   map[int]bool

	deploy, flag, campaign                change
	campEnd                               time.Time
	dbAt, dbFix, mailAt, mailFix, retryAt time.Time
	shipAt, shipFix, stripeAt, stripeFix  time.Time
	failedMail                            []*lvJob
	lastOrder                             int
	views                                 []lvView // product views once the flag is on
	addrs                                 uint64
	brokenCat                             string
	migrated                              int
}

// lvView is a product page viewed after the review-summaries flag went on; the
// summaries are worked out once every view is known.
type lvView struct {
	at time.Time
	pr *lvProduct
	tr truth
}

func laravelLines(seed int64) []Line {
	start := time.Date(2024, 7, 15, 9, 0, 0, 0, time.UTC)
	g := newGen(seed, 25)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo, hi))*time.Second)
	}
	l := &lvLog{g: g, j: &journal{}, start: start, end: start.Add(Length), orders: map[int]bool{}, byCat: map[string][]*lvProduct{}}
	l.dbAt = at(14, 0, 50)
	l.dbFix = l.dbAt.Add(3*time.Minute + l.ms(15_000, 50_000))
	l.mailAt = at(30, 0, 50)
	l.mailFix = l.mailAt.Add(16*time.Minute + l.ms(-40_000, 40_000))
	l.retryAt = l.mailFix.Add(l.ms(100_000, 200_000))
	l.deploy = change{"rolling deploy of release 2024.07.15-1: pods replaced one by one, migrations, gift wrapping and recommendations", at(52, 0, 40)}
	l.shipAt = at(68, 0, 50)
	l.shipFix = l.shipAt.Add(6*time.Minute + l.ms(0, 50_000))
	l.flag = change{"feature flag review-summaries turned on: summaries generated on a new ai queue and served on product pages", at(91, 0, 50)}
	l.campaign = change{"summer sale newsletter: twice the visits on the sale category and the home page for 40 minutes, orders with a coupon", at(104, 0, 40)}
	l.campEnd = l.campaign.start.Add(40 * time.Minute)
	l.stripeAt = at(156, 0, 40)
	l.stripeFix = l.stripeAt.Add(11*time.Minute + l.ms(-30_000, 30_000))
	l.setup()
	l.rollout()
	l.workers()

	warm := start.Add(-15 * time.Minute)
	g.arrivals(warm, l.end, func(t time.Time) float64 { return 1.15 * l.traffic(t) }, func(t time.Time) {
		l.visit(routine, t, false)
	})
	g.arrivals(l.campaign.start, l.campEnd, func(time.Time) float64 { return 1.2 }, func(t time.Time) {
		if g.chance(l.campaignRate(t) / 1.2) {
			l.visit(l.campaign.truth(), t, true)
		}
	})
	g.arrivals(warm, l.end, func(t time.Time) float64 { return 1.1 * l.traffic(t) }, l.appCall)
	g.arrivals(warm, l.end, func(time.Time) float64 { return 0.35 }, l.partnerStock)
	g.arrivals(warm, l.end, func(time.Time) float64 { return 0.22 }, l.crawler)
	g.arrivals(start, l.end, func(time.Time) float64 { return 1.0 / 420 }, l.scanner)
	g.arrivals(start, l.end, func(time.Time) float64 { return 1.0 / 2400 }, l.adminExport)
	g.arrivals(start, l.end, func(time.Time) float64 { return 1.0 / 900 }, l.tooLarge)
	g.arrivals(start, l.end, func(time.Time) float64 { return 1.0 / 1500 }, l.otherWebhook)
	l.scheduler()
	l.flagOn()
	l.summaries()
	l.retryFailed()
	for _, p := range l.pods {
		l.fpm(p)
	}
	lines := l.j.sorted(l.end)
	for len(lines) > 0 && lines[0].At.Before(start) {
		lines = lines[1:]
	}
	return lines
}

func (l *lvLog) ms(lo, hi int) time.Duration {
	return time.Duration(l.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (l *lvLog) secs(median, sigma float64) time.Duration {
	return time.Duration(l.g.lognormal(median, sigma) * float64(time.Second))
}

func msOf(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

func durOf(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// traffic is the shop's Monday morning: visits rising from 09:00 to noon.
func (l *lvLog) traffic(t time.Time) float64 {
	m := t.Sub(l.start).Minutes()
	return (0.78 + 0.42*rampUp(t, l.start, 170*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/19) + 0.04*math.Sin(2*math.Pi*m/6.1))
}

// campaignRate is the newsletter's visits: opened within minutes of the send, fading
// over the next half hour.
func (l *lvLog) campaignRate(t time.Time) float64 {
	if !t.Before(l.campEnd) {
		return 0
	}
	return 1.0 * rampUp(t, l.campaign.start, 4*time.Minute) * (1 - 0.55*rampUp(t, l.campaign.start.Add(10*time.Minute), 30*time.Minute))
}

// podRate is about how many requests a second a pod serving at t gets.
func (l *lvLog) podRate(t time.Time) float64 {
	n := 0
	for _, p := range l.pods {
		if p.serving(t) {
			n++
		}
	}
	return (8.2*l.traffic(t) + 0.6 + 6*l.campaignRate(t)) / float64(max(n, 1))
}

// Catalogue --------------------------------------------------------------------------

var lvBrands = []string{"bialetti", "hario", "chemex", "baratza", "fellow", "aeropress", "delonghi", "sage", "rancilio", "gaggia",
	"wilfa", "comandante", "timemore", "kalita", "bodum", "melitta", "moccamaster", "lelit", "eureka", "graef", "motta", "rhinowares"}

var lvItems = []struct {
	name, cat string
	price     float64
}{
	{"moka-express", "moka-pots", 34}, {"moka-induction", "moka-pots", 49}, {"v60-dripper", "pour-over", 24}, {"drip-kettle", "kettles", 79},
	{"electric-kettle", "kettles", 149}, {"burr-grinder", "coffee-grinders", 189}, {"hand-grinder", "coffee-grinders", 99},
	{"milk-jug", "milk-frothers", 19}, {"milk-frother", "milk-frothers", 89}, {"tamper", "accessories", 29}, {"coffee-scale", "accessories", 59},
	{"french-press", "pour-over", 39}, {"cold-brew-maker", "pour-over", 45}, {"espresso-machine", "espresso-machines", 649},
	{"knock-box", "accessories", 25}, {"filter-papers", "accessories", 7}, {"glass-carafe", "pour-over", 35}, {"travel-mug", "cups-mugs", 27},
	{"descaler", "cleaning", 12}, {"cleaning-tablets", "cleaning", 14}, {"portafilter", "espresso-machines", 69}, {"dosing-cup", "accessories", 18},
	{"espresso-cups", "cups-mugs", 32}, {"canister", "accessories", 22}, {"filter-machine", "coffee-machines", 229}, {"bean-to-cup", "coffee-machines", 799},
}

var lvVariants = []string{"", "", "3-cup", "6-cup", "9-cup", "02", "01", "black", "white", "steel", "copper", "1l", "600ml", "350ml", "pro", "mini", "plus", "v2", "matte-black", "polished"}

var lvQueries = []string{"moka pot", "v60", "grinder", "milk jug", "descaler", "espresso machine", "kettle", "chemex filter", "aeropress", "scale",
	"tamper 58mm", "cold brew", "filter papers", "travel mug", "bialetti", "hario", "gooseneck", "portafilter", "knock box", "decalcifier", "french press", "sage barista"}

var lvNames = []string{"anna", "lukas", "marie", "jonas", "sophie", "felix", "laura", "leon", "julia", "paul", "emma", "noah", "lena", "elias",
	"mia", "finn", "hannah", "ben", "lea", "tim", "sara", "david", "clara", "jan", "nina", "max", "eva", "tom", "ida", "oskar", "piotr", "chloe",
	"hugo", "ines", "marco", "giulia", "james", "olivia", "lars", "ingrid", "erik", "astrid", "martin", "petra", "stefan", "monika", "mehmet", "elif"}

var lvDomains = []string{"gmail.com", "gmail.com", "gmail.com", "web.de", "gmx.de", "outlook.com", "yahoo.com", "t-online.de", "icloud.com", "gmx.at", "bluewin.ch"}

var lvScans = []string{"/wp-login.php", "/.env", "/xmlrpc.php", "/wp-admin/setup-config.php", "/.git/config", "/phpinfo.php", "/admin/.env",
	"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/wp-content/plugins/wp-file-manager/readme.txt", "/config.json", "/.aws/credentials",
	"/backup.zip", "/server-status", "/telescope/requests", "/_ignition/execute-solution", "/storage/logs/laravel.log", "/.DS_Store", "/api/.env"}

var lvStripeIPs = []string{"3.18.12.63", "3.130.192.231", "13.235.14.237", "13.235.122.149", "18.211.135.69", "35.154.171.200", "52.15.183.38", "54.187.174.169"}

func (l *lvLog) setup() {
	g := l.g
	seen := map[string]bool{}
	for len(l.products) < 520 {
		it := pick(g, lvItems)
		b, v := pick(g, lvBrands), pick(g, lvVariants)
		slug := b + "-" + it.name
		if v != "" {
			slug += "-" + v
		}
		if seen[slug] {
			continue
		}
		seen[slug] = true
		id := 1000 + len(l.products)*3 + g.intn(3)
		p := &lvProduct{id: id, slug: slug, sku: fmt.Sprintf("%s-%05d", strings.ToUpper(b[:3]), id), cat: it.cat,
			price: round(it.price*g.lognormal(1, 0.2), 0) - 0.1, reviews: int(g.lognormal(9, 1.1)), sale: g.chance(0.14)}
		l.products = append(l.products, p)
		l.byCat[p.cat] = append(l.byCat[p.cat], p)
		if p.sale {
			l.sale = append(l.sale, p)
		}
	}
	// A few products are much more popular than the rest.
	total := 0.0
	for i := range l.products {
		total += 1 / float64(i+6)
		l.popular = append(l.popular, total)
	}
	// One product of the milk frothers' second page has a variant without a colour: its
	// card does not render.
	l.brokenCat = "milk-frothers"
	l.addrs = 0x7f3a00000000 + uint64(g.intn(1<<28))<<4
}

// product draws a product by its popularity, or, for the newsletter's visitors, most
// often one on sale.
func (l *lvLog) product(v *lvVisit) *lvProduct {
	if v != nil && v.camp && l.g.chance(0.7) {
		return pick(l.g, l.sale)
	}
	u := l.g.rng.Float64() * l.popular[len(l.popular)-1]
	i, _ := slices.BinarySearch(l.popular, u)
	return l.products[min(i, len(l.products)-1)]
}

var lvCats = []string{"coffee-machines", "espresso-machines", "coffee-grinders", "moka-pots", "pour-over", "kettles", "milk-frothers", "accessories", "cleaning", "cups-mugs"}

func (l *lvLog) email() string {
	return pick(l.g, lvNames) + "." + pick(l.g, lvNames) + "@" + pick(l.g, lvDomains)
}

// lvMask is an address as the shop's log shows it.
func lvMask(email string) string {
	at := strings.IndexByte(email, '@')
	return email[:1] + "***" + email[at:]
}

func (l *lvLog) signIn(v *lvVisit) {
	v.user = l.g.between(1, 61_800)
	v.email = l.email()
}

// Writing ----------------------------------------------------------------------------

// mono writes a record of Laravel's log: `[date] production.LEVEL: message context `,
// the context left out when empty (and the empty extra always).
func (l *lvLog) mono(tr truth, at time.Time, level, msg string, ctx ...field) {
	s := "[" + at.Format(lvTS) + "] production." + level + ": " + msg + " "
	if len(ctx) > 0 {
		s += jsonLine(ctx...)
	}
	l.j.add(tr, at.Truncate(time.Second), s+" ")
}

// fpmLog writes a line of php-fpm's error log; more follow it at the same time (a slow
// log entry).
func (l *lvLog) fpmLog(tr truth, at time.Time, level, msg string, more ...string) {
	l.j.add(tr, at.Truncate(time.Second), append([]string{"[" + at.Format(lvFPMTS) + "] " + level + ": " + msg}, more...)...)
}

func (l *lvLog) sup(tr truth, at time.Time, level, msg string) {
	l.j.add(tr, at.Truncate(time.Millisecond), at.Format(lvSupTS)+" "+level+" "+msg)
}

// lvExc is an exception as Laravel's log writes it, with the exception it wraps.
type lvExc struct {
	class, code, msg, at string
	frames               []string // innermost first, as getTraceAsString numbers them
	prev                 *lvExc
}

// lvEsc escapes what JSON escapes in the exception's string: the backslashes of class
// names and the quotes (the newlines monolog puts back as they were).
func lvEsc(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// report writes an exception as Laravel's handler reports it: the message, the context
// with the user's id, the exception and its stack trace, and each previous exception
// with its own.
func (l *lvLog) report(tr truth, at time.Time, level string, user int, e *lvExc) {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] production.%s: %s {", at.Format(lvTS), level, e.msg)
	if user > 0 {
		fmt.Fprintf(&b, `"userId":%d,`, user)
	}
	b.WriteString(`"exception":"`)
	for x := e; x != nil; x = x.prev {
		if x != e {
			b.WriteString("\n[previous exception] ")
		}
		fmt.Fprintf(&b, "[object] (%s(code: %s): %s at %s)\n[stacktrace]\n", lvEsc(x.class), x.code, lvEsc(x.msg), x.at)
		for i, f := range x.frames {
			fmt.Fprintf(&b, "#%d %s\n", i, lvEsc(f))
		}
		fmt.Fprintf(&b, "#%d {main}\n", len(x.frames))
	}
	b.WriteString(`"} `)
	var lines []string
	for _, s := range strings.Split(b.String(), "\n") {
		if strings.TrimSpace(s) != "" {
			lines = append(lines, s)
		}
	}
	l.j.add(tr, at.Truncate(time.Second), lines...)
}

// lvArg is a string argument as a PHP stack trace shows it: cut after 15 characters.
func lvArg(s string) string {
	if len(s) > 15 {
		return "'" + s[:15] + "...'"
	}
	return "'" + s + "'"
}

// Stack frames -----------------------------------------------------------------------

// lvMid is a middleware's frames in a trace: where it calls the rest of the pipeline,
// what lies between, and the pipeline calling it.
func lvMid(file string, line int, class string, via ...string) []string {
	f := []string{fmt.Sprintf(`%s(%d): Illuminate\Pipeline\Pipeline->Illuminate\Pipeline\{closure}(Object(Illuminate\Http\Request))`, file, line)}
	f = append(f, via...)
	return append(f, lvFW+`Pipeline/Pipeline.php(183): `+class+`->handle(Object(Illuminate\Http\Request), Object(Closure))`)
}

var (
	lvBindings = lvMid(lvFW+"Routing/Middleware/SubstituteBindings.php", 51, `Illuminate\Routing\Middleware\SubstituteBindings`)
	lvAuthMW   = lvMid(lvFW+"Auth/Middleware/Authenticate.php", 64, `Illuminate\Auth\Middleware\Authenticate`)
	// The web group, innermost first.
	lvWebMW = [][]string{
		lvMid(lvFW+"Foundation/Http/Middleware/VerifyCsrfToken.php", 88, `Illuminate\Foundation\Http\Middleware\ValidateCsrfToken`),
		lvMid(lvFW+"View/Middleware/ShareErrorsFromSession.php", 49, `Illuminate\View\Middleware\ShareErrorsFromSession`),
		lvMid(lvFW+"Session/Middleware/StartSession.php", 121, `Illuminate\Session\Middleware\StartSession`,
			lvFW+`Session/Middleware/StartSession.php(64): Illuminate\Session\Middleware\StartSession->handleStatefulRequest(Object(Illuminate\Http\Request), Object(Illuminate\Session\Store), Object(Closure))`),
		lvMid(lvFW+"Cookie/Middleware/AddQueuedCookiesToResponse.php", 37, `Illuminate\Cookie\Middleware\AddQueuedCookiesToResponse`),
		lvMid(lvFW+"Cookie/Middleware/EncryptCookies.php", 75, `Illuminate\Cookie\Middleware\EncryptCookies`),
	}
	lvThrottle = lvMid(lvFW+"Routing/Middleware/ThrottleRequests.php", 161, `Illuminate\Routing\Middleware\ThrottleRequests`,
		lvFW+`Routing/Middleware/ThrottleRequests.php(92): Illuminate\Routing\Middleware\ThrottleRequests->handleRequest(Object(Illuminate\Http\Request), Object(Closure), Array)`)
	lvRouterFrames = []string{
		lvFW + `Pipeline/Pipeline.php(119): Illuminate\Pipeline\Pipeline->Illuminate\Pipeline\{closure}(Object(Illuminate\Http\Request))`,
		lvFW + `Routing/Router.php(807): Illuminate\Pipeline\Pipeline->then(Object(Closure))`,
		lvFW + `Routing/Router.php(786): Illuminate\Routing\Router->runRouteWithinStack(Object(Illuminate\Routing\Route), Object(Illuminate\Http\Request))`,
		lvFW + `Routing/Router.php(750): Illuminate\Routing\Router->runRoute(Object(Illuminate\Http\Request), Object(Illuminate\Routing\Route))`,
		lvFW + `Routing/Router.php(739): Illuminate\Routing\Router->dispatchToRoute(Object(Illuminate\Http\Request))`,
		lvFW + `Foundation/Http/Kernel.php(201): Illuminate\Routing\Router->dispatch(Object(Illuminate\Http\Request))`,
		lvFW + `Pipeline/Pipeline.php(144): Illuminate\Foundation\Http\Kernel->Illuminate\Foundation\Http\{closure}(Object(Illuminate\Http\Request))`,
	}
	// The global middleware, innermost first: the app's request log, then Laravel's.
	lvGlobalMW = [][]string{
		lvMid(lvApp+"Http/Middleware/LogRequests.php", 24, `App\Http\Middleware\LogRequests`),
		lvMid(lvFW+"Foundation/Http/Middleware/TransformsRequest.php", 21, `Illuminate\Foundation\Http\Middleware\ConvertEmptyStringsToNull`,
			lvFW+`Foundation/Http/Middleware/ConvertEmptyStringsToNull.php(31): Illuminate\Foundation\Http\Middleware\TransformsRequest->handle(Object(Illuminate\Http\Request), Object(Closure))`),
		lvMid(lvFW+"Foundation/Http/Middleware/TransformsRequest.php", 21, `Illuminate\Foundation\Http\Middleware\TrimStrings`,
			lvFW+`Foundation/Http/Middleware/TrimStrings.php(51): Illuminate\Foundation\Http\Middleware\TransformsRequest->handle(Object(Illuminate\Http\Request), Object(Closure))`),
		lvMid(lvFW+"Http/Middleware/ValidatePostSize.php", 27, `Illuminate\Http\Middleware\ValidatePostSize`),
		lvMid(lvFW+"Foundation/Http/Middleware/PreventRequestsDuringMaintenance.php", 110, `Illuminate\Foundation\Http\Middleware\PreventRequestsDuringMaintenance`),
		lvMid(lvFW+"Http/Middleware/HandleCors.php", 49, `Illuminate\Http\Middleware\HandleCors`),
		lvMid(lvFW+"Http/Middleware/TrustProxies.php", 58, `Illuminate\Http\Middleware\TrustProxies`),
	}
	lvKernelFrames = []string{
		lvFW + `Pipeline/Pipeline.php(119): Illuminate\Pipeline\Pipeline->Illuminate\Pipeline\{closure}(Object(Illuminate\Http\Request))`,
		lvFW + `Foundation/Http/Kernel.php(176): Illuminate\Pipeline\Pipeline->then(Object(Closure))`,
		lvFW + `Foundation/Http/Kernel.php(145): Illuminate\Foundation\Http\Kernel->sendRequestThroughRouter(Object(Illuminate\Http\Request))`,
		lvFW + `Foundation/Application.php(1188): Illuminate\Foundation\Http\Kernel->handle(Object(Illuminate\Http\Request))`,
		lvIndex + `(17): Illuminate\Foundation\Application->handleRequest(Object(Illuminate\Http\Request))`,
	}
)

// lvCtrl is the frames of a controller action called by the router, innermost first.
func lvCtrl(ctrl, method, args string) []string {
	return []string{
		lvFW + `Routing/ControllerDispatcher.php(46): ` + ctrl + `->` + method + `(` + args + `)`,
		lvFW + `Routing/Route.php(260): Illuminate\Routing\ControllerDispatcher->dispatch(Object(Illuminate\Routing\Route), Object(` + ctrl + `), '` + method + `')`,
		lvFW + `Routing/Route.php(206): Illuminate\Routing\Route->runController()`,
		lvFW + `Routing/Router.php(808): Illuminate\Routing\Route->run()`,
	}
}

// web is the frames of the request below the controller: the route's middleware, the
// router, the global middleware and the kernel.
func (h *lvHit) web() []string {
	f := append([]string{}, h.inner...)
	f = append(f, lvFW+`Pipeline/Pipeline.php(144): Illuminate\Routing\Router->Illuminate\Routing\{closure}(Object(Illuminate\Http\Request))`)
	f = append(f, lvBindings...)
	if h.api {
		f = append(f, lvThrottle...)
	} else {
		if h.auth {
			f = append(f, lvAuthMW...)
		}
		for _, m := range lvWebMW {
			f = append(f, m...)
		}
	}
	f = append(f, lvRouterFrames...)
	for _, m := range lvGlobalMW {
		f = append(f, m...)
	}
	return append(f, lvKernelFrames...)
}

// lvConsole is the frames of an artisan command's handle() down to the artisan script.
func lvConsole(class, handle string) []string {
	return []string{
		lvFW + `Container/BoundMethod.php(36): ` + class + `->handle(` + handle + `)`,
		lvFW + `Container/Util.php(43): Illuminate\Container\BoundMethod::Illuminate\Container\{closure}()`,
		lvFW + `Container/BoundMethod.php(95): Illuminate\Container\Util::unwrapIfClosure(Object(Closure))`,
		lvFW + `Container/BoundMethod.php(35): Illuminate\Container\BoundMethod::callBoundMethod(Object(Illuminate\Foundation\Application), Array, Object(Closure))`,
		lvFW + `Container/Container.php(690): Illuminate\Container\BoundMethod::call(Object(Illuminate\Foundation\Application), Array, Array, NULL)`,
		lvFW + `Console/Command.php(213): Illuminate\Container\Container->call(Array)`,
		lvVendor + `symfony/console/Command/Command.php(279): Illuminate\Console\Command->execute(Object(Symfony\Component\Console\Input\ArgvInput), Object(Illuminate\Console\OutputStyle))`,
		lvFW + `Console/Command.php(182): Symfony\Component\Console\Command\Command->run(Object(Symfony\Component\Console\Input\ArgvInput), Object(Illuminate\Console\OutputStyle))`,
		lvVendor + `symfony/console/Application.php(1047): Illuminate\Console\Command->run(Object(Symfony\Component\Console\Input\ArgvInput), Object(Symfony\Component\Console\Output\ConsoleOutput))`,
		lvVendor + `symfony/console/Application.php(316): Symfony\Component\Console\Application->doRunCommand(Object(` + class + `), Object(Symfony\Component\Console\Input\ArgvInput), Object(Symfony\Component\Console\Output\ConsoleOutput))`,
		lvVendor + `symfony/console/Application.php(167): Symfony\Component\Console\Application->doRun(Object(Symfony\Component\Console\Input\ArgvInput), Object(Symfony\Component\Console\Output\ConsoleOutput))`,
		lvFW + `Foundation/Console/Kernel.php(197): Symfony\Component\Console\Application->run(Object(Symfony\Component\Console\Input\ArgvInput), Object(Symfony\Component\Console\Output\ConsoleOutput))`,
		lvFW + `Foundation/Application.php(1203): Illuminate\Foundation\Console\Kernel->handle(Object(Symfony\Component\Console\Input\ArgvInput), Object(Symfony\Component\Console\Output\ConsoleOutput))`,
		`/var/www/html/artisan(13): Illuminate\Foundation\Application->handleCommand(Object(Symfony\Component\Console\Input\ArgvInput))`,
	}
}

// lvWorker is the frames of a queued job's handle() as the queue worker runs it.
func lvWorker(job, handle, queues string) []string {
	f := []string{
		lvFW + `Container/BoundMethod.php(36): ` + job + `->handle(` + handle + `)`,
		lvFW + `Container/Util.php(43): Illuminate\Container\BoundMethod::Illuminate\Container\{closure}()`,
		lvFW + `Container/BoundMethod.php(95): Illuminate\Container\Util::unwrapIfClosure(Object(Closure))`,
		lvFW + `Container/BoundMethod.php(35): Illuminate\Container\BoundMethod::callBoundMethod(Object(Illuminate\Foundation\Application), Array, Object(Closure))`,
		lvFW + `Container/Container.php(690): Illuminate\Container\BoundMethod::call(Object(Illuminate\Foundation\Application), Array, Array, NULL)`,
		lvFW + `Bus/Dispatcher.php(128): Illuminate\Container\Container->call(Array)`,
		lvFW + `Pipeline/Pipeline.php(169): Illuminate\Bus\Dispatcher->Illuminate\Bus\{closure}(Object(` + job + `))`,
		lvFW + `Pipeline/Pipeline.php(126): Illuminate\Pipeline\Pipeline->Illuminate\Pipeline\{closure}(Object(` + job + `))`,
		lvFW + `Bus/Dispatcher.php(132): Illuminate\Pipeline\Pipeline->then(Object(Closure))`,
		lvFW + `Queue/CallQueuedHandler.php(123): Illuminate\Bus\Dispatcher->dispatchNow(Object(` + job + `), false)`,
		lvFW + `Pipeline/Pipeline.php(169): Illuminate\Queue\CallQueuedHandler->Illuminate\Queue\{closure}(Object(` + job + `))`,
		lvFW + `Pipeline/Pipeline.php(126): Illuminate\Pipeline\Pipeline->Illuminate\Pipeline\{closure}(Object(` + job + `))`,
		lvFW + `Queue/CallQueuedHandler.php(122): Illuminate\Pipeline\Pipeline->then(Object(Closure))`,
		lvFW + `Queue/CallQueuedHandler.php(70): Illuminate\Queue\CallQueuedHandler->dispatchThroughMiddleware(Object(Illuminate\Queue\Jobs\RedisJob), Object(` + job + `))`,
		lvFW + `Queue/Jobs/Job.php(102): Illuminate\Queue\CallQueuedHandler->call(Object(Illuminate\Queue\Jobs\RedisJob), Array)`,
		lvFW + `Queue/Worker.php(441): Illuminate\Queue\Jobs\Job->fire()`,
		lvFW + `Queue/Worker.php(391): Illuminate\Queue\Worker->process('redis', Object(Illuminate\Queue\Jobs\RedisJob), Object(Illuminate\Queue\WorkerOptions))`,
		lvFW + `Queue/Worker.php(177): Illuminate\Queue\Worker->runJob(Object(Illuminate\Queue\Jobs\RedisJob), 'redis', Object(Illuminate\Queue\WorkerOptions))`,
		lvFW + `Queue/Console/WorkCommand.php(137): Illuminate\Queue\Worker->daemon('redis', ` + lvArg(queues) + `, Object(Illuminate\Queue\WorkerOptions))`,
		lvFW + `Queue/Console/WorkCommand.php(120): Illuminate\Queue\Console\WorkCommand->runWorker('redis', ` + lvArg(queues) + `)`,
	}
	return append(f, lvConsole(`Illuminate\Queue\Console\WorkCommand`, "")...)
}

// lvQuery is the first query of a request, job or command, the one that opens the
// connection: its SQL with the bindings in place, as QueryException shows it, how it was
// called, and the frame that called it.
type lvQuery struct {
	sql, shape, site string
}

func lvQueryFrames(q lvQuery) []string {
	a := lvArg(q.sql)
	f := []string{
		lvFW + `Database/Connection.php(767): Illuminate\Database\Connection->runQueryCallback(` + a + `, Array, Object(Closure))`,
		lvFW + `Database/Connection.php(398): Illuminate\Database\Connection->run(` + a + `, Array, Object(Closure))`,
		lvFW + `Database/Query/Builder.php(3133): Illuminate\Database\Connection->select(` + a + `, Array, true)`,
		lvFW + `Database/Query/Builder.php(3118): Illuminate\Database\Query\Builder->runSelect()`,
		lvFW + `Database/Query/Builder.php(3706): Illuminate\Database\Query\Builder->Illuminate\Database\Query\{closure}()`,
		lvFW + `Database/Query/Builder.php(3117): Illuminate\Database\Query\Builder->onceWithColumns(Array, Object(Closure))`,
	}
	switch q.shape {
	case "paginate":
		f = append(f, lvFW+`Database/Query/Builder.php(3304): Illuminate\Database\Query\Builder->get(Array)`,
			lvFW+`Database/Query/Builder.php(3262): Illuminate\Database\Query\Builder->runPaginationCountQuery(Array)`,
			lvFW+`Database/Eloquent/Builder.php(1017): Illuminate\Database\Query\Builder->getCountForPagination()`)
	default:
		f = append(f, lvFW+`Database/Eloquent/Builder.php(872): Illuminate\Database\Query\Builder->get(Array)`,
			lvFW+`Database/Eloquent/Builder.php(854): Illuminate\Database\Eloquent\Builder->getModels(Array)`)
		if q.shape != "get" {
			f = append(f, lvFW+`Database/Concerns/BuildsQueries.php(333): Illuminate\Database\Eloquent\Builder->get(Array)`)
		}
		if q.shape == "firstOrFail" {
			f = append(f, lvFW+`Database/Eloquent/Builder.php(620): Illuminate\Database\Eloquent\Builder->first(Array)`)
		}
	}
	return append(f, q.site)
}

// lvTooMany is the QueryException of a connection MySQL refused, with the PDOException
// it wraps; below is the frames under the query's caller.
func lvTooMany(q lvQuery, below []string) *lvExc {
	frames := append(lvQueryFrames(q), below...)
	a := lvArg(q.sql)
	connect := []string{
		lvFW + `Database/Connectors/Connector.php(65): PDO->__construct('mysql:host=mysq...', 'shop', Object(SensitiveParameterValue), Array)`,
		lvFW + `Database/Connectors/Connector.php(44): Illuminate\Database\Connectors\Connector->createPdoConnection('mysql:host=mysq...', 'shop', Object(SensitiveParameterValue), Array)`,
		lvFW + `Database/Connectors/MySqlConnector.php(24): Illuminate\Database\Connectors\Connector->createConnection('mysql:host=mysq...', Array, Array)`,
		lvFW + `Database/Connectors/ConnectionFactory.php(185): Illuminate\Database\Connectors\MySqlConnector->connect(Array)`,
		`[internal function]: Illuminate\Database\Connectors\ConnectionFactory->Illuminate\Database\Connectors\{closure}()`,
		lvFW + `Database/Connection.php(1231): call_user_func(Object(Closure))`,
		lvFW + `Database/Connection.php(1267): Illuminate\Database\Connection->getPdo()`,
		lvFW + `Database/Connection.php(512): Illuminate\Database\Connection->getReadPdo()`,
		lvFW + `Database/Connection.php(404): Illuminate\Database\Connection->getPdoForSelect(true)`,
		lvFW + `Database/Connection.php(813): Illuminate\Database\Connection->Illuminate\Database\{closure}(` + a + `, Array)`,
	}
	const refused = "SQLSTATE[HY000] [1040] Too many connections"
	return &lvExc{class: `Illuminate\Database\QueryException`, code: "1040", msg: refused + " (Connection: mysql, SQL: " + q.sql + ")",
		at: lvFW + "Database/Connection.php:813", frames: frames,
		prev: &lvExc{class: "PDOException", code: "1040", msg: refused, at: lvFW + "Database/Connectors/Connector.php:65", frames: append(connect, frames...)}}
}

// lvSlowFrames are the slow log's frames (function, then where it was called), the
// 20 innermost.
func (l *lvLog) slowLog(pid int, at time.Time, frames []string) []string {
	out := []string{"[" + at.Format(lvFPMTS) + "]  [pool www] pid " + fmt.Sprint(pid), "script_filename = " + lvIndex}
	a := l.addrs + uint64(l.g.intn(1<<20))<<4
	for i, f := range frames {
		if i == 20 {
			break
		}
		out = append(out, fmt.Sprintf("[0x%016x] %s", a, f))
		a -= uint64(0x60 + 0x10*l.g.intn(6))
	}
	return out
}

var (
	lvSlowRoute = []string{
		"dispatch() " + lvFW + "Routing/Route.php:260",
		"runController() " + lvFW + "Routing/Route.php:206",
		"run() " + lvFW + "Routing/Router.php:808",
		`Illuminate\Routing\{closure}() ` + lvFW + "Pipeline/Pipeline.php:144",
		`Illuminate\Pipeline\{closure}() ` + lvFW + "Routing/Middleware/SubstituteBindings.php:51",
		"handle() " + lvFW + "Pipeline/Pipeline.php:183",
		`Illuminate\Pipeline\{closure}() ` + lvFW + "Foundation/Http/Middleware/VerifyCsrfToken.php:88",
		"handle() " + lvFW + "Pipeline/Pipeline.php:183",
	}
	// The carriers' rate API, through Laravel's HTTP client and Guzzle.
	lvSlowShip = []string{
		"curl_exec() " + lvVendor + "guzzlehttp/guzzle/src/Handler/CurlHandler.php:44",
		"__invoke() " + lvVendor + "guzzlehttp/guzzle/src/Handler/Proxy.php:28",
		`GuzzleHttp\Handler\{closure}() ` + lvVendor + "guzzlehttp/guzzle/src/Handler/Proxy.php:48",
		`GuzzleHttp\Handler\{closure}() ` + lvFW + "Http/Client/PendingRequest.php:1184",
		`Illuminate\Http\Client\{closure}() ` + lvFW + "Http/Client/PendingRequest.php:1151",
		`Illuminate\Http\Client\{closure}() ` + lvFW + "Http/Client/PendingRequest.php:1167",
		`Illuminate\Http\Client\{closure}() ` + lvVendor + "guzzlehttp/guzzle/src/PrepareBodyMiddleware.php:64",
		"__invoke() " + lvVendor + "guzzlehttp/guzzle/src/Middleware.php:38",
		`GuzzleHttp\{closure}() ` + lvVendor + "guzzlehttp/guzzle/src/RedirectMiddleware.php:71",
		"__invoke() " + lvVendor + "guzzlehttp/guzzle/src/Middleware.php:66",
		`GuzzleHttp\{closure}() ` + lvVendor + "guzzlehttp/guzzle/src/HandlerStack.php:75",
		"__invoke() " + lvVendor + "guzzlehttp/guzzle/src/Client.php:333",
		"transfer() " + lvVendor + "guzzlehttp/guzzle/src/Client.php:169",
		"requestAsync() " + lvVendor + "guzzlehttp/guzzle/src/Client.php:189",
		"request() " + lvFW + "Http/Client/PendingRequest.php:1015",
		"sendRequest() " + lvFW + "Http/Client/PendingRequest.php:918",
		`Illuminate\Http\Client\{closure}() ` + lvFW + "Support/helpers.php:328",
		"retry() " + lvFW + "Http/Client/PendingRequest.php:907",
		"send() " + lvFW + "Http/Client/PendingRequest.php:795",
		"get() " + lvApp + "Services/Shipping/RateClient.php:41",
	}
	// Stripe's payment intents, through stripe-php's curl client.
	lvSlowStripe = append([]string{
		"curl_exec() " + lvVendor + "stripe/stripe-php/lib/HttpClient/CurlClient.php:630",
		"executeRequestWithRetries() " + lvVendor + "stripe/stripe-php/lib/HttpClient/CurlClient.php:571",
		"executeStreamingRequestWithRetries() " + lvVendor + "stripe/stripe-php/lib/HttpClient/CurlClient.php:289",
		"request() " + lvVendor + "stripe/stripe-php/lib/HttpClient/CurlClient.php:246",
		"_requestRaw() " + lvVendor + "stripe/stripe-php/lib/ApiRequestor.php:509",
		"request() " + lvVendor + "stripe/stripe-php/lib/ApiRequestor.php:131",
		"request() " + lvVendor + "stripe/stripe-php/lib/BaseStripeClient.php:258",
		"request() " + lvVendor + "stripe/stripe-php/lib/Service/AbstractService.php:75",
		"create() " + lvVendor + "stripe/stripe-php/lib/Service/PaymentIntentService.php:164",
		"charge() " + lvApp + "Services/Payments/StripeGateway.php:48",
		"store() " + lvApp + "Http/Controllers/CheckoutController.php:71",
		"store() " + lvFW + "Routing/ControllerDispatcher.php:46",
	}, lvSlowRoute...)
)

// lvSlowSQL is the slow log of a request waiting on MySQL in a query called at site.
func lvSlowSQL(site, action string) []string {
	return append([]string{
		"execute() " + lvFW + "Database/Connection.php:420",
		`Illuminate\Database\{closure}() ` + lvFW + "Database/Connection.php:813",
		"runQueryCallback() " + lvFW + "Database/Connection.php:767",
		"run() " + lvFW + "Database/Connection.php:398",
		"select() " + lvFW + "Database/Query/Builder.php:3133",
		"runSelect() " + lvFW + "Database/Query/Builder.php:3118",
		`Illuminate\Database\Query\{closure}() ` + lvFW + "Database/Query/Builder.php:3706",
		"onceWithColumns() " + lvFW + "Database/Query/Builder.php:3117",
		"get() " + lvFW + "Database/Eloquent/Builder.php:872",
		"getModels() " + lvFW + "Database/Eloquent/Builder.php:854",
		site,
		action + "() " + lvFW + "Routing/ControllerDispatcher.php:46",
	}, lvSlowRoute...)
}

// Requests ---------------------------------------------------------------------------

// podAt is the pod the ingress sends a request at t to: any that is serving.
func (l *lvLog) podAt(t time.Time) *lvPod {
	i := l.g.weighted(len(l.pods), func(i int) float64 {
		if l.pods[i].serving(t) {
			return 1
		}
		return 0
	})
	return l.pods[max(i, 0)]
}

func (l *lvLog) begin(v *lvVisit, t time.Time, method, uri string) *lvHit {
	return &lvHit{l: l, v: v, p: l.podAt(t), at: t, tr: v.tr, method: method, uri: uri}
}

func (h *lvHit) ctrl(class, method, args string) *lvHit {
	h.inner = lvCtrl(`App\Http\Controllers\`+class, method, args)
	return h
}

// log writes one of the request's own lines, ms into it.
func (h *lvHit) log(ms float64, level, msg string, ctx ...field) {
	h.l.mono(h.tr, h.at.Add(durOf(ms)), level, msg, ctx...)
}

// end writes the request log middleware's line and returns when the response went out;
// php-fpm sees a request that held its child over a second.
func (h *lvHit) end(status int, ms float64) time.Time {
	l := h.l
	done := h.at.Add(durOf(ms))
	level := "INFO"
	if status >= 500 {
		level = "ERROR"
	}
	var user any
	if h.v.user > 0 {
		user = h.v.user
	}
	l.mono(h.tr, done, level, "Request handled", field{"method", h.method}, field{"uri", h.uri}, field{"status", status},
		field{"duration_ms", round(ms, 2)}, field{"user_id", user}, field{"ip", h.v.ip})
	if ms > 1000 {
		l.fpmEvent(h.p, &lvFPMEvent{at: h.at, dur: done.Sub(h.at), method: h.method, stack: h.slow, tr: h.tr})
	}
	if status >= 500 {
		h.v.failed = h.tr
	}
	return done
}

// kill is a request php-fpm killed at 30 s: nothing more from Laravel, nginx answers
// 502.
func (h *lvHit) kill() time.Time {
	d := 30*time.Second + h.l.ms(0, 900)
	h.l.fpmEvent(h.p, &lvFPMEvent{at: h.at, dur: d, killed: true, method: h.method, stack: h.slow, tr: h.tr})
	h.v.failed = h.tr
	return h.at.Add(d)
}

func (l *lvLog) fpmEvent(p *lvPod, e *lvFPMEvent) { p.events = append(p.events, e) }

// dbRefuses says whether MySQL refuses the connection a request at t opens; share is how
// often the request needs one (the rest is served from the cache).
func (l *lvLog) dbRefuses(t time.Time, share float64) bool {
	if t.Before(l.dbAt) || !t.Before(l.dbFix) {
		return false
	}
	level := 0.35 * rampUp(t, l.dbAt, 50*time.Second) * (1 - rampUp(t, l.dbFix.Add(-50*time.Second), 50*time.Second))
	return l.g.chance(level * share)
}

// db fails the request when MySQL refuses its connection: the exception and a 500.
func (h *lvHit) db(share float64, q lvQuery) bool {
	l := h.l
	if !l.dbRefuses(h.at, share) {
		return false
	}
	h.tr = incident(lvDBFull)
	ms := l.g.lognormal(9, 0.4)
	l.report(h.tr, h.at.Add(durOf(ms)), "ERROR", h.v.user, lvTooMany(q, h.web()))
	h.end(500, ms+l.g.lognormal(16, 0.3))
	return true
}

// shipTrouble is how far into the rate API's hang t is: 0 before, rising to 1 as the
// cached estimates expire, 0 once it answers again.
func (l *lvLog) shipTrouble(t time.Time) float64 {
	if t.Before(l.shipAt) || !t.Before(l.shipFix) {
		return 0
	}
	return rampUp(t, l.shipAt, 5*time.Minute)
}

// shipWait is how long the carriers' rate API keeps a request at t waiting over calls
// calls, and whether that is the hang's doing. Hanging, a call times out after 20 s and
// is tried once more.
func (l *lvLog) shipWait(t time.Time, calls int) (time.Duration, bool) {
	s := 0.0
	if !t.Before(l.shipAt) && t.Before(l.shipFix) {
		s = rampUp(t, l.shipAt, 100*time.Second)
	}
	var w time.Duration
	for i := 0; i < calls; i++ {
		switch {
		case s > 0 && l.g.chance(0.8*s):
			w += 20*time.Second + l.ms(200, 260)
			if l.g.chance(0.8 * s) {
				w += 20 * time.Second
			} else {
				w += l.secs(3, 0.7)
			}
		default:
			w += durOf(l.g.lognormal(115*(1+45*s), 0.5))
		}
	}
	return w, s > 0
}

// Visits -----------------------------------------------------------------------------

func (l *lvLog) visit(tr truth, t time.Time, camp bool) {
	g := l.g
	v := &lvVisit{ip: g.publicIP(), tr: tr, camp: camp}
	// The postcode from the account, a cookie or the address's location.
	v.postcode = fmt.Sprintf("%03d", g.between(10, 999))
	if g.chance(0.3) {
		l.signIn(v)
	}
	pages := 1
	if !g.chance(0.36) {
		pages = 2 + int(g.rng.ExpFloat64()*5.5)
	}
	if camp {
		pages++
	}
	for i := 0; i < pages && !v.done; i++ {
		if !t.Before(l.end) {
			return
		}
		var page func(time.Time) (time.Time, int)
		if i == 0 {
			page = l.landing(v)
		} else {
			page = l.next(v)
		}
		end, st := page(t)
		// An error page: some reload it a few seconds later.
		for try := 0; (st == 0 || st >= 500) && try < 2 && !v.done && g.chance(0.55); try++ {
			saved := v.tr
			if v.failed.incident != "" {
				v.tr = v.failed
			}
			end, st = page(end.Add(l.ms(2500, 9000)))
			v.tr = saved
		}
		if st == 0 || st >= 500 {
			return
		}
		t = end.Add(l.secs(15, 0.8))
	}
}

func (l *lvLog) landing(v *lvVisit) func(time.Time) (time.Time, int) {
	g := l.g
	if v.camp {
		if g.chance(0.4) {
			return func(t time.Time) (time.Time, int) { return l.home(v, t, "/"+lvUTM) }
		}
		return func(t time.Time) (time.Time, int) { return l.category(v, t, "summer-sale", 1, lvUTM) }
	}
	switch x := g.rng.Float64(); {
	case x < 0.3:
		return func(t time.Time) (time.Time, int) { return l.home(v, t, "/") }
	case x < 0.52:
		c := pick(g, lvCats)
		return func(t time.Time) (time.Time, int) { return l.category(v, t, c, 1, "") }
	case x < 0.92:
		p := l.product(v)
		return func(t time.Time) (time.Time, int) { return l.productPage(v, t, p) }
	default:
		q := pick(g, lvQueries)
		return func(t time.Time) (time.Time, int) { return l.search(v, t, q) }
	}
}

// next is the visitor's next page.
func (l *lvLog) next(v *lvVisit) func(time.Time) (time.Time, int) {
	g := l.g
	if len(v.cart) > 0 && g.chance(0.06) {
		return func(t time.Time) (time.Time, int) { return l.checkout(v, t) }
	}
	w := []float64{0.42, 0.18, 0.1, 0.05, 0, 0, 0, 0, 0, 0.008, 0.01, 0}
	if v.last != nil {
		w[4] = 0.09
	}
	if len(v.cart) > 0 {
		w[5], w[11] = 0.06, 0.02
	}
	if v.user > 0 {
		w[6], w[8] = 0.03, 0.008
	} else {
		w[7] = 0.015
	}
	switch g.weighted(len(w), func(i int) float64 { return w[i] }) {
	case 0:
		p := l.product(v)
		return func(t time.Time) (time.Time, int) { return l.productPage(v, t, p) }
	case 1:
		c, page := pick(g, lvCats), 1
		if v.camp && g.chance(0.6) {
			c = "summer-sale"
		}
		if g.chance(0.3) {
			page = 2 + g.intn(3)
		}
		return func(t time.Time) (time.Time, int) { return l.category(v, t, c, page, "") }
	case 2:
		q := pick(g, lvQueries)
		return func(t time.Time) (time.Time, int) { return l.search(v, t, q) }
	case 3:
		return func(t time.Time) (time.Time, int) { return l.home(v, t, "/") }
	case 4:
		p := v.last
		return func(t time.Time) (time.Time, int) { return l.cartAdd(v, t, p) }
	case 5:
		return func(t time.Time) (time.Time, int) { return l.cartPage(v, t) }
	case 6:
		return func(t time.Time) (time.Time, int) { return l.account(v, t) }
	case 7:
		return func(t time.Time) (time.Time, int) {
			t, _ = l.loginPage(v, t)
			return l.loginPost(v, t.Add(l.secs(9, 0.5)))
		}
	case 8:
		return func(t time.Time) (time.Time, int) {
			h := l.begin(v, t, "POST", "/logout")
			done := h.end(302, l.g.lognormal(19, 0.3))
			v.user, v.done = 0, true
			return done, 302
		}
	case 9:
		return func(t time.Time) (time.Time, int) { return l.newsletter(v, t) }
	case 10:
		return func(t time.Time) (time.Time, int) { return l.deadLink(v, t) }
	default:
		return func(t time.Time) (time.Time, int) { return l.giftWrap(v, t) }
	}
}

func (l *lvLog) home(v *lvVisit, t time.Time, uri string) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", uri).ctrl("HomeController", "index", "")
	if h.db(0.12, lvQuery{"select * from `banners` where `active` = 1 order by `position` asc", "get",
		lvApp + `Http/Controllers/HomeController.php(21): Illuminate\Database\Eloquent\Builder->get()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(36, 0.4)
	if g.chance(0.03) {
		h.log(ms*0.6, "INFO", "Cache miss", field{"key", "home:banners:v2"}, field{"store", "redis"}, field{"rebuilt_ms", round(g.lognormal(21, 0.3), 2)})
		ms += 21
	}
	return h.end(200, ms), 200
}

func (l *lvLog) category(v *lvVisit, t time.Time, slug string, page int, utm string) (time.Time, int) {
	g := l.g
	uri := "/category/" + slug
	if page > 1 {
		uri += fmt.Sprintf("?page=%d", page)
	} else {
		uri += utm
	}
	h := l.begin(v, t, "GET", uri).ctrl("CategoryController", "show", lvArg(slug))
	catID := 3 + slices.Index(lvCats, slug)
	if slug == "summer-sale" {
		catID = 41
	}
	if h.db(0.7, lvQuery{fmt.Sprintf("select count(*) as aggregate from `products` where `category_id` = %d and `active` = 1 and `products`.`deleted_at` is null", catID), "paginate",
		lvApp + `Http/Controllers/CategoryController.php(34): Illuminate\Database\Eloquent\Builder->paginate(24)`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(68, 0.45)
	if g.chance(0.15) {
		h.log(ms*0.5, "INFO", "Cache miss", field{"key", fmt.Sprintf("category:%d:page:%d", catID, page)}, field{"store", "redis"}, field{"rebuilt_ms", round(g.lognormal(34, 0.4), 2)})
		ms += 30
	}
	if slug == l.brokenCat && page == 4 && g.chance(0.25) {
		// The card of a variant without a colour, on the last page unless sorted by
		// price: the view fails.
		ms += g.lognormal(40, 0.3)
		l.viewError(h, ms)
		h.end(500, ms+g.lognormal(22, 0.3))
		return h.at.Add(durOf(ms)), 500
	}
	v.last = nil
	return h.end(200, ms), 200
}

// viewError is the broken product card's ViewException and the ErrorException it wraps.
func (l *lvLog) viewError(h *lvHit, ms float64) {
	view := "/var/www/html/storage/framework/views/8c1f02d7e4b95a3e61c0f7d2a9b4e6c1.php"
	render := []string{
		lvFW + `View/Engines/PhpEngine.php(58): Illuminate\Filesystem\Filesystem->getRequire('/var/www/html/s...', Array)`,
		lvFW + `View/Engines/CompilerEngine.php(74): Illuminate\View\Engines\PhpEngine->evaluatePath('/var/www/html/s...', Array)`,
		lvFW + `View/View.php(207): Illuminate\View\Engines\CompilerEngine->get('/var/www/html/r...', Array)`,
		lvFW + `View/View.php(190): Illuminate\View\View->getContents()`,
		lvFW + `View/View.php(159): Illuminate\View\View->renderContents()`,
		lvFW + `Http/Response.php(79): Illuminate\View\View->render()`,
		lvFW + `Http/Response.php(35): Illuminate\Http\Response->setContent(Object(Illuminate\View\View))`,
		lvFW + `Routing/Router.php(920): Illuminate\Http\Response->__construct(Object(Illuminate\View\View), 200, Array)`,
		lvFW + `Routing/Router.php(887): Illuminate\Routing\Router::toResponse(Object(Illuminate\Http\Request), Object(Illuminate\View\View))`,
		lvFW + `Routing/Router.php(809): Illuminate\Routing\Router->prepareResponse(Object(Illuminate\Http\Request), Object(Illuminate\View\View))`,
	}
	outer := *h
	outer.inner = render
	below := outer.web() // the rendering, then the route's middleware and the rest
	top := []string{
		lvFW + `View/Engines/PhpEngine.php(60): Illuminate\View\Engines\CompilerEngine->handleViewException(Object(ErrorException), 1)`,
		lvFW + `Filesystem/Filesystem.php(123): require('/var/www/html/s...')`,
		lvFW + `Filesystem/Filesystem.php(124): Illuminate\Filesystem\Filesystem::Illuminate\Filesystem\{closure}()`,
	}
	inner := []string{
		lvFW + `Foundation/Bootstrap/HandleExceptions.php(256): Illuminate\Foundation\Bootstrap\HandleExceptions->handleError(2, 'Undefined array...', '/var/www/html/s...', 14)`,
		view + `(14): Illuminate\Foundation\Bootstrap\HandleExceptions->Illuminate\Foundation\Bootstrap\{closure}(2, 'Undefined array...', '/var/www/html/s...', 14)`,
		lvFW + `Filesystem/Filesystem.php(123): require('/var/www/html/s...')`,
		lvFW + `Filesystem/Filesystem.php(124): Illuminate\Filesystem\Filesystem::Illuminate\Filesystem\{closure}()`,
	}
	msg := `Undefined array key "color"`
	e := &lvExc{class: `Illuminate\View\ViewException`, code: "0", msg: msg + " (View: /var/www/html/resources/views/components/product-card.blade.php)",
		at: view + ":14", frames: append(top, below...),
		prev: &lvExc{class: "ErrorException", code: "0", msg: msg, at: view + ":14", frames: append(inner, below...)}}
	l.report(h.tr, h.at.Add(durOf(ms)), "ERROR", h.v.user, e)
}

func (l *lvLog) productPage(v *lvVisit, t time.Time, p *lvProduct) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", "/products/"+p.slug).ctrl("ProductController", "show", lvArg(p.slug))
	if h.db(0.5, lvQuery{"select * from `products` where `slug` = " + p.slug + " and `products`.`deleted_at` is null limit 1", "firstOrFail",
		lvApp + `Http/Controllers/ProductController.php(27): Illuminate\Database\Eloquent\Builder->firstOrFail()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(52, 0.45)
	miss := g.chance(0.1)
	// A delivery estimate for the visitor's postcode, unless one is cached (a failed
	// lookup is not: while the API hangs, the cached ones run out).
	estimate := v.postcode != "" && g.chance(0.45+0.55*l.shipTrouble(t))
	var wait time.Duration
	if estimate {
		var hung bool
		if wait, hung = l.shipWait(t, 1); hung {
			h.tr = incident(lvShipHang)
		}
		h.slow = lvSlowShip
	}
	if miss {
		h.log(ms*0.4, "INFO", "Cache miss", field{"key", fmt.Sprintf("product:%d:v4", p.id)}, field{"store", "redis"}, field{"rebuilt_ms", round(g.lognormal(17, 0.4), 2)})
		ms += 17
	}
	if estimate {
		if float64(wait)/float64(time.Millisecond)+ms > 30_000 {
			return h.kill(), 0
		}
		ms += msOf(wait)
		h.log(ms-8, "INFO", "Delivery estimate fetched", field{"postcode", v.postcode}, field{"carrier", pick(g, []string{"dhl", "dhl", "dpd", "gls"})},
			field{"eta", l.start.AddDate(0, 0, 1+g.intn(3)).Format("2006-01-02")}, field{"duration_ms", msOf(wait)})
	}
	if h.p.fresh {
		// The new release recommends what others bought.
		rtr := h.tr
		if rtr.incident == "" {
			rtr = later(rtr, l.deploy.truth())
		}
		l.mono(rtr, h.at.Add(durOf(ms*0.8)), "INFO", "Recommendations served", field{"product_id", p.id}, field{"strategy", pick(g, []string{"also-bought", "also-bought", "similar"})},
			field{"count", 8}, field{"took_ms", round(g.lognormal(6, 0.4), 2)})
		ms += 6
	}
	if !t.Before(l.flag.start) {
		l.views = append(l.views, lvView{at: h.at.Add(durOf(ms * 0.7)), pr: p, tr: h.tr})
	}
	v.last = p
	return h.end(200, ms), 200
}

func (l *lvLog) deadLink(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	slug := pick(g, lvBrands) + "-" + pick(g, lvItems).name + "-" + pick(g, []string{"2019", "2020", "2021", "limited", "set", "bundle"})
	h := l.begin(v, t, "GET", "/products/"+slug)
	return h.end(404, g.lognormal(24, 0.3)), 200
}

func (l *lvLog) search(v *lvVisit, t time.Time, q string) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", "/search?q="+strings.ReplaceAll(q, " ", "+")).ctrl("SearchController", "index", "Object(App\\Http\\Requests\\SearchRequest)")
	if h.db(0.8, lvQuery{"select * from `products` where `products`.`id` in (" + fmt.Sprint(l.product(nil).id, ", ", l.product(nil).id, ", ", l.product(nil).id) + ") and `products`.`deleted_at` is null", "get",
		lvVendor + `laravel/scout/src/Searchable.php(438): Illuminate\Database\Eloquent\Builder->get()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(95, 0.5)
	if g.chance(1.0 / 300) {
		// Meilisearch did not answer in time: a LIKE over the catalogue.
		h.log(1005, "WARNING", "Search engine unavailable, falling back to the database", field{"engine", "meilisearch"},
			field{"error", "cURL error 28: Operation timed out after 1001 milliseconds with 0 bytes received (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for http://meilisearch:7700/indexes/products/search"})
		q := l.g.lognormal(2600, 0.5)
		ms = 1010 + q
		h.slow = lvSlowSQL("get() "+lvApp+"Http/Controllers/SearchController.php:41", "index")
		h.log(ms-5, "WARNING", "Slow query", field{"connection", "mysql"}, field{"time_ms", round(q, 2)},
			field{"sql", "select * from `products` where (`name` like ? or `description` like ?) and `active` = ? and `products`.`deleted_at` is null limit 48"})
	} else {
		h.log(ms*0.9, "INFO", "Search performed", field{"q", q}, field{"hits", g.between(0, 60)}, field{"engine", "meilisearch"}, field{"processing_ms", g.between(1, 14)})
	}
	return h.end(200, ms), 200
}

func (l *lvLog) cartAdd(v *lvVisit, t time.Time, p *lvProduct) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "POST", "/cart/items").ctrl("CartItemController", "store", "Object(App\\Http\\Requests\\AddToCartRequest)")
	switch x := g.rng.Float64(); {
	case x < 0.008: // the page was left open: CSRF token expired
		return h.end(419, g.lognormal(14, 0.3)), 419
	case x < 0.045: // more than is in stock
		return h.end(422, g.lognormal(31, 0.3)), 422
	}
	if h.db(1, lvQuery{"select * from `carts` where `token` = " + g.uuid() + " limit 1", "first",
		lvApp + `Http/Controllers/CartItemController.php(29): Illuminate\Database\Eloquent\Builder->first()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(58, 0.35)
	qty := 1
	if g.chance(0.12) {
		qty = 2 + g.intn(2)
	}
	h.log(ms*0.8, "INFO", "Cart item added", field{"cart_id", g.uuid()}, field{"product_id", p.id}, field{"sku", p.sku}, field{"qty", qty})
	v.cart = append(v.cart, p)
	return h.end(200, ms), 200
}

// giftWrap is the new release's gift wrapping, from the cart.
func (l *lvLog) giftWrap(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	if t.Before(l.pods[2].down) { // the old frontend, without it
		return l.cartPage(v, t)
	}
	h := l.begin(v, t, "POST", "/cart/gift-wrap")
	if h.tr.incident == "" {
		h.tr = later(h.tr, l.deploy.truth())
	}
	ms := g.lognormal(41, 0.3)
	if g.chance(0.06) {
		return h.end(422, ms), 422
	}
	h.log(ms*0.8, "INFO", "Gift wrap added", field{"cart_id", g.uuid()}, field{"items", len(v.cart)}, field{"price", "3.50"}, field{"message", g.chance(0.4)})
	return h.end(200, ms), 200
}

// shipRates is the shipping options for the cart: the carriers' API, calls carriers.
func (l *lvLog) shipRates(h *lvHit, v *lvVisit, ms float64, calls int) (float64, bool) {
	wait, hung := l.shipWait(h.at, calls)
	if hung {
		h.tr = incident(lvShipHang)
	}
	h.slow = lvSlowShip
	if float64(wait)/float64(time.Millisecond)+ms > 30_000 {
		return 0, false
	}
	ms += msOf(wait)
	carriers := []string{"dhl", "dpd"}
	if calls > 1 {
		carriers = []string{"dhl", "dpd", "ups"}
	}
	postcode := v.postcode
	if postcode == "" {
		postcode = fmt.Sprintf("%03d", l.g.between(10, 999))
	}
	h.log(ms-5, "INFO", "Shipping rates fetched", field{"postcode", postcode}, field{"carriers", carriers}, field{"options", 2 + l.g.intn(3)}, field{"duration_ms", msOf(wait)})
	return ms, true
}

func (l *lvLog) cartPage(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", "/cart").ctrl("CartController", "index", "")
	if h.db(0.9, lvQuery{"select * from `carts` where `token` = " + g.uuid() + " limit 1", "first",
		lvApp + `Http/Controllers/CartController.php(22): Illuminate\Database\Eloquent\Builder->first()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms, ok := l.shipRates(h, v, g.lognormal(44, 0.4), 1)
	if !ok {
		return h.kill(), 0
	}
	return h.end(200, ms), 200
}

func (l *lvLog) account(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", "/account/orders").ctrl("AccountOrderController", "index", "Object(Illuminate\\Http\\Request)")
	h.auth = true
	if h.db(1, lvQuery{fmt.Sprintf("select count(*) as aggregate from `orders` where `orders`.`user_id` = %d and `orders`.`user_id` is not null", v.user), "paginate",
		lvApp + `Http/Controllers/AccountOrderController.php(18): Illuminate\Database\Eloquent\Builder->paginate(10)`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms := g.lognormal(88, 0.6)
	if g.chance(0.05) {
		// A customer with years of orders: the history query is slow.
		q := g.lognormal(1900, 0.6)
		ms += q
		h.slow = lvSlowSQL("paginate() "+lvApp+"Http/Controllers/AccountOrderController.php:18", "index")
		h.log(ms-10, "WARNING", "Slow query", field{"connection", "mysql"}, field{"time_ms", round(q, 2)},
			field{"sql", "select * from `orders` where `orders`.`user_id` = ? and `orders`.`user_id` is not null order by `created_at` desc limit 10 offset 0"})
	}
	return h.end(200, ms), 200
}

func (l *lvLog) newsletter(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "POST", "/newsletter")
	if g.chance(0.15) {
		return h.end(422, g.lognormal(26, 0.3)), 422
	}
	ms := g.lognormal(48, 0.3)
	h.log(ms*0.8, "INFO", "Newsletter subscription requested", field{"email", lvMask(l.email())}, field{"double_opt_in", true})
	return h.end(302, ms), 302
}

func (l *lvLog) loginPage(v *lvVisit, t time.Time) (time.Time, int) {
	h := l.begin(v, t, "GET", "/login")
	return h.end(200, l.g.lognormal(22, 0.3)), 200
}

// loginPost signs the visitor in, after a wrong password now and then.
func (l *lvLog) loginPost(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	email := l.email()
	for try := 0; try < 3; try++ {
		h := l.begin(v, t, "POST", "/login")
		h.inner = append([]string{
			lvFW + `Auth/EloquentUserProvider.php(136): Illuminate\Database\Eloquent\Builder->first()`,
			lvFW + `Auth/SessionGuard.php(395): Illuminate\Auth\EloquentUserProvider->retrieveByCredentials(Array)`,
			lvApp + `Http/Requests/Auth/LoginRequest.php(44): Illuminate\Auth\SessionGuard->attempt(Array, false)`,
			lvApp + `Http/Controllers/Auth/AuthenticatedSessionController.php(29): App\Http\Requests\Auth\LoginRequest->authenticate()`,
		}, lvCtrl(`App\Http\Controllers\Auth\AuthenticatedSessionController`, "store", `Object(App\Http\Requests\Auth\LoginRequest)`)...)
		q := lvQuery{"select * from `users` where `email` = " + email + " limit 1", "first", h.inner[0]}
		h.inner = h.inner[1:]
		if h.db(1, q) {
			return h.at.Add(30 * time.Millisecond), 500
		}
		ms := g.lognormal(236, 0.12)
		if try == 0 && g.chance(0.12) || try == 1 && g.chance(0.3) {
			h.log(ms-4, "NOTICE", "Failed login attempt", field{"email", lvMask(email)}, field{"ip", v.ip})
			done := h.end(302, ms)
			if !g.chance(0.75) {
				return done, 302
			}
			t = done.Add(l.secs(9, 0.5))
			continue
		}
		l.signIn(v)
		v.email = email
		remember := g.chance(0.3)
		h.log(ms-3, "INFO", "User logged in", field{"user_id", v.user}, field{"remember", remember})
		return h.end(302, ms), 302
	}
	return t, 302
}

// checkout is the checkout, from the cart to the order; the visit ends with it.
func (l *lvLog) checkout(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	v.done = true
	if v.user == 0 {
		h := l.begin(v, t, "GET", "/checkout")
		t = h.end(302, g.lognormal(13, 0.3))
		t, _ = l.loginPage(v, t.Add(l.ms(150, 400)))
		var st int
		if t, st = l.loginPost(v, t.Add(l.secs(10, 0.5))); v.user == 0 || st >= 500 {
			return t, st
		}
		t = t.Add(l.ms(120, 350))
	}
	base := v.tr
	defer func() { v.tr = base }()
	t, st := l.checkoutPage(v, t)
	if st != 200 {
		return t, st
	}
	for try := 0; try < 4; try++ {
		t = t.Add(l.secs(40, 0.5))
		var res string
		t, res = l.placeOrder(v, t, base)
		switch res {
		case "paid":
			h := l.begin(v, t.Add(l.ms(80, 300)), "GET", fmt.Sprintf("/checkout/success/%d", l.lastOrder)).ctrl("CheckoutController", "success", "Object(App\\Models\\Order)")
			return h.end(200, g.lognormal(46, 0.3)), 200
		case "declined":
			if !g.chance(0.5) {
				return t, 302
			}
		case "failed":
			// Stripe failed them: some try again, the rest of their checkout is the
			// incident's.
			v.tr = incident(lvStripe)
			if !g.chance(0.75) {
				return t, 302
			}
		default:
			return t, 500
		}
		if t, st = l.checkoutPage(v, t.Add(l.ms(100, 300))); st != 200 {
			return t, st
		}
	}
	return t, 302
}

func (l *lvLog) checkoutPage(v *lvVisit, t time.Time) (time.Time, int) {
	g := l.g
	h := l.begin(v, t, "GET", "/checkout").ctrl("CheckoutController", "show", "Object(Illuminate\\Http\\Request)")
	h.auth = true
	if h.db(1, lvQuery{fmt.Sprintf("select * from `carts` where `user_id` = %d and `status` = open limit 1", v.user), "first",
		lvApp + `Http/Controllers/CheckoutController.php(34): Illuminate\Database\Eloquent\Builder->first()`}) {
		return h.at.Add(30 * time.Millisecond), 500
	}
	ms, ok := l.shipRates(h, v, g.lognormal(82, 0.35), 2)
	if !ok {
		return h.kill(), 0
	}
	return h.end(200, ms), 200
}

// orderID is a new order's number: the shop's other channels take numbers too.
func (l *lvLog) orderID(t time.Time) int {
	id := 184_000 + int(t.Sub(l.start).Seconds()/3.1)
	for l.orders[id] {
		id++
	}
	l.orders[id] = true
	l.lastOrder = id
	return id
}

// placeOrder is POST /checkout: the order, the payment intent, and what follows.
func (l *lvLog) placeOrder(v *lvVisit, t time.Time, base truth) (time.Time, string) {
	g := l.g
	h := l.begin(v, t, "POST", "/checkout").ctrl("CheckoutController", "store", "Object(App\\Http\\Requests\\CheckoutRequest)")
	h.auth = true
	if h.db(1, lvQuery{fmt.Sprintf("select * from `carts` where `user_id` = %d and `status` = open limit 1 for update", v.user), "first",
		lvApp + `Http/Controllers/CheckoutController.php(58): Illuminate\Database\Eloquent\Builder->first()`}) {
		return h.at.Add(30 * time.Millisecond), "error"
	}
	order := l.orderID(t)
	total := 4.9
	for _, p := range v.cart {
		total += p.price
	}
	ms := g.lognormal(95, 0.3)
	if v.camp {
		d := round(total*0.15, 2)
		total -= d
		h.log(ms-20, "INFO", "Coupon applied", field{"code", "SUMMER24"}, field{"order_id", order}, field{"discount", fmt.Sprintf("%.2f", d)})
	}
	amount := fmt.Sprintf("%.2f", total)
	stripeDown := !t.Before(l.stripeAt) && t.Before(l.stripeFix)
	if stripeDown {
		h.tr = incident(lvStripe)
		h.slow = lvSlowStripe
		e := &lvExc{code: "0", frames: append(lvStripeFrames(g.chance(0.45)), h.web()...)}
		var took float64
		status, reqID := any(nil), any(nil)
		if strings.Contains(e.frames[0], "handleCurlError") {
			took = 20_000 + g.lognormal(60, 0.3)
			e.class = `Stripe\Exception\ApiConnectionException`
			e.msg = "Could not connect to Stripe (https://api.stripe.com/v1/payment_intents).  Please check your internet connection and try again.  If this problem persists, you should check Stripe's service status at https://status.stripe.com/, or let us know at support@stripe.com.\n\n(Network error [errno 28]: Connection timed out after 10001 milliseconds)"
			e.at = lvVendor + "stripe/stripe-php/lib/HttpClient/CurlClient.php:745"
		} else {
			took = g.lognormal(2400, 0.5)
			status, reqID = 500, "req_"+g.alnum(14)
			e.class = `Stripe\Exception\UnknownApiErrorException`
			e.msg = "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at support.stripe.com/contact."
			e.at = lvVendor + "stripe/stripe-php/lib/Exception/ApiErrorException.php:38"
		}
		ms += took
		h.log(ms-12, "WARNING", "Stripe API request failed", field{"method", "POST"}, field{"path", "/v1/payment_intents"}, field{"status", status},
			field{"duration_ms", round(took, 2)}, field{"request_id", reqID}, field{"retries", 1})
		l.report(h.tr, h.at.Add(durOf(ms-10)), "ERROR", v.user, e)
		reason := "api_error"
		if status == nil {
			reason = "api_connection_error"
		}
		h.log(ms-6, "WARNING", "Checkout payment failed", field{"order_id", order}, field{"user_id", v.user}, field{"amount", amount}, field{"reason", reason})
		return h.end(302, ms), "failed"
	}
	took := g.lognormal(390, 0.35)
	ms += took
	pi := "pi_3Pc" + g.alnum(18)
	switch x := g.rng.Float64(); {
	case x < 0.05:
		h.log(ms-10, "INFO", "Stripe API request", field{"method", "POST"}, field{"path", "/v1/payment_intents"}, field{"status", 402},
			field{"duration_ms", round(took, 2)}, field{"request_id", "req_" + g.alnum(14)})
		h.log(ms-6, "WARNING", "Payment declined", field{"order_id", order}, field{"code", "card_declined"},
			field{"decline_code", pick(g, []string{"insufficient_funds", "insufficient_funds", "generic_decline", "do_not_honor", "expired_card", "incorrect_cvc"})})
		return h.end(302, ms), "declined"
	case x < 0.15:
		// 3-D Secure: the browser confirms, then the shop checks the intent.
		h.log(ms-10, "INFO", "Stripe API request", field{"method", "POST"}, field{"path", "/v1/payment_intents"}, field{"status", 200},
			field{"duration_ms", round(took, 2)}, field{"request_id", "req_" + g.alnum(14)})
		h.log(ms-6, "INFO", "Payment requires action", field{"order_id", order}, field{"payment_intent", pi}, field{"next_action", "use_stripe_sdk"})
		t = h.end(200, ms).Add(l.secs(14, 0.5))
		h = l.begin(v, t, "POST", "/checkout/confirm").ctrl("CheckoutController", "confirm", "Object(Illuminate\\Http\\Request)")
		took = g.lognormal(240, 0.3)
		ms = took + g.lognormal(60, 0.3)
		h.log(took+20, "INFO", "Stripe API request", field{"method", "GET"}, field{"path", "/v1/payment_intents/" + pi}, field{"status", 200},
			field{"duration_ms", round(took, 2)}, field{"request_id", "req_" + g.alnum(14)})
	default:
		h.log(ms-10, "INFO", "Stripe API request", field{"method", "POST"}, field{"path", "/v1/payment_intents"}, field{"status", 200},
			field{"duration_ms", round(took, 2)}, field{"request_id", "req_" + g.alnum(14)})
	}
	h.log(ms-5, "INFO", "Order placed", field{"order_id", order}, field{"user_id", v.user}, field{"items", len(v.cart)}, field{"total", amount},
		field{"currency", "EUR"}, field{"payment_intent", pi})
	done := h.end(302, ms)
	l.orderJobs(base, h.at.Add(durOf(ms-4)), order, v.email)
	for i, typ := range []string{"payment_intent.succeeded", "charge.succeeded"} {
		l.webhook(base, done.Add(l.ms(1500+i*800, 5000+i*900)), typ)
	}
	return done, "paid"
}

// lvStripeFrames are stripe-php's frames of a payment intent that failed: the connection
// timing out, or a 500.
func lvStripeFrames(timeout bool) []string {
	const lib = lvVendor + "stripe/stripe-php/lib/"
	tail := []string{
		lib + `BaseStripeClient.php(258): Stripe\ApiRequestor->request('post', '/v1/payment_int...', Array, Array, 'v1', Array)`,
		lib + `Service/AbstractService.php(75): Stripe\BaseStripeClient->request('post', '/v1/payment_int...', Array, Array)`,
		lib + `Service/PaymentIntentService.php(164): Stripe\Service\AbstractService->request('post', '/v1/payment_int...', Array, Array)`,
		lvApp + `Services/Payments/StripeGateway.php(48): Stripe\Service\PaymentIntentService->create(Array, Array)`,
		lvApp + `Http/Controllers/CheckoutController.php(71): App\Services\Payments\StripeGateway->charge(Object(App\Models\Order), 'pm_1PcR8xLk2m...')`,
	}
	if timeout {
		return append([]string{
			lib + `HttpClient/CurlClient.php(614): Stripe\HttpClient\CurlClient->handleCurlError('https://api.str...', 28, 'Connection time...', 1)`,
			lib + `HttpClient/CurlClient.php(289): Stripe\HttpClient\CurlClient->executeRequestWithRetries(Array, 'https://api.str...')`,
			lib + `HttpClient/CurlClient.php(246): Stripe\HttpClient\CurlClient->executeStreamingRequestWithRetries(Array, 'https://api.str...')`,
			lib + `ApiRequestor.php(509): Stripe\HttpClient\CurlClient->request('post', 'https://api.str...', Array, Array, false, 'v1')`,
			lib + `ApiRequestor.php(131): Stripe\ApiRequestor->_requestRaw('post', '/v1/payment_int...', Array, Array, Array, 'v1')`,
		}, tail...)
	}
	return append([]string{
		lib + `ApiRequestor.php(229): Stripe\ApiRequestor::_specificAPIError('{"error":{"mess...', 500, Object(Stripe\Util\CaseInsensitiveArray), Array, Array)`,
		lib + `ApiRequestor.php(615): Stripe\ApiRequestor->handleErrorResponse('{"error":{"mess...', 500, Object(Stripe\Util\CaseInsensitiveArray), Array, 'v1')`,
		lib + `ApiRequestor.php(135): Stripe\ApiRequestor->_interpretResponse('{"error":{"mess...', 500, Object(Stripe\Util\CaseInsensitiveArray), 'v1')`,
	}, tail...)
}

// webhook is one of Stripe's webhook calls.
func (l *lvLog) webhook(tr truth, t time.Time, typ string) {
	g := l.g
	v := &lvVisit{ip: pick(g, lvStripeIPs), tr: tr}
	h := l.begin(v, t, "POST", "/webhooks/stripe")
	ms := g.lognormal(29, 0.3)
	h.log(ms*0.7, "INFO", "Stripe webhook received", field{"id", "evt_3Pc" + g.alnum(18)}, field{"type", typ}, field{"livemode", true})
	h.end(200, ms)
}

func (l *lvLog) otherWebhook(t time.Time) {
	l.webhook(routine, t, pick(l.g, []string{"charge.refunded", "payout.paid", "customer.updated", "charge.dispute.created", "payment_method.attached"}))
}

// API, crawlers, scanners ------------------------------------------------------------

// appCall is the mobile app calling the API.
func (l *lvLog) appCall(t time.Time) {
	g := l.g
	v := &lvVisit{ip: g.publicIP(), app: true, tr: routine}
	if g.chance(0.55) {
		v.user = g.between(1, 61_800)
	}
	if t.Before(l.campEnd) && !t.Before(l.campaign.start) && g.chance(l.campaignRate(t)/(l.campaignRate(t)+0.8*l.traffic(t))) {
		v.tr = l.campaign.truth() // the newsletter opened in the app
	}
	var h *lvHit
	var q lvQuery
	ms := 0.0
	switch x := g.rng.Float64(); {
	case x < 0.4:
		c := pick(g, lvCats)
		h = l.begin(v, t, "GET", fmt.Sprintf("/api/v1/products?category=%s&page=%d", c, 1+g.intn(3)))
		h.inner = lvCtrl(`App\Http\Controllers\Api\ProductController`, "index", `Object(Illuminate\Http\Request)`)
		q = lvQuery{fmt.Sprintf("select count(*) as aggregate from `products` where `category_id` = %d and `active` = 1 and `products`.`deleted_at` is null", 3+slices.Index(lvCats, c)), "paginate",
			lvApp + `Http/Controllers/Api/ProductController.php(23): Illuminate\Database\Eloquent\Builder->paginate(20)`}
		ms = g.lognormal(44, 0.4)
	case x < 0.72:
		p := l.product(nil)
		h = l.begin(v, t, "GET", fmt.Sprintf("/api/v1/products/%d", p.id))
		h.inner = lvCtrl(`App\Http\Controllers\Api\ProductController`, "show", lvArg(fmt.Sprint(p.id)))
		q = lvQuery{fmt.Sprintf("select * from `products` where `id` = %d and `products`.`deleted_at` is null limit 1", p.id), "firstOrFail",
			lvApp + `Http/Controllers/Api/ProductController.php(31): Illuminate\Database\Eloquent\Builder->firstOrFail()`}
		ms = g.lognormal(27, 0.4)
	case x < 0.93:
		h = l.begin(v, t, "GET", "/api/v1/cart")
		h.inner = lvCtrl(`App\Http\Controllers\Api\CartController`, "show", `Object(Illuminate\Http\Request)`)
		q = lvQuery{"select * from `carts` where `token` = " + g.uuid() + " limit 1", "first", lvApp + `Http/Controllers/Api/CartController.php(19): Illuminate\Database\Eloquent\Builder->first()`}
		ms = g.lognormal(31, 0.4)
	default:
		h = l.begin(v, t, "GET", "/api/v1/me")
		if v.user == 0 || g.chance(0.1) { // an expired token
			v.user = 0
			h.end(401, g.lognormal(11, 0.3))
			return
		}
		h.inner = lvCtrl(`App\Http\Controllers\Api\MeController`, "show", `Object(Illuminate\Http\Request)`)
		q = lvQuery{fmt.Sprintf("select * from `personal_access_tokens` where `personal_access_tokens`.`id` = %d limit 1", g.between(200_000, 480_000)), "first",
			lvVendor + `laravel/sanctum/src/PersonalAccessToken.php(66): Illuminate\Database\Eloquent\Builder->first()`}
		ms = g.lognormal(19, 0.3)
	}
	h.api = true
	if h.db(0.8, q) {
		return
	}
	if g.chance(0.002) {
		h.end(429, g.lognormal(6, 0.3))
		return
	}
	h.end(200, ms)
}

// partnerStock is a reseller polling stock levels; the answers come from Redis.
func (l *lvLog) partnerStock(t time.Time) {
	g := l.g
	v := &lvVisit{ip: pick(g, []string{"185.23.108.14", "185.23.108.15", "94.130.77.201"}), user: pick(g, []int{3, 7}), tr: routine}
	p := l.product(nil)
	h := l.begin(v, t, "GET", "/api/v1/stock/"+p.sku)
	h.api = true
	h.inner = lvCtrl(`App\Http\Controllers\Api\StockController`, "show", lvArg(p.sku))
	if h.db(0.05, lvQuery{"select `sku`, `available` from `stock_levels` where `sku` = " + p.sku + " limit 1", "first",
		lvApp + `Http/Controllers/Api/StockController.php(17): Illuminate\Database\Eloquent\Builder->first()`}) {
		return
	}
	if g.chance(0.02) {
		h.end(404, g.lognormal(8, 0.3))
		return
	}
	h.end(200, g.lognormal(9, 0.35))
}

// crawler is a search engine's crawler fetching a page.
func (l *lvLog) crawler(t time.Time) {
	g := l.g
	v := &lvVisit{ip: fmt.Sprintf("66.249.%d.%d", g.between(64, 79), g.between(1, 254)), tr: routine}
	if g.chance(0.3) {
		v.ip = fmt.Sprintf("157.55.39.%d", g.between(1, 254))
	}
	switch x := g.rng.Float64(); {
	case x < 0.65:
		l.productPage(v, t, l.products[g.intn(len(l.products))])
	case x < 0.9:
		l.category(v, t, pick(g, lvCats), 1+g.intn(4), "")
	case x < 0.97:
		l.deadLink(v, t)
	default:
		h := l.begin(v, t, "GET", "/sitemap.xml")
		h.end(200, g.lognormal(12, 0.3))
	}
}

// scanner is a bot probing for what PHP sites leave lying around: 404s in a burst.
func (l *lvLog) scanner(t time.Time) {
	g := l.g
	v := &lvVisit{ip: g.publicIP(), tr: routine}
	for n := g.between(6, 30); n > 0; n-- {
		h := l.begin(v, t, pick(g, []string{"GET", "GET", "GET", "POST"}), pick(g, lvScans))
		t = h.end(404, g.lognormal(7, 0.3)).Add(l.ms(80, 1500))
	}
}

// adminExport is someone in the back office exporting orders: slow, sometimes past the
// memory limit or the 30 s limit.
func (l *lvLog) adminExport(t time.Time) {
	g := l.g
	v := &lvVisit{ip: fmt.Sprintf("10.8.%d.%d", g.between(0, 3), g.between(2, 254)), user: pick(g, []int{2, 3, 11}), tr: routine}
	h := l.begin(v, t, "GET", fmt.Sprintf("/admin/orders/export?from=2024-0%d-01&to=2024-07-14&format=csv", g.between(1, 6))).ctrl("Admin\\OrderExportController", "__invoke", "Object(Illuminate\\Http\\Request)")
	h.auth = true
	h.slow = lvSlowSQL("cursor() "+lvApp+"Http/Controllers/Admin/OrderExportController.php:37", "__invoke")
	switch x := g.rng.Float64(); {
	case x < 0.12:
		h.kill()
	case x < 0.25:
		ms := g.lognormal(9000, 0.3)
		e := &lvExc{class: `Symfony\Component\ErrorHandler\Error\FatalError`, code: "0", msg: "Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes)",
			at: lvFW + "Database/Connection.php:423"}
		l.fpmEvent(h.p, &lvFPMEvent{at: h.at.Add(durOf(ms - 2)), tr: h.tr,
			stderr: `"NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in ` + lvFW + `Database/Connection.php on line 423"`})
		l.report(h.tr, h.at.Add(durOf(ms)), "ERROR", v.user, e)
		h.end(500, ms+4)
	default:
		ms := g.lognormal(6500, 0.4)
		h.log(ms-30, "INFO", "Orders exported", field{"rows", g.between(4000, 60_000)}, field{"format", "csv"}, field{"user_id", v.user})
		h.end(200, ms)
	}
}

// tooLarge is an upload over post_max_size: PHP warns before Laravel runs, and
// ValidatePostSize answers 413.
func (l *lvLog) tooLarge(t time.Time) {
	g := l.g
	v := &lvVisit{ip: g.publicIP(), user: g.between(1, 61_800), tr: routine}
	h := l.begin(v, t, "POST", fmt.Sprintf("/products/%s/reviews", l.product(nil).slug))
	l.fpmEvent(h.p, &lvFPMEvent{at: t, tr: routine,
		stderr: fmt.Sprintf(`"NOTICE: PHP message: PHP Warning:  PHP Request Startup: POST Content-Length of %d bytes exceeds the limit of 8388608 bytes in Unknown on line 0"`, g.between(8_500_000, 24_000_000))})
	h.end(413, g.lognormal(9, 0.3))
}

// Queue --------------------------------------------------------------------------------

// lvJob is a queued job: its class and queue, how many tries and what backoff, the
// work it does (its own lines, and how long it took), whether an attempt at a time
// fails (the exception, when, and whose doing), and its failed() hook.
type lvJob struct {
	class, queue, handle string
	tries                int
	backoff              []time.Duration
	work                 func(tr truth, at time.Time) time.Duration
	fail                 func(at time.Time) (*lvExc, time.Duration, truth)
	failed               func(tr truth, at time.Time)
	tr                   truth
}

// queues is what the workers listen on: the new release adds the ai queue.
func (l *lvLog) queues(t time.Time) string {
	if !t.Before(l.deploy.start) {
		return "high,emails,default,ai"
	}
	return "high,emails,default"
}

// dispatch queues j at t; a worker picks it up and tries it until it succeeds or has
// no tries left, each attempt written by the app's queue listeners.
func (l *lvLog) dispatch(tr truth, t time.Time, j *lvJob) {
	g := l.g
	id := g.uuid()
	at := t.Add(l.ms(30, 900))
	for attempt := 1; at.Before(l.end); attempt++ {
		var exc *lvExc
		var d time.Duration
		if j.fail != nil {
			var ftr truth
			if exc, d, ftr = j.fail(at); exc != nil && tr.incident == "" {
				tr = ftr
			}
		}
		l.mono(tr, at, "INFO", "Processing: "+j.class, field{"job_id", id}, field{"queue", j.queue}, field{"attempt", attempt})
		if exc == nil {
			d = j.work(tr, at)
			l.mono(tr, at.Add(d), "INFO", "Processed: "+j.class, field{"job_id", id}, field{"queue", j.queue}, field{"runtime_ms", msOf(d)})
			return
		}
		done := at.Add(d)
		w := lvWorker(j.class, j.handle, l.queues(at))
		for x := exc; x != nil; x = x.prev {
			x.frames = append(x.frames[:len(x.frames):len(x.frames)], w...)
		}
		l.report(tr, done, "ERROR", 0, exc)
		if attempt >= j.tries {
			l.mono(tr, done, "ERROR", "Failed: "+j.class, field{"job_id", id}, field{"queue", j.queue}, field{"attempts", attempt}, field{"exception", exc.class})
			if j.failed != nil {
				j.failed(tr, done)
			}
			j.tr = tr
			return
		}
		delay := j.backoff[min(attempt-1, len(j.backoff)-1)]
		l.mono(tr, done, "WARNING", "Released: "+j.class, field{"job_id", id}, field{"queue", j.queue}, field{"attempt", attempt}, field{"delay", int(delay.Seconds())})
		at = done.Add(delay + l.ms(20, 800))
	}
}

// dbJob is the failure of a job's first query while MySQL refuses connections.
func (l *lvLog) dbJob(q lvQuery) func(at time.Time) (*lvExc, time.Duration, truth) {
	return func(at time.Time) (*lvExc, time.Duration, truth) {
		if !l.dbRefuses(at, 1) {
			return nil, 0, routine
		}
		return lvTooMany(q, nil), l.ms(4, 20), incident(lvDBFull)
	}
}

// mailJob sends a mailable through Postmark.
func (l *lvLog) mailJob(class, mailable, view string, order int, email string) *lvJob {
	g := l.g
	queued := class == `Illuminate\Mail\SendQueuedMailable`
	j := &lvJob{class: class, queue: "emails", tries: 3, backoff: []time.Duration{30 * time.Second, 120 * time.Second}, handle: `Object(Illuminate\Mail\MailManager)`}
	if queued {
		j.backoff = []time.Duration{0}
	}
	j.work = func(tr truth, at time.Time) time.Duration {
		d := l.secs(0.38, 0.35)
		ctx := []field{{"mailable", mailable}, {"to", lvMask(email)}, {"transport", "postmark"}, {"message_id", g.uuid()}}
		if order > 0 {
			ctx = append(ctx, field{"order_id", order})
		}
		l.mono(tr, at.Add(d-time.Millisecond), "INFO", "Mail sent", ctx...)
		return d
	}
	j.fail = func(at time.Time) (*lvExc, time.Duration, truth) {
		if at.Before(l.mailAt) || !at.Before(l.mailFix) {
			return nil, 0, routine
		}
		f := []string{
			lvVendor + `symfony/mailer/Transport/AbstractApiTransport.php(44): Symfony\Component\Mailer\Bridge\Postmark\Transport\PostmarkApiTransport->doSendApi(Object(Symfony\Component\Mailer\SentMessage), Object(Symfony\Component\Mime\Email), Object(Symfony\Component\Mailer\DelayedEnvelope))`,
			lvVendor + `symfony/mailer/Transport/AbstractHttpTransport.php(61): Symfony\Component\Mailer\Transport\AbstractApiTransport->doSendHttp(Object(Symfony\Component\Mailer\SentMessage))`,
			lvVendor + `symfony/mailer/Transport/AbstractTransport.php(87): Symfony\Component\Mailer\Transport\AbstractHttpTransport->doSend(Object(Symfony\Component\Mailer\SentMessage))`,
			lvFW + `Mail/Mailer.php(584): Symfony\Component\Mailer\Transport\AbstractTransport->send(Object(Symfony\Component\Mime\Email), Object(Symfony\Component\Mailer\DelayedEnvelope))`,
			lvFW + `Mail/Mailer.php(331): Illuminate\Mail\Mailer->sendSymfonyMessage(Object(Symfony\Component\Mime\Email))`,
			lvFW + `Mail/Mailable.php(207): Illuminate\Mail\Mailer->send(` + lvArg(view) + `, Array, Object(Closure))`,
			lvFW + `Support/Traits/Localizable.php(19): Illuminate\Mail\Mailable->Illuminate\Mail\{closure}()`,
			lvFW + `Mail/Mailable.php(200): Illuminate\Mail\Mailable->withLocale('de', Object(Closure))`,
		}
		if queued {
			f = append(f, lvFW+`Mail/SendQueuedMailable.php(83): Illuminate\Mail\Mailable->send(Object(Illuminate\Mail\MailManager))`)
		} else {
			file := class[strings.LastIndexByte(class, '\\')+1:]
			f = append(f, lvFW+`Mail/Mailer.php(353): Illuminate\Mail\Mailable->send(Object(Illuminate\Mail\Mailer))`,
				lvFW+`Mail/PendingMail.php(124): Illuminate\Mail\Mailer->send(Object(`+mailable+`))`,
				lvApp+`Jobs/`+file+`.php(38): Illuminate\Mail\PendingMail->send(Object(`+mailable+`))`)
		}
		return &lvExc{class: `Symfony\Component\Mailer\Exception\HttpTransportException`, code: "0",
			msg: "Unable to send an email: Request does not contain a valid Server token. (code 10).",
			at:  lvVendor + "symfony/postmark-mailer/Transport/PostmarkApiTransport.php:81", frames: f}, l.ms(90, 260), incident(lvMailToken)
	}
	j.failed = func(tr truth, at time.Time) {
		if !queued {
			what := "Order confirmation"
			if strings.Contains(class, "Shipment") {
				what = "Shipment notification"
			}
			l.mono(tr, at, "CRITICAL", what+" could not be sent", field{"order_id", order}, field{"email", lvMask(email)})
		}
		if tr.incident == lvMailToken && at.Before(l.retryAt) {
			l.failedMail = append(l.failedMail, j)
		}
	}
	return j
}

// orderJobs is what an order puts on the queue.
func (l *lvLog) orderJobs(tr truth, t time.Time, order int, email string) {
	g := l.g
	l.dispatch(tr, t, l.mailJob(`App\Jobs\SendOrderConfirmation`, `App\Mail\OrderConfirmation`, "emails.orders.confirmation", order, email))
	inv := &lvJob{class: `App\Jobs\GenerateInvoicePdf`, queue: "default", tries: 3, backoff: []time.Duration{10 * time.Second, 60 * time.Second}, handle: `Object(Barryvdh\DomPDF\PDF)`}
	inv.work = func(tr truth, at time.Time) time.Duration {
		d := l.secs(0.9, 0.3)
		l.mono(tr, at.Add(d-2*time.Millisecond), "INFO", "Invoice generated", field{"order_id", order}, field{"path", fmt.Sprintf("invoices/2024/07/INV-%d.pdf", order)}, field{"pages", 1})
		return d
	}
	inv.fail = l.dbJob(lvQuery{fmt.Sprintf("select * from `order_items` where `order_items`.`order_id` = %d", order), "get",
		lvApp + `Jobs/GenerateInvoicePdf.php(36): Illuminate\Database\Eloquent\Builder->get()`})
	l.dispatch(tr, t, inv)
	erp := &lvJob{class: `App\Jobs\SyncOrderToErp`, queue: "default", tries: 5, backoff: []time.Duration{60 * time.Second}, handle: `Object(App\Services\Erp\ErpClient)`}
	erp.work = func(tr truth, at time.Time) time.Duration {
		d := l.secs(0.6, 0.4)
		l.mono(tr, at.Add(d-time.Millisecond), "INFO", "ERP order pushed", field{"order_id", order}, field{"erp_ref", fmt.Sprintf("SO-%d", 5_310_000+order)}, field{"duration_ms", msOf(d - 5*time.Millisecond)})
		return d
	}
	dbFail := l.dbJob(lvQuery{fmt.Sprintf("select * from `orders` where `orders`.`id` = %d limit 1", order), "first",
		lvApp + `Jobs/SyncOrderToErp.php(29): Illuminate\Database\Eloquent\Builder->first()`})
	erp.fail = func(at time.Time) (*lvExc, time.Duration, truth) {
		if e, d, tr := dbFail(at); e != nil {
			return e, d, tr
		}
		if !g.chance(1.0 / 45) {
			return nil, 0, routine
		}
		// The ERP does not answer within 15 s: the job is tried again a minute later.
		return lvErpTimeout(), 15*time.Second + l.ms(1, 40), routine
	}
	l.dispatch(tr, t, erp)
}

// lvErpTimeout is Laravel's HTTP client's ConnectionException for the ERP, with
// Guzzle's ConnectException under it.
func lvErpTimeout() *lvExc {
	const msg = "cURL error 28: Operation timed out after 15001 milliseconds with 0 bytes received (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://erp.internal.example.com/api/v2/sales-orders"
	outer := []string{
		lvFW + `Support/helpers.php(328): Illuminate\Http\Client\PendingRequest->Illuminate\Http\Client\{closure}(1)`,
		lvFW + `Http/Client/PendingRequest.php(907): retry(0, Object(Closure), 100, Object(Closure))`,
		lvFW + `Http/Client/PendingRequest.php(772): Illuminate\Http\Client\PendingRequest->send('POST', 'https://erp.int...', Array)`,
		lvApp + `Services/Erp/ErpClient.php(52): Illuminate\Http\Client\PendingRequest->post('https://erp.int...', Array)`,
		lvApp + `Jobs/SyncOrderToErp.php(34): App\Services\Erp\ErpClient->pushSalesOrder(Object(App\Models\Order))`,
	}
	guzzle := []string{
		lvVendor + `guzzlehttp/guzzle/src/Handler/CurlFactory.php(158): GuzzleHttp\Handler\CurlFactory::createRejection(Object(GuzzleHttp\Handler\EasyHandle), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Handler/CurlFactory.php(110): GuzzleHttp\Handler\CurlFactory::finishError(Object(GuzzleHttp\Handler\CurlHandler), Object(GuzzleHttp\Handler\EasyHandle), Object(GuzzleHttp\Handler\CurlFactory))`,
		lvVendor + `guzzlehttp/guzzle/src/Handler/CurlHandler.php(47): GuzzleHttp\Handler\CurlFactory::finish(Object(GuzzleHttp\Handler\CurlHandler), Object(GuzzleHttp\Handler\EasyHandle), Object(GuzzleHttp\Handler\CurlFactory))`,
		lvVendor + `guzzlehttp/guzzle/src/Handler/Proxy.php(28): GuzzleHttp\Handler\CurlHandler->__invoke(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Handler/Proxy.php(48): GuzzleHttp\Handler\Proxy::GuzzleHttp\Handler\{closure}(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvFW + `Http/Client/PendingRequest.php(1184): GuzzleHttp\Handler\Proxy::GuzzleHttp\Handler\{closure}(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/PrepareBodyMiddleware.php(64): Illuminate\Http\Client\PendingRequest->Illuminate\Http\Client\{closure}(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Middleware.php(38): GuzzleHttp\PrepareBodyMiddleware->__invoke(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/RedirectMiddleware.php(71): GuzzleHttp\Middleware::GuzzleHttp\{closure}(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Middleware.php(66): GuzzleHttp\RedirectMiddleware->__invoke(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/HandlerStack.php(75): GuzzleHttp\Middleware::GuzzleHttp\{closure}(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Client.php(333): GuzzleHttp\HandlerStack->__invoke(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Client.php(169): GuzzleHttp\Client->transfer(Object(GuzzleHttp\Psr7\Request), Array)`,
		lvVendor + `guzzlehttp/guzzle/src/Client.php(189): GuzzleHttp\Client->requestAsync('POST', Object(GuzzleHttp\Psr7\Uri), Array)`,
		lvFW + `Http/Client/PendingRequest.php(1015): GuzzleHttp\Client->request('POST', 'https://erp.int...', Array)`,
		lvFW + `Http/Client/PendingRequest.php(918): Illuminate\Http\Client\PendingRequest->sendRequest('POST', 'https://erp.int...', Array)`,
	}
	return &lvExc{class: `Illuminate\Http\Client\ConnectionException`, code: "0", msg: msg, at: lvFW + "Http/Client/PendingRequest.php:1568",
		frames: append([]string{`[internal function]: Illuminate\Http\Client\PendingRequest->Illuminate\Http\Client\{closure}(Object(GuzzleHttp\Exception\ConnectException))`}, outer...),
		prev: &lvExc{class: `GuzzleHttp\Exception\ConnectException`, code: "0", msg: msg, at: lvVendor + "guzzlehttp/guzzle/src/Handler/CurlFactory.php:275",
			frames: append(guzzle, outer...)}}
}

// retryFailed: the token restored, someone runs `php artisan queue:retry all`; the
// failed e-mails go out.
func (l *lvLog) retryFailed() {
	t := l.retryAt
	for _, j := range l.failedMail {
		j.fail = nil
		l.dispatch(j.tr, t, j)
		t = t.Add(l.ms(200, 700))
	}
}

// Scheduler ----------------------------------------------------------------------------

// scheduler is schedule:work: every minute the tasks due, one after another, each
// printed when it is done, the commands' own lines in between.
func (l *lvLog) scheduler() {
	g := l.g
	for m := 0; m < int(Length/time.Minute); m++ {
		t := l.start.Add(time.Duration(m)*time.Minute + l.ms(20, 400))
		t = l.task(t, "orders:cancel-unpaid", `App\Console\Commands\CancelUnpaidOrders`, l.ms(60, 260), func(tr truth, at time.Time) {
			if g.chance(0.12) {
				var ids []int
				for n := 1 + g.intn(2); n > 0; n-- {
					ids = append(ids, 183_400+int(at.Sub(l.start).Seconds()/3.1)-g.between(500, 700))
				}
				l.mono(tr, at, "INFO", "Cancelled unpaid orders", field{"count", len(ids)}, field{"order_ids", ids}, field{"older_than_minutes", 30})
			}
		}, lvQuery{"select * from `orders` where `status` = pending_payment and `created_at` < 2024-07-15 " + t.Add(-30*time.Minute).Format("15:04:05") + " and `orders`.`deleted_at` is null", "get",
			lvApp + `Console/Commands/CancelUnpaidOrders.php(27): Illuminate\Database\Eloquent\Builder->get()`})
		if m%5 == 0 {
			t = l.task(t, "inventory:sync", `App\Console\Commands\SyncInventory`, l.secs(2.6, 0.25), func(tr truth, at time.Time) {
				n := g.between(40, 260)
				l.mono(tr, at, "INFO", "Inventory synced", field{"source", "erp"}, field{"updated", n}, field{"unchanged", 3120 - n}, field{"duration_ms", g.between(1800, 3900)})
				for i := 0; i < (n+99)/100; i++ {
					j := &lvJob{class: `Laravel\Scout\Jobs\MakeSearchable`, queue: "default", tries: 3, backoff: []time.Duration{10 * time.Second}, handle: ""}
					j.work = func(tr truth, at time.Time) time.Duration { return l.secs(0.25, 0.4) }
					l.dispatch(tr, at.Add(time.Duration(i)*l.ms(5, 30)), j)
				}
			}, lvQuery{"select * from `stock_levels` where `warehouse_id` in (1, 2)", "get", lvApp + `Console/Commands/SyncInventory.php(41): Illuminate\Database\Eloquent\Builder->get()`})
		}
		if m%5 == 2 {
			t = l.task(t, "orders:sync-shipments", `App\Console\Commands\SyncShipments`, l.secs(1.1, 0.3), func(tr truth, at time.Time) {
				n := g.between(1, 9)
				l.mono(tr, at, "INFO", "Shipments synced", field{"shipped", n}, field{"delivered", g.between(3, 20)})
				for i := 0; i < n; i++ {
					order := 182_100 + int(at.Sub(l.start).Seconds()/3.1) - g.between(900, 1600)
					l.dispatch(tr, at.Add(time.Duration(i)*l.ms(3, 20)), l.mailJob(`App\Jobs\SendShipmentNotification`, `App\Mail\ShipmentNotification`, "emails.orders.shipped", order, l.email()))
				}
			}, lvQuery{"select * from `orders` where `status` = paid and `erp_ref` is not null", "get", lvApp + `Console/Commands/SyncShipments.php(33): Illuminate\Database\Eloquent\Builder->get()`})
		}
		if m%10 == 4 {
			t = l.task(t, "cart:send-reminders", `App\Console\Commands\SendCartReminders`, l.ms(200, 700), func(tr truth, at time.Time) {
				n := g.between(0, 9)
				l.mono(tr, at, "INFO", "Abandoned cart reminders queued", field{"count", n})
				for i := 0; i < n; i++ {
					l.dispatch(tr, at.Add(time.Duration(i)*l.ms(3, 20)), l.mailJob(`Illuminate\Mail\SendQueuedMailable`, `App\Mail\AbandonedCartReminder`, "emails.cart.reminder", 0, l.email()))
				}
			}, lvQuery{"select * from `carts` where `status` = open and `reminded_at` is null", "get", lvApp + `Console/Commands/SendCartReminders.php(24): Illuminate\Database\Eloquent\Builder->get()`})
		}
		if m%60 == 0 {
			t = l.task(t, "sanctum:prune-expired --hours=24", "", l.ms(40, 120), nil, lvQuery{})
		}
		if m%60 == 15 {
			l.task(t, "sitemap:generate", `App\Console\Commands\GenerateSitemap`, l.secs(5.5, 0.2), func(tr truth, at time.Time) {
				l.mono(tr, at, "INFO", "Sitemap generated", field{"urls", 4300 + g.intn(40)}, field{"path", "public/sitemap.xml"})
			}, lvQuery{"select `slug`, `updated_at` from `products` where `active` = 1", "get", lvApp + `Console/Commands/GenerateSitemap.php(30): Illuminate\Database\Eloquent\Builder->get()`})
		}
	}
}

// task runs one scheduled command at t for d and returns when it ended: its own lines,
// then schedule:work's line; while MySQL refuses connections it may fail.
func (l *lvLog) task(t time.Time, cmd, class string, d time.Duration, work func(tr truth, at time.Time), q lvQuery) time.Time {
	tr, status := routine, "DONE"
	if class != "" && l.dbRefuses(t, 0.8) {
		tr, status, d = incident(lvDBFull), "FAIL", l.ms(40, 90)
		l.report(tr, t.Add(d-time.Millisecond), "ERROR", 0, lvTooMany(q, lvConsole(class, "")))
	} else if work != nil {
		work(tr, t.Add(d*9/10))
	}
	desc := "  " + t.Format(lvTS) + " Running ['artisan' " + cmd + "]"
	run := fmt.Sprintf("%.2fms", msOf(d))
	if d >= time.Second {
		run = fmt.Sprintf("%.2fs", d.Seconds())
	}
	l.j.add(tr, t.Truncate(time.Second), desc+" "+strings.Repeat(".", max(150-len(desc)-len(run)-10, 1))+" "+run+" "+status)
	return t.Add(d + l.ms(60, 200))
}

// Changes -----------------------------------------------------------------------------

// flagOn: someone turns the flag on in the back office.
func (l *lvLog) flagOn() {
	g := l.g
	tr := l.flag.truth()
	v := &lvVisit{ip: "10.8.1.37", user: 11, tr: tr}
	h := l.begin(v, l.flag.start, "POST", "/admin/features/review-summaries")
	ms := g.lognormal(40, 0.2)
	h.log(ms-5, "NOTICE", "Feature flag updated", field{"feature", "review-summaries"}, field{"active", true}, field{"scope", "global"}, field{"user_id", 11})
	h.end(302, ms)
}

// summaries: once the flag is on, a product page with enough reviews and no summary yet
// dispatches one to the ai queue (unique per product); once made it is served.
func (l *lvLog) summaries() {
	g := l.g
	slices.SortStableFunc(l.views, func(a, b lvView) int { return a.at.Compare(b.at) })
	made := map[int]time.Time{}
	for _, w := range l.views {
		p := w.pr
		tr := w.tr
		if tr.incident == "" {
			tr = later(tr, l.flag.truth())
		}
		ready, ok := made[p.id]
		switch {
		case !ok && p.reviews >= 5:
			at := w.at.Add(l.ms(40, 900))
			j := &lvJob{class: `App\Jobs\GenerateReviewSummary`, queue: "ai", tries: 3, backoff: []time.Duration{20 * time.Second}, handle: `Object(OpenAI\Client)`}
			d := l.secs(2.4, 0.4)
			limited := g.chance(0.04)
			j.work = func(tr truth, at time.Time) time.Duration {
				l.mono(tr, at.Add(d-time.Millisecond), "INFO", "Review summary generated", field{"product_id", p.id}, field{"reviews", p.reviews}, field{"model", "gpt-4o-mini"},
					field{"prompt_tokens", 180*min(p.reviews, 40) + g.between(200, 400)}, field{"completion_tokens", g.between(110, 190)}, field{"duration_ms", msOf(d)})
				return d
			}
			if limited {
				j.fail = func(at time.Time) (*lvExc, time.Duration, truth) {
					if !limited {
						return nil, 0, tr
					}
					limited = false
					return &lvExc{class: `OpenAI\Exceptions\ErrorException`, code: "0", msg: "Rate limit reached for gpt-4o-mini in organization org-Qm7c on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.",
						at: lvVendor + "openai-php/client/src/Transporters/HttpTransporter.php:131", frames: []string{
							lvVendor + `openai-php/client/src/Transporters/HttpTransporter.php(68): OpenAI\Transporters\HttpTransporter->throwIfJsonError(Array, '{\n    "error":...')`,
							lvVendor + `openai-php/client/src/Resources/Chat.php(35): OpenAI\Transporters\HttpTransporter->requestObject(Object(OpenAI\ValueObjects\Transporter\Payload))`,
							lvApp + `Services/Reviews/Summarizer.php(44): OpenAI\Resources\Chat->create(Array)`,
							lvApp + `Jobs/GenerateReviewSummary.php(31): App\Services\Reviews\Summarizer->summarize(Object(App\Models\Product))`,
						}}, l.ms(300, 900), tr
				}
			}
			l.dispatch(tr, at, j)
			made[p.id] = at.Add(d + 25*time.Second)
		case ok && w.at.After(ready):
			l.mono(tr, w.at, "INFO", "Review summary served", field{"product_id", p.id}, field{"age_minutes", int(w.at.Sub(ready).Minutes())})
		}
	}
}

// Pods ---------------------------------------------------------------------------------

// rollout: three pods running since the weekend; the deploy creates a new pod, waits for
// it to be ready, stops an old one, and so on (maxSurge 1, maxUnavailable 0).
func (l *lvLog) rollout() {
	g := l.g
	far := l.end.Add(time.Hour)
	for i := 0; i < 3; i++ {
		l.pods = append(l.pods, &lvPod{up: l.start.Add(-time.Duration(g.between(40, 70)) * time.Hour), down: far, next: g.between(20_000, 60_000)})
	}
	tr := l.deploy.truth()
	t := l.deploy.start
	for i := 0; i < 3; i++ {
		boot := t.Add(l.ms(4000, 11_000)) // the image pulled, the container started
		p := &lvPod{fresh: true, down: far}
		p.up = l.boot(tr, p, boot, i)
		l.pods = append(l.pods, p)
		old := l.pods[i]
		old.down = p.up.Add(l.ms(1500, 6000))
		l.stop(tr, old, old.down)
		t = old.down.Add(l.ms(500, 2000))
	}
}

// boot is a new pod's container starting: the entrypoint's artisan commands, then
// supervisord and its programs; it returns when php-fpm is ready.
func (l *lvLog) boot(tr truth, p *lvPod, t time.Time, i int) time.Time {
	g := l.g
	con := func(at time.Time, s ...string) { l.j.add(tr, at.Truncate(time.Millisecond), s...) }
	con(t, "Starting shop release "+lvNewRel+" (4f2a9c1e)")
	t = t.Add(l.ms(1800, 3200))
	if l.migrated == 0 {
		l.migrated++
		con(t, "   INFO  Running migrations.  ")
		t = t.Add(l.ms(200, 400))
		for _, m := range []string{"2024_07_12_101500_add_gift_wrap_to_orders_table", "2024_07_14_084210_create_review_summaries_table"} {
			d := fmt.Sprintf("%.2fms", g.lognormal(35, 0.3))
			con(t, "  "+m+" "+strings.Repeat(".", 150-len(m)-len(d)-10)+" "+d+" DONE")
			t = t.Add(l.ms(30, 60))
		}
	} else {
		con(t, "   INFO  Nothing to migrate.  ")
	}
	t = t.Add(l.ms(900, 1600))
	con(t, "   INFO  Caching framework bootstrap, configuration, and metadata.  ")
	for _, s := range []string{"config", "events", "routes", "views"} {
		t = t.Add(l.ms(20, 140))
		d := fmt.Sprintf("%.2fms", g.lognormal(map[string]float64{"config": 22, "events": 2, "routes": 26, "views": 110}[s], 0.25))
		con(t, "  "+s+" "+strings.Repeat(".", 150-len(s)-len(d)-10)+" "+d+" DONE")
	}
	t = t.Add(l.ms(300, 700))
	l.sup(tr, t, "INFO", `Included extra file "/etc/supervisor/conf.d/laravel.conf" during parsing`)
	l.sup(tr, t.Add(l.ms(1, 3)), "CRIT", "Supervisor is running as root.  Privileges will not be dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.")
	l.sup(tr, t.Add(l.ms(3, 6)), "INFO", "supervisord started with pid 1")
	t = t.Add(l.ms(1000, 1010))
	progs := []string{"php-fpm", "queue-worker_00", "queue-worker_01", "scheduler"}
	for k, name := range progs {
		l.sup(tr, t.Add(time.Duration(k)*l.ms(1, 3)), "INFO", fmt.Sprintf("spawned: '%s' with pid %d", name, 21+k))
	}
	fpm := t.Truncate(time.Second).Add(time.Second) // its first line, a moment later
	l.fpmLog(tr, fpm, "NOTICE", "fpm is running, pid 21")
	l.fpmLog(tr, fpm.Add(l.ms(1, 3)), "NOTICE", "ready to handle connections")
	t = t.Add(l.ms(1000, 1010))
	for k, name := range progs {
		l.sup(tr, t.Add(time.Duration(k)*l.ms(1, 3)), "INFO", "success: "+name+" entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")
	}
	p.next = 26
	// The readiness probe passes a few seconds later.
	return fpm.Add(l.ms(3000, 8000))
}

// stop is an old pod's SIGTERM: supervisord stops its programs, php-fpm terminates.
func (l *lvLog) stop(tr truth, p *lvPod, t time.Time) {
	t = t.Truncate(time.Second)
	l.sup(tr, t, "WARN", "received SIGTERM indicating exit request")
	l.sup(tr, t, "INFO", "waiting for php-fpm, queue-worker_00, queue-worker_01, scheduler to die")
	l.fpmLog(tr, t.Add(l.ms(2, 5)), "NOTICE", "Terminating ...")
	l.fpmLog(tr, t.Add(l.ms(60, 200)), "NOTICE", "exiting, bye-bye!")
	t = t.Add(l.ms(10, 40))
	for _, s := range []string{"scheduler", "php-fpm", "queue-worker_01", "queue-worker_00"} {
		t = t.Add(l.ms(100, 1400))
		l.sup(tr, t, "INFO", "stopped: "+s+" (exit status 0)")
	}
}

// workers: each pod's two queue workers exit after an hour (--max-time=3600), once the
// job in hand is done, and supervisord starts them again.
func (l *lvLog) workers() {
	g := l.g
	for _, p := range l.pods {
		for k := 0; k < 2; k++ {
			name := fmt.Sprintf("queue-worker_%02d", k)
			began := p.up.Add(-l.ms(2000, 8000))
			if p.up.Before(l.start) {
				began = l.start.Add(-l.ms(0, 3_600_000))
			}
			for t := began.Add(time.Hour + l.ms(0, 4000)); t.Before(p.down) && t.Before(l.end); t = t.Add(time.Hour + l.ms(1000, 6000)) {
				l.sup(routine, t, "INFO", "exited: "+name+" (exit status 0; expected)")
				l.sup(routine, t.Add(l.ms(1000, 1010)), "INFO", fmt.Sprintf("spawned: '%s' with pid %d", name, p.next))
				p.next += g.between(2, 9)
				l.sup(routine, t.Add(l.ms(2000, 2020)), "INFO", "success: "+name+" entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")
			}
		}
	}
}

// poisson draws a count of mean m.
func (l *lvLog) poisson(m float64) int {
	k, p, e := 0, 1.0, math.Exp(-m)
	for {
		if p *= l.g.rng.Float64(); p <= e {
			return k
		}
		k++
	}
}

// pmTruth is the truth of what php-fpm's process manager does at t: spawning while the
// rate API hangs and for a while after, or while the newsletter's visitors are on.
func (l *lvLog) pmTruth(t time.Time) truth {
	switch {
	case !t.Before(l.shipAt) && t.Before(l.shipFix.Add(2*time.Minute)):
		return incident(lvShipHang)
	case !t.Before(l.campaign.start) && t.Before(l.campEnd.Add(5*time.Minute)):
		return l.campaign.truth()
	}
	return routine
}

// fpm is one pod's php-fpm master, second by second: the process manager's upkeep
// (children recycled after 500 requests, spawned when fewer than 4 are idle, stopped
// when more than 10 are), and what it sees of the requests the pod's children serve
// (slow logs past 5 s, terminations past 30 s, their stderr).
func (l *lvLog) fpm(p *lvPod) {
	g := l.g
	from, to := p.up, p.down
	if from.Before(l.start) {
		from = l.start
	}
	if to.After(l.end) {
		to = l.end
	}
	var kids []*lvChild
	if p.up.Before(l.start) {
		for n := g.between(7, 9); n > 0; n-- {
			kids = append(kids, &lvChild{pid: p.next, born: l.start.Add(-l.ms(0, 2_900_000))})
			p.next += g.between(30, 400)
		}
	} else {
		for n := 0; n < 5; n++ {
			kids = append(kids, &lvChild{pid: p.next, born: p.up})
			p.next++
		}
	}
	spawn := func(t time.Time, tr truth) *lvChild {
		c := &lvChild{pid: p.next, born: t.Add(time.Duration(g.between(80, 2500)) * time.Microsecond)}
		p.next += g.between(1, 4)
		kids = append(kids, c)
		l.fpmLog(tr, t, "NOTICE", fmt.Sprintf("[pool www] child %d started", c.pid))
		return c
	}
	gone := func(c *lvChild) {
		if i := slices.Index(kids, c); i >= 0 {
			kids = slices.Delete(kids, i, i+1)
		}
	}
	idleOne := func() *lvChild {
		var free []*lvChild
		for _, c := range kids {
			if !c.held {
				free = append(free, c)
			}
		}
		if len(free) == 0 {
			return nil
		}
		return pick(g, free)
	}
	age := func(c *lvChild, t time.Time) string { return fmt.Sprintf("%.6f", t.Sub(c.born).Seconds()) }

	type act struct {
		at   time.Time
		kind int // 0 upkeep, 1 a request starts, 2 its slow log, 3 it ends
		e    *lvFPMEvent
	}
	var acts []act
	for t := from.Add(l.ms(0, 999)); t.Before(to); t = t.Add(time.Second) {
		acts = append(acts, act{at: t})
	}
	for _, e := range p.events {
		if e.at.Before(from) || !e.at.Before(to) {
			continue
		}
		acts = append(acts, act{e.at, 1, e})
		if e.dur > 5*time.Second {
			acts = append(acts, act{e.at.Add(5*time.Second + l.ms(1, 40)), 2, e})
		}
		if end := e.at.Add(e.dur); e.dur > 0 && end.Before(to) {
			acts = append(acts, act{end, 3, e})
		}
	}
	slices.SortStableFunc(acts, func(a, b act) int { return a.at.Compare(b.at) })

	rate, warned := 1, false
	for _, a := range acts {
		t, e := a.at, a.e
		switch a.kind {
		case 0:
			tr := l.pmTruth(t)
			pr := l.podRate(t)
			held := 0
			for _, c := range kids {
				if c.held {
					held++
				}
			}
			busy := min(len(kids), held+l.poisson(pr*0.1))
			idle := len(kids) - busy
			if g.chance(pr / 500) {
				if c := idleOne(); c != nil {
					l.fpmLog(routine, t, "NOTICE", fmt.Sprintf("[pool www] child %d exited with code 0 after %s seconds from start", c.pid, age(c, t)))
					gone(c)
					spawn(t.Add(l.ms(1, 4)), routine)
				}
			}
			switch {
			case idle < 4 && len(kids) >= 20:
				if !warned {
					l.fpmLog(tr, t, "WARNING", "[pool www] server reached pm.max_children setting (20), consider raising it")
					warned = true
				}
				rate = 1
			case idle < 4:
				if rate >= 8 {
					l.fpmLog(tr, t, "WARNING", fmt.Sprintf("[pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning %d children, there are %d idle, and %d total children", rate, idle, len(kids)))
				}
				n := min(rate, 4-idle, 20-len(kids))
				warned = false
				for ; n > 0; n-- {
					spawn(t, tr)
				}
				rate = min(rate*2, 32)
			case idle > 10:
				if c := idleOne(); c != nil {
					l.fpmLog(tr, t, "NOTICE", fmt.Sprintf("[pool www] child %d exited on signal 3 (SIGQUIT) after %s seconds from start", c.pid, age(c, t)))
					gone(c)
				}
				rate = 1
			default:
				rate = 1
			}
		case 1:
			c := idleOne()
			if c == nil {
				if len(kids) == 0 {
					continue
				}
				c = pick(g, kids)
			}
			e.child = c
			if e.dur > 0 {
				c.held = true
			}
			if e.stderr != "" {
				l.fpmLog(e.tr, t, "WARNING", fmt.Sprintf("[pool www] child %d said into stderr: %s", c.pid, e.stderr))
			}
		case 2:
			c := e.child
			if c == nil || !slices.Contains(kids, c) {
				continue
			}
			stack := e.stack
			if stack == nil {
				stack = lvSlowSQL("first() "+lvApp+"Http/Controllers/ProductController.php:27", "show")
			}
			d := t.Sub(e.at).Seconds()
			l.fpmLog(e.tr, t, "WARNING", fmt.Sprintf(`[pool www] child %d, script '%s' (request: "%s /index.php") executing too slow (%.6f sec), logging`, c.pid, lvIndex, e.method, d),
				fmt.Sprintf("[%s] NOTICE: child %d stopped for tracing", t.Format(lvFPMTS), c.pid),
				fmt.Sprintf("[%s] NOTICE: about to trace %d", t.Format(lvFPMTS), c.pid))
			l.j.add(e.tr, t.Truncate(time.Second), l.slowLog(c.pid, t, stack)...)
			l.fpmLog(e.tr, t, "NOTICE", fmt.Sprintf("finished trace of %d", c.pid))
		case 3:
			c := e.child
			if c == nil || !slices.Contains(kids, c) {
				continue
			}
			c.held = false
			if e.killed {
				l.fpmLog(e.tr, t, "WARNING", fmt.Sprintf(`[pool www] child %d, script '%s' (request: "%s /index.php") execution timed out (%.6f sec), terminating`, c.pid, lvIndex, e.method, t.Sub(e.at).Seconds()))
				l.fpmLog(e.tr, t.Add(l.ms(1, 5)), "WARNING", fmt.Sprintf("[pool www] child %d exited on signal 15 (SIGTERM) after %s seconds from start", c.pid, age(c, t)))
				gone(c)
				spawn(t.Add(l.ms(5, 9)), e.tr)
			}
		}
	}
}
