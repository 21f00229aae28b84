package drain

import (
	"math"
	"strings"
	"testing"
)

// maskedLine returns the masked tokens of line joined by single spaces.
func maskedLine(line string) (string, []token) {
	var m masker
	m.tokenize(line, DefaultConfig().MaxTokens)
	parts := make([]string, len(m.tokens))
	for i, t := range m.tokens {
		parts[i] = string(m.text(t))
	}
	return strings.Join(parts, " "), m.tokens
}

func TestMasking(t *testing.T) {
	cases := []struct {
		name, line, want string
	}{
		{"integers and words", "Took 42 seconds to spawn 3 instances", "Took <NUM> seconds to spawn <NUM> instances"},
		{"decimal and sign", "offset -12.5 delta +3", "offset <NUM> delta <NUM>"},
		{"key value", "uid=0 euid=1000 ruser= rhost=218.188.2.4", "uid=<NUM> euid=<NUM> ruser= rhost=<IP>"},
		{"ipv4 with port", "Received connection request /10.10.34.11:45307", "Received connection request /<IP>"},
		{"ipv4 in brackets", "for ns.example.com [173.234.31.186] failed", "for ns.example.com [<IP>] failed"},
		{"ipv6", "addr fe80::1ff:fe23:4567:890a and 2001:db8::8a2e:370:7334", "addr <IP> and <IP>"},
		{"uuid", "[instance: 6f1e2d3c-4b5a-4978-8f6e-5d4c3b2a1f0e] Claim successful", "[instance: <UUID>] Claim successful"},
		{"hex", "flags=0x1f addr 7f3a9c2e11 lock=0xdeadbeef", "flags=<HEX> addr <HEX> lock=<HEX>"},
		{"host and port", "proxy.example.com:5070 open through proxy mail3.example.org:25", "<HOST> open through proxy <HOST>"},
		{"host name with digits", "connection from 10.1.2.3 (adsl-63-197.dsl.example.net) at", "connection from <IP> (<HOST>) at"},
		{"dotted code names stay", "class=org.apache.hadoop.mapreduce.MRAppMaster", "class=org.apache.hadoop.mapreduce.MRAppMaster"},
		{"identifier with number", "Receiving block blk_-1608999687919862906 src", "Receiving block blk_<NUM> src"},
		{"joined id", "Created attempt_1445144423722_0020_m_000000_0", "Created attempt_<*>_m_<*>"},
		{"clock time", "at 17:41:44,747 done", "at <TIME> done"},
		{"date and time tokens", "from 2017-05-16 00:00:00 to 2017-05-16 23:59:59.", "from <TIME> to <TIME>."},
		{"written date", "connection from 1.2.3.4 () at Mon Jun 20 03:40:59 2005", "connection from <IP> () at <TIME>"},
		{"month without date stays", "May I ask in June", "May I ask in June"},
		{"units glued", "took 40s and 200ms, heap 512MB", "took <NUM> and <NUM>, heap <NUM>"},
		{"units apart", "memory 2048 MB, lifetime <1 sec", "memory <NUM> MB, lifetime <<NUM> sec"},
		{"bytes stays a word", "0 bytes sent", "<NUM> bytes sent"},
		{"paths", "open /var/log/syslog failed; see ~/logs/x.txt or C:\\Windows\\win.ini", "open <PATH> failed; see <PATH> or <PATH>"},
		{"path with trailing separator", "forbidden by rule: /var/www/html/", "forbidden by rule: <PATH>"},
		{"short routes stay", "GET /health and /status", "GET /health and /status"},
		{"url and email", "fetch https://example.com/a?b=1 for <ops@example.org>", "fetch <URL> for <<EMAIL>>"},
		{"address key", "(file=/etc/hosts)", "(file=<PATH>)"},
		{"object address is no email", "KeyguardMonitor@712d093", "KeyguardMonitor@<HEX>"},
		{"empty pair", "tag=\"\" value () list []", "tag=\"\" value () list []"},
		{"version", "HTTP/1.1 v2 ipv6", "HTTP/<NUM> <*> <*>"},
		{"utf-8 and invalid bytes", "usuário \xff\xfe 12 ünïcode", "usuário \xff\xfe <NUM> ünïcode"},
		{"access log header values", `1.2.3.4 - - "GET /a HTTP/1.1" 200 5 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0" 0.012`,
			`<IP> - - "GET /a HTTP/<NUM>" <NUM> <NUM> <*> <*> <NUM>`},
		{"access log empty header values", `"POST /login HTTP/2.0" 401 0 "-" "curl/7.88.1"`, `"POST /login HTTP/<NUM>" <NUM> <NUM> <*> <*>`},
		{"a request quoted in a message is no access log", `upstream "GET /a HTTP/1.1" failed: "connection reset by peer"`,
			`upstream "GET /a HTTP/<NUM>" failed: "connection reset by peer"`},
		{"quotes before a request stay", `msg="user logged in" path="/a b" "GET /x HTTP/1.1" "unterminated`, `msg="user logged in" path="/a b" "GET /x HTTP/<NUM>" "unterminated`},
		{"access log date", `[31/May/2024:23:59:59 +0000] "GET / HTTP/1.1" 200`, `[<TIME> <NUM>] "GET / HTTP/<NUM>" <NUM>`},
		{"day-month-year date", "31-May-2024 23:59:59.123 INFO [main] x", "<TIME> INFO [main] x"},
		{"bracketed asctime", "[Fri May 31 23:59:59.123456 2024] [core:error] x", "[<TIME>] [core:error] x"},
		{"a month between slashes without digits stays", "budget: may/might", "budget: may/might"},
		{"a quoted document is one variable", `[logs-a][2] failed to execute bulk item (create) index {[logs-a][x9], source[{"msg":"order {placed}","http":{"status_code":502},"q":"a \" b"}]} done`,
			`[logs-a][<NUM>] failed to execute bulk item (create) index {[logs-a][<*>], source[<*>]} done`},
		{"a line that is a document keeps its words", `{"msg":"started","port":8080}`, `{"msg":"started","port":<NUM>}`},
		{"a document that does not close stays words", `payload {"msg":"cut short`, `payload {"msg":"cut short`},
		{"nor does one inside it", `payload {"a":{"b":1} cut`, `payload {"a":{"b":<NUM>} cut`},
		{"a word longer than any name is a value", "payload " + strings.Repeat("aB", 129) + " received", "payload <*> received"},
		{"a name as long as names get stays", "at " + strings.Repeat("a", 256), "at " + strings.Repeat("a", 256)},
		{"white space", "  a\tb \r\n c  ", "a b c"},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := maskedLine(tc.line)
			if got != tc.want {
				t.Fatalf("masked %q\n got: %q\nwant: %q", tc.line, got, tc.want)
			}
		})
	}
}

