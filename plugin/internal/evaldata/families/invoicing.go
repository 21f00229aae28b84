package families

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// invoicing is a B2B invoicing API: a FastAPI 0.115 application on Python 3.12, run by
// gunicorn 22 with four uvicorn workers (uvicorn.workers.UvicornWorker, --timeout 30,
// --max-requests 10000 --max-requests-jitter 2000) in each of three pods on Kubernetes,
// behind an nginx ingress. The entrypoint runs `alembic upgrade head` before it execs
// gunicorn. The pods' stdout and stderr are interleaved in one stream as the log
// collector ships them (it drops empty lines). Four writers share it:
//
//   - gunicorn's arbiter and workers, in gunicorn's format:
//     `[2024-10-31 08:42:13 +0000] [1] [INFO] Starting gunicorn 22.0.0`,
//     `[2024-10-31 09:53:20 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:23)`,
//     `[2024-10-31 10:19:02 +0000] [1] [ERROR] Worker (pid:16) was sent SIGKILL! Perhaps out of memory?`;
//   - uvicorn's loggers, to which the application applies uvicorn's own logging config
//     when it is imported (so its default and access formatters, no timestamps):
//     `INFO:     Started server process [9]`, access lines written when the response
//     starts, `INFO:     10.42.3.17:51234 - "POST /v1/invoices HTTP/1.1" 201 Created`
//     (the client is the ingress controller's pod, or a caller inside the cluster), and
//     `ERROR:    Exception in ASGI application` with its traceback as continuation lines;
//   - the application's structlog lines, rendered by JSONRenderer (json.dumps, so ", "
//     and ": " between members), the request id and tenant bound by the middleware:
//     `{"event": "invoice.created", "invoice_id": "inv_...", ..., "duration_ms": 41.2,
//     "request_id": "...", "tenant": "...", "level": "info", "logger": "app.invoices",
//     "timestamp": "2024-10-31T08:00:01.234567Z"}`; the standard library's records
//     (httpx's `HTTP Request: POST ... "HTTP/1.1 200 OK"`) go through structlog's
//     ProcessorFormatter and look the same. A traceback the application logs is its
//     "exception" member (format_exc_info), one line. The application's exception
//     handlers turn SQLAlchemy errors into 503s (request.failed) and renderer failures
//     into 502s and 504s; the catch-all handler logs unhandled_exception and sends a
//     500, and Starlette raises the exception again, so uvicorn writes it too;
//   - Alembic, at a pod's start: `INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.`
//
// The kubelet's probes (/healthz, /readyz) are not logged: a filter on uvicorn.access
// drops them.
//
// Normal operation, 10 requests a second at 08:30 local time (07:30 UTC) rising to 15
// by 10:30, 12-22 lines a second: ERP integrations and the billing-web frontend of 90
// tenants (a few large, most small) read and list invoices, create them (an invoice in
// 25 fails validation with a 422, an idempotent replay now and then), finalize them (the
// PDF rendered by pdf-renderer over httpx, then an e-mail sent by a background task),
// fetch their PDFs (a redirect to object storage, or, for the tenth not cached, a render
// through the old synchronous client), charge them through Stripe (a few declined with
// 402), and manage customers; Stripe's webhooks; a few aging reports and CSV exports.
// What every such API writes: 401s (expired tokens, unknown and revoked keys, missing
// credentials), 404s, 409s, scanners' 404s, small tenants' sync jobs hitting the Redis
// rate limiter's 120 requests a minute (429s), a Redis timeout the limiter fails open
// on, a renderer 500, an SMTP failure retried, a deadlock on a webhook (503), a few
// unhandled exceptions (a deleted customer's PDF, a template missing a VAT id) with
// uvicorn's traceback, a slow query now and then (request.slow over 2 s). Each worker's
// watchdog logs its memory every 5 minutes (worker.memory: pid, rss_mb, requests,
// uptime_s), and workers reaching their request limit restart (uvicorn's Maximum
// request limit warning, the shutdown, gunicorn's Worker exiting and Booting worker).
//
// Benign changes:
//   - 0:10, a new tenant's onboarding: it uploads its customers (import.accepted, a
//     background import with progress, rejected rows and completion, polled every 5 s),
//     then its migration script posts 9,000 historical invoices at 14 a second, over its
//     600 a minute (429s with rate_limit.exceeded each minute) until an operator raises
//     its limit about 6 minutes in (rate_limit.override_set), then at 9 a second for
//     another 13 minutes. All its lines carry the change.
//   - 0:55 for ten minutes, the on-call engineer sets the app.payments logger to debug
//     (PUT /internal/log-levels): every worker logs log_level.changed, then debug lines
//     (stripe.request, stripe.response, webhook.signature_verified,
//     payment_intent.matched) until each logs log_level.restored.
//   - 1:12, rolling deploy of 3.15.0 (maxSurge 1): each new pod runs the Alembic
//     migrations (the first one two revisions), starts gunicorn and its workers, and when
//     ready an old pod is drained and stopped (Handling signal: term, each worker's
//     shutdown, Shutting down: Master). 3.15.0 adds credit notes (POST and GET
//     /v1/credit-notes, 404 on the old pods while they serve) and a tax_mode member on
//     invoice.created. The change's lines are the pods' start-up and shutdown, the
//     credit-note calls and the new pods' lines until 4-5 minutes after the last old pod
//     stopped; afterwards they are routine.
//   - 1:45 for 30 minutes, the month-end invoicing run: a CronJob creates an invoice for
//     each due subscription (subscription_id) and finalizes it, 2.4 a second, each PDF
//     rendered and e-mailed; the renderer is a little slower under the load.
//
// Incidents:
//   - the payment provider failing, 0:38 for about 6 minutes, with its tail about 9: Stripe
//     answers 500, 502 and 503 (and some calls time out after 10 s) for most payment
//     requests: httpx's lines with the status, payment.provider_error warnings per attempt
//     (three attempts with exponential back-off), payment.failed and 502s when all three
//     fail, the clients' retries 2-5 minutes later; Stripe's webhooks stop and arrive in a
//     burst, minutes old (age_s), after it recovers.
//   - connection pools exhausted, 1:32 for about 4 minutes: a large tenant opens a new BI
//     dashboard whose 24 panels request the aging report over six years every minute; each
//     query runs for half a minute, the database saturates and the workers' pools (10 plus 5
//     overflow) run dry: requests wait for connections (request.slow), fail after the 10 s
//     pool timeout (QueuePool limit of size 10 overflow 5 reached: request.failed, 503) or
//     when Postgres refuses more connections (asyncpg.exceptions.TooManyConnectionsError:
//     unhandled, 500, uvicorn's traceback); report queries hit the 60 s statement timeout
//     (QueryCanceledError, 503). The on-call engineer revokes the dashboard's API key
//     (api_key.revoked), its requests get 401 until it gives up, and the database recovers
//     in half a minute.
//   - the PDF renderer hanging, 2:22 for about 14 minutes: pdf-renderer slows down, its
//     latency climbing from half a second to tens of seconds over 5 minutes, then hangs (or
//     answers 503) for 6 more: finalizations are slow (request.slow), then time out after 20
//     s (pdf.render_failed with httpx.ReadTimeout, 504) or fail (502); PDF downloads not
//     cached render through the old synchronous client, which blocks the worker's event
//     loop: past 30 s gunicorn kills the worker (WORKER TIMEOUT, was sent SIGABRT!) and
//     boots another. Clients retry; once the renderer is restarted the retries go through.
//   - a worker killed for memory, twice, 2:43 for about 13 minutes: a tenant exports every
//     invoice line since 2017; the background task holds the rows in memory, the worker's
//     watchdog warns as its memory climbs past 1 GiB (worker.memory_high) and 5-6 minutes on
//     the kernel kills it (was sent SIGKILL! Perhaps out of memory?) and gunicorn boots
//     another. The tenant's script polls the export, which stays running, and starts it
//     again 7 minutes in, on another worker, with the same end; then it gives up.
var invoicing = Family{
	Name:    "invoicing",
	Role:    Tuning,
	Service: "FastAPI invoicing API under gunicorn with uvicorn workers, three pods interleaved: gunicorn's lines, uvicorn's server and access lines, structlog JSON with tracebacks as a member, Alembic at start",
	Lines:   invoicingLines,
}

const (
	ivProvider = "payment provider failing: Stripe 5xx and timeouts, payments retried three times and failed with 502s, webhooks arriving late in a burst"
	ivPool     = "a BI dashboard's report queries saturating the database: pool timeouts, too many connections, statement timeouts, 503s and 500s"
	ivRenderer = "pdf-renderer slowing then hanging: slow finalizations, render timeouts and 502s, workers blocked past 30 s killed by gunicorn"
	ivExport   = "an export holding every invoice line in memory: the watchdog's memory warnings, the worker OOM-killed, twice"
)

const (
	ivSite      = "/usr/local/lib/python3.12/site-packages/"
	ivRenderURL = "http://pdf-renderer.documents.svc.cluster.local:8080/render"
	ivStripeURL = "https://api.stripe.com/v1/payment_intents"
	ivRedisURL  = "redis://invoicing-redis-master.billing.svc.cluster.local:6379/0"
	ivSlow      = 2 * time.Second // the middleware's request.slow threshold
	ivHighRSS   = 1024.0          // the watchdog's warning threshold, MiB
	ivOldRel    = "3.14.2"
	ivNewRel    = "3.15.0"
)

var ivPhrase = map[int]string{200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 307: "Temporary Redirect",
	400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 404: "Not Found", 409: "Conflict",
	422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
	503: "Service Unavailable", 504: "Gateway Timeout"}

type ivTenant struct {
	slug   string
	weight float64
	limit  int           // requests a minute
	counts map[int64]int // requests per clock minute, as the rate limiter's Redis keys count them
}

// ivPod is one pod: its gunicorn arbiter (pid 1) and four worker slots, each a list of
// the worker processes that held it, in order.
type ivPod struct {
	name, version, sha string
	ready, term        time.Time // in the Service's endpoints from ready until term
	slots              [4][]*ivWorker
	pid                int // the last pid handed out
}

func (p *ivPod) serving(t time.Time) bool { return !t.Before(p.ready) && t.Before(p.term) }

type ivWorker struct {
	pod              *ivPod
	slot, pid        int
	boot, ready, end time.Time // forked, startup complete, gone
	blocked          time.Time // its event loop blocked from then on (zero: never)
	leakFrom, leakTo time.Time // an export filling its memory until the kernel kills it
	served, max      int       // requests served when the log starts; uvicorn's limit
	rss              float64   // MiB after start-up
}

// ivReq is one request as the application handles it: at is when it arrived, t moves
// on as the handler works.
type ivReq struct {
	h             *ivLog
	tr            truth
	at, t         time.Time
	method, route string
	path, client  string
	rid           string
	tn            *ivTenant
	authed        bool
	pod           *ivPod
	try           int
	inv           string
}

type ivLog struct {
	g          *gen
	j          *journal
	start, end time.Time

	tenants         []*ivTenant
	tcum            []float64
	ingress, web    []string
	toolbox, jobIP  string
	pods            []*ivPod
	cum             []float64 // requests per worker since the log's start, every 10 s
	newTenant       *ivTenant
	dash, exporter  *ivTenant
	dashKey         string
	onboard, debug  change
	deploy, batch   change
	sigterm         [3]time.Time
	firstNew        time.Time // the first 3.15.0 pod ready
	deployEnd       time.Time // the deploy's lines end
	overrideAt      time.Time
	stripeAt        time.Time
	stripeFix       time.Time
	poolAt, poolFix time.Time
	poolBlock       time.Time
	pdfAt, pdfFix   time.Time
	pdfStuck        time.Time
	exportAt        time.Time
	sync            []*ivReq // uncached PDF downloads while the renderer is in trouble, rendered in order at the end
	invoiceNo       int
}

func invoicingLines(seed int64) []Line {
	start := time.Date(2024, 10, 31, 7, 30, 0, 0, time.UTC)
	g := newGen(seed, 31)
	h := &ivLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + h.ms(lo*1000, hi*1000))
	}
	h.onboard = change{"tenant onboarding: a new tenant's customer import and 9,000 historical invoices, rate limited until its limit is raised", at(10, 0, 50)}
	h.stripeAt = at(38, 0, 50)
	h.stripeFix = h.stripeAt.Add(6*time.Minute + h.ms(-20_000, 40_000))
	h.debug = change{"log level of the app.payments logger set to debug on every worker for ten minutes", at(55, 0, 50)}
	h.deploy = change{"rolling deploy of invoicing-api 3.15.0: Alembic migrations, the three pods replaced one by one, credit-note endpoints", at(72, 0, 40)}
	h.poolAt = at(92, 0, 50)
	h.poolBlock = h.poolAt.Add(2*time.Minute + h.ms(30_000, 60_000))
	h.poolFix = h.poolBlock.Add(h.ms(25_000, 45_000))
	h.batch = change{"month-end invoicing run: invoices created and finalized from subscriptions for 30 minutes", at(105, 0, 40)}
	h.pdfAt = at(142, 0, 50)
	h.pdfStuck = h.pdfAt.Add(5*time.Minute + h.ms(-20_000, 20_000))
	h.pdfFix = h.pdfAt.Add(11*time.Minute + h.ms(0, 60_000))
	h.exportAt = at(163, 0, 40)
	h.setup()
	// The pods' lives come first: the deploy's new pods, the old pods' workers reaching
	// their request limits until the deploy stops them.
	h.rollout()
	h.recycles()
	for i, p := range h.pods[:3] {
		h.terminate(h.deploy.truth(), p, h.sigterm[i])
	}
	h.levelChange()
	h.traffic()
	h.onboarding()
	h.monthEnd()
	h.poolOutage()
	h.stripeBacklog()
	h.renderQueue()
	h.exportOOM()
	h.watchdog()
	return h.j.sorted(h.end)
}

