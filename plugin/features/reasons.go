package features

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Describe says in words what feature id, of value v, saw in the record info describes;
// "" when it has nothing to say (a surprise feature at 0 does not explain an anomaly).
func Describe(id ID, v float64, info *Info) string {
	switch id {
	case Level:
		if info.Level >= record.LevelWarning {
			return LevelReason(info.Level)
		}
		// A level below warning is no news however rare the forest finds it: an info
		// line stands out only where the forest's window is full of warnings and errors
		// (an IIS server's routine requests, in an incident's minutes, were flagged
		// "unusual level (info)"), and debug and trace are info to the forest, so
		// "(debug)" named a difference it cannot see. A level new to a template is said
		// by novelty ("new value (level: debug)").
		return ""
	case Length:
		// A length the template's own lines have had (a health check's short line among
		// a site's requests, a gauge line a character longer than the last) says nothing
		// of the line, however rare it is among the stream's records.
		if info.lengthUsual {
			return ""
		}
		return fmt.Sprintf("unusual length (%d characters)", info.length)
	case Tokens:
		// The lines of a template have its number of tokens (the miner groups lines by
		// it): once the template is familiar, a count the forest finds unusual only says
		// that the template is uncommon in the stream (a gauge's six words among requests'
		// nine), which is no news, or is rarity's to say.
		if info.seen > noveltySightings {
			return ""
		}
		return fmt.Sprintf("unusual token count (%d)", info.tokens)
	}
	if v == 0 {
		return ""
	}
	switch id {
	case Rarity:
		if info.rareValue {
			if info.valSeen <= 1 {
				return fmt.Sprintf("rare value (%s: %s, seen once)", info.valContext, info.valueText())
			}
			return fmt.Sprintf("rare value (%s: %s, seen %d times)", info.valContext, info.valueText(), info.valSeen)
		}
		if info.seen <= 1 {
			return "rare template (seen once)"
		}
		return fmt.Sprintf("rare template (seen %d times)", info.seen)
	case Novelty:
		if info.newValue {
			return fmt.Sprintf("new value (%s: %s)", info.valContext, info.valueText())
		}
		if info.seen <= 1 {
			return "new template"
		}
		return fmt.Sprintf("new template (seen %d times)", info.seen)
	case Burst:
		if info.burstValue {
			return fmt.Sprintf("burst of one value (%s: %s, %s recent, ~%s usual)", info.valContext, info.valueText(), formatCount(info.valCount), formatCount(info.valExpected))
		}
		if info.burstOverHours {
			return fmt.Sprintf("template burst (%s in %d minutes, ~%s usual over hours)", formatCount(info.burstCount), int(burstSlow.Minutes()), formatCount(info.burstExpected))
		}
		return fmt.Sprintf("template burst (%s recent, ~%s usual)", formatCount(info.burstCount), formatCount(info.burstExpected))
	case ErrorBurst:
		return fmt.Sprintf("error burst (%s recent warnings and errors, ~%s usual)", formatCount(info.errCount), formatCount(info.errExpected))
	case Numeric:
		if info.numPace {
			lull := fmt.Sprintf("template far rarer than usual (%s records in the last %s, ~%s expected)", formatCount(info.numValue), burstFast, formatCount(info.numUsual))
			if info.numRun > 0 {
				lull = fmt.Sprintf("%s, for %d records", lull[:len(lull)-1], info.numRun) + ")"
			}
			return lull
		}
		if info.numSlot < 0 {
			return ""
		}
		direction := "above"
		if info.numBelow {
			direction = "below"
		}
		if info.numClimb {
			return fmt.Sprintf("number far %s usual (%s: %s vs ~%s, climbing: %d far values)", direction, info.numContext, formatQuantity(info.numValue, info.numUnit), formatQuantity(info.numUsual, info.numUnit), info.numRun)
		}
		if info.numRun > 0 {
			return fmt.Sprintf("number far %s usual (%s: %s vs ~%s, level shifted: %d far values)", direction, info.numContext, formatQuantity(info.numValue, info.numUnit), formatQuantity(info.numUsual, info.numUnit), info.numRun)
		}
		if info.numFarCount > 0 {
			return fmt.Sprintf("number far %s usual (%s: %s vs ~%s, %s far values recently, ~%s usual)", direction, info.numContext, formatQuantity(info.numValue, info.numUnit), formatQuantity(info.numUsual, info.numUnit), formatCount(info.numFarCount), formatCount(info.numFarExpected))
		}
		return fmt.Sprintf("number far %s usual (%s: %s vs ~%s)", direction, info.numContext, formatQuantity(info.numValue, info.numUnit), formatQuantity(info.numUsual, info.numUnit))
	case Alarm:
		return "alarm words: " + strings.Join(info.alarm.words[:info.alarm.n], ", ")
	case Gap:
		return fmt.Sprintf("first record after %s of silence (usual gap %s)", formatSeconds(info.gap), formatSeconds(info.usualGap))
	}
	return ""
}

