package forest

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Forest is a fitted Isolation Forest. It is immutable once built: Score,
// ScoreBatch, Explain, Threshold, Dims and MarshalBinary are safe for
// concurrent use.
//
// Each tree is a complete binary tree padded to the depth limit d: heap
// positions 1 to 2^d-1 hold the splits, positions 2^d to 2^(d+1)-1 the
// leaves. A leaf reached before the depth limit is copied into every padded
// slot below it, so every input takes exactly d steps in every tree.
type Forest struct {
	dims          int
	trees         int
	psi           int // samples each tree was grown on, min(SampleSize, rows)
	depth         int // depth limit ceil(log2 psi)
	contamination float64
	seed          int64
	flagAbove     float64 // the threshold on scores
	denominator   float64 // trees * c(psi), as scikit-learn computes it

	// The trees in one of two layouts. Forests of depth 8 over at most 256
	// features (the default psi of 256 and the widths the plugin uses) keep
	// each tree in one block, indexed by uint8 so that scoring needs no
	// bounds checks; other forests keep three flat arrays. Either way the
	// split at heap position p in [1, 2^depth) of tree t sends x right when
	// float32(x[feature]) > threshold, and leaf q in [0, 2^depth) holds the
	// path length h of heap position 2^depth+q: its depth plus c(leaf size).
	blocks    []block8  // fast layout, or nil
	threshold []float32 // generic layout: [t<<depth + p]
	feature   []uint32  // generic layout: [t<<depth + p]
	leaves    []float64 // generic layout: [t<<depth + q]

	lnSize []float64 // ln(n) for n in [0, psi], for Explain

	// sizes[t<<(depth+1) + p] is the number of training samples that reached
	// heap position p of tree t (padded slots repeat their leaf's size). It
	// drives Explain and the serialised form.
	sizes []uint16
}

// block8 is one tree of depth 8 over at most 256 features. Thresholds are
// scikit-learn's double thresholds rounded down to float32 (see floor32);
// padded nodes below a leaf are zero.
type block8 struct {
	threshold [256]float32
	feature   [256]uint8
	leaves    [256]float64
}

// usesBlocks reports whether a forest of this shape takes the block layout.
func usesBlocks(depth, dims int) bool { return depth == 8 && dims <= 256 }

// setSplit records the split of tree t at heap position p.
func (f *Forest) setSplit(t, p, feature int, threshold float32) {
	if f.blocks != nil {
		f.blocks[t].threshold[p] = threshold
		f.blocks[t].feature[p] = uint8(feature)
		return
	}
	f.threshold[t<<f.depth+p] = threshold
	f.feature[t<<f.depth+p] = uint32(feature)
}

// split returns the split of tree t at heap position p.
func (f *Forest) split(t, p int) (feature int, threshold float32) {
	if f.blocks != nil {
		return int(f.blocks[t].feature[p]), f.blocks[t].threshold[p]
	}
	return int(f.feature[t<<f.depth+p]), f.threshold[t<<f.depth+p]
}

// setLeaf records the path length h of leaf q of tree t.
func (f *Forest) setLeaf(t, q int, h float64) {
	if f.blocks != nil {
		f.blocks[t].leaves[q] = h
		return
	}
	f.leaves[t<<f.depth+q] = h
}

// featureThreshold is scikit-learn's FEATURE_THRESHOLD, a float32: a feature
// whose range in a node is at most this is treated as constant there.
const featureThreshold float32 = 1e-7

// Fit grows an Isolation Forest on the rows of X with scikit-learn 1.2's
// algorithm:
//
//   - each tree is grown on psi = min(SampleSize, len(X)) rows drawn without
//     replacement;
//   - a node with fewer than 2 samples, at depth ceil(log2 psi), or whose
//     features are all constant is a leaf;
//   - otherwise the split feature is drawn uniformly among the features not
//     constant in the node, and the threshold t uniformly in [min, max) of
//     that feature in the node; x goes left when x <= t;
//   - values are rounded to float32 before they reach the trees.
//
// With a non-zero Contamination the threshold is the (1-Contamination)
// quantile, numpy's linear percentile, of the scores of all rows of X.
//
// Fit returns an error when X has no rows or no columns, when rows differ in
// length, when a value is NaN, infinite or outside the float32 range, or when
// an option is out of range. Fit does not keep X.
func Fit(X [][]float64, opt Options) (*Forest, error) {
	opt = opt.withDefaults()
	if err := opt.validate(); err != nil {
		return nil, err
	}
	dims, err := checkRows(X)
	if err != nil {
		return nil, err
	}
	f := newForest(dims, opt.Trees, min(opt.SampleSize, len(X)), opt.Contamination, opt.Seed)
	var b builder
	b.init(X, f)
	for t := range f.trees {
		b.growTree(t, opt.Seed)
	}
	f.setThreshold(X)
	return f, nil
}