// thinned calls fn at the times of a Poisson process of rate(t) <= max events a second
// (a rate near 0 would otherwise wait past its rise).
func (h *ivLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	h.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if h.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

func (h *ivLog) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *ivLog) msf(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

// load is the API's traffic from 08:30 local time: the morning's rise and the swell of
// a working day.
func (h *ivLog) load(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return (0.82 + 0.5*rampUp(t, h.start, 150*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/19) + 0.05*math.Sin(2*math.Pi*m/6.7))
}

// reqRate is about how many requests a second the workers serve (for their request
// counts and limits).
func (h *ivLog) reqRate(t time.Time) float64 {
	r := 11.5 * h.load(t)
	if within(t, h.onboard.start.Add(4*time.Minute), 16*time.Minute) {
		r += 10
	}
	if within(t, h.batch.start, 30*time.Minute) {
		r += 4.8
	}
	return r
}

var ivNames = []string{"nord", "alpen", "baltic", "rhein", "hanse", "delta", "atlas", "orbit", "kestrel", "lumen", "vertex",
	"meridian", "pioneer", "summit", "harbor", "granite", "falcon", "cedar", "aurora", "polar", "brightwater", "elbe", "saxon",
	"iberia", "tessel", "fjord", "oakridge", "bluebell", "copper", "linden", "kranich", "westend", "mosel", "quantum", "ember"}

var ivTrades = []string{"logistik", "freight", "energie", "systems", "health", "foods", "media", "software", "consulting", "bau",
	"textil", "labs", "retail", "pharma", "motors", "solar", "werke", "partners", "analytics", "print", "moebel", "optik"}

var ivDomains = []string{"gmail.com", "outlook.com", "t-online.de", "gmx.de", "web.de", "icloud.com", "posteo.de", "orange.fr",
	"mueller-bau.de", "schmidt-logistik.de", "vanderberg.nl", "lindqvist.se", "kowalczyk.pl", "hofer-gmbh.at", "rossi-srl.it",
	"bluepeak.io", "northstar-group.com", "agrotec.de", "citymed.de", "brauhaus-weber.de", "studio-kern.de", "fleetwise.eu"}

// setup draws the tenants, the callers' addresses and the three pods running 3.14.2
// when the log starts.
func (h *ivLog) setup() {
	g := h.g
	seen := map[string]bool{}
	for len(h.tenants) < 90 {
		s := pick(g, ivNames) + "-" + pick(g, ivTrades)
		if seen[s] || s == "hartmann-logistik" {
			continue
		}
		seen[s] = true
		rank := float64(len(h.tenants) + 1)
		tn := &ivTenant{slug: s, weight: 1 / math.Pow(rank, 0.9), limit: 600, counts: map[int64]int{}}
		if rank > 55 { // the starter plan
			tn.limit = 120
		}
		h.tenants = append(h.tenants, tn)
	}
	total := 0.0
	for _, tn := range h.tenants {
		total += tn.weight
		h.tcum = append(h.tcum, total)
	}
	h.newTenant = &ivTenant{slug: "hartmann-logistik", limit: 600, counts: map[int64]int{}}
	h.dash = h.tenants[g.between(0, 4)]
	h.exporter = h.tenants[g.between(5, 12)]
	h.dashKey = "key_" + h.id(16)
	ip := func() string { return fmt.Sprintf("10.42.%d.%d", g.between(0, 11), g.between(2, 254)) }
	for i := 0; i < 3; i++ {
		h.ingress = append(h.ingress, ip())
		h.web = append(h.web, ip())
	}
	h.toolbox, h.jobIP = ip(), ip()
	rs, sha := g.alnum(10), g.hex(7)
	for i := 0; i < 3; i++ {
		p := &ivPod{name: "invoicing-api-" + rs + "-" + g.alnum(5), version: ivOldRel, sha: sha,
			ready: h.start.Add(-time.Duration(g.between(30, 70)) * time.Hour), term: h.end.Add(time.Hour), pid: g.between(40, 900)}
		for s := range p.slots {
			p.pid += g.between(1, 120)
			w := &ivWorker{pod: p, slot: s, pid: p.pid, max: 10000 + g.intn(2001), rss: g.normal(430, 18), end: h.end.Add(time.Hour)}
			w.served = g.intn(w.max)
			w.boot = h.start.Add(-time.Duration(float64(w.served)/0.45*float64(time.Second)) - h.ms(0, 600_000))
			w.ready = w.boot.Add(2 * time.Second)
			p.slots[s] = []*ivWorker{w}
		}
		h.pods = append(h.pods, p)
	}
	for t, n := h.start, 0.0; !t.After(h.end); t = t.Add(10 * time.Second) {
		h.cum = append(h.cum, n)
		n += h.reqRate(t) / 12 * 10
	}
}

const ivB62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// id returns n characters of an id as Stripe-style ids are made.
func (h *ivLog) id(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ivB62[h.g.intn(len(ivB62))]
	}
	return string(b)
}

func (h *ivLog) invoice() string  { return "inv_" + h.id(24) }
func (h *ivLog) customer() string { return "cus_" + h.id(14) }

func (h *ivLog) tenant() *ivTenant {
	u := h.g.rng.Float64() * h.tcum[len(h.tcum)-1]
	i, _ := slices.BinarySearch(h.tcum, u)
	return h.tenants[min(i, len(h.tenants)-1)]
}

// client is the address uvicorn sees: the ingress controller's pod for outside
// callers, billing-web's pod for the frontend; the port is ephemeral.
func (h *ivLog) client(web bool) string {
	ips := h.ingress
	if web {
		ips = h.web
	}
	return fmt.Sprintf("%s:%d", pick(h.g, ips), h.g.between(32768, 60999))
}

// again is the caller's address on a new connection.
func (h *ivLog) again(client string) string {
	if i := strings.LastIndexByte(client, ':'); i >= 0 {
		client = client[:i]
	}
	return fmt.Sprintf("%s:%d", client, h.g.between(32768, 60999))
}

func (h *ivLog) amount() int {
	return int(math.Round(h.g.lognormal(48_000, 1.1)/10) * 10)
}

func (h *ivLog) currency() string {
	return []string{"EUR", "USD", "GBP", "CHF", "SEK"}[h.g.weighted(5, func(i int) float64 { return []float64{70, 12, 8, 6, 4}[i] })]
}

// pod is the pod the Service sends a request at t to.
func (h *ivLog) pod(t time.Time) *ivPod {
	i := h.g.weighted(len(h.pods), func(i int) float64 {
		if h.pods[i].serving(t) {
			return 1
		}
		return 0
	})
	if i < 0 {
		return h.pods[0]
	}
	return h.pods[i]
}

// workerOf is the worker of p that accepts a request at t: any whose event loop runs.
func (h *ivLog) workerOf(p *ivPod, t time.Time) *ivWorker {
	var c []*ivWorker
	for _, s := range p.slots {
		w := s[len(s)-1]
		if !w.ready.After(t) && t.Before(w.end) && w.blocked.IsZero() {
			c = append(c, w)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return pick(h.g, c)
}

func (h *ivLog) cumAt(t time.Time) float64 {
	i := int(t.Sub(h.start) / (10 * time.Second))
	return h.cum[max(0, min(i, len(h.cum)-1))]
}

// served is how many requests w has served by t.
func (h *ivLog) served(w *ivWorker, t time.Time) int {
	from := w.ready
	if from.Before(h.start) {
		from = h.start
	}
	return w.served + int(h.cumAt(t)-h.cumAt(from))
}

// Writing ------------------------------------------------------------------------------

func (h *ivLog) gunicorn(tr truth, at time.Time, pid int, level, msg string) {
	h.j.add(tr, at, fmt.Sprintf("[%s] [%d] [%s] %s", at.Format("2006-01-02 15:04:05 -0700"), pid, level, msg))
}

// uv is a line of uvicorn's default formatter: the level, its colon, padded to 9.
func (h *ivLog) uv(tr truth, at time.Time, level, msg string) {
	h.j.add(tr, at, fmt.Sprintf("%-9s %s", level+":", msg))
}

func (h *ivLog) alembic(tr truth, at time.Time, msg string) {
	h.j.add(tr, at, "INFO  [alembic.runtime.migration] "+msg)
}

// app is a structlog line: the event, its members, the bound context, then what the
// processors add.
func (h *ivLog) app(tr truth, at time.Time, level, logger, event string, ctx []field, kv ...field) {
	fs := make([]field, 0, len(kv)+len(ctx)+4)
	fs = append(fs, field{"event", event})
	fs = append(fs, kv...)
	fs = append(fs, ctx...)
	fs = append(fs, field{"level", level}, field{"logger", logger}, field{"timestamp", at.UTC().Format("2006-01-02T15:04:05.000000Z")})
	h.j.add(tr, at, ivJSON(fs))
}

// ivJSON writes an object as Python's json.dumps does by default: members in order,
// ", " and ": " between them, floats as repr writes them.
func ivJSON(fs []field) string { return string(ivValue(make([]byte, 0, 320), fs)) }

func ivValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.ContainsRune(s, '.') {
			s += ".0"
		}
		return append(b, s...)
	case bool:
		return strconv.AppendBool(b, v)
	case nil:
		return append(b, "null"...)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	case []any:
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = ivValue(b, x)
		}
		return append(b, ']')
	case []field:
		b = append(b, '{')
		for i, f := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, f.key)
			b = append(b, ": "...)
			b = ivValue(b, f.value)
		}
		return append(b, '}')
	}
	panic(fmt.Sprintf("families: no JSON form for %T", v))
}

// Requests -----------------------------------------------------------------------------

// req starts a request at t: the Service picks a pod; a 3.15.0 pod's lines belong to
// the deploy while it lasts.
func (h *ivLog) req(tr truth, t time.Time, method, route, path string, tn *ivTenant, client string) *ivReq {
	r := &ivReq{h: h, tr: tr, at: t, t: t.Add(h.ms(1, 4)), method: method, route: route, path: path, client: client, rid: h.g.hex(32), tn: tn}
	r.pod = h.pod(t)
	if r.pod.version == ivNewRel && t.Before(h.deployEnd) {
		r.tr = merge(r.tr, h.deploy.truth())
	}
	return r
}

// hit gives the request's lines from now on the incident's truth.
func (r *ivReq) hit(name string) { r.tr = merge(incident(name), r.tr) }

func (r *ivReq) ctx() []field {
	c := []field{{"request_id", r.rid}}
	if r.tn != nil && r.authed {
		c = append(c, field{"tenant", r.tn.slug})
	}
	return c
}

func (r *ivReq) log(at time.Time, level, logger, event string, kv ...field) {
	r.h.app(r.tr, at, level, logger, event, r.ctx(), kv...)
}

// debug is a line of app.payments at debug level: only while the debug change lasts,
// and the change's unless an incident has the request.
func (r *ivReq) debug(at time.Time, event string, kv ...field) {
	r.h.app(merge(r.tr, r.h.debug.truth()), at, "debug", "app.payments", event, r.ctx(), kv...)
}

func (h *ivLog) debugOn(t time.Time) bool { return within(t, h.debug.start, 10*time.Minute) }

// respond writes uvicorn's access line as the response starts, and the middleware's
// warning when the request took longer than 2 s.
func (r *ivReq) respond(status int) {
	h := r.h
	h.j.add(r.tr, r.t, fmt.Sprintf(`INFO:     %s - "%s %s HTTP/1.1" %d %s`, r.client, r.method, r.path, status, ivPhrase[status]))
	if d := r.t.Sub(r.at); d >= ivSlow && r.route != "" {
		r.log(r.t.Add(h.ms(0, 2)), "warning", "app.middleware", "request.slow", field{"method", r.method}, field{"path", r.route},
			field{"status_code", status}, field{"duration_ms", round(float64(d)/float64(time.Millisecond), 1)}, field{"threshold_ms", 2000})
	}
}

func (r *ivReq) httpx(at time.Time, method, url string, status int) {
	r.log(at, "info", "httpx", fmt.Sprintf(`HTTP Request: %s %s "HTTP/1.1 %d %s"`, method, url, status, ivPhrase[status]))
}

func (r *ivReq) elapsed() float64 { return round(float64(r.t.Sub(r.at))/float64(time.Millisecond), 1) }

// admit is what every authenticated request goes through before its handler: the API
// key or token (cached in Redis), then the database the handler needs. It reports
// whether the handler runs.
func (r *ivReq) admit() bool {
	h, g := r.h, r.h.g
	// The onboarding script and the invoicing job hold keys that work.
	trusted := r.tn == h.newTenant || strings.HasPrefix(r.client, h.jobIP+":")
	if !trusted && g.chance(0.021) {
		reason := []string{"token_expired", "missing_credentials", "api_key_unknown", "api_key_revoked"}[g.weighted(4, func(i int) float64 { return []float64{55, 20, 15, 10}[i] })]
		r.t = r.t.Add(h.ms(1, 6))
		p := r.path
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		r.log(r.t, "warning", "app.auth", "auth.rejected", field{"reason", reason}, field{"path", p})
		r.t = r.t.Add(h.ms(0, 2))
		r.respond(401)
		return false
	}
	r.authed = true
	r.t = r.t.Add(h.ms(1, 5))
	return r.db()
}

// db is the handler's first query: a slow plan now and then, and while the database is
// saturated, a wait for a connection, the pool's timeout or Postgres refusing one more.
func (r *ivReq) db() bool {
	h, g := r.h, r.h.g
	if g.chance(0.0015) {
		r.t = r.t.Add(h.msf(g.lognormal(2300, 0.25)))
	}
	p := h.poolPressure(r.t)
	if p <= 0 {
		return true
	}
	if g.chance(0.45 * p) {
		r.hit(ivPool)
		site := ivSiteOf(r.method, r.route)
		if g.chance(0.95) {
			r.t = r.t.Add(10*time.Second + h.ms(0, 40))
			r.failed(503, "sqlalchemy.exc.TimeoutError", ivText(ivCat(ivRoute, site, ivCheckout, ivPoolTimeout),
				"sqlalchemy.exc.TimeoutError: QueuePool limit of size 10 overflow 5 reached, connection timed out, timeout 10.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)"))
		} else {
			r.t = r.t.Add(h.ms(5, 80))
			r.crash(ivCat(ivMiddle, ivRoute, site, ivCheckout, ivOverflow), true, "asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already")
		}
		return false
	}
	d := h.msf(p * g.lognormal(2200, 0.8))
	if d >= 1800*time.Millisecond {
		r.hit(ivPool)
	}
	r.t = r.t.Add(d)
	return true
}

