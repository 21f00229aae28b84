package families

import (
	"container/heap"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// holdout23 is the Cilium 1.15 agent DaemonSet of a production Kubernetes cluster
// (kube-proxy replacement, native routing, Hubble, identities in an external etcd
// kvstore), five worker nodes and later a sixth. Each agent logs logrus text lines
// (level, msg, then its fields sorted by key, subsys among them) to stderr, and the log
// collector ships the files of /var/log/containers, every line behind the CRI prefix,
// the agents interleaved.
//
// Normal traffic: pods created and deleted all the time (CI runner jobs, Airflow task
// pods, CronJobs, rollouts, evictions), each creation a dozen lines through the API
// rate limiter, identity resolution, the allocator and the BPF rewrite, each deletion
// five; a CronJob's run allocates a new identity and every agent regenerates all its
// endpoints, and again when the operator collects it. Housekeeping: conntrack GC
// intervals recalculated, nodes updated, now and then a policy edited somewhere, and the
// routine warnings (a CiliumEndpoint update conflict, an ipcache entry still owned by a
// previous pod, a proxied DNS lookup timing out, a client-go watch reset, an endpoint
// regeneration failing once and rewritten).
//
// Benign changes: DNS-aware egress policies rolled out namespace by namespace at 0:20;
// checkout scaled from 10 to 200 replicas at 1:02 and back from 1:32; a sixth node
// joining at 1:50 (a fresh agent's start-up, pods rebalanced onto it); the agent of
// k8s-prod-w02 upgraded to 1.15.6 as a canary at 2:33 (shutdown, start-up, restored
// endpoints rewritten).
//
// Incidents: the etcd cluster losing quorum at 0:47 for nine minutes (watchers failing
// to list, identity allocation failing and endpoint creations retried by kubelet, the
// lock session renewed after); a partner allowlist policy with thousands of CIDRs at
// 1:18 overflowing the policy map of the partner-gateway endpoints pinned to
// k8s-prod-w04 (map updates failing, regeneration retried with backoff) until deleted at
// 1:34; a crawler's DNS flood at 2:03 after which the agent of k8s-prod-w03 is
// OOM-killed over and over (start-ups cut short, endpoints failing to restore, pods
// waiting for their network) until the crawler is stopped; a lockdown policy in
// namespace search at 2:41 that breaks its DNS (proxied lookups failing, Hubble's queue
// overflowing with drops, a reindex Job retried) until reverted at 2:52.
var holdout23 = Family{
	Name:    "holdout-23",
	Role:    Holdout,
	Service: "Cilium 1.15 agent DaemonSet (kube-proxy replacement, Hubble, etcd kvstore) on a 5-6 node production Kubernetes cluster: logrus text lines of every agent, interleaved as shipped from /var/log/containers behind the CRI prefix",
	Lines:   holdout23Lines,
}

const (
	h23Etcd      = "etcd kvstore lost quorum for nine minutes: identity allocation and endpoint creation failing on every agent"
	h23PolicyMap = "CIDR-heavy partner allowlist policy overflowed the BPF policy map of the partner-gateway endpoints on k8s-prod-w04"
	h23OOM       = "cilium agent on k8s-prod-w03 OOM-killed and crash-looping after a DNS flood, its pods left without network"
	h23DNS       = "misconfigured CiliumNetworkPolicy in namespace search breaking DNS until it was reverted"
)

const (
	h23Cluster    = "prod-eu1"
	h23EtcdConfig = "/var/lib/etcd-config/etcd.config"
	h23APIServer  = "https://10.20.0.5:6443"
	h23KubeDNS    = "10.96.0.10"
	h23IdentityEv = "one or more identities created or deleted"
)

var h23EtcdHosts = []string{
	"https://etcd-0.etcd.prod-eu1.internal:2379",
	"https://etcd-1.etcd.prod-eu1.internal:2379",
	"https://etcd-2.etcd.prod-eu1.internal:2379",
}

var h23Versions = map[string]string{
	"1.15.5": "Cilium 1.15.5 9e3a9e8e 2024-05-10T15:39:56+02:00 go version go1.21.10 linux/amd64",
	"1.15.6": "Cilium 1.15.6 a09e05e6 2024-06-10T12:46:56+02:00 go version go1.21.11 linux/amd64",
}

// h23F is one field of a logrus line.
type h23F struct{ k, v string }

func h23kv(k string, v any) h23F {
	switch v := v.(type) {
	case string:
		return h23F{k, v}
	case int:
		return h23F{k, strconv.Itoa(v)}
	case int64:
		return h23F{k, strconv.FormatInt(v, 10)}
	case float64:
		return h23F{k, strconv.FormatFloat(v, 'g', -1, 64)}
	case bool:
		return h23F{k, strconv.FormatBool(v)}
	case time.Duration:
		return h23F{k, v.String()}
	}
	panic(fmt.Sprintf("families: no logrus form for %T", v))
}

func h23Sub(s string) h23F { return h23F{"subsys", s} }

// h23Quote quotes a value as logrus's text formatter does: only when it holds a
// character outside letters, digits and -._/@^+ (an empty value stays bare).
func h23Quote(s string) string {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+') {
			return strconv.Quote(s)
		}
	}
	return s
}

type h23Workload struct {
	ns, app, sa, kind string
	replicas          int
	pinned            int // the node (1-based) its pods are pinned to, 0 for any
	identity          int
	labels            []string
	hash              string // pod-template-hash, or the CI project's id
	life              time.Duration
	period            int // a CronJob's schedule, in minutes
}

func (wl *h23Workload) key() string      { return strings.Join(wl.labels, ";") + ";" }
func (wl *h23Workload) idLabels() string { return strings.Join(wl.labels, ",") }
func (wl *h23Workload) relKey() string   { return "[" + strings.Join(wl.labels, " ") + "]" }

type h23EP struct {
	node     *h23Node
	wl       *h23Workload
	pod      string
	id       int
	cid      string
	ip       string
	octet    int
	identity int
	rev      int
	tr       truth
	alive    bool
}

func (ep *h23EP) fields(subsys string, identity bool, dp, desired int, more ...h23F) []h23F {
	name := ep.wl.ns + "/" + ep.pod
	fs := []h23F{
		{"ciliumEndpointName", name}, {"containerID", ep.cid[:10]}, {"containerInterface", "eth0"},
		{"datapathPolicyRevision", strconv.Itoa(dp)}, {"desiredPolicyRevision", strconv.Itoa(desired)},
		{"endpointID", strconv.Itoa(ep.id)}, {"ipv4", ep.ip}, {"ipv6", ""}, {"k8sPodName", name}, {"subsys", subsys},
	}
	if identity {
		fs = append(fs, h23F{"identity", strconv.Itoa(ep.identity)})
	}
	return append(fs, more...)
}

func (ep *h23EP) policyMap() string { return fmt.Sprintf("cilium_policy_%05d", ep.id) }

// h23Pod is a pod waiting for its endpoint.
type h23Pod struct {
	wl       *h23Workload
	name     string
	life     time.Duration // 0: until something deletes it
	tr       truth         // the change the pod belongs to
	over     truth         // the truth of its creation when an incident or change delayed it
	node     *h23Node
	burst    bool
	tries    int
	onCreate func(*h23EP)
}

type h23Node struct {
	idx                  int
	name, ip, router     string
	zone                 string
	health               string
	eps                  []*h23EP
	usedID, usedIP       map[int]bool
	idRef                map[int]int
	present, up, crashed bool
	stale                []*h23EP
	backlog              []*h23Pod
	flushTr              truth
	rev                  int
	version              string
	ctInterval           time.Duration
	dnsPort              int
	hostEP, healthEP     int
	tr                   truth
	etcdOrder            string
	memBytes             int64
	limit                float64
	services, backends   int
}

func (n *h23Node) drop(ep *h23EP) {
	for i, e := range n.eps {
		if e == ep {
			n.eps = append(n.eps[:i], n.eps[i+1:]...)
			return
		}
	}
}

type h23Ev struct {
	at  int64
	seq int
	fn  func(time.Time)
}

type h23Queue []h23Ev

func (q h23Queue) Len() int { return len(q) }
func (q h23Queue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q h23Queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *h23Queue) Push(x any)   { *q = append(*q, x.(h23Ev)) }
func (q *h23Queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

type h23Log struct {
	g          *gen
	j          *journal
	q          h23Queue
	seq        int
	start, end time.Time

	nodes                        []*h23Node
	w02, w03, w04, w06           *h23Node
	apps, ci, dags, crons        []*h23Workload
	crawler, gateway, checkout   *h23Workload
	fluentBit                    *h23Workload
	usedIdentity, allocated, gcd map[int]bool
	refs                         map[int]int
	dnsReq                       int
	scalePods                    []*h23EP
	policy, scale, join, upgrade change
	etcdAt, etcdEnd, mapAt       time.Time
	mapEnd, oomAt, oomFix, dnsAt time.Time
	dnsEnd                       time.Time
}

func holdout23Lines(seed int64) []Line {
	start := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	w := &h23Log{
		g:            newGen(seed, 2323),
		j:            &journal{},
		start:        start,
		end:          start.Add(Length),
		usedIdentity: map[int]bool{},
		allocated:    map[int]bool{},
		gcd:          map[int]bool{},
		refs:         map[int]int{},
		policy:       change{"DNS-aware egress CiliumNetworkPolicies rolled out to shop, payments and search", start.Add(20 * time.Minute)},
		scale:        change{"checkout scaled from 10 to 200 replicas for a load test, then back", start.Add(62 * time.Minute)},
		join:         change{"node k8s-prod-w06 joined the cluster", start.Add(110 * time.Minute)},
		upgrade:      change{"cilium agent on k8s-prod-w02 upgraded to 1.15.6 as a canary", start.Add(153 * time.Minute)},
		etcdAt:       start.Add(47 * time.Minute),
		mapAt:        start.Add(78 * time.Minute),
		oomAt:        start.Add(123 * time.Minute),
		dnsAt:        start.Add(161 * time.Minute),
	}
	w.etcdEnd = w.etcdAt.Add(9 * time.Minute)
	w.mapEnd = w.mapAt.Add(16*time.Minute + 30*time.Second)
	w.oomFix = w.oomAt.Add(21*time.Minute + 30*time.Second)
	w.dnsEnd = w.dnsAt.Add(11 * time.Minute)
	w.setup()
	w.background()
	w.policyRollout()
	w.scaleOut()
	w.nodeJoin()
	w.canaryUpgrade()
	w.etcdOutage()
	w.policyMapFull()
	w.crashLoop()
	w.dnsLockdown()
	w.run()
	return w.j.sorted(w.end)
}

// at schedules fn: sources that read or change the cluster's state run in time order.
func (w *h23Log) at(t time.Time, fn func(time.Time)) {
	if !t.Before(w.end) {
		return
	}
	heap.Push(&w.q, h23Ev{at: t.UnixNano(), seq: w.seq, fn: fn})
	w.seq++
}

func (w *h23Log) run() {
	for w.q.Len() > 0 {
		e := heap.Pop(&w.q).(h23Ev)
		e.fn(time.Unix(0, e.at).UTC())
	}
}

// emit writes one logrus line behind the CRI prefix.
func (w *h23Log) emit(tr truth, at time.Time, level, msg string, fields ...h23F) {
	fs := append([]h23F(nil), fields...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].k < fs[j].k })
	var b strings.Builder
	b.WriteString(at.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"))
	b.WriteString(" stderr F level=")
	b.WriteString(level)
	b.WriteString(" msg=")
	b.WriteString(h23Quote(msg))
	for _, f := range fs {
		b.WriteString(" ")
		b.WriteString(f.k)
		b.WriteString("=")
		b.WriteString(h23Quote(f.v))
	}
	w.j.add(tr, at, b.String())
}

