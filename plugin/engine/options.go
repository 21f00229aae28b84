package engine

import (
	"fmt"
	"os"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
)

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
