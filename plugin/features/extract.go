package features

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/lru"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
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
	// usual (burst 0), and so are counts that a Poisson count of that expectation
	// reaches with a chance of burstChance or more (see burstExcess).
	burstQuiet  = 0.5
	burstChance = 0.01

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
	// burstHours and burstHoursRecords are the time constants of the counts over hours
	// that a warning's or an error's long-run (burstSlow) count is judged against (see
	// Burst). Two hours, twelve times burstSlow: a failure that grows over minutes (a
	// database pool running dry, a dependency degrading) never bursts within ten seconds
	// of a ten-minute share that grows with it, but its ten-minute share is far above
	// its share over the hours before (the gateway family's exhausted billing pool:
	// 90.6% -> 98.8% of its records under its id; no normal or benign record more
	// flagged, make eval). 65,536 records: sixteen times burstSlowRecords.
	burstHours        = 2 * time.Hour
	burstHoursRecords = 65536
	// burstPrior is the weight, in records, of the prior belief that a new stream holds
	// no burst and no errors: before a stream has history, a few errors in a row are a
	// burst, not the norm.
	burstPrior = 64
	// errorPriorShare is the share of warning+ records that prior assumes.
	errorPriorShare = 0.05
	// arrivalPriorShare is the share of records that prior assumes to be arrivals (see
	// Info.Arriving): the same one in twenty, so that before a stream has history a few
	// templates arriving together are no wave.
	arrivalPriorShare = 0.05

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
	// is still learned, in about 1/numericShift values per deviation. Slower (0.03)
	// kept latency regressions flagged longer but held benign shifts flagged too, and
	// faster (0.08) lost an incident's coverage; either way more alerts on lines of no
	// incident (tuning families 399 -> 408 and 407 with verdict's EscalateBy at 0.05,
	// make eval; plugin/eval/README.md).
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
	// maxSlots caps the positions (numbers and text fields) followed per template.
	maxSlots = 12

	// gapAlpha is the weight of a new gap in the stream's usual gap.
	gapAlpha = 0.02
	// gapQuiet: silences up to 2^gapQuiet times the usual gap score 0.
	gapQuiet = 4
	// minSilence is the shortest silence that can score: a pause of a few milliseconds
	// is a reader's, not a stream going quiet. A file tailed from its head without a
	// parser has its records stamped as they are read, microseconds apart but for the
	// pauses between reads, and through Fluent Bit 5.1.1 those pauses (1.5 to 5 ms)
	// flagged 9 of 3,000 syslog lines as silences broken; 100 ms is twenty times the
	// longest of them, and a tenth of the second a busy stream's silence is measured in.
	minSilence = 100 * time.Millisecond

	// changeWindow is how long a stream remembers the events born in it, and
	// changeBirths how many born within about that long before an event make its birth
	// part of a change (a deploy, a new job, a config reload) rather than news. An event
	// new to a stream that has been stable for minutes is news at any level; the third
	// new event in a few minutes is the stream changing, and a change is learned quietly
	// (its events get no novelty; rarity and bursts still apply to what could report a
	// problem).
	changeWindow = 5 * time.Minute
	changeBirths = 2

	// criticalHorizon is the memory of the critical records' recurrence, in critical
	// records: their template counts decay by 1/e over this many.
	criticalHorizon = 32

	// maxFeatureValue bounds the log-scaled features, so that no single record can
	// stretch a feature's range and squeeze every other record into one split.
	maxFeatureValue = 16
)

// Info keeps what the features saw of the current record, for the verdict and its
// reasons. It holds no pointers into the record, so it may outlive the message.
type Info struct {
	// Level is the record's level.
	Level  record.Level
	length int
	tokens int
	// lengthUsual reports that the record's template is familiar and its lines have
	// been as short and as long as this one: the length feature may still isolate it
	// among the stream's records (a health check's short line among a site's
	// requests), but "unusual length" would misstate the line.
	lengthUsual   bool
	templateCount float64 // decayed count of the template
	streamCount   float64 // decayed count of the stream
	seen          int64   // times the template was seen (this one included)
	burstCount    float64 // the template's recent count
	burstExpected float64 // what its long-run share predicts
	// burstOverHours says that the burst is the template's long-run count against its
	// share over hours (see burstHours), and burstCount and burstExpected are those.
	burstOverHours bool
	errCount       float64 // recent warning+ records (warnings count half)
	errExpected    float64
	numSlot        int // template position of the farthest number, -1 when none is far
	numValue       float64
	numUsual       float64
	numUnit        drain.Unit
	// NumericFar counts the recent values of the farthest number's position that were
	// beyond their usual range too, before this one (decayed over numericFarHorizon).
	NumericFar float64
	numContext string // the template around that position, for the reason
	alarm      alarmHits
	gap        float64 // seconds
	usualGap   float64
	// CriticalShare is, for a critical record, its template's share of the stream's
	// recent critical records.
	CriticalShare float64
	// Continues reports a line that continues the entry before it (a stack frame, a
	// "Caused by:" line), written as a record of its own: it has that entry's level.
	Continues bool
	// StatusLevel reports that the level is an HTTP status's (record.Record.LevelFromStatus).
	StatusLevel bool
	// Alarmed reports alarm words in the message (see alarm.go); read for records below
	// error.
	Alarmed bool
	// Pace is how often the record's event comes, when it has categorical values: for
	// an error, the rarest of them (eventPaced, paceSlow that value's long-run count), as
	// a failure spreads over its template's events (a route's 502s, whatever the
	// client); for a record below warning, its event's own (see paceEvent), as a client's
	// loop on one route is that event's storm, not its status's; for a warning, and for a
	// record without categorical values, its template's (for a client's error, the
	// share its template keeps at the pace it has come since its birth: see gathered).
	Pace Pace
	// Arriving reports that the record's template arrived (was born, or came back after
	// rarityHorizon records without it) within burstFast, in a wave: many templates
	// arriving at once, far more than the stream's long-run share of arrivals predicts.
	// A process that restarts writes its start-up lines again, each one back after a
	// long absence, within seconds; one new template that floods (a logger set to
	// DEBUG) is one arrival, not a wave.
	Arriving bool
	// Returned reports an arrival (Arriving) of a template that came back after its
	// absence rather than one born: its long-run share is that of its silence.
	Returned bool
	// Changing reports that the stream is in a change (see changeWindow): events were
	// born in it, changeBirths or more within about changeWindow, as a deploy, a new job
	// or a rollout of new objects bears them.
	Changing bool
	// NewInChange reports that the record's template, or one of its categorical values,
	// is new to the stream as novelty counts it (its first sightings, in a stream no
	// longer young) but has no novelty, having been born in a change (see
	// changeWindow): a failure's new warnings, all born within seconds, are a change by
	// the count of births as a deploy's lines are.
	NewInChange bool
	eventPaced  bool
	paceSlow    float64
	concerning  bool // warning or worse, or alarm words: see extractor.extract

	numeric  float64 // the numeric feature
	numBelow bool    // the farthest number is far below its usual values
	numRun   int     // the far values of the farthest number's shift, when it shifted
	numClimb bool    // the farthest number climbs (see baseline.climbing)
	numTail  bool    // the farthest number is its position's tail (see baseline.tail)
	// numFarCount and numFarExpected: the recent far values of the farthest number's
	// position and the count its usual rate predicts, when their burst made it the
	// farthest (see baseline.farBurstExcess); 0 otherwise.
	numFarCount, numFarExpected float64
	// numPace reports that the numeric feature is the template's pace, far below
	// (judgePace): numValue its recent count, numUsual the count expected.
	numPace bool

	// The most surprising value of a categorical position (see values.go), and whether
	// it, rather than the template, gave the rarity, novelty and burst features.
	valSurprise, valRarity, valNovelty, valBurst float64
	valValue                                     float64
	valText                                      string
	valIsText                                    bool
	valSeen                                      int64
	valCount, valExpected                        float64
	valLongRun                                   float64 // its long-run count (category.slow)
	valContext                                   string
	rareValue, newValue, burstValue              bool
	// novel reports that the record's event is new to a stable stream (novelty > 0).
	novel bool

	// cats are the record's values at the template's categorical positions, in the
	// order of its parameters: with the template they name its event.
	cats  [maxSlots]slotValue
	ncats int
}

// slotValue is a value at a template position.
type slotValue struct {
	slot   int32
	value  float64
	text   string
	isText bool
	key    uint64 // its hash, when it is a category's (category.key)
}

