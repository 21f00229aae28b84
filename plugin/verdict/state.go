package verdict

import (
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// AppendState writes the judge's state: the histogram of the stream's recent scores, the
// stream's incidents and the identifiers it carried lately.
func (j *Judge) AppendState(w *envelope.Writer) {
	q := &j.scores
	w.F64(q.bins[:]...)
	w.F64(q.total, q.grow, q.rate, q.cached, q.rateCached, q.cachedMedian)
	w.U32(uint32(q.stale), uint32(q.medianStale))
	j.events.appendState(w)
	for i := range j.incidents {
		j.incidents[i].appendState(w)
	}
	w.Bool(j.entry.flag)
	w.F64(j.entry.score)
	w.I64(int64(j.entry.incident))
	w.Str(j.entry.id)
	j.known.appendState(w)
}

// ReadState replaces the judge's state with one AppendState wrote. On error the judge is
// unchanged.
func (j *Judge) ReadState(r *envelope.Reader) error {
	q := scoreQuantiles{policy: &j.policy}
	for i := range q.bins {
		r.F64(&q.bins[i])
	}
	r.F64(&q.total, &q.grow, &q.rate, &q.cached, &q.rateCached, &q.cachedMedian)
	q.stale, q.medianStale = int(r.U32()), int(r.U32())
	events := readEvents(r, j.policy.MaxEvents)
	var incidents [maxOpenIncidents]incident
	for i := range incidents {
		incidents[i].readState(r)
	}
	var entry entryVerdict
	entry.flag = r.Bool()
	r.F64(&entry.score)
	entry.incident, entry.id = int(r.I64()), r.Str(64)
	if entry.incident < -1 || entry.incident >= maxOpenIncidents {
		r.Fail("entry of incident %d", entry.incident)
	}
	var known knownIdentifiers
	known.readState(r)
	if err := r.Err(); err != nil {
		return err
	}
	if !(q.grow >= 1) || !(q.rate > 1) || math.IsInf(q.total, 0) {
		r.Fail("score quantiles")
		return r.Err()
	}
	j.scores, j.events, j.incidents, j.entry, j.joined, j.known = q, events, incidents, entry, -1, known
	return nil
}

// Rebind points the judge's threshold back at its own policy after the Judge was copied
// by value (a restore into a copy).
func (j *Judge) Rebind() { j.scores.policy = &j.policy }
