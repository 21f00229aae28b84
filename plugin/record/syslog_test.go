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
