package forest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/internal/odds"
)

// benchRows returns the rows of an ODDS set, or synthetic rows of the same
// width when the data is absent, so the benchmark always runs.
func benchRows(b *testing.B, name string, dims int) [][]float64 {
	b.Helper()
	if dir, err := odds.Dir(); err == nil {
		if set, err := odds.Load(dir, name); err == nil {
			return set.X
		}
	}
	return syntheticRows(20000, dims, 1)
}

func syntheticRows(n, dims int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	X := make([][]float64, n)
	for i := range X {
		X[i] = make([]float64, dims)
		for j := range X[i] {
			X[i][j] = r.NormFloat64()
		}
		if i%100 == 0 {
			X[i][r.IntN(dims)] += 6
		}
	}
	return X
}

// BenchmarkScore scores the rows of the low-dimensional sets one by one with
// a default forest (100 trees, 256 samples) fitted on all rows.
func BenchmarkScore(b *testing.B) {
	for _, set := range []struct {
		name string
		dims int
	}{{"http", 3}, {"smtp", 3}, {"shuttle", 9}} {
		b.Run(set.name, func(b *testing.B) {
			X := benchRows(b, set.name, set.dims)
			f, err := forest.Fit(X, forest.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var sink float64
			for i := 0; i < b.N; i++ {
				sink += f.Score(X[i%len(X)])
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			_ = sink
		})
	}
}

// BenchmarkScoreBatch is BenchmarkScore through ScoreBatch, 1024 rows a call.
func BenchmarkScoreBatch(b *testing.B) {
	for _, set := range []struct {
		name string
		dims int
	}{{"http", 3}, {"smtp", 3}, {"shuttle", 9}} {
		b.Run(set.name, func(b *testing.B) {
			X := benchRows(b, set.name, set.dims)
			f, err := forest.Fit(X, forest.Options{})
			if err != nil {
				b.Fatal(err)
			}
			const batch = 1024
			dst := make([]float64, 0, batch)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += batch {
				lo := i % (len(X) - batch)
				dst = f.ScoreBatch(dst[:0], X[lo:lo+min(batch, b.N-i)])
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkFit fits 100 trees on 256-row samples.
func BenchmarkFit(b *testing.B) {
	for _, dims := range []int{3, 16} {
		b.Run(fmt.Sprintf("dims=%d", dims), func(b *testing.B) {
			X := syntheticRows(4096, dims, 2)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := forest.Fit(X, forest.Options{Seed: int64(i)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExplain explains rows of the http set (or synthetic rows).
func BenchmarkExplain(b *testing.B) {
	X := benchRows(b, "http", 3)
	f, err := forest.Fit(X, forest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, f.Dims())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Explain(dst, X[i%len(X)])
	}
}

// BenchmarkDetectorObserve observes a stream through a synchronous detector
// with the default window, so that the time per vector includes its share of
// the refits (100 trees every 2048 vectors, on the same core); "no-refit"
// shows scoring plus the window copy alone.
func BenchmarkDetectorObserve(b *testing.B) {
	for _, tc := range []struct {
		name       string
		dims       int
		refitEvery int
	}{{"dims=4", 4, 0}, {"dims=16", 16, 0}, {"dims=4/no-refit", 4, 1 << 40}} {
		b.Run(tc.name, func(b *testing.B) {
			d, err := forest.NewDetector(tc.dims, forest.DetectorOptions{RefitEvery: tc.refitEvery, Synchronous: true})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			rows := syntheticRows(8192, tc.dims, 3)
			at := time.Unix(0, 0)
			for _, x := range rows[:forest.DefaultWindow] { // fill the window first
				d.Observe(x, at)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d.Observe(rows[i%len(rows)], at)
			}
		})
	}
}

// BenchmarkDetectorRefitStall observes a stream through a background detector at the
// fastest rate one core scores (nothing else between vectors), the worst case for its
// deterministic refits: a fit must finish within RefitLag vectors, or Observe waits for
// it. It reports the share of fits that were late and the wait per vector.
func BenchmarkDetectorRefitStall(b *testing.B) {
	d, err := forest.NewDetector(10, forest.DetectorOptions{RefitEvery: 4096})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	rows := syntheticRows(8192, 10, 3)
	at := time.Unix(0, 0)
	for _, x := range rows[:forest.DefaultWindow] {
		d.Observe(x, at)
	}
	before := d.Stats()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Observe(rows[i%len(rows)], at)
	}
	b.StopTimer()
	st := d.Stats()
	if fits := st.Fits - before.Fits; fits > 0 {
		b.ReportMetric(float64(st.LateFits-before.LateFits)/float64(fits), "late/fit")
		b.ReportMetric(float64(st.Waited-before.Waited)/float64(fits), "ns-waited/fit")
	}
	b.ReportMetric(float64(st.Waited-before.Waited)/float64(b.N), "ns-waited/op")
}

// BenchmarkMarshalBinary encodes and decodes a default forest.
func BenchmarkMarshalBinary(b *testing.B) {
	f, err := forest.Fit(syntheticRows(4096, 8, 4), forest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	blob, err := f.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := f.MarshalBinary(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(blob)), "bytes")
	})
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		var g forest.Forest
		for i := 0; i < b.N; i++ {
			if err := g.UnmarshalBinary(blob); err != nil {
				b.Fatal(err)
			}
		}
	})
}
