// Package engine is the plugin's per-instance pipeline: it decodes a Fluent Bit chunk,
// scores every record of it in the record's stream and appends the annotation. A filter
// instance hands the annotated chunk back (Annotate); an output instance delivers it to the
// configured sink (Flush). It knows nothing of cgo, so tests drive it directly.
//
// Data flows one way: chunk -> record (package record) -> stream (package detect:
// features, forest, verdict) -> annotation -> sink. Records the engine cannot read (not a map, undecodable bytes, group
// markers) are passed on byte for byte and counted; nothing is dropped or reordered.
package engine

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Level is a Fluent Bit log level, with Fluent Bit's numbering.
type Level int

// Fluent Bit's log levels.
const (
	LevelError Level = 1
	LevelWarn  Level = 2
	LevelInfo  Level = 3
	LevelDebug Level = 4
	LevelTrace Level = 5
)

// Logger writes the plugin's messages to Fluent Bit's log.
type Logger interface {
	// Enabled reports whether the instance's log_level lets level through, so callers can
	// skip building messages nobody will see.
	Enabled(level Level) bool
	Printf(level Level, format string, args ...any)
}

// ErrRetry marks a flush whose records were not all delivered: Fluent Bit keeps the chunk
// and flushes it again later.
var ErrRetry = errors.New("records not delivered, retry")

// Sender delivers annotated events. forward.Client and the stdout writer satisfy it.
type Sender interface {
	// Send delivers events (each one whole msgpack event) under tag; nil means all were
	// delivered.
	Send(tag string, events [][]byte) error
	Close() error
}

// Stats are the instance's counters since start.
type Stats struct {
	Records, Scored, Learning, Flagged uint64
	// Passed counts events passed on unchanged: group markers, bodies that are not maps,
	// undecodable bytes, records that already carry the annotation key.
	Passed  uint64
	Streams int
	Evicted uint64
	Retries uint64
	// Panics counts the calls from Fluent Bit that panicked and were answered as safely
	// as possible (a filter's chunk passed unchanged, an output's chunk retried); the
	// plugin glue fills it in.
	Panics      uint64
	StateSaves  uint64
	StateErrors uint64
	// Templates is the number of log templates the live streams hold.
	Templates int
	// Refits counts the models fitted since start, in live and evicted streams.
	Refits uint64
	// Send is the time each delivery to the sink took, successful or not (outputs).
	Send Latency
	// Annotate is the time each Annotate call took (filters): how long Fluent Bit's
	// thread waited for the plugin.
	Annotate Latency
	// LongestAnnotate is the longest single Annotate call.
	LongestAnnotate time.Duration
	// Delivery is how the chunks reached the receiver, retries included (outputs).
	Delivery Delivery
}

// Engine is one anomaly instance ([FILTER], processor or [OUTPUT]). Annotate and Flush are
// safe for concurrent use.
type Engine struct {
	cfg       config.Config
	log       Logger
	sink      Sender
	reader    record.Reader
	annotate  annotator
	streams   *streamCache[*stream]
	newStream func() (*detect.Stream, error)
	buffers   sync.Pool
	state     *stateStore
	clock     func() time.Time

	records, scored, learning, flagged, passed, retries atomic.Uint64
	passLog                                             rateLimiter
	evictedFits, refitsSeen                             atomic.Uint64
	send, annotateTime                                  latencyRecorder
	longestAnnotate                                     atomic.Int64
	// saving is the periodic state save in flight, which runs beside the records.
	saving sync.WaitGroup
	// unfinished keeps the chunks whose delivery failed for their retries (retry.go).
	unfinished  *unfinishedChunks
	receiverLog receiverLog
}

// stream is one group_by value's detector. Its lock serialises records of the stream, so
// the template miner and the feature statistics see them in order.
type stream struct {
	mu          sync.Mutex
	det         *detect.Stream
	fitsAtStart uint64
}

// flushBuffer holds one flush's output; buffers are pooled so steady-state flushes do not
// allocate them.
type flushBuffer struct {
	out     []byte
	ends    []int
	events  [][]byte
	pairs   []byte
	scratch []byte
	record  record.Record
	result  detect.Result
}

// New builds an instance from a validated configuration: a filter annotates in place and
// has no sink; an output delivers to the sink its forward_address names.
func New(cfg config.Config, log Logger) (*Engine, error) {
	if cfg.Mode == config.Filter {
		return NewWithSink(cfg, nil, log)
	}
	sink, err := NewSink(cfg)
	if err != nil {
		return nil, err
	}
	e, err := NewWithSink(cfg, sink, log)
	if err != nil {
		sink.Close()
	}
	return e, err
}

