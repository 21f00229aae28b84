package families

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// argocd is Argo CD 2.11 installed in the argocd namespace of the platform cluster:
// the application controller (StatefulSet, one replica, argocd-application-controller-0),
// two repo servers and two API servers (Deployments), their stdout interleaved in one
// stream as the log collector ships it, each line prefixed with the pod's name. Argo CD
// writes logrus' text format, the fields after msg sorted by key, values quoted when
// they hold anything but letters, digits and -._/@^+:
//
//	argocd-application-controller-0 time="2024-07-08T08:00:03Z" level=info msg="Reconciliation completed" app-namespace=argocd app-qualified-name=argocd/payments-api-prod-eu application=payments-api-prod-eu dedup_ms=0 dest-name= dest-namespace=payments dest-server="https://prod-eu.k8s.example.com" diff_ms=4 fields.level=2 git_ms=41 health_ms=1 live_ms=3 patch_ms=9 project=payments setop_ms=0 settings_ms=0 sync_ms=0 time_ms=61
//	argocd-repo-server-6d8f7c9b54-x2xqz time="2024-07-08T08:00:03Z" level=info msg="finished unary call with code OK" grpc.code=OK grpc.method=GenerateManifest grpc.service=repository.RepoServerService grpc.start_time="2024-07-08T08:00:03Z" grpc.time_ms=38.412 span.kind=server system=grpc
//
// The controller's client-go writes its own klog lines (`I0708 09:26:41.123456       1
// request.go:697] Waited for 1.04s due to client-side throttling, ...`) into the same
// stream.
//
// Normal operation, 12-20 lines a second: 120 applications (nine teams' services in
// staging on the platform cluster and in prod-eu and prod-us, kustomize overlays of one
// GitLab monorepo; cert-manager, ingress-nginx, kube-prometheus-stack and sealed-secrets
// from their Helm repositories; the app of apps; the data team's analytics-spark chart in
// the monorepo), each refreshed every 3 minutes: Refreshing app status (comparison
// expired ...), Comparing app state, GetRepoObjs stats, Skipping auto-sync, Update
// successful and Reconciliation completed with its timings, the repo server answering
// GenerateManifest from its manifest cache. A push to the monorepo every few minutes
// reaches the API server's webhook (Received push event, Requested app refresh), the
// touched applications are refreshed, their manifests generated (git fetch, checkout,
// kustomize build), go OutOfSync and are synced, automatically or by their team from the
// UI or CLI (the operation's tasks, Applying resource, Sync operation succeeded, the sync
// and health status updates). The UI's gRPC calls on the API server (the app list,
// resource trees, revision metadata, CanI, watches ending), the CI bot's CLI calls every
// minute, SSO logins; the cluster caches resynced every 30 minutes; Alloc statistics of
// each pod every 10 minutes. What every Argo CD writes: ingress-nginx-prod-eu drifting
// (a webhook mutates it) and staying OutOfSync (most recent sync already to 4.10.1), a
// git fetch timing out now and then and the refresh retried, a session token expired, a
// user denied by RBAC, a wrong admin password, an application not found, a watch on a
// remote cluster lost, HPA scaling making an app Progressing for a minute, a fallback to
// full tree reconciliation.
//
// Benign changes:
//   - 0:12, the checkout team onboarded: a push adds its ApplicationSet to the app of
//     apps, which syncs it, and 30 new applications appear, each refreshed for the first
//     time (reconciledAt: never), its manifests generated, OutOfSync and Missing, synced
//     (namespace and resources created), Progressing then Healthy; the team looks at
//     them in the UI. Lines of the new applications carry the change for 10 minutes;
//     from then on they are reconciled routinely.
//   - 0:55, a monorepo commit changing the common labels component: one webhook asks
//     for the refresh of 85 applications, the repo server generates all their manifests
//     over some minutes (slower, git fetch on both replicas), the automated ones sync and
//     roll out, the manual ones wait OutOfSync for their teams to sync them. 15 minutes.
//   - 1:25, Argo CD upgraded from 2.11.3 to 2.11.4: the repo servers and API servers
//     rolled one pod at a time (start-up lines of the new pods, new pod names), then the
//     controller restarted: its start-up lines, the three cluster caches synced again
//     with client-side throttling, and every application refreshed in a burst.
//
// Incidents:
//   - 0:32 for 11 minutes, GitLab unreachable: the repo server cannot list the
//     monorepo's refs (dial tcp ...:443: i/o timeout after 30 s), every refresh of a
//     monorepo application fails (Failed to load target state, Synced -> Unknown, git_ms
//     near 30000), revision metadata in the UI fails; no pushes; when GitLab is back
//     each application goes Unknown -> Synced. The Helm repositories' applications are
//     unaffected.
//   - 1:12, one record: the webhook handler rejecting a request with an invalid GitLab
//     token.
//   - 1:52 for about 8 minutes, the repo servers OOM-killed over and over: a push to
//     analytics-spark pulls in a huge chart dependency; each time the application is
//     refreshed, helm template on a repo server grows past its memory limit and the pod
//     dies (the controller's call ends in EOF) and restarts with its start-up lines,
//     backing off; meanwhile the controller's calls to the dead pods are refused
//     (connection refused), applications go Unknown, the UI's calls fail; the data team
//     reverts the commit and everything recovers (Unknown -> Synced).
//   - 2:15 for about 23 minutes, a bad commit to orders-api-prod-eu (cpu request above
//     its limit): the automated sync fails dry-run validation (Deployment.apps is
//     invalid), retried five times with back-off, Sync operation failed, Skipping
//     auto-sync: failed previous sync attempt on every refresh; further commits that do
//     not fix it and manual syncs from the CLI fail the same way, until a fix commit
//     syncs.
var argocd = Family{
	Name:    "argocd",
	Role:    Tuning,
	Service: "Argo CD 2.11 application controller, repo servers and API servers on Kubernetes, logrus text format prefixed with the pod name, with client-go klog lines",
	Lines:   argocdLines,
}

const (
	h13GitDown = "GitLab unreachable: repo server ref listing timing out, ComparisonError and Unknown sync status on the monorepo's applications"
	h13OOM     = "repo servers OOM-killed repeatedly while rendering a huge Helm chart: controller calls refused, applications Unknown, pods restarting"
	h13Bad     = "bad commit to orders-api-prod-eu: automated and manual syncs failing validation in a loop"
	h13Forged  = "webhook request rejected for an invalid GitLab token"
)

const (
	h13Repo     = "https://gitlab.example.com/platform/deploy.git"
	h13RepoWeb  = "https://gitlab.example.com/platform/deploy"
	h13GitIP    = "10.30.4.21"
	h13RepoSvc  = "10.96.148.23"
	h13V0       = "v2.11.3+3f344d5"
	h13V1       = "v2.11.4+e1284e1"
	h13Built0   = "2024-06-06T17:04:31Z"
	h13Built1   = "2024-07-03T10:53:12Z"
	h13Host     = "https://argocd.example.com"
	h13Period   = 3 * time.Minute
	h13RepoSvcN = "repository.RepoServerService"
)

type h13Cluster struct {
	name, server string
}

type h13App struct {
	name, team, ns, path, env string
	cl                        *h13Cluster
	helm                      bool // a chart of a Helm repository (not the monorepo)
	chart, chartRepo, ver     string
	gitHelm                   bool // a chart in the monorepo
	auto                      bool
	res                       int
	kinds                     []string // what a change to it usually touches
	drift                     bool
	from                      time.Time // created during the log
	tr                        truth     // the onboarding change, until onboardEnd
	busy                      [][2]time.Time
	unknown                   string // the incident that made its sync status Unknown
}

type h13Pod struct {
	name, ip, version string
	up, down          time.Time      // in the Service
	dead              [][2]time.Time // OOM-killed until running again
	restarts          int
}

func (p *h13Pod) inService(t time.Time) bool { return !t.Before(p.up) && t.Before(p.down) }

func (p *h13Pod) deadAt(t time.Time) bool {
	for _, d := range p.dead {
		if !t.Before(d[0]) && t.Before(d[1]) {
			return true
		}
	}
	return false
}

type h13User struct {
	name, team string
}

type h13Commit struct {
	at   time.Time
	sha  string
	apps []*h13App
}

type h13Log struct {
	g          *gen
	j          *journal
	start, end time.Time
	clusters   []*h13Cluster
	apps       []*h13App
	users      []*h13User
	shas       []h13Commit // every commit of the monorepo, in time order
	repoPods   []*h13Pod
	apiPods    []*h13Pod
	ctl        string
	fetched    map[string]bool
	dirs       map[string]string
	syncID     int

	onboard, labels, upgrade          change
	onboardEnd, labelsEnd, upgradeEnd time.Time
	ctlStop, ctlUp, ctlWarm           time.Time
	gitFrom, gitTo                    time.Time
	oomFrom, oomFix                   time.Time
	badFrom, badFix                   time.Time
	forgedAt                          time.Time
	spark, orders, appOfApps          *h13App
}

