package docker

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"
)

// helmValues is the values file for the official Fluent Bit chart.
const helmValues = "docker/helm/values.yaml"

// The chart the values are written for: fluent/helm-charts, charts/fluent-bit. Every list
// below was read from that chart, version 0.58.1 (appVersion 5.1.1, the Fluent Bit of
// docker/Dockerfile): a key the chart does not know is ignored by helm without a word,
// so a typo or a key of another chart would silently leave the chart's default.
const (
	chartName    = "fluent-bit"
	chartVersion = "0.58.1"
	// chartConfDir is where the chart mounts its ConfigMap (templates/_pod.tpl): the
	// sections of config and the files of config.extraFiles.
	chartConfDir = "/fluent-bit/etc/conf"
)

// chartKeys are the top-level keys of the chart's values (README.md's Values table).
var chartKeys = []string{
	"affinity", "annotations", "args", "autoscaling", "command", "config", "daemonSetVolumeMounts",
	"daemonSetVolumes", "dashboards", "dnsConfig", "dnsPolicy", "env", "envFrom", "envWithTpl",
	"existingConfigMap", "extraContainers", "extraPorts", "extraVolumeMounts", "extraVolumes", "flush",
	"fullnameOverride", "hostAliases", "hostNetwork", "hotReload", "image", "imagePullSecrets", "ingress",
	"initContainers", "kind", "labels", "lifecycle", "livenessProbe", "logLevel", "luaScripts",
	"metricsPort", "minReadySeconds", "nameOverride", "networkPolicy", "nodeSelector", "openShift",
	"podAnnotations", "podDisruptionBudget", "podLabels", "podSecurityContext", "podSecurityPolicy",
	"priorityClassName", "prometheusRule", "rbac", "readinessProbe", "replicaCount", "resources",
	"securityContext", "service", "serviceAccount", "serviceMonitor", "terminationGracePeriodSeconds",
	"testFramework", "tolerations", "updateStrategy", "volumeMounts",
}

// chartSubKeys are the keys the chart documents inside the maps these values set: in the
// Values table, and for serviceMonitor also in values.yaml's comments, which its template
// reads (templates/servicemonitor.yaml).
var chartSubKeys = map[string][]string{
	"config": {"service", "inputs", "filters", "outputs", "upstream", "customParsers", "extraFiles"},
	"image":  {"repository", "tag", "digest", "pullPolicy"},
	"serviceMonitor": {"enabled", "additionalEndpoints", "namespace", "interval", "scrapeTimeout", "selector",
		"metricRelabelings", "relabelings", "scheme", "tlsConfig"},
}

// extraPortKeys are the keys of an extraPorts entry (values.yaml's example); the pod and
// Service templates read name, containerPort, port and protocol without a default.
var extraPortKeys = []string{"name", "port", "containerPort", "protocol", "nodePort"}

// helmChart is what the tests read of the values, in Kubernetes' types where the chart
// copies a value into the pod as it is (toYaml).
type helmChart struct {
	raw    map[string]json.RawMessage
	values map[string]any
}

// get decodes the value of a top-level key strictly into v.
func (h helmChart) get(t *testing.T, key string, v any) {
	t.Helper()
	raw, ok := h.raw[key]
	if !ok {
		t.Fatalf("%s sets no %s", helmValues, key)
	}
	if err := yaml.UnmarshalStrict(raw, v); err != nil {
		t.Fatalf("%s: %s: %v", helmValues, key, err)
	}
}

