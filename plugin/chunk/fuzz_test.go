package chunk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/ugorji/go/codec"
)

// seedChunks are the committed seed corpus of FuzzDecode and FuzzAnnotate
// (testdata/fuzz/<target>/), rewritten by `go test ./plugin/chunk -run SeedCorpus -update`.
func seedChunks() [][]byte {
	body := enc(kv{"log", `{"level":"warn","msg":"m"}`, "kubernetes", kv{"container_name", "api"}, "n", 1.5})
	seeds := [][]byte{
		benchChunk(3),
		v2Event(eventTime(1700000000, 1), enc(kv{"trace", "t"}), body),
		v2Event(ext8Time(1700000000, 1), emptyMap, body),
		legacyEvent(AppendUint(nil, 1700000000), body),
		legacyEvent(AppendFloat64(nil, 1700000000.25), body),
		cat(v2Event(eventTime(math.MaxUint32, 0), enc(kv{"schema", 1}), enc(kv{"resource", kv{"a", 1}})),
			v2Event(eventTime(5, 0), emptyMap, body), v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap)),
		v2Event([]byte{0xff}, emptyMap, emptyMap),
		v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", "x", "anomaly", kv{"score", 0.5}})),
		cat(v2Event(eventTime(1, 0), emptyMap, body), AppendString(nil, "junk"), v2Event(eventTime(2, 0), emptyMap, body)),
		cat(v2Event(eventTime(1, 0), emptyMap, body), []byte{0x92, 0xc1}),
		v2Event(eventTime(1, 0), emptyMap, body)[:20],
		{0xdf, 0xff, 0xff, 0xff, 0xff},
		{0xdd, 0xff, 0xff, 0xff, 0xff, 0x92},
	}
	for seed := int64(0); seed < 8; seed++ {
		g := gen{rand.New(rand.NewSource(seed))}
		c, _ := g.chunk(4)
		seeds = append(seeds, c)
	}
	return seeds
}

// seedJSON is the committed seed corpus of FuzzLookupJSON: documents and keys.
var seedJSON = []struct {
	doc, key string
}{
	{`{"level":"error","msg":"x"}`, "level"},
	{`{"a":{"b":[1,{"c":"]"}]},"d\u0041":"e"}`, "dA"},
	{`{"a":{"b":2}}`, "a.b"},
	{`{"s":"\ud83d\ude00\\\"","t":[],"u":{}}`, "s"},
	{"{\"log\":\"{\\\"level\\\":\\\"info\\\"}\\n\"}\n", "log"},
	{`{"a":1,"a":2}`, "a"},
	{`[{"a":1}]`, "a"},
}

func TestSeedCorpus(t *testing.T) {
	files := map[string][]string{}
	for _, s := range seedChunks() {
		files["FuzzDecode"] = append(files["FuzzDecode"], fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s))
	}
	files["FuzzAnnotate"] = files["FuzzDecode"]
	files["FuzzObjectLen"] = files["FuzzDecode"]
	for _, s := range seedJSON {
		files["FuzzLookupJSON"] = append(files["FuzzLookupJSON"], fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nstring(%q)\n", s.doc, s.key))
	}
	for target, contents := range files {
		dir := filepath.Join("testdata", "fuzz", target)
		for i, content := range contents {
			name := filepath.Join(dir, fmt.Sprintf("seed-%02d", i))
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got, err := os.ReadFile(name); err != nil || string(got) != content {
				t.Fatalf("%s is missing or stale (%v): run with -update", name, err)
			}
		}
	}
}

// maxJSONGrowth bounds AppendJSON's output per input byte: the widest cases are a byte of
// invalid UTF-8 (6 bytes, \ue0XX) and a fixext 1 ({"ext":-128,"data":"AA=="}, 26 bytes for 3).
const maxJSONGrowth = 10

