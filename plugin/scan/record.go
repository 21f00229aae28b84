// Package scan runs the plugin's scoring over log files without Fluent Bit: the batch use
// of the original proof of concept (scan a file, print the anomalies, from a Kubernetes
// CronJob or as a gate after a deployment). Each line becomes the record Fluent Bit's tail
// input would make of it and goes through the same engine as in the plugin.
package scan

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// appendRecord appends one Fluent Bit event for a log line: a JSON object line becomes its
// fields (key order kept, as Fluent Bit's json parser does), any other line {"log": line}.
func appendRecord(dst []byte, line []byte, at time.Time) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendEventTime(dst, uint32(at.Unix()), uint32(at.Nanosecond()))
	dst = chunk.AppendMapHeader(dst, 0)
	if chunk.LooksLikeJSONObject(line) {
		if out, ok := chunk.AppendJSONObject(dst, line); ok {
			return out
		}
	}
	dst = chunk.AppendMapHeader(dst, 1)
	dst = chunk.AppendString(dst, "log")
	return chunk.AppendStringBytes(dst, line)
}

// timeLayouts are the leading timestamps recognised in text lines, longest first so a
// layout that is a prefix of another does not win. Each has a shape, what its first bytes
// must be for time.Parse to take them (d a digit, a a letter, ? any byte, anything else
// itself; a space in a layout takes one or more): a scan tries every layout on every line
// until one parses, and a shape turns most failures away without the cost of a failed
// parse. Shapes stop where a layout's width varies (an hour may have one digit).
var timeLayouts = []struct {
	layout string
	fields int // space-separated tokens the timestamp spans
	shape  string
}{
	{"2006-01-02T15:04:05.999999999Z07:00", 1, "dddd-dd-ddT"},
	{"2006-01-02T15:04:05.999999999Z0700", 1, "dddd-dd-ddT"}, // Java's "+0000"
	{"2006-01-02T15:04:05.999999999", 1, "dddd-dd-ddT"},
	{"2006-01-02 15:04:05.999999999Z07:00", 2, "dddd-dd-dd "},
	{"2006-01-02 15:04:05.999999999Z0700", 2, "dddd-dd-dd "},
	{"2006-01-02 15:04:05.999999999 -0700", 3, "dddd-dd-dd "}, // Ruby's Time#to_s, Windows' winevtlog
	{"2006-01-02 15:04:05.999999999-07", 2, "dddd-dd-dd "},    // PostgreSQL's %m in a zone of whole hours
	{"2006-01-02 15:04:05,999", 2, "dddd-dd-dd "},
	{"2006-01-02 15:04:05.999999999", 2, "dddd-dd-dd "},
	{"2006/01/02 15:04:05.999999999", 2, "dddd/dd/dd "},
	{"2006-01-02-15.04.05.999999", 1, "dddd-dd-dd-"}, // BGL
	{"060102 150405", 2, "??dddd "},                  // HDFS (a two-digit year may be signed)
	{"02 Jan 2006 15:04:05", 4, "dd "},
	{"02-Jan-2006 15:04:05", 2, "dd-aaa-dddd "},       // PHP-FPM, Tomcat
	{"02/Jan/2006:15:04:05 -0700", 2, "dd/aaa/dddd:"}, // an access log's, as nginx's $time_local
	{"Mon Jan _2 15:04:05 2006", 5, "aaa aaa "},       // C's asctime, Apache's error log
	{"Jan 2, 2006 3:04:05 PM", 5, "aaa d"},            // java.util.logging's SimpleFormatter (Tomcat's catalina.out)
	{"Jan _2 2006 15:04:05", 4, "aaa "},               // syslog with a year (Cisco's ASA)
	{"Jan _2 15:04:05", 3, "aaa "},                    // syslog, no year
	{"Jan _2 15:04:05.999999999", 3, "aaa "},
	{"0102 15:04:05", 2, "dddd dd:"},      // klog, after its level letter; no year
	{"060102 15:04:05", 2, "dddddd dd:"},  // CockroachDB's klog-like header, with the year
	{"01-02 15:04:05", 2, "dd-dd dd:"},    // Android logcat, no year
	{"06/01/02 15:04:05", 2, "dd/dd/dd "}, // log4j's yy/MM/dd (Spark)
	{"1/2/2006 3:04:05 PM", 3, "d"},       // .NET's and Windows' US culture, the hour on 12
}

