package detect

import (
	"path/filepath"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
)

// The labelled data sets, streamed in file order and scanned as a batch with the
// plugin's defaults. The project's targets (BGL: ROC-AUC 0.97, AP 0.70, F1 of flag 0.75;
// HDFS: block F1 0.85) are reached in part; these floors pin what is, a little under the
// measured figures (in the comments), so that a change that loses ground fails.
// `go run ./plugin/eval` prints the full tables beside the original proof of
// concept's method.

func streamLines(t *testing.T, lines []evaldata.Line) (scores []float64, flags []bool) {
	s := newTestStream(t, DefaultOptions())
	scores, flags = make([]float64, len(lines)), make([]bool, len(lines))
	var r Result
	for i, l := range lines {
		s.Observe(textRec(l.Text, LevelInText(l.Text), l.At), &r)
		scores[i], flags[i] = r.Score, r.Flag
	}
	return scores, flags
}

func dataDir(t *testing.T) string {
	dir, err := evaldata.DataDir()
	if err != nil {
		t.Skip("labelled data absent (../shared/data): ", err)
	}
	return dir
}

func batchLines(t *testing.T, lines []evaldata.Line) (scores []float64, flags []bool) {
	b, err := NewBatch(DefaultOptions())
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
	scores, flags = make([]float64, len(res)), make([]bool, len(res))
	for i, r := range res {
		scores[i], flags[i] = r.Score, r.Flag
	}
	return scores, flags
}

// bglFloor is what one mode must reach on BGL_2k, per line.
type bglFloor struct {
	rocAUC, ap, precision, recall float64
}

func TestBGLFloor(t *testing.T) {
	lines, err := evaldata.ReadBGL(filepath.Join(dataDir(t), evaldata.BGLPath))
	if err != nil {
		t.Skip("BGL_2k absent: ", err)
	}
	y := make([]bool, len(lines))
	for i, l := range lines {
		y[i] = l.Anomaly
	}
	tests := []struct {
		name  string
		run   func(*testing.T, []evaldata.Line) ([]float64, []bool)
		floor bglFloor
	}{
		// BGL is reported, never tuned on: these floors follow the detector. Measured:
		// ROC-AUC 0.969, AP 0.632, precision 0.352, recall 1. Before incidents, value
		// categories and per-context baselines (designed on the tuning families) it was
		// 0.971, 0.739, 0.383: a record that continues an incident now scores above the
		// threshold, and BGL labels lines, not episodes.
		{"stream", streamLines, bglFloor{rocAUC: 0.96, ap: 0.57, precision: 0.33, recall: 0.98}},
		// Measured: ROC-AUC 0.968, AP 0.652, precision 0.360, recall 1.
		{"batch", batchLines, bglFloor{rocAUC: 0.96, ap: 0.59, precision: 0.34, recall: 0.98}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scores, flags := tt.run(t, lines)
			r, c := evaldata.Rank(scores, y), evaldata.Count(flags, y)
			t.Logf("BGL_2k %s: ROC-AUC %.3f AP %.3f; flagged %d, precision %.3f recall %.3f F1 %.3f", tt.name, r.ROCAUC, r.AP, c.TP+c.FP, c.Precision(), c.Recall(), c.F1())
			if r.ROCAUC < tt.floor.rocAUC {
				t.Errorf("ROC-AUC %.3f under the %.3f floor (level alone: 0.945)", r.ROCAUC, tt.floor.rocAUC)
			}
			if r.AP < tt.floor.ap {
				t.Errorf("AP %.3f under the %.2f floor", r.AP, tt.floor.ap)
			}
			if c.Precision() < tt.floor.precision || c.Recall() < tt.floor.recall {
				t.Errorf("flags: precision %.3f recall %.3f, floors %.2f and %.2f", c.Precision(), c.Recall(), tt.floor.precision, tt.floor.recall)
			}
		})
	}
}

func TestHDFSFloor(t *testing.T) {
	dir := dataDir(t)
	lines, err := evaldata.ReadHDFS(filepath.Join(dir, evaldata.HDFSPath), filepath.Join(dir, evaldata.HDFSLabelsPath))
	if err != nil {
		t.Skip("HDFS_5k absent: ", err)
	}
	tests := []struct {
		name       string
		run        func(*testing.T, []evaldata.Line) ([]float64, []bool)
		recall, f1 float64
	}{
		// Measured: block recall 1, precision 0.093, F1 0.171. HDFS's "Got exception
		// while serving" warnings start at line 2211 at 50 a second where there were none
		// and go on for 18 minutes (1,549 lines, labelled normal): an incident by every
		// generic measure, so every block it touches is flagged (107 of 110) and the
		// per-block F1 is what flagging whole incidents costs on this set.
		{name: "stream", run: streamLines, recall: 1, f1: 0.16},
		// Measured: block recall 1, precision 0.085, F1 0.155.
		{name: "batch", run: batchLines, recall: 0.9, f1: 0.14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scores, flags := tt.run(t, lines)
			_, _, flag, anomaly := evaldata.Groups(lines, scores, flags)
			c := evaldata.Count(flag, anomaly)
			lineFlags := 0
			for _, f := range flags {
				if f {
					lineFlags++
				}
			}
			t.Logf("HDFS_5k %s: %d lines flagged; blocks: %d flagged, precision %.3f recall %.3f F1 %.3f", tt.name, lineFlags, c.TP+c.FP, c.Precision(), c.Recall(), c.F1())
			if c.Recall() < tt.recall || c.F1() < tt.f1 {
				t.Errorf("block recall %.3f and F1 %.3f, floors %.2f and %.2f", c.Recall(), c.F1(), tt.recall, tt.f1)
			}
			// The exception storm is a third of the file; with it go the later lines
			// of the blocks its warnings name (record.Record.AppendLinks): 37% of the lines,
			// of the same 107 blocks.
			if share := float64(lineFlags) / float64(len(lines)); share > 0.38 {
				t.Errorf("%.3f of lines flagged, ceiling 0.38", share)
			}
		})
	}
}
