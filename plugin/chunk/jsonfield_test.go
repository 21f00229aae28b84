package chunk

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLookupJSON(t *testing.T) {
	doc := `  {"level" : "error", "n": -1.5e3, "ok": true, "nil": null,
		"obj": {"inner": {"deep": "x"}, "arr": [1, {"level": "no"}, "]"]},
		"esc\"aped": "v1", "caf\u00e9": "v2", "tab\tkey": 1, "str": "a\nb\u00e9\ud83d\ude00\u12",
		"a.b": "dotted", "a": {"b": "nested"}, "level": "second"}` + "\n"
	cases := []struct {
		key   string
		text  string
		raw   string
		found bool
	}{
		{"level", "error", `"error"`, true},
		{"n", "-1.5e3", "-1.5e3", true},
		{"ok", "true", "true", true},
		{"nil", "null", "null", true},
		{"obj.inner.deep", "x", `"x"`, true},
		{"obj.arr", `[1, {"level": "no"}, "]"]`, `[1, {"level": "no"}, "]"]`, true},
		{`esc"aped`, "v1", `"v1"`, true},
		{"café", "v2", `"v2"`, true},
		{"str", "a\nbé😀\uFFFD12", `"a\nb\u00e9\ud83d\ude00\u12"`, true},
		{"a.b", "dotted", `"dotted"`, true},
		{"inner", "", "", false},
		{"obj.inner.missing", "", "", false},
		{"ok.x", "", "", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			v, ok := LookupJSON([]byte(doc), c.key)
			if ok != c.found || v.Text() != c.text || string(v.Raw()) != c.raw {
				t.Fatalf("got %q (raw %q), %v; want %q (raw %q), %v", v.Text(), v.Raw(), ok, c.text, c.raw, c.found)
			}
		})
	}
	if v, _ := LookupJSON([]byte(doc), "n"); true {
		if f, ok := v.Float(); !ok || f != -1500 {
			t.Fatalf("Float %v %v", f, ok)
		}
	}
	if v, _ := LookupJSON([]byte(doc), "ok"); true {
		if b, ok := v.Bool(); !ok || !b {
			t.Fatal("Bool")
		}
	}
	if v, _ := LookupJSON([]byte(doc), "level"); !v.IsString() {
		t.Fatal("IsString")
	}
	if v, _ := LookupJSON([]byte(doc), "level"); true {
		if _, ok := v.Float(); ok {
			t.Fatal("Float of a string")
		}
	}
}

func TestLookupJSONNotJSON(t *testing.T) {
	for _, doc := range []string{"", "plain text", "[1,2]", `{"a"`, `{"a":`, `{"a" 1}`, `{"a":"unterminated`, `{"a":1 "b":2}`, `{"a":{"b":1}`, `{1:2}`, `{"a\`} {
		if v, ok := LookupJSON([]byte(doc), "b"); ok {
			t.Errorf("LookupJSON(%q, b) = %q", doc, v.Raw())
		}
	}
	for _, c := range []struct {
		doc  string
		want bool
	}{{"{}", true}, {" \t\n{", true}, {"", false}, {"x{", false}, {`"{"`, false}} {
		if LooksLikeJSONObject([]byte(c.doc)) != c.want {
			t.Errorf("LooksLikeJSONObject(%q) != %v", c.doc, c.want)
		}
	}
}

// FuzzLookupJSON checks the scanner against encoding/json on valid documents, and that it
// never panics on anything.
func FuzzLookupJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, doc []byte, key string) {
		v, found := LookupJSON(doc, key)
		_ = v.Text()
		_, _ = v.Float()
		if !json.Valid(doc) || !utf8.Valid(doc) || strings.Contains(key, ".") {
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(doc, &members) != nil {
			return // not an object
		}
		if countMembers(t, doc) != len(members) {
			return // duplicate names: encoding/json keeps the last, the scanner the first
		}
		want, ok := members[key]
		if ok != found {
			t.Fatalf("found %v, encoding/json %v", found, ok)
		}
		if !ok {
			return
		}
		if string(v.Raw()) != string(want) {
			t.Fatalf("raw %q, encoding/json %q", v.Raw(), want)
		}
		var s string
		if json.Unmarshal(want, &s) == nil && v.Text() != s {
			t.Fatalf("text %q, encoding/json %q", v.Text(), s)
		}
	})
}

// countMembers counts the members of a JSON object with encoding/json's tokenizer.
func countMembers(t *testing.T, doc []byte) int {
	d := json.NewDecoder(strings.NewReader(string(doc)))
	if _, err := d.Token(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for d.More() {
		if _, err := d.Token(); err != nil { // name
			t.Fatal(err)
		}
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}