// failed is an error the application's handlers turn into a response: their line with
// the traceback, then the response.
func (r *ivReq) failed(status int, exc, trace string) {
	r.log(r.t, "error", "app.errors", "request.failed", field{"method", r.method}, field{"path", r.route}, field{"status_code", status},
		field{"error", exc}, field{"exception", trace})
	r.t = r.t.Add(r.h.ms(0, 2))
	r.respond(status)
}

// crash is an exception nothing handles: the catch-all handler's line (its traceback
// from the error middleware down), the 500 it sends unless the response has started,
// and uvicorn's report of the exception Starlette raises again.
func (r *ivReq) crash(inner []ivFrame, respond bool, exc ...string) {
	h := r.h
	r.log(r.t, "error", "app.errors", "unhandled_exception", field{"method", r.method}, field{"path", r.route}, field{"exception", ivText(inner, exc...)})
	if respond {
		r.t = r.t.Add(h.ms(0, 2))
		r.respond(500)
	}
	lines := append([]string{"ERROR:    Exception in ASGI application", "Traceback (most recent call last):"}, ivLines(ivCat(ivTop, inner))...)
	h.j.add(r.tr, r.t.Add(h.ms(0, 2)), append(lines, exc...)...)
}

// throttle is the rate limiter's fixed window: a tenant's requests of one clock minute
// beyond its limit get 429 until the minute is over. It reports whether the request
// may go on, and otherwise how many seconds the client is told to wait.
func (r *ivReq) throttle(limit int) (bool, int) {
	m := r.t.Unix() / 60
	r.tn.counts[m]++
	if r.tn.counts[m] <= limit {
		return true, 0
	}
	retry := 60 - int(r.t.Unix()%60)
	r.log(r.t, "warning", "app.ratelimit", "rate_limit.exceeded", field{"key", "tenant:" + r.tn.slug}, field{"limit", fmt.Sprintf("%d/minute", limit)}, field{"retry_after_s", retry})
	r.respond(429)
	return false, retry
}

// Pods and workers ---------------------------------------------------------------------

// spawn is the arbiter forking a worker into slot at at: gunicorn's line, the
// application imported, uvicorn's start-up and the lifespan's.
func (h *ivLog) spawn(tr truth, p *ivPod, slot int, at time.Time) *ivWorker {
	g := h.g
	p.pid++
	w := &ivWorker{pod: p, slot: slot, pid: p.pid, boot: at, max: 10000 + g.intn(2001), rss: g.normal(430, 18), end: h.end.Add(time.Hour)}
	h.gunicorn(tr, at, w.pid, "INFO", fmt.Sprintf("Booting worker with pid: %d", w.pid))
	t := at.Add(h.ms(900, 1900))
	h.uv(tr, t, "INFO", fmt.Sprintf("Started server process [%d]", w.pid))
	t = t.Add(h.ms(0, 3))
	h.uv(tr, t, "INFO", "Waiting for application startup.")
	t = t.Add(h.ms(20, 90))
	h.app(tr, t, "info", "app.main", "app.startup", nil, field{"version", p.version}, field{"git_sha", p.sha}, field{"env", "production"}, field{"pid", w.pid})
	t = t.Add(h.ms(5, 40))
	h.app(tr, t, "info", "app.main", "redis.connected", nil, field{"url", ivRedisURL}, field{"pid", w.pid})
	t = t.Add(h.ms(1, 6))
	h.uv(tr, t, "INFO", "Application startup complete.")
	w.ready = t
	p.slots[slot] = append(p.slots[slot], w)
	return w
}

// stop is a worker's graceful shutdown from at; it returns when the process exited.
func (h *ivLog) stop(tr truth, w *ivWorker, at time.Time, requests int) time.Time {
	t := at.Add(h.ms(0, 3))
	h.uv(tr, t, "INFO", "Shutting down")
	if h.g.chance(0.4) {
		t = t.Add(h.ms(100, 110))
		h.uv(tr, t, "INFO", "Waiting for connections to close. (CTRL+C to force quit)")
		t = t.Add(h.ms(50, 2500))
	}
	t = t.Add(h.ms(1, 4))
	h.uv(tr, t, "INFO", "Waiting for application shutdown.")
	t = t.Add(h.ms(2, 15))
	h.app(tr, t, "info", "app.main", "app.shutdown", nil, field{"pid", w.pid}, field{"uptime_s", round(t.Sub(w.boot).Seconds(), 1)}, field{"requests", requests})
	t = t.Add(h.ms(2, 20))
	h.uv(tr, t, "INFO", "Application shutdown complete.")
	t = t.Add(h.ms(0, 2))
	h.uv(tr, t, "INFO", fmt.Sprintf("Finished server process [%d]", w.pid))
	t = t.Add(h.ms(2, 8))
	h.gunicorn(tr, t, w.pid, "INFO", fmt.Sprintf("Worker exiting (pid: %d)", w.pid))
	w.end = t
	return t
}

// recycles: the old pods' workers reaching uvicorn's request limit before the deploy
// stops them; the arbiter forks a new one. (The new pods' workers do not reach theirs
// within the log.)
func (h *ivLog) recycles() {
	for _, p := range h.pods[:3] {
		for s := range p.slots {
			for {
				w := p.slots[s][len(p.slots[s])-1]
				from := w.ready
				if from.Before(h.start) {
					from = h.start
				}
				var at time.Time
				for t := from; t.Before(p.term); t = t.Add(10 * time.Second) {
					if h.served(w, t) >= w.max {
						at = t.Add(h.ms(0, 9000))
						break
					}
				}
				if at.IsZero() || !at.Before(p.term) {
					break
				}
				h.uv(routine, at, "WARNING", fmt.Sprintf("Maximum request limit of %d exceeded. Terminating process.", w.max))
				end := h.stop(routine, w, at, w.max)
				h.spawn(routine, p, s, end.Add(h.ms(150, 1100)))
			}
		}
	}
}

// rollout: the Deployment rolls to 3.15.0, one new pod at a time: it is scheduled, runs
// the migrations, starts gunicorn and its workers; once it is ready an old pod leaves
// the Service's endpoints and, after the preStop hook's 10 s, gets SIGTERM.
func (h *ivLog) rollout() {
	g, tr := h.g, h.deploy.truth()
	rs, sha := g.alnum(10), g.hex(7)
	t := h.deploy.start
	var last time.Time
	for i := 0; i < 3; i++ {
		p := &ivPod{name: "invoicing-api-" + rs + "-" + g.alnum(5), version: ivNewRel, sha: sha, term: h.end.Add(time.Hour), pid: 7}
		at := t.Add(h.ms(7000, 16_000) + h.ms(900, 1600)) // scheduled, the image pulled, alembic imported
		h.alembic(tr, at, "Context impl PostgresqlImpl.")
		h.alembic(tr, at.Add(h.ms(0, 2)), "Will assume transactional DDL.")
		if i == 0 {
			at = at.Add(h.ms(20, 80))
			h.alembic(tr, at, "Running upgrade 7c1e0d9a4b52 -> a93f2b6c10de, add credit_notes table")
			at = at.Add(h.ms(60, 400))
			h.alembic(tr, at, "Running upgrade a93f2b6c10de -> 4d8e7f21b3a9, add invoices.tax_mode")
		}
		at = at.Add(h.ms(250, 600))
		h.gunicorn(tr, at, 1, "INFO", "Starting gunicorn 22.0.0")
		h.gunicorn(tr, at.Add(h.ms(0, 2)), 1, "INFO", "Listening at: http://0.0.0.0:8000 (1)")
		h.gunicorn(tr, at.Add(h.ms(2, 4)), 1, "INFO", "Using worker: uvicorn.workers.UvicornWorker")
		ready := at
		for s := range p.slots {
			w := h.spawn(tr, p, s, at.Add(h.ms(4+6*s, 9+6*s)))
			if w.ready.After(ready) {
				ready = w.ready
			}
		}
		p.ready = ready.Add(h.ms(300, 5000)) // the readiness probe's next pass
		h.pods = append(h.pods, p)
		if i == 0 {
			h.firstNew = p.ready
		}
		old := h.pods[i]
		old.term = p.ready.Add(h.ms(200, 1200))
		h.sigterm[i] = old.term.Add(10*time.Second + h.ms(0, 400))
		t = p.ready.Add(h.ms(300, 1500))
		last = h.sigterm[i]
	}
	h.deployEnd = last.Add(4*time.Minute + h.ms(0, 60_000))
}

// terminate: SIGTERM to an old pod's arbiter, which stops its workers and exits.
func (h *ivLog) terminate(tr truth, p *ivPod, at time.Time) {
	h.gunicorn(tr, at, 1, "INFO", "Handling signal: term")
	last := at
	for _, s := range p.slots {
		w := s[len(s)-1]
		if end := h.stop(tr, w, at.Add(h.ms(2, 30)), h.served(w, at)); end.After(last) {
			last = end
		}
	}
	h.gunicorn(tr, last.Add(h.ms(40, 400)), 1, "INFO", "Shutting down: Master")
}

// levelChange: the on-call engineer sets app.payments to debug for ten minutes; the
// handler publishes the override on Redis and every worker applies it, and reverts it
// when its TTL runs out.
func (h *ivLog) levelChange() {
	tr, at := h.debug.truth(), h.debug.start
	r := h.req(tr, at, "PUT", "/internal/log-levels", "/internal/log-levels", nil, fmt.Sprintf("%s:%d", h.toolbox, h.g.between(32768, 60999)))
	r.t = r.t.Add(h.ms(2, 6))
	r.log(r.t, "info", "app.logging", "log_level.override_requested", field{"target_logger", "app.payments"}, field{"target_level", "debug"}, field{"ttl_s", 600}, field{"requested_by", "oncall:m.keller"})
	r.t = r.t.Add(h.ms(1, 5))
	r.respond(204)
	for _, p := range h.pods {
		if !p.serving(at) {
			continue
		}
		for _, s := range p.slots {
			for _, w := range s {
				if w.ready.After(at) || !at.Before(w.end) {
					continue
				}
				h.app(tr, r.t.Add(h.ms(3, 40)), "info", "app.logging", "log_level.changed", nil, field{"target_logger", "app.payments"}, field{"target_level", "debug"},
					field{"previous_level", "info"}, field{"ttl_s", 600}, field{"pid", w.pid})
				if back := r.t.Add(10*time.Minute + h.ms(5, 60)); back.Before(w.end) {
					h.app(tr, back, "info", "app.logging", "log_level.restored", nil, field{"target_logger", "app.payments"}, field{"target_level", "info"}, field{"pid", w.pid})
				}
			}
		}
	}
}

// watchdog: each worker's lifespan task checks its resident memory every minute; it
// logs it every fifth check, and every check above 1 GiB as a warning.
func (h *ivLog) watchdog() {
	g := h.g
	for _, p := range h.pods {
		for _, s := range p.slots {
			for _, w := range s {
				first, k := w.ready.Add(time.Minute), 1
				if first.Before(h.start) {
					k = int(h.start.Sub(w.ready)/time.Minute) + 1
					first = w.ready.Add(time.Duration(k) * time.Minute)
				}
				for t := first; t.Before(w.end) && t.Before(h.end); t, k = t.Add(time.Minute), k+1 {
					at := t.Add(h.ms(0, 40))
					if !w.blocked.IsZero() && !at.Before(w.blocked) {
						break
					}
					rss := w.rss + 9*at.Sub(w.boot).Hours() + g.normal(0, 2.5)
					tr := routine
					if p.version == ivNewRel && at.Before(h.deployEnd) {
						tr = h.deploy.truth()
					}
					if !w.leakFrom.IsZero() && !at.Before(w.leakFrom) {
						tr = incident(ivExport)
						x := float64(at.Sub(w.leakFrom)) / float64(w.leakTo.Sub(w.leakFrom))
						rss += (2700 - rss) * math.Pow(math.Min(x, 1), 1.4)
					}
					up := round(at.Sub(w.boot).Seconds(), 1)
					switch {
					case rss > ivHighRSS:
						h.app(tr, at, "warning", "app.watchdog", "worker.memory_high", nil, field{"pid", w.pid}, field{"rss_mb", round(rss, 1)},
							field{"threshold_mb", 1024}, field{"requests", h.served(w, at)}, field{"uptime_s", up})
					case k%5 == 0:
						h.app(tr, at, "info", "app.watchdog", "worker.memory", nil, field{"pid", w.pid}, field{"rss_mb", round(rss, 1)},
							field{"requests", h.served(w, at)}, field{"uptime_s", up})
					}
				}
			}
		}
	}
}

// Traffic -------------------------------------------------------------------------------

func (h *ivLog) traffic() {
	g := h.g
	every := func(r float64, fn func(time.Time)) {
		g.arrivals(h.start, h.end, func(t time.Time) float64 { return r * h.load(t) }, fn)
	}
	web := func(p float64) string { return h.client(g.chance(p)) }
	every(2.6, func(t time.Time) {
		r := h.req(routine, t, "GET", "/v1/invoices/{invoice_id}", "/v1/invoices/"+h.invoice(), h.tenant(), web(0.45))
		if r.admit() {
			r.t = r.t.Add(h.ms(3, 25))
			if g.chance(0.03) {
				r.respond(404)
				return
			}
			r.respond(200)
		}
	})
	every(1.7, h.listInvoices)
	every(1.1, func(t time.Time) { h.createInvoice(routine, t, h.tenant(), web(0.4), ivInv{}) })
	every(0.6, func(t time.Time) { h.finalize(routine, t, h.tenant(), web(0.4), h.invoice(), 0) })
	every(0.7, func(t time.Time) { h.download(routine, t, h.tenant(), web(0.6), h.invoice(), 0) })
	every(0.3, func(t time.Time) { h.pay(routine, t, h.tenant(), web(0.3), h.invoice(), 0) })
	h.thinned(h.start, h.end, 0.6, func(t time.Time) float64 { return 0.35 * h.load(t) * (1 - h.stripeDown(t)/0.8) }, func(t time.Time) {
		h.webhook(routine, t, false, false)
	})
	every(0.9, func(t time.Time) {
		r := h.req(routine, t, "GET", "/v1/customers/{customer_id}", "/v1/customers/"+h.customer(), h.tenant(), web(0.6))
		if r.admit() {
			r.t = r.t.Add(h.ms(3, 20))
			if g.chance(0.03) {
				r.respond(404)
				return
			}
			r.respond(200)
		}
	})
	every(0.15, h.createCustomer)
	every(0.12, h.updateCustomer)
	every(0.45, func(t time.Time) {
		r := h.req(routine, t, "GET", "/v1/tenants/me", "/v1/tenants/me", h.tenant(), web(0.7))
		if r.admit() {
			r.t = r.t.Add(h.ms(2, 12))
			r.respond(200)
		}
	})
	every(0.15, func(t time.Time) { h.send(t, false) })
	every(0.03, func(t time.Time) { h.aging(routine, t, h.tenant(), web(0.5), false) })
	every(0.012, h.export)
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 0.004 }, h.scanner)
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 700 }, h.burst)
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 2400 }, h.redisTimeout)
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 1500 }, h.bug)
	g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 3000 }, func(t time.Time) { h.webhook(routine, t, false, true) })
	h.thinned(h.firstNew, h.end, 0.15, func(t time.Time) float64 { return 0.09 * h.load(t) * rampUp(t, h.firstNew, 4*time.Minute) }, h.creditNote)
}

