package features

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// benchRecords returns realistic records as package record reads them: the HDFS sample
// when the data is present, else a synthetic web service's traffic.
func benchRecords(b *testing.B) []record.Record {
	var out []record.Record
	if dir, err := evaldata.DataDir(); err == nil {
		lines, err := evaldata.ReadHDFS(filepath.Join(dir, evaldata.HDFSPath), filepath.Join(dir, evaldata.HDFSLabelsPath))
		if err == nil {
			for _, l := range lines {
				var r record.Record
				record.FromText(l.Text, &r)
				r.Time = l.At
				out = append(out, r)
			}
			return out
		}
	}
	rng := rand.New(rand.NewSource(1))
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 5000; i++ {
		at = at.Add(50 * time.Millisecond)
		out = append(out, *textRecord(fmt.Sprintf("GET /api/items/%d 200 %dms", rng.Intn(10000), 15+rng.Intn(30)), record.LevelInfo, at))
	}
	return out
}

// BenchmarkFeatures measures the features of one record: template mining, template and
// stream statistics, alarm words.
func BenchmarkFeatures(b *testing.B) {
	recs := benchRecords(b)
	set, _ := Parse(nil)
	ext, err := New(set, drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	v := make([]float64, len(set))
	for i := range recs {
		ext.Extract(v, &recs[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ext.Extract(v, &recs[i%len(recs)])
	}
}

// BenchmarkDistinctMessages measures the cost when every message is new: the worst
// case for the template statistics, which evict as fast as the miner.
func BenchmarkDistinctMessages(b *testing.B) {
	set, _ := Parse(nil)
	ext, err := New(set, drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	v := make([]float64, len(set))
	recs := make([]record.Record, 4096)
	for i := range recs {
		recs[i] = record.Record{Message: fmt.Sprintf("job%c%c%c step %d done in %d ms", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, i, i%97), Level: record.LevelInfo, Time: time.Unix(0, 0)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ext.Extract(v, &recs[i%len(recs)])
	}
}

// BenchmarkTemplateMiner measures the template miner alone on the same records, so that
// BenchmarkFeatures minus it is the cost of this package's own features.
func BenchmarkTemplateMiner(b *testing.B) {
	recs := benchRecords(b)
	m, err := drain.New(drain.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	var mt drain.Match
	for i := range recs {
		m.Add(recs[i].Message, &mt)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Add(recs[i%len(recs)].Message, &mt)
	}
}
