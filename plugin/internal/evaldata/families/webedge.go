package families

import (
	"fmt"
	"time"
)

// webEdge is an nginx edge proxy in front of four virtual hosts (www, shop, api, static),
// all writing one access log in the combined format with the virtual host first and the
// request time last:
//
//	$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time
//
// Normal traffic: about 6 page and API requests a second from browsers (HTTP/2.0) and the
// mobile app (HTTP/1.1), each page view loading a few assets from the static host (200s
// of tens to hundreds of kilobytes, and 304s of 0 bytes); product pages, categories,
// searches, blog posts, cart and checkout, logins (some 401), API calls (feed, products,
// recommendations, analytics events as 204s, /v1/me with some expired tokens), routine
// 404s, redirects, clients closing the connection (499) and a rare 502; Googlebot and
// bingbot crawling; scanners probing for /wp-login.php and /.env (404, or 444 from the
// default server when they use the address as host); the blackbox exporter probing
// each host's /healthz every 15 s from inside the network.
//
// Benign changes: PetalBot crawling hundreds of paths nobody requested before at 0:35
// for 10 minutes; a campaign ramp from 1:10 (traffic x3 over 30 minutes, back down
// from 2:20 to 2:40); after a deploy of the API at 2:00, version 6.0.0 of the app calls
// a new /v2 prefix, up to a third of API calls over 30 minutes.
//
// Incidents: the recommendations upstream failing at 0:22 for 7 minutes (every call to
// /v1/recommendations a 502, or a 504 after 60 s); credential stuffing at 0:58 for 12
// minutes (POST /login 401 from four addresses, some 429 once rate limiting kicks in, a
// few 200); GET /search 10 times slower (still 200) at 1:50 for 18 minutes; traffic to
// shop.example.com dropping to zero at 2:35 for 10 minutes (a DNS change sent it
// elsewhere: a few requests cut as 499, then only the internal probes reach the host).
var webEdge = Family{
	Name:    "web-edge",
	Role:    Tuning,
	Service: "nginx edge proxy, one access log for four virtual hosts (combined format, $host first, $request_time last)",
	Lines:   webEdgeLines,
}

const (
	webEdgeRecommendations5xx = "api /v1/recommendations 5xx burst (502, 504)"
	webEdgeCredentialStuffing = "credential stuffing: POST /login 401 from four addresses"
	webEdgeSlowSearch         = "GET /search request time x10, all 200"
	webEdgeShopSilent         = "shop.example.com traffic drops to zero for 10 min"
)

type webClient struct {
	ip, ua string
	proto  string
}

type webEdgeLog struct {
	g *gen
	j *journal

	start                   time.Time
	zone                    *time.Location
	crawl, ramp, apiV2      change
	crawlEnd, rampEnd       time.Time
	failAt, stuffAt         time.Time
	slowAt, silentAt        time.Time
	browsers, apps, appsV2  []webClient
	products, categories    []string
	words, blog, stuffers   []string
	appJS, appCSS, vendorJS string
	crawlerIPs              []string
	orderID                 int
}

const (
	webWWW    = "www.example.com"
	webShop   = "shop.example.com"
	webAPI    = "api.example.com"
	webStatic = "static.example.com"
)

