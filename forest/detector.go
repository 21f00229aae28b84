package forest

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Detector defaults, applied to zero fields of DetectorOptions.
const (
	DefaultWarmup = 32
	DefaultWindow = 2048
	// DefaultRefitLag is how many vectors a background fit has before its model must
	// take effect. A default fit (100 trees of 256 rows) takes 1-3 ms on one core; 1024
	// vectors take 3 ms or more to arrive even at 300k vectors a second, the most one
	// core scores, so the model is normally ready before it is due and scoring never
	// waits; on a starved machine the vector it is due at waits for it.
	DefaultRefitLag = 1024
)

// MaxWindow is the largest accepted DetectorOptions.Window. The window takes
// Window*dims*8 bytes, and a refit copies it once more.
const MaxWindow = 1 << 20

// DetectorOptions configures a Detector. The zero value selects the
// defaults.
type DetectorOptions struct {
	// Forest configures every fit. The seed of fit number k (0 for the
	// first) is derived from Forest.Seed and k, so that a replay refits
	// exactly as the original run did.
	Forest Options
	// Warmup is the number of vectors observed before the first model is
	// fitted (default 32, at most Window). Until then verdicts are
	// Learning.
	Warmup int
	// Window is the number of most recent vectors kept for refits
	// (default 2048).
	Window int
	// RefitEvery is the number of vectors observed between refits once the
	// window is full (default Window).
	RefitEvery int
	// RefitInterval also triggers a refit once this much event time (the at
	// argument of Observe) has passed since the last fit. Zero disables it.
	RefitInterval time.Duration
	// Synchronous fits inline in the Observe call that triggers a fit.
	// Otherwise refits run in the background, and the model of a fit
	// triggered by the n-th vector takes effect at vector n+RefitLag+1
	// exactly, waiting for the fit only when it is late. Either way the same
	// vectors with the same seed give the same verdicts. The first fit, on the
	// Warmup vectors, always runs inline, so the vector after the warm-up is
	// already scored.
	Synchronous bool
	// RefitLag is the number of vectors scored with the old model after a
	// background fit starts once the window is full (default
	// DefaultRefitLag). While the window fills, fits take effect sooner (see
	// refitLag).
	RefitLag int
}

// withDefaults returns o with zero fields replaced by their defaults.
func (o DetectorOptions) withDefaults() DetectorOptions {
	o.Forest = o.Forest.withDefaults()
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	if o.Warmup == 0 {
		o.Warmup = min(DefaultWarmup, max(o.Window, 1))
	}
	if o.RefitEvery == 0 {
		o.RefitEvery = o.Window
	}
	if o.RefitLag == 0 {
		o.RefitLag = DefaultRefitLag
	}
	return o
}

// validate reports every out-of-range field of o (after defaults).
func (o DetectorOptions) validate(dims int) error {
	var errs []error
	if dims < 1 || dims > MaxDims {
		errs = append(errs, fmt.Errorf("forest: dims must be in [1, %d], got %d", MaxDims, dims))
	}
	if err := o.Forest.validate(); err != nil {
		errs = append(errs, err)
	}
	if o.Window < 1 || o.Window > MaxWindow {
		errs = append(errs, fmt.Errorf("forest: DetectorOptions.Window must be in [1, %d] (0 selects %d), got %d", MaxWindow, DefaultWindow, o.Window))
	}
	if o.Warmup < 1 || o.Warmup > max(o.Window, 1) {
		errs = append(errs, fmt.Errorf("forest: DetectorOptions.Warmup must be in [1, Window=%d] (0 selects %d), got %d", o.Window, DefaultWarmup, o.Warmup))
	}
	if o.RefitEvery < 1 {
		errs = append(errs, fmt.Errorf("forest: DetectorOptions.RefitEvery must be at least 1 (0 selects Window), got %d", o.RefitEvery))
	}
	if o.RefitLag < 1 {
		errs = append(errs, fmt.Errorf("forest: DetectorOptions.RefitLag must be at least 1 (0 selects %d), got %d", DefaultRefitLag, o.RefitLag))
	}
	if o.RefitInterval < 0 {
		errs = append(errs, fmt.Errorf("forest: DetectorOptions.RefitInterval must be at least 0 (0 disables it), got %v", o.RefitInterval))
	}
	return errors.Join(errs...)
}

