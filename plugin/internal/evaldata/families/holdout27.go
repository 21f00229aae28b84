package families

import (
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// holdout27 is written by someone who has not read the detector. See holdout27Lines.
//
// The service is the Kubernetes API server of a production cluster (kube-apiserver
// 1.29.4, kubeadm on EC2 in eu-west-1, three control-plane nodes and 33 workers, kubelets
// and kube-proxy, kube-controller-manager with per-controller service accounts, the
// scheduler, CoreDNS, ingress-nginx, Argo CD, Kyverno, cert-manager, CloudNativePG,
// kube-prometheus, cluster-autoscaler, the EBS CSI driver), and the lines are its audit
// log as the log backend writes it: one audit.k8s.io/v1 Event per line, its keys in the
// order encoding/json writes the struct (kind, apiVersion, level, auditID, stage,
// requestURI, verb, user, sourceIPs, userAgent, objectRef, responseStatus,
// requestObject, responseObject, requestReceivedTimestamp, stageTimestamp, annotations,
// the annotations' keys sorted, & < > escaped as \u0026 \u003c \u003e), microsecond
// timestamps. The audit policy omits the RequestReceived stage and skips the health,
// version, discovery, OpenAPI and metrics endpoints, events, reads of leases and the
// kubelets' reads of their Node; it logs most requests at Metadata (secrets and config
// maps never higher), users' writes of workloads and pods/exec and portforward at
// Request, and RBAC writes at RequestResponse. Long-running requests (watches, logs,
// exec, port-forward) write ResponseStarted and ResponseComplete with one auditID; the
// API server adds its latency annotations (apiserver.latency.k8s.io/*) to requests that
// took more than 500 ms, Kyverno's mutating webhook and Pod Security admission theirs to
// pod creates, and legacy service-account tokens are annotated as such.
//
// Normal traffic is 15 to 20 lines a second: node lease renewals every 10 s and node
// status patches every 5 minutes; leader-election lease renewals of the controller
// manager, the scheduler, the cloud controller manager, cluster-autoscaler, the CSI
// sidecars, Kyverno's four controllers, CloudNativePG, cert-manager and ingress-nginx;
// some 900 watches of kubelets, kube-proxy and controllers ending after their 5-10
// minute timeouts and started again (now and then one ends early and its client lists
// again from the watch cache); the HPA controller reading scales and pod metrics
// and updating its nine HPAs' status every 15 s, scaling Deployments up through the
// morning (deployment and ReplicaSet controllers, pods created, bound, their status
// patched by the kubelet, their tokens requested, EndpointSlices, quota and Kyverno
// reports updated, pods deleted); kubelets refreshing projected tokens; kube-rbac-proxy's
// token and access reviews; cluster-autoscaler's status config map; Argo CD refreshing
// its applications and now and then syncing a change; the CI deployer (a legacy token)
// deploying with kubectl set image and rollout status; CronJobs; cert-manager renewing
// two certificates over HTTP-01; CloudNativePG's status updates and a 09:00 backup;
// engineers with kubectl (get, describe, logs, exec, port-forward, top,
// rollout restart, delete pod), with their 403s where they have only view or no rights,
// 404s on mistyped names, a 422 or 400 on a bad manifest, a 401 when an OIDC token has
// expired, slow lists of all pods, now and then a Panic of an aborted log stream; 409
// conflicts of controllers; a rare 429.
//
// Benign changes: the storefront release synced by Argo CD at 0:34 (three rolling
// updates over about 15 minutes); a cluster-autoscaler scale-out at 1:18 (six nodes
// bootstrap, register and renew their leases from then on, new kubelet users, their
// DaemonSet pods and watches); a catalog export fan-out at 2:04 (an indexed Job of 144
// pods, then the Job's TTL deletion and the garbage collection of its pods); a new team
// onboarded at 2:18 (namespace fraud-ml, RBAC at RequestResponse, an Argo CD application
// deploying fraud-scoring with an HPA, new engineers).
//
// Incidents, numbered as the constants below: (1) at 0:17 the CI deployer's legacy token
// used from an address on the internet with another kubectl: permissions probed, secrets
// listed namespace by namespace (403 in most, 200 in the deploy namespaces), a few read,
// a privileged hostPath pod refused in kube-system (RBAC) and ci (Pod Security), created
// in monitoring, exec'd into and deleted; (2) at 0:57 Kyverno's admission pods hang:
// every pod create and workload write in covered namespaces fails with 500 after the
// webhook's 10 s timeout, the ReplicaSet and CronJob controllers and Argo CD retrying
// with their back-off, a CI deploy failing, the Kyverno pods restarted about ten minutes
// in (connection refused meanwhile, their watches cut and started again, the webhook
// configurations registered again) and the backlog created; (3) at 1:38 etcd slows down
// for about 17 minutes: every write and quorum read 10-50 times as slow, two stalls with
// 504 timeouts and "etcdserver: request timed out", node leases renewed late,
// low-priority clients throttled with 429, and kube-controller-manager losing its lease
// in the second stall (its container restarted, a standby taking over from another
// address and listing everything again); (4) at 2:31 the CloudNativePG operator
// hot-loops on payments/payments-db's status, hundreds of updates a minute, half of them
// 409 conflicts with the instance manager's, for about 20 minutes, until an engineer
// looks into it and deletes its pod and the replacement starts.
var holdout27 = Family{
	Name:    "holdout-27",
	Role:    Holdout,
	Service: "Kubernetes API server audit log (kube-apiserver 1.29 log backend, one audit.k8s.io/v1 Event JSON object per line; Metadata level for most requests, Request/RequestResponse for some) of a production cluster",
	Lines:   holdout27Lines,
}

const (
	h27StolenToken = "stolen CI token: the deployer's legacy service-account token used from an internet address to probe its rights, list and read secrets across namespaces (403 in most), and run a privileged hostPath pod, exec into it and delete it"
	h27Webhook     = "Kyverno admission pods hung: pod creates and workload writes in covered namespaces fail with 500 after the webhook's 10 s timeout, controllers, Argo CD and CI retrying, connection refused while the pods restart, then the backlog"
	h27Etcd        = "etcd slowness: writes and quorum reads of every client 10-50 times as slow for about 17 minutes, stalls with 504 and etcd timeouts, late node lease renewals, 429s, kube-controller-manager losing its lease to a standby that relists"
	h27HotLoop     = "CloudNativePG operator hot loop: status updates of payments-db hundreds of times a minute, half of them 409 conflicts, for about 20 minutes until its pod is deleted and replaced"
)

const (
	h27Release  = "storefront release synced by Argo CD: rolling updates of web-frontend, product-api and cart-api"
	h27ScaleOut = "cluster-autoscaler scale-out: six worker nodes bootstrap, register and join with their DaemonSet pods"
	h27Batch    = "catalog export fan-out: an indexed Job of 144 pods, then its TTL deletion and the garbage collection of its pods"
	h27Onboard  = "new team onboarded: namespace fraud-ml, its RBAC, an Argo CD application deploying fraud-scoring with an HPA, the team's engineers"
)

const (
	h27Kube      = "v1.29.4 (linux/amd64) kubernetes/55019c8"
	h27KubeletUA = "kubelet/" + h27Kube
	h27KCMUA     = "kube-controller-manager/" + h27Kube
	h27SchedUA   = "kube-scheduler/" + h27Kube
	h27Go        = "/v0.0.0 (linux/amd64) kubernetes/$Format"
	h27Region    = "eu-west-1"
	h27Mail      = "@kestrel.shop"
	// h27KyvernoSvc is the ClusterIP of kyverno-svc, which refuses connections while
	// the Service has no ready endpoints.
	h27KyvernoSvc = "100.68.93.211"
	// h27Registry is where the team images are.
	h27Registry = "412907735218.dkr.ecr.eu-west-1.amazonaws.com/"
)

// h27GVs gives each resource its API group and version (core resources are "v1").
var h27GVs = map[string]string{
	"pods": "v1", "services": "v1", "endpoints": "v1", "configmaps": "v1", "secrets": "v1", "serviceaccounts": "v1",
	"namespaces": "v1", "nodes": "v1", "persistentvolumeclaims": "v1", "persistentvolumes": "v1", "limitranges": "v1",
	"resourcequotas": "v1", "podtemplates": "v1", "replicationcontrollers": "v1",
	"deployments": "apps/v1", "replicasets": "apps/v1", "statefulsets": "apps/v1", "daemonsets": "apps/v1", "controllerrevisions": "apps/v1",
	"jobs": "batch/v1", "cronjobs": "batch/v1",
	"horizontalpodautoscalers": "autoscaling/v2",
	"poddisruptionbudgets":     "policy/v1",
	"ingresses":                "networking.k8s.io/v1", "ingressclasses": "networking.k8s.io/v1", "networkpolicies": "networking.k8s.io/v1",
	"roles": "rbac.authorization.k8s.io/v1", "rolebindings": "rbac.authorization.k8s.io/v1", "clusterroles": "rbac.authorization.k8s.io/v1", "clusterrolebindings": "rbac.authorization.k8s.io/v1",
	"storageclasses": "storage.k8s.io/v1", "csidrivers": "storage.k8s.io/v1", "csinodes": "storage.k8s.io/v1", "volumeattachments": "storage.k8s.io/v1", "csistoragecapacities": "storage.k8s.io/v1",
	"priorityclasses":                 "scheduling.k8s.io/v1",
	"runtimeclasses":                  "node.k8s.io/v1",
	"mutatingwebhookconfigurations":   "admissionregistration.k8s.io/v1",
	"validatingwebhookconfigurations": "admissionregistration.k8s.io/v1",
	"customresourcedefinitions":       "apiextensions.k8s.io/v1",
	"apiservices":                     "apiregistration.k8s.io/v1",
	"endpointslices":                  "discovery.k8s.io/v1",
	"leases":                          "coordination.k8s.io/v1",
	"certificatesigningrequests":      "certificates.k8s.io/v1",
	"tokenreviews":                    "authentication.k8s.io/v1",
	"subjectaccessreviews":            "authorization.k8s.io/v1", "selfsubjectaccessreviews": "authorization.k8s.io/v1", "selfsubjectrulesreviews": "authorization.k8s.io/v1",
	"applications": "argoproj.io/v1alpha1", "appprojects": "argoproj.io/v1alpha1",
	"certificates": "cert-manager.io/v1", "certificaterequests": "cert-manager.io/v1", "issuers": "cert-manager.io/v1", "clusterissuers": "cert-manager.io/v1",
	"orders": "acme.cert-manager.io/v1", "challenges": "acme.cert-manager.io/v1",
	"clusterpolicies": "kyverno.io/v1", "policies": "kyverno.io/v1", "policyexceptions": "kyverno.io/v2beta1",
	"admissionreports": "kyverno.io/v1alpha2", "backgroundscanreports": "kyverno.io/v1alpha2",
	"policyreports": "wgpolicyk8s.io/v1alpha2", "clusterpolicyreports": "wgpolicyk8s.io/v1alpha2",
	"clusters": "postgresql.cnpg.io/v1", "backups": "postgresql.cnpg.io/v1", "scheduledbackups": "postgresql.cnpg.io/v1", "poolers": "postgresql.cnpg.io/v1",
	"servicemonitors": "monitoring.coreos.com/v1", "podmonitors": "monitoring.coreos.com/v1", "prometheusrules": "monitoring.coreos.com/v1",
	"prometheuses": "monitoring.coreos.com/v1", "alertmanagers": "monitoring.coreos.com/v1",
	"volumesnapshots": "snapshot.storage.k8s.io/v1", "volumesnapshotcontents": "snapshot.storage.k8s.io/v1", "volumesnapshotclasses": "snapshot.storage.k8s.io/v1",
}

// h27Ref is an audit event's objectRef.
type h27Ref struct {
	group, version, resource, ns, name, uid, rv, sub string
}

// h27R returns the reference of a resource, its group and version from h27GVs.
func h27R(resource, ns, name string) h27Ref {
	gv, ok := h27GVs[resource]
	if !ok {
		panic("holdout27: no group for " + resource)
	}
	r := h27Ref{resource: resource, ns: ns, name: name, version: gv}
	if i := strings.IndexByte(gv, '/'); i >= 0 {
		r.group, r.version = gv[:i], gv[i+1:]
	}
	return r
}

func (r h27Ref) with(sub string) h27Ref { r.sub = sub; return r }
func (r h27Ref) id(uid string) h27Ref   { r.uid = uid; return r }

// qualified is the resource as API errors name it: pods, deployments.apps.
func (r h27Ref) qualified() string {
	if r.group == "" {
		return r.resource
	}
	return r.resource + "." + r.group
}

// path is the request's path; a create's names no object (the body does).
func (r h27Ref) path(named bool) string {
	var b strings.Builder
	if r.group == "" {
		b.WriteString("/api/")
	} else {
		b.WriteString("/apis/")
		b.WriteString(r.group)
		b.WriteByte('/')
	}
	b.WriteString(r.version)
	if r.ns != "" {
		b.WriteString("/namespaces/")
		b.WriteString(r.ns)
	}
	b.WriteByte('/')
	b.WriteString(r.resource)
	if named && r.name != "" {
		b.WriteByte('/')
		b.WriteString(r.name)
	}
	if r.sub != "" {
		b.WriteByte('/')
		b.WriteString(r.sub)
	}
	return b.String()
}

func (r h27Ref) fields() []field {
	fs := make([]field, 0, 8)
	fs = append(fs, field{"resource", r.resource})
	if r.ns != "" {
		fs = append(fs, field{"namespace", r.ns})
	}
	if r.name != "" {
		fs = append(fs, field{"name", r.name})
	}
	if r.uid != "" {
		fs = append(fs, field{"uid", r.uid})
	}
	if r.group != "" {
		fs = append(fs, field{"apiGroup", r.group})
	}
	fs = append(fs, field{"apiVersion", r.version})
	if r.rv != "" {
		fs = append(fs, field{"resourceVersion", r.rv})
	}
	if r.sub != "" {
		fs = append(fs, field{"subresource", r.sub})
	}
	return fs
}

// h27User is an authenticated user as the audit event records it, with where and how
// its requests come.
type h27User struct {
	name   string
	fields []field
	ua, ip string
	// reason is what RBAC says when it allows the user's usual requests; "" for the
	// Node authorizer and the privileged groups.
	reason string
	legacy bool // a legacy (Secret-based) service-account token
	low    bool // its requests fall in a low priority level of API Priority and Fairness
	kcm    bool // kube-controller-manager: its address is the current leader's
}

// h27Fail is the Status a failed request answers with.
type h27Fail struct {
	message, reason string
	details         string // raw JSON, "" for none
	code            int
}

// h27Req is one request as the API server handles it.
type h27Req struct {
	tr       truth
	at       time.Time // received
	lat      time.Duration
	u        *h27User
	verb     string
	ref      h27Ref
	noRef    bool   // a request with no objectRef
	uri      string // the whole requestURI; else ref's path and query
	query    string
	level    string // "" is Metadata
	code     int    // 0: 201 for create, 200 else
	fail     *h27Fail
	reqObj   string // raw JSON, logged at Request level and above
	respObj  string // raw JSON, logged at RequestResponse
	ann      []field
	ip, ua   string
	doneTr   *truth // the truth of ResponseComplete, when not the request's
	forbid   bool
	reason   string // RBAC's reason, when not the user's usual one
	long     bool   // long-running: ResponseStarted after first, ResponseComplete after lat
	first    time.Duration
	panicked bool          // a long-running request that ends in a handler panic
	timeout  time.Duration // the client's ?timeout=, 0 for the server's 60 s
	hook     string        // the Kyverno webhook admission calls: "mutate", "validate" or ""
	psa      string        // Pod Security's enforce level for a pod create
	psaAudit string        // what the audit level would reject
	store    int8          // 1: reaches etcd, -1: does not, 0: as its verb and query say
	apf      bool          // may be throttled (429) when the server is saturated
}

type h27Log struct {
	g          *gen
	j          *journal
	start, end time.Time
	phase      float64
	rvBase     int
	uids       map[string]string

	nodes   []*h27Node
	cps     []*h27Node
	users   map[string]*h27User
	deps    []*h27Dep
	depByNS map[string][]*h27Dep
	humans  []*h27Human
	hpas    []*h27HPA

	sched, hpaU, dc, rsc, eps *h27User
	argo, ci, cnpg, cnpgNew   *h27User
	kyvernoPods               []*h27Pod
	kubeProxy                 map[*h27Node]*h27Pod

	release, scaleOut, batch, onboard change

	tokenAt                 time.Time
	hookAt, hookRestart     time.Time
	hookUp                  time.Time
	etcdAt, etcdEnd         time.Time
	stalls                  [][2]time.Time
	kcmDown, kcmUp          time.Time
	kcmAcquire              time.Time
	loopAt                  time.Time
	cnpgRestart             time.Time
	fraud                   *h27Dep
	cnpgDep                 *h27Dep
	newNodes                []*h27Node
	staticPods              []*h27Pod
	watchers                []*h27Watcher
	leases                  []*h27Lease
	fluent, exporter        map[*h27Node]*h27User
	kcmLeaseOld             *h27User
	kcmPod                  string
	ccm, argoServer         *h27User
	certManager, reports    *h27User
	ca                      *h27User
	kyvernoUsers, instances []*h27User
	argoApps, runners       []string
	fraudAt                 time.Time
	cnpgStop, cnpgUp        time.Time
}

// ---- the writer ----

var h27HTML = strings.NewReplacer("&", `\u0026`, "<", `\u003c`, ">", `\u003e`)

func h27TS(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// ms draws a delay between lo and hi milliseconds, to the microsecond.
func (w *h27Log) ms(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo*1000, hi*1000)) * time.Microsecond
}

// dur draws a latency of the given median in milliseconds, to the nanosecond.
func (w *h27Log) dur(medianMs, sigma float64) time.Duration {
	return time.Duration(w.g.lognormal(medianMs, sigma) * float64(time.Millisecond))
}

func (w *h27Log) secs(lo, hi int) time.Duration {
	return time.Duration(w.g.between(lo, hi))*time.Second + time.Duration(w.g.intn(1000))*time.Millisecond
}

// uid returns the uid of the object named by key, the same every time.
func (w *h27Log) uid(key string) string {
	if u, ok := w.uids[key]; ok {
		return u
	}
	u := w.g.uuid()
	w.uids[key] = u
	return u
}

// rv is etcd's revision at t.
func (w *h27Log) rv(t time.Time) int { return w.rvBase + int(t.Sub(w.start).Seconds()*41) }

// oldRV is the resourceVersion an object last written some time before t holds.
func (w *h27Log) oldRV(t time.Time, ago time.Duration) string {
	return strconv.Itoa(w.rv(t.Add(-ago)) - w.g.intn(40))
}

// load is the cluster's user traffic relative to the morning's average: it rises
// through the morning and eases off in the last hour.
func (w *h27Log) load(t time.Time) float64 {
	h := t.Sub(w.start).Hours()
	return (0.72 + 0.26*math.Min(h, 2) - 0.1*math.Max(h-2, 0)) * (1 + 0.07*math.Sin(2*math.Pi*h/0.9+w.phase))
}

func h27NotFound(ref h27Ref) *h27Fail {
	d := []field{{"name", ref.name}}
	if ref.group != "" {
		d = append(d, field{"group", ref.group})
	}
	d = append(d, field{"kind", ref.resource})
	return &h27Fail{message: fmt.Sprintf("%s %q not found", ref.qualified(), ref.name), reason: "NotFound", details: jsonLine(d...), code: 404}
}

func h27Conflict(ref h27Ref) *h27Fail {
	d := []field{{"name", ref.name}}
	if ref.group != "" {
		d = append(d, field{"group", ref.group})
	}
	d = append(d, field{"kind", ref.resource})
	return &h27Fail{message: fmt.Sprintf("Operation cannot be fulfilled on %s %q: the object has been modified; please apply your changes to the latest version and try again", ref.qualified(), ref.name),
		reason: "Conflict", details: jsonLine(d...), code: 409}
}

// h27Forbidden is RBAC's refusal of verb on ref to user.
func h27Forbidden(user, verb string, ref h27Ref) *h27Fail {
	res := ref.resource
	if ref.sub != "" {
		res += "/" + ref.sub
	}
	where := fmt.Sprintf("in the namespace %q", ref.ns)
	if ref.ns == "" {
		where = "at the cluster scope"
	}
	what := ref.qualified()
	var d []field
	if ref.name != "" {
		what += fmt.Sprintf(" %q", ref.name)
		d = append(d, field{"name", ref.name})
	}
	if ref.group != "" {
		d = append(d, field{"group", ref.group})
	}
	d = append(d, field{"kind", ref.resource})
	return &h27Fail{message: fmt.Sprintf("%s is forbidden: User %q cannot %s resource %q in API group %q %s", what, user, verb, res, ref.group, where),
		reason: "Forbidden", details: jsonLine(d...), code: 403}
}

func h27Timeout() *h27Fail {
	return &h27Fail{message: "Timeout: request did not complete within requested timeout - context deadline exceeded", reason: "Timeout", details: "{}", code: 504}
}