func TestMaskingMarksVariables(t *testing.T) {
	cases := []struct {
		token  string
		masked bool
	}{
		{"word", false}, {"()", true}, {"<NUM>", false}, {"42", true}, {"x=1", true}, {"()x", false},
	}
	for _, tc := range cases {
		t.Run(tc.token, func(t *testing.T) {
			_, toks := maskedLine(tc.token)
			if len(toks) != 1 || toks[0].masked != tc.masked {
				t.Fatalf("%q: tokens %+v, want one with masked=%v", tc.token, toks, tc.masked)
			}
		})
	}
}

func TestNumericValues(t *testing.T) {
	cases := []struct {
		line  string
		value float64
		ok    bool
	}{
		{"3200", 3200, true},
		{"(HWID=3180)", 3180, true},
		{"time: 0.2477829", 0.2477829, true},
		{"-7", -7, true},
		{"1.5e3", 1500, true},
		{"40s", 40, true},
		{"200ms", 0.2, true},
		{"350us", 350e-6, true},
		{"2h", 7200, true},
		{"512MB", 512 << 20, true},
		{"1.5GB", 1.5 * (1 << 30), true},
		{"took 40 ms", 0.04, true},
		{"1m0s", 60, true}, // Go's time.Duration.String
		{`expiredFor="2h45m0.5s"`, 9900.5, true},
		{"-1m30s", -90, true},
		{"1.5m", 0, false}, // minutes or metres: one part is not Go's form
		{"0s5m", 0, false}, // units out of order
		{"1m2x", 0, false}, // unknown unit
		{"(18.4 KB)", 18.4 * 1024, true},
		{"85%", 85, true},
		{"blk_123", 0, false},  // an identifier, not a quantity
		{"node-246", 0, false}, // idem
		{"10.0.0.1", 0, false}, // an address
		{"0x1f", 0, false},     // hex is an id or a bit mask
		{"12:30:01", 0, false}, // a time of day
		{"4 apples", 4, true},  // unknown unit words stay words
		{"7 x 9", 7, true},     // the first number; the second is its own slot
		{"42abc", 0, false},    // unknown suffix
		{"v2", 0, false},       // a name
		{"1,234", 0, false},    // a list or a locale number: not guessed
		// Exponents out of float64's range are ids', and a number is never NaN or
		// infinite.
		{"0E700", 0, false},
		{"1e999", 0, false},
		{"-1e-999", 0, false},
		{"00000586e858", 0, false},
		{"9e308", math.MaxFloat64, true},
		{"-9e308", -math.MaxFloat64, true},
		{"1e-300", 1e-300, true},
		// Nor is a mantissa padded with zeros before an exponent a number's.
		{"000000E2", 0, false},
		{"00000587e266", 0, false},
		{"0.5e3", 500, true},
		{"0e5", 0, true},
		{"007", 7, true},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			_, toks := maskedLine(tc.line)
			var got []float64
			for _, tk := range toks {
				if tk.numeric {
					got = append(got, tk.value)
				}
			}
			if !tc.ok {
				if len(got) != 0 {
					t.Fatalf("%q: numeric values %v, want none", tc.line, got)
				}
				return
			}
			// Written so that a NaN fails too.
			if len(got) == 0 || !(math.Abs(got[0]-tc.value) <= 1e-9*math.Max(1, math.Abs(tc.value))) {
				t.Fatalf("%q: numeric values %v, want first %g", tc.line, got, tc.value)
			}
		})
	}
}