// hasShape reports whether s begins as shape says (see timeLayouts).
func hasShape(s, shape string) bool {
	if len(s) < len(shape) {
		return false
	}
	for i := 0; i < len(shape); i++ {
		c := s[i]
		switch shape[i] {
		case 'd':
			if c < '0' || c > '9' {
				return false
			}
		case 'a':
			if (c|0x20) < 'a' || (c|0x20) > 'z' {
				return false
			}
		case '?':
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return true
}

// parseLayout parses s in layout i of timeLayouts when it has the layout's shape.
func parseLayout(i int, s string) (time.Time, bool) {
	l := &timeLayouts[i]
	if !hasShape(s, l.shape) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(l.layout, s, time.UTC)
	return t, err == nil
}

// layoutHint is the index in timeLayouts of the layout that parsed the last timestamp,
// tried first: a file keeps one format. The order does not change a result, since the
// layouts that take the same text (with and without an optional fraction, with a comma or
// a period before it) read the same time from it. Scans that run at once share it, which
// costs them time, not results.
var layoutHint atomic.Int32

// eachLayout calls try with the index of every layout of timeLayouts, the hinted one
// first, until try returns true; it reports whether one did, and hints it for the next
// time.
func eachLayout(try func(i int) bool) bool {
	hint := int(layoutHint.Load())
	if try(hint) {
		return true
	}
	for i := range timeLayouts {
		if i != hint && try(i) {
			layoutHint.Store(int32(i))
			return true
		}
	}
	return false
}

// lineTime returns the event time of a log line, as a tail input with a parser would
// set it: the time field of a JSON object line (see timeInJSON), else a timestamp among
// its first tokens (see timeInLine). ok is false when the line has none.
func lineTime(line []byte, fallback time.Time) (time.Time, bool) {
	if bytes.IndexByte(line, 0x1b) >= 0 {
		line = []byte(record.StripANSI(string(line))) // a coloured header's time
	}
	if chunk.LooksLikeJSONObject(line) {
		if t, ok := timeInJSON(line, fallback); ok {
			return t, true
		}
		// A JSON line's text holds no header: a time of day in it is part of a value.
		return leadingTime(line, fallback)
	}
	return timeInLine(line, fallback)
}

// journald's time fields, as `journalctl -o json` writes them: microseconds since the
// epoch in a JSON string. Every entry has the time journald received it; an entry whose
// sender stamped it (the kernel, a client of sd_journal_send) also has the time the event
// happened, which is the one journalctl shows.
const (
	journalReceivedKey = "__REALTIME_TIMESTAMP"
	journalSourceKey   = "_SOURCE_REALTIME_TIMESTAMP"
)

// timeInJSON returns the time held by a top-level member of a JSON object line named like
// a time field (time, ts, timestamp, @timestamp, date, ..., journald's): a string in one
// of timeLayouts, or a number of seconds, milliseconds, microseconds or nanoseconds
// since the epoch, told apart by magnitude, also when written as a string. A journald
// entry takes its source time, else its reception time, before any field its sender
// logged, as journalctl does; any other line the first time field that parses.
func timeInJSON(line []byte, fallback time.Time) (t time.Time, ok bool) {
	const none = 3
	best := none // 0 the source time, 1 the reception time, 2 any other time field
	chunk.RangeJSON(line, func(name []byte, escaped bool, v chunk.JSONValue) bool {
		if escaped || !record.IsTimeKey(string(name)) {
			return true
		}
		rank := 2
		switch {
		case strings.EqualFold(string(name), journalSourceKey):
			rank = 0
		case strings.EqualFold(string(name), journalReceivedKey):
			rank = 1
		}
		if rank >= best {
			return true
		}
		if at, found := jsonTime(v, fallback); found {
			t, ok, best = at, true, rank
		}
		// A journald entry may name its source time after the others (journalctl writes
		// __REALTIME_TIMESTAMP near the start): read on until it is found.
		return best > 0
	})
	return t, ok
}

// jsonTime reads one time field's value: a string, a number, or MongoDB's extended JSON
// date (`"t": {"$date": "2024-05-01T15:16:17.180+00:00"}`, also `{"$date": {"$numberLong":
// "1714576577180"}}`).
func jsonTime(v chunk.JSONValue, fallback time.Time) (time.Time, bool) {
	// log4j2's JsonLayout: "instant": {"epochSecond": 1718625601, "nanoOfSecond": 28000000}.
	if sec, ok := chunk.LookupJSON(v.Raw(), "epochSecond"); ok {
		s, err := strconv.ParseInt(string(sec.Raw()), 10, 64)
		if err != nil || s <= 0 {
			return time.Time{}, false
		}
		var ns int64
		if nano, ok := chunk.LookupJSON(v.Raw(), "nanoOfSecond"); ok {
			ns, _ = strconv.ParseInt(string(nano.Raw()), 10, 64)
		}
		return time.Unix(s, ns).UTC(), true
	}
	if date, ok := chunk.LookupJSON(v.Raw(), "$date"); ok {
		if n, ok := chunk.LookupJSON(date.Raw(), "$numberLong"); ok {
			date = n
		}
		v = date
	}
	if v.IsString() {
		s := v.Text()
		if t, ok := parseTime(s, fallback); ok {
			return t, true
		}
		return epochString(s)
	}
	if n, err := strconv.ParseInt(string(v.Raw()), 10, 64); err == nil && n > 0 {
		return epochTime(float64(n), n), true
	}
	if f, isNum := v.Float(); isNum && f > 0 {
		return epochTime(f, int64(f)), true
	}
	return time.Time{}, false
}

// minQuotedEpoch is the smallest number in a string taken for a time since the epoch:
// 2001-09-09 in seconds, so every later time in any of epochTime's units is above it. A
// smaller quoted number is more likely a date written in digits ("20240101") or an id
// than a time, and reading it as seconds would put the record in 1970.
const minQuotedEpoch = 1e9

// epochString reads a number since the epoch written as a string: digits, with at most
// one decimal point (journald's "1700000000123456", a logger's quoted "1700000000.5").
func epochString(s string) (time.Time, bool) {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && i > 0 && i < len(s)-1:
			dots++
		case c < '0' || c > '9':
			return time.Time{}, false
		}
	}
	if s == "" || dots > 1 {
		return time.Time{}, false
	}
	if dots == 0 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < minQuotedEpoch {
			return time.Time{}, false
		}
		return epochTime(float64(n), n), true
	}
	// Whole nanoseconds do not take a fraction, and beyond int64 epochTime cannot count.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < minQuotedEpoch || f >= 1e18 {
		return time.Time{}, false
	}
	return epochTime(f, int64(f)), true
}

