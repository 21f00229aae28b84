package record

import (
	"errors"
	"slices"
	"strings"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// OpenTelemetry logs, as Fluent Bit's opentelemetry input writes them (plugins/
// in_opentelemetry/opentelemetry_logs.c for OTLP/protobuf, src/opentelemetry/
// flb_opentelemetry_logs.c for OTLP/JSON), keep little in the record body:
//
//   - body: a kvlist body is the body map itself; any other body (string, number, bool,
//     bytes, array; unset from protobuf, as nil) is wrapped as {"log": value}, or under
//     the input's logs_body_key when one is set (then a kvlist body is wrapped too); a
//     record without a body from OTLP/JSON has the body {};
//   - metadata: {"otlp": {"severity_number": 17, "severity_text": "ERROR",
//     "attributes": {...}, "trace_id": bin, "span_id": bin, "trace_flags": 1,
//     "timestamp": ns, "observed_timestamp": ns, "event_name": ...}}, each key only when
//     the log record has it;
//   - group start before the records of each scope: metadata {"schema": "otlp",
//     "resource_id": i, "scope_id": j}, attributes {"resource": {"attributes": {...}},
//     "scope": {"name": ..., "version": ..., "attributes": {...}}}.
//
// So the severity of an OTLP record is in its metadata and its service.name in its
// group: Read would see an ERROR record as one without a level, and one stream for every
// service. ReadEvent reads them there.

// otlpMetadataKey is the metadata key of the OpenTelemetry fields of a log record. The
// OTLP/JSON path always writes it; the protobuf path writes the input's
// logs_metadata_key, "otlp" unless renamed.
const otlpMetadataKey = "otlp"

// otlpRecord returns the OpenTelemetry fields of an event's metadata.
func otlpRecord(metadata chunk.Body) (chunk.Body, bool) {
	if metadata.Len() == 0 {
		return chunk.Body{}, false
	}
	v, ok := metadata.Get(otlpMetadataKey)
	if !ok {
		return chunk.Body{}, false
	}
	return v.Map()
}

// SeverityNumberLevel maps an OpenTelemetry severity number to a level by the ranges of
// the OpenTelemetry log data model: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warning,
// 17-20 error, 21-24 fatal (critical here, as ParseLevel reads "fatal"). 0 (unspecified)
// and anything out of range are LevelUnknown.
func SeverityNumberLevel(n int64) Level {
	if n < 1 || n > 24 {
		return LevelUnknown
	}
	return severityRanges[(n-1)/4]
}

var severityRanges = [6]Level{LevelTrace, LevelDebug, LevelInfo, LevelWarning, LevelError, LevelCritical}

// otlpLevel returns the level an OpenTelemetry log record's metadata gives:
// severity_number when it is one of 1 to 24, else severity_text.
func otlpLevel(otlp chunk.Body) Level {
	if v, ok := otlp.Get("severity_number"); ok {
		if l := severityNumberValue(v); l != LevelUnknown {
			return l
		}
	}
	if v, ok := otlp.Get("severity_text"); ok {
		if b, ok := v.Bytes(); ok {
			return severityText(transient(b))
		}
	}
	return LevelUnknown
}

// severityNumberValue reads severity_number: an integer from protobuf, and whatever the
// sender wrote from OTLP/JSON, which Fluent Bit copies as is: a number, a number in a
// string, or the enum's name ("SEVERITY_NUMBER_ERROR", as protobuf's JSON mapping allows).
func severityNumberValue(v chunk.Value) Level {
	switch v.Kind() {
	case chunk.IntValue:
		n, _ := v.Int()
		return SeverityNumberLevel(n)
	case chunk.FloatValue:
		f, _ := v.Float()
		if f >= 1 && f <= 24 && f == float64(int64(f)) {
			return SeverityNumberLevel(int64(f))
		}
		return LevelUnknown
	case chunk.StringValue:
		b, _ := v.Bytes()
		s := transient(b)
		if name, ok := strings.CutPrefix(s, "SEVERITY_NUMBER_"); ok {
			return severityText(name)
		}
		if len(s) == 0 || len(s) > 2 || !allDigitsIn(s) {
			return LevelUnknown
		}
		n := int64(0)
		for i := 0; i < len(s); i++ {
			n = n*10 + int64(s[i]-'0')
		}
		return SeverityNumberLevel(n)
	}
	return LevelUnknown
}

// severityText reads a severity text: any level word ParseLevel knows, and the short
// names of the OpenTelemetry severity numbers, which number the steps of a range
// ("WARN2", "ERROR3").
func severityText(s string) Level {
	if l := ParseLevel(s); l != LevelUnknown {
		return l
	}
	if n := len(s); n > 2 && s[n-1] >= '2' && s[n-1] <= '4' && !hasDigit(s[:n-1]) {
		return ParseLevel(s[:n-1])
	}
	return LevelUnknown
}

// keySource is where a key path (group_by, event_keys) is looked up.
type keySource uint8

const (
	// fromRecord: the body, then the OpenTelemetry attributes of the record, of its scope
	// and of its resource.
	fromRecord keySource = iota
	fromBody
	fromMetadata
	fromGroup
	fromResource
	fromScope
)

// keyPathPrefixes name the places a key path can be pinned to. They follow the contexts
// of Fluent Bit's routing conditions (body, metadata, group attributes,
// otel_resource_attributes, otel_scope_attributes), shortened.
var keyPathPrefixes = [...]struct {
	prefix string
	source keySource
}{
	{"body:", fromBody},
	{"metadata:", fromMetadata},
	{"group:", fromGroup},
	{"resource:", fromResource},
	{"scope:", fromScope},
}

// parseKeyPath splits a key path into where its key is looked up and the key.
func parseKeyPath(s string) (keySource, string) {
	for _, p := range keyPathPrefixes {
		if len(s) >= len(p.prefix) && strings.EqualFold(s[:len(p.prefix)], p.prefix) {
			return p.source, s[len(p.prefix):]
		}
	}
	return fromRecord, s
}

// CheckKeyPath reports what is wrong with a key path (group_by other than tag, an
// event key): a key, dots between the names of nested maps, or body:, metadata:,
// group:, resource: or scope: followed by one.
func CheckKeyPath(s string) error {
	if source, key := parseKeyPath(s); key == "" && source != fromRecord {
		return errors.New("a prefix needs a key after it")
	}
	return nil
}

// findKeyPath looks up a key path in an event: where its prefix says, or, without one,
// in the body (and JSON embedded in its log, as Docker writes it), then in the
// OpenTelemetry attributes from the most specific: the log record's, its scope's, its
// resource's. So `group_by service.name` finds the resource attribute of OTLP records and
// a field of others.
func findKeyPath(ev *chunk.Event, otlp chunk.Body, path string) (chunk.Field, bool) {
	source, key := parseKeyPath(path)
	switch source {
	case fromBody:
		return ev.Body.Find(key, "log")
	case fromMetadata:
		return findIn(ev.Metadata, key)
	case fromGroup:
		return findIn(ev.GroupAttributes, key)
	case fromResource:
		return findIn(otelAttributes(ev.GroupAttributes, "resource"), key)
	case fromScope:
		return findIn(otelAttributes(ev.GroupAttributes, "scope"), key)
	}
	if f, ok := ev.Body.Find(key, "log"); ok {
		return f, true
	}
	if v, ok := otlp.Get("attributes"); ok {
		if attrs, ok := v.Map(); ok {
			if f, ok := findIn(attrs, key); ok {
				return f, true
			}
		}
	}
	if f, ok := findIn(otelAttributes(ev.GroupAttributes, "scope"), key); ok {
		return f, true
	}
	return findIn(otelAttributes(ev.GroupAttributes, "resource"), key)
}

// findIn is Lookup as a Field, without the embedded JSON of Find: metadata and group
// attributes are structured already.
func findIn(b chunk.Body, key string) (chunk.Field, bool) {
	if b.Len() == 0 {
		return chunk.Field{}, false
	}
	return b.Find(key)
}

// otelAttributes returns the attributes of the resource or the scope ("resource",
// "scope") of a group's attributes as Fluent Bit's opentelemetry input writes them.
func otelAttributes(group chunk.Body, of string) chunk.Body {
	if group.Len() == 0 {
		return chunk.Body{}
	}
	v, ok := group.Path(of, "attributes")
	if !ok {
		return chunk.Body{}
	}
	attrs, _ := v.Map()
	return attrs
}

// otlpWrapped returns the value of an OpenTelemetry body that Fluent Bit wrapped in a map
// of one pair and that is a container: an array body ({"log": [...]}), whose message is
// its JSON, or a kvlist body under the input's logs_body_key ({"payload": {"msg": ...}}),
// whose message is read from it as from a body. Scalar bodies ({"log": "text"}) are read
// as any record's message.
func otlpWrapped(body chunk.Body) (chunk.Value, bool) {
	if body.Len() != 1 {
		return chunk.Value{}, false
	}
	var wrapped chunk.Value
	body.Range(func(_, v chunk.Value) bool {
		wrapped = v
		return false
	})
	switch wrapped.Kind() {
	case chunk.ArrayValue, chunk.MapValue:
		return wrapped, true
	}
	return chunk.Value{}, false
}

// The attributes of an OpenTelemetry log record that name its HTTP request, in the
// semantic conventions' names (old ones too), read by otlpRequestFields and otlpStatus.
var (
	otlpMethodKeys = []string{"http.request.method", "http.method"}
	otlpRouteKeys  = []string{"http.route", "url.path", "http.target"}
	otlpStatusKeys = []string{"http.response.status_code", "http.status_code"}
)

// otlpRequestKey reports whether an attribute named k is one of the HTTP request's.
func otlpRequestKey(k string) bool {
	return slices.Contains(otlpMethodKeys, k) || slices.Contains(otlpRouteKeys, k) || slices.Contains(otlpStatusKeys, k)
}

// otlpAttributes returns the attributes of an OpenTelemetry log record (its metadata's
// otlp map), empty when it has none.
func otlpAttributes(otlp chunk.Body) chunk.Body {
	if otlp.Len() == 0 {
		return chunk.Body{}
	}
	v, ok := otlp.Get("attributes")
	if !ok {
		return chunk.Body{}
	}
	attrs, _ := v.Map()
	return attrs
}

// otlpRequestFields adds the HTTP request an OpenTelemetry log record's attributes
// describe: its method and route are the record's method and path, as a request line's
// are.
func otlpRequestFields(attrs chunk.Body, rec *Record) {
	if attrs.Len() == 0 || len(rec.Fields)+2 > maxFieldCandidates || rec.HasField("method") {
		return
	}
	text := func(keys []string) string {
		for _, k := range keys {
			if v, ok := attrs.Get(k); ok && v.Kind() == chunk.StringValue {
				b, _ := v.Bytes()
				return transient(b)
			}
		}
		return ""
	}
	addNestedRequest(text(otlpMethodKeys), text(otlpRouteKeys), rec)
}

// otlpStatus appends to msg the HTTP status an OpenTelemetry log record's attributes
// hold, as a numeric field is appended (a 5xx makes the record an error). It returns msg.
func otlpStatus(attrs chunk.Body, msg string) string {
	for _, k := range otlpStatusKeys {
		if v, ok := attrs.Get(k); ok && isNumber(v) {
			return string(v.AppendText(append([]byte(msg), " status_code="...)))
		}
	}
	return msg
}

// appendAttributeNumbers appends to msg the numbers of an OpenTelemetry log record's
// attributes, as a record's numeric fields are appended to its message (appendNumbers):
// attributes are the record's fields (a collector's json_parser puts an application's
// JSON fields there). The HTTP request's are read apart (otlpStatus). It returns msg.
func (r *Reader) appendAttributeNumbers(attrs chunk.Body, msg string) string {
	var set numberSet
	attrs.Range(func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		if !otlpRequestKey(transient(k)) && r.isMeasurement(transient(k), v, "") {
			set.add(transient(k), v, nil, false)
		}
		return !set.full()
	})
	if set.n == 0 {
		return msg
	}
	return string(set.appendTo([]byte(msg)))
}