func readHelmValues(t *testing.T, root string) helmChart {
	t.Helper()
	docs := yamlDocuments(t, filepath.Join(root, helmValues))
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", helmValues, len(docs))
	}
	h := helmChart{}
	if err := json.Unmarshal(docs[0], &h.raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(docs[0], &h.values); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHelmValuesAreTheChartsOwn(t *testing.T) {
	h := readHelmValues(t, repoRoot(t))
	for key, raw := range h.raw {
		if !slices.Contains(chartKeys, key) {
			t.Errorf("%s is not a value of the %s chart %s", key, chartName, chartVersion)
			continue
		}
		if sub, ok := chartSubKeys[key]; ok {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			for k := range m {
				if !slices.Contains(sub, k) {
					t.Errorf("%s.%s is not a value of the %s chart %s", key, k, chartName, chartVersion)
				}
			}
		}
	}
	var ports []map[string]any
	h.get(t, "extraPorts", &ports)
	for _, p := range ports {
		for k := range p {
			if !slices.Contains(extraPortKeys, k) {
				t.Errorf("extraPorts: %q is not a key of an extra port", k)
			}
		}
		for _, k := range extraPortKeys[:4] {
			if _, ok := p[k]; !ok {
				t.Errorf("extraPorts %v: no %s, which the chart's templates use as it is", p, k)
			}
		}
	}
	var image struct {
		Repository, Tag, Digest, PullPolicy string
	}
	h.get(t, "image", &image)
	if image.Repository+":"+image.Tag != "fluent-bit-anomaly:dev" || image.PullPolicy != string(corev1.PullIfNotPresent) {
		t.Errorf("image %+v: want docker/Dockerfile's fluent-bit-anomaly:dev, IfNotPresent, as docker/k8s runs it", image)
	}
	var kind string
	h.get(t, "kind", &kind)
	if kind != "DaemonSet" {
		t.Errorf("kind %q: the daemonSetVolumes below are mounted only in a DaemonSet", kind)
	}
}

// Where helm renders the values: a release named helmRelease in helmNamespace.
const (
	helmRelease   = "anomaly"
	helmNamespace = "logging"
)

// helmFullname is the chart's fluent-bit.fullname (templates/_helpers.tpl) without
// nameOverride and fullnameOverride: the release name when it holds the chart's name,
// else both joined.
func helmFullname(release string) string {
	if strings.Contains(release, chartName) {
		return release
	}
	return release + "-" + chartName
}

// renderHelmConf writes the fluent-bit.conf the chart's ConfigMap holds
// (templates/configmap.yaml: config.service, inputs, filters and outputs, each through
// tpl) and returns it parsed, with the chart's files of config.extraFiles by name.
// Sprig's and Helm's other functions are not provided: a section that uses one fails
// here, and the test is to learn it.
func renderHelmConf(t *testing.T, h helmChart) (conf, map[string]string) {
	t.Helper()
	var cfg struct {
		Service, Inputs, Filters, Outputs, CustomParsers string
		Upstream                                         map[string]string
		ExtraFiles                                       map[string]string `json:"extraFiles"`
	}
	h.get(t, "config", &cfg)
	data := map[string]any{
		"Values":  h.values,
		"Release": map[string]any{"Name": helmRelease, "Namespace": helmNamespace},
		"Chart":   map[string]any{"Name": chartName},
	}
	funcs := template.FuncMap{"include": func(name string, _ any) (string, error) {
		if name != "fluent-bit.fullname" {
			return "", fmt.Errorf("include %q is not provided by this test", name)
		}
		return helmFullname(helmRelease), nil
	}}
	var b strings.Builder
	for i, text := range []string{cfg.Service, cfg.Inputs, cfg.Filters, cfg.Outputs} {
		tmpl, err := template.New(strconv.Itoa(i)).Funcs(funcs).Option("missingkey=error").Parse(text)
		if err != nil {
			t.Fatalf("config: %v", err)
		}
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatalf("config: %v", err)
		}
		b.WriteString("\n")
	}
	file := filepath.Join(t.TempDir(), "fluent-bit.conf")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return readConf(t, file), cfg.ExtraFiles
}

// helmSiteKeys are the keys where the chart's configuration may differ from the node
// agent's of docker/k8s: the plugins file is the chart's (config.extraFiles), and the
// agent's own log is named after the release.
var helmSiteKeys = map[string][]string{
	"service": {"plugins_file"},
	"input":   {"exclude_path"},
}

