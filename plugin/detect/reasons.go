package detect

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// Reason selection.
const (
	// maxReasons is the most reasons given for a record.
	maxReasons = 3
	// reasonMinShare is the least share of the isolation a feature must have earned to
	// be given as a reason (the shares of all features sum to 1).
	reasonMinShare = 0.12
)

// reasons appends to dst the features that isolated the current record, most important
// first, in words.
func (s *Stream) reasons(dst []string) []string {
	share := s.det.Explain(s.explain, s.vec)
	if share == nil {
		return dst
	}
	return explainReasons(dst, s.ext.ids, s.vec, share, s.order, &s.ext.info)
}

// explainReasons appends the reasons for vector x given each feature's share of its
// isolation; order is scratch of len(ids).
func explainReasons(dst []string, ids []featureID, x, share []float64, order []int, info *recordInfo) []string {
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return share[order[a]] > share[order[b]] })
	for _, i := range order {
		if len(dst) == maxReasons || share[i] < reasonMinShare {
			break
		}
		if text := describe(ids[i], x[i], info); text != "" {
			dst = append(dst, text)
		}
	}
	return dst
}

// describe says in words what feature id, of value v, saw in a record; "" when it has
// nothing to say (a surprise feature at 0 does not explain an anomaly).
func describe(id featureID, v float64, info *recordInfo) string {
	switch id {
	case fLevel:
		if info.level >= LevelWarning {
			return levelReason(info.level)
		}
		return "unusual level (" + info.level.String() + ")"
	case fLength:
		return fmt.Sprintf("unusual length (%d characters)", info.length)
	case fTokens:
		return fmt.Sprintf("unusual token count (%d)", info.tokens)
	}
	if v == 0 {
		return ""
	}
	switch id {
	case fRarity:
		if info.seen <= 1 {
			return "rare template (seen once)"
		}
		return fmt.Sprintf("rare template (seen %d times)", info.seen)
	case fNovelty:
		if info.seen <= 1 {
			return "new template"
		}
		return fmt.Sprintf("new template (seen %d times)", info.seen)
	case fBurst:
		return fmt.Sprintf("template burst (%s recent, ~%s usual)", formatCount(info.burstCount), formatCount(info.burstExpected))
	case fErrorBurst:
		return fmt.Sprintf("error burst (%s recent warnings and errors, ~%s usual)", formatCount(info.errCount), formatCount(info.errExpected))
	case fNumeric:
		if info.numSlot < 0 {
			return ""
		}
		return fmt.Sprintf("numeric value far from usual (%s: %s vs ~%s)", info.numContext, formatQuantity(info.numValue, info.numUnit), formatQuantity(info.numUsual, info.numUnit))
	case fAlarm:
		return "alarm words: " + strings.Join(info.alarm.words[:info.alarm.n], ", ")
	case fGap:
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

var binaryPrefixes = [...]string{"", "Ki", "Mi", "Gi", "Ti", "Pi"}

func formatSeconds(s float64) string {
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

// levelReason is the reason given for a record's level.
func levelReason(l Level) string { return "level " + l.String() }

// slotContext returns the words of template around the token at position slot: the
// token itself when it names its value (duration_ms=<NUM>), else up to two
// words before it and one after ("executed in <NUM> ms"). It returns "" when the
// template has no such token. It does not allocate.
func slotContext(template string, slot int) string {
	var starts [maxContextTokens]int // token starts, a ring of the last ones
	pos, start := 0, -1
	for i := 0; i <= len(template); i++ {
		if i < len(template) && template[i] != ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			continue
		}
		starts[pos%maxContextTokens] = start
		if pos == slot {
			if tok := template[start:i]; tok[0] != '<' && strings.ContainsAny(tok, "=:") {
				return tok
			}
			from := starts[(pos-min(pos, 2))%maxContextTokens]
			end := i
			if i < len(template) {
				end = len(template)
				if j := strings.IndexByte(template[i+1:], ' '); j >= 0 {
					end = i + 1 + j
				}
			}
			return template[from:end]
		}
		pos++
		start = -1
	}
	return ""
}

// maxContextTokens is the ring slotContext keeps of token starts.
const maxContextTokens = 4
