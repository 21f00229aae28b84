package detect

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect/internal/evaldata"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// benchLines returns realistic lines: the HDFS sample when the data is present, else a
// synthetic web service's traffic.
func benchLines(b *testing.B) []record {
	if dir, err := evaldata.DataDir(); err == nil {
		lines, err := evaldata.ReadHDFS(filepath.Join(dir, evaldata.HDFSPath), filepath.Join(dir, evaldata.HDFSLabelsPath))
		if err == nil {
			out := make([]record, len(lines))
			for i, l := range lines {
				out[i] = record{l.Text, LevelInText(l.Text), l.At}
			}
			return out
		}
	}
	return webTraffic(1, 5000)
}

// BenchmarkFeatures measures the features of one record: level word lookup, template
// mining, template and stream statistics, alarm words.
func BenchmarkFeatures(b *testing.B) {
	recs := benchLines(b)
	ids, _ := parseFeatures(nil)
	ext, err := newExtractor(ids, drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	v := make([]float64, ext.dims())
	for _, r := range recs {
		ext.extract(v, r.msg, r.level, r.at)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := &recs[i%len(recs)]
		ext.extract(v, r.msg, r.level, r.at)
	}
}

// BenchmarkLevelInText measures finding the level of a raw line.
func BenchmarkLevelInText(b *testing.B) {
	recs := benchLines(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LevelInText(recs[i%len(recs)].msg)
	}
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
	for _, rec := range recs {
		s.Observe(rec.msg, rec.level, rec.at, &r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := &recs[i%len(recs)]
		s.Observe(rec.msg, rec.level, rec.at, &r)
	}
}

// BenchmarkDistinctMessages measures the cost when every message is new: the worst
// case for the template statistics, which evict as fast as the miner.
func BenchmarkDistinctMessages(b *testing.B) {
	ids, _ := parseFeatures(nil)
	ext, err := newExtractor(ids, drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	v := make([]float64, ext.dims())
	msgs := make([]string, 4096)
	for i := range msgs {
		msgs[i] = fmt.Sprintf("job%c%c%c step %d done in %d ms", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, i, i%97)
	}
	at := time.Unix(0, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ext.extract(v, msgs[i%len(msgs)], LevelInfo, at)
	}
}

// BenchmarkTemplateMiner measures the template miner alone on the same lines, so that
// BenchmarkFeatures minus it is the cost of this package's own features.
func BenchmarkTemplateMiner(b *testing.B) {
	recs := benchLines(b)
	m, err := drain.New(drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	var mt drain.Match
	bodies := make([]string, len(recs))
	for i, r := range recs {
		_, bodies[i], _ = CutLevel(r.msg)
		m.Add(bodies[i], &mt)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Add(bodies[i%len(bodies)], &mt)
	}
}
