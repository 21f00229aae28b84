package detect

import (
	"flag"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/memtest"
	"runtime"
	"testing"
	"time"
)

// Memory ceiling, with the default caps (2000 templates, window 4096, 100 trees).
const (
	// maxStreamHeap bounds one whole stream: features, window and its training copy,
	// model, score histogram.
	maxStreamHeap = 16 << 20
)

// million runs the memory tests at full size: a million distinct messages through the
// features (about 30 s: a message that matches no template costs the miner about 30 µs
// when 1000 templates are held). By default they run on a tenth.
var million = flag.Bool("million", false, "run the memory tests on a million distinct messages")

// TestStreamMemoryBounded runs a whole stream over distinct messages.
func TestStreamMemoryBounded(t *testing.T) {
	n := 30_000
	if *million {
		n = 300_000
	}
	before := memtest.HeapInUse()
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
		buf = memtest.DistinctMessage(buf, i)
		s.Observe(textRec(string(buf), LevelInfo, at.Add(time.Duration(i)*time.Millisecond)), &r)
	}
	grown := int64(memtest.HeapInUse()) - int64(before)
	state, _ := s.MarshalBinary()
	t.Logf("%d distinct messages through a stream: heap +%.1f MB, saved state %.1f MB", n, float64(grown)/(1<<20), float64(len(state))/(1<<20))
	if grown > maxStreamHeap {
		t.Errorf("stream grew by %d bytes, ceiling %d", grown, maxStreamHeap)
	}
	runtime.KeepAlive(s)
}
