package forest_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// fuzzSeeds returns small valid payloads, taken out of their frames: forests
// of both layouts and detectors with and without a model.
func fuzzSeeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	seeds := map[string][]byte{}
	add := func(name string, m interface{ MarshalBinary() ([]byte, error) }) {
		b, err := m.MarshalBinary()
		if err != nil {
			tb.Fatal(err)
		}
		payload, err := envelope.Open(b, forest.ModelKind, forest.FormatVersion, "")
		if errors.Is(err, envelope.ErrForeign) {
			payload, err = envelope.Open(b, forest.DetectorKind, forest.FormatVersion, forest.DimsFingerprint(2))
		}
		if err != nil {
			tb.Fatal(err)
		}
		seeds[name] = payload
	}
	small := mustFit(tb, normalRows(40, 2, 21), forest.Options{Trees: 2, SampleSize: 8, Seed: 1})
	add("forest-flat", small)
	blocks := mustFit(tb, normalRows(200, 2, 22), forest.Options{Trees: 1, SampleSize: 200, Contamination: 0.1})
	add("forest-blocks", blocks)
	empty, err := forest.NewDetector(2, fuzzDetectorOptions)
	if err != nil {
		tb.Fatal(err)
	}
	add("detector-learning", empty)
	d, _ := forest.NewDetector(2, fuzzDetectorOptions)
	for i, x := range normalRows(12, 2, 23) {
		d.Observe(x, time.Unix(int64(i), 0))
	}
	add("detector-scoring", d)
	return seeds
}

var fuzzDetectorOptions = forest.DetectorOptions{Warmup: 4, Window: 8, Synchronous: true, Forest: forest.Options{Trees: 2}}

// FuzzUnmarshalBinary feeds payloads to Forest.UnmarshalBinary and
// Detector.UnmarshalBinary in valid frames: the frame's checksum would turn
// nearly every mutation away before the decoder, and the frame is fuzzed on
// its own in forest/envelope. Neither may panic; whatever they accept must
// score in (0, 1], explain into shares that sum to 1, and survive another
// round trip unchanged.
func FuzzUnmarshalBinary(f *testing.F) {
	for _, payload := range fuzzSeeds(f) {
		f.Add(payload)
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		var g forest.Forest
		if err := g.UnmarshalBinary(envelope.Seal(forest.ModelKind, forest.FormatVersion, "", payload)); err == nil {
			x := make([]float64, g.Dims())
			s := g.Score(x)
			if !(s > 0 && s <= 1) {
				t.Fatalf("decoded forest scores %g", s)
			}
			var sum float64
			for _, share := range g.Explain(nil, x) {
				sum += share
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("decoded forest explains into shares summing to %g", sum)
			}
			again, err := g.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var h forest.Forest
			if err := h.UnmarshalBinary(again); err != nil {
				t.Fatalf("re-encoded forest does not decode: %v", err)
			}
			if h.Score(x) != s {
				t.Fatal("re-encoded forest scores differently")
			}
		}
		d, err := forest.NewDetector(2, fuzzDetectorOptions)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.UnmarshalBinary(envelope.Seal(forest.DetectorKind, forest.FormatVersion, forest.DimsFingerprint(2), payload)); err == nil {
			v := d.Observe([]float64{0.5, -0.5}, time.Unix(100, 0))
			if !v.Learning && !(v.Score > 0 && v.Score <= 1) {
				t.Fatalf("restored detector scores %g", v.Score)
			}
			if _, err := d.MarshalBinary(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestFuzzSeedCorpus keeps testdata/fuzz/FuzzUnmarshalBinary in step with
// the encoder: go test -run FuzzSeedCorpus -update rewrites it.
func TestFuzzSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzUnmarshalBinary")
	for name, b := range fuzzSeeds(t) {
		path := filepath.Join(dir, name)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run FuzzSeedCorpus -update)", err)
		}
		if string(got) != want {
			t.Errorf("%s is stale: the encoding changed (run go test -run FuzzSeedCorpus -update)", path)
		}
	}
}
