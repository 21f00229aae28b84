package forest

import (
	"errors"
	"fmt"
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/ugorji/go/codec"
)

// A serialised forest or detector is a msgpack payload in the project's state frame
// (package forest/envelope), so a forest fails to load the way every other saved state
// does. The frame turns foreign, damaged and outdated bytes away before the payload is
// decoded; the payload is then validated field by field before anything is built from it.
const (
	modelKind    = "forest/model"
	detectorKind = "forest/detector"
	// formatVersion is the payload format of both kinds. Version 1 had a msgpack frame of
	// its own; those bytes are now foreign.
	formatVersion = 2
)

// ErrFormat is wrapped by every error that UnmarshalBinary returns for bytes that are not
// a valid serialised model. The error wraps the envelope's reason as well:
// envelope.ErrForeign, envelope.ErrVersion, envelope.ErrCorrupt (also for a payload that
// breaks an invariant) or, for a detector snapshot of other dims, envelope.ErrMismatch.
var ErrFormat = errors.New("forest: invalid serialised model")

// corrupt reports a payload that passed the frame's checksum but does not describe a
// valid model: forged, or written by a faulty encoder.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %w: "+format, append([]any{ErrFormat, envelope.ErrCorrupt}, args...)...)
}

// forestWire is a Forest as it is stored. Trees are listed node by node in
// preorder, which does not depend on the in-memory layout.
type forestWire struct {
	Dims          int     `codec:"dims"`
	SampleSize    int     `codec:"sample_size"` // psi, the samples each tree was grown on
	Contamination float64 `codec:"contamination"`
	Threshold     float64 `codec:"threshold"`
	Seed          int64   `codec:"seed"`
	// TreeNodes[t] is the number of nodes of tree t.
	TreeNodes []uint32 `codec:"tree_nodes"`
	// Feature is the split feature of each node, -1 for a leaf.
	Feature []int32 `codec:"feature"`
	// Split is the float32 threshold of each node, 0 for a leaf.
	Split []float32 `codec:"split"`
	// Size is the number of training samples that reached each node.
	Size []uint16 `codec:"size"`
}

// newHandle encodes canonically, so that equal models give equal bytes.
func newHandle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{WriteExt: true}
	h.Canonical = true
	return h
}

// encode seals the msgpack encoding of payload as kind.
func encode(kind, fingerprint string, payload any) ([]byte, error) {
	var inner []byte
	if err := codec.NewEncoderBytes(&inner, newHandle()).Encode(payload); err != nil {
		return nil, fmt.Errorf("forest: encode %s: %w", kind, err)
	}
	return envelope.Seal(kind, formatVersion, fingerprint, inner), nil
}

// decode opens the frame of b and decodes its payload into payload. The codec reports
// malformed msgpack as errors; the recover turns any panic that slips through into one.
func decode(b []byte, kind, fingerprint string, payload any) (err error) {
	inner, err := envelope.Open(b, kind, formatVersion, fingerprint)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrFormat, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = corrupt("%v", r)
		}
	}()
	if err := codec.NewDecoderBytes(inner, newHandle()).Decode(payload); err != nil {
		return corrupt("%v", err)
	}
	return nil
}

// MarshalBinary encodes the forest as msgpack in a versioned, checksummed
// frame. A forest decoded from it scores every input bit for bit as f
// does.
func (f *Forest) MarshalBinary() ([]byte, error) {
	w := forestWire{
		Dims:          f.dims,
		SampleSize:    f.psi,
		Contamination: f.contamination,
		Threshold:     f.flagAbove,
		Seed:          f.seed,
		TreeNodes:     make([]uint32, f.trees),
	}
	for t := range f.trees {
		before := len(w.Feature)
		f.appendPreorder(&w, t, 1)
		w.TreeNodes[t] = uint32(len(w.Feature) - before)
	}
	return encode(modelKind, "", &w)
}

// appendPreorder appends the subtree of tree t at heap position p to w.
func (f *Forest) appendPreorder(w *forestWire, t, p int) {
	size := f.treeSizes(t)[p]
	if !f.isSplit(t, p) {
		w.Feature = append(w.Feature, -1)
		w.Split = append(w.Split, 0)
		w.Size = append(w.Size, size)
		return
	}
	feature, threshold := f.split(t, p)
	w.Feature = append(w.Feature, int32(feature))
	w.Split = append(w.Split, threshold)
	w.Size = append(w.Size, size)
	f.appendPreorder(w, t, 2*p)
	f.appendPreorder(w, t, 2*p+1)
}

