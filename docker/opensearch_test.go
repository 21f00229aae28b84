package docker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// opensearchDir holds the OpenSearch demo: compose file, Fluent Bit configuration, index
// template and OpenSearch Dashboards saved objects.
const opensearchDir = "docker/compose/opensearch"

// osdTypes is what OpenSearch Dashboards takes of each saved object type the demo
// imports, read from OpenSearch-Dashboards' sources (the 2.x line the demo runs):
//   - attributes: the type's mappings (src/plugins/data/server/saved_objects/index_patterns.ts,
//     src/plugins/discover/server/saved_objects/search.ts,
//     src/plugins/visualizations/server/saved_objects/visualization.ts,
//     src/plugins/dashboard/server/saved_objects/dashboard.ts). The saved objects index
//     is mapped strictly: an attribute outside them fails the import (index-pattern's
//     mapping is not strict, but timeFieldName is all it needs beside its title).
//   - migration: the type's last migration (*_migrations.ts). An object that says an
//     older version is migrated on import, and one that says a newer version (a Kibana 8
//     export does) is refused.
//
// Kibana 8's saved objects (docker/compose/elastic/kibana.ndjson) do not import: they
// carry coreMigrationVersion and typeMigrationVersion, and data views a name.
var osdTypes = map[string]struct {
	attributes []string
	migration  string
}{
	"index-pattern": {[]string{"title", "timeFieldName"}, "7.6.0"},
	"search":        {[]string{"columns", "description", "hits", "kibanaSavedObjectMeta", "sort", "columnWidths", "title", "version"}, "7.9.3"},
	"visualization": {[]string{"description", "kibanaSavedObjectMeta", "savedSearchRefName", "title", "uiStateJSON", "version", "visState"}, "7.10.0"},
	"dashboard": {[]string{"description", "hits", "kibanaSavedObjectMeta", "optionsJSON", "panelsJSON", "refreshInterval",
		"timeFrom", "timeRestore", "timeTo", "title", "version"}, "7.9.3"},
}

// osdObject is one line of an OpenSearch Dashboards export (Kibana 7.10's format).
type osdObject struct {
	Type             string                     `json:"type"`
	ID               string                     `json:"id"`
	Attributes       map[string]json.RawMessage `json:"attributes"`
	References       []osdReference             `json:"references"`
	MigrationVersion map[string]string          `json:"migrationVersion"`
}

type osdReference struct {
	Name string `json:"name"`
	Type string `json:"type"`
	ID   string `json:"id"`
}

// mapping is a field of an index template's mappings.
type mapping struct {
	Type        string             `json:"type"`
	IgnoreAbove int                `json:"ignore_above"`
	Fields      map[string]mapping `json:"fields"`
	Properties  map[string]mapping `json:"properties"`
}

// indexTemplate is a composable index template (PUT _index_template/NAME).
type indexTemplate struct {
	IndexPatterns []string `json:"index_patterns"`
	Priority      int      `json:"priority"`
	Template      struct {
		Settings map[string]any `json:"settings"`
		Mappings struct {
			Properties map[string]mapping `json:"properties"`
		} `json:"mappings"`
	} `json:"template"`
	Meta map[string]any `json:"_meta"`
}

// field returns the mapping of a dotted field name: anomaly.template, anomaly.template.keyword.
func (it indexTemplate) field(name string) (mapping, bool) {
	props := it.Template.Mappings.Properties
	parts := strings.Split(name, ".")
	var m mapping
	for i, p := range parts {
		next, ok := props[p]
		if !ok && i > 0 {
			next, ok = m.Fields[p] // a multi-field
		}
		if !ok {
			return mapping{}, false
		}
		m, props = next, next.Properties
	}
	return m, true
}

// decodeStrictJSON decodes data into v, refusing fields v does not have.
func decodeStrictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

// annotationTypes is how the OpenSearch template maps each field of the annotation: numbers
// and booleans to compare and count, keywords to filter and aggregate on, the template
// and the reasons as text so a word of them matches (the template also as a keyword).
var annotationTypes = map[string]string{
	"score": "float", "flag": "boolean", "status": "keyword", "template": "text", "template_id": "keyword",
	"reasons": "text", "incident": "keyword", "incident_start": "boolean", "level": "keyword",
}

