package families

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// coredns is CoreDNS 1.11 serving the DNS of an on-premises Kubernetes cluster (eight
// nodes, flannel's 10.244.0.0/16, the kube-dns Service at 10.96.0.10): two replicas of
// the coredns Deployment, their stdout interleaved as `kubectl logs -n kube-system -l
// k8s-app=kube-dns --prefix --timestamps` ships it, every line with its pod and the
// container runtime's RFC 3339 time. The Corefile is kubeadm's with the log plugin
// added: errors, health (lameduck 5s), ready, kubernetes cluster.local in-addr.arpa
// ip6.arpa (pods insecure, fallthrough in-addr.arpa ip6.arpa, ttl 30), prometheus,
// forward . 10.10.0.53 10.10.1.53 (the corporate resolvers, authoritative for
// corp.example.net and the private reverse zones, recursive for the rest), cache 30,
// loop, reload, loadbalance. The log plugin's default format, with the query as the
// client sent it (type, name, protocol, size, DO bit, UDP buffer size), the rcode, the
// response's flags and size and the time taken:
//
//	[pod/coredns-5dd5756b68-7xk2p/coredns] 2024-07-02T06:31:04.183326161Z [INFO] 10.244.1.5:53421 - 12345 "A IN orders-api.shop.svc.cluster.local. udp 51 false 512" NOERROR qr,aa,rd 100 0.000123417s
//	[pod/coredns-5dd5756b68-7xk2p/coredns] 2024-07-02T06:31:04.191702355Z [INFO] 10.244.6.31:41877 - 2291 "AAAA IN api.stripe.com.cluster.local. udp 57 false 1232" NXDOMAIN qr,aa,rd 150 0.000061203s
//	[pod/coredns-5dd5756b68-q4m9z/coredns] 2024-07-02T06:31:04.204918112Z [INFO] 10.244.6.31:38012 - 40177 "A IN api.stripe.com. udp 43 false 1232" NOERROR qr,rd,ra 91 0.001822036s
//	[pod/coredns-5dd5756b68-q4m9z/coredns] 2024-07-02T06:39:11.502871019Z [ERROR] plugin/errors: 2 edi.partner-logistics.de. A: read udp 10.244.3.7:44321->10.10.1.53:53: i/o timeout
//
// Response sizes follow from the names: the kubernetes plugin answers uncompressed (an
// A record adds the name and 14 bytes, a negative answer or an AAAA of this IPv4-only
// cluster the 93 bytes of its SOA), the resolvers compress; answers from the cache carry
// aa; a response too large for a client without EDNS is truncated (tc) and asked again
// over TCP. The clients resolve as their libraries do with ndots:5 and the search list
// <namespace>.svc.cluster.local svc.cluster.local cluster.local corp.example.net: A and
// AAAA together for every name tried, so that a short Service name is found at once, a
// name.namespace at the second try, and an external name or a dotted cluster name only
// after four NXDOMAINs (the last from the resolvers); glibc (Python, Java) and musl
// (Node on Alpine) send no EDNS and ask a SERVFAIL again with the same id, Go's resolver
// sends EDNS with 1232 bytes and a socket per query, Prometheus' SRV discovery 4096 bytes,
// ingress-nginx's Lua resolver A only, PostgreSQL (log_hostname) PTR queries for its
// clients. Every query picks a replica as kube-proxy does, per socket.
//
// Normal operation, 20-35 lines a second: the shop's frontend, catalog, cart and order
// services and the payments namespace (following the morning's traffic), Kafka brokers
// resolving each other, Prometheus' SRV discovery every 30 s (truncated over UDP for the
// 24 ingest workers), Grafana, Argo CD, cert-manager, Fluent Bit on every node
// (hostNetwork), a legacy billing service whose *.service.consul names do not exist, a
// shipping job whose partner's name servers time out now and then (the errors plugin's
// line and a SERVFAIL, asked again), the CI's preview environments (a namespace pr-<n>
// every 17-27 minutes with web, api and postgres, an end-to-end runner for 6-9 minutes),
// the loop plugin's HINFO probe after every start and reload.
//
// Benign changes:
//   - 0:12, the recommendations Deployment released in namespace shop: three new pods
//     looking up feature-store.ml (NXDOMAIN in shop first), recs-redis and S3, and from
//     two minutes later the frontend calling recommendations. All their lines carry the
//     change.
//   - 1:12, a rolling upgrade from CoreDNS 1.11.1 to 1.11.3: a new pod started (its
//     banner, CoreDNS-1.11.3, linux/amd64, go1.21.11, a6338e9, the HINFO probe) while an
//     old one is terminated (SIGTERM, lameduck), then the second. Every line of the new
//     pods, whose names are new, carries the change.
//   - 1:31, the Corefile changed to add a consul. stub domain forwarding to the Consul
//     servers; each replica's reload plugin picks it up a minute or so later (Reloading,
//     lameduck, the new configuration SHA512, Reloading complete, the probe) and from then
//     on the billing service's *.service.consul names resolve (NOERROR, aa, from Consul,
//     never cached), those lines carrying the change.
//   - 2:15 for about 12 minutes, the catalog-import CronJob's eight parallel pods looking
//     up the supplier's feed, MinIO, PostgreSQL and the catalog API, PostgreSQL asking the
//     names of their addresses. All its lines carry the change.
//
// Incidents:
//   - 0:27 for about 2 minutes, a new ledger-sync pod configured with its database in the
//     wrong namespace (postgres-ledger.billing.svc.cluster.local) retries in a tight loop:
//     an NXDOMAIN storm, ten NXDOMAINs per attempt, from one address, until the
//     Deployment is rolled back.
//   - 0:46 for about 16 minutes, the corporate resolvers lose most of their way to the
//     internet: external names not in the cache time out (the errors plugin's i/o timeout
//     to 10.10.0.53 or 10.10.1.53 and SERVFAIL qr,rd after 2 s), or the resolvers answer
//     SERVFAIL themselves after a second or so, or answer late; SERVFAILs are cached for
//     5 s (qr,aa,rd), asked again with the same id, and the applications retry the
//     lookups. The resolvers' own zones keep answering.
//   - 1:46 for about 22 minutes, the API server restarted with a wrong advertise address,
//     so the kubernetes Service points nowhere from inside the cluster: the kubernetes
//     plugin's reflectors lose their watches (watch ... ended with ... http2: client
//     connection lost) and fail to list Services, EndpointSlices and Namespaces with
//     connection refused, backing off up to 30-60 s ([INFO] failed to list, [ERROR]
//     Failed to watch). CoreDNS answers from what it knew; a preview environment the CI
//     creates meanwhile does not resolve: its runner's lookups of web and its api's of
//     postgres (crash-looping) are NXDOMAIN, search path and all, until the CI gives up;
//     another created near the end resolves once the API is back.
//   - 2:37, a Corefile edit replaces the resolvers with /etc/resolv.conf, which on these
//     nodes points at systemd-resolved's stub: each replica's reload ends in [FATAL]
//     plugin/loop: Loop (127.0.0.1:... -> :53) detected for zone ".", and the container
//     crash-loops with kubelet's back-off (banner, FATAL) while the cluster has no DNS;
//     the edit is reverted after about 5 minutes, and each replica's next start after
//     the ConfigMap reaches it comes up (banner, probe), the clients' retried lookups
//     arriving in a burst.
var coredns = Family{
	Name:    "coredns",
	Role:    Tuning,
	Service: "CoreDNS 1.11 serving a Kubernetes cluster's DNS, two replicas' stdout as kubectl logs --prefix --timestamps ships it, every query logged by the log plugin",
	Lines:   corednsLines,
}

