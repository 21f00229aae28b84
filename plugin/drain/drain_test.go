package drain

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	cases := []struct {
		name   string
		modify func(*Config)
		want   string
	}{
		{"depth low", func(c *Config) { c.Depth = 2 }, "drain: depth must be in [3, 16], got 2"},
		{"depth high", func(c *Config) { c.Depth = MaxDepthLimit + 1 }, "drain: depth must be in [3, 16], got 17"},
		{"threshold zero", func(c *Config) { c.SimilarityThreshold = 0 }, "drain: similarity threshold must be in (0, 1], got 0"},
		{"threshold high", func(c *Config) { c.SimilarityThreshold = 1.5 }, "drain: similarity threshold must be in (0, 1], got 1.5"},
		{"children", func(c *Config) { c.MaxChildren = 1 }, "drain: max children must be in [2, 65536], got 1"},
		{"clusters", func(c *Config) { c.MaxClusters = 0 }, "drain: max clusters must be in [1, 1048576], got 0"},
		{"tokens", func(c *Config) { c.MaxTokens = MaxTokensLimit + 1 }, "drain: max tokens must be in [2, 1024], got 1025"},
		{"line bytes", func(c *Config) { c.MaxLineBytes = 0 }, "drain: max line bytes must be in [1, 1048576], got 0"},
		{"settle", func(c *Config) { c.SettleAfter = -1 }, "drain: settle after must be >= 0, got -1"},
		{"candidates", func(c *Config) { c.MaxCandidates = 0 }, "drain: max candidates must be in [1, 1048576], got 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.modify(&cfg)
			err := cfg.Validate()
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if _, err := New(cfg); err == nil {
				t.Fatal("New accepted an invalid config")
			}
		})
	}
	t.Run("all problems at once", func(t *testing.T) {
		err := Config{}.Validate()
		if err == nil || strings.Count(err.Error(), "\n") != 6 {
			t.Fatalf("want seven problems, got %v", err)
		}
	})
}

func addAll(m *Miner, lines ...string) []Match {
	out := make([]Match, len(lines))
	for i, l := range lines {
		m.Add(l, &out[i])
		out[i].Params = slices.Clone(out[i].Params)
		out[i].Merged = slices.Clone(out[i].Merged)
		out[i].Pairs = slices.Clone(out[i].Pairs)
		for j := range out[i].Pairs {
			out[i].Pairs[j].Value = strings.Clone(out[i].Pairs[j].Value) // a view until the next Add
		}
	}
	return out
}

func TestAddGeneralises(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		"Connection from 10.0.0.1 closed after 20 ms",
		"Connection from 10.0.0.2 closed after 35 ms",
		"Invalid user webmaster from 173.234.31.186",
		"Invalid user test from 173.234.31.187",
		"Invalid user oracle from 173.234.31.188",
	)
	want := []struct {
		template string
		count    int64
		isNew    bool
	}{
		{"Connection from <IP> closed after <NUM> ms", 1, true},
		{"Connection from <IP> closed after <NUM> ms", 2, false},
		{"Invalid user webmaster from <IP>", 1, true},
		{"Invalid user <*> from <IP>", 2, false},
		{"Invalid user <*> from <IP>", 3, false},
	}
	for i, w := range want {
		if got[i].Template != w.template || got[i].Count != w.count || got[i].New != w.isNew {
			t.Errorf("line %d: got %q count %d new %v, want %q count %d new %v",
				i, got[i].Template, got[i].Count, got[i].New, w.template, w.count, w.isNew)
		}
	}
	if got[0].ID != got[1].ID || got[2].ID != got[3].ID || got[3].ID != got[4].ID || got[0].ID == got[2].ID {
		t.Errorf("ids: %s %s %s %s %s", got[0].ID, got[1].ID, got[2].ID, got[3].ID, got[4].ID)
	}
	if m.Len() != 2 {
		t.Errorf("Len = %d, want 2", m.Len())
	}
	for _, g := range got {
		if len(g.ID) != 16 || strings.Trim(g.ID, "0123456789abcdef") != "" {
			t.Errorf("id %q is not 16 hex digits", g.ID)
		}
	}
}

