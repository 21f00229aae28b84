package chunk

import (
	"bytes"
	"encoding/json"
	"testing"
)

// referenceJSONObject is the conversion as encoding/json reads a line (UseNumber), the
// reference AppendJSONObject must agree with.
func referenceJSONObject(dst []byte, line []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	start := len(dst)
	out, ok := referenceJSONValue(dst, dec)
	if !ok || dec.More() {
		return dst[:start], false
	}
	return out, true
}

func referenceJSONValue(dst []byte, dec *json.Decoder) ([]byte, bool) {
	tok, err := dec.Token()
	if err != nil {
		return dst, false
	}
	switch t := tok.(type) {
	case json.Delim:
		// Containers are written with a placeholder count patched once the members are known.
		var items [][]byte
		isMap := t == '{'
		for dec.More() {
			var item []byte
			if isMap {
				key, err := dec.Token()
				if err != nil {
					return dst, false
				}
				item = AppendString(item, key.(string))
			}
			var ok bool
			if item, ok = referenceJSONValue(item, dec); !ok {
				return dst, false
			}
			items = append(items, item)
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return dst, false
		}
		if isMap {
			dst = AppendMapHeader(dst, len(items))
		} else {
			dst = AppendArrayHeader(dst, len(items))
		}
		for _, it := range items {
			dst = append(dst, it...)
		}
		return dst, true
	case string:
		return AppendString(dst, t), true
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return AppendInt(dst, i), true
		}
		f, err := t.Float64()
		if err != nil {
			return dst, false
		}
		return AppendFloat64(dst, f), true
	case bool:
		return AppendBool(dst, t), true
	case nil:
		return AppendNil(dst), true
	}
	return dst, false
}

// jsonLineCases are JSON lines of every shape a log holds, valid and not.
var jsonLineCases = []string{
	`{}`, ` { } `, `{"a":1}`, `{"level":"info","ts":1715677667.554726,"msg":"slow call","latency_ms":1487}`,
	`{"a":-0,"b":0,"c":-12,"d":9223372036854775807,"e":9223372036854775808,"f":-9223372036854775809}`,
	`{"a":1.5,"b":1e3,"c":-2E-5,"d":1e400,"e":0.0}`,
	`{"s":"tab\there \"quoted\" \\ \/ \b\f\n\r","u":"\u00e9\u4e2d\ud83d\ude00"}`,
	`{"lone":"\ud800 x","lone2":"\udc00","pair-bad":"\ud800\u0041","hi-hi":"\ud800\ud800"}`,
	"{\"bad utf8\":\"a\xffb\xc3\"}", "{\"ctl\":\"a\x01b\"}",
	`{"nested":{"a":[1,2,{"b":null,"c":true,"d":false}],"e":[]},"f":{}}`,
	`{"dup":1,"dup":2}`, `{"a":1}}`, `{"a":1} x`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":01}`,
	`{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":tru}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"x`,
	`{"a":[1,2}`, `{"a":[1 2]}`, `[1,2]`, `"x"`, `{"a":nul}`, `{"` + string(make([]byte, 40)) + `":1}`,
	`{"long":"` + string(bytes.Repeat([]byte("abc"), 30000)) + `"}`,
	`{"many":[` + string(bytes.Repeat([]byte("1,"), 70000)) + `1]}`,
}

// The hand-written conversion agrees with encoding/json on what a line is and on what it
// holds, byte for byte.
func TestAppendJSONObjectMatchesEncodingJSON(t *testing.T) {
	for _, line := range jsonLineCases {
		if LooksLikeJSONObject([]byte(line)) { // what callers ask it to convert
			checkJSONLine(t, []byte(line))
		}
	}
}

func FuzzAppendJSONObject(f *testing.F) {
	for _, line := range jsonLineCases {
		if len(line) < 1000 { // the long ones would slow every mutation down
			f.Add([]byte(line))
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if !LooksLikeJSONObject(line) {
			return
		}
		checkJSONLine(t, line)
	})
}

func checkJSONLine(t *testing.T, line []byte) {
	t.Helper()
	prefix := []byte{0xc0}
	want, wantOK := referenceJSONObject(append([]byte(nil), prefix...), line)
	got, gotOK := AppendJSONObject(append([]byte(nil), prefix...), line)
	// encoding/json's Decoder takes a value followed by a closing bracket ({"a":1}}) as
	// one value and stops there; the line is no JSON object, and is kept as text.
	if wantOK && !gotOK && !bytes.Equal(bytes.TrimSpace(line), bytes.TrimSpace(line[:jsonEnd(line)])) {
		return
	}
	if gotOK != wantOK || !bytes.Equal(got, want) {
		t.Errorf("%.200q: got %v %.200x, want %v %.200x", line, gotOK, got, wantOK, want)
	}
}

// jsonEnd returns where the first JSON value of line ends, as encoding/json's Decoder
// reads it, or len(line) when it does not parse.
func jsonEnd(line []byte) int {
	dec := json.NewDecoder(bytes.NewReader(line))
	var v any
	if dec.Decode(&v) != nil {
		return len(line)
	}
	return int(dec.InputOffset())
}
