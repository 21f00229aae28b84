package verdict

import (
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/lru"
)

// An event is what a stream's records are judged as: a template and the values of its
// categorical positions (features.Extractor.EventKey): "request handled" with status 404
// is one event, with status 200 another. The verdict remembers each event's usual score,
// so a sub-population that always stands out (the 404s of an access log, a warning
// every few minutes) is routine once it has been seen a few times.

// event is the memory of one event (its key is its eventTable entry's).
type event struct {
	usualScore float64 // the mean of the event's recent scores
	spread     float64 // their mean absolute deviation from it
	scored     int64   // the event's records scored
	// calmScore is the mean of the event's recent scores outside incidents: what an
	// incident measures the event's later records against.
	calmScore  float64
	calmScored int64
	// peakRecent is the highest recent count (features.Pace.Recent) of the event's
	// scored records: how many of it came within seconds at its busiest (see trickling).
	peakRecent float64
	// calmPeak is the highest recent count of the event's records that were not
	// flagged: its busiest outside incidents (see habitual).
	calmPeak float64
}

// eventTable is a bounded map of events with least-recently-used eviction.
type eventTable struct{ lru.Map[event] }

func newEventTable(max int) eventTable { return eventTable{lru.New[event](max)} }

// get returns the memory of key, creating it (and evicting the least recently used
// event beyond max) when absent. key may alias a buffer: it is copied when kept.
func (t *eventTable) get(key []byte) *event {
	if e := t.GetBytes(key); e != nil {
		return &e.Value
	}
	e, _ := t.Add(string(key))
	e.Value = event{}
	return &e.Value
}

// maxSavedEvents bounds what a saved table may hold.
const maxSavedEvents = 1 << 22

// appendState writes the table, least recently used first, so reading it in order
// rebuilds the recency list.
func (t *eventTable) appendState(w *envelope.Writer) {
	w.U32(uint32(t.Len()))
	for entry := range t.Oldest {
		e := &entry.Value
		w.Str(entry.Key())
		w.F64(e.usualScore, e.spread, e.calmScore, e.peakRecent, e.calmPeak)
		w.I64(e.scored, e.calmScored)
	}
	w.I64(t.Evicted)
}

// readState reads what appendState wrote into a fresh table of max events.
func readEvents(r *envelope.Reader, max int) eventTable {
	t := newEventTable(max)
	n := int(r.U32())
	if n > maxSavedEvents {
		r.Fail("%d events", n)
		return t
	}
	for i := 0; i < n && r.Err() == nil; i++ {
		e := t.get([]byte(r.Str(1 << 12)))
		r.F64(&e.usualScore, &e.spread, &e.calmScore, &e.peakRecent, &e.calmPeak)
		e.scored, e.calmScored = r.I64(), r.I64()
	}
	t.Evicted = r.I64()
	return t
}
