package families

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// vault is vault-0, the active node of vault, a HashiCorp Vault 1.16.3 cluster of three
// nodes with integrated storage (Raft) on Kubernetes (the official Helm chart: a
// StatefulSet vault-0..2 behind the vault-internal headless service, Raft and request
// forwarding on port 8201, auto-unseal with AWS KMS, an internal NLB in front of the
// vault-active service), serving the shop's platform: some 35 applications in a dozen
// namespaces with Vault Agent sidecars injected, the Vault Secrets Operator, cert-manager,
// GitLab CI and a handful of engineers. Its stderr, as `kubectl logs vault-0` shows it,
// is hclog's text format: a millisecond UTC time, the level in brackets padded to seven
// characters, the logger's name, the message and its key=value pairs (values quoted when
// they hold anything outside '-'..'~', an empty string as ""):
//
//	2024-06-13T08:00:00.412Z [INFO]  core: completed_request: start_time=2024-06-13T08:00:00Z duration=14ms client_id="" client_address=10.20.81.37 status_code=200 request_path=/v1/auth/kubernetes/login request_method=POST
//	2024-06-13T08:00:01.030Z [INFO]  expiration: revoked lease: lease_id=database/creds/orders-rw/Xq3v0bTnYh6PzL1sWcK8eRj2
//	2024-06-13T08:31:12.998Z [WARN]  storage.raft: failed to contact: server-id=vault-1 time=2.500573429s
//
// and a value with newlines (a multierror) as hclog writes it, on the lines below its
// entry: "  error=", then each line of the value after "  | ", tabs written as \t. The
// server runs with log_level info and log_requests_level info, so every completed HTTP
// request is logged by core; DEBUG lines are off.
//
// Normal traffic, 12-16 lines a second, rising a little through the morning from 08:00
// UTC: the agents' KV v2 reads (GET /v1/kv/data/<namespace>/<app>/<secret>, a few 404s for
// secrets not written yet and 403s outside an app's policy), the operator's reads every
// minute, transit encrypt and decrypt for payments and identity, Kubernetes auth logins
// (a few 403s from pods whose service account token went stale, a 400 now and then),
// token renew-self and lookup-self, lease renewals, PostgreSQL dynamic credentials from
// the database engine for orders, catalog, users, inventory, loyalty and ledger roles,
// PKI certificates from pki_int for the services with mTLS, cert-manager logging in for
// every certificate it signs, GitLab CI jobs logging in with JWT auth, reading their
// deploy secrets and AWS credentials, engineers signing in through OIDC and browsing the
// UI; kubelet's readiness probe on /v1/sys/health every 5 s, a blackbox probe every 30 s,
// Prometheus on /v1/sys/metrics every 30 s; the NLB's TCP health checks ("http: TLS
// handshake error from ...: EOF", three every 10 s) and a legacy Jenkins agent with an old
// CA bundle ("remote error: tls: bad certificate"). Leases expire an hour (logins,
// database credentials), ten minutes (CI and cert-manager tokens) or twenty minutes after
// they were created: "expiration: revoked lease" for each; now and then a lease of the
// legacy-reports role fails to revoke six times in a row (its user owns objects: "cannot
// be dropped because some objects depend on it") and is given up on. The Raft log grows
// with every write and is snapshotted and compacted past 8192 entries ("starting snapshot
// up to", "snapshot complete up to", "compacting logs", about every 20 minutes); a
// vault-tidy CronJob runs the token and lease tidy at a quarter past every hour (their
// progress every 500 entries and their counts); a follower misses the leader's lease once
// or twice ("failed to contact").
//
// Benign changes:
//   - 0:47 (08:47), the ML platform team onboarded: Atlantis applies its Terraform (a
//     login, reads of the mounts, auth methods, policies and roles, then a new KV v2
//     mount kv-ml/ with "successful mount" and the KV upgrade lines, two policies, two
//     Kubernetes auth roles), an engineer writes the team's secrets through the UI, and
//     from 0:52 twenty ml-training and ml-serving pods log in and read kv-ml, their
//     leases revoked an hour later. All of it carries the change.
//   - 1:33:10 (09:33), a rolling upgrade of the standby nodes to 1.16.5: vault-2's pod
//     is deleted and comes back with a new address about 45 s later, then vault-1's at
//     1:37:45; the leader's replication to each fails meanwhile (EOF, connection refused,
//     no such host for its DNS name, "failed to heartbeat to" with a growing backoff,
//     "failed to contact" every 2.5 s) and resumes ("appendEntries rejected, sending
//     older logs", "pipelining replication").
//   - 2:00 (10:00), the ledger-recon batch Job: forty pods start within 40 s, each logs
//     in, gets ledger-ro database credentials and its SFTP secret, decrypts 15 to 45
//     exports through transit over several minutes and revokes its token when done.
//
// Incidents:
//   - 0:22:40 (08:22) for 11.5 minutes, the database engine's orders-db connection
//     rejected: a DBA's credential rotation changed the password of vault-admin on the
//     orders PostgreSQL and ended its sessions, so every orders-rw and orders-ro
//     credential request fails with 500 (the agents retrying), and every orders lease
//     that expires fails to revoke ("expiration: failed to revoke lease ... password
//     authentication failed for user \"vault-admin\" (SQLSTATE 28P01)"), retried after
//     20, 40, 80 s...; an engineer writes the new connection config and rotates the root
//     credential at 0:34, and the pending revocations then succeed.
//   - 1:04:30 (09:04) for 15 minutes, a lease explosion: report-builder v2.3 logs in
//     anew for every request (about four logins a second from five new pods, each
//     followed by its read), with ten-minute tokens, until it is rolled back at 1:19:40;
//     from 1:14:30 their leases expire at the same pace ("revoked lease" for each) and
//     the expiration manager falls up to 40 s behind, into 1:30.
//   - 1:47:20 (09:47) for 5.5 minutes, the audit device's volume full: the file audit
//     device cannot write ("no space left on device"), so Vault refuses every audited
//     request: "core: failed to audit request" with its multi-line error ("event not
//     processed by enough 'sink' nodes") and the request completed with 500; health
//     checks and metrics, which are not audited, keep answering. Old audit files are
//     deleted at 1:52:55.
//   - 2:31:05 (10:31) for about 10 minutes, Raft follower vault-2 falling behind (its
//     volume throttled): appendEntries timing out, "failed to contact" it for tens of
//     seconds at a time, older logs sent again; at 2:38:41 a network blip to vault-1
//     leaves the leader without a quorum: it steps down ("failed to contact quorum of
//     nodes, stepping down", "leadership lost, stopping active operation", the pre-seal
//     teardown), every request answered 503 for about 12 s through two election rounds,
//     until it wins term 49 and runs the post-unseal setup again (every mount, the
//     rollback manager, lease restore); vault-2 gets a snapshot and catches up by
//     about 2:41.
var vault = Family{
	Name:    "vault",
	Role:    Tuning,
	Service: "HashiCorp Vault 1.16 active node of a 3-node Raft cluster on Kubernetes, hclog text lines on stderr with completed-request logging and multi-line error values",
	Lines:   vaultLines,
}

const (
	vaultOrdersDB   = "database engine: orders-db rejecting vault-admin, orders credentials failing with 500 and their leases failing to revoke"
	vaultLeaseStorm = "lease explosion: report-builder v2.3 logging in for every request, ten-minute tokens piling up and mass revocations"
	vaultAuditFull  = "audit device volume full: every audited request refused, failed to audit request and 500"
	vaultRaftLoss   = "raft follower vault-2 falling behind, then quorum lost: leadership lost, re-election and write outage"
)

const (
	vaultLayout   = "2006-01-02T15:04:05.000Z"
	vaultSelfIP   = "10.20.41.17"
	vaultNodeIP   = "10.20.40.233" // the kubelet of vault-0's node
	vaultPromIP   = "10.20.70.14"
	vaultProbeIP  = "10.20.70.52" // the blackbox exporter
	vaultJenkins  = "10.20.140.22"
	vaultDNS      = "172.20.0.10:53"
	vaultBuiltin  = "v1.16.3+builtin.vault"
	vaultTrailing = 10000 // raft trailing_logs
	vaultSnapAt   = 8192  // raft snapshot_threshold
	vaultTerm     = 47
)

var vaultNLB = []string{"10.20.0.118", "10.20.32.57", "10.20.64.203"}

