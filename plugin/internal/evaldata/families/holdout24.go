package families

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// holdout24 is written by someone who has not read the detector. See holdout24Lines.
//
// The service is the Jenkins 2.462.1 LTS controller of a busy engineering organisation
// (Java 17, in Kubernetes): about forty multibranch pipelines of the GitHub organisation
// "acme" built on every push and pull request by agent pods the kubernetes plugin
// launches and deletes, two static macOS agents (SSH) for the iOS app, a few cron jobs.
// Its console log is what the container writes: java.util.logging records in Jenkins'
// format (time, [id=thread], level, abbreviated logger#method: message, tab-separated),
// a stack trace after a record as continuation lines without a time, and the JVM's own
// -Xlog:gc lines ([time][info][gc] ...).
//
// Normal traffic: webhooks (PushEvent, PullRequestEvent) and the builds they schedule;
// for every agent pod the provisioning lines (excess workload, template, started
// provisioning, created, running, the JNLP4 connection) and, when the build is done, its
// termination with the ClosedChannelException trace Jenkins prints for every agent that
// goes away; GitHub checks published; build results (a few failures, unstable and
// superseded builds, a flaky end-to-end job); hourly branch indexing of every project,
// GitHub API usage, housekeeping (background build discarder, workspace clean-up,
// download metadata, fingerprint cleanup, telemetry); young and mixed G1 collections.
// Routine warnings: a pod that waits for the cluster autoscaler, an agent container that
// dies on start ("Error in provisioning"), GitHub API connections timing out, invalid
// crumbs, browsers closing a progressive log (EofException), a static agent's ping
// timing out.
//
// Benign changes: plugin updates and a safe restart at 0:20 (quiet-down, pipelines
// paused, "Restarting VM as requested by admin", the whole start-up, pipelines resumed
// and the queue drained); a new repository at 1:00 whose project indexes 30 branches and
// builds them all for the first time; a release day tripling the build volume from 1:35
// for an hour (release branches, deployments, the GitHub API limiter sleeping); a
// configuration-as-code reload at 2:40 moving the maven pod template to JDK 21.
//
// Incidents, numbered as the constants below: (1) at 0:38 a ResourceQuota lowered by
// mistake refuses every agent pod for 13 minutes (provisioning errors with the
// KubernetesClientException trace, builds waiting, some aborted by their timeout, then a
// burst of provisioning); (2) at 1:12 JENKINS_HOME fills up with a load test's heap
// dumps (disk space warnings, program state and build records failing to save, builds
// failing, until old builds are discarded); (3) at 2:02 the GitHub App's private key
// deleted in a rotation before Jenkins had the new one, for 12 minutes (installation
// tokens refused with 401, webhook events and scans failing, builds failing at
// checkout, checks not published, then a rescan and the missed builds, held at the
// cloud's container cap); (4) at 2:45 a heap leak (collections getting longer, full GCs,
// OutOfMemoryError in several threads, agents' pings timing out), the container killed
// after its liveness probe failed and started again, pipelines resumed or aborted and the
// queue drained. A build an incident delays, aborts or fails is the incident's, with the
// agent pods it launches late; the webhooks and lines it does not change are not.
var holdout24 = Family{
	Name:    "holdout-24",
	Role:    Holdout,
	Service: "Jenkins 2.462.1 LTS controller in Kubernetes (kubernetes plugin agent pods, two static SSH agents): its console log in Jenkins' java.util.logging format (time, [id=thread], level, logger#method: message, tab-separated) with stack traces as continuation lines, and the JVM's -Xlog:gc lines",
	Lines:   holdout24Lines,
}

const (
	h24Quota = "Kubernetes ResourceQuota refusing agent pods: provisioning errors, builds stuck in the queue, then a burst of provisioning"
	h24Disk  = "JENKINS_HOME disk full: program state and build records failing to save, builds failing, until old builds are discarded"
	h24Cred  = "GitHub App private key revoked: installation tokens refused (401), events and scans failing, builds failing at checkout"
	h24OOM   = "controller out of heap: long GC pauses, OutOfMemoryError, agents lost, the pod restarted, builds resumed or aborted"
)

const (
	h24PushRate = 0.32 // webhooks a second that schedule a build, before the day's ramp
	h24Hook     = "https://jenkins.acme-corp.io/github-webhook/"
	h24AppID    = "184231"
	h24Local    = "10.20.3.17" // the controller pod's address
)

// Loggers, as Jenkins' formatter abbreviates them (see h24Abbrev).
const (
	h24Cloud       = "org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud"
	h24Launcher    = "org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher"
	h24Slave       = "org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave"
	h24Strategy    = "hudson.slaves.NodeProvisioner$StandardStrategyImpl"
	h24Provisioner = "hudson.slaves.NodeProvisioner"
	h24Listener    = "hudson.TcpSlaveAgentListener$ConnectionHandler"
	h24Receiver    = "jenkins.slaves.DefaultJnlpSlaveReceiver$1"
	h24Run         = "org.jenkinsci.plugins.workflow.job.WorkflowRun"
	h24Checks      = "io.jenkins.plugins.checks.github.GitHubChecksPublisher"
	h24Events      = "jenkins.branch.MultiBranchProject$SCMEventListenerImpl"
	h24Indexing    = "jenkins.branch.MultiBranchProject$BranchIndexing"
	h24AppCreds    = "org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials"
	h24Limiter     = "org.jenkinsci.plugins.github_branch_source.ApiRateLimitChecker$RateLimitCheckerBase"
	h24Periodic    = "hudson.model.AsyncPeriodicWork"
	h24Jenkins     = "jenkins.model.Jenkins"
	h24Reactor     = "jenkins.InitReactorRunner$1"
	h24Casc        = "io.jenkins.plugins.casc.impl.configurators.DataBoundConfigurator"
	h24Pinger      = "hudson.slaves.ChannelPinger$1"
)

// h24Abbrev shortens a class name as Jenkins' log formatter does: package names are cut
// to their first letter, from the left, until the name is about 32 characters.
func h24Abbrev(fqcn string) string {
	need := len(fqcn) - 32
	if need <= 0 {
		return fqcn
	}
	parts := strings.Split(fqcn, ".")
	for i := 0; i < len(parts)-1 && need > 0; i++ {
		need -= len(parts[i]) - 1
		parts[i] = parts[i][:1]
	}
	return strings.Join(parts, ".")
}

// h24Comma writes a count as Java's NumberFormat does (1,234).
func h24Comma(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type h24Template struct {
	image, cpu, mem, cpuLimit, memLimit string
}

var h24Templates = map[string]h24Template{
	"maven":       {"maven:3.9.8-eclipse-temurin-17", "2", "4Gi", "2500m", "5Gi"},
	"maven-jdk21": {"maven:3.9.8-eclipse-temurin-21", "2", "4Gi", "2500m", "5Gi"},
	"nodejs":      {"node:20.15.1-bookworm", "1", "2Gi", "1500m", "3Gi"},
	"golang":      {"golang:1.22.5-bookworm", "2", "3Gi", "2500m", "4Gi"},
	"python":      {"python:3.12.4-slim", "1", "2Gi", "1500m", "3Gi"},
	"kaniko":      {"gcr.io/kaniko-project/executor:v1.23.1-debug", "1", "2Gi", "2", "4Gi"},
	"android":     {"cimg/android:2024.07.1", "4", "8Gi", "4", "10Gi"},
	"terraform":   {"hashicorp/terraform:1.9.1", "500m", "512Mi", "1", "1Gi"},
	"helm":        {"alpine/helm:3.15.2", "250m", "256Mi", "500m", "512Mi"},
	"chrome":      {"selenium/standalone-chrome:126.0", "2", "4Gi", "2", "6Gi"},
}

// h24QueueLabels are the labels builds wait for, by how often.
var h24QueueLabels = []string{"maven", "maven", "maven", "maven", "nodejs", "nodejs", "kaniko", "kaniko", "golang", "python", "android", "chrome"}

type h24Repo struct {
	name   string
	label  string // the pod template its builds run on; "" for the static macOS agents
	image  bool   // its builds also build a container image (a kaniko pod)
	weight float64
	median time.Duration
}

var h24Repos = []h24Repo{
	{"payments-service", "maven", true, 1.6, 7 * time.Minute},
	{"checkout-web", "nodejs", true, 1.5, 4 * time.Minute},
	{"orders-api", "maven", true, 1.4, 6 * time.Minute},
	{"web-storefront", "nodejs", true, 1.4, 5 * time.Minute},
	{"mobile-bff", "nodejs", true, 1.2, 3 * time.Minute},
	{"inventory-service", "maven", true, 1.1, 6 * time.Minute},
	{"search-indexer", "golang", true, 1.0, 3 * time.Minute},
	{"pricing-engine", "maven", true, 1.0, 8 * time.Minute},
	{"catalog-api", "maven", true, 1.0, 5 * time.Minute},
	{"cart-service", "maven", true, 0.9, 5 * time.Minute},
	{"android-app", "android", false, 0.9, 12 * time.Minute},
	{"ios-app", "", false, 0.7, 15 * time.Minute},
	{"auth-service", "maven", true, 0.8, 6 * time.Minute},
	{"notification-worker", "golang", true, 0.8, 3 * time.Minute},
	{"shipping-gateway", "maven", true, 0.7, 5 * time.Minute},
	{"fraud-scoring", "python", true, 0.7, 6 * time.Minute},
	{"recommendation-api", "python", true, 0.7, 5 * time.Minute},
	{"user-profile", "maven", true, 0.7, 5 * time.Minute},
	{"billing-service", "maven", true, 0.6, 7 * time.Minute},
	{"design-system", "nodejs", false, 0.6, 4 * time.Minute},
	{"admin-console", "nodejs", true, 0.5, 4 * time.Minute},
	{"reporting-ui", "nodejs", true, 0.5, 4 * time.Minute},
	{"analytics-etl", "python", true, 0.5, 6 * time.Minute},
	{"data-pipeline", "python", true, 0.5, 7 * time.Minute},
	{"invoice-renderer", "maven", true, 0.4, 4 * time.Minute},
	{"tax-calculator", "maven", true, 0.4, 4 * time.Minute},
	{"loyalty-service", "maven", true, 0.4, 5 * time.Minute},
	{"partner-api", "maven", true, 0.4, 5 * time.Minute},
	{"reviews-api", "nodejs", true, 0.4, 3 * time.Minute},
	{"media-transcoder", "golang", true, 0.35, 4 * time.Minute},
	{"feature-flags", "golang", true, 0.35, 2 * time.Minute},
	{"config-service", "maven", true, 0.3, 4 * time.Minute},
	{"api-gateway", "maven", true, 0.3, 6 * time.Minute},
	{"ml-features", "python", true, 0.3, 8 * time.Minute},
	{"k8s-operators", "golang", true, 0.3, 4 * time.Minute},
	{"email-templates", "nodejs", false, 0.25, 2 * time.Minute},
	{"terraform-infra", "terraform", false, 0.5, 3 * time.Minute},
	{"helm-charts", "helm", false, 0.4, 90 * time.Second},
	{"e2e-tests", "chrome", false, 0.4, 11 * time.Minute},
	{"shared-libs", "maven", false, 0.3, 4 * time.Minute},
}

// h24Ledger is the repository created at 1:00 (the new project).
var h24Ledger = h24Repo{"ledger-reconciler", "maven", true, 0, 9 * time.Minute}

var h24Statics = []string{"static-mac-01", "static-mac-02"}

type h24Build struct {
	job       string // full name: acme/payments-service/main
	num       int
	labels    []string
	static    bool
	freestyle bool // a cron job: hudson.model.Run logs its result
	checks    bool // publishes GitHub checks
	dur       time.Duration
	fail      float64
	tr        truth
	inc       string        // the incident the whole build belongs to
	excess    int           // the excess workload when it asks for an agent (a burst), 0 for usual
	wait      time.Duration // how long it waits for the cloud's capacity (a burst)
}

type h24Pod struct {
	name, ip string
	port     int
	casc     bool // launched from the template the configuration reload changed
	created  time.Time
}

// h24Cap is the kubernetes cloud's container cap.
const h24Cap = 800

// h24Slot is the capacity accounting's time step.
const h24Slot = 5 * time.Second

type h24Missed struct{ repo, branch, head string }

type h24Log struct {
	g *gen
	j *journal

	start, end                       time.Time
	restart, project, release, casc  change
	quietAt, downA, jvm2, upA        time.Time
	quotaAt, quotaFixed              time.Time
	diskAt, fullAt, freedAt          time.Time
	credAt, credFixed                time.Time
	oomAt, thrashAt, termAt, crashAt time.Time // termAt: the liveness probe's SIGTERM
	jvm3, oomUp                      time.Time

	nums      map[string]int
	sources   map[string]string
	tmplIDs   map[string]string
	prBase    map[string]int
	paused    []string // pipelines the safe restart paused, as FlowExecutionList names them
	crashed   []string // pipelines running when the controller was killed
	missed    []h24Missed
	spans     [][2]time.Time // every agent pod's life, for the container cap
	computers int            // agents connected at the start of the file
	booting   bool           // writing a shutdown or a start-up, the only lines while Jenkins is down
	jnlp      int            // connections the listener had accepted before the start
}

func holdout24Lines(seed int64) []Line {
	start := time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)
	m := func(min float64) time.Time { return start.Add(time.Duration(min * float64(time.Minute))) }
	w := &h24Log{
		g:          newGen(seed, 2424),
		j:          &journal{},
		start:      start,
		end:        start.Add(Length),
		restart:    change{"plugin updates and a safe restart of the controller", m(20)},
		project:    change{"new multibranch project ledger-reconciler: 30 branches indexed and built", m(60)},
		release:    change{"release day: three times the build volume for an hour", m(95)},
		casc:       change{"configuration-as-code reload: maven pod template moved to JDK 21", m(160)},
		quietAt:    m(21.7),
		downA:      m(23.1),
		jvm2:       m(23.25),
		upA:        m(24.4),
		quotaAt:    m(38),
		quotaFixed: m(51.5),
		diskAt:     m(72),
		fullAt:     m(74),
		freedAt:    m(83.5),
		credAt:     m(122),
		credFixed:  m(134),
		oomAt:      m(165),
		thrashAt:   m(168),
		termAt:     m(170.7),
		crashAt:    m(171.2),
		jvm3:       m(171.75),
		oomUp:      m(172.9),
		nums:       map[string]int{},
		sources:    map[string]string{},
		tmplIDs:    map[string]string{},
		prBase:     map[string]int{},
	}
	g := w.g
	w.jnlp = g.between(30000, 60000)
	for i, r := range append(append([]h24Repo{}, h24Repos...), h24Ledger) {
		w.sources[r.name] = g.uuid()
		w.prBase[r.name] = 150 + (i*577)%2900
	}
	for _, t := range []string{"maven", "maven-jdk21", "nodejs", "golang", "python", "kaniko", "android", "terraform", "helm", "chrome"} {
		w.tmplIDs[t] = g.hex(64)
	}

	// Builds, from before the start so that the file opens on a busy controller.
	warm := start.Add(-45 * time.Minute)
	g.arrivals(warm, w.end, w.pushRate, w.push)
	g.arrivals(warm, w.end, func(t time.Time) float64 {
		if within(t, w.credAt, w.credFixed.Sub(w.credAt)) {
			return 0.05 // developers pressing "Build Now" on their failing branches
		}
		return 0.012
	}, w.manual)
	w.cron("qa/e2e-smoke", "chrome", 10*time.Minute, 3*time.Minute, 5*time.Minute, 0.14)
	w.cron("qa/contract-tests", "maven", 15*time.Minute, 7*time.Minute, 4*time.Minute, 0.03)
	w.cron("ops/registry-gc", "python", 30*time.Minute, 11*time.Minute, 2*time.Minute, 0.01)
	w.newProject()
	g.arrivals(w.project.start.Add(20*time.Minute), w.end, func(time.Time) float64 { return 0.02 }, w.ledgerPush)
	g.arrivals(w.release.start, w.end, func(t time.Time) float64 { return 0.012 * w.releaseExtra(t) }, w.deploy)

	// The incidents' own lines; their effect on builds is in run.
	w.quotaRefusals()
	w.diskFull()
	w.credRecovery()
	w.outOfMemory()

	// Background.
	w.indexing()
	w.housekeeping()
	w.routineWarnings()
	w.gc(routine, routine, w.start, w.downA.Add(2500*time.Millisecond), g.between(9000, 11000), 1100, false)
	w.gc(w.restart.truth(), routine, w.jvm2, w.crashAt, 0, 60, true)
	w.gc(incident(h24OOM), routine, w.jvm3, w.end, 0, 60, true)

	w.restartLines()
	w.cascReload()

	lines := w.j.sorted(w.end)
	w.number(lines)
	return lines
}

