package features

import (
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// counterChains recognises a position that counts rather than measures, from its values
// alone: the running totals of a few processes whose lines interleave in one stream.
// Traefik writes in each access log line how many requests its replica has served since
// it started (RequestCount), and nothing says which replica wrote the line: three
// replicas' counts, in the millions, interleave, and after a rolling upgrade the new
// replicas count again from 1. Judged as one quantity, every line of a new replica was
// far below usual, a shift of level, for the rest of the log (the Traefik family as
// written: 37,496 normal records flagged of 157,178, 99% of them for RequestCount). A
// count since start is known by a name that says so (see runningTotalName) or by values
// that have only ever risen (baseline.fell); interleaved, it is neither, but each value
// lies a small step from the last value of its own process (above it, or just below when
// lines are written out of order: a request counted when it began, logged when it
// ended).
//
// So the position keeps the last (highest) value of up to counterChainsMax chains. An
// integer within counterStep of one of them, equal to none, steps that chain; any other
// value starts a chain in place of the one that stepped longest ago. Once nearly every
// value steps a chain (counterOn of the last counterHorizon or so), the position counts
// and its values are not judged, until most do not (counterOff): a young process's
// chain, whose steps are still large beside its count, does not end it. A gauge repeats
// its values and moves by more than its size allows, a size or a duration lands anywhere
// in its range. A queue that grows by a few items at each value counts only after about
// 770 of them (an hour of reports every five seconds), long after its climb was news;
// from its first value on, it counts from its 64th, as a position that has only ever
// risen has no level to depart from for its baseline either.
type counterChains struct {
	heads [counterChainsMax]float64
	// used is the position's value count when each chain last stepped, 0 for a chain
	// not started.
	used     [counterChainsMax]uint32
	n        uint32  // the values observed
	steps    float64 // the share of recent values that stepped a chain
	counting bool
}

// counterChainsMax is how many processes' counts a position can interleave and still be
// recognised as counting: the replicas of a deployment during a rolling upgrade, old and
// new at once.
const counterChainsMax = 8

// counterHorizon is the memory, in values, of the share of values that step a chain;
// counterOn and counterOff are the shares at which the position starts and stops
// counting. Simulated on Traefik's interleaved RequestCount, the share stays above 0.99;
// on gauges (uniform over 0-10 or 0-100, a random walk) it stays at 0.3-0.6, on sizes
// near 0.02. A queue that starts growing by 1-3 every value reaches counterOn after about
// 770 values. counterMinValues is how many values a position must have followed (as a
// quantity) before it counts at all: a template seen a few dozen times an hour holds
// Traefik's counts too, and its replicas served hundreds between two of its lines.
const (
	counterHorizon   = 256
	counterOn        = 0.95
	counterOff       = 0.5
	counterMinValues = 64
)

// counterStep is how far from a chain's last value h a value may lie and step it: a
// couple of events since the process's last line, or a thousandth of its count once
// the count is large.
func counterStep(h float64) float64 { return math.Max(2, h/1000) }

// observe follows the position's next value v and reports whether the position counts
// (see counterChains).
func (c *counterChains) observe(v float64) bool {
	c.n++
	oldest, stepped, gap, repeated := 0, -1, math.Inf(1), false
	for i, h := range c.heads {
		if c.used[i] < c.used[oldest] {
			oldest = i
		}
		if c.used[i] == 0 {
			continue
		}
		repeated = repeated || h == v // a gauge's value, not a count's
		if d := math.Abs(v - h); d > 0 && d <= counterStep(h) && d < gap {
			stepped, gap = i, d
		}
	}
	hit := 0.0
	if stepped >= 0 && !repeated && v == math.Trunc(v) {
		hit = 1
		c.heads[stepped] = math.Max(c.heads[stepped], v)
	} else {
		stepped = oldest
		c.heads[stepped] = v
	}
	c.used[stepped] = c.n
	// The share is the plain mean of the values seen while they are fewer than
	// counterHorizon (a rare template's counts, a few dozen an hour, count once it has
	// seen counterMinValues of them), an average over about counterHorizon after.
	c.steps += (hit - c.steps) / float64(min(c.n, counterHorizon))
	switch {
	case c.n < counterMinValues:
	case c.steps >= counterOn:
		c.counting = true
	case c.steps < counterOff:
		c.counting = false
	}
	return c.counting
}

func (c *counterChains) appendState(w *envelope.Writer) {
	w.F64(c.heads[:]...)
	w.U32(c.used[:]...)
	w.U32(c.n)
	w.F64(c.steps)
	w.Bool(c.counting)
}

func (c *counterChains) readState(r *envelope.Reader) {
	for i := range c.heads {
		r.F64(&c.heads[i])
	}
	for i := range c.used {
		c.used[i] = r.U32()
	}
	c.n = r.U32()
	r.F64(&c.steps)
	c.counting = r.Bool()
}
