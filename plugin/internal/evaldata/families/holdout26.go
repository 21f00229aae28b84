package families

import (
	"container/heap"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// holdout26 is the background-job fleet of a Rails 7.1 marketplace: Sidekiq 7.2 with
// Sidekiq Pro (super_fetch) and sidekiq-scheduler, Redis 7 behind Sentinel as the queue,
// on Kubernetes. Two Deployments: sidekiq-default (four pods, one Sidekiq process each,
// pid 1, a default capsule of 10 threads for the critical, default, mailers, webhooks,
// payouts, search and low queues and a bulk capsule of 2 threads for bulk work) and
// sidekiq-images (one pod, 10 threads, CPU-bound thumbnails only). Each process writes
// Sidekiq::Logger::Formatters::JSON lines to stdout (ts, pid, tid, lvl, msg, ctx with the
// job's class and jid, elapsed on done and fail), the jobs' own lines through the same
// logger (Rails.logger is Sidekiq's in the server), and the cluster's collector merges
// them, adding a kubernetes map with the pod's name. Errors are logged as Sidekiq's
// default handler does: the context as JSON, "Class: message", then the backtrace as
// Rails' cleaner leaves it (app frames only, an empty string when all were gems' frames).
// A failed job's processor thread dies and is replaced, so a new tid shows up after each
// failure.
//
// Normal traffic is 15 to 25 lines a second, rising through the morning: payment captures
// at Stripe, each followed by an order confirmation mail, a seller webhook and stock
// syncs with the warehouse; search index updates; thumbnails (slow, seconds each, most
// followed by an index update);
// shipment tracking; seller webhooks for other events, where a few sellers' endpoints
// time out, answer 503 or 410, refuse connections or have an expired certificate, and
// are retried with Sidekiq's back-off (now and then one runs out of retries and goes to
// the dead set); sidekiq-scheduler's cron jobs (view counter flush every minute, stale
// search documents every 5, exchange rates every 10, abandoned-cart reminders every 15
// with a burst of reminder mails, cart and session cleanups, the sitemap at :45, the
// 08:30 seller payouts and the 09:00 sales report); SuperFetch's hourly orphan check;
// a rare routine error (an Elasticsearch 429, a warehouse 502, a carrier rate limit, a
// deadlock, a cancelled PaymentIntent).
//
// Benign changes: a search backfill at 0:22 (21,000 ReindexProductJob run by the bulk
// capsules for about 40 minutes); a rolling deploy of release 2026.03.10.1 at 1:05 (new
// pods boot one by one, old ones quiet and stop, the images pod too) that brings a new
// OrderFraudScoreJob before every capture from then on; a seller onboarding at 1:50 (a
// catalogue import of 2,800 ImportListingJob with their index updates and thumbnails);
// a flash sale at 2:00 (its activation job repricing 1,200 variants and reindexing them,
// captures up by half, the default Deployment scaled out from four to six pods).
//
// Incidents: a Redis Sentinel failover at 0:47 (the primary crashes: every process's
// processors log "Error fetching job", heartbeats and the scheduled poller fail, captures
// that enqueue follow-ups fail and are retried, and about half a minute later every
// processor says "Redis is online"); two poison payouts from the 08:30 batch (0:30 on)
// whose sellers' payout account was deleted, failing with NoMethodError on every attempt
// and retried with exponential back-off for about 80 minutes until both are moved to the
// dead set; the payment provider degrading at 1:20 for about 25 minutes (captures 10-30
// times as slow, nothing failing); HEIC uploads from a seller's photo studio at 2:25 that
// leak memory in ThumbnailJob: thumbnails on the images pod slow down, the pod is
// OOMKilled four times (jobs cut off without done, the boot lines again, SuperFetch
// recovering the lost jobs at a later boot) until a hotfix is rolled out.
var holdout26 = Family{
	Name:    "holdout-26",
	Role:    Holdout,
	Service: "Sidekiq 7.2 + Sidekiq Pro job fleet of a Rails 7.1 marketplace on Kubernetes (Redis 7 behind Sentinel), Sidekiq JSON lines with the collector's kubernetes map",
	Lines:   holdout26Lines,
}

const (
	h26Failover     = "Redis Sentinel failover: the primary crashes, every process loses Redis for about half a minute (fetch, heartbeat and poller errors, captures failing to enqueue their follow-ups and retried) until Redis is online on the promoted replica"
	h26PoisonPayout = "poison payouts: SellerPayoutJob for two sellers whose payout account was deleted raises NoMethodError on every attempt, retried with exponential back-off until both are moved to the dead set"
	h26PaymentSlow  = "payment provider degraded: Stripe captures take 10-30 times as long for about 25 minutes, PaymentCaptureJob elapsed times climb while nothing fails"
	h26ThumbnailOOM = "HEIC uploads leak memory in ThumbnailJob: thumbnails slow down on the images pod, which is OOMKilled four times (jobs cut off, boots, SuperFetch recovering lost jobs) until a hotfix is rolled out"
)

const (
	h26OldRelease    = "2026.03.09.3 (8c41e9f)"
	h26NewRelease    = "2026.03.10.1 (d27a0b5)"
	h26HotfixRelease = "2026.03.10.2 (f3e91c4)"
	h26Ruby          = "ruby 3.2.3 (2024-01-18 revision 52bb2ac0a6) [x86_64-linux]"
	h26OldPrimary    = "10.42.3.51"
	// h26ShutdownTimeout is Sidekiq's -t: jobs still running this long after SIGTERM are
	// cut off and pushed back to their queue.
	h26ShutdownTimeout = 25 * time.Second
	// h26HeartbeatTTL is how long a killed process still counts as alive: SuperFetch
	// recovers its jobs only at a boot after its heartbeat key has expired.
	h26HeartbeatTTL = 60 * time.Second
)

// h26Capsule is a Sidekiq 7 capsule: a thread pool fetching from its queues.
type h26Capsule struct {
	name    string
	threads int
	queues  []string
}

// h26Deploy is one of the two Sidekiq Deployments.
type h26Deploy struct {
	name      string
	capsules  []h26Capsule
	scheduler bool // sidekiq-scheduler is enabled on its pods
}

// h26Pod is a pod of a Deployment; its container may run several processes (restarts).
type h26Pod struct {
	name string
	dep  *h26Deploy
	k8s  []field // the collector's kubernetes map
}

// h26Thread is a processor thread: its current tid (a new thread replaces one whose job
// failed) and when it is next free to fetch.
type h26Thread struct {
	capsule string
	tid     string
	freeAt  time.Time
}

// h26Proc is one run of a pod's container: a Sidekiq process from the container's start
// to its exit (SIGTERM) or its OOM kill.
type h26Proc struct {
	pod      *h26Pod
	release  string
	bootAt   time.Time // the container starts
	upAt     time.Time // the processors fetch from here on
	stopAt   time.Time // SIGTERM, zero if none
	killAt   time.Time // SIGKILL by the OOM killer, zero if none
	bootTr   truth
	stopTr   truth
	leaking  bool // thumbnails leak memory here once the HEIC uploads begin
	identity string
	threads  []*h26Thread
	obj      int // the last object id handed out, in Ruby's units of 20
	mainTid  string
	pollTid  string
	beatTid  string
	rufusTid string
	fetchTid string
	recovers int       // orphaned jobs SuperFetch pushes back when this process boots
	hard     []*h26Job // jobs cut off at the shutdown deadline
}

// newTid returns the tid of a thread the process creates now: Sidekiq's tid is the
// thread's object_id xor the pid, in base 36, and Ruby 3.2 hands out object ids in
// steps of 20 as they are asked for.
func (p *h26Proc) newTid(g *gen) string {
	p.obj += g.between(2, 90)
	return strconv.FormatInt(int64(p.obj)*20^1, 36)
}

// stopFetch is when the processors stop fetching: SIGTERM or the kill, whichever comes
// first.
func (p *h26Proc) stopFetch() time.Time {
	stop := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if !p.stopAt.IsZero() {
		stop = p.stopAt
	}
	if !p.killAt.IsZero() && p.killAt.Before(stop) {
		stop = p.killAt
	}
	return stop
}

func (p *h26Proc) fetching(t time.Time) bool { return !t.Before(p.upAt) && t.Before(p.stopFetch()) }

// h26Job is a job as its payload in Redis holds it, with what running it does.
type h26Job struct {
	class, queue string
	retry        int // retries allowed; 0 leaves Sidekiq's default (25, "retry":true)
	args         []int
	jid          string
	created      time.Time
	enqueued     time.Time
	ready        time.Time // when a processor may fetch it
	seq          int
	base         truth // the job's own truth: routine or a change's
	tr           truth // the truth of this run's start line
	retryCount   int   // -1 before the first failure
	failedAt     time.Time
	retriedAt    time.Time
	errClass     string
	errMsg       string
	redisAtEnd   bool // it writes to Sidekiq's Redis as it finishes (a dedupe key, a progress counter)
	work         func(r *h26Run)
}

// h26Run is one execution of a job: what its work decided.
type h26Run struct {
	job     *h26Job
	proc    *h26Proc
	start   time.Time
	elapsed time.Duration
	tr      truth // the truth of the lines after start
	logs    []h26AppLine
	err     *h26Error
	next    []*h26Job // jobs it enqueues as it finishes
}

// h26AppLine is a line the job's code logs, at an offset from the run's start.
type h26AppLine struct {
	at       time.Duration
	lvl, msg string
}

// h26Error is the exception a run raises.
type h26Error struct {
	class, msg string
	trace      []string
}

func (r *h26Run) end() time.Time { return r.start.Add(r.elapsed) }

func (r *h26Run) log(at time.Duration, lvl, msg string) {
	r.logs = append(r.logs, h26AppLine{max(at, time.Millisecond), lvl, msg})
}

func (r *h26Run) fail(class, msg string, trace ...string) {
	r.err = &h26Error{class, msg, trace}
}

func (r *h26Run) then(j *h26Job) { r.next = append(r.next, j) }

// h26Queue orders the jobs waiting to be fetched by when they are ready.
type h26Queue []*h26Job

func (q h26Queue) Len() int { return len(q) }
func (q h26Queue) Less(a, b int) bool {
	if !q[a].ready.Equal(q[b].ready) {
		return q[a].ready.Before(q[b].ready)
	}
	return q[a].seq < q[b].seq
}
func (q h26Queue) Swap(a, b int) { q[a], q[b] = q[b], q[a] }
func (q *h26Queue) Push(x any)   { *q = append(*q, x.(*h26Job)) }
func (q *h26Queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// h26Seller is a seller receiving webhooks; a few have endpoints that fail routinely.
type h26Seller struct {
	id     int
	url    string
	weight float64
	mode   string // "", "timeout", "503", "410", "ssl", "refused"
	failP  float64
}

// h26Order is an order whose payment is captured.
type h26Order struct {
	id     int
	number string
	amount string
}

type h26Log struct {
	g          *gen
	j          *journal
	start, end time.Time

	defDep, imgDep *h26Deploy
	procs          []*h26Proc
	queue          h26Queue
	seq            int
	free           []*h26Thread // scratch for assign
	freeProcs      []*h26Proc

	backfill, deploy, onboarding, sale change
	fraudFrom                          time.Time
	redisDownAt, redisUpAt             time.Time
	outageLogged                       bool
	paySlowAt, paySlowEnd              time.Time
	oomAt, heicEnd                     time.Time

	phase1, phase2 float64 // phases of the load's wobble
	sellers        []h26Seller
	nextPayout     int
}

func holdout26Lines(seed int64) []Line {
	start := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 2626)
	w := &h26Log{
		g:          g,
		j:          &journal{},
		start:      start,
		end:        start.Add(Length),
		nextPayout: 1_284_000 + g.intn(9000),
		phase1:     g.rng.Float64() * 2 * math.Pi,
		phase2:     g.rng.Float64() * 2 * math.Pi,
	}
	sec := func(lo, hi int) time.Duration { return time.Duration(g.between(lo, hi)) * time.Second }
	w.defDep = &h26Deploy{name: "sidekiq-default", scheduler: true, capsules: []h26Capsule{
		{"default", 10, []string{"critical", "default", "mailers", "webhooks", "payouts", "search", "low"}},
		{"bulk", 2, []string{"bulk"}},
	}}
	w.imgDep = &h26Deploy{name: "sidekiq-images", capsules: []h26Capsule{{"default", 10, []string{"images"}}}}

	w.backfill = change{"search backfill: 21,000 ReindexProductJob for the new variant attributes", start.Add(22*time.Minute + sec(0, 60)).Truncate(time.Millisecond)}
	w.redisDownAt = start.Add(47*time.Minute + sec(0, 50)).Add(time.Duration(g.intn(1000)) * time.Millisecond)
	w.redisUpAt = w.redisDownAt.Add(sec(24, 36)).Add(time.Duration(g.intn(1000)) * time.Millisecond)
	w.deploy = change{"rolling deploy of release 2026.03.10.1 with the new OrderFraudScoreJob", start.Add(65*time.Minute + sec(0, 60)).Truncate(time.Millisecond)}
	w.paySlowAt = start.Add(80*time.Minute + sec(0, 60))
	w.paySlowEnd = w.paySlowAt.Add(24*time.Minute + sec(0, 120))
	w.onboarding = change{"seller onboarding: catalogue import of 2,800 listings for Nordic Oak Living", start.Add(110*time.Minute + sec(0, 60)).Truncate(time.Millisecond)}
	w.sale = change{"flash sale: activation, repricing and reindexing, captures up by half, scale-out from 4 to 6 pods", start.Add(120 * time.Minute)}
	w.oomAt = start.Add(145*time.Minute + sec(0, 60))

	w.initSellers()
	w.plan()
	w.traffic()
	w.crons()
	w.orphanChecks()
	w.seedRetries()
	w.backfillJobs()
	w.onboardingJobs()
	w.saleJobs()
	w.dispatch()
	for _, p := range w.procs {
		w.boot(p)
		w.shutdown(p)
	}
	return w.j.sorted(w.end)
}

// emit writes one Sidekiq JSON line of process p; lines before the window are dropped
// (the jobs running when the file begins).
func (w *h26Log) emit(tr truth, at time.Time, p *h26Proc, tid, lvl, msg string, ctx []field) {
	if at.Before(w.start) {
		return
	}
	at = at.Truncate(time.Millisecond)
	fs := make([]field, 0, 7)
	fs = append(fs, field{"ts", at.UTC().Format("2006-01-02T15:04:05.000Z")}, field{"pid", 1}, field{"tid", tid}, field{"lvl", lvl}, field{"msg", msg})
	if len(ctx) > 0 {
		fs = append(fs, field{"ctx", ctx})
	}
	fs = append(fs, field{"kubernetes", p.pod.k8s})
	w.j.add(tr, at, jsonLine(fs...))
}

func (w *h26Log) ms(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo, hi)) * time.Millisecond
}

