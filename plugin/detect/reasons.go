package detect

import (
	"sort"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
)

// Reason selection.
const (
	// maxReasons is the most reasons given for a record.
	maxReasons = 3
	// reasonMinShare is the least share of the isolation a feature must have earned to
	// be given as a reason (the shares of all features sum to 1).
	reasonMinShare = 0.12
)

// reasons appends to dst the features that isolated the current record, most important
// first, in words.
func (s *Stream) reasons(dst []string) []string {
	share := s.det.Explain(s.explain, s.vec)
	if share == nil {
		return dst
	}
	return explainReasons(dst, s.ext.Set(), s.vec, share, s.order, s.ext.Info())
}

// explainReasons appends the reasons for vector x given each feature's share of its
// isolation; order is scratch of len(set).
func explainReasons(dst []string, set features.Set, x, share []float64, order []int, info *features.Info) []string {
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return share[order[a]] > share[order[b]] })
	for _, i := range order {
		if len(dst) == maxReasons || share[i] < reasonMinShare {
			break
		}
		if text := features.Describe(set[i], x[i], info); text != "" {
			dst = append(dst, text)
		}
	}
	return dst
}