// NewWithSink builds an instance that delivers to sink; a nil sink makes a filter, which
// only Annotate serves.
func NewWithSink(cfg config.Config, sink Sender, log Logger) (*Engine, error) {
	opts := DetectOptions(cfg)
	// Building one stream validates the options before Fluent Bit starts flushing.
	probe, err := detect.NewStream(opts)
	if err != nil {
		return nil, err
	}
	probe.Close()

	e := &Engine{
		cfg:      cfg,
		log:      log,
		sink:     sink,
		reader:   recordReader(cfg),
		annotate: newAnnotator(cfg.AnnotationKey, cfg.Flatten),
		clock:    time.Now,
		passLog:  rateLimiter{every: time.Minute},
	}
	e.buffers.New = func() any { return new(flushBuffer) }
	e.unfinished = newUnfinishedChunks()
	e.streams = newStreamCache(cfg.MaxStreams, func(key string, s *stream) {
		s.mu.Lock()
		e.evictedFits.Add(s.fitsSinceStart())
		s.det.Close()
		s.mu.Unlock()
	})

	var model []byte
	if cfg.ModelFile != "" {
		if model, err = loadModelFile(cfg.ModelFile, opts); err != nil {
			return nil, fmt.Errorf("model_file: %w", err)
		}
	}
	e.newStream = func() (*detect.Stream, error) {
		s, err := detect.NewStream(opts)
		if err != nil || model == nil {
			return s, err
		}
		if err := s.UnmarshalBinary(model); err != nil {
			s.Close()
			return nil, err
		}
		return s, nil
	}

	if cfg.StateDir != "" {
		e.state = newStateStore(cfg)
		e.restore()
	}
	return e, nil
}

// Annotate appends to dst every event of data, in order, with records annotated and
// every other event byte for byte, and returns the extended dst. It is the filter's path,
// on Fluent Bit's own threads, so it never waits on a network or a state save: a save
// that falls due starts beside it.
func (e *Engine) Annotate(tag string, data, dst []byte) []byte {
	start := e.clock()
	buf := e.buffers.Get().(*flushBuffer)
	var ev chunk.Event
	dec := chunk.NewDecoder(data)
	for dec.Next(&ev) {
		dst = e.appendEvent(dst, buf, tag, &ev)
	}
	e.buffers.Put(buf)
	e.saveIfDue()
	took := e.clock().Sub(start)
	e.annotateTime.observe(took)
	monotonicInt(&e.longestAnnotate, int64(took))
	return dst
}

// Flush annotates and delivers one chunk. A nil error means every record was delivered;
// an error wrapping ErrRetry means Fluent Bit should retry the chunk. The retry of a chunk
// is not scored again and sends only what the receiver did not acknowledge (retry.go);
// delivery is at-least-once.
func (e *Engine) Flush(tag string, data []byte) error {
	key := e.unfinished.keyOf(tag, data)
	if u := e.unfinished.take(key, e.clock()); u != nil {
		return e.resume(tag, u)
	}
	if err := e.receiverReady(tag); err != nil {
		return err
	}
	buf := e.buffers.Get().(*flushBuffer)
	defer e.buffers.Put(buf)
	buf.out, buf.ends = buf.out[:0], buf.ends[:0]

	// Step 1: annotate every event into one output buffer, remembering where each ends.
	var ev chunk.Event
	dec := chunk.NewDecoder(data)
	for dec.Next(&ev) {
		buf.out = e.appendEvent(buf.out, buf, tag, &ev)
		buf.ends = append(buf.ends, len(buf.out))
	}
	if len(buf.ends) == 0 {
		return nil
	}

	// Step 2: slice the output into events only now that it no longer moves.
	buf.events = buf.events[:0]
	start := 0
	for _, end := range buf.ends {
		buf.events = append(buf.events, buf.out[start:end])
		start = end
	}

	// Step 3: deliver, keeping what the receiver did not take for the retry; then start a
	// state save when one is due (no timer goroutine: under cgo they cost more than a
	// time check).
	return e.deliver(tag, key, buf.out, buf.ends, buf.events)
}

// saveIfDue starts a periodic state save in the background when one is due. Streams are
// locked one at a time while they are serialised, so records wait at most for one
// stream's snapshot, never for the disk.
func (e *Engine) saveIfDue() {
	if e.state == nil || !e.state.due(e.clock()) {
		return
	}
	e.saving.Add(1)
	go func() {
		defer e.saving.Done()
		e.save()
	}()
}

