package chunk

import (
	"bytes"
	"math"
	"testing"
)

func TestValueAccessors(t *testing.T) {
	type want struct {
		kind    ValueKind
		text    string
		bytes   string // content for str/bin
		isBytes bool
		i       int64
		isInt   bool
		f       float64
		isF     bool
	}
	cases := []struct {
		name string
		raw  []byte
		want want
	}{
		{"fixstr", AppendString(nil, "abc"), want{kind: StringValue, text: "abc", bytes: "abc", isBytes: true}},
		{"str16", AppendString(nil, string(bytes.Repeat([]byte("z"), 300))), want{kind: StringValue, text: string(bytes.Repeat([]byte("z"), 300)), bytes: string(bytes.Repeat([]byte("z"), 300)), isBytes: true}},
		{"bin", AppendBinary(nil, []byte("raw")), want{kind: BinaryValue, text: "raw", bytes: "raw", isBytes: true}},
		{"positive fixint", []byte{0x2a}, want{kind: IntValue, text: "42", i: 42, isInt: true, f: 42, isF: true}},
		{"negative int8", []byte{0xd0, 0x80}, want{kind: IntValue, text: "-128", i: -128, isInt: true, f: -128, isF: true}},
		{"uint64 max", AppendUint(nil, math.MaxUint64), want{kind: IntValue, text: "18446744073709551615", f: math.MaxUint64, isF: true}},
		{"float64", AppendFloat64(nil, 2.5), want{kind: FloatValue, text: "2.5", f: 2.5, isF: true}},
		{"float32", []byte{0xca, 0x40, 0x20, 0, 0}, want{kind: FloatValue, text: "2.5", f: 2.5, isF: true}},
		{"true", []byte{0xc3}, want{kind: BoolValue, text: "true"}},
		{"nil", []byte{0xc0}, want{kind: NilValue, text: ""}},
		{"array", enc([]any{1, "a"}), want{kind: ArrayValue, text: `[1,"a"]`}},
		{"map", enc(kv{"k", 1}), want{kind: MapValue, text: `{"k":1}`}},
		{"ext", []byte{0xd4, 5, 0xff}, want{kind: ExtValue, text: `{"ext":5,"data":"/w=="}`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := valueOf(t, c.raw)
			if v.Kind() != c.want.kind {
				t.Fatalf("Kind %v, want %v", v.Kind(), c.want.kind)
			}
			if got := v.Text(); got != c.want.text {
				t.Fatalf("Text %q, want %q", got, c.want.text)
			}
			if got := string(v.AppendText([]byte("pre:"))); got != "pre:"+c.want.text {
				t.Fatalf("AppendText %q", got)
			}
			b, ok := v.Bytes()
			if ok != c.want.isBytes || string(b) != c.want.bytes {
				t.Fatalf("Bytes %q, %v", b, ok)
			}
			s, ok := v.Str()
			if ok != c.want.isBytes || s != c.want.bytes {
				t.Fatalf("Str %q, %v", s, ok)
			}
			i, ok := v.Int()
			if ok != c.want.isInt || i != c.want.i {
				t.Fatalf("Int %d, %v", i, ok)
			}
			f, ok := v.Float()
			if ok != c.want.isF || f != c.want.f {
				t.Fatalf("Float %v, %v", f, ok)
			}
			if !bytes.Equal(v.Raw(), c.raw) {
				t.Fatal("Raw is not the value's bytes")
			}
		})
	}
}

func TestValueTypedAccessorsRejectOtherKinds(t *testing.T) {
	s := valueOf(t, AppendString(nil, "x"))
	if _, ok := s.Int(); ok {
		t.Error("Int of a string")
	}
	if _, ok := s.Uint(); ok {
		t.Error("Uint of a string")
	}
	if _, ok := s.Bool(); ok {
		t.Error("Bool of a string")
	}
	if _, ok := s.Map(); ok {
		t.Error("Map of a string")
	}
	if _, ok := s.Array(); ok {
		t.Error("Array of a string")
	}
	if _, _, ok := s.Ext(); ok {
		t.Error("Ext of a string")
	}
	if _, ok := valueOf(t, []byte{0xff}).Uint(); ok {
		t.Error("Uint of -1")
	}
	if u, ok := valueOf(t, AppendUint(nil, math.MaxUint64)).Uint(); !ok || u != math.MaxUint64 {
		t.Error("Uint of MaxUint64")
	}
	if _, ok := valueOf(t, AppendUint(nil, math.MaxUint64)).Int(); ok {
		t.Error("Int of a value above MaxInt64")
	}
	var zero Value
	if zero.Kind() != InvalidValue || zero.Text() != "" || zero.IsNil() {
		t.Error("zero Value")
	}
	if !valueOf(t, []byte{0xc0}).IsNil() {
		t.Error("IsNil of nil")
	}
	a, ok := valueOf(t, enc([]any{1, "two", 3.0})).Array()
	var texts []string
	a.Range(func(v Value) bool { texts = append(texts, v.Text()); return len(texts) < 2 })
	mustEqual(t, "Array.Range stops when told", texts, []string{"1", "two"})
	if !ok || a.Len() != 3 || len(a.Raw()) == 0 {
		t.Error("Array")
	}
}

// valueOf returns the first value of a one-pair map holding raw, as the decoder would.
func valueOf(t *testing.T, raw []byte) Value {
	t.Helper()
	body, ok := NewBody(cat([]byte{0x81, 0xa1, 'v'}, raw))
	if !ok {
		t.Fatalf("%x is not a msgpack object", raw)
	}
	v, ok := body.Get("v")
	if !ok {
		t.Fatal("no v")
	}
	return v
}

