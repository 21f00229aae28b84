package detect

import (
	"path/filepath"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// TestSampleBatch scans the original proof of concept's sample in batch mode: the
// kernel panic and the database failures are flagged, the start-up lines are not. The
// first failure is the file's first error among three lines of history, scored at
// 0.48-0.49 by a forest fitted on nine lines: it is the second and later failures, three
// errors where 0.4 are expected, that make the burst (the original model flagged only
// the panic).
func TestSampleBatch(t *testing.T) {
	lines, err := evaldata.ReadLines(filepath.Join("testdata", "system_logs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for seed := int64(0); seed < 5; seed++ {
		opt := DefaultOptions()
		opt.Detector.Forest.Seed = seed
		b, err := NewBatch(opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			b.Add(textRec(l.Text, LevelInText(l.Text), l.At))
		}
		res, err := b.Score()
		if err != nil {
			t.Fatal(err)
		}
		want := []bool{false, false, false, false, true, true, true, false, true}
		for i, r := range res {
			switch {
			case i <= 1 && r.Flag:
				t.Errorf("seed %d: start-up line %q flagged (score %.3f)", seed, lines[i].Text, r.Score)
			case want[i] && !r.Flag:
				t.Errorf("seed %d: %q not flagged (score %.3f)", seed, lines[i].Text, r.Score)
			case r.Flag && len(r.Reasons) == 0:
				t.Errorf("seed %d: %q flagged without reasons", seed, lines[i].Text)
			}
		}
	}
}

// TestBatchLearnAllIsProofOfConcept checks that LearnAll with features level,length
// and contamination 0.1 is the original model: a forest fitted on (level score, message
// length) of every line.
func TestBatchLearnAllIsProofOfConcept(t *testing.T) {
	lines, err := evaldata.ReadLines(filepath.Join("testdata", "system_logs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.Features = []string{"level", "length"}
	opt.Detector.Forest.Contamination = 0.1
	b, err := NewBatch(opt)
	if err != nil {
		t.Fatal(err)
	}
	b.LearnAll = true
	var X [][]float64
	for _, l := range lines {
		lvl, body, _ := record.CutLevel(l.Text)
		b.Add(textRec(l.Text, lvl, l.At))
		X = append(X, []float64{lvl.Score(), float64(len([]rune(body)))})
	}
	res, err := b.Score()
	if err != nil {
		t.Fatal(err)
	}
	f, err := forest.Fit(X, opt.Detector.Forest)
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for i, x := range X {
		if s := f.Score(x); res[i].Score != s || res[i].Flag != (s > f.Threshold()) {
			t.Errorf("line %d: batch %.4f %v, proof of concept %.4f %v", i, res[i].Score, res[i].Flag, s, s > f.Threshold())
		}
		if res[i].Flag {
			flagged++
		}
	}
	if flagged != 1 || !res[len(res)-1].Flag {
		t.Errorf("the proof of concept flags the kernel panic alone; %d flagged", flagged)
	}
}

func TestBatchEmpty(t *testing.T) {
	b, err := NewBatch(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Score(); err == nil {
		t.Error("an empty batch scored")
	}
}
