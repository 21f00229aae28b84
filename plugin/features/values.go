package features

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// The values of a record are its numbers (drain's numeric parameters, which include the
// numeric fields a structured record carries beside its message, "status=200
// duration_ms=31") and its short text fields (method, path, component; record.Field).
// Each is followed per template position, and a position is one of two kinds, told apart
// by what it holds (and, for a number, by its name):
//
//   - a category: a code, a status, a partition, a method, a path, a component (few
//     distinct values, at most maxCategories). Each value is an event of its own: it can
//     be new, rare or bursting, like a template ("status=403" bursting among "request
//     completed" lines); a number there is never a magnitude (404 is not twice 202); and
//     with the template, the values of a record's categories name its event.
//   - a quantity: a duration, a size, a count (many distinct numbers, or a number named
//     as a duration or a size: see magnitudeName). It is judged against a robust
//     baseline in log space, both ways: far above (a slow request, a leak) or far below
//     (rows processed dropping to 0). The baseline is the event's when
//     the event has enough history, so a latency regression of one endpoint shows even
//     when other endpoints are slower; else the template's. A value is far only beyond
//     the range usual values cover, so a counter that cycles (partition 0..249, a
//     sequence that wraps) or resets stays inside it, while a leak keeps making new highs.
//
// A text position with more distinct values than maxCategories (user names, trace ids, the
// paths of a site with a page per article) is no category: its values name no event and
// are not judged. Its frequent values still give the quantities of their records a
// context (see frequentValues): a site's search page among hundreds of article paths.

// maxCategories is how many distinct values a position may hold and still be a category:
// HTTP statuses, gRPC codes, methods, a service's routes and components fit; ids,
// durations and sizes overflow it within minutes.
const maxCategories = 16

// maxStatuses is how many distinct values a status position may hold and still be a
// category (see statusPosition): a status is never a magnitude, and a busy access log
// answers with more than maxCategories of them over hours (the ingress-nginx family's
// controller, 17 in three hours, from 101 to 504; as a quantity, a 401 was "far above
// usual" against ~200: its normal records 433 -> 423, a client's 413 bursts 88.6% ->
// 89.9% under their id; nothing else moved, make eval). HTTP registers about sixty.
// A configured event key (record.Field.Event) may hold as many: its values were asked for.
const maxStatuses = 64

// settledValues is how many values in a row a categorical position must take from its
// known set before a new one is news.
const settledValues = 128

// maxEventBaselines caps the contexts (categorical values of the template's records)
// whose own baseline a quantity position keeps; the least recently seen gives way. 64
// holds the paths, statuses and methods of a service's request lines and the instances
// that log them (maxCategories per position).
const maxEventBaselines = 64

// category is what a stream knows of one value of a categorical position: its counts, as
// a template's.
type category struct {
	value            float64 // a number's value
	text             string  // a text field's value
	seen             int64
	count            float64 // record-decayed count, as of countAt
	countAt          int64
	fast, slow       float64
	fastLog, slowLog float64
	// bornAfter is how many values the position had seen when this one appeared: the
	// first values of a position are not news.
	bornAfter int64
	// bornInChange reports that the value appeared among other new events.
	bornInChange bool
	// before is the template's long-run count (slow) just before the value appeared, as
	// of slowLog: what the template's count holds beyond it is the value's lifetime.
	before float64
	// runs follows the value's runs of bursting records (see burstRuns).
	runs burstRuns
	// key is the hash of the value at its position (slotValue.hash), computed once.
	key uint64
}

// baseline follows the values of a quantity, in log space.
type baseline struct {
	seen uint32
	mean float64 // EWMA of usual log values
	dev  float64 // EWMA of their absolute deviations from mean
	lo   float64 // the range usual values cover, relaxing toward mean
	hi   float64
	peak float64 // the highest value since the position last fell back
	last float64 // the previous log value
	rise uint32  // how many values in a row rose above the previous one
	// fell reports that a value was ever below the one before it: a position that has
	// only ever risen (a sequence number, an offset, a counter since start) has no level
	// to depart from.
	fell bool
	// run is the evidence of a shift beyond the usual range: above (positive) or below
	// (negative), a cumulative sum that each far value raises by one and each usual
	// value lowers by one. See numericShiftRun. runFar counts the far values since it
	// last left 0.
	run    int32
	runFar uint32
	// runSum is the sum of the run's far values (log): their mean is the level the
	// position shifted to (see nearerLevel).
	runSum float64
	// leap is how far (in deviations) the farthest of the run's first numericShiftRun
	// values landed, from the usual level and from the recent values alike (see follow):
	// a shift leaps past the edge of the range, a slow climb (traffic ramping up through
	// the morning) creeps across it.
	leap float64
	// recent is a short average of the position's values (log), far ones included:
	// where the values just were, which a leap is measured from as well (see follow).
	recent float64
	// modes are far values (log) that came alone, the position back to its usual range
	// right after them: a far value close to one is a second mode of the quantity (the
	// size of robots.txt among pages), not news. A shift or a leak, whose values stay
	// far, leaves none. runFirst is the first value of the current run.
	modes    [numericModes]float64
	nmodes   uint8
	runFirst float64
	at       int64   // stream time of the last value, unix nanoseconds
	far      float64 // values beyond numericUsual deviations above, decayed over numericFarHorizon values
	// farBelow counts the values far below, likewise.
	farBelow float64
	// farLong counts the values far above like far, over numericFarLongHorizon values:
	// how often the position usually visits its far modes (see farBurst). It is decayed
	// when read (see farLongNow), from farLongAt, the value count of its last far value.
	farLong   float64
	farLongAt uint32
	// farReach is the farthest value above (log) the position has landed at, drawn back
	// toward the mean as the range is (rangeForget): how far its tail reaches (see tail).
	farReach float64
}

// eventBaseline is a quantity's baseline within one context: an event, or one of its
// categorical values (see maxEventBaselines).
type eventBaseline struct {
	event uint64 // hash of the context's categorical values
	used  int64  // stream record number of its last value
	// episode reports a context that was young while its position's durations were
	// far from their range (see judges).
	episode bool
	baseline
}

// slotStats follows one position of a template: a drain slot (0, 1, ...) or a text field
// (fieldSlot).
type slotStats struct {
	slot int32
	// scale multiplies the position's numbers before their log (see quantityScale),
	// fixed at its first nonzero number; 0 before. timed, fixed with it, reports that
	// the position's name says its numbers are durations (see durationName), ordinal that
	// they are places in a sequence or identifiers (see ordinalName, identifierName).
	scale   float64
	timed   bool
	ordinal bool
	// chains follows whether the position counts (see counterChains).
	chains counterChains
	baseline
	// cats holds the position's values while it may be a category; quantity is set once
	// it held more than maxCategories distinct values (maxStatuses for a status or a
	// configured event key: status) or a fraction, or at its first value when its name
	// says it measures (magnitudeName). named says that status and that name were read,
	// at the position's first value.
	cats     []category
	quantity bool
	named    bool
	status   bool
	// lastNew is the position's value count when it last took a new value.
	lastNew uint32
	// events are the baselines of the position within the template's events.
	events []eventBaseline
	// frequent holds the most frequent values of a text position that overflowed
	// maxCategories.
	frequent []frequentValue
}

// frequentValues is how many values of an overflowed text position are counted, with the
// Space-Saving algorithm (Metwally, Agrawal and El Abbadi, "Efficient Computation of
// Frequent and Top-k Elements in Data Streams", 2005): a value that makes more than
// 1/frequentValues of the position's records is always among them, and its count is
// known to within the count of the least counted one. As many as a category position
// holds values.
const frequentValues = maxCategories

// frequentValue is a counted value of an overflowed text position. over is the count of
// the value it replaced when it took its place (at most its records before then), count
// its records since plus over: count − over of them are certainly its.
type frequentValue struct {
	text        string
	count, over uint32
}