// number fills in the counters a file shows in order: the JNLP listener's connection
// count (from 1 again after a restart) and the computers Jenkins has.
func (w *h24Log) number(lines []Line) {
	jnlp, computers := w.jnlp, len(h24Statics)+w.computers
	for i := range lines {
		s := lines[i].Text
		switch {
		case strings.Contains(s, "JNLP agent listener started"):
			jnlp = 0
		case strings.Contains(s, "#{jnlp}"):
			jnlp++
			lines[i].Text = strings.Replace(s, "#{jnlp}", "#"+strconv.Itoa(jnlp), 1)
		case strings.Contains(s, "{computers}"):
			computers++
			lines[i].Text = strings.Replace(s, "{computers}", strconv.Itoa(computers), 1)
		case strings.Contains(s, "#_terminate: Disconnected computer "):
			computers--
		}
	}
}

// ---- time and threads

func (w *h24Log) ms(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo, hi)) * time.Millisecond
}

func (w *h24Log) secs(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo*1000, hi*1000)) * time.Millisecond
}

func (w *h24Log) around(median time.Duration, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(float64(median), sigma))
}

// serving is whether Jenkins answers: not while it restarts or after it was killed.
func (w *h24Log) serving(t time.Time) bool {
	return !within(t, w.downA, w.upA.Sub(w.downA)) && !within(t, w.termAt, w.oomUp.Sub(w.termAt))
}

// down is whether no Jenkins record can be written then: between the end of the shutdown
// and "fully up", and from the kill to "fully up" again.
func (w *h24Log) down(t time.Time) bool {
	return within(t, w.downA.Add(2500*time.Millisecond), w.upA.Sub(w.downA.Add(2500*time.Millisecond))) || within(t, w.termAt.Add(time.Second), w.oomUp.Sub(w.termAt.Add(time.Second)))
}

func (w *h24Log) jvmStart(t time.Time) time.Time {
	switch {
	case !t.Before(w.jvm3):
		return w.jvm3
	case !t.Before(w.jvm2):
		return w.jvm2
	}
	return w.start.Add(-71*time.Hour - 12*time.Minute)
}

// tid is the id of a thread created about then: ids grow as threads come and go.
func (w *h24Log) tid(t time.Time) int {
	return 60 + int(t.Sub(w.jvmStart(t)).Seconds()*1.7) + w.g.intn(40)
}

// poolID is a thread of a pool that has lived a while (Jetty's, the remoting pool).
func (w *h24Log) poolID(t time.Time) int {
	id := w.tid(t) - 300 - w.g.intn(6000)
	if id < 70 {
		id = 70 + w.g.intn(60)
	}
	return id
}

// timerID is one of jenkins.util.Timer's threads, created at start-up.
func (w *h24Log) timerID() int { return 31 + w.g.intn(10) }

func (w *h24Log) remoting(t time.Time) int {
	return 1 + int(t.Sub(w.jvmStart(t)).Seconds()*0.3) + w.g.intn(25)
}

// ---- writing

// log writes one record (and its stack trace) as Jenkins' formatter does.
func (w *h24Log) log(tr truth, at time.Time, id int, level, class, method, msg string, trace ...string) {
	if at.Before(w.start) || !w.booting && w.down(at) {
		return
	}
	text := at.Format("2006-01-02 15:04:05.000-0700") + " [id=" + strconv.Itoa(id) + "]\t" + level + "\t" + h24Abbrev(class) + "#" + method + ": " + msg
	w.j.add(tr, at, append([]string{text}, trace...)...)
}

func h24Mark(tr truth, inc string) truth {
	if inc != "" {
		return incident(inc)
	}
	return tr
}

// ---- traffic

func (w *h24Log) releaseExtra(t time.Time) float64 {
	return 2 * (rampUp(t, w.release.start, 10*time.Minute) - rampUp(t, w.release.start.Add(50*time.Minute), 10*time.Minute))
}

func (w *h24Log) pushRate(t time.Time) float64 {
	return h24PushRate * (0.9 + 0.2*rampUp(t, w.start, 90*time.Minute)) * (1 + w.releaseExtra(t))
}

// load is the build load against a usual morning's, which paces allocation and API use.
func (w *h24Log) load(t time.Time) float64 { return w.pushRate(t) / h24PushRate }

func (w *h24Log) pickRepo() h24Repo {
	i := w.g.weighted(len(h24Repos), func(i int) float64 { return h24Repos[i].weight })
	return h24Repos[max(0, i)]
}

// pickBranch returns the branch job's name, the head as GitHub names it, and the event.
func (w *h24Log) pickBranch(r h24Repo) (string, string, string) {
	g := w.g
	switch u := g.rng.Float64(); {
	case u < 0.24:
		return "main", "main", "PushEvent"
	case u < 0.31:
		return "develop", "develop", "PushEvent"
	case u < 0.84:
		pr := "PR-" + strconv.Itoa(w.prBase[r.name]+g.intn(45))
		return pr, pr, "PullRequestEvent"
	}
	ticket := strings.ToUpper(r.name[:3]) + "-" + strconv.Itoa(g.between(100, 999))
	return "feature%2F" + ticket, "feature/" + ticket, "PushEvent"
}

func (w *h24Log) newBuild(r h24Repo, branch string, tr truth) *h24Build {
	g := w.g
	job := "acme/" + r.name + "/" + branch
	if _, ok := w.nums[job]; !ok {
		switch {
		case r.name == h24Ledger.name, strings.HasPrefix(branch, "release"):
			w.nums[job] = 0 // a new project's or a new release branch's first build
		case branch == "main":
			w.nums[job] = g.between(400, 4500)
		case branch == "develop":
			w.nums[job] = g.between(100, 1200)
		case strings.HasPrefix(branch, "PR-"):
			w.nums[job] = g.intn(6)
		default:
			w.nums[job] = g.intn(10)
		}
	}
	w.nums[job]++
	b := &h24Build{job: job, num: w.nums[job], checks: true, tr: tr, fail: 0.045}
	median := r.median
	if strings.HasPrefix(branch, "PR-") {
		median = median * 85 / 100
	}
	b.dur = w.around(median, 0.45)
	if r.name == "e2e-tests" {
		b.fail = 0.14
	}
	if r.label == "" {
		b.static = true
		return b
	}
	b.labels = []string{r.label}
	imageChance := 0.25
	if branch == "main" || strings.HasPrefix(branch, "release") {
		imageChance = 0.6
	}
	if r.image && g.chance(imageChance) {
		b.labels = append(b.labels, "kaniko")
	}
	if g.chance(0.12) { // tests split over two pods
		b.labels = append(b.labels, r.label)
	}
	return b
}

// push is a webhook from GitHub and the build it schedules.
func (w *h24Log) push(t time.Time) {
	if !w.serving(t) {
		return // GitHub's delivery fails; nobody redelivers it
	}
	g := w.g
	tr := routine
	if extra := w.releaseExtra(t); extra > 0 && g.chance(extra/(1+extra)) {
		tr = w.release.truth()
	}
	r := w.pickRepo()
	branch, head, event := w.pickBranch(r)
	if tr.change != "" && r.label != "" && g.chance(0.4) {
		branch, head, event = "release%2F2024.27", "release/2024.27", "PushEvent"
	}
	w.webhook(tr, t, r, branch, head, event)
}

// ledgerPush is the new project's everyday traffic, the change's for its first hour.
func (w *h24Log) ledgerPush(t time.Time) {
	if !w.serving(t) {
		return
	}
	tr := routine
	if t.Before(w.project.start.Add(time.Hour)) {
		tr = w.project.truth()
	}
	branch, head, event := w.pickBranch(h24Ledger)
	w.webhook(tr, t, h24Ledger, branch, head, event)
}

func (w *h24Log) webhook(tr truth, t time.Time, r h24Repo, branch, head, event string) {
	g := w.g
	if within(t, w.thrashAt.Add(time.Minute), w.termAt.Sub(w.thrashAt.Add(time.Minute))) && g.chance(0.3) {
		w.log(incident(h24OOM), t, w.poolID(t), "WARNING", "org.eclipse.jetty.server.HttpChannel", "handleException", "/github-webhook/", h24OOMWebhook...)
		return
	}
	subscriber := "org.jenkinsci.plugins.github_branch_source.PushGHEventSubscriber"
	if event == "PullRequestEvent" {
		subscriber = "org.jenkinsci.plugins.github_branch_source.PullRequestGHEventSubscriber"
	}
	ip := "140.82.115." + strconv.Itoa(g.between(2, 254))
	w.log(tr, t, w.poolID(t), "INFO", subscriber, "onEvent", "Received "+event+" for https://github.com/acme/"+r.name+" from "+ip+" ⇒ "+h24Hook)
	at := t.Add(w.ms(20, 400))
	if within(at, w.credAt, w.credFixed.Sub(w.credAt)) {
		ci := incident(h24Cred)
		id := w.tid(at)
		w.log(ci, at, id, "WARNING", h24AppCreds, "generateAppInstallationToken", "Failed to retrieve GitHub App installation token for app ID "+h24AppID, h24CredTrace(h24EventTail)...)
		w.log(ci, at.Add(w.ms(1, 15)), id, "WARNING", h24Events, "processHeadUpdate", "acme/"+r.name+": Could not fetch branches from source "+w.sources[r.name]+": java.lang.IllegalArgumentException: Couldn't authenticate with GitHub app ID "+h24AppID)
		w.missed = append(w.missed, h24Missed{r.name, branch, head})
		return
	}
	id := w.tid(at)
	w.log(tr, at, id, "INFO", h24Events, "processHeadUpdate", "acme/"+r.name+": Changes detected: "+head+" ("+g.hex(40)+" → "+g.hex(40)+")")
	at = at.Add(w.ms(1, 25))
	w.log(tr, at, id, "INFO", h24Events, "processHeadUpdate", "acme/"+r.name+": Scheduled build for branch: "+branch)
	w.run(w.newBuild(r, branch, tr), at)
}

