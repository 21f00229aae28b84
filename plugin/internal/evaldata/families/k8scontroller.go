package families

import (
	"fmt"
	"strings"
	"time"
)

// k8sController is a Kubernetes operator built on controller-runtime, managing Postgres
// databases (Database, DatabaseUser and Backup resources of db.acme.io), writing klog
// text lines with structured key=value pairs
// (`I0319 14:00:00.123456       1 database_controller.go:71] "Reconciling Database" controller="database" ...`),
// W and E lines among them, and the odd line of Go's standard logger from its webhook
// server.
//
// Normal traffic: reconciles of 320 Databases (each every 5 minutes, and on about 2 events
// a second from its pods; some update the status, three degraded ones warn every time)
// and 400 DatabaseUsers (every 10 minutes, a password rotated now and then); hourly
// Backups for every Database (created by the database controller, a Job started,
// polled every 30 s for a few minutes, completed, the one of yesterday deleted); a
// resync of every object every 10 minutes (a burst of a few seconds); the leader lease
// renewed every 10 s; a fleet status every minute; a routine update conflict now and
// then; watches of the informers ending with an error and their caches populated again;
// TLS handshakes of health checks ending in EOF on the webhook port.
//
// Benign changes: a GitOps rollout at 0:50 creating 120 Databases in 12 new namespaces
// over 3 minutes (finalizers, secrets, services, statefulsets, waiting for ready), whose
// lines carry new names from then on; the resync period changed from 10 to 3 minutes at
// 1:40 (bursts three times as often); log verbosity raised from 2 to 4 at 2:20 (V(4)
// lines: "Desired state matches" on every reconcile that changes nothing, informers'
// "Watch close" lines).
//
// Incidents: a Backup reconcile error storm at 0:25 for 12 minutes (every Backup's
// reconcile failing with update conflicts or object-store timeouts, retried with
// exponential backoff); the leader lease lost at 1:15 (lock updates timing out, the
// manager stopping, the container restarting, the lease acquired again some 40 s later,
// caches and workers started); client-side throttling climbing from 2:00 for 18 minutes
// (a Database whose status update re-triggers its own reconcile eats the client's QPS;
// "Waited for 1.2s due to client-side throttling" lines grow from 1 s to 9 s and
// become frequent; the throttled reconciles take that much longer; it ends when the
// Database is paused by annotation); the webhook serving certificate expiring at 2:35
// (an error once, then every minute, and the API server's failed TLS handshakes).
var k8sController = Family{
	Name:    "k8s-controller",
	Role:    Tuning,
	Service: "Kubernetes operator (controller-runtime), klog text lines with structured key=value pairs",
	Lines:   k8sLines,
}

const (
	k8sBackupStorm = "Backup reconcile error storm (conflicts, timeouts)"
	k8sLeaderLost  = "leader lease lost, manager restart, lease acquired again"
	k8sThrottling  = "client-side throttling climbing (hot-looping Database)"
	k8sWebhookCert = "webhook serving certificate expired"
)

type k8sObject struct {
	kind, ns, name string
	tr             truth // the truth of the lines about it
	since          time.Time
	replicas       int
	degraded       bool
}

type k8sLog struct {
	g *gen
	j *journal

	start                     time.Time
	rollout, resync, verbose  change
	stormAt, stormEnd, lostAt time.Time
	exitAt, upAt, leaderAt    time.Time
	hotAt, hotEnd, certAt     time.Time
	dbs, users                []*k8sObject
	hot                       *k8sObject
	pod                       string
}

const (
	k8sLease    = "db-operator-system/db-operator-lock"
	k8sAPI      = "https://10.96.0.1:443"
	k8sReflect  = "pkg/mod/k8s.io/client-go@v0.29.2/tools/cache/reflector.go:229"
	k8sCertPath = "/tmp/k8s-webhook-server/serving-certs/tls.crt"
)

var k8sInformers = []string{"*v1.Database", "*v1.DatabaseUser", "*v1.Backup", "*v1.StatefulSet", "*v1.Service", "*v1.Secret", "*v1.Job", "*v1.Pod"}