// TestIDsAreStable checks that an id depends only on the template's first
// line, not on the miner's history.
func TestIDsAreStable(t *testing.T) {
	a := addAll(mustNew(t, DefaultConfig()), "disk sda1 is 91% full", "worker 7 started")
	b := addAll(mustNew(t, DefaultConfig()), "worker 7 started", "disk sda1 is 91% full")
	if a[0].ID != b[1].ID || a[1].ID != b[0].ID {
		t.Fatalf("ids depend on order: %s %s and %s %s", a[0].ID, a[1].ID, b[1].ID, b[0].ID)
	}
}

// TestSettledWordsSplit: once a template has matched SettleAfter lines, a
// line that differs in one of its words is another template, as a rare
// client name or protocol usually is another event.
func TestSettledWordsSplit(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	var lines []string
	for i := 0; i < DefaultConfig().SettleAfter; i++ {
		lines = append(lines, fmt.Sprintf("Session: %d_%d initialized by client WindowsUpdateAgent.", 3000+i, 77*i))
	}
	lines = append(lines, "Session: 11152_142416105 initialized by client SPP.")
	got := addAll(m, lines...)
	last := got[len(got)-1]
	if !last.New || last.ID == got[0].ID || last.Template != "Session: <*> initialized by client SPP." {
		t.Fatalf("rare client joined the settled template: %+v", last)
	}

	// Before settling, the same difference is a variable.
	m = mustNew(t, DefaultConfig())
	got = addAll(m, lines[0], lines[len(lines)-1])
	if got[1].ID != got[0].ID || got[1].Template != "Session: <*> initialized by client <*>" {
		t.Fatalf("young template did not generalise: %+v", got[1])
	}
}

// TestAbsorbSettled: a word settled early ("root") is taken back once a
// younger template shows the position to be variable.
func TestAbsorbSettled(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	var lines []string
	for i := 0; i < 15; i++ {
		lines = append(lines, fmt.Sprintf("Failed password for root from 5.36.59.%d port %d ssh2", i, 40000+i))
	}
	lines = append(lines,
		"Failed password for admin from 5.36.59.76 port 50001 ssh2",
		"Failed password for guest from 5.36.59.77 port 50002 ssh2",
		"Failed password for root from 5.36.59.78 port 50003 ssh2",
	)
	got := addAll(m, lines...)
	root, admin, guest, after := got[0], got[15], got[16], got[17]
	if !admin.New || admin.ID == root.ID {
		t.Fatalf("admin joined the settled root template: %+v", admin)
	}
	if guest.ID != root.ID || guest.Template != "Failed password for <*> from <IP> port <NUM> <*>" || guest.Count != 17 {
		t.Fatalf("root template not absorbed: %+v", guest)
	}
	if !slices.Equal(guest.Merged, []string{admin.ID}) || len(after.Merged) != 0 {
		t.Fatalf("merged ids reported: %v then %v, want [%s] then none", guest.Merged, after.Merged, admin.ID)
	}
	if after.ID != root.ID || after.Count != 18 {
		t.Fatalf("root line after the merge: %+v", after)
	}
	if got := m.Resolve(admin.ID); got != root.ID {
		t.Fatalf("Resolve(%s) = %q, want %s", admin.ID, got, root.ID)
	}
	if got := m.Resolve(root.ID); got != root.ID {
		t.Fatalf("Resolve(%s) = %q, want itself", root.ID, got)
	}
	if s := m.Stats(); s.ClustersMerged != 1 || s.TemplatesMerged != 1 {
		t.Fatalf("stats %+v, want one cluster and one template merged", s)
	}
}