// Routine reports whether the record says nothing of a problem: below warning, without
// alarm words, a number far from its usual values or an event new to a stable stream.
// The zero Info is routine.
func (info *Info) Routine() bool { return info.Ordinary() && !info.novel }

// ClientError reports a client's error: a warning that is an HTTP status's (a 4xx, the
// level of an access log line that has none of its own).
func (info *Info) ClientError() bool {
	return info.StatusLevel && info.Level == record.LevelWarning
}

// PlainWarning reports a warning that names no failure: no alarm word ("failed",
// "timeout", "refused"), no number far from its usual values, an event the stream knows.
// nginx warns of every large request body it buffers to a file; such a warning says
// what the request cost, not that it failed.
func (info *Info) PlainWarning() bool {
	return info.Level == record.LevelWarning && !info.Alarmed && info.numeric == 0 && !info.novel
}

// Ordinary reports whether the record says nothing of a problem but, perhaps, that its
// event is new: below warning, without alarm words or a number far from its usual values.
func (info *Info) Ordinary() bool {
	return info.Level < record.LevelWarning && !info.concerning && info.numeric == 0
}

// BurstOverHours reports that the record's template, a warning or an error, comes far
// more often in the last ten minutes than its share over the hours before predicts (see
// burstHours): a failure growing over minutes.
func (info *Info) BurstOverHours() bool { return info.burstOverHours }

// StrayNumber reports a record that says nothing of a problem but for one number far
// from its usual values, neither a shift of level nor a climb, and either within the
// range the forest learns (SurpriseBound) and its position's first far value in a while
// (NumericFar below a half, none within about its last 70 values: farDecay), or its
// position's tail as it usually is (see baseline.tail), however far. Latencies and sizes
// have tails, and one value out there now and then is how they are written.
func (info *Info) StrayNumber() bool {
	return info.Level < record.LevelWarning && !info.concerning && !info.novel && info.numeric > 0 &&
		info.numRun == 0 && !info.numClimb &&
		(info.numeric <= SurpriseBound(Numeric) && info.NumericFar < 0.5 || info.numTail)
}

// UsualTail reports a stray number (StrayNumber) that is its position's tail as it
// usually is (see baseline.tail).
func (info *Info) UsualTail() bool { return info.numTail && info.StrayNumber() }

// Climbing reports that the record's farthest number climbs beyond its usual range (see
// baseline.climbing): a leak, a latency rising with a dependency failing. A failure under
// way, at whatever level the line is written.
func (info *Info) Climbing() bool { return info.numeric > 0 && info.numClimb }

// Novel reports that the record's event is new to a stable stream: a template or a
// categorical value not seen before (novelty above 0).
func (info *Info) Novel() bool { return info.novel }

// Template holds what a stream knows of one of its log templates. Entries are kept in a
// least-recently-used list as long as the miner keeps templates, so memory kept here for
// the learning policy and the verdict (Admission, Verdict) is bounded and forgotten with
// the template.
type Template struct {
	ID           string
	idHash       uint64  // a hash of ID, computed when first needed (see paceEvent)
	seen         int64   // lines seen
	count        float64 // record-decayed count, as of countAt
	countAt      int64   // stream record number of the last update
	firstAt      int64   // stream record number of the first sighting
	bornSlowLog  float64 // the stream's slow decay log then (see Extractor.gathered)
	bornHoursLog float64 // the stream's hours decay log then (see Extractor.hoursBefore)
	// bornSlowAll and bornHoursAll are the stream's long-run and hours counts then (see
	// Extractor.hoursBefore).
	bornSlowAll, bornHoursAll float64
	fast, slow                float64 // recent and long-run decayed counts
	fastLog, slowLog          float64 // the stream's decay logs when fast and slow were updated
	hours, hoursLog           float64 // the count over hours (burstHours), and the decay log then
	slots                     []slotStats
	critical                  float64 // critical records, decayed over criticalHorizon of them, as of criticalAt
	criticalAt                int64   // the stream's critical record count at the last update
	// bornInChange reports that the template appeared among others (see changeWindow).
	bornInChange bool
	// bornInRoutineChange reports that the template was born in a routine change (see
	// routineChange): a deploy's or a new client's, not a failure's.
	bornInRoutineChange bool
	// burstAt and burstN are the stream's clock and record number when the template's
	// recent count last burst above what its long-run share predicts (see judgePace);
	// burstSlow counts its bursting records as its long-run count does (decayed alike:
	// burstSlowLog is the stream's slow decay log at the last of them).
	burstAt, burstN int64
	burstSlow       float64
	burstSlowLog    float64
	// runs follows the template's runs of bursting records (see burstRuns).
	runs burstRuns
	// pace follows the log of the template's recent count against the count its
	// long-run share predicts (see judgePace).
	pace baseline
	// arrivedAt and arrivedN are the stream's clock (unix nanoseconds) and record number
	// when the template last arrived: was born, or came back after rarityHorizon records
	// without it (see Info.Arriving).
	arrivedAt, arrivedN int64
	// The template's highest level so far, how many of its records had it, how many
	// records the template had when it first came at that level, and whether that was
	// part of a change (see levelNovelty).
	topLevel          record.Level
	topSeen, topAfter int64
	topInChange       bool
	// lenLo and lenHi are the shortest and longest messages (in characters) of the
	// template's records before the current one, 0 and 0 before its first: a length
	// its own lines have had is no reason to call a line unusual (see Info.lengthUsual).
	lenLo, lenHi uint32

	// Admission is kept here for package detect's learning policy, which gives it its
	// meaning.
	Admission Admission
}

// Admission is what the learning policy remembers of a template: its records decayed over
// the detector's window, as of stream record RecentAt.
type Admission struct {
	Recent   float64
	RecentAt int64
}

// templateTable is a bounded map of template statistics with least-recently-used
// eviction.
type templateTable struct{ lru.Map[Template] }

func newTemplateTable(max int) templateTable { return templateTable{lru.New[Template](max)} }

// get returns the stats of id, creating (and possibly evicting) when absent or when
// fresh is set (the miner made a new template with this id).
func (t *templateTable) get(id string, fresh bool) *Template {
	e := t.Get(id)
	if e == nil {
		e, _ = t.Add(id)
	} else if !fresh {
		return &e.Value
	}
	// A new template, in a fresh or recycled entry: its slots keep their capacity.
	e.Value = Template{ID: id, slots: e.Value.slots[:0]}
	return &e.Value
}

// Extractor turns the records of one stream into feature vectors. It is not safe for
// concurrent use.
type Extractor struct {
	ids   Set
	miner *drain.Miner
	match drain.Match
	// lineFields holds the current record's fields and its message's pairs (see fields);
	// route is scratch for a path pair's route.
	lineFields []record.Field
	route      []byte
	tmpl       templateTable
	// events are the counts of the stream's events (see paceEvent).
	events eventPaces
	// lastDecay is the decay of the current template's counts (see decays).
	lastDecay decayFrom

	records int64 // records seen
	started bool
	now     int64 // stream clock: latest event time seen, unix nanoseconds
	start   int64 // event time of the stream's first record, unix nanoseconds
	// aheadAt is the time of the previous record when it was more than clockLeap ahead
	// of the clock, which it did not move (see Step 1 of Extract); 0 otherwise.
	aheadAt int64
	fastAll float64 // event-time decayed record counts
	slowAll float64
	fastErr float64 // event-time decayed warning+ counts
	slowErr float64
	// stormLead is the template with the most warnings and errors of late (see
	// errorLead): the error burst of other templates' records leaves it out.
	stormLead errorLead

	// hoursAll is the stream's record count over hours (burstHours), hoursLog its decay
	// log; hoursLn and hoursDecay are the decay of the last gap.
	hoursAll, hoursLog, hoursLn, hoursDecay float64

	// usualFast is the stream's usual recent count: fastAll averaged over the long run
	// (burstSlow), so that a burst of one template does not make every other one look
	// rare (see judgePace).
	usualFast float64
	fastArr   float64 // event-time decayed counts of template arrivals (Info.Arriving)
	slowArr   float64
	usualGap  float64 // EWMA of gaps, seconds
	gapsSeen  int64
	// fineAt is the stream record number of the last record whose time had a part below
	// the second (see clockResolution).
	fineAt int64
	// criticals counts the stream's critical records; criticalAll is the same decayed
	// over criticalHorizon of them.
	criticals   int64
	criticalAll float64
	info        Info
	templates   drain.Config
	// lastLevel is the level of the stream's previous record, which a continuation
	// line inherits; leveled is the share of its recent records that had a level.
	lastLevel record.Level
	leveled   float64
	// births counts the events born in the stream, decayed over changeWindow of event
	// time (over 4096 records when the clock does not move), as of birthsAt / birthsN,
	// the last birth; the stream is in a change until changeUntil (changeUntilN) (see
	// noteBirths).
	births                    float64
	birthsAt, birthsN         int64
	changeUntil, changeUntilN int64
	current                   *Template // the current record's template
	scanned                   bool      // info.alarm holds the current record's alarm words
	// routineBirths counts, decayed as births, the births of routine events (a record
	// that could not report a problem brought them: see routineChange).
	routineBirths float64
	// fastDecay and slowDecay are the current record's decay factors. A template's counts
	// decay lazily: fastLog and slowLog accumulate log decays, so a template last updated
	// when they read a and b has since decayed by exp(fastLog-a) and exp(slowLog-b).
	fastDecay, slowDecay float64
	fastLog, slowLog     float64
	// fastLn and slowLn are the log decays fastDecay and slowDecay were computed for; NaN
	// before the first record.
	fastLn, slowLn float64
}

