package detect

import (
	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// OptionsFromConfig maps the plugin's configuration onto Stream options: features,
// forest (trees, sample_size, contamination, seed), detector (warmup, window,
// retrain_every, retrain_interval, refit_mode) and templates (max_templates).
func OptionsFromConfig(c config.Config) Options {
	tmpl := drain.DefaultConfig()
	if c.MaxTemplates > 0 {
		tmpl.MaxClusters = c.MaxTemplates
	}
	return Options{
		Features: c.Features,
		Detector: forest.DetectorOptions{
			Forest: forest.Options{
				Trees:         c.Trees,
				SampleSize:    c.SampleSize,
				Contamination: c.Contamination,
				Seed:          c.Seed,
			},
			Warmup:        c.Warmup,
			Window:        c.Window,
			RefitEvery:    c.RetrainEvery,
			RefitInterval: c.RetrainInterval,
			Synchronous:   c.RefitMode == config.RefitSynchronous,
		},
		Templates: tmpl,
	}
}

// DefaultOptions returns the options of the plugin's default configuration, with
// synchronous refits so that results are reproducible.
func DefaultOptions() Options {
	c, err := config.Parse(config.MapLookup(map[string]string{"refit_mode": config.RefitSynchronous}))
	if err != nil {
		// The defaults always parse; a failure here is a bug in config.
		panic("detect: default configuration does not parse: " + err.Error())
	}
	return OptionsFromConfig(c)
}
