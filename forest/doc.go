// Package forest implements the Isolation Forest anomaly detector
// (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008) with the semantics of
// scikit-learn 1.2's IsolationForest, and a streaming Detector that learns
// from a window of recent vectors and refits in the background.
//
// A Forest is fitted once and then read only: Score, ScoreBatch and Explain
// are safe for concurrent use. Scores are on scikit-learn's scale,
//
//	s(x) = 2^(-E[h(x)] / c(psi)),
//
// where h(x) is the path length of x in one tree (edges to the leaf plus
// c(size of the leaf)), E is the mean over the trees, psi the number of
// samples each tree was grown on and c(n) the average path length of an
// unsuccessful search in a binary search tree of n keys. s is in (0, 1],
// higher is more anomalous, and equals -IsolationForest.score_samples.
//
// Like scikit-learn, the trees see the values rounded to float32: two inputs
// that differ only below float32 precision score the same. The package keeps
// float32 thresholds rounded down, so that comparing float32(x) with them
// decides exactly as scikit-learn's double thresholds do.
//
// The trees are stored flat: each tree is a complete binary tree padded to
// the depth limit ceil(log2 psi), so scoring is a fixed number of
// branch-free steps per tree, several trees at a time.
//
// The package does no I/O and keeps no global state.
package forest
