package chunk

import (
	"math"
	"strconv"
	"strings"
)

// ValueKind is the msgpack type of a Value.
type ValueKind uint8

// Value kinds. Integers of every width and sign are IntValue; both float widths are FloatValue.
const (
	InvalidValue ValueKind = iota // the zero Value, or bytes that are not one msgpack object
	NilValue
	BoolValue
	IntValue
	FloatValue
	StringValue
	BinaryValue
	ArrayValue
	MapValue
	ExtValue
)

var valueKindNames = [...]string{"invalid", "nil", "bool", "int", "float", "string", "binary", "array", "map", "ext"}

func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "ValueKind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one msgpack object inside a chunk, kept as its bytes. Its accessors read those
// bytes in place; only Str and Text copy.
type Value struct {
	raw []byte // exactly one complete msgpack object, or nil
}

// Raw returns the value's msgpack encoding exactly as received.
func (v Value) Raw() []byte { return v.raw }

// Kind returns the value's msgpack type.
func (v Value) Kind() ValueKind {
	if len(v.raw) == 0 {
		return InvalidValue
	}
	c := v.raw[0]
	switch {
	case c <= 0x7f || c >= 0xe0:
		return IntValue
	case c <= 0x8f:
		return MapValue
	case c <= 0x9f:
		return ArrayValue
	case c <= 0xbf:
		return StringValue
	}
	switch c {
	case 0xc0:
		return NilValue
	case 0xc2, 0xc3:
		return BoolValue
	case 0xc4, 0xc5, 0xc6:
		return BinaryValue
	case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return ExtValue
	case 0xca, 0xcb:
		return FloatValue
	case 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3:
		return IntValue
	case 0xd9, 0xda, 0xdb:
		return StringValue
	case 0xdc, 0xdd:
		return ArrayValue
	case 0xde, 0xdf:
		return MapValue
	}
	return InvalidValue
}

// Bytes returns the content of a str or bin value without copying. The slice aliases the
// chunk: do not modify it.
func (v Value) Bytes() ([]byte, bool) {
	b, _, ok := rawBytes(v.raw)
	return b, ok
}

// Str returns a copy of the content of a str or bin value.
func (v Value) Str() (string, bool) {
	b, _, ok := rawBytes(v.raw)
	if !ok {
		return "", false
	}
	return string(b), true
}

// Int returns an integer value that fits an int64.
func (v Value) Int() (int64, bool) {
	i, u, _, isInt, neg, ok := number(v.raw)
	switch {
	case !ok || !isInt:
		return 0, false
	case neg:
		return i, true
	case u > math.MaxInt64:
		return 0, false
	}
	return int64(u), true
}

// Uint returns an integer value that is not negative.
func (v Value) Uint() (uint64, bool) {
	_, u, _, isInt, neg, ok := number(v.raw)
	if !ok || !isInt || neg {
		return 0, false
	}
	return u, true
}

// Float returns a float value, or an integer value converted to float64 (rounded when it
// has more than 53 significant bits), so numeric fields read the same whatever their width.
func (v Value) Float() (float64, bool) {
	i, u, f, isInt, neg, ok := number(v.raw)
	switch {
	case !ok:
		return 0, false
	case !isInt:
		return f, true
	case neg:
		return float64(i), true
	}
	return float64(u), true
}

// Bool returns a bool value.
func (v Value) Bool() (value, ok bool) {
	if len(v.raw) == 1 && (v.raw[0] == 0xc2 || v.raw[0] == 0xc3) {
		return v.raw[0] == 0xc3, true
	}
	return false, false
}

// IsNil reports whether the value is msgpack nil.
func (v Value) IsNil() bool { return len(v.raw) == 1 && v.raw[0] == 0xc0 }

// Map returns a map value as a Body.
func (v Value) Map() (Body, bool) {
	n, hdr, ok := containerHeader(v.raw, true)
	if !ok {
		return Body{}, false
	}
	return Body{raw: v.raw, n: n, hdr: hdr}, true
}

// Array returns an array value.
func (v Value) Array() (Array, bool) {
	n, hdr, ok := containerHeader(v.raw, false)
	if !ok {
		return Array{}, false
	}
	return Array{raw: v.raw, n: n, hdr: hdr}, true
}

// Ext returns the type and data of an ext value; data aliases the chunk.
func (v Value) Ext() (typ int8, data []byte, ok bool) {
	return extData(v.raw)
}

