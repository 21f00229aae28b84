package families

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// phoenix is a marketplace's backend written in Elixir: a Phoenix 1.7 application
// (release marketplace 1.4.2, Elixir 1.16 on OTP 26) served by Bandit, Ecto 3 with
// Postgrex to PostgreSQL through a DBConnection pool of 20 connections per node, Oban
// 2.17 for background jobs, Req over Finch for calls to the payment provider (Stripe),
// the search service and the recommendations service, Phoenix Channels over PubSub for
// live updates, and libcluster's Kubernetes strategy (topology k8s) joining the pods
// into one Erlang cluster. It runs as a Deployment of three pods; the file holds the
// three pods' stdout interleaved, as a log collector ships it. Logger is configured as
// releases commonly do it:
//
//	config :logger, level: :info, utc_log: true
//	config :logger, :console,
//	  format: "$dateT$timeZ $metadata[$level] $message\n",
//	  metadata: [:request_id, :user_id]
//
// so a record is the UTC time, the metadata the logging process has (Plug.RequestId's
// request_id on everything a request logs, user_id once the auth plug has run, so on a
// request's Sent line but not on its first), the level in brackets and the message;
// the further lines of a multi-line message (an exception's stack trace, a channel
// join's parameters, a slow query's SQL) follow without a prefix:
//
//	2024-08-20T07:00:01.234Z request_id=F-zK1dGNpBCTIgsAAAWi [info] GET /api/listings/1398412
//	2024-08-20T07:00:01.246Z request_id=F-zK1dGNpBCTIgsAAAWi user_id=48123 [info] Sent 200 in 11ms
//	2024-08-20T07:00:02.018Z [info] {"args":{"order_id":1839921},"attempt":1,"event":"job:start","id":48213377,"max_attempts":10,"meta":{},"queue":"mailers","source":"oban","system_time":1724137202018412345,"tags":[],"worker":"Marketplace.Workers.SendReceipt"}
//	2024-08-20T07:00:02.431Z [info] CONNECTED TO MarketplaceWeb.UserSocket in 287µs
//	  Transport: :websocket
//	  Serializer: Phoenix.Socket.V2.JSONSerializer
//	  Parameters: %{"token" => "[FILTERED]", "vsn" => "2.0.0"}
//	2024-08-20T07:00:02.544Z [info] JOINED user:48123 in 61µs
//	  Parameters: %{}
//	2024-08-20T07:09:12.907Z request_id=F-zLMv0... user_id=20931 [info] Sent 500 in 5006ms
//	2024-08-20T07:09:12.907Z request_id=F-zLMv0... user_id=20931 [error] ** (Mint.TransportError) timeout
//	    (req 0.4.14) lib/req.ex:978: Req.request!/2
//	    (marketplace 1.4.2) lib/marketplace/search/client.ex:37: Marketplace.Search.Client.query!/2
//	    ...
//
// Ecto's own query log is at debug and not written; a telemetry handler on the repo's
// query event logs queries over 500 ms as a warning (Slow query (1843.2ms)
// source="listings" db=1840.9ms queue=2.3ms, then the SQL). Oban's default logger
// (Oban.Telemetry.attach_default_logger/0, at info) writes each job's start, stop and
// exception, its plugins' runs (Cron every minute with the ids it inserted, Pruner every
// 30 s, Lifeline every minute) and its peer elections as JSON with sorted keys, as Jason
// encodes a small map. A request that raises is written as Phoenix and Bandit write it:
// Sent 500, then the exception with its stack trace. A GenServer that crashes gets
// Elixir's report (GenServer ... terminating, the exception, the stack trace, Last
// message, State). Health probes are routed with log: false.
//
// Normal operation, 15-25 lines a second rising through the morning from 09:00 local
// time (07:00 UTC): visitors' sessions of a few requests each, most of them signed in
// (searches, which call the search service, listing pages, categories, suggestions,
// sellers, reviews, carts, checkouts creating a payment intent, orders, favourites,
// conversations and messages, sellers presigning uploads, listing and editing items,
// sign-ins and sign-ups, exports of last month's orders); 404s for sold listings and
// scanners' paths, 401s, 402s for declined cards, 403s, 409s and 422s; a third of the
// signed-in visitors opening a WebSocket (CONNECTED TO MarketplaceWeb.UserSocket, JOINED
// user:..., listing:..., conversation:..., a REFUSED JOIN or an expired token refused
// now and then); Stripe's webhooks; the jobs all this enqueues (receipts, notifications,
// listing images, payment captures, webhook events, exports); Oban's cron on the leader
// every minute (cart reservations expired, scheduled listings published), every 5
// minutes (trending listings, currency rates), every 15 (payout reconciliation) and on
// the hour (saved-search digests fanning out to a few hundred emails); the search
// indexer, a cluster-wide singleton on the leader, flushing the listings changed every
// 10 s. What it logs all day: a search call timing out and retried by Req (retry: got
// exception, will retry in 1000ms, 1 attempt left, and ** (Mint.TransportError)
// timeout), now and then failing its request with the stack trace; a deep category
// page's slow query; PostgreSQL closing an idle connection (Postgrex.Protocol (...)
// disconnected: ** (DBConnection.ConnectionError) tcp recv (idle): closed); a webhook
// with a bad signature; a receipt the mail provider refuses (cancelled); a capture whose
// authorization expired (cancelled).
//
// Benign changes:
//   - 0:19, a one-off backfill: an engineer starts a backfill queue at runtime and
//     inserts about 1,900 BackfillListingSlugs jobs, which run one at a time on each of
//     the three pods for about half an hour (job:start, Backfilled slugs for listings
//     ..., job:stop, their queue_time growing; a rare unique-constraint failure, retried
//     with Oban's backoff). All its lines carry the change.
//   - 0:54, rolling deploy of release 1.4.3: one at a time a new pod starts (the first
//     runs the CreateOffers migration, == Running ..., create table offers, create
//     index ..., == Migrated ...; the others find Migrations already up), Running
//     MarketplaceWeb.Endpoint with Bandit 1.5.7 at :::4000 (http), Access ..., libcluster
//     connected to its peers, Oban's notifier clustered; once it is ready an old pod gets
//     SIGTERM received - shutting down and Shutting down N sockets, whose clients
//     reconnect to the other pods; a new pod becomes Oban's leader (peer:election) and
//     starts the search indexer. From the end of the rollout clients make offers (POST
//     /api/listings/:id/offers, GET /api/offers, POST /api/offers/:id/accept, and the
//     NotifySellerOfOffer and NotifyBuyerOfOffer jobs), and the stack traces of the new
//     pods name marketplace 1.4.3. All these lines carry the change.
//   - 1:33, feature flag recommendations_v2 enabled from the admin API for 25% of the
//     signed-in actors (PUT /admin/api/flags/recommendations_v2, Feature flag ...
//     enabled for 25% of actors), for all of them 11 to 14 minutes later: listing pages
//     then call GET /api/listings/:id/recommendations, which calls the recommendations
//     service (now and then it times out, Req retries, and the endpoint falls back to
//     bestsellers with a warning). The admin requests and the recommendations requests
//     carry the change.
//   - 2:13 for 30 minutes, a marketing push for the back-to-school campaign: sessions
//     double (the campaign page, its listings, then browsing as usual, more sign-ups
//     and welcome emails). The extra sessions' lines and the jobs they enqueue carry the
//     change.
//
// Incidents:
//   - 0:37 for about 9 minutes, the payment provider times out: most checkouts wait out
//     Req's 15 s receive timeout (Checkout failed for order ...: payment provider
//     unavailable (%Mint.TransportError{reason: :timeout}), Sent 502 in 15012ms), later
//     some give up waiting for Finch's pool (Finch was unable to provide a connection
//     within the timeout ...), the others succeed slowly; buyers retry; CapturePayment
//     jobs fail with ** (Mint.TransportError) timeout and are retried with Oban's backoff
//     until the provider answers; the payout reconciliation's calls are retried by Req
//     and fail; Stripe's webhooks thin out and the withheld ones arrive in a burst after
//     it. The failed and slowed responses and their error lines, the buyers' retries, the
//     failed and retried jobs and the withheld webhooks are the incident's.
//   - 1:11 for about 14 minutes, the search indexer crash-loops: a listing without a
//     price reaches the indexer's outbox and every flush raises a FunctionClauseError in
//     Marketplace.Search.Document.price_cents/1: GenServer Marketplace.Search.Indexer
//     terminating with the exception, its stack trace, Last message: :flush and State;
//     the supervisor restarts it (Search indexer started, N documents pending) and it
//     crashes again on its next flush, 10 s later; the search health check warns every
//     minute of the growing lag; an operator fixes the listing through the admin API and
//     the indexer catches up in batches of 200. All these lines are the incident's.
//   - 1:52 for about 4 minutes, a migration run from a one-off job holds a lock on the
//     orders table: queries on orders block, the three pods' pools fill up; requests
//     are dropped from DBConnection's queue after 1-3 s (Sent 500, then ** (DBConnection.
//     ConnectionError) connection not available and request was dropped from queue
//     after ...ms with its explanation and stack trace); those stuck on orders time out
//     after 15 s (Postgrex.Protocol (...) disconnected: ** (DBConnection.ConnectionError)
//     client ... timed out because it queued and checked out the connection for longer
//     than 15000ms, and the request's tcp recv: closed (the connection was closed by the
//     pool ...)); the others are slow (Slow query warnings); jobs fail the same ways and
//     are retried; Oban's plugins raise (plugin:exception); the search indexer crashes on
//     its flush; when the lock is released the blocked queries finish in a burst of slow
//     queries. The Sent lines of the requests it failed or slowed, their exceptions and
//     slow queries, the disconnections, the failed jobs and their retries, the plugin
//     exceptions, the indexer's crashes and the clients' retries are the incident's (a
//     request's first line, written before it waits, is not).
//   - 2:43, a seller exports six years of orders: the ExportSellerOrders job holds them
//     in memory on one pod; about a minute in :alarm_handler sets
//     process_memory_high_watermark, then system_memory_high_watermark; that pod's
//     requests and jobs slow down for about two minutes until, 3 to 4 minutes in, the
//     container is OOM-killed: its requests and jobs in flight end without a line, its
//     WebSocket clients reconnect to the other two pods, and the pod starts again 20 to
//     35 s later (Migrations already up, Running MarketplaceWeb.Endpoint ..., libcluster,
//     notifier). The job's lines, the alarms, the slowed responses and jobs, the
//     reconnections and the restart are the incident's.
var phoenix = Family{
	Name:    "phoenix",
	Role:    Tuning,
	Service: "Elixir Phoenix 1.7 marketplace backend (Bandit, Ecto/Postgrex, Oban, Req/Finch, Channels, libcluster) as three Kubernetes pods, Logger console format with request_id metadata, Oban JSON job logs and Elixir error reports",
	Lines:   phoenixLines,
}

const (
	pxPay  = "payment provider timing out: checkouts failing with Mint timeouts and 502s, captures retried with backoff, webhooks withheld"
	pxIdx  = "search indexer GenServer crash-looping on a malformed listing document, restarted on every flush, index lagging"
	pxLock = "DB connection pools exhausted behind a migration's lock on orders: queue drops, 15 s checkout timeouts, 500s, slow queries"
	pxOOM  = "seller export job exhausting one pod's memory: memory alarms, slow responses, the container OOM-killed and restarted, sockets reconnecting"
)

const (
	pxLayout   = "2006-01-02T15:04:05.000Z"
	pxOld      = "1.4.2"
	pxNew      = "1.4.3"
	pxBandit   = "Running MarketplaceWeb.Endpoint with Bandit 1.5.7 at :::4000 (http)"
	pxAccess   = "Access MarketplaceWeb.Endpoint at https://marketplace.example.com"
	pxAdmin    = 17 // the operators' account
	pxFinch    = "Finch was unable to provide a connection within the timeout due to excess queuing for connections. Consider adjusting the pool size, count, timeout or reducing the rate of requests if it is possible that the downstream service is unable to keep up with the current rate."
	pxClosed   = "** (DBConnection.ConnectionError) tcp recv: closed (the connection was closed by the pool, possibly due to a timeout or because the pool has been terminated)"
	pxMint     = "** (Mint.TransportError) timeout"
	pxMigrated = "20240819154207"
)

// pxPod is one pod (one Erlang node) of the Deployment.
type pxPod struct {
	ip, node, ver     string
	boot, ready, stop time.Time // stop: SIGTERM, when it leaves the Service
	kill, reboot      time.Time // the OOM kill and the container's new start (zero: none)
	back              time.Time // ready again after the kill
	pid0              int
	pg                []int // its Postgrex connections' pids
}

// serving reports whether the pod takes requests (and runs jobs) at t.
func (p *pxPod) serving(t time.Time) bool {
	if t.Before(p.ready) || !t.Before(p.stop) {
		return false
	}
	return p.kill.IsZero() || t.Before(p.kill) || !t.Before(p.back)
}

// up reports whether the node runs and is connected to the cluster at t.
func (p *pxPod) up(t time.Time) bool {
	if t.Before(p.boot) || !t.Before(p.stop) {
		return false
	}
	return p.kill.IsZero() || t.Before(p.kill) || !t.Before(p.reboot.Add(6*time.Second))
}

// dies reports whether the pod was killed after from and by to.
func (p *pxPod) dies(from, to time.Time) bool {
	return !p.kill.IsZero() && p.kill.After(from) && !p.kill.After(to)
}

// pxLead is the Oban leader from a time on.
type pxLead struct {
	from time.Time
	p    *pxPod
}

type pxLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	pods       []*pxPod // the three of 1.4.2, then the three of 1.4.3
	leaders    []pxLead
	users      []int
	sellers    []int

	jobBase, orderBase, listingBase, userBase, exportBase int
	jobAt, orderAt                                        []time.Time // when each job and order was inserted

	backfill, deploy, flag, push change
	bfN                          int
	rolled, flagFull             time.Time

	payAt, payFix           time.Time
	idxAt, idxFix           time.Time
	lockAt, lockEnd         time.Time
	oomAt, oomSlow, oomKill time.Time
	oomPod                  *pxPod
}

func phoenixLines(seed int64) []Line {
	start := time.Date(2024, 8, 20, 7, 0, 0, 0, time.UTC)
	g := newGen(seed, 28)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &pxLog{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	h.backfill = change{"one-off backfill of listing slugs: a backfill queue started at runtime, ~1900 BackfillListingSlugs jobs", at(19, 0, 55)}
	h.deploy = change{"rolling deploy of marketplace 1.4.2 -> 1.4.3: pods replaced one by one, a migration, the new offers routes and jobs", at(54, 0, 50)}
	h.flag = change{"feature flag recommendations_v2 enabled (25% of actors, then all): listing pages call the new recommendations endpoint", at(93, 0, 50)}
	h.push = change{"marketing push for the back-to-school campaign: sessions doubling for 30 minutes, campaign routes, sign-ups", at(133, 0, 50)}
	h.flagFull = h.flag.start.Add(h.ms(11*60_000, 14*60_000))
	h.payAt = at(37, 0, 50)
	h.payFix = h.payAt.Add(9*time.Minute + h.ms(-40_000, 40_000))
	h.idxAt = at(71, 0, 50)
	h.idxFix = h.idxAt.Add(14*time.Minute + h.ms(-60_000, 60_000))
	h.lockAt = at(112, 0, 50)
	h.lockEnd = h.lockAt.Add(3*time.Minute + 30*time.Second + h.ms(-25_000, 25_000))
	h.oomAt = at(163, 0, 40)
	h.oomKill = h.oomAt.Add(3*time.Minute + 40*time.Second + h.ms(-25_000, 25_000))
	h.oomSlow = h.oomKill.Add(-h.ms(100_000, 130_000))
	h.setup()
	h.rollout()
	h.oomRestart()

	// Visitors: sessions from 20 minutes before the log, so that it opens on sessions
	// under way; the campaign's extra sessions; scanners.
	h.thinned(start.Add(-20*time.Minute), h.end, 2.5, func(t time.Time) float64 { return 1.2 * h.traffic(t) }, func(t time.Time) {
		h.session(routine, t, false)
	})
	pushEnd := h.push.start.Add(30 * time.Minute)
	h.thinned(h.push.start, pushEnd, 2.5, func(t time.Time) float64 { return 1.05 * h.traffic(t) * h.pushShape(t) }, func(t time.Time) {
		h.session(h.push.truth(), t, true)
	})
	g.arrivals(start, h.end, func(time.Time) float64 { return 1.0 / 110 }, h.scanner)
	h.webhooks()
	h.captures()
	h.cron()
	h.plugins()
	h.indexer()
	h.idleDisconnects()
	h.backfillRun()
	h.flagFlips()
	h.oomExport()

	lines := h.j.sorted(h.end)
	for len(lines) > 0 && lines[0].At.Before(start) {
		lines = lines[1:]
	}
	h.number(lines)
	return lines
}

func (h *pxLog) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

// lat draws a duration around median milliseconds.
func (h *pxLog) lat(median, sigma float64) time.Duration {
	return time.Duration(h.g.lognormal(median, sigma) * float64(time.Millisecond))
}

// traffic is the morning's curve from 09:00 local time, with the swell and ebb of a
// day's visits.
func (h *pxLog) traffic(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return (0.74 + 0.42*rampUp(t, h.start.Add(-30*time.Minute), 190*time.Minute)) *
		(1 + 0.07*math.Sin(2*math.Pi*m/27) + 0.04*math.Sin(2*math.Pi*m/7.9+1))
}

func (h *pxLog) pushShape(t time.Time) float64 {
	return rampUp(t, h.push.start, 3*time.Minute) * (1 - rampUp(t, h.push.start.Add(24*time.Minute), 6*time.Minute))
}

// thinned calls fn at the times of a Poisson process of rate(t) <= max events a second.
func (h *pxLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	h.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if h.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

// setup draws the users, the sellers and the pods.
func (h *pxLog) setup() {
	g := h.g
	for i := 0; i < 30000; i++ {
		h.users = append(h.users, g.between(1, 412_000))
	}
	for i := 0; i < 2500; i++ {
		h.sellers = append(h.sellers, pick(g, h.users))
	}
	h.jobBase = g.between(48_100_000, 48_400_000)
	h.orderBase = g.between(1_830_000, 1_850_000)
	h.listingBase = g.between(1_410_000, 1_425_000)
	h.userBase = 412_000 + g.between(100, 900)
	h.exportBase = g.between(21_000, 23_000)
	far := h.end.Add(24 * time.Hour)
	used := map[string]bool{}
	for i := 0; i < 6; i++ {
		var ip string
		for ip == "" || used[ip] {
			ip = fmt.Sprintf("10.42.%d.%d", g.between(0, 5), g.between(2, 250))
		}
		used[ip] = true
		p := &pxPod{ip: ip, node: "marketplace@" + ip, ver: pxOld, stop: far}
		if i >= 3 {
			p.ver, p.boot, p.ready = pxNew, far, far
			p.pid0 = g.between(3900, 4600)
		} else {
			p.boot = h.start.Add(-time.Duration(g.between(30, 80)) * time.Hour)
			p.ready = p.boot.Add(20 * time.Second)
			p.pid0 = g.between(3900, 4600)
		}
		base := g.between(2380, 2420)
		for k := 0; k < 20; k++ {
			p.pg = append(p.pg, base+k*g.between(1, 3)+k)
		}
		h.pods = append(h.pods, p)
	}
	h.leaders = []pxLead{{from: h.start.Add(-100 * time.Hour), p: h.pods[0]}}
}

// Writing ---------------------------------------------------------------------------

// log writes a record in the console format; more are the continuation lines of its
// message.
func (h *pxLog) log(tr truth, at time.Time, rid string, user int, level, msg string, more ...string) {
	var b strings.Builder
	b.WriteString(at.Format(pxLayout))
	b.WriteByte(' ')
	if rid != "" {
		b.WriteString("request_id=")
		b.WriteString(rid)
		b.WriteByte(' ')
	}
	if user != 0 {
		fmt.Fprintf(&b, "user_id=%d ", user)
	}
	b.WriteString("[" + level + "] ")
	b.WriteString(msg)
	h.j.add(tr, at, append([]string{b.String()}, more...)...)
}

// oban writes a record of Oban's default logger.
func (h *pxLog) oban(tr truth, at time.Time, fields ...field) {
	h.log(tr, at, "", 0, "info", jsonLine(fields...))
}

// rid is Plug.RequestId's id for a request p receives at t: the time in nanoseconds, a
// hash of the connection process and the node's unique integer, url-safe base64.
func (h *pxLog) rid(p *pxPod, t time.Time) string {
	var b [15]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixNano()))
	x := h.g.rng.Uint32()
	b[8], b[9], b[10] = byte(x>>16), byte(x>>8), byte(x)
	binary.BigEndian.PutUint32(b[11:], uint32(int(h.since(p, t).Seconds()*93)+h.g.intn(60)))
	return base64.URLEncoding.EncodeToString(b[:])
}

// since is how long p's node has been running at t.
func (h *pxLog) since(p *pxPod, t time.Time) time.Duration {
	if !p.reboot.IsZero() && !t.Before(p.reboot) {
		return t.Sub(p.reboot)
	}
	return t.Sub(p.boot)
}

func (h *pxLog) pid(p *pxPod, t time.Time) string {
	return fmt.Sprintf("#PID<0.%d.0>", p.pid0+int(h.since(p, t).Seconds()*37)+h.g.intn(900))
}

func (h *pxLog) pgPid(p *pxPod) string { return fmt.Sprintf("#PID<0.%d.0>", pick(h.g, p.pg)) }

// pxTook is a duration as Phoenix writes it.
func pxTook(d time.Duration) string {
	if us := d.Microseconds(); us > 1000 {
		return fmt.Sprintf("%dms", us/1000)
	}
	return fmt.Sprintf("%dµs", d.Microseconds())
}

// pick is the pod the Service sends a request at t to, nil if none serves.
func (h *pxLog) pick(t time.Time) *pxPod {
	i := h.g.weighted(len(h.pods), func(i int) float64 {
		if h.pods[i].serving(t) {
			return 1
		}
		return 0
	})
	if i < 0 {
		return nil
	}
	return h.pods[i]
}

// leader is Oban's leader at t (it runs the plugins and the search indexer), nil
// between two leaders.
func (h *pxLog) leader(t time.Time) *pxPod {
	var p *pxPod
	for _, l := range h.leaders {
		if !t.Before(l.from) {
			p = l.p
		}
	}
	if p == nil || !p.serving(t) {
		return nil
	}
	return p
}

// verTruth is the truth of what names p's release (a stack trace): the deploy's once
// p runs 1.4.3.
func (h *pxLog) verTruth(p *pxPod) truth {
	if p.ver == pxNew {
		return h.deploy.truth()
	}
	return routine
}

// Job and order ids come from PostgreSQL sequences, in the order the rows are
// inserted; the generator, which does not write in time order, marks them and numbers
// them at the end (see number).
const (
	pxJobMark   = 9_000_000_000
	pxOrderMark = 8_000_000_000
)

// jobID is the id of a job inserted at t.
func (h *pxLog) jobID(t time.Time) int {
	h.jobAt = append(h.jobAt, t)
	return pxJobMark + len(h.jobAt) - 1
}

// newOrder is the id of an order placed at t.
func (h *pxLog) newOrder(t time.Time) int {
	h.orderAt = append(h.orderAt, t)
	return pxOrderMark + len(h.orderAt) - 1
}

// pastOrder is an order placed before t (days ago, some).
func (h *pxLog) pastOrder(t time.Time, lo, hi int) int {
	return h.orderBase + int(t.Sub(h.start).Seconds()*0.1) - h.g.between(lo, hi)
}

var pxMarks = regexp.MustCompile(`\b[89]000\d{6}\b`)

// number replaces the marks of job and order ids with the sequences' values: ids in
// the order of insertion, with the gaps rolled-back transactions leave.
func (h *pxLog) number(lines []Line) {
	rank := func(at []time.Time, base int) []int {
		idx := make([]int, len(at))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return at[idx[a]].Before(at[idx[b]]) })
		ids := make([]int, len(at))
		n := base
		for _, i := range idx {
			if h.g.chance(0.004) {
				n++
			}
			ids[i] = n
			n++
		}
		return ids
	}
	jobs, orders := rank(h.jobAt, h.jobBase), rank(h.orderAt, h.orderBase)
	for i := range lines {
		if !strings.Contains(lines[i].Text, "000") {
			continue
		}
		lines[i].Text = pxMarks.ReplaceAllStringFunc(lines[i].Text, func(m string) string {
			n, _ := strconv.Atoi(m)
			if n >= pxJobMark {
				return strconv.Itoa(jobs[n-pxJobMark])
			}
			return strconv.Itoa(orders[n-pxOrderMark])
		})
	}
}

// listing is a listing someone looks at: recent ones most.
func (h *pxLog) listing(t time.Time) int {
	top := h.listingBase + int(t.Sub(h.start).Seconds()*0.045)
	id := top - int(h.g.rng.ExpFloat64()*85_000)
	if id < 1001 {
		id = 1001 + h.g.intn(5000)
	}
	return id
}

func (h *pxLog) stripeID(prefix string) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte(prefix)
	for i := 0; i < 24; i++ {
		b = append(b, chars[h.g.intn(len(chars))])
	}
	return string(b)
}

// Requests ----------------------------------------------------------------------------

// pxSite is where a request's code queries the database, for its stack trace and its
// slow queries.
type pxSite struct {
	ctrl, action, file string
	line               int
	fn                 string // the context function of its first query
	orders             string // the one that queries orders (blocked by the lock)
	tx                 bool   // the queries run in a transaction
	source, sql        string
}

// pxReq is one request as Phoenix logs it: its first line, the lines its code writes,
// Sent, and what it raised.
type pxReq struct {
	method, path string
	user         int
	status       int
	dur          time.Duration
	db           int // 0: none, 1: the database, 2: the orders table too
	site         *pxSite
	inc          string // the incident its outcome belongs to
	mid          []pxMid
	exc          func(ver string) []string // what a 500 raised
	after        func(end time.Time)       // what a success enqueues
	pod          *pxPod
}

// pxMid is a line a request or job writes off after it started.
type pxMid struct {
	off        time.Duration
	level, msg string
	more       []string
}

