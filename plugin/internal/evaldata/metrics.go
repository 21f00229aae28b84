package evaldata

import (
	"math"
	"sort"
)

// Ranking summarises how well scores rank anomalies above normal items.
type Ranking struct {
	ROCAUC float64 // probability that an anomaly outscores a normal item, ties counting half
	AP     float64 // average precision (area under the precision-recall curve, step-wise)
	BestF1 float64 // F1 at the best threshold
}

// Rank computes ROC-AUC, average precision and best F1 of scores against labels.
// Equal scores are one threshold step. It returns NaNs when either class is empty.
func Rank(scores []float64, anomaly []bool) Ranking {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	var pos, neg float64
	for _, a := range anomaly {
		if a {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return Ranking{math.NaN(), math.NaN(), math.NaN()}
	}
	var r Ranking
	var tp, fp, area float64
	for i := 0; i < len(idx); {
		var dtp, dfp float64
		j := i
		for ; j < len(idx) && scores[idx[j]] == scores[idx[i]]; j++ {
			if anomaly[idx[j]] {
				dtp++
			} else {
				dfp++
			}
		}
		area += dfp * (tp + dtp/2)
		tp += dtp
		fp += dfp
		if dtp > 0 {
			r.AP += dtp / pos * tp / (tp + fp)
		}
		if f := 2 * tp / (tp + fp + pos); f > r.BestF1 {
			r.BestF1 = f
		}
		i = j
	}
	r.ROCAUC = area / (pos * neg)
	return r
}

// Confusion counts flags against labels.
type Confusion struct{ TP, FP, FN, TN int }

// Count tallies flags against labels.
func Count(flag, anomaly []bool) Confusion {
	var c Confusion
	for i := range flag {
		switch {
		case flag[i] && anomaly[i]:
			c.TP++
		case flag[i]:
			c.FP++
		case anomaly[i]:
			c.FN++
		default:
			c.TN++
		}
	}
	return c
}

// Precision is TP/(TP+FP), 0 when nothing is flagged.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when there is no anomaly.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall, 0 when either is.
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// FPR is FP/(FP+TN).
func (c Confusion) FPR() float64 { return ratio(c.FP, c.FP+c.TN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Groups folds per-line scores and flags into per-group ones (an HDFS block): a group's
// score is its highest line score, it is flagged when any line is, anomalous when any
// line is. Groups come out in order of first appearance.
func Groups(lines []Line, scores []float64, flags []bool) (names []string, score []float64, flag, anomaly []bool) {
	at := make(map[string]int)
	for i, l := range lines {
		g, ok := at[l.Group]
		if !ok {
			g = len(names)
			at[l.Group] = g
			names = append(names, l.Group)
			score = append(score, math.Inf(-1))
			flag = append(flag, false)
			anomaly = append(anomaly, false)
		}
		score[g] = math.Max(score[g], scores[i])
		flag[g] = flag[g] || flags[i]
		anomaly[g] = anomaly[g] || l.Anomaly
	}
	return names, score, flag, anomaly
}
