package record

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// autoMessageKeys are tried in order when message_key is auto: Fluent Bit's tail and
// Docker/CRI parsers write log, most JSON loggers message or msg, journald MESSAGE, GELF
// short_message, Serilog @m (or, in a compact log event without it, the message template
// @mt; its JsonFormatter's RenderedMessage and MessageTemplate likewise), HashiCorp's
// hclog (Vault, Consul, Nomad with log_format json) @message, Python's structlog event.
var autoMessageKeys = []string{"log", "message", "msg", "MESSAGE", "Message", "short_message", "@m", "@message", "RenderedMessage", "text", "@mt", "MessageTemplate", "event"}

// detailMessageKey is where Rust's tracing-subscriber writes its JSON event's message,
// among the event's fields: looked up only when no message key is found, as few records
// have it and every record would pay for it in autoMessageKeys.
const detailMessageKey = "fields.message"

// autoLevelKeys are tried in order when level_key is auto; numeric values (syslog
// PRIORITY, bunyan levels) are understood by ParseLevel.
var autoLevelKeys = append(levelKeys[:len(levelKeys):len(levelKeys)], mongoLevelKey)

// levelKeys name nothing but a level. LogLevel is .NET's JSON console formatter's;
// level_value is the number logstash-logback-encoder writes beside its level (20000 for
// INFO), a level and no measurement. Level is Serilog's JsonFormatter's and Windows'
// (see windows.go); @level hclog's.
var levelKeys = []string{"level", "severity", "lvl", "loglevel", "log_level", "levelname", "log.level", "PRIORITY", "priority", "@l", "severity_text", "SeverityText",
	"LogLevel", "level_value", windowsLevelKey, "@level"}

// mongoLevelKey is MongoDB's level field (its structured log since 4.4: `"s": "W"`, F E W
// I D1-D5). A name this short means other things in other logs ("s": 3 seconds), so
// only a letter level is read from it (letterLevelText), and it stays a field like any
// other.
const mongoLevelKey = "s"

// letterLevelText reports whether s is a one-letter level, or one with a digit after it
// (MongoDB's D1 to D5).
func letterLevelText(s string) bool {
	return len(s) >= 1 && len(s) <= 2 && isASCIILetter(s[0]) && (len(s) == 1 || s[1] >= '1' && s[1] <= '5')
}

// priorityKeys hold a syslog PRI (facility × 8 + severity), as Fluent Bit's syslog-rfc5424
// and syslog-rfc3164 parsers write it.
var priorityKeys = []string{"pri"}

// statusKeys hold the HTTP status of access log records (Fluent Bit's nginx and apache
// parsers write code, Envoy response_code, OpenTelemetry http.response.status_code,
// Traefik's JSON access log DownstreamStatus, the status its client got, IIS's W3C log
// sc-status, a Kubernetes audit event responseStatus.code); a record with no level takes
// the status's level (StatusLevel). A status pair in a message is found whatever case
// and separators its key is written with (StatusKey); a field is looked up as spelled.
var statusKeys = []string{"status", "code", "status_code", "statusCode", "response_code", "http_status", "http.response.status_code", "http.status_code",
	"DownstreamStatus", "sc-status", "responseStatus.code", "response.status", "EdgeResponseStatus"}

// StatusKey reports whether key names a field that holds an HTTP status (statusKeys),
// its case and the separators between its words ignored (FoldName): a status is a
// category, whatever number it is written as, and ASP.NET Core's StatusCode is
// statusCode spelled by another convention.
func StatusKey(key string) bool {
	var buf [32]byte
	folded, ok := appendFoldedName(buf[:0], key)
	if !ok || len(folded) == 0 || !statusKeyShapes.may(folded[0], len(folded)) {
		return false // most keys before a number of three digits: no lookup
	}
	_, ok = foldedStatusKeys[transient(folded)]
	return ok
}

// foldedStatusKeys holds statusKeys folded (FoldName), statusKeyShapes their shapes.
var foldedStatusKeys, statusKeyShapes = func() (map[string]struct{}, wordShapes) {
	m, shapes := map[string]struct{}{}, wordShapes{}
	for _, k := range statusKeys {
		f := FoldName(k)
		m[f] = struct{}{}
		if !shapes.add(f) {
			panic("record: a status key of more than 63 bytes")
		}
	}
	return m, shapes
}()

// Record is what the detector reads of one log record.
type Record struct {
	// Message is the log message with the header before its level word cut off: time
	// stamps, hosts and pids say nothing of the event, so the template, the length, the
	// tokens and the alarm words are taken from what follows ("Kernel panic detected"
	// of "2024-01-01 10:00:35 CRITICAL Kernel panic detected"). A raw syslog line loses
	// its time and host ("sshd[1247]: Accepted ..." of "Mar 19 10:00:03 web-a
	// sshd[1247]: Accepted ...") and a container runtime's line its CRI prefix (see
	// headers.go). Another message without a level word in its header is kept whole.
	Message string
	// Level is the record's severity (LevelUnknown when none was found).
	Level Level
	// LevelFromStatus reports that Level is an HTTP status's (StatusLevel): the record
	// has no level of its own, an access log line.
	LevelFromStatus bool
	// Time is the record's event time; the zero time when unknown.
	Time time.Time
	// Stream names the stream (model) the record belongs to: the tag or the group_by
	// value.
	Stream string
	// Fields are the record's short text fields beside its message (method, path,
	// component; at most maxTextFields), digits folded to '#' so that ids in paths do not
	// make each value unique. Their strings are valid until the next Read into the record.
	Fields []Field

	buf []byte // holds the folded field values
	// linkBuf holds the text fields kept to be read for identifiers (AppendLinks), each
	// ending at its offset in linkEnds.
	linkBuf  []byte
	linkEnds []int32
}

// Field is a text field of a record.
type Field struct {
	Name, Value string
	// Event reports that the field is one of the configured event keys
	// (Reader.EventKeys): a category whatever it holds.
	Event bool
}

// String writes the field as name=value.
func (f Field) String() string { return f.Name + "=" + f.Value }

// embeddedMessageKeys are looked up inside a JSON document found in the message, as
// Docker writes an application's JSON line into log.
var embeddedMessageKeys = []string{"msg", "message", "log", "MESSAGE", "@m", "@mt", "event"}

// maxFallbackMessage bounds the text built from a record with no message key.
const maxFallbackMessage = 2048

// maxNumberFields caps the numeric fields appended to a structured record's message.
const maxNumberFields = 4

// timeKeys name fields that hold the record's time, not a measurement. The last two are
// journald's (`journalctl -o json`): when journald received the entry, and when its
// sender says the event happened, both microseconds since the epoch written as strings.
var timeKeys = []string{"time", "ts", "timestamp", "@timestamp", "@t", "t", "date", "datetime", "epoch", "time_unix_nano",
	// nginx's; Envoy's access log's; log4j2's JsonLayout's (milliseconds, and an object
	// of epochSecond and nanoOfSecond); python-json-logger's;
	"time_local", "time_iso8601", "start_time", "timeMillis", "instant", "asctime",
	// a Kubernetes Event's (Fluent Bit's kubernetes_events input); a Windows event's
	// (winevtlog's, and winlog's two); a Kubernetes audit event's.
	"lastTimestamp", "firstTimestamp", "eventTime", "TimeCreated", "TimeGenerated", "TimeWritten",
	"requestReceivedTimestamp", "stageTimestamp",
	"__REALTIME_TIMESTAMP", "_SOURCE_REALTIME_TIMESTAMP"}

// IsTimeKey reports whether a field named k holds the record's time (case-insensitive):
// it is never watched as a measurement, and a log file's JSON lines take their event
// time from it.
func IsTimeKey(k string) bool { return timeKeySet.has(k) }