// serve writes a request that p (or the pod the Service picks) receives at t, with what
// the incidents do to it, and returns when it answered and whether it succeeded.
func (h *pxLog) serve(tr truth, t time.Time, r pxReq) (time.Time, bool) {
	g := h.g
	p := r.pod
	if p == nil {
		p = h.pick(t)
	}
	if p == nil {
		return t, false
	}
	orig := r
	rid := h.rid(p, t)
	h.log(tr, t, rid, 0, "info", r.method+" "+r.path)
	str := tr
	if r.inc != "" {
		str = incident(r.inc)
	}
	var failed bool
	if r.db > 0 {
		if w, fail, disc, hit := h.locked(t, r.db); hit {
			str = incident(pxLock)
			if fail != nil {
				failed = true
				r.status, r.dur, r.mid, r.after = 500, w+h.ms(1, 6), nil, nil
				site, orders := r.site, r.db == 2 && disc
				r.exc = func(ver string) []string { return pxTrace(ver, fail, site.dbFrames(orders), site) }
				if disc {
					h.log(str, t.Add(w), "", 0, "error", fmt.Sprintf("Postgrex.Protocol (%s) disconnected: ** (DBConnection.ConnectionError) client %s timed out because it queued and checked out the connection for longer than 15000ms", h.pgPid(p), h.pid(p, t)))
				}
			} else {
				r.mid = h.shift(r.mid, w)
				r.dur += w
				if w > 500*time.Millisecond && r.site != nil {
					q, db := w, h.ms(1, 9)
					src, sql := r.site.source, r.site.sql
					if r.db == 2 && !t.Before(h.lockAt) && t.Before(h.lockEnd) {
						q, db = h.ms(0, 3), w
						src, sql = "orders", pxOrdersSQL
					}
					r.mid = append(r.mid, pxMid{off: r.dur - h.ms(1, 4), level: "warning", msg: pxSlow(src, q, db), more: []string{sql}})
				}
			}
		}
	}
	if f := h.gc(p, t); f > 1 {
		slow := time.Duration(float64(r.dur) * f)
		if str.incident == "" && slow-r.dur > 100*time.Millisecond {
			str = incident(pxOOM)
		}
		r.dur, r.mid = slow, h.scale(r.mid, f)
	}
	end := t.Add(r.dur)
	if p.dies(t, end) {
		return end, false
	}
	for _, m := range r.mid {
		mt, mtr := t.Add(m.off), str
		if mt.After(end) {
			mt = end
		}
		if m.level == "info" { // what the code reports, not how long it took
			mtr = tr
		}
		h.log(mtr, mt, rid, r.user, m.level, m.msg, m.more...)
	}
	h.log(str, end, rid, r.user, "info", fmt.Sprintf("Sent %d in %s", r.status, pxTook(r.dur)))
	if r.exc != nil {
		l := r.exc(p.ver)
		h.log(merge(str, h.verTruth(p)), end, rid, r.user, "error", l[0], l[1:]...)
	}
	if failed && r.method == "GET" && g.chance(0.35) {
		// The app retries a failed GET once, a few seconds later.
		h.serve(incident(pxLock), end.Add(h.ms(1500, 6000)), orig)
	}
	if r.after != nil && r.status < 400 {
		r.after(end)
	}
	return end, r.status < 500
}

// shift moves lines written after a wait of w.
func (h *pxLog) shift(mid []pxMid, w time.Duration) []pxMid {
	out := make([]pxMid, len(mid))
	for i, m := range mid {
		m.off += w
		out[i] = m
	}
	return out
}

func (h *pxLog) scale(mid []pxMid, f float64) []pxMid {
	out := make([]pxMid, len(mid))
	for i, m := range mid {
		m.off = time.Duration(float64(m.off) * f)
		out[i] = m
	}
	return out
}

// pxSlow is the slow-query handler's line.
func pxSlow(source string, queue, db time.Duration) string {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return fmt.Sprintf("Slow query (%.1fms) source=%q db=%.1fms queue=%.1fms", ms(queue+db), source, ms(db), ms(queue))
}

const pxOrdersSQL = `SELECT count(o0."id") FROM "orders" AS o0 WHERE ((o0."buyer_id" = $1) AND (o0."status" = ANY($2)))`

// The request's pipeline below the controller, and Bandit's below that.
var pxPipeline = []string{
	"    (phoenix 1.7.14) lib/phoenix/router.ex:484: Phoenix.Router.__call__/5",
	"    (marketplace {v}) lib/marketplace_web/endpoint.ex:1: MarketplaceWeb.Endpoint.plug_builder_call/2",
	"    (marketplace {v}) lib/marketplace_web/endpoint.ex:1: MarketplaceWeb.Endpoint.call/2",
	"    (bandit 1.5.7) lib/bandit/pipeline.ex:124: Bandit.Pipeline.call_plug!/2",
	"    (bandit 1.5.7) lib/bandit/pipeline.ex:36: Bandit.Pipeline.run/4",
	"    (bandit 1.5.7) lib/bandit/http1/handler.ex:12: Bandit.HTTP1.Handler.handle_data/3",
	"    (bandit 1.5.7) lib/bandit/delegating_handler.ex:18: Bandit.DelegatingHandler.handle_data/3",
	"    (bandit 1.5.7) /app/deps/thousand_island/lib/thousand_island/handler.ex:417: Bandit.DelegatingHandler.handle_continue/2",
	"    (stdlib 5.2.3) gen_server.erl:1085: :gen_server.try_handle_continue/3",
	"    (stdlib 5.2.3) gen_server.erl:995: :gen_server.loop/7",
	"    (stdlib 5.2.3) proc_lib.erl:241: :proc_lib.init_p_do_apply/3",
}

var pxEcto = []string{
	"    (ecto_sql 3.11.3) lib/ecto/adapters/sql.ex:1054: Ecto.Adapters.SQL.raise_sql_call_error/1",
	"    (ecto_sql 3.11.3) lib/ecto/adapters/sql.ex:952: Ecto.Adapters.SQL.execute/6",
	"    (ecto 3.11.2) lib/ecto/repo/queryable.ex:232: Ecto.Repo.Queryable.execute/4",
	"    (ecto 3.11.2) lib/ecto/repo/queryable.ex:19: Ecto.Repo.Queryable.all/3",
}

var pxEctoTx = []string{
	"    (db_connection 2.7.0) lib/db_connection.ex:1006: DBConnection.transaction/3",
	"    (ecto_sql 3.11.3) lib/ecto/adapters/sql.ex:1358: Ecto.Adapters.SQL.checkout_or_transaction/4",
	"    (ecto 3.11.2) lib/ecto/repo/transaction.ex:18: Ecto.Repo.Transaction.transaction/4",
}

// dbFrames are the frames of a query of s that failed: the one on orders if orders.
func (s *pxSite) dbFrames(orders bool) []string {
	l := append([]string{}, pxEcto...)
	if s.tx {
		l = append(l[:0:0], pxEctoTx...)
	}
	fn := s.fn
	if orders && s.orders != "" {
		fn = s.orders
	}
	if strings.Contains(fn, ".one") || strings.HasSuffix(fn, "!/1") || strings.HasSuffix(fn, "!/2") {
		if !s.tx {
			l = append(l, "    (ecto 3.11.2) lib/ecto/repo/queryable.ex:154: Ecto.Repo.Queryable.one/3")
		}
	}
	if strings.HasPrefix(fn, "(") {
		return append(l, "    "+fn)
	}
	return append(l, "    (marketplace {v}) "+fn)
}

// pxTrace is the exception a request of s raised: its message's lines, the frames top
// (down to the context function), the controller, the pipeline.
func pxTrace(ver string, banner, top []string, s *pxSite) []string {
	l := append(append([]string{}, banner...), top...)
	f := "lib/marketplace_web/controllers/" + s.file
	l = append(l,
		fmt.Sprintf("    (marketplace {v}) %s:%d: %s.%s/2", f, s.line, s.ctrl, s.action),
		fmt.Sprintf("    (marketplace {v}) %s:1: %s.action/2", f, s.ctrl),
		fmt.Sprintf("    (marketplace {v}) %s:1: %s.phoenix_controller_pipeline/2", f, s.ctrl))
	l = append(l, pxPipeline...)
	for i := range l {
		l[i] = strings.ReplaceAll(l[i], "{v}", ver)
	}
	return l
}

// pxDropped is DBConnection's error for a request dropped from the pool's queue.
func pxDropped(ms int) string {
	return fmt.Sprintf("** (DBConnection.ConnectionError) connection not available and request was dropped from queue after %dms. "+
		"This means requests are coming in and your connection pool cannot serve them fast enough. You can address this by:\n\n"+
		"  1. Ensuring your database is available and that you can connect to it\n"+
		"  2. Tracking down slow queries and making sure they are running fast enough\n"+
		"  3. Increasing the pool_size (although this increases resource consumption)\n"+
		"  4. Allowing requests to wait longer by increasing :queue_target and :queue_interval\n\n"+
		"See DBConnection.start_link/2 for more information\n", ms)
}

