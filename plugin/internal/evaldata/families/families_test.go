package families

import (
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// generated holds each family's lines for seed 1, generated once, side by side.
var (
	generated     = map[string][]Line{}
	generatedOnce sync.Once
)

func linesOf(f Family) []Line {
	generatedOnce.Do(func() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, f := range All() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lines := f.Lines(1)
				mu.Lock()
				generated[f.Name] = lines
				mu.Unlock()
			}()
		}
		wg.Wait()
	})
	return generated[f.Name]
}

func TestRoles(t *testing.T) {
	names := map[string]bool{}
	incidents := 0
	for _, f := range All() {
		if names[f.Name] {
			t.Errorf("two families are named %s", f.Name)
		}
		names[f.Name] = true
		if f.Role != Tuning && f.Role != Holdout {
			t.Errorf("%s: role %q", f.Name, f.Role)
		}
		if f.Service == "" || f.Lines == nil {
			t.Errorf("%s: no service or generator", f.Name)
		}
		incidents += len(truthOf(linesOf(f)).incidents)
	}
	if n := len(ByRole(Tuning)); n < 5 {
		t.Errorf("%d tuning families, want at least 5", n)
	}
	for i, f := range All() {
		if i > 0 && f.Role == Tuning && All()[i-1].Role != Tuning {
			t.Errorf("%s: a tuning family after a holdout one", f.Name)
		}
	}
	if n := len(ByRole(Holdout)); n < 2 {
		t.Errorf("%d holdout families, want at least 2", n)
	}
	if len(All()) < 4 || incidents < 15 {
		t.Errorf("%d families with %d incidents, want at least 4 with 15", len(All()), incidents)
	}
}

func TestLinesAreDeterministic(t *testing.T) {
	for _, f := range All() {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			a, b := linesOf(f), f.Lines(1)
			if len(a) != len(b) {
				t.Fatalf("%d then %d lines with one seed", len(a), len(b))
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("line %d differs with one seed:\n%+v\n%+v", i+1, a[i], b[i])
				}
			}
		})
	}
	// Another seed draws other lines (one family is enough to show the seed is used).
	f := All()[len(All())-1]
	if c, a := f.Lines(2), linesOf(f); len(c) == len(a) && c[len(c)/2] == a[len(a)/2] {
		t.Errorf("%s: seeds 1 and 2 give the same lines", f.Name)
	}
}

type groundTruth struct {
	incidents map[string]int       // lines per incident
	changes   map[string]time.Time // start per change
}

func truthOf(lines []Line) groundTruth {
	g := groundTruth{incidents: map[string]int{}, changes: map[string]time.Time{}}
	for _, l := range lines {
		if l.Incident != "" {
			g.incidents[l.Incident]++
		}
		if l.Change != "" {
			g.changes[l.Change] = l.ChangeStart
		}
	}
	return g
}