func formatCount(v float64) string {
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// formatNumber prints a parameter value with 3 significant digits, without exponent
// for everyday magnitudes.
func formatNumber(v float64) string {
	if a := math.Abs(v); a >= 1e-3 && a < 1e15 {
		digits := 2 - int(math.Floor(math.Log10(a)))
		if digits < 0 {
			digits = 0
			v = math.Round(v)
		}
		return strconv.FormatFloat(v, 'f', digits, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// formatQuantity prints a parameter value in the unit it was written in: a duration
// as one ("40s", "190ms"), a size in binary multiples ("885 MiB"), anything else as
// formatNumber does. Values are kept in seconds and bytes, whatever their unit in the
// line, so that "200ms" and "0.2s" are one value; printed bare, 40 seconds next to a
// template saying "ms" would read as 40 milliseconds.
func formatQuantity(v float64, unit drain.Unit) string {
	switch unit {
	case drain.UnitSeconds:
		return formatSeconds(v)
	case drain.UnitBytes:
		prefix := 0
		for math.Abs(v) >= 1024 && prefix < len(binaryPrefixes)-1 {
			v /= 1024
			prefix++
		}
		return formatNumber(v) + " " + binaryPrefixes[prefix] + "B"
	}
	return formatNumber(v)
}

// maxDurationSeconds is the longest duration printed as one (about 31 years), well
// within what a time.Duration holds (292 years), so that no value near that end
// rounds over it.
const maxDurationSeconds = 1e9

var binaryPrefixes = [...]string{"", "Ki", "Mi", "Gi", "Ti", "Pi"}

func formatSeconds(s float64) string {
	if math.Abs(s) >= maxDurationSeconds {
		return formatNumber(s) + "s"
	}
	d := time.Duration(s * float64(time.Second))
	switch {
	case d >= time.Hour:
		return d.Round(time.Minute).String()
	case d >= time.Second:
		return d.Round(time.Second).String()
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// EntryReason is the reason given for a continuation line flagged with the entry it
// continues (a stack frame under a flagged error).
const EntryReason = "part of the flagged entry above"

// StormReason is the reason given for a record an open incident keeps because its event
// still storms or recurs (see verdict.Decision.Storm), when none of its features says
// why: a storm's thousandth line scores as the forest has learned it.
const StormReason = "its incident's event, still coming far more often than before"

// LinkReason is the reason given for a record flagged because it carries an identifier
// of a flagged record of the open incident (see record.Record.AppendLinks).
const LinkReason = "same request or task as a flagged record"

// AftermathReason is the reason given for a record flagged because its template arrived
// (new, or back after a long absence) with many others at once, soon after an error of
// the open incident (see Info.Arriving): the lines of a restart.
const AftermathReason = "one of many lines new or long unseen right after the incident's error (a restart)"

// AftermathAgainReason is the reason given for a record flagged because its template
// joined the open incident as an aftermath's before and came again right after another
// of its errors (a crash loop's restart; the same failure written again after each
// error): see verdict.Decision.Again.
const AftermathAgainReason = "came right after the incident's error before, and again right after another"

// LevelReason is the reason given for a record's level.
func LevelReason(l record.Level) string { return "level " + l.String() }

// slotContext returns the words of template around the token at position slot: the
// token itself when it names its value (duration_ms=<NUM>), else up to two
// words before it and one after ("executed in <NUM> ms"). Around a number that no word
// names, the last of the line (an access log's request time after its quoted user
// agent: "<*> <*> <NUM>"), it returns lastNumberContext. It returns "" when the
// template has no such token. It does not allocate.
func slotContext(template string, slot int) string {
	slot, _ = drain.SlotPosition(slot) // a tuple's numbers share its token's words
	context, end := tokenContext(template, slot)
	if context != "" && !namesAWord(context) && !strings.Contains(template[end:], "<NUM>") {
		return lastNumberContext
	}
	return context
}

// lastNumberContext names a number by its place when no word around it does.
const lastNumberContext = "the line's last number"

// namesAWord reports whether a template's text holds a letter outside its placeholders
// (<NUM>, <*>, <IP>, ...).
func namesAWord(s string) bool {
	inPlaceholder := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			inPlaceholder = true
		case c == '>':
			inPlaceholder = false
		case !inPlaceholder && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80):
			return true
		}
	}
	return false
}

// accessLogNumber names the number at position pos of an access log line's template
// (NCSA's common and combined formats, which nginx, Apache, Traefik and most proxies
// write): the status right after the quoted request ("GET <*> HTTP/<NUM>" <NUM>), then
// the response size. Their words around them are placeholders: a reason quoting them
// ("<*> HTTP/<NUM>" <NUM> <NUM>: 502") says nothing to a reader. starts holds the
// starts of the last tokens up to pos (a ring, see tokenContext), and the token at pos
// ends at end. It returns "" for any other number.
func accessLogNumber(template string, starts [maxContextTokens]int, pos, end int) string {
	tokenAt := func(k int) string { // token k, at most maxContextTokens-1 before pos
		end := end
		if k < pos {
			end = starts[(k+1)%maxContextTokens]
		}
		return strings.TrimRight(template[starts[k%maxContextTokens]:end], " ")
	}
	if tokenAt(pos) != "<NUM>" {
		return ""
	}
	switch {
	case pos >= 1 && strings.HasSuffix(tokenAt(pos-1), `HTTP/<NUM>"`):
		return "status"
	case pos >= 2 && tokenAt(pos-1) == "<NUM>" && strings.HasSuffix(tokenAt(pos-2), `HTTP/<NUM>"`):
		return "response size"
	}
	return ""
}

// tokenContext is slotContext's words around the token at position slot, and where
// that token ends in template.
func tokenContext(template string, slot int) (string, int) {
	var starts [maxContextTokens]int // token starts, a ring of the last ones
	for pos, start := 0, 0; start < len(template); pos++ {
		for start < len(template) && template[start] == ' ' {
			start++
		}
		if start == len(template) {
			break
		}
		i := drain.TemplateTokenEnd(template, start)
		starts[pos%maxContextTokens] = start
		if pos == slot {
			if tok := template[start:i]; tok[0] != '<' && strings.ContainsAny(tok, "=:") {
				return tok, i
			}
			if name := accessLogNumber(template, starts, pos, i); name != "" {
				return name, i
			}
			from := starts[(pos-min(pos, 2))%maxContextTokens]
			end := i
			if i < len(template) {
				end = len(template)
				if j := strings.IndexByte(template[i+1:], ' '); j >= 0 {
					end = i + 1 + j
				}
			}
			return template[from:end], i
		}
		start = i
	}
	return "", len(template)
}

// maxContextTokens is the ring slotContext keeps of token starts.
const maxContextTokens = 4

// valueText prints the most surprising categorical value.
func (info *Info) valueText() string {
	if info.valIsText {
		if info.valText == "" {
			return `""` // an empty field (client_id="") is no number 0
		}
		return info.valText
	}
	return strconv.FormatFloat(info.valValue, 'f', -1, 64)
}
