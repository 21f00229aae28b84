package docker

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/kustomize/api/krusty"
	kustomize "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// k8sDir holds the manifests and their kustomization.
const k8sDir = "docker/k8s"

// manifests are decoded objects by kind and name.
type manifests struct {
	namespaces          map[string]*corev1.Namespace
	serviceAccounts     map[string]*corev1.ServiceAccount
	configMaps          map[string]*corev1.ConfigMap
	claims              map[string]*corev1.PersistentVolumeClaim
	clusterRoles        map[string]*rbacv1.ClusterRole
	clusterRoleBindings map[string]*rbacv1.ClusterRoleBinding
	deployments         map[string]*appsv1.Deployment
	daemonSets          map[string]*appsv1.DaemonSet
	cronJobs            map[string]*batchv1.CronJob
}

func newManifests() *manifests {
	return &manifests{
		namespaces: map[string]*corev1.Namespace{}, serviceAccounts: map[string]*corev1.ServiceAccount{},
		configMaps: map[string]*corev1.ConfigMap{}, claims: map[string]*corev1.PersistentVolumeClaim{},
		clusterRoles: map[string]*rbacv1.ClusterRole{}, clusterRoleBindings: map[string]*rbacv1.ClusterRoleBinding{},
		deployments: map[string]*appsv1.Deployment{}, daemonSets: map[string]*appsv1.DaemonSet{},
		cronJobs: map[string]*batchv1.CronJob{},
	}
}

// decodeStrict decodes one object into its API type; a field the type does not have is
// an error, as `kubectl apply --validate=strict` would make it.
func decodeStrict[T any](doc []byte, into map[string]*T, name func(*T) string) error {
	obj := new(T)
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		return err
	}
	if _, dup := into[name(obj)]; dup {
		return fmt.Errorf("%s defined twice", name(obj))
	}
	into[name(obj)] = obj
	return nil
}

// add decodes one document by its apiVersion and kind.
func (m *manifests) add(doc []byte) error {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return err
	}
	switch head.APIVersion + " " + head.Kind {
	case "v1 Namespace":
		return decodeStrict(doc, m.namespaces, func(o *corev1.Namespace) string { return o.Name })
	case "v1 ServiceAccount":
		return decodeStrict(doc, m.serviceAccounts, func(o *corev1.ServiceAccount) string { return o.Name })
	case "v1 ConfigMap":
		return decodeStrict(doc, m.configMaps, func(o *corev1.ConfigMap) string { return o.Name })
	case "v1 PersistentVolumeClaim":
		return decodeStrict(doc, m.claims, func(o *corev1.PersistentVolumeClaim) string { return o.Name })
	case "rbac.authorization.k8s.io/v1 ClusterRole":
		return decodeStrict(doc, m.clusterRoles, func(o *rbacv1.ClusterRole) string { return o.Name })
	case "rbac.authorization.k8s.io/v1 ClusterRoleBinding":
		return decodeStrict(doc, m.clusterRoleBindings, func(o *rbacv1.ClusterRoleBinding) string { return o.Name })
	case "apps/v1 Deployment":
		return decodeStrict(doc, m.deployments, func(o *appsv1.Deployment) string { return o.Name })
	case "apps/v1 DaemonSet":
		return decodeStrict(doc, m.daemonSets, func(o *appsv1.DaemonSet) string { return o.Name })
	case "batch/v1 CronJob":
		return decodeStrict(doc, m.cronJobs, func(o *batchv1.CronJob) string { return o.Name })
	}
	return fmt.Errorf("%s %s is not checked by this test", head.APIVersion, head.Kind)
}

// TestManifestsDecodeStrictly decodes every manifest file as written, and the
// kustomization into kustomize's own type.
func TestManifestsDecodeStrictly(t *testing.T) {
	root := repoRoot(t)
	var k kustomize.Kustomization
	readYAMLStrict(t, filepath.Join(root, k8sDir, "kustomization.yaml"), &k)
	files, err := filepath.Glob(filepath.Join(root, k8sDir, "*/*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, k8sDir, "namespace.yaml"))
	m := newManifests()
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(root, k8sDir), f)
		if !slices.Contains(k.Resources, rel) {
			t.Errorf("%s is not among the kustomization's resources", rel)
		}
		for i, doc := range yamlDocuments(t, f) {
			if err := m.add(doc); err != nil {
				t.Errorf("%s: document %d: %v", rel, i+1, err)
			}
		}
	}
}

