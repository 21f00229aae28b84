package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/forward"
)

// pausingSink stands for a Forward client: it takes up to budget events per call (the
// receiver pauses after them), refuses everything while down, and keeps what it took.
type pausingSink struct {
	mu       sync.Mutex
	budget   int // events taken before failing; negative takes everything
	down     bool
	status   forward.Status
	received [][]byte
}

func newPausingSink() *pausingSink {
	return &pausingSink{budget: -1, status: forward.Status{Available: true}}
}

func (s *pausingSink) Send(tag string, events [][]byte) error {
	_, err := s.Deliver(tag, events)
	return err
}

func (s *pausingSink) Deliver(_ string, events [][]byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(events)
	if s.down {
		n = 0
	} else if s.budget >= 0 && s.budget < n {
		n = s.budget
	}
	for _, e := range events[:n] {
		s.received = append(s.received, append([]byte(nil), e...))
	}
	if n < len(events) {
		s.setAvailable(false)
		return n, errors.New("receiver paused")
	}
	s.setAvailable(true)
	return n, nil
}

func (s *pausingSink) Ready(string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		s.setAvailable(false)
		return errors.New("connection refused")
	}
	s.setAvailable(true)
	return nil
}

func (s *pausingSink) setAvailable(ok bool) {
	if s.status.Available != ok {
		s.status.Available = ok
		s.status.Changes++
		s.status.Since = time.Unix(1700000000, 0)
	}
}

func (s *pausingSink) Status() forward.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

func (s *pausingSink) Close() error { return nil }

func (s *pausingSink) set(budget int, down bool) {
	s.mu.Lock()
	s.budget, s.down = budget, down
	s.mu.Unlock()
}

// indexes returns the "i" of every record received, in order.
func (s *pausingSink) indexes(t *testing.T) []int {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, raw := range s.received {
		for _, ev := range splitEvents(t, raw) {
			v, ok := ev.Body.Get("i")
			if !ok {
				t.Fatalf("a record without its index")
			}
			i, _ := v.Int()
			out = append(out, int(i))
		}
	}
	return out
}

// engineWithSink returns an output engine delivering to a new pausingSink.
func engineWithSink(t *testing.T, settings map[string]string, log Logger) (*Engine, *pausingSink) {
	t.Helper()
	sink := newPausingSink()
	e, err := NewWithSink(mustConfig(t, settings), sink, log)
	if err != nil {
		t.Fatal(err)
	}
	return e, sink
}

// numberedChunk is n records with "i" from first on.
func numberedChunk(first, n int) []byte {
	var data []byte
	for i := first; i < first+n; i++ {
		data = v2Event(data, time.Unix(1700000000+int64(i), 0), kv{"i", i, "log", fmt.Sprintf("request %d handled", i)})
	}
	return data
}

// TestRetriedChunkResumesWhereItStopped: a chunk whose delivery stopped after 30 of its
// 100 records is retried with the other 70 only, annotated as the first time, and its
// records count once.
func TestRetriedChunkResumesWhereItStopped(t *testing.T) {
	e, sink := engineWithSink(t, nil, &testLogger{})
	data := numberedChunk(0, 100)
	sink.set(30, false)
	if err := e.Flush("app", data); !errors.Is(err, ErrRetry) {
		t.Fatalf("Flush = %v, want ErrRetry", err)
	}
	firstTry := append([][]byte(nil), sink.received...)
	st := e.Stats()
	if st.Records != 100 || st.Delivery.Kept != 1 || st.Delivery.Skipped != 30 || st.Delivery.KeptBytes == 0 {
		t.Fatalf("after the failed flush: %d records, delivery %+v", st.Records, st.Delivery)
	}

	sink.set(-1, false)
	if err := e.Flush("app", data); err != nil {
		t.Fatalf("retry: %v", err)
	}
	got := sink.indexes(t)
	if len(got) != 100 {
		t.Fatalf("%d records delivered, want 100", len(got))
	}
	for i, idx := range got {
		if idx != i {
			t.Fatalf("record %d is %d: not each once, in order", i, idx)
		}
	}
	st = e.Stats()
	if st.Records != 100 || st.Scored+st.Learning != 100 || st.Delivery.Resumed != 1 || st.Delivery.Kept != 0 || st.Delivery.KeptBytes != 0 {
		t.Fatalf("after the retry: %d records, %d scored, %d learning, delivery %+v", st.Records, st.Scored, st.Learning, st.Delivery)
	}

	// The records the retry sent are the ones annotated the first time: a reference
	// engine fed the same chunk once annotates them byte for byte alike.
	ref, refSink := engineWithSink(t, nil, &testLogger{})
	if err := ref.Flush("app", data); err != nil {
		t.Fatal(err)
	}
	for i, raw := range sink.received {
		if string(raw) != string(refSink.received[i]) {
			t.Fatalf("record %d differs from a single flush's (first try had %d)", i, len(firstTry))
		}
	}
}