// checkRows validates the training matrix and returns its number of columns.
func checkRows(X [][]float64) (int, error) {
	if len(X) == 0 {
		return 0, errors.New("forest: X has no rows")
	}
	if len(X) > math.MaxInt32 {
		return 0, fmt.Errorf("forest: X must have at most %d rows, got %d", math.MaxInt32, len(X))
	}
	dims := len(X[0])
	if dims == 0 {
		return 0, errors.New("forest: X has no columns")
	}
	if dims > MaxDims {
		return 0, fmt.Errorf("forest: rows must have at most %d values, got %d", MaxDims, dims)
	}
	for i, row := range X {
		if len(row) != dims {
			return 0, fmt.Errorf("forest: row %d has %d values, want %d like row 0", i, len(row), dims)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("forest: row %d, column %d is %g; values must be finite", i, j, v)
			}
			if math.Abs(v) > math.MaxFloat32 {
				return 0, fmt.Errorf("forest: row %d, column %d is %g; values must be within ±%g, the float32 range the trees use", i, j, v, math.MaxFloat32)
			}
		}
	}
	return dims, nil
}

// newForest allocates a forest with its padded arrays.
func newForest(dims, trees, psi int, contamination float64, seed int64) *Forest {
	depth := depthLimit(psi)
	f := &Forest{
		dims:          dims,
		trees:         trees,
		psi:           psi,
		depth:         depth,
		contamination: contamination,
		seed:          seed,
		flagAbove:     0.5,
		sizes:         make([]uint16, trees<<(depth+1)),
		lnSize:        lnTable(psi),
	}
	if usesBlocks(depth, dims) {
		f.blocks = make([]block8, trees)
	} else {
		f.threshold = make([]float32, trees<<depth)
		f.feature = make([]uint32, trees<<depth)
		f.leaves = make([]float64, trees<<depth)
	}
	f.denominator = float64(trees) * averagePathLength(psi)
	return f
}

// setThreshold sets the flagging threshold from the contamination: 0.5 for
// "auto", else scikit-learn's offset_ = np.percentile(score_samples(X),
// 100*contamination) negated, as score_samples is -s.
func (f *Forest) setThreshold(X [][]float64) {
	if f.contamination == 0 {
		f.flagAbove = 0.5
		return
	}
	neg := f.ScoreBatch(make([]float64, 0, len(X)), X)
	for i := range neg {
		neg[i] = -neg[i]
	}
	slices.Sort(neg)
	f.flagAbove = -percentileLinear(neg, 100*f.contamination/100)
}

// Threshold returns the score above which a vector is flagged as anomalous:
// 0.5 for contamination "auto", else the (1-Contamination) quantile of the
// training scores. A vector is flagged when Score(x) > Threshold(), which is
// scikit-learn's predict(x) == -1.
func (f *Forest) Threshold() float64 { return f.flagAbove }

// Dims returns the number of features the forest was fitted on.
func (f *Forest) Dims() int { return f.dims }

// Trees returns the number of trees.
func (f *Forest) Trees() int { return f.trees }

// SampleSize returns psi, the number of rows each tree was grown on.
func (f *Forest) SampleSize() int { return f.psi }

// builder grows the trees of one forest. Its buffers are reused from tree to
// tree, so a fit allocates only the forest itself and a few small buffers.
type builder struct {
	X       [][]float64
	f       *Forest
	rows    []int32 // the sampled rows of X
	cols    []int32 // cols[j*psi+k]: orderKey of column j of sample k, rounded to float32
	order   []int32 // sample positions, partitioned node by node
	feats   []int32 // feats[d*dims:(d+1)*dims]: feature order at depth d
	rng     rng
	sampler sampler
	tree    int // the tree being grown
}

func (b *builder) init(X [][]float64, f *Forest) {
	b.X = X
	b.f = f
	b.rows = make([]int32, f.psi)
	b.cols = make([]int32, f.dims*f.psi)
	b.order = make([]int32, f.psi)
	b.feats = make([]int32, (f.depth+1)*f.dims)
}

// growTree grows tree t with the stream of random numbers of (seed, t).
func (b *builder) growTree(t int, seed int64) {
	f := b.f
	b.rng.seedTree(seed, t)
	b.sampler.draw(b.rows, len(b.X), &b.rng)
	psi := f.psi
	for k, r := range b.rows {
		row := b.X[r]
		for j, v := range row {
			b.cols[j*psi+k] = orderKey(float32(v))
		}
	}
	for k := range b.order {
		b.order[k] = int32(k)
	}
	for j := range f.dims {
		b.feats[j] = int32(j)
	}
	b.tree = t
	b.grow(1, 0, 0, psi, 0)
}