func webEdgeLines(seed int64) []Line {
	start := time.Date(2024, 5, 14, 6, 30, 0, 0, time.UTC)
	w := &webEdgeLog{
		g:        newGen(seed, 11),
		j:        &journal{},
		start:    start,
		zone:     time.FixedZone("CEST", 2*60*60),
		crawl:    change{"PetalBot crawling new paths", start.Add(35 * time.Minute)},
		ramp:     change{"campaign ramp x3", start.Add(70 * time.Minute)},
		apiV2:    change{"API deploy: app 6.0.0 calls /v2", start.Add(120 * time.Minute)},
		crawlEnd: start.Add(45 * time.Minute),
		rampEnd:  start.Add(160 * time.Minute),
		failAt:   start.Add(22 * time.Minute),
		stuffAt:  start.Add(58 * time.Minute),
		slowAt:   start.Add(110 * time.Minute),
		silentAt: start.Add(155 * time.Minute),
		orderID:  7_310_000,
	}
	g := w.g
	w.appJS, w.appCSS, w.vendorJS = g.hex(8), g.hex(8), g.hex(8)
	w.words = []string{"sneakers", "running+shoes", "rain+jacket", "backpack", "socks", "linen+shirt", "trail", "gift+card", "kids", "sale", "wool", "sandals", "yoga+mat", "water+bottle", "hoodie", "cap", "leggings", "boots"}
	w.categories = []string{"men", "women", "kids", "outdoor", "running", "accessories", "sale", "new-in", "home", "gifts"}
	adjectives := []string{"classic", "urban", "trail", "light", "merino", "everyday", "pro", "soft", "storm", "city", "alpine", "coastal"}
	nouns := []string{"runner", "jacket", "hoodie", "tee", "backpack", "sneaker", "boot", "short", "cap", "sock", "fleece", "parka", "tote"}
	for i := 0; i < 1500; i++ {
		w.products = append(w.products, fmt.Sprintf("%s-%s-%d", pick(g, adjectives), pick(g, nouns), g.between(100, 9999)))
	}
	for i := 0; i < 120; i++ {
		w.blog = append(w.blog, fmt.Sprintf("%s-%s-%s-guide", pick(g, adjectives), pick(g, nouns), pick(g, []string{"care", "fit", "size", "packing", "layering"})))
	}
	desktop := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.0.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
	}
	for i := 0; i < 4000; i++ {
		w.browsers = append(w.browsers, webClient{ip: g.publicIP(), ua: pick(g, desktop), proto: pick(g, []string{"HTTP/2.0", "HTTP/2.0", "HTTP/2.0", "HTTP/1.1"})})
	}
	for i := 0; i < 2500; i++ {
		w.apps = append(w.apps, webClient{ip: g.publicIP(), ua: w.appUA(pick(g, []string{"5.11.2", "5.12.0", "5.12.1", "5.12.1", "5.12.1"})), proto: "HTTP/1.1"})
		w.appsV2 = append(w.appsV2, webClient{ip: g.publicIP(), ua: w.appUA("6.0.0"), proto: "HTTP/1.1"})
	}
	for i := 0; i < 4; i++ {
		w.stuffers = append(w.stuffers, fmt.Sprintf("%d.%d.%d.%d", pick(g, []int{45, 185, 193}), g.intn(256), g.intn(256), g.between(2, 254)))
	}
	net := fmt.Sprintf("114.119.%d.", g.between(128, 159))
	for i := 0; i < 3; i++ {
		w.crawlerIPs = append(w.crawlerIPs, net+fmt.Sprint(g.between(2, 254)))
	}

	end := start.Add(Length)
	g.arrivals(start, end, func(t time.Time) float64 { return 2.2 * w.load(t) }, w.wwwPage)
	g.arrivals(start, end, func(t time.Time) float64 {
		if within(t, w.silentAt, 10*time.Minute) {
			return 0
		}
		return 1.4 * w.load(t)
	}, w.shopPage)
	g.arrivals(start, end, func(t time.Time) float64 { return 2.4 * w.load(t) }, w.apiCall)
	g.arrivals(start, end, func(t time.Time) float64 { return 0.07 * w.load(t) }, w.login)
	g.arrivals(start, end, func(time.Time) float64 { return 0.3 }, w.googlebot)
	g.arrivals(start, end, func(time.Time) float64 { return 0.1 }, w.bingbot)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 150 }, w.scanner)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, w.bad502)
	for i, host := range []string{webWWW, webShop, webAPI, webStatic} {
		g.every(start.Add(time.Duration(2+3*i)*time.Second), end, 15*time.Second, 200*time.Millisecond, func(t time.Time) { w.probe(t, host) })
	}
	g.arrivals(w.crawl.start, w.crawlEnd, func(time.Time) float64 { return 4 }, w.crawler)
	g.arrivals(w.stuffAt, w.stuffAt.Add(12*time.Minute), func(time.Time) float64 { return 6 }, w.stuffing)
	w.silence()
	return w.j.sorted(end)
}

