package record

import (
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// FuzzRead: a record's log of any bytes, and any JSON object read as a record (a
// container's JSON log read as its map, a JSON line of `anomaly scan`), is read without a
// panic, and twice alike.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"2024-03-19 10:00:00.1234|ERROR|App.Worker|Job failed",
		`{"@level":"error","@message":"failed to renew lease","@module":"core"}`,
		`{"log":"{\"level\":\"warn\",\"msg\":\"slow call\"}\n","stream":"stderr"}`,
		`{"level":"ERROR","api":{"name":"PutObject","statusCode":500},"error":{"message":"disk full"}}`,
		`{"status":"error","message":"{\"quota\":1}","fields":{"message":"x","n":1}}`,
		"<134>Jul 10 12:00:00 haproxy[8]: 10.0.0.1:5555 [10/Jul/2024:12:00:00.123] fe be/srv 0/0/0/9/9 502 209",
		"E240617 10:00:00.123456 123 kv/kvserver/replica.go:123 [n1] 45  replica unavailable",
		"{", "{}", `{"a":[{"b":{"c":"d"}}]}`, "\x1b[31mERROR\x1b[0m x", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		read := func(b chunk.Body) (string, Level, int) {
			var rec Record
			(&Reader{}).Read(b, "tag", &rec, nil)
			return rec.Message, rec.Level, len(rec.Fields)
		}
		logBody, ok := chunk.NewBody(appendBody(nil, kv{"log", s, "stream", "stdout"}))
		if !ok {
			t.Fatal("bad body")
		}
		var rec Record // an event key read from the line's pairs
		(&Reader{EventKeys: []string{"a", "level", "tenant"}}).Read(logBody, "tag", &rec, nil)
		m1, l1, n1 := read(logBody)
		if m2, l2, n2 := read(logBody); m1 != m2 || l1 != l2 || n1 != n2 {
			t.Fatalf("read twice: (%q, %v, %d) then (%q, %v, %d)", m1, l1, n1, m2, l2, n2)
		}
		if packed, ok := chunk.AppendJSONObject(nil, []byte(s)); ok {
			if b, ok := chunk.NewBody(packed); ok {
				read(b)
				// Configured event keys: nested, a message key, one pinned to the body.
				var rec Record
				(&Reader{EventKeys: []string{"a.b.c", "status", "body:api.name", "log"}}).Read(b, "tag", &rec, nil)
			}
		}
	})
}
