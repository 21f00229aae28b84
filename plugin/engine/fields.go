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

// embeddedMessageKeys are looked up inside a JSON document found in the message, as
// Docker writes an application's JSON line into log.
var embeddedMessageKeys = []string{"msg", "message", "log", "MESSAGE", "@m"}

// maxFallbackMessage bounds the text built from a record with no message key.
const maxFallbackMessage = 2048

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
					return string(trimNewline(jv.AppendText(nil))), text, scratch
				}
			}
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

func (r *fieldReader) describe(body chunk.Body) string {
	var b strings.Builder
	body.Range(func(key, v chunk.Value) bool {
		switch v.Kind() {
		case chunk.MapValue, chunk.ArrayValue, chunk.InvalidValue:
			return true
		}
		k := key.Text()
		if k == r.annotationKey || strings.HasPrefix(k, r.annotationKey+"_") {
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
// message came from, or from level words at the start of the message.
func (r *fieldReader) level(body chunk.Body, doc []byte, msg string, scratch []byte) (detect.Level, []byte) {
	keys := autoLevelKeys
	if r.levelKey != "" {
		keys = []string{r.levelKey}
	}
	for _, k := range keys {
		if v, ok := body.Lookup(k); ok {
			scratch = v.AppendText(scratch[:0])
			if l := detect.ParseLevel(transient(scratch)); l != detect.LevelUnknown {
				return l, scratch
			}
		}
	}
	if doc != nil {
		for _, k := range keys {
			if jv, ok := chunk.LookupJSON(doc, k); ok {
				scratch = jv.AppendText(scratch[:0])
				if l := detect.ParseLevel(transient(scratch)); l != detect.LevelUnknown {
					return l, scratch
				}
			}
		}
	}
	return detect.LevelInText(msg), scratch
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