// us and ms draw a duration between lo and hi micro- or milliseconds, to the nanosecond.
func (w *h23Log) us(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo*1000, hi*1000))
}

func (w *h23Log) ms(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo*1000000, hi*1000000))
}

func (w *h23Log) logn(median time.Duration, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(float64(median), sigma))
}

// truthOf is the truth of a line of node n about something of its own truth, written
// under over: an incident wins, else the most recent change.
func (w *h23Log) truthOf(n *h23Node, own, over truth) truth {
	if over.incident != "" {
		return over
	}
	if own.incident != "" {
		return own
	}
	tr := routine
	if n != nil {
		tr = later(tr, n.tr)
	}
	return later(later(tr, own), over)
}

func (w *h23Log) etcdDown(t time.Time) bool {
	return within(t, w.etcdAt, w.etcdEnd.Sub(w.etcdAt))
}

func (w *h23Log) newIdentity() int {
	for {
		id := w.g.between(1100, 65000)
		if !w.usedIdentity[id] {
			w.usedIdentity[id] = true
			return id
		}
	}
}

func (w *h23Log) workload(ns, app, sa, kind, labelKey string, replicas, pinned int, extra ...string) *h23Workload {
	labels := append([]string{
		"k8s:" + labelKey + "=" + app,
		"k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=" + ns,
		"k8s:io.cilium.k8s.policy.cluster=" + h23Cluster,
		"k8s:io.cilium.k8s.policy.serviceaccount=" + sa,
		"k8s:io.kubernetes.pod.namespace=" + ns,
	}, extra...)
	sort.Strings(labels)
	return &h23Workload{ns: ns, app: app, sa: sa, kind: kind, replicas: replicas, pinned: pinned,
		identity: w.newIdentity(), labels: labels, hash: w.g.alnum(10)}
}

func (w *h23Log) podName(wl *h23Workload) string {
	g := w.g
	switch wl.kind {
	case "ds":
		return wl.app + "-" + g.alnum(5)
	case "ci":
		return fmt.Sprintf("runner-%s-project-%s-concurrent-%d-%s", g.alnum(8), wl.hash, g.intn(6), g.alnum(8))
	case "airflow":
		return strings.ReplaceAll(wl.app, "_", "-") + "-" + pick(g, []string{"extract", "transform", "load", "validate", "publish"}) + "-" + g.hex(8)
	case "job":
		return wl.app + "-" + g.alnum(5)
	}
	return wl.app + "-" + wl.hash + "-" + g.alnum(5)
}

func (w *h23Log) setup() {
	g := w.g
	zones := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a", "eu-west-1b", "eu-west-1c"}
	for i := 1; i <= 6; i++ {
		n := &h23Node{
			idx: i, name: fmt.Sprintf("k8s-prod-w%02d", i), ip: fmt.Sprintf("10.20.0.%d", 10+i), zone: zones[i-1],
			usedID: map[int]bool{}, usedIP: map[int]bool{}, idRef: map[int]int{},
			rev: g.between(180, 260), version: "1.15.5", ctInterval: time.Duration(g.between(240, 420)) * time.Second,
			dnsPort: g.between(33000, 45000), memBytes: 133143986176 + int64(g.between(0, 4000))*4096,
			limit: 0.5 + g.rng.Float64(), services: g.between(138, 146), backends: g.between(380, 420),
		}
		ro, ho := g.between(2, 254), g.between(2, 254)
		for ho == ro {
			ho = g.between(2, 254)
		}
		n.router, n.health = fmt.Sprintf("10.244.%d.%d", i, ro), fmt.Sprintf("10.244.%d.%d", i, ho)
		n.usedIP[ro], n.usedIP[ho] = true, true
		n.hostEP = g.between(1, 4095)
		n.usedID[n.hostEP] = true
		for n.healthEP = g.between(1, 4095); n.usedID[n.healthEP]; n.healthEP = g.between(1, 4095) {
		}
		n.usedID[n.healthEP] = true
		hosts := append([]string(nil), h23EtcdHosts...)
		g.rng.Shuffle(len(hosts), func(a, b int) { hosts[a], hosts[b] = hosts[b], hosts[a] })
		n.etcdOrder = "[" + strings.Join(hosts, " ") + "]"
		n.present, n.up = i <= 5, i <= 5
		w.nodes = append(w.nodes, n)
	}
	w.w02, w.w03, w.w04, w.w06 = w.nodes[1], w.nodes[2], w.nodes[3], w.nodes[5]
	w.w06.tr = w.join.truth()

	app := func(ns, name, sa, kind string, replicas, pinned int) *h23Workload {
		wl := w.workload(ns, name, sa, kind, "app", replicas, pinned)
		w.apps = append(w.apps, wl)
		return wl
	}
	app("shop", "frontend", "frontend", "deploy", 6, 0)
	app("shop", "cart", "cart", "deploy", 4, 0)
	w.checkout = app("shop", "checkout", "checkout", "deploy", 10, 0)
	app("shop", "catalog", "catalog", "deploy", 4, 0)
	app("shop", "recommendations", "recommendations", "deploy", 3, 0)
	app("payments", "payments-api", "payments-api", "deploy", 4, 0)
	app("payments", "ledger", "ledger", "deploy", 3, 0)
	app("payments", "fraud-scorer", "fraud-scorer", "deploy", 3, 0)
	w.gateway = app("payments", "partner-gateway", "partner-gateway", "deploy", 3, 4)
	app("search", "search-api", "search-api", "deploy", 4, 0)
	app("search", "indexer", "indexer", "deploy", 2, 0)
	app("search", "search-os", "opensearch", "sts", 3, 0)
	w.crawler = app("search", "link-crawler", "link-crawler", "deploy", 1, 3)
	app("kube-system", "coredns", "coredns", "deploy", 2, 0)
	app("kube-system", "hubble-relay", "hubble-relay", "deploy", 1, 0)
	app("monitoring", "prometheus-k8s", "prometheus-k8s", "sts", 2, 0)
	app("monitoring", "alertmanager-main", "alertmanager-main", "sts", 2, 0)
	app("monitoring", "grafana", "grafana", "deploy", 1, 0)
	app("monitoring", "kube-state-metrics", "kube-state-metrics", "deploy", 1, 0)
	app("ingress-nginx", "ingress-nginx-controller", "ingress-nginx", "deploy", 3, 0)
	app("ci", "gitlab-runner", "gitlab-runner", "deploy", 1, 0)
	app("data", "airflow-scheduler", "airflow-scheduler", "deploy", 1, 0)
	app("data", "airflow-webserver", "airflow-webserver", "deploy", 1, 0)
	w.fluentBit = w.workload("logging", "fluent-bit", "fluent-bit", "ds", "app.kubernetes.io/name", 0, 0)

	for i, p := range []string{"storefront-web", "checkout-svc", "payments-core", "search-ranker", "mobile-bff", "infra-terraform", "data-pipelines", "platform-tools"} {
		wl := w.workload("ci", p, "gitlab-runner-jobs", "ci", "project", 0, 0, "k8s:app=ci-job")
		wl.hash = strconv.Itoa([]int{4412, 3187, 2290, 5120, 4876, 1203, 3954, 2741}[i])
		w.ci = append(w.ci, wl)
	}
	for _, d := range []string{"etl_orders", "etl_clickstream", "ml_feature_refresh", "reporting_daily", "search_reindex_delta"} {
		w.dags = append(w.dags, w.workload("data", d, "airflow-worker", "airflow", "dag_id", 0, 0, "k8s:kubernetes_pod_operator=True"))
	}
	for _, c := range []struct {
		name   string
		period int
		life   time.Duration
	}{{"cache-warmer", 5, 40 * time.Second}, {"report-aggregator", 10, 90 * time.Second}, {"invoice-export", 15, 2 * time.Minute},
		{"sitemap-builder", 20, 150 * time.Second}, {"db-backup-verify", 30, 5 * time.Minute}, {"cert-expiry-check", 60, 15 * time.Second}} {
		w.crons = append(w.crons, &h23Workload{ns: "batch", app: c.name, sa: "default", kind: "cron", period: c.period, life: c.life})
	}

	// The pods running when the file begins, placed round the nodes.
	k := g.intn(5)
	for _, wl := range w.apps {
		for r := 0; r < wl.replicas; r++ {
			n := w.nodes[k%5]
			k++
			if wl.pinned > 0 {
				n = w.nodes[wl.pinned-1]
			}
			name := w.podName(wl)
			if wl.kind == "sts" {
				name = fmt.Sprintf("%s-%d", wl.app, r)
			}
			w.place(n, &h23Pod{wl: wl, name: name})
		}
	}
	for _, n := range w.nodes[:5] {
		w.place(n, &h23Pod{wl: w.fluentBit, name: w.podName(w.fluentBit)})
	}
	for i := 0; i < 95; i++ {
		wl := w.ci[g.weighted(len(w.ci), func(i int) float64 { return 1 / float64(i+2) })]
		ep := w.place(w.nodes[g.intn(5)], &h23Pod{wl: wl, name: w.podName(wl)})
		w.at(w.start.Add(w.logn(90*time.Second, 0.8)), func(t time.Time) { w.deletePod(t, ep, routine) })
	}
	for i := 0; i < 35; i++ {
		wl := pick(g, w.dags)
		ep := w.place(w.nodes[g.intn(5)], &h23Pod{wl: wl, name: w.podName(wl)})
		w.at(w.start.Add(w.logn(100*time.Second, 0.8)), func(t time.Time) { w.deletePod(t, ep, routine) })
	}
}

// place puts a pod that was running before the file began.
func (w *h23Log) place(n *h23Node, p *h23Pod) *h23EP {
	ep := w.newEP(n, p)
	ep.rev, ep.alive = n.rev, true
	n.eps = append(n.eps, ep)
	n.idRef[ep.identity]++
	w.refs[ep.identity]++
	w.allocated[ep.identity] = true
	return ep
}

func (w *h23Log) newEP(n *h23Node, p *h23Pod) *h23EP {
	g := w.g
	id := g.between(1, 4095)
	for n.usedID[id] {
		id = g.between(1, 4095)
	}
	n.usedID[id] = true
	o := g.between(2, 254)
	for n.usedIP[o] {
		o = g.between(2, 254)
	}
	n.usedIP[o] = true
	return &h23EP{node: n, wl: p.wl, pod: p.name, id: id, cid: g.hex(64), ip: fmt.Sprintf("10.244.%d.%d", n.idx, o),
		octet: o, identity: p.wl.identity, tr: p.tr}
}

func (w *h23Log) freeEP(ep *h23EP) {
	delete(ep.node.usedID, ep.id)
	delete(ep.node.usedIP, ep.octet)
}

func (w *h23Log) pickNode(wl *h23Workload) *h23Node {
	if wl.pinned > 0 {
		return w.nodes[wl.pinned-1]
	}
	var c []*h23Node
	for _, n := range w.nodes {
		if n.present {
			c = append(c, n)
		}
	}
	return c[w.g.intn(len(c))]
}