// countFrequent counts a value of an overflowed text position and reports whether it is
// frequent: counted, and seen numericMinSeen times at least since, so that a value that
// takes the least counted place now and then (an article read once) never is.
func (s *slotStats) countFrequent(text string) bool {
	least := -1
	for i := range s.frequent {
		f := &s.frequent[i]
		if f.text == text {
			f.count++
			return f.count-f.over >= numericMinSeen
		}
		if least < 0 || f.count < s.frequent[least].count {
			least = i
		}
	}
	if len(s.frequent) < frequentValues {
		s.frequent = append(s.frequent, frequentValue{text: string([]byte(text)), count: 1})
		return false
	}
	f := &s.frequent[least]
	*f = frequentValue{text: string([]byte(text)), count: f.count + 1, over: f.count}
	return false
}

// frequentRoute returns the context of the nearest path a URL path field f is under
// (see routeParent) that is among the frequent ones of its level, up to routeLevels up,
// and whether there is one. A path position with too many values to be a category (a
// page for every product category, a role for every database) has a frequent value for
// few of its paths, and the rest had no context but the template's: a listing page slow
// for every category when a cache fails was judged against the mix of every route. The
// paths above name the routes they share; each level is counted as a position of its
// own (the field's name with the level's suffix), whose frequent values are contexts as
// the path's are (the Node.js family: its Redis failover 76.8% -> 80.5% under its own
// id, its pricing service's rate limiting 86.1% -> 88.9%; Vault's database credentials,
// /v1/database/creds/<role>, a role for each of a dozen databases and their parent the
// eighteenth of its level, judged under /v1/database: its normal records 470 -> 418, its
// lease explosion alerted; normal records +3 in the Node.js family, +2 in web-edge, no
// other family moved, make eval).
func (e *Extractor) frequentRoute(ts *Template, f record.Field) (uint64, bool) {
	path, found := f.Value, uint64(0)
	for level := 0; level < routeLevels; level++ {
		if path = routeParent(path); path == "" {
			break
		}
		// Every level is counted, so each one's frequent values are its own.
		if as := ts.slot(fieldSlot(f.Name + routeSuffixes[level])); as != nil && as.countFrequent(path) && found == 0 {
			found = slotValue{slot: as.slot, text: path, isText: true}.hash()
		}
	}
	return found, found != 0
}

// routeLevels is how many levels above a path frequentRoute looks: a route and the API
// it belongs to (/v1/database/creds, /v1/database).
const routeLevels = 2

// routeSuffixes name the positions of a path field's routes, level by level (see
// frequentRoute): no field name holds a NUL byte.
var routeSuffixes = [routeLevels]string{"\x00route", "\x00route2"}

// routeParent returns the path a URL path is under, its last segment and query cut
// ("/api/categories/mens-shoes?page=2" is under "/api/categories"), "" for a value that is
// no path or is at the root.
func routeParent(v string) string {
	if len(v) < 2 || v[0] != '/' {
		return ""
	}
	if i := strings.IndexByte(v, '?'); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndexByte(v, '/'); i > 0 {
		return v[:i]
	}
	return ""
}

// fieldSlot is the position of a text field: negative, so it never meets a drain slot.
func fieldSlot(name string) int32 {
	h := newEventHash()
	h.addString(name)
	return -1 - int32(uint32(h)>>2)
}

// categorical reports whether the position is a category: it has a history and its
// values are few.
func (s *slotStats) categorical() bool { return !s.quantity && s.seen >= numericMinSeen }

// categoryOf returns the statistics of a value at this position (a number, or text when
// isText), adding them; nil once the position is a quantity.
func (s *slotStats) categoryOf(v float64, text string, isText bool, records int64) *category {
	if s.quantity {
		return nil
	}
	for i := range s.cats {
		if c := &s.cats[i]; (isText && c.text == text) || (!isText && c.value == v) {
			return c
		}
	}
	limit := maxCategories
	if s.status {
		limit = maxStatuses
	}
	if (!isText && v != math.Trunc(v)) || len(s.cats) == limit {
		s.quantity, s.cats = true, nil
		return nil
	}
	c := category{value: v, countAt: records, bornAfter: int64(s.seen)}
	if isText {
		c.text = string([]byte(text)) // text may alias the record
	}
	c.key = slotValue{slot: s.slot, value: v, text: c.text, isText: isText}.hash()
	s.cats = append(s.cats, c)
	return &s.cats[len(s.cats)-1]
}