// TestFamilies: lines that differ only by an optional variable share one
// id, and their numeric slots line up.
func TestFamilies(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		"mail.example.com:443 close, 451 bytes sent, 815 bytes received, lifetime 00:02",
		"mail.example.com:443 close, 1190 bytes (1.16 KB) sent, 1671 bytes received, lifetime 00:03",
		"mail.example.com:443 close, 12 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec",
	)
	if got[1].ID != got[0].ID || got[2].ID != got[0].ID {
		t.Fatalf("optional variables split the template: %s %s %s", got[0].ID, got[1].ID, got[2].ID)
	}
	if got[1].New || got[2].New || got[2].Count != 3 || m.Len() != 1 {
		t.Fatalf("family counts: %+v, Len %d", got, m.Len())
	}
	if got[1].Template != "<HOST> close, <NUM> bytes (<NUM> KB) sent, <NUM> bytes received, lifetime <TIME>" {
		t.Fatalf("template of the second form: %q", got[1].Template)
	}
	received := func(ms Match, value float64) int {
		for _, p := range ms.Params {
			if p.Value == value {
				return p.Slot
			}
		}
		t.Fatalf("no param %g in %+v", value, ms.Params)
		return -1
	}
	if a, b, c := received(got[0], 815), received(got[1], 1671), received(got[2], 18846); a != b || a != c {
		t.Fatalf("received bytes in slots %d, %d, %d", a, b, c)
	}
	if a, b := received(got[0], 451), received(got[1], 1190); a != b {
		t.Fatalf("sent bytes in slots %d, %d", a, b)
	}
}

func TestParams(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		"query 17 took 200ms rows=12 size=2MB",
		"query 18 took 40 s rows=9000 size=512 KB",
	)
	if got[0].ID != got[1].ID {
		t.Fatalf("ids differ: %+v", got)
	}
	want := [][]Param{
		{{Slot: 1, Value: 17}, {Slot: 3, Value: 0.2, Unit: UnitSeconds}, {Slot: 4, Value: 12}, {Slot: 5, Value: 2 << 20, Unit: UnitBytes}},
		{{Slot: 1, Value: 18}, {Slot: 3, Value: 40, Unit: UnitSeconds}, {Slot: 4, Value: 9000}, {Slot: 5, Value: 512 << 10, Unit: UnitBytes}},
	}
	for i := range want {
		if !slices.Equal(got[i].Params, want[i]) {
			t.Errorf("line %d params %+v, want %+v", i, got[i].Params, want[i])
		}
	}
	// The slice is reused.
	var match Match
	m.Add("query 1 took 1s rows=1", &match)
	p := &match.Params[0]
	m.Add("query 2 took 2s rows=2", &match)
	if p != &match.Params[0] {
		t.Error("Params was reallocated for a line with as many numbers")
	}
}