// manual is someone pressing "Build Now" on a branch.
func (w *h24Log) manual(t time.Time) {
	if !w.serving(t) {
		return
	}
	r := w.pickRepo()
	branch := "main"
	if w.g.chance(0.5) {
		branch, _, _ = w.pickBranch(r)
	}
	w.run(w.newBuild(r, branch, routine), t)
}

// cron is a freestyle job on a timer.
func (w *h24Log) cron(job, label string, period, offset, median time.Duration, fail float64) {
	num := w.g.between(2000, 9000)
	w.g.every(w.start.Add(offset-4*period), w.end, period, 3*time.Second, func(t time.Time) {
		if !w.serving(t) {
			return
		}
		num++
		w.run(&h24Build{job: job, num: num, labels: []string{label}, freestyle: true, dur: w.around(median, 0.3), fail: fail, tr: routine}, t)
	})
}

// deploy is a release day's deployment pipeline.
func (w *h24Log) deploy(t time.Time) {
	if !w.serving(t) {
		return
	}
	r := w.pickRepo()
	if r.label == "" {
		return
	}
	job := "acme-deploy/" + r.name + "-production"
	if _, ok := w.nums[job]; !ok {
		w.nums[job] = w.g.between(100, 900)
	}
	w.nums[job]++
	w.run(&h24Build{job: job, num: w.nums[job], labels: []string{"helm"}, dur: w.around(3*time.Minute, 0.4), fail: 0.02, tr: w.release.truth()}, t)
}

func (w *h24Log) owner(b *h24Build) string {
	n := strconv.Itoa(b.num)
	return "org.jenkinsci.plugins.workflow.cps.CpsFlowExecution[Owner[" + b.job + "/" + n + ":" + b.job + " #" + n + "]]"
}

func (w *h24Log) finish(tr truth, at time.Time, b *h24Build, result string) {
	if b.freestyle {
		w.log(tr, at, w.tid(at), "INFO", "hudson.model.Run", "execute", fmt.Sprintf("%s #%d main build action completed: %s", b.job, b.num, result))
		return
	}
	w.log(tr, at, w.tid(at), "INFO", h24Run, "finish", fmt.Sprintf("%s #%d completed: %s", b.job, b.num, result))
}

// check publishes the build's GitHub check, or fails to while the key is revoked.
func (w *h24Log) check(tr truth, at time.Time, b *h24Build) {
	if !b.checks {
		return
	}
	if within(at, w.credAt, w.credFixed.Sub(w.credAt)) {
		w.log(incident(h24Cred), at, w.tid(at), "WARNING", h24Checks, "publish", "Failed Publishing GitHub checks: java.lang.IllegalArgumentException: Couldn't authenticate with GitHub app ID "+h24AppID, h24ChecksTrace...)
		return
	}
	w.log(tr, at, w.tid(at), "INFO", h24Checks, "publish", "GitHub check (name: Jenkins, external_id: "+w.g.uuid()+") has been published.")
}

// run is a build from the moment it is scheduled: its agents, its end and its agents'
// end, as the incidents and changes of the moment shape them.
func (w *h24Log) run(b *h24Build, sched time.Time) {
	g := w.g
	tr, inc := b.tr, b.inc
	start := sched.Add(w.ms(150, 1200))
	switch {
	case within(start, w.quietAt, w.upA.Sub(w.quietAt)):
		// quieting down: nothing starts until the restart is over
		start = w.upA.Add(w.secs(2, 70))
		tr = later(tr, w.restart.truth())
	case within(start, w.thrashAt, w.oomUp.Sub(w.thrashAt)):
		start = w.oomUp.Add(w.secs(10, 140))
		inc = h24OOM
	}
	// The disk is full: the new build's record cannot be written.
	if within(start, w.fullAt, w.freedAt.Sub(w.fullAt)) && g.chance(0.8) {
		di := incident(h24Disk)
		w.log(di, start, w.tid(start), "SEVERE", "hudson.model.Executor", "finish1", "Executor threw an exception", h24CreateTrace(b, true)...)
		at := start.Add(w.ms(40, 400))
		w.finish(di, at, b, "FAILURE")
		w.check(di, at.Add(w.ms(30, 300)), b)
		return
	}
	// The key is revoked: the Jenkinsfile cannot be read from GitHub.
	if !b.freestyle && b.checks && within(start, w.credAt, w.credFixed.Sub(w.credAt)) {
		ci := incident(h24Cred)
		w.log(ci, start, w.tid(start), "WARNING", h24AppCreds, "generateAppInstallationToken", "Failed to retrieve GitHub App installation token for app ID "+h24AppID, h24CredTrace(h24BinderTail)...)
		at := start.Add(w.ms(100, 900))
		w.finish(ci, at, b, "FAILURE")
		w.check(ci, at.Add(w.ms(30, 300)), b)
		return
	}
	w.check(h24Mark(tr, inc), start.Add(w.ms(100, 900)), b)

	tp := start.Add(w.around(2500*time.Millisecond, 0.5) + b.wait)
	if b.static {
		tp = start.Add(w.ms(300, 2000))
	}
	if within(tp, w.quietAt, w.upA.Sub(w.quietAt)) {
		tp = w.upA.Add(w.secs(3, 90))
		tr = later(tr, w.restart.truth())
	}
	excess := 1
	if g.chance(0.2) {
		excess += g.intn(3)
	}
	if b.excess > 0 {
		excess = b.excess
	}
	if !b.static && within(tp, w.quotaAt, w.quotaFixed.Sub(w.quotaAt)) {
		inc = h24Quota
		qi := incident(h24Quota)
		if w.quotaFixed.Sub(start) > 10*time.Minute && g.chance(0.75) {
			// the pipeline's timeout gives up on waiting for an agent
			at := start.Add(10*time.Minute + w.ms(5, 900))
			w.finish(qi, at, b, "ABORTED")
			w.check(qi, at.Add(w.ms(30, 300)), b)
			return
		}
		tp = w.quotaFixed.Add(w.around(25*time.Second, 0.7))
		excess = max(1, 45-int(tp.Sub(w.quotaFixed).Seconds()/2)) + g.intn(4)
	}
	if within(tp, w.thrashAt, w.oomUp.Sub(w.thrashAt)) {
		inc = h24OOM
		tp = w.oomUp.Add(w.around(40*time.Second, 0.6))
		excess = max(1, 30-int(tp.Sub(w.oomUp).Seconds()/3)) + g.intn(4)
	}
	var pods []h24Pod
	begin := tp
	for i, l := range b.labels {
		p, connected := w.provision(h24Mark(tr, inc), tp.Add(time.Duration(i)*w.ms(15, 200)), l, excess)
		pods = append(pods, p)
		if connected.After(begin) {
			begin = connected
		}
	}
	end := begin.Add(b.dur)
	result := "SUCCESS"
	switch u := g.rng.Float64(); {
	case u < b.fail:
		result = "FAILURE"
	case u < b.fail+0.015 && !b.freestyle:
		result = "UNSTABLE"
	case u < b.fail+0.03:
		result = "ABORTED" // superseded by a newer commit
	}
	podInc, finInc := inc, ""
	if within(begin, w.credAt, w.credFixed.Sub(w.credAt)) {
		// checkout on the agent asks for a token and gets none
		podInc, finInc, result = h24Cred, h24Cred, "FAILURE"
		at := begin.Add(w.ms(500, 3000))
		w.log(incident(h24Cred), at, w.tid(at), "WARNING", h24AppCreds, "generateAppInstallationToken", "Failed to retrieve GitHub App installation token for app ID "+h24AppID, h24CredTrace(h24CheckoutTail)...)
		end = at.Add(w.around(4*time.Second, 0.4))
	}
	// Safe restart: running pipelines pause, their agents reconnect after it.
	if tp.Before(w.quietAt) && end.After(w.quietAt) {
		tr = later(tr, w.restart.truth())
		rt := h24Mark(tr, inc)
		if !b.freestyle {
			w.paused = append(w.paused, w.owner(b))
		}
		for i := range pods {
			at := w.downA.Add(w.ms(300, 1500))
			w.log(rt, at, w.poolID(at), "INFO", h24Receiver, "onClosed", w.closed(pods[i], at), h24ClosedTrace...)
			pods[i].port = g.between(32768, 60999)
			re := w.upA.Add(w.secs(2, 45))
			w.log(rt, re, w.tid(re), "INFO", h24Listener, "run", "Accepted JNLP4-connect connection #{jnlp} from /"+pods[i].ip+":"+strconv.Itoa(pods[i].port))
		}
		end = end.Add(w.upA.Sub(w.quietAt) + w.secs(10, 60))
	}
	// The controller thrashing, then killed: the build cannot finish; agents whose pings
	// timed out are lost, the others reconnect when it is back.
	if begin.Before(w.termAt) && end.After(w.thrashAt.Add(time.Minute)) {
		inc, podInc = h24OOM, h24OOM
		oi := incident(h24OOM)
		if !b.freestyle {
			w.crashed = append(w.crashed, w.owner(b))
		}
		if len(pods) > 0 && g.chance(0.4) {
			for _, p := range pods {
				at := w.termAt.Add(-w.secs(5, 130))
				if at.Before(begin) {
					at = begin.Add(w.secs(1, 5))
				}
				w.log(oi, at, w.tid(at), "WARNING", h24Pinger, "onDead", "Ping failed. Terminating the channel "+p.name+".", h24PingTrace(at)...)
				c := at.Add(w.ms(20, 400))
				w.log(oi, c, w.poolID(c), "INFO", h24Receiver, "onClosed", w.closed(p, c), h24ClosedTrace...)
			}
			at := w.oomUp.Add(w.secs(15, 90))
			for _, p := range pods {
				w.log(oi, at, w.tid(at), "WARNING", "org.jenkinsci.plugins.workflow.support.steps.ExecutorStepDynamicContext", "resume", fmt.Sprintf("%s #%d: agent %s was deleted; cancelling node body", b.job, b.num, p.name))
				at = at.Add(w.ms(5, 80))
			}
			w.finish(oi, at, b, "FAILURE")
			w.check(oi, at.Add(w.ms(30, 300)), b)
			for _, p := range pods {
				p.ip = "" // its channel is already closed
				w.terminate(oi, at.Add(w.ms(200, 1500)), p, true)
			}
			return
		}
		for i := range pods {
			pods[i].port = g.between(32768, 60999)
			re := w.oomUp.Add(w.secs(2, 40))
			w.log(oi, re, w.tid(re), "INFO", h24Listener, "run", "Accepted JNLP4-connect connection #{jnlp} from /"+pods[i].ip+":"+strconv.Itoa(pods[i].port))
		}
		if end.Before(w.oomUp.Add(30 * time.Second)) {
			end = w.oomUp.Add(w.secs(30, 150))
		}
	}
	if within(end, w.fullAt, w.freedAt.Sub(w.fullAt)) {
		finInc, result = h24Disk, "FAILURE"
		switch {
		case b.freestyle:
			w.log(incident(h24Disk), end, w.tid(end), "SEVERE", "hudson.model.Run", "execute", "Failed to save build record", h24CreateTrace(b, false)...)
			end = end.Add(w.ms(1, 20))
		case g.chance(0.65):
			w.log(incident(h24Disk), end, w.tid(end), "WARNING", h24Run, "finish", fmt.Sprintf("failed to save %s #%d", b.job, b.num), h24CreateTrace(b, false)...)
			end = end.Add(w.ms(1, 20))
		}
	}
	ftr := h24Mark(tr, inc)
	if finInc != "" {
		ftr = incident(finInc)
	}
	w.finish(ftr, end, b, result)
	w.check(ftr, end.Add(w.ms(30, 400)), b)
	ttr := h24Mark(tr, podInc)
	for _, p := range pods {
		ptr := ttr
		if p.casc && ptr.incident == "" {
			ptr = later(ptr, w.casc.truth())
		}
		w.terminate(ptr, end.Add(w.ms(200, 1800)), p, true)
	}
}

// ---- agents

func (w *h24Log) templateDesc(tmpl, label string) string {
	t := h24Templates[tmpl]
	return "PodTemplate{id='" + w.tmplIDs[tmpl] + "', inheritFrom='base', name='" + tmpl + "', namespace='jenkins', slaveConnectTimeout=100, label='" + label +
		"', serviceAccount='jenkins-agent', nodeSelector='workload=ci', nodeUsageMode=EXCLUSIVE, podRetention='Never', containers=[ContainerTemplate{name='" + label +
		"', image='" + t.image + "', command='sleep', args='infinity', resourceRequestCpu='" + t.cpu + "', resourceRequestMemory='" + t.mem +
		"', resourceLimitCpu='" + t.cpuLimit + "', resourceLimitMemory='" + t.memLimit + "'}]}"
}

