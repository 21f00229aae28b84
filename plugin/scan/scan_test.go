package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

func TestLineTime(t *testing.T) {
	fallback := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		line string
		want string // RFC 3339 with nanoseconds, "" for none
	}{
		{"2024-01-01 10:00:35 CRITICAL Kernel panic", "2024-01-01T10:00:35Z"},
		{"2024-01-01T10:00:35.250Z INFO ok", "2024-01-01T10:00:35.25Z"},
		{"2024-01-01T10:00:35+02:00 INFO ok", "2024-01-01T08:00:35Z"},
		{"[2024-01-01 10:00:35,123] WARN x", "2024-01-01T10:00:35.123Z"},
		{"081109 203518 143 INFO dfs.DataNode: Receiving block", "2008-11-09T20:35:18Z"},
		{"- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x", ""},
		{`10.0.0.1 - - [14/May/2024:09:00:39 +0200] "GET / HTTP/1.1" 200 512`, "2024-05-14T07:00:39Z"},
		{`www.example.com 10.0.0.1 - frank [14/May/2024:09:00:39 +0000] "GET / HTTP/2.0" 200 512 "-" "curl/8"`, "2024-05-14T09:00:39Z"},
		// A container runtime's line: its CRI prefix's time, as Fluent Bit's cri parser
		// gives it, not the access log's to the second after it.
		{`2024-10-15T08:00:03.412345678Z stdout F 84.201.17.33 - - [15/Oct/2024:08:00:03 +0000] "GET /v1/tasks HTTP/1.1" 200 9120`, "2024-10-15T08:00:03.412345678Z"},
		{`2024-10-15T08:24:51.002345678Z stderr F 2024/10/15 08:24:51 [error] 4412#4412: *1482113 upstream timed out`, "2024-10-15T08:24:51.002345678Z"},
		{"Jun  9 06:06:20 combo sshd[1234]: Failed password", "2024-06-09T06:06:20Z"},
		// klog (Kubernetes components, controller-runtime): the level letter, then the
		// month and day without a year.
		{`I0319 14:25:15.298645       1 backup_controller.go:66] "Reconciling Backup"`, "2024-03-19T14:25:15.298645Z"},
		// Seconds since the epoch first: Squid's access log, Nagios'.
		{"1710842400.123    234 10.0.0.1 TCP_MISS/200 1234 GET http://example.com/ - HIER_DIRECT/1.2.3.4 text/html", "2024-03-19T10:00:00.123Z"},
		{"[1710842400] SERVICE ALERT: web-1;http;CRITICAL;HARD;3;timeout", "2024-03-19T10:00:00Z"},
		{"1234567 requests served", ""},
		{"1710842400.", ""},
		// The hour on 12 (.NET in a US culture), syslog with a year, PostgreSQL's %m in
		// a zone of whole hours.
		{"3/19/2024 1:00:00 PM Error: something", "2024-03-19T13:00:00Z"},
		{"Mar 19 2024 10:00:00 %ASA-4-106023: Deny tcp", "2024-03-19T10:00:00Z"},
		{"2024-03-19 10:00:00.123456+01 [1234] LOG: checkpoint starting", "2024-03-19T09:00:00.123456Z"},
		// NLog's default layout: fields joined by '|'.
		{"2024-03-19 10:00:00.1234|ERROR|App.Worker|Job failed", "2024-03-19T10:00:00.1234Z"},
		// CockroachDB's: the year too.
		{"E240617 10:00:00.123456 123 kv/kvserver/replica.go:123 [n1,s1,r5/1:/Table/5{3-4}] 45  replica unavailable", "2024-06-17T10:00:00.123456Z"},
		{"E0601 00:00:01.000001 7 main.go:12] failed", "2024-06-01T00:00:01.000001Z"},
		{"X0319 14:25:15.298645 not klog", "2024-06-01T14:25:15.298645Z"}, // only its time of day
		// PHP-FPM's and Tomcat's day-month-year.
		{"[20-Mar-2024 10:00:00] WARNING: [pool www] child 123 exited", "2024-03-20T10:00:00Z"},
		{"20-Mar-2024 10:00:00.123 INFO [main] org.apache.catalina.startup.Catalina.start", "2024-03-20T10:00:00.123Z"},
		// C's asctime (Apache's error log), Android's logcat, Spark's yy/MM/dd.
		{"[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708] AH00037: x", "2000-10-11T14:32:52.123456Z"},
		{"03-17 16:13:38.811  1702  2395 D WindowManager: visible", "2024-03-17T16:13:38.811Z"},
		{"17/06/09 20:10:40 INFO spark.SecurityManager: ok", "2017-06-09T20:10:40Z"},
		// A format without a date: the time of day in its header, on the day of the
		// line before (the fallback here).
		{"W 10:00:01.250 worker-3 queue slow", "2024-06-01T10:00:01.25Z"},
		{"[10:00:01] started", "2024-06-01T10:00:01Z"},
		{"job 1 took 25:00:00", ""},
		// Celery's default format: a colon after the time's fraction.
		{"[2024-03-20 00:30:00,356: INFO/MainProcess] Task started", "2024-03-20T00:30:00.356Z"},
		// A yearless date a little before the line before it is a line out of order,
		// not next year's (see TestYearlessTimesCrossNewYear).
		{"May 30 23:59:59 host cron[1]: late", "2024-05-30T23:59:59Z"},
		// Elasticsearch's bracketed header; Java's zone without a colon.
		{"[2024-05-01T15:16:17,180][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark", "2024-05-01T15:16:17.18Z"},
		{"2024-05-01T15:16:17.180+0200 ERROR [main] x", "2024-05-01T13:16:17.18Z"},
		{"2024-05-01 15:16:17.180-0500 WARN x", "2024-05-01T20:16:17.18Z"},
		// logfmt: the time among the first pairs (Docker's daemon, go-kit's loggers),
		// not a time key deep in the message.
		{`time="2024-05-01T15:16:17.180000000Z" level=warning msg="failed to get endpoint" module=libnetwork`, "2024-05-01T15:16:17.18Z"},
		{"level=error ts=2024-05-01T15:16:17.180Z caller=main.go:1 msg=boom", "2024-05-01T15:16:17.18Z"},
		{"level=info ts=1714576577.25 msg=ok", "2024-05-01T15:16:17.25Z"},
		{"job finished for user=x after=3 attempts time=2024-05-01T15:16:17Z", ""},
		// Grafana's: the request's context first.
		{`logger=context userId=0 orgId=1 uname=admin t=2024-06-17T12:00:01.123+00:00 level=error msg="Request Completed" method=GET path=/api/ds status=500`, "2024-06-17T12:00:01.123Z"},
		// Behind the source a collector writes first: a pod's name, kubectl logs --prefix.
		{`argocd-repo-server-6d8f7c9b54-x2xqz time="2024-07-08T08:00:03Z" level=info msg="finished unary call with code OK"`, "2024-07-08T08:00:03Z"},
		{"[pod/api-0/api] level=warn ts=2024-05-01T15:16:17.180Z caller=main.go:1 msg=x", "2024-05-01T15:16:17.18Z"},
		// Tabs between the header's fields: zap's console encoder, Istio's pilot-agent.
		{"2024-06-12T09:49:23.000442Z\tinfo\tcache\tgenerated new workload certificate", "2024-06-12T09:49:23.000442Z"},
		{"2024-06-12T09:49:23.000Z\tINFO\tcontroller-runtime.metrics\tStarting metrics server", "2024-06-12T09:49:23Z"},
		// java.util.logging's two-line format: the time on the entry's first line.
		{"Jun 17, 2024 12:00:01 PM org.apache.catalina.core.StandardContext startInternal", "2024-06-17T12:00:01Z"},
		{"Jun 17, 2024 3:04:05 AM org.apache.catalina.startup.Catalina start", "2024-06-17T03:04:05Z"},
		// Ruby's Time#to_s: the zone after a space.
		{"2024-06-17 12:00:01 +0200 worker started", "2024-06-17T10:00:01Z"},
		// A coloured header (a logger that believes it writes to a terminal).
		{"\x1b[2m2024-06-17T12:00:01.123Z\x1b[0m \x1b[33m WARN\x1b[0m slow query", "2024-06-17T12:00:01.123Z"},
		{"no time here at all", ""},
		{"", ""},
		// JSON lines take the time of their time field, as a tail input's json parser
		// with a Time_Key does.
		{`{"time":"2026-11-20T00:00:00.013Z","level":"INFO","message":"ok"}`, "2026-11-20T00:00:00.013Z"},
		{`{"level":"info","ts":1700000000.5,"msg":"ok"}`, "2023-11-14T22:13:20.5Z"},
		{`{"msg":"ok","@timestamp":"2024-01-01T10:00:35+02:00"}`, "2024-01-01T08:00:35Z"},
		{`{"msg":"ok","timestamp":1700000000123}`, "2023-11-14T22:13:20.123Z"},
		{`{"msg":"ok","time_unix_nano":1700000000123456789}`, "2023-11-14T22:13:20.123456789Z"},
		// log4j2's JsonLayout, python-json-logger.
		{`{"instant":{"epochSecond":1718625600,"nanoOfSecond":28000000},"level":"INFO","message":"ok","timeMillis":1718625600028}`, "2024-06-17T12:00:00.028Z"},
		{`{"level":"INFO","message":"ok","timeMillis":1718625600028}`, "2024-06-17T12:00:00.028Z"},
		{`{"asctime": "2024-06-17 12:00:01,123", "levelname": "WARNING", "message": "slow"}`, "2024-06-17T12:00:01.123Z"},
		{`{"log":"2024-01-01 10:00:35 INFO ok\n","stream":"stdout","time":"2024-01-01T10:00:36.5Z"}`, "2024-01-01T10:00:36.5Z"},
		// MongoDB's structured log: extended JSON dates.
		{`{"t":{"$date":"2024-05-01T15:16:17.180+00:00"},"s":"I","c":"NETWORK","id":22943,"msg":"Connection accepted"}`, "2024-05-01T15:16:17.18Z"},
		{`{"t":{"$date":{"$numberLong":"1714576577180"}},"s":"W","msg":"slow"}`, "2024-05-01T15:16:17.18Z"},
		// Access logs written as JSON: nginx's $time_local, Envoy's start_time.
		{`{"time_local":"14/May/2024:08:30:00 +0200","request":"GET / HTTP/1.1","status":"200"}`, "2024-05-14T06:30:00Z"},
		{`{"start_time":"2024-05-01T15:16:17.180Z","method":"GET","path":"/","response_code":200}`, "2024-05-01T15:16:17.18Z"},
		// Windows events as Fluent Bit's winevtlog and winlog inputs write them.
		{`{"ProviderName":"Service Control Manager","EventID":7036,"Level":4,"TimeCreated":"2024-06-17 08:00:00 +0000","EventRecordID":100001,"Channel":"System","Message":"The service entered the running state."}`, "2024-06-17T08:00:00Z"},
		{`{"RecordNumber":1,"TimeGenerated":"2024-06-17 08:00:00 +0000","TimeWritten":"2024-06-17 08:00:01 +0000","EventId":7036,"EventType":"Information","Channel":"System","SourceName":"Service Control Manager","Message":"ok"}`, "2024-06-17T08:00:00Z"},
		// A Kubernetes audit event: when the API server received the request.
		{`{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"4d1a3c2e","verb":"get","requestReceivedTimestamp":"2024-06-17T12:00:01.123456Z","stageTimestamp":"2024-06-17T12:00:01.125456Z"}`, "2024-06-17T12:00:01.123456Z"},
		{`{"msg":"no time field","count":3}`, ""},
		{`{"msg":"backup at 12:30:45 done"}`, ""}, // a time of day in a value is no line time
		{`{"msg":"unparsable","time":"yesterday"}`, ""},
		// Numbers since the epoch written as strings; a short one is no time.
		{`{"msg":"ok","ts":"1700000000.5"}`, "2023-11-14T22:13:20.5Z"},
		{`{"msg":"ok","time":"1700000000123"}`, "2023-11-14T22:13:20.123Z"},
		{`{"msg":"ok","date":"20240101"}`, ""},
		{`{"msg":"ok","ts":"1.7e9"}`, ""},
		// journalctl -o json: microseconds as strings; the source time when the entry has
		// one (wherever it comes), else the reception time, before any logged field.
		{`{"__CURSOR":"s=6f1e;i=1a2b;b=9c0d;m=4242;t=5f0a;x=77","__REALTIME_TIMESTAMP":"1700000000123456","__MONOTONIC_TIMESTAMP":"4242000","PRIORITY":"6","MESSAGE":"Started Session 1 of User root."}`, "2023-11-14T22:13:20.123456Z"},
		{`{"__REALTIME_TIMESTAMP":"1700000000500000","PRIORITY":"4","MESSAGE":"eth0: link down","_SOURCE_REALTIME_TIMESTAMP":"1700000000123456"}`, "2023-11-14T22:13:20.123456Z"},
		{`{"__REALTIME_TIMESTAMP":"1700000000500000","MESSAGE":"job done","TIMESTAMP":"2020-01-01T00:00:00Z"}`, "2023-11-14T22:13:20.5Z"},
		{`{"MESSAGE":"job done","TIMESTAMP":"2020-01-01T00:00:00Z","__REALTIME_TIMESTAMP":"1700000000500000"}`, "2023-11-14T22:13:20.5Z"},
		// Fluent Bit's systemd input with Lowercase On.
		{`{"_source_realtime_timestamp":"1700000000123456","message":"ok"}`, "2023-11-14T22:13:20.123456Z"},
	}
	for _, tc := range cases {
		got, ok := lineTime([]byte(tc.line), fallback)
		gotS := ""
		if ok {
			gotS = got.UTC().Format(time.RFC3339Nano)
		}
		if gotS != tc.want {
			t.Errorf("%q: got %q, want %q", tc.line, gotS, tc.want)
		}
	}
}

