package engine

import (
	"strings"
	"unsafe"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
)

// autoMessageKeys are tried in order when message_key is auto: Fluent Bit's tail and
// Docker/CRI parsers write log, most JSON loggers message or msg, journald MESSAGE, GELF
// short_message, Serilog @m.
var autoMessageKeys = []string{"log", "message", "msg", "MESSAGE", "Message", "short_message", "@m", "text"}

// autoLevelKeys are tried in order when level_key is auto; numeric values (syslog
// PRIORITY, bunyan levels) are understood by detect.ParseLevel.
var autoLevelKeys = []string{"level", "severity", "lvl", "loglevel", "log_level", "levelname", "log.level", "PRIORITY", "priority", "@l", "severity_text", "SeverityText"}

// statusKeys hold the HTTP status of access log records (Fluent Bit's nginx and apache
// parsers write code, Envoy response_code, OpenTelemetry http.response.status_code);
// a record with no level takes the status's level (detect.StatusLevel).
var statusKeys = []string{"status", "code", "status_code", "statusCode", "response_code", "http_status", "http.response.status_code", "http.status_code"}

// embeddedMessageKeys are looked up inside a JSON document found in the message, as
// Docker writes an application's JSON line into log.
var embeddedMessageKeys = []string{"msg", "message", "log", "MESSAGE", "@m"}

// maxFallbackMessage bounds the text built from a record with no message key.
const maxFallbackMessage = 2048

// maxNumberFields caps the numeric fields appended to a structured record's message.
const maxNumberFields = 4

// timeKeys name fields that hold the record's time, not a measurement.
var timeKeys = []string{"time", "ts", "timestamp", "@timestamp", "@t", "t", "date", "datetime", "epoch", "time_unix_nano"}

// IsTimeKey reports whether a field named k holds the record's time (case-insensitive):
// it is never watched as a measurement, and a log file's JSON lines take their event
// time from it.
func IsTimeKey(k string) bool {
	for _, name := range timeKeys {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// fieldReader finds what the detector needs in a record body.
type fieldReader struct {
	messageKey    string // "" = auto
	levelKey      string // "" = auto
	groupBy       string // "" = the tag
	annotationKey string
}

// read returns what the detector needs of a record: its message, its level and the
// name of its stream. scratch is reused between calls and returned grown.
func (r *fieldReader) read(body chunk.Body, tag string, scratch []byte) (msg string, lvl detect.Level, stream string, _ []byte) {
	var doc []byte
	msg, doc, scratch = r.message(body, scratch)
	lvl, scratch = r.level(body, doc, msg, scratch)
	return msg, lvl, r.stream(body, tag), scratch
}

// message returns the record's log message, with a trailing newline removed (Docker and
// CRI keep it), and the JSON document it was embedded in, if any. A record without a
// message key is described by its scalar fields, "key=value key=value", so structured
// logs with no message still get a template and numeric features.
func (r *fieldReader) message(body chunk.Body, scratch []byte) (msg string, doc []byte, _ []byte) {
	keys := autoMessageKeys
	if r.messageKey != "" {
		keys = []string{r.messageKey}
	}
	for _, k := range keys {
		v, ok := body.Lookup(k)
		if !ok || v.Kind() == chunk.MapValue || v.Kind() == chunk.ArrayValue {
			continue // ECS writes log as a map ({"log": {"level": ...}}): not a message
		}
		text, isText := v.Bytes()
		if !isText {
			scratch = v.AppendText(scratch[:0])
			text = scratch
		}
		text = trimNewline(text)
		if chunk.LooksLikeJSONObject(text) {
			for _, ek := range embeddedMessageKeys {
				if jv, ok := chunk.LookupJSON(text, ek); ok {
					m := trimNewline(jv.AppendText(nil))
					return string(r.appendJSONNumbers(m, text, ek)), text, scratch
				}
			}
		}
		if r.numbersIn(body, k) {
			return string(r.appendNumbers(append([]byte(nil), text...), body, k)), nil, scratch
		}
		return string(text), nil, scratch
	}
	if r.messageKey != "" {
		// The configured key is absent from this record: look for it in embedded JSON.
		if f, ok := body.Find(r.messageKey, autoMessageKeys...); ok {
			return string(trimNewline(f.AppendText(nil))), nil, scratch
		}
	}
	return r.describe(body), nil, scratch
}

// A structured record keeps its measurements beside its message ({"msg": "request
// handled", "duration_ms": 9000}); appendNumbers and appendJSONNumbers add up to
// maxNumberFields of its numeric fields to the message as " key=value", so that they get
// a place in the template and the numeric feature watches them. Time and level fields
// and the annotation are left out.

// numbersIn reports whether body has a numeric field appendNumbers would add, so that
// records without one keep the message without a copy.
func (r *fieldReader) numbersIn(body chunk.Body, messageKey string) bool {
	found := false
	body.Range(func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		found = r.isMeasurement(transient(k), v.Kind(), messageKey)
		return !found
	})
	return found
}

func (r *fieldReader) appendNumbers(msg []byte, body chunk.Body, messageKey string) []byte {
	n := 0
	body.Range(func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		if r.isMeasurement(transient(k), v.Kind(), messageKey) {
			msg = append(append(append(msg, ' '), k...), '=')
			msg = v.AppendText(msg)
			n++
		}
		return n < maxNumberFields
	})
	return msg
}

