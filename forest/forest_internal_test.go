package forest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAveragePathLength(t *testing.T) {
	// Expected values from scikit-learn 1.2.1's _average_path_length.
	for _, tc := range []struct {
		n    int
		want float64
	}{
		{0, 0},
		{1, 0},
		{2, 1},
		{3, 1.207392357589623},
		{256, 10.244770920119917},
		{4096, 15.789963603627406},
	} {
		if got := averagePathLength(tc.n); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("c(%d) = %.17g, want %.17g", tc.n, got, tc.want)
		}
	}
}

func TestDepthLimit(t *testing.T) {
	for _, tc := range []struct{ psi, want int }{
		{1, 1}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {128, 7}, {129, 8}, {256, 8}, {257, 9}, {4096, 12},
	} {
		if got := depthLimit(tc.psi); got != tc.want {
			t.Errorf("depthLimit(%d) = %d, want %d", tc.psi, got, tc.want)
		}
	}
}

// TestFloor32 checks the property the float32 thresholds rest on: for every
// float32 v, v <= t exactly when v <= floor32(t).
func TestFloor32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 100000 {
		th := r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
		f := floor32(th)
		if float64(f) > th {
			t.Fatalf("floor32(%g) = %g is above it", th, f)
		}
		if next := math.Nextafter32(f, float32(math.Inf(1))); float64(next) <= th {
			t.Fatalf("floor32(%g) = %g, but %g is a larger float32 not above it", th, f, next)
		}
	}
	if f := floor32(math.Copysign(0, -1)); math.Signbit(float64(f)) {
		t.Error("floor32(-0) is -0, want +0")
	}
	if f := floor32(-1e-50); f >= 0 || !(float64(f) <= -1e-50) {
		t.Errorf("floor32(-1e-50) = %g, want the largest negative float32", f)
	}
}

func TestPercentileLinear(t *testing.T) {
	// Expected values from numpy 1.24.2's np.percentile(values, 100*q),
	// compared bit for bit.
	values := []float64{0.31, 0.42, 0.42, 0.5, 0.61, 0.77}
	for _, tc := range []struct {
		q, want float64
	}{
		{0, 0.31},
		{1, 0.77},
		{0.5, 0.45999999999999996},
		{0.9, 0.69},
		{0.95, 0.73},
		{0.1, 0.365},
	} {
		if got := percentileLinear(values, tc.q); got != tc.want {
			t.Errorf("percentile(%g) = %.17g, want %.17g", tc.q, got, tc.want)
		}
	}
}

func TestSamplerDrawsDistinctIndices(t *testing.T) {
	var s sampler
	var r rng
	for _, tc := range []struct{ k, n int }{{1, 1}, {5, 5}, {3, 10}, {256, 300}, {256, 1 << 20}} {
		r.seedTree(7, tc.k)
		dst := make([]int32, tc.k)
		s.draw(dst, tc.n, &r)
		sorted := slices.Clone(dst)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != tc.k {
			t.Errorf("k=%d n=%d: repeated indices", tc.k, tc.n)
		}
		if sorted[0] < 0 || int(sorted[tc.k-1]) >= tc.n {
			t.Errorf("k=%d n=%d: index out of range", tc.k, tc.n)
		}
	}
}

// TestSamplerIsUniform draws 3 of 6 many times: each index must come up
// half of the time.
func TestSamplerIsUniform(t *testing.T) {
	var s sampler
	var r rng
	r.seedTree(1, 0)
	counts := make([]int, 6)
	const draws = 60000
	dst := make([]int32, 3)
	for range draws {
		s.draw(dst, 6, &r)
		for _, i := range dst {
			counts[i]++
		}
	}
	for i, c := range counts {
		// expectation 30000, standard deviation about 122
		if math.Abs(float64(c)-draws/2) > 600 {
			t.Errorf("index %d drawn %d times of %d, want about %d", i, c, draws, draws/2)
		}
	}
}