func argocdLines(seed int64) []Line {
	start := time.Date(2024, 7, 8, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 34)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &h13Log{g: g, j: &journal{}, start: start, end: start.Add(Length), ctl: "argocd-application-controller-0", fetched: map[string]bool{}, dirs: map[string]string{}, syncID: g.between(1, 40)}
	h.onboard = change{"checkout team onboarded: ApplicationSet creating 30 applications, each synced for the first time", at(12, 0, 50)}
	h.onboardEnd = h.onboard.start.Add(10 * time.Minute)
	h.labels = change{"monorepo commit to the common labels component: 85 applications regenerated and synced", at(55, 0, 50)}
	h.labelsEnd = h.labels.start.Add(15 * time.Minute)
	h.upgrade = change{"Argo CD upgraded from 2.11.3 to 2.11.4: repo servers and API servers rolled, controller restarted", at(85, 0, 40)}
	h.upgradeEnd = h.upgrade.start.Add(5 * time.Minute)
	h.ctlStop = h.upgrade.start.Add(h.ms(98_000, 104_000))
	h.ctlUp = h.ctlStop.Add(h.ms(30_000, 40_000))
	h.gitFrom = at(32, 0, 50)
	h.gitTo = h.gitFrom.Add(11*time.Minute + h.ms(-20_000, 30_000))
	h.forgedAt = at(72, 0, 59)
	h.oomFrom = at(112, 0, 40)
	h.oomFix = h.oomFrom.Add(8*time.Minute + h.ms(0, 40_000))
	h.badFrom = at(135, 0, 40)
	h.badFix = h.badFrom.Add(23*time.Minute + h.ms(-20_000, 30_000))

	h.setup()
	h.pods()
	h.controllerRestart()
	h.oomKills()

	h.onboarding()
	h.labelsCommit()
	h.badCommit()
	h.oomApp()
	h.routinePushes()
	for _, a := range h.apps {
		h.periodic(a)
	}
	h.clusterCaches()
	h.stats()
	h.ui()
	h.ci()
	h.forged()
	lines := h.j.sorted(h.end)
	for len(lines) > 0 && lines[0].At.Before(start) { // what was under way before the log
		lines = lines[1:]
	}
	return lines
}

func (h *h13Log) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *h13Log) dur(medianMs, sigma float64) time.Duration {
	return time.Duration(h.g.lognormal(medianMs, sigma) * float64(time.Millisecond))
}

// h13Quote quotes a logrus value that needs it.
func h13Quote(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._/@^+", c) >= 0) {
			return strconv.Quote(s)
		}
	}
	return s
}