// The chart runs the node agent of docker/k8s, which runs the pipeline of
// fluent-bit/elasticsearch.conf verified on Fluent Bit (TestDockerConfigurationsKeepTheVerifiedPipelines):
// every section the same, key for key, in the same order.
func TestHelmRunsTheNodeAgentsConfiguration(t *testing.T) {
	root := repoRoot(t)
	h := readHelmValues(t, root)
	got, files := renderHelmConf(t, h)
	want := readConf(t, filepath.Join(root, k8sDir, "daemonset/fluent-bit.conf"))
	if len(got.sections) != len(want.sections) {
		t.Fatalf("%d sections, docker/k8s/daemonset/fluent-bit.conf has %d", len(got.sections), len(want.sections))
	}
	for i, w := range want.sections {
		g := got.sections[i]
		if g.kind != w.kind || g.name() != w.name() {
			t.Errorf("section %d: %s, want %s", i+1, g, w)
			continue
		}
		checked := slices.Clone(helmSiteKeys[g.kind])
		for _, s := range []section{g, w} {
			for _, kv := range s.props {
				if !slices.Contains(checked, kv[0]) && g.get(kv[0]) != w.get(kv[0]) {
					t.Errorf("%s %s: %q, docker/k8s/daemonset/fluent-bit.conf has %q", g, kv[0], g.get(kv[0]), w.get(kv[0]))
				}
				checked = append(checked, kv[0])
			}
		}
	}
	if got.anomalyFilter(t).get("group_by") != "kubernetes.container_name" {
		t.Error("want group_by kubernetes.container_name")
	}

	// The plugins file is one of the chart's files, and loads the filter from the image.
	svc := got.service()
	pf := svc.get("plugins_file")
	if path.Dir(pf) != chartConfDir || files[path.Base(pf)] == "" {
		t.Fatalf("Plugins_File %q is not a file of config.extraFiles in %s", pf, chartConfDir)
	}
	pfPath := filepath.Join(t.TempDir(), "plugins.conf")
	if err := os.WriteFile(pfPath, []byte(files[path.Base(pf)]), 0o644); err != nil {
		t.Fatal(err)
	}
	plugins := readConf(t, pfPath)
	var loaded []string
	for _, sec := range plugins.sections {
		loaded = append(loaded, sec.kind+" "+sec.get("path"))
	}
	if !slices.Equal(loaded, []string{"plugins " + imageRoot + "/build/flb-filter_anomaly.so"}) || !inImage(t, root, imageRoot+"/build/flb-filter_anomaly.so") {
		t.Errorf("%s loads %q; want one [PLUGINS] Path %s/build/flb-filter_anomaly.so, which the image holds", pf, loaded, imageRoot)
	}

	// The agent skips its own log, and only its own.
	tail := got.named("input", "tail")[0]
	own := fmt.Sprintf("/var/log/containers/%s-x7k2p_%s_%s-0123abcd.log", helmFullname(helmRelease), helmNamespace, chartName)
	other := fmt.Sprintf("/var/log/containers/shop-5d9c4b7f-x7k2p_%s_app-0123abcd.log", helmNamespace)
	for file, skipped := range map[string]bool{own: true, other: false} {
		read, _ := filepath.Match(tail.get("path"), file)
		excluded, _ := filepath.Match(tail.get("exclude_path"), file)
		if !read || excluded != skipped {
			t.Errorf("%s: read %v, excluded %v by %q; want excluded %v", file, read, excluded, tail.get("exclude_path"), skipped)
		}
	}
}

