package features

import (
	"fmt"
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Bounds checked when reading a saved extractor, so damaged bytes cannot ask for
// unbounded memory.
const (
	maxStateTemplates = 1 << 22
	maxStateIDLen     = 1 << 10
	maxStateBlob      = 1 << 30
)

// AppendState writes the extractor's state: its stream-wide statistics, every template's
// statistics (with the memory kept for the learning policy and the verdict) and the
// template miner. ReadState on an Extractor of the same features restores it.
func (e *Extractor) AppendState(w *envelope.Writer) error {
	miner, err := e.miner.MarshalBinary()
	if err != nil {
		return fmt.Errorf("save templates: %w", err)
	}
	w.I64(e.records)
	w.Bool(e.started)
	w.I64(e.now, e.start)
	w.I64(e.aheadAt)
	w.F64(e.fastAll, e.slowAll, e.usualFast, e.fastErr, e.slowErr, e.fastArr, e.slowArr, e.usualGap)
	w.I64(e.gapsSeen, e.criticals, e.fineAt)
	w.F64(e.criticalAll)
	w.F64(e.fastLog, e.slowLog, e.births, e.routineBirths, e.leveled)
	w.F64(e.hoursAll, e.hoursLog)
	w.I64(e.birthsAt, e.birthsN, int64(e.lastLevel))
	w.Str(e.stormLead.id)
	w.F64(e.stormLead.fast, e.stormLead.fastLog, e.stormLead.weight)

	// Templates, least recently used first, so that reading them in order rebuilds the
	// recency list.
	w.U32(uint32(e.tmpl.Len()))
	for entry := range e.tmpl.Oldest {
		t := &entry.Value
		w.Str(t.ID)
		w.I64(t.seen)
		w.F64(t.count)
		w.I64(t.countAt, t.firstAt)
		w.F64(t.bornSlowLog, t.bornHoursLog, t.bornSlowAll, t.bornHoursAll)
		w.F64(t.fast, t.slow, t.fastLog, t.slowLog, t.critical)
		w.F64(t.hours, t.hoursLog)
		w.I64(t.criticalAt)
		w.Bool(t.bornInChange)
		w.Bool(t.bornInRoutineChange)
		w.I64(t.arrivedAt, t.arrivedN, t.burstAt, t.burstN)
		w.F64(t.burstSlow, t.burstSlowLog)
		t.runs.appendState(w)
		t.pace.appendState(w)
		w.U32(uint32(t.topLevel))
		w.I64(t.topSeen, t.topAfter)
		w.Bool(t.topInChange)
		w.U32(t.lenLo, t.lenHi)
		w.F64(t.Admission.Recent)
		w.I64(t.Admission.RecentAt)
		w.U32(uint32(len(t.slots)))
		for i := range t.slots {
			sl := &t.slots[i]
			w.U32(uint32(sl.slot), sl.lastNew)
			sl.baseline.appendState(w)
			w.F64(sl.scale)
			w.Bool(sl.timed)
			w.Bool(sl.ordinal)
			sl.chains.appendState(w)
			w.Bool(sl.quantity)
			w.Bool(sl.named)
			w.Bool(sl.status)
			w.U32(uint32(len(sl.cats)))
			for _, c := range sl.cats {
				w.Str(c.text)
				w.F64(c.value, c.count, c.fast, c.slow, c.fastLog, c.slowLog, c.before)
				w.I64(c.seen, c.countAt, c.bornAfter)
				w.Bool(c.bornInChange)
				w.U64(c.key)
				c.runs.appendState(w)
			}
			w.U32(uint32(len(sl.events)))
			for _, eb := range sl.events {
				w.U64(eb.event)
				w.I64(eb.used)
				w.Bool(eb.episode)
				eb.baseline.appendState(w)
			}
			w.U32(uint32(len(sl.frequent)))
			for _, f := range sl.frequent {
				w.Str(f.text)
				w.U32(f.count, f.over)
			}
		}
	}
	w.I64(e.tmpl.Evicted)
	w.U32(uint32(len(e.events.paces)), uint32(e.events.hand))
	for i := range e.events.paces {
		ep := &e.events.paces[i]
		w.U64(ep.event)
		w.F64(ep.fast, ep.slow, ep.fastLog, ep.slowLog, ep.bornSlowLog)
		w.Bool(ep.used)
	}
	w.Blob(miner)
	return nil
}

// ReadState replaces the extractor's state with one AppendState wrote. On error the
// extractor is unchanged.
func (e *Extractor) ReadState(r *envelope.Reader) error {
	next := Extractor{ids: e.ids, templates: e.templates, fastLn: math.NaN(), slowLn: math.NaN(), hoursLn: math.NaN()}
	next.records = r.I64()
	next.started = r.Bool()
	next.now, next.start = r.I64(), r.I64()
	next.aheadAt = r.I64()
	r.F64(&next.fastAll, &next.slowAll, &next.usualFast, &next.fastErr, &next.slowErr, &next.fastArr, &next.slowArr, &next.usualGap)
	next.gapsSeen, next.criticals, next.fineAt = r.I64(), r.I64(), r.I64()
	r.F64(&next.criticalAll)
	r.F64(&next.fastLog, &next.slowLog, &next.births, &next.routineBirths, &next.leveled)
	r.F64(&next.hoursAll, &next.hoursLog)
	next.birthsAt, next.birthsN, next.lastLevel = r.I64(), r.I64(), record.Level(r.I64())
	next.stormLead.id = r.Str(maxStateIDLen)
	r.F64(&next.stormLead.fast, &next.stormLead.fastLog, &next.stormLead.weight)
	next.noteBirths()

	count := int(r.U32())
	if count > maxStateTemplates {
		r.Fail("%d templates", count)
	}
	next.tmpl = newTemplateTable(e.templates.MaxClusters)
	for i := 0; i < count && r.Err() == nil; i++ {
		t := next.tmpl.get(r.Str(maxStateIDLen), false)
		t.seen = r.I64()
		r.F64(&t.count)
		t.countAt, t.firstAt = r.I64(), r.I64()
		r.F64(&t.bornSlowLog, &t.bornHoursLog, &t.bornSlowAll, &t.bornHoursAll)
		r.F64(&t.fast, &t.slow, &t.fastLog, &t.slowLog, &t.critical)
		r.F64(&t.hours, &t.hoursLog)
		t.criticalAt = r.I64()
		t.bornInChange, t.bornInRoutineChange = r.Bool(), r.Bool()
		t.arrivedAt, t.arrivedN, t.burstAt, t.burstN = r.I64(), r.I64(), r.I64(), r.I64()
		r.F64(&t.burstSlow, &t.burstSlowLog)
		t.runs.readState(r)
		t.pace.readState(r)
		t.topLevel = record.Level(r.U32())
		t.topSeen, t.topAfter = r.I64(), r.I64()
		t.topInChange = r.Bool()
		t.lenLo, t.lenHi = r.U32(), r.U32()
		r.F64(&t.Admission.Recent)
		t.Admission.RecentAt = r.I64()
		slots := int(r.U32())
		if slots > maxSlots {
			r.Fail("template with %d numeric slots", slots)
			break
		}
		for j := 0; j < slots && r.Err() == nil; j++ {
			sl := slotStats{slot: int32(r.U32()), lastNew: r.U32()}
			sl.baseline.readState(r)
			r.F64(&sl.scale)
			sl.timed, sl.ordinal = r.Bool(), r.Bool()
			sl.chains.readState(r)
			sl.quantity, sl.named, sl.status = r.Bool(), r.Bool(), r.Bool()
			cats := int(r.U32())
			if cats > maxStatuses || cats > maxCategories && !sl.status {
				r.Fail("position with %d categories", cats)
				break
			}
			for k := 0; k < cats; k++ {
				c := category{text: r.Str(record.MaxTextValue)}
				r.F64(&c.value, &c.count, &c.fast, &c.slow, &c.fastLog, &c.slowLog, &c.before)
				c.seen, c.countAt, c.bornAfter = r.I64(), r.I64(), r.I64()
				c.bornInChange = r.Bool()
				c.key = r.U64()
				c.runs.readState(r)
				sl.cats = append(sl.cats, c)
			}
			events := int(r.U32())
			if events > maxEventBaselines {
				r.Fail("position with %d event baselines", events)
				break
			}
			for k := 0; k < events; k++ {
				eb := eventBaseline{event: r.U64(), used: r.I64()}
				eb.episode = r.Bool()
				eb.baseline.readState(r)
				sl.events = append(sl.events, eb)
			}
			frequent := int(r.U32())
			if frequent > frequentValues {
				r.Fail("position with %d frequent values", frequent)
				break
			}
			for k := 0; k < frequent; k++ {
				f := frequentValue{text: r.Str(record.MaxTextValue)}
				f.count, f.over = r.U32(), r.U32()
				sl.frequent = append(sl.frequent, f)
			}
			t.slots = append(t.slots, sl)
		}
	}
	next.tmpl.Evicted = r.I64()
	events, hand := int(r.U32()), int(r.U32())
	if events > maxEventPaces || hand >= max(events, 1) {
		r.Fail("%d event paces, hand at %d", events, hand)
	}
	next.events.hand = hand
	next.events.index = make(map[uint64]int32, events)
	for i := 0; i < events && r.Err() == nil; i++ {
		ep := eventPace{event: r.U64()}
		r.F64(&ep.fast, &ep.slow, &ep.fastLog, &ep.slowLog, &ep.bornSlowLog)
		ep.used = r.Bool()
		if _, dup := next.events.index[ep.event]; dup {
			r.Fail("event pace %x twice", ep.event)
			break
		}
		next.events.index[ep.event] = int32(i)
		next.events.paces = append(next.events.paces, ep)
	}
	minerState := r.Blob(maxStateBlob)
	if err := r.Err(); err != nil {
		return err
	}
	fresh, err := New(e.ids, e.templates)
	if err != nil {
		return err
	}
	if err := fresh.miner.UnmarshalBinary(minerState); err != nil {
		return fmt.Errorf("restore templates: %w", err)
	}
	next.miner = fresh.miner
	*e = next
	return nil
}

func (b *baseline) appendState(w *envelope.Writer) {
	w.U32(b.seen, b.rise)
	w.Bool(b.fell)
	w.F64(b.mean, b.dev, b.lo, b.hi, b.peak, b.last, b.far, b.farBelow, b.leap, b.runFirst, b.recent, b.runSum, b.farLong, b.farReach)
	w.I64(b.at, int64(b.run))
	w.U32(b.runFar, b.farLongAt, uint32(b.nmodes))
	w.F64(b.modes[:b.nmodes]...)
}

func (b *baseline) readState(r *envelope.Reader) {
	b.seen, b.rise = r.U32(), r.U32()
	b.fell = r.Bool()
	r.F64(&b.mean, &b.dev, &b.lo, &b.hi, &b.peak, &b.last, &b.far, &b.farBelow, &b.leap, &b.runFirst, &b.recent, &b.runSum, &b.farLong, &b.farReach)
	b.at, b.run = r.I64(), int32(r.I64())
	b.runFar, b.farLongAt = r.U32(), r.U32()
	n := r.U32()
	if n > numericModes {
		r.Fail("baseline with %d modes", n)
		return
	}
	b.nmodes = uint8(n)
	for i := range b.modes[:n] {
		r.F64(&b.modes[i])
	}
}

// appendState writes the runs.
func (b *burstRuns) appendState(w *envelope.Writer) {
	w.I64(b.began, b.last, int64(b.n))
	w.I64(b.briefAt[:]...)
}

// readState reads what appendState wrote.
func (b *burstRuns) readState(r *envelope.Reader) {
	b.began, b.last, b.n = r.I64(), r.I64(), int(r.I64())
	for i := range b.briefAt {
		b.briefAt[i] = r.I64()
	}
}
