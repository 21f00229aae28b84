package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
)

// recordingSink keeps what it is sent, and fails while failing is set.
type recordingSink struct {
	mu      sync.Mutex
	events  [][]byte
	failing bool
	closed  bool
}

func (s *recordingSink) Send(_ string, events [][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failing {
		return errors.New("destination down")
	}
	for _, e := range events {
		s.events = append(s.events, append([]byte(nil), e...))
	}
	return nil
}

func (s *recordingSink) Close() error { s.closed = true; return nil }

type testLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *testLogger) Enabled(Level) bool { return true }
func (l *testLogger) Printf(level Level, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("[%d] ", level)+fmt.Sprintf(format, args...))
}

func (l *testLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func mustConfig(t testing.TB, kv map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Parse(config.MapLookup(kv))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// kv is a body map in key order.
type kv []any

func appendBody(dst []byte, body kv) []byte {
	dst = chunk.AppendMapHeader(dst, len(body)/2)
	for i := 0; i < len(body); i += 2 {
		dst = chunk.AppendString(dst, body[i].(string))
		dst = appendValue(dst, body[i+1])
	}
	return dst
}

func appendValue(dst []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return chunk.AppendString(dst, v)
	case int:
		return chunk.AppendInt(dst, int64(v))
	case float64:
		return chunk.AppendFloat64(dst, v)
	case bool:
		return chunk.AppendBool(dst, v)
	case kv:
		return appendBody(dst, v)
	}
	panic(fmt.Sprintf("unsupported %T", v))
}

// v2Event is [[EventTime, {}], body].
func v2Event(dst []byte, at time.Time, body kv) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendEventTime(dst, uint32(at.Unix()), uint32(at.Nanosecond()))
	dst = chunk.AppendMapHeader(dst, 0)
	return appendBody(dst, body)
}

// legacyEvent is [integer time, body].
func legacyEvent(dst []byte, at time.Time, body kv) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendInt(dst, at.Unix())
	return appendBody(dst, body)
}

func groupStart(dst []byte) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendEventTime(dst, 0xFFFFFFFF, 0)
	dst = chunk.AppendMapHeader(dst, 0)
	return chunk.AppendMapHeader(dst, 0)
}

func splitEvents(t testing.TB, data []byte) []chunk.Event {
	t.Helper()
	var out []chunk.Event
	var ev chunk.Event
	dec := chunk.NewDecoder(data)
	for dec.Next(&ev) {
		out = append(out, ev)
	}
	return out
}

// withoutAnnotation re-encodes a body without the annotation key, to compare it with the
// body that went in.
func withoutAnnotation(t testing.TB, body chunk.Body, key string) []byte {
	t.Helper()
	var pairs [][]byte
	body.Range(func(k, v chunk.Value) bool {
		if k.Text() != key {
			pairs = append(pairs, append(append([]byte(nil), k.Raw()...), v.Raw()...))
		}
		return true
	})
	out := chunk.AppendMapHeader(nil, len(pairs))
	for _, p := range pairs {
		out = append(out, p...)
	}
	return out
}

