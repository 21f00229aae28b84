package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// holdout14 is etcd 3.5 as the three-member etcd cluster of a Kubernetes control plane
// set up by kubeadm: members etcd-cp-1, etcd-cp-2 and etcd-cp-3, static pods on the three
// control-plane nodes, each the backend of the kube-apiserver beside it (which talks to
// it over 127.0.0.1:2379), for a cluster of 250 worker nodes and about 7000 pods. The
// three members' logs are interleaved as the log collector ships them from the nodes:
// etcd's zap JSON, one object a line, microsecond timestamps, raft's own lines with
// "logger":"raft":
//
//	{"level":"warn","ts":"2024-09-12T08:00:03.412345Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"142.312787ms","expected-duration":"100ms","prefix":"read-only range ","request":"key:\"/registry/pods/\" range_end:\"/registry/pods0\" limit:500 ","response":"range_response_count:500 size:2389475"}
//	{"level":"info","ts":"2024-09-12T08:03:12.901233Z","caller":"mvcc/kvstore_compaction.go:68","msg":"finished scheduled compaction","compact-revision":483112904,"took":"183.422107ms","hash":2868261440,"current-db-size-bytes":1742139392,"current-db-size":"1.7 GB","current-db-size-in-use-bytes":1141751808,"current-db-size-in-use":"1.1 GB"}
//
// Most lines say which member wrote them only by what they carry (a local-member-id, the
// member id in a raft line); the slow-request warnings say nothing of it.
//
// Normal operation, 11-14 lines a second: the apiservers' reads that take longer than
// 100 ms (lists of pods, secrets, configmaps, CRDs, counts of events, single leases and
// nodes, the /registry/health key) each write "apply request took too long" and its
// "trace[N] range" with the steps that took time, "request stats" past 300 ms; every
// member's slow applies of writes (node lease renewals, events with their lease, pod
// status, leader-election leases, endpointslices), the originating member's "trace[N]
// transaction"; the leader revokes the apiservers' expired event leases (one a minute
// from each, an hour old) and every member applies the revocation slowly; the
// apiserver's compaction every 5 minutes on every member (compact tree index, finished
// scheduled compaction with the revision and database sizes, storing new hash); a
// snapshot every 10000 applied entries per member (triggering snapshot, saved snapshot,
// compacted Raft logs, the oldest .snap purged), a new WAL segment every 64 MB and the
// oldest purged; an hourly etcdctl snapshot backup at :33 on etcd-cp-1. What every etcd
// writes now and then: a slow fdatasync (with the leader's late heartbeats), a
// misconfigured scraper rejected at the TLS handshake every 30 s on every member, a
// scanner's EOF, a watch or lease keepalive stream that fails to send, a ReadIndex
// retry, an event put whose lease was just revoked ("failed to apply request", lease not
// found).
//
// Benign changes:
//   - 0:22, an operator defragments the members one after another (etcd-cp-3, etcd-cp-2,
//     then the leader): starting defragment, defragmenting, finished defragmenting
//     directory (the file shrinks from 1.7 to 1.1 GB), finished defragment; each member
//     stalls for 8-14 s, so every read and write waiting on it finishes late at once
//     (apply request took too long, traces, request stats).
//   - 0:57 for about 10 minutes, a large Helm release and tenant onboarding: 140 CRDs of
//     up to 1.3 MB, then thousands of namespaces' configmaps, secrets, RBAC and service
//     accounts; slow applies and traces of creates, the CRD lists re-read, a few slow
//     fdatasyncs, WAL segments cut faster.
//   - 1:41, kubeadm upgrades the members from 3.5.12 to 3.5.13, etcd-cp-3, etcd-cp-1,
//     then etcd-cp-2, the leader, a few minutes apart: the shutdown (received signal,
//     closing etcd server, streams and peers stopped; on the leader "leadership transfer
//     starting/finished" and a vote at a new term), the peers' lost streams, peer
//     inactive, the leader's failed version probes, the start-up with the new version
//     (recovered from snapshot, restarting local member, newRaft, peers active,
//     published, ready to serve), then the node's apiserver restarting (watch streams
//     failing to send) and re-listing everything.
//
// Incidents:
//   - 0:37 for about 14 minutes, the disk of etcd-cp-1's node, the leader, turns slow:
//     slow fdatasync storms, "leader failed to send out heartbeat on time" to both
//     followers, linearizable reads waiting on the leader everywhere; about a minute in
//     the followers stop hearing it: a pre-vote and a vote, etcd-cp-2 elected at term
//     8, lost leader, etcd-cp-1 stepping down late; then etcd-cp-1 lags as a follower:
//     multi-second applies and reads, ReadIndex retries and time-outs, and now and then
//     a pre-vote campaign the others ignore (lease is not expired).
//   - 1:08, a policy controller rewrites its 1 MB admission reports in a loop: slow
//     applies of megabyte puts on every member, huge lists, a WAL segment cut every
//     15-20 s; about four minutes later the database reaches the 2 GiB quota: "failed
//     to apply request" and "message exceeded backend quota; raising alarm" (database
//     space exceeded) on every member, the puts already proposed failing too, "alarm
//     raised" NOSPACE; writes are refused from then on (etcd logs none of them) and the
//     monitoring probe's /health fails on every member every 15 s; six minutes in the
//     operator compacts (a compaction of seconds), defragments each member (stalls,
//     bursts of late requests) and disarms the alarm, about eight minutes after it was
//     raised, and the writes held back pour in. All of it is the incident's.
//   - 2:11 for about 3 minutes, a network partition isolates etcd-cp-3: dropped raft
//     messages, lost streams and peers inactive on both sides, the probers' unhealthy
//     status every 30 s, the leader's failed version probes every 4 s; etcd-cp-3 loses
//     its leader and campaigns with pre-votes every second or two (the term does not
//     rise: pre-vote), drops its read index requests, times out reads and writes, fails
//     its /health probes (no leader) until the kubelet restarts it, starts without
//     peers and fails to publish itself every 7 s; when the network returns it catches
//     up (receiving a snapshot if the leader has compacted past it) and serves again.
//   - 2:33, the hourly backup job's client certificate has expired: one "rejected
//     connection" at the TLS handshake, and no backup that hour.
var holdout14 = Family{
	Name:    "holdout-14",
	Role:    Holdout,
	Service: "etcd 3.5 as the three-member etcd cluster of a kubeadm Kubernetes control plane, the members' zap JSON logs (one object a line, raft lines included) interleaved",
	Lines:   holdout14Lines,
}

const (
	h14Disk      = "slow disk on etcd-cp-1's node: fdatasync storms, leader heartbeats late, leader election, multi-second applies and reads on etcd-cp-1"
	h14NoSpace   = "database space quota exceeded after a runaway admission-report writer: NOSPACE alarm until the operator compacts, defragments and disarms"
	h14Partition = "network partition isolating etcd-cp-3: peers unreachable, pre-vote campaigns without a leader, requests timing out, liveness restart, catch-up"
	h14Cert      = "etcd backup job's client certificate expired: its snapshot connection rejected at the TLS handshake"
)

const (
	h14Quota   = 2147483648
	h14Snaps   = 10000
	h14CatchUp = 5000
	h14WAL     = 64 << 20
	h14Data    = "/var/lib/etcd"
	h14ApplyTL = "etcdserver/util.go:170"
	h14TraceC  = "traceutil/trace.go:171"
	h14StatsC  = "v3rpc/interceptor.go:197"
	h14TxnOK   = "size:20"
)

type h14Member struct {
	i            int
	name, id, ip string
	n            uint64
	// The process's runs: run k lasts from runs[k] to stops[k].
	runs, stops []time.Time
	// frozen: it applies nothing (down, cut off); blocked: its routine lines are left to
	// what blocks it (a defragmentation, an incident).
	frozen, blocked [][2]time.Time
	version         string
	rate            float64 // requests a second its id generator hands out
	snaps           []h14Snap
	fileBase        []h14Size // the database file's size set by a defragmentation
	walOff          float64
	probeOff        time.Duration
	rtt             float64 // ms
}

type h14Snap struct {
	at            time.Time
	applied, prev uint64
	term          int
	received      bool // sent by the leader
}

type h14Size struct {
	at   time.Time
	size float64
}

type h14Lead struct {
	at   time.Time
	who  int
	term int
}

type h14Defrag struct {
	m    *h14Member
	at   time.Time
	took time.Duration
}

type h14Restart struct {
	m                 *h14Member
	stop, boot, ready time.Time
}

type h14Pod struct{ ns, name string }

type h14Log struct {
	g          *gen
	j          *journal
	start, end time.Time
	m          [3]*h14Member
	cluster    string
	leads      []h14Lead
	nodes      []string
	pods       []h14Pod
	nss        []string
	scraper    string

	t0                    time.Time
	revT, idxT, wbT       []float64
	rev0, idx0            float64
	defrag, helm, upgrade change
	defrags, fixes        []h14Defrag
	ups                   []h14Restart
	diskAt, electAt       time.Time
	diskEnd               time.Time
	runAt, alarmAt, opAt  time.Time
	disarmAt              time.Time
	partAt, healAt        time.Time
	killAt, rebootAt      time.Time
	certAt                time.Time
	notAfter              time.Time
}

func holdout14Lines(seed int64) []Line {
	start := time.Date(2024, 9, 12, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 35)
	l := &h14Log{g: g, j: &journal{}, start: start, end: start.Add(Length)}
	at := func(m, lo, hi int) time.Time {
		return start.Add(time.Duration(m)*time.Minute + time.Duration(g.between(lo*1000, hi*1000))*time.Millisecond)
	}
	l.setup()
	l.defrag = change{"operator defragmentation of the three etcd members one after another: each stalls while its database is rewritten", at(22, 0, 50)}
	l.helm = change{"large Helm release and tenant onboarding: 140 CRDs and thousands of keys written within ten minutes", at(57, 0, 50)}
	l.upgrade = change{"rolling upgrade of the etcd members from 3.5.12 to 3.5.13 with kubeadm, leadership transferred off the leader", at(101, 0, 50)}
	l.diskAt = at(37, 0, 50)
	l.electAt = l.diskAt.Add(l.ms(48_000, 80_000))
	l.diskEnd = l.diskAt.Add(13*time.Minute + l.ms(0, 120_000))
	l.runAt = at(68, 0, 50)
	l.partAt = at(131, 0, 50)
	l.healAt = l.partAt.Add(3*time.Minute + l.ms(0, 40_000))
	l.certAt = start.Add(2*time.Hour + 33*time.Minute + l.ms(2000, 9000))
	l.notAfter = time.Date(2024, 9, 12, 10, g.between(5, 25), g.between(0, 59), 0, time.UTC)
	l.plan()
	l.tables()
	l.snapshots()

	l.reads()
	l.slowApplies()
	l.commitTraces()
	l.revokes()
	l.compactions()
	l.snapshotLines()
	l.wals()
	l.noise()
	l.backups()

	l.defragChange()
	l.helmBurst()
	l.rollingUpgrade()
	l.disk()
	l.noSpace()
	l.partition()
	l.j.add(incident(h14Cert), l.certAt, l.line(l.certAt, "warn", "embed/config_logging.go:169", "rejected connection",
		field{"remote-addr", fmt.Sprintf("10.244.%d.%d:%d", g.between(0, 3), g.between(2, 250), g.between(32768, 60999))}, field{"server-name", ""},
		field{"error", fmt.Sprintf("tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time %s is after %s",
			l.certAt.Format(time.RFC3339), l.notAfter.Format(time.RFC3339))}))
	return l.j.sorted(l.end)
}

func (l *h14Log) ms(lo, hi int) time.Duration {
	return time.Duration(l.g.between(lo*1000, hi*1000))*time.Microsecond + time.Duration(l.g.intn(1000))
}

func (l *h14Log) us(lo, hi int) time.Duration {
	return time.Duration(l.g.between(lo, hi))*time.Microsecond + time.Duration(l.g.intn(1000))
}

// dur draws a duration of about median seconds.
func (l *h14Log) dur(median, sigma float64) time.Duration {
	return time.Duration(l.g.lognormal(median, sigma) * float64(time.Second))
}

// slow draws how long a request past the 100 ms warning took: mostly a little past it,
// now and then much more.
func (l *h14Log) slow(excess float64) time.Duration {
	return 100*time.Millisecond + time.Duration(l.g.lognormal(excess, 0.85)*float64(time.Second)) + time.Duration(l.g.intn(1000))
}

func (l *h14Log) setup() {
	g := l.g
	seen := map[string]bool{}
	for i := range l.m {
		var id string
		for id == "" || seen[id] {
			// the id's low 16 bits prefix the member's request ids; keep them below 0x8000
			id = string("123456789abcdef"[g.intn(15)]) + g.hex(11) + string("01234567"[g.intn(8)]) + g.hex(3)
		}
		seen[id] = true
		n, _ := strconv.ParseUint(id, 16, 64)
		m := &h14Member{i: i, name: fmt.Sprintf("etcd-cp-%d", i+1), id: id, n: n, ip: fmt.Sprintf("10.40.1.%d", 11+i),
			version: "3.5.12", rate: 36 + float64(g.between(0, 80))/10, walOff: float64(g.intn(h14WAL)),
			probeOff: time.Duration(g.intn(30_000)) * time.Millisecond, rtt: 0.6 + float64(g.intn(900))/1000}
		m.runs = []time.Time{l.start.Add(-time.Duration(g.between(9*24, 40*24))*time.Hour - l.ms(0, 3_600_000))}
		m.stops = []time.Time{l.end.Add(24 * time.Hour)}
		m.fileBase = []h14Size{{l.start.Add(-30 * 24 * time.Hour), 1.69e9 + float64(g.intn(80))*1e6}}
		l.m[i] = m
	}
	l.cluster = string("123456789abcdef"[g.intn(15)]) + g.hex(15)
	l.leads = []h14Lead{{l.start.Add(-60 * 24 * time.Hour), 0, 7}}
	taken := map[string]bool{}
	for len(l.nodes) < 250 {
		n := fmt.Sprintf("ip-10-40-%d-%d.eu-central-1.compute.internal", g.between(16, 63), g.between(4, 254))
		if !taken[n] {
			taken[n] = true
			l.nodes = append(l.nodes, n)
		}
	}
	l.nss = []string{"kube-system", "monitoring", "ingress-nginx", "cert-manager", "argocd", "logging", "payments", "checkout", "catalog", "search",
		"orders", "identity", "notifications", "recommendations", "data-pipeline", "ml-serving", "istio-system", "kyverno", "velero", "default",
		"pricing", "inventory", "shipping", "reviews", "media", "analytics", "gateway", "crm"}
	apps := []string{"api", "worker", "frontend", "consumer", "scheduler", "gateway", "cache", "exporter", "controller", "webhook", "sync", "indexer"}
	for len(l.pods) < 1600 {
		ns := pick(g, l.nss)
		name := ns + "-" + pick(g, apps)
		switch ns {
		case "kube-system":
			name = pick(g, []string{"coredns", "kube-proxy", "aws-node", "ebs-csi-node", "metrics-server", "cluster-autoscaler"})
		case "monitoring":
			name = pick(g, []string{"node-exporter", "kube-state-metrics", "prometheus-operator", "grafana", "alertmanager-main"})
		case "logging":
			name = pick(g, []string{"fluent-bit", "loki-write", "loki-read"})
		}
		l.pods = append(l.pods, h14Pod{ns, fmt.Sprintf("%s-%s-%s", name, g.alnum(10), g.alnum(5))})
	}
	l.scraper = fmt.Sprintf("10.244.%d.%d", g.between(0, 3), g.between(2, 250))
}

