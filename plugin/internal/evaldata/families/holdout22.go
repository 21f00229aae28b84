package families

import (
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// holdout22 is a Prometheus 2.53 server run by prometheus-operator (prometheus-k8s-0)
// that monitors a busy 420-node Kubernetes cluster and remote-writes to Thanos receive and
// to a Mimir for long-term storage. It logs go-kit logfmt lines to stderr at info level:
// ts (RFC 3339, milliseconds, UTC), caller, level, the logger's context (component,
// scrape_pool and target, remote_name and url, rule name and group), msg, then key=value
// pairs; durations as Go prints them (12.345678ms).
//
// Normal traffic is mostly what a real Prometheus of a noisy cluster says on every
// scrape: the kubelet's cAdvisor endpoint of most nodes giving out-of-order samples, the
// probes endpoint duplicate samples, a couple of hundred application pods with duplicate
// series, explicit timestamps too old, out-of-order exemplars (about 12 lines a second in
// all, pods rescheduled with new addresses now and then). Around it: remote write
// resharding as the load drifts (two queues), a 503 or a 429 blip now and then, a join
// rule failing with many-to-many matching when kube_pod_info has duplicates, a rare rule
// timeout, one Alertmanager timing out now and then, Grafana hanging up on a query, the
// Kubernetes watch connection lost, configuration reloads by the config reloader every 15
// to 35 minutes, and the head compaction of 11:00 (write block, head GC, WAL checkpoint).
//
// Benign changes: a configuration reload at 0:10 that adds a pod monitor for Kafka (12
// new targets whose JMX exporters give duplicate samples); a rollout of the storefront
// at 1:05 that brings 200 new pod targets with exemplars (out-of-order exemplar warnings
// from then on, many-to-many rule failures while old and new pods overlap, remote write
// resharding up with the churn); a control-plane upgrade at 2:06 restarting the API
// servers one by one (watches closed with GOAWAY, lists refused, for a few seconds three
// times); a node pool scale-out at 2:45 that brings 40 nodes and their kubelet targets.
//
// Incidents: remote write to Thanos receive failing at 0:38 (503s, then timeouts, shards
// up to their maximum, "Skipping resharding" every 10 s for a quarter of an hour, then
// out-of-bounds rejections and shards coming down as the backlog drains); heavy recording
// rules pushed at 1:20 for 18 minutes (every evaluation failing, other rules and
// dashboards timing out, the revert's reload); a cardinality explosion at 1:45 from one
// deployment's new label (sample limit exceeded, Mimir's series limit, resharding up,
// rules timing out) that ends in an OOM kill at 1:57 and a start-up with a 3-minute WAL
// replay, the deployment rolled back after it; the data volume full at 2:17 for 20
// minutes (WAL writes failing on every few scrapes and rule evaluations, the 13:00 head
// compaction failing every minute, remote write shards falling, then the late compaction
// once the volume is expanded).
var holdout22 = Family{
	Name:    "holdout-22",
	Role:    Holdout,
	Service: "Prometheus 2.53 server (prometheus-operator, remote write to Thanos receive and Mimir) monitoring a 420-node Kubernetes cluster, go-kit logfmt lines on stderr",
	Lines:   holdout22Lines,
}

const (
	h22RemoteWrite = "remote write to Thanos receive failing: 503s and timeouts from the receive ingestors, shards growing, resharding skipped while nothing is sent, then the backlog drained with out-of-bounds rejections"
	h22HeavyRules  = "heavy recording rules pushed for the storefront SLOs: every evaluation fails (too many samples, query timed out) and other rules and dashboards time out until the rules are reverted"
	h22Cardinality = "cardinality explosion from ad-server 3.7.2's per-user label: sample limit exceeded, Mimir's series limit hit, remote write resharding up, then an OOM kill and a long WAL replay"
	h22DiskFull    = "Prometheus data volume full: WAL writes and the 2h head compaction failing with no space left on device until the volume is expanded"
)

const (
	h22ConfigFile = "/etc/prometheus/config_out/prometheus.env.yaml"
	h22RulesDir   = "/etc/prometheus/rules/prometheus-k8s-rulefiles-0/"
	h22PromIP     = "10.42.3.17"
	h22Reflector  = "pkg/mod/k8s.io/client-go@v0.29.3/tools/cache/reflector.go"
	h22APIServer  = "https://10.96.0.1:443"

	h22OOO = "Error on ingesting out-of-order samples"
	h22Dup = "Error on ingesting samples with different value but same timestamp"
	h22Old = "Error on ingesting samples that are too old or are too far into the future"
	h22Exm = "Error on ingesting out-of-order exemplars"
)

var h22IngestCaller = map[string]string{h22OOO: "scrape.go:1778", h22Dup: "scrape.go:1781", h22Old: "scrape.go:1784", h22Exm: "scrape.go:1787"}

var (
	h22TSDB     = []h22KV{{"component", "tsdb"}}
	h22Web      = []h22KV{{"component", "web"}}
	h22RuleMgr  = []h22KV{{"component", "rule manager"}}
	h22Notifier = []h22KV{{"component", "notifier"}}
)

// h22Queue is one remote write queue.
type h22Queue struct {
	name, url string
	base      float64 // shards the usual load needs
	max       int
}

var h22Queues = []h22Queue{
	{"thanos-receive", "http://thanos-receive.monitoring.svc.cluster.local:19291/api/v1/receive", 9, 50},
	{"mimir-longterm", "https://mimir.obs.example.net/api/v1/push", 14, 200},
}

// h22Receivers are Thanos receive's ingestors, with their pod addresses.
var h22Receivers = []struct{ host, ip string }{
	{"thanos-receive-ingestor-default-0.thanos-receive-ingestor-default.monitoring.svc.cluster.local:10901", "10.42.6.88"},
	{"thanos-receive-ingestor-default-1.thanos-receive-ingestor-default.monitoring.svc.cluster.local:10901", "10.42.11.4"},
	{"thanos-receive-ingestor-default-2.thanos-receive-ingestor-default.monitoring.svc.cluster.local:10901", "10.42.2.153"},
}

// h22PodPools are the application scrape pools, with the port and path of their targets.
var h22PodPools = []struct {
	pool string
	port int
	path string
}{
	{"kubernetes-pods", 8080, "/metrics"},
	{"kubernetes-pods", 9102, "/metrics"},
	{"kubernetes-pods", 8000, "/metrics"},
	{"serviceMonitor/payments/payments-api/0", 8081, "/metrics"},
	{"serviceMonitor/shop/cart/0", 8080, "/actuator/prometheus"},
	{"serviceMonitor/shop/checkout/0", 8080, "/actuator/prometheus"},
	{"podMonitor/search/opensearch-exporter/0", 9114, "/metrics"},
	{"serviceMonitor/ingress-nginx/ingress-nginx-controller/0", 10254, "/metrics"},
	{"serviceMonitor/data/redis-exporter/0", 9121, "/metrics"},
	{"podMonitor/batch/airflow-statsd/0", 9102, "/metrics"},
	{"serviceMonitor/linkerd/linkerd-proxy/0", 4191, "/metrics"},
	{"serviceMonitor/logging/fluent-bit/0", 2020, "/api/v1/metrics/prometheus"},
}

// h22Deployments are workloads whose pods a join rule may see twice.
var h22Deployments = []struct{ ns, name string }{
	{"shop", "cart"}, {"shop", "checkout"}, {"payments", "payments-api"}, {"search", "indexer"},
	{"data", "redis-exporter"}, {"batch", "airflow-worker"}, {"logging", "fluent-bit"}, {"ads", "ad-server"},
}

// h22Rule is one rule of a rule group, as the rule manager's logger names it.
type h22Rule struct {
	file, group, name, expr string
	index                   int
}

const (
	h22KubeRules     = h22RulesDir + "monitoring-kube-prometheus-rules-3f6b2c1e-8d2a-4c55-9e1b-7a0d5f4c2b19.yaml"
	h22CapacityRules = h22RulesDir + "platform-capacity-rules-b81e4d7a-2c3f-4a96-8f05-6d9e1c2a7b43.yaml"
	h22SLORules      = h22RulesDir + "shop-storefront-slo-5a2e9c7d-1b4f-4e83-a6d2-c8f3b7e19a04.yaml"
)

var h22JoinRule = h22Rule{h22CapacityRules, "capacity.rules", "namespace_pod:memory_working_set_vs_requests:ratio",
	`sum by (namespace, pod) (container_memory_working_set_bytes{container!=""}) / on (namespace, pod) group_left (node) kube_pod_info`, 2}

var h22Rules = []h22Rule{
	{h22KubeRules, "k8s.rules.container_cpu_usage_seconds_total", "node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate",
		`sum by (cluster, namespace, pod, container) (irate(container_cpu_usage_seconds_total{image!="",job="kubelet",metrics_path="/metrics/cadvisor"}[5m])) * on (cluster, namespace, pod) group_left (node) topk by (cluster, namespace, pod) (1, max by (cluster, namespace, pod, node) (kube_pod_info{node!=""}))`, 0},
	{h22KubeRules, "k8s.rules.container_memory_working_set_bytes", "node_namespace_pod_container:container_memory_working_set_bytes",
		`container_memory_working_set_bytes{image!="",job="kubelet",metrics_path="/metrics/cadvisor"} * on (cluster, namespace, pod) group_left (node) topk by (cluster, namespace, pod) (1, max by (cluster, namespace, pod, node) (kube_pod_info{node!=""}))`, 0},
	{h22KubeRules, "k8s.rules.pod_owner", "namespace_workload_pod:kube_pod_owner:relabel",
		`max by (cluster, namespace, workload, pod) (label_replace(label_replace(kube_pod_owner{job="kube-state-metrics",owner_kind="ReplicaSet"}, "replicaset", "$1", "owner_name", "(.*)") * on (replicaset, namespace) group_left (owner_name) topk by (replicaset, namespace) (1, max by (replicaset, namespace, owner_name) (kube_replicaset_owner{job="kube-state-metrics"})), "workload", "$1", "owner_name", "(.*)"))`, 0},
	{h22KubeRules, "node-exporter.rules", "instance:node_cpu_utilisation:rate5m",
		`1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{job="node-exporter",mode=~"idle|iowait|steal"}[5m])))`, 1},
	{h22KubeRules, "kubelet.rules", "node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile",
		`histogram_quantile(0.99, sum by (cluster, instance, le) (rate(kubelet_pleg_relist_duration_seconds_bucket{job="kubelet",metrics_path="/metrics"}[5m])) * on (cluster, instance) group_left (node) kubelet_node_name{job="kubelet",metrics_path="/metrics"})`, 0},
	{h22KubeRules, "kube-apiserver-burnrate.rules", "apiserver_request:burnrate1h",
		`((sum by (cluster) (rate(apiserver_request_sli_duration_seconds_count{job="apiserver",subresource!~"proxy|attach|log|exec|portforward",verb=~"LIST|GET"}[1h])) - sum by (cluster) (rate(apiserver_request_sli_duration_seconds_bucket{job="apiserver",le="1",subresource!~"proxy|attach|log|exec|portforward",verb=~"LIST|GET"}[1h]))) + sum by (cluster) (rate(apiserver_request_total{code=~"5..",job="apiserver",verb=~"LIST|GET"}[1h]))) / sum by (cluster) (rate(apiserver_request_total{job="apiserver",verb=~"LIST|GET"}[1h]))`, 3},
	{h22CapacityRules, "capacity.rules", "namespace:container_cpu_usage_seconds_total:sum_rate",
		`sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="",job="kubelet",metrics_path="/metrics/cadvisor"}[5m]))`, 0},
	h22JoinRule,
}

// h22Informers are the watches the Kubernetes service discovery keeps open.
var h22Informers = func() []struct{ kind, path string } {
	var out []struct{ kind, path string }
	for _, ns := range []string{"monitoring", "shop", "payments", "kafka", "ads", "data", "search", "ingress-nginx", "logging", "batch", "linkerd", "kube-system"} {
		out = append(out,
			struct{ kind, path string }{"*v1.Pod", "/api/v1/namespaces/" + ns + "/pods"},
			struct{ kind, path string }{"*v1.Endpoints", "/api/v1/namespaces/" + ns + "/endpoints"},
			struct{ kind, path string }{"*v1.Service", "/api/v1/namespaces/" + ns + "/services"})
	}
	return append(out, struct{ kind, path string }{"*v1.Node", "/api/v1/nodes"}, struct{ kind, path string }{"*v1.Node", "/api/v1/nodes"})
}()

// h22KV is one key=value of a line.
type h22KV struct{ k, v string }

func h22v(k string, v any) h22KV {
	switch v := v.(type) {
	case string:
		return h22KV{k, v}
	case int:
		return h22KV{k, strconv.Itoa(v)}
	case int64:
		return h22KV{k, strconv.FormatInt(v, 10)}
	case bool:
		return h22KV{k, strconv.FormatBool(v)}
	case time.Duration:
		return h22KV{k, v.String()}
	}
	panic(fmt.Sprintf("families: no logfmt form for %T", v))
}

// h22quote quotes a value as go-logfmt does: when it is empty or holds a space, a
// control character, '=' or '"'.
func h22quote(s string) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if r <= ' ' || r == '=' || r == '"' || r == utf8.RuneError {
			return strconv.Quote(s)
		}
	}
	return s
}