// timeKeySet holds timeKeys; notCategoryKeys the names of fields that are never a
// measurement nor a category: times and levels.
var (
	timeKeySet      = newKeySet(timeKeys)
	notCategoryKeys = newKeySet(timeKeys, levelKeys, priorityKeys)
)

// Reader finds what the detector needs in a record body: the one place records are
// read, for the plugin and for `anomaly scan` alike. It is safe for concurrent use.
type Reader struct {
	MessageKey    string // "" = auto (autoMessageKeys)
	LevelKey      string // "" = auto (autoLevelKeys)
	GroupBy       string // "" = the tag; a key path, perhaps pinned by a prefix (findKeyPath)
	AnnotationKey string
	// EventKeys are key paths (findKeyPath) whose values always name a record's event:
	// its first text fields, whatever their type, taken whole (eventKeyFields).
	EventKeys []string
}

// Read fills rec from a record body: message (header cut), level and stream; the caller
// sets rec.Time from the event. scratch is reused between calls and returned grown.
func (r *Reader) Read(body chunk.Body, tag string, rec *Record, scratch []byte) []byte {
	ev := chunk.Event{Body: body}
	return r.ReadEvent(&ev, tag, rec, scratch)
}

// ReadEvent is Read for a record event of a chunk, which also reads what Fluent Bit keeps
// beside the body: the metadata and the group of an OpenTelemetry log record (otlp.go).
// The body comes first, as in Read; the record's OpenTelemetry severity gives the level
// of a record whose body has no level field, before the words of its message; and
// group_by finds OpenTelemetry attributes.
func (r *Reader) ReadEvent(ev *chunk.Event, tag string, rec *Record, scratch []byte) []byte {
	body := ev.Body
	otlp, isOTLP := otlpRecord(ev.Metadata)
	msg, doc, key, described, scratch := r.message(body, isOTLP, scratch)
	if described && !isOTLP && r.MessageKey == "" {
		if inner, ok := mergedLog(body); ok {
			body = inner
			msg, doc, key, described, scratch = r.message(body, false, scratch)
		}
	}
	if startsWithBrace(msg) { // asked here: most messages are no JSON, and every record asks
		if inner, ok := r.embeddedObject(body, msg, doc, key); ok {
			body = inner
			msg, doc, key, described, scratch = r.message(body, false, scratch)
		}
	}
	msg = entryLines(StripANSI(msg))
	r.textFields(ev, otlp, body, doc, key, msg, rec)
	if isOTLP {
		attrs := otlpAttributes(otlp)
		msg = r.appendAttributeNumbers(attrs, otlpStatus(attrs, msg))
	}
	requestFields(msg, rec)
	operationField(msg, rec)
	rec.Message = msg
	keys, list := autoLevelKeys, autoLevelList
	if r.LevelKey != "" {
		keys, list = []string{r.LevelKey}, nil
	}
	rec.Level, scratch = fieldLevel(body, doc, keys, list, ParseLevel, scratch)
	if rec.Level == LevelUnknown {
		// A record without a level field may be a raw line whose header holds one: its
		// level, and the message after it. (A record with a level field was parsed
		// already; its message is kept whole.)
		// A record described by its fields (describe) has no header: its level pair
		// (Severity=Error, after Body=... in key order) cuts nothing, or the fields
		// before it would be lost, and with them the record's event.
		lvl, _, end := findLevel(msg)
		if end > 0 && !described {
			rec.Message = trimSpaceLeft(msg[end:])
		}
		rec.Level, rec.LevelFromStatus, scratch = r.levelWithoutField(body, doc, otlp, msg, lvl, scratch)
		if (rec.Level == LevelUnknown || rec.LevelFromStatus) && clefMessageKey(key) {
			// Serilog's compact JSON (CLEF) leaves @l out at Information: its absence is
			// that level, not none, and no status stands in for it (a 4xx answered at
			// Information is no warning; a 5xx is still an error, below).
			rec.Level, rec.LevelFromStatus = LevelInfo, false
		}
	} else {
		rec.LevelFromStatus = false
	}
	if rec.Level < LevelError && textStatus(msg) == LevelError {
		// A server error is a failure at whatever level the application logged it: a
		// request log written at info for every status. A numeric status field is in
		// the message by now (status=503, see appendNumbers).
		rec.Level = LevelError
	}
	rec.Message = rec.Message[syslogHeaderEnd(rec.Message):]
	rec.Stream = r.stream(ev, otlp, tag)
	return scratch
}

// entryLines returns the lines of a message that say what happened. A multiline parser
// (tail's multiline.parser java, python, go) joins an error and its stack trace into one
// record, whose frames (indented: "\tat ...", "\t... 23 more", Python's "  File ..." and
// code; or not: PHP's and php-fpm's, see FrameLine) vary in number and order with the
// call path, and would split one error into a template per call path (a timeout's
// traces of 4 to 9 frames: 6 templates). Its other lines stay: the entry's own, the
// exception's ("java.net.SocketTimeoutException: Read timed out", "Caused by: ...",
// "KeyError: 'sku'"); a Go panic's end at its first goroutine, whose function lines are
// frames too. A message of one line is returned as it is.
func entryLines(msg string) string {
	first, rest, multi := strings.Cut(msg, "\n")
	if !multi {
		return msg
	}
	b := make([]byte, 0, len(msg))
	b = append(b, strings.TrimRight(first, "\r")...)
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "goroutine ") {
			break
		}
		if line == "" || line[0] == ' ' || line[0] == '\t' || FrameLine(line) {
			continue
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		b = append(b, line...)
	}
	return string(b)
}

// FromText fills rec from a line of text, as Read does for a record whose message is
// the line.
func FromText(line string, rec *Record) {
	rec.resetLinks()
	line = StripANSI(line)
	line = entryLines(line[criPrefixEnd(line):])
	lvl, _, end := findLevel(line)
	rec.Message = line
	if end > 0 {
		rec.Message = trimSpaceLeft(line[end:])
	}
	rec.Message = rec.Message[syslogHeaderEnd(rec.Message):]
	rec.Level, rec.LevelFromStatus = lvl, false
	if lvl >= LevelError {
		return // an error or worse: no status changes it (Read skips it too)
	}
	switch status := textStatus(line); {
	case lvl == LevelUnknown:
		rec.Level, rec.LevelFromStatus = status, status != LevelUnknown
	case status == LevelError:
		rec.Level = LevelError // a server error, whatever level it was logged at
	}
}

// textStatus returns the level of an HTTP status in a line: an access log line's or a
// request line's (statusInText), else a status pair's (statusPairInText).
func textStatus(line string) Level {
	if l := statusInText(line); l != LevelUnknown {
		return l
	}
	return statusPairInText(line)
}