func readYAMLStrict(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// build runs kustomize on docker/k8s, as `kubectl apply -k` does, and decodes the result.
func build(t *testing.T, root string) *manifests {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	res, err := k.Run(filesys.MakeFsOnDisk(), filepath.Join(root, k8sDir))
	if err != nil {
		t.Fatalf("kustomize build %s: %v", k8sDir, err)
	}
	out, err := res.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	m := newManifests()
	for i, doc := range docSeparator.Split(string(out), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		if err := m.add([]byte(doc)); err != nil {
			t.Fatalf("built document %d: %v", i+1, err)
		}
	}
	return m
}

// pod is a pod template of a workload.
type pod struct {
	owner string // Kind/name
	ns    string
	spec  corev1.PodSpec
}

func (m *manifests) pods() []pod {
	var out []pod
	for name, d := range m.deployments {
		out = append(out, pod{"Deployment/" + name, d.Namespace, d.Spec.Template.Spec})
	}
	for name, d := range m.daemonSets {
		out = append(out, pod{"DaemonSet/" + name, d.Namespace, d.Spec.Template.Spec})
	}
	for name, c := range m.cronJobs {
		out = append(out, pod{"CronJob/" + name, c.Namespace, c.Spec.JobTemplate.Spec.Template.Spec})
	}
	slices.SortFunc(out, func(a, b pod) int { return strings.Compare(a.owner, b.owner) })
	return out
}

// runsAsRoot lists the containers that run as root, and why: everything else runs as
// non-root.
var runsAsRoot = map[string]string{
	"DaemonSet/anomaly-node-agent/fluent-bit": "reads the node's container logs (root's, mode 0640 or 0600) and keeps positions and models in a node directory the kubelet creates for root",
}

func TestWorkloadsAreLockedDown(t *testing.T) {
	root := repoRoot(t)
	m := build(t, root)
	pods := m.pods()
	if len(pods) != 3 {
		t.Fatalf("%d workloads, want the sidecar Deployment, the DaemonSet and the CronJob", len(pods))
	}
	for _, p := range pods {
		t.Run(p.owner, func(t *testing.T) {
			if p.ns == "" || m.namespaces[p.ns] == nil {
				t.Errorf("namespace %q is not created by the kustomization", p.ns)
			}
			if sc := p.spec.SecurityContext; sc == nil || sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
				t.Error("no RuntimeDefault seccomp profile")
			}
			for _, c := range append(slices.Clone(p.spec.InitContainers), p.spec.Containers...) {
				id := p.owner + "/" + c.Name
				for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
					if _, ok := c.Resources.Requests[res]; !ok {
						t.Errorf("%s: no %s request", id, res)
					}
					if _, ok := c.Resources.Limits[res]; !ok {
						t.Errorf("%s: no %s limit", id, res)
					}
				}
				if c.Image != "fluent-bit-anomaly:dev" || c.ImagePullPolicy != corev1.PullIfNotPresent {
					t.Errorf("%s: image %q pulled %q, want the kustomization's fluent-bit-anomaly:dev, IfNotPresent (a kind-loaded image works)", id, c.Image, c.ImagePullPolicy)
				}
				sc := c.SecurityContext
				if sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
					sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
					sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 ||
					(sc.Privileged != nil && *sc.Privileged) {
					t.Errorf("%s: want allowPrivilegeEscalation false, readOnlyRootFilesystem true, capabilities drop [ALL] and none added", id)
					continue
				}
				nonRoot := sc.RunAsNonRoot
				if nonRoot == nil && p.spec.SecurityContext != nil {
					nonRoot = p.spec.SecurityContext.RunAsNonRoot
				}
				_, rootAllowed := runsAsRoot[id]
				switch {
				case rootAllowed && (sc.RunAsUser == nil || *sc.RunAsUser != 0):
					t.Errorf("%s is listed in runsAsRoot but does not say runAsUser 0", id)
				case !rootAllowed && (nonRoot == nil || !*nonRoot):
					t.Errorf("%s: want runAsNonRoot true", id)
				}
				for _, arg := range append(slices.Clone(c.Command), c.Args...) {
					if strings.HasPrefix(arg, imageRoot+"/") && !inImage(t, root, arg) {
						t.Errorf("%s: the image has no %s", id, arg)
					}
				}
			}
		})
	}
}

