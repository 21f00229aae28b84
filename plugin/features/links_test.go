package features

import "testing"

func TestAppendLinks(t *testing.T) {
	cases := []struct {
		msg  string
		want int // identifiers found
	}{
		{"Payment pay_5964858286183515 authorized for merchant M-41918 amount=18.76 EUR in 5173 ms", 1},
		{"Ledger entry 88424197 written for payment pay_b86766daf5683a66 (2 postings)", 1},
		{"Task search.tasks.reindex_product[3a24ec87-0d5b-4fe5-833e-51049790d394] received", 1},
		{"trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 request done", 2},
		{"Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010", 1},
		// What many unrelated records share is no identifier: thread names, ports,
		// counters, pod-template hashes, dates, hexadecimal-looking words.
		{"[http-nio-8080-exec-19] c.a.p.PaymentService - Payment declined (code 51)", 0},
		{"pod orders-api-7d9f8b6c5-x2x7k ready at 2024-03-12T09:35:05.306Z", 0},
		{"checksum deadbeefcafebabe matched", 0},
		{"Ledger entry 88424197 written", 0},
		{"", 0},
	}
	for _, c := range cases {
		if got := AppendLinks(nil, c.msg); len(got) != c.want {
			t.Errorf("%q: %d identifiers, want %d", c.msg, len(got), c.want)
		}
	}
	// The same identifier hashes alike wherever it is written, in either case; two
	// identifiers differ.
	a := AppendLinks(nil, "Payment pay_b86766daf5683a66 failed over")
	b := AppendLinks(nil, "ledger written for PAY_B86766DAF5683A66.")
	c := AppendLinks(nil, "Payment pay_b86766daf5683a67 failed over")
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] || a[0] == c[0] {
		t.Errorf("hashes %x %x %x: want the first two equal, the third apart", a, b, c)
	}
	many := ""
	for i := 0; i < 20; i++ {
		many += " 1234567890ab" + string(rune('g'+i))
	}
	if got := AppendLinks(nil, many); len(got) != 0 {
		t.Errorf("runs with a non-hexadecimal letter: %d identifiers", len(got))
	}
	many = ""
	for i := 0; i < 20; i++ {
		many += " 1234567890a" + string(rune('a'+i%6))
	}
	if got := AppendLinks(nil, many); len(got) != maxRecordLinks {
		t.Errorf("20 identifiers in one record: %d kept, want %d", len(got), maxRecordLinks)
	}
}