func h27WebhookFail(hook string, refused bool) *h27Fail {
	name, path := "mutate.kyverno.svc-fail", "/mutate/fail"
	if hook == "validate" {
		name, path = "validate.kyverno.svc-fail", "/validate/fail"
	}
	why := "context deadline exceeded"
	if refused {
		why = "dial tcp " + h27KyvernoSvc + ":443: connect: connection refused"
	}
	cause := fmt.Sprintf(`failed calling webhook %q: failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443%s?timeout=10s": %s`, name, path, why)
	return &h27Fail{message: "Internal error occurred: " + cause, reason: "InternalError",
		details: `{"causes":[` + jsonLine(field{"message", cause}) + `]}`, code: 500}
}

// hookState says how Kyverno's webhooks answer at t: 0 in time, 1 not at all (the
// call times out), 2 connection refused (no ready endpoints).
func (w *h27Log) hookState(t time.Time) int {
	switch {
	case t.Before(w.hookAt) || !t.Before(w.hookUp):
		return 0
	case t.Before(w.hookRestart):
		return 1
	}
	return 2
}

// etcdFactor is how many times as long etcd takes at t.
func (w *h27Log) etcdFactor(t time.Time) float64 {
	if t.Before(w.etcdAt) || !t.Before(w.etcdEnd) {
		return 1
	}
	x := float64(t.Sub(w.etcdAt)) / float64(w.etcdEnd.Sub(w.etcdAt))
	rise := rampUp(t, w.etcdAt, 90*time.Second)
	fall := 1 - rampUp(t, w.etcdEnd.Add(-150*time.Second), 150*time.Second)
	return 1 + 34*rise*fall*(0.8+0.45*math.Sin(2*math.Pi*x*2.6+w.phase))
}

// stallWait is how long a request reaching etcd at t waits for a stall to end.
func (w *h27Log) stallWait(t time.Time) time.Duration {
	for _, s := range w.stalls {
		if !t.Before(s[0]) && t.Before(s[1]) {
			return s[1].Sub(t)
		}
	}
	return 0
}

// reachesEtcd says whether a request is served by etcd rather than the watch cache or
// another server.
func (r *h27Req) reachesEtcd() bool {
	if r.store != 0 {
		return r.store > 0
	}
	if r.noRef || r.ref.group == "metrics.k8s.io" || r.long {
		return false
	}
	switch r.ref.resource {
	case "tokenreviews", "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews":
		return false
	}
	switch r.verb {
	case "create", "update", "patch", "delete", "deletecollection":
		return r.ref.sub != "token"
	case "get", "list":
		return !strings.Contains(r.query, "resourceVersion=0") && !strings.Contains(r.uri, "resourceVersion=0")
	}
	return false
}

// emit writes the request's audit events and returns its status code and when it
// completed. The incidents act here: Kyverno's webhooks failing, etcd slow, the
// controller manager without a leader.
func (w *h27Log) emit(r *h27Req) (int, time.Time) {
	g := w.g
	u := r.u
	if u.kcm && !w.kcmDown.IsZero() && !r.at.Before(w.kcmDown) && r.at.Before(w.kcmUp) {
		// Queued in the controllers until a new leader runs them.
		r.at = w.kcmUp.Add(w.ms(5, 1500))
		r.tr = merge(incident(h27Etcd), r.tr)
	}
	if r.verb == "update" && r.ref.uid != "" && r.ref.rv == "" {
		// An update sends the object as read: its uid and resourceVersion are the
		// objectRef's.
		r.ref.rv = w.oldRV(r.at, time.Duration(g.lognormal(40, 1.5)*float64(time.Second)))
	}
	code := r.code
	if code == 0 {
		code = 200
		if r.verb == "create" {
			code = 201
		}
	}
	fail := r.fail
	lat := r.lat
	ann := make([]field, 0, 10)
	ann = append(ann, r.ann...)
	var hookLat, etcdLat time.Duration
	if r.hook != "" && fail == nil {
		switch w.hookState(r.at) {
		case 1:
			hookLat = 10*time.Second + w.dur(1.2, 0.5)
			lat = hookLat + w.dur(0.6, 0.4)
			fail = h27WebhookFail(r.hook, false)
			r.tr = merge(incident(h27Webhook), r.tr)
		case 2:
			hookLat = w.dur(1.5, 0.4)
			lat = hookLat + w.dur(0.5, 0.4)
			fail = h27WebhookFail(r.hook, true)
			r.tr = merge(incident(h27Webhook), r.tr)
		default:
			hookLat = w.dur(5, 0.45)
			lat += hookLat
			if r.hook == "mutate" {
				ann = append(ann, field{"mutation.webhook.admission.k8s.io/round_0_index_2", `{"configuration":"kyverno-resource-mutating-webhook-cfg","webhook":"mutate.kyverno.svc-fail","mutated":false}`})
			}
		}
	}
	if fail == nil && r.psa != "" {
		ann = append(ann, field{"pod-security.kubernetes.io/enforce-policy", r.psa})
		if r.psaAudit != "" {
			ann = append(ann, field{"pod-security.kubernetes.io/audit-violations", r.psaAudit})
		}
	}
	if (fail == nil || fail.code == 404 || fail.code == 409) && r.reachesEtcd() {
		f := w.etcdFactor(r.at)
		wait := w.stallWait(r.at)
		if f > 1.3 || wait > 0 {
			etcdLat = time.Duration(float64(lat)*f*g.lognormal(1, 0.7)) + wait
			if f >= 2.5 || wait > 0 {
				r.tr = merge(incident(h27Etcd), r.tr)
			}
			timeout := r.timeout
			if timeout == 0 {
				timeout = time.Minute
			}
			switch {
			case wait > 0 && etcdLat >= 7*time.Second && timeout > 7*time.Second:
				// etcd gives up on the proposal first.
				lat = 7*time.Second + w.dur(2, 0.5)
				fail = &h27Fail{message: "etcdserver: request timed out", code: 500}
			case etcdLat >= timeout:
				lat = timeout + w.dur(0.8, 0.5)
				fail = h27Timeout()
			default:
				lat = etcdLat + lat/3
			}
			etcdLat = lat - lat/20
		}
	}
	if fail == nil && r.apf && u.low && w.etcdFactor(r.at) > 20 && g.chance(0.12) {
		// API Priority and Fairness sheds the low priority level's queue: a plain-text
		// 429, no Status object.
		code, lat, etcdLat, hookLat = 429, w.dur(1.5, 0.5), 0, 0
		r.tr = merge(incident(h27Etcd), r.tr)
	}
	if fail != nil {
		code = fail.code
	}
	if !r.long && lat > 500*time.Millisecond && code != 429 {
		// The latency trackers' annotations, which the API server adds to requests that
		// took more than 500 ms.
		serialize := w.dur(0.09, 0.6)
		if r.verb == "list" {
			// Encoding a big list takes a good part of the time.
			serialize = time.Duration(float64(lat) * (0.03 + 0.09*g.rng.Float64()))
		}
		if etcdLat == 0 && r.reachesEtcd() && hookLat < lat/2 {
			etcdLat = lat - serialize - w.dur(0.4, 0.5)
		}
		if etcdLat > 0 {
			ann = append(ann, field{"apiserver.latency.k8s.io/etcd", etcdLat.String()})
		}
		if hookLat > 0 {
			key := "apiserver.latency.k8s.io/mutating-webhook"
			if r.hook == "validate" {
				key = "apiserver.latency.k8s.io/validating-webhook"
			}
			ann = append(ann, field{key, hookLat.String()})
		}
		if fail == nil {
			ann = append(ann,
				field{"apiserver.latency.k8s.io/response-write", time.Duration(g.between(600, 4000)).String()},
				field{"apiserver.latency.k8s.io/serialize-response-object", serialize.String()},
				field{"apiserver.latency.k8s.io/transform-response-object", time.Duration(g.between(1200, 9000)).String()})
		}
		ann = append(ann, field{"apiserver.latency.k8s.io/total", lat.String()})
	}
	if code != 401 {
		decision, reason := "allow", u.reason
		if r.reason != "" {
			reason = r.reason
		}
		if r.forbid {
			decision, reason = "forbid", ""
		}
		ann = append(ann, field{"authorization.k8s.io/decision", decision}, field{"authorization.k8s.io/reason", reason})
		if u.legacy {
			ann = append(ann, field{"authentication.k8s.io/legacy-token", u.name})
		}
	}
	sort.Slice(ann, func(a, b int) bool { return ann[a].key < ann[b].key })

	id := g.uuid()
	recv := r.at.Truncate(time.Microsecond)
	done := recv.Add(lat).Truncate(time.Microsecond)
	if r.long && fail == nil {
		w.event(r, id, "ResponseStarted", recv, recv.Add(r.first).Truncate(time.Microsecond), code, nil, ann)
	}
	stage := "ResponseComplete"
	if r.panicked {
		stage = "Panic"
		fail = &h27Fail{message: "APIServer panic'd: net/http: abort Handler", reason: "InternalError", code: 500}
		code = 500
	}
	w.event(r, id, stage, recv, done, code, fail, ann)
	return code, done
}

// event writes one audit event of the request.
func (w *h27Log) event(r *h27Req, id, stage string, recv, at time.Time, code int, fail *h27Fail, ann []field) {
	if at.Before(w.start) || !at.Before(w.end) {
		return
	}
	level := r.level
	if level == "" {
		level = "Metadata"
	}
	uri := r.uri
	if uri == "" {
		named := r.ref.sub != "" || r.verb != "create" && r.verb != "list" && r.verb != "watch" && r.verb != "deletecollection"
		uri = r.ref.path(named) + r.query
	}
	ip, ua := r.ip, r.ua
	if ip == "" {
		ip = r.u.ip
		if r.u.kcm {
			ip = w.kcmIP(recv)
		}
	}
	if ua == "" {
		ua = r.u.ua
	}
	fs := make([]field, 0, 17)
	fs = append(fs, field{"kind", "Event"}, field{"apiVersion", "audit.k8s.io/v1"}, field{"level", level}, field{"auditID", id},
		field{"stage", stage}, field{"requestURI", uri}, field{"verb", r.verb}, field{"user", r.u.fields}, field{"sourceIPs", []string{ip}})
	if ua != "" {
		fs = append(fs, field{"userAgent", ua})
	}
	if !r.noRef {
		fs = append(fs, field{"objectRef", r.ref.fields()})
	}
	st := make([]field, 0, 6)
	st = append(st, field{"metadata", []field{}})
	if fail != nil {
		st = append(st, field{"status", "Failure"}, field{"message", fail.message})
		if fail.reason != "" {
			st = append(st, field{"reason", fail.reason})
		}
		if fail.details != "" {
			st = append(st, field{"details", h27DetailsMark})
		}
	}
	st = append(st, field{"code", code})
	fs = append(fs, field{"responseStatus", st})
	withReq := level != "Metadata" && r.reqObj != "" && stage != "ResponseStarted"
	if withReq {
		fs = append(fs, field{"requestObject", h27ReqMark})
	}
	withResp := level == "RequestResponse" && r.respObj != "" && fail == nil && stage == "ResponseComplete"
	if withResp {
		fs = append(fs, field{"responseObject", h27RespMark})
	}
	fs = append(fs, field{"requestReceivedTimestamp", h27TS(recv)}, field{"stageTimestamp", h27TS(at)})
	if len(ann) > 0 {
		fs = append(fs, field{"annotations", ann})
	}
	text := jsonLine(fs...)
	if fail != nil && fail.details != "" {
		text = strings.Replace(text, `"`+h27DetailsMark+`"`, fail.details, 1)
	}
	if withReq {
		text = strings.Replace(text, `"`+h27ReqMark+`"`, r.reqObj, 1)
	}
	if withResp {
		text = strings.Replace(text, `"`+h27RespMark+`"`, r.respObj, 1)
	}
	if strings.ContainsAny(text, "&<>") {
		text = h27HTML.Replace(text)
	}
	tr := r.tr
	if stage != "ResponseStarted" && r.doneTr != nil {
		tr = *r.doneTr
	}
	w.j.add(tr, at, text)
}

// Where a request's raw JSON objects go in a line.
const (
	h27ReqMark     = "@@h27-request-object@@"
	h27RespMark    = "@@h27-response-object@@"
	h27DetailsMark = "@@h27-status-details@@"
)

// kcmIP is the address of the controller manager leading at t.
func (w *h27Log) kcmIP(t time.Time) string {
	if !w.kcmAcquire.IsZero() && !t.Before(w.kcmAcquire) {
		return w.cps[1].ip
	}
	return w.cps[0].ip
}

// ---- the cluster ----

type h27Node struct {
	name, ip string
	cidr     string // the first three octets of its pod network
	u        *h27User
	cp       bool
	join     time.Time // zero: before the window
	tr       truth
	leaseUID string
}

type h27Pod struct {
	ns, name, uid, sa, ip string
	node                  *h27Node
	svc                   string
	born, gone            time.Time // gone zero: still running at the end
	tr                    truth
}

// h27Dep is a Deployment, simulated from its actions in time order.
type h27Dep struct {
	ns, name, sa, svc string
	app, quota        bool // Kyverno covers its namespace; a ResourceQuota counts its pods
	psa, psaAudit     string
	replicas          int
	rs                string
	ready             time.Duration
	pods, all         []*h27Pod
	actions           []*h27Action
	manager           string // "argocd", "ci" or ""
	version           int
	tr                truth // a Deployment created during a change
}

// h27Action is something that happens to a Deployment: a scale by the HPA, a rollout
// (an image or a restart patched in), a pod deleted by someone.
type h27Action struct {
	at      time.Time
	kind    string // "scale", "rollout", "delete", "create"
	n       int
	by      *h27User
	tr      truth
	patch   string // the request body, raw JSON
	query   string
	ip      string
	reason  string
	watch   bool   // the author waits with kubectl rollout status
	app     string // the Argo CD application syncing it
	surge   int
	minWait time.Duration
}

type h27Human struct {
	u     *h27User
	group string
	ns    []string
	admin bool
	from  time.Time
	tr    truth
	ua    string
}

type h27HPA struct {
	d        *h27Dep
	min, max int
	base     float64
	noise    float64
	cur      int
	uid      string
	tr       truth
	from     time.Time
	sel      string
	lowSince time.Time
}

type h27Watcher struct {
	u             *h27User
	ip, reason    string
	ref           h27Ref
	sel           string // the selectors of the query, each followed by &
	tr            truth
	from, to      time.Time
	fromTr, cutTr truth
}

type h27Lease struct {
	u        *h27User
	ns, name string
	period   time.Duration
	timeout  time.Duration
	from, to time.Time
	tr       truth
	firstTr  *truth // the truth of the first renewal (an acquisition), if not tr
}

func h27SAGroups(ns string) []string {
	return []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"}
}

func h27CRB(binding, role, kind, subject string) string {
	return fmt.Sprintf("RBAC: allowed by ClusterRoleBinding %q of ClusterRole %q to %s %q", binding, role, kind, subject)
}

func h27RB(binding, ns, roleKind, role, kind, subject string) string {
	return fmt.Sprintf("RBAC: allowed by RoleBinding %q of %s %q to %s %q", binding+"/"+ns, roleKind, role, kind, subject)
}

func (w *h27Log) newUser(name, uid string, groups []string, extra []field, ua, ip, reason string) *h27User {
	fs := []field{{"username", name}}
	if uid != "" {
		fs = append(fs, field{"uid", uid})
	}
	if len(groups) > 0 {
		fs = append(fs, field{"groups", groups})
	}
	if len(extra) > 0 {
		fs = append(fs, field{"extra", extra})
	}
	return &h27User{name: name, fields: fs, ua: ua, ip: ip, reason: reason}
}

// podUser is a pod's service account, as its bound token authenticates it.
func (w *h27Log) podUser(p *h27Pod, ua, reason string) *h27User {
	extra := []field{{"authentication.kubernetes.io/pod-name", []string{p.name}}, {"authentication.kubernetes.io/pod-uid", []string{p.uid}}}
	return w.newUser("system:serviceaccount:"+p.ns+":"+p.sa, w.uid("sa/"+p.ns+"/"+p.sa), h27SAGroups(p.ns), extra, ua, p.ip, reason)
}

// ctrl is one of kube-controller-manager's controllers, with its own service account.
func (w *h27Log) ctrl(name string) *h27User {
	if u := w.users["kcm/"+name]; u != nil {
		return u
	}
	sa := "system:serviceaccount:kube-system:" + name
	u := w.newUser(sa, w.uid("sa/kube-system/"+name), h27SAGroups("kube-system"), nil, h27KCMUA+"/"+sa, "",
		h27CRB("system:controller:"+name, "system:controller:"+name, "ServiceAccount", name+"/kube-system"))
	u.kcm = true
	w.users["kcm/"+name] = u
	return u
}

func (w *h27Log) newNode(ip string, cp bool, join time.Time, tr truth, k int) *h27Node {
	name := "ip-" + strings.ReplaceAll(ip, ".", "-") + "." + h27Region + ".compute.internal"
	n := &h27Node{name: name, ip: ip, cidr: fmt.Sprintf("100.96.%d", k), cp: cp, join: join, tr: tr, leaseUID: w.uid("lease/" + name)}
	n.u = w.newUser("system:node:"+name, "", []string{"system:nodes", "system:authenticated"}, nil, h27KubeletUA, ip, "")
	return n
}

func (w *h27Log) newPod(ns, name, sa string, node *h27Node, hostNet bool, born time.Time, tr truth) *h27Pod {
	ip := node.cidr + "." + strconv.Itoa(w.g.between(2, 254))
	if hostNet {
		ip = node.ip
	}
	return &h27Pod{ns: ns, name: name, uid: w.uid("pod/" + ns + "/" + name), sa: sa, ip: ip, node: node, born: born, tr: tr}
}

// schedulable says whether the scheduler places pods on n at t.
func (n *h27Node) schedulable(t time.Time) bool {
	return !n.cp && (n.join.IsZero() || t.After(n.join.Add(40*time.Second)))
}

// pickNode is the scheduler's choice: an emptier node (one that joined lately) first.
func (w *h27Log) pickNode(t time.Time) *h27Node {
	i := w.g.weighted(len(w.nodes), func(i int) float64 {
		n := w.nodes[i]
		if !n.schedulable(t) {
			return 0
		}
		if !n.join.IsZero() && t.Before(n.join.Add(40*time.Minute)) {
			return 4
		}
		return 1
	})
	return w.nodes[i]
}

// static makes the pods of a workload running since before the window: a StatefulSet's
// (name-0, name-1) or a ReplicaSet's.
func (w *h27Log) static(ns, prefix, sa string, n int, stateful, hostNet bool) []*h27Pod {
	g := w.g
	hash := g.alnum(10)
	var pods []*h27Pod
	for i := 0; i < n; i++ {
		name := prefix + "-" + hash + "-" + g.alnum(5)
		if stateful {
			name = fmt.Sprintf("%s-%d", prefix, i)
		}
		born := w.start.Add(-time.Duration(g.between(26, 900)) * time.Hour).Add(-w.secs(0, 3600))
		pods = append(pods, w.newPod(ns, name, sa, w.pickNode(w.start), hostNet, born, routine))
	}
	w.staticPods = append(w.staticPods, pods...)
	return pods
}

var h27PSAWouldViolate = `would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`

// h27Apps are the teams' Deployments: namespace, name, replicas, readiness in seconds,
// who deploys them, whether a Service selects them, whether a quota counts them, the
// namespace's Pod Security level (and whether its pods would violate restricted), the
// HPA's bounds (0: none).
var h27Apps = []struct {
	ns, name       string
	replicas, secs int
	manager        string
	svc, quota     bool
	psa            string
	violates       bool
	hpaMin, hpaMax int
}{
	{"storefront", "web-frontend", 8, 35, "argocd", true, false, "baseline", true, 6, 20},
	{"storefront", "product-api", 6, 25, "argocd", true, false, "baseline", true, 4, 14},
	{"storefront", "cart-api", 4, 20, "argocd", true, false, "baseline", false, 3, 10},
	{"checkout", "checkout-api", 6, 30, "ci", true, true, "restricted", false, 4, 16},
	{"payments", "payments-api", 4, 40, "ci", true, true, "restricted", false, 3, 10},
	{"payments", "payments-worker", 3, 15, "ci", false, true, "restricted", false, 0, 0},
	{"search", "search-api", 4, 45, "argocd", true, false, "baseline", true, 3, 12},
	{"search", "search-indexer", 2, 20, "argocd", false, false, "baseline", true, 0, 0},
	{"identity", "auth-service", 3, 25, "ci", true, false, "restricted", false, 3, 8},
	{"notifications", "notifier", 2, 15, "ci", true, false, "baseline", true, 2, 6},
	{"catalog", "catalog-api", 3, 30, "ci", true, true, "baseline", false, 3, 10},
	{"catalog", "pricing-engine", 3, 50, "ci", true, true, "baseline", false, 0, 0},
}

func (w *h27Log) newDep(ns, name, sa string, replicas int, ready time.Duration, manager, psa, psaAudit string, svc, app, quota bool, tr truth) *h27Dep {
	g := w.g
	d := &h27Dep{ns: ns, name: name, sa: sa, replicas: replicas, ready: ready, manager: manager, psa: psa, psaAudit: psaAudit,
		app: app, quota: quota, rs: name + "-" + g.alnum(g.between(9, 10)), version: g.between(40, 400), tr: tr}
	if svc {
		d.svc = name + "-" + g.alnum(5)
	}
	for i := 0; i < replicas; i++ {
		born := w.start.Add(-time.Duration(g.between(2, 200)) * time.Hour).Add(-w.secs(0, 3600))
		p := w.newPod(ns, d.rs+"-"+g.alnum(5), sa, w.pickNode(w.start), false, born, routine)
		p.svc = d.svc
		d.pods = append(d.pods, p)
		d.all = append(d.all, p)
	}
	w.deps = append(w.deps, d)
	w.depByNS[ns] = append(w.depByNS[ns], d)
	return d
}

