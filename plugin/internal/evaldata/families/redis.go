package families

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// redis is a Redis 7.2 deployment on Kubernetes laid out as the Bitnami chart lays it
// out in Sentinel mode: a StatefulSet redis-node of three pods (four after the scale-out),
// each with a redis container (one primary, the others its replicas) and a sentinel
// container (Redis Sentinel 7.2, quorum 2, down-after-milliseconds 15000, failover-timeout
// 60000), behind the headless service redis-headless in namespace cache; replicas and
// Sentinels announce their hostnames (redis-node-N.redis-headless.cache.svc.cluster.local),
// pod IPs change when a pod is recreated. The stdout of
// every container is interleaved in one stream as `kubectl logs --prefix` shows it, each
// line exactly as Redis writes it, `pid:role dd Mon yyyy hh:mm:ss.mmm level message`
// (roles M primary, S replica, C a fork child, X Sentinel; levels - verbose, * notice,
// # warning):
//
//	[pod/redis-node-0/redis] 1:M 08 Jul 2024 06:04:11.482 * 10000 changes in 60 seconds. Saving...
//	[pod/redis-node-0/redis] 1:M 08 Jul 2024 06:04:11.517 * Background saving started by pid 471206
//	[pod/redis-node-0/redis] 471206:C 08 Jul 2024 06:04:21.903 * Fork CoW for RDB: current 3 MB, peak 3 MB, average 2 MB
//	[pod/redis-node-1/redis] 1:S 08 Jul 2024 06:04:12.006 - Accepted 127.0.0.1:44318
//	[pod/redis-node-1/redis] 1:S 08 Jul 2024 06:04:12.011 - Client closed connection id=1384411 addr=127.0.0.1:44318 laddr=127.0.0.1:6379 fd=14 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=7 obl=0 oll=0 omem=0 tot-mem=22426 events=r cmd=ping user=default redir=-1 resp=2 lib-name= lib-ver=
//	[pod/redis-node-2/sentinel] 1:X 08 Jul 2024 07:47:15.402 # +sdown master mymaster redis-node-1.redis-headless.cache.svc.cluster.local 6379
//
// The redis containers run with loglevel verbose, persistence by RDB (save 3600 1 300 100
// 60 10000) and AOF (multi-part, everysec, rewritten on 100% growth), diskless replication
// with a 5 s delay, a 1 MB replication backlog, client-output-buffer-limit replica 256mb
// 64mb 60 and pubsub 32mb 8mb 60, timeout 300, ACL users per application.
//
// Normal traffic, 15-20 lines a second: every 5 s each node's DB report (DB 0 cache, DB 1
// PHP sessions, DB 2 leaderboards, DB 3 job queues: keys, volatile keys, hash table
// slots); the kubelet's liveness and readiness probes (redis-cli PING on localhost) every
// 5 s and redis_exporter's scrape every 30 s, each an Accepted and a Client closed
// connection line with the client's full CLIENT LIST entry; a blackbox TCP probe through
// the Service; the shop's PHP front end opening a connection per request on the primary
// (sessions and cache; some end with QUIT and log no close, some with a connection reset);
// the recommendation API reading from the replicas the same way (redis-py, which sends
// its lib-name); the catalog API's go-redis pools on the replicas, whose idle connections
// the server closes (Closing idle client) and which recycle connections after an hour;
// every few minutes per node a BGSAVE (which save point fired, the fork's pid, the
// child's verbose copy-on-write reports, DB saved on disk, Fork CoW), an AOF rewrite when
// the AOF has doubled; the leaderboard rebuild CronJob at half past every hour writing
// for ten minutes, making BGSAVE run every minute with hundreds of MB of copy-on-write;
// now and then a slow websocket gateway's Pub/Sub connection closed for overcoming the
// output buffer limits, a cron client's protocol error.
//
// Benign changes:
//   - 0:14 for 26 minutes, the catalog import Job loads 600,000 products through one
//     pipelined connection: BGSAVE every minute on every node (10000 changes in 60
//     seconds) with CoW in the hundreds of MB, AOF rewrites on 100% growth, and DB 0
//     crossing 2^21 keys (the table rehashing into 4194304 slots). Its connection and the
//     saves and rewrites while it runs carry the change.
//   - 1:08 for about 11 minutes, a rolling upgrade from 7.2.4 to 7.2.5, redis-node-2
//     first: each pod's Sentinel and Redis shut down (final RDB snapshot), the pod comes
//     back with a new IP, loads its AOF, full-resyncs from the primary and rewrites its
//     AOF; the other Sentinels see it +sdown, -sdown, +reboot, and its new Sentinel ID
//     replacing the old (+sentinel-invalid-addr). Before the primary's pod goes, its
//     preStop hook runs SENTINEL FAILOVER: redis-node-1 is promoted, the other replica
//     and the old primary are reconfigured with partial resyncs, the job workers
//     reconnect to the new primary.
//   - 2:08 for about 4 minutes, a scale-out adds redis-node-3: an empty Redis creating its
//     AOF, a full sync, a new Sentinel discovering the others and announced by them
//     (+slave, +sentinel); its routine lines carry the change until it is over.
//
// Incidents:
//  1. 0:49 for about 9 minutes, the primary's volume fills up: Error writing to the AOF
//     file: No space left on device every 31 s, every BGSAVE failing (Write error while
//     saving DB to the disk, or Failed opening the temp RDB file) and retried every 6 s,
//     until the volume is expanded: AOF write error looks solved, a save that succeeds.
//  2. 1:24, a single AOF fsync stall on the primary's disk (Asynchronous AOF fsync is
//     taking too long).
//  3. 1:47 for about 8 minutes, the primary's Kubernetes node dies: the Sentinels see it
//     +sdown, +odown, vote, fail over to redis-node-2 (+switch-master), redis-node-0
//     partially resyncs with it, the job workers and catalog pools reconnect; the node
//     reboots after four and a half minutes, Redis finds its AOF truncated (short read,
//     loaded anyway because aof-load-truncated is enabled) and full-resyncs as a replica.
//  4. 2:31 for about 11 minutes, redis-node-0 loses pod networking for 75 s while the
//     leaderboard job writes: the Sentinels see it +sdown, the primary disconnects it as
//     timed out, it times out its master; back, it cannot partially resync (lack of
//     backlog), and every full sync is cut after 100 s by the replica output buffer limit
//     (scheduled to be closed ASAP, the fork child killed, I/O error trying to sync with
//     MASTER), until the job's writes stop and a sync completes.
var redis = Family{
	Name:    "redis",
	Role:    Tuning,
	Service: "Redis 7.2 primary, replicas and Sentinels on Kubernetes (Bitnami layout), loglevel verbose, containers' stdout with kubectl's pod prefix",
	Lines:   redisLines,
}

const (
	rdDiskFull   = "primary's data volume full: AOF writes and every BGSAVE failing with No space left on device"
	rdFsyncStall = "AOF fsync stall on the primary's disk"
	rdNodeLost   = "primary's Kubernetes node lost: unplanned Sentinel failover, truncated AOF and full resync on its return"
	rdResyncLoop = "replica cut off for 75 s, then full resyncs cut by the replica output buffer limit"
)

const (
	rdLayout = "02 Jan 2006 15:04:05.000"
	rdDomain = ".redis-headless.cache.svc.cluster.local"
	rdV      = '-'
	rdN      = '*'
	rdW      = '#'

	rdOvercommit = "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect."
	rdFsync      = "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis."
	rdGoRedis    = "go-redis(,go1.22.5)"
)

// rdSavePoints is the save configuration, in its order.
var rdSavePoints = []struct {
	secs    float64
	changes float64
}{{3600, 1}, {300, 100}, {60, 10000}}

type rdLog struct {
	g          *gen
	j          *journal
	start, end time.Time
	pods       []*rdPod
	masters    []rdMaster // the master the Sentinels name, from when
	syncs      []*rdSync
	cum        []float64 // replication stream bytes, per second from cumFrom
	cumFrom    time.Time
	epoch      int

	lb                 [3][2]time.Time // the leaderboard rebuild runs
	imp                change
	impEnd             time.Time
	diskAt, diskFix    time.Time
	upgrade            change
	stallAt            time.Time
	lostAt, lostBack   time.Time
	scale              change
	blipAt, blipEnd    time.Time
	crossAt            time.Time // DB 0 outgrows 2^21 slots
	shopIPs, recoIPs   []string
	catalogIPs, jobIPs []string
	notifyIPs          []string
	replIDs            []string // the replication IDs: the first primary's, then each promotion's
	planned, unplanned *rdFailover
	scaleEnd           time.Time
	blipTimeout        time.Time
}

// rdFailover is a Sentinel failover: planned (SENTINEL FAILOVER) or on +odown.
type rdFailover struct {
	planned           bool
	from, to          int // the old master and the promoted replica
	lead, voter       int // the Sentinel that leads it, the one that votes for it (-1)
	epoch             int
	others            []int // the replicas reconfigured
	sdown             [4]time.Time
	odown, voterOdown time.Time // the leader's +odown (the command when planned)
	wait, promote     time.Time
	seen, switchAt    time.Time
	sent, prog, done  []time.Time
	convert           time.Time
	fromOffset        int64
	fromID, toID      string
}

type rdMaster struct {
	at time.Time
	n  int
}

type rdRole struct {
	at   time.Time
	role byte
}

// rdPod is one pod of the StatefulSet: its successive incarnations, the roles of its
// Redis, and the intervals the generators must respect.
type rdPod struct {
	n        int
	host     string
	lives    []*rdLife
	roles    []rdRole
	net      [][2]time.Time // pod network down
	busy     [][2]time.Time // fork children of replication, AOF rewrites after a sync
	idle     [][2]time.Time // serverCron not running: loading a dataset
	nowrites [][2]time.Time // a replica not applying the stream (resynchronizing)
	opens    []*rdConn
	olds     []*rdConn
	aofs     []*rdAOF
	aof0     int // the AOF sequence before the log
}

// rdLife is one incarnation of a pod: its Redis and Sentinel processes.
type rdLife struct {
	boot, ready, stop, exit time.Time
	sboot, sstop            time.Time
	ip, version, sentID     string
	pidRate, idRate         float64
	idBase                  int
	tr                      truth // its routine lines' truth until trUntil (a new pod)
	trUntil                 time.Time
	empty                   time.Time // a new pod's Redis holds no keys until then
}

func (l *rdLife) routine(t time.Time) truth {
	if t.Before(l.trUntil) {
		return l.tr
	}
	return routine
}

// rdConn is a line that shows a client id: a connection opened at at (it takes the next
// id), or one opened age before.
type rdConn struct {
	at    time.Time
	age   time.Duration
	write func(id int)
}

// rdAOF is an event that names the AOF files: a rewrite (next) or a load at start.
type rdAOF struct {
	at    time.Time
	next  bool
	write func(seq int)
}

type rdAttempt struct {
	connect, fired, psync, bgsave, end time.Time
	cut                                bool
}

// rdSync is a full synchronization of a replica, with its attempts.
type rdSync struct {
	tr                        truth
	m, rp                     int
	cached                    string // the replica's PSYNC request, "" without a cached master
	lack                      bool   // the master's backlog no longer holds it
	attempts                  []rdAttempt
	loaded, synced, rewritten time.Time
}

func redisLines(seed int64) []Line {
	start := time.Date(2024, 7, 8, 6, 0, 0, 0, time.UTC)
	r := &rdLog{g: newGen(seed, 32), j: &journal{}, start: start, end: start.Add(Length)}
	r.plan()
	for n := range r.pods {
		r.routines(n)
	}
	r.blackbox()
	r.shopWeb()
	r.reads()
	r.pools()
	r.pubsubKills()
	r.protocolErrors()
	r.batchJobs()
	r.diskFull()
	r.upgradeLines()
	r.stall()
	r.lostLines()
	r.scaleLines()
	r.blipLines()
	for _, s := range r.syncs {
		r.writeSync(s)
	}
	for n, p := range r.pods {
		for li := range p.lives {
			r.persistence(n, li)
		}
	}
	r.resolve()
	lines := r.j.sorted(r.end)
	for len(lines) > 0 && lines[0].At.Before(start) {
		lines = lines[1:]
	}
	return lines
}

// ---- time, randomness ----

