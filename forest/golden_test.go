package forest_test

import (
	"bufio"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
)

var update = flag.Bool("update", false, "rewrite golden files and the fuzz seed corpus")

// golden is what a case pins: the threshold, the score of every input row
// (the forest is fitted on the same rows) and the explanation of the row
// with the highest score.
type golden struct {
	Threshold   float64   `json:"threshold"`
	Scores      []float64 `json:"scores"`
	TopRow      int       `json:"top_row"`
	TopExplains []float64 `json:"top_explains"`
}

// TestGoldenScores fits each testdata/scores/<case>.input.csv (first line:
// options as "# trees=25 sample_size=64 contamination=0.1 seed=3") and
// compares with <case>.golden.json; go test -run GoldenScores -update
// rewrites the golden files.
func TestGoldenScores(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "scores", "*.input.csv"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.csv")
		t.Run(name, func(t *testing.T) {
			X, opt := readCase(t, in)
			f := mustFit(t, X, opt)
			got := golden{Threshold: f.Threshold(), Scores: f.ScoreBatch(nil, X)}
			got.TopRow = argmax(got.Scores)
			got.TopExplains = f.Explain(nil, X[got.TopRow])
			path := strings.TrimSuffix(in, ".input.csv") + ".golden.json"
			if *update {
				b, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run GoldenScores -update)", err)
			}
			var want golden
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			// The results are deterministic; the tolerance only absorbs
			// last-bit differences of math functions across platforms.
			const tol = 1e-12
			assertClose(t, "threshold", []float64{got.Threshold}, []float64{want.Threshold}, tol)
			assertClose(t, "scores", got.Scores, want.Scores, tol)
			if got.TopRow != want.TopRow {
				t.Errorf("top row %d, want %d", got.TopRow, want.TopRow)
			}
			assertClose(t, "explanation", got.TopExplains, want.TopExplains, tol)
		})
	}
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
		}
	}
}

// readCase reads a golden input: an options line, then one CSV row per
// vector.
func readCase(t *testing.T, path string) ([][]float64, forest.Options) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	var opt forest.Options
	var X [][]float64
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "#"); ok {
			for _, kv := range strings.Fields(rest) {
				key, value, _ := strings.Cut(kv, "=")
				n, err := strconv.ParseFloat(value, 64)
				if err != nil {
					t.Fatalf("%s: option %q: %v", path, kv, err)
				}
				switch key {
				case "trees":
					opt.Trees = int(n)
				case "sample_size":
					opt.SampleSize = int(n)
				case "contamination":
					opt.Contamination = n
				case "seed":
					opt.Seed = int64(n)
				default:
					t.Fatalf("%s: unknown option %q", path, key)
				}
			}
			continue
		}
		var row []float64
		for _, field := range strings.Split(line, ",") {
			v, err := strconv.ParseFloat(field, 64)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			row = append(row, v)
		}
		X = append(X, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return X, opt
}