// Verdict is the outcome of scoring one vector.
type Verdict struct {
	// Score is the forest's score in (0, 1]; 0 while Learning.
	Score float64
	// Flag reports Score > the model's Threshold.
	Flag bool
	// Learning reports that no model exists yet.
	Learning bool
}

// DetectorStats are a Detector's counters.
type DetectorStats struct {
	Observed uint64 // vectors passed to Observe
	Fits     uint64 // models fitted and swapped in
	Window   int    // vectors in the window now
	Skipped  uint64 // vectors scored but not learned: NaN, ±Inf or beyond float32
	// LateFits counts background fits still running when their model was due;
	// Waited is the time Observe waited for them in all.
	LateFits uint64
	Waited   time.Duration
}

// Detector scores one stream of vectors and learns from it: it fits its first
// model after Warmup vectors, refits on the growing sample each time it has
// doubled until the window is full, then on the window every RefitEvery
// vectors or RefitInterval of event time. Refits run in the background, one
// at a time, and each new model takes effect a fixed number of vectors
// (RefitLag) after its fit started, so the verdicts do not depend on how fast
// the fit ran; Observe waits only for a fit that is late. The first fit runs
// inline in the Observe call that completes the warm-up (a small sample, so a
// short fit). A Detector is safe for concurrent use.
type Detector struct {
	dims  int
	opt   DetectorOptions
	model atomic.Pointer[Forest]

	mu      sync.Mutex
	ring    []float64   // Window vectors of dims values, a ring buffer
	head    int         // slot of the oldest vector
	count   int         // vectors in the ring
	seen    uint64      // vectors observed
	skipped uint64      // vectors not learned
	nextFit uint64      // seen count at which the next count-driven fit starts
	fits    uint64      // fits committed
	fitAt   time.Time   // event time of the last fit, zero if unknown
	pending *pendingFit // the background fit in flight, nil if none
	closed  bool
	late    uint64
	waited  time.Duration
	epoch   uint64 // bumped by SetModel and UnmarshalBinary to void a fit in flight
	// the training copy of the window, reused from fit to fit
	trainBuf  []float64
	trainRows [][]float64

	cache scoreCache
}

// NewDetector returns a Detector for vectors of dims features.
func NewDetector(dims int, opt DetectorOptions) (*Detector, error) {
	opt = opt.withDefaults()
	if err := opt.validate(dims); err != nil {
		return nil, err
	}
	return &Detector{
		dims:    dims,
		opt:     opt,
		ring:    make([]float64, opt.Window*dims),
		nextFit: uint64(opt.Warmup),
	}, nil
}

// pendingFit is a background fit and the vector count at which its model takes
// effect.
type pendingFit struct {
	job     fitJob
	applyAt uint64 // commit before scoring once seen reaches it
	done    chan struct{}
	model   *Forest
	err     error
}

// Observe scores x with the current model, then adds a copy of x to the
// window, which may start a refit; at is x's event time, which drives
// RefitInterval (a zero at never triggers it). Vectors holding NaN, ±Inf or
// values beyond the float32 range are scored but not learned from. Observe
// panics if len(x) differs from the dims given to NewDetector.
func (d *Detector) Observe(x []float64, at time.Time) Verdict {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p := d.pending; p != nil && d.seen >= p.applyAt {
		d.finishPending(true)
	}
	v := d.Score(x)
	if !learnable(x) {
		d.skipped++
		return v
	}
	d.push(x)
	d.seen++
	job, due := d.dueFit(at)
	if !due {
		return v
	}
	// The first fit runs inline even in background mode: it covers only Warmup vectors,
	// so it is quick, and without it every record of a large first chunk would come out
	// still learning.
	if d.opt.Synchronous || d.model.Load() == nil {
		f, err := d.train(job)
		d.commit(job, f, err)
		return v
	}
	p := &pendingFit{job: job, applyAt: job.seen + d.refitLag(job.seen), done: make(chan struct{})}
	d.pending = p
	go func() {
		// Needs no lock: the training copy belongs to this fit until finishPending.
		p.model, p.err = d.train(p.job)
		close(p.done)
	}()
	return v
}