func (r *fieldReader) appendJSONNumbers(msg, doc []byte, messageKey string) []byte {
	n := 0
	chunk.RangeJSON(doc, func(name []byte, escaped bool, v chunk.JSONValue) bool {
		if v.IsNumber() && !escaped && r.isMeasurement(transient(name), chunk.FloatValue, messageKey) {
			msg = append(append(append(msg, ' '), name...), '=')
			msg = append(msg, v.Raw()...)
			n++
		}
		return n < maxNumberFields
	})
	return msg
}

// isMeasurement reports whether a field named k of this kind is a number worth
// watching: not the message, the level, the time or the annotation. k may be
// transient.
func (r *fieldReader) isMeasurement(k string, kind chunk.ValueKind, messageKey string) bool {
	if kind != chunk.IntValue && kind != chunk.FloatValue {
		return false
	}
	if k == "" || k == messageKey || k == r.levelKey {
		return false
	}
	if r.isAnnotation(k) {
		return false
	}
	for _, name := range autoLevelKeys {
		if strings.EqualFold(k, name) {
			return false
		}
	}
	return !IsTimeKey(k)
}

// isAnnotation reports whether the field k is this plugin's annotation (the map, or a
// flattened key): a record annotated upstream keeps its annotation out of its message.
func (r *fieldReader) isAnnotation(k string) bool {
	a := r.annotationKey
	return a != "" && strings.HasPrefix(k, a) && (len(k) == len(a) || k[len(a)] == '_')
}

func (r *fieldReader) describe(body chunk.Body) string {
	var b strings.Builder
	body.Range(func(key, v chunk.Value) bool {
		switch v.Kind() {
		case chunk.MapValue, chunk.ArrayValue, chunk.InvalidValue:
			return true
		}
		k := key.Text()
		if r.isAnnotation(k) {
			return true
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v.Text())
		return b.Len() < maxFallbackMessage
	})
	s := b.String()
	if len(s) > maxFallbackMessage {
		s = s[:maxFallbackMessage]
	}
	return s
}

// level returns the record's level from its level field, from the JSON document its
// message came from, from level words at the start of the message (or an access log
// line's status), or from an HTTP status field.
func (r *fieldReader) level(body chunk.Body, doc []byte, msg string, scratch []byte) (detect.Level, []byte) {
	keys := autoLevelKeys
	if r.levelKey != "" {
		keys = []string{r.levelKey}
	}
	l, scratch := fieldLevel(body, doc, keys, detect.ParseLevel, scratch)
	if l != detect.LevelUnknown {
		return l, scratch
	}
	if l := detect.LevelInText(msg); l != detect.LevelUnknown {
		return l, scratch
	}
	return fieldLevel(body, doc, statusKeys, detect.ParseStatus, scratch)
}

// fieldLevel returns the first level parse finds in the fields keys of body, then of
// the JSON document doc (nil when none).
func fieldLevel(body chunk.Body, doc []byte, keys []string, parse func(string) detect.Level, scratch []byte) (detect.Level, []byte) {
	for _, k := range keys {
		if v, ok := body.Lookup(k); ok {
			scratch = v.AppendText(scratch[:0])
			if l := parse(transient(scratch)); l != detect.LevelUnknown {
				return l, scratch
			}
		}
	}
	if doc == nil {
		return detect.LevelUnknown, scratch
	}
	for _, k := range keys {
		if jv, ok := chunk.LookupJSON(doc, k); ok {
			scratch = jv.AppendText(scratch[:0])
			if l := parse(transient(scratch)); l != detect.LevelUnknown {
				return l, scratch
			}
		}
	}
	return detect.LevelUnknown, scratch
}

// stream returns the name of the stream a record belongs to: the tag, or the group_by
// field's value (the tag when the record lacks it).
func (r *fieldReader) stream(body chunk.Body, tag string) string {
	if r.groupBy == "" {
		return tag
	}
	if f, ok := body.Find(r.groupBy, "log"); ok {
		if s := f.Text(); s != "" {
			return s
		}
	}
	return tag
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// transient views b as a string for a call that does not keep it, avoiding a copy per
// record.
func transient(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