func trimSpaceLeft(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// otlpMessageKeys are autoMessageKeys for OpenTelemetry records, whose kvlist bodies
// often hold the message under body.
var otlpMessageKeys = append(autoMessageKeys[:len(autoMessageKeys):len(autoMessageKeys)], "body")

// message returns the record's log message, with a trailing newline removed (Docker and
// CRI keep it), the JSON document it was embedded in, if any, and whether the message
// describes the record's fields. A record without a
// message key is described by its scalar fields, "key=value key=value", so structured
// logs with no message still get a template and numeric features.
func (r *Reader) message(body chunk.Body, otlp bool, scratch []byte) (msg string, doc []byte, key string, described bool, _ []byte) {
	list := autoMessageList
	switch {
	case r.MessageKey != "":
		list = nil
	case otlp:
		list = otlpMessageList
		if v, ok := otlpWrapped(body); ok {
			if inner, isMap := v.Map(); isMap {
				return r.message(inner, false, scratch)
			}
			return string(v.AppendText(nil)), nil, "", false, scratch
		}
	}
	var vals [maxLookupKeys]chunk.Value
	var found uint64
	var keys []string
	if list != nil {
		keys, found = list.names, list.lookup(body, vals[:])
	} else { // a configured message_key
		keys = []string{r.MessageKey}
		if v, ok := body.Lookup(r.MessageKey); ok {
			vals[0], found = v, 1
		}
	}
	for i, k := range keys {
		v, ok := vals[i], found&(1<<i) != 0
		if !ok || v.Kind() == chunk.MapValue || v.Kind() == chunk.ArrayValue {
			continue // ECS writes log as a map ({"log": {"level": ...}}): not a message
		}
		text, isText := v.Bytes()
		if isText && len(text) == 0 && list != nil && k != "log" {
			// An empty message says nothing: Traefik's JSON access log writes "msg": ""
			// beside the request's fields, which describe it (describe). An empty log is
			// a tailed empty line, and is that line.
			continue
		}
		if !isText {
			scratch = v.AppendText(scratch[:0])
			text = scratch
		}
		text = trimNewline(text)
		text = text[criPrefixEnd(transient(text)):] // a runtime's line read without the cri parser
		if chunk.LooksLikeJSONObject(text) {
			for _, ek := range embeddedMessageKeys {
				if jv, ok := chunk.LookupJSON(text, ek); ok {
					m := trimNewline(jv.AppendText(nil))
					return string(r.appendJSONNumbers(m, text, ek)), text, ek, false, scratch
				}
			}
		}
		if r.numbersIn(body, k) {
			return string(r.appendNumbers(append([]byte(nil), text...), body, k)), nil, k, false, scratch
		}
		return string(text), nil, k, false, scratch
	}
	if list != nil && !otlp {
		if v, ok := body.Lookup(detailMessageKey); ok && v.Kind() == chunk.StringValue {
			text, _ := v.Bytes()
			if r.numbersIn(body, detailMessageKey) {
				return string(r.appendNumbers(append([]byte(nil), text...), body, detailMessageKey)), nil, detailMessageKey, false, scratch
			}
			return string(text), nil, detailMessageKey, false, scratch
		}
	}
	if r.MessageKey != "" {
		// The configured key is absent from this record: look for it in embedded JSON.
		if f, ok := body.Find(r.MessageKey, autoMessageKeys...); ok {
			return string(trimNewline(f.AppendText(nil))), nil, r.MessageKey, false, scratch
		}
	}
	return r.describe(body), nil, "", true, scratch
}

// embeddedObject returns, as a map, the JSON object that a message read from key is
// (see message; the caller has seen its '{'), which is then read as the record: a
// container's JSON line tailed without Merge_Log, whose message is under a key not
// looked for in embedded JSON (hclog's @message, Serilog's RenderedMessage, .NET's
// Message) or under none (MinIO's and CloudTrail's records, described by their fields),
// or a Docker line read without the docker parser, whose log is the application's JSON.
// Read as text, such a stream's every line was one JSON document with no level, a
// template for each shape of it. A configured message_key is the message wherever it
// is, and so is a message an application wrote as JSON text beside its level
// (`{"level":"info","msg":"{...}"}`, in body or in doc): a container's log is its
// application's record, Docker's "log" (beside which the kubernetes filter's Merge_Log
// puts the same record's keys, a level among them, with Keep_Log On, its default) or
// the cri parser's "message", beside no level.
func (r *Reader) embeddedObject(body chunk.Body, msg string, doc []byte, key string) (chunk.Body, bool) {
	if key == "" || doc != nil && key != "log" || r.MessageKey != "" {
		return chunk.Body{}, false
	}
	if doc == nil && key != "log" {
		var vals [maxLookupKeys]chunk.Value
		if autoLevelList.lookup(body, vals[:]) != 0 {
			return chunk.Body{}, false
		}
	}
	packed, ok := chunk.AppendJSONObject(nil, []byte(msg))
	if !ok {
		return chunk.Body{}, false
	}
	return chunk.NewBody(packed)
}

// startsWithBrace reports whether msg's first byte other than white space is '{': a
// loop, as every record asks it.
func startsWithBrace(msg string) bool {
	for i := 0; i < len(msg); i++ {
		switch msg[i] {
		case ' ', '\t', '\r', '\n':
		case '{':
			return true
		default:
			return false
		}
	}
	return false
}

// mergedLog returns the map of body that holds a container's log parsed from JSON, as
// Fluent Bit's kubernetes filter writes it with Merge_Log On and a Merge_Log_Key
// ({"stream": "stdout", "log_processed": {"level": "error", "msg": "payment failed"},
// "kubernetes": {...}}, the raw log dropped with Keep_Log Off): a map with a message key
// and a level key. Read as the record, such a stream had one template, "stream=stdout",
// and no level. It is looked for only in a record without a message key.
func mergedLog(body chunk.Body) (inner chunk.Body, ok bool) {
	body.Range(func(_, v chunk.Value) bool {
		m, isMap := v.Map()
		if !isMap {
			return true
		}
		var vals [maxLookupKeys]chunk.Value
		if autoMessageList.lookup(m, vals[:]) != 0 && autoLevelList.lookup(m, vals[:]) != 0 {
			inner, ok = m, true
			return false
		}
		return true
	})
	return inner, ok
}

// maxTextFields caps the text fields kept of a record, and MaxTextValue their length (and
// that of any text followed as a category): a longer value is prose or an id, not a
// category.
const (
	maxTextFields = 6
	MaxTextValue  = 64
)

// textFields keeps in rec the short text fields of a structured record (top level, of the
// maps that hold its details (detailMaps), or of the JSON document its message came
// from), except the message, level, time, annotation and a client's description
// (clientFieldKey), and those without a letter (numbers and addresses written as text).
// A record without a message key has them too: its fields are its message (describe),
// and its method or route are categories as a logger's are.
func (r *Reader) textFields(ev *chunk.Event, otlp chunk.Body, body chunk.Body, doc []byte, messageKey, msg string, rec *Record) {
	rec.Fields, rec.buf = rec.Fields[:0], rec.buf[:0]
	rec.resetLinks()
	r.eventKeyFields(ev, otlp, msg, rec)
	// A message in a detail map (tracing-subscriber's fields.message) is its member
	// there.
	messageLeaf := messageKey[strings.LastIndexByte(messageKey, '.')+1:]
	add := func(name, value []byte) bool {
		k := transient(name)
		if len(value) == 0 || k == messageKey || k == messageLeaf || !r.isCategory(k) || clientFieldKey(k) || r.eventKey(k) {
			return true
		}
		rec.keepLinkField(value)
		if len(value) > MaxTextValue || len(value) <= maxQuantityText && quantityText(transient(value)) {
			return true // a measurement ("23.4ms") is in the message (appendNumbers)
		}
		if hexIdentifier(value) {
			// An identifier (a request's UUID, a trace id) names one thing: never a
			// category, it took the place of one (a Kubernetes audit event's auditID
			// and its user's uid left no room for its verb and username).
			return true
		}
		if requestValue(value, rec) {
			return len(rec.Fields) < maxFieldCandidates
		}
		start := len(rec.buf)
		if value[0] == '/' {
			rec.buf = maskPath(rec.buf, value)
		} else if !hasLetter(value) {
			return true // a number or an address written as text folds to its shape alone
		} else {
			rec.buf = foldDigits(rec.buf, value)
		}
		rec.Fields = append(rec.Fields, Field{Name: k, Value: transient(rec.buf[start:])})
		return len(rec.Fields) < maxFieldCandidates
	}
	if doc != nil {
		var member func(name []byte, escaped bool, v chunk.JSONValue) bool
		member = func(name []byte, escaped bool, v chunk.JSONValue) bool {
			raw := v.Raw()
			if !escaped && chunk.LooksLikeJSONObject(raw) {
				switch k := transient(name); {
				case slices.Contains(requestMaps, k):
					nestedJSONRequest(raw, rec)
				case detailMap(k):
					chunk.RangeJSON(raw, func(name []byte, escaped bool, v chunk.JSONValue) bool {
						if chunk.LooksLikeJSONObject(v.Raw()) {
							return true // deeper maps are a query's filter, a driver's description
						}
						return member(name, escaped, v)
					})
				}
				return len(rec.Fields) < maxFieldCandidates
			}
			if escaped || !v.IsString() || bytes.IndexByte(raw, '\\') >= 0 {
				return true // a value with escapes is not a short category
			}
			return add(name, raw[1:len(raw)-1])
		}
		chunk.RangeJSON(doc, member)
	} else {
		var member func(key, v chunk.Value) bool
		member = func(key, v chunk.Value) bool {
			k, _ := key.Bytes()
			if v.Kind() == chunk.MapValue {
				if !detailMap(transient(k)) {
					nestedRequest(transient(k), v, rec)
				} else if m, ok := v.Map(); ok {
					m.Range(func(key, v chunk.Value) bool {
						if v.Kind() == chunk.MapValue {
							return true // deeper maps are a query's filter, a driver's description
						}
						return member(key, v)
					})
				}
				return len(rec.Fields) < maxFieldCandidates
			}
			if v.Kind() != chunk.StringValue {
				return true
			}
			b, _ := v.Bytes()
			return add(k, b)
		}
		body.Range(member)
	}
	// An OpenTelemetry log record's attributes are its fields, as a JSON record's keys
	// are (a collector's json_parser puts an application's JSON fields there), its HTTP
	// request's read as a request.
	attrs := otlpAttributes(otlp)
	otlpRequestFields(attrs, rec)
	attrs.Range(func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		if v.Kind() != chunk.StringValue || otlpRequestKey(transient(k)) {
			return true
		}
		b, _ := v.Bytes()
		return add(k, b)
	})
	if doc == nil {
		ecsRequest(body, rec)
	}
	// The values live in rec.buf, which may have moved while it grew: point them there.
	off := 0
	for i := range rec.Fields {
		n := len(rec.Fields[i].Value)
		rec.Fields[i].Value = transient(rec.buf[off : off+n])
		off += n
	}
	rec.Fields = keepFields(rec.Fields)
}

