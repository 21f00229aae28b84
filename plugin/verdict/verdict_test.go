package verdict

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// set is the feature set the tests' vectors use: level and the surprise features the
// verdict reads.
var set = features.Set{features.Level, features.Burst, features.ErrorBurst, features.Numeric}

// step is one record fed to a judge: its event, forest score, level, burst feature,
// and how much stream time and how many stream records passed since the previous one.
type step struct {
	key   string
	score float64
	level record.Level
	burst float64
	// errorBurst is the stream's error_burst feature at the record.
	errorBurst float64
	elapsed    time.Duration
	records    int64
	// continues marks a continuation line of the entry above (features.Info.Continues).
	continues bool
	// numeric is the numeric feature; far the recent far values of its position
	// (features.Info.NumericFar).
	numeric, far float64
	// arriving marks a template arriving in a wave (features.Info.Arriving); returned
	// one that came back rather than was born (features.Info.Returned).
	arriving, returned bool
	// pace is the record's pace (features.Info.Pace); changing marks a stream in a
	// change (features.Info.Changing).
	pace     features.Pace
	changing bool
	// status marks a level that is an HTTP status's (features.Info.StatusLevel).
	status bool
	// alarmed marks alarm words in the message (features.Info.Alarmed).
	alarmed bool
	// settling marks a record of a stream that is still settling (Record.Settling).
	settling bool
}

// judgeRun feeds steps to a fresh judge after a history of routine records (scores around
// 0.4, so the threshold sits at its floor) and returns the decisions.
func judgeRun(t *testing.T, steps []step) []Decision {
	t.Helper()
	j := NewJudge(DefaultPolicy(), 0)
	var n, now int64
	feed := func(s step) Decision {
		if s.records == 0 {
			s.records = 1
		}
		if s.level == record.LevelUnknown {
			s.level = record.LevelInfo
		}
		n += s.records
		now += int64(s.elapsed)
		info := features.Info{Level: s.level, Continues: s.continues, NumericFar: s.far, Arriving: s.arriving, Returned: s.returned, Pace: s.pace, Changing: s.changing, StatusLevel: s.status, Alarmed: s.alarmed}
		return j.Decide(&Record{Forest: forest.Verdict{Score: s.score}, Vector: []float64{s.level.Score(), s.burst, s.errorBurst, s.numeric},
			Set: set, Info: &info, Key: []byte(s.key), N: n, Now: now, Settling: s.settling})
	}
	for i := 0; i < 500; i++ {
		if d := feed(step{key: "routine", score: 0.38 + 0.04*float64(i%3)/2, level: record.LevelWarning, elapsed: 100 * time.Millisecond}); d.Flag {
			t.Fatalf("routine record %d flagged", i)
		}
	}
	out := make([]Decision, len(steps))
	for i, s := range steps {
		out[i] = feed(s)
	}
	return out
}

func flags(ds []Decision) []bool {
	out := make([]bool, len(ds))
	for i, d := range ds {
		out[i] = d.Flag
	}
	return out
}

func TestIncidentKeepsItsRecordsFromOnsetToEnd(t *testing.T) {
	storm := func(k int, score, burst float64) []step {
		out := make([]step, k)
		for i := range out {
			out[i] = step{key: "login failed", score: score, level: record.LevelWarning, burst: burst, elapsed: 200 * time.Millisecond}
		}
		return out
	}
	// The storm's first record is an onset; its later records score no higher, so
	// they would not be onsets once the event's usual score has caught up with them,
	// but they still burst: they keep the incident. Then the storm ends (no burst),
	// and a record of a routine event that scores high without surprise stays out.
	steps := append(storm(30, 0.7, 3), storm(3, 0.7, 0)...)
	steps = append(steps, step{key: "routine", score: 0.45, level: record.LevelWarning, elapsed: time.Second})
	ds := judgeRun(t, steps)
	if !ds[0].Flag || !ds[0].Started || ds[0].Incident == "" {
		t.Fatalf("the storm's first record: %+v, want an onset that starts an incident", ds[0])
	}
	for i := 1; i < 30; i++ {
		if !ds[i].Flag || ds[i].Incident != ds[0].Incident || ds[i].Started {
			t.Fatalf("storm record %d: %+v, want it in incident %s", i, ds[i], ds[0].Incident)
		}
	}
	if f := flags(ds[30:]); f[0] || f[1] || f[2] || f[3] {
		t.Errorf("records without surprise after the storm, or of a routine event, flagged: %v", f)
	}
}

func TestIncidentEndsAfterQuiet(t *testing.T) {
	p := DefaultPolicy()
	ds := judgeRun(t, []step{
		{key: "panic", score: 0.9, level: record.LevelCritical, elapsed: time.Second},
		{key: "panic", score: 0.9, level: record.LevelCritical, elapsed: p.IncidentQuiet / 2},
		{key: "panic", score: 0.9, level: record.LevelCritical, elapsed: p.IncidentQuiet},
		{key: "panic", score: 0.9, level: record.LevelCritical, elapsed: time.Second, records: p.IncidentQuietRecords},
	})
	if ds[0].Incident == "" || ds[1].Incident != ds[0].Incident || ds[1].Started {
		t.Errorf("a critical record within %v of the first joins its incident: %+v, %+v", p.IncidentQuiet, ds[0], ds[1])
	}
	if !ds[2].Started || ds[2].Incident == ds[0].Incident {
		t.Errorf("after %v of quiet a new incident starts: %+v", p.IncidentQuiet, ds[2])
	}
	if !ds[3].Started || ds[3].Incident == ds[2].Incident {
		t.Errorf("after %d quiet records a new incident starts, whatever the clock: %+v", p.IncidentQuietRecords, ds[3])
	}
}

func TestCascadeJoinsTheOpenIncident(t *testing.T) {
	ds := judgeRun(t, []step{
		{key: "db down", score: 0.8, level: record.LevelError, burst: 2, elapsed: time.Second},
		// Another event bursting meanwhile, not an onset on its own (its score is what
		// a routine warning scores here), joins as the cascade it is.
		{key: "routine", score: 0.5, level: record.LevelWarning, burst: 2, elapsed: time.Second},
		// Without surprise it does not.
		{key: "routine", score: 0.5, level: record.LevelWarning, elapsed: time.Second},
		// Another event bursting two minutes after the incident's news (its last
		// onset), the incident still open, does not join: the failure's cascade came
		// with it, and a stream's trickle of surprising records would otherwise keep
		// an incident open for hours and take in the next episode's first records.
		{key: "other", score: 0.5, level: record.LevelWarning, burst: 2, elapsed: 2 * time.Minute},
	})
	if !ds[1].Flag || ds[1].Incident != ds[0].Incident {
		t.Errorf("a bursting record during an incident: %+v, want it in %s", ds[1], ds[0].Incident)
	}
	if ds[2].Flag {
		t.Errorf("a routine record during an incident flagged: %+v", ds[2])
	}
	if ds[3].Flag {
		t.Errorf("another event's bursting record 2m after the incident's last onset flagged: %+v", ds[3])
	}
}

