package forest

import (
	"errors"
	"fmt"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// detectorWire is a Detector's state as it is stored. Its dims are the frame's
// fingerprint (dimsFingerprint), not a field: a snapshot is only ever read into a detector
// of the same dims.
type detectorWire struct {
	// Model is the current model as Forest.MarshalBinary encodes it, empty
	// while there is none.
	Model []byte `codec:"model"`
	// Window holds the window's vectors, oldest first, Dims values each.
	Window   []float64 `codec:"window"`
	Seen     uint64    `codec:"seen"`
	Skipped  uint64    `codec:"skipped"`
	NextFit  uint64    `codec:"next_fit"`
	Fits     uint64    `codec:"fits"`
	HasFitAt bool      `codec:"has_fit_at"`
	FitAt    int64     `codec:"fit_at"` // Unix nanoseconds
}

// MarshalBinary encodes the detector's model, window and counters as
// msgpack in a versioned, checksummed frame. The state is the one of the
// last committed fit: a fit still in flight is not included and starts again
// after UnmarshalBinary. In synchronous mode, a detector restored from it
// gives the same verdicts as the original would have.
func (d *Detector) MarshalBinary() ([]byte, error) {
	d.mu.Lock()
	w := detectorWire{
		Window:   make([]float64, 0, d.count*d.dims),
		Seen:     d.seen,
		Skipped:  d.skipped,
		NextFit:  d.nextFit,
		Fits:     d.fits,
		HasFitAt: !d.fitAt.IsZero(),
	}
	if w.HasFitAt {
		w.FitAt = d.fitAt.UnixNano()
	}
	for i := range d.count {
		slot := (d.head + i) % d.opt.Window
		w.Window = append(w.Window, d.ring[slot*d.dims:(slot+1)*d.dims]...)
	}
	model := d.model.Load()
	d.mu.Unlock()
	if model != nil {
		b, err := model.MarshalBinary()
		if err != nil {
			return nil, err
		}
		w.Model = b
	}
	return encode(detectorKind, dimsFingerprint(d.dims), &w)
}

// UnmarshalBinary replaces the detector's model, window and counters with
// those encoded in b by MarshalBinary. The detector keeps its own options;
// the snapshot must have the same dims (an error wrapping ErrFormat and
// envelope.ErrMismatch otherwise). When the snapshot holds more vectors than
// the window, the most recent are kept. A fit in flight is discarded.
// Truncated, corrupt, foreign or outdated bytes give an error wrapping
// ErrFormat, never a panic, and leave the detector unchanged.
func (d *Detector) UnmarshalBinary(b []byte) error {
	var w detectorWire
	if err := decode(b, detectorKind, dimsFingerprint(d.dims), &w); err != nil {
		if errors.Is(err, envelope.ErrMismatch) {
			return fmt.Errorf("%w: the detector has %d features", err, d.dims)
		}
		return err
	}
	if len(w.Window)%d.dims != 0 {
		return corrupt("window of %d values is not a whole number of %d-feature vectors", len(w.Window), d.dims)
	}
	n := len(w.Window) / d.dims
	if uint64(n) > w.Seen {
		return corrupt("window holds %d vectors but only %d were observed", n, w.Seen)
	}
	for i := range n {
		if !learnable(w.Window[i*d.dims : (i+1)*d.dims]) {
			return corrupt("window vector %d holds a NaN, infinite or out-of-range value", i)
		}
	}
	var model *Forest
	if len(w.Model) > 0 {
		model = new(Forest)
		if err := model.UnmarshalBinary(w.Model); err != nil {
			return err
		}
		if model.dims != d.dims {
			return corrupt("model has %d features, detector %d", model.dims, d.dims)
		}
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	d.epoch++
	if d.pending != nil {
		d.finishPending(false) // its goroutine still reads the training copy
	}
	keep := min(n, d.opt.Window)
	copy(d.ring, w.Window[(n-keep)*d.dims:])
	d.head, d.count = 0, keep
	d.seen, d.skipped, d.nextFit, d.fits = w.Seen, w.Skipped, w.NextFit, w.Fits
	d.fitAt = time.Time{}
	if w.HasFitAt {
		d.fitAt = time.Unix(0, w.FitAt)
	}
	d.model.Store(model)
	return nil
}

// dimsFingerprint is the fingerprint of a detector snapshot: the one setting a reader must
// share, since vectors of other dims cannot be scored by its model.
func dimsFingerprint(dims int) string { return fmt.Sprintf("dims=%d", dims) }
