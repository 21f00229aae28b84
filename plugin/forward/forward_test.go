package forward

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// fakeClock is the backoff clock of a Client under test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClient returns a Client for s with a fake backoff clock, closed when the test ends.
// Waiting out a backoff advances the clock (and yields a moment, so a loop of redials
// stays gentle on the test machine).
func newClient(t *testing.T, s *fakeServer, opt Options) (*Client, *fakeClock) {
	t.Helper()
	opt.Address = s.addr()
	c, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Unix(1700000000, 0)}
	c.now = clock.Now
	c.wait = func(d time.Duration) error {
		clock.Advance(d)
		time.Sleep(time.Millisecond)
		return nil
	}
	t.Cleanup(func() { c.Close() })
	return c, clock
}

// events returns n Fluent Bit events whose bodies carry their index and pad bytes.
func events(n, pad int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		e := []byte{0x92, 0x92}
		e = chunk.AppendEventTime(e, 1700000000+uint32(i), 0)
		e = chunk.AppendMapHeader(e, 0)
		e = chunk.AppendMapHeader(e, 2)
		e = chunk.AppendString(e, "i")
		e = chunk.AppendInt(e, int64(i))
		e = chunk.AppendString(e, "log")
		e = chunk.AppendString(e, strings.Repeat("x", pad))
		out[i] = e
	}
	return out
}

func joined(evs [][]byte) []byte { return bytes.Join(evs, nil) }

func TestSendDelivers(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, network)
			c, _ := newClient(t, s, Options{TagPrefix: "scored."})
			evs := events(50, 40)
			if err := c.Send("app.web", evs); err != nil {
				t.Fatal(err)
			}
			if err := c.Send("app.db", evs[:1]); err != nil {
				t.Fatal(err)
			}
			frames := s.received()
			if len(frames) != 2 {
				t.Fatalf("%d frames, want 2", len(frames))
			}
			if f := frames[0]; f.tag != "scored.app.web" || !bytes.Equal(f.entries, joined(evs)) || f.size != 50 {
				t.Fatalf("frame 0: tag %q, size %d, %d bytes of entries", f.tag, f.size, len(f.entries))
			}
			if f := frames[1]; f.tag != "scored.app.db" || !bytes.Equal(f.entries, evs[0]) || f.size != 1 {
				t.Fatalf("frame 1: tag %q, size %d", f.tag, f.size)
			}
			id, err := base64.StdEncoding.DecodeString(frames[0].chunkID)
			if err != nil || len(id) != 16 || frames[0].chunkID == frames[1].chunkID {
				t.Fatalf("chunk ids %q %q", frames[0].chunkID, frames[1].chunkID)
			}
			if got := s.accepted.Load(); got != 1 {
				t.Fatalf("%d connections for two Sends, want 1 reused", got)
			}
			if err := c.Send("empty", nil); err != nil {
				t.Fatalf("Send of nothing: %v", err)
			}
		})
	}
}

func TestSendSplitsFrames(t *testing.T) {
	s := startServer(t, "unix")
	const max = MinFrameBytes * 4
	c, _ := newClient(t, s, Options{MaxFrameBytes: max})
	evs := events(120, 90)
	big := events(1, max*2)[0]
	evs = append(evs[:60:60], append([][]byte{big}, evs[60:]...)...)
	if err := c.Send("split", evs); err != nil {
		t.Fatal(err)
	}
	frames := s.received()
	var all []byte
	var count int64
	for i, f := range frames {
		all = append(all, f.entries...)
		count += f.size
		switch {
		case bytes.Equal(f.entries, big):
			if f.size != 1 {
				t.Fatalf("the oversized event shares frame %d", i)
			}
		case f.bytes > max:
			t.Fatalf("frame %d is %d bytes, above %d", i, f.bytes, max)
		}
	}
	if !bytes.Equal(all, joined(evs)) || count != int64(len(evs)) {
		t.Fatalf("frames do not carry the events in order (%d frames, %d events)", len(frames), count)
	}
	if len(frames) < 5 {
		t.Fatalf("only %d frames: nothing was split", len(frames))
	}
}

func TestSplitFrames(t *testing.T) {
	ev := func(n int) []byte { return make([]byte, n) }
	cases := []struct {
		name  string
		sizes []int
		limit int
		want  []int
	}{
		{"one frame", []int{10, 10, 10}, 30, []int{3}},
		{"split at the limit", []int{10, 10, 10}, 20, []int{2, 3}},
		{"oversized alone", []int{5, 50, 5}, 20, []int{1, 2, 3}},
		{"oversized first", []int{50, 5, 5}, 20, []int{1, 3}},
		{"every event alone", []int{15, 15, 15}, 20, []int{1, 2, 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var evs [][]byte
			for _, n := range c.sizes {
				evs = append(evs, ev(n))
			}
			got := splitFrames(nil, evs, c.limit)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("ends %v, want %v", got, c.want)
			}
		})
	}
}

