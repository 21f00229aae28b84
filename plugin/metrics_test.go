package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/fluent/fluent-bit-go/output"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// discardSender delivers everything nowhere.
type discardSender struct{}

func (discardSender) Send(string, [][]byte) error { return nil }
func (discardSender) Close() error                { return nil }

// engineOnDiscard builds real engines that deliver nowhere, so their counters are real.
func engineOnDiscard(cfg config.Config, log engine.Logger) (flusher, error) {
	e, err := engine.NewWithSink(cfg, discardSender{}, log)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// freeAddress returns a loopback address nothing listens on at the moment.
func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func getMetrics(address string) (string, error) {
	resp, err := http.Get("http://" + address + "/metrics")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", resp.Status, body)
	}
	return string(body), err
}

func TestInstancesShareOneMetricsEndpoint(t *testing.T) {
	orphan := &recordingSink{maxLevel: engine.LevelWarn}
	reg := newRegistry(engineOnDiscard, orphan)
	address := freeAddress(t)
	props := map[string]string{"metrics_address": address}

	first, code := reg.open(config.MapLookup(props), &recordingSink{maxLevel: engine.LevelInfo}, orphan)
	if code != output.FLB_OK {
		t.Fatalf("first instance: %s", codeName(code))
	}
	second, code := reg.open(config.MapLookup(props), &recordingSink{maxLevel: engine.LevelInfo}, orphan)
	if code != output.FLB_OK {
		t.Fatalf("second instance on the same address: %s", codeName(code))
	}
	// An instance without metrics_address is not served.
	quiet, code := reg.open(config.MapLookup(nil), &recordingSink{maxLevel: engine.LevelInfo}, orphan)
	if code != output.FLB_OK {
		t.Fatalf("instance without metrics: %s", codeName(code))
	}
	defer reg.close(quiet)

	var chunk mpWriter
	for i := range 3 {
		chunk = chunk.array(2).array(2).eventTime(1700000000+uint32(i), 0).mapHeader(0).
			mapHeader(1).str("log").str(fmt.Sprintf("GET /items/%d 200", i))
	}
	if code := reg.flush(first, "app.web", chunk); code != output.FLB_OK {
		t.Fatalf("flush: %s", codeName(code))
	}

	body, err := getMetrics(address)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf(`fluentbit_anomaly_records_total{name="anomaly.%d"} 3`, first),
		fmt.Sprintf(`fluentbit_anomaly_records_learning_total{name="anomaly.%d"} 3`, first),
		fmt.Sprintf(`fluentbit_anomaly_forward_duration_seconds_count{name="anomaly.%d"} 1`, first),
		fmt.Sprintf(`fluentbit_anomaly_records_total{name="anomaly.%d"} 0`, second),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in:\n%s", want, body)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`output="anomaly.%d"`, quiet)) {
		t.Errorf("the instance without metrics_address is served")
	}

	// Another address while the endpoint serves is a configuration error at start.
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	if _, code := reg.open(config.MapLookup(map[string]string{"metrics_address": freeAddress(t)}), sink, orphan); code != output.FLB_ERROR {
		t.Errorf("a second metrics_address: %s, want FLB_ERROR", codeName(code))
	}
	if len(sink.matching(engine.LevelError, "cannot start: metrics_address")) != 1 {
		t.Errorf("no error naming metrics_address in %v", sink.lines)
	}

	if code := reg.close(first); code != output.FLB_OK {
		t.Fatalf("close: %s", codeName(code))
	}
	if body, err := getMetrics(address); err != nil || strings.Contains(body, fmt.Sprintf(`output="anomaly.%d"`, first)) {
		t.Errorf("after the first instance exited: err %v, still served: %v", err, err == nil)
	}
	if code := reg.close(second); code != output.FLB_OK {
		t.Fatalf("close: %s", codeName(code))
	}
	if _, err := getMetrics(address); err == nil {
		t.Error("the endpoint still answers after the last served instance exited")
	}
}
