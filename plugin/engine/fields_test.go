package engine

import (
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
)

func TestFieldsFoundWhereLoggersPutThem(t *testing.T) {
	cases := []struct {
		name       string
		reader     fieldReader
		body       kv
		wantMsg    string
		wantLevel  detect.Level
		wantStream string
	}{
		{"tail line with level word", fieldReader{}, kv{"log", "2024-01-01 10:00:35 CRITICAL Kernel panic\n"},
			"2024-01-01 10:00:35 CRITICAL Kernel panic", detect.LevelCritical, "tag"},
		{"json logger", fieldReader{}, kv{"level", "warn", "msg", "slow query", "ms", 40000},
			"slow query ms=40000", detect.LevelWarning, "tag"},
		{"measurements beside the message, not time, level or annotation", fieldReader{annotationKey: "anomaly"},
			kv{"ts", 1710234000.5, "level", 30, "msg", "request handled", "status", 200, "path", "/v1/items", "duration_ms", 9000.5, "anomaly_score", 0.9, "anomaly", kv{"score", 0.9}},
			"request handled status=200 duration_ms=9000.5", detect.LevelInfo, "tag"},
		{"at most four measurements", fieldReader{}, kv{"msg", "stats", "a", 1, "b", 2, "c", 3, "d", 4, "e", 5},
			"stats a=1 b=2 c=3 d=4", detect.LevelUnknown, "tag"},
		{"docker json with measurements", fieldReader{}, kv{"log", "{\"ts\":1710234000.1,\"msg\":\"request handled\",\"status\":503,\"duration_ms\":30001}\n", "stream", "stdout"},
			"request handled status=503 duration_ms=30001", detect.LevelError, "tag"},
		{"nginx parser record", fieldReader{}, kv{"remote", "203.0.113.9", "method", "POST", "path", "/admin/login", "code", "401", "size", "64"},
			"remote=203.0.113.9 method=POST path=/admin/login code=401 size=64", detect.LevelWarning, "tag"},
		{"access log line in log", fieldReader{}, kv{"log", "10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] \"GET /api/cart HTTP/1.1\" 502 157 \"-\" \"curl/8\"\n"},
			"10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] \"GET /api/cart HTTP/1.1\" 502 157 \"-\" \"curl/8\"", detect.LevelError, "tag"},
		{"docker json in log", fieldReader{}, kv{"log", "{\"level\":\"error\",\"msg\":\"db down\"}\n", "stream", "stderr"},
			"db down", detect.LevelError, "tag"},
		{"journald priority", fieldReader{}, kv{"MESSAGE", "Out of memory: Killed process 4242", "PRIORITY", "3"},
			"Out of memory: Killed process 4242", detect.LevelError, "tag"},
		{"nested log.level", fieldReader{}, kv{"message", "started", "log", kv{"level", "info"}},
			"started", detect.LevelInfo, "tag"},
		{"configured keys", fieldReader{messageKey: "text", levelKey: "sev"}, kv{"sev", "E", "text", "boom", "log", "ignored"},
			"boom", detect.LevelError, "tag"},
		{"no message key", fieldReader{annotationKey: "anomaly"}, kv{"status", 500, "path", "/pay", "anomaly", "old"},
			"status=500 path=/pay", detect.LevelError, "tag"},
		{"group_by value", fieldReader{groupBy: "kubernetes.container_name"}, kv{"log", "x", "kubernetes", kv{"container_name", "api"}},
			"x", detect.LevelUnknown, "api"},
		{"group_by missing falls back to tag", fieldReader{groupBy: "service"}, kv{"log", "x"},
			"x", detect.LevelUnknown, "tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, ok := chunk.NewBody(appendBody(nil, tc.body))
			if !ok {
				t.Fatal("bad test body")
			}
			msg, doc, scratch := tc.reader.message(body, nil)
			lvl, _ := tc.reader.level(body, doc, msg, scratch)
			if msg != tc.wantMsg || lvl != tc.wantLevel {
				t.Fatalf("got (%q, %v), want (%q, %v)", msg, lvl, tc.wantMsg, tc.wantLevel)
			}
			if got := tc.reader.stream(body, "tag"); got != tc.wantStream {
				t.Fatalf("stream %q, want %q", got, tc.wantStream)
			}
		})
	}
}

func BenchmarkFlush(b *testing.B) {
	cfg := mustConfig(b, map[string]string{"warmup": "32"})
	e, err := NewWithSink(cfg, &nullSink{}, &testLogger{})
	if err != nil {
		b.Fatal(err)
	}
	var data []byte
	const perChunk = 256
	for i := 0; i < perChunk; i++ {
		data = v2Event(data, benchTime(i), kv{"log", benchLine(i), "stream", "stdout"})
	}
	// Let the stream learn first: the steady state is what matters.
	for i := 0; i < 20; i++ {
		e.Flush("app", data)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Flush("app", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perChunk), "ns/record")
}

type nullSink struct{}

func (nullSink) Send(string, [][]byte) error { return nil }
func (nullSink) Close() error                { return nil }