// A time of day without a date is on the line before's day, the next day past
// midnight.
func TestTimeOfDayCrossesMidnight(t *testing.T) {
	before := time.Date(2024, 6, 1, 23, 59, 59, 0, time.UTC)
	got, ok := lineTime([]byte("[00:00:02] tick"), before)
	if want := time.Date(2024, 6, 2, 0, 0, 2, 0, time.UTC); !ok || !got.Equal(want) {
		t.Fatalf("got %v %v, want %v", got, ok, want)
	}
	got, ok = lineTime([]byte("[23:59:58] a line out of order"), before)
	if want := time.Date(2024, 6, 1, 23, 59, 58, 0, time.UTC); !ok || !got.Equal(want) {
		t.Fatalf("got %v %v, want %v", got, ok, want)
	}
}

// Timestamps without a year take the year of Options.Year for the first line, then the
// year of the line before, and move on a year at New Year.
func TestYearlessTimesCrossNewYear(t *testing.T) {
	in := "Dec 31 23:59:58 host cron[1]: a\nI1231 23:59:59.500000 1 x.go:1] b\nJan  1 00:00:01 host cron[1]: c\nI0101 00:00:02.000000 1 x.go:1] d\n"
	var out bytes.Buffer
	if _, err := Run(strings.NewReader(in), &out, Options{Config: defaultConfig(t), Format: FormatJSON, Year: 2023}); err != nil {
		t.Fatal(err)
	}
	want := []string{"2023-12-31T23:59:58Z", "2023-12-31T23:59:59.5Z", "2024-01-01T00:00:01Z", "2024-01-01T00:00:02Z"}
	sc := bufio.NewScanner(&out)
	for i := 0; sc.Scan(); i++ {
		var rec struct{ Date float64 }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		sec, frac := math.Modf(rec.Date)
		got := time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC().Format(time.RFC3339Nano)
		if i >= len(want) || got != want[i] {
			t.Fatalf("line %d: date %s, want %v", i+1, got, want)
		}
	}
}

