package docker

import (
	"io"
	"net/http"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/metrics"
)

// fluentBitMetrics are the metrics of Fluent Bit itself the dashboard charts, as its
// /api/v2/metrics/prometheus names them.
var fluentBitMetrics = []string{"fluentbit_output_proc_records_total", "fluentbit_output_retries_total"}

// pluginMetrics returns the metric families the plugin's endpoint serves, and the labels
// of their series, by scraping one.
func pluginMetrics(t *testing.T) (families, labels []string) {
	t.Helper()
	e := metrics.NewEndpoint()
	stop, err := e.Register("127.0.0.1:0", "anomaly.0", statsSource{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	resp, err := http.Get("http://" + e.Addr().String() + metrics.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(l, "# TYPE "); ok {
			families = append(families, strings.Fields(rest)[0])
		}
		for _, m := range seriesLabel.FindAllStringSubmatch(l, -1) {
			if !slices.Contains(labels, m[1]) {
				labels = append(labels, m[1])
			}
		}
	}
	return families, labels
}

type statsSource struct{}

func (statsSource) Stats() engine.Stats { return engine.Stats{} }

// labelKeys returns the keys of a loki output's `k=v, k=v` list.
func labelKeys(list string) []string {
	var out []string
	for _, kv := range strings.Split(list, ",") {
		if k, _, ok := strings.Cut(strings.TrimSpace(kv), "="); ok {
			out = append(out, k)
		}
	}
	return out
}

type dashboard struct {
	UID    string  `json:"uid"`
	Title  string  `json:"title"`
	Panels []panel `json:"panels"`
}

type panel struct {
	Type       string      `json:"type"`
	Title      string      `json:"title"`
	Datasource *datasource `json:"datasource"`
	Targets    []struct {
		Datasource *datasource `json:"datasource"`
		Expr       string      `json:"expr"`
	} `json:"targets"`
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

var (
	streamSelector = regexp.MustCompile(`\{([^{}]*)\}`)
	selectorLabel  = regexp.MustCompile(`(\w+)\s*(=~|!=|!~|=)\s*"`)
	labelFilter    = regexp.MustCompile(`\|\s*(\w+)\s*(=~|!=|!~|>=|<=|=|>|<)`)
	metricName     = regexp.MustCompile(`\bfluentbit_\w+`)
	seriesLabel    = regexp.MustCompile(`[{,](\w+)="`)
	groupedBy      = regexp.MustCompile(`\bby \(([^)]*)\)`)
)

func TestLokiGrafanaAndPrometheusAgree(t *testing.T) {
	root := repoRoot(t)
	c := readCompose(t, filepath.Join(root, "docker/compose/loki/compose.yaml"))
	_, cf := c.fluentBit(t)

	// Loki takes Fluent Bit's 2 MB pushes and keeps structured metadata.
	loki := c.Services["loki"]
	var lokiConf struct {
		Server struct {
			MaxRecv int `json:"grpc_server_max_recv_msg_size"`
			MaxSend int `json:"grpc_server_max_send_msg_size"`
		} `json:"server"`
		Limits struct {
			StructuredMetadata bool `json:"allow_structured_metadata"`
		} `json:"limits_config"`
		Schema struct {
			Configs []struct {
				Store  string `json:"store"`
				Schema string `json:"schema"`
			} `json:"configs"`
		} `json:"schema_config"`
	}
	lokiFile, _ := strings.CutPrefix(loki.Command[0], "-config.file=")
	m, ok := loki.mountFor(t, lokiFile)
	if !ok || !m.bind {
		t.Fatalf("Loki reads %s, which is not mounted from the demo", lokiFile)
	}
	readYAML(t, filepath.Join(c.dir, m.source), &lokiConf)
	if lokiConf.Server.MaxRecv < 8<<20 || lokiConf.Server.MaxSend < 8<<20 {
		t.Errorf("gRPC message limits %d/%d: Fluent Bit pushes chunks of about 2 MB, which the default 4 MB refused; want 8 MiB or more", lokiConf.Server.MaxRecv, lokiConf.Server.MaxSend)
	}
	last := lokiConf.Schema.Configs[len(lokiConf.Schema.Configs)-1]
	if !lokiConf.Limits.StructuredMetadata || last.Store != "tsdb" || last.Schema != "v13" {
		t.Errorf("structured metadata needs allow_structured_metadata, tsdb and schema v13: %+v", lokiConf)
	}

	// Prometheus scrapes Fluent Bit's metrics and the plugin's where they are served.
	prom := c.Services["prometheus"]
	promFile := strings.TrimPrefix(prom.Command[0], "--config.file=")
	m, ok = prom.mountFor(t, promFile)
	if !ok || !m.bind {
		t.Fatalf("Prometheus reads %s, which is not mounted from the demo", promFile)
	}
	var promConf struct {
		ScrapeConfigs []struct {
			MetricsPath   string `json:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	readYAML(t, filepath.Join(c.dir, m.source), &promConf)
	scraped := map[string]bool{}
	for _, sc := range promConf.ScrapeConfigs {
		p := sc.MetricsPath
		if p == "" {
			p = "/metrics"
		}
		for _, s := range sc.StaticConfigs {
			for _, target := range s.Targets {
				scraped[target+p] = true
			}
		}
	}
	svc := cf.service()
	for _, want := range []string{
		"fluent-bit:" + svc.get("http_port") + "/api/v2/metrics/prometheus",
		"fluent-bit:" + portOf(t, cf.anomalyFilter(t).get("metrics_address")) + metrics.Path,
	} {
		if !scraped[want] {
			t.Errorf("Prometheus does not scrape %s (it scrapes %v)", want, scraped)
		}
	}

	// Grafana: provisioned data sources and dashboard, mounted where Grafana reads them.
	graf := c.Services["grafana"]
	var sources struct {
		Datasources []struct {
			UID, Type, URL string
		} `json:"datasources"`
	}
	var providers struct {
		Providers []struct {
			Options struct {
				Path string `json:"path"`
			} `json:"options"`
		} `json:"providers"`
	}
	var dash dashboard
	dashboards := 0
	for _, mt := range graf.mounts(t) {
		src := filepath.Join(c.dir, mt.source)
		switch {
		case path.Dir(mt.target) == "/etc/grafana/provisioning/datasources":
			readYAML(t, src, &sources)
		case path.Dir(mt.target) == "/etc/grafana/provisioning/dashboards":
			readYAML(t, src, &providers)
		case strings.HasSuffix(mt.target, ".json"):
			readJSON(t, src, &dash)
			dashboards++
			found := false
			for _, p := range providers.Providers {
				found = found || p.Options.Path == path.Dir(mt.target)
			}
			if !found {
				t.Errorf("no dashboard provider reads %s", path.Dir(mt.target))
			}
		}
	}
	if dashboards != 1 || len(sources.Datasources) != 2 {
		t.Fatalf("%d dashboards and %d data sources mounted, want 1 and 2 (Loki, Prometheus)", dashboards, len(sources.Datasources))
	}
	uids := map[string]string{}
	for _, ds := range sources.Datasources {
		uids[ds.UID] = ds.Type
		host := strings.TrimPrefix(ds.URL, "http://")
		if _, ok := c.Services[strings.Split(host, ":")[0]]; !ok {
			t.Errorf("data source %s points at %s, which is no service", ds.UID, ds.URL)
		}
	}

	// What the dashboard asks of Loki exists: stream labels, structured metadata.
	labels, metadata := map[string]bool{}, map[string]bool{}
	for _, o := range cf.named("output", "loki") {
		for _, k := range labelKeys(o.get("labels")) {
			labels[k] = true
		}
		for _, k := range labelKeys(o.get("structured_metadata")) {
			metadata[k] = true
		}
	}
	served, servedLabels := pluginMetrics(t)
	// Labels a query may group the plugin's series by: theirs, and the ones Prometheus
	// adds to every series it scrapes.
	groupable := append(servedLabels, "job", "instance")
	var lokiPanels, promPanels int
	for _, p := range dash.Panels {
		if p.Type == "row" {
			continue
		}
		for _, target := range p.Targets {
			ds := target.Datasource
			if ds == nil {
				ds = p.Datasource
			}
			if ds == nil || uids[ds.UID] != ds.Type {
				t.Errorf("panel %q: data source %+v is not provisioned", p.Title, ds)
				continue
			}
			switch ds.Type {
			case "loki":
				lokiPanels++
				for _, sel := range streamSelector.FindAllStringSubmatch(target.Expr, -1) {
					for _, l := range selectorLabel.FindAllStringSubmatch(sel[1], -1) {
						if !labels[l[1]] {
							t.Errorf("panel %q selects on label %s, which no loki output sets", p.Title, l[1])
						}
					}
				}
				for _, f := range labelFilter.FindAllStringSubmatch(target.Expr, -1) {
					if !metadata[f[1]] && !labels[f[1]] {
						t.Errorf("panel %q filters on %s before parsing, which is neither a label nor structured metadata", p.Title, f[1])
					}
				}
			case "prometheus":
				promPanels++
				for _, name := range metricName.FindAllString(target.Expr, -1) {
					family := name
					for _, suffix := range []string{"_bucket", "_sum", "_count"} {
						if f, ok := strings.CutSuffix(name, suffix); ok && slices.Contains(served, f) {
							family = f
						}
					}
					if !slices.Contains(served, family) && !slices.Contains(fluentBitMetrics, family) {
						t.Errorf("panel %q charts %s, which neither the plugin nor Fluent Bit serves", p.Title, name)
					}
					if !slices.Contains(served, family) {
						continue
					}
					for _, by := range groupedBy.FindAllStringSubmatch(target.Expr, -1) {
						for _, label := range strings.Split(by[1], ",") {
							if label = strings.TrimSpace(label); !slices.Contains(groupable, label) {
								t.Errorf("panel %q groups %s by %q, a label its series do not have (%v)", p.Title, name, label, groupable)
							}
						}
					}
				}
			}
		}
	}
	if lokiPanels < 3 || promPanels < 5 {
		t.Errorf("%d Loki and %d Prometheus queries: want the rate, top templates and flagged lines, and the plugin's metrics", lokiPanels, promPanels)
	}
}
