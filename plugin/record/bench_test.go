package record

import "testing"

// BenchmarkReadStructured reads structured records as a JSON parser leaves them: a Go
// service's zap line (a dozen fields, three numbers), a MongoDB slow query (its
// details in attr, six numbers, a query nested deeper) and an Envoy access log entry (no
// message key: described by its fields, and searched for a merged log).
func BenchmarkReadStructured(b *testing.B) {
	for _, c := range []struct {
		name string
		rec  kv
	}{
		{"zap", kv{"level", "info", "ts", 1715677200.166705, "logger", "http", "caller", "server/middleware.go:64", "msg", "request completed",
			"pod", "orders-api-6c9d7f5b8-x2k9p", "component", "http", "method", "GET", "path", "/v1/orders/7310014", "status", 200,
			"duration_ms", 12.5, "bytes", 1840, "user", "u-48213", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"}},
		{"mongodb", kv{"t", kv{"$date", "2024-05-07T10:00:00.123+00:00"}, "s", "I", "c", "COMMAND", "id", 51803, "ctx", "conn216672", "msg", "Slow query",
			"attr", kv{"type", "command", "ns", "shop.orders", "command", kv{"find", "orders", "limit", 50}, "planSummary", "IXSCAN { user_id: 1 }",
				"planningTimeMicros", 245, "keysExamined", 159, "docsExamined", 159, "nreturned", 6, "queryHash", "6935A6E6", "queryFramework", "classic",
				"reslen", 17178, "remote", "10.2.3.238:60547", "protocol", "op_msg", "durationMillis", 201}}},
		{"envoy", kv{"authority", "checkout.shop.svc.cluster.local:8080", "bytes_received", 0, "bytes_sent", 1007, "downstream_local_address", "10.4.15.73:8080",
			"downstream_remote_address", "10.4.4.94:59735", "duration", 4, "method", "GET", "path", "/api/checkout/orders/81264551", "protocol", "HTTP/1.1",
			"request_id", "9a78120d-a243-4329-837f-ef1aeff492ae", "response_code", 200, "response_code_details", "via_upstream", "response_flags", "-",
			"route_name", "default", "start_time", "2024-06-12T09:00:00.109Z", "upstream_cluster", "inbound|8080||", "upstream_host", "10.4.15.73:8080",
			"user_agent", "Go-http-client/1.1", "x_forwarded_for", "10.4.4.94"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			body := body(b, c.rec)
			var r Reader
			var rec Record
			var scratch []byte
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				scratch = r.Read(body, "tag", &rec, scratch)
			}
		})
	}
}