// values follows the current record's numbers and text fields: categories as events,
// quantities against their baselines. It keeps in info the farthest quantity, the most
// surprising category and the record's categorical values (its event).
func (e *Extractor) values(ts *Template, fields []record.Field) {
	info := &e.info
	// Pass 1: categories, which name the record's event, and the frequent values of
	// text positions with too many values to be categories.
	var contexts [maxSlots]uint64
	nctx := 0
	for i := range e.match.Params {
		p := &e.match.Params[i]
		if s := ts.slot(int32(p.Slot)); s != nil {
			if !s.named {
				s.named, s.status = true, statusPosition(e.match.Template, p.Slot)
				s.quantity = magnitudeName(numberName(e.match.Template, p.Slot))
			}
			e.observeCategory(ts, s, p.Value, "", false, p.Slot, "")
		}
	}
	for _, f := range fields {
		s := ts.slot(fieldSlot(f.Name))
		if s == nil {
			continue
		}
		if !s.named {
			// A configured event key takes as many values as a status does.
			s.named, s.status = true, f.Event || record.StatusKey(f.Name)
		}
		e.observeCategory(ts, s, 0, f.Value, true, -1, f.Name)
		if s.quantity && s.countFrequent(f.Value) {
			contexts[nctx] = slotValue{slot: s.slot, text: f.Value, isText: true}.hash()
			nctx++
		}
		if s.quantity && nctx < len(contexts) {
			if route, ok := e.frequentRoute(ts, f); ok {
				contexts[nctx] = route
				nctx++
			}
		}
	}
	e.paceEvent(ts)

	// The contexts a quantity is judged in: each categorical value of its record (the
	// path, the status, the pod) that tells records apart, and each frequent value of an
	// overflowed text position. A value its position always takes tells nothing; the
	// combination of all of them would split the records into more events than any
	// baseline could follow (pods × paths × statuses).
	for _, c := range info.cats[:info.ncats] {
		if s := ts.slot(c.slot); s != nil && len(s.cats) > 1 {
			contexts[nctx] = c.key
			nctx++
		}
	}
	judging := nctx
	nctx = e.wordContexts(ts, contexts[:], nctx)

	// Pass 2: numbers. Every number is learned, so a position that turns out a quantity
	// has its history. A quantity is judged in each context its record names whose
	// baseline has grown (the position's own baseline when none has), and is as far as
	// the farthest finds it: the latency of one path is judged against that path's, not
	// only against a pod's mix of fast and slow paths, nor against the one combination of
	// pod, path and status seen a few times. Taking the tightest context instead judged a
	// gateway's timeouts on a failing route against the baseline of their new status
	// (504), which learns the timeouts from its first values (web-edge's 5xx burst:
	// 80.7% of its records flagged, 99.3% judged in every context). A context with a
	// steady level of its own explains the values at that level (see explained).
	best := 0.0
	// farBursting: some context of some number of the record finds its value far above
	// while its far values come far more often than usual (see farBurst below).
	farBursting := false
	for _, p := range e.match.Params {
		s := ts.slot(int32(p.Slot))
		if s == nil {
			continue
		}
		if s.scale == 0 && p.Value != 0 {
			s.scale = quantityScale(p.Unit, p.Value)
			s.timed = durationName(slotKey(e.match.Template, p.Slot))
			name := numberName(e.match.Template, p.Slot)
			s.ordinal = ordinalName(name) || identifierName(name) || runningTotalName(name)
		}
		if s.ordinal {
			continue // a place in a sequence is never judged: nothing to follow or learn
		}
		if s.quantity && p.Unit == drain.UnitNone && !s.timed && s.chains.observe(p.Value) {
			continue // the interleaved counts of a few processes (see counterChains)
		}
		x := logValue(p.Value * s.scale) // 0 while the position has held only zeros
		// A duration that falls is work done faster, not a failure: it is news above only.
		// Its unit says so ("40ms"), or its name when the number comes bare (pino-http's
		// responseTime, logfmt's duration_ms): judged both ways, one pod's requests
		// creeping from tens of milliseconds to seconds over twenty minutes were a
		// quantity that moves either way, and a creep was no news (the Node.js family's
		// blocked event loop: 2.1% -> 14.9% of its records flagged, make eval).
		below := p.Unit != drain.UnitSeconds && !s.timed
		var ctx [maxSlots]*eventBaseline
		var judges [maxSlots]*baseline // the grown context baselines, else the position's
		var explainers [maxSlots]*baseline
		njudges, nexplainers := 0, 0
		if s.quantity {
			for i, key := range contexts[:nctx] {
				ctx[i] = s.eventBaseline(key, e.records)
				if !ctx[i].judges(&s.baseline, !below) {
					continue
				}
				if i < judging {
					judges[njudges] = &ctx[i].baseline
					njudges++
				}
				explainers[nexplainers] = &ctx[i].baseline
				nexplainers++
			}
		}
		if njudges == 0 {
			judges[0] = &s.baseline
			njudges = 1
		}
		s.baseline.climb(x)
		s.baseline.follow(x, below)
		for _, eb := range ctx[:nctx] {
			if eb != nil {
				eb.climb(x)
				eb.follow(x, below)
			}
		}
		if s.quantity && explained(explainers[:nexplainers], &s.baseline, x, below) {
			njudges = 0
		}
		for _, judge := range judges[:njudges] {
			if !s.quantity || judge.seen < numericMinSeen {
				break
			}
			z := judge.zScore(x, below)
			far := math.Abs(z) > numericQuiet
			bursting := far && judge.farBurst()
			farBursting = farBursting || z > numericQuiet && bursting
			v := 0.0
			// A far value near one the position took alone before is another mode of
			// it, unless the recent values have drifted up there too: then the far
			// values are where the position is going (a leak's GC pauses, far one
			// report in two), not a second mode it visits; nor when the far values come
			// far more often than they usually do (see farBurst).
			drifted := judge.drifted()
			if far && (!judge.knownMode(x) || drifted || bursting) {
				v = math.Log2(math.Abs(z) / numericQuiet)
			}
			// Far values that come far more often than usual are a burst of them, and are
			// as surprising as a template's or a value's burst would be: a hanging tax API
			// slows one checkout in four, each a hundred times slower than the route's
			// median but only five of its wide deviations away (see farBurstExcess).
			farCount, farExpected := 0.0, 0.0
			if z > numericQuiet && bursting {
				if excess, count, expected := judge.farBurstExcess(); excess > v {
					v, farCount, farExpected = excess, count, expected
				}
			}
			// Far values that outnumber the usual ones are a shift of level, not a heavy
			// tail: its evidence grows by a bit with each far value beyond the threshold.
			// A duration that crept up there (see crept) is one too.
			shifted := judge.shifted(x, z)
			climb := judge.climbing(z) || (!shifted && !below && drifted && judge.crept(z))
			shift := shifted || climb
			if shift {
				v = math.Max(v, SurpriseBound(Numeric)+float64(abs32(judge.run)-numericShiftRun+1))
			}
			if v > best {
				best = v
				info.numSlot, info.numValue, info.numUsual = p.Slot, p.Value, unlogValue(judge.mean)/max(s.scale, 1)
				info.numUnit = p.Unit
				info.numBelow = z < 0
				info.numRun, info.numClimb = 0, climb
				info.numFarCount, info.numFarExpected = farCount, farExpected
				info.numTail = z > 0 && judge.tail(x)
				info.NumericFar = judge.far
				if z < 0 {
					info.NumericFar = judge.farBelow
				}
				if shift {
					info.numRun, info.NumericFar = int(judge.runFar), 0
				}
				info.numContext = slotContext(e.match.Template, p.Slot)
			}
		}
		s.baseline.learn(x, e.learningWeight(&s.baseline), e.now)
		for _, eb := range ctx[:nctx] {
			if eb != nil {
				eb.learn(x, e.learningWeight(&eb.baseline), e.now)
			}
		}
	}
	info.numeric = clampFeature(best)
	// A record's number is its position's usual tail only where no context that finds
	// one of its numbers far sees far values come far more often than usual: a hanging
	// tax API made one checkout in four slow, a burst of far values in two of the
	// contexts of a checkout's duration, while a third, which sees slow requests more
	// often, found them as far but within its usual tail (see tail), and the farthest
	// finding decided (TestStarvedPodsSlowRequests in package familyscan). Tuning
	// families: a hanging tax API 79.1% -> 79.7% under its id, a thread pool's starvation
	// 63.4% -> 66.8%, a pricing service's rate limiting 87.7% -> 88.4%, normal records
	// 6,913 -> 6,915; holdout: one incident 25.8% -> 26.2% under its id, nothing else
	// (make eval).
	if farBursting {
		info.numTail = false
	}
}

// explained reports whether x, a value of a quantity whose position's baseline is
// position, is usual within one of the grown contexts of its record (contexts, see
// eventBaseline.judges; its words' too, see wordContexts) whose level is its own:
// far from the position's, so that the category names a population of its own (a request
// its client gave up on, status 499, is slow and empty by nature; robots.txt is small).
// Such a value is that category's routine, however far the other contexts of its record
// find it. A context at the position's level (status 200 among mostly 200s) explains
// nothing: a path ten times slower is judged by that path.
func explained(contexts []*baseline, position *baseline, x float64, below bool) bool {
	for _, c := range contexts {
		if c == position || abs32(c.run) >= numericShiftRun || c.drifted() {
			continue // a context whose level is moving (a route getting slower) explains nothing
		}
		if math.Abs(c.zScore(x, below)) <= numericQuiet && math.Abs(c.mean-position.mean) > numericQuiet*position.spread() {
			return true
		}
	}
	return false
}

// observeCategory counts a value of position s while it may be a category, judges it once
// the position is one, and adds it to the record's event (info.cats). A number comes
// with its drain slot; a text field with slot -1 and its field name. A position that
// overflows becomes a quantity (numbers) or is followed no further (text).
func (e *Extractor) observeCategory(ts *Template, s *slotStats, v float64, text string, isText bool, slot int, field string) {
	info := &e.info
	wasCategory := s.categorical()
	c := s.categoryOf(v, text, isText, e.records)
	if isText {
		s.seen++ // a number's values are counted as they are learned
	}
	if c == nil {
		return
	}
	if c.seen == 0 {
		// A position still filling its set of values (thread numbers, ports) takes new
		// ones all the time: they are not news, nor a change. Once it has held its set
		// for settledValues values, a new value is both.
		settled := wasCategory && s.seen-s.lastNew >= settledValues
		c.bornInChange = !settled || e.birth()
		s.lastNew = s.seen
		c.before, c.slowLog = ts.slow-1, e.slowLog
	}
	e.countCategory(s, c)
	if !wasCategory {
		return
	}
	e.judgeCategory(ts, c, slot, field)
	if info.Level >= record.LevelError && (!info.eventPaced || c.slow < info.paceSlow) {
		// An error event comes at most as often as its rarest value: that value's pace
		// is the event's (a storm of 502s on a route whose traffic goes on as before).
		// Warnings keep their template's: a new value of a warning storming (a
		// scanner's 404s on paths never asked for) is what clients do, and paced by
		// their values it kept a scanner's incident open (web-edge: normal records
		// flagged 0.43% -> 0.57%, make eval).
		info.eventPaced, info.paceSlow = true, c.slow
		info.Pace.Recent = c.fast
		if e.slowAll >= burstPrior {
			info.Pace.Share = c.slow / e.slowAll
		}
	}
	if info.ncats < len(info.cats) {
		info.cats[info.ncats] = slotValue{slot: s.slot, value: c.value, text: c.text, isText: isText, key: c.key}
		info.ncats++
	}
}

