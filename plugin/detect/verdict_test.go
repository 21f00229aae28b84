package detect

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"
)

// flagRun feeds one template's records to the flag budget and reports which were
// allowed. Each step is a record of the stream: how many stream records and how much
// event time passed since the previous step, and the record's score.
type flagStep struct {
	records int64
	elapsed time.Duration
	score   float64
	level   Level
}

func flagRun(steps []flagStep) []bool {
	var ts templateStats
	var n, now int64
	out := make([]bool, len(steps))
	for i, s := range steps {
		n += s.records
		now += int64(s.elapsed)
		level := s.level
		if level == LevelUnknown {
			level = LevelWarning
		}
		if out[i] = flagAllowed(&ts, level, s.score, n, now); out[i] {
			ts.countFlag(s.score, n, now)
		}
	}
	return out
}

func TestFlagBudget(t *testing.T) {
	burst := func(k int, score float64) []flagStep {
		steps := make([]flagStep, k)
		for i := range steps {
			steps[i] = flagStep{records: 1, elapsed: time.Second, score: score}
		}
		return steps
	}
	tests := []struct {
		name  string
		steps []flagStep
		want  []bool
	}{
		{
			name:  "a burst raises flagBudget flags, then is muted",
			steps: burst(7, 0.7),
			want:  []bool{true, true, true, true, false, false, false},
		},
		{
			// A quarter of an hour of event time forgets a burst however few records came since:
			// a sparse stream reports the template again.
			name:  "quiet in event time",
			steps: append(burst(5, 0.7), flagStep{records: 10, elapsed: 30 * time.Minute, score: 0.7}),
			want:  []bool{true, true, true, true, false, true},
		},
		{
			// A busy stream forgets by records: flagHorizon records later.
			name:  "quiet in records",
			steps: append(burst(5, 0.7), flagStep{records: 2 * flagHorizon, elapsed: time.Minute, score: 0.7}),
			want:  []bool{true, true, true, true, false, true},
		},
		{
			name:  "still muted shortly after",
			steps: append(burst(5, 0.7), flagStep{records: 100, elapsed: time.Minute, score: 0.7}),
			want:  []bool{true, true, true, true, false, false},
		},
		{
			// A muted template that gets clearly worse than at its latest flag is
			// reported again, each time it climbs escalateBy higher.
			name: "escalation",
			steps: append(burst(5, 0.6),
				flagStep{records: 1, elapsed: time.Second, score: 0.6 + escalateBy/2},
				flagStep{records: 1, elapsed: time.Second, score: 0.6 + 2*escalateBy},
				flagStep{records: 1, elapsed: time.Second, score: 0.6 + 2.5*escalateBy},
				flagStep{records: 1, elapsed: time.Second, score: 0.6 + 4*escalateBy}),
			want: []bool{true, true, true, true, false, false, true, false, true},
		},
		{
			name: "critical records are always flagged",
			steps: append(burst(5, 0.7),
				flagStep{records: 1, elapsed: time.Second, score: 0.7, level: LevelCritical}),
			want: []bool{true, true, true, true, false, true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flagRun(tt.steps)
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("flags %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestRoutineRecord(t *testing.T) {
	tests := []struct {
		level   Level
		msg     string
		routine bool
	}{
		{LevelInfo, "POST /api/orders 201 38ms user=3377 items=3", true},
		{LevelDebug, "Cache hit for key product:17", true},
		{LevelInfo, "Unauthorized access to /admin by guest", false},
		{LevelWarning, "Slow query 854ms on orders_by_user", false},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			r := newFeatureRun(t)
			r.add(time.Second, tt.level, tt.msg)
			if got := r.ext.info.routine(); got != tt.routine {
				t.Errorf("routine %v, want %v", got, tt.routine)
			}
		})
	}
	// A number far above its usual values makes an INFO record worth reporting.
	r := newFeatureRun(t)
	for i := 0; i < 200; i++ {
		r.add(time.Second, LevelInfo, fmt.Sprintf("Memory usage: heap %d MB", 500+i%20))
	}
	r.add(time.Second, LevelInfo, "Memory usage: heap 4096 MB")
	if r.ext.info.routine() {
		t.Error("a heap eight times its usual size is routine")
	}
}

// TestNumericPrior checks the prior of a number beyond the forest's range: none within
// it, growing with the excess, halved for each recent far value of the same position.
func TestNumericPrior(t *testing.T) {
	ids := []featureID{fLevel, fNumeric}
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
		info := recordInfo{numFar: tc.far}
		if got := numericPrior([]float64{1, tc.numeric}, ids, &info); got != tc.want {
			t.Errorf("numeric %g after %g far values: prior %g, want %g", tc.numeric, tc.far, got, tc.want)
		}
	}
	if got := numericPrior([]float64{1, 9}, []featureID{fLevel, fLength}, &recordInfo{}); got != 0 {
		t.Errorf("without the numeric feature: prior %g", got)
	}
}

// TestFarNumberFlaggedInRoutineLine checks that an INFO line with a number a thousand
// times its usual value is flagged, and that a counter whose values keep landing far
// out (a heavy tail) is not flagged at each of them.
func TestFarNumberFlaggedInRoutineLine(t *testing.T) {
	s := newTestStream(t, DefaultOptions())
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	var r Result
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 6000; i++ {
		at = at.Add(100 * time.Millisecond)
		if i%2 == 0 {
			s.Observe(fmt.Sprintf("GET /api/items/%d 200 %d bytes in %.3f s", rng.Intn(1000), 200+rng.Intn(50), 0.02+0.01*rng.Float64()), LevelInfo, at, &r)
		} else {
			s.Observe(fmt.Sprintf("cache lookup item:%d hit", rng.Intn(1000)), LevelDebug, at, &r)
		}
		if r.Flag {
			t.Fatalf("routine record %d flagged: %v", i, r.Reasons)
		}
	}
	flags := 0
	for i := 0; i < 20; i++ {
		at = at.Add(100 * time.Millisecond)
		s.Observe(fmt.Sprintf("GET /api/items/%d 200 %d bytes in %.3f s", rng.Intn(1000), 220, 25+rng.Float64()), LevelInfo, at, &r)
		if r.Flag {
			flags++
		}
		if i == 0 && !r.Flag {
			t.Fatalf("a request taking 25 s where it takes 20 ms: score %.3f, not flagged", r.Score)
		}
	}
	if flags > flagBudget {
		t.Errorf("20 slow requests in a row raised %d flags, want at most %d", flags, flagBudget)
	}
}

// A template's records that score what it usually scores are not flagged once it is
// familiar; one that scores clearly higher is, and a critical one always is.
func TestFlagOfUsualScore(t *testing.T) {
	var ts templateStats
	info := recordInfo{level: LevelWarning, numSlot: -1, concerning: true}
	var n, now int64
	step := func(score float64) bool {
		n++
		now += int64(24 * time.Hour) // a day apart: the flag budget never binds
		flag := keepFlag(&ts, &info, score, n, now)
		ts.learnScore(score)
		return flag
	}
	for i := 0; i < usualScoreSeen; i++ {
		if !step(0.62 + 0.01*float64(i%3)) {
			t.Fatalf("record %d of an unfamiliar template not flagged", i)
		}
	}
	if math.Abs(ts.usualScore-0.63) > 0.01 {
		t.Fatalf("usual score %.3f, want about 0.63", ts.usualScore)
	}
	if step(0.66) {
		t.Error("a familiar template's record at its usual score flagged")
	}
	if !step(0.70) {
		t.Error("a record 0.07 above its template's usual score not flagged")
	}
	info.level = LevelCritical
	if !step(0.64) {
		t.Error("a critical record at its template's usual score not flagged")
	}
}