func (w *webEdgeLog) appUA(version string) string {
	if w.g.chance(0.55) {
		return fmt.Sprintf("ExampleApp/%s (com.example.app; build:%s; iOS %s) Alamofire/5.8.1", version, webBuild(version), pick(w.g, []string{"17.4.1", "17.4.1", "17.3.1", "16.7.7"}))
	}
	return fmt.Sprintf("ExampleApp/%s (Android %s; %s) okhttp/4.12.0", version, pick(w.g, []string{"14", "14", "13", "12"}), pick(w.g, []string{"SM-S911B", "Pixel 8", "Pixel 7a", "SM-A546B", "2201117TY", "CPH2449"}))
}

func webBuild(version string) string {
	b := []byte{}
	for i := 0; i < len(version); i++ {
		if version[i] != '.' {
			b = append(b, version[i])
		}
	}
	return string(b)
}

// load is the traffic multiplier: 1, rising to 3 over 30 minutes from the ramp's start,
// back to 1 over the 20 minutes before rampEnd.
func (w *webEdgeLog) load(t time.Time) float64 {
	return 1 + 2*(rampUp(t, w.ramp.start, 30*time.Minute)-rampUp(t, w.rampEnd.Add(-20*time.Minute), 20*time.Minute))
}

// trafficTruth is the truth of a line that users' traffic writes: the ramp's while it
// lasts.
func (w *webEdgeLog) trafficTruth(t time.Time) truth {
	if !t.Before(w.ramp.start) && t.Before(w.rampEnd) {
		return w.ramp.truth()
	}
	return routine
}

// write logs one request that arrived at t and took rt seconds, at its end, as nginx
// writes it.
func (w *webEdgeLog) write(tr truth, t time.Time, host string, c webClient, method, uri string, status, bytes int, referer string, rt float64) time.Time {
	at := t.Add(time.Duration(rt * float64(time.Second)))
	if referer == "" {
		referer = "-"
	}
	w.j.add(tr, at, fmt.Sprintf(`%s %s - - [%s] "%s %s %s" %d %d "%s" "%s" %.3f`, host, c.ip, at.In(w.zone).Format("02/Jan/2006:15:04:05 -0700"), method, uri, c.proto, status, bytes, referer, c.ua, rt))
	return at
}

func (w *webEdgeLog) browser() webClient {
	// Some visitors browse a lot.
	u := w.g.rng.Float64()
	return w.browsers[int(float64(len(w.browsers))*u*u)]
}

func (w *webEdgeLog) product() string {
	u := w.g.rng.Float64()
	return w.products[int(float64(len(w.products))*u*u)]
}

// upstreamTime draws the time a proxied request takes.
func (w *webEdgeLog) upstreamTime(median float64) float64 {
	return w.g.lognormal(median, 0.5)
}

func (w *webEdgeLog) referrer(host string) string {
	switch u := w.g.rng.Float64(); {
	case u < 0.25:
		return "-"
	case u < 0.4:
		return "https://www.google.com/"
	case u < 0.45:
		return "https://www.bing.com/"
	case u < 0.5:
		return "https://www.instagram.com/"
	}
	return "https://" + host + "/"
}

// abandoned draws the routine requests whose clients went away before the answer: nginx
// logs 499 and what it had sent.
func (w *webEdgeLog) abandoned() bool { return w.g.chance(0.002) }