func k8sLines(seed int64) []Line {
	start := time.Date(2024, 3, 19, 14, 0, 0, 0, time.UTC)
	k := &k8sLog{
		g:        newGen(seed, 12),
		j:        &journal{},
		start:    start,
		rollout:  change{"GitOps rollout of 120 Databases in new namespaces", start.Add(50 * time.Minute)},
		resync:   change{"resync period 10m -> 3m", start.Add(100*time.Minute + 417_322*time.Microsecond)},
		verbose:  change{"log verbosity 2 -> 4", start.Add(140*time.Minute + 88_905*time.Microsecond)},
		stormAt:  start.Add(25 * time.Minute),
		stormEnd: start.Add(37 * time.Minute),
		lostAt:   start.Add(75 * time.Minute),
		hotAt:    start.Add(120 * time.Minute),
		hotEnd:   start.Add(138 * time.Minute),
		certAt:   start.Add(155 * time.Minute),
		pod:      "db-operator-controller-manager-7c9f8d6b5-x2kq4",
	}
	g := k.g
	k.lostAt = k.lostAt.Add(k.ms(0, 1000))
	k.exitAt = k.lostAt.Add(10*time.Second + 300*time.Millisecond)
	k.upAt = k.exitAt.Add(11*time.Second + time.Duration(g.intn(2000))*time.Millisecond)
	k.leaderAt = k.upAt.Add(15*time.Second + time.Duration(g.intn(2000))*time.Millisecond)
	end := start.Add(Length)

	services := []string{"orders", "billing", "catalog", "search", "checkout", "identity", "ledger", "inventory", "shipping", "pricing", "reviews", "loyalty", "notify", "media", "audit", "reports"}
	teams := []string{"checkout", "payments", "growth", "platform", "search", "catalog", "logistics", "identity", "data", "finance", "support", "mobile", "web", "risk", "partners", "marketing",
		"ads", "ml", "infra", "security", "content", "pricing", "loyalty", "reviews", "media", "notify", "audit", "ledger", "reports", "analytics", "crm", "sales", "hr", "legal", "ops", "sre", "qa", "tools", "edge", "core"}
	for _, team := range teams {
		for i := 0; i < 8; i++ {
			name := services[(i*7+len(team))%len(services)] + "-db"
			if i%3 == 2 {
				name += "-2"
			}
			o := &k8sObject{kind: "Database", ns: "team-" + team, name: name, tr: routine, since: start.Add(-90 * 24 * time.Hour), replicas: pick(g, []int{1, 2, 3, 3, 3})}
			k.dbs = append(k.dbs, o)
		}
	}
	for _, i := range []int{17, 141, 263} {
		k.dbs[i].degraded = true
	}
	k.hot = k.dbs[205]
	for i, db := range k.dbs {
		for _, role := range []string{"app", "readonly"} {
			if role == "readonly" && i%4 != 0 {
				continue
			}
			k.users = append(k.users, &k8sObject{kind: "DatabaseUser", ns: db.ns, name: db.name + "-" + role, tr: routine, since: db.since})
		}
	}
	for i := 0; i < 120; i++ {
		ns := fmt.Sprintf("tenant-%d", 4100+i/10)
		c := k.rollout.start.Add(time.Duration(i)*1500*time.Millisecond + k.ms(0, 1000))
		k.dbs = append(k.dbs, &k8sObject{kind: "Database", ns: ns, name: fmt.Sprintf("%s-db", services[i%len(services)]), tr: k.rollout.truth(), since: c, replicas: pick(g, []int{1, 3, 3})})
	}

	for _, o := range k.dbs {
		first := maxTime(o.since.Add(2*time.Minute), start).Add(time.Duration(g.intn(300_000)) * time.Millisecond)
		g.every(first, end, 5*time.Minute, 400*time.Millisecond, func(t time.Time) { k.reconcileDB(t, o, false, "5m0s") })
		k.backups(o, end)
		if o.since.After(start) {
			k.provision(o)
		}
	}
	for _, o := range k.users {
		g.every(start.Add(time.Duration(g.intn(600_000))*time.Millisecond), end, 10*time.Minute, 400*time.Millisecond, func(t time.Time) { k.reconcileUser(t, o, routine) })
	}
	g.arrivals(start, end, func(time.Time) float64 { return 2.1 }, func(t time.Time) {
		o := pick(g, k.dbs)
		if o.since.Add(2 * time.Minute).Before(t) {
			k.reconcileDB(t, o, g.chance(0.3), "5m0s")
		}
	})
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 240 }, k.conflict)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, k.watchError)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1100 }, k.handshakeEOF)
	g.every(start.Add(time.Duration(g.intn(10_000))*time.Millisecond), end, 10*time.Second, 40*time.Millisecond, k.renew)
	g.every(start.Add(37*time.Second), end, time.Minute, 5*time.Millisecond, k.fleetStatus)
	for _, inf := range k8sInformers {
		g.every(k.verbose.start.Add(time.Duration(g.intn(300_000))*time.Millisecond), end, time.Duration(g.between(300, 600))*time.Second, 5*time.Second, func(t time.Time) { k.watchClose(t, inf) })
	}
	for _, r := range k.resyncs(end) {
		k.resyncAll(r)
	}
	k.configChange(k.resync, `"Resync period changed" logger="config" configMap="db-operator-system/db-operator-config" from="10m0s" to="3m0s"`)
	k.configChange(k.verbose, `"Log verbosity changed" logger="config" configMap="db-operator-system/db-operator-config" from=2 to=4`)
	k.leaderLoss()
	k.hotLoop()
	k.certExpiry(end)
	return k.j.sorted(end)
}

// down reports whether the manager is not working at t: from its exit after losing the
// lease until it holds the lease again and its workers run.
func (k *k8sLog) down(t time.Time) bool {
	return !t.Before(k.lostAt.Add(10*time.Second)) && t.Before(k.leaderAt.Add(2*time.Second))
}

// ms draws a delay of lo to hi milliseconds, to the microsecond klog shows.
func (k *k8sLog) ms(lo, hi int) time.Duration {
	return time.Duration(lo*1000+k.g.intn((hi-lo)*1000+1)) * time.Microsecond
}

func (k *k8sLog) text(at time.Time, level byte, src, msg string) string {
	return fmt.Sprintf("%c%s %7d %s] %s", level, at.Format("0102 15:04:05.000000"), 1, src, msg)
}

// log writes a structured line: the message quoted, then its key=value pairs.
func (k *k8sLog) log(tr truth, at time.Time, level byte, src, msg, kv string) {
	s := k.text(at, level, src, fmt.Sprintf("%q", msg))
	if kv != "" {
		s += " " + kv
	}
	k.j.add(tr, at, s)
}