// maxEventKeys caps the configured event keys (Reader.EventKeys): they take the first of
// a record's maxTextFields places, and the request's method and route need two more.
const maxEventKeys = maxTextFields - 2

// CheckEventKeys reports what is wrong with a list of event keys: too many, a key path
// that is not one (CheckKeyPath), or one named twice.
func CheckEventKeys(keys []string) error {
	if len(keys) > maxEventKeys {
		return fmt.Errorf("at most %d keys", maxEventKeys)
	}
	for i, k := range keys {
		if err := CheckKeyPath(k); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if slices.Contains(keys[:i], k) {
			return fmt.Errorf("%s named twice", k)
		}
	}
	return nil
}

// eventKeyFields adds to rec the record's values of the configured event keys, first
// of its fields: a scalar of any type written as text, whole (digits not folded: the
// user named the key for its values), cut to MaxTextValue. A key the record lacks is
// looked for as a pair in its message (pairValue): a text line's logfmt or klog pairs
// are the fields of its writer. A key found nowhere, or whose value is a map or an
// array, gives none.
func (r *Reader) eventKeyFields(ev *chunk.Event, otlp chunk.Body, msg string, rec *Record) {
	for _, path := range r.EventKeys {
		start := len(rec.buf)
		if f, ok := findKeyPath(ev, otlp, path); ok {
			if !scalarField(f) {
				continue
			}
			rec.buf = f.AppendText(rec.buf)
		} else if source, key := parseKeyPath(path); source == fromRecord {
			v, _ := pairValue(msg, key)
			rec.buf = append(rec.buf, v...)
		}
		if len(rec.buf)-start > MaxTextValue {
			end := start + MaxTextValue
			for end > start && !utf8.RuneStart(rec.buf[end]) {
				end-- // cut between characters
			}
			rec.buf = rec.buf[:end]
		}
		if len(rec.buf) > start {
			rec.Fields = append(rec.Fields, Field{Name: path, Value: transient(rec.buf[start:]), Event: true})
		}
	}
}

// pairValue returns the value of the first key=value pair named key in a line, and
// whether there is one: the key at the line's start or after a byte that is no part of
// a name, the value up to the next space, or between double quotes when quoted
// (`tenant=acme`, `pod="kube-system/coredns-5d78c"`).
func pairValue(line, key string) (string, bool) {
	if key == "" {
		return "", false
	}
	for from := 0; ; {
		i := strings.Index(line[from:], key)
		if i < 0 {
			return "", false
		}
		i += from
		end := i + len(key)
		from = i + 1
		if end >= len(line) || line[end] != '=' || i > 0 && nameByte(line[i-1]) {
			continue
		}
		v := line[end+1:]
		if q, ok := strings.CutPrefix(v, `"`); ok {
			for j := 0; j < len(q); j++ {
				if q[j] == '\\' {
					j++
				} else if q[j] == '"' {
					return q[:j], true
				}
			}
			return q, true
		}
		if j := strings.IndexAny(v, " \t"); j >= 0 {
			v = v[:j]
		}
		return v, true
	}
}

// nameByte reports whether c may be part of a key's name.
func nameByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c == '.' }

// scalarField reports whether a field holds a scalar: text, a number, a boolean.
func scalarField(f chunk.Field) bool {
	if v, ok := f.Value(); ok {
		switch v.Kind() {
		case chunk.StringValue, chunk.BinaryValue, chunk.IntValue, chunk.FloatValue, chunk.BoolValue:
			return true
		}
		return false
	}
	j, ok := f.JSON()
	raw := j.Raw()
	return ok && len(raw) > 0 && raw[0] != '{' && raw[0] != '[' && string(raw) != "null"
}

// eventKey reports whether a field named k is a configured event key, read by
// eventKeyFields, and so not again as a category or a number.
func (r *Reader) eventKey(k string) bool {
	for _, path := range r.EventKeys {
		if source, key := parseKeyPath(path); (source == fromRecord || source == fromBody) && key == k {
			return true
		}
	}
	return false
}

// isCategory reports whether a text field named k may be a category: not a level, a time
// or the annotation.
func (r *Reader) isCategory(k string) bool {
	return k != r.LevelKey && !r.isAnnotation(k) && !notCategoryKeys.has(k)
}

// AppendRoute appends the route of a URL path to dst, as a path field's category is
// written (see maskPath): for the paths that named pairs of a text line hold
// (path=/v1/orders/7310014).
func AppendRoute(dst []byte, path string) []byte { return maskPath(dst, path) }

// maskPath appends a URL path to dst as a category: without its query string or
// fragment, each segment that is an id (idSegment) written as one '#', so
// "/v1/orders/7310014/items?page=2" is "/v1/orders/#/items", the route it was.
func maskPath[T string | []byte](dst []byte, v T) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '?' || c == '#' || c == ';' {
			v = v[:i]
			break
		}
	}
	for len(v) > 0 {
		if v[0] == '/' {
			dst = append(dst, '/')
			v = v[1:]
			continue
		}
		end := 0
		for end < len(v) && v[end] != '/' {
			end++
		}
		if seg := v[:end]; idSegment(seg) {
			dst = append(dst, '#')
		} else {
			dst = append(dst, seg...)
		}
		v = v[end:]
	}
	return dst
}

