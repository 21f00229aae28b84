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

// BenchmarkFromText reads lines of text: a line with a level word after a date and time
// in whole seconds (the first test of a W3C line passes), an IIS W3C access line and an
// HAProxy HTTP log line, both without a level word (their status gives it), and a
// klog line (no test of either format passes).
func BenchmarkFromText(b *testing.B) {
	for _, c := range []struct{ name, line string }{
		{"leveled", "2024-01-01 10:00:15 ERROR Database connection failed for /var/lib/app after 3 retries"},
		{"w3c", "2026-02-27 07:50:00 W3SVC3 CLMWEB02 10.40.12.22 GET /api/worklist/count _=1772178546563 443 CORP\\jprice 10.50.24.174 HTTP/1.1 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://claims-bo.corp.example/ 500 0 0 2"},
		{"haproxy", `5.57.242.254:52079 [17/Jul/2024:06:59:59.966] fe_https~ be_web/web-6 2/0/0/15/34 503 53300 - - ---- 268/266/1/1/0 0/0 {www.example.com} "GET /events/43420 HTTP/1.1"`},
		{"klog", `I0312 10:00:00.000000       1 controller.go:117] "Reconciled" controller="backup" namespace="team-a" name="orders-db" reconcileID="5b0ad6a4-3a5b-4b63-9a0c-2f1e7f1c9d11"`},
	} {
		b.Run(c.name, func(b *testing.B) {
			var rec Record
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				FromText(c.line, &rec)
			}
		})
	}
}