func TestIntnIsUniform(t *testing.T) {
	var r rng
	r.seedTree(3, 3)
	counts := make([]int, 7)
	for range 70000 {
		counts[r.intn(7)]++
	}
	for i, c := range counts {
		if math.Abs(float64(c)-10000) > 500 {
			t.Errorf("value %d drawn %d times, want about 10000", i, c)
		}
	}
}

// referencePathSum walks the real (unpadded) trees node by node with the
// sizes alone: an independent check of the padded layout and both kernels.
func referencePathSum(f *Forest, x []float64) float64 {
	var sum float64
	for t := range f.trees {
		p, d := 1, 0
		for f.isSplit(t, p) {
			feature, threshold := f.split(t, p)
			p *= 2
			if float32(x[feature]) > threshold {
				p++
			}
			d++
		}
		sum += float64(d) + averagePathLength(int(f.treeSizes(t)[p]))
	}
	return sum
}

func randomRows(r *rand.Rand, n, dims int) [][]float64 {
	X := make([][]float64, n)
	for i := range X {
		X[i] = make([]float64, dims)
		for j := range X[i] {
			X[i][j] = r.NormFloat64()
			if j%3 == 2 {
				X[i][j] = float64(r.IntN(4)) // ties and constant nodes
			}
		}
	}
	return X
}

func TestKernelsMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, tc := range []struct {
		name       string
		rows, dims int
		opt        Options
		blocks     bool
	}{
		{"blocks", 1000, 5, Options{Trees: 37, Seed: 1}, true},
		{"blocks/256 features", 400, 256, Options{Trees: 9}, true},
		{"flat/shallow", 1000, 5, Options{Trees: 11, SampleSize: 64}, false},
		{"flat/deep", 3000, 4, Options{Trees: 10, SampleSize: 1000}, false},
		{"flat/257 features", 300, 257, Options{Trees: 5}, false},
		{"flat/one sample", 1, 3, Options{Trees: 4}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			X := randomRows(r, tc.rows, tc.dims)
			f, err := Fit(X, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.blocks != nil; got != tc.blocks {
				t.Fatalf("block layout = %v, want %v", got, tc.blocks)
			}
			probes := append(randomRows(r, 200, tc.dims), X[:min(len(X), 200)]...)
			for _, x := range probes {
				want := referencePathSum(f, x)
				if got := f.pathSum(x); math.Abs(got-want) > 1e-9 {
					t.Fatalf("pathSum = %.17g, reference %.17g", got, want)
				}
			}
		})
	}
}

func TestBuiltTreesKeepSklearnInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	X := randomRows(r, 500, 6)
	f, err := Fit(X, Options{Trees: 20})
	if err != nil {
		t.Fatal(err)
	}
	for tr := range f.trees {
		sizes := f.treeSizes(tr)
		if int(sizes[1]) != f.psi {
			t.Fatalf("tree %d: root holds %d samples, want %d", tr, sizes[1], f.psi)
		}
		var walk func(p, d int)
		walk = func(p, d int) {
			if !f.isSplit(tr, p) {
				// A leaf stops at the depth limit, holds one sample, or
				// holds samples that are all equal in float32.
				if d < f.depth && sizes[p] > 1 {
					t.Errorf("tree %d: leaf of %d samples above the depth limit", tr, sizes[p])
				}
				return
			}
			if sizes[2*p] == 0 || sizes[2*p+1] == 0 {
				t.Errorf("tree %d: split at %d leaves a child empty", tr, p)
			}
			walk(2*p, d+1)
			walk(2*p+1, d+1)
		}
		walk(1, 0)
	}
}

func TestScoreRoundsToFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	X := randomRows(r, 500, 4)
	f, err := Fit(X, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range X[:50] {
		nudged := slices.Clone(x)
		for j := range nudged {
			// the same float32, a different float64
			nudged[j] = float64(float32(x[j])) * (1 + 1e-12)
			if float32(nudged[j]) != float32(x[j]) {
				nudged[j] = x[j]
			}
		}
		if a, b := f.Score(x), f.Score(nudged); a != b {
			t.Fatalf("Score differs below float32 precision: %v vs %v", a, b)
		}
	}
}
