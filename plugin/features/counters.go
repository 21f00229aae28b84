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
// integer within counterStep of one of them, equal to none, steps that chain; so does
// one equal to a chain's last value while values seldom fall below their chain's
// (counterFallsRare); any other value starts a chain in place of the one that stepped
// longest ago. Once nearly every value steps a chain (counterOn of the last
// counterHorizon or so), the position counts and its values are not judged, until most
// do not (counterOff): a young process's chain, whose steps are still large beside its
// count, does not end it. A gauge falls as often as it rises and moves by more than its
// size allows, a size or a duration lands anywhere in its range. A queue that grows by
// a few items at each value counts only after about 770 of them (an hour of reports
// every five seconds), long after its climb was news; from its first value on, it
// counts from its 64th, as a position that has only ever risen has no level to depart
// from for its baseline either.
//
// A count reported every 30 s is the same value again when its process did nothing in
// between (a notification service's pods' `retried=`, up by one or two every few
// reports), and never falls; a gauge in a narrow band (a key count: 191, 193, 192)
// repeats its values as often, but falls too. With every repeated value a gauge's, the
// pods' counts, the old pods' in the thousands and the new pods' from 0 after a
// rollout, were far below usual, a shift of level, and held an incident open for half
// an hour that took in a leaking pod's reports (the notification family: normal records
// 275 -> 133, benign after 5 min 12,944 -> 12,908; the leak 0.0% -> 3.4% under an id of
// its own, alerted twice; its Twilio degradation alerted nearly five minutes sooner,
// three alerts instead of two; Redis's and the mail server's normal records 3 fewer
// each; no other tuning family moved, make eval).
type counterChains struct {
	heads [counterChainsMax]float64
	// used is the position's value count when each chain last stepped, 0 for a chain
	// not started.
	used     [counterChainsMax]uint32
	n        uint32  // the values observed
	steps    float64 // the share of recent values that stepped a chain
	falls    float64 // the share of recent values that stepped one from below its head
	counting bool
}

// counterChainsMax is how many processes' counts a position can interleave and still be
// recognised as counting: the replicas of a deployment during a rolling upgrade, old and
// new at once.
const counterChainsMax = 8

// counterHorizon is the memory, in values, of the share of values that step a chain
// (and of those that fall below their chain's last value); counterOn and counterOff are
// the shares at which the position starts and stops counting, counterFallsRare the
// share of falls under which a value repeated steps its chain: a slow count's falls are
// none, a narrow gauge's two values in five (both simulated in TestCounterChains), and
// one line in eight out of order (a request counted when it began, logged when it
// ended) still leaves a count's repeats to it. Over the tuning families, at 1/32, 1/16,
// 1/8 and 1/4: normal records 7,117, 7,085, 7,054 and 7,054, benign after 5 min 14,000,
// 14,071, 13,979 and 13,979 (the notification service's counts, make eval); 1/8 is the
// smallest at which they stop moving, three times under a narrow gauge's falls.
// Simulated on Traefik's interleaved RequestCount, the share stays above 0.99; on
// gauges (uniform over 0-10 or 0-100, a random walk) it stays at 0.3-0.6, on sizes near
// 0.02. A queue that starts growing by 1-3 every value reaches counterOn after about
// 770 values. counterMinValues is how many values a position must have followed (as a
// quantity) before it counts at all: a template seen a few dozen times an hour holds
// Traefik's counts too, and its replicas served hundreds between two of its lines.
const (
	counterFallsRare = 1.0 / 8
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
	oldest, stepped, gap, same := 0, -1, math.Inf(1), -1
	for i, h := range c.heads {
		if c.used[i] < c.used[oldest] {
			oldest = i
		}
		if c.used[i] == 0 {
			continue
		}
		if h == v {
			same = i
		}
		if d := math.Abs(v - h); d > 0 && d <= counterStep(h) && d < gap {
			stepped, gap = i, d
		}
	}
	hit, fell := 0.0, 0.0
	switch {
	case v != math.Trunc(v):
	case same >= 0 && c.falls < counterFallsRare:
		hit, stepped = 1, same
	case stepped >= 0 && same < 0:
		hit = 1
		if v < c.heads[stepped] {
			fell = 1
		}
		c.heads[stepped] = math.Max(c.heads[stepped], v)
	}
	if hit == 0 {
		stepped = oldest
		c.heads[stepped] = v
	}
	c.used[stepped] = c.n
	// The share is the plain mean of the values seen while they are fewer than
	// counterHorizon (a rare template's counts, a few dozen an hour, count once it has
	// seen counterMinValues of them), an average over about counterHorizon after.
	weight := 1 / float64(min(c.n, counterHorizon))
	c.steps += (hit - c.steps) * weight
	c.falls += (fell - c.falls) * weight
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
	w.F64(c.steps, c.falls)
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
	r.F64(&c.steps, &c.falls)
	c.counting = r.Bool()
}
