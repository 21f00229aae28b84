package record

import (
	"strings"
	"unicode"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// Level is a log severity on one ordered scale shared by every log format:
//
//	trace < debug < info < notice < warning < error < critical < alert
//
// fatal, severe-as-fatal and crit read as critical; emergency and panic read as alert.
// The zero value, LevelUnknown, means no level was found.
type Level int8

// The levels, lowest first.
const (
	LevelUnknown Level = iota
	LevelTrace
	LevelDebug
	LevelInfo
	LevelNotice
	LevelWarning
	LevelError
	LevelCritical
	LevelAlert
)

var levelNames = [...]string{
	LevelUnknown:  "unknown",
	LevelTrace:    "trace",
	LevelDebug:    "debug",
	LevelInfo:     "info",
	LevelNotice:   "notice",
	LevelWarning:  "warning",
	LevelError:    "error",
	LevelCritical: "critical",
	LevelAlert:    "alert",
}

// String returns the level's lower-case name.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "unknown"
	}
	return levelNames[l]
}

// levelScores puts the levels on the scale of the original proof of concept (INFO 1,
// WARNING 2, ERROR 3, CRITICAL 4) and extends it both ways. Below info the steps are
// halved because trace and debug differ less from info than warning does. A record with
// no level scores as info: most unlabelled lines are ordinary output.
var levelScores = [...]float64{
	LevelUnknown:  1,
	LevelTrace:    0,
	LevelDebug:    0.5,
	LevelInfo:     1,
	LevelNotice:   1.5,
	LevelWarning:  2,
	LevelError:    3,
	LevelCritical: 4,
	LevelAlert:    5,
}

// Score returns the level's value on the scale above.
func (l Level) Score() float64 {
	if l < 0 || int(l) >= len(levelScores) {
		return 1
	}
	return levelScores[l]
}

// AtLeastWarning reports whether l is warning or more severe.
func (l Level) AtLeastWarning() bool { return l >= LevelWarning }

// maxLevelWord is the longest level word the tables hold ("informational").
const maxLevelWord = 13

// levelWords maps lower-case level words, as they appear in level fields and in text, to
// levels. Abbreviations are those of common loggers (log4j, syslog, klog, Python, Go,
// Rust, .NET, Android); "eror" and "warnning" are misspellings seen in the wild.
var levelWords = map[string]Level{
	"trace": LevelTrace, "trc": LevelTrace, "trce": LevelTrace, "verbose": LevelTrace, "vrb": LevelTrace, "finest": LevelTrace, "finer": LevelTrace,
	"debug": LevelDebug, "dbg": LevelDebug, "debg": LevelDebug, "dbug": LevelDebug, "fine": LevelDebug,
	"info": LevelInfo, "inf": LevelInfo, "information": LevelInfo, "informational": LevelInfo, "config": LevelInfo,
	// PostgreSQL's and PgBouncer's ordinary messages: "LOG:  checkpoint starting".
	"log":    LevelInfo,
	"notice": LevelNotice, "note": LevelNotice,
	"warn": LevelWarning, "warning": LevelWarning, "wrn": LevelWarning, "warnning": LevelWarning,
	"error": LevelError, "err": LevelError, "eror": LevelError, "erro": LevelError, "severe": LevelError,
	"critical": LevelCritical, "crit": LevelCritical, "crt": LevelCritical, "fatal": LevelCritical, "ftl": LevelCritical, "failure": LevelCritical,
	"alert": LevelAlert, "emergency": LevelAlert, "emerg": LevelAlert, "panic": LevelAlert,
}

// levelLetters maps the one-letter levels of klog, Android logcat and .NET's short forms.
// 'A' (Android assert) and 'N' are left out: too often a word of their own.
var levelLetters = [...]Level{
	'V': LevelTrace, 'T': LevelTrace, 'D': LevelDebug, 'I': LevelInfo,
	'W': LevelWarning, 'E': LevelError, 'C': LevelCritical, 'F': LevelCritical,
}

func letterLevel(c byte) Level {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	if int(c) < len(levelLetters) {
		return levelLetters[c]
	}
	return LevelUnknown
}