// dur draws a duration of the given median in milliseconds.
func (w *h26Log) dur(medianMs, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(medianMs, sigma) * float64(time.Millisecond))
}

// h26Secs is an elapsed time as Sidekiq's job logger writes it: seconds rounded to the
// millisecond, as a Ruby Float (never a whole number here, which Ruby would write "1.0").
func h26Secs(d time.Duration) float64 {
	x := math.Round(d.Seconds()*1000) / 1000
	if x == math.Trunc(x) {
		x += 0.001
	}
	return x
}

// h26Unix is a time as a Sidekiq payload holds it (Time.now.to_f).
func h26Unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// h26Snake turns a job class into its file name: PaymentCaptureJob -> payment_capture_job.
func h26Snake(class string) string {
	var b strings.Builder
	for i, c := range class {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// b62 returns n random characters as Stripe's ids use them.
func (w *h26Log) b62(n int) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[w.g.intn(len(chars))]
	}
	return string(b)
}

// h26RedisOptions is the options hash Sidekiq logs when it opens a connection pool,
// passwords scrubbed, as Ruby 3.2 inspects it.
func h26RedisOptions(size int, pool string) string {
	var s strings.Builder
	for i := 0; i < 3; i++ {
		if i > 0 {
			s.WriteString(", ")
		}
		fmt.Fprintf(&s, `{:host=>"redis-node-%d.redis-headless.data.svc.cluster.local", :port=>26379}`, i)
	}
	return fmt.Sprintf(`Sidekiq 7.2.4 connecting to Redis with options {:size=>%d, :pool_name=>"%s", :url=>nil, :name=>"mymaster", :sentinels=>[%s], :role=>:master, :password=>"REDACTED", :sentinel_password=>"REDACTED"}`, size, pool, s.String())
}

// load is the web traffic that drives most jobs, relative to the morning's average: it
// rises through the morning and wobbles.
func (w *h26Log) load(t time.Time) float64 {
	h := t.Sub(w.start).Hours()
	return (0.86 + 0.1*h) * (1 + 0.06*math.Sin(2*math.Pi*h/0.7+w.phase1) + 0.04*math.Sin(2*math.Pi*h/0.23+w.phase2))
}

// saleLift is how much the flash sale multiplies checkouts.
func (w *h26Log) saleLift(t time.Time) float64 {
	return 1 + 0.55*rampUp(t, w.sale.start, 4*time.Minute)*(1-0.25*rampUp(t, w.sale.start.Add(20*time.Minute), 40*time.Minute))
}

// saleTruth is the truth of a checkout at t: the sale's for the share of checkouts the
// sale added.
func (w *h26Log) saleTruth(t time.Time) truth {
	if m := w.saleLift(t); m > 1 && w.g.chance((m-1)/m) {
		return w.sale.truth()
	}
	return routine
}

func (w *h26Log) redisOut(t time.Time) bool {
	return within(t, w.redisDownAt, w.redisUpAt.Sub(w.redisDownAt))
}

// route says which Deployment and capsule fetch a queue.
func (w *h26Log) route(queue string) (*h26Deploy, string) {
	switch queue {
	case "images":
		return w.imgDep, "default"
	case "bulk":
		return w.defDep, "bulk"
	}
	return w.defDep, "default"
}

// ---- pods and processes ----

func (w *h26Log) newPod(dep *h26Deploy, rs string) *h26Pod {
	name := dep.name + "-" + rs + "-" + w.g.alnum(5)
	return &h26Pod{name: name, dep: dep, k8s: []field{{"pod_name", name}, {"namespace_name", "marketplace"}, {"container_name", "sidekiq"}}}
}

// bootTime is how long a container takes from its start to fetching: bundler, the Rails
// app's eager load, the connection pools.
func (w *h26Log) bootTime() time.Duration { return w.ms(9500, 13000) }