// TestHelmPodMatchesItsConfiguration checks the pod the chart makes of the values as the
// docker/k8s tests check the node agent: volumes, probes, ports, security.
func TestHelmPodMatchesItsConfiguration(t *testing.T) {
	root := repoRoot(t)
	h := readHelmValues(t, root)
	cf, _ := renderHelmConf(t, h)
	svc := cf.service()
	scorer := cf.anomalyFilter(t)

	// The chart mounts its ConfigMap at chartConfDir (read-only, as a ConfigMap is), then
	// daemonSetVolumeMounts.
	var volumes []corev1.Volume
	var mounts []corev1.VolumeMount
	h.get(t, "daemonSetVolumes", &volumes)
	h.get(t, "daemonSetVolumeMounts", &mounts)
	c := corev1.Container{VolumeMounts: append([]corev1.VolumeMount{{Name: "config", MountPath: chartConfDir, ReadOnly: true}}, mounts...)}
	spec := corev1.PodSpec{Volumes: volumes}
	for _, m := range mounts {
		if v, ok := volume(spec, m.Name); !ok || v.HostPath == nil {
			t.Errorf("mount %s: no hostPath volume of that name in daemonSetVolumes", m.Name)
		}
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
	if logs, _ := mountFor(c, "/var/log/containers"); !logs.ReadOnly {
		t.Error("the node's logs are mounted writable")
	}

	// Probes on Fluent Bit's HTTP server, the chart's port http (metricsPort).
	var metricsPort int
	h.get(t, "metricsPort", &metricsPort)
	if !strings.EqualFold(svc.get("http_server"), "on") || !strings.EqualFold(svc.get("health_check"), "on") ||
		svc.get("http_port") != strconv.Itoa(metricsPort) {
		t.Errorf("HTTP_Server %q, Health_Check %q, HTTP_Port %q: want On, On and metricsPort %d (the chart's port http)",
			svc.get("http_server"), svc.get("health_check"), svc.get("http_port"), metricsPort)
	}
	for _, probe := range []struct{ key, path string }{{"livenessProbe", "/"}, {"readinessProbe", "/api/v1/health"}} {
		var p corev1.Probe
		h.get(t, probe.key, &p)
		if p.HTTPGet == nil || p.HTTPGet.Path != probe.path || p.HTTPGet.Port != intstr.FromString("http") {
			t.Errorf("%s: want httpGet %s on port http", probe.key, probe.path)
		}
	}

	// The plugin's metrics: a port of the pod and the Service, scraped by the ServiceMonitor.
	var ports []corev1.ContainerPort
	var extra []struct {
		Name          string `json:"name"`
		Port          int32  `json:"port"`
		ContainerPort int32  `json:"containerPort"`
		Protocol      string `json:"protocol"`
	}
	h.get(t, "extraPorts", &extra)
	for _, p := range extra {
		ports = append(ports, corev1.ContainerPort{Name: p.Name, ContainerPort: p.ContainerPort})
	}
	if got := portNamed(corev1.Container{Ports: ports}, "metrics"); strconv.Itoa(int(got)) != portOf(t, scorer.get("metrics_address")) {
		t.Errorf("extra port metrics is %d, metrics_address is %q", got, scorer.get("metrics_address"))
	}
	var sm struct {
		Enabled             bool              `json:"enabled"`
		AdditionalEndpoints []monitorEndpoint `json:"additionalEndpoints"`
	}
	// Not strictly: an endpoint takes any key of the Prometheus Operator's Endpoint.
	if err := json.Unmarshal(h.raw["serviceMonitor"], &sm); err != nil {
		t.Fatalf("serviceMonitor: %v", err)
	}
	scraped := slices.Contains(sm.AdditionalEndpoints, monitorEndpoint{Port: "metrics", Path: "/metrics"})
	if !sm.Enabled || !scraped {
		t.Errorf("serviceMonitor %+v: want it enabled with an endpoint for port metrics, path /metrics", sm)
	}

	// Locked down as the node agent of docker/k8s: root for the node's logs, nothing more.
	var sc corev1.SecurityContext
	var psc corev1.PodSecurityContext
	var res corev1.ResourceRequirements
	h.get(t, "securityContext", &sc)
	h.get(t, "podSecurityContext", &psc)
	h.get(t, "resources", &res)
	if psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Error("no RuntimeDefault seccomp profile")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 ||
		(sc.Privileged != nil && *sc.Privileged) || sc.RunAsUser == nil || *sc.RunAsUser != 0 {
		t.Error("securityContext: want runAsUser 0 (the node's logs are root's), allowPrivilegeEscalation false, readOnlyRootFilesystem true, capabilities drop [ALL] and none added")
	}
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := res.Requests[r]; !ok {
			t.Errorf("no %s request", r)
		}
		if _, ok := res.Limits[r]; !ok {
			t.Errorf("no %s limit", r)
		}
	}
	// Nodes that take no ordinary pods still have logs.
	var tolerations []corev1.Toleration
	h.get(t, "tolerations", &tolerations)
	if !slices.ContainsFunc(tolerations, func(tol corev1.Toleration) bool {
		return tol.Operator == corev1.TolerationOpExists && tol.Key == "" && tol.Effect == corev1.TaintEffectNoSchedule
	}) {
		t.Errorf("tolerations %v: want every NoSchedule taint tolerated, as the node agent of docker/k8s", tolerations)
	}
}

// monitorEndpoint is what the test reads of an endpoint of serviceMonitor.additionalEndpoints.
type monitorEndpoint struct {
	Port string `json:"port"`
	Path string `json:"path"`
}