// New returns an Extractor of the features in set, mining templates with the given
// miner configuration.
func New(set Set, templates drain.Config) (*Extractor, error) {
	m, err := drain.New(templates)
	if err != nil {
		return nil, err
	}
	return &Extractor{ids: set, miner: m, tmpl: newTemplateTable(templates.MaxClusters), templates: templates,
		fastLn: math.NaN(), slowLn: math.NaN(), hoursLn: math.NaN()}, nil
}

// Set returns the extractor's features, in vector order.
func (e *Extractor) Set() Set { return e.ids }

// Info returns what the features saw of the current (latest) record.
func (e *Extractor) Info() *Info { return &e.info }

// Template returns the current record's template.
func (e *Extractor) Template() *Template { return e.current }

// Match returns the current record's template as the miner gave it (ID, Template).
func (e *Extractor) Match() *drain.Match { return &e.match }

// Records returns the number of records seen; Now the stream clock, the latest event time
// seen in unix nanoseconds.
func (e *Extractor) Records() int64 { return e.records }

// Now returns the stream clock: the latest event time seen, unix nanoseconds.
func (e *Extractor) Now() int64 { return e.now }

// Start returns the event time of the stream's first record, unix nanoseconds.
func (e *Extractor) Start() int64 { return e.start }

// Templates returns the number of templates the miner holds.
func (e *Extractor) Templates() int { return e.miner.Len() }

// Extract learns the record and writes its features into dst (len(dst) == len(Set())).
// The statistics are those of the stream before the record, updated with it.
func (e *Extractor) Extract(dst []float64, rec *record.Record) {
	msg, level, at := rec.Message, rec.Level, rec.Time
	continues, frame := false, false
	// The line's own tests last: most lines without a level (an access log's) follow no
	// warning, and need no scan for frames.
	if e.lastLevel >= record.LevelWarning && !at.IsZero() && at.UnixNano()-e.now <= int64(continuationGap) &&
		(level == record.LevelUnknown && (e.leveled > leveledStream || continuesEntry(msg)) || record.SlowRequestReportLine(msg)) {
		// A stack frame, an exception's own line or a "Caused by:" line written as a
		// record of its own (a tail without a multiline parser) belongs to the error
		// above it, and has its level: in a stream whose lines have levels, a line
		// without one written with an error is part of it. So is php-fpm's report of
		// the slow request its warning announced, NOTICE lines included (see
		// record.SlowRequestReportLine).
		level = e.lastLevel
		continues = true
	} else if level == record.LevelUnknown && e.records > 0 && !at.IsZero() && at.UnixNano()-e.now <= int64(continuationGap) && frameLine(msg) {
		// A frame of a stack trace continues the line above it whatever that line's
		// level: it is never an entry of its own. Kafka logs a replica fetcher's failed
		// fetch at INFO, and its IOException, a line without a level that reports a
		// failure on its own, with the trace's frames under it. Each frame was a routine
		// record of its own, not part of the flagged exception (the Kafka family: a
		// broker's disk stall 31.5% -> 46.7% under its id, AP 0.627 -> 0.694; no other
		// incident moved more than 0.2 points, tuning normal records
		// 7,042 -> 7,040; holdout: normal records 1,483 -> 1,457, benign after 5 min
		// 615 -> 551; make eval). An exception's own line after an INFO line is not taken
		// in so: it reports the failure, and as a continuation of an INFO entry that was
		// not flagged it would say nothing.
		level, continues, frame = e.lastLevel, true, true
	}
	e.lastLevel = level
	// An indented line without a level continues an entry, whatever the entry's level
	// (a Phoenix channel join's "  Parameters: %{}" under its INFO line): it says nothing
	// of whether the stream's entries have levels. Counted as a line without one, a
	// stream whose INFO entries have such lines fell below leveledStream now and then,
	// and an Elixir crash report's unindented "** (FunctionClauseError) ...", "Last
	// message:" and "State:" lines were continuations of one crash and entries of their
	// own at the next.
	if !frame && (level != record.LevelUnknown || msg == "" || msg[0] != ' ' && msg[0] != '\t') {
		known := 0.0
		if level != record.LevelUnknown {
			known = 1
		}
		e.leveled += (known - e.leveled) / leveledMemory
	}
	info := &e.info
	*info = Info{Level: level, numSlot: -1, Continues: continues, StatusLevel: rec.LevelFromStatus && !continues}
	e.scanned = false

	// Step 1: the stream clock. Event time never runs backwards for the decays: a late
	// record counts as arriving now.
	t := e.now
	if !at.IsZero() {
		t = at.UnixNano()
		if t%int64(time.Second) != 0 {
			e.fineAt = e.records + 1
		}
	}
	var dt float64             // seconds the clock moves
	gap, learnGap := 0.0, true // seconds since the previous record, and whether it is usual
	silence := 0.0             // a silence the record before reported, confirmed now
	if !e.started || e.records == 1 && t < e.now-int64(clockLeap) {
		// The first record sets the clock; the second, more than clockLeap behind it,
		// shows that the first one's time was the wrong one.
		e.started = true
		e.now, e.start = t, t
	} else if leap := t > e.now+int64(clockLeap); leap && e.aheadAt == 0 {
		// Far ahead of the clock: believed once the next record is far ahead too (a
		// silence that ended), not on its own (a time from a wrong clock, a misparsed
		// date), which would leave the clock there and every later record counted as
		// arriving at that same instant. The silence is this record's news either way,
		// but no usual gap.
		e.aheadAt = t
		gap, learnGap = float64(t-e.now)/1e9, false
	} else {
		prev := e.now
		if leap {
			// Confirmed: the silence was the record before's news, and is one of the
			// stream's gaps.
			prev, silence = e.aheadAt, float64(e.aheadAt-e.now)/1e9
		}
		e.aheadAt = 0
		if t > e.now {
			dt = float64(t-e.now) / 1e9
			e.now = t
		}
		gap = max(0, float64(t-prev)/1e9)
	}
	e.records++

	// Step 2: stream-wide recent and long-run counts.
	// The decays' logarithms are kept as they are computed: taking math.Log of the decay
	// again cost two logarithms a record. A count decays with time, by no more than one
	// record's share of its records bound a record, so that a sparse stream's record an
	// hour does not wipe it. A clock that ticks in whole seconds moves on one record a
	// tick, whose decay that bound caps: a busy stream with such times keeps its counts
	// longer than their time constants (burstSlow's ten minutes about 4,096 s, at twenty
	// records a second or more). Bounded by the tick's records instead, the storms of
	// such streams that the rules were decided on ended sooner: not kept
	// (plugin/eval/README.md).
	fastLn := -math.Min(dt/burstFast.Seconds(), 1.0/burstFastRecords)
	slowLn := -math.Min(dt/burstSlow.Seconds(), 1.0/burstSlowRecords)
	if fastLn != e.fastLn || slowLn != e.slowLn {
		// Records of a busy stream come a few milliseconds apart, often the same few:
		// the decays of the last gap serve again.
		e.fastLn, e.slowLn = fastLn, slowLn
		e.fastDecay, e.slowDecay = math.Exp(fastLn), math.Exp(slowLn)
	}
	fastDecay, slowDecay := e.fastDecay, e.slowDecay
	if hoursLn := -math.Min(dt/burstHours.Seconds(), 1.0/burstHoursRecords); hoursLn != e.hoursLn {
		e.hoursLn, e.hoursDecay = hoursLn, math.Exp(hoursLn)
	}
	e.hoursLog += e.hoursLn
	e.hoursAll = e.hoursAll*e.hoursDecay + 1
	errW := errorWeight(level)
	if continues {
		errW = 0 // an entry written over fifteen lines is one error, not fifteen
	}
	e.fastLog += fastLn
	e.slowLog += slowLn
	e.fastAll = e.fastAll*fastDecay + 1
	e.slowAll = e.slowAll*slowDecay + 1
	e.fastErr = e.fastErr*fastDecay + errW
	e.slowErr = e.slowErr*slowDecay + errW
	// A running mean at first, then the long-run average.
	e.usualFast += (e.fastAll - e.usualFast) * math.Max(1-slowDecay, 1/float64(e.records))
	e.fastArr *= fastDecay // an arrival is counted with its template (updateTemplate)
	e.slowArr *= slowDecay

	// Step 3: the gap before this record, against the usual gap.
	if e.records > 1 {
		if silence > 0 {
			e.learnGap(silence)
		}
		info.gap = gap
		if learnGap && e.gapsSeen == 0 {
			e.usualGap = gap // the first gap is the usual one
		}
		info.usualGap = max(e.usualGap, e.clockResolution(), minSilence.Seconds()/math.Exp2(gapQuiet))
		if learnGap {
			e.learnGap(gap)
		}
	}

	// Step 4: only records that could report a problem can be rare, new or bursting: the first
	// lines of a new job, a new phase of work or a busy hour are routine lines in new
	// numbers, and flagging them would bury the records that say something went wrong.
	if level <= record.LevelWarning {
		info.Alarmed = e.alarmed(msg) // a warning's too: see PlainWarning
	}
	info.concerning = level.AtLeastWarning() || info.Alarmed

	// Step 5: the template (the message comes with its header cut: record.Record).
	e.miner.Add(msg, &e.match)
	ts := e.tmpl.get(e.match.ID, e.match.New)
	e.updateTemplate(ts)
	info.Arriving = e.arriving(ts)
	info.Returned = info.Arriving && ts.arrivedN != ts.firstAt
	e.current = ts
	info.seen = ts.seen // for the reasons: "rare template (seen 3 times)"
	info.Pace = Pace{Recent: ts.fast, Share: 1, StreamRecent: e.fastAll}
	if e.slowAll >= burstPrior {
		info.Pace.Share = ts.slow / e.slowAll
		if info.ClientError() {
			info.Pace.Share /= e.gathered(ts)
		}
	}
	if level >= record.LevelCritical {
		e.countCritical(ts)
	}

	// Step 6: the numbers: quantities against their baselines, categories as events,
	// and the level as one of the template's categories.
	e.values(ts, e.fields(rec))
	e.judgePace(ts)
	e.levelNovelty(ts, level)
	info.Changing = e.changing()

	// Step 7: the features, in vector order.
	for i, id := range e.ids {
		dst[i] = e.feature(id, msg, level, ts)
	}
}