// TestWarningsDoNotCascadeOnTheStormsErrorBurst checks that the stream's error burst,
// which an incident's own storm raises, brings into it an error of another event but not
// a warning: a busy stream's warnings (404s, wrong passwords) go on during any storm and
// carry its error burst whatever their cause.
func TestWarningsDoNotCascadeOnTheStormsErrorBurst(t *testing.T) {
	ds := judgeRun(t, []step{
		{key: "db down", score: 0.8, level: record.LevelError, burst: 2, errorBurst: 2, elapsed: time.Second},
		{key: "routine", score: 0.5, level: record.LevelWarning, errorBurst: 2, elapsed: time.Second},
		{key: "checkout failed", score: 0.5, level: record.LevelError, errorBurst: 2, elapsed: time.Second},
	})
	if !ds[0].Started {
		t.Fatalf("the storm's first error: %+v, want it to open an incident", ds[0])
	}
	if ds[1].Flag {
		t.Errorf("a warning of another event showing only the stream's error burst: %+v, want it unflagged", ds[1])
	}
	if !ds[2].Flag || ds[2].Incident != ds[0].Incident {
		t.Errorf("an error of another event during the storm's error burst: %+v, want it in %s", ds[2], ds[0].Incident)
	}
}

// TestRestartJoinsTheErrorsIncident checks that the lines of a restart (templates
// arriving in a wave) join the incident of the error that came just before, as its
// aftermath, without keeping it open; that they do not after a warning, nor later than
// Policy.Aftermath after the error; and that an error arriving in the wave is no
// restart's line.
func TestRestartJoinsTheErrorsIncident(t *testing.T) {
	p := DefaultPolicy()
	start := step{key: "starting manager", score: 0.42, arriving: true, elapsed: 17 * time.Second}
	ds := judgeRun(t, []step{
		{key: "leader election lost", score: 0.8, level: record.LevelError, burst: 2, elapsed: time.Second},
		start,
		{key: "starting manager", score: 0.42, arriving: true, elapsed: p.Aftermath},
		{key: "routine", score: 0.42, elapsed: time.Second},
	})
	if !ds[1].Flag || !ds[1].Aftermath || ds[1].Incident != ds[0].Incident {
		t.Errorf("a start-up line 17 s after the error: %+v, want it in %s as its aftermath", ds[1], ds[0].Incident)
	}
	if ds[2].Flag || ds[3].Flag {
		t.Errorf("a start-up line %v after the error, a routine line: %+v, %+v, want neither flagged", p.Aftermath+17*time.Second, ds[2], ds[3])
	}

	ds = judgeRun(t, []step{
		{key: "slow request", score: 0.8, level: record.LevelWarning, burst: 2, elapsed: time.Second},
		start,
	})
	if !ds[0].Flag || ds[1].Flag {
		t.Errorf("a start-up line after a flagged warning: %+v, %+v, want only the warning flagged", ds[0], ds[1])
	}

	ds = judgeRun(t, []step{
		{key: "leader election lost", score: 0.8, level: record.LevelError, burst: 2, elapsed: time.Second},
		start,
		{key: "leader election lost", score: 0.8, level: record.LevelError, burst: 2, elapsed: p.IncidentQuiet - 17*time.Second + time.Second},
	})
	if !ds[2].Started {
		t.Errorf("an error %v after the first, the restart between them: %+v, want a new incident (the restart keeps none open)", p.IncidentQuiet+time.Second, ds[2])
	}

	// An error arriving in the wave, a routine one (it scores as it usually does), is
	// no restart's line.
	usual := step{key: "view error", score: 0.42, level: record.LevelError, elapsed: 10 * time.Minute}
	var steps []step
	for i := 0; i < 8; i++ {
		steps = append(steps, usual)
	}
	again := usual
	again.arriving, again.elapsed = true, 10*time.Second
	ds = judgeRun(t, append(steps,
		step{key: "leader election lost", score: 0.8, level: record.LevelError, burst: 2, elapsed: time.Second},
		start, again))
	if !ds[9].Aftermath || ds[10].Flag {
		t.Errorf("a start-up line and a routine error arriving in the wave: %+v, %+v, want only the start-up line as the restart", ds[9], ds[10])
	}
}

func TestScoreOrdersAsTheFlag(t *testing.T) {
	ds := judgeRun(t, []step{
		{key: "new error", score: 0.62, level: record.LevelError, burst: 2, elapsed: time.Second},
		{key: "routine", score: 0.55, level: record.LevelInfo, elapsed: time.Second}, // routine: an onset only above Ceiling
	})
	if !ds[0].Flag || ds[0].Score <= 0.5 {
		t.Errorf("flagged record %+v must score above the threshold", ds[0])
	}
	if ds[1].Flag || ds[1].Score > 0.5 {
		t.Errorf("an unflagged record %+v must score at most the threshold", ds[1])
	}
}

func TestCriticalFlaggedWhileLearning(t *testing.T) {
	j := NewJudge(DefaultPolicy(), 0)
	info := features.Info{Level: record.LevelCritical}
	d := j.Decide(&Record{Forest: forest.Verdict{Learning: true}, Vector: []float64{4, 0, 0, 0}, Set: set, Info: &info, Key: []byte("panic"), N: 1, Now: 1})
	if !d.Flag || !d.Started {
		t.Errorf("a critical record before the first model: %+v, want flagged, starting an incident", d)
	}
	info.Level = record.LevelError
	if d := j.Decide(&Record{Forest: forest.Verdict{Learning: true}, Vector: []float64{3, 0, 0, 0}, Set: set, Info: &info, Key: []byte("err"), N: 2, Now: 2}); d.Flag {
		t.Errorf("an error before the first model flagged: %+v", d)
	}
}

// TestNumericPrior checks the prior of a number beyond the forest's range: none within
// it, growing with the excess, halved for each recent far value of the same position.
func TestNumericPrior(t *testing.T) {
	set := features.Set{features.Level, features.Numeric}
	referenceBound := features.SurpriseBound(features.Numeric)
	tests := []struct {
		numeric, far, want float64
	}{
		{0, 0, 0},
		{referenceBound, 0, 0},
		{referenceBound + 1, 0, 0.5},
		{referenceBound + 2, 0, 0.75},
		{referenceBound + 2, 1, 0.375},
		{referenceBound + 2, 3, 0.09375},
	}
	for _, tc := range tests {
		info := features.Info{NumericFar: tc.far}
		if got := numericPrior([]float64{1, tc.numeric}, set, &info); got != tc.want {
			t.Errorf("numeric %g after %g far values: prior %g, want %g", tc.numeric, tc.far, got, tc.want)
		}
	}
	if got := numericPrior([]float64{1, 9}, features.Set{features.Level, features.Length}, &features.Info{}); got != 0 {
		t.Errorf("without the numeric feature: prior %g", got)
	}
}

