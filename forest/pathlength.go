package forest

import "math"

// eulerGamma is the Euler–Mascheroni constant, numpy's np.euler_gamma.
const eulerGamma = 0.5772156649015329

// averagePathLength returns c(n), the average path length of an unsuccessful
// search in a binary search tree of n keys (Liu et al. 2008, eq. 1), which is
// also the expected depth still to go below an isolation-tree leaf holding n
// training samples:
//
//	c(n) = 2 (ln(n-1) + γ) - 2 (n-1)/n   for n > 2,
//
// with c(2) = 1 and c(n) = 0 for n <= 1, as scikit-learn's
// _average_path_length defines them.
func averagePathLength(n int) float64 {
	switch {
	case n <= 1:
		return 0
	case n == 2:
		return 1
	}
	m := float64(n)
	return 2*(math.Log(m-1)+eulerGamma) - 2*(m-1)/m
}

// depthLimit returns scikit-learn's max_depth for psi samples,
// ceil(log2(max(psi, 2))).
func depthLimit(psi int) int {
	d := 0
	for 1<<d < psi {
		d++
	}
	return max(d, 1)
}

// floor32 returns the largest float32 not above t, with zero as +0. For
// every float32 v, v <= t if and only if v <= floor32(t), so a float32
// threshold decides float32 inputs exactly as the float64 threshold t does.
func floor32(t float64) float32 {
	f := float32(t)
	if float64(f) > t {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	if f == 0 {
		return 0 // not -0: the scoring kernel relies on it
	}
	return f
}

// percentileLinear returns the q-th quantile (q in [0, 1]) of the sorted
// values with numpy's default "linear" method (Hyndman and Fan's method 7),
// including numpy's choice of interpolation formula on each side of 0.5, so
// that it reproduces np.percentile(values, 100*q) to the last bit. gonum's
// stat.Quantile uses other definitions (empirical and its own linear one).
// It panics if sorted is empty.
func percentileLinear(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		panic("forest: percentile of no values")
	}
	virtual := float64(n-1) * q
	prev := math.Floor(virtual)
	gamma := virtual - prev
	i := min(max(int(prev), 0), n-1)
	j := min(i+1, n-1)
	a, b := sorted[i], sorted[j]
	diff := b - a
	// The conversions keep the products rounded on their own, as numpy
	// computes them, whatever fused multiply-add the platform offers.
	if gamma >= 0.5 {
		return b - float64(diff*(1-gamma))
	}
	return a + float64(diff*gamma)
}