// h22Block is a TSDB block.
type h22Block struct {
	mint, maxt time.Time
	ulid       string
}

// h22Target is a scrape target whose scrapes log an ingestion warning now and then.
type h22Target struct {
	pool, url, msg string
	port           int
	path           string
	offset         time.Duration // the target's place in the scrape interval
	p, drop        float64       // chance a scrape logs, median samples dropped
	took           time.Duration // median scrape duration
	from           time.Time
	tr             truth
	churn          bool // a pod, rescheduled now and then with a new address
}

type h22PoolTarget struct{ pool, url string }

type h22Log struct {
	g          *gen
	j          *journal
	start, end time.Time

	kafka, storefront, controlPlane, scaleOut change

	rwAt, rwDown, rwBack               time.Time
	rulesAt, rulesRevert               time.Time
	cardAt, oomAt, readyAt, rollbackAt time.Time
	diskAt, diskFixedAt                time.Time
	compactAt                          time.Time // the 11:00 head compaction

	blocks  []h22Block
	nodeIPs map[string]bool
	nodes   []string
	all     []h22PoolTarget      // every target, for errors that hit any of them
	seen    map[string]time.Time // the remote write logger's deduper
}

func holdout22Lines(seed int64) []Line {
	start := time.Date(2024, 7, 1, 10, 35, 0, 0, time.UTC)
	w := &h22Log{
		g:       newGen(seed, 2222),
		j:       &journal{},
		start:   start,
		end:     start.Add(Length),
		nodeIPs: map[string]bool{},
		seen:    map[string]time.Time{},
	}
	g := w.g
	sec := func(lo, hi int) time.Duration { return time.Duration(g.between(lo, hi)) * time.Second }
	w.kafka = change{"config reload adds the Kafka pod monitor: 12 new targets", start.Add(10*time.Minute + sec(0, 40))}
	w.storefront = change{"storefront rollout: 200 new pod targets with exemplars", start.Add(65*time.Minute + sec(0, 40))}
	w.controlPlane = change{"control-plane upgrade: API servers restarted one by one, discovery watches re-established", start.Add(126*time.Minute + sec(0, 30))}
	w.scaleOut = change{"node pool scale-out: 40 new nodes and their kubelet targets", start.Add(165*time.Minute + sec(0, 30))}
	w.rwAt = start.Add(38*time.Minute + sec(0, 40))
	w.rwDown = w.rwAt.Add(5*time.Minute + sec(0, 30))
	w.rwBack = w.rwDown.Add(14*time.Minute + sec(0, 40))
	w.rulesAt = start.Add(80*time.Minute + sec(0, 30))
	w.rulesRevert = w.rulesAt.Add(18*time.Minute + sec(0, 40))
	w.cardAt = start.Add(105*time.Minute + sec(0, 30))
	w.oomAt = w.cardAt.Add(12*time.Minute + sec(20, 60))
	w.rollbackAt = w.oomAt.Add(5*time.Minute + sec(0, 40))
	w.diskAt = start.Add(137*time.Minute + sec(0, 30))
	w.diskFixedAt = w.diskAt.Add(20*time.Minute + sec(0, 40))
	w.compactAt = time.Date(2024, 7, 1, 11, 0, 0, 0, time.UTC).Add(time.Duration(g.between(300, 1500)) * time.Millisecond)
	w.initBlocks()

	// The OOM kill's restart comes first: routine sources are silent until it is up.
	w.cardinality()

	for i := 0; i < 420; i++ {
		w.newNode(start, routine)
	}
	w.podTargets()
	w.others()
	w.kafkaJob()
	w.storefrontRollout()
	for qi := range h22Queues {
		w.remoteQueue(qi)
	}
	w.remoteBlips()
	w.routineRules()
	w.routineReloads()
	w.routineMisc()
	w.headCompaction(routine, w.compactAt, w.blocks[len(w.blocks)-1], w.dur(9*time.Second, 0.3), 2747, 2788)
	w.remoteWriteFailing()
	w.heavyRules()
	w.controlPlaneUpgrade()
	w.diskFull()
	w.nodeScaleOut()
	return w.j.sorted(w.end)
}

