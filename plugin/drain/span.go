package drain

import (
	"math"
	"strings"
)

// classifySpan names a variable span (a run of text that holds a digit) by
// its shape and, for numbers, returns the value in the base unit of its
// suffix (seconds for durations, bytes for sizes) and that unit.
func classifySpan(s string) (mask string, value float64, unit Unit) {
	if v, u, ok := parseNumber(s); ok {
		return maskNum, v, u
	}
	switch {
	case isIPv4(s):
		return maskIP, 0, UnitNone
	case isUUID(s):
		return maskUUID, 0, UnitNone
	case isIPv6(s):
		return maskIP, 0, UnitNone
	case isTime(s):
		return maskTime, 0, UnitNone
	case isHex(s):
		return maskHex, 0, UnitNone
	}
	return maskAny, 0, UnitNone
}

// parseNumber parses
//
//	[+-] digits [. digits] [(e|E) [+-] digits] [unit]
//
// without allocating. The unit, when present, must be one unitScale knows; the exponent
// is at most maxExponent, and follows no mantissa padded with zeros ("007e3").
func parseNumber(s string) (float64, Unit, bool) {
	i, neg := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	// Digits past what a float64 holds only scale the mantissa, which stays finite: a
	// run of a few hundred digits would make it infinite, and 0 or infinity times a
	// power of ten out of range is NaN.
	var mant float64
	digits, exp := 0, 0
	// A mantissa padded with zeros is an identifier's when an exponent follows: a
	// Kestrel request id's 000000E2, a row dump's hex 00000587e266.
	leadingZero := i+1 < len(s) && s[i] == '0' && isDigit(s[i+1])
	for ; i < len(s) && isDigit(s[i]); i++ {
		if mant < maxMantissa {
			mant = mant*10 + float64(s[i]-'0')
		} else {
			exp++
		}
		digits++
	}
	if digits == 0 {
		return 0, UnitNone, false
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			if mant < maxMantissa {
				mant = mant*10 + float64(s[i]-'0')
				exp--
			}
		}
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j, eneg, e, edigits := i+1, false, 0, 0
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			eneg = s[j] == '-'
			j++
		}
		for ; j < len(s) && isDigit(s[j]) && e < 1000; j++ {
			e = e*10 + int(s[j]-'0')
			edigits++
		}
		if edigits > 0 && (j == len(s) || !isDigit(s[j])) {
			if e > maxExponent || leadingZero {
				return 0, UnitNone, false
			}
			if eneg {
				e = -e
			}
			exp += e
			i = j
		}
	}
	scale, unit := 1.0, UnitNone
	if i < len(s) {
		var ok bool
		if scale, unit, ok = unitScale(s[i:]); !ok {
			return goDuration(s)
		}
	}
	v := 0.0
	if mant != 0 {
		v = mant * math.Pow10(exp) * scale
		if exp < -300 || exp > 300 {
			// In two steps, so that a large mantissa and a small power (or the
			// reverse) meet before either leaves float64's range.
			v = mant * math.Pow10(exp/2) * math.Pow10(exp-exp/2) * scale
		}
		v = math.Min(v, math.MaxFloat64) // "9e308" is the largest number there is
	}
	if neg {
		v = -v
	}
	return v, unit, true
}

// maxExponent is the largest power of ten a number is written with: beyond float64's
// range, the digits and the e are an identifier's (a hexadecimal id's 60e692, a coupon
// code's 7E4445), not a quantity's.
const maxExponent = 308

// maxMantissa bounds the mantissa parseNumber builds digit by digit (see parseNumber).
const maxMantissa = 1e300

// Quantity parses s as a whole number with the unit the miner reads in a line ("23.4ms",
// "0.87s", "1m30s", "18.4KB"), or a bare number (UnitNone). A caller that holds a value
// as text (a JSON field "latency": "23.4ms") can tell a measurement from a word by it.
func Quantity(s string) (value float64, unit Unit, ok bool) {
	if v, u, ok := parseNumber(s); ok {
		return v, u, true
	}
	return goDuration(s)
}

// goDuration parses a duration as Go's time.Duration.String writes one of a
// minute or more: parts of a number and a unit, "1m0s", "2h45m0.5s",
// "1m30.25s", the units in decreasing order. Go programs log durations that
// way (klog's and zap's key-value pairs, "expiredFor=1m0s"); a single part
// ("5m": minutes or metres?) is not read as one.
func goDuration(s string) (float64, Unit, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	total, parts, last := 0.0, 0, math.Inf(1)
	for len(s) > 0 {
		i := 0
		for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, UnitNone, false
		}
		j := i
		for j < len(s) && !isDigit(s[j]) {
			j++
		}
		var scale float64
		switch s[i:j] {
		case "h":
			scale = 3600
		case "m":
			scale = 60
		case "s":
			scale = 1
		case "ms":
			scale = 1e-3
		case "us", "µs":
			scale = 1e-6
		case "ns":
			scale = 1e-9
		default:
			return 0, UnitNone, false
		}
		v, _, ok := parseNumber(s[:i])
		if !ok || scale >= last {
			return 0, UnitNone, false
		}
		total += v * scale
		last = scale
		parts++
		s = s[j:]
	}
	if parts < 2 {
		return 0, UnitNone, false
	}
	if neg {
		total = -total
	}
	return total, UnitSeconds, true
}