func (h *ivLog) listInvoices(t time.Time) {
	g := h.g
	tn := h.tenant()
	q := []string{"?status=open&limit=50", "?status=overdue&limit=100", "?customer_id=" + h.customer() + "&limit=20",
		"?updated_since=" + t.Add(-time.Duration(g.between(1, 30))*time.Minute).Truncate(time.Minute).Format("2006-01-02T15:04:05Z") + "&limit=100",
		"?status=paid&limit=50&starting_after=" + h.invoice()}[g.weighted(5, func(i int) float64 { return []float64{30, 15, 25, 20, 10}[i] })]
	bad := g.chance(0.008)
	if bad {
		q = "?status=open&limit=500"
	}
	r := h.req(routine, t, "GET", "/v1/invoices", "/v1/invoices"+q, tn, h.client(g.chance(0.5)))
	if !r.admit() {
		return
	}
	if bad {
		r.invalid([]field{{"type", "less_than_equal"}, {"loc", []any{"query", "limit"}}, {"msg", "Input should be less than or equal to 100"}})
		return
	}
	r.t = r.t.Add(h.ms(8, 60))
	r.respond(200)
}

// invalid is FastAPI's RequestValidationError as the application's handler logs it.
func (r *ivReq) invalid(errs ...[]field) {
	l := make([]any, len(errs))
	for i, e := range errs {
		l[i] = e
	}
	r.log(r.t, "warning", "app.errors", "request.validation_failed", field{"method", r.method}, field{"path", r.route}, field{"errors", l})
	r.t = r.t.Add(r.h.ms(0, 2))
	r.respond(422)
}

func (h *ivLog) invoiceErrors() [][]field {
	g := h.g
	all := [][]field{
		{{"type", "missing"}, {"loc", []any{"body", "customer_id"}}, {"msg", "Field required"}},
		{{"type", "greater_than"}, {"loc", []any{"body", "line_items", g.intn(4), "unit_amount"}}, {"msg", "Input should be greater than 0"}},
		{{"type", "enum"}, {"loc", []any{"body", "currency"}}, {"msg", "Input should be 'EUR', 'USD', 'GBP', 'CHF' or 'SEK'"}},
		{{"type", "date_from_datetime_parsing"}, {"loc", []any{"body", "due_date"}}, {"msg", "Input should be a valid date or datetime, invalid date separator, expected `-`"}},
		{{"type", "string_too_long"}, {"loc", []any{"body", "line_items", g.intn(9), "description"}}, {"msg", "String should have at most 500 characters"}},
		{{"type", "too_short"}, {"loc", []any{"body", "line_items"}}, {"msg", "List should have at least 1 item after validation, not 0"}},
		{{"type", "value_error"}, {"loc", []any{"body", "tax_rate"}}, {"msg", "Value error, tax_rate must be one of 0, 7, 19 for country DE"}},
	}
	errs := [][]field{pick(g, all)}
	if g.chance(0.2) {
		errs = append(errs, pick(g, all))
	}
	return errs
}

// ivInv says where an invoice comes from: a subscription (the month-end run) or a
// tenant's history (the onboarding).
type ivInv struct {
	subscription string
	imported     bool
	limit        func(time.Time) int // the tenant's rate limit, when its calls are counted
}

// createInvoice is POST /v1/invoices; it returns the invoice's id and when the
// response went out, or false.
func (h *ivLog) createInvoice(tr truth, t time.Time, tn *ivTenant, client string, o ivInv) (string, time.Time, bool) {
	g := h.g
	r := h.req(tr, t, "POST", "/v1/invoices", "/v1/invoices", tn, client)
	if !r.admit() {
		return "", t, false
	}
	if o.limit != nil {
		if ok, _ := r.throttle(o.limit(r.t)); !ok {
			return "", t, false
		}
	}
	r.t = r.t.Add(h.ms(3, 15))
	id, key := h.invoice(), g.uuid()
	pBad := 0.04
	switch {
	case o.subscription != "":
		pBad = 0.02
	case o.imported:
		pBad = 0.03
	}
	switch x := g.rng.Float64(); {
	case x < pBad:
		if o.subscription != "" {
			r.invalid([]field{{"type", "value_error"}, {"loc", []any{"body", "customer_id"}}, {"msg", "Value error, customer " + h.customer() + " has no billing address"}})
		} else {
			r.invalid(h.invoiceErrors()...)
		}
		return "", t, false
	case x < pBad+0.006 && !o.imported:
		r.t = r.t.Add(h.ms(2, 8))
		r.log(r.t, "info", "app.invoices", "idempotency.replayed", field{"idempotency_key", key}, field{"invoice_id", id})
		r.respond(201)
		return id, r.t, true
	case x < pBad+0.009 && !o.imported:
		r.t = r.t.Add(h.ms(2, 8))
		r.log(r.t, "warning", "app.invoices", "idempotency.conflict", field{"idempotency_key", key}, field{"reason", "request body differs from the original request"})
		r.respond(409)
		return "", t, false
	case x < pBad+0.01 && o.imported:
		r.t = r.t.Add(h.ms(4, 15))
		r.log(r.t, "warning", "app.invoices", "invoice.number_conflict", field{"number", fmt.Sprintf("HL-%d-%05d", g.between(2021, 2024), g.between(1, 20000))})
		r.respond(409)
		return "", t, false
	}
	r.t = r.t.Add(h.msf(g.lognormal(14, 0.5)))
	kv := []field{{"invoice_id", id}, {"customer_id", h.customer()}, {"currency", h.currency()}, {"amount_cents", h.amount()}, {"line_items", 1 + int(g.lognormal(2, 0.8))}}
	if r.pod.version == ivNewRel {
		kv = append(kv, field{"tax_mode", []string{"standard", "standard", "standard", "reverse_charge", "exempt"}[g.intn(5)]})
	}
	if o.subscription != "" {
		kv = append(kv, field{"subscription_id", o.subscription})
	}
	if o.imported {
		issued := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.intn(1390))
		kv = append(kv, field{"imported", true}, field{"status", "paid"}, field{"issued_on", issued.Format("2006-01-02")})
	}
	kv = append(kv, field{"duration_ms", r.elapsed()})
	r.log(r.t, "info", "app.invoices", "invoice.created", kv...)
	r.t = r.t.Add(h.ms(1, 4))
	r.respond(201)
	return id, r.t, true
}

// render is pdf-renderer's answer to a request at t: how long it took and its status.
// The month-end run loads it; the incident slows it down by orders of magnitude, then
// it hangs or sheds load with 503 until it is restarted.
func (h *ivLog) render(t time.Time) (time.Duration, int) {
	g := h.g
	med := 0.55
	if within(t, h.batch.start, 30*time.Minute) {
		med = 0.75
	}
	if x := h.pdfLevel(t); x > 0 {
		med *= math.Pow(45/med, x)
		if x >= 1 && g.chance(0.3) {
			return h.ms(15, 120), 503
		}
	}
	if g.chance(0.003) {
		return h.ms(80, 600), 500
	}
	return time.Duration(g.lognormal(med, 0.35) * float64(time.Second)), 200
}

// pdfLevel is how far gone the renderer is at t: 0 normal, 1 hanging.
func (h *ivLog) pdfLevel(t time.Time) float64 {
	switch {
	case t.Before(h.pdfAt):
		return 0
	case t.Before(h.pdfStuck):
		return float64(t.Sub(h.pdfAt)) / float64(h.pdfStuck.Sub(h.pdfAt))
	case t.Before(h.pdfFix):
		return 1
	}
	return 1 - rampUp(t, h.pdfFix, 40*time.Second)
}

func (h *ivLog) pdfTrouble(t time.Time) bool { return h.pdfLevel(t) > 0 }

// finalize is POST /v1/invoices/{id}/finalize: the invoice numbered, its PDF rendered
// and stored, the e-mail sent by a background task. A caller retries a failure up to
// twice, a minute or more later.
func (h *ivLog) finalize(tr truth, t time.Time, tn *ivTenant, client, id string, try int) {
	g := h.g
	r := h.req(tr, t, "POST", "/v1/invoices/{invoice_id}/finalize", "/v1/invoices/"+id+"/finalize", tn, client)
	if !r.admit() {
		return
	}
	if try == 0 && g.chance(0.012) {
		r.t = r.t.Add(h.ms(3, 10))
		r.respond(409)
		return
	}
	r.t = r.t.Add(h.ms(6, 30))
	d, status := h.render(r.t)
	timeout := status == 200 && d >= 20*time.Second
	if h.pdfTrouble(r.t) && (status != 200 || d >= 2500*time.Millisecond) {
		r.hit(ivRenderer)
	}
	switch {
	case timeout:
		r.t = r.t.Add(20*time.Second + h.ms(0, 30))
		r.log(r.t, "error", "app.pdf", "pdf.render_failed", field{"invoice_id", id}, field{"renderer", "pdf-renderer"}, field{"timeout_s", 20.0},
			field{"exception", ivReadTimeout(ivPDFAsync)})
		r.respond(504)
	case status != 200:
		r.t = r.t.Add(d)
		r.httpx(r.t, "POST", ivRenderURL, status)
		r.log(r.t.Add(h.ms(0, 2)), "error", "app.pdf", "pdf.render_failed", field{"invoice_id", id}, field{"renderer", "pdf-renderer"}, field{"status", status},
			field{"exception", ivStatusError(ivPDFRaise, status)})
		r.respond(502)
	default:
		r.t = r.t.Add(d)
		r.httpx(r.t, "POST", ivRenderURL, 200)
		pages := 1 + int(g.lognormal(1, 0.7))
		r.log(r.t.Add(h.ms(0, 1)), "info", "app.pdf", "pdf.rendered", field{"invoice_id", id}, field{"pages", pages},
			field{"bytes", pages*g.between(18_000, 26_000) + g.between(30_000, 60_000)}, field{"duration_ms", round(float64(d)/float64(time.Millisecond), 1)})
		r.t = r.t.Add(h.ms(25, 90)) // stored in object storage
		h.invoiceNo++
		r.log(r.t, "info", "app.invoices", "invoice.finalized", field{"invoice_id", id}, field{"number", fmt.Sprintf("INV-2024-10-%05d", 4100+h.invoiceNo)},
			field{"due_date", r.t.AddDate(0, 0, pick(g, []int{14, 14, 30, 30, 30, 45})).Format("2006-01-02")}, field{"duration_ms", r.elapsed()})
		r.respond(200)
		h.email(r, r.t.Add(h.ms(150, 1400)), id, "invoice_issued")
		return
	}
	if try < 2 && g.chance(0.6) {
		h.finalize(r.tr, r.t.Add(h.ms(45_000, 180_000)), tn, h.again(client), id, try+1)
	}
}

// email is the background task that sends an invoice: SMTP through the mail relay,
// once more 30 s later when the relay drops the connection.
func (h *ivLog) email(r *ivReq, at time.Time, id, template string) {
	g := h.g
	d := g.lognormal(420, 0.4)
	at = at.Add(h.msf(d))
	if g.chance(0.012) {
		r.log(at, "warning", "app.email", "email.failed", field{"invoice_id", id}, field{"template", template}, field{"attempt", 1},
			field{"error", pick(g, []string{"SMTPServerDisconnected: Connection unexpectedly closed", "SMTPResponseException: (421, '4.7.0 Try again later, closing connection.')",
				"SMTPConnectTimeoutError: Timed out connecting to smtp.eu.mailrelay.io on port 587"})}, field{"will_retry", true})
		at = at.Add(30*time.Second + h.ms(0, 500))
		d = g.lognormal(420, 0.4)
		at = at.Add(h.msf(d))
	}
	r.log(at, "info", "app.email", "email.sent", field{"invoice_id", id}, field{"template", template}, field{"to_domain", pick(g, ivDomains)},
		field{"message_id", "<" + strings.ToLower(h.id(20)) + "@mail.invoicing.example.com>"}, field{"duration_ms", round(d, 1)})
}

// download is GET /v1/invoices/{id}/pdf: a redirect to the stored PDF, or, when it is
// not stored yet, a render through the old synchronous client, which holds the
// worker's event loop while it waits.
func (h *ivLog) download(tr truth, t time.Time, tn *ivTenant, client, id string, try int) {
	g := h.g
	r := h.req(tr, t, "GET", "/v1/invoices/{invoice_id}/pdf", "/v1/invoices/"+id+"/pdf", tn, client)
	r.try, r.inv = try, id
	if !r.admit() {
		return
	}
	r.t = r.t.Add(h.ms(3, 15))
	if try == 0 && g.chance(0.02) {
		r.respond(404)
		return
	}
	if try == 0 && g.chance(0.9) {
		r.t = r.t.Add(h.ms(10, 45))
		r.respond(307)
		return
	}
	if h.pdfTrouble(r.t) {
		h.sync = append(h.sync, r)
		return
	}
	h.syncRender(r)
}

