package forward_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/forward"
)

type quietLog struct{}

func (quietLog) Enabled(engine.Level) bool           { return false }
func (quietLog) Printf(engine.Level, string, ...any) {}

// TestEngineThroughPauses is the output mode against an in_forward that keeps pausing
// over its Mem_Buf_Limit, briefly or for longer than the ack budget, with Fluent Bit's
// retries played by a loop that flushes each chunk again until it is delivered: over
// many pause and resume cycles every record arrives exactly once and counts once.
func TestEngineThroughPauses(t *testing.T) {
	for _, network := range []string{"tcp"} { // unix sockets pause alike: TestResumeAcrossPauses
		t.Run(network, func(t *testing.T) {
			r := forward.StartPausingReceiver(t, network, 24<<10) // below a frame: each frame pauses it
			cfg, err := config.Parse(config.MapLookup(map[string]string{
				"forward_address":         r.Address(),
				"forward_ack_timeout":     "150ms",
				"forward_connect_timeout": "150ms",
			}))
			if err != nil {
				t.Fatal(err)
			}
			e, err := engine.New(cfg, quietLog{})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()

			rng := rand.New(rand.NewPCG(3, 4))
			const chunks, perChunk = 20, 500
			records := forward.Events(chunks*perChunk, 40)
			retries := 0
			for k := 0; k < chunks; k++ {
				pause := time.Duration(1+rng.IntN(20)) * time.Millisecond
				if rng.IntN(4) == 0 {
					pause = time.Duration(160+rng.IntN(150)) * time.Millisecond // beyond the ack budget
				}
				r.PauseFor(pause)
				data := bytes.Join(records[k*perChunk:(k+1)*perChunk], nil)
				for tries := 0; ; tries++ {
					err := e.Flush("app", data)
					if err == nil {
						break
					}
					if !errors.Is(err, engine.ErrRetry) || tries > 200 {
						t.Fatalf("chunk %d: %v after %d tries", k, err, tries)
					}
					retries++
					time.Sleep(10 * time.Millisecond) // Fluent Bit's retry comes later
				}
			}

			copies := make([]int, chunks*perChunk)
			for _, entries := range r.Entries() {
				var ev chunk.Event
				dec := chunk.NewDecoder(entries)
				for dec.Next(&ev) {
					v, _ := ev.Body.Get("i")
					i, _ := v.Int()
					copies[i]++
				}
			}
			for i, n := range copies {
				if n != 1 {
					t.Fatalf("record %d arrived %d times", i, n)
				}
			}
			st := e.Stats()
			t.Logf("%d pauses, %d retries, delivery %+v", r.Pauses(), retries, st.Delivery)
			if st.Records != chunks*perChunk || st.Scored+st.Learning != chunks*perChunk {
				t.Fatalf("%d records counted, %d scored, %d learning, for %d", st.Records, st.Scored, st.Learning, chunks*perChunk)
			}
			if r.Pauses() < 30 || retries == 0 || st.Delivery.Resumed == 0 {
				t.Fatalf("%d pauses, %d retries, delivery %+v: the test did not exercise pauses", r.Pauses(), retries, st.Delivery)
			}
		})
	}
}