// TestNothingScoredWhileTheReceiverIsDown: during an outage a chunk is handed back before
// it is scored, the outage is logged once when it begins and once when it ends, and the
// retries in between ask the plugin for no warning.
func TestNothingScoredWhileTheReceiverIsDown(t *testing.T) {
	log := &testLogger{}
	e, sink := engineWithSink(t, map[string]string{"forward_address": "tcp://127.0.0.1:24224"}, log)
	sink.set(0, false)
	if err := e.Flush("app", numberedChunk(0, 10)); !errors.Is(err, ErrRetry) || !errors.Is(err, ErrReceiverDown) {
		t.Fatalf("Flush as the receiver goes = %v", err)
	}
	sink.set(-1, true)
	for i := 0; i < 5; i++ {
		if err := e.Flush("app", numberedChunk(100*(i+1), 10)); !errors.Is(err, ErrReceiverDown) {
			t.Fatalf("Flush during the outage = %v", err)
		}
	}
	st := e.Stats()
	if st.Records != 10 || st.Delivery.HeldBack != 5 || st.Delivery.Kept != 1 || st.Delivery.ReceiverAvailable {
		t.Fatalf("during the outage: %d records scored, delivery %+v", st.Records, st.Delivery)
	}
	sink.set(-1, false)
	if err := e.Flush("app", numberedChunk(0, 10)); err != nil {
		t.Fatalf("retry once the receiver is back: %v", err)
	}
	lines := strings.Split(log.text(), "\n")
	var down, back int
	for _, l := range lines {
		switch {
		case strings.Contains(l, "receiver tcp://127.0.0.1:24224 paused since") || strings.Contains(l, "receiver tcp://127.0.0.1:24224 unreachable since"):
			down++
		case strings.Contains(l, "receiver tcp://127.0.0.1:24224 back after"):
			back++
		}
	}
	if down != 1 || back != 1 || len(lines) != 2 {
		t.Fatalf("want one line when the outage begins and one when it ends, got:\n%s", log.text())
	}
	if st := e.Stats(); st.Records != 10 || st.Delivery.Resumed != 1 || !st.Delivery.ReceiverAvailable {
		t.Fatalf("after the outage: %d records, delivery %+v", st.Records, st.Delivery)
	}
}

// TestIdenticalChunksDeliverEachCopy: two chunks with the same bytes are one identity; a
// failed flush of one completed by the other still delivers every record twice, once
// per chunk.
func TestIdenticalChunksDeliverEachCopy(t *testing.T) {
	e, sink := engineWithSink(t, nil, &testLogger{})
	data := numberedChunk(0, 50)
	sink.set(20, false)
	if err := e.Flush("app", data); !errors.Is(err, ErrRetry) {
		t.Fatalf("first copy: %v", err)
	}
	sink.set(-1, false)
	if err := e.Flush("app", data); err != nil { // the second copy takes the first one's place
		t.Fatal(err)
	}
	if err := e.Flush("app", data); err != nil { // the first copy's retry: scored and sent whole
		t.Fatal(err)
	}
	copies := make([]int, 50)
	for _, i := range sink.indexes(t) {
		copies[i]++
	}
	for i, n := range copies {
		if n != 2 {
			t.Fatalf("record %d delivered %d times, want twice", i, n)
		}
	}
}

// TestKeptChunksAreBounded: the oldest kept chunks go first beyond the bounds on bytes
// and count, a chunk goes after unfinishedMaxAge without a retry, and each is counted.
func TestKeptChunksAreBounded(t *testing.T) {
	c := newUnfinishedChunks()
	now := time.Unix(1700000000, 0)
	keep := func(name string, size int) chunkKey {
		k := c.keyOf(name, []byte(name))
		c.keep(&unfinishedChunk{key: k, out: make([]byte, size), ends: []int{size}}, now)
		return k
	}
	big := unfinishedMaxBytes / 4
	first := keep("a", big)
	for _, name := range []string{"b", "c", "d"} {
		keep(name, big)
	}
	if n, bytes := c.sizes(); n != 4 || bytes != 4*big || c.dropped.Load() != 0 {
		t.Fatalf("%d chunks, %d bytes, %d dropped", n, bytes, c.dropped.Load())
	}
	keep("e", 1) // over the byte bound: the oldest goes
	if c.take(first, now) != nil || c.dropped.Load() != 1 {
		t.Fatalf("the oldest chunk is still kept (%d dropped)", c.dropped.Load())
	}
	for i := 0; i < unfinishedMaxChunks; i++ {
		keep(fmt.Sprintf("small%d", i), 1)
	}
	if n, _ := c.sizes(); n != unfinishedMaxChunks {
		t.Fatalf("%d chunks kept, bound %d", n, unfinishedMaxChunks)
	}
	now = now.Add(unfinishedMaxAge + time.Second)
	if c.take(c.keyOf("small0", []byte("small0")), now) != nil {
		t.Fatal("a chunk older than unfinishedMaxAge was handed out")
	}
	if n, bytes := c.sizes(); n != 0 || bytes != 0 {
		t.Fatalf("%d chunks, %d bytes left after they aged", n, bytes)
	}
}

// TestConcurrentRetries runs flushes of several workers against a receiver that takes a
// few events at a time, retrying each chunk until it is delivered: every record arrives
// exactly once and counts once (run with -race).
func TestConcurrentRetries(t *testing.T) {
	e, sink := engineWithSink(t, nil, &testLogger{})
	sink.set(7, false)
	const workers, chunksEach, perChunk = 4, 10, 25
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; k < chunksEach; k++ {
				data := numberedChunk((w*chunksEach+k)*perChunk, perChunk)
				for tries := 0; ; tries++ {
					err := e.Flush(fmt.Sprintf("w%d", w), data)
					if err == nil {
						break
					}
					if !errors.Is(err, ErrRetry) || tries > 100 {
						t.Errorf("worker %d chunk %d: %v after %d tries", w, k, err, tries)
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	total := workers * chunksEach * perChunk
	copies := make([]int, total)
	for _, i := range sink.indexes(t) {
		copies[i]++
	}
	for i, n := range copies {
		if n != 1 {
			t.Fatalf("record %d delivered %d times", i, n)
		}
	}
	if st := e.Stats(); st.Records != uint64(total) || st.Delivery.Kept != 0 || st.Delivery.Resumed == 0 {
		t.Fatalf("%d records counted for %d, delivery %+v", st.Records, total, st.Delivery)
	}
}
