package docker

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// derivedFrom names, for every Fluent Bit configuration under docker/, the configuration
// of fluent-bit/ it adapts. Those were run on a real Fluent Bit; an adaptation may change
// where logs come from and go to, and the tag its records travel under, not how they are
// scored and routed on the annotation. (go test ./fluent-bit checks all of them with the
// same rules.)
var derivedFrom = map[string]string{
	"docker/compose/elastic/fluent-bit.conf":    "fluent-bit/elasticsearch.conf",
	"docker/compose/loki/fluent-bit.conf":       "fluent-bit/loki.conf",
	"docker/compose/opensearch/fluent-bit.conf": "fluent-bit/elasticsearch.conf",
	"docker/k8s/sidecar/fluent-bit.conf":        "fluent-bit/elasticsearch.conf",
	"docker/k8s/daemonset/fluent-bit.conf":      "fluent-bit/elasticsearch.conf",
}

// Keys an adaptation may set differently or add.
var (
	// On the anomaly filter: the record's shape, the streams, the state, the metrics.
	siteAnomalyKeys = []string{"match", "message_key", "level_key", "group_by", "max_streams", "state_dir", "state_interval", "metrics_address"}
	// On the shipping outputs: where the destination is and how to reach it.
	siteOutputKeys = []string{"host", "port", "labels", "http_user", "http_passwd", "tls", "tls.verify"}
	// Filters an adaptation may add: metadata about where a record came from.
	addedFilters = []string{"kubernetes"}
	// Outputs an adaptation may use in place of the original's, set with the same keys:
	// Fluent Bit's opensearch output is its es output adapted to OpenSearch (Host, Port,
	// Logstash_Format, Logstash_Prefix, Suppress_Type_Name mean the same in both).
	sameOutputAs = map[string]string{"opensearch": "es"}
)

// routeKeys select the records a section acts on; an adaptation renames the original's
// route (app.*) to its own (kube.*) in them.
var routeKeys = []string{"match", "match_regex"}

// route is the tag prefix the records a configuration scores travel under: app for
// Match app.*.
func route(t *testing.T, c conf) string {
	t.Helper()
	match := c.anomalyFilter(t).get("match")
	prefix, ok := strings.CutSuffix(match, ".*")
	if !ok || strings.ContainsAny(prefix, "*.") {
		t.Fatalf("%s: anomaly filter Match %q: want PREFIX.*", c.path, match)
	}
	return prefix
}

// sameExceptRoute compares a derived section with the original's key by key, the
// original's routes renamed to the site's, and reports the first difference outside
// ignore.
func sameExceptRoute(d, o section, siteRoute, origRoute string, ignore []string) (key, got, want string, same bool) {
	onSiteRoute := func(k string) string {
		if slices.Contains(routeKeys, k) {
			return strings.ReplaceAll(o.get(k), origRoute, siteRoute)
		}
		return o.get(k)
	}
	for _, s := range []section{o, d} {
		for _, kv := range s.props {
			if !slices.Contains(ignore, kv[0]) && d.get(kv[0]) != onSiteRoute(kv[0]) {
				return kv[0], d.get(kv[0]), onSiteRoute(kv[0]), false
			}
		}
	}
	return "", "", "", true
}

func TestDockerConfigurationsKeepTheVerifiedPipelines(t *testing.T) {
	root := repoRoot(t)
	found, err := filepath.Glob(filepath.Join(root, "docker/*/*/fluent-bit.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range found {
		rel, _ := filepath.Rel(root, path)
		if _, ok := derivedFrom[rel]; !ok {
			t.Errorf("%s: add it to derivedFrom with the fluent-bit/ configuration it adapts", rel)
		}
	}
	for derived, original := range derivedFrom {
		t.Run(derived, func(t *testing.T) {
			d := readConf(t, filepath.Join(root, derived))
			o := readConf(t, filepath.Join(root, original))
			for _, key := range []string{"flush", "grace"} {
				if d.service().get(key) != o.service().get(key) {
					t.Errorf("service %s: %q, %s has %q", key, d.service().get(key), original, o.service().get(key))
				}
			}
			// The filter hands records back in place: no loop through a forward input,
			// which would need a socket on a writable volume and lose records at shutdown.
			if in := d.named("input", "forward"); len(in) != 0 {
				t.Errorf("%v: the anomaly filter needs no loop back into Fluent Bit", in)
			}
			siteRoute, origRoute := route(t, d), route(t, o)

			// Scoring and routing on the annotation: the same filters in the same order, the
			// plugin set the same but for the site's keys.
			var kept []section
			for _, f := range d.of("filter") {
				if !slices.Contains(addedFilters, f.name()) {
					kept = append(kept, f)
				}
			}
			of := o.of("filter")
			if len(kept) != len(of) {
				t.Fatalf("%d filters besides %v, %s has %d", len(kept), addedFilters, original, len(of))
			}
			for i := range kept {
				ignore := []string{}
				if kept[i].name() == "anomaly" {
					ignore = siteAnomalyKeys
				}
				if kept[i].name() != of[i].name() {
					t.Errorf("filter %d: %s, %s has %s", i+1, kept[i], original, of[i])
				} else if key, got, want, ok := sameExceptRoute(kept[i], of[i], siteRoute, origRoute, ignore); !ok {
					t.Errorf("filter %d %s: %s %q, want %q as in %s", i+1, kept[i], key, got, want, original)
				}
			}
			// An added filter reads the records before they are scored (group_by needs its
			// metadata), and not the copies routed on the annotation.
			for _, f := range d.of("filter") {
				if slices.Contains(addedFilters, f.name()) && f.get("match") != siteRoute+".*" {
					t.Errorf("%s matches %q, want %s.*", f, f.get("match"), siteRoute)
				}
				if f.name() == "anomaly" {
					break
				}
				if !slices.Contains(addedFilters, f.name()) {
					t.Errorf("%s comes before the anomaly filter", f)
				}
			}

			// Shipping: the same outputs on the same routes, set the same but for the
			// destination.
			ds, ships := d.of("output"), o.of("output")
			if len(ds) != len(ships) {
				t.Fatalf("%d outputs, %s has %d", len(ds), original, len(ships))
			}
			for i := range ds {
				ignore := siteOutputKeys
				if sameOutputAs[ds[i].name()] == ships[i].name() {
					ignore = append(slices.Clone(ignore), "name")
				}
				if ds[i].name() != ships[i].name() && !slices.Contains(ignore, "name") {
					t.Errorf("output %d: %s, %s has %s", i+1, ds[i], original, ships[i])
				} else if key, got, want, ok := sameExceptRoute(ds[i], ships[i], siteRoute, origRoute, ignore); !ok {
					t.Errorf("output %d %s: %s %q, want %q as in %s", i+1, ds[i], key, got, want, original)
				}
			}
		})
	}
}