// up reports whether the process is up: it is not between the OOM kill and the end of
// the start-up that follows.
func (w *h22Log) up(t time.Time) bool { return t.Before(w.oomAt) || !t.Before(w.readyAt) }

func (w *h22Log) dur(median time.Duration, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(float64(median), sigma))
}

// segment is the WAL segment being written at t.
func (w *h22Log) segment(t time.Time) int { return 2801 + int(t.Sub(w.start).Minutes()/3) }

// ulid returns a block id made at t, as oklog/ulid makes them.
func (w *h22Log) ulid(t time.Time) string {
	const enc = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	ms := uint64(t.UnixMilli())
	b := make([]byte, 26)
	for i := 9; i >= 0; i-- {
		b[i] = enc[ms&31]
		ms >>= 5
	}
	for i := 10; i < 26; i++ {
		b[i] = enc[w.g.intn(32)]
	}
	return string(b)
}

func (w *h22Log) podIP() string {
	return fmt.Sprintf("10.%d.%d.%d", w.g.between(32, 47), w.g.intn(256), w.g.between(2, 254))
}

func (w *h22Log) podName(deploy string) string {
	return deploy + "-" + w.g.alnum(w.g.between(9, 10)) + "-" + w.g.alnum(5)
}

func h22NodeName(ip string) string {
	return "ip-" + strings.ReplaceAll(ip, ".", "-") + ".eu-west-1.compute.internal"
}

// initBlocks lays out the blocks on disk: compacted ones of the past week, then the 2h
// blocks of the morning, the last of which the 11:00 head compaction writes.
func (w *h22Log) initBlocks() {
	day := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range [][2]int{{-162, -108}, {-108, -54}, {-54, -36}, {-36, -18}, {-18, 0}, {0, 6}, {6, 8}} {
		mint, maxt := day.Add(time.Duration(r[0])*time.Hour), day.Add(time.Duration(r[1])*time.Hour)
		made := maxt.Add(time.Hour + time.Duration(w.g.between(2000, 40000))*time.Millisecond)
		w.blocks = append(w.blocks, h22Block{mint, maxt, w.ulid(made)})
	}
	w.blocks = append(w.blocks, h22Block{day.Add(8 * time.Hour), day.Add(10 * time.Hour), w.ulid(w.compactAt)})
}