// epochTime converts a number since the epoch, f (n when it is a whole number, exact
// beyond float64's 53 bits), to a time, its unit guessed from its magnitude: times of
// this century in seconds are below 1e11, in milliseconds below 1e14.
func epochTime(f float64, n int64) time.Time {
	switch {
	case f >= 1e17:
		return time.Unix(0, n).UTC()
	case f >= 1e14:
		return time.UnixMicro(n).UTC()
	case f >= 1e11:
		return time.UnixMilli(n).UTC()
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// parseTime parses a whole timestamp in one of timeLayouts.
func parseTime(s string, fallback time.Time) (t time.Time, ok bool) {
	eachLayout(func(i int) bool {
		t, ok = parseLayout(i, s)
		return ok
	})
	if !ok {
		return time.Time{}, false
	}
	return withYear(t, fallback), true
}

// yearRollover is how far before the previous time a time without a year may land and
// still be taken for the same year: further back, the file went past New Year ("Dec 31"
// then "Jan  1"). Half a year tells that apart from lines a few hours out of order.
const yearRollover = 183 * 24 * time.Hour

// withYear gives a time parsed from a layout without a year (syslog's, klog's) the year
// of fallback, the time of the line before, or the next year when that would put it
// more than yearRollover before it.
func withYear(t, fallback time.Time) time.Time {
	if t.Year() != 0 {
		return t
	}
	at := t.AddDate(fallback.Year(), 0, 0)
	if fallback.Sub(at) > yearRollover {
		at = t.AddDate(fallback.Year()+1, 0, 0)
	}
	return at
}

// klogHeader reports whether a line starts as klog (Kubernetes components,
// controller-runtime, glog) writes its header: a level letter, then the month and day,
// "I0319 14:25:15.298645", or CockroachDB's year, month and day, "E240617 10:00:00.123456".
// The time follows the letter.
func klogHeader(s string) bool {
	return len(s) > 5 && strings.IndexByte("IWEF", s[0]) >= 0 && (hasShape(s[1:], "dddd ") || hasShape(s[1:], "dddddd "))
}

// timeInLine finds a timestamp among the first tokens of a line (leadingTime), else a
// time of day in its header (timeOfDayInLine); ok is false when there is neither.
// Layouts without a year get the year of fallback.
func timeInLine(line []byte, fallback time.Time) (time.Time, bool) {
	if t, ok := leadingTime(line, fallback); ok {
		return t, true
	}
	if t, ok := logfmtTime(line, fallback); ok {
		return t, true
	}
	if t, ok := leadingEpoch(line); ok {
		return t, true
	}
	return timeOfDayInLine(line, fallback)
}

// leadingEpoch reads a line's first token as seconds since the epoch, bare or in
// brackets, with a fraction or not: Squid's access log ("1710842400.123    234 ..."),
// Zeek's logs, Nagios' "[1710842400] SERVICE ALERT: ...". Ten digits before any
// fraction, so a count or an id that starts a line is no time.
func leadingEpoch(line []byte) (time.Time, bool) {
	tok := line[:min(len(line), 32)]
	if i := bytes.IndexAny(tok, " \t"); i >= 0 {
		tok = tok[:i]
	}
	tok = bytes.Trim(tok, "[]")
	if len(tok) < 10 || len(tok) == 11 || len(tok) > 10 && (tok[10] != '.' || len(tok) > 20) {
		return time.Time{}, false
	}
	var sec, nsec int64
	for i, c := range tok {
		switch {
		case i == 10: // the '.'
		case c < '0' || c > '9':
			return time.Time{}, false
		case i < 10:
			sec = sec*10 + int64(c-'0')
		default:
			nsec = nsec*10 + int64(c-'0')
		}
	}
	for n := len(tok) - 11; len(tok) > 10 && n < 9; n++ {
		nsec *= 10 // the fraction's digits as nanoseconds
	}
	if sec < minQuotedEpoch {
		return time.Time{}, false
	}
	return time.Unix(sec, nsec).UTC(), true
}

// logfmtPairs is how many leading key=value pairs of a logfmt line logfmtTime reads: the
// time is among the first few (Docker's `time="..." level=info msg=...`, go-kit's
// `level=info ts=... caller=...`), after a request's context in Grafana's
// (`logger=context userId=1 orgId=1 uname=admin t=... level=info msg=...`, its fifth).
const logfmtPairs = 6

// logfmtSource is how many leading tokens logfmtTime skips before the pairs: the source
// a collector writes before each line (kubectl logs --prefix's "[pod/api-0/api]", a pod
// name, stern's pod and container), so that a pod's logfmt lines keep their time. Read
// without it, an Argo CD family's lines behind their pod's name had no time at all: the
// stream's clock stood still for three hours, and an incident opened in its first
// minute, never quiet for five minutes of event time, took in every failure of the
// next hour and a half.
const logfmtSource = 2

// logfmtTime finds the time of a logfmt line: the value, perhaps quoted, of a time key
// (time, ts, timestamp, ...) among its first logfmtPairs pairs, after at most
// logfmtSource tokens of a source. A line whose first pairs do not start within them is
// not logfmt.
func logfmtTime(line []byte, fallback time.Time) (time.Time, bool) {
	head := line[:min(len(line), 256)]
	for skip := 0; ; skip++ {
		eq := bytes.IndexByte(head, '=')
		if eq <= 0 {
			return time.Time{}, false // most lines without a leading time: no copy made
		}
		if !bytes.ContainsAny(head[:eq], " \t\"") {
			break
		}
		sp := bytes.IndexAny(head, " \t")
		if skip == logfmtSource || sp <= 0 || bytes.IndexByte(head[:sp], '"') >= 0 {
			return time.Time{}, false
		}
		head = bytes.TrimLeft(head[sp:], " \t")
	}
	s := string(head)
	for n := 0; n < logfmtPairs; n++ {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || strings.ContainsAny(s[:eq], " \t\"") {
			return time.Time{}, false
		}
		key, rest := s[:eq], s[eq+1:]
		var value string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return time.Time{}, false
			}
			value, rest = rest[1:1+end], rest[2+end:]
		} else {
			end := strings.IndexAny(rest, " \t")
			if end < 0 {
				end = len(rest)
			}
			value, rest = rest[:end], rest[end:]
		}
		if record.IsTimeKey(key) {
			if t, ok := parseTime(value, fallback); ok {
				return t, true
			}
			return epochString(value)
		}
		s = strings.TrimLeft(rest, " \t")
	}
	return time.Time{}, false
}