// ---- pods and Deployments ----

// h27PodSpec is a pod a controller (or a user) creates.
type h27PodSpec struct {
	ns, prefix, name, sa string
	by                   *h27User
	query                string
	psa, psaAudit        string
	app, quota           bool
	node                 *h27Node // nil: the scheduler picks one
	hostNet              bool
	svc                  string
	ready                time.Duration
	tr                   truth
	retry                bool
	level                string
	reqObj               string
	reason               string
}

func h27Hook(app bool, hook string) string {
	if app {
		return hook
	}
	return ""
}

// retryTruth is the truth of a controller's retry of a request that failed at t.
func (w *h27Log) retryTruth(t time.Time, tr truth) truth {
	if w.hookState(t) != 0 {
		return merge(incident(h27Webhook), tr)
	}
	return merge(incident(h27Etcd), tr)
}

// launch creates a pod, retrying as a controller's work queue does (its exponential
// back-off on top of the failed call) while admission or etcd fails. It returns the pod
// (nil if the create failed and is not retried), when it is ready, and when the create
// returned.
func (w *h27Log) launch(at time.Time, s h27PodSpec) (*h27Pod, time.Time, time.Time) {
	tr := s.tr
	for attempt := 0; ; attempt++ {
		name := s.name
		if name == "" {
			name = s.prefix + w.g.alnum(5)
		}
		ref := h27R("pods", s.ns, s.name)
		code, end := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(10, 0.35), u: s.by, verb: "create", ref: ref, query: s.query,
			hook: h27Hook(s.app, "mutate"), psa: s.psa, psaAudit: s.psaAudit, level: s.level, reqObj: s.reqObj, reason: s.reason})
		if code < 300 {
			p, ready := w.podStarted(end, name, s)
			return p, ready, end
		}
		if !s.retry {
			return nil, end, end
		}
		tr = w.retryTruth(at, s.tr)
		backoff := min(5*time.Millisecond<<min(attempt, 20), 300*time.Second)
		at = end.Add(backoff + w.ms(1, 40))
	}
}

// podStarted writes what follows a pod's creation: the scheduler's binding, the
// kubelet's status patches and token request, Fluent Bit's lookup, the EndpointSlice,
// Kyverno's admission report and the quota's status.
func (w *h27Log) podStarted(created time.Time, name string, s h27PodSpec) (*h27Pod, time.Time) {
	g := w.g
	node := s.node
	if node == nil {
		node = w.pickNode(created)
	}
	p := w.newPod(s.ns, name, s.sa, node, s.hostNet, created, s.tr)
	p.svc = s.svc
	kt := merge(s.tr, node.tr)
	pod := h27R("pods", s.ns, name)
	_, bound := w.emit(&h27Req{tr: s.tr, at: created.Add(w.dur(9, 0.9)), lat: w.dur(6, 0.4), u: w.sched, verb: "create", ref: pod.id(p.uid).with("binding")})
	w.emit(&h27Req{tr: kt, at: bound.Add(w.ms(250, 1400)), lat: w.dur(5, 0.4), u: node.u, verb: "patch", ref: pod.with("status")})
	w.emit(&h27Req{tr: kt, at: bound.Add(w.ms(150, 900)), lat: w.dur(3.5, 0.4), u: node.u, verb: "create", ref: h27R("serviceaccounts", s.ns, s.sa).with("token")})
	running := bound.Add(w.ms(1200, 6000))
	if g.chance(0.12) {
		running = running.Add(w.secs(4, 40)) // the image was not on the node
	}
	w.emit(&h27Req{tr: kt, at: running, lat: w.dur(5, 0.4), u: node.u, verb: "patch", ref: pod.with("status")})
	if fb := w.fluent[node]; fb != nil {
		w.emit(&h27Req{tr: kt, at: running.Add(w.ms(200, 3000)), lat: w.dur(2.5, 0.4), u: fb, verb: "get", ref: pod})
	}
	ready := running.Add(time.Duration(float64(s.ready) * g.lognormal(1, 0.2)))
	w.emit(&h27Req{tr: kt, at: ready, lat: w.dur(5, 0.4), u: node.u, verb: "patch", ref: pod.with("status")})
	if s.svc != "" {
		w.emit(&h27Req{tr: s.tr, at: ready.Add(w.ms(20, 900)), lat: w.dur(5, 0.4), u: w.eps, verb: "update", ref: h27R("endpointslices", s.ns, s.svc).id(w.uid("eps/" + s.ns + "/" + s.svc))})
	}
	if s.app {
		w.kyvernoReport(created, s.ns, s.tr)
	}
	if s.quota && g.chance(0.7) {
		w.quota(created.Add(w.ms(20, 400)), s.ns, s.tr)
	}
	return p, ready
}

// kyvernoReport writes Kyverno's report of an admitted request: the admission
// controller's ephemeral report, merged into the namespace's policy report and deleted
// by the reports controller.
func (w *h27Log) kyvernoReport(at time.Time, ns string, tr truth) {
	g := w.g
	k := pick(g, w.kyvernoUsers)
	id := g.uuid()
	_, t := w.emit(&h27Req{tr: tr, at: at.Add(w.ms(30, 500)), lat: w.dur(6, 0.4), u: k, verb: "create", ref: h27R("admissionreports", ns, id)})
	t = t.Add(w.secs(6, 20))
	_, t = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(7, 0.4), u: w.reports, verb: "update", ref: h27R("policyreports", ns, w.uid("polr/"+ns)).id(w.uid("polr/" + ns))})
	w.emit(&h27Req{tr: tr, at: t.Add(w.ms(2, 40)), lat: w.dur(5, 0.4), u: w.reports, verb: "delete", ref: h27R("admissionreports", ns, id)})
}

func (w *h27Log) quota(at time.Time, ns string, tr truth) {
	name := ns + "-quota"
	code, end := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(5, 0.4), u: w.ctrl("resourcequota-controller"), verb: "update",
		ref: h27R("resourcequotas", ns, name).id(w.uid("quota/" + ns)).with("status"), fail: w.maybeConflict(0.04, h27R("resourcequotas", ns, name))})
	if code == 409 {
		w.quota(end.Add(w.ms(5, 200)), ns, tr)
	}
}

// maybeConflict is a 409 of an update made from a stale cache, with probability p.
func (w *h27Log) maybeConflict(p float64, ref h27Ref) *h27Fail {
	if w.g.chance(p) {
		return h27Conflict(ref)
	}
	return nil
}

// stopPod deletes a pod: the deleter's request, the EndpointSlice, the kubelet's status
// once the containers stopped and its final delete.
func (w *h27Log) stopPod(at time.Time, p *h27Pod, by *h27User, tr truth, grace time.Duration, reason string) time.Time {
	pod := h27R("pods", p.ns, p.name)
	end := at
	if by != nil {
		_, end = w.emit(&h27Req{tr: tr, at: at, lat: w.dur(7, 0.4), u: by, verb: "delete", ref: pod, reason: reason})
	}
	if p.svc != "" {
		w.emit(&h27Req{tr: tr, at: end.Add(w.ms(10, 400)), lat: w.dur(5, 0.4), u: w.eps, verb: "update", ref: h27R("endpointslices", p.ns, p.svc).id(w.uid("eps/" + p.ns + "/" + p.svc))})
	}
	kt := merge(tr, p.node.tr)
	stopped := end.Add(grace)
	w.emit(&h27Req{tr: kt, at: stopped, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod.with("status")})
	_, gone := w.emit(&h27Req{tr: kt, at: stopped.Add(w.ms(20, 300)), lat: w.dur(6, 0.4), u: p.node.u, verb: "delete", ref: pod})
	p.gone = gone
	return gone
}

func (w *h27Log) podSpec(d *h27Dep, tr truth) h27PodSpec {
	return h27PodSpec{ns: d.ns, prefix: d.rs + "-", sa: d.sa, by: w.rsc, psa: d.psa, psaAudit: d.psaAudit, app: d.app, quota: d.quota,
		svc: d.svc, ready: d.ready, tr: tr, retry: true}
}

// addPods has the ReplicaSet controller create k pods of d's current ReplicaSet, one
// after the other; it returns when the last is ready.
func (w *h27Log) addPods(d *h27Dep, at time.Time, k int, tr truth) time.Time {
	last := at
	for i := 0; i < k; i++ {
		p, ready, end := w.launch(at, w.podSpec(d, tr))
		if p != nil {
			d.pods = append(d.pods, p)
			d.all = append(d.all, p)
		}
		if ready.After(last) {
			last = ready
		}
		at = end.Add(w.ms(1, 12))
	}
	return last
}

func (w *h27Log) rsStatus(d *h27Dep, rs string, at time.Time, tr truth) time.Time {
	ref := h27R("replicasets", d.ns, rs)
	code, end := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(5, 0.4), u: w.rsc, verb: "update", ref: ref.id(w.uid("rs/" + d.ns + "/" + rs)).with("status"), fail: w.maybeConflict(0.03, ref)})
	if code == 409 {
		_, end = w.emit(&h27Req{tr: tr, at: end.Add(w.ms(3, 60)), lat: w.dur(5, 0.4), u: w.rsc, verb: "update", ref: ref.id(w.uid("rs/" + d.ns + "/" + rs)).with("status")})
	}
	return end
}

func (w *h27Log) depStatus(d *h27Dep, at time.Time, tr truth) time.Time {
	_, end := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(5, 0.4), u: w.dc, verb: "update", ref: h27R("deployments", d.ns, d.name).id(w.uid("dep/" + d.ns + "/" + d.name)).with("status")})
	return end
}

// scaleRS is the deployment controller setting a ReplicaSet's replicas.
func (w *h27Log) scaleRS(d *h27Dep, rs string, at time.Time, tr truth) time.Time {
	_, end := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(6, 0.4), u: w.dc, verb: "update", ref: h27R("replicasets", d.ns, rs).id(w.uid("rs/" + d.ns + "/" + rs))})
	return end
}

func (w *h27Log) runDep(d *h27Dep) {
	sort.SliceStable(d.actions, func(a, b int) bool { return d.actions[a].at.Before(d.actions[b].at) })
	free := w.start
	for _, a := range d.actions {
		at := a.at
		if at.Before(free) {
			at = free.Add(w.ms(50, 2000))
		}
		if !at.Before(w.end) {
			break
		}
		switch a.kind {
		case "scale":
			free = w.scale(d, at, a)
		case "rollout":
			free = w.rollout(d, at, a)
		case "delete":
			free = w.deleteOne(d, at, a)
		case "create":
			free = w.createDep(d, at, a)
		}
	}
}

func (w *h27Log) scale(d *h27Dep, at time.Time, a *h27Action) time.Time {
	n, tr := a.n, a.tr
	d.replicas = n
	if n == len(d.pods) {
		return at
	}
	t := w.scaleRS(d, d.rs, at.Add(w.ms(2, 20)), tr)
	w.depStatus(d, t.Add(w.ms(5, 40)), tr)
	if n > len(d.pods) {
		w.rsStatus(d, d.rs, t.Add(w.ms(30, 120)), tr)
		ready := w.addPods(d, t.Add(w.ms(3, 20)), n-len(d.pods), tr)
		w.rsStatus(d, d.rs, ready.Add(w.ms(5, 300)), tr)
		w.depStatus(d, ready.Add(w.ms(20, 400)), tr)
		return t.Add(w.ms(500, 1500))
	}
	for len(d.pods) > n {
		p := d.pods[len(d.pods)-1]
		d.pods = d.pods[:len(d.pods)-1]
		w.stopPod(t.Add(w.ms(3, 40)), p, w.rsc, tr, w.secs(2, 25), "")
	}
	w.rsStatus(d, d.rs, t.Add(w.ms(40, 200)), tr)
	return t.Add(w.ms(300, 900))
}

// argoDelays is how Argo CD backs off a failed sync: 5 s doubling to 3 minutes.
var argoDelays = []int{5, 10, 20, 40, 80, 160, 180}

// rollout patches d's pod template (an image, a restart) and rolls the new ReplicaSet
// out with maxSurge 25% and maxUnavailable 0.
func (w *h27Log) rollout(d *h27Dep, at time.Time, a *h27Action) time.Time {
	g := w.g
	tr := a.tr
	dep := h27R("deployments", d.ns, d.name)
	t := at
	for attempt := 0; ; attempt++ {
		if a.by != w.argo {
			_, t = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3, 0.4), u: a.by, ip: a.ip, verb: "get", ref: dep, reason: a.reason})
			t = t.Add(w.ms(20, 200))
		}
		code, end := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(9, 0.4), u: a.by, ip: a.ip, verb: "patch", ref: dep, query: a.query, level: "Request",
			reqObj: a.patch, hook: h27Hook(d.app, "validate"), reason: a.reason})
		if code < 300 {
			t = end
			break
		}
		if a.by == w.ci {
			return end // the pipeline fails; someone reruns it later
		}
		tr = w.retryTruth(t, a.tr)
		if a.by == w.argo {
			t = end.Add(time.Duration(argoDelays[min(attempt, len(argoDelays)-1)]) * time.Second)
			w.argoStatus(a.app, end.Add(w.ms(100, 600)), tr)
		} else {
			t = end.Add(w.secs(25, 100))
		}
		if !t.Before(w.end) {
			return t
		}
	}
	tr = a.tr
	started := t
	if a.app != "" {
		w.argoStatus(a.app, t.Add(w.ms(100, 800)), tr)
	}
	d.version++
	oldRS := d.rs
	d.rs = d.name + "-" + g.alnum(g.between(9, 10))
	_, t = w.emit(&h27Req{tr: tr, at: t.Add(w.ms(5, 40)), lat: w.dur(8, 0.4), u: w.dc, verb: "create", ref: h27R("replicasets", d.ns, d.rs)})
	t = w.depStatus(d, t.Add(w.ms(5, 40)), tr)
	old := d.pods
	d.pods = nil
	n := d.replicas
	surge := a.surge
	if surge == 0 {
		surge = (n + 3) / 4
	}
	for len(d.pods) < n {
		s := min(surge, n-len(d.pods))
		t = w.scaleRS(d, d.rs, t.Add(w.ms(3, 30)), tr)
		w.rsStatus(d, d.rs, t.Add(w.ms(30, 150)), tr)
		ready := w.addPods(d, t.Add(w.ms(3, 20)), s, tr)
		t = w.rsStatus(d, d.rs, ready.Add(w.ms(5, 300)), tr)
		t = w.depStatus(d, t.Add(w.ms(5, 200)), tr)
		t = t.Add(a.minWait)
		t = w.scaleRS(d, oldRS, t.Add(w.ms(3, 30)), tr)
		for i := 0; i < s && len(old) > 0; i++ {
			w.stopPod(t.Add(w.ms(3, 60)), old[0], w.rsc, tr, w.secs(2, 28), "")
			old = old[1:]
		}
		t = w.rsStatus(d, oldRS, t.Add(w.ms(40, 250)), tr)
		t = w.depStatus(d, t.Add(w.ms(5, 200)), tr)
	}
	for _, p := range old {
		w.stopPod(t.Add(w.ms(3, 60)), p, w.rsc, tr, w.secs(2, 28), "")
	}
	t = w.depStatus(d, t.Add(w.ms(100, 900)), tr)
	if g.chance(0.4) {
		// The revision history limit: the oldest ReplicaSet goes.
		w.emit(&h27Req{tr: tr, at: t.Add(w.ms(5, 80)), lat: w.dur(7, 0.4), u: w.dc, verb: "delete", ref: h27R("replicasets", d.ns, d.name+"-"+g.alnum(g.between(9, 10)))})
	}
	if a.watch {
		// kubectl rollout status: a watch of the Deployment until it is complete.
		_, l := w.emit(&h27Req{tr: tr, at: started.Add(w.ms(300, 1500)), lat: w.dur(4, 0.4), u: a.by, ip: a.ip, verb: "list", ref: dep,
			uri: dep.path(false) + "?fieldSelector=metadata.name%3D" + d.name + "&limit=500", reason: a.reason})
		l = l.Add(w.ms(2, 20))
		w.emit(&h27Req{tr: tr, at: l, lat: t.Sub(l) + w.ms(2, 40), first: w.ms(2, 8), long: true, u: a.by, ip: a.ip, verb: "watch",
			ref: dep, uri: dep.path(false) + "?fieldSelector=metadata.name%3D" + d.name + "&resourceVersion=" + strconv.Itoa(w.rv(l)) + "&watch=true", reason: a.reason})
	}
	if a.app != "" {
		w.argoStatus(a.app, t.Add(w.ms(500, 4000)), tr)
		w.argoStatus(a.app, t.Add(w.secs(5, 20)), tr)
	}
	return t
}

// deleteOne is a user deleting a pod of d; the ReplicaSet controller replaces it.
func (w *h27Log) deleteOne(d *h27Dep, at time.Time, a *h27Action) time.Time {
	if len(d.pods) == 0 {
		return at
	}
	i := w.g.intn(len(d.pods))
	p := d.pods[i]
	d.pods = append(d.pods[:i:i], d.pods[i+1:]...)
	pod := h27R("pods", p.ns, p.name)
	_, t := w.emit(&h27Req{tr: a.tr, at: at, lat: w.dur(3, 0.4), u: a.by, ip: a.ip, verb: "get", ref: pod, reason: a.reason})
	t = t.Add(w.ms(40, 300))
	w.stopPod(t, p, a.by, a.tr, w.secs(2, 28), a.reason)
	w.addPods(d, t.Add(w.ms(15, 60)), 1, a.tr)
	w.rsStatus(d, d.rs, t.Add(w.ms(60, 300)), a.tr)
	return t.Add(time.Second)
}

// createDep is a Deployment created by Argo CD (its replicas from zero).
func (w *h27Log) createDep(d *h27Dep, at time.Time, a *h27Action) time.Time {
	tr := a.tr
	_, t := w.emit(&h27Req{tr: tr, at: at, lat: w.dur(12, 0.4), u: a.by, verb: "create", ref: h27R("deployments", d.ns, d.name), query: a.query, level: "Request", reqObj: a.patch, hook: h27Hook(d.app, "validate")})
	_, t = w.emit(&h27Req{tr: tr, at: t.Add(w.ms(5, 40)), lat: w.dur(8, 0.4), u: w.dc, verb: "create", ref: h27R("replicasets", d.ns, d.rs)})
	w.depStatus(d, t.Add(w.ms(5, 40)), tr)
	d.replicas = a.n
	ready := w.addPods(d, t.Add(w.ms(5, 30)), a.n, tr)
	w.rsStatus(d, d.rs, ready.Add(w.ms(5, 300)), tr)
	w.depStatus(d, ready.Add(w.ms(20, 400)), tr)
	return ready
}

// argoStatus is Argo CD's application controller patching an application's status.
func (w *h27Log) argoStatus(app string, at time.Time, tr truth) {
	w.emit(&h27Req{tr: tr, at: at, lat: w.dur(8, 0.45), u: w.argo, verb: "patch", ref: h27R("applications", "argocd", app), apf: true})
}

// ---- the HPA controller ----

func (w *h27Log) hpaLoop(h *h27HPA) {
	g := w.g
	d := h.d
	from := w.start.Add(-w.secs(0, 14))
	if !h.from.IsZero() {
		from = h.from
	}
	scaleRef := h27R("deployments", d.ns, d.name).with("scale")
	metrics := h27Ref{group: "metrics.k8s.io", version: "v1beta1", resource: "pods", ns: d.ns}
	hpa := h27R("horizontalpodautoscalers", d.ns, d.name).id(h.uid).with("status")
	for t := from; t.Before(w.end); t = t.Add(15*time.Second + w.ms(0, 30)) {
		if t.Before(w.start) {
			continue
		}
		tr := h.tr
		_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(2.5, 0.4), u: w.hpaU, verb: "get", ref: scaleRef})
		_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(1, 4)), lat: w.dur(13, 0.5), u: w.hpaU, verb: "list", ref: metrics, query: "?labelSelector=" + h.sel})
		h.noise = 0.94*h.noise + 0.03*g.rng.NormFloat64()
		desired := int(math.Ceil(h.base * w.load(t) * (1 + h.noise)))
		desired = max(h.min, min(h.max, desired))
		changed := false
		switch {
		case desired > h.cur:
			changed = true
		case desired < h.cur:
			if h.lowSince.IsZero() {
				h.lowSince = t
			} else if t.Sub(h.lowSince) >= 5*time.Minute {
				changed = true
			}
		default:
			h.lowSince = time.Time{}
		}
		if changed {
			h.lowSince = time.Time{}
			_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(2, 8)), lat: w.dur(7, 0.4), u: w.hpaU, verb: "update", ref: scaleRef.id(w.uid("dep/" + d.ns + "/" + d.name))})
			d.actions = append(d.actions, &h27Action{at: e.Add(w.ms(10, 60)), kind: "scale", n: desired, tr: tr})
			h.cur = desired
		}
		if changed || g.chance(0.8) {
			w.emit(&h27Req{tr: tr, at: e.Add(w.ms(1, 6)), lat: w.dur(5, 0.4), u: w.hpaU, verb: "update", ref: hpa, fail: w.maybeConflict(0.002, hpa)})
		}
	}
}