// out writes one line: ts, caller, then the pairs in order.
func (w *h22Log) out(tr truth, at time.Time, caller string, kvs ...h22KV) {
	at = at.Truncate(time.Millisecond)
	var b strings.Builder
	b.WriteString("ts=")
	b.WriteString(at.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	b.WriteString(" caller=")
	b.WriteString(caller)
	for _, p := range kvs {
		b.WriteByte(' ')
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(h22quote(p.v))
	}
	w.j.add(tr, at, b.String())
}

// log writes level, the logger's context, msg, then the pairs.
func (w *h22Log) log(tr truth, at time.Time, caller, level string, ctx []h22KV, msg string, kvs ...h22KV) {
	all := make([]h22KV, 0, 2+len(ctx)+len(kvs))
	all = append(all, h22KV{"level", level})
	all = append(all, ctx...)
	all = append(all, h22KV{"msg", msg})
	w.out(tr, at, caller, append(all, kvs...)...)
}

func (w *h22Log) scrape(tr truth, at time.Time, caller, level, pool, target, msg string, kvs ...h22KV) {
	w.log(tr, at, caller, level, []h22KV{{"component", "scrape manager"}, {"scrape_pool", pool}, {"target", target}}, msg, kvs...)
}

// remote writes a line of a remote write queue. Its logger drops a line identical to one
// it wrote less than a minute before.
func (w *h22Log) remote(tr truth, at time.Time, level string, q h22Queue, msg string, kvs ...h22KV) {
	all := append([]h22KV{{"component", "remote"}, {"level", level}, {"remote_name", q.name}, {"url", q.url}, {"msg", msg}}, kvs...)
	var key strings.Builder
	for _, p := range all {
		key.WriteString(p.k + "=" + p.v + " ")
	}
	if last, ok := w.seen[key.String()]; ok {
		if d := at.Sub(last); d < time.Minute && d > -time.Minute {
			return
		}
	}
	w.seen[key.String()] = at
	w.out(tr, at, "dedupe.go:112", all...)
}

func (w *h22Log) rule(tr truth, at time.Time, caller, level string, r h22Rule, msg string, kvs ...h22KV) {
	ctx := []h22KV{{"name", r.name}, {"index", strconv.Itoa(r.index)}, {"component", "rule manager"}, {"file", r.file}, {"group", r.group}}
	w.log(tr, at, caller, level, ctx, msg, kvs...)
}

func (w *h22Log) ruleFailed(tr truth, at time.Time, r h22Rule, err string) {
	w.rule(tr, at, "group.go:521", "warn", r, "Evaluating rule failed", h22v("rule", "record: "+r.name+"\nexpr: "+r.expr+"\n"), h22v("err", err))
}

// evalAt is when the evaluation of r's group that starts at or after t reaches r: each
// group is evaluated every 30 s at an offset of its own, its rules one after another.
func (w *h22Log) evalAt(r h22Rule, t time.Time) time.Time {
	h := fnv.New32a()
	h.Write([]byte(r.file + r.group))
	tick := w.start.Add(time.Duration(h.Sum32()%30000) * time.Millisecond)
	if t.After(tick) {
		tick = tick.Add((t.Sub(tick) + 30*time.Second - 1) / (30 * time.Second) * (30 * time.Second))
	}
	return tick.Add(time.Duration(r.index)*w.dur(60*time.Millisecond, 0.5) + w.dur(25*time.Millisecond, 0.5))
}

// evalTicks calls fn at each evaluation of r's group in [from, to).
func (w *h22Log) evalTicks(r h22Rule, from, to time.Time, fn func(time.Time)) {
	for t := w.evalAt(r, from); t.Before(to); t = w.evalAt(r, t.Add(29*time.Second)) {
		fn(t)
	}
}

func (w *h22Log) klog(tr truth, at time.Time, level, msg string) {
	caller, fn := "klog.go:108", "Warningf"
	if level == "error" {
		caller, fn = "klog.go:116", "ErrorDepth"
	}
	w.log(tr, at, caller, level, []h22KV{{"component", "k8s_client_runtime"}, {"func", fn}}, msg)
}

func (w *h22Log) alertFailed(tr truth, at time.Time, count int) {
	am := "http://10.42.5.21:9093/api/v2/alerts"
	w.out(tr, at, "notifier.go:544", h22KV{"level", "error"}, h22KV{"component", "notifier"}, h22KV{"alertmanager", am}, h22v("count", count),
		h22KV{"msg", "Error sending alert"}, h22KV{"err", `Post "` + am + `": context deadline exceeded`})
}

func (w *h22Log) brokenPipe(tr truth, at time.Time) {
	g := w.g
	client := pick(g, []string{"10.42.9.4", "10.42.9.4", "10.42.14.201", "10.42.1.77"}) // Grafana, the recording rules' sidecar, a CLI
	w.log(tr, at, "api.go:1836", "error", h22Web, "error writing response", h22v("bytesWritten", 0),
		h22v("err", fmt.Sprintf("write tcp %s:9090->%s:%d: write: broken pipe", h22PromIP, client, g.between(32768, 60999))))
}

// reload is the config reloader asking for a reload: the configuration file, the service
// discoveries it starts, then the durations of each part.
func (w *h22Log) reload(tr truth, at time.Time, sd []string) time.Time {
	g := w.g
	w.log(tr, at, "main.go:1335", "info", nil, "Loading configuration file", h22v("filename", h22ConfigFile))
	t := at
	for _, c := range sd {
		t = t.Add(w.dur(2*time.Millisecond, 0.5))
		w.log(tr, t, "kubernetes.go:331", "info", []h22KV{{"component", "discovery manager scrape"}, {"discovery", "kubernetes"}, {"config", c}}, "Using pod service account via in-cluster config")
	}
	parts := []struct {
		key    string
		median time.Duration
	}{
		{"db_storage", 1300 * time.Nanosecond}, {"remote_storage", 190 * time.Microsecond}, {"web_handler", 600 * time.Nanosecond},
		{"query_engine", 850 * time.Nanosecond}, {"scrape", 1100 * time.Microsecond}, {"scrape_sd", 4500 * time.Microsecond},
		{"notify", 35 * time.Microsecond}, {"notify_sd", 14 * time.Microsecond}, {"rules", 70 * time.Millisecond}, {"tracing", 6 * time.Microsecond},
	}
	var kvs []h22KV
	total := time.Duration(0)
	for _, p := range parts {
		d := w.dur(p.median, 0.4)
		if p.key == "scrape_sd" {
			d += time.Duration(len(sd)) * w.dur(3*time.Millisecond, 0.3)
		}
		total += d
		kvs = append(kvs, h22v(p.key, d))
	}
	total += time.Duration(g.between(20000, 300000))
	t = at.Add(total)
	w.log(tr, t, "main.go:1372", "info", nil, "Completed loading of configuration file", append([]h22KV{h22v("filename", h22ConfigFile), h22v("totalDuration", total)}, kvs...)...)
	return t
}

// scrapes runs a target's scrape loop: every 30 s from its offset, a warning when the
// scrape has samples the head refuses.
func (w *h22Log) scrapes(tg *h22Target) {
	g := w.g
	t := w.start.Add(tg.offset)
	for t.Before(tg.from) {
		t = t.Add(30 * time.Second)
	}
	for ; t.Before(w.end); t = t.Add(30 * time.Second) {
		if !w.up(t) {
			continue
		}
		if tg.churn && g.chance(1.0/300) {
			tg.url = fmt.Sprintf("http://%s:%d%s", w.podIP(), tg.port, tg.path)
		}
		if !g.chance(tg.p) {
			continue
		}
		n := max(1, int(g.lognormal(tg.drop, 0.7)))
		w.scrape(tg.tr, t.Add(w.dur(tg.took, 0.5)), h22IngestCaller[tg.msg], "warn", tg.pool, tg.url, tg.msg, h22v("num_dropped", n))
	}
}

// newNode adds a node's kubelet targets: cAdvisor's explicit timestamps go out of order
// on most nodes, the probes endpoint repeats samples on some.
func (w *h22Log) newNode(from time.Time, tr truth) {
	g := w.g
	var ip string
	for ip == "" || w.nodeIPs[ip] {
		ip = fmt.Sprintf("10.0.%d.%d", g.between(32, 63), g.between(4, 250))
	}
	w.nodeIPs[ip] = true
	w.nodes = append(w.nodes, ip)
	cad := &h22Target{
		pool: "serviceMonitor/monitoring/kubelet/1", url: "https://" + ip + ":10250/metrics/cadvisor", msg: h22OOO,
		offset: time.Duration(g.intn(30000)) * time.Millisecond, p: min(0.97, g.lognormal(0.42, 0.7)), drop: g.lognormal(5, 0.8),
		took: time.Duration(g.lognormal(float64(220*time.Millisecond), 0.3)), from: from, tr: tr,
	}
	probe := &h22Target{
		pool: "serviceMonitor/monitoring/kubelet/2", url: "https://" + ip + ":10250/metrics/probes", msg: h22Dup,
		offset: time.Duration(g.intn(30000)) * time.Millisecond, p: min(0.9, g.lognormal(0.1, 0.9)), drop: g.lognormal(2, 0.5),
		took: time.Duration(g.lognormal(float64(12*time.Millisecond), 0.3)), from: from, tr: tr,
	}
	if tr == routine {
		w.all = append(w.all,
			h22PoolTarget{"serviceMonitor/monitoring/kubelet/0", "https://" + ip + ":10250/metrics"},
			h22PoolTarget{cad.pool, cad.url}, h22PoolTarget{probe.pool, probe.url},
			h22PoolTarget{"serviceMonitor/monitoring/node-exporter/0", "http://" + ip + ":9100/metrics"})
	}
	w.scrapes(cad)
	w.scrapes(probe)
}

// podTargets are the application pods with something wrong in what they expose, and
// the many more without.
func (w *h22Log) podTargets() {
	g := w.g
	for i := 0; i < 260; i++ {
		pp := pick(g, h22PodPools)
		tg := &h22Target{
			pool: pp.pool, port: pp.port, path: pp.path, url: fmt.Sprintf("http://%s:%d%s", w.podIP(), pp.port, pp.path),
			offset: time.Duration(g.intn(30000)) * time.Millisecond, p: min(0.95, g.lognormal(0.3, 0.8)), drop: g.lognormal(3, 1),
			took: time.Duration(g.lognormal(float64(35*time.Millisecond), 0.6)), tr: routine, churn: true,
		}
		switch v := g.rng.Float64(); {
		case v < 0.3:
			tg.msg = h22OOO
		case v < 0.7:
			tg.msg = h22Dup
		case v < 0.75:
			tg.msg, tg.p = h22Old, tg.p*0.15
		default:
			tg.msg, tg.drop = h22Exm, 1.5
		}
		w.all = append(w.all, h22PoolTarget{tg.pool, tg.url})
		w.scrapes(tg)
	}
	for i := 0; i < 400; i++ {
		pp := pick(g, h22PodPools)
		w.all = append(w.all, h22PoolTarget{pp.pool, fmt.Sprintf("http://%s:%d%s", w.podIP(), pp.port, pp.path)})
	}
}

// others are the monitoring stack's own targets: kube-state-metrics with its duplicate
// series, the pushgateway with batch jobs' stale timestamps.
func (w *h22Log) others() {
	g := w.g
	for _, tg := range []*h22Target{
		{pool: "serviceMonitor/monitoring/kube-state-metrics/0", url: "https://10.42.7.19:8443/metrics", msg: h22Dup, p: 0.9, drop: 3, took: 900 * time.Millisecond},
		{pool: "serviceMonitor/monitoring/kube-state-metrics/0", url: "https://10.42.12.66:8443/metrics", msg: h22Dup, p: 0.85, drop: 3, took: 850 * time.Millisecond},
		{pool: "serviceMonitor/monitoring/pushgateway/0", url: "http://10.42.8.140:9091/metrics", msg: h22Old, p: 0.3, drop: 14, took: 20 * time.Millisecond},
		{pool: "serviceMonitor/monitoring/prometheus-pushgateway-batch/0", url: "http://10.42.15.9:9091/metrics", msg: h22Old, p: 0.1, drop: 40, took: 25 * time.Millisecond},
	} {
		tg.offset = time.Duration(g.intn(30000)) * time.Millisecond
		tg.tr = routine
		w.all = append(w.all, h22PoolTarget{tg.pool, tg.url})
		w.scrapes(tg)
	}
}

// kafkaJob is the reload that adds Kafka's pod monitor; Strimzi's JMX exporters repeat
// samples on most scrapes.
func (w *h22Log) kafkaJob() {
	g := w.g
	tr := w.kafka.truth()
	const pool = "podMonitor/kafka/kafka-resources-metrics/0"
	done := w.reload(tr, w.kafka.start, []string{pool})
	for i := 0; i < 12; i++ {
		url := fmt.Sprintf("http://%s:9404/metrics", w.podIP())
		w.all = append(w.all, h22PoolTarget{pool, url})
		w.scrapes(&h22Target{
			pool: pool, url: url, msg: h22Dup, offset: time.Duration(g.intn(30000)) * time.Millisecond,
			p: min(0.9, g.lognormal(0.45, 0.4)), drop: g.lognormal(6, 0.6), took: w.dur(120*time.Millisecond, 0.3),
			from: done.Add(5*time.Second + time.Duration(g.intn(20000))*time.Millisecond), tr: tr,
		})
	}
}

// storefrontRollout replaces the storefront's pods with 200 of a version exposing
// exemplars; while old and new pods overlap, kube_pod_info has duplicates and a join rule
// fails.
func (w *h22Log) storefrontRollout() {
	g := w.g
	tr := w.storefront.truth()
	const pool = "serviceMonitor/shop/storefront/0"
	for i := 0; i < 200; i++ {
		url := fmt.Sprintf("http://%s:8080/metrics", w.podIP())
		w.all = append(w.all, h22PoolTarget{pool, url})
		w.scrapes(&h22Target{
			pool: pool, url: url, msg: h22Exm, offset: time.Duration(g.intn(30000)) * time.Millisecond,
			p: min(0.5, g.lognormal(0.045, 0.6)), drop: 1.5, took: w.dur(25*time.Millisecond, 0.4),
			from: w.storefront.start.Add(20*time.Second + time.Duration(g.intn(600000))*time.Millisecond), tr: tr,
		})
	}
	// The join rule's failures while old and new pods overlap are written by
	// routineRules, which evaluates that rule.
}

func (w *h22Log) manyToMany(ns, pod string) string {
	g := w.g
	node, ip := h22NodeName(pick(g, w.nodes)), w.podIP()
	series := func(instance string) string {
		return fmt.Sprintf(`{__name__="kube_pod_info", created_by_kind="ReplicaSet", host_network="false", instance="%s", job="kube-state-metrics", namespace="%s", node="%s", pod="%s", pod_ip="%s"}`, instance, ns, node, pod, ip)
	}
	return fmt.Sprintf(`found duplicate series for the match group {namespace="%s", pod="%s"} on the right hand-side of the operation: [%s, %s];many-to-many matching not allowed: matching labels must be unique on one side`,
		ns, pod, series("10.42.7.19:8443"), series("10.42.12.66:8443"))
}

// remoteQueue is one queue's shard update loop, every 10 s: the shards the load needs
// drift; outside 30% of the current count the queue reshards.
func (w *h22Log) remoteQueue(qi int) {
	g := w.g
	q := h22Queues[qi]
	cur := int(math.Ceil(q.base))
	x := 0.0
	restarted := false
	lastSend := w.rwDown.Add(-time.Duration(g.between(2, 9)) * time.Second).Unix()
	g.every(w.start.Add(time.Duration(3+qi*4)*time.Second), w.end, 10*time.Second, 5*time.Millisecond, func(t time.Time) {
		x = 0.97*x + 0.04*g.rng.NormFloat64()
		if !w.up(t) {
			return
		}
		if !restarted && !t.Before(w.readyAt) {
			restarted, cur = true, 1 // a new process starts with min_shards
		}
		f, tr, stalled := w.remoteLoad(qi, t)
		desired := math.Ceil(q.base * math.Exp(x) * f)
		if float64(cur)*0.7 <= desired && desired <= float64(cur)*1.3 {
			return
		}
		n := min(max(int(desired), 1), q.max)
		if n == cur {
			return
		}
		if stalled {
			w.remote(tr, t, "warn", q, "Skipping resharding, last successful send was beyond threshold", h22v("lastSendTimestamp", lastSend), h22v("minSendTimestamp", t.Unix()-10))
			return
		}
		if tr.change != "" && (f < 1.05 || n < cur) {
			tr = routine // the drift of a normal day, not the change's load
		}
		w.remote(tr, t, "info", q, "Remote storage resharding", h22v("from", cur), h22v("to", n))
		cur = n
	})
}

// remoteLoad is how many times the usual shards a queue needs at t, which source that
// is, and whether sending has stalled.
func (w *h22Log) remoteLoad(qi int, t time.Time) (float64, truth, bool) {
	if qi == 0 {
		switch tr := incident(h22RemoteWrite); {
		case within(t, w.rwAt, w.rwDown.Sub(w.rwAt)):
			return 1 + 3.3*rampUp(t, w.rwAt, 4*time.Minute), tr, false
		case within(t, w.rwDown, w.rwBack.Sub(w.rwDown)):
			return 4.3 + 5*rampUp(t, w.rwDown, 6*time.Minute), tr, true
		case within(t, w.rwBack, 16*time.Minute):
			return 1 + 5*math.Exp(-t.Sub(w.rwBack).Minutes()/4), tr, false
		}
	}
	switch {
	case within(t, w.cardAt, w.oomAt.Sub(w.cardAt)):
		return 1 + 1.4*rampUp(t, w.cardAt, 9*time.Minute), incident(h22Cardinality), false
	case within(t, w.readyAt, 12*time.Minute):
		return 1 + 2*math.Exp(-t.Sub(w.readyAt).Minutes()/3), incident(h22Cardinality), false
	case within(t, w.diskAt, w.diskFixedAt.Add(5*time.Minute).Sub(w.diskAt)):
		if t.Before(w.diskFixedAt) {
			return 1 - 0.65*rampUp(t, w.diskAt, 3*time.Minute), incident(h22DiskFull), false
		}
		return 1, incident(h22DiskFull), false
	case within(t, w.storefront.start, 20*time.Minute):
		return 1 + 0.4*rampUp(t, w.storefront.start, 3*time.Minute)*(1-rampUp(t, w.storefront.start.Add(10*time.Minute), 8*time.Minute)), w.storefront.truth(), false
	case !t.Before(w.scaleOut.start):
		return 1 + 0.12*rampUp(t, w.scaleOut.start, 6*time.Minute), w.scaleOut.truth(), false
	}
	return 1, routine, false
}

// remoteBlips are the sends every remote write sees fail now and then: an ingestor
// restarting, Mimir's ingestion rate limit.
func (w *h22Log) remoteBlips() {
	g := w.g
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 2400 }, func(t time.Time) {
		if !w.up(t) || within(t, w.rwAt.Add(-5*time.Minute), w.rwBack.Add(20*time.Minute).Sub(w.rwAt)) {
			return
		}
		r := pick(g, h22Receivers)
		for i := 0; i < g.between(1, 3); i++ {
			w.remote(routine, t.Add(time.Duration(i)*61*time.Second), "warn", h22Queues[0], "Failed to send batch, retrying", h22v("err", h22Receive503(r.host, r.ip)))
		}
	})
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 1800 }, func(t time.Time) {
		if w.up(t) {
			w.remote(routine, t, "warn", h22Queues[1], "Failed to send batch, retrying", h22v("err", h22Mimir429))
		}
	})
}