// lr writes one logrus line of pod; kv are key, value pairs, sorted as logrus sorts them.
func (h *h13Log) lr(tr truth, pod string, at time.Time, level, msg string, kv ...string) {
	type pair struct{ k, v string }
	ps := make([]pair, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		ps = append(ps, pair{kv[i], kv[i+1]})
	}
	slices.SortStableFunc(ps, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	var b strings.Builder
	b.WriteString(pod)
	b.WriteString(` time="`)
	b.WriteString(at.Format("2006-01-02T15:04:05Z"))
	b.WriteString(`" level=`)
	b.WriteString(level)
	b.WriteString(" msg=")
	b.WriteString(h13Quote(msg))
	for _, p := range ps {
		b.WriteString(" ")
		b.WriteString(p.k)
		b.WriteString("=")
		b.WriteString(h13Quote(p.v))
	}
	h.j.add(tr, at, b.String())
}

// klog writes a line of the controller's client-go.
func (h *h13Log) klog(tr truth, at time.Time, sev, src, msg string) {
	h.j.add(tr, at, fmt.Sprintf("%s %s%s %7d %s] %s", h.ctl, sev, at.Format("0102 15:04:05.000000"), 1, src, msg))
}

func (a *h13App) kv(extra ...string) []string {
	return append([]string{"app-namespace", "argocd", "app-qualified-name", "argocd/" + a.name, "application", a.name, "project", a.team}, extra...)
}

// event writes an application event as the controller's audit logger does.
func (h *h13Log) event(tr truth, a *h13App, at time.Time, reason, typ, msg string) {
	h.lr(tr, h.ctl, at, "info", msg, a.kv("dest-namespace", a.ns, "dest-server", a.cl.server, "reason", reason, "type", typ)...)
}

func (h *h13Log) c(tr truth, a *h13App, at time.Time, level, msg string, extra ...string) {
	h.lr(tr, h.ctl, at, level, msg, a.kv(extra...)...)
}

// truthAt is the truth of a's routine lines at t: the onboarding change while it lasts.
func (h *h13Log) truthAt(a *h13App, t time.Time) truth {
	if a.tr.change != "" && t.Before(h.onboardEnd) {
		return a.tr
	}
	return routine
}

func (a *h13App) isBusy(t time.Time) bool {
	for _, b := range a.busy {
		if !t.Before(b[0]) && t.Before(b[1]) {
			return true
		}
	}
	return false
}

func (a *h13App) overlaps(from, to time.Time) bool {
	for _, b := range a.busy {
		if from.Before(b[1]) && b[0].Before(to) {
			return true
		}
	}
	return false
}

func (h *h13Log) setup() {
	g := h.g
	h.clusters = []*h13Cluster{{"in-cluster", "https://kubernetes.default.svc"}, {"prod-eu", "https://prod-eu.k8s.example.com"}, {"prod-us", "https://prod-us.k8s.example.com"}}
	envs := []string{"staging", "prod-eu", "prod-us"}
	teams := []struct {
		team string
		svcs []string
	}{
		{"payments", []string{"api", "worker", "ledger", "gateway"}},
		{"orders", []string{"api", "worker", "events", "history"}},
		{"catalog", []string{"api", "importer", "images", "admin"}},
		{"search", []string{"api", "indexer", "suggest", "ranker"}},
		{"identity", []string{"api", "sessions", "profile", "admin"}},
		{"notifications", []string{"api", "email", "push", "sms"}},
		{"shipping", []string{"api", "rates", "labels", "tracking"}},
		{"pricing", []string{"api", "engine", "promotions", "feeds"}},
		{"web", []string{"storefront", "bff", "cms", "assets"}},
	}
	for _, t := range teams {
		for _, s := range t.svcs {
			for e, env := range envs {
				a := &h13App{name: t.team + "-" + s + "-" + env, team: t.team, ns: t.team, env: env, cl: h.clusters[e],
					path: "apps/" + t.team + "/" + s + "/overlays/" + env, auto: env == "staging" || g.chance(0.75), res: g.between(5, 14),
					kinds: []string{"ConfigMap", "Deployment"}}
				if g.chance(0.3) {
					a.kinds = []string{"Deployment"}
				}
				h.apps = append(h.apps, a)
			}
		}
	}
	h.orders = h.app("orders-api-prod-eu")
	h.orders.auto = true
	charts := []struct{ chart, repo, ver, ns string }{
		{"cert-manager", "https://charts.jetstack.io", "v1.14.5", "cert-manager"},
		{"ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "4.10.1", "ingress-nginx"},
		{"kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "58.2.2", "monitoring"},
	}
	for _, c := range charts {
		for e, env := range envs {
			h.apps = append(h.apps, &h13App{name: c.chart + "-" + env, team: "platform", ns: c.ns, env: env, cl: h.clusters[e], helm: true,
				chart: c.chart, chartRepo: c.repo, ver: c.ver, auto: true, res: g.between(25, 160), kinds: []string{"Deployment"}})
		}
	}
	h.apps = append(h.apps, &h13App{name: "sealed-secrets", team: "platform", ns: "kube-system", env: "staging", cl: h.clusters[0], helm: true,
		chart: "sealed-secrets", chartRepo: "https://bitnami-labs.github.io/sealed-secrets", ver: "2.15.3", auto: true, res: 12, kinds: []string{"Deployment"}})
	h.appOfApps = &h13App{name: "argocd-apps", team: "platform", ns: "argocd", env: "staging", cl: h.clusters[0], path: "argocd/apps", auto: true, res: 14, kinds: []string{"ApplicationSet"}}
	h.spark = &h13App{name: "analytics-spark", team: "data", ns: "analytics", env: "prod-eu", cl: h.clusters[1], path: "charts/analytics-spark", gitHelm: true, auto: true, res: 64, kinds: []string{"ConfigMap", "StatefulSet"}}
	h.apps = append(h.apps, h.appOfApps, h.spark)
	h.app("ingress-nginx-prod-eu").drift = true
	// The checkout team's applications, created by its ApplicationSet.
	for _, s := range []string{"cart", "api", "payments-bridge", "vouchers", "tax", "fraud", "address", "summary", "events", "worker"} {
		for e, env := range envs {
			h.apps = append(h.apps, &h13App{name: "checkout-" + s + "-" + env, team: "checkout", ns: "checkout", env: env, cl: h.clusters[e],
				path: "apps/checkout/" + s + "/overlays/" + env, auto: true, res: g.between(5, 10), kinds: []string{"ConfigMap", "Deployment"},
				from: h.end, tr: h.onboard.truth()})
		}
	}
	for _, u := range []struct{ n, t string }{
		{"anna.kowalski", "payments"}, {"ben.okafor", "payments"}, {"chloe.martin", "orders"}, {"david.chen", "orders"}, {"elena.rossi", "catalog"},
		{"farid.haddad", "search"}, {"grace.lee", "search"}, {"hugo.bernard", "identity"}, {"ines.garcia", "notifications"}, {"jonas.weber", "shipping"},
		{"kate.murphy", "pricing"}, {"liam.novak", "web"}, {"maria.silva", "web"}, {"nils.berg", "platform"}, {"olivia.brown", "platform"},
		{"pavel.ivanov", "data"}, {"quentin.moreau", "checkout"}, {"rosa.jimenez", "checkout"}, {"sam.taylor", "checkout"}, {"tariq.aziz", "catalog"},
		{"uma.patel", "identity"}, {"victor.dubois", "shipping"}, {"wei.zhang", "pricing"}, {"yara.nasser", "orders"},
	} {
		h.users = append(h.users, &h13User{u.n + "@example.com", u.t})
	}
	// The monorepo's head when the log opens.
	h.shas = append(h.shas, h13Commit{at: h.start.Add(-time.Duration(g.between(5, 90)) * time.Minute), sha: g.hex(40)})
}

func (h *h13Log) app(name string) *h13App {
	for _, a := range h.apps {
		if a.name == name {
			return a
		}
	}
	panic("families: argocd: no application " + name)
}

// head is the monorepo's newest commit at t.
func (h *h13Log) head(t time.Time) string {
	sha := h.shas[0].sha
	for _, c := range h.shas {
		if c.at.After(t) {
			break
		}
		sha = c.sha
	}
	return sha
}

func (h *h13Log) commit(at time.Time, apps ...*h13App) string {
	sha := h.g.hex(40)
	i, _ := slices.BinarySearchFunc(h.shas, at, func(c h13Commit, t time.Time) int { return c.at.Compare(t) })
	h.shas = slices.Insert(h.shas, i, h13Commit{at: at, sha: sha, apps: apps})
	return sha
}

// pods lays out the repo server and API server pods: two of each, replaced one at a time
// by the upgrade.
func (h *h13Log) pods() {
	rs := func(dep string) (string, string) {
		return dep + "-" + h.g.alnum(10) + "-", dep + "-" + h.g.alnum(9) + "-"
	}
	roll := func(dep string, at time.Duration) []*h13Pod {
		old, nu := rs(dep)
		var out []*h13Pod
		t := h.upgrade.start.Add(at)
		for i := 0; i < 2; i++ {
			o := &h13Pod{name: old + h.g.alnum(5), ip: h.g.privateIP(), version: h13V0, up: h.start.Add(-48 * time.Hour), down: t.Add(h.ms(14_000, 18_000))}
			n := &h13Pod{name: nu + h.g.alnum(5), ip: h.g.privateIP(), version: h13V1, up: t.Add(h.ms(9_000, 13_000)), down: h.end.Add(time.Hour)}
			out = append(out, o, n)
			h.startup(dep, n, t, h.upgrade.truth())
			t = o.down.Add(h.ms(3_000, 6_000))
		}
		return out
	}
	h.repoPods = roll("argocd-repo-server", 0)
	h.apiPods = roll("argocd-server", 50*time.Second)
}

// pick returns a pod of pods in the Service at t, nil if none.
func (h *h13Log) pick(pods []*h13Pod, t time.Time) *h13Pod {
	var in []*h13Pod
	for _, p := range pods {
		if p.inService(t) {
			in = append(in, p)
		}
	}
	if len(in) == 0 {
		return nil
	}
	return pick(h.g, in)
}

// startup writes a repo server's or API server's start-up lines from t.
func (h *h13Log) startup(dep string, p *h13Pod, t time.Time, tr truth) {
	built := h13Built0
	if p.version == h13V1 {
		built = h13Built1
	}
	commit := strings.Split(p.version, "+")[1]
	step := func(lo, hi int) time.Time { t = t.Add(h.ms(lo, hi)); return t }
	if dep == "argocd-repo-server" {
		h.lr(tr, p.name, step(0, 0), "info", "ArgoCD Repository Server is starting", "built", built, "commit", commit, "port", "8081", "version", p.version)
		h.lr(tr, p.name, step(1, 5), "info", "Generating self-signed TLS certificate for this session")
		h.lr(tr, p.name, step(200, 600), "info", "Initializing GnuPG keyring at /app/config/gpg/keys")
		h.lr(tr, p.name, step(100, 900), "info", "Trace", "args", fmt.Sprintf("[gpg --no-permission-warning --logger-fd 1 --batch --gen-key /tmp/gpg-key-recipe%d]", h.g.between(100000000, 999999999)), "dir", "", "operation_name", "exec gpg", "time_ms", fmt.Sprintf("%.4f", h.g.lognormal(420, 0.3)))
		h.lr(tr, p.name, step(2, 10), "info", "Populating GnuPG keyring with keys from /app/config/gpg/source")
		h.lr(tr, p.name, step(10, 60), "info", "Trace", "args", "[gpg --no-permission-warning -k --with-colons --with-fingerprint]", "dir", "", "operation_name", "exec gpg", "time_ms", fmt.Sprintf("%.4f", h.g.lognormal(12, 0.3)))
		h.lr(tr, p.name, step(1, 5), "info", "Loaded 0 (and removed 0) keys from keyring")
		h.lr(tr, p.name, step(1, 10), "info", "argocd-repo-server is listening on [::]:8081")
		return
	}
	h.lr(tr, p.name, step(0, 0), "info", "ArgoCD API Server is starting", "built", built, "commit", commit, "namespace", "argocd", "port", "8080", "version", p.version)
	h.lr(tr, p.name, step(2, 20), "info", "Starting configmap/secret informers")
	h.lr(tr, p.name, step(80, 300), "info", "Configmap/secret informer synced")
	h.lr(tr, p.name, step(1, 10), "info", "Loading TLS configuration from secret argocd/argocd-server-tls")
	h.lr(tr, p.name, step(50, 300), "info", fmt.Sprintf("0xc%09x subscribed to settings updates", h.g.intn(1<<30)))
	h.lr(tr, p.name, step(1, 10), "info", "Starting rbac config informer")
	h.lr(tr, p.name, step(10, 60), "info", "RBAC ConfigMap 'argocd-rbac-cm' added")
	h.lr(tr, p.name, step(100, 400), "info", fmt.Sprintf("argocd %s serving on port 8080 (url: %s, tls: false, namespace: argocd, sso: true)", p.version, h13Host))
	h.lr(tr, p.name, step(1, 5), "info", "Enabled application namespace patterns: argocd")
}

// grpc writes the gRPC interceptor's line of a finished call.
func (h *h13Log) grpc(tr truth, pod string, at time.Time, service, method, code string, d time.Duration, errMsg string, stream bool) {
	level := "info"
	switch code {
	case "PermissionDenied", "Unavailable", "DeadlineExceeded", "FailedPrecondition":
		level = "warning"
	case "Unknown", "Internal":
		level = "error"
	}
	kind := "unary"
	if stream {
		kind = "streaming"
	}
	kv := []string{"grpc.code", code, "grpc.method", method, "grpc.service", service, "grpc.start_time", at.Add(-d).Format("2006-01-02T15:04:05Z"),
		"grpc.time_ms", fmt.Sprintf("%.3f", float64(d.Microseconds())/1000), "span.kind", "server", "system", "grpc"}
	if errMsg != "" {
		kv = append(kv, "error", errMsg)
	}
	h.lr(tr, pod, at, level, "finished "+kind+" call with code "+code, kv...)
}

// source is how the repo server prints an application's source in its cache lines.
func (a *h13App) source() string {
	if a.helm {
		return fmt.Sprintf("&ApplicationSource{RepoURL:%s,Path:,TargetRevision:%s,Helm:&ApplicationSourceHelm{ValueFiles:[values-%s.yaml],Parameters:[]HelmParameter{},ReleaseName:,Values:,FileParameters:[]HelmFileParameter{},Version:,PassCredentials:false,IgnoreMissingValueFiles:false,SkipCrds:false,ValuesObject:nil,},Kustomize:nil,Directory:nil,Plugin:nil,Chart:%s,Ref:,}", a.chartRepo, a.ver, a.env, a.chart)
	}
	helm := "nil"
	if a.gitHelm {
		helm = "&ApplicationSourceHelm{ValueFiles:[values-prod-eu.yaml],Parameters:[]HelmParameter{},ReleaseName:,Values:,FileParameters:[]HelmFileParameter{},Version:,PassCredentials:false,IgnoreMissingValueFiles:false,SkipCrds:false,ValuesObject:nil,}"
	}
	return fmt.Sprintf("&ApplicationSource{RepoURL:%s,Path:%s,TargetRevision:main,Helm:%s,Kustomize:nil,Directory:nil,Plugin:nil,Chart:,Ref:,}", h13Repo, a.path, helm)
}

func (h *h13Log) revision(a *h13App, t time.Time) string {
	if a.helm {
		return a.ver
	}
	return h.head(t)
}

func (h *h13Log) gitDown(t time.Time) bool {
	return !t.Before(h.gitFrom.Add(20*time.Second)) && t.Before(h.gitTo)
}

const h13Refs = `failed to list refs: Get "https://gitlab.example.com/platform/deploy.git/info/refs?service=git-upload-pack": dial tcp ` + h13GitIP + `:443: i/o timeout`

func h13Refused(ip string) string {
	return `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ` + ip + `:8081: connect: connection refused"`
}

// manifests is the repo server's GenerateManifest for a refresh of a at t (miss: not in
// its cache). It returns how long the controller waited, the error it got ("" for none)
// and the truth of that error.
func (h *h13Log) manifests(a *h13App, t time.Time, tr truth, miss bool, build time.Duration) (time.Duration, string, truth) {
	rev := h.revision(a, t)
	p := h.pick(h.repoPods, t)
	if p == nil || p.deadAt(t) {
		return h.ms(1, 4), h13Refused(h13RepoSvc), incident(h13OOM)
	}
	if !a.helm && h.gitDown(t) {
		d := 30*time.Second + h.ms(0, 40)
		h.grpc(incident(h13GitDown), p.name, t.Add(d), h13RepoSvcN, "GenerateManifest", "Unknown", d, "rpc error: code = Unknown desc = "+h13Refs, false)
		return d + h.ms(1, 3), "rpc error: code = Unknown desc = " + h13Refs, incident(h13GitDown)
	}
	s := t.Add(h.ms(1, 3))
	if !miss {
		d := h.dur(22, 0.5)
		h.lr(tr, p.name, s.Add(d*2/3), "info", "manifest cache hit: "+a.source()+"/"+rev)
		h.grpc(tr, p.name, s.Add(d), h13RepoSvcN, "GenerateManifest", "OK", d, "", false)
		return d + h.ms(1, 4), "", tr
	}
	h.lr(tr, p.name, s.Add(h.ms(1, 5)), "info", "manifest cache miss: "+a.source()+"/"+rev)
	dir := "/tmp/_argocd-repo/" + h.dirOf(p)
	x := s.Add(h.ms(5, 20))
	trace := func(args, op string, d time.Duration, wd string) {
		x = x.Add(d)
		h.lr(tr, p.name, x, "info", "Trace", "args", "["+args+"]", "dir", wd, "operation_name", "exec "+op, "time_ms", fmt.Sprintf("%.6f", float64(d.Microseconds())/1000))
	}
	if a.helm {
		trace(fmt.Sprintf("helm pull --destination /tmp/%s --version %s --repo %s %s", h.g.uuid(), a.ver, a.chartRepo, a.chart), "helm", h.dur(900, 0.4), "")
		trace(fmt.Sprintf("helm template . --name-template %s --namespace %s --kube-version 1.29 --values values-%s.yaml --api-versions admissionregistration.k8s.io/v1 --include-crds", a.name, a.ns, a.env), "helm", h.dur(700, 0.4)+build, "/tmp/"+h.g.uuid())
	} else {
		if !h.fetched[h.dirOf(p)+rev] {
			h.fetched[h.dirOf(p)+rev] = true
			trace("git fetch origin "+rev+" --tags --force --prune", "git", h.dur(650, 0.4), dir)
		}
		trace("git checkout --force "+rev, "git", h.dur(60, 0.4), dir)
		trace("git clean -ffdx", "git", h.dur(12, 0.4), dir)
		if a.gitHelm {
			trace("helm dependency build", "helm", h.dur(1800, 0.3), dir+"/"+a.path)
			trace(fmt.Sprintf("helm template . --name-template %s --namespace %s --kube-version 1.29 --values values-prod-eu.yaml --include-crds", a.name, a.ns), "helm", h.dur(1400, 0.3)+build, dir+"/"+a.path)
		} else {
			trace("kustomize build "+dir+"/"+a.path, "kustomize", h.dur(420, 0.4)+build, dir+"/"+a.path)
		}
	}
	x = x.Add(h.ms(2, 15))
	h.grpc(tr, p.name, x, h13RepoSvcN, "GenerateManifest", "OK", x.Sub(t), "", false)
	return x.Sub(t) + h.ms(1, 4), "", tr
}

// dirOf is the monorepo's checkout directory on a repo server pod (one per container start).
func (h *h13Log) dirOf(p *h13Pod) string {
	key := p.name + "#" + strconv.Itoa(p.restarts)
	if d, ok := h.dirs[key]; ok {
		return d
	}
	h.dirs[key] = h.g.uuid()
	return h.dirs[key]
}

// h13Ref is what one refresh of an application does besides comparing.
type h13Ref struct {
	reason    string
	level     int
	miss      bool
	build     time.Duration // extra rendering time (the big commit, a huge chart)
	auto      string        // the auto-sync line, "" for none
	autoWarn  bool
	autoEvent bool     // the auto-sync line is also an event (a sync initiated)
	events    []string // status updates after the comparison
	slow      float64  // live and diff slowed (a cold cluster cache)
	warn      string   // a warning after Comparing app state
}

// reconcile writes one refresh of a from at, and returns when it completed and the error
// the repo server gave ("" for none) with its truth.
func (h *h13Log) reconcile(a *h13App, at time.Time, tr truth, r h13Ref) (time.Time, string, truth) {
	t := at
	h.c(tr, a, t, "info", fmt.Sprintf("Refreshing app status (%s), level (%d)", r.reason, r.level))
	t = t.Add(h.ms(0, 3))
	h.c(tr, a, t, "info", fmt.Sprintf("Comparing app state (cluster: %s, namespace: %s)", a.cl.server, a.ns))
	if r.warn != "" {
		h.c(tr, a, t.Add(h.ms(0, 2)), "warning", r.warn)
	}
	t0 := t
	gd, err, etr := h.manifests(a, t, tr, r.miss, r.build)
	t = t.Add(gd)
	slow := max(r.slow, 1)
	live := time.Duration(h.g.lognormal(3, 0.6)*slow*float64(time.Millisecond)) + time.Millisecond
	diff := time.Duration(h.g.lognormal(0.5*float64(a.res), 0.4) * slow * float64(time.Millisecond))
	health := time.Duration(h.g.lognormal(1.5, 0.5) * float64(time.Millisecond))
	patch := time.Duration(h.g.lognormal(9, 0.4) * float64(time.Millisecond))
	ms := func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	if err != "" {
		h.c(etr, a, t, "error", "Failed to load target state: failed to generate manifest for source 1 of 1: "+err)
		t = t.Add(live + h.ms(0, 2))
		if a.unknown == "" {
			h.event(etr, a, t, "ResourceUpdated", "Normal", "Updated sync status: Synced -> Unknown")
			a.unknown = etr.incident
		}
		t = t.Add(patch)
		h.c(etr, a, t, "info", "Update successful")
		h.c(etr, a, t.Add(h.ms(0, 1)), "info", "Reconciliation completed", "dedup_ms", "0", "dest-name", "", "dest-namespace", a.ns, "dest-server", a.cl.server,
			"diff_ms", "0", "fields.level", strconv.Itoa(r.level), "git_ms", ms(gd), "health_ms", "0", "live_ms", ms(live), "patch_ms", ms(patch),
			"setop_ms", "0", "settings_ms", "0", "sync_ms", "0", "time_ms", ms(t.Sub(at)))
		return t, err, etr
	}
	unmarshal := time.Duration(h.g.lognormal(0.4*float64(a.res), 0.3) * float64(time.Millisecond) / 4)
	h.c(tr, a, t, "info", "GetRepoObjs stats", "build_options_ms", "0", "helm_ms", "0", "plugins_ms", "0", "repo_ms", "0", "time_ms", ms(t.Sub(t0)+unmarshal),
		"unmarshal_ms", ms(unmarshal), "version_ms", ms(h.ms(0, 3)))
	t = t.Add(unmarshal + live + diff + health)
	if r.auto != "" {
		if r.autoWarn {
			h.c(tr, a, t, "warning", r.auto)
		} else {
			h.c(tr, a, t, "info", r.auto)
		}
		if r.autoEvent {
			h.event(tr, a, t.Add(h.ms(0, 2)), "OperationStarted", "Normal", r.auto)
		}
	}
	t = t.Add(patch)
	h.c(tr, a, t, "info", "Update successful")
	if a.unknown != "" {
		h.event(incident(a.unknown), a, t.Add(h.ms(0, 1)), "ResourceUpdated", "Normal", "Updated sync status: Unknown -> Synced")
		a.unknown = ""
	}
	for _, e := range r.events {
		h.event(tr, a, t.Add(h.ms(0, 1)), "ResourceUpdated", "Normal", e)
	}
	t = t.Add(h.ms(1, 2))
	h.c(tr, a, t, "info", "Reconciliation completed", "dedup_ms", "0", "dest-name", "", "dest-namespace", a.ns, "dest-server", a.cl.server,
		"diff_ms", ms(diff), "fields.level", strconv.Itoa(r.level), "git_ms", ms(gd), "health_ms", ms(health), "live_ms", ms(live), "patch_ms", ms(patch),
		"setop_ms", "0", "settings_ms", "0", "sync_ms", "0", "time_ms", ms(t.Sub(at)))
	return t, "", tr
}

func (h *h13Log) syncIDNext() string {
	h.syncID++
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 5)
	for i := range b {
		b[i] = letters[h.g.intn(len(letters))]
	}
	return fmt.Sprintf("%05d-%s", h.syncID, b)
}

// resName is the name of a's resource of a kind.
func (a *h13App) resName(kind string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(a.name, "-staging"), "-prod-eu"), "-prod-us")
	switch kind {
	case "ConfigMap":
		return base + "-config"
	case "ApplicationSet":
		return "checkout"
	}
	return base
}