func (w *webEdgeLog) wwwPage(t time.Time) {
	g := w.g
	c := w.browser()
	tr := w.trafficTruth(t)
	var uri string
	status, bytes, rt := 200, 0, 0.0
	switch u := g.rng.Float64(); {
	case u < 0.18:
		uri, bytes, rt = "/", g.between(38000, 46000), w.upstreamTime(0.035)
	case u < 0.48:
		uri, bytes, rt = "/products/"+w.product(), g.between(60000, 92000), w.upstreamTime(0.055)
		if g.chance(0.02) {
			status, bytes = 404, g.between(9800, 10400)
		}
	case u < 0.66:
		uri, bytes, rt = "/category/"+pick(g, w.categories), g.between(70000, 120000), w.upstreamTime(0.07)
		if g.chance(0.4) {
			uri += fmt.Sprintf("?page=%d", g.between(2, 12))
		}
	case u < 0.82:
		uri, bytes, rt = "/search?q="+pick(g, w.words), g.between(30000, 110000), w.upstreamTime(0.12)
		if g.chance(0.3) {
			uri += fmt.Sprintf("&page=%d", g.between(2, 5))
		}
		if within(t, w.slowAt, 18*time.Minute) {
			rt *= 10
			tr = incident(webEdgeSlowSearch)
		}
	case u < 0.92:
		uri, bytes, rt = "/blog/"+pick(g, w.blog), g.between(24000, 52000), w.upstreamTime(0.04)
	case u < 0.95:
		uri, bytes, rt = "/login", g.between(14000, 15500), w.upstreamTime(0.02)
	case u < 0.97:
		uri, status, bytes, rt = "/shop", 301, 169, 0
	case u < 0.985:
		uri, bytes, rt = "/favicon.ico", 1150, 0
		if g.chance(0.6) {
			status, bytes = 304, 0
		}
	default:
		uri, bytes, rt = "/robots.txt", 412, 0
	}
	if rt > 0 && w.abandoned() {
		status, bytes, rt = 499, 0, g.lognormal(2.5, 0.8)
	}
	at := w.write(tr, t, webWWW, c, "GET", uri, status, bytes, w.referrer(webWWW), rt)
	if status == 200 && bytes > 20000 {
		w.assets(tr, at, c, "https://"+webWWW+uri)
	}
}

// assets are what a page view loads from the static host after its HTML.
func (w *webEdgeLog) assets(tr truth, at time.Time, c webClient, page string) {
	g := w.g
	if tr.incident != "" {
		tr = w.trafficTruth(at) // the assets load as fast as ever
	}
	n := g.between(0, 4)
	for i := 0; i < n; i++ {
		at = at.Add(time.Duration(g.between(20, 400)) * time.Millisecond)
		var uri string
		status, bytes := 200, 0
		switch u := g.rng.Float64(); {
		case u < 0.2:
			uri, bytes = "/assets/js/app."+w.appJS+".js", 184321
		case u < 0.3:
			uri, bytes = "/assets/js/vendor."+w.vendorJS+".js", 402117
		case u < 0.45:
			uri, bytes = "/assets/css/main."+w.appCSS+".css", 61877
		case u < 0.5:
			uri, bytes = "/assets/fonts/inter-var.woff2", 317560
		default:
			uri, bytes = fmt.Sprintf("/img/p/%s-%d.webp", w.product(), pick(g, []int{320, 640, 640, 1280})), g.between(9000, 380000)
			if g.chance(0.005) {
				status, bytes = 404, 153
			}
		}
		if status == 200 && g.chance(0.35) {
			status, bytes = 304, 0
		}
		rt := 0.0
		if bytes > 100000 && g.chance(0.5) {
			rt = g.lognormal(0.02, 0.9) // a slow client reading a large answer
		}
		w.write(tr, at, webStatic, c, "GET", uri, status, bytes, page, rt)
	}
}

