package record

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

func TestFieldsFoundWhereLoggersPutThem(t *testing.T) {
	cases := []struct {
		name       string
		reader     Reader
		body       kv
		wantMsg    string
		wantLevel  Level
		wantStream string
	}{
		{"tail line with level word", Reader{}, kv{"log", "2024-01-01 10:00:35 CRITICAL Kernel panic\n"},
			"Kernel panic", LevelCritical, "tag"},
		{"json logger", Reader{}, kv{"level", "warn", "msg", "slow query", "ms", 40000},
			"slow query ms=40000", LevelWarning, "tag"},
		{"measurements beside the message, not time, level or annotation", Reader{AnnotationKey: "anomaly"},
			kv{"ts", 1710234000.5, "level", 30, "msg", "request handled", "status", 200, "path", "/v1/items", "duration_ms", 9000.5, "anomaly_score", 0.9, "anomaly", kv{"score", 0.9}},
			"request handled duration_ms=9000.5 status=200", LevelInfo, "tag"},
		{"log4j2's JsonLayout: its times are no measurements", Reader{}, kv{"instant", kv{"epochSecond", 1718625600, "nanoOfSecond", 28000000}, "level", "INFO", "message", "Order created", "timeMillis", 1718625600028, "queueDepth", 3},
			"Order created queueDepth=3", LevelInfo, "tag"},
		{"a record described by its fields keeps them all, its level pair too", Reader{}, kv{"Severity", "Error", "Body", "payment failed", "Resource", "checkout"},
			"Body=payment failed Resource=checkout Severity=Error", LevelError, "tag"},
		{"a coloured line: its level between colour codes", Reader{}, kv{"log", "\x1b[2m2024-06-17T12:00:01.123Z\x1b[0m \x1b[31mERROR\x1b[0m \x1b[2mapp::db\x1b[0m\x1b[2m:\x1b[0m pool timed out\n"},
			"app::db: pool timed out", LevelError, "tag"},
		{".NET's JSON console formatter", Reader{}, kv{"EventId", 0, "LogLevel", "Warning", "Category", "Microsoft.AspNetCore.Server.Kestrel", "Message", "Connection id \"0HN4\" bad request data", "State", kv{"Message", "x"}},
			"Connection id \"0HN4\" bad request data", LevelWarning, "tag"},
		{"Serilog's JsonFormatter: Level, and the rendered message", Reader{}, kv{"Timestamp", "2024-06-17T12:00:01.123+00:00", "Level", "Warning", "MessageTemplate", "Disk {Disk} low", "RenderedMessage", "Disk C low", "Properties", kv{"Disk", "C"}},
			"Disk C low", LevelWarning, "tag"},
		{"Serilog's JsonFormatter without rendering: the message template", Reader{}, kv{"Timestamp", "2024-06-17T12:00:01.123+00:00", "Level", "Error", "MessageTemplate", "Payment {PaymentId} failed", "Properties", kv{"PaymentId", "pay_1"}},
			"Payment {PaymentId} failed", LevelError, "tag"},
		{"winevtlog: an informational event is no warning", Reader{}, kv{"ProviderName", "Service Control Manager", "EventID", 7036, "Version", 0, "Level", 4, "Keywords", "0x8080000000000000", "TimeCreated", "2024-06-17 12:00:01 +0000", "EventRecordID", 12345, "Channel", "System", "Computer", "WIN-01", "Message", "The Windows Update service entered the running state."},
			"The Windows Update service entered the running state. Version=0", LevelInfo, "tag"},
		{"winevtlog: Level 2 is an error", Reader{}, kv{"ProviderName", "Service Control Manager", "EventID", 7034, "Level", 2, "Channel", "System", "Computer", "WIN-01", "Message", "The Print Spooler service terminated unexpectedly."},
			"The Print Spooler service terminated unexpectedly.", LevelError, "tag"},
		{"winevtlog: an audit failure (Level 0) is a warning", Reader{}, kv{"ProviderName", "Microsoft-Windows-Security-Auditing", "EventID", 4625, "Level", 0, "Keywords", "0x8010000000000000", "Channel", "Security", "Computer", "WIN-01", "Message", "An account failed to log on."},
			"An account failed to log on.", LevelWarning, "tag"},
		{"winevtlog: an audit success (Level 0) is routine", Reader{}, kv{"ProviderName", "Microsoft-Windows-Security-Auditing", "EventID", 4624, "Level", 0, "Keywords", "0x8020000000000000", "Channel", "Security", "Computer", "WIN-01", "Message", "An account was successfully logged on."},
			"An account was successfully logged on.", LevelInfo, "tag"},
		{"a numeric Level outside a Windows event keeps syslog's scale", Reader{}, kv{"Level", 4, "Message", "disk almost full"},
			"disk almost full", LevelWarning, "tag"},
		{"winlog: the classic event log's EventType", Reader{}, kv{"RecordNumber", 1, "TimeGenerated", "2024-06-17 12:00:01 +0000", "EventId", 7034, "EventType", "Error", "EventCategory", 0, "Channel", "System", "SourceName", "Service Control Manager", "ComputerName", "WIN-01", "Message", "The Print Spooler service terminated unexpectedly."},
			"The Print Spooler service terminated unexpectedly. EventCategory=0 RecordNumber=1", LevelError, "tag"},
		{"winlog: a failure audit is a warning", Reader{}, kv{"RecordNumber", 2, "EventId", 4625, "EventType", "FailureAudit", "Channel", "Security", "SourceName", "Microsoft-Windows-Security-Auditing", "ComputerName", "WIN-01", "Message", "An account failed to log on."},
			"An account failed to log on. RecordNumber=2", LevelWarning, "tag"},
		{"logstash-logback-encoder: its numeric level is no measurement", Reader{}, kv{"@timestamp", "2024-06-17T12:00:01.123Z", "@version", "1", "message", "Order 12345 created", "logger_name", "com.shop.OrderService", "level", "INFO", "level_value", 20000},
			"Order 12345 created", LevelInfo, "tag"},
		{"a Kubernetes Event: its type is its severity", Reader{}, kv{"metadata", kv{"name", "web-7d9c.17e3", "namespace", "shop"}, "involvedObject", kv{"kind", "Pod", "name", "web-7d9c"}, "reason", "BackOff", "message", "Back-off restarting failed container web in pod web-7d9c", "type", "Warning"},
			"Back-off restarting failed container web in pod web-7d9c", LevelWarning, "tag"},
		{"a type that is no Event's is no level", Reader{}, kv{"type", "Warning", "message", "a word, not a severity"},
			"a word, not a severity", LevelUnknown, "tag"},
		{"at most four measurements", Reader{}, kv{"msg", "stats", "a", 1, "b", 2, "c", 3, "d", 4, "e", 5},
			"stats a=1 b=2 c=3 d=4", LevelUnknown, "tag"},
		{"docker json with measurements", Reader{}, kv{"log", "{\"ts\":1710234000.1,\"msg\":\"request handled\",\"status\":503,\"duration_ms\":30001}\n", "stream", "stdout"},
			"request handled duration_ms=30001 status=503", LevelError, "tag"},
		{"nginx parser record", Reader{}, kv{"remote", "203.0.113.9", "method", "POST", "path", "/admin/login", "code", "401", "size", "64"},
			"code=401 method=POST path=/admin/login remote=203.0.113.9 size=64", LevelWarning, "tag"},
		{"a client's description is one variable", Reader{}, kv{"method", "GET", "path", "/", "code", "200", "referer", "https://example.com/", "agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0"},
			"agent=<*> code=200 method=GET path=/ referer=<*>", LevelInfo, "tag"},
		{"access log line in log", Reader{}, kv{"log", "10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] \"GET /api/cart HTTP/1.1\" 502 157 \"-\" \"curl/8\"\n"},
			"10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] \"GET /api/cart HTTP/1.1\" 502 157 \"-\" \"curl/8\"", LevelError, "tag"},
		{"docker json in log", Reader{}, kv{"log", "{\"level\":\"error\",\"msg\":\"db down\"}\n", "stream", "stderr"},
			"db down", LevelError, "tag"},
		{"docker json in log, its message under a key of a map's", Reader{}, kv{"log", "{\"@level\":\"error\",\"@message\":\"failed to renew lease\",\"@module\":\"core\",\"@timestamp\":\"2024-06-17T12:00:01.123Z\"}\n", "stream", "stderr"},
			"failed to renew lease", LevelError, "tag"},
		{"docker json in log with no message key, described as a map is", Reader{}, kv{"log", "{\"level\":\"ERROR\",\"time\":\"2024-03-19T10:00:00Z\",\"api\":{\"name\":\"PutObject\"},\"remotehost\":\"10.0.0.1\"}\n", "stream", "stdout"},
			"level=ERROR remotehost=10.0.0.1", LevelError, "tag"},
		{"a Docker line read without the docker parser, the application's JSON in its log", Reader{}, kv{"log", "{\"log\":\"{\\\"level\\\":\\\"warn\\\",\\\"msg\\\":\\\"slow call\\\"}\\n\",\"stream\":\"stderr\",\"time\":\"2024-06-17T12:00:01.123Z\"}"},
			"slow call", LevelWarning, "tag"},
		{"Monolog's JsonFormatter: level_name, its numeric level on a scale of its own", Reader{}, kv{"message", "Payment failed", "context", kv{"order", 42}, "level", 400, "level_name", "ERROR", "channel", "production", "datetime", "2024-06-17T12:00:01.123456+00:00"},
			"Payment failed order=42", LevelError, "tag"},
		{"Fluent Bit's apache_error parser: the module before the level", Reader{}, kv{"level", "proxy_http:error", "pid", "12:tid 34", "client", "10.0.0.1:5555", "message", "(70007)The timeout specified has expired: AH01102: error reading status line"},
			"(70007)The timeout specified has expired: AH01102: error reading status line", LevelError, "tag"},
		{"tracing-subscriber's JSON: the message among the fields", Reader{}, kv{"timestamp", "2024-03-19T10:00:00.123Z", "level", "WARN", "fields", kv{"message", "slow request", "elapsed_ms", 1234}, "target", "api::handler"},
			"slow request elapsed_ms=1234", LevelWarning, "tag"},
		{"Datadog's convention: the level in status", Reader{}, kv{"status", "error", "message", "payment failed", "service", "checkout"},
			"payment failed", LevelError, "tag"},
		{"a status that is no level word is none", Reader{}, kv{"status", "active", "message", "subscription renewed"},
			"subscription renewed", LevelUnknown, "tag"},
		{"a job's failure is a state, not a severity", Reader{}, kv{"status", "failure", "message", "nightly export"},
			"nightly export", LevelUnknown, "tag"},
		{"an application's JSON text as its message stays the message", Reader{}, kv{"log", "{\"level\":\"warn\",\"msg\":\"{\\\"event\\\":\\\"quota\\\"}\"}\n"},
			"{\"event\":\"quota\"}", LevelWarning, "tag"},
		{"the cri parser's message holding the application's JSON", Reader{}, kv{"time", "2024-06-17T12:00:01.123456789Z", "stream", "stderr", "logtag", "F", "message", "{\"@level\":\"error\",\"@message\":\"failed to renew lease\"}"},
			"failed to renew lease", LevelError, "tag"},
		{"a JSON text as the message of a record with a level of its own stays the message", Reader{}, kv{"level", "info", "message", "{\"quota\":\"exceeded\"}"},
			"{\"quota\":\"exceeded\"}", LevelInfo, "tag"},
		{"Merge_Log with Keep_Log: the application's record both in log and beside it", Reader{}, kv{"log", "{\"@level\":\"error\",\"@message\":\"failed to renew lease\"}\n", "stream", "stderr", "@level", "error", "@message", "failed to renew lease", "kubernetes", kv{"pod_name", "vault-0"}},
			"failed to renew lease", LevelError, "tag"},
		{"Kong's response status", Reader{}, kv{"request", kv{"method", "GET", "uri", "/api/cart"}, "response", kv{"status", 504}, "client_ip", "10.0.0.1"},
			"client_ip=10.0.0.1", LevelError, "tag"},
		{"Cloudflare's edge status", Reader{}, kv{"ClientRequestMethod", "GET", "ClientRequestURI", "/cart", "EdgeResponseStatus", 522},
			"ClientRequestMethod=GET ClientRequestURI=/cart EdgeResponseStatus=522", LevelError, "tag"},
		{"a level field keeps the message whole", Reader{}, kv{"level", "info", "msg", "card declined: ERROR 51 from issuer"},
			"card declined: ERROR 51 from issuer", LevelInfo, "tag"},
		{"syslog parser's pri", Reader{}, kv{"pri", "34", "host", "db1", "ident", "sshd", "message", "Failed password for root"},
			"Failed password for root", LevelCritical, "tag"},
		{"journald priority", Reader{}, kv{"MESSAGE", "Out of memory: Killed process 4242", "PRIORITY", "3"},
			"Out of memory: Killed process 4242", LevelError, "tag"},
		{"nested log.level", Reader{}, kv{"message", "started", "log", kv{"level", "info"}},
			"started", LevelInfo, "tag"},
		{"mongodb structured log", Reader{}, kv{"t", kv{"$date", "2024-05-01T15:16:17.180+00:00"}, "s", "W", "c", "NETWORK", "id", 4615610, "ctx", "conn12", "msg", "Failed to check socket connectivity"},
			"Failed to check socket connectivity", LevelWarning, "tag"},
		{"mongodb's details in attr, its ids no quantities", Reader{}, kv{"s", "I", "c", "COMMAND", "id", 51803, "msg", "Slow query", "attr", kv{"ns", "shop.carts", "command", kv{"find", "carts", "limit", 50}, "connectionId", 184001, "docsExamined", 2000000, "durationMillis", 1400}},
			"Slow query docsExamined=2000000 durationMillis=1400", LevelInfo, "tag"},
		{"mongodb debug verbosity", Reader{}, kv{"s", "D2", "c", "NETWORK", "msg", "connection state"},
			"connection state", LevelDebug, "tag"},
		{"a number under s is no level", Reader{}, kv{"msg", "export done", "s", 3},
			"export done s=3", LevelUnknown, "tag"},
		{"elasticsearch's bracketed header", Reader{}, kv{"log", "[2024-05-01T15:16:17,180][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark exceeded"},
			"][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark exceeded", LevelWarning, "tag"},
		{"Fluent Bit's own log: its level right-aligned in brackets", Reader{}, kv{"log", "[2024/06/17 12:00:01] [ warn] [engine] failed to flush chunk '1-1718625601.123.flb', retry in 9 seconds: task_id=3, input=tail.0 > output=es.0 (out_id=0)\n"},
			"[engine] failed to flush chunk '1-1718625601.123.flb', retry in 9 seconds: task_id=3, input=tail.0 > output=es.0 (out_id=0)", LevelWarning, "tag"},
		{"a bracket padded before a word that is no level", Reader{}, kv{"log", "[2024/06/17 12:00:01] [ engine] started\n"},
			"[2024/06/17 12:00:01] [ engine] started", LevelUnknown, "tag"},
		{"Traefik's JSON access log: the status its client got", Reader{}, kv{"ClientHost", "10.0.0.1", "DownstreamStatus", 502, "OriginStatus", 502, "RequestMethod", "GET", "RequestPath", "/api/orders/12", "RouterName", "shop@kubernetes", "level", "info", "msg", "", "time", "2024-06-17T12:00:01Z"},
			"ClientHost=10.0.0.1 DownstreamStatus=502 OriginStatus=502 RequestMethod=GET RequestPath=/api/orders/12 RouterName=shop@kubernetes level=info msg=", LevelError, "tag"},
		{"HashiCorp's hclog as JSON (Vault, Consul, Nomad)", Reader{}, kv{"@level", "error", "@message", "failed to renew lease", "@module", "expiration", "@timestamp", "2024-06-17T12:00:01.123456Z", "lease_id", "auth/token/create/h1"},
			"failed to renew lease", LevelError, "tag"},
		{"the kubernetes filter's Merge_Log_Key: the log parsed into a map of its own", Reader{}, kv{"stream", "stdout", "log_processed", kv{"level", "error", "msg", "payment failed", "duration_ms", 900}, "kubernetes", kv{"pod_name", "api-7d9f8b6c5-x2x7k", "namespace_name", "shop"}},
			"payment failed duration_ms=900", LevelError, "tag"},
		{"a map with a message but no level is a detail, not the log", Reader{}, kv{"verb", "get", "responseStatus", kv{"message", "forbidden", "code", 403}},
			"verb=get", LevelWarning, "tag"},
		{"a tailed empty line is that line", Reader{}, kv{"log", "", "stream", "stdout"},
			"", LevelUnknown, "tag"},
		{"serilog compact event without a rendered message", Reader{}, kv{"@t", "2024-05-01T15:16:17.180Z", "@mt", "Failed to charge {OrderId}", "@l", "Error", "OrderId", 42},
			"Failed to charge {OrderId}", LevelError, "tag"},
		{"serilog compact event at Information, which leaves @l out", Reader{}, kv{"@t", "2024-05-01T15:16:17.180Z", "@mt", "Charged {OrderId}", "OrderId", 42},
			"Charged {OrderId}", LevelInfo, "tag"},
		{"serilog compact event at Information answering a 4xx: still Information", Reader{}, kv{"@t", "2024-05-01T15:16:17.180Z", "@mt", "HTTP {RequestMethod} {RequestPath} responded {StatusCode}", "RequestMethod", "GET", "RequestPath", "/orders/7", "StatusCode", 404},
			"HTTP {RequestMethod} {RequestPath} responded {StatusCode} StatusCode=404", LevelInfo, "tag"},
		{"serilog compact event at Information answering a 5xx: an error", Reader{}, kv{"@t", "2024-05-01T15:16:17.180Z", "@mt", "HTTP {RequestMethod} {RequestPath} responded {StatusCode}", "RequestMethod", "GET", "RequestPath", "/orders/7", "StatusCode", 503},
			"HTTP {RequestMethod} {RequestPath} responded {StatusCode} StatusCode=503", LevelError, "tag"},
		{"a status key of another convention, with no level: the status's", Reader{}, kv{"msg", "request handled", "StatusCode", 404},
			"request handled StatusCode=404", LevelWarning, "tag"},
		{"serilog compact event in a container's log line", Reader{}, kv{"log", `{"@t":"2024-05-01T15:16:17.180Z","@m":"Charged 42","@i":"a1b2c3d4"}`, "stream", "stdout"},
			"Charged 42", LevelInfo, "tag"},
		{"a status in a document the message quotes is the document's", Reader{}, kv{"log.level", "DEBUG", "message", `[logs-nginx-000414] took[779ms], source[{"http":{"response":{"status_code":502}}}]`},
			`[logs-nginx-000414] took[779ms], source[{"http":{"response":{"status_code":502}}}]`, LevelDebug, "tag"},
		{"structlog, an id no quantity", Reader{}, kv{"event", "user logged in", "level", "info", "timestamp", "2024-05-01T15:16:17Z", "user_id", 42},
			"user logged in", LevelInfo, "tag"},
		{"an ECS event map is no message", Reader{}, kv{"message", "started", "event", kv{"kind", "event"}},
			"started", LevelUnknown, "tag"},
		{"configured keys", Reader{MessageKey: "text", LevelKey: "sev"}, kv{"sev", "E", "text", "boom", "log", "ignored"},
			"boom", LevelError, "tag"},
		{"no message key", Reader{AnnotationKey: "anomaly"}, kv{"status", 500, "path", "/pay", "anomaly", "old"},
			"path=/pay status=500", LevelError, "tag"},
		{"group_by value", Reader{GroupBy: "kubernetes.container_name"}, kv{"log", "x", "kubernetes", kv{"container_name", "api"}},
			"x", LevelUnknown, "api"},
		{"group_by missing falls back to tag", Reader{GroupBy: "service"}, kv{"log", "x"},
			"x", LevelUnknown, "tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, ok := chunk.NewBody(appendBody(nil, tc.body))
			if !ok {
				t.Fatal("bad test body")
			}
			var rec Record
			tc.reader.Read(body, "tag", &rec, nil)
			if rec.Message != tc.wantMsg || rec.Level != tc.wantLevel {
				t.Fatalf("got (%q, %v), want (%q, %v)", rec.Message, rec.Level, tc.wantMsg, tc.wantLevel)
			}
			if rec.Stream != tc.wantStream {
				t.Fatalf("stream %q, want %q", rec.Stream, tc.wantStream)
			}
		})
	}
}