// plan decides when the members stop, stall and lead, before anything is written.
func (l *h14Log) plan() {
	g := l.g
	c1, c2, c3 := l.m[0], l.m[1], l.m[2]
	// C1: defragmentation, followers first.
	t := l.defrag.start
	for _, m := range []*h14Member{c3, c2, c1} {
		d := h14Defrag{m, t, l.ms(8000, 14_000)}
		l.defrags = append(l.defrags, d)
		m.blocked = append(m.blocked, [2]time.Time{t, t.Add(d.took)})
		m.fileBase = append(m.fileBase, h14Size{t.Add(d.took), h14Pages(l.inUse(t) + float64(g.between(2, 9))*1e6)})
		t = t.Add(d.took + l.ms(50_000, 110_000))
	}
	// I1: etcd-cp-1's disk; etcd-cp-2 elected.
	c1.blocked = append(c1.blocked, [2]time.Time{l.diskAt, l.diskEnd})
	l.leads = append(l.leads, h14Lead{l.electAt.Add(3 * time.Millisecond), 1, 8})
	// I2: the runaway writer fills the database to the quota.
	l.alarmAt = l.runAt
	for l.inUse(l.alarmAt) < h14Quota-1.5e6 {
		l.alarmAt = l.alarmAt.Add(time.Second)
	}
	l.alarmAt = l.alarmAt.Add(l.ms(0, 999))
	l.opAt = l.alarmAt.Add(5*time.Minute + l.ms(20_000, 80_000))
	t = l.opAt.Add(l.ms(25_000, 50_000))
	for _, m := range []*h14Member{c3, c1, c2} {
		d := h14Defrag{m, t, l.ms(9000, 16_000)}
		l.fixes = append(l.fixes, d)
		m.blocked = append(m.blocked, [2]time.Time{t, t.Add(d.took)})
		m.fileBase = append(m.fileBase, h14Size{t.Add(d.took), h14Pages(l.inUse(t.Add(d.took)) + float64(g.between(2, 9))*1e6)})
		t = t.Add(d.took + l.ms(300, 1500))
	}
	l.disarmAt = t.Add(l.ms(30_000, 70_000))
	// C3: the rolling upgrade, the leader last.
	t = l.upgrade.start.Add(l.ms(15_000, 40_000))
	for _, m := range []*h14Member{c3, c1, c2} {
		u := h14Restart{m: m, stop: t}
		u.boot = t.Add(l.ms(7000, 13_000))
		u.ready = u.boot.Add(l.ms(1400, 2600))
		l.ups = append(l.ups, u)
		l.restart(m, t.Add(l.ms(120, 300)), u.boot)
		m.frozen = append(m.frozen, [2]time.Time{t, u.boot.Add(time.Second)})
		m.blocked = append(m.blocked, [2]time.Time{t, u.ready.Add(2 * time.Second)})
		if m == c2 {
			l.leads = append(l.leads, h14Lead{t.Add(12 * time.Millisecond), 0, 9})
		}
		t = u.ready.Add(l.ms(140_000, 230_000))
	}
	// I3: etcd-cp-3 cut off; the kubelet restarts it after eight failed probes.
	first := l.partAt.Add(l.ms(1500, 2500)).Add(time.Duration(g.intn(10_000)) * time.Millisecond)
	l.killAt = first.Add(70*time.Second + l.ms(5, 60))
	l.rebootAt = l.killAt.Add(l.ms(1200, 2600))
	l.restart(c3, l.killAt.Add(l.ms(150, 300)), l.rebootAt)
	c3.frozen = append(c3.frozen, [2]time.Time{l.partAt, l.healAt.Add(2 * time.Second)})
	c3.blocked = append(c3.blocked, [2]time.Time{l.partAt, l.healAt.Add(4 * time.Second)})
}

func (l *h14Log) restart(m *h14Member, stop, boot time.Time) {
	m.stops[len(m.stops)-1] = stop
	m.runs = append(m.runs, boot)
	m.stops = append(m.stops, l.end.Add(24*time.Hour))
}

func h14In(ws [][2]time.Time, t time.Time) bool {
	for _, w := range ws {
		if !t.Before(w[0]) && t.Before(w[1]) {
			return true
		}
	}
	return false
}

func (m *h14Member) up(t time.Time) bool {
	for k, r := range m.runs {
		if !t.Before(r) && t.Before(m.stops[k]) {
			return true
		}
	}
	return false
}

// free reports whether m writes its routine lines at t.
func (m *h14Member) free(t time.Time) bool { return m.up(t) && !h14In(m.blocked, t) }

func (m *h14Member) run(t time.Time) int {
	k := 0
	for i, r := range m.runs {
		if !t.Before(r) {
			k = i
		}
	}
	return k
}

func (l *h14Log) leader(t time.Time) (*h14Member, int) {
	k := 0
	for i, x := range l.leads {
		if !t.Before(x.at) {
			k = i
		}
	}
	return l.m[l.leads[k].who], l.leads[k].term
}

func (l *h14Log) full(t time.Time) bool { return within(t, l.alarmAt, l.disarmAt.Sub(l.alarmAt)) }

// load is the apiservers' demand: flat with small swells, CronJobs at :00 and :30.
func (l *h14Log) load(t time.Time) float64 {
	m := t.Sub(l.start).Minutes()
	x := 1 + 0.07*math.Sin(2*math.Pi*m/17) + 0.05*math.Sin(2*math.Pi*m/6.1)
	if s := math.Mod(m, 30); s >= 0 && s < 1.5 {
		x += 0.2
	}
	return x
}

// helmLevel is the Helm release's write rate, 0 to 1.
func (l *h14Log) helmLevel(t time.Time) float64 {
	s := l.helm.start.Add(time.Minute)
	return rampUp(t, s, time.Minute) * (1 - rampUp(t, s.Add(7*time.Minute), 2*time.Minute))
}

// inUse is the part of the database file in use, the same on every member.
func (l *h14Log) inUse(t time.Time) float64 {
	m := t.Sub(l.start).Minutes()
	u := 1.118e9 + 0.35e6*m + 9e6*math.Sin(2*math.Pi*m/41)
	u += 58e6 * rampUp(t, l.helm.start, 10*time.Minute)
	if t.After(l.runAt) {
		if l.opAt.IsZero() || t.Before(l.opAt) {
			u = math.Min(u+4.3e6*t.Sub(l.runAt).Seconds(), h14Quota-0.3e6)
		} else {
			u += 41e6
		}
	}
	return u
}

// file is the size of m's database file: what its last defragmentation left, or the most
// that has been in use since.
func (l *h14Log) file(m *h14Member, t time.Time) float64 {
	b := m.fileBase[0]
	for _, x := range m.fileBase {
		if !t.Before(x.at) {
			b = x
		}
	}
	s := b.size
	for u := b.at; u.Before(t); u = u.Add(10 * time.Second) {
		if u.After(l.start.Add(-time.Hour)) {
			s = math.Max(s, l.inUse(u)+3e6)
		}
	}
	return h14Pages(math.Min(math.Max(s, l.inUse(t)+3e6), h14Quota+float64(m.i)*4096*3))
}

// h14Pages rounds a database size down to bbolt's 4 KiB pages.
func h14Pages(x float64) float64 { return math.Floor(x/4096) * 4096 }

// rates returns the write transactions a second (each a new revision), the raft entries
// a second and the bytes a second the WALs grow by.
func (l *h14Log) rates(t time.Time) (w, e, b float64) {
	w = 46 * l.load(t)
	b = w * 1300
	if h := l.helmLevel(t); h > 0 {
		w += 32 * h
		b += 32*h*2400 + 0.3*h*400e3
	}
	if within(t, l.runAt, l.alarmAt.Sub(l.runAt)) {
		w += 4.2
		b += 4.2 * 1.05e6
	}
	e = w*1.1 + 1.9
	if l.full(t) { // writes rejected; each rejected put still proposes an alarm
		w = 0.05
		b = e * 160
	}
	if d := t.Sub(l.disarmAt); d >= 0 && d < 40*time.Second {
		x := 60 * (1 - d.Seconds()/40)
		w, e, b = w+x, e+x, b+x*1300
	}
	return w, e, b
}

func (l *h14Log) tables() {
	l.t0 = l.start.Add(-2 * time.Hour)
	n := int(l.end.Add(20*time.Minute).Sub(l.t0)/time.Second) + 2
	l.revT, l.idxT, l.wbT = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 1; i < n; i++ {
		w, e, b := l.rates(l.t0.Add(time.Duration(i)*time.Second - 500*time.Millisecond))
		l.revT[i] = l.revT[i-1] + w
		l.idxT[i] = l.idxT[i-1] + e
		l.wbT[i] = l.wbT[i-1] + b
	}
	l.rev0 = 483_000_000 + float64(l.g.intn(400_000))
	l.idx0 = 612_000_000 + float64(l.g.intn(400_000))
}

func (l *h14Log) interp(tab []float64, t time.Time) float64 {
	s := t.Sub(l.t0).Seconds()
	i := int(s)
	if i < 0 {
		return tab[0] + s*50
	}
	if i >= len(tab)-1 {
		return tab[len(tab)-1]
	}
	return tab[i] + (tab[i+1]-tab[i])*(s-float64(i))
}

func (l *h14Log) revAt(t time.Time) int { return int(l.rev0 + l.interp(l.revT, t)) }
func (l *h14Log) idxAt(t time.Time) int { return int(l.idx0 + l.interp(l.idxT, t)) }

// applied is the last index m has applied at t: frozen while it is down or cut off.
func (l *h14Log) applied(m *h14Member, t time.Time) int {
	for _, w := range m.frozen {
		if !t.Before(w[0]) && t.Before(w[1]) {
			t = w[0]
			break
		}
	}
	return l.idxAt(t)
}

// reqID is the id m's generator hands out at t: the low 16 bits of the member id, the
// milliseconds at the process's start and a counter.
func (l *h14Log) reqID(m *h14Member, t time.Time) int {
	st := m.runs[m.run(t)]
	suffix := (uint64(st.UnixMilli())&(1<<40-1))<<8 + uint64(t.Sub(st).Seconds()*m.rate)
	return int(uint64(m.n&0xffff)<<48 | suffix&(1<<48-1))
}

// eventLease is the lease the apiserver beside m attaches to the events it writes at t:
// it grants one a minute and reuses it.
func (l *h14Log) leaseGrant(m *h14Member, t time.Time) time.Time {
	off := time.Duration(m.i*19+7) * time.Second
	return t.Add(-off).Truncate(time.Minute).Add(off)
}

func (l *h14Log) leaseID(m *h14Member, granted time.Time) int {
	return l.reqID(m, granted) & (1<<63 - 1)
}

// Writing ------------------------------------------------------------------------------

func h14TS(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func (l *h14Log) line(at time.Time, level, caller, msg string, fs ...field) string {
	all := append(make([]field, 0, 4+len(fs)), field{"level", level}, field{"ts", h14TS(at)}, field{"caller", caller}, field{"msg", msg})
	return jsonLine(append(all, fs...)...)
}

func (l *h14Log) log(tr truth, at time.Time, level, caller, msg string, fs ...field) {
	l.j.add(tr, at, l.line(at, level, caller, msg, fs...))
}

// raft writes a line of the raft library, which etcd logs under "logger":"raft".
func (l *h14Log) raft(tr truth, at time.Time, format string, args ...any) {
	l.j.add(tr, at, jsonLine(field{"level", "info"}, field{"ts", h14TS(at)}, field{"logger", "raft"},
		field{"caller", "etcdserver/zap_raft.go:77"}, field{"msg", fmt.Sprintf(format, args...)}))
}

func h14Bytes(n float64) string {
	if n < 10 {
		return fmt.Sprintf("%d B", int(n))
	}
	e := math.Floor(math.Log(n) / math.Log(1000))
	suffix := []string{"B", "kB", "MB", "GB", "TB"}[int(e)]
	v := math.Floor(n/math.Pow(1000, e)*10+0.5) / 10
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, suffix)
	}
	return fmt.Sprintf("%.0f %s", v, suffix)
}

func h14Ago(d time.Duration) string {
	switch s := int(d.Seconds()); {
	case s < 1:
		return "now"
	case s < 2:
		return "1 second ago"
	case s < 60:
		return fmt.Sprintf("%d seconds ago", s)
	case s < 120:
		return "1 minute ago"
	default:
		return fmt.Sprintf("%d minutes ago", s/60)
	}
}

// voters returns the members in the order raft walks them: by id.
func (l *h14Log) voters() []*h14Member {
	v := []*h14Member{l.m[0], l.m[1], l.m[2]}
	sort.Slice(v, func(a, b int) bool { return v[a].n < v[b].n })
	return v
}

func (l *h14Log) votersDecimal() string {
	var s []string
	for _, m := range l.voters() {
		s = append(s, strconv.FormatUint(m.n, 10))
	}
	return strings.Join(s, " ")
}

// h14Req is a range request as etcd prints it, and what it returned.
type h14Req struct {
	text, key, end     string
	count, total, size int
	small              bool // one key or a count: the time is the wait for the read index
}

func (l *h14Log) rangeReq(t time.Time) h14Req {
	g := l.g
	list := func(prefix string, limit, total, per int) h14Req {
		end := prefix[:len(prefix)-1] + "0"
		r := h14Req{key: prefix, end: end, total: total}
		if limit > 0 {
			r.text = fmt.Sprintf("key:\"%s\" range_end:\"%s\" limit:%d ", prefix, end, limit)
			r.count = min(limit, total)
		} else {
			r.text = fmt.Sprintf("key:\"%s\" range_end:\"%s\" ", prefix, end)
			r.count = total
		}
		r.size = int(float64(r.count*per)*(0.88+0.24*g.rng.Float64())) + 40
		return r
	}
	count := func(prefix string, total int) h14Req {
		end := prefix[:len(prefix)-1] + "0"
		return h14Req{text: fmt.Sprintf("key:\"%s\" range_end:\"%s\" count_only:true ", prefix, end), key: prefix, end: end, total: total, size: g.between(37, 42), small: true}
	}
	one := func(key string, size int) h14Req {
		return h14Req{text: fmt.Sprintf("key:\"%s\" ", key), key: key, count: 1, total: 1, size: size, small: true}
	}
	grow := int(t.Sub(l.start).Minutes())
	switch g.weighted(15, func(i int) float64 {
		return []float64{10, 15, 12, 8, 6, 6, 7, 5, 3, 5, 4, 4, 4, 3, 3}[i]
	}) {
	case 0:
		return h14Req{text: "key:\"/registry/health\" ", key: "/registry/health", size: g.between(38, 41), small: true}
	case 1:
		return list("/registry/pods/", 500, 7080+grow/3+g.intn(60), 4600)
	case 2:
		ns := pick(g, l.nss)
		return list("/registry/pods/"+ns+"/", 0, g.between(3, 260), 4600)
	case 3:
		return count("/registry/events/", 38_000+g.intn(4000))
	case 4:
		return list("/registry/configmaps/", 500, 4810+g.intn(40), 3800)
	case 5:
		return list("/registry/secrets/", 500, 6930+g.intn(40), 2900)
	case 6:
		return one("/registry/leases/kube-node-lease/"+pick(g, l.nodes), g.between(560, 590))
	case 7:
		return one("/registry/minions/"+pick(g, l.nodes), g.between(11_000, 15_500))
	case 8:
		return list("/registry/apiextensions.k8s.io/customresourcedefinitions/", 0, 163, 58_000)
	case 9:
		return list("/registry/replicasets/", 500, 21_400+g.intn(300), 3100)
	case 10:
		ns := pick(g, l.nss)
		return list("/registry/endpointslices/"+ns+"/", 0, g.between(2, 40), 1900)
	case 11:
		return count("/registry/services/specs/", 1412+g.intn(10))
	case 12:
		p := pick(g, l.pods)
		return one(fmt.Sprintf("/registry/deployments/%s/%s", p.ns, p.name[:strings.LastIndexByte(p.name[:len(p.name)-6], '-')]), g.between(5200, 7800))
	case 13:
		return list("/registry/jobs/", 500, 2900+g.intn(80), 4100)
	default:
		return one(fmt.Sprintf("/registry/serviceaccounts/%s/default", pick(g, l.nss)), g.between(240, 300))
	}
}

