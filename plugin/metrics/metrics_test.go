package metrics

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// fixedSource reports the Stats it holds; scrapes counts the reads.
type fixedSource struct {
	stats   engine.Stats
	scrapes atomic.Int64
}

func (f *fixedSource) Stats() engine.Stats {
	f.scrapes.Add(1)
	return f.stats
}

// scrape GETs the endpoint and parses what it serves.
func scrape(t *testing.T, e *Endpoint) map[string]*dto.MetricFamily {
	t.Helper()
	addr := e.Addr()
	if addr == nil {
		t.Fatal("the endpoint is not listening")
	}
	resp, err := http.Get("http://" + addr.String() + Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s\n%s", Path, resp.Status, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// value returns the value of family's series for output, and whether there is one.
func value(families map[string]*dto.MetricFamily, family, output string) (float64, bool) {
	f, ok := families[family]
	if !ok {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == instanceLabel && l.GetValue() == output {
				switch {
				case m.Counter != nil:
					return m.GetCounter().GetValue(), true
				case m.Gauge != nil:
					return m.GetGauge().GetValue(), true
				}
			}
		}
	}
	return 0, false
}

func TestEndpointServesEveryInstance(t *testing.T) {
	e := NewEndpoint()
	web := &fixedSource{stats: engine.Stats{Records: 120, Scored: 90, Flagged: 4, Learning: 30, Passed: 2, Streams: 3, Evicted: 1, Templates: 17, Refits: 5, Retries: 6, StateSaves: 7, StateErrors: 1,
		Delivery: engine.Delivery{Outages: 2, OutageTime: 90 * time.Second, Redials: 8, UnackedFrames: 3, HeldBack: 11, Resumed: 4, Skipped: 500, Kept: 1, KeptBytes: 4096, Dropped: 1}}}
	web.stats.Send = engine.Latency{Count: 10, Sum: 0.042}
	for i, le := range engine.SendBuckets {
		if le >= 0.005 {
			web.stats.Send.Buckets[i] = 10
		} else if le >= 0.001 {
			web.stats.Send.Buckets[i] = 4
		}
	}
	db := &fixedSource{stats: engine.Stats{Records: 1, Learning: 1, Streams: 1, Templates: 1, Delivery: engine.Delivery{ReceiverAvailable: true}}}

	stopWeb, err := e.Register("127.0.0.1:0", "anomaly.0", web)
	if err != nil {
		t.Fatal(err)
	}
	stopDB, err := e.Register("127.0.0.1:0", "anomaly.1", db)
	if err != nil {
		t.Fatalf("a second instance on the same address: %v", err)
	}

	families := scrape(t, e)
	cases := []struct {
		family, output string
		want           float64
	}{
		{"fluentbit_anomaly_records_total", "anomaly.0", 120},
		{"fluentbit_anomaly_records_scored_total", "anomaly.0", 90},
		{"fluentbit_anomaly_records_flagged_total", "anomaly.0", 4},
		{"fluentbit_anomaly_records_learning_total", "anomaly.0", 30},
		{"fluentbit_anomaly_events_passed_total", "anomaly.0", 2},
		{"fluentbit_anomaly_streams", "anomaly.0", 3},
		{"fluentbit_anomaly_streams_evicted_total", "anomaly.0", 1},
		{"fluentbit_anomaly_templates", "anomaly.0", 17},
		{"fluentbit_anomaly_refits_total", "anomaly.0", 5},
		{"fluentbit_anomaly_forward_retries_total", "anomaly.0", 6},
		{"fluentbit_anomaly_state_saves_total", "anomaly.0", 7},
		{"fluentbit_anomaly_state_save_errors_total", "anomaly.0", 1},
		{"fluentbit_anomaly_forward_receiver_available", "anomaly.0", 0},
		{"fluentbit_anomaly_forward_outages_total", "anomaly.0", 2},
		{"fluentbit_anomaly_forward_outage_seconds_total", "anomaly.0", 90},
		{"fluentbit_anomaly_forward_redials_total", "anomaly.0", 8},
		{"fluentbit_anomaly_forward_frames_unacknowledged_total", "anomaly.0", 3},
		{"fluentbit_anomaly_retry_flushes_held_back_total", "anomaly.0", 11},
		{"fluentbit_anomaly_retry_chunks_resumed_total", "anomaly.0", 4},
		{"fluentbit_anomaly_retry_events_skipped_total", "anomaly.0", 500},
		{"fluentbit_anomaly_retry_chunks_kept", "anomaly.0", 1},
		{"fluentbit_anomaly_retry_kept_bytes", "anomaly.0", 4096},
		{"fluentbit_anomaly_retry_chunks_dropped_total", "anomaly.0", 1},
		{"fluentbit_anomaly_records_total", "anomaly.1", 1},
		{"fluentbit_anomaly_records_learning_total", "anomaly.1", 1},
		{"fluentbit_anomaly_templates", "anomaly.1", 1},
		{"fluentbit_anomaly_forward_receiver_available", "anomaly.1", 1},
	}
	for _, c := range cases {
		t.Run(c.family+"/"+c.output, func(t *testing.T) {
			got, ok := value(families, c.family, c.output)
			if !ok || got != c.want {
				t.Errorf("got %v (present %v), want %v", got, ok, c.want)
			}
		})
	}
	if got := families["fluentbit_anomaly_streams"].GetType(); got != dto.MetricType_GAUGE {
		t.Errorf("streams is a %v, want a gauge", got)
	}

	h := families["fluentbit_anomaly_forward_duration_seconds"]
	if h.GetType() != dto.MetricType_HISTOGRAM || len(h.GetMetric()) != 2 {
		t.Fatalf("forward_duration_seconds: %v", h)
	}
	for _, m := range h.GetMetric() {
		if m.GetLabel()[0].GetValue() != "anomaly.0" {
			continue
		}
		hist := m.GetHistogram()
		// The text format adds the +Inf bucket, which holds every sample.
		if hist.GetSampleCount() != 10 || hist.GetSampleSum() != 0.042 || len(hist.GetBucket()) != len(engine.SendBuckets)+1 {
			t.Fatalf("histogram count %d sum %v with %d buckets", hist.GetSampleCount(), hist.GetSampleSum(), len(hist.GetBucket()))
		}
		for i, b := range hist.GetBucket()[:len(engine.SendBuckets)] {
			if b.GetUpperBound() != engine.SendBuckets[i] || b.GetCumulativeCount() != web.stats.Send.Buckets[i] {
				t.Errorf("bucket %d: le=%v count %d, want le=%v count %d", i, b.GetUpperBound(), b.GetCumulativeCount(), engine.SendBuckets[i], web.stats.Send.Buckets[i])
			}
		}
	}
	// The plugin's Go runtime and the process it lives in.
	for _, family := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if _, ok := families[family]; !ok {
			t.Errorf("%s is not served", family)
		}
	}

	// The endpoint stays up until the last instance leaves.
	stopWeb()
	stopWeb() // a second call does nothing
	families = scrape(t, e)
	if _, ok := value(families, "fluentbit_anomaly_records_total", "anomaly.0"); ok {
		t.Error("a removed instance is still served")
	}
	addr := e.Addr().String()
	stopDB()
	if e.Addr() != nil {
		t.Fatal("the endpoint still listens after its last instance left")
	}
	if resp, err := http.Get("http://" + addr + Path); err == nil {
		resp.Body.Close()
		t.Fatalf("GET after the last instance left answered %s", resp.Status)
	}
}