// An event's records that score what it usually scores are not onsets once it is
// familiar; one that scores clearly higher is, and a critical one of an event not yet
// known is.
func TestOnsetOfUsualScore(t *testing.T) {
	p := DefaultPolicy()
	var m event
	info := features.Info{Level: record.LevelWarning} // a warning: never routine
	step := func(score float64) bool {
		onset := p.Keep(&m, &info, score)
		p.LearnScore(&m, score)
		return onset
	}
	for i := 0; i < int(p.UsualScoreAfter); i++ {
		if !step(0.62 + 0.01*float64(i%3)) {
			t.Fatalf("record %d of an unfamiliar event not an onset", i)
		}
	}
	if math.Abs(m.usualScore-0.63) > 0.01 {
		t.Fatalf("usual score %.3f, want about 0.63", m.usualScore)
	}
	if step(0.66) {
		t.Error("a familiar event's record at its usual score is an onset")
	}
	if above := m.usualScore + p.EscalateBy + 0.02; !step(above) {
		t.Errorf("a record %.2f above its event's usual score is not an onset", above-m.usualScore)
	}
	// A critical level its event always has is that event's usual; news while unknown.
	info.Level = record.LevelCritical
	if step(0.64) {
		t.Error("a critical record at its event's usual score is an onset")
	}
	var fresh event
	if !p.Keep(&fresh, &info, 0.64) {
		t.Error("a critical record of an event not yet known is not an onset")
	}
}

// A stack frame of an error that was not flagged is that error's: however high it scores
// (a frame template seen a few times), it opens no incident; the frames of a flagged error
// carry its flag.
func TestContinuationLinesFollowTheirEntry(t *testing.T) {
	frame := step{key: "frame", score: 0.9, level: record.LevelError, continues: true, elapsed: time.Millisecond}
	got := flags(judgeRun(t, []step{
		{key: "routine", score: 0.4, level: record.LevelWarning, elapsed: time.Second},
		frame, frame,
		{key: "new failure", score: 0.95, level: record.LevelError, elapsed: time.Second},
		frame, frame,
	}))
	want := []bool{false, false, false, true, true, true}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("flags %v, want %v", got, want)
		}
	}
}

// TestErrorsCascadeFromFailures checks that rare INFO lines coming one after another (a
// young stream's first runs of each job) carry an incident along for one another, but an
// error a minute after the incident's last warning or error is news of its own, however
// recent the last INFO onset.
func TestErrorsCascadeFromFailures(t *testing.T) {
	p := DefaultPolicy()
	ds := judgeRun(t, []step{
		{key: "job a started", score: 0.8, elapsed: time.Second},
		{key: "job b started", score: 0.8, elapsed: 40 * time.Second},
		{key: "job c started", score: 0.8, elapsed: 40 * time.Second},
		{key: "worker killed", score: 0.8, level: record.LevelError, elapsed: 40 * time.Second},
		{key: "job d started", score: 0.8, elapsed: 10 * time.Second},
	})
	if !ds[0].Started || ds[1].Incident != ds[0].Incident || ds[2].Incident != ds[0].Incident {
		t.Fatalf("INFO onsets 40 s apart: %+v, want one incident", ds[:3])
	}
	if d := ds[3]; !d.Started || d.Incident == ds[0].Incident {
		t.Errorf("an error 40 s after an INFO onset, %v after no failure: %+v, want an incident of its own", p.Cascade, d)
	}
	if ds[4].Incident != ds[3].Incident {
		t.Errorf("an INFO onset 10 s after the error: %+v, want it in the error's incident %s", ds[4], ds[3].Incident)
	}
}

// TestWarningsComeWithTheirIncidentsStart checks that a warning that comes with an
// incident's first record joins it, although that record was INFO (a client's 429s and
// the rate limiter's warnings about them), while an error a minute after an INFO
// incident's start, INFO onsets or not since, is news of its own.
func TestWarningsComeWithTheirIncidentsStart(t *testing.T) {
	p := DefaultPolicy()
	ds := judgeRun(t, []step{
		// Later than Policy.Cascade into the stream: no failure before it.
		{key: "request completed status=429", score: 0.8, burst: 2, elapsed: 2 * p.Cascade},
		{key: "rate limit exceeded", score: 0.8, level: record.LevelWarning, burst: 2, elapsed: time.Millisecond},
		{key: "job b started", score: 0.8, elapsed: 40 * time.Second},
		{key: "worker killed", score: 0.8, level: record.LevelError, elapsed: p.Cascade - 40*time.Second + time.Second},
	})
	if !ds[0].Started {
		t.Fatalf("the INFO onset: %+v, want it to open an incident", ds[0])
	}
	if d := ds[1]; !d.Flag || d.Started || d.Incident != ds[0].Incident {
		t.Errorf("a warning with the incident's first record: %+v, want it in %s", d, ds[0].Incident)
	}
	if d := ds[3]; !d.Started {
		t.Errorf("an error %v after the INFO incident's start and its last warning: %+v, want an incident of its own", p.Cascade+time.Millisecond, d)
	}
}

// TestFramesGoWithTheirError checks that the stack frames of an error go to the incident
// the error went to, not to an older open incident whose own error wrote frames of the
// same template: every Java error writes "at ..." lines.
func TestFramesGoWithTheirError(t *testing.T) {
	frame := step{key: "frame", score: 0.9, level: record.LevelError, continues: true, elapsed: time.Millisecond}
	ds := judgeRun(t, []step{
		{key: "ledger write failed", score: 0.9, level: record.LevelError, elapsed: time.Second},
		frame, frame,
		// Four minutes on, the first incident still open (its error again, two
		// minutes before), another failure: an incident of its own, and its frames.
		{key: "ledger write failed", score: 0.9, level: record.LevelError, elapsed: 2 * time.Minute},
		{key: "authorization failed", score: 0.95, level: record.LevelError, elapsed: 2 * time.Minute},
		frame, frame,
	})
	first, second := ds[0].Incident, ds[4].Incident
	if first == "" || ds[1].Incident != first || ds[3].Incident != first {
		t.Fatalf("the first error, its frames and its recurrence: %+v", ds[:4])
	}
	if !ds[4].Started || second == first {
		t.Fatalf("another failure four minutes on: %+v, want an incident of its own", ds[4])
	}
	for i, d := range ds[5:] {
		if d.Incident != second {
			t.Errorf("frame %d of the second failure: %+v, want it in %s", i, d, second)
		}
	}
}

// TestIncidentLinksAreBounded checks the two bounds of an incident's identifiers: the
// ring keeps the newest maxIncidentLinks (counting what it forgets), and one identifier
// brings at most maxLinkedRecords records.
func TestIncidentLinksAreBounded(t *testing.T) {
	var in incident
	for h := uint64(1); h <= maxIncidentLinks+10; h++ {
		in.remember([]uint64{h}, 0)
	}
	if len(in.ring) != maxIncidentLinks || len(in.links) != maxIncidentLinks || in.forgotten != 10 {
		t.Fatalf("%d identifiers in the ring, %d in the map, %d forgotten; want %d, %d, 10",
			len(in.ring), len(in.links), in.forgotten, maxIncidentLinks, maxIncidentLinks)
	}
	if in.linked([]uint64{1}, 0, 0, true) || in.linked([]uint64{10}, 0, 0, true) {
		t.Error("an identifier the ring overwrote still links")
	}
	last := uint64(maxIncidentLinks + 10)
	for i := 0; i < maxLinkedRecords; i++ {
		if !in.linked([]uint64{99999, last}, 0, 0, true) {
			t.Fatalf("record %d of a remembered identifier not linked", i)
		}
	}
	if in.linked([]uint64{last}, 0, 0, true) {
		t.Errorf("identifier linked more than %d records", maxLinkedRecords)
	}
}

