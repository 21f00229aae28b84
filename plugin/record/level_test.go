package record

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
)

func TestParseLevel(t *testing.T) {
	cases := []struct {
		in   string
		want Level
	}{
		{"ERROR", LevelError}, {"[ERROR]", LevelError}, {"error", LevelError}, {"err", LevelError},
		{"eror", LevelError}, {"E", LevelError}, {"e", LevelError}, {"SEVERE", LevelError},
		{"W", LevelWarning}, {"WARN", LevelWarning}, {"Warning", LevelWarning}, {"<warn>", LevelWarning},
		{"FATAL", LevelCritical}, {"CRIT", LevelCritical}, {"critical", LevelCritical}, {"F", LevelCritical},
		{"panic", LevelAlert}, {"EMERG", LevelAlert}, {"alert", LevelAlert},
		{"INFO", LevelInfo}, {"information", LevelInfo}, {"I", LevelInfo}, {"notice", LevelNotice},
		{"DEBUG", LevelDebug}, {"D", LevelDebug}, {"trace", LevelTrace}, {"V", LevelTrace},
		// Syslog severities.
		{"0", LevelAlert}, {"2", LevelCritical}, {"3", LevelError}, {"4", LevelWarning},
		{"5", LevelNotice}, {"6", LevelInfo}, {"7", LevelDebug},
		// Bunyan/pino levels.
		{"10", LevelTrace}, {"30", LevelInfo}, {"40", LevelWarning}, {"50", LevelError}, {"60", LevelCritical},
		// Not levels.
		{"", LevelUnknown}, {"8", LevelUnknown}, {"70", LevelUnknown}, {"hello", LevelUnknown},
		{"errors and more", LevelUnknown}, {"[]", LevelUnknown}, {strings.Repeat("x", 100), LevelUnknown},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := ParseLevel(c.in); got != c.want {
				t.Errorf("ParseLevel(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func TestLevelInText(t *testing.T) {
	cases := []struct {
		line string
		want Level
		rest string
	}{
		{"2024-01-01 10:00:35 CRITICAL Kernel panic detected - unexpected shutdown", LevelCritical, "Kernel panic detected - unexpected shutdown"},
		{"2024-01-01 10:00:01 INFO Application started", LevelInfo, "Application started"},
		{"2024-01-01 10:00:01 [ERROR] disk full", LevelError, "disk full"},
		{"E0312 10:00:00.000000       1 reflector.go:138] watch failed", LevelError, "10:00:00.000000       1 reflector.go:138] watch failed"},
		{"2024-03-19 10:00:00.1234|ERROR|App.Worker|Job failed", LevelError, "|App.Worker|Job failed"},
		// A shell's report of a process a signal killed.
		{"Killed", LevelCritical, "Killed"},
		{"Segmentation fault (core dumped)", LevelCritical, "Segmentation fault (core dumped)"},
		{"/entrypoint.sh: line 12:    42 Killed                  python app.py", LevelCritical, "/entrypoint.sh: line 12:    42 Killed                  python app.py"},
		{"/entrypoint.sh: line 12: 42 Aborted (core dumped) ./server", LevelCritical, "/entrypoint.sh: line 12: 42 Aborted (core dumped) ./server"},
		{"Killed process 1234 (java) total-vm:123kB", LevelUnknown, ""},
		{"run.sh: line 3: cd: /nope: No such file or directory", LevelUnknown, ""},
		{"Completed 500 Internal Server Error in 12ms (ActiveRecord: 1.2ms)", LevelError, "Completed 500 Internal Server Error in 12ms (ActiveRecord: 1.2ms)"},
		{"[8f3c] Completed 500 Internal Server Error in 12ms", LevelError, "[8f3c] Completed 500 Internal Server Error in 12ms"},
		{"[19-Mar-2024 10:00:00 UTC] PHP Fatal error:  Uncaught Exception: boom", LevelCritical, "error:  Uncaught Exception: boom"},
		{"2024-03-19 10:00:00.1234|Info|App.Worker|Job done", LevelInfo, "|App.Worker|Job done"},
		{"W240617 10:00:00.123456 123 server/node.go:12 ⋮ [n1] 46  disk slow", LevelWarning, "10:00:00.123456 123 server/node.go:12 ⋮ [n1] 46  disk slow"},
		{"E24061 10:00:00 five digits are no klog header", LevelUnknown, "E24061 10:00:00 five digits are no klog header"},
		{"W0312 10:00:00.000000 1 main.go:1] slow", LevelWarning, "10:00:00.000000 1 main.go:1] slow"},
		{"WARNING:root:disk almost full", LevelWarning, ""},
		{"[Wed Oct 11 14:32:52.123456 2000] [proxy:warn] [pid 1] AH01144: No protocol handler", LevelWarning, "[pid 1] AH01144: No protocol handler"},
		{"<11>Oct 11 22:14:15 mymachine su: 'su root' failed", LevelError, "<11>Oct 11 22:14:15 mymachine su: 'su root' failed"},
		{"<13>Oct 11 22:14:15 host app: WARN disk at 91%", LevelWarning, "disk at 91%"},
		{"[2024-03-20 02:20:01,599: ERROR/ForkPoolWorker-5] Task failed", LevelError, "Task failed"},
		{"[2024-03-20 02:20:01,503: INFO/MainProcess] Task received", LevelInfo, "Task received"},
		{"fail: Microsoft.AspNetCore.Server.Kestrel[13]", LevelError, "Microsoft.AspNetCore.Server.Kestrel[13]"},
		{"thread 'tokio-runtime-worker' panicked at src/pricing/zones.rs:87:52:", LevelCritical, "thread 'tokio-runtime-worker' panicked at src/pricing/zones.rs:87:52:"},
		{`Exception in thread "main" java.lang.IllegalStateException: no zone`, LevelCritical, `Exception in thread "main" java.lang.IllegalStateException: no zone`},
		{"thread 'main' has panicked", LevelUnknown, ""},
		{`Exception in thread pool: none`, LevelUnknown, ""},
		{"dbug: Fulfilment.Api.Outbox[2]", LevelDebug, "Fulfilment.Api.Outbox[2]"},
		{"trce: Fulfilment.Api.Outbox[1]", LevelTrace, "Fulfilment.Api.Outbox[1]"},
		{"crit: Microsoft.AspNetCore.Hosting.Diagnostics[6]", LevelCritical, "Microsoft.AspNetCore.Hosting.Diagnostics[6]"},
		{"2024-07-16 09:00:00 fail: to connect is not a level here", LevelUnknown, "2024-07-16 09:00:00 fail: to connect is not a level here"},
		{"[2024-07-15 09:09:32] production.ERROR: Undefined array key \"color\" {\"userId\":35652}", LevelError, "Undefined array key \"color\" {\"userId\":35652}"},
		{"[2024-07-15 09:00:01] local.NOTICE: Login failed {\"email\":\"a@b.c\"}", LevelNotice, "Login failed {\"email\":\"a@b.c\"}"},
		{"[2024-07-15 09:00:01] request.CRITICAL: Uncaught PHP Exception", LevelCritical, "Uncaught PHP Exception"},
		{"[2024-07-15 09:00:01] app.info: see www.example.com: lower case is no level", LevelUnknown, "[2024-07-15 09:00:01] app.info: see www.example.com: lower case is no level"},
		{"GET /x HTTP/1.1 N/A", LevelUnknown, "GET /x HTTP/1.1 N/A"},
		{"time=2024-01-01T10:00:00Z level=error msg=\"boom\"", LevelError, "msg=\"boom\""},
		{"081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block", LevelInfo, "dfs.DataNode$DataXceiver: Receiving block"},
		{"1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt", LevelCritical, "data TLB error interrupt"},
		{"03-17 16:13:38.811  1702  2395 D WindowManager: visible", LevelDebug, "WindowManager: visible"},
		{"2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack", LevelInfo, "CBS    Loaded Servicing Stack"},
		{"[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok", LevelNotice, "workerEnv.init() ok"},
		{"2015-07-29 17:41:44,747 - WARN  [QuorumPeer] - Notification time out", LevelWarning, "[QuorumPeer] - Notification time out"},
		{"2024-01-01 10:00:00 error reading config", LevelError, "reading config"},
		// PostgreSQL's own ordinary level, and its header as RDS writes it.
		{"2024-05-14 00:30:32.916 UTC [28039] app@shop LOG:  checkpoint starting: time", LevelInfo, "checkpoint starting: time"},
		{"2024-05-14 00:30:32.916 UTC [8] LOG C-0x55d3:  shop/app@10.0.0.1:5432 login attempt", LevelInfo, "C-0x55d3:  shop/app@10.0.0.1:5432 login attempt"},
		{"2024-05-14 00:30:32 UTC:10.0.0.1(5432):app@shop:[123]:ERROR:  relation \"x\" does not exist", LevelError, "relation \"x\" does not exist"},
		{"2024-05-14 00:30:32 UTC::@:[61]:LOG:  checkpoint complete", LevelInfo, "checkpoint complete"},
		// PostgreSQL's FATAL ends a session, not the server (PANIC does); another
		// logger's FATAL is critical.
		{"2024-05-14 00:45:00.120 UTC [8812] grafana@shop FATAL:  password authentication failed for user \"grafana\"", LevelError, "password authentication failed for user \"grafana\""},
		{"2024-05-14 00:30:32 UTC:10.0.0.1(5432):app@shop:[123]:FATAL:  too many connections for role \"app\"", LevelError, "too many connections for role \"app\""},
		{"2024-05-14 00:45:00.120 UTC [1] PANIC:  could not write to file \"pg_wal/xlogtemp.1\"", LevelAlert, "could not write to file \"pg_wal/xlogtemp.1\""},
		{"2024-05-14 00:45:00 FATAL: could not bind to port 8080", LevelCritical, "could not bind to port 8080"},
		// A daemon's level after its syslog tag, in lower case (Postfix, OpenSSH), reads
		// nothing off the line: the tag names the event.
		{"Dec 10 07:51:15 LabSZ sshd[24324]: error: Received disconnect from 195.154.37.122: 3: Auth fail [preauth]", LevelError, ""},
		{"2024-05-14T10:00:01.250+02:00 mx1 postfix/smtpd[4312]: warning: unknown[203.0.113.7]: SASL LOGIN authentication failed", LevelWarning, ""},
		{"2024-05-14T10:00:01.250+02:00 mx1 postfix/master[1]: fatal: bind 0.0.0.0 port 25: Address already in use", LevelCritical, ""},
		{"warning: connect to Milter service inet:127.0.0.1:11332: Connection refused", LevelWarning, "connect to Milter service inet:127.0.0.1:11332: Connection refused"},
		{"Dec 10 07:51:15 LabSZ sshd[24324]: Received disconnect from 195.154.37.122: error: none", LevelUnknown, ""},
		{"Dec 10 07:51:15 host kernel: note: the word is weak", LevelUnknown, ""},
		{"2024-01-01 10:00:00 log rotated", LevelUnknown, "2024-01-01 10:00:00 log rotated"},
		// Message words are not levels.
		{"Connection error while reading", LevelUnknown, "Connection error while reading"},
		{"Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname=", LevelUnknown, ""},
		{"user says panic is fine", LevelUnknown, ""},
		{"2024-01-01 10:00:00 Config loaded", LevelUnknown, ""},
		{"", LevelUnknown, ""},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			if got := LevelInText(c.line); got != c.want {
				t.Errorf("LevelInText = %v, want %v", got, c.want)
			}
			l, rest, ok := CutLevel(c.line)
			if ok != (c.want != LevelUnknown) || l != c.want {
				t.Errorf("CutLevel = %v, %v", l, ok)
			}
			if ok && c.rest != "" && rest != c.rest {
				t.Errorf("CutLevel rest = %q, want %q", rest, c.rest)
			}
			if !ok && rest != c.line {
				t.Errorf("CutLevel without a level must return the line, got %q", rest)
			}
		})
	}
}

// TestLevelOfAccessLogStatus checks that access log lines, which carry no level, take
// the level of their HTTP status, and that numbers elsewhere are not read as one.
func TestLevelOfAccessLogStatus(t *testing.T) {
	cases := []struct {
		line string
		want Level
	}{
		{`203.0.113.9 - - [12/Mar/2024:09:20:00 +0000] "POST /admin/login HTTP/1.1" 401 64 "-" "curl/8.0"`, LevelWarning},
		{`10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] "GET /api/cart HTTP/2.0" 502 157`, LevelError},
		{`10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] "GET / HTTP/1.0" 200`, LevelInfo},
		{`10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 304 2326`, LevelInfo},
		// A level word wins over the status.
		{`2024-03-12 09:20:00 [error] "GET / HTTP/1.1" 200 12`, LevelError},
		// uWSGI's request line: the protocol and status in parentheses.
		{`[pid: 12|app: 0|req: 345/678] 10.0.0.1 () {40 vars in 600 bytes} [Tue Mar 19 10:00:00 2024] GET /api/cart => generated 123 bytes in 5003 msecs (HTTP/1.1 502) 2 headers in 80 bytes (1 switches on core 0)`, LevelError},
		{`GET /api/cart => generated 123 bytes in 5 msecs (HTTP/1.1 200) 2 headers`, LevelInfo},
		{`upgrade (HTTP/1.1 5023) x`, LevelUnknown},
		// morgan's dev and tiny formats: a request line without its protocol.
		{`GET /api/cart 500 12.345 ms - 123`, LevelError},
		{`POST /api/login 401 3.2 ms - 45`, LevelWarning},
		{`GET /api/cart 5000 items`, LevelUnknown},
		{`GET report 500`, LevelUnknown},
		// A W3C extended log's line (IIS, HTTP.sys): the status after the path, with
		// its substatus or site id; not the port after the query.
		{`2026-02-27 07:58:27 W3SVC2 WEB01 10.40.12.21 GET /Claims/Lookup term=evan 443 jo@example.co.uk 146.41.47.84 HTTP/2 Mozilla/5.0+(Macintosh) https://claims/ 500 0 0 176 1021 30017`, LevelError},
		{`2026-02-27 07:50:00 W3SVC3 WEB02 10.40.12.22 GET /health - 443 - 10.40.12.2 HTTP/1.1 - - 200 0 0 181 125 1`, LevelInfo},
		{`2026-02-27 07:50:00 10.40.12.22 GET /default.aspx - 80 - 10.0.0.9 Mozilla/5.0 - 404 0 2 12`, LevelWarning},
		{`2026-02-27 09:12:03 10.0.0.7 51234 10.40.12.22 443 HTTP/1.1 GET /claims/1 - 503 3 AppOffline ClaimsPool`, LevelError},
		{`2026-02-27 07:50:05 45.158.0.223 64548 10.40.12.22 443 - - - - - - Timer_ConnectionIdle -`, LevelUnknown},
		{`2026-02-27 07:50:00 W3SVC3 WEB02 10.40.12.22 GET /health - 443 - 10.40.12.2 - -`, LevelUnknown},
		{`2026-02-27 07:50:00 moved /data to /backup 500 files 3 dirs`, LevelUnknown},
		// HAProxy's HTTP log: the status after the five timers; not a TCP log's bytes.
		{`<134>Jul 17 07:00:00 haproxy[8]: 5.57.242.254:52079 [17/Jul/2024:06:59:59.966] fe_https~ be_web/web-6 2/0/0/15/34 200 53300 - - ---- 268/266/1/1/0 0/0 {www.tixwave.com} "GET /events HTTP/1.1"`, LevelInfo},
		{`10.0.0.7:61946 [17/Jul/2024:07:00:00.076] fe_https~ be_checkout/<NOSRV> 0/30001/-1/-1/30001 503 217 - - sQ-- 812/800/402/0/0 0/402 "POST /checkout HTTP/1.1"`, LevelError},
		{`10.0.0.7:61946 [17/Jul/2024:07:00:00.076] fe_https~ be_api/api-2 0/0/1/2/+3 429 120 - - ---- 1/1/0/0/0 0/0 "GET /api HTTP/1.1"`, LevelWarning},
		{`10.0.0.7:61946 [17/Jul/2024:07:00:00.076] fe_redis be_redis/redis-1 0/0/5 1024 -- 1/1/0/0/0 0/0`, LevelUnknown},
		// A client's quoted status line of the response it got (Python's httpx).
		{`HTTP Request: POST http://pdf-renderer:8080/render "HTTP/1.1 500 Internal Server Error"`, LevelError},
		{`HTTP Request: GET https://api.example.com/v1/x "HTTP/2 404 Not Found"`, LevelWarning},
		{`HTTP Request: GET https://api.example.com/v1/x "HTTP/1.1 200 OK"`, LevelInfo},
		{`"HTTP/1.1 5000 x"`, LevelUnknown},
		// Not a status: no closing quote after the protocol, four digits, a word.
		{`proxying GET / HTTP/1.1 502 upstream`, LevelUnknown},
		{`"GET / HTTP/1.1" 5023 bytes`, LevelUnknown},
		{`"GET / HTTP/1.1" abc`, LevelUnknown},
		{`"GET / HTTP/1.1" 50`, LevelUnknown},
		{`HTTP/`, LevelUnknown},
	}
	for _, c := range cases {
		if got := LevelInText(c.line); got != c.want {
			t.Errorf("LevelInText(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	for in, want := range map[string]Level{"503": LevelError, "429": LevelWarning, `"201"`: LevelInfo, "099": LevelUnknown, "600": LevelUnknown, "5xx": LevelUnknown, "": LevelUnknown, "1000": LevelUnknown} {
		if got := ParseStatus(in); got != want {
			t.Errorf("ParseStatus(%q) = %v, want %v", in, got, want)
		}
	}
	line := `10.0.0.1 - - [12/Mar/2024:09:20:00 +0000] "GET /api/cart HTTP/1.1" 502 157 "-" "Mozilla/5.0"`
	if n := testing.AllocsPerRun(100, func() { LevelInText(line) }); n != 0 {
		t.Errorf("LevelInText allocates %g times per call on an access log line", n)
	}
}

// TestLevelScoresMatchProofOfConcept pins the original proof of concept's mapping.
func TestLevelScoresMatchProofOfConcept(t *testing.T) {
	for name, want := range map[string]float64{"INFO": 1, "WARNING": 2, "ERROR": 3, "CRITICAL": 4} {
		if got := ParseLevel(name).Score(); got != want {
			t.Errorf("%s scores %g, want %g", name, got, want)
		}
	}
	prev := -1.0
	for l := LevelTrace; l <= LevelAlert; l++ {
		if l.Score() <= prev {
			t.Errorf("%v scores %g, not above the level below (%g)", l, l.Score(), prev)
		}
		prev = l.Score()
	}
}

func TestLevelInTextAllocations(t *testing.T) {
	line := "2024-01-01 10:00:35 [Warning] Kernel panic detected - unexpected shutdown"
	if n := testing.AllocsPerRun(100, func() { LevelInText(line) }); n != 0 {
		t.Errorf("LevelInText allocates %g times per call", n)
	}
}

// TestLevelInTextAgreesWithLoghub checks LevelInText on raw Loghub lines against the
// Level column of the structured files.
func TestLevelInTextAgreesWithLoghub(t *testing.T) {
	dir, err := evaldata.DataDir()
	if err != nil {
		t.Skip("Loghub data absent: ", err)
	}
	for _, system := range []string{"BGL", "HDFS", "Hadoop", "Spark", "Zookeeper", "OpenStack", "Android", "Windows", "Apache"} {
		t.Run(system, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "loghub", system, system+"_2k.log"))
			if err != nil {
				t.Skip(err)
			}
			f, err := os.Open(filepath.Join(dir, "loghub", system, system+"_2k.log_structured.csv"))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := -1
			for i, h := range rows[0] {
				if h == "Level" {
					col = i
				}
			}
			lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
			if len(lines) != len(rows)-1 {
				t.Fatalf("%d lines, %d rows", len(lines), len(rows)-1)
			}
			bad := 0
			for i, line := range lines {
				if system == "BGL" {
					_, line, _ = strings.Cut(line, " ")
				}
				want := ParseLevel(rows[i+1][col])
				if got := LevelInText(strings.TrimRight(line, "\r")); got != want {
					if bad++; bad <= 3 {
						t.Errorf("line %d: LevelInText = %v, Level column %q", i+1, got, rows[i+1][col])
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d lines disagree", bad, len(lines))
			}
		})
	}
}

func FuzzLevelInText(f *testing.F) {
	for _, s := range []string{"2024-01-01 10:00:35 CRITICAL Kernel panic", "E0312 x", "WARNING:root:x", "level=warn", "[error]", "03-17 1 2 D Tag"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, rest, ok := CutLevel(s)
		if ok != (l != LevelUnknown) || l != LevelInText(s) {
			t.Fatalf("CutLevel(%q) = %v %v, LevelInText = %v", s, l, ok, LevelInText(s))
		}
		if !strings.HasSuffix(s, rest) {
			t.Fatalf("rest %q is not a suffix of %q", rest, s)
		}
		_ = ParseLevel(s)
	})
}

// Redis marks a line's level with one character after its time.
func TestRedisLevels(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Level
		rest string
	}{
		{"1:M 01 May 2024 15:16:17.180 * Ready to accept connections tcp", LevelNotice, "Ready to accept connections tcp"},
		{"7:S 01 May 2024 15:16:17.180 # Connection with master lost.", LevelWarning, "Connection with master lost."},
		{"12:C 01 May 2024 15:16:17.180 - Accepted 10.0.0.1:5000", LevelDebug, "Accepted 10.0.0.1:5000"},
		{"1:M 01 May 2024 15:16:17.180 # WARNING overcommit_memory is set to 0!", LevelWarning, "WARNING overcommit_memory is set to 0!"},
		// Behind kubectl logs --prefix.
		{"[pod/redis-node-0/sentinel] 1:X 08 Jul 2024 07:47:54.751 # +sdown master mymaster 10.42.1.7 6379", LevelWarning, "+sdown master mymaster 10.42.1.7 6379"},
		{"[pod/redis-node-2/redis] 1:S 08 Jul 2024 06:40:14.338 - DB 2: 96 keys (0 volatile) in 256 slots HT.", LevelDebug, "DB 2: 96 keys (0 volatile) in 256 slots HT."},
		{"[pod/api-0/api] 12:00:01 # not redis", LevelUnknown, ""},
		// Not Redis: a Python format's " - " separators, a ratio, a role letter that is none.
		{"2024-05-01 15:16:17,180 - myapp - WARNING - disk almost full", LevelWarning, "- disk almost full"},
		{"1:Q 01 May 2024 15:16:17.180 # not redis", LevelUnknown, ""},
	} {
		l, rest, _ := CutLevel(tc.line)
		if l != tc.want || (tc.rest != "" && rest != tc.rest) {
			t.Errorf("%q: %v %q, want %v %q", tc.line, l, rest, tc.want, tc.rest)
		}
	}
}