func TestBodyLookups(t *testing.T) {
	body, ok := NewBody(enc(kv{
		"log", "hello",
		"a.b", "dotted key",
		raw(AppendBinary(nil, []byte("binkey"))), 1,
		raw([]byte{0xd9, 3, 'l', 'v', 'l'}), "str8 key",
		7, "int key",
		"kubernetes", kv{"container_name", "api", "labels", kv{"app", "web"}},
		"a", kv{"b", "nested"},
		"log", "second log",
	}))
	if !ok {
		t.Fatal("NewBody")
	}
	cases := []struct {
		name   string
		lookup func() (Value, bool)
		want   string
		found  bool
	}{
		{"Get first of duplicates", func() (Value, bool) { return body.Get("log") }, "hello", true},
		{"Get bin key", func() (Value, bool) { return body.Get("binkey") }, "1", true},
		{"Get str8 key", func() (Value, bool) { return body.Get("lvl") }, "str8 key", true},
		{"Get missing", func() (Value, bool) { return body.Get("nope") }, "", false},
		{"Get prefix is not a match", func() (Value, bool) { return body.Get("lo") }, "", false},
		{"Path nested", func() (Value, bool) { return body.Path("kubernetes", "labels", "app") }, "web", true},
		{"Path through a scalar", func() (Value, bool) { return body.Path("log", "x") }, "", false},
		{"Path empty", func() (Value, bool) { return body.Path() }, "", false},
		{"Lookup exact dotted key first", func() (Value, bool) { return body.Lookup("a.b") }, "dotted key", true},
		{"Lookup nested path", func() (Value, bool) { return body.Lookup("kubernetes.container_name") }, "api", true},
		{"Lookup deep path", func() (Value, bool) { return body.Lookup("kubernetes.labels.app") }, "web", true},
		{"Lookup missing segment", func() (Value, bool) { return body.Lookup("kubernetes.pod") }, "", false},
		{"Lookup through scalar", func() (Value, bool) { return body.Lookup("log.level") }, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, ok := c.lookup()
			if ok != c.found || v.Text() != c.want {
				t.Fatalf("got %q, %v; want %q, %v", v.Text(), ok, c.want, c.found)
			}
		})
	}
	var keys []string
	body.Range(func(k, _ Value) bool { keys = append(keys, k.Text()); return true })
	mustEqual(t, "Range keys in order", keys, []string{"log", "a.b", "binkey", "lvl", "7", "kubernetes", "a", "log"})
	if body.Len() != 8 {
		t.Fatalf("Len %d", body.Len())
	}
}

func TestBodyFindEmbeddedJSON(t *testing.T) {
	docker := enc(kv{"log", `{"level":"error","msg":"disk \"full\"","ctx":{"code":507}}` + "\n", "stream", "stderr"})
	cri := enc(kv{"message", ` {"severity":"WARN"}`, "log", "not json"})
	direct := enc(kv{"level", "info", "log", `{"level":"error"}`})
	nested := enc(kv{"app", kv{"payload", `{"user":{"id":12}}`}})
	cases := []struct {
		name     string
		body     []byte
		key      string
		holders  []string
		want     string
		embedded bool
		found    bool
	}{
		{"docker log", docker, "level", []string{"log"}, "error", true, true},
		{"escaped string unquoted", docker, "msg", []string{"log"}, `disk "full"`, true, true},
		{"nested path inside JSON", docker, "ctx.code", []string{"log"}, "507", true, true},
		{"object value as JSON text", docker, "ctx", []string{"log"}, `{"code":507}`, true, true},
		{"second holder", cri, "severity", []string{"log", "message"}, "WARN", true, true},
		{"top level wins", direct, "level", []string{"log"}, "info", false, true},
		{"no holders", docker, "level", nil, "", false, false},
		{"holder by path", nested, "user.id", []string{"app.payload"}, "12", true, true},
		{"missing everywhere", docker, "nope", []string{"log", "stream"}, "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := NewBody(c.body)
			f, ok := body.Find(c.key, c.holders...)
			if ok != c.found || f.Text() != c.want || f.Embedded() != c.embedded {
				t.Fatalf("got %q, %v, embedded %v; want %q, %v, %v", f.Text(), ok, f.Embedded(), c.want, c.found, c.embedded)
			}
			if string(f.AppendText(nil)) != c.want {
				t.Fatalf("AppendText %q", f.AppendText(nil))
			}
			_, isValue := f.Value()
			_, isJSON := f.JSON()
			if ok && (isValue == isJSON || isJSON != c.embedded) {
				t.Fatalf("Value %v / JSON %v", isValue, isJSON)
			}
		})
	}
	body, _ := NewBody(docker)
	f, _ := body.Find("ctx.code", "log")
	if n, ok := f.Float(); !ok || n != 507 {
		t.Fatalf("Float %v %v", n, ok)
	}
}

func TestNewBodyRejects(t *testing.T) {
	for _, in := range [][]byte{nil, {0x90}, {0x81, 1}, {0x80, 0x80}, {0xc1}} {
		if _, ok := NewBody(in); ok {
			t.Errorf("NewBody(%x) accepted", in)
		}
	}
}

func TestLookupsDoNotAllocate(t *testing.T) {
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, typicalBody(1))).Next(&e)
	var d Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, dockerBody(1))).Next(&d)
	allocs := testing.AllocsPerRun(100, func() {
		e.Body.Lookup("kubernetes.labels.app")
		e.Body.Get("log")
		d.Body.Find("level", "log")
	})
	if allocs != 0 {
		t.Fatalf("lookups allocated %v times", allocs)
	}
}