// renderQueue renders the uncached downloads of the renderer's trouble in time order:
// each may block a worker until gunicorn kills it, and the client's retry comes later.
func (h *ivLog) renderQueue() {
	for len(h.sync) > 0 {
		k := 0
		for i, r := range h.sync {
			if r.t.Before(h.sync[k].t) {
				k = i
			}
		}
		r := h.sync[k]
		h.sync = slices.Delete(h.sync, k, k+1)
		h.syncRender(r)
	}
}

func (h *ivLog) syncRender(r *ivReq) {
	g := h.g
	d, status := h.render(r.t)
	var w *ivWorker
	var kill time.Duration
	if h.pdfTrouble(r.t) {
		if status != 200 || d >= 2500*time.Millisecond {
			r.hit(ivRenderer)
		}
		// The arbiter kills a worker that has not told it it is alive for 30 s; the
		// worker tells it every 15 s.
		if w = h.workerOf(r.pod, r.t); w != nil && status == 200 {
			if since := h.ms(0, 15_000); d > 30*time.Second-since {
				kill = 30*time.Second - since
			}
		}
	}
	r.log(r.t, "info", "app.pdf", "pdf.cache_miss", field{"invoice_id", r.inv}, field{"mode", "sync"})
	switch {
	case kill > 0:
		w.blocked = r.t
		at := r.t.Add(kill + h.ms(0, 1000))
		h.gunicorn(r.tr, at, 1, "CRITICAL", fmt.Sprintf("WORKER TIMEOUT (pid:%d)", w.pid))
		end := at.Add(h.ms(5, 80))
		h.gunicorn(r.tr, end, 1, "ERROR", fmt.Sprintf("Worker (pid:%d) was sent SIGABRT!", w.pid))
		w.end = end
		h.spawn(r.tr, w.pod, w.slot, end.Add(h.ms(10, 200)))
		if r.try == 0 && g.chance(0.5) { // the client's retry, after the ingress's 502
			h.download(r.tr, at.Add(h.ms(5000, 60_000)), r.tn, h.again(r.client), r.inv, 1)
		}
	case status != 200:
		r.t = r.t.Add(d)
		r.httpx(r.t, "POST", ivRenderURL, status)
		r.log(r.t.Add(h.ms(0, 2)), "error", "app.pdf", "pdf.render_failed", field{"invoice_id", r.inv}, field{"renderer", "pdf-renderer"}, field{"status", status},
			field{"exception", ivStatusError(ivPDFSyncRaise, status)})
		r.respond(502)
	default:
		r.t = r.t.Add(d)
		r.httpx(r.t, "POST", ivRenderURL, 200)
		pages := 1 + int(g.lognormal(1, 0.7))
		r.log(r.t.Add(h.ms(0, 1)), "info", "app.pdf", "pdf.rendered", field{"invoice_id", r.inv}, field{"pages", pages},
			field{"bytes", pages*g.between(18_000, 26_000) + g.between(30_000, 60_000)}, field{"duration_ms", round(float64(d)/float64(time.Millisecond), 1)}, field{"mode", "sync"})
		r.t = r.t.Add(h.ms(20, 80))
		r.respond(200)
	}
}

// stripeDown is the share of Stripe's answers that fail at t.
func (h *ivLog) stripeDown(t time.Time) float64 {
	if !within(t, h.stripeAt, h.stripeFix.Sub(h.stripeAt)) {
		return 0
	}
	return 0.8 * rampUp(t, h.stripeAt, 40*time.Second) * (1 - rampUp(t, h.stripeFix.Add(-70*time.Second), 70*time.Second))
}

// pay is POST /v1/invoices/{id}/payments: a PaymentIntent confirmed with Stripe, three
// attempts with exponential back-off (tenacity) when Stripe fails.
func (h *ivLog) pay(tr truth, t time.Time, tn *ivTenant, client, id string, try int) {
	g := h.g
	r := h.req(tr, t, "POST", "/v1/invoices/{invoice_id}/payments", "/v1/invoices/"+id+"/payments", tn, client)
	if !r.admit() {
		return
	}
	r.t = r.t.Add(h.ms(4, 20))
	amount, cur, key := h.amount(), h.currency(), g.uuid()
	type answer struct {
		status int // 0: timed out
		d      time.Duration
		wait   float64
	}
	var plan []answer
	for a, tt := 0, r.t; a < 3; a++ {
		var ans answer
		switch {
		case g.chance(h.stripeDown(tt)):
			ans = answer{status: pick(g, []int{500, 500, 502, 503, 503, 503, 0}), d: h.msf(g.lognormal(700, 0.8))}
			if ans.status == 0 {
				ans.d = 10*time.Second + h.ms(0, 20)
			}
		case g.chance(0.06):
			ans = answer{status: 402, d: h.msf(g.lognormal(420, 0.35))}
		default:
			ans = answer{status: 200, d: h.msf(g.lognormal(380, 0.35))}
		}
		ans.wait = round(0.5*math.Pow(2, float64(a))+g.rng.Float64()*0.5, 2)
		plan = append(plan, ans)
		if ans.status == 200 || ans.status == 402 {
			break
		}
		tt = tt.Add(ans.d + time.Duration(ans.wait*float64(time.Second)))
	}
	last := plan[len(plan)-1]
	if len(plan) > 1 || last.status != 200 && last.status != 402 {
		r.hit(ivProvider)
	}
	debug := h.debugOn(r.t)
	if debug {
		r.debug(r.t, "stripe.request", field{"method", "POST"}, field{"url", ivStripeURL}, field{"idempotency_key", key}, field{"amount_cents", amount}, field{"currency", strings.ToLower(cur)})
	}
	pi := "pi_3Q" + h.id(22)
	for a, ans := range plan {
		r.t = r.t.Add(ans.d)
		if ans.status != 0 {
			r.httpx(r.t, "POST", ivStripeURL, ans.status)
			if debug {
				r.debug(r.t.Add(h.ms(0, 1)), "stripe.response", field{"status", ans.status}, field{"stripe_request_id", "req_" + h.id(14)}, field{"elapsed_ms", round(float64(ans.d)/float64(time.Millisecond), 1)})
			}
		}
		switch ans.status {
		case 200:
			r.t = r.t.Add(h.ms(5, 25))
			r.log(r.t, "info", "app.payments", "payment.captured", field{"invoice_id", id}, field{"payment_intent", pi}, field{"amount_cents", amount},
				field{"currency", cur}, field{"method", pick(g, []string{"sepa_debit", "sepa_debit", "card", "card", "card", "us_bank_account"})}, field{"attempts", a + 1})
			r.respond(201)
			return
		case 402:
			r.t = r.t.Add(h.ms(3, 15))
			r.log(r.t, "warning", "app.payments", "payment.declined", field{"invoice_id", id}, field{"payment_intent", pi}, field{"amount_cents", amount},
				field{"decline_code", pick(g, []string{"insufficient_funds", "insufficient_funds", "generic_decline", "do_not_honor", "expired_card", "debit_not_authorized"})})
			r.respond(402)
			return
		}
		errText := "ReadTimeout"
		if ans.status != 0 {
			errText = fmt.Sprintf("%d %s", ans.status, ivPhrase[ans.status])
		}
		kv := []field{{"invoice_id", id}, {"attempt", a + 1}, {"error", errText}}
		if a < 2 {
			kv = append(kv, field{"retry_in_s", ans.wait})
		}
		r.log(r.t.Add(h.ms(0, 2)), "warning", "app.payments", "payment.provider_error", kv...)
		if a < 2 {
			r.t = r.t.Add(time.Duration(ans.wait * float64(time.Second)))
		}
	}
	r.t = r.t.Add(h.ms(1, 4))
	r.log(r.t, "error", "app.payments", "payment.failed", field{"invoice_id", id}, field{"attempts", 3}, field{"reason", "provider_unavailable"})
	r.respond(502)
	if try == 0 && g.chance(0.5) {
		h.pay(r.tr, r.t.Add(h.ms(120_000, 300_000)), tn, h.again(client), id, 1)
	}
}

var ivWebhookTypes = []string{"payment_intent.succeeded", "charge.succeeded", "payment_intent.payment_failed", "charge.refunded",
	"customer.updated", "payout.paid", "charge.dispute.created"}

// webhook is Stripe's POST /v1/webhooks/stripe: late is a delivery delayed by Stripe's
// outage; deadlock, the update of the invoice losing a deadlock to a concurrent
// payment (503; Stripe delivers it again later).
func (h *ivLog) webhook(tr truth, t time.Time, late, deadlock bool) {
	g := h.g
	r := h.req(tr, t, "POST", "/v1/webhooks/stripe", "/v1/webhooks/stripe", h.tenant(), h.client(false))
	r.t = r.t.Add(h.ms(1, 4))
	if !late && !deadlock && g.chance(0.008) {
		r.log(r.t, "warning", "app.webhooks", "webhook.signature_invalid", field{"provider", "stripe"},
			field{"error", pick(g, []string{"No signatures found matching the expected signature for payload", "Timestamp outside the tolerance zone"})})
		r.respond(400)
		return
	}
	r.authed = true // the tenant of the connected account
	if !r.db() {
		return
	}
	typ := ivWebhookTypes[g.weighted(len(ivWebhookTypes), func(i int) float64 { return []float64{50, 20, 8, 5, 10, 6, 0.5}[i] })]
	age := g.between(0, 3)
	if late {
		age = max(5, int(t.Sub(h.stripeAt).Seconds())-g.between(0, 300))
	}
	evt := "evt_1Q" + h.id(22)
	r.t = r.t.Add(h.ms(3, 20))
	r.log(r.t, "info", "app.webhooks", "webhook.received", field{"provider", "stripe"}, field{"event_id", evt}, field{"type", typ}, field{"age_s", age})
	if h.debugOn(r.t) {
		r.debug(r.t.Add(h.ms(0, 2)), "webhook.signature_verified", field{"event_id", evt}, field{"tolerance_s", 300}, field{"age_s", age})
		if strings.HasPrefix(typ, "payment_intent") {
			r.debug(r.t.Add(h.ms(2, 9)), "payment_intent.matched", field{"payment_intent", "pi_3Q" + h.id(22)}, field{"invoice_id", h.invoice()})
		}
	}
	if deadlock {
		r.t = r.t.Add(time.Second + h.ms(0, 80)) // deadlock_timeout
		r.failed(503, "sqlalchemy.exc.DBAPIError", ivDBAPITrace(ivSiteOf("POST", "/v1/webhooks/stripe"), "DeadlockDetectedError", "deadlock detected",
			"UPDATE invoices SET status=$1::VARCHAR, paid_at=$2::TIMESTAMP WITH TIME ZONE, updated_at=now() WHERE invoices.id = $3::VARCHAR AND invoices.tenant_id = $4::VARCHAR",
			fmt.Sprintf("('paid', datetime.datetime(%s, tzinfo=datetime.timezone.utc), '%s', '%s')", ivPyTime(r.t.Add(-3*time.Second)), h.invoice(), r.tn.slug)))
		return
	}
	r.t = r.t.Add(h.ms(5, 35))
	r.respond(200)
}

