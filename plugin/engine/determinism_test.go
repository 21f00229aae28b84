package engine

import (
	"bytes"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
)

// determinismChunks builds the chunks a tail input would hand a filter: two services
// (two tags, so two streams) of request, job and cache records, 3000 each, with a burst
// of errors and slow requests in one of them. The records are fixed (fixed seed and
// start time) so every run sees the very same bytes.
func determinismChunks() (tags []string, chunks [][]byte) {
	const (
		records   = 6000
		perChunk  = 250 // several chunks, so models change between and within chunks
		burstFrom = 4200
		burstTo   = 4400
	)
	r := rand.New(rand.NewSource(42))
	start := time.Date(2024, 5, 14, 9, 0, 0, 0, time.UTC)
	var data []byte
	for i := 0; i < records; i++ {
		at := start.Add(time.Duration(i) * 100 * time.Millisecond)
		burst := i >= burstFrom && i < burstTo
		var body kv
		switch n := r.Intn(10); {
		case burst && n < 4:
			body = kv{"level", "error", "message", fmt.Sprintf("upstream inventory timed out after %dms", 3000+r.Intn(2000)), "order", 90000 + r.Intn(5000)}
		case n < 6:
			latency := 5 + r.Intn(40)
			if burst {
				latency *= 30
			}
			body = kv{"level", "info", "message", fmt.Sprintf("GET /api/items/%d 200 %dms", r.Intn(500), latency), "latency_ms", latency}
		case n < 8:
			body = kv{"level", "info", "message", fmt.Sprintf("job %d finished in %.2fs", r.Intn(10000), 0.5+r.Float64()), "queue", "default"}
		case n < 9:
			body = kv{"level", "debug", "message", fmt.Sprintf("cache hit ratio %.3f", 0.8+r.Float64()*0.15)}
		default:
			body = kv{"level", "warn", "message", fmt.Sprintf("retrying request to %s (attempt %d)", []string{"billing", "search"}[r.Intn(2)], 1+r.Intn(2))}
		}
		data = v2Event(data, at, body)
		if (i+1)%perChunk == 0 {
			// Alternate the services chunk by chunk, as two tail inputs would.
			tags = append(tags, []string{"svc.orders", "svc.billing"}[len(chunks)%2])
			chunks = append(chunks, data)
			data = nil
		}
	}
	return tags, chunks
}

// TestAnnotateDeterministic drives filter instances as Fluent Bit does (New, then Annotate
// chunk by chunk) five times over the same records and requires identical bytes. The
// default refit mode fits in the background; a background fit takes effect a fixed
// number of records after it started, however long it took, so the annotations must not
// depend on timing. The five instances run at once so their fits compete for the CPU and
// finish at different moments.
func TestAnnotateDeterministic(t *testing.T) {
	cfg, err := config.ParseFor(config.Filter, config.MapLookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RefitMode != config.RefitBackground {
		t.Fatalf("the default refit mode is %q: this test is meant for background refits", cfg.RefitMode)
	}
	tags, chunks := determinismChunks()

	const runs = 5
	outs := make([][]byte, runs)
	stats := make([]Stats, runs)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := New(cfg, &testLogger{})
			if err != nil {
				t.Error(err)
				return
			}
			var out []byte
			for c, data := range chunks {
				out = e.Annotate(tags[c], data, out)
			}
			stats[i] = e.Stats()
			if err := e.Close(); err != nil {
				t.Error(err)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	t.Logf("each run: %d records, %d scored, %d flagged, %d refits in %d streams", stats[0].Records, stats[0].Scored, stats[0].Flagged, stats[0].Refits, stats[0].Streams)
	// The property only means something if models were replaced in the background while
	// records kept coming (each stream's first fit is inline, so more fits than streams),
	// and if something was flagged.
	if st := stats[0]; st.Streams != 2 || st.Refits <= uint64(st.Streams) || st.Flagged == 0 || st.Scored == 0 {
		t.Fatalf("records did not exercise background refits: %+v", st)
	}
	for i := 1; i < runs; i++ {
		if !bytes.Equal(outs[i], outs[0]) {
			a, b := splitEvents(t, outs[0]), splitEvents(t, outs[i])
			for j := range min(len(a), len(b)) {
				if !bytes.Equal(a[j].Raw, b[j].Raw) {
					t.Fatalf("run %d differs from run 0 at event %d:\nrun 0: %x\nrun %d: %x", i, j, a[j].Raw, i, b[j].Raw)
				}
			}
			t.Fatalf("run %d has %d events, run 0 has %d", i, len(b), len(a))
		}
		if stats[i].Flagged != stats[0].Flagged || stats[i].Refits != stats[0].Refits {
			t.Fatalf("run %d flagged %d records with %d refits, run 0 %d with %d", i, stats[i].Flagged, stats[i].Refits, stats[0].Flagged, stats[0].Refits)
		}
	}
}
