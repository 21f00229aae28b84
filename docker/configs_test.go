package docker

import (
	"path/filepath"
	"slices"
	"testing"
)

// derivedFrom names, for every Fluent Bit configuration under docker/, the configuration
// of fluent-bit/ it adapts. Those were run on a real Fluent Bit; an adaptation may change
// where logs come from and go to, not how records loop through the plugin and are routed
// on the annotation. (go test ./fluent-bit checks all of them with the same rules.)
var derivedFrom = map[string]string{
	"docker/compose/elastic/fluent-bit.conf": "fluent-bit/elasticsearch.conf",
	"docker/compose/loki/fluent-bit.conf":    "fluent-bit/loki.conf",
	"docker/k8s/sidecar/fluent-bit.conf":     "fluent-bit/elasticsearch.conf",
	"docker/k8s/daemonset/fluent-bit.conf":   "fluent-bit/elasticsearch.conf",
}

// Keys an adaptation may set differently or add.
var (
	// On the anomaly output: the record's shape, the streams, the state, the metrics.
	siteAnomalyKeys = []string{"match", "message_key", "level_key", "group_by", "max_streams", "state_dir", "state_interval", "metrics_address"}
	// On the shipping outputs: where the destination is and how to reach it.
	siteOutputKeys = []string{"host", "port", "labels", "http_user", "http_passwd", "tls", "tls.verify"}
	// Filters an adaptation may add: metadata about where a record came from.
	addedFilters = []string{"kubernetes"}
)

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

			// The loop back in: the same forward input.
			df, of := d.named("input", "forward"), o.named("input", "forward")
			if len(df) != 1 || len(of) != 1 || !slices.Equal(df[0].props, of[0].props) {
				t.Errorf("forward input %v, %s has %v", df, original, of)
			}

			// The plugin: the same settings but for the site's.
			da, oa := d.anomalyOutput(t), o.anomalyOutput(t)
			for _, kv := range oa.props {
				if !slices.Contains(siteAnomalyKeys, kv[0]) && da.get(kv[0]) != kv[1] {
					t.Errorf("anomaly output %s: %q, %s has %q", kv[0], da.get(kv[0]), original, kv[1])
				}
			}
			for _, kv := range da.props {
				if oa.get(kv[0]) == "" && !slices.Contains(siteAnomalyKeys, kv[0]) {
					t.Errorf("anomaly output adds %s, which is not a site setting", kv[0])
				}
			}

			// Routing on the annotation: the same filters in the same order.
			var kept []section
			for _, f := range d.of("filter") {
				if !slices.Contains(addedFilters, f.name()) {
					kept = append(kept, f)
				}
			}
			of2 := o.of("filter")
			if len(kept) != len(of2) {
				t.Fatalf("%d filters besides %v, %s has %d", len(kept), addedFilters, original, len(of2))
			}
			for i := range kept {
				if !slices.Equal(kept[i].props, of2[i].props) {
					t.Errorf("filter %d: %v, %s has %v", i+1, kept[i].props, original, of2[i].props)
				}
			}

			// Shipping: the same outputs on the same routes, set the same but for the
			// destination.
			var ds, ships []section
			for _, s := range d.of("output") {
				if s.name() != "anomaly" {
					ds = append(ds, s)
				}
			}
			for _, s := range o.of("output") {
				if s.name() != "anomaly" {
					ships = append(ships, s)
				}
			}
			if len(ds) != len(ships) {
				t.Fatalf("%d shipping outputs, %s has %d", len(ds), original, len(ships))
			}
			for i := range ds {
				if ds[i].name() != ships[i].name() || ds[i].get("match") != ships[i].get("match") {
					t.Errorf("output %d: %s on %q, %s has %s on %q", i+1, ds[i], ds[i].get("match"), original, ships[i], ships[i].get("match"))
				}
				for _, kv := range ships[i].props {
					if !slices.Contains(siteOutputKeys, kv[0]) && ds[i].get(kv[0]) != kv[1] {
						t.Errorf("%s %s: %q, %s has %q", ds[i], kv[0], ds[i].get(kv[0]), original, kv[1])
					}
				}
			}
		})
	}
}
