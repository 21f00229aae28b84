package record

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
)

func TestSeverityNumberRanges(t *testing.T) {
	want := map[int64]Level{0: LevelUnknown, 25: LevelUnknown, -1: LevelUnknown}
	for n, l := range []Level{LevelTrace, LevelDebug, LevelInfo, LevelWarning, LevelError, LevelCritical} {
		for step := int64(1); step <= 4; step++ {
			want[int64(n)*4+step] = l
		}
	}
	for n, l := range want {
		if got := SeverityNumberLevel(n); got != l {
			t.Errorf("SeverityNumberLevel(%d) = %v, want %v", n, got, l)
		}
	}
}

// otlpEvent builds a record event with the metadata and group Fluent Bit's
// opentelemetry input writes (see otlp.go); group may be nil for a record outside a group.
func otlpEvent(t *testing.T, otlp kv, body kv, group kv) *chunk.Event {
	t.Helper()
	ev := &chunk.Event{Kind: chunk.Record}
	var ok bool
	if ev.Body, ok = chunk.NewBody(appendAny(nil, body)); !ok {
		t.Fatal("bad body")
	}
	if otlp != nil {
		if ev.Metadata, ok = chunk.NewBody(appendAny(nil, kv{"otlp", otlp})); !ok {
			t.Fatal("bad metadata")
		}
	}
	if group != nil {
		ev.GroupMetadata, _ = chunk.NewBody(appendAny(nil, kv{"schema", "otlp", "resource_id", 0, "scope_id", 0}))
		if ev.GroupAttributes, ok = chunk.NewBody(appendAny(nil, group)); !ok {
			t.Fatal("bad group")
		}
	}
	return ev
}

