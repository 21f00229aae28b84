package detect

import (
	"math"
	"time"
	"unicode/utf8"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// Tuning constants of the features. They are fixed on purpose: the features are meant to
// work unchanged on any stream, and every one of them is relative to the stream's own
// history, so no unit or volume is assumed.
const (
	// rarityHorizon is the memory of template counts, in records: counts decay by 1/e
	// over this many records, so templates that stopped appearing slowly become rare again.
	rarityHorizon = 16384

	// rarityPrior is how many records a template is presumed to have been absent for
	// before its birth: a template seen once is as rare as one in rarityPrior+1.
	rarityPrior = 64
	// rarityFamiliar is the decayed count from which a template is familiar and never
	// rare, whatever its share.
	rarityFamiliar = 64
	// rarityQuiet: templates with more than 2^-rarityQuiet of a stream's records are
	// common, all alike (rarity 0).
	rarityQuiet = 5

	// noveltySightings is how many sightings of a template count as novel; the
	// feature halves with each.
	noveltySightings = 4

	// burstQuiet: counts up to 2^burstQuiet times what the long run predicts are
	// usual (burst 0).
	burstQuiet = 0.5

	// noveltyQuiet is the novelty below which a template is not new at all.
	noveltyQuiet = 0.1

	// noveltyMaturity is how many records a stream must have seen for a new template to
	// count as half novel: the first templates of a stream are not news.
	noveltyMaturity = 100

	// burstFast and burstSlow are the event-time constants of the recent and long-run
	// counts behind `burst` and `error_burst`; burstFastRecords and burstSlowRecords are
	// the same in records. A count decays by whichever is slower, so "recent" means at
	// least the last 10 seconds and at least the last ~16 records: busy streams are judged
	// per minute, sparse ones (a record an hour) per handful of records.
	burstFast        = 10 * time.Second
	burstSlow        = 10 * time.Minute
	burstFastRecords = 16
	burstSlowRecords = 4096
	// burstPrior is the weight, in records, of the prior belief that a new stream holds
	// no burst and no errors: before a stream has history, a few errors in a row are a
	// burst, not the norm.
	burstPrior = 64
	// errorPriorShare is the share of warning+ records that prior assumes.
	errorPriorShare = 0.05

	// numericMinSeen is how many values a template position needs before its values
	// are judged.
	numericMinSeen = 32
	// numericAlpha is the weight of a usual value in a position's mean and deviation
	// (about the last 100 usual values).
	numericAlpha = 0.01
	// numericMemory is the shortest time a position's statistics remember. A value
	// reported many times a second (a heap gauge, a latency) would otherwise forget its
	// usual range within a minute, and a leak that doubles the heap in ten minutes
	// would climb inside that moving range unseen: a position learns at most as fast
	// as numericAlpha per value and as one numericMemory per numericMemory of event
	// time, whichever is slower.
	numericMemory = 30 * time.Minute
	// numericFloor is the smallest deviation assumed, in natural-log units: changes
	// under about 20% are never "far", however steady a value was.
	numericFloor = 0.1
	// numericUsual is how many deviations above the mean a value may be and still
	// teach the statistics. Values beyond it do not move the deviation and move the
	// mean by numericShift deviations only, so an incident (a leak, a slow database)
	// does not become its own baseline while it lasts, and a lasting change of level
	// is still learned, in about 1/numericShift values per deviation.
	numericUsual = 3
	numericShift = 0.05
	// numericFarHorizon is the memory, in values, of how often a position's values
	// land beyond its usual range (see numericPrior).
	numericFarHorizon = 100
	// numericRise is how many rises in a row make a value climbing: its deviation counts
	// double.
	numericRise = 4
	// numericQuiet is how many deviations above the mean a value may be and still be
	// usual (the feature is 0).
	numericQuiet = 3
	// maxSlots caps the numeric positions tracked per template.
	maxSlots = 8

	// gapAlpha is the weight of a new gap in the stream's usual gap.
	gapAlpha = 0.02
	// gapQuiet: silences up to 2^gapQuiet times the usual gap score 0.
	gapQuiet = 4

	// criticalHorizon is the memory of the critical records' recurrence, in critical
	// records: their template counts decay by 1/e over this many.
	criticalHorizon = 32

	// maxFeatureValue bounds the log-scaled features, so that no single record can
	// stretch a feature's range and squeeze every other record into one split.
	maxFeatureValue = 16
)

// recordInfo keeps what the features saw, for reasons. It holds no pointers into the
// record, so it may outlive the message.
type recordInfo struct {
	level         Level
	length        int
	tokens        int
	templateCount float64 // decayed count of the template
	streamCount   float64 // decayed count of the stream
	seen          int64   // times the template was seen (this one included)
	burstCount    float64 // the template's recent count
	burstExpected float64 // what its long-run share predicts
	errCount      float64 // recent warning+ records (warnings count half)
	errExpected   float64
	numSlot       int // template position of the farthest number, -1 when none is far
	numValue      float64
	numUsual      float64
	numUnit       drain.Unit
	numFar        float64 // the position's recent values beyond its usual range, before this one
	numContext    string  // the template around that position, for the reason
	alarm         alarmHits
	gap           float64 // seconds
	usualGap      float64
	criticalShare float64 // critical records: the template's share of the recent ones
	concerning    bool    // warning or worse, or alarm words: see extractor.extract
}

// routine reports whether the record says nothing of a problem: below warning, without
// alarm words, and without a number far above its usual values.
func (info *recordInfo) routine() bool { return !info.concerning && info.numSlot < 0 }

// slotStats follows the values of one numeric position of a template, in log space.
type slotStats struct {
	slot int32
	seen uint32
	mean float64 // EWMA of usual log values
	dev  float64 // EWMA of their absolute deviations from mean
	last float64 // the previous log value
	rise uint32  // how many values in a row rose above the previous one
	at   int64   // stream time of the last value, unix nanoseconds
	far  float64 // values beyond numericUsual deviations, decayed over numericFarHorizon values
}

// templateStats holds one template's counts. Entries are kept in an LRU list as long as
// the miner keeps templates.
type templateStats struct {
	id               string
	seen             int64   // lines seen
	count            float64 // record-decayed count, as of countAt
	countAt          int64   // stream record number of the last update
	firstAt          int64   // stream record number of the first sighting
	fast, slow       float64 // recent and long-run decayed counts
	fastLog, slowLog float64 // the stream's decay logs when fast and slow were updated
	slots            []slotStats
	recent           float64 // records decayed over the detector's window, for admission
	recentAt         int64   // stream record number of the last update of recent
	flags            float64 // flags raised, decayed over flagHorizon records, as of flagsAt
	flagsAt          int64
	critical         float64 // critical records, decayed over criticalHorizon of them, as of criticalAt
	criticalAt       int64   // the stream's critical record count at the last update
	flagsTime        int64   // stream time of the last flag, unix nanoseconds
	lastFlagScore    float64 // the score of the latest flag
	usualScore       float64 // the template's usual score: mean of its last ~usualScoreHorizon
	scored           int64   // records of the template scored, for usualScore

	prev, next *templateStats
}

// templateTable is a bounded map of template statistics with least-recently-used
// eviction.
type templateTable struct {
	max        int
	byID       map[string]*templateStats
	head, tail *templateStats
	evicted    int64
}

func newTemplateTable(max int) templateTable {
	return templateTable{max: max, byID: make(map[string]*templateStats)}
}

func (t *templateTable) len() int { return len(t.byID) }

// get returns the stats of id, creating (and possibly evicting) when absent or when
// fresh is set (the miner made a new template with this id).
func (t *templateTable) get(id string, fresh bool) *templateStats {
	if s := t.byID[id]; s != nil {
		if fresh {
			*s = templateStats{id: s.id, slots: s.slots[:0], prev: s.prev, next: s.next}
		}
		t.moveToFront(s)
		return s
	}
	var s *templateStats
	if len(t.byID) >= t.max && t.tail != nil {
		s = t.tail
		t.unlink(s)
		delete(t.byID, s.id)
		t.evicted++
		*s = templateStats{slots: s.slots[:0]}
	} else {
		s = new(templateStats)
	}
	s.id = id
	t.byID[id] = s
	t.pushFront(s)
	return s
}

func (t *templateTable) pushFront(s *templateStats) {
	s.prev, s.next = nil, t.head
	if t.head != nil {
		t.head.prev = s
	} else {
		t.tail = s
	}
	t.head = s
}

func (t *templateTable) unlink(s *templateStats) {
	if s.prev != nil {
		s.prev.next = s.next
	} else {
		t.head = s.next
	}
	if s.next != nil {
		s.next.prev = s.prev
	} else {
		t.tail = s.prev
	}
	s.prev, s.next = nil, nil
}

func (t *templateTable) moveToFront(s *templateStats) {
	if t.head == s {
		return
	}
	t.unlink(s)
	t.pushFront(s)
}

// extractor turns the records of one stream into feature vectors. It is not safe for
// concurrent use.
type extractor struct {
	ids   []featureID
	miner *drain.Miner
	match drain.Match
	tmpl  templateTable

	records  int64 // records seen
	started  bool
	now      int64   // stream clock: latest event time seen, unix nanoseconds
	start    int64   // event time of the stream's first record, unix nanoseconds
	fastAll  float64 // event-time decayed record counts
	slowAll  float64
	fastErr  float64 // event-time decayed warning+ counts
	slowErr  float64
	usualGap float64 // EWMA of gaps, seconds
	gapsSeen int64
	// criticals counts the stream's critical records; criticalAll is the same decayed
	// over criticalHorizon of them.
	criticals   int64
	criticalAll float64
	info        recordInfo
	current     *templateStats // the current record's template
	scanned     bool           // info.alarm holds the current record's alarm words
	// fastDecay and slowDecay are the current record's decay factors. A template's counts
	// decay lazily: fastLog and slowLog accumulate log decays, so a template last updated
	// when they read a and b has since decayed by exp(fastLog-a) and exp(slowLog-b).
	fastDecay, slowDecay float64
	fastLog, slowLog     float64
}

func newExtractor(ids []featureID, templates drain.Config) (*extractor, error) {
	m, err := drain.New(templates)
	if err != nil {
		return nil, err
	}
	return &extractor{ids: ids, miner: m, tmpl: newTemplateTable(templates.MaxClusters)}, nil
}

// dims returns the length of the vectors.
func (e *extractor) dims() int { return len(e.ids) }

// extract learns the record and writes its features into dst (len(dst) == dims()). The
// statistics are those of the stream before the record, updated with it.
func (e *extractor) extract(dst []float64, msg string, level Level, at time.Time) {
	info := &e.info
	*info = recordInfo{level: level, numSlot: -1}
	e.scanned = false

	// Step 1: the stream clock. Event time never runs backwards for the decays: a late
	// record counts as arriving now.
	t := e.now
	if !at.IsZero() {
		t = at.UnixNano()
	}
	var dt float64 // seconds since the previous record
	if !e.started {
		e.started = true
		e.now, e.start = t, t
	} else if t > e.now {
		dt = float64(t-e.now) / 1e9
		e.now = t
	}
	e.records++

	// Step 2: stream-wide recent and long-run counts.
	fastDecay := math.Exp(-math.Min(dt/burstFast.Seconds(), 1.0/burstFastRecords))
	slowDecay := math.Exp(-math.Min(dt/burstSlow.Seconds(), 1.0/burstSlowRecords))
	e.fastDecay, e.slowDecay = fastDecay, slowDecay
	errW := errorWeight(level)
	e.fastLog += math.Log(fastDecay)
	e.slowLog += math.Log(slowDecay)
	e.fastAll = e.fastAll*fastDecay + 1
	e.slowAll = e.slowAll*slowDecay + 1
	e.fastErr = e.fastErr*fastDecay + errW
	e.slowErr = e.slowErr*slowDecay + errW

	// Step 3: the gap before this record, against the usual gap.
	if e.records > 1 {
		info.gap = dt
		if e.gapsSeen == 0 {
			e.usualGap = dt
		}
		info.usualGap = e.usualGap
		e.usualGap += gapAlpha * (dt - e.usualGap)
		e.gapsSeen++
	}

	// Step 4: the body. A level word in the line's header ends the header: what comes
	// before it (time stamps, hosts, pids) says nothing of the event, so the body after it
	// is what the template, length, tokens and alarm words are taken from.
	if _, _, end := findLevel(msg); end > 0 {
		msg = trimSpaceLeft(msg[end:])
	}

	// Only records that could report a problem can be rare, new or bursting: the first
	// lines of a new job, a new phase of work or a busy hour are routine lines in new
	// numbers, and flagging them would bury the records that say something went wrong.
	info.concerning = level.AtLeastWarning() || e.alarmed(msg)

	// Step 5: the template.
	e.miner.Add(msg, &e.match)
	ts := e.tmpl.get(e.match.ID, e.match.New)
	e.updateTemplate(ts)
	e.current = ts
	if level >= LevelCritical {
		e.countCritical(ts)
	}

	// Step 6: the features, in vector order.
	for i, id := range e.ids {
		dst[i] = e.feature(id, msg, level, ts)
	}
}

// errorWeight is a record's weight in the error counts: warnings count half.
func errorWeight(l Level) float64 {
	switch {
	case l >= LevelError:
		return 1
	case l == LevelWarning:
		return 0.5
	}
	return 0
}

// updateTemplate counts the current record in its template's statistics.
func (e *extractor) updateTemplate(ts *templateStats) {
	if ts.seen == 0 {
		ts.firstAt = e.records
		ts.countAt = e.records
	}
	ts.seen++
	ts.count = ts.count*math.Exp(-float64(e.records-ts.countAt)/rarityHorizon) + 1
	ts.countAt = e.records
	ts.fast = ts.fast*math.Exp(e.fastLog-ts.fastLog) + 1
	ts.slow = ts.slow*math.Exp(e.slowLog-ts.slowLog) + 1
	ts.fastLog, ts.slowLog = e.fastLog, e.slowLog
}

// countCritical counts the current critical record and sets its template's share of
// the stream's recent critical records. Critical records are sparse (days apart on some
// systems), so their recurrence is measured in critical records, not in time.
func (e *extractor) countCritical(ts *templateStats) {
	e.criticals++
	e.criticalAll = e.criticalAll*math.Exp(-1.0/criticalHorizon) + 1
	ts.critical = ts.critical*math.Exp(-float64(e.criticals-ts.criticalAt)/criticalHorizon) + 1
	ts.criticalAt = e.criticals
	e.info.criticalShare = ts.critical / e.criticalAll
}

// feature computes one feature of the current record.
func (e *extractor) feature(id featureID, msg string, level Level, ts *templateStats) float64 {
	info := &e.info
	switch id {
	case fLevel:
		// Verbosity is not a symptom: trace and debug lines count as info, so that a
		// stream of debug output does not make its info lines look severe.
		return math.Max(level.Score(), LevelInfo.Score())
	case fLength:
		info.length = utf8.RuneCountInString(msg)
		return float64(info.length)
	case fTokens:
		info.tokens = countTokens(msg)
		return float64(info.tokens)
	case fRarity:
		if !info.concerning {
			return 0 // a new kind of routine line is a new phase of work, not an incident
		}
		// Rare twice over: a small share of the records since the template was born (so
		// that a template that appears and at once becomes common, a new phase of work,
		// is not rare) and not yet familiar (so that a template seen hundreds of times,
		// however small its share, is not rare either).
		since := rarityHorizon * -math.Expm1(-float64(e.records-ts.firstAt+1)/rarityHorizon)
		info.templateCount, info.streamCount, info.seen = ts.count, since, ts.seen
		share := math.Log2((since+rarityPrior)/ts.count) - rarityQuiet
		familiar := math.Log2(rarityFamiliar / ts.count)
		// Like novelty, weighted down while the stream is young: its first templates are
		// all rare, and none of them is news.
		return clampFeature(math.Min(share, familiar)) * maturity(ts)
	case fNovelty:
		info.seen = ts.seen
		if !info.concerning {
			return 0
		}
		if ts.seen > noveltySightings {
			return 0
		}
		v := maturity(ts) * math.Exp2(float64(1-ts.seen))
		if v < noveltyQuiet {
			return 0 // a template of a stream's first records, or seen a few times
		}
		return v
	case fBurst:
		share := ts.slow / (e.slowAll + burstPrior)
		info.burstCount, info.burstExpected = ts.fast, e.fastAll*share
		if !info.concerning {
			return 0 // a burst of routine lines is a busy period, not an incident
		}
		return clampFeature(math.Log2(ts.fast/(info.burstExpected+1)) - burstQuiet)
	case fErrorBurst:
		share := (e.slowErr + errorPriorShare*burstPrior) / (e.slowAll + burstPrior)
		info.errCount, info.errExpected = e.fastErr, e.fastAll*share
		if !level.AtLeastWarning() {
			return 0
		}
		return clampFeature(math.Log2((e.fastErr+1)/(info.errExpected+1)) - burstQuiet)
	case fNumeric:
		return e.numeric(ts)
	case fAlarm:
		e.alarmed(msg)
		return float64(info.alarm.n)
	case fGap:
		if info.usualGap <= 0 {
			if info.gap > 0 && e.gapsSeen > 1 {
				return maxFeatureValue
			}
			return 0
		}
		return clampFeature(math.Log2(info.gap/info.usualGap) - gapQuiet)
	}
	return 0
}

// maturity returns the weight of a template's surprise by the age of its stream at its
// birth: near 0 for the templates of a stream's first records, ½ for one born after
// noveltyMaturity records, near 1 for templates born late.
func maturity(ts *templateStats) float64 {
	before := float64(ts.firstAt - 1)
	return before / (before + noveltyMaturity)
}

// alarmed scans msg for alarm words once per record and reports whether it has any.
func (e *extractor) alarmed(msg string) bool {
	if !e.scanned {
		alarms.scan(msg, &e.info.alarm)
		e.scanned = true
	}
	return e.info.alarm.n > 0
}

// clampFeature maps NaN and negative values to 0 and caps the rest.
func clampFeature(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	if v > maxFeatureValue {
		return maxFeatureValue
	}
	return v
}

// numeric scores the current record's numbers against their positions' history and
// learns them. Only values above a position's usual range count: durations, sizes,
// counts and queue lengths go wrong upwards, while smaller-than-usual values (the last,
// short block of a file) are routine. It returns the largest excess, log-scaled, 0 when
// every value is usual.
func (e *extractor) numeric(ts *templateStats) float64 {
	info := &e.info
	best := 0.0
	for _, p := range e.match.Params {
		s := ts.slot(p.Slot)
		if s == nil {
			continue
		}
		x := logValue(p.Value)
		if s.seen > 0 && x > s.last {
			s.rise++
		} else {
			s.rise = 0
		}
		s.last = x
		if s.seen >= numericMinSeen {
			z := (x - s.mean) / math.Max(s.dev, numericFloor)
			if s.rise >= numericRise && z > 1 {
				// A value that keeps climbing (a leak, a queue that never drains) is
				// far sooner than one that merely wanders off.
				z *= 2
			}
			if z > best {
				best = z
				if z > numericQuiet {
					info.numSlot, info.numValue, info.numUsual = p.Slot, p.Value, unlogValue(s.mean)
					info.numUnit = p.Unit
					info.numFar = s.far
					info.numContext = slotContext(e.match.Template, p.Slot)
				}
			}
		}
		s.learn(x, e.learningWeight(s))
		s.at = e.now
	}
	if best <= numericQuiet {
		return 0
	}
	return clampFeature(math.Log2(best / numericQuiet))
}

// learningWeight returns how much of numericAlpha the position s may learn from the
// current value: all of it when values are minutes apart, a share proportional to the
// event time since its previous value when they come faster (see numericMemory). A
// stream whose clock has never moved (a file without times) learns per value.
func (e *extractor) learningWeight(s *slotStats) float64 {
	if e.now == e.start || s.seen == 0 {
		return 1
	}
	dt := float64(e.now-s.at) / float64(numericMemory)
	return math.Min(1, -math.Expm1(-dt)/numericAlpha)
}

// learn updates a position's statistics with the log value x, weighted by w in [0, 1]
// once its history is long (see learningWeight).
func (s *slotStats) learn(x, w float64) {
	s.seen++
	if s.seen == 1 {
		s.mean, s.dev = x, 0
		return
	}
	r := x - s.mean
	if s.seen <= numericMinSeen {
		// Short history: plain mean and mean absolute deviation.
		n := float64(s.seen)
		s.mean += r / n
		s.dev += (math.Abs(r) - s.dev) / (n - 1)
		return
	}
	scale := math.Max(s.dev, numericFloor)
	s.far *= math.Exp(-1.0 / numericFarHorizon)
	if math.Abs(r) <= numericUsual*scale {
		s.mean += w * numericAlpha * r
		s.dev += w * numericAlpha * (math.Abs(r) - s.dev)
		return
	}
	s.mean += w * math.Copysign(numericShift*scale, r)
	s.far++
}

// slot returns the statistics of a template position, adding them while fewer than
// maxSlots are tracked; nil when the template is full.
func (ts *templateStats) slot(pos int) *slotStats {
	for i := range ts.slots {
		if int(ts.slots[i].slot) == pos {
			return &ts.slots[i]
		}
	}
	if len(ts.slots) >= maxSlots {
		return nil
	}
	ts.slots = append(ts.slots, slotStats{slot: int32(pos)})
	return &ts.slots[len(ts.slots)-1]
}

// logValue maps a number to the scale its deviations are judged on, sign kept:
// log(1+|v|), so ratios matter for large values and zero is harmless.
func logValue(v float64) float64 {
	if v < 0 {
		return -math.Log1p(-v)
	}
	return math.Log1p(v)
}

func unlogValue(x float64) float64 {
	if x < 0 {
		return -math.Expm1(-x)
	}
	return math.Expm1(x)
}

func trimSpaceLeft(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// countTokens counts the whitespace-separated tokens of s.
func countTokens(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		space := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