func (r *rdLog) ms(lo, hi int) time.Duration {
	return time.Duration(r.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (r *rdLog) secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func (r *rdLog) port() int { return r.g.between(32768, 60999) }

func (r *rdLog) minute(m float64) time.Time {
	return r.start.Add(time.Duration(m * float64(time.Minute)))
}

func rdEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func rdIn(iv [][2]time.Time, t time.Time) bool {
	for _, w := range iv {
		if !t.Before(w[0]) && t.Before(w[1]) {
			return true
		}
	}
	return false
}

func rdOverlaps(iv [][2]time.Time, a, b time.Time) bool {
	for _, w := range iv {
		if a.Before(w[1]) && w[0].Before(b) {
			return true
		}
	}
	return false
}

// ---- the plan: the pods' lives, roles and the timeline ----

func (r *rdLog) plan() {
	g := r.g
	ips := func(n int, nets ...int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("10.42.%d.%d", pick(g, nets), g.between(20, 250))
		}
		return out
	}
	r.shopIPs = ips(8, 1, 2, 3, 5)
	r.recoIPs = ips(6, 1, 2, 3, 5)
	r.catalogIPs = ips(6, 1, 3, 5)
	r.jobIPs = ips(4, 2, 5)
	r.notifyIPs = ips(2, 1, 5)
	r.epoch = 4
	for i := 0; i < 3; i++ {
		r.replIDs = append(r.replIDs, g.hex(40))
	}

	// The hourly leaderboard rebuild, the import and the incidents' times.
	for h := 0; h < 3; h++ {
		s := r.minute(float64(30 + 60*h)).Add(r.ms(2000, 40000))
		r.lb[h] = [2]time.Time{s, s.Add(r.ms(560_000, 640_000))}
	}
	r.imp = change{"catalog import: bulk writes, BGSAVE every minute with large copy-on-write, AOF rewrites", r.minute(14).Add(r.ms(0, 50_000))}
	r.impEnd = r.imp.start.Add(r.ms(1_530_000, 1_600_000))
	r.diskAt = r.minute(49).Add(r.ms(0, 50_000))
	r.diskFix = r.diskAt.Add(r.ms(500_000, 540_000))
	r.upgrade = change{"rolling upgrade of the StatefulSet from Redis 7.2.4 to 7.2.5 with a planned Sentinel failover", r.minute(68).Add(r.ms(0, 40_000))}
	r.stallAt = r.minute(84).Add(r.ms(0, 50_000))
	r.lostAt = r.minute(107).Add(r.ms(0, 40_000))
	r.lostBack = r.lostAt.Add(r.ms(255_000, 285_000))
	r.scale = change{"scale-out: redis-node-3 added as a third replica with its Sentinel", r.minute(128).Add(r.ms(0, 40_000))}
	r.blipAt = r.lb[2][0].Add(r.ms(55_000, 95_000))
	r.blipEnd = r.blipAt.Add(r.ms(70_000, 75_000))
	for t := r.imp.start; t.Before(r.impEnd); t = t.Add(time.Second) {
		if k, _ := r.keys(0, t); k >= 1<<21 {
			r.crossAt = t
			break
		}
	}
	r.cumFrom = r.start.Add(-2 * time.Hour)
	acc := 0.0
	for t := r.cumFrom; t.Before(r.end.Add(time.Hour)); t = t.Add(time.Second) {
		_, b := r.writes(t)
		acc += b
		r.cum = append(r.cum, acc)
	}

	// The pods as the log finds them.
	firstIPs := []string{"10.42.1.7", "10.42.2.8", "10.42.3.11", ""}
	for n := 0; n < 4; n++ {
		p := &rdPod{n: n, host: fmt.Sprintf("redis-node-%d%s", n, rdDomain), aof0: g.between(3, 40)}
		r.pods = append(r.pods, p)
		if n == 3 {
			continue
		}
		boot := r.start.Add(-time.Duration(g.lognormal(3.5, 0.3) * float64(24*time.Hour)))
		l := r.newLife(n, boot, firstIPs[n], "7.2.4", "")
		l.ready = boot.Add(r.ms(9000, 15000))
		l.idRate = 3.2
		if n > 0 {
			l.idRate = 1.5
		}
		l.idBase = int(r.start.Sub(l.ready).Seconds()*l.idRate) + g.between(3, 40)
		p.lives = append(p.lives, l)
		role := byte('S')
		if n == 0 {
			role = 'M'
		}
		p.roles = append(p.roles, rdRole{time.Time{}, role})
	}
	r.masters = append(r.masters, rdMaster{time.Time{}, 0})

	r.planUpgrade()
	r.planLost()
	r.planScale()
	r.planBlip()
}

func (r *rdLog) newLife(n int, boot time.Time, ip, version, sentID string) *rdLife {
	if sentID == "" {
		sentID = r.g.hex(40)
	}
	far := r.end.Add(time.Hour)
	return &rdLife{boot: boot, ready: boot, stop: far, exit: far, sboot: boot.Add(r.ms(30, 400)), sstop: far,
		ip: ip, version: version, sentID: sentID, pidRate: r.g.normal(1.21, 0.02), idRate: 3, idBase: 3}
}

func (p *rdPod) lifeAt(t time.Time) int {
	k := 0
	for i, l := range p.lives {
		if !l.boot.After(t) {
			k = i
		}
	}
	return k
}

func (p *rdPod) life(t time.Time) *rdLife {
	if len(p.lives) == 0 {
		return nil
	}
	return p.lives[p.lifeAt(t)]
}

func (r *rdLog) role(n int, t time.Time) byte {
	p := r.pods[n]
	role := byte('S')
	for _, x := range p.roles {
		if !x.at.After(t) {
			role = x.role
		}
	}
	return role
}

func (r *rdLog) masterAt(t time.Time) int {
	m := 0
	for _, x := range r.masters {
		if !x.at.After(t) {
			m = x.n
		}
	}
	return m
}

// serving reports whether the pod's Redis takes connections from other pods at t.
func (r *rdLog) serving(n int, t time.Time) bool {
	p := r.pods[n]
	l := p.life(t)
	return l != nil && !t.Before(l.ready) && t.Before(l.stop) && !rdIn(p.net, t)
}

// sentinelUp reports whether the pod's Sentinel runs at t.
func (r *rdLog) sentinelUp(n int, t time.Time) bool {
	l := r.pods[n].life(t)
	return l != nil && !t.Before(l.sboot) && t.Before(l.sstop)
}

// readable reports whether a replica serves reads at t: up, and in sync.
func (r *rdLog) readable(n int, t time.Time) bool {
	return r.serving(n, t) && r.role(n, t) == 'S' && !rdIn(r.pods[n].nowrites, t)
}

func (r *rdLog) ip(n int, t time.Time) string { return r.pods[n].life(t).ip }

func (r *rdLog) pid(n int, t time.Time) int {
	l := r.pods[n].life(t)
	return 40 + int(t.Sub(l.boot).Seconds()*l.pidRate)
}

// ---- the data: traffic, writes, keys, sizes ----

// traffic is the shop's morning: 08:00 local time rising to 11:00.
func (r *rdLog) traffic(t time.Time) float64 {
	h := t.Sub(r.start).Hours()
	return 0.8 + 0.42*rampUp(t, r.start.Add(-20*time.Minute), 160*time.Minute) + 0.04*math.Sin(h*2.3)
}

func (r *rdLog) inLB(t time.Time) int {
	for i, w := range r.lb {
		if !t.Before(w[0]) && t.Before(w[1]) {
			return i
		}
	}
	return -1
}

// writes is what the primary applies a second at t: commands, and bytes of the
// replication stream.
func (r *rdLog) writes(t time.Time) (float64, float64) {
	if !t.Before(r.diskAt) && t.Before(r.diskFix) {
		return 4, 4 * 70 // refused (MISCONF); only expired keys' DELs
	}
	ops := 36 * r.traffic(t)
	bytes := ops * 3100
	if r.inLB(t) >= 0 {
		ops += 5200
		bytes += 5200 * 290
	}
	if !t.Before(r.imp.start) && t.Before(r.impEnd) {
		ops += 2400
		bytes += 2400 * 345
	}
	return ops, bytes
}

func (r *rdLog) offset(t time.Time) int64 {
	i := int(t.Sub(r.cumFrom) / time.Second)
	i = max(0, min(i, len(r.cum)-1))
	return 48_213_338_411 + int64(r.cum[i])
}

// keys is a database's keys and volatile keys at t, smoothly.
func (r *rdLog) keys(db int, t time.Time) (int, int) {
	h := t.Sub(r.start).Hours()
	switch db {
	case 0:
		added := 0.0
		if !t.Before(r.imp.start) {
			added = 612_000 * math.Min(1, t.Sub(r.imp.start).Seconds()/r.impEnd.Sub(r.imp.start).Seconds())
		}
		k := 1_843_200 + int(7000*math.Sin(h*1.7)) + int(added)
		return k, 1_211_400 + int(5000*math.Sin(h*1.7+0.4))
	case 1:
		k := int(172_000 * r.traffic(t))
		return k, k
	case 2:
		if r.inLB(t) >= 0 {
			return 192, 96
		}
		return 96, 0
	}
	k := 180 + int(60*math.Sin(h*5))
	return k, k / 3
}

func (r *rdLog) keysTotal(t time.Time) int {
	n := 0
	for db := 0; db < 4; db++ {
		k, _ := r.keys(db, t)
		n += k
	}
	return n
}

// rdbMB is the size of an RDB of the dataset at t; usedMB is the memory it takes.
func (r *rdLog) rdbMB(t time.Time) float64  { return float64(r.keysTotal(t)) * 540 / 1e6 }
func (r *rdLog) usedMB(t time.Time) float64 { return r.rdbMB(t) * 1.93 }

func (r *rdLog) slots(db int, t time.Time, l *rdLife) int {
	switch db {
	case 0:
		if r.crossAt.IsZero() || t.Before(r.crossAt) {
			return 1 << 21
		}
		if t.Before(r.crossAt.Add(45*time.Second)) && l.boot.Before(r.crossAt) {
			return 3 << 21
		}
		return 1 << 22
	case 1:
		return 1 << 18
	case 2:
		for _, w := range r.lb {
			if w[0].Before(t) && (w[0].After(l.ready) || l.ready.Before(r.start)) {
				return 256
			}
		}
		if r.inLB(t) >= 0 {
			return 256
		}
		return 128
	}
	return 256
}

// ---- writing lines ----

func (r *rdLog) line(tr truth, n int, at time.Time, pid int, role, lvl byte, msg string) {
	r.j.add(tr, at, fmt.Sprintf("[pod/redis-node-%d/redis] %d:%c %s %c %s", n, pid, role, at.Format(rdLayout), lvl, msg))
}

// rs writes a line of the pod's Redis server process.
func (r *rdLog) rs(tr truth, n int, at time.Time, lvl byte, msg string) {
	r.line(tr, n, at, 1, r.role(n, at), lvl, msg)
}

// child writes a line of a fork child.
func (r *rdLog) child(tr truth, n int, at time.Time, pid int, lvl byte, msg string) {
	r.line(tr, n, at, pid, 'C', lvl, msg)
}

// sen writes a line of the pod's Sentinel.
func (r *rdLog) sen(tr truth, n int, at time.Time, lvl byte, msg string) {
	r.j.add(tr, at, fmt.Sprintf("[pod/redis-node-%d/sentinel] 1:X %s %c %s", n, at.Format(rdLayout), lvl, msg))
}

func (r *rdLog) mstr(m int) string { return "mymaster " + r.pods[m].host + " 6379" }

func (r *rdLog) slave(n, m int) string {
	h := r.pods[n].host
	return fmt.Sprintf("slave %s:6379 %s 6379 @ %s", h, h, r.mstr(m))
}

func (r *rdLog) sentinel(s int, id string, m int) string {
	return fmt.Sprintf("sentinel %s %s 26379 @ %s", id, r.pods[s].host, r.mstr(m))
}

func (r *rdLog) saved(tr truth, s int, at time.Time) {
	r.sen(tr, s, at, rdN, "Sentinel new configuration saved on disk")
}

// open registers a connection opened at at; write gets its client id.
func (r *rdLog) open(n int, at time.Time, write func(id int)) {
	p := r.pods[n]
	p.opens = append(p.opens, &rdConn{at: at, write: write})
}

// old registers a line about a connection opened age before at.
func (r *rdLog) old(n int, at time.Time, age time.Duration, write func(id int)) {
	p := r.pods[n]
	p.olds = append(p.olds, &rdConn{at: at, age: age, write: write})
}

func (r *rdLog) aofEvent(n int, at time.Time, next bool, write func(seq int)) {
	p := r.pods[n]
	p.aofs = append(p.aofs, &rdAOF{at: at, next: next, write: write})
}

// resolve numbers the clients of every pod in the order they connected, and the AOF
// files in the order they were rewritten, and writes the lines that show them.
func (r *rdLog) resolve() {
	for _, p := range r.pods {
		slices.SortStableFunc(p.opens, func(a, b *rdConn) int { return a.at.Compare(b.at) })
		ids := make([]int, len(p.opens))
		lifeOf := make([]int, len(p.opens))
		cur, next := -1, 0
		for i, c := range p.opens {
			li := p.lifeAt(c.at)
			if li != cur {
				cur, next = li, p.lives[li].idBase
			}
			if r.g.chance(0.01) {
				next++ // a Lua or module client took one
			}
			ids[i], lifeOf[i] = next, li
			next++
		}
		for i, c := range p.opens {
			c.write(ids[i])
		}
		for _, c := range p.olds {
			li := p.lifeAt(c.at)
			l := p.lives[li]
			t0 := c.at.Add(-c.age)
			k, _ := slices.BinarySearchFunc(p.opens, t0, func(x *rdConn, t time.Time) int {
				if x.at.After(t) {
					return 1
				}
				return -1
			})
			id := 0
			if k > 0 && lifeOf[k-1] == li {
				id = ids[k-1] + r.g.between(0, 1)
			} else if k < len(p.opens) && lifeOf[k] == li {
				// Before the first connection the log shows: count back.
				id = ids[k] - 1 - int(p.opens[k].at.Sub(t0).Seconds()*l.idRate)
			} else {
				id = l.idBase - 1
			}
			c.write(max(id, 4))
		}
		slices.SortStableFunc(p.aofs, func(a, b *rdAOF) int { return a.at.Compare(b.at) })
		seq := p.aof0
		for _, e := range p.aofs {
			if e.next {
				seq++
			}
			e.write(seq)
		}
	}
}

// rdClient is a client as CLIENT LIST shows it.
type rdClient struct {
	id                                 int
	addr, laddr, name, flags           string
	fd, age, idle, db, sub, psub       int
	multi, qbuf, qfree, argv, mmem     int
	rbs, rbp, oll, omem                int
	events, cmd, user, libName, libVer string
}

func (c rdClient) String() string {
	tot := 928 + c.qbuf + c.qfree + c.argv + c.mmem + c.rbs + c.omem
	return fmt.Sprintf("id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=%d psub=%d ssub=0 multi=%d qbuf=%d qbuf-free=%d argv-mem=%d multi-mem=%d rbs=%d rbp=%d obl=0 oll=%d omem=%d tot-mem=%d events=%s cmd=%s user=%s redir=-1 resp=2 lib-name=%s lib-ver=%s",
		c.id, c.addr, c.laddr, c.fd, c.name, c.age, c.idle, c.flags, c.db, c.sub, c.psub, c.multi, c.qbuf, c.qfree, c.argv, c.mmem, c.rbs, c.rbp, c.oll, c.omem, tot, c.events, c.cmd, c.user, c.libName, c.libVer)
}

// short is a client that connected, ran its commands and closed.
func (r *rdLog) short(addr, laddr, cmd, user string, db, rbp int, from, to time.Time) rdClient {
	rbs := 1024
	if rbp > 1024 {
		rbs = 16384
	}
	return rdClient{addr: addr, laddr: laddr, fd: r.g.between(9, 64), age: int(to.Unix() - from.Unix()), flags: "N", db: db,
		multi: -1, qfree: 20474, rbs: rbs, rbp: rbp, events: "r", cmd: cmd, user: user}
}

// conn writes a connection from addr that runs its commands and closes after d: how it
// ends: "close" (Client closed connection), "reset", or "quit" (no line).
func (r *rdLog) conn(tr truth, n int, at time.Time, d time.Duration, ip string, local bool, end string, c rdClient) {
	port := r.port()
	c.addr = fmt.Sprintf("%s:%d", ip, port)
	laddr := "127.0.0.1:6379"
	if !local {
		laddr = r.ip(n, at) + ":6379"
	}
	c.laddr = laddr
	closeAt := at.Add(d)
	c.age = int(closeAt.Unix() - at.Unix())
	r.open(n, at, func(id int) {
		r.rs(tr, n, at, rdV, "Accepted "+c.addr)
		switch end {
		case "close":
			c.id = id
			r.rs(tr, n, closeAt, rdV, "Client closed connection "+c.String())
		case "reset":
			r.rs(tr, n, closeAt, rdV, "Reading from client: Connection reset by peer")
		}
	})
}

// sentinelLinkAge is how long Sentinel s's links to pod n have been up at t.
func (r *rdLog) sentinelLinkAge(s, n int, t time.Time) time.Duration {
	from := r.pods[s].life(t).sboot
	if l := r.pods[n].life(t); l.ready.After(from) {
		from = l.ready
	}
	return max(t.Sub(from.Add(700*time.Millisecond)), 0)
}

// sentinelExec writes a line of pod n naming Sentinel s's command link in the middle of
// its MULTI/EXEC (REPLICAOF, CONFIG REWRITE, CLIENT KILL).
func (r *rdLog) sentinelExec(tr truth, n, s int, at time.Time, format string) {
	sl := r.pods[s].life(at)
	c := rdClient{addr: fmt.Sprintf("%s:%d", sl.ip, r.port()), laddr: r.ip(n, at) + ":6379", fd: r.g.between(11, 30),
		name: "sentinel-" + sl.sentID[:8] + "-cmd", flags: "x", multi: 4, qfree: 20474 - 188, qbuf: 188, argv: 4, mmem: r.g.between(150, 190),
		rbs: 2048, rbp: 1024, events: "r", cmd: "exec", user: "default"}
	age := r.sentinelLinkAge(s, n, at)
	c.age = int(age.Seconds())
	r.old(n, at, age, func(id int) {
		c.id = id
		r.rs(tr, n, at, rdN, fmt.Sprintf(format, c.String()))
	})
}

// sentinelLinksClosed writes the lines of pod n when Sentinel s exits: its two links.
func (r *rdLog) sentinelLinksClosed(tr truth, n, s int, at time.Time) {
	if !r.serving(n, at) || n == s {
		return
	}
	sl := r.pods[s].life(at)
	age := r.sentinelLinkAge(s, n, at)
	var links [2]rdClient
	for k, kind := range []string{"cmd", "pubsub"} {
		c := rdClient{addr: fmt.Sprintf("%s:%d", sl.ip, r.port()), laddr: r.ip(n, at) + ":6379", fd: r.g.between(11, 30),
			name: "sentinel-" + sl.sentID[:8] + "-" + kind, age: int(age.Seconds()), flags: "N", multi: -1, rbs: 1024, rbp: r.g.between(40, 1024),
			events: "r", cmd: pick(r.g, []string{"ping", "publish", "info"}), user: "default"}
		if kind == "pubsub" {
			c.flags, c.sub, c.cmd, c.rbp = "P", 1, "subscribe", r.g.between(300, 600)
		}
		links[k] = c
	}
	at1 := at.Add(r.ms(1, 4))
	at2 := at1.Add(r.ms(0, 3))
	r.old(n, at1, age, func(id int) {
		links[0].id, links[1].id = id, id+1
		r.rs(tr, n, at1, rdV, "Client closed connection "+links[0].String())
		r.rs(tr, n, at2, rdV, "Client closed connection "+links[1].String())
	})
}

// sentinelLinksOpened writes the Accepted lines of pod n when Sentinel s connects.
func (r *rdLog) sentinelLinksOpened(tr truth, n, s int, at time.Time) {
	ip := r.pods[s].life(at).ip
	for k := 0; k < 2; k++ {
		t := at.Add(r.ms(0, 3) + time.Duration(k)*time.Millisecond)
		port := r.port()
		r.open(n, t, func(int) { r.rs(tr, n, t, rdV, fmt.Sprintf("Accepted %s:%d", ip, port)) })
	}
}

// poolWarm writes the catalog API's pools connecting to a replica that came up.
func (r *rdLog) poolWarm(tr truth, n int, from time.Time, count int) {
	for i := 0; i < count; i++ {
		t := from.Add(r.ms(0, 60_000))
		ip := pick(r.g, r.catalogIPs)
		port := r.port()
		r.open(n, t, func(int) { r.rs(tr, n, t, rdV, fmt.Sprintf("Accepted %s:%d", ip, port)) })
	}
}

// reconnects writes the job workers' blocking connections moving to a new primary.
func (r *rdLog) reconnects(tr truth, n int, from time.Time) {
	for _, ip := range r.jobIPs {
		for k := 0; k < 5; k++ {
			t := from.Add(r.ms(200, 6000))
			port := r.port()
			r.open(n, t, func(int) { r.rs(tr, n, t, rdV, fmt.Sprintf("Accepted %s:%d", ip, port)) })
		}
	}
}

// epochAt is the Sentinels' current epoch at t.
func (r *rdLog) epochAt(t time.Time) int {
	e := 4
	for _, f := range []*rdFailover{r.planned, r.unplanned} {
		if f != nil && !t.Before(f.odown) {
			e = f.epoch
		}
	}
	return e
}

// replID is the primary's replication ID at t.
func (r *rdLog) replID(t time.Time) string {
	k := 0
	if r.planned != nil && !t.Before(r.planned.promote) {
		k = 1
	}
	if r.unplanned != nil && !t.Before(r.unplanned.promote) {
		k = 2
	}
	return r.replIDs[k]
}

// planFailover times a failover from the primary at at: the command of a planned one,
// the loss of the primary for an unplanned one.
func (r *rdLog) planFailover(planned bool, at time.Time, to int) *rdFailover {
	from := r.masterAt(at)
	r.epoch++
	f := &rdFailover{planned: planned, from: from, to: to, lead: from, voter: -1, epoch: r.epoch,
		fromOffset: r.offset(at), fromID: r.replID(at), toID: r.replIDs[min(len(r.replIDs)-1, r.epoch-4)]}
	if planned {
		f.odown = at
	} else {
		var alive []int
		for s := range r.pods {
			if s != from && r.sentinelUp(s, at) {
				alive = append(alive, s)
				f.sdown[s] = at.Add(15*time.Second + r.ms(20, 950))
			}
		}
		f.lead, f.voter = alive[0], alive[1]
		if f.sdown[f.voter].Before(f.sdown[f.lead]) {
			f.lead, f.voter = f.voter, f.lead
		}
		f.odown = f.sdown[f.voter].Add(r.ms(40, 900))
		f.voterOdown = f.odown.Add(r.ms(100, 800))
	}
	f.wait = f.odown.Add(r.ms(30, 950))
	f.promote = f.wait.Add(r.ms(8, 40))
	f.seen = f.promote.Add(r.ms(300, 1050))
	t := f.seen
	for n := range r.pods {
		if n != from && n != to && r.serving(n, at) && r.role(n, at) == 'S' {
			f.others = append(f.others, n)
			sent := t.Add(r.ms(1, 40))
			f.sent = append(f.sent, sent)
			f.prog = append(f.prog, sent.Add(r.ms(700, 1100)))
			f.done = append(f.done, sent.Add(r.ms(1600, 2200)))
			t = sent.Add(r.ms(1600, 2200))
		}
	}
	f.switchAt = t.Add(r.ms(2, 90))
	r.pods[to].roles = append(r.pods[to].roles, rdRole{f.promote, 'M'})
	r.masters = append(r.masters, rdMaster{f.switchAt, to})
	if planned {
		f.convert = f.switchAt.Add(r.ms(8000, 10500))
		r.pods[from].roles = append(r.pods[from].roles, rdRole{f.convert, 'S'})
	}
	return f
}

// planSync times a full synchronization of replica rp from master m: the replica
// connects at connect (the connection completes at fired); while the leaderboard job
// writes (until burstUntil) a transfer that outlasts the replica output buffer's soft
// limit (64 MB for 60 s) is cut.
func (r *rdLog) planSync(tr truth, m, rp int, connect, fired time.Time, cached string, lack bool, burstUntil time.Time) *rdSync {
	s := &rdSync{tr: tr, m: m, rp: rp, cached: cached, lack: lack}
	for {
		a := rdAttempt{connect: connect, fired: fired}
		a.psync = fired.Add(r.ms(2, 9))
		a.bgsave = a.psync.Add(5*time.Second + r.ms(20, 110))
		transfer := r.secs(r.rdbMB(a.bgsave) / r.g.normal(12, 0.35))
		over := 103*time.Second + r.ms(-3000, 3000)
		if a.bgsave.Add(43*time.Second).Before(burstUntil) && over < transfer {
			a.cut, a.end = true, a.bgsave.Add(over)
			s.attempts = append(s.attempts, a)
			connect = a.end.Add(r.ms(5, 9))
			fired = connect.Add(r.ms(1, 3))
			continue
		}
		a.end = a.bgsave.Add(transfer)
		s.attempts = append(s.attempts, a)
		break
	}
	last := s.attempts[len(s.attempts)-1]
	s.loaded = last.end.Add(r.ms(1500, 3000) + r.secs(r.rdbMB(last.end)/r.g.normal(105, 6)))
	s.synced = s.loaded.Add(r.ms(5, 400))
	s.rewritten = s.loaded.Add(r.ms(10, 40) + r.secs(r.rdbMB(last.end)/r.g.normal(70, 5)))
	mp, rpp := r.pods[m], r.pods[rp]
	for _, a := range s.attempts {
		mp.busy = append(mp.busy, [2]time.Time{a.bgsave, a.end.Add(time.Second)})
	}
	rpp.nowrites = append(rpp.nowrites, [2]time.Time{s.attempts[0].connect, s.loaded})
	rpp.idle = append(rpp.idle, [2]time.Time{last.end, s.loaded})
	rpp.busy = append(rpp.busy, [2]time.Time{s.loaded, s.rewritten.Add(time.Second)})
	r.syncs = append(r.syncs, s)
	return s
}

// restart plans a pod's new incarnation: its Redis loads its AOF and resynchronizes.
func (r *rdLog) restart(tr truth, n int, boot time.Time, ip, sentID string, loadMB float64) (*rdLife, *rdSync) {
	p := r.pods[n]
	l := r.newLife(n, boot, ip, "7.2.5", sentID)
	l.ready = boot.Add(r.ms(60, 120) + r.secs(loadMB/r.g.normal(110, 6)))
	p.lives = append(p.lives, l)
	p.roles = append(p.roles, rdRole{boot, 'S'})
	p.idle = append(p.idle, [2]time.Time{boot, l.ready})
	connect := l.ready.Add(r.ms(100, 900))
	p.nowrites = append(p.nowrites, [2]time.Time{boot, connect})
	s := r.planSync(tr, r.masterAt(l.ready), n, connect, connect.Add(r.ms(1, 3)), "", false, time.Time{})
	return l, s
}

// planUpgrade: the StatefulSet's rolling update, highest ordinal first; the primary's
// preStop hook fails it over before it goes.
func (r *rdLog) planUpgrade() {
	tr := r.upgrade.truth()
	newIPs := []string{"10.42.1.33", "10.42.2.19", "10.42.3.26"}
	t := r.upgrade.start
	r.replIDs = r.replIDs[:3]
	for _, n := range []int{2, 1, 0} {
		p := r.pods[n]
		old := p.lives[len(p.lives)-1]
		if n == r.masterAt(t) {
			r.planned = r.planFailover(true, t, 1)
			t = r.planned.convert.Add(r.ms(2500, 5000))
		}
		old.stop = t
		old.sstop = t.Add(r.ms(5, 40))
		old.exit = t.Add(r.secs(r.rdbMB(t) / r.g.normal(135, 8)))
		p.idle = append(p.idle, [2]time.Time{old.stop, old.exit})
		_, s := r.restart(tr, n, old.exit.Add(r.ms(5000, 9000)), newIPs[n], "", r.rdbMB(t))
		t = s.rewritten.Add(r.ms(15_000, 40_000))
	}
}

// planLost: the primary's node dies; it reboots minutes later.
func (r *rdLog) planLost() {
	n := r.masterAt(r.lostAt)
	l := r.pods[n].lives[len(r.pods[n].lives)-1]
	l.stop, l.exit, l.sstop = r.lostAt, r.lostAt, r.lostAt
	r.unplanned = r.planFailover(false, r.lostAt, 2)
	r.restart(incident(rdNodeLost), n, r.lostBack, "10.42.2.5", l.sentID, r.rdbMB(r.lostAt))
}

// planScale: redis-node-3 joins, empty.
func (r *rdLog) planScale() {
	tr := r.scale.truth()
	p := r.pods[3]
	boot := r.scale.start
	l := r.newLife(3, boot, "10.42.4.12", "7.2.5", "")
	l.ready = boot.Add(r.ms(40, 90))
	l.idRate = 2.6
	l.tr = tr
	p.lives = append(p.lives, l)
	p.roles = append(p.roles, rdRole{time.Time{}, 'S'})
	p.aof0 = 0
	connect := l.ready.Add(r.ms(100, 900))
	p.nowrites = append(p.nowrites, [2]time.Time{boot, connect})
	s := r.planSync(tr, r.masterAt(l.ready), 3, connect, connect.Add(r.ms(1, 3)), "", false, time.Time{})
	l.empty = s.loaded
	r.scaleEnd = s.rewritten.Add(r.ms(60_000, 110_000))
	l.trUntil = r.scaleEnd
}

// planBlip: redis-node-0's pod network goes away for 70-75 s during the leaderboard run.
func (r *rdLog) planBlip() {
	p := r.pods[0]
	p.net = append(p.net, [2]time.Time{r.blipAt, r.blipEnd})
	r.blipTimeout = r.blipAt.Add(60*time.Second + r.ms(300, 1000))
	connect := r.blipTimeout.Add(r.ms(900, 1100))
	fired := connect
	for _, s := range []int{1, 3, 7, 15, 31, 63} { // the SYN's retransmissions
		fired = connect.Add(time.Duration(s) * time.Second)
		if !fired.Before(r.blipEnd) {
			break
		}
	}
	fired = fired.Add(r.ms(1, 3))
	cached := fmt.Sprintf("%s:%d", r.replID(r.blipAt), r.offset(r.blipAt)+1)
	r.planSync(incident(rdResyncLoop), r.masterAt(r.blipAt), 0, connect, fired, cached, true, r.lb[2][1])
	p.nowrites = append(p.nowrites, [2]time.Time{r.blipAt, connect})
}

// ---- normal traffic ----

// grid moves a periodic source's first tick forward, a whole number of periods, to just
// before the log starts.
func (r *rdLog) grid(first time.Time, period time.Duration) time.Time {
	if lead := r.start.Add(-period).Sub(first); lead > 0 {
		first = first.Add((lead/period + 1) * period)
	}
	return first
}

func (r *rdLog) choose(items []string, weights []float64) string {
	return items[r.g.weighted(len(items), func(i int) float64 { return weights[i] })]
}

// routines writes what each incarnation of a pod writes by itself: the DB report every
// 5 s, the kubelet's two probes every 5 s, the exporter's scrape every 30 s.
func (r *rdLog) routines(n int) {
	p := r.pods[n]
	for _, l := range p.lives {
		stop := rdEarlier(l.stop, r.end)
		r.g.every(r.grid(l.ready.Add(r.ms(0, 5000)), 5*time.Second), stop, 5*time.Second, 4*time.Millisecond, func(t time.Time) {
			if rdIn(p.idle, t) || t.Before(l.empty) {
				return
			}
			tr := l.routine(t)
			for db := 0; db < 4; db++ {
				k, v := r.keys(db, t)
				switch db {
				case 0:
					k += r.g.between(-90, 90)
					v += r.g.between(-70, 70)
				case 1:
					k += r.g.between(-40, 40)
					v = k
				default:
					d := r.g.between(-2, 2)
					k, v = k+d, max(0, v+d/2)
				}
				r.rs(tr, n, t, rdV, fmt.Sprintf("DB %d: %d keys (%d volatile) in %d slots HT.", db, k, v, r.slots(db, t, l)))
			}
		})
		for k := 0; k < 2; k++ { // liveness and readiness
			r.g.every(r.grid(l.boot.Add(20*time.Second+r.ms(0, 5000)), 5*time.Second), stop, 5*time.Second, 40*time.Millisecond, func(t time.Time) {
				c := rdClient{fd: r.g.between(9, 48), flags: "N", multi: -1, qfree: 20474, rbs: 1024, rbp: 7, events: "r", cmd: "ping", user: "default"}
				r.conn(l.routine(t), n, t, r.ms(2, 9), "127.0.0.1", true, "close", c)
			})
		}
		r.g.every(r.grid(l.boot.Add(r.ms(30_000, 60_000)), 30*time.Second), stop, 30*time.Second, 25*time.Millisecond, func(t time.Time) {
			c := rdClient{fd: r.g.between(9, 48), name: "redis_exporter", flags: "N", multi: -1, qfree: 20474, rbs: 16384, rbp: 16384,
				events: "r", cmd: "latency|histogram", user: "exporter"}
			r.conn(l.routine(t), n, t, r.ms(14, 60), "127.0.0.1", true, "close", c)
		})
	}
}

// blackbox is the uptime check's TCP connect through the redis Service every 30 s.
func (r *rdLog) blackbox() {
	r.g.every(r.start.Add(-30*time.Second+r.ms(0, 30_000)), r.end, 30*time.Second, 200*time.Millisecond, func(t time.Time) {
		n := r.g.weighted(len(r.pods), func(i int) float64 {
			if r.serving(i, t) {
				return 1
			}
			return 0
		})
		if n < 0 {
			return
		}
		c := rdClient{fd: r.g.between(9, 64), flags: "N", multi: -1, rbs: 1024, events: "r", cmd: "NULL", user: "default"}
		r.conn(r.pods[n].life(t).routine(t), n, t, r.ms(1, 4), "10.42.0.37", false, "close", c)
	})
}

// ending draws how a per-request connection ends.
func (r *rdLog) ending(quit, reset float64) string {
	switch u := r.g.rng.Float64(); {
	case u < quit:
		return "quit"
	case u < quit+reset:
		return "reset"
	}
	return "close"
}

// shopWeb is the PHP front end: a connection per request on the primary, for the
// session (DB 1) or the cache (DB 0).
func (r *rdLog) shopWeb() {
	r.g.arrivals(r.start.Add(-time.Minute), r.end, func(t time.Time) float64 { return 3.3 * r.traffic(t) }, func(t time.Time) {
		m := r.masterAt(t)
		if !r.serving(m, t) || r.role(m, t) != 'M' {
			return
		}
		d := time.Duration(math.Min(r.g.lognormal(22, 0.8), 2500) * float64(time.Millisecond))
		c := rdClient{fd: r.g.between(9, 90), flags: "N", multi: -1, qfree: 20474, rbs: 1024, events: "r", user: "shop"}
		if r.g.chance(0.55) {
			c.db, c.rbp = 1, r.g.between(2200, 4800)
			c.cmd = r.choose([]string{"setex", "expire", "del"}, []float64{68, 26, 6})
		} else {
			c.rbp = r.g.between(5, 14000)
			c.cmd = r.choose([]string{"get", "mget", "setex", "hgetall", "evalsha", "incr"}, []float64{40, 20, 15, 10, 8, 7})
			c.argv = 0
		}
		if c.rbp > 1024 {
			c.rbs = 16384
		}
		r.conn(r.pods[m].life(t).routine(t), m, t, d, pick(r.g, r.shopIPs), false, r.ending(0.05, 0.025), c)
	})
}

// replica draws a replica that serves reads at t, -1 if none.
func (r *rdLog) replica(t time.Time) int {
	return r.g.weighted(len(r.pods), func(i int) float64 {
		if r.readable(i, t) {
			return 1
		}
		return 0
	})
}

// reads is the recommendation API: redis-py, a connection per request on a replica.
func (r *rdLog) reads() {
	r.g.arrivals(r.start.Add(-time.Minute), r.end, func(t time.Time) float64 { return 2.5 * r.traffic(t) }, func(t time.Time) {
		n := r.replica(t)
		if n < 0 {
			return
		}
		d := time.Duration(math.Min(r.g.lognormal(9, 0.7), 1500) * float64(time.Millisecond))
		c := rdClient{fd: r.g.between(9, 70), flags: "N", multi: -1, qfree: 20474, rbs: 1024, events: "r", user: "reco",
			libName: "redis-py", libVer: "5.0.7"}
		c.cmd = r.choose([]string{"mget", "get", "zrevrange", "hgetall", "zscore", "exists"}, []float64{30, 20, 15, 15, 10, 10})
		c.rbp = r.g.between(10, 9000)
		if c.cmd == "zrevrange" || c.cmd == "zscore" {
			c.db = 2
		}
		if c.rbp > 1024 {
			c.rbs = 16384
		}
		r.conn(r.pods[n].life(t).routine(t), n, t, d, pick(r.g, r.recoIPs), false, r.ending(0.03, 0.02), c)
	})
}

// pools is the catalog API's go-redis pools on the replicas: idle connections the
// server closes after 300 s, refilled; connections recycled after an hour.
func (r *rdLog) pools() {
	for n := range r.pods {
		r.g.arrivals(r.start.Add(-time.Minute), r.end, func(t time.Time) float64 {
			if r.readable(n, t) {
				return 1.0 / 70
			}
			return 0
		}, func(t time.Time) {
			l := r.pods[n].life(t)
			tr := l.routine(t)
			ip, port := pick(r.g, r.catalogIPs), r.port()
			refill := t.Add(r.ms(300, 40_000))
			if t.Sub(l.ready) < 10*time.Minute {
				return // the pools have no idle connections to it yet
			}
			if r.g.chance(0.7) || t.Sub(l.ready) < 70*time.Minute {
				r.rs(tr, n, t, rdV, "Closing idle client")
			} else {
				age := r.ms(3_595_000, 3_660_000)
				c := rdClient{addr: fmt.Sprintf("%s:%d", ip, r.port()), laddr: l.ip + ":6379", fd: r.g.between(9, 70), age: int(age.Seconds()),
					idle: r.g.between(0, 3), flags: "N", multi: -1, rbs: 1024, rbp: r.g.between(200, 1024), events: "r",
					cmd: r.choose([]string{"get", "mget", "hget", "smembers"}, []float64{40, 30, 20, 10}), user: "catalog", libName: rdGoRedis, libVer: "9.5.3"}
				r.old(n, t, age, func(id int) {
					c.id = id
					r.rs(tr, n, t, rdV, "Client closed connection "+c.String())
				})
				refill = t.Add(r.ms(1, 30))
			}
			if r.serving(n, refill) {
				r.open(n, refill, func(int) { r.rs(l.routine(refill), n, refill, rdV, fmt.Sprintf("Accepted %s:%d", ip, port)) })
			}
		})
	}
}

// pubsubKills: the websocket gateway's subscriber falls behind now and then and is
// closed at the pubsub output buffer limit, then reconnects.
func (r *rdLog) pubsubKills() {
	r.g.arrivals(r.start.Add(-time.Minute), r.end, func(time.Time) float64 { return 1.0 / 2600 }, func(t time.Time) {
		m := r.masterAt(t)
		if !r.serving(m, t) {
			return
		}
		l := r.pods[m].life(t)
		age := min(t.Sub(l.ready), r.ms(300_000, 9_000_000))
		ip := pick(r.g, r.notifyIPs)
		omem := r.g.between(8_400_000, 33_500_000)
		c := rdClient{addr: fmt.Sprintf("%s:%d", ip, r.port()), laddr: l.ip + ":6379", fd: r.g.between(9, 90), name: "notify-gateway",
			age: int(age.Seconds()), idle: r.g.between(0, 2), flags: "P", sub: 3, psub: 1, multi: -1, rbs: 1024, rbp: 1024,
			oll: omem / 16384, omem: omem, events: "rw", cmd: "psubscribe", user: "notify"}
		r.old(m, t, age, func(id int) {
			c.id = id
			r.rs(routine, m, t, rdW, "Client "+c.String()+" scheduled to be closed ASAP for overcoming of output buffer limits.")
		})
		back := t.Add(r.ms(400, 3000))
		port := r.port()
		r.open(m, back, func(int) { r.rs(routine, m, back, rdV, fmt.Sprintf("Accepted %s:%d", ip, port)) })
	})
}

// protocolErrors: a cron client that writes a negative bulk length now and then.
func (r *rdLog) protocolErrors() {
	r.g.arrivals(r.start.Add(-time.Minute), r.end, func(time.Time) float64 { return 1.0 / 3100 }, func(t time.Time) {
		m := r.masterAt(t)
		if !r.serving(m, t) {
			return
		}
		port := r.port()
		key := pick(r.g, []string{"cron:lastrun:purge", "cron:lastrun:sitemap", "cron:lastrun:reindex"})
		c := rdClient{addr: fmt.Sprintf("10.42.3.141:%d", port), laddr: r.ip(m, t) + ":6379", fd: r.g.between(9, 90), flags: "N", multi: -1,
			qbuf: 30 + len(key), qfree: 20444 - len(key), rbs: 16384, rbp: 5, events: "r", cmd: "auth", user: "cron"}
		at := t.Add(r.ms(2, 9))
		r.open(m, t, func(id int) {
			c.id = id
			r.rs(routine, m, t, rdV, fmt.Sprintf("Accepted 10.42.3.141:%d", port))
			r.rs(routine, m, at, rdV, fmt.Sprintf("Protocol error (invalid bulk length) from client: %s. Query buffer during protocol error: '$-1..'", c.String()))
		})
	})
}

// batchJobs: the leaderboard rebuild CronJob every hour and the catalog import, each one
// pipelined connection to the primary.
func (r *rdLog) batchJobs() {
	job := func(tr truth, from, to time.Time, db int, cmd, user string) {
		m := r.masterAt(from)
		ip := fmt.Sprintf("10.42.%d.%d", r.g.between(1, 5), r.g.between(20, 250))
		c := rdClient{fd: r.g.between(9, 90), flags: "N", multi: -1, qfree: 20474, argv: 0, rbs: 16384, rbp: 16384, db: db,
			events: "r", cmd: cmd, user: user, libName: "redis-py", libVer: "5.0.7"}
		r.conn(tr, m, from, to.Sub(from), ip, false, "close", c)
	}
	for _, w := range r.lb {
		job(routine, w[0], w[1], 2, "exec", "board")
	}
	job(r.imp.truth(), r.imp.start, r.impEnd, 0, "hset", "catalog-import")
}

// ---- persistence: BGSAVE and AOF rewrites ----

// cow writes a fork child's copy-on-write reports: at verbose every few seconds while it
// works, and at notice when it is done (final), as the pages the writes touch pile up.
func (r *rdLog) cow(tr truth, n, pid int, from, to time.Time, what string, final bool) {
	limit := math.Min(r.usedMB(from)*0.85, r.g.normal(720, 40)) // the pages the writes keep touching
	mb, peak, sum, count := 0.0, 0.0, 0.0, 0
	report := func(t time.Time, lvl byte) {
		cur := int(mb * r.g.normal(1, 0.03))
		cur = max(cur, 0)
		peak = math.Max(peak, float64(cur))
		sum += float64(cur)
		count++
		r.child(tr, n, t, pid, lvl, fmt.Sprintf("Fork CoW for %s: current %d MB, peak %d MB, average %d MB", what, cur, int(peak), int(sum/float64(count))))
	}
	last := from
	next := from.Add(r.ms(900, 2200))
	for next.Before(to) {
		for s := last; s.Before(next); s = s.Add(time.Second) {
			ops, _ := r.writes(s)
			mb = math.Min(limit, mb+(0.35+ops*0.0058)*math.Min(1, next.Sub(s).Seconds()))
		}
		last = next
		report(next, rdV)
		next = next.Add(r.ms(1500, 3600))
	}
	if final {
		ops, _ := r.writes(to)
		mb = math.Min(limit, mb+(0.35+ops*0.0058)*to.Sub(last).Seconds())
		report(to, rdN)
	}
}

// save writes a BGSAVE that succeeds; it returns when the parent has seen it done.
func (r *rdLog) save(tr truth, n int, at time.Time, rule int, d time.Duration) time.Time {
	sp := rdSavePoints[rule]
	r.rs(tr, n, at, rdN, fmt.Sprintf("%d changes in %d seconds. Saving...", int(sp.changes), int(sp.secs)))
	fork := at.Add(r.ms(12, 60))
	pid := r.pid(n, fork)
	r.rs(tr, n, fork, rdN, fmt.Sprintf("Background saving started by pid %d", pid))
	end := fork.Add(d)
	r.child(tr, n, end.Add(-r.ms(2, 9)), pid, rdN, "DB saved on disk")
	r.cow(tr, n, pid, fork, end, "RDB", true)
	done := end.Add(r.ms(20, 140))
	r.rs(tr, n, done, rdN, "Background saving terminated with success")
	return done
}

// failedSave writes a BGSAVE on a full volume.
func (r *rdLog) failedSave(n int, at time.Time, rule int) time.Time {
	tr := incident(rdDiskFull)
	sp := rdSavePoints[rule]
	r.rs(tr, n, at, rdN, fmt.Sprintf("%d changes in %d seconds. Saving...", int(sp.changes), int(sp.secs)))
	fork := at.Add(r.ms(12, 60))
	pid := r.pid(n, fork)
	r.rs(tr, n, fork, rdN, fmt.Sprintf("Background saving started by pid %d", pid))
	end := fork.Add(r.ms(3, 12))
	if r.g.chance(0.7) {
		end = fork.Add(r.ms(150, 1600))
		r.child(tr, n, end, pid, rdW, "Write error while saving DB to the disk(rdbSaveRio): No space left on device")
	} else {
		r.child(tr, n, end, pid, rdW, fmt.Sprintf("Failed opening the temp RDB file temp-%d.rdb (in server root dir /data) for saving: No space left on device", pid))
	}
	done := end.Add(r.ms(20, 130))
	r.rs(tr, n, done, rdW, "Background saving error")
	return done
}

// rewrite writes an automatic AOF rewrite.
func (r *rdLog) rewrite(tr truth, n int, at time.Time, d time.Duration, growth int) time.Time {
	fork := at.Add(r.ms(12, 60))
	end := fork.Add(d)
	done := end.Add(r.ms(20, 120))
	r.aofEvent(n, at, true, func(seq int) {
		pid := r.pid(n, fork)
		r.rs(tr, n, at, rdN, fmt.Sprintf("Starting automatic rewriting of AOF on %d%% growth", growth))
		r.rs(tr, n, at.Add(r.ms(1, 5)), rdN, fmt.Sprintf("Creating AOF incr file appendonly.aof.%d.incr.aof on background rewrite", seq))
		r.rs(tr, n, fork, rdN, fmt.Sprintf("Background append only file rewriting started by pid %d", pid))
		r.child(tr, n, end.Add(-r.ms(2, 9)), pid, rdN, fmt.Sprintf("Successfully created the temporary AOF base file temp-rewriteaof-bg-%d.aof", pid))
		r.cow(tr, n, pid, fork, end, "AOF rewrite", true)
		r.rewriteDone(tr, n, done, pid, seq, false)
	})
	return done
}

// rewriteDone writes the parent's lines at the end of an AOF rewrite.
func (r *rdLog) rewriteDone(tr truth, n int, at time.Time, pid, seq int, tempIncr bool) {
	r.rs(tr, n, at, rdN, "Background AOF rewrite terminated with success")
	r.rs(tr, n, at.Add(r.ms(1, 4)), rdN, fmt.Sprintf("Successfully renamed the temporary AOF base file temp-rewriteaof-bg-%d.aof into appendonly.aof.%d.base.rdb", pid, seq))
	if tempIncr {
		r.rs(tr, n, at.Add(r.ms(4, 6)), rdN, fmt.Sprintf("Successfully renamed the temporary AOF incr file temp-appendonly.aof.incr into appendonly.aof.%d.incr.aof", seq))
	}
	r.rs(tr, n, at.Add(r.ms(6, 9)), rdN, fmt.Sprintf("Removing the history file appendonly.aof.%d.incr.aof in the background", seq-1))
	r.rs(tr, n, at.Add(r.ms(9, 10)), rdN, fmt.Sprintf("Removing the history file appendonly.aof.%d.base.rdb in the background", seq-1))
	r.rs(tr, n, at.Add(r.ms(10, 12)), rdN, "Background AOF rewrite finished successfully")
	r.rs(tr, n, at.Add(r.ms(12, 13)), rdV, fmt.Sprintf("Background AOF rewrite signal handler took %dus", r.g.between(9000, 60000)))
}

// persistence runs one incarnation's serverCron checks a second at a time: the save
// points against the changes since the last save, the AOF's growth since its rewrite.
func (r *rdLog) persistence(n, li int) {
	p := r.pods[n]
	l := p.lives[li]
	from := l.ready
	first := li == 0 && l.boot.Before(r.start)
	if first {
		from = r.start.Add(-20 * time.Minute)
	}
	stop := rdEarlier(l.stop, r.end)
	dirty, lastsave, lastTry, ok := 0.0, from, time.Time{}, true
	aofBase, aofIncr := r.rdbMB(from), 0.0
	if first {
		age := r.ms(20_000, 250_000)
		ops, _ := r.writes(from)
		lastsave, dirty = from.Add(-age), ops*age.Seconds()
		aofIncr = aofBase * (0.15 + 0.8*r.g.rng.Float64())
	}
	diskPod := r.masterAt(r.diskAt)
	saving, saveEnd, before := false, time.Time{}, 0.0
	var busyUntil time.Time
	truthAt := func(at time.Time) truth {
		if !at.Before(r.imp.start) && at.Before(r.impEnd) {
			return r.imp.truth()
		}
		return l.routine(at)
	}
	for t := from; t.Before(stop); t = t.Add(time.Second) {
		ops, bytes := r.writes(t)
		if rdIn(p.nowrites, t) || rdIn(p.idle, t) {
			ops, bytes = 0, 0
		}
		dirty += ops
		aofIncr += bytes / 1e6
		if saving && !t.Before(saveEnd) {
			dirty -= before
			lastsave, saving = saveEnd, false
		}
		if t.Before(busyUntil) || rdIn(p.idle, t) || rdIn(p.busy, t) {
			continue
		}
		disk := n == diskPod && !t.Before(r.diskAt) && t.Before(r.diskFix)
		rule := -1
		for i, sp := range rdSavePoints {
			if dirty >= sp.changes && t.Sub(lastsave).Seconds() > sp.secs && (ok || t.Sub(lastTry) > 5*time.Second) {
				rule = i
				break
			}
		}
		at := t.Add(r.ms(0, 990))
		if rule >= 0 && disk {
			busyUntil = r.failedSave(n, at, rule)
			lastTry, ok = at, false
			continue
		}
		heavy := 1.0
		if ops > 1000 {
			heavy = 1.3
		}
		if rule >= 0 {
			d := r.secs(r.rdbMB(at) / r.g.normal(125, 9) * heavy)
			if rdOverlaps(p.busy, at.Add(-8*time.Second), at.Add(d+2*time.Second)) {
				continue
			}
			tr := truthAt(at)
			if n == diskPod && !ok && !at.Before(r.diskFix) {
				tr = incident(rdDiskFull)
			}
			busyUntil = r.save(tr, n, at, rule, d)
			saving, saveEnd, before = true, busyUntil, dirty
			lastTry, ok = at, true
			continue
		}
		if aofIncr >= aofBase && ok && !disk {
			d := r.secs(r.rdbMB(at) / r.g.normal(72, 5) * heavy)
			if rdOverlaps(p.busy, at.Add(-8*time.Second), at.Add(d+2*time.Second)) {
				continue
			}
			growth := int((aofBase+aofIncr)*100/aofBase) - 100
			busyUntil = r.rewrite(truthAt(at), n, at, d, growth)
			aofBase, aofIncr = r.rdbMB(at), 0
		}
	}
}

// ---- incidents and changes ----

// diskFull: the primary's volume is full from diskAt until it is expanded at diskFix;
// the failing saves are persistence's.
func (r *rdLog) diskFull() {
	tr := incident(rdDiskFull)
	n := r.masterAt(r.diskAt)
	for t := r.diskAt; t.Before(r.diskFix); t = t.Add(31*time.Second + r.ms(0, 900)) {
		r.rs(tr, n, t, rdW, "Error writing to the AOF file: No space left on device")
	}
	r.rs(tr, n, r.diskFix.Add(r.ms(30, 980)), rdW, "AOF write error looks solved, Redis can write again.")
}

// stall: one fsync of the primary's AOF takes over two seconds.
func (r *rdLog) stall() {
	r.rs(incident(rdFsyncStall), r.masterAt(r.stallAt), r.stallAt, rdN, rdFsync)
}

// startRedis writes a Redis process's start: the banner, and the load of its AOF
// (truncated: the tail a power loss cut), or the creation of an empty one.
func (r *rdLog) startRedis(tr truth, n int, l *rdLife, truncated bool) {
	t := l.boot
	c := func(d int, lvl byte, msg string) {
		t = t.Add(r.ms(0, d))
		r.line(tr, n, t, 1, 'C', lvl, msg)
	}
	c(1, rdW, rdOvercommit)
	c(1, rdN, "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
	c(1, rdN, fmt.Sprintf("Redis version=%s, bits=64, commit=00000000, modified=0, pid=1, just started", l.version))
	c(2, rdN, "Configuration loaded")
	s := func(d int, lvl byte, msg string) {
		t = t.Add(r.ms(0, d))
		r.rs(tr, n, t, lvl, msg)
	}
	s(2, rdN, "monotonic clock: POSIX clock_gettime")
	s(2, rdN, "Running mode=standalone, port=6379.")
	s(3, rdN, "Server initialized")
	if len(r.pods[n].lives) == 1 && n == 3 {
		at := t
		r.aofEvent(n, at, true, func(seq int) {
			r.rs(tr, n, at.Add(r.ms(1, 3)), rdN, fmt.Sprintf("Creating AOF base file appendonly.aof.%d.base.rdb on server start", seq))
			r.rs(tr, n, at.Add(r.ms(4, 6)), rdN, fmt.Sprintf("Creating AOF incr file appendonly.aof.%d.incr.aof on server start", seq))
			r.rs(tr, n, at.Add(r.ms(7, 9)), rdN, "Ready to accept connections tcp")
		})
		return
	}
	at := t
	ready := l.ready
	keys := r.keysTotal(l.boot) - r.g.between(0, 2000)
	baseAge := r.g.between(900, 7000)
	baseSecs := ready.Sub(at).Seconds() * r.g.normal(0.82, 0.04)
	used := r.usedMB(l.boot.Add(-time.Duration(baseAge) * time.Second))
	cut := r.g.between(20_000_000, 90_000_000)
	r.aofEvent(n, at, false, func(seq int) {
		a := at.Add(r.ms(1, 3))
		r.rs(tr, n, a, rdN, "Reading RDB base file on AOF loading...")
		r.rs(tr, n, a.Add(r.ms(0, 1)), rdN, "Loading RDB produced by version 7.2.4")
		r.rs(tr, n, a.Add(r.ms(1, 2)), rdN, fmt.Sprintf("RDB age %d seconds", baseAge))
		r.rs(tr, n, a.Add(r.ms(2, 3)), rdN, fmt.Sprintf("RDB memory usage when created %.2f Mb", used))
		r.rs(tr, n, a.Add(r.ms(3, 4)), rdN, "RDB is base AOF")
		b := a.Add(r.secs(baseSecs))
		r.rs(tr, n, b, rdN, fmt.Sprintf("Done loading RDB, keys loaded: %d, keys expired: %d.", keys, r.g.between(0, 900)))
		r.rs(tr, n, b.Add(r.ms(0, 1)), rdN, fmt.Sprintf("DB loaded from base file appendonly.aof.%d.base.rdb: %.3f seconds", seq, baseSecs))
		incrSecs := ready.Sub(b).Seconds() - 0.01
		e := ready.Add(-r.ms(2, 6))
		if truncated {
			r.rs(tr, n, e.Add(-r.ms(2, 3)), rdW, fmt.Sprintf("!!! Warning: short read while loading the AOF file appendonly.aof.%d.incr.aof!!!", seq))
			r.rs(tr, n, e.Add(-r.ms(1, 2)), rdW, fmt.Sprintf("!!! Truncating the AOF appendonly.aof.%d.incr.aof at offset %d !!!", seq, cut))
			r.rs(tr, n, e.Add(-r.ms(0, 1)), rdW, fmt.Sprintf("AOF appendonly.aof.%d.incr.aof loaded anyway because aof-load-truncated is enabled", seq))
		}
		r.rs(tr, n, e, rdN, fmt.Sprintf("DB loaded from incr file appendonly.aof.%d.incr.aof: %.3f seconds", seq, incrSecs))
		r.rs(tr, n, e.Add(r.ms(0, 1)), rdN, fmt.Sprintf("DB loaded from append only file: %.3f seconds", ready.Sub(at).Seconds()-0.006))
		r.rs(tr, n, e.Add(r.ms(1, 2)), rdN, fmt.Sprintf("Opening AOF incr file appendonly.aof.%d.incr.aof on server start", seq))
		r.rs(tr, n, ready, rdN, "Ready to accept connections tcp")
	})
}

// startSentinel writes a Sentinel's start as a pod comes up, and what the Sentinels see
// of each other: the new one discovers the replicas and the other Sentinels, they see
// its ID (replacing the old one's if it has a new one).
func (r *rdLog) startSentinel(tr truth, n int, l *rdLife, oldID string, ownFired time.Time) {
	t := l.sboot
	m := r.masterAt(t)
	x := func(d int, lvl byte, msg string) {
		t = t.Add(r.ms(0, d))
		r.sen(tr, n, t, lvl, msg)
	}
	x(1, rdW, rdOvercommit)
	x(1, rdN, "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
	x(1, rdN, fmt.Sprintf("Redis version=%s, bits=64, commit=00000000, modified=0, pid=1, just started", l.version))
	x(2, rdN, "Configuration loaded")
	x(2, rdN, "monotonic clock: POSIX clock_gettime")
	x(2, rdN, "Running mode=sentinel, port=26379.")
	x(3, rdN, "Sentinel ID is "+l.sentID)
	x(2, rdW, "+monitor master "+r.mstr(m)+" quorum 2")
	// Its links to every Redis.
	for q := range r.pods {
		if q != n && r.serving(q, l.sboot) {
			r.sentinelLinksOpened(tr, q, n, l.sboot.Add(r.ms(40, 900)))
		}
	}
	// The replicas the master's INFO lists.
	at := l.sboot.Add(r.ms(600, 1500))
	for q := range r.pods {
		if q != n && q != m && r.serving(q, at) && r.role(q, at) == 'S' {
			r.sen(tr, n, at, rdN, "+slave "+r.slave(q, m))
			r.saved(tr, n, at.Add(r.ms(0, 2)))
			at = at.Add(r.ms(2, 6))
		}
	}
	own := ownFired.Add(r.ms(200, 9800))
	r.sen(tr, n, own, rdN, "+slave "+r.slave(n, m))
	r.saved(tr, n, own.Add(r.ms(0, 2)))
	// Hello messages.
	at = l.sboot.Add(r.ms(1200, 2400))
	for q := range r.pods {
		if q == n || !r.sentinelUp(q, at) {
			continue
		}
		r.sen(tr, n, at, rdN, "+sentinel "+r.sentinel(q, r.pods[q].life(at).sentID, m))
		r.saved(tr, n, at.Add(r.ms(0, 2)))
		at = at.Add(r.ms(10, 900))
		seen := l.sboot.Add(r.ms(1000, 2600))
		if oldID != "" && oldID != l.sentID {
			r.sen(tr, q, seen, rdN, "+sentinel-invalid-addr "+r.sentinel(n, oldID, m))
		}
		if oldID == l.sentID {
			r.sen(tr, q, seen, rdW, "-sdown "+r.sentinel(n, oldID, m))
			continue
		}
		r.sen(tr, q, seen.Add(r.ms(0, 1)), rdN, "+sentinel "+r.sentinel(n, l.sentID, m))
		r.saved(tr, q, seen.Add(r.ms(1, 3)))
	}
	r.saved(tr, n, at)
	r.sen(tr, n, at.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+new-epoch %d", r.epochAt(at)))
}

// shutdown writes a pod's containers stopping on SIGTERM.
func (r *rdLog) shutdown(tr truth, n int, l *rdLife) {
	t := l.sstop.Add(-r.ms(3, 5))
	r.sen(tr, n, t, rdW, "Received SIGTERM scheduling shutdown...")
	r.sen(tr, n, t.Add(r.ms(1, 2)), rdN, "User requested shutdown...")
	r.sen(tr, n, l.sstop, rdW, "Sentinel is now ready to exit, bye bye...")
	t = l.stop.Add(r.ms(0, 30))
	r.rs(tr, n, t, rdW, "Received SIGTERM scheduling shutdown...")
	r.rs(tr, n, t.Add(r.ms(40, 100)), rdN, "User requested shutdown...")
	r.rs(tr, n, t.Add(r.ms(100, 110)), rdN, "Calling fsync() on the AOF file.")
	r.rs(tr, n, t.Add(r.ms(110, 150)), rdN, "Saving the final RDB snapshot before exiting.")
	r.rs(tr, n, l.exit.Add(-r.ms(3, 6)), rdN, "DB saved on disk")
	r.rs(tr, n, l.exit.Add(-r.ms(1, 2)), rdN, "Removing the pid file.")
	r.rs(tr, n, l.exit, rdW, "Redis is now ready to exit, bye bye...")
}

// partialResync writes replica n reconfigured by Sentinel s to replicate master m, and the
// master accepting its PSYNC.
func (r *rdLog) partialResync(tr truth, n, m, s int, at time.Time, wasMaster bool, replid string, off int64, newID string) {
	t := at
	x := func(d int, lvl byte, msg string) {
		t = t.Add(r.ms(0, d))
		r.rs(tr, n, t, lvl, msg)
	}
	mh := r.pods[m].host
	if wasMaster {
		x(1, rdN, "Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.")
	} else {
		x(1, rdN, "Connection with master lost.")
		x(1, rdN, "Caching the disconnected master state.")
	}
	x(1, rdN, fmt.Sprintf("Connecting to MASTER %s:6379", mh))
	x(1, rdN, "MASTER <-> REPLICA sync started")
	t = t.Add(r.ms(0, 1))
	r.sentinelExec(tr, n, s, t, "REPLICAOF "+mh+":6379 enabled (user request from '%s')")
	x(3, rdN, "CONFIG REWRITE executed with success.")
	x(3, rdN, "Non blocking connect for SYNC fired the event.")
	fired := t
	x(2, rdN, "Master replied to PING, replication can continue...")
	x(2, rdN, fmt.Sprintf("Trying a partial resynchronization (request %s:%d).", replid, off))
	ask := t.Add(r.ms(0, 1))
	x(2, rdN, "Successful partial resynchronization with master.")
	x(1, rdN, "Master replication ID changed to "+newID)
	x(1, rdN, "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.")
	ip, port := r.ip(n, at), r.port()
	backlog := 0
	if r.g.chance(0.4) {
		backlog = r.g.between(60, 9000)
	}
	r.open(m, fired, func(int) {
		r.rs(tr, m, fired, rdV, fmt.Sprintf("Accepted %s:%d", ip, port))
		r.rs(tr, m, ask, rdN, fmt.Sprintf("Replica %s:6379 asks for synchronization", r.pods[n].host))
		r.rs(tr, m, ask.Add(r.ms(0, 1)), rdN, fmt.Sprintf("Partial resynchronization request from %s:6379 accepted. Sending %d bytes of backlog starting from offset %d.", r.pods[n].host, backlog, off))
	})
}

// writeFailover writes a Sentinel failover: the Sentinels' events, the promotion, the
// replicas reconfigured.
func (r *rdLog) writeFailover(tr truth, f *rdFailover) {
	lead := r.pods[f.lead].life(f.wait).sentID
	from, to := f.from, f.to
	ld := func(at time.Time, lvl byte, msg string) { r.sen(tr, f.lead, at, lvl, msg) }
	if f.planned {
		ld(f.odown, rdN, "Executing user requested FAILOVER of 'mymaster'")
		ld(f.odown.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+new-epoch %d", f.epoch))
		ld(f.odown.Add(r.ms(1, 2)), rdW, "+try-failover master "+r.mstr(from))
	} else {
		deadID := r.pods[from].life(f.odown).sentID
		for s := range r.pods {
			if f.sdown[s].IsZero() {
				continue
			}
			r.sen(tr, s, f.sdown[s], rdW, "+sdown master "+r.mstr(from))
			r.sen(tr, s, f.sdown[s].Add(r.ms(0, 700)), rdW, "+sdown "+r.sentinel(from, deadID, from))
		}
		voter := r.pods[f.voter].life(f.odown).sentID
		ld(f.odown, rdW, "+odown master "+r.mstr(from)+" #quorum 2/2")
		ld(f.odown.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+new-epoch %d", f.epoch))
		ld(f.odown.Add(r.ms(1, 2)), rdW, "+try-failover master "+r.mstr(from))
		vt := f.odown.Add(r.ms(3, 40))
		r.saved(tr, f.voter, vt)
		r.sen(tr, f.voter, vt.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+new-epoch %d", f.epoch))
		r.saved(tr, f.voter, vt.Add(r.ms(1, 2)))
		r.sen(tr, f.voter, vt.Add(r.ms(2, 3)), rdW, fmt.Sprintf("+vote-for-leader %s %d", lead, f.epoch))
		ld(vt.Add(r.ms(4, 30)), rdN, fmt.Sprintf("%s voted for %s %d", voter, lead, f.epoch))
		r.sen(tr, f.voter, f.voterOdown, rdW, "+odown master "+r.mstr(from)+" #quorum 2/2")
		next := vt.Add(120*time.Second + r.ms(0, 1000))
		r.sen(tr, f.voter, f.voterOdown.Add(r.ms(0, 1)), rdN, "Next failover delay: I will not start a failover before "+next.Format("Mon Jan _2 15:04:05 2006"))
	}
	r.saved(tr, f.lead, f.wait)
	ld(f.wait.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+vote-for-leader %s %d", lead, f.epoch))
	ld(f.wait.Add(r.ms(1, 2)), rdW, "+elected-leader master "+r.mstr(from))
	ld(f.wait.Add(r.ms(2, 3)), rdW, "+failover-state-select-slave master "+r.mstr(from))
	ld(f.wait.Add(r.ms(3, 4)), rdW, "+selected-slave "+r.slave(to, from))
	ld(f.wait.Add(r.ms(4, 5)), rdN, "+failover-state-send-slaveof-noone "+r.slave(to, from))
	ld(f.promote.Add(-r.ms(1, 3)), rdN, "+failover-state-wait-promotion "+r.slave(to, from))

	// The promotion.
	p := f.promote
	r.rs(tr, to, p, rdN, "Connection with master lost.")
	r.rs(tr, to, p.Add(r.ms(0, 1)), rdN, "Caching the disconnected master state.")
	r.rs(tr, to, p.Add(r.ms(1, 2)), rdN, "Discarding previously cached master state.")
	r.rs(tr, to, p.Add(r.ms(2, 3)), rdN, fmt.Sprintf("Setting secondary replication ID to %s, valid up to offset: %d. New replication ID is %s", f.fromID, r.offset(p)+1, f.toID))
	r.sentinelExec(tr, to, f.lead, p.Add(r.ms(3, 4)), "MASTER MODE enabled (user request from '%s')")
	r.rs(tr, to, p.Add(r.ms(5, 9)), rdN, "CONFIG REWRITE executed with success.")

	r.saved(tr, f.lead, f.seen)
	ld(f.seen.Add(r.ms(0, 1)), rdW, "+promoted-slave "+r.slave(to, from))
	ld(f.seen.Add(r.ms(1, 2)), rdW, "+failover-state-reconf-slaves master "+r.mstr(from))
	for i, o := range f.others {
		ld(f.sent[i], rdN, "+slave-reconf-sent "+r.slave(o, from))
		at := f.sent[i].Add(r.ms(2, 15))
		r.partialResync(tr, o, to, f.lead, at, false, f.fromID, r.offset(p)+1, f.toID)
		if f.planned {
			r.rs(tr, from, at.Add(r.ms(1, 4)), rdN, fmt.Sprintf("Connection with replica %s:6379 lost.", r.pods[o].host))
		}
		ld(f.prog[i], rdN, "+slave-reconf-inprog "+r.slave(o, from))
		ld(f.done[i], rdN, "+slave-reconf-done "+r.slave(o, from))
	}
	sw := f.switchAt
	if !f.planned {
		ld(sw.Add(-r.ms(2, 3)), rdW, "-odown master "+r.mstr(from))
	}
	ld(sw.Add(-r.ms(1, 2)), rdW, "+failover-end master "+r.mstr(from))
	swm := fmt.Sprintf("+switch-master mymaster %s 6379 %s 6379", r.pods[from].host, r.pods[to].host)
	replicas := append(slices.Clone(f.others), from)
	announce := func(s int, at time.Time) {
		r.sen(tr, s, at, rdW, swm)
		for _, q := range replicas {
			at = at.Add(r.ms(0, 1))
			r.sen(tr, s, at, rdN, "+slave "+r.slave(q, to))
		}
		r.saved(tr, s, at.Add(r.ms(1, 4)))
		if !f.planned {
			r.sen(tr, s, at.Add(15*time.Second+r.ms(50, 900)), rdW, "+sdown "+r.slave(from, to))
		}
	}
	announce(f.lead, sw)
	for s := range r.pods {
		if s == f.lead || s == from && !f.planned || !r.sentinelUp(s, sw) {
			continue
		}
		at := sw.Add(r.ms(200, 2100))
		if s != f.voter {
			r.saved(tr, s, at)
			r.sen(tr, s, at.Add(r.ms(0, 1)), rdW, fmt.Sprintf("+new-epoch %d", f.epoch))
		}
		r.sen(tr, s, at.Add(r.ms(1, 2)), rdW, "+config-update-from "+r.sentinel(f.lead, lead, from))
		announce(s, at.Add(r.ms(2, 3)))
	}
	if f.planned {
		ld(f.convert, rdN, "+convert-to-slave "+r.slave(from, to))
		r.partialResync(tr, from, to, f.lead, f.convert.Add(r.ms(2, 25)), true, f.fromID, f.fromOffset+r.offset(f.promote)-f.fromOffset+1, f.toID)
	}
	r.reconnects(tr, to, sw)
}

// restartLines writes a pod's new incarnation coming up: Redis, Sentinel, what the other
// Sentinels see, the Sentinels' links, the catalog pools once it is in sync.
func (r *rdLog) restartLines(tr truth, n int, old, l *rdLife, s *rdSync, truncated bool) {
	r.startRedis(tr, n, l, truncated)
	oldID := ""
	if old != nil {
		oldID = old.sentID
	}
	r.startSentinel(tr, n, l, oldID, s.attempts[0].fired)
	m := r.masterAt(l.boot)
	for q := range r.pods {
		if q == n || !r.sentinelUp(q, l.boot) {
			continue
		}
		if old != nil {
			back := l.boot.Add(r.ms(900, 2000))
			r.sen(tr, q, back, rdW, "-sdown "+r.slave(n, m))
			if oldID != l.sentID {
				r.sen(tr, q, back.Add(r.ms(1000, 9000)), rdN, "+reboot "+r.slave(n, m))
			}
		}
		r.sentinelLinksOpened(tr, n, q, l.boot.Add(r.ms(900, 2000)))
	}
	r.sentinelLinksOpened(tr, n, n, l.sboot.Add(r.ms(900, 2000)))
	r.poolWarm(tr, n, s.synced, r.g.between(8, 14))
}

func (r *rdLog) syncOf(n int, after time.Time) *rdSync {
	for _, s := range r.syncs {
		if s.rp == n && s.attempts[0].connect.After(after) {
			return s
		}
	}
	return nil
}

// upgradeLines writes the rolling upgrade.
func (r *rdLog) upgradeLines() {
	tr := r.upgrade.truth()
	for _, n := range []int{2, 1, 0} {
		p := r.pods[n]
		k := 0
		for k < len(p.lives) && !p.lives[k].boot.After(r.upgrade.start) {
			k++
		}
		old, l := p.lives[k-1], p.lives[k]
		if n == 0 {
			r.writeFailover(tr, r.planned)
		}
		r.shutdown(tr, n, old)
		m := r.masterAt(old.stop)
		for s := range r.pods {
			if s == n || !r.sentinelUp(s, old.stop) {
				continue
			}
			at := old.stop.Add(15*time.Second + r.ms(50, 1000))
			r.sen(tr, s, at, rdW, "+sdown "+r.slave(n, m))
			r.sen(tr, s, at.Add(r.ms(0, 300)), rdW, "+sdown "+r.sentinel(n, old.sentID, m))
		}
		for q := range r.pods {
			r.sentinelLinksClosed(tr, q, n, old.sstop)
		}
		r.rs(tr, r.masterAt(old.exit), old.exit.Add(r.ms(0, 3)), rdN, fmt.Sprintf("Connection with replica %s:6379 lost.", p.host))
		r.restartLines(tr, n, old, l, r.syncOf(n, l.boot), false)
	}
}

// lostLines writes the primary's node dying, the failover, the node's return.
func (r *rdLog) lostLines() {
	tr := incident(rdNodeLost)
	f := r.unplanned
	r.writeFailover(tr, f)
	p := r.pods[f.from]
	l := p.lives[len(p.lives)-1]
	old := p.lives[len(p.lives)-2]
	// The catalog pools the promotion's CLIENT KILL cut reconnect to the other replica.
	for _, o := range f.others {
		r.poolWarm(tr, o, f.promote.Add(r.ms(100, 800)), r.g.between(8, 12))
	}
	r.restartLines(tr, f.from, old, l, r.syncOf(f.from, l.boot), true)
}

// scaleLines writes redis-node-3 joining.
func (r *rdLog) scaleLines() {
	tr := r.scale.truth()
	l := r.pods[3].lives[0]
	s := r.syncOf(3, l.boot)
	r.restartLines(tr, 3, nil, l, s, false)
	m := r.masterAt(l.boot)
	for q := 0; q < 3; q++ {
		at := s.attempts[0].fired.Add(r.ms(200, 9800))
		r.sen(tr, q, at, rdN, "+slave "+r.slave(3, m))
		r.saved(tr, q, at.Add(r.ms(0, 2)))
	}
}

// blipLines writes redis-node-0 cut off: the Sentinels, the timeouts on both sides, the
// reconnection; the resync loop is its sync's.
func (r *rdLog) blipLines() {
	tr := incident(rdResyncLoop)
	m := r.masterAt(r.blipAt)
	p := r.pods[0]
	sd := r.blipAt.Add(15*time.Second + r.ms(30, 900))
	back := r.blipEnd.Add(r.ms(100, 1500))
	id0 := p.life(r.blipAt).sentID
	for s := 1; s < len(r.pods); s++ {
		at := sd.Add(r.ms(0, 600))
		r.sen(tr, s, at, rdW, "+sdown "+r.slave(0, m))
		r.sen(tr, s, at.Add(r.ms(0, 300)), rdW, "+sdown "+r.sentinel(0, id0, m))
		bt := back.Add(r.ms(0, 900))
		r.sen(tr, s, bt, rdW, "-sdown "+r.slave(0, m))
		r.sen(tr, s, bt.Add(r.ms(0, 300)), rdW, "-sdown "+r.sentinel(0, id0, m))
	}
	at, bt := sd, back
	r.sen(tr, 0, at, rdW, "+sdown master "+r.mstr(m))
	r.sen(tr, 0, bt, rdW, "-sdown master "+r.mstr(m))
	for s := 1; s < len(r.pods); s++ {
		if s != m {
			at, bt = at.Add(r.ms(0, 300)), bt.Add(r.ms(0, 300))
			r.sen(tr, 0, at, rdW, "+sdown "+r.slave(s, m))
			r.sen(tr, 0, bt, rdW, "-sdown "+r.slave(s, m))
		}
	}
	for s := 1; s < len(r.pods); s++ {
		at, bt = at.Add(r.ms(0, 300)), bt.Add(r.ms(0, 300))
		id := r.pods[s].life(r.blipAt).sentID
		r.sen(tr, 0, at, rdW, "+sdown "+r.sentinel(s, id, m))
		r.sen(tr, 0, bt, rdW, "-sdown "+r.sentinel(s, id, m))
	}
	to := r.blipTimeout
	r.rs(tr, m, to.Add(r.ms(0, 400)), rdW, "Disconnecting timedout replica (streaming sync): "+p.host+":6379")
	r.rs(tr, m, to.Add(r.ms(400, 410)), rdN, "Connection with replica "+p.host+":6379 lost.")
	r.rs(tr, 0, to, rdW, "MASTER timeout: no data nor PING received...")
	r.rs(tr, 0, to.Add(r.ms(0, 1)), rdN, "Connection with master lost.")
	r.rs(tr, 0, to.Add(r.ms(1, 2)), rdN, "Caching the disconnected master state.")
	r.poolWarm(tr, 0, r.syncOf(0, r.blipAt).synced, r.g.between(4, 8))
}

// writeSync writes a full synchronization, both sides, attempt by attempt.
func (r *rdLog) writeSync(s *rdSync) {
	tr, m, rp := s.tr, s.m, s.rp
	mh, rh := r.pods[m].host, r.pods[rp].host
	for i, a := range s.attempts {
		if i == 0 {
			r.rs(tr, rp, a.connect, rdN, fmt.Sprintf("Connecting to MASTER %s:6379", mh))
		} else {
			r.rs(tr, rp, a.connect, rdN, fmt.Sprintf("Reconnecting to MASTER %s:6379 after failure", mh))
		}
		r.rs(tr, rp, a.connect.Add(r.ms(0, 1)), rdN, "MASTER <-> REPLICA sync started")
		r.rs(tr, rp, a.fired, rdN, "Non blocking connect for SYNC fired the event.")
		r.rs(tr, rp, a.fired.Add(r.ms(1, 2)), rdN, "Master replied to PING, replication can continue...")
		cached := i == 0 && s.cached != ""
		if cached {
			r.rs(tr, rp, a.psync, rdN, fmt.Sprintf("Trying a partial resynchronization (request %s).", s.cached))
		} else {
			r.rs(tr, rp, a.psync, rdN, "Partial resynchronization not possible (no cached master)")
		}
		full := a.bgsave.Add(r.ms(1, 4))
		r.rs(tr, rp, full, rdN, fmt.Sprintf("Full resync from master: %s:%d", r.replID(a.bgsave), r.offset(a.bgsave)))
		if cached {
			r.rs(tr, rp, full.Add(r.ms(0, 1)), rdN, "Discarding previously cached master state.")
		}
		r.rs(tr, rp, full.Add(r.ms(1, 40)), rdN, "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk")

		// The master's side.
		ip, port := r.ip(rp, a.fired), r.port()
		ask := a.psync.Add(r.ms(0, 2))
		r.open(m, a.fired, func(id int) {
			r.rs(tr, m, a.fired.Add(-r.ms(0, 1)), rdV, fmt.Sprintf("Accepted %s:%d", ip, port))
			r.rs(tr, m, ask, rdN, fmt.Sprintf("Replica %s:6379 asks for synchronization", rh))
			if cached && s.lack {
				var off int64
				fmt.Sscanf(s.cached[41:], "%d", &off)
				r.rs(tr, m, ask.Add(r.ms(0, 1)), rdN, fmt.Sprintf("Unable to partial resync with replica %s:6379 for lack of backlog (Replica request was: %d).", rh, off))
			} else {
				r.rs(tr, m, ask.Add(r.ms(0, 1)), rdN, fmt.Sprintf("Full resync requested by replica %s:6379", rh))
			}
			r.rs(tr, m, ask.Add(r.ms(1, 2)), rdN, "Delay next BGSAVE for diskless SYNC")
			if a.cut {
				omem := r.g.between(67_110_000, 69_900_000)
				c := rdClient{id: id, addr: fmt.Sprintf("%s:%d", ip, port), laddr: r.ip(m, a.end) + ":6379", fd: r.g.between(20, 90),
					age: int(a.end.Unix() - a.fired.Unix()), flags: "S", multi: -1, rbs: 1024, rbp: 1024, oll: omem / 16384, omem: omem,
					events: "r", cmd: "psync", user: "default"}
				r.rs(tr, m, a.end, rdW, "Client "+c.String()+" scheduled to be closed ASAP for overcoming of output buffer limits.")
			}
		})
		r.rs(tr, m, a.bgsave, rdN, "Starting BGSAVE for SYNC with target: replicas sockets")
		fork := a.bgsave.Add(r.ms(12, 50))
		pid := r.pid(m, fork)
		r.rs(tr, m, fork, rdN, fmt.Sprintf("Background RDB transfer started by pid %d", pid))
		if a.cut {
			r.cow(tr, m, pid, fork, a.end, "RDB", false)
			r.rs(tr, m, a.end.Add(r.ms(0, 1)), rdN, "Connection with replica "+rh+":6379 lost.")
			r.rs(tr, m, a.end.Add(r.ms(2, 9)), rdW, "Diskless rdb transfer, last replica dropped, killing fork child.")
			r.rs(tr, m, a.end.Add(r.ms(90, 250)), rdW, "Background transfer terminated by signal 10")
			r.rs(tr, rp, a.end.Add(r.ms(1, 4)), rdW, "I/O error trying to sync with MASTER: connection lost")
			continue
		}
		r.cow(tr, m, pid, fork, a.end.Add(-r.ms(5, 20)), "RDB", true)
		r.rs(tr, m, a.end, rdN, "Diskless rdb transfer, done reading from pipe, 1 replicas still up.")
		done := a.end.Add(r.ms(30, 160))
		r.rs(tr, m, done, rdN, "Background RDB transfer terminated with success")
		r.rs(tr, m, done.Add(r.ms(0, 1)), rdN, "Streamed RDB transfer with replica "+rh+":6379 succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming")
		r.rs(tr, m, s.synced, rdN, "Synchronization with replica "+rh+":6379 succeeded")

		// The replica loads it.
		flush := a.end.Add(r.ms(1, 20))
		r.rs(tr, rp, flush, rdN, "MASTER <-> REPLICA sync: Flushing old data")
		load := flush.Add(r.ms(800, 2600))
		r.rs(tr, rp, load, rdN, "MASTER <-> REPLICA sync: Loading DB in memory")
		r.rs(tr, rp, load.Add(r.ms(0, 1)), rdN, "Loading RDB produced by version "+r.pods[m].life(a.bgsave).version)
		r.rs(tr, rp, load.Add(r.ms(1, 2)), rdN, fmt.Sprintf("RDB age %d seconds", int(a.end.Sub(a.bgsave).Seconds())))
		r.rs(tr, rp, load.Add(r.ms(2, 3)), rdN, fmt.Sprintf("RDB memory usage when created %.2f Mb", r.usedMB(a.bgsave)))
		r.rs(tr, rp, s.loaded, rdN, fmt.Sprintf("Done loading RDB, keys loaded: %d, keys expired: %d.", r.keysTotal(a.bgsave), r.g.between(0, 60)))
		r.rs(tr, rp, s.loaded.Add(r.ms(0, 1)), rdN, "MASTER <-> REPLICA sync: Finished with success")
		// The replica turns its AOF back on: a rewrite.
		at := s.loaded.Add(r.ms(1, 3))
		fork2 := at.Add(r.ms(10, 40))
		end := s.rewritten.Add(-r.ms(30, 100))
		r.aofEvent(rp, at, true, func(seq int) {
			pid := r.pid(rp, fork2)
			r.rs(tr, rp, at, rdN, "Creating AOF incr file temp-appendonly.aof.incr on background rewrite")
			r.rs(tr, rp, fork2, rdN, fmt.Sprintf("Background append only file rewriting started by pid %d", pid))
			r.child(tr, rp, end.Add(-r.ms(2, 9)), pid, rdN, fmt.Sprintf("Successfully created the temporary AOF base file temp-rewriteaof-bg-%d.aof", pid))
			r.cow(tr, rp, pid, fork2, end, "AOF rewrite", true)
			r.rewriteDone(tr, rp, s.rewritten, pid, seq, true)
		})
	}
}