// provision launches one agent pod for a label: the provisioner's lines, the pod created
// and running, the agent connecting. It returns the pod and when its agent connected.
func (w *h24Log) provision(tr truth, at time.Time, label string, excess int) (h24Pod, time.Time) {
	g := w.g
	tmpl, p := label, h24Pod{}
	if label == "maven" && !at.Before(w.casc.start) {
		tmpl, p.casc = "maven-jdk21", true
		if tr.incident == "" {
			tr = later(tr, w.casc.truth())
		}
	}
	timer := w.timerID()
	w.log(tr, at, timer, "INFO", h24Cloud, "provision", "Excess workload after pending Kubernetes agents: "+strconv.Itoa(excess))
	w.log(tr, at, timer, "INFO", h24Cloud, "provision", "Template for label \""+label+"\": "+tmpl)
	for {
		p.name = tmpl + "-" + g.alnum(5)
		at = at.Add(w.ms(1, 6))
		w.log(tr, at, timer, "INFO", h24Strategy, "apply", fmt.Sprintf("Started provisioning %s from kubernetes with 1 executors. Remaining excess workload: %d", tmpl, excess-1))
		at = at.Add(w.ms(5, 40))
		w.log(tr, at, timer, "INFO", h24Provisioner, "update", p.name+" provisioning successfully completed. We have now {computers} computer(s)")
		if at.Before(w.start) {
			w.computers++
		}
		launcher := w.poolID(at)
		at = at.Add(w.ms(60, 400))
		w.log(tr, at, launcher, "INFO", h24Launcher, "launch", "Created Pod: kubernetes jenkins/"+p.name)
		running := at.Add(w.around(4500*time.Millisecond, 0.35))
		if g.chance(0.025) {
			// no node has room for it until the cluster autoscaler adds one
			wait := w.around(75*time.Second, 0.4)
			for s := 10; time.Duration(s)*time.Second < wait; s += 10 {
				w.log(tr, at.Add(time.Duration(s)*time.Second), launcher, "INFO", h24Launcher, "launch", fmt.Sprintf("Waiting for Pod to be scheduled (%d/600): %s", s, p.name))
			}
			running = at.Add(wait + w.around(4*time.Second, 0.3))
		}
		if g.chance(0.004) {
			// the agent container exits on start; the provisioner tries again
			fail := running.Add(w.around(3*time.Second, 0.4))
			w.log(tr, fail, launcher, "WARNING", h24Launcher, "launch", "Error in provisioning; agent=KubernetesSlave name: "+p.name+", template="+w.templateDesc(tmpl, label), h24ExitTrace...)
			w.terminate(tr, fail.Add(w.ms(20, 300)), h24Pod{name: p.name}, true)
			at = fail.Add(w.secs(8, 15))
			continue
		}
		w.log(tr, running, launcher, "INFO", h24Launcher, "launch", "Pod is running: kubernetes jenkins/"+p.name)
		p.created = at
		p.ip = fmt.Sprintf("10.%d.%d.%d", 40+g.intn(8), g.intn(256), g.between(2, 254))
		p.port = g.between(32768, 60999)
		connected := running.Add(w.around(1600*time.Millisecond, 0.3))
		w.log(tr, connected, w.tid(connected), "INFO", h24Listener, "run", "Accepted JNLP4-connect connection #{jnlp} from /"+p.ip+":"+strconv.Itoa(p.port))
		return p, connected
	}
}

func (w *h24Log) closed(p h24Pod, at time.Time) string {
	return "IOHub#1: Worker[channel:java.nio.channels.SocketChannel[connected local=/" + h24Local + ":50000 remote=" + p.ip + "/" + p.ip + ":" + strconv.Itoa(p.port) +
		"]] / Computer.threadPoolForRemoting [#" + strconv.Itoa(w.remoting(at)) + "] for " + p.name + " terminated: java.nio.channels.ClosedChannelException"
}

// terminate deletes an agent's pod once its build is done (or its launch failed).
func (w *h24Log) terminate(tr truth, at time.Time, p h24Pod, exists bool) {
	id := w.poolID(at)
	w.log(tr, at, id, "INFO", h24Slave, "_terminate", "Terminating Kubernetes instance for agent "+p.name)
	if p.ip != "" {
		c := at.Add(w.ms(10, 150))
		w.log(tr, c, w.poolID(c), "INFO", h24Receiver, "onClosed", w.closed(p, c), h24ClosedTrace...)
	}
	d := at.Add(w.ms(160, 500))
	if exists {
		w.log(tr, d, id, "INFO", h24Slave, "deleteSlavePod", "Terminated Kubernetes instance for agent jenkins/"+p.name)
	} else {
		w.log(tr, d, id, "WARNING", h24Slave, "deleteSlavePod", "Failed to delete pod for agent jenkins/"+p.name+": not found")
	}
	d = d.Add(w.ms(2, 20))
	w.log(tr, d, id, "INFO", h24Slave, "_terminate", "Disconnected computer "+p.name)
	if !p.created.IsZero() {
		w.spans = append(w.spans, [2]time.Time{p.created, d})
	}
	if d.Before(w.start) {
		w.computers--
	}
}

// ---- changes

// newProject is a repository created in the organisation: the organisation folder
// makes its project, which indexes 30 branches and builds every one of them.
func (w *h24Log) newProject() {
	g := w.g
	tr := w.project.truth()
	r := h24Ledger
	t := w.project.start
	ip := "140.82.115." + strconv.Itoa(g.between(2, 254))
	w.log(tr, t, w.poolID(t), "INFO", "org.jenkinsci.plugins.github_branch_source.GitHubRepositoryEventSubscriber", "onEvent", "Received RepositoryEvent for https://github.com/acme/"+r.name+" from "+ip+" ⇒ "+h24Hook)
	t = t.Add(w.ms(100, 400))
	id := w.tid(t)
	w.log(tr, t, id, "INFO", "jenkins.branch.OrganizationFolder$SCMEventListenerImpl", "onSCMSourceEvent", "acme: Received CREATED event for repository "+r.name+"; created project acme/"+r.name)
	t = t.Add(w.ms(20, 200))
	w.log(tr, t, id, "INFO", "jenkins.branch.MultiBranchProject", "scheduleBuild", "acme/"+r.name+": Scheduled indexing (reason: project created)")
	t = t.Add(w.secs(2, 6))
	began := t
	id = w.tid(t)
	w.log(tr, t, id, "INFO", h24Indexing, "run", "acme/"+r.name+": Starting branch indexing...")
	type head struct{ job, name string }
	heads := []head{{"main", "main"}, {"develop", "develop"}, {"release%2F2024.26", "release/2024.26"}}
	for i := 0; i < 18; i++ {
		n := "LED-" + strconv.Itoa(101+i*7+g.intn(7))
		heads = append(heads, head{"feature%2F" + n, "feature/" + n})
	}
	for i := 0; i < 9; i++ {
		pr := "PR-" + strconv.Itoa(1+i*2+g.intn(2))
		heads = append(heads, head{pr, pr})
	}
	for i, h := range heads {
		t = t.Add(w.around(900*time.Millisecond, 0.4))
		w.log(tr, t, id, "INFO", h24Indexing, "observe", "acme/"+r.name+": New branch detected: "+h.name+" ("+g.hex(40)+"); Scheduled build for branch: "+h.job)
		b := w.newBuild(r, h.job, tr)
		b.dur = w.around(11*time.Minute, 0.35) // nothing cached yet
		b.excess = len(heads) - i + g.intn(5)
		w.run(b, t)
	}
	t = t.Add(w.ms(300, 1200))
	w.log(tr, t, id, "INFO", h24Indexing, "run", fmt.Sprintf("acme/%s: Finished branch indexing. Indexing took %.1f sec", r.name, t.Sub(began).Seconds()))
	w.apiUsage(tr, t.Add(w.ms(5, 50)))
}

// restartLines are the plugin updates, the quiet-down and the restart.
func (w *h24Log) restartLines() {
	tr := w.restart.truth()
	t := w.restart.start
	id := w.poolID(t)
	for _, p := range []string{"kubernetes", "kubernetes-client-api", "git", "github-branch-source", "workflow-cps", "configuration-as-code"} {
		w.log(tr, t, id, "INFO", "hudson.model.UpdateCenter$DownloadJob", "run", "Starting the installation of "+p+" on behalf of admin")
		t = t.Add(w.around(6*time.Second, 0.4))
		w.log(tr, t, id, "INFO", "hudson.model.UpdateCenter$DownloadJob", "run", "Installation successful: "+p)
		t = t.Add(w.ms(50, 400))
	}
	w.log(tr, w.quietAt, w.poolID(w.quietAt), "INFO", h24Jenkins, "doSafeRestart", "Safe restart requested by admin; quieting down, running pipelines will pause")
	at := w.downA.Add(-10 * time.Second)
	id = w.tid(at)
	w.log(tr, at, id, "INFO", "jenkins.model.Jenkins$22", "run", "Restart in 10 seconds")
	w.log(tr, w.downA, id, "INFO", "jenkins.model.Jenkins$22", "run", "Restarting VM as requested by admin")
	steps := []struct{ class, method, msg string }{
		{h24Jenkins, "cleanUp", "Stopping Jenkins"},
		{"jenkins.model.Jenkins$16", "onAttained", "Started termination"},
		{"jenkins.model.Jenkins$16", "onAttained", "Completed termination"},
		{h24Jenkins, "_cleanUpDisconnectComputers", "Starting node disconnection"},
		{h24Jenkins, "_cleanUpShutdownPluginManager", "Stopping plugin manager"},
		{h24Jenkins, "_cleanUpPersistQueue", "Persisting build queue"},
		{h24Jenkins, "_cleanUpAwaitDisconnects", "Waiting for node disconnection completion"},
		{h24Jenkins, "cleanUp", "Jenkins stopped"},
	}
	at = w.downA.Add(w.ms(5, 30))
	for i, s := range steps {
		w.log(tr, at, id, "INFO", s.class, s.method, s.msg)
		if i == 3 {
			at = at.Add(w.ms(1600, 1900)) // the agents' channels close
		} else {
			at = at.Add(w.ms(5, 60))
		}
	}
	w.startup(tr, w.jvm2, w.upA, w.paused)
	w.downloadMetadata(tr, w.upA.Add(w.secs(3, 12)))
}

// startup is Jenkins starting in a new JVM, from the war's extraction to "fully up".
func (w *h24Log) startup(tr truth, jvm, up time.Time, resumed []string) {
	g := w.g
	w.booting = true
	defer func() { w.booting = false }()
	span := up.Sub(jvm)
	type step struct {
		f                    float64
		id                   int
		level, class, method string
		msg                  string
	}
	reactor := func(f float64, id int, msg string) step {
		return step{f, id, "INFO", h24Reactor, "onAttained", msg}
	}
	steps := []step{
		{0.02, 1, "INFO", "winstone.Logger", "logInternal", "Beginning extraction from war file"},
		{0.06, 1, "WARNING", "org.eclipse.jetty.server.handler.ContextHandler", "setContextPath", "Empty contextPath"},
		{0.065, 1, "INFO", "org.eclipse.jetty.server.Server", "doStart", "jetty-10.0.21; built: 2024-05-14T03:19:28.958Z; git: 02e3b3e9e28a6ba1b53458caaa5e3cfd2ba1e0b9; jvm 17.0.11+9"},
		{0.075, 1, "INFO", "org.eclipse.jetty.webapp.StandardDescriptorProcessor", "visitServlet", "NO JSP Support for /, did not find org.eclipse.jetty.jsp.JettyJspServlet"},
		{0.08, 1, "INFO", "org.eclipse.jetty.server.session.DefaultSessionIdManager", "doStart", "Session workerName=node0"},
		{0.085, 1, "INFO", "hudson.WebAppMain", "contextInitialized", "Jenkins home directory: /var/jenkins_home found at: EnvVars.masterEnvVars.get(\"JENKINS_HOME\")"},
		{0.10, 1, "INFO", "org.eclipse.jetty.server.handler.ContextHandler", "doStart", "Started w.@" + g.hex(8) + "{Jenkins v2.462.1,/,file:///var/jenkins_home/war/,AVAILABLE}{/var/jenkins_home/war}"},
		{0.105, 1, "INFO", "org.eclipse.jetty.server.AbstractConnector", "doStart", "Started ServerConnector@" + g.hex(8) + "{HTTP/1.1, (http/1.1)}{0.0.0.0:8080}"},
		{0.11, 1, "INFO", "org.eclipse.jetty.server.Server", "doStart", "Started Server@" + g.hex(8) + "{STARTING}[10.0.21,sto=0] @" + strconv.Itoa(int(0.11*span.Seconds()*1000)+g.intn(40)) + "ms"},
		{0.115, 24, "INFO", "winstone.Logger", "logInternal", "Winstone Servlet Engine running: controlPort=disabled"},
		{0.125, 32, "INFO", h24Jenkins, "<init>", "Starting version 2.462.1"},
		reactor(0.13, 33, "Started initialization"),
		reactor(0.21, 38, "Listed all plugins"),
		reactor(0.33, 35, "Prepared all plugins"),
		reactor(0.52, 36, "Started all plugins"),
		reactor(0.56, 33, "Augmented all extensions"),
		{0.57, 34, "INFO", "io.jenkins.plugins.casc.Attribute", "setValue", "Setting hudson.model.Hudson@" + g.hex(7) + ".numExecutors = 0"},
		{0.575, 34, "INFO", "io.jenkins.plugins.casc.Attribute", "setValue", "Setting hudson.model.Hudson@" + g.hex(7) + ".mode = EXCLUSIVE"},
		{0.58, 34, "INFO", h24Casc, "tryConstructor", "Setting class org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud.name = kubernetes"},
		{0.585, 34, "INFO", "io.jenkins.plugins.casc.Attribute", "setValue", "Setting org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud@" + g.hex(7) + ".namespace = jenkins"},
		{0.59, 34, "INFO", "io.jenkins.plugins.casc.Attribute", "setValue", "Setting org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud@" + g.hex(7) + ".containerCapStr = 800"},
		{0.595, 34, "INFO", "io.jenkins.plugins.casc.Attribute", "setValue", "Setting org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud@" + g.hex(7) + ".jenkinsTunnel = jenkins-agent.jenkins.svc.cluster.local:50000"},
		{0.60, 34, "INFO", h24Casc, "tryConstructor", "Setting class org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.appID = " + h24AppID},
		reactor(0.66, 39, "System config loaded"),
		reactor(0.67, 39, "System config adapted"),
		{0.68, 44, "INFO", "hudson.TcpSlaveAgentListener", "<init>", "JNLP agent listener started on TCP port 50000"},
		reactor(0.86, 35, "Loaded all jobs"),
		reactor(0.88, 37, "Configuration for all jobs updated"),
		{0.90, 52, "INFO", "hudson.util.Retrier", "start", "Attempt #1 to do the action check updates server"},
	}
	if len(resumed) > 0 {
		steps = append(steps, step{0.93, 46, "INFO", "org.jenkinsci.plugins.workflow.flow.FlowExecutionList$ItemListenerImpl", "lambda$onLoaded$1", "Will resume [" + strings.Join(resumed, ", ") + "]"})
	}
	steps = append(steps, reactor(0.96, 40, "Completed initialization"), step{1, 27, "INFO", "hudson.lifecycle.Lifecycle", "onReady", "Jenkins is fully up and running"})
	for _, s := range steps {
		at := jvm.Add(time.Duration(s.f*float64(span)) + w.ms(0, 40))
		if s.f == 1 {
			at = up
		}
		w.log(tr, at, s.id, s.level, s.class, s.method, s.msg)
	}
}