// limiter writes the API rate limiter taking a request in and letting it go.
func (w *h23Log) limiter(n *h23Node, tr truth, t time.Time, name string, burst bool) time.Time {
	g := w.g
	u := g.uuid()
	w.emit(tr, t, "info", "Processing API request with rate limiter", h23kv("maxWaitDuration", "15s"), h23kv("name", name),
		h23kv("parallelRequests", 4), h23Sub("rate"), h23kv("uuid", u))
	var wait time.Duration
	if burst {
		wait = w.logn(600*time.Millisecond, 0.7)
	}
	total := wait + w.logn(30*time.Microsecond, 0.6)
	limit := 4.0
	if name == "endpoint-create" {
		n.limit += g.normal(0, 0.05)
		if burst {
			n.limit += 0.08
		}
		n.limit = min(max(n.limit, 0.5), 4)
		limit = n.limit
	}
	at := t.Add(total)
	w.emit(tr, at, "info", "API request released by rate limiter", h23kv("burst", 4), h23kv("limit", fmt.Sprintf("%.2f/s", limit)),
		h23kv("maxWaitDuration", "15s"), h23kv("maxWaitDurationLimiter", 15*time.Second-wait-time.Duration(g.between(20000, 90000))),
		h23kv("name", name), h23kv("parallelRequests", 4), h23Sub("rate"), h23kv("uuid", u),
		h23kv("waitDurationLimiter", wait), h23kv("waitDurationTotal", total))
	return at
}

// createPod is the CNI plugin asking the node's agent for the pod's endpoint.
func (w *h23Log) createPod(t time.Time, p *h23Pod) *h23EP {
	g := w.g
	n := p.node
	if n == nil {
		n = w.pickNode(p.wl)
	}
	if !n.up {
		p.node = n
		n.backlog = append(n.backlog, p)
		return nil
	}
	if w.etcdDown(t) && n.idRef[p.wl.identity] == 0 {
		w.failCreate(t, n, p)
		return nil
	}
	ep := w.newEP(n, p)
	tr := w.truthOf(n, p.tr, p.over)
	at := w.limiter(n, tr, t, "endpoint-create", p.burst).Add(w.us(40, 200))
	w.emit(tr, at, "info", "Create endpoint request",
		h23kv("addressing", fmt.Sprintf("&{%s %s default   }", ep.ip, g.uuid())), h23kv("containerID", ep.cid),
		h23kv("containerInterface", "eth0"), h23kv("datapathConfiguration", "&{false false false false false <nil>}"),
		h23kv("interface", "lxc"+g.hex(12)), h23kv("k8sPodName", p.wl.ns+"/"+p.name), h23kv("labels", "[]"),
		h23Sub("daemon"), h23kv("sync-build", true))
	at = at.Add(w.us(80, 400))
	w.emit(tr, at, "info", "New endpoint", ep.fields("endpoint", false, 0, 0)...)
	at = at.Add(w.us(30, 200))
	w.emit(tr, at, "info", "Resolving identity labels (blocking)", ep.fields("endpoint", false, 0, 0, h23kv("identityLabels", p.wl.idLabels()))...)
	id := p.wl.identity
	if n.idRef[id] == 0 {
		at = at.Add(w.logn(6*time.Millisecond, 0.6))
		if !w.allocated[id] {
			w.allocated[id] = true
			w.emit(tr, at, "info", "Allocated new global key", h23kv("key", p.wl.key()), h23Sub("allocator"))
			w.identityEvent(at.Add(w.ms(100, 600)), tr)
		} else {
			w.emit(tr, at, "info", "Reusing existing global key", h23kv("key", p.wl.key()), h23Sub("allocator"))
		}
	}
	n.idRef[id]++
	w.refs[id]++
	at = at.Add(w.us(100, 900))
	w.emit(tr, at, "info", "Identity of endpoint changed", ep.fields("endpoint", true, 0, 0,
		h23kv("identityLabels", p.wl.idLabels()), h23kv("oldIdentity", "no identity"))...)
	at = at.Add(w.us(20, 120))
	w.emit(tr, at, "info", "Waiting for endpoint to be generated", ep.fields("endpoint", true, 0, 0)...)
	regen := w.logn(420*time.Millisecond, 0.45)
	if p.burst {
		regen = w.logn(1400*time.Millisecond, 0.5)
	}
	at = at.Add(regen)
	w.emit(tr, at, "info", "Rewrote endpoint BPF program", ep.fields("endpoint", true, 0, n.rev)...)
	ep.rev = n.rev
	at = at.Add(w.us(50, 400))
	w.emit(tr, at, "info", "Successful endpoint creation", ep.fields("daemon", true, n.rev, n.rev)...)
	ep.alive = true
	n.eps = append(n.eps, ep)
	if p.life > 0 {
		w.at(at.Add(p.life), func(t time.Time) { w.deletePod(t, ep, routine) })
	}
	if p.onCreate != nil {
		p.onCreate(ep)
	}
	return ep
}

// failCreate is a creation during the etcd outage whose identity the node does not hold:
// the allocator cannot reach the kvstore, the request times out and kubelet retries
// with a new sandbox later.
func (w *h23Log) failCreate(t time.Time, n *h23Node, p *h23Pod) {
	g := w.g
	tr := incident(h23Etcd)
	p.over, p.node = tr, n
	p.tries++
	ep := w.newEP(n, p)
	at := w.limiter(n, tr, t, "endpoint-create", false).Add(w.us(40, 200))
	w.emit(tr, at, "info", "Create endpoint request",
		h23kv("addressing", fmt.Sprintf("&{%s %s default   }", ep.ip, g.uuid())), h23kv("containerID", ep.cid),
		h23kv("containerInterface", "eth0"), h23kv("datapathConfiguration", "&{false false false false false <nil>}"),
		h23kv("interface", "lxc"+g.hex(12)), h23kv("k8sPodName", p.wl.ns+"/"+p.name), h23kv("labels", "[]"),
		h23Sub("daemon"), h23kv("sync-build", true))
	at = at.Add(w.us(80, 400))
	w.emit(tr, at, "info", "New endpoint", ep.fields("endpoint", false, 0, 0)...)
	at = at.Add(w.us(30, 200))
	w.emit(tr, at, "info", "Resolving identity labels (blocking)", ep.fields("endpoint", false, 0, 0, h23kv("identityLabels", p.wl.idLabels()))...)
	errs := []string{"etcd client timeout exceeded", "etcdserver: request timed out", "etcdserver: no leader"}
	attempts := 0
	for a := 1; a <= 4; a++ {
		at = at.Add(w.logn(2500*time.Millisecond, 0.4))
		if at.After(t.Add(14 * time.Second)) {
			break
		}
		attempts = a
		w.emit(tr, at, "warning", "Key allocation attempt failed", h23kv("attempt", a), h23kv("error", pick(g, errs)),
			h23kv("key", p.wl.key()), h23Sub("allocator"))
	}
	at = t.Add(15*time.Second + w.ms(0, 400))
	w.emit(tr, at, "warning", "Ongoing key allocation has been cancelled", h23kv("attempt", attempts+1),
		h23kv("error", "context deadline exceeded"), h23kv("key", p.wl.key()), h23Sub("allocator"))
	at = at.Add(w.us(100, 600))
	w.emit(tr, at, "warning", "Error changing endpoint identity", ep.fields("endpoint", false, 0, 0,
		h23kv("error", "unable to allocate identity: key allocation cancelled: context deadline exceeded"),
		h23kv("identityLabels", p.wl.idLabels()))...)
	at = at.Add(w.us(200, 1500))
	w.emit(tr, at, "warning", "Creation of endpoint failed", ep.fields("daemon", false, 0, 0,
		h23kv("error", "timeout while waiting for initial endpoint generation to complete: context deadline exceeded"))...)
	w.freeEP(ep)
	backoff := 10 * time.Second << min(p.tries-1, 4)
	w.at(at.Add(backoff+w.ms(0, 5000)), func(t time.Time) { w.createPod(t, p) })
}

// deletePod is kubelet deleting the pod's endpoint (or the pod going while the agent is
// down: the agent finds its interface gone when it restores).
func (w *h23Log) deletePod(t time.Time, ep *h23EP, over truth) {
	if !ep.alive {
		return
	}
	n := ep.node
	ep.alive = false
	n.drop(ep)
	last := w.release(t, ep)
	if !n.up {
		n.stale = append(n.stale, ep)
		return
	}
	tr := w.truthOf(n, ep.tr, over)
	at := w.limiter(n, tr, t, "endpoint-delete", false).Add(w.us(50, 300))
	w.emit(tr, at, "info", "Delete endpoint request", h23kv("containerID", ep.cid[:10]), h23kv("endpointID", ep.id),
		h23kv("k8sNamespace", ep.wl.ns), h23kv("k8sPodName", ep.pod), h23Sub("daemon"))
	at = at.Add(w.us(60, 400))
	w.emit(tr, at, "info", "Releasing key", h23kv("key", ep.wl.relKey()), h23Sub("allocator"))
	if last && w.etcdDown(at) {
		at = at.Add(w.logn(4*time.Second, 0.4))
		w.emit(incident(h23Etcd), at, "warning", "Ignoring error while deleting endpoint", h23kv("endpointID", ep.id),
			h23kv("error", "unable to release identity: etcd client timeout exceeded"), h23Sub("daemon"))
	}
	at = at.Add(w.logn(8*time.Millisecond, 0.6))
	w.emit(tr, at, "info", "Removed endpoint", ep.fields("endpoint", true, ep.rev, n.rev)...)
	w.freeEP(ep)
}

// release drops the endpoint's reference to its identity; a Job's identity is collected
// by the operator some minutes after its last pod, and every agent hears of it.
func (w *h23Log) release(t time.Time, ep *h23EP) bool {
	n, id := ep.node, ep.identity
	n.idRef[id]--
	w.refs[id]--
	if ep.wl.kind == "job" && w.refs[id] == 0 && !w.gcd[id] {
		w.gcd[id] = true
		w.identityEvent(t.Add(12*time.Minute+w.ms(0, 600000)), ep.tr)
	}
	return n.idRef[id] == 0
}

// identityEvent is an identity created or deleted in the kvstore: every agent
// recomputes its policies.
func (w *h23Log) identityEvent(t time.Time, tr truth) {
	w.at(t, func(t time.Time) {
		for _, n := range w.nodes {
			if !n.present || !n.up {
				continue
			}
			at := t.Add(w.ms(150, 2500))
			w.emit(w.truthOf(n, routine, tr), at, "info", "regenerating all endpoints", h23kv("reason", h23IdentityEv), h23Sub("endpoint-manager"))
			if n == w.w04 && within(at, w.mapAt, w.mapEnd.Sub(w.mapAt)) {
				for _, ep := range n.eps {
					if ep.wl == w.gateway {
						w.mapFail(at.Add(w.ms(20, 300)), ep, h23IdentityEv)
					}
				}
			}
		}
	})
}

// importPolicy is a CiliumNetworkPolicy added, changed or deleted as the agent logs it;
// the endpoints of other namespaces pick up the new revision quietly.
func (w *h23Log) importPolicy(n *h23Node, at time.Time, tr truth, ns, name string, deleted bool) time.Time {
	tr = w.truthOf(n, routine, tr)
	n.rev++
	for _, ep := range n.eps {
		if ep.wl.ns != ns {
			ep.rev = n.rev
		}
	}
	if deleted {
		w.emit(tr, at, "info", "Deleted CiliumNetworkPolicy", h23kv("ciliumNetworkPolicyName", name), h23kv("k8sApiVersion", ""),
			h23kv("k8sNamespace", ns), h23Sub("k8s-watcher"))
		return at
	}
	w.emit(tr, at, "info", "Policy imported via API, recalculating...", h23kv("policyAddRequest", w.g.uuid()),
		h23kv("policyRevision", n.rev), h23Sub("daemon"))
	at = at.Add(w.us(200, 3000))
	w.emit(tr, at, "info", "Imported CiliumNetworkPolicy", h23kv("ciliumNetworkPolicyName", name), h23kv("k8sApiVersion", ""),
		h23kv("k8sNamespace", ns), h23Sub("k8s-watcher"))
	return at
}