// TestMisbehavingReceiver: every undelivered Send fails with ErrUnavailable, the
// connection is dropped, and once the receiver behaves the client delivers again on a new
// connection.
func TestMisbehavingReceiver(t *testing.T) {
	cases := []struct {
		name string
		mode mode
	}{
		{"never acks", neverAck},
		{"acks another chunk", wrongAck},
		{"closes mid-frame", closeMidFrame},
		{"stalls", stall},
		{"closes on accept", closeOnAccept},
	}
	for _, network := range []string{"tcp", "unix"} {
		for _, tc := range cases {
			t.Run(network+"/"+tc.name, func(t *testing.T) {
				s := startServer(t, network)
				c, clock := newClient(t, s, Options{AckTimeout: 200 * time.Millisecond, DialTimeout: time.Second})
				if err := c.Send("warmup", events(1, 10)); err != nil {
					t.Fatal(err)
				}
				if tc.mode == stall || tc.mode == closeOnAccept {
					s.restart() // these act on new connections
				}
				s.setMode(tc.mode)
				err := c.Send("t", events(3, 10))
				if !errors.Is(err, ErrUnavailable) {
					t.Fatalf("Send = %v, want ErrUnavailable", err)
				}
				accepted := s.accepted.Load()

				s.setMode(ackFrames)
				if tc.mode == stall || tc.mode == closeOnAccept {
					s.restart()
				}
				clock.Advance(DefaultBackoffMax)
				if err := c.Send("t", events(3, 10)); err != nil {
					t.Fatalf("Send after the receiver recovered: %v", err)
				}
				if s.accepted.Load() != accepted+1 {
					t.Fatalf("the failed connection was reused (%d accepted, then %d)", accepted, s.accepted.Load())
				}
			})
		}
	}
}

// TestRefusedAndBackoff: a receiver that refuses connections makes the client unavailable
// at the first failure; while it is, a Send dials only once the backoff, doubling up to
// BackoffMax, has passed, and fails at once before; the first delivery makes it
// available again and resets the backoff.
func TestRefusedAndBackoff(t *testing.T) {
	s := startServer(t, "tcp")
	c, clock := newClient(t, s, Options{BackoffMin: time.Second, BackoffMax: 4 * time.Second})
	started := clock.Now()
	s.shutdown() // connection refused from now on
	addr := s.addr()

	fail := func(wantDial bool) {
		t.Helper()
		err := c.Send("t", events(1, 1))
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Send = %v, want ErrUnavailable", err)
		}
		if dialed := !strings.Contains(err.Error(), "not dialing again"); dialed != wantDial {
			t.Fatalf("dialed = %v, want %v: %v", dialed, wantDial, err)
		}
	}
	fail(true)                 // failure 1: backoff 1 s
	fail(false)                // still backing off: fails at once, no dial
	clock.Advance(time.Second) // backoff over
	fail(true)                 // failure 2: backoff 2 s
	clock.Advance(time.Second)
	fail(false)
	clock.Advance(time.Second)
	fail(true) // failure 3: 4 s
	fail(false)
	clock.Advance(4 * time.Second)
	fail(true) // failure 4: capped at 4 s
	st := c.Status()
	if st.Available || st.Paused || st.Outages != 1 || st.Changes != 1 || !st.Since.Equal(started) || !strings.Contains(st.Cause, "refused") {
		t.Fatalf("status after refusals: %+v", st)
	}

	s.listen()
	if s.addr() != addr {
		t.Fatalf("restarted on %s, not %s", s.addr(), addr)
	}
	clock.Advance(4 * time.Second)
	if err := c.Send("t", events(1, 1)); err != nil {
		t.Fatalf("Send after the receiver came back: %v", err)
	}
	st = c.Status()
	if !st.Available || st.Changes != 2 || st.LastOutage != 11*time.Second || st.OutageTime != st.LastOutage {
		t.Fatalf("status after the receiver came back: %+v", st)
	}

	// Success resets the backoff: riding through a receiver that closes every connection,
	// the Send waits BackoffMin first, then longer, until its budget is spent.
	var waits []time.Duration
	c.wait = func(d time.Duration) error {
		waits = append(waits, d)
		clock.Advance(d)
		return nil
	}
	s.setMode(closeOnAccept)
	s.restart()
	if err := c.Send("t", events(1, 1)); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send to a receiver that closes every connection = %v", err)
	}
	if len(waits) == 0 || waits[0] != time.Second {
		t.Fatalf("waits %v, want to start at BackoffMin", waits)
	}
	if st := c.Status(); st.Available || !st.Paused || st.Outages != 2 {
		t.Fatalf("a receiver that takes connections and closes them is paused, got %+v", st)
	}
}