// learnGap adds a gap between records, in seconds, to the stream's usual gap.
func (e *Extractor) learnGap(gap float64) {
	if e.gapsSeen == 0 {
		e.usualGap = gap
	}
	e.usualGap += gapAlpha * (gap - e.usualGap)
	e.gapsSeen++
}

// clockLeap is how far ahead of a stream's clock a record's time must be to move it only
// once the next record confirms it. Hosts' clocks, and the order in which writes reach a
// file, differ by seconds; a time hours ahead on one record is a wrong one. One record
// of the Envoy family dated five months ahead left its stream's clock there: every later
// record arrived at that instant, no count decayed, and the family's incident records
// flagged fell from 7,597 to 5,477 (anomaly scan). Fluent Bit 5.1.1 gave such times to a
// few records in ten thousand when two threaded inputs used one parser at once.
const clockLeap = time.Hour

// leveledStream is the share of records with a level above which a stream's lines have
// levels; leveledMemory is the memory of that share, in records.
const (
	leveledStream = 0.9
	leveledMemory = 256
)

// wholeSecondRecords is how many records in a row with times in whole seconds make a
// stream's clock one that counts seconds (an access log's, syslog's).
const wholeSecondRecords = 256

// clockResolution returns the shortest gap the stream's clock can show, in seconds: 1 for
// a clock that counts whole seconds, whose records come in the same second and then a
// second later (a 20 ms usual gap and a 1 s gap are no silence there), else 0.
func (e *Extractor) clockResolution() float64 {
	if e.records-e.fineAt > wholeSecondRecords {
		return 1
	}
	return 0
}

// continuationGap bounds the time between an entry's first line and its continuation
// lines: they are written together.
const continuationGap = time.Second

// frameLine reports whether a line is indented (a Java or Python frame, wrapped text) or
// a frame of another trace (see record.FrameLine).
func frameLine(msg string) bool {
	return msg != "" && (msg[0] == ' ' || msg[0] == '\t') || record.FrameLine(msg)
}

// continuesEntry reports whether a line continues the entry before it rather than
// starting one: indented (stack frames, wrapped text), a Java "Caused by:" or "... N
// more" line, the lines Python writes around a traceback's frames (its header, the
// chaining of exceptions), a PHP trace's frame ("#3 /var/www/app/Foo.php(12): ...",
// "#9 {main}") or the lines Laravel writes around them, a php-fpm slow log's frame
// ("[0x00007f3a30548650] execute() /var/www/...:420"), a Go panic's goroutine and
// functions (see record.FrameLine), or an exception's own line
// ("KeyError: 'vat_rate'", "java.lang.IllegalStateException: closed"), which starts a
// Java trace and ends a Python one.
func continuesEntry(msg string) bool {
	if msg == "" {
		return false
	}
	if frameLine(msg) {
		return true
	}
	for _, p := range traceLines {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return exceptionLine(msg)
}

// traceLines start the lines of a stack trace that are not indented.
var traceLines = [...]string{
	"Caused by: ", "... ",
	"Traceback (most recent call last):",
	"During handling of the above exception, another exception occurred:",
	"The above exception was the direct cause of the following exception:",
	// Laravel's log: the trace's header, a previous exception, and the end of the
	// exception's context after the trace (`"} `).
	"[stacktrace]", "[previous exception] ", `"}`,
	// php-fpm's slow log: the script a stalled request ran, after its pid line.
	"script_filename = ",
}

// exceptionLine reports whether a line starts with an exception's name, a dotted
// identifier ending in Error or Exception, then a colon or the end of the line.
func exceptionLine(msg string) bool {
	end := strings.IndexByte(msg, ':')
	if end < 0 {
		end = len(msg)
	}
	name := msg[:end]
	if !strings.HasSuffix(name, "Error") && !strings.HasSuffix(name, "Exception") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '$') {
			return false
		}
	}
	return true
}

// Pace is how often a template (or value) comes: its recent count, its long-run share of the
// stream's records (this one included; 1 until the stream's long-run count holds
// burstPrior records, as a share of a few records says nothing) and the stream's recent
// count (see burstFast and burstSlow).
type Pace struct {
	Recent, Share, StreamRecent float64
}

// expected is the template's recent count that a long-run share predicts.
func (p Pace) expected(share float64) float64 { return p.StreamRecent * share }

// Beyond reports whether the template comes faster than a long-run share of share
// predicts, beyond chance (as the burst feature judges): a storm still raging at the
// pace it took when the stream's share of it was share.
func (p Pace) Beyond(share float64) bool {
	return burstExcess(p.Recent, p.expected(share)) > 0
}

