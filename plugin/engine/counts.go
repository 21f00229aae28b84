package engine

import (
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
)

// SendBuckets are the upper bounds, in seconds, of the histogram of delivery times: from
// an ack over a unix socket of the same process (well under a millisecond) to the longest
// ack wait worth configuring below Fluent Bit's Grace.
var SendBuckets = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Latency is a histogram of durations in Prometheus's shape.
type Latency struct {
	// Count is the number of durations observed; Sum is their total in seconds.
	Count uint64
	Sum   float64
	// Buckets[i] counts the durations of at most SendBuckets[i] seconds (cumulative).
	Buckets [len(SendBuckets)]uint64
}

// latencyRecorder collects a Latency without a lock: flushes of several workers observe
// concurrently.
type latencyRecorder struct {
	counts [len(SendBuckets) + 1]atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	nanos  atomic.Uint64
}

func (l *latencyRecorder) observe(d time.Duration) {
	d = max(d, 0) // an injected clock may step back
	secs := d.Seconds()
	i := 0
	for i < len(SendBuckets) && secs > SendBuckets[i] {
		i++
	}
	l.counts[i].Add(1)
	l.nanos.Add(uint64(d))
}

func (l *latencyRecorder) snapshot() Latency {
	var out Latency
	for i := range l.counts {
		out.Count += l.counts[i].Load()
		if i < len(out.Buckets) {
			out.Buckets[i] = out.Count
		}
	}
	out.Sum = time.Duration(l.nanos.Load()).Seconds()
	return out
}

// newStreamEntry wraps a detector and remembers the fits it came with (a restored state or
// a loaded model), so Stats counts only the fits made since start.
func newStreamEntry(det *detect.Stream) *stream {
	return &stream{det: det, fitsAtStart: det.Counts().Fits}
}

// fitsSinceStart returns the fits a stream made since it entered the engine. The caller
// holds s.mu.
func (s *stream) fitsSinceStart() uint64 {
	return s.det.Counts().Fits - s.fitsAtStart
}

// monotonicInt raises max to v when v is larger.
func monotonicInt(max *atomic.Int64, v int64) {
	for {
		old := max.Load()
		if v <= old || max.CompareAndSwap(old, v) {
			return
		}
	}
}

// monotonic returns the larger of v and the largest value it returned before. A stream
// evicted while Stats walks the streams can be counted twice for a moment; a counter that
// then went down would read as a restart to a monitoring system.
func monotonic(seen *atomic.Uint64, v uint64) uint64 {
	for {
		old := seen.Load()
		if v <= old {
			return old
		}
		if seen.CompareAndSwap(old, v) {
			return v
		}
	}
}
