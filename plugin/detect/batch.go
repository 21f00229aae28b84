package detect

import (
	"errors"
	"math"
	"sort"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
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
// Scores and flags follow the rules of Stream, applied to the scores of the whole batch:
// the forest's score combined with the severity prior; with contamination "auto" a score
// above min(autoCeiling, max(0.5, median + autoSpread·2·E[(s − median)⁺])) of all scores
// (0.5 for batches under autoMinScores records), each template raising at most
// flagBudget flags per burst in file order and routine records only above autoCeiling,
// as in a Stream; with a contamination rate
// the forest's threshold (that share of its training scores).
//
// A Batch is not safe for concurrent use.
type Batch struct {
	// LearnAll fits the forest on every record instead of a fair share of each
	// template, and keeps the forest's verdict as it is: the forest's score, every
	// record above the threshold flagged (no severity prior, no flag budget). With
	// features "level,length" and contamination 0.1 that is exactly the original proof
	// of concept's method.
	LearnAll bool

	opt   Options
	ext   *extractor
	dims  int
	flat  []float64
	infos []recordInfo
	ids   []string
	tmpls []string
	times []int64 // stream clock at each record, unix nanoseconds
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
func (b *Batch) Add(msg string, level Level, at time.Time) {
	n := len(b.flat)
	b.flat = append(b.flat, make([]float64, b.dims)...)
	b.ext.extract(b.flat[n:], msg, level, at)
	b.infos = append(b.infos, b.ext.info)
	b.ids = append(b.ids, b.ext.match.ID)
	b.tmpls = append(b.tmpls, b.ext.match.Template)
	b.times = append(b.times, b.ext.now)
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
	if !b.LearnAll {
		for i, x := range rows {
			scores[i] = combineSeverity(scores[i], recordPrior(b.infos[i].level, x, b.ext.ids, &b.infos[i]))
		}
	}
	threshold := f.Threshold()
	auto := b.opt.Detector.Forest.Contamination == 0 && !b.LearnAll
	if b.opt.Detector.Forest.Contamination == 0 {
		sorted := append([]float64(nil), scores...)
		sort.Float64s(sorted)
		median := sortedQuantile(sorted, 0.5)
		var excess float64
		for _, s := range sorted {
			excess += math.Max(0, s-median)
		}
		threshold = adaptiveThreshold(median, 2*excess/float64(len(sorted)), float64(len(sorted)), autoSpread)
	}
	out := make([]Result, len(rows))
	share := make([]float64, b.dims)
	order := make([]int, b.dims)
	templates := make(map[string]*templateStats) // flag budgets and usual scores
	for i, x := range rows {
		r := &out[i]
		r.Score, r.Flag = scores[i], scores[i] > threshold
		r.TemplateID, r.Template = b.ids[i], b.tmpls[i]
		if auto {
			ts := templates[r.TemplateID]
			if ts == nil {
				ts = new(templateStats)
				templates[r.TemplateID] = ts
			}
			if r.Flag {
				r.Flag = keepFlag(ts, &b.infos[i], r.Score, int64(i), b.times[i])
			}
			ts.learnScore(r.Score)
		}
		if r.Flag {
			f.Explain(share, x)
			r.Reasons = explainReasons(nil, b.ext.ids, x, share, order, &b.infos[i])
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
	for i, id := range b.ext.ids {
		if surpriseBound(id) > 0 {
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
				refs.set(ref, surprise, b.ext.ids)
				out = append(out, ref)
			}
		}
	}
	return out
}

// sortedQuantile returns the p-quantile of sorted values (nearest rank).
func sortedQuantile(sorted []float64, p float64) float64 {
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}