// TestTupleParams checks that numbers joined by '/' are numbers of their own when the
// line names them (names joined the same way before them) or gives their unit, and that
// the token stays one <*> whichever it is: a tuple that says neither (HAProxy's
// connection counts) gives no numbers, nor does a date.
func TestTupleParams(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		"query was slow 4 times: avg/min/max 629/625/632 msec",
		"query was slow 3 times: avg/min/max 800/769/821 msec",
		"ping rtt 0.045/0.058/0.071 ms",
		"selected 6/15 parts on 2024/06/11",
		"fe_https be_api 0/0/0/62/64 200 - 303/300/3/2/0",
	)
	want := [][]Param{
		{{Slot: 3, Value: 4}, {Slot: TupleSlot(6, 0), Value: 629}, {Slot: TupleSlot(6, 1), Value: 625}, {Slot: TupleSlot(6, 2), Value: 632}},
		{{Slot: 3, Value: 3}, {Slot: TupleSlot(6, 0), Value: 800}, {Slot: TupleSlot(6, 1), Value: 769}, {Slot: TupleSlot(6, 2), Value: 821}},
		{{Slot: TupleSlot(2, 0), Value: 0.045e-3, Unit: UnitSeconds}, {Slot: TupleSlot(2, 1), Value: 0.058e-3, Unit: UnitSeconds}, {Slot: TupleSlot(2, 2), Value: 0.071e-3, Unit: UnitSeconds}},
		nil,
		{{Slot: 3, Value: 200}},
	}
	templates := []string{
		"query was slow <NUM> times: avg/min/max <*> msec",
		"query was slow <NUM> times: avg/min/max <*> msec",
		"ping rtt <*> ms",
		"selected <*> parts on <TIME>",
		"fe_https be_api <*> <NUM> - <*>",
	}
	for i := range want {
		if len(got[i].Params) != len(want[i]) {
			t.Errorf("line %d params %+v, want %+v", i, got[i].Params, want[i])
			continue
		}
		for k, p := range got[i].Params {
			if w := want[i][k]; p.Slot != w.Slot || p.Unit != w.Unit || math.Abs(p.Value-w.Value) > 1e-12 {
				t.Errorf("line %d params %+v, want %+v", i, got[i].Params, want[i])
				break
			}
		}
		if got[i].Template != templates[i] {
			t.Errorf("line %d template %q, want %q", i, got[i].Template, templates[i])
		}
	}
	if pos, part := SlotPosition(TupleSlot(6, 2)); pos != 6 || part != 2 {
		t.Errorf("SlotPosition(TupleSlot(6, 2)) = %d, %d", pos, part)
	}
	if pos, part := SlotPosition(6); pos != 6 || part != -1 {
		t.Errorf("SlotPosition(6) = %d, %d", pos, part)
	}
}

func TestMaxClusters(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxClusters = 3
	m := mustNew(t, cfg)
	first := addAll(m, "alpha one", "beta two", "gamma three")
	if m.Len() != 3 || m.Stats().ClustersEvicted != 0 {
		t.Fatalf("at the limit: Len %d, stats %+v", m.Len(), m.Stats())
	}
	addAll(m, "alpha one") // alpha is now the most recent
	addAll(m, "delta four")
	if m.Len() != 3 || m.Stats().ClustersEvicted != 1 {
		t.Fatalf("over the limit: Len %d, stats %+v", m.Len(), m.Stats())
	}
	if m.Resolve(first[1].ID) != "" || m.Resolve(first[0].ID) != first[0].ID {
		t.Fatal("evicted the wrong template: least recently used was beta")
	}
	again := addAll(m, "beta two")
	if !again[0].New || again[0].ID != first[1].ID || again[0].Count != 1 {
		t.Fatalf("a template seen again after eviction gets its old id, counted anew: %+v", again[0])
	}
}

func TestMaxLineBytes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxLineBytes = 16
	m := mustNew(t, cfg)
	var match Match
	m.Add("0123456789 abcde", &match) // exactly 16 bytes
	if m.Stats().LinesCut != 0 || match.Template != "<NUM> abcde" {
		t.Fatalf("at the limit: %+v, %+v", match, m.Stats())
	}
	m.Add("0123456789 abcdef", &match) // 17 bytes
	if m.Stats().LinesCut != 1 || match.Template != "<NUM> abcde" || match.Count != 2 {
		t.Fatalf("over the limit: %+v, %+v", match, m.Stats())
	}
}

func TestMaxTokensCounted(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxTokens = 3
	m := mustNew(t, cfg)
	var match Match
	m.Add("a b c", &match)
	if m.Stats().TokensCut != 0 || match.Template != "a b c" {
		t.Fatalf("at the limit: %+v, %+v", match, m.Stats())
	}
	m.Add("a b c d", &match)
	if m.Stats().TokensCut != 1 || match.Template != "a b <*>" {
		t.Fatalf("over the limit: %+v, %+v", match, m.Stats())
	}
}