// TestBackoffBeyondTheBudgetFailsAtOnce: a Send does not wait for a backoff longer than its
// connection budget, and does not dial.
func TestBackoffBeyondTheBudgetFailsAtOnce(t *testing.T) {
	s := startServer(t, "tcp")
	c, _ := newClient(t, s, Options{BackoffMin: time.Hour, BackoffMax: time.Hour})
	s.setMode(closeOnAccept)
	s.restart()
	if err := c.Send("t", events(1, 1)); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Send = %v", err)
	}
	accepted := s.accepted.Load()
	start := time.Now()
	err := c.Send("t", events(1, 1))
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "not dialing again") {
		t.Fatalf("Send during a backoff longer than its budget = %v", err)
	}
	if s.accepted.Load() != accepted || time.Since(start) > time.Second {
		t.Fatalf("the Send dialled or waited (%v)", time.Since(start))
	}
}

// TestReceiverRestart: an idle connection closed by a restarting receiver is noticed before
// use, so the first Send after the restart succeeds.
func TestReceiverRestart(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, network)
			c, _ := newClient(t, s, Options{})
			if err := c.Send("t", events(2, 5)); err != nil {
				t.Fatal(err)
			}
			s.restart()
			if err := c.Send("t", events(2, 5)); err != nil {
				t.Fatalf("Send after restart: %v", err)
			}
			if got := len(s.received()); got != 2 {
				t.Fatalf("%d frames received, want 2", got)
			}
		})
	}
}

// TestConcurrentSendsDoNotSerialise: a Send waiting for a slow ack does not hold up another.
func TestConcurrentSendsDoNotSerialise(t *testing.T) {
	s := startServer(t, "tcp")
	s.hold = make(chan struct{})
	s.gotFrame = make(chan received, 4)
	c, _ := newClient(t, s, Options{AckTimeout: time.Minute})

	slow := make(chan error, 1)
	go func() { slow <- c.Send("slow", events(1, 1)) }()
	<-s.gotFrame // the slow frame is at the receiver, its ack held back

	if err := c.Send("fast", events(1, 1)); err != nil {
		t.Fatalf("fast Send: %v", err)
	}
	<-s.gotFrame
	select {
	case err := <-slow:
		t.Fatalf("slow Send returned before its ack: %v", err)
	default:
	}
	close(s.hold)
	if err := <-slow; err != nil {
		t.Fatalf("slow Send: %v", err)
	}
}

// TestAllConnectionsBusy: with every connection waiting for an ack, another Send waits
// for one at most DialTimeout, and after Close it fails whether it was waiting or not.
func TestAllConnectionsBusy(t *testing.T) {
	s := startServer(t, "tcp")
	s.hold = make(chan struct{})
	s.gotFrame = make(chan received, 4)
	c, _ := newClient(t, s, Options{MaxConns: 1, DialTimeout: 50 * time.Millisecond, AckTimeout: time.Minute})
	slow := make(chan error, 1)
	go func() { slow <- c.Send("slow", events(1, 1)) }()
	<-s.gotFrame

	err := c.Send("fast", events(1, 1))
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "busy") {
		t.Fatalf("Send with every connection busy = %v", err)
	}
	c.opt.DialTimeout = time.Hour
	waiting := make(chan error, 1)
	go func() { waiting <- c.Send("fast", events(1, 1)) }()
	c.Close()
	if err := <-waiting; !errors.Is(err, ErrUnavailable) {
		t.Fatalf("waiting Send after Close = %v", err)
	}
	if err := <-slow; !errors.Is(err, ErrUnavailable) {
		t.Fatalf("in-flight Send after Close = %v", err)
	}
	close(s.hold)
}

func TestConcurrentSends(t *testing.T) {
	s := startServer(t, "unix")
	c, _ := newClient(t, s, Options{MaxConns: 3})
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				errs <- c.Send(fmt.Sprintf("g%d", g), events(10, 20))
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(s.received()); got != 40 {
		t.Fatalf("%d frames, want 40", got)
	}
	if got := s.accepted.Load(); got > 3 {
		t.Fatalf("%d connections, above MaxConns 3", got)
	}
}

