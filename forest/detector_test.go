package forest_test

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
)

func TestNewDetectorRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		dims int
		opt  forest.DetectorOptions
		want []string
	}{
		{"no features", 0, forest.DetectorOptions{}, []string{"dims must be in [1, 65536], got 0"}},
		{"window", 2, forest.DetectorOptions{Window: -5}, []string{"Window must be in [1, 1048576]", "got -5"}},
		{"warmup above window", 2, forest.DetectorOptions{Window: 10, Warmup: 11}, []string{"Warmup must be in [1, Window=10]", "got 11"}},
		{"refit every", 2, forest.DetectorOptions{RefitEvery: -1}, []string{"RefitEvery must be at least 1", "got -1"}},
		{"refit interval", 2, forest.DetectorOptions{RefitInterval: -time.Second}, []string{"RefitInterval must be at least 0", "got -1s"}},
		{"forest options", 2, forest.DetectorOptions{Forest: forest.Options{Trees: -3}}, []string{"Options.Trees", "got -3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := forest.NewDetector(tc.dims, tc.opt)
			if err == nil {
				t.Fatal("NewDetector accepted bad options")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
	if _, err := forest.NewDetector(2, forest.DetectorOptions{Window: 10}); err != nil {
		t.Errorf("a window below the default warmup must lower the warmup, got %v", err)
	}
}

func newDetector(t testing.TB, dims int, opt forest.DetectorOptions) *forest.Detector {
	t.Helper()
	d, err := forest.NewDetector(dims, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

var epoch = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func TestDetectorLearnsThenScores(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 16, Synchronous: true})
	rows := normalRows(40, 2, 31)
	for i, x := range rows {
		v := d.Observe(x, epoch)
		if learning := i < 16; v.Learning != learning {
			t.Fatalf("vector %d: Learning = %v, want %v", i, v.Learning, learning)
		}
		if v.Learning && (v.Score != 0 || v.Flag) {
			t.Fatalf("vector %d: a learning verdict carries score %g flag %v", i, v.Score, v.Flag)
		}
		if !v.Learning && !(v.Score > 0 && v.Score <= 1) {
			t.Fatalf("vector %d: score %g", i, v.Score)
		}
		if i == 15 && d.Model().SampleSize() != 16 {
			t.Fatalf("first model grown on %d vectors, want the 16 of the warm-up", d.Model().SampleSize())
		}
	}
	if d.Model() == nil || d.Model().SampleSize() != 32 {
		t.Errorf("after 40 vectors the model should be the refit on 32")
	}
	if got := d.Explain(nil, rows[0]); len(got) != 2 {
		t.Errorf("Explain with a model returned %v", got)
	}
	if out := d.Score([]float64{40, -40}); !out.Flag {
		t.Errorf("a far point is not flagged: %+v", out)
	}
}

// In background mode too, the record after the warm-up is scored: the first fit runs
// inline, so a large first chunk does not come out entirely learning.
func TestDetectorFirstFitIsInline(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 16})
	rows := normalRows(17, 2, 7)
	for i, x := range rows {
		v := d.Observe(x, epoch)
		if learning := i < 16; v.Learning != learning {
			t.Fatalf("vector %d: Learning = %v, want %v", i, v.Learning, learning)
		}
	}
}

func TestDetectorExplainWithoutModel(t *testing.T) {
	d := newDetector(t, 3, forest.DetectorOptions{})
	if got := d.Explain(nil, []float64{1, 2, 3}); got != nil {
		t.Errorf("Explain without a model = %v, want nil", got)
	}
}

// TestDetectorRefitSchedule pins when fits happen: after the warm-up, each
// time the sample has doubled until the window is full, then every
// RefitEvery vectors.
func TestDetectorRefitSchedule(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 8, Window: 48, RefitEvery: 20, Synchronous: true, Forest: forest.Options{Trees: 5}})
	var fitAt []int
	for i, x := range normalRows(130, 2, 32) {
		before := d.Stats().Fits
		d.Observe(x, time.Time{})
		if d.Stats().Fits != before {
			fitAt = append(fitAt, i+1)
		}
	}
	want := []int{8, 16, 32, 48, 68, 88, 108, 128}
	if !equalInts(fitAt, want) {
		t.Errorf("fits after vectors %v, want %v", fitAt, want)
	}
	if s := d.Stats(); s.Window != 48 || s.Observed != 130 {
		t.Errorf("stats %+v, want a full window of 48 and 130 observed", s)
	}
}

