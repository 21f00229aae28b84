package drain

import (
	"bytes"
	"strings"
)

// The masker turns one raw line into the token sequence the miner clusters.
// Tokens are separated by ASCII white space. A token that is a URL, an
// e-mail address, a path or a host name with a digit is masked whole
// (<URL>, <EMAIL>, <PATH>, <HOST>), keeping brackets, quotes and "key="
// around it. Otherwise every maximal run of "word" bytes (ASCII letters and
// digits, and any byte >= 0x80 so that UTF-8 text stays whole) that holds
// a digit starts a variable span; the span grows over single joiner bytes
// (. : - _ / , and "::") to the next run that holds a digit (or is
// hexadecimal after - or :), so that "2005-06-03-15.42.50.675872",
// "10.0.0.1:8080" and "1445144423722_0020_000001" each become one mask. The
// span is then named by its shape: <NUM>, <IP>, <UUID>, <HEX>, <TIME>, or <*>
// for anything else that holds a digit. A unit written as the next word
// joins its number ("40 ms" is one token), and dates written over several
// tokens ("Mon Jun 20 03:40:59 2005") become one <TIME>. Words without
// digits are never masked: the miner's similarity test finds word variables
// (user names, host names) itself.
//
// One more rule is about access logs: after an HTTP request and its status
// (`"GET /x HTTP/1.1" 200`), every double-quoted string (the referer, the user
// agent, a forwarded-for list) is one token "<*>", whatever it holds. Those
// strings are header values that describe the client, not what happened: a user agent is ten words whose
// versions and platform names change from client to client, and kept as words
// it would split one request event into a template per browser family, each
// with a fraction of the event's history.

const (
	maskNum   = "<NUM>"
	maskIP    = "<IP>"
	maskUUID  = "<UUID>"
	maskHex   = "<HEX>"
	maskTime  = "<TIME>"
	maskHost  = "<HOST>"
	maskPath  = "<PATH>"
	maskURL   = "<URL>"
	maskEmail = "<EMAIL>"
	maskAny   = "<*>"
	// wildcardText shows a template position where lines differed. It
	// reads like maskAny on purpose: both are "some value".
	wildcardText = "<*>"
)

// token is one masked token of the current line: its bytes are
// masker.buf[start:end].
type token struct {
	start, end int32
	// masked reports that the token holds at least one mask: the token is
	// probably a variable and must not steer the prefix tree.
	masked bool
	// numeric reports that the token is a plain number (possibly with a
	// unit, a sign, a key= prefix or surrounding punctuation) whose value
	// is in value.
	numeric bool
	value   float64
	unit    Unit
	// tupleAt and tupleLen locate, in masker.tuples, the numbers of a token that is a
	// tuple of them (see numberTuple), tupleLen 0 for any other token; unit is theirs.
	// measured reports that the tuple says what its numbers measure: a unit follows
	// it, or names precede it (see maskToken).
	tupleAt  int32
	tupleLen int32
	measured bool
	// path is the path of a key=path token ("/api/cart" of path=/api/cart), which the
	// mask hides: the value of a named field (see appendPairs). It views the line.
	path string
}

// masker holds the buffers reused from line to line.
type masker struct {
	buf    []byte
	tokens []token
	// dateParts counts tokens that may belong to a date written over
	// several tokens; joinDates runs only when there are some.
	dateParts int
	// afterRequest reports that the line's HTTP request was passed: quoted
	// strings from there on are header values (see headerValueEnd).
	afterRequest bool
	// cutDocument reports that a document the line quotes does not close: no other is
	// looked for (see QuotedDocumentEnd).
	cutDocument bool
	// tuples holds the numbers of the line's tuple tokens (token.tupleAt).
	tuples []float64
}

// Byte classes, looked up in one table on the hot path.
const (
	classSpace = 1 << iota
	classDigit
	classLetter
	classHex // digits and a-f, A-F
	classDot
	classSpecial // '/', '\\', '@': may start a path, a URL or an e-mail address
	classBrace   // '{': may open a quoted document (QuotedDocumentEnd)
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r\v\f") {
		t[c] |= classSpace
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= classDigit | classHex
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= classLetter
		t[c-'a'+'A'] |= classLetter
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] |= classHex
		t[c-'a'+'A'] |= classHex
	}
	t['.'] |= classDot
	t['/'] |= classSpecial
	t['\\'] |= classSpecial
	t['@'] |= classSpecial
	t['{'] |= classBrace
	for c := 0x80; c < 0x100; c++ {
		// Bytes of multi-byte UTF-8 characters (and invalid bytes) count as
		// letters, so such characters are never split.
		t[c] |= classLetter
	}
	return t
}()

