package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// BenchmarkFilterPath is the plugin's share of the whole-process benchmark without
// Fluent Bit: the same generated log, each line made into the record Fluent Bit's tail
// input and the benchmark's regex parser make of it ({level, service, message}, the time
// as the event's), in chunks of 256 records, through the filter with default settings.
// Its ns/record is what `make bench-fluentbit` cannot separate from Fluent Bit's own
// work: go test ./fluent-bit/bench -run '^$' -bench FilterPath -benchtime 1x.
func BenchmarkFilterPath(b *testing.B) {
	const lines, perChunk = 400_000, 256
	dir := b.TempDir()
	path := filepath.Join(dir, "app.log")
	if _, err := generate(path, lines, 1); err != nil {
		b.Fatal(err)
	}
	chunks := parsedChunks(b, path, perChunk)
	cfg, err := config.ParseFor(config.Filter, config.MapLookup(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var out []byte
	for range b.N {
		b.StopTimer()
		e, err := engine.New(cfg, quietLog{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, c := range chunks {
			out = e.Annotate("app.log", c, out[:0])
		}
		b.StopTimer()
		if e.Stats().Records != lines {
			b.Fatalf("%d records annotated, want %d", e.Stats().Records, lines)
		}
		e.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/record")
}

// parsedChunks reads the generated log as the benchmark's parser does: the time into the
// event, level, service and message into the body.
func parsedChunks(b *testing.B, path string, perChunk int) [][]byte {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var chunks [][]byte
	var cur []byte
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		// "2025-06-02 08:00:00.016 INFO [web] GET /..."
		at, err := time.Parse("2006-01-02 15:04:05.000", line[:23])
		if err != nil {
			b.Fatal(err)
		}
		rest := line[24:]
		level, rest, _ := strings.Cut(rest, " ")
		service, msg, _ := strings.Cut(rest, " ")
		service = strings.Trim(service, "[]")
		cur = chunk.AppendArrayHeader(cur, 2)
		cur = chunk.AppendArrayHeader(cur, 2)
		cur = chunk.AppendEventTime(cur, uint32(at.Unix()), uint32(at.Nanosecond()))
		cur = chunk.AppendMapHeader(cur, 0)
		cur = chunk.AppendMapHeader(cur, 3)
		for _, kv := range [...][2]string{{"level", level}, {"service", service}, {"message", msg}} {
			cur = chunk.AppendString(cur, kv[0])
			cur = chunk.AppendString(cur, kv[1])
		}
		if n++; n == perChunk {
			chunks, cur, n = append(chunks, cur), nil, 0
		}
	}
	if n > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

type quietLog struct{}

func (quietLog) Enabled(engine.Level) bool           { return false }
func (quietLog) Printf(engine.Level, string, ...any) {}
