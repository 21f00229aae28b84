package chunk

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
)

// The group layout of Fluent Bit's opentelemetry input (src/opentelemetry/
// flb_opentelemetry_logs.c): a group start per scope, its records, a group end.
func TestRecordsCarryTheirGroup(t *testing.T) {
	groupMeta := func(resource int) []byte {
		return enc(kv{"schema", "otlp", "resource_id", resource, "scope_id", 0})
	}
	groupAttrs := func(service string) []byte {
		return enc(kv{"resource", kv{"attributes", kv{"service.name", service}}, "scope", kv{"name", "app"}})
	}
	start := func(resource int, service string) []byte {
		return v2Event(eventTime(math.MaxUint32, 0), groupMeta(resource), groupAttrs(service))
	}
	end := v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap)
	record := func(msg string) []byte {
		return v2Event(eventTime(1700000000, 0), enc(kv{"otlp", kv{"severity_number", 9}}), enc(kv{"log", msg}))
	}
	data := cat(
		record("before any group"),
		start(0, "checkout"), record("c1"), []byte{0x07}, record("c2 after junk"), end,
		record("between groups"),
		start(1, "billing"), record("b1"),
		start(2, "search"), record("s1 in a group that replaced billing's"), end,
	)
	want := map[string]string{
		"before any group": "", "c1": "checkout", "c2 after junk": "checkout",
		"between groups": "", "b1": "billing", "s1 in a group that replaced billing's": "search",
	}
	var e Event
	d := NewDecoder(data)
	records := 0
	for d.Next(&e) {
		if e.Kind != Record {
			if e.GroupMetadata.Raw() != nil || e.GroupAttributes.Raw() != nil {
				t.Fatalf("%v event carries a group", e.Kind)
			}
			continue
		}
		records++
		msg, _ := e.Body.Get("log")
		service := ""
		if v, ok := e.GroupAttributes.Lookup("resource.attributes.service.name"); ok {
			service = v.Text()
		}
		if service != want[msg.Text()] {
			t.Errorf("record %q is in group %q, want %q", msg.Text(), service, want[msg.Text()])
		}
		if service != "" {
			if v, _ := e.GroupMetadata.Get("schema"); v.Text() != "otlp" {
				t.Errorf("record %q: group metadata %x", msg.Text(), e.GroupMetadata.Raw())
			}
		}
	}
	if records != len(want) {
		t.Fatalf("%d records, want %d", records, len(want))
	}
}

// TestPropertyGroupsFollowMarkers checks on random chunks (gen, property_test.go) that
// every record carries exactly the metadata and attributes of the last group start
// before it when no group end came between, and nothing otherwise.
func TestPropertyGroupsFollowMarkers(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		g := gen{rand.New(rand.NewSource(seed))}
		data, _ := g.chunk(1 + g.r.Intn(30))
		var open *Event
		var e Event
		d := NewDecoder(data)
		for i := 0; d.Next(&e); i++ {
			switch e.Kind {
			case GroupStart:
				started := e
				open = &started
			case GroupEnd:
				open = nil
			case Record:
				var wantMeta, wantAttrs []byte
				if open != nil {
					wantMeta, wantAttrs = open.Metadata.Raw(), open.Body.Raw()
				}
				if !bytes.Equal(e.GroupMetadata.Raw(), wantMeta) || !bytes.Equal(e.GroupAttributes.Raw(), wantAttrs) {
					t.Fatalf("seed %d event %d: group %x/%x, want %x/%x", seed, i, e.GroupMetadata.Raw(), e.GroupAttributes.Raw(), wantMeta, wantAttrs)
				}
			}
		}
	}
}

func TestLookupFindsDottedKeysAtEveryLevel(t *testing.T) {
	body, ok := NewBody(enc(kv{
		"otlp", kv{"attributes", kv{"http.route", "/cart", "http", kv{"method", "GET"}}},
		"kubernetes", kv{"labels", kv{"app.kubernetes.io/name", "web"}},
		"a", kv{"b.c", "whole first", "b", kv{"c", "path"}},
	}))
	if !ok {
		t.Fatal("NewBody")
	}
	for key, want := range map[string]string{
		"otlp.attributes.http.route":               "/cart",
		"otlp.attributes.http.method":              "GET",
		"kubernetes.labels.app.kubernetes.io/name": "web",
		"a.b.c": "whole first",
	} {
		v, ok := body.Lookup(key)
		if !ok || v.Text() != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", key, v.Text(), ok, want)
		}
	}
	for _, key := range []string{"otlp.attributes.http.status", "otlp.attributes.http.route.x", "kubernetes.labels.app"} {
		if v, ok := body.Lookup(key); ok {
			t.Errorf("Lookup(%q) found %q", key, v.Text())
		}
	}
	if n := testing.AllocsPerRun(100, func() { body.Lookup("otlp.attributes.http.route") }); n != 0 {
		t.Fatalf("Lookup allocates %v", n)
	}
}
