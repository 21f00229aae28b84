package chunk

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Reading JSON embedded in a string value. Container runtimes wrap an application's own JSON
// log line in a string ({"log": "{\"level\":\"error\"}\n"}); the fields the plugin needs
// are inside it. A small scanner finds one key without building the document: it allocates
// nothing, and stops at the key. encoding/json would decode every field of every line, and
// the lookup runs once per record whose top level lacks the key.
//
// The scanner trusts the text to be JSON and never fails loudly: on text that is not JSON
// it reports the key missing or returns what it found up to the damage. For valid JSON it
// agrees with encoding/json (the fuzz test FuzzLookupJSON checks that), except that a
// duplicated key yields its first value where encoding/json keeps the last.

// JSONValue is the text of one JSON value inside a document.
type JSONValue struct {
	raw []byte
}

// Raw returns the value's JSON text exactly as it appears in the document.
func (j JSONValue) Raw() []byte { return j.raw }

// IsString reports whether the value is a JSON string.
func (j JSONValue) IsString() bool { return len(j.raw) >= 2 && j.raw[0] == '"' }

// AppendText appends a JSON string's content, unescaped, or the JSON text of any other
// value (numbers, true, false, null, objects, arrays) as it appears.
func (j JSONValue) AppendText(dst []byte) []byte {
	if !j.IsString() {
		return append(dst, j.raw...)
	}
	return appendUnquotedJSON(dst, j.raw[1:len(j.raw)-1])
}

// Text returns AppendText's form as a string.
func (j JSONValue) Text() string { return string(j.AppendText(nil)) }

// IsNumber reports whether the value is a JSON number.
func (j JSONValue) IsNumber() bool {
	return len(j.raw) > 0 && (j.raw[0] == '-' || j.raw[0] >= '0' && j.raw[0] <= '9')
}

// Float returns a JSON number as float64.
func (j JSONValue) Float() (float64, bool) {
	if !j.IsNumber() {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(j.raw), 64)
	return f, err == nil
}

// Bool returns a JSON true or false.
func (j JSONValue) Bool() (value, ok bool) {
	switch string(j.raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// LooksLikeJSONObject reports whether text starts, after white space, with '{': the cheap
// test that decides whether a string is worth scanning.
func LooksLikeJSONObject(text []byte) bool {
	i := skipJSONSpace(text, 0)
	return i < len(text) && text[i] == '{'
}

// LookupJSON finds key in the JSON object doc: a member spelled exactly so first, else the
// dotted path through nested objects, as Body.Lookup does.
func LookupJSON(doc []byte, key string) (JSONValue, bool) {
	if v, ok := jsonMember(doc, key); ok || !strings.Contains(key, ".") {
		return v, ok
	}
	cur, rest := doc, key
	for {
		seg, tail, more := strings.Cut(rest, ".")
		v, ok := jsonMember(cur, seg)
		if !ok {
			return JSONValue{}, false
		}
		if !more {
			return v, true
		}
		cur, rest = v.raw, tail
	}
}

// jsonMember returns the value of the first member named key of the object doc.
func jsonMember(doc []byte, key string) (found JSONValue, ok bool) {
	RangeJSON(doc, func(name []byte, escaped bool, v JSONValue) bool {
		if (!escaped && string(name) == key) || (escaped && jsonNameEquals(name, key)) {
			found, ok = v, true
			return false
		}
		return true
	})
	return found, ok
}

// RangeJSON calls fn for each member of the JSON object doc, in order, until fn returns
// false or the text stops being JSON. name is the member's name as written between its
// quotes; escaped reports that it holds escapes.
func RangeJSON(doc []byte, fn func(name []byte, escaped bool, v JSONValue) bool) {
	i := skipJSONSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return
	}
	i++
	for {
		i = skipJSONSpace(doc, i)
		if i >= len(doc) || doc[i] != '"' {
			return // '}' of an empty object, or not JSON
		}
		nameEnd, escaped, ok := jsonStringEnd(doc, i)
		if !ok {
			return
		}
		name := doc[i+1 : nameEnd-1]
		i = skipJSONSpace(doc, nameEnd)
		if i >= len(doc) || doc[i] != ':' {
			return
		}
		i = skipJSONSpace(doc, i+1)
		end, ok := skipJSONValue(doc, i)
		if !ok {
			return
		}
		if !fn(name, escaped, JSONValue{raw: doc[i:end:end]}) {
			return
		}
		i = skipJSONSpace(doc, end)
		if i >= len(doc) || doc[i] != ',' {
			return
		}
		i++
	}
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonStringEnd returns the index just past the closing quote of the string opening at
// b[i], and whether it holds escapes.
func jsonStringEnd(b []byte, i int) (end int, escaped, ok bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '"':
			return j + 1, escaped, true
		case '\\':
			escaped = true
			j++
		}
	}
	return 0, false, false
}

// skipJSONValue returns the index just past the value starting at b[i]. Objects and arrays
// are skipped by counting brackets outside strings, so nesting costs no stack.
func skipJSONValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		end, _, ok := jsonStringEnd(b, i)
		return end, ok
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _, ok := jsonStringEnd(b, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(b) {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j, j > i
		}
		j++
	}
	return j, j > i
}

// jsonNameEquals compares an escaped JSON string body with key without allocating.
func jsonNameEquals(lit []byte, key string) bool {
	var buf [utf8.UTFMax]byte
	k := 0
	for i := 0; i < len(lit); {
		if lit[i] != '\\' {
			if k >= len(key) || key[k] != lit[i] {
				return false
			}
			i++
			k++
			continue
		}
		r, n := unescapeJSON(lit[i:])
		i += n
		enc := utf8.AppendRune(buf[:0], r)
		if len(key)-k < len(enc) || key[k:k+len(enc)] != string(enc) {
			return false
		}
		k += len(enc)
	}
	return k == len(key)
}

// unescapeJSON decodes the escape at the start of b (b[0] == '\\') and returns the rune
// and the bytes it took. Broken escapes and lone surrogates give U+FFFD, like encoding/json.
func unescapeJSON(b []byte) (rune, int) {
	if len(b) < 2 {
		return utf8.RuneError, len(b)
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex4(b[2:])
		if !ok {
			return utf8.RuneError, 2
		}
		if utf16.IsSurrogate(r) {
			if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
				if r2, ok := hex4(b[8:]); ok {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						return dec, 12
					}
				}
			}
			return utf8.RuneError, 6
		}
		return r, 6
	}
	return utf8.RuneError, 2
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// appendUnquotedJSON appends the decoded content of a JSON string body.
func appendUnquotedJSON(dst, lit []byte) []byte {
	for i := 0; i < len(lit); {
		j := i
		for j < len(lit) && lit[j] != '\\' {
			j++
		}
		dst = append(dst, lit[i:j]...)
		if j == len(lit) {
			break
		}
		r, n := unescapeJSON(lit[j:])
		dst = utf8.AppendRune(dst, r)
		i = j + n
	}
	return dst
}
