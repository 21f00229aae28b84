package features

import (
	"reflect"
	"testing"
)

func TestAlarmWords(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{"Database connection failed", []string{"failed"}},
		{"Login FAILED for user admin: Permission Denied", []string{"failed", "denied"}},
		{"Unauthorized access to /admin", []string{"unauthorized"}},
		{"java.net.SocketTimeoutException: Read timed out", []string{"exception", "timed"}},
		{"Caused by: java.lang.OutOfMemoryError: Java heap space", []string{"error"}},
		{"OOMKilled: container exceeded its memory limit", []string{"oomkilled", "exceeded"}},
		{"Kernel panic - not syncing: Fatal exception", []string{"panic", "not", "fatal"}},
		{"addStoredBlock request received for blk_1 but it does not belong to any file", []string{"not"}},
		{"error error error error", []string{"error"}},
		{"connection refused, retrying, timeout, aborted, killed", []string{"refused", "retrying", "timeout"}},
		// A full disk, as ENOSPC's text and name say it; a probe's verdict.
		{`could not extend file "base/16384/24613.1": No space left on device`, []string{"not", "no space"}},
		{"write /vault/audit/vault_audit.log: no space left on device (ENOSPC)", []string{"no space", "enospc"}},
		{"Readiness probe errored; target unhealthy", []string{"unhealthy"}},
		{"disk space: 42% used; nospace=false; no spaces in names", nil},
		// Whole words only.
		{"failedover terrorists unfailing", nil},
		{"notification sent; notes saved", nil},
		{"GET /api/v1/products 200 12ms", nil},
		{"", nil},
		// A quoted document's words are the document's; a line that is one has its own.
		{`[logs-k8s] took[12s], source[{"message":"upstream request timed out","level":"error"}]`, nil},
		{`bulk item failed, source[{"message":"timed out"}] rejected`, []string{"failed", "rejected"}},
		{`{"msg":"connection refused"}`, []string{"refused"}},
		// A segment of a dotted name is no statement; a class name's suffix is.
		{"[.ds-logs-nginx.error-prod-000096] took[719ms], errors.total=3, runtime/panic.go:965", nil},
		{"Caused by: java.lang.OutOfMemoryError: Java heap space. Failed.", []string{"error", "failed"}},
		// A run of letters glued to digits is part of an identifier.
		{"[.ds-logs-app.orders-prod-000042/2Not8L4O_Igg3jGEto9IOE] took[1.9s]", nil},
		// A field's name says what it holds; its value, what happened.
		{"duration=12 upstream_transport_failure_reason= error=- response_flags=-", nil},
		{`"HTTP-Probe" scheme="http" path="/live" timeout="1s" retries=2`, nil},
		{"upstream_transport_failure_reason=TLS_error:CERTIFICATE_VERIFY_FAILED retries=2", []string{"error", "failed"}},
		{`msg="dial failed" err="connection refused"`, []string{"failed", "refused"}},
		// A word that says there is no error: DNS's success code, a "NoError" status.
		{`[INFO] 10.244.3.58:58454 - 39811 "A IN catalog-api.shop.svc.cluster.local. udp 52 false 512" NOERROR qr,aa,rd 102 0.000094759s`, nil},
		{`status=NoError; SERVFAIL from upstream, ECONNERROR`, []string{"error"}},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			var h alarmHits
			alarms.scan(c.line, &h)
			got := append([]string(nil), h.words[:h.n]...)
			if len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("alarm words %q, want %q", got, c.want)
			}
		})
	}
}

func TestAlarmScanAllocations(t *testing.T) {
	line := "java.net.SocketTimeoutException: Login FAILED for user admin from 203.0.113.7, connection refused"
	var h alarmHits
	if n := testing.AllocsPerRun(100, func() { alarms.scan(line, &h) }); n != 0 {
		t.Errorf("scan allocates %g times per line", n)
	}
}

func TestAlarmWordsAreLowerCaseLetters(t *testing.T) {
	for _, w := range AlarmWords {
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				t.Errorf("alarm word %q: only lower-case ASCII letters can match", w)
				break
			}
		}
	}
}
