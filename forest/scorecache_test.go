package forest_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
)

// The score cache answers with the model's own score, bit for bit, for vectors that
// repeat (as log records' vectors do), that collide in its slots, and across refits and
// SetModel, and counts what it answered.
func TestDetectorScoreCacheIsExact(t *testing.T) {
	d := newDetector(t, 3, forest.DetectorOptions{Warmup: 32, Window: 64, RefitEvery: 16, Synchronous: true})
	rng := rand.New(rand.NewSource(7))
	// A few hundred distinct vectors, many of them repeated: more than the cache holds,
	// so slots are overwritten too. -0 and NaN are vectors of their own.
	pool := make([][]float64, 700)
	for i := range pool {
		pool[i] = []float64{float64(rng.Intn(4)), float64(20 + rng.Intn(80)), rng.NormFloat64()}
	}
	pool[1] = []float64{0, 0, math.Copysign(0, -1)}
	pool[2] = []float64{0, 0, 0}
	pool[3] = []float64{math.NaN(), 1, 2}
	models := map[*forest.Forest]bool{}
	for i := 0; i < 20000; i++ {
		x := pool[rng.Intn(len(pool))]
		if i%3 == 0 {
			x = pool[rng.Intn(8)] // a routine vector, over and over
		}
		d.Observe(x, epoch)
		if i == 10000 {
			if err := d.SetModel(d.Model()); err != nil {
				t.Fatal(err)
			}
		}
		m := d.Model()
		if m == nil {
			continue
		}
		models[m] = true
		if got, want := d.Score(x).Score, m.Score(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("vector %d %v: cached score %v, the model's %v", i, x, got, want)
		}
	}
	hits, misses := d.CacheStats()
	if len(models) < 10 || hits == 0 || misses == 0 || hits+misses < 20000 {
		t.Errorf("%d models, %d hits, %d misses", len(models), hits, misses)
	}
}