// mountFor returns the container's mount holding path, the deepest one.
func mountFor(c corev1.Container, p string) (corev1.VolumeMount, bool) {
	var best corev1.VolumeMount
	found := false
	for _, vm := range c.VolumeMounts {
		if under(p, vm.MountPath) && (!found || len(vm.MountPath) > len(best.MountPath)) {
			best, found = vm, true
		}
	}
	return best, found
}

func volume(spec corev1.PodSpec, name string) (corev1.Volume, bool) {
	for _, v := range spec.Volumes {
		if v.Name == name {
			return v, true
		}
	}
	return corev1.Volume{}, false
}

func portNamed(c corev1.Container, name string) int32 {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	return 0
}

// fluentBitConf finds the configuration a Fluent Bit container runs: -c names a file in a
// mounted ConfigMap, which the kustomization generated from one of docker/k8s/*/fluent-bit.conf.
func fluentBitConf(t *testing.T, root string, m *manifests, spec corev1.PodSpec, c corev1.Container) conf {
	t.Helper()
	if len(c.Args) != 2 || c.Args[0] != "-c" {
		t.Fatalf("args %q: want -c FILE", c.Args)
	}
	file := c.Args[1]
	vm, ok := mountFor(c, file)
	if !ok {
		t.Fatalf("%s is on no volume", file)
	}
	v, _ := volume(spec, vm.Name)
	if v.ConfigMap == nil {
		t.Fatalf("%s: volume %s is not a ConfigMap", file, vm.Name)
	}
	cm := m.configMaps[v.ConfigMap.Name]
	if cm == nil {
		t.Fatalf("ConfigMap %s does not exist (kustomize renames generated ones)", v.ConfigMap.Name)
	}
	text, ok := cm.Data[strings.TrimPrefix(file, vm.MountPath+"/")]
	if !ok {
		t.Fatalf("ConfigMap %s has no %s", cm.Name, path.Base(file))
	}
	sources, _ := filepath.Glob(filepath.Join(root, k8sDir, "*/fluent-bit.conf"))
	for _, src := range sources {
		if data, err := os.ReadFile(src); err == nil && string(data) == text {
			return readConf(t, src)
		}
	}
	t.Fatalf("ConfigMap %s holds none of %v", cm.Name, sources)
	return conf{}
}

// writable reports whether the container can write at p: a mount that is not read-only
// (the root file system is).
func writable(c corev1.Container, p string) bool {
	vm, ok := mountFor(c, p)
	return ok && !vm.ReadOnly
}