// downloadMetadata is the daily refresh of the tool installers' data, which also runs
// when Jenkins has just started.
func (w *h24Log) downloadMetadata(tr truth, at time.Time) {
	if !w.serving(at) {
		return
	}
	id := w.tid(at)
	begin := at
	w.log(tr, at, id, "INFO", h24Periodic, "lambda$doRun$1", "Started Download metadata")
	for _, d := range []string{"hudson.tasks.Maven.MavenInstaller", "hudson.tools.JDKInstaller", "hudson.tasks.Ant.AntInstaller", "hudson.plugins.gradle.GradleInstaller", "jenkins.plugins.nodejs.tools.NodeJSInstaller"} {
		at = at.Add(w.around(700*time.Millisecond, 0.5))
		w.log(tr, at, id, "INFO", "hudson.model.DownloadService$Downloadable", "load", "Obtained the updated data file for "+d)
	}
	at = at.Add(w.around(900*time.Millisecond, 0.5))
	w.log(tr, at, id, "INFO", "hudson.util.Retrier", "start", "Performed the action check updates server successfully at the attempt #1")
	at = at.Add(w.ms(5, 60))
	w.log(tr, at, id, "INFO", h24Periodic, "lambda$doRun$1", "Finished Download metadata. "+h24Comma(int(at.Sub(begin).Milliseconds()))+" ms")
}

// cascReload is an administrator reloading configuration-as-code: the pod templates
// are set again, maven's now on JDK 21 under a new name (see provision).
func (w *h24Log) cascReload() {
	g := w.g
	tr := w.casc.truth()
	t := w.casc.start
	id := w.poolID(t)
	w.log(tr, t, id, "INFO", "io.jenkins.plugins.casc.ConfigurationAsCode", "configure", "Reloading configuration from /var/jenkins_home/casc_configs/jenkins.yaml (requested by admin)")
	cloud := g.hex(7)
	var settings []string
	for _, s := range []struct{ name, label string }{{"maven-jdk21", "maven"}, {"nodejs", "nodejs"}, {"golang", "golang"}, {"python", "python"}, {"kaniko", "kaniko"}, {"android", "android"}, {"chrome", "chrome"}} {
		settings = append(settings,
			h24Casc+"|tryConstructor|Setting class org.csanchez.jenkins.plugins.kubernetes.PodTemplate.name = "+s.name,
			h24Casc+"|tryConstructor|Setting class org.csanchez.jenkins.plugins.kubernetes.PodTemplate.label = "+s.label,
			h24Casc+"|tryConstructor|Setting class org.csanchez.jenkins.plugins.kubernetes.ContainerTemplate.image = "+h24Templates[s.name].image,
		)
	}
	settings = append(settings,
		"io.jenkins.plugins.casc.Attribute|setValue|Setting org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud@"+cloud+".containerCapStr = 800",
		"io.jenkins.plugins.casc.Attribute|setValue|Setting org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud@"+cloud+".namespace = jenkins",
	)
	begin := t
	for _, s := range settings {
		t = t.Add(w.ms(4, 60))
		f := strings.SplitN(s, "|", 3)
		w.log(tr, t, id, "INFO", f[0], f[1], f[2])
	}
	t = t.Add(w.ms(50, 300))
	w.log(tr, t, id, "INFO", "io.jenkins.plugins.casc.ConfigurationAsCode", "configure", "Configuration reloaded in "+h24Comma(int(t.Sub(begin).Milliseconds()))+" ms")
}

// ---- incidents

func (w *h24Log) quotaTrace(name, label string) []string {
	t := h24Templates[label]
	used := w.g.between(61, 63)
	msg := fmt.Sprintf(`pods "%s" is forbidden: exceeded quota: jenkins-agents, requested: requests.cpu=%s,requests.memory=%s, used: requests.cpu=%d500m,requests.memory=%dGi, limited: requests.cpu=64,requests.memory=128Gi`, name, t.cpu, t.mem, used, 2*used-w.g.intn(4))
	return []string{
		"io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://10.96.0.1:443/api/v1/namespaces/jenkins/pods. Message: " + msg +
			". Received status: Status(apiVersion=v1, code=403, details=StatusDetails(causes=[], group=null, kind=pods, name=" + name +
			", retryAfterSeconds=null, uid=null, additionalProperties={}), kind=Status, message=" + msg +
			", metadata=ListMeta(_continue=null, remainingItemCount=null, resourceVersion=null, selfLink=null, additionalProperties={}), reason=Forbidden, status=Failure, additionalProperties={}).",
		"\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:671)",
		"\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:651)",
		"\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.assertResponseCode(OperationSupport.java:600)",
		"\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.lambda$handleResponse$0(OperationSupport.java:560)",
		"\tat java.base/java.util.concurrent.CompletableFuture$UniApply.tryFire(CompletableFuture.java:646)",
		"\tat java.base/java.util.concurrent.CompletableFuture.postComplete(CompletableFuture.java:510)",
		"\tat java.base/java.util.concurrent.CompletableFuture.complete(CompletableFuture.java:2147)",
		"\tat io.fabric8.kubernetes.client.http.StandardHttpClient.lambda$completeOrCancel$10(StandardHttpClient.java:140)",
		"\tat java.base/java.util.concurrent.CompletableFuture.uniWhenComplete(CompletableFuture.java:863)",
		"\tat java.base/java.util.concurrent.CompletableFuture$UniWhenComplete.tryFire(CompletableFuture.java:841)",
		"\tat java.base/java.util.concurrent.CompletableFuture.postComplete(CompletableFuture.java:510)",
		"\tat java.base/java.util.concurrent.CompletableFuture.complete(CompletableFuture.java:2147)",
		"\tat io.fabric8.kubernetes.client.http.ByteArrayBodyHandler.onBodyDone(ByteArrayBodyHandler.java:52)",
		"\tat io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl$OkHttpAsyncBody.doConsume(OkHttpClientImpl.java:137)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
		"\tat java.base/java.lang.Thread.run(Thread.java:840)",
		"\tSuppressed: java.lang.Throwable: waiting here",
		"\t\tat io.fabric8.kubernetes.client.utils.AsyncUtils.await(AsyncUtils.java:169)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.waitForResult(OperationSupport.java:519)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.handleResponse(OperationSupport.java:535)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.handleCreate(OperationSupport.java:340)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.BaseOperation.handleCreate(BaseOperation.java:703)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.BaseOperation.handleCreate(BaseOperation.java:92)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.CreateOnlyResourceOperation.create(CreateOnlyResourceOperation.java:42)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.BaseOperation.create(BaseOperation.java:1108)",
		"\t\tat io.fabric8.kubernetes.client.dsl.internal.BaseOperation.create(BaseOperation.java:92)",
		"\t\tat PluginClassLoader for kubernetes//org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher.launch(KubernetesLauncher.java:139)",
		"\t\tat hudson.slaves.SlaveComputer.lambda$_connect$0(SlaveComputer.java:297)",
		"\t\tat jenkins.util.ContextResettingExecutorService$2.call(ContextResettingExecutorService.java:46)",
		"\t\tat jenkins.security.ImpersonatingExecutorService$2.call(ImpersonatingExecutorService.java:80)",
		"\t\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
		"\t\t... 3 more",
	}
}

// quotaRefusals is the provisioner trying, again and again, to launch the pods the queue
// waits for, and the API server refusing each one (the builds' side is in run).
func (w *h24Log) quotaRefusals() {
	g := w.g
	qi := incident(h24Quota)
	g.arrivals(w.quotaAt, w.quotaFixed, func(time.Time) float64 { return 0.2 }, func(t time.Time) {
		label := pick(g, h24QueueLabels)
		backlog := 2 + int(t.Sub(w.quotaAt).Seconds()*0.25) + g.intn(3)
		timer := w.timerID()
		w.log(qi, t, timer, "INFO", h24Cloud, "provision", "Excess workload after pending Kubernetes agents: "+strconv.Itoa(backlog))
		w.log(qi, t, timer, "INFO", h24Cloud, "provision", "Template for label \""+label+"\": "+label)
		name := label + "-" + g.alnum(5)
		at := t.Add(w.ms(1, 6))
		w.log(qi, at, timer, "INFO", h24Strategy, "apply", fmt.Sprintf("Started provisioning %s from kubernetes with 1 executors. Remaining excess workload: %d", label, backlog-1))
		at = at.Add(w.ms(5, 40))
		w.log(qi, at, timer, "INFO", h24Provisioner, "update", name+" provisioning successfully completed. We have now {computers} computer(s)")
		at = at.Add(w.ms(80, 500))
		w.log(qi, at, w.poolID(at), "WARNING", h24Launcher, "launch", "Error in provisioning; agent=KubernetesSlave name: "+name+", template="+w.templateDesc(label, label), w.quotaTrace(name, label)...)
		w.terminate(qi, at.Add(w.ms(20, 200)), h24Pod{name: name}, false)
	})
}

func h24JobDir(job string) string {
	p := strings.Split(job, "/")
	if len(p) == 3 {
		return "/var/jenkins_home/jobs/" + p[0] + "/jobs/" + p[1] + "/branches/" + p[2]
	}
	return "/var/jenkins_home/jobs/" + p[0] + "/jobs/" + strings.Join(p[1:], "/jobs/")
}

// h24CreateTrace is a build record failing to save on a full disk: when the build is
// created (atStart) or when it finishes.
func h24CreateTrace(b *h24Build, atStart bool) []string {
	out := []string{
		"java.io.IOException: Failed to create a temporary file in " + h24JobDir(b.job) + "/builds/" + strconv.Itoa(b.num),
		"\tat hudson.util.AtomicFileWriter.<init>(AtomicFileWriter.java:144)",
		"\tat hudson.util.AtomicFileWriter.<init>(AtomicFileWriter.java:109)",
		"\tat hudson.util.AtomicFileWriter.<init>(AtomicFileWriter.java:84)",
		"\tat hudson.XmlFile.write(XmlFile.java:219)",
		"\tat hudson.model.Run.save(Run.java:2057)",
	}
	switch {
	case b.freestyle:
		out = append(out,
			"\tat hudson.model.Run.execute(Run.java:1852)",
			"\tat hudson.model.FreeStyleBuild.run(FreeStyleBuild.java:44)",
			"\tat hudson.model.ResourceController.execute(ResourceController.java:101)",
			"\tat hudson.model.Executor.run(Executor.java:446)")
	case atStart:
		out = append(out,
			"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun.save(WorkflowRun.java:1204)",
			"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun.run(WorkflowRun.java:296)",
			"\tat hudson.model.ResourceController.execute(ResourceController.java:101)",
			"\tat hudson.model.Executor.run(Executor.java:446)")
	default:
		out = append(out,
			"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun.save(WorkflowRun.java:1204)",
			"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun.finish(WorkflowRun.java:646)",
			"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun$GraphL.onNewHead(WorkflowRun.java:1085)",
			"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsFlowExecution.notifyListeners(CpsFlowExecution.java:1541)",
			"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup$3.run(CpsThreadGroup.java:505)",
			"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsVmExecutorService.lambda$wrap$2(CpsVmExecutorService.java:85)",
			"\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
			"\tat hudson.remoting.SingleLaneExecutorService$1.run(SingleLaneExecutorService.java:139)",
			"\tat jenkins.util.ContextResettingExecutorService$1.run(ContextResettingExecutorService.java:28)",
			"\tat jenkins.security.ImpersonatingExecutorService$1.run(ImpersonatingExecutorService.java:68)",
			"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
			"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
			"\tat java.base/java.lang.Thread.run(Thread.java:840)")
	}
	return append(out,
		"Caused by: java.io.IOException: No space left on device",
		"\tat java.base/java.io.UnixFileSystem.createFileExclusively(Native Method)",
		"\tat java.base/java.io.File.createTempFile(File.java:2170)",
		"\tat hudson.util.AtomicFileWriter.<init>(AtomicFileWriter.java:142)",
		fmt.Sprintf("\t... %d more", len(out)-2))
}

