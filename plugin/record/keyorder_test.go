package record

import (
	"encoding/json"
	"math/rand"
	"slices"
	"testing"
)

// TestKeyOrderDoesNotMatter checks that a record read with its keys in any order (as a
// Lua filter hands it on) gives the same message, numbers and text fields, in the same
// order: with more
// numbers and text fields than are kept, a map of details, a response's status, and a
// record without a message; in a record and, but for the last, in the JSON its log field
// holds (a Lua filter reorders a record's keys, not a text field's JSON).
func TestKeyOrderDoesNotMatter(t *testing.T) {
	records := map[string]kv{
		"numbers and texts beyond the caps": {"msg", "Slow query", "level", "info", "c", "COMMAND", "ctx", "conn7", "a", 1, "b", 2.5, "d", 3, "e", "4ms", "f", 5,
			"zone", "eu", "tier", "gold", "shard", "s1", "node", "mongo-a", "role", "primary", "app", "shop"},
		"a map of details": {"msg", "Slow query", "s", "I", "attr", kv{"ns", "shop.carts", "planSummary", "COLLSCAN", "docsExamined", 2000000,
			"keysExamined", 0, "nreturned", 3, "reslen", 900, "durationMillis", 1400, "protocol", "op_msg", "type", "command"}, "c", "COMMAND", "ctx", "conn7"},
		"a response's status": {"msg", "request completed", "res", kv{"statusCode", 503}, "responseTime", 2.5, "req", kv{"method", "GET", "url", "/api/items/7"},
			"a", 1, "b", 2, "c", 3, "d", 4},
		"no message": {"remote", "203.0.113.9", "method", "GET", "path", "/v1/orders/7", "code", "200", "size", "512", "agent", "curl/8"},
	}
	rng := rand.New(rand.NewSource(1))
	for name, rec := range records {
		var want, got Record
		var r Reader
		r.Read(body(t, rec), "tag", &want, nil)
		wantFields := slices.Clone(want.Fields)
		var jsonWant Record
		r.Read(body(t, kv{"log", jsonText(t, rec)}), "tag", &jsonWant, nil)
		for i := 0; i < 20; i++ {
			shuffled := shuffle(rng, rec)
			r.Read(body(t, shuffled), "tag", &got, nil)
			if got.Message != want.Message || !sameFields(got.Fields, wantFields) || got.Level != want.Level {
				t.Errorf("%s: in another order, %q %q %v; want %q %q %v", name, got.Message, got.Fields, got.Level, want.Message, wantFields, want.Level)
				break
			}
			if name == "no message" {
				continue // JSON text with no message in it is the message, as its writer ordered it
			}
			r.Read(body(t, kv{"log", jsonText(t, shuffled)}), "tag", &got, nil)
			if got.Message != jsonWant.Message || !sameFields(got.Fields, jsonWant.Fields) {
				t.Errorf("%s: its JSON in another order, %q %q; want %q %q", name, got.Message, got.Fields, jsonWant.Message, jsonWant.Fields)
				break
			}
		}
	}
}

// shuffle returns rec with its keys, and those of its maps, in a random order.
func shuffle(rng *rand.Rand, rec kv) kv {
	pairs := make([][2]any, 0, len(rec)/2)
	for i := 0; i < len(rec); i += 2 {
		v := rec[i+1]
		if m, ok := v.(kv); ok {
			v = shuffle(rng, m)
		}
		pairs = append(pairs, [2]any{rec[i], v})
	}
	rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	out := make(kv, 0, len(rec))
	for _, p := range pairs {
		out = append(out, p[0], p[1])
	}
	return out
}

// jsonText writes rec as a JSON object, its keys in rec's order.
func jsonText(t *testing.T, rec kv) string {
	b := []byte{'{'}
	for i := 0; i < len(rec); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(rec[i])
		b = append(append(b, k...), ':')
		if m, ok := rec[i+1].(kv); ok {
			b = append(b, jsonText(t, m)...)
			continue
		}
		v, err := json.Marshal(rec[i+1])
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, v...)
	}
	return string(append(b, '}'))
}

// sameFields reports whether a and b hold the same fields in the same order: a
// record's categorical values in their order name its event.
func sameFields(a, b []Field) bool { return slices.Equal(a, b) }
