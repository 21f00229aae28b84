package docker

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// composeFile is the part of a compose file the demos use.
type composeFile struct {
	dir      string
	Name     string                    `json:"name"`
	Services map[string]composeService `json:"services"`
	Volumes  map[string]any            `json:"volumes"`
}

type composeService struct {
	Image       string            `json:"image"`
	Build       *composeBuild     `json:"build"`
	Command     []string          `json:"command"`
	Entrypoint  []string          `json:"entrypoint"`
	Environment map[string]string `json:"environment"`
	Ports       []string          `json:"ports"`
	Volumes     []string          `json:"volumes"`
	DependsOn   json.RawMessage   `json:"depends_on"`
	Healthcheck *struct {
		Test []string `json:"test"`
	} `json:"healthcheck"`
}

type composeBuild struct {
	Context    string `json:"context"`
	Dockerfile string `json:"dockerfile"`
}

// composeKeys are the service keys the demos use; another key is more likely a typo than
// a feature, as these tests cannot run compose.
var composeKeys = []string{"image", "build", "command", "entrypoint", "environment", "ports", "volumes", "depends_on", "healthcheck"}

// mount is one entry of a service's volumes.
type mount struct {
	source, target string
	readOnly, bind bool
}

func (s composeService) mounts(t *testing.T) []mount {
	t.Helper()
	var out []mount
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && parts[2] != "ro") {
			t.Fatalf("volume %q: want source:target[:ro]", v)
		}
		out = append(out, mount{parts[0], parts[1], len(parts) == 3, strings.HasPrefix(parts[0], ".")})
	}
	return out
}

// mountFor returns the service's mount holding p.
func (s composeService) mountFor(t *testing.T, p string) (mount, bool) {
	t.Helper()
	var best mount
	found := false
	for _, m := range s.mounts(t) {
		if under(p, m.target) && (!found || len(m.target) > len(best.target)) {
			best, found = m, true
		}
	}
	return best, found
}

func (s composeService) dependsOn(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	if len(s.DependsOn) == 0 {
		return out
	}
	var list []string
	if json.Unmarshal(s.DependsOn, &list) == nil {
		for _, name := range list {
			out[name] = "service_started"
		}
		return out
	}
	var m map[string]struct {
		Condition string `json:"condition"`
	}
	if err := json.Unmarshal(s.DependsOn, &m); err != nil {
		t.Fatalf("depends_on: %v", err)
	}
	for name, d := range m {
		out[name] = d.Condition
	}
	return out
}