// diskFull is JENKINS_HOME filling with a load test's heap dumps: the node monitor's
// warnings, every pipeline's program state failing to save, until an administrator
// discards old builds (the builds' side is in run).
func (w *h24Log) diskFull() {
	g := w.g
	di := incident(h24Disk)
	for i, free := range []string{"1.912GiB", "0.874GiB"} {
		at := w.diskAt.Add(time.Duration(i) * 95 * time.Second)
		w.log(di, at, w.tid(at), "WARNING", "hudson.node_monitors.DiskSpaceMonitorDescriptor$DiskSpace", "setTriggered", "Disk space is too low. Only "+free+" left on /var/jenkins_home.")
	}
	w.log(di, w.fullAt, w.tid(w.fullAt), "WARNING", "hudson.node_monitors.AbstractDiskSpaceMonitor", "markNodeOfflineOrOnline", "Making Built-In Node offline temporarily due to the lack of disk space")
	g.arrivals(w.fullAt, w.freedAt, func(time.Time) float64 { return 0.3 }, func(t time.Time) {
		w.log(di, t, w.poolID(t), "WARNING", "org.jenkinsci.plugins.workflow.cps.CpsThreadGroup", "saveProgramIfPossible", "program state save failed", h24ProgramTrace...)
	})
	at := w.freedAt.Add(-50 * time.Second)
	id := w.tid(at)
	w.log(di, at, id, "INFO", h24Periodic, "lambda$doRun$1", "Started Periodic background build discarder")
	d := w.around(47*time.Second, 0.05)
	w.log(di, at.Add(d), id, "INFO", h24Periodic, "lambda$doRun$1", "Finished Periodic background build discarder. "+h24Comma(int(d.Milliseconds()))+" ms")
	at = w.freedAt.Add(w.secs(20, 40))
	w.log(di, at, w.tid(at), "INFO", "hudson.node_monitors.AbstractDiskSpaceMonitor", "markNodeOfflineOrOnline", "Putting Built-In Node back online as there is enough disk space again")
}

// credRecovery is the new private key saved: a token again, the organisation rescanned
// and the builds the failed webhooks did not start.
func (w *h24Log) credRecovery() {
	g := w.g
	ci := incident(h24Cred)
	t := w.credFixed
	w.log(ci, t, w.poolID(t), "INFO", "com.cloudbees.plugins.credentials.CredentialsStoreAction$CredentialsWrapper", "doUpdateSubmit", "Credentials github-app-acme updated by admin")
	t = t.Add(w.secs(2, 6))
	w.log(ci, t, w.tid(t), "INFO", h24AppCreds, "generateAppInstallationToken", "Generated App Installation Token for app ID "+h24AppID)
	t = t.Add(w.secs(5, 15))
	id := w.tid(t)
	scan := "jenkins.branch.OrganizationFolder$OrganizationScan"
	w.log(ci, t, id, "INFO", scan, "run", "acme: Starting organization scan...")
	began := t
	seen := map[string]bool{}
	// The pods running then, by slot, to hold the missed builds to the container cap.
	live := make([]int, int(time.Hour/h24Slot))
	slot := func(at time.Time) int { return int(at.Sub(w.credFixed) / h24Slot) }
	for _, sp := range w.spans {
		for k := max(0, slot(sp[0])); k <= slot(sp[1]) && k < len(live); k++ {
			live[k]++
		}
	}
	var firstWait, lastWait time.Time
	for _, r := range append(append([]h24Repo{}, h24Repos...), h24Ledger) {
		t = t.Add(w.around(1800*time.Millisecond, 0.4))
		w.log(ci, t, id, "INFO", h24Indexing, "run", "acme/"+r.name+": Starting branch indexing...")
		from := t
		for _, m := range w.missed {
			if m.repo != r.name || seen[m.repo+"/"+m.branch] {
				continue
			}
			seen[m.repo+"/"+m.branch] = true
			t = t.Add(w.ms(100, 900))
			w.log(ci, t, id, "INFO", h24Indexing, "observe", "acme/"+r.name+": Changes detected: "+m.head+" ("+g.hex(40)+" → "+g.hex(40)+"); Scheduled build for branch: "+m.branch)
			b := w.newBuild(r, m.branch, routine)
			b.inc = h24Cred
			b.excess = 2 + g.intn(12)
			k, n, hold := slot(t)+1, len(b.labels), int((b.dur+30*time.Second)/h24Slot)
			for fits := false; !fits && k < len(live)-hold; {
				fits = true
				for x := k; x < k+hold; x++ {
					if live[x]+n > h24Cap-10 {
						fits, k = false, x+1
						break
					}
				}
			}
			for x := k; x < k+hold && x < len(live); x++ {
				live[x] += n
			}
			if at := w.credFixed.Add(time.Duration(k) * h24Slot); at.After(t.Add(10 * time.Second)) {
				b.wait = at.Sub(t)
				if firstWait.IsZero() {
					firstWait = t
				}
				lastWait = at
			}
			w.run(b, t)
		}
		t = t.Add(w.around(1500*time.Millisecond, 0.5))
		w.log(ci, t, id, "INFO", h24Indexing, "run", fmt.Sprintf("acme/%s: Finished branch indexing. Indexing took %.1f sec", r.name, t.Sub(from).Seconds()))
	}
	t = t.Add(w.ms(100, 600))
	w.log(ci, t, id, "INFO", scan, "run", "acme: Finished organization scan. Scan took "+h24Span(t.Sub(began)))
	// The missed builds fill the cloud: the provisioner waits for pods to finish.
	if !firstWait.IsZero() {
		msg := fmt.Sprintf("Maximum number of concurrently running agent pods (%d) reached for Kubernetes Cloud kubernetes, not provisioning: %d running or pending in namespace jenkins with Kubernetes labels {jenkins=slave}", h24Cap, h24Cap)
		g.every(firstWait, lastWait, 10*time.Second, 400*time.Millisecond, func(at time.Time) {
			w.log(ci, at, w.timerID(), "INFO", h24Cloud, "provision", msg)
		})
	}
}

// outOfMemory is the heap running out (the collections are in gc): errors in whatever
// thread asks for memory, the static agents' pings timing out, the liveness probe's
// SIGTERM, the kill, and Jenkins starting again (the builds' side is in run).
func (w *h24Log) outOfMemory() {
	g := w.g
	oi := incident(h24OOM)
	g.arrivals(w.thrashAt.Add(40*time.Second), w.termAt, func(time.Time) float64 { return 0.08 }, func(t time.Time) {
		switch g.intn(3) {
		case 0:
			thread := fmt.Sprintf("Computer.threadPoolForRemoting [#%d]/%d", w.remoting(t), w.poolID(t))
			w.log(oi, t, w.poolID(t), "SEVERE", "hudson.init.impl.InstallUncaughtExceptionHandler$DefaultUncaughtExceptionHandler", "uncaughtException",
				"A thread ("+thread+") died unexpectedly due to an uncaught exception, this may leave your Jenkins in a bad way and is usually indicative of a bug in the code.", h24OOMRemoting...)
		case 1:
			w.log(oi, t, w.timerID(), "SEVERE", "hudson.triggers.SafeTimerTask", "run", "Timer task hudson.model.LoadStatistics$LoadStatisticsUpdater@"+g.hex(7)+" failed", h24OOMTimer...)
		default:
			w.log(oi, t, w.poolID(t), "WARNING", "org.eclipse.jetty.server.HttpChannel", "handleException", fmt.Sprintf("/job/acme/job/e2e-tests/job/main/%d/testReport/", g.between(1400, 1480)), h24OOMStapler...)
		}
	})
	for _, a := range h24Statics {
		at := w.termAt.Add(-w.secs(10, 130))
		w.log(oi, at, w.tid(at), "WARNING", h24Pinger, "onDead", "Ping failed. Terminating the channel "+a+".", h24PingTrace(at)...)
	}
	term := w.termAt
	id := w.tid(term)
	w.log(oi, term, id, "INFO", h24Jenkins, "cleanUp", "Stopping Jenkins")
	w.log(oi, term.Add(w.ms(20, 300)), id, "INFO", "jenkins.model.Jenkins$16", "onAttained", "Started termination")
	w.startup(oi, w.jvm3, w.oomUp, w.crashed)
	w.downloadMetadata(oi, w.oomUp.Add(w.secs(3, 12)))
}

// ---- background

// h24Span writes a duration as Jenkins' Util.getTimeSpanString does.
func h24Span(d time.Duration) string {
	mins, secs := int(d.Minutes()), int(d.Seconds())%60
	switch {
	case mins >= 60:
		return fmt.Sprintf("%d hr %d min", mins/60, mins%60)
	case mins > 0 && secs > 0:
		return fmt.Sprintf("%d min %d sec", mins, secs)
	case mins > 0:
		return fmt.Sprintf("%d min", mins)
	}
	return fmt.Sprintf("%d sec", secs)
}

// apiUsage is the GitHub API limiter's report: the installation's quota resets hourly,
// a busy hour spends it faster than the limiter's budget and the limiter sleeps.
func (w *h24Log) apiUsage(tr truth, at time.Time) {
	if !w.serving(at) || within(at, w.credAt, w.credFixed.Sub(w.credAt)) {
		return
	}
	g := w.g
	reset := w.start.Add(17*time.Minute - time.Hour)
	for !reset.Add(time.Hour).After(at) {
		reset = reset.Add(time.Hour)
	}
	used := 0.0
	for m := reset; m.Before(at); m = m.Add(time.Minute) {
		used += 62 * w.load(m) * min(1, at.Sub(m).Minutes())
	}
	remaining := max(12, 5000-int(used)-g.intn(40))
	left := reset.Add(time.Hour).Sub(at)
	ideal := int(5000*left.Minutes()/60) - 150 // what the limiter would like left, less its buffer
	id := w.tid(at)
	if remaining >= ideal {
		w.log(tr, at, id, "INFO", h24Limiter, "writeLog", fmt.Sprintf("GitHub API Usage: Current quota has %d remaining (%d under budget). Next quota of 5000 in %s", remaining, remaining-ideal, h24Span(left)))
		return
	}
	if !at.Before(w.release.start) && tr.incident == "" {
		tr = later(tr, w.release.truth()) // only the release day spends faster than the budget
	}
	sleep := w.secs(20, 170)
	w.log(tr, at, id, "INFO", h24Limiter, "writeLog", fmt.Sprintf("Jenkins-Imposed API Limiter: Current quota for Github API usage has %d remaining (%d over budget). Next quota of 5000 in %s. Sleeping for %s.", remaining, ideal-remaining, h24Span(left), h24Span(sleep)))
	for s := time.Minute; s < sleep; s += time.Minute {
		w.log(tr, at.Add(s), id, "INFO", h24Limiter, "writeLog", "Jenkins-Imposed API Limiter: Still sleeping, now only "+h24Span(sleep-s)+" remaining.")
	}
}

// indexing is every project's periodic branch indexing, hourly.
func (w *h24Log) indexing() {
	for _, r := range h24Repos {
		offset := time.Duration(w.g.intn(3600)) * time.Second
		w.g.every(w.start.Add(offset), w.end, time.Hour, 0, func(t time.Time) { w.index(t, r.name) })
	}
}

func (w *h24Log) index(t time.Time, repo string) {
	if !w.serving(t) {
		return
	}
	id := w.tid(t)
	w.log(routine, t, id, "INFO", h24Indexing, "run", "acme/"+repo+": Starting branch indexing...")
	d := w.around(4500*time.Millisecond, 0.5)
	if within(t.Add(d), w.credAt, w.credFixed.Sub(w.credAt)) {
		ci := incident(h24Cred)
		at := t.Add(w.ms(300, 1200))
		w.log(ci, at, id, "WARNING", h24Indexing, "run", "acme/"+repo+": Could not fetch branches from source "+w.sources[repo], h24CredTrace(h24ScanTail)...)
		w.log(ci, at.Add(w.ms(1, 10)), id, "INFO", h24Indexing, "run", fmt.Sprintf("acme/%s: Finished branch indexing. Indexing took %.1f sec. Finished: FAILURE", repo, at.Sub(t).Seconds()))
		return
	}
	at := t.Add(d)
	w.log(routine, at, id, "INFO", h24Indexing, "run", fmt.Sprintf("acme/%s: Finished branch indexing. Indexing took %.1f sec", repo, d.Seconds()))
	if w.g.chance(0.3) {
		w.apiUsage(routine, at.Add(w.ms(2, 40)))
	}
}

// housekeeping is Jenkins' periodic work.
func (w *h24Log) housekeeping() {
	task := func(at time.Time, name string, median time.Duration) {
		if !w.serving(at) {
			return
		}
		id := w.tid(at)
		w.log(routine, at, id, "INFO", h24Periodic, "lambda$doRun$1", "Started "+name)
		d := w.around(median, 0.4)
		w.log(routine, at.Add(d), id, "INFO", h24Periodic, "lambda$doRun$1", "Finished "+name+". "+h24Comma(int(d.Milliseconds()))+" ms")
	}
	w.g.every(w.start.Add(7*time.Minute+13*time.Second), w.end, time.Hour, 2*time.Second, func(t time.Time) {
		task(t, "Periodic background build discarder", 2600*time.Millisecond)
	})
	task(w.start.Add(51*time.Minute+w.secs(0, 59)), "Workspace clean-up", 40*time.Millisecond)
	task(w.start.Add(128*time.Minute+w.secs(0, 59)), "telemetry collection", 400*time.Millisecond)
	task(w.start.Add(149*time.Minute+w.secs(0, 59)), "Fingerprint cleanup", 1300*time.Millisecond)
	w.downloadMetadata(routine, w.start.Add(104*time.Minute+w.secs(0, 59)))
}