// TestIncidentKeepsManyEvents checks that an incident remembers the events of a storm
// over many tenants' routes, up to maxIncidentKeys, finds each by its key and its
// template, and keeps them through a saved state: a later record of any of them is the
// incident's own, not a cascade into whatever incident opened meanwhile.
func TestIncidentKeepsManyEvents(t *testing.T) {
	var in incident
	const events = 96
	for i := 0; i < events; i++ {
		in.join([]byte(fmt.Sprintf("25b3b1a9|-93797506=tenant%d#w", i)), eventTraits{baseline: 0.3, share: 0.01}, int64(i), 0)
	}
	for i := 0; i < events; i++ {
		if ev := in.event([]byte(fmt.Sprintf("25b3b1a9|-93797506=tenant%d#w", i))); ev == nil || ev.records != 1 {
			t.Fatalf("event %d of %d: %+v, want it with one record", i, events, ev)
		}
	}
	if !in.hasTemplate([]byte("25b3b1a9")) || in.hasTemplate([]byte("25b3b1a")) {
		t.Error("the incident's template not found by its id, or found by a prefix")
	}
	var w envelope.Writer
	in.appendState(&w)
	var back incident
	back.readState(envelope.NewReader(w.Bytes()))
	if len(back.keys) != events || back.event([]byte("25b3b1a9|-93797506=tenant95#w")) == nil || !back.hasTemplate([]byte("25b3b1a9")) {
		t.Errorf("after a restore: %d events, want %d, each found", len(back.keys), events)
	}
}

// TestIncidentEventTakesItsFirstCategoricalKey checks that an event that joined before
// its template had categorical positions is the first event of that template and
// severity with categorical values to come after, and no other: the same line told
// apart by its values now, not every value of it.
func TestIncidentEventTakesItsFirstCategoricalKey(t *testing.T) {
	var in incident
	in.join([]byte("93bfe23c#i"), eventTraits{baseline: 0.3, share: 0.01, fresh: true, novel: true}, 1, 0)
	in.join([]byte("7a1c#i"), eventTraits{baseline: 0.3, share: 0.01, fresh: true, novel: true}, 2, 0)
	if ev := in.event([]byte("93bfe23c|6=1#w")); ev != nil {
		t.Fatalf("a warning of the template found as its INFO event: %+v", ev)
	}
	ev := in.event([]byte("93bfe23c|6=1#i"))
	if ev == nil || ev.records != 1 || !ev.novel {
		t.Fatalf("the event with its value: %+v, want the event that joined without it", ev)
	}
	if in.event([]byte("93bfe23c|6=1#i")) != ev || in.event([]byte("93bfe23c#i")) != nil {
		t.Error("the event not found by its new key, or still by its old one")
	}
	if ev := in.event([]byte("93bfe23c|6=2#i")); ev != nil {
		t.Errorf("another value of the template taken as the same event: %+v", ev)
	}
	if in.event([]byte("7a1c#i")) == nil || in.event([]byte("7a1c|3=x|5=y#i")) == nil {
		t.Error("another event of the incident not found")
	}
}

// TestLinksLastAsLongAsARequest checks that an identifier brings records into its
// incident only within Policy.LinkWithin of the last flagged record that carried it:
// an object reconciled again minutes after its last error is no longer that error's
// request, while one that keeps failing keeps its link fresh.
func TestLinksLastAsLongAsARequest(t *testing.T) {
	within := int64(DefaultPolicy().LinkWithin)
	at := func(s int) int64 { return int64(s) * int64(time.Second) }
	var in incident
	in.remember([]uint64{7}, at(0))
	if !in.linked([]uint64{7}, at(30), within, true) {
		t.Error("a record 30 s after its identifier's error not linked")
	}
	if in.linked([]uint64{7}, at(90), within, true) {
		t.Error("a record 90 s after its identifier's error linked")
	}
	in.refresh([]uint64{7}, at(120), &knownIdentifiers{})
	if !in.linked([]uint64{7}, at(170), within, true) {
		t.Error("a record 50 s after its identifier's second error not linked")
	}
}

// TestFarNumbersOfAnIncidentsTemplateJoinIt checks that a record whose number is far at
// a position that keeps landing far joins the incident when the incident holds an event
// of its template (the gauge climbing is the incident's, whatever the record's other
// categorical values) while the incident is live, and not otherwise (a heavy-tailed
// counter of another template; the template's far value minutes after the incident's
// last record).
func TestFarNumbersOfAnIncidentsTemplateJoinIt(t *testing.T) {
	far := features.SurpriseBound(features.Numeric)
	// Both events are known at 0.45 before the incident, so a record of either at 0.49
	// is no onset: it joins as a cascade or not at all.
	var steps []step
	for i := 0; i < 20; i++ {
		steps = append(steps,
			step{key: "queue depth|7=2", score: 0.45, level: record.LevelWarning, elapsed: time.Second},
			step{key: "bytes sent|3=0", score: 0.45, level: record.LevelWarning, elapsed: time.Second})
	}
	n := len(steps)
	steps = append(steps,
		step{key: "queue depth|7=1", score: 0.8, level: record.LevelWarning, numeric: far, elapsed: time.Second},
		step{key: "queue depth|7=2", score: 0.49, level: record.LevelWarning, numeric: far, far: 5, elapsed: 50 * time.Second},
		step{key: "bytes sent|3=0", score: 0.49, level: record.LevelWarning, numeric: far, far: 5, elapsed: time.Second},
		step{key: "queue depth|7=3", score: 0.49, level: record.LevelWarning, numeric: far, far: 5, elapsed: 4 * time.Minute})
	ds := judgeRun(t, steps)
	for i, d := range ds[:n] {
		if d.Flag {
			t.Fatalf("history record %d flagged: %+v", i, d)
		}
	}
	ds = ds[n:]
	if !ds[0].Flag || ds[0].Incident == "" {
		t.Fatalf("the far value: %+v, want an incident", ds[0])
	}
	if !ds[1].Flag || ds[1].Incident != ds[0].Incident {
		t.Errorf("a far value of the incident's template under another category, 50 s on: %+v, want it in %s", ds[1], ds[0].Incident)
	}
	if ds[2].Flag {
		t.Errorf("a far value of a position that keeps landing far, of another template: %+v, want it left out", ds[2])
	}
	if ds[3].Flag {
		t.Errorf("a far value of the incident's template four minutes after its last record: %+v, want it left out (the incident is no longer live)", ds[3])
	}
}

// TestUnrelatedOnsetOpensItsOwnIncident checks that an onset of another event joins the
// open incident as a cascade within Policy.Cascade of its last onset, and later opens an
// incident of its own (with its own alert), while the first incident's storm goes on
// under its id. The storm's records are onsets until its event's usual score is known
// (UsualScoreAfter records), then go on as the storm they are.
func TestUnrelatedOnsetOpensItsOwnIncident(t *testing.T) {
	p := DefaultPolicy()
	storm := step{key: "probe 404", score: 0.7, level: record.LevelWarning, burst: 3, elapsed: 10 * time.Second}
	steps := []step{storm, {key: "upstream timed out", score: 0.8, level: record.LevelError, burst: 2, elapsed: 5 * time.Second}}
	for i := 0; i < 20; i++ {
		steps = append(steps, storm)
	}
	steps = append(steps, step{key: "502 bad gateway", score: 0.8, level: record.LevelError, burst: 2, elapsed: 5 * time.Second}, storm)
	ds := judgeRun(t, steps)
	if !ds[0].Started || ds[1].Incident != ds[0].Incident || ds[1].Started {
		t.Errorf("an error 5 s after the onset: %+v, want it in %s as a cascade", ds[1], ds[0].Incident)
	}
	for i := 2; i < 22; i++ {
		if ds[i].Incident != ds[0].Incident {
			t.Fatalf("storm record %d: %+v, want it in %s", i, ds[i], ds[0].Incident)
		}
	}
	if d := ds[22]; !d.Started || d.Incident == ds[0].Incident {
		t.Errorf("an error over %v after the incident's last onset: %+v, want an incident of its own", p.Cascade, d)
	}
	if ds[23].Incident != ds[0].Incident {
		t.Errorf("the storm after the new incident opened: %+v, want it in %s still", ds[23], ds[0].Incident)
	}
}

