package features

import (
	"flag"
	"runtime"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/memtest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// maxFeatureHeap bounds the feature state of one stream after any input: the template
// miner and the template statistics (each at most 1000 templates, drain's default).
const maxFeatureHeap = 8 << 20

// million runs the memory test at full size: a million distinct messages (about 30 s: a
// message that matches no template costs the miner about 30 µs when 1000 templates are
// held). By default it runs on a tenth.
var million = flag.Bool("million", false, "run the memory test on a million distinct messages")

// TestFeatureMemoryBounded feeds a million messages that all differ to the features of
// one stream and checks that the state stays under maxFeatureHeap.
func TestFeatureMemoryBounded(t *testing.T) {
	n := 100_000
	if *million {
		n = 1_000_000
	}
	before := memtest.HeapInUse()
	set, _ := Parse(nil)
	ext, err := New(set, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, len(set))
	buf := make([]byte, 0, 128)
	at := time.Unix(1700000000, 0)
	for i := 0; i < n; i++ {
		buf = memtest.DistinctMessage(buf, i)
		rec := record.Record{Message: string(buf), Level: record.LevelInfo, Time: at.Add(time.Duration(i) * time.Millisecond)}
		ext.Extract(v, &rec)
	}
	grown := int64(memtest.HeapInUse()) - int64(before)
	t.Logf("%d distinct messages: %d templates held, %d statistics held (%d evicted), heap +%.1f MB", n, ext.miner.Len(), ext.tmpl.Len(), ext.tmpl.Evicted, float64(grown)/(1<<20))
	if grown > maxFeatureHeap {
		t.Errorf("feature state grew by %d bytes, ceiling %d", grown, maxFeatureHeap)
	}
	if ext.tmpl.Len() > drain.DefaultConfig().MaxClusters {
		t.Errorf("%d template statistics, cap %d", ext.tmpl.Len(), drain.DefaultConfig().MaxClusters)
	}
	runtime.KeepAlive(ext)
}