// objKV is what controller-runtime's logger carries for a reconcile of o.
func (k *k8sLog) objKV(o *k8sObject, id string) string {
	return fmt.Sprintf(`controller=%q controllerGroup="db.acme.io" controllerKind=%q %s=%q namespace=%q name=%q reconcileID=%q`, strings.ToLower(o.kind), o.kind, o.kind, o.ns+"/"+o.name, o.ns, o.name, id)
}

func k8sDuration(d time.Duration) string {
	return d.Round(time.Microsecond).String()
}

// latest returns the truth of the more recent change (an incident's truth wins).
func latestTruth(a, b truth) truth {
	if a.incident != "" {
		return a
	}
	if b.incident != "" || a.change == "" || b.changeStart.After(a.changeStart) {
		return b
	}
	return a
}

func (k *k8sLog) verboseOn(t time.Time) bool { return !t.Before(k.verbose.start) }

// throttled says whether a write at t waits for the client's rate limiter long enough to
// be logged, and how long: while the hot loop eats the budget, more and more often and
// longer and longer.
func (k *k8sLog) throttled(t time.Time) (time.Duration, bool) {
	if !within(t, k.hotAt, k.hotEnd.Sub(k.hotAt)) {
		return 0, false
	}
	x := t.Sub(k.hotAt).Minutes() / k.hotEnd.Sub(k.hotAt).Minutes()
	if !k.g.chance(0.15 + 0.8*x) {
		return 0, false
	}
	s := 1.0 + 8*x*x + k.g.rng.Float64()*0.6
	return time.Duration(s * float64(time.Second)), true
}

func (k *k8sLog) waited(tr truth, at time.Time, wait time.Duration, verb, path string) {
	k.j.add(tr, at, k.text(at, 'I', "request.go:697", fmt.Sprintf("Waited for %v due to client-side throttling, not priority and fairness, request: %s:%s%s", wait, verb, k8sAPI, path)))
}

func k8sPath(o *k8sObject) string {
	plural := map[string]string{"Database": "databases", "DatabaseUser": "databaseusers", "Backup": "backups"}[o.kind]
	return fmt.Sprintf("/apis/db.acme.io/v1/namespaces/%s/%s/%s", o.ns, plural, o.name)
}

// reconcileDB is one reconcile of a Database: read from the cache, the status updated
// when it changed, the degraded ones warned about.
func (k *k8sLog) reconcileDB(t time.Time, o *k8sObject, write bool, requeue string) time.Time {
	if k.down(t) || (o == k.hot && !t.Before(k.hotAt)) {
		return t
	}
	return k.reconcileDBAs(t, o, o.tr, write, requeue)
}

func (k *k8sLog) reconcileDBAs(t time.Time, o *k8sObject, tr truth, write bool, requeue string) time.Time {
	g := k.g
	id := g.uuid()
	kv := k.objKV(o, id)
	at := t
	if write {
		if wait, ok := k.throttled(t); ok {
			tr = incident(k8sThrottling)
			k.log(tr, at, 'I', "database_controller.go:71", "Reconciling Database", kv)
			at = at.Add(wait + time.Duration(g.between(1, 4))*time.Millisecond)
			k.waited(tr, at, wait, "PUT", k8sPath(o)+"/status")
		} else {
			k.log(tr, at, 'I', "database_controller.go:71", "Reconciling Database", kv)
		}
	} else {
		k.log(tr, at, 'I', "database_controller.go:71", "Reconciling Database", kv)
	}
	ready := o.replicas
	if o.degraded {
		ready--
		at = at.Add(k.ms(1, 3))
		k.log(tr, at, 'W', "database_controller.go:203", "Database degraded", fmt.Sprintf(`%s readyReplicas=%d replicas=%d reason="PodNotReady"`, kv, ready, o.replicas))
	}
	at = at.Add(time.Duration(g.lognormal(2.5, 0.5) * float64(time.Millisecond)))
	phase := "Ready"
	if o.degraded {
		phase = "Degraded"
	}
	if write {
		k.log(tr, at, 'I', "database_controller.go:188", "Updated status", fmt.Sprintf(`%s phase=%q readyReplicas=%d observedGeneration=%d`, kv, phase, ready, g.between(2, 40)))
	} else if k.verboseOn(at) {
		k.log(latestTruth(tr, k.verbose.truth()), at, 'I', "database_controller.go:142", "Desired state matches, skipping update", fmt.Sprintf(`%s object="StatefulSet/%s/%s"`, kv, o.ns, o.name))
	}
	d := at.Sub(t) + time.Duration(g.lognormal(1.5, 0.4)*float64(time.Millisecond))
	at = t.Add(d)
	k.log(tr, at, 'I', "database_controller.go:97", "Reconciled Database", fmt.Sprintf(`%s phase=%q requeueAfter=%q duration=%q`, kv, phase, requeue, k8sDuration(d)))
	return at
}