// ParseLevel reads the value of a level field. It accepts, case-insensitively and with any
// surrounding brackets, quotes or trailing punctuation ("[ERROR]", "<warn>", "E:"):
//
//   - level words and their common abbreviations: trace, debug, info, notice, warn(ing),
//     err(or), severe, crit(ical), fatal, alert, emerg(ency), panic, ...;
//   - one-letter levels: V, T, D, I, W, E, C, F, and MongoDB's debug levels D1 to D5;
//   - syslog severities 0 (emergency) to 7 (debug);
//   - bunyan/pino numeric levels 10 (trace), 20, 30, 40, 50, 60 (fatal);
//   - a level after a module, "proxy_http:error" (Apache's, in Fluent Bit's apache_error
//     parser's level field).
//
// Anything else is LevelUnknown.
func ParseLevel(s string) Level {
	s = trimLevelPunct(s)
	if c := strings.LastIndexByte(s, ':'); c > 0 {
		// Apache's module and level, "proxy_http:error", as Fluent Bit's apache_error
		// parser captures them in its level field.
		s = s[c+1:]
	}
	if s == "" || len(s) > maxLevelWord {
		return LevelUnknown
	}
	if len(s) == 1 {
		if c := s[0]; c >= '0' && c <= '7' {
			return syslogLevels[c-'0']
		}
		return letterLevel(s[0])
	}
	if len(s) == 2 && s[1] == '0' && s[0] >= '1' && s[0] <= '6' {
		return pinoLevels[s[0]-'1']
	}
	if len(s) == 2 && (s[0] == 'D' || s[0] == 'd') && s[1] >= '1' && s[1] <= '5' {
		return LevelDebug // MongoDB's verbosity levels of debug messages
	}
	return wordLevel(s)
}