// ---- periodic traffic ----

// nodeLeases renews each node's lease every 10 s (sliding: the next period starts when
// the renewal returns), retrying a failed renewal after 200 ms, doubling.
func (w *h27Log) nodeLeases() {
	for _, n := range w.nodes {
		from := w.start.Add(-w.secs(0, 10))
		if !n.join.IsZero() {
			from = n.join.Add(w.secs(6, 9))
		}
		ref := h27R("leases", "kube-node-lease", n.name).id(n.leaseUID)
		for t := from; t.Before(w.end); {
			var end time.Time
			for fails := 0; ; fails++ {
				r := ref
				r.rv = w.oldRV(t, 10*time.Second)
				code, e := w.emit(&h27Req{tr: n.tr, at: t, lat: w.dur(3.2, 0.35), u: n.u, verb: "update", ref: r, query: "?timeout=10s", timeout: 10 * time.Second})
				end = e
				if code < 300 || fails >= 4 {
					break
				}
				t = e.Add(min(200*time.Millisecond<<fails, 7*time.Second))
			}
			t = end.Add(10*time.Second + w.ms(0, 400))
		}
	}
}

// nodeStatus is each kubelet's status patch every 5 minutes.
func (w *h27Log) nodeStatus() {
	for _, n := range w.nodes {
		from := w.start.Add(-w.secs(0, 300))
		if !n.join.IsZero() {
			from = n.join.Add(5 * time.Minute)
		}
		for t := from; t.Before(w.end); t = t.Add(5*time.Minute + w.ms(0, 2000)) {
			w.emit(&h27Req{tr: n.tr, at: t, lat: w.dur(6, 0.4), u: n.u, verb: "patch", ref: h27R("nodes", "", n.name).with("status"), query: "?timeout=10s", timeout: 10 * time.Second})
		}
	}
}

func (w *h27Log) leaseLoop(l *h27Lease, firstTr *truth) {
	ref := h27R("leases", l.ns, l.name).id(w.uid("lease/" + l.ns + "/" + l.name))
	q := ""
	if l.timeout > 0 {
		q = "?timeout=" + l.timeout.String()
	}
	t := l.from
	if t.IsZero() {
		t = w.start.Add(-time.Duration(w.g.rng.Int63n(int64(l.period))))
	}
	to := l.to
	if to.IsZero() {
		to = w.end
	}
	for first := true; t.Before(to); first = false {
		r := ref
		r.rv = w.oldRV(t, l.period)
		tr := l.tr
		if first && firstTr != nil {
			tr = *firstTr
		}
		_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3.4, 0.35), u: l.u, verb: "update", ref: r, query: q, timeout: l.timeout})
		t = e.Add(l.period + w.ms(0, 25))
	}
}

// watch runs one client's watch: each ends after its 5-10 minute timeout and the
// client watches again from the last resourceVersion; now and then one ends early and
// the client lists again from the watch cache.
func (w *h27Log) watch(x *h27Watcher) {
	g := w.g
	to := x.to
	if to.IsZero() {
		to = w.end
	}
	tr := x.tr
	var t time.Time
	if !x.from.IsZero() {
		tr = x.fromTr
		_, e := w.emit(&h27Req{tr: tr, at: x.from, lat: w.listLat(x.ref), u: x.u, ip: x.ip, verb: "list", ref: x.ref, uri: x.ref.path(false) + "?" + x.sel + "limit=500&resourceVersion=0", reason: x.reason})
		t = e.Add(w.ms(1, 30))
	} else {
		t = w.start.Add(-time.Duration(g.rng.Int63n(int64(600 * time.Second))))
	}
	for t.Before(to) {
		secs := g.between(300, 599)
		timeout := time.Duration(secs) * time.Second
		lat := timeout + w.dur(1.5, 0.6)
		early := g.chance(0.012)
		if early {
			lat = w.secs(1, secs-1)
		}
		r := &h27Req{tr: tr, at: t, lat: lat, first: w.dur(2.5, 0.5), long: true, u: x.u, ip: x.ip, verb: "watch", ref: x.ref, reason: x.reason,
			uri: x.ref.path(false) + "?allowWatchBookmarks=true&" + x.sel + "resourceVersion=" + strconv.Itoa(w.rv(t)-g.intn(3000)) + "&timeout=" + timeout.String() + "&timeoutSeconds=" + strconv.Itoa(secs) + "&watch=true"}
		switch {
		case !x.to.IsZero() && t.Add(lat).After(to):
			r.lat = to.Sub(t) + w.ms(1, 60)
			r.doneTr = &x.cutTr
		case tr != x.tr:
			// The first watch of a restarted client starts because of the restart; it
			// ends after its timeout like any other.
			r.doneTr = &x.tr
		}
		_, end := w.emit(r)
		tr = x.tr
		t = end.Add(w.ms(1, 25))
		if early && t.Before(to) {
			_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.listLat(x.ref), u: x.u, ip: x.ip, verb: "list", ref: x.ref, uri: x.ref.path(false) + "?" + x.sel + "limit=500&resourceVersion=0", reason: x.reason})
			t = e.Add(w.ms(1, 30))
		}
	}
}

// listLat is how long a list from the watch cache takes: big collections take long.
func (w *h27Log) listLat(ref h27Ref) time.Duration {
	if ref.ns == "" && ref.name == "" {
		switch ref.resource {
		case "pods", "replicasets", "secrets", "configmaps", "events", "endpointslices":
			return w.dur(140, 0.7)
		}
	}
	return w.dur(4, 0.6)
}

// tokens is each kubelet refreshing the projected service-account tokens of its pods,
// at 80% of their hour.
func (w *h27Log) tokens() {
	g := w.g
	var pods []*h27Pod
	pods = append(pods, w.staticPods...)
	for _, d := range w.deps {
		pods = append(pods, d.all...)
	}
	const every = 48*time.Minute + 7*time.Second
	for _, p := range pods {
		first := p.born.Add(every + w.ms(0, 2000))
		if first.Before(w.start) {
			first = w.start.Add(time.Duration(g.rng.Int63n(int64(every))))
		}
		gone := p.gone
		if gone.IsZero() {
			gone = w.end
		}
		for t := first; t.Before(gone); t = t.Add(every + w.ms(0, 3000)) {
			w.emit(&h27Req{tr: merge(p.tr, p.node.tr), at: t, lat: w.dur(3.5, 0.4), u: p.node.u, verb: "create", ref: h27R("serviceaccounts", p.ns, p.sa).with("token")})
		}
	}
}

// rbacProxy is kube-rbac-proxy in front of each node-exporter, reviewing Prometheus's
// token and access when its cache entry expires.
func (w *h27Log) rbacProxy() {
	for _, n := range w.nodes {
		u := w.exporter[n]
		if u == nil {
			continue
		}
		from := w.start.Add(-w.secs(0, 300))
		if !n.join.IsZero() {
			from = n.join.Add(w.secs(60, 120))
		}
		for t := from; t.Before(w.end); t = t.Add(5*time.Minute + w.ms(0, 30000)) {
			_, e := w.emit(&h27Req{tr: n.tr, at: t, lat: w.dur(1.6, 0.5), u: u, verb: "create", ref: h27R("tokenreviews", "", ""), apf: true})
			w.emit(&h27Req{tr: n.tr, at: e.Add(w.ms(1, 4)), lat: w.dur(1.1, 0.5), u: u, verb: "create", ref: h27R("subjectaccessreviews", "", ""), apf: true})
		}
	}
}

// autoscalerStatus is cluster-autoscaler writing its status config map every scan (10 s).
func (w *h27Log) autoscalerStatus() {
	ref := h27R("configmaps", "kube-system", "cluster-autoscaler-status").id(w.uid("cm/cluster-autoscaler-status"))
	for t := w.start.Add(-w.secs(0, 10)); t.Before(w.end); {
		r := ref
		r.rv = w.oldRV(t, 10*time.Second)
		_, e := w.emit(&h27Req{tr: routine, at: t, lat: w.dur(4.5, 0.4), u: w.ca, verb: "update", ref: r})
		t = e.Add(10*time.Second + w.ms(0, 150))
	}
}

// argoRefresh is Argo CD's application controller refreshing every application every
// three minutes and patching its status.
func (w *h27Log) argoRefresh() {
	for _, app := range w.argoApps {
		for t := w.start.Add(-w.secs(0, 180)); t.Before(w.end); t = t.Add(3*time.Minute + w.ms(0, 9000)) {
			w.argoStatus(app, t, routine)
		}
	}
}

type h27Cron struct {
	ns, name, sa string
	due          func(t time.Time) bool
	run          time.Duration
	psa          string
}

// cronRun is one run of a CronJob: the CronJob controller creates the Job, the Job
// controller its pod, which runs to completion; the oldest Job of the history goes.
func (w *h27Log) cronRun(c h27Cron, at time.Time, tr truth) {
	g := w.g
	job := fmt.Sprintf("%s-%d", c.name, at.Unix()/60)
	jobRef := h27R("jobs", c.ns, job)
	cj := h27R("cronjobs", c.ns, c.name).id(w.uid("cj/" + c.ns + "/" + c.name)).with("status")
	cjc, jc := w.ctrl("cronjob-controller"), w.ctrl("job-controller")
	t := at.Add(w.ms(5, 900))
	ttr := tr
	for attempt := 0; ; attempt++ {
		code, end := w.emit(&h27Req{tr: ttr, at: t, lat: w.dur(9, 0.4), u: cjc, verb: "create", ref: jobRef, hook: "validate"})
		t = end
		if code < 300 {
			break
		}
		ttr = w.retryTruth(t, tr)
		t = end.Add(min(5*time.Millisecond<<min(attempt, 20), 300*time.Second) + w.ms(1, 40))
		if !t.Before(w.end) {
			return
		}
	}
	w.kyvernoReport(t, c.ns, tr)
	w.emit(&h27Req{tr: tr, at: t.Add(w.ms(3, 30)), lat: w.dur(5, 0.4), u: cjc, verb: "update", ref: cj})
	spec := h27PodSpec{ns: c.ns, prefix: job + "-", sa: c.sa, by: jc, psa: c.psa, app: true, ready: w.ms(100, 900), tr: tr, retry: true}
	p, ready, end := w.launch(t.Add(w.ms(5, 40)), spec)
	jobStatus := jobRef.id(w.uid("job/" + c.ns + "/" + job)).with("status")
	w.emit(&h27Req{tr: tr, at: end.Add(w.ms(5, 100)), lat: w.dur(5, 0.4), u: jc, verb: "update", ref: jobStatus})
	if p == nil {
		return
	}
	done := ready.Add(time.Duration(float64(c.run) * g.lognormal(1, 0.25)))
	pod := h27R("pods", c.ns, p.name)
	kt := merge(tr, p.node.tr)
	_, e := w.emit(&h27Req{tr: kt, at: done, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod.with("status")})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 300)), lat: w.dur(6, 0.4), u: jc, verb: "patch", ref: pod})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 200)), lat: w.dur(5, 0.4), u: jc, verb: "update", ref: jobStatus})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 300)), lat: w.dur(5, 0.4), u: cjc, verb: "update", ref: cj})
	// successfulJobsHistoryLimit 3: the run of three schedules ago is deleted, and the
	// garbage collector deletes its pod, which the kubelet then removes.
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 200)), lat: w.dur(7, 0.4), u: cjc, verb: "delete", ref: h27R("jobs", c.ns, fmt.Sprintf("%s-%d", c.name, at.Unix()/60-int64(3*c.every()/time.Minute)))})
	old := w.nodes[3+g.intn(33)]
	oldPod := h27R("pods", c.ns, fmt.Sprintf("%s-%d-%s", c.name, at.Unix()/60-int64(3*c.every()/time.Minute), g.alnum(5)))
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(20, 600)), lat: w.dur(6, 0.4), u: w.ctrl("generic-garbage-collector"), verb: "delete", ref: oldPod})
	w.emit(&h27Req{tr: merge(tr, old.tr), at: e.Add(w.ms(300, 2500)), lat: w.dur(6, 0.4), u: old.u, verb: "delete", ref: oldPod})
}

func (c h27Cron) every() time.Duration {
	for _, m := range []int{1, 5, 10, 15, 30, 60} {
		if !c.due(time.Date(2026, 1, 1, 0, m, 0, 0, time.UTC)) {
			continue
		}
		return time.Duration(m) * time.Minute
	}
	return time.Hour
}

var h27Crons = []h27Cron{
	{"catalog", "price-feed-import", "price-feed", func(t time.Time) bool { return t.Minute()%5 == 0 }, 25 * time.Second, "baseline:latest"},
	{"payments", "settlement-sync", "settlement-sync", func(t time.Time) bool { return t.Minute()%10 == 0 }, 90 * time.Second, "restricted:latest"},
	{"storefront", "sitemap-refresh", "sitemap", func(t time.Time) bool { return t.Minute()%15 == 0 }, 40 * time.Second, "baseline:latest"},
	{"identity", "session-cleanup", "session-cleanup", func(t time.Time) bool { return t.Minute() == 20 }, 60 * time.Second, "restricted:latest"},
}

func (w *h27Log) cronJobs() {
	for m := w.start; m.Before(w.end); m = m.Add(time.Minute) {
		for _, c := range h27Crons {
			if c.due(m) {
				w.cronRun(c, m, routine)
			}
		}
	}
}

// certRenewal is cert-manager renewing a certificate with Let's Encrypt (HTTP-01): a
// temporary key, a CertificateRequest approved and turned into an Order, a Challenge
// solved by a solver pod, Service and Ingress, the Secret updated.
func (w *h27Log) certRenewal(at time.Time, ns, name string) {
	g := w.g
	cm := w.certManager
	ua := func(c string) string { return "cert-manager-" + c + "/v1.14.4 (linux/amd64) cert-manager/2f1e2a8e9a3c" }
	rb := func(c string) string {
		return h27CRB("cert-manager-controller-"+c, "cert-manager-controller-"+c, "ServiceAccount", "cert-manager/cert-manager")
	}
	cert := h27R("certificates", ns, name).id(w.uid("cert/" + ns + "/" + name))
	next := func(t time.Time, lo, hi int) time.Time { return t.Add(w.ms(lo, hi)) }
	_, t := w.emit(&h27Req{at: at, lat: w.dur(6, 0.4), u: cm, ua: ua("certificates-trigger"), verb: "update", ref: cert.with("status"), reason: rb("certificates")})
	tmp := name + "-" + g.alnum(5)
	_, t = w.emit(&h27Req{at: next(t, 10, 300), lat: w.dur(7, 0.4), u: cm, ua: ua("certificates-key-manager"), verb: "create", ref: h27R("secrets", ns, ""), reason: rb("certificates")})
	cr := h27R("certificaterequests", ns, name+"-"+strconv.Itoa(g.between(4, 9)))
	_, t = w.emit(&h27Req{at: next(t, 20, 400), lat: w.dur(8, 0.4), u: cm, ua: ua("certificates-request-manager"), verb: "create", ref: h27R("certificaterequests", ns, ""), reason: rb("certificates")})
	_, t = w.emit(&h27Req{at: next(t, 10, 200), lat: w.dur(6, 0.4), u: cm, ua: ua("certificaterequests-approver"), verb: "update", ref: cr.id(w.uid("cr/" + cr.name)).with("status"), reason: rb("approve:cert-manager-io")})
	order := h27R("orders", ns, cr.name+"-"+strconv.Itoa(g.between(100000000, 4200000000)))
	_, t = w.emit(&h27Req{at: next(t, 20, 300), lat: w.dur(8, 0.4), u: cm, ua: ua("certificaterequests-issuer-acme"), verb: "create", ref: h27R("orders", ns, order.name), reason: rb("certificaterequests-issuer-acme")})
	_, t = w.emit(&h27Req{at: next(t, 400, 1500), lat: w.dur(6, 0.4), u: cm, ua: ua("orders"), verb: "update", ref: order.id(w.uid("order/" + order.name)).with("status"), reason: rb("orders")})
	ch := h27R("challenges", ns, order.name+"-"+strconv.Itoa(g.between(100000000, 4200000000)))
	_, t = w.emit(&h27Req{at: next(t, 10, 200), lat: w.dur(8, 0.4), u: cm, ua: ua("orders"), verb: "create", ref: h27R("challenges", ns, ch.name), reason: rb("orders")})
	chal := ch.id(w.uid("challenge/" + ch.name))
	_, t = w.emit(&h27Req{at: next(t, 20, 300), lat: w.dur(6, 0.4), u: cm, ua: ua("challenges"), verb: "update", ref: chal, reason: rb("challenges")})
	solver := "cm-acme-http-solver-" + g.alnum(5)
	_, t = w.emit(&h27Req{at: next(t, 10, 100), lat: w.dur(11, 0.4), u: cm, ua: ua("challenges"), verb: "create", ref: h27R("pods", ns, ""), hook: "mutate", psa: "baseline:latest", reason: rb("challenges")})
	svc := "cm-acme-http-solver-" + g.alnum(5)
	_, t = w.emit(&h27Req{at: next(t, 5, 60), lat: w.dur(9, 0.4), u: cm, ua: ua("challenges"), verb: "create", ref: h27R("services", ns, ""), reason: rb("challenges")})
	ing := "cm-acme-http-solver-" + g.alnum(5)
	_, t = w.emit(&h27Req{at: next(t, 5, 60), lat: w.dur(9, 0.4), u: cm, ua: ua("challenges"), verb: "create", ref: h27R("ingresses", ns, ""), reason: rb("challenges")})
	node := w.pickNode(t)
	_, b := w.emit(&h27Req{at: next(t, 5, 80), lat: w.dur(6, 0.4), u: w.sched, verb: "create", ref: h27R("pods", ns, solver).id(w.uid("pod/" + ns + "/" + solver)).with("binding")})
	w.emit(&h27Req{tr: node.tr, at: next(b, 300, 1200), lat: w.dur(5, 0.4), u: node.u, verb: "patch", ref: h27R("pods", ns, solver).with("status")})
	w.emit(&h27Req{tr: node.tr, at: next(b, 1500, 4000), lat: w.dur(5, 0.4), u: node.u, verb: "patch", ref: h27R("pods", ns, solver).with("status")})
	t = t.Add(w.secs(14, 30))
	_, t = w.emit(&h27Req{at: t, lat: w.dur(6, 0.4), u: cm, ua: ua("challenges"), verb: "update", ref: chal.with("status"), reason: rb("challenges")})
	for _, r := range []h27Ref{h27R("pods", ns, solver), h27R("services", ns, svc), h27R("ingresses", ns, ing)} {
		_, t = w.emit(&h27Req{at: next(t, 5, 80), lat: w.dur(7, 0.4), u: cm, ua: ua("challenges"), verb: "delete", ref: r, reason: rb("challenges")})
	}
	w.emit(&h27Req{tr: node.tr, at: next(t, 2000, 8000), lat: w.dur(6, 0.4), u: node.u, verb: "delete", ref: h27R("pods", ns, solver)})
	_, t = w.emit(&h27Req{at: next(t, 20, 300), lat: w.dur(6, 0.4), u: cm, ua: ua("challenges"), verb: "delete", ref: h27R("challenges", ns, ch.name), reason: rb("challenges")})
	_, t = w.emit(&h27Req{at: next(t, 800, 3000), lat: w.dur(6, 0.4), u: cm, ua: ua("orders"), verb: "update", ref: order.id(w.uid("order/" + order.name)).with("status"), reason: rb("orders")})
	_, t = w.emit(&h27Req{at: next(t, 20, 300), lat: w.dur(6, 0.4), u: cm, ua: ua("certificaterequests-issuer-acme"), verb: "update", ref: cr.id(w.uid("cr/" + cr.name)).with("status"), reason: rb("certificaterequests-issuer-acme")})
	_, t = w.emit(&h27Req{at: next(t, 20, 300), lat: w.dur(7, 0.4), u: cm, ua: ua("certificates-issuing"), verb: "update", ref: h27R("secrets", ns, name+"-tls").id(w.uid("secret/" + ns + "/" + name + "-tls")), reason: rb("certificates")})
	_, t = w.emit(&h27Req{at: next(t, 10, 200), lat: w.dur(6, 0.4), u: cm, ua: ua("certificates-issuing"), verb: "update", ref: cert.with("status"), reason: rb("certificates")})
	w.emit(&h27Req{at: next(t, 10, 200), lat: w.dur(6, 0.4), u: cm, ua: ua("certificates-key-manager"), verb: "delete", ref: h27R("secrets", ns, tmp), reason: rb("certificates")})
}

// ---- the cluster's make-up ----