// TestCascadeEndsInRecordsWhereTimeStandsStill checks that where event time does not
// move (a file whose lines hold no time), an error CascadeRecords records after an
// incident's news is news of its own, as one a minute after it is where time moves,
// while one soon after still joins it.
func TestCascadeEndsInRecordsWhereTimeStandsStill(t *testing.T) {
	p := DefaultPolicy()
	ds := judgeRun(t, []step{
		{key: "disk latency high", score: 0.8, level: record.LevelWarning, burst: 3},
		{key: "upstream timed out", score: 0.8, level: record.LevelError, burst: 2, records: 100},
		{key: "502 bad gateway", score: 0.8, level: record.LevelError, burst: 2, records: p.CascadeRecords + 1},
	})
	if !ds[0].Started || ds[1].Incident != ds[0].Incident {
		t.Errorf("an error 100 records after the onset: %+v, want it in %s as a cascade", ds[1], ds[0].Incident)
	}
	if !ds[2].Started || ds[2].Incident == ds[0].Incident {
		t.Errorf("an error %d records after the incident's last news, no time passed: %+v, want an incident of its own", p.CascadeRecords+1, ds[2])
	}
}

// TestFloodOutsideAChangeKeepsItsIncident checks that a known event storming FloodGrowth
// times beyond its share when it joined keeps its incident when its score is back at its
// usual one, unless it joined during a change (a rollout's storm is the rollout) or as
// its template came back from a long silence (its share then was the silence's), and
// that a storm of a few times its share is held to its score.
func TestFloodOutsideAChangeKeepsItsIncident(t *testing.T) {
	p := DefaultPolicy()
	share := 0.001
	joined := features.Pace{Recent: 5, Share: share, StreamRecent: 100}
	flood := func(growth float64) step {
		return step{key: "request completed status=429", score: 0.39, elapsed: 100 * time.Millisecond,
			pace: features.Pace{Recent: 50, Share: growth * share, StreamRecent: 100}}
	}
	for _, c := range []struct {
		name     string
		changing bool
		// arriving: its template arrived in a wave when it joined; returned: it came
		// back from a long silence then, rather than was born.
		arriving, returned bool
		growth             float64
		want               bool
	}{
		{"a flood", false, false, false, p.FloodGrowth, true},
		{"a flood during a change", true, false, false, p.FloodGrowth, false},
		{"a storm of a few times its share", false, false, false, p.FloodGrowth / 4, false},
		{"its usual pace back after a silence", false, true, true, p.FloodGrowth, false},
		{"a flood of a template born in a wave", false, true, false, p.FloodGrowth, true},
	} {
		ds := judgeRun(t, []step{
			{key: "request completed status=429", score: 0.8, burst: 2, elapsed: time.Second, pace: joined, changing: c.changing, arriving: c.arriving, returned: c.returned},
			flood(c.growth),
		})
		if !ds[0].Started {
			t.Fatalf("%s: its first record %+v, want it to open an incident", c.name, ds[0])
		}
		if got := ds[1].Flag && ds[1].Incident == ds[0].Incident; got != c.want {
			t.Errorf("%s: a record at its usual score %+v, in the incident %v, want %v", c.name, ds[1], got, c.want)
		}
		// Kept for its storm, not for a surprise: its reason says so (Decision.Storm).
		if ds[0].Storm || ds[1].Storm != c.want {
			t.Errorf("%s: Storm %v then %v, want false then %v", c.name, ds[0].Storm, ds[1].Storm, c.want)
		}
	}
}

// TestSporadicIncidentTakesInNoCascade checks that an incident whose own event came back
// after minutes of quiet (a slow operation now and then) keeps that record but takes in
// no other event's storm as its cascade 40 s later: the storm opens an incident, and an
// alert, of its own. Within Policy.Cascade of a live incident's records it joins.
func TestSporadicIncidentTakesInNoCascade(t *testing.T) {
	slow := step{key: "slow index op", score: 0.8, level: record.LevelWarning, elapsed: time.Second}
	storm := step{key: "slow search", score: 0.8, level: record.LevelWarning, burst: 3, elapsed: 40 * time.Second}
	later := slow
	later.elapsed = 3*time.Minute + 30*time.Second
	ds := judgeRun(t, []step{slow, later, storm})
	if !ds[0].Started || ds[1].Incident != ds[0].Incident {
		t.Fatalf("the slow operation and its return within %v: %+v, %+v, want one incident", DefaultPolicy().IncidentQuiet, ds[0], ds[1])
	}
	if d := ds[2]; !d.Started || d.Incident == ds[0].Incident {
		t.Errorf("a storm 40 s after a sporadic incident's record: %+v, want an incident of its own", d)
	}
	close := slow
	close.elapsed = 20 * time.Second
	ds = judgeRun(t, []step{slow, close, storm})
	if d := ds[2]; d.Started || d.Incident != ds[0].Incident {
		t.Errorf("a storm 40 s after a live incident's records: %+v, want it in %s", d, ds[0].Incident)
	}
}

// TestIncidentLetsGoOfAPausedEvent checks that an incident kept open by one of its events
// no longer holds another that paused in it for IncidentQuiet: that event's next onset
// is news of its own, with its own incident and alert, while within IncidentQuiet it
// still joins the incident that has it.
func TestIncidentLetsGoOfAPausedEvent(t *testing.T) {
	p := DefaultPolicy()
	slow := step{key: "slow query", score: 0.8, level: record.LevelWarning, elapsed: time.Second}
	steps := []step{slow, {key: "validation failed", score: 0.8, level: record.LevelWarning, elapsed: 10 * time.Second}}
	// The validation failures recur every two minutes, each an onset of an event the
	// incident holds, and keep it open.
	for i := 0; i < 4; i++ {
		steps = append(steps, step{key: "validation failed", score: 0.8, level: record.LevelWarning, elapsed: 2 * time.Minute})
	}
	back := slow
	back.elapsed, back.burst = 10*time.Second, 3 // bursting: news, not a rare warning's trickle
	ds := judgeRun(t, append(steps, back))
	for i, d := range ds[:6] {
		if d.Incident != ds[0].Incident {
			t.Fatalf("record %d: %+v, want it in %s", i, d, ds[0].Incident)
		}
	}
	if d := ds[6]; !d.Started || d.Incident == ds[0].Incident {
		t.Errorf("a slow query over %v after the incident's last one: %+v, want an incident of its own", p.IncidentQuiet, d)
	}
	steps[2].elapsed, steps[3].elapsed = time.Minute, time.Minute
	ds = judgeRun(t, append(steps[:4], back))
	if d := ds[4]; d.Started || d.Incident != ds[0].Incident {
		t.Errorf("a slow query within %v of the incident's last one: %+v, want it in %s", p.IncidentQuiet, d, ds[0].Incident)
	}
}

