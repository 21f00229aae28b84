package engine

// Retries of an output's chunks. Fluent Bit retries a chunk whose flush answered
// FLB_RETRY by flushing the same bytes under the same tag again, later, possibly many
// times. Scoring them again would teach the stream every record twice and count it twice;
// sending the frames the receiver had already acknowledged again would store them twice
// downstream. So a chunk that fails is kept, annotated, with the number of its events the
// receiver acknowledged, under its identity (tag, size and a hash of its bytes), and its
// retry sends only the rest. What is kept is bounded in bytes, chunks and age; a chunk
// forgotten early is counted, and scored and sent whole when it comes back.
//
// While the receiver is unavailable a chunk is not scored at all: the flush asks the sink
// whether the receiver can take events first, so an outage keeps nothing but what was
// under way when it began.

import (
	"container/list"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/forward"
)

// Bounds on the chunks kept for their retry. A kept chunk costs its annotated events:
// about twice Fluent Bit's chunk (2 MB at most for most inputs). Only chunks whose
// delivery failed after scoring are kept, a few per outage, so the bounds are far above
// what a healthy pipeline uses; they hold when a large backlog meets a flapping receiver.
const (
	unfinishedMaxBytes  = 64 << 20
	unfinishedMaxChunks = 256
	// unfinishedMaxAge forgets a chunk Fluent Bit no longer retries (Retry_Limit reached,
	// or the process restarted), well after any retry schedule worth configuring.
	unfinishedMaxAge = time.Hour
)

// ErrReceiverDown is wrapped, with ErrRetry, by a flush that failed while the receiver is
// unavailable: the engine logged the outage when it began and logs its end, so the retry
// itself is not worth a warning.
var ErrReceiverDown = errors.New("receiver unavailable")

// deliverer is a Sender that tells how far a failed delivery got; forward.Client is one.
type deliverer interface {
	// Deliver sends events and returns how many leading ones the receiver acknowledged.
	Deliver(tag string, events [][]byte) (acked int, err error)
}

// receiver is a Sender that knows whether its receiver can take events; forward.Client is
// one.
type receiver interface {
	// Ready returns nil when the receiver can take events now.
	Ready(tag string) error
	Status() forward.Status
}

// Delivery describes how an output's chunks reached its receiver.
type Delivery struct {
	// ReceiverAvailable is false from a delivery that failed until one succeeds again;
	// true for sinks that cannot tell.
	ReceiverAvailable bool
	// Outages counts the receiver's outages (paused or unreachable); OutageTime adds up
	// their lengths, the current one included.
	Outages    uint64
	OutageTime time.Duration
	// Redials counts connections dialled again within a flush after the receiver closed
	// or refused one: pauses ridden through without a retry.
	Redials uint64
	// UnackedFrames counts frames written whose ack never came: the receiver may have
	// stored them, so their records may arrive twice.
	UnackedFrames uint64
	// HeldBack counts flushes answered with a retry before any scoring, because the
	// receiver was unavailable.
	HeldBack uint64
	// Resumed counts retried chunks taken up where they stopped: not scored again, and
	// sent from the first event the receiver had not acknowledged.
	Resumed uint64
	// Skipped counts events the receiver acknowledged in a flush that then failed: the
	// chunk's retry does not send them again.
	Skipped uint64
	// Kept and KeptBytes are the chunks kept for their retry and their annotated bytes.
	Kept, KeptBytes int
	// Dropped counts kept chunks forgotten before their retry came (beyond the bounds on
	// bytes, chunks or age): if Fluent Bit retries one, it is scored again and sent whole.
	Dropped uint64
}

// chunkKey identifies a chunk across Fluent Bit's retries of it. Two chunks with the same
// tag and bytes are interchangeable, so taking one for the other's retry delivers each
// copy once all the same.
type chunkKey struct {
	tag  string
	size int
	hash uint64
}

// unfinishedChunk is a chunk whose delivery failed: its annotated events that the
// receiver has not acknowledged.
type unfinishedChunk struct {
	key  chunkKey
	out  []byte        // the events still to deliver, back to back
	ends []int         // where each of them ends in out
	next int           // the first of them not acknowledged yet
	kept time.Time     // when its latest flush failed
	elem *list.Element // in unfinishedChunks.order while kept
}