func h13Group(kind string) string {
	switch kind {
	case "Deployment", "StatefulSet":
		return "apps"
	case "ApplicationSet":
		return "argoproj.io"
	case "HorizontalPodAutoscaler":
		return "autoscaling"
	}
	return ""
}

// operation writes a sync operation of a to rev from at: kinds are the resources it
// applies; invalid, when set, is the validation error that fails its dry run. It returns
// when the operation ended.
func (h *h13Log) operation(a *h13App, at time.Time, rev string, tr truth, kinds []string, invalid string, retries int, created bool) time.Time {
	t := at
	ns := a.ns
	if kinds[0] == "ApplicationSet" {
		ns = "argocd"
	}
	h.c(tr, a, t, "info", fmt.Sprintf("Initialized new operation: {&SyncOperation{Revision:%s,Prune:true,DryRun:false,SyncStrategy:nil,Resources:[]SyncOperationResource{},Source:nil,Manifests:[],SyncOptions:[CreateNamespace=true],Sources:[]ApplicationSource{},Revisions:[],} { true} [] {5 nil}}", rev))
	for attempt := 0; attempt <= retries; attempt++ {
		id := h.syncIDNext()
		t = t.Add(h.ms(20, 120))
		var tasks []string
		for _, k := range kinds {
			tasks = append(tasks, fmt.Sprintf("Sync/0 resource %s/%s:%s/%s obj->obj (,,)", h13Group(k), k, ns, a.resName(k)))
		}
		h.c(tr, a, t, "info", "Tasks (dry-run)", "syncId", id, "tasks", "["+strings.Join(tasks, ", ")+"]")
		start := t
		if invalid != "" {
			t = t.Add(h.ms(150, 600))
			h.c(tr, a, t, "info", fmt.Sprintf("Adding resource result, status: 'SyncFailed', phase: 'Failed', message: '%s'", invalid), "kind", "Deployment", "name", a.resName("Deployment"), "namespace", ns, "phase", "Sync", "syncId", id)
			msg := "one or more synchronization tasks are not valid"
			if attempt == retries {
				msg += fmt.Sprintf(" (retried %d times).", retries)
			}
			h.c(tr, a, t.Add(h.ms(1, 5)), "info", fmt.Sprintf("Updating operation state. phase: Running -> Failed, message: '' -> '%s'", msg), "syncId", id)
			t = t.Add(h.ms(5, 20))
			h.c(tr, a, t, "info", "sync/terminate complete", "duration", fmt.Sprintf("%.6fs", t.Sub(start).Seconds()), "syncId", id)
			if attempt < retries {
				back := time.Duration(5<<attempt) * time.Second
				h.c(tr, a, t.Add(h.ms(1, 5)), "info", fmt.Sprintf("Retrying attempt #%d at %s", attempt+1, t.Add(back).Format(time.Kitchen)))
				h.c(tr, a, t.Add(h.ms(5, 15)), "info", fmt.Sprintf("updated 'argocd/%s' operation (phase: Running)", a.name))
				t = t.Add(back)
				continue
			}
			h.c(tr, a, t.Add(h.ms(5, 15)), "info", fmt.Sprintf("updated 'argocd/%s' operation (phase: Failed)", a.name))
			t = t.Add(h.ms(15, 30))
			h.event(tr, a, t, "OperationCompleted", "Warning", fmt.Sprintf("Sync operation to %s failed: %s", rev, msg))
			return t
		}
		for _, k := range kinds {
			t = t.Add(h.ms(30, 250))
			h.c(tr, a, t, "info", fmt.Sprintf("Applying resource %s/%s in cluster: %s, namespace: %s", k, a.resName(k), a.cl.server, ns))
			verb := "configured"
			if created {
				verb = "created"
			}
			kn := strings.ToLower(k)
			if g := h13Group(k); g != "" {
				kn += "." + g
			}
			h.c(tr, a, t.Add(h.ms(20, 200)), "info", fmt.Sprintf("Adding resource result, status: 'Synced', phase: 'Running', message: '%s/%s %s'", kn, a.resName(k), verb),
				"kind", k, "name", a.resName(k), "namespace", ns, "phase", "Sync", "syncId", id)
		}
		t = t.Add(h.ms(200, 300))
		h.c(tr, a, t, "info", "Updating operation state. phase: Running -> Running, message: '' -> 'one or more tasks are running'", "syncId", id)
		t = t.Add(h.ms(800, 3000))
		h.c(tr, a, t, "info", "Updating operation state. phase: Running -> Succeeded, message: 'one or more tasks are running' -> 'successfully synced (all tasks run)'", "syncId", id)
		h.c(tr, a, t.Add(h.ms(0, 2)), "info", "sync/terminate complete", "duration", fmt.Sprintf("%.6fs", t.Sub(start).Seconds()), "syncId", id)
		t = t.Add(h.ms(5, 20))
		h.c(tr, a, t, "info", fmt.Sprintf("updated 'argocd/%s' operation (phase: Succeeded)", a.name))
		h.event(tr, a, t.Add(h.ms(1, 10)), "OperationCompleted", "Normal", fmt.Sprintf("Sync operation to %s succeeded", rev))
		return t.Add(h.ms(10, 30))
	}
	return t
}