func h22Receive503(host, ip string) string {
	return fmt.Sprintf(`server returned HTTP status 503 Service Unavailable: forwarding request to endpoint %s: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp %s:10901: connect: connection refused"`, host, ip)
}

const h22Mimir429 = "server returned HTTP status 429 Too Many Requests: the request has been rejected because the tenant exceeded the ingestion rate limit, set to 400000 items/s with a maximum allowed burst of 4000000. This limit is applied on the total number of samples, exemplars and metadata received across all distributors (err-mimir-tenant-max-ingestion-rate). To adjust the related per-tenant limits, configure -distributor.ingestion-rate-limit and -distributor.ingestion-burst-size, or contact your service administrator."

// routineRules are the rule failures of a normal day: the join rule meeting duplicate
// kube_pod_info series while a pod is replaced (most evaluations while the storefront
// rolls out), a rare timeout.
func (w *h22Log) routineRules() {
	g := w.g
	rollout := w.storefront.start.Add(40 * time.Second)
	w.evalTicks(h22JoinRule, w.start, w.end, func(t time.Time) {
		switch {
		case !w.up(t):
		case within(t, rollout, 10*time.Minute):
			if g.chance(0.8) {
				w.ruleFailed(w.storefront.truth(), t, h22JoinRule, w.manyToMany("shop", w.podName("storefront")))
			}
		case g.chance(0.15):
			d := pick(g, h22Deployments)
			w.ruleFailed(routine, t, h22JoinRule, w.manyToMany(d.ns, w.podName(d.name)))
		}
	})
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 3000 }, func(t time.Time) {
		if w.up(t) {
			w.ruleTimeout(routine, t, pick(g, h22Rules[:6]), "query timed out in expression evaluation")
		}
	})
}

