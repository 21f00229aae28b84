package engine

import (
	"fmt"
	"os"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/verdict"
)

// DetectOptions maps the plugin's configuration onto a stream's options: features, forest
// (trees, sample_size, contamination, seed), detector (warmup, window, retrain_every,
// retrain_interval, refit_mode) and templates (max_templates), with the default verdict
// policy. It is the one place configuration reaches detection.
func DetectOptions(c config.Config) detect.Options {
	tmpl := drain.DefaultConfig()
	if c.MaxTemplates > 0 {
		tmpl.MaxClusters = c.MaxTemplates
	}
	return detect.Options{
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
		Policy:    verdict.DefaultPolicy(),
	}
}

// recordReader is the record reader the configuration asks for.
func recordReader(c config.Config) record.Reader {
	return record.Reader{MessageKey: c.MessageKey, LevelKey: c.LevelKey, GroupBy: c.GroupBy, AnnotationKey: c.AnnotationKey, EventKeys: c.EventKeys}
}

// loadModelFile reads a model written by `anomaly train` and checks that a stream accepts
// it, so a wrong file fails at start rather than at the first record.
func loadModelFile(path string, opts detect.Options) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := detect.NewStream(opts)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("%s is not a model for this configuration: %w", path, err)
	}
	return b, nil
}