// reloadNS regenerates the namespace's endpoints after a policy with L7 rules changed.
func (w *h23Log) reloadNS(n *h23Node, at time.Time, tr truth, ns string, skip *h23Workload) {
	for _, ep := range n.eps {
		if ep.wl.ns != ns || ep.wl == skip {
			continue
		}
		at = at.Add(w.logn(60*time.Millisecond, 0.6))
		w.emit(w.truthOf(n, ep.tr, tr), at, "info", "Reloaded endpoint BPF program", ep.fields("endpoint", true, ep.rev, n.rev)...)
		ep.rev = n.rev
	}
}

// dnsLine is the agent's DNS proxy failing to get an answer for an endpoint: the
// forward failing (errText given the source address), or the answer never coming.
func (w *h23Log) dnsLine(tr truth, at time.Time, ep *h23EP, name string, errText func(src string) string) {
	w.dnsReq += w.g.between(1, 40)
	src := fmt.Sprintf("%s:%d", ep.ip, w.g.between(32768, 60999))
	msg, level, e := "Timeout waiting for response to forwarded proxied DNS lookup", "warning", fmt.Sprintf("read udp %s->%s:53: i/o timeout", src, h23KubeDNS)
	if errText != nil {
		msg, level, e = "Cannot forward proxied DNS lookup", "error", errText(src)
	}
	w.emit(tr, at, level, msg, h23kv("DNSRequestID", w.dnsReq), h23kv("dnsName", name), h23kv("endpointID", ep.id),
		h23kv("error", e), h23kv("identity", ep.identity), h23kv("ipAddr", src), h23Sub("fqdn/dnsproxy"))
}

func (w *h23Log) nodeUpdated(tr truth, at time.Time, of *h23Node) {
	w.emit(tr, at, "info", "Node updated", h23kv("clusterName", h23Cluster), h23kv("nodeName", of.name), h23Sub("nodemanager"))
}

// eachUp runs fn for the nodes whose agent is running.
func (w *h23Log) eachUp(fn func(n *h23Node)) {
	for _, n := range w.nodes {
		if n.present && n.up {
			fn(n)
		}
	}
}

func (w *h23Log) randomEP(n *h23Node, ok func(*h23EP) bool) *h23EP {
	var c []*h23EP
	for _, ep := range n.eps {
		if ok == nil || ok(ep) {
			c = append(c, ep)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[w.g.intn(len(c))]
}

var h23RoutineNames = []string{"api.github.com.", "registry-1.docker.io.", "sts.eu-west-1.amazonaws.com.", "s3.eu-west-1.amazonaws.com.",
	"hooks.slack.com.", "events.pagerduty.com.", "alertmanager-main.monitoring.svc.cluster.local.", "oauth2.googleapis.com.",
	"pypi.org.", "files.pythonhosted.org.", "ghcr.io.", "api.stripe.com.", "kafka-0.kafka.data.svc.cluster.local."}

var h23Watches = []string{"*v1.Pod", "*v2.CiliumNode", "*v1.Namespace", "*v2.CiliumNetworkPolicy", "*v1.EndpointSlice", "*v1.Service"}

// background is what every cluster writes: pods coming and going, housekeeping and the
// routine warnings.
func (w *h23Log) background() {
	g := w.g
	// CI runner jobs, busier as the morning goes on.
	g.arrivals(w.start, w.end, func(t time.Time) float64 { return 0.6 + 0.25*t.Sub(w.start).Hours()/3 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			wl := w.ci[g.weighted(len(w.ci), func(i int) float64 { return 1 / float64(i+2) })]
			w.createPod(t, &h23Pod{wl: wl, name: w.podName(wl), life: w.logn(150*time.Second, 0.6)})
		})
	})
	// Airflow task pods.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 0.2 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			wl := pick(g, w.dags)
			w.createPod(t, &h23Pod{wl: wl, name: w.podName(wl), life: w.logn(130*time.Second, 0.7)})
		})
	})
	// CronJobs: each run is a Job whose labels make a new identity.
	w.g.every(w.start.Add(time.Minute), w.end, time.Minute, 0, func(t time.Time) {
		m := int(t.Unix() / 60)
		for _, c := range w.crons {
			if m%c.period == 0 {
				c := c
				w.at(t.Add(w.ms(200, 3000)), func(t time.Time) { w.launchJob(t, c, routine) })
			}
		}
	})
	// Rollouts: a deployment's pods replaced one by one.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 1800 }, func(t time.Time) {
		w.at(t, func(t time.Time) { w.rollout(t) })
	})
	// Evictions and single pod restarts.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 240 }, func(t time.Time) {
		w.at(t, func(t time.Time) { w.evict(t) })
	})
	// A policy edited by some team now and then.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 2400 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			ps := [][2]string{{"monitoring", "allow-prometheus-scrape"}, {"ingress-nginx", "allow-ingress-controller"},
				{"kube-system", "allow-coredns"}, {"logging", "fluent-bit-egress"}, {"data", "airflow-egress"}}
			p := pick(g, ps)
			w.eachUp(func(n *h23Node) {
				at := w.importPolicy(n, t.Add(w.ms(100, 2500)), routine, p[0], p[1], false)
				w.reloadNS(n, at.Add(w.ms(5, 50)), routine, p[0], nil)
			})
		})
	})
	// An endpoint regeneration failing once, then rewritten.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 2700 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			n := w.nodes[g.intn(6)]
			if !n.present || !n.up {
				return
			}
			ep := w.randomEP(n, nil)
			if ep == nil {
				return
			}
			tr := w.truthOf(n, ep.tr, routine)
			build := w.logn(5*time.Second, 0.3)
			w.emit(tr, t, "warning", "Regeneration of endpoint failed", ep.fields("endpoint", true, ep.rev, n.rev,
				h23kv("bpfCompilation", time.Duration(0)), h23kv("buildDuration", build),
				h23kv("error", "Error while configuring proxy redirects: proxy state changes failed: context deadline exceeded"),
				h23kv("mapSync", w.logn(600*time.Microsecond, 0.4)), h23kv("policyCalculation", w.logn(1800*time.Microsecond, 0.4)),
				h23kv("prepareBuild", w.logn(400*time.Microsecond, 0.4)), h23kv("proxyConfiguration", w.logn(70*time.Microsecond, 0.4)),
				h23kv("proxyPolicyCalculation", w.logn(2*time.Millisecond, 0.4)), h23kv("proxyWaitForAck", build-w.ms(5, 30)),
				h23kv("reason", h23IdentityEv), h23kv("waitingForCTClean", time.Duration(0)), h23kv("waitingForLock", w.logn(9*time.Microsecond, 0.5)))...)
			at := t.Add(w.logn(2*time.Second, 0.4))
			w.emit(tr, at, "info", "Rewrote endpoint BPF program", ep.fields("endpoint", true, ep.rev, n.rev)...)
			ep.rev = n.rev
		})
	})
	// An upstream hiccup of the DNS proxy, rarely.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 3000 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			n := w.nodes[g.intn(6)]
			if !n.present || !n.up {
				return
			}
			if ep := w.randomEP(n, nil); ep != nil {
				w.dnsLine(w.truthOf(n, ep.tr, routine), t, ep, pick(g, h23RoutineNames), func(src string) string {
					return fmt.Sprintf("failed to dial connection to %s:53: dial udp %s->%s:53: bind: address already in use", h23KubeDNS, src, h23KubeDNS)
				})
			}
		})
	})
	for _, n := range w.nodes {
		w.nodeBackground(n)
	}
}

func (w *h23Log) nodeBackground(n *h23Node) {
	g := w.g
	running := func(t time.Time) bool { return n.present && n.up }
	// Conntrack GC: the interval recalculated after every run.
	var gc func(t time.Time)
	gc = func(t time.Time) {
		if running(t) {
			ratio := min(g.lognormal(0.09, 0.6), 0.9)
			switch {
			case ratio > 0.25:
				n.ctInterval = n.ctInterval * 2 / 3
			case ratio < 0.05:
				n.ctInterval = n.ctInterval * 3 / 2
			default:
				n.ctInterval += time.Duration(g.between(-20, 20)) * time.Second
			}
			n.ctInterval = min(max(n.ctInterval, time.Minute), 12*time.Minute).Round(time.Second)
			w.emit(w.truthOf(n, routine, routine), t, "info", "Conntrack garbage collector interval recalculated",
				h23kv("deleteRatio", ratio), h23kv("newInterval", n.ctInterval), h23Sub("map-ct"))
		}
		w.at(t.Add(n.ctInterval+w.ms(0, 800)), gc)
	}
	w.at(w.start.Add(w.ms(1000, 300000)), gc)
	// The node's CiliumNode updated, as every other agent sees it.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) {
				return
			}
			w.eachUp(func(o *h23Node) {
				if o != n {
					w.nodeUpdated(w.truthOf(o, routine, n.tr), t.Add(w.ms(30, 1500)), n)
				}
			})
		})
	})
	// A CiliumEndpoint update conflicting with a concurrent writer.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 700 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) {
				return
			}
			if ep := w.randomEP(n, nil); ep != nil {
				w.emit(w.truthOf(n, ep.tr, routine), t, "warning", "Cannot update CEP", ep.fields("endpointsynchronizer", true, ep.rev, n.rev,
					h23kv("error", fmt.Sprintf("Operation cannot be fulfilled on ciliumendpoints.cilium.io %q: the object has been modified; please apply your changes to the latest version and try again", ep.pod)))...)
			}
		})
	})
	// A pod IP reused before the previous pod's ipcache entry was gone.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) {
				return
			}
			if ep := w.randomEP(n, func(ep *h23EP) bool { return ep.wl.kind == "ci" || ep.wl.kind == "airflow" }); ep != nil {
				w.emit(w.truthOf(n, ep.tr, routine), t, "warning", "Unable to update ipcache map entry on pod add",
					h23kv("error", fmt.Sprintf("ipcache entry for podIP %s owned by kvstore or agent", ep.ip)), h23kv("hostIP", n.ip),
					h23kv("k8sNamespace", ep.wl.ns), h23kv("k8sPodName", ep.pod), h23kv("podIP", ep.ip),
					h23kv("podIPs", "[{"+ep.ip+"}]"), h23Sub("k8s-watcher"))
			}
		})
	})
	// Proxied DNS lookups timing out for the namespaces that had DNS rules from the start.
	old := func(ep *h23EP) bool {
		return ep.wl.ns == "kube-system" || ep.wl.ns == "monitoring" || ep.wl.ns == "ingress-nginx" || ep.wl.ns == "data"
	}
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 420 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) {
				return
			}
			if ep := w.randomEP(n, old); ep != nil {
				w.dnsLine(w.truthOf(n, ep.tr, routine), t, ep, pick(g, h23RoutineNames), nil)
			}
		})
	})
	// ... and for the namespaces the rollout put behind the DNS proxy.
	g.arrivals(w.policy.start, w.end, func(t time.Time) float64 {
		k := 0
		for _, d := range []time.Duration{0, 450 * time.Second, 900 * time.Second} {
			if !t.Before(w.policy.start.Add(d + 10*time.Second)) {
				k++
			}
		}
		return float64(k) / 1500
	}, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) || within(t, w.dnsAt, w.dnsEnd.Sub(w.dnsAt)) {
				return
			}
			ns := []string{"shop"}
			if !t.Before(w.policy.start.Add(460 * time.Second)) {
				ns = append(ns, "payments")
			}
			if !t.Before(w.policy.start.Add(910 * time.Second)) {
				ns = append(ns, "search")
			}
			x := pick(g, ns)
			if ep := w.randomEP(n, func(ep *h23EP) bool { return ep.wl.ns == x }); ep != nil {
				w.dnsLine(w.truthOf(n, ep.tr, w.policy.truth()), t, ep, pick(g, h23RoutineNames), nil)
			}
		})
	})
	// client-go watches reset by the API server's load balancer.
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 3000 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !running(t) {
				return
			}
			msg := fmt.Sprintf("W%s       1 reflector.go:462] k8s.io/client-go@v0.28.9/tools/cache/reflector.go:229: watch of %s ended with: an error on the server (\"unable to decode an event from the watch stream: http2: client connection lost\") has prevented the request from succeeding",
				t.Format("0102 15:04:05.000000"), pick(g, h23Watches))
			w.emit(w.truthOf(n, routine, routine), t, "warning", msg, h23Sub("klog"))
		})
	})
}