// ivPyTime is the arguments of a datetime's repr.
func ivPyTime(t time.Time) string {
	return fmt.Sprintf("%d, %d, %d, %d, %d, %d, %d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
}

// stripeBacklog: once Stripe recovers it delivers the events it held back, minutes old.
func (h *ivLog) stripeBacklog() {
	missed := 0.0
	for t := h.stripeAt; t.Before(h.stripeFix); t = t.Add(time.Second) {
		missed += 0.35 * h.load(t) * h.stripeDown(t) / 0.8
	}
	from := h.stripeFix.Add(h.ms(20_000, 60_000))
	for i := 0; i < int(missed); i++ {
		h.webhook(incident(ivProvider), from.Add(time.Duration(h.g.rng.Float64()*float64(150*time.Second))), true, false)
	}
}

func (h *ivLog) createCustomer(t time.Time) {
	g := h.g
	r := h.req(routine, t, "POST", "/v1/customers", "/v1/customers", h.tenant(), h.client(g.chance(0.6)))
	if !r.admit() {
		return
	}
	r.t = r.t.Add(h.ms(3, 12))
	if g.chance(0.06) {
		r.invalid(pick(g, [][]field{
			{{"type", "value_error"}, {"loc", []any{"body", "vat_id"}}, {"msg", "Value error, invalid VAT number for country " + pick(g, []string{"DE", "AT", "NL", "FR", "IT", "PL"})}},
			{{"type", "missing"}, {"loc", []any{"body", "email"}}, {"msg", "Field required"}},
			{{"type", "value_error"}, {"loc", []any{"body", "email"}}, {"msg", "value is not a valid email address: An email address must have an @-sign."}},
		}))
		return
	}
	r.t = r.t.Add(h.msf(g.lognormal(11, 0.4)))
	r.log(r.t, "info", "app.customers", "customer.created", field{"customer_id", h.customer()},
		field{"country", pick(g, []string{"DE", "DE", "DE", "AT", "CH", "NL", "FR", "PL", "SE", "GB", "US"})}, field{"duration_ms", r.elapsed()})
	r.respond(201)
}

func (h *ivLog) updateCustomer(t time.Time) {
	g := h.g
	id := h.customer()
	r := h.req(routine, t, "PATCH", "/v1/customers/{customer_id}", "/v1/customers/"+id, h.tenant(), h.client(g.chance(0.7)))
	if !r.admit() {
		return
	}
	r.t = r.t.Add(h.ms(3, 12))
	if g.chance(0.03) {
		r.invalid([]field{{"type", "value_error"}, {"loc", []any{"body", "vat_id"}}, {"msg", "Value error, invalid VAT number for country DE"}})
		return
	}
	fields := [][]string{{"email"}, {"billing_address"}, {"billing_address", "vat_id"}, {"payment_terms_days"}, {"name", "email"}}
	r.t = r.t.Add(h.msf(g.lognormal(9, 0.4)))
	r.log(r.t, "info", "app.customers", "customer.updated", field{"customer_id", id}, field{"fields", pick(g, fields)})
	r.respond(200)
}

// send is POST /v1/invoices/{id}/send: accepted, the e-mail sent in the background;
// broken, the template meets a customer without a VAT id.
func (h *ivLog) send(t time.Time, broken bool) {
	g := h.g
	id := h.invoice()
	r := h.req(routine, t, "POST", "/v1/invoices/{invoice_id}/send", "/v1/invoices/"+id+"/send", h.tenant(), h.client(g.chance(0.8)))
	if !broken && !r.admit() {
		return
	}
	r.authed = true
	r.t = r.t.Add(h.ms(4, 20))
	r.respond(202)
	if broken {
		r.t = r.t.Add(h.ms(20, 300))
		r.crash(ivCat(ivMiddle, ivBackground, ivTemplateFrames), false, "jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'vat_id'")
		return
	}
	h.email(r, r.t.Add(h.ms(20, 300)), id, "invoice_reminder")
}

// aging is GET /v1/reports/aging; heavy is the BI dashboard's panel over six years.
func (h *ivLog) aging(tr truth, t time.Time, tn *ivTenant, client string, heavy bool) {
	g := h.g
	q := "?as_of=2024-10-31"
	switch {
	case heavy:
		q += "&group_by=customer&buckets=30,60,90,180,365&since=2018-01-01"
	case g.chance(0.5):
		q += "&group_by=customer"
	}
	r := h.req(tr, t, "GET", "/v1/reports/aging", "/v1/reports/aging"+q, tn, client)
	if heavy {
		if !t.Before(h.poolBlock) { // its key revoked
			r.t = r.t.Add(h.ms(1, 5))
			r.log(r.t, "warning", "app.auth", "auth.rejected", field{"reason", "api_key_revoked"}, field{"path", "/v1/reports/aging"})
			r.respond(401)
			return
		}
		r.authed = true
	} else if !r.admit() {
		return
	}
	d := h.msf(g.lognormal(850, 0.5))
	rows := g.between(40, 900)
	if heavy {
		d, rows = h.msf(g.lognormal(36_000, 0.35)), g.between(18_000, 60_000)
	}
	if d >= 60*time.Second { // statement_timeout
		r.t = r.t.Add(60*time.Second + h.ms(0, 20))
		r.failed(503, "sqlalchemy.exc.DBAPIError", ivDBAPITrace(ivSiteOf("GET", "/v1/reports/aging"), "QueryCanceledError", "canceling statement due to statement timeout",
			"SELECT customers.id, customers.name, invoices.currency, sum(invoices.amount_due_cents) AS due, width_bucket($1::DATE - invoices.due_date, $2::INTEGER[]) AS bucket FROM invoices JOIN customers ON customers.id = invoices.customer_id WHERE invoices.tenant_id = $3::VARCHAR AND invoices.status IN ($4::VARCHAR, $5::VARCHAR) AND invoices.issued_on >= $6::DATE GROUP BY customers.id, customers.name, invoices.currency, bucket ORDER BY customers.name",
			fmt.Sprintf("(datetime.date(2024, 10, 31), [30, 60, 90, 180, 365], '%s', 'open', 'overdue', datetime.date(2018, 1, 1))", tn.slug)))
		return
	}
	r.t = r.t.Add(d)
	r.log(r.t, "info", "app.reports", "report.generated", field{"report", "aging"}, field{"rows", rows}, field{"duration_ms", round(float64(d)/float64(time.Millisecond), 1)})
	r.t = r.t.Add(h.ms(2, 30))
	r.respond(200)
}

// export is POST /v1/exports: a CSV built by a background task, polled until done.
func (h *ivLog) export(t time.Time) {
	g := h.g
	tn := h.tenant()
	client := h.client(g.chance(0.5))
	r := h.req(routine, t, "POST", "/v1/exports", "/v1/exports", tn, client)
	if !r.admit() {
		return
	}
	id := "exp_" + h.id(20)
	r.t = r.t.Add(h.ms(6, 25))
	r.respond(202)
	typ := pick(g, []string{"invoices", "invoices", "customers", "payments", "line_items"})
	bt := r.t.Add(h.ms(2, 10))
	r.log(bt, "info", "app.exports", "export.started", field{"export_id", id}, field{"type", typ}, field{"format", "csv"},
		field{"range_from", pick(g, []string{"2024-10-01", "2024-07-01", "2024-01-01"})}, field{"range_to", "2024-10-31"})
	d := h.msf(g.lognormal(6000, 0.7))
	rows := int(g.lognormal(12_000, 0.9))
	done := bt.Add(d)
	r.log(done, "info", "app.exports", "export.completed", field{"export_id", id}, field{"rows", rows}, field{"bytes", rows * g.between(90, 160)},
		field{"duration_ms", round(float64(d)/float64(time.Millisecond), 1)})
	for pt := r.t.Add(h.ms(2000, 5000)); ; pt = pt.Add(h.ms(3000, 8000)) {
		h.poll(routine, pt, "/v1/exports/{export_id}", "/v1/exports/"+id, tn, client)
		if pt.After(done) {
			break
		}
	}
}

func (h *ivLog) poll(tr truth, t time.Time, route, path string, tn *ivTenant, client string) {
	r := h.req(tr, t, "GET", route, path, tn, client)
	r.authed = true
	if !r.db() {
		return
	}
	r.t = r.t.Add(h.ms(3, 12))
	r.respond(200)
}

var ivProbes = []string{"/.env", "/wp-login.php", "/.git/config", "/actuator/health", "/server-status", "/api/v1/users", "/v2/invoices",
	"/favicon.ico", "/robots.txt", "/docs", "/openapi.json", "/admin", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/.aws/credentials"}

// scanner: the internet's scanners, through the ingress: 404 from the router.
func (h *ivLog) scanner(t time.Time) {
	p := pick(h.g, ivProbes)
	r := h.req(routine, t, "GET", "", p, nil, h.client(false))
	r.t = r.t.Add(h.ms(1, 3))
	r.respond(404)
}

// burst: a small tenant's sync job pages through its invoices faster than its plan's
// 120 requests a minute; most such jobs wait for the window to turn, some keep going.
func (h *ivLog) burst(t time.Time) {
	g := h.g
	tn := h.tenants[g.between(55, len(h.tenants)-1)]
	n, rate, patient := g.between(150, 420), math.Max(3, g.normal(7, 1.5)), g.chance(0.6)
	since := t.Add(-time.Duration(g.between(10, 120)) * time.Minute).Truncate(time.Minute).Format("2006-01-02T15:04:05Z")
	ip := pick(g, h.ingress)
	for i := 0; i < n && t.Before(h.end); {
		cursor := ""
		if i > 0 {
			cursor = "&starting_after=" + h.invoice()
		}
		r := h.req(routine, t, "GET", "/v1/invoices", "/v1/invoices?updated_since="+since+"&limit=100"+cursor, tn, fmt.Sprintf("%s:%d", ip, g.between(32768, 60999)))
		if r.admit() {
			if ok, retry := r.throttle(tn.limit); !ok {
				if patient {
					t = t.Add(time.Duration(retry)*time.Second + h.ms(100, 900))
					continue
				}
			} else {
				r.t = r.t.Add(h.ms(10, 60))
				r.respond(200)
				i++
			}
		}
		t = t.Add(time.Duration(g.rng.ExpFloat64() / rate * float64(time.Second)))
	}
}

// redisTimeout: the rate limiter's Redis call times out; it lets the request through.
func (h *ivLog) redisTimeout(t time.Time) {
	r := h.req(routine, t, "GET", "/v1/invoices/{invoice_id}", "/v1/invoices/"+h.invoice(), h.tenant(), h.client(false))
	r.authed = true
	r.t = r.t.Add(h.ms(500, 520))
	r.log(r.t, "warning", "app.ratelimit", "rate_limiter.redis_error", field{"error", "TimeoutError: Timeout reading from invoicing-redis-master.billing.svc.cluster.local:6379"}, field{"fail_open", true})
	r.t = r.t.Add(h.ms(4, 20))
	r.respond(200)
}

// bug: an unhandled exception, the catch-all handler's line and uvicorn's traceback: a
// deleted customer's invoice PDF, or an e-mail template that needs a VAT id.
func (h *ivLog) bug(t time.Time) {
	if h.g.chance(0.5) {
		h.send(t, true)
		return
	}
	id := h.invoice()
	r := h.req(routine, t, "GET", "/v1/invoices/{invoice_id}/pdf", "/v1/invoices/"+id+"/pdf", h.tenant(), h.client(true))
	r.authed = true
	r.t = r.t.Add(h.ms(5, 20))
	r.crash(ivCat(ivMiddle, ivRoute, ivDownloadFrames), true, "AttributeError: 'NoneType' object has no attribute 'locale'")
}

// creditNote is 3.15.0's POST and GET /v1/credit-notes, used by billing-web from the
// first new pod on; the old pods answer 404 while they serve. 3.15.0 divides by zero
// prorating an invoice of 0.
func (h *ivLog) creditNote(t time.Time) {
	g := h.g
	tn := h.tenant()
	var r *ivReq
	post := g.chance(0.6)
	if post {
		r = h.req(routine, t, "POST", "/v1/credit-notes", "/v1/credit-notes", tn, h.client(g.chance(0.7)))
	} else {
		r = h.req(routine, t, "GET", "/v1/credit-notes/{credit_note_id}", "/v1/credit-notes/cn_"+h.id(20), tn, h.client(g.chance(0.7)))
	}
	if t.Before(h.deployEnd) {
		r.tr = merge(r.tr, h.deploy.truth())
	}
	if r.pod.version != ivNewRel {
		r.t = r.t.Add(h.ms(1, 3))
		r.respond(404)
		return
	}
	if !r.admit() {
		return
	}
	r.t = r.t.Add(h.ms(4, 20))
	if !post {
		if g.chance(0.02) {
			r.respond(404)
			return
		}
		r.respond(200)
		return
	}
	if g.chance(0.015) {
		r.crash(ivCat(ivMiddle, ivRoute, ivCreditFrames), true, "decimal.InvalidOperation: [<class 'decimal.DivisionUndefined'>]")
		return
	}
	r.t = r.t.Add(h.msf(g.lognormal(16, 0.4)))
	r.log(r.t, "info", "app.credit_notes", "credit_note.created", field{"credit_note_id", "cn_" + h.id(20)}, field{"invoice_id", h.invoice()},
		field{"amount_cents", int(g.lognormal(9000, 1))}, field{"reason", pick(g, []string{"returned_goods", "discount", "duplicate", "price_adjustment"})}, field{"duration_ms", r.elapsed()})
	r.respond(201)
}

// Benign changes -------------------------------------------------------------------------

// onboarding: a new tenant uploads its customers, then its migration script posts its
// history faster than its plan allows until an operator raises its limit.
func (h *ivLog) onboarding() {
	g, tr, tn := h.g, h.onboard.truth(), h.newTenant
	ip := pick(g, h.ingress)
	client := func() string { return fmt.Sprintf("%s:%d", ip, g.between(32768, 60999)) }
	r := h.req(tr, h.onboard.start, "POST", "/v1/imports", "/v1/imports", tn, client())
	r.authed = true
	r.t = r.t.Add(h.ms(300, 900)) // the upload
	imp := "imp_" + h.id(20)
	rows := g.between(4100, 4300)
	r.log(r.t, "info", "app.imports", "import.accepted", field{"import_id", imp}, field{"kind", "customers"}, field{"filename", "kunden_2024-10-30.csv"},
		field{"rows", rows}, field{"bytes", rows * g.between(180, 220)})
	r.respond(202)
	t := r.t.Add(h.ms(5, 30))
	began := t
	r.log(t, "info", "app.imports", "import.started", field{"import_id", imp}, field{"kind", "customers"})
	reasons := []string{"invalid VAT number", "email missing", "duplicate customer number", "country code not ISO 3166-1", "postal code does not match country"}
	created, rejected := 0, 0
	for row := 1; row <= rows; row++ {
		t = t.Add(h.msf(g.lognormal(17, 0.3)))
		if g.chance(0.022) {
			rejected++
			r.log(t, "warning", "app.imports", "import.row_rejected", field{"import_id", imp}, field{"row", row + 1}, field{"reason", pick(g, reasons)})
		} else {
			created++
		}
		if row%500 == 0 {
			r.log(t, "info", "app.imports", "import.progress", field{"import_id", imp}, field{"processed", row}, field{"created", created}, field{"rejected", rejected})
		}
	}
	t = t.Add(h.ms(5, 40))
	r.log(t, "info", "app.imports", "import.completed", field{"import_id", imp}, field{"rows", rows}, field{"created", created}, field{"rejected", rejected},
		field{"duration_ms", round(float64(t.Sub(began))/float64(time.Millisecond), 1)})
	for pt := r.t.Add(h.ms(4000, 6000)); pt.Before(t.Add(6 * time.Second)); pt = pt.Add(h.ms(4500, 5500)) {
		h.poll(tr, pt, "/v1/imports/{import_id}", "/v1/imports/"+imp, tn, client())
	}
	from := t.Add(h.ms(60_000, 120_000))
	h.overrideAt = from.Add(h.ms(150_000, 200_000))
	to := h.overrideAt.Add(13*time.Minute + h.ms(0, 60_000))
	limit := func(t time.Time) int {
		if t.Before(h.overrideAt) {
			return 600
		}
		return 3000
	}
	g.arrivals(from, to, func(t time.Time) float64 {
		if t.Before(h.overrideAt) {
			return 14
		}
		return 9
	}, func(t time.Time) {
		h.createInvoice(tr, t, tn, client(), ivInv{imported: true, limit: limit})
	})
	o := h.req(tr, h.overrideAt, "PUT", "/internal/tenants/{tenant}/rate-limit", "/internal/tenants/"+tn.slug+"/rate-limit", nil, fmt.Sprintf("%s:%d", h.toolbox, g.between(32768, 60999)))
	o.t = o.t.Add(h.ms(3, 10))
	o.log(o.t, "info", "app.ratelimit", "rate_limit.override_set", field{"tenant_slug", tn.slug}, field{"limit", "3000/minute"}, field{"expires_in_s", 86400}, field{"set_by", "support:a.novak"})
	o.respond(204)
}

// monthEnd: the invoicing CronJob creates and finalizes an invoice for each due
// subscription, calling the API over the Service.
func (h *ivLog) monthEnd() {
	g, tr, from := h.g, h.batch.truth(), h.batch.start
	to := from.Add(30 * time.Minute)
	h.thinned(from, to, 2.4, func(t time.Time) float64 {
		return 2.4 * rampUp(t, from, time.Minute) * (1 - rampUp(t, to.Add(-2*time.Minute), 2*time.Minute))
	}, func(t time.Time) {
		tn := h.tenant()
		client := fmt.Sprintf("%s:%d", h.jobIP, g.between(32768, 60999))
		if id, at, ok := h.createInvoice(tr, t, tn, client, ivInv{subscription: "sub_" + h.id(24)}); ok {
			h.finalize(tr, at.Add(h.ms(5, 40)), tn, client, id, 0)
		}
	})
}

// Incidents ---------------------------------------------------------------------------

// poolPressure is how saturated the database is at t.
func (h *ivLog) poolPressure(t time.Time) float64 {
	if !within(t, h.poolAt, h.poolFix.Sub(h.poolAt)) {
		return 0
	}
	return rampUp(t, h.poolAt, 40*time.Second) * (1 - rampUp(t, h.poolBlock, h.poolFix.Sub(h.poolBlock)))
}

// poolOutage: the dashboard's panels every minute, until its key is revoked and it gives
// up.
func (h *ivLog) poolOutage() {
	g, tr, tn := h.g, incident(ivPool), h.dash
	ip := pick(g, h.ingress)
	stop := h.poolBlock.Add(h.ms(60_000, 110_000))
	for round := h.poolAt.Add(-h.ms(30_000, 50_000)); round.Before(stop); round = round.Add(60*time.Second + h.ms(0, 2000)) {
		for panel := 0; panel < 24; panel++ {
			h.aging(tr, round.Add(h.ms(0, 1500)), tn, fmt.Sprintf("%s:%d", ip, g.between(32768, 60999)), true)
		}
	}
	r := h.req(tr, h.poolBlock, "POST", "/internal/api-keys/{key_id}/revoke", "/internal/api-keys/"+h.dashKey+"/revoke", nil, fmt.Sprintf("%s:%d", h.toolbox, g.between(32768, 60999)))
	r.t = r.t.Add(h.ms(4, 15))
	r.log(r.t, "warning", "app.auth", "api_key.revoked", field{"key_id", h.dashKey}, field{"tenant_slug", tn.slug}, field{"revoked_by", "oncall:j.brandt"})
	r.respond(204)
}

// exportOOM: the tenant's export of every invoice line since 2017, twice; each fills
// its worker's memory until the kernel kills it.
func (h *ivLog) exportOOM() {
	g, tr, tn := h.g, incident(ivExport), h.exporter
	ip := pick(g, h.ingress)
	client := func() string { return fmt.Sprintf("%s:%d", ip, g.between(32768, 60999)) }
	t := h.exportAt
	for attempt := 0; attempt < 2; attempt++ {
		r := h.req(tr, t, "POST", "/v1/exports", "/v1/exports", tn, client())
		r.authed = true
		id := "exp_" + h.id(20)
		r.t = r.t.Add(h.ms(8, 30))
		r.respond(202)
		w := h.workerOf(r.pod, r.t)
		for p := 0; w == nil && p < len(h.pods); p++ {
			w = h.workerOf(h.pods[len(h.pods)-1-p], r.t)
		}
		bt := r.t.Add(h.ms(2, 10))
		r.log(bt, "info", "app.exports", "export.started", field{"export_id", id}, field{"type", "line_items"}, field{"format", "csv"},
			field{"range_from", "2017-01-01"}, field{"range_to", "2024-10-31"})
		oom := bt.Add(5*time.Minute + h.ms(0, 70_000))
		for k, pt := 1, bt.Add(h.ms(50_000, 70_000)); pt.Before(oom); k, pt = k+1, pt.Add(h.ms(50_000, 75_000)) {
			r.log(pt, "info", "app.exports", "export.progress", field{"export_id", id}, field{"rows_fetched", k * 250_000})
		}
		if w != nil {
			w.leakFrom, w.leakTo = bt, oom
			h.gunicorn(tr, oom, 1, "ERROR", fmt.Sprintf("Worker (pid:%d) was sent SIGKILL! Perhaps out of memory?", w.pid))
			w.end = oom
			h.spawn(tr, w.pod, w.slot, oom.Add(h.ms(20, 300)))
		}
		next := t.Add(7*time.Minute + h.ms(0, 40_000))
		if attempt == 1 {
			next = t.Add(6*time.Minute + h.ms(0, 30_000))
		}
		for pt := r.t.Add(h.ms(15_000, 25_000)); pt.Before(next); pt = pt.Add(h.ms(15_000, 25_000)) {
			h.poll(tr, pt, "/v1/exports/{export_id}", "/v1/exports/"+id, tn, client())
		}
		t = next
	}
}

// Tracebacks ------------------------------------------------------------------------------

// ivFrame is one frame of a Python traceback: where, the source line ("" for none) and
// the part of it Python 3.12 underlines ("" when the whole line failed).
type ivFrame struct {
	file string
	line int
	fn   string
	code string
	expr string
}

func ivCat(parts ...[]ivFrame) []ivFrame {
	var l []ivFrame
	for _, p := range parts {
		l = append(l, p...)
	}
	return l
}

func ivLines(frames []ivFrame) []string {
	l := make([]string, 0, 3*len(frames))
	for _, f := range frames {
		file := f.file
		if !strings.HasPrefix(file, "/") && !strings.HasPrefix(file, "<") && !strings.HasSuffix(file, ".pyx") {
			file = ivSite + file
		}
		l = append(l, fmt.Sprintf(`  File "%s", line %d, in %s`, file, f.line, f.fn))
		if f.code == "" {
			continue
		}
		l = append(l, "    "+f.code)
		if i := strings.Index(f.code, f.expr); f.expr != "" && i >= 0 {
			l = append(l, strings.Repeat(" ", 4+i)+strings.Repeat("^", len(f.expr)))
		}
	}
	return l
}

// ivText is a traceback as traceback.format_exception writes it, without the last
// newline (structlog strips it).
func ivText(frames []ivFrame, exc ...string) string {
	return strings.Join(append(append([]string{"Traceback (most recent call last):"}, ivLines(frames)...), exc...), "\n")
}

func ivChain(parts ...string) string {
	return strings.Join(parts, "\n\nThe above exception was the direct cause of the following exception:\n\n")
}

// ivDBAPITrace is an asyncpg error raised by a statement of site, as SQLAlchemy wraps
// it twice.
func ivDBAPITrace(site []ivFrame, exc, msg, sql, params string) string {
	return ivChain(
		ivText(ivAsyncpgExec, "asyncpg.exceptions."+exc+": "+msg),
		ivText(ivTranslate, "sqlalchemy.dialects.postgresql.asyncpg.AsyncAdapt_asyncpg_dbapi.Error: <class 'asyncpg.exceptions."+exc+"'>: "+msg),
		ivText(ivCat(ivRoute, site, ivORMExecute, ivTranslate),
			"sqlalchemy.exc.DBAPIError: (sqlalchemy.dialects.postgresql.asyncpg.Error) <class 'asyncpg.exceptions."+exc+"'>: "+msg,
			"[SQL: "+sql+"]", "[parameters: "+params+"]", "(Background on this error at: https://sqlalche.me/e/20/dbapi)"))
}

// ivReadTimeout is httpx's ReadTimeout raised at the application's call site.
func ivReadTimeout(site []ivFrame) string {
	return ivChain(ivText(ivHttpcore, "httpcore.ReadTimeout"), ivText(ivCat(site, ivHttpxAsync), "httpx.ReadTimeout"))
}

func ivStatusError(site []ivFrame, status int) string {
	kind := "Server"
	if status < 500 {
		kind = "Client"
	}
	return ivText(ivCat(site, []ivFrame{{"httpx/_models.py", 761, "raise_for_status", "raise HTTPStatusError(message, request=request, response=self)", ""}}),
		fmt.Sprintf("httpx.HTTPStatusError: %s error '%d %s' for url '%s'", kind, status, ivPhrase[status], ivRenderURL),
		fmt.Sprintf("For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/%d", status))
}

// ivTop is uvicorn's side of a request down to Starlette's error middleware, which
// raises the exception again.
var ivTop = []ivFrame{
	{"uvicorn/protocols/http/httptools_impl.py", 401, "run_asgi", "result = await app(  # type: ignore[func-returns-value]", ""},
	{"uvicorn/middleware/proxy_headers.py", 60, "__call__", "return await self.app(scope, receive, send)", "await self.app(scope, receive, send)"},
	{"fastapi/applications.py", 1054, "__call__", "await super().__call__(scope, receive, send)", ""},
	{"starlette/applications.py", 113, "__call__", "await self.middleware_stack(scope, receive, send)", ""},
	{"starlette/middleware/errors.py", 187, "__call__", "raise exc", ""},
}

// ivMiddle is from the error middleware to the route, through the application's
// request-id middleware (pure ASGI) and both exception wrappers, which raise again.
var ivMiddle = []ivFrame{
	{"starlette/middleware/errors.py", 165, "__call__", "await self.app(scope, receive, _send)", ""},
	{"/app/invoicing/middleware.py", 57, "__call__", "await self.app(scope, receive, send_with_request_id)", ""},
	{"starlette/middleware/exceptions.py", 62, "__call__", "await wrap_app_handling_exceptions(self.app, conn)(scope, receive, send)", ""},
	{"starlette/_exception_handler.py", 53, "wrapped_app", "raise exc", ""},
	{"starlette/_exception_handler.py", 42, "wrapped_app", "await app(scope, receive, sender)", ""},
	{"starlette/routing.py", 715, "__call__", "await self.middleware_stack(scope, receive, send)", ""},
	{"starlette/routing.py", 735, "app", "await route.handle(scope, receive, send)", ""},
	{"starlette/routing.py", 288, "handle", "await self.app(scope, receive, send)", ""},
	{"starlette/routing.py", 76, "app", "await wrap_app_handling_exceptions(app, request)(scope, receive, send)", ""},
	{"starlette/_exception_handler.py", 53, "wrapped_app", "raise exc", ""},
}

// ivRoute is the route's exception wrapper down to the endpoint: where the traceback of
// an exception a handler takes starts.
var ivRoute = []ivFrame{
	{"starlette/_exception_handler.py", 42, "wrapped_app", "await app(scope, receive, sender)", ""},
	{"starlette/routing.py", 73, "app", "response = await f(request)", "await f(request)"},
	{"fastapi/routing.py", 301, "app", "raw_response = await run_endpoint_function(", ""},
	{"fastapi/routing.py", 212, "run_endpoint_function", "return await dependant.call(**values)", "await dependant.call(**values)"},
}

// ivBackground is the route's wrapper down to a background task, run after the
// response.
var ivBackground = []ivFrame{
	{"starlette/_exception_handler.py", 42, "wrapped_app", "await app(scope, receive, sender)", ""},
	{"starlette/routing.py", 74, "app", "await response(scope, receive, send)", ""},
	{"starlette/responses.py", 162, "__call__", "await self.background()", ""},
	{"starlette/background.py", 41, "__call__", "await task()", ""},
	{"starlette/background.py", 26, "__call__", "await self.func(*self.args, **self.kwargs)", ""},
}

var ivTemplateFrames = []ivFrame{
	{"/app/invoicing/tasks/email.py", 61, "send_invoice_email", `html = templates.render("invoice_reminder.html", **context)`, `templates.render("invoice_reminder.html", **context)`},
	{"/app/invoicing/templates.py", 27, "render", "return _env.get_template(name).render(**context)", "_env.get_template(name).render(**context)"},
	{"jinja2/environment.py", 1304, "render", "self.environment.handle_exception()", ""},
	{"jinja2/environment.py", 939, "handle_exception", "raise rewrite_traceback_stack(source=source)", ""},
	{"/app/invoicing/templates/invoice_reminder.html", 23, "top-level template code", `<td>{{ _("VAT ID") }}: {{ customer.vat_id }}</td>`, ""},
	{"jinja2/environment.py", 485, "getattr", "return getattr(obj, attribute)", "getattr(obj, attribute)"},
}

var ivDownloadFrames = []ivFrame{
	{"/app/invoicing/api/invoices.py", 214, "download_pdf", "filename = invoice_filename(invoice, customer.locale)", "customer.locale"},
}

var ivCreditFrames = []ivFrame{
	{"/app/invoicing/api/credit_notes.py", 58, "create_credit_note", "lines = prorate(invoice, body.amount_cents)", "prorate(invoice, body.amount_cents)"},
	{"/app/invoicing/services/credit_notes.py", 33, "prorate", "share = Decimal(amount_cents) / Decimal(invoice.amount_cents)", "Decimal(amount_cents) / Decimal(invoice.amount_cents)"},
}

// ivSiteOf is where an endpoint first queries the database.
func ivSiteOf(method, route string) []ivFrame {
	api := func(file string, line int, fn, code string) ivFrame {
		return ivFrame{"/app/invoicing/api/" + file, line, fn, code, strings.TrimSpace(code[strings.Index(code, "=")+1:])}
	}
	repo := func(file string, line int, fn string) ivFrame {
		return ivFrame{"/app/invoicing/repositories/" + file, line, fn, "result = await self.session.execute(stmt)", "await self.session.execute(stmt)"}
	}
	switch method + " " + route {
	case "GET /v1/invoices/{invoice_id}":
		return []ivFrame{api("invoices.py", 71, "get_invoice", "invoice = await invoices.get(tenant.id, invoice_id)"), repo("invoices.py", 38, "get")}
	case "GET /v1/invoices":
		return []ivFrame{api("invoices.py", 96, "list_invoices", "page = await invoices.list(tenant.id, filters, limit=limit, starting_after=starting_after)"), repo("invoices.py", 64, "list")}
	case "POST /v1/invoices":
		return []ivFrame{api("invoices.py", 131, "create_invoice", "invoice = await invoices.create(tenant.id, body, idempotency_key=idempotency_key)"), repo("invoices.py", 102, "create")}
	case "POST /v1/invoices/{invoice_id}/finalize":
		return []ivFrame{api("invoices.py", 168, "finalize_invoice", "invoice = await invoices.get_for_update(tenant.id, invoice_id)"), repo("invoices.py", 51, "get_for_update")}
	case "GET /v1/invoices/{invoice_id}/pdf":
		return []ivFrame{api("invoices.py", 207, "download_pdf", "invoice = await invoices.get(tenant.id, invoice_id)"), repo("invoices.py", 38, "get")}
	case "POST /v1/invoices/{invoice_id}/send":
		return []ivFrame{api("invoices.py", 241, "send_invoice", "invoice = await invoices.get(tenant.id, invoice_id)"), repo("invoices.py", 38, "get")}
	case "POST /v1/invoices/{invoice_id}/payments":
		return []ivFrame{api("payments.py", 44, "create_payment", "invoice = await invoices.get_for_update(tenant.id, invoice_id)"), repo("invoices.py", 51, "get_for_update")}
	case "POST /v1/webhooks/stripe":
		return []ivFrame{{"/app/invoicing/api/webhooks.py", 91, "stripe_webhook", "await payments.apply_event(event)", ""},
			{"/app/invoicing/services/payments.py", 148, "apply_event", "result = await self.session.execute(stmt)", "await self.session.execute(stmt)"}}
	case "GET /v1/customers/{customer_id}":
		return []ivFrame{api("customers.py", 39, "get_customer", "customer = await customers.get(tenant.id, customer_id)"), repo("customers.py", 31, "get")}
	case "POST /v1/customers":
		return []ivFrame{api("customers.py", 58, "create_customer", "customer = await customers.create(tenant.id, body)"), repo("customers.py", 47, "create")}
	case "PATCH /v1/customers/{customer_id}":
		return []ivFrame{api("customers.py", 77, "update_customer", "customer = await customers.update(tenant.id, customer_id, body)"), repo("customers.py", 66, "update")}
	case "GET /v1/reports/aging":
		return []ivFrame{api("reports.py", 33, "aging_report", "rows = await reports.aging(tenant.id, as_of=as_of, group_by=group_by, buckets=buckets, since=since)"), repo("reports.py", 88, "aging")}
	case "POST /v1/exports", "GET /v1/exports/{export_id}":
		return []ivFrame{api("exports.py", 52, "get_export", "export = await exports.get(tenant.id, export_id)"), repo("exports.py", 29, "get")}
	case "POST /v1/credit-notes", "GET /v1/credit-notes/{credit_note_id}":
		return []ivFrame{api("credit_notes.py", 49, "create_credit_note", "invoice = await invoices.get_for_update(tenant.id, body.invoice_id)"), repo("invoices.py", 51, "get_for_update")}
	}
	return []ivFrame{api("tenants.py", 22, "get_tenant", "settings = await tenants.settings(tenant.id)"), repo("tenants.py", 19, "settings")}
}

// ivCheckout is an ORM query down to the pool's checkout of a connection.
var ivCheckout = []ivFrame{
	{"sqlalchemy/ext/asyncio/session.py", 461, "execute", "result = await greenlet_spawn(", ""},
	{"sqlalchemy/util/_concurrency_py3k.py", 201, "greenlet_spawn", "result = context.throw(*sys.exc_info())", "context.throw(*sys.exc_info())"},
	{"sqlalchemy/orm/session.py", 2362, "execute", "return self._execute_internal(", ""},
	{"sqlalchemy/orm/session.py", 2237, "_execute_internal", "conn = self._connection_for_bind(bind)", "self._connection_for_bind(bind)"},
	{"sqlalchemy/orm/session.py", 2106, "_connection_for_bind", "return trans._connection_for_bind(engine, execution_options)", "trans._connection_for_bind(engine, execution_options)"},
	{"<string>", 2, "_connection_for_bind", "", ""},
	{"sqlalchemy/orm/state_changes.py", 139, "_go", "ret_value = fn(self, *arg, **kw)", "fn(self, *arg, **kw)"},
	{"sqlalchemy/orm/session.py", 1189, "_connection_for_bind", "conn = bind.connect()", "bind.connect()"},
	{"sqlalchemy/engine/base.py", 3276, "connect", "return self._connection_cls(self)", "self._connection_cls(self)"},
	{"sqlalchemy/engine/base.py", 146, "__init__", "self._dbapi_connection = engine.raw_connection()", "engine.raw_connection()"},
	{"sqlalchemy/engine/base.py", 3300, "raw_connection", "return self.pool.connect()", "self.pool.connect()"},
	{"sqlalchemy/pool/base.py", 449, "connect", "return _ConnectionFairy._checkout(self)", "_ConnectionFairy._checkout(self)"},
	{"sqlalchemy/pool/base.py", 1263, "_checkout", "fairy = _ConnectionRecord.checkout(pool)", "_ConnectionRecord.checkout(pool)"},
	{"sqlalchemy/pool/base.py", 712, "checkout", "rec = pool._do_get()", "pool._do_get()"},
}

var ivPoolTimeout = []ivFrame{{"sqlalchemy/pool/impl.py", 168, "_do_get", "raise exc.TimeoutError(", ""}}

// ivOverflow is the pool opening an overflow connection that Postgres refuses.
var ivOverflow = []ivFrame{
	{"sqlalchemy/pool/impl.py", 177, "_do_get", "with util.safe_reraise():", ""},
	{"sqlalchemy/util/langhelpers.py", 146, "__exit__", "raise exc_value.with_traceback(exc_tb)", ""},
	{"sqlalchemy/pool/impl.py", 175, "_do_get", "return self._create_connection()", "self._create_connection()"},
	{"sqlalchemy/pool/base.py", 390, "_create_connection", "return _ConnectionRecord(self)", "_ConnectionRecord(self)"},
	{"sqlalchemy/pool/base.py", 674, "__init__", "self.__connect()", ""},
	{"sqlalchemy/pool/base.py", 900, "__connect", "with util.safe_reraise():", ""},
	{"sqlalchemy/util/langhelpers.py", 146, "__exit__", "raise exc_value.with_traceback(exc_tb)", ""},
	{"sqlalchemy/pool/base.py", 896, "__connect", "self.dbapi_connection = connection = pool._invoke_creator(self)", "pool._invoke_creator(self)"},
	{"sqlalchemy/engine/create.py", 646, "connect", "return dialect.connect(*cargs, **cparams)", "dialect.connect(*cargs, **cparams)"},
	{"sqlalchemy/engine/default.py", 625, "connect", "return self.loaded_dbapi.connect(*cargs, **cparams)", "self.loaded_dbapi.connect(*cargs, **cparams)"},
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 1162, "connect", "await_only(creator_fn(*arg, **kw)),", "await_only(creator_fn(*arg, **kw))"},
	{"sqlalchemy/util/_concurrency_py3k.py", 132, "await_only", "return current.driver.switch(awaitable)  # type: ignore[no-any-return]", "current.driver.switch(awaitable)"},
	{"sqlalchemy/util/_concurrency_py3k.py", 196, "greenlet_spawn", "value = await result", "await result"},
	{"asyncpg/connection.py", 2329, "connect", "return await connect_utils._connect(", ""},
	{"asyncpg/connect_utils.py", 1017, "_connect", "raise last_error or exceptions.TargetServerAttributeNotMatched(", ""},
	{"asyncpg/connect_utils.py", 991, "_connect", "conn = await _connect_addr(", ""},
	{"asyncpg/connect_utils.py", 828, "_connect_addr", "return await __connect_addr(params, True, *args)", "await __connect_addr(params, True, *args)"},
	{"asyncpg/connect_utils.py", 876, "__connect_addr", "await connected", ""},
}

// ivORMExecute is an ORM query down to the engine wrapping the driver's error.
var ivORMExecute = []ivFrame{
	{"sqlalchemy/ext/asyncio/session.py", 461, "execute", "result = await greenlet_spawn(", ""},
	{"sqlalchemy/util/_concurrency_py3k.py", 201, "greenlet_spawn", "result = context.throw(*sys.exc_info())", "context.throw(*sys.exc_info())"},
	{"sqlalchemy/orm/session.py", 2362, "execute", "return self._execute_internal(", ""},
	{"sqlalchemy/orm/session.py", 2247, "_execute_internal", "result: Result[Any] = compile_state_cls.orm_execute_statement(", ""},
	{"sqlalchemy/orm/context.py", 293, "orm_execute_statement", "result = conn.execute(", ""},
	{"sqlalchemy/engine/base.py", 1418, "execute", "return meth(", ""},
	{"sqlalchemy/sql/elements.py", 515, "_execute_on_connection", "return connection._execute_clauseelement(", ""},
	{"sqlalchemy/engine/base.py", 1640, "_execute_clauseelement", "ret = self._execute_context(", ""},
	{"sqlalchemy/engine/base.py", 1846, "_execute_context", "return self._exec_single_context(", ""},
	{"sqlalchemy/engine/base.py", 1986, "_exec_single_context", "self._handle_dbapi_exception(", ""},
	{"sqlalchemy/engine/base.py", 2355, "_handle_dbapi_exception", "raise sqlalchemy_exception.with_traceback(exc_info[2]) from e", ""},
}

// ivTranslate is the statement's execution down to the dialect translating asyncpg's
// error.
var ivTranslate = []ivFrame{
	{"sqlalchemy/engine/base.py", 1967, "_exec_single_context", "self.dialect.do_execute(", ""},
	{"sqlalchemy/engine/default.py", 941, "do_execute", "cursor.execute(statement, parameters)", ""},
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 580, "execute", "self._adapt_connection.await_(", ""},
	{"sqlalchemy/util/_concurrency_py3k.py", 132, "await_only", "return current.driver.switch(awaitable)  # type: ignore[no-any-return]", "current.driver.switch(awaitable)"},
	{"sqlalchemy/util/_concurrency_py3k.py", 196, "greenlet_spawn", "value = await result", "await result"},
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 558, "_prepare_and_execute", "self._handle_exception(error)", ""},
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 508, "_handle_exception", "self._adapt_connection._handle_exception(error)", ""},
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 792, "_handle_exception", "raise translated_error from error", ""},
}