// leadingTime finds a timestamp in one of timeLayouts (or an access log's) among the
// first tokens of a line; ok is false when none matches.
func leadingTime(line []byte, fallback time.Time) (time.Time, bool) {
	if t, ok := criTime(line); ok {
		return t, true
	}
	if t, ok := accessLogTime(line); ok {
		return t, true
	}
	s := string(line[:min(len(line), 64)])
	s = strings.TrimLeft(s, "[")
	if klogHeader(s) {
		s = s[1:]
	}
	for skip := 0; skip < 3 && s != ""; skip++ {
		var t time.Time
		if eachLayout(func(i int) bool {
			// A bracketed time may end with the bracket, a comma or a colon before what
			// follows it (Celery's "[2024-03-20 00:30:00,356: INFO/MainProcess]").
			// Bracketed fields side by side end it at the bracket (Elasticsearch's
			// "[2024-05-01T15:16:17,180][WARN ]").
			head := firstFields(s, timeLayouts[i].fields)
			if b := strings.IndexAny(head, "]|"); b >= 0 {
				// Or at a '|' (NLog's "2024-03-19 10:00:00.1234|ERROR|...").
				head = head[:b]
			}
			head = strings.TrimRight(head, ",:")
			var ok bool
			t, ok = parseLayout(i, head)
			return ok
		}) {
			return withYear(t, fallback), true
		}
		// A leading label or host name (BGL's "-", a node name) may precede the time.
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			break
		}
		s = strings.TrimLeft(s[i+1:], " [")
	}
	return time.Time{}, false
}