// pxLines splits a message into the lines a file holds (the shipper drops empty ones).
func pxLines(msg string) []string {
	var out []string
	for _, l := range strings.Split(msg, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// lockQ is how full the pools are at t because of the lock on orders, 0 to 1.
func (h *pxLog) lockQ(t time.Time) float64 {
	if t.Before(h.lockAt) || !t.Before(h.lockEnd.Add(30*time.Second)) {
		return 0
	}
	m := t.Sub(h.lockAt).Seconds()
	return (0.42 + 0.08*math.Sin(m/9)) * rampUp(t, h.lockAt.Add(8*time.Second), 60*time.Second) * (1 - rampUp(t, h.lockEnd, 25*time.Second))
}

// locked is what the lock on orders does to a database call at t (db 2: it queries
// orders): how long it waits, the error it fails with (nil: none), whether its
// connection is disconnected on the 15 s timeout, and whether the lock touched it.
func (h *pxLog) locked(t time.Time, db int) (time.Duration, []string, bool, bool) {
	g := h.g
	q := h.lockQ(t)
	if db == 2 && !t.Before(h.lockAt) && t.Before(h.lockEnd) && !g.chance(0.6*q) {
		w := h.lockEnd.Sub(t) + h.ms(3, 90)
		if w < 15*time.Second {
			return w, nil, false, true
		}
		return 15*time.Second + h.ms(0, 4), []string{pxClosed}, true, true
	}
	if q < 0.02 {
		return 0, nil, false, false
	}
	if g.chance(0.6 * q) {
		d := h.ms(950, 3400)
		return d, pxLines(pxDropped(int(d / time.Millisecond))), false, true
	}
	w := time.Duration(g.lognormal(900, 0.6) * q * float64(time.Millisecond))
	if w < 250*time.Millisecond {
		return 0, nil, false, false
	}
	return w, nil, false, true
}

// Sites of the routes that query the database.
var (
	pxSiteBrowse   = &pxSite{ctrl: "MarketplaceWeb.ListingController", action: "index", file: "listing_controller.ex", line: 14, fn: "lib/marketplace/catalog.ex:112: Marketplace.Catalog.hydrate/2", source: "listings", sql: `SELECT l0."id", l0."title", l0."price_cents", l0."currency", l0."seller_id", l0."status" FROM "listings" AS l0 WHERE (l0."id" = ANY($1))`}
	pxSiteShow     = &pxSite{ctrl: "MarketplaceWeb.ListingController", action: "show", file: "listing_controller.ex", line: 31, fn: "lib/marketplace/catalog.ex:41: Marketplace.Catalog.get_listing!/1", source: "listings", sql: `SELECT l0."id", l0."title", l0."description", l0."price_cents", l0."currency", l0."seller_id", l0."status", l0."inserted_at" FROM "listings" AS l0 WHERE (l0."id" = $1)`}
	pxSiteCategory = &pxSite{ctrl: "MarketplaceWeb.CategoryController", action: "listings", file: "category_controller.ex", line: 12, fn: "lib/marketplace/catalog.ex:88: Marketplace.Catalog.list_category/3", source: "listings", sql: `SELECT l0."id", l0."title", l0."price_cents", l0."currency", l0."seller_id", l0."inserted_at" FROM "listings" AS l0 INNER JOIN "categories" AS c1 ON c1."id" = l0."category_id" WHERE ((c1."slug" = $1) AND (l0."status" = 'active')) ORDER BY l0."inserted_at" DESC LIMIT $2 OFFSET $3`}
	pxSiteReviews  = &pxSite{ctrl: "MarketplaceWeb.ReviewController", action: "index", file: "review_controller.ex", line: 10, fn: "lib/marketplace/reviews.ex:22: Marketplace.Reviews.list_for_listing/2", source: "reviews", sql: `SELECT r0."id", r0."rating", r0."body", r0."author_id", r0."inserted_at" FROM "reviews" AS r0 WHERE (r0."listing_id" = $1) ORDER BY r0."inserted_at" DESC LIMIT 20`}
	pxSiteSeller   = &pxSite{ctrl: "MarketplaceWeb.SellerController", action: "show", file: "seller_controller.ex", line: 12, fn: "lib/marketplace/sellers.ex:31: Marketplace.Sellers.get_profile!/1", source: "seller_profiles", sql: `SELECT s0."id", s0."user_id", s0."display_name", s0."rating", s0."sales_count" FROM "seller_profiles" AS s0 WHERE (s0."user_id" = $1)`}
	pxSiteMe       = &pxSite{ctrl: "MarketplaceWeb.UserController", action: "me", file: "user_controller.ex", line: 18, fn: "lib/marketplace/accounts.ex:37: Marketplace.Accounts.get_user!/1", orders: "lib/marketplace/orders.ex:72: Marketplace.Orders.open_count/1", source: "users", sql: `SELECT u0."id", u0."email", u0."name", u0."confirmed_at" FROM "users" AS u0 WHERE (u0."id" = $1)`}
	pxSiteNotif    = &pxSite{ctrl: "MarketplaceWeb.NotificationController", action: "index", file: "notification_controller.ex", line: 11, fn: "lib/marketplace/notifications.ex:19: Marketplace.Notifications.list_unread/1", source: "notifications", sql: `SELECT n0."id", n0."kind", n0."payload", n0."inserted_at" FROM "notifications" AS n0 WHERE ((n0."user_id" = $1) AND n0."read_at" IS NULL)`}
	pxSiteCart     = &pxSite{ctrl: "MarketplaceWeb.CartController", action: "show", file: "cart_controller.ex", line: 11, fn: "lib/marketplace/carts.ex:24: Marketplace.Carts.get_cart/1", source: "cart_items", sql: `SELECT c0."id", c0."listing_id", c0."reserved_until" FROM "cart_items" AS c0 WHERE (c0."user_id" = $1)`}
	pxSiteAddCart  = &pxSite{ctrl: "MarketplaceWeb.CartController", action: "add_item", file: "cart_controller.ex", line: 22, fn: "lib/marketplace/carts.ex:51: Marketplace.Carts.add_item/3", tx: true, source: "cart_items", sql: `INSERT INTO "cart_items" ("listing_id","user_id","reserved_until","inserted_at","updated_at") VALUES ($1,$2,$3,$4,$5) RETURNING "id"`}
	pxSiteCheckout = &pxSite{ctrl: "MarketplaceWeb.CheckoutController", action: "create", file: "checkout_controller.ex", line: 16, fn: "lib/marketplace/checkout.ex:38: Marketplace.Checkout.place_order/2", orders: "lib/marketplace/checkout.ex:38: Marketplace.Checkout.place_order/2", tx: true, source: "orders", sql: `INSERT INTO "orders" ("buyer_id","status","total_cents","currency","inserted_at","updated_at") VALUES ($1,$2,$3,$4,$5,$6) RETURNING "id"`}
	pxSiteOrders   = &pxSite{ctrl: "MarketplaceWeb.OrderController", action: "index", file: "order_controller.ex", line: 12, fn: "lib/marketplace/orders.ex:29: Marketplace.Orders.list_for_buyer/2", orders: "lib/marketplace/orders.ex:29: Marketplace.Orders.list_for_buyer/2", source: "orders", sql: `SELECT o0."id", o0."status", o0."total_cents", o0."currency", o0."inserted_at" FROM "orders" AS o0 WHERE (o0."buyer_id" = $1) ORDER BY o0."inserted_at" DESC LIMIT 25`}
	pxSiteOrder    = &pxSite{ctrl: "MarketplaceWeb.OrderController", action: "show", file: "order_controller.ex", line: 24, fn: "lib/marketplace/orders.ex:47: Marketplace.Orders.get_for_buyer!/2", orders: "lib/marketplace/orders.ex:47: Marketplace.Orders.get_for_buyer!/2", source: "orders", sql: `SELECT o0."id", o0."status", o0."total_cents", o0."currency", o0."buyer_id", o0."inserted_at" FROM "orders" AS o0 WHERE ((o0."id" = $1) AND (o0."buyer_id" = $2))`}
	pxSiteFav      = &pxSite{ctrl: "MarketplaceWeb.FavoriteController", action: "create", file: "favorite_controller.ex", line: 10, fn: "lib/marketplace/favorites.ex:14: Marketplace.Favorites.add/2", tx: true, source: "favorites", sql: `INSERT INTO "favorites" ("listing_id","user_id","inserted_at") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`}
	pxSiteConvs    = &pxSite{ctrl: "MarketplaceWeb.ConversationController", action: "index", file: "conversation_controller.ex", line: 13, fn: "lib/marketplace/messaging.ex:27: Marketplace.Messaging.list_conversations/1", source: "conversations", sql: `SELECT c0."id", c0."listing_id", c0."buyer_id", c0."seller_id", c0."last_message_at" FROM "conversations" AS c0 WHERE ((c0."buyer_id" = $1) OR (c0."seller_id" = $1)) ORDER BY c0."last_message_at" DESC`}
	pxSiteMessage  = &pxSite{ctrl: "MarketplaceWeb.MessageController", action: "create", file: "message_controller.ex", line: 15, fn: "lib/marketplace/messaging.ex:58: Marketplace.Messaging.send_message/3", tx: true, source: "messages", sql: `INSERT INTO "messages" ("body","conversation_id","sender_id","inserted_at") VALUES ($1,$2,$3,$4) RETURNING "id"`}
	pxSiteCreate   = &pxSite{ctrl: "MarketplaceWeb.ListingController", action: "create", file: "listing_controller.ex", line: 48, fn: "lib/marketplace/catalog.ex:127: Marketplace.Catalog.create_listing/2", tx: true, source: "listings", sql: `INSERT INTO "listings" ("title","description","price_cents","currency","category_id","seller_id","status","inserted_at","updated_at") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING "id"`}
	pxSiteEdit     = &pxSite{ctrl: "MarketplaceWeb.ListingController", action: "update", file: "listing_controller.ex", line: 66, fn: "lib/marketplace/catalog.ex:139: Marketplace.Catalog.update_listing/2", tx: true, source: "listings", sql: `UPDATE "listings" SET "price_cents" = $1, "updated_at" = $2 WHERE "id" = $3`}
	pxSiteLogin    = &pxSite{ctrl: "MarketplaceWeb.SessionController", action: "create", file: "session_controller.ex", line: 14, fn: "lib/marketplace/accounts.ex:58: Marketplace.Accounts.get_user_by_email/1", source: "users", sql: `SELECT u0."id", u0."email", u0."hashed_password" FROM "users" AS u0 WHERE (u0."email" = $1)`}
	pxSiteRegister = &pxSite{ctrl: "MarketplaceWeb.UserController", action: "create", file: "user_controller.ex", line: 27, fn: "lib/marketplace/accounts.ex:81: Marketplace.Accounts.register_user/1", tx: true, source: "users", sql: `INSERT INTO "users" ("email","name","hashed_password","inserted_at","updated_at") VALUES ($1,$2,$3,$4,$5) RETURNING "id"`}
	pxSiteExport   = &pxSite{ctrl: "MarketplaceWeb.ExportController", action: "create", file: "export_controller.ex", line: 11, fn: "lib/marketplace/exports.ex:19: Marketplace.Exports.request_export/2", tx: true, source: "exports", sql: `INSERT INTO "exports" ("seller_id","format","from","to","inserted_at") VALUES ($1,$2,$3,$4,$5) RETURNING "id"`}
	pxSiteWebhook  = &pxSite{ctrl: "MarketplaceWeb.StripeWebhookController", action: "create", file: "stripe_webhook_controller.ex", line: 19, fn: "lib/marketplace/payments/webhooks.ex:27: Marketplace.Payments.Webhooks.enqueue_event/1", source: "oban_jobs", sql: `INSERT INTO "public"."oban_jobs" ("args","meta","state","queue","worker","max_attempts") VALUES ($1,$2,$3,$4,$5,$6) RETURNING "id"`}
	pxSiteOffer    = &pxSite{ctrl: "MarketplaceWeb.OfferController", action: "create", file: "offer_controller.ex", line: 17, fn: "lib/marketplace/offers.ex:33: Marketplace.Offers.make_offer/3", tx: true, source: "offers", sql: `INSERT INTO "offers" ("amount_cents","buyer_id","listing_id","status","inserted_at","updated_at") VALUES ($1,$2,$3,$4,$5,$6) RETURNING "id"`}
	pxSiteOffers   = &pxSite{ctrl: "MarketplaceWeb.OfferController", action: "index", file: "offer_controller.ex", line: 33, fn: "lib/marketplace/offers.ex:58: Marketplace.Offers.list_for_user/1", source: "offers", sql: `SELECT o0."id", o0."listing_id", o0."amount_cents", o0."status" FROM "offers" AS o0 WHERE ((o0."buyer_id" = $1) OR (o0."seller_id" = $1))`}
	pxSiteAccept   = &pxSite{ctrl: "MarketplaceWeb.OfferController", action: "accept", file: "offer_controller.ex", line: 45, fn: "lib/marketplace/offers.ex:77: Marketplace.Offers.accept/2", tx: true, source: "offers", sql: `UPDATE "offers" SET "status" = $1, "updated_at" = $2 WHERE "id" = $3`}
	pxSiteRecs     = &pxSite{ctrl: "MarketplaceWeb.RecommendationController", action: "index", file: "recommendation_controller.ex", line: 12, fn: "lib/marketplace/catalog.ex:112: Marketplace.Catalog.hydrate/2", source: "listings", sql: `SELECT l0."id", l0."title", l0."price_cents", l0."currency" FROM "listings" AS l0 WHERE (l0."id" = ANY($1))`}
	pxSiteCampaign = &pxSite{ctrl: "MarketplaceWeb.CampaignController", action: "show", file: "campaign_controller.ex", line: 10, fn: "lib/marketplace/campaigns.ex:15: Marketplace.Campaigns.get_by_slug!/1", source: "campaigns", sql: `SELECT c0."id", c0."slug", c0."title", c0."starts_at", c0."ends_at" FROM "campaigns" AS c0 WHERE (c0."slug" = $1)`}
	pxSiteFlag     = &pxSite{ctrl: "MarketplaceWeb.Admin.FlagController", action: "update", file: "admin/flag_controller.ex", line: 14, fn: "(fun_with_flags 1.11.0) lib/fun_with_flags/store/persistent/ecto.ex:98: FunWithFlags.Store.Persistent.Ecto.put/2", tx: true, source: "fun_with_flags_toggles", sql: `INSERT INTO "fun_with_flags_toggles" ("flag_name","gate_type","target","enabled") VALUES ($1,$2,$3,$4)`}
	pxSiteAdminFix = &pxSite{ctrl: "MarketplaceWeb.Admin.ListingController", action: "update", file: "admin/listing_controller.ex", line: 22, fn: "lib/marketplace/catalog.ex:139: Marketplace.Catalog.update_listing/2", tx: true, source: "listings", sql: `UPDATE "listings" SET "price_cents" = $1, "updated_at" = $2 WHERE "id" = $3`}
)

var pxCategories = []string{"electronics", "phones", "laptops", "cameras", "bikes", "furniture", "sofas", "home-garden", "kids-baby", "strollers",
	"fashion", "sneakers", "vintage-clothing", "watches", "books", "board-games", "video-games", "guitars", "sports", "camping", "tools",
	"collectibles", "art", "kitchen", "lighting"}

var pxScan = []string{"/wp-login.php", "/.env", "/wp-admin/setup-config.php", "/.git/config", "/xmlrpc.php", "/phpmyadmin/index.php",
	"/admin/.env", "/api/.env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci", "/actuator/health", "/server-status",
	"/boaform/admin/formLogin", "/owa/auth/logon.aspx", "/.aws/credentials", "/config.json", "/wp-content/plugins/wp-file-manager/readme.txt",
	"/.DS_Store", "/backup.zip", "/api/v1/pods", "/solr/admin/info/system", "/telescope/requests", "/_ignition/execute-solution"}

// Sessions ------------------------------------------------------------------------------

// pxVisit is a visitor's session.
type pxVisit struct {
	user, listing int
	tr            truth
}

const (
	pxBrowse = iota
	pxCategory
	pxSuggest
	pxListing
	pxReviews
	pxSeller
	pxMe
	pxNotif
	pxCart
	pxAddCart
	pxCheckout
	pxOrders
	pxOrder
	pxFav
	pxUnfav
	pxConvs
	pxMessage
	pxSell
	pxEdit
	pxLogin
	pxRegister
	pxOffer
	pxOffers
	pxExport
	pxRoutes
)

// Shares of a signed-in and an anonymous visitor's requests (offers: see request).
var (
	pxSigned = [pxRoutes]float64{16, 8, 8, 28, 3, 3, 6, 3, 4, 3, 1.3, 2, 2, 3, 0.7, 2, 2, 0.8, 1.2, 0, 0, 0, 0, 0.06}
	pxAnon   = [pxRoutes]float64{18, 9, 9, 30, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0.6, 0, 0, 0}
)

// session is a visitor's few requests, some seconds apart; a third of the signed-in
// ones open a WebSocket too. A campaign session starts on the campaign's pages.
func (h *pxLog) session(tr truth, t time.Time, camp bool) {
	g := h.g
	v := &pxVisit{tr: tr}
	if g.chance(0.72) {
		v.user = pick(g, h.users)
	}
	n := 1 + int(g.lognormal(4.2, 0.75))
	if n > 40 {
		n = 40
	}
	if v.user != 0 && g.chance(0.33) {
		h.socket(tr, t.Add(h.ms(400, 3000)), nil, v.user, 0)
	}
	for i := 0; i < n && t.Before(h.end); i++ {
		if camp && i < 2 {
			h.campaign(v, t, i)
		} else {
			h.request(v, t)
		}
		t = t.Add(time.Duration(g.lognormal(11, 0.8) * float64(time.Second)))
	}
}

func (h *pxLog) campaign(v *pxVisit, t time.Time, i int) {
	g := h.g
	switch {
	case i == 0:
		h.serve(v.tr, t, pxReq{method: "GET", path: "/api/campaigns/back-to-school", user: v.user, status: 200, dur: h.lat(14, 0.4), db: 1, site: pxSiteCampaign})
	case g.chance(0.55):
		h.serve(v.tr, t, pxReq{method: "GET", path: "/api/campaigns/back-to-school/listings", user: v.user, status: 200, dur: h.lat(31, 0.45), db: 1, site: pxSiteCampaign})
	case v.user == 0 && g.chance(0.12):
		h.register(v, t)
	default:
		h.request(v, t)
	}
}

// request is one request of a session.
func (h *pxLog) request(v *pxVisit, t time.Time) {
	g := h.g
	u := v.user
	offers := 0.0
	if u != 0 && !t.Before(h.rolled) {
		offers = rampUp(t, h.rolled, 20*time.Minute)
	}
	k := g.weighted(pxRoutes, func(i int) float64 {
		switch {
		case i == pxOffer:
			return 2.2 * offers
		case i == pxOffers:
			return 0.9 * offers
		case u == 0:
			return pxAnon[i]
		}
		return pxSigned[i]
	})
	req := func(method, path string, status int, dur time.Duration, db int, site *pxSite) pxReq {
		return pxReq{method: method, path: path, user: u, status: status, dur: dur, db: db, site: site}
	}
	tr := v.tr
	switch k {
	case pxBrowse:
		h.browse(v, t)
	case pxCategory:
		r := req("GET", "/api/categories/"+pick(g, pxCategories)+"/listings", 200, h.lat(22, 0.45), 1, pxSiteCategory)
		if g.chance(0.012) { // a deep page: OFFSET in the thousands
			d := h.lat(1100, 0.4) + 500*time.Millisecond
			r.dur = d + h.lat(15, 0.3)
			r.mid = []pxMid{{off: d, level: "warning", msg: pxSlow("listings", h.ms(0, 2), d), more: []string{pxSiteCategory.sql}}}
		}
		h.serve(tr, t, r)
	case pxSuggest:
		h.serve(tr, t, req("GET", "/api/search/suggest", 200, h.lat(7, 0.45), 0, nil))
	case pxListing:
		h.show(v, t)
	case pxReviews:
		id := v.listing
		if id == 0 {
			id = h.listing(t)
		}
		h.serve(tr, t, req("GET", fmt.Sprintf("/api/listings/%d/reviews", id), 200, h.lat(8, 0.4), 1, pxSiteReviews))
	case pxSeller:
		st := 200
		if g.chance(0.01) {
			st = 404
		}
		h.serve(tr, t, req("GET", fmt.Sprintf("/api/sellers/%d", pick(g, h.sellers)), st, h.lat(10, 0.4), 1, pxSiteSeller))
	case pxMe:
		if g.chance(0.03) { // an expired token
			h.serve(tr, t, pxReq{method: "GET", path: "/api/users/me", status: 401, dur: h.lat(0.6, 0.3)})
			return
		}
		h.serve(tr, t, req("GET", "/api/users/me", 200, h.lat(5, 0.4), 2, pxSiteMe))
	case pxNotif:
		h.serve(tr, t, req("GET", "/api/notifications", 200, h.lat(7, 0.4), 1, pxSiteNotif))
	case pxCart:
		h.serve(tr, t, req("GET", "/api/cart", 200, h.lat(9, 0.4), 1, pxSiteCart))
	case pxAddCart:
		st := 201
		switch x := g.rng.Float64(); {
		case x < 0.03:
			st = 409 // reserved by another buyer
		case x < 0.045:
			st = 422
		}
		h.serve(tr, t, req("POST", "/api/cart/items", st, h.lat(16, 0.4), 1, pxSiteAddCart))
	case pxCheckout:
		h.checkout(tr, t, u, 0, 0)
	case pxOrders:
		h.serve(tr, t, req("GET", "/api/orders", 200, h.lat(14, 0.45), 2, pxSiteOrders))
	case pxOrder:
		st := 200
		if g.chance(0.02) {
			st = 404
		}
		h.serve(tr, t, req("GET", fmt.Sprintf("/api/orders/%d", h.pastOrder(t, 1, 9000)), st, h.lat(9, 0.4), 2, pxSiteOrder))
	case pxFav:
		id := v.listing
		if id == 0 {
			id = h.listing(t)
		}
		r := req("POST", "/api/favorites", 201, h.lat(8, 0.4), 1, pxSiteFav)
		if g.chance(0.02) {
			r.status = 422
		}
		h.serve(tr, t, r)
	case pxUnfav:
		h.serve(tr, t, req("DELETE", fmt.Sprintf("/api/favorites/%d", h.listing(t)), 204, h.lat(6, 0.4), 1, pxSiteFav))
	case pxConvs:
		h.serve(tr, t, req("GET", "/api/conversations", 200, h.lat(15, 0.45), 1, pxSiteConvs))
	case pxMessage:
		conv := g.between(2_900_000, 3_400_000)
		r := req("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), 201, h.lat(18, 0.4), 1, pxSiteMessage)
		if g.chance(0.01) {
			r.status = 403
		}
		r.after = func(end time.Time) {
			h.enqueue(tr, end, "notifications", "Marketplace.Workers.NotifyRecipient", []field{{"conversation_id", conv}, {"message_id", g.between(41_000_000, 42_000_000)}}, 5, 1, h.lat(95, 0.5))
		}
		h.serve(tr, t, r)
	case pxSell:
		h.sell(v, t)
	case pxEdit:
		st := 200
		switch x := g.rng.Float64(); {
		case x < 0.08:
			st = 422
		case x < 0.12:
			st = 403
		}
		h.serve(tr, t, req("PATCH", fmt.Sprintf("/api/listings/%d", h.listing(t)), st, h.lat(22, 0.4), 1, pxSiteEdit))
	case pxLogin:
		h.login(v, t)
	case pxRegister:
		h.register(v, t)
	case pxOffer:
		h.offer(v, t)
	case pxOffers:
		h.offers(v, t)
	case pxExport:
		h.export(tr, t, pick(g, h.sellers), false)
	}
}

// browse is a search: the search service answers in some tens of milliseconds, now
// and then not within Req's 2 s, and Req retries it once.
func (h *pxLog) browse(v *pxVisit, t time.Time) {
	g := h.g
	r := pxReq{method: "GET", path: "/api/listings", user: v.user, status: 200, db: 1, site: pxSiteBrowse}
	r.dur = h.lat(28, 0.5) + h.lat(9, 0.4)
	if g.chance(0.0035) {
		first := 2000*time.Millisecond + h.ms(0, 6)
		r.mid = []pxMid{
			{off: first, level: "warning", msg: "retry: got exception, will retry in 1000ms, 1 attempt left"},
			{off: first, level: "warning", msg: pxMint},
		}
		r.dur = first + time.Second + h.lat(40, 0.5) + h.lat(9, 0.4)
		if g.chance(0.25) {
			r.status, r.dur = 500, first+time.Second+2000*time.Millisecond+h.ms(1, 9)
			r.exc = func(ver string) []string {
				return pxTrace(ver, []string{pxMint}, []string{
					"    (req 0.4.14) lib/req.ex:978: Req.request!/2",
					"    (marketplace {v}) lib/marketplace/search/client.ex:37: Marketplace.Search.Client.query!/2",
					"    (marketplace {v}) lib/marketplace/search.ex:22: Marketplace.Search.listings/2",
				}, pxSiteBrowse)
			}
		}
	}
	h.serve(v.tr, t, r)
}

// show is a listing page; a signed-in actor the recommendations flag is enabled for
// then asks for the listing's recommendations.
func (h *pxLog) show(v *pxVisit, t time.Time) {
	g := h.g
	id := h.listing(t)
	v.listing = id
	r := pxReq{method: "GET", path: fmt.Sprintf("/api/listings/%d", id), user: v.user, status: 200, dur: h.lat(12, 0.45), db: 1, site: pxSiteShow}
	if g.chance(0.045) { // sold or deleted
		r.status, r.dur = 404, h.lat(4, 0.4)
	}
	r.after = func(end time.Time) {
		if h.flagged(v.user, end) {
			h.recommendations(merge(v.tr, h.flag.truth()), end.Add(h.ms(60, 500)), v.user, id)
		}
	}
	h.serve(v.tr, t, r)
}

// flagged reports whether recommendations_v2 is enabled for user at t.
func (h *pxLog) flagged(user int, t time.Time) bool {
	switch {
	case user == 0 || t.Before(h.flag.start.Add(time.Second)):
		return false
	case !t.Before(h.flagFull.Add(time.Second)):
		return true
	}
	return (user*2654435761)%100 < 25
}

func (h *pxLog) recommendations(tr truth, t time.Time, user, id int) {
	g := h.g
	r := pxReq{method: "GET", path: fmt.Sprintf("/api/listings/%d/recommendations", id), user: user, status: 200, db: 1, site: pxSiteRecs}
	r.dur = h.lat(34, 0.45) + h.lat(5, 0.4)
	if g.chance(0.006) {
		first := 800*time.Millisecond + h.ms(0, 5)
		r.mid = []pxMid{
			{off: first, level: "warning", msg: "retry: got exception, will retry in 1000ms, 1 attempt left"},
			{off: first, level: "warning", msg: pxMint},
		}
		r.dur = first + time.Second + h.lat(40, 0.4)
		if g.chance(0.5) {
			second := first + time.Second + 800*time.Millisecond + h.ms(0, 5)
			r.mid = append(r.mid, pxMid{off: second, level: "warning", msg: fmt.Sprintf("Recommendations unavailable for listing %d, serving category bestsellers: %%Mint.TransportError{reason: :timeout}", id)})
			r.dur = second + h.lat(6, 0.3)
		}
	}
	h.serve(tr, t, r)
}

// checkout places an order and creates its payment intent at the provider; a buyer
// whose checkout failed on the provider tries again.
func (h *pxLog) checkout(tr truth, t time.Time, u int, try int, order int) {
	g := h.g
	if order == 0 {
		order = h.newOrder(t)
	}
	items := 1 + int(g.rng.ExpFloat64()*0.7)
	total := 0.0
	for i := 0; i < items; i++ {
		total += math.Round(g.lognormal(32, 0.8)*2) / 2
	}
	r := pxReq{method: "POST", path: "/api/checkout", user: u, status: 201, db: 2, site: pxSiteCheckout}
	own := h.lat(38, 0.35)
	call, perr, hit := h.stripe(t, 330)
	if hit {
		r.inc = pxPay
	}
	if perr == "" && hit && g.chance(0.15) && t.After(h.payAt.Add(150*time.Second)) && h.payP(t) > 0.5 {
		call, perr = 5000*time.Millisecond+h.ms(1, 9), "finch"
	}
	r.dur = own + call
	switch {
	case perr != "":
		reason := "%Mint.TransportError{reason: :timeout}"
		if perr == "finch" {
			reason = `%RuntimeError{message: "` + pxFinch + `"}`
		}
		r.status = 502
		r.mid = []pxMid{{off: r.dur - h.ms(1, 3), level: "error", msg: fmt.Sprintf("Checkout failed for order %d: payment provider unavailable (%s)", order, reason)}}
		if try < 2 && g.chance(0.55) {
			h.checkout(incident(pxPay), t.Add(r.dur+h.ms(8000, 60_000)), u, try+1, order)
		}
	case g.chance(0.045):
		r.status = 402
		r.mid = []pxMid{{off: r.dur - h.ms(1, 3), level: "info", msg: fmt.Sprintf("Payment declined for order %d: card_declined (%s)", order,
			pick(g, []string{"insufficient_funds", "insufficient_funds", "generic_decline", "expired_card", "do_not_honor", "incorrect_cvc"}))}}
	default:
		r.mid = []pxMid{{off: r.dur - h.ms(1, 3), level: "info", msg: fmt.Sprintf("Order %d placed: %s, %.2f EUR (%s)", order, pxItems(items), total, h.stripeID("pi_3P"))}}
		r.after = func(end time.Time) {
			h.enqueue(tr, end, "mailers", "Marketplace.Workers.SendReceipt", []field{{"order_id", order}}, 10, 2, 0)
		}
	}
	h.serve(tr, t, r)
}

func pxItems(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

// sell is a seller presigning the upload of photos and listing an item a minute later.
func (h *pxLog) sell(v *pxVisit, t time.Time) {
	g := h.g
	h.serve(v.tr, t, pxReq{method: "POST", path: "/api/uploads/presign", user: v.user, status: 200, dur: h.lat(6, 0.4)})
	t = t.Add(h.ms(20_000, 90_000))
	r := pxReq{method: "POST", path: "/api/listings", user: v.user, status: 201, dur: h.lat(35, 0.4), db: 1, site: pxSiteCreate}
	if g.chance(0.15) {
		r.status, r.dur = 422, h.lat(9, 0.4)
	}
	r.after = func(end time.Time) {
		id := h.listingBase + int(end.Sub(h.start).Seconds()*0.045) + 1
		h.enqueue(v.tr, end, "media", "Marketplace.Workers.GenerateListingImages", []field{{"listing_id", id}, {"photos", g.between(1, 8)}}, 5, 1, h.lat(1800, 0.4))
	}
	h.serve(v.tr, t, r)
}

func (h *pxLog) login(v *pxVisit, t time.Time) {
	g := h.g
	for try := 0; try < 2; try++ {
		if g.chance(0.86) {
			if _, ok := h.serve(v.tr, t, pxReq{method: "POST", path: "/api/sessions", status: 200, dur: h.lat(180, 0.2), db: 1, site: pxSiteLogin}); ok {
				v.user = pick(g, h.users)
			}
			return
		}
		end, _ := h.serve(v.tr, t, pxReq{method: "POST", path: "/api/sessions", status: 401, dur: h.lat(175, 0.2), db: 1, site: pxSiteLogin})
		if !g.chance(0.6) {
			return
		}
		t = end.Add(h.ms(3000, 15_000))
	}
}

func (h *pxLog) register(v *pxVisit, t time.Time) {
	g := h.g
	r := pxReq{method: "POST", path: "/api/users", status: 201, dur: h.lat(210, 0.2), db: 1, site: pxSiteRegister}
	if g.chance(0.2) {
		r.status, r.dur = 422, h.lat(12, 0.4)
	}
	user := h.userBase + int(t.Sub(h.start).Seconds()*0.05) + g.intn(3)
	r.after = func(end time.Time) {
		v.user = user
		h.enqueue(v.tr, end, "mailers", "Marketplace.Workers.SendWelcomeEmail", []field{{"user_id", user}}, 10, 1, h.lat(380, 0.4))
	}
	h.serve(v.tr, t, r)
}

// offer is a buyer's offer on a listing (1.4.3).
func (h *pxLog) offer(v *pxVisit, t time.Time) {
	g := h.g
	tr := merge(v.tr, h.deploy.truth())
	id := v.listing
	if id == 0 {
		id = h.listing(t)
	}
	r := pxReq{method: "POST", path: fmt.Sprintf("/api/listings/%d/offers", id), user: v.user, status: 201, dur: h.lat(21, 0.4), db: 1, site: pxSiteOffer}
	switch x := g.rng.Float64(); {
	case x < 0.16:
		r.status, r.dur = 422, h.lat(7, 0.4) // below the seller's minimum
	case x < 0.22:
		r.status, r.dur = 409, h.lat(8, 0.4) // sold meanwhile
	}
	r.after = func(end time.Time) {
		h.enqueue(tr, end, "notifications", "Marketplace.Workers.NotifySellerOfOffer", []field{{"offer_id", g.between(90_000, 99_000)}}, 5, 1, h.lat(90, 0.5))
	}
	h.serve(tr, t, r)
}

func (h *pxLog) offers(v *pxVisit, t time.Time) {
	g := h.g
	tr := merge(v.tr, h.deploy.truth())
	end, ok := h.serve(tr, t, pxReq{method: "GET", path: "/api/offers", user: v.user, status: 200, dur: h.lat(11, 0.4), db: 1, site: pxSiteOffers})
	if !ok || !g.chance(0.3) {
		return
	}
	offer := g.between(90_000, 99_000)
	r := pxReq{method: "POST", path: fmt.Sprintf("/api/offers/%d/accept", offer), user: v.user, status: 200, dur: h.lat(24, 0.4), db: 1, site: pxSiteAccept}
	if g.chance(0.1) {
		r.status, r.dur = 409, h.lat(8, 0.4)
	}
	r.after = func(end time.Time) {
		h.enqueue(tr, end, "notifications", "Marketplace.Workers.NotifyBuyerOfOffer", []field{{"offer_id", offer}}, 5, 1, h.lat(90, 0.5))
	}
	h.serve(tr, end.Add(h.ms(2000, 20_000)), r)
}

// export is a seller asking for a CSV of their orders; big is six years of them.
func (h *pxLog) export(tr truth, t time.Time, seller int, big bool) {
	g := h.g
	from, to := "2024-07-01", "2024-07-31"
	if big {
		from, to = "2018-06-01", "2024-08-20"
	}
	id := h.exportBase + int(t.Sub(h.start).Seconds()/160) + g.intn(2)
	r := pxReq{method: "POST", path: "/api/exports", user: seller, status: 202, dur: h.lat(12, 0.4), db: 1, site: pxSiteExport}
	r.after = func(end time.Time) {
		j := &pxJob{id: h.jobID(end), queue: "exports", worker: "Marketplace.Workers.ExportSellerOrders", max: 3, attempt: 1, db: 2,
			args: []field{{"export_id", id}, {"format", "csv"}, {"from", from}, {"seller_id", seller}, {"to", to}}}
		at := end.Add(h.ms(5, 80))
		started := pxMid{off: h.ms(3, 20), level: "info", msg: fmt.Sprintf("Export %d started for seller %d: orders %s..%s", id, seller, from, to)}
		if big {
			// It never finishes: see oomExport.
			h.exec(incident(pxOOM), h.oomPod, h.oomAt, j, h.oomAt.Sub(end), pxWork{dur: 2 * time.Hour, mid: []pxMid{started}})
			return
		}
		n := g.between(8, 900)
		d := h.lat(900+float64(n)*6, 0.35)
		h.perform(tr, nil, at, j, at.Sub(end), func(time.Time) pxWork {
			return pxWork{dur: d, mid: []pxMid{started, {off: d - h.ms(1, 4), level: "info", msg: fmt.Sprintf("Export %d finished: %d orders, %d KB in %dms", id, n, n*3/2+g.intn(9), d.Milliseconds())}}}
		})
	}
	h.serve(tr, t, r)
}

// scanner is a bot trying paths of other software.
func (h *pxLog) scanner(t time.Time) {
	g := h.g
	for n := g.between(3, 22); n > 0; n-- {
		path := pick(g, pxScan)
		method := "GET"
		if strings.HasSuffix(path, "xmlrpc.php") || strings.Contains(path, "formLogin") {
			method = "POST"
		}
		h.serve(routine, t, pxReq{method: method, path: path, status: 404, dur: time.Duration(g.lognormal(380, 0.4) * float64(time.Microsecond))})
		t = t.Add(h.ms(80, 900))
	}
}

// WebSockets ------------------------------------------------------------------------

// socket is a client connecting its UserSocket and joining its user's topic, now and
// then a listing's and a conversation's.
func (h *pxLog) socket(tr truth, t time.Time, p *pxPod, user, listing int) {
	g := h.g
	if p == nil {
		p = h.pick(t)
	}
	if p == nil {
		return
	}
	took := pxTook(time.Duration(g.lognormal(290, 0.5) * float64(time.Microsecond)))
	params := []string{"  Transport: :websocket", "  Serializer: Phoenix.Socket.V2.JSONSerializer", `  Parameters: %{"token" => "[FILTERED]", "vsn" => "2.0.0"}`}
	if g.chance(0.02) { // an expired token: the client fetches a new one and reconnects
		h.log(tr, t, "", 0, "info", "REFUSED CONNECTION TO MarketplaceWeb.UserSocket in "+took, params...)
		t = t.Add(h.ms(300, 2500))
		took = pxTook(time.Duration(g.lognormal(290, 0.5) * float64(time.Microsecond)))
	}
	h.log(tr, t, "", 0, "info", "CONNECTED TO MarketplaceWeb.UserSocket in "+took, params...)
	join := func(topic string, us float64, ok bool, params string) {
		t = t.Add(h.ms(10, 160))
		verb := "JOINED "
		if !ok {
			verb = "REFUSED JOIN "
		}
		h.log(tr, t, "", 0, "info", verb+topic+" in "+pxTook(time.Duration(g.lognormal(us, 0.5)*float64(time.Microsecond))), "  Parameters: "+params)
	}
	join(fmt.Sprintf("user:%d", user), 70, true, "%{}")
	if listing != 0 || g.chance(0.45) {
		if listing == 0 {
			listing = h.listing(t)
		}
		join(fmt.Sprintf("listing:%d", listing), 1500, true, "%{}")
	}
	if g.chance(0.15) {
		join(fmt.Sprintf("conversation:%d", g.between(2_900_000, 3_400_000)), 1200, !g.chance(0.03),
			fmt.Sprintf(`%%{"last_message_id" => %d}`, g.between(41_000_000, 42_000_000)))
	}
}

// sockets is how many WebSockets a pod holds at t.
func (h *pxLog) sockets(t time.Time) int {
	n := int(h.g.normal(52*h.traffic(t), 6))
	if n < 5 {
		n = 5
	}
	return n
}

// reconnect is the sockets of a pod that went away reconnecting to the others, as
// phoenix.js retries (10 ms, 50 ms, ... then seconds apart).
func (h *pxLog) reconnect(tr truth, from time.Time, n int, spread int) {
	g := h.g
	for i := 0; i < n; i++ {
		at := from.Add(h.ms(10, spread) + time.Duration(g.rng.ExpFloat64()*float64(700*time.Millisecond)))
		h.socket(tr, at, nil, pick(g, h.users), 0)
	}
}

// Jobs ----------------------------------------------------------------------------------

// pxJob is an Oban job.
type pxJob struct {
	id            int
	queue, worker string
	args, meta    []field
	attempt, max  int
	db            int
}

// pxWork is what one attempt of a job does.
type pxWork struct {
	dur   time.Duration
	fail  string // the error banner it raises ("" for none)
	state string // a stop's state other than success (cancelled)
	why   string // the incident that failed or slowed it
	mid   []pxMid
}

// enqueue inserts a job at t, which a queue starts a moment later; dur is how long it
// runs (0: a SendReceipt, whose mail provider may refuse it).
func (h *pxLog) enqueue(tr truth, t time.Time, queue, worker string, args []field, max, db int, dur time.Duration) {
	g := h.g
	j := &pxJob{id: h.jobID(t), queue: queue, worker: worker, args: args, max: max, attempt: 1, db: db}
	at := t.Add(h.ms(4, 90))
	h.perform(tr, nil, at, j, at.Sub(t), func(time.Time) pxWork {
		if dur == 0 {
			d := h.lat(420, 0.4)
			if g.chance(0.006) {
				return pxWork{dur: d, state: "cancelled"}
			}
			return pxWork{dur: d}
		}
		return pxWork{dur: dur}
	})
}

// perform runs a job's attempts: a failed one is retried after Oban's backoff until it
// succeeds or runs out of attempts.
func (h *pxLog) perform(tr truth, p *pxPod, at time.Time, j *pxJob, qt time.Duration, work func(time.Time) pxWork) {
	for {
		end, ok, why, died := h.exec(tr, p, at, j, qt, work(at))
		if ok || died || j.attempt >= j.max || !at.Before(h.end) {
			return
		}
		tr, p = why, nil
		at = end.Add(h.backoff(j.attempt))
		j.attempt++
		qt = h.ms(30, 1100)
	}
}

// backoff is Oban's default: 15 s plus 2^attempt, with up to 10% jitter.
func (h *pxLog) backoff(attempt int) time.Duration {
	s := 15 + math.Pow(2, float64(attempt))
	return time.Duration(s * (1 + 0.1*h.g.rng.Float64()) * float64(time.Second))
}

// exec writes one attempt of j on p (or a pod that runs its queue) from at: job:start,
// the worker's lines, job:stop or job:exception; it returns when it ended, whether it
// succeeded, the truth of its outcome, and whether the pod died under it.
func (h *pxLog) exec(tr truth, p *pxPod, at time.Time, j *pxJob, qt time.Duration, w pxWork) (time.Time, bool, truth, bool) {
	g := h.g
	if p == nil {
		p = h.pick(at)
	}
	if p == nil {
		return at, false, tr, true
	}
	why := tr
	if w.why != "" {
		why = incident(w.why)
	}
	if j.db > 0 && w.fail == "" {
		if lw, fail, disc, hit := h.locked(at, j.db); hit {
			why = incident(pxLock)
			if fail != nil {
				w.dur, w.fail, w.mid, w.state = lw, strings.Join(fail, "\n"), nil, ""
				if fail[0] != pxClosed {
					w.fail = strings.TrimSuffix(pxDropped(int(lw/time.Millisecond)), "\n")
				}
				if disc {
					h.log(why, at.Add(lw), "", 0, "error", fmt.Sprintf("Postgrex.Protocol (%s) disconnected: ** (DBConnection.ConnectionError) client %s timed out because it queued and checked out the connection for longer than 15000ms", h.pgPid(p), h.pid(p, at)))
				}
			} else {
				w.dur += lw
				w.mid = h.shift(w.mid, lw)
			}
		}
	}
	if f := h.gc(p, at); f > 1 {
		slow := time.Duration(float64(w.dur) * f)
		if why.incident == "" && slow-w.dur > 100*time.Millisecond {
			why = incident(pxOOM)
		}
		w.dur, w.mid = slow, h.scale(w.mid, f)
	}
	meta := j.meta
	if meta == nil {
		meta = []field{}
	}
	h.oban(tr, at, field{"args", j.args}, field{"attempt", j.attempt}, field{"event", "job:start"}, field{"id", j.id},
		field{"max_attempts", j.max}, field{"meta", meta}, field{"queue", j.queue}, field{"source", "oban"},
		field{"system_time", int(at.UnixNano()) + g.intn(1000)}, field{"tags", []string{}}, field{"worker", j.worker})
	end := at.Add(w.dur)
	for _, m := range w.mid {
		mt := at.Add(m.off)
		if mt.After(end) {
			mt = end
		}
		if p.dies(at, mt) {
			break
		}
		mtr := why
		if m.level == "info" && mtr.incident == pxOOM {
			mtr = tr // the worker's own lines are not slowed into the incident
		}
		h.log(mtr, mt, "", 0, m.level, m.msg, m.more...)
	}
	if p.dies(at, end) {
		return end, false, why, true
	}
	if w.fail == "" {
		state := "success"
		if w.state != "" {
			state = w.state
		}
		h.oban(why, end, field{"args", j.args}, field{"attempt", j.attempt}, field{"duration", int(w.dur.Microseconds())}, field{"event", "job:stop"},
			field{"id", j.id}, field{"max_attempts", j.max}, field{"meta", meta}, field{"queue", j.queue}, field{"queue_time", int(qt.Microseconds())},
			field{"source", "oban"}, field{"state", state}, field{"tags", []string{}}, field{"worker", j.worker})
		return end, true, why, false
	}
	state := "failure"
	if j.attempt >= j.max {
		state = "discard"
	}
	h.oban(why, end, field{"args", j.args}, field{"attempt", j.attempt}, field{"duration", int(w.dur.Microseconds())}, field{"error", w.fail},
		field{"event", "job:exception"}, field{"id", j.id}, field{"max_attempts", j.max}, field{"meta", meta}, field{"queue", j.queue},
		field{"queue_time", int(qt.Microseconds())}, field{"source", "oban"}, field{"state", state}, field{"tags", []string{}}, field{"worker", j.worker})
	return end, false, why, false
}

// Stripe -----------------------------------------------------------------------------

// payP is the share of the payment provider's calls that time out at t.
func (h *pxLog) payP(t time.Time) float64 {
	if !within(t, h.payAt, h.payFix.Sub(h.payAt)) {
		return 0
	}
	return 0.92 * rampUp(t, h.payAt, 50*time.Second) * (1 - rampUp(t, h.payFix.Add(-70*time.Second), 70*time.Second))
}

// stripe is a call to the payment provider at t (Req's receive timeout 15 s): how long
// it took, "timeout" if it timed out, and whether the outage touched it.
func (h *pxLog) stripe(t time.Time, median float64) (time.Duration, string, bool) {
	if !within(t, h.payAt, h.payFix.Sub(h.payAt)) {
		return h.lat(median, 0.35), "", false
	}
	p := h.payP(t)
	if h.g.chance(p) {
		return 15*time.Second + h.ms(1, 12), "timeout", true
	}
	d := h.lat(median+7000*math.Min(1, p/0.5), 0.5)
	if d > 14500*time.Millisecond {
		d = 14500*time.Millisecond - h.ms(0, 900)
	}
	return d, "", d > time.Duration(2.5*median*float64(time.Millisecond))
}

// webhooks: Stripe's events, delivered as they happen; during the outage most are held
// back and delivered after it.
func (h *pxLog) webhooks() {
	g := h.g
	g.arrivals(h.start, h.end, func(t time.Time) float64 { return 0.2 * h.traffic(t) }, func(t time.Time) {
		if p := h.payP(t); p > 0 && g.chance(0.8*p) {
			at := h.payFix.Add(h.ms(12_000, 30_000) + time.Duration(g.rng.ExpFloat64()*float64(60*time.Second)))
			h.webhook(incident(pxPay), at)
			return
		}
		h.webhook(routine, t)
	})
}

var pxEvents = []string{"payment_intent.succeeded", "payment_intent.succeeded", "payment_intent.succeeded", "charge.succeeded", "charge.succeeded",
	"payment_intent.created", "transfer.created", "transfer.created", "account.updated", "payment_intent.payment_failed", "charge.refunded", "payout.paid"}

func (h *pxLog) webhook(tr truth, t time.Time) {
	g := h.g
	if g.chance(0.012) {
		h.serve(tr, t, pxReq{method: "POST", path: "/api/webhooks/stripe", status: 400, dur: h.lat(1.2, 0.3),
			mid: []pxMid{{off: h.ms(0, 1), level: "warning", msg: "Stripe webhook rejected: No signatures found matching the expected signature for payload"}}})
		return
	}
	evt, typ := h.stripeID("evt_1P"), pick(g, pxEvents)
	r := pxReq{method: "POST", path: "/api/webhooks/stripe", status: 200, dur: h.lat(4, 0.4), db: 1, site: pxSiteWebhook}
	r.after = func(end time.Time) {
		h.enqueue(tr, end, "webhooks", "Marketplace.Workers.ProcessStripeEvent", []field{{"event_id", evt}, {"type", typ}}, 20, 2, h.lat(65, 0.5))
	}
	h.serve(tr, t, r)
}

// captures: payments captured as sellers ship, retried while the provider times out.
func (h *pxLog) captures() {
	g := h.g
	g.arrivals(h.start, h.end, func(t time.Time) float64 { return 0.045 * h.traffic(t) }, func(t time.Time) {
		j := &pxJob{id: h.jobID(t), queue: "payments", worker: "Marketplace.Workers.CapturePayment", max: 10, attempt: 1, db: 2,
			args: []field{{"order_id", h.pastOrder(t, 20, 6000)}, {"payment_intent", h.stripeID("pi_3P")}}}
		at := t.Add(h.ms(5, 90))
		h.perform(routine, nil, at, j, at.Sub(t), func(at time.Time) pxWork {
			d, err, hit := h.stripe(at, 380)
			w := pxWork{dur: d + h.lat(12, 0.3)}
			if hit {
				w.why = pxPay
			}
			switch {
			case err != "":
				w.fail = pxMint
			case !hit && g.chance(0.004):
				w.state = "cancelled" // the authorization expired before the seller shipped
			}
			return w
		})
	})
}

// reconcile is the payout reconciliation: it lists the provider's balance transactions,
// a GET Req retries three times (1, 2, 4 s) when it times out.
func (h *pxLog) reconcile(at time.Time) pxWork {
	w := pxWork{}
	t := at
	for retry := 0; ; retry++ {
		d, err, hit := h.stripe(t, 900)
		if hit {
			w.why = pxPay
		}
		t = t.Add(d)
		if err == "" {
			t = t.Add(h.lat(1900, 0.3))
			break
		}
		if retry == 3 {
			w.fail = pxMint
			break
		}
		delay := time.Duration(1<<retry) * time.Second
		left := fmt.Sprintf("%d attempts left", 3-retry)
		if retry == 2 {
			left = "1 attempt left"
		}
		w.mid = append(w.mid, pxMid{off: t.Sub(at), level: "warning", msg: fmt.Sprintf("retry: got exception, will retry in %dms, %s", delay.Milliseconds(), left)},
			pxMid{off: t.Sub(at), level: "warning", msg: pxMint})
		t = t.Add(delay)
	}
	w.dur = t.Sub(at)
	return w
}

// Oban's cron and plugins ----------------------------------------------------------------

// cron: the leader's Cron plugin inserts the jobs due at the top of each minute.
func (h *pxLog) cron() {
	g := h.g
	type entry struct {
		worker, queue, expr string
		every, max, db      int
		work                func(time.Time) pxWork
	}
	entries := []entry{
		{"Marketplace.Workers.ExpireCartReservations", "default", "* * * * *", 1, 3, 1, func(time.Time) pxWork {
			d := h.lat(38, 0.4)
			if n := int(g.lognormal(3, 0.9)) - 1; n > 0 {
				return pxWork{dur: d, mid: []pxMid{{off: d - h.ms(0, 2), level: "info", msg: fmt.Sprintf("Expired %d cart reservations", n)}}}
			}
			return pxWork{dur: d}
		}},
		{"Marketplace.Workers.PublishScheduledListings", "default", "* * * * *", 1, 3, 1, func(time.Time) pxWork {
			d := h.lat(20, 0.4)
			if g.chance(0.2) {
				return pxWork{dur: d, mid: []pxMid{{off: d - h.ms(0, 2), level: "info", msg: fmt.Sprintf("Published %d scheduled listings", g.between(1, 6))}}}
			}
			return pxWork{dur: d}
		}},
		{"Marketplace.Workers.RefreshTrendingListings", "default", "*/5 * * * *", 5, 3, 2, func(time.Time) pxWork { return pxWork{dur: h.lat(1300, 0.3)} }},
		{"Marketplace.Workers.SyncCurrencyRates", "default", "*/5 * * * *", 5, 3, 1, func(time.Time) pxWork { return pxWork{dur: h.lat(240, 0.35)} }},
		{"Marketplace.Workers.ReconcilePayouts", "payments", "*/15 * * * *", 15, 3, 2, h.reconcile},
		{"Marketplace.Workers.SendSavedSearchDigests", "mailers", "0 * * * *", 60, 3, 1, func(time.Time) pxWork { return pxWork{dur: h.lat(2600, 0.3)} }},
	}
	for m := h.start; m.Before(h.end); m = m.Add(time.Minute) {
		at := m.Add(h.ms(3, 90))
		if h.leader(at) == nil {
			continue // no leader: the minute's jobs are not inserted
		}
		minute := m.Hour()*60 + m.Minute()
		if q := h.lockQ(at); q > 0.45 {
			d := h.ms(950, 3200)
			h.oban(incident(pxLock), at.Add(d), field{"duration", int(d.Microseconds())}, field{"error", strings.TrimSuffix(pxDropped(int(d/time.Millisecond)), "\n")},
				field{"event", "plugin:exception"}, field{"plugin", "Oban.Plugins.Cron"}, field{"source", "oban"})
			continue
		}
		var due []entry
		var ids []int
		for _, e := range entries {
			if minute%e.every == 0 {
				due = append(due, e)
				ids = append(ids, h.jobID(at))
			}
		}
		d := h.ms(3, 12) + time.Duration(len(due))*h.ms(1, 3)
		h.oban(routine, at.Add(d), field{"duration", int(d.Microseconds())}, field{"event", "plugin:stop"}, field{"jobs", ids},
			field{"plugin", "Oban.Plugins.Cron"}, field{"source", "oban"})
		for i, e := range due {
			j := &pxJob{id: ids[i], queue: e.queue, worker: e.worker, max: e.max, attempt: 1, db: e.db, args: []field{},
				meta: []field{{"cron", true}, {"cron_expr", e.expr}}}
			start := at.Add(d + h.ms(5, 400))
			work := e.work
			if e.every == 60 {
				work = func(at time.Time) pxWork {
					w := e.work(at)
					h.digests(at.Add(w.dur))
					return w
				}
			}
			h.perform(routine, nil, start, j, start.Sub(at), work)
		}
	}
}

// digests: the hourly saved-search digest fans out to one email job per subscriber.
func (h *pxLog) digests(t time.Time) {
	g := h.g
	n := g.between(140, 260)
	for i := 0; i < n; i++ {
		j := &pxJob{id: h.jobID(t), queue: "mailers", worker: "Marketplace.Workers.SendSavedSearchEmail", max: 10, attempt: 1, db: 1,
			args: []field{{"saved_search_id", g.between(300_000, 420_000)}, {"user_id", pick(g, h.users)}}}
		at := t.Add(time.Duration(float64(i)/float64(n)*float64(g.between(25, 45))*float64(time.Second)) + h.ms(5, 400))
		h.perform(routine, nil, at, j, at.Sub(t), func(time.Time) pxWork { return pxWork{dur: h.lat(520, 0.4)} })
	}
}

// plugins: the leader's Pruner every 30 s and Lifeline every minute.
func (h *pxLog) plugins() {
	g := h.g
	fail := func(t time.Time, plugin string) bool {
		if h.lockQ(t) <= 0.45 {
			return false
		}
		d := h.ms(950, 3200)
		h.oban(incident(pxLock), t.Add(d), field{"duration", int(d.Microseconds())}, field{"error", strings.TrimSuffix(pxDropped(int(d/time.Millisecond)), "\n")},
			field{"event", "plugin:exception"}, field{"plugin", plugin}, field{"source", "oban"})
		return true
	}
	g.every(h.start.Add(h.ms(0, 30_000)), h.end, 30*time.Second, 200*time.Millisecond, func(t time.Time) {
		if h.leader(t) == nil || fail(t, "Oban.Plugins.Pruner") {
			return
		}
		n := int(g.normal(14*h.traffic(t), 4))
		if n < 0 {
			n = 0
		}
		if t.Minute() < 3 { // the hourly digests' emails
			n += g.between(60, 140)
		}
		d := h.ms(2, 9) + time.Duration(n)*h.ms(0, 1)/4
		h.oban(routine, t.Add(d), field{"duration", int(d.Microseconds())}, field{"event", "plugin:stop"}, field{"plugin", "Oban.Plugins.Pruner"},
			field{"pruned_count", n}, field{"source", "oban"})
	})
	g.every(h.start.Add(h.ms(0, 60_000)), h.end, time.Minute, 200*time.Millisecond, func(t time.Time) {
		if h.leader(t) == nil || fail(t, "Oban.Plugins.Lifeline") {
			return
		}
		d := h.ms(1, 6)
		h.oban(routine, t.Add(d), field{"discarded_count", 0}, field{"duration", int(d.Microseconds())}, field{"event", "plugin:stop"},
			field{"plugin", "Oban.Plugins.Lifeline"}, field{"rescued_count", 0}, field{"source", "oban"})
	})
}

// Search indexer --------------------------------------------------------------------------

// pxBadDoc is the listing without a price that crashes the indexer.
const pxBadDoc = `%{"amount" => nil, "currency" => "EUR"}`

// indexer is the search indexer on the leader: every 10 s it claims the listings
// changed since (the outbox), builds their documents and sends them to the search
// service.
func (h *pxLog) indexer() {
	g := h.g
	var last time.Time
	rate := func(t time.Time) float64 { return 0.8 * h.traffic(t) }
	pending := 0
	t := h.start.Add(h.ms(0, 10_000))
	health := h.idxAt.Add(h.ms(50_000, 60_000))
	for t.Before(h.end) {
		p := h.leader(t)
		if p == nil {
			t = t.Add(time.Second)
			continue
		}
		switch {
		case !t.Before(h.idxAt) && t.Before(h.idxFix):
			tr := incident(pxIdx)
			pending += int(rate(t) * 10)
			at := t.Add(h.ms(30, 300))
			h.crash(tr, at, p, []string{"** (FunctionClauseError) no function clause matching in Marketplace.Search.Document.price_cents/1"}, []string{
				"    (marketplace {v}) lib/marketplace/search/document.ex:61: Marketplace.Search.Document.price_cents(" + pxBadDoc + ")",
				"    (marketplace {v}) lib/marketplace/search/document.ex:24: Marketplace.Search.Document.build/1",
				"    (elixir 1.16.3) lib/enum.ex:1700: Enum.\"-map/2-lists^map/1-1-\"/2",
				"    (marketplace {v}) lib/marketplace/search/indexer.ex:121: Marketplace.Search.Indexer.flush/1",
			}, pending, last)
			h.log(tr, at.Add(h.ms(1, 6)), "", 0, "info", fmt.Sprintf("Search indexer started, %d documents pending", pending))
			for ; !health.After(at) && health.Before(h.idxFix); health = health.Add(time.Minute + h.ms(0, 300)) {
				h.log(tr, health, "", 0, "warning", fmt.Sprintf("Search index lagging: %d documents pending, oldest queued %ds ago", pending, int(health.Sub(h.idxAt).Seconds())))
			}
			last = time.Time{}
			t = at.Add(10*time.Second + h.ms(0, 20))
			if !t.Before(h.idxFix) {
				t = h.idxFix.Add(h.ms(500, 9000))
				h.catchUp(t, p, pending)
				pending = 0
				last = t
				t = t.Add(10 * time.Second)
			}
		case h.lockQ(t) > 0.4 && g.chance(0.7):
			tr := incident(pxLock)
			d := h.ms(950, 3200)
			at := t.Add(d)
			pending += int(rate(t) * 10)
			h.crash(tr, at, p, pxLines(pxDropped(int(d/time.Millisecond))), append(append([]string{}, pxEcto...),
				"    (marketplace {v}) lib/marketplace/search/outbox.ex:31: Marketplace.Search.Outbox.claim_batch/1",
				"    (marketplace {v}) lib/marketplace/search/indexer.ex:117: Marketplace.Search.Indexer.flush/1"), pending, last)
			h.log(tr, at.Add(h.ms(1, 6)), "", 0, "info", fmt.Sprintf("Search indexer started, %d documents pending", pending))
			last = time.Time{}
			t = at.Add(10 * time.Second)
		default:
			tr := routine
			if pending > 0 { // the documents a crash held back
				tr = incident(pxLock)
			}
			n := int(g.normal(rate(t)*10, math.Sqrt(rate(t)*10))) + pending
			pending = 0
			if n > 0 {
				d := h.lat(25+float64(n)*3, 0.35)
				h.log(tr, t.Add(d), "", 0, "info", fmt.Sprintf("Search indexer flushed %d documents in %dms", n, d.Milliseconds()))
				last = t.Add(d)
			}
			t = t.Add(10*time.Second + h.ms(0, 15))
		}
	}
}

// crash is the indexer's GenServer terminating on banner, raised under top.
func (h *pxLog) crash(tr truth, at time.Time, p *pxPod, banner, top []string, pending int, last time.Time) {
	l := append(append([]string{}, banner...), top...)
	l = append(l,
		"    (marketplace {v}) lib/marketplace/search/indexer.ex:88: Marketplace.Search.Indexer.handle_info/2",
		"    (stdlib 5.2.3) gen_server.erl:1095: :gen_server.try_handle_info/3",
		"    (stdlib 5.2.3) gen_server.erl:1183: :gen_server.handle_msg/6",
		"    (stdlib 5.2.3) proc_lib.erl:241: :proc_lib.init_p_do_apply/3",
		"Last message: :flush")
	lf := "nil"
	if !last.IsZero() {
		lf = "~U[" + last.Format("2006-01-02 15:04:05.000000Z") + "]"
	}
	l = append(l, fmt.Sprintf("State: %%Marketplace.Search.Indexer{batch_size: 200, interval: 10000, last_flush_at: %s, pending: %d, search: Marketplace.Search.Client}", lf, pending))
	for i := range l {
		l[i] = strings.ReplaceAll(l[i], "{v}", p.ver)
	}
	h.log(tr, at, "", 0, "error", "GenServer Marketplace.Search.Indexer terminating", l...)
}

// catchUp: the operator fixes the listing through the admin API, and the indexer sends
// the documents it held back, 200 at a time.
func (h *pxLog) catchUp(t time.Time, p *pxPod, pending int) {
	tr := incident(pxIdx)
	fix := t.Add(-h.ms(300, 4000))
	bad := h.listing(h.idxAt)
	h.serve(tr, fix, pxReq{method: "PATCH", path: fmt.Sprintf("/admin/api/listings/%d", bad), user: pxAdmin, status: 200, dur: h.lat(28, 0.3), db: 1, site: pxSiteAdminFix})
	for pending > 0 {
		n := pending
		if n > 200 {
			n = 200
		}
		pending -= n
		d := h.lat(900+float64(n)*4, 0.25)
		t = t.Add(d)
		h.log(tr, t, "", 0, "info", fmt.Sprintf("Search indexer flushed %d documents in %dms", n, d.Milliseconds()))
		t = t.Add(h.ms(3, 40))
	}
}

// Routine noise -------------------------------------------------------------------------

// idleDisconnects: PostgreSQL (behind its proxy) closing a pooled connection left idle.
func (h *pxLog) idleDisconnects() {
	h.g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 1100 }, func(t time.Time) {
		if p := h.pick(t); p != nil {
			h.log(routine, t, "", 0, "error", fmt.Sprintf("Postgrex.Protocol (%s) disconnected: ** (DBConnection.ConnectionError) tcp recv (idle): closed", h.pgPid(p)))
		}
	})
}

// Benign changes --------------------------------------------------------------------------

// backfillRun: an engineer starts a backfill queue (limit 1) on the three pods from a
// remote console and inserts the slug backfill's jobs, 750 listings each.
func (h *pxLog) backfillRun() {
	g := h.g
	tr := h.backfill.truth()
	ins := h.backfill.start
	type lane struct {
		p *pxPod
		t time.Time
	}
	var lanes []*lane
	for _, p := range h.pods[:3] {
		lanes = append(lanes, &lane{p, ins.Add(h.ms(150, 1200))})
	}
	for k := 0; k < h.bfN && len(lanes) > 0; k++ {
		li := 0
		for i, l := range lanes {
			if l.t.Before(lanes[li].t) {
				li = i
			}
		}
		l := lanes[li]
		if !l.p.serving(l.t) || !l.t.Before(h.end) {
			lanes = append(lanes[:li], lanes[li+1:]...)
			k--
			continue
		}
		lo, hi := 1+k*750, (k+1)*750
		j := &pxJob{id: h.jobID(ins), queue: "backfill", worker: "Marketplace.Workers.BackfillListingSlugs", max: 5, attempt: 1, db: 1,
			args: []field{{"first_id", lo}, {"last_id", hi}}}
		d := h.lat(2500, 0.28)
		w := pxWork{dur: d, mid: []pxMid{{off: d - h.ms(1, 4), level: "info", msg: fmt.Sprintf("Backfilled slugs for listings %d..%d: %d rows, %d updated", lo, hi, 750-g.intn(40), int(g.lognormal(40, 0.5)))}}}
		if g.chance(0.004) {
			w = pxWork{dur: h.lat(900, 0.3), fail: "** (Ecto.ConstraintError) constraint error when attempting to update struct:\n\n" +
				"    * \"listings_slug_index\" (unique_constraint)\n\n" +
				"If you would like to stop this constraint violation from raising an\nexception and instead add it as an error to your changeset, please\n" +
				"call `unique_constraint/3` on your changeset with the constraint\n`:name` as an option.\n\nThe changeset has not defined any constraint.\n"}
		}
		end, ok, _, _ := h.exec(tr, l.p, l.t, j, l.t.Sub(ins), w)
		if !ok {
			at := end.Add(h.backoff(1))
			j.attempt = 2
			d := h.lat(2500, 0.28)
			h.exec(tr, l.p, at, j, h.ms(30, 900), pxWork{dur: d, mid: []pxMid{{off: d - h.ms(1, 4), level: "info",
				msg: fmt.Sprintf("Backfilled slugs for listings %d..%d: %d rows, %d updated", lo, hi, 750-g.intn(40), int(g.lognormal(40, 0.5)))}}})
		}
		l.t = end.Add(h.ms(8, 60))
	}
}

// rollout is the rolling deploy of 1.4.3 (maxSurge 1, maxUnavailable 0): a new pod
// starts and, once ready, an old one is terminated; the old leader's successor is
// elected and starts the search indexer.
func (h *pxLog) rollout() {
	g := h.g
	tr := h.deploy.truth()
	h.bfN = g.between(1840, 1900)
	t := h.deploy.start
	for i := 0; i < 3; i++ {
		old, nw := h.pods[i], h.pods[3+i]
		nw.boot = t
		nw.ready = h.boot(tr, nw, t, i == 0)
		sig := nw.ready.Add(h.ms(400, 1800))
		n := h.sockets(sig)
		old.stop = sig
		h.log(tr, sig, "", 0, "notice", "SIGTERM received - shutting down")
		h.log(tr, sig.Add(h.ms(3, 30)), "", 0, "info", fmt.Sprintf("Shutting down %d sockets in 1 rounds of 2000ms", n))
		h.reconnect(tr, sig.Add(h.ms(5, 40)), n, 2200)
		if i == 0 {
			elect := sig.Add(h.ms(4000, 30_000))
			h.leaders = append(h.leaders, pxLead{from: elect, p: nw})
			h.oban(tr, elect, field{"event", "peer:election"}, field{"leader", true}, field{"message", "peer became leader"},
				field{"node", nw.node}, field{"source", "oban"}, field{"was_leader", false})
			h.log(tr, elect.Add(h.ms(20, 400)), "", 0, "info", fmt.Sprintf("Search indexer started, %d documents pending", g.between(5, 40)))
		}
		t = sig.Add(h.ms(2000, 6000))
	}
	h.rolled = h.pods[5].ready
}

// boot is a pod's container starting: the release's migrate step, the endpoint,
// libcluster connecting the node to the others, Oban's notifier; it returns when the
// readiness probe passes.
func (h *pxLog) boot(tr truth, p *pxPod, t time.Time, migrate bool) time.Time {
	g := h.g
	next := func(lo, hi int) time.Time { t = t.Add(h.ms(lo, hi)); return t }
	next(1800, 3200)
	if migrate {
		h.log(tr, t, "", 0, "info", "== Running "+pxMigrated+" Marketplace.Repo.Migrations.CreateOffers.change/0 forward")
		h.log(tr, next(15, 60), "", 0, "info", "create table offers")
		h.log(tr, next(5, 40), "", 0, "info", "create index offers_listing_id_index")
		h.log(tr, next(5, 40), "", 0, "info", "create index offers_buyer_id_status_index")
		h.log(tr, next(2, 10), "", 0, "info", "== Migrated "+pxMigrated+" in 0.1s")
	} else {
		h.log(tr, t, "", 0, "info", "Migrations already up")
	}
	h.log(tr, next(2400, 4200), "", 0, "info", pxBandit)
	h.log(tr, next(1, 6), "", 0, "info", pxAccess)
	next(300, 5000) // libcluster's first poll of the Kubernetes API
	for _, q := range h.pods {
		if q == p || !q.up(t) {
			continue
		}
		target := q.node
		if g.chance(0.3) { // the peer's poll found the new node first
			target = p.node
		}
		h.log(tr, t.Add(h.ms(0, 40)), "", 0, "info", fmt.Sprintf(`[libcluster:k8s] connected to :"%s"`, target))
	}
	h.oban(tr, next(200, 1500), field{"connectivity_status", "clustered"}, field{"event", "notifier:switch"},
		field{"message", "notifier is receiving messages from other nodes"}, field{"source", "oban"})
	return t.Add(h.ms(2500, 8000))
}

// flagFlips: an operator enables recommendations_v2 for a quarter of the actors, then
// for all of them.
func (h *pxLog) flagFlips() {
	tr := h.flag.truth()
	for i, at := range []time.Time{h.flag.start, h.flagFull} {
		msg := "Feature flag recommendations_v2 enabled for 25% of actors by ops@marketplace.example.com"
		if i == 1 {
			msg = "Feature flag recommendations_v2 enabled for all actors by ops@marketplace.example.com"
		}
		d := h.lat(19, 0.3)
		h.serve(tr, at, pxReq{method: "PUT", path: "/admin/api/flags/recommendations_v2", user: pxAdmin, status: 200, dur: d, db: 1, site: pxSiteFlag,
			mid: []pxMid{{off: d - h.ms(0, 2), level: "info", msg: msg}}})
	}
}

// Incidents -------------------------------------------------------------------------------

// gc is how much slower p runs at t: the export's pod, its memory near the limit,
// spends more and more of its time collecting garbage.
func (h *pxLog) gc(p *pxPod, t time.Time) float64 {
	if p != h.oomPod || !within(t, h.oomSlow, h.oomKill.Sub(h.oomSlow)) {
		return 1
	}
	x := rampUp(t, h.oomSlow, h.oomKill.Sub(h.oomSlow))
	return 1 + 40*x*x*h.g.lognormal(1, 0.5)
}

// oomRestart is the kill of the export's pod and what follows: its sockets reconnecting
// to the other pods and the container starting again.
func (h *pxLog) oomRestart() {
	g := h.g
	tr := incident(pxOOM)
	h.oomPod = h.pods[4+g.intn(2)]
	p := h.oomPod
	p.kill = h.oomKill
	p.reboot = h.oomKill.Add(h.ms(7000, 16_000))
	p.back = h.end.Add(time.Hour)
	p.back = h.boot(tr, p, p.reboot, false)
	h.reconnect(tr, h.oomKill.Add(h.ms(5, 200)), h.sockets(h.oomKill), 6000)
}

// oomExport: a seller asks for six years of orders; the job runs on the pod it kills
// (exec writes its start), and the VM's memory alarms go off before the kill.
func (h *pxLog) oomExport() {
	tr := incident(pxOOM)
	p := h.oomPod
	h.export(routine, h.oomAt.Add(-h.ms(300, 1500)), pick(h.g, h.sellers), true)
	h.log(tr, h.oomAt.Add(h.ms(50_000, 75_000)), "", 0, "notice", fmt.Sprintf(":alarm_handler: {:set, {:process_memory_high_watermark, %s}}", h.pid(p, h.oomAt)))
	h.log(tr, h.oomAt.Add(h.ms(100_000, 140_000)), "", 0, "notice", ":alarm_handler: {:set, {:system_memory_high_watermark, []}}")
}
