package engine

import (
	"flag"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

var full = flag.Bool("full", false, "run the bounds test at full size (a million messages, 100k streams)")

// Memory must stay bounded whatever the input: unbounded group_by values, every message
// distinct, 1 MB messages, deeply nested bodies. The ceiling is the documented cost of the
// caps (max_streams models) plus a margin, and the pipeline must keep delivering.
func TestMemoryStaysBoundedWhateverTheInput(t *testing.T) {
	if testing.Short() {
		t.Skip("bounds test skipped in -short mode")
	}
	streams, messages := 20_000, 200_000
	if *full {
		streams, messages = 100_000, 1_000_000
	}
	const maxStreams = 50
	cfg := mustConfig(t, map[string]string{"group_by": "user", "max_streams": fmt.Sprint(maxStreams),
		"window": "256", "warmup": "16", "max_templates": "200"})
	sink := &countingSink{}
	e, err := NewWithSink(cfg, sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	huge := strings.Repeat("x", 1<<20)
	sent := 0
	for c := 0; sent < messages; c++ {
		var data []byte
		for i := 0; i < 500 && sent < messages; i++ {
			n := sent
			msg := fmt.Sprintf("event %x-%d unique %d", n*7919, n, n*31)
			if n%50_000 == 0 {
				msg = huge
			}
			// Odd records spread over every group_by value; even ones go to as many hot
			// streams as the cap keeps, so models, windows and template tables fill up too.
			user := fmt.Sprintf("u%d", n%streams)
			if n%2 == 0 {
				user = fmt.Sprintf("hot%d", n%maxStreams)
			}
			data = v2Event(data, time.Unix(1700000000+int64(n/100), 0), kv{"log", msg, "user", user})
			if n%100_000 == 0 {
				data = appendDeep(data, 10_000)
			}
			sent++
		}
		if err := e.Flush("app", data); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grown := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	// A stream at window 256 costs well under 1 MB (model, window, 200 templates).
	ceiling := float64(maxStreams)*1e6 + 16e6
	t.Logf("%d messages over %d group_by values: heap grew %.1f MB (ceiling %.0f MB), %d streams kept, %d evicted",
		messages, streams, grown/1e6, ceiling/1e6, e.Stats().Streams, e.Stats().Evicted)
	if grown > ceiling {
		t.Fatalf("heap grew %.1f MB, more than the %.0f MB ceiling", grown/1e6, ceiling/1e6)
	}
	if st := e.Stats(); st.Streams > maxStreams {
		t.Fatalf("%d streams kept, cap %d", st.Streams, maxStreams)
	}
	if sink.events < messages {
		t.Fatalf("delivered %d of %d records", sink.events, messages)
	}
}

// appendDeep appends a record whose body nests depth maps.
func appendDeep(dst []byte, depth int) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendInt(dst, 1700000000)
	for i := 0; i < depth; i++ {
		dst = chunk.AppendMapHeader(dst, 1)
		dst = chunk.AppendString(dst, "k")
	}
	return chunk.AppendString(dst, "deep")
}

type countingSink struct{ events int }

func (c *countingSink) Send(_ string, events [][]byte) error { c.events += len(events); return nil }
func (c *countingSink) Close() error                         { return nil }