// deploy writes what a push touching a does: the webhook's refresh, the new manifests,
// OutOfSync, the sync (automated, or by a user later) and the rollout. It returns when
// the application was Healthy again.
func (h *h13Log) deploy(a *h13App, at time.Time, rev string, trOf func(time.Time) truth, build time.Duration) time.Time {
	tr := trOf(at)
	r := h13Ref{reason: "normal refresh requested", level: 3, miss: true, build: build, events: []string{"Updated sync status: Synced -> OutOfSync"}}
	if a.auto {
		r.auto, r.autoEvent = fmt.Sprintf("Initiated automated sync to '%s'", rev), true
	}
	t, err, etr := h.reconcile(a, at, tr, r)
	if err != "" {
		// A transient fetch failure: the refresh is requested again and succeeds.
		if etr.incident != "" {
			return t
		}
		t = t.Add(h.ms(10_000, 40_000))
		t, _, _ = h.reconcile(a, t, trOf(t), r)
	}
	if !a.auto {
		// The team syncs it from the UI or the CLI.
		t = h.clear(t.Add(time.Duration(h.g.lognormal(6, 0.7) * float64(time.Minute))))
		tr = trOf(t)
		u := h.teamUser(a.team)
		p := h.pick(h.apiPods, t)
		h.lr(tr, p.name, t, "info", "received unary call /application.ApplicationService/Sync", "grpc.method", "Sync",
			"grpc.request.claims", fmt.Sprintf(`{"email":"%s","groups":["%s-devs"],"iss":"%s/api/dex","sub":"%s"}`, u.name, a.team, h13Host, u.name),
			"grpc.request.content", fmt.Sprintf(`name:"%s" revision:"main" prune:true strategy:<hook:<force:false > > appNamespace:"argocd" `, a.name),
			"grpc.service", "application.ApplicationService", "grpc.start_time", t.Format("2006-01-02T15:04:05Z"), "span.kind", "server", "system", "grpc")
		d := h.dur(45, 0.4)
		h.grpc(tr, p.name, t.Add(d), "application.ApplicationService", "Sync", "OK", d, "", false)
		t = t.Add(d + h.ms(100, 900))
	}
	t = h.operation(a, t, rev, trOf(t), a.kinds, "", 0, false)
	t, _, _ = h.reconcile(a, t, trOf(t), h13Ref{reason: "controller refresh requested", level: 2,
		events: []string{"Updated sync status: OutOfSync -> Synced", "Updated health status: Healthy -> Progressing"}})
	t = t.Add(time.Duration(h.g.lognormal(45, 0.5) * float64(time.Second)))
	t, _, _ = h.reconcile(a, t, trOf(t), h13Ref{reason: "controller refresh requested", level: 1, events: []string{"Updated health status: Progressing -> Healthy"}})
	return t
}

// clear moves t out of the times the controller was down or an incident held the repo
// servers: what was to happen then happens after.
func (h *h13Log) clear(t time.Time) time.Time {
	for _, w := range [][2]time.Time{{h.ctlStop.Add(-time.Minute), h.ctlWarm.Add(2 * time.Minute)}, {h.gitFrom.Add(-time.Minute), h.gitTo.Add(4 * time.Minute)},
		{h.oomFrom.Add(-time.Minute), h.oomFix.Add(4 * time.Minute)}} {
		if !t.Before(w[0]) && t.Before(w[1]) {
			t = w[1].Add(h.ms(0, 60_000))
		}
	}
	return t
}

// repoUp is the first time from t when no repo server pod in the Service is down.
func (h *h13Log) repoUp(t time.Time) time.Time {
	for {
		ok := true
		for _, p := range h.repoPods {
			if p.inService(t) && p.deadAt(t) {
				ok = false
			}
		}
		if ok {
			return t
		}
		t = t.Add(time.Second)
	}
}

func (h *h13Log) teamUser(team string) *h13User {
	var in []*h13User
	for _, u := range h.users {
		if u.team == team {
			in = append(in, u)
		}
	}
	if len(in) == 0 {
		return pick(h.g, h.users)
	}
	return pick(h.g, in)
}

// webhook writes the API server's handling of a GitLab push.
func (h *h13Log) webhook(at time.Time, tr truth, apps []*h13App) time.Time {
	p := h.pick(h.apiPods, at)
	h.lr(tr, p.name, at, "info", fmt.Sprintf("Received push event repo: [%s], revision: main, touchedHead: true", h13RepoWeb))
	t := at
	for _, a := range apps {
		t = t.Add(h.ms(2, 15))
		h.lr(tr, p.name, t, "info", fmt.Sprintf("Requested app '%s' refresh", a.name))
	}
	return t
}

// routinePushes: developers merge to the monorepo every few minutes, touching one to
// three applications.
func (h *h13Log) routinePushes() {
	quiet := [][2]time.Time{
		{h.onboard.start.Add(-2 * time.Minute), h.onboard.start.Add(4 * time.Minute)},
		{h.gitFrom.Add(-time.Minute), h.gitTo.Add(5 * time.Minute)},
		{h.labels.start.Add(-3 * time.Minute), h.labels.start.Add(7 * time.Minute)},
		{h.upgrade.start.Add(-3 * time.Minute), h.upgradeEnd},
		{h.oomFrom.Add(-3 * time.Minute), h.oomFix.Add(4 * time.Minute)},
	}
	h.g.arrivals(h.start.Add(-10*time.Minute), h.end, func(time.Time) float64 { return 1.0 / 200 }, func(t time.Time) {
		for _, q := range quiet {
			if !t.Before(q[0]) && t.Before(q[1]) {
				return
			}
		}
		var touched []*h13App
		for n := h.g.between(1, 3); n > 0; n-- {
			a := h.apps[h.g.intn(len(h.apps))]
			if a.helm || a == h.spark || a == h.appOfApps || a.from.After(t.Add(-30*time.Minute)) || a.overlaps(t.Add(-time.Minute), t.Add(50*time.Minute)) || slices.Contains(touched, a) {
				continue
			}
			if a == h.orders && t.After(h.badFrom.Add(-30*time.Minute)) && t.Before(h.badFix.Add(10*time.Minute)) {
				continue
			}
			touched = append(touched, a)
		}
		if len(touched) == 0 {
			return
		}
		sha := h.commit(t, touched...)
		w := h.webhook(t.Add(h.ms(400, 2500)), routine, touched)
		for _, a := range touched {
			at := w.Add(h.ms(20, 900))
			from := at
			if h.g.chance(0.05) {
				// The fetch times out once; the refresh is requested again.
				end := h.fetchTimeout(a, at, sha)
				at = end.Add(h.ms(10_000, 40_000))
			}
			end := h.deploy(a, at, sha, func(time.Time) truth { return routine }, 0)
			a.busy = append(a.busy, [2]time.Time{from, end.Add(time.Second)})
		}
	})
}

// fetchTimeout is a routine failed refresh: git fetch timing out on a repo server.
func (h *h13Log) fetchTimeout(a *h13App, at time.Time, sha string) time.Time {
	p := h.pick(h.repoPods, at)
	h.c(routine, a, at, "info", "Refreshing app status (normal refresh requested), level (3)")
	h.c(routine, a, at.Add(h.ms(0, 3)), "info", fmt.Sprintf("Comparing app state (cluster: %s, namespace: %s)", a.cl.server, a.ns))
	d := 90*time.Second + h.ms(0, 300)
	msg := fmt.Sprintf("rpc error: code = Unknown desc = Failed to fetch %s: `git fetch origin %s --tags --force --prune` failed exit status 128: fatal: unable to access '%s/': Failed to connect to gitlab.example.com port 443 after 30002 ms: Timeout was reached", sha, sha, h13Repo)
	h.lr(routine, p.name, at.Add(d), "info", "manifest cache miss: "+a.source()+"/"+sha)
	h.grpc(routine, p.name, at.Add(d), h13RepoSvcN, "GenerateManifest", "Unknown", d, msg, false)
	t := at.Add(d + h.ms(1, 4))
	h.c(routine, a, t, "error", "Failed to load target state: failed to generate manifest for source 1 of 1: "+msg)
	t = t.Add(h.ms(5, 20))
	h.c(routine, a, t, "info", "Update successful")
	h.c(routine, a, t, "info", "Reconciliation completed", "dedup_ms", "0", "dest-name", "", "dest-namespace", a.ns, "dest-server", a.cl.server,
		"diff_ms", "0", "fields.level", "3", "git_ms", strconv.FormatInt(d.Milliseconds(), 10), "health_ms", "0", "live_ms", "2", "patch_ms", "11",
		"setop_ms", "0", "settings_ms", "0", "sync_ms", "0", "time_ms", strconv.FormatInt(t.Sub(at).Milliseconds(), 10))
	return t
}