// slowRead writes what a range request that took took writes on m at at: the warning,
// the trace with the steps that took time (agree, the share spent waiting for the read
// index), and the request stats past 300 ms. A failed request has an error instead of
// a response.
func (l *h14Log) slowRead(tr truth, at time.Time, m *h14Member, r h14Req, took time.Duration, agree float64, fail string) {
	g := l.g
	fs := []field{{"took", took.String()}, {"expected-duration", "100ms"}, {"prefix", "read-only range "}, {"request", r.text}}
	if fail != "" {
		fs = append(fs, field{"error", fail})
	} else {
		fs = append(fs, field{"response", fmt.Sprintf("range_response_count:%d size:%d", r.count, r.size)})
	}
	l.log(tr, at, "warn", h14ApplyTL, "apply request took too long", fs...)
	total := took + l.us(2, 40)
	begin := at.Add(-total)
	n := g.rng.Int31()
	detail := fmt.Sprintf("{range_begin:%s; range_end:%s; ", r.key, r.end)
	var parts []time.Duration
	names := []string{"agreement among raft nodes before linearized reading", "range keys from in-memory index tree", "range keys from bolt db", "filter and sort the key-value pairs", "assemble the response"}
	if fail != "" {
		parts = []time.Duration{total}
	} else {
		detail += fmt.Sprintf("response_count:%d; response_revision:%d; ", r.count, l.revAt(at))
		a := time.Duration(float64(total) * agree)
		rest := float64(total - a)
		ix := 0.1 + 0.15*g.rng.Float64()
		if r.small {
			ix = 0.6 * g.rng.Float64()
		}
		bolt := (1 - ix) * (0.7 + 0.2*g.rng.Float64())
		flt := (1 - ix - bolt) * 0.4
		parts = []time.Duration{a, time.Duration(rest * ix), time.Duration(rest * bolt), time.Duration(rest * flt)}
		parts = append(parts, total-parts[0]-parts[1]-parts[2]-parts[3])
	}
	detail += "}"
	var steps []string
	for i, p := range parts {
		if p > 100*time.Millisecond/6 {
			steps = append(steps, fmt.Sprintf("trace[%d] '%s'  (duration: %s)", n, names[i], p))
		}
	}
	if steps == nil {
		steps = []string{}
	}
	l.log(tr, at.Add(l.us(3, 40)), "info", h14TraceC, fmt.Sprintf("trace[%d] range", n), field{"detail", detail}, field{"duration", total.String()},
		field{"start", h14TS(begin)}, field{"end", h14TS(at)}, field{"steps", steps}, field{"step_count", len(steps)})
	if took > 300*time.Millisecond {
		count, size := r.total, r.size+12
		if fail != "" {
			count, size = 0, 0
		}
		l.stats(tr, at.Add(l.us(40, 300)), m, begin, total, "/etcdserverpb.KV/Range", 0, len(r.text)-10, count, size, r.text)
	}
}

func (l *h14Log) stats(tr truth, at time.Time, m *h14Member, begin time.Time, spent time.Duration, typ string, reqCount, reqSize, respCount, respSize int, content string) {
	port := 30000 + int((m.n>>uint(4*(m.run(at)%8)))%20000) + 7*l.g.intn(4)
	l.log(tr, at, "warn", h14StatsC, "request stats", field{"start time", h14TS(begin)}, field{"time spent", spent.String()},
		field{"remote", fmt.Sprintf("127.0.0.1:%d", port)}, field{"response type", typ}, field{"request count", reqCount},
		field{"request size", reqSize}, field{"response count", respCount}, field{"response size", respSize}, field{"request content", content})
}

// txn is a Kubernetes write as etcd prints it: a compare on the key's mod revision, the
// put, and the read on failure (none for a create).
func h14Txn(id int, key string, modRev, valueSize, lease int) (req, body string) {
	put := fmt.Sprintf("request_put:<key:\"%s\" value_size:%d >", key, valueSize)
	if lease != 0 {
		put = fmt.Sprintf("request_put:<key:\"%s\" value_size:%d lease:%d >", key, valueSize, lease)
	}
	failure := fmt.Sprintf("failure:<request_range:<key:\"%s\" > >", key)
	if modRev == 0 {
		failure = "failure:<>"
	}
	body = fmt.Sprintf("compare:<target:MOD key:\"%s\" mod_revision:%d > success:<%s> %s", key, modRev, put, failure)
	return fmt.Sprintf("header:<ID:%d > txn:<%s>", id, body), body
}

// writeReq draws a write the apiserver beside s sends at t.
func (l *h14Log) writeReq(t time.Time, s *h14Member) (req, body string) {
	g := l.g
	id := l.reqID(s, t) + g.intn(40)
	rev := l.revAt(t)
	p := pick(g, l.pods)
	switch x := g.intn(100); {
	case x < 44:
		return h14Txn(id, "/registry/leases/kube-node-lease/"+pick(g, l.nodes), rev-g.between(380, 520), g.between(535, 575), 0)
	case x < 63:
		key := fmt.Sprintf("/registry/events/%s/%s.%x", p.ns, p.name, t.UnixNano()-int64(g.intn(40_000_000_000)))
		return h14Txn(id, key, 0, g.between(640, 1180), l.leaseID(s, l.leaseGrant(s, t)))
	case x < 78:
		return h14Txn(id, fmt.Sprintf("/registry/pods/%s/%s", p.ns, p.name), rev-g.between(2000, 400_000), g.between(3800, 14_000), 0)
	case x < 86:
		name := pick(g, []string{"kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "cert-manager-controller", "ingress-nginx-leader", "argocd-application-controller", "kyverno"})
		return h14Txn(id, "/registry/leases/kube-system/"+name, rev-g.between(60, 140), g.between(420, 480), 0)
	case x < 93:
		return h14Txn(id, fmt.Sprintf("/registry/endpointslices/%s/%s-%s", p.ns, p.name[:strings.IndexByte(p.name, '-')+1]+"svc", g.alnum(5)), rev-g.between(500, 90_000), g.between(900, 4200), 0)
	case x < 97:
		return h14Txn(id, fmt.Sprintf("/registry/configmaps/%s/%s", p.ns, pick(g, []string{"kube-root-ca.crt", "istio-ca-root-cert", "app-config", "feature-flags", "grafana-dashboards"})), rev-g.between(5000, 900_000), g.between(1000, 60_000), 0)
	default:
		b := fmt.Sprintf("ttl:3660-second id:%016x", l.leaseID(s, l.leaseGrant(s, t)))
		return fmt.Sprintf("header:<ID:%d > lease_grant:<%s>", id, b), b
	}
}

// slowApply writes the warning of a write that took took to apply on some member.
func (l *h14Log) slowApply(tr truth, at time.Time, req string, took time.Duration, resp string) {
	l.log(tr, at, "warn", h14ApplyTL, "apply request took too long", field{"took", took.String()}, field{"expected-duration", "100ms"},
		field{"prefix", ""}, field{"request", req}, field{"response", resp})
}

// txnTrace writes the trace the member that took a write from its client logs when the
// write took long: the wait for raft, then the apply's slow steps.
func (l *h14Log) txnTrace(tr truth, at time.Time, m *h14Member, body string, raftWait, store time.Duration) {
	n := l.g.rng.Int31()
	total := raftWait + store + l.us(100, 2500)
	steps := []string{fmt.Sprintf("trace[%d] 'process raft request'  (duration: %s)", n, raftWait)}
	if store > 100*time.Millisecond/8 {
		steps = append(steps, fmt.Sprintf("trace[%d] 'store kv pair into bolt db' {req_type:put; key:%s; req_size:%d; }  (duration: %s)", n,
			h14Key(body), len(body)+l.g.between(400, 600), store))
	}
	begin := at.Add(-total)
	l.log(tr, at, "info", h14TraceC, fmt.Sprintf("trace[%d] transaction", n),
		field{"detail", fmt.Sprintf("{read_only:false; response_revision:%d; number_of_response:1; }", l.revAt(at))},
		field{"duration", total.String()}, field{"start", h14TS(begin)}, field{"end", h14TS(at)}, field{"steps", steps}, field{"step_count", len(steps)})
	if total > 300*time.Millisecond {
		l.stats(tr, at.Add(l.us(30, 250)), m, begin, total, "/etcdserverpb.KV/Txn", 3, len(body), 1, 20, body)
	}
}

func h14Key(body string) string {
	i := strings.Index(body, "key:\"")
	if i < 0 {
		return ""
	}
	k := body[i+5:]
	return k[:strings.IndexByte(k, '"')]
}

// Normal operation -----------------------------------------------------------------------

// reads are the apiservers' slow range requests.
func (l *h14Log) reads() {
	g := l.g
	g.arrivals(l.start, l.end, func(t time.Time) float64 { return 5.0 * l.load(t) }, func(t time.Time) {
		m := l.m[g.intn(3)]
		if !m.free(t) {
			return
		}
		r := l.rangeReq(t)
		took, agree := l.slow(0.09), 0.03+0.3*g.rng.Float64()
		if r.small {
			took, agree = l.slow(0.025), 0.8+0.17*g.rng.Float64()
		}
		l.slowRead(routine, t, m, r, took, agree, "")
	})
}

// slowApplies are writes each member applies slowly, now and then.
func (l *h14Log) slowApplies() {
	g := l.g
	for _, m := range l.m {
		p := 0.36 + 0.05*float64(m.i)
		g.arrivals(l.start, l.end, func(t time.Time) float64 { return p * l.load(t) }, func(t time.Time) {
			if !m.free(t) || l.full(t) {
				return
			}
			req, _ := l.writeReq(t.Add(-l.ms(5, 60)), l.m[g.intn(3)])
			resp := h14TxnOK
			if strings.Contains(req, "lease_grant") {
				resp = "size:" + strconv.Itoa(g.between(40, 42))
			}
			l.slowApply(routine, t, req, l.slow(0.028), resp)
		})
	}
	// An event put whose lease the leader has just revoked fails on every member.
	g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		if l.full(t) {
			return
		}
		s := l.m[g.intn(3)]
		p := pick(g, l.pods)
		key := fmt.Sprintf("/registry/events/%s/%s.%x", p.ns, p.name, t.UnixNano()-int64(g.intn(9_000_000_000)))
		req, _ := h14Txn(l.reqID(s, t), key, 0, g.between(640, 1100), l.leaseID(s, l.leaseGrant(s, t.Add(-3660*time.Second))))
		for _, m := range l.m {
			if m.free(t) {
				l.log(routine, t.Add(l.us(200, 4000)), "warn", "etcdserver/util.go:123", "failed to apply request", field{"took", l.us(8, 60).String()},
					field{"request", req}, field{"response", ""}, field{"error", "lease not found"})
			}
		}
	})
}

// commitTraces are writes whose commit took long, traced by the member that took them.
func (l *h14Log) commitTraces() {
	g := l.g
	g.arrivals(l.start, l.end, func(t time.Time) float64 { return 0.24 * l.load(t) }, func(t time.Time) {
		m := l.m[g.intn(3)]
		if !m.free(t) || l.full(t) {
			return
		}
		_, body := l.writeReq(t.Add(-150*time.Millisecond), m)
		if strings.HasPrefix(body, "ttl:") {
			return
		}
		var store time.Duration
		if g.chance(0.2) {
			store = l.ms(14, 60)
		}
		l.txnTrace(routine, t, m, body, l.slow(0.035), store)
	})
}

// revokes: the leader revokes each expired event lease (granted an hour and a minute
// before by an apiserver), which deletes the events attached to it.
func (l *h14Log) revokes() {
	g := l.g
	for _, owner := range l.m {
		first := l.leaseGrant(owner, l.start.Add(-3660*time.Second))
		for grant := first; grant.Add(3660 * time.Second).Before(l.end); grant = grant.Add(time.Minute) {
			t := grant.Add(3660*time.Second + l.ms(0, 500))
			if t.Before(l.start) {
				continue
			}
			lead, _ := l.leader(t)
			if !lead.up(t) {
				continue
			}
			req := fmt.Sprintf("header:<ID:%d > lease_revoke:<id:%016x>", l.reqID(lead, t)+g.intn(30), l.leaseID(owner, grant))
			keys, resp := g.between(250, 800), "size:"+strconv.Itoa(g.between(28, 30))
			for _, m := range l.m {
				took := time.Duration(float64(keys)*g.lognormal(0.38, 0.3)*float64(time.Millisecond)) + l.us(0, 999)
				if m.free(t) && took > 100*time.Millisecond {
					l.slowApply(routine, t.Add(l.ms(1, 30)+took-150*time.Millisecond), req, took, resp)
				}
			}
		}
	}
}

// compactions: the apiserver compacts every 5 minutes to the revision it saw 5 minutes
// before; every member applies it.
func (l *h14Log) compactions() {
	prev := l.start.Add(-l.ms(0, 300_000))
	for t := prev.Add(5 * time.Minute); t.Before(l.end); t = t.Add(5*time.Minute + l.ms(0, 40)) {
		l.compact(routine, t, l.revAt(prev), 1)
		prev = t
	}
}

// compact writes a compaction to rev on every member that is up, slower by slow.
func (l *h14Log) compact(tr truth, t time.Time, rev int, slow float64) {
	g := l.g
	hash := int(g.rng.Uint32())
	base := g.lognormal(0.19, 0.25) * slow
	if h := l.helmLevel(t); h > 0 {
		base *= 1 + 5*h
	}
	if within(t, l.runAt, l.alarmAt.Sub(l.runAt)) {
		base *= 3
	}
	for _, m := range l.m {
		at := t.Add(l.ms(1, 25))
		if !m.up(at) || h14In(m.frozen, at) {
			continue // applied later, when it catches up; not worth a line of its own
		}
		if h14In(m.blocked, at) && tr == routine {
			continue
		}
		l.log(tr, at, "info", "mvcc/index.go:214", "compact tree index", field{"revision", rev})
		took := time.Duration(base * g.lognormal(1, 0.12) * float64(time.Second))
		done := at.Add(took)
		f, u := l.file(m, done), h14Pages(l.inUse(done))-float64(g.intn(3000))*4096
		l.log(tr, done, "info", "mvcc/kvstore_compaction.go:68", "finished scheduled compaction", field{"compact-revision", rev}, field{"took", took.String()},
			field{"hash", hash}, field{"current-db-size-bytes", int(f)}, field{"current-db-size", h14Bytes(f)},
			field{"current-db-size-in-use-bytes", int(u)}, field{"current-db-size-in-use", h14Bytes(u)})
		l.log(tr, done.Add(l.us(200, 2500)), "info", "mvcc/hash.go:137", "storing new hash", field{"hash", hash}, field{"revision", rev}, field{"compact-revision", rev - g.between(11_000, 15_000)})
	}
}

// snapshots works out when each member snapshots: every 10000 applied entries.
func (l *h14Log) snapshots() {
	g := l.g
	for _, m := range []*h14Member{l.m[0], l.m[1], l.m[2]} {
		last := uint64(l.applied(m, l.start) - g.between(200, 9900))
		for t := l.start; t.Before(l.end); t = t.Add(time.Second) {
			if m == l.m[2] && !t.Before(l.healAt.Add(2*time.Second)) && !h14Received(m) {
				// back from the partition: the leader sends a snapshot if it has
				// compacted its log past what etcd-cp-3 has
				lead, term := l.leader(t)
				var s h14Snap
				for _, x := range lead.snaps {
					if !x.at.After(t) {
						s = x
					}
				}
				if int(s.applied)-h14CatchUp > l.applied(m, l.partAt) {
					m.snaps = append(m.snaps, h14Snap{at: t.Add(l.ms(300, 900)), applied: s.applied, prev: last, term: term, received: true})
					last = s.applied
					continue
				}
				m.snaps = append(m.snaps, h14Snap{at: l.end.Add(time.Hour), received: true}) // a marker: caught up by appends
			}
			a := uint64(l.applied(m, t))
			if !m.up(t) || a <= last+h14Snaps {
				continue
			}
			_, term := l.leader(t)
			at := t.Add(l.ms(0, 999))
			if h14In(m.frozen, t.Add(-2*time.Second)) {
				at = t.Add(l.ms(300, 1500)) // catching up
			}
			m.snaps = append(m.snaps, h14Snap{at: at, applied: last + h14Snaps + 1, prev: last, term: term})
			last += h14Snaps + 1
		}
	}
}