// ruleTimeout is a rule's evaluation failing in the evaluation that follows t: a
// timeout when the query's 30 s are over, a refused query at once.
func (w *h22Log) ruleTimeout(tr truth, t time.Time, r h22Rule, err string) {
	at := w.evalAt(r, t)
	switch err {
	case "query timed out in expression evaluation":
		at = at.Add(30*time.Second + time.Duration(w.g.between(1, 40))*time.Millisecond)
	case "query timed out in query queue":
		at = at.Add(30*time.Second + time.Duration(w.g.between(0, 5))*time.Millisecond)
	default:
		at = at.Add(w.dur(5*time.Second, 0.4))
	}
	w.ruleFailed(tr, at, r, err)
}

// routineReloads are the config reloader's reloads as rule files and monitors change.
func (w *h22Log) routineReloads() {
	g := w.g
	near := []time.Time{w.kafka.start, w.rulesAt, w.rulesRevert, w.oomAt, w.readyAt}
	for t := w.start.Add(time.Duration(g.between(240, 600)) * time.Second); t.Before(w.end); t = t.Add(time.Duration(g.between(14*60, 34*60)) * time.Second) {
		ok := w.up(t)
		for _, n := range near {
			if d := t.Sub(n); d > -3*time.Minute && d < 3*time.Minute {
				ok = false
			}
		}
		if ok {
			w.reload(routine, t, nil)
		}
	}
}

// routineMisc: an Alertmanager that times out now and then, clients hanging up, the API
// server closing a watch.
func (w *h22Log) routineMisc() {
	g := w.g
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 800 }, func(t time.Time) {
		if w.up(t) {
			w.alertFailed(routine, t, g.between(1, 4))
		}
	})
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 900 }, func(t time.Time) {
		if w.up(t) {
			w.brokenPipe(routine, t)
		}
	})
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		if w.up(t) {
			inf := pick(g, h22Informers)
			w.klog(routine, t, "warn", fmt.Sprintf(`%s:539: watch of %s ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding`, h22Reflector, inf.kind))
		}
	})
}

// headCompaction writes the head's oldest 2h as a block, truncates the head and
// checkpoints the WAL.
func (w *h22Log) headCompaction(tr truth, at time.Time, b h22Block, took time.Duration, first, last int) time.Time {
	t := at.Add(took)
	w.log(tr, t, "compact.go:576", "info", h22TSDB, "write block", h22v("mint", b.mint.UnixMilli()), h22v("maxt", b.maxt.UnixMilli()), h22v("ulid", b.ulid), h22v("duration", took), h22v("ooo", false))
	gc := w.dur(650*time.Millisecond, 0.4)
	t = t.Add(gc)
	w.log(tr, t, "head.go:1293", "info", h22TSDB, "Head GC completed", h22v("caller", "truncateMemory"), h22v("duration", gc))
	t = t.Add(w.dur(40*time.Millisecond, 0.3))
	w.log(tr, t, "checkpoint.go:101", "info", h22TSDB, "Creating checkpoint", h22v("from_segment", first), h22v("to_segment", last), h22v("mint", b.maxt.UnixMilli()))
	ck := w.dur(22*time.Second, 0.3)
	t = t.Add(ck)
	w.log(tr, t, "head.go:1261", "info", h22TSDB, "WAL checkpoint complete", h22v("first", first), h22v("last", last), h22v("duration", ck))
	return t
}

// remoteWriteFailing: one of Thanos receive's ingestors goes down and the others,
// overloaded, answer 503s, then stop answering; when they are back, the backlog is
// older than their heads accept.
func (w *h22Log) remoteWriteFailing() {
	g := w.g
	tr := incident(h22RemoteWrite)
	q := h22Queues[0]
	g.arrivals(w.rwAt, w.rwBack, func(t time.Time) float64 {
		if t.Before(w.rwDown) {
			return 0.8
		}
		return 2
	}, func(t time.Time) {
		r := h22Receivers[1]
		if !t.Before(w.rwDown) {
			r = pick(g, h22Receivers)
		}
		var err string
		switch v := g.rng.Float64(); {
		case v < 0.55:
			err = h22Receive503(r.host, r.ip)
		case v < 0.75 || t.Before(w.rwDown):
			err = fmt.Sprintf(`server returned HTTP status 500 Internal Server Error: 2 errors: forwarding request to endpoint %s: rpc error: code = DeadlineExceeded desc = context deadline exceeded; write quorum not reached`, r.host)
		default:
			err = `Post "` + q.url + `": context deadline exceeded`
		}
		w.remote(tr, t, "warn", q, "Failed to send batch, retrying", h22v("err", err))
	})
	g.arrivals(w.rwBack.Add(15*time.Second), w.rwBack.Add(4*time.Minute), func(time.Time) float64 { return 0.7 }, func(t time.Time) {
		r := pick(g, h22Receivers)
		n := 2000
		if g.chance(0.3) {
			n = g.between(1, 1999)
		}
		err := fmt.Sprintf("server returned HTTP status 409 Conflict: store locally for endpoint %s: add %d samples: out of bounds", r.host, n)
		w.remote(tr, t, "error", q, "non-recoverable error", h22v("count", n), h22v("exemplarCount", 0), h22v("err", err))
	})
}

// heavyRules: rules over every storefront histogram bucket, pushed as a PrometheusRule;
// each evaluation loads too many samples or times out (30 s), the group misses its
// interval, other rules wait and time out, dashboards hang up; the rules are reverted.
func (w *h22Log) heavyRules() {
	g := w.g
	tr := incident(h22HeavyRules)
	w.reload(tr, w.rulesAt, nil)
	const grp = "storefront-slo.rules"
	rules := []struct {
		rule h22Rule
		err  string
		p    float64
		ok   time.Duration
	}{
		{h22Rule{h22SLORules, grp, "shop:http_request_duration_seconds_bucket:rate5m", `sum by (namespace, pod, route, status_code, le) (rate(http_request_duration_seconds_bucket{namespace="shop"}[5m]))`, 0},
			"query processing would load too many samples into memory in query execution", 1, 0},
		{h22Rule{h22SLORules, grp, "shop:http_request_duration_seconds:p99_1h", `histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{namespace="shop"}[1h])))`, 1},
			"query timed out in expression evaluation", 0.93, 24 * time.Second},
		{h22Rule{h22SLORules, grp, "shop:http_requests:rate1h", `sum by (route, status_code) (rate(http_requests_total{namespace="shop"}[1h]))`, 2},
			"query timed out in expression evaluation", 0.4, 12 * time.Second},
		{h22Rule{h22SLORules, grp, "shop:http_request_errors:ratio_rate1h", `sum by (route) (shop:http_requests:rate1h{status_code=~"5.."}) / sum by (route) (shop:http_requests:rate1h)`, 3},
			"", 0, 40 * time.Millisecond},
	}
	tick := w.rulesAt.Add(time.Duration(g.between(1000, 29000)) * time.Millisecond)
	for tick.Before(w.rulesRevert) {
		at := tick
		for _, r := range rules {
			switch {
			case r.ok == 0:
				at = at.Add(w.dur(7*time.Second, 0.3))
			case g.chance(r.p):
				at = at.Add(30*time.Second + time.Duration(g.between(1, 40))*time.Millisecond)
			default:
				at = at.Add(w.dur(r.ok, 0.3))
				continue
			}
			w.ruleFailed(tr, at, r.rule, r.err)
		}
		for !tick.After(at) {
			tick = tick.Add(30 * time.Second)
		}
	}
	g.arrivals(w.rulesAt.Add(time.Minute), w.rulesRevert, func(time.Time) float64 { return 1.0 / 70 }, func(t time.Time) {
		err := "query timed out in expression evaluation"
		if g.chance(0.3) {
			err = "query timed out in query queue"
		}
		w.ruleTimeout(tr, t, pick(g, h22Rules[:7]), err)
	})
	g.arrivals(w.rulesAt.Add(time.Minute), w.rulesRevert, func(time.Time) float64 { return 1.0 / 30 }, func(t time.Time) { w.brokenPipe(tr, t) })
	w.reload(tr, w.rulesRevert, nil)
}

