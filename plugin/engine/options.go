package engine

import (
	"fmt"
	"os"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// StreamOptions maps the configuration onto one stream's detector options. The batch
// command uses it too, so a scan and the plugin score alike.
func StreamOptions(cfg config.Config) (detect.Options, error) {
	return streamOptions(cfg)
}

func streamOptions(cfg config.Config) (detect.Options, error) {
	features := cfg.Features
	if len(features) == 1 && features[0] == "all" {
		features = nil
	}
	templates := drain.DefaultConfig()
	templates.MaxClusters = cfg.MaxTemplates
	return detect.Options{
		Features: features,
		Detector: forest.DetectorOptions{
			Forest: forest.Options{
				Trees:         cfg.Trees,
				SampleSize:    cfg.SampleSize,
				Contamination: cfg.Contamination,
				Seed:          cfg.Seed,
			},
			Warmup:        cfg.Warmup,
			Window:        cfg.Window,
			RefitEvery:    cfg.RetrainEvery,
			RefitInterval: cfg.RetrainInterval,
			Synchronous:   cfg.RefitMode == config.RefitSynchronous,
		},
		Templates: templates,
	}, nil
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