// A file written on Windows may start with a byte order mark: its first line keeps its
// time and its message.
func TestByteOrderMarkIsNoPartOfTheFirstLine(t *testing.T) {
	in := "\ufeff2024-06-17 12:00:01 ERROR disk full\n2024-06-17 12:00:02 INFO ok\n"
	var out bytes.Buffer
	if _, err := Run(strings.NewReader(in), &out, Options{Config: defaultConfig(t), Format: FormatJSON}); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	var rec struct {
		Date float64
		Log  string
	}
	if err := json.Unmarshal([]byte(first), &rec); err != nil {
		t.Fatal(err)
	}
	if got := time.Unix(int64(rec.Date), 0).UTC().Format(time.RFC3339); got != "2024-06-17T12:00:01Z" || rec.Log != "2024-06-17 12:00:01 ERROR disk full" {
		t.Errorf("first line read as %q at %s", rec.Log, got)
	}
}

func TestJSONLinesKeepTheirFieldsInOrder(t *testing.T) {
	line := []byte(`{"time":"2024-01-01T10:00:00Z","level":"error","msg":"db down","attempt":3,"ratio":0.5,"ok":false,"tags":["a","b"],"ctx":{"user":null}}`)
	data := appendRecord(nil, line, time.Unix(1704103200, 0))
	var ev chunk.Event
	dec := chunk.NewDecoder(data)
	if !dec.Next(&ev) || ev.Kind != chunk.Record {
		t.Fatal("not a record")
	}
	got := string(chunk.AppendJSON(nil, &ev, ""))
	want := `{"date":1704103200.0,` + string(line[1:])
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// A broken JSON line stays text.
	data = appendRecord(nil, []byte(`{"msg": "unterminated`), time.Unix(0, 0))
	dec = chunk.NewDecoder(data)
	dec.Next(&ev)
	if v, ok := ev.Body.Get("log"); !ok || v.Text() != `{"msg": "unterminated` {
		t.Fatalf("broken JSON line not kept as log: %v", ev.Body.Len())
	}
}