// AppendText appends a printable form of the value to dst: the content of a str or bin
// as is, integers in decimal, floats as strconv's shortest 'g' form, true/false, "" for nil,
// and maps, arrays and ext as the JSON that AppendJSON would write for them.
// It is meant for keys such as group_by values and for feeding text to feature extraction.
func (v Value) AppendText(dst []byte) []byte {
	switch v.Kind() {
	case StringValue, BinaryValue:
		b, _ := v.Bytes()
		return append(dst, b...)
	case IntValue:
		if i, ok := v.Int(); ok {
			return strconv.AppendInt(dst, i, 10)
		}
		u, _ := v.Uint()
		return strconv.AppendUint(dst, u, 10)
	case FloatValue:
		f, _ := v.Float()
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	case BoolValue:
		b, _ := v.Bool()
		return strconv.AppendBool(dst, b)
	case NilValue, InvalidValue:
		return dst
	}
	return appendJSONValue(dst, v.raw, 0)
}

// Text returns AppendText's form as a string.
func (v Value) Text() string {
	if b, ok := v.Bytes(); ok {
		return string(b)
	}
	return string(v.AppendText(nil))
}

// Array is a msgpack array inside a chunk.
type Array struct {
	raw    []byte // the whole array, header included
	n, hdr int
}

// Len returns the number of elements.
func (a Array) Len() int { return a.n }

// Raw returns the array's msgpack encoding exactly as received.
func (a Array) Raw() []byte { return a.raw }

// Range calls fn for each element in order until fn returns false.
func (a Array) Range(fn func(v Value) bool) {
	p := a.hdr
	for i := 0; i < a.n; i++ {
		end, _ := skip(a.raw, p)
		if !fn(Value{raw: a.raw[p:end:end]}) {
			return
		}
		p = end
	}
}

// Body is a msgpack map inside a chunk: a record's body, its metadata, or a nested map.
// Lookups scan its pairs in place; nothing is decoded ahead of use.
type Body struct {
	raw    []byte // the whole map, header included
	n, hdr int    // pair count and header length
}

// NewBody returns raw as a Body if raw is exactly one msgpack map.
func NewBody(raw []byte) (Body, bool) {
	end, st := skip(raw, 0)
	if st != scanOK || end != len(raw) {
		return Body{}, false
	}
	return Value{raw: raw}.Map()
}

// Len returns the number of key/value pairs.
func (b Body) Len() int { return b.n }

// Raw returns the map's msgpack encoding exactly as received.
func (b Body) Raw() []byte { return b.raw }

// Range calls fn for each pair in order until fn returns false. Keys are usually strings
// (key.Bytes), but msgpack allows any type.
func (b Body) Range(fn func(key, v Value) bool) {
	p := b.hdr
	for i := 0; i < b.n; i++ {
		kEnd, _ := skip(b.raw, p)
		vEnd, _ := skip(b.raw, kEnd)
		if !fn(Value{raw: b.raw[p:kEnd:kEnd]}, Value{raw: b.raw[kEnd:vEnd:vEnd]}) {
			return
		}
		p = vEnd
	}
}

// Get returns the value of the first pair whose key is the string (or bin) key.
func (b Body) Get(key string) (Value, bool) {
	p := b.hdr
	for i := 0; i < b.n; i++ {
		var kEnd int
		c := b.raw[p]
		if c&0xe0 == 0xa0 { // fixstr, by far the commonest key form
			kEnd = p + 1 + int(c&0x1f)
			if kEnd-p-1 == len(key) && string(b.raw[p+1:kEnd]) == key {
				vEnd, _ := skip(b.raw, kEnd)
				return Value{raw: b.raw[kEnd:vEnd:vEnd]}, true
			}
		} else {
			kEnd, _ = skip(b.raw, p)
			if k, _, ok := rawBytes(b.raw[p:kEnd]); ok && string(k) == key {
				vEnd, _ := skip(b.raw, kEnd)
				return Value{raw: b.raw[kEnd:vEnd:vEnd]}, true
			}
		}
		p, _ = skip(b.raw, kEnd)
	}
	return Value{}, false
}