// vaultAppSpecs are the applications with Vault Agent sidecars: namespace, name, pods,
// share of the KV reads, database role, transit key, whether they get PKI certificates,
// and their secrets.
var vaultAppSpecs = []struct {
	ns, name    string
	pods        int
	kv          float64
	db, transit string
	pki         bool
	secrets     []string
}{
	{"orders", "orders-api", 6, 1.0, "orders-rw", "", true, []string{"config", "stripe-webhook", "sentry"}},
	{"orders", "order-worker", 4, 0.5, "orders-rw", "", false, []string{"config", "rabbitmq"}},
	{"orders", "fulfilment", 3, 0.4, "orders-ro", "", false, []string{"config", "carrier-api"}},
	{"orders", "returns-api", 2, 0.2, "orders-ro", "", false, []string{"config"}},
	{"payments", "payments-api", 6, 0.8, "", "payments-card", true, []string{"config", "stripe", "adyen", "sentry"}},
	{"payments", "payment-gateway", 4, 0.6, "", "payments-card", true, []string{"config", "psp-credentials"}},
	{"payments", "refund-worker", 2, 0.2, "", "payments-card", false, []string{"config", "stripe"}},
	{"payments", "fraud-scoring", 3, 0.5, "", "", false, []string{"config", "model-registry"}},
	{"checkout", "checkout-api", 8, 1.2, "", "", true, []string{"config", "redis", "sentry", "feature-flags"}},
	{"checkout", "cart-service", 6, 0.8, "", "", false, []string{"config", "redis"}},
	{"checkout", "pricing", 4, 0.6, "", "", false, []string{"config", "tax-api"}},
	{"catalog", "catalog-api", 6, 0.9, "catalog-ro", "", true, []string{"config", "s3", "sentry"}},
	{"catalog", "search-indexer", 2, 0.3, "catalog-ro", "", false, []string{"config", "opensearch"}},
	{"catalog", "media-service", 3, 0.4, "", "", false, []string{"config", "s3", "imgproxy"}},
	{"identity", "auth-service", 5, 0.9, "", "session-tokens", true, []string{"config", "oauth-clients", "jwt-signing"}},
	{"identity", "user-profile", 4, 0.6, "users-rw", "pii", false, []string{"config"}},
	{"identity", "session-service", 4, 0.5, "", "session-tokens", false, []string{"config", "redis"}},
	{"notifications", "email-sender", 3, 0.4, "", "", false, []string{"config", "smtp", "sendgrid"}},
	{"notifications", "sms-sender", 2, 0.3, "", "", false, []string{"config", "twilio"}},
	{"notifications", "push-gateway", 3, 0.3, "", "", false, []string{"config", "fcm", "apns"}},
	{"inventory", "inventory-api", 5, 0.7, "inventory-rw", "", false, []string{"config", "sentry"}},
	{"inventory", "warehouse-sync", 2, 0.3, "inventory-rw", "", false, []string{"config", "wms-api"}},
	{"shipping", "shipping-api", 4, 0.5, "", "", false, []string{"config", "carrier-api"}},
	{"shipping", "carrier-adapter", 3, 0.4, "", "", false, []string{"config", "dhl", "ups"}},
	{"analytics", "event-collector", 4, 0.3, "", "", false, []string{"config", "kafka"}},
	{"analytics", "reporting-api", 2, 0.2, "legacy-reports", "", false, []string{"config"}},
	{"search", "recommendations", 4, 0.4, "", "", false, []string{"config", "feature-store"}},
	{"loyalty", "loyalty-api", 3, 0.4, "loyalty-rw", "", false, []string{"config", "sentry"}},
	{"support", "helpdesk-bridge", 2, 0.2, "", "", false, []string{"config", "zendesk"}},
	{"finance", "invoicing", 2, 0.3, "ledger-rw", "finance-exports", false, []string{"config", "datev"}},
	{"finance", "ledger-api", 3, 0.4, "ledger-rw", "", false, []string{"config"}},
	{"platform", "argocd-repo-server", 2, 0.3, "", "", false, []string{"git-credentials", "helm-repos"}},
	{"platform", "grafana", 1, 0.05, "", "", false, []string{"oauth", "datasources"}},
	{"platform", "external-dns", 1, 0.02, "", "", false, []string{"route53"}},
}

var vaultSharedSecrets = []string{"kv/data/shared/datadog", "kv/data/shared/sentry-dsn", "kv/data/shared/registry-pull", "kv/data/shared/smtp-relay"}

var vaultCIProjects = []string{"shop/orders-api", "shop/checkout-api", "shop/catalog-api", "shop/payments-api", "platform/infra-live", "platform/helm-charts", "shop/storefront", "data/reporting", "shop/inventory-api", "mobile/bff"}

// vaultApp is a workload that talks to Vault: its pods' addresses, its identity entity and
// what it reads.
type vaultApp struct {
	ns, name    string
	pods        []string
	entity      string
	kv          []string
	kvW         float64
	db, transit string
	pki         bool
	ttl         time.Duration // its login tokens' TTL
	tr          truth
	from, until time.Time // its pods run from, until (zero: to the end)
	routine     bool      // takes part in the routine traffic
}

func (a *vaultApp) up(t time.Time) bool {
	return a.routine && !t.Before(a.from) && (a.until.IsZero() || t.Before(a.until))
}

// vaultReq is one HTTP request to Vault.
type vaultReq struct {
	method, path string // path as the client sent it, /v1/...
	client, addr string // the client's entity id ("" before it is authenticated), its address
	ms           float64
	status       int
	login        bool // an auth method's login: audited as path=
	unaudited    bool // sys/health and the unauthenticated sys/metrics
}

type vaultLog struct {
	g *gen
	j *journal

	start, end time.Time

	mlTeam, upgrade, recon change

	dbAt, dbFix                             time.Time
	stormAt, stormStop                      time.Time
	auditAt, auditFix                       time.Time
	raftAt, stepDown, elect1, elect2        time.Time
	leader, activeAt, setupDone, restoredAt time.Time

	apps         []*vaultApp
	rbOld, rbBad *vaultApp
	ml           []*vaultApp
	users        []*vaultApp // engineers on the VPN
	ciEntities   map[string]string

	kvAcc, kvMLAcc, dbAcc, pkiAcc, pkiIntAcc string

	idx0   int64
	idxAt  []float64 // the raft index every 10 s from start
	vault1 [2]string // addresses before and after the upgrade
	vault2 [2]string
}