func TestLongLinesAreCutNotLost(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+100)
	r := bufio.NewReaderSize(strings.NewReader(long+"\nnext\n"), 4096)
	first, err := readLine(r)
	if err != nil || len(first) != MaxLineBytes {
		t.Fatalf("first line: %d bytes, %v", len(first), err)
	}
	second, err := readLine(r)
	if err != nil || string(second) != "next" {
		t.Fatalf("second line %q, %v", second, err)
	}
}

func TestScanPrintsEveryLineOnceAsJSON(t *testing.T) {
	cfg, err := config.Parse(config.MapLookup(map[string]string{"warmup": "4"}))
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for i := 0; i < 3000; i++ { // more than one chunk
		in.WriteString("2024-01-01 10:00:00 INFO request served\n")
	}
	in.WriteString("no newline at the end")
	for _, batch := range []bool{false, true} {
		var out bytes.Buffer
		sum, err := Run(strings.NewReader(in.String()), &out, Options{Config: cfg, Batch: batch, Format: FormatJSON})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if sum.Lines != 3001 || len(lines) != 3001 {
			t.Fatalf("batch=%v: %d lines counted, %d printed", batch, sum.Lines, len(lines))
		}
		var last map[string]any
		if err := json.Unmarshal([]byte(lines[3000]), &last); err != nil {
			t.Fatal(err)
		}
		if last["log"] != "no newline at the end" || last["anomaly"] == nil {
			t.Fatalf("last record %v", last)
		}
		if batch && sum.Learning != 0 {
			t.Fatalf("a batch scan leaves %d records learning", sum.Learning)
		}
	}
}

