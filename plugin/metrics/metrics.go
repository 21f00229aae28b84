// Package metrics serves the counters of the plugin's instances to Prometheus.
//
// A Fluent Bit process gets one endpoint, whatever the number of anomaly sections: the
// first instance that sets metrics_address starts it, every instance that sets it adds its
// counters under the label name="anomaly.<id>" for an output or name="filter:<name>" for a
// filter or processor (as its log lines name it, like Fluent Bit's own plugin metrics), and the endpoint stops when the last of them exits. A hot reload closes the old
// instances and opens new ones, so the endpoint stops and starts again, possibly on a new
// address.
//
// Counters are read from each instance's engine.Stats when Prometheus scrapes, so the
// flush path pays nothing for them beyond the atomic counters the engine keeps anyway.
// The HTTP server's goroutines are the only ones the package starts, and only when
// metrics_address is set.
//
// The exposition is Prometheus's text format, written here (exposition.go): a few dozen
// series do not need a client library, and Prometheus's Go client with the protobuf
// code it brings added about 3 MB to the resident memory of every Fluent Bit that loads
// the plugin, scraped or not.
package metrics

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// Path is where the endpoint answers.
const Path = "/metrics"

// Namespace prefixes every metric of the plugin.
const Namespace = "fluentbit_anomaly"

// instanceLabel names the instance a series belongs to, as Fluent Bit's own plugin metrics
// do.
const instanceLabel = "name"

// Source is an instance whose counters are served; *engine.Engine satisfies it.
type Source interface {
	Stats() engine.Stats
}

// Endpoint is the process's metrics endpoint. The zero value is not usable; call
// NewEndpoint.
type Endpoint struct {
	mu       sync.Mutex
	address  string // as configured, while serving
	listener net.Listener
	server   *http.Server
	served   chan struct{} // closed when the server's Serve returned
	sources  map[string]Source
}

// NewEndpoint returns a stopped endpoint. It serves the instances' counters, Go runtime
// metrics of the plugin and the metrics of the process (Fluent Bit's own, as the plugin
// runs inside it).
func NewEndpoint() *Endpoint {
	return &Endpoint{sources: make(map[string]Source)}
}

// Register adds src, labelled output=name, to the endpoint, which it starts listening on
// address when it is stopped. It fails when the endpoint already serves another address,
// when name is registered already, or when address cannot be listened on. unregister
// removes src, and stops the endpoint when src was the last; calling it again does
// nothing.
func (e *Endpoint) Register(address, name string, src Source) (unregister func(), err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, dup := e.sources[name]; dup {
		return nil, fmt.Errorf("metrics: %s is registered already", name)
	}
	if e.server == nil {
		if err := e.start(address); err != nil {
			return nil, err
		}
	} else if address != e.address {
		return nil, fmt.Errorf("metrics_address %q differs from %q, where this process already serves the metrics of its other anomaly outputs: one endpoint per process, give every output the same address", address, e.address)
	}
	e.sources[name] = src
	var once sync.Once
	return func() { once.Do(func() { e.unregister(name) }) }, nil
}

// Addr returns the address the endpoint listens on, or nil when it is stopped.
func (e *Endpoint) Addr() net.Addr {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.listener == nil {
		return nil
	}
	return e.listener.Addr()
}

// start listens before it returns, so a port in use fails the instance's start with the
// reason, then serves in the background. The caller holds e.mu.
func (e *Endpoint) start(address string) error {
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return fmt.Errorf("metrics_address: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc(Path, e.serve)
	srv := &http.Server{
		Handler: mux,
		// A scrape is one small request: slow or idle clients must not pile up inside
		// Fluent Bit.
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		// Serve returns only when unregister closes the server (http.ErrServerClosed)
		// or the listener fails for good; either way there is nothing left to do.
		_ = srv.Serve(ln)
	}()
	e.address, e.listener, e.server, e.served = address, ln, srv, served
	return nil
}

func (e *Endpoint) unregister(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.sources, name)
	if len(e.sources) > 0 || e.server == nil {
		return
	}
	// Close, not Shutdown: an instance exits during Fluent Bit's shutdown, which must not
	// wait for a scrape in flight.
	e.server.Close()
	<-e.served
	e.address, e.listener, e.server, e.served = "", nil, nil, nil
}

// counter describes one series per instance taken from engine.Stats.
type counter struct {
	name, help string
	kind       metricType
	value      func(engine.Stats) float64
}

func newCounter(name, help string, kind metricType, value func(engine.Stats) float64) counter {
	return counter{Namespace + "_" + name, help, kind, value}
}