var h24Users = []string{"alice.nguyen", "bwalker", "c.ortiz", "dpatel", "ekim", "f.rossi", "gsmith", "h.tanaka"}

// routineWarnings are the warnings every day has.
func (w *h24Log) routineWarnings() {
	g := w.g
	on := func(rate float64) func(time.Time) float64 {
		return func(t time.Time) float64 {
			if w.serving(t) {
				return rate
			}
			return 0
		}
	}
	g.arrivals(w.start, w.end, on(1.0/1500), func(t time.Time) {
		w.log(routine, t, w.tid(t), "WARNING", "org.kohsuke.github.GitHubClient", "logRetryConnectionError",
			fmt.Sprintf("(I/O exception) Failed to connect to api.github.com/140.82.11%d.%d:443: connect timed out. Retrying %d more times.", g.between(2, 4), g.between(3, 6), g.between(1, 2)))
	})
	g.arrivals(w.start, w.end, on(1.0/1700), func(t time.Time) {
		r := w.pickRepo()
		w.log(routine, t, w.poolID(t), "WARNING", "hudson.security.csrf.CrumbFilter", "doFilter", "No valid crumb was included in request for /job/acme/job/"+r.name+"/job/main/build by "+pick(g, h24Users)+". Returning 403.")
	})
	g.arrivals(w.start, w.end, on(1.0/800), func(t time.Time) {
		r := w.pickRepo()
		path := fmt.Sprintf("/job/acme/job/%s/job/main/%d/logText/progressiveHtml", r.name, g.between(400, 4500))
		w.log(routine, t, w.poolID(t), "WARNING", "org.eclipse.jetty.server.HttpChannel", "handleException", path, h24EofTrace...)
	})
	g.arrivals(w.start, w.end, on(1.0/2100), func(t time.Time) {
		a := pick(g, h24Statics)
		w.log(routine, t, w.tid(t), "WARNING", "hudson.node_monitors.ResponseTimeMonitor$1", "monitor", "Making "+a+" offline temporarily due to the lack of response: Ping response time is too long or timed out.")
		at := t.Add(w.secs(240, 360))
		if w.serving(at) {
			w.log(routine, at, w.tid(at), "INFO", "hudson.node_monitors.ResponseTimeMonitor$1", "monitor", fmt.Sprintf("%s is responding again (ping %d ms); putting it back online", a, g.between(60, 900)))
		}
	})
	g.arrivals(w.start, w.end, on(1.0/5400), func(t time.Time) {
		a := pick(g, h24Statics)
		w.log(routine, t, w.tid(t), "WARNING", h24Pinger, "onDead", "Ping failed. Terminating the channel "+a+".", h24PingTrace(t)...)
		at := t.Add(w.secs(60, 120))
		if w.serving(at) {
			w.log(routine, at, w.tid(at), "INFO", "hudson.slaves.SlaveComputer", "tryReconnect", "Attempting to reconnect "+a)
		}
	})
	g.arrivals(w.start, w.end, on(1.0/240), func(t time.Time) { w.apiUsage(routine, t) })
}

// gc is one JVM's -Xlog:gc lines: young collections paced by the build load, now and
// then a concurrent cycle and mixed collections; from oomAt the leak (longer and more
// frequent pauses, humongous allocations, to-space exhausted, back-to-back full GCs).
// The first minutes of a new JVM are startTr's (the restart that started it).
func (w *h24Log) gc(startTr, tr truth, from, to time.Time, n int, old float64, fresh bool) {
	g := w.g
	line := func(lt truth, at time.Time, text string) {
		if at.Before(w.start) || !at.Before(to) {
			return
		}
		w.j.add(lt, at, "["+at.Format("2006-01-02T15:04:05.000-0700")+"][info][gc] "+text)
	}
	heap := func(before, after float64) string {
		return fmt.Sprintf("%dM->%dM(4096M)", int(min(before, 4095)), int(min(after, 4095)))
	}
	pause := func(ms float64) string { return strconv.FormatFloat(ms, 'f', 3, 64) + "ms" }
	if fresh {
		line(startTr, from, "Using G1")
	}
	t, mixed := from, 0
	for {
		leaking := func(at time.Time) bool { return !at.Before(w.oomAt) && at.Before(w.crashAt) }
		warm := fresh && t.Sub(from) < 3*time.Minute
		var gap time.Duration
		switch {
		case leaking(t) && old > 3850:
			gap = w.around(8*time.Second, 0.3)
		case leaking(t):
			gap = w.around(6*time.Second, 0.3)
		case warm:
			gap = w.around(4*time.Second, 0.4)
		default:
			gap = w.around(time.Duration(float64(26*time.Second)/w.load(t)), 0.35)
		}
		t = t.Add(gap)
		if !t.Before(to) {
			return
		}
		warm = fresh && t.Sub(from) < 3*time.Minute
		lt := tr
		if warm {
			lt = startTr
		}
		leak := leaking(t)
		if leak {
			lt = incident(h24OOM)
		}
		eden, promo := g.lognormal(1450, 0.08), g.lognormal(9, 0.5)
		if warm {
			eden, promo = g.lognormal(380, 0.25), g.lognormal(25, 0.3)
		}
		surv := g.lognormal(40, 0.3)
		ms := g.lognormal(22, 0.35)
		switch {
		case leak && old > 3850:
			// the heap is full of live objects: evacuation fails, full GCs reclaim little
			if g.chance(0.5) {
				line(lt, t, fmt.Sprintf("GC(%d) To-space exhausted", n))
			}
			line(lt, t, fmt.Sprintf("GC(%d) Pause Young (Normal) (G1 Evacuation Pause) %s %s", n, heap(4089+float64(g.intn(6)), 4070+float64(g.intn(20))), pause(g.lognormal(700, 0.3))))
			n++
			ft := t.Add(w.ms(5, 50))
			d := g.lognormal(5200, 0.3)
			old = 3940 + float64(g.intn(120))
			line(lt, ft, fmt.Sprintf("GC(%d) Pause Full (G1 Compaction Pause) %s %s", n, heap(4095, old), pause(d)))
			n++
			t = ft.Add(time.Duration(d * float64(time.Millisecond)))
			continue
		case leak:
			promo = g.lognormal(95, 0.3)
			kind := "Pause Young (Normal) (G1 Evacuation Pause)"
			if old > 2800 {
				eden = g.lognormal(4000-old, 0.2)
				ms = g.lognormal(90+(old-2800)/3, 0.3)
				if g.chance(0.35) {
					kind = "Pause Young (Concurrent Start) (G1 Humongous Allocation)"
				}
			}
			line(lt, t, fmt.Sprintf("GC(%d) %s %s %s", n, kind, heap(old+eden, old+surv), pause(ms)))
			n++
			old += promo
			continue
		case mixed == 1:
			line(lt, t, fmt.Sprintf("GC(%d) Pause Young (Prepare Mixed) (G1 Evacuation Pause) %s %s", n, heap(old+eden, old+surv), pause(ms)))
			n++
			mixed++
			continue
		case mixed > 1:
			freed := g.lognormal(190, 0.2)
			line(lt, t, fmt.Sprintf("GC(%d) Pause Young (Mixed) (G1 Evacuation Pause) %s %s", n, heap(old+eden, old-freed+surv), pause(g.lognormal(45, 0.3))))
			n++
			old -= freed
			if mixed++; mixed > 4+g.intn(2) {
				mixed = 0
			}
			continue
		case old > 1900:
			line(lt, t, fmt.Sprintf("GC(%d) Pause Young (Concurrent Start) (G1 Evacuation Pause) %s %s", n, heap(old+eden, old+surv), pause(ms)))
			n++
			c := t.Add(w.ms(2, 6))
			line(lt, c, fmt.Sprintf("GC(%d) Concurrent Mark Cycle", n))
			rt := c.Add(w.around(350*time.Millisecond, 0.3))
			line(lt, rt, fmt.Sprintf("GC(%d) Pause Remark %s %s", n, heap(old+300, old+290), pause(g.lognormal(9, 0.3))))
			cl := rt.Add(w.ms(10, 40))
			line(lt, cl, fmt.Sprintf("GC(%d) Pause Cleanup %s %s", n, heap(old+295, old+295), pause(g.lognormal(0.4, 0.3))))
			end := cl.Add(w.ms(20, 90))
			line(lt, end, fmt.Sprintf("GC(%d) Concurrent Mark Cycle %s", n, pause(float64(end.Sub(c).Microseconds())/1000)))
			n++
			mixed = 1
			t = end
			continue
		}
		line(lt, t, fmt.Sprintf("GC(%d) Pause Young (Normal) (G1 Evacuation Pause) %s %s", n, heap(old+eden, old+surv), pause(ms)))
		n++
		old += promo
	}
}

// ---- stack traces