// idSegment reports whether a path segment is an id rather than a route's name: all
// digits ("5"), or two digits or more ("7310014", "2016", "classic-cap-5148",
// "8c00a33d-ff6f"). A version ("v1") keeps its name.
func idSegment[T string | []byte](seg T) bool {
	digits := 0
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; c >= '0' && c <= '9' {
			digits++
		}
	}
	return digits >= 2 || digits > 0 && digits == len(seg)
}

// requestFields adds the method and path of an access log line's request
// (`"GET /search?q=boots HTTP/1.1"`) to rec's fields, the path as maskPath writes it:
// a text access log has no fields, and its routes are its events.
func requestFields(line string, rec *Record) {
	if len(rec.Fields)+2 > maxTextFields || rec.HasField("method") {
		return
	}
	// "HTTP/" rather than " HTTP/": a search keyed on a rare first byte skips faster.
	if i := strings.Index(line, "HTTP/") - 1; i >= 1 && line[i] == ' ' {
		if j := strings.LastIndexByte(line[:i], '"'); j >= 0 {
			if method, path, ok := strings.Cut(line[j+1:i], " "); ok {
				addRequest(method, path, rec)
			}
			return
		}
	}
	// An application's request line without the protocol: "GET /api/cart 200 23ms"
	// (Express, Python's and Go's routers), `Started GET "/api/cart"` (Rails).
	for off := 0; off < len(line); {
		k := strings.IndexByte(line[off:], '/')
		if k < 0 {
			return
		}
		k += off
		off = k + 1
		m := k - 1 // the space after the method
		if m >= 1 && line[m] == '"' {
			m--
		}
		if m < 1 || line[m] != ' ' {
			continue
		}
		start := m
		for start > 0 && line[start-1] != ' ' && line[start-1] != '"' {
			start--
		}
		if method := line[start:m]; httpMethod(method) {
			end := k
			for end < len(line) && line[end] != ' ' && line[end] != '"' {
				end++
			}
			addRequest(method, line[k:end], rec)
			return
		}
	}
}

// requestMaps name the maps in which loggers nest a request's method and URL
// (pino-http's and Express's req, GCP's httpRequest); its status is among
// nestedNumbers.
var requestMaps = []string{"req", "request", "httpRequest"}

// ecsRequest adds the method and route of a request as the Elastic Common Schema writes
// one, http.request.method and url.path (or url.original), nested or with dotted keys.
func ecsRequest(body chunk.Body, rec *Record) {
	if len(rec.Fields)+2 > maxFieldCandidates || rec.HasField("method") {
		return
	}
	m, ok := body.Lookup("http.request.method")
	if !ok || m.Kind() != chunk.StringValue {
		return
	}
	p, ok := body.Lookup("url.path")
	if !ok {
		p, ok = body.Lookup("url.original")
	}
	if !ok || p.Kind() != chunk.StringValue {
		return
	}
	method, _ := m.Bytes()
	path, _ := p.Bytes()
	addNestedRequest(transient(method), transient(path), rec)
}

// requestMethodKeys and requestURLKeys name a nested request's method and URL.
var (
	requestMethodKeys = []string{"method", "requestMethod"}
	requestURLKeys    = []string{"url", "path", "requestUrl"}
)

// nestedRequest adds the method and route of a request nested in the map v named k
// (`"req": {"method": "GET", "url": "/api/cart"}`) to rec's fields, as a request line's
// are.
func nestedRequest(k string, v chunk.Value, rec *Record) {
	if !slices.Contains(requestMaps, k) || len(rec.Fields)+2 > maxFieldCandidates || rec.HasField("method") {
		return
	}
	m, _ := v.Map()
	var method, url string
	m.Range(func(key, v chunk.Value) bool {
		b, isText := v.Bytes()
		if v.Kind() != chunk.StringValue || !isText {
			return true
		}
		switch kb, _ := key.Bytes(); {
		case slices.Contains(requestMethodKeys, transient(kb)):
			method = transient(b)
		case slices.Contains(requestURLKeys, transient(kb)):
			url = transient(b)
		}
		return method == "" || url == ""
	})
	addNestedRequest(method, url, rec)
}

// nestedJSONRequest is nestedRequest for a request object of a record's JSON text.
func nestedJSONRequest(obj []byte, rec *Record) {
	if len(rec.Fields)+2 > maxFieldCandidates || rec.HasField("method") {
		return
	}
	var method, url string
	chunk.RangeJSON(obj, func(name []byte, escaped bool, v chunk.JSONValue) bool {
		raw := v.Raw()
		if escaped || !v.IsString() || bytes.IndexByte(raw, '\\') >= 0 {
			return true
		}
		switch text := transient(raw[1 : len(raw)-1]); {
		case slices.Contains(requestMethodKeys, transient(name)):
			method = text
		case slices.Contains(requestURLKeys, transient(name)):
			url = text
		}
		return method == "" || url == ""
	})
	addNestedRequest(method, url, rec)
}

// addNestedRequest adds a nested request's method and the path of its URL (a whole URL,
// GCP's requestUrl, by its path).
func addNestedRequest(method, url string, rec *Record) {
	if method == "" || url == "" {
		return
	}
	if i := strings.Index(url, "://"); i >= 0 {
		j := strings.IndexByte(url[i+3:], '/')
		if j < 0 {
			return
		}
		url = url[i+3+j:]
	}
	addRequest(method, url, rec)
}

