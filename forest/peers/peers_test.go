package peers

import (
	"fmt"
	"math/rand/v2"
	"testing"

	codegaudi "github.com/codegaudi/go-iforest"
	expert "github.com/e-XpertSolutions/go-iforest/v2/iforest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/internal/odds"
	narumiruna "github.com/narumiruna/go-iforest/pkg/iforest"
)

const (
	trees      = 100
	sampleSize = 256
	trainRows  = 8192 // one training sample for all: codegaudi copies it per tree
	batchRows  = 1024
)

// scorer scores rows[lo:hi] with one implementation through its fastest
// public API and returns a checksum so that nothing is optimised away.
type scorer struct {
	name  string
	score func(rows [][]float64) float64
}

func scorers(tb testing.TB, train [][]float64) []scorer {
	ours, err := forest.Fit(train, forest.Options{Trees: trees, SampleSize: sampleSize})
	if err != nil {
		tb.Fatal(err)
	}
	ex := expert.NewForest(trees, sampleSize, 0.01)
	ex.Train(train)
	if err := ex.Test(train); err != nil {
		tb.Fatal(err)
	}
	nr := narumiruna.NewWithOptions(narumiruna.Options{NumTrees: trees, SampleSize: sampleSize})
	nr.Fit(train)
	cg, err := codegaudi.NewIForest(train, trees, sampleSize)
	if err != nil {
		tb.Fatal(err)
	}
	batch := make([]float64, 0, batchRows)
	return []scorer{
		{"forest", func(rows [][]float64) (sum float64) {
			for _, x := range rows {
				sum += ours.Score(x)
			}
			return sum
		}},
		{"forest-batch", func(rows [][]float64) (sum float64) {
			batch = ours.ScoreBatch(batch[:0], rows)
			for _, s := range batch {
				sum += s
			}
			return sum
		}},
		{"e-XpertSolutions", func(rows [][]float64) (sum float64) {
			_, scores, err := ex.Predict(rows)
			if err != nil {
				tb.Fatal(err)
			}
			for _, s := range scores {
				sum += s
			}
			return sum
		}},
		{"narumiruna", func(rows [][]float64) (sum float64) {
			for _, s := range nr.Score(rows) {
				sum += s
			}
			return sum
		}},
		{"codegaudi", func(rows [][]float64) (sum float64) {
			for _, x := range rows {
				sum += cg.CalculateAnomalyScore(x)
			}
			return sum
		}},
	}
}

// loadRows returns an ODDS set's rows, or synthetic rows of its width when
// the data is absent.
func loadRows(name string, dims int) (rows [][]float64, synthetic bool) {
	if dir, err := odds.Dir(); err == nil {
		if set, err := odds.Load(dir, name); err == nil {
			return set.X, false
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	rows = make([][]float64, 50000)
	for i := range rows {
		rows[i] = make([]float64, dims)
		for j := range rows[i] {
			rows[i][j] = r.NormFloat64()
		}
	}
	return rows, true
}

// BenchmarkScore scores the rows of the low-dimensional ODDS sets with 100
// trees of 256 samples, fitted on the same 8192 rows for every library, in
// batches of 1024 rows through each library's fastest public API (per-row
// Score for ours, as the plugin calls it). The speedup sub-benchmark reports
// forest's per-row rate over the fastest peer's rate measured just before.
func BenchmarkScore(b *testing.B) {
	for _, set := range []struct {
		name string
		dims int
	}{{"http", 3}, {"smtp", 3}, {"shuttle", 9}} {
		b.Run(set.name, func(b *testing.B) {
			rows, synthetic := loadRows(set.name, set.dims)
			if synthetic {
				b.Logf("%s absent: synthetic rows", set.name)
			}
			r := rand.New(rand.NewPCG(3, 4))
			train := make([][]float64, trainRows)
			for i := range train {
				train[i] = rows[r.IntN(len(rows))]
			}
			rate := map[string]float64{}
			for _, s := range scorers(b, train) {
				b.Run(s.name, func(b *testing.B) {
					var sink float64
					b.ReportAllocs()
					b.ResetTimer()
					for done := 0; done < b.N; done += batchRows {
						lo := done % (len(rows) - batchRows)
						sink += s.score(rows[lo : lo+min(batchRows, b.N-done)])
					}
					b.StopTimer()
					rate[s.name] = float64(b.N) / b.Elapsed().Seconds()
					b.ReportMetric(rate[s.name], "rows/s")
					_ = sink
				})
			}
			b.Run("speedup", func(b *testing.B) {
				fastest, peer := 0.0, ""
				for name, r := range rate {
					if name != "forest" && name != "forest-batch" && r > fastest {
						fastest, peer = r, name
					}
				}
				for range b.N {
				}
				b.ReportMetric(rate["forest"]/fastest, "x-"+peer)
				if testing.Verbose() && b.N == 1 {
					fmt.Printf("%s: forest %.0f rows/s, fastest peer %s %.0f rows/s, %.1fx\n", set.name, rate["forest"], peer, fastest, rate["forest"]/fastest)
				}
			})
		})
	}
}