func (k *k8sLog) reconcileUser(t time.Time, o *k8sObject, tr truth) time.Time {
	if k.down(t) {
		return t
	}
	g := k.g
	id := g.uuid()
	kv := k.objKV(o, id)
	tr = latestTruth(o.tr, tr)
	k.log(tr, t, 'I', "databaseuser_controller.go:58", "Reconciling DatabaseUser", kv)
	at := t.Add(time.Duration(g.lognormal(1.8, 0.4) * float64(time.Millisecond)))
	days := g.between(1, 89)
	if g.chance(0.004) {
		days = 90
		secret := fmt.Sprintf("%s/%s-credentials", o.ns, o.name)
		if wait, ok := k.throttled(at); ok {
			tr = incident(k8sThrottling)
			at = at.Add(wait)
			k.waited(tr, at, wait, "PUT", "/api/v1/namespaces/"+secret[:strings.IndexByte(secret, '/')]+"/secrets/"+secret[strings.IndexByte(secret, '/')+1:])
		}
		k.log(tr, at, 'I', "databaseuser_controller.go:112", "Rotated password", fmt.Sprintf(`%s secret=%q`, kv, secret))
	} else if k.verboseOn(at) {
		k.log(latestTruth(tr, k.verbose.truth()), at, 'I', "databaseuser_controller.go:97", "Desired state matches, skipping update", fmt.Sprintf(`%s object="Role/%s"`, kv, strings.ReplaceAll(o.name, "-", "_")))
	}
	at = at.Add(time.Duration(g.lognormal(0.8, 0.3) * float64(time.Millisecond)))
	k.log(tr, at, 'I', "databaseuser_controller.go:74", "Reconciled DatabaseUser", fmt.Sprintf(`%s passwordAge="%dd" requeueAfter="10m0s" duration=%q`, kv, 90-days, k8sDuration(at.Sub(t))))
	return at
}

// conflict is the routine update conflict: two writers of one Database, the reconcile
// failing and retried at once.
func (k *k8sLog) conflict(t time.Time) {
	o := pick(k.g, k.dbs)
	if k.down(t) || o.since.Add(2*time.Minute).After(t) || o == k.hot {
		return
	}
	id := k.g.uuid()
	kv := k.objKV(o, id)
	k.log(o.tr, t, 'I', "database_controller.go:71", "Reconciling Database", kv)
	at := t.Add(k.ms(2, 9))
	k.log(o.tr, at, 'E', "controller.go:329", "Reconciler error", fmt.Sprintf(`err="failed to update status: Operation cannot be fulfilled on databases.db.acme.io \"%s\": the object has been modified; please apply your changes to the latest version and try again" %s`, o.name, kv))
	k.reconcileDBAs(at.Add(5*time.Millisecond), o, o.tr, true, "5m0s")
}

// backups writes o's hourly Backups: created by the database controller, the backup
// controller starting a Job and polling it every 30 s until it completes.
func (k *k8sLog) backups(o *k8sObject, end time.Time) {
	g := k.g
	minute := time.Duration(g.intn(3600)) * time.Second
	from := k.start.Truncate(time.Hour).Add(minute)
	if from.Before(k.start) {
		from = from.Add(time.Hour)
	}
	for c := from; c.Before(end); c = c.Add(time.Hour) {
		if c.Before(o.since.Add(10 * time.Minute)) {
			continue
		}
		c := c.Add(k.ms(0, 500))
		if k.down(c) || (o == k.hot && !c.Before(k.hotAt)) {
			continue
		}
		b := &k8sObject{kind: "Backup", ns: o.ns, name: fmt.Sprintf("%s-%s", o.name, c.Format("20060102-1504")), tr: o.tr}
		k.createBackup(c, o, b)
		k.runBackup(c.Add(time.Duration(g.between(20, 120))*time.Millisecond), b, time.Duration(g.lognormal(150, 0.5)*float64(time.Second)), end)
	}
}

func (k *k8sLog) createBackup(t time.Time, o *k8sObject, b *k8sObject) {
	g := k.g
	tr := o.tr
	kv := k.objKV(o, g.uuid())
	at := t
	if wait, ok := k.throttled(at); ok {
		tr = incident(k8sThrottling)
		at = at.Add(wait)
		k.waited(tr, at, wait, "POST", fmt.Sprintf("/apis/db.acme.io/v1/namespaces/%s/backups", o.ns))
	}
	k.log(tr, at, 'I', "backup_schedule.go:64", "Created Backup", fmt.Sprintf(`%s backup=%q schedule="@hourly"`, kv, b.ns+"/"+b.name))
	if t.Sub(o.since) > 25*time.Hour {
		at = at.Add(k.ms(3, 15))
		k.log(tr, at, 'I', "backup_schedule.go:91", "Deleted expired Backup", fmt.Sprintf(`%s backup="%s/%s-%s" retention="24h"`, kv, b.ns, o.name, t.Add(-24*time.Hour).Format("20060102-1504")))
	}
}