// refitLag returns how many vectors a background fit started at seen has
// before its model is due. While the window fills, each model is replaced
// once twice as many vectors were seen, so it takes effect after a 32nd of
// that span (growthLagShare) and serves the rest of it; the sample is small
// and the fit quick. Once the window is full, models change slowly and the fit
// gets RefitLag vectors, enough to finish at any rate one core can score.
func (d *Detector) refitLag(seen uint64) uint64 {
	if seen < uint64(d.opt.Window) {
		return max(1, seen/growthLagShare)
	}
	return uint64(d.opt.RefitLag)
}

// growthLagShare: a fit of the growing sample takes effect after 1/growthLagShare
// more vectors than it was fitted on.
const growthLagShare = 32

// finishPending waits for the fit in flight and, when apply is set, commits
// it. d.mu is held; the fit's goroutine never takes it.
func (d *Detector) finishPending(apply bool) {
	p := d.pending
	select {
	case <-p.done:
	default:
		start := time.Now()
		<-p.done
		if apply {
			d.late++
			d.waited += time.Since(start)
		}
	}
	d.pending = nil
	if apply {
		d.commit(p.job, p.model, p.err)
	}
}

// learnable reports whether x can enter the window: Fit rejects the rest.
func learnable(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.Abs(v) > math.MaxFloat32 {
			return false
		}
	}
	return true
}

// push copies x into the ring, over the oldest vector when it is full.
func (d *Detector) push(x []float64) {
	window := d.opt.Window
	slot := (d.head + d.count) % window
	if d.count == window {
		d.head = (d.head + 1) % window
	} else {
		d.count++
	}
	copy(d.ring[slot*d.dims:(slot+1)*d.dims], x)
}

// fitJob is what a fit needs besides the window.
type fitJob struct {
	seen  uint64    // vectors observed when the fit was triggered
	at    time.Time // event time that triggered it
	seed  int64
	epoch uint64
}

// dueFit reports whether a fit must start now and, if so, copies the window
// for it. d.mu is held.
func (d *Detector) dueFit(at time.Time) (fitJob, bool) {
	if d.pending != nil || d.closed || d.count == 0 {
		return fitJob{}, false
	}
	due := d.seen >= d.nextFit
	if !due && d.opt.RefitInterval > 0 && !at.IsZero() && d.model.Load() != nil {
		if d.fitAt.IsZero() {
			d.fitAt = at // first event time after a loaded model: start the clock
		} else {
			due = at.Sub(d.fitAt) >= d.opt.RefitInterval
		}
	}
	if !due {
		return fitJob{}, false
	}
	d.copyWindow()
	return fitJob{seen: d.seen, at: at, seed: refitSeed(d.opt.Forest.Seed, d.fits), epoch: d.epoch}, true
}

// refitSeed derives the seed of fit number k from the configured seed.
func refitSeed(seed int64, k uint64) int64 {
	return int64(mix64(uint64(seed) ^ mix64(k)))
}

// copyWindow copies the window, oldest first, into the training buffer.
func (d *Detector) copyWindow() {
	n := d.count * d.dims
	if cap(d.trainBuf) < len(d.ring) {
		d.trainBuf = make([]float64, len(d.ring))
		d.trainRows = make([][]float64, d.opt.Window)
	}
	buf := d.trainBuf[:n]
	first := d.ring[d.head*d.dims:]
	if len(first) >= n {
		copy(buf, first[:n])
	} else {
		copy(buf[copy(buf, first):], d.ring)
	}
	rows := d.trainRows[:d.count]
	for i := range rows {
		rows[i] = buf[i*d.dims : (i+1)*d.dims : (i+1)*d.dims]
	}
	d.trainRows = rows
}