// httpMethod reports whether s is an HTTP method's name.
func httpMethod(s string) bool {
	switch s {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// HasField reports whether rec has a text field named name: a request's method found in
// a field before the message was looked into, or a field among the pairs of a described
// record's message.
func (rec *Record) HasField(name string) bool {
	for _, f := range rec.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// addRequest adds a request's method and path to rec's fields, the path as maskPath
// writes it, and reports whether they were a request's.
func addRequest(method, path string, rec *Record) bool {
	if method == "" || len(method) > 8 || !isUpperWord(method) || path == "" || path[0] != '/' || len(path) > 4*MaxTextValue {
		return false
	}
	start := len(rec.buf)
	rec.buf = append(rec.buf, method...)
	rec.buf = maskPath(rec.buf, path)
	if len(rec.buf)-start-len(method) > MaxTextValue {
		rec.buf = rec.buf[:start]
		return false
	}
	m := len(method)
	rec.Fields = append(rec.Fields, Field{Name: "method", Value: transient(rec.buf[start : start+m])},
		Field{Name: "path", Value: transient(rec.buf[start+m:])})
	return true
}

// requestValue adds the method and path of a field whose value is an HTTP request line
// (nginx's $request in a JSON log: "GET /search?q=boots HTTP/1.1") to rec's fields, and
// reports whether it was one.
func requestValue(value []byte, rec *Record) bool {
	v := transient(value)
	i := strings.LastIndexByte(v, ' ')
	if i < 0 || !strings.HasPrefix(v[i+1:], "HTTP/") || len(rec.Fields)+2 > maxFieldCandidates {
		return false
	}
	method, path, ok := strings.Cut(v[:i], " ")
	return ok && addRequest(method, path, rec)
}

// operationBytes is how far into a message operationField looks: the head of the line,
// where a logger writes what it reports on.
const operationBytes = 160

// operationField adds the name of the operation a text line reports on, written as a
// name with an id in brackets (Celery's "Task billing.tasks.generate_invoice[75a4f938-...]",
// "worker[3]"), as the field "operation": the id makes the token a variable of the
// template, and the name is what tells one task's durations from another's.
func operationField(line string, rec *Record) {
	if len(rec.Fields) >= maxTextFields {
		return
	}
	head := line[:min(len(line), operationBytes)]
	for off := 0; ; {
		i := strings.IndexByte(head[off:], '[')
		if i < 0 {
			return
		}
		open := off + i
		off = open + 1
		start := strings.LastIndexByte(head[:open], ' ') + 1
		end := strings.IndexByte(head[open:], ']')
		if start == open || end < 0 || open-start > MaxTextValue {
			continue
		}
		end += open
		if end+1 < len(head) && head[end+1] != ' ' || !operationName(head[start:open]) ||
			!strings.ContainsAny(head[open+1:end], "0123456789") {
			continue
		}
		rec.Fields = append(rec.Fields, Field{Name: "operation", Value: head[start:open]})
		return
	}
}

// operationName reports whether s is a dotted identifier that starts with a letter.
func operationName(s string) bool {
	if !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// foldDigits appends v to dst with each run of digits written as one '#'.
func foldDigits(dst, v []byte) []byte {
	inDigits := false
	for _, c := range v {
		if c >= '0' && c <= '9' {
			if !inDigits {
				dst = append(dst, '#')
			}
			inDigits = true
			continue
		}
		inDigits = false
		dst = append(dst, c)
	}
	return dst
}

// A structured record keeps its measurements beside its message ({"msg": "request
// handled", "duration_ms": 9000}); appendNumbers and appendJSONNumbers add up to
// maxNumberFields of its numeric fields to the message as " key=value", so that they get
// a place in the template and the numeric feature watches them. Time and level fields
// and the annotation are left out.

// numbersIn reports whether body has a numeric field appendNumbers would add, so that
// records without one keep the message without a copy.
func (r *Reader) numbersIn(body chunk.Body, messageKey string) bool {
	found := false
	body.Range(func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		found = r.isMeasurement(transient(k), v, messageKey) || v.Kind() == chunk.MapValue && (holdsNestedNumbers(transient(k)) || detailMap(transient(k)))
		return !found
	})
	return found
}

func (r *Reader) appendNumbers(msg []byte, body chunk.Body, messageKey string) []byte {
	var set numberSet
	var member func(key, v chunk.Value) bool
	member = func(key, v chunk.Value) bool {
		k, _ := key.Bytes()
		if v.Kind() == chunk.MapValue {
			if m, ok := v.Map(); ok && detailMap(transient(k)) {
				m.Range(func(key, v chunk.Value) bool {
					return v.Kind() == chunk.MapValue || member(key, v)
				})
			} else if ok {
				nestedNumbersOf(transient(k), &set, func(path []string) (chunk.Value, []byte, bool) {
					n, ok := m.Path(path...)
					return n, nil, ok && isNumber(n)
				})
			}
			return !set.full()
		}
		if r.isMeasurement(transient(k), v, messageKey) {
			set.add(transient(k), v, nil, false)
		}
		return !set.full()
	}
	body.Range(member)
	return set.appendTo(msg)
}

// isNumber reports whether v is a number.
func isNumber(v chunk.Value) bool { return v.Kind() == chunk.IntValue || v.Kind() == chunk.FloatValue }

// nestedNumbers are the numbers loggers nest in a map that belong in the record's message
// as its own numeric fields do: a response's status (pino-http's res, GCP's httpRequest,
// the Elastic Common Schema's http.response.status_code), read as a status (see
// textStatus), and ECS's event.duration (nanoseconds). A map gives at most one status,
// the first of its names here.
var nestedNumbers = []struct {
	in     string   // the top-level map
	path   []string // the number's path in it
	name   string   // its name in the message
	status bool
}{
	{"res", []string{"statusCode"}, "statusCode", true},
	{"res", []string{"status"}, "status", true},
	{"response", []string{"statusCode"}, "statusCode", true},
	{"response", []string{"status"}, "status", true},
	{"httpRequest", []string{"status"}, "status", true},
	{"http", []string{"response", "status_code"}, "status_code", true},
	{"event", []string{"duration"}, "event.duration", false},
}

// detailMaps name the maps in which structured loggers write an event's details beside
// its message: MongoDB's attr (every detail of its log since 4.4: a slow query's
// namespace, plan and durationMillis), tracing-subscriber's fields (Rust), Monolog's
// context and extra (PHP), a Kubernetes audit event's user (its username: who did it
// is what an audit log is read for). Their members are read as a record's own are, texts
// as categories and numbers as measurements; maps nested deeper in them (a query's
// filter, a driver's description of itself) are not.
var detailMaps = []string{"attr", "fields", "context", "extra", "user"}

// detailMap reports whether a map named k holds an event's details (detailMaps).
func detailMap(k string) bool { return slices.Contains(detailMaps, k) }

// holdsNestedNumbers reports whether a map named k may hold nestedNumbers.
func holdsNestedNumbers(k string) bool {
	for _, n := range nestedNumbers {
		if n.in == k {
			return true
		}
	}
	return false
}

// nestedNumbersOf adds to set the nestedNumbers of the map named k, each found by lookup:
// a msgpack value or a JSON number's text, false when the map has no number there.
func nestedNumbersOf(k string, set *numberSet, lookup func(path []string) (chunk.Value, []byte, bool)) {
	status := false
	for _, n := range nestedNumbers {
		if n.in != k || n.status && status {
			continue
		}
		v, text, ok := lookup(n.path)
		if !ok {
			continue
		}
		set.add(n.name, v, text, true)
		status = status || n.status
	}
}

func (r *Reader) appendJSONNumbers(msg, doc []byte, messageKey string) []byte {
	var set numberSet
	var member func(name []byte, escaped bool, v chunk.JSONValue) bool
	member = func(name []byte, escaped bool, v chunk.JSONValue) bool {
		if !escaped && detailMap(transient(name)) && chunk.LooksLikeJSONObject(v.Raw()) {
			chunk.RangeJSON(v.Raw(), func(name []byte, escaped bool, v chunk.JSONValue) bool {
				return chunk.LooksLikeJSONObject(v.Raw()) || member(name, escaped, v)
			})
			return !set.full()
		}
		if !escaped && holdsNestedNumbers(transient(name)) && chunk.LooksLikeJSONObject(v.Raw()) {
			obj := v.Raw()
			nestedNumbersOf(transient(name), &set, func(path []string) (chunk.Value, []byte, bool) {
				var n chunk.JSONValue
				for cur, i := obj, 0; i < len(path); i, cur = i+1, n.Raw() {
					var ok bool
					if n, ok = chunk.LookupJSON(cur, path[i]); !ok {
						return chunk.Value{}, nil, false
					}
				}
				return chunk.Value{}, n.Raw(), n.IsNumber()
			})
			return !set.full()
		}
		if escaped || !r.measured(transient(name), messageKey) {
			return true
		}
		switch {
		case v.IsNumber():
			set.add(transient(name), chunk.Value{}, v.Raw(), false)
		case v.IsString() && quantityText(v.Text()):
			text := v.Raw()
			if text = text[1 : len(text)-1]; bytes.IndexByte(text, '\\') >= 0 {
				text = []byte(v.Text()) // escaped: rare enough to copy
			}
			set.add(transient(name), chunk.Value{}, text, false)
		}
		return !set.full()
	}
	chunk.RangeJSON(doc, member)
	return set.appendTo(msg)
}

// isMeasurement reports whether a field named k holding v is a number worth watching:
// a number, or a text that is a number with a unit ("latency": "23.4ms", a duration
// as Go's fmt writes it), and not the message, the level, the time or the annotation.
// k may be transient.
func (r *Reader) isMeasurement(k string, v chunk.Value, messageKey string) bool {
	switch v.Kind() {
	case chunk.IntValue, chunk.FloatValue:
		return r.measured(k, messageKey)
	case chunk.StringValue:
		if !r.measured(k, messageKey) {
			return false
		}
		text, _ := v.Bytes()
		return len(text) <= maxQuantityText && quantityText(transient(text))
	}
	return false
}

// maxQuantityText bounds the text read as a quantity: "1h2m3.456789s" is 13 bytes.
const maxQuantityText = 32

// measured reports whether a field named k may be a measurement: not the message, the
// level, the time, the annotation, an identifier, or a field of the log format's own,
// whose name starts with '@' (Logstash's "@version": "1", Serilog's @i and @r): those say
// how the record was written, not what happened.
func (r *Reader) measured(k, messageKey string) bool {
	if k == "" || k[0] == '@' || k == messageKey || k == r.LevelKey || identifierName(k) || r.eventKey(k) {
		return false
	}
	return !r.isAnnotation(k) && !notCategoryKeys.has(k)
}

// identifierName reports whether a field named k holds an identifier, whatever its
// type: id, or a name ending in _id, Id or ID (MongoDB's log id, one number per message,
// and its connectionId, which climbs for as long as the server runs: a number of neither
// is a quantity).
func identifierName(k string) bool {
	return strings.EqualFold(k, "id") || strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "ID")
}

// quantityText reports whether s is a number, bare or with a unit, as the template miner
// reads one (drain.Quantity): a parser that types nothing (Fluent Bit's logfmt, regex and
// ltsv parsers without Types) and nginx's JSON log_format ("status": "$status") write
// every number as text, and read as words the orders-api family's records so written
// kept 1 of their 27 flags, each of their statuses, sizes and durations lost (make eval
// unchanged but for a .NET log's elapsed times, "elapsed": "12.3", now read, and
// journald's fields, all text: the node family's SYSLOG_FACILITY and CODE_LINE). A name
// that says it holds an id keeps it out (identifierName), and a hexadecimal identifier
// (see links.go) is one whatever it happens to spell: a span id "0777978084750e4b" reads
// as 7.8e16 bytes, and one request in a thousand was flagged for it (the .NET family's
// @sp, make eval).
func quantityText(s string) bool {
	if s == "" || (s[0] < '0' || s[0] > '9') && s[0] != '-' && s[0] != '+' {
		return false // most text: no need to parse it
	}
	if id, end := hexRun(s, 0); id && end == len(s) {
		return false
	}
	_, unit, ok := drain.Quantity(s)
	return ok && (unit != drain.UnitNone || decimalText(s))
}

// decimalText reports whether s is a decimal number as a parser that types nothing
// writes one: digits, a sign before them, one point among them.
func decimalText(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	point := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !point && i > 0 && i < len(s)-1:
			point = true
		case c < '0' || c > '9':
			return false
		}
	}
	return s != ""
}