func h14Received(m *h14Member) bool {
	for _, s := range m.snaps {
		if s.received {
			return true
		}
	}
	return false
}

func (l *h14Log) snapshotLines() {
	g := l.g
	for _, m := range l.m {
		var files []string
		for k := 5; k > 0; k-- {
			files = append(files, fmt.Sprintf("%s/member/snap/%016x-%016x.snap", h14Data, 7, l.idxAt(l.start)-k*10001-g.intn(9000)))
		}
		for _, s := range m.snaps {
			if s.at.After(l.end) {
				continue
			}
			if !s.received {
				at := s.at
				l.log(routine, at, "info", "etcdserver/server.go:1380", "triggering snapshot", field{"local-member-id", m.id},
					field{"local-member-applied-index", int(s.applied)}, field{"local-member-snapshot-index", int(s.prev)}, field{"local-member-snapshot-count", h14Snaps})
				at = at.Add(l.ms(3, 25))
				l.log(routine, at, "info", "etcdserver/server.go:2406", "saved snapshot", field{"snapshot-index", int(s.applied)})
				at = at.Add(l.us(30, 900))
				l.log(routine, at, "info", "etcdserver/server.go:2436", "compacted Raft logs", field{"compact-index", int(s.applied) - h14CatchUp})
			}
			files = append(files, fmt.Sprintf("%s/member/snap/%016x-%016x.snap", h14Data, s.term, s.applied))
			if len(files) > 5 {
				at := s.at.Add(l.ms(500, 30_000))
				if m.up(at) {
					l.log(routine, at, "info", "fileutil/purge.go:85", "purged", field{"path", files[0]})
				}
				files = files[1:]
			}
		}
	}
}

// wals: a member's WAL gets a new 64 MB segment when the current one is full, and the
// oldest beyond five is purged.
func (l *h14Log) wals() {
	g := l.g
	for _, m := range l.m {
		seq := g.between(0x1a0, 0x2f0)
		var names []string
		for k := 5; k > 0; k-- {
			names = append(names, fmt.Sprintf("%016x-%016x.wal", seq-k, l.idxAt(l.start)-k*g.between(42_000, 50_000)))
		}
		next := math.Ceil((l.interp(l.wbT, l.start)-m.walOff)/h14WAL)*h14WAL + m.walOff
		for t := l.start; t.Before(l.end); t = t.Add(200 * time.Millisecond) {
			if l.interp(l.wbT, t) < next || !m.up(t) || h14In(m.frozen, t) {
				continue
			}
			next += h14WAL
			tr := routine
			switch {
			case within(t, l.runAt, l.alarmAt.Sub(l.runAt)):
				tr = incident(h14NoSpace)
			case l.helmLevel(t) > 0.05:
				tr = l.helm.truth()
			}
			at := t.Add(l.ms(0, 199))
			name := fmt.Sprintf("%016x-%016x.wal", seq, l.applied(m, at)+1)
			seq++
			l.log(tr, at, "info", "wal/wal.go:740", "created a new WAL segment", field{"path", h14Data + "/member/wal/" + name})
			names = append(names, name)
			if len(names) > 5 {
				p := at.Add(l.ms(500, 30_000))
				if m.up(p) {
					l.log(tr, p, "info", "fileutil/purge.go:85", "purged", field{"path", h14Data + "/member/wal/" + names[0]})
				}
				names = names[1:]
			}
		}
	}
}

// noise is what every etcd writes now and then.
func (l *h14Log) noise() {
	g := l.g
	for _, m := range l.m {
		// a scraper pointed at the client port without a client certificate
		g.every(l.start.Add(time.Duration(g.intn(30_000))*time.Millisecond), l.end, 30*time.Second, 400*time.Millisecond, func(t time.Time) {
			if m.up(t) {
				l.log(routine, t, "warn", "embed/config_logging.go:169", "rejected connection", field{"remote-addr", fmt.Sprintf("%s:%d", l.scraper, g.between(32768, 60999))},
					field{"server-name", ""}, field{"error", "tls: client didn't provide a certificate"})
			}
		})
		g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 1000 }, func(t time.Time) {
			if m.up(t) {
				l.log(routine, t, "warn", "embed/config_logging.go:169", "rejected connection", field{"remote-addr", fmt.Sprintf("10.40.%d.%d:%d", g.between(16, 63), g.between(4, 254), g.between(32768, 60999))},
					field{"server-name", ""}, field{"error", "EOF"})
			}
		})
		// a slow fdatasync; on the leader, late heartbeats with it
		g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 1100 }, func(t time.Time) {
			if !m.free(t) {
				return
			}
			took := time.Second + l.dur(0.25, 0.6)
			l.log(routine, t, "warn", "wal/wal.go:805", "slow fdatasync", field{"took", took.String()}, field{"expected-duration", "1s"})
			if lead, _ := l.leader(t); lead == m {
				l.heartbeats(routine, t.Add(l.us(100, 3000)), m, took-200*time.Millisecond+l.ms(0, 40))
			}
		})
		// a stream whose client went away mid-send
		g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 650 }, func(t time.Time) {
			if !m.free(t) {
				return
			}
			if g.chance(0.6) {
				l.log(routine, t, "warn", "v3rpc/watch.go:415", "failed to send watch response to gRPC stream", field{"error", "rpc error: code = Unavailable desc = transport is closing"})
			} else {
				l.log(routine, t, "warn", "v3rpc/lease.go:148", "failed to send lease keepalive response to gRPC stream", field{"error", "rpc error: code = Unavailable desc = transport is closing"})
			}
		})
		// a follower's read index answered late
		g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 700 }, func(t time.Time) {
			if lead, _ := l.leader(t); lead == m || !m.free(t) {
				return
			}
			l.log(routine, t, "warn", "etcdserver/v3_server.go:827", "waiting for ReadIndex response took too long, retrying",
				field{"sent-request-id", l.reqID(m, t)}, field{"retry-timeout", "500ms"})
			if g.chance(0.6) {
				l.readLoopTrace(routine, t.Add(l.ms(20, 180)), m, 500*time.Millisecond+l.ms(20, 180))
			}
		})
	}
	// the leader's heartbeats late on their own
	g.arrivals(l.start, l.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		if lead, _ := l.leader(t); lead.free(t) {
			l.heartbeats(routine, t, lead, l.ms(15, 160))
		}
	})
}

func (l *h14Log) heartbeats(tr truth, at time.Time, lead *h14Member, exceeded time.Duration) {
	for _, p := range l.m {
		if p != lead {
			l.log(tr, at, "warn", "etcdserver/raft.go:369", "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
				field{"to", p.id}, field{"heartbeat-interval", "100ms"}, field{"expected-duration", "200ms"}, field{"exceeded-duration", (exceeded + l.us(0, 900)).String()})
			at = at.Add(l.us(5, 80))
		}
	}
}

func (l *h14Log) readLoopTrace(tr truth, at time.Time, m *h14Member, took time.Duration) {
	n := l.g.rng.Int31()
	a := l.applied(m, at)
	wait := took - l.ms(0, 3)
	steps := []string{fmt.Sprintf("trace[%d] 'read index received'  (duration: %s)", n, wait)}
	if d := took - wait; d > 100*time.Millisecond/3 {
		steps = append(steps, fmt.Sprintf("trace[%d] 'applied index is now lower than readState.Index'  (duration: %s)", n, d))
	}
	l.log(tr, at, "info", h14TraceC, fmt.Sprintf("trace[%d] linearizableReadLoop", n), field{"detail", fmt.Sprintf("{readStateIndex:%d; appliedIndex:%d; }", a+l.g.between(1, 4), a)},
		field{"duration", took.String()}, field{"start", h14TS(at.Add(-took))}, field{"end", h14TS(at)}, field{"steps", steps}, field{"step_count", len(steps)})
}

// backups: an etcdctl snapshot save against etcd-cp-1 every hour at :33.
func (l *h14Log) backups() {
	m := l.m[0]
	for h := 0; h < 3; h++ {
		t := l.start.Add(time.Duration(h)*time.Hour + 33*time.Minute + l.ms(1500, 6000))
		if within(l.certAt, t.Add(-time.Minute), 2*time.Minute) || !m.up(t) {
			continue // the job's certificate expired: no backup this hour
		}
		size := l.file(m, t)
		l.log(routine, t, "info", "v3rpc/maintenance.go:126", "sending database snapshot to client", field{"total-bytes", int(size)}, field{"size", h14Bytes(size)})
		took := time.Duration(size/l.g.lognormal(140e6, 0.15)*float64(time.Second)) + l.ms(0, 500)
		l.log(routine, t.Add(took), "info", "v3rpc/maintenance.go:166", "sending database sha256 checksum to client", field{"total-bytes", int(size)}, field{"checksum-size", 32})
		l.log(routine, t.Add(took+l.us(60, 900)), "info", "v3rpc/maintenance.go:175", "successfully sent database snapshot to client", field{"total-bytes", int(size)},
			field{"size", h14Bytes(size)}, field{"took", h14Ago(took)})
	}
}

// Members starting and stopping ----------------------------------------------------------

func (m *h14Member) peerURL() string   { return "https://" + m.ip + ":2380" }
func (m *h14Member) clientURL() string { return "https://" + m.ip + ":2379" }

func (l *h14Log) others(m *h14Member) []*h14Member {
	var o []*h14Member
	for _, x := range l.m {
		if x != m {
			o = append(o, x)
		}
	}
	return o
}

