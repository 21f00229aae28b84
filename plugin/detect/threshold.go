package detect

import "math"

// scoreBins is the resolution of the score quantiles: scores are in (0, 1].
const scoreBins = 512

// scoreQuantiles estimates quantiles of a stream's recent scores with an exponentially
// decaying histogram: a score's weight halves every horizon·ln 2 scores. It takes
// scoreBins+4 float64 whatever the stream's length.
type scoreQuantiles struct {
	bins   [scoreBins]float64
	total  float64
	grow   float64 // weight of the next score; weights are stored scaled, see add
	rate   float64 // growth factor per score, exp(1/horizon)
	cached float64 // threshold, recomputed every thresholdEvery scores
	// rateCached is the threshold for a contamination rate, recomputed likewise.
	rateCached float64
	stale      int
}

// thresholdEvery is how many scores may pass before the threshold is recomputed: it
// moves slowly, and a recomputation walks the histogram.
const thresholdEvery = 32

// autoMinScores is how many scores the adaptive threshold needs before it departs from
// 0.5.
const autoMinScores = 64

func (q *scoreQuantiles) init(horizon float64) {
	*q = scoreQuantiles{grow: 1, rate: math.Exp(1 / horizon), cached: 0.5}
}

// add counts a score. Instead of decaying every bin, each new score weighs rate times
// more than the previous one; the histogram is rescaled before weights overflow.
func (q *scoreQuantiles) add(score float64) {
	i := int(score * scoreBins)
	i = max(0, min(scoreBins-1, i))
	q.bins[i] += q.grow
	q.total += q.grow
	q.grow *= q.rate
	if q.grow > 1e100 {
		for j := range q.bins {
			q.bins[j] /= q.grow
		}
		q.total /= q.grow
		q.grow = 1
	}
	q.stale++
}

// quantile returns the p-quantile of the recent scores (bin midpoints), or NaN when
// there are none.
func (q *scoreQuantiles) quantile(p float64) float64 {
	if q.total == 0 {
		return math.NaN()
	}
	target := p * q.total
	var sum float64
	for i, w := range q.bins {
		sum += w
		if sum >= target {
			return (float64(i) + 0.5) / scoreBins
		}
	}
	return 1
}

// threshold returns the adaptive flag threshold: 0.5 until autoMinScores scores were
// seen, then max(0.5, median + autoSpread·upper deviation).
func (q *scoreQuantiles) threshold() float64 {
	if q.stale >= thresholdEvery {
		q.stale = 0
		median := q.quantile(0.5)
		q.cached = adaptiveThreshold(median, q.upperDeviation(median), q.count(), autoSpread)
	}
	return q.cached
}

// rateThreshold returns the score above which the top rate of the recent scores lie.
// Until autoMinScores scores were seen it defers to the model: it returns 0 when
// modelFlag is set and 1 otherwise.
func (q *scoreQuantiles) rateThreshold(rate float64, modelFlag bool) float64 {
	if q.count() < autoMinScores {
		if modelFlag {
			return 0
		}
		return 1
	}
	if q.stale >= thresholdEvery || q.rateCached == 0 {
		q.stale = 0
		// The lower edge of the quantile's bin: records of one template often score
		// alike, and a bin of tied scores is flagged whole rather than not at all.
		q.rateCached = q.quantile(1-rate) - 0.5/scoreBins
	}
	return q.rateCached
}

// upperDeviation returns twice the mean excess of the recent scores over median,
// 2·E[(s − median)⁺]: a spread of the upper half that, unlike a quantile, does not jump
// when the scores of one common template cross it. For normally distributed scores it
// is about 0.8 standard deviations.
func (q *scoreQuantiles) upperDeviation(median float64) float64 {
	if q.total == 0 {
		return 0
	}
	var sum float64
	for i, w := range q.bins {
		if x := (float64(i) + 0.5) / scoreBins; x > median {
			sum += w * (x - median)
		}
	}
	return 2 * sum / q.total
}

// count returns the number of scores seen, saturating once the oldest ones have
// decayed away; it only needs to tell a young stream from a settled one.
func (q *scoreQuantiles) count() float64 {
	// The weights of n scores sum to (rate^n - 1)/(rate - 1) in units of the first;
	// relative to the newest weight, that is about horizon·(1 - rate^-n).
	if q.grow == 0 {
		return 0
	}
	return q.total / q.grow * (q.rate - 1) * float64(autoHorizon)
}

func adaptiveThreshold(median, spread, n, k float64) float64 {
	if n < autoMinScores || math.IsNaN(median) {
		return 0.5
	}
	return math.Min(autoCeiling, math.Max(0.5, median+k*spread))
}