// isAnnotation reports whether the field k is this plugin's annotation (the map, or a
// flattened key): a record annotated upstream keeps its annotation out of its message.
func (r *Reader) isAnnotation(k string) bool {
	a := r.AnnotationKey
	return a != "" && strings.HasPrefix(k, a) && (len(k) == len(a) || k[len(a)] == '_')
}

// describe writes a record without a message as its scalar fields but its time,
// "key=value ...", as a parser that moved the time to the event leaves it, in the order
// of their keys (see keyorder.go). A
// client's description of itself (a user agent, a referer: clientFieldKey) is written as
// one variable, "agent=<*>": it is ten words whose versions change from client to client,
// and as words it would split one kind of record into a template per browser, as the
// quoted strings of a text access log line would (package drain).
func (r *Reader) describe(body chunk.Body) string {
	var fields [maxDescribed]describedField
	n := 0
	body.Range(func(key, v chunk.Value) bool {
		switch v.Kind() {
		case chunk.MapValue, chunk.ArrayValue, chunk.InvalidValue:
			return true
		}
		k, _ := key.Bytes()
		if r.isAnnotation(transient(k)) || timeKeySet.has(transient(k)) {
			return true // the record's time is when it happened, not what
		}
		fields[n] = describedField{key: transient(k), v: v}
		n++
		return n < len(fields)
	})
	sortDescribed(fields[:n])
	var b strings.Builder
	for _, f := range fields[:n] {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.key)
		b.WriteByte('=')
		if f.v.Kind() == chunk.StringValue && clientFieldKey(f.key) {
			b.WriteString("<*>")
		} else {
			b.WriteString(f.v.Text())
		}
		if b.Len() >= maxFallbackMessage {
			break
		}
	}
	s := b.String()
	if len(s) > maxFallbackMessage {
		s = s[:maxFallbackMessage]
	}
	return s
}

// hasLetter reports whether b holds a letter: an ASCII one, or any byte of a multi-byte
// UTF-8 character (a name in another script).
func hasLetter(b []byte) bool {
	for _, c := range b {
		if isASCIILetter(c) || c >= 0x80 {
			return true
		}
	}
	return false
}

// clientFieldKey reports whether a field named k describes the client of a request: its
// user agent or the page that referred it, as Fluent Bit's nginx and apache parsers
// (agent, referer), nginx's JSON logs (http_user_agent, http_referer), Envoy
// (user_agent) and OpenTelemetry (user_agent.original, http.user_agent) name them.
func clientFieldKey(k string) bool {
	return containsFold(k, "agent") || containsFold(k, "referer") || containsFold(k, "referrer")
}

// containsFold reports whether s contains the lower-case ASCII word sub, in any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		// The first byte first: this runs on every text field's name of every record.
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// levelWithoutField returns the level of a record without a level field (in its body or
// in the JSON document its message came from): the OpenTelemetry severity of its
// metadata (otlp), the severity of a syslog PRI field, the level word textLevel found in
// the message's header (or an access log line's status), or an HTTP status field; and
// whether it is a status's.
func (r *Reader) levelWithoutField(body chunk.Body, doc []byte, otlp chunk.Body, msg string, textLevel Level, scratch []byte) (Level, bool, []byte) {
	if l := otlpLevel(otlp); l != LevelUnknown {
		return l, false, scratch
	}
	// Fluent Bit's syslog parsers keep the PRI in pri, the severity within it.
	if l, sc := fieldLevel(body, doc, priorityKeys, priorityList, ParsePriority, scratch); l != LevelUnknown {
		return l, false, sc
	}
	if l := objectLevel(body); l != LevelUnknown {
		return l, false, scratch
	}
	if textLevel != LevelUnknown {
		return textLevel, false, scratch
	}
	if l := textStatus(msg); l != LevelUnknown {
		return l, true, scratch
	}
	if l, sc := fieldLevel(body, doc, statusKeys, statusList, ParseStatus, scratch); l != LevelUnknown {
		return l, true, sc
	}
	// Datadog's convention: the level in status ("status": "error"), a word where an
	// HTTP status is a number.
	l, sc := fieldLevel(body, doc, []string{"status"}, nil, statusWordLevel, scratch)
	return l, false, sc
}

// statusWordLevel reads a status field that holds one of the levels of Datadog's
// convention ("error", "warn", ...); a number, or any other word, is LevelUnknown: a
// job's "failure" or a check's "down" is a state, not a severity.
func statusWordLevel(s string) Level {
	for _, w := range datadogLevels {
		if strings.EqualFold(s, w) { // no copy, as strings.ToLower makes of "ERROR"
			return ParseLevel(s)
		}
	}
	return LevelUnknown
}

// datadogLevels are the level names of Datadog's convention (see statusWordLevel).
var datadogLevels = [...]string{"emerg", "emergency", "alert", "crit", "critical", "err", "error", "warn", "warning", "notice", "info", "debug", "trace"}