func holdout27Lines(seed int64) []Line {
	start := time.Date(2026, 3, 12, 7, 30, 0, 0, time.UTC)
	g := newGen(seed, 2727)
	w := &h27Log{g: g, j: &journal{}, start: start, end: start.Add(Length), uids: map[string]string{}, users: map[string]*h27User{},
		depByNS: map[string][]*h27Dep{}, fluent: map[*h27Node]*h27User{}, exporter: map[*h27Node]*h27User{}}
	w.phase = g.rng.Float64() * 2 * math.Pi
	w.rvBase = 612_400_000 + g.intn(3_000_000)
	at := func(m, jitter int) time.Time { return start.Add(time.Duration(m)*time.Minute + w.secs(0, jitter)) }
	w.tokenAt = at(17, 100)
	w.release = change{h27Release, at(34, 80).Truncate(time.Second)}
	w.hookAt = at(57, 100)
	w.hookRestart = w.hookAt.Add(9*time.Minute + w.secs(0, 80))
	w.hookUp = w.hookRestart.Add(w.secs(50, 75))
	w.scaleOut = change{h27ScaleOut, at(78, 80).Truncate(time.Second)}
	w.etcdAt = at(98, 100)
	w.etcdEnd = w.etcdAt.Add(16*time.Minute + w.secs(0, 100))
	s1 := w.etcdAt.Add(4*time.Minute + w.secs(0, 90))
	s2 := w.etcdAt.Add(9*time.Minute + w.secs(0, 90))
	w.stalls = [][2]time.Time{{s1, s1.Add(w.secs(7, 7))}, {s2, s2.Add(w.secs(14, 14))}}
	// The controller manager last renewed its lease just before the second stall; its
	// renew deadline (10 s) passes in it, and a standby takes the lease once it expires
	// (15 s after that renewal).
	w.kcmDown = s2.Add(8*time.Second + w.ms(0, 1000))
	w.kcmAcquire = s2.Add(15*time.Second + w.ms(500, 2500))
	w.kcmUp = w.kcmAcquire.Add(w.ms(1800, 3500))
	w.batch = change{h27Batch, at(124, 60).Truncate(time.Second)}
	w.onboard = change{h27Onboard, at(138, 60).Truncate(time.Second)}
	w.loopAt = at(151, 60)
	w.cnpgRestart = w.loopAt.Add(19*time.Minute + w.secs(0, 80))

	w.setup()
	w.joinNodes()
	w.plan()
	for _, d := range w.deps {
		w.runDep(d)
	}
	w.cnpgSetup()
	w.nodeLeases()
	w.nodeStatus()
	for _, l := range w.leases {
		w.leaseLoop(l, l.firstTr)
	}
	w.kcmFailover()
	for _, x := range w.watchers {
		w.watch(x)
	}
	w.rbacProxy()
	w.autoscalerStatus()
	w.argoRefresh()
	w.cronJobs()
	w.certRenewal(start.Add(41*time.Minute+w.secs(0, 600)), "storefront", "shop-kestrel-tls")
	w.certRenewal(start.Add(128*time.Minute+w.secs(0, 900)), "identity", "login-kestrel-tls")
	w.releaseExtras()
	w.batchJob()
	w.onboarding()
	w.stolenToken()
	w.kyvernoOutage()
	w.cnpgTraffic()
	w.sessions()
	w.tokens()
	return w.j.sorted(w.end)
}

func (w *h27Log) watchAll(u *h27User, ns string, resources ...string) {
	for _, res := range resources {
		w.watchers = append(w.watchers, &h27Watcher{u: u, ref: h27R(res, ns, ""), tr: routine})
	}
}

// h27ArgoResources are what Argo CD's cluster cache watches.
var h27ArgoResources = []string{"pods", "services", "configmaps", "secrets", "serviceaccounts", "namespaces", "persistentvolumeclaims",
	"persistentvolumes", "limitranges", "resourcequotas", "podtemplates", "replicationcontrollers", "deployments", "replicasets",
	"statefulsets", "daemonsets", "controllerrevisions", "jobs", "cronjobs", "horizontalpodautoscalers", "poddisruptionbudgets",
	"ingresses", "ingressclasses", "networkpolicies", "roles", "rolebindings", "clusterroles", "clusterrolebindings", "storageclasses",
	"csidrivers", "priorityclasses", "runtimeclasses", "mutatingwebhookconfigurations", "validatingwebhookconfigurations",
	"customresourcedefinitions", "apiservices", "applications", "appprojects", "certificates", "issuers", "clusterissuers",
	"clusterpolicies", "policies", "clusters", "servicemonitors", "prometheusrules", "scheduledbackups"}

var h27KCMResources = []string{"pods", "nodes", "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "namespaces",
	"persistentvolumes", "persistentvolumeclaims", "resourcequotas", "limitranges", "replicationcontrollers", "podtemplates",
	"deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions", "jobs", "cronjobs", "endpointslices",
	"poddisruptionbudgets", "horizontalpodautoscalers", "storageclasses", "csinodes", "csidrivers", "volumeattachments",
	"certificatesigningrequests", "leases", "clusterroles", "validatingwebhookconfigurations"}

var h27KCMMetadata = []string{"applications", "appprojects", "certificates", "certificaterequests", "issuers", "orders", "challenges",
	"clusterpolicies", "policies", "policyreports", "admissionreports", "clusters", "backups", "servicemonitors", "prometheusrules",
	"volumesnapshots", "roles", "rolebindings", "ingresses", "networkpolicies"}

func (w *h27Log) setup() {
	g := w.g
	used := map[string]bool{}
	ip := func(az int) string {
		for {
			s := fmt.Sprintf("10.20.%d.%d", 32+32*az+g.intn(32), g.between(4, 250))
			if !used[s] {
				used[s] = true
				return s
			}
		}
	}
	for i := 0; i < 3; i++ {
		n := w.newNode(ip(i), true, time.Time{}, routine, i+1)
		w.cps = append(w.cps, n)
		w.nodes = append(w.nodes, n)
	}
	for i := 0; i < 33; i++ {
		w.nodes = append(w.nodes, w.newNode(ip(i%3), false, time.Time{}, routine, i+4))
	}
	join := w.scaleOut.start.Add(w.secs(75, 110))
	for i := 0; i < 6; i++ {
		n := w.newNode(ip(i%3), false, join, w.scaleOut.truth(), 40+i)
		w.nodes = append(w.nodes, n)
		w.newNodes = append(w.newNodes, n)
		join = join.Add(w.secs(4, 35))
	}

	// The control plane.
	cp0, cp1, cp2 := w.cps[0], w.cps[1], w.cps[2]
	self := []string{"system:authenticated"}
	kcmReason := h27CRB("system:kube-controller-manager", "system:kube-controller-manager", "User", "system:kube-controller-manager")
	for i, n := range []*h27Node{cp0, cp1} {
		inf := w.newUser("system:kube-controller-manager", "", self, nil, h27KCMUA+"/shared-informers", n.ip, kcmReason)
		meta := w.newUser("system:kube-controller-manager", "", self, nil, h27KCMUA+"/metadata-informers", n.ip, kcmReason)
		lease := w.newUser("system:kube-controller-manager", "", self, nil, h27KCMUA+"/leader-election", n.ip, kcmReason)
		for _, res := range h27KCMResources {
			x := &h27Watcher{u: inf, ref: h27R(res, "", ""), tr: routine}
			w.kcmWatch(x, i)
		}
		for _, res := range h27KCMMetadata {
			x := &h27Watcher{u: meta, ref: h27R(res, "", ""), tr: routine}
			w.kcmWatch(x, i)
		}
		if i == 0 {
			w.leases = append(w.leases, &h27Lease{u: lease, ns: "kube-system", name: "kube-controller-manager", period: 2 * time.Second, timeout: 5 * time.Second, to: w.stalls[1][0], tr: routine})
			w.kcmLeaseOld = lease
		} else {
			et := incident(h27Etcd)
			w.leases = append(w.leases, &h27Lease{u: lease, ns: "kube-system", name: "kube-controller-manager", period: 2 * time.Second, timeout: 5 * time.Second, from: w.kcmAcquire, tr: routine, firstTr: &et})
		}
	}
	schedReason := h27CRB("system:kube-scheduler", "system:kube-scheduler", "User", "system:kube-scheduler")
	w.sched = w.newUser("system:kube-scheduler", "", self, nil, h27SchedUA+"/scheduler", cp2.ip, schedReason)
	w.leases = append(w.leases, &h27Lease{u: w.newUser("system:kube-scheduler", "", self, nil, h27SchedUA+"/leader-election", cp2.ip, schedReason),
		ns: "kube-system", name: "kube-scheduler", period: 2 * time.Second, timeout: 5 * time.Second, tr: routine})
	w.watchers = append(w.watchers, &h27Watcher{u: w.sched, ref: h27R("pods", "", ""), sel: "fieldSelector=status.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed&", tr: routine})
	w.watchAll(w.sched, "", "nodes", "persistentvolumes", "persistentvolumeclaims", "services", "storageclasses", "csinodes", "csidrivers",
		"csistoragecapacities", "statefulsets", "replicasets", "poddisruptionbudgets", "namespaces", "replicationcontrollers")
	w.hpaU, w.dc, w.rsc, w.eps = w.ctrl("horizontal-pod-autoscaler"), w.ctrl("deployment-controller"), w.ctrl("replicaset-controller"), w.ctrl("endpointslice-controller")
	w.kcmPod = "kube-controller-manager-" + cp0.name
	ccm := make([]*h27Pod, 0, 3)
	for _, n := range w.cps {
		p := w.newPod("kube-system", "aws-cloud-controller-manager-"+g.alnum(5), "cloud-controller-manager", n, true, w.start.Add(-time.Duration(g.between(200, 900))*time.Hour), routine)
		ccm = append(ccm, p)
		w.staticPods = append(w.staticPods, p)
	}
	ccmU := w.podUser(ccm[0], "aws-cloud-controller-manager/v1.29.3 (linux/amd64) kubernetes/$Format", h27CRB("system:cloud-controller-manager", "system:cloud-controller-manager", "ServiceAccount", "cloud-controller-manager/kube-system"))
	w.ccm = ccmU
	w.watchAll(ccmU, "", "nodes", "services")
	ccmLease := *ccmU
	ccmLease.ua += "/leader-election"
	w.leases = append(w.leases, &h27Lease{u: &ccmLease, ns: "kube-system", name: "cloud-controller-manager", period: 2 * time.Second, timeout: 5 * time.Second, tr: routine})

	// The node agents of the nodes there from the start.
	for _, n := range w.nodes {
		if n.join.IsZero() {
			w.nodeAgents(n, w.start.Add(-time.Duration(g.between(200, 900))*time.Hour), nil)
		}
	}

	// The teams' Deployments and their HPAs.
	for _, a := range h27Apps {
		audit := ""
		if a.violates {
			audit = h27PSAWouldViolate
		}
		d := w.newDep(a.ns, a.name, a.name, a.replicas, time.Duration(a.secs)*time.Second, a.manager, a.psa+":latest", audit, a.svc, true, a.quota, routine)
		if a.hpaMax > 0 {
			w.hpas = append(w.hpas, &h27HPA{d: d, min: a.hpaMin, max: a.hpaMax, base: float64(a.replicas) / w.load(w.start), cur: a.replicas,
				uid: w.uid("hpa/" + a.ns + "/" + a.name), tr: routine, sel: "app.kubernetes.io%2Fname%3D" + a.name})
		}
		if a.manager == "argocd" {
			w.argoApps = append(w.argoApps, h27AppName(d))
		}
	}
	w.argoApps = append(w.argoApps, "cert-manager", "ingress-nginx", "kyverno", "kyverno-policies", "kube-prometheus", "cloudnative-pg",
		"cluster-autoscaler", "aws-ebs-csi-driver", "metrics-server", "argocd", "platform-root", "fluent-bit")
	w.fraud = w.newDep("fraud-ml", "fraud-scoring", "fraud-scoring", 0, 30*time.Second, "argocd", "restricted:latest", "", true, true, true, w.onboard.truth())
	w.cnpgDep = w.newDep("cnpg-system", "cnpg-controller-manager", "cnpg-manager", 1, 12*time.Second, "", "restricted:latest", "", false, true, false, routine)

	// The components.
	reason := func(name, ns string) string { return h27CRB(name, name, "ServiceAccount", name+"/"+ns) }
	for _, p := range w.static("kube-system", "coredns", "coredns", 2, false, false) {
		w.watchAll(w.podUser(p, "coredns"+h27Go, h27CRB("system:coredns", "system:coredns", "ServiceAccount", "coredns/kube-system")), "", "endpointslices", "services", "namespaces")
	}
	for i, p := range w.static("ingress-nginx", "ingress-nginx-controller", "ingress-nginx", 3, false, false) {
		u := w.podUser(p, "nginx-ingress-controller/v1.10.1 (linux/amd64) ingress-nginx/4fb5aac1dd3669daa3a14d9de3e3cdb371b4c518", reason("ingress-nginx", "ingress-nginx"))
		w.watchAll(u, "", "ingresses", "ingressclasses", "services", "endpointslices", "secrets", "configmaps")
		if i == 0 {
			l := *u
			l.reason = h27RB("ingress-nginx", "ingress-nginx", "Role", "ingress-nginx", "ServiceAccount", "ingress-nginx/ingress-nginx")
			w.leases = append(w.leases, &h27Lease{u: &l, ns: "ingress-nginx", name: "ingress-nginx-leader", period: 7500 * time.Millisecond, tr: routine})
		}
	}
	argoPod := w.static("argocd", "argocd-application-controller", "argocd-application-controller", 1, true, false)[0]
	w.argo = w.podUser(argoPod, "argocd-application-controller/v2.10.7+b060053 (linux/amd64)", reason("argocd-application-controller", "argocd"))
	w.argo.low = true
	w.watchAll(w.argo, "", h27ArgoResources...)
	w.argoServer = w.podUser(w.static("argocd", "argocd-server", "argocd-server", 1, false, false)[0], "argocd-server/v2.10.7+b060053 (linux/amd64)", reason("argocd-server", "argocd"))
	w.watchAll(w.argoServer, "argocd", "applications", "appprojects", "secrets", "configmaps")
	ksm := w.podUser(w.static("monitoring", "kube-state-metrics", "kube-state-metrics", 1, false, false)[0], "kube-state-metrics"+h27Go, reason("kube-state-metrics", "monitoring"))
	w.watchAll(ksm, "", "pods", "nodes", "services", "endpoints", "configmaps", "secrets", "namespaces", "persistentvolumeclaims", "persistentvolumes",
		"resourcequotas", "limitranges", "replicationcontrollers", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs",
		"horizontalpodautoscalers", "poddisruptionbudgets", "ingresses", "networkpolicies", "storageclasses", "leases", "certificatesigningrequests",
		"mutatingwebhookconfigurations", "validatingwebhookconfigurations", "volumeattachments")
	for _, p := range w.static("monitoring", "prometheus-k8s", "prometheus-k8s", 2, true, false) {
		for _, ns := range []string{"monitoring", "kube-system", "ingress-nginx", "storefront", "checkout", "payments"} {
			u := w.podUser(p, "Prometheus/2.51.2", "")
			for _, res := range []string{"endpoints", "pods", "services"} {
				w.watchers = append(w.watchers, &h27Watcher{u: u, ref: h27R(res, ns, ""), tr: routine,
					reason: h27RB("prometheus-k8s", ns, "Role", "prometheus-k8s", "ServiceAccount", "prometheus-k8s/monitoring")})
			}
		}
	}
	pop := w.podUser(w.static("monitoring", "prometheus-operator", "prometheus-operator", 1, false, false)[0], "PrometheusOperator/0.73.2", reason("prometheus-operator", "monitoring"))
	w.watchAll(pop, "", "prometheuses", "alertmanagers", "servicemonitors", "podmonitors", "prometheusrules", "statefulsets", "secrets", "configmaps", "namespaces")
	cm := w.static("cert-manager", "cert-manager", "cert-manager", 1, false, false)[0]
	w.certManager = w.podUser(cm, "cert-manager/v1.14.4 (linux/amd64) cert-manager/2f1e2a8e9a3c", h27CRB("cert-manager-controller-certificates", "cert-manager-controller-certificates", "ServiceAccount", "cert-manager/cert-manager"))
	w.watchAll(w.certManager, "", "certificates", "certificaterequests", "issuers", "clusterissuers", "orders", "challenges", "secrets", "ingresses", "pods", "services")
	cmLease := w.podUser(cm, "cert-manager-leader-election/v1.14.4 (linux/amd64) cert-manager/2f1e2a8e9a3c", h27RB("cert-manager:leaderelection", "kube-system", "Role", "cert-manager:leaderelection", "ServiceAccount", "cert-manager/cert-manager"))
	w.leases = append(w.leases, &h27Lease{u: cmLease, ns: "kube-system", name: "cert-manager-controller", period: 15 * time.Second, timeout: 20 * time.Second, tr: routine})
	cai := w.static("cert-manager", "cert-manager-cainjector", "cert-manager-cainjector", 1, false, false)[0]
	caiU := w.podUser(cai, "cainjector"+h27Go, reason("cert-manager-cainjector", "cert-manager"))
	w.watchAll(caiU, "", "validatingwebhookconfigurations", "mutatingwebhookconfigurations", "apiservices", "customresourcedefinitions", "certificates", "secrets")
	caiLease := w.podUser(cai, "cainjector"+h27Go+"/leader-election", h27RB("cert-manager-cainjector:leaderelection", "kube-system", "Role", "cert-manager-cainjector:leaderelection", "ServiceAccount", "cert-manager-cainjector/cert-manager"))
	w.leases = append(w.leases, &h27Lease{u: caiLease, ns: "kube-system", name: "cert-manager-cainjector-leader-election", period: 15 * time.Second, tr: routine})
	whU := w.podUser(w.static("cert-manager", "cert-manager-webhook", "cert-manager-webhook", 1, false, false)[0], "webhook"+h27Go, h27RB("cert-manager-webhook:dynamic-serving", "cert-manager", "Role", "cert-manager-webhook:dynamic-serving", "ServiceAccount", "cert-manager-webhook/cert-manager"))
	w.watchers = append(w.watchers, &h27Watcher{u: whU, ref: h27R("secrets", "cert-manager", "cert-manager-webhook-ca"), sel: "fieldSelector=metadata.name%3Dcert-manager-webhook-ca&", tr: routine})

	// Kyverno.
	w.kyvernoPods = w.static("kyverno", "kyverno-admission-controller", "kyverno-admission-controller", 3, false, false)
	for _, p := range w.kyvernoPods {
		u := w.podUser(p, "kyverno"+h27Go, reason("kyverno:admission-controller", "kyverno"))
		u.reason = h27CRB("kyverno:admission-controller", "kyverno:admission-controller", "ServiceAccount", "kyverno-admission-controller/kyverno")
		w.kyvernoUsers = append(w.kyvernoUsers, u)
		restart := w.hookRestart.Add(w.ms(500, 3000))
		back := w.hookRestart.Add(w.secs(15, 30))
		for _, res := range []string{"clusterpolicies", "policies", "policyexceptions", "namespaces", "validatingwebhookconfigurations", "mutatingwebhookconfigurations"} {
			w.kyvernoWatch(u, h27R(res, "", ""), "", restart, back)
		}
		w.kyvernoWatch(u, h27R("configmaps", "kyverno", ""), "", restart, back)
		w.kyvernoWatch(u, h27R("secrets", "kyverno", ""), "", restart, back)
	}
	kl := *w.kyvernoUsers[0]
	kl.ua += "/leader-election"
	kl.reason = h27RB("kyverno:admission-controller", "kyverno", "Role", "kyverno:admission-controller", "ServiceAccount", "kyverno-admission-controller/kyverno")
	hookTr := incident(h27Webhook)
	w.leases = append(w.leases,
		&h27Lease{u: &kl, ns: "kyverno", name: "kyverno", period: 2 * time.Second, to: w.hookAt.Add(w.secs(3, 20)), tr: routine},
		&h27Lease{u: &kl, ns: "kyverno", name: "kyverno", period: 2 * time.Second, from: w.hookRestart.Add(w.secs(16, 30)), tr: routine, firstTr: &hookTr})
	for _, c := range []struct{ name, ua string }{{"reports-controller", "reports-controller"}, {"background-controller", "background-controller"}, {"cleanup-controller", "cleanup-controller"}} {
		p := w.static("kyverno", "kyverno-"+c.name, "kyverno-"+c.name, 1, false, false)[0]
		u := w.podUser(p, c.ua+h27Go, h27CRB("kyverno:"+c.name, "kyverno:"+c.name, "ServiceAccount", "kyverno-"+c.name+"/kyverno"))
		l := *u
		l.ua += "/leader-election"
		l.reason = h27RB("kyverno:"+c.name, "kyverno", "Role", "kyverno:"+c.name, "ServiceAccount", "kyverno-"+c.name+"/kyverno")
		w.leases = append(w.leases, &h27Lease{u: &l, ns: "kyverno", name: "kyverno-" + c.name, period: 2 * time.Second, tr: routine})
		switch c.name {
		case "reports-controller":
			w.reports = u
			w.watchAll(u, "", "admissionreports", "backgroundscanreports", "policyreports", "clusterpolicyreports", "clusterpolicies", "policies",
				"namespaces", "pods", "deployments", "jobs", "cronjobs", "statefulsets")
		case "background-controller":
			w.watchAll(u, "", "clusterpolicies", "policies", "namespaces")
			w.watchAll(u, "kyverno", "configmaps")
		default:
			w.watchAll(u, "", "clusterpolicies", "policies", "namespaces")
		}
	}

	// cluster-autoscaler, metrics-server, the EBS CSI controller, the snapshot controller.
	ca := w.static("kube-system", "cluster-autoscaler", "cluster-autoscaler", 1, false, false)[0]
	w.ca = w.podUser(ca, "cluster-autoscaler"+h27Go, reason("cluster-autoscaler", "kube-system"))
	w.watchAll(w.ca, "", "pods", "nodes", "poddisruptionbudgets", "replicasets", "statefulsets", "daemonsets", "jobs", "services",
		"persistentvolumes", "persistentvolumeclaims", "storageclasses", "csinodes", "csidrivers", "csistoragecapacities", "replicationcontrollers")
	caLease := *w.ca
	caLease.ua += "/leader-election"
	w.leases = append(w.leases, &h27Lease{u: &caLease, ns: "kube-system", name: "cluster-autoscaler", period: 2 * time.Second, tr: routine})
	ms := w.podUser(w.static("kube-system", "metrics-server", "metrics-server", 1, false, false)[0], "metrics-server"+h27Go, h27CRB("system:metrics-server", "system:metrics-server", "ServiceAccount", "metrics-server/kube-system"))
	w.watchAll(ms, "", "nodes")
	ebs := w.static("kube-system", "ebs-csi-controller", "ebs-csi-controller-sa", 2, false, false)[0]
	for _, s := range []struct {
		side, role, lease string
		res               []string
	}{
		{"provisioner", "provisioner", "ebs-csi-aws-com", []string{"persistentvolumeclaims", "storageclasses", "csinodes", "persistentvolumes"}},
		{"attacher", "attacher", "external-attacher-leader-ebs-csi-aws-com", []string{"volumeattachments", "persistentvolumes", "csinodes"}},
		{"resizer", "resizer", "external-resizer-ebs-csi-aws-com", []string{"persistentvolumeclaims", "persistentvolumes"}},
		{"snapshotter", "snapshotter", "external-snapshotter-leader-ebs-csi-aws-com", []string{"volumesnapshotcontents", "volumesnapshotclasses"}},
	} {
		u := w.podUser(ebs, "csi-"+s.side+h27Go, h27CRB("ebs-csi-"+s.side+"-binding", "ebs-external-"+s.role+"-role", "ServiceAccount", "ebs-csi-controller-sa/kube-system"))
		w.watchAll(u, "", s.res...)
		l := *u
		l.reason = h27RB("ebs-csi-leases-rolebinding", "kube-system", "Role", "ebs-csi-leases-role", "ServiceAccount", "ebs-csi-controller-sa/kube-system")
		w.leases = append(w.leases, &h27Lease{u: &l, ns: "kube-system", name: s.lease, period: 5 * time.Second, tr: routine})
	}
	snap := w.podUser(w.static("kube-system", "snapshot-controller", "snapshot-controller", 1, false, false)[0], "snapshot-controller"+h27Go, reason("snapshot-controller-runner", "kube-system"))
	w.watchAll(snap, "", "volumesnapshots", "volumesnapshotcontents", "volumesnapshotclasses", "persistentvolumeclaims")
	sl := *snap
	sl.reason = h27RB("snapshot-controller-leaderelection", "kube-system", "Role", "snapshot-controller-leaderelection", "ServiceAccount", "snapshot-controller/kube-system")
	w.leases = append(w.leases, &h27Lease{u: &sl, ns: "kube-system", name: "snapshot-controller-leader", period: 5 * time.Second, tr: routine})

	// CloudNativePG's database clusters: each instance manager watches its Cluster.
	for _, c := range []struct{ ns, name string }{{"payments", "payments-db"}, {"catalog", "catalog-db"}, {"identity", "auth-db"}, {"data-platform", "analytics-db"}} {
		for i, p := range w.static(c.ns, c.name, c.name, 2, true, false) {
			p.name = fmt.Sprintf("%s-%d", c.name, i+1)
			p.uid = w.uid("pod/" + c.ns + "/" + p.name)
			u := w.podUser(p, "manager"+h27Go, h27RB(c.name, c.ns, "Role", c.name, "ServiceAccount", c.name+"/"+c.ns))
			w.watchers = append(w.watchers, &h27Watcher{u: u, ref: h27R("clusters", c.ns, c.name), sel: "fieldSelector=metadata.name%3D" + c.name + "&", tr: routine})
			if i == 0 {
				w.instances = append(w.instances, u)
			}
		}
	}

	// The CI deployer: a legacy token in GitLab's runners.
	w.ci = w.newUser("system:serviceaccount:ci:gitlab-deployer", w.uid("sa/ci/gitlab-deployer"), h27SAGroups("ci"), nil, "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819", "10.30.4.21",
		h27CRB("gitlab-deployer-namespaces", "namespace-reader", "ServiceAccount", "gitlab-deployer/ci"))
	w.ci.legacy = true
	w.runners = []string{"10.30.4.21", "10.30.4.57", "10.30.5.112", "10.30.5.13"}

	// The engineers, through the VPN.
	for _, h := range []struct {
		user, group string
		ns          []string
		ua          string
	}{
		{"anna.kowalski", "eng-storefront", []string{"storefront"}, "kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625"},
		{"ben.okafor", "eng-storefront", []string{"storefront", "search"}, "kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225"},
		{"chen.wei", "eng-checkout", []string{"checkout", "payments"}, "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625"},
		{"diego.ramos", "eng-payments", []string{"payments"}, "kubectl/v1.28.4 (darwin/amd64) kubernetes/bae2c62"},
		{"elif.demir", "eng-search", []string{"search", "catalog"}, "kubectl/v1.29.2 (windows/amd64) kubernetes/4b8e819"},
		{"farah.haddad", "eng-identity", []string{"identity", "notifications"}, "kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625"},
		{"ivan.petrov", "eng-catalog", []string{"catalog"}, "kubectl/v1.30.1 (linux/amd64) kubernetes/6911225"},
		{"gustav.berg", "platform-admins", nil, "kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625"},
		{"hana.sato", "platform-admins", nil, "kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225"},
		{"priya.raman", "eng-fraud-ml", []string{"fraud-ml"}, "kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225"},
		{"tomas.novak", "eng-fraud-ml", []string{"fraud-ml"}, "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625"},
	} {
		w.humans = append(w.humans, w.newHuman(h.user, h.group, h.ns, h.ua))
	}
}