func (w *h26Log) newProc(pod *h26Pod, release string, bootAt time.Time, tr truth) *h26Proc {
	g := w.g
	p := &h26Proc{pod: pod, release: release, bootAt: bootAt, upAt: bootAt.Add(w.bootTime()), bootTr: tr, obj: g.between(250, 450)}
	p.identity = pod.name + ":1:" + g.hex(12)
	p.mainTid = p.newTid(g)
	if bootAt.Before(w.start) {
		// A process up for hours has handed out many object ids.
		p.obj += g.between(5000, 40000)
	}
	p.fetchTid, p.beatTid, p.pollTid, p.rufusTid = p.newTid(g), p.newTid(g), p.newTid(g), p.newTid(g)
	for _, c := range pod.dep.capsules {
		for i := 0; i < c.threads; i++ {
			p.threads = append(p.threads, &h26Thread{capsule: c.name, tid: p.newTid(g), freeAt: p.upAt})
		}
	}
	w.procs = append(w.procs, p)
	return p
}

// plan lays out every process of the three hours: the pods running at the start, the
// rolling deploy, the sale's scale-out, the images pod's OOM kills and the hotfix.
func (w *h26Log) plan() {
	g := w.g
	oldRS, newRS := g.alnum(g.between(9, 10)), g.alnum(g.between(9, 10))
	var old []*h26Proc
	for i := 0; i < 4; i++ {
		old = append(old, w.newProc(w.newPod(w.defDep, oldRS), h26OldRelease, w.start.Add(-time.Duration(g.between(3, 30))*time.Hour-w.ms(0, 3600000)), routine))
	}
	oldImg := w.newProc(w.newPod(w.imgDep, g.alnum(g.between(9, 10))), h26OldRelease, w.start.Add(-time.Duration(g.between(3, 30))*time.Hour), routine)

	// The rolling deploy: one new pod at a time (maxSurge 1, maxUnavailable 0), the old
	// one terminated once the new one is up.
	dep := w.deploy.truth()
	t := w.deploy.start
	var last time.Time
	for i := 0; i < 4; i++ {
		p := w.newProc(w.newPod(w.defDep, newRS), h26NewRelease, t.Add(w.ms(0, 800)), dep)
		old[i].stopAt, old[i].stopTr = p.upAt.Add(w.ms(800, 2500)), dep
		t = p.upAt.Add(w.ms(1000, 3000))
		last = p.upAt
	}
	w.fraudFrom = last.Add(time.Duration(g.between(90, 200)) * time.Second)
	imgPod := w.newPod(w.imgDep, g.alnum(g.between(9, 10)))
	img := w.newProc(imgPod, h26NewRelease, w.deploy.start.Add(w.ms(2000, 5000)), dep)
	oldImg.stopAt, oldImg.stopTr = img.upAt.Add(w.ms(1000, 2000)), dep

	// The sale: the autoscaler adds two pods as the queues' latency climbs.
	for _, after := range []int{g.between(95, 125), g.between(130, 170)} {
		w.newProc(w.newPod(w.defDep, newRS), h26NewRelease, w.sale.start.Add(time.Duration(after)*time.Second+w.ms(0, 999)), w.sale.truth())
	}

	// The images pod leaks: killed four times, restarted with the kubelet's back-off
	// (immediately, then 10, 20, 40 s), until the hotfix replaces it.
	oom := incident(h26ThumbnailOOM)
	img.leaking = true
	kill := w.oomAt.Add(5*time.Minute + time.Duration(g.between(0, 40))*time.Second)
	p := img
	for i, backoff := range []time.Duration{time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second} {
		p.killAt = kill
		p = w.newProc(imgPod, h26NewRelease, kill.Add(backoff+w.ms(0, 900)), oom)
		p.leaking = true
		kill = p.upAt.Add(time.Duration(4*60+g.between(0, 60)-10*i) * time.Second)
	}
	hotfix := w.newProc(w.newPod(w.imgDep, g.alnum(g.between(9, 10))), h26HotfixRelease, p.upAt.Add(time.Duration(g.between(110, 150))*time.Second), oom)
	p.stopAt, p.stopTr = hotfix.upAt.Add(w.ms(800, 2000)), oom
	w.heicEnd = hotfix.upAt.Add(time.Duration(g.between(120, 240)) * time.Second)
}

// memoryPressure is how much slower a thumbnail runs on a leaking process at t: nothing
// at first, then sharply more as the heap nears the container's limit.
func (w *h26Log) memoryPressure(p *h26Proc, t time.Time) float64 {
	if !p.leaking {
		return 1
	}
	from := p.upAt
	if from.Before(w.oomAt) {
		from = w.oomAt
	}
	until := p.killAt
	if until.IsZero() {
		until = p.stopAt.Add(3 * time.Minute)
	}
	if !t.After(from) {
		return 1
	}
	x := math.Min(1, float64(t.Sub(from))/float64(until.Sub(from)))
	return 1 + 1.7*x*x*x
}

// paymentSlowdown is how many times slower Stripe answers a capture at t.
func (w *h26Log) paymentSlowdown(t time.Time) float64 {
	if !within(t, w.paySlowAt, w.paySlowEnd.Sub(w.paySlowAt)) {
		return 1
	}
	x := rampUp(t, w.paySlowAt, 4*time.Minute) * (1 - rampUp(t, w.paySlowEnd.Add(-3*time.Minute), 3*time.Minute))
	level := math.Min(math.Max(w.g.lognormal(17, 0.3), 10), 30)
	return 1 + (level-1)*x
}

// ---- the job queue and its processors ----

func (w *h26Log) newJob(class, queue string, retry int, args []int, tr truth, work func(*h26Run)) *h26Job {
	return &h26Job{class: class, queue: queue, retry: retry, args: args, jid: w.g.hex(24), base: tr, tr: tr, retryCount: -1, work: work}
}

// enqueue pushes a new job at t.
func (w *h26Log) enqueue(j *h26Job, t time.Time) {
	j.created, j.enqueued, j.ready = t, t, t
	w.push(j)
}

func (w *h26Log) push(j *h26Job) {
	w.seq++
	j.seq = w.seq
	heap.Push(&w.queue, j)
}

// dispatch runs the jobs in the order they become ready, each on a free processor
// thread of a process fetching its queue (or on the one that frees up first), as
// Sidekiq's processors blocked in their fetch would take them.
func (w *h26Log) dispatch() {
	for w.queue.Len() > 0 {
		j := heap.Pop(&w.queue).(*h26Job)
		if !j.ready.Before(w.end) {
			continue
		}
		if !w.outageLogged && !j.ready.Before(w.redisDownAt) {
			w.redisOutage()
		}
		p, th, start, ok := w.assign(j)
		if !ok {
			w.push(j)
			continue
		}
		w.run(j, p, th, start)
	}
	if !w.outageLogged {
		w.redisOutage()
	}
}

// assign picks the process and thread that fetch j, and when. When nothing can (no
// process of its Deployment up, Redis down) it moves j.ready to when something may.
func (w *h26Log) assign(j *h26Job) (*h26Proc, *h26Thread, time.Time, bool) {
	dep, capsule := w.route(j.queue)
	w.free, w.freeProcs = w.free[:0], w.freeProcs[:0]
	var soon *h26Thread
	var soonProc *h26Proc
	for _, p := range w.procs {
		if p.pod.dep != dep || !p.fetching(j.ready) {
			continue
		}
		stop := p.stopFetch()
		for _, th := range p.threads {
			if th.capsule != capsule {
				continue
			}
			if !th.freeAt.After(j.ready) {
				w.free, w.freeProcs = append(w.free, th), append(w.freeProcs, p)
			} else if th.freeAt.Before(stop) && (soon == nil || th.freeAt.Before(soon.freeAt)) {
				soon, soonProc = th, p
			}
		}
	}
	var p *h26Proc
	var th *h26Thread
	var start time.Time
	switch {
	case len(w.free) > 0:
		i := w.g.intn(len(w.free))
		th, p, start = w.free[i], w.freeProcs[i], j.ready
	case soon != nil:
		th, p, start = soon, soonProc, soon.freeAt
	default:
		next := j.ready.Add(2 * time.Second)
		for _, q := range w.procs {
			if q.pod.dep == dep && q.upAt.After(j.ready) && q.upAt.Before(next) {
				next = q.upAt
			}
		}
		j.ready = next
		return nil, nil, time.Time{}, false
	}
	start = start.Add(time.Duration(w.g.between(300, 4000)) * time.Microsecond)
	if w.redisOut(start) {
		// Processors retry their fetch every second until Redis answers again.
		j.ready = w.redisUpAt.Add(w.ms(0, 1200))
		return nil, nil, time.Time{}, false
	}
	return p, th, start, true
}