// unitScale returns the factor that turns a value with the given suffix into
// seconds (durations) or bytes (sizes). Binary multiples are used for sizes,
// as most software means 1024 by "KB".
func unitScale(u string) (float64, Unit, bool) {
	switch u {
	case "ns":
		return 1e-9, UnitSeconds, true
	case "us", "µs":
		return 1e-6, UnitSeconds, true
	case "ms":
		return 1e-3, UnitSeconds, true
	case "s", "sec", "secs":
		return 1, UnitSeconds, true
	case "min", "mins":
		return 60, UnitSeconds, true
	case "h", "hr", "hrs":
		return 3600, UnitSeconds, true
	case "B", "b":
		return 1, UnitBytes, true
	case "K", "k", "KB", "kB", "kb", "KiB":
		return 1 << 10, UnitBytes, true
	case "M", "MB", "mb", "MiB":
		return 1 << 20, UnitBytes, true
	case "G", "GB", "gb", "GiB":
		return 1 << 30, UnitBytes, true
	case "T", "TB", "tb", "TiB":
		return 1 << 40, UnitBytes, true
	}
	return 0, UnitNone, false
}

// isIPv4 reports d.d.d.d with one to three digits each, with an optional
// :port.
func isIPv4(s string) bool {
	i := 0
	for part := 0; part < 4; part++ {
		if part > 0 {
			if i >= len(s) || s[i] != '.' {
				return false
			}
			i++
		}
		n := 0
		for i < len(s) && isDigit(s[i]) && n < 4 {
			i++
			n++
		}
		if n == 0 || n > 3 {
			return false
		}
	}
	if i == len(s) {
		return true
	}
	if s[i] != ':' || i+1 == len(s) {
		return false
	}
	for i++; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isUUID reports the 8-4-4-4-12 hexadecimal form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHexByte(s[i]) {
				return false
			}
		}
	}
	return true
}

// isIPv6 reports groups of up to four hexadecimal digits joined by ':',
// with at least five colons or a "::".
func isIPv6(s string) bool {
	colons, group, double := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			colons++
			if i > 0 && s[i-1] == ':' {
				double = true
			}
			group = 0
		case isHexByte(c):
			group++
			if group > 4 {
				return false
			}
		default:
			return false
		}
	}
	return colons >= 5 || (double && colons >= 2)
}

// isTime reports dates and clock times made of digit groups: a clock
// hh:mm[:ss][.frac] anywhere in the span, or a date yyyy-mm-dd / yyyy/mm/dd
// at its start.
func isTime(s string) bool {
	var groups [8]int // digits per group
	var seps [8]byte  // separator after each group
	n := 0
	for i := 0; i < len(s); {
		if n == len(groups) {
			return false
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			return false
		}
		groups[n] = j - i
		if j < len(s) {
			seps[n] = s[j]
			j++
		}
		n++
		i = j
	}
	if n >= 3 && groups[0] == 4 && (seps[0] == '-' || seps[0] == '/') && seps[1] == seps[0] &&
		groups[1] <= 2 && groups[2] <= 2 {
		return true
	}
	for k := 0; k+1 < n; k++ {
		if seps[k] == ':' && groups[k] <= 2 && groups[k+1] == 2 {
			return true
		}
	}
	return false
}

// isHex reports "0x" numbers and hexadecimal strings of at least six digits
// that use a letter, such as object addresses or hashes.
func isHex(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		for i := 0; i < len(s); i++ {
			if !isHexByte(s[i]) {
				return false
			}
		}
		return true
	}
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case isHexByte(c):
			letters++
		case c == '-' || c == ':':
		default:
			return false
		}
	}
	return letters > 0 && letters+digits >= 6
}

// maxTupleNumbers is the most numbers a tuple token holds (see numberTuple): HAProxy's
// longest, its timers and its connection counts, hold five.
const maxTupleNumbers = 6

// numberTuple appends to dst the numbers of s when s is two to maxTupleNumbers plain
// numbers (a sign, digits, a fraction; no unit, no exponent) joined by '/', and not a
// date ("2024/06/11"), and reports whether it is.
func numberTuple(s string, dst []float64) ([]float64, bool) {
	if strings.IndexByte(s, '/') < 0 || isTime(s) {
		return dst, false
	}
	n := len(dst)
	for len(s) > 0 {
		part := s
		if k := strings.IndexByte(s, '/'); k >= 0 {
			part, s = s[:k], s[k+1:]
			if s == "" {
				return dst[:n], false // a trailing '/'
			}
		} else {
			s = ""
		}
		if !plainNumber(part) || len(dst)-n == maxTupleNumbers {
			return dst[:n], false
		}
		v, _, _ := parseNumber(part)
		dst = append(dst, v)
	}
	return dst, len(dst)-n >= 2
}

// plainNumber reports whether s is a sign, digits and an optional fraction.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if digits > 0 && i+1 < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
		}
	}
	return digits > 0 && i == len(s)
}
