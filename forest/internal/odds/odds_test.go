package odds

import (
	"math"
	"strings"
	"testing"
)

func TestAUC(t *testing.T) {
	// Expected values from sklearn.metrics.roc_auc_score.
	for _, tc := range []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{"reversed", []float64{0.9, 0.8, 0.2, 0.1}, []bool{false, false, true, true}, 0},
		{"all tied", []float64{0.5, 0.5, 0.5}, []bool{false, true, false}, 0.5},
		{"ties across classes", []float64{0.1, 0.4, 0.35, 0.8, 0.4}, []bool{false, false, true, true, true}, 0.75},
		{"one class", []float64{0.1, 0.2}, []bool{true, true}, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := AUC(tc.scores, tc.labels)
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-15) {
				t.Errorf("AUC = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAgreement(t *testing.T) {
	diff, noise, within, explained := Agreement([]float64{0.90, 0.92, 0.94}, []float64{0.905, 0.925, 0.945})
	if math.Abs(diff+0.005) > 1e-12 || !within {
		t.Errorf("diff %v within %v, want -0.005 within", diff, within)
	}
	// sd 0.02 on both sides, 3 seeds: 3 * sqrt(2 * 0.0004 / 3) = 0.049
	if math.Abs(noise-0.04898979485566356) > 1e-12 || !explained {
		t.Errorf("noise %v explained %v", noise, explained)
	}
	if _, _, within, explained := Agreement([]float64{0.80, 0.80}, []float64{0.90, 0.90}); within || explained {
		t.Error("identical seeds 0.1 apart must differ")
	}
}

func TestParse(t *testing.T) {
	set, err := parse(strings.NewReader("f0,f1,label\n1,2,0\n3.5,-4,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.X) != 2 || set.X[1][0] != 3.5 || set.X[1][1] != -4 || set.Labels[0] || !set.Labels[1] {
		t.Errorf("parsed %+v", set)
	}
	for _, bad := range []string{"", "f0,f1\n1,2\n", "f0,label\n1\n", "f0,label\nx,0\n"} {
		if _, err := parse(strings.NewReader(bad)); err == nil {
			t.Errorf("parse(%q) accepted bad input", bad)
		}
	}
}
