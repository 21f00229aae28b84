package forest

import (
	"errors"
	"fmt"
	"math"
)

// Defaults applied to the zero value of the matching Options field. They are
// scikit-learn's: n_estimators=100, max_samples="auto" (256),
// contamination="auto".
const (
	DefaultTrees      = 100
	DefaultSampleSize = 256
)

// Hard limits on Options and on decoded models. They bound memory: a tree is
// padded to its depth limit d = ceil(log2 psi) and takes about 17 * 2^d
// bytes at d = 8 (4.25 KiB at the default psi of 256, so 425 KiB for 100
// trees) and 20 * 2^d bytes otherwise (80 KiB at MaxSampleSize).
const (
	// MaxTrees is the largest accepted Options.Trees.
	MaxTrees = 10000
	// MaxSampleSize is the largest accepted Options.SampleSize.
	MaxSampleSize = 4096
	// MaxContamination is the largest accepted Options.Contamination, as in
	// scikit-learn.
	MaxContamination = 0.5
	// MaxDims is the largest number of features per vector.
	MaxDims = 1 << 16
)

// Options configures Fit. The zero value selects the defaults: 100 trees,
// 256 samples per tree, contamination "auto" and seed 0.
type Options struct {
	// Trees is the number of isolation trees (scikit-learn's n_estimators).
	// Zero selects DefaultTrees.
	Trees int
	// SampleSize is the number of rows drawn without replacement to grow
	// each tree (max_samples). Fit uses psi = min(SampleSize, rows), as
	// scikit-learn does. Zero selects DefaultSampleSize.
	SampleSize int
	// Contamination sets the threshold above which a score is flagged. Zero
	// means "auto": the threshold is 0.5, as in the original paper. A rate
	// r in (0, 0.5] sets the threshold to the (1-r) quantile of the scores
	// of the training rows, so that a share r of them is flagged.
	Contamination float64
	// Seed makes a fit reproducible: the same rows, options and seed give
	// the same forest.
	Seed int64
}

// withDefaults returns o with zero fields replaced by their defaults.
func (o Options) withDefaults() Options {
	if o.Trees == 0 {
		o.Trees = DefaultTrees
	}
	if o.SampleSize == 0 {
		o.SampleSize = DefaultSampleSize
	}
	return o
}

// validate reports every field of o (after defaults) that is out of range.
func (o Options) validate() error {
	var errs []error
	if o.Trees < 1 || o.Trees > MaxTrees {
		errs = append(errs, fmt.Errorf("forest: Options.Trees must be in [1, %d] (0 selects %d), got %d", MaxTrees, DefaultTrees, o.Trees))
	}
	if o.SampleSize < 1 || o.SampleSize > MaxSampleSize {
		errs = append(errs, fmt.Errorf("forest: Options.SampleSize must be in [1, %d] (0 selects %d), got %d", MaxSampleSize, DefaultSampleSize, o.SampleSize))
	}
	if math.IsNaN(o.Contamination) || o.Contamination < 0 || o.Contamination > MaxContamination {
		errs = append(errs, fmt.Errorf("forest: Options.Contamination must be in (0, %g] (0 selects auto), got %g", MaxContamination, o.Contamination))
	}
	return errors.Join(errs...)
}