// launchJob starts a CronJob's run: a new Job, a new identity.
func (w *h23Log) launchJob(t time.Time, c *h23Workload, tr truth) {
	g := w.g
	name := fmt.Sprintf("%s-%d", c.app, t.Unix()/60)
	wl := w.workload(c.ns, name, c.sa, "job", "job-name", 0, 0, "k8s:controller-uid="+g.uuid())
	pods := 1
	if c.app == "cache-warmer" || c.app == "report-aggregator" {
		pods = g.between(1, 3)
	}
	for i := 0; i < pods; i++ {
		p := &h23Pod{wl: wl, name: w.podName(wl), life: w.logn(c.life, 0.4), tr: tr}
		w.at(t.Add(time.Duration(i)*w.ms(10, 400)), func(t time.Time) { w.createPod(t, p) })
	}
}

func (w *h23Log) rollout(t time.Time) {
	g := w.g
	var c []*h23Workload
	for _, wl := range w.apps {
		if wl.kind == "deploy" && wl.pinned == 0 && (wl.ns == "shop" || wl.ns == "search" || wl.ns == "payments" || wl.ns == "ingress-nginx" || wl.ns == "monitoring") {
			c = append(c, wl)
		}
	}
	wl := pick(g, c)
	var old []*h23EP
	for _, n := range w.nodes {
		for _, ep := range n.eps {
			if ep.wl == wl && ep.tr.change == "" {
				old = append(old, ep)
			}
		}
	}
	wl.hash = g.alnum(10)
	at := t
	for _, ep := range old {
		at = at.Add(w.logn(9*time.Second, 0.4))
		ep := ep
		p := &h23Pod{wl: wl, name: w.podName(wl)}
		w.at(at, func(t time.Time) { w.createPod(t, p) })
		w.at(at.Add(w.logn(6*time.Second, 0.4)), func(t time.Time) { w.deletePod(t, ep, routine) })
	}
}

func (w *h23Log) evict(t time.Time) {
	g := w.g
	n := w.nodes[g.intn(6)]
	if !n.present || !n.up {
		return
	}
	ep := w.randomEP(n, func(ep *h23EP) bool {
		return (ep.wl.kind == "deploy" || ep.wl.kind == "sts") && ep.wl.pinned == 0 && ep.tr.change == ""
	})
	if ep == nil {
		return
	}
	w.deletePod(t, ep, routine)
	name := w.podName(ep.wl)
	if ep.wl.kind == "sts" {
		name = ep.pod
	}
	p := &h23Pod{wl: ep.wl, name: name, tr: ep.tr}
	w.at(t.Add(w.logn(4*time.Second, 0.5)), func(t time.Time) { w.createPod(t, p) })
}

var h23Flags = []string{
	"agent-health-port='9879'", "agent-labels=''", "agent-liveness-update-interval='1s'",
	"agent-not-ready-taint-key='node.cilium.io/agent-not-ready'", "allocator-list-timeout='3m0s'",
	"allow-icmp-frag-needed='true'", "allow-localhost='auto'", "annotate-k8s-node='false'", "api-rate-limit=''",
	"arping-refresh-period='30s'", "auto-create-cilium-node-resource='true'", "auto-direct-node-routes='true'",
	"bpf-ct-timeout-regular-any='1m0s'", "bpf-ct-timeout-regular-tcp='2h13m20s'", "bpf-fragments-map-max='8192'",
	"bpf-lb-acceleration='disabled'", "bpf-lb-algorithm='random'", "bpf-lb-external-clusterip='false'",
	"bpf-lb-map-max='65536'", "bpf-lb-mode='snat'", "bpf-lb-sock='false'", "bpf-lb-sock-hostns-only='false'",
	"bpf-map-dynamic-size-ratio='0.0025'", "bpf-policy-map-max='16384'", "bpf-root='/sys/fs/bpf'",
	"certificates-directory='/var/run/cilium/certs'", "cgroup-root='/run/cilium/cgroupv2'", "cluster-health-port='4240'",
	"cluster-id='0'", "cluster-name='prod-eu1'", "cni-chaining-mode='none'", "cni-exclusive='true'",
	"cni-log-file='/var/run/cilium/cilium-cni.log'", "config-dir='/tmp/cilium/config-map'", "conntrack-gc-interval='0s'",
	"conntrack-gc-max-interval='0s'", "custom-cni-conf='false'", "datapath-mode='veth'", "debug='false'", "debug-verbose=''",
	"devices=''", "direct-routing-device=''", "dns-max-ips-per-restored-rule='1000'", "dnsproxy-concurrency-limit='0'",
	"dnsproxy-enable-transparent-mode='true'", "egress-gateway-reconciliation-trigger-interval='1s'",
	"enable-auto-protect-node-port-range='true'", "enable-bandwidth-manager='false'", "enable-bgp-control-plane='false'",
	"enable-bpf-clock-probe='false'", "enable-bpf-masquerade='true'", "enable-endpoint-health-checking='true'",
	"enable-endpoint-routes='false'", "enable-health-check-nodeport='true'", "enable-health-checking='true'",
	"enable-host-firewall='false'", "enable-host-legacy-routing='false'", "enable-hubble='true'", "enable-ipv4='true'",
	"enable-ipv4-masquerade='true'", "enable-ipv6='false'", "enable-k8s-networkpolicy='true'",
	"enable-l2-announcements='false'", "enable-l7-proxy='true'", "enable-local-redirect-policy='false'",
	"enable-policy='default'", "enable-remote-node-identity='true'", "enable-well-known-identities='false'",
	"enable-xt-socket-fallback='true'", "endpoint-queue-size='25'", "envoy-config-timeout='2m0s'",
	"hubble-disable-tls='false'", "hubble-event-buffer-capacity='4095'", "hubble-event-queue-size='0'",
	"hubble-listen-address=':4244'", "hubble-metrics='dns drop tcp flow port-distribution icmp httpV2'",
	"hubble-metrics-server=':9965'", "hubble-socket-path='/var/run/cilium/hubble.sock'",
	"hubble-tls-cert-file='/var/lib/cilium/tls/hubble/server.crt'",
	"hubble-tls-client-ca-files='/var/lib/cilium/tls/hubble/client-ca.crt'",
	"hubble-tls-key-file='/var/lib/cilium/tls/hubble/server.key'", "identity-allocation-mode='kvstore'",
	"identity-change-grace-period='5s'", "install-iptables-rules='true'", "ipam='cluster-pool'",
	"ipv4-native-routing-cidr='10.244.0.0/16'", "k8s-client-burst='20'", "k8s-client-qps='10'",
	"k8s-require-ipv4-pod-cidr='false'", "k8s-service-proxy-name=''", "keep-config='false'",
	"kube-proxy-replacement='true'", "kube-proxy-replacement-healthz-bind-address=''", "kvstore='etcd'",
	"kvstore-connectivity-timeout='2m0s'", "kvstore-lease-ttl='15m0s'", "kvstore-max-consecutive-quorum-errors='2'",
	"kvstore-opt='map[etcd.config:/var/lib/etcd-config/etcd.config]'", "kvstore-periodic-sync='5m0s'",
	"label-prefix-file=''", "labels=''", "lib-dir='/var/lib/cilium'", "local-router-ipv4=''", "log-driver=''",
	"log-opt=''", "log-system-load='false'", "max-controller-interval='0'", "monitor-aggregation='medium'",
	"monitor-aggregation-flags='all'", "monitor-aggregation-interval='5s'", "monitor-queue-size='0'", "mtu='0'",
	"node-port-bind-protection='true'", "node-port-range='30000,32767'", "operator-api-serve-addr='127.0.0.1:9234'",
	"policy-audit-mode='false'", "policy-queue-size='100'", "policy-trigger-interval='1s'", "pprof='false'",
	"preallocate-bpf-maps='false'", "prometheus-serve-addr=':9962'", "proxy-connect-timeout='2'",
	"proxy-prometheus-port='9964'", "read-cni-conf=''", "remove-cilium-node-taints='true'", "restore='true'",
	"routing-mode='native'", "set-cilium-is-up-condition='true'", "set-cilium-node-taints='true'",
	"socket-path='/var/run/cilium/cilium.sock'", "state-dir='/var/run/cilium'", "synchronize-k8s-nodes='true'",
	"tofqdns-dns-reject-response-code='refused'", "tofqdns-enable-dns-compression='true'",
	"tofqdns-endpoint-max-ip-per-hostname='50'", "tofqdns-idle-connection-grace-period='0s'",
	"tofqdns-max-deferred-connection-deletes='10000'", "tofqdns-min-ttl='0'", "tofqdns-pre-cache=''",
	"tofqdns-proxy-port='0'", "tofqdns-proxy-response-max-delay='100ms'", "trace-payloadlen='128'",
	"trace-sock='true'", "tunnel-protocol='vxlan'", "vtep-cidr=''",
	"write-cni-conf-when-ready='/host/etc/cni/net.d/05-cilium.conflist'",
}

var h23LabelPrefixes = []string{" - reserved:.*", ` - :io\.kubernetes\.pod\.namespace`, ` - :io\.cilium\.k8s\.namespace\.labels`,
	` - :app\.kubernetes\.io`, ` - !:io\.kubernetes`, ` - !kubernetes\.io`, ` - !:statefulset\.kubernetes\.io/pod-name`,
	` - !:apps\.kubernetes\.io/pod-index`, ` - !:batch\.kubernetes\.io/job-completion-index`, ` - !.*beta\.kubernetes\.io`,
	` - !k8s\.io`, " - !pod-template-generation", " - !pod-template-hash", " - !controller-revision-hash",
	" - !annotation.*", " - !etcd_node"}

var h23Invoked = []string{"metrics.NewRegistry (registry.go:65)", "cmd.configureAPIServer (cells.go:216)",
	"cmd.unlockAfterAPIServer (cells.go:276)", "controller.Init (cell.go:67)", "endpointcleanup.registerCleanup (cleanup.go:66)",
	"utime.initUtimeSync (cell.go:29)", "agentliveness.newAgentLivenessUpdater (agent_liveness.go:43)",
	"l2responder.NewL2ResponderReconciler (l2responder.go:72)", "garp.newGARPProcessor (processor.go:27)",
	"signal.provideSignalManager (cell.go:25)", "envoy.newEnvoyAccessLogServer (cell.go:141)"}

var h23StartHooks = []string{"*statedb.DB.Start", "*cni.cniConfigManager.Start", "*resource.resource[*v1.Node].Start",
	"*resource.resource[*cilium.io/v2.CiliumNode].Start", "node.NewLocalNodeStore.func1 (local_node_store.go:95)",
	"*job.group.Start", "*iptables.Manager.Start", "endpointmanager.newDefaultEndpointManager.func1 (cell.go:201)",
	"cmd.newPolicyTrifecta.func1 (policy.go:135)", "*manager.manager.Start"}

