package forward

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// copiesOf counts, for each event index of events(n, pad), how many times the receiver
// stored it.
func copiesOf(t *testing.T, s *fakeServer, n int) []int {
	t.Helper()
	copies := make([]int, n)
	for _, f := range s.received() {
		var ev chunk.Event
		dec := chunk.NewDecoder(f.entries)
		for dec.Next(&ev) {
			v, ok := ev.Body.Get("i")
			if !ok {
				t.Fatalf("an event without its index in frame %q", f.chunkID)
			}
			i, _ := v.Int()
			if i < 0 || int(i) >= n {
				t.Fatalf("event index %d out of range", i)
			}
			copies[i]++
		}
	}
	return copies
}

// realTimeClient returns a Client for s that backs off in real time: pauses are real time.
func realTimeClient(t *testing.T, s *fakeServer, opt Options) *Client {
	t.Helper()
	c, _ := newClient(t, s, opt)
	c.now, c.wait = time.Now, nil
	return c
}

// duplicatesAndLoss returns the events stored more than once (extra copies) and never.
func duplicatesAndLoss(copies []int) (dup, lost int) {
	for _, c := range copies {
		switch {
		case c == 0:
			lost++
		case c > 1:
			dup += c - 1
		}
	}
	return dup, lost
}

// TestPausedReceiverRiddenThrough: a receiver that pauses every 32 KiB for 30 ms, well
// within the ack budget, takes a large Send whole, without a failure, a retry or a copy.
func TestPausedReceiverRiddenThrough(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		t.Run(fmt.Sprintf("refuse=%v", refuse), func(t *testing.T) {
			s := startServer(t, "tcp", withPause(pauseRule{afterBytes: 32 << 10, resumeAfter: 30 * time.Millisecond, refuse: refuse}))
			c := realTimeClient(t, s, Options{MaxFrameBytes: 8 << 10, AckTimeout: 5 * time.Second})
			evs := events(2000, 100)
			if err := c.Send("t", evs); err != nil {
				t.Fatal(err)
			}
			dup, lost := duplicatesAndLoss(copiesOf(t, s, len(evs)))
			st := c.Status()
			if dup != 0 || lost != 0 || s.pauses.Load() < 5 || st.Redials == 0 || !st.Available || st.Changes != 0 {
				t.Fatalf("%d duplicates, %d lost over %d pauses; status %+v", dup, lost, s.pauses.Load(), st)
			}
		})
	}
}

// TestResumeAcrossPauses is the retry of Fluent Bit and the engine without either: chunks
// of events go to a receiver that pauses after every few frames, briefly or for longer
// than the ack budget, and each failed Deliver is followed by another from the first
// event not acknowledged. Over many pause and resume cycles no event is lost and none is
// stored twice, except the frames whose ack a pause swallowed, at most one per pause.
func TestResumeAcrossPauses(t *testing.T) {
	cases := []struct {
		name string
		rule pauseRule
	}{
		{"backlog", pauseRule{afterBytes: 24 << 10}},
		{"refuse", pauseRule{afterBytes: 24 << 10, refuse: true}},
		{"lost acks", pauseRule{afterBytes: 24 << 10, loseAck: true}},
	}
	for _, network := range []string{"tcp", "unix"} {
		for _, tc := range cases {
			t.Run(network+"/"+tc.name, func(t *testing.T) {
				s := startServer(t, network, withPause(tc.rule))
				const ackTimeout = 100 * time.Millisecond
				c := realTimeClient(t, s, Options{MaxFrameBytes: 4 << 10, AckTimeout: ackTimeout, DialTimeout: ackTimeout, BackoffMin: time.Millisecond, BackoffMax: 5 * time.Millisecond})
				rng := rand.New(rand.NewPCG(1, 2))
				const chunks, perChunk = 40, 150
				all := events(chunks*perChunk, 60)
				failures := 0
				for k := 0; k < chunks; k++ {
					// Most pauses are ridden through inside a Deliver; one in four outlasts
					// its budget, leaving a connection unserved in the backlog.
					pause := time.Duration(1+rng.IntN(20)) * time.Millisecond
					if rng.IntN(4) == 0 {
						pause = ackTimeout + time.Duration(rng.IntN(200))*time.Millisecond
					}
					s.mu.Lock()
					s.pause.resumeAfter = pause
					s.mu.Unlock()
					chunk := all[k*perChunk : (k+1)*perChunk]
					for done, tries := 0, 0; done < len(chunk); tries++ {
						if tries > 100 {
							t.Fatalf("chunk %d: still %d events to deliver after %d tries", k, len(chunk)-done, tries)
						}
						acked, err := c.Deliver("t", chunk[done:])
						done += acked
						if err != nil {
							if !errors.Is(err, ErrUnavailable) {
								t.Fatal(err)
							}
							failures++
							time.Sleep(5 * time.Millisecond) // Fluent Bit's retry comes later
						}
					}
				}
				dup, lost := duplicatesAndLoss(copiesOf(t, s, len(all)))
				st := c.Status()
				pauses, lostAcks := s.pauses.Load(), s.lostAcks.Load()
				t.Logf("%d pauses, %d failed Delivers, %d redials, %d frames unacknowledged, %d acks lost, %d duplicates, %d probes",
					pauses, failures, st.Redials, st.UnackedFrames, lostAcks, dup, s.probes.Load())
				if lost != 0 {
					t.Fatalf("%d events lost", lost)
				}
				if pauses < 15 || failures == 0 || st.Redials == 0 {
					t.Fatalf("%d pauses, %d failures, %d redials: the test did not exercise pauses", pauses, failures, st.Redials)
				}
				// A swallowed ack costs at most one frame: 4 KiB of 76-byte events.
				if maxDup := int(lostAcks) * (4 << 10) / 76; dup > maxDup {
					t.Fatalf("%d duplicates with %d acks lost", dup, lostAcks)
				}
			})
		}
	}
}