// TestCascadeGoesToTheFreshestNews checks that an onset of another event joins the
// incident whose news is freshest, not the one a record joined last: a failover's error
// opens an incident, a slow request of an older incident's event joins that one, and the
// failover's next error, a second later, is the failover's.
func TestCascadeGoesToTheFreshestNews(t *testing.T) {
	ds := judgeRun(t, []step{
		{key: "slow request", score: 0.8, level: record.LevelWarning, elapsed: time.Second},
		{key: "redis connection lost", score: 0.8, level: record.LevelError, elapsed: 4 * time.Minute},
		{key: "slow request", score: 0.8, level: record.LevelWarning, elapsed: 100 * time.Millisecond},
		{key: "cart storage unavailable", score: 0.8, level: record.LevelError, elapsed: time.Second},
	})
	if !ds[1].Started || ds[1].Incident == ds[0].Incident {
		t.Fatalf("an error 4 minutes after the first incident's news: %+v, want an incident of its own", ds[1])
	}
	if ds[2].Incident != ds[0].Incident {
		t.Fatalf("the slow request: %+v, want it in %s, which holds its event", ds[2], ds[0].Incident)
	}
	if d := ds[3]; d.Started || d.Incident != ds[1].Incident {
		t.Errorf("an error a second after the failover's: %+v, want it in %s", d, ds[1].Incident)
	}
}

// TestWarningsNamingAFailureKeepItsNewsFresh checks that an incident whose own warning
// goes on naming its failure (an alarm word) stays the news the failure's next event
// comes with, minutes after its start, while one whose warning names none (a slow
// request) does not: the next error is news of its own.
func TestWarningsNamingAFailureKeepItsNewsFresh(t *testing.T) {
	p := DefaultPolicy()
	if p.Cascade >= 2*time.Minute {
		t.Fatalf("Policy.Cascade %v: the error must come later than that after the incident's start", p.Cascade)
	}
	run := func(alarmed bool) []Decision {
		// Its first record an onset, the others below the threshold's floor, flagged as
		// the incident's storm goes on: no onsets.
		first := step{key: "disk watermark exceeded", score: 0.8, level: record.LevelWarning, burst: 2, alarmed: alarmed, elapsed: 30 * time.Second}
		more := first
		more.score = p.Floor - 0.02
		steps := []step{first, more, more, more, more,
			{key: "shard allocation failed", score: 0.8, level: record.LevelError, elapsed: 30 * time.Second}}
		return judgeRun(t, steps)
	}
	ds := run(true)
	for i, d := range ds[:5] {
		if !d.Flag || d.Incident != ds[0].Incident {
			t.Fatalf("warning %d: %+v, want it flagged in %s", i, d, ds[0].Incident)
		}
	}
	if d := ds[5]; d.Started || d.Incident != ds[0].Incident {
		t.Errorf("an error 30 s after the incident's last warning naming its failure, %v after its start: %+v, want it in %s",
			5*30*time.Second, d, ds[0].Incident)
	}
	ds = run(false)
	if d := ds[5]; !d.Started {
		t.Errorf("an error %v after an incident of plain warnings started: %+v, want an incident of its own", 5*30*time.Second, d)
	}
}

// TestRareWarningsTrickleIsNoNews checks that a rare warning seen before, too few times
// for its usual score to be known, opens no incident when it shows nothing but its
// rarity, while its first sighting does, and that it is no cascade of an incident whose
// news it comes with either: it came before without one. Bursting, it is.
func TestRareWarningsTrickleIsNoNews(t *testing.T) {
	timeout := step{key: "printer did not acknowledge", score: 0.8, level: record.LevelWarning, elapsed: time.Second}
	again := timeout
	again.elapsed = 10 * time.Minute
	ds := judgeRun(t, []step{timeout, again,
		{key: "deadlock victim", score: 0.8, level: record.LevelError, burst: 2, elapsed: 10 * time.Minute},
		{key: "printer did not acknowledge", score: 0.8, level: record.LevelWarning, elapsed: 5 * time.Second}})
	if !ds[0].Started {
		t.Errorf("the warning's first sighting: %+v, want an incident", ds[0])
	}
	if ds[1].Flag {
		t.Errorf("its second sighting 10 minutes later, without surprise: %+v, want no flag", ds[1])
	}
	if !ds[2].Started || ds[3].Flag {
		t.Errorf("the warning 5 s after an error opened an incident: %+v, %+v, want no flag", ds[2], ds[3])
	}
	bursting := timeout
	bursting.elapsed, bursting.burst = 5*time.Second, 3
	ds = judgeRun(t, []step{timeout, again,
		{key: "deadlock victim", score: 0.8, level: record.LevelError, burst: 2, elapsed: 10 * time.Minute},
		bursting})
	if d := ds[3]; !d.Flag || d.Started || d.Incident != ds[2].Incident {
		t.Errorf("the warning bursting 5 s after an error opened an incident: %+v, want it in %s", d, ds[2].Incident)
	}
}

// TestRareErrorsHabitIsNoNews checks that a rare error seen before opens no incident
// when it comes as many times within seconds as it came at its earlier sightings (a page
// that fails twice, its error written once per render), and is news when it comes faster
// than it ever did: alone at first, then in a pair, then the pair again, then three in
// four seconds.
func TestRareErrorsHabitIsNoNews(t *testing.T) {
	sighting := func(elapsed time.Duration, recent float64) step {
		return step{key: "Undefined array key", score: 0.7, level: record.LevelError, elapsed: elapsed,
			pace: features.Pace{Recent: recent, Share: 1e-4, StreamRecent: 100}}
	}
	pair := 1 + math.Exp(-0.5) // a second record five seconds after the first
	ds := judgeRun(t, []step{
		sighting(time.Second, 1),
		sighting(10*time.Minute, 1), sighting(5*time.Second, pair),
		sighting(10*time.Minute, 1), sighting(5*time.Second, pair),
		sighting(10*time.Minute, 1), sighting(2*time.Second, 1+math.Exp(-0.2)), sighting(2*time.Second, 1+math.Exp(-0.2)+math.Exp(-0.4)),
	})
	for i, news := range []bool{true, false, true, false, false, false, false, true} {
		if d := ds[i]; d.Flag != news || d.Started != news {
			t.Errorf("sighting %d: %+v, want news (flagged, opening an incident) %v", i, d, news)
		}
	}
}