// ParsePriority reads a syslog PRI value (RFC 3164 and 5424: facility × 8 + severity, 0
// to 191), as Fluent Bit's syslog parsers write it in their pri field, as the level of
// its severity; anything else is LevelUnknown.
func ParsePriority(s string) Level {
	s = strings.Trim(s, "<> ")
	if len(s) == 0 || len(s) > 3 || !allDigitsIn(s) {
		return LevelUnknown
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	if n > 191 {
		return LevelUnknown
	}
	return syslogLevels[n%8]
}

// syslogLevels maps RFC 5424 severities to levels.
var syslogLevels = [8]Level{LevelAlert, LevelAlert, LevelCritical, LevelError, LevelWarning, LevelNotice, LevelInfo, LevelDebug}

// pinoLevels maps bunyan/pino levels 10..60.
var pinoLevels = [6]Level{LevelTrace, LevelDebug, LevelInfo, LevelWarning, LevelError, LevelCritical}

// wordLevel looks s up case-insensitively without allocating.
func wordLevel(s string) Level {
	if len(s) == 0 || len(s) > maxLevelWord || !levelWordShapes.may(s[0]|0x20, len(s)) {
		return LevelUnknown // most words of a header: no level word starts so and is that long
	}
	var buf [maxLevelWord]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return levelWords[string(buf[:len(s)])]
}

// levelWordShapes filters the words of a header before the map of level words: most are
// turned away without a lookup.
var levelWordShapes = func() (shapes wordShapes) {
	for w := range levelWords {
		shapes.add(w)
	}
	return shapes
}()

func isLevelPunct(c byte) bool {
	switch c {
	case '[', ']', '(', ')', '<', '>', '{', '}', '"', '\'', ':', ',', ';', '|', '-', '=', '.', '*', '#', '!', ' ', '\t':
		return true
	}
	return false
}

func trimLevelPunct(s string) string {
	for len(s) > 0 && isLevelPunct(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isLevelPunct(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// textLevelTokens is how many leading tokens LevelInText examines. Headers of common
// formats put the level within the first eight tokens (BlueGene/L RAS logs have seven
// header tokens before it); looking further would mostly find words of the message.
const textLevelTokens = 10

// LevelInText finds the level of a raw log line: the first level-looking token among
// its first few whitespace-separated tokens. It recognises
//
//   - upper-case or capitalised level words, bare or punctuated: "ERROR", "[WARN]",
//     "Info", "<notice>", "FATAL:";
//   - bracketed lower-case level words: "[error]", "(warn)", and Fluent Bit's own
//     right-aligned "[ warn]";
//   - key=value pairs: "level=info", "lvl=warn", "severity=error";
//   - Python's default format: "WARNING:root:message"; Celery's "ERROR/ForkPoolWorker-5]";
//   - klog headers: "E0312 10:00:00.000000 ...", CockroachDB's "E240617 10:00:00.123456 ...";
//   - Apache's "[module:level]" and a syslog line's PRI ("<11>Oct 11 ...": severity 3);
//   - a Rust panic's or a JVM's uncaught exception's first line, critical (threadDied);
//   - one-letter upper-case levels after a header of numbers (Android logcat
//     "03-17 16:13:38.811 1702 2395 D Tag: ...").
//
// Lower-case bare words are taken only when every token before them contains a digit
// (a timestamp, a pid), so "connection error" in a message is not a level.
// A line with no level word that is an HTTP access log line (Common or Combined Log
// Format: `"GET /path HTTP/1.1" 502 ...`; a W3C extended log's, as IIS writes it;
// HAProxy's) or a client's report of a response takes the level of its status
// (StatusLevel; see statusInText).
//
// LevelInText does not allocate.
func LevelInText(msg string) Level {
	if l, _, _ := findLevel(msg); l != LevelUnknown {
		return l
	}
	return statusInText(msg)
}

// StatusLevel maps an HTTP response status to a level, since access logs have none of
// their own, the way log platforms classify web access logs: 5xx error, 4xx warning
// (a 401 storm is a login storm), 1xx to 3xx info. Other numbers are LevelUnknown.
func StatusLevel(code int) Level {
	switch {
	case code < 100 || code > 599:
		return LevelUnknown
	case code >= 500:
		return LevelError
	case code >= 400:
		return LevelWarning
	}
	return LevelInfo
}

// ParseStatus reads an HTTP status field ("401", 503) as StatusLevel does; anything but
// three digits is LevelUnknown.
func ParseStatus(s string) Level {
	s = strings.Trim(s, `" `)
	if len(s) != 3 || !allDigitsIn(s) {
		return LevelUnknown
	}
	return StatusLevel(int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0'))
}

// statusInText returns the level of the status that follows the request of an access
// log line, `HTTP/1.1" 404 `, uWSGI's `(HTTP/1.1 502)`, a quoted status line's
// (`"HTTP/1.1 500 Internal Server Error"`, httpx's), a request line's without its
// protocol (requestLineStatus), a W3C extended log line's (w3cStatus) or an HAProxy
// HTTP log line's (haproxyStatus), or LevelUnknown.
func statusInText(msg string) Level {
	if l := requestLineStatus(msg); l != LevelUnknown {
		return l
	}
	if l := w3cStatus(msg); l != LevelUnknown {
		return l
	}
	if l := haproxyStatus(msg); l != LevelUnknown {
		return l
	}
	for off := 0; ; {
		i := strings.Index(msg[off:], "HTTP/")
		if i < 0 {
			return LevelUnknown
		}
		j := off + i + len("HTTP/")
		for j < len(msg) && (msg[j] == '.' || msg[j] >= '0' && msg[j] <= '9') {
			j++
		}
		if j+5 <= len(msg) && msg[j] == '"' && msg[j+1] == ' ' && (j+5 == len(msg) || msg[j+5] == ' ') {
			if l := ParseStatus(msg[j+2 : j+5]); l != LevelUnknown {
				return l
			}
		}
		// uWSGI's request line ends with its protocol and status in parentheses:
		// "... in 5003 msecs (HTTP/1.1 502) 2 headers in 80 bytes".
		if j+5 < len(msg) && i > 0 && msg[off+i-1] == '(' && msg[j] == ' ' && msg[j+4] == ')' {
			if l := ParseStatus(msg[j+1 : j+4]); l != LevelUnknown {
				return l
			}
		}
		// A client quotes the status line of the response it got: Python's httpx logs
		// every request so, at info, `HTTP Request: POST https://... "HTTP/1.1 500
		// Internal Server Error"`.
		if j+5 < len(msg) && off+i > 0 && msg[off+i-1] == '"' && msg[j] == ' ' && (msg[j+4] == ' ' || msg[j+4] == '"') {
			if l := ParseStatus(msg[j+1 : j+4]); l != LevelUnknown {
				return l
			}
		}
		off = j
	}
}

// statusPairInText returns the level of a status written as a pair among the tokens of
// msg (logfmt's status=503, "code": 500 left as text), the key one of statusKeys, or
// LevelUnknown. A pair inside a document the message quotes is the document's
// (drain.QuotedDocumentEnd): an nginx access document's "status_code":502 in
// Elasticsearch's indexing slow log made that log's DEBUG line an error.
func statusPairInText(msg string) Level {
	documents := strings.Contains(msg, `{"`)
	// The next '=', ':' and '{' at or after i, each found by a search of the line rather
	// than by a test of every byte: most of a line is none of them.
	eq, colon, brace := -1, -1, -1
	for i := 0; i+3 < len(msg); {
		if eq < i {
			eq = nextByte(msg, i, '=')
		}
		if colon < i {
			colon = nextByte(msg, i, ':')
		}
		sep := min(eq, colon)
		if documents {
			if brace < i {
				brace = nextByte(msg, i, '{')
			}
			if brace < sep && brace+3 < len(msg) {
				end := drain.QuotedDocumentEnd(msg, brace)
				if end > 0 {
					i = end
					continue
				}
				documents = end == 0
				i = brace + 1
				continue
			}
		}
		if sep+3 >= len(msg) {
			break
		}
		if l := statusPairAt(msg, sep); l != LevelUnknown {
			return l
		}
		i = sep + 1
	}
	return LevelUnknown
}

// statusPairAt returns the level of the status whose key ends at msg[i], an '=' or a
// ':', or LevelUnknown.
func statusPairAt(msg string, i int) Level {
	j := i + 1
	for j < len(msg) && (msg[j] == ' ' || msg[j] == '"') && j-i < 3 {
		j++
	}
	if j+3 > len(msg) || (j+3 < len(msg) && msg[j+3] >= '0' && msg[j+3] <= '9') {
		return LevelUnknown
	}
	code := msg[j : j+3]
	if !allDigitsIn(code) {
		return LevelUnknown
	}
	k := i
	for k > 0 && (isAlnum(msg[k-1]) || msg[k-1] == '_' || msg[k-1] == '.' || msg[k-1] == '"') {
		k--
	}
	if !StatusKey(strings.Trim(msg[k:i], `"`)) {
		return LevelUnknown
	}
	return ParseStatus(code)
}

// nextByte returns the index of the first c in msg at or after from, or len(msg).
func nextByte(msg string, from int, c byte) int {
	if i := strings.IndexByte(msg[from:], c); i >= 0 {
		return from + i
	}
	return len(msg)
}

// CutLevel is LevelInText that also returns the text after the level token, with leading
// spaces removed: for "2024-01-01 10:00:35 CRITICAL Kernel panic" it returns
// (LevelCritical, "Kernel panic", true). When no level is found it returns
// (LevelUnknown, msg, false).
func CutLevel(msg string) (l Level, rest string, ok bool) {
	l, _, end := findLevel(msg)
	if l == LevelUnknown {
		return l, msg, false
	}
	return l, strings.TrimLeft(msg[end:], " \t"), true
}

// findLevel returns the level of msg and the byte span of the token it came from.
func findLevel(msg string) (l Level, start, end int) {
	allDigits := true // every earlier token held a digit
	prose := false    // an earlier token was a word with a lower-case letter, unbracketed
	i := 0
	// A syslog line as sent starts with its PRI, "<11>Oct 11 22:14:15 host su: ...": its
	// severity is the line's level unless a level word follows (an application that logs
	// everything at one priority and writes its own level); the level cuts nothing, the
	// PRI goes with the rest of the syslog header (syslogHeaderEnd).
	pri := LevelUnknown
	if len(msg) > 2 && msg[0] == '<' {
		if e := strings.IndexByte(msg[:min(len(msg), 5)], '>'); e > 1 {
			pri = ParsePriority(msg[1:e])
		}
	}
	if l, start, end := redisLevel(msg); l != LevelUnknown {
		return l, start, end
	}
	if threadDied(msg) {
		return LevelCritical, 0, 0
	}
	prevTok := ""
	for n := 0; n < textLevelTokens; n++ {
		for i < len(msg) && (msg[i] == ' ' || msg[i] == '\t') {
			i++
		}
		if i >= len(msg) {
			break
		}
		start = i
		for i < len(msg) && msg[i] != ' ' && msg[i] != '\t' {
			i++
			// Fields written in brackets side by side are tokens of their own:
			// Elasticsearch's "[2024-05-01T15:16:17,180][WARN ][o.e.c.Node]".
			if msg[i-1] == ']' && i < len(msg) && msg[i] == '[' {
				break
			}
		}
		// So are fields joined by '|': NLog's default layout,
		// "2024-03-19 10:00:00.1234|ERROR|App.Worker|Job failed".
		if n < 3 { // NLog's level is its second field
			if p := strings.IndexByte(msg[start+1:i], '|'); p >= 0 {
				i = start + 1 + p
			}
		}
		if i-start == 1 && msg[start] == '[' {
			i = paddedBracketEnd(msg, i)
		}
		tok := msg[start:i]
		if n > 0 && len(prevTok) > 1 && prevTok[len(prevTok)-1] == ':' && syslogTag(prevTok) {
			if l := taggedLevel(tok); l != LevelUnknown {
				// The level a daemon writes after its syslog tag reads nothing off the
				// line: the tag names the event ("postfix/smtp[4312]: warning: ...").
				return l, 0, 0
			}
		}
		prevTok = tok
		if l := tokenLevel(tok, n, allDigits); l != LevelUnknown {
			if l == LevelCritical && postgresSessionFatal(msg, start, i) {
				l = LevelError
			}
			if prose && isCapitalised(tok) {
				// A capitalised word after words of prose is the message's, not a
				// header's: Rails' "Completed 500 Internal Server Error in 12ms" is an
				// error, but cut there it lost its request's words and status, every
				// 500 one template with every other status's tail. (A header's tags,
				// PHP's "PHP Fatal error:", are no prose.)
				return l, 0, 0
			}
			return l, start, i
		}
		if allDigits || !prose {
			digit := hasDigit(tok)
			allDigits = allDigits && digit
			prose = prose || !digit && strings.IndexByte("[<({|", tok[0]) < 0 && strings.IndexFunc(tok, unicode.IsLower) >= 0
		}
	}
	return pri, 0, 0
}

// taggedLevel returns the level of a lower-case level word and colon that opens a syslog
// message after its tag, LevelUnknown for any other token. Postfix writes its
// warnings, errors and fatal errors so ("warning: ", "fatal: "), OpenSSH its errors
// ("error: Received disconnect"): lower case, which read anywhere else is a word of
// prose. A syslog parser's message field starts with the word, which was read as the
// level already; the raw line now agrees (the mail family's 1,936 Postfix warnings:
// its alerts on lines of no incident 23 -> 20, make eval).
func taggedLevel(tok string) Level {
	if len(tok) < 3 || len(tok)-1 > maxLevelWord || tok[len(tok)-1] != ':' {
		return LevelUnknown
	}
	word := tok[:len(tok)-1]
	for k := 0; k < len(word); k++ {
		if word[k] < 'a' || word[k] > 'z' {
			return LevelUnknown
		}
	}
	if isWeakLevelWord(word) {
		return LevelUnknown
	}
	return wordLevel(word)
}

// paddedBracketEnd returns the end of a bracketed field padded on the left whose opening
// bracket ends at i, as Fluent Bit writes its own levels right-aligned in five
// characters ("[ warn]", "[ info]", "[error]"): read token by token, "[" and "warn]"
// were no level, and every warning of a Fluent Bit's own log was a line without one. It
// returns i when the bracket opens no such field.
func paddedBracketEnd(msg string, i int) int {
	j := i
	for j < len(msg) && msg[j] == ' ' {
		j++
	}
	if j == i {
		return i
	}
	end := j
	for end < len(msg) && end-j <= maxLevelWord && isASCIILetter(msg[end]) {
		end++
	}
	if end == j || end >= len(msg) || msg[end] != ']' {
		return i
	}
	return end + 1
}

// threadDied reports whether msg is a runtime's report of a thread that died, as the
// runtime writes it to stderr without a level: Rust's panic hook ("thread 'main'
// panicked at src/main.rs:4:5:") and the JVM's handler of an uncaught exception
// ("Exception in thread "main" java.lang.IllegalStateException: ..."), and a shell's
// report of a process a signal killed (processKilled). Go's own report starts with
// "panic:", a level word. It is read as critical and cuts nothing: the message is the
// event.
func threadDied(msg string) bool {
	if rest, ok := strings.CutPrefix(msg, "thread '"); ok {
		end := strings.IndexByte(rest, '\'')
		return end >= 0 && strings.HasPrefix(rest[end:], "' panicked at ")
	}
	if rest, ok := strings.CutPrefix(msg, `Exception in thread "`); ok {
		end := strings.IndexByte(rest, '"')
		return end >= 0 && strings.HasPrefix(rest[end:], `" `)
	}
	return processKilled(msg)
}

// maxBareReport bounds the length of a shell's bare report of a killed process, the
// signal's description with " (core dumped)" and some white space.
const maxBareReport = 48

// deathSignals are the descriptions a shell prints of a signal that killed its child
// (strsignal's: SIGKILL, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE).
var deathSignals = [...]string{"Killed", "Segmentation fault", "Aborted", "Bus error", "Illegal instruction", "Floating point exception"}

// processKilled reports whether msg is a shell's report of a process a signal killed,
// the last line a container's entrypoint script writes of its application: the signal's
// description alone ("Killed", the kernel's OOM killer; "Segmentation fault (core
// dumped)"), or as bash writes it, after the script's line and the process id
// ("/entrypoint.sh: line 12:    42 Killed                  python app.py").
func processKilled(msg string) bool {
	// Every record asks: a line that starts as the common headers do, with a digit (a
	// time) or a bracket, is none.
	if msg == "" {
		return false
	}
	if c := msg[0]; c >= '0' && c <= '9' || c == '[' || c == '{' || c == '<' {
		return false
	}
	if len(msg) <= maxBareReport {
		bare := strings.TrimSuffix(strings.TrimSpace(msg), " (core dumped)")
		for _, d := range deathSignals {
			if bare == d {
				return true
			}
		}
	}
	// bash's: the script and its line first ("/entrypoint.sh: line 12: "), then the pid
	// and the description.
	sp := strings.IndexByte(msg, ' ')
	if sp < 2 || msg[sp-1] != ':' {
		return false
	}
	rest := msg[sp+1:]
	rest, ok := strings.CutPrefix(rest, "line ")
	if !ok {
		return false
	}
	num, rest, ok := strings.Cut(rest, ": ")
	if !ok || !allDigitsIn(num) {
		return false
	}
	pid, rest, ok := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if !ok || !allDigitsIn(pid) {
		return false
	}
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), " (core dumped)"))
	for _, d := range deathSignals {
		if rest == d || strings.HasPrefix(rest, d+"  ") || strings.HasPrefix(rest, d+" (core dumped)") {
			return true
		}
	}
	return false
}

// postgresSessionFatal reports whether the level token msg[start:end] is PostgreSQL's
// FATAL, which its server writes as it writes every severity, a colon and two spaces
// after it ("FATAL:  password authentication failed for user"), alone or at the end of
// the colon-joined header Amazon RDS gives it. There FATAL is an error that ends one
// session (a wrong password, a connection an administrator terminated, too many
// clients), and the server's own crash is PANIC. Read as critical, a dashboard's stale
// password, refused every 15 minutes, paged each time: 7 of the PostgreSQL family's 12
// false incidents (tuning families: alerts on no incident 420 -> 414, normal records
// 7,387 -> 7,376; holdout: alerts on no incident 162 -> 158, make eval). The family's
// disk filling had counted as alerted only because one of the dashboard's FATALs, taken
// into the incident a statement timeout had opened 17 s before the disk filled,
// escalated it to critical: 86.7% -> 0.0% under its own id, 100% flagged either way.
func postgresSessionFatal(msg string, start, end int) bool {
	tok := msg[start:end]
	return strings.HasSuffix(tok, "FATAL:") && (len(tok) == len("FATAL:") || tok[len(tok)-len("FATAL:")-1] == ':') &&
		strings.HasPrefix(msg[end:], "  ")
}

// redisLevel reads the level of a Redis log line, "1:M 01 May 2024 15:16:17.180 # msg":
// the process id and role (X sentinel, C child, S replica, M master), the time in four
// tokens, then one character for the level: '.' debug, '-' verbose, '*' notice, '#'
// warning. A collector's bracketed source before it ("[pod/redis-node-0/redis] ", as
// kubectl logs --prefix writes it) is skipped: behind one, every Redis line had no level
// and a warning was an ordinary line. It returns LevelUnknown for any other line.
func redisLevel(msg string) (l Level, start, end int) {
	off := 0
	if len(msg) > 0 && msg[0] == '[' {
		if e := strings.IndexByte(msg, ']'); e > 0 && e+1 < len(msg) && msg[e+1] == ' ' {
			off = e + 2
		}
	}
	l, start, end = redisHeaderLevel(msg[off:])
	return l, off + start, off + end
}

// redisHeaderLevel is redisLevel for a line that starts with Redis's own header.
func redisHeaderLevel(msg string) (l Level, start, end int) {
	colon := strings.IndexByte(msg, ':')
	if colon < 1 || colon+2 >= len(msg) || msg[colon+2] != ' ' || strings.IndexByte("XCSM", msg[colon+1]) < 0 || !allDigitsIn(msg[:colon]) {
		return LevelUnknown, 0, 0
	}
	i := colon + 2
	for tok := 0; tok < 4; tok++ { // the date and time: "01 May 2024 15:16:17.180"
		for i < len(msg) && msg[i] == ' ' {
			i++
		}
		for i < len(msg) && msg[i] != ' ' {
			i++
		}
	}
	if i+2 >= len(msg) || msg[i] != ' ' || msg[i+2] != ' ' {
		return LevelUnknown, 0, 0
	}
	switch msg[i+1] {
	case '.', '-':
		l = LevelDebug
	case '*':
		l = LevelNotice
	case '#':
		l = LevelWarning
	default:
		return LevelUnknown, 0, 0
	}
	return l, i + 1, i + 2
}

// levelSeparator returns the index of the first ':' or '/' of tok, or -1 (a loop: this
// runs on most tokens of most headers, where strings.IndexAny costs several times more).
func levelSeparator(tok string) int {
	for i := 0; i < len(tok); i++ {
		if tok[i] == ':' || tok[i] == '/' {
			return i
		}
	}
	return -1
}

// colonJoinedLevel reads an upper-case level word that ends a token whose fields are
// joined by colons, as PostgreSQL writes its header with the log_line_prefix that Amazon
// RDS and many guides use, '%t:%r:%u@%d:[%p]:': "UTC:10.0.0.1(5432):app@shop:[123]:ERROR:".
// Read token by token, the level was the tail of one token, and every line of such a
// server had none.
func colonJoinedLevel(tok string) Level {
	if len(tok) < 3 || tok[len(tok)-1] != ':' {
		return LevelUnknown
	}
	c := strings.LastIndexByte(tok[:len(tok)-1], ':')
	if c < 0 {
		return LevelUnknown
	}
	head := tok[c+1 : len(tok)-1]
	if len(head) > maxLevelWord || !isUpperWord(head) {
		return LevelUnknown
	}
	return wordLevel(head)
}

// tokenLevel decides whether one token of a line's header is a level. n is the token's
// index and afterNumbers reports that every earlier token held a digit.
func tokenLevel(tok string, n int, afterNumbers bool) Level {
	if l := colonJoinedLevel(tok); l != LevelUnknown {
		return l
	}
	if len(tok) > 2*maxLevelWord+16 {
		return LevelUnknown
	}
	// key=value: level=info, lvl=WARN, severity="error".
	if eq := strings.IndexByte(tok, '='); eq > 0 {
		if isLevelKey(trimLevelPunct(tok[:eq])) {
			return ParseLevel(tok[eq+1:])
		}
		return LevelUnknown
	}
	// Python's default "LEVEL:logger:message", Celery's "LEVEL/ProcessName]".
	if c := levelSeparator(tok); c > 0 && c < len(tok)-1 {
		head := strings.TrimLeft(tok[:c], "[")
		if isUpperWord(head) {
			return wordLevel(head)
		}
	}
	// .NET's console logger writes its error first as "fail: " (its others, trce, dbug,
	// info, warn and crit, are level words); "fail" alone is a word of messages.
	if n == 0 && tok == "fail:" {
		return LevelError
	}
	// Monolog's (Laravel, Symfony) "channel.LEVEL:": "production.ERROR:", "request.CRITICAL:".
	if d := strings.LastIndexByte(tok, '.'); d > 0 && len(tok) > d+2 && tok[len(tok)-1] == ':' {
		if head := tok[d+1 : len(tok)-1]; isUpperWord(head) {
			return wordLevel(head)
		}
	}
	// klog: one of IWEF followed by MMDD; CockroachDB's by YYMMDD.
	if n == 0 && (len(tok) == 5 || len(tok) == 7) && strings.IndexByte("IWEF", tok[0]) >= 0 && allDigitsIn(tok[1:]) {
		return letterLevel(tok[0])
	}
	bracketed := tok[0] == '[' || tok[0] == '<' || tok[0] == '(' || tok[0] == '{' || tok[0] == '|'
	word := trimLevelPunct(tok)
	// Apache 2.4's error log: the module, then the level, "[proxy:warn]".
	if c := strings.LastIndexByte(word, ':'); bracketed && c > 0 {
		word = word[c+1:]
	}
	if word == "" || len(word) > maxLevelWord || !isASCIILetter(word[0]) {
		return LevelUnknown // time stamps, pids, numbers: the bulk of headers
	}
	if len(word) == 1 {
		if afterNumbers && n > 0 && word[0] >= 'A' && word[0] <= 'Z' {
			return letterLevel(word[0])
		}
		return LevelUnknown
	}
	if bracketed || isUpperWord(word) {
		return wordLevel(word)
	}
	if afterNumbers || isCapitalised(word) {
		if l := wordLevel(word); l != LevelUnknown && !isWeakLevelWord(word) {
			return l
		}
	}
	return LevelUnknown
}

// weakLevelWords are level words that are also common words of a message; in text they
// count only upper case or bracketed ("CONFIG", "[fine]").
func isWeakLevelWord(w string) bool {
	for _, weak := range [...]string{"config", "note", "fine", "finer", "finest", "failure", "log"} {
		if strings.EqualFold(w, weak) {
			return true
		}
	}
	return false
}

func isLevelKey(k string) bool {
	for _, name := range [...]string{"level", "lvl", "severity", "loglevel", "log.level", "levelname"} {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func allDigitsIn(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func isUpperWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return len(s) > 0
}

// isCapitalised reports "Warning"-style words: one upper-case letter, then lower case.
func isCapitalised(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// w3cStatus returns the level of the status of a line of a W3C extended log, as IIS
// and HTTP.sys write them: columns separated by single spaces (a value's own spaces are
// written as '+'), the date and time first, and then, in the order the log's #Fields
// directive names them, the request's method and path (cs-method cs-uri-stem, or
// cs-uri) and after them the status with its substatus or site id (sc-status
// sc-substatus, sc-status s-siteid):
//
//	2026-02-27 07:58:27 W3SVC2 WEB01 10.40.12.21 GET /Claims/Lookup term=evan 443 - ... 500 0 0 176 1021 30017
//	2026-02-27 09:12:03 10.0.0.7 51234 10.40.12.22 443 HTTP/1.1 GET /claims/1 - 503 3 AppOffline ClaimsPool
//
// The status is the first column after the path that is three digits followed by a
// column of digits. Without it, an IIS server's 500s had no level: they were routine
// lines of their template.
func w3cStatus(line string) Level {
	if !w3cDateTime(line) {
		return LevelUnknown
	}
	// The path is the first column to start with '/', and the method comes before it.
	i := columnStart(line[:min(len(line), maxFormatHeader)], '/', w3cDateTimeLen)
	if i < 0 {
		return LevelUnknown
	}
	if j := strings.LastIndexByte(line[:i-1], ' '); !httpMethod(line[j+1 : i-1]) {
		return LevelUnknown
	}
	rest, prev := line[i:], ""
	for col := 0; col < maxW3CColumnsToStatus && rest != ""; col++ {
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		if len(prev) == 3 && allDigitsIn(prev) && allDigitsIn(tok) {
			return ParseStatus(prev)
		}
		prev = tok
	}
	return LevelUnknown
}

// maxW3CColumnsToStatus bounds the columns read after a W3C line's path for its status:
// IIS's fields put nine between them at most (query, port, user, client, version, user
// agent, cookie, referer, host), its defaults six.
const maxW3CColumnsToStatus = 12

// w3cDateTimeLen is the length of a W3C line's date and time and the space after them.
const w3cDateTimeLen = len("2006-01-02 15:04:05 ")

// w3cDateTime reports whether line starts with a W3C log's date and time, "2006-01-02
// 15:04:05 ", in whole seconds.
func w3cDateTime(line string) bool {
	if len(line) < w3cDateTimeLen+8 || line[4] != '-' || line[7] != '-' || line[10] != ' ' ||
		line[13] != ':' || line[16] != ':' || line[19] != ' ' {
		return false
	}
	return allDigitsIn(line[:4]) && allDigitsIn(line[5:7]) && allDigitsIn(line[8:10]) &&
		allDigitsIn(line[11:13]) && allDigitsIn(line[14:16]) && allDigitsIn(line[17:19])
}

// haproxyStatus returns the level of the status of an HAProxy HTTP log line (`option
// httplog`): the client, the accept date in brackets, the frontend, the backend and
// server, the five timers Tq/Tw/Tc/Tr/Ta, the status and the bytes read:
//
//	5.57.242.254:52079 [17/Jul/2024:06:59:59.966] fe_https~ be_web/web-6 2/0/0/15/34 200 53300 - - ---- ...
//
// A TCP log line has three timers and no status. Without it, HAProxy's 503s ("no server
// available") had the level of the line's syslog priority, info, as its 200s.
func haproxyStatus(line string) Level {
	// The accept date is the first column to start with a bracket:
	// "[17/Jul/2024:06:59:59.966]".
	i := columnStart(line[:min(len(line), maxFormatHeader)], '[', 1)
	if i < 0 || len(line) < i+len("[17/Jul/2024:06:59:59.966] ") || line[i+3] != '/' || line[i+7] != '/' || line[i+12] != ':' {
		return LevelUnknown
	}
	end := strings.Index(line[i:], "] ")
	if end < 0 {
		return LevelUnknown
	}
	rest := line[i+end+2:]
	var col [5]string // frontend, backend/server, timers, status, bytes
	for k := range col {
		var ok bool
		if col[k], rest, ok = strings.Cut(rest, " "); !ok && k < len(col)-1 {
			return LevelUnknown
		}
	}
	if strings.Count(col[2], "/") != 4 || !signedNumbers(col[2], '/') || !allDigitsIn(strings.TrimPrefix(col[4], "+")) {
		return LevelUnknown
	}
	return ParseStatus(col[3])
}

// maxFormatHeader bounds where an access log format's first columns are looked for:
// the request's path in a W3C line (after at most eight columns: the date, the time,
// the site, the server, addresses and ports, the protocol, the method), HAProxy's accept
// date (after a syslog header and the client). Most lines are neither, and are not read
// to their end for a bracket or a slash.
const maxFormatHeader = 128

// columnStart returns the index of the first c at or after from that starts a column
// (follows a space), or -1. It looks for c rather than for the space before it: a line
// has many spaces, and few brackets or slashes.
func columnStart(line string, c byte, from int) int {
	for from < len(line) {
		i := strings.IndexByte(line[from:], c)
		if i < 0 {
			return -1
		}
		if i += from; i > 0 && line[i-1] == ' ' {
			return i
		}
		from = i + 1
	}
	return -1
}

// signedNumbers reports whether s is integers, each perhaps signed ("-1", "+34"),
// separated by sep.
func signedNumbers(s string, sep byte) bool {
	for s != "" {
		part, rest, _ := strings.Cut(s, string(sep))
		if !allDigitsIn(strings.TrimLeft(part, "+-")) {
			return false
		}
		s = rest
	}
	return true
}

// requestLineStatus returns the level of the status of a line that starts as a request
// line without its protocol, the method, the path, the status: Express's morgan in its
// dev and tiny formats, "GET /api/cart 500 12.345 ms - 123". Its 500s had no level.
func requestLineStatus(line string) Level {
	if line == "" || line[0] < 'D' || line[0] > 'P' { // DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT
		return LevelUnknown
	}
	method, rest, ok := strings.Cut(line, " ")
	if !ok || !httpMethod(method) || !strings.HasPrefix(rest, "/") {
		return LevelUnknown
	}
	_, rest, ok = strings.Cut(rest, " ")
	if !ok || len(rest) < 3 || len(rest) > 3 && rest[3] != ' ' {
		return LevelUnknown
	}
	return ParseStatus(rest[:3])
}
