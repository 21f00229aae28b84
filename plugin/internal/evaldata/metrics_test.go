package evaldata

import (
	"math"
	"testing"
)

func TestRank(t *testing.T) {
	cases := []struct {
		name          string
		scores        []float64
		anomaly       []bool
		auc, ap, best float64
	}{
		{"perfect", []float64{0.9, 0.8, 0.2, 0.1}, []bool{true, true, false, false}, 1, 1, 1},
		{"reversed", []float64{0.1, 0.2, 0.8, 0.9}, []bool{true, true, false, false}, 0, 0.5*(1.0/3) + 0.5*(2.0/4), 2 * 2.0 / (4 + 2)},
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []bool{true, false, false, false}, 0.5, 0.25, 2 * 1.0 / (4 + 1)},
		// One anomaly first, one after a normal item: AUC = (2 + 1)/4, AP = (1 + 2/3)/2.
		{"interleaved", []float64{0.9, 0.8, 0.7, 0.1}, []bool{true, false, true, false}, 0.75, (1 + 2.0/3) / 2, 0.8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Rank(c.scores, c.anomaly)
			if math.Abs(r.ROCAUC-c.auc) > 1e-12 || math.Abs(r.AP-c.ap) > 1e-12 || math.Abs(r.BestF1-c.best) > 1e-12 {
				t.Errorf("got %+v, want auc %g ap %g best F1 %g", r, c.auc, c.ap, c.best)
			}
		})
	}
	if r := Rank([]float64{1, 2}, []bool{false, false}); !math.IsNaN(r.ROCAUC) {
		t.Errorf("one class only: %+v", r)
	}
}

func TestConfusion(t *testing.T) {
	c := Count([]bool{true, true, false, false, true}, []bool{true, false, true, false, true})
	if c != (Confusion{TP: 2, FP: 1, FN: 1, TN: 1}) {
		t.Fatalf("%+v", c)
	}
	if c.Precision() != 2.0/3 || c.Recall() != 2.0/3 || c.F1() != 2.0/3 || c.FPR() != 0.5 {
		t.Errorf("precision %g recall %g F1 %g FPR %g", c.Precision(), c.Recall(), c.F1(), c.FPR())
	}
	if (Confusion{}).F1() != 0 {
		t.Error("empty confusion F1 not 0")
	}
}

func TestGroups(t *testing.T) {
	lines := []Line{{Group: "a"}, {Group: "b", Anomaly: true}, {Group: "a"}}
	names, score, flag, anomaly := Groups(lines, []float64{0.1, 0.5, 0.7}, []bool{false, false, true})
	if len(names) != 2 || names[0] != "a" || score[0] != 0.7 || !flag[0] || anomaly[0] || !anomaly[1] || flag[1] {
		t.Errorf("names %v score %v flag %v anomaly %v", names, score, flag, anomaly)
	}
}

func TestScenariosDeterministic(t *testing.T) {
	for _, sc := range Scenarios {
		a, b := sc.Records(7), sc.Records(7)
		if len(a) != len(b) || a[len(a)/2] != b[len(b)/2] {
			t.Errorf("%s: two generations with one seed differ", sc.Name)
		}
		incident := 0
		for i, r := range a {
			if i > 0 && r.At.Before(a[i-1].At) {
				t.Fatalf("%s: records out of time order at %d", sc.Name, i)
			}
			if r.Incident {
				incident++
			}
		}
		if incident == 0 {
			t.Errorf("%s: no incident record", sc.Name)
		}
	}
}