func TestOpenTelemetryRecordsReadFromMetadataAndGroup(t *testing.T) {
	checkout := kv{"resource", kv{"attributes", kv{"service.name", "checkout", "host.name", "h1"}}, "scope", kv{"name", "app", "version", "1.0", "attributes", kv{"team", "payments"}}}
	cases := []struct {
		name       string
		reader     Reader
		otlp, body kv
		group      kv
		wantMsg    string
		wantLevel  Level
		wantStream string
	}{
		{"severity number", Reader{}, kv{"severity_number", 17, "severity_text", "INFO"}, kv{"log", "request handled in 12 ms"}, checkout,
			"request handled in 12 ms", LevelError, "tag"},
		{"severity number as a string", Reader{}, kv{"severity_number", "13"}, kv{"log", "slow"}, nil,
			"slow", LevelWarning, "tag"},
		{"severity number as its enum name", Reader{}, kv{"severity_number", "SEVERITY_NUMBER_FATAL2"}, kv{"log", "down"}, nil,
			"down", LevelCritical, "tag"},
		{"severity number as a float", Reader{}, kv{"severity_number", 9.0}, kv{"log", "ok"}, nil,
			"ok", LevelInfo, "tag"},
		{"unspecified number, text", Reader{}, kv{"severity_number", 0, "severity_text", "Warning"}, kv{"log", "x"}, nil,
			"x", LevelWarning, "tag"},
		{"text with a step", Reader{}, kv{"severity_text", "ERROR3"}, kv{"log", "x"}, nil,
			"x", LevelError, "tag"},
		{"body level field first", Reader{}, kv{"severity_number", 17}, kv{"level", "debug", "message", "x"}, nil,
			"x", LevelDebug, "tag"},
		{"metadata before the words of the message", Reader{}, kv{"severity_number", 9}, kv{"log", "ERROR in the past tense"}, nil,
			"in the past tense", LevelInfo, "tag"},
		{"no severity: the words of the message", Reader{}, kv{"trace_flags", 0}, kv{"log", "WARN disk at 91%"}, nil,
			"disk at 91%", LevelWarning, "tag"},
		{"metadata of another input is not OpenTelemetry", Reader{}, nil, kv{"log", "x"}, nil,
			"x", LevelUnknown, "tag"},
		{"kvlist body", Reader{}, kv{"severity_number", 17}, kv{"message", "payment failed", "code", 502}, nil,
			"payment failed code=502", LevelError, "tag"},
		{"kvlist body with body key", Reader{}, kv{"severity_number", 9}, kv{"body", "cart emptied", "user", "u1"}, nil,
			"cart emptied", LevelInfo, "tag"},
		{"kvlist body without a message key", Reader{}, kv{"severity_number", 9}, kv{"user", "u1", "items", 3}, nil,
			"items=3 user=u1", LevelInfo, "tag"},
		{"array body", Reader{}, kv{"severity_number", 9}, kv{"log", []any{"a", 1}}, nil,
			`["a",1]`, LevelInfo, "tag"},
		{"number body", Reader{}, kv{"severity_number", 21}, kv{"log", 42}, nil,
			"42", LevelCritical, "tag"},
		{"unset body", Reader{}, kv{"severity_number", 9}, kv{"log", nil}, nil,
			"", LevelInfo, "tag"},
		{"kvlist body under logs_body_key", Reader{}, kv{"severity_number", 9}, kv{"payload", kv{"msg", "hello", "n", 2}}, nil,
			"hello n=2", LevelInfo, "tag"},
		{"group_by a resource attribute by its name", Reader{GroupBy: "service.name"}, kv{"severity_number", 9}, kv{"log", "x"}, checkout,
			"x", LevelInfo, "checkout"},
		{"group_by prefers the body", Reader{GroupBy: "service.name"}, kv{"severity_number", 9}, kv{"log", "x", "service.name", "from-body"}, checkout,
			"x", LevelInfo, "from-body"},
		{"group_by a record attribute before the resource", Reader{GroupBy: "service.name"}, kv{"attributes", kv{"service.name", "from-record"}}, kv{"log", "x"}, checkout,
			"x", LevelUnknown, "from-record"},
		{"group_by a scope attribute", Reader{GroupBy: "team"}, kv{"severity_number", 9}, kv{"log", "x"}, checkout,
			"x", LevelInfo, "payments"},
		{"group_by resource: prefix", Reader{GroupBy: "resource:host.name"}, kv{"severity_number", 9}, kv{"log", "x", "host.name", "body-host"}, checkout,
			"x", LevelInfo, "h1"},
		{"group_by scope: prefix", Reader{GroupBy: "scope:team"}, kv{"severity_number", 9}, kv{"log", "x"}, checkout,
			"x", LevelInfo, "payments"},
		{"group_by group: prefix", Reader{GroupBy: "group:scope.name"}, kv{"severity_number", 9}, kv{"log", "x"}, checkout,
			"x", LevelInfo, "app"},
		{"group_by metadata: prefix", Reader{GroupBy: "metadata:otlp.attributes.http.route"}, kv{"attributes", kv{"http.route", "/cart"}}, kv{"log", "x"}, checkout,
			"x", LevelUnknown, "/cart"},
		{"group_by body: prefix ignores the resource", Reader{GroupBy: "body:service.name"}, kv{"severity_number", 9}, kv{"log", "x"}, checkout,
			"x", LevelInfo, "tag"},
		{"group_by outside a group falls back to the tag", Reader{GroupBy: "resource:service.name"}, kv{"severity_number", 9}, kv{"log", "x"}, nil,
			"x", LevelInfo, "tag"},
		{"configured level key still lets the severity in", Reader{LevelKey: "lvl"}, kv{"severity_number", 17}, kv{"log", "x"}, nil,
			"x", LevelError, "tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := otlpEvent(t, tc.otlp, tc.body, tc.group)
			var rec Record
			tc.reader.ReadEvent(ev, "tag", &rec, nil)
			if rec.Message != tc.wantMsg || rec.Level != tc.wantLevel || rec.Stream != tc.wantStream {
				t.Fatalf("got (%q, %v, %q), want (%q, %v, %q)", rec.Message, rec.Level, rec.Stream, tc.wantMsg, tc.wantLevel, tc.wantStream)
			}
		})
	}
}

// Read, which has only a body, reads as before: no metadata, no group.
func TestReadIsReadEventWithoutMetadata(t *testing.T) {
	body, _ := chunk.NewBody(appendAny(nil, kv{"log", "x", "service.name", "svc"}))
	var a, b Record
	r := Reader{GroupBy: "service.name"}
	r.Read(body, "tag", &a, nil)
	r.ReadEvent(&chunk.Event{Body: body}, "tag", &b, nil)
	if a.Message != b.Message || a.Level != b.Level || a.Stream != "svc" || b.Stream != "svc" {
		t.Fatalf("Read %+v, ReadEvent %+v", a, b)
	}
}