// wordContexts adds to contexts the values of the bare words under the template's
// wildcards (drain.Match.Words) whose positions are categories, and returns their new
// count. Such a word names a population whose numbers have a level of their own, and a
// value at that level is explained (see explained): CoreDNS's answer flags, qr,aa,rd for
// the cluster's own names and qr,rd,ra for the names it forwards upstream, tell
// microseconds from milliseconds, and judged against every answer's durations the
// forwarded ones were far, kept an incident the stream's first seconds opened for two
// and a half hours (the CoreDNS family: normal records flagged 1,650 -> 1,214, benign
// after 5 min 2,731 -> 1,616; tuning 9,367 -> 8,931 and 4,412 -> 3,298; holdout normal
// 619 -> 620, make eval). A word is no event (a bare word is as often a keyword as a
// value, see drain's pairs.go) and judges nothing: judging by it too, a CDN's health
// checks from a new address range, HEAD requests with a body larger than the HEADs
// before, were a shift of level within that method's word (the HAProxy family's benign
// records after 5 min 44 -> 1,079).
func (e *Extractor) wordContexts(ts *Template, contexts []uint64, n int) int {
	for _, w := range e.match.Words {
		if n == len(contexts) {
			break
		}
		s := ts.slot(wordSlots[w.Pos])
		if s == nil {
			continue
		}
		c := s.categoryOf(0, w.Value, true, e.records)
		s.seen++
		if c != nil && s.categorical() && len(s.cats) > 1 {
			contexts[n] = c.key
			n++
		}
	}
	return n
}

// wordSlots are the slots of the positions of drain.Match.Words, apart from any field's.
var wordSlots = func() (slots [drain.MaxWordPosition]int32) {
	for i := range slots {
		slots[i] = fieldSlot("\x00word " + strconv.Itoa(i))
	}
	return slots
}()

// eventHash is FNV-1a over a record's categorical values, without allocating.
type eventHash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newEventHash() eventHash { return fnvOffset }

func (h *eventHash) add(v uint64) {
	for i := 0; i < 8; i++ {
		*h = (*h ^ eventHash(v&0xff)) * fnvPrime
		v >>= 8
	}
}

func (h *eventHash) addString(s string) {
	for i := 0; i < len(s); i++ {
		*h = (*h ^ eventHash(s[i])) * fnvPrime
	}
}

// eventBaseline returns the quantity's baseline within a context, making room for it.
func (s *slotStats) eventBaseline(event uint64, records int64) *eventBaseline {
	oldest := -1
	for i := range s.events {
		if s.events[i].event == event {
			s.events[i].used = records
			return &s.events[i]
		}
		if oldest < 0 || s.events[i].used < s.events[oldest].used {
			oldest = i
		}
	}
	if len(s.events) < maxEventBaselines {
		s.events = append(s.events, eventBaseline{event: event, used: records})
		return &s.events[len(s.events)-1]
	}
	s.events[oldest] = eventBaseline{event: event, used: records}
	return &s.events[oldest]
}

// judges reports whether a context's baseline judges the current value of its position,
// whose own baseline is position: once it has grown, unless it was young while the
// position's durations were away from their range (a shift's evidence, or a drift). Such
// a context (a heap's new committed size, appearing as it leaks) learned the episode as
// its usual and judges nothing until the position is back. Only durations: a position of
// ids or counters (a process id that climbs and wraps) is away for good, and each of its
// contexts would defer to it forever.
func (eb *eventBaseline) judges(position *baseline, duration bool) bool {
	switch {
	case duration && eb.seen < numericMinSeen && (position.run >= numericShiftRun || position.drifted()):
		eb.episode = true
	case eb.episode && position.run <= 0 && !position.drifted():
		eb.episode = false
	}
	return eb.seen >= numericMinSeen && !eb.episode
}

// hash names the context of a single categorical value: its position and value.
func (v slotValue) hash() uint64 {
	h := newEventHash()
	h.add(uint64(uint32(v.slot)))
	if v.isText {
		h.addString(v.text)
	} else {
		h.add(math.Float64bits(v.value))
	}
	return uint64(h)
}

// spread is the deviation the baseline judges a value by.
func (b *baseline) spread() float64 { return math.Max(b.dev, numericFloor) }

// climb follows a value's rises: a counter that climbs step by step and falls back (a
// partition number, a sequence that wraps, a gauge that resets) covers its whole climb:
// once it has fallen back, its peak is part of the range. A leak climbs without falling
// back, and a spike jumps rather than climbs: both stay beyond it.
func (b *baseline) climb(x float64) {
	if b.seen > 0 && x < b.last {
		b.fell = true
	}
	if b.seen > 0 && x > b.last {
		b.rise++
	} else {
		if b.rise >= numericCycle && x < b.peak-numericUsual*math.Max(b.dev, numericFloor) {
			b.hi = math.Max(b.hi, b.peak)
			b.lo = math.Min(b.lo, x) // where the counter starts again
		}
		if b.seen > 0 && x < b.last {
			b.peak = x
		}
		b.rise = 0
	}
	b.last = x
}

// zScore returns how many deviations x lies from the baseline's mean, signed, or 0 when x
// is within a deviation of the range usual values cover (a cycle, a reset). A value that
// keeps climbing to new highs (a leak, a queue that never drains) counts double: it is far
// sooner than one that merely wanders off. Below, only a steady quantity counts (usual
// values within about ±40%, numericSteady): rows processed, throughput and sizes that drop
// to nothing are news, while ids, ports and other numbers spread over orders of magnitude
// drop far below their mean all the time; and only when below is set: a duration that
// falls is work done faster.
func (b *baseline) zScore(x float64, below bool) float64 {
	scale := b.spread()
	z := (x - b.mean) / scale
	switch {
	case z > 0 && !b.fell:
		return 0 // a counter climbing as it always has
	case z > 0 && x > b.hi+scale:
		if b.rise >= numericRise && z > 1 {
			z *= 2
		}
		return z
	case below && z < 0 && x < b.lo-scale && b.dev < numericSteady:
		return z
	}
	return 0
}

// numericShiftRun is the evidence (see baseline.run) that makes a shift of a position's
// level rather than its tail: eight far values in a row, or more far values than usual
// ones over a longer stretch. A heavy-tailed quantity lands far out one value in ten at
// worst: eight in a row one time in 10^8, and far more often than not over a few dozen
// values practically never; a latency regression, a slow dependency or a stuck gauge
// lands there value after value, or most of the time when the new level overlaps the old
// range (a route ten times slower, whose fastest requests are as fast as its usual
// slowest). The evidence is a
// one-sided cumulative sum (Page's CUSUM) of the far values' share over one half; it
// stops at numericRunCap, so that it falls back within a few usual values when the
// episode ends.
const (
	numericShiftRun = 8
	numericRunCap   = 2 * numericShiftRun
)

// numericModes is how many far values a baseline remembers (see baseline.modes): the few
// other modes of a quantity (error pages, redirects, a crawler's robots.txt).
const numericModes = 4

// knownMode reports whether x, a far value, lies within the baseline's spread of a far
// value it took before.
func (b *baseline) knownMode(x float64) bool {
	for _, m := range b.modes[:b.nmodes] {
		if math.Abs(x-m) <= b.spread() {
			return true
		}
	}
	return false
}

// numericFarLongHorizon is the memory, in values, of how often a position usually lands
// far above its range: as long as its range's (see rangeForget), against the hundred
// values of numericFarHorizon.
const numericFarLongHorizon = numericFarHorizon / rangeForget

// farBurstRatio and farBurstMin say when far values come far more often than usual: at
// least farBurstMin of them among about the last hundred values, at farBurstRatio times
// the position's rate over thousands. A second mode visited now and then comes at its
// rate; a dependency that makes a share of a route's requests slow comes at many times
// it, and each of its slow requests landed near the first, remembered as a mode, and
// read as routine: the Envoy family's slow checkouts behind the hanging tax API, one in
// four of the route's requests, were flagged for their first three and never again
// (77.8% -> 80.1% of that incident under its id; a payments OOM 40.8% -> 46.4%, a
// thread pool starvation 63.7% -> 68.9%, Rails' N+1 queries 1.6% -> 15.0%; normal
// records 3,010 -> 3,017 over the tuning families, make eval). At twice the rate, 76
// normal records more for no further gain; at eight times, half the gains.
const (
	farBurstRatio = 4
	farBurstMin   = 3
)

