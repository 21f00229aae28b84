package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
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
		{"Jun  9 06:06:20 combo sshd[1234]: Failed password", "2024-06-09T06:06:20Z"},
		{"no time here at all", ""},
		{"", ""},
		// JSON lines take the time of their time field, as a tail input's json parser
		// with a Time_Key does.
		{`{"time":"2026-11-20T00:00:00.013Z","level":"INFO","message":"ok"}`, "2026-11-20T00:00:00.013Z"},
		{`{"level":"info","ts":1700000000.5,"msg":"ok"}`, "2023-11-14T22:13:20.5Z"},
		{`{"msg":"ok","@timestamp":"2024-01-01T10:00:35+02:00"}`, "2024-01-01T08:00:35Z"},
		{`{"msg":"ok","timestamp":1700000000123}`, "2023-11-14T22:13:20.123Z"},
		{`{"msg":"ok","time_unix_nano":1700000000123456789}`, "2023-11-14T22:13:20.123456789Z"},
		{`{"log":"2024-01-01 10:00:35 INFO ok\n","stream":"stdout","time":"2024-01-01T10:00:36.5Z"}`, "2024-01-01T10:00:36.5Z"},
		{`{"msg":"no time field","count":3}`, ""},
		{`{"msg":"unparsable","time":"yesterday"}`, ""},
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