func TestCheckKeyPath(t *testing.T) {
	for _, ok := range []string{"", "service", "kubernetes.container_name", "resource:service.name", "Resource:service.name", "metadata:otlp.severity_text", "group:scope.name", "scope:x", "body:log", "weird:colon"} {
		if err := CheckKeyPath(ok); err != nil {
			t.Errorf("CheckKeyPath(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"resource:", "scope:", "metadata:", "group:", "body:"} {
		if err := CheckKeyPath(bad); err == nil || !strings.Contains(err.Error(), "key") {
			t.Errorf("CheckKeyPath(%q) = %v, want an error", bad, err)
		}
	}
}

// Reading an OpenTelemetry record allocates no more than reading a body that holds the
// same message, level and stream key: the severity and the group are read in place.
func TestReadEventAllocatesNoMoreThanRead(t *testing.T) {
	group := kv{"resource", kv{"attributes", kv{"service.name", "checkout"}}}
	ev := otlpEvent(t, kv{"severity_number", 17, "severity_text", "ERROR", "attributes", kv{"http.route", "/cart"}}, kv{"log", "request handled in 12 ms"}, group)
	plainBody, _ := chunk.NewBody(appendAny(nil, kv{"log", "request handled in 12 ms", "level", "error", "service.name", "checkout"}))
	r := Reader{GroupBy: "service.name"}
	var rec Record
	scratch := make([]byte, 0, 256)
	withMeta := testing.AllocsPerRun(100, func() { scratch = r.ReadEvent(ev, "tag", &rec, scratch) })
	if rec.Level != LevelError || rec.Stream != "checkout" {
		t.Fatalf("read %+v", rec)
	}
	plain := testing.AllocsPerRun(100, func() { scratch = r.Read(plainBody, "tag", &rec, scratch) })
	if withMeta > plain {
		t.Fatalf("ReadEvent allocates %v per record, Read of the same fields %v", withMeta, plain)
	}
}

// appendAny is appendBody for any value an OpenTelemetry record holds.
func appendAny(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return chunk.AppendNil(dst)
	case string:
		return chunk.AppendString(dst, v)
	case int:
		return chunk.AppendInt(dst, int64(v))
	case float64:
		return chunk.AppendFloat64(dst, v)
	case []any:
		dst = chunk.AppendArrayHeader(dst, len(v))
		for _, e := range v {
			dst = appendAny(dst, e)
		}
		return dst
	case kv:
		dst = chunk.AppendMapHeader(dst, len(v)/2)
		for _, e := range v {
			dst = appendAny(dst, e)
		}
		return dst
	}
	panic(fmt.Sprintf("unsupported %T", v))
}

// TestOTLPAttributesAreFields reads an OpenTelemetry log record whose application's
// fields are attributes (a collector's json_parser puts them there): its text
// attributes are candidate categories and its numbers are in its message, as a JSON
// record's fields are; its HTTP request's are read once, as its method, path and status.
func TestOTLPAttributesAreFields(t *testing.T) {
	var r Reader
	var rec Record
	attrs := kv{"tenant", "acme", "duration_ms", 35, "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "http.request.method", "GET", "http.route", "/v1/items/{id}",
		"http.response.status_code", 403, "log.iostream", "stdout", "code.lineno", 88}
	ev := otlpEvent(t, kv{"severity_number", 9, "attributes", attrs}, kv{"log", "request completed"}, nil)
	r.ReadEvent(ev, "tag", &rec, nil)
	want := []Field{{Name: "method", Value: "GET"}, {Name: "path", Value: "/v1/items/{id}"}, {Name: "log.iostream", Value: "stdout"}, {Name: "tenant", Value: "acme"}}
	if !slices.Equal(rec.Fields, want) {
		t.Errorf("fields %q, want %q", rec.Fields, want)
	}
	if rec.Message != "request completed status_code=403 code.lineno=88 duration_ms=35" || rec.Level != LevelInfo {
		t.Errorf("message %q level %v", rec.Message, rec.Level)
	}
	// The same record as JSON: the same fields and numbers.
	r.Read(body(t, kv{"msg", "request completed", "tenant", "acme", "duration_ms", 35, "log.iostream", "stdout"}), "tag", &rec, nil)
	if fieldOf(&rec, "tenant") != "acme" || rec.Message != "request completed duration_ms=35" {
		t.Errorf("as JSON: fields %q message %q", rec.Fields, rec.Message)
	}
}

// TestOTLPRecordReadAsItsJSONLine reads the orders-api family's JSON lines twice: as
// `anomaly scan` reads a JSON line, and as Fluent Bit's opentelemetry input writes the
// same record sent by a collector whose json_parser moved its fields into attributes
// (the message the body, the level the severity text, the time the record's).
func TestOTLPRecordReadAsItsJSONLine(t *testing.T) {
	sameReading(t, familyLines(t, "orders-api", 3000), "as OTLP", func(r *Reader, m map[string]any, rec *Record) {
		attrs := sortedMembers(m, func(n json.Number) any {
			if i, err := n.Int64(); err == nil {
				return int(i)
			}
			f, _ := n.Float64()
			return f
		}, "ts", "level", "msg")
		r.ReadEvent(otlpEvent(t, kv{"severity_text", m["level"], "attributes", attrs}, kv{"log", m["msg"]}, nil), "tag", rec, nil)
	})
}

// TestNumbersWrittenAsText reads the orders-api family's JSON lines twice: as written,
// and with every number quoted, as a parser that types nothing writes one (Fluent Bit's
// logfmt, regex and ltsv parsers without Types) and as nginx's JSON log_format quotes
// "$status".
func TestNumbersWrittenAsText(t *testing.T) {
	sameReading(t, familyLines(t, "orders-api", 3000), "quoted", func(r *Reader, m map[string]any, rec *Record) {
		q := sortedMembers(m, func(n json.Number) any { return n.String() })
		r.Read(body(t, q), "tag", rec, nil)
	})
}

// sameReading reads each of lines, JSON objects, as `anomaly scan` reads a JSON line and
// as read reads it from its members (numbers as json.Number), and fails unless both give
// one message, level and set of fields: one record in another envelope.
func sameReading(t *testing.T, lines []families.Line, how string, read func(r *Reader, m map[string]any, rec *Record)) {
	t.Helper()
	var r Reader
	var asJSON, other Record
	for _, l := range lines {
		packed, ok := chunk.AppendJSONObject(nil, []byte(l.Text))
		if !ok {
			t.Fatalf("not a JSON object: %s", l.Text)
		}
		b, _ := chunk.NewBody(packed)
		r.Read(b, "tag", &asJSON, nil)
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(l.Text))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		read(&r, m, &other)
		if asJSON.Message != other.Message || asJSON.Level != other.Level || !slices.Equal(asJSON.Fields, other.Fields) {
			t.Fatalf("%s\nas JSON: %q %v %q\n%s: %q %v %q", l.Text, asJSON.Message, asJSON.Level, asJSON.Fields, how, other.Message, other.Level, other.Fields)
		}
	}
}

