package forest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/internal/odds"
)

// TestParityWithSklearn fits and scores every ODDS set as scikit-learn did
// for testdata/parity/sklearn.json (scikit-learn 1.2.1, default options, fit
// on all rows, score all rows, seeds 0-4; regenerate with go run
// ./forest/internal/compare -write forest/testdata/parity/sklearn.json) and
// requires the mean ROC-AUC to agree: within 0.01, or within three standard
// errors of the difference of the means, since the two implementations draw
// different trees for the same seed number. It takes about 10 s; -short
// skips the two sets above 100,000 rows (http, cover).
func TestParityWithSklearn(t *testing.T) {
	if raceEnabled {
		t.Skip("skipped under -race: slow, and about numbers, not concurrency")
	}
	dir, err := odds.Dir()
	if err != nil {
		t.Skipf("ODDS data not found: %v", err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "parity", "sklearn.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref odds.Reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	for _, name := range odds.Names {
		t.Run(name, func(t *testing.T) {
			want, ok := ref.Sets[name]
			if !ok {
				t.Fatalf("no reference for %s", name)
			}
			if _, err := os.Stat(filepath.Join(dir, name+".csv.gz")); err != nil {
				t.Skipf("ODDS set %s absent (%v); the data lives in ../shared/data/odds beside the repository", name, err)
			}
			if testing.Short() && want.Rows > 100000 {
				t.Skipf("-short: %s has %d rows", name, want.Rows)
			}
			set, err := odds.Load(dir, name)
			if err != nil {
				t.Fatal(err)
			}
			const seeds = 5
			var aucs []float64
			scores := make([]float64, 0, len(set.X))
			for seed := range seeds {
				f, err := forest.Fit(set.X, forest.Options{Seed: int64(seed)})
				if err != nil {
					t.Fatal(err)
				}
				scores = f.ScoreBatch(scores[:0], set.X)
				aucs = append(aucs, odds.AUC(scores, set.Labels))
			}
			diff, noise, within, explained := odds.Agreement(aucs, want.AUCs)
			ours, _ := odds.MeanSD(aucs)
			theirs, _ := odds.MeanSD(want.AUCs)
			t.Logf("ROC-AUC %.4f (seeds 0-%d), scikit-learn %.4f (seeds 0-4): diff %+.4f, 3 SE %.4f", ours, seeds-1, theirs, diff, noise)
			if !within && !explained {
				t.Errorf("ROC-AUC %.4f differs from scikit-learn's %.4f by %+.4f: beyond 0.01 and beyond seed noise (%.4f)", ours, theirs, diff, noise)
			}
		})
	}
}