func readCompose(t *testing.T, path string) composeFile {
	t.Helper()
	docs := yamlDocuments(t, path)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents", path, len(docs))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(docs[0], &raw); err != nil {
		t.Fatal(err)
	}
	for key, value := range raw {
		switch {
		case key == "services":
			var services map[string]map[string]json.RawMessage
			if err := json.Unmarshal(value, &services); err != nil {
				t.Fatal(err)
			}
			for name, s := range services {
				for k := range s {
					if !slices.Contains(composeKeys, k) {
						t.Errorf("%s: service %s: key %q is not one the tests know", path, name, k)
					}
				}
			}
		case key == "name" || key == "volumes" || strings.HasPrefix(key, "x-"):
		default:
			t.Errorf("%s: top-level key %q is not one the tests know", path, key)
		}
	}
	c := composeFile{dir: filepath.Dir(path)}
	if err := json.Unmarshal(docs[0], &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// fluentBit returns the demo's Fluent Bit service and the configuration it runs.
func (c composeFile) fluentBit(t *testing.T) (composeService, conf) {
	t.Helper()
	s, ok := c.Services["fluent-bit"]
	if !ok {
		t.Fatal("no fluent-bit service")
	}
	if len(s.Command) != 2 || s.Command[0] != "-c" {
		t.Fatalf("fluent-bit runs %q: want -c FILE", s.Command)
	}
	m, ok := s.mountFor(t, s.Command[1])
	if !ok || !m.bind || m.target != s.Command[1] {
		t.Fatalf("%s is not a file mounted from the demo's directory", s.Command[1])
	}
	return s, readConf(t, filepath.Join(c.dir, m.source))
}

var pinnedImage = regexp.MustCompile(`^[\w./-]+:v?\d+(\.\d+)+$`)

func TestComposeDemos(t *testing.T) {
	root := repoRoot(t)
	files, _ := filepath.Glob(filepath.Join(root, "docker/compose/*/compose.yaml"))
	if len(files) != 3 {
		t.Fatalf("compose files: %v, want the elastic, loki and opensearch demos", files)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			c := readCompose(t, path)
			used := map[string]bool{}
			for name, s := range c.Services {
				switch {
				case s.Build != nil:
					if s.Image != "fluent-bit-anomaly:dev" || filepath.Join(c.dir, s.Build.Context) != root || s.Build.Dockerfile != "docker/Dockerfile" {
						t.Errorf("%s builds %+v as %q: want docker/Dockerfile from the repository root, as make docker does", name, *s.Build, s.Image)
					}
				case !pinnedImage.MatchString(s.Image):
					t.Errorf("%s: image %q: pin a version", name, s.Image)
				}
				for _, m := range s.mounts(t) {
					if m.bind {
						if _, err := os.Stat(filepath.Join(c.dir, m.source)); err != nil {
							t.Errorf("%s mounts %v", name, err)
						}
					} else {
						if _, ok := c.Volumes[m.source]; !ok {
							t.Errorf("%s mounts volume %q, which the file does not declare", name, m.source)
						}
						used[m.source] = true
					}
				}
				for dep := range s.dependsOn(t) {
					if _, ok := c.Services[dep]; !ok {
						t.Errorf("%s depends on %q, which is no service", name, dep)
					}
				}
				for _, arg := range append(slices.Clone(s.Entrypoint), s.Command...) {
					if strings.HasPrefix(arg, imageRoot+"/") && !inImage(t, root, arg) {
						t.Errorf("%s: the image has no %s", name, arg)
					}
				}
			}
			for v := range c.Volumes {
				if !used[v] {
					t.Errorf("volume %s is declared but not used", v)
				}
			}

			fb, cf := c.fluentBit(t)
			svc := cf.service()
			for _, f := range []string{svc.get("parsers_file"), svc.get("plugins_file")} {
				if !inImage(t, root, f) {
					t.Errorf("the image has no %s", f)
				}
			}
			// The shop writes where Fluent Bit reads, on one volume.
			gen := c.Services["loggen"]
			out := gen.Command[slices.Index(gen.Command, "-out")+1]
			genMount, ok := gen.mountFor(t, out)
			tail := cf.named("input", "tail")[0]
			if ok, _ := filepath.Match(tail.get("path"), out); !ok {
				t.Errorf("loggen writes %s, tail reads %s", out, tail.get("path"))
			}
			fbMount, _ := fb.mountFor(t, out)
			if !ok || genMount.readOnly || genMount.bind || fbMount.source != genMount.source {
				t.Errorf("loggen's %s and Fluent Bit's are not one volume", out)
			}
			// Positions and state survive the container.
			for _, p := range []string{tail.get("db"), cf.anomalyFilter(t).get("state_dir")} {
				if m, ok := fb.mountFor(t, p); !ok || m.readOnly || m.bind {
					t.Errorf("%q is not on a writable named volume", p)
				}
			}
			// The health check asks Fluent Bit's HTTP server.
			want := []string{"CMD", imageRoot + "/build/healthcheck", "http://127.0.0.1:" + svc.get("http_port") + "/api/v1/health"}
			if fb.Healthcheck == nil || !slices.Equal(fb.Healthcheck.Test, want) || !strings.EqualFold(svc.get("health_check"), "on") {
				t.Errorf("health check %v: want %q and Health_Check On", fb.Healthcheck, want)
			}
			ports := strings.Join(fb.Ports, " ")
			for _, p := range []string{svc.get("http_port"), portOf(t, cf.anomalyFilter(t).get("metrics_address"))} {
				if !strings.Contains(ports, ":"+p+":"+p) {
					t.Errorf("port %s is not published (%v)", p, fb.Ports)
				}
			}
			// Every destination of an output is a service of the demo.
			for _, o := range cf.of("output") {
				if h := o.get("host"); h != "" {
					if _, ok := c.Services[h]; !ok {
						t.Errorf("%s ships to %q, which is no service", o, h)
					}
				}
			}
		})
	}
}

// oneShot returns the curl command of a one-shot service and the demo file it sends.
func oneShot(t *testing.T, c composeFile, name string) (args []string, file string) {
	t.Helper()
	s, ok := c.Services[name]
	if !ok {
		t.Fatalf("no %s service", name)
	}
	for _, a := range s.Command {
		if strings.HasPrefix(a, "@") || strings.HasPrefix(a, "file=@") {
			target := a[strings.Index(a, "@")+1:]
			m, ok := s.mountFor(t, target)
			if !ok || !m.bind {
				t.Fatalf("%s sends %s, which is not mounted from the demo", name, target)
			}
			return s.Command, filepath.Join(c.dir, m.source)
		}
	}
	t.Fatalf("%s sends no file: %q", name, s.Command)
	return nil, ""
}