func vaultLines(seed int64) []Line {
	start := time.Date(2024, 6, 13, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 21)
	at := func(d time.Duration, jitterMs int) time.Time {
		return start.Add(d + time.Duration(g.intn(jitterMs+1))*time.Millisecond)
	}
	v := &vaultLog{
		g:          g,
		j:          &journal{},
		start:      start,
		end:        start.Add(Length),
		ciEntities: map[string]string{},
	}
	v.dbAt = at(22*time.Minute+40*time.Second, 4000)
	v.dbFix = at(34*time.Minute+5*time.Second, 3000)
	v.mlTeam = change{"ML platform onboarding: kv-ml mount, policies, auth roles and the team's pods", at(47*time.Minute+12*time.Second, 2000)}
	v.stormAt = at(64*time.Minute+30*time.Second, 3000)
	v.stormStop = at(79*time.Minute+40*time.Second, 3000)
	v.upgrade = change{"rolling upgrade of the standby nodes vault-2 and vault-1 to 1.16.5", at(93*time.Minute+10*time.Second, 2000)}
	v.auditAt = at(107*time.Minute+20*time.Second, 2000)
	v.auditFix = at(112*time.Minute+55*time.Second, 2000)
	v.recon = change{"ledger-recon batch Job: 40 pods' logins, database credentials and transit decrypts", start.Add(120 * time.Minute)}
	v.raftAt = at(151*time.Minute+5*time.Second, 2000)
	v.stepDown = at(158*time.Minute+41*time.Second, 600)
	ms := func(lo, hi int) time.Duration { return time.Duration(g.between(lo, hi)) * time.Millisecond }
	v.elect1 = v.stepDown.Add(ms(5000, 6500))
	v.elect2 = v.elect1.Add(ms(5000, 6000))
	v.leader = v.elect2.Add(ms(4, 30))
	v.activeAt = v.leader.Add(ms(60, 250))
	v.setupDone = v.activeAt.Add(ms(300, 650))
	v.restoredAt = v.setupDone.Add(ms(2200, 4200))
	v.vault1 = [2]string{"10.20.77.31", fmt.Sprintf("10.20.%d.%d", 72+g.intn(8), g.between(2, 250))}
	v.vault2 = [2]string{"10.20.102.9", fmt.Sprintf("10.20.%d.%d", 100+g.intn(8), g.between(2, 250))}
	v.kvAcc, v.kvMLAcc, v.dbAcc = g.hex(8), g.hex(8), g.hex(8)
	v.pkiAcc, v.pkiIntAcc = g.hex(8), g.hex(8)
	v.idx0 = int64(48_200_000 + g.intn(60_000))
	v.buildApps()
	v.buildIndex()

	// The requests of the agents, the operator and the services.
	g.arrivals(start, v.end, v.rate(7.0), func(t time.Time) {
		if a := v.pick(t, func(a *vaultApp) float64 { return a.kvW }); a != nil {
			v.kvRead(t, a, a.tr)
		}
	})
	g.arrivals(start, v.end, v.rate(2.4), func(t time.Time) {
		if a := v.pick(t, func(a *vaultApp) float64 { return vaultBool(a.transit != "", float64(len(a.pods))) }); a != nil {
			v.transit(t, a, a.tr, pick(g, []string{"encrypt", "decrypt", "decrypt"}))
		}
	})
	podsW := func(a *vaultApp) float64 { return float64(len(a.pods)) }
	g.arrivals(start.Add(-time.Hour), v.end, v.rate(0.5), func(t time.Time) {
		if a := v.pick(t, podsW); a != nil {
			v.login(t, a, a.tr)
		}
	})
	g.arrivals(start, v.end, v.rate(0.75), func(t time.Time) {
		if a := v.pick(t, podsW); a != nil {
			v.simple(t, a, a.tr, "PUT", "/v1/auth/token/renew-self", g.lognormal(2.4, 0.4), 0.004, 403)
		}
	})
	g.arrivals(start, v.end, v.rate(0.25), func(t time.Time) {
		if a := v.pick(t, podsW); a != nil {
			v.simple(t, a, a.tr, "GET", "/v1/auth/token/lookup-self", g.lognormal(0.8, 0.4), 0, 0)
		}
	})
	dbW := func(a *vaultApp) float64 { return vaultBool(a.db != "", float64(len(a.pods))) }
	g.arrivals(start, v.end, v.rate(0.45), func(t time.Time) {
		if a := v.pick(t, dbW); a != nil {
			v.simple(t, a, a.tr, "PUT", "/v1/sys/leases/renew", g.lognormal(3, 0.4), 0.003, 400)
		}
	})
	g.arrivals(start.Add(-time.Hour), v.end, v.rate(0.2), func(t time.Time) {
		if a := v.pick(t, dbW); a != nil {
			v.creds(t, a, a.tr, a.db, time.Hour)
		}
	})
	g.arrivals(start, v.end, v.rate(0.15), func(t time.Time) {
		if a := v.pick(t, func(a *vaultApp) float64 { return vaultBool(a.pki, float64(len(a.pods))) }); a != nil {
			v.simple(t, a, a.tr, "POST", "/v1/pki_int/issue/svc-internal", g.lognormal(7, 0.35), 0, 0)
		}
	})
	g.arrivals(start.Add(-10*time.Minute), v.end, func(time.Time) float64 { return 1.0 / 80 }, v.pipeline)
	g.arrivals(start.Add(-10*time.Minute), v.end, func(time.Time) float64 { return 1.0 / 240 }, v.certManager)
	g.arrivals(start, v.end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		v.uiSession(t, pick(g, v.users), routine)
	})

	// Probes, scrapes and health checks.
	g.every(start.Add(time.Duration(g.intn(5000))*time.Millisecond), v.end, 5*time.Second, 3*time.Millisecond, func(t time.Time) {
		v.serve(t, routine, vaultReq{method: "GET", path: "/v1/sys/health", client: "", addr: vaultNodeIP, ms: g.lognormal(0.4, 0.5), status: 200, unaudited: true})
	})
	g.every(start.Add(time.Duration(g.intn(30000))*time.Millisecond), v.end, 30*time.Second, 5*time.Millisecond, func(t time.Time) {
		v.serve(t, routine, vaultReq{method: "GET", path: "/v1/sys/health", client: "", addr: vaultProbeIP, ms: g.lognormal(0.5, 0.5), status: 200, unaudited: true})
	})
	g.every(start.Add(time.Duration(g.intn(30000))*time.Millisecond), v.end, 30*time.Second, 20*time.Millisecond, func(t time.Time) {
		v.serve(t, routine, vaultReq{method: "GET", path: "/v1/sys/metrics", client: "", addr: vaultPromIP, ms: g.lognormal(4.5, 0.3), status: 200, unaudited: true})
	})
	for _, ip := range vaultNLB {
		g.every(start.Add(time.Duration(g.intn(10000))*time.Millisecond), v.end, 10*time.Second, 2*time.Millisecond, func(t time.Time) {
			v.log(routine, t, "INFO", fmt.Sprintf("http: TLS handshake error from %s:%d: EOF", ip, g.between(1024, 65535)))
		})
	}
	g.arrivals(start, v.end, func(time.Time) float64 { return 1.0 / 390 }, func(t time.Time) {
		v.log(routine, t, "INFO", fmt.Sprintf("http: TLS handshake error from %s:%d: remote error: tls: bad certificate", vaultJenkins, g.between(32768, 60999)))
	})

	// Periodic jobs and routine hiccups.
	for h := 0; h < 3; h++ {
		v.tidy(start.Add(time.Duration(h)*time.Hour + 15*time.Minute + time.Duration(g.between(1500, 9000))*time.Millisecond))
	}
	v.snapshots()
	for _, d := range []time.Duration{58 * time.Minute, 134 * time.Minute} {
		t := at(d, 120_000)
		v.log(routine, t, "WARN", fmt.Sprintf("storage.raft: failed to contact: server-id=%s time=%s", pick(g, []string{"vault-1", "vault-2"}), v.since(2500+g.intn(300))))
	}

	// Changes and incidents.
	v.onboarding()
	v.peerRestart(v.upgrade.truth(), "vault-2", v.vault2, v.upgrade.start, v.upgrade.start.Add(time.Duration(g.between(42_000, 50_000))*time.Millisecond))
	down1 := v.upgrade.start.Add(4*time.Minute + 35*time.Second + time.Duration(g.intn(10_000))*time.Millisecond)
	v.peerRestart(v.upgrade.truth(), "vault-1", v.vault1, down1, down1.Add(time.Duration(g.between(40_000, 52_000))*time.Millisecond))
	v.reconJob()
	v.ordersDB()
	v.storm()
	v.raftIncident()
	return v.j.sorted(v.end)
}

// buildApps draws the workloads' pods, entities and secrets.
func (v *vaultLog) buildApps() {
	g := v.g
	podIP := func() string { return fmt.Sprintf("10.20.%d.%d", 64+g.intn(64), g.between(2, 254)) }
	newApp := func(ns, name string, pods int, kvW float64, secrets []string) *vaultApp {
		a := &vaultApp{ns: ns, name: name, entity: g.uuid(), kvW: kvW, ttl: time.Hour, routine: true}
		for i := 0; i < pods; i++ {
			a.pods = append(a.pods, podIP())
		}
		for _, s := range secrets {
			a.kv = append(a.kv, fmt.Sprintf("kv/data/%s/%s/%s", ns, name, s))
		}
		if g.chance(0.5) {
			a.kv = append(a.kv, pick(g, vaultSharedSecrets))
		}
		return a
	}
	for _, s := range vaultAppSpecs {
		a := newApp(s.ns, s.name, s.pods, s.kv, s.secrets)
		a.db, a.transit, a.pki = s.db, s.transit, s.pki
		v.apps = append(v.apps, a)
	}
	// report-builder: v2.2 until the storm, the broken v2.3 during it, v2.2 again after.
	v.rbOld = newApp("analytics", "report-builder", 2, 0.1, []string{"warehouse"})
	v.rbOld.until = v.stormAt.Add(40 * time.Second)
	v.rbBad = newApp("analytics", "report-builder", 5, 0, []string{"warehouse"})
	v.rbBad.entity, v.rbBad.kv, v.rbBad.ttl, v.rbBad.routine = v.rbOld.entity, v.rbOld.kv[:1], 10*time.Minute, false
	rbNew := newApp("analytics", "report-builder", 2, 0.1, nil)
	rbNew.entity, rbNew.kv, rbNew.from = v.rbOld.entity, v.rbOld.kv, v.stormStop.Add(35*time.Second)
	v.apps = append(v.apps, v.rbOld, rbNew)
	// The Vault Secrets Operator syncs some thirty secrets of other apps every minute.
	vso := newApp("platform", "vault-secrets-operator", 1, 2.2, nil)
	for i := 0; i < 30; i++ {
		vso.kv = append(vso.kv, pick(g, pick(g, v.apps).kv))
	}
	v.apps = append(v.apps, vso)
	// The ML team's workloads, from their deploy on.
	for _, s := range []struct {
		name string
		pods int
	}{{"ml-training", 12}, {"ml-serving", 8}} {
		a := newApp("ml", s.name, s.pods, 0.25, nil)
		for _, sec := range []string{"warehouse", "mlflow", "s3-artifacts", "wandb", "hf-token"} {
			a.kv = append(a.kv, "kv-ml/data/feature-store/"+sec)
		}
		a.kv = append(a.kv, "kv-ml/data/"+s.name+"/config")
		a.tr = v.mlTeam.truth()
		a.from = v.mlTeam.start.Add(time.Duration(290+g.intn(60)) * time.Second)
		v.ml = append(v.ml, a)
		v.apps = append(v.apps, a)
	}
	for i := 0; i < 5; i++ {
		u := &vaultApp{ns: "ops", name: fmt.Sprintf("engineer-%d", i), entity: g.uuid(), pods: []string{fmt.Sprintf("10.8.%d.%d", g.between(1, 9), g.between(2, 250))}}
		v.users = append(v.users, u)
	}
	for _, p := range vaultCIProjects {
		v.ciEntities[p] = g.uuid()
	}
}

func vaultBool(ok bool, w float64) float64 {
	if ok {
		return w
	}
	return 0
}

// load is the morning's traffic, rising from 08:00 UTC, with a slow wiggle.
func (v *vaultLog) load(t time.Time) float64 {
	m := t.Sub(v.start).Minutes()
	return (0.92 + 0.16*rampUp(t, v.start, 100*time.Minute)) * (1 + 0.06*math.Sin(2*math.Pi*m/37) + 0.03*math.Sin(2*math.Pi*m/11))
}

func (v *vaultLog) rate(perSecond float64) func(time.Time) float64 {
	return func(t time.Time) float64 { return perSecond * v.load(t) }
}

