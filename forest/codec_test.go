package forest_test

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

func TestForestRoundTripIsBitIdentical(t *testing.T) {
	for _, tc := range []struct {
		name string
		X    [][]float64
		opt  forest.Options
	}{
		{"block layout", normalRows(3000, 6, 11), forest.Options{Seed: 5}},
		{"block layout, contamination", normalRows(3000, 3, 12), forest.Options{Contamination: 0.05}},
		{"flat layout, deep", normalRows(3000, 3, 13), forest.Options{SampleSize: 1024, Trees: 13}},
		{"flat layout, wide", normalRows(300, 300, 14), forest.Options{Trees: 7}},
		{"single row", [][]float64{{1, 2, 3}}, forest.Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustFit(t, tc.X, tc.opt)
			b, err := f.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var g forest.Forest
			if err := g.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			if g.Threshold() != f.Threshold() || g.Dims() != f.Dims() || g.Trees() != f.Trees() || g.SampleSize() != f.SampleSize() {
				t.Errorf("decoded forest differs: threshold %g/%g dims %d/%d", g.Threshold(), f.Threshold(), g.Dims(), f.Dims())
			}
			probes := append(normalRows(200, f.Dims(), 15), tc.X[:min(len(tc.X), 200)]...)
			for _, x := range probes {
				if a, b := f.Score(x), g.Score(x); math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("score %v before, %v after the round trip", a, b)
				}
			}
			again, err := g.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, again) {
				t.Error("re-encoding a decoded forest gives other bytes")
			}
		})
	}
}

// The framing (damage anywhere, truncation at any length) is the envelope's and tested
// there; this checks that the forest reports each rejection as ErrFormat with the
// envelope's reason, reaches its own decoder behind a valid frame, and stays unchanged.
func TestForestUnmarshalRejects(t *testing.T) {
	f := mustFit(t, normalRows(500, 3, 16), forest.Options{Trees: 3, SampleSize: 16})
	good, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	payload, err := envelope.Open(good, forest.ModelKind, forest.FormatVersion, "")
	if err != nil {
		t.Fatal(err)
	}
	detector, err := forest.NewDetector(3, forest.DetectorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	aDetector, err := detector.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	sealed := func(payload []byte) []byte {
		return envelope.Seal(forest.ModelKind, forest.FormatVersion, "", payload)
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, envelope.ErrForeign},
		{"json", []byte(`{"format":"fluent-anomaly/forest"}`), envelope.ErrForeign},
		{"a detector", aDetector, envelope.ErrForeign},
		{"older version", envelope.Seal(forest.ModelKind, forest.FormatVersion-1, "", payload), envelope.ErrVersion},
		{"truncated", good[:len(good)-1], envelope.ErrCorrupt},
		{"payload not msgpack", sealed([]byte("hello, world")), envelope.ErrCorrupt},
		{"payload msgpack nil", sealed([]byte{0xc0}), envelope.ErrCorrupt},
		{"payload claims a huge array", sealed([]byte{0xdd, 0xff, 0xff, 0xff, 0xff}), envelope.ErrCorrupt},
		{"payload cut short", sealed(payload[:len(payload)/2]), envelope.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := mustFit(t, normalRows(50, 2, 17), forest.Options{Trees: 2})
			before := g.Score([]float64{0.5, 0.5})
			err := g.UnmarshalBinary(tc.b)
			if !errors.Is(err, forest.ErrFormat) || !errors.Is(err, tc.want) {
				t.Errorf("got %v, want ErrFormat and %v", err, tc.want)
			}
			if g.Dims() != 2 || g.Score([]float64{0.5, 0.5}) != before {
				t.Error("a failed UnmarshalBinary changed the forest")
			}
		})
	}
}

func TestDetectorRoundTrip(t *testing.T) {
	opt := forest.DetectorOptions{Warmup: 16, Window: 64, Synchronous: true, RefitInterval: time.Minute, Forest: forest.Options{Trees: 10}}
	d, err := forest.NewDetector(2, opt)
	if err != nil {
		t.Fatal(err)
	}
	rows := normalRows(100, 2, 18)
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	for i, x := range rows {
		d.Observe(x, t0.Add(time.Duration(i)*time.Second))
	}
	b, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	e, _ := forest.NewDetector(2, opt)
	if err := e.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if d.Stats() != e.Stats() {
		t.Errorf("stats %+v after the round trip, %+v before", e.Stats(), d.Stats())
	}
	again, _ := e.MarshalBinary()
	if !bytes.Equal(b, again) {
		t.Error("re-encoding a restored detector gives other bytes")
	}
	other, _ := forest.NewDetector(3, opt)
	if err := other.UnmarshalBinary(b); !errors.Is(err, forest.ErrFormat) || !errors.Is(err, envelope.ErrMismatch) {
		t.Errorf("restoring 2 features into a 3-feature detector: %v, want ErrFormat and ErrMismatch", err)
	}
	if err := e.UnmarshalBinary(b[:len(b)/2]); !errors.Is(err, forest.ErrFormat) || !errors.Is(err, envelope.ErrCorrupt) {
		t.Errorf("restoring half a snapshot: %v, want ErrFormat and ErrCorrupt", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