var ivAsyncpgExec = []ivFrame{
	{"sqlalchemy/dialects/postgresql/asyncpg.py", 545, "_prepare_and_execute", "self._rows = deque(await prepared_stmt.fetch(*parameters))", "await prepared_stmt.fetch(*parameters)"},
	{"asyncpg/prepared_stmt.py", 176, "fetch", "data = await self.__bind_execute(args, 0, timeout)", "await self.__bind_execute(args, 0, timeout)"},
	{"asyncpg/prepared_stmt.py", 267, "__bind_execute", "data, status, _ = await self.__do_execute(", ""},
	{"asyncpg/prepared_stmt.py", 256, "__do_execute", "return await executor(protocol)", "await executor(protocol)"},
	{"asyncpg/protocol/protocol.pyx", 207, "bind_execute", "", ""},
}

var ivHttpcore = []ivFrame{
	{"httpx/_transports/default.py", 72, "map_httpcore_exceptions", "yield", ""},
	{"httpx/_transports/default.py", 377, "handle_async_request", "resp = await self._pool.handle_async_request(req)", "await self._pool.handle_async_request(req)"},
	{"httpcore/_async/connection_pool.py", 216, "handle_async_request", "raise exc from None", ""},
	{"httpcore/_async/connection_pool.py", 196, "handle_async_request", "response = await connection.handle_async_request(", ""},
	{"httpcore/_async/connection.py", 101, "handle_async_request", "return await self._connection.handle_async_request(request)", "await self._connection.handle_async_request(request)"},
	{"httpcore/_async/http11.py", 143, "handle_async_request", "raise exc", ""},
	{"httpcore/_async/http11.py", 113, "handle_async_request", ") = await self._receive_response_headers(**kwargs)", "await self._receive_response_headers(**kwargs)"},
	{"httpcore/_async/http11.py", 186, "_receive_response_headers", "event = await self._receive_event(timeout=timeout)", "await self._receive_event(timeout=timeout)"},
	{"httpcore/_async/http11.py", 224, "_receive_event", "data = await self._network_stream.read(", ""},
	{"httpcore/_backends/anyio.py", 32, "read", "with map_exceptions(exc_map):", ""},
	{"/usr/local/lib/python3.12/contextlib.py", 158, "__exit__", "self.gen.throw(value)", ""},
	{"httpcore/_exceptions.py", 14, "map_exceptions", "raise to_exc(exc) from exc", ""},
}