// FuzzDecode: decoding never panics, never allocates, returns events whose bytes add up to
// the input, and every reading of a record (lookups, text, JSON) stays bounded.
func FuzzDecode(f *testing.F) {
	for _, s := range seedChunks() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(data)
		var e Event
		var joined []byte
		for d.Next(&e) {
			if len(e.Raw) == 0 {
				t.Fatal("empty event")
			}
			joined = append(joined, e.Raw...)
			if e.Kind == Record {
				readRecord(t, &e)
			}
			js := AppendJSON(nil, &e, "tag")
			if len(js) > maxJSONGrowth*len(e.Raw)+128 {
				t.Fatalf("%d bytes of JSON for a %d-byte event", len(js), len(e.Raw))
			}
			if len(js) > 0 && !json.Valid(js) {
				t.Fatalf("invalid JSON %q", js)
			}
		}
		if !bytes.Equal(joined, data) {
			t.Fatal("events do not add up to the input")
		}
		c := d.Counts()
		if c.Records+c.GroupStarts+c.GroupEnds+c.Opaque == 0 && len(data) > 0 {
			t.Fatal("no event counted")
		}
	})
}

func readRecord(t *testing.T, e *Event) {
	e.Body.Range(func(k, v Value) bool {
		_ = k.Text()
		_ = v.Text()
		_, _ = v.Float()
		_, _ = v.Int()
		if m, ok := v.Map(); ok {
			m.Range(func(_, _ Value) bool { return true })
		}
		if a, ok := v.Array(); ok {
			a.Range(func(Value) bool { return true })
		}
		return true
	})
	_, _ = e.Body.Lookup("kubernetes.container_name")
	f, _ := e.Body.Find("level", "log", "message")
	_ = f.Text()
	_ = e.Metadata.Len()
}

// FuzzAnnotate: annotating never panics, leaves every non-record and every record that has
// the key byte for byte, and adds exactly the pairs to every other record; the output
// decodes to the same sequence of events.
func FuzzAnnotate(f *testing.F) {
	for _, s := range seedChunks() {
		f.Add(s)
	}
	pairs := appendAnnotation(nil, 0.5, true, "t")
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(data)
		var e Event
		var out []byte
		var kinds []Kind
		for d.Next(&e) {
			kinds = append(kinds, e.Kind)
			start := len(out)
			var outcome Outcome
			out, outcome = AppendAnnotated(out, &e, pairs, 1)
			switch {
			case e.Kind != Record:
				if outcome != SkippedNotRecord || !bytes.Equal(out[start:], e.Raw) {
					t.Fatalf("%v event changed (%v)", e.Kind, outcome)
				}
			case outcome == SkippedKeyPresent:
				if _, ok := e.Body.Get("anomaly"); !ok || !bytes.Equal(out[start:], e.Raw) {
					t.Fatal("skipped a record without the key, or changed it")
				}
			case outcome == Annotated:
				checkAnnotatedBytes(t, &e, out[start:], pairs, 1)
			default:
				t.Fatalf("outcome %v", outcome)
			}
		}
		d.Reset(out)
		for i := 0; d.Next(&e); i++ {
			if i >= len(kinds) || e.Kind != kinds[i] {
				t.Fatalf("annotated event %d is %v", i, e.Kind)
			}
			kinds[i] = 255
		}
		for i, k := range kinds {
			if k != 255 {
				t.Fatalf("annotated output lost event %d", i)
			}
		}
	})
}

// FuzzObjectLen checks the scanner against ugorji: whenever ugorji decodes an object, the
// scanner must measure the same length. (ugorji refuses some valid msgpack, such as maps
// with map keys, so the check runs one way only.)
func FuzzObjectLen(f *testing.F) {
	for _, s := range seedChunks() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ObjectLen(data)
		if err == nil && (n <= 0 || n > len(data)) {
			t.Fatalf("length %d of %d bytes", n, len(data))
		}
		d := codec.NewDecoderBytes(data, mpHandle())
		var v any
		if d.Decode(&v) != nil {
			return
		}
		if err != nil || n != d.NumBytesRead() {
			t.Fatalf("ObjectLen = %d, %v; ugorji read %d bytes", n, err, d.NumBytesRead())
		}
	})
}