// farBurst reports whether the position's far values above come far more often than
// usual (see farBurstRatio).
func (b *baseline) farBurst() bool {
	recent, usual := b.farRates()
	return b.far >= farBurstMin && recent > farBurstRatio*usual
}

// farBurstExcess returns how far the position's recent far values above (far, about
// its last numericFarHorizon values) lie beyond the count its long-run rate of them
// predicts over as many values (see burstExcess), with that count and that prediction.
// It is the surprise of a far value while far values burst (see farBurst): a template's
// burst, measured on the values of one of its positions. Tuning families (make eval):
// an Envoy egress's hanging tax API 79.7% -> 89.5% under its id, a pricing service's
// rate limiting 88.4% -> 91.8%, OOM-killed payment pods 46.4% -> 51.9%, an inventory
// database slowing 37.1% -> 40.7%, migration locks exhausting pools 93.1% -> 96.2%,
// SQL Server deadlocks 83.8% -> 86.0%, eighteen incidents up, none down; incidents at
// 80% 72 -> 73; normal records 7,315 -> 7,352, benign after 5 min 13,968 -> 13,974,
// alerts on no incident 361 -> 360.
func (b *baseline) farBurstExcess() (excess, count, expected float64) {
	n := float64(b.seen) - numericMinSeen
	if n <= 0 {
		return 0, 0, 0
	}
	_, usual := b.farRates()
	expected = usual * numericFarHorizon * -math.Expm1(-n/numericFarHorizon)
	return burstExcess(b.far, expected), b.far, expected
}

// farRates returns the share of far values above among the position's recent values
// (far) and over the long run (farLong), each count read as a rate over the values it
// has seen, so that a young baseline is not taken for one that rarely lands far. Both
// are 0 while the baseline does not judge yet.
func (b *baseline) farRates() (recent, usual float64) {
	n := float64(b.seen) - numericMinSeen // far values are counted once the baseline judges
	if n <= 0 {
		return 0, 0
	}
	recent = b.far / (numericFarHorizon * -math.Expm1(-n/numericFarHorizon))
	usual = b.farLongNow() / (numericFarLongHorizon * -math.Expm1(-n/numericFarLongHorizon))
	return recent, usual
}

// tailRate is the long-run share of far values above (see farLong) from which a position
// has a tail: one value in a thousand. Vault's request durations, half a millisecond,
// land at hundreds of milliseconds to seconds a few times an hour (storage, a lock, a
// seal check); each was a lone far value beyond the forest's range, and opened an
// incident: eleven false alerts in three hours.
const tailRate = 0.001

// tail reports whether x, a far value above, is the position's tail as it usually is:
// the position lands far at tailRate or more over the long run, its far values come at
// their usual rate (not farBurst), and x lies within a deviation of the farthest it has
// landed at (farReach). A position that never lands far has none (a request taking 25 s
// where it takes 20 ms is news), nor one whose values now land farther than before.
func (b *baseline) tail(x float64) bool {
	if b.farLongAt == 0 || x > b.farReach+b.spread() {
		return false
	}
	_, usual := b.farRates()
	return usual >= tailRate && !b.farBurst()
}

// farLongNow returns farLong decayed to the baseline's current value count.
func (b *baseline) farLongNow() float64 {
	return b.farLong * math.Exp(-float64(b.seen-b.farLongAt)/numericFarLongHorizon)
}

// remember keeps x, the first value of a short run of far values, among the baseline's
// modes.
func (b *baseline) remember(x float64) {
	if b.knownMode(x) {
		return
	}
	if int(b.nmodes) < numericModes {
		b.nmodes++
	}
	copy(b.modes[1:b.nmodes], b.modes[:b.nmodes-1])
	b.modes[0] = x
}

// numericLeap is how many times as far as the edge of the usual range the first values of
// a shift must land (see baseline.leap).
const numericLeap = 2

// numericRecent is the weight of a value in baseline.recent: about the last ten, a
// couple of minutes for a report every 15 s, while the mean learns over numericMemory.
// A ramp moves much less than a deviation in ten values; a shift moves several at once.
const numericRecent = 0.1

// follow counts the run of values beyond the baseline's usual range (see
// numericShiftRun) that x continues or breaks, below it only when below is set (see
// zScore); once the run is a shift's, a value nearer its level continues it too
// (nearerLevel). A baseline too young to judge has none.
func (b *baseline) follow(x float64, below bool) {
	z := 0.0
	if b.seen >= numericMinSeen {
		z = b.zScore(x, below)
	}
	switch {
	case z > numericQuiet || b.run >= numericShiftRun && b.nearerLevel(x):
		if b.run <= 0 {
			b.run, b.leap, b.runFirst, b.runFar, b.runSum = 0, 0, x, 0, 0
		}
		b.extendRun(x, z)
		b.run = min(b.run+1, numericRunCap)
	case z < -numericQuiet || -b.run >= numericShiftRun && b.nearerLevel(x):
		if b.run >= 0 {
			b.run, b.leap, b.runFirst, b.runFar, b.runSum = 0, 0, x, 0, 0
		}
		b.extendRun(x, z)
		b.run = max(b.run-1, -numericRunCap)
	case b.run > 0:
		b.run--
	case b.run < 0:
		b.run++
	}
	if b.run == 0 && b.runFar > 0 {
		// The far values are over: the first of a few is another mode of the quantity.
		if b.runFar < numericShiftRun {
			b.remember(b.runFirst)
		}
		b.runFar, b.leap = 0, 0
	}
}

// extendRun counts x, of deviation z, in the current run of far values. A shift leaps:
// its first far values land far from the usual level and from where the values just were.
// A ramp that the slow mean lags behind (traffic tripling over half an hour) ends up far
// from the mean but creeps from the recent values; a shift whose new level overlaps the
// old range may land its first far value near the edge, so the farthest of its first few
// counts.
func (b *baseline) extendRun(x, z float64) {
	if b.runFar < numericShiftRun {
		b.leap = max(b.leap, math.Min(math.Abs(z), math.Abs(x-b.recent)/b.spread()))
	}
	b.runSum += x
	b.runFar++
}

// shifted reports whether the baseline's values have shifted level in the direction of
// z, the deviation of the current value x: the evidence of a shift reached
// numericShiftRun, its first far values leapt at least numericLeap times as far as the
// edge, and x is far too or nearer the shifted level than the usual one (nearerLevel).
func (b *baseline) shifted(x, z float64) bool {
	if b.leap < numericLeap*numericQuiet {
		return false
	}
	if b.run >= numericShiftRun {
		return z > numericQuiet || b.nearerLevel(x)
	}
	return -b.run >= numericShiftRun && (z < -numericQuiet || b.nearerLevel(x))
}

// drifted reports whether the position's recent values (baseline.recent, about the last
// ten) lie far above its usual range, as a whole: where a second mode visited now and
// then leaves them near the usual level, a shift or a climb takes them along.
func (b *baseline) drifted() bool { return b.zScore(b.recent, false) > numericQuiet }

// crept reports whether far values above have outnumbered usual ones to the cap of the
// evidence (numericRunCap) and the current value is far above too. With drifted, a
// quantity that creeps rather than leaps (see extendRun) has left its range for good: a
// leak's GC pauses, 10 ms to 50 ms in nine minutes, far most of the time but never
// sixteen rises in a row. Only durations are judged so: a count that ramps up (traffic
// through the morning) is a busier hour, a duration that ramps up is slower work
// whatever the hour.
func (b *baseline) crept(z float64) bool { return z > numericQuiet && b.run >= numericRunCap }