func TestOddLines(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	huge := strings.Repeat("x1 ", MaxLineBytesLimit/3+10)
	cases := []string{"", "   \t ", "\x00\x00", "\xff\xfe\xfd", "a\x00b 12", huge, strings.Repeat("é", 5000)}
	for _, line := range cases {
		var match Match
		m.Add(line, &match)
		if len(match.ID) != 16 {
			t.Fatalf("%.20q: id %q", line, match.ID)
		}
	}
	var a, b Match
	m.Add("", &a)
	m.Add(" \t", &b)
	if a.ID != b.ID || a.Template != "" {
		t.Fatalf("empty lines: %+v and %+v", a, b)
	}
}

// TestMegabyteLines runs lines of MaxLineBytesLimit through a miner that
// reads them whole: one giant token, and as many tokens as fit.
func TestMegabyteLines(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxLineBytes = MaxLineBytesLimit
	m := mustNew(t, cfg)
	lines := map[string]string{
		"one word":     strings.Repeat("a", MaxLineBytesLimit),
		"one variable": strings.Repeat("a1-", MaxLineBytesLimit/3),
		"many tokens":  strings.Repeat("7 ", MaxLineBytesLimit/2),
		"nul bytes":    strings.Repeat("\x00", MaxLineBytesLimit),
	}
	for name, line := range lines {
		t.Run(name, func(t *testing.T) {
			var match Match
			m.Add(line, &match)
			if len(match.Template) > MaxLineBytesLimit+len(wildcardText) {
				t.Fatalf("template of %d bytes", len(match.Template))
			}
			for c := m.lru.head; c != nil; c = c.next() {
				if len(c.tokens) > cfg.MaxTokens {
					t.Fatalf("template of %d tokens", len(c.tokens))
				}
			}
			if len(m.masker.buf) > 8*MaxLineBytesLimit {
				t.Fatalf("buffer of %d bytes", len(m.masker.buf))
			}
		})
	}
}

// FuzzAdd feeds arbitrary lines: never a panic, bounded state, well-formed
// matches, and a state that saves and restores.
func FuzzAdd(f *testing.F) {
	for _, s := range []string{"", "Connection from 10.0.0.1 closed after 20 ms", "\x00\xff\xfe", "a=1 b=() c=0x1f 12:00:01 Jun 3 2005", "x.y.com:80 (1.2 KB) 40s",
		`"Reconciled" ns="team-a" name="orders" phase=Ready msg="two words"`, `com.apple.x.y: told me to run this job; however, but`, "rtt min/avg/max 0.1/0.2/0.3 ms took 1/2 s"} {
		f.Add(s, s)
	}
	cfg := DefaultConfig()
	cfg.MaxClusters = 8
	cfg.MaxTokens = 16
	cfg.MaxLineBytes = 256
	f.Fuzz(func(t *testing.T, a, b string) {
		m := mustNew(t, cfg)
		var match Match
		for _, line := range []string{a, b, a + " " + b, b + a, a} {
			m.Add(line, &match)
			if len(match.ID) != 16 || m.Resolve(match.ID) != match.ID {
				t.Fatalf("%q: id %q resolves to %q", line, match.ID, m.Resolve(match.ID))
			}
			if match.Count < 1 || m.lru.len > cfg.MaxClusters {
				t.Fatalf("%q: count %d, %d clusters", line, match.Count, m.lru.len)
			}
			for c := m.lru.head; c != nil; c = c.next() {
				if len(c.tokens) > cfg.MaxTokens {
					t.Fatalf("%q: template %q has %d tokens", line, c.text(), len(c.tokens))
				}
			}
			for _, p := range match.Params {
				if pos, part := SlotPosition(p.Slot); p.Slot < 0 || pos >= cfg.MaxTokens || part >= maxTupleNumbers {
					t.Fatalf("%q: slot %d", line, p.Slot)
				}
			}
			for _, p := range match.Pairs {
				if p.Key == "" || !strings.Contains(line, p.Key+"="+p.Value) && !strings.Contains(line, p.Key+`="`+p.Value+`"`) {
					t.Fatalf("%q: pair %q=%q is not in the line", line, p.Key, p.Value)
				}
			}
			if utf8.ValidString(line) && !utf8.ValidString(match.Template) && len(line) <= cfg.MaxLineBytes {
				t.Fatalf("%q: template %q is not valid UTF-8", line, match.Template)
			}
		}
		saved, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		r := mustNew(t, cfg)
		if err := r.UnmarshalBinary(saved); err != nil {
			t.Fatal(err)
		}
		var x, y Match
		m.Add(b, &x)
		r.Add(b, &y)
		if !sameMatch(x, y) {
			t.Fatalf("restored miner differs: %+v and %+v", x, y)
		}
	})
}