// boot is an agent starting: its long start-up, restoring the endpoints the node
// already has. A start cut short by kill writes nothing from then on.
func (w *h23Log) boot(n *h23Node, t time.Time, tr truth, kill time.Time, fresh, upgraded bool) {
	g := w.g
	cur, dead := t, false
	say := func(d time.Duration, level, msg string, fs ...h23F) {
		cur = cur.Add(d)
		if dead || !kill.IsZero() && !cur.Before(kill) {
			dead = true
			return
		}
		w.emit(tr, cur, level, msg, fs...)
	}
	sub := h23Sub
	if fresh {
		n.rev = g.between(35, 60)
	}
	avail := n.memBytes / 400
	say(0, "info", fmt.Sprintf("Memory available for map entries (0.003%% of %dB): %dB", n.memBytes, avail), sub("config"))
	tcp := avail / 285
	for _, o := range []struct {
		name string
		v    int64
	}{{"bpf-ct-global-tcp-max", tcp}, {"bpf-ct-global-any-max", tcp / 2}, {"bpf-nat-global-max", tcp},
		{"bpf-neigh-global-max", tcp}, {"bpf-sock-rev-map-max", tcp / 2}} {
		say(w.us(20, 90), "info", fmt.Sprintf("option %s set by dynamic sizing to %d", o.name, o.v), sub("config"))
	}
	for _, f := range h23Flags {
		say(w.us(6, 40), "info", "  --"+f, sub("daemon"))
	}
	for _, b := range []string{"     _ _ _", " ___|_| |_|_ _ _____", "|  _| | | | | |     |", "|___|_|_|_|___|_|_|_|", h23Versions[n.version]} {
		say(w.us(5, 30), "info", b, sub("daemon"))
	}
	say(w.ms(1, 8), "info", "Detected mounted BPF filesystem at /sys/fs/bpf", sub("bpf"))
	say(w.us(200, 900), "info", "Mounted cgroupv2 filesystem at /run/cilium/cgroupv2", sub("cgroups"))
	say(w.us(100, 600), "info", "Parsing base label prefixes from default label list", sub("labels-filter"))
	say(w.us(10, 60), "info", "Parsing additional label prefixes from user inputs: []", sub("labels-filter"))
	say(w.us(10, 60), "info", "Final label prefixes to be used for identity evaluation:", sub("labels-filter"))
	for _, l := range h23LabelPrefixes {
		say(w.us(3, 20), "info", l, sub("labels-filter"))
	}
	for _, f := range h23Invoked {
		d := w.logn(400*time.Microsecond, 1.0)
		say(d, "info", "Invoked", h23kv("duration", d), h23kv("function", f), sub("hive"))
	}
	say(w.us(50, 300), "info", "Spire Delegate API Client is disabled as no socket path is configured", sub("spire-delegate"))
	say(w.us(20, 200), "info", "Mutual authentication handler is disabled as no port is configured", sub("auth"))
	say(w.ms(2, 20), "info", "Starting", sub("hive"))
	hook := func(f string) {
		d := w.logn(200*time.Microsecond, 1.2)
		say(d, "info", "Start hook executed", h23kv("duration", d), h23kv("function", f), sub("hive"))
	}
	hook(h23StartHooks[0])
	hook(h23StartHooks[1])
	say(w.us(100, 800), "info", "Establishing connection to apiserver", h23kv("host", h23APIServer), sub("k8s-client"))
	say(w.ms(8, 60), "info", "Connected to apiserver", sub("k8s-client"))
	hook("client.(*compositeClientset).onStart")
	for _, f := range h23StartHooks[2:6] {
		hook(f)
	}
	say(w.ms(2, 40), "info", "Using discoveryv1.EndpointSlice", sub("k8s"))
	say(w.us(200, 2000), "info", "Inheriting MTU from external network interface", h23kv("device", "ens5"), h23kv("ipAddr", n.ip), h23kv("mtu", 9001), sub("mtu"))
	services, backends := n.services, n.backends
	if fresh {
		services, backends = 0, 0
	}
	say(w.ms(5, 40), "info", "Restored services from maps", h23kv("failed", 0), h23kv("restored", services), sub("service"))
	say(w.ms(1, 10), "info", "Restored backends from maps", h23kv("failed", 0), h23kv("restored", backends), h23kv("skipped", 0), sub("service"))
	say(w.ms(1, 10), "info", "Reading old endpoints...", sub("daemon"))
	if !fresh {
		say(w.ms(5, 60), "info", fmt.Sprintf("Reusing previous DNS proxy port: %d", n.dnsPort), sub("daemon"))
	}
	say(w.ms(1, 20), "info", "Waiting until all Cilium CRDs are available", sub("k8s"))
	say(w.ms(300, 1500), "info", "All Cilium CRDs have been found and are available", sub("k8s"))
	say(w.ms(1, 20), "info", "Creating or updating CiliumNode resource", h23kv("node", n.name), sub("nodediscovery"))
	say(w.ms(5, 60), "info", "Retrieved node information from cilium node", h23kv("nodeName", n.name), sub("daemon"))
	say(w.us(100, 900), "info", "Received own node information from API server", h23kv("ipAddr.ipv4", n.ip), h23kv("ipAddr.ipv6", "<nil>"),
		h23kv("k8sNodeIP", n.ip), h23kv("labels", fmt.Sprintf("map[beta.kubernetes.io/arch:amd64 kubernetes.io/hostname:%s kubernetes.io/os:linux node.kubernetes.io/instance-type:m6i.8xlarge topology.kubernetes.io/zone:%s]", n.name, n.zone)),
		h23kv("nodeName", n.name), sub("daemon"), h23kv("v4Prefix", fmt.Sprintf("10.244.%d.0/24", n.idx)), h23kv("v6Prefix", "<nil>"))
	say(w.us(50, 400), "info", "k8s mode: Allowing localhost to reach local endpoints", sub("daemon"))
	say(w.ms(1, 15), "info", "Detected devices", h23kv("devices", "[ens5]"), sub("linux-datapath"))
	say(w.us(100, 900), "info", "Enabling k8s event listener", sub("k8s-watcher"))
	say(w.ms(1, 10), "info", "Removing stale endpoint interfaces", sub("daemon"))
	say(w.us(100, 900), "info", "Waiting until all pre-existing resources have been received", sub("k8s-watcher"))
	say(w.ms(500, 2500), "info", "Creating etcd client", h23kv("ConfigPath", h23EtcdConfig), h23kv("KeepAliveHeartbeat", 15*time.Second),
		h23kv("KeepAliveTimeout", 25*time.Second), h23kv("RateLimit", 20), sub("kvstore"))
	etcd := []h23F{h23kv("config", h23EtcdConfig), h23kv("endpoints", n.etcdOrder), sub("kvstore")}
	say(w.ms(1, 10), "info", "Connecting to etcd server...", etcd...)
	say(w.ms(60, 600), "info", fmt.Sprintf("Got lease ID 7c02%s and the session TTL is 15m0s", g.hex(12)), sub("kvstore"))
	say(w.ms(5, 80), "info", fmt.Sprintf("Got lock lease ID 7c02%s", g.hex(12)), sub("kvstore"))
	say(w.us(100, 900), "info", "Initial etcd session established", etcd...)
	for _, e := range h23EtcdHosts {
		say(w.ms(2, 40), "info", "Successfully verified version of etcd endpoint", append(etcd, h23kv("etcdEndpoint", e), h23kv("version", "3.5.13"))...)
	}
	if !fresh {
		say(w.ms(5, 60), "info", "Restored router address from node_config", h23kv("file", "/var/run/cilium/state/globals/node_config.h"),
			h23kv("ipv4", n.router), h23kv("ipv6", "<nil>"), sub("node"))
	}
	say(w.ms(1, 10), "info", "Initializing node addressing", sub("daemon"))
	say(w.us(200, 2000), "info", "Initializing cluster-pool IPAM", sub("ipam"), h23kv("v4Prefix", fmt.Sprintf("10.244.%d.0/24", n.idx)), h23kv("v6Prefix", "<nil>"))
	say(w.ms(1, 10), "info", "Restoring endpoints...", sub("daemon"))
	restored := append([]*h23EP(nil), n.eps...)
	failed := 0
	for _, ep := range n.stale {
		failed++
		say(w.ms(1, 15), "warning", "Unable to restore endpoint, ignoring", h23kv("endpointID", ep.id),
			h23kv("error", fmt.Sprintf("interface lxc%s could not be found", ep.cid[10:22])), sub("daemon"))
	}
	if n.crashed && len(restored) > 0 {
		for i := 0; i < g.between(1, 2); i++ {
			ep := restored[g.intn(len(restored))]
			say(w.ms(1, 15), "warning", fmt.Sprintf("Found incomplete restore directory /var/run/cilium/state/%d_next_fail. Removing it...", ep.id),
				h23kv("endpointID", ep.id), sub("endpoint"))
		}
	}
	say(w.ms(50, 400), "info", "Endpoints restored", h23kv("failed", failed), h23kv("restored", len(restored)), sub("daemon"))
	if !dead {
		for _, ep := range n.stale {
			w.freeEP(ep)
		}
		n.stale, n.crashed = nil, false
	}
	for _, l := range []string{"Addressing information:", "  Cluster-Name: " + h23Cluster, "  Cluster-ID: 0", "  Local node-name: " + n.name,
		"  Node-IPv6: <nil>", "  External-Node IPv4: " + n.ip, "  Internal-Node IPv4: " + n.router,
		fmt.Sprintf("  IPv4 allocation prefix: 10.244.%d.0/24", n.idx), "  IPv4 native routing prefix: 10.244.0.0/16",
		"  Loopback IPv4: 169.254.42.1", "  Local IPv4 addresses:", "  - " + n.ip, "  - " + n.router} {
		say(w.us(5, 40), "info", l, sub("daemon"))
	}
	for _, o := range w.nodes {
		if o.present || o == n {
			say(w.us(50, 400), "info", "Node updated", h23kv("clusterName", h23Cluster), h23kv("nodeName", o.name), sub("nodemanager"))
		}
	}
	say(w.ms(1, 20), "info", "Initializing identity allocator", sub("identity-cache"))
	say(w.us(50, 400), "info", "Allocating identities between range", h23kv("cluster-id", 0), h23kv("max", 65535), h23kv("min", 256), sub("identity-cache"))
	say(w.ms(5, 50), "info", "Setting up BPF datapath", h23kv("bpfClockSource", "jiffies"), h23kv("bpfInsnSet", "<nil>"), sub("datapath-loader"))
	for _, s := range [][2]string{{"net.core.bpf_jit_enable", "1"}, {"net.ipv4.conf.all.rp_filter", "0"},
		{"net.ipv4.fib_multipath_use_neigh", "1"}, {"kernel.unprivileged_bpf_disabled", "1"}, {"kernel.timer_migration", "0"}} {
		say(w.us(100, 900), "info", "Setting sysctl", sub("sysctl"), h23kv("sysParamName", s[0]), h23kv("sysParamValue", s[1]))
	}
	say(w.ms(100, 700), "info", "Iptables rules installed", sub("iptables"))
	say(w.ms(1, 10), "info", fmt.Sprintf("Adding new proxy port rules for cilium-dns-egress:%d", n.dnsPort), h23kv("id", "cilium-dns-egress"), sub("proxy"))
	say(w.ms(20, 150), "info", "Iptables proxy rules installed", sub("iptables"))
	for _, f := range h23StartHooks[6:] {
		hook(f)
	}
	say(w.ms(1, 20), "info", "Starting IP identity watcher", sub("ipcache"))
	say(w.ms(1, 20), "info", "Initializing daemon", sub("daemon"))
	say(w.ms(1, 10), "info", "Validating configured node address ranges", sub("daemon"))
	say(w.ms(1, 10), "info", "Starting connection tracking garbage collector", sub("daemon"))
	say(w.ms(200, 1500), "info", "Initial scan of connection tracking completed", sub("ct-gc"))
	say(w.ms(1, 10), "info", "Regenerating restored endpoints", h23kv("numRestored", len(restored)), sub("daemon"))
	say(w.ms(1, 10), "info", "Datapath signal listener running", sub("signal"))
	say(w.ms(1, 10), "info", "Creating host endpoint", sub("daemon"))
	host := func(desired int, more ...h23F) []h23F {
		return append([]h23F{h23kv("containerID", ""), h23kv("datapathPolicyRevision", 0), h23kv("desiredPolicyRevision", desired),
			h23kv("endpointID", n.hostEP), h23kv("ipv4", ""), h23kv("ipv6", ""), h23kv("k8sPodName", "/"), sub("endpoint")}, more...)
	}
	hostLabels := fmt.Sprintf("k8s:node.kubernetes.io/instance-type=m6i.8xlarge,k8s:topology.kubernetes.io/zone=%s,reserved:host", n.zone)
	say(w.ms(1, 10), "info", "New endpoint", host(0)...)
	say(w.us(50, 400), "info", "Resolving identity labels (blocking)", host(0, h23kv("identityLabels", hostLabels))...)
	say(w.us(100, 900), "info", "Identity of endpoint changed", host(0, h23kv("identity", 1), h23kv("identityLabels", hostLabels), h23kv("oldIdentity", "no identity"))...)
	say(w.ms(2, 20), "info", "Launching Cilium health daemon", sub("daemon"))
	say(w.ms(1, 10), "info", "Launching Cilium health endpoint", sub("daemon"))
	say(w.ms(5, 40), "info", "Started healthz status API server", h23kv("address", "127.0.0.1:9879"), sub("daemon"))
	say(w.ms(1, 10), "info", "Processing queued endpoint deletion requests from /var/run/cilium/deleteQueue", sub("daemon"))
	say(w.us(50, 500), "info", "processing 0 queued deletion requests", sub("daemon"))
	say(w.ms(1, 10), "info", "Initializing Cilium API", sub("daemon"))
	say(w.ms(100, 600), "info", "Daemon initialization completed", h23kv("bootstrapTime", cur.Sub(t)), sub("daemon"))
	ready := cur
	if dead {
		return
	}
	say(w.ms(1, 10), "info", "Configuring Hubble server", h23kv("eventQueueSize", 8192), h23kv("maxFlows", 4095), sub("hubble"))
	say(w.us(100, 900), "info", "Starting local Hubble server", h23kv("address", "unix:///var/run/cilium/hubble.sock"), sub("hubble"))
	say(w.us(100, 900), "info", "Beginning to read perf buffer", h23kv("startTime",
		fmt.Sprintf("%s +0000 UTC m=+%.9f", cur.Format("2006-01-02 15:04:05.000000000"), cur.Sub(t).Seconds()+0.31)), sub("monitor-agent"))
	say(w.ms(1, 30), "info", "Starting Hubble server", h23kv("address", ":4244"), sub("hubble"), h23kv("tls", true))
	say(w.ms(1, 20), "info", "Serving cilium health API at unix:///var/run/cilium/health.sock", sub("health-server"))
	if fresh || upgraded {
		d := w.logn(2200*time.Millisecond, 0.2)
		say(d, "info", "Compiled new BPF template", h23kv("BPFCompilationTime", d),
			h23kv("file-path", "/var/run/cilium/state/templates/"+g.hex(64)+"/bpf_host.o"), sub("datapath-loader"))
	}
	say(w.ms(100, 500), "info", "Rewrote endpoint BPF program", host(n.rev, h23kv("identity", 1))...)
	if fresh || upgraded {
		d := w.logn(1800*time.Millisecond, 0.2)
		say(d, "info", "Compiled new BPF template", h23kv("BPFCompilationTime", d),
			h23kv("file-path", "/var/run/cilium/state/templates/"+g.hex(64)+"/bpf_lxc.o"), sub("datapath-loader"))
	}
	say(w.ms(50, 300), "info", "Rewrote endpoint BPF program", h23kv("containerID", ""), h23kv("datapathPolicyRevision", 0),
		h23kv("desiredPolicyRevision", n.rev), h23kv("endpointID", n.healthEP), h23kv("identity", 4), h23kv("ipv4", n.health),
		h23kv("ipv6", ""), h23kv("k8sPodName", "/"), sub("endpoint"))
	regenerated := 0
	for _, ep := range restored {
		say(w.logn(60*time.Millisecond, 0.5), "info", "Rewrote endpoint BPF program", ep.fields("endpoint", true, ep.rev, n.rev)...)
		if !dead {
			regenerated++
			ep.rev = n.rev
		}
	}
	say(w.ms(1, 10), "info", "Finished regenerating restored endpoints", h23kv("regenerated", regenerated), sub("daemon"), h23kv("total", len(restored)))

	// The agent serves its API from ready on: the pods that waited get their endpoints,
	// the other agents see the node come back.
	w.at(ready, func(t time.Time) {
		n.up, n.present = true, true
		w.eachUp(func(o *h23Node) {
			if o != n {
				w.nodeUpdated(w.truthOf(o, routine, tr), t.Add(w.ms(200, 2500)), n)
			}
		})
		waiting := n.backlog
		n.backlog = nil
		at := t.Add(w.ms(300, 900))
		for _, p := range waiting {
			p := p
			p.over, p.burst = n.flushTr, true
			w.at(at, func(t time.Time) { w.createPod(t, p) })
			at = at.Add(w.ms(150, 700))
		}
	})
}