func TestDetectorRefitInterval(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 4, Window: 16, RefitEvery: 1 << 20, RefitInterval: time.Minute, Synchronous: true, Forest: forest.Options{Trees: 5}})
	rows := normalRows(200, 2, 33)
	var fitAt []int
	for i, x := range rows {
		before := d.Stats().Fits
		at := epoch.Add(time.Duration(i) * 10 * time.Second)
		if i >= 100 && i < 150 {
			at = time.Time{} // no event time: the interval cannot trigger
		}
		d.Observe(x, at)
		if d.Stats().Fits != before {
			fitAt = append(fitAt, i+1)
		}
	}
	// Vector n comes at 10(n-1) s. Count-driven fits at 4 and 8 (70 s);
	// 60 s later at vector 14; count-driven at 16 (150 s, the window is
	// full); then one per 6 vectors; none while event times are missing;
	// the first timed vector after the gap (1500 s) refits at once.
	want := []int{4, 8, 14, 16, 22, 28, 34, 40, 46, 52, 58, 64, 70, 76, 82, 88, 94, 100, 151, 157, 163, 169, 175, 181, 187, 193, 199}
	if !equalInts(fitAt, want) {
		t.Errorf("fits after vectors %v, want %v", fitAt, want)
	}
}

func TestDetectorSetModel(t *testing.T) {
	trained := mustFit(t, normalRows(500, 2, 34), forest.Options{Seed: 1})
	d := newDetector(t, 2, forest.DetectorOptions{Window: 32, RefitEvery: 10, Synchronous: true})
	if err := d.SetModel(mustFit(t, normalRows(50, 3, 35), forest.Options{})); err == nil {
		t.Error("SetModel accepted a 3-feature model for a 2-feature detector")
	}
	if err := d.SetModel(nil); err == nil {
		t.Error("SetModel accepted nil")
	}
	if err := d.SetModel(trained); err != nil {
		t.Fatal(err)
	}
	rows := normalRows(40, 2, 36)
	for i, x := range rows {
		v := d.Observe(x, epoch)
		fits := d.Stats().Fits
		switch {
		case i < 32 && (v.Learning || v.Score != trained.Score(x)):
			t.Fatalf("vector %d: verdict %+v, want the loaded model's score %g", i, v, trained.Score(x))
		case i < 31 && fits != 0:
			t.Fatalf("vector %d: the loaded model was replaced before the window filled", i)
		case i >= 31 && fits != 1:
			t.Fatalf("vector %d: %d fits, want one once the window of 32 is full", i, fits)
		}
	}
}

func TestDetectorSkipsUnlearnableVectors(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 4, Synchronous: true})
	for _, x := range [][]float64{{math.NaN(), 1}, {math.Inf(1), 0}, {1e300, 0}} {
		if v := d.Observe(x, epoch); !v.Learning {
			t.Fatalf("verdict %+v before any model", v)
		}
	}
	for _, x := range normalRows(4, 2, 37) {
		d.Observe(x, epoch)
	}
	s := d.Stats()
	if s.Skipped != 3 || s.Window != 4 || s.Fits != 1 || s.Observed != 7 {
		t.Errorf("stats %+v, want 3 skipped, 4 in the window, 1 fit, 7 observed", s)
	}
	if v := d.Observe([]float64{math.NaN(), 0}, epoch); v.Learning || !(v.Score > 0) {
		t.Errorf("a NaN vector is still scored once a model exists: %+v", v)
	}
}

// replay feeds rows to a fresh synchronous detector and returns its verdicts.
func replay(t *testing.T, opt forest.DetectorOptions, rows [][]float64) []forest.Verdict {
	d := newDetector(t, len(rows[0]), opt)
	out := make([]forest.Verdict, len(rows))
	for i, x := range rows {
		out[i] = d.Observe(x, epoch.Add(time.Duration(i)*time.Second))
	}
	return out
}

func TestDetectorReplayIsDeterministic(t *testing.T) {
	for _, sync := range []bool{true, false} {
		opt := forest.DetectorOptions{Warmup: 16, Window: 128, RefitEvery: 50, RefitLag: 20, RefitInterval: 90 * time.Second, Synchronous: sync, Forest: forest.Options{Contamination: 0.05, Seed: 7}}
		rows := streamRows(3000, 3, 38)
		first := replay(t, opt, rows)
		for run := 0; run < 3; run++ {
			again := replay(t, opt, rows)
			for i := range first {
				if first[i] != again[i] {
					t.Fatalf("synchronous %v, vector %d: %+v in the first run, %+v in replay %d", sync, i, first[i], again[i], run)
				}
			}
		}
	}
	opt := forest.DetectorOptions{Warmup: 16, Window: 128, RefitEvery: 50, RefitInterval: 90 * time.Second, Synchronous: true, Forest: forest.Options{Contamination: 0.05, Seed: 7}}
	rows := streamRows(600, 3, 38)
	first := replay(t, opt, rows)
	opt.Forest.Seed = 8
	other := replay(t, opt, rows)
	differ := false
	for i := range first {
		differ = differ || first[i] != other[i]
	}
	if !differ {
		t.Error("another seed gives the same verdicts")
	}
}

