package detect

import (
	"os"
	"sort"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect/internal/evaldata"
)

func TestTuneScenarios(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip("tuning aid: TUNE=1")
	}
	for _, sc := range evaldata.Scenarios {
		recs := sc.Records(1)
		s, _ := NewStream(DefaultOptions())
		var r Result
		var maxInc, thrAt float64
		var normal []float64
		for _, rec := range recs {
			s.Observe(rec.Message, ParseLevel(rec.Level), rec.At, &r)
			if r.Learning {
				continue
			}
			if rec.Incident {
				if r.Score > maxInc {
					maxInc, thrAt = r.Score, s.scores.threshold()
				}
			} else {
				normal = append(normal, r.Score)
			}
		}
		q := func(p float64) float64 { return quantileOf(normal, p) }
		t.Logf("%-28s incident max %.3f (threshold then %.3f) | normal q50 %.3f q90 %.3f q99 %.3f q999 %.3f", sc.Name, maxInc, thrAt, q(.5), q(.9), q(.99), q(.999))
	}
}

func quantileOf(v []float64, p float64) float64 {
	s := append([]float64(nil), v...)
	sortFloats(s)
	return s[int(p*float64(len(s)-1))]
}

func sortFloats(s []float64) { sort.Float64s(s) }
func sortFloatsOld(s []float64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestTuneLeak(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip("tuning aid: TUNE=1")
	}
	recs := evaldata.Scenarios[0].Records(1)
	s, _ := NewStream(DefaultOptions())
	var r Result
	for i, rec := range recs {
		s.Observe(rec.Message, ParseLevel(rec.Level), rec.At, &r)
		if rec.Incident || i%3000 == 0 {
			t.Logf("%d %s inc=%v score %.3f thr %.3f fits %d %v %.70s", i, rec.At.Format("15:04:05"), rec.Incident, r.Score, s.scores.threshold(), s.det.Stats().Fits, s.vec, rec.Message)
		}
	}
}