// judgePace judges the current record's template by how many records it had of late
// against what its long-run share of the stream predicts, below only (above is a burst):
// a steady template that comes far more rarely than it did (a virtual host whose traffic
// stopped, its health checks still logged every 15 s) is news with each record that it
// still writes. The ratio is followed by a baseline as a quantity is, so a template whose
// pace always wanders (a job's lines, coming in clumps) is no steady quantity and never
// far below, and a lull that lasts is a shift of level. A count a Poisson count of that
// expectation reaches with a chance of burstChance or more is no lull.
func (e *Extractor) judgePace(ts *Template) {
	info := &e.info
	if e.records-ts.firstAt < burstSlowRecords || ts.seen < burstPrior {
		return // no long-run share yet: the template is young, or rare
	}
	// The stream's recent count, but no more than usual: when another template bursts
	// (a periodic resync of every object), this one does not come more rarely for it.
	expected := math.Min(e.fastAll, e.usualFast) * ts.slow / (e.slowAll + burstPrior)
	x := math.Log((ts.fast + 1) / (expected + 1))
	b := &ts.pace
	b.follow(x, true)
	z := 0.0
	if b.seen >= numericMinSeen {
		z = b.zScore(x, true)
	}
	b.learn(x, e.learningWeight(b), e.now)
	if burstExcess(ts.fast, expected) > 0 {
		ts.burstAt, ts.burstN = e.now, e.records
		ts.burstSlow = ts.burstSlow*math.Exp(e.slowLog-ts.burstSlowLog) + 1
		ts.burstSlowLog = e.slowLog
		return
	}
	// A template that burst of late (a resync of every object every few minutes) has a
	// long-run share its bursts inflate: between them it is no rarer than ever. Its pace
	// is judged once the bursts have left that share: burstSlow later at the least, and
	// once its bursting records, decayed as the share is, are less than half of it. A
	// storm of a hundred times the template's pace takes longer to leave than ten
	// minutes: after a credential stuffing's 4,000 POST /login lines in twelve minutes,
	// the route's ordinary logins were "far rarer than usual" for the next 45 minutes.
	if ts.burstN > 0 && (e.now-ts.burstAt < int64(burstSlow) || e.records-ts.burstN < burstSlowRecords ||
		ts.burstSlow*math.Exp(e.slowLog-ts.burstSlowLog) >= ts.slow/2) {
		return
	}
	// A warning or an error that comes far more rarely than it did is a problem easing,
	// not news: only what says nothing of a problem (traffic, health checks, heartbeats)
	// is missed when it thins out. Keycloak's login errors, back to their usual pace
	// after a storm of them, were far rarer than the share the storm had left, and the
	// records of the users they named were linked to them (tuning families: normal
	// records 6,780 -> 6,662, benign after 5 min 1,041 -> 985, alerts on no incident 350
	// -> 349; no incident moved, every lull in an incident being of INFO lines; holdout
	// unchanged, make eval).
	if info.concerning {
		return
	}
	// As far below as a burst must be above to be a surprise (half the burst feature's
	// bound beyond burstQuiet: a third of the pace or less), and beyond chance.
	if z >= -numericQuiet || math.Log2((expected+1)/(ts.fast+1))-burstQuiet < SurpriseBound(Burst)/2 || poissonAtMost(ts.fast, expected) >= burstChance {
		return
	}
	// A template that comes more rarely while other events are born (one within
	// changeWindow: the decayed count of births is 1/e then) is being replaced (a rolling
	// deploy whose new version words a message differently), not lost.
	if e.recentBirths() >= 1/math.E {
		return
	}
	v := math.Log2(-z / numericQuiet)
	shift := b.shifted(x, z)
	if shift {
		v = math.Max(v, SurpriseBound(Numeric)+float64(abs32(b.run)-numericShiftRun+1))
	}
	if v = clampFeature(v); v <= info.numeric {
		return
	}
	info.numeric = v
	info.numPace, info.numBelow, info.numClimb, info.numTail = true, true, false, false
	info.numValue, info.numUsual = ts.fast, expected
	info.numRun, info.NumericFar = 0, b.farBelow
	if shift {
		info.numRun, info.NumericFar = int(b.runFar), 0
	}
}

// poissonAtMost returns the chance that a Poisson count of mean lambda is at most the
// whole part of count: exact up to 100, by the normal approximation with continuity
// correction beyond.
func poissonAtMost(count, lambda float64) float64 {
	k := math.Floor(count)
	if k >= lambda {
		return 1 // at least the mean: no lull, whatever the exact chance
	}
	if k > 100 {
		return 0.5 * math.Erfc((lambda-k-0.5)/math.Sqrt(2*lambda))
	}
	term, sum := math.Exp(-lambda), 0.0
	for i := 0.0; i <= k; i++ {
		sum += term
		term *= lambda / (i + 1)
	}
	return math.Min(1, sum)
}

// errorWeight is a record's weight in the error counts: warnings count half.
func errorWeight(l record.Level) float64 {
	switch {
	case l >= record.LevelError:
		return 1
	case l == record.LevelWarning:
		return 0.5
	}
	return 0
}

// updateTemplate counts the current record in its template's statistics.
func (e *Extractor) updateTemplate(ts *Template) {
	if ts.seen == 0 || e.records-ts.countAt >= rarityHorizon {
		ts.arrivedAt, ts.arrivedN = e.now, e.records
		e.fastArr++
		e.slowArr++
	}
	if ts.seen == 0 {
		ts.firstAt = e.records
		ts.countAt = e.records
		ts.bornSlowLog, ts.bornHoursLog = e.slowLog, e.hoursLog
		ts.bornSlowAll, ts.bornHoursAll = e.slowAll, e.hoursAll
		ts.bornInChange = e.birth()
		ts.bornInRoutineChange = ts.bornInChange && e.routineChange()
	}
	ts.seen++
	ts.count = ts.count*rarityDecay(e.records-ts.countAt) + 1
	ts.countAt = e.records
	e.lastDecay = decayFrom{fastLog: ts.fastLog, slowLog: ts.slowLog}
	e.lastDecay.fast, e.lastDecay.slow = math.Exp(e.fastLog-ts.fastLog), math.Exp(e.slowLog-ts.slowLog)
	ts.fast = ts.fast*e.lastDecay.fast + 1
	ts.slow = ts.slow*e.lastDecay.slow + 1
	ts.fastLog, ts.slowLog = e.fastLog, e.slowLog
	if w := errorWeight(e.info.Level); w > 0 && !e.info.Continues {
		e.stormLead.follow(ts, w, e.fastLog)
	}
	ts.hours = ts.hours*math.Exp(e.hoursLog-ts.hoursLog) + 1
	ts.hoursLog = e.hoursLog
}

// lengthSeen reports whether the template is familiar (more than noveltySightings
// records) and its earlier lines were as short and as long as n characters, then counts n
// in the template's range.
func (ts *Template) lengthSeen(n int) bool {
	l := uint32(min(n, math.MaxInt32))
	seen := ts.seen > noveltySightings && ts.lenLo <= l && l <= ts.lenHi
	if ts.lenHi == 0 && ts.lenLo == 0 {
		ts.lenLo, ts.lenHi = l, l
	} else {
		ts.lenLo, ts.lenHi = min(ts.lenLo, l), max(ts.lenHi, l)
	}
	return seen
}

// decayFrom is the decay of the recent and long-run counts since the stream's decay
// logs read fastLog and slowLog.
type decayFrom struct {
	fastLog, slowLog float64
	fast, slow       float64
}

// decays returns the decay of counts last updated when the stream's decay logs read
// fastLog and slowLog: the current template's own (lastDecay) when they were updated
// with it, as a template's values and events mostly are, else computed. Either way the
// same numbers: a lookup of what was computed for the template.
func (e *Extractor) decays(fastLog, slowLog float64) (fast, slow float64) {
	if fastLog == e.lastDecay.fastLog {
		fast = e.lastDecay.fast
	} else {
		fast = math.Exp(e.fastLog - fastLog)
	}
	if slowLog == e.lastDecay.slowLog {
		slow = e.lastDecay.slow
	} else {
		slow = math.Exp(e.slowLog - slowLog)
	}
	return fast, slow
}

// gathered returns the share of its long-run count that a template coming at a steady
// pace has gathered since its first sighting: 1 − e^(−age/burstSlow), age in the decay's
// terms (event time, or records where they are slower), and at least youngestGathered.
// A client's error (a 4xx) is paced by its template's long-run share divided by it, the
// share the template keeps at the pace it has come since it was born. Its share at birth
// is no measure of its pace: a route that takes over (a canary's new cluster, a
// VirtualService sending a path to a new service) answers its 402s and 422s at the pace
// its clients come, and its template's long-run count fills over ten minutes at that
// pace, so against the share of their first minute they stormed, and kept false
// incidents open for an hour (the Envoy family: normal records flagged 0.332% -> 0.275%,
// benign ones after 5 min 0.610% -> 0.363%; web-edge's normal 148 -> 137; nothing else
// moved, make eval). Only a client's error: a failure's new lines storm against the share
// of their birth, and corrected so for every template, an expired webhook certificate's
// errors were 100% -> 60.7% under its incident's id and a Kafka broker's disk stall
// 10.3% -> 7.8%, for RabbitMQ's benign records after 5 min 1.702% -> 1.401%.
func (e *Extractor) gathered(ts *Template) float64 { return e.gatheredSince(ts.bornSlowLog) }