func TestFlushKeepsEveryEventInOrderAndOnlyAddsTheAnnotation(t *testing.T) {
	sink := &recordingSink{}
	e, err := NewWithSink(mustConfig(t, map[string]string{"warmup": "8", "refit_mode": "sync"}), sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	var in []byte
	var bodies [][]byte
	for i := 0; i < 40; i++ {
		at := base.Add(time.Duration(i) * time.Second)
		body := kv{"log", fmt.Sprintf("user %d logged in from 10.0.0.%d", i, i%7), "n", i}
		bodies = append(bodies, appendBody(nil, body))
		if i%2 == 0 {
			in = v2Event(in, at, body)
		} else {
			in = legacyEvent(in, at, body)
		}
		if i == 10 {
			in = groupStart(in)
			bodies = append(bodies, nil)
		}
		if i == 20 { // a body that is not a map passes unchanged
			in = chunk.AppendArrayHeader(in, 2)
			in = chunk.AppendInt(in, at.Unix())
			in = chunk.AppendString(in, "not a map")
			bodies = append(bodies, nil)
		}
	}
	junk := []byte{0xc1, 0xff, 0x00}
	in = append(in, junk...)
	bodies = append(bodies, nil)

	if err := e.Flush("app.web", in); err != nil {
		t.Fatal(err)
	}
	inEvents := splitEvents(t, in)
	var out []chunk.Event
	for _, raw := range sink.events {
		out = append(out, splitEvents(t, raw)...)
	}
	if len(out) != len(inEvents) {
		t.Fatalf("%d events in, %d out", len(inEvents), len(out))
	}
	for i := range inEvents {
		a, b := inEvents[i], out[i]
		if bodies[i] == nil {
			if !bytes.Equal(a.Raw, b.Raw) {
				t.Fatalf("event %d (%s) changed", i, a.Kind)
			}
			continue
		}
		if !b.Time.Equal(a.Time) || !bytes.Equal(a.Timestamp.Raw(), b.Timestamp.Raw()) || !bytes.Equal(a.Metadata.Raw(), b.Metadata.Raw()) {
			t.Fatalf("event %d: timestamp or metadata changed", i)
		}
		if got := withoutAnnotation(t, b.Body, "anomaly"); !bytes.Equal(got, bodies[i]) {
			t.Fatalf("event %d: body changed beyond the annotation", i)
		}
		ann, ok := b.Body.Get("anomaly")
		if !ok {
			t.Fatalf("event %d: no annotation", i)
		}
		m, _ := ann.Map()
		status, _ := m.Get("status")
		_, hasScore := m.Get("score")
		if hasScore == (status.Text() == "learning") {
			t.Fatalf("event %d: status %q with score present=%v", i, status.Text(), hasScore)
		}
	}
	st := e.Stats()
	if st.Records != 40 || st.Passed != 3 || st.Learning == 0 || st.Scored == 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestFlushFailureAsksForRetry(t *testing.T) {
	sink := &recordingSink{failing: true}
	e, err := NewWithSink(mustConfig(t, nil), sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	data := v2Event(nil, time.Unix(1700000000, 0), kv{"log", "hello"})
	if err := e.Flush("t", data); !errors.Is(err, ErrRetry) {
		t.Fatalf("got %v, want ErrRetry", err)
	}
	sink.failing = false
	if err := e.Flush("t", data); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if len(sink.events) != 1 {
		t.Fatalf("retry delivered %d events", len(sink.events))
	}
}

func TestFlattenWritesTopLevelKeys(t *testing.T) {
	sink := &recordingSink{}
	e, err := NewWithSink(mustConfig(t, map[string]string{"flatten": "on", "warmup": "2"}), sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for i := 0; i < 5; i++ {
		data = v2Event(data, time.Unix(1700000000+int64(i), 0), kv{"message", "job done"})
	}
	if err := e.Flush("t", data); err != nil {
		t.Fatal(err)
	}
	last := splitEvents(t, sink.events[len(sink.events)-1])[0]
	for _, k := range []string{"anomaly_flag", "anomaly_status", "anomaly_template_id", "anomaly_template"} {
		if _, ok := last.Body.Get(k); !ok {
			t.Errorf("flattened record lacks %s", k)
		}
	}
	if _, ok := last.Body.Get("anomaly"); ok {
		t.Error("flattened record still has the anomaly map")
	}
}

func TestGroupByKeepsOneStreamPerValueAndEvicts(t *testing.T) {
	sink := &recordingSink{}
	e, err := NewWithSink(mustConfig(t, map[string]string{"group_by": "kubernetes.container_name", "max_streams": "3"}), sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for i := 0; i < 5; i++ {
		data = v2Event(data, time.Unix(1700000000, 0), kv{"log", "x", "kubernetes", kv{"container_name", fmt.Sprintf("c%d", i)}})
	}
	if err := e.Flush("kube.var.log", data); err != nil {
		t.Fatal(err)
	}
	if st := e.Stats(); st.Streams != 3 || st.Evicted != 2 {
		t.Fatalf("streams %d evicted %d, want 3 and 2", st.Streams, st.Evicted)
	}
}

// A restart with state_dir must give the same annotations as never stopping.
func TestStateRestoreContinuesAsIfNeverStopped(t *testing.T) {
	settings := map[string]string{"refit_mode": "sync", "warmup": "16", "window": "64", "retrain_every": "32", "state_dir": t.TempDir()}
	lines := make([][]byte, 0, 200)
	for i := 0; i < 200; i++ {
		msg := fmt.Sprintf("GET /api/items/%d 200 %dms", i, 20+i%9)
		if i%37 == 0 {
			msg = fmt.Sprintf("ERROR payment failed for order %d: timeout", i)
		}
		lines = append(lines, v2Event(nil, time.Unix(1700000000+int64(i), 0), kv{"log", msg}))
	}
	run := func(e *Engine, sink *recordingSink, from, to int) {
		for i := from; i < to; i++ {
			if err := e.Flush("app", lines[i]); err != nil {
				t.Fatal(err)
			}
		}
	}

	straightSink := &recordingSink{}
	noState := map[string]string{}
	for k, v := range settings {
		if k != "state_dir" {
			noState[k] = v
		}
	}
	straight, _ := NewWithSink(mustConfig(t, noState), straightSink, &testLogger{})
	run(straight, straightSink, 0, 200)

	firstSink := &recordingSink{}
	first, _ := NewWithSink(mustConfig(t, settings), firstSink, &testLogger{})
	run(first, firstSink, 0, 120)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	log := &testLogger{}
	second, _ := NewWithSink(mustConfig(t, settings), firstSink, log)
	if !strings.Contains(log.text(), "restored 1 streams") {
		t.Fatalf("no restore logged: %s", log.text())
	}
	run(second, firstSink, 120, 200)

	for i := range straightSink.events {
		if !bytes.Equal(straightSink.events[i], firstSink.events[i]) {
			t.Fatalf("record %d differs after a restart:\n%x\n%x", i, straightSink.events[i], firstSink.events[i])
		}
	}
	files, _ := filepath.Glob(filepath.Join(settings["state_dir"], "*.state"))
	if len(files) != 1 {
		t.Fatalf("state files: %v", files)
	}
	if st, _ := os.Stat(files[0]); st.Mode().Perm() != 0o600 {
		t.Fatalf("state file mode %v, want 0600", st.Mode().Perm())
	}
}

func TestBadStateFilesAreReportedAndIgnored(t *testing.T) {
	dir := t.TempDir()
	settings := map[string]string{"state_dir": dir, "warmup": "2", "refit_mode": "sync"}
	e, _ := NewWithSink(mustConfig(t, settings), &recordingSink{}, &testLogger{})
	var data []byte
	for i := 0; i < 10; i++ {
		data = v2Event(data, time.Unix(1700000000+int64(i), 0), kv{"log", "tick"})
	}
	if err := e.Flush("t", data); err != nil {
		t.Fatal(err)
	}
	e.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.state"))
	good, _ := os.ReadFile(files[0])

	otherCfg := mustConfig(t, map[string]string{"state_dir": dir, "warmup": "2", "refit_mode": "sync", "trees": "50"})
	cases := map[string][]byte{
		"truncated": good[:len(good)/2],
		"corrupt":   append(append([]byte(nil), good[:40]...), bytes.Repeat([]byte{0x5a}, len(good)-40)...),
		"foreign":   []byte("hello, I am a text file\n"),
		"empty":     {},
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			os.WriteFile(files[0], content, 0o600)
			log := &testLogger{}
			e, err := NewWithSink(mustConfig(t, settings), &recordingSink{}, log)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(log.text(), "ignoring state file"); got != 1 {
				t.Fatalf("want one warning, got log %q", log.text())
			}
			if err := e.Flush("t", data); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("other configuration", func(t *testing.T) {
		os.WriteFile(files[0], good, 0o600)
		log := &testLogger{}
		if _, err := NewWithSink(otherCfg, &recordingSink{}, log); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.text(), "ignoring state file") || !strings.Contains(log.text(), "another configuration") {
			t.Fatalf("want one warning about another configuration, got %q", log.text())
		}
	})
}

func TestConcurrentFlushes(t *testing.T) {
	sink := &recordingSink{}
	e, err := NewWithSink(mustConfig(t, map[string]string{"warmup": "8", "window": "64", "retrain_every": "16", "state_dir": t.TempDir(), "state_interval": "1ms"}), sink, &testLogger{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for c := 0; c < 20; c++ {
				var data []byte
				for i := 0; i < 10; i++ {
					data = v2Event(data, time.Unix(1700000000+int64(c*10+i), 0), kv{"log", fmt.Sprintf("worker %d chunk %d line %d", w, c, i), "stream", fmt.Sprintf("s%d", i%3)})
				}
				if err := e.Flush(fmt.Sprintf("tag%d", w%2), data); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if got := len(sink.events); got != 4*20*10 {
		t.Fatalf("delivered %d events, want %d", got, 800)
	}
	if st := e.Stats(); st.StateSaves == 0 {
		t.Fatalf("no periodic save ran: %+v", st)
	}
}

func benchTime(i int) time.Time { return time.Unix(1700000000+int64(i/10), int64(i%10)*1e8) }

func benchLine(i int) string {
	switch i % 5 {
	case 0:
		return fmt.Sprintf("2024-01-01T10:00:%02d.123Z INFO GET /api/v1/items/%d 200 %dms", i%60, i, 10+i%50)
	case 1:
		return fmt.Sprintf("2024-01-01T10:00:%02d.123Z INFO user %d logged in from 10.1.%d.%d", i%60, i, i%255, i%7)
	case 2:
		return fmt.Sprintf("2024-01-01T10:00:%02d.123Z DEBUG cache hit ratio %d.%d%%", i%60, i%100, i%10)
	case 3:
		return fmt.Sprintf("2024-01-01T10:00:%02d.123Z WARN slow query took %dms: SELECT * FROM orders WHERE id=%d", i%60, 200+i%30, i)
	}
	return fmt.Sprintf("2024-01-01T10:00:%02d.123Z INFO heap in use %d MB", i%60, 512+i%16)
}

// The defaults detection is measured with (detect.DefaultOptions: tests, the eval
// command) are what the plugin's default configuration runs.
func TestDefaultConfigurationMapsToDetectDefaults(t *testing.T) {
	got, want := DetectOptions(mustConfig(t, nil)), detect.DefaultOptions()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the default configuration maps to\n%+v\nwant detect.DefaultOptions()\n%+v", got, want)
	}
}