// pick draws a running workload by weight.
func (v *vaultLog) pick(t time.Time, w func(*vaultApp) float64) *vaultApp {
	i := v.g.weighted(len(v.apps), func(i int) float64 {
		if !v.apps[i].up(t) {
			return 0
		}
		return w(v.apps[i])
	})
	if i < 0 {
		return nil
	}
	return v.apps[i]
}

// log writes one hclog entry, with the continuation lines of a multi-line value.
func (v *vaultLog) log(tr truth, at time.Time, level, msg string, more ...string) {
	head := at.UTC().Format(vaultLayout) + " " + map[string]string{"DEBUG": "[DEBUG]", "INFO": "[INFO] ", "WARN": "[WARN] ", "ERROR": "[ERROR]"}[level] + " " + msg
	v.j.add(tr, at, append([]string{head}, more...)...)
}

// hq is a value as hclog writes it: quoted when it holds anything outside '-'..'~'.
func hq(s string) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if r < '-' || r > '~' {
			return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
		}
	}
	return s
}

// multiline is a value with newlines as hclog writes it below its entry.
func multiline(key string, lines ...string) []string {
	out := []string{"  " + key + "="}
	for _, l := range lines {
		out = append(out, "  | "+strings.ReplaceAll(l, "\t", `\t`))
	}
	return out
}

// since is a duration of about ms milliseconds as Go prints it, to the nanosecond.
func (v *vaultLog) since(ms int) string {
	return (time.Duration(ms)*time.Millisecond + time.Duration(v.g.intn(1_000_000))*time.Nanosecond).String()
}

func (v *vaultLog) b62(n int) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[v.g.intn(len(chars))]
	}
	return string(b)
}

// port is a local port of a new connection vault-0 opens.
func (v *vaultLog) port() int {
	return v.g.between(32768, 60999)
}

// leaderless reports whether vault-0 has no active leader at t: from its step-down until
// its post-unseal setup is done.
func (v *vaultLog) leaderless(t time.Time) bool {
	return !t.Before(v.stepDown) && t.Before(v.setupDone)
}

func (v *vaultLog) auditFailing(t time.Time) bool {
	return !t.Before(v.auditAt) && t.Before(v.auditFix)
}

// slow is how much slower writes (logins, credentials) are while the lease storm loads
// the storage.
func (v *vaultLog) slow(t time.Time) float64 {
	return 1 + 0.7*v.stormLoad(t)
}

func (v *vaultLog) stormLoad(t time.Time) float64 {
	return rampUp(t, v.stormAt, 90*time.Second) * (1 - rampUp(t, v.stormStop, 30*time.Second))
}

// serve logs a request that started at t, as vault-0 handled it, and returns the status
// the client got.
func (v *vaultLog) serve(t time.Time, tr truth, r vaultReq) int {
	g := v.g
	switch {
	case v.leaderless(t) && !r.unaudited:
		// No active node to handle or forward to.
		v.completed(incident(vaultRaftLoss), t, g.lognormal(0.6, 0.5), r, 503)
		return 503
	case v.auditFailing(t) && !r.unaudited:
		at := t.Add(time.Duration(g.between(100, 900)) * time.Microsecond)
		ms := float64(at.Sub(t))/float64(time.Millisecond) + g.lognormal(0.3, 0.5)
		key := "request_path"
		if r.login {
			key = "path"
		}
		v.log(incident(vaultAuditFull), at, "ERROR", fmt.Sprintf("core: failed to audit request: %s=%s", key, strings.TrimPrefix(r.path, "/v1/")),
			multiline("error",
				"2 errors occurred:",
				"\t* event not processed by enough 'sink' nodes",
				"\t* event.(FileSink).Process: error writing to file \"/vault/audit/vault_audit.log\": write /vault/audit/vault_audit.log: no space left on device",
				"")...)
		v.completed(incident(vaultAuditFull), t, ms, r, 500)
		return 500
	}
	v.completed(tr, t, r.ms, r, r.status)
	return r.status
}

// completed is core's completed_request line, written when the response is.
func (v *vaultLog) completed(tr truth, t time.Time, ms float64, r vaultReq, status int) {
	at := t.Add(time.Duration(ms * float64(time.Millisecond)))
	v.log(tr, at, "INFO", fmt.Sprintf("core: completed_request: start_time=%s duration=%dms client_id=%s client_address=%s status_code=%d request_path=%s request_method=%s",
		t.UTC().Format(time.RFC3339), int(ms), hq(r.client), r.addr, status, r.path, r.method))
}

// simple is a request of an app that almost always succeeds, failing with status bad at
// rate pBad.
func (v *vaultLog) simple(t time.Time, a *vaultApp, tr truth, method, path string, ms, pBad float64, bad int) int {
	status := 200
	if pBad > 0 && v.g.chance(pBad) {
		status = bad
	}
	return v.serve(t, tr, vaultReq{method: method, path: path, client: a.entity, addr: pick(v.g, a.pods), ms: ms, status: status})
}

func (v *vaultLog) kvRead(t time.Time, a *vaultApp, tr truth) {
	g := v.g
	status := 200
	switch u := g.rng.Float64(); {
	case u < 0.005:
		status = 404
	case u < 0.007:
		status = 403
	}
	v.serve(t, tr, vaultReq{method: "GET", path: "/v1/" + pick(g, a.kv), client: a.entity, addr: pick(g, a.pods), ms: g.lognormal(0.9, 0.6), status: status})
}

func (v *vaultLog) transit(t time.Time, a *vaultApp, tr truth, op string) {
	status := 200
	if v.g.chance(0.001) {
		status = 400
	}
	v.serve(t, tr, vaultReq{method: "POST", path: "/v1/transit/" + op + "/" + a.transit, client: a.entity, addr: pick(v.g, a.pods), ms: v.g.lognormal(0.9, 0.5), status: status})
}

// login is a Kubernetes auth login; its token's lease is revoked when it expires.
func (v *vaultLog) login(t time.Time, a *vaultApp, tr truth) {
	g := v.g
	lease := "auth/kubernetes/login/h" + g.hex(64)
	if t.Before(v.start) {
		v.expire(t.Add(a.ttl), lease, tr, 1.5)
		return
	}
	status := 200
	switch u := g.rng.Float64(); {
	case u < 0.008:
		status = 403 // a pod's service account token gone stale
	case u < 0.010:
		status = 400
	}
	ms := g.lognormal(13, 0.35) * v.slow(t)
	if v.serve(t, tr, vaultReq{method: "POST", path: "/v1/auth/kubernetes/login", client: "", addr: pick(g, a.pods), ms: ms, status: status, login: true}) == 200 {
		v.expire(t.Add(a.ttl), lease, tr, 1.5)
	}
}

// creds is a request for database credentials of role; the lease is revoked at its TTL.
func (v *vaultLog) creds(t time.Time, a *vaultApp, tr truth, role string, ttl time.Duration) {
	g := v.g
	lease := "database/creds/" + role + "/" + v.b62(24)
	if t.Before(v.start) {
		v.expire(t.Add(ttl), lease, tr, 25)
		return
	}
	r := vaultReq{method: "GET", path: "/v1/database/creds/" + role, client: a.entity, addr: pick(g, a.pods), ms: g.lognormal(36, 0.35) * v.slow(t), status: 200}
	if strings.HasPrefix(role, "orders-") && !t.Before(v.dbAt) && t.Before(v.dbFix) {
		r.ms, r.status = g.lognormal(14, 0.4), 500
		tr = incident(vaultOrdersDB)
	}
	if v.serve(t, tr, r) == 200 {
		v.expire(t.Add(ttl), lease, tr, 25)
	}
}

// lag is how far the expiration manager is behind its timers while it works through the
// storm's leases.
func (v *vaultLog) lag(t time.Time) time.Duration {
	from := v.stormAt.Add(10*time.Minute + 30*time.Second)
	peak := v.stormStop.Add(10 * time.Minute)
	switch {
	case t.Before(from):
		return 0
	case t.Before(peak):
		return time.Duration(40 * t.Sub(from).Seconds() / peak.Sub(from).Seconds() * float64(time.Second))
	}
	if d := 40*time.Second - t.Sub(peak)/2; d > 0 {
		return d
	}
	return 0
}

// expire is the expiration manager revoking a lease when it expires at at.
func (v *vaultLog) expire(at time.Time, id string, tr truth, ms float64) {
	g := v.g
	if v.leaderless(at) {
		at = v.restoredAt.Add(time.Duration(g.intn(2500)) * time.Millisecond)
	}
	at = at.Add(v.lag(at))
	if !at.Before(v.end) {
		return
	}
	switch {
	case strings.HasPrefix(id, "database/creds/orders-") && !at.Before(v.dbAt) && at.Before(v.dbFix):
		v.failRevoke(at, id)
		return
	case strings.HasPrefix(id, "database/creds/legacy-reports/") && g.chance(0.05):
		user := fmt.Sprintf("v-kubernet-legacy-r-%s-%d", v.b62(20), at.Add(-time.Hour).Unix())
		err := fmt.Sprintf(`failed to revoke entry: resp: (*logical.Response)(nil) err: ERROR: role "%s" cannot be dropped because some objects depend on it (SQLSTATE 2BP01)`, user)
		for _, off := range []int{0, 20, 60, 140, 300, 620} {
			a := at.Add(time.Duration(off)*time.Second + time.Duration(g.between(8, 30))*time.Millisecond)
			v.log(routine, a, "ERROR", "expiration: failed to revoke lease: lease_id="+id+" error="+hq(err))
		}
		return
	}
	done := at.Add(time.Duration(ms * g.lognormal(1, 0.3) * float64(time.Millisecond)))
	v.log(tr, done, "INFO", "expiration: revoked lease: lease_id="+id)
}