// run executes j on th and writes its lines: start, the job's own lines, then done, or
// fail with the error handler's lines and a retry (or the dead set). A job still running
// when its process is killed has no end; one still running at the shutdown deadline is
// pushed back to its queue.
func (w *h26Log) run(j *h26Job, p *h26Proc, th *h26Thread, start time.Time) {
	g := w.g
	r := &h26Run{job: j, proc: p, start: start, tr: j.tr}
	j.work(r)
	if r.elapsed < time.Millisecond {
		r.elapsed = time.Millisecond + time.Duration(g.intn(900))*time.Microsecond
	}
	end := r.end()
	tid := th.tid
	ctx := []field{{"class", j.class}, {"jid", j.jid}}
	w.emit(j.tr, start, p, tid, "INFO", "start", ctx)

	var cut time.Time
	killed := !p.killAt.IsZero() && end.After(p.killAt)
	switch {
	case killed:
		cut = p.killAt
	case !p.stopAt.IsZero() && end.After(p.stopAt.Add(h26ShutdownTimeout)):
		cut = p.stopAt.Add(h26ShutdownTimeout)
	}
	for _, l := range r.logs {
		if at := start.Add(l.at); cut.IsZero() || at.Before(cut) {
			w.emit(r.tr, at, p, tid, l.lvl, l.msg, ctx)
		}
	}
	if !cut.IsZero() {
		th.freeAt = cut
		if killed {
			w.lose(j, p)
			return
		}
		p.hard = append(p.hard, j)
		j.tr = p.stopTr
		j.ready = cut.Add(w.ms(2, 40))
		w.push(j)
		return
	}

	endTr := r.tr
	if r.err == nil && (len(r.next) > 0 || j.redisAtEnd) && w.redisOut(end) {
		// The job's work is done but its last write to Redis (its follow-ups, a key) fails.
		endTr = incident(h26Failover)
		r.fail("RedisClient::CannotConnectError", w.refused(), fmt.Sprintf("app/jobs/%s.rb:%d:in `perform'", h26Snake(j.class), 14+len(j.class)%19))
		r.next = nil
	}
	done := []field{ctx[0], ctx[1], {"elapsed", h26Secs(r.elapsed)}}
	th.freeAt = end.Add(time.Duration(g.between(200, 2500)) * time.Microsecond)
	if r.err == nil {
		w.emit(endTr, end, p, tid, "INFO", "done", done)
		for _, f := range r.next {
			// Pushed one after the other, they are fetched in that order.
			end = end.Add(time.Duration(g.between(20, 300)) * time.Microsecond)
			w.enqueue(f, end)
		}
		return
	}
	w.emit(endTr, end, p, tid, "INFO", "fail", done)
	limit := j.retry
	if limit <= 0 {
		limit = 25
	}
	count := j.retryCount + 1
	if count >= limit {
		w.emit(endTr, end.Add(time.Duration(g.between(200, 900))*time.Microsecond), p, tid, "INFO", fmt.Sprintf("Adding dead %s job %s", j.class, j.jid), done)
	}
	at := end.Add(time.Duration(g.between(1000, 3000)) * time.Microsecond)
	w.emit(endTr, at, p, tid, "WARN", jsonLine(field{"context", "Job raised exception"}, field{"job", w.payload(j)}), nil)
	w.emit(endTr, at, p, tid, "WARN", r.err.class+": "+r.err.msg, nil)
	w.emit(endTr, at, p, tid, "WARN", strings.Join(r.err.trace, "\n"), nil)
	// The processor thread dies with the exception; the manager starts a new one.
	th.tid = p.newTid(g)

	if j.retryCount < 0 {
		j.failedAt = end
	} else {
		j.retriedAt = end
	}
	j.retryCount = count
	j.errClass, j.errMsg = r.err.class, r.err.msg
	if count >= limit {
		return
	}
	// Sidekiq's back-off: count^4 + 15 s and a jitter, then the scheduled poller's
	// next pass (about every 5 s across the fleet).
	delay := time.Duration(count*count*count*count+15+g.intn(10)*(count+1))*time.Second + w.ms(0, 5000)
	j.tr = j.base
	if endTr.incident != "" {
		j.tr = endTr
	}
	j.ready = end.Add(delay)
	j.enqueued = j.ready
	w.push(j)
}

// payload is the job hash as the error handler logs it: as it was fetched, with the
// error fields of its earlier failures.
func (w *h26Log) payload(j *h26Job) []field {
	var retry any = true
	if j.retry > 0 {
		retry = j.retry
	}
	fs := []field{{"retry", retry}, {"queue", j.queue}, {"class", j.class}, {"args", j.args}, {"jid", j.jid},
		{"created_at", h26Unix(j.created)}, {"enqueued_at", h26Unix(j.enqueued)}}
	if j.retryCount >= 0 {
		fs = append(fs, field{"error_message", j.errMsg}, field{"error_class", j.errClass}, field{"failed_at", h26Unix(j.failedAt)}, field{"retry_count", j.retryCount})
		if j.retryCount > 0 {
			fs = append(fs, field{"retried_at", h26Unix(j.retriedAt)})
		}
	}
	return fs
}

// lose handles a job cut off by the OOM killer: it stays in the dead process's private
// queue until a process boots after that process's heartbeat has expired, whose
// SuperFetch pushes it back to its queue.
func (w *h26Log) lose(j *h26Job, dead *h26Proc) {
	for _, q := range w.procs {
		if q.bootAt.After(dead.killAt.Add(h26HeartbeatTTL)) && (q.pod.dep == dead.pod.dep) {
			q.recovers++
			j.tr = incident(h26ThumbnailOOM)
			j.ready = q.upAt.Add(w.ms(1, 30))
			j.enqueued = j.ready
			w.push(j)
			return
		}
	}
}

// refused is the error of a connection attempt to the crashed primary, which the
// Sentinels still name until the failover is done.
func (w *h26Log) refused() string {
	return fmt.Sprintf("Connection refused - connect(2) for %s:6379 (redis://%s:6379)", h26OldPrimary, h26OldPrimary)
}

// redisOutage writes what every process says while the primary is gone: each processor
// thread that tries to fetch logs the error once, then "Redis is online" when it
// succeeds again; the heartbeat fails every 10 s, the scheduled poller on each pass.
func (w *h26Log) redisOutage() {
	w.outageLogged = true
	g := w.g
	tr := incident(h26Failover)
	down, up := w.redisDownAt, w.redisUpAt
	refused := w.refused()
	reset := fmt.Sprintf("Connection reset by peer (redis://%s:6379)", h26OldPrimary)
	for _, p := range w.procs {
		if !p.fetching(down) {
			continue
		}
		first := true
		for _, th := range p.threads {
			if !th.freeAt.Before(up) {
				continue
			}
			at := down.Add(w.ms(6, 60))
			cls, msg := "RedisClient::CannotConnectError", refused
			if th.freeAt.After(down) {
				at = th.freeAt.Add(w.ms(1, 5))
			} else if first {
				// The fetch blocked on the primary sees the connection reset; the
				// processors after it cannot connect at all.
				at = down.Add(w.ms(1, 4))
				cls, msg, first = "RedisClient::ConnectionError", reset, false
			}
			w.emit(tr, at, p, th.tid, "ERROR", "Error fetching job: "+msg, nil)
			w.emit(tr, at, p, th.tid, "WARN", cls+": "+msg, nil)
			w.emit(tr, at, p, th.tid, "WARN", "", nil)
			online := up.Add(w.ms(0, 1000))
			secs := online.Sub(at).Seconds() + g.rng.Float64()*1e-6
			w.emit(tr, online, p, th.tid, "INFO", "Redis is online, "+strconv.FormatFloat(secs, 'f', -1, 64)+" sec downtime", nil)
		}
		for t := down.Add(w.ms(0, 10000)); t.Before(up); t = t.Add(10*time.Second + w.ms(0, 40)) {
			w.emit(tr, t, p, p.beatTid, "ERROR", "heartbeat: "+refused, nil)
		}
		for t := down.Add(w.ms(0, 25000)); t.Before(up); t = t.Add(w.ms(12500, 37500)) {
			w.emit(tr, t, p, p.pollTid, "ERROR", refused, nil)
			w.emit(tr, t, p, p.pollTid, "WARN", "RedisClient::CannotConnectError: "+refused, nil)
			w.emit(tr, t, p, p.pollTid, "WARN", "", nil)
		}
	}
}

// boot writes a process's start: the Redis pools, the release, Rails booted, the banner
// lines Sidekiq logs in production, sidekiq-scheduler loading its schedule, SuperFetch
// (and the jobs it recovers from processes that died).
func (w *h26Log) boot(p *h26Proc) {
	if p.bootAt.Before(w.start) {
		return
	}
	g := w.g
	tr := p.bootTr
	dep := p.pod.dep
	t := p.bootAt.Add(w.ms(4500, 7000))
	w.emit(tr, t, p, p.mainTid, "INFO", h26RedisOptions(10, "internal"), nil)
	var caps []string
	for _, c := range dep.capsules {
		caps = append(caps, fmt.Sprintf("%s capsule %s (%d threads)", c.name, strings.Join(c.queues, ","), c.threads))
	}
	w.emit(tr, t.Add(w.ms(1, 3)), p, p.mainTid, "INFO", fmt.Sprintf("Marketplace %s starting Sidekiq: %s", p.release, strings.Join(caps, "; ")), nil)
	t = p.upAt.Add(-w.ms(90, 110))
	w.emit(tr, t, p, p.mainTid, "INFO", "Booted Rails 7.1.3 application in production environment", nil)
	w.emit(tr, t, p, p.mainTid, "INFO", "Running in "+h26Ruby, nil)
	w.emit(tr, t, p, p.mainTid, "INFO", "See LICENSE and the LGPL-3.0 for licensing details.", nil)
	w.emit(tr, t.Add(w.ms(0, 1)), p, p.mainTid, "INFO", "Sidekiq Pro 7.2.0, commercially licensed.  Thanks for your support!", nil)
	t = t.Add(w.ms(3, 12))
	for _, c := range dep.capsules {
		w.emit(tr, t, p, p.mainTid, "INFO", h26RedisOptions(c.threads, c.name), nil)
		t = t.Add(w.ms(1, 3))
	}
	t = t.Add(w.ms(2, 8))
	if dep.scheduler {
		w.emit(tr, t, p, p.mainTid, "INFO", "Loading Schedule", nil)
		for _, s := range h26Schedules {
			t = t.Add(time.Duration(g.between(100, 900)) * time.Microsecond)
			w.emit(tr, t, p, p.mainTid, "INFO", "Scheduling "+s.name+" "+s.config(), nil)
		}
		w.emit(tr, t, p, p.mainTid, "INFO", "Schedules Loaded", nil)
	} else {
		w.emit(tr, t, p, p.mainTid, "INFO", "SidekiqScheduler is disabled", nil)
	}
	t = t.Add(w.ms(3, 10))
	w.emit(tr, t, p, p.fetchTid, "INFO", "SuperFetch activated", nil)
	if p.recovers > 0 {
		w.emit(incident(h26ThumbnailOOM), t.Add(w.ms(2, 9)), p, p.fetchTid, "WARN", fmt.Sprintf("SuperFetch: recovered %d jobs", p.recovers), nil)
	}
}