// shutdown is m stopping on SIGTERM: the leader hands its leadership to the, a follower
// says it need not; its peers and listeners stopped.
func (l *h14Log) shutdown(tr truth, m *h14Member, at time.Time, transferee *h14Member, cut bool) {
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	l.log(tr, at, "info", "osutil/interrupt_unix.go:64", "received signal; shutting down", field{"signal", "terminated"})
	l.log(tr, next(20, 300), "info", "embed/etcd.go:376", "closing etcd server", field{"name", m.name}, field{"data-dir", h14Data},
		field{"advertise-peer-urls", []string{m.peerURL()}}, field{"advertise-client-urls", []string{m.clientURL()}})
	if transferee != nil {
		_, term := l.leader(at.Add(-time.Second))
		l.transfer(tr, next(100, 900), m, transferee, term)
		at = at.Add(l.ms(15, 40))
	} else {
		lead, _ := l.leader(at)
		id := lead.id
		if cut {
			id = "0"
		}
		l.log(tr, next(50, 400), "info", "etcdserver/server.go:1465", "skipped leadership transfer; local server is not leader",
			field{"local-member-id", m.id}, field{"current-leader-member-id", id})
	}
	for _, o := range l.others(m) {
		l.log(tr, next(20, 400), "info", "rafthttp/peer.go:330", "stopping remote peer", field{"remote-peer-id", o.id})
		for _, st := range []string{"stream MsgApp v2", "stream Message"} {
			if !cut {
				l.log(tr, next(10, 200), "warn", "rafthttp/stream.go:286", "closed TCP streaming connection with remote peer", field{"stream-writer-type", st}, field{"remote-peer-id", o.id})
			}
			l.log(tr, next(1, 50), "info", "rafthttp/stream.go:294", "stopped TCP streaming connection with remote peer", field{"stream-writer-type", st}, field{"remote-peer-id", o.id})
		}
		l.log(tr, next(10, 200), "info", "rafthttp/pipeline.go:85", "stopped HTTP pipelining with remote peer", field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		for _, st := range []string{"stream MsgApp v2", "stream Message"} {
			if !cut {
				l.log(tr, next(10, 300), "warn", "rafthttp/stream.go:421", "lost TCP streaming connection with remote peer", field{"stream-reader-type", st},
					field{"local-member-id", m.id}, field{"remote-peer-id", o.id}, field{"error", "context canceled"})
				l.log(tr, next(1, 40), "warn", "rafthttp/peer_status.go:66", "peer became inactive (message send to peer failed)", field{"peer-id", o.id},
					field{"error", fmt.Sprintf("failed to read %s on %s (context canceled)", o.id, st)})
			}
			l.log(tr, next(1, 40), "info", "rafthttp/stream.go:442", "stopped stream reader with remote peer", field{"stream-reader-type", st},
				field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		}
		l.log(tr, next(5, 100), "info", "rafthttp/peer.go:335", "stopped remote peer", field{"remote-peer-id", o.id})
	}
	l.log(tr, next(200, 3000), "info", "embed/etcd.go:579", "stopping serving peer traffic", field{"address", m.ip + ":2380"})
	l.log(tr, next(100, 1500), "info", "embed/etcd.go:584", "stopped serving peer traffic", field{"address", m.ip + ":2380"})
	l.log(tr, next(20, 400), "info", "embed/etcd.go:378", "closed etcd server", field{"name", m.name}, field{"data-dir", h14Data},
		field{"advertise-peer-urls", []string{m.peerURL()}}, field{"advertise-client-urls", []string{m.clientURL()}})
}

// transfer is the leader from handing its leadership to to: MsgTimeoutNow, an election
// without pre-vote at the next term.
func (l *h14Log) transfer(tr truth, at time.Time, from, to *h14Member, term int) {
	idx := l.idxAt(at)
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	began := at
	l.log(tr, at, "info", "etcdserver/server.go:1513", "leadership transfer starting", field{"local-member-id", from.id},
		field{"current-leader-member-id", from.id}, field{"transferee-member-id", to.id})
	l.raft(tr, next(20, 200), "%s [term %d] starts to transfer leadership to %s", from.id, term, to.id)
	l.raft(tr, next(5, 60), "%s sends MsgTimeoutNow to %s immediately as %s already has up-to-date log", from.id, to.id, to.id)
	l.raft(tr, next(300, 1500), "%s [term %d] received MsgTimeoutNow from %s and starts an election to get leadership.", to.id, term, from.id)
	l.raft(tr, next(5, 40), "%s is starting a new election at term %d", to.id, term)
	l.raft(tr, next(5, 40), "%s became candidate at term %d", to.id, term+1)
	for _, v := range l.voters() {
		if v == to {
			l.raft(tr, next(2, 20), "%s received MsgVoteResp from %s at term %d", to.id, to.id, term+1)
		} else {
			l.raft(tr, next(2, 20), "%s [logterm: %d, index: %d] sent MsgVote request to %s at term %d", to.id, term, idx, v.id, term+1)
		}
	}
	l.raft(tr, next(2, 20), "raft.node: %s lost leader %s at term %d", to.id, from.id, term+1)
	voted := at
	for _, v := range l.others(to) {
		t := voted.Add(l.us(300, 1500))
		l.raft(tr, t, "%s [term: %d] received a MsgVote message with higher term from %s [term: %d]", v.id, term, to.id, term+1)
		l.raft(tr, t.Add(l.us(5, 40)), "%s became follower at term %d", v.id, term+1)
		l.raft(tr, t.Add(l.us(45, 80)), "%s [logterm: %d, index: %d, vote: 0] cast MsgVote for %s [logterm: %d, index: %d] at term %d", v.id, term, idx, to.id, term, idx, term+1)
		lost := from
		l.raft(tr, t.Add(l.us(85, 120)), "raft.node: %s lost leader %s at term %d", v.id, lost.id, term+1)
		at = t.Add(l.us(500, 1500))
	}
	at = voted.Add(l.us(1600, 3000))
	l.raft(tr, at, "%s received MsgVoteResp from %s at term %d", to.id, l.others(to)[0].id, term+1)
	l.raft(tr, next(2, 20), "%s has received 2 MsgVoteResp votes and 0 vote rejections", to.id)
	l.raft(tr, next(2, 20), "%s became leader at term %d", to.id, term+1)
	l.raft(tr, next(5, 50), "raft.node: %s elected leader %s at term %d", to.id, to.id, term+1)
	for _, v := range l.others(to) {
		l.raft(tr, at.Add(l.us(400, 1600)), "raft.node: %s elected leader %s at term %d", v.id, to.id, term+1)
	}
	l.log(tr, next(1500, 6000), "info", "etcdserver/server.go:1527", "leadership transfer finished", field{"local-member-id", from.id},
		field{"old-leader-member-id", from.id}, field{"new-leader-member-id", to.id}, field{"took", at.Sub(began).String()})
}

// peerLost is a's side of losing its streams to b.
func (l *h14Log) peerLost(tr truth, at time.Time, a, b *h14Member, reason string) {
	l.log(tr, at, "warn", "rafthttp/stream.go:421", "lost TCP streaming connection with remote peer", field{"stream-reader-type", "stream MsgApp v2"},
		field{"local-member-id", a.id}, field{"remote-peer-id", b.id}, field{"error", reason})
	l.log(tr, at.Add(l.us(5, 60)), "warn", "rafthttp/peer_status.go:66", "peer became inactive (message send to peer failed)", field{"peer-id", b.id},
		field{"error", fmt.Sprintf("failed to read %s on stream MsgApp v2 (%s)", b.id, reason)})
	l.log(tr, at.Add(l.us(70, 900)), "warn", "rafthttp/stream.go:421", "lost TCP streaming connection with remote peer", field{"stream-reader-type", "stream Message"},
		field{"local-member-id", a.id}, field{"remote-peer-id", b.id}, field{"error", reason})
	l.log(tr, at.Add(l.ms(2, 90)), "warn", "rafthttp/stream.go:194", "lost TCP streaming connection with remote peer", field{"stream-writer-type", "stream Message"},
		field{"local-member-id", a.id}, field{"remote-peer-id", b.id})
}

// peerUp is a's side of b's streams coming up.
func (l *h14Log) peerUp(tr truth, at time.Time, a, b *h14Member) {
	l.log(tr, at, "info", "rafthttp/peer_status.go:53", "peer became active", field{"peer-id", b.id})
	for _, st := range []string{"stream Message", "stream MsgApp v2"} {
		at = at.Add(l.us(50, 900))
		l.log(tr, at, "info", "rafthttp/stream.go:412", "established TCP streaming connection with remote peer", field{"stream-reader-type", st},
			field{"local-member-id", a.id}, field{"remote-peer-id", b.id})
	}
	for _, st := range []string{"stream MsgApp v2", "stream Message"} {
		at = at.Add(l.us(20, 600))
		l.log(tr, at, "info", "rafthttp/stream.go:249", "set message encoder", field{"from", a.id}, field{"to", b.id}, field{"stream-type", st})
		l.log(tr, at.Add(l.us(1, 30)), "info", "rafthttp/stream.go:274", "established TCP streaming connection with remote peer", field{"stream-writer-type", st},
			field{"local-member-id", a.id}, field{"remote-peer-id", b.id})
	}
}

// versionProbes is the leader asking down's /version every 4 s and failing, from from
// until to.
func (l *h14Log) versionProbes(tr truth, from, to time.Time, down *h14Member, reason string) {
	lead, _ := l.leader(from)
	st := lead.runs[lead.run(from)]
	off := time.Duration(down.i*1300+lead.i*700) * time.Millisecond
	t := st.Add(off + from.Sub(st.Add(off)).Truncate(4*time.Second) + 4*time.Second)
	for ; t.Before(to); t = t.Add(4*time.Second + l.ms(0, 40)) {
		if lead2, _ := l.leader(t); lead2 != lead || !lead.up(t) {
			continue
		}
		addr := down.peerURL() + "/version"
		err := fmt.Sprintf("Get %q: %s", addr, reason)
		at := t.Add(l.ms(0, 5))
		if strings.Contains(reason, "timeout") {
			at = at.Add(l.ms(1000, 1060))
		}
		l.log(tr, at, "warn", "etcdserver/cluster_util.go:288", "failed to reach the peer URL", field{"address", addr}, field{"remote-member-id", down.id}, field{"error", err})
		l.log(tr, at.Add(l.us(10, 80)), "warn", "etcdserver/cluster_util.go:155", "failed to get version", field{"remote-member-id", down.id}, field{"error", err})
	}
}

// probers is a's probers of b reporting b unhealthy every 30 s from from until to.
func (l *h14Log) probers(tr truth, from, to time.Time, a, b *h14Member, reason string) {
	for k, rt := range []string{"ROUND_TRIPPER_SNAPSHOT", "ROUND_TRIPPER_RAFT_MESSAGE"} {
		st := a.runs[a.run(from)].Add(a.probeOff + time.Duration(b.i*3+k)*time.Millisecond*17)
		t := st.Add(from.Sub(st).Truncate(30*time.Second) + 30*time.Second)
		for ; t.Before(to); t = t.Add(30 * time.Second) {
			if a.run(t) != a.run(from) || !a.up(t) {
				break
			}
			l.log(tr, t.Add(l.us(0, 900)), "warn", "rafthttp/probing_status.go:68", "prober detected unhealthy status", field{"round-tripper-name", rt},
				field{"remote-peer-id", b.id}, field{"rtt", time.Duration((b.rtt + 0.137*float64(a.i)) * float64(time.Millisecond)).String()},
				field{"error", fmt.Sprintf("Get %q: %s", b.peerURL()+"/raft/probing", reason)})
		}
	}
}

func (l *h14Log) args(m *h14Member) []string {
	cluster := m.name + "=" + m.peerURL()
	state := []string{}
	if m.i > 0 {
		cluster = "etcd-cp-1=" + l.m[0].peerURL() + ",etcd-cp-" + strconv.Itoa(m.i+1) + "=" + m.peerURL()
		if m.i == 2 {
			cluster = "etcd-cp-1=" + l.m[0].peerURL() + ",etcd-cp-2=" + l.m[1].peerURL() + ",etcd-cp-3=" + m.peerURL()
		}
		state = []string{"--initial-cluster-state=existing"}
	}
	a := []string{"etcd", "--advertise-client-urls=" + m.clientURL(), "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true",
		"--data-dir=" + h14Data, "--experimental-initial-corrupt-check=true", "--experimental-watch-progress-notify-interval=5s",
		"--initial-advertise-peer-urls=" + m.peerURL(), "--initial-cluster=" + cluster}
	a = append(a, state...)
	return append(a, "--key-file=/etc/kubernetes/pki/etcd/server.key", "--listen-client-urls=https://127.0.0.1:2379,"+m.clientURL(),
		"--listen-metrics-urls=http://127.0.0.1:2381", "--listen-peer-urls="+m.peerURL(), "--name="+m.name,
		"--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
		"--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt", "--snapshot-count=10000", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt")
}

// boot is m starting at at, recovering from its last snapshot and replaying its WAL;
// with cut, its peers cannot be reached and it stops at waiting for them. It returns
// when it serves clients.
func (l *h14Log) boot(tr truth, m *h14Member, at time.Time, cut bool) time.Time {
	g := l.g
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	sha, gov := "e7b3bb6cc", "go1.20.13"
	if m.version == "3.5.13" {
		sha, gov = "c9063a0dc", "go1.21.8"
	}
	var snap h14Snap
	for _, s := range m.snaps {
		if s.at.Before(at) {
			snap = s
		}
	}
	if snap.applied == 0 {
		snap.applied = uint64(l.applied(m, at) - g.between(2000, 9000))
	}
	commit := l.applied(m, at.Add(-2*time.Second))
	_, term := l.leader(at)
	peers := []string{m.peerURL()}
	clients := []string{m.clientURL(), "https://127.0.0.1:2379"}
	l.log(tr, at, "info", "etcdmain/etcd.go:73", "Running: ", field{"args", l.args(m)})
	l.log(tr, next(100, 600), "info", "etcdmain/etcd.go:116", "server has been already initialized", field{"data-dir", h14Data}, field{"dir-type", "member"})
	l.log(tr, next(20, 200), "info", "embed/etcd.go:127", "configuring peer listeners", field{"listen-peer-urls", peers})
	l.log(tr, next(20, 200), "info", "embed/etcd.go:494", "starting with peer TLS", field{"tls-info", "cert = /etc/kubernetes/pki/etcd/peer.crt, key = /etc/kubernetes/pki/etcd/peer.key, client-cert=, client-key=, trusted-ca = /etc/kubernetes/pki/etcd/ca.crt, client-cert-auth = true, crl-file = "},
		field{"cipher-suites", []string{}})
	l.log(tr, next(100, 900), "info", "embed/etcd.go:135", "configuring client listeners", field{"listen-client-urls", clients})
	l.log(tr, next(50, 400), "info", "embed/etcd.go:308", "starting an etcd server", field{"etcd-version", m.version}, field{"git-sha", sha}, field{"go-version", gov},
		field{"go-os", "linux"}, field{"go-arch", "amd64"}, field{"max-cpu-set", 8}, field{"max-cpu-available", 8}, field{"member-initialized", true},
		field{"name", m.name}, field{"data-dir", h14Data}, field{"wal-dir", ""}, field{"wal-dir-dedicated", ""}, field{"member-dir", h14Data + "/member"},
		field{"force-new-cluster", false}, field{"heartbeat-interval", "100ms"}, field{"election-timeout", "1s"}, field{"initial-election-tick-advance", true},
		field{"snapshot-count", h14Snaps}, field{"max-wals", 5}, field{"max-snapshots", 5}, field{"snapshot-catchup-entries", h14CatchUp},
		field{"initial-advertise-peer-urls", peers}, field{"listen-peer-urls", peers}, field{"advertise-client-urls", []string{m.clientURL()}},
		field{"listen-client-urls", clients}, field{"listen-metrics-urls", []string{"http://127.0.0.1:2381"}}, field{"cors", []string{"*"}},
		field{"host-whitelist", []string{"*"}}, field{"initial-cluster", ""}, field{"initial-cluster-state", "new"}, field{"initial-cluster-token", ""},
		field{"quota-backend-bytes", h14Quota}, field{"max-request-bytes", 1572864}, field{"max-concurrent-streams", 4294967295}, field{"pre-vote", true},
		field{"initial-corrupt-check", true}, field{"corrupt-check-time-interval", "0s"}, field{"compact-check-time-enabled", false},
		field{"compact-check-time-interval", "1m0s"}, field{"auto-compaction-mode", "periodic"}, field{"auto-compaction-retention", "0s"},
		field{"auto-compaction-interval", "0s"}, field{"discovery-url", ""}, field{"discovery-proxy", ""}, field{"downgrade-check-interval", "5s"})
	size, use := l.file(m, at), h14Pages(l.inUse(at))-float64(g.intn(2000))*4096
	l.log(tr, next(60_000, 180_000), "info", "etcdserver/backend.go:81", "opened backend db", field{"path", h14Data + "/member/snap/db"}, field{"took", l.ms(60, 180).String()})
	l.log(tr, next(5000, 40_000), "info", "etcdserver/server.go:511", "recovered v2 store from snapshot", field{"snapshot-index", int(snap.applied)}, field{"snapshot-size", h14Bytes(float64(g.between(26_000, 31_000)))})
	l.log(tr, next(200, 3000), "info", "etcdserver/server.go:524", "recovered v3 backend from snapshot", field{"backend-size-bytes", int(size)}, field{"backend-size", h14Bytes(size)},
		field{"backend-size-in-use-bytes", int(use)}, field{"backend-size-in-use", h14Bytes(use)})
	l.log(tr, next(300_000, 1_100_000), "info", "etcdserver/raft.go:530", "restarting local member", field{"cluster-id", l.cluster}, field{"local-member-id", m.id}, field{"commit-index", commit})
	l.raft(tr, next(100, 900), "%s switched to configuration voters=(%s)", m.id, l.votersDecimal())
	l.raft(tr, next(5, 40), "%s became follower at term %d", m.id, term)
	l.raft(tr, next(5, 40), "newRaft %s [peers: [], term: %d, commit: %d, applied: %d, lastindex: %d, lastterm: %d]", m.id, term, commit, int(snap.applied), commit, term)
	l.log(tr, next(500, 4000), "warn", "auth/store.go:1241", "simple token is not cryptographically signed")
	l.log(tr, next(20_000, 90_000), "info", "mvcc/kvstore.go:393", "kvstore restored", field{"current-rev", l.revAt(at.Add(-2 * time.Second))})
	l.log(tr, next(100, 900), "info", "etcdserver/quota.go:94", "enabled backend quota with default value", field{"quota-name", "v3-applier"},
		field{"quota-size-bytes", h14Quota}, field{"quota-size", h14Bytes(h14Quota)})
	for _, o := range l.others(m) {
		l.log(tr, next(20, 200), "info", "rafthttp/peer.go:133", "starting remote peer", field{"remote-peer-id", o.id})
		l.log(tr, next(10, 100), "info", "rafthttp/pipeline.go:72", "started HTTP pipelining with remote peer", field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		l.log(tr, next(10, 100), "info", "rafthttp/stream.go:169", "started stream writer with remote peer", field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		l.log(tr, next(1, 30), "info", "rafthttp/stream.go:169", "started stream writer with remote peer", field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		l.log(tr, next(10, 100), "info", "rafthttp/peer.go:137", "started remote peer", field{"remote-peer-id", o.id})
		l.log(tr, next(5, 60), "info", "rafthttp/transport.go:317", "added remote peer", field{"local-member-id", m.id}, field{"remote-peer-id", o.id},
			field{"remote-peer-urls", []string{o.peerURL()}})
		for _, st := range []string{"stream MsgApp v2", "stream Message"} {
			l.log(tr, next(5, 60), "info", "rafthttp/stream.go:395", "started stream reader with remote peer", field{"stream-reader-type", st},
				field{"local-member-id", m.id}, field{"remote-peer-id", o.id})
		}
	}
	l.log(tr, next(50, 500), "info", "etcdserver/corrupt.go:95", "starting initial corruption check", field{"local-member-id", m.id}, field{"timeout", "7s"})
	if cut {
		for _, o := range l.others(m) {
			ep := o.peerURL() + "/members/hashkv"
			l.log(tr, at.Add(7*time.Second+l.ms(0, 30)), "warn", "etcdserver/corrupt.go:316", "failed hash kv request", field{"local-member-id", m.id},
				field{"requested-revision", l.revAt(at)}, field{"remote-peer-endpoint", o.peerURL()},
				field{"error", fmt.Sprintf("Post %q: dial tcp %s:2380: i/o timeout", ep, o.ip)})
		}
		at = at.Add(7*time.Second + l.ms(31, 60))
	} else {
		next(20_000, 160_000)
	}
	l.log(tr, at, "info", "etcdserver/corrupt.go:165", "initial corruption checking passed; no corruption", field{"local-member-id", m.id})
	l.log(tr, next(100, 900), "info", "etcdserver/server.go:854", "starting etcd server", field{"local-member-id", m.id}, field{"local-server-version", m.version},
		field{"cluster-id", l.cluster}, field{"cluster-version", "3.5"})
	l.log(tr, next(20, 300), "info", "etcdserver/server.go:754", "starting initial election tick advance", field{"election-ticks", 10})
	l.log(tr, next(50, 500), "info", "embed/etcd.go:726", "starting with client TLS", field{"tls-info", "cert = /etc/kubernetes/pki/etcd/server.crt, key = /etc/kubernetes/pki/etcd/server.key, client-cert=, client-key=, trusted-ca = /etc/kubernetes/pki/etcd/ca.crt, client-cert-auth = true, crl-file = "},
		field{"cipher-suites", []string{}})
	l.log(tr, next(50, 400), "info", "embed/etcd.go:597", "serving peer traffic", field{"address", m.ip + ":2380"})
	l.log(tr, next(5, 60), "info", "embed/etcd.go:569", "cmux::serve", field{"address", m.ip + ":2380"})
	l.log(tr, next(5, 90), "info", "embed/etcd.go:277", "now serving peer/client/metrics", field{"local-member-id", m.id}, field{"initial-advertise-peer-urls", peers},
		field{"listen-peer-urls", peers}, field{"advertise-client-urls", []string{m.clientURL()}}, field{"listen-client-urls", clients},
		field{"listen-metrics-urls", []string{"http://127.0.0.1:2381"}})
	l.log(tr, next(5, 90), "info", "embed/etcd.go:857", "serving metrics", field{"address", "http://127.0.0.1:2381"})
	if cut {
		return at
	}
	// the peers answer
	for _, o := range l.others(m) {
		t := at.Add(l.ms(20, 400))
		l.peerUp(tr, t, m, o)
		if o.up(t) {
			l.peerUp(tr, t.Add(l.us(200, 3000)), o, m)
		}
	}
	lead, _ := l.leader(at)
	l.raft(tr, next(100_000, 400_000), "raft.node: %s elected leader %s at term %d", m.id, lead.id, term)
	l.log(tr, next(1000, 20_000), "info", "etcdserver/server.go:770", "initialized peer connections; fast-forwarding election ticks", field{"local-member-id", m.id},
		field{"forward-ticks", 8}, field{"forward-duration", "800ms"}, field{"election-ticks", 10}, field{"election-timeout", "1s"}, field{"active-remote-members", 2})
	return l.ready(tr, next(300_000, 1_200_000), m)
}

// ready is m publishing itself and serving clients.
func (l *h14Log) ready(tr truth, at time.Time, m *h14Member) time.Time {
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	l.log(tr, at, "info", "etcdserver/server.go:2068", "published local member to cluster through raft", field{"local-member-id", m.id},
		field{"local-member-attributes", fmt.Sprintf("{Name:%s ClientURLs:[%s]}", m.name, m.clientURL())}, field{"request-path", "/0/members/" + m.id + "/attributes"},
		field{"cluster-id", l.cluster}, field{"publish-timeout", "7s"})
	l.log(tr, next(20, 300), "info", "embed/serve.go:103", "ready to serve client requests")
	l.log(tr, next(1, 60), "info", "embed/serve.go:103", "ready to serve client requests")
	l.log(tr, next(20, 300), "info", "etcdmain/main.go:44", "notifying init daemon")
	l.log(tr, next(20, 300), "info", "etcdmain/main.go:50", "successfully notified init daemon")
	l.log(tr, next(100, 900), "info", "embed/serve.go:187", "serving client traffic securely", field{"traffic", "grpc+http"}, field{"address", "127.0.0.1:2379"})
	l.log(tr, next(10, 200), "info", "embed/serve.go:187", "serving client traffic securely", field{"traffic", "grpc+http"}, field{"address", m.ip + ":2379"})
	return at
}

// stall is what waited on m while it could neither read nor apply, from from to to:
// reads (and, with writes, the writes its apiserver sent) all finish late at once.
func (l *h14Log) stall(tr truth, m *h14Member, from, to time.Time, reads, writes float64) {
	g := l.g
	done := to.Add(l.us(200, 3000))
	g.arrivals(from, to, func(time.Time) float64 { return reads }, func(u time.Time) {
		took := done.Sub(u) + l.us(50, 3000)
		if took <= 100*time.Millisecond {
			return
		}
		l.slowRead(tr, done.Add(l.us(0, 60_000)), m, l.rangeReq(u), took, 0.9+0.09*g.rng.Float64(), "")
	})
	g.arrivals(from, to, func(time.Time) float64 { return writes }, func(u time.Time) {
		wait := done.Sub(u) + l.us(50, 3000)
		if wait <= 100*time.Millisecond {
			return
		}
		_, body := l.writeReq(u, m)
		if !strings.HasPrefix(body, "ttl:") {
			l.txnTrace(tr, done.Add(l.us(100, 80_000)), m, body, wait, 0)
		}
	})
	if writes > 0 {
		req, _ := l.writeReq(from, l.m[g.intn(3)])
		l.slowApply(tr, done.Add(l.us(10, 300)), req, done.Sub(from)+l.ms(1, 20), h14TxnOK)
	}
}

// defragment is the operator's etcdctl defrag of one member.
func (l *h14Log) defragment(tr truth, d h14Defrag) {
	m, at := d.m, d.at
	size, use := l.file(m, at.Add(-time.Millisecond)), h14Pages(l.inUse(at))-float64(l.g.intn(2000))*4096
	after := l.file(m, at.Add(d.took))
	use2 := after - float64(l.g.between(200, 900))*4096
	path := h14Data + "/member/snap/db"
	l.log(tr, at, "info", "v3rpc/maintenance.go:89", "starting defragment")
	l.log(tr, at.Add(l.us(100, 900)), "info", "backend/backend.go:497", "defragmenting", field{"path", path}, field{"current-db-size-bytes", int(size)},
		field{"current-db-size", h14Bytes(size)}, field{"current-db-size-in-use-bytes", int(use)}, field{"current-db-size-in-use", h14Bytes(use)})
	end := at.Add(d.took)
	l.log(tr, end, "info", "backend/backend.go:549", "finished defragmenting directory", field{"path", path}, field{"current-db-size-bytes-diff", int(after - size)},
		field{"current-db-size-bytes", int(after)}, field{"current-db-size", h14Bytes(after)}, field{"current-db-size-in-use-bytes", int(use2)},
		field{"current-db-size-in-use", h14Bytes(use2)}, field{"took", d.took.String()})
	l.log(tr, end.Add(l.us(20, 300)), "info", "v3rpc/maintenance.go:95", "finished defragment")
}

// Benign changes -------------------------------------------------------------------------

func (l *h14Log) defragChange() {
	tr := l.defrag.truth()
	for _, d := range l.defrags {
		l.defragment(tr, d)
		l.stall(tr, d.m, d.at, d.at.Add(d.took), 24, 9)
	}
}

// h14CRDs are the release's custom resource definitions, by group.
var h14CRDs = map[string][]string{
	"monitoring.coreos.com":          {"alertmanagerconfigs", "alertmanagers", "podmonitors", "probes", "prometheusagents", "prometheuses", "prometheusrules", "scrapeconfigs", "servicemonitors", "thanosrulers"},
	"cert-manager.io":                {"certificaterequests", "certificates", "clusterissuers", "issuers"},
	"acme.cert-manager.io":           {"challenges", "orders"},
	"kafka.strimzi.io":               {"kafkas", "kafkaconnects", "kafkaconnectors", "kafkamirrormakers", "kafkamirrormaker2s", "kafkabridges", "kafkatopics", "kafkausers", "kafkarebalances", "kafkanodepools"},
	"core.strimzi.io":                {"strimzipodsets"},
	"postgresql.cnpg.io":             {"backups", "clusters", "poolers", "scheduledbackups", "imagecatalogs", "clusterimagecatalogs"},
	"external-secrets.io":            {"clusterexternalsecrets", "clustersecretstores", "externalsecrets", "pushsecrets", "secretstores"},
	"generators.external-secrets.io": {"acraccesstokens", "ecrauthorizationtokens", "fakes", "gcraccesstokens", "passwords", "vaultdynamicsecrets", "webhooks"},
	"argoproj.io": {"applications", "applicationsets", "appprojects", "rollouts", "analysistemplates", "clusteranalysistemplates", "analysisruns", "experiments",
		"workflows", "workflowtemplates", "cronworkflows", "clusterworkflowtemplates", "workfloweventbindings", "workflowtasksets", "workflowtaskresults", "workflowartifactgctasks"},
	"velero.io": {"backuprepositories", "backups", "backupstoragelocations", "deletebackuprequests", "downloadrequests", "podvolumebackups", "podvolumerestores",
		"restores", "schedules", "serverstatusrequests", "volumesnapshotlocations", "datadownloads", "datauploads"},
	"networking.istio.io":       {"destinationrules", "envoyfilters", "gateways", "proxyconfigs", "serviceentries", "sidecars", "virtualservices", "workloadentries", "workloadgroups"},
	"security.istio.io":         {"authorizationpolicies", "peerauthentications", "requestauthentications"},
	"telemetry.istio.io":        {"telemetries"},
	"extensions.istio.io":       {"wasmplugins"},
	"install.istio.io":          {"istiooperators"},
	"gateway.networking.k8s.io": {"gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants"},
	"keda.sh":                   {"scaledobjects", "scaledjobs", "triggerauthentications", "clustertriggerauthentications"},
	"opentelemetry.io":          {"opentelemetrycollectors", "instrumentations", "opampbridges"},
	"flagger.app":               {"canaries", "metrictemplates", "alertproviders"},
	"rabbitmq.com": {"rabbitmqclusters", "bindings", "exchanges", "federations", "permissions", "policies", "queues", "schemareplications", "shovels",
		"superstreams", "users", "vhosts", "topicpermissions", "operatorpolicies"},
	"tenancy.platform.example.com": {"tenants", "tenantquotas", "tenantnetworks", "tenantroles"},
	"logging.banzaicloud.io": {"clusterflows", "clusteroutputs", "flows", "loggings", "outputs", "syslogngflows", "syslogngoutputs", "syslogngclusterflows",
		"syslogngclusteroutputs", "nodeagents", "fluentbitagents"},
	"snapshot.storage.k8s.io": {"volumesnapshotclasses", "volumesnapshotcontents", "volumesnapshots"},
	"acid.zalan.do":           {"operatorconfigurations", "postgresqls", "postgresteams"},
	"eventing.knative.dev":    {"brokers", "triggers", "eventtypes"},
}

// helmBurst: the CRDs of a platform release first, then the tenants' objects.
func (l *h14Log) helmBurst() {
	g := l.g
	tr := l.helm.truth()
	h0 := l.helm.start
	var groups, crds []string
	for gr := range h14CRDs {
		groups = append(groups, gr)
	}
	sort.Strings(groups) // the release applies them in its own order; the map's is random
	for _, gr := range groups {
		for _, k := range h14CRDs[gr] {
			crds = append(crds, k+"."+gr)
		}
	}
	g.rng.Shuffle(len(crds), func(a, b int) { crds[a], crds[b] = crds[b], crds[a] })
	crds = crds[:140]
	for i, c := range crds {
		t := h0.Add(time.Duration(i)*180*time.Second/140 + l.ms(0, 900))
		s := l.m[g.intn(3)]
		if !s.up(t) {
			continue
		}
		size := int(g.lognormal(260_000, 0.8))
		size = min(max(size, 40_000), 1_380_000)
		req, body := h14Txn(l.reqID(s, t)+g.intn(40), "/registry/apiextensions.k8s.io/customresourcedefinitions/"+c, 0, size, 0)
		var slowest time.Duration
		for _, m := range l.m {
			took := time.Duration(float64(size)/1e6*g.lognormal(0.45, 0.35)*float64(time.Second)) + l.ms(30, 90)
			slowest = max(slowest, took)
			if m.up(t) && took > 100*time.Millisecond {
				l.slowApply(tr, t.Add(took), req, took, h14TxnOK)
			}
		}
		if slowest > 150*time.Millisecond {
			l.txnTrace(tr, t.Add(slowest+l.ms(1, 20)), s, body, l.ms(20, 90)+slowest/3, slowest/2)
		}
	}
	// the apiservers re-read the CRDs as they are established
	g.arrivals(h0.Add(20*time.Second), h0.Add(5*time.Minute), func(time.Time) float64 { return 0.5 }, func(t time.Time) {
		m := l.m[g.intn(3)]
		if !m.up(t) {
			return
		}
		n := 163 + min(140, int(t.Sub(h0).Seconds()*140/180))
		r := h14Req{key: "/registry/apiextensions.k8s.io/customresourcedefinitions/", end: "/registry/apiextensions.k8s.io/customresourcedefinitions0", count: n, total: n}
		r.text = fmt.Sprintf("key:\"%s\" range_end:\"%s\" ", r.key, r.end)
		r.size = n * g.between(88_000, 96_000)
		l.slowRead(tr, t, m, r, l.dur(0.75, 0.35)+100*time.Millisecond, 0.05, "")
	})
	// the tenants: namespaces, RBAC, configmaps, secrets, service accounts
	tenant := func() string { return fmt.Sprintf("tenant-%04d", g.between(1, 3600)) }
	g.arrivals(h0, h0.Add(11*time.Minute), func(t time.Time) float64 { return 3.2 * l.helmLevel(t) }, func(t time.Time) {
		s := l.m[g.intn(3)]
		if !s.up(t) {
			return
		}
		ns := tenant()
		var key string
		size := g.between(600, 3000)
		switch g.intn(7) {
		case 0:
			key = "/registry/namespaces/" + ns
		case 1:
			key = fmt.Sprintf("/registry/rolebindings/%s/%s", ns, pick(g, []string{"tenant-admin", "tenant-view", "ci-deployer"}))
		case 2:
			key = fmt.Sprintf("/registry/configmaps/%s/%s", ns, pick(g, []string{"kube-root-ca.crt", "istio-ca-root-cert", "tenant-settings"}))
		case 3:
			key = fmt.Sprintf("/registry/secrets/%s/%s", ns, pick(g, []string{"registry-pull", "tenant-db-credentials", "otel-token"}))
			size = g.between(1800, 6000)
		case 4:
			key = fmt.Sprintf("/registry/serviceaccounts/%s/%s", ns, pick(g, []string{"default", "ci-deployer", "tenant-runner"}))
		case 5:
			key = fmt.Sprintf("/registry/resourcequotas/%s/tenant-quota", ns)
		default:
			key = fmt.Sprintf("/registry/networkpolicies/%s/%s", ns, pick(g, []string{"default-deny", "allow-ingress", "allow-monitoring"}))
		}
		req, body := h14Txn(l.reqID(s, t)+g.intn(40), key, 0, size, 0)
		for _, m := range l.m {
			if m.up(t) && g.chance(0.4) {
				l.slowApply(tr, t.Add(l.ms(1, 40)), req, l.slow(0.06), h14TxnOK)
			}
		}
		if g.chance(0.25) {
			l.txnTrace(tr, t.Add(l.ms(40, 200)), s, body, l.slow(0.08), 0)
		}
	})
	for _, m := range l.m {
		g.arrivals(h0, h0.Add(10*time.Minute), func(t time.Time) float64 { return 0.008 }, func(t time.Time) {
			if !m.up(t) {
				return
			}
			took := time.Second + l.dur(0.18, 0.5)
			l.log(tr, t, "warn", "wal/wal.go:805", "slow fdatasync", field{"took", took.String()}, field{"expected-duration", "1s"})
			if lead, _ := l.leader(t); lead == m {
				l.heartbeats(tr, t.Add(l.us(100, 3000)), m, took-200*time.Millisecond+l.ms(0, 40))
			}
		})
	}
}

// rollingUpgrade: kubeadm upgrades etcd on each control-plane node in turn; on the
// leader, etcd hands its leadership to etcd-cp-1 as it stops.
func (l *h14Log) rollingUpgrade() {
	g := l.g
	tr := l.upgrade.truth()
	for _, u := range l.ups {
		m := u.m
		lead, _ := l.leader(u.stop.Add(-time.Millisecond))
		var to *h14Member
		if lead == m {
			to = l.m[0]
		}
		l.shutdown(tr, m, u.stop, to, false)
		gone := u.stop.Add(l.ms(120, 300))
		if to != nil {
			gone = gone.Add(l.ms(20, 60))
		}
		for _, o := range l.others(m) {
			l.peerLost(tr, gone.Add(l.us(200, 5000)), o, m, pick(g, []string{"EOF", "unexpected EOF"}))
		}
		refused := fmt.Sprintf("dial tcp %s:2380: connect: connection refused", m.ip)
		l.versionProbes(tr, gone, u.boot.Add(300*time.Millisecond), m, refused)
		for _, o := range l.others(m) {
			l.probers(tr, gone.Add(5*time.Second), u.boot.Add(300*time.Millisecond), o, m, refused)
		}
		m.version = "3.5.13"
		l.boot(tr, m, u.boot, false)
		// the node's apiserver is upgraded next: its streams drop, the new one lists
		api := u.ready.Add(l.ms(20_000, 45_000))
		for k := g.between(2, 5); k > 0; k-- {
			l.log(tr, api.Add(l.ms(0, 40)), "warn", "v3rpc/watch.go:415", "failed to send watch response to gRPC stream", field{"error", "rpc error: code = Unavailable desc = transport is closing"})
		}
		l.log(tr, api.Add(l.ms(0, 40)), "warn", "v3rpc/lease.go:148", "failed to send lease keepalive response to gRPC stream", field{"error", "rpc error: code = Unavailable desc = transport is closing"})
		up := api.Add(l.ms(9000, 16_000))
		g.arrivals(up, up.Add(8*time.Second), func(time.Time) float64 { return 4.5 }, func(t time.Time) {
			r := l.rangeReq(t)
			if r.small {
				return
			}
			if strings.Contains(r.text, "limit:500") {
				r.text = strings.Replace(r.text, "limit:500", "limit:10000", 1)
				r.count = min(10_000, r.total)
				r.size = r.count * r.size / 500
			}
			l.slowRead(tr, t, m, r, l.dur(0.45, 0.5)+100*time.Millisecond, 0.05, "")
		})
	}
}

// Incidents ------------------------------------------------------------------------------

// disk: etcd-cp-1's disk turns slow while it leads.
func (l *h14Log) disk() {
	g := l.g
	tr := incident(h14Disk)
	c1, c2, c3 := l.m[0], l.m[1], l.m[2]
	fade := func(t time.Time) float64 { return 1 - 0.6*rampUp(t, l.diskEnd.Add(-4*time.Minute), 4*time.Minute) }
	g.arrivals(l.diskAt, l.diskEnd, func(t time.Time) float64 {
		if t.Before(l.electAt) {
			return 0.6
		}
		return 0.33 * fade(t)
	}, func(t time.Time) {
		took := time.Second + l.dur(0.6*fade(t), 0.7)
		l.log(tr, t, "warn", "wal/wal.go:805", "slow fdatasync", field{"took", took.String()}, field{"expected-duration", "1s"})
	})
	// the leader's heartbeats go out late until it loses the lead
	g.arrivals(l.diskAt, l.electAt, func(time.Time) float64 { return 1.3 }, func(t time.Time) {
		l.heartbeats(tr, t, c1, l.dur(0.38, 0.55))
	})
	// etcd-cp-1 applies and reads slowly throughout
	g.arrivals(l.diskAt, l.diskEnd, func(t time.Time) float64 { return 2.2 * fade(t) }, func(t time.Time) {
		req, _ := l.writeReq(t.Add(-time.Second), l.m[g.intn(3)])
		l.slowApply(tr, t, req, l.dur(0.7*fade(t), 0.75)+100*time.Millisecond, h14TxnOK)
	})
	g.arrivals(l.diskAt, l.diskEnd, func(t time.Time) float64 { return 2.6 * fade(t) }, func(t time.Time) {
		took := l.dur(0.9*fade(t), 0.7) + 100*time.Millisecond
		fail := ""
		if took > 5*time.Second {
			took, fail = 5*time.Second+l.ms(0, 9), "context deadline exceeded"
		}
		l.slowRead(tr, t, c1, l.rangeReq(t), took, 0.75+0.2*g.rng.Float64(), fail)
	})
	g.arrivals(l.diskAt, l.diskEnd, func(t time.Time) float64 { return 0.9 * fade(t) }, func(t time.Time) {
		_, body := l.writeReq(t.Add(-time.Second), c1)
		if !strings.HasPrefix(body, "ttl:") {
			l.txnTrace(tr, t, c1, body, l.dur(0.8*fade(t), 0.6)+100*time.Millisecond, l.ms(10, 300))
		}
	})
	g.arrivals(l.diskAt, l.diskEnd, func(t time.Time) float64 { return 0.4 * fade(t) }, func(t time.Time) {
		l.log(tr, t, "warn", "etcdserver/v3_server.go:827", "waiting for ReadIndex response took too long, retrying",
			field{"sent-request-id", l.reqID(c1, t)}, field{"retry-timeout", "500ms"})
		if g.chance(0.4) {
			l.readLoopTrace(tr, t.Add(l.ms(100, 2000)), c1, l.dur(1.2, 0.5))
		}
	})
	g.arrivals(l.electAt, l.diskEnd, func(t time.Time) float64 { return 0.025 * fade(t) }, func(t time.Time) {
		l.log(tr, t, "warn", "etcdserver/v3_server.go:868", "timed out waiting for read index response (local node might have slow network)", field{"timeout", "7s"})
	})
	// before the election, linearizable reads and writes wait on the leader everywhere
	for _, m := range []*h14Member{c2, c3} {
		g.arrivals(l.diskAt, l.electAt, func(time.Time) float64 { return 1.5 }, func(t time.Time) {
			l.slowRead(tr, t, m, l.rangeReq(t), l.dur(0.5, 0.6)+100*time.Millisecond, 0.85+0.12*g.rng.Float64(), "")
		})
		g.arrivals(l.diskAt, l.electAt, func(time.Time) float64 { return 0.7 }, func(t time.Time) {
			_, body := l.writeReq(t.Add(-time.Second), m)
			if !strings.HasPrefix(body, "ttl:") {
				l.txnTrace(tr, t, m, body, l.dur(0.7, 0.6)+100*time.Millisecond, 0)
			}
		})
	}
	l.election(tr, l.electAt)
	// as a follower, etcd-cp-1 now and then stalls longer than an election timeout
	for t := l.electAt.Add(l.ms(60_000, 120_000)); t.Before(l.diskEnd.Add(-90 * time.Second)); t = t.Add(l.ms(70_000, 170_000)) {
		l.preVote(tr, t)
	}
}

// election: etcd-cp-2 and etcd-cp-3 stop hearing the leader; etcd-cp-2 wins a pre-vote
// and a vote at term 8; etcd-cp-1 steps down when its disk lets it.
func (l *h14Log) election(tr truth, at time.Time) {
	c1, c2, c3 := l.m[0], l.m[1], l.m[2]
	idx := l.idxAt(at)
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	l.raft(tr, at, "%s is starting a new election at term 7", c2.id)
	l.raft(tr, next(5, 40), "%s became pre-candidate at term 7", c2.id)
	for _, v := range l.voters() {
		if v == c2 {
			l.raft(tr, next(2, 20), "%s received MsgPreVoteResp from %s at term 7", c2.id, c2.id)
		} else {
			l.raft(tr, next(2, 20), "%s [logterm: 7, index: %d] sent MsgPreVote request to %s at term 7", c2.id, idx, v.id)
		}
	}
	l.raft(tr, next(2, 20), "raft.node: %s lost leader %s at term 7", c2.id, c1.id)
	t3 := at.Add(l.us(400, 2500))
	l.raft(tr, t3, "%s [logterm: 7, index: %d, vote: %s] cast MsgPreVote for %s [logterm: 7, index: %d] at term 7", c3.id, idx, c1.id, c2.id, idx)
	at = t3.Add(l.us(300, 1800))
	l.raft(tr, at, "%s received MsgPreVoteResp from %s at term 7", c2.id, c3.id)
	l.raft(tr, next(5, 30), "%s has received 2 MsgPreVoteResp votes and 0 vote rejections", c2.id)
	l.raft(tr, next(5, 30), "%s became candidate at term 8", c2.id)
	for _, v := range l.voters() {
		if v == c2 {
			l.raft(tr, next(2, 20), "%s received MsgVoteResp from %s at term 8", c2.id, c2.id)
		} else {
			l.raft(tr, next(2, 20), "%s [logterm: 7, index: %d] sent MsgVote request to %s at term 8", c2.id, idx, v.id)
		}
	}
	t3 = at.Add(l.us(400, 2000))
	l.raft(tr, t3, "%s [term: 7] received a MsgVote message with higher term from %s [term: 8]", c3.id, c2.id)
	l.raft(tr, t3.Add(l.us(5, 40)), "%s became follower at term 8", c3.id)
	l.raft(tr, t3.Add(l.us(45, 80)), "%s [logterm: 7, index: %d, vote: 0] cast MsgVote for %s [logterm: 7, index: %d] at term 8", c3.id, idx, c2.id, idx)
	l.raft(tr, t3.Add(l.us(85, 120)), "raft.node: %s lost leader %s at term 8", c3.id, c1.id)
	at = t3.Add(l.us(300, 1500))
	l.raft(tr, at, "%s received MsgVoteResp from %s at term 8", c2.id, c3.id)
	l.raft(tr, next(5, 30), "%s has received 2 MsgVoteResp votes and 0 vote rejections", c2.id)
	l.raft(tr, next(5, 30), "%s became leader at term 8", c2.id)
	l.raft(tr, next(5, 50), "raft.node: %s elected leader %s at term 8", c2.id, c2.id)
	l.raft(tr, at.Add(l.us(500, 2000)), "raft.node: %s elected leader %s at term 8", c3.id, c2.id)
	// etcd-cp-1, stuck in an fdatasync, reads its inbox late
	t1 := at.Add(l.ms(600, 2400))
	idx1 := idx + l.g.between(5, 60) // its own log runs ahead of what it has replicated
	l.raft(tr, t1, "%s [logterm: 7, index: %d, vote: %s] ignored MsgPreVote from %s [logterm: 7, index: %d] at term 7: lease is not expired (remaining ticks: %d)", c1.id, idx1, c1.id, c2.id, idx, l.g.between(1, 4))
	l.raft(tr, t1.Add(l.us(20, 200)), "%s [logterm: 7, index: %d, vote: %s] ignored MsgVote from %s [logterm: 7, index: %d] at term 7: lease is not expired (remaining ticks: %d)", c1.id, idx1, c1.id, c2.id, idx, l.g.between(1, 4))
	t1 = t1.Add(l.ms(80, 400))
	l.raft(tr, t1, "%s [term: 7] received a MsgApp message with higher term from %s [term: 8]", c1.id, c2.id)
	l.raft(tr, t1.Add(l.us(5, 40)), "%s became follower at term 8", c1.id)
	l.raft(tr, t1.Add(l.us(45, 120)), "raft.node: %s changed leader from %s to %s at term 8", c1.id, c1.id, c2.id)
	// the requests in flight on the old leader fail
	for k := l.g.between(3, 7); k > 0; k-- {
		_, body := l.writeReq(t1.Add(-time.Second), c1)
		u := t1.Add(l.ms(1, 30))
		l.stats(tr, u, c1, u.Add(-l.ms(1200, 2600)), l.ms(1200, 2600), "/etcdserverpb.KV/Txn", 3, len(body), 0, 0, body)
	}
}

// preVote is etcd-cp-1, lagging as a follower, missing heartbeats long enough to campaign;
// the others still hear the leader and ignore it.
func (l *h14Log) preVote(tr truth, at time.Time) {
	g := l.g
	c1, c2 := l.m[0], l.m[1]
	idx := l.idxAt(at)
	idx1 := idx - g.between(300, 3000)
	took := 2*time.Second + l.dur(0.6, 0.4)
	l.log(tr, at.Add(-l.ms(50, 400)), "warn", "wal/wal.go:805", "slow fdatasync", field{"took", took.String()}, field{"expected-duration", "1s"})
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	l.raft(tr, at, "%s is starting a new election at term 8", c1.id)
	l.raft(tr, next(5, 40), "%s became pre-candidate at term 8", c1.id)
	for _, v := range l.voters() {
		if v == c1 {
			l.raft(tr, next(2, 20), "%s received MsgPreVoteResp from %s at term 8", c1.id, c1.id)
		} else {
			l.raft(tr, next(2, 20), "%s [logterm: 8, index: %d] sent MsgPreVote request to %s at term 8", c1.id, idx1, v.id)
		}
	}
	l.raft(tr, next(2, 20), "raft.node: %s lost leader %s at term 8", c1.id, c2.id)
	for _, p := range l.others(c1) {
		l.raft(tr, at.Add(l.us(400, 3000)), "%s [logterm: 8, index: %d, vote: %s] ignored MsgPreVote from %s [logterm: 8, index: %d] at term 8: lease is not expired (remaining ticks: %d)",
			p.id, idx, c2.id, c1.id, idx1, g.between(3, 9))
	}
	t := at.Add(l.ms(90, 700))
	l.raft(tr, t, "%s became follower at term 8", c1.id)
	l.raft(tr, t.Add(l.us(20, 200)), "raft.node: %s elected leader %s at term 8", c1.id, c2.id)
}

// noSpace: the runaway writer, the quota, the alarm, and the operator's recovery.
func (l *h14Log) noSpace() {
	g := l.g
	tr := incident(h14NoSpace)
	var reports []string
	for range 80 {
		reports = append(reports, fmt.Sprintf("/registry/kyverno.io/admissionreports/%s/%s", pick(g, l.nss), g.uuid()))
	}
	bigPut := func(t time.Time, s *h14Member) (string, string) {
		return h14Txn(l.reqID(s, t)+g.intn(40), pick(g, reports), l.revAt(t)-g.between(150, 3000), g.between(780_000, 1_450_000), 0)
	}
	g.arrivals(l.runAt, l.alarmAt, func(time.Time) float64 { return 4.2 }, func(t time.Time) {
		s := l.m[g.intn(3)]
		req, body := bigPut(t, s)
		var slowest time.Duration
		for _, m := range l.m {
			took := l.dur(0.16, 0.45)
			slowest = max(slowest, took)
			if m.up(t) && took > 100*time.Millisecond && g.chance(0.55) {
				l.slowApply(tr, t.Add(took), req, took, h14TxnOK)
			}
		}
		if g.chance(0.22) {
			l.txnTrace(tr, t.Add(slowest+l.ms(1, 20)), s, body, l.dur(0.12, 0.5), slowest/2)
		}
	})
	g.arrivals(l.runAt.Add(20*time.Second), l.alarmAt, func(time.Time) float64 { return 0.22 }, func(t time.Time) {
		m := l.m[g.intn(3)]
		n := min(50, 20+int(t.Sub(l.runAt).Minutes()*15))
		r := h14Req{key: "/registry/kyverno.io/admissionreports/", end: "/registry/kyverno.io/admissionreports0", count: 50, total: 300 + n*40}
		r.text = fmt.Sprintf("key:\"%s\" range_end:\"%s\" limit:50 ", r.key, r.end)
		r.size = 50 * g.between(820_000, 1_300_000)
		l.slowRead(tr, t, m, r, l.dur(1.1, 0.4)+100*time.Millisecond, 0.02, "")
	})
	for _, m := range l.m {
		g.arrivals(l.runAt, l.alarmAt, func(time.Time) float64 { return 0.035 }, func(t time.Time) {
			if !m.up(t) {
				return
			}
			l.log(tr, t, "warn", "wal/wal.go:805", "slow fdatasync", field{"took", (time.Second + l.dur(0.15, 0.6)).String()}, field{"expected-duration", "1s"})
		})
	}
	// the put that does not fit, then the ones proposed before the alarm is applied
	a := l.alarmAt
	lead, _ := l.leader(a)
	space := "etcdserver: mvcc: database space exceeded"
	req, _ := bigPut(a, l.m[g.intn(3)])
	raised := a.Add(l.ms(250, 450))
	for k := range l.m {
		at := a.Add(time.Duration(k) * l.ms(1, 4))
		l.log(tr, at, "warn", "etcdserver/util.go:123", "failed to apply request", field{"took", l.ms(2, 9).String()}, field{"request", req},
			field{"response", h14TxnOK}, field{"error", space})
		l.log(tr, at.Add(l.us(20, 200)), "warn", "etcdserver/server.go:2199", "message exceeded backend quota; raising alarm", field{"quota-size-bytes", h14Quota},
			field{"quota-size", h14Bytes(h14Quota)}, field{"error", space})
	}
	for k := g.between(5, 10); k > 0; k-- {
		t := a.Add(l.ms(5, 240))
		req, _ := l.writeReq(t, l.m[g.intn(3)])
		for strings.Contains(req, "lease_grant") {
			req, _ = l.writeReq(t, l.m[g.intn(3)])
		}
		for range l.m {
			l.log(tr, t.Add(l.us(100, 3000)), "warn", "etcdserver/util.go:123", "failed to apply request", field{"took", l.us(8, 90).String()},
				field{"request", req}, field{"response", h14TxnOK}, field{"error", space})
		}
	}
	for range l.m {
		l.log(tr, raised.Add(l.us(100, 2500)), "warn", "etcdserver/apply.go:761", "alarm raised", field{"alarm", "NOSPACE"}, field{"from", lead.id})
	}
	// the monitoring probe of every member's /health (without exclude) every 15 s
	for _, m := range l.m {
		g.every(raised.Add(time.Duration(g.intn(15_000))*time.Millisecond), l.disarmAt, 15*time.Second, 300*time.Millisecond, func(t time.Time) {
			if !m.up(t) || h14In(m.blocked, t) {
				return
			}
			l.log(tr, t, "warn", "etcdhttp/metrics.go:173", "serving /health false due to an alarm", field{"alarm", fmt.Sprintf("memberID:%d alarm:NOSPACE ", lead.n)})
			l.log(tr, t.Add(l.us(10, 90)), "warn", "etcdhttp/metrics.go:86", "/health error", field{"output", `{"health":"false","reason":"ALARM NOSPACE"}`}, field{"status-code", 503})
		})
	}
	// the operator compacts to the last revision, defragments, disarms
	l.compact(tr, l.opAt, l.revAt(l.alarmAt), 28)
	for _, d := range l.fixes {
		l.defragment(tr, d)
		l.stall(tr, d.m, d.at, d.at.Add(d.took), 22, 0)
	}
	last := l.others(lead)[1]
	for range l.m {
		l.log(tr, l.disarmAt.Add(l.us(200, 3000)), "info", "etcdserver/apply.go:784", "alarm disarmed", field{"alarm", "NOSPACE"}, field{"from", last.id})
	}
	// the writes the apiservers held back pour in
	g.arrivals(l.disarmAt, l.disarmAt.Add(40*time.Second), func(t time.Time) float64 { return 4 * (1 - t.Sub(l.disarmAt).Seconds()/40) }, func(t time.Time) {
		req, body := l.writeReq(t, l.m[g.intn(3)])
		for _, m := range l.m {
			if m.up(t) && g.chance(0.5) {
				l.slowApply(tr, t.Add(l.ms(1, 30)), req, l.slow(0.06), h14TxnOK)
			}
		}
		if g.chance(0.3) && !strings.HasPrefix(body, "ttl:") {
			l.txnTrace(tr, t.Add(l.ms(20, 90)), l.m[g.intn(3)], body, l.slow(0.1), 0)
		}
	})
}

// partition: etcd-cp-3 cut off from the other two.
func (l *h14Log) partition() {
	g := l.g
	tr := incident(h14Partition)
	c1, c2, c3 := l.m[0], l.m[1], l.m[2]
	lead, term := l.leader(l.partAt)
	p0, heal := l.partAt, l.healAt
	timeout := func(b *h14Member) string { return fmt.Sprintf("dial tcp %s:2380: i/o timeout", b.ip) }
	// messages queue up until the streams are declared dead
	drop := func(from, to *h14Member, rate float64, types []string) {
		g.arrivals(p0.Add(300*time.Millisecond), p0.Add(5*time.Second), func(time.Time) float64 { return rate }, func(t time.Time) {
			typ := pick(g, types)
			name := "stream Message"
			if typ == "MsgApp" {
				name = "stream MsgApp v2"
			}
			l.log(tr, t, "warn", "rafthttp/peer.go:267", "dropped internal Raft message since sending buffer is full (overloaded network)", field{"message-type", typ},
				field{"local-member-id", from.id}, field{"from", from.id}, field{"remote-peer-id", to.id}, field{"remote-peer-name", name}, field{"remote-peer-active", true})
		})
	}
	drop(lead, c3, 9, []string{"MsgHeartbeat", "MsgHeartbeat", "MsgHeartbeat", "MsgApp", "MsgApp"})
	drop(c3, lead, 3, []string{"MsgHeartbeatResp", "MsgHeartbeatResp", "MsgAppResp"})
	for _, pr := range [][2]*h14Member{{c1, c3}, {c2, c3}, {c3, c1}, {c3, c2}} {
		a, b := pr[0], pr[1]
		t := p0.Add(l.ms(5000, 5600))
		l.peerLost(tr, t, a, b, fmt.Sprintf("read tcp %s:%d->%s:2380: i/o timeout", a.ip, g.between(33000, 60999), b.ip))
		end := heal
		if a == c3 {
			end = l.killAt
		}
		l.probers(tr, t, end, a, b, timeout(b))
		if a == c3 {
			l.probers(tr, l.rebootAt.Add(time.Second), heal, a, b, timeout(b))
		}
	}
	l.versionProbes(tr, p0.Add(time.Second), heal, c3, timeout(c3))
	// etcd-cp-3 loses its leader and campaigns with pre-votes
	lost := p0.Add(l.ms(1000, 2000))
	campaign := func(t time.Time, first bool) {
		idx := l.applied(c3, t)
		next := func(lo, hi int) time.Time { t = t.Add(l.us(lo, hi)); return t }
		l.raft(tr, t, "%s is starting a new election at term %d", c3.id, term)
		l.raft(tr, next(5, 40), "%s became pre-candidate at term %d", c3.id, term)
		for _, v := range l.voters() {
			if v == c3 {
				l.raft(tr, next(2, 20), "%s received MsgPreVoteResp from %s at term %d", c3.id, c3.id, term)
			} else {
				l.raft(tr, next(2, 20), "%s [logterm: %d, index: %d] sent MsgPreVote request to %s at term %d", c3.id, term, idx, v.id, term)
			}
		}
		if first {
			l.raft(tr, next(2, 20), "raft.node: %s lost leader %s at term %d", c3.id, lead.id, term)
		}
	}
	for t, first := lost, true; t.Before(heal); t = t.Add(time.Second + time.Duration(g.intn(1000))*time.Millisecond) {
		if within(t, l.killAt, l.rebootAt.Add(2500*time.Millisecond).Sub(l.killAt)) {
			continue
		}
		campaign(t, first)
		first = false
	}
	// its reads wait for a read index nobody answers, and fail every 7 s
	for _, run := range [][2]time.Time{{lost, l.killAt}, {l.rebootAt.Add(9 * time.Second), heal}} {
		for t := run[0].Add(l.ms(0, 400)); t.Add(7 * time.Second).Before(run[1]); t = t.Add(7*time.Second + l.ms(2, 30)) {
			id := l.reqID(c3, t)
			l.raft(tr, t, "%s no leader at term %d; dropping index reading msg", c3.id, term)
			for k := 1; k < 14; k++ {
				u := t.Add(time.Duration(k)*500*time.Millisecond + l.us(50, 900))
				l.log(tr, u, "warn", "etcdserver/v3_server.go:827", "waiting for ReadIndex response took too long, retrying", field{"sent-request-id", id}, field{"retry-timeout", "500ms"})
				l.raft(tr, u.Add(l.us(5, 60)), "%s no leader at term %d; dropping index reading msg", c3.id, term)
			}
			end := t.Add(7 * time.Second)
			l.log(tr, end, "warn", "etcdserver/v3_server.go:868", "timed out waiting for read index response (local node might have slow network)", field{"timeout", "7s"})
			g.arrivals(end.Add(-7*time.Second), end, func(time.Time) float64 { return 1.3 }, func(u time.Time) {
				l.slowRead(tr, end.Add(l.us(30, 4000)), c3, l.rangeReq(u), end.Sub(u), 1, "etcdserver: request timed out")
			})
		}
		// its writes wait for a leader to propose to, and time out
		g.arrivals(run[0], run[1].Add(-7*time.Second), func(time.Time) float64 { return 1.1 }, func(u time.Time) {
			_, body := l.writeReq(u, c3)
			if strings.HasPrefix(body, "ttl:") {
				return
			}
			l.stats(tr, u.Add(7*time.Second+l.us(20, 900)), c3, u, 7*time.Second+l.us(20, 900), "/etcdserverpb.KV/Txn", 3, len(body), 0, 0, body)
		})
	}
	// the kubelet's probes find no leader; after eight the container is restarted
	first := l.killAt.Add(-70 * time.Second)
	health := func(t time.Time) {
		l.log(tr, t, "warn", "etcdhttp/metrics.go:151", "serving /health false; no leader")
		l.log(tr, t.Add(l.us(10, 90)), "warn", "etcdhttp/metrics.go:86", "/health error", field{"output", `{"health":"false","reason":"RAFT NO LEADER"}`}, field{"status-code", 503})
	}
	for k := 0; k < 8; k++ {
		health(first.Add(time.Duration(k)*10*time.Second + l.us(0, 900)))
	}
	l.shutdown(tr, c3, l.killAt.Add(l.ms(1, 10)), nil, true)
	up := l.boot(tr, c3, l.rebootAt, true)
	for t := up.Add(l.ms(2000, 9000)); t.Before(heal); t = t.Add(10*time.Second + l.ms(0, 20)) {
		health(t)
	}
	for t := up.Add(7 * time.Second); t.Before(heal); t = t.Add(7*time.Second + l.ms(1, 20)) {
		l.log(tr, t, "warn", "etcdserver/server.go:2087", "failed to publish local member to cluster through raft", field{"local-member-id", c3.id},
			field{"local-member-attributes", fmt.Sprintf("{Name:%s ClientURLs:[%s]}", c3.name, c3.clientURL())},
			field{"request-path", "/0/members/" + c3.id + "/attributes"}, field{"publish-timeout", "7s"}, field{"error", "etcdserver: request timed out"})
	}
	// the network returns
	for _, pr := range [][2]*h14Member{{c1, c3}, {c2, c3}, {c3, c1}, {c3, c2}} {
		l.peerUp(tr, heal.Add(l.ms(100, 900)), pr[0], pr[1])
	}
	at := heal.Add(l.ms(1000, 1500))
	l.raft(tr, at, "raft.node: %s elected leader %s at term %d", c3.id, lead.id, term)
	var snap *h14Snap
	for i := range c3.snaps {
		if c3.snaps[i].received && c3.snaps[i].at.Before(l.end) {
			snap = &c3.snaps[i]
		}
	}
	if snap != nil {
		l.receive(tr, snap.at, lead, c3, *snap)
		at = snap.at.Add(l.ms(6000, 9000))
	}
	l.ready(tr, at.Add(l.ms(200, 900)), c3)
}

// receive is the leader sending its snapshot to m, which has fallen behind its log.
func (l *h14Log) receive(tr truth, at time.Time, lead, m *h14Member, s h14Snap) {
	g := l.g
	size := l.file(lead, at)
	msg := g.between(7000, 9500)
	idx := l.applied(m, at.Add(-10*time.Second))
	next := func(lo, hi int) time.Time { at = at.Add(l.us(lo, hi)); return at }
	l.log(tr, at, "info", "etcdserver/snapshot_merge.go:64", "sent database snapshot to writer", field{"bytes", int(size)}, field{"size", h14Bytes(size)})
	l.log(tr, next(100, 2000), "info", "rafthttp/snapshot_sender.go:82", "sending database snapshot", field{"snapshot-index", int(s.applied)},
		field{"remote-peer-id", m.id}, field{"bytes", int(size) + msg}, field{"size", h14Bytes(size + float64(msg))})
	l.log(tr, next(1000, 20_000), "info", "rafthttp/http.go:257", "receiving database snapshot", field{"local-member-id", m.id},
		field{"remote-snapshot-sender-id", lead.id}, field{"incoming-snapshot-index", int(s.applied)}, field{"incoming-snapshot-message-size-bytes", msg},
		field{"incoming-snapshot-message-size", h14Bytes(float64(msg))})
	took := time.Duration(size / g.lognormal(260e6, 0.2) * float64(time.Second))
	at = at.Add(took)
	l.log(tr, at, "info", "snap/db.go:64", "saved database snapshot to disk", field{"path", fmt.Sprintf("%s/member/snap/%016x.snap.db", h14Data, s.applied)},
		field{"bytes", int(size)}, field{"size", h14Bytes(size)})
	l.log(tr, next(100, 900), "info", "rafthttp/http.go:286", "received and saved database snapshot", field{"local-member-id", m.id},
		field{"remote-snapshot-sender-id", lead.id}, field{"incoming-snapshot-index", int(s.applied)}, field{"incoming-snapshot-size-bytes", int(size)},
		field{"incoming-snapshot-size", h14Bytes(size)})
	l.log(tr, next(200, 3000), "info", "rafthttp/snapshot_sender.go:131", "sent database snapshot", field{"snapshot-index", int(s.applied)},
		field{"remote-peer-id", m.id}, field{"bytes", int(size) + msg}, field{"size", h14Bytes(size + float64(msg))})
	l.raft(tr, next(100, 900), "%s [commit: %d, lastindex: %d, lastterm: %d] starts to restore snapshot [index: %d, term: %d]", m.id, idx, idx, s.term, s.applied, s.term)
	l.raft(tr, next(5, 40), "log [committed=%d, applied=%d, applying=%d, unstable.offset=%d, unstable.offsetInProgress=%d, len(unstable.Entries)=0] starts to restore snapshot [index: %d, term: %d]",
		idx, idx, idx, idx+1, idx+1, s.applied, s.term)
	l.raft(tr, next(5, 40), "%s switched to configuration voters=(%s)", m.id, l.votersDecimal())
	l.raft(tr, next(5, 40), "%s [commit: %d] restored snapshot [index: %d, term: %d]", m.id, s.applied, s.applied, s.term)
	fs := []field{{"current-snapshot-index", int(s.prev)}, {"current-applied-index", idx}, {"incoming-leader-snapshot-index", int(s.applied)}, {"incoming-leader-snapshot-term", s.term}}
	l.log(tr, next(300, 3000), "info", "etcdserver/server.go:1209", "applying snapshot", fs...)
	for _, p := range [][2]string{{"restoring lease store", "restored lease store"}, {"restoring mvcc store", "restored mvcc store"}} {
		l.log(tr, next(50, 500), "info", "etcdserver/server.go:1245", p[0])
		if p[0] == "restoring mvcc store" {
			l.log(tr, next(80_000, 300_000), "info", "mvcc/kvstore.go:393", "kvstore restored", field{"current-rev", l.revAt(at)})
			l.log(tr, next(20, 300), "info", "etcdserver/server.go:1279", p[1], field{"consistent-index", int(s.applied)})
			continue
		}
		l.log(tr, next(2000, 30_000), "info", "etcdserver/server.go:1252", p[1])
	}
	for _, p := range [][2]string{{"closing old backend file", "closed old backend file"}, {"restoring alarm store", "restored alarm store"},
		{"restoring auth store", "restored auth store"}, {"restoring v2 store", "restored v2 store"}, {"restoring cluster configuration", "restored cluster configuration"},
		{"removing old peers from network", "removed old peers from network"}, {"adding peers from new cluster configuration", "added peers from new cluster configuration"}} {
		l.log(tr, next(20, 400), "info", "etcdserver/server.go:1303", p[0])
		l.log(tr, next(50, 3000), "info", "etcdserver/server.go:1310", p[1])
	}
	l.log(tr, next(20, 300), "info", "etcdserver/server.go:1366", "applied snapshot", fs...)
}
