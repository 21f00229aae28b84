package forward

import (
	"testing"
	"time"
)

// PausingReceiver exposes this package's fake in_forward, paused after every afterBytes
// of entries, to the tests of package forward_test, which drive the engine against it.
type PausingReceiver struct{ s *fakeServer }

// StartPausingReceiver starts a fake in_forward on network that pauses after afterBytes.
func StartPausingReceiver(t *testing.T, network string, afterBytes int) *PausingReceiver {
	return &PausingReceiver{startServer(t, network, withPause(pauseRule{afterBytes: afterBytes, resumeAfter: time.Millisecond}))}
}

// Address is the receiver's address as forward_address spells it.
func (r *PausingReceiver) Address() string { return r.s.addr() }

// PauseFor sets how long the next pauses last.
func (r *PausingReceiver) PauseFor(d time.Duration) {
	r.s.mu.Lock()
	r.s.pause.resumeAfter = d
	r.s.mu.Unlock()
}

// Pauses is the number of pauses so far.
func (r *PausingReceiver) Pauses() int64 { return r.s.pauses.Load() }

// Events returns n events whose bodies carry their index "i" and a log of pad bytes.
func Events(n, pad int) [][]byte { return events(n, pad) }

// Entries returns the events of every frame stored, in order.
func (r *PausingReceiver) Entries() [][]byte {
	var out [][]byte
	for _, f := range r.s.received() {
		out = append(out, f.entries)
	}
	return out
}