// shutdown writes a graceful stop: quiet, the poller exits, the capsules wait for their
// jobs (whose done lines run() wrote), jobs past the deadline are pushed back, Bye!
func (w *h26Log) shutdown(p *h26Proc) {
	if p.stopAt.IsZero() || !p.killAt.IsZero() && p.killAt.Before(p.stopAt) {
		return
	}
	tr, s := p.stopTr, p.stopAt
	w.emit(tr, s, p, p.mainTid, "INFO", "Shutting down", nil)
	for _, c := range p.pod.dep.capsules {
		w.emit(tr, s.Add(w.ms(0, 1)), p, p.mainTid, "INFO", "Terminating quiet threads for "+c.name+" capsule", nil)
	}
	w.emit(tr, s.Add(w.ms(1, 6)), p, p.pollTid, "INFO", "Scheduler exiting...", nil)
	last := s
	for _, th := range p.threads {
		if th.freeAt.After(last) {
			last = th.freeAt
		}
	}
	pause := s.Add(500*time.Millisecond + w.ms(1, 3))
	for range p.pod.dep.capsules {
		w.emit(tr, pause, p, p.newTid(w.g), "INFO", "Pausing to allow jobs to finish...", nil)
	}
	if len(p.hard) > 0 {
		deadline := s.Add(h26ShutdownTimeout)
		w.emit(tr, deadline, p, p.mainTid, "WARN", fmt.Sprintf("Terminating %d busy threads", len(p.hard)), nil)
		for _, j := range p.hard {
			priv := fmt.Sprintf("queue:sq|%s|%s", p.identity, j.queue)
			w.emit(tr, deadline.Add(w.ms(1, 4)), p, p.mainTid, "INFO", fmt.Sprintf("SuperFetch: Moving job from %s back to queue:%s", priv, j.queue), nil)
		}
		last = deadline.Add(5 * time.Millisecond)
	}
	// Idle processors leave when their blocking fetch times out (2 s at most).
	if idle := pause.Add(w.ms(300, 2100)); last.Before(idle) {
		last = idle
	}
	w.emit(tr, last.Add(w.ms(3, 30)), p, p.mainTid, "INFO", "Bye!", nil)
}

// ---- traffic ----

func (w *h26Log) initSellers() {
	g := w.g
	shops := []string{"kleinfein-moebel.de", "urban-loft.shop", "nordlicht-deko.de", "casa-verde.it", "hausundhof.de", "bikeparts24.eu",
		"lumen-leuchten.de", "teekontor-hh.de", "papeterie-mila.fr", "kuechenprofi.at", "woodnest.nl", "sportwelt-online.de",
		"brillenhaus.de", "petfriends.store", "babyglueck.de", "vintage-vinyl.de", "outdoorkammer.de", "gartenzwerg-shop.de"}
	paths := []string{"/webhooks/marketplace", "/api/v1/hooks/mp", "/integrations/marketplace/events", "/wp-json/mp-sync/v1/webhook", "/hooks/orders"}
	for i := 0; i < 48; i++ {
		s := h26Seller{id: g.between(1000, 9999), weight: g.lognormal(1, 0.9)}
		host := "api." + pick(g, shops)
		if i < len(shops) {
			host = []string{"api.", "shop.", "hooks.", "erp."}[g.intn(4)] + shops[i]
		}
		s.url = "https://" + host + pick(g, paths)
		w.sellers = append(w.sellers, s)
	}
	// The sellers whose endpoints fail routinely.
	w.sellers[3].mode, w.sellers[3].failP = "timeout", 0.35
	w.sellers[7].mode, w.sellers[7].failP = "503", 0.2
	w.sellers[11].mode, w.sellers[11].failP, w.sellers[11].weight = "410", 1, 0.25
	w.sellers[15].mode, w.sellers[15].failP, w.sellers[15].weight = "ssl", 1, 0.2
	w.sellers[19].mode, w.sellers[19].failP = "refused", 0.15
	w.sellers[23].mode, w.sellers[23].failP = "timeout", 0.1
}

func (w *h26Log) pickSeller() *h26Seller {
	i := w.g.weighted(len(w.sellers), func(i int) float64 { return w.sellers[i].weight })
	return &w.sellers[i]
}

// serial is a database id created at t: ids grow with time at about perSecond.
func (w *h26Log) serial(base int, perSecond float64, t time.Time) int {
	return base + int(perSecond*t.Sub(w.start).Seconds()) + w.g.intn(int(perSecond)+3)
}

func (w *h26Log) newOrder(t time.Time) h26Order {
	return h26Order{id: w.serial(18_402_117, 1.1, t), number: fmt.Sprintf("R%09d", w.g.intn(1000000000)), amount: fmt.Sprintf("%.2f", w.g.lognormal(64, 0.8)+4.9)}
}

// traffic starts the jobs the web app and the warehouse enqueue, a few minutes before
// the window so the processors are busy when it opens.
func (w *h26Log) traffic() {
	g := w.g
	from := w.start.Add(-3 * time.Minute)
	checkout := func(t time.Time) float64 { return 0.5 * w.load(t) * w.saleLift(t) }
	g.arrivals(from, w.end, checkout, func(t time.Time) { w.enqueue(w.paymentCapture(t, w.saleTruth(t)), t) })
	g.arrivals(w.fraudFrom, w.end, checkout, func(t time.Time) {
		w.enqueue(w.fraudScore(t, later(w.deploy.truth(), w.saleTruth(t))), t)
	})
	g.arrivals(from, w.end, func(t time.Time) float64 { return 0.8 * w.load(t) }, func(t time.Time) {
		w.enqueue(w.sellerWebhook(t, pick(g, []string{"order.shipped", "order.shipped", "order.cancelled", "return.requested", "listing.stock_low", "review.created", "payout.sent"}), routine), t)
	})
	g.arrivals(from, w.end, func(t time.Time) float64 { return 0.5 * w.load(t) }, func(t time.Time) { w.enqueue(w.inventorySync(routine), t) })
	g.arrivals(from, w.end, func(t time.Time) float64 { return 1.5 * w.load(t) }, func(t time.Time) { w.enqueue(w.productIndex(routine), t) })
	g.arrivals(from, w.end, func(t time.Time) float64 { return 0.3 * w.load(t) }, func(t time.Time) { w.enqueue(w.thumbnail(t, routine, false), t) })
	g.arrivals(from, w.end, func(time.Time) float64 { return 0.35 }, func(t time.Time) { w.enqueue(w.shipmentTracking(), t) })
	// A seller's studio uploads a new collection shot on iPhones.
	heic := incident(h26ThumbnailOOM)
	g.arrivals(w.oomAt, w.heicEnd, func(time.Time) float64 { return 0.45 }, func(t time.Time) { w.enqueue(w.thumbnail(t, heic, true), t) })
}

func (w *h26Log) paymentCapture(t time.Time, tr truth) *h26Job {
	g := w.g
	o := w.newOrder(t.Add(-time.Duration(g.between(5, 600)) * time.Second))
	pi := "pi_3" + w.b62(23)
	canceled := g.chance(1.0 / 4000)
	return w.newJob("PaymentCaptureJob", "critical", 5, []int{o.id}, tr, func(r *h26Run) {
		if canceled {
			r.elapsed = w.dur(420, 0.3)
			r.fail("Stripe::InvalidRequestError", "This PaymentIntent could not be captured because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.",
				"app/services/payments/capture.rb:22:in `call'", "app/jobs/payment_capture_job.rb:11:in `perform'")
			return
		}
		ms := g.lognormal(760, 0.3)
		if f := w.paymentSlowdown(r.start); f > 1.5 {
			ms *= f
			r.tr = incident(h26PaymentSlow)
		}
		r.elapsed = time.Duration((ms + g.lognormal(45, 0.4)) * float64(time.Millisecond))
		r.log(r.elapsed-w.dur(6, 0.3), "INFO", fmt.Sprintf("Captured %s for order %s: %s EUR (Stripe req_%s, %dms)", pi, o.number, o.amount, w.b62(14), int(ms)))
		r.then(w.orderConfirmation(o, r.job.base))
		if g.chance(0.85) {
			r.then(w.sellerWebhook(r.end(), "order.paid", r.job.base))
		}
		for n := g.between(1, 2); n > 0; n-- {
			r.then(w.inventorySync(r.job.base))
		}
	})
}

