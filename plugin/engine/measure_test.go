package engine

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// TestStructuredMeasurementsAreWatched checks that a measurement a structured logger
// writes beside the message (a zap or slog duration_ms field, at the top of the record
// or in the JSON Docker keeps in log) is watched: requests that take seconds where
// they take milliseconds are flagged, with the field named in the reasons.
func TestStructuredMeasurementsAreWatched(t *testing.T) {
	shapes := map[string]func(at time.Time, ms float64) kv{
		"top-level fields": func(at time.Time, ms float64) kv {
			return kv{"level", "info", "ts", float64(at.UnixNano()) / 1e9, "msg", "request handled", "status", 200, "duration_ms", ms}
		},
		"json in log": func(at time.Time, ms float64) kv {
			return kv{"log", fmt.Sprintf(`{"level":"info","ts":%.3f,"msg":"request handled","status":200,"duration_ms":%.1f}`+"\n", float64(at.UnixNano())/1e9, ms), "stream", "stdout"}
		},
	}
	for name, record := range shapes {
		t.Run(name, func(t *testing.T) {
			sink := &recordingSink{}
			e, err := NewWithSink(mustConfig(t, map[string]string{}), sink, &testLogger{})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			rng := rand.New(rand.NewSource(3))
			at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
			var data []byte
			flush := func() {
				if err := e.Flush("app", data); err != nil {
					t.Fatal(err)
				}
				data = data[:0]
			}
			var slow []bool // per record sent, in order
			traffic := func(n int, slowEvery int) {
				for i := 0; i < n; i++ {
					at = at.Add(100 * time.Millisecond)
					switch {
					case slowEvery > 0 && i%slowEvery == slowEvery-1:
						data = v2Event(data, at, record(at, 9000*math.Exp(0.3*rng.NormFloat64())))
						slow = append(slow, true)
					case rng.Intn(3) == 0:
						data = v2Event(data, at, kv{"level", "debug", "msg", "cache lookup", "key", fmt.Sprintf("item:%d", rng.Intn(9999))})
						slow = append(slow, false)
					default:
						data = v2Event(data, at, record(at, 12*math.Exp(0.5*rng.NormFloat64())))
						slow = append(slow, false)
					}
					if len(slow)%256 == 0 {
						flush()
					}
				}
				flush()
			}
			traffic(12000, 0) // 20 minutes at 10 records a second
			traffic(600, 100) // then a minute with a slow request every 10 s
			flagged, normalFlagged := 0, 0
			var reasons string
			n := 0
			for _, ev := range sink.events {
				for _, rec := range splitEvents(t, ev) {
					a, _ := rec.Body.Get("anomaly")
					ann, _ := a.Map()
					f, _ := ann.Get("flag")
					if flag, _ := f.Bool(); flag {
						if !slow[n] {
							normalFlagged++
						} else {
							flagged++
							r, _ := ann.Get("reasons")
							reasons = r.Text()
						}
					}
					n++
				}
			}
			if n != len(slow) {
				t.Fatalf("%d records out, %d in", n, len(slow))
			}
			if flagged == 0 {
				t.Fatalf("no slow request flagged (%d normal records flagged)", normalFlagged)
			}
			if !strings.Contains(reasons, "number far above usual (duration_ms=") {
				t.Errorf("reasons %q do not name the number", reasons)
			}
			if normalFlagged > 13 { // 0.1% of 12,600
				t.Errorf("%d normal records flagged", normalFlagged)
			}
		})
	}
}

func BenchmarkFlush(b *testing.B) {
	cfg := mustConfig(b, map[string]string{"warmup": "32"})
	e, err := NewWithSink(cfg, &nullSink{}, &testLogger{})
	if err != nil {
		b.Fatal(err)
	}
	var data []byte
	const perChunk = 256
	for i := 0; i < perChunk; i++ {
		data = v2Event(data, benchTime(i), kv{"log", benchLine(i), "stream", "stdout"})
	}
	// Let the stream learn first: the steady state is what matters.
	for i := 0; i < 20; i++ {
		e.Flush("app", data)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Flush("app", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perChunk), "ns/record")
}

type nullSink struct{}

func (nullSink) Send(string, [][]byte) error { return nil }
func (nullSink) Close() error                { return nil }