func TestOpenSearchAndDashboardsSetup(t *testing.T) {
	root := repoRoot(t)
	c := readCompose(t, filepath.Join(root, opensearchDir, "compose.yaml"))
	_, cf := c.fluentBit(t)
	outputs := cf.named("output", "opensearch")
	if len(outputs) == 0 || len(outputs) != len(cf.of("output")) {
		t.Fatalf("outputs %v: want Fluent Bit's opensearch output only", cf.of("output"))
	}
	for _, o := range outputs {
		// OpenSearch 2 has no mapping types and refuses a bulk request naming one.
		if !strings.EqualFold(o.get("suppress_type_name"), "on") {
			t.Errorf("%s: Suppress_Type_Name must be On", o)
		}
	}

	// The index template: loaded before Fluent Bit starts, covering its indices, mapping
	// every field of the annotation the plugin writes.
	args, file := oneShot(t, c, "os-template")
	if !strings.Contains(strings.Join(args, " "), "-X PUT") || !strings.Contains(args[len(args)-1], "/_index_template/") {
		t.Errorf("os-template runs %q: want PUT .../_index_template/NAME", args)
	}
	if c.Services["fluent-bit"].dependsOn(t)["os-template"] != "service_completed_successfully" {
		t.Error("Fluent Bit may create indices before the template exists: depend on os-template completing")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var tmpl indexTemplate
	if err := decodeStrictJSON(data, &tmpl); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, o := range outputs {
		index := o.get("logstash_prefix") + "-2025.01.02"
		if !slices.ContainsFunc(tmpl.IndexPatterns, func(p string) bool { ok, _ := filepath.Match(p, index); return ok }) {
			t.Errorf("the template's patterns %v do not cover %s's index %s", tmpl.IndexPatterns, o, index)
		}
	}
	if tmpl.Priority <= 0 {
		t.Errorf("priority %d: a template of priority 0 loses to any other matching one", tmpl.Priority)
	}
	for field, typ := range annotationTypes {
		if m, _ := tmpl.field("anomaly." + field); m.Type != typ {
			t.Errorf("anomaly.%s maps as %q, want %q", field, m.Type, typ)
		}
	}
	if m, _ := tmpl.field("anomaly.template.keyword"); m.Type != "keyword" {
		t.Error("anomaly.template has no keyword sub-field to aggregate on")
	}
	// What the plugin writes: every field of the flagged records' annotations (they carry
	// the most: reasons, incident, incident_start, level).
	records, _ := flaggedRecords(t, root)
	written := map[string]bool{}
	for _, r := range records {
		for k := range r["anomaly"].(map[string]any) {
			written[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(written)) {
		if _, ok := annotationTypes[k]; !ok {
			t.Errorf("the plugin writes anomaly.%s, which the template does not map", k)
		}
	}
	for k := range annotationTypes {
		if !written[k] {
			t.Errorf("anomaly.%s is mapped but the plugin wrote none in a flagged record", k)
		}
	}

	// The saved objects: imported into OpenSearch Dashboards once it is up.
	args, file = oneShot(t, c, "dashboards-objects")
	if !strings.Contains(args[len(args)-1], "/api/saved_objects/_import") || !slices.Contains(args, "osd-xsrf: true") {
		t.Errorf("dashboards-objects runs %q: want POST /api/saved_objects/_import with osd-xsrf", args)
	}
	objects := readOSDObjects(t, file)
	checkOSDObjects(t, objects, tmpl)
}

// readOSDObjects decodes an .ndjson export strictly, one object a line.
func readOSDObjects(t *testing.T, path string) map[string]osdObject {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string]osdObject{}
	for i, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var o osdObject
		if err := decodeStrictJSON([]byte(l), &o); err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		key := o.Type + "/" + o.ID
		if _, dup := objects[key]; dup || o.ID == "" {
			t.Fatalf("%s:%d: %s is empty or defined twice", path, i+1, key)
		}
		objects[key] = o
	}
	return objects
}

// attr decodes one attribute; JSON-in-a-string attributes (visState, panelsJSON,
// searchSourceJSON) are decoded from their string.
func attr[T any](t *testing.T, o osdObject, path ...string) T {
	t.Helper()
	var v T
	raw, ok := o.Attributes[path[0]]
	for _, p := range path[1:] {
		var m map[string]json.RawMessage
		if !ok || json.Unmarshal(raw, &m) != nil {
			break
		}
		raw, ok = m[p]
	}
	if !ok {
		t.Fatalf("%s/%s has no %s", o.Type, o.ID, strings.Join(path, "."))
	}
	if strings.HasSuffix(path[len(path)-1], "JSON") || path[len(path)-1] == "visState" {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("%s/%s %s: not a string: %v", o.Type, o.ID, strings.Join(path, "."), err)
		}
		raw = []byte(s)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s/%s %s: %v", o.Type, o.ID, strings.Join(path, "."), err)
	}
	return v
}

// tsvb is the part of a TSVB visualization's visState the test reads.
type tsvb struct {
	Type   string `json:"type"`
	Params struct {
		Type         string `json:"type"`
		IndexPattern string `json:"index_pattern"`
		TimeField    string `json:"time_field"`
		Series       []struct {
			SplitMode  string `json:"split_mode"`
			TermsField string `json:"terms_field"`
			Metrics    []struct {
				Type        string `json:"type"`
				Numerator   query  `json:"numerator"`
				Denominator query  `json:"denominator"`
			} `json:"metrics"`
		} `json:"series"`
	} `json:"params"`
}