func (w *h27Log) newHuman(user, group string, ns []string, ua string) *h27Human {
	g := w.g
	h := &h27Human{group: group, ns: ns, admin: group == "platform-admins", tr: routine, ua: ua}
	reason := h27CRB("engineering-view", "view", "Group", "oidc:engineering")
	if h.admin {
		reason = h27CRB("platform-admins", "cluster-admin", "Group", "oidc:platform-admins")
	}
	h.u = w.newUser("oidc:"+user+h27Mail, "", []string{"oidc:" + group, "oidc:engineering", "system:authenticated"}, nil, ua,
		fmt.Sprintf("10.8.%d.%d", g.between(0, 15), g.between(2, 250)), reason)
	if group == "eng-fraud-ml" {
		h.from = w.onboard.start.Add(w.secs(360, 600))
		h.tr = w.onboard.truth()
	}
	return h
}

// edit says whether the user may change things in ns, and RBAC's reason.
func (h *h27Human) edit(ns string) (bool, string) {
	if h.admin {
		return true, ""
	}
	for _, n := range h.ns {
		if n == ns {
			return true, h27RB(h.group+"-edit", ns, "ClusterRole", "edit", "Group", "oidc:"+h.group)
		}
	}
	return false, ""
}

func h27AppName(d *h27Dep) string {
	if strings.HasPrefix(d.name, d.ns) {
		return d.name
	}
	return d.ns + "-" + d.name
}

// kcmWatch adds a watch of the controller manager on leader i (0 the first, 1 the
// standby that takes over): the first's are cut when it exits, the second's start
// with a list when it leads.
func (w *h27Log) kcmWatch(x *h27Watcher, i int) {
	et := incident(h27Etcd)
	if i == 0 {
		x.to, x.cutTr = w.kcmDown.Add(w.ms(5, 400)), et
	} else {
		x.from, x.fromTr = w.kcmAcquire.Add(w.ms(300, 1600)), et
	}
	w.watchers = append(w.watchers, x)
}

// kyvernoWatch adds a watch of a Kyverno admission pod: cut when the container is
// restarted, started again (with a list) once it runs.
func (w *h27Log) kyvernoWatch(u *h27User, ref h27Ref, sel string, restart, back time.Time) {
	hook := incident(h27Webhook)
	w.watchers = append(w.watchers,
		&h27Watcher{u: u, ref: ref, sel: sel, tr: routine, to: restart, cutTr: hook},
		&h27Watcher{u: u, ref: ref, sel: sel, tr: routine, from: back.Add(w.ms(0, 900)), fromTr: hook})
}

// nodeAgents makes a node's DaemonSet pods (kube-proxy, the EBS CSI node plugin,
// node-exporter, Fluent Bit) and the watches of its kubelet and kube-proxy. A joining
// node's pods are created by the caller and given in pods.
func (w *h27Log) nodeAgents(n *h27Node, born time.Time, pods []*h27Pod) {
	g := w.g
	if pods == nil {
		for _, ds := range []struct {
			ns, name, sa string
			host         bool
		}{{"kube-system", "kube-proxy", "kube-proxy", true}, {"kube-system", "ebs-csi-node", "ebs-csi-node-sa", false}, {"monitoring", "node-exporter", "node-exporter", true}, {"logging", "fluent-bit", "fluent-bit", false}} {
			p := w.newPod(ds.ns, ds.name+"-"+g.alnum(5), ds.sa, n, ds.host, born, routine)
			pods = append(pods, p)
			w.staticPods = append(w.staticPods, p)
		}
	}
	var from time.Time
	if !n.join.IsZero() {
		from = n.join.Add(w.secs(2, 5))
	}
	kw := func(u *h27User, ref h27Ref, sel string, from time.Time) {
		w.watchers = append(w.watchers, &h27Watcher{u: u, ref: ref, sel: sel, tr: n.tr, from: from, fromTr: n.tr})
	}
	kw(n.u, h27R("pods", "", ""), "fieldSelector=spec.nodeName%3D"+n.name+"&", from)
	kw(n.u, h27R("nodes", "", n.name), "fieldSelector=metadata.name%3D"+n.name+"&", from)
	kw(n.u, h27R("services", "", ""), "", from)
	kw(n.u, h27R("runtimeclasses", "", ""), "", from)
	kw(n.u, h27R("csidrivers", "", ""), "", from)
	nss := []string{"kube-system", "monitoring", "logging"}
	for i := 0; i < 2; i++ {
		a := h27Apps[g.intn(len(h27Apps))]
		nss = append(nss, a.ns)
		kw(n.u, h27R("secrets", a.ns, a.name+"-env"), "fieldSelector=metadata.name%3D"+a.name+"-env&", from)
	}
	for _, ns := range nss {
		kw(n.u, h27R("configmaps", ns, "kube-root-ca.crt"), "fieldSelector=metadata.name%3Dkube-root-ca.crt&", from)
	}
	var pf time.Time
	if !from.IsZero() {
		pf = pods[0].born.Add(w.secs(3, 8))
	}
	kp := w.podUser(pods[0], "kube-proxy/"+h27Kube, h27CRB("kubeadm:node-proxier", "system:node-proxier", "ServiceAccount", "kube-proxy/kube-system"))
	sel := "labelSelector=%21service.kubernetes.io%2Fheadless%2C%21service.kubernetes.io%2Fservice-proxy-name&"
	kw(kp, h27R("endpointslices", "", ""), sel, pf)
	kw(kp, h27R("services", "", ""), sel, pf)
	kw(kp, h27R("nodes", "", n.name), "fieldSelector=metadata.name%3D"+n.name+"&", pf)
	w.exporter[n] = w.podUser(pods[2], "kube-rbac-proxy"+h27Go, h27CRB("node-exporter", "node-exporter", "ServiceAccount", "node-exporter/monitoring"))
	w.fluent[n] = w.podUser(pods[3], "Fluent-Bit", h27CRB("fluent-bit", "fluent-bit", "ServiceAccount", "fluent-bit/logging"))
}

// ---- what is planned before the Deployments run ----

func (w *h27Log) plan() {
	g := w.g
	for _, h := range w.hpas {
		w.hpaLoop(h)
	}
	var ciDeps, argoDeps []*h27Dep
	for _, d := range w.deps {
		switch {
		case d == w.fraud || d == w.cnpgDep:
		case d.manager == "ci":
			ciDeps = append(ciDeps, d)
		case d.manager == "argocd":
			argoDeps = append(argoDeps, d)
		}
	}
	g.arrivals(w.start, w.end, func(t time.Time) float64 { return w.load(t) / (23 * 60) }, func(t time.Time) { w.ciDeploy(t, pick(g, ciDeps)) })
	g.arrivals(w.start, w.end, func(time.Time) float64 { return 1.0 / (50 * 60) }, func(t time.Time) {
		d := pick(g, argoDeps)
		if d.ns == "storefront" && within(t, w.release.start.Add(-10*time.Minute), 40*time.Minute) {
			return
		}
		w.argoSync(d, t, routine, 0, fmt.Sprintf("v%d.%d.%d", g.between(2, 5), g.between(0, 30), g.between(0, 9)))
	})

	// While Kyverno hangs, a pipeline deploys and Argo CD syncs a change: both are
	// refused, the pipeline fails, Argo CD retries until the webhook answers again.
	w.ciDeploy(w.hookAt.Add(w.secs(100, 200)), pick(g, ciDeps))
	for _, d := range argoDeps {
		if d.name == "search-api" {
			w.argoSync(d, w.hookAt.Add(w.secs(200, 320)), routine, 0, "v3.12.4")
		}
	}

	// The storefront release: Argo CD syncs the three applications in waves.
	rel := w.release.truth()
	for i, s := range []struct {
		name string
		wait time.Duration
	}{{"web-frontend", 30 * time.Second}, {"product-api", 10 * time.Second}, {"cart-api", 5 * time.Second}} {
		for _, d := range argoDeps {
			if d.name == s.name {
				a := w.argoSync(d, w.release.start.Add(time.Duration(i)*(5*time.Minute+30*time.Second)+w.secs(2, 20)), rel, s.wait, "v4.18.0")
				a.surge = 2
			}
		}
	}

	// Engineers restart Deployments and delete pods in their namespaces.
	var devs []*h27Human
	for _, h := range w.humans {
		if !h.admin && h.from.IsZero() {
			devs = append(devs, h)
		}
	}
	g.arrivals(w.start, w.end, func(t time.Time) float64 { return w.load(t) / (45 * 60) }, func(t time.Time) {
		h := pick(g, devs)
		ns := pick(g, h.ns)
		d := pick(g, w.depByNS[ns])
		_, reason := h.edit(ns)
		local := t.In(time.FixedZone("CET", 3600)).Format(time.RFC3339)
		d.actions = append(d.actions, &h27Action{at: t, kind: "rollout", by: h.u, reason: reason, tr: h.tr, query: "?fieldManager=kubectl-rollout",
			patch: `{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"` + local + `"}}}}}`})
	})
	g.arrivals(w.start, w.end, func(t time.Time) float64 { return w.load(t) / (35 * 60) }, func(t time.Time) {
		h := pick(g, devs)
		ns := pick(g, h.ns)
		_, reason := h.edit(ns)
		d := pick(g, w.depByNS[ns])
		d.actions = append(d.actions, &h27Action{at: t, kind: "delete", by: h.u, reason: reason, tr: h.tr})
	})

	// Incident 4 ends when an engineer deletes the operator's pod.
	w.cnpgDep.actions = append(w.cnpgDep.actions, &h27Action{at: w.cnpgRestart, kind: "delete", by: w.humans[8].u, tr: incident(h27HotLoop)})

	// Change 4: Argo CD creates fraud-scoring, and its HPA takes over.
	created := w.onboard.start.Add(3*time.Minute + w.secs(20, 60))
	w.fraudAt = created
	w.fraud.actions = append(w.fraud.actions, &h27Action{at: created, kind: "create", n: 3, by: w.argo, tr: w.onboard.truth(), query: "?fieldManager=argocd-controller", patch: h27FraudDeployment})
	h := &h27HPA{d: w.fraud, min: 3, max: 8, base: 3 / w.load(created), cur: 3, uid: w.uid("hpa/fraud-ml/fraud-scoring"), tr: w.onboard.truth(),
		from: created.Add(w.secs(60, 90)), sel: "app.kubernetes.io%2Fname%3Dfraud-scoring"}
	w.hpaLoop(h)
}

var h27FraudDeployment = `{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"fraud-scoring","namespace":"fraud-ml","creationTimestamp":null,"labels":{"app.kubernetes.io/instance":"fraud-ml-scoring","app.kubernetes.io/name":"fraud-scoring"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app.kubernetes.io/name":"fraud-scoring"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app.kubernetes.io/name":"fraud-scoring"}},"spec":{"containers":[{"name":"app","image":"` + h27Registry + `fraud-scoring:1.0.0","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"memory":"2Gi"},"requests":{"cpu":"500m","memory":"1Gi"}},"readinessProbe":{"httpGet":{"path":"/ready","port":"http"},"periodSeconds":5},"securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}}],"serviceAccountName":"fraud-scoring"}},"strategy":{}},"status":{}}`

// ciDeploy is a GitLab pipeline deploying d: its config map applied, its image set,
// kubectl rollout status waiting for the rollout (or a bad manifest refused).
func (w *h27Log) ciDeploy(t time.Time, d *h27Dep) {
	g := w.g
	ip := pick(g, w.runners)
	reason := h27RB("gitlab-deployer", d.ns, "ClusterRole", "edit", "ServiceAccount", "gitlab-deployer/ci")
	cm := h27R("configmaps", d.ns, d.name+"-config")
	_, e := w.emit(&h27Req{at: t, lat: w.dur(3, 0.4), u: w.ci, ip: ip, verb: "get", ref: cm, reason: reason})
	_, e = w.emit(&h27Req{at: e.Add(w.ms(30, 200)), lat: w.dur(8, 0.4), u: w.ci, ip: ip, verb: "patch", ref: cm, query: "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", reason: reason})
	dep := h27R("deployments", d.ns, d.name)
	if g.chance(0.06) {
		_, e = w.emit(&h27Req{at: e.Add(w.ms(30, 200)), lat: w.dur(3, 0.4), u: w.ci, ip: ip, verb: "get", ref: dep, reason: reason})
		cause := `Invalid value: "2": must be less than or equal to cpu limit of 1`
		path := "spec.template.spec.containers[0].resources.requests"
		w.emit(&h27Req{at: e.Add(w.ms(30, 200)), lat: w.dur(6, 0.4), u: w.ci, ip: ip, verb: "patch", ref: dep, query: "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
			level: "Request", reqObj: `{"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"requests":{"cpu":"2"}}}]}}}}`, reason: reason,
			fail: h27Invalid(d.name, path, cause)})
		return
	}
	image := fmt.Sprintf("%s%s:2026.03.12-%s", h27Registry, d.name, g.hex(7))
	d.actions = append(d.actions, &h27Action{at: e.Add(w.secs(1, 3)), kind: "rollout", by: w.ci, ip: ip, reason: reason, tr: routine, query: "?fieldManager=kubectl-set",
		patch: `{"spec":{"template":{"spec":{"containers":[{"image":"` + image + `","name":"app"}]}}}}`, watch: true})
}

// argoSync is Argo CD applying a new version of d's manifests from Git.
func (w *h27Log) argoSync(d *h27Dep, t time.Time, tr truth, wait time.Duration, version string) *h27Action {
	image := h27Registry + d.name + ":" + version
	a := &h27Action{at: t, kind: "rollout", by: w.argo, tr: tr, query: "?fieldManager=argocd-controller", app: h27AppName(d), minWait: wait,
		patch: `{"metadata":{"labels":{"app.kubernetes.io/version":"` + version + `"}},"spec":{"template":{"metadata":{"labels":{"app.kubernetes.io/version":"` + version + `"}},"spec":{"containers":[{"image":"` + image + `","name":"app"}]}}}}`}
	d.actions = append(d.actions, a)
	return a
}

// ---- change 2: the scale-out ----