// TestQuantityOfManyDigits checks that digits past a float64's precision scale the
// value rather than making it infinite, or NaN with an exponent that brings it back.
func TestQuantityOfManyDigits(t *testing.T) {
	for text, want := range map[string]float64{
		"1" + strings.Repeat("0", 400) + "e-300":  1e100,
		"0." + strings.Repeat("0", 400) + "1e300": 1e-101,
		"7" + strings.Repeat("0", 400):            math.MaxFloat64,
	} {
		if got, _, ok := Quantity(text); !ok || !(math.Abs(got-want) <= 1e-9*want) {
			t.Errorf("Quantity of %d characters = %g, %v, want %g", len(text), got, ok, want)
		}
	}
}

func TestMaxTokens(t *testing.T) {
	line := "a b c d e"
	for _, tc := range []struct {
		max       int
		want      string
		truncated bool
	}{
		{5, "a b c d e", false},
		{6, "a b c d e", false},
		{4, "a b c <*>", true},
		{2, "a <*>", true},
	} {
		var m masker
		truncated := m.tokenize(line, tc.max)
		parts := []string{}
		for _, tk := range m.tokens {
			parts = append(parts, string(m.text(tk)))
		}
		if got := strings.Join(parts, " "); got != tc.want || truncated != tc.truncated {
			t.Errorf("max %d: got %q truncated=%v, want %q truncated=%v", tc.max, got, truncated, tc.want, tc.truncated)
		}
	}
}

// TestQuotedDocumentEnd checks where a document a line quotes ends: after its closing
// brace, strings and escapes skipped; 0 where none opens or the line is the document;
// -1 where one opens and is cut short.
func TestQuotedDocumentEnd(t *testing.T) {
	cases := []struct {
		line string
		at   int
		want int
	}{
		{`x {"a":"}"} y`, 2, 11},
		{`x {"a":"\"}"} y`, 2, 13},
		{`x {"a":{"b":{}}} y`, 2, 16},
		{`{"a":1} y`, 0, 0},
		{`x {a} y`, 2, 0},
		{`x {"a":{"b":1}`, 2, -1},
	}
	for _, c := range cases {
		if got := QuotedDocumentEnd(c.line, c.at); got != c.want {
			t.Errorf("QuotedDocumentEnd(%q, %d) = %d, want %d", c.line, c.at, got, c.want)
		}
	}
}