var h24ClosedTrace = []string{
	"java.nio.channels.ClosedChannelException",
	"\tat org.jenkinsci.remoting.protocol.NetworkLayer.onRecvClosed(NetworkLayer.java:155)",
	"\tat org.jenkinsci.remoting.protocol.impl.NIONetworkLayer.ready(NIONetworkLayer.java:143)",
	"\tat org.jenkinsci.remoting.protocol.IOHub$OnReady.run(IOHub.java:789)",
	"\tat jenkins.util.ContextResettingExecutorService$1.run(ContextResettingExecutorService.java:28)",
	"\tat jenkins.security.ImpersonatingExecutorService$1.run(ImpersonatingExecutorService.java:68)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24ExitTrace = []string{
	"java.lang.IllegalStateException: Containers are terminated with exit codes: {jnlp=1}",
	"\tat PluginClassLoader for kubernetes//org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher.checkTerminatedContainers(KubernetesLauncher.java:298)",
	"\tat PluginClassLoader for kubernetes//org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher.launch(KubernetesLauncher.java:215)",
	"\tat hudson.slaves.SlaveComputer.lambda$_connect$0(SlaveComputer.java:297)",
	"\tat jenkins.util.ContextResettingExecutorService$2.call(ContextResettingExecutorService.java:46)",
	"\tat jenkins.security.ImpersonatingExecutorService$2.call(ImpersonatingExecutorService.java:80)",
	"\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

func h24PingTrace(at time.Time) []string {
	done := at.UnixMilli()
	return []string{
		fmt.Sprintf("java.util.concurrent.TimeoutException: Ping started at %d hasn't completed by %d", done-240000, done),
		"\tat hudson.remoting.PingThread.ping(PingThread.java:135)",
		"\tat hudson.remoting.PingThread.run(PingThread.java:87)",
	}
}

var h24EofTrace = []string{
	"org.eclipse.jetty.io.EofException",
	"\tat org.eclipse.jetty.io.ChannelEndPoint.flush(ChannelEndPoint.java:279)",
	"\tat org.eclipse.jetty.io.WriteFlusher.flush(WriteFlusher.java:422)",
	"\tat org.eclipse.jetty.io.WriteFlusher.write(WriteFlusher.java:277)",
	"\tat org.eclipse.jetty.io.AbstractEndPoint.write(AbstractEndPoint.java:381)",
	"\tat org.eclipse.jetty.server.HttpConnection$SendCallback.process(HttpConnection.java:831)",
	"\tat org.eclipse.jetty.util.IteratingCallback.processing(IteratingCallback.java:243)",
	"\tat org.eclipse.jetty.util.IteratingCallback.iterate(IteratingCallback.java:224)",
	"\tat org.eclipse.jetty.server.HttpConnection.send(HttpConnection.java:550)",
	"\tat org.eclipse.jetty.server.HttpChannel.sendResponse(HttpChannel.java:1014)",
	"\tat org.eclipse.jetty.server.HttpChannel.write(HttpChannel.java:1086)",
	"\tat org.eclipse.jetty.server.HttpOutput.channelWrite(HttpOutput.java:285)",
	"\tat org.eclipse.jetty.server.HttpOutput.close(HttpOutput.java:638)",
	"\tat org.eclipse.jetty.server.Response.closeOutput(Response.java:1130)",
	"\tat org.eclipse.jetty.server.HttpChannel.handle(HttpChannel.java:497)",
	"\tat org.eclipse.jetty.server.HttpConnection.onFillable(HttpConnection.java:277)",
	"\tat org.eclipse.jetty.io.AbstractConnection$ReadCallback.succeeded(AbstractConnection.java:311)",
	"\tat org.eclipse.jetty.io.FillInterest.fillable(FillInterest.java:105)",
	"\tat org.eclipse.jetty.io.ChannelEndPoint$1.run(ChannelEndPoint.java:104)",
	"\tat org.eclipse.jetty.util.thread.QueuedThreadPool.runJob(QueuedThreadPool.java:883)",
	"\tat org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run(QueuedThreadPool.java:1034)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
	"Caused by: java.io.IOException: Broken pipe",
	"\tat java.base/sun.nio.ch.FileDispatcherImpl.writev0(Native Method)",
	"\tat java.base/sun.nio.ch.SocketDispatcher.writev(SocketDispatcher.java:66)",
	"\tat java.base/sun.nio.ch.IOUtil.write(IOUtil.java:217)",
	"\tat java.base/sun.nio.ch.IOUtil.write(IOUtil.java:153)",
	"\tat java.base/sun.nio.ch.SocketChannelImpl.write(SocketChannelImpl.java:563)",
	"\tat org.eclipse.jetty.io.ChannelEndPoint.flush(ChannelEndPoint.java:273)",
	"\t... 20 more",
}

var h24ProgramTrace = []string{
	"java.io.IOException: No space left on device",
	"\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)",
	"\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)",
	"\tat java.base/java.io.BufferedOutputStream.flushBuffer(BufferedOutputStream.java:81)",
	"\tat java.base/java.io.BufferedOutputStream.write(BufferedOutputStream.java:127)",
	"\tat java.base/java.io.DataOutputStream.write(DataOutputStream.java:112)",
	"\tat org.jboss.marshalling.river.RiverMarshaller.doWriteObject(RiverMarshaller.java:1013)",
	"\tat org.jboss.marshalling.AbstractObjectOutput.writeObject(AbstractObjectOutput.java:58)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup.saveProgram(CpsThreadGroup.java:608)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup.saveProgram(CpsThreadGroup.java:581)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup.saveProgramIfPossible(CpsThreadGroup.java:564)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup.run(CpsThreadGroup.java:487)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup$2.call(CpsThreadGroup.java:383)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsThreadGroup$2.call(CpsThreadGroup.java:295)",
	"\tat PluginClassLoader for workflow-cps//org.jenkinsci.plugins.workflow.cps.CpsVmExecutorService.lambda$wrap$2(CpsVmExecutorService.java:85)",
	"\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
	"\tat hudson.remoting.SingleLaneExecutorService$1.run(SingleLaneExecutorService.java:139)",
	"\tat jenkins.util.ContextResettingExecutorService$1.run(ContextResettingExecutorService.java:28)",
	"\tat jenkins.security.ImpersonatingExecutorService$1.run(ImpersonatingExecutorService.java:68)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

// h24CredTrace is the installation token refused, as the caller (tail) sees it.
func h24CredTrace(tail []string) []string {
	out := []string{
		"java.lang.IllegalArgumentException: Couldn't authenticate with GitHub app ID " + h24AppID,
		"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.generateAppInstallationToken(GitHubAppCredentials.java:283)",
		"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.getToken(GitHubAppCredentials.java:356)",
		"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.getPassword(GitHubAppCredentials.java:334)",
	}
	out = append(out, tail...)
	return append(out,
		`Caused by: org.kohsuke.github.HttpException: {"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest","status":"401"}`,
		"\tat org.kohsuke.github.GitHubConnectorResponseErrorHandler$1.onError(GitHubConnectorResponseErrorHandler.java:62)",
		"\tat org.kohsuke.github.GitHubClient.detectKnownErrors(GitHubClient.java:504)",
		"\tat org.kohsuke.github.GitHubClient.sendRequest(GitHubClient.java:464)",
		"\tat org.kohsuke.github.GitHubClient.sendRequest(GitHubClient.java:427)",
		"\tat org.kohsuke.github.Requester.fetch(Requester.java:85)",
		"\tat org.kohsuke.github.GHApp.getInstallationByOrganization(GHApp.java:210)",
		"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.generateAppInstallationToken(GitHubAppCredentials.java:262)",
		fmt.Sprintf("\t... %d more", len(out)-1),
	)
}

var h24EventTail = []string{
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.Connector.connect(Connector.java:421)",
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubSCMSource.retrieve(GitHubSCMSource.java:1010)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMSource._retrieve(SCMSource.java:374)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMSource.fetch(SCMSource.java:284)",
	"\tat PluginClassLoader for branch-api//jenkins.branch.MultiBranchProject$SCMEventListenerImpl.processHeadUpdate(MultiBranchProject.java:1485)",
	"\tat PluginClassLoader for branch-api//jenkins.branch.MultiBranchProject$SCMEventListenerImpl.onSCMHeadEvent(MultiBranchProject.java:1194)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMHeadEvent$DispatcherImpl.fire(SCMHeadEvent.java:249)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMEvent$Dispatcher.run(SCMEvent.java:505)",
	"\tat jenkins.security.ImpersonatingScheduledExecutorService$1.run(ImpersonatingScheduledExecutorService.java:67)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24BinderTail = []string{
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.Connector.connect(Connector.java:421)",
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubSCMSource.retrieve(GitHubSCMSource.java:2014)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMSource.fetch(SCMSource.java:636)",
	"\tat PluginClassLoader for workflow-multibranch//org.jenkinsci.plugins.workflow.multibranch.SCMBinder.create(SCMBinder.java:107)",
	"\tat PluginClassLoader for workflow-job//org.jenkinsci.plugins.workflow.job.WorkflowRun.run(WorkflowRun.java:317)",
	"\tat hudson.model.ResourceController.execute(ResourceController.java:101)",
	"\tat hudson.model.Executor.run(Executor.java:446)",
}

var h24CheckoutTail = []string{
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials$DelegatingGitHubAppCredentials.getPassword(GitHubAppCredentials.java:512)",
	"\tat PluginClassLoader for git-client//org.jenkinsci.plugins.gitclient.CliGitAPIImpl.launchCommandWithCredentials(CliGitAPIImpl.java:2163)",
	"\tat PluginClassLoader for git-client//org.jenkinsci.plugins.gitclient.CliGitAPIImpl$1.execute(CliGitAPIImpl.java:638)",
	"\tat PluginClassLoader for git//hudson.plugins.git.GitSCM.fetchFrom(GitSCM.java:1000)",
	"\tat PluginClassLoader for git//hudson.plugins.git.GitSCM.retrieveChanges(GitSCM.java:1240)",
	"\tat PluginClassLoader for git//hudson.plugins.git.GitSCM.checkout(GitSCM.java:1311)",
	"\tat PluginClassLoader for workflow-scm-step//org.jenkinsci.plugins.workflow.steps.scm.SCMStep.checkout(SCMStep.java:129)",
	"\tat PluginClassLoader for workflow-scm-step//org.jenkinsci.plugins.workflow.steps.scm.SCMStep$StepExecutionImpl.run(SCMStep.java:97)",
	"\tat PluginClassLoader for workflow-step-api//org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution.lambda$start$0(SynchronousNonBlockingStepExecution.java:47)",
	"\tat java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)",
	"\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24ScanTail = []string{
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.Connector.connect(Connector.java:421)",
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubSCMSource.retrieve(GitHubSCMSource.java:1010)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMSource._retrieve(SCMSource.java:374)",
	"\tat PluginClassLoader for scm-api//jenkins.scm.api.SCMSource.fetch(SCMSource.java:284)",
	"\tat PluginClassLoader for branch-api//jenkins.branch.MultiBranchProject.computeChildren(MultiBranchProject.java:658)",
	"\tat PluginClassLoader for cloudbees-folder//com.cloudbees.hudson.plugins.folder.computed.ComputedFolder.updateChildren(ComputedFolder.java:278)",
	"\tat PluginClassLoader for cloudbees-folder//com.cloudbees.hudson.plugins.folder.computed.FolderComputation.run(FolderComputation.java:166)",
	"\tat PluginClassLoader for branch-api//jenkins.branch.MultiBranchProject$BranchIndexing.run(MultiBranchProject.java:1062)",
	"\tat hudson.model.ResourceController.execute(ResourceController.java:101)",
	"\tat hudson.model.Executor.run(Executor.java:446)",
}

var h24ChecksTrace = []string{
	"java.lang.IllegalArgumentException: Couldn't authenticate with GitHub app ID " + h24AppID,
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials.generateAppInstallationToken(GitHubAppCredentials.java:283)",
	"\tat PluginClassLoader for github-branch-source//org.jenkinsci.plugins.github_branch_source.Connector.connect(Connector.java:421)",
	"\tat PluginClassLoader for github-checks//io.jenkins.plugins.checks.github.GitHubChecksContext.getGitHub(GitHubChecksContext.java:97)",
	"\tat PluginClassLoader for github-checks//io.jenkins.plugins.checks.github.GitHubChecksPublisher.publish(GitHubChecksPublisher.java:70)",
	"\tat PluginClassLoader for checks-api//io.jenkins.plugins.checks.status.BuildStatusChecksPublisher$JobCompletedListener.onCompleted(BuildStatusChecksPublisher.java:301)",
	"\tat hudson.model.listeners.RunListener.lambda$fireCompleted$0(RunListener.java:236)",
	`Caused by: org.kohsuke.github.HttpException: {"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest","status":"401"}`,
	"\tat org.kohsuke.github.GitHubClient.detectKnownErrors(GitHubClient.java:504)",
	"\t... 14 more",
}

var h24OOMRemoting = []string{
	"java.lang.OutOfMemoryError: Java heap space",
	"\tat java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)",
	"\tat java.base/java.nio.ByteBuffer.allocate(ByteBuffer.java:363)",
	"\tat org.jenkinsci.remoting.protocol.IOBufferMatcherLayer.onRecv(IOBufferMatcherLayer.java:73)",
	"\tat org.jenkinsci.remoting.protocol.impl.NIONetworkLayer.ready(NIONetworkLayer.java:125)",
	"\tat org.jenkinsci.remoting.protocol.IOHub$OnReady.run(IOHub.java:789)",
	"\tat jenkins.util.ContextResettingExecutorService$1.run(ContextResettingExecutorService.java:28)",
	"\tat jenkins.security.ImpersonatingExecutorService$1.run(ImpersonatingExecutorService.java:68)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24OOMTimer = []string{
	"java.lang.OutOfMemoryError: Java heap space",
	"\tat java.base/java.util.Arrays.copyOf(Arrays.java:3482)",
	"\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)",
	"\tat java.base/java.util.ArrayList.add(ArrayList.java:455)",
	"\tat hudson.model.LoadStatistics$LoadStatisticsUpdater.doRun(LoadStatistics.java:385)",
	"\tat hudson.triggers.SafeTimerTask.run(SafeTimerTask.java:92)",
	"\tat jenkins.security.ImpersonatingScheduledExecutorService$1.run(ImpersonatingScheduledExecutorService.java:67)",
	"\tat java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)",
	"\tat java.base/java.util.concurrent.FutureTask.runAndReset(FutureTask.java:305)",
	"\tat java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run(ScheduledThreadPoolExecutor.java:305)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24OOMStapler = []string{
	"java.lang.OutOfMemoryError: Java heap space",
	"\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
	"\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)",
	"\tat java.base/java.lang.AbstractStringBuilder.append(AbstractStringBuilder.java:582)",
	"\tat java.base/java.lang.StringBuilder.append(StringBuilder.java:179)",
	"\tat PluginClassLoader for junit//hudson.tasks.junit.CaseResult.getErrorDetails(CaseResult.java:420)",
	"\tat PluginClassLoader for junit//hudson.tasks.junit.TestResult.tally(TestResult.java:751)",
	"\tat PluginClassLoader for junit//hudson.tasks.test.TestResultProjectAction.getLastTestResultAction(TestResultProjectAction.java:95)",
	"\tat org.kohsuke.stapler.Function$InstanceFunction.invoke(Function.java:400)",
	"\tat org.kohsuke.stapler.Stapler.invoke(Stapler.java:871)",
	"\tat org.kohsuke.stapler.Stapler.service(Stapler.java:213)",
	"\tat javax.servlet.http.HttpServlet.service(HttpServlet.java:590)",
	"\tat org.eclipse.jetty.servlet.ServletHolder.handle(ServletHolder.java:764)",
	"\tat org.eclipse.jetty.servlet.ServletHandler$ChainEnd.doFilter(ServletHandler.java:1665)",
	"\tat org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run(QueuedThreadPool.java:1034)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}

var h24OOMWebhook = []string{
	"java.lang.OutOfMemoryError: Java heap space",
	"\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
	"\tat java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)",
	"\tat java.base/java.io.ByteArrayOutputStream.write(ByteArrayOutputStream.java:130)",
	"\tat org.apache.commons.io.IOUtils.copyLarge(IOUtils.java:1487)",
	"\tat org.apache.commons.io.IOUtils.copy(IOUtils.java:1101)",
	"\tat org.apache.commons.io.IOUtils.toString(IOUtils.java:3031)",
	"\tat PluginClassLoader for github//org.jenkinsci.plugins.github.webhook.GHEventPayload$PayloadHandler.parse(GHEventPayload.java:84)",
	"\tat org.kohsuke.stapler.Stapler.invoke(Stapler.java:871)",
	"\tat org.kohsuke.stapler.Stapler.service(Stapler.java:213)",
	"\tat javax.servlet.http.HttpServlet.service(HttpServlet.java:590)",
	"\tat org.eclipse.jetty.servlet.ServletHolder.handle(ServletHolder.java:764)",
	"\tat org.eclipse.jetty.servlet.ServletHandler$ChainEnd.doFilter(ServletHandler.java:1665)",
	"\tat org.eclipse.jetty.util.thread.QueuedThreadPool$Runner.run(QueuedThreadPool.java:1034)",
	"\tat java.base/java.lang.Thread.run(Thread.java:840)",
}