// TestFamiliesLookReal checks what the protocol relies on: about three hours of lines
// in time order at 10-50 a second, 2-5 incidents and some benign changes, every line of
// a change at or after its start (some past its first 5 minutes), and routine lines
// all along.
func TestFamiliesLookReal(t *testing.T) {
	for _, f := range All() {
		lines := linesOf(f)
		span := lines[len(lines)-1].At.Sub(lines[0].At)
		if span < Length-5*time.Minute || span > Length {
			t.Errorf("%s: lines span %v", f.Name, span)
		}
		if rate := float64(len(lines)) / span.Seconds(); rate < 10 || rate > 50 {
			t.Errorf("%s: %.1f lines a second", f.Name, rate)
		}
		g := truthOf(lines)
		if n := len(g.incidents); n < 2 || n > 5 {
			t.Errorf("%s: %d incidents", f.Name, n)
		}
		if len(g.changes) < 2 {
			t.Errorf("%s: %d benign changes", f.Name, len(g.changes))
		}
		normal, late := 0, map[string]int{}
		for i, l := range lines {
			if i > 0 && l.At.Before(lines[i-1].At) {
				t.Fatalf("%s: line %d is earlier than the one before it", f.Name, i+1)
			}
			if strings.TrimSpace(l.Text) == "" || strings.ContainsAny(l.Text, "\n\r") {
				t.Fatalf("%s: line %d is %q", f.Name, i+1, l.Text)
			}
			switch {
			case l.Incident != "" && l.Change != "":
				t.Fatalf("%s: line %d belongs to an incident and a change", f.Name, i+1)
			case l.Change != "":
				if l.At.Before(l.ChangeStart) || !l.ChangeStart.Equal(g.changes[l.Change]) {
					t.Fatalf("%s: line %d of %q at %v, the change starting %v", f.Name, i+1, l.Change, l.At, l.ChangeStart)
				}
				if !l.At.Before(l.ChangeStart.Add(BenignChangeGrace)) {
					late[l.Change]++
				}
			case l.Incident == "":
				normal++
			}
		}
		if len(late) == 0 {
			t.Errorf("%s: no change has lines after its first 5 minutes", f.Name)
		}
		if normal < len(lines)/5 {
			t.Errorf("%s: %d normal lines of %d", f.Name, normal, len(lines))
		}
	}
}