// runBackup is the backup controller's reconciles of one Backup; in the storm every
// reconcile fails and is retried with controller-runtime's backoff (5 ms doubling).
func (k *k8sLog) runBackup(c time.Time, b *k8sObject, d time.Duration, end time.Time) {
	g := k.g
	done := c.Add(d)
	job := false
	for t := c; t.Before(end); {
		if k.down(t) {
			t = k.leaderAt.Add(time.Duration(3000+g.intn(4000)) * time.Millisecond)
			continue
		}
		if within(t, k.stormAt, k.stormEnd.Sub(k.stormAt)) {
			t = k.stormAttempts(t, b)
			continue
		}
		kv := k.objKV(b, g.uuid())
		tr := b.tr
		k.log(tr, t, 'I', "backup_controller.go:66", "Reconciling Backup", kv)
		at := t.Add(time.Duration(g.lognormal(2, 0.4) * float64(time.Millisecond)))
		switch {
		case !job:
			job = true
			k.log(tr, at, 'I', "backup_controller.go:131", "Created backup Job", fmt.Sprintf(`%s job=%q`, kv, b.ns+"/backup-"+b.name))
			at = at.Add(k.ms(1, 4))
			k.log(tr, at, 'I', "backup_controller.go:84", "Reconciled Backup", fmt.Sprintf(`%s phase="Running" requeueAfter="30s" duration=%q`, kv, k8sDuration(at.Sub(t))))
			t = t.Add(30 * time.Second)
		case t.Before(done):
			k.log(tr, at, 'I', "backup_controller.go:84", "Reconciled Backup", fmt.Sprintf(`%s phase="Running" requeueAfter="30s" duration=%q`, kv, k8sDuration(at.Sub(t))))
			t = t.Add(30 * time.Second)
		default:
			took := t.Sub(c).Round(time.Second)
			k.log(tr, at, 'I', "backup_controller.go:158", "Backup completed", fmt.Sprintf(`%s size="%.1fGiB" took=%q location="s3://acme-db-backups/%s/%s.tar.zst"`, kv, g.lognormal(1.5, 0.9), took.String(), b.ns, b.name))
			at = at.Add(k.ms(2, 6))
			if wait, ok := k.throttled(at); ok {
				tr = incident(k8sThrottling)
				at = at.Add(wait)
				k.waited(tr, at, wait, "PUT", k8sPath(b)+"/status")
			}
			k.log(tr, at, 'I', "backup_controller.go:84", "Reconciled Backup", fmt.Sprintf(`%s phase="Completed" requeueAfter="0s" duration=%q`, kv, k8sDuration(at.Sub(t))))
			return
		}
	}
}

// stormAttempts writes the failing reconciles of b from t until the storm is over and
// returns the time of the first reconcile after it.
func (k *k8sLog) stormAttempts(t time.Time, b *k8sObject) time.Time {
	g := k.g
	tr := incident(k8sBackupStorm)
	backoff := 5 * time.Millisecond
	for t.Before(k.stormEnd) {
		kv := k.objKV(b, g.uuid())
		k.log(tr, t, 'I', "backup_controller.go:66", "Reconciling Backup", kv)
		var err string
		if g.chance(0.55) {
			t = t.Add(10*time.Second + time.Duration(g.intn(20))*time.Millisecond)
			err = fmt.Sprintf(`failed to verify backup manifest: RequestError: send request failed\ncaused by: Get \"https://s3.eu-west-1.amazonaws.com/acme-db-backups/%s/%s.manifest.json\": dial tcp 52.218.%d.%d:443: i/o timeout`, b.ns, b.name, g.intn(256), g.between(1, 254))
		} else {
			t = t.Add(k.ms(3, 12))
			err = fmt.Sprintf(`failed to update Backup status: Operation cannot be fulfilled on backups.db.acme.io \"%s\": the object has been modified; please apply your changes to the latest version and try again`, b.name)
		}
		k.log(tr, t, 'E', "controller.go:329", "Reconciler error", fmt.Sprintf(`err="%s" %s`, err, kv))
		t = t.Add(backoff)
		backoff = min(2*backoff, 1000*time.Second)
	}
	return t
}

// provision is what the rollout's new Database goes through: finalizer, secret, services,
// statefulset, waiting for its pods.
func (k *k8sLog) provision(o *k8sObject) {
	g := k.g
	tr := o.tr
	t := o.since
	kv := k.objKV(o, g.uuid())
	k.log(tr, t, 'I', "database_controller.go:71", "Reconciling Database", kv)
	steps := []struct{ src, msg, kv string }{
		{"database_controller.go:109", "Added finalizer", `finalizer="db.acme.io/cleanup"`},
		{"resources.go:44", "Created Secret", fmt.Sprintf(`secret="%s/%s-credentials"`, o.ns, o.name)},
		{"resources.go:71", "Created Service", fmt.Sprintf(`service="%s/%s"`, o.ns, o.name)},
		{"resources.go:71", "Created Service", fmt.Sprintf(`service="%s/%s-replicas"`, o.ns, o.name)},
		{"resources.go:102", "Created StatefulSet", fmt.Sprintf(`statefulset="%s/%s" replicas=%d image="ghcr.io/acme/postgres:16.2-r3"`, o.ns, o.name, o.replicas)},
		{"database_controller.go:188", "Updated status", `phase="Provisioning" readyReplicas=0 observedGeneration=1`},
	}
	at := t
	for _, s := range steps {
		at = at.Add(k.ms(3, 25))
		k.log(tr, at, 'I', s.src, s.msg, kv+" "+s.kv)
	}
	at = at.Add(k.ms(1, 3))
	k.log(tr, at, 'I', "database_controller.go:97", "Reconciled Database", fmt.Sprintf(`%s phase="Provisioning" requeueAfter="10s" duration=%q`, kv, k8sDuration(at.Sub(t))))
	readyAt := t.Add(time.Duration(g.between(50, 110)) * time.Second)
	for t = t.Add(10 * time.Second); ; t = t.Add(10 * time.Second) {
		kv = k.objKV(o, g.uuid())
		k.log(tr, t, 'I', "database_controller.go:71", "Reconciling Database", kv)
		at = t.Add(time.Duration(g.lognormal(2, 0.4) * float64(time.Millisecond)))
		if t.Before(readyAt) {
			ready := min(o.replicas-1, int(t.Sub(o.since)/(40*time.Second)))
			k.log(tr, at, 'I', "database_controller.go:167", "Waiting for StatefulSet to become ready", fmt.Sprintf(`%s readyReplicas=%d replicas=%d`, kv, ready, o.replicas))
			k.log(tr, at, 'I', "database_controller.go:97", "Reconciled Database", fmt.Sprintf(`%s phase="Provisioning" requeueAfter="10s" duration=%q`, kv, k8sDuration(at.Sub(t))))
			continue
		}
		k.log(tr, at, 'I', "database_controller.go:188", "Updated status", fmt.Sprintf(`%s phase="Ready" readyReplicas=%d observedGeneration=1`, kv, o.replicas))
		k.log(tr, at, 'I', "database_controller.go:176", "Database ready", fmt.Sprintf(`%s provisioningTime=%q`, kv, t.Sub(o.since).Round(time.Second).String()))
		k.log(tr, at, 'I', "database_controller.go:97", "Reconciled Database", fmt.Sprintf(`%s phase="Ready" requeueAfter="5m0s" duration=%q`, kv, k8sDuration(at.Sub(t))))
		return
	}
}