// journalExport writes entries as `journalctl -o json` does, one a second from t0: every
// field a string, __REALTIME_TIMESTAMP in microseconds near the start; an entry given a
// source time gets _SOURCE_REALTIME_TIMESTAMP 200 ms before it was received.
func journalExport(t0 time.Time, entries []journalEntry) string {
	var b strings.Builder
	for i, e := range entries {
		at := t0.Add(time.Duration(i) * time.Second)
		fields := []string{
			`"__CURSOR":"s=6f1e2a;i=` + strconv.Itoa(4096+i) + `;b=9c0d;m=` + strconv.Itoa(1000+i) + `;t=` + strconv.FormatInt(at.UnixMicro(), 16) + `;x=77"`,
			`"__REALTIME_TIMESTAMP":"` + strconv.FormatInt(at.UnixMicro(), 10) + `"`,
			`"__MONOTONIC_TIMESTAMP":"` + strconv.Itoa(4242000+i*1000000) + `"`,
			`"_BOOT_ID":"9c0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"`,
			`"PRIORITY":"` + e.priority + `"`,
			`"SYSLOG_IDENTIFIER":"` + e.unit + `"`,
			`"_PID":"` + strconv.Itoa(700+i%3) + `"`,
			`"_SYSTEMD_UNIT":"` + e.unit + `.service"`,
			`"MESSAGE":"` + e.message + `"`,
		}
		if e.sourceTime {
			fields = append(fields, `"_SOURCE_REALTIME_TIMESTAMP":"`+strconv.FormatInt(at.Add(-200*time.Millisecond).UnixMicro(), 10)+`"`)
		}
		b.WriteString("{" + strings.Join(fields, ",") + "}\n")
	}
	return b.String()
}

type journalEntry struct {
	priority, unit, message string
	sourceTime              bool
}