// gatheredSince is gathered for a template or an event born when the stream's slow
// decay log read born.
func (e *Extractor) gatheredSince(born float64) float64 {
	return math.Max(-math.Expm1(e.slowLog-born), youngestGathered)
}

// hoursBefore returns the stream's count over hours without its last ten minutes' (see
// burstHours), which a template's count over those hours is a share of: for a client's
// error or a template born in a routine change, only over the template's lifetime. A
// 4xx template born twenty minutes ago at a steady pace (a canary's new route) has a
// count over the hours before of ten minutes, and against the stream's count over two
// hours it burst for an hour; the stream's count over the hours it lived, less the last
// ten minutes', makes its pace its share (the Envoy family: the tax API outage 0.0% ->
// 77.8% under its own id and the mis-rotated certificates 0.0% -> 93.2%, each alerted
// once, no longer absorbed by the false incidents a canary's 402s and a new service's
// 422s kept open; normal records 0.275% -> 0.248%, benign after 5 min 0.363% -> 0.182%;
// no other family moved, make eval). Only a client's error, as for its pace (see
// gathered): for every template, RabbitMQ's benign records after 5 min went 1.702% ->
// 0.185%, but a billing pool's exhaustion 98.6% -> 90.5% and a stuck outbox 98.4% ->
// 86.2% in three alerts, their warnings born with the failure.
//
// And a template born in a routine change (see routineChange): a new application's
// connections, closed with a warning each, come from its first minutes at their pace,
// which is no failure growing (the RabbitMQ family's new returns-svc: benign records
// after 5 min 248 -> 2). A failure's new warnings are born among its errors, not in a
// routine change, and still storm against the stream's hours. Tuning families: benign
// after 5 min 1,257 -> 1,041 (Laravel's 180 -> 93), normal records 6,881 -> 6,780,
// alerts on no incident unchanged; no incident crossed a target, a payment provider's
// failure 5.3% -> 62.8% under its id (two alerts where it had one), Argo CD's repo
// servers OOM-killed 35.4% -> 29.0% (two alerts), a RabbitMQ partition 72.4% -> 68.5%
// and a runaway ClickHouse panel 91.7% -> 89.4%; Keycloak's normal records 412 -> 530
// (lulls of its login errors, no longer judged since: see judgePace) and Cassandra's
// benign 2 -> 75 (a new table's flush sizes, read by a forest that learned other
// bursts). Holdout: benign after 5 min 157 -> 138, normal 957 -> 955,
// alerts on no incident 77 -> 78 (make eval). Measured before a stray number in its
// position's usual tail stopped joining incidents, this cost a CoreDNS incident kept
// open for an hour by such numbers.
//
// The count over the hours a template lived is the stream's count now less its count at
// the template's birth as it has decayed since (hoursAll −
// bornHoursAll·e^(−age/burstHours), and alike for the ten minutes'), not hoursAll·(1 −
// e^(−age/burstHours)), which holds only for a stream at one pace since long before the
// hours counted. A young stream's births are a routine change, and a template born in
// its first seconds had, two and a half hours on, hours before of a twentieth of the
// stream's: IIS's wrong passwords, 72 in those hours, came at a share that made a
// credential stuffing's, 280 in fourteen minutes, no failure growing. Tuning families:
// that credential stuffing 72.3% -> 75.7% under its id, a dashboard saturating a
// database 88.6% -> 90.2%, Twilio degrading 39.9% -> 40.8%, a payment provider failing
// two alerts -> one; normal records 7,065 -> 7,315 (Keycloak's customers' own failed
// logins during its credential stuffing, events the attack's are too, 364 -> 503; the
// traces of Rails' routing errors 666 -> 763), benign after 5 min 13,916 -> 13,968,
// alerts on no incident 363 -> 361. Holdout: normal 1,457 -> 1,470, benign after 5 min
// 551 -> 559, alerts on no incident 138 -> 135 (make eval). The same exact count for
// the share a template or an event has gathered (see gathered) moved benign records
// after 5 min 13,968 -> 14,172 and the holdout's 559 -> 1,018: not kept.
func (e *Extractor) hoursBefore(ts *Template, info *Info) float64 {
	if !info.ClientError() && !ts.bornInRoutineChange {
		return math.Max(0, e.hoursAll-e.slowAll)
	}
	hours := e.hoursAll - ts.bornHoursAll*math.Exp(e.hoursLog-ts.bornHoursLog)
	slow := e.slowAll - ts.bornSlowAll*math.Exp(e.slowLog-ts.bornSlowLog)
	return math.Max(0, hours-slow)
}

// youngestGathered is the least share of its long-run count a template is taken to have
// gathered: burstFast over burstSlow, so that a template younger than the recent window
// has the long-run share of its recent pace. At 1/4 the Envoy family's gain above was
// lost (the 402s joined their incident within three minutes of their birth); 1/64 and
// 1/16 measured alike (make eval).
const youngestGathered = float64(burstFast) / float64(burstSlow)

// rarityDecays holds exp(-d/rarityHorizon) for the record distances d a busy
// template's or value's records are apart, looked up rather than computed for each.
var rarityDecays = func() (t [64]float64) {
	for d := range t {
		t[d] = math.Exp(-float64(d) / rarityHorizon)
	}
	return t
}()

// rarityDecay returns the decay of a count over d records, exp(-d/rarityHorizon).
func rarityDecay(d int64) float64 {
	if d >= 0 && d < int64(len(rarityDecays)) {
		return rarityDecays[d]
	}
	return math.Exp(-float64(d) / rarityHorizon)
}

// arriving reports whether the current record's template arrived within burstFast (in
// records, burstFastRecords, for a stream whose clock does not move), in a wave of
// arrivals (see Info.Arriving). Arrivals are counted once per template, so a wave is
// many templates, not many records of one.
func (e *Extractor) arriving(ts *Template) bool {
	recent := e.now-ts.arrivedAt <= int64(burstFast)
	if e.now == e.start {
		recent = e.records-ts.arrivedN <= burstFastRecords // a file without times
	}
	if !recent {
		return false
	}
	share := (e.slowArr + arrivalPriorShare*burstPrior) / (e.slowAll + burstPrior)
	return burstExcess(e.fastArr, e.fastAll*share) > 0
}

// birth counts the birth of an event (a template, or a value of a categorical position)
// and reports whether it is part of a change: changeBirths or more others were born
// within about changeWindow before it.
func (e *Extractor) birth() (inChange bool) {
	inChange = e.changing()
	decayed := e.recentBirths()
	if e.births > 0 {
		e.routineBirths *= decayed / e.births
	}
	e.births = decayed + 1
	if !e.info.concerning {
		e.routineBirths++
	}
	e.birthsAt, e.birthsN = e.now, e.records
	e.noteBirths()
	return inChange
}

// routineChange reports whether at least half of the events born in the stream of late
// (births, routineBirths) came with records that could not report a problem: a deploy's
// start-up lines, a new client's connections. A failure's new events are warnings and
// errors: the new lines of a database refusing connections, its stack traces.
func (e *Extractor) routineChange() bool { return 2*e.routineBirths >= e.births }

// recentBirths returns the events born in the stream, decayed over changeWindow of event
// time (over burstSlowRecords records when the clock does not move) to the current
// record.
func (e *Extractor) recentBirths() float64 {
	decay := float64(e.now-e.birthsAt) / float64(changeWindow)
	if e.now == e.start {
		decay = float64(e.records-e.birthsN) / burstSlowRecords // a file without times
	}
	return e.births * math.Exp(-decay)
}

// noteBirths sets when the stream's change ends (changeUntil, changeUntilN): when its
// births, decaying from births at birthsAt (birthsN), fall below changeBirths. Births
// only decay between births, so every record is judged by a comparison.
func (e *Extractor) noteBirths() {
	if e.births < changeBirths {
		e.changeUntil, e.changeUntilN = 0, 0 // no change (see changing)
		return
	}
	span := math.Log(e.births / changeBirths)
	e.changeUntil = e.birthsAt + int64(span*float64(changeWindow))
	e.changeUntilN = e.birthsN + int64(span*burstSlowRecords)
}

