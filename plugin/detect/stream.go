package detect

import (
	"fmt"
	"math"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/verdict"
)

// Options configures a Stream.
type Options struct {
	// Features are the feature names to use (see FeatureNames), each element a name or a
	// comma-separated list, or "all". Empty means all.
	Features []string
	// Detector configures the per-stream Isolation Forest. Detector.Forest.Contamination
	// 0 selects the adaptive threshold (package verdict); a rate in (0, 0.5] flags that
	// top share of the stream's recent scores instead.
	Detector forest.DetectorOptions
	// Templates configures the template miner. The zero value selects
	// drain.DefaultConfig().
	Templates drain.Config
	// Policy turns scores into flags. The zero value selects verdict.DefaultPolicy().
	Policy verdict.Policy
}

func (o Options) withDefaults() Options {
	if o.Templates == (drain.Config{}) {
		o.Templates = drain.DefaultConfig()
	}
	if o.Policy == (verdict.Policy{}) {
		o.Policy = verdict.DefaultPolicy()
	}
	return o
}

// Result is what a Stream says about one record: the content of its annotation.
type Result struct {
	// Score is the record's anomaly score in (0, 1], higher is more anomalous: the
	// Isolation Forest's score, raised by the priors of package verdict; while Learning,
	// the priors alone (0 for most records).
	Score float64
	// Flag reports that the record is anomalous for its stream (package verdict).
	Flag bool
	// Learning reports that the stream has no model yet. Only critical records are
	// flagged while learning.
	Learning bool
	// TemplateID and Template are the record's log template (drain).
	TemplateID, Template string
	// Reasons says, for flagged records, which features isolated the record, most
	// important first, at most 3. The slice is reused by the next Observe with the same
	// Result.
	Reasons []string
	// Incident is the id of the anomalous episode a flagged record belongs to (package
	// verdict); IncidentStart reports that the record opened it.
	Incident      string
	IncidentStart bool
	// Level is the record's level as read (record.LevelUnknown when it has none).
	Level record.Level
}

// Stream detects anomalies in one stream of log records (a tag, a container): it turns
// each record into features (package features), scores them with the stream's Isolation
// Forest (package forest), learns from them, and lets a verdict.Judge say what the score
// and the flag are.
//
// # Learning
//
// Until its first model a stream learns every record. Then the forest learns what each
// known kind of record looks like, not how often each kind appears: how often is what
// the rarity, novelty and burst features measure. A template contributes at most
// admitQuota of the training window (20 records of the default 4096); the records of
// busier templates are all scored but only a fair share is learned. Without this the
// forest would isolate every infrequent but routine template (a nightly job, a
// background warning) by its level or length alone, and a long incident would soon
// fill the window and look normal.
//
// The forest is also shown reference vectors, one learned vector in refEvery: copies
// of recent records with one of the features that measure surprise (rarity, novelty,
// burst, error_burst, numeric, gap) set to a random value up to features.SurpriseBound,
// most of them mild (u²·bound, u uniform). An Isolation Forest isolates only along a
// feature that varies in its training sample, and only as far as its most extreme
// training value; in a healthy stream the surprise features are almost always 0, so
// without references an incident that first lights one of them would look ordinary.
//
// The draws (admission, references) come from a generator seeded with the forest's seed
// and saved with the stream, and refits take effect at fixed record counts
// (forest.DetectorOptions.RefitLag), so the same records give the same annotations.
//
// A Stream is not safe for concurrent use: callers serialise calls per stream (the
// plugin's engine holds a lock per stream). Different Streams are independent.
type Stream struct {
	opt    Options
	ext    *features.Extractor
	det    *forest.Detector
	judge  *verdict.Judge
	window int // the detector's window, defaults applied
	// admitDecay holds exp(-d/window) for the record distances d below admitDecaySteps
	// (see admit).
	admitDecay [admitDecaySteps]float64

	vec     []float64
	ref     []float64
	explain []float64
	order   []int
	surpr   []int    // vector indexes of the surprise features
	key     []byte   // the current record's event key
	links   []uint64 // the current record's identifiers, when needed

	rng      uint64 // admission and reference draws (splitmix64 state)
	admitted uint64 // vectors learned, references excluded
}

