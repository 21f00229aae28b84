package detect

import (
	"flag"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

// Memory ceilings, with the default caps (1000 templates, window 4096, 100 trees).
const (
	// maxFeatureHeap bounds the feature state of one stream after any input: the
	// template miner and the template statistics (each at most 1000 templates).
	maxFeatureHeap = 8 << 20
	// maxStreamHeap bounds one whole stream: features, window and its training copy,
	// model, score histogram.
	maxStreamHeap = 16 << 20
)

// million runs the memory tests at full size: a million distinct messages through the
// features (about 30 s: a message that matches no template costs the miner about 30 µs
// when 1000 templates are held). By default they run on a tenth.
var million = flag.Bool("million", false, "run the memory tests on a million distinct messages")

// distinctMessage returns the i-th of a series of messages that share no template:
// every word differs, so each starts a template of its own.
func distinctMessage(buf []byte, i int) []byte {
	buf = buf[:0]
	for w := 0; w < 6; w++ {
		buf = append(buf, "w"...)
		buf = strconv.AppendInt(buf, int64(i), 36)
		buf = append(buf, byte('a'+w), ' ')
	}
	return append(buf, "done"...)
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestFeatureMemoryBounded feeds a million messages that all differ to the features of
// one stream and checks that the state stays under maxFeatureHeap.
func TestFeatureMemoryBounded(t *testing.T) {
	n := 100_000
	if *million {
		n = 1_000_000
	}
	before := heapInUse()
	ids, _ := parseFeatures(nil)
	ext, err := newExtractor(ids, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, ext.dims())
	buf := make([]byte, 0, 128)
	at := time.Unix(1700000000, 0)
	for i := 0; i < n; i++ {
		buf = distinctMessage(buf, i)
		ext.extract(v, string(buf), LevelInfo, at.Add(time.Duration(i)*time.Millisecond))
	}
	grown := int64(heapInUse()) - int64(before)
	t.Logf("%d distinct messages: %d templates held, %d statistics held (%d evicted), heap +%.1f MB", n, ext.miner.Len(), ext.tmpl.len(), ext.tmpl.evicted, float64(grown)/(1<<20))
	if grown > maxFeatureHeap {
		t.Errorf("feature state grew by %d bytes, ceiling %d", grown, maxFeatureHeap)
	}
	if ext.tmpl.len() > drain.DefaultConfig().MaxClusters {
		t.Errorf("%d template statistics, cap %d", ext.tmpl.len(), drain.DefaultConfig().MaxClusters)
	}
	runtime.KeepAlive(ext)
}

// TestStreamMemoryBounded runs a whole stream over distinct messages.
func TestStreamMemoryBounded(t *testing.T) {
	n := 30_000
	if *million {
		n = 300_000
	}
	before := heapInUse()
	opt := DefaultOptions()
	s, err := NewStream(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var r Result
	buf := make([]byte, 0, 128)
	at := time.Unix(1700000000, 0)
	for i := 0; i < n; i++ {
		buf = distinctMessage(buf, i)
		s.Observe(string(buf), LevelInfo, at.Add(time.Duration(i)*time.Millisecond), &r)
	}
	grown := int64(heapInUse()) - int64(before)
	state, _ := s.MarshalBinary()
	t.Logf("%d distinct messages through a stream: heap +%.1f MB, saved state %.1f MB", n, float64(grown)/(1<<20), float64(len(state))/(1<<20))
	if grown > maxStreamHeap {
		t.Errorf("stream grew by %d bytes, ceiling %d", grown, maxStreamHeap)
	}
	runtime.KeepAlive(s)
}