// GetEach looks every key of keys up in one pass over b, as Get looks up one (the first
// pair of a key wins), and stores what it finds in vals, which must be as long as keys;
// bit i of found says whether keys[i] is there. It takes at most 64 keys.
func (b Body) GetEach(keys []string, vals []Value) (found uint64) {
	if len(keys) > 64 || len(vals) < len(keys) {
		panic("chunk: GetEach takes at most 64 keys and as many values")
	}
	p := b.hdr
	for i := 0; i < b.n; i++ {
		kEnd, _ := skip(b.raw, p)
		vEnd, _ := skip(b.raw, kEnd)
		if k, _, ok := rawBytes(b.raw[p:kEnd]); ok {
			for j, key := range keys {
				if len(k) == len(key) && found&(1<<j) == 0 && string(k) == key {
					vals[j] = Value{raw: b.raw[kEnd:vEnd:vEnd]}
					found |= 1 << j
				}
			}
		}
		p = vEnd
	}
	return found
}

// Path follows keys through nested maps: Path("kubernetes", "container_name").
func (b Body) Path(path ...string) (Value, bool) {
	if len(path) == 0 {
		return Value{}, false
	}
	cur := b
	for i, key := range path {
		v, ok := cur.Get(key)
		if !ok {
			return Value{}, false
		}
		if i == len(path)-1 {
			return v, true
		}
		if cur, ok = v.Map(); !ok {
			return Value{}, false
		}
	}
	return Value{}, false
}

// Lookup returns the value of key: a top-level key spelled exactly so first (keys may
// contain dots), else the dotted path through nested maps, so "log.level" finds
// {"log": {"level": ...}}. Each nested map is searched the same way for the rest of the
// path, so "otlp.attributes.http.route" finds the attribute "http.route" of
// {"otlp": {"attributes": {...}}} (OpenTelemetry and Kubernetes label keys have dots).
// It does not allocate.
func (b Body) Lookup(key string) (Value, bool) {
	for {
		first, rest, dotted := strings.Cut(key, ".")
		if !dotted {
			return b.Get(key)
		}
		// One pass over the map looks for both the whole key and its first segment.
		var head Value
		found := false
		p := b.hdr
		for i := 0; i < b.n; i++ {
			kEnd, _ := skip(b.raw, p)
			vEnd, _ := skip(b.raw, kEnd)
			if k, _, ok := rawBytes(b.raw[p:kEnd]); ok {
				switch {
				case string(k) == key:
					return Value{raw: b.raw[kEnd:vEnd:vEnd]}, true
				case !found && string(k) == first:
					head, found = Value{raw: b.raw[kEnd:vEnd:vEnd]}, true
				}
			}
			p = vEnd
		}
		if !found {
			return Value{}, false
		}
		var ok bool
		if b, ok = head.Map(); !ok {
			return Value{}, false
		}
		key = rest
	}
}

// Find looks key up as Lookup does and, when the body has no such key, inside the JSON
// objects held as strings under the keys named by embedded, in order: Docker and CRI
// write {"log": "{\"level\":\"error\",...}\n"}, so Find("level", "log") finds "error".
// The embedded documents are only scanned when the direct lookup fails.
func (b Body) Find(key string, embedded ...string) (Field, bool) {
	if v, ok := b.Lookup(key); ok {
		return Field{value: v}, true
	}
	for _, holder := range embedded {
		v, ok := b.Lookup(holder)
		if !ok {
			continue
		}
		doc, ok := v.Bytes()
		if !ok || !LooksLikeJSONObject(doc) {
			continue
		}
		if j, ok := LookupJSON(doc, key); ok {
			return Field{json: j, embedded: true}, true
		}
	}
	return Field{}, false
}

// Field is what Find found: a msgpack value of the body, or a JSON value inside a string
// of the body.
type Field struct {
	value    Value
	json     JSONValue
	embedded bool
}

// Embedded reports whether the field came from JSON embedded in a string.
func (f Field) Embedded() bool { return f.embedded }

// Value returns the msgpack value when the field was found directly in the body.
func (f Field) Value() (Value, bool) { return f.value, !f.embedded && f.value.raw != nil }

// JSON returns the JSON value when the field came from an embedded document.
func (f Field) JSON() (JSONValue, bool) { return f.json, f.embedded }

// AppendText appends the field's printable form (see Value.AppendText and
// JSONValue.AppendText).
func (f Field) AppendText(dst []byte) []byte {
	if f.embedded {
		return f.json.AppendText(dst)
	}
	return f.value.AppendText(dst)
}

// Text returns AppendText's form as a string.
func (f Field) Text() string {
	if f.embedded {
		return f.json.Text()
	}
	return f.value.Text()
}

// Float returns a numeric field as float64.
func (f Field) Float() (float64, bool) {
	if f.embedded {
		return f.json.Float()
	}
	return f.value.Float()
}