// query is a saved query: DQL is "kuery" in the saved objects, as in Kibana.
type query struct {
	Query    string `json:"query"`
	Language string `json:"language"`
}

func checkOSDObjects(t *testing.T, objects map[string]osdObject, tmpl indexTemplate) {
	t.Helper()
	mapped := func(field string) bool { _, ok := tmpl.field(field); return ok }
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(objects)) {
		o := objects[key]
		seen[o.Type] = true
		kind, ok := osdTypes[o.Type]
		if !ok {
			t.Errorf("%s: type %q is not one this test checks", key, o.Type)
			continue
		}
		for a := range o.Attributes {
			if !slices.Contains(kind.attributes, a) {
				t.Errorf("%s: attribute %q is not in OpenSearch Dashboards' mapping of %s", key, a, o.Type)
			}
		}
		if want := map[string]string{o.Type: kind.migration}; !maps.Equal(o.MigrationVersion, want) {
			t.Errorf("%s: migrationVersion %v, want %v", key, o.MigrationVersion, want)
		}
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
			title := attr[string](t, o, "title")
			if ok, _ := filepath.Match(title, "logs-2025.01.02"); !ok || attr[string](t, o, "timeFieldName") != "@timestamp" {
				t.Errorf("index pattern %q does not cover the logs-* indices by @timestamp", title)
			}
			if m, _ := tmpl.field("@timestamp"); m.Type != "date" {
				t.Error("the template does not map @timestamp as a date")
			}
		case "search":
			src := attr[struct {
				Query        query  `json:"query"`
				IndexRefName string `json:"indexRefName"`
			}](t, o, "kibanaSavedObjectMeta", "searchSourceJSON")
			if src.Query != (query{"anomaly.flag : true", "kuery"}) {
				t.Errorf("%s selects %+v, want the DQL anomaly.flag : true", key, src.Query)
			}
			if !slices.ContainsFunc(o.References, func(r osdReference) bool { return r.Name == src.IndexRefName && r.Type == "index-pattern" }) {
				t.Errorf("%s: its index %q is no index-pattern reference", key, src.IndexRefName)
			}
			for _, col := range attr[[]string](t, o, "columns") {
				if !mapped(col) {
					t.Errorf("%s shows %s, which the template does not map", key, col)
				}
			}
			// Sorting needs doc values: not a text field.
			for _, s := range attr[[][]string](t, o, "sort") {
				if m, ok := tmpl.field(s[0]); !ok || m.Type == "text" {
					t.Errorf("%s sorts on %s, which is unmapped or text", key, s[0])
				}
			}
		case "visualization":
			vis := attr[tsvb](t, o, "visState")
			if ok, _ := filepath.Match(vis.Params.IndexPattern, "logs-2025.01.02"); vis.Type != "metrics" || !ok || vis.Params.TimeField != "@timestamp" {
				t.Errorf("%s: a %s (%s) over %q by %q, want TSVB over logs-* by @timestamp", key, vis.Type, vis.Params.Type, vis.Params.IndexPattern, vis.Params.TimeField)
			}
			ratio := false
			for _, s := range vis.Params.Series {
				if s.SplitMode == "terms" {
					if m, _ := tmpl.field(s.TermsField); m.Type != "keyword" {
						t.Errorf("%s splits by %q, not a keyword of the template", key, s.TermsField)
					}
				}
				for _, m := range s.Metrics {
					// Kibana 7.10's migration turned filter_ratio queries into objects; one
					// marked 7.10.0 is not migrated, so it must be written that way.
					if m.Type == "filter_ratio" && m.Numerator == (query{"anomaly.flag : true", "kuery"}) && m.Denominator.Language == "kuery" {
						ratio = true
					}
				}
			}
			if !ratio {
				t.Errorf("%s does not chart the share of flagged records (filter_ratio, numerator anomaly.flag : true in DQL)", key)
			}
		case "dashboard":
			panels := attr[[]struct {
				PanelRefName string `json:"panelRefName"`
				Version      string `json:"version"`
			}](t, o, "panelsJSON")
			for _, p := range panels {
				if !slices.ContainsFunc(o.References, func(r osdReference) bool { return r.Name == p.PanelRefName }) {
					t.Errorf("%s: panel %q has no reference", key, p.PanelRefName)
				}
			}
			if len(panels) != len(o.References) {
				t.Errorf("%s: %d panels, %d references", key, len(panels), len(o.References))
			}
		}
	}
	for _, typ := range []string{"index-pattern", "search", "visualization", "dashboard"} {
		if !seen[typ] {
			t.Errorf("no %s among the saved objects", typ)
		}
	}
}