// failRevoke is an orders lease expiring while orders-db rejects Vault: each attempt
// fails until the connection is fixed, retried with a doubling backoff, given up after
// six.
func (v *vaultLog) failRevoke(at time.Time, id string) {
	g := v.g
	tr := incident(vaultOrdersDB)
	err := hq("failed to revoke entry: resp: (*logical.Response)(nil) err: failed to connect to `host=orders-db.orders.svc.cluster.local user=vault-admin database=orders`: server error (FATAL: password authentication failed for user \"vault-admin\" (SQLSTATE 28P01))")
	for _, off := range []int{0, 20, 60, 140, 300, 620} {
		a := at.Add(time.Duration(off) * time.Second)
		if !a.Before(v.dbFix) {
			v.log(tr, a.Add(time.Duration(g.between(12, 40))*time.Millisecond), "INFO", "expiration: revoked lease: lease_id="+id)
			return
		}
		v.log(tr, a.Add(time.Duration(g.between(3, 12))*time.Millisecond), "ERROR", "expiration: failed to revoke lease: lease_id="+id+" error="+err)
	}
}

// pipeline is a GitLab CI job: a JWT login, its deploy secrets, sometimes AWS
// credentials (revoked with its token, silently).
func (v *vaultLog) pipeline(t time.Time) {
	g := v.g
	lease := "auth/jwt/login/h" + g.hex(64)
	if t.Before(v.start) {
		v.expire(t.Add(10*time.Minute), lease, routine, 1.5)
		return
	}
	project := pick(g, vaultCIProjects)
	ip := fmt.Sprintf("10.20.%d.%d", 96+g.intn(4), g.between(2, 254))
	status := 200
	if g.chance(0.02) {
		status = 403 // a pipeline of a branch the role's bound claims do not allow
	}
	if v.serve(t, routine, vaultReq{method: "POST", path: "/v1/auth/jwt/login", client: "", addr: ip, ms: g.lognormal(6, 0.3), status: status, login: true}) != 200 {
		return
	}
	v.expire(t.Add(10*time.Minute), lease, routine, 1.5)
	ent := v.ciEntities[project]
	for n := g.between(1, 3); n > 0; n-- {
		t = t.Add(time.Duration(g.between(300, 4000)) * time.Millisecond)
		v.serve(t, routine, vaultReq{method: "GET", path: "/v1/kv/data/ci/" + project + "/deploy", client: ent, addr: ip, ms: g.lognormal(1, 0.5), status: 200})
	}
	if g.chance(0.35) {
		t = t.Add(time.Duration(g.between(500, 3000)) * time.Millisecond)
		v.serve(t, routine, vaultReq{method: "GET", path: "/v1/aws/creds/deploy", client: ent, addr: ip, ms: g.lognormal(2200, 0.25), status: 200})
	}
}

// certManager is cert-manager's Vault issuer signing a certificate: it logs in for
// every request.
func (v *vaultLog) certManager(t time.Time) {
	g := v.g
	lease := "auth/kubernetes/login/h" + g.hex(64)
	if t.Before(v.start) {
		v.expire(t.Add(10*time.Minute), lease, routine, 1.5)
		return
	}
	const ip = "10.20.66.119"
	if v.serve(t, routine, vaultReq{method: "POST", path: "/v1/auth/kubernetes/login", client: "", addr: ip, ms: g.lognormal(12, 0.3), status: 200, login: true}) != 200 {
		return
	}
	v.expire(t.Add(10*time.Minute), lease, routine, 1.5)
	t = t.Add(time.Duration(g.between(20, 80)) * time.Millisecond)
	v.serve(t, routine, vaultReq{method: "POST", path: "/v1/pki_int/sign/cert-manager", client: "5b1f0c3e-7a2d-4e8b-9c6f-0d4e2a7b81c5", addr: ip, ms: g.lognormal(9, 0.3), status: 200})
}

// uiSession is an engineer signing in through OIDC and browsing the UI; it returns when
// the session's last request started.
func (v *vaultLog) uiSession(t time.Time, u *vaultApp, tr truth) time.Time {
	g := v.g
	ip := u.pods[0]
	v.serve(t, tr, vaultReq{method: "POST", path: "/v1/auth/oidc/oidc/auth_url", client: "", addr: ip, ms: g.lognormal(3, 0.3), status: 200, login: true})
	t = t.Add(time.Duration(g.between(6000, 25000)) * time.Millisecond)
	v.serve(t, tr, vaultReq{method: "GET", path: "/v1/auth/oidc/oidc/callback", client: "", addr: ip, ms: g.lognormal(320, 0.3), status: 200, login: true})
	t = t.Add(time.Duration(g.between(400, 1500)) * time.Millisecond)
	v.serve(t, tr, vaultReq{method: "GET", path: "/v1/sys/internal/ui/resultant-acl", client: u.entity, addr: ip, ms: g.lognormal(2, 0.3), status: 200})
	v.serve(t.Add(40*time.Millisecond), tr, vaultReq{method: "GET", path: "/v1/sys/internal/ui/mounts", client: u.entity, addr: ip, ms: g.lognormal(1.5, 0.3), status: 200})
	for n := g.between(2, 9); n > 0; n-- {
		t = t.Add(time.Duration(g.between(2000, 40000)) * time.Millisecond)
		a := pick(g, v.apps[:len(vaultAppSpecs)])
		r := vaultReq{client: u.entity, addr: ip, ms: g.lognormal(1.5, 0.5), status: 200}
		switch g.intn(5) {
		case 0:
			r.method, r.path = "LIST", "/v1/kv/metadata/"+a.ns+"/"
		case 1:
			r.method, r.path = "LIST", "/v1/kv/metadata/"+a.ns+"/"+a.name+"/"
		case 2:
			r.method, r.path = "GET", "/v1/sys/internal/ui/mounts/kv/"+a.ns
		case 3:
			r.method, r.path = "GET", "/v1/sys/policies/acl/"+a.name
			if g.chance(0.2) {
				r.status = 403
			}
		default:
			r.method, r.path = "GET", "/v1/"+pick(g, a.kv)
		}
		v.serve(t, tr, r)
	}
	return t
}

// tidy is the vault-tidy CronJob: a login, the token tidy, then the lease tidy, both
// writing their progress and counts.
func (v *vaultLog) tidy(t time.Time) {
	g := v.g
	ip := fmt.Sprintf("10.20.%d.%d", 64+g.intn(64), g.between(2, 254))
	ent := "9e27c4d1-38f5-4b0a-a6e2-71c9d05f3b84"
	if v.serve(t, routine, vaultReq{method: "POST", path: "/v1/auth/kubernetes/login", client: "", addr: ip, ms: g.lognormal(13, 0.3), status: 200, login: true}) == 200 {
		v.expire(t.Add(15*time.Minute), "auth/kubernetes/login/h"+g.hex(64), routine, 1.5)
	}
	extra := 0.0
	if t.After(v.stormAt) && t.Before(v.stormStop.Add(10*time.Minute)) {
		extra = math.Min(t.Sub(v.stormAt).Seconds(), 600) * 4
	}
	t = t.Add(time.Duration(g.between(150, 400)) * time.Millisecond)
	v.serve(t, routine, vaultReq{method: "POST", path: "/v1/auth/token/tidy", client: ent, addr: ip, ms: g.lognormal(1.5, 0.3), status: 202})
	at := t.Add(3 * time.Millisecond)
	step := func(n int, per float64) { // n entries at per a second
		at = at.Add(time.Duration(float64(n) / per * g.lognormal(1, 0.1) * float64(time.Second)))
	}
	info := func(msg string) { v.log(routine, at, "INFO", msg) }
	info("token: beginning tidy operation on tokens")
	parents := 2400 + g.intn(400) + int(extra/5)
	children := 11_000 + g.intn(1500) + int(extra)
	accessors := children + 1800 + g.intn(300)
	for p := 500; p <= children; p += 500 {
		step(500, 4200)
		info(fmt.Sprintf("token: checking validity of tokens in secondary index list: progress=%d", p))
	}
	invalid := g.intn(3)
	for p := 500; p <= accessors; p += 500 {
		step(500, 3800)
		info(fmt.Sprintf("token: checking if accessors contain valid tokens: progress=%d", p))
		if p/500 <= invalid {
			info("token: deleting token with nil entry referenced by accessor: salted_accessor=" + g.hex(40))
		}
	}
	cubby := g.intn(2)
	for p := 500; p <= accessors; p += 500 {
		step(500, 9000)
		info(fmt.Sprintf("token: checking if there are invalid cubbyholes: progress=%d", p))
		if p/500 <= cubby {
			info("token: deleting invalid cubbyhole: key=" + g.hex(40))
		}
	}
	step(200, 9000)
	for _, kv := range []struct {
		msg string
		n   int
	}{
		{"number of entries scanned in parent prefix", parents},
		{"number of entries deleted in parent prefix", g.intn(3)},
		{"number of tokens scanned in parent index list", children},
		{"number of tokens revoked in parent index list", g.intn(5)},
		{"number of accessors scanned", accessors},
		{"number of deleted accessors which had empty tokens", 0},
		{"number of revoked tokens which were invalid but present in accessors", invalid},
		{"number of deleted accessors which had invalid tokens", invalid},
		{"number of deleted cubbyhole keys that were invalid", cubby},
	} {
		info(fmt.Sprintf("token: %s: count=%d", kv.msg, kv.n))
	}
	info("token: finished tidy operation on tokens")

	t = at.Add(time.Duration(g.between(1500, 4000)) * time.Millisecond)
	v.serve(t, routine, vaultReq{method: "POST", path: "/v1/sys/leases/tidy", client: ent, addr: ip, ms: g.lognormal(1.2, 0.3), status: 202})
	at = t.Add(2 * time.Millisecond)
	info("expiration.tidy: beginning tidy operation on leases")
	leases := 9_000 + g.intn(900) + int(extra)
	for p := 500; p <= leases; p += 500 {
		step(500, 2600)
		info(fmt.Sprintf("expiration.tidy: tidying leases: progress=%d", p))
	}
	step(100, 2600)
	revoked := g.intn(3)
	info(fmt.Sprintf("expiration.tidy: number of leases scanned: count=%d", leases))
	info("expiration.tidy: number of leases which had empty tokens: count=0")
	info(fmt.Sprintf("expiration.tidy: number of leases which had invalid tokens: count=%d", revoked))
	info(fmt.Sprintf("expiration.tidy: number of leases successfully revoked: count=%d", revoked))
	info("expiration.tidy: finished tidy operation on leases")
}