// TestDetectorBackgroundFitTakesEffectOnSchedule checks that a background
// fit's model is swapped in exactly RefitLag vectors after the vector that
// started it (or half the way to the next fit while the window grows),
// however fast the fit ran.
func TestDetectorBackgroundFitTakesEffectOnSchedule(t *testing.T) {
	d := newDetector(t, 2, forest.DetectorOptions{Warmup: 8, Window: 64, RefitEvery: 40, RefitLag: 10, Forest: forest.Options{Trees: 5}})
	var swaps []int
	fits := uint64(0)
	for i, x := range normalRows(300, 2, 44) {
		d.Observe(x, epoch)
		if f := d.Stats().Fits; f != fits {
			swaps = append(swaps, i+1) // vectors observed when the model changed
			fits = f
		}
	}
	// 8: the first fit, inline. While the window fills, a fit started at n takes
	// effect after n/32 (at least 1) more: 16 -> 17, swapped in before vector 18 is
	// scored; 32 -> 33. 64: the window is full, lag 10 -> 74; then every 40 after the
	// start of the previous fit: 104 -> 114, 144 -> 154, ...
	want := []int{8, 18, 34, 75, 115, 155, 195, 235, 275}
	if !equalInts(swaps, want) {
		t.Errorf("models swapped in after vectors %v, want %v", swaps, want)
	}
}

// TestDetectorSnapshotRestore stops a synchronous detector at several
// points, restores its snapshot into a new detector and checks that both
// continue with identical verdicts.
func TestDetectorSnapshotRestore(t *testing.T) {
	opt := forest.DetectorOptions{Warmup: 16, Window: 100, RefitEvery: 40, RefitInterval: 2 * time.Minute, Synchronous: true, Forest: forest.Options{Contamination: 0.1, Seed: 3}}
	rows := streamRows(500, 2, 39)
	for _, stop := range []int{0, 10, 16, 50, 100, 173, 400} {
		t.Run("after "+itoa(stop), func(t *testing.T) {
			original := newDetector(t, 2, opt)
			at := func(i int) time.Time { return epoch.Add(time.Duration(i) * 7 * time.Second) }
			for i, x := range rows[:stop] {
				original.Observe(x, at(i))
			}
			snapshot, err := original.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			restored := newDetector(t, 2, opt)
			if err := restored.UnmarshalBinary(snapshot); err != nil {
				t.Fatal(err)
			}
			for i := stop; i < len(rows); i++ {
				a, b := original.Observe(rows[i], at(i)), restored.Observe(rows[i], at(i))
				if a != b {
					t.Fatalf("vector %d: %+v without a stop, %+v after the restore", i, a, b)
				}
			}
			if original.Stats() != restored.Stats() {
				t.Errorf("stats %+v vs %+v", original.Stats(), restored.Stats())
			}
		})
	}
}

// TestDetectorConcurrentUse scores and observes from many goroutines while
// background fits run; run it with -race. The goroutines stop once several
// fits have been swapped in, so they overlapped with fits in flight; no
// clock is involved.
func TestDetectorConcurrentUse(t *testing.T) {
	d := newDetector(t, 4, forest.DetectorOptions{Warmup: 64, Window: 512, RefitEvery: 64, Forest: forest.Options{Contamination: 0.05}})
	rows := streamRows(4096, 4, 40)
	const wantFits = 4
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			explained := make([]float64, 4)
			for i := g; ; i += 8 {
				x := rows[i%len(rows)]
				var v forest.Verdict
				if g%2 == 0 {
					v = d.Observe(x, epoch.Add(time.Duration(i)*time.Millisecond))
				} else {
					v = d.Score(x)
					if d.Explain(explained, x) == nil && !v.Learning {
						// a model appeared between the two calls: fine
						_ = v
					}
				}
				if !v.Learning && !(v.Score > 0 && v.Score <= 1) {
					errs <- "score out of range"
					return
				}
				if d.Stats().Fits >= wantFits {
					return
				}
				if i > 50_000_000 { // a safety net: fits normally land within milliseconds
					errs <- "no fits were swapped in"
					return
				}
			}
		}()
	}
	wg.Wait()
	d.Close()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if s := d.Stats(); s.Fits < wantFits || d.Model() == nil {
		t.Errorf("stats %+v: want at least %d fits swapped in", s, wantFits)
	}
}

// TestDetectorCloseWaitsForTheFit checks that Close returns only once the
// fit started by the warm-up has been swapped in, and that none starts
// after it.
func TestDetectorCloseWaitsForTheFit(t *testing.T) {
	d, err := forest.NewDetector(2, forest.DetectorOptions{Warmup: 32, Window: 64})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range normalRows(32, 2, 41) {
		d.Observe(x, epoch)
	}
	d.Close()
	if d.Model() == nil || d.Stats().Fits != 1 {
		t.Fatalf("after Close: model %v, stats %+v; want the warm-up fit done", d.Model() != nil, d.Stats())
	}
	for _, x := range normalRows(200, 2, 42) {
		d.Observe(x, epoch)
	}
	d.Close()
	if d.Stats().Fits != 1 {
		t.Errorf("a fit started after Close: %+v", d.Stats())
	}
}

// streamRows is a stream whose distribution drifts, with rare outliers.
func streamRows(n, dims int, seed uint64) [][]float64 {
	rows := normalRows(n, dims, seed)
	for i, x := range rows {
		x[0] += float64(i) / float64(n) * 3
		if i%97 == 50 {
			x[dims-1] += 9
		}
	}
	return rows
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