// grow builds the subtree at heap position p and depth d from the samples
// order[lo:hi]; the first known features at this depth are constant in the
// node's parent, hence in the node.
func (b *builder) grow(p, d, lo, hi, known int) {
	f := b.f
	dims := f.dims
	if d > 0 {
		copy(b.feats[d*dims:(d+1)*dims], b.feats[(d-1)*dims:d*dims])
	}
	n := hi - lo
	if d == f.depth || n < 2 {
		f.placeLeaf(b.tree, p, d, n)
		return
	}
	feature, lowest, highest, known, ok := b.pickFeature(d, lo, hi, known)
	if !ok {
		f.placeLeaf(b.tree, p, d, n)
		return
	}
	// scikit-learn's RandomSplitter: uniform in [min, max], max mapped to
	// min. The conversion keeps the product rounded on its own: a fused
	// multiply-add would give other trees on some platforms.
	t := float64((float64(highest)-float64(lowest))*b.rng.float64()) + float64(lowest)
	if t == float64(highest) {
		t = float64(lowest)
	}
	t32 := floor32(t)
	mid := lo + partition(b.order[lo:hi], b.cols[feature*f.psi:(feature+1)*f.psi], orderKey(t32))
	f.placeSplit(b.tree, p, feature, t32, n)
	b.grow(2*p, d+1, lo, mid, known)
	b.grow(2*p+1, d+1, mid, hi, known)
}

// pickFeature draws the split feature of a node as scikit-learn's
// RandomSplitter does with max_features=1: uniformly among the features not
// yet known to be constant, moving each drawn constant feature into the known
// prefix and drawing again. It returns the feature, its range in the node
// and the new count of known constant features; ok is false when every
// feature is constant.
func (b *builder) pickFeature(d, lo, hi, known int) (feature int, lowest, highest float32, _ int, ok bool) {
	dims, psi := b.f.dims, b.f.psi
	feats := b.feats[d*dims : (d+1)*dims]
	order := b.order[lo:hi]
	for known < dims {
		j := known + b.rng.intn(dims-known)
		feature = int(feats[j])
		col := b.cols[feature*psi : (feature+1)*psi]
		lowestKey, highestKey := rangeOf(order, col)
		lowest, highest = keyValue(lowestKey), keyValue(highestKey)
		if highest <= lowest+featureThreshold {
			feats[j], feats[known] = feats[known], feats[j]
			known++
			continue
		}
		return feature, lowest, highest, known, true
	}
	return 0, 0, 0, known, false
}

// orderKey maps a float32 to an int32 that sorts the same way, with -0 and
// +0 equal, so that growing a tree compares and ranges integers: Go turns
// integer min, max and comparisons into conditional moves, where floats would
// branch, and the branches of a tree's small nodes are coin tosses. v must
// not be NaN (Fit rejects it).
func orderKey(v float32) int32 {
	if v == 0 {
		return 0
	}
	k := int32(math.Float32bits(v))
	if k < 0 {
		k ^= math.MaxInt32
	}
	return k
}

// keyValue inverts orderKey (giving +0 for zero).
func keyValue(k int32) float32 {
	if k < 0 {
		k ^= math.MaxInt32
	}
	return math.Float32frombits(uint32(k))
}

// rangeOf returns the smallest and largest col[s] for s in order, which is
// not empty.
func rangeOf(order []int32, col []int32) (lowest, highest int32) {
	lowest = col[order[0]]
	highest = lowest
	for _, s := range order[1:] {
		v := col[s]
		lowest = min(lowest, v)
		highest = max(highest, v)
	}
	return lowest, highest
}

// partition moves the samples s of order with col[s] <= threshold to the
// front and returns their count. It is Lomuto's scheme without a branch on
// the comparison, whose outcome is a coin toss the CPU cannot predict.
func partition(order []int32, col []int32, threshold int32) int {
	mid := 0
	for k, s := range order {
		left := 0
		if col[s] <= threshold {
			left = 1
		}
		order[k] = order[mid]
		order[mid] = s
		mid += left
	}
	return mid
}

// placeLeaf records a leaf of n training samples at heap position p and
// depth d of tree t, and copies it into every padded slot below it. Fit and
// UnmarshalBinary both build trees through it and placeSplit, so a decoded
// forest scores bit for bit as the fitted one did.
func (f *Forest) placeLeaf(t, p, d, n int) {
	h := float64(d) + averagePathLength(n)
	sizes := f.treeSizes(t)
	for k := 0; d+k <= f.depth; k++ {
		first, last := p<<k, (p+1)<<k
		for q := first; q < last; q++ {
			sizes[q] = uint16(n)
		}
		if d+k == f.depth {
			for q := first; q < last; q++ {
				f.setLeaf(t, q-1<<f.depth, h)
			}
		}
	}
}

// placeSplit records the split of n training samples at heap position p of
// tree t.
func (f *Forest) placeSplit(t, p, feature int, threshold float32, n int) {
	f.setSplit(t, p, feature, threshold)
	f.treeSizes(t)[p] = uint16(n)
}

// treeSizes returns the sample counts of tree t by heap position.
func (f *Forest) treeSizes(t int) []uint16 {
	stride := 2 << f.depth
	return f.sizes[t*stride : (t+1)*stride]
}

// isSplit reports whether heap position p of tree t is a real split rather
// than a leaf or a padded slot below one: only a split hands each of its
// samples to exactly one child.
func (f *Forest) isSplit(t, p int) bool {
	if p >= 1<<f.depth {
		return false
	}
	sizes := f.treeSizes(t)
	return int(sizes[2*p])+int(sizes[2*p+1]) == int(sizes[p])
}
