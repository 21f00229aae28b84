package forest_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
)

func TestFitRejectsBadInput(t *testing.T) {
	good := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	for _, tc := range []struct {
		name string
		X    [][]float64
		opt  forest.Options
		want []string // substrings of the error
	}{
		{"no rows", nil, forest.Options{}, []string{"no rows"}},
		{"no columns", [][]float64{{}, {}}, forest.Options{}, []string{"no columns"}},
		{"ragged", [][]float64{{1, 2}, {3}}, forest.Options{}, []string{"row 1 has 1 values, want 2"}},
		{"NaN", [][]float64{{1, 2}, {3, math.NaN()}}, forest.Options{}, []string{"row 1, column 1 is NaN"}},
		{"Inf", [][]float64{{math.Inf(-1), 2}}, forest.Options{}, []string{"row 0, column 0 is -Inf"}},
		{"beyond float32", [][]float64{{1e39, 2}}, forest.Options{}, []string{"row 0, column 0 is 1e+39", "float32 range"}},
		{"trees", good, forest.Options{Trees: -1}, []string{"Options.Trees must be in [1, 10000]", "got -1"}},
		{"too many trees", good, forest.Options{Trees: 10001}, []string{"Options.Trees", "got 10001"}},
		{"sample size", good, forest.Options{SampleSize: 5000}, []string{"Options.SampleSize must be in [1, 4096]", "got 5000"}},
		{"negative contamination", good, forest.Options{Contamination: -0.1}, []string{"Options.Contamination must be in (0, 0.5]", "got -0.1"}},
		{"contamination above 0.5", good, forest.Options{Contamination: 0.6}, []string{"Options.Contamination", "got 0.6"}},
		{"NaN contamination", good, forest.Options{Contamination: math.NaN()}, []string{"Options.Contamination", "got NaN"}},
		{"every bad option at once", good, forest.Options{Trees: -1, SampleSize: -1, Contamination: 1}, []string{"Options.Trees", "Options.SampleSize", "Options.Contamination"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := forest.Fit(tc.X, tc.opt)
			if err == nil {
				t.Fatalf("Fit returned a forest of %d dims, want an error", f.Dims())
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestFitDefaultsAndClamping(t *testing.T) {
	X := normalRows(1000, 3, 1)
	f, err := forest.Fit(X, forest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Trees() != 100 || f.SampleSize() != 256 || f.Dims() != 3 || f.Threshold() != 0.5 {
		t.Errorf("defaults: trees %d, psi %d, dims %d, threshold %g; want 100, 256, 3, 0.5", f.Trees(), f.SampleSize(), f.Dims(), f.Threshold())
	}
	small, err := forest.Fit(X[:40], forest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if small.SampleSize() != 40 {
		t.Errorf("psi on 40 rows = %d, want 40 (min(256, rows))", small.SampleSize())
	}
}

func TestFitIsReproducible(t *testing.T) {
	X := normalRows(2000, 4, 2)
	a, _ := forest.Fit(X, forest.Options{Seed: 42})
	b, _ := forest.Fit(X, forest.Options{Seed: 42})
	c, _ := forest.Fit(X, forest.Options{Seed: 43})
	same, differ := true, false
	for _, x := range X[:100] {
		same = same && a.Score(x) == b.Score(x)
		differ = differ || a.Score(x) != c.Score(x)
	}
	if !same {
		t.Error("two fits with the same seed score differently")
	}
	if !differ {
		t.Error("fits with different seeds score identically")
	}
}

func TestScoreSeparatesOutliers(t *testing.T) {
	X := normalRows(2000, 3, 3)
	f, err := forest.Fit(X, forest.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	inlier := f.Score([]float64{0, 0, 0})
	outlier := f.Score([]float64{8, -8, 8})
	if !(outlier > 0.7 && inlier < 0.45) {
		t.Errorf("score of the centre %g, of a far point %g; want below 0.45 and above 0.7", inlier, outlier)
	}
	for _, x := range X {
		if s := f.Score(x); !(s > 0 && s <= 1) {
			t.Fatalf("score %g outside (0, 1]", s)
		}
	}
}

func TestScoreOfDegenerateForests(t *testing.T) {
	one, err := forest.Fit([][]float64{{1, 2}}, forest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	constant, err := forest.Fit(slices.Repeat([][]float64{{3, 3}}, 50), forest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    *forest.Forest
	}{{"single row", one}, {"constant rows", constant}} {
		t.Run(tc.name, func(t *testing.T) {
			// scikit-learn scores everything 0.5 here: c(1) = 0 for a single
			// row, and a root leaf of psi samples has h = c(psi).
			for _, x := range [][]float64{{1, 2}, {3, 3}, {-100, 1e6}} {
				if s := tc.f.Score(x); math.Abs(s-0.5) > 1e-15 {
					t.Errorf("Score(%v) = %.17g, want 0.5", x, s)
				}
			}
		})
	}
}

func TestScoreNonFiniteInput(t *testing.T) {
	for _, dims := range []int{3, 300} { // block and flat layouts
		X := normalRows(500, dims, 4)
		f, err := forest.Fit(X, forest.Options{Trees: 20})
		if err != nil {
			t.Fatal(err)
		}
		x := slices.Clone(X[0])
		x[0] = math.NaN()
		nan := f.Score(x)
		x[0] = math.Inf(-1)
		if minusInf := f.Score(x); nan != minusInf {
			t.Errorf("dims %d: NaN scores %g, -Inf %g; NaN must go left like -Inf", dims, nan, minusInf)
		}
		x[0] = math.Inf(1)
		if s := f.Score(x); !(s > 0 && s <= 1) {
			t.Errorf("dims %d: +Inf scores %g", dims, s)
		}
	}
}

func TestScorePanicsOnWrongLength(t *testing.T) {
	f, _ := forest.Fit(normalRows(100, 3, 5), forest.Options{Trees: 5})
	defer func() {
		if r := recover(); r == nil {
			t.Error("Score of a 2-value vector on a 3-feature forest did not panic")
		}
	}()
	f.Score([]float64{1, 2})
}

func TestScoreBatchMatchesScore(t *testing.T) {
	X := normalRows(700, 5, 6)
	f, _ := forest.Fit(X, forest.Options{Seed: 3})
	prefix := []float64{-1}
	got := f.ScoreBatch(prefix, X)
	if len(got) != len(X)+1 || got[0] != -1 {
		t.Fatalf("ScoreBatch did not append to dst: len %d, first %g", len(got), got[0])
	}
	for i, x := range X {
		if got[i+1] != f.Score(x) {
			t.Fatalf("row %d: ScoreBatch %g, Score %g", i, got[i+1], f.Score(x))
		}
	}
}

func TestScoreAllocatesNothing(t *testing.T) {
	for _, dims := range []int{3, 300} {
		X := normalRows(300, dims, 7)
		f, _ := forest.Fit(X, forest.Options{})
		dst := make([]float64, 0, len(X))
		explained := make([]float64, dims)
		if n := testing.AllocsPerRun(100, func() { f.Score(X[1]) }); n != 0 {
			t.Errorf("dims %d: Score allocates %v times", dims, n)
		}
		if n := testing.AllocsPerRun(10, func() { dst = f.ScoreBatch(dst[:0], X) }); n != 0 {
			t.Errorf("dims %d: ScoreBatch into a large enough dst allocates %v times", dims, n)
		}
		if n := testing.AllocsPerRun(10, func() { f.Explain(explained, X[1]) }); n != 0 {
			t.Errorf("dims %d: Explain into dst allocates %v times", dims, n)
		}
	}
}

func TestContaminationThreshold(t *testing.T) {
	X := normalRows(1000, 3, 8)
	for _, rate := range []float64{0.01, 0.1, 0.5} {
		f, err := forest.Fit(X, forest.Options{Contamination: rate, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		flagged := 0
		for _, x := range X {
			if f.Score(x) > f.Threshold() {
				flagged++
			}
		}
		// The threshold interpolates between two training scores, so
		// exactly floor(rate*n) or one more row lies above it.
		if want := int(rate * float64(len(X))); flagged < want-1 || flagged > want+1 {
			t.Errorf("contamination %g flags %d of %d rows, want about %d", rate, flagged, len(X), want)
		}
	}
}

func TestExplain(t *testing.T) {
	X := normalRows(2000, 4, 9)
	f, _ := forest.Fit(X, forest.Options{Seed: 2})
	for _, tc := range []struct {
		name     string
		x        []float64
		dominant int // -1: no expectation
	}{
		{"outlier in feature 2", []float64{0, 0, 9, 0}, 2},
		{"outlier in feature 0", []float64{-9, 0, 0, 0}, 0},
		{"inlier", []float64{0.1, -0.2, 0, 0.3}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shares := f.Explain(nil, tc.x)
			var sum float64
			for _, s := range shares {
				if s < 0 {
					t.Fatalf("negative share in %v", shares)
				}
				sum += s
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("shares sum to %.17g, want 1", sum)
			}
			if tc.dominant >= 0 {
				if top := argmax(shares); top != tc.dominant || shares[top] < 0.5 {
					t.Errorf("shares %v, want feature %d above 0.5", shares, tc.dominant)
				}
			}
		})
	}
	uniform := mustFit(t, slices.Repeat([][]float64{{1, 1, 1}}, 10), forest.Options{}).Explain(nil, []float64{5, 5, 5})
	for _, s := range uniform {
		if math.Abs(s-1.0/3) > 1e-15 {
			t.Errorf("single-leaf forest explains %v, want thirds", uniform)
		}
	}
}

func mustFit(t testing.TB, X [][]float64, opt forest.Options) *forest.Forest {
	t.Helper()
	f, err := forest.Fit(X, opt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}

func normalRows(n, dims int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 99))
	X := make([][]float64, n)
	for i := range X {
		X[i] = make([]float64, dims)
		for j := range X[i] {
			X[i][j] = r.NormFloat64()
		}
	}
	return X
}