func TestFluentBitContainersMatchTheirConfigurations(t *testing.T) {
	root := repoRoot(t)
	m := build(t, root)
	checked := 0
	for _, p := range m.pods() {
		for _, c := range p.spec.Containers {
			if c.Name != "fluent-bit" {
				continue
			}
			checked++
			t.Run(p.owner, func(t *testing.T) {
				cf := fluentBitConf(t, root, m, p.spec, c)
				svc := cf.service()
				for _, f := range []string{svc.get("parsers_file"), svc.get("plugins_file")} {
					if f != "" && !inImage(t, root, f) {
						t.Errorf("the image has no %s", f)
					}
				}

				// Probes on Fluent Bit's HTTP server.
				if !strings.EqualFold(svc.get("http_server"), "on") || !strings.EqualFold(svc.get("health_check"), "on") {
					t.Error("probes need HTTP_Server On and Health_Check On")
				}
				port := portNamed(c, "http")
				if strconv.Itoa(int(port)) != svc.get("http_port") {
					t.Errorf("port http is %d, Fluent Bit listens on %q", port, svc.get("http_port"))
				}
				// A sidecar's readiness is its pod's: a failing output must not take the
				// application out of its Service.
				ready := "/api/v1/health"
				if strings.HasPrefix(p.owner, "Deployment/") {
					ready = "/api/v1/uptime"
				}
				for _, probe := range []struct {
					name, path string
					p          *corev1.Probe
				}{{"liveness", "/", c.LivenessProbe}, {"readiness", ready, c.ReadinessProbe}} {
					if probe.p == nil || probe.p.HTTPGet == nil || probe.p.HTTPGet.Path != probe.path || probe.p.HTTPGet.Port != intstr.FromString("http") {
						t.Errorf("%s probe: want httpGet %s on port http", probe.name, probe.path)
					}
				}

				// Where it reads and writes.
				scorer := cf.anomalyFilter(t)
				if got := portNamed(c, "metrics"); strconv.Itoa(int(got)) != portOf(t, scorer.get("metrics_address")) {
					t.Errorf("port metrics is %d, metrics_address is %q", got, scorer.get("metrics_address"))
				}
				for _, in := range cf.named("input", "tail") {
					if _, ok := mountFor(c, path.Dir(in.get("path"))); !ok {
						t.Errorf("tail reads %s, on no volume", in.get("path"))
					}
					if db := in.get("db"); db == "" || !writable(c, db) {
						t.Errorf("tail db %q is not on a writable volume: positions would be lost", db)
					}
				}
				if sd := scorer.get("state_dir"); sd == "" || !writable(c, sd) {
					t.Errorf("state_dir %q is not on a writable volume", sd)
				}
			})
		}
	}
	if checked != 2 {
		t.Errorf("checked %d Fluent Bit containers, want the sidecar's and the node agent's", checked)
	}
}

func TestSidecarSharesTheLogVolumeWithTheApplication(t *testing.T) {
	root := repoRoot(t)
	m := build(t, root)
	d := m.deployments["shop"]
	if d == nil {
		t.Fatal("no Deployment shop")
	}
	var app, fb corev1.Container
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == "fluent-bit" {
			fb = c
		} else {
			app = c
		}
	}
	cf := fluentBitConf(t, root, m, d.Spec.Template.Spec, fb)
	logs := path.Dir(cf.named("input", "tail")[0].get("path"))
	fbMount, _ := mountFor(fb, logs)
	appMount, ok := mountFor(app, logs)
	if !ok || appMount.Name != fbMount.Name || appMount.ReadOnly {
		t.Errorf("the application does not write %s on the volume Fluent Bit reads (%s)", logs, fbMount.Name)
	}
	if v, _ := volume(d.Spec.Template.Spec, fbMount.Name); v.EmptyDir == nil {
		t.Errorf("volume %s: want an emptyDir shared by the two containers", fbMount.Name)
	}
	state, _ := mountFor(fb, cf.anomalyFilter(t).get("state_dir"))
	v, _ := volume(d.Spec.Template.Spec, state.Name)
	if v.PersistentVolumeClaim == nil || m.claims[v.PersistentVolumeClaim.ClaimName] == nil {
		t.Fatalf("state volume %s: want a PersistentVolumeClaim of the kustomization", state.Name)
	}
	// A ReadWriteOnce claim cannot be held by the old and the new pod at once.
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType || d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("strategy %q with %v replicas: a ReadWriteOnce state volume needs Recreate and 1 replica", d.Spec.Strategy.Type, d.Spec.Replicas)
	}
}

