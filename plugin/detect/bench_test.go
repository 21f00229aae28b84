package detect

import (
	"path/filepath"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// benchLines returns realistic lines: the HDFS sample when the data is present, else a
// synthetic web service's traffic.
func benchLines(b *testing.B) []testLine {
	if dir, err := evaldata.DataDir(); err == nil {
		lines, err := evaldata.ReadHDFS(filepath.Join(dir, evaldata.HDFSPath), filepath.Join(dir, evaldata.HDFSLabelsPath))
		if err == nil {
			out := make([]testLine, len(lines))
			for i, l := range lines {
				out[i] = testLine{l.Text, LevelInText(l.Text), l.At}
			}
			return out
		}
	}
	return webTraffic(1, 5000)
}

// BenchmarkObserve measures a whole Observe of a settled stream: features, scoring,
// learning (refits excluded: they run in the background in the plugin).
func BenchmarkObserve(b *testing.B) {
	recs := benchLines(b)
	opt := DefaultOptions()
	opt.Detector.RefitEvery = 1 << 30
	opt.Detector.RefitInterval = 0
	s, err := NewStream(opt)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var r Result
	records := make([]*record.Record, len(recs))
	for i, l := range recs {
		records[i] = textRec(l.msg, l.level, l.at)
		s.Observe(records[i], &r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Observe(records[i%len(records)], &r)
	}
}