// events slices the events still to deliver.
func (u *unfinishedChunk) events() [][]byte {
	evs := make([][]byte, 0, len(u.ends)-u.next)
	start := 0
	if u.next > 0 {
		start = u.ends[u.next-1]
	}
	for _, end := range u.ends[u.next:] {
		evs = append(evs, u.out[start:end])
		start = end
	}
	return evs
}

// unfinishedChunks holds the chunks kept for their retry, oldest first. A flush takes its
// chunk out while it works on it, so two flushes never share one.
type unfinishedChunks struct {
	seed maphash.Seed

	mu    sync.Mutex
	byKey map[chunkKey]*unfinishedChunk
	order *list.List // of *unfinishedChunk, oldest first
	bytes int

	resumed, skipped, dropped, heldBack atomic.Uint64
}

func newUnfinishedChunks() *unfinishedChunks {
	return &unfinishedChunks{seed: maphash.MakeSeed(), byKey: make(map[chunkKey]*unfinishedChunk), order: list.New()}
}

func (c *unfinishedChunks) keyOf(tag string, data []byte) chunkKey {
	return chunkKey{tag: tag, size: len(data), hash: maphash.Bytes(c.seed, data)}
}

// take removes and returns the chunk kept under key, or nil; it forgets chunks past their
// age on the way.
func (c *unfinishedChunks) take(key chunkKey, now time.Time) *unfinishedChunk {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expireLocked(now)
	u := c.byKey[key]
	if u != nil {
		c.removeLocked(u)
	}
	return u
}

// keep stores u for its retry, then forgets the oldest chunks beyond the bounds. Age
// counts from the latest failed flush: a chunk Fluent Bit still retries is kept, one it
// gave up on goes.
func (c *unfinishedChunks) keep(u *unfinishedChunk, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u.kept = now
	if _, dup := c.byKey[u.key]; dup {
		// An identical chunk failed too and is kept already: one entry serves either
		// retry, and the other is scored again and sent whole.
		c.dropped.Add(1)
		return
	}
	u.elem = c.order.PushBack(u)
	c.byKey[u.key] = u
	c.bytes += len(u.out)
	for c.bytes > unfinishedMaxBytes || c.order.Len() > unfinishedMaxChunks {
		c.removeLocked(c.order.Front().Value.(*unfinishedChunk))
		c.dropped.Add(1)
	}
	c.expireLocked(now)
}

func (c *unfinishedChunks) expireLocked(now time.Time) {
	for e := c.order.Front(); e != nil; e = c.order.Front() {
		u := e.Value.(*unfinishedChunk)
		if now.Sub(u.kept) <= unfinishedMaxAge {
			return
		}
		c.removeLocked(u)
		c.dropped.Add(1)
	}
}

func (c *unfinishedChunks) removeLocked(u *unfinishedChunk) {
	c.order.Remove(u.elem)
	u.elem = nil
	delete(c.byKey, u.key)
	c.bytes -= len(u.out)
}

func (c *unfinishedChunks) sizes() (chunks, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.bytes
}

// receiverReady holds a chunk back before it is scored while the receiver cannot take
// it: scoring it would only fill the memory of kept chunks for nothing.
func (e *Engine) receiverReady(tag string) error {
	r, ok := e.sink.(receiver)
	if !ok {
		return nil
	}
	err := r.Ready(tag)
	e.reportReceiver()
	if err != nil {
		e.retries.Add(1)
		e.unfinished.heldBack.Add(1)
		return e.retryError(err)
	}
	return nil
}

// deliver sends the events of a chunk just annotated and keeps for its retry whatever the
// receiver did not acknowledge. out holds the events back to back and ends where each
// ends; both may be reused once it returns.
func (e *Engine) deliver(tag string, key chunkKey, out []byte, ends []int, events [][]byte) error {
	acked, err := e.sendEvents(tag, events)
	if err == nil {
		e.saveIfDue()
		return nil
	}
	e.unfinished.skipped.Add(uint64(acked))
	if acked < len(events) {
		start := 0
		if acked > 0 {
			start = ends[acked-1]
		}
		u := &unfinishedChunk{key: key, out: append([]byte(nil), out[start:]...), ends: make([]int, 0, len(ends)-acked)}
		for _, end := range ends[acked:] {
			u.ends = append(u.ends, end-start)
		}
		e.unfinished.keep(u, e.clock())
	}
	return e.retryError(err)
}

