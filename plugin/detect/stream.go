package detect

import (
	"math"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// Options configures a Stream.
type Options struct {
	// Features are the feature names to use (see FeatureNames), each element a name or a
	// comma-separated list, or "all". Empty means all.
	Features []string
	// Detector configures the per-stream Isolation Forest. Detector.Forest.Contamination
	// 0 selects the adaptive threshold described on Stream; a rate in (0, 0.5] flags that
	// top share of the stream's recent scores instead.
	Detector forest.DetectorOptions
	// Templates configures the template miner. The zero value selects
	// drain.DefaultConfig().
	Templates drain.Config
}

func (o Options) withDefaults() Options {
	if o.Templates == (drain.Config{}) {
		o.Templates = drain.DefaultConfig()
	}
	return o
}

// Result is what a Stream says about one record: the content of its annotation.
type Result struct {
	// Score is the record's anomaly score in (0, 1], higher is more anomalous: the
	// Isolation Forest's score, raised for critical records by the severity prior (see
	// Stream); while Learning, the severity prior alone (0 below critical).
	Score float64
	// Flag reports that the record is anomalous for its stream (see Stream for the
	// threshold).
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
}

// Stream detects anomalies in one stream of log records (a tag, a container): it turns
// each record into features, scores them with the stream's Isolation Forest and learns
// from them.
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
// burst, error_burst, numeric, gap) set to a random value, most of them mild (u²·2
// for the log-scaled ones, u uniform). An Isolation Forest isolates only along a
// feature that varies in its training sample, and only as far as its most extreme
// training value; in a healthy stream the surprise features are almost always 0, so
// without references an incident that first lights one of them would look ordinary.
//
// # Scoring
//
// A record's score is the forest's score s combined with a severity prior p as
// 1 − (1 − s)(1 − p), the chance that either calls the record anomalous. p is 0 below
// critical: warnings and errors are routine in healthy streams, and the forest judges
// how unusual each is. A critical or fatal record says that something stopped working,
// so p is 1 − 2^−(1 + surge) for it (2 + surge from alert up), where surge is the sum of
// the burst and error_burst features and three times the share of the record's template
// among the stream's last ~32 critical records: a critical condition that keeps
// recurring, fast or slowly, is a failure in progress. Critical records therefore rank
// above the routine ones of the stream, recurring and surging ones first, and each is
// flagged, even before the stream's first model.
//
// The references reach only so far, so a number far beyond them (the numeric feature
// above referenceBound, about 12 deviations) adds its own prior, whatever the level:
// 1 − 2^−excess, halved for each recent far value of the same position (numericPrior).
//
// # Flagging
//
// With contamination "auto" (the default) a record is flagged when its score exceeds
//
//	min(autoCeiling, max(0.5, median + autoSpread·2·E[(s − median)⁺]))
//
// over the scores s of the stream's recent records (an exponentially decaying
// histogram, about the last autoHorizon records): 0.5, the original Isolation Forest
// boundary, when a stream's scores are tight, higher when they spread, as they do on
// streams of many kinds of records. The spread is an upper mean deviation rather than
// a quantile because a quantile jumps when the scores of one common template cross
// it. The ceiling (0.6) keeps one common template that the forest keeps isolating from
// spreading the scores until nothing can be flagged. The threshold is 0.5 until
// autoMinScores records were scored.
//
// A template may raise a flag while its recent flags, decayed over flagHorizon records
// or flagHorizonTime (15 minutes), whichever is faster, leave room in flagBudget: a burst
// raises four, then its records are scored but not flagged until the count has decayed
// or a record scores escalateBy above the template's latest flag, so a warning that a
// busy component repeats in every request is reported at its onset rather than
// thousands of times. A template scored usualScoreSeen times (64) has a usual score,
// the mean of its last ~usualScoreHorizon (32) scores, and its records are flagged only
// above it by escalateBy: a warning that comes back every few minutes scores the same
// each time and is not news. Critical records are exempt: each one reports a failure. A
// routine record (below warning, without alarm words or a number far above its usual
// values) is flagged only above autoCeiling, whatever the stream's threshold: on a quiet
// stream the threshold is 0.5, and a routine template that the forest isolates by its
// length alone is not news. With a
// contamination rate r, a record is flagged when its score is in the top r of the
// recent scores (the model's own threshold until autoMinScores records were scored),
// without a flag budget: the rate asks for that share.
//
// A Stream is not safe for concurrent use: callers serialise calls per stream (the
// plugin's engine holds a lock per stream). Different Streams are independent.
type Stream struct {
	opt    Options
	ext    *extractor
	det    *forest.Detector
	auto   bool    // contamination "auto": the adaptive threshold
	rate   float64 // the contamination rate otherwise
	window int     // the detector's window, defaults applied

	vec     []float64
	ref     []float64
	explain []float64
	order   []int
	surpr   []int // vector indexes of the surprise features

	rng      uint64 // admission and reference draws (splitmix64 state)
	admitted uint64 // vectors learned, references excluded
	scores   scoreQuantiles
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

// Flagging constants, see Stream.
const (
	autoSpread  = 5
	autoHorizon = 4096
)

// newFeatureSet applies the defaults to opt and builds the extractor of its features,
// what a Stream and a Batch both start from.
func newFeatureSet(opt Options) (Options, []featureID, *extractor, error) {
	opt = opt.withDefaults()
	ids, err := parseFeatures(opt.Features)
	if err != nil {
		return opt, nil, nil, err
	}
	ext, err := newExtractor(ids, opt.Templates)
	return opt, ids, ext, err
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
		auto:    opt.Detector.Forest.Contamination == 0,
		rate:    opt.Detector.Forest.Contamination,
		vec:     make([]float64, len(ids)),
		ref:     make([]float64, len(ids)),
		explain: make([]float64, len(ids)),
		order:   make([]int, len(ids)),
		rng:     uint64(opt.Detector.Forest.Seed)*0x9e3779b97f4a7c15 + 1,
	}
	for i, id := range ids {
		if surpriseBound(id) > 0 {
			s.surpr = append(s.surpr, i)
		}
	}
	s.window = opt.Detector.Window
	if s.window == 0 {
		s.window = forest.DefaultWindow
	}
	s.scores.init(autoHorizon)
	return s, nil
}

// surpriseBound is the upper end of a surprise feature's range, 0 for the features
// that describe a record rather than measure surprise.
func surpriseBound(id featureID) float64 {
	switch id {
	case fNovelty:
		return 1
	case fRarity, fBurst, fErrorBurst, fNumeric, fGap:
		return referenceBound
	}
	return 0
}

// referenceBound is the top of the reference values of the log-scaled surprise
// features: 2^8 times beyond their quiet zone covers every incident we have seen.
const referenceBound = 2

// Observe turns one record into features, scores it, learns from it and writes the
// verdict into r. at is the record's event time; level may be LevelUnknown.
func (s *Stream) Observe(msg string, level Level, at time.Time, r *Result) {
	// Step 1: features.
	s.ext.extract(s.vec, msg, level, at)
	ts := s.ext.current

	// Step 2: learn a fair share of each template, score every record.
	var v forest.Verdict
	if s.admit(ts) {
		v = s.det.Observe(s.vec, at)
		s.admitted++
		if len(s.surpr) > 0 && s.admitted%refEvery == 0 {
			s.reference(at)
		}
	} else {
		v = s.det.Score(s.vec)
	}

	// Step 3: the verdict.
	r.Score, r.Learning = v.Score, v.Learning
	r.TemplateID, r.Template = s.ext.match.ID, s.ext.match.Template
	r.Reasons = r.Reasons[:0]
	prior := recordPrior(level, s.vec, s.ext.ids, &s.ext.info)
	if v.Learning {
		// No model yet, so no opinion of the forest; a critical record still reports a
		// failure, in the first minute of a stream as in any other.
		r.Score = prior
		r.Flag = level >= LevelCritical
		if r.Flag {
			r.Reasons = append(r.Reasons, levelReason(level))
		}
		return
	}
	r.Score = combineSeverity(v.Score, prior)
	if s.auto {
		r.Flag = r.Score > s.scores.threshold()
	} else {
		r.Flag = r.Score > s.scores.rateThreshold(s.rate, v.Flag)
	}
	s.scores.add(r.Score)
	if r.Flag && s.auto {
		r.Flag = keepFlag(ts, &s.ext.info, r.Score, s.ext.records, s.ext.now)
	}
	ts.learnScore(r.Score)
	if r.Flag {
		r.Reasons = s.reasons(r.Reasons)
	}
}

// admit decides whether the current record is learned: always while its template holds
// less than its share of the window, then with the probability that keeps it there.
func (s *Stream) admit(ts *templateStats) bool {
	window := float64(s.window)
	quota := math.Max(admitQuota*window, admitMin)
	ts.recent = ts.recent*math.Exp(float64(ts.recentAt-s.ext.records)/window) + 1
	ts.recentAt = s.ext.records
	if ts.recent <= quota || s.det.Model() == nil {
		return true // and every record until the first model, so warm-up is not delayed
	}
	return s.uniform() < quota/ts.recent
}

// reference shows the detector a copy of the current vector with one surprise feature
// set to a random value of its range.
func (s *Stream) reference(at time.Time) {
	copy(s.ref, s.vec)
	r := referencer{rng: s.rng}
	r.set(s.ref, s.surpr, s.ext.ids)
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

// set overwrites one of the surprise features of ref (vector indexes in surprise) with
// a random value, most often mild: u²·bound.
func (r *referencer) set(ref []float64, surprise []int, ids []featureID) {
	i := surprise[int(r.next()%uint64(len(surprise)))]
	u := r.uniform()
	ref[i] = u * u * surpriseBound(ids[i])
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