// periodic writes a's refresh every 3 minutes when nothing else refreshed it.
func (h *h13Log) periodic(a *h13App) {
	t := h.start.Add(-time.Duration(h.g.intn(180_000)) * time.Millisecond)
	if a.tr.change != "" {
		t = a.from
	}
	prev := t.Add(-h13Period - h.ms(0, 2000))
	burst := false
	for t.Before(h.end) {
		if a.isBusy(t) {
			for _, b := range a.busy {
				if !t.Before(b[0]) && t.Before(b[1]) {
					prev = b[1]
				}
			}
			t = prev.Add(h13Period + h.ms(0, 1500))
			continue
		}
		tr := h.truthAt(a, t)
		if !burst && !t.Before(h.ctlStop) && t.Before(h.ctlWarm.Add(h13Period)) {
			// The controller restarted: every application refreshed in the burst after
			// its caches synced.
			t, tr, burst = h.ctlWarm.Add(h.ms(0, 80_000)), h.upgrade.truth(), true
		}
		r := h13Ref{reason: fmt.Sprintf("comparison expired, requesting refresh. reconciledAt: %s, expiry: 3m0s", prev.Format("2006-01-02 15:04:05 -0700 MST")), level: 2}
		if tr == h.upgrade.truth() {
			r.slow = 2 + 4*h.g.rng.Float64()
		}
		switch {
		case a.drift:
			r.auto = "Skipping auto-sync: most recent sync already to " + a.ver
		case a.auto:
			r.auto = "Skipping auto-sync: application status is Synced"
		}
		if h.g.chance(0.002) {
			r.warn = "Failed to get cached managed resources for tree reconciliation, fall back to full reconciliation"
		}
		hpa := !a.helm && a.env != "staging" && h.g.chance(0.004)
		if hpa {
			r.events = []string{"Updated health status: Healthy -> Progressing"}
		}
		end, _, _ := h.reconcile(a, t, tr, r)
		if at := end.Add(h.ms(20_000, 70_000)); hpa && h.clear(at).Equal(at) {
			h.reconcile(a, at, h.truthAt(a, at), h13Ref{reason: "controller refresh requested", level: 1, events: []string{"Updated health status: Progressing -> Healthy"}})
		}
		prev = t
		t = t.Add(h13Period + h.ms(50, 1500))
	}
}

// onboarding: the checkout team's ApplicationSet merged into the app of apps, and its 30
// applications synced for the first time.
func (h *h13Log) onboarding() {
	tr := h.onboard.truth()
	t0 := h.onboard.start
	sha := h.commit(t0, h.appOfApps)
	w := h.webhook(t0.Add(h.ms(500, 2000)), tr, []*h13App{h.appOfApps})
	a := h.appOfApps
	end, _, _ := h.reconcile(a, w.Add(h.ms(50, 500)), tr, h13Ref{reason: "normal refresh requested", level: 3, miss: true,
		auto: fmt.Sprintf("Initiated automated sync to '%s'", sha), autoEvent: true, events: []string{"Updated sync status: Synced -> OutOfSync"}})
	end = h.operation(a, end.Add(h.ms(100, 400)), sha, tr, []string{"ApplicationSet"}, "", 0, true)
	end, _, _ = h.reconcile(a, end, tr, h13Ref{reason: "controller refresh requested", level: 2, events: []string{"Updated sync status: OutOfSync -> Synced"}})
	a.busy = append(a.busy, [2]time.Time{t0, end.Add(time.Second)})
	// The ApplicationSet controller creates the applications within a minute or so.
	t := end.Add(h.ms(3000, 8000))
	for _, a := range h.apps {
		if a.tr.change == "" {
			continue
		}
		t = t.Add(h.ms(200, 3500))
		a.from = t
		at := t.Add(h.ms(50, 800))
		r := h13Ref{reason: "comparison expired, requesting refresh. reconciledAt: never, expiry: 3m0s", level: 2, miss: true,
			auto: fmt.Sprintf("Initiated automated sync to '%s'", sha), autoEvent: true,
			events: []string{"Updated sync status:  -> OutOfSync", "Updated health status:  -> Missing"}}
		e, _, _ := h.reconcile(a, at, tr, r)
		e = h.operation(a, e.Add(h.ms(100, 600)), sha, tr, []string{"ServiceAccount", "ConfigMap", "Service", "Deployment", "HorizontalPodAutoscaler"}, "", 0, true)
		e, _, _ = h.reconcile(a, e, tr, h13Ref{reason: "controller refresh requested", level: 2, events: []string{"Updated sync status: OutOfSync -> Synced", "Updated health status: Missing -> Progressing"}})
		e = e.Add(time.Duration(h.g.lognormal(40, 0.4) * float64(time.Second)))
		e, _, _ = h.reconcile(a, e, tr, h13Ref{reason: "controller refresh requested", level: 1, events: []string{"Updated health status: Progressing -> Healthy"}})
		a.busy = append(a.busy, [2]time.Time{at, e.Add(time.Second)})
		a.from = e.Add(h13Period + h.ms(0, 1500))
	}
}

// labelsCommit: one commit to the common labels component, 85 applications regenerated.
func (h *h13Log) labelsCommit() {
	var touched []*h13App
	for _, a := range h.apps {
		if !a.helm && !a.gitHelm && a != h.appOfApps && a.tr.change == "" && len(touched) < 85 && h.g.chance(0.85) {
			touched = append(touched, a)
		}
	}
	trOf := func(t time.Time) truth {
		if t.Before(h.labelsEnd) {
			return h.labels.truth()
		}
		return routine
	}
	sha := h.commit(h.labels.start, touched...)
	w := h.webhook(h.labels.start.Add(h.ms(500, 2000)), h.labels.truth(), touched)
	// The repo server renders them a few at a time (its parallelism limit): the queue
	// drains over some minutes.
	t := w
	for _, a := range touched {
		t = t.Add(h.ms(1200, 4200))
		end := h.deploy(a, t, sha, trOf, h.dur(1500, 0.5))
		a.busy = append(a.busy, [2]time.Time{w, end.Add(time.Second)})
	}
}

// controllerRestart: the controller pod replaced by the upgrade.
func (h *h13Log) controllerRestart() {
	tr := h.upgrade.truth()
	t := h.ctlUp
	step := func(lo, hi int) time.Time { t = t.Add(h.ms(lo, hi)); return t }
	h.lr(tr, h.ctl, t, "info", "ArgoCD Application Controller is starting", "built", h13Built1, "commit", "e1284e1", "namespace", "argocd", "version", h13V1)
	h.lr(tr, h.ctl, step(1, 5), "info", "Processing all cluster shards")
	h.lr(tr, h.ctl, step(1, 5), "info", "appResyncPeriod=3m0s, appHardResyncPeriod=0s, appResyncJitter=0s")
	h.lr(tr, h.ctl, step(1, 5), "info", "Starting configmap/secret informers")
	h.lr(tr, h.ctl, step(60, 250), "info", "Configmap/secret informer synced")
	h.lr(tr, h.ctl, step(1, 10), "info", fmt.Sprintf("0xc%09x subscribed to settings updates", h.g.intn(1<<30)))
	h.lr(tr, h.ctl, step(5, 40), "info", "Starting secretInformer forcluster")
	warm := t
	for _, c := range h.clusters {
		s := t.Add(h.ms(10, 200))
		h.lr(tr, h.ctl, s, "info", "Start syncing cluster", "server", c.server)
		d := h.ms(6000, 18000)
		for i := h.g.between(4, 12); i > 0; i-- {
			x := s.Add(time.Duration(h.g.rng.Int63n(int64(d))))
			h.klog(tr, x, "I", "request.go:697", fmt.Sprintf("Waited for %.9fs due to client-side throttling, not priority and fairness, request: GET:%s/apis/%s?limit=500&resourceVersion=0",
				h.g.lognormal(1.1, 0.4), c.server, pick(h.g, []string{"apps/v1/replicasets", "apps/v1/deployments", "networking.k8s.io/v1/ingresses", "batch/v1/jobs", "autoscaling/v2/horizontalpodautoscalers", "policy/v1/poddisruptionbudgets", "rbac.authorization.k8s.io/v1/rolebindings"})))
		}
		h.lr(tr, h.ctl, s.Add(d), "info", "Cluster successfully synced", "server", c.server)
		if s.Add(d).After(warm) {
			warm = s.Add(d)
		}
	}
	h.ctlWarm = warm.Add(h.ms(100, 500))
}

// clusterCaches: each cluster's cache fully resynced every 30 minutes.
func (h *h13Log) clusterCaches() {
	for i, c := range h.clusters {
		first := h.start.Add(time.Duration(i*10)*time.Minute + h.ms(0, 60_000))
		h.g.every(first, h.end, 30*time.Minute, 20*time.Second, func(t time.Time) {
			if !t.Before(h.ctlStop.Add(-30*time.Second)) && t.Before(h.ctlWarm) {
				return
			}
			h.lr(routine, h.ctl, t, "info", "Start syncing cluster", "server", c.server)
			h.lr(routine, h.ctl, t.Add(h.ms(2500, 9000)), "info", "Cluster successfully synced", "server", c.server)
		})
	}
	// A watch on a remote cluster lost now and then.
	h.g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 2400 }, func(t time.Time) {
		if !t.Before(h.ctlStop) && t.Before(h.ctlWarm) {
			return
		}
		c := h.clusters[1+h.g.intn(2)]
		h.lr(routine, h.ctl, t, "warning", fmt.Sprintf("Failed to watch %s on %s: Resyncing watch, error: http2: client connection lost", pick(h.g, []string{"ReplicaSet.apps", "Pod", "EndpointSlice.discovery.k8s.io", "Event"}), c.server), "server", c.server)
	})
}

