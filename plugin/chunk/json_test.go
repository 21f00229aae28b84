package chunk

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestAppendJSON(t *testing.T) {
	cases := []struct {
		name  string
		event []byte
		tag   string
		want  string
	}{
		{"record with nanoseconds", v2Event(eventTime(1700000000, 123456789), emptyMap, enc(kv{"log", "hi", "n", 3})), "",
			`{"date":1700000000.123457,"log":"hi","n":3}`},
		{"whole second", legacyEvent(AppendUint(nil, 1700000000), enc(kv{"a", true})), "",
			`{"date":1700000000.0,"a":true}`},
		{"tag", v2Event(eventTime(1, 500000000), emptyMap, enc(kv{"a", nil})), "app.web",
			`{"date":1.5,"tag":"app.web","a":null}`},
		{"metadata", v2Event(eventTime(2, 0), enc(kv{"trace", "abc"}), enc(kv{"log", "x"})), "",
			`{"date":2.0,"__internal__":{"log_metadata":{"trace":"abc"}},"log":"x"}`},
		{"nested and floats", v2Event(eventTime(2, 0), emptyMap, enc(kv{"m", kv{"f", 0.1, "i", -7, "whole", 3.0, "arr", []any{1, "s", []any{}}}})), "",
			`{"date":2.0,"m":{"f":0.1,"i":-7,"whole":3.0,"arr":[1,"s",[]]}}`},
		{"NaN and infinity", v2Event(eventTime(2, 0), emptyMap, enc(kv{"nan", math.NaN(), "inf", math.Inf(-1)})), "",
			`{"date":2.0,"nan":null,"inf":null}`},
		{"escapes", v2Event(eventTime(2, 0), emptyMap, enc(kv{"s", "q\"b\\n\n\t\x01\x7f€"})), "",
			`{"date":2.0,"s":"q\"b\\n\n\t\u0001\u007f€"}`},
		{"invalid UTF-8 to private use", v2Event(eventTime(2, 0), emptyMap, enc(kv{"s", "a\xffb\xce"})), "",
			`{"date":2.0,"s":"a\ue0ffb\ue0ce"}`},
		{"bin as string", v2Event(eventTime(2, 0), emptyMap, enc(kv{"b", []byte("bytes")})), "",
			`{"date":2.0,"b":"bytes"}`},
		{"EventTime value", v2Event(eventTime(2, 0), emptyMap, enc(kv{"t", raw(eventTime(3, 250000000))})), "",
			`{"date":2.0,"t":3.25}`},
		{"other ext", v2Event(eventTime(2, 0), emptyMap, enc(kv{"x", raw([]byte{0xd5, 9, 1, 2})})), "",
			`{"date":2.0,"x":{"ext":9,"data":"AQI="}}`},
		{"non-string keys", v2Event(eventTime(2, 0), emptyMap, enc(kv{1, "one", nil, "nil", 2.5, "f", []any{1}, "arr"})), "",
			`{"date":2.0,"1":"one","null":"nil","2.5":"f","kQE=":"arr"}`},
		{"duplicate keys kept", v2Event(eventTime(2, 0), emptyMap, enc(kv{"k", 1, "k", 2})), "",
			`{"date":2.0,"k":1,"k":2}`},
		{"large float", v2Event(eventTime(2, 0), emptyMap, enc(kv{"f", 1e300, "g", 1.5e-7})), "",
			`{"date":2.0,"f":1e+300,"g":1.5e-07}`},
		{"opaque", []byte{0x07}, "t",
			`{"opaque":true,"reason":"not an event","tag":"t","raw":"Bw=="}`},
		{"opaque truncated", []byte{0x92, 0x92}, "",
			`{"opaque":true,"reason":"truncated","raw":"kpI="}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e Event
			NewDecoder(c.event).Next(&e)
			got := string(AppendJSON([]byte("x"), &e, c.tag))
			if got != "x"+c.want {
				t.Fatalf("got  %s\nwant %s", got[1:], c.want)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(c.want), &m); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
		})
	}
}

func TestAppendJSONGroupMarkersWriteNothing(t *testing.T) {
	for _, ev := range [][]byte{
		v2Event(eventTime(math.MaxUint32, 0), emptyMap, enc(kv{"a", 1})),
		v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap),
	} {
		var e Event
		NewDecoder(ev).Next(&e)
		if out := AppendJSON([]byte("x"), &e, "t"); string(out) != "x" {
			t.Fatalf("group marker wrote %q", out)
		}
	}
}

func TestAppendJSONDepthLimit(t *testing.T) {
	deep := []byte{0xc0}
	for i := 0; i < MaxJSONDepth+10; i++ {
		deep = append([]byte{0x91}, deep...)
	}
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, enc(kv{"d", raw(deep)}))).Next(&e)
	out := AppendJSON(nil, &e, "")
	if !json.Valid(out) {
		t.Fatalf("invalid JSON: %s", out)
	}
	if got := strings.Count(string(out), "["); got != MaxJSONDepth-1 {
		t.Fatalf("%d nested arrays written, want %d", got, MaxJSONDepth-1)
	}
}

func TestAppendJSONDoesNotAllocate(t *testing.T) {
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), enc(kv{"m", 1}), typicalBody(3))).Next(&e)
	out := make([]byte, 0, 4096)
	allocs := testing.AllocsPerRun(100, func() {
		AppendJSON(out[:0], &e, "a.tag.that.is.longer.than.thirty.two.bytes")
	})
	if allocs != 0 {
		t.Fatalf("AppendJSON allocated %v times", allocs)
	}
}