// joinNodes bootstraps the scale-out's nodes: the kubelet's CSR with its bootstrap
// token, approved and signed by the controller manager, the Node registered, its lease
// created, the cloud controller initialising it, the DaemonSet pods.
func (w *h27Log) joinNodes() {
	g := w.g
	tr := w.scaleOut.truth()
	boot := w.newUser("system:bootstrap:"+strings.ToLower(g.alnum(6)), "", []string{"system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"}, nil, h27KubeletUA, "",
		h27CRB("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", "Group", "system:bootstrappers:kubeadm:default-node-token"))
	cc := w.ctrl("certificate-controller")
	dsc := w.ctrl("daemon-set-controller")
	for _, n := range w.newNodes {
		b := *boot
		b.ip = n.ip
		csr := "csr-" + g.alnum(5)
		csrRef := h27R("certificatesigningrequests", "", csr).id(w.uid("csr/" + csr))
		t := n.join.Add(-w.secs(5, 8))
		_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(9, 0.4), u: &b, verb: "create", ref: h27R("certificatesigningrequests", "", "")})
		_, l := w.emit(&h27Req{tr: tr, at: e.Add(w.ms(2, 20)), lat: w.dur(4, 0.4), u: &b, verb: "list", ref: h27R("certificatesigningrequests", "", csr), query: "?fieldSelector=metadata.name%3D" + csr + "&limit=500"})
		_, a := w.emit(&h27Req{tr: tr, at: e.Add(w.ms(20, 300)), lat: w.dur(7, 0.4), u: cc, verb: "update", ref: csrRef.with("approval")})
		_, s := w.emit(&h27Req{tr: tr, at: a.Add(w.ms(5, 80)), lat: w.dur(7, 0.4), u: cc, verb: "update", ref: csrRef.with("status")})
		l = l.Add(w.ms(1, 10))
		w.emit(&h27Req{tr: tr, at: l, lat: s.Sub(l) + w.ms(2, 30), first: w.ms(2, 6), long: true, u: &b, verb: "watch", ref: h27R("certificatesigningrequests", "", csr),
			uri: "/apis/certificates.k8s.io/v1/certificatesigningrequests?allowWatchBookmarks=true&fieldSelector=metadata.name%3D" + csr + "&resourceVersion=" + strconv.Itoa(w.rv(l)) + "&timeoutSeconds=3600&watch=true"})
		node := h27R("nodes", "", n.name)
		_, e = w.emit(&h27Req{tr: tr, at: n.join, lat: w.dur(12, 0.4), u: n.u, verb: "create", ref: node})
		w.emit(&h27Req{tr: tr, at: e.Add(w.ms(200, 900)), lat: w.dur(8, 0.4), u: n.u, verb: "create", ref: h27R("leases", "kube-node-lease", n.name), query: "?timeout=10s"})
		_, c := w.emit(&h27Req{tr: tr, at: e.Add(w.ms(300, 2500)), lat: w.dur(9, 0.4), u: w.ccm, verb: "patch", ref: node})
		w.emit(&h27Req{tr: tr, at: c.Add(w.ms(5, 80)), lat: w.dur(7, 0.4), u: w.ccm, verb: "patch", ref: node.with("status")})
		for _, d := range []time.Duration{w.ms(800, 2000), w.secs(9, 16), w.secs(25, 40)} {
			w.emit(&h27Req{tr: tr, at: e.Add(d), lat: w.dur(6, 0.4), u: n.u, verb: "patch", ref: node.with("status"), query: "?timeout=10s"})
		}
		ready := e.Add(w.secs(26, 42))
		w.emit(&h27Req{tr: tr, at: ready.Add(w.ms(200, 2000)), lat: w.dur(7, 0.4), u: w.ctrl("node-controller"), verb: "patch", ref: node})
		var pods []*h27Pod
		for _, ds := range []struct {
			ns, name, sa, psa string
			host, app         bool
		}{{"kube-system", "kube-proxy", "kube-proxy", "privileged:latest", true, false}, {"kube-system", "ebs-csi-node", "ebs-csi-node-sa", "privileged:latest", false, false},
			{"monitoring", "node-exporter", "node-exporter", "privileged:latest", true, true}, {"logging", "fluent-bit", "fluent-bit", "privileged:latest", false, true}} {
			p, up, _ := w.launch(e.Add(w.ms(400, 3000)), h27PodSpec{ns: ds.ns, prefix: ds.name + "-", sa: ds.sa, by: dsc, psa: ds.psa, app: ds.app, node: n, hostNet: ds.host,
				ready: w.secs(2, 8), tr: tr, retry: true})
			pods = append(pods, p)
			w.staticPods = append(w.staticPods, p)
			w.emit(&h27Req{tr: tr, at: up.Add(w.ms(50, 900)), lat: w.dur(6, 0.4), u: dsc, verb: "update", ref: h27R("daemonsets", ds.ns, ds.name).id(w.uid("ds/" + ds.name)).with("status")})
		}
		w.nodeAgents(n, n.join, pods)
	}
}

// ---- change 1: the storefront release's own lines ----

// releaseExtras is Argo CD's work around the release's rollouts: the sync operation
// recorded on the applications, config maps and a Service applied first.
func (w *h27Log) releaseExtras() {
	tr := w.release.truth()
	t := w.release.start
	for i, name := range []string{"web-frontend", "product-api", "cart-api"} {
		at := t.Add(time.Duration(i) * (5*time.Minute + 30*time.Second))
		app := "storefront-" + name
		w.argoStatus(app, at, tr)
		_, e := w.emit(&h27Req{tr: tr, at: at.Add(w.ms(300, 1200)), lat: w.dur(8, 0.4), u: w.argo, verb: "patch", ref: h27R("configmaps", "storefront", name+"-config"), query: "?fieldManager=argocd-controller"})
		if name == "web-frontend" {
			w.emit(&h27Req{tr: tr, at: e.Add(w.ms(20, 300)), lat: w.dur(8, 0.4), u: w.argo, verb: "patch", ref: h27R("services", "storefront", name), query: "?fieldManager=argocd-controller"})
		}
		for k := 0; k < 8; k++ {
			w.argoStatus(app, at.Add(time.Duration(k+1)*w.secs(12, 30)), tr)
		}
	}
}

// ---- change 3: the catalog export ----

// batchJob is the catalog export CronJob's indexed Job: 144 completions, 24 pods at a
// time, each a few minutes; ten minutes after it finished the TTL controller deletes it
// and the garbage collector its pods.
func (w *h27Log) batchJob() {
	g := w.g
	tr := w.batch.truth()
	const ns, completions, parallel = "data-platform", 144, 24
	job := fmt.Sprintf("catalog-export-%d", w.batch.start.Unix()/60)
	cjc, jc := w.ctrl("cronjob-controller"), w.ctrl("job-controller")
	_, t := w.emit(&h27Req{tr: tr, at: w.batch.start.Add(w.ms(5, 900)), lat: w.dur(9, 0.4), u: cjc, verb: "create", ref: h27R("jobs", ns, job), hook: "validate"})
	w.kyvernoReport(t, ns, tr)
	cj := h27R("cronjobs", ns, "catalog-export").id(w.uid("cj/" + ns + "/catalog-export")).with("status")
	w.emit(&h27Req{tr: tr, at: t.Add(w.ms(3, 30)), lat: w.dur(5, 0.4), u: cjc, verb: "update", ref: cj})
	status := h27R("jobs", ns, job).id(w.uid("job/" + ns + "/" + job)).with("status")
	slots := make([]time.Time, parallel)
	for i := range slots {
		slots[i] = t.Add(w.ms(5, 60))
	}
	var pods []*h27Pod
	var last, lastStatus time.Time
	for idx := 0; idx < completions; idx++ {
		k := 0
		for i := range slots {
			if slots[i].Before(slots[k]) {
				k = i
			}
		}
		spec := h27PodSpec{ns: ns, prefix: fmt.Sprintf("%s-%d-", job, idx), sa: "catalog-export", by: jc, psa: "baseline:latest", app: true, quota: true,
			ready: w.ms(200, 900), tr: tr, retry: true}
		p, ready, end := w.launch(slots[k], spec)
		pods = append(pods, p)
		if end.Sub(lastStatus) > 3*time.Second {
			_, lastStatus = w.emit(&h27Req{tr: tr, at: end.Add(w.ms(5, 400)), lat: w.dur(5, 0.4), u: jc, verb: "update", ref: status})
		}
		done := ready.Add(time.Duration(g.lognormal(150, 0.3) * float64(time.Second)))
		pod := h27R("pods", ns, p.name)
		_, e := w.emit(&h27Req{tr: tr, at: done, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod.with("status")})
		_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 400)), lat: w.dur(6, 0.4), u: jc, verb: "patch", ref: pod})
		slots[k] = e.Add(w.ms(3, 60))
		if slots[k].After(last) {
			last = slots[k]
		}
	}
	_, e := w.emit(&h27Req{tr: tr, at: last.Add(w.ms(5, 200)), lat: w.dur(5, 0.4), u: jc, verb: "update", ref: status})
	w.emit(&h27Req{tr: tr, at: e.Add(w.ms(5, 300)), lat: w.dur(5, 0.4), u: cjc, verb: "update", ref: cj})
	del := e.Add(10*time.Minute + w.ms(100, 2000))
	_, e = w.emit(&h27Req{tr: tr, at: del, lat: w.dur(8, 0.4), u: w.ctrl("ttl-after-finished-controller"), verb: "delete", ref: h27R("jobs", ns, job)})
	gc := w.ctrl("generic-garbage-collector")
	t = e.Add(w.ms(50, 400))
	for _, p := range pods {
		pod := h27R("pods", ns, p.name)
		_, d := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(7, 0.4), u: gc, verb: "delete", ref: pod})
		w.emit(&h27Req{tr: tr, at: d.Add(w.ms(300, 3000)), lat: w.dur(6, 0.4), u: p.node.u, verb: "delete", ref: pod})
		if g.chance(0.3) {
			w.quota(d.Add(w.ms(10, 300)), ns, tr)
		}
		t = t.Add(w.ms(10, 90))
	}
}

// ---- change 4: the new team ----

func (w *h27Log) onboarding() {
	tr := w.onboard.truth()
	admin := w.humans[7].u
	const ns = "fraud-ml"
	q := "?fieldManager=kubectl-create&fieldValidation=Strict"
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	_, t := w.emit(&h27Req{tr: tr, at: w.onboard.start, lat: w.dur(9, 0.4), u: admin, verb: "create", ref: h27R("namespaces", "", ns), query: q})
	w.emit(&h27Req{tr: tr, at: t.Add(w.ms(10, 60)), lat: w.dur(7, 0.4), u: w.ctrl("service-account-controller"), verb: "create", ref: h27R("serviceaccounts", ns, "default")})
	w.emit(&h27Req{tr: tr, at: t.Add(w.ms(10, 60)), lat: w.dur(7, 0.4), u: w.ctrl("root-ca-cert-publisher"), verb: "create", ref: h27R("configmaps", ns, "kube-root-ca.crt")})
	for _, r := range []h27Ref{h27R("resourcequotas", ns, ns+"-quota"), h27R("limitranges", ns, "default-limits"), h27R("networkpolicies", ns, "default-deny"),
		h27R("networkpolicies", ns, "allow-ingress-nginx"), h27R("networkpolicies", ns, "allow-prometheus"), h27R("serviceaccounts", ns, "fraud-scoring")} {
		_, t = w.emit(&h27Req{tr: tr, at: t.Add(w.ms(60, 400)), lat: w.dur(8, 0.4), u: admin, verb: "create", ref: r, query: q})
		if r.resource == "resourcequotas" {
			w.quota(t.Add(w.ms(10, 200)), ns, tr)
		}
	}
	for _, rb := range []struct{ name, kind, subject, group string }{
		{"eng-fraud-ml-edit", "Group", "oidc:eng-fraud-ml", "rbac.authorization.k8s.io"},
		{"gitlab-deployer", "ServiceAccount", "gitlab-deployer", ""},
	} {
		at := t.Add(w.ms(60, 400))
		subj := fmt.Sprintf(`{"kind":%q,"apiGroup":%q,"name":%q}`, rb.kind, rb.group, rb.subject)
		if rb.kind == "ServiceAccount" {
			subj = fmt.Sprintf(`{"kind":"ServiceAccount","name":%q,"namespace":"ci"}`, rb.subject)
		}
		body := fmt.Sprintf(`"subjects":[%s],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"}}`, subj)
		req := fmt.Sprintf(`{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":%q,"namespace":%q,"creationTimestamp":null},`, rb.name, ns) + body
		resp := fmt.Sprintf(`{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":%q,"namespace":%q,"uid":%q,"resourceVersion":"%d","creationTimestamp":%q,"managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"rbac.authorization.k8s.io/v1","time":%q,"fieldsType":"FieldsV1","fieldsV1":{"f:roleRef":{},"f:subjects":{}}}]},`,
			rb.name, ns, w.uid("rb/"+rb.name), w.rv(at), stamp(at), stamp(at)) + body
		_, t = w.emit(&h27Req{tr: tr, at: at, lat: w.dur(8, 0.4), u: admin, verb: "create", ref: h27R("rolebindings", ns, rb.name), query: q, level: "RequestResponse", reqObj: req, respObj: resp})
	}
	// The AppProject with kubectl, the Application through Argo CD's API server.
	_, t = w.emit(&h27Req{tr: tr, at: t.Add(w.secs(20, 60)), lat: w.dur(9, 0.4), u: admin, verb: "create", ref: h27R("appprojects", "argocd", ns), query: q})
	app := "fraud-ml-scoring"
	_, t = w.emit(&h27Req{tr: tr, at: w.fraudAt.Add(-w.secs(8, 20)), lat: w.dur(10, 0.4), u: w.argoServer, verb: "create", ref: h27R("applications", "argocd", app)})
	for k := 0; k < 4; k++ {
		w.argoStatus(app, t.Add(time.Duration(k)*w.ms(800, 3000)+w.ms(100, 600)), tr)
	}
	at := w.fraudAt.Add(-w.ms(300, 1500))
	for _, r := range []h27Ref{h27R("configmaps", ns, "fraud-scoring-config"), h27R("services", ns, "fraud-scoring")} {
		_, at = w.emit(&h27Req{tr: tr, at: at, lat: w.dur(9, 0.4), u: w.argo, verb: "create", ref: r, query: "?fieldManager=argocd-controller"})
		at = at.Add(w.ms(20, 200))
	}
	w.emit(&h27Req{tr: tr, at: at.Add(w.ms(50, 300)), lat: w.dur(8, 0.4), u: w.eps, verb: "create", ref: h27R("endpointslices", ns, "")})
	at = w.fraudAt.Add(w.ms(400, 2000))
	w.emit(&h27Req{tr: tr, at: at, lat: w.dur(9, 0.4), u: w.argo, verb: "create", ref: h27R("horizontalpodautoscalers", ns, "fraud-scoring"), query: "?fieldManager=argocd-controller"})
	w.emit(&h27Req{tr: tr, at: at.Add(w.ms(20, 300)), lat: w.dur(9, 0.4), u: w.argo, verb: "create", ref: h27R("poddisruptionbudgets", ns, "fraud-scoring"), query: "?fieldManager=argocd-controller"})
	for t := w.fraudAt.Add(w.secs(30, 60)); t.Before(w.end); t = t.Add(3*time.Minute + w.ms(0, 9000)) {
		w.argoStatus(app, t, tr)
	}
}

// ---- incident 1: the stolen token ----

func (w *h27Log) stolenToken() {
	g := w.g
	tr := incident(h27StolenToken)
	u := *w.ci
	u.ua = "kubectl/v1.30.2 (linux/amd64) kubernetes/3968350"
	u.ip = g.publicIP()
	t := w.tokenAt
	rb := func(ns string) string {
		return h27RB("gitlab-deployer", ns, "ClusterRole", "edit", "ServiceAccount", "gitlab-deployer/ci")
	}
	basic := h27CRB("system:basic-user", "system:basic-user", "Group", "system:authenticated")
	deploy := map[string]bool{"catalog": true, "checkout": true, "ci": true, "identity": true, "monitoring": true, "notifications": true, "payments": true}
	_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3, 0.4), u: &u, verb: "create", ref: h27R("selfsubjectrulesreviews", "", ""), reason: basic})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.secs(6, 25)), lat: w.dur(9, 0.4), u: &u, verb: "list", ref: h27R("namespaces", "", ""), query: "?limit=500"})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.secs(8, 40)), lat: w.dur(1, 0.4), u: &u, verb: "list", ref: h27R("secrets", "", ""), query: "?limit=500", forbid: true,
		fail: h27Forbidden(u.name, "list", h27R("secrets", "", ""))})
	t = e.Add(w.secs(20, 70))
	for _, ns := range []string{"argocd", "catalog", "cert-manager", "checkout", "ci", "cnpg-system", "data-platform", "default", "identity", "ingress-nginx",
		"kube-node-lease", "kube-public", "kube-system", "kyverno", "logging", "monitoring", "notifications", "payments", "search", "storefront"} {
		ref := h27R("secrets", ns, "")
		if deploy[ns] {
			_, e = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(14, 0.5), u: &u, verb: "list", ref: ref, query: "?limit=500", reason: rb(ns)})
		} else {
			_, e = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(1, 0.4), u: &u, verb: "list", ref: ref, query: "?limit=500", forbid: true, fail: h27Forbidden(u.name, "list", ref)})
		}
		t = e.Add(w.ms(220, 650))
	}
	t = t.Add(w.secs(30, 90))
	for _, s := range []struct{ ns, name string }{{"payments", "payments-db-app"}, {"payments", "stripe-live-keys"}, {"checkout", "checkout-api-env"}, {"identity", "auth-service-jwt-signing"}, {"ci", "gitlab-runner-registration"}} {
		_, e = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3, 0.4), u: &u, verb: "get", ref: h27R("secrets", s.ns, s.name), reason: rb(s.ns)})
		t = e.Add(w.secs(4, 25))
	}
	// Where may it create pods?
	_, e = w.emit(&h27Req{tr: tr, at: t.Add(w.secs(10, 40)), lat: w.dur(2, 0.4), u: &u, verb: "create", ref: h27R("selfsubjectaccessreviews", "", ""), reason: basic})
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.secs(5, 20)), lat: w.dur(2, 0.4), u: &u, verb: "create", ref: h27R("selfsubjectaccessreviews", "", ""), reason: basic})
	run := "?fieldManager=kubectl-run"
	pod := h27R("pods", "kube-system", "")
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.secs(15, 45)), lat: w.dur(1, 0.4), u: &u, verb: "create", ref: pod, query: run, forbid: true, level: "Request", fail: h27Forbidden(u.name, "create", pod)})
	manifest := `{"kind":"Pod","apiVersion":"v1","metadata":{"name":"node-debug","creationTimestamp":null,"labels":{"run":"node-debug"}},"spec":{"volumes":[{"name":"host","hostPath":{"path":"/","type":""}}],"containers":[{"name":"debug","image":"alpine:3.19","command":["sleep","infinity"],"resources":{},"volumeMounts":[{"name":"host","mountPath":"/host"}],"securityContext":{"privileged":true}}],"restartPolicy":"Always","hostNetwork":true,"hostPID":true},"status":{}}`
	violation := `violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), privileged (container "debug" must not set securityContext.privileged=true), hostPath volumes (volume "host" uses restricted volume type "hostPath")`
	_, e = w.emit(&h27Req{tr: tr, at: e.Add(w.secs(20, 60)), lat: w.dur(16, 0.4), u: &u, verb: "create", ref: h27R("pods", "ci", "node-debug"), query: run, level: "Request", reqObj: manifest, reason: rb("ci"),
		ann:  []field{{"mutation.webhook.admission.k8s.io/round_0_index_2", `{"configuration":"kyverno-resource-mutating-webhook-cfg","webhook":"mutate.kyverno.svc-fail","mutated":false}`}, {"pod-security.kubernetes.io/enforce-policy", "baseline:latest"}},
		fail: &h27Fail{message: `pods "node-debug" is forbidden: ` + violation, reason: "Forbidden", details: `{"name":"node-debug","kind":"pods"}`, code: 403}})
	p, ready, _ := w.launch(e.Add(w.secs(25, 70)), h27PodSpec{ns: "monitoring", name: "node-debug", sa: "default", by: &u, query: run, psa: "privileged:latest", app: true,
		hostNet: true, ready: w.ms(100, 800), tr: tr, level: "Request", reqObj: manifest, reason: rb("monitoring")})
	t = ready.Add(w.ms(200, 1500))
	podRef := h27R("pods", "monitoring", p.name)
	for i := 0; i < 2; i++ {
		_, e = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3, 0.4), u: &u, verb: "get", ref: podRef, reason: rb("monitoring")})
		t = e.Add(w.secs(2, 9))
	}
	_, e = w.emit(&h27Req{tr: tr, at: t, lat: w.secs(190, 330), first: w.dur(55, 0.4), long: true, code: 101, u: &u, verb: "create", ref: podRef.with("exec"), level: "Request", reason: rb("monitoring"),
		query: "?command=chroot&command=%2Fhost&command=%2Fbin%2Fbash&container=debug&stdin=true&stdout=true&tty=true"})
	w.stopPod(e.Add(w.secs(8, 30)), p, &u, tr, w.secs(1, 3), rb("monitoring"))
	p.gone = e
	w.staticPods = append(w.staticPods, p)
}

// ---- incident 2: Kyverno hangs ----

// kyvernoOutage is what the Kyverno pods themselves show: their containers restarted
// by the kubelet once the liveness probe fails, the Service without ready endpoints,
// the webhook configurations registered again by the new leader.
func (w *h27Log) kyvernoOutage() {
	tr := incident(h27Webhook)
	slice := h27R("endpointslices", "kyverno", "kyverno-svc-"+w.g.alnum(5)).id(w.uid("eps/kyverno-svc"))
	var last time.Time
	for _, p := range w.kyvernoPods {
		pod := h27R("pods", "kyverno", p.name).with("status")
		at := w.hookRestart.Add(w.ms(0, 4000))
		w.emit(&h27Req{tr: tr, at: at, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod})
		w.emit(&h27Req{tr: tr, at: at.Add(w.ms(20, 600)), lat: w.dur(5, 0.4), u: w.eps, verb: "update", ref: slice})
		run := at.Add(w.secs(1, 3))
		w.emit(&h27Req{tr: tr, at: run, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod})
		up := w.hookUp.Add(-w.ms(0, 3000))
		w.emit(&h27Req{tr: tr, at: up, lat: w.dur(5, 0.4), u: p.node.u, verb: "patch", ref: pod})
		w.emit(&h27Req{tr: tr, at: up.Add(w.ms(20, 600)), lat: w.dur(5, 0.4), u: w.eps, verb: "update", ref: slice})
		if up.After(last) {
			last = up
		}
	}
	k := w.kyvernoUsers[0]
	t := w.hookRestart.Add(w.secs(18, 34))
	for _, r := range []h27Ref{h27R("mutatingwebhookconfigurations", "", "kyverno-resource-mutating-webhook-cfg"), h27R("validatingwebhookconfigurations", "", "kyverno-resource-validating-webhook-cfg"),
		h27R("mutatingwebhookconfigurations", "", "kyverno-policy-mutating-webhook-cfg"), h27R("validatingwebhookconfigurations", "", "kyverno-policy-validating-webhook-cfg")} {
		_, t = w.emit(&h27Req{tr: tr, at: t, lat: w.dur(9, 0.4), u: k, verb: "update", ref: r.id(w.uid("whc/" + r.name))})
		t = t.Add(w.ms(10, 200))
	}
}

