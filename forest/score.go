package forest

import "math"

// Score returns the anomaly score of x,
//
//	s(x) = 2^(-mean h(x) / c(psi)),
//
// in (0, 1], higher is more anomalous; it equals scikit-learn's
// -score_samples. Values are rounded to float32 as the trees saw them; a NaN
// takes the left branch of every split it meets and infinities go where their
// sign sends them. Score does not allocate and is safe for concurrent use.
//
// Score panics if len(x) != Dims(): the caller fixes the feature layout.
func (f *Forest) Score(x []float64) float64 {
	if len(x) != f.dims {
		panic(errDimsMismatch)
	}
	return f.scoreOf(f.pathSum(x))
}

const errDimsMismatch = "forest: vector length does not match Dims"

// ScoreBatch appends the scores of the rows of X to dst and returns the
// extended slice, like strconv.AppendFloat: pass dst[:0] to reuse a buffer,
// or nil. Each score equals Score(row) bit for bit. It panics if a row's
// length differs from Dims().
func (f *Forest) ScoreBatch(dst []float64, X [][]float64) []float64 {
	for _, x := range X {
		if len(x) != f.dims {
			panic(errDimsMismatch)
		}
		dst = append(dst, f.scoreOf(f.pathSum(x)))
	}
	return dst
}

// scoreOf turns a sum of path lengths over all trees into a score. A forest
// grown on a single sample has c(psi) = 0, and scikit-learn scores everything
// 0.5 then.
func (f *Forest) scoreOf(sum float64) float64 {
	if f.denominator == 0 {
		return 0.5
	}
	return math.Exp2(-sum / f.denominator)
}

// pathSum returns the sum over all trees of the path length of x.
func (f *Forest) pathSum(x []float64) float64 {
	if f.blocks != nil {
		return pathSumBlocks(f.blocks, x)
	}
	return f.pathSumFlat(x)
}

// pathSumBlocks is pathSum for the block layout, the hot path of the
// package. Three choices make it fast:
//
//   - x is rounded to float32 once, into an array indexed by uint8, and the
//     trees' arrays are indexed by uint8 too, so no bounds checks remain;
//     the heap index in uint8 arithmetic wraps from the last split level
//     straight to the leaf number;
//   - the branch is the sign bit of threshold - x, which is set exactly when
//     x > threshold (thresholds are never -0, and NaN is mapped to -Inf so
//     that it goes left as a float comparison sends it). It avoids SETcc,
//     whose partial-register write would chain the trees together;
//   - eight trees walk side by side, so that their independent loads and
//     subtractions overlap in the pipeline.
func pathSumBlocks(blocks []block8, x []float64) float64 {
	var xs [256]float32
	for j, v := range x {
		w := float32(v)
		if w != w {
			w = float32(math.Inf(-1))
		}
		xs[uint8(j)] = w
	}
	var s0, s1, s2, s3 float64
	for len(blocks) >= 8 {
		g := (*[8]block8)(blocks)
		blocks = blocks[8:]
		i0, i1, i2, i3 := uint8(1), uint8(1), uint8(1), uint8(1)
		i4, i5, i6, i7 := uint8(1), uint8(1), uint8(1), uint8(1)
		for range 8 {
			i0 = 2*i0 + goesRight(g[0].threshold[i0], xs[g[0].feature[i0]])
			i1 = 2*i1 + goesRight(g[1].threshold[i1], xs[g[1].feature[i1]])
			i2 = 2*i2 + goesRight(g[2].threshold[i2], xs[g[2].feature[i2]])
			i3 = 2*i3 + goesRight(g[3].threshold[i3], xs[g[3].feature[i3]])
			i4 = 2*i4 + goesRight(g[4].threshold[i4], xs[g[4].feature[i4]])
			i5 = 2*i5 + goesRight(g[5].threshold[i5], xs[g[5].feature[i5]])
			i6 = 2*i6 + goesRight(g[6].threshold[i6], xs[g[6].feature[i6]])
			i7 = 2*i7 + goesRight(g[7].threshold[i7], xs[g[7].feature[i7]])
		}
		s0 += g[0].leaves[i0] + g[4].leaves[i4]
		s1 += g[1].leaves[i1] + g[5].leaves[i5]
		s2 += g[2].leaves[i2] + g[6].leaves[i6]
		s3 += g[3].leaves[i3] + g[7].leaves[i7]
	}
	for t := range blocks {
		b := &blocks[t]
		i := uint8(1)
		for range 8 {
			i = 2*i + goesRight(b.threshold[i], xs[b.feature[i]])
		}
		s0 += b.leaves[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// goesRight returns 1 when x > threshold and 0 otherwise, for a threshold
// that is not -0 and an x that is not NaN.
func goesRight(threshold, x float32) uint8 {
	return uint8(math.Float32bits(threshold-x) >> 31)
}

// pathSumFlat is pathSum for the flat layout: any depth and width. It
// compares floats directly, so NaN goes left as in pathSumBlocks.
func (f *Forest) pathSumFlat(x []float64) float64 {
	depth := f.depth
	stride := 1 << depth
	var s0, s1 float64
	t := 0
	for ; t+2 <= f.trees; t += 2 {
		base0, base1 := t*stride, (t+1)*stride
		th0, ft0 := f.threshold[base0:base0+stride], f.feature[base0:base0+stride]
		th1, ft1 := f.threshold[base1:base1+stride], f.feature[base1:base1+stride]
		i0, i1 := 1, 1
		for range depth {
			i0 = 2*i0 + int(b2u8(float32(x[ft0[i0]]) > th0[i0]))
			i1 = 2*i1 + int(b2u8(float32(x[ft1[i1]]) > th1[i1]))
		}
		s0 += f.leaves[base0+i0-stride]
		s1 += f.leaves[base1+i1-stride]
	}
	for ; t < f.trees; t++ {
		base := t * stride
		th, ft := f.threshold[base:base+stride], f.feature[base:base+stride]
		i := 1
		for range depth {
			i = 2*i + int(b2u8(float32(x[ft[i]]) > th[i]))
		}
		s0 += f.leaves[base+i-stride]
	}
	return s0 + s1
}

// b2u8 converts a comparison to 0 or 1; the compiler emits SETcc, no branch.
func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
