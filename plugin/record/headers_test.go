package record

import "testing"

func TestSyslogHeaderCut(t *testing.T) {
	cases := []struct{ line, want string }{
		{"Mar 19 10:00:03 web-a sshd[1247]: Accepted publickey for deploy", "sshd[1247]: Accepted publickey for deploy"},
		{"Mar  9 10:00:03 web-a sshd[1247]: Accepted publickey", "sshd[1247]: Accepted publickey"},
		{"2024-03-19T10:00:03.123456+00:00 edge-b kernel: [ 12.5] eth0: link up", "kernel: [ 12.5] eth0: link up"},
		{"2024-03-19T10:00:03Z edge-b CRON[311]: (root) CMD (run-parts /etc/cron.hourly)", "CRON[311]: (root) CMD (run-parts /etc/cron.hourly)"},
		{"Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0", "sshd(pam_unix)[19939]: authentication failure; logname= uid=0"},
		{"Jun 14 15:16:01 combo systemd:", "systemd:"},
		{"<134>Mar 19 10:00:03 lb1 haproxy[123]: 10.0.0.1:5555 [19/Mar/2024:10:00:03.123] fe be/srv1", "haproxy[123]: 10.0.0.1:5555 [19/Mar/2024:10:00:03.123] fe be/srv1"},
		// Not syslog: kept whole.
		{"Mar 19 10:00:03 sshd[1247]: no host", "Mar 19 10:00:03 sshd[1247]: no host"},
		{"2024-03-19 10:00:03 web-a sshd: a space, not a T", "2024-03-19 10:00:03 web-a sshd: a space, not a T"},
		{"Mar 19 10:00:03 web-a started worker 7", "Mar 19 10:00:03 web-a started worker 7"},
		{"Mar 19 10:00:03 web-a 123: a number is no program", "Mar 19 10:00:03 web-a 123: a number is no program"},
		{"Mar 19 10:00:03 web-a sshd[12a]: a pid of digits", "Mar 19 10:00:03 web-a sshd[12a]: a pid of digits"},
		{"Mar 19 10:00:03 web-a", "Mar 19 10:00:03 web-a"},
		{"March 19 10:00:03 web-a sshd: x", "March 19 10:00:03 web-a sshd: x"},
		{"<1x>Mar 19 10:00:03 web-a sshd: x", "<1x>Mar 19 10:00:03 web-a sshd: x"},
	}
	for _, c := range cases {
		var rec Record
		FromText(c.line, &rec)
		if rec.Message != c.want {
			t.Errorf("%q: message %q, want %q", c.line, rec.Message, c.want)
		}
	}
}

// TestSyslogHeaderCutInARecord: a raw line in a record's log field (tail without a
// parser) loses its header as a line of text does.
func TestSyslogHeaderCutInARecord(t *testing.T) {
	var rec Record
	var r Reader
	r.Read(body(t, kv{"log", "Mar 19 10:00:03 web-a sshd[1247]: Failed password for root from 10.0.0.5 port 51234 ssh2"}), "tag", &rec, nil)
	if want := "sshd[1247]: Failed password for root from 10.0.0.5 port 51234 ssh2"; rec.Message != want {
		t.Errorf("message %q, want %q", rec.Message, want)
	}
}

func TestCRIPrefixCut(t *testing.T) {
	cases := []struct {
		line, want string
		level      Level
	}{
		{"2024-03-19T10:00:03.123456789Z stderr F E0319 10:00:03.123456 1 reflector.go:138] failed to list", "10:00:03.123456 1 reflector.go:138] failed to list", LevelError},
		{"2024-03-19T10:00:03.123456789+00:00 stdout P {\"level\":\"info\",\"msg\":\"part", `{"level":"info","msg":"part`, LevelUnknown},
		{"2024-03-19T10:00:03.1Z stdout F ", "", LevelUnknown},
		// Not CRI: kept as it is.
		{"2024-03-19T10:00:03Z stdout X something", "2024-03-19T10:00:03Z stdout X something", LevelUnknown},
		{"2024-03-19T10:00:03Z stdin F something", "2024-03-19T10:00:03Z stdin F something", LevelUnknown},
		{"2024-03-19T10:00:03Z stdout Fx something", "2024-03-19T10:00:03Z stdout Fx something", LevelUnknown},
	}
	for _, c := range cases {
		var rec Record
		FromText(c.line, &rec)
		if rec.Message != c.want || rec.Level != c.level {
			t.Errorf("%q: message %q level %v, want %q %v", c.line, rec.Message, rec.Level, c.want, c.level)
		}
	}
}

// TestCRIPrefixCutInARecord: a runtime's line in a record's log field loses its prefix
// before the JSON the application wrote is looked for in it.
func TestCRIPrefixCutInARecord(t *testing.T) {
	var rec Record
	var r Reader
	r.Read(body(t, kv{"log", `2024-03-19T10:00:03.123456789Z stdout F {"level":"error","msg":"payment declined","order":"o-1"}`}), "tag", &rec, nil)
	if rec.Message != "payment declined" || rec.Level != LevelError {
		t.Errorf("message %q level %v, want the application's", rec.Message, rec.Level)
	}
}

func TestStripANSI(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"no escapes", "no escapes"},
		{"2024-06-17 12:00:01.123 \x1b[31mERROR\x1b[0m 1 --- [main] c.e.App : boom", "2024-06-17 12:00:01.123 ERROR 1 --- [main] c.e.App : boom"},
		{"\x1b[2m2024-06-17T12:00:01.123Z\x1b[0m \x1b[33m WARN\x1b[0m \x1b[2mapp::db\x1b[0m\x1b[2m:\x1b[0m slow query", "2024-06-17T12:00:01.123Z  WARN app::db: slow query"},
		{"bold \x1b[1;38;5;208mcolour\x1b[m end", "bold colour end"},
		{"a lone escape at the end \x1b", "a lone escape at the end "},
		{"an unfinished \x1b[31", "an unfinished "},
		{"two-byte \x1b7saved\x1b8", "two-byte saved"},
	} {
		if got := StripANSI(c.in); got != c.want {
			t.Errorf("StripANSI(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	plain := "2024-06-17 12:00:01 INFO nothing to strip"
	if n := testing.AllocsPerRun(100, func() { StripANSI(plain) }); n != 0 {
		t.Errorf("StripANSI allocates %g times on a line without escapes", n)
	}
}
