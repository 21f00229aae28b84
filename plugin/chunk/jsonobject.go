package chunk

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth is how deeply a JSON line may nest, as encoding/json allows.
const maxJSONDepth = 10000

// AppendJSONObject converts a JSON object line to msgpack, keeping key order (as Fluent
// Bit's json parser does), in one pass without allocating. ok is false when the line is
// not one valid JSON object (white space around it aside); the caller then keeps it as
// text. Values convert as encoding/json with UseNumber reads them: integers that fit
// int64 as integers, other numbers as float64 (out of range: not valid), strings with
// their escapes resolved and each invalid UTF-8 byte or lone surrogate as U+FFFD.
func AppendJSONObject(dst, line []byte) ([]byte, bool) {
	p := jsonLine{b: line}
	start := len(dst)
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return dst[:start], false
	}
	out, ok := p.value(dst, 0)
	if !ok {
		return dst[:start], false
	}
	p.space()
	if p.i != len(p.b) {
		return dst[:start], false
	}
	return out, true
}

// jsonLine is a JSON text being converted, read from b[i:].
type jsonLine struct {
	b   []byte
	i   int
	str []byte // scratch for strings with escapes
}

func (p *jsonLine) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value appends the msgpack form of the JSON value at p.i.
func (p *jsonLine) value(dst []byte, depth int) ([]byte, bool) {
	if p.i >= len(p.b) {
		return dst, false
	}
	switch c := p.b[p.i]; {
	case c == '{' || c == '[':
		if depth >= maxJSONDepth {
			return dst, false
		}
		return p.container(dst, c == '{', depth+1)
	case c == '"':
		return p.string(dst)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(dst)
	case c == 't':
		return p.literal(dst, "true", packedTrue)
	case c == 'f':
		return p.literal(dst, "false", packedFalse)
	case c == 'n':
		return p.literal(dst, "null", packedNil)
	}
	return dst, false
}

// The msgpack forms of JSON's literals.
var (
	packedTrue  = AppendBool(nil, true)
	packedFalse = AppendBool(nil, false)
	packedNil   = AppendNil(nil)
)

func (p *jsonLine) literal(dst []byte, word string, packed []byte) ([]byte, bool) {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return dst, false
	}
	p.i += len(word)
	return append(dst, packed...), true
}

// container appends an object or array. Its members are written after room for the
// largest header (5 bytes); once they are counted, the header takes its place and the
// members move up to it.
func (p *jsonLine) container(dst []byte, isMap bool, depth int) ([]byte, bool) {
	closing := byte(']')
	if isMap {
		closing = '}'
	}
	p.i++ // the opening bracket
	at := len(dst)
	dst = append(dst, 0, 0, 0, 0, 0)
	n := 0
	p.space()
	if p.i < len(p.b) && p.b[p.i] == closing {
		p.i++
	} else {
		for {
			p.space()
			var ok bool
			if isMap {
				if p.i >= len(p.b) || p.b[p.i] != '"' {
					return dst, false
				}
				if dst, ok = p.string(dst); !ok {
					return dst, false
				}
				p.space()
				if p.i >= len(p.b) || p.b[p.i] != ':' {
					return dst, false
				}
				p.i++
				p.space()
			}
			if dst, ok = p.value(dst, depth); !ok {
				return dst, false
			}
			n++
			p.space()
			if p.i >= len(p.b) {
				return dst, false
			}
			if c := p.b[p.i]; c == ',' {
				p.i++
				continue
			} else if c == closing {
				p.i++
				break
			}
			return dst, false
		}
	}
	var hdr [5]byte
	h := AppendArrayHeader(hdr[:0], n)
	if isMap {
		h = AppendMapHeader(hdr[:0], n)
	}
	copy(dst[at:], h)
	copy(dst[at+len(h):], dst[at+5:])
	return dst[:len(dst)-(5-len(h))], true
}

// string appends the JSON string at p.i as a msgpack string.
func (p *jsonLine) string(dst []byte) ([]byte, bool) {
	p.i++ // the opening quote
	start := p.i
	// The common case: no escapes, no control characters, valid UTF-8.
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '"' {
			s := p.b[start:p.i]
			p.i++
			return AppendStringBytes(dst, s), true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.i++
	}
	s := append(p.str[:0], p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			p.str = s
			return AppendStringBytes(dst, s), true
		case c < 0x20:
			return dst, false
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return dst, false
			}
			e := p.b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				s = append(s, e)
			case 'b':
				s = append(s, '\b')
			case 'f':
				s = append(s, '\f')
			case 'n':
				s = append(s, '\n')
			case 'r':
				s = append(s, '\r')
			case 't':
				s = append(s, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return dst, false
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
						save := p.i
						p.i += 2
						if r2, ok = p.hex4(); !ok {
							return dst, false
						}
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							s = utf8.AppendRune(s, dec)
							continue
						}
						p.i = save // not a pair: the second escape is read on its own
					}
					r = utf8.RuneError
				}
				s = utf8.AppendRune(s, r)
			default:
				return dst, false
			}
		case c < utf8.RuneSelf:
			s = append(s, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				s = utf8.AppendRune(s, utf8.RuneError)
			} else {
				s = append(s, p.b[p.i:p.i+size]...)
			}
			p.i += size
		}
	}
	p.str = s
	return dst, false
}

// hex4 reads the four hex digits of a \u escape.
func (p *jsonLine) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	p.i += 4
	return r, true
}

// number appends the JSON number at p.i: an integer when it has no fraction or exponent
// and fits int64, else a float64.
func (p *jsonLine) number(dst []byte) ([]byte, bool) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return dst, false
	}
	integer := true
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return dst, false
		}
		integer = false
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return dst, false
		}
		integer = false
	}
	text := string(p.b[start:p.i]) // does not escape: strconv keeps no reference
	if integer {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return AppendInt(dst, n), true
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return dst, false
	}
	return AppendFloat64(dst, f), true
}
