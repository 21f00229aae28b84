package drain

import "testing"

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