// TestFramesAboveTheReceiversLimit: an in_forward drops a frame above its
// buffer_max_size with the connection; frames below it all arrive.
func TestFramesAboveTheReceiversLimit(t *testing.T) {
	const receiverLimit = 16 << 10
	s := startServer(t, "tcp", withMaxFrame(receiverLimit))
	evs := events(400, 100)

	c, _ := newClient(t, s, Options{MaxFrameBytes: receiverLimit, AckTimeout: 200 * time.Millisecond})
	if err := c.Send("t", evs); err != nil {
		t.Fatalf("frames below the receiver's limit: %v", err)
	}
	if dup, lost := duplicatesAndLoss(copiesOf(t, s, len(evs))); dup != 0 || lost != 0 {
		t.Fatalf("%d duplicates, %d lost", dup, lost)
	}

	big, _ := newClient(t, s, Options{MaxFrameBytes: 4 * receiverLimit, AckTimeout: 200 * time.Millisecond})
	acked, err := big.Deliver("t", evs)
	if !errors.Is(err, ErrUnavailable) || acked != 0 {
		t.Fatalf("frames above the receiver's limit: %d acked, %v", acked, err)
	}
}

// TestUnservedConnectionsCarryNoFrame: a Deliver that gives up on a connection a paused
// receiver left in its backlog wrote only a probe on it, so nothing is stored when the
// receiver resumes and reads it.
func TestUnservedConnectionsCarryNoFrame(t *testing.T) {
	s := startServer(t, "unix", withPause(pauseRule{afterBytes: 1, resumeAfter: 300 * time.Millisecond}))
	c := realTimeClient(t, s, Options{AckTimeout: 50 * time.Millisecond})
	evs := events(3, 10)
	if err := c.Send("t", evs[:1]); err != nil { // stored, and the receiver pauses
		t.Fatal(err)
	}
	if st := c.Status(); !st.Available {
		t.Fatalf("status after a delivery: %+v", st)
	}
	// The receiver acks, then closes its connections; a frame written in between would
	// be written on a connection it no longer reads (counted unacknowledged, not stored).
	// This test is about the connections after that.
	s.waitClosedAll(t)
	acked, err := c.Deliver("t", evs[1:])
	if err == nil || acked != 0 {
		t.Fatalf("Deliver during a long pause: %d acked, %v", acked, err)
	}
	st := c.Status()
	if st.Available || !st.Paused || st.Outages != 1 || st.UnackedFrames != 0 {
		t.Fatalf("status during the pause: %+v", st)
	}
	time.Sleep(400 * time.Millisecond) // resumed; the abandoned connection is read
	if err := c.Send("t", evs[1:]); err != nil {
		t.Fatal(err)
	}
	if dup, lost := duplicatesAndLoss(copiesOf(t, s, len(evs))); dup != 0 || lost != 0 {
		t.Fatalf("%d duplicates, %d lost", dup, lost)
	}
	if st := c.Status(); !st.Available || st.Changes != 2 || st.LastOutage <= 0 {
		t.Fatalf("status after the pause: %+v", st)
	}
}

// TestReadyHoldsBackDuringAnOutage: Ready answers at once while the receiver is available,
// fails while it is unreachable, and succeeds, with a connection left for the next Send,
// once it is back.
func TestReadyHoldsBackDuringAnOutage(t *testing.T) {
	s := startServer(t, "tcp")
	c, clock := newClient(t, s, Options{})
	if err := c.Ready("t"); err != nil || s.accepted.Load() != 0 {
		t.Fatalf("Ready of an available receiver = %v after %d connections", err, s.accepted.Load())
	}
	s.shutdown()
	if err := c.Send("t", events(1, 1)); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send to a stopped receiver = %v", err)
	}
	if err := c.Ready("t"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Ready of a stopped receiver = %v", err)
	}
	s.listen()
	clock.Advance(DefaultBackoffMax)
	if err := c.Ready("t"); err != nil {
		t.Fatalf("Ready of a receiver that is back: %v", err)
	}
	if err := c.Send("t", events(1, 1)); err != nil {
		t.Fatal(err)
	}
	if got := s.accepted.Load(); got != 1 {
		t.Fatalf("%d connections, want the one Ready opened", got)
	}
	if len(s.received()) != 1 {
		t.Fatalf("%d frames stored, want 1: a probe stores nothing", len(s.received()))
	}
}