func (w *h26Log) fraudScore(t time.Time, tr truth) *h26Job {
	g := w.g
	o := w.newOrder(t)
	return w.newJob("OrderFraudScoreJob", "critical", 3, []int{o.id}, tr, func(r *h26Run) {
		ms := g.lognormal(150, 0.35)
		r.elapsed = time.Duration((ms + g.lognormal(18, 0.4)) * float64(time.Millisecond))
		score, verdict := g.between(1, 38), "accept"
		if g.chance(0.02) {
			score, verdict = g.between(62, 97), "review"
		}
		r.log(r.elapsed-w.dur(3, 0.3), "INFO", fmt.Sprintf("Fraud score for order %s: %d (%s) from Sift in %dms", o.number, score, verdict, int(ms)))
	})
}

// mailDelivered is ActionMailer's line for a sent mail; the Message-ID names the pod.
func (w *h26Log) mailDelivered(r *h26Run, ms float64) {
	id := strconv.FormatInt(r.start.Unix(), 16) + w.g.hex(5) + "_1" + w.g.hex(7)
	r.log(r.elapsed-w.dur(4, 0.3), "INFO", fmt.Sprintf("Delivered mail %s@%s.mail (%.1fms)", id, r.proc.pod.name, ms))
}

func (w *h26Log) orderConfirmation(o h26Order, tr truth) *h26Job {
	g := w.g
	return w.newJob("OrderConfirmationJob", "mailers", 0, []int{o.id}, tr, func(r *h26Run) {
		ms := g.lognormal(260, 0.35)
		r.elapsed = time.Duration((ms + g.lognormal(110, 0.3)) * float64(time.Millisecond))
		if g.chance(1.0 / 2500) {
			r.elapsed += 15 * time.Second
			r.fail("Net::ReadTimeout", "Net::ReadTimeout with #<TCPSocket:(closed)>", "app/jobs/order_confirmation_job.rb:9:in `perform'")
			return
		}
		w.mailDelivered(r, ms)
	})
}

func (w *h26Log) sellerWebhook(t time.Time, event string, tr truth) *h26Job {
	s := w.pickSeller()
	j := w.newJob("SellerWebhookJob", "webhooks", 12, []int{w.serial(96_204_000, 2.3, t)}, tr, func(r *h26Run) {
		w.webhookAttempt(r, s, event)
	})
	j.redisAtEnd = true // the delivery's dedupe key
	return j
}

// webhookAttempt posts the event to the seller's endpoint: most answer in a few hundred
// milliseconds, the flaky ones fail as their mode says and the job raises for a retry.
func (w *h26Log) webhookAttempt(r *h26Run, s *h26Seller, event string) {
	g := w.g
	attempt := r.job.retryCount + 2
	post := "app/services/seller_webhooks/delivery.rb:48:in `post'"
	call := "app/services/seller_webhooks/delivery.rb:21:in `call'"
	perform := "app/jobs/seller_webhook_job.rb:14:in `perform'"
	if s.mode != "" && g.chance(s.failP) {
		var why string
		switch s.mode {
		case "timeout":
			r.elapsed = 10*time.Second + w.dur(14, 0.5)
			why = "Net::ReadTimeout"
			r.fail("Net::ReadTimeout", "Net::ReadTimeout with #<TCPSocket:(closed)>", post, call, perform)
		case "503", "410":
			status := map[string]string{"503": "503 Service Unavailable", "410": "410 Gone"}[s.mode]
			r.elapsed = w.dur(180, 0.5)
			why = "HTTP " + status
			r.fail("SellerWebhooks::DeliveryFailed", "HTTP "+status+" from "+s.url, "app/services/seller_webhooks/delivery.rb:33:in `call'", perform)
		case "ssl":
			r.elapsed = w.dur(60, 0.4)
			why = "OpenSSL::SSL::SSLError"
			host := strings.SplitN(strings.TrimPrefix(s.url, "https://"), "/", 2)[0]
			r.fail("OpenSSL::SSL::SSLError", fmt.Sprintf("SSL_connect returned=1 errno=0 peeraddr=%s:443 state=error: certificate verify failed (certificate has expired)", h26HostIP(host)), post, call, perform)
		case "refused":
			r.elapsed = w.dur(25, 0.4)
			why = "Errno::ECONNREFUSED"
			host := strings.SplitN(strings.TrimPrefix(s.url, "https://"), "/", 2)[0]
			r.fail("Errno::ECONNREFUSED", fmt.Sprintf(`Failed to open TCP connection to %s:443 (Connection refused - connect(2) for "%s" port 443)`, host, host), post, call, perform)
		}
		r.log(r.elapsed-w.dur(2, 0.3), "WARN", fmt.Sprintf("Webhook %s to seller %d failed after %dms: %s (attempt %d)", event, s.id, r.elapsed.Milliseconds(), why, attempt))
		return
	}
	ms := g.lognormal(230, 0.6)
	r.elapsed = time.Duration((ms + g.lognormal(20, 0.4)) * float64(time.Millisecond))
	r.log(r.elapsed-w.dur(2, 0.3), "INFO", fmt.Sprintf("Delivered %s webhook to seller %d (%s): 200 in %dms", event, s.id, s.url, int(ms)))
}

// h26HostIP is a stable public address for a seller's host.
func h26HostIP(host string) string {
	h := 0
	for _, c := range host {
		h = h*31 + int(c)
	}
	h &= 0xffffff
	return fmt.Sprintf("%d.%d.%d.%d", []int{85, 91, 136, 185, 213}[h%5], h>>16&0xff, h>>8&0xff, h&0xfe+1)
}

func (w *h26Log) inventorySync(tr truth) *h26Job {
	g := w.g
	variant := g.between(1_100_000, 2_400_000)
	sku := fmt.Sprintf("%s-%05d-%s-%s", pick(g, []string{"NK", "AD", "PU", "KF", "UL", "NL", "CV", "BP"}), g.intn(100000), pick(g, []string{"BLK", "WHT", "NAV", "GRY", "RED", "OAK", "NAT"}), pick(g, []string{"S", "M", "L", "XL", "OS", "42", "44"}))
	return w.newJob("InventorySyncJob", "default", 10, []int{variant}, tr, func(r *h26Run) {
		r.elapsed = w.dur(210, 0.45)
		switch u := g.rng.Float64(); {
		case u < 1.0/2500:
			r.fail("WarehouseApi::ServerError", fmt.Sprintf("502 Bad Gateway (GET https://wms.fulfilment-partner.eu/api/v2/stock/%s)", sku),
				"app/clients/warehouse_api.rb:61:in `request'", "app/clients/warehouse_api.rb:24:in `stock'", "app/jobs/inventory_sync_job.rb:8:in `perform'")
			return
		case u < 1.0/2500+1.0/5000:
			r.fail("ActiveRecord::Deadlocked", "PG::TRDeadlockDetected: ERROR:  deadlock detected\nDETAIL:  Process 48213 waits for ShareLock on transaction 918273645; blocked by process 48190.\nProcess 48190 waits for ShareLock on transaction 918273650; blocked by process 48213.\nHINT:  See server log for query details.\nCONTEXT:  while updating tuple (1822,14) in relation \"stock_items\"",
				"app/models/stock_item.rb:37:in `apply_warehouse_count!'", "app/jobs/inventory_sync_job.rb:12:in `perform'")
			return
		}
		if g.chance(0.45) {
			onHand := g.intn(60)
			reserved := g.intn(min(onHand, 6) + 1)
			r.log(r.elapsed-w.dur(3, 0.3), "INFO", fmt.Sprintf("Stock for SKU %s (variant %d) synced from %s: on_hand=%d reserved=%d available=%d",
				sku, variant, pick(g, []string{"DE-LEJ-01", "DE-LEJ-01", "DE-HAM-02", "PL-POZ-01"}), onHand, reserved, onHand-reserved))
		}
		if g.chance(0.3) {
			r.then(w.productIndex(r.job.base))
		}
	})
}

func (w *h26Log) productIndex(tr truth) *h26Job {
	g := w.g
	product := g.between(310_000, 2_390_000)
	return w.newJob("ProductIndexJob", "search", 10, []int{product}, tr, func(r *h26Run) {
		r.elapsed = w.dur(48, 0.5)
		switch u := g.rng.Float64(); {
		case u < 1.0/6000:
			r.elapsed += w.dur(30, 0.3)
			r.fail("Elastic::Transport::Transport::Errors::TooManyRequests", `[429] {"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation [coordinating_and_primary_bytes=215474012, replica_bytes=0, all_bytes=215474012, coordinating_operation_bytes=2184, max_coordinating_and_primary_bytes=214748364]"}],"type":"es_rejected_execution_exception"},"status":429}`,
				"app/models/concerns/searchable.rb:44:in `index_document'", "app/jobs/product_index_job.rb:7:in `perform'")
		case u < 1.0/300:
			r.log(r.elapsed-w.dur(2, 0.3), "WARN", fmt.Sprintf("Product %d not found, removing it from products_v7", product))
		}
	})
}

