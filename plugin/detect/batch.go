package detect

import (
	"errors"
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/verdict"
)

// Batch scans a whole stream the way the original proof of concept did: it computes
// every record's features in order (the statistics behind rarity, bursts and numeric
// deviations are those of the records before it), fits one Isolation Forest on all the
// vectors and scores them all. Use it for files; a Stream scores as records arrive.
//
// Like a Stream, the forest learns a fair share of each template rather than every
// record (see Stream), here at most max(admitMin, admitQuota·n) records of each
// template, evenly spread over the file, and reference vectors.
//
// Scores and flags come from a verdict.Judge that reads the records in file order, as a
// Stream's does, so `contamination` and every other knob of the Policy mean the same in
// a batch as in a stream.
//
// A Batch is not safe for concurrent use.
type Batch struct {
	// LearnAll fits the forest on every record instead of a fair share of each
	// template, and keeps the forest's verdict as it is: the forest's score, every
	// record above the threshold flagged (no severity prior, no flag budget). With
	// features "level,length" and contamination 0.1 that is exactly the original proof
	// of concept's method.
	LearnAll bool

	opt    Options
	ext    *features.Extractor
	dims   int
	flat   []float64
	infos  []features.Info
	ids    []string
	tmpls  []string
	keys   []string   // event keys
	links  [][]uint64 // identifiers (record.Record.AppendLinks)
	levels []record.Level
	times  []int64 // stream clock at each record, unix nanoseconds
}

// NewBatch returns an empty Batch; opt.Detector.Forest configures the forest, the
// rest of opt.Detector is unused.
func NewBatch(opt Options) (*Batch, error) {
	opt, ids, ext, err := newFeatureSet(opt)
	if err != nil {
		return nil, err
	}
	return &Batch{opt: opt, ext: ext, dims: len(ids)}, nil
}

// Add computes the features of the next record.
func (b *Batch) Add(rec *record.Record) {
	n := len(b.flat)
	b.flat = append(b.flat, make([]float64, b.dims)...)
	b.ext.Extract(b.flat[n:], rec)
	b.infos = append(b.infos, *b.ext.Info())
	m := b.ext.Match()
	b.ids = append(b.ids, m.ID)
	b.tmpls = append(b.tmpls, m.Template)
	b.keys = append(b.keys, string(b.ext.EventKey(nil)))
	b.links = append(b.links, rec.AppendLinks(nil))
	b.levels = append(b.levels, rec.Level)
	b.times = append(b.times, b.ext.Now())
}

// Len returns the number of records added.
func (b *Batch) Len() int { return len(b.infos) }

// Vectors returns the feature vectors of the records added, in order. They alias the
// batch's storage.
func (b *Batch) Vectors() [][]float64 {
	rows := make([][]float64, len(b.infos))
	for i := range rows {
		rows[i] = b.flat[i*b.dims : (i+1)*b.dims : (i+1)*b.dims]
	}
	return rows
}

// Score fits the forest on every record added and returns one Result per record, in
// order. It fails when no record was added.
func (b *Batch) Score() ([]Result, error) {
	if len(b.infos) == 0 {
		return nil, errors.New("detect: empty batch")
	}
	rows := b.Vectors()
	train := rows
	if !b.LearnAll {
		train = b.sample(rows)
	}
	f, err := forest.Fit(train, b.opt.Detector.Forest)
	if err != nil {
		return nil, err
	}
	scores := f.ScoreBatch(nil, rows)
	out := make([]Result, len(rows))
	share := make([]float64, b.dims)
	order := make([]int, b.dims)
	set := b.ext.Set()
	judge := verdict.NewJudge(b.opt.Policy, b.opt.Detector.Forest.Contamination)
	for i, x := range rows {
		r := &out[i]
		r.TemplateID, r.Template, r.Level = b.ids[i], b.tmpls[i], b.levels[i]
		v := forest.Verdict{Score: scores[i], Flag: scores[i] > f.Threshold()}
		storm := false
		if b.LearnAll {
			r.Score, r.Flag = v.Score, v.Flag
		} else {
			d := judge.Decide(&verdict.Record{Forest: v, Vector: x, Set: set,
				Info: &b.infos[i], Key: []byte(b.keys[i]), N: int64(i + 1), Now: b.times[i], Links: b.links[i]})
			r.Score, r.Flag, r.Incident, r.IncidentStart = d.Score, d.Flag, d.Incident, d.Started
			storm = d.Storm
			if d.Linkable {
				judge.Link(b.links[i])
			}
			if judge.SamplingIdentifiers() {
				judge.SampleIdentifiers(b.links[i])
			}
			if reason := verdictReason(d); reason != "" {
				r.Reasons = append(r.Reasons[:0], reason)
				continue
			}
		}
		if r.Flag {
			f.Explain(share, x)
			r.Reasons = withStormReason(explainReasons(nil, set, x, share, order, &b.infos[i]), storm)
		}
	}
	return out, nil
}

// sample returns the rows the forest learns from: of each template's n records, at
// most quota = max(admitMin, admitQuota·len(rows)) spread evenly over them, as a
// Stream learns (see Stream).
func (b *Batch) sample(rows [][]float64) [][]float64 {
	quota := int(math.Max(admitMin, admitQuota*float64(len(rows))))
	total := make(map[string]int)
	for _, id := range b.ids {
		total[id]++
	}
	seen := make(map[string]int, len(total))
	out := make([][]float64, 0, len(rows))
	var surprise []int
	set := b.ext.Set()
	for i, id := range set {
		if _, _, ok := features.ReferenceRange(id); ok {
			surprise = append(surprise, i)
		}
	}
	refs := referencer{rng: uint64(b.opt.Detector.Forest.Seed)*0x9e3779b97f4a7c15 + 1}
	admitted := 0
	for i, id := range b.ids {
		n, k := total[id], seen[id]
		seen[id]++
		// Admit record k of n when it starts a new one of quota equal slices.
		if n <= quota || k*quota/n != (k-1)*quota/n || k == 0 {
			out = append(out, rows[i])
			admitted++
			if len(surprise) > 0 && admitted%refEvery == 0 {
				ref := append([]float64(nil), rows[i]...)
				refs.set(ref, surprise, set)
				out = append(out, ref)
			}
		}
	}
	return out
}