// writes is the raft log's growth, entries a second: logins, credentials, renewals and
// revocations, the storm's on top.
func (v *vaultLog) writes(t time.Time) float64 {
	w := 7.5 * v.load(t)
	w += 22 * v.stormLoad(t)
	w += 6 * rampUp(t, v.stormAt.Add(10*time.Minute), time.Minute) * (1 - rampUp(t, v.stormStop.Add(10*time.Minute), time.Minute))
	if within(t, v.recon.start, 10*time.Minute) {
		w += 3
	}
	if v.leaderless(t) {
		w = 0
	}
	return w
}

func (v *vaultLog) buildIndex() {
	x := float64(v.idx0)
	for t := v.start; !t.After(v.end); t = t.Add(10 * time.Second) {
		v.idxAt = append(v.idxAt, x)
		x += 10 * v.writes(t.Add(5*time.Second))
	}
}

// index is the raft log's last index at t.
func (v *vaultLog) index(t time.Time) int64 {
	s := t.Sub(v.start).Seconds() / 10
	k := int(s)
	if k < 0 {
		return int64(v.idxAt[0])
	}
	if k+1 >= len(v.idxAt) {
		return int64(v.idxAt[len(v.idxAt)-1])
	}
	return int64(v.idxAt[k] + (v.idxAt[k+1]-v.idxAt[k])*(s-float64(k)))
}

// snapshots are raft's snapshot checks, every two to four minutes: a snapshot and a
// compaction once 8192 entries were written since the last.
func (v *vaultLog) snapshots() {
	g := v.g
	last := v.idx0 - int64(g.intn(vaultSnapAt))
	compacted := last - vaultTrailing
	for t := v.start.Add(time.Duration(g.between(20, 240)) * time.Second); t.Before(v.end); t = t.Add(time.Duration(g.between(120_000, 239_999)) * time.Millisecond) {
		idx := v.index(t)
		if idx-last < vaultSnapAt || v.leaderless(t) {
			continue
		}
		v.log(routine, t, "INFO", fmt.Sprintf("storage.raft: starting snapshot up to: index=%d", idx))
		done := t.Add(time.Duration(g.between(350, 1400)) * time.Millisecond)
		v.log(routine, done, "INFO", fmt.Sprintf("storage.raft: snapshot complete up to: index=%d", idx))
		v.log(routine, done.Add(time.Duration(g.between(1, 4))*time.Millisecond), "INFO", fmt.Sprintf("storage.raft: compacting logs: from=%d to=%d", compacted+1, idx-vaultTrailing))
		last, compacted = idx, idx-vaultTrailing
	}
}

func vaultPeer(id string) string {
	return fmt.Sprintf(`"{Voter %s %s.vault-internal:8201}"`, id, id)
}

// peerRestart is a standby's pod restarted (the upgrade): the leader's replication to it
// failing from down until it is back at up.
func (v *vaultLog) peerRestart(tr truth, id string, ips [2]string, down, up time.Time) {
	g := v.g
	at := down.Add(time.Duration(g.between(250, 900)) * time.Millisecond)
	v.log(tr, at, "ERROR", "storage.raft: failed to appendEntries to: peer="+vaultPeer(id)+" error=EOF")
	v.log(tr, at.Add(time.Duration(g.between(1, 3))*time.Millisecond), "INFO", "storage.raft: aborting pipeline replication: peer="+vaultPeer(id))
	gone := down.Add(time.Duration(g.between(1500, 3000)) * time.Millisecond) // the old pod's address removed
	newIP := down.Add(time.Duration(g.between(9000, 14000)) * time.Millisecond)
	dialErr := func(t time.Time) string {
		switch {
		case t.Before(gone):
			return hq(fmt.Sprintf("dial tcp %s:8201: connect: connection refused", ips[0]))
		case t.Before(newIP):
			return hq(fmt.Sprintf("dial tcp: lookup %s.vault-internal on %s: no such host", id, vaultDNS))
		}
		return hq(fmt.Sprintf("dial tcp %s:8201: connect: connection refused", ips[1]))
	}
	failures := 0
	for t := at.Add(time.Duration(g.between(5, 15)) * time.Millisecond); t.Before(up); {
		failures++
		backoff := 10 * time.Millisecond
		if failures > 2 {
			backoff <<= uint(min(failures-2, 12))
		}
		v.log(tr, t, "ERROR", fmt.Sprintf("storage.raft: failed to heartbeat to: peer=%s.vault-internal:8201 backoff time=%s error=%s", id, backoff, dialErr(t)))
		if failures%2 == 0 {
			v.log(tr, t.Add(time.Duration(g.between(1, 5))*time.Millisecond), "ERROR", "storage.raft: failed to appendEntries to: peer="+vaultPeer(id)+" error="+dialErr(t))
		}
		t = t.Add(backoff + time.Duration(g.between(1, 4))*time.Millisecond)
	}
	for t := down.Add(2500 * time.Millisecond); t.Before(up); t = t.Add(time.Duration(g.between(2450, 2550)) * time.Millisecond) {
		v.log(tr, t, "WARN", fmt.Sprintf("storage.raft: failed to contact: server-id=%s time=%s", id, v.since(int(t.Sub(down).Milliseconds()))))
	}
	v.log(tr, up, "WARN", fmt.Sprintf("storage.raft: appendEntries rejected, sending older logs: peer=%s next=%d", vaultPeer(id), v.index(up)-int64(g.between(150, 900))))
	v.log(tr, up.Add(time.Duration(g.between(20, 200))*time.Millisecond), "INFO", "storage.raft: pipelining replication: peer="+vaultPeer(id))
}