func (w *webEdgeLog) shopPage(t time.Time) {
	g := w.g
	c := w.browser()
	tr := w.trafficTruth(t)
	method, uri := "GET", ""
	status, bytes, rt := 200, 0, 0.0
	switch u := g.rng.Float64(); {
	case u < 0.45:
		uri, bytes, rt = "/p/"+w.product(), g.between(55000, 80000), w.upstreamTime(0.05)
		if g.chance(0.015) {
			status, bytes = 404, g.between(8200, 8600)
		}
	case u < 0.62:
		uri, bytes, rt = "/cart", g.between(21000, 34000), w.upstreamTime(0.04)
	case u < 0.77:
		method, uri, bytes, rt = "POST", "/cart/add", g.between(180, 260), w.upstreamTime(0.03)
		if g.chance(0.01) {
			status, bytes = 409, 74
		}
	case u < 0.87:
		uri, bytes, rt = "/checkout", g.between(40000, 52000), w.upstreamTime(0.08)
	case u < 0.94:
		method, uri, bytes, rt = "POST", "/checkout/payment", g.between(300, 420), w.upstreamTime(0.6)
		if g.chance(0.04) {
			status, bytes = 402, g.between(140, 180)
		}
	default:
		w.orderID += g.between(1, 4)
		uri, bytes, rt = fmt.Sprintf("/order/confirmation/%d", w.orderID), g.between(18000, 22000), w.upstreamTime(0.05)
	}
	if rt > 0 && w.abandoned() {
		status, bytes, rt = 499, 0, g.lognormal(2.5, 0.8)
	}
	at := w.write(tr, t, webShop, c, method, uri, status, bytes, w.referrer(webShop), rt)
	if method == "GET" && status == 200 {
		w.assets(tr, at, c, "https://"+webShop+uri)
	}
}

func (w *webEdgeLog) apiCall(t time.Time) {
	g := w.g
	tr := w.trafficTruth(t)
	prefix, c := "/v1", pick(g, w.apps)
	if g.chance(0.35 * rampUp(t, w.apiV2.start, 30*time.Minute)) {
		prefix, c, tr = "/v2", pick(g, w.appsV2), w.apiV2.truth()
	}
	method, path := "GET", ""
	status, bytes, rt := 200, 0, 0.0
	switch u := g.rng.Float64(); {
	case u < 0.25:
		path, bytes, rt = fmt.Sprintf("/feed?cursor=%s&limit=20", g.hex(12)), g.between(8000, 26000), w.upstreamTime(0.06)
	case u < 0.45:
		path, bytes, rt = fmt.Sprintf("/products/%d", g.between(10000, 99999)), g.between(1800, 4200), w.upstreamTime(0.02)
		if g.chance(0.02) {
			status, bytes = 404, 58
		}
	case u < 0.6:
		path, bytes, rt = fmt.Sprintf("/recommendations?user_id=%d&slot=%s", g.between(100000, 999999), pick(g, []string{"home", "home", "pdp", "cart"})), g.between(3000, 6500), w.upstreamTime(0.09)
		if prefix == "/v1" && within(t, w.failAt, 7*time.Minute) {
			// The recommendations pods crash-loop: mostly refused at once, some hang
			// until the proxy's read timeout.
			tr = incident(webEdgeRecommendations5xx)
			status, bytes, rt = 502, 157, g.lognormal(0.004, 0.6)
			if g.chance(0.15) {
				status, bytes, rt = 504, 167, 60+g.rng.Float64()*0.004
			}
		}
	case u < 0.8:
		method, path, status, bytes, rt = "POST", "/events", 204, 0, w.upstreamTime(0.004)
	case u < 0.92:
		path, bytes, rt = "/me", g.between(540, 700), w.upstreamTime(0.012)
		if g.chance(0.015) {
			status, bytes = 401, 37
		}
	case u < 0.97:
		path, bytes, rt = "/orders?limit=20", g.between(2000, 14000), w.upstreamTime(0.05)
	default:
		method, path, status, bytes, rt = "POST", "/cart/items", 201, g.between(400, 900), w.upstreamTime(0.03)
	}
	if status < 500 && w.abandoned() {
		status, bytes, rt = 499, 0, g.lognormal(2.5, 0.8)
	}
	w.write(tr, t, webAPI, c, method, prefix+path, status, bytes, "-", rt)
}

// login is the routine sign-in form posting to www: mostly 200, some wrong passwords.
func (w *webEdgeLog) login(t time.Time) {
	status, bytes := 200, w.g.between(80, 96)
	if w.g.chance(0.08) {
		status, bytes = 401, 42
	}
	w.write(w.trafficTruth(t), t, webWWW, w.browser(), "POST", "/login", status, bytes, "https://www.example.com/login", w.upstreamTime(0.09))
}

