package detect

import (
	"flag"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/memtest"
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

// TestStreamSizing measures what README's sizing section states: the heap of a stream at
// the default settings once its window is full of a typical application log (a few
// dozen templates with numbers), and what each further template adds. go test
// ./plugin/detect -run Sizing -v prints them.
func TestStreamSizing(t *testing.T) {
	const streams, records = 8, 8192
	var r Result
	at := time.Unix(1700000000, 0)
	typical := func(s *Stream, n int) {
		for i := 0; i < n; i++ {
			msg := fmt.Sprintf("request %d handled by worker %d in %d ms", i, i%7, 3+i%97)
			switch i % 5 {
			case 1:
				msg = fmt.Sprintf("cache hit for key user:%d (%d bytes)", i%5000, 200+i%3000)
			case 2:
				msg = fmt.Sprintf("job %d of queue q%d done: %d rows", i, i%3, i%1000)
			case 3:
				msg = fmt.Sprintf("GET /api/v1/items/%d 200 %dms", i%20000, i%50)
			}
			s.Observe(textRec(msg, LevelInfo, at.Add(time.Duration(i)*time.Millisecond)), &r)
		}
	}
	before := memtest.HeapInUse()
	all := make([]*Stream, streams)
	for i := range all {
		s, err := NewStream(DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		typical(s, records)
		all[i] = s
	}
	perStream := (int64(memtest.HeapInUse()) - int64(before)) / streams

	// One more stream, then 1,000 messages that share no words (about 500 templates: the
	// miner masks the digits of some).
	s, err := NewStream(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	typical(s, records)
	before, held := memtest.HeapInUse(), s.Counts().Templates
	buf := make([]byte, 0, 128)
	for i := 0; i < 1000; i++ {
		buf = memtest.DistinctMessage(buf, i)
		s.Observe(textRec(string(buf), LevelInfo, at.Add(time.Duration(records+i)*time.Millisecond)), &r)
	}
	added := s.Counts().Templates - held
	perTemplate := (int64(memtest.HeapInUse()) - int64(before)) / int64(added)
	t.Logf("a stream with a full window of a typical log: %.2f MB; each further template: %.1f KB (%d added)",
		float64(perStream)/(1<<20), float64(perTemplate)/1024, added)
	if perStream <= 0 || perStream > 3<<20 || perTemplate <= 0 || perTemplate > 16<<10 || added < 400 {
		t.Errorf("a stream %d bytes, a template %d bytes (%d added)", perStream, perTemplate, added)
	}
	for _, s := range all {
		s.Close()
	}
	s.Close()
	runtime.KeepAlive(all)
}