// timeOfDayInLine is the last resort of timeInLine: a format it does not know whose
// header holds a time of day ("10:00:01", "[10:00:01.250]") among its first three tokens.
// The date is fallback's (the line before's), a day later when the time is more than
// twelve hours before it (past midnight). Without it such a file's clock would stand
// still, and every burst, silence and incident with it.
func timeOfDayInLine(line []byte, fallback time.Time) (time.Time, bool) {
	s := string(line[:min(len(line), 64)])
	for n := 0; n < 3 && s != ""; n++ {
		tok, rest, _ := strings.Cut(strings.TrimLeft(s, " "), " ")
		if d, ok := timeOfDay(strings.Trim(tok, "[]():,")); ok {
			day := fallback.Truncate(24 * time.Hour)
			t := day.Add(d)
			if fallback.Sub(t) > 12*time.Hour {
				t = t.Add(24 * time.Hour)
			}
			return t, true
		}
		s = rest
	}
	return time.Time{}, false
}

// timeOfDay reads "15:04:05" with an optional fraction after a period or comma, as the
// time since midnight.
func timeOfDay(s string) (time.Duration, bool) {
	if len(s) < 8 || !hasShape(s, "dd:dd:dd") {
		return 0, false
	}
	h, m, sec := atoi2(s[0:]), atoi2(s[3:]), atoi2(s[6:])
	if h > 23 || m > 59 || sec > 60 {
		return 0, false
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
	frac := s[8:]
	if frac == "" {
		return d, true
	}
	if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' && frac[0] != ',' || !allDigits(frac[1:]) {
		return 0, false
	}
	scale := time.Second
	for _, c := range frac[1:] {
		scale /= 10
		d += time.Duration(c-'0') * scale
	}
	return d, true
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// criTime returns the time of a container runtime's CRI prefix (an RFC 3339 time, then
// stdout or stderr), which is what Fluent Bit's cri parser gives the record: not the
// time of the container's own line after it, an access log's to the second, where the
// prefix has nanoseconds. Read to the second, an ingress controller's access lines
// among its klog lines (microseconds) each came a second after the one before, a
// silence 20 times the usual gap (the ingress-nginx family: normal records flagged
// 1,444 -> 433 with the prefix's time, make eval).
func criTime(line []byte) (time.Time, bool) {
	i := bytes.IndexByte(line[:min(len(line), 40)], ' ')
	if i < 20 || !bytes.HasPrefix(line[i+1:], []byte("stdout ")) && !bytes.HasPrefix(line[i+1:], []byte("stderr ")) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(line[:i]))
	return t.UTC(), err == nil
}