// changing reports whether the stream is in a change: changeBirths or more events were
// born within about changeWindow.
func (e *Extractor) changing() bool {
	if e.births < changeBirths {
		return false
	}
	if e.now == e.start {
		return e.records <= e.changeUntilN // a file without times
	}
	return e.now <= e.changeUntil
}

// countCritical counts the current critical record and sets its template's share of
// the stream's recent critical records. Critical records are sparse (days apart on some
// systems), so their recurrence is measured in critical records, not in time.
func (e *Extractor) countCritical(ts *Template) {
	e.criticals++
	e.criticalAll = e.criticalAll*math.Exp(-1.0/criticalHorizon) + 1
	ts.critical = ts.critical*math.Exp(-float64(e.criticals-ts.criticalAt)/criticalHorizon) + 1
	ts.criticalAt = e.criticals
	e.info.CriticalShare = ts.critical / e.criticalAll
}

// fields returns the record's fields and the key=value pairs of its message under its
// template's wildcards (drain.Match.Pairs): the named values of a text line are
// categories and contexts as a structured record's fields are. A pair named as one of
// the fields is that field: a record without a message is read as its fields written out
// (record.Record.Message), so the pairs under its wildcards are its fields again, and
// counted twice, each of their values was seen twice per record (Traefik's access lines).
func (e *Extractor) fields(rec *record.Record) []record.Field {
	if len(e.match.Pairs) == 0 {
		return rec.Fields
	}
	e.lineFields = append(e.lineFields[:0], rec.Fields...)
	for _, p := range e.match.Pairs {
		if rec.HasField(p.Key) {
			continue // a described record's field, under a wildcard of its written-out form
		}
		v := p.Value
		if strings.HasPrefix(v, "/") {
			e.route = record.AppendRoute(e.route[:0], v) // a path's category is its route
			v = string(e.route)
		}
		e.lineFields = append(e.lineFields, record.Field{Name: p.Key, Value: v})
	}
	return e.lineFields
}

// feature computes one feature of the current record.
func (e *Extractor) feature(id ID, msg string, level record.Level, ts *Template) float64 {
	info := &e.info
	switch id {
	case Level:
		// Verbosity is not a symptom: trace and debug lines count as info, so that a
		// stream of debug output does not make its info lines look severe.
		return math.Max(level.Score(), record.LevelInfo.Score())
	case Length:
		info.length = utf8.RuneCountInString(msg)
		if ts != nil {
			info.lengthUsual = ts.lengthSeen(info.length)
		}
		return float64(info.length)
	case Tokens:
		info.tokens = countTokens(msg)
		return float64(info.tokens)
	case Rarity:
		if !info.concerning {
			return 0 // a new kind of routine line is a new phase of work, not an incident
		}
		// Rare twice over: a small share of the records since the template was born (so
		// that a template that appears and at once becomes common, a new phase of work,
		// is not rare) and not yet familiar (so that a template seen hundreds of times,
		// however small its share, is not rare either).
		since := rarityHorizon * -math.Expm1(-float64(e.records-ts.firstAt+1)/rarityHorizon)
		info.templateCount, info.streamCount = ts.count, since
		share := math.Log2((since+rarityPrior)/ts.count) - rarityQuiet
		familiar := math.Log2(rarityFamiliar / ts.count)
		// Like novelty, weighted down while the stream is young: its first templates are
		// all rare, and none of them is news.
		v := clampFeature(math.Min(share, familiar)) * maturity(ts)
		info.rareValue = info.valRarity > v
		return math.Max(v, info.valRarity)
	case Novelty:
		// Not only for what could report a problem: an event new to a stable stream is
		// news at any level (an access granted to an unusual user). Events born in a
		// change are learned quietly instead (see changeWindow).
		v := sightingNovelty(maturity(ts), ts.seen, ts.bornInChange)
		info.NewInChange = info.NewInChange || newInChange(maturity(ts), ts.seen, ts.bornInChange)
		info.newValue = info.valNovelty > v
		v = math.Max(v, info.valNovelty)
		info.novel = v > 0
		return v
	case Burst:
		// The long-run share here holds a prior of burstPrior records without this
		// template: before a stream has history, a few lines of one template in a row
		// are no burst.
		info.burstCount, info.burstExpected = ts.fast, info.Pace.expected(ts.slow/(e.slowAll+burstPrior))
		// A burst of routine lines is a busy period (a job starting), not an incident;
		// but one value of a template taking over its records (status 403 among the
		// "request completed" lines) is, whatever the level those lines are logged at:
		// a busy period raises every value alike.
		v := ts.runs.judge(burstExcess(ts.fast, info.burstExpected), e.now, e.now != e.start)
		if level.AtLeastWarning() && e.judgesOverHours(level) {
			// A warning or an error whose ten-minute count is far above what its share
			// over the hours before predicts: a failure growing over minutes (see
			// burstHours). The hours before are the count over hours without the last
			// ten minutes', so that the failure does not raise its own expectation. Not
			// for routine lines with an alarm word: a MongoDB slow query is written
			// three times as often while a nightly export runs (that family's benign
			// records flagged 0% -> 4.9%).
			expected := e.slowAll * math.Max(0, ts.hours-ts.slow) / (e.hoursBefore(ts, info) + burstPrior)
			if slow := burstExcess(ts.slow, expected); slow > v {
				v = slow
				info.burstOverHours = true
				info.burstCount, info.burstExpected = ts.slow, expected
			}
		}
		if !info.concerning {
			v = 0
		}
		info.burstValue = info.valBurst > v
		return math.Max(v, info.valBurst)
	case ErrorBurst:
		share := (e.slowErr + errorPriorShare*burstPrior) / (e.slowAll + burstPrior)
		info.errCount, info.errExpected = e.fastErr, e.fastAll*share
		if !level.AtLeastWarning() {
			return 0
		}
		if level < record.LevelError && e.stormLead.id != e.current.ID {
			info.errCount = math.Max(0, e.fastErr-e.stormLead.recent(e.fastLog))
		}
		return burstExcess(info.errCount+1, info.errExpected)
	case Numeric:
		return info.numeric
	case Alarm:
		e.alarmed(msg)
		return float64(info.alarm.n)
	case Gap:
		if info.usualGap <= 0 {
			return 0 // the stream's first record: no gap yet
		}
		return clampFeature(math.Log2(info.gap/info.usualGap) - gapQuiet)
	}
	return 0
}

// errorLead follows the template that wrote the most warnings and errors of late: its
// id, its recent count (as Template.fast) when the stream's fast decay log read fastLog,
// and the error weight of its latest record. One template storming (a tenant's sync job
// over its rate limit, hundreds of warnings in a minute, a few times an hour) is that
// template's burst, which the burst feature judges against its share; it is no sign that
// a routine warning of another template amid it (an expired token) is a failure
// spreading, and counting it in that warning's error burst made every such warning
// surprising and held the storm as an incident. So a warning's error burst leaves out the
// leading template's records unless they are its own. An error's counts them all: a
// failure spreading may write one error at first and others after it (the sample's
// database errors, then its kernel panic). Tuning families, make eval: normal records
// flagged 10,057 -> 9,035 (the FastAPI family's 2,426 -> 1,608, eleven others' fewer),
// benign after 5 min 5,366 -> 5,304 (Envoy's 41 -> 9); no incident crossed a target, but
// the FastAPI family's PDF renderer lost 70.7% -> 60.9% under its id and its payment
// provider's first record joined an incident a burst of 401s opened six seconds before
// (66.0% -> 5.3%); holdout: normal records 401 -> 372.
type errorLead struct {
	id            string
	fast, fastLog float64
	weight        float64
}

// follow counts a warning or an error (of weight w) of template ts, whose recent count
// was just updated at fastLog: ts leads once its recent count passes the leader's.
func (l *errorLead) follow(ts *Template, w, fastLog float64) {
	if ts.ID == l.id || ts.fast > l.recent(fastLog)/max(l.weight, 0.5) {
		l.id, l.fast, l.fastLog, l.weight = ts.ID, ts.fast, fastLog, w
	}
}

// recent returns the leader's weighted recent count, decayed to the stream's fastLog.
func (l *errorLead) recent(fastLog float64) float64 {
	if l.id == "" {
		return 0
	}
	return l.fast * math.Exp(fastLog-l.fastLog) * l.weight
}