func TestRegisterRefusesConflicts(t *testing.T) {
	e := NewEndpoint()
	stop, err := e.Register("127.0.0.1:0", "anomaly.0", &fixedSource{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	if _, err := e.Register("127.0.0.1:0", "anomaly.0", &fixedSource{}); err == nil || !strings.Contains(err.Error(), "anomaly.0 is registered already") {
		t.Errorf("same name twice: %v", err)
	}
	if _, err := e.Register("127.0.0.1:1", "anomaly.1", &fixedSource{}); err == nil || !strings.Contains(err.Error(), `metrics_address "127.0.0.1:1" differs from "127.0.0.1:0"`) {
		t.Errorf("another address: %v", err)
	}

	// The address in use by this endpoint cannot be taken by another one.
	other := NewEndpoint()
	if _, err := other.Register(e.Addr().String(), "anomaly.0", &fixedSource{}); err == nil || !strings.HasPrefix(err.Error(), "metrics_address: listen tcp") {
		t.Errorf("an address in use: %v", err)
	}
	if other.Addr() != nil {
		t.Error("a failed start left the endpoint listening")
	}
}

// A hot reload closes every instance, then opens new ones: the endpoint stops and starts
// again, on the new address if it changed.
func TestEndpointRestartsAfterStop(t *testing.T) {
	e := NewEndpoint()
	src := &fixedSource{stats: engine.Stats{Records: 3}}
	for range 2 {
		stop, err := e.Register("127.0.0.1:0", "anomaly.0", src)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := value(scrape(t, e), "fluentbit_anomaly_records_total", "anomaly.0"); got != 3 {
			t.Errorf("records_total %v, want 3", got)
		}
		stop()
	}
	if n := src.scrapes.Load(); n != 2 {
		t.Errorf("Stats read %d times for 2 scrapes", n)
	}
}

// An instance's name is a label value: quotes, backslashes and newlines in it come back
// as they were.
func TestInstanceNamesAreEscaped(t *testing.T) {
	e := NewEndpoint()
	name := "filter:we\"ird\\name\nx"
	stop, err := e.Register("127.0.0.1:0", name, &fixedSource{stats: engine.Stats{Records: 9}})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if got, ok := value(scrape(t, e), "fluentbit_anomaly_records_total", name); !ok || got != 9 {
		t.Fatalf("records_total for %q: %v (present %v), want 9", name, got, ok)
	}
}
