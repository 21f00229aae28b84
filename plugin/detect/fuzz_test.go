package detect

import (
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"

	"testing"
	"time"
)

// fuzzOptions keep the saved state small, so the fuzzer mutates a seed it can read.
func fuzzOptions() Options {
	opt := DefaultOptions()
	opt.Detector.Window = 16
	opt.Detector.Warmup = 8
	opt.Detector.RefitEvery = 16
	opt.Detector.Forest.Trees = 2
	opt.Detector.Forest.SampleSize = 8
	opt.Templates.MaxClusters = 8
	return opt
}

// FuzzStreamState feeds arbitrary bytes to UnmarshalBinary: it must return an error or
// leave a stream that keeps working, never panic.
func FuzzStreamState(f *testing.F) {
	s, err := NewStream(fuzzOptions())
	if err != nil {
		f.Fatal(err)
	}
	var r Result
	for i, rec := range webTraffic(9, 40) {
		s.Observe(textRec(rec.msg, rec.level, time.Unix(int64(i), 0)), &r)
	}
	state, err := s.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	s.Close()
	f.Add(state)
	f.Add([]byte(envelope.Magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := NewStream(fuzzOptions())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.UnmarshalBinary(b) != nil {
			return
		}
		var r Result
		s.Observe(textRec("GET /api/items/1 200 12ms", LevelInfo, time.Unix(1000, 0)), &r)
		s.Observe(textRec("Kernel panic", LevelCritical, time.Unix(1001, 0)), &r)
	})
}