// nearerLevel reports whether x, during a shift, lies nearer the level the run's far
// values shifted to (their mean) than the usual mean, while that level is still far from
// the mean: a value of the shifted level that the old range happens to cover (a search
// ten times slower, whose fastest requests are as fast as the usual slowest) is the
// shift's, and keeps it going. The mean learns the new level as far values go on (see
// learn), so a lasting change ends as news once the mean is within numericQuiet
// deviations of it.
func (b *baseline) nearerLevel(x float64) bool {
	if b.runFar == 0 {
		return false
	}
	level := b.runSum / float64(b.runFar)
	return math.Abs(level-b.mean) > numericQuiet*b.spread() && math.Abs(x-level) < math.Abs(x-b.mean)
}

// climbing reports whether the baseline's values climb beyond its range: z, the current
// value's deviation, is far above, and the values rose numericCycle times in a row. A
// leak that climbs smoothly creeps past the range rather than leaping, but sixteen rises
// in a row are no heavy tail: its far values are a trend, as a shift's are.
func (b *baseline) climbing(z float64) bool {
	return z > numericQuiet && b.rise >= numericCycle
}

func abs32(n int32) int {
	if n < 0 {
		return int(-n)
	}
	return int(n)
}

// numericCycle is how many rises in a row make a climb a counter's rather than chance:
// values that wander rise four times in a row every few dozen values, sixteen times
// almost never (1 in 16! for exchangeable values).
const numericCycle = 16

// numericSteady is the largest mean absolute deviation, in natural-log units, of a
// quantity whose drops are judged: e^0.35 ≈ 1.4.
const numericSteady = 0.35

// burstLifetimes is how many recent windows (the template's recent count) a value's
// lifetime must span before a burst of it is judged: over less, its recent count and its
// lifetime count are nearly the same records.
const burstLifetimes = 4

// countCategory counts the current record's value c of position s.
func (e *Extractor) countCategory(s *slotStats, c *category) {
	c.seen++
	c.count = c.count*rarityDecay(e.records-c.countAt) + 1
	c.countAt = e.records
	fast, decay := e.decays(c.fastLog, c.slowLog)
	c.fast = c.fast*fast + 1
	c.slow = c.slow*decay + 1
	c.before *= decay
	c.fastLog, c.slowLog = e.fastLog, e.slowLog
}

// judgeCategory scores value c of an established category position against its history,
// as the template's rarity, novelty and burst features score the template, and keeps the
// most surprising value of the record in info. slot is the drain slot of a number; field
// names a text field.
func (e *Extractor) judgeCategory(ts *Template, c *category, slot int, field string) {
	info := &e.info
	maturity := maturityAfter(c.bornAfter)
	// Rare among the template's records, and not yet familiar.
	rarity := 0.0
	if c.count < rarityFamiliar { // else familiar is at most 0, and so is the rarity
		share := math.Log2((ts.count+rarityPrior)/c.count) - rarityQuiet
		familiar := math.Log2(rarityFamiliar / c.count)
		rarity = clampFeature(math.Min(share, familiar)) * maturity
	}
	novelty := sightingNovelty(maturity, c.seen, c.bornInChange)
	info.NewInChange = info.NewInChange || newInChange(maturity, c.seen, c.bornInChange)
	// One value taking over its template's records: its recent count against what its
	// share of the template predicts, so a new template (whose one value is all of its
	// records) or a busy hour (every value alike) makes no burst. The share is taken over
	// the value's lifetime: a value born an hour ago (the pod of a scale-out) has its
	// share since then, not its share of a day it did not exist in. A lifetime shorter
	// than burstPrior records, or than a few recent windows, tells no share from a burst:
	// a value that bursts as it is born is rare and new instead. Against the rest of the
	// template's records instead, a value that is most of them (status 200) bursts at
	// every wobble of the rest (the tuning families' normal records flagged 0.164% ->
	// 44.5%, make eval).
	life := ts.slow - c.before
	expected, burst := 0.0, 0.0
	if life >= burstPrior && life >= burstLifetimes*ts.fast {
		expected = ts.fast * c.slow / (life + burstPrior)
		burst = c.runs.judge(burstExcess(c.fast, expected), e.now, e.now != e.start)
	}
	if rarity+novelty+burst > info.valSurprise {
		context := field
		if field == "" {
			context = slotContext(e.match.Template, slot)
		}
		info.keepValue(surprisingValue{rarity: rarity, novelty: novelty, burst: burst, value: c.value, text: c.text, isText: field != "",
			seen: c.seen, count: c.fast, expected: expected, longRun: c.slow, context: context})
	}
}

// surprisingValue is what the reasons say of a record's most surprising categorical
// value (see Info.valSurprise).
type surprisingValue struct {
	rarity, novelty, burst float64
	value                  float64
	text                   string
	isText                 bool // a text field's value (text), not a number (value)
	seen                   int64
	count, expected        float64 // its recent count, and what its share predicts
	longRun                float64 // its long-run count
	context                string  // the field, or the template around the slot
}

// keepValue keeps v as the record's most surprising value when it is more surprising
// than the one kept.
func (info *Info) keepValue(v surprisingValue) {
	surprise := v.rarity + v.novelty + v.burst
	if surprise <= info.valSurprise {
		return
	}
	info.valSurprise = surprise
	info.valRarity, info.valNovelty, info.valBurst = v.rarity, v.novelty, v.burst
	info.valValue, info.valText, info.valIsText, info.valSeen = v.value, v.text, v.isText, v.seen
	info.valCount, info.valExpected, info.valLongRun = v.count, v.expected, v.longRun
	info.valContext = v.context
}

// EventKey appends to dst the name of the current record's event: its template id and
// its values at the template's categorical positions ("…|5=404|-123=GET"), so that
// "request completed" with status 404 and with status 200 are two events, each with its
// own usual score and incidents.
func (e *Extractor) EventKey(dst []byte) []byte {
	dst = append(dst, e.match.ID...)
	for _, c := range e.info.cats[:e.info.ncats] {
		dst = append(dst, '|')
		dst = strconv.AppendInt(dst, int64(c.slot), 10)
		dst = append(dst, '=')
		if c.isText {
			dst = append(dst, c.text...)
		} else {
			dst = strconv.AppendFloat(dst, c.value, 'g', -1, 64)
		}
	}
	return dst
}

// learningWeight returns how much of numericAlpha the baseline b may learn from the
// current value: all of it when values are minutes apart, a share proportional to the
// event time since its previous value when they come faster (see numericMemory). A
// stream whose clock has never moved (a file without times) learns per value.
func (e *Extractor) learningWeight(b *baseline) float64 {
	if e.now == e.start || b.seen == 0 {
		return 1
	}
	dt := float64(e.now-b.at) / float64(numericMemory)
	return math.Min(1, -math.Expm1(-dt)/numericAlpha)
}

// rangeForget is how much slower the range of usual values forgets than the mean learns:
// over about 5,000 values (or hours), so a cycle of a few hundred values keeps its range
// between two resets, while the mean follows minutes.
const rangeForget = 0.02

// farDecay is the decay of the far-value counts per value learned.
var farDecay = math.Exp(-1.0 / numericFarHorizon)

// learn updates a baseline with the log value x at stream time now, weighted by w in
// [0, 1] once its history is long (see learningWeight).
func (b *baseline) learn(x, w float64, now int64) {
	b.seen++
	b.at = now
	if b.seen == 1 {
		b.mean, b.dev, b.lo, b.hi, b.peak, b.recent = x, 0, x, x, x, x
		return
	}
	b.recent += numericRecent * (x - b.recent)
	r := x - b.mean
	if b.seen <= numericMinSeen {
		// Short history: plain mean and mean absolute deviation; the range is every
		// value seen.
		n := float64(b.seen)
		b.mean += r / n
		b.dev += (math.Abs(r) - b.dev) / (n - 1)
		b.lo, b.hi, b.peak = math.Min(b.lo, x), math.Max(b.hi, x), math.Max(b.peak, x)
		return
	}
	scale := math.Max(b.dev, numericFloor)
	b.far *= farDecay
	b.farBelow *= farDecay
	forget := w * numericAlpha * rangeForget
	b.lo += forget * (b.mean - b.lo)
	b.hi += forget * (b.mean - b.hi)
	if b.farLongAt > 0 {
		b.farReach += forget * (b.mean - b.farReach)
	}
	b.peak = math.Max(b.peak, x)
	if math.Abs(r) <= numericUsual*scale {
		b.mean += w * numericAlpha * r
		b.dev += w * numericAlpha * (math.Abs(r) - b.dev)
		b.lo, b.hi = math.Min(b.lo, x), math.Max(b.hi, x)
		return
	}
	b.mean += w * math.Copysign(numericShift*scale, r)
	if r > 0 {
		b.far++
		if b.farLongAt == 0 || x > b.farReach {
			b.farReach = x
		}
		b.farLong, b.farLongAt = b.farLongNow()+1, b.seen
	} else {
		b.farBelow++
	}
}