// onboarding is the ML platform team's onboarding: Atlantis applies its Terraform, an
// engineer writes the team's secrets, its pods start.
func (v *vaultLog) onboarding() {
	g := v.g
	tr := v.mlTeam.truth()
	t := v.mlTeam.start
	const ip = "10.20.15.40"
	ent := "c81d4e0f-2b7a-4a93-8e15-6f0b3d2c9a47"
	if v.serve(t, tr, vaultReq{method: "POST", path: "/v1/auth/kubernetes/login", client: "", addr: ip, ms: g.lognormal(13, 0.3), status: 200, login: true}) == 200 {
		v.expire(t.Add(20*time.Minute), "auth/kubernetes/login/h"+g.hex(64), tr, 1.5)
	}
	req := func(method, path string, ms float64, status int) {
		t = t.Add(time.Duration(g.between(15, 180)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: method, path: path, client: ent, addr: ip, ms: g.lognormal(ms, 0.3), status: status})
	}
	req("GET", "/v1/auth/token/lookup-self", 0.8, 200)
	req("GET", "/v1/sys/mounts", 2, 200)
	req("GET", "/v1/sys/auth", 1.5, 200)
	for _, p := range []string{"orders", "payments", "checkout", "platform-admin", "ci-deploy"} {
		req("GET", "/v1/sys/policies/acl/"+p, 0.9, 200)
	}
	for _, r := range []string{"orders-api", "payments-api", "report-builder"} {
		req("GET", "/v1/auth/kubernetes/role/"+r, 1, 200)
	}
	t = t.Add(time.Duration(g.between(3000, 9000)) * time.Millisecond) // terraform apply starts
	req("POST", "/v1/sys/mounts/kv-ml", 18, 204)
	mounted := t.Add(15 * time.Millisecond)
	v.log(tr, mounted, "INFO", `core: successful mount: namespace="" path=kv-ml/ type=kv version=""`)
	kv := "secrets.kv.kv_" + v.kvMLAcc
	v.log(tr, mounted.Add(time.Millisecond), "INFO", kv+": collecting keys to upgrade")
	v.log(tr, mounted.Add(2*time.Millisecond), "INFO", kv+": done collecting keys: num_keys=1")
	v.log(tr, mounted.Add(3*time.Millisecond), "INFO", kv+": upgrading keys finished")
	req("GET", "/v1/sys/mounts/kv-ml/tune", 1, 200)
	req("POST", "/v1/kv-ml/config", 3, 204)
	req("PUT", "/v1/sys/policies/acl/ml-platform", 4, 204)
	req("PUT", "/v1/sys/policies/acl/ml-platform-admin", 4, 204)
	req("POST", "/v1/auth/kubernetes/role/ml-training", 4, 204)
	req("POST", "/v1/auth/kubernetes/role/ml-serving", 4, 204)
	for _, p := range []string{"/v1/sys/policies/acl/ml-platform", "/v1/sys/policies/acl/ml-platform-admin", "/v1/auth/kubernetes/role/ml-training", "/v1/auth/kubernetes/role/ml-serving", "/v1/kv-ml/config"} {
		req("GET", p, 0.9, 200)
	}
	// The team's lead writes their secrets through the UI.
	lead := &vaultApp{entity: g.uuid(), pods: []string{fmt.Sprintf("10.8.%d.%d", g.between(1, 9), g.between(2, 250))}}
	t = v.uiSession(t.Add(time.Duration(g.between(90, 150))*time.Second), lead, tr)
	for _, s := range []string{"warehouse", "mlflow", "s3-artifacts", "wandb", "hf-token"} {
		t = t.Add(time.Duration(g.between(15_000, 60_000)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "POST", path: "/v1/kv-ml/data/feature-store/" + s, client: lead.entity, addr: lead.pods[0], ms: g.lognormal(4, 0.3), status: 200})
	}
	// The pods start: each logs in and reads its secrets.
	for _, a := range v.ml {
		for _, ip := range a.pods {
			s := a.from.Add(-time.Duration(g.between(0, 110_000)) * time.Millisecond)
			pod := &vaultApp{entity: a.entity, pods: []string{ip}, kv: a.kv, ttl: a.ttl}
			v.login(s, pod, tr)
			s = s.Add(time.Duration(g.between(30, 300)) * time.Millisecond)
			for _, p := range a.kv {
				s = s.Add(time.Duration(g.between(2, 40)) * time.Millisecond)
				v.serve(s, tr, vaultReq{method: "GET", path: "/v1/" + p, client: a.entity, addr: ip, ms: g.lognormal(1, 0.5), status: 200})
			}
		}
	}
}

// reconJob is the ledger-recon batch Job: forty pods, each with its own login,
// credentials, decrypts and revoke-self.
func (v *vaultLog) reconJob() {
	g := v.g
	tr := v.recon.truth()
	ent := g.uuid()
	for i := 0; i < 40; i++ {
		ip := fmt.Sprintf("10.20.%d.%d", 64+g.intn(64), g.between(2, 254))
		pod := &vaultApp{entity: ent, pods: []string{ip}, ttl: 30 * time.Minute}
		t := v.recon.start.Add(time.Duration(g.between(2000, 40000)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "POST", path: "/v1/auth/kubernetes/login", client: "", addr: ip, ms: g.lognormal(24, 0.35), status: 200, login: true})
		t = t.Add(time.Duration(g.between(300, 1000)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "GET", path: "/v1/database/creds/ledger-ro", client: ent, addr: ip, ms: g.lognormal(70, 0.35), status: 200})
		t = t.Add(time.Duration(g.between(80, 200)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "GET", path: "/v1/kv/data/finance/ledger-recon/sftp", client: ent, addr: ip, ms: g.lognormal(1, 0.4), status: 200})
		for n := g.between(15, 45); n > 0; n-- {
			t = t.Add(time.Duration(g.between(2000, 15000)) * time.Millisecond)
			v.transit(t, &vaultApp{entity: ent, pods: pod.pods, transit: "finance-exports"}, tr, "decrypt")
		}
		t = t.Add(time.Duration(g.between(1000, 3000)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "PUT", path: "/v1/auth/token/revoke-self", client: ent, addr: ip, ms: g.lognormal(6, 0.3), status: 204})
	}
}

// ordersDB is the orders-db incident: the agents retrying the failing credentials, and
// the engineer's fix.
func (v *vaultLog) ordersDB() {
	g := v.g
	tr := incident(vaultOrdersDB)
	var orders []*vaultApp
	for _, a := range v.apps {
		if strings.HasPrefix(a.db, "orders-") {
			orders = append(orders, a)
		}
	}
	// The agents' template retries and the pods crash-looping without credentials.
	g.arrivals(v.dbAt.Add(20*time.Second), v.dbFix, func(t time.Time) float64 {
		return 0.35 * rampUp(t, v.dbAt, 2*time.Minute)
	}, func(t time.Time) {
		a := orders[g.weighted(len(orders), func(i int) float64 { return float64(len(orders[i].pods)) })]
		v.creds(t, a, tr, a.db, time.Hour)
	})
	u := v.users[0]
	v.uiSession(v.dbFix.Add(-time.Duration(g.between(150, 240))*time.Second), u, routine)
	v.serve(v.dbFix.Add(-40*time.Millisecond), tr, vaultReq{method: "POST", path: "/v1/database/config/orders-db", client: u.entity, addr: u.pods[0], ms: g.lognormal(38, 0.2), status: 204})
	v.serve(v.dbFix.Add(time.Duration(g.between(20_000, 35_000))*time.Millisecond), tr, vaultReq{method: "POST", path: "/v1/database/rotate-root/orders-db", client: u.entity, addr: u.pods[0], ms: g.lognormal(55, 0.2), status: 204})
}

// storm is report-builder v2.3: a login for every request, each followed by its read.
func (v *vaultLog) storm() {
	g := v.g
	tr := incident(vaultLeaseStorm)
	a := v.rbBad
	g.arrivals(v.stormAt, v.stormStop, func(t time.Time) float64 {
		return 4.2 * v.stormLoad(t) * (1 + 0.1*math.Sin(t.Sub(v.stormAt).Seconds()/47))
	}, func(t time.Time) {
		ip := pick(g, a.pods)
		pod := &vaultApp{entity: a.entity, pods: []string{ip}, ttl: a.ttl}
		v.login(t, pod, tr)
		t = t.Add(time.Duration(g.between(20, 60)) * time.Millisecond)
		v.serve(t, tr, vaultReq{method: "GET", path: "/v1/" + a.kv[0], client: a.entity, addr: ip, ms: g.lognormal(1.2, 0.5), status: 200})
	})
}