// resyncs returns the times every object is reconciled again: every sync period of the
// manager's informers (10 minutes, 3 from the change), and once when the manager starts
// after losing the lease.
func (k *k8sLog) resyncs(end time.Time) []time.Time {
	var out []time.Time
	t := k.start.Add(time.Duration(k.g.intn(600)) * time.Second)
	restarted, changed := false, false
	for t.Before(end) {
		if !restarted && !t.Before(k.lostAt) {
			restarted = true
			t = k.leaderAt.Add(2 * time.Second)
			out = append(out, t)
			t = t.Add(10 * time.Minute)
			continue
		}
		if !changed && !t.Before(k.resync.start) {
			changed = true
			t = k.resync.start.Add(3 * time.Minute)
			continue
		}
		out = append(out, t)
		if changed {
			t = t.Add(3 * time.Minute)
		} else {
			t = t.Add(10 * time.Minute)
		}
	}
	return out
}

// resyncAll reconciles every object from t, four workers per controller.
func (k *k8sLog) resyncAll(t time.Time) {
	g := k.g
	var tr truth
	if !t.Before(k.resync.start) {
		tr = k.resync.truth()
	}
	var workers [4]time.Time
	for i := range workers {
		workers[i] = t
	}
	for _, i := range g.rng.Perm(len(k.dbs)) {
		o := k.dbs[i]
		if o.since.Add(2*time.Minute).After(t) || (o == k.hot && !t.Before(k.hotAt)) {
			continue
		}
		w := i % 4
		workers[w] = k.reconcileDBAs(workers[w].Add(time.Duration(g.between(50, 400))*time.Microsecond), o, latestTruth(o.tr, tr), false, "5m0s")
	}
	for i := range workers {
		workers[i] = t
	}
	for _, i := range g.rng.Perm(len(k.users)) {
		w := i % 4
		workers[w] = k.reconcileUser(workers[w].Add(time.Duration(g.between(50, 400))*time.Microsecond), k.users[i], tr)
	}
}

func (k *k8sLog) renew(t time.Time) {
	if k.down(t) || !t.Before(k.lostAt) && t.Before(k.leaderAt.Add(5*time.Second)) {
		return
	}
	k.j.add(routine, t, k.text(t, 'I', "leaderelection.go:281", "successfully renewed lease "+k8sLease))
}

func (k *k8sLog) fleetStatus(t time.Time) {
	if k.down(t) {
		return
	}
	g := k.g
	n, provisioning := 0, 0
	for _, o := range k.dbs {
		if o.since.Before(t) {
			n++
			if o.since.After(t.Add(-110 * time.Second)) {
				provisioning++
			}
		}
	}
	tr := routine
	if !t.Before(k.rollout.start) {
		tr = k.rollout.truth()
	}
	degraded := 3
	if g.chance(0.1) {
		degraded = 4
	}
	running := max(0, int(g.normal(float64(n)*2.6/60, 2.5)))
	k.log(tr, t, 'I', "metrics.go:88", "Fleet status", fmt.Sprintf(`logger="fleet" databases=%d ready=%d provisioning=%d degraded=%d backupsRunning=%d users=%d`, n, n-provisioning-degraded, provisioning, degraded, running, len(k.users)))
}

// watchError is a watch of an informer cut by the API server; the reflector lists again.
func (k *k8sLog) watchError(t time.Time) {
	if k.down(t) {
		return
	}
	g := k.g
	inf := pick(g, k8sInformers)
	msg := fmt.Sprintf(`%s: watch of %s ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding`, k8sReflect, inf)
	if g.chance(0.4) {
		msg = fmt.Sprintf(`%s: watch of %s ended with: very short watch: %s: Unexpected watch close - watch lasted less than a second and no items received`, k8sReflect, inf, k8sReflect)
	}
	k.j.add(routine, t, k.text(t, 'W', "reflector.go:462", msg))
	at := t.Add(k.ms(900, 2500))
	k.j.add(routine, at, k.text(at, 'I', "reflector.go:351", fmt.Sprintf("Caches populated for %s from %s", inf, k8sReflect)))
}

// watchClose is the V(4) line of a watch the API server closes after its timeout.
func (k *k8sLog) watchClose(t time.Time, inf string) {
	if k.down(t) {
		return
	}
	k.j.add(k.verbose.truth(), t, k.text(t, 'I', "reflector.go:800", fmt.Sprintf("%s: Watch close - %s total %d items received", k8sReflect, inf, k.g.between(3, 400))))
}