// slot returns the statistics of a template position, adding them while fewer than
// maxSlots are tracked; nil when the template is full.
func (ts *Template) slot(pos int32) *slotStats {
	for i := range ts.slots {
		if ts.slots[i].slot == pos {
			return &ts.slots[i]
		}
	}
	if len(ts.slots) >= maxSlots {
		return nil
	}
	ts.slots = append(ts.slots, slotStats{slot: pos})
	return &ts.slots[len(ts.slots)-1]
}

// quantityScale returns the factor the numbers of a position are multiplied by before
// their log, from the first nonzero one, v, and its unit u. log(1+v) is a log only for v
// well above 1: judged as written, a request time of 0.020 s that becomes 0.300 s moves
// by 0.24, under three of the smallest deviations (numericFloor), and a fifteen-fold
// regression went unseen, while sizes and counts were judged by their ratios. So a
// duration, which drain gives in seconds, is judged in milliseconds; a bare number below
// 1 (nginx's $request_time, a ratio) in thousandths.
func quantityScale(u drain.Unit, v float64) float64 {
	if u == drain.UnitSeconds || u == drain.UnitNone && math.Abs(v) < 1 {
		return 1000
	}
	return 1
}

// maxEventPaces caps the events (a template with its categorical values) whose pace a
// stream follows for its records below warning; one not seen lately gives way (see
// eventPaces).
// 4096, as many as the verdict remembers usual scores of (verdict.Policy.MaxEvents):
// a gateway's request line over a dozen tenants, their routes and statuses is a few
// hundred events, which a table of 64 per template kept evicting before any could
// storm. About 100 bytes each.
const maxEventPaces = 4096

// eventPace is the counts of one event: its records, recent and long-run, decayed as
// a template's are.
type eventPace struct {
	event            uint64 // the event's hash (see paceEvent)
	fast, slow       float64
	fastLog, slowLog float64
	bornSlowLog      float64 // the stream's slow decay log at its first record (see paceEvent)
	used             bool    // seen since the clock hand last passed (see eventPaces.get)
}

// eventPaces holds the counts of up to maxEventPaces events. When it is full, a new event
// takes the place of the first one the clock hand finds unused since it last passed
// (the CLOCK approximation of least recently used): a lookup only sets a flag, where a
// recency list moved pointers on every record.
type eventPaces struct {
	index map[uint64]int32
	paces []eventPace
	hand  int
}

// get returns the counts of event, making room for them (zero, as of the stream's decay
// logs fastLog and slowLog) when they are new.
func (t *eventPaces) get(event uint64, fastLog, slowLog float64) *eventPace {
	if i, ok := t.index[event]; ok {
		p := &t.paces[i]
		p.used = true
		return p
	}
	if t.index == nil {
		t.index = make(map[uint64]int32)
	}
	fresh := eventPace{event: event, fastLog: fastLog, slowLog: slowLog, bornSlowLog: slowLog}
	if len(t.paces) < maxEventPaces {
		t.index[event] = int32(len(t.paces))
		t.paces = append(t.paces, fresh)
		return &t.paces[len(t.paces)-1]
	}
	for t.paces[t.hand].used {
		t.paces[t.hand].used = false
		t.hand = (t.hand + 1) % len(t.paces)
	}
	i := t.hand
	delete(t.index, t.paces[i].event)
	t.index[event] = int32(i)
	t.paces[i] = fresh
	t.hand = (t.hand + 1) % len(t.paces)
	return &t.paces[i]
}

// paceEvent counts the current record, when it is below warning and has categorical
// values, in its event's counts and makes the event's pace the record's (Info.Pace).
// A storm of routine lines is one event's: a tenant's rejected tokens, each answered
// with a 401 in the request's INFO line, or a client retrying one route without pause.
// Their status alone bursts only until its share catches up with the storm, and paced
// by it the legitimate requests that share it would storm too (the routine logins
// while a credential stuffing's 401s storm, POST /login both). For the same reason a
// value's burst is not such a line's news when the line's event, established (more
// records than burstPrior in its long-run count), takes no part in it: the event's share
// of the value's recent records is below its share of the value's long-run ones, by
// more than the burst's quiet ratio, as other events' records make the burst (web-edge:
// normal records flagged 0.226% -> 0.197%, make eval). An event that storms with its
// value keeps its share of it, and its burst. The event is named by a hash of its
// template and values, not by its key, which costs a formatting per record.
//
// An event's share is the one it keeps at the pace it has come since its first record
// (see gathered), as a client's error's is, unless one of its values bursts (takes over
// its template's records: see judgeCategory): a new event coming at a steady pace has
// not gathered its long-run count yet, and against the share of its first minutes it
// stormed and was held as a flood for as long as it came. A periodic line whose
// categorical value changes for good (Redis's hash table of a database grown from 128
// to 256 slots during a job, reported every 5 s) is a new event at the old pace, no
// storm; a client's 429s, new as its loop begins, come with its tenant's value bursting,
// and are (TestStreamKnownFloodKeepsItsIncident). Below warning only, as paced here: a
// failure's new warnings and errors storm against the share of their birth (see
// gathered). Tuning families, make eval: normal records flagged 10,520 -> 8,063 (Redis
// 1,514 -> 360, CoreDNS 2,892 -> 1,650, Envoy 489 -> 430), benign after 5 min 5,341 ->
// 4,405 (CoreDNS 3,665 -> 2,731); the FastAPI family's PDF renderer 60.9% -> 57.5%
// under its id; holdout: nothing moved but one incident, 94.2% -> 85.1%.
func (e *Extractor) paceEvent(ts *Template) {
	info := &e.info
	if info.ncats == 0 || info.Level.AtLeastWarning() {
		return
	}
	if ts.idHash == 0 {
		id := newEventHash()
		id.addString(ts.ID)
		ts.idHash = uint64(id)
	}
	h := newEventHash()
	h.add(ts.idHash)
	for _, c := range info.cats[:info.ncats] {
		h.add(c.key)
	}
	ep := e.events.get(uint64(h), e.fastLog, e.slowLog)
	fast, slow := e.decays(ep.fastLog, ep.slowLog)
	ep.fast = ep.fast*fast + 1
	ep.slow = ep.slow*slow + 1
	ep.fastLog, ep.slowLog = e.fastLog, e.slowLog
	info.Pace.Recent = ep.fast
	if e.slowAll >= burstPrior {
		info.Pace.Share = ep.slow / e.slowAll
		if info.valBurst == 0 {
			info.Pace.Share /= e.gatheredSince(ep.bornSlowLog)
		}
		if info.valBurst > 0 && ep.slow > burstPrior && ep.fast*info.valLongRun*quietRatio < ep.slow*info.valCount {
			info.valBurst = 0
		}
	}
}

// slotToken returns the token of a template at a slot (its words are separated by
// spaces) and the token before it, "" where there is none.
func slotToken(template string, slot int) (tok, before string) {
	slot, _ = drain.SlotPosition(slot) // a tuple's numbers share its token
	for pos, i := 0, 0; i < len(template); pos++ {
		for i < len(template) && template[i] == ' ' {
			i++
		}
		j := drain.TemplateTokenEnd(template, i)
		if pos == slot {
			return template[i:j], before
		}
		before, i = template[i:j], j
	}
	return "", ""
}