// thumbnail renders an image's four variants: CPU-bound, seconds, more for big images.
// On a leaking process it slows down as memory runs out.
func (w *h26Log) thumbnail(t time.Time, tr truth, heic bool) *h26Job {
	g := w.g
	id := w.serial(8_812_000, 1.3, t)
	dims := [][2]int{{4032, 3024}, {3024, 4032}, {3000, 2000}, {2400, 1600}, {6000, 4000}, {1920, 1280}, {1200, 1200}, {2048, 2048}}
	d := pick(g, dims)
	if heic {
		d = pick(g, dims[:2])
	}
	mp := float64(d[0]*d[1]) / 1e6
	size := mp * g.lognormal(0.28, 0.3)
	return w.newJob("ThumbnailJob", "images", 3, []int{id}, tr, func(r *h26Run) {
		secs := g.lognormal(3.1, 0.35) * math.Pow(mp/8, 0.45)
		if heic {
			secs *= 1.35
		}
		if f := w.memoryPressure(r.proc, r.start); f > 1 {
			secs *= f
			if f > 1.25 {
				r.tr = incident(h26ThumbnailOOM)
			}
		}
		r.elapsed = time.Duration((secs + g.lognormal(0.08, 0.3)) * float64(time.Second))
		r.log(r.elapsed-w.dur(5, 0.3), "INFO", fmt.Sprintf("Processed image %d (%dx%d, %.1f MB): 4 variants in %.2fs", id, d[0], d[1], size, secs))
		if g.chance(0.7) {
			// A listing's image: its search document gets the new variant URLs.
			r.then(w.productIndex(r.job.base))
		}
	})
}

func (w *h26Log) shipmentTracking() *h26Job {
	g := w.g
	carrier := pick(g, []string{"DHL", "DHL", "DHL", "DPD", "GLS", "Hermes", "UPS"})
	var number string
	switch carrier {
	case "DHL":
		number = fmt.Sprintf("00340434%012d", g.intn(1000000000000))
	case "UPS":
		number = "1Z" + strings.ToUpper(g.hex(6)) + fmt.Sprintf("%010d", g.intn(10000000000))
	default:
		number = fmt.Sprintf("%014d", g.intn(100000000000000))
	}
	shipment := g.between(7_400_000, 7_900_000)
	return w.newJob("ShipmentTrackingJob", "default", 5, []int{shipment}, routine, func(r *h26Run) {
		r.elapsed = w.dur(520, 0.4)
		if g.chance(1.0 / 900) {
			r.fail("Carriers::RateLimited", carrier+" tracking API rate limit exceeded (429), retry after 60s",
				"app/clients/carriers/base.rb:52:in `get'", "app/jobs/shipment_tracking_job.rb:10:in `perform'")
			return
		}
		states := []string{"pre_transit", "in_transit", "in_transit", "out_for_delivery", "delivered"}
		i := g.intn(len(states) - 1)
		what := fmt.Sprintf("unchanged (%s)", states[i])
		if g.chance(0.4) {
			what = states[i] + " -> " + states[i+1]
		}
		r.log(r.elapsed-w.dur(3, 0.3), "INFO", fmt.Sprintf("Tracking for shipment SHP-%d (%s %s): %s", shipment, carrier, number, what))
	})
}

// seedRetries puts in the retry set the webhook deliveries that failed before the
// window: they come due during it, some for the last time.
func (w *h26Log) seedRetries() {
	g := w.g
	var flaky []*h26Seller
	for i := range w.sellers {
		if w.sellers[i].mode != "" {
			flaky = append(flaky, &w.sellers[i])
		}
	}
	for i := 0; i < 18; i++ {
		s := pick(g, flaky)
		event := pick(g, []string{"order.paid", "order.shipped", "return.requested"})
		j := w.newJob("SellerWebhookJob", "webhooks", 12, nil, routine, func(r *h26Run) { w.webhookAttempt(r, s, event) })
		j.retryCount = g.between(2, 11)
		j.ready = w.start.Add(time.Duration(g.rng.Int63n(int64(Length))))
		c := float64(j.retryCount)
		j.retriedAt = j.ready.Add(-time.Duration(c*c*c*c+15+c*4.5) * time.Second)
		j.failedAt = j.retriedAt.Add(-time.Duration(g.between(2, 30)) * time.Hour)
		j.created = j.failedAt.Add(-w.ms(100, 2000))
		j.args = []int{w.serial(96_204_000, 2.3, j.created)}
		j.enqueued = j.ready
		host := strings.SplitN(strings.TrimPrefix(s.url, "https://"), "/", 2)[0]
		switch s.mode {
		case "timeout":
			j.errClass, j.errMsg = "Net::ReadTimeout", "Net::ReadTimeout with #<TCPSocket:(closed)>"
		case "503":
			j.errClass, j.errMsg = "SellerWebhooks::DeliveryFailed", "HTTP 503 Service Unavailable from "+s.url
		case "410":
			j.errClass, j.errMsg = "SellerWebhooks::DeliveryFailed", "HTTP 410 Gone from "+s.url
		case "ssl":
			j.errClass, j.errMsg = "OpenSSL::SSL::SSLError", fmt.Sprintf("SSL_connect returned=1 errno=0 peeraddr=%s:443 state=error: certificate verify failed (certificate has expired)", h26HostIP(host))
		default:
			j.errClass, j.errMsg = "Errno::ECONNREFUSED", fmt.Sprintf(`Failed to open TCP connection to %s:443 (Connection refused - connect(2) for "%s" port 443)`, host, host)
		}
		w.push(j)
	}
}

// ---- periodic jobs ----

// h26Schedule is an entry of sidekiq-scheduler's schedule.
type h26Schedule struct {
	name, cron, class, queue string
	due                      func(t time.Time) bool // whether a minute matches the cron line
}

func (s h26Schedule) config() string {
	return fmt.Sprintf(`{"cron"=>"%s", "class"=>"%s", "queue"=>"%s"}`, s.cron, s.class, s.queue)
}

func h26Every(n int) func(time.Time) bool { return func(t time.Time) bool { return t.Minute()%n == 0 } }

func h26At(minutes ...int) func(time.Time) bool {
	return func(t time.Time) bool {
		for _, m := range minutes {
			if t.Minute() == m {
				return true
			}
		}
		return false
	}
}

func h26Daily(hour, minute int) func(time.Time) bool {
	return func(t time.Time) bool { return t.Hour() == hour && t.Minute() == minute }
}

var h26Schedules = []h26Schedule{
	{"product_view_counters", "* * * * *", "ProductViewCounterFlushJob", "low", h26Every(1)},
	{"stale_search_documents", "*/5 * * * *", "StaleSearchDocumentsJob", "search", h26Every(5)},
	{"exchange_rates", "*/10 * * * *", "ExchangeRateRefreshJob", "low", h26Every(10)},
	{"abandoned_cart_reminders", "*/15 * * * *", "AbandonedCartReminderJob", "low", h26Every(15)},
	{"expired_carts_cleanup", "7,37 * * * *", "ExpiredCartCleanupJob", "low", h26At(7, 37)},
	{"session_cleanup", "20 * * * *", "SessionCleanupJob", "low", h26At(20)},
	{"sitemap_refresh", "45 * * * *", "SitemapRefreshJob", "low", h26At(45)},
	{"seller_payouts", "30 8 * * *", "SellerPayoutBatchJob", "payouts", h26Daily(8, 30)},
	{"daily_sales_report", "0 9 * * *", "DailySalesReportJob", "low", h26Daily(9, 0)},
}

// crons fires sidekiq-scheduler's schedule: every pod's scheduler ticks, the one that
// registers the tick in Redis first enqueues the job and says so.
func (w *h26Log) crons() {
	g := w.g
	var fetching []*h26Proc
	for m := w.start; m.Before(w.end); m = m.Add(time.Minute) {
		for _, s := range h26Schedules {
			if !s.due(m) {
				continue
			}
			at := m.Add(w.ms(1, 300))
			if w.redisOut(at) {
				continue
			}
			fetching = fetching[:0]
			for _, p := range w.procs {
				if p.pod.dep.scheduler && p.fetching(at) {
					fetching = append(fetching, p)
				}
			}
			if len(fetching) == 0 {
				continue
			}
			p := pick(g, fetching)
			w.emit(routine, at, p, p.rufusTid, "INFO", fmt.Sprintf("queueing %s (%s)", s.class, s.name), nil)
			w.enqueue(w.periodic(s, at), at.Add(w.ms(1, 4)))
		}
	}
}