// TestMeasure works a small stream out by hand; see the comments beside the lines.
func TestMeasure(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	deploy := t0.Add(6 * time.Second)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	lines := []Line{
		{At: at(0)}, // normal, still learning
		{At: at(time.Second)},
		{At: at(2 * time.Second), Incident: "A"},
		{At: at(3 * time.Second), Incident: "A"},
		{At: at(4 * time.Second), Incident: "A"},
		{At: at(5 * time.Second), Incident: "A"},
		{At: at(6 * time.Second)},
		{At: at(7 * time.Second), Change: "deploy", ChangeStart: deploy},         // within 5 min
		{At: deploy.Add(5 * time.Minute), Change: "deploy", ChangeStart: deploy}, // after
		{At: deploy.Add(6 * time.Minute), Change: "deploy", ChangeStart: deploy}, // after
		{At: at(7 * time.Minute), Incident: "B"},
		{At: at(8 * time.Minute), Incident: "B"},
		{At: at(9 * time.Minute), Incident: "B"},
		{At: at(10 * time.Minute), Incident: "C"},
		{At: at(11 * time.Minute), Incident: "D"},
		{At: at(12 * time.Minute), Incident: "E"},
		{At: at(13 * time.Minute), Incident: "E"},
	}
	ann := []Annotation{
		{Score: 0.99, Learning: true},
		{Score: 0.40},
		{Score: 0.70, Flag: true, Incident: "i1"},
		{Score: 0.65, Flag: true, Incident: "i1"},
		{Score: 0.60, Flag: true},
		{Score: 0.45},
		{Score: 0.55, Flag: true},
		{Score: 0.50, Flag: true},
		{Score: 0.42},
		{Score: 0.80, Flag: true, Incident: "i2"},
		{Score: 0.30},
		{Score: 0.90, Flag: true, Incident: "i3"},
		{Score: 0.90, Flag: true, Incident: "i4"},
		{Score: 0.35},
		{Score: 0.75, Flag: true, Incident: "i1"},                 // D: in A's incident, opened 11 minutes before
		{Score: 0.75, Flag: true, Incident: "i1"},                 // E: in A's incident too, at warning
		{Score: 0.95, Flag: true, Incident: "i1", Critical: true}, // then critical: the recipe pages
	}
	r, err := Measure(lines, ann)
	if err != nil {
		t.Fatal(err)
	}
	want := []IncidentResult{
		// A: 3 of 4 flagged, 2 with id i1; alerts: i1 and the flagged record without an id.
		{Name: "A", Records: 4, Flagged: 3, FlaggedWithID: 2, Alerts: 2, First: at(2 * time.Second), FirstFlagged: at(2 * time.Second)},
		// B: its 2 flagged records carry 2 ids, first flagged a minute in.
		{Name: "B", Records: 3, Flagged: 2, FlaggedWithID: 2, Alerts: 2, First: at(7 * time.Minute), FirstFlagged: at(8 * time.Minute)},
		{Name: "C", Records: 1, First: at(10 * time.Minute)},
		// D: flagged with an id, but one opened before it: no alert, no id of its own.
		{Name: "D", Records: 1, Flagged: 1, FlaggedWithID: 0, Absorbed: 1, First: at(11 * time.Minute), FirstFlagged: at(11 * time.Minute)},
		// E: its first record in A's old alert, its second escalates it: one alert,
		// which finds that second record.
		{Name: "E", Records: 2, Flagged: 2, FlaggedWithID: 1, Absorbed: 1, Alerts: 1, First: at(12 * time.Minute), FirstFlagged: at(12 * time.Minute)},
	}
	if len(r.Incidents) != len(want) {
		t.Fatalf("incidents %+v", r.Incidents)
	}
	for i, w := range want {
		got := r.Incidents[i]
		got.Last, got.Misses = time.Time{}, Misses{} // see TestMisses
		if got != w {
			t.Errorf("incident %s: got %+v, want %+v", w.Name, got, w)
		}
	}
	a, b := r.Incidents[0], r.Incidents[1]
	if a.ShareFlaggedWithID() != 0.5 || a.ShareFlagged() != 0.75 || a.Delay() != 0 || a.MeetsTargets() {
		t.Errorf("A: with id %g, flagged %g, delay %v, meets %v", a.ShareFlaggedWithID(), a.ShareFlagged(), a.Delay(), a.MeetsTargets())
	}
	if b.ShareFlaggedWithID() != 2.0/3 || b.Delay() != time.Minute || b.MeetsTargets() || r.Incidents[2].Detected() {
		t.Errorf("B: with id %g, delay %v, meets %v; C detected %v", b.ShareFlaggedWithID(), b.Delay(), b.MeetsTargets(), r.Incidents[2].Detected())
	}
	if d := r.Incidents[3]; !d.Detected() || d.FewAlerts() || d.MeetsTargets() {
		t.Errorf("D: detected %v, few alerts %v, meets %v; want detected, without an alert of its own", d.Detected(), d.FewAlerts(), d.MeetsTargets())
	}
	if r.Normal != (Share{1, 3}) || r.BenignEarly != (Share{1, 1}) || r.Benign != (Share{1, 2}) || r.Detected() != 4 {
		t.Errorf("normal %+v, benign %+v, early %+v, detected %d", r.Normal, r.Benign, r.BenignEarly, r.Detected())
	}
	// Alerts on no incident's lines: the normal line flagged without an id, the benign
	// one within 5 minutes likewise, and i2, opened by a benign line after them.
	if r.FalseAlerts != 3 {
		t.Errorf("false alerts %d, want 3", r.FalseAlerts)
	}
	// Negatives score 0 (learning), .40, .55, .50, .42, .80; each positive outscores
	// .70: 5, .65: 5, .60: 5, .45: 3, .30: 1, .90: 6, .90: 6, .35: 1, .75: 5, .75: 5,
	// .95: 6 of them = 48 of 66. Average precision down the ranking .95 .90 .90 | .80 |
	// .75 .75 .70 .65 .60 | .55 .50 | .45 | .42 .40 | .35 .30 | 0, tied scores taking
	// the precision at the end of their tie: 1, 1, 1, 5/6, 5/6, 6/7, 7/8, 8/9, 9/12,
	// 10/15, 11/16.
	wantAUC := 48.0 / 66
	wantAP := (1 + 1 + 1 + 5.0/6 + 5.0/6 + 6.0/7 + 7.0/8 + 8.0/9 + 9.0/12 + 10.0/15 + 11.0/16) / 11
	if math.Abs(r.Ranking.ROCAUC-wantAUC) > 1e-12 || math.Abs(r.Ranking.AP-wantAP) > 1e-12 {
		t.Errorf("ROC-AUC %g AP %g, want %g and %g", r.Ranking.ROCAUC, r.Ranking.AP, wantAUC, wantAP)
	}

	// No incident has 80% of its records flagged with an id of its own: D and E, whose
	// records all carry one, carry A's.
	s := Summarize([]Report{r, r})
	if s.Incidents != 10 || s.Detected != 8 || s.WithID != 0 || s.FewAlerts != 6 || s.MeetingTargets != 0 ||
		s.Normal != (Share{2, 6}) || s.Benign != (Share{2, 4}) || s.FalseAlerts != 6 || math.Abs(s.MeanROCAUC-wantAUC) > 1e-12 {
		t.Errorf("summary %+v", s)
	}
	if _, err := Measure(lines, ann[1:]); err == nil {
		t.Error("fewer annotations than lines measured")
	}
}