// handshakeEOF is a load balancer's health check of the webhook port: Go's standard
// logger, not klog, reports the handshake it did not finish.
func (k *k8sLog) handshakeEOF(t time.Time) {
	if k.down(t) {
		return
	}
	k.j.add(routine, t, fmt.Sprintf("%s http: TLS handshake error from 10.244.%d.%d:%d: EOF", t.Format("2006/01/02 15:04:05"), k.g.intn(8), k.g.between(2, 250), k.g.between(32768, 60999)))
}

func (k *k8sLog) configChange(c change, kv string) {
	at := c.start
	k.j.add(c.truth(), at, k.text(at, 'I', "config.go:61", `"Configuration reloaded" logger="config" configMap="db-operator-system/db-operator-config" resourceVersion="`+fmt.Sprint(k.g.between(48_000_000, 49_000_000))+`"`))
	at = at.Add(k.ms(1, 4))
	k.j.add(c.truth(), at, k.text(at, 'I', "config.go:87", kv))
}

// leaderLoss writes the lease renewals timing out, the manager stopping, the container
// starting again and the lease acquired once the old holder's has expired.
func (k *k8sLog) leaderLoss() {
	tr := incident(k8sLeaderLost)
	leaseURL := k8sAPI + "/apis/coordination.k8s.io/v1/namespaces/db-operator-system/leases/db-operator-lock?timeout=5s"
	at := k.lostAt
	k.j.add(tr, at, k.text(at, 'E', "leaderelection.go:369", fmt.Sprintf(`Failed to update lock optimitically: Put "%s": context deadline exceeded, falling back to slow path`, leaseURL)))
	at = at.Add(5 * time.Second)
	k.j.add(tr, at, k.text(at, 'E', "leaderelection.go:332", fmt.Sprintf(`error retrieving resource lock %s: Get "%s": context deadline exceeded`, k8sLease, leaseURL)))
	at = at.Add(k.ms(1, 30))
	k.j.add(tr, at, k.text(at, 'I', "leaderelection.go:285", fmt.Sprintf("failed to renew lease %s: timed out waiting for the condition", k8sLease)))
	stop := []struct{ src, msg, kv string }{
		{"internal.go:516", "Stopping and waiting for non leader election runnables", ""},
		{"internal.go:520", "Stopping and waiting for leader election runnables", ""},
	}
	for _, c := range []string{"database", "databaseuser", "backup"} {
		stop = append(stop, struct{ src, msg, kv string }{"controller.go:240", "Shutdown signal received, waiting for all workers to finish", fmt.Sprintf(`controller=%q controllerGroup="db.acme.io" controllerKind=%q`, c, k8sKind(c))})
	}
	for _, c := range []string{"database", "databaseuser", "backup"} {
		stop = append(stop, struct{ src, msg, kv string }{"controller.go:242", "All workers finished", fmt.Sprintf(`controller=%q controllerGroup="db.acme.io" controllerKind=%q`, c, k8sKind(c))})
	}
	stop = append(stop,
		struct{ src, msg, kv string }{"internal.go:526", "Stopping and waiting for caches", ""},
		struct{ src, msg, kv string }{"internal.go:530", "Stopping and waiting for webhooks", ""},
		struct{ src, msg, kv string }{"server.go:249", "Shutting down webhook server with timeout of 1 minute", `logger="controller-runtime.webhook"`},
		struct{ src, msg, kv string }{"internal.go:533", "Stopping and waiting for HTTP servers", ""},
		struct{ src, msg, kv string }{"server.go:43", "shutting down server", `kind="health probe" addr="[::]:8081"`},
		struct{ src, msg, kv string }{"internal.go:537", "Wait completed, proceeding to shutdown the manager", ""},
	)
	for _, s := range stop {
		at = at.Add(k.ms(1, 60))
		k.log(tr, at, 'I', s.src, s.msg, s.kv)
	}
	at = at.Add(k.ms(1, 5))
	k.log(tr, at, 'E', "main.go:171", "problem running manager", `err="leader election lost" logger="setup"`)

	at = k.upAt
	start := []struct{ src, msg, kv string }{
		{"main.go:84", "Starting db-operator", `logger="setup" version="v0.14.2" commit="3fa91c2" goVersion="go1.21.8"`},
		{"certcheck.go:41", "Serving certificate loaded", fmt.Sprintf(`logger="certcheck" path=%q notAfter=%q`, k8sCertPath, k.certAt.Format(time.RFC3339))},
		{"main.go:163", "starting manager", `logger="setup"`},
		{"server.go:185", "Starting metrics server", `logger="controller-runtime.metrics"`},
		{"server.go:224", "Serving metrics server", `logger="controller-runtime.metrics" bindAddress=":8080" secure=false`},
		{"server.go:183", "Registering webhook", `logger="controller-runtime.webhook" path="/validate-db-acme-io-v1-database"`},
		{"server.go:191", "Starting webhook server", `logger="controller-runtime.webhook"`},
		{"certwatcher.go:161", "Updated current TLS certificate", `logger="controller-runtime.certwatcher"`},
		{"server.go:242", "Serving webhook server", `logger="controller-runtime.webhook" host="" port=9443`},
		{"certwatcher.go:115", "Starting certificate watcher", `logger="controller-runtime.certwatcher"`},
		{"server.go:50", "starting server", `kind="health probe" addr="[::]:8081"`},
	}
	for _, s := range start {
		at = at.Add(k.ms(1, 40))
		k.log(tr, at, 'I', s.src, s.msg, s.kv)
	}
	at = at.Add(k.ms(1, 5))
	k.j.add(tr, at, k.text(at, 'I', "leaderelection.go:250", fmt.Sprintf("attempting to acquire leader lease %s...", k8sLease)))
	at = k.leaderAt
	k.j.add(tr, at, k.text(at, 'I', "leaderelection.go:260", "successfully acquired lease "+k8sLease))
	sources := map[string][]string{
		"database":     {"*v1.Database", "*v1.StatefulSet", "*v1.Service", "*v1.Secret"},
		"databaseuser": {"*v1.DatabaseUser", "*v1.Secret"},
		"backup":       {"*v1.Backup", "*v1.Job"},
	}
	for _, c := range []string{"database", "databaseuser", "backup"} {
		kv := fmt.Sprintf(`controller=%q controllerGroup="db.acme.io" controllerKind=%q`, c, k8sKind(c))
		for _, s := range sources[c] {
			at = at.Add(k.ms(0, 2))
			k.log(tr, at, 'I', "controller.go:178", "Starting EventSource", kv+fmt.Sprintf(` source="kind source: %s"`, s))
		}
		k.log(tr, at, 'I', "controller.go:186", "Starting Controller", kv)
	}
	for _, inf := range k8sInformers {
		at = at.Add(k.ms(20, 300))
		k.j.add(tr, at, k.text(at, 'I', "reflector.go:351", fmt.Sprintf("Caches populated for %s from %s", inf, k8sReflect)))
	}
	for _, c := range []string{"database", "databaseuser", "backup"} {
		at = at.Add(k.ms(1, 30))
		k.log(tr, at, 'I', "controller.go:220", "Starting workers", fmt.Sprintf(`controller=%q controllerGroup="db.acme.io" controllerKind=%q worker count=4`, c, k8sKind(c)))
	}
}