// TestServerErrorRaisesTheLevel checks that a request answered with a 5xx status is an
// error whatever level the application logged it at, as a field, a logfmt pair or an
// access log line's status, while a 4xx keeps the level written, and a line without a
// level takes its status pair's.
func TestServerErrorRaisesTheLevel(t *testing.T) {
	cases := []struct {
		line string
		want Level
	}{
		{`ts=2024-03-19T10:24:56.637Z level=info msg="request completed" path=/api/cart status=500 took=2824ms`, LevelError},
		{`ts=2024-03-19T10:24:56.637Z level=info msg="request completed" path=/api/cart status=404 took=12ms`, LevelInfo},
		{`2024-03-12 09:20:00 [notice] "GET / HTTP/1.1" 503 12`, LevelError},
		{`INFO request done "code": 502, took 3 s`, LevelError},
		{`msg="request completed" status=429`, LevelWarning},
		// HAProxy's 503 under the info of its syslog priority; httpx's provider failing.
		{`<134>Jul 17 07:42:12 haproxy[8]: 92.72.48.130:34989 [17/Jul/2024:07:42:12.667] fe_https~ be_checkout/<NOSRV> 0/10003/-1/-1/10003 503 214 - - sQ-- 284/281/153/0/0 0/40 "POST /checkout HTTP/1.1"`, LevelError},
		{`<134>Jul 17 07:42:12 haproxy[8]: 92.72.48.130:34989 [17/Jul/2024:07:42:12.667] fe_https~ be_api/api-2 0/0/1/2/3 404 120 - - ---- 1/1/0/0/0 0/0 "GET /x HTTP/1.1"`, LevelInfo},
		{`INFO HTTP Request: POST https://api.stripe.com/v1/payment_intents "HTTP/1.1 502 Bad Gateway"`, LevelError},
		// Not a status: another key, four digits, a word.
		{`level=info msg=done port=5000 status_x=500`, LevelInfo},
		{`level=info msg=done status=5000`, LevelInfo},
		{`level=info msg=done status=5xx`, LevelInfo},
		// A document the line quotes is not its request: its status is the document's.
		// A message that is a JSON object has its own pairs at its top.
		{`DEBUG [logs-nginx-000414] took[779ms], source[{"http":{"response":{"status_code":502}}}]`, LevelDebug},
		{`INFO payload {"status": 500}`, LevelInfo},
		{`{"level":"info","msg":"handled","status":503}`, LevelError},
	}
	for _, c := range cases {
		var rec Record
		FromText(c.line, &rec)
		if rec.Level != c.want {
			t.Errorf("%q: level %v, want %v", c.line, rec.Level, c.want)
		}
	}
	for status, want := range map[int]Level{503: LevelError, 404: LevelInfo, 200: LevelInfo} {
		var rec Record
		var r Reader
		r.Read(body(t, kv{"level", "info", "msg", "request completed", "status", status}), "tag", &rec, nil)
		if rec.Level != want {
			t.Errorf("a JSON request log at info with status %d: level %v, want %v", status, rec.Level, want)
		}
	}
}