// stuffing is one attempt of the credential stuffing: four addresses cycling through
// leaked pairs; the rate limiter answers 429 to some of them after four minutes.
func (w *webEdgeLog) stuffing(t time.Time) {
	g := w.g
	c := webClient{ip: pick(g, w.stuffers), ua: pick(g, w.browsers).ua, proto: "HTTP/1.1"}
	status, bytes, rt := 401, 42, w.upstreamTime(0.09)
	switch {
	case t.Sub(w.stuffAt) > 4*time.Minute && g.chance(0.3):
		status, bytes, rt = 429, 169, 0
	case g.chance(0.004):
		status, bytes = 200, g.between(80, 96)
	}
	referer := "-"
	if g.chance(0.5) {
		referer = "https://www.example.com/login"
	}
	w.write(incident(webEdgeCredentialStuffing), t, webWWW, c, "POST", "/login", status, bytes, referer, rt)
}

func (w *webEdgeLog) googlebot(t time.Time) {
	g := w.g
	c := webClient{ip: fmt.Sprintf("66.249.%d.%d", pick(g, []int{64, 66, 68, 79}), g.between(1, 254)), proto: "HTTP/1.1",
		ua: pick(g, []string{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"})}
	w.bot(t, c)
}

func (w *webEdgeLog) bingbot(t time.Time) {
	g := w.g
	c := webClient{ip: fmt.Sprintf("%s.%d", pick(g, []string{"157.55.39", "40.77.167", "207.46.13"}), g.between(1, 254)), proto: "HTTP/1.1", ua: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"}
	w.bot(t, c)
}

// bot is a search engine fetching known pages, sitemaps and the odd page gone since.
func (w *webEdgeLog) bot(t time.Time, c webClient) {
	g := w.g
	host, uri := webWWW, "/products/"+pick(g, w.products)
	status, bytes, rt := 200, g.between(60000, 92000), w.upstreamTime(0.06)
	switch u := g.rng.Float64(); {
	case u < 0.05:
		uri, bytes, rt = "/robots.txt", 412, 0
	case u < 0.1:
		uri, bytes, rt = fmt.Sprintf("/sitemap-products-%d.xml", g.between(1, 6)), g.between(180000, 260000), w.upstreamTime(0.2)
	case u < 0.3:
		uri, bytes = "/blog/"+pick(g, w.blog), g.between(24000, 52000)
	case u < 0.45:
		host, uri, bytes = webShop, "/p/"+pick(g, w.products), g.between(55000, 80000)
		if within(t, w.silentAt, 10*time.Minute) {
			return // the bots resolve names too
		}
	case u < 0.5:
		status, bytes = 404, g.between(9800, 10400)
	case u < 0.53:
		status, bytes, rt = 301, 169, 0
		uri = "/product/" + pick(g, w.products)
	}
	w.write(routine, t, host, c, "GET", uri, status, bytes, "-", rt)
}

// scanner is one address trying a handful of well-known weak spots in a few seconds.
func (w *webEdgeLog) scanner(t time.Time) {
	g := w.g
	c := webClient{ip: g.publicIP(), proto: "HTTP/1.1", ua: pick(g, []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
		"python-requests/2.31.0", "Mozilla/5.0 zgrab/0.x", "Go-http-client/1.1", "curl/7.88.1",
		"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"})}
	paths := []string{"/wp-login.php", "/.env", "/.git/config", "/xmlrpc.php", "/phpmyadmin/index.php", "/admin/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		"/wp-content/plugins/wp-file-manager/readme.txt", "/.aws/credentials", "/config.json", "/actuator/env", "/server-status", "/cgi-bin/luci/;stok=/locale", "/solr/admin/info/system"}
	byAddress := g.chance(0.5)
	n := g.between(2, 12)
	for i := 0; i < n; i++ {
		t = t.Add(time.Duration(g.between(50, 1500)) * time.Millisecond)
		if byAddress {
			// The default server closes the connection without an answer.
			w.write(routine, t, "198.51.100.24", c, "GET", pick(g, paths), 444, 0, "-", 0)
			continue
		}
		w.write(routine, t, webWWW, c, "GET", pick(g, paths), 404, g.between(9800, 10400), "-", w.upstreamTime(0.02))
	}
}

// bad502 is the rare routine 502: an upstream connection reset while a pod is replaced.
func (w *webEdgeLog) bad502(t time.Time) {
	path := pick(w.g, []string{"/v1/feed?cursor=" + w.g.hex(12) + "&limit=20", "/v1/me", fmt.Sprintf("/v1/products/%d", w.g.between(10000, 99999))})
	w.write(routine, t, webAPI, pick(w.g, w.apps), "GET", path, 502, 157, "-", w.g.lognormal(0.003, 0.5))
}

var webProbe = webClient{ip: "10.0.4.21", ua: "Blackbox Exporter/0.24.0", proto: "HTTP/1.1"}

// probe is the blackbox exporter inside the network checking a host; it does not go
// through public DNS, so it reaches a host nobody else can.
func (w *webEdgeLog) probe(t time.Time, host string) {
	tr := routine
	if host == webShop && within(t, w.silentAt, 10*time.Minute) {
		tr = incident(webEdgeShopSilent)
	}
	w.write(tr, t, host, webProbe, "GET", "/healthz", 200, 2, "-", w.g.lognormal(0.001, 0.3))
}

// crawler is PetalBot walking paths of www nobody requests: tag pages, archives, review
// pages, filtered categories.
func (w *webEdgeLog) crawler(t time.Time) {
	g := w.g
	c := webClient{ip: pick(g, w.crawlerIPs), proto: "HTTP/1.1", ua: "Mozilla/5.0 (compatible;PetalBot;+https://webmaster.petalsearch.com/site/petalbot)"}
	var uri string
	status, bytes, rt := 200, 0, w.upstreamTime(0.08)
	switch u := g.rng.Float64(); {
	case u < 0.3:
		uri, bytes = fmt.Sprintf("/products/%s/reviews?page=%d", pick(g, w.products), g.between(1, 9)), g.between(30000, 60000)
	case u < 0.5:
		uri, bytes = fmt.Sprintf("/blog/tag/%s?page=%d", pick(g, w.words), g.between(1, 20)), g.between(20000, 40000)
	case u < 0.7:
		uri, bytes = fmt.Sprintf("/category/%s?sort=%s&color=%s&page=%d", pick(g, w.categories), pick(g, []string{"price_asc", "price_desc", "newest", "rating"}), pick(g, []string{"black", "navy", "olive", "red", "grey", "white"}), g.between(1, 30)), g.between(70000, 120000)
	case u < 0.85:
		uri, bytes = fmt.Sprintf("/blog/archive/%d/%02d/", g.between(2016, 2023), g.between(1, 12)), g.between(18000, 36000)
		if g.chance(0.2) {
			status, bytes = 404, g.between(9800, 10400)
		}
	default:
		uri, status, bytes, rt = fmt.Sprintf("/collections/%s-%d", pick(g, w.categories), g.between(2015, 2021)), 301, 169, 0
	}
	w.write(w.crawl.truth(), t, webWWW, c, "GET", uri, status, bytes, "-", rt)
}

// silence writes the shop requests in flight when the DNS change took effect: the CDN
// dropped their connections.
func (w *webEdgeLog) silence() {
	g := w.g
	n := g.between(4, 8)
	for i := 0; i < n; i++ {
		t := w.silentAt.Add(-time.Duration(g.between(200, 3000)) * time.Millisecond)
		rt := w.silentAt.Sub(t).Seconds() + g.rng.Float64()*0.05
		method, uri := "GET", pick(g, []string{"/p/" + w.product(), "/cart", "/checkout"})
		if g.chance(0.3) {
			method, uri = "POST", "/checkout/payment"
		}
		w.write(incident(webEdgeShopSilent), t, webShop, w.browser(), method, uri, 499, 0, "https://shop.example.com/", rt)
	}
}