func isSpace(c byte) bool    { return byteClass[c]&classSpace != 0 }
func isDigit(c byte) bool    { return byteClass[c]&classDigit != 0 }
func isLetter(c byte) bool   { return c < 0x80 && byteClass[c]&classLetter != 0 }
func isWordByte(c byte) bool { return byteClass[c]&(classDigit|classLetter) != 0 }
func isHexByte(c byte) bool  { return byteClass[c]&classHex != 0 }

// isJoiner reports bytes that may sit inside one variable span.
func isJoiner(c byte) bool {
	switch c {
	case '.', ':', '-', '_', '/', ',':
		return true
	}
	return false
}

// wordRunEnd returns the end of the word run starting at i, and whether it
// holds a digit and whether it is all hexadecimal.
func wordRunEnd(s string, i int) (end int, hasDigit, allHex bool) {
	allHex = true
	for end = i; end < len(s) && isWordByte(s[end]); end++ {
		c := s[end]
		if isDigit(c) {
			hasDigit = true
		} else if !isHexByte(c) {
			allHex = false
		}
	}
	return end, hasDigit, allHex
}

// tokenize splits line into masked tokens, keeping at most maxTokens of
// them; when the line has more, the last kept token stands for the whole
// rest of the line as a single <*>. It reports whether tokens were dropped.
func (m *masker) tokenize(line string, maxTokens int) (truncated bool) {
	m.buf = m.buf[:0]
	m.tokens = m.tokens[:0]
	m.tuples = m.tuples[:0]
	m.dateParts = 0
	m.afterRequest = false
	m.cutDocument = false
	i := 0
	for i < len(line) {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			break
		}
		if m.afterRequest && line[i] == '"' && len(m.tokens) < maxTokens-1 {
			if end := headerValueEnd(line, i); end > 0 {
				start := int32(len(m.buf))
				m.buf = append(m.buf, maskAny...)
				m.tokens = append(m.tokens, token{start: start, end: int32(len(m.buf)), masked: true})
				i = end
				continue
			}
		}
		j, seen := i, uint8(0)
		for ; j < len(line); j++ {
			cls := byteClass[line[j]]
			if cls&classSpace != 0 {
				break
			}
			seen |= cls
		}
		word := line[i:j]
		i = j
		if !m.afterRequest && len(word) >= 6 && word[len(word)-1] == '"' && strings.HasPrefix(word, "HTTP/") {
			m.afterRequest = statusFollows(line, i)
		}
		if n := len(m.tokens); n > 0 && (m.tokens[n-1].numeric || m.tokens[n-1].tupleLen > 0) {
			// A unit written as its own word joins the number before it
			// ("took 40 ms", "(18.4 KB)"), or each number of a tuple ("avg/min/max
			// 629/625/632 msec"): the pair is one variable, valued like "40ms". The
			// previous token is the last one in buf.
			if scale, unit, ok := spacedUnitScale(trimPunct(word)); ok {
				prev := &m.tokens[n-1]
				m.buf = append(m.buf, ' ')
				m.buf = append(m.buf, word...)
				prev.end = int32(len(m.buf))
				prev.value *= scale
				tuple := m.tuples[prev.tupleAt : prev.tupleAt+prev.tupleLen]
				for k := range tuple {
					tuple[k] *= scale
				}
				prev.unit = unit
				prev.measured = prev.tupleLen > 0
				continue
			}
		}
		if len(m.tokens) == maxTokens-1 {
			for i < len(line) && isSpace(line[i]) {
				i++
			}
			if i < len(line) {
				// More tokens follow: one <*> stands for all of them.
				start := int32(len(m.buf))
				m.buf = append(m.buf, maskAny...)
				m.tokens = append(m.tokens, token{start: start, end: int32(len(m.buf)), masked: true})
				truncated = true
				break
			}
		}
		if seen&classBrace != 0 && !m.cutDocument {
			if end := m.maskQuotedDocument(line, i-len(word), word); end > 0 {
				i = end
				continue
			}
		}
		if seen&classSpecial != 0 && m.maskAddress(word) {
			continue
		}
		if len(word) > maxWordBytes {
			start := int32(len(m.buf))
			m.buf = append(m.buf, maskAny...)
			m.tokens = append(m.tokens, token{start: start, end: int32(len(m.buf)), masked: true})
			continue
		}
		if seen&classDigit != 0 {
			m.maskToken(word, seen&classDot != 0 && seen&classLetter != 0)
		} else {
			m.keepWord(word)
		}
	}
	if m.dateParts > 0 {
		m.joinDates()
	}
	return truncated
}