// policyRollout: DNS-aware egress policies for three namespaces, one every 7.5 minutes;
// every agent imports each and reloads the namespace's endpoints.
func (w *h23Log) policyRollout() {
	tr := w.policy.truth()
	for i, p := range [][2]string{{"shop", "shop-egress-fqdn"}, {"payments", "payments-egress-fqdn"}, {"search", "search-egress-fqdn"}} {
		p := p
		w.at(w.policy.start.Add(time.Duration(i)*450*time.Second), func(t time.Time) {
			w.eachUp(func(n *h23Node) {
				at := w.importPolicy(n, t.Add(w.ms(100, 2500)), tr, p[0], p[1], false)
				w.reloadNS(n, at.Add(w.ms(5, 50)), tr, p[0], nil)
			})
		})
	}
}

// scaleOut: the checkout deployment scaled for a load test in steps, then back.
func (w *h23Log) scaleOut() {
	tr := w.scale.truth()
	cur := 10
	for _, s := range []struct {
		at     time.Duration
		target int
	}{{0, 40}, {2 * time.Minute, 90}, {5 * time.Minute, 150}, {8 * time.Minute, 200},
		{30 * time.Minute, 120}, {34 * time.Minute, 40}, {38 * time.Minute, 10}} {
		t0 := w.scale.start.Add(s.at)
		if s.target > cur {
			at := t0.Add(w.ms(200, 1500))
			for k := 0; k < s.target-cur; k++ {
				p := &h23Pod{wl: w.checkout, name: w.podName(w.checkout), tr: tr, burst: true,
					onCreate: func(ep *h23EP) { w.scalePods = append(w.scalePods, ep) }}
				w.at(at, func(t time.Time) { w.createPod(t, p) })
				at = at.Add(w.ms(80, 500))
			}
		} else {
			k := cur - s.target
			w.at(t0, func(t time.Time) {
				at := t.Add(w.ms(500, 3000))
				for i := 0; i < k && len(w.scalePods) > 0; i++ {
					ep := w.scalePods[len(w.scalePods)-1]
					w.scalePods = w.scalePods[:len(w.scalePods)-1]
					w.at(at, func(t time.Time) { w.deletePod(t, ep, tr) })
					at = at.Add(w.ms(50, 400))
				}
			})
		}
		cur = s.target
	}
}

// nodeJoin: a new node's agent starts fresh; its DaemonSet pod and the pods the
// descheduler moves follow.
func (w *h23Log) nodeJoin() {
	n := w.w06
	tr := w.join.truth()
	w.at(w.join.start, func(t time.Time) {
		n.flushTr = tr
		w.boot(n, t.Add(w.ms(0, 900)), tr, time.Time{}, true, false)
	})
	w.at(w.join.start.Add(40*time.Second), func(t time.Time) {
		w.createPod(t, &h23Pod{wl: w.fluentBit, name: w.podName(w.fluentBit), tr: tr, node: n})
	})
	w.at(w.join.start.Add(2*time.Minute), func(t time.Time) {
		at := t
		for i := 0; i < 14; i++ {
			o := w.nodes[w.g.intn(5)]
			ep := w.randomEP(o, func(ep *h23EP) bool { return ep.wl.kind == "deploy" && ep.wl.pinned == 0 && ep.tr.change == "" })
			if ep == nil {
				continue
			}
			at = at.Add(w.logn(8*time.Second, 0.5))
			p := &h23Pod{wl: ep.wl, name: w.podName(ep.wl), tr: tr, node: n}
			w.at(at, func(t time.Time) { w.createPod(t, p) })
			w.at(at.Add(w.ms(1500, 6000)), func(t time.Time) { w.deletePod(t, ep, tr) })
		}
	})
}

// canaryUpgrade: the agent of k8s-prod-w02 stopped and started again on 1.15.6.
func (w *h23Log) canaryUpgrade() {
	n := w.w02
	tr := w.upgrade.truth()
	w.at(w.upgrade.start, func(t time.Time) {
		if !n.up {
			return
		}
		n.up, n.flushTr = false, tr
		at := t.Add(w.ms(0, 200))
		w.emit(tr, at, "info", "Interrupt received", h23Sub("hive"))
		at = at.Add(w.ms(1, 10))
		w.emit(tr, at, "info", "Stopping", h23Sub("hive"))
		for _, f := range []string{"*manager.manager.Stop", "cmd.newPolicyTrifecta.func2 (policy.go:136)",
			"endpointmanager.newDefaultEndpointManager.func2 (cell.go:207)", "*job.group.Stop", "*statedb.DB.Stop"} {
			d := w.logn(3*time.Millisecond, 1.0)
			at = at.Add(d)
			w.emit(tr, at, "info", "Stop hook executed", h23kv("duration", d), h23kv("function", f), h23Sub("hive"))
		}
		n.version = "1.15.6"
		w.at(at.Add(w.ms(6000, 11000)), func(t time.Time) { w.boot(n, t, tr, time.Time{}, false, true) })
	})
}