// ---- incident 3: the controller manager loses its lease ----

// kcmFailover writes the leader's last renewals in the second stall (both time out),
// its container restarted by the kubelet, and the new leader's first work.
func (w *h27Log) kcmFailover() {
	tr := incident(h27Etcd)
	ref := h27R("leases", "kube-system", "kube-controller-manager").id(w.uid("lease/kube-system/kube-controller-manager"))
	t := w.stalls[1][0].Add(w.ms(200, 1200))
	for i := 0; i < 2; i++ {
		r := ref
		r.rv = w.oldRV(t, 2*time.Second)
		_, e := w.emit(&h27Req{tr: tr, at: t, lat: w.dur(3.4, 0.35), u: w.kcmLeaseOld, verb: "update", ref: r, query: "?timeout=5s", timeout: 5 * time.Second})
		t = e.Add(2 * time.Second)
	}
	cp := w.cps[0]
	pod := h27R("pods", "kube-system", w.kcmPod).with("status")
	w.emit(&h27Req{tr: tr, at: w.kcmDown.Add(w.ms(600, 2000)), lat: w.dur(5, 0.4), u: cp.u, verb: "patch", ref: pod})
	w.emit(&h27Req{tr: tr, at: w.kcmDown.Add(w.secs(11, 13)), lat: w.dur(5, 0.4), u: cp.u, verb: "patch", ref: pod})
	// The new leader's controllers resync: every quota's status is written again.
	for _, ns := range []string{"catalog", "checkout", "data-platform", "payments"} {
		w.quota(w.kcmUp.Add(w.ms(100, 3000)), ns, tr)
	}
}

// ---- incident 4 and CloudNativePG's routine ----

// cnpgSetup makes the operator's users, watches and lease from its pods: the one
// running at the start and, after incident 4, its replacement.
func (w *h27Log) cnpgSetup() {
	d := w.cnpgDep
	old := d.all[0]
	reason := h27CRB("cnpg-manager", "cnpg-manager", "ServiceAccount", "cnpg-manager/cnpg-system")
	w.cnpg = w.podUser(old, "manager"+h27Go, reason)
	stop := w.cnpgRestart.Add(w.ms(600, 2500))
	w.cnpgStop = stop
	loop := incident(h27HotLoop)
	resources := []string{"clusters", "backups", "scheduledbackups", "poolers", "pods", "services", "secrets", "configmaps", "jobs", "persistentvolumeclaims", "poddisruptionbudgets"}
	for _, res := range resources {
		w.watchers = append(w.watchers, &h27Watcher{u: w.cnpg, ref: h27R(res, "", ""), tr: routine, to: stop, cutTr: loop})
	}
	lease := *w.cnpg
	lease.ua += "/leader-election"
	lease.reason = h27RB("cnpg-manager", "cnpg-system", "Role", "cnpg-manager", "ServiceAccount", "cnpg-manager/cnpg-system")
	w.leases = append(w.leases, &h27Lease{u: &lease, ns: "cnpg-system", name: "db9c8771.cnpg.io", period: 2 * time.Second, to: stop.Add(-w.ms(100, 1500)), tr: routine})
	// LeaderElectionReleaseOnCancel: the lease given up as the operator stops.
	r := h27R("leases", "cnpg-system", "db9c8771.cnpg.io").id(w.uid("lease/cnpg-system/db9c8771.cnpg.io"))
	r.rv = w.oldRV(stop, time.Second)
	w.emit(&h27Req{tr: loop, at: stop, lat: w.dur(3.4, 0.35), u: &lease, verb: "update", ref: r})
	if len(d.all) < 2 {
		return
	}
	nu := d.all[1]
	w.cnpgNew = w.podUser(nu, "manager"+h27Go, reason)
	w.cnpgUp = nu.born.Add(w.secs(4, 7))
	for _, res := range resources {
		w.watchers = append(w.watchers, &h27Watcher{u: w.cnpgNew, ref: h27R(res, "", ""), tr: routine, from: w.cnpgUp.Add(w.ms(0, 800)), fromTr: loop})
	}
	nl := *w.cnpgNew
	nl.ua += "/leader-election"
	nl.reason = lease.reason
	w.leases = append(w.leases, &h27Lease{u: &nl, ns: "cnpg-system", name: "db9c8771.cnpg.io", period: 2 * time.Second, from: w.cnpgUp.Add(w.ms(900, 2500)), tr: routine, firstTr: &loop})
}

var h27DBs = []struct{ ns, name string }{{"payments", "payments-db"}, {"catalog", "catalog-db"}, {"identity", "auth-db"}, {"data-platform", "analytics-db"}}

// cnpgTraffic is the operator's and the instance managers' status updates of their
// Clusters now and then, the 09:00 backup, and incident 4: an engineer's edit of
// payments-db's parameters sets the operator hot-looping on its status, conflicting
// with the primary's instance manager, until the operator's pod is deleted.
func (w *h27Log) cnpgTraffic() {
	g := w.g
	op := func(t time.Time) *h27User {
		if !w.cnpgUp.IsZero() && t.After(w.cnpgUp) {
			return w.cnpgNew
		}
		return w.cnpg
	}
	loop := incident(h27HotLoop)
	inLoop := func(t time.Time) bool { return !t.Before(w.loopAt) && t.Before(w.cnpgStop) }
	for i, db := range h27DBs {
		ref := h27R("clusters", db.ns, db.name).id(w.uid("cluster/" + db.name)).with("status")
		for t := w.start.Add(-w.secs(0, 200)); t.Before(w.end); t = t.Add(time.Duration(g.lognormal(170, 0.5) * float64(time.Second))) {
			if !w.cnpgUp.IsZero() && t.After(w.cnpgStop) && t.Before(w.cnpgUp) {
				continue
			}
			if i == 0 && inLoop(t) {
				continue
			}
			code, e := w.emit(&h27Req{at: t, lat: w.dur(6, 0.4), u: op(t), verb: "update", ref: ref, fail: w.maybeConflict(0.05, ref)})
			if code == 409 {
				w.emit(&h27Req{at: e.Add(w.ms(5, 200)), lat: w.dur(6, 0.4), u: op(t), verb: "update", ref: ref})
			}
		}
		im := w.instances[i]
		for t := w.start.Add(-w.secs(0, 300)); t.Before(w.end); t = t.Add(time.Duration(g.lognormal(280, 0.4) * float64(time.Second))) {
			if i == 0 && inLoop(t) {
				continue
			}
			w.emit(&h27Req{at: t, lat: w.dur(6, 0.4), u: im, verb: "update", ref: ref})
		}
	}
	// The daily backup of payments-db at 09:00, from the standby.
	bt := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC).Add(w.ms(5, 400))
	backup := h27R("backups", "payments", "payments-db-20260312090000")
	_, e := w.emit(&h27Req{at: bt, lat: w.dur(9, 0.4), u: op(bt), verb: "create", ref: backup})
	w.emit(&h27Req{at: e.Add(w.ms(10, 200)), lat: w.dur(6, 0.4), u: op(bt), verb: "update", ref: h27R("scheduledbackups", "payments", "payments-db-daily").id(w.uid("sb/payments-db")).with("status")})
	standby := w.podUser(&h27Pod{ns: "payments", name: "payments-db-2", uid: w.uid("pod/payments/payments-db-2"), sa: "payments-db", ip: w.instances[0].ip}, "manager"+h27Go,
		h27RB("payments-db", "payments", "Role", "payments-db", "ServiceAccount", "payments-db/payments"))
	bs := backup.id(w.uid("backup/payments-db-20260312090000")).with("status")
	for _, d := range []time.Duration{w.ms(500, 2000), w.secs(6, 12), w.secs(200, 320)} {
		w.emit(&h27Req{at: e.Add(d), lat: w.dur(6, 0.4), u: standby, verb: "update", ref: bs})
	}

	// Incident 4.
	db := h27DBs[0]
	cluster := h27R("clusters", db.ns, db.name)
	status := cluster.id(w.uid("cluster/" + db.name)).with("status")
	dev := w.humans[3]
	_, reason := dev.edit(db.ns)
	w.emit(&h27Req{at: w.loopAt.Add(-w.secs(25, 60)), lat: w.dur(3, 0.4), u: dev.u, verb: "get", ref: cluster, reason: reason})
	w.emit(&h27Req{at: w.loopAt.Add(-w.secs(2, 8)), lat: w.dur(9, 0.4), u: dev.u, verb: "patch", ref: cluster, query: "?fieldManager=kubectl-edit", reason: reason})
	for t := w.loopAt; t.Before(w.cnpgStop); t = t.Add(time.Duration(g.lognormal(230, 0.45) * float64(time.Millisecond))) {
		conflict := g.chance(0.46)
		var fail *h27Fail
		if conflict {
			fail = h27Conflict(cluster)
		}
		_, e := w.emit(&h27Req{tr: loop, at: t, lat: w.dur(6, 0.4), u: w.cnpg, verb: "update", ref: status, fail: fail})
		if conflict && g.chance(0.6) {
			w.emit(&h27Req{tr: loop, at: e.Add(w.ms(1, 8)), lat: w.dur(2.5, 0.4), u: w.cnpg, verb: "get", ref: cluster})
		}
	}
	im := w.instances[0]
	for t := w.loopAt.Add(w.secs(1, 5)); t.Before(w.cnpgStop.Add(w.secs(2, 6))); t = t.Add(time.Duration(g.lognormal(1800, 0.4) * float64(time.Millisecond))) {
		var fail *h27Fail
		if g.chance(0.5) {
			fail = h27Conflict(cluster)
		}
		w.emit(&h27Req{tr: loop, at: t, lat: w.dur(6, 0.4), u: im, verb: "update", ref: status, fail: fail})
	}
	// An engineer looks into it before deleting the pod.
	admin := w.humans[8]
	t := w.cnpgRestart.Add(-w.secs(420, 540))
	op0 := w.cnpgDep.all[0]
	steps := []h27Req{
		{verb: "list", ref: h27R("clusters", "payments", ""), query: "?limit=500"},
		{verb: "get", ref: cluster},
		{verb: "list", ref: h27R("pods", "cnpg-system", ""), query: "?limit=500"},
		{verb: "get", ref: h27R("pods", "cnpg-system", op0.name).with("log"), query: "?container=manager&tailLines=200", long: true},
		{verb: "get", ref: h27R("pods", "cnpg-system", op0.name).with("log"), query: "?container=manager&follow=true&tailLines=20", long: true},
		{verb: "get", ref: cluster},
		{verb: "get", ref: h27R("pods", "cnpg-system", op0.name)},
	}
	for _, s := range steps {
		r := s
		r.tr, r.at, r.u, r.lat = loop, t, admin.u, w.dur(4, 0.5)
		if r.long {
			r.first, r.lat = w.dur(30, 0.5), w.dur(220, 0.6)
			if strings.Contains(r.query, "follow") {
				r.lat = w.secs(20, 90)
			}
		}
		_, e := w.emit(&r)
		t = e.Add(w.secs(8, 60))
		if !t.Before(w.cnpgRestart) {
			break
		}
	}
}

// h27Invalid is the 422 of a Deployment that fails validation.
func h27Invalid(name, path, cause string) *h27Fail {
	// StatusDetails.Causes is a list; one cause is all these requests have.
	d := jsonLine(field{"name", name}, field{"group", "apps"}, field{"kind", "Deployment"})
	c := jsonLine(field{"reason", "FieldValueInvalid"}, field{"message", cause}, field{"field", path})
	return &h27Fail{message: fmt.Sprintf("Deployment.apps %q is invalid: %s: %s", name, path, cause), reason: "Invalid", code: 422,
		details: d[:len(d)-1] + `,"causes":[` + c + `]}`}
}

// ---- the engineers ----

// sessions are engineers at work with kubectl: a few commands each, some seconds to a
// minute apart.
func (w *h27Log) sessions() {
	g := w.g
	g.arrivals(w.start, w.end, func(t time.Time) float64 { return w.load(t) * w.load(t) * 2 / 60 }, func(t time.Time) {
		i := g.weighted(len(w.humans), func(i int) float64 {
			h := w.humans[i]
			if !h.from.IsZero() && t.Before(h.from) {
				return 0
			}
			if h.admin {
				return 0.7
			}
			return 1
		})
		w.session(w.humans[i], t)
	})
}

func (w *h27Log) session(h *h27Human, t time.Time) {
	g := w.g
	var ns string
	switch {
	case h.admin || g.chance(0.15):
		ns = h27Apps[g.intn(len(h27Apps))].ns
		if !h.from.IsZero() {
			ns = pick(g, h.ns)
		}
	default:
		ns = pick(g, h.ns)
	}
	if g.chance(0.035) {
		// An expired OIDC token: refused before anything else, then refreshed by
		// kubelogin and the command repeated.
		anon := &h27User{fields: []field{}, ua: h.u.ua, ip: h.u.ip}
		_, e := w.emit(&h27Req{tr: h.tr, at: t, lat: w.dur(0.4, 0.4), u: anon, verb: "list", ref: h27R("pods", ns, ""), query: "?limit=500",
			fail: &h27Fail{message: "Unauthorized", reason: "Unauthorized", code: 401}})
		t = e.Add(w.secs(4, 15))
	}
	n := g.between(1, 8)
	for i := 0; i < n && t.Before(w.end); i++ {
		t = w.command(h, ns, t).Add(w.secs(3, 50))
	}
}

// alive returns the pods of ns's Deployments running at t.
func (w *h27Log) alive(ns string, t time.Time) []*h27Pod {
	var out []*h27Pod
	for _, d := range w.depByNS[ns] {
		for _, p := range d.all {
			if !p.born.After(t) && (p.gone.IsZero() || p.gone.After(t)) {
				out = append(out, p)
			}
		}
	}
	return out
}

// command is one kubectl command; it returns when it completed.
func (w *h27Log) command(h *h27Human, ns string, t time.Time) time.Time {
	g := w.g
	edit, reason := h.edit(ns)
	pods := w.alive(ns, t)
	base := h27Req{tr: h.tr, at: t, u: h.u, reason: reason, apf: true}
	do := func(r h27Req) time.Time {
		if g.chance(0.003) {
			r.code, r.lat = 429, w.dur(1, 0.5)
		}
		_, e := w.emit(&r)
		return e
	}
	deny := func(r h27Req, verb string) time.Time {
		r.forbid, r.lat, r.reason = true, w.dur(0.9, 0.4), ""
		r.fail = h27Forbidden(h.u.name, verb, r.ref)
		return do(r)
	}
	k := g.weighted(16, func(i int) float64 {
		return []float64{26, 12, 15, 7, 5, 5, 3, 3, 3, 4, 3, 1, 2, 3, 3, 3}[i]
	})
	if len(pods) == 0 && (k == 1 || k == 2 || k == 5 || k == 7) {
		k = 0
	}
	r := base
	switch k {
	case 0: // kubectl get pods
		r.verb, r.ref, r.query, r.lat = "list", h27R("pods", ns, ""), "?limit=500", w.dur(9, 0.5)
		return do(r)
	case 1: // kubectl describe pod / get pod -o yaml
		r.verb, r.ref, r.lat = "get", h27R("pods", ns, pick(g, pods).name), w.dur(3, 0.4)
		return do(r)
	case 2: // kubectl logs
		p := pick(g, pods)
		r.verb, r.ref, r.long, r.first = "get", h27R("pods", ns, p.name).with("log"), true, w.dur(40, 0.6)
		switch u := g.rng.Float64(); {
		case u < 0.45:
			r.query, r.lat = "?container=app&tailLines="+pick(g, []string{"50", "100", "200", "500"}), w.dur(180, 0.8)
		case u < 0.7:
			r.query, r.lat = "?container=app&sinceSeconds="+pick(g, []string{"300", "600", "1800", "3600"}), w.dur(400, 0.8)
		default:
			r.query, r.lat = "?container=app&follow=true", w.secs(10, 600)
			r.panicked = g.chance(0.06)
		}
		return do(r)
	case 3: // kubectl get deploy
		r.verb, r.ref, r.query, r.lat = "list", h27R("deployments", ns, ""), "?limit=500", w.dur(6, 0.5)
		return do(r)
	case 4: // kubectl top pods
		r.verb, r.ref, r.lat = "list", h27Ref{group: "metrics.k8s.io", version: "v1beta1", resource: "pods", ns: ns}, w.dur(25, 0.5)
		return do(r)
	case 5: // kubectl exec -it
		p := pick(g, pods)
		r.verb, r.ref, r.level = "create", h27R("pods", ns, p.name).with("exec"), "Request"
		r.query = "?command=" + pick(g, []string{"sh", "bash", "%2Fbin%2Fsh"}) + "&container=app&stdin=true&stdout=true&tty=true"
		if !edit {
			return deny(r, "create")
		}
		r.code, r.long, r.first, r.lat = 101, true, w.dur(60, 0.5), w.secs(15, 900)
		return do(r)
	case 6: // kubectl get secret
		d := pick(g, w.depByNS[ns])
		r.verb, r.ref, r.lat = "get", h27R("secrets", ns, d.name+"-env"), w.dur(3, 0.4)
		if !edit {
			return deny(r, "get")
		}
		if g.chance(0.15) {
			r.ref.name = d.name + "-secrets"
			r.fail = h27NotFound(r.ref)
		}
		return do(r)
	case 7: // kubectl port-forward
		p := pick(g, pods)
		r.verb, r.ref, r.lat = "get", h27R("pods", ns, p.name), w.dur(3, 0.4)
		e := do(r)
		r = base
		r.at, r.verb, r.ref, r.level = e.Add(w.ms(20, 100)), "create", h27R("pods", ns, p.name).with("portforward"), "Request"
		if !edit {
			return deny(r, "create")
		}
		r.code, r.long, r.first, r.lat = 101, true, w.dur(50, 0.5), w.secs(30, 1800)
		return do(r)
	case 8: // kubectl get pods -A: two pages, from etcd, slow
		r.reason = ""
		r.verb, r.ref, r.query, r.lat = "list", h27R("pods", "", ""), "?limit=500", w.dur(850, 0.45)
		e := do(r)
		r.at = e.Add(w.ms(5, 40))
		token := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"v":"meta.k8s.io/v1","rv":%d,"start":"payments/payments-api-%s\u0000"}`, w.rv(t), g.alnum(5))))
		r.query, r.lat = "?continue="+token+"&limit=500", w.dur(420, 0.45)
		return do(r)
	case 9: // a mistyped name
		name := ns + "-" + g.alnum(4)
		if len(pods) > 0 {
			name = pick(g, pods).name
			name = name[:len(name)-g.between(1, 4)]
		}
		r.verb, r.ref, r.lat = "get", h27R("pods", ns, name), w.dur(2.5, 0.4)
		r.fail = h27NotFound(r.ref)
		return do(r)
	case 10: // kubectl get nodes
		r.reason = ""
		r.verb, r.ref, r.query, r.lat = "list", h27R("nodes", "", ""), "?limit=500", w.dur(30, 0.4)
		if !h.admin {
			return deny(r, "list")
		}
		return do(r)
	case 11: // kubectl apply of a manifest with a typo
		d := pick(g, w.depByNS[ns])
		r.verb, r.ref, r.lat = "get", h27R("deployments", ns, d.name), w.dur(3, 0.4)
		e := do(r)
		r = base
		r.at, r.verb, r.ref, r.query, r.level, r.lat = e.Add(w.ms(20, 150)), "patch", h27R("deployments", ns, d.name), "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "Request", w.dur(2, 0.4)
		if !edit {
			return deny(r, "patch")
		}
		if g.chance(0.5) {
			r.reqObj = `{"spec":{"template":{"spec":{"containers":[{"name":"app","resource":{"limits":{"memory":"1Gi"}}}]}}}}`
			r.fail = &h27Fail{message: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].resource"`, reason: "BadRequest", code: 400}
		} else {
			r.reqObj = `{"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"limits":{"memory":"512Mi"},"requests":{"memory":"1Gi"}}}]}}}}`
			r.fail = h27Invalid(d.name, "spec.template.spec.containers[0].resources.requests", `Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi`)
		}
		return do(r)
	case 12: // kubectl auth can-i
		r.verb, r.ref, r.lat, r.reason = "create", h27R("selfsubjectaccessreviews", "", ""), w.dur(1.5, 0.4), h27CRB("system:basic-user", "system:basic-user", "Group", "system:authenticated")
		return do(r)
	case 13:
		r.verb, r.ref, r.query, r.lat = "list", h27R("configmaps", ns, ""), "?limit=500", w.dur(7, 0.5)
		return do(r)
	case 14:
		r.verb, r.ref, r.query, r.lat = "list", h27R("horizontalpodautoscalers", ns, ""), "?limit=500", w.dur(4, 0.5)
		return do(r)
	}
	r.verb, r.ref, r.query, r.lat = "list", h27R("services", ns, ""), "?limit=500", w.dur(5, 0.5)
	return do(r)
}
