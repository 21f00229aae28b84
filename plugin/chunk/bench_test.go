package chunk

import (
	"fmt"
	"testing"

	"github.com/ugorji/go/codec"
)

// typicalBody is a record as Fluent Bit's tail input and kubernetes filter produce it.
func typicalBody(i int) []byte {
	return enc(kv{
		"time", "2024-03-01T12:00:00.123456789Z",
		"stream", "stdout",
		"_p", "F",
		"log", fmt.Sprintf("2024-03-01T12:00:00Z INFO [http] request served method=GET path=/api/v1/users/%d status=200 duration=%dms", i, i%97),
		"kubernetes", kv{
			"pod_name", "api-7d9f8b6c5d-x2x4z",
			"namespace_name", "default",
			"container_name", "api",
			"labels", kv{"app", "api", "tier", "backend"},
		},
	})
}

// dockerBody is a record whose application wrote JSON, wrapped in a string by Docker.
func dockerBody(i int) []byte {
	return enc(kv{
		"log", fmt.Sprintf(`{"ts":"2024-03-01T12:00:00Z","msg":"request served id=%d","caller":"http/server.go:120","level":"info"}`+"\n", i),
		"stream", "stderr",
		"time", "2024-03-01T12:00:00.123456789Z",
	})
}

func benchChunk(n int) []byte {
	var chunk []byte
	for i := 0; i < n; i++ {
		chunk = append(chunk, v2Event(eventTime(1709294400+uint32(i), uint32(i)*1000), emptyMap, typicalBody(i))...)
	}
	return chunk
}

// appendAnnotation builds the default annotation pair: anomaly => {score, flag, template_id}.
func appendAnnotation(dst []byte, score float64, flag bool, templateID string) []byte {
	dst = AppendString(dst, "anomaly")
	dst = AppendMapHeader(dst, 3)
	dst = AppendString(dst, "score")
	dst = AppendFloat64(dst, score)
	dst = AppendString(dst, "flag")
	dst = AppendBool(dst, flag)
	dst = AppendString(dst, "template_id")
	return AppendString(dst, templateID)
}

// BenchmarkRecord measures the per-record work the engine does with this package: decode
// the event, read the message, the group_by key and the level, build the annotation and
// append the annotated event.
func BenchmarkRecord(b *testing.B) {
	chunk := benchChunk(1000)
	out := make([]byte, 0, len(chunk)*2)
	pairs := make([]byte, 0, 128)
	var e Event
	d := NewDecoder(nil)
	records := 0
	b.SetBytes(int64(len(chunk)) / 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for records < b.N {
		d.Reset(chunk)
		out = out[:0]
		for records < b.N && d.Next(&e) {
			records++
			msg, _ := e.Body.Lookup("log")
			group, _ := e.Body.Lookup("kubernetes.container_name")
			level, _ := e.Body.Find("level", "log")
			_, _ = msg.Bytes()
			_, _ = group.Bytes()
			_ = level.Embedded()
			pairs = appendAnnotation(pairs[:0], 0.42, false, "t-3f2a")
			out, _ = AppendAnnotated(out, &e, pairs, 1)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/record")
}

// BenchmarkDecode measures iteration alone.
func BenchmarkDecode(b *testing.B) {
	chunk := benchChunk(1000)
	d := NewDecoder(nil)
	var e Event
	b.SetBytes(int64(len(chunk)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Reset(chunk)
		for d.Next(&e) {
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/record")
}

// BenchmarkFindEmbedded measures a level lookup inside Docker-wrapped JSON.
func BenchmarkFindEmbedded(b *testing.B) {
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, dockerBody(7))).Next(&e)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, ok := e.Body.Find("level", "log")
		if !ok || !f.Embedded() {
			b.Fatal("level not found")
		}
	}
}

// BenchmarkAppendJSON measures rendering for the stdout sink.
func BenchmarkAppendJSON(b *testing.B) {
	chunk := benchChunk(1000)
	var e Event
	d := NewDecoder(nil)
	out := make([]byte, 0, 1<<20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		d.Reset(chunk)
		for i < b.N && d.Next(&e) {
			out = AppendJSON(out[:0], &e, "")
			i++
		}
	}
}

// BenchmarkAnnotationEncode compares building the annotation with the Append functions and
// with ugorji's encoder, the evidence for the choice stated in the package doc.
func BenchmarkAnnotationEncode(b *testing.B) {
	b.Run("appenders", func(b *testing.B) {
		buf := make([]byte, 0, 128)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf = appendAnnotation(buf[:0], 0.42, i%2 == 0, "t-3f2a")
		}
	})
	b.Run("ugorji", func(b *testing.B) {
		h := mpHandle()
		buf := make([]byte, 0, 128)
		enc := codec.NewEncoderBytes(&buf, h)
		type annotation struct {
			Score      float64 `codec:"score"`
			Flag       bool    `codec:"flag"`
			TemplateID string  `codec:"template_id"`
		}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf = buf[:0]
			enc.ResetBytes(&buf)
			enc.MustEncode("anomaly")
			enc.MustEncode(annotation{0.42, i%2 == 0, "t-3f2a"})
		}
	})
}