func k8sKind(controller string) string {
	return map[string]string{"database": "Database", "databaseuser": "DatabaseUser", "backup": "Backup"}[controller]
}

// hotLoop is the Database whose every status update changes a condition's timestamp,
// which triggers its next reconcile at once: ever faster, until someone pauses it.
func (k *k8sLog) hotLoop() {
	g := k.g
	o := k.hot
	tr := incident(k8sThrottling)
	for t := k.hotAt.Add(k.ms(0, 900)); t.Before(k.hotEnd); {
		kv := k.objKV(o, g.uuid())
		k.log(tr, t, 'I', "database_controller.go:71", "Reconciling Database", kv)
		at := t.Add(time.Duration(g.lognormal(2, 0.3) * float64(time.Millisecond)))
		k.log(tr, at, 'I', "database_controller.go:181", "Status condition changed", fmt.Sprintf(`%s condition="Ready" field="lastTransitionTime"`, kv))
		if wait, ok := k.throttled(at); ok {
			at = at.Add(wait)
			k.waited(tr, at, wait, "PUT", k8sPath(o)+"/status")
		}
		at = at.Add(time.Duration(g.lognormal(3, 0.3) * float64(time.Millisecond)))
		k.log(tr, at, 'I', "database_controller.go:188", "Updated status", fmt.Sprintf(`%s phase="Ready" readyReplicas=%d observedGeneration=%d`, kv, o.replicas, 14))
		at = at.Add(k.ms(1, 3))
		k.log(tr, at, 'I', "database_controller.go:97", "Reconciled Database", fmt.Sprintf(`%s phase="Ready" requeueAfter="5m0s" duration=%q`, kv, k8sDuration(at.Sub(t))))
		x := t.Sub(k.hotAt).Minutes() / k.hotEnd.Sub(k.hotAt).Minutes()
		t = at.Add(time.Duration(g.lognormal(900-600*x, 0.3) * float64(time.Millisecond)))
	}
	at := k.hotEnd.Add(k.ms(100, 900))
	k.log(tr, at, 'I', "database_controller.go:63", "Reconcile paused by annotation", fmt.Sprintf(`%s annotation="db.acme.io/reconcile-paused=true"`, k.objKV(o, g.uuid())))
}

// certExpiry is the webhook's serving certificate expiring: the operator's own check says
// so at once and every minute after; the API server's calls to the webhook (users
// editing Databases) fail their TLS handshakes.
func (k *k8sLog) certExpiry(end time.Time) {
	g := k.g
	tr := incident(k8sWebhookCert)
	for at := k.certAt.Add(k.ms(200, 900)); at.Before(end); at = at.Add(time.Minute + time.Duration(g.intn(5))*time.Millisecond) {
		k.log(tr, at, 'E', "certcheck.go:58", "Webhook serving certificate has expired", fmt.Sprintf(`logger="certcheck" path=%q notAfter=%q expiredFor=%q`, k8sCertPath, k.certAt.Format(time.RFC3339), at.Sub(k.certAt).Truncate(time.Second).String()))
	}
	g.arrivals(k.certAt, end, func(time.Time) float64 { return 1.0 / 50 }, func(t time.Time) {
		k.j.add(tr, t, fmt.Sprintf("%s http: TLS handshake error from 10.244.0.1:%d: remote error: tls: bad certificate", t.Format("2006/01/02 15:04:05"), g.between(32768, 60999)))
	})
}