const (
	dnStorm    = "ledger-sync in a tight retry loop on a name in the wrong namespace: an NXDOMAIN storm from one client"
	dnUpstream = "corporate resolvers losing the internet: upstream i/o timeouts, SERVFAILs, slow answers, clients retrying"
	dnAPI      = "API server unreachable from the cluster: kubernetes plugin watches lost and lists refused, a preview environment not resolving"
	dnLoop     = "Corefile pointing at the node's stub resolver: forwarding loop detected, replicas crash-looping, no DNS"
)

// How a client resolves.
const (
	dnGlibc = iota // getaddrinfo of glibc: A and AAAA on a socket per name tried, no EDNS
	dnMusl         // musl's: likewise
	dnGo           // Go's resolver: a socket per query, EDNS with 1232 bytes
	dnMiekg        // Prometheus' DNS discovery: SRV, EDNS 4096, a socket per query
	dnLua          // ingress-nginx's Lua resolver: A only
)

const (
	dnZone     = "cluster.local."
	dnNodeZone = "corp.example.net"
	dnSOA      = 93 // the kubernetes plugin's SOA, uncompressed
	dnRootSOA  = 75 // the root's, in an NXDOMAIN for a name no TLD has
	dnCorpSOA  = 51 // corp.example.net's, compressed
	dnRevSOA   = 35 // the resolvers' empty 10.in-addr.arpa zone's
	dnConsulNo = 50 // Consul's SOA in a negative answer
	dnAPIURL   = "https://10.96.0.1:443"
)

// dnRec is a name the kubernetes plugin answers: a Service (one A record), a headless
// Service (one per endpoint), a StatefulSet pod, a named port's SRV records.
type dnRec struct {
	a           int
	srv         []string
	from, until time.Time // the object exists
	seen        time.Time // CoreDNS's informers have it
}

// dnExt is an external name as the resolvers answer it (compressed).
type dnExt struct {
	cname, a, aaaa int // bytes of the CNAME chain, A and AAAA records
	soa            int // the zone's SOA in a NODATA for AAAA
	miss           float64
	flaky          float64 // share of the resolvers' lookups that time out
}

// dnReplica is one CoreDNS pod.
type dnReplica struct {
	pod, ip string
	tr      truth             // the upgrade's, for the new pods
	spans   [][2]time.Time    // when the Service sends it queries
	resets  []time.Time       // when it starts with an empty cache (a start, a reload)
	cache   map[string]dnItem // by type and name
	stub    time.Time         // from when it forwards consul. to Consul
	nreset  int
}

// dnItem is an answer in a replica's cache.
type dnItem struct {
	from, until  time.Time
	rcode, flags string
	extra, per   int
	has          bool
	tr           truth
}

// dnAns is a replica's answer to one query.
type dnAns struct {
	rcode, flags string
	extra        int // the response's size less the query's
	per          int // bytes of one answer record, for truncation
	dur          time.Duration
	has          bool // records in the answer section
	tr           truth
	err          string // the errors plugin's line
	ttl          time.Duration
}

// dnLookup is an application resolving a name (getaddrinfo, a PTR, an SRV).
type dnLookup struct {
	at       time.Time
	seq      int
	ip, ns   string
	kind     int
	name     string
	qt       []string // A and AAAA unless given
	noSearch bool
	tr       truth
	tries    int
}

type dnQueue []*dnLookup

func (q dnQueue) Len() int { return len(q) }
func (q dnQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q dnQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *dnQueue) Push(x any)   { *q = append(*q, x.(*dnLookup)) }
func (q *dnQueue) Pop() any {
	old := *q
	l := old[len(old)-1]
	*q = old[:len(old)-1]
	return l
}

// dnWorkload is a set of client pods of one kind in one namespace.
type dnWorkload struct {
	ns   string
	kind int
	ips  []string
	tr   truth
	user bool // its lookups follow the shop's traffic
}

type dnLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	far, past  time.Time

	reps   []*dnReplica // the two old pods, then the two new
	recs   map[string]*dnRec
	nss    map[string]bool
	ptr    map[string]string
	ext    map[string]*dnExt
	corp   map[string]bool
	consul map[string]int
	taken  map[string]bool
	queue  dnQueue
	seq    int

	newApp, upgrade, stub, batch change
	stormAt, stormEnd            time.Time
	upAt, upEnd                  time.Time
	apiAt, apiEnd                time.Time
	loopAt                       time.Time
	sha0, sha1, shaLoop          string
	upstreams                    []string

	orders, catalog, frontend *dnWorkload
	jobs                      *dnWorkload // the CronJob's pods
	jobSpans                  [][2]time.Time
	pgCatalog                 string
}

func corednsLines(seed int64) []Line {
	start := time.Date(2024, 7, 2, 6, 30, 0, 0, time.UTC)
	g := newGen(seed, 30)
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	h := &dnLog{g: g, j: &journal{}, start: start, end: start.Add(Length), far: start.Add(Length + time.Hour), past: start.Add(-24 * time.Hour),
		recs: map[string]*dnRec{}, nss: map[string]bool{}, ptr: map[string]string{}, ext: map[string]*dnExt{},
		corp: map[string]bool{}, consul: map[string]int{}, taken: map[string]bool{},
		upstreams: []string{"10.10.0.53", "10.10.1.53"}}
	h.newApp = change{"recommendations Deployment released in namespace shop: new pods and names looked up, the frontend calling it", at(12, 0, 50)}
	h.stormAt = at(27, 0, 40)
	h.stormEnd = h.stormAt.Add(h.sec(95, 130))
	h.upAt = at(46, 0, 50)
	h.upEnd = h.upAt.Add(15*time.Minute + h.sec(0, 110))
	h.upgrade = change{"rolling upgrade of the two CoreDNS replicas from 1.11.1 to 1.11.3: new pods, the old ones terminated", at(72, 0, 40)}
	h.stub = change{"Corefile change reloaded: a consul. stub domain forwarding to the Consul servers", at(91, 0, 40)}
	h.apiAt = at(106, 0, 40)
	h.apiEnd = h.apiAt.Add(21*time.Minute + h.sec(0, 110))
	h.batch = change{"catalog-import CronJob run: eight parallel pods looking up the supplier feed, MinIO, PostgreSQL and the catalog API", at(135, 0, 40)}
	h.loopAt = at(157, 0, 40)
	h.sha0, h.sha1, h.shaLoop = g.hex(128), g.hex(128), g.hex(128)

	h.setup()
	h.coredns()
	h.reflectors()
	h.background()
	h.previews()
	h.ledger()
	h.recommendations()
	h.catalogImport()
	for h.queue.Len() > 0 {
		h.resolve(heap.Pop(&h.queue).(*dnLookup))
	}
	lines := h.j.sorted(h.end)
	for len(lines) > 0 && lines[0].At.Before(start) { // what the warm-up wrote before the log
		lines = lines[1:]
	}
	return lines
}

func (h *dnLog) sec(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Millisecond
}

