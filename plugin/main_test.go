package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// The seed's sample: a burst of database failures and a kernel panic among ordinary lines.
const seedSample = `2024-01-01 10:00:01 INFO Application started
2024-01-01 10:00:05 INFO User logged in
2024-01-01 10:00:10 WARNING High memory usage
2024-01-01 10:00:15 ERROR Database connection failed
2024-01-01 10:00:18 ERROR Database connection failed
2024-01-01 10:00:20 ERROR Database connection failed
2024-01-01 10:00:22 ERROR Database connection failed
2024-01-01 10:00:30 INFO Retrying connection
2024-01-01 10:00:35 CRITICAL Kernel panic detected - unexpected shutdown
`

func TestCommandExitCodes(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "system_logs.txt")
	os.WriteFile(logs, []byte(seedSample), 0o644)
	model := filepath.Join(dir, "model.bin")
	cases := []struct {
		name string
		args []string
		code int
		out  string // expected in stdout
		err  string // expected in stderr
	}{
		{"no command", nil, 2, "", "Commands:"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"keys", []string{"keys"}, 0, "forward_address", ""},
		{"scan table", []string{"scan", "-format", "table", logs}, 0, "Kernel panic detected", "9 lines"},
		{"scan gate", []string{"scan", "-fail", "-anomalies", "-format", "json", logs}, exitAnomalies, `"flag":true`, "flagged"},
		{"flags after the file", []string{"scan", logs, "-format", "json", "-anomalies"}, 0, `"flag":true`, "flagged"},
		{"bad setting", []string{"scan", "-set", "contamination=2", logs}, 2, "", "contamination must be auto or a rate in (0, 0.5]"},
		{"misspelt setting", []string{"scan", "-set", "contamnation=0.1", logs}, 2, "", `unknown key "contamnation" (did you mean contamination?)`},
		{"setting set twice", []string{"scan", "-set", "trees=10", "-set", "trees=20", logs}, 2, "", "trees is set 2 times"},
		{"a list setting once per item", []string{"scan", "-set", "features=level", "-set", "features=length", "-format", "json", logs}, 0, `"flag":true`, ""},
		{"a list setting's items all read", []string{"scan", "-set", "event_keys=a,b", "-set", "event_keys=c", "-set", "event_keys=d,e", logs}, 2, "", `(at most 4 keys), got "a,b,c,d,e"`},
		{"missing file", []string{"scan", filepath.Join(dir, "nope.log")}, 1, "", "no such file"},
		{"stdin", []string{"scan", "-format", "json", "-"}, 0, `"log":"2024-01-01 10:00:01 INFO Application started"`, ""},
		{"train too little", []string{"train", "-o", model, logs}, 1, "", "too few"},
		{"train", []string{"train", "-set", "warmup=4", "-o", model, logs}, 0, "model written to", ""},
		{"scan with model", []string{"scan", "-mode", "stream", "-set", "warmup=4", "-set", "model_file=" + model, "-format", "json", logs}, 0, `"status":"scored"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(seedSample), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
			if slices.Contains(tc.args, "-anomalies") && strings.Contains(stdout.String(), `"flag":false`) {
				t.Fatalf("-anomalies printed an unflagged record: %s", stdout.String())
			}
			if !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.err) {
				t.Fatalf("stdout %q\nstderr %q\nwant %q and %q", stdout.String(), stderr.String(), tc.out, tc.err)
			}
		})
	}
}

// A syslog or klog time has no year: a file's lines are read in the year the file was
// last written, so a log scanned after New Year keeps last year's dates.
func TestScanGivesYearlessTimesTheFilesYear(t *testing.T) {
	logs := filepath.Join(t.TempDir(), "syslog")
	os.WriteFile(logs, []byte("Dec 31 23:59:58 host cron[1]: job started\n"), 0o644)
	written := time.Date(2021, 12, 31, 23, 59, 59, 0, time.UTC)
	if err := os.Chtimes(logs, written, written); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scan", "-format", "json", logs}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	// 2021-12-31T23:59:58Z in seconds since the epoch.
	if want := `"date":1640995198.0,`; !strings.Contains(stdout.String(), want) {
		t.Fatalf("got %s, want %s", stdout.String(), want)
	}
}

// A rotated log compressed with gzip (logrotate's app.log.2.gz, the kubelet's rotated
// container logs) is scanned as the log it holds, from a file or from standard input,
// and its yearless times take the file's year as a plain file's do; so is a log exported
// as UTF-16.
func TestScanReadsGzipAndUTF16(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "system_logs.txt")
	os.WriteFile(plain, []byte(seedSample), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(seedSample))
	zw.Close()
	packed := filepath.Join(dir, "system_logs.txt.1.gz")
	os.WriteFile(packed, gz.Bytes(), 0o644)
	scanOf := func(args []string, stdin []byte) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"scan", "-mode", "stream", "-format", "json"}, args...), bytes.NewReader(stdin), &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	want := scanOf([]string{plain}, nil)
	if !strings.Contains(want, "Kernel panic detected") {
		t.Fatalf("plain scan: %s", want)
	}
	if got := scanOf([]string{packed}, nil); got != want {
		t.Errorf("gzip file:\n%s\nwant\n%s", got, want)
	}
	if got := scanOf([]string{"-"}, gz.Bytes()); got != want {
		t.Errorf("gzip on standard input:\n%s\nwant\n%s", got, want)
	}

	syslog := filepath.Join(dir, "syslog.2.gz")
	gz.Reset()
	zw = gzip.NewWriter(&gz)
	zw.Write([]byte("Dec 31 23:59:58 host cron[1]: job started\n"))
	zw.Close()
	os.WriteFile(syslog, gz.Bytes(), 0o644)
	written := time.Date(2021, 12, 31, 23, 59, 59, 0, time.UTC)
	if err := os.Chtimes(syslog, written, written); err != nil {
		t.Fatal(err)
	}
	if got, want := scanOf([]string{syslog}, nil), `"date":1640995198.0,`; !strings.Contains(got, want) {
		t.Errorf("got %s, want %s", got, want)
	}

	// Windows PowerShell 5.1 writes UTF-16 with a byte order mark (> and Out-File).
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		u16 := order.AppendUint16(nil, 0xfeff)
		for _, c := range utf16.Encode([]rune(seedSample)) {
			u16 = order.AppendUint16(u16, c)
		}
		exported := filepath.Join(dir, "export.log")
		os.WriteFile(exported, u16, 0o644)
		if got := scanOf([]string{exported}, nil); got != want {
			t.Errorf("UTF-16 (%v):\n%s\nwant\n%s", order, got, want)
		}
	}

	broken := filepath.Join(dir, "broken.gz")
	os.WriteFile(broken, []byte{0x1f, 0x8b, 0, 0}, 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scan", broken}, nil, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "broken.gz") {
		t.Errorf("a broken gzip file: exit %d, stderr %q", code, stderr.String())
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pluginBuild.dir != "" {
		os.RemoveAll(pluginBuild.dir)
	}
	os.Exit(code)
}