// cardinality: ad-server 3.7.2 puts a user id on a histogram. Its pod monitor's
// sample_limit rejects the scrapes, but the pods' annotations have kubernetes-pods scrape
// them too, without a limit: the head grows, Mimir's series limit is hit, rules slow
// down, the container is OOM-killed and replays its WAL; the deployment is rolled back.
func (w *h22Log) cardinality() {
	g := w.g
	tr := incident(h22Cardinality)
	w.readyAt = w.restart(tr, w.oomAt.Add(time.Duration(g.between(12000, 24000))*time.Millisecond))
	const pool = "podMonitor/ads/ad-server/0"
	for i := 0; i < 16; i++ {
		url := fmt.Sprintf("http://%s:8081/metrics", w.podIP())
		over := w.cardAt.Add(time.Duration(g.between(100, 380)) * time.Second)
		gone := w.rollbackAt.Add(time.Duration(g.between(0, 150)) * time.Second)
		for t := w.start.Add(time.Duration(g.intn(15000)) * time.Millisecond); t.Before(gone); t = t.Add(15 * time.Second) {
			if t.Before(over) || !w.up(t) {
				continue
			}
			w.scrape(tr, t.Add(w.dur(1400*time.Millisecond, 0.4)), "scrape.go:1754", "warn", pool, url, "Append failed", h22v("err", "sample limit exceeded"))
		}
	}
	limited := func(t time.Time) bool {
		return w.up(t) && (within(t, w.cardAt.Add(4*time.Minute), w.oomAt.Sub(w.cardAt)) || within(t, w.readyAt, w.rollbackAt.Add(3*time.Minute).Sub(w.readyAt)))
	}
	g.arrivals(w.cardAt, w.rollbackAt.Add(3*time.Minute), func(t time.Time) float64 {
		if limited(t) {
			return 0.4
		}
		return 0
	}, func(t time.Time) {
		n := 2000
		if g.chance(0.08) {
			n = g.between(200, 1999)
		}
		err := fmt.Sprintf("server returned HTTP status 400 Bad Request: send data to ingesters: failed pushing to ingester mimir-ingester-zone-%s-%d: user=platform: per-user series limit of 4000000 exceeded (err-mimir-max-series-per-user). To adjust the related per-tenant limit, configure -ingester.max-global-series-per-user, or contact your service administrator.",
			pick(g, []string{"a", "b", "c"}), g.intn(4))
		w.remote(tr, t, "error", h22Queues[1], "non-recoverable error", h22v("count", n), h22v("exemplarCount", 0), h22v("err", err))
	})
	g.arrivals(w.cardAt.Add(6*time.Minute), w.oomAt, func(time.Time) float64 { return 0.5 }, func(t time.Time) {
		w.remote(tr, t, "warn", h22Queues[1], "Failed to send batch, retrying", h22v("err", h22Mimir429))
	})
	g.arrivals(w.cardAt.Add(5*time.Minute), w.oomAt, func(time.Time) float64 { return 1.0 / 45 }, func(t time.Time) {
		err := "query timed out in expression evaluation"
		if g.chance(0.4) {
			err = "query processing would load too many samples into memory in query execution"
		}
		w.ruleTimeout(tr, t, pick(g, h22Rules[:3]), err)
	})
}

// restart is Prometheus starting again after the kill: the block list, the mmapped
// chunks, the WAL replayed segment by segment, the configuration, then ready. It returns
// when it is ready.
func (w *h22Log) restart(tr truth, at time.Time) time.Time {
	g := w.g
	t := at
	step := func(lo, hi int) time.Time { // milliseconds
		t = t.Add(time.Duration(g.between(lo, hi)) * time.Millisecond)
		return t
	}
	w.log(tr, t, "main.go:619", "info", nil, "Starting Prometheus Server", h22v("mode", "server"), h22v("version", "(version=2.53.0, branch=HEAD, revision=4c35b9250afefede41c5f5acd76191f90f625898)"))
	w.out(tr, step(0, 1), "main.go:624", h22KV{"level", "info"}, h22KV{"build_context", "(go=go1.22.4, platform=linux/amd64, user=root@7f8d89cbbd64, date=20240619-07:39:12, tags=netgo,builtinassets,stringlabels)"})
	w.out(tr, t, "main.go:625", h22KV{"level", "info"}, h22KV{"host_details", "(Linux 5.15.0-1066-aws #72~20.04.1-Ubuntu SMP Sat Jun 1 14:40:03 UTC 2024 x86_64 prometheus-k8s-0 (none))"})
	w.out(tr, t, "main.go:626", h22KV{"level", "info"}, h22KV{"fd_limits", "(soft=1048576, hard=1048576)"})
	w.out(tr, t, "main.go:627", h22KV{"level", "info"}, h22KV{"vm_limits", "(soft=unlimited, hard=unlimited)"})
	w.log(tr, step(2, 6), "web.go:571", "info", h22Web, "Start listening for connections", h22v("address", "0.0.0.0:9090"))
	w.log(tr, step(0, 2), "main.go:1129", "info", nil, "Starting TSDB ...")
	w.log(tr, step(1, 4), "tls_config.go:313", "info", h22Web, "Listening on", h22v("address", "[::]:9090"))
	w.log(tr, t, "tls_config.go:316", "info", h22Web, "TLS is disabled.", h22v("http2", false), h22v("address", "[::]:9090"))
	for _, b := range w.blocks {
		w.log(tr, step(4, 40), "repair.go:56", "info", h22TSDB, "Found healthy block", h22v("mint", b.mint.UnixMilli()), h22v("maxt", b.maxt.UnixMilli()), h22v("ulid", b.ulid))
	}
	w.log(tr, step(300, 900), "head.go:616", "info", h22TSDB, "Replaying on-disk memory mappable chunks if any")
	mm := w.dur(14*time.Second, 0.2)
	t = t.Add(mm)
	w.log(tr, t, "head.go:703", "info", h22TSDB, "On-disk memory mappable chunks replay completed", h22v("duration", mm))
	w.log(tr, step(0, 2), "head.go:711", "info", h22TSDB, "Replaying WAL, this may take a while")
	ck := w.dur(9*time.Second, 0.2)
	t = t.Add(ck)
	w.log(tr, t, "head.go:748", "info", h22TSDB, "WAL checkpoint loaded")
	walStart := t
	last := w.segment(w.oomAt)
	for s := 2789; s <= last; s++ {
		// Segments written after the explosion began hold far more series.
		d := w.dur(2600*time.Millisecond, 0.25)
		if s > w.segment(w.cardAt) {
			d = w.dur(5200*time.Millisecond, 0.25)
		}
		t = t.Add(d)
		w.log(tr, t, "head.go:783", "info", h22TSDB, "WAL segment loaded", h22v("segment", s), h22v("maxSegment", last))
	}
	wal := t.Sub(walStart)
	w.log(tr, step(1, 5), "head.go:820", "info", h22TSDB, "WAL replay completed", h22v("checkpoint_replay_duration", ck), h22v("wal_replay_duration", wal),
		h22v("wbl_replay_duration", time.Duration(g.between(150, 260))), h22v("chunk_snapshot_load_duration", time.Duration(0)), h22v("mmap_chunk_replay_duration", mm), h22v("total_replay_duration", mm+ck+wal))
	w.out(tr, step(300, 700), "main.go:1150", h22KV{"level", "info"}, h22KV{"fs_type", "EXT4_SUPER_MAGIC"})
	w.log(tr, t, "main.go:1153", "info", nil, "TSDB started")
	w.log(tr, step(0, 2), "main.go:1335", "info", nil, "Loading configuration file", h22v("filename", h22ConfigFile))
	for _, q := range h22Queues {
		ctx := []h22KV{{"component", "remote"}, {"level", "info"}, {"remote_name", q.name}, {"url", q.url}}
		w.out(tr, step(0, 1), "dedupe.go:112", append(ctx, h22KV{"msg", "Starting WAL watcher"}, h22KV{"queue", q.name})...)
		w.out(tr, t, "dedupe.go:112", append(ctx, h22KV{"msg", "Starting scraped metadata watcher"})...)
		w.out(tr, step(0, 2), "dedupe.go:112", append(ctx, h22KV{"msg", "Replaying WAL"}, h22KV{"queue", q.name})...)
		replay := w.dur(50*time.Second, 0.2)
		w.out(tr, t.Add(replay), "dedupe.go:112", append(ctx, h22KV{"msg", "Done replaying WAL"}, h22v("duration", replay))...)
	}
	configs := []string{"serviceMonitor/monitoring/kubelet/0", "serviceMonitor/monitoring/kubelet/1", "serviceMonitor/monitoring/kubelet/2",
		"serviceMonitor/monitoring/node-exporter/0", "serviceMonitor/monitoring/kube-state-metrics/0", "serviceMonitor/monitoring/pushgateway/0",
		"serviceMonitor/monitoring/prometheus-pushgateway-batch/0", "kubernetes-pods", "podMonitor/ads/ad-server/0", "serviceMonitor/shop/storefront/0",
		"podMonitor/kafka/kafka-resources-metrics/0"}
	seen := map[string]bool{}
	for _, pp := range h22PodPools {
		if !seen[pp.pool] && pp.pool != "kubernetes-pods" {
			configs = append(configs, pp.pool)
		}
		seen[pp.pool] = true
	}
	for _, c := range configs {
		w.log(tr, step(1, 4), "kubernetes.go:331", "info", []h22KV{{"component", "discovery manager scrape"}, {"discovery", "kubernetes"}, {"config", c}}, "Using pod service account via in-cluster config")
	}
	w.log(tr, step(1, 3), "kubernetes.go:331", "info", []h22KV{{"component", "discovery manager notify"}, {"discovery", "kubernetes"}, {"config", "config-0"}}, "Using pod service account via in-cluster config")
	w.log(tr, step(0, 2), "main.go:1372", "info", nil, "updated GOGC", h22v("old", 100), h22v("new", 75))
	total := time.Duration(g.between(130, 260)) * time.Millisecond
	t = t.Add(total / 2)
	w.log(tr, t, "main.go:1372", "info", nil, "Completed loading of configuration file", h22v("filename", h22ConfigFile), h22v("totalDuration", total),
		h22v("db_storage", w.dur(1500*time.Nanosecond, 0.3)), h22v("remote_storage", w.dur(2*time.Millisecond, 0.3)), h22v("web_handler", w.dur(500*time.Nanosecond, 0.3)),
		h22v("query_engine", w.dur(900*time.Nanosecond, 0.3)), h22v("scrape", w.dur(1500*time.Microsecond, 0.3)), h22v("scrape_sd", w.dur(40*time.Millisecond, 0.3)),
		h22v("notify", w.dur(40*time.Microsecond, 0.3)), h22v("notify_sd", w.dur(4*time.Millisecond, 0.3)), h22v("rules", w.dur(80*time.Millisecond, 0.3)), h22v("tracing", w.dur(6*time.Microsecond, 0.3)))
	ready := step(0, 2)
	w.log(tr, ready, "main.go:1114", "info", nil, "Server is ready to receive web requests.")
	w.log(tr, step(0, 1), "manager.go:164", "info", h22RuleMgr, "Starting rule manager...")
	return ready
}