// slotKey returns the name the number at a template position is written under: the key
// of its `key=<NUM>`, `key:<NUM>` or `key[<NUM>]` token, "" for a number without one.
func slotKey(template string, slot int) string {
	tok, _ := slotToken(template, slot)
	if k := strings.IndexAny(tok, "=:["); k > 0 {
		return strings.Trim(tok[:k], `"'{,`)
	}
	return ""
}

// numberName returns the name of the number at a template's slot: its key
// ("offset=<NUM>", see slotKey), else the word right before it ("at offset <NUM>").
func numberName(template string, slot int) string {
	if k := slotKey(template, slot); k != "" {
		return k
	}
	_, word := slotToken(template, slot)
	if _, part := drain.SlotPosition(slot); part >= 0 {
		// A tuple's numbers are named by the word before it, as many names joined the
		// same way: "avg/min/max 629/625/632 msec".
		names := strings.Split(word, "/")
		if len(names) < 2 || part >= len(names) {
			return ""
		}
		word = names[part]
	}
	if strings.IndexFunc(word, func(c rune) bool { return !unicode.IsLetter(c) && c != '_' }) >= 0 {
		return ""
	}
	return word
}

// statusPosition reports whether the number at a template's slot is an HTTP status: an
// access log line's after its request (see accessLogNumber), or one named by a status
// key (record.StatusKey: a JSON record's "status": 404 appended as status=404, Envoy's
// response_code). A text field named so is one too (nginx's JSON log_format quotes
// "$status"; see values).
func statusPosition(template string, slot int) bool {
	return slotContext(template, slot) == "status" || record.StatusKey(numberName(template, slot))
}

// ordinalName reports whether a number's name says it is a place in a sequence: an
// offset, a sequence number, a log sequence number, a generation or an epoch. Such a
// number says where a sequence is, not how much of something there is: every partition
// of a Kafka broker has offsets of its own, a new topic's start at 0, and judged as one
// quantity (billions, and then a few millions) each segment rolled on a young partition
// was far below usual (the Kafka family as written: normal records flagged 0.466% ->
// 0.057%, benign ones after 5 min 6.472% -> 0.000%; no other family moved, make eval).
// Its values are neither followed nor judged.
func ordinalName(key string) bool {
	return nameEndsIn(key, "offset", "seq", "sequence", "seqno", "lsn", "generation", "epoch")
}

// magnitudeName reports whether a number's name says it measures something: a duration
// (see durationName) or a size (a size, a length, bytes: Traefik's DownstreamContentSize,
// content_length). Such a position is a quantity from its first value, however few values
// it takes, as a status is a category whatever number it is written as: a size is not
// an event's name. As a category, the fixed size of a rate limiter's answer and the
// sizes of the login requests it refused were part of each refusal's event, which
// changed with each new size until the position overflowed, and a value new or bursting
// there was reported as one ("burst of one value (health_ms=<NUM>: 0 ...)" on Argo CD's
// health checks, "new value (DownstreamContentSize=<NUM>: 17)"). Tuning families: a
// forward-auth service hanging 86.1% -> 99.4% under its id, a thread pool's starvation
// 67.0% -> 70.8%, SQL Server deadlocks 86.0% -> 85.6%; normal records 7,380 -> 7,329,
// alerts on no incident 361 -> 362; one pod answering twenty times slower behind Traefik,
// 0.1% under its id, lost its one alert. Holdout, reported: normal records 1,473 ->
// 1,485 (make eval).
func magnitudeName(key string) bool {
	return durationName(key) || nameEndsIn(key, "size", "length", "bytes")
}

// nameEndsIn reports whether key, its case and separators ignored, ends in one of words.
func nameEndsIn(key string, words ...string) bool {
	lower := record.FoldName(key) // once per position: no hot path
	for _, w := range words {
		if strings.HasSuffix(lower, w) {
			return true
		}
	}
	return false
}

// identifierName reports whether a number's name says it names something rather than
// measures it: a process or thread id (pid, ppid, tid, "process 610", php-fpm's "child 166
// started"), a port, an index into a list (map_index), an id (see idName). Such a number
// is handed out, not measured: a process's pids start low again when it restarts, and
// judged as one quantity every Airflow task's pid after the Celery worker's OOM kill was
// far below usual, a shift of level, for the rest of the log (the Airflow family as
// written: normal records flagged 1.892% -> 0.123%, benign ones after 5 min 0.581% ->
// 0.000%; no other family moved, make eval); so were php-fpm's children on a new pod (the
// Laravel family: normal records 2,330 -> 2,006, nothing else moved). Its values are
// neither followed nor judged, as a place in a sequence's.
func identifierName(key string) bool {
	return nameEndsIn(key, "pid", "tid", "process", "child", "port", "index") || idName(key)
}

// idName reports whether a number's name is an id: "id" itself, or a name ending in "id"
// after a separator or, in camel case, a capital (client_id, order-id, userId, orderID),
// not a word that happens to end so (paid, valid). Redis numbers its clients from 1 on
// each start (Client closed connection id=227), and three pods' ids, the restarted ones
// low again, judged as one quantity were far below, a shift of level, for the rest of
// the log (the Redis family as written: normal records flagged 21.3% -> 0.787%, 41,039
// -> 1,515; Kafka's 75 -> 64 and Airflow's 86 -> 68; no incident of another family
// moved; holdout: normal 1,612 -> 1,604, make eval).
func idName(key string) bool {
	return strings.EqualFold(key, "id") || endsInWord(key, "id") || strings.HasSuffix(key, "ID")
}

// endsInWord reports whether key ends in word (its case ignored) as a word of its own:
// after a separator or, in camel case, a capital after a small letter (client_id,
// durationMs, bytesTotal; not paid, items, subtotal). A key that is only word does not.
func endsInWord(key, word string) bool {
	n := len(key) - len(word)
	if n < 1 || !strings.EqualFold(key[n:], word) {
		return false
	}
	c := key[n-1]
	return c == '_' || c == '-' || c == '.' || key[n] >= 'A' && key[n] <= 'Z' && c >= 'a' && c <= 'z'
}

// runningTotalName reports whether a number's name says it is a running total, a count
// since its process started: a name ending in "total" after a separator or a capital
// (requests_total, as Prometheus names its counters, flushed_total, bytesTotal; not
// "total" alone, nor subtotal). A new process's totals start from 0: judged as one
// quantity with the old pods' millions, each pod's periodic stats after a rolling
// deploy were far below usual, a shift of level, until the old pods' values were
// forgotten (the Rust family's benign records after 5 min: 446 of 33,844 flagged, 410 of
// them its runtime stats' requests_total; 26 since, and no other family moved, make
// eval). Its values are neither followed nor judged, as a place in a sequence's.
func runningTotalName(key string) bool { return endsInWord(key, "total") }

// durationName reports whether a number's name says it is a duration: a unit of time, or
// the word time, after a separator or, in camel case, a capital (duration_ms, durationMs,
// took_millis, durationMillis, elapsed_seconds, elapsedMilliseconds, event_duration_ns,
// Envoy's upstream_service_time, nginx's upstream_response_time, MySQL's Query_time), or
// a word for one at its end (duration, latency, elapsed, took). "items", "status" and
// "columns" end in "ms", "us" and "ns" with neither, "uptime" and "runtime" in "time". A
// time written as a bare number is a duration far more often than an instant (epoch
// seconds climb, and a quantity that only climbs is judged above only anyway). Envoy's
// upstream_service_time read as a quantity that may fall: a request refused at once (a
// 401, a 422 in a millisecond) was far below the route's 150 ms, 241 of the Envoy family's
// normal records flagged for it (make eval).
func durationName(key string) bool {
	for _, u := range [...]string{"ms", "millis", "milliseconds", "seconds", "secs", "us", "micros", "ns", "nanos", "time"} {
		if endsInWord(key, u) {
			return true
		}
	}
	return nameEndsIn(key, "duration", "latency", "elapsed", "took", "responsetime", "requesttime")
}