func TestNodeAgentMayReadPodsAndNamespaces(t *testing.T) {
	root := repoRoot(t)
	m := build(t, root)
	ds := m.daemonSets["anomaly-node-agent"]
	if ds == nil {
		t.Fatal("no DaemonSet anomaly-node-agent")
	}
	cf := fluentBitConf(t, root, m, ds.Spec.Template.Spec, ds.Spec.Template.Spec.Containers[0])
	if len(cf.named("filter", "kubernetes")) != 1 || cf.anomalyFilter(t).get("group_by") != "kubernetes.container_name" {
		t.Error("want the kubernetes filter and group_by kubernetes.container_name")
	}
	sa := ds.Spec.Template.Spec.ServiceAccountName
	if m.serviceAccounts[sa] == nil {
		t.Fatalf("ServiceAccount %q does not exist", sa)
	}
	granted := map[string]bool{}
	for _, b := range m.clusterRoleBindings {
		bound := false
		for _, s := range b.Subjects {
			if s.Kind == "ServiceAccount" && s.Name == sa && s.Namespace == ds.Namespace {
				bound = true
			}
		}
		role := m.clusterRoles[b.RoleRef.Name]
		if !bound || b.RoleRef.Kind != "ClusterRole" || role == nil {
			continue
		}
		for _, r := range role.Rules {
			if !slices.Contains(r.APIGroups, "") {
				continue
			}
			for _, res := range r.Resources {
				for _, verb := range r.Verbs {
					granted[res+" "+verb] = true
				}
			}
		}
	}
	for _, res := range []string{"pods", "namespaces"} {
		for _, verb := range []string{"get", "list", "watch"} {
			if !granted[res+" "+verb] {
				t.Errorf("%s may not %s %s", sa, verb, res)
			}
		}
	}
	if len(granted) != 6 {
		t.Errorf("%s is granted %v: more than the kubernetes filter needs", sa, granted)
	}
}

// exitAnomalies reads the exit status `anomaly scan -fail` gives when it flagged records.
func exitAnomalies(t *testing.T, root string) int32 {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "plugin/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const exitAnomalies = (\d+)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("plugin/main.go no longer defines exitAnomalies")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return int32(n)
}

func TestCronJobScansAndFailsOnAnomalies(t *testing.T) {
	root := repoRoot(t)
	m := build(t, root)
	cj := m.cronJobs["anomaly-scan"]
	if cj == nil {
		t.Fatal("no CronJob anomaly-scan")
	}
	job := cj.Spec.JobTemplate.Spec
	spec := job.Template.Spec
	if spec.RestartPolicy != corev1.RestartPolicyNever || cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("restartPolicy %q, concurrencyPolicy %q: want Never and Forbid", spec.RestartPolicy, cj.Spec.ConcurrencyPolicy)
	}
	var scan corev1.Container
	for _, c := range spec.Containers {
		if c.Name == "scan" {
			scan = c
		}
	}
	if !slices.Equal(scan.Command, []string{imageRoot + "/build/anomaly"}) || len(scan.Args) == 0 || scan.Args[0] != "scan" ||
		!slices.Contains(scan.Args, "-anomalies") || !slices.Contains(scan.Args, "-fail") {
		t.Fatalf("scan runs %q %q: want anomaly scan -anomalies -fail FILE", scan.Command, scan.Args)
	}
	file := scan.Args[len(scan.Args)-1]
	vm, ok := mountFor(scan, file)
	if !ok {
		t.Fatalf("%s is on no volume", file)
	}
	// The init container writes the file on the same volume.
	written := false
	for _, c := range spec.InitContainers {
		if w, ok := mountFor(c, file); ok && w.Name == vm.Name && !w.ReadOnly && slices.Contains(c.Args, file) {
			written = true
		}
	}
	if !written {
		t.Errorf("nothing writes %s before the scan", file)
	}
	want := exitAnomalies(t, root)
	failsJob := false
	if job.PodFailurePolicy != nil {
		for _, r := range job.PodFailurePolicy.Rules {
			if r.Action == batchv1.PodFailurePolicyActionFailJob && r.OnExitCodes != nil && r.OnExitCodes.ContainerName != nil &&
				*r.OnExitCodes.ContainerName == "scan" && slices.Equal(r.OnExitCodes.Values, []int32{want}) {
				failsJob = true
			}
		}
	}
	if !failsJob {
		t.Errorf("no podFailurePolicy rule failing the Job on exit %d of scan (anomalies found)", want)
	}
}
