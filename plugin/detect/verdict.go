package detect

import (
	"math"
	"time"
)

// The verdict policy: how the forest's score becomes a record's score and its flag. See
// Stream, sections Scoring and Flagging.
const (
	// severeFloor is the severity prior of a critical record whose template is not
	// surging; an alert, emergency or panic record starts one step higher (0.75).
	severeFloor = 0.5

	// flagBudget is how many flags a burst of one template raises. A template may raise
	// a flag while its recent flags, decayed over flagHorizon records or
	// flagHorizonTime, whichever is faster, count less than flagBudget − ½: the half
	// absorbs the little decay between the records of a burst.
	flagBudget = 4
	// flagHorizon is the memory of a template's flags, in records.
	flagHorizon = rarityHorizon
	// flagHorizonTime is the same in event time: about what flagHorizon records take
	// on a stream of 20 records a second, so that a quiet stream (one component's
	// records, split out by group_by) renews a template's flags as soon as a busy one,
	// and an incident that comes back a quarter of an hour later is reported again.
	flagHorizonTime = 15 * time.Minute
	// escalateBy is how far above the score of a template's latest flag a record must
	// score to be flagged when the template's budget is spent: an incident that grows
	// out of a template's routine noise (a login failure now and then, then a storm of
	// them) is reported as it worsens.
	escalateBy = 0.05

	// usualScoreHorizon is the memory, in records of a template, of its usual score.
	usualScoreHorizon = 32
	// usualScoreSeen is how many scored records make a template's usual score known: as
	// many as make it familiar (see rarityFamiliar).
	usualScoreSeen = rarityFamiliar

	// autoCeiling is the highest the adaptive threshold goes: a score above it means a
	// record isolated in under three quarters of the average path length, which is
	// unusual whatever the spread of the stream's scores. Without it one common template
	// that the forest keeps isolating (a warning repeated in every request) spreads the
	// scores until the threshold passes 1 and nothing can be flagged.
	autoCeiling = 0.6
)

// recordPrior returns the prior belief, in [0, 1), that the record with vector x
// reports a failure, whatever the forest makes of it: its severityPrior and its
// numericPrior, combined as combineSeverity combines a prior with the forest's score.
func recordPrior(level Level, x []float64, ids []featureID, info *recordInfo) float64 {
	return combineSeverity(severityPrior(level, surge(x, ids, info)), numericPrior(x, ids, info))
}

// numericPrior returns the prior belief that a number far beyond its usual values
// reports a failure: 0 while the numeric feature is within the range the forest learns
// (referenceBound, a value about 12 deviations above its mean), then 1 − 2^−excess,
// halved for each recent value of the same position that was beyond its usual range
// too. The forest cannot tell a value just past the edge of its range from one a
// thousand times past it, and a request that takes 25 s where it takes 20 ms is news
// whatever its level, so the excess beyond the range is scored here; but a position
// whose values keep landing far out is a heavy-tailed counter (errors corrected since
// boot), or an incident already reported, and its next far value is less news.
func numericPrior(x []float64, ids []featureID, info *recordInfo) float64 {
	for i, id := range ids {
		if id == fNumeric {
			return (1 - math.Exp2(-math.Max(0, x[i]-referenceBound))) * math.Exp2(-info.numFar)
		}
	}
	return 0
}

// severityPrior returns the prior belief, in [0, 1), that a record of this level reports
// a failure: 0 below critical, then 1 − 2^−(steps + surge), where steps counts the
// levels from critical (1 for critical, 2 for alert and above) and surge is how far the
// record's template and the stream's warnings and errors run above their usual rates
// (see surge).
//
// Warnings and errors are routine in healthy streams (a client's bad request, a retry),
// so for them the forest alone judges how unusual they are. A critical or fatal record
// says that something stopped working; it is never routine, however often the stream
// has said it before, and a critical condition that keeps recurring is a failure in
// progress rather than a stray message.
func severityPrior(level Level, surge float64) float64 {
	if level < LevelCritical {
		return 0
	}
	steps := 1.0
	if level > LevelCritical {
		steps = 2
	}
	return 1 - math.Exp2(-(steps + math.Max(0, surge)))
}