var counters = []counter{
	newCounter("records_total", "Records read: events whose body is a map.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Records) }),
	newCounter("records_scored_total", "Records scored by their stream's model, flagged ones included.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Scored) }),
	newCounter("records_flagged_total", "Records flagged as anomalous (anomaly.flag true).", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Flagged) }),
	newCounter("records_learning_total", "Records marked learning: their stream had no model yet.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Learning) }),
	newCounter("events_passed_total", "Events passed on unchanged: group markers, bodies that are not maps, undecodable bytes, records already annotated.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Passed) }),
	newCounter("streams", "Streams (group_by values) held, each with its own model.", typeGauge,
		func(s engine.Stats) float64 { return float64(s.Streams) }),
	newCounter("streams_evicted_total", "Streams evicted, least recently used first, beyond max_streams.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Evicted) }),
	newCounter("templates", "Log templates the streams hold.", typeGauge,
		func(s engine.Stats) float64 { return float64(s.Templates) }),
	newCounter("refits_total", "Models fitted since start.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Refits) }),
	newCounter("forward_retries_total", "Flushes not delivered, which Fluent Bit retries.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Retries) }),
	newCounter("forward_receiver_available", "1 while the receiver takes deliveries, 0 from a delivery that failed until one succeeds again.", typeGauge,
		func(s engine.Stats) float64 { return boolValue(s.Delivery.ReceiverAvailable) }),
	newCounter("forward_outages_total", "Times the receiver became unavailable: paused (taking connections without acknowledging) or unreachable.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.Outages) }),
	newCounter("forward_outage_seconds_total", "Time the receiver was unavailable, the current outage included.", typeCounter,
		func(s engine.Stats) float64 { return s.Delivery.OutageTime.Seconds() }),
	newCounter("forward_redials_total", "Connections dialled again within a flush after the receiver closed or refused one: pauses ridden through without a retry.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.Redials) }),
	newCounter("forward_frames_unacknowledged_total", "Frames written whose ack never came; the receiver may have stored them, so their records may arrive twice.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.UnackedFrames) }),
	newCounter("retry_flushes_held_back_total", "Flushes answered with a retry before scoring, because the receiver was unavailable.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.HeldBack) }),
	newCounter("retry_chunks_resumed_total", "Retried chunks taken up where they stopped: not scored again, sent from the first record the receiver had not acknowledged.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.Resumed) }),
	newCounter("retry_events_skipped_total", "Events the receiver acknowledged in a flush that then failed: the retry does not send them again.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.Skipped) }),
	newCounter("retry_chunks_kept", "Chunks kept, annotated, for their retry.", typeGauge,
		func(s engine.Stats) float64 { return float64(s.Delivery.Kept) }),
	newCounter("retry_kept_bytes", "Bytes of the annotated records kept for retries.", typeGauge,
		func(s engine.Stats) float64 { return float64(s.Delivery.KeptBytes) }),
	newCounter("retry_chunks_dropped_total", "Kept chunks forgotten before their retry (memory bounds or age): a retry of one is scored again and sent whole.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Delivery.Dropped) }),
	newCounter("panics_total", "Calls from Fluent Bit that panicked inside the plugin: a filter's chunk passed unchanged, an output's chunk was retried.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.Panics) }),
	newCounter("filter_call_longest_seconds", "The longest single filter call: how long Fluent Bit's thread waited for the plugin at most.", typeGauge,
		func(s engine.Stats) float64 { return s.LongestAnnotate.Seconds() }),
	newCounter("state_saves_total", "State files written under state_dir.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.StateSaves) }),
	newCounter("state_save_errors_total", "State saves that failed.", typeCounter,
		func(s engine.Stats) float64 { return float64(s.StateErrors) }),
}

// histogram describes one histogram per instance taken from engine.Stats.
type histogram struct {
	name, help string
	value      func(engine.Stats) engine.Latency
}

var histograms = []histogram{
	{Namespace + "_forward_duration_seconds",
		"Time to deliver one flush's records (over Forward: until the receiver's ack), successful or not.",
		func(s engine.Stats) engine.Latency { return s.Send }},
	{Namespace + "_filter_call_duration_seconds",
		"Time of one filter call: decoding, scoring and annotating one chunk on Fluent Bit's thread.",
		func(s engine.Stats) engine.Latency { return s.Annotate }},
}

// serve answers a scrape: every registered instance's series, sorted by instance name,
// then the Go runtime's and the process's.
func (e *Endpoint) serve(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	names := make([]string, 0, len(e.sources))
	for name := range e.sources {
		names = append(names, name)
	}
	slices.Sort(names)
	stats := make([]engine.Stats, len(names))
	sources := make([]Source, len(names))
	for i, name := range names {
		sources[i] = e.sources[name]
	}
	e.mu.Unlock()
	for i, src := range sources {
		stats[i] = src.Stats()
	}

	var x exposition
	for _, c := range counters {
		x.family(c.name, c.help, c.kind)
		for i, name := range names {
			x.sample(c.name, instanceLabel, name, "", "", c.value(stats[i]))
		}
	}
	for _, h := range histograms {
		x.family(h.name, h.help, typeHistogram)
		for i, name := range names {
			x.histogram(h.name, instanceLabel, name, engine.SendBuckets[:], h.value(stats[i]))
		}
	}
	x.runtime()
	w.Header().Set("Content-Type", contentType)
	w.Write(x.buf)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