// TestMisses sorts an incident's records not flagged with its id: before its first flag,
// flagged otherwise, of a template new with it, of a routine template (at most twice its
// rate of the hour before) or of a surging one.
func TestMisses(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var lines []Line
	var ann []Annotation
	add := func(at time.Duration, tmpl, incident string, a Annotation) {
		a.TemplateID = tmpl
		lines = append(lines, Line{At: t0.Add(at), Incident: incident})
		ann = append(ann, a)
	}
	// The hour before: "r" once a minute, "s" once in ten.
	for m := 0; m < 60; m++ {
		add(time.Duration(m)*time.Minute, "r", "", Annotation{})
		if m%10 == 0 {
			add(time.Duration(m)*time.Minute+time.Second, "s", "", Annotation{})
		}
	}
	// The incident, 60 to 70 minutes: "r" goes on as before, "s" comes twice a minute.
	for m := 60; m <= 70; m++ {
		add(time.Duration(m)*time.Minute, "r", "", Annotation{})
		add(time.Duration(m)*time.Minute+2*time.Second, "s", "", Annotation{})
		add(time.Duration(m)*time.Minute+3*time.Second, "s", "", Annotation{})
	}
	into := func(m int) time.Duration { return time.Duration(m)*time.Minute + 30*time.Second }
	add(into(60), "r", "I", Annotation{})                          // before detection
	add(into(61), "n", "I", Annotation{Flag: true, Incident: "x"}) // its own id
	add(into(62), "r", "I", Annotation{})                          // routine
	add(into(63), "s", "I", Annotation{})                          // surging
	add(into(64), "n", "I", Annotation{})                          // new template
	add(into(65), "r", "I", Annotation{Flag: true})                // flagged otherwise
	add(into(66), "n", "I", Annotation{Flag: true, Incident: "x"}) // its own id
	add(into(70), "r", "I", Annotation{})                          // routine
	// Measure reads lines in time order.
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lines[order[a]].At.Before(lines[order[b]].At) })
	sortedLines, sortedAnn := make([]Line, len(lines)), make([]Annotation, len(ann))
	for i, k := range order {
		sortedLines[i], sortedAnn[i] = lines[k], ann[k]
	}
	r, err := Measure(sortedLines, sortedAnn)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Incidents) != 1 {
		t.Fatalf("incidents %+v", r.Incidents)
	}
	inc := r.Incidents[0]
	want := Misses{BeforeDetection: 1, FlaggedOtherwise: 1, NewTemplate: 1, Routine: 2, Surging: 1}
	if inc.Misses != want || inc.FlaggedWithID != 2 || inc.Records != 8 {
		t.Errorf("misses %+v, with id %d of %d; want %+v, 2 of 8", inc.Misses, inc.FlaggedWithID, inc.Records, want)
	}
	if g := templateGrowth([]time.Time{t0.Add(-time.Minute)}, t0, t0.Add(time.Minute)); g != 0 {
		t.Errorf("a template quiet during an incident grew %g times", g)
	}
	if g := templateGrowth([]time.Time{t0}, t0, t0); !math.IsInf(g, 1) {
		t.Errorf("a template the hour before never wrote grew %g times, want +Inf", g)
	}
}
