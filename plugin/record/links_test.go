package record

import "testing"

func textLinks(line string) []uint64 {
	var rec Record
	FromText(line, &rec)
	return rec.AppendLinks(nil)
}

func TestLinksOfTextLines(t *testing.T) {
	cases := []struct {
		line string
		want int // identifiers found
	}{
		{"2024-03-12 09:35:05,306 INFO  [http-nio-8080-exec-19] c.a.p.PaymentService - Payment pay_5964858286183515 authorized for merchant M-41918 amount=18.76 EUR in 5173 ms", 1},
		{"Ledger entry 88424197 written for payment pay_b86766daf5683a66 (2 postings)", 1},
		{"Task search.tasks.reindex_product[3a24ec87-0d5b-4fe5-833e-51049790d394] received", 1},
		{"trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 request done", 2},
		{"Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010", 1},
		// A name with a serial: an object a controller made, beside its reconcile's UUID.
		{`"Reconciling Backup" Backup="team-support/inventory-db-20240319-1425" reconcileID="12e3d788-dd87-4e80-b529-4029bbd8624d"`, 2},
		{"job backup-28476310 started", 1},
		// Random ids of other alphabets: an upload's base32, a Stripe charge's base62, a ULID.
		{`"POST /v2/files/uploads/upl_t7mp8kslp4nr2bdr6vlb/parts/1 HTTP/1.1" 413`, 1},
		{"charge ch_3MtwBwLkdIwHu7ix28a3tqPa failed", 1},
		{"job 01HF8Z3K4W5X6Y7Z8A9B0C1D2E queued", 1},
		// What many unrelated records share is no identifier: thread names, ports,
		// counters, pod-template hashes, dates, hexadecimal-looking words.
		{"[http-nio-8080-exec-19] c.a.p.PaymentService - Payment declined (code 51)", 0},
		{"pod orders-api-7d9f8b6c5-x2x7k ready at 2024-03-12T09:35:05.306Z", 0},
		{"host web-eu-west-1-042 at 2024-03-19T14:25:00 build 20240319 ok", 0},
		{"checksum deadbeefcafebabe matched", 0},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 sha256WithRSAEncryption TLS_AES_128_GCM_SHA256", 0},
		{"Ledger entry 88424197 written", 0},
		{"", 0},
	}
	for _, c := range cases {
		if got := textLinks(c.line); len(got) != c.want {
			t.Errorf("%q: %d identifiers, want %d", c.line, len(got), c.want)
		}
	}
	// The same identifier hashes alike wherever it is written, in either case; two
	// identifiers differ.
	a := textLinks("Payment pay_b86766daf5683a66 failed over")
	b := textLinks("ledger written for PAY_B86766DAF5683A66.")
	c := textLinks("Payment pay_b86766daf5683a67 failed over")
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] || a[0] == c[0] {
		t.Errorf("hashes %x %x %x: want the first two equal, the third apart", a, b, c)
	}
	many := ""
	for i := 0; i < 20; i++ {
		many += " 1234567890a" + string(rune('a'+i%6))
	}
	if got := textLinks(many); len(got) != maxRecordLinks {
		t.Errorf("20 identifiers in one record: %d kept, want %d", len(got), maxRecordLinks)
	}
}

// TestLinksOfStructuredRecords checks that a structured record's identifiers are read
// from its text fields as well as its message, whatever their length, and not from its
// time, and that a record read afterwards does not keep them.
func TestLinksOfStructuredRecords(t *testing.T) {
	read := func(b kv) []uint64 {
		var rec Record
		var r Reader
		r.Read(body(t, b), "tag", &rec, nil)
		return rec.AppendLinks(nil)
	}
	errLine := read(kv{"level", "error", "msg", "request failed", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "ts", "1710234905306123456"})
	done := read(kv{"level", "info", "msg", "request completed", "status", 500, "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"})
	inMsg := read(kv{"msg", "retrying trace 4bf92f3577b34da6a3ce929d0e0e4736"})
	if len(errLine) != 1 || len(done) != 1 || errLine[0] != done[0] || inMsg[0] != done[0] {
		t.Errorf("trace ids read: %x, %x, %x; want one, the same in field and message", errLine, done, inMsg)
	}
	long := "stack: " + string(make([]byte, 100)) + " 4bf92f3577b34da6a3ce929d0e0e4736"
	if got := read(kv{"msg", "failed", "detail", long}); len(got) != 1 {
		t.Errorf("an identifier in a long text field: %d read, want 1", len(got))
	}

	var rec Record
	var r Reader
	r.Read(body(t, kv{"msg", "x", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"}), "tag", &rec, nil)
	r.Read(body(t, kv{"msg", "y"}), "tag", &rec, nil)
	if got := rec.AppendLinks(nil); len(got) != 0 {
		t.Errorf("identifiers of the record read before kept: %x", got)
	}
	FromText("a line", &rec)
	if got := rec.AppendLinks(nil); len(got) != 0 {
		t.Errorf("a text line kept a structured record's identifiers: %x", got)
	}
}