func TestResolveUnknown(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	for _, id := range []string{"", "zz", "0123456789abcdeg", "0000000000000001", "00000000000000010"} {
		if got := m.Resolve(id); got != "" {
			t.Errorf("Resolve(%q) = %q, want empty", id, got)
		}
	}
}

// A template does not change with the date: a weekday opening a bracketed date
// ("[Fri May 31 ...]", Apache's error log) is part of the date, as a month's name inside
// one ("31/May/2024:...") is.
func TestMonthRolloverKeepsTheTemplate(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var may, jun Match
	for i := 0; i < 20; i++ { // a template long settled by the end of May
		m.Add(fmt.Sprintf(`10.0.0.1 - - [31/May/2024:23:59:%02d +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8" 0.010`, 30+i), &may)
	}
	m.Add(`10.0.0.2 - - [01/Jun/2024:00:00:01 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8" 0.012`, &jun)
	if jun.ID != may.ID || jun.New {
		t.Errorf("June's line got template %s (%q), May's %s (%q)", jun.ID, jun.Template, may.ID, may.Template)
	}
	var fri, sat Match
	for i := 0; i < 20; i++ {
		m.Add(fmt.Sprintf("[Fri May 31 23:59:%02d.123456 2024] [core:error] [pid 35708] AH00037: Symbolic link not allowed", 30+i), &fri)
	}
	m.Add("[Sat Jun 01 00:00:01.000001 2024] [core:error] [pid 35708] AH00037: Symbolic link not allowed", &sat)
	if sat.ID != fri.ID || sat.New {
		t.Errorf("Saturday's line got template %s (%q), Friday's %s (%q)", sat.ID, sat.Template, fri.ID, fri.Template)
	}
}

// TestLeadingLabelIsTheWriter: lines that differ only in a leading dotted label (a
// bundle id, a logger) are one event written by several writers, from the first line of
// each writer on, and after the template settled; a label without a dot is the event's
// own name.
func TestLeadingLabelIsTheWriter(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	msg := "scheduler_evaluate_activity told me to run this job; however, but the start time isn't for %d seconds. Ignoring."
	var lines []string
	for i := 0; i < DefaultConfig().SettleAfter; i++ {
		lines = append(lines, "com.apple.icloud.fmfd.heartbeat: "+fmt.Sprintf(msg, 439034+i))
	}
	lines = append(lines, "com.apple.Safari.SafeBrowsing.Update: "+fmt.Sprintf(msg, 2450),
		"com.apple.CacheDelete.daily: "+fmt.Sprintf(msg, 12119))
	got := addAll(m, lines...)
	for _, g := range got[1:] {
		if g.ID != got[0].ID {
			t.Fatalf("another writer's line got its own template: %s (%s)", g.ID, g.Template)
		}
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last.Template, "<*> scheduler_evaluate_activity") {
		t.Errorf("template %q, want the label a variable", last.Template)
	}

	m = mustNew(t, DefaultConfig())
	got = addAll(m, "getTasks: caller 10113 does not hold REAL_GET_TASKS; limiting output",
		"getRunningAppProcesses: caller 10113 does not hold REAL_GET_TASKS; limiting output")
	if got[1].ID == got[0].ID {
		t.Errorf("two functions' messages shared a template: %s", got[1].Template)
	}
}