// raftIncident is vault-2 falling behind, then the leader losing its quorum, stepping
// down and winning the election again.
func (v *vaultLog) raftIncident() {
	g := v.g
	tr := incident(vaultRaftLoss)
	ip2 := v.vault2[1]
	ip1 := v.vault1[1]
	// vault-2's stalls: appendEntries timing out, contact lost for tens of seconds, then
	// older logs sent again.
	t := v.raftAt
	for n := 0; ; n++ {
		stall := time.Duration(g.between(12_000, 25_000)+n*3000) * time.Millisecond
		if t.Add(stall).After(v.stepDown.Add(-20 * time.Second)) {
			break
		}
		v.log(tr, t, "ERROR", fmt.Sprintf("storage.raft: failed to appendEntries to: peer=%s error=%s", vaultPeer("vault-2"), hq(fmt.Sprintf("read tcp %s:%d->%s:8201: i/o timeout", vaultSelfIP, v.port(), ip2))))
		v.log(tr, t.Add(time.Duration(g.between(1, 3))*time.Millisecond), "INFO", "storage.raft: aborting pipeline replication: peer="+vaultPeer("vault-2"))
		if g.chance(0.7) {
			h := t.Add(time.Duration(g.between(500, 3000)) * time.Millisecond)
			v.log(tr, h, "ERROR", fmt.Sprintf("storage.raft: failed to heartbeat to: peer=vault-2.vault-internal:8201 backoff time=10ms error=%s", hq(fmt.Sprintf("read tcp %s:%d->%s:8201: i/o timeout", vaultSelfIP, v.port(), ip2))))
		}
		for c := t.Add(2500 * time.Millisecond); c.Before(t.Add(stall)); c = c.Add(time.Duration(g.between(2450, 2550)) * time.Millisecond) {
			v.log(tr, c, "WARN", fmt.Sprintf("storage.raft: failed to contact: server-id=vault-2 time=%s", v.since(int(c.Sub(t).Milliseconds())+g.intn(400))))
		}
		back := t.Add(stall)
		v.log(tr, back, "WARN", fmt.Sprintf("storage.raft: appendEntries rejected, sending older logs: peer=%s next=%d", vaultPeer("vault-2"), v.index(back)-int64(g.between(300, 2000)+n*400)))
		v.log(tr, back.Add(time.Duration(g.between(30, 400))*time.Millisecond), "INFO", "storage.raft: pipelining replication: peer="+vaultPeer("vault-2"))
		t = back.Add(time.Duration(g.between(15_000, 50_000)-n*2500) * time.Millisecond)
		if t.Before(back.Add(5 * time.Second)) {
			t = back.Add(5 * time.Second)
		}
	}
	// vault-2 stalls again and a blip cuts vault-1 off: no quorum.
	lost2 := v.stepDown.Add(-time.Duration(g.between(9000, 14000)) * time.Millisecond)
	v.log(tr, lost2, "ERROR", fmt.Sprintf("storage.raft: failed to appendEntries to: peer=%s error=%s", vaultPeer("vault-2"), hq(fmt.Sprintf("read tcp %s:%d->%s:8201: i/o timeout", vaultSelfIP, v.port(), ip2))))
	v.log(tr, lost2.Add(2*time.Millisecond), "INFO", "storage.raft: aborting pipeline replication: peer="+vaultPeer("vault-2"))
	for c := lost2.Add(2500 * time.Millisecond); c.Before(v.stepDown.Add(-2 * time.Second)); c = c.Add(time.Duration(g.between(2450, 2550)) * time.Millisecond) {
		v.log(tr, c, "WARN", fmt.Sprintf("storage.raft: failed to contact: server-id=vault-2 time=%s", v.since(int(c.Sub(lost2).Milliseconds()))))
	}
	s := v.stepDown
	v.log(tr, s, "WARN", "storage.raft: failed to contact: server-id=vault-1 time="+v.since(2500))
	v.log(tr, s, "WARN", "storage.raft: failed to contact: server-id=vault-2 time="+v.since(int(s.Sub(lost2).Milliseconds())))
	v.log(tr, s.Add(time.Millisecond), "WARN", "storage.raft: failed to contact quorum of nodes, stepping down")
	v.log(tr, s.Add(time.Millisecond), "INFO", `storage.raft: entering follower state: follower="Node at vault-0.vault-internal:8201 [Follower]" leader-address= leader-id=`)
	v.log(tr, s.Add(2*time.Millisecond), "INFO", "storage.raft: aborting pipeline replication: peer="+vaultPeer("vault-1"))
	c := s.Add(time.Duration(g.between(3, 12)) * time.Millisecond)
	for _, msg := range []struct{ level, text string }{
		{"WARN", "core: leadership lost, stopping active operation"},
		{"INFO", "core: pre-seal teardown starting"},
		{"INFO", "core: stopping raft active node"},
		{"INFO", "rollback: stopping rollback manager"},
		{"INFO", "core: pre-seal teardown complete"},
	} {
		c = c.Add(time.Duration(g.between(1, 40)) * time.Millisecond)
		v.log(tr, c, msg.level, msg.text)
	}
	v.log(tr, c.Add(time.Duration(g.between(2, 20))*time.Millisecond), "ERROR", `core: clearing leader advertisement failed: error="node is not the leader"`)
	// Two election rounds: the first times out, vault-1 votes in the second.
	e := v.elect1
	v.log(tr, e, "WARN", "storage.raft: heartbeat timeout reached, starting election: last-leader-addr= last-leader-id=")
	v.log(tr, e.Add(time.Millisecond), "INFO", fmt.Sprintf(`storage.raft: entering candidate state: node="Node at vault-0.vault-internal:8201 [Candidate]" term=%d`, vaultTerm+1))
	for _, p := range []struct{ id, ip string }{{"vault-1", ip1}, {"vault-2", ip2}} {
		f := e.Add(time.Duration(g.between(2000, 2600)) * time.Millisecond)
		v.log(tr, f, "ERROR", fmt.Sprintf("storage.raft: failed to make requestVote RPC: target=%s error=%s term=%d", vaultPeer(p.id), hq(fmt.Sprintf("dial tcp %s:8201: i/o timeout", p.ip)), vaultTerm+1))
	}
	e2 := v.elect2
	v.log(tr, e2, "WARN", "storage.raft: Election timeout reached, restarting election")
	v.log(tr, e2.Add(time.Millisecond), "INFO", fmt.Sprintf(`storage.raft: entering candidate state: node="Node at vault-0.vault-internal:8201 [Candidate]" term=%d`, vaultTerm+2))
	l := v.leader
	v.log(tr, l, "INFO", fmt.Sprintf("storage.raft: election won: term=%d tally=2", vaultTerm+2))
	v.log(tr, l, "INFO", `storage.raft: entering leader state: leader="Node at vault-0.vault-internal:8201 [Leader]"`)
	v.log(tr, l.Add(time.Millisecond), "INFO", "storage.raft: added peer, starting replication: peer=vault-1")
	v.log(tr, l.Add(time.Millisecond), "INFO", "storage.raft: added peer, starting replication: peer=vault-2")
	v.log(tr, l.Add(time.Duration(g.between(3, 15))*time.Millisecond), "INFO", "storage.raft: pipelining replication: peer="+vaultPeer("vault-1"))
	// The post-unseal setup, as on every acquisition of the lock, from activeAt to
	// setupDone.
	const root = `namespace="ID: root. Path: "`
	mounted := func(typ, version, path string) string {
		return fmt.Sprintf("core: successfully mounted: type=%s version=%s path=%s %s", typ, hq(version), path, root)
	}
	setup := []string{
		"core: acquired lock, enabling active operation",
		"core: post-unseal setup starting",
		"core: loaded wrapping token key",
		"core: successfully setup plugin runtime catalog",
		`core: successfully setup plugin catalog: plugin-directory=""`,
		mounted("system", vaultBuiltin, "sys/"), mounted("identity", vaultBuiltin, "identity/"), mounted("cubbyhole", vaultBuiltin, "cubbyhole/"),
		mounted("kv", "v0.17.0+builtin", "kv/"), mounted("database", vaultBuiltin, "database/"), mounted("pki", vaultBuiltin, "pki/"),
		mounted("pki", vaultBuiltin, "pki_int/"), mounted("transit", vaultBuiltin, "transit/"), mounted("aws", vaultBuiltin, "aws/"),
		mounted("kv", "v0.17.0+builtin", "kv-ml/"),
	}
	for _, acc := range []string{v.kvAcc, v.kvMLAcc} {
		kv := "secrets.kv.kv_" + acc
		keys := 7 + g.intn(5)
		if acc == v.kvAcc {
			keys = 1412 + g.intn(40)
		}
		setup = append(setup, kv+": collecting keys to upgrade", fmt.Sprintf("%s: done collecting keys: num_keys=%d", kv, keys), kv+": upgrading keys finished")
	}
	setup = append(setup,
		mounted("token", vaultBuiltin, "token/"), mounted("kubernetes", "v0.18.0+builtin", "kubernetes/"),
		mounted("jwt", "v0.20.3+builtin", "jwt/"), mounted("oidc", "v0.20.3+builtin", "oidc/"),
		"rollback: Starting the rollback manager with 256 workers",
		"rollback: starting rollback manager",
		"core: restoring leases",
		"identity: entities restored",
		"identity: groups restored",
		"core: starting raft active node",
		`storage.raft: starting autopilot: config="&{false 0 10s 24h0m0s 1000 0 10s false redundancy_zone upgrade_version}" reconcile_interval=0s`,
		"core: usage gauge collection is disabled",
		"core: post-unseal setup complete",
	)
	step := v.setupDone.Sub(v.activeAt) / time.Duration(len(setup))
	for i, msg := range setup {
		at := v.activeAt.Add(step * time.Duration(i))
		if i > 0 && i < len(setup)-1 {
			at = at.Add(time.Duration(g.rng.Int63n(int64(step))))
		}
		if i == len(setup)-1 {
			at = v.setupDone
		}
		v.log(tr, at, "INFO", msg)
	}
	v.log(tr, v.restoredAt, "INFO", "expiration: lease restore complete")
	// vault-2 needs logs the leader compacted: it is sent a snapshot and catches up.
	r := v.leader.Add(time.Duration(g.between(20, 120)) * time.Millisecond)
	behind := v.index(r) - int64(g.between(10_500, 13_000))
	v.log(tr, r, "WARN", fmt.Sprintf("storage.raft: appendEntries rejected, sending older logs: peer=%s next=%d", vaultPeer("vault-2"), behind))
	v.log(tr, r.Add(time.Millisecond), "ERROR", fmt.Sprintf(`storage.raft: failed to get log: index=%d error="log not found"`, behind))
	caughtUp := r.Add(time.Duration(g.between(90_000, 140_000)) * time.Millisecond)
	for c := r.Add(2500 * time.Millisecond); c.Before(caughtUp); c = c.Add(time.Duration(g.between(2450, 2550)) * time.Millisecond) {
		if g.chance(0.35) {
			v.log(tr, c, "WARN", fmt.Sprintf("storage.raft: failed to contact: server-id=vault-2 time=%s", v.since(2500+g.intn(2000))))
		}
	}
	v.log(tr, caughtUp, "INFO", "storage.raft: pipelining replication: peer="+vaultPeer("vault-2"))
}
