package forest

import "math"

// Explain returns how much each feature contributed to isolating x, as
// non-negative shares that sum to 1 (Dims of them).
//
// The method is path-based. In every tree, each split on x's path narrows
// the training samples that share x's cell from n to n' (those on x's side).
// The split credits its feature with ln(n/n'), the information it gave
// toward isolating x; the credits are summed over all trees and normalised.
// A split that cuts x away from most of the sample near the root earns much,
// one that leaves x with the bulk earns little, so the features that make x
// easy to isolate (short paths, hence a high score) dominate. The leaf
// correction c(n) is not attributed. When no split separates anything (a
// forest of single-leaf trees) every feature gets 1/Dims.
//
// If dst is nil a new slice is allocated; otherwise it must have length
// Dims, is overwritten and returned, and Explain does not allocate. Explain
// panics if len(x) or a non-nil len(dst) differs from Dims. It is safe for
// concurrent use.
func (f *Forest) Explain(dst, x []float64) []float64 {
	if len(x) != f.dims {
		panic(errDimsMismatch)
	}
	if dst == nil {
		dst = make([]float64, f.dims)
	} else if len(dst) != f.dims {
		panic("forest: dst length does not match Dims")
	}
	clear(dst)
	var total float64
	for t := range f.trees {
		sizes := f.treeSizes(t)
		p := 1
		for f.isSplit(t, p) {
			feature, threshold := f.split(t, p)
			child := 2 * p
			if float32(x[feature]) > threshold {
				child++
			}
			gain := f.lnSize[sizes[p]] - f.lnSize[sizes[child]]
			dst[feature] += gain
			total += gain
			p = child
		}
	}
	if total == 0 {
		for j := range dst {
			dst[j] = 1 / float64(f.dims)
		}
		return dst
	}
	for j := range dst {
		dst[j] /= total
	}
	return dst
}

// lnTable returns ln(n) for n in [0, psi]; ln(0) is never read.
func lnTable(psi int) []float64 {
	table := make([]float64, psi+1)
	for n := 1; n <= psi; n++ {
		table[n] = math.Log(float64(n))
	}
	return table
}
