package record

import (
	"bytes"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// A keyList finds what body.Lookup finds for each key, in the same bodies: keys absent,
// repeated, dotted at the top level or as a path, nested maps that are not maps.
func TestLookupEachMatchesLookup(t *testing.T) {
	bodies := []kv{
		{"log", "plain", "stream", "stdout"},
		{"level", "info", "level", "error", "msg", "first level wins"},
		{"log", kv{"level", "warn"}, "message", "ECS"},
		{"log.level", "error", "log", kv{"level", "info"}},
		{"log", "not a map", "http", kv{"status_code", 503}, "http.status_code", 200},
		{"http", kv{"response", kv{"status_code", 404}}},
		{"http", "first", "http", kv{"status_code", 201}, "log", kv{"level", "x"}, "log", "second"},
		{"log", kv{"level", kv{"deeper", 1}}, "kubernetes", kv{"labels", kv{"app", "shop"}}},
		{"Level", "x", "LEVEL", "y", "severity_text", "ERROR", "@l", "Warning", "code", 7, "status", "500"},
		{},
	}
	lists := [][]string{autoLevelKeys, autoMessageKeys, statusKeys, otlpMessageKeys, {"kubernetes.labels.app"}}
	for _, b := range bodies {
		body, ok := chunk.NewBody(appendBody(nil, b))
		if !ok {
			t.Fatal("bad body")
		}
		for _, keys := range lists {
			var vals [maxLookupKeys]chunk.Value
			found := newKeyList(keys).lookup(body, vals[:])
			for i, k := range keys {
				want, wantOK := body.Lookup(k)
				got, gotOK := vals[i], found&(1<<i) != 0
				if gotOK != wantOK || (gotOK && !bytes.Equal(got.AppendText(nil), want.AppendText(nil))) {
					t.Errorf("%v, key %q: got %v %q, want %v %q", b, k, gotOK, got.AppendText(nil), wantOK, want.AppendText(nil))
				}
			}
		}
	}
}