// appendEvent appends ev to dst, annotated when it is a record with a map body; buf holds
// the call's scratch space.
func (e *Engine) appendEvent(dst []byte, buf *flushBuffer, tag string, ev *chunk.Event) []byte {
	if ev.Kind != chunk.Record || ev.Body.Raw() == nil {
		e.passed.Add(1)
		if ev.Kind == chunk.Opaque {
			e.logPassed("passing on %d bytes it cannot decode (%s) unchanged", len(ev.Raw), ev.Reason)
		}
		return append(dst, ev.Raw...)
	}
	e.records.Add(1)

	rec := &buf.record
	buf.scratch = e.reader.ReadEvent(ev, tag, rec, buf.scratch)
	key := rec.Stream

	st, err := e.streams.get(key, func() (*stream, error) {
		det, err := e.newStream()
		if err != nil {
			return nil, err
		}
		return newStreamEntry(det), nil
	})
	if err != nil {
		// Only a model file that stopped decoding can get here: pass the record on.
		e.passed.Add(1)
		e.logPassed("cannot start a model for stream %q: %v", key, err)
		return append(dst, ev.Raw...)
	}

	rec.Time = ev.Time
	if rec.Time.IsZero() {
		rec.Time = e.clock()
	}
	res := &buf.result
	st.mu.Lock()
	st.det.Observe(rec, res)
	st.mu.Unlock()

	if res.Learning {
		e.learning.Add(1)
	} else {
		e.scored.Add(1)
	}
	if res.Flag {
		e.flagged.Add(1) // critical records are flagged while learning too
	}

	var n int
	buf.pairs, n = e.annotate.appendPairs(buf.pairs[:0], res)
	out, outcome := chunk.AppendAnnotated(dst, ev, buf.pairs, n)
	if outcome != chunk.Annotated {
		e.passed.Add(1)
		e.logPassed("passing a record on unchanged: %s", outcome)
	}
	return out
}

func (e *Engine) logPassed(format string, args ...any) {
	if e.passLog.allow(e.clock()) && e.log.Enabled(LevelWarn) {
		e.log.Printf(LevelWarn, format+" (logged at most once a minute; %d events passed so far)", append(args, e.passed.Load())...)
	}
}

// Stats returns the instance's counters.
func (e *Engine) Stats() Stats {
	s := Stats{
		Records:  e.records.Load(),
		Scored:   e.scored.Load(),
		Learning: e.learning.Load(),
		Flagged:  e.flagged.Load(),
		Passed:   e.passed.Load(),
		Retries:  e.retries.Load(),
		Streams:  e.streams.len(),
		Evicted:  e.streams.evictions(),
	}
	if e.state != nil {
		s.StateSaves, s.StateErrors = e.state.counts()
	}
	refits := e.evictedFits.Load()
	e.streams.each(func(_ string, st *stream) {
		st.mu.Lock()
		c := st.det.Counts()
		refits += c.Fits - st.fitsAtStart
		st.mu.Unlock()
		s.Templates += c.Templates
	})
	s.Refits = monotonic(&e.refitsSeen, refits)
	s.Send = e.send.snapshot()
	s.Annotate = e.annotateTime.snapshot()
	s.LongestAnnotate = time.Duration(e.longestAnnotate.Load())
	s.Delivery = e.delivery()
	return s
}

// Close saves state and releases the sink. Fluent Bit calls it after the instance's
// workers stopped, so no flush or Annotate runs concurrently.
func (e *Engine) Close() error {
	e.saving.Wait()
	if e.state != nil {
		e.save()
	}
	s := e.Stats()
	if e.log.Enabled(LevelInfo) {
		if e.sink == nil {
			e.log.Printf(LevelInfo, "stopping: %d records, %d scored, %d flagged, %d learning, %d passed unchanged, %d streams, longest call %v",
				s.Records, s.Scored, s.Flagged, s.Learning, s.Passed, s.Streams, s.LongestAnnotate.Round(time.Microsecond))
		} else {
			e.log.Printf(LevelInfo, "stopping: %d records, %d scored, %d flagged, %d learning, %d passed unchanged, %d streams, %d retried flushes",
				s.Records, s.Scored, s.Flagged, s.Learning, s.Passed, s.Streams, s.Retries)
		}
	}
	e.streams.each(func(_ string, s *stream) {
		s.mu.Lock()
		s.det.Close()
		s.mu.Unlock()
	})
	if e.sink == nil {
		return nil
	}
	return e.sink.Close()
}

// rateLimiter lets one event through per period, for log lines about bad input that could
// otherwise repeat once per record.
type rateLimiter struct {
	mu    sync.Mutex
	every time.Duration
	last  time.Time
}

func (r *rateLimiter) allow(now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.last.IsZero() && now.Sub(r.last) < r.every {
		return false
	}
	r.last = now
	return true
}

// StreamState returns the saved form of one stream (its model, window and templates), the
// model file `anomaly train` writes.
func (e *Engine) StreamState(key string) ([]byte, error) {
	var (
		data  []byte
		err   error
		found bool
	)
	e.streams.each(func(k string, s *stream) {
		if k != key {
			return
		}
		found = true
		s.mu.Lock()
		data, err = s.det.MarshalBinary()
		s.mu.Unlock()
	})
	if !found {
		return nil, fmt.Errorf("no stream %q", key)
	}
	return data, err
}