// fieldLevel returns the first level parse finds in the fields keys of body, then of
// the JSON document doc (nil when none). list is keys' keyList, nil for one configured
// name.
func fieldLevel(body chunk.Body, doc []byte, keys []string, list *keyList, parse func(string) Level, scratch []byte) (Level, []byte) {
	var vals [maxLookupKeys]chunk.Value
	var found uint64
	if list != nil {
		found = list.lookup(body, vals[:])
	} else if v, ok := body.Lookup(keys[0]); ok { // a configured level_key: one name
		vals[0], found = v, 1
	}
	for i, k := range keys {
		if v := vals[i]; found&(1<<i) != 0 {
			if k == windowsLevelKey && v.Kind() == chunk.IntValue {
				if l := windowsLevel(body, v); l != LevelUnknown {
					return l, scratch
				}
			}
			scratch = v.AppendText(scratch[:0])
			if l := parse(transient(scratch)); l != LevelUnknown && (k != mongoLevelKey || letterLevelText(transient(scratch))) {
				return l, scratch
			}
			if k == "level" && v.Kind() == chunk.IntValue {
				// Monolog's JsonFormatter writes its level as a number on a scale of its
				// own (200 INFO, 400 ERROR) and its name in level_name.
				if name, ok := body.Lookup("level_name"); ok {
					scratch = name.AppendText(scratch[:0])
					if l := parse(transient(scratch)); l != LevelUnknown {
						return l, scratch
					}
				}
			}
		}
	}
	if doc == nil {
		return LevelUnknown, scratch
	}
	for _, k := range keys {
		if jv, ok := chunk.LookupJSON(doc, k); ok {
			scratch = jv.AppendText(scratch[:0])
			if l := parse(transient(scratch)); l != LevelUnknown && (k != mongoLevelKey || letterLevelText(transient(scratch))) {
				return l, scratch
			}
		}
	}
	return LevelUnknown, scratch
}

// maxLookupKeys is the most names a keyList holds, its dotted names' first segments
// included.
const maxLookupKeys = 24

// keyList is a list of field names looked up together, as body.Lookup looks up each, in
// one pass over a body: a record without a level field was read once for each of a dozen
// names. A dotted name ("log.level") not found at the top level follows its path, which
// the pass finds the first segment of.
type keyList struct {
	names []string
	all   []string // names, then the first segments of the dotted ones
	seg   []int    // for each name, the index in all of its first segment, or -1
	rest  []string // for each dotted name, what follows its first segment
}

func newKeyList(names []string) *keyList {
	l := &keyList{names: names, all: append([]string(nil), names...)}
	for _, n := range names {
		first, rest, dotted := strings.Cut(n, ".")
		if !dotted {
			l.seg, l.rest = append(l.seg, -1), append(l.rest, "")
			continue
		}
		l.seg, l.rest = append(l.seg, len(l.all)), append(l.rest, rest)
		l.all = append(l.all, first)
	}
	if len(l.all) > maxLookupKeys {
		panic("record: a keyList of more than maxLookupKeys names")
	}
	return l
}

// The lists of names the reader tries when its keys are auto.
var (
	autoMessageList = newKeyList(autoMessageKeys)
	otlpMessageList = newKeyList(otlpMessageKeys)
	autoLevelList   = newKeyList(autoLevelKeys)
	priorityList    = newKeyList(priorityKeys)
	statusList      = newKeyList(statusKeys)
)

// lookup finds each name of l in body as body.Lookup does; vals must hold maxLookupKeys
// values. Bit i of found says whether names[i] is there.
func (l *keyList) lookup(body chunk.Body, vals []chunk.Value) (found uint64) {
	found = body.GetEach(l.all, vals)
	for i, si := range l.seg {
		if si < 0 || found&(1<<i) != 0 || found&(1<<si) == 0 {
			continue
		}
		// Lookup: no top-level key spelled so, so the path through the first map found
		// under its first segment.
		if inner, ok := vals[si].Map(); ok {
			if v, ok := inner.Lookup(l.rest[i]); ok {
				vals[i], found = v, found|1<<i
			}
		}
	}
	return found & (1<<len(l.names) - 1)
}

// stream returns the name of the stream a record belongs to: the tag, or the group_by
// value (findKeyPath; the tag when the record lacks it).
func (r *Reader) stream(ev *chunk.Event, otlp chunk.Body, tag string) string {
	if r.GroupBy == "" {
		return tag
	}
	if f, ok := findKeyPath(ev, otlp, r.GroupBy); ok {
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

// SlowRequestReportLine reports whether a line is part of php-fpm's report of a slow
// request that a warning announced ("[pool www] child 61, script ... executing too slow
// (5.02 sec), logging") other than its frames (FrameLine) and script_filename line: the
// master's NOTICE lines about the child it traces ("child 61 stopped for tracing",
// "about to trace 61", "finished trace of 61", as messages with their level cut) and the
// slow log entry's first line ("[15-Jul-2024 10:09:12]  [pool www] pid 61"). Between the
// warning and the trace, the NOTICE lines made the trace an entry of its own, never
// flagged with the warning: the Laravel family's php-fpm children stuck on a carriers'
// API were 11.1% of their records under their incident's id (make eval).
func SlowRequestReportLine(msg string) bool {
	if rest, ok := strings.CutPrefix(msg, "child "); ok {
		pid, ok := strings.CutSuffix(rest, " stopped for tracing")
		return ok && allDigitsIn(pid)
	}
	if pid, ok := strings.CutPrefix(msg, "about to trace "); ok {
		return allDigitsIn(pid)
	}
	if pid, ok := strings.CutPrefix(msg, "finished trace of "); ok {
		return allDigitsIn(pid)
	}
	// The slow log's time in brackets, two spaces, the pool and the pid.
	pool := strings.Index(msg, " [pool ")
	if pool < 0 || msg[0] != '[' {
		return false
	}
	_, pid, ok := strings.Cut(msg[pool+len(" [pool "):], "] pid ")
	return ok && allDigitsIn(pid)
}

// FrameLine reports whether a line is a frame of a stack trace that is not indented: a
// PHP trace's as getTraceAsString writes it ('#', the frame's number, a space:
// "#3 /var/www/app/Foo.php(12): ...", "#9 {main}"), a php-fpm slow log's (the frame's
// address in brackets, then the call: "[0x00007f3a30548650] execute() /var/www/...:420"),
// or a Go panic's: its goroutine's header ("goroutine 7 [running]:"), a function with its
// arguments ("main.(*Server).handle(0xc000123456, {0x1234, 0x5})", whose file and line
// follow indented) and "created by ...".
func FrameLine(line string) bool {
	if len(line) < 3 {
		return false
	}
	if strings.HasPrefix(line, "goroutine ") || strings.HasPrefix(line, "created by ") {
		return true
	}
	if open := strings.IndexByte(line, '('); open > 0 && line[len(line)-1] == ')' &&
		strings.IndexByte(line[:open], ' ') < 0 && strings.IndexByte(line[:open], '.') > 0 {
		return true
	}
	switch {
	case line[0] == '#':
		i := 1
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		return i > 1 && i < len(line) && line[i] == ' '
	case strings.HasPrefix(line, "[0x"):
		i := 3
		for i < len(line) && (line[i] >= '0' && line[i] <= '9' || line[i] >= 'a' && line[i] <= 'f') {
			i++
		}
		return i > 3 && i+1 < len(line) && line[i] == ']' && line[i+1] == ' '
	}
	return false
}

// clefMessageKey reports whether a message came from the key of Serilog's compact JSON
// format (CLEF): @m, the rendered message, or @mt, its template.
func clefMessageKey(key string) bool { return key == "@m" || key == "@mt" }