// sortedMembers returns the members of a decoded JSON object in the order of their names,
// its numbers as number makes them, without the members named in leave.
func sortedMembers(m map[string]any, number func(json.Number) any, leave ...string) kv {
	var out kv
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if slices.Contains(leave, k) {
			continue
		}
		if n, ok := m[k].(json.Number); ok {
			out = append(out, k, number(n))
		} else {
			out = append(out, k, m[k])
		}
	}
	return out
}

// familyLines returns the first n lines of an evaluation family (seed 1).
func familyLines(t *testing.T, name string, n int) []families.Line {
	t.Helper()
	for _, f := range families.All() {
		if f.Name == name {
			return f.Lines(1)[:n]
		}
	}
	t.Fatalf("no %s family", name)
	return nil
}

// TestOTLPRequestAttributes checks that an OpenTelemetry log record's HTTP attributes
// (semantic conventions, current and old names) give its method, route and status.
func TestOTLPRequestAttributes(t *testing.T) {
	var r Reader
	var rec Record
	ev := otlpEvent(t, kv{"severity_number", 9, "attributes", kv{"http.request.method", "GET", "http.route", "/api/items/{id}", "http.response.status_code", 503}}, kv{"log", "request completed"}, nil)
	r.ReadEvent(ev, "tag", &rec, nil)
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/api/items/{id}" {
		t.Errorf("fields %q, want GET /api/items/{id}", rec.Fields)
	}
	if rec.Message != "request completed status_code=503" || rec.Level != LevelError {
		t.Errorf("message %q level %v, want the status appended and an error", rec.Message, rec.Level)
	}
	ev = otlpEvent(t, kv{"severity_number", 9, "attributes", kv{"http.method", "POST", "http.target", "/v1/orders/55?x=1", "http.status_code", 201}}, kv{"log", "created"}, nil)
	r.ReadEvent(ev, "tag", &rec, nil)
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/v1/orders/#" || rec.Level != LevelInfo {
		t.Errorf("old names: fields %q level %v", rec.Fields, rec.Level)
	}
}
