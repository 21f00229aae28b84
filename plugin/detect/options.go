package detect

import (
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/verdict"
)

// DefaultOptions returns the options of the plugin's default configuration: every
// feature, 100 trees of 256 rows, contamination auto, seed 1, a first model after 64
// records, refits on the last 4096 every 4096 records or 10 minutes, 2000 templates, the
// default verdict policy. The engine maps the configuration's defaults to exactly these
// (a test of package engine checks it), so tests and tools that use them measure what
// users run.
func DefaultOptions() Options {
	tmpl := drain.DefaultConfig()
	tmpl.MaxClusters = 2000
	return Options{
		Features: []string{features.FeaturesAll},
		Detector: forest.DetectorOptions{
			Forest:        forest.Options{Trees: 100, SampleSize: 256, Seed: 1},
			Warmup:        64,
			Window:        4096,
			RefitEvery:    4096,
			RefitInterval: 10 * time.Minute,
		},
		Templates: tmpl,
		Policy:    verdict.DefaultPolicy(),
	}
}