// UnmarshalBinary replaces f with the forest encoded in b by MarshalBinary.
// Truncated, corrupt, foreign or outdated bytes, and models that break an
// invariant (a split below the depth limit, a feature out of range, sample
// counts that do not add up), give an error wrapping ErrFormat, never a
// panic; f is then unchanged. A Forest must not be used concurrently with its
// UnmarshalBinary.
func (f *Forest) UnmarshalBinary(b []byte) error {
	var w forestWire
	if err := decode(b, modelKind, "", &w); err != nil {
		return err
	}
	g, err := w.build()
	if err != nil {
		return err
	}
	*f = *g
	return nil
}

// build validates w and builds the forest it describes.
func (w *forestWire) build() (*Forest, error) {
	bad := func(format string, args ...any) (*Forest, error) {
		return nil, corrupt(format, args...)
	}
	switch {
	case w.Dims < 1 || w.Dims > MaxDims:
		return bad("dims must be in [1, %d], got %d", MaxDims, w.Dims)
	case w.SampleSize < 1 || w.SampleSize > MaxSampleSize:
		return bad("sample_size must be in [1, %d], got %d", MaxSampleSize, w.SampleSize)
	case len(w.TreeNodes) < 1 || len(w.TreeNodes) > MaxTrees:
		return bad("trees must be in [1, %d], got %d", MaxTrees, len(w.TreeNodes))
	case math.IsNaN(w.Contamination) || w.Contamination < 0 || w.Contamination > MaxContamination:
		return bad("contamination must be in [0, %g], got %g", MaxContamination, w.Contamination)
	case !(w.Threshold >= 0 && w.Threshold <= 1):
		return bad("threshold must be in [0, 1], got %g", w.Threshold)
	case w.Contamination == 0 && w.Threshold != 0.5:
		return bad("threshold must be 0.5 with contamination auto, got %g", w.Threshold)
	case len(w.Split) != len(w.Feature) || len(w.Size) != len(w.Feature):
		return bad("node arrays differ in length: %d features, %d splits, %d sizes", len(w.Feature), len(w.Split), len(w.Size))
	}
	f := newForest(w.Dims, len(w.TreeNodes), w.SampleSize, w.Contamination, w.Seed)
	f.flagAbove = w.Threshold
	r := preorderReader{w: w, f: f}
	for t, count := range w.TreeNodes {
		start := r.next
		if err := r.read(t, 1, 0); err != nil {
			return bad("tree %d: %v", t, err)
		}
		if r.next-start != int(count) {
			return bad("tree %d has %d nodes, tree_nodes says %d", t, r.next-start, count)
		}
	}
	if r.next != len(w.Feature) {
		return bad("%d nodes after the last tree", len(w.Feature)-r.next)
	}
	return f, nil
}

// preorderReader rebuilds trees from the preorder node lists of a forestWire.
type preorderReader struct {
	w    *forestWire
	f    *Forest
	next int // index of the next node to read
}

// read rebuilds the subtree at heap position p and depth d of tree t.
func (r *preorderReader) read(t, p, d int) error {
	if r.next >= len(r.w.Feature) {
		return errors.New("node list ends inside the tree")
	}
	k := r.next
	r.next++
	feature, threshold, n := int(r.w.Feature[k]), r.w.Split[k], int(r.w.Size[k])
	switch {
	case n < 1:
		return fmt.Errorf("node %d holds no sample", k)
	case d == 0 && n != r.f.psi:
		return fmt.Errorf("root holds %d samples, want sample_size %d", n, r.f.psi)
	case feature == -1:
		r.f.placeLeaf(t, p, d, n)
		return nil
	case feature < 0 || feature >= r.f.dims:
		return fmt.Errorf("node %d splits on feature %d of %d", k, feature, r.f.dims)
	case d >= r.f.depth:
		return fmt.Errorf("node %d splits below the depth limit %d", k, r.f.depth)
	case n < 2:
		return fmt.Errorf("node %d splits a single sample", k)
	case math.IsNaN(float64(threshold)) || math.IsInf(float64(threshold), 0):
		return fmt.Errorf("node %d has threshold %g", k, threshold)
	}
	if threshold == 0 {
		threshold = 0 // +0: the scoring kernel relies on it
	}
	r.f.placeSplit(t, p, feature, threshold, n)
	left := r.next
	if err := r.read(t, 2*p, d+1); err != nil {
		return err
	}
	right := r.next
	if err := r.read(t, 2*p+1, d+1); err != nil {
		return err
	}
	if sum := int(r.w.Size[left]) + int(r.w.Size[right]); sum != n {
		return fmt.Errorf("node %d holds %d samples, its children %d", k, n, sum)
	}
	return nil
}