// etcdOutage: the etcd cluster loses quorum. Every agent's kvstore watchers fail to list
// and back off, identities the node does not hold cannot be allocated (see createPod and
// failCreate) nor the last reference released; then the lock session is renewed and the
// identity events held back arrive at once.
func (w *h23Log) etcdOutage() {
	tr := incident(h23Etcd)
	g := w.g
	w.at(w.etcdAt, func(t time.Time) {
		w.eachUp(func(n *h23Node) {
			for _, pw := range [][2]string{{"cilium/state/identities/v1/id", "identities"}, {"cilium/state/ip/v1/default", "ipcache"},
				{"cilium/state/nodes/v1/" + h23Cluster, "nodes"}, {"cilium/state/services/v1/" + h23Cluster, "services"}} {
				at := t.Add(w.ms(1000, 25000))
				wait := 50 * time.Millisecond
				for at.Before(w.etcdEnd) {
					w.emit(tr, at, "warning", "Unable to list keys before starting watcher", h23kv("config", h23EtcdConfig),
						h23kv("endpoints", n.etcdOrder), h23kv("error", pick(g, []string{"etcd client timeout exceeded", "etcdserver: no leader", "etcd client timeout exceeded"})),
						h23kv("prefix", pw[0]), h23Sub("kvstore"), h23kv("watcher", pw[1]))
					at = at.Add(wait + time.Duration(g.intn(int(wait/2+1))))
					wait = min(wait*2, time.Minute)
				}
			}
		})
	})
	w.at(w.etcdEnd, func(t time.Time) {
		w.eachUp(func(n *h23Node) {
			at := t.Add(w.ms(200, 3000))
			w.emit(tr, at, "info", fmt.Sprintf("Got new lock lease ID 7c02%s", g.hex(12)), h23Sub("kvstore"))
			at = at.Add(w.ms(500, 4000))
			w.emit(tr, at, "info", "regenerating all endpoints", h23kv("reason", h23IdentityEv), h23Sub("endpoint-manager"))
		})
	})
}

// mapFail is one failed regeneration of a partner-gateway endpoint: the policy map
// refuses the entries beyond its size.
func (w *h23Log) mapFail(t time.Time, ep *h23EP, reason string) {
	if !ep.alive {
		return
	}
	g := w.g
	n := ep.node
	tr := incident(h23PolicyMap)
	errText := fmt.Sprintf("update map %s: update: key too big for map: argument list too long", ep.policyMap())
	at := t.Add(w.logn(850*time.Millisecond, 0.3))
	calc := at.Sub(t)
	for i := g.between(2, 5); i > 0; i-- {
		at = at.Add(w.us(40, 900))
		key := fmt.Sprintf("{Identity=%d,DestPort=%d,Nexthdr=6,TrafficDirection=1}", 16777217+g.intn(2600), pick(g, []int{443, 8443, 636, 22}))
		w.emit(tr, at, "error", "Failed to add PolicyMap key", ep.fields("endpoint", true, ep.rev, n.rev,
			h23kv("bpfMapKey", key), h23kv("error", errText))...)
	}
	at = at.Add(w.ms(1, 20))
	w.emit(tr, at, "warning", "Regeneration of endpoint failed", ep.fields("endpoint", true, ep.rev, n.rev,
		h23kv("bpfCompilation", time.Duration(0)), h23kv("buildDuration", at.Sub(t)),
		h23kv("error", "failed to sync policy map: "+errText), h23kv("mapSync", at.Sub(t)-calc),
		h23kv("policyCalculation", calc), h23kv("prepareBuild", w.logn(400*time.Microsecond, 0.4)),
		h23kv("proxyConfiguration", w.logn(70*time.Microsecond, 0.4)), h23kv("proxyPolicyCalculation", w.logn(40*time.Millisecond, 0.4)),
		h23kv("proxyWaitForAck", time.Duration(0)), h23kv("reason", reason), h23kv("waitingForCTClean", time.Duration(0)),
		h23kv("waitingForLock", w.logn(12*time.Microsecond, 0.5)))...)
}

func (w *h23Log) mapRetry(t time.Time, ep *h23EP, k int, reason string) {
	w.at(t, func(t time.Time) {
		if !ep.alive || !t.Before(w.mapEnd) {
			return
		}
		w.mapFail(t, ep, reason)
		d := min(time.Second<<min(k, 8), 2*time.Minute)
		w.mapRetry(t.Add(d+w.ms(0, 1500)), ep, k+1, "retrying regeneration")
	})
}

// policyMapFull: the payments team's partner allowlist (thousands of CIDRs) imported by
// every agent; on k8s-prod-w04, where the partner gateways run, their policy maps
// overflow. A tweaked version does not help; deleting it does.
func (w *h23Log) policyMapFull() {
	tr := incident(h23PolicyMap)
	const name = "partner-egress-allowlist"
	gateways := func() []*h23EP {
		var out []*h23EP
		for _, ep := range w.w04.eps {
			if ep.wl == w.gateway {
				out = append(out, ep)
			}
		}
		return out
	}
	for i, at := range []time.Time{w.mapAt, w.mapAt.Add(8*time.Minute + 40*time.Second)} {
		first := i == 0
		w.at(at, func(t time.Time) {
			w.eachUp(func(n *h23Node) {
				at := w.importPolicy(n, t.Add(w.ms(100, 2500)), tr, "payments", name, false)
				if n != w.w04 {
					w.reloadNS(n, at.Add(w.ms(5, 50)), tr, "payments", nil)
					return
				}
				w.reloadNS(n, at.Add(w.ms(5, 50)), tr, "payments", w.gateway)
				for _, ep := range gateways() {
					if first {
						w.mapRetry(at.Add(w.ms(10, 400)), ep, 0, "policy rules added")
					} else {
						w.mapFail(at.Add(w.ms(10, 400)), ep, "policy rules added")
					}
				}
			})
		})
	}
	w.at(w.mapEnd, func(t time.Time) {
		w.eachUp(func(n *h23Node) {
			at := w.importPolicy(n, t.Add(w.ms(100, 2500)), tr, "payments", name, true)
			if n == w.w04 {
				w.reloadNS(n, at.Add(w.ms(100, 900)), tr, "payments", nil)
			}
		})
	})
}

// crashLoop: a crawler pinned to k8s-prod-w03 floods the DNS proxy; the agent's memory
// grows until the kernel kills it, again at every start (the first ones die restoring),
// with CrashLoopBackOff's growing delays, until the crawler is stopped.
func (w *h23Log) crashLoop() {
	g := w.g
	n := w.w03
	tr := incident(h23OOM)
	zones := []string{"cdn-cache.shop-assets.net", "img.partner-feeds.com", "crawl.search-index.io", "static.vendor-catalog.eu"}
	g.arrivals(w.oomAt, w.oomFix, func(time.Time) float64 { return 3.5 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			if !n.up {
				return
			}
			for _, ep := range n.eps {
				if ep.wl == w.crawler {
					name := g.alnum(12) + "." + pick(g, zones) + "."
					if g.chance(0.3) {
						w.dnsLine(tr, t, ep, name, func(string) string {
							return fmt.Sprintf("failed to dial connection to %s:53: dial udp: socket: too many open files", h23KubeDNS)
						})
					} else {
						w.dnsLine(tr, t, ep, name, nil)
					}
					return
				}
			}
		})
	})
	kill := w.oomAt.Add(2*time.Minute + time.Duration(g.between(0, 15000))*time.Millisecond)
	backoff := 10 * time.Second
	for i := 0; ; i++ {
		w.at(kill, func(t time.Time) { n.up, n.crashed, n.flushTr = false, true, tr })
		start := kill.Add(backoff + w.ms(300, 1500))
		if !start.Before(w.oomFix) {
			w.at(start, func(t time.Time) { w.boot(n, t, tr, time.Time{}, false, false) })
			break
		}
		next := start.Add(w.ms(35000, 110000))
		if i < 2 {
			next = start.Add(w.ms(3500, 6500))
		}
		k := next
		w.at(start, func(t time.Time) { w.boot(n, t, tr, k, false, false) })
		kill = next
		backoff = min(backoff*2, 5*time.Minute)
	}
	w.at(w.oomFix.Add(-time.Minute), func(t time.Time) {
		for _, ep := range append([]*h23EP(nil), n.eps...) {
			if ep.wl == w.crawler {
				w.deletePod(t, ep, tr)
			}
		}
	})
}

// dnsLockdown: a lockdown policy for namespace search whose DNS rule leaves the
// proxy unable to forward the namespace's lookups; Hubble's queue overflows with the
// drops and the reindex Job keeps failing until the policy is reverted.
func (w *h23Log) dnsLockdown() {
	g := w.g
	tr := incident(h23DNS)
	const name = "search-egress-lockdown"
	for _, at := range []time.Time{w.dnsAt, w.dnsEnd} {
		w.at(at, func(t time.Time) {
			w.eachUp(func(n *h23Node) {
				at := w.importPolicy(n, t.Add(w.ms(100, 2500)), tr, "search", name, false)
				w.reloadNS(n, at.Add(w.ms(5, 50)), tr, "search", nil)
			})
		})
	}
	names := []string{"search-os.search.svc.cluster.local.", "search-os-0.search-os.search.svc.cluster.local.",
		"kafka-0.kafka.data.svc.cluster.local.", "api.partner-catalog.example.com.", "embeddings.ml.svc.cluster.local.",
		"sts.eu-west-1.amazonaws.com.", "redis-master.shop.svc.cluster.local."}
	g.arrivals(w.dnsAt.Add(3*time.Second), w.dnsEnd.Add(2*time.Second), func(time.Time) float64 { return 4 }, func(t time.Time) {
		w.at(t, func(t time.Time) {
			var c []*h23EP
			w.eachUp(func(n *h23Node) {
				for _, ep := range n.eps {
					if ep.wl.ns == "search" {
						c = append(c, ep)
					}
				}
			})
			if len(c) == 0 {
				return
			}
			ep := c[g.intn(len(c))]
			if g.chance(0.6) {
				w.dnsLine(tr, t, ep, pick(g, names), func(src string) string {
					return fmt.Sprintf("write udp %s->%s:53: write: operation not permitted", src, h23KubeDNS)
				})
			} else {
				w.dnsLine(tr, t, ep, pick(g, names), nil)
			}
		})
	})
	for _, n := range w.nodes {
		n := n
		var tick func(t time.Time)
		tick = func(t time.Time) {
			if !t.Before(w.dnsEnd) {
				return
			}
			if n.present && n.up {
				w.emit(tr, t, "warning", "hubble events queue is full: dropping messages; consider increasing the queue size (hubble-event-queue-size) or provisioning more CPU", h23Sub("hubble"))
				w.emit(tr, t.Add(w.ms(2000, 12000)), "info", fmt.Sprintf("hubble events queue is processing messages again: %d messages were lost", g.between(150, 9000)), h23Sub("hubble"))
			}
			w.at(t.Add(w.ms(60000, 140000)), tick)
		}
		w.at(w.dnsAt.Add(w.ms(20000, 90000)), tick)
	}
	// The reindex Job: its pods fail to resolve OpenSearch and are replaced with backoff;
	// after the revert the next one runs.
	w.at(w.dnsAt.Add(45*time.Second), func(t time.Time) {
		c := &h23Workload{ns: "search", app: "search-reindex-full", sa: "indexer", kind: "cron", life: 20 * time.Second}
		job := w.workload(c.ns, fmt.Sprintf("%s-%d", c.app, t.Unix()/60), c.sa, "job", "job-name", 0, 0, "k8s:controller-uid="+g.uuid())
		at := t
		for k := 0; at.Before(w.dnsEnd.Add(40 * time.Second)); k++ {
			p := &h23Pod{wl: job, name: w.podName(job), life: w.logn(22*time.Second, 0.3), tr: tr}
			if !at.Before(w.dnsEnd) {
				// The retry after the revert runs to completion as any Job does.
				p.life, p.tr, p.over = w.logn(6*time.Minute, 0.2), routine, tr
			}
			life := p.life
			w.at(at, func(t time.Time) { w.createPod(t, p) })
			at = at.Add(life + min(10*time.Second<<min(k, 6), 3*time.Minute) + w.ms(1000, 4000))
		}
	})
}