// A journal export scans with the journal's times and PRIORITY's levels: before journald's
// time fields were read, every entry was placed at time 0.
func TestScanJournalExport(t *testing.T) {
	cfg, err := config.Parse(config.MapLookup(map[string]string{"warmup": "16"}))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	var entries []journalEntry
	for i := 0; i < 120; i++ {
		switch i % 3 {
		case 0:
			entries = append(entries, journalEntry{"6", "sshd", "Accepted publickey for deploy from 10.0.0." + strconv.Itoa(i%7) + " port 5" + strconv.Itoa(1000+i) + " ssh2", false})
		case 1:
			entries = append(entries, journalEntry{"6", "systemd", "Started Session " + strconv.Itoa(i) + " of User deploy.", false})
		default:
			entries = append(entries, journalEntry{"5", "kernel", "audit: type=1400 audit(" + strconv.Itoa(1717228800+i) + ".123:" + strconv.Itoa(i) + "): apparmor=\\\"STATUS\\\"", true})
		}
	}
	const panicAt = 100
	entries[panicAt] = journalEntry{"2", "kernel", "Kernel panic - not syncing: Fatal exception in interrupt", true}
	in := journalExport(t0, entries)

	var out bytes.Buffer
	sum, err := Run(strings.NewReader(in), &out, Options{Config: cfg, Format: FormatJSON, Tag: "journal"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if sum.Lines != len(entries) || len(lines) != len(entries) {
		t.Fatalf("%d entries, %d lines counted, %d printed", len(entries), sum.Lines, len(lines))
	}
	for i, l := range lines {
		var rec struct {
			Date    float64 `json:"date"`
			Anomaly struct {
				Flag  bool   `json:"flag"`
				Level string `json:"level"`
			} `json:"anomaly"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		// The event time is the source time when the entry has one.
		want := t0.Add(time.Duration(i) * time.Second)
		if entries[i].sourceTime {
			want = want.Add(-200 * time.Millisecond)
		}
		if got := time.UnixMicro(int64(math.Round(rec.Date * 1e6))).UTC(); !got.Equal(want) {
			t.Errorf("entry %d at %s, want %s", i, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
		}
		// PRIORITY 2 is critical: flagged whatever the model says, its level reported.
		if i == panicAt && (!rec.Anomaly.Flag || rec.Anomaly.Level != "critical") {
			t.Errorf("the kernel panic (PRIORITY 2): flag %v, level %q; want flagged, level critical", rec.Anomaly.Flag, rec.Anomaly.Level)
		}
	}
	if sum.Flagged == 0 || sum.Learning >= len(entries) {
		t.Errorf("summary %+v: want the panic flagged and the streams scored after warmup", sum)
	}
}

// The year of a file's yearless times comes from the first time in it that has one.
func TestFileYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		year int
		ok   bool
	}{
		{"I0319 14:05:00.000000 1 x.go:1] a\nI0319 14:05:01.000000 1 x.go:1] b\n2024/03/19 14:05:35 http: TLS handshake error\n", 2024, true},
		{"Jun 14 15:16:01 host sshd[1]: a\n{\"ts\":1700000000.5,\"msg\":\"b\"}\n", 2023, true},
		{"Jun 14 15:16:01 host sshd[1]: a\n[10:00:01] started\nno time\n", 0, false},
		{"", 0, false},
	} {
		year, ok := FileYear(strings.NewReader(tc.in))
		if year != tc.year || ok != tc.ok {
			t.Errorf("%q: %d %v, want %d %v", tc.in, year, ok, tc.year, tc.ok)
		}
	}
}

// A chunk ends at linesPerChunk lines or at maxChunkBytes, whichever comes first, so that
// a file of long lines is scanned in chunks of Fluent Bit's size, not of a thousand
// lines (2,500 lines of 100 KB took a gigabyte).
func TestChunksAreBoundedInBytes(t *testing.T) {
	for _, tc := range []struct {
		lines, size int
		full        bool
	}{
		{1, 100, false},
		{linesPerChunk - 1, 300 << 10, false},
		{linesPerChunk, 300 << 10, true},
		{21, 21 * 100 << 10, true}, // 21 lines of 100 KB
		{20, 20 * 100 << 10, false},
		{1, maxChunkBytes, true}, // one line as long as a chunk
	} {
		if got := chunkFull(tc.lines, tc.size); got != tc.full {
			t.Errorf("chunkFull(%d lines, %d bytes) = %v, want %v", tc.lines, tc.size, got, tc.full)
		}
	}
}