// maxWordBytes is the longest word a template keeps as it is; a longer one is a value.
// The longest names logs hold, a Java method with its class, package, file and line
// ("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.onJoinComplete(
// ConsumerCoordinator.java:324)", 110 bytes) or a C++ frame, fit; what is longer is
// data a line carries (a payload, an encoded blob, a serialised object without spaces),
// different in each line: kept whole, each line made a template holding its own copy,
// up to the 16 KiB of a line the miner reads (2,500 lines of 100 KB left 56 MB in the
// miner, and each record's anomaly.template was 16 KiB).
const maxWordBytes = 256

// QuotedDocumentEnd returns the end of the JSON object that opens at line[i] (`{"`)
// when the line quotes it: the object is not the line's start (a line that is a JSON
// document has its event's words in it) and closes within the line. It returns 0 when
// no such object opens at i, and -1 when one opens but does not close (a document cut
// short): a caller then looks for no other in the line, as each would be read to the
// line's end again (a long line of many unclosed objects would cost its length squared).
// A document a message quotes (Elasticsearch's slow and bulk-failure logs
// quote each document, a client logs the payload it sent) is data the line carries, as
// an access log's user agent is: its words are no template's (kept as words, every shape
// of document made a template of its own: a flood-stage block's bulk failures in 40
// templates, each learned as one of a change's new events), its alarm words and its
// status are the document's, not the line's.
func QuotedDocumentEnd(line string, i int) int {
	if i == 0 || !strings.HasPrefix(line[i:], `{"`) {
		return 0
	}
	depth, inString := 0, false
	for j := i; j < len(line); j++ {
		c := line[j]
		switch {
		case inString && c == '\\':
			j++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// maskQuotedDocument appends word, which starts at line[at] and holds a '{', as one
// token when a document the line quotes opens in it (see QuotedDocumentEnd): what
// precedes the document, <*>, and what follows it up to the next white space
// (`source[<*>]}`). It returns where that token ends in line, 0 when it appended none.
func (m *masker) maskQuotedDocument(line string, at int, word string) int {
	k := strings.Index(word, `{"`)
	if k < 0 {
		return 0
	}
	end := QuotedDocumentEnd(line, at+k)
	if end <= 0 {
		m.cutDocument = end < 0
		return 0
	}
	rest := end
	for end < len(line) && !isSpace(line[end]) {
		end++
	}
	start := int32(len(m.buf))
	m.buf = append(m.buf, word[:k]...)
	m.buf = append(m.buf, maskAny...)
	m.buf = append(m.buf, line[rest:end]...)
	m.tokens = append(m.tokens, token{start: start, end: int32(len(m.buf)), masked: true})
	return end
}

// statusFollows reports whether the next token of line from i is an HTTP status (three
// digits): the request was an access log line's, not one quoted in a message.
func statusFollows(line string, i int) bool {
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	if i+3 > len(line) || !isDigit(line[i]) || !isDigit(line[i+1]) || !isDigit(line[i+2]) {
		return false
	}
	return i+3 == len(line) || isSpace(line[i+3])
}

// headerValueEnd returns the end of the double-quoted string that opens at
// line[i] when it closes before the end of the line, followed by white space
// or the end: one header value of an access log line. It returns 0 when the
// quote does not close so.
func headerValueEnd(line string, i int) int {
	for j := i + 1; j < len(line); j++ {
		if line[j] == '"' && (j+1 == len(line) || isSpace(line[j+1])) {
			return j + 1
		}
	}
	return 0
}

// text returns the masked text of token t.
func (m *masker) text(t token) []byte { return m.buf[t.start:t.end] }

// keepWord appends a token without digits. Only an empty pair of
// brackets or quotes ("()", '""') is masked: it is a value that happens to
// be empty this time.
func (m *masker) keepWord(tok string) {
	t := token{start: int32(len(m.buf))}
	m.buf = append(m.buf, tok...)
	t.end = int32(len(m.buf))
	t.masked = len(tok) <= 3 && isEmptyPair(tok)
	if len(tok) >= 3 && tok[0] >= 'A' && tok[0] <= 'Z' && dateWord(m.buf[t.start:t.end]) {
		m.dateParts++
	}
	m.tokens = append(m.tokens, t)
}

// maskToken appends the masked form of tok, which holds a digit, to m.buf
// and records it. maybeHost tells that tok has a dot and a letter, without
// which it cannot be a host name.
func (m *masker) maskToken(tok string, maybeHost bool) {
	t := token{start: int32(len(m.buf)), masked: false}
	if maybeHost {
		if lead, core, trail := splitWrapping(tok); isHostName(core) {
			// Host names are masked whole: "mail3.example.com:25" and
			// "proxy.example.com:8080" are one variable.
			m.buf = append(m.buf, lead...)
			m.buf = append(m.buf, maskHost...)
			m.buf = append(m.buf, trail...)
			t.end, t.masked = int32(len(m.buf)), true
			m.tokens = append(m.tokens, t)
			return
		}
	}
	masks, numbers, times := 0, 0, 0
	var value float64
	var unit Unit
	numberIsPlain := false
	i := 0
	for i < len(tok) {
		c := tok[i]
		if !isWordByte(c) {
			m.buf = append(m.buf, c)
			i++
			continue
		}
		end, hasDigit, _ := wordRunEnd(tok, i)
		if !hasDigit {
			m.buf = append(m.buf, tok[i:end]...)
			i = end
			continue
		}
		// A sign belongs to the number when it does not join two words.
		start := i
		if i > 0 && (tok[i-1] == '-' || tok[i-1] == '+') && (i == 1 || !isWordByte(tok[i-2])) {
			start = i - 1
			m.buf = m.buf[:len(m.buf)-1]
		}
		spanEnd, month := extendSpan(tok, end)
		kind, v, u := classifySpan(tok[start:spanEnd])
		if month {
			kind = maskTime // "14/May/2024:09:00:56": a date, whatever the month
		}
		m.buf = append(m.buf, kind...)
		masks++
		if kind == maskTime {
			times++
		}
		if kind == maskNum {
			numbers++
			value, unit = v, u
			numberIsPlain = isQuantity(tok, start, spanEnd)
		}
		i = spanEnd
	}
	t.end = int32(len(m.buf))
	t.masked = masks > 0
	if times > 0 {
		m.dateParts++
	}
	if masks == 1 && numbers == 1 && numberIsPlain {
		t.numeric = true
		t.value, t.unit = value, unit
	}
	if masks == 1 && numbers == 0 && times == 0 {
		// Numbers joined by '/' are numbers, each one of its own, when the line says
		// what they measure: names joined the same way before them (Cassandra's
		// "avg/min/max 629/625/632 msec"), or a unit after them (see tokenize).
		// Others mix measures with counts of the process, gauges that follow the
		// traffic (HAProxy's "0/0/1/58/59 200 ... 303/300/3/2/0": a request's timers,
		// then the connections of the process, its frontend, backend and server),
		// which judged as quantities were far above usual for as long as a ticket
		// sale's traffic lasted (the HAProxy family: 40.6% of its normal records
		// flagged, make eval). Nor are the timers alone, the tuple before the status,
		// read: a ticket sale's queueing raises them too (that family's benign records
		// flagged after 5 min 26 -> 2,189, normal 59 -> 1,177, for its exhausted
		// checkout backend 2.5% -> 36.9% and a slow server 0.0% -> 0.1%, make eval).
		// The token stays the <*> it always was.
		if _, core, _ := splitWrapping(tok); len(core) > 0 {
			if values, ok := numberTuple(core, m.tuples); ok {
				t.tupleAt, t.tupleLen = int32(len(m.tuples)), int32(len(values)-len(m.tuples))
				t.measured = m.namesTuple(len(values) - len(m.tuples))
				m.tuples = values
			}
		}
	}
	m.tokens = append(m.tokens, t)
}

// namesTuple reports whether the last token is n names joined by '/' ("avg/min/max"),
// which name the n numbers of the tuple that follows it.
func (m *masker) namesTuple(n int) bool {
	k := len(m.tokens)
	if k == 0 || m.tokens[k-1].masked {
		return false
	}
	text := m.text(m.tokens[k-1])
	return bytes.Count(text, []byte{'/'}) == n-1 && text[0] != '/' && text[len(text)-1] != '/' && !bytes.Contains(text, []byte("//"))
}

// extendSpan grows a variable span that ends at i over joiners followed by
// more digit-bearing runs, and returns the new end. A month's name between
// digits and the same '/' or '-' on both sides ("14/May/2024", "31-May-2024")
// is part of the span, which is then a date (month), not "<NUM>/May/<TIME>".
func extendSpan(tok string, i int) (end int, month bool) {
	for i < len(tok) {
		j := i
		if !isJoiner(tok[j]) {
			return i, month
		}
		j++
		if tok[i] == ':' && j < len(tok) && tok[j] == ':' {
			j++ // IPv6 "::"
		}
		if j >= len(tok) || !isWordByte(tok[j]) {
			return i, month
		}
		end, hasDigit, allHex := wordRunEnd(tok, j)
		if !hasDigit && !(allHex && (tok[i] == '-' || tok[i] == ':')) {
			if !monthBetween(tok, i, j, end) {
				return i, month
			}
			month = true
		}
		i = end
	}
	return i, month
}

// monthBetween reports whether tok[j:end], which follows the joiner tok[i], is a
// month's three-letter name followed by the same joiner and a digit.
func monthBetween(tok string, i, j, end int) bool {
	sep := tok[i]
	return (sep == '/' || sep == '-') && end-j == 3 && end+1 < len(tok) && tok[end] == sep &&
		isDigit(tok[end+1]) && monthWord(tok[j:end])
}

// monthWord reports whether w is a month's three-letter name, in any case.
func monthWord(w string) bool {
	return monthKey(lowerKey(w))
}

// lowerKey returns the first three bytes of b (at least three long), lower-cased.
func lowerKey[T string | []byte](b T) [3]byte {
	var key [3]byte
	for i := range key {
		key[i] = b[i] | 0x20
	}
	return key
}

// monthKey and weekdayKey report whether a lower-cased three-letter key names a month
// or a day of the week.
func monthKey(key [3]byte) bool {
	switch string(key[:]) {
	case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
		return true
	}
	return false
}

func weekdayKey(key [3]byte) bool {
	switch string(key[:]) {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
		return true
	}
	return false
}

// trimPunct drops trailing punctuation such as the ")" of "(18.4 KB)".
func trimPunct(s string) string {
	for len(s) > 0 && !isWordByte(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// TemplateTokenEnd returns where the token of a template (Match.Template) that starts at
// start ends: at the next space, or after the unit a number carries when the unit is
// written apart from it ("<NUM> ms", "(<NUM> KB)"), since the masking made that pair one
// token (see the masking loop above). A Param's slot counts tokens so: counted by
// spaces, "took <NUM> ms status=<NUM>" put the status one position too far, and named it
// by the unit.
func TemplateTokenEnd(template string, start int) int {
	end := start
	for end < len(template) && template[end] != ' ' {
		end++
	}
	if end == len(template) {
		return end
	}
	next := end + 1
	for next < len(template) && template[next] != ' ' && next-end <= maxUnitWord {
		next++
	}
	if next-end > maxUnitWord {
		return end // too long for a unit: most words are, and are told apart here
	}
	if _, _, ok := spacedUnitScale(trimPunct(template[end+1 : next])); ok && numberToken(template[start:end]) {
		return next
	}
	return end
}

// maxUnitWord bounds the length of a word that may be a unit with its punctuation
// ("KiB),"): unitScale's longest unit has four bytes.
const maxUnitWord = 8

// numberToken reports whether a template token is what masking takes a unit after: one
// masked number and no other mask ("<NUM>", "Elapsed=<NUM>", "(<NUM>"), or a tuple of
// them ("<NUM>/<NUM>/<NUM>").
func numberToken(tok string) bool {
	n := strings.Count(tok, maskNum)
	return n > 0 && strings.Count(tok, "<") == n && (n == 1 || strings.Contains(tok, maskNum+"/"+maskNum))
}

// spacedUnitScale is unitScale for units written apart from their number.
// Of the single letters only "B" and "s" are taken: "5 K" or "3 M" are too
// often something else.
func spacedUnitScale(u string) (float64, Unit, bool) {
	if len(u) < 2 && u != "B" && u != "s" {
		return 0, UnitNone, false
	}
	return unitScale(u)
}

// dateWord reports month and weekday names (Title or upper case, full or
// three letters).
func dateWord(b []byte) bool {
	for len(b) > 0 && (b[len(b)-1] == ',' || b[len(b)-1] == '.') {
		b = b[:len(b)-1]
	}
	if len(b) < 3 || len(b) > 9 || !isLetter(b[0]) || b[0] > 'Z' {
		return false
	}
	if key := lowerKey(b); !monthKey(key) && !weekdayKey(key) {
		return false
	}
	if len(b) == 3 {
		return true
	}
	// Full names: accept the usual spellings only.
	switch string(b) {
	case "January", "February", "March", "April", "June", "July", "August", "September",
		"October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
		"Friday", "Saturday", "Sunday", "Sept", "Tues", "Thur", "Thurs":
		return true
	}
	return false
}

// zoneWord reports common time zone abbreviations.
func zoneWord(b []byte) bool {
	switch string(b) {
	case "UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "BST", "IST", "JST":
		return true
	}
	return false
}

// joinDates folds a date written over several tokens ("Mon Jun 20 03:40:59
// 2005", "2017-05-16 00:00:00") into one <TIME> token, so the date's words
// are not mistaken for constants.
func (m *masker) joinDates() {
	toks := m.tokens
	out := toks[:0]
	for i := 0; i < len(toks); {
		j, names, times, numbers := i, 0, 0, 0
	scan:
		for ; j < len(toks); j++ {
			t := toks[j]
			text := m.text(t)
			switch {
			case !t.masked && dateWord(bytes.TrimLeft(text, "[(")) && (j == i || text[0] != '[' && text[0] != '('):
				// A bracket may open the date only ("[Fri May 31 23:59:59 2024]").
				names++
			case t.masked && isAlone(text, maskTime):
				times++
			case t.numeric && t.value >= 0 && t.value < 10000 && t.value == float64(int(t.value)) &&
				isAlone(text, maskNum):
				numbers++
			case !t.masked && times > 0 && zoneWord(text):
			default:
				break scan
			}
		}
		if j-i >= 2 && ((names > 0 && times+numbers > 0) || times >= 2) {
			start := int32(len(m.buf))
			if first := m.text(toks[i]); first[0] == '[' || first[0] == '(' {
				m.buf = append(m.buf, first[0]) // the bracket that opens the date
			}
			m.buf = append(m.buf, maskTime...)
			// Keep the punctuation that closes the date ("to <TIME>.").
			if last := m.text(toks[j-1]); !isWordByte(last[len(last)-1]) && last[len(last)-1] != '>' {
				m.buf = append(m.buf, last[len(last)-1])
			}
			out = append(out, token{start: start, end: int32(len(m.buf)), masked: true})
			i = j
			continue
		}
		// Not a date from here: keep this token and look again from the
		// next, so a date that starts inside the run is still found.
		out = append(out, toks[i])
		i++
	}
	m.tokens = out
}

// splitWrapping splits the brackets, quotes, "key=" and trailing
// punctuation around a token from its core.
func splitWrapping(tok string) (lead, core, trail string) {
	i := 0
	for i < len(tok) && (tok[i] == '(' || tok[i] == '[' || tok[i] == '{' || tok[i] == '<' || tok[i] == '\'' || tok[i] == '"') {
		i++
	}
	for k := i; k < len(tok) && tok[k] != '.'; k++ {
		if tok[k] == '=' {
			i = k + 1
			break
		}
	}
	j := len(tok)
	for j > i && !isWordByte(tok[j-1]) {
		j--
	}
	return tok[:i], tok[i:j], tok[j:]
}

// isHostName reports host names that hold a digit: "name.domain:port"
// with at least one dot, or "a.b.tld" with at least two dots and a lower
// case top-level domain of two to six letters. Dotted names without digits
// ("org.example.Main") are left alone: they are more often code than hosts.
// IPv4 addresses are left to the IP mask.
func isHostName(s string) bool {
	dots, digits, letters := 0, 0, 0
	colon := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case isLetter(c):
			if colon >= 0 {
				return false
			}
			letters++
		case c == '-' || c == '_':
		case c == '.':
			if colon >= 0 || i == 0 || s[i-1] == '.' {
				return false
			}
			dots++
		case c == ':':
			if colon >= 0 {
				return false
			}
			colon = i
		default:
			return false
		}
	}
	if digits == 0 || letters == 0 || dots == 0 {
		return false
	}
	if colon >= 0 {
		// name:port
		return colon > 0 && colon < len(s)-1 && s[colon-1] != '.'
	}
	if dots < 2 {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	if len(tld) < 2 || len(tld) > 6 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}

// isEmptyPair reports an empty pair of brackets or quotes, optionally
// followed by one punctuation byte: "()", "[]", "{}", "<>", `""`, "”,".
func isEmptyPair(tok string) bool {
	if len(tok) == 3 && !isWordByte(tok[2]) {
		tok = tok[:2]
	}
	if len(tok) != 2 {
		return false
	}
	switch tok {
	case "()", "[]", "{}", "<>", `""`, "''":
		return true
	}
	return false
}

// isQuantity reports whether the number at tok[start:end] stands alone as a
// value ("42", "(HWID=3180)", "time:0.25,") rather than being part of a
// name ("blk_42", "node-246", "v2.x").
func isQuantity(tok string, start, end int) bool {
	if start > 0 {
		switch tok[start-1] {
		case '=', ':', '(', '[', '{', '<', ',', '\'', '"', '#', '$', '~', '/':
		default:
			return false
		}
	}
	if end < len(tok) {
		switch tok[end] {
		case ')', ']', '}', '>', ',', ';', ':', '\'', '"', '%', '.', '!', '?':
		default:
			return false
		}
	}
	return true
}

// isAlone reports whether text is mask, possibly followed by one
// punctuation byte ("<TIME>,").
func isAlone(text []byte, mask string) bool {
	if len(text) == len(mask)+1 && !isWordByte(text[len(mask)]) {
		text = text[:len(mask)]
	}
	return string(text) == mask
}

// maskAddress masks a token that is a URL, an e-mail address or a file
// path, keeping the brackets, quotes or "key=" around it, and reports
// whether it did.
func (m *masker) maskAddress(tok string) bool {
	lead, core, trail := splitWrapping(tok)
	var mask string
	switch {
	case isURL(core):
		mask = maskURL
	case isEmail(core):
		mask = maskEmail
	case isPath(core):
		mask = maskPath
		for len(trail) > 0 && trail[0] == core[0] {
			trail = trail[1:] // "/var/www/" ends in its separator
		}
	default:
		return false
	}
	t := token{start: int32(len(m.buf)), masked: true}
	if mask == maskPath && strings.HasSuffix(lead, "=") {
		t.path = core
	}
	m.buf = append(m.buf, lead...)
	m.buf = append(m.buf, mask...)
	m.buf = append(m.buf, trail...)
	t.end = int32(len(m.buf))
	m.tokens = append(m.tokens, t)
	return true
}

// isURL reports scheme://rest with a scheme of letters.
func isURL(s string) bool {
	i := 0
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	return i > 0 && i+3 < len(s) && s[i:i+3] == "://"
}

// isEmail reports local@domain.tld.
func isEmail(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		case isWordByte(c) || c == '.' || c == '-' || c == '_' || c == '+':
		default:
			return false
		}
	}
	if at <= 0 || at == len(s)-1 {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-2 && isLetter(domain[len(domain)-1])
}

// isPath reports absolute or home-relative file paths of at least two
// parts ("/var/log/syslog", "~/x/y", `C:\Windows\x`). A single part
// ("/tmp", "/v2") is more often a route or a name.
func isPath(s string) bool {
	var sep byte
	switch {
	case len(s) > 1 && s[0] == '/':
		sep = '/'
	case len(s) > 2 && s[0] == '~' && s[1] == '/':
		sep = '/'
	case len(s) > 3 && isLetter(s[0]) && s[1] == ':' && s[2] == '\\':
		sep = '\\'
	default:
		return false
	}
	parts := 0
	for i := 1; i < len(s); i++ {
		if s[i] == sep && s[i-1] != sep && i+1 < len(s) {
			parts++
		}
	}
	return parts >= 1
}