// accessLogLayout is the time of the Common and Combined Log Formats, between brackets.
const accessLogLayout = "02/Jan/2006:15:04:05 -0700"

// accessLogTime finds the bracketed time of an access log line among its first 128
// bytes, after the client address, ident and user, and any virtual host before them
// ("www.example.com 10.0.0.1 - - [14/May/2024:09:00:39 +0200] ...").
func accessLogTime(line []byte) (time.Time, bool) {
	head := line[:min(len(line), 128)]
	for i := bytes.IndexByte(head, '['); i >= 0; {
		if end := i + 1 + len(accessLogLayout); end < len(head) && head[end] == ']' {
			if t, err := time.Parse(accessLogLayout, string(head[i+1:end])); err == nil {
				return t.UTC(), true
			}
		}
		next := bytes.IndexByte(head[i+1:], '[')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return time.Time{}, false
}

// firstFields returns the first n fields of s, separated by spaces or tabs (see
// fieldSpace), as they appear (runs of spaces inside a syslog date are kept).
func firstFields(s string, n int) string {
	end, seen := 0, 0
	for end < len(s) && seen < n {
		for end < len(s) && fieldSpace(s[end]) && seen > 0 {
			end++
		}
		for end < len(s) && !fieldSpace(s[end]) {
			end++
		}
		seen++
	}
	return s[:end]
}

// fieldSpace reports whether c separates a header's fields: a space, or a tab (zap's
// console encoder and Istio's pilot-agent write "2024-06-12T09:49:23.000442Z\tinfo\t...").
func fieldSpace(c byte) bool { return c == ' ' || c == '\t' }
