package forest

import (
	"math/bits"
	"math/rand/v2"
)

// rng draws the random numbers of one tree. It wraps math/rand/v2's PCG,
// whose output is fixed by its specification, and derives floats and bounded
// integers itself, so that a seed gives the same forest on every Go release.
type rng struct {
	src rand.PCG
}

// seedTree seeds r for tree number tree of a fit with the given seed. Each
// tree has its own stream, so trees can be grown in any order.
func (r *rng) seedTree(seed int64, tree int) {
	r.src.Seed(uint64(seed), mix64(uint64(tree)))
}

// float64 returns a uniform value in [0, 1) with 53 random bits.
func (r *rng) float64() float64 {
	return float64(r.src.Uint64()>>11) * 0x1p-53
}

// intn returns a uniform integer in [0, n) by Lemire's multiply-and-reject
// method ("Fast random integer generation in an interval", 2019). n must be
// positive.
func (r *rng) intn(n int) int {
	bound := uint64(n)
	hi, lo := bits.Mul64(r.src.Uint64(), bound)
	if lo < bound {
		threshold := -bound % bound
		for lo < threshold {
			hi, lo = bits.Mul64(r.src.Uint64(), bound)
		}
	}
	return int(hi)
}

// mix64 is the SplitMix64 finaliser: it spreads nearby integers (tree and
// refit counts) over the whole 64-bit range before they seed a generator.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// sampler draws k distinct row indices out of n with Robert Floyd's
// algorithm (Bentley, "Programming Pearls: a sample of brilliance", CACM
// 1987): O(k) work and no allocation once its table is sized, whatever n is.
// gonum's sampleuv.WithoutReplacement is O(k^2 log k) or O(n) and allocates
// on every call, which would dominate a fit of 100 trees.
type sampler struct {
	table []int32 // open addressing, value+1, 0 = empty
	shift uint
}

// draw fills dst with len(dst) distinct integers in [0, n). It requires
// len(dst) <= n and n <= 2^31-1.
func (s *sampler) draw(dst []int32, n int, r *rng) {
	k := len(dst)
	if k == n {
		for i := range dst {
			dst[i] = int32(i)
		}
		return
	}
	size := 1
	for size < 2*k {
		size <<= 1
	}
	if len(s.table) != size {
		s.table = make([]int32, size)
		s.shift = uint(64 - bits.TrailingZeros(uint(size)))
	} else {
		clear(s.table)
	}
	for i, j := 0, n-k; j < n; i, j = i+1, j+1 {
		t := int32(r.intn(j + 1))
		if !s.insert(t) {
			t = int32(j)
			s.insert(t)
		}
		dst[i] = t
	}
}

// insert adds v to the set and reports whether it was absent.
func (s *sampler) insert(v int32) bool {
	mask := uint64(len(s.table) - 1)
	h := (uint64(v) * 0x9e3779b97f4a7c15) >> s.shift
	for {
		switch s.table[h] {
		case 0:
			s.table[h] = v + 1
			return true
		case v + 1:
			return false
		}
		h = (h + 1) & mask
	}
}