func (h *dnLog) ms(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (h *dnLog) us(lo, hi int) time.Duration {
	return time.Duration(h.g.between(lo, hi)) * time.Microsecond
}

// dur draws a time taken around median.
func (h *dnLog) dur(median time.Duration, sigma float64) time.Duration {
	d := time.Duration(h.g.lognormal(float64(median), sigma))
	if h.g.chance(0.004) { // a garbage collection, a busy node
		d += time.Duration(h.g.between(2000, 30_000)) * time.Microsecond
	}
	return d
}

// traffic is the shop's morning: from 08:30 local time, rising towards noon.
func (h *dnLog) traffic(t time.Time) float64 {
	m := t.Sub(h.start).Minutes()
	return (0.8 + 0.32*rampUp(t, h.start, 150*time.Minute)) * (1 + 0.07*math.Sin(2*math.Pi*m/19) + 0.04*math.Sin(2*math.Pi*m/6.1))
}

func (h *dnLog) push(l *dnLookup) {
	h.seq++
	l.seq = h.seq
	heap.Push(&h.queue, l)
}

// Writing ----------------------------------------------------------------------------

// out writes one line of a replica's stdout as kubectl shows it.
func (h *dnLog) out(tr truth, r *dnReplica, at time.Time, msg string) {
	at = at.Add(time.Duration(h.g.intn(1000))) // the runtime's nanoseconds
	h.j.add(tr, at, "[pod/"+r.pod+"/coredns] "+at.Format(time.RFC3339Nano)+" "+msg)
}

// query writes the log plugin's line of a query answered at done.
func (h *dnLog) query(tr truth, r *dnReplica, done time.Time, ip string, port, id int, qt, name, proto string, size, bufsize int, rcode, flags string, rsize int, d time.Duration) {
	h.out(tr, r, done.Add(h.us(4, 60)), fmt.Sprintf(`[INFO] %s:%d - %d "%s IN %s %s %d false %d" %s %s %d %ss`,
		ip, port, id, qt, name, proto, size, bufsize, rcode, flags, rsize, strconv.FormatFloat(d.Seconds(), 'f', -1, 64)))
}

func (h *dnLog) port() int { return h.g.between(32768, 60999) }

// dnWire is a name's length on the wire.
func dnWire(name string) int {
	if name == "." {
		return 1
	}
	return len(name) + 1
}

// dnRev is the reverse name of an IPv4 address.
func dnRev(ip string) string {
	p := strings.Split(ip, ".")
	slices.Reverse(p)
	return strings.Join(p, ".") + ".in-addr.arpa."
}

// dnMix is a line's truth: an incident's, or the more recent change of the lookup's and
// the replica's.
func dnMix(tr, rep truth) truth {
	if tr.incident != "" {
		return tr
	}
	return later(tr, rep)
}

// The cluster ---------------------------------------------------------------------------

// known is when CoreDNS learns of an object created at t: at once, unless its watches
// are down.
func (h *dnLog) known(t time.Time) time.Time {
	if !t.Before(h.apiAt) && t.Before(h.apiEnd) {
		return h.apiEnd.Add(h.ms(300, 2500))
	}
	return t
}

func (h *dnLog) rec(name string, a int, from, until time.Time) *dnRec {
	r := &dnRec{a: a, from: from, until: until, seen: h.known(from)}
	h.recs[name] = r
	return r
}

// svc adds Services of a namespace that exist all along.
func (h *dnLog) svc(ns string, names ...string) {
	h.nss[ns] = true
	for _, n := range names {
		h.rec(n+"."+ns+".svc."+dnZone, 1, h.past, h.far)
	}
}

// statefulSet adds a headless Service of n pods and its pods' names; port names the
// port Prometheus discovers by SRV.
func (h *dnLog) statefulSet(ns, name, headless, port string, n int) {
	var targets []string
	for i := 0; i < n; i++ {
		t := fmt.Sprintf("%s-%d.%s.%s.svc.%s", name, i, headless, ns, dnZone)
		h.rec(t, 1, h.past, h.far)
		targets = append(targets, t)
	}
	h.rec(headless+"."+ns+".svc."+dnZone, n, h.past, h.far)
	if port != "" {
		h.rec("_"+port+"._tcp."+headless+"."+ns+".svc."+dnZone, 0, h.past, h.far).srv = targets
	}
}

// ip returns a pod address not given out yet.
func (h *dnLog) ip() string {
	for {
		ip := fmt.Sprintf("10.244.%d.%d", h.g.intn(8), h.g.between(2, 254))
		if !h.taken[ip] {
			h.taken[ip] = true
			return ip
		}
	}
}

// workload creates n pods; svc names the Service they are endpoints of, whose PTR
// records the kubernetes plugin then answers.
func (h *dnLog) workload(ns string, kind, n int, svc string, user bool) *dnWorkload {
	w := &dnWorkload{ns: ns, kind: kind, user: user}
	for i := 0; i < n; i++ {
		ip := h.ip()
		w.ips = append(w.ips, ip)
		if svc != "" {
			h.ptr[dnRev(ip)] = strings.ReplaceAll(ip, ".", "-") + "." + svc + "." + ns + ".svc." + dnZone
		}
	}
	return w
}

func (h *dnLog) setup() {
	h.svc("default", "kubernetes")
	h.svc("shop", "frontend", "catalog-api", "cart-api", "orders-api", "inventory-api", "redis-session", "redis-catalog", "redis-cart")
	h.svc("payments", "payments-api", "fraud-scorer", "redis-fraud")
	h.svc("data", "postgres-orders", "postgres-payments", "postgres-billing", "postgres-catalog", "postgres-ledger")
	h.svc("search", "elasticsearch-master")
	h.svc("ml", "feature-store")
	h.svc("monitoring", "prometheus-k8s", "alertmanager-main", "grafana")
	h.svc("platform", "vault")
	h.svc("argocd", "argocd-redis", "argocd-repo-server")
	h.svc("storage", "minio")
	for _, ns := range []string{"kube-system", "ingress-nginx", "billing", "shipping", "ci", "logging", "cert-manager"} {
		h.nss[ns] = true
	}
	h.statefulSet("data", "kafka", "kafka-headless", "metrics", 3)
	h.statefulSet("data", "ingest-workers", "ingest-workers-headless", "metrics", 24)
	// The recommendations Service is created with its Deployment.
	h.rec("recommendations.shop.svc."+dnZone, 1, h.newApp.start, h.far)
	h.rec("recs-redis.shop.svc."+dnZone, 1, h.newApp.start, h.far)

	for _, n := range []string{"gitlab", "ldap", "smtp", "proxy"} {
		h.corp[n+"."+dnNodeZone+"."] = true
	}
	h.consul["vault.service.consul."] = 3
	h.consul["billing-db.service.consul."] = 1

	ext := func(name string, cname, a, aaaa, soa int, miss, flaky float64) {
		h.ext[name] = &dnExt{cname: cname, a: a * 16, aaaa: aaaa * 28, soa: soa, miss: miss, flaky: flaky}
	}
	ext("api.stripe.com.", 0, 3, 0, 68, 0.05, 0)
	ext("maps.googleapis.com.", 0, 1, 1, 0, 0.03, 0)
	ext("storage.googleapis.com.", 0, 1, 1, 0, 0.03, 0)
	ext("api.sift.com.", 31, 2, 0, 74, 0.1, 0)
	ext("s3.eu-central-1.amazonaws.com.", 0, 1, 0, 81, 0.4, 0)
	ext("api.postmarkapp.com.", 0, 2, 0, 66, 0.2, 0)
	ext("github.com.", 0, 1, 0, 62, 0.1, 0)
	ext("acme-v02.api.letsencrypt.org.", 44, 1, 1, 0, 0.3, 0)
	ext("grafana.com.", 0, 1, 1, 0, 0.3, 0)
	ext("hooks.slack.com.", 37, 4, 0, 69, 0.2, 0)
	ext("edi.partner-logistics.de.", 0, 1, 0, 56, 0.6, 0.06)
	ext("sftp.partner-logistics.de.", 0, 1, 0, 56, 0.6, 0.06)
	ext("legacy-shop.example-hosting.net.", 0, 1, 0, 61, 0.2, 0)
	ext("supplier-feeds.example-partner.com.", 27, 2, 0, 72, 0.5, 0)
}

// The replicas ---------------------------------------------------------------------------

func (r *dnReplica) serving(t time.Time) bool {
	for _, s := range r.spans {
		if !t.Before(s[0]) && t.Before(s[1]) {
			return true
		}
	}
	return false
}

// flush empties the cache at the replica's starts and reloads before t.
func (r *dnReplica) flush(t time.Time) {
	for r.nreset < len(r.resets) && !t.Before(r.resets[r.nreset]) {
		clear(r.cache)
		r.nreset++
	}
}

// pick is the replica kube-proxy sends a new socket's queries to at t, nil if none is
// ready.
func (h *dnLog) pick(t time.Time) *dnReplica {
	i := h.g.weighted(len(h.reps), func(i int) float64 {
		if h.reps[i].serving(t) {
			return 1
		}
		return 0
	})
	if i < 0 {
		return nil
	}
	return h.reps[i]
}

// nextServing is when a replica is next ready after t.
func (h *dnLog) nextServing(t time.Time) time.Time {
	var next time.Time
	for _, r := range h.reps {
		for _, s := range r.spans {
			if s[0].After(t) && (next.IsZero() || s[0].Before(next)) {
				next = s[0]
			}
		}
	}
	return next
}

// banner is what a CoreDNS container writes when it starts; it returns when the server
// is up.
func (h *dnLog) banner(r *dnReplica, tr truth, t time.Time, sha string, stub, waits bool) time.Time {
	if waits {
		h.out(tr, r, t, `[INFO] plugin/ready: Still waiting on: "kubernetes"`)
		t = t.Add(h.ms(300, 1800))
	}
	lines := []string{".:53"}
	if stub {
		lines = append(lines, "consul.:53")
	}
	lines = append(lines, "[INFO] plugin/reload: Running configuration SHA512 = "+sha, "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9")
	for _, l := range lines {
		t = t.Add(h.us(20, 900))
		h.out(tr, r, t, l)
	}
	return t
}

// hinfo writes the loop plugin's probe, which the resolvers answer NXDOMAIN.
func (h *dnLog) hinfo(r *dnReplica, tr truth, t time.Time) {
	name := fmt.Sprintf("%d.%d.", h.g.rng.Int63(), h.g.rng.Int63())
	size := 12 + dnWire(name) + 4
	d := h.dur(19*time.Millisecond, 0.45)
	h.query(tr, r, t.Add(d), "127.0.0.1", h.port(), h.g.intn(65536), "HINFO", name, "udp", size, 512, "NXDOMAIN", "qr,rd,ra", size+dnRootSOA, d)
}

// reload writes the reload plugin's lines of a new Corefile and returns when the new
// configuration runs.
func (h *dnLog) reload(r *dnReplica, tr truth, t time.Time, sha string) time.Time {
	h.out(tr, r, t, "[INFO] Reloading")
	t = t.Add(h.ms(1, 5))
	h.out(tr, r, t, "[INFO] plugin/health: Going into lameduck mode for 5s")
	t = t.Add(5*time.Second + h.ms(2, 40))
	h.out(tr, r, t, "[INFO] plugin/reload: Running configuration SHA512 = "+sha)
	t = t.Add(h.us(200, 3000))
	h.out(tr, r, t, "[INFO] Reloading complete")
	r.resets = append(r.resets, t)
	return t
}

func (h *dnLog) fatal(r *dnReplica, tr truth, t time.Time) {
	h.out(tr, r, t, fmt.Sprintf(`[FATAL] plugin/loop: Loop (127.0.0.1:%d -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO %d.%d."`,
		h.port(), h.g.rng.Int63(), h.g.rng.Int63()))
}

// coredns sets up the two replicas and what happens to them: the upgrade, the reloads,
// the crash loop.
func (h *dnLog) coredns() {
	g := h.g
	oldRS, newRS := g.alnum(10), g.alnum(10)
	pod := func(rs string, node int, tr truth) *dnReplica {
		ip := fmt.Sprintf("10.244.%d.%d", node, g.between(2, 60))
		h.taken[ip] = true
		return &dnReplica{pod: "coredns-" + rs + "-" + g.alnum(5), ip: ip, tr: tr, cache: map[string]dnItem{}}
	}
	up := h.upgrade.truth()
	o1, o2 := pod(oldRS, 0, routine), pod(oldRS, 3, routine)
	n1, n2 := pod(newRS, 5, up), pod(newRS, 2, up)
	h.reps = []*dnReplica{o1, o2, n1, n2}

	// The upgrade: maxSurge 1 and maxUnavailable 1, so one old pod goes at once.
	tb := h.upgrade.start
	stop := func(r *dnReplica, t time.Time) {
		h.out(up, r, t, "[INFO] SIGTERM: Shutting down servers then terminating")
		h.out(up, r, t.Add(h.us(30, 400)), "[INFO] plugin/health: Going into lameduck mode for 5s")
	}
	o1Stop := tb.Add(h.ms(300, 1200))
	n1Start := tb.Add(h.sec(8, 16))
	n1Up := h.banner(n1, up, n1Start, h.sha0, false, g.chance(0.6))
	h.hinfo(n1, up, n1Up.Add(h.ms(1, 8)))
	n1Ready := n1Up.Add(h.sec(2, 9))
	o2Stop := n1Ready.Add(h.ms(300, 1500))
	n2Start := o2Stop.Add(h.sec(7, 14))
	n2Up := h.banner(n2, up, n2Start, h.sha0, false, g.chance(0.6))
	h.hinfo(n2, up, n2Up.Add(h.ms(1, 8)))
	n2Ready := n2Up.Add(h.sec(2, 9))
	stop(o1, o1Stop)
	stop(o2, o2Stop)
	o1.spans = [][2]time.Time{{h.past, o1Stop}}
	o2.spans = [][2]time.Time{{h.past, o2Stop}}
	n1.spans = [][2]time.Time{{n1Ready, h.far}}
	n2.spans = [][2]time.Time{{n2Ready, h.far}}

	// The stub domain: each pod's kubelet updates the ConfigMap volume, the reload
	// plugin notices within its 30 s.
	st := h.stub.truth()
	for _, r := range []*dnReplica{n1, n2} {
		done := h.reload(r, st, h.stub.start.Add(h.sec(25, 100)), h.sha1)
		r.stub = done
		h.hinfo(r, st, done.Add(h.ms(2, 12)))
	}

	// The loop: the reload ends in a FATAL, kubelet restarts the container with its
	// back-off until the reverted ConfigMap reaches the pod.
	lt := incident(dnLoop)
	fix := h.loopAt.Add(h.sec(260, 330))
	for _, r := range []*dnReplica{n1, n2} {
		done := h.reload(r, lt, h.loopAt.Add(h.sec(20, 100)), h.shaLoop)
		down := done.Add(h.ms(300, 2500))
		h.fatal(r, lt, down)
		r.spans[len(r.spans)-1][1] = down
		good := fix.Add(h.sec(30, 90))
		backoff := []int{0, 10, 20, 40, 80, 160, 300}
		for k := 0; ; k++ {
			b := 300
			if k < len(backoff) {
				b = backoff[k]
			}
			s := down.Add(time.Duration(b)*time.Second + h.ms(400, 1500))
			r.resets = append(r.resets, s)
			if !s.Before(good) {
				served := h.banner(r, lt, s, h.sha1, true, g.chance(0.3))
				h.hinfo(r, lt, served.Add(h.ms(1, 8)))
				r.spans = append(r.spans, [2]time.Time{served.Add(h.sec(1, 9)), h.far})
				break
			}
			served := h.banner(r, lt, s, h.shaLoop, true, false)
			down = served.Add(h.ms(150, 2200))
			h.fatal(r, lt, down)
		}
	}
}

// reflectors writes what the kubernetes plugin's informers log while the API server
// cannot be reached: each watch ends, then every list fails, with client-go's back-off.
func (h *dnLog) reflectors() {
	tr := incident(dnAPI)
	const src = "pkg/mod/k8s.io/client-go@v0.29.3/tools/cache/reflector.go:229"
	kinds := []struct{ kind, path string }{
		{"*v1.Service", "/api/v1/services"},
		{"*v1.EndpointSlice", "/apis/discovery.k8s.io/v1/endpointslices"},
		{"*v1.Namespace", "/api/v1/namespaces"},
	}
	for _, r := range h.reps {
		if !r.serving(h.apiAt) {
			continue
		}
		for _, k := range kinds {
			t := h.apiAt.Add(h.ms(2, 600))
			h.out(tr, r, t, fmt.Sprintf(`[INFO] plugin/kubernetes: %s: watch of %s ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding`, src, k.kind))
			url := dnAPIURL + k.path + "?limit=500&resourceVersion=0"
			cause := fmt.Sprintf(`Get "%s": dial tcp 10.96.0.1:443: connect: connection refused`, url)
			d := 800 * time.Millisecond
			for {
				t = t.Add(d + time.Duration(h.g.rng.Float64()*float64(d)))
				if !t.Before(h.apiEnd) {
					break
				}
				h.out(tr, r, t, fmt.Sprintf("[INFO] plugin/kubernetes: %s: failed to list %s: %s", src, k.kind, cause))
				h.out(tr, r, t.Add(h.us(20, 200)), fmt.Sprintf("[ERROR] plugin/kubernetes: %s: Failed to watch %s: failed to list %s: %s", src, k.kind, k.kind, cause))
				t = t.Add(h.ms(1, 4))
				if d *= 2; d > 30*time.Second {
					d = 30 * time.Second
				}
			}
		}
	}
}

// Answering ------------------------------------------------------------------------------

// candidates are the names a lookup tries, in order.
func (h *dnLog) candidates(l *dnLookup) []string {
	if strings.HasSuffix(l.name, ".") || l.noSearch {
		return []string{strings.TrimSuffix(l.name, ".") + "."}
	}
	search := []string{l.ns + ".svc." + dnZone, "svc." + dnZone, dnZone, dnNodeZone + "."}
	var out []string
	dots := strings.Count(l.name, ".")
	if dots >= 5 {
		out = append(out, l.name+".")
	}
	for _, s := range search {
		out = append(out, l.name+"."+s)
	}
	if dots < 5 {
		out = append(out, l.name+".")
	}
	return out
}

// answer is a replica's answer to a query at t: from its cache, or fresh.
func (h *dnLog) answer(r *dnReplica, t time.Time, name, qt string) dnAns {
	r.flush(t)
	key := qt + " " + name
	if e, ok := r.cache[key]; ok && !t.Before(e.from) && t.Before(e.until) {
		return dnAns{rcode: e.rcode, flags: e.flags, extra: e.extra, per: e.per, has: e.has, tr: e.tr, dur: h.dur(52*time.Microsecond, 0.4)}
	}
	a := h.fresh(r, t, name, qt)
	if a.ttl > 0 {
		flags := a.flags
		if !strings.Contains(flags, "aa") {
			flags = strings.Replace(flags, "qr,", "qr,aa,", 1)
		}
		it := dnItem{from: t.Add(a.dur), until: t.Add(a.dur + a.ttl), rcode: a.rcode, flags: flags, extra: a.extra, per: a.per, has: a.has}
		if a.rcode != "NOERROR" { // a failure served again from the cache is still the incident's
			it.tr = a.tr
		}
		r.cache[key] = it
	}
	return a
}

func (h *dnLog) fresh(r *dnReplica, t time.Time, name, qt string) dnAns {
	g := h.g
	switch {
	case strings.HasSuffix(name, "."+dnZone) || name == dnZone:
		a := dnAns{rcode: "NXDOMAIN", flags: "qr,aa,rd", extra: dnSOA, dur: h.dur(145*time.Microsecond, 0.45), ttl: 30 * time.Second}
		if rec := h.recs[name]; rec != nil && !t.Before(rec.from) && t.Before(rec.until) {
			if t.Before(rec.seen) { // created while the watches were down
				a.tr = incident(dnAPI)
				return a
			}
			a.rcode = "NOERROR"
			switch {
			case qt == "A" && rec.a > 0:
				a.per = dnWire(name) + 14
				a.extra, a.has = rec.a*a.per, true
			case qt == "SRV" && len(rec.srv) > 0:
				a.extra, a.has = 0, true
				for _, tg := range rec.srv {
					a.extra += dnWire(name) + 16 + dnWire(tg) + dnWire(tg) + 14
				}
				a.per = a.extra / len(rec.srv)
			}
			return a
		}
		if ns, ok := strings.CutSuffix(name, ".svc."+dnZone); ok && h.nss[ns] {
			a.rcode = "NOERROR"
		}
		return a
	case strings.HasSuffix(name, ".in-addr.arpa."):
		if tg, ok := h.ptr[name]; ok && qt == "PTR" {
			return dnAns{rcode: "NOERROR", flags: "qr,aa,rd", extra: dnWire(name) + 10 + dnWire(tg), has: true, dur: h.dur(160*time.Microsecond, 0.45), ttl: 30 * time.Second}
		}
		// Fallthrough to the resolvers' empty zone.
		return dnAns{rcode: "NXDOMAIN", flags: "qr,aa,rd,ra", extra: dnRevSOA, dur: h.dur(900*time.Microsecond, 0.4), ttl: 30 * time.Second}
	case strings.HasSuffix(name, ".consul.") && !r.stub.IsZero() && !t.Before(r.stub):
		a := dnAns{rcode: "NXDOMAIN", flags: "qr,aa,rd", extra: dnConsulNo, dur: h.dur(1100*time.Microsecond, 0.5), tr: h.stub.truth()}
		if n := h.consul[name]; n > 0 {
			a.rcode = "NOERROR"
			if qt == "A" {
				a.extra, a.has = n*16, true
			}
		}
		return a // TTL 0: never cached
	case strings.HasSuffix(name, "."+dnNodeZone+"."):
		a := dnAns{rcode: "NXDOMAIN", flags: "qr,aa,rd,ra", extra: dnCorpSOA, dur: h.dur(850*time.Microsecond, 0.4), ttl: 30 * time.Second}
		if h.corp[name] {
			a.rcode = "NOERROR"
			if qt == "A" {
				a.extra, a.has = 16, true
			}
		}
		return a
	}
	// Recursion at the resolvers.
	e := h.ext[name]
	a := dnAns{rcode: "NXDOMAIN", flags: "qr,rd,ra", extra: dnRootSOA, ttl: 30 * time.Second}
	miss := 0.08
	if e != nil {
		a.rcode, miss = "NOERROR", e.miss
		switch qt {
		case "A":
			a.extra, a.has = e.cname+e.a, true
		case "AAAA":
			if e.aaaa > 0 {
				a.extra, a.has = e.cname+e.aaaa, true
			} else {
				a.extra = e.cname + e.soa
			}
		}
	}
	a.dur = h.dur(1400*time.Microsecond, 0.5)
	if g.chance(miss) {
		a.dur = h.dur(28*time.Millisecond, 0.7)
	}
	timeout := func(tr truth) dnAns {
		up := pick(g, h.upstreams)
		return dnAns{rcode: "SERVFAIL", flags: "qr,rd", dur: 2*time.Second + time.Duration(g.between(150_000, 9_000_000)), tr: tr, ttl: 5 * time.Second,
			err: fmt.Sprintf("[ERROR] plugin/errors: 2 %s %s: read udp %s:%d->%s:53: i/o timeout", name, qt, r.ip, h.port(), up)}
	}
	if p := h.upstreamLoss(t); p > 0 {
		tr := incident(dnUpstream)
		switch x := g.rng.Float64(); {
		case x < 0.62*p:
			return timeout(tr)
		case x < p:
			return dnAns{rcode: "SERVFAIL", flags: "qr,rd,ra", dur: h.dur(1300*time.Millisecond, 0.25), tr: tr, ttl: 5 * time.Second}
		case x < p+(1-p)*0.6:
			a.dur = min(h.dur(320*time.Millisecond, 0.8), 1900*time.Millisecond)
			a.tr = tr
		}
		return a
	}
	if e != nil && e.flaky > 0 && a.dur > 5*time.Millisecond && g.chance(e.flaky*4) {
		return timeout(routine) // the partner's name servers
	}
	return a
}

// upstreamLoss is the share of the resolvers' recursive lookups lost at t.
func (h *dnLog) upstreamLoss(t time.Time) float64 {
	if t.Before(h.upAt) || !t.Before(h.upEnd) {
		return 0
	}
	m := t.Sub(h.upAt).Minutes()
	p := (0.55 + 0.15*math.Sin(2*math.Pi*m/4.3)) * rampUp(t, h.upAt, 40*time.Second)
	return math.Max(p*(1-rampUp(t, h.upEnd.Add(-30*time.Second), 30*time.Second)), 0.02)
}

// resolve plays one lookup through the replicas.
func (h *dnLog) resolve(l *dnLookup) {
	g := h.g
	tr, t := l.tr, l.at
	types := l.qt
	if types == nil {
		types = []string{"A", "AAAA"}
	}
	edns := 0
	switch l.kind {
	case dnGo:
		edns = 1232
	case dnMiekg:
		edns = 4096
	}
	bufsize := 512
	if edns > 0 {
		bufsize = edns
	}
	perQuery := l.kind == dnGo || l.kind == dnMiekg
	failed := false
	for _, name := range h.candidates(l) {
		var rep *dnReplica
		port := 0
		end, found := t, false
		for i, qt := range types {
			if rep == nil || perQuery {
				if rep, port = h.pick(t), h.port(); rep == nil {
					h.lost(l)
					return
				}
			}
			sent := t.Add(time.Duration(i) * h.us(10, 90))
			id := g.intn(65536)
			a := h.answer(rep, sent, name, qt)
			if a.tr.incident != "" && tr.incident == "" {
				tr = a.tr
			}
			ltr := dnMix(dnMix(tr, rep.tr), a.tr) // an answer the stub domain changed
			size := 12 + dnWire(name) + 4
			if edns > 0 {
				size += 11
			}
			rsize, flags := size+a.extra, a.flags
			done := sent.Add(a.dur)
			if rsize > bufsize && a.per > 0 { // truncated: asked again over TCP
				rsize = size + (bufsize-size)/a.per*a.per
				flags = strings.Replace(flags, "aa,", "aa,tc,", 1)
				h.query(ltr, rep, done, l.ip, port, id, qt, name, "udp", size, bufsize, a.rcode, flags, rsize, a.dur)
				t2 := done.Add(h.us(200, 900))
				trep := h.pick(t2)
				if trep == nil {
					h.lost(l)
					return
				}
				a2 := h.answer(trep, t2, name, qt)
				h.query(dnMix(dnMix(tr, trep.tr), a2.tr), trep, t2.Add(a2.dur), l.ip, h.port(), id, qt, name, "tcp", size, 65535, a2.rcode, a2.flags, size+a2.extra, a2.dur)
				done = t2.Add(a2.dur)
			} else {
				h.query(ltr, rep, done, l.ip, port, id, qt, name, "udp", size, bufsize, a.rcode, flags, rsize, a.dur)
			}
			if a.err != "" {
				h.out(ltr, rep, done.Add(h.us(60, 300)), a.err)
			}
			if a.rcode == "SERVFAIL" {
				failed = true
				if l.kind == dnGlibc || l.kind == dnMusl { // the same query again
					t2 := done.Add(h.ms(1, 6))
					a2 := h.answer(rep, t2, name, qt)
					rtr := dnMix(dnMix(tr, rep.tr), a2.tr)
					h.query(rtr, rep, t2.Add(a2.dur), l.ip, port, id, qt, name, "udp", size, bufsize, a2.rcode, a2.flags, size+a2.extra, a2.dur)
					if a2.err != "" {
						h.out(rtr, rep, t2.Add(a2.dur+h.us(60, 300)), a2.err)
					}
					if a2.rcode == "NOERROR" && a2.has {
						found = true
					}
					done = t2.Add(a2.dur)
				}
			}
			if a.rcode == "NOERROR" && a.has {
				found = true
			}
			if done.After(end) {
				end = done
			}
		}
		if found {
			return
		}
		t = end.Add(h.us(40, 450))
	}
	if failed && l.tries < 3 && g.chance(0.7) { // the application tries again
		n := *l
		n.at, n.tries, n.tr = t.Add(time.Duration(g.lognormal(2.5, 0.6)*float64(time.Second))), l.tries+1, tr
		h.push(&n)
	}
}

// lost is a lookup no replica was there to answer; some are retried when one is back.
func (h *dnLog) lost(l *dnLookup) {
	if l.tries > 0 || !h.g.chance(0.15) {
		return
	}
	next := h.nextServing(l.at)
	if next.IsZero() {
		return
	}
	n := *l
	n.at, n.tries, n.tr = next.Add(h.sec(0, 40)), 1, incident(dnLoop)
	h.push(&n)
}

// Clients ----------------------------------------------------------------------------

// stream is a workload's lookups of one name, perPod a second for each of its pods.
func (h *dnLog) stream(w *dnWorkload, name string, perPod float64, from, to time.Time, qt ...string) {
	h.g.arrivals(from, to, func(t time.Time) float64 {
		r := perPod * float64(len(w.ips))
		if w.user {
			r *= h.traffic(t)
		}
		return r
	}, func(t time.Time) {
		h.push(&dnLookup{at: t, ip: pick(h.g, w.ips), ns: w.ns, kind: w.kind, name: name, qt: qt, tr: w.tr})
	})
}

// ptrs is a PostgreSQL server looking up the names of its clients' addresses.
func (h *dnLog) ptrs(server string, rate float64, from, to time.Time, tr truth, clients func(time.Time) string) {
	h.g.arrivals(from, to, func(time.Time) float64 { return rate }, func(t time.Time) {
		if c := clients(t); c != "" {
			h.push(&dnLookup{at: t, ip: server, ns: "data", kind: dnGlibc, name: dnRev(c), qt: []string{"PTR"}, noSearch: true, tr: tr})
		}
	})
}

func (h *dnLog) background() {
	s, e := h.start.Add(-2*time.Minute), h.end // from before the log, for the caches' sake
	frontend := h.workload("shop", dnMusl, 6, "frontend", true)
	h.stream(frontend, "catalog-api", 0.3, s, e)
	h.stream(frontend, "cart-api", 0.22, s, e)
	h.stream(frontend, "orders-api", 0.07, s, e)
	h.stream(frontend, "inventory-api", 0.05, s, e)
	h.stream(frontend, "maps.googleapis.com", 0.015, s, e)
	h.stream(frontend, "redis-session.shop.svc.cluster.local", 0.03, s, e)

	h.catalog = h.workload("shop", dnGo, 3, "catalog-api", true)
	h.stream(h.catalog, "elasticsearch-master.search.svc.cluster.local", 0.06, s, e)
	h.stream(h.catalog, "redis-catalog", 0.1, s, e)
	h.stream(h.catalog, "storage.googleapis.com", 0.02, s, e)

	cart := h.workload("shop", dnGlibc, 3, "cart-api", true)
	h.stream(cart, "redis-cart", 0.15, s, e)
	h.stream(cart, "catalog-api", 0.08, s, e)
	h.stream(cart, "orders-api", 0.04, s, e)

	// Java: the JVM caches names for 30 s, so every name about once a minute a pod.
	h.orders = h.workload("shop", dnGlibc, 4, "orders-api", false)
	for _, n := range []string{"postgres-orders.data.svc.cluster.local", "kafka-0.kafka-headless.data.svc.cluster.local",
		"kafka-1.kafka-headless.data.svc.cluster.local", "kafka-2.kafka-headless.data.svc.cluster.local"} {
		h.stream(h.orders, n, 1.0/70, s, e)
	}
	h.stream(h.orders, "payments-api.payments", 1.0/50, s, e)
	h.stream(h.orders, "inventory-api", 1.0/50, s, e)
	h.stream(h.orders, "api.postmarkapp.com", 1.0/120, s, e)

	pay := h.workload("payments", dnGo, 3, "payments-api", true)
	h.stream(pay, "api.stripe.com", 0.05, s, e)
	h.stream(pay, "postgres-payments.data.svc.cluster.local", 0.01, s, e)
	h.stream(pay, "vault.platform.svc", 0.015, s, e)
	fraud := h.workload("payments", dnGlibc, 2, "fraud-scorer", true)
	h.stream(fraud, "api.sift.com", 0.04, s, e)
	h.stream(fraud, "redis-fraud", 0.05, s, e)

	kafka := &dnWorkload{ns: "data", kind: dnGlibc}
	for i := 0; i < 3; i++ {
		ip := h.ip()
		kafka.ips = append(kafka.ips, ip)
		h.ptr[dnRev(ip)] = fmt.Sprintf("kafka-%d.kafka-headless.data.svc.%s", i, dnZone)
	}
	for i := 0; i < 3; i++ {
		h.stream(kafka, fmt.Sprintf("kafka-%d.kafka-headless.data.svc.cluster.local", i), 1.0/90, s, e)
	}
	ingest := h.workload("data", dnGlibc, 1, "", false)
	h.stream(ingest, "ingest-workers-headless.data.svc.cluster.local", 1.0/20, s, e)

	prom := h.workload("monitoring", dnMiekg, 1, "", false)
	for _, n := range []string{"_metrics._tcp.kafka-headless.data.svc.cluster.local", "_metrics._tcp.ingest-workers-headless.data.svc.cluster.local"} {
		h.g.every(s.Add(h.sec(0, 30)), e, 30*time.Second, 300*time.Millisecond, func(t time.Time) {
			h.push(&dnLookup{at: t, ip: prom.ips[0], ns: "monitoring", kind: dnMiekg, name: n, qt: []string{"SRV"}})
		})
	}
	am := h.workload("monitoring", dnGo, 2, "alertmanager-main", false)
	h.stream(am, "hooks.slack.com", 1.0/600, s, e)
	grafana := h.workload("monitoring", dnGo, 1, "grafana", false)
	h.stream(grafana, "prometheus-k8s.monitoring.svc.cluster.local", 0.08, s, e)
	h.stream(grafana, "grafana.com", 1.0/300, s, e)

	// Fluent Bit on every node, hostNetwork with ClusterFirstWithHostNet: the nodes'
	// addresses.
	fb := &dnWorkload{ns: "logging", kind: dnGlibc}
	for i := 11; i <= 18; i++ {
		fb.ips = append(fb.ips, fmt.Sprintf("10.10.8.%d", i))
	}
	h.stream(fb, "kubernetes.default.svc", 1.0/60, s, e)

	argo := h.workload("argocd", dnGo, 1, "argocd-repo-server", false)
	h.stream(argo, "github.com", 1.0/180, s, e)
	h.stream(argo, "argocd-redis", 1.0/30, s, e)
	cm := h.workload("cert-manager", dnGo, 1, "", false)
	h.stream(cm, "acme-v02.api.letsencrypt.org", 1.0/600, s, e)
	runner := h.workload("ci", dnGo, 1, "", false)
	h.stream(runner, "gitlab.corp.example.net", 1.0/30, s, e)
	nginx := h.workload("ingress-nginx", dnLua, 2, "", false)
	h.stream(nginx, "legacy-shop.example-hosting.net", 1.0/30, s, e, "A")

	legacy := h.workload("billing", dnGlibc, 2, "", false)
	h.stream(legacy, "vault.service.consul", 1.0/60, s, e)
	h.stream(legacy, "billing-db.service.consul", 1.0/60, s, e)
	h.stream(legacy, "postgres-billing.data.svc.cluster.local", 1.0/90, s, e)
	ship := h.workload("shipping", dnGlibc, 1, "", false)
	h.stream(ship, "edi.partner-logistics.de", 1.0/45, s, e)
	h.stream(ship, "sftp.partner-logistics.de", 1.0/300, s, e)
	h.stream(ship, "smtp.corp.example.net", 1.0/240, s, e)

	// PostgreSQL with log_hostname: the orders database's clients are endpoints of
	// orders-api, a few are not.
	cron := h.workload("billing", dnGlibc, 3, "", false)
	h.ptrs(h.ip(), 0.04, s, e, routine, func(time.Time) string {
		if h.g.chance(0.85) {
			return pick(h.g, h.orders.ips)
		}
		return pick(h.g, cron.ips)
	})
	h.pgCatalog = h.ip()
	h.ptrs(h.pgCatalog, 0.02, s, e, routine, func(time.Time) string { return pick(h.g, h.catalog.ips) })
	h.frontend = frontend
}

// previews are the CI's preview environments: a namespace with web, api and postgres,
// an end-to-end runner, deleted when the tests are done.
func (h *dnLog) previews() {
	var starts []time.Time
	for t := h.start.Add(h.sec(60, 420)); t.Before(h.end); t = t.Add(h.sec(17*60, 27*60)) {
		starts = append(starts, t)
	}
	in := func(t time.Time) bool {
		return !t.Before(h.apiAt.Add(2*time.Minute)) && t.Before(h.apiAt.Add(8*time.Minute))
	}
	if !slices.ContainsFunc(starts, in) {
		starts = append(starts, h.apiAt.Add(h.sec(170, 300)))
		slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	}
	n := h.g.between(4180, 4230)
	for _, c := range starts {
		n += h.g.between(1, 9)
		h.preview(fmt.Sprintf("pr-%d", n), c)
	}
}

func (h *dnLog) preview(ns string, c time.Time) {
	g := h.g
	seen := h.known(c)
	runFrom := c.Add(h.sec(50, 80))
	runEnd := runFrom.Add(h.sec(6*60, 9*60))
	if seen.After(runFrom) {
		if seen.Before(runFrom.Add(10 * time.Minute)) {
			runEnd = seen.Add(h.sec(6*60, 9*60))
		} else {
			runEnd = runFrom.Add(10 * time.Minute) // the CI job gives up
		}
	}
	until := runEnd.Add(h.sec(20, 60))
	for _, s := range []string{"web", "api", "postgres"} {
		h.rec(s+"."+ns+".svc."+dnZone, 1, c, until).seen = seen
	}
	runner := h.workload(ns, dnMusl, 1, "", false)
	web := h.workload(ns, dnMusl, 1, "", false)
	api := h.workload(ns, dnGo, 1, "", false)
	g.arrivals(runFrom, runEnd, func(t time.Time) float64 {
		if t.Before(seen) {
			return 0.35 // waiting for web to answer
		}
		return 1.1
	}, func(t time.Time) {
		h.push(&dnLookup{at: t, ip: runner.ips[0], ns: ns, kind: dnMusl, name: pick(g, []string{"web", "web", "web", "api"})})
	})
	g.arrivals(runFrom, runEnd, func(t time.Time) float64 {
		if t.Before(seen) {
			return 0
		}
		return 0.7
	}, func(t time.Time) {
		h.push(&dnLookup{at: t, ip: web.ips[0], ns: ns, kind: dnMusl, name: "api"})
	})
	// The api connects to postgres when it starts; without it, it exits and kubelet
	// restarts it with its back-off.
	t := c.Add(h.sec(20, 35))
	for k := 0; t.Before(until); k++ {
		h.push(&dnLookup{at: t, ip: api.ips[0], ns: ns, kind: dnGo, name: "postgres"})
		if !t.Before(seen) {
			break
		}
		t = t.Add(time.Duration(min(10<<k, 300))*time.Second + h.sec(1, 3))
	}
	if t.Before(until) {
		h.stream(api, "postgres", 1.0/60, t, until)
	}
}

// ledger is the ledger-sync Deployment: its pod, and the new one with the wrong
// database host that retries in a tight loop (never ready, so the old one stays) until
// the rollback deletes it.
func (h *dnLog) ledger() {
	old := h.workload("billing", dnGlibc, 1, "", false)
	h.stream(old, "postgres-ledger.data.svc.cluster.local", 1.0/40, h.start.Add(-2*time.Minute), h.end)
	storm := h.workload("billing", dnGlibc, 1, "", false)
	storm.tr = incident(dnStorm)
	h.g.arrivals(h.stormAt, h.stormEnd, func(t time.Time) float64 {
		return 2.6 * rampUp(t, h.stormAt, 4*time.Second)
	}, func(t time.Time) {
		h.push(&dnLookup{at: t, ip: storm.ips[0], ns: "billing", kind: dnGlibc, name: "postgres-ledger.billing.svc.cluster.local", tr: storm.tr})
	})
}

// recommendations is the new Deployment and the frontend starting to call it.
func (h *dnLog) recommendations() {
	tr := h.newApp.truth()
	w := h.workload("shop", dnGlibc, 3, "recommendations", true)
	w.tr = tr
	for i, ip := range w.ips {
		one := &dnWorkload{ns: "shop", kind: dnGlibc, ips: []string{ip}, tr: tr, user: true}
		up := h.newApp.start.Add(time.Duration(i)*15*time.Second + h.sec(6, 14))
		for _, n := range []string{"recs-redis", "feature-store.ml", "s3.eu-central-1.amazonaws.com"} {
			h.push(&dnLookup{at: up.Add(h.ms(5, 900)), ip: ip, ns: "shop", kind: dnGlibc, name: n, tr: tr})
		}
		h.stream(one, "feature-store.ml", 0.28, up, h.end)
		h.stream(one, "recs-redis", 1.0/120, up, h.end)
		h.stream(one, "s3.eu-central-1.amazonaws.com", 1.0/300, up, h.end)
	}
	fe := &dnWorkload{ns: "shop", kind: dnMusl, ips: h.frontend.ips, tr: tr, user: true}
	h.stream(fe, "recommendations", 0.08, h.newApp.start.Add(h.sec(110, 140)), h.end)
}

// catalogImport is the CronJob's run: eight Go pods, each working for 9-13 minutes.
func (h *dnLog) catalogImport() {
	tr := h.batch.truth()
	h.jobs = h.workload("data", dnGo, 8, "", false)
	h.jobs.tr = tr
	for _, ip := range h.jobs.ips {
		one := &dnWorkload{ns: "data", kind: dnGo, ips: []string{ip}, tr: tr}
		from := h.batch.start.Add(h.sec(2, 25))
		to := from.Add(h.sec(9*60, 13*60))
		h.jobSpans = append(h.jobSpans, [2]time.Time{from, to})
		h.stream(one, "supplier-feeds.example-partner.com", 0.07, from, to)
		h.stream(one, "minio.storage", 0.16, from, to)
		h.stream(one, "postgres-catalog.data.svc.cluster.local", 0.025, from, to)
		h.stream(one, "catalog-api.shop", 0.1, from, to)
	}
	// PostgreSQL looks up the name of every job pod that connects.
	h.ptrs(h.pgCatalog, 0.3, h.batch.start, h.end, tr, func(t time.Time) string {
		var running []string
		for i, s := range h.jobSpans {
			if !t.Before(s[0]) && t.Before(s[1]) {
				running = append(running, h.jobs.ips[i])
			}
		}
		if len(running) == 0 {
			return ""
		}
		return pick(h.g, running)
	})
}