// TestKnownErrorsAtTheirPaceAreBystanders checks that an error the stream writes now and
// then, known and come at its usual pace, does not join an incident whose storm it meets,
// though the storm's error burst raises its score (as an onset, or as a cascade), while
// the same error coming faster than ever outside an incident, and an error the stream
// never wrote, still do.
func TestKnownErrorsAtTheirPaceAreBystanders(t *testing.T) {
	view := func(score, recent float64, elapsed time.Duration, errorBurst float64) step {
		return step{key: "Undefined array key", score: score, level: record.LevelError, elapsed: elapsed, errorBurst: errorBurst,
			pace: features.Pace{Recent: recent, Share: 1e-4, StreamRecent: 100}}
	}
	steps := []step{view(0.7, 1, time.Second, 0)}
	for i := 0; i < 10; i++ {
		steps = append(steps, view(0.7, 1, 10*time.Minute, 0))
	}
	known := len(steps)
	steps = append(steps,
		step{key: "db down", score: 0.8, level: record.LevelError, burst: 2, errorBurst: 2, elapsed: 10 * time.Minute},
		view(0.8, 1, time.Second, 2),  // an onset by its score, the storm's error burst's
		view(0.74, 1, time.Second, 2), // a cascade by its score
		view(0.74, 5, time.Second, 2), // five within seconds: faster than it ever came
		step{key: "checkout failed", score: 0.6, level: record.LevelError, errorBurst: 2, elapsed: time.Second},
	)
	ds := judgeRun(t, steps)
	if !ds[0].Started {
		t.Fatalf("the error's first sighting: %+v, want news", ds[0])
	}
	for i := 1; i < known; i++ {
		if ds[i].Flag {
			t.Fatalf("sighting %d of a known error, alone: %+v, want no news", i, ds[i])
		}
	}
	storm := ds[known]
	if !storm.Started {
		t.Fatalf("the storm's first error: %+v, want an incident", storm)
	}
	for i, want := range []bool{false, false, true, true} {
		if d := ds[known+1+i]; d.Flag != want || want && d.Incident != storm.Incident {
			t.Errorf("record %d during the storm: %+v, want in its incident %v", i, d, want)
		}
	}
}

// TestStormDoesNotTeachItsUsualScore checks that a storm growing out of a rare event
// whose usual score is known, each record a little above it and bursting, does not raise
// that usual score as it goes: it becomes an onset once it scores clearly above what the
// event scored before the storm (learned, its scores kept the usual one just below them,
// and none was ever an onset).
func TestStormDoesNotTeachItsUsualScore(t *testing.T) {
	// Its records rise by a twentieth of EscalateBy each, from a quarter of it above the
	// usual score: the fifteenth is as far above it as an onset must be.
	p := DefaultPolicy()
	var steps []step
	for i := 0; i < 8; i++ {
		steps = append(steps, step{key: "failed authentication", score: 0.61, elapsed: 10 * time.Minute})
	}
	for i := 0; i < 40; i++ {
		score := 0.61 + p.EscalateBy/4 + p.EscalateBy/20*float64(i)
		steps = append(steps, step{key: "failed authentication", score: score, burst: 1, elapsed: 150 * time.Millisecond})
	}
	ds := judgeRun(t, steps)
	first := -1
	for i, d := range ds[8:] {
		if d.Flag {
			first = i
			break
		}
	}
	if first < 0 || first > 20 {
		t.Errorf("the storm's first flagged record: %d of 40, want one within its first 20", first)
	}
}

// TestClientErrorsLinkNothing checks that a flagged failure hands its identifiers to
// Link, and a flagged client error (a 4xx, an access log line's warning) does not: it
// refuses a request rather than fails one. Nor does a warning that names no failure
// (features.Info.PlainWarning): nginx buffering a large body to a file.
func TestClientErrorsLinkNothing(t *testing.T) {
	for _, c := range []struct {
		name     string
		level    record.Level
		status   bool
		alarmed  bool
		linkable bool
	}{
		{"a warning the service logged, of a failure", record.LevelWarning, false, true, true},
		{"a warning the service logged, of no failure", record.LevelWarning, false, false, false},
		{"an error the service logged", record.LevelError, false, false, true},
		{"a 4xx of an access log", record.LevelWarning, true, false, false},
		{"a 5xx of an access log", record.LevelError, true, false, true},
	} {
		d := judgeRun(t, []step{{key: "failure", score: 0.9, level: c.level, burst: 3, status: c.status, alarmed: c.alarmed, elapsed: 100 * time.Millisecond}})
		if !d[0].Flag {
			t.Fatalf("%s: not flagged", c.name)
		}
		if d[0].Linkable != c.linkable {
			t.Errorf("%s: Linkable %v, want %v", c.name, d[0].Linkable, c.linkable)
		}
	}
}

// TestClientErrorsSetOffNoFailure checks that a burst of 4xx is failure news for more
// 4xx, which join its incident, but not for an error of another event: a pod's upstream
// timeout, ninety seconds after a 404 burst began and ten after its latest 404, opens an
// incident of its own rather than join the burst's.
func TestClientErrorsSetOffNoFailure(t *testing.T) {
	steps := []step{{key: "GET /shop 404", score: 0.9, level: record.LevelWarning, status: true, burst: 3, elapsed: time.Second}}
	for i := 0; i < 4; i++ {
		steps = append(steps, step{key: fmt.Sprintf("GET /wp-%d.php 404", i), score: 0.9, level: record.LevelWarning, status: true, burst: 3, elapsed: 20 * time.Second})
	}
	steps = append(steps, step{key: "upstream timed out", score: 0.9, level: record.LevelError, burst: 2, elapsed: 10 * time.Second})
	ds := judgeRun(t, steps)
	for i, d := range ds[:5] {
		if !d.Flag || d.Incident != ds[0].Incident {
			t.Fatalf("404 %d: %+v, want it in %s", i, d, ds[0].Incident)
		}
	}
	if d := ds[5]; !d.Flag || !d.Started {
		t.Errorf("the upstream timeout 90 s after the 404s began: %+v, want an incident of its own", d)
	}
}

// TestHeldErrorsAreNews checks that an error the incident holds, its own failure written
// again, is news an onset of another event can come with: a database's connection
// timeouts going on for minutes, their last onset long past, and a request slowed by
// them seconds after one joins their incident, without an alert of its own. Warnings
// held that long are a storm, not news (TestUnrelatedOnsetOpensItsOwnIncident).
func TestHeldErrorsAreNews(t *testing.T) {
	timeout := step{key: "could not obtain a connection", score: 0.8, level: record.LevelError, burst: 2, elapsed: 10 * time.Second}
	var steps []step
	for i := 0; i < 40; i++ {
		steps = append(steps, timeout)
	}
	steps = append(steps, step{key: "request completed", score: 0.8, numeric: 3, elapsed: 5 * time.Second})
	ds := judgeRun(t, steps)
	for i, d := range ds[:40] {
		if !d.Flag || d.Incident != ds[0].Incident {
			t.Fatalf("timeout %d: %+v, want it in %s", i, d, ds[0].Incident)
		}
	}
	if d := ds[40]; !d.Flag || d.Started || d.Incident != ds[0].Incident {
		t.Errorf("a slow request 5 s after a held timeout, %v into the storm: %+v, want it in %s as a cascade", 400*time.Second, d, ds[0].Incident)
	}
}

// knownThenStorming returns the records of an event whose usual score the judge learns
// (UsualScoreAfter + 2 of them at 0.73, each on its own, ten minutes apart), then the
// onset of its storm at its long-run share.
func knownThenStorming(key string, level record.Level, share float64) []step {
	var steps []step
	for i := 0; i < int(DefaultPolicy().UsualScoreAfter)+2; i++ {
		steps = append(steps, step{key: key, score: 0.73, level: level, elapsed: 10 * time.Minute})
	}
	return append(steps, step{key: key, score: 0.85, level: level, burst: 2, elapsed: time.Second,
		pace: features.Pace{Recent: 5, Share: share, StreamRecent: 100}})
}