// combineSeverity returns the record's score from the forest's score s and the severity
// prior p: 1 − (1 − s)(1 − p), the probability that either says "anomalous" when the
// two are taken as independent. It keeps s when p is 0 and keeps the order of the forest
// scores among records of one prior.
func combineSeverity(s, p float64) float64 { return 1 - (1-s)*(1-p) }

// criticalRecurrence is the surge, in levels, of a critical record whose template is all
// of the stream's recent critical records.
const criticalRecurrence = 3

// surge returns the severity prior's surge term of a record with vector x: the sum of
// its burst and error_burst features (0 for those not selected), plus, for a critical
// record, criticalRecurrence times its template's share of the stream's recent critical
// records. A critical condition that keeps coming back, however slowly, is a failure in
// progress; a critical line among many different ones (the lines of a register dump, a
// one-off) is less likely to be.
func surge(x []float64, ids []featureID, info *recordInfo) float64 {
	v := criticalRecurrence * info.criticalShare
	for i, id := range ids {
		if id == fBurst || id == fErrorBurst {
			v += x[i]
		}
	}
	return v
}

// keepFlag decides whether a record above the adaptive threshold keeps its flag, and
// counts the flag against its template ts when it does: a routine record needs a score
// above autoCeiling, a record of a familiar template must score above its usual (see
// usual), and the template's flag budget must allow it (see flagAllowed). n and now
// are the record's stream record number and stream time.
func keepFlag(ts *templateStats, info *recordInfo, score float64, n, now int64) bool {
	if score <= autoCeiling && info.routine() {
		return false
	}
	if info.level < LevelCritical && ts.usual(score) {
		return false
	}
	if !flagAllowed(ts, info.level, score, n, now) {
		return false
	}
	ts.countFlag(score, n, now)
	return true
}

// flagAllowed reports whether the template ts may raise one more flag, for a record of
// this level and score at stream record n, stream time now: always for critical records
// (each reports a failure); otherwise while its recent flags leave room in flagBudget,
// or when the record scores escalateBy above the template's latest flag. A
// template that keeps scoring high, the warning a busy component repeats in every
// request, is reported at its onset, again when it gets worse, and again once it has
// been quiet for a while; its records are still scored.
func flagAllowed(ts *templateStats, level Level, score float64, n, now int64) bool {
	if level >= LevelCritical {
		return true
	}
	recent := ts.recentFlags(n, now)
	return recent < flagBudget-0.5 || score > ts.lastFlagScore+escalateBy
}

// usual reports whether score is what the template ts usually scores: it was scored
// often enough for its usual score to be known, and score is at most escalateBy above
// it. A warning a component writes every few minutes (a user mistyping a password, a
// retry) scores the same every time; the forest finds it unusual only because it is
// rarer than the stream's routine lines, and flagging it again and again says nothing
// new. The same warning in a storm, or with a number far above its usual, scores
// higher than usual and is not affected.
func (ts *templateStats) usual(score float64) bool {
	return ts.scored >= usualScoreSeen && score <= ts.usualScore+escalateBy
}

// learnScore counts a score of the template in its usual score, after the verdict: the
// mean of its scores at first, then an average over its last ~usualScoreHorizon.
func (ts *templateStats) learnScore(score float64) {
	ts.scored++
	ts.usualScore += (score - ts.usualScore) / math.Min(float64(ts.scored), usualScoreHorizon)
}

// recentFlags returns the template's flags decayed to stream record n at stream time
// now (unix nanoseconds): by flagHorizon records or flagHorizonTime, whichever is
// faster.
func (ts *templateStats) recentFlags(n, now int64) float64 {
	byRecords := float64(n-ts.flagsAt) / flagHorizon
	byTime := float64(now-ts.flagsTime) / float64(flagHorizonTime)
	return ts.flags * math.Exp(-math.Max(byRecords, byTime))
}

// countFlag counts a flag of the template with this score at stream record n, stream
// time now.
func (ts *templateStats) countFlag(score float64, n, now int64) {
	ts.flags = ts.recentFlags(n, now) + 1
	ts.lastFlagScore = score
	ts.flagsAt, ts.flagsTime = n, now
}