// stats: every pod's memory statistics every 10 minutes.
func (h *h13Log) stats() {
	one := func(name string, up, down time.Time, alloc float64, tr truth) {
		total, gc := alloc*float64(h.g.between(20, 400)), h.g.between(50, 3000)
		h.g.every(up.Add(10*time.Minute+h.ms(0, 1000)), down, 10*time.Minute, 0, func(t time.Time) {
			if t.Before(h.start) || name == h.ctl && !t.Before(h.ctlStop) && t.Before(h.ctlUp) {
				return
			}
			total += alloc * h.g.lognormal(3, 0.2)
			gc += h.g.between(6, 30)
			h.lr(tr, name, t, "info", fmt.Sprintf("Alloc=%d TotalAlloc=%d Sys=%d NumGC=%d Goroutines=%d", int(alloc*h.g.lognormal(1, 0.15)), int(total), int(alloc*2.1), gc, h.g.between(int(alloc/2000), int(alloc/1500))))
		})
	}
	one(h.ctl, h.start.Add(-time.Duration(h.g.intn(600))*time.Second), h.end, 640_000, routine)
	for _, p := range append(append([]*h13Pod{}, h.repoPods...), h.apiPods...) {
		alloc := 60_000.0
		if strings.HasPrefix(p.name, "argocd-repo") {
			alloc = 90_000
		}
		up := p.up
		if up.Before(h.start) {
			up = h.start.Add(-time.Duration(h.g.intn(600)) * time.Second)
		}
		down := p.down
		if down.After(h.end) {
			down = h.end
		}
		one(p.name, up, down, alloc, routine)
	}
}

// ui: people using the web UI: the application list, an application's page (its resource
// tree, revision metadata, what they may do), sometimes a resource, its manifests or its
// logs; the watches end when they leave.
func (h *h13Log) ui() {
	const app, acc = "application.ApplicationService", "account.AccountService"
	rate := func(t time.Time) float64 { return 0.36 + 0.15*t.Sub(h.start).Hours() }
	h.g.arrivals(h.start.Add(-10*time.Minute), h.end, rate, func(t time.Time) {
		u := pick(h.g, h.users)
		var mine []*h13App
		for _, a := range h.apps {
			if (a.team == u.team || u.team == "platform") && !a.from.After(t) {
				mine = append(mine, a)
			}
		}
		if len(mine) == 0 {
			mine = h.apps[:10]
		}
		a := pick(h.g, mine)
		tr := h.truthAt(a, t)
		p := h.pick(h.apiPods, t)
		if p == nil {
			return
		}
		call := func(at time.Time, svc, m string, median float64) time.Time {
			d := h.dur(median, 0.5)
			h.grpc(tr, p.name, at.Add(d), svc, m, "OK", d, "", false)
			return at.Add(d)
		}
		x := t
		if h.g.chance(0.03) {
			// The session cookie expired: signed out, a new SSO login.
			d := h.dur(2, 0.3)
			h.grpc(tr, p.name, x.Add(d), app, "List", "Unauthenticated", d, "rpc error: code = Unauthenticated desc = invalid session: token has invalid claims: token is expired", false)
			x = x.Add(h.ms(300, 900))
			h.lr(tr, p.name, x, "info", fmt.Sprintf("Performing authorization_code flow login: %s/api/dex/auth?access_type=offline&client_id=argo-cd&redirect_uri=https%%3A%%2F%%2Fargocd.example.com%%2Fauth%%2Fcallback&response_type=code&scope=openid+profile+email+groups&state=%s", h13Host, h.g.alnum(24)))
			x = x.Add(h.ms(3000, 12000))
		}
		x = call(x, "session.SessionService", "GetUserInfo", 1.5)
		x = call(x.Add(h.ms(1, 20)), "settings.SettingsService", "Get", 3)
		x = call(x.Add(h.ms(1, 30)), app, "List", 60)
		x = x.Add(h.ms(2000, 25000))
		x = call(x, app, "Get", 12)
		x = call(x.Add(h.ms(1, 30)), app, "ResourceTree", 15)
		x = call(x.Add(h.ms(1, 30)), app, "ManagedResources", 25)
		for i := h.g.between(1, 3); i > 0; i-- {
			x = call(x.Add(h.ms(1, 20)), acc, "CanI", 1)
		}
		x = h.revisionMetadata(a, x.Add(h.ms(5, 60)), tr, p)
		if h.g.chance(0.3) {
			x = call(x.Add(h.ms(3000, 40000)), app, "GetResource", 9)
		}
		if h.g.chance(0.15) {
			// Manifests of the running revision, from the repo server's cache.
			mx := x.Add(h.ms(2000, 30000))
			if _, err, etr := h.manifests(a, mx, tr, false, 0); err != "" {
				d := h.ms(1, 40)
				if etr.incident == h13GitDown {
					d = 30 * time.Second
				}
				code := "Unknown"
				if strings.Contains(err, "Unavailable") {
					code = "Unavailable"
				}
				h.grpc(etr, p.name, mx.Add(d), app, "GetManifests", code, d, err, false)
			} else {
				x = call(mx, app, "GetManifests", 40)
			}
		}
		if h.g.chance(0.02) {
			// Not allowed: syncing or deleting another team's application.
			o := h.apps[h.g.intn(len(h.apps))]
			if o.team != u.team && u.team != "platform" {
				act := pick(h.g, []string{"sync", "delete", "update"})
				m := map[string]string{"sync": "Sync", "delete": "Delete", "update": "Update"}[act]
				x = x.Add(h.ms(2000, 20000))
				d := h.dur(2, 0.4)
				h.grpc(routine, p.name, x.Add(d), app, m, "PermissionDenied", d,
					fmt.Sprintf("rpc error: code = PermissionDenied desc = permission denied: applications, %s, %s/%s, sub: %s, iat: %s", act, o.team, o.name, u.name, t.Add(-time.Duration(h.g.between(600, 36000))*time.Second).Format("2006-01-02T15:04:05Z")), false)
			}
		}
		if h.g.chance(0.01) {
			// A bookmark of an application since deleted.
			d := h.dur(3, 0.4)
			h.grpc(routine, p.name, x.Add(d), app, "Get", "NotFound", d, fmt.Sprintf(`rpc error: code = NotFound desc = applications.argoproj.io "%s-legacy" not found`, a.resName("Deployment")), false)
		}
		if h.g.chance(0.1) {
			ld := time.Duration(h.g.lognormal(40, 0.8) * float64(time.Second))
			h.grpc(tr, p.name, x.Add(ld), app, "PodLogs", "OK", ld, "", true)
		}
		// Leaving: the watches end.
		stay := time.Duration(h.g.lognormal(150, 0.8) * float64(time.Second))
		if p.down.Before(x.Add(stay)) {
			return
		}
		h.grpc(tr, p.name, x.Add(stay), app, "WatchResourceTree", "OK", stay, "", true)
		h.grpc(tr, p.name, x.Add(stay+h.ms(0, 40)), app, "Watch", "OK", x.Add(stay).Sub(t), "", true)
	})
	// A wrong admin password now and then.
	h.g.arrivals(h.start, h.end, func(time.Time) float64 { return 1.0 / 2000 }, func(t time.Time) {
		p := h.pick(h.apiPods, t)
		d := h.dur(70, 0.2) // bcrypt
		h.grpc(routine, p.name, t.Add(d), "session.SessionService", "Create", "Unauthenticated", d, "rpc error: code = Unauthenticated desc = Invalid username or password", false)
	})
}

// revisionMetadata is the UI's RevisionMetadata call, answered by a repo server.
func (h *h13Log) revisionMetadata(a *h13App, t time.Time, tr truth, p *h13Pod) time.Time {
	const app = "application.ApplicationService"
	if a.helm {
		d := h.dur(3, 0.4)
		h.grpc(tr, p.name, t.Add(d), app, "RevisionChartDetails", "OK", d, "", false)
		return t.Add(d)
	}
	rp := h.pick(h.repoPods, t)
	switch {
	case rp == nil || rp.deadAt(t):
		d := h.ms(1, 4)
		h.grpc(incident(h13OOM), p.name, t.Add(d), app, "RevisionMetadata", "Unavailable", d, h13Refused(h13RepoSvc), false)
		return t.Add(d)
	case h.gitDown(t):
		d := 30*time.Second + h.ms(0, 50)
		e := "rpc error: code = Unknown desc = " + h13Refs
		h.grpc(incident(h13GitDown), rp.name, t.Add(d), h13RepoSvcN, "GetRevisionMetadata", "Unknown", d, e, false)
		h.grpc(incident(h13GitDown), p.name, t.Add(d+h.ms(1, 3)), app, "RevisionMetadata", "Unknown", d, e, false)
		return t.Add(d)
	}
	d := h.dur(6, 0.5)
	h.grpc(tr, rp.name, t.Add(d), h13RepoSvcN, "GetRevisionMetadata", "OK", d, "", false)
	h.grpc(tr, p.name, t.Add(d+h.ms(1, 3)), app, "RevisionMetadata", "OK", d+h.ms(1, 3), "", false)
	return t.Add(d)
}

// ci: the CI bot's CLI checks the applications every minute.
func (h *h13Log) ci() {
	h.g.every(h.start.Add(h.ms(0, 60_000)), h.end, time.Minute, 3*time.Second, func(t time.Time) {
		p := h.pick(h.apiPods, t)
		if p == nil {
			return
		}
		d := h.dur(1, 0.3)
		h.grpc(routine, p.name, t.Add(d), "version.VersionService", "Version", "OK", d, "", false)
		d2 := h.dur(55, 0.4)
		h.grpc(routine, p.name, t.Add(d+d2+h.ms(1, 10)), "application.ApplicationService", "List", "OK", d2, "", false)
	})
}