// TestStormOfAnErrorScoredHighAlwaysKeepsItsIncident checks that an error the forest
// always scores above the threshold (an upstream timeout a resolver logs now and then)
// keeps its incident while it storms, though it scores what it always did: the forest
// has no room above such an event to show the storm, and its pace is what tells it.
func TestStormOfAnErrorScoredHighAlwaysKeepsItsIncident(t *testing.T) {
	p := DefaultPolicy()
	const share = 0.001
	// Its first record opens an incident; the rest teach its usual score.
	steps := knownThenStorming("read udp: i/o timeout", record.LevelError, share)
	calm := len(steps) - 1
	for _, growth := range []float64{p.StormGrowth, 4 * p.StormGrowth} {
		steps = append(steps, step{key: "read udp: i/o timeout", score: 0.735, level: record.LevelError, elapsed: time.Second,
			pace: features.Pace{Recent: 20, Share: growth * share, StreamRecent: 100}})
	}
	// Its pace back to its share: no storm, and its usual score is no news.
	steps = append(steps, step{key: "read udp: i/o timeout", score: 0.735, level: record.LevelError, elapsed: time.Second,
		pace: features.Pace{Recent: 0.1, Share: share, StreamRecent: 100}})
	ds := judgeRun(t, steps)[calm:]
	if !ds[0].Started {
		t.Fatalf("the storm's first record %+v, want it to open an incident", ds[0])
	}
	for i, d := range ds[1:3] {
		if !d.Flag || d.Incident != ds[0].Incident {
			t.Errorf("storm record %d at its usual score %+v, want it in the incident %s", i+1, d, ds[0].Incident)
		}
	}
	if ds[3].Flag {
		t.Errorf("a record at its usual pace and score %+v, want no flag", ds[3])
	}
}

// TestSettlingStreamReportsFailuresOnly checks that while a new stream settles a record
// below error is news only when it bursts: a warning seen for the first time, or one with
// a far number, is learned; an error, or a storm of warnings, is an onset as ever. Once
// settled, the same first sighting of a warning is news.
func TestSettlingStreamReportsFailuresOnly(t *testing.T) {
	apart := 6 * time.Minute // beyond IncidentQuiet: each record on its own
	ds := judgeRun(t, []step{
		{key: "cache miss ratio high", score: 0.8, level: record.LevelWarning, elapsed: apart, settling: true},
		{key: "slow response", score: 0.8, level: record.LevelWarning, numeric: 12, elapsed: apart, settling: true},
		{key: "database unreachable", score: 0.8, level: record.LevelError, elapsed: apart, settling: true},
		{key: "login failed", score: 0.8, level: record.LevelWarning, burst: 2, elapsed: apart, settling: true},
		{key: "disk almost full", score: 0.8, level: record.LevelWarning, elapsed: apart},
	})
	for i, want := range []bool{false, false, true, true, true} {
		if ds[i].Flag != want || want && !ds[i].Started {
			t.Errorf("record %d: %+v, want an incident started %v", i, ds[i], want)
		}
	}
}

// TestSettlingEndsByClockOrRecords checks that a stream settles for Settle of its clock
// or SettleRecords records, whichever ends first, so a file read at once, whose records
// carry the seconds it took to read them, settles too.
func TestSettlingEndsByClockOrRecords(t *testing.T) {
	p := DefaultPolicy()
	start := int64(1700000000) * int64(time.Second)
	for _, c := range []struct {
		elapsed time.Duration
		n       int64
		want    bool
	}{
		{0, 1, true},
		{p.Settle - time.Second, p.SettleRecords - 1, true},
		{p.Settle, 10, false},
		{time.Second, p.SettleRecords, false},
	} {
		if got := p.Settling(start, start+int64(c.elapsed), c.n); got != c.want {
			t.Errorf("Settling after %v and %d records = %v, want %v", c.elapsed, c.n, got, c.want)
		}
	}
}

// TestSettlingHoldsNoCalmScore checks that a record kept from being an onset only by its
// stream's settling does not teach its event's calm score: a slow-query warning scored
// high in the stream's first minutes must not become the bar a later storm of it has to
// clear to keep its incident.
func TestSettlingHoldsNoCalmScore(t *testing.T) {
	var steps []step
	for i := 0; i < 8; i++ {
		steps = append(steps, step{key: "slow query", score: 0.7, level: record.LevelWarning, elapsed: time.Minute, settling: true})
	}
	held := len(steps)
	steps = append(steps, step{key: "slow query", score: 0.8, level: record.LevelWarning, burst: 2, elapsed: 6 * time.Minute})
	for i := 0; i < 5; i++ {
		steps = append(steps, step{key: "slow query", score: 0.66, level: record.LevelWarning, burst: 2, elapsed: time.Second})
	}
	ds := judgeRun(t, steps)
	for i, d := range ds[:held] {
		if d.Flag {
			t.Fatalf("settling record %d: %+v, want held", i, d)
		}
	}
	if !ds[held].Started {
		t.Fatalf("the storm's first record: %+v, want an incident", ds[held])
	}
	for i, d := range ds[held+1:] {
		if !d.Flag || d.Incident != ds[held].Incident {
			t.Errorf("storm record %d: %+v, want in incident %s", i+1, d, ds[held].Incident)
		}
	}
}

// TestOnsetOfASiblingEventJoinsTheLiveIncident checks that an onset of another event of
// the template a live incident holds (a login route's failures under another value)
// joins it, though it comes with no news of that incident (its last onset minutes old,
// its storm going on), and that one once the incident has been quiet for Cascade opens
// an incident of its own.
func TestOnsetOfASiblingEventJoinsTheLiveIncident(t *testing.T) {
	p := DefaultPolicy()
	const share = 0.001
	// Its storm: an onset, then records at its usual score that storm at four times
	// its share, for over three minutes.
	steps := knownThenStorming("login failed|/login", record.LevelWarning, share)
	calm := len(steps) - 1
	for i := 0; i < 20; i++ {
		steps = append(steps, step{key: "login failed|/login", score: 0.735, level: record.LevelWarning, elapsed: 10 * time.Second,
			pace: features.Pace{Recent: 20, Share: 4 * share, StreamRecent: 100}})
	}
	sibling := step{key: "login failed|/api/login", score: 0.9, level: record.LevelWarning, burst: 2, elapsed: 5 * time.Second}
	late := sibling
	late.key, late.score, late.elapsed = "login failed|/admin/login", 0.99, p.Cascade+time.Second
	steps = append(steps, sibling, late)
	ds := judgeRun(t, steps)[calm:]
	for i, d := range ds[:21] {
		if !d.Flag || d.Incident != ds[0].Incident {
			t.Fatalf("storm record %d: %+v, want it in %s", i, d, ds[0].Incident)
		}
	}
	if d := ds[21]; !d.Flag || d.Started || d.Incident != ds[0].Incident {
		t.Errorf("an onset of the same template under another value, %v after the storm's onset and 5 s after its last record: %+v, want it in %s",
			205*time.Second, d, ds[0].Incident)
	}
	if d := ds[22]; !d.Flag || !d.Started {
		t.Errorf("an onset of the same template %v after the incident's last record: %+v, want an incident of its own", late.elapsed, d)
	}
}