func TestCloseInterruptsInFlight(t *testing.T) {
	s := startServer(t, "tcp")
	s.setMode(neverAck)
	c, _ := newClient(t, s, Options{AckTimeout: time.Hour})
	done := make(chan error, 1)
	go func() { done <- c.Send("t", events(1, 1)) }()
	for s.probes.Load() == 0 { // the Send waits for the ack of its probe
		runtime.Gosched()
	}
	start := time.Now()
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; !errors.Is(err, ErrUnavailable) {
		t.Fatalf("in-flight Send = %v, want ErrUnavailable", err)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("Close took %v to interrupt the Send", waited)
	}
	if err := c.Send("t", events(1, 1)); !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close = %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestCloseInterruptsHandshake(t *testing.T) {
	s := startServer(t, "tcp")
	s.setMode(stall) // accepts, never sends HELO
	c, _ := newClient(t, s, Options{SharedKey: "k", DialTimeout: time.Hour})
	done := make(chan error, 1)
	go func() { done <- c.Send("t", events(1, 1)) }()
	for s.accepted.Load() == 0 {
		runtime.Gosched()
	}
	c.Close()
	if err := <-done; !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrClosed) {
		t.Fatalf("Send = %v, want ErrUnavailable and ErrClosed", err)
	}
}

// TestNoLeaks: failures, reconnections and Close leave no goroutine or descriptor behind.
func TestNoLeaks(t *testing.T) {
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)
	func() {
		s := startServer(t, "tcp")
		u := startServer(t, "unix")
		defer s.stop()
		defer u.stop()
		for _, srv := range []*fakeServer{s, u} {
			c, clock := newClient(t, srv, Options{AckTimeout: 100 * time.Millisecond, MaxConns: 2})
			for _, m := range []mode{ackFrames, wrongAck, neverAck, closeMidFrame, ackFrames} {
				srv.setMode(m)
				_ = c.Send("t", events(5, 5))
				clock.Advance(time.Minute)
			}
			srv.restart()
			_ = c.Send("t", events(5, 5))
			c.Close()
		}
	}()
	// The servers' handlers have returned (stop waited for them) but may not have left
	// the scheduler yet: yield until they are gone, for a bounded time.
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > goroutines && time.Now().Before(deadline); {
		runtime.Gosched()
	}
	if got := runtime.NumGoroutine(); got > goroutines {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines, %d before:\n%s", got, goroutines, buf[:runtime.Stack(buf, true)])
	}
	if got := openFDs(t); got > fds {
		t.Fatalf("%d open descriptors, %d before", got, fds)
	}
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd to count descriptors")
	}
	return len(entries)
}

func TestNewValidates(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
		want string // in the error; empty means valid
	}{
		{"unix", Options{Address: "unix:///tmp/x.sock"}, ""},
		{"tcp", Options{Address: "tcp://127.0.0.1:24224"}, ""},
		{"tcp host name", Options{Address: "tcp://fluent-bit:24224"}, ""},
		{"no scheme", Options{Address: "127.0.0.1:24224"}, "Address must be"},
		{"empty unix path", Options{Address: "unix://"}, "Address must be"},
		{"no port", Options{Address: "tcp://host"}, "Address must be"},
		{"port zero", Options{Address: "tcp://host:0"}, "Address must be"},
		{"port too big", Options{Address: "tcp://host:70000"}, "Address must be"},
		{"no host", Options{Address: "tcp://:24224"}, "Address must be"},
		{"stdout", Options{Address: "stdout"}, "Address must be"},
		{"tls on unix", Options{Address: "unix:///x", TLS: testTLSConfig()}, "TLS needs a tcp://"},
		{"frame too small", Options{Address: "unix:///x", MaxFrameBytes: 100}, "MaxFrameBytes must be at least"},
		{"negative timeout", Options{Address: "unix:///x", AckTimeout: -1}, "AckTimeout must not be negative"},
		{"negative conns", Options{Address: "unix:///x", MaxConns: -1}, "MaxConns must not be negative"},
		{"user without key", Options{Address: "unix:///x", Username: "u"}, "Username needs a SharedKey"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl, err := New(c.opt)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("New = %v, want an error with %q", err, c.want)
			}
			if cl != nil {
				if cl.opt.AckTimeout != DefaultAckTimeout || cl.opt.MaxFrameBytes != DefaultMaxFrameBytes || cl.opt.SelfHostname == "" {
					t.Fatalf("defaults not applied: %+v", cl.opt)
				}
				cl.Close()
			}
		})
	}
}