// judgesOverHours reports whether a warning or an error of the current record is judged
// against its share over the hours before (see Burst): once the stream has half of
// burstHours behind it, and an error from its twentieth minute (twice burstSlow: time
// before as long as the ten minutes judged). A failure starting in a young stream is
// still a failure: within a minute its ten-minute share catches up with a storm of a
// known error, which then bursts no more, and in the stream's first hour nothing held
// it (Argo CD's repo servers unable to reach GitLab 33 minutes in, a thousand errors in
// ten minutes: 14.3% -> 68.2% of the incident flagged; MySQL's max_connections in the
// Laravel family, 14 minutes in, 71.2% -> 99.0% under its id; tuning normal records
// 9,553 -> 9,552, make eval). Not a warning: a young stream's warning storms are its
// routine as often (a rate limiter's: held to the same rule, the invoicing family's
// first two storms of rate_limit.exceeded, 10 and 50 minutes in, were flagged, its
// normal records 1,608 -> 2,442, and Rails' 768 -> 1,005).
func (e *Extractor) judgesOverHours(level record.Level) bool {
	if e.now-e.start >= int64(burstHours)/2 || e.records >= burstHoursRecords/2 {
		return true
	}
	return level >= record.LevelError && (e.now-e.start >= 2*int64(burstSlow) || e.records >= 2*burstSlowRecords)
}

// burstExcess returns how far a recent count lies beyond the count expected, as log2 of
// their ratio beyond burstQuiet, or 0 when a Poisson count of that expectation reaches it
// by chance often enough (burstChance). A handful of records over an expectation of a
// few is chance (9 where 4.4 are expected happens every few minutes in a busy stream);
// three errors where 0.4 are expected, or fifty where two are, is not.
// quietRatio is a ratio of counts whose log2 is burstQuiet or less, a hair below
// 2^burstQuiet so that rounding never makes it disagree with the logarithm.
var quietRatio = math.Exp2(burstQuiet) * (1 - 1e-12)

func burstExcess(count, expected float64) float64 {
	if math.Floor(count) <= expected {
		return 0 // no more than expected: poissonTail would say 1
	}
	ratio := count / (expected + 1)
	if ratio <= quietRatio {
		return 0 // within the quiet zone: no logarithm needed to say so
	}
	excess := clampFeature(math.Log2(ratio) - burstQuiet)
	if excess == 0 || poissonTail(count, expected) >= burstChance {
		return 0 // the ratio before the tail: it rules most counts out without a sum
	}
	return excess
}

// briefBurst is the longest run of bursting records that counts as brief: three of
// burstFast's windows, and no more records than that window holds at its least
// (burstFastRecords). A scanner's dozen probes, a cron job's lines or a client's retries
// come within one or two; a storm, a credential-stuffing run or a failing dependency goes
// on for minutes, and a stretch of it whose excess flickered out for a while (its share
// catching up with it) holds far more records.
const briefBurst = 3 * burstFast

// burstMemory is how long a brief burst makes its template or value bursty by nature: an
// hour, in which scanners come back many times and hourly jobs once.
const burstMemory = time.Hour

// burstRuns follows the runs of bursting records of a template or a categorical value,
// in stream time (unix nanoseconds): when the current run began (0 when none is going
// on), its latest bursting record, and when the latest brief runs (briefBurst at most)
// ended. A run is the bursting records that follow each other within briefBurst. One
// that bursts briefly again and again (a scanner probing a site every few minutes: a
// dozen 404s in five seconds) is bursty by nature, a Poisson count of its share being
// the wrong model for it: its next burst is news only once it outlasts a brief one.
type burstRuns struct {
	began, last int64
	n           int                // the current run's bursting records
	briefAt     [burstRecurs]int64 // when the latest brief runs ended, latest first
}

// burstRecurs is how many brief runs within burstMemory make a template or a value
// bursty by nature: bursts that recur, not one that happened once (the in-flight
// requests of a site all closed at once as its traffic stopped).
const burstRecurs = 2

// judge follows the current record's burst excess v at now and returns the excess the
// record shows: v, or 0 while a run still brief (see briefBurst) follows burstRecurs
// brief runs ended within burstMemory. timed says that the stream's clock moves; a file
// without times has no runs.
func (b *burstRuns) judge(v float64, now int64, timed bool) float64 {
	if !timed {
		return v
	}
	if b.began != 0 && now-b.last > int64(briefBurst) {
		// The run is over: none of its records burst for longer than a brief run
		// lasts. (A storm's excess flickers as its share catches up with it; those
		// flickers are one run.)
		if b.last-b.began <= int64(briefBurst) && b.n <= burstFastRecords {
			copy(b.briefAt[1:], b.briefAt[:])
			b.briefAt[0] = b.last
		}
		b.began = 0
	}
	if v <= 0 {
		return 0
	}
	if b.began == 0 {
		b.began, b.n = now, 0
	}
	b.n++
	b.last = now
	recurs := b.briefAt[burstRecurs-1] != 0 && now-b.briefAt[burstRecurs-1] <= int64(burstMemory)
	if recurs && now-b.began <= int64(briefBurst) && b.n <= burstFastRecords {
		return 0 // still as brief as the ones before it
	}
	return v
}

// poissonTail returns the chance that a Poisson count of mean lambda is at least the
// whole part of count: exact up to 100, by the normal approximation with continuity
// correction beyond.
func poissonTail(count, lambda float64) float64 {
	k := math.Floor(count)
	if k <= lambda {
		return 1
	}
	if k > 100 {
		return 0.5 * math.Erfc((k-0.5-lambda)/math.Sqrt(2*math.Max(lambda, 1)))
	}
	// 1 − P(X < k), summing the terms e^−λ λ^i / i! for i < k.
	term, below := math.Exp(-lambda), 0.0
	for i := 0.0; i < k; i++ {
		below += term
		term *= lambda / (i + 1)
	}
	return math.Max(0, 1-below)
}

// levelNovelty judges the record's level as a value of its template, the way a new
// value of a categorical field is judged (judgeCategory): a template written at a level
// above every level it had ("request handled" at ERROR among INFO ones) is a new event, and
// news weighted by how many records the template had before (so that the levels of a
// template's first records are not news), unless the level came in a change (a deploy
// that raises a line's level) or is below warning.
func (e *Extractor) levelNovelty(ts *Template, level record.Level) {
	if level > ts.topLevel {
		ts.topLevel, ts.topSeen, ts.topAfter = level, 0, ts.seen-1
		// Judged in the change the stream is in, but not counted as a birth: a level
		// comes with a new status or error, which is counted already.
		ts.topInChange = ts.topAfter > 0 && level.AtLeastWarning() && e.changing()
	}
	if level != ts.topLevel {
		return
	}
	ts.topSeen++
	if !level.AtLeastWarning() {
		return
	}
	if novelty := sightingNovelty(maturityAfter(ts.topAfter), ts.topSeen, ts.topInChange); novelty > 0 {
		e.info.keepValue(surprisingValue{novelty: novelty, text: level.String(), isText: true, seen: ts.topSeen, context: "level"})
	}
}

// maturity returns the weight of a template's surprise by the age of its stream at its
// birth: near 0 for the templates of a stream's first records, ½ for one born after
// noveltyMaturity records, near 1 for templates born late.
func maturity(ts *Template) float64 { return maturityAfter(ts.firstAt - 1) }

// maturityAfter is the weight of the surprise of an event (a template, a value, a level)
// born after before records of what holds it.
func maturityAfter(before int64) float64 {
	return float64(before) / (float64(before) + noveltyMaturity)
}

// sightingNovelty is the novelty of an event at its seen-th sighting, weighted by its
// maturity: halving with each sighting, 0 beyond noveltySightings or below noveltyQuiet
// (an event of a stream's first records, or seen a few times), and 0 for an event born
// in a change, which is learned quietly (see changeWindow).
func sightingNovelty(maturity float64, seen int64, inChange bool) float64 {
	if seen > noveltySightings || inChange {
		return 0
	}
	if v := maturity * math.Exp2(float64(1-seen)); v >= noveltyQuiet {
		return v
	}
	return 0
}

// newInChange reports whether an event at its seen-th sighting is new to the stream as
// novelty counts it but was born in a change, which took its novelty (see
// Info.NewInChange): a template and a categorical value are judged alike.
func newInChange(maturity float64, seen int64, bornInChange bool) bool {
	return bornInChange && sightingNovelty(maturity, seen, false) > 0
}

// alarmed scans msg for alarm words once per record and reports whether it has any.
func (e *Extractor) alarmed(msg string) bool {
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