var ivHttpxAsync = []ivFrame{
	{"httpx/_client.py", 1905, "post", "return await self.request(", ""},
	{"httpx/_client.py", 1585, "request", "return await self.send(request, auth=auth, follow_redirects=follow_redirects)", "await self.send(request, auth=auth, follow_redirects=follow_redirects)"},
	{"httpx/_client.py", 1674, "send", "response = await self._send_handling_auth(", ""},
	{"httpx/_client.py", 1702, "_send_handling_auth", "response = await self._send_handling_redirects(", ""},
	{"httpx/_client.py", 1739, "_send_handling_redirects", "response = await self._send_single_request(request)", "await self._send_single_request(request)"},
	{"httpx/_client.py", 1776, "_send_single_request", "response = await transport.handle_async_request(request)", "await transport.handle_async_request(request)"},
	{"httpx/_transports/default.py", 376, "handle_async_request", "with map_httpcore_exceptions():", ""},
	{"/usr/local/lib/python3.12/contextlib.py", 158, "__exit__", "self.gen.throw(value)", ""},
	{"httpx/_transports/default.py", 89, "map_httpcore_exceptions", "raise mapped_exc(message) from exc", ""},
}

var ivPDFAsync = []ivFrame{
	{"/app/invoicing/services/pdf.py", 64, "render", `resp = await self._client.post("/render", json=payload, timeout=20.0)`, `await self._client.post("/render", json=payload, timeout=20.0)`},
}

var ivPDFRaise = []ivFrame{{"/app/invoicing/services/pdf.py", 71, "render", "resp.raise_for_status()", ""}}

var ivPDFSyncRaise = []ivFrame{{"/app/invoicing/services/pdf.py", 103, "render_sync", "resp.raise_for_status()", ""}}