// controlPlaneUpgrade restarts the three API servers one by one: each closes a third of
// the watches with GOAWAY; some relists hit it while it is down.
func (w *h22Log) controlPlaneUpgrade() {
	g := w.g
	tr := w.controlPlane.truth()
	for _, off := range []time.Duration{time.Minute, 270 * time.Second, 480 * time.Second} {
		at := w.controlPlane.start.Add(off + time.Duration(g.intn(20000))*time.Millisecond)
		for _, inf := range h22Informers {
			if !g.chance(0.34) {
				continue
			}
			t := at.Add(time.Duration(g.intn(2000)) * time.Millisecond)
			w.klog(tr, t, "warn", fmt.Sprintf(`%s:539: watch of %s ended with: an error on the server ("unable to decode an event from the watch stream: http2: server sent GOAWAY and closed the connection; LastStreamID=%d, ErrCode=NO_ERROR, debug=\"\"") has prevented the request from succeeding`,
				h22Reflector, inf.kind, 2*g.between(200, 4000)+1))
			if !g.chance(0.35) {
				continue
			}
			t = t.Add(time.Duration(g.between(900, 15000)) * time.Millisecond)
			cause := "dial tcp 10.96.0.1:443: connect: connection refused"
			if g.chance(0.3) {
				cause = "net/http: TLS handshake timeout"
			}
			get := fmt.Sprintf(`Get "%s%s?resourceVersion=%d": %s`, h22APIServer, inf.path, g.between(48100000, 48400000), cause)
			w.klog(tr, t, "warn", fmt.Sprintf("%s:547: failed to list %s: %s", h22Reflector, inf.kind, get))
			w.klog(tr, t, "error", fmt.Sprintf("%s:150: Failed to watch %s: failed to list %s: %s", h22Reflector, inf.kind, inf.kind, get))
		}
	}
}

// diskFull: the data volume is full. WAL pages fail to flush (the scrapes and rule
// evaluations whose commit hits one fail), the 13:00 head compaction fails every minute;
// once the volume is expanded, the late compaction runs and takes longer than usual.
func (w *h22Log) diskFull() {
	g := w.g
	tr := incident(h22DiskFull)
	seg := w.segment(w.diskAt)
	walErr := func() string {
		what := "samples"
		switch v := g.rng.Float64(); {
		case v < 0.15:
			what = "series"
		case v < 0.2:
			what = "exemplars"
		}
		return fmt.Sprintf("write to WAL: log %s: write /prometheus/wal/%08d: no space left on device", what, seg)
	}
	g.arrivals(w.diskAt, w.diskFixedAt, func(t time.Time) float64 { return 0.3 + 2.7*rampUp(t, w.diskAt, 2*time.Minute) }, func(t time.Time) {
		tg := pick(g, w.all)
		w.scrape(tr, t, "scrape.go:1347", "error", tg.pool, tg.url, "Scrape commit failed", h22v("err", walErr()))
	})
	for _, r := range h22Rules {
		w.evalTicks(r, w.diskAt.Add(20*time.Second), w.diskFixedAt, func(t time.Time) {
			if g.chance(0.5 * rampUp(t, w.diskAt, 2*time.Minute)) {
				w.rule(tr, t.Add(w.dur(150*time.Millisecond, 0.5)), "group.go:555", "warn", r, "Rule sample appending failed", h22v("err", walErr()))
			}
		})
	}
	day := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	head := h22Block{day.Add(10 * time.Hour), day.Add(12 * time.Hour), ""}
	at := day.Add(13*time.Hour + time.Duration(g.between(300, 1500))*time.Millisecond)
	for n := 0; at.Before(w.diskFixedAt); n++ {
		took := w.dur(11*time.Second, 0.3)
		tmp := "/prometheus/" + w.ulid(at) + ".tmp-for-creation"
		err := "compact head: persist head block: populate block: write chunks: preallocate: no space left on device"
		if n > 0 {
			took = w.dur(1200*time.Millisecond, 0.4)
			err = fmt.Sprintf("compact head: persist head block: open chunk writer: mkdir %s/chunks: no space left on device", tmp)
			if g.chance(0.4) {
				err = fmt.Sprintf("compact head: persist head block: write index: open index writer file: open %s/index: no space left on device", tmp)
			}
		}
		w.log(tr, at.Add(took), "db.go:1027", "error", h22TSDB, "compaction failed", h22v("err", err))
		at = at.Add(time.Minute + time.Duration(g.between(0, 800))*time.Millisecond)
	}
	head.ulid = w.ulid(at)
	// The planner leaves the newest block alone: nothing else to compact yet.
	w.headCompaction(tr, at, head, w.dur(17*time.Second, 0.2), 2789, 2789+(w.segment(at)-2789)*2/3)
}

// nodeScaleOut is the cluster autoscaler adding 40 nodes over five minutes; their kubelet
// targets are scraped once they register.
func (w *h22Log) nodeScaleOut() {
	g := w.g
	for i := 0; i < 40; i++ {
		w.newNode(w.scaleOut.start.Add(40*time.Second+time.Duration(g.intn(300000))*time.Millisecond), w.scaleOut.truth())
	}
}