// resume delivers what a kept chunk still holds: a retry, which is not scored again.
func (e *Engine) resume(tag string, u *unfinishedChunk) error {
	e.unfinished.resumed.Add(1)
	acked, err := e.sendEvents(tag, u.events())
	if err == nil {
		e.saveIfDue()
		return nil
	}
	e.unfinished.skipped.Add(uint64(acked))
	u.next += acked
	e.unfinished.keep(u, e.clock())
	return e.retryError(err)
}

// sendEvents hands events to the sink and returns how many of them it delivered, all of
// them or none for a sink that cannot tell.
func (e *Engine) sendEvents(tag string, events [][]byte) (acked int, err error) {
	start := e.clock()
	if d, ok := e.sink.(deliverer); ok {
		acked, err = d.Deliver(tag, events)
	} else if err = e.sink.Send(tag, events); err == nil {
		acked = len(events)
	}
	e.send.observe(e.clock().Sub(start))
	e.reportReceiver()
	if err != nil {
		e.retries.Add(1)
	}
	return acked, err
}

// retryError is the error of a flush Fluent Bit should retry.
func (e *Engine) retryError(err error) error {
	if r, ok := e.sink.(receiver); ok && !r.Status().Available {
		return fmt.Errorf("%w: %w: %v", ErrRetry, ErrReceiverDown, err)
	}
	return fmt.Errorf("%w: %v", ErrRetry, err)
}

// receiverLog reports each change of the receiver's availability once, however many
// flushes see it.
type receiverLog struct {
	mu      sync.Mutex
	changes uint64
	// retriesAtOutage is the engine's retry count when the current outage began.
	retriesAtOutage uint64
}

// reportReceiver logs a change of the receiver's availability: one line when an outage
// begins, one when it ends, and nothing for the flushes in between.
func (e *Engine) reportReceiver() {
	r, ok := e.sink.(receiver)
	if !ok {
		return
	}
	st := r.Status()
	e.receiverLog.mu.Lock()
	defer e.receiverLog.mu.Unlock()
	if st.Changes == e.receiverLog.changes {
		return
	}
	e.receiverLog.changes = st.Changes
	const stamp = "2006-01-02 15:04:05"
	if !st.Available {
		e.receiverLog.retriesAtOutage = e.retries.Load()
		if !e.log.Enabled(LevelWarn) {
			return
		}
		how := ""
		if st.Paused {
			how = ": it takes connections but does not acknowledge on them, as an in_forward over its Mem_Buf_Limit does"
		}
		e.log.Printf(LevelWarn, "receiver %s %s since %s%s (%s); chunks wait in Fluent Bit's buffer for their retries and are not scored until it is back",
			e.cfg.ForwardAddress, outageKind(st), st.Since.Format(stamp), how, st.Cause)
		return
	}
	if e.log.Enabled(LevelInfo) {
		e.log.Printf(LevelInfo, "receiver %s back after %v (%s since %s; %d flushes retried meanwhile)",
			e.cfg.ForwardAddress, st.LastOutage.Round(time.Millisecond), outageKind(st),
			st.Since.Add(-st.LastOutage).Format(stamp), e.retries.Load()-e.receiverLog.retriesAtOutage)
	}
}

func outageKind(st forward.Status) string {
	if st.Paused {
		return "paused"
	}
	return "unreachable"
}

// delivery returns the Delivery counters.
func (e *Engine) delivery() Delivery {
	d := Delivery{
		ReceiverAvailable: true,
		HeldBack:          e.unfinished.heldBack.Load(),
		Resumed:           e.unfinished.resumed.Load(),
		Skipped:           e.unfinished.skipped.Load(),
		Dropped:           e.unfinished.dropped.Load(),
	}
	d.Kept, d.KeptBytes = e.unfinished.sizes()
	if r, ok := e.sink.(receiver); ok {
		st := r.Status()
		d.ReceiverAvailable = st.Available
		d.Outages, d.OutageTime = st.Outages, st.OutageTime
		d.Redials, d.UnackedFrames = st.Redials, st.UnackedFrames
	}
	return d
}