func TestElasticsearchAndKibanaSetup(t *testing.T) {
	root := repoRoot(t)
	c := readCompose(t, filepath.Join(root, "docker/compose/elastic/compose.yaml"))
	_, cf := c.fluentBit(t)

	// The index template: loaded before Fluent Bit starts, covering its indices, mapping
	// the annotation.
	args, file := oneShot(t, c, "es-template")
	if !strings.Contains(strings.Join(args, " "), "-X PUT") || !strings.Contains(args[len(args)-1], "/_index_template/") {
		t.Errorf("es-template runs %q: want PUT .../_index_template/NAME", args)
	}
	if c.Services["fluent-bit"].dependsOn(t)["es-template"] != "service_completed_successfully" {
		t.Error("Fluent Bit may create indices before the template exists: depend on es-template completing")
	}
	var tmpl struct {
		IndexPatterns []string `json:"index_patterns"`
		Priority      int      `json:"priority"`
		Template      struct {
			Mappings struct {
				Properties struct {
					Anomaly struct {
						Properties map[string]struct {
							Type string `json:"type"`
						} `json:"properties"`
					} `json:"anomaly"`
				} `json:"properties"`
			} `json:"mappings"`
		} `json:"template"`
	}
	readJSON(t, file, &tmpl)
	for _, o := range cf.named("output", "es") {
		index := o.get("logstash_prefix") + "-2025.01.02"
		covered := false
		for _, p := range tmpl.IndexPatterns {
			if ok, _ := filepath.Match(p, index); ok {
				covered = true
			}
		}
		if !covered {
			t.Errorf("the template's patterns %v do not cover %s's index %s", tmpl.IndexPatterns, o, index)
		}
	}
	// Elasticsearch's built-in logs-*-* data stream template has priority 100; an
	// overlapping template of the same priority is refused, a higher one would take over
	// other people's data streams.
	if tmpl.Priority <= 0 || tmpl.Priority >= 100 {
		t.Errorf("priority %d: want below the built-in logs template's 100", tmpl.Priority)
	}
	want := map[string]string{"score": "float", "flag": "boolean", "template": "keyword", "template_id": "keyword", "reasons": "keyword", "status": "keyword"}
	for field, typ := range want {
		if got := tmpl.Template.Mappings.Properties.Anomaly.Properties[field].Type; got != typ {
			t.Errorf("anomaly.%s maps as %q, want %q", field, got, typ)
		}
	}

	// Kibana's saved objects: every reference resolves, the data view covers the logs,
	// the saved search shows flagged records.
	args, file = oneShot(t, c, "kibana-objects")
	if !strings.Contains(args[len(args)-1], "/api/saved_objects/_import") || !slices.Contains(args, "kbn-xsrf: true") {
		t.Errorf("kibana-objects runs %q: want POST /api/saved_objects/_import with kbn-xsrf", args)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	type savedObject struct {
		Type       string         `json:"type"`
		ID         string         `json:"id"`
		Attributes map[string]any `json:"attributes"`
		References []struct {
			Name, Type, ID string
		} `json:"references"`
	}
	objects := map[string]savedObject{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var o savedObject
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		objects[o.Type+"/"+o.ID] = o
		order = append(order, o.Type)
	}
	for _, typ := range []string{"index-pattern", "search", "visualization"} {
		if !slices.Contains(order, typ) {
			t.Errorf("no %s among the saved objects", typ)
		}
	}
	for key, o := range objects {
		for _, r := range o.References {
			if _, ok := objects[r.Type+"/"+r.ID]; !ok {
				t.Errorf("%s refers to %s/%s, which is not in the file", key, r.Type, r.ID)
			}
			if !strings.Contains(line(t, o.Attributes), r.Name) {
				t.Errorf("%s: reference %s is used nowhere in its attributes", key, r.Name)
			}
		}
		switch o.Type {
		case "index-pattern":
			title, _ := o.Attributes["title"].(string)
			if ok, _ := filepath.Match(title, "logs-2025.01.02"); !ok || o.Attributes["timeFieldName"] != "@timestamp" {
				t.Errorf("data view %q on %v does not cover the logs-* indices by @timestamp", title, o.Attributes["timeFieldName"])
			}
		case "search":
			if !strings.Contains(line(t, o.Attributes), `anomaly.flag : true`) {
				t.Errorf("saved search %s does not select flagged records", o.ID)
			}
		case "visualization":
			vis, _ := o.Attributes["visState"].(string)
			var state map[string]any
			if err := json.Unmarshal([]byte(vis), &state); err != nil {
				t.Fatalf("%s: visState: %v", key, err)
			}
			if !strings.Contains(vis, `"filter_ratio"`) || !strings.Contains(vis, "anomaly.flag : true") {
				t.Errorf("%s does not chart the share of flagged records", key)
			}
		}
	}
}

// line returns v as JSON text, for searches through nested attributes.
func line(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
