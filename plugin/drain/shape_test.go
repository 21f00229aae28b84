package drain

import (
	"fmt"
	"testing"
)

func TestMaskAt(t *testing.T) {
	for _, mk := range masks {
		for _, s := range []string{mk, "x" + mk + "y", "(" + mk} {
			i := 0
			for s[i] != '<' {
				i++
			}
			if got := maskAt(s, i); got != len(mk) {
				t.Errorf("maskAt(%q, %d) = %d, want %d", s, i, got, len(mk))
			}
		}
	}
	for _, s := range []string{"<", "<N", "<NUM", "<1 sec", "<Hello>", "<ok>", "<>"} {
		if got := maskAt(s, 0); got != 0 {
			t.Errorf("maskAt(%q, 0) = %d, want 0", s, got)
		}
	}
}

func TestShapes(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
		join string
	}{
		{"uid=<NUM>,", "uid=<HEX>,", true, "uid=<*>,"},
		{"uid=<NUM>", "pid=<NUM>", false, ""},
		{"()", "(<HOST>)", true, "(<*>)"},
		{"<IP>", "<HOST>", true, "<*>"},
		{"blk_<NUM>", "blk_<NUM>", true, "blk_<NUM>"},
		{"<NUM> KB,", "<NUM> B,", false, ""},
		{"x<NUM>", "y<NUM>", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.a+"|"+tc.b, func(t *testing.T) {
			if got := sameShape(tc.a, []byte(tc.b)); got != tc.same {
				t.Fatalf("sameShape = %v, want %v", got, tc.same)
			}
			if tc.same {
				if got := joinShapes(tc.a, []byte(tc.b)); got != tc.join {
					t.Fatalf("joinShapes = %q, want %q", got, tc.join)
				}
			}
		})
	}
}

// TestWordWhereAMaskWas checks that an identifier that this time holds no digit stays
// its template's: Vault's lease ids are 24 random letters and digits, and one in seventy
// has no digit.
func TestWordWhereAMaskWas(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	var lines []string
	for i := 0; i < 2*DefaultConfig().SettleAfter; i++ {
		lines = append(lines, fmt.Sprintf("expiration: revoked lease: lease_id=database/creds/catalog-ro/Xu%dMsWPRFkzuWHjI6nZZrf", 1000+i))
	}
	lines = append(lines,
		"expiration: revoked lease: lease_id=database/creds/catalog-ro/WiOXUCqapCjmwpZOtiIHFmAh",
		"expiration: revoked lease: lease_id=database/creds/orders-rw/WiOXUCqapCjmwpZOtiIHFmAh")
	got := addAll(m, lines...)
	if id := got[len(got)-2].ID; id != got[0].ID {
		t.Errorf("a lease id without a digit started template %s (%s)", id, got[len(got)-2].Template)
	}
	if got[len(got)-2].Template != got[0].Template {
		t.Errorf("the template changed: %q, then %q", got[0].Template, got[len(got)-2].Template)
	}
	if got[len(got)-1].ID == got[0].ID {
		t.Errorf("another role's lease joined the template: %s", got[len(got)-1].Template)
	}
	for _, pair := range [][2]string{{"<NUM>", "failures"}, {"[<IP>]", "[localhost]"}, {"uid=<NUM>", "uid=root"}, {"id=<*>/x", "id=ab/x"}, {"id=<*>", "id="}} {
		want := pair[0] != "<NUM>" && pair[0] != "[<IP>]" && pair[1] != "id="
		if got := fitsMasks(pair[0], []byte(pair[1])); got != want {
			t.Errorf("fitsMasks(%q, %q) = %v, want %v", pair[0], pair[1], got, want)
		}
	}
}