// TestLevelFromStatusIsMarked checks that a record whose level is its HTTP status's says
// so, an access log line as a record with a status field, and that a record with a level
// of its own, or one written in its header, does not.
func TestLevelFromStatusIsMarked(t *testing.T) {
	var rec Record
	FromText(`203.0.113.9 - - [12/Mar/2024:09:20:00 +0000] "POST /admin/login HTTP/1.1" 401 64 "-" "curl/8.0"`, &rec)
	if rec.Level != LevelWarning || !rec.LevelFromStatus {
		t.Errorf("access log 401: level %v, from status %v", rec.Level, rec.LevelFromStatus)
	}
	FromText(`2024-03-12 09:20:00 [warn] "GET / HTTP/1.1" 404 12`, &rec)
	if rec.Level != LevelWarning || rec.LevelFromStatus {
		t.Errorf("a line with a level word: level %v, from status %v", rec.Level, rec.LevelFromStatus)
	}
	var r Reader
	r.Read(body(t, kv{"method", "POST", "path", "/v1/payments/authorize", "response_code", 402}), "envoy", &rec, nil)
	if rec.Level != LevelWarning || !rec.LevelFromStatus {
		t.Errorf("a record with response_code 402: level %v, from status %v", rec.Level, rec.LevelFromStatus)
	}
	r.Read(body(t, kv{"level", "warn", "msg", "payment declined", "status", 402}), "app", &rec, nil)
	if rec.Level != LevelWarning || rec.LevelFromStatus {
		t.Errorf("a record with a level field: level %v, from status %v", rec.Level, rec.LevelFromStatus)
	}
}

// TestStatusKeysOfEveryConvention: a status key is found whatever case and separators a
// logger spells it with (ASP.NET Core's StatusCode, a header-style Status-Code), and a
// name that only contains one is none.
func TestStatusKeysOfEveryConvention(t *testing.T) {
	for key, want := range map[string]bool{
		"status": true, "Status": true, "StatusCode": true, "status-code": true, "HTTP_STATUS": true,
		"http.response.status_code": true, "Http.Response.StatusCode": true, "sc-status": true,
		"StatusText": false, "errorCode": false, "status_": true, "": false,
		"a_status_key_far_longer_than_any_status_key": false,
	} {
		if got := StatusKey(key); got != want {
			t.Errorf("StatusKey(%q) = %v, want %v", key, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { StatusKey("StatusCode") }); n != 0 {
		t.Errorf("StatusKey allocates %g times per call", n)
	}
	if got := textStatus("request handled StatusCode=503"); got != LevelError {
		t.Errorf("a StatusCode pair's 503 read as %v, want error", got)
	}
}
