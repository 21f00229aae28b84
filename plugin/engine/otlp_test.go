package engine

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// OpenTelemetry logs as Fluent Bit's opentelemetry input hands them on: one group per
// scope of each resource (start marker, records, end marker). The two decoders of the
// input write different msgpack forms of the same layout, and otlpChunk writes either:
//
//   - OTLP/JSON (src/opentelemetry/flb_opentelemetry_logs.c) goes through the log event
//     encoder's dynamic fields, which write every map and array with a 32-bit header;
//     the metadata holds only what the request had (severityNumber copied as sent).
//   - OTLP/protobuf (plugins/in_opentelemetry/opentelemetry_logs.c) packs the attribute
//     and body maps with the shortest headers, always writes trace_flags, the record's
//     timestamp and the resource's schema_url, and keeps only severity numbers 1 to 24.
//
// testdata/otlp-*.msgpack are chunks Fluent Bit 5.1.1 wrote (out_file, format msgpack) for
// the requests of otlpCaptured; TestOTLPChunksAreFluentBits checks that otlpChunk writes
// the same bytes.

type otlpForm int

const (
	otlpJSON otlpForm = iota
	otlpProtobuf
)

// noBody is the body of a log record that has none.
type noBody struct{}

type otlpLog struct {
	at       time.Time
	observed time.Time
	// number is severityNumber as the sender wrote it: an int, or (OTLP/JSON) a string;
	// nil when absent.
	number any
	text   string
	attrs  kv
	// traceID and spanID are the decoded ids (16 and 8 bytes).
	traceID, spanID []byte
	// flags is traceFlags, an int; nil when absent (protobuf writes 0 then).
	flags any
	// body is the log record's body: a string, number, bool, []any (array), kv (kvlist),
	// nil (protobuf: unset value) or noBody.
	body any
}

type otlpScope struct {
	name, version string
	logs          []otlpLog
}

type otlpResource struct {
	attrs  kv
	scopes []otlpScope
}

func appendMap32(dst []byte, n int) []byte {
	return binary.BigEndian.AppendUint32(append(dst, 0xdf), uint32(n))
}

func appendArray32(dst []byte, n int) []byte {
	return binary.BigEndian.AppendUint32(append(dst, 0xdd), uint32(n))
}

// otlpValue appends an OTLP value; long says whether maps and arrays get 32-bit headers.
func otlpValue(dst []byte, v any, long bool) []byte {
	switch v := v.(type) {
	case nil:
		return chunk.AppendNil(dst)
	case string:
		return chunk.AppendString(dst, v)
	case int:
		return chunk.AppendInt(dst, int64(v))
	case float64:
		return chunk.AppendFloat64(dst, v)
	case bool:
		return chunk.AppendBool(dst, v)
	case []byte:
		return chunk.AppendBinary(dst, v)
	case []any:
		if long {
			dst = appendArray32(dst, len(v))
		} else {
			dst = chunk.AppendArrayHeader(dst, len(v))
		}
		for _, e := range v {
			dst = otlpValue(dst, e, long)
		}
		return dst
	case kv:
		if long {
			dst = appendMap32(dst, len(v)/2)
		} else {
			dst = chunk.AppendMapHeader(dst, len(v)/2)
		}
		for i := 0; i < len(v); i += 2 {
			dst = chunk.AppendString(dst, v[i].(string))
			dst = otlpValue(dst, v[i+1], long)
		}
		return dst
	}
	panic(fmt.Sprintf("unsupported %T", v))
}

// otlpHeader appends [[EventTime, metadata]; the caller appends the body.
func otlpHeader(dst []byte, sec, nsec uint32) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendArrayHeader(dst, 2)
	return chunk.AppendEventTime(dst, sec, nsec)
}

// otlpChunk writes what the opentelemetry input appends for one export request.
func otlpChunk(form otlpForm, resources ...otlpResource) []byte {
	long := form == otlpJSON
	var dst []byte
	for ri, res := range resources {
		for si, sc := range res.scopes {
			if len(sc.logs) == 0 {
				continue // both decoders drop a scope without records
			}
			dst = otlpHeader(dst, math.MaxUint32, 0)
			dst = otlpValue(dst, kv{"schema", "otlp", "resource_id", ri, "scope_id", si}, true)
			resource := kv{}
			if len(res.attrs) > 0 {
				resource = append(resource, "attributes", res.attrs)
			}
			if form == otlpProtobuf {
				resource = append(resource, "schema_url", "")
			}
			scope := kv{}
			if sc.name != "" {
				scope = append(scope, "name", sc.name)
			}
			if sc.version != "" {
				scope = append(scope, "version", sc.version)
			}
			dst = appendMap32(dst, 1+btoi(form == otlpProtobuf || len(scope) > 0))
			dst = chunk.AppendString(dst, "resource")
			dst = appendMap32(dst, len(resource)/2)
			for i := 0; i < len(resource); i += 2 {
				dst = chunk.AppendString(dst, resource[i].(string))
				dst = otlpValue(dst, resource[i+1], long)
			}
			if form == otlpProtobuf || len(scope) > 0 {
				dst = chunk.AppendString(dst, "scope")
				dst = otlpValue(dst, scope, true)
			}
			for _, l := range sc.logs {
				dst = otlpRecord(dst, form, l)
			}
			dst = otlpHeader(dst, math.MaxUint32-1, 0)
			dst = appendMap32(appendMap32(dst, 0), 0)
		}
	}
	return dst
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func otlpRecord(dst []byte, form otlpForm, l otlpLog) []byte {
	long := form == otlpJSON
	dst = otlpHeader(dst, uint32(l.at.Unix()), uint32(l.at.Nanosecond()))
	md := kv{}
	if !l.observed.IsZero() {
		md = append(md, "observed_timestamp", int(l.observed.UnixNano()))
	}
	if form == otlpProtobuf {
		md = append(md, "timestamp", int(l.at.UnixNano()))
	}
	switch n := l.number.(type) {
	case int:
		if form == otlpJSON || n >= 1 && n <= 24 {
			md = append(md, "severity_number", n)
		}
	case string:
		md = append(md, "severity_number", n)
	}
	if l.text != "" {
		md = append(md, "severity_text", l.text)
	}
	if l.attrs != nil {
		md = append(md, "attributes", l.attrs)
	}
	if l.traceID != nil {
		md = append(md, "trace_id", l.traceID)
	}
	if l.spanID != nil {
		md = append(md, "span_id", l.spanID)
	}
	switch {
	case l.flags != nil:
		md = append(md, "trace_flags", l.flags)
	case form == otlpProtobuf:
		md = append(md, "trace_flags", 0)
	}
	dst = appendMap32(dst, 1)
	dst = chunk.AppendString(dst, "otlp")
	dst = appendMap32(dst, len(md)/2)
	for i := 0; i < len(md); i += 2 {
		dst = chunk.AppendString(dst, md[i].(string))
		dst = otlpValue(dst, md[i+1], long)
	}
	switch b := l.body.(type) {
	case noBody:
		if form == otlpJSON {
			return appendMap32(dst, 0)
		}
		return otlpValue(dst, kv{"log", nil}, false)
	case kv:
		return otlpValue(dst, b, long)
	}
	if long {
		return otlpValue(chunk.AppendString(appendMap32(dst, 1), "log"), l.body, true)
	}
	return otlpValue(dst, kv{"log", l.body}, false)
}