// forged: a request to the webhook with a token that is not GitLab's.
func (h *h13Log) forged() {
	p := h.pick(h.apiPods, h.forgedAt)
	h.lr(incident(h13Forged), p.name, h.forgedAt, "info", "Webhook processing failed: token validation failed")
}

// oomKills: every refresh of analytics-spark after the bad push renders the huge chart
// on a repo server, which is killed at its memory limit and restarts with back-off.
func (h *h13Log) oomKills() {
	tr := incident(h13OOM)
	h.spark.busy = append(h.spark.busy, [2]time.Time{h.oomFrom.Add(-time.Second), h.oomFix.Add(3 * time.Minute)})
	h.commit(h.oomFrom, h.spark)
	t := h.webhook(h.oomFrom.Add(h.ms(500, 2000)), tr, []*h13App{h.spark})
	backoff := map[string]int{}
	for attempt := 0; t.Before(h.oomFix); attempt++ {
		a := h.spark
		if attempt == 0 || h.g.chance(0.6) {
			h.c(tr, a, t, "info", "Refreshing app status (normal refresh requested), level (3)")
		} else {
			h.c(tr, a, t, "info", fmt.Sprintf("Refreshing app status (comparison expired, requesting refresh. reconciledAt: %s, expiry: 3m0s), level (2)", t.Add(-h13Period).Format("2006-01-02 15:04:05 -0700 MST")))
		}
		h.c(tr, a, t.Add(h.ms(0, 3)), "info", fmt.Sprintf("Comparing app state (cluster: %s, namespace: %s)", a.cl.server, a.ns))
		p := h.pick(h.repoPods, t)
		var err string
		end := t.Add(h.ms(1, 4))
		if p == nil || p.deadAt(t) {
			err = h13Refused(h13RepoSvc)
		} else {
			rev := h.head(t)
			dir := "/tmp/_argocd-repo/" + h.dirOf(p)
			h.lr(tr, p.name, t.Add(h.ms(2, 6)), "info", "manifest cache miss: "+a.source()+"/"+rev)
			x := t.Add(h.ms(10, 30))
			if !h.fetched[h.dirOf(p)+rev] {
				h.fetched[h.dirOf(p)+rev] = true
				d := h.dur(700, 0.3)
				x = x.Add(d)
				h.lr(tr, p.name, x, "info", "Trace", "args", "[git fetch origin "+rev+" --tags --force --prune]", "dir", dir, "operation_name", "exec git", "time_ms", fmt.Sprintf("%.6f", float64(d.Microseconds())/1000))
			}
			for _, s := range []struct {
				args, op string
				ms       float64
			}{{"git checkout --force " + rev, "git", 60}, {"git clean -ffdx", "git", 12}, {"helm dependency build", "helm", 9000}} {
				d := h.dur(s.ms, 0.3)
				x = x.Add(d)
				w := dir
				if s.op == "helm" {
					w = dir + "/" + a.path
				}
				h.lr(tr, p.name, x, "info", "Trace", "args", "["+s.args+"]", "dir", w, "operation_name", "exec "+s.op, "time_ms", fmt.Sprintf("%.6f", float64(d.Microseconds())/1000))
			}
			// helm template grows past the container's limit: the pod is killed.
			kill := x.Add(h.ms(14_000, 26_000))
			k := backoff[p.name]
			backoff[p.name]++
			up := kill.Add(time.Duration(10<<k)*time.Second + h.ms(1000, 3000))
			p.dead = append(p.dead, [2]time.Time{kill, up.Add(h.ms(1500, 3000))})
			p.restarts++
			h.startup("argocd-repo-server", p, up, tr)
			err = "rpc error: code = Unavailable desc = error reading from server: EOF"
			end = kill.Add(h.ms(1, 5))
		}
		h.c(tr, a, end, "error", "Failed to load target state: failed to generate manifest for source 1 of 1: "+err)
		if a.unknown == "" {
			h.event(tr, a, end.Add(h.ms(1, 5)), "ResourceUpdated", "Normal", "Updated sync status: Synced -> Unknown")
			a.unknown = h13OOM
		}
		h.c(tr, a, end.Add(h.ms(5, 15)), "info", "Update successful")
		h.c(tr, a, end.Add(h.ms(15, 20)), "info", "Reconciliation completed", "dedup_ms", "0", "dest-name", "", "dest-namespace", a.ns, "dest-server", a.cl.server,
			"diff_ms", "0", "fields.level", "3", "git_ms", strconv.FormatInt(end.Sub(t).Milliseconds(), 10), "health_ms", "0", "live_ms", "4", "patch_ms", "10",
			"setop_ms", "0", "settings_ms", "0", "sync_ms", "0", "time_ms", strconv.FormatInt(end.Sub(t).Milliseconds()+20, 10))
		// The data team presses refresh again, or the controller's resync comes round.
		t = end.Add(h.ms(25_000, 60_000))
	}
}

// oomApp: the data team reverts the commit; analytics-spark renders again.
func (h *h13Log) oomApp() {
	tr := incident(h13OOM)
	h.commit(h.oomFix, h.spark)
	w := h.webhook(h.oomFix.Add(h.ms(500, 2000)), tr, []*h13App{h.spark})
	h.reconcile(h.spark, h.repoUp(w.Add(h.ms(100, 800))), tr, h13Ref{reason: "normal refresh requested", level: 3, miss: true, auto: "Skipping auto-sync: application status is Synced"})
}

// badCommit: orders-api-prod-eu's overlay asks for more cpu than its limit; its syncs
// fail until a fix is merged.
func (h *h13Log) badCommit() {
	tr := incident(h13Bad)
	a := h.orders
	a.busy = append(a.busy, [2]time.Time{h.badFrom.Add(-time.Second), h.badFix.Add(5 * time.Minute)})
	invalid := fmt.Sprintf(`Deployment.apps "%s" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "4": must be less than or equal to cpu limit of 2`, a.resName("Deployment"))
	failed := ""
	t := h.badFrom
	nextCommit := h.badFrom
	nextCLI := h.badFrom.Add(h.ms(240_000, 420_000))
	for t.Before(h.badFix) {
		switch {
		case !t.Before(nextCommit):
			// A commit that does not fix it (the first is the bad one).
			sha := h.commit(t, a)
			w := h.webhook(t.Add(h.ms(500, 2000)), tr, []*h13App{a})
			ev := []string{}
			if failed == "" {
				ev = []string{"Updated sync status: Synced -> OutOfSync"}
			}
			e, _, _ := h.reconcile(a, w.Add(h.ms(50, 700)), tr, h13Ref{reason: "normal refresh requested", level: 3, miss: true,
				auto: fmt.Sprintf("Initiated automated sync to '%s'", sha), autoEvent: true, events: ev})
			e = h.operation(a, e.Add(h.ms(100, 500)), sha, tr, a.kinds, invalid, 5, false)
			failed = sha
			nextCommit = e.Add(h.ms(300_000, 540_000))
			t = e.Add(h13Period)
		case !t.Before(nextCLI):
			u := h.teamUser("orders")
			p := h.pick(h.apiPods, t)
			h.lr(tr, p.name, t, "info", "received unary call /application.ApplicationService/Sync", "grpc.method", "Sync",
				"grpc.request.claims", fmt.Sprintf(`{"email":"%s","groups":["orders-devs"],"iss":"%s/api/dex","sub":"%s"}`, u.name, h13Host, u.name),
				"grpc.request.content", fmt.Sprintf(`name:"%s" revision:"main" prune:true strategy:<hook:<force:false > > appNamespace:"argocd" `, a.name),
				"grpc.service", "application.ApplicationService", "grpc.start_time", t.Format("2006-01-02T15:04:05Z"), "span.kind", "server", "system", "grpc")
			d := h.dur(45, 0.4)
			h.grpc(tr, p.name, t.Add(d), "application.ApplicationService", "Sync", "OK", d, "", false)
			e := h.operation(a, t.Add(d+h.ms(100, 600)), failed, tr, a.kinds, invalid, 5, false)
			nextCLI = e.Add(h.ms(240_000, 480_000))
			t = e.Add(h.ms(20_000, 60_000))
		default:
			e, _, _ := h.reconcile(a, t, tr, h13Ref{reason: "comparison expired, requesting refresh. reconciledAt: " + t.Add(-h13Period).Format("2006-01-02 15:04:05 -0700 MST") + ", expiry: 3m0s",
				level: 2, auto: "Skipping auto-sync: failed previous sync attempt to " + failed, autoWarn: true})
			t = e.Add(h13Period + h.ms(0, 1500))
			if t.After(nextCommit) && nextCommit.Before(h.badFix) {
				t = nextCommit
			}
		}
	}
	// The fix.
	sha := h.commit(h.badFix, a)
	w := h.webhook(h.badFix.Add(h.ms(500, 2000)), tr, []*h13App{a})
	e, _, _ := h.reconcile(a, w.Add(h.ms(50, 700)), tr, h13Ref{reason: "normal refresh requested", level: 3, miss: true,
		auto: fmt.Sprintf("Initiated automated sync to '%s'", sha), autoEvent: true})
	e = h.operation(a, e.Add(h.ms(100, 500)), sha, tr, a.kinds, "", 0, false)
	e, _, _ = h.reconcile(a, e, tr, h13Ref{reason: "controller refresh requested", level: 2, events: []string{"Updated sync status: OutOfSync -> Synced", "Updated health status: Healthy -> Progressing"}})
	e = e.Add(time.Duration(h.g.lognormal(50, 0.3) * float64(time.Second)))
	h.reconcile(a, e, tr, h13Ref{reason: "controller refresh requested", level: 1, events: []string{"Updated health status: Progressing -> Healthy"}})
}