// Learning constants, see Stream.
const (
	// admitQuota is the most a template may contribute to the training window, as a
	// share of the window.
	admitQuota = 0.005
	// admitMin is the least number of records a template may contribute per window,
	// whatever the window size.
	admitMin = 1
	// refEvery: one learned vector in refEvery is a reference vector.
	refEvery = 5
)

// newFeatureSet applies the defaults to opt and builds the extractor of its features,
// what a Stream and a Batch both start from.
func newFeatureSet(opt Options) (Options, features.Set, *features.Extractor, error) {
	opt = opt.withDefaults()
	set, err := features.Parse(opt.Features)
	if err != nil {
		return opt, nil, nil, fmt.Errorf("features: %w", err)
	}
	ext, err := features.New(set, opt.Templates)
	return opt, set, ext, err
}

// NewStream returns a Stream, or an error naming what is wrong with opt.
func NewStream(opt Options) (*Stream, error) {
	opt, ids, ext, err := newFeatureSet(opt)
	if err != nil {
		return nil, err
	}
	det, err := forest.NewDetector(len(ids), opt.Detector)
	if err != nil {
		return nil, err
	}
	s := &Stream{
		opt:     opt,
		ext:     ext,
		det:     det,
		judge:   verdict.NewJudge(opt.Policy, opt.Detector.Forest.Contamination),
		vec:     make([]float64, len(ids)),
		ref:     make([]float64, len(ids)),
		explain: make([]float64, len(ids)),
		order:   make([]int, len(ids)),
		rng:     uint64(opt.Detector.Forest.Seed)*0x9e3779b97f4a7c15 + 1,
	}
	for i, id := range ids {
		if _, _, ok := features.ReferenceRange(id); ok {
			s.surpr = append(s.surpr, i)
		}
	}
	s.window = opt.Detector.Window
	if s.window == 0 {
		s.window = forest.DefaultWindow
	}
	for d := range s.admitDecay {
		s.admitDecay[d] = math.Exp(-float64(d) / float64(s.window))
	}
	return s, nil
}

// Observe turns one record into features, scores it, learns from it and writes the
// verdict into r.
func (s *Stream) Observe(rec *record.Record, r *Result) {
	// Step 1: features.
	s.ext.Extract(s.vec, rec)
	tmpl := s.ext.Template()

	// Step 2: learn a fair share of each template, score every record.
	var v forest.Verdict
	if s.admit(&tmpl.Admission) {
		v = s.det.Observe(s.vec, rec.Time)
		s.admitted++
		if len(s.surpr) > 0 && s.admitted%refEvery == 0 {
			s.reference(rec.Time)
		}
	} else {
		v = s.det.Score(s.vec)
	}

	// Step 3: the verdict.
	info := s.ext.Info()
	r.Learning = v.Learning
	m := s.ext.Match()
	s.key = s.ext.EventKey(s.key[:0])
	// A record's identifiers are read only while an incident could take it in by one,
	// or once it is flagged as a failure in an incident: most records need neither.
	linksRead := s.judge.Linking()
	if linksRead {
		s.links = rec.AppendLinks(s.links[:0])
	}
	d := s.judge.Decide(&verdict.Record{Forest: v, Vector: s.vec, Set: s.ext.Set(),
		Info: info, Key: s.key, N: s.ext.Records(), Now: s.ext.Now(), Links: s.links[:len(s.links):len(s.links)],
		Settling: s.judge.Policy().Settling(s.ext.Start(), s.ext.Now(), s.ext.Records())})
	if d.Linkable {
		if !linksRead {
			s.links, linksRead = rec.AppendLinks(s.links[:0]), true
		}
		s.judge.Link(s.links)
	}
	if s.judge.SamplingIdentifiers() {
		if !linksRead {
			s.links = rec.AppendLinks(s.links[:0])
		}
		s.judge.SampleIdentifiers(s.links)
	}
	s.links = s.links[:0]
	r.Score, r.Flag, r.Incident, r.IncidentStart = d.Score, d.Flag, d.Incident, d.Started
	r.Level = info.Level
	r.TemplateID, r.Template = m.ID, m.Template
	r.Reasons = r.Reasons[:0]
	if !r.Flag {
		return
	}
	if reason := verdictReason(d); reason != "" {
		r.Reasons = append(r.Reasons, reason)
		return
	}
	if v.Learning {
		r.Reasons = append(r.Reasons, features.LevelReason(info.Level))
		return
	}
	r.Reasons = withStormReason(s.reasons(r.Reasons), d.Storm)
}

