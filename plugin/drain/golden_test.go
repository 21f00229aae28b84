package drain

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and fuzz seed files")

// goldenSets are the Loghub sets whose final templates are pinned in
// testdata/golden.
var goldenSets = []string{"Apache", "HDFS", "HealthApp", "Linux", "OpenSSH", "Proxifier"}

// templateReport lists every template of m, one per line as
// "count<TAB>id<TAB>template", biggest first.
func templateReport(m *Miner) []byte {
	type row struct {
		count    int64
		id, text string
	}
	var rows []row
	for c := m.lru.head; c != nil; c = c.next() {
		rows = append(rows, row{c.count, c.fam.idText, c.text()})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.text, b.text)
	})
	var b bytes.Buffer
	for _, r := range rows {
		fmt.Fprintf(&b, "%d\t%s\t%s\n", r.count, r.id, strconv.Quote(r.text))
	}
	return b.Bytes()
}

func TestGoldenTemplates(t *testing.T) {
	data := sharedDataDir(t)
	if data == "" {
		t.Skip("../shared/data is absent: Loghub sets not available")
	}
	for _, name := range goldenSets {
		t.Run(name, func(t *testing.T) {
			lines, err := readStructured(filepath.Join(data, "loghub", name, name+"_2k.log_structured.csv"))
			if err != nil {
				t.Fatal(err)
			}
			_, _, m := mineFile(t, DefaultConfig(), lines.content)
			got := templateReport(m)
			golden := filepath.Join("testdata", "golden", name+".templates")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenTemplates -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("templates of %s changed; diff against %s or rerun with -update:\n%s", name, golden, got)
			}
		})
	}
}

// TestFuzzSeeds keeps the committed seed corpora in step with the state
// format: with -update it rewrites them, otherwise it checks that they
// exist and that the valid saved body among them still restores.
func TestFuzzSeeds(t *testing.T) {
	good := savedSynthetic(t)
	seeds := map[string][]byte{
		"FuzzStateBody/valid": corpusFile(fmt.Sprintf("[]byte(%q)", savedBody(t, good))),
		"FuzzAdd/masks":       corpusFile(`string("a=1 b=() c=0x1f 12:00:01 Jun 3 2005 [10.0.0.1:80]")`, `string("x.y.com:80 close, 3 bytes (1.2 KB) sent, lifetime <1 sec")`),
		"FuzzAdd/bytes":       corpusFile(`string("\x00\xff\xfe\t\r\n")`, `string("")`),
		"FuzzAdd/long":        corpusFile(fmt.Sprintf("string(%q)", bytes.Repeat([]byte("tok1 "), 100)), `string("tok1 tok2")`),
	}
	for name, content := range seeds {
		path := filepath.Join("testdata", "fuzz", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%v (run go test -run TestFuzzSeeds -update)", err)
		}
	}
	if *update {
		return
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzStateBody", "valid"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitN(raw, []byte("\n"), 3)
	quoted := bytes.TrimSuffix(bytes.TrimPrefix(lines[1], []byte("[]byte(")), []byte(")"))
	body, err := strconv.Unquote(string(quoted))
	if err != nil {
		t.Fatal(err)
	}
	if err := mustNew(t, DefaultConfig()).UnmarshalBinary(frameState([]byte(body))); err != nil {
		t.Fatalf("seed state no longer restores (run go test -run TestFuzzSeeds -update): %v", err)
	}
}

func corpusFile(values ...string) []byte {
	b := []byte("go test fuzz v1\n")
	for _, v := range values {
		b = append(b, v...)
		b = append(b, '\n')
	}
	return b
}
