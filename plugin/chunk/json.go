package chunk

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf8"
)

// MaxJSONDepth is how deeply AppendJSON nests JSON objects and arrays. A container below
// it is written as a JSON string holding its msgpack bytes in standard base64, so that a
// hostile record costs bounded stack and nothing is lost.
const MaxJSONDepth = 64

// AppendJSON appends e to dst as one JSON object, the way Fluent Bit's stdout output
// writes each line of `format json_lines`, and returns the extended slice:
//
//	{"date":1700000000.123456,"key":"value",...}
//
// It writes no newline, so the caller chooses the separator.
// date is the event time in seconds as a float (whole seconds as 1700000000.0, otherwise
// up to 16 significant digits, like Fluent Bit). When tag is not empty, "tag":"<tag>"
// follows date. A non-empty metadata map is written as "__internal__":{"log_metadata":{...}},
// as Fluent Bit does. Then come the body's pairs in their original order, duplicates kept.
//
// Values: str and bin as JSON strings; bytes that are not UTF-8 become the private-use code
// points U+E000+byte (Fluent Bit's mapping, reversible); control characters are escaped.
// Floats that are NaN or infinite become null. An EventTime ext becomes seconds as a float;
// any other ext becomes {"ext":<type>,"data":"<base64 of its data>"}. Keys that are not
// strings are written as strings of their text (maps, arrays and ext as the base64 of
// their msgpack bytes).
//
// Group markers produce nothing, as in Fluent Bit. An Opaque event becomes
// {"opaque":true,"reason":"...","raw":"<base64 of its bytes>"} so that nothing is dropped
// silently.
func AppendJSON(dst []byte, e *Event, tag string) []byte {
	switch e.Kind {
	case GroupStart, GroupEnd:
		return dst
	case Opaque:
		dst = append(dst, `{"opaque":true,"reason":`...)
		dst = appendJSONString(dst, e.Reason.String())
		if tag != "" {
			dst = append(dst, `,"tag":`...)
			dst = appendJSONString(dst, tag)
		}
		dst = append(dst, `,"raw":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, e.Raw)
		return append(dst, `"}`...)
	}
	dst = append(dst, `{"date":`...)
	sec := e.Time.Unix()
	dst = appendJSONFloat(dst, float64(sec)+float64(e.Time.Nanosecond())/1e9)
	if tag != "" {
		dst = append(dst, `,"tag":`...)
		dst = appendJSONString(dst, tag)
	}
	if e.Metadata.n > 0 {
		dst = append(dst, `,"__internal__":{"log_metadata":`...)
		dst = appendJSONValue(dst, e.Metadata.raw, 1)
		dst = append(dst, '}')
	}
	dst = appendJSONPairs(dst, e.Body, 0, true)
	return append(dst, '}')
}

// appendJSONPairs appends the pairs of body as JSON members; leadingComma says members
// already precede them.
func appendJSONPairs(dst []byte, body Body, depth int, leadingComma bool) []byte {
	p := body.hdr
	for i := 0; i < body.n; i++ {
		kEnd, _ := skip(body.raw, p)
		vEnd, _ := skip(body.raw, kEnd)
		if leadingComma || i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONKey(dst, body.raw[p:kEnd])
		dst = append(dst, ':')
		dst = appendJSONValue(dst, body.raw[kEnd:vEnd], depth+1)
		p = vEnd
	}
	return dst
}

// appendJSONKey writes a map key as a JSON string. Scalars that are not strings are written
// as their text; a map, array or ext key as the base64 of its msgpack bytes, because
// quoting its JSON form would double the escapes at every level of keys within keys.
func appendJSONKey(dst, raw []byte) []byte {
	if b, _, ok := rawBytes(raw); ok {
		return appendJSONBytes(dst, b)
	}
	dst = append(dst, '"')
	switch v := (Value{raw: raw}); v.Kind() {
	case NilValue:
		dst = append(dst, "null"...)
	case IntValue, FloatValue, BoolValue:
		dst = v.AppendText(dst) // digits, signs, '.', 'e', letters: nothing to escape
	default:
		dst = base64.StdEncoding.AppendEncode(dst, raw)
	}
	return append(dst, '"')
}

// appendJSONValue appends the JSON form of the single msgpack object raw.
func appendJSONValue(dst, raw []byte, depth int) []byte {
	v := Value{raw: raw}
	switch v.Kind() {
	case NilValue:
		return append(dst, "null"...)
	case BoolValue:
		b, _ := v.Bool()
		return strconv.AppendBool(dst, b)
	case IntValue:
		return v.AppendText(dst)
	case FloatValue:
		f, _ := v.Float()
		return appendJSONFloat(dst, f)
	case StringValue, BinaryValue:
		b, _ := v.Bytes()
		return appendJSONBytes(dst, b)
	case ExtValue:
		typ, data, _ := v.Ext()
		if typ == 0 && len(data) == 8 {
			sec := binary.BigEndian.Uint32(data)
			nsec := binary.BigEndian.Uint32(data[4:])
			return appendJSONFloat(dst, float64(sec)+float64(nsec)/1e9)
		}
		dst = append(dst, `{"ext":`...)
		dst = strconv.AppendInt(dst, int64(typ), 10)
		dst = append(dst, `,"data":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, data)
		return append(dst, `"}`...)
	case ArrayValue, MapValue:
		if depth >= MaxJSONDepth {
			dst = append(dst, '"')
			dst = base64.StdEncoding.AppendEncode(dst, raw)
			return append(dst, '"')
		}
		if m, ok := v.Map(); ok {
			dst = append(dst, '{')
			dst = appendJSONPairs(dst, m, depth, false)
			return append(dst, '}')
		}
		a, _ := v.Array()
		dst = append(dst, '[')
		p := a.hdr
		for i := 0; i < a.n; i++ {
			end, _ := skip(raw, p)
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONValue(dst, raw[p:end], depth+1)
			p = end
		}
		return append(dst, ']')
	}
	return append(dst, "null"...)
}

// appendJSONFloat writes f as Fluent Bit does: whole values with one decimal, others with
// up to 16 significant digits; NaN and infinities, which JSON cannot hold, as null.
func appendJSONFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return append(dst, "null"...)
	case f == math.Trunc(f) && math.Abs(f) < 1<<63:
		return strconv.AppendFloat(dst, f, 'f', 1, 64)
	}
	return strconv.AppendFloat(dst, f, 'g', 16, 64)
}

func appendJSONString(dst []byte, s string) []byte {
	return appendJSONText(dst, s, utf8.DecodeRuneInString)
}

func appendJSONBytes(dst, b []byte) []byte {
	return appendJSONText(dst, b, utf8.DecodeRune)
}

const hexDigits = "0123456789abcdef"

// appendJSONText appends b as a quoted JSON string.
func appendJSONText[T string | []byte](dst []byte, b T, decodeRune func(T) (rune, int)) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := decodeRune(b[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		dst = append(dst, b[start:i]...)
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c == '\b':
			dst = append(dst, '\\', 'b')
		case c == '\f':
			dst = append(dst, '\\', 'f')
		case c < utf8.RuneSelf: // other control characters and DEL
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default: // a byte that is not part of valid UTF-8
			dst = append(dst, '\\', 'u', 'e', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, b[start:]...)
	return append(dst, '"')
}
