package features

import (
	"strings"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// AlarmWords lists the words the `alarm` feature counts. They name a failure, a refusal,
// a security event or a resource running out, whatever level the line was logged at.
// Matching is case-insensitive on whole words (runs of ASCII letters), so "Failed",
// "FAILED" and "failed:" count and "failedover" does not. Besides these, any word ending
// in "exception" or "error" counts (IOException, OutOfMemoryError, ECONNERROR).
var AlarmWords = []string{
	// failures
	"fail", "fails", "failed", "failing", "failure", "failures", "error", "errors",
	"exception", "exceptions", "traceback", "fatal", "critical", "severe",
	"unable", "cannot", "unexpected", "unexpectedly", "mismatch",
	// a negation states that something expected does not hold: "not found", "does not
	// belong", "could not connect"
	"not",
	"retry", "retrying", "retries", "retried",
	// crashes and kills
	"panic", "panicked", "crash", "crashed", "crashing", "segfault", "sigsegv", "sigkill",
	"sigabrt", "abort", "aborted", "aborting", "killed", "coredump", "dumped",
	// resources
	"oom", "oomkilled", "outofmemory", "enospc", "leak", "leaking", "exhausted", "exceeded",
	"overflow", "overloaded", "deadlock", "starvation", "throttled", "slow",
	// reachability
	"timeout", "timeouts", "timedout", "timed", "refused", "unreachable", "unavailable",
	"lost", "broken", "disconnected", "severed",
	// health checks: "unhealthy" is what a failed probe makes of its target (a Kubernetes
	// event's reason, a load balancer's target, ASP.NET Core's health checks); in the
	// tuning families it is on 102 incident lines, 9 normal ones and no benign one
	"unhealthy",
	// security. Not "breach": Kafka deletes every expired segment "due to retention time
	// 604800000ms breach", dozens at each five-minute check, and each such line was an
	// alarm (the Kafka family as written: 3.814% of its normal records flagged, 0.466%
	// without the word; no other family moved, make eval). A security breach is reported
	// with the words around it (an intrusion, an attack, access denied).
	"denied", "deny", "forbidden", "unauthorized", "unauthorised", "unauthenticated",
	"rejected", "reject", "invalid", "illegal", "violation", "intrusion",
	"attack", "malicious", "suspicious", "blocked", "expired",
	// data
	"corrupt", "corrupted", "corruption", "inconsistent", "checksum",
}

// maxAlarmWord bounds the words looked up; longer words are checked only for the
// "exception"/"error" suffix.
const maxAlarmWord = 16

// maxAlarmHits caps the alarm feature: a line with three alarm words is as alarming as
// one with ten, and a bounded feature keeps Isolation Forest scores comparable.
const maxAlarmHits = 3

// alarmSet holds AlarmWords with a (first letter, length) prefilter, so most words of a
// line are rejected without a map lookup.
type alarmSet struct {
	words  map[string]string // lower-case word to its static copy, so hits never retain a line
	filter [26]uint32        // bit n set: some alarm word starts with this letter and has n letters
}

var alarms = newAlarmSet(AlarmWords)

func newAlarmSet(words []string) *alarmSet {
	a := &alarmSet{words: make(map[string]string, len(words))}
	for _, w := range words {
		if len(w) > maxAlarmWord || w == "" || !isLetter(w[0]) {
			panic("detect: alarm word out of range: " + w)
		}
		a.words[w] = w
		a.filter[w[0]-'a'] |= 1 << len(w)
	}
	return a
}

// alarmHits is the result of scanning one line.
type alarmHits struct {
	n     int                  // hits, at most maxAlarmHits
	words [maxAlarmHits]string // the first distinct words hit, lower case, static strings
}

// scan counts the alarm words of msg, outside the documents it quotes: an indexed
// document's "upstream request timed out" is what the document says, not what befell the
// line (drain.QuotedDocumentEnd). It does not allocate.
func (a *alarmSet) scan(msg string, hits *alarmHits) {
	hits.n = 0
	var buf [maxAlarmWord]byte
	i, documents := 0, strings.Contains(msg, `{"`)
	for i < len(msg) && hits.n < maxAlarmHits {
		for i < len(msg) && !isLetter(msg[i]) {
			if documents && msg[i] == '{' {
				end := drain.QuotedDocumentEnd(msg, i)
				if end > 0 {
					i = end
					continue
				}
				documents = end == 0
			}
			i++
		}
		start := i
		for i < len(msg) && isLetter(msg[i]) {
			i++
		}
		if start == i || zeroCount(msg[i:]) || gluedToDigit(msg, start, i) {
			continue
		}
		word, ok := a.match(msg[start:i], &buf)
		if !ok && noSpace(msg, start, i) {
			word, ok = "no space", true
		}
		if !ok || hits.has(word) || len(word) == i-start && dottedSegment(msg, start, i) || fieldName(msg, i) {
			continue
		}
		hits.words[hits.n] = word
		hits.n++
	}
}

// noSpace reports whether msg[start:end] is the "space" of "No space left on device", the
// text of ENOSPC, with which every program says a disk is full; it counts as the alarm
// "no space". In the tuning families it is on 5,947 incident lines of five families (a
// database, a cache, a gateway's spool, Cassandra, Vault's audit device) and on no normal
// or benign line. Those lines all had an alarm word already ("error", "failed", the
// "not" of "could not"), so counting it moved no incident: its worth is the reason a
// person reads (make eval: benign records after 5 min 13,878 -> 13,868, alerts on no
// incident 368 -> 369).
func noSpace(msg string, start, end int) bool {
	return end-start == 5 && strings.EqualFold(msg[start:end], "space") && start >= 3 &&
		msg[start-1] == ' ' && strings.EqualFold(msg[start-3:start-1], "no") &&
		(start == 3 || !isLetter(msg[start-4]))
}

// dottedSegment reports whether msg[start:end], a run of letters, is one segment of a
// dotted name ("nginx.error-prod", an index; "errors.total", a metric; "panic.go", a
// file): a name says what a thing is called, not what befell it. A class name that ends
// in an alarm word (java.lang.OutOfMemoryError) is matched by its suffix and still counts.
func dottedSegment(msg string, start, end int) bool {
	if start >= 2 && msg[start-1] == '.' && (isLetter(msg[start-2]) || msg[start-2] >= '0' && msg[start-2] <= '9') {
		return true
	}
	return end+1 < len(msg) && msg[end] == '.' && isLetter(msg[end+1])
}

// fieldName reports whether the word ending at end is part of the name of a field,
// as logfmt, klog's key=value pairs and a record without a message written out name them
// ("upstream_transport_failure_reason=", `timeout="1s"`, "retries=2"): a field's name says
// what it holds, and its value what happened (`err="connection refused"`). Every line of
// an Envoy access log names upstream_transport_failure_reason, empty unless a connection
// failed, and every one was taken for a failure (the Envoy family as written: normal
// records flagged 1.753% -> 0.519%, benign after 5 min 6.326% -> 0.828%); a kubelet at
// verbosity 4 writes each probe with its timeout="1s" (the node family: benign records
// after 5 min 47.755% -> 0.007%; payments' normal records 91 -> 84; no incident lost, make
// eval).
func fieldName(msg string, end int) bool {
	for end < len(msg) && (isLetter(msg[end]) || isDigit(msg[end]) || msg[end] == '_' || msg[end] == '.' || msg[end] == '-') {
		end++
	}
	return end < len(msg) && msg[end] == '='
}

// match reports whether the letters-only word w is an alarm word and returns its static
// lower-case form.
func (a *alarmSet) match(w string, buf *[maxAlarmWord]byte) (string, bool) {
	if len(w) <= maxAlarmWord && a.filter[(w[0]|0x20)-'a']&(1<<len(w)) != 0 {
		for j := 0; j < len(w); j++ {
			buf[j] = w[j] | 0x20 // w holds ASCII letters only: setting 0x20 lowers them
		}
		if s, ok := a.words[string(buf[:len(w)])]; ok {
			return s, true
		}
	}
	for _, s := range suffixWords {
		// The last letter first: it turns away almost every word without a fold.
		if len(w) > len(s) && w[len(w)-1]|0x20 == s[len(s)-1] && strings.EqualFold(w[len(w)-len(s):], s) {
			return s, !noneOf(w, s)
		}
	}
	return "", false
}

// noneOf reports whether w, a word ending in suffix, says there is none: "no" and the
// suffix, as DNS's success code NOERROR (every answered query of a DNS server's log,
// each an alarm before: the CoreDNS family as written) or a "NoError" status.
func noneOf(w, suffix string) bool {
	return len(w) == len(suffix)+2 && (w[0]|0x20) == 'n' && (w[1]|0x20) == 'o'
}

// gluedToDigit reports whether the run of letters msg[start:end] touches a digit: it is
// part of an identifier, not a word (Elasticsearch's shard and document ids,
// "2Not8L4O_Igg3jGEto9IOE", read "not" as a statement).
func gluedToDigit(msg string, start, end int) bool {
	return start > 0 && isDigit(msg[start-1]) || end < len(msg) && isDigit(msg[end])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// zeroCount reports whether rest, what follows a word, gives it a count of zero after a
// colon ("errors: 0", "timeouts:0,"): a counter that says nothing went wrong. (After an
// equals sign the word names a field: see fieldName.)
func zeroCount(rest string) bool {
	if len(rest) < 2 || rest[0] != ':' {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " ")
	return len(rest) > 0 && rest[0] == '0' && (len(rest) == 1 || !isDigitOrDot(rest[1]))
}

func isDigitOrDot(c byte) bool { return c == '.' || (c >= '0' && c <= '9') }

// suffixWords end the compound alarm words of programming languages (IOException,
// OutOfMemoryError).
var suffixWords = [...]string{"exception", "error"}

func (h *alarmHits) has(w string) bool {
	for _, x := range h.words[:h.n] {
		if x == w {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