// admitDecaySteps is how many record distances admit looks up rather than computes: a
// busy template's records are a few apart, and the exponential of each was the largest
// share of math.Exp's time per record.
const admitDecaySteps = 64

// admit decides whether the current record is learned: always while its template holds
// less than its share of the window, then with the probability that keeps it there.
func (s *Stream) admit(a *features.Admission) bool {
	window := float64(s.window)
	quota := math.Max(admitQuota*window, admitMin)
	decay := 0.0
	if d := s.ext.Records() - a.RecentAt; d >= 0 && d < admitDecaySteps {
		decay = s.admitDecay[d]
	} else {
		decay = math.Exp(-float64(d) / window)
	}
	a.Recent = a.Recent*decay + 1
	a.RecentAt = s.ext.Records()
	if a.Recent <= quota || s.det.Model() == nil {
		return true // and every record until the first model, so warm-up is not delayed
	}
	return s.uniform() < quota/a.Recent
}

// reference shows the detector a copy of the current vector with one surprise feature
// set to a random value of its range.
func (s *Stream) reference(at time.Time) {
	copy(s.ref, s.vec)
	r := referencer{rng: s.rng}
	r.set(s.ref, s.surpr, s.ext.Set())
	s.rng = r.rng
	s.det.Observe(s.ref, at)
}

// uniform returns a value in [0, 1) from the stream's generator.
func (s *Stream) uniform() float64 {
	r := referencer{rng: s.rng}
	u := r.uniform()
	s.rng = r.rng
	return u
}

// referencer draws reference vectors with a splitmix64 generator, so that a stream's
// draws are reproducible and saved with it.
type referencer struct{ rng uint64 }

// set overwrites one of the reference features of ref (vector indexes in surprise) with
// a random value of its range (features.ReferenceRange), most often mild: lo + u²·(hi-lo).
func (r *referencer) set(ref []float64, surprise []int, set features.Set) {
	i := surprise[int(r.next()%uint64(len(surprise)))]
	u := r.uniform()
	lo, hi, _ := features.ReferenceRange(set[i])
	ref[i] = lo + u*u*(hi-lo)
}

func (r *referencer) next() uint64 {
	r.rng += 0x9e3779b97f4a7c15
	z := r.rng
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *referencer) uniform() float64 { return float64(r.next()>>11) / (1 << 53) }

// Close stops background refits; the Stream must not be used afterwards.
func (s *Stream) Close() { s.det.Close() }

// Dims returns the number of features of the stream's vectors.
func (s *Stream) Dims() int { return len(s.vec) }

// verdictReason is the one reason of a record the verdict flagged for what it belongs
// to rather than for what the forest saw: a continuation of a flagged entry, a record of
// a flagged request, a restart's line after an incident's error. It is "" for any other
// record.
func verdictReason(d verdict.Decision) string {
	switch {
	case d.Entry:
		return features.EntryReason
	case d.Linked:
		return features.LinkReason
	case d.Aftermath && d.Again:
		return features.AftermathAgainReason
	case d.Aftermath:
		return features.AftermathReason
	}
	return ""
}

// withStormReason gives a record an incident kept for its storm (verdict.Decision.Storm)
// that as its reason when the forest's features give none.
func withStormReason(reasons []string, storm bool) []string {
	if len(reasons) == 0 && storm {
		reasons = append(reasons, features.StormReason)
	}
	return reasons
}