// kv is a body map in key order.
type kv []any

// fieldOf returns the value of rec's text field name, "" when it has none.
func fieldOf(rec *Record, name string) string {
	for _, f := range rec.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// body returns the chunk body of b.
func body(t testing.TB, b kv) chunk.Body {
	t.Helper()
	out, ok := chunk.NewBody(appendBody(nil, b))
	if !ok {
		t.Fatal("bad test body")
	}
	return out
}

func appendBody(dst []byte, body kv) []byte {
	dst = chunk.AppendMapHeader(dst, len(body)/2)
	for i := 0; i < len(body); i += 2 {
		dst = chunk.AppendString(dst, body[i].(string))
		switch v := body[i+1].(type) {
		case string:
			dst = chunk.AppendString(dst, v)
		case int:
			dst = chunk.AppendInt(dst, int64(v))
		case float64:
			dst = chunk.AppendFloat64(dst, v)
		case kv:
			dst = appendBody(dst, v)
		case []any: // strings only
			dst = chunk.AppendArrayHeader(dst, len(v))
			for _, e := range v {
				dst = chunk.AppendString(dst, e.(string))
			}
		default:
			panic(fmt.Sprintf("unsupported %T", v))
		}
	}
	return dst
}

// A URL path is a category as its route: no query string, ids masked by segment.
func TestMaskPath(t *testing.T) {
	for in, want := range map[string]string{
		"/orders/7310014/items?page=2":        "/orders/#/items",
		"/search?q=linen+shirt":               "/search",
		"/v1/inventory":                       "/v1/inventory",
		"/img/p/classic-runner-4585-640.webp": "/img/p/#",
		"/blog/archive/2016/08/":              "/blog/archive/#/#/",
		"/":                                   "/",
		"/login#top":                          "/login",
	} {
		if got := string(maskPath(nil, []byte(in))); got != want {
			t.Errorf("maskPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// A text access log line's request gives its method and route as fields.
func TestRequestFieldsOfAnAccessLogLine(t *testing.T) {
	var rec Record
	requestFields(`api.example.com 10.0.0.1 - - [14/May/2024:09:00:39 +0200] "GET /v1/recommendations/8812?limit=5 HTTP/1.1" 502 157 "-" "curl/8" 0.004`, &rec)
	if len(rec.Fields) != 2 || rec.Fields[0] != (Field{Name: "method", Value: "GET"}) || rec.Fields[1] != (Field{Name: "path", Value: "/v1/recommendations/#"}) {
		t.Fatalf("fields %q", rec.Fields)
	}
	// An application's request line, without the protocol.
	for line, want := range map[string][2]string{
		`2024-03-19 10:00:03,123 INFO app.requests: GET /api/items/7310014?page=2 200 23ms`: {"GET", "/api/items/#"},
		`Started POST "/v1/orders" for 10.0.0.1 at 2024-03-19`:                              {"POST", "/v1/orders"},
		`DELETE /api/cart/5 204 - 1.2 ms`:                                                   {"DELETE", "/api/cart/#"},
	} {
		rec = Record{}
		requestFields(line, &rec)
		if len(rec.Fields) != 2 || rec.Fields[0] != (Field{Name: "method", Value: want[0]}) || rec.Fields[1] != (Field{Name: "path", Value: want[1]}) {
			t.Errorf("%q: fields %q, want method %s path %s", line, rec.Fields, want[0], want[1])
		}
	}
	for _, line := range []string{"no request here", `"get /x HTTP/1.1"`, `"GET x HTTP/1.1"`, `HTTP/1.1 200 without a request`,
		"copied /var/lib/app to /backup", "FORGET /x", "get /api/cart"} {
		rec = Record{}
		if requestFields(line, &rec); len(rec.Fields) != 0 {
			t.Errorf("%q: fields %q", line, rec.Fields)
		}
	}
}

// A name with an id in brackets names the operation a line reports on.
func TestOperationField(t *testing.T) {
	for line, want := range map[string]string{
		"Task search.tasks.reindex_product[7918ccad-805b-4afc-a942-4af5225b26db] succeeded in 1.1s: None": "search.tasks.reindex_product",
		"worker[3] stopped":                    "worker",
		"[http-nio-8080-exec-19] handled":      "",
		"Task x[abc] without digits in the id": "",
		"array[0]":                             "array",
		"no operation here":                    "",
	} {
		var rec Record
		operationField(line, &rec)
		got := ""
		if len(rec.Fields) == 1 && rec.Fields[0].Name == "operation" {
			got = rec.Fields[0].Value
		}
		if got != want || len(rec.Fields) > 1 {
			t.Errorf("%q: fields %q, want operation %q", line, rec.Fields, want)
		}
	}
}

// A record without a message (an access log parsed by Fluent Bit's nginx parser) is its
// fields: its short text fields are candidate categories as a message's are, the route
// with its ids masked, and the client's description is one variable of its template.
func TestFieldsOfARecordWithoutMessage(t *testing.T) {
	body, ok := chunk.NewBody(appendBody(nil, kv{"remote", "203.0.113.9", "method", "GET", "path", "/v1/orders/7310014?page=2",
		"code", "200", "size", "512", "referer", "-", "agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/125.0"}))
	if !ok {
		t.Fatal("bad test body")
	}
	var rec Record
	var r Reader
	r.Read(body, "tag", &rec, nil)
	want := map[string]string{"method": "GET", "path": "/v1/orders/#"}
	for _, f := range rec.Fields {
		if w, ok := want[f.Name]; ok && f.Value == w {
			delete(want, f.Name)
		}
		switch f.Name {
		case "agent", "remote", "code", "size":
			// The user agent is a variable; an address, a status and a size written as
			// text fold to their shape alone (the status and the size are numbers of
			// the template).
			t.Errorf("%s is a category: %q", f.Name, f.Value)
		}
	}
	if len(want) > 0 {
		t.Errorf("fields %q lack %v", rec.Fields, want)
	}
	if wantMsg := "agent=<*> code=200 method=GET path=/v1/orders/7310014?page=2 referer=<*> remote=203.0.113.9 size=512"; rec.Message != wantMsg {
		t.Errorf("message %q, want %q", rec.Message, wantMsg)
	}
}

// nginx's JSON logs write the request line in one field: its method and route are
// fields, once, whether the JSON is the record or the message of a Docker log line.
func TestRequestLineField(t *testing.T) {
	doc := `{"remote_addr":"10.0.0.1","request":"GET /search?q=boots HTTP/1.1","status":"200","request_time":"0.123"}`
	for _, b := range []kv{
		{"remote_addr", "10.0.0.1", "request", "GET /v1/orders/7310014?page=2 HTTP/2.0", "status", "200", "request_time", "0.123"},
		{"log", doc + "\n", "stream", "stdout"},
	} {
		var rec Record
		var r Reader
		r.Read(body(t, b), "tag", &rec, nil)
		methods, paths := 0, ""
		for _, f := range rec.Fields {
			switch f.Name {
			case "method":
				methods++
			case "path":
				paths += f.Value
			}
		}
		if methods != 1 || (paths != "/v1/orders/#" && paths != "/search") {
			t.Errorf("%v: fields %q, want one method and the route", b, rec.Fields)
		}
	}
}

// A text field is a category when it names something, in any script; one without a
// letter (a number, an address, "-") folds to its shape alone and is none.
func TestTextFieldsWithAndWithoutLetters(t *testing.T) {
	body, ok := chunk.NewBody(appendBody(nil, kv{"msg", "платёж отклонён", "component", "платежи", "pod", "api-7", "remote", "10.0.0.1", "user", "-"}))
	if !ok {
		t.Fatal("bad test body")
	}
	var rec Record
	var r Reader
	r.Read(body, "tag", &rec, nil)
	got := map[string]string{}
	for _, f := range rec.Fields {
		got[f.Name] = f.Value
	}
	if got["component"] != "платежи" || got["pod"] != "api-#" || len(got) != 2 {
		t.Errorf("fields %q, want component and pod only", rec.Fields)
	}
}

// A Kubernetes audit event: its status's level, and who did what as its categories. Its
// audit id and its user's uid, identifiers, are no categories: they took the places of
// the verb and the username.
func TestKubernetesAuditEvent(t *testing.T) {
	event := kv{"kind", "Event", "apiVersion", "audit.k8s.io/v1", "level", "Metadata", "auditID", "4d1a3c2e-1b2c-4d5e-8f90-0123456789ab", "stage", "ResponseComplete",
		"requestURI", "/api/v1/namespaces/shop/secrets/db-creds", "verb", "get",
		"user", kv{"username", "system:serviceaccount:shop:api", "uid", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "groups", []any{"system:serviceaccounts"}},
		"sourceIPs", []any{"10.0.0.1"}, "userAgent", "kubectl/v1.29.1",
		"objectRef", kv{"resource", "secrets", "namespace", "shop", "name", "db-creds", "apiVersion", "v1"},
		"responseStatus", kv{"metadata", kv{}, "status", "Failure", "reason", "Forbidden", "code", 403},
		"requestReceivedTimestamp", "2024-06-17T12:00:01.123456Z", "stageTimestamp", "2024-06-17T12:00:01.125456Z"}
	var rec Record
	var r Reader
	r.Read(body(t, event), "tag", &rec, nil)
	if rec.Level != LevelWarning {
		t.Errorf("level %v, want warning (a 403)", rec.Level)
	}
	got := map[string]string{}
	for _, f := range rec.Fields {
		got[f.Name] = f.Value
	}
	if got["verb"] != "get" || got["username"] != "system:serviceaccount:shop:api" {
		t.Errorf("fields %q, want the verb and the username among them", rec.Fields)
	}
	for _, id := range []string{"auditID", "uid", "requestReceivedTimestamp"} {
		if _, ok := got[id]; ok {
			t.Errorf("fields %q: %s is no category", rec.Fields, id)
		}
	}
	if strings.Contains(rec.Message, "Timestamp") {
		t.Errorf("message %q holds the event's times", rec.Message)
	}
}

// TestDetailMaps checks that the details a logger nests beside its message (MongoDB's
// attr) are read as a record's own fields are, in a record and in the JSON its log field
// holds: texts as categories, numbers as measurements but identifiers; maps nested
// deeper (the query's filter) are not read.
func TestDetailMaps(t *testing.T) {
	var r Reader
	var rec Record
	check := func(how string) {
		t.Helper()
		got := map[string]string{}
		for _, f := range rec.Fields {
			got[f.Name] = f.Value
		}
		if got["ns"] != "shop.carts" || got["planSummary"] != "COLLSCAN" || got["find"] != "" {
			t.Errorf("%s: fields %q, want ns and planSummary, not the command's", how, rec.Fields)
		}
		if !strings.HasPrefix(rec.Message, "Slow query docsExamined=2000000 durationMillis=1400") || strings.Contains(rec.Message, "connectionId") || strings.Contains(rec.Message, "limit") {
			t.Errorf("%s: message %q, want the measurements of attr and no identifier", how, rec.Message)
		}
	}
	r.Read(body(t, kv{"s", "I", "c", "COMMAND", "id", 51803, "msg", "Slow query", "attr", kv{"ns", "shop.carts", "command", kv{"find", "carts", "limit", 50}, "planSummary", "COLLSCAN", "connectionId", 184001, "docsExamined", 2000000, "durationMillis", 1400, "remote", "10.2.4.185:36534"}}), "tag", &rec, nil)
	check("record")
	r.Read(body(t, kv{"log", `{"t":{"$date":"2024-05-07T10:00:00.123+00:00"},"s":"I","c":"COMMAND","id":51803,"msg":"Slow query","attr":{"ns":"shop.carts","command":{"find":"carts","limit":50},"planSummary":"COLLSCAN","connectionId":184001,"docsExamined":2000000,"durationMillis":1400,"remote":"10.2.4.185:36534"}}`}), "tag", &rec, nil)
	check("embedded JSON")
}

// TestQuantityTextFields checks that a text field holding a number, bare or with its
// unit (a duration as Go's fmt writes one, a size), is a measurement like a numeric
// field, in the record and in the JSON its message holds, while an id named so, a
// hexadecimal id and a word are not.
func TestQuantityTextFields(t *testing.T) {
	var r Reader
	var rec Record
	r.Read(body(t, kv{"msg", "request completed", "latency", "23.456ms", "size", "18.4KB", "rows", "0", "order_id", "7310014", "state", "ready", "@sp", "0777978084750e4b", "version", "1.4.2"}), "tag", &rec, nil)
	for _, want := range []string{"latency=23.456ms", "rows=0", "size=18.4KB"} {
		if !strings.Contains(rec.Message, want) {
			t.Errorf("message %q lacks %q", rec.Message, want)
		}
	}
	// A span id that reads as a number of bytes ("0777978084750e4" and "b") is an id.
	for _, not := range []string{"order_id=", "state=", "@sp=", "version="} {
		if strings.Contains(rec.Message, not) {
			t.Errorf("message %q holds %q", rec.Message, not)
		}
	}
	r.Read(body(t, kv{"log", `{"level":"info","msg":"request completed","took":"1m30.5s","id":"42"}`}), "tag", &rec, nil)
	if !strings.Contains(rec.Message, "took=1m30.5s") || strings.Contains(rec.Message, "id=") {
		t.Errorf("message of embedded JSON %q, want took=1m30.5s and no id", rec.Message)
	}
}

// TestNestedRequest checks that a request's method and URL nested in a map (pino-http's
// req, GCP's httpRequest) are its method and route, and a nested response's status is
// read as a status, in a record and in the JSON its log field holds.
func TestNestedRequest(t *testing.T) {
	var r Reader
	var rec Record
	r.Read(body(t, kv{"level", 30, "msg", "request completed", "req", kv{"method", "GET", "url", "/api/items/7310014?x=1"}, "res", kv{"statusCode", 503}, "responseTime", 2.5}), "tag", &rec, nil)
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/api/items/#" {
		t.Errorf("fields %q, want the method and the route", rec.Fields)
	}
	if !strings.Contains(rec.Message, "statusCode=503") || rec.Level != LevelError {
		t.Errorf("message %q level %v, want statusCode=503 and an error", rec.Message, rec.Level)
	}
	r.Read(body(t, kv{"log", `{"severity":"INFO","message":"served","httpRequest":{"requestMethod":"POST","requestUrl":"https://shop.example.com/v1/orders/55?a=b","status":200}}`}), "tag", &rec, nil)
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/v1/orders/#" {
		t.Errorf("fields of embedded JSON %q, want POST /v1/orders/#", rec.Fields)
	}
	if !strings.Contains(rec.Message, "status=200") {
		t.Errorf("message of embedded JSON %q, want status=200", rec.Message)
	}
	// Another map is no request.
	r.Read(body(t, kv{"msg", "x", "kubernetes", kv{"method", "GET", "url", "/a"}}), "tag", &rec, nil)
	if rec.HasField("method") {
		t.Errorf("a kubernetes map read as a request: %q", rec.Fields)
	}
}

// TestECSRequest checks that a request written in the Elastic Common Schema, nested or
// with dotted keys, names its method, route and status.
func TestECSRequest(t *testing.T) {
	var r Reader
	var rec Record
	r.Read(body(t, kv{"log.level", "info", "message", "handled", "http", kv{"request", kv{"method", "GET"}, "response", kv{"status_code", 502}}, "url", kv{"path", "/api/items/7310014"}, "event", kv{"duration", 23000000}}), "tag", &rec, nil)
	if !strings.Contains(rec.Message, "event.duration=23000000") {
		t.Errorf("message %q lacks the event's duration", rec.Message)
	}
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/api/items/#" {
		t.Errorf("fields %q, want the method and the route", rec.Fields)
	}
	if !strings.Contains(rec.Message, "status_code=502") || rec.Level != LevelError {
		t.Errorf("message %q level %v, want status_code=502 and an error", rec.Message, rec.Level)
	}
	r.Read(body(t, kv{"log.level", "info", "message", "handled", "http.request.method", "POST", "url.original", "/v1/orders?x=1"}), "tag", &rec, nil)
	if !rec.HasField("method") || fieldOf(&rec, "path") != "/v1/orders" {
		t.Errorf("fields with dotted keys %q, want POST /v1/orders", rec.Fields)
	}
}

// TestEntryLines checks that a message a multiline parser joined keeps its entry's and its
// exceptions' lines, not its frames, for Java, Python and Go; one line stays as it is.
func TestEntryLines(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"payment failed\njava.net.SocketTimeoutException: Read timed out\n\tat com.shop.Client.call(Client.java:212)\n" +
			"\tat java.base/java.lang.Thread.run(Thread.java:1583)\nCaused by: java.io.IOException: reset\n\t... 23 more\n",
			"payment failed\njava.net.SocketTimeoutException: Read timed out\nCaused by: java.io.IOException: reset"},
		{"Traceback (most recent call last):\r\n  File \"/app/tasks.py\", line 42, in run\r\n    total = prices[sku]\r\nKeyError: 'SKU-1'",
			"Traceback (most recent call last):\nKeyError: 'SKU-1'"},
		{"panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\nexit status 2",
			"panic: runtime error: index out of range [3] with length 3"},
		{"[2024-07-15 10:12:03] production.ERROR: SQLSTATE[HY000] [1040] Too many connections {\"exception\":\"[object] (...)\n[stacktrace]\n" +
			"#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(767): Illuminate\\Database\\Connection->runQueryCallback()\n#1 {main}\n" +
			"[previous exception] [object] (PDOException(code: 1040): Too many connections at /var/www/Connector.php:65)\n[stacktrace]\n#0 /var/www/Connector.php(65): PDO->__construct()\n#1 {main}\n\"} ",
			"[2024-07-15 10:12:03] production.ERROR: SQLSTATE[HY000] [1040] Too many connections {\"exception\":\"[object] (...)\n[stacktrace]\n" +
				"[previous exception] [object] (PDOException(code: 1040): Too many connections at /var/www/Connector.php:65)\n[stacktrace]\n\"} "},
		{"[15-Jul-2024 10:01:01]  [pool www] pid 54\nscript_filename = /var/www/html/public/index.php\n[0x00007f3a30548650] execute() /var/www/Connection.php:420\n[0x00007f3a305485b0] run() /var/www/Connection.php:398",
			"[15-Jul-2024 10:01:01]  [pool www] pid 54\nscript_filename = /var/www/html/public/index.php"},
		{"  one indented line", "  one indented line"},
		{"\nERROR after a blank first line\n\tat x", "ERROR after a blank first line"},
		{"request handled in 12 ms", "request handled in 12 ms"},
	} {
		if got := entryLines(c.in); got != c.want {
			t.Errorf("entryLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMessageInDetailMapIsNoField: tracing-subscriber's JSON writes its message among
// the event's fields; read as the message, it is no text field of the record too.
func TestMessageInDetailMapIsNoField(t *testing.T) {
	var rec Record
	(&Reader{}).Read(body(t, kv{"level", "WARN", "fields", kv{"message", "slow request", "elapsed_ms", 1234}, "target", "api::handler"}), "tag", &rec, nil)
	if rec.HasField("message") || fieldOf(&rec, "target") != "api::handler" {
		t.Fatalf("fields %v, want target and no message", rec.Fields)
	}
}

// TestStatusWordLevelDoesNotAllocate: the status field is read for every record without a
// level, an upper-case word too.
func TestStatusWordLevelDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { statusWordLevel("ERROR") }); n != 0 {
		t.Errorf("statusWordLevel allocates %g times per call", n)
	}
	if statusWordLevel("ERROR") != LevelError || statusWordLevel("Failure") != LevelUnknown {
		t.Error("statusWordLevel reads ERROR as error and Failure as none")
	}
}

func TestSlowRequestReportLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"child 61 stopped for tracing", true},
		{"about to trace 61", true},
		{"finished trace of 61", true},
		{"[15-Jul-2024 10:09:12]  [pool www] pid 61", true},
		{"[11-Jul-2022 05:34:02]  [pool app-pool] pid 155", true},
		{"[pool www] child 61 started", false},
		{"child 61 exited with code 0 after 12.5 seconds from start", false},
		{"about to trace the request", false},
		{"finished trace of job-7", false},
		{"[15-Jul-2024 10:09:12]  [pool www] pid", false},
		{"worker [pool www] pid 61", false},
		{"", false},
	} {
		if got := SlowRequestReportLine(tc.line); got != tc.want {
			t.Errorf("SlowRequestReportLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestEventKeysAreTheFirstFields reads records with configured event keys: each value
// found is a field of its own, first and in the order configured, whatever its type and
// depth, taken whole; the same key is then no number of the message and no category found
// by itself; a key a record lacks, or whose value is a map, gives none.
func TestEventKeysAreTheFirstFields(t *testing.T) {
	r := Reader{EventKeys: []string{"kubernetes.labels.app", "error_code", "tenant", "resource:service.name"}}
	var rec Record
	b := kv{"msg", "charge declined", "error_code", 51, "tenant", "acme-042", "duration_ms", 35, "method", "POST", "path", "/v1/charges/88120",
		"kubernetes", kv{"labels", kv{"app", "billing"}, "pod_name", "billing-7d9f-x2k4q"}}
	r.Read(body(t, b), "tag", &rec, nil)
	want := []Field{
		{Name: "kubernetes.labels.app", Value: "billing", Event: true},
		{Name: "error_code", Value: "51", Event: true},
		{Name: "tenant", Value: "acme-042", Event: true},
		{Name: "method", Value: "POST"},
		{Name: "path", Value: "/v1/charges/#"},
	}
	if !slices.Equal(rec.Fields, want) {
		t.Errorf("fields %q, want %q", rec.Fields, want)
	}
	if rec.Message != "charge declined duration_ms=35" {
		t.Errorf("message %q: an event key's number is no measurement", rec.Message)
	}

	// The resource attribute of an OpenTelemetry record; a map and a missing key give none.
	ev := otlpEvent(t, kv{"attributes", kv{}}, kv{"msg", "charge declined", "error_code", kv{"issuer", 51}}, kv{"resource", kv{"attributes", kv{"service.name", "billing"}}})
	r.ReadEvent(ev, "tag", &rec, nil)
	want = []Field{{Name: "resource:service.name", Value: "billing", Event: true}}
	if !slices.Equal(rec.Fields, want) {
		t.Errorf("OpenTelemetry record: fields %q, want %q", rec.Fields, want)
	}

	// Without event keys, the same record: error_code a number, tenant folded.
	r = Reader{}
	r.Read(body(t, b), "tag", &rec, nil)
	if rec.Message != "charge declined duration_ms=35 error_code=51" || fieldOf(&rec, "tenant") != "acme-#" {
		t.Errorf("without event keys: message %q, fields %q", rec.Message, rec.Fields)
	}

	// A long value is cut; a value from JSON embedded in log is found.
	r = Reader{EventKeys: []string{"tenant"}}
	long := strings.Repeat("t", 2*MaxTextValue)
	r.Read(body(t, kv{"log", `{"msg":"charge declined","tenant":"` + long + `"}`}), "tag", &rec, nil)
	if len(rec.Fields) == 0 || rec.Fields[0] != (Field{Name: "tenant", Value: long[:MaxTextValue], Event: true}) {
		t.Errorf("embedded JSON with a long value: fields %q", rec.Fields)
	}
	// Cut between characters: "x" and 40 two-byte ones is cut to 63 bytes, not 64.
	long = "x" + strings.Repeat("é", 40)
	r.Read(body(t, kv{"msg", "charge declined", "tenant", long}), "tag", &rec, nil)
	if len(rec.Fields) == 0 || rec.Fields[0].Value != long[:MaxTextValue-1] {
		t.Errorf("a long value in two-byte characters: fields %q", rec.Fields)
	}
}

// TestEventKeysInTextLines reads an event key from a text line's pairs when the record
// has no such key: a logfmt line behind a container runtime's prefix, a klog line with a
// quoted value.
func TestEventKeysInTextLines(t *testing.T) {
	r := Reader{EventKeys: []string{"tenant", "pod", "resource:tenant"}}
	var rec Record
	for line, want := range map[string][]Field{
		`2024-06-03T10:00:00.098221278Z stderr F ts=2024-06-03T10:00:00.098Z level=info msg="request completed" subtenant=x tenant=hooli method=GET path=/v1/plans status=200`: {
			{Name: "tenant", Value: "hooli", Event: true}},
		`I0603 10:00:00.123456       1 controller.go:120] "Reconciled" pod="kube-system/coredns-5d78c" tenant="a \"b\" c"`: {
			{Name: "tenant", Value: `a \"b\" c`, Event: true}, {Name: "pod", Value: "kube-system/coredns-5d78c", Event: true}},
		`tenant= pod=`:          nil,
		`no pairs here, tenant`: nil,
	} {
		r.Read(body(t, kv{"log", line}), "tag", &rec, nil)
		var got []Field
		for _, f := range rec.Fields {
			if f.Event {
				got = append(got, f)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: event fields %q, want %q", line, got, want)
		}
	}
	// A record's own key comes first: the message's pair is not read.
	r.Read(body(t, kv{"msg", "request completed tenant=other", "tenant", "acme"}), "tag", &rec, nil)
	if len(rec.Fields) == 0 || rec.Fields[0] != (Field{Name: "tenant", Value: "acme", Event: true}) {
		t.Errorf("a record's key and a pair of its message: fields %q", rec.Fields)
	}
}

func TestCheckEventKeys(t *testing.T) {
	if err := CheckEventKeys([]string{"tenant", "kubernetes.labels.app", "resource:service.name", "error_code"}); err != nil {
		t.Errorf("four key paths: %v", err)
	}
	for _, bad := range [][]string{
		{"a", "b", "c", "d", "e"},
		{"tenant", "tenant"},
		{"resource:"},
	} {
		if err := CheckEventKeys(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