// periodic is the job a schedule entry enqueues.
func (w *h26Log) periodic(s h26Schedule, at time.Time) *h26Job {
	g := w.g
	say := func(r *h26Run, msg string) { r.log(r.elapsed-w.dur(3, 0.3), "INFO", msg) }
	var work func(r *h26Run)
	switch s.class {
	case "ProductViewCounterFlushJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(480, 0.35)
			say(r, fmt.Sprintf("Flushed %d product view counters", int(g.lognormal(2100*w.load(at), 0.15))))
		}
	case "StaleSearchDocumentsJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(900, 0.3)
			n := int(g.lognormal(35, 0.4))
			say(r, fmt.Sprintf("Queued %d products with stale search documents for reindexing", n))
			for i := 0; i < n; i++ {
				r.then(w.productIndex(routine))
			}
		}
	case "ExchangeRateRefreshJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(640, 0.3)
			say(r, "Refreshed 31 exchange rates from the ECB (base EUR, rates of 2026-03-09)")
		}
	case "AbandonedCartReminderJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(2600, 0.3)
			n := int(g.lognormal(130*w.load(at), 0.2))
			say(r, fmt.Sprintf("Found %d carts idle for 1-24h without a reminder; enqueued %d AbandonedCartEmailJob", n, n))
			for i := 0; i < n; i++ {
				r.then(w.cartEmail())
			}
		}
	case "ExpiredCartCleanupJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(3800, 0.3)
			carts := int(g.lognormal(1250, 0.2))
			say(r, fmt.Sprintf("Deleted %d expired guest carts and %d cart items", carts, int(float64(carts)*g.lognormal(2.7, 0.1))))
		}
	case "SessionCleanupJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(5200, 0.3)
			say(r, fmt.Sprintf("Deleted %d expired sessions", int(g.lognormal(8100, 0.15))))
		}
	case "SitemapRefreshJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(58000, 0.2)
			say(r, fmt.Sprintf("Sitemap refreshed: 52 files, %d URLs, uploaded to s3://mkt-prod-sitemaps/sitemaps/", 1204000+g.intn(3000)))
		}
	case "SellerPayoutBatchJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(3100, 0.2)
			n := g.between(160, 185)
			total := 0.0
			// Two of the sellers were deactivated and their payout account deleted.
			poisonA := g.intn(n)
			poisonB := (poisonA + 1 + g.intn(n-1)) % n
			for i := 0; i < n; i++ {
				amount := g.lognormal(950, 0.9)
				total += amount
				r.then(w.sellerPayout(amount, i == poisonA || i == poisonB))
			}
			say(r, fmt.Sprintf("Enqueued %d seller payouts for 2026-03-09 (total %.2f EUR)", n, total))
		}
	case "DailySalesReportJob":
		work = func(r *h26Run) {
			r.elapsed = w.dur(41000, 0.15)
			say(r, fmt.Sprintf("Daily sales report for 2026-03-09: %d orders, GMV %.2f EUR, emailed to 6 recipients", 18442, 1482991.40))
		}
	}
	return w.newJob(s.class, s.queue, 0, []int{}, routine, work)
}

func (w *h26Log) cartEmail() *h26Job {
	g := w.g
	cart := g.between(40_100_000, 40_900_000)
	return w.newJob("AbandonedCartEmailJob", "mailers", 0, []int{cart}, routine, func(r *h26Run) {
		ms := g.lognormal(240, 0.35)
		r.elapsed = time.Duration((ms + g.lognormal(90, 0.3)) * float64(time.Millisecond))
		w.mailDelivered(r, ms)
	})
}

// sellerPayout transfers a seller's balance with Stripe Connect. A poison payout's
// seller has no payout account any more.
func (w *h26Log) sellerPayout(amount float64, poison bool) *h26Job {
	g := w.g
	w.nextPayout++
	id := w.nextPayout
	seller := g.between(1000, 9999)
	return w.newJob("SellerPayoutJob", "payouts", 8, []int{id}, routine, func(r *h26Run) {
		if poison {
			r.elapsed = w.dur(38, 0.3)
			r.tr = incident(h26PoisonPayout)
			r.fail("NoMethodError", "undefined method `stripe_account_id' for nil:NilClass",
				"app/services/payouts/transfer_builder.rb:27:in `destination'", "app/services/payouts/transfer_builder.rb:11:in `call'", "app/jobs/seller_payout_job.rb:9:in `perform'")
			return
		}
		ms := g.lognormal(560, 0.3)
		r.elapsed = time.Duration((ms + g.lognormal(60, 0.3)) * float64(time.Millisecond))
		r.log(r.elapsed-w.dur(4, 0.3), "INFO", fmt.Sprintf("Payout %d of %.2f EUR to seller %d created (Stripe transfer tr_1%s, %dms)", id, amount, seller, w.b62(23), int(ms)))
	})
}

// orphanChecks is SuperFetch's hourly check of the private queues of every process,
// which finds nothing orphaned.
func (w *h26Log) orphanChecks() {
	g := w.g
	for t := w.start.Add(17*time.Minute + w.ms(0, 59000)); t.Before(w.end); t = t.Add(time.Hour + w.ms(0, 3000)) {
		var fetching []*h26Proc
		queues := 0
		for _, p := range w.procs {
			if p.fetching(t) {
				fetching = append(fetching, p)
				for _, c := range p.pod.dep.capsules {
					queues += len(c.queues)
				}
			}
		}
		p := pick(g, fetching)
		w.emit(routine, t, p, p.newTid(g), "INFO", fmt.Sprintf("SuperFetch found %d working queues with no orphaned jobs", queues), nil)
	}
}

// ---- benign changes ----

// backfillJobs: a rails runner pushes 21,000 ReindexProductJob in slices of 1,000 (the
// new variant attributes need every product reindexed); the bulk capsules work them off.
func (w *h26Log) backfillJobs() {
	g := w.g
	tr := w.backfill.truth()
	t := w.backfill.start
	for slice := 0; slice < 21; slice++ {
		for i := 0; i < 1000; i++ {
			product := g.between(310_000, 2_390_000)
			w.enqueue(w.newJob("ReindexProductJob", "bulk", 5, []int{product}, tr, func(r *h26Run) {
				r.elapsed = w.dur(830, 0.35)
				if g.chance(1.0 / 250) {
					r.log(r.elapsed-w.dur(3, 0.3), "WARN", fmt.Sprintf("Product %d has no active variants, indexing it as unavailable", product))
				}
			}), t)
		}
		t = t.Add(w.ms(600, 1400))
	}
}

// onboardingJobs: a new seller starts the import of their catalogue feed; each listing
// is created, indexed, and its main image rendered.
func (w *h26Log) onboardingJobs() {
	tr := w.onboarding.truth()
	const seller = 9921
	feed := "https://feeds.nordic-oak-living.example/marketplace/products.csv"
	w.enqueue(w.newJob("ImportCatalogueJob", "bulk", 3, []int{seller}, tr, func(r *h26Run) {
		r.elapsed = w.dur(24000, 0.1)
		rows := 2814
		r.log(w.ms(80, 300), "INFO", fmt.Sprintf("Fetching catalogue feed %s for seller %d (Nordic Oak Living)", feed, seller))
		r.log(r.elapsed-w.ms(200, 600), "INFO", fmt.Sprintf("Parsed %d rows: %d listings to import, 8 skipped (missing EAN)", rows, rows-8))
		for i := 0; i < rows-8; i++ {
			r.then(w.importListing(seller, i+2, tr))
		}
	}), w.onboarding.start)
}

func (w *h26Log) importListing(seller, row int, tr truth) *h26Job {
	g := w.g
	woods := []string{"Eiche", "Nussbaum", "Esche", "Kiefer", "Birke"}
	items := []string{"Sideboard", "Couchtisch", "Esstisch", "Regal", "Kommode", "Nachttisch", "Sitzbank", "Stuhl", "Garderobe", "Lowboard"}
	names := []string{"Fjord", "Lund", "Vika", "Aalborg", "Skagen", "Bergen", "Odense", "Malmö", "Ribe", "Tromsø"}
	item := pick(g, items)
	title := fmt.Sprintf("%s %s %d %s", item, pick(g, names), 40*g.between(1, 6), pick(g, woods))
	sku := fmt.Sprintf("NOL-%s-%04d", strings.ToUpper(item[:3]), row)
	return w.newJob("ImportListingJob", "bulk", 5, []int{seller, row}, tr, func(r *h26Run) {
		r.elapsed = w.dur(3100, 0.35)
		if g.chance(1.0 / 120) {
			r.elapsed = w.dur(140, 0.3)
			r.log(r.elapsed-w.dur(3, 0.3), "WARN", fmt.Sprintf("Skipping row %d (SKU %s): Validation failed: Category must exist", row, sku))
			return
		}
		listing := 2_391_207 + row
		images := g.between(1, 6)
		r.log(r.elapsed-w.dur(5, 0.3), "INFO", fmt.Sprintf("Imported listing %d %q (SKU %s) for seller %d with %d images", listing, title, sku, seller, images))
		r.then(w.productIndex(tr))
		if g.chance(0.6) {
			r.then(w.thumbnail(r.end(), tr, false))
		}
	})
}

// saleJobs: the flash sale's activation job, scheduled for 10:00 and enqueued by the
// scheduled poller, reprices the sale's variants and reindexes them.
func (w *h26Log) saleJobs() {
	g := w.g
	tr := w.sale.truth()
	at := w.sale.start.Add(w.ms(200, 5000))
	j := w.newJob("FlashSaleActivationJob", "default", 3, []int{311}, tr, func(r *h26Run) {
		r.elapsed = w.dur(7400, 0.15)
		n := 1184
		r.log(r.elapsed-w.dur(8, 0.3), "INFO", fmt.Sprintf(`Activated flash sale "Spring Flash Sale" (#311): %d variants repriced, ends 2026-03-10 12:00 UTC`, n))
		for i := 0; i < n; i++ {
			r.then(w.productIndex(tr))
		}
	})
	w.enqueue(j, at)
	j.created = w.sale.start.Add(-time.Duration(g.between(20, 40)) * time.Hour)
}
