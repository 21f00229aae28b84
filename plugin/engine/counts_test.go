package engine

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// steppingClock advances by step at every reading, so each delivery takes exactly step.
type steppingClock struct {
	now  time.Time
	step time.Duration
}

func (c *steppingClock) read() time.Time {
	c.now = c.now.Add(c.step)
	return c.now
}

func TestStatsCountTemplatesRefitsAndDeliveryTimes(t *testing.T) {
	sink := &recordingSink{}
	cfg := mustConfig(t, map[string]string{"refit_mode": "sync", "warmup": "8", "group_by": "service"})
	e, err := NewWithSink(cfg, sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	clock := &steppingClock{now: time.Unix(1700000000, 0), step: 3 * time.Millisecond}
	e.clock = clock.read

	shapes := []string{"GET /items/%d 200", "cache warmed in %d ms"}
	for flush := range 4 {
		var data []byte
		for i := range 10 {
			n := flush*10 + i
			for _, service := range []string{"web", "db"} {
				data = v2Event(data, time.Unix(1700000000+int64(n), 0), kv{"service", service, "log", fmt.Sprintf(shapes[n%2], n)})
			}
		}
		if err := e.Flush("app", data); err != nil {
			t.Fatal(err)
		}
	}
	sink.failing = true
	if err := e.Flush("app", v2Event(nil, time.Unix(1700000100, 0), kv{"service", "web", "log", "GET /items/1 200"})); err == nil {
		t.Fatal("a failing sink delivered")
	}

	st := e.Stats()
	if st.Streams != 2 || st.Templates != 2*len(shapes) {
		t.Errorf("streams %d, templates %d; want 2 and %d", st.Streams, st.Templates, 2*len(shapes))
	}
	// Each stream fits after its warm-up and again as its sample doubles (8, 16, 32 records).
	if st.Refits < 2*3 {
		t.Errorf("refits %d after 41 records in each of 2 streams with a warm-up of 8, want at least 6", st.Refits)
	}
	if st.Send.Count != 5 || st.Retries != 1 {
		t.Errorf("send count %d, retries %d; want 5 deliveries, one of them failed", st.Send.Count, st.Retries)
	}
	if want := 5 * 0.003; st.Send.Sum < want-1e-9 || st.Send.Sum > want+1e-9 {
		t.Errorf("send sum %v s, want %v s", st.Send.Sum, want)
	}
	for i, le := range SendBuckets {
		want := uint64(0)
		if le >= 0.003 {
			want = 5
		}
		if st.Send.Buckets[i] != want {
			t.Errorf("bucket le=%v holds %d, want %d", le, st.Send.Buckets[i], want)
		}
	}
}

// Fits a stream came with (a restored state, a loaded model) are not fits since start, and
// the fits of an evicted stream stay counted.
func TestRefitsCountOnlyFitsSinceStartAndSurviveEviction(t *testing.T) {
	settings := map[string]string{"refit_mode": "sync", "warmup": "8", "group_by": "service", "max_streams": "1", "state_dir": t.TempDir()}
	feed := func(e *Engine, service string, from, to int) {
		t.Helper()
		var data []byte
		for n := from; n < to; n++ {
			data = v2Event(data, time.Unix(1700000000+int64(n), 0), kv{"service", service, "log", fmt.Sprintf("GET /items/%d 200", n)})
		}
		if err := e.Flush("app", data); err != nil {
			t.Fatal(err)
		}
	}

	first, err := NewWithSink(mustConfig(t, settings), &recordingSink{}, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	feed(first, "web", 0, 40)
	fitted := first.Stats().Refits
	if fitted == 0 {
		t.Fatal("no fit after 40 records with a warm-up of 8")
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second, err := NewWithSink(mustConfig(t, settings), &recordingSink{}, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	if st := second.Stats(); st.Streams != 1 || st.Refits != 0 {
		t.Fatalf("after a restore: %d streams, %d refits; want the restored stream and 0 refits", st.Streams, st.Refits)
	}
	feed(second, "db", 0, 40) // evicts the restored web stream
	st := second.Stats()
	if st.Evicted != 1 {
		t.Fatalf("evicted %d streams, want 1", st.Evicted)
	}
	if st.Refits != fitted {
		t.Errorf("refits %d, want the %d of the new stream alone (it saw the same records)", st.Refits, fitted)
	}
	feed(second, "web", 40, 80) // a fresh web stream; db's fits stay counted
	if after := second.Stats().Refits; after <= st.Refits {
		t.Errorf("refits went from %d to %d after evicting a stream that had fitted", st.Refits, after)
	}
}

func TestMonotonicNeverGoesBack(t *testing.T) {
	var seen atomic.Uint64
	for _, c := range []struct{ in, want uint64 }{{3, 3}, {5, 5}, {4, 5}, {5, 5}, {9, 9}} {
		if got := monotonic(&seen, c.in); got != c.want {
			t.Errorf("monotonic(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}