// train fits a model on the training copy of the window. It needs no lock:
// the copy belongs to the one fit in flight until commit.
func (d *Detector) train(job fitJob) (*Forest, error) {
	opt := d.opt.Forest
	opt.Seed = job.seed
	return Fit(d.trainRows, opt)
}

// commit swaps in the model of a finished fit and schedules the next one,
// unless SetModel or UnmarshalBinary replaced the state meanwhile. d.mu is
// held.
func (d *Detector) commit(job fitJob, f *Forest, err error) {
	if job.epoch != d.epoch {
		return
	}
	if err == nil {
		d.model.Store(f)
	}
	// A fit cannot fail on learnable vectors and validated options; if it
	// did, scheduling moves on as if it had succeeded rather than retry on
	// every vector.
	d.fits++
	if !job.at.IsZero() {
		d.fitAt = job.at
	}
	d.nextFit = d.nextFitAfter(job.seen)
}

// nextFitAfter returns the seen count of the next count-driven fit after a
// fit at seen: twice as many vectors while the window fills, then
// RefitEvery more.
func (d *Detector) nextFitAfter(seen uint64) uint64 {
	window := uint64(d.opt.Window)
	if seen < window {
		return min(2*seen, window)
	}
	return seen + uint64(d.opt.RefitEvery)
}

// Score scores x with the current model without learning from it. It panics
// if len(x) differs from the dims given to NewDetector.
func (d *Detector) Score(x []float64) Verdict {
	if len(x) != d.dims {
		panic(errDimsMismatch)
	}
	f := d.model.Load()
	if f == nil {
		return Verdict{Learning: true}
	}
	s := d.cache.score(f, x)
	return Verdict{Score: s, Flag: s > f.flagAbove}
}

// Explain explains x with the current model (see Forest.Explain); it
// returns nil while there is none.
func (d *Detector) Explain(dst, x []float64) []float64 {
	f := d.model.Load()
	if f == nil {
		return nil
	}
	return f.Explain(dst, x)
}

// Model returns the current model, or nil while there is none.
func (d *Detector) Model() *Forest { return d.model.Load() }

// SetModel makes f the current model, for example one trained on history,
// so that scoring starts at once. The detector keeps learning: it refits on
// its own window once the window is full and RefitEvery vectors have been
// observed after SetModel, or after RefitInterval. A fit in flight is
// discarded. f's Dims must equal the detector's.
func (d *Detector) SetModel(f *Forest) error {
	if f == nil {
		return errors.New("forest: SetModel of a nil model")
	}
	if f.dims != d.dims {
		return fmt.Errorf("forest: model has %d features, detector %d", f.dims, d.dims)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.epoch++
	if d.pending != nil {
		d.finishPending(false)
	}
	d.model.Store(f)
	d.fitAt = time.Time{}
	d.nextFit = max(d.seen+uint64(d.opt.RefitEvery), uint64(d.opt.Window))
	return nil
}

// Stats returns the detector's counters.
func (d *Detector) Stats() DetectorStats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return DetectorStats{Observed: d.seen + d.skipped, Fits: d.fits, Window: d.count, Skipped: d.skipped, LateFits: d.late, Waited: d.waited}
}

// CacheStats returns how many scorings the score cache answered (a vector scored lately
// by the same model) and how many walked the trees, since the Detector was made. They
// are not part of its saved state.
func (d *Detector) CacheStats() (hits, misses uint64) {
	d.cache.mu.Lock()
	defer d.cache.mu.Unlock()
	return d.cache.hits, d.cache.misses
}

// Close waits for a fit in flight to finish and drops it; no fit starts
// afterwards. Observe and Score keep working with the last model.
func (d *Detector) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.pending != nil {
		d.finishPending(false)
	}
}
