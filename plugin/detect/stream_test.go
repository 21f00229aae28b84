package detect

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// testOptions are the plugin's defaults with a smaller window, so that tests refit
// often.
func testOptions() Options {
	opt := DefaultOptions()
	opt.Detector.Window = 1024
	opt.Detector.RefitEvery = 1024
	return opt
}

// webLine is one line of a small service's routine traffic.
func webLine(rng *rand.Rand) (string, Level) {
	switch rng.Intn(10) {
	case 0, 1, 2, 3:
		return fmt.Sprintf("GET /api/items/%d 200 %dms", rng.Intn(10000), 15+rng.Intn(30)), LevelInfo
	case 4, 5:
		return fmt.Sprintf("Query executed in %d ms", 150+rng.Intn(100)), LevelInfo
	case 6, 7:
		return fmt.Sprintf("Cache hit for key product:%d", rng.Intn(10000)), LevelDebug
	case 8:
		return fmt.Sprintf("User u%d logged in from 10.0.%d.%d", rng.Intn(100), rng.Intn(256), rng.Intn(256)), LevelInfo
	default:
		return fmt.Sprintf("Slow request GET /api/search took %d ms", 1000+rng.Intn(1000)), LevelWarning
	}
}

type testLine struct {
	msg   string
	level Level
	at    time.Time
}

func webTraffic(seed int64, n int) []testLine {
	rng := rand.New(rand.NewSource(seed))
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	out := make([]testLine, n)
	for i := range out {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
		msg, l := webLine(rng)
		out[i] = testLine{msg, l, at}
	}
	return out
}

func observeAll(t testing.TB, s *Stream, recs []testLine) []Result {
	out := make([]Result, len(recs))
	for i, r := range recs {
		s.Observe(textRec(r.msg, r.level, r.at), &out[i])
		out[i].Reasons = append([]string(nil), out[i].Reasons...)
	}
	return out
}

func newTestStream(t testing.TB, opt Options) *Stream {
	s, err := NewStream(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestProofOfConceptFeatures checks that `features level,length` gives exactly the
// original proof of concept's vector: level score and message length.
func TestProofOfConceptFeatures(t *testing.T) {
	opt := testOptions()
	opt.Features = []string{"level,length"}
	s := newTestStream(t, opt)
	var r Result
	for _, c := range []struct {
		line  string
		level float64
		body  string
	}{
		{"2024-01-01 10:00:01 INFO Application started", 1, "Application started"},
		{"2024-01-01 10:00:10 WARNING High memory usage", 2, "High memory usage"},
		{"2024-01-01 10:00:15 ERROR Database connection failed", 3, "Database connection failed"},
		{"2024-01-01 10:00:35 CRITICAL Kernel panic detected - unexpected shutdown", 4, "Kernel panic detected - unexpected shutdown"},
	} {
		s.Observe(textRec(c.line, LevelInText(c.line), time.Time{}), &r)
		want := []float64{c.level, float64(utf8.RuneCountInString(c.body))}
		if !reflect.DeepEqual(s.vec, want) {
			t.Errorf("%q: vector %v, want %v", c.line, s.vec, want)
		}
	}
}

func TestStreamLearningThenScoring(t *testing.T) {
	opt := testOptions()
	s := newTestStream(t, opt)
	res := observeAll(t, s, webTraffic(1, 300))
	// Learning lasts until the detector has learned Warmup vectors (some of them
	// references), then never comes back.
	first := -1
	for i, r := range res {
		if r.Learning && (r.Flag || r.Score != 0) {
			t.Fatalf("record %d before the first model: %+v", i, r)
		}
		if !r.Learning && first < 0 {
			first = i
		}
		if first >= 0 && (r.Learning || r.Score <= 0 || r.Score > 1) {
			t.Fatalf("record %d after the first model: %+v", i, r)
		}
		if r.TemplateID == "" || r.Template == "" {
			t.Fatalf("record %d has no template", i)
		}
	}
	if first < opt.Detector.Warmup/2 || first > 2*opt.Detector.Warmup {
		t.Errorf("first scored record %d, warm-up %d", first, opt.Detector.Warmup)
	}
}

func TestStreamCriticalWhileLearning(t *testing.T) {
	s := newTestStream(t, testOptions())
	at := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	var r Result
	s.Observe(textRec("Service started", LevelInfo, at), &r)
	if !r.Learning || r.Flag || r.Score != 0 {
		t.Fatalf("routine record while learning: %+v", r)
	}
	s.Observe(textRec("Kernel panic - not syncing", LevelCritical, at.Add(time.Second)), &r)
	if !r.Learning || !r.Flag || r.Score < 0.5 || len(r.Reasons) != 1 || r.Reasons[0] != "level critical" {
		t.Fatalf("critical record while learning: %+v", r)
	}
}

// TestStreamDeterministic checks that synchronous refits give the same verdicts for the
// same input and seed.
func TestStreamDeterministic(t *testing.T) {
	recs := webTraffic(2, 3000)
	a := observeAll(t, newTestStream(t, testOptions()), recs)
	b := observeAll(t, newTestStream(t, testOptions()), recs)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs over the same records differ")
	}
}

// restoredCopy returns a new stream (testOptions) restored from s's saved state.
func restoredCopy(t *testing.T, s *Stream) *Stream {
	t.Helper()
	state, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	restored := newTestStream(t, testOptions())
	if err := restored.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	return restored
}

// TestStreamStateRoundTrip saves a stream half way and checks that the restored copy
// continues exactly as the original.
func TestStreamStateRoundTrip(t *testing.T) {
	recs := webTraffic(3, 4000)
	recs = append(recs, testLine{"Kernel panic - not syncing", LevelCritical, recs[len(recs)-1].at.Add(time.Second)})
	orig := newTestStream(t, testOptions())
	observeAll(t, orig, recs[:2500])
	restored := restoredCopy(t, orig)
	want := observeAll(t, orig, recs[2500:])
	got := observeAll(t, restored, recs[2500:])
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("record %d after restore: %+v, original %+v", 2500+i, got[i], want[i])
			}
		}
	}
	if !want[len(want)-1].Flag {
		t.Error("the kernel panic after routine traffic was not flagged")
	}
}

func TestStreamStateErrors(t *testing.T) {
	s := newTestStream(t, testOptions())
	observeAll(t, s, webTraffic(4, 200))
	state, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), state...)
	corrupt[len(corrupt)/2] ^= 0x40
	other := testOptions()
	other.Features = []string{"level", "length"}
	cases := []struct {
		name  string
		opt   Options
		state []byte
		want  error
	}{
		{"foreign", testOptions(), []byte("{\"not\": \"a stream\"}"), ErrStateForeign},
		{"empty", testOptions(), nil, ErrStateForeign},
		{"corrupt", testOptions(), corrupt, ErrStateCorrupt},
		{"truncated", testOptions(), state[:len(state)-100], ErrStateCorrupt},
		{"other features", other, state, ErrStateMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStream(t, c.opt)
			before, _ := s.MarshalBinary()
			err := s.UnmarshalBinary(c.state)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			after, _ := s.MarshalBinary()
			if !reflect.DeepEqual(before, after) {
				t.Error("a failed restore changed the stream")
			}
		})
	}
}

// TestStreamReasons checks that flagged records say why, in at most three reasons.
func TestStreamReasons(t *testing.T) {
	s := newTestStream(t, testOptions())
	recs := webTraffic(5, 3000)
	last := recs[len(recs)-1].at
	recs = append(recs,
		testLine{"Kernel panic - not syncing: Fatal exception in interrupt", LevelCritical, last.Add(time.Second)},
		testLine{"Query executed in 40000 ms", LevelWarning, last.Add(2 * time.Second)},
	)
	res := observeAll(t, s, recs)
	flagged := 0
	for i, r := range res {
		if !r.Flag {
			if len(r.Reasons) != 0 {
				t.Errorf("record %d not flagged but has reasons %q", i, r.Reasons)
			}
			continue
		}
		flagged++
		if len(r.Reasons) == 0 || len(r.Reasons) > maxReasons {
			t.Errorf("record %d flagged with %d reasons %q", i, len(r.Reasons), r.Reasons)
		}
	}
	panic := res[len(res)-2]
	if !panic.Flag {
		t.Fatalf("kernel panic not flagged: %+v", panic)
	}
	t.Logf("kernel panic: score %.3f, reasons %q; %d of %d records flagged", panic.Score, panic.Reasons, flagged, len(res))
}

func TestStreamContaminationRate(t *testing.T) {
	opt := testOptions()
	opt.Detector.Forest.Contamination = 0.05
	res := observeAll(t, newTestStream(t, opt), webTraffic(6, 3000))
	n := 0
	for _, r := range res[opt.Detector.Window:] {
		if r.Flag {
			n++
		}
	}
	// The threshold is the top 5% of recent scores, estimated on a histogram that moves
	// with the stream; records of one template often score alike, so the scores tied in
	// the threshold's bin are all flagged or none.
	share := float64(n) / float64(len(res)-opt.Detector.Window)
	if share < 0.02 || share > 0.12 {
		t.Errorf("contamination 0.05 flagged %.3f of records", share)
	}
	t.Logf("contamination 0.05 flagged %.3f of records", share)
}

// TestObserveAllocations checks the hot path of a settled stream: a routine record is
// scored without allocating, apart from refits.
func TestObserveAllocations(t *testing.T) {
	opt := testOptions()
	opt.Detector.RefitEvery = 1 << 30
	opt.Detector.RefitInterval = 0
	s := newTestStream(t, opt)
	recs := webTraffic(7, 5000)
	observeAll(t, s, recs)
	var r Result
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		rec := recs[i%len(recs)]
		s.Observe(textRec(rec.msg, rec.level, rec.at), &r)
		i++
	})
	if allocs > 0.1 {
		t.Errorf("Observe allocates %.2f times per record", allocs)
	}
}

var _ = forest.DefaultWindow

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
			s.Observe(textRec(fmt.Sprintf("GET /api/items/%d 200 %d bytes in %.3f s", rng.Intn(1000), 200+rng.Intn(50), 0.02+0.01*rng.Float64()), LevelInfo, at), &r)
		} else {
			s.Observe(textRec(fmt.Sprintf("cache lookup item:%d hit", rng.Intn(1000)), LevelDebug, at), &r)
		}
		if r.Flag {
			t.Fatalf("routine record %d flagged: %v", i, r.Reasons)
		}
	}
	flags := 0
	incidents := map[string]bool{}
	for i := 0; i < 20; i++ {
		at = at.Add(100 * time.Millisecond)
		s.Observe(textRec(fmt.Sprintf("GET /api/items/%d 200 %d bytes in %.3f s", rng.Intn(1000), 220, 25+rng.Float64()), LevelInfo, at), &r)
		if r.Flag {
			flags++
			incidents[r.Incident] = true
		}
		if i == 0 && !r.Flag {
			t.Fatalf("a request taking 25 s where it takes 20 ms: score %.3f, not flagged", r.Score)
		}
	}
	// One episode: its records keep the flag, under one incident id.
	if flags < 16 || len(incidents) != 1 {
		t.Errorf("20 slow requests in a row: %d flagged in %d incidents, want most of them in one", flags, len(incidents))
	}
}

// timedRequests returns a function that writes one request line of the given duration
// to a new stream, ten a second, its result in r.
func timedRequests(t *testing.T, r *Result, line func(seconds float64) string) func(seconds float64) {
	s := newTestStream(t, DefaultOptions())
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	return func(seconds float64) {
		at = at.Add(100 * time.Millisecond)
		s.Observe(textRec(line(seconds), LevelInfo, at), r)
	}
}

// TestStrayNumberOpensNoIncident checks that one request some ten times slower than its
// route's usual, the first in a while, opens no incident (a latency's tail), and that
// the slow requests of a regression, one after another, are flagged in one.
func TestStrayNumberOpensNoIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	var r Result
	request := timedRequests(t, &r, func(seconds float64) string {
		return fmt.Sprintf("GET /api/items/%d 200 %d bytes in %.3f s", rng.Intn(1000), 200+rng.Intn(50), seconds)
	})
	usual := func() float64 { return 0.02 * math.Exp(0.5*rng.NormFloat64()) } // a tail: 5% beyond twice the median
	for i := 0; i < 6000; i++ {
		request(usual())
		if r.Flag {
			t.Fatalf("routine record %d flagged: %v", i, r.Reasons)
		}
	}
	request(0.25)
	if r.Flag {
		t.Fatalf("one request ten times slower: flagged (%v), want it left alone", r.Reasons)
	}
	for i := 0; i < 500; i++ {
		request(usual())
	}
	flags := 0
	incidents := map[string]bool{}
	for i := 0; i < 20; i++ {
		request(0.25 + 0.05*rng.Float64())
		if r.Flag {
			flags++
			incidents[r.Incident] = true
		}
	}
	if flags < 12 || len(incidents) != 1 {
		t.Errorf("20 requests ten times slower in a row: %d flagged in %d incidents, want most of them in one", flags, len(incidents))
	}
}

// TestTailOpensNoIncident checks that a request far slower than its route's usual opens
// no incident when the route lands that far now and then (a storage hiccup, a lock: a
// tail), whatever the distance, and that one beyond anything the route took before still
// does. (An incident the tail's first far values opened, before it showed as a tail,
// takes the later ones while they keep coming within IncidentQuiet: the ten minutes
// without hiccups below let it end. The tail's reach is drawn back as the range is, so
// the hiccups measured stay below the slowest of the first twenty minutes.)
func TestTailOpensNoIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	var r Result
	request := timedRequests(t, &r, func(seconds float64) string {
		return fmt.Sprintf("read secret/data/app completed in %.6f s", seconds)
	})
	usual := func() float64 { return 0.0005 * math.Exp(0.3*rng.NormFloat64()) }
	hiccup := func() float64 { return 0.2 + 2.8*rng.Float64() } // 0.2 to 3 s
	// Twenty minutes, a hiccup in 300 requests: the tail shows.
	for i := 0; i < 12000; i++ {
		if rng.Intn(300) == 0 {
			request(hiccup())
		} else {
			request(usual())
		}
	}
	for i := 0; i < 6000; i++ {
		request(usual())
	}
	hiccups, flagged := 0, 0
	for i := 0; i < 3000; i++ {
		if i%300 != 150 {
			request(usual())
			continue
		}
		request(0.2 + 1.8*rng.Float64()) // within what the route took before
		hiccups++
		if r.Flag {
			flagged++
		}
	}
	if flagged > 0 {
		t.Errorf("the route's tail: %d of %d hiccups flagged, want none", flagged, hiccups)
	}
	request(40)
	if !r.Flag {
		t.Errorf("a read taking 40 s where the slowest took 3 s: score %.3f, not flagged", r.Score)
	}
}

// TestTailJoinsNoIncident checks that a request within its route's usual tail joins no
// incident either: while another failure's errors keep an incident's news fresh, the
// route's hiccups are how the route is written, not that failure's cascade.
func TestTailJoinsNoIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	s := newTestStream(t, DefaultOptions())
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	var r Result
	observe := func(line string, level Level) {
		at = at.Add(100 * time.Millisecond)
		s.Observe(textRec(line, level, at), &r)
	}
	request := func(seconds float64) {
		observe(fmt.Sprintf("read secret/data/app completed in %.6f s", seconds), LevelInfo)
	}
	usual := func() float64 { return 0.0005 * math.Exp(0.3*rng.NormFloat64()) }
	for i := 0; i < 12000; i++ { // twenty minutes, a hiccup in 300 requests: the tail shows
		if rng.Intn(300) == 0 {
			request(0.2 + 2.8*rng.Float64())
		} else {
			request(usual())
		}
	}
	for i := 0; i < 6000; i++ {
		request(usual())
	}
	errors, hiccups, flagged := 0, 0, 0
	for i := 0; i < 3000; i++ {
		switch {
		case i%10 == 0:
			observe(fmt.Sprintf("audit device file failed to write: connection refused (attempt %d)", i), LevelError)
			if r.Flag {
				errors++
			}
		case i%300 == 155:
			request(0.2 + 1.8*rng.Float64()) // within what the route took before
			hiccups++
			if r.Flag {
				flagged++
			}
		default:
			request(usual())
		}
	}
	if errors < 100 {
		t.Fatalf("an error storm, 300 errors in five minutes: %d flagged, want an incident", errors)
	}
	if flagged > 0 {
		t.Errorf("the route's tail during the incident: %d of %d hiccups flagged, want none", flagged, hiccups)
	}
}

// TestSequenceNumberNotFlagged checks that a number that rises with every record (a
// sequence number, an offset) in a fast stream is a counter, not a shift of level: its
// values stay beyond the range the baseline learnt, one after another, but climbing step
// by step is what a counter does.
func TestSequenceNumberNotFlagged(t *testing.T) {
	s := newTestStream(t, DefaultOptions())
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	var r Result
	flagged := 0
	for i := 0; i < 60000; i++ {
		at = at.Add(500 * time.Microsecond) // 2,000 records a second
		s.Observe(textRec(fmt.Sprintf("processed message seq=%d", 1000+i), LevelInfo, at), &r)
		if r.Flag {
			flagged++
		}
	}
	if flagged > 6 {
		t.Errorf("%d of 60000 records with a rising sequence number flagged (last reasons %v)", flagged, r.Reasons)
	}
}

// TestStreamLinksAFailedRequestsLaterLines checks that the routine lines a failed
// request writes after its error (a fallback's "authorized", the booking) join the
// error's incident by the id they share with it, and that a saved stream does so after
// a restore too: the incident's identifiers are part of its state.
func TestStreamLinksAFailedRequestsLaterLines(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	var recs []testLine
	payment := func(id string, ms int) {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(100*time.Millisecond)))
		recs = append(recs,
			testLine{fmt.Sprintf("Payment %s authorized for merchant M-%d in %d ms", id, rng.Intn(90000), ms), LevelInfo, at},
			testLine{fmt.Sprintf("Ledger entry %d written for payment %s", 88000000+len(recs), id), LevelInfo, at.Add(5 * time.Millisecond)})
	}
	newID := func() string { return fmt.Sprintf("pay_%016x", rng.Uint64()) }
	for i := 0; i < 2000; i++ {
		payment(newID(), 120+rng.Intn(200))
	}
	failed, other := newID(), newID()
	at = at.Add(time.Second)
	recs = append(recs, testLine{"Authorization call failed for payment " + failed + ": acquirer read timed out after 5000 ms", LevelError, at})
	save := len(recs)
	payment(failed, 140)
	payment(other, 150)

	orig := newTestStream(t, testOptions())
	res := observeAll(t, orig, recs[:save])
	restored := restoredCopy(t, orig)
	res = append(res, observeAll(t, orig, recs[save:])...)
	again := observeAll(t, restored, recs[save:])
	if !reflect.DeepEqual(again, res[save:]) {
		t.Errorf("after a restore: %+v, original %+v", again, res[save:])
	}
	for i, r := range res[:save-1] {
		if r.Flag {
			t.Fatalf("routine payment line %d flagged: %q %+v", i, recs[i].msg, r)
		}
	}
	errRes := res[save-1]
	if !errRes.Flag || errRes.Incident == "" {
		t.Fatalf("the failed authorization: %+v, want it flagged in an incident", errRes)
	}
	for i, r := range res[save : save+2] {
		if !r.Flag || r.Incident != errRes.Incident || len(r.Reasons) != 1 || r.Reasons[0] != features.LinkReason {
			t.Errorf("line %d of the failed payment after its error: %+v, want it in incident %s by its id", i, r, errRes.Incident)
		}
	}
	for i, r := range res[save+2:] {
		if r.Flag {
			t.Errorf("line %d of another payment flagged: %+v", i, r)
		}
	}
}

// TestStreamErrorStormOfANewValueKeepsItsIncident checks that a storm of 502s on a route
// whose traffic goes on as before keeps its flag after the status stops being rare and
// the route's small error bodies stop being far from its 502s' usual size: the event
// storms at its own pace (its value's), not at its template's.
func TestStreamErrorStormOfANewValueKeepsItsIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	at := time.Date(2024, 5, 14, 8, 0, 0, 0, time.UTC)
	line := func(status, bytes int) testLine {
		msg := fmt.Sprintf(`api.example.com 10.1.%d.%d - - [%s] "GET /v1/recommendations?user_id=%d HTTP/1.1" %d %d "-" "ExampleApp/5.1" %.3f`,
			rng.Intn(256), rng.Intn(256), at.Format("02/Jan/2006:15:04:05 -0700"), rng.Intn(1000000), status, bytes, 0.02+0.03*rng.Float64())
		return testLine{msg, LevelInText(msg), at}
	}
	var recs []testLine
	for i := 0; i < 12000; i++ {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
		recs = append(recs, line(200, 4000+rng.Intn(1500)))
	}
	storm := len(recs)
	var stormIdx []int
	for i := 0; i < 3600; i++ {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
		if i%20 == 0 {
			stormIdx = append(stormIdx, len(recs))
			recs = append(recs, line(502, 157))
			continue
		}
		recs = append(recs, line(200, 4000+rng.Intn(1500)))
	}
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	flagged := 0
	first := res[stormIdx[0]].Incident
	for _, i := range stormIdx {
		if res[i].Flag && res[i].Incident == first {
			flagged++
		}
	}
	if first == "" || flagged < len(stormIdx)*9/10 {
		t.Errorf("%d of the storm's %d 502s flagged in its incident %q, want 90%%", flagged, len(stormIdx), first)
	}
	routine := 0
	for i, r := range res[storm:] {
		if r.Flag && recs[storm+i].level < LevelError {
			routine++
		}
	}
	if routine > 0 {
		t.Errorf("%d of the route's 200s flagged during the storm", routine)
	}
}

// TestStreamPersistingConditionKeepsItsIncident checks that an error new to a stable
// stream that recurs once a minute (an expired certificate, checked every minute) is
// flagged in one incident for as long as it recurs, after the forest has learned it and
// its usual score is known: the condition persists, and one query for the incident finds
// all of it.
func TestStreamPersistingConditionKeepsItsIncident(t *testing.T) {
	persistingCondition(t, testLine{msg: "certcheck: webhook serving certificate has expired, notAfter 2024-03-12T09:30:00Z", level: LevelError}, time.Minute, 20)
}

// TestStreamConditionKeepsItsIncidentAsItsNumberBecomesACategory checks that a
// persisting condition whose line carries a number that never changes (an exit code),
// written at INFO as PostgreSQL's archiver writes it, keeps its incident after that
// number's position is known to be categorical (its 32nd value), which makes its event
// "…|6=1" from then on: the same line, still the incident's.
func TestStreamConditionKeepsItsIncidentAsItsNumberBecomesACategory(t *testing.T) {
	persistingCondition(t, testLine{msg: "archive command failed with exit code 1", level: LevelInfo}, 20*time.Second, 75)
}

// persistingCondition writes line every interval, times times, after about 50 minutes of
// a stable stream and among its traffic, and checks that its first record opens an
// incident that every later one is flagged in.
func persistingCondition(t *testing.T, line testLine, every time.Duration, times int) {
	t.Helper()
	recs := webTraffic(5, 60000)
	rng := rand.New(rand.NewSource(6))
	at := recs[len(recs)-1].at
	var errs []int
	for k := 0; k < times; k++ {
		end := at.Add(every)
		errs = append(errs, len(recs))
		line.at = at
		recs = append(recs, line)
		for at.Before(end) {
			at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
			msg, l := webLine(rng)
			recs = append(recs, testLine{msg, l, at})
		}
	}
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	first := res[errs[0]]
	if !first.Flag || !first.IncidentStart {
		t.Fatalf("the condition's first record: %+v, want it to open an incident", first)
	}
	for k, i := range errs {
		if r := res[i]; !r.Flag || r.Incident != first.Incident {
			t.Errorf("record %d of the condition: flag %v incident %q, want it in %q", k, r.Flag, r.Incident, first.Incident)
		}
	}
}

// TestStreamRoutineStormKeepsItsIncident checks that a storm of one event logged at INFO
// (a tenant's requests rejected with 401, in the access lines every request writes) keeps
// its incident after the burst of its status has faded: the event storms at its own pace,
// while the status's share, and so its burst, grows with the storm.
func TestStreamRoutineStormKeepsItsIncident(t *testing.T) {
	api := newTenantAPI(9)
	rejected := func(tenant string) []testLine { return []testLine{api.request(tenant, 401)} }
	recs, storm := api.traffic(50000, 3000, rejected, "hooli") // about 40 minutes, then 10
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	// The storm opens its incident within its first ten records, once they are a burst.
	onset := stormOnset(t, res, storm[:10], func(r *Result) bool { return r.IncidentStart })
	first := res[storm[onset]].Incident
	// The forest learns a storm that fills its window (1,024 records here, a quarter of
	// them the storm's): from then on its records score as routine ones and the storm
	// ends as news. Until then every one of them is the incident's.
	missed := 0
	for _, i := range storm[onset:] {
		if recs[i].at.Sub(recs[storm[0]].at) < 5*time.Minute && (!res[i].Flag || res[i].Incident != first) {
			missed++
		}
	}
	if missed > 0 {
		t.Errorf("%d rejected requests of the storm's first five minutes not flagged in its incident %q", missed, first)
	}
}

// TestStreamKnownFloodKeepsItsIncident checks that a warning the stream knows (a tenant
// over its rate limit, a few times an hour) and the INFO line of its request answered 429,
// written ten times a second for ten minutes (a client retrying without backoff), are
// flagged in the incident their storm opened for as long as they flood, after the forest
// and the stream's long-run counts have learned them and they score what they always did.
func TestStreamKnownFloodKeepsItsIncident(t *testing.T) {
	api := newTenantAPI(12)
	limited := func(tenant string) []testLine {
		return []testLine{{fmt.Sprintf("rate limit exceeded tenant=%s limit=200 window=1m", tenant), LevelWarning, api.at}, api.request(tenant, 429)}
	}
	recs, flood := api.traffic(60000, 4000, limited, "initech") // about 50 minutes, then 10
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	onset := stormOnset(t, res, flood[:20], func(r *Result) bool { return r.Flag })
	first := res[flood[onset]].Incident
	var missed [2]int // the warnings, their requests' 429s
	for _, i := range flood[onset:] {
		for k := range missed {
			if r := res[i+k]; !r.Flag || r.Incident != first {
				missed[k]++
			}
		}
	}
	for k, what := range []string{"warnings", "429s"} {
		if missed[k] > len(flood)/20 {
			t.Errorf("%d of the flood's %d %s after its onset not flagged in its incident %q, want at most 5%%", missed[k], len(flood)-onset, what, first)
		}
	}
	// Once the forest has learned the flood, no feature says why its records are
	// flagged: the storm does.
	storms, silent := 0, 0
	for _, i := range flood[onset:] {
		for k := range missed {
			if r := res[i+k]; r.Flag && r.Incident == first {
				switch {
				case len(r.Reasons) == 0:
					silent++
				case r.Reasons[0] == features.StormReason:
					storms++
				}
			}
		}
	}
	if silent > 0 || storms == 0 {
		t.Errorf("the flood's flagged records: %d without a reason, %d for the storm; want none and some", silent, storms)
	}
}

// TestStreamNewEventFloodKeepsItsIncident checks that an INFO event new with its
// incident (MongoDB's slow query with a plan never seen: every find on a collection
// whose index was dropped, its details in fields as the reader finds them in attr),
// written twice a second for ten minutes where all slow queries came a few a minute, is
// flagged in the incident it opened for as long as it floods: after the forest has
// learned it, and once its far numbers are its plan's own level.
func TestStreamNewEventFloodKeepsItsIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	at := time.Date(2024, 5, 7, 9, 0, 0, 0, time.UTC)
	collections := []string{"orders", "products", "reviews", "carts"}
	s := newTestStream(t, testOptions())
	var res Result
	var flood, missed int
	incident := ""
	for at.Before(time.Date(2024, 5, 7, 10, 10, 0, 0, time.UTC)) {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(100*time.Millisecond)))
		var r *record.Record
		dropped := at.After(time.Date(2024, 5, 7, 10, 0, 0, 0, time.UTC))
		switch u := rng.Float64(); {
		case dropped && u < 0.2:
			r = textRec(fmt.Sprintf("Slow query docsExamined=%d durationMillis=%d", 1900000+rng.Intn(200000), 1000+rng.Intn(800)), LevelInfo, at)
			r.Fields = []record.Field{{Name: "ns", Value: "shop.carts"}, {Name: "planSummary", Value: "COLLSCAN"}}
		case u < 0.005:
			r = textRec(fmt.Sprintf("Slow query docsExamined=%d durationMillis=%d", 100+rng.Intn(300), 110+rng.Intn(90)), LevelInfo, at)
			r.Fields = []record.Field{{Name: "ns", Value: "shop." + collections[rng.Intn(len(collections))]}, {Name: "planSummary", Value: "IXSCAN"}}
		default:
			r = textRec(fmt.Sprintf("Connection accepted connectionCount=%d", 90+rng.Intn(20)), LevelInfo, at)
		}
		s.Observe(r, &res)
		if !dropped || r.Fields == nil || r.Fields[1].Value != "COLLSCAN" {
			continue
		}
		flood++
		switch {
		case incident == "" && res.Flag:
			incident = res.Incident
		case incident == "" && flood > 20:
			t.Fatalf("none of the flood's first 20 records opened an incident: %+v", res)
		case incident != "" && (!res.Flag || res.Incident != incident):
			missed++
		}
	}
	if missed > flood/20 {
		t.Errorf("%d of the flood's %d slow queries not flagged in its incident %q, want at most 5%%", missed, flood, incident)
	}
}

// TestStreamMultilineEntriesShareATemplate checks that an error a multiline parser joined
// with its stack trace is one template whatever frames its trace holds: a timeout that
// recurs every twenty seconds or so, its traces 4 to 9 frames deep along several call
// paths, is one event the stream soon knows, not a new template for each depth.
func TestStreamMultilineEntriesShareATemplate(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	at := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	frames := []string{"com.shop.pay.Client.authorize(Client.java:212)", "com.shop.pay.Service.charge(Service.java:88)",
		"com.shop.api.Checkout.post(Checkout.java:41)", "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)",
		"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:205)",
		"java.base/java.lang.Thread.run(Thread.java:1583)", "com.shop.db.Repo.find(Repo.java:130)"}
	var recs []testLine
	var errs []int
	for i := 0; i < 40000; i++ {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
		if rng.Intn(400) != 0 {
			recs = append(recs, testLine{fmt.Sprintf("request completed method=GET path=/v1/items status=200 duration=%dms", 5+rng.Intn(40)), LevelInfo, at})
			continue
		}
		trace := fmt.Sprintf("payment authorization failed order=%d\njava.net.SocketTimeoutException: Read timed out", rng.Intn(1000000))
		for k := 4 + rng.Intn(6); k > 0; k-- {
			trace += "\n\tat " + frames[rng.Intn(len(frames))]
		}
		errs = append(errs, len(recs))
		recs = append(recs, testLine{trace + "\n\t... 23 more", LevelError, at})
	}
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	templates := map[string]bool{}
	flagged := 0
	for _, i := range errs {
		templates[res[i].Template] = true
		if res[i].Flag {
			flagged++
		}
	}
	if len(templates) != 1 {
		t.Errorf("the error's %d traces made %d templates, want 1: %v", len(errs), len(templates), templates)
	}
	if flagged > len(errs)/4 {
		t.Errorf("%d of the error's %d recurrences flagged, want at most a quarter: it recurs every twenty seconds", flagged, len(errs))
	}
}

// TestStreamCrashLoopIsOneIncident checks that a process in a crash loop, failing again
// after a back-off that doubles from 10 s up to Kubernetes' cap of five minutes while its
// other replica serves, is one incident with one alert, every fatal error flagged in it.
func TestStreamCrashLoopIsOneIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	at := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	var recs []testLine
	serve := func(until time.Time) {
		for at.Before(until) {
			at = at.Add(time.Duration(rng.ExpFloat64() * float64(100*time.Millisecond)))
			recs = append(recs, testLine{fmt.Sprintf("request completed replica=a method=GET path=/v1/items status=200 duration=%dms", 5+rng.Intn(40)), LevelInfo, at})
		}
	}
	serve(at.Add(40 * time.Minute))
	var fatal []int
	for _, backoff := range []int{10, 20, 40, 80, 160, 300, 300, 300, 300} {
		recs = append(recs, testLine{"starting shop-api version=2.4.0 replica=b", LevelInfo, at},
			testLine{"loading configuration from /etc/shop/config.yaml", LevelInfo, at.Add(10 * time.Millisecond)})
		fatal = append(fatal, len(recs))
		recs = append(recs, testLine{"config error: missing DATABASE_URL", LevelCritical, at.Add(20 * time.Millisecond)})
		at = at.Add(20 * time.Millisecond)
		serve(at.Add(time.Duration(backoff) * time.Second))
	}
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	incidents, starts := map[string]bool{}, 0
	for _, i := range fatal {
		if !res[i].Flag {
			t.Errorf("fatal error %d not flagged: %+v", i, res[i])
		}
		incidents[res[i].Incident] = true
	}
	for i := fatal[0] - 2; i < len(recs); i++ {
		if res[i].IncidentStart {
			starts++
		}
	}
	if len(incidents) != 1 || starts != 1 {
		t.Errorf("the crash loop's %d fatal errors in %d incidents, %d started, want 1", len(fatal), len(incidents), starts)
	}
}

// TestStreamChronicErrorIsNoEndlessIncident checks that an error a stream writes from
// its first minutes on, a cluster every minute or two (a proxy re-reading a
// configuration that names a missing secret), is not kept in one incident for as long
// as the log goes on by its pace: it joined its incident while the stream settled, when
// its share of the stream was no measure of a storm nor its birth news that the stream
// never had it. The pauses between its clusters never reach the five minutes that end an
// incident. The first cluster is news, an error new to the stream. A later cluster's
// first two errors, which come before the cluster raises the stream's error burst, show
// no surprise of their own; the later ones show that burst and are not judged here.
func TestStreamChronicErrorIsNoEndlessIncident(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	start := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	at, nextCluster := start, start.Add(2*time.Minute)
	var recs []testLine
	var firsts []int // the first two errors of each cluster in the log's second hour
	opening := -1    // the first cluster's first error
	for at.Before(start.Add(2 * time.Hour)) {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(60*time.Millisecond)))
		recs = append(recs, testLine{fmt.Sprintf("request completed method=GET path=/v1/tasks status=200 duration=%dms", 5+rng.Intn(40)), LevelInfo, at})
		if at.Before(nextCluster) {
			continue
		}
		if opening < 0 {
			opening = len(recs)
		}
		for k := 0; k < 3; k++ {
			if k == 0 && at.Sub(start) >= time.Hour {
				firsts = append(firsts, len(recs), len(recs)+1)
			}
			recs = append(recs,
				testLine{"Error configuring TLS ingress=legacy-docs error=secret marketing/legacy-docs-tls does not exist", LevelError, at.Add(time.Duration(2*k+1) * time.Millisecond)},
				testLine{"entryPointName=websecure error=middleware monitoring-basic-auth does not exist", LevelError, at.Add(time.Duration(2*k+2) * time.Millisecond)})
		}
		nextCluster = at.Add(time.Duration(30+rng.Intn(180)) * time.Second)
	}
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	if !res[opening].Flag || !res[opening].IncidentStart {
		t.Errorf("the first of the errors, new to the stream, did not open an incident: %+v", res[opening])
	}
	flagged := 0
	for _, i := range firsts {
		if res[i].Flag {
			flagged++
		}
	}
	if flagged > len(firsts)/10 {
		t.Errorf("%d of the %d first errors of the chronic clusters in the log's second hour flagged, want at most a tenth", flagged, len(firsts))
	}
}

// TestStreamErrorGrowingOverMinutes checks that a known error whose share grows over
// minutes (a dependency failing one request in 5,000, then one in ten twenty minutes
// later), which never bursts within ten seconds of its ten-minute share, is flagged within
// minutes, most of its records in one incident.
func TestStreamErrorGrowingOverMinutes(t *testing.T) {
	start := time.Date(2024, 6, 3, 11, 0, 0, 0, time.UTC)
	recs, growth := errorGrowingLines(start, start.Add(40*time.Minute), func(since time.Duration) float64 {
		return min(1, since.Minutes()/20) * 0.1
	})
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	first := -1
	for k, i := range growth {
		if res[i].Flag && first < 0 {
			first = k
		}
	}
	if first < 0 || recs[growth[first]].at.Sub(start) > 5*time.Minute {
		t.Fatalf("the growing error first flagged at its record %d of %d, want within its first five minutes", first, len(growth))
	}
	most, incidents := mostInOneIncident(res, growth)
	if most < len(growth)*8/10 {
		t.Errorf("%d of the growing error's %d records in one incident (%d incidents), want 80%%", most, len(growth), incidents)
	}
}

// TestStreamFailureGrownKeepsItsIncident checks that a known error that rises within a
// minute to one request in fifty and stays there for twenty minutes keeps its incident
// after the forest has learned it: its template still comes far beyond its share over
// the hours before (features.Info.BurstOverHours), which is the failure going on.
func TestStreamFailureGrownKeepsItsIncident(t *testing.T) {
	start := time.Date(2024, 6, 3, 11, 0, 0, 0, time.UTC)
	recs, growth := errorGrowingLines(start, start.Add(21*time.Minute), func(since time.Duration) float64 {
		return min(1, since.Minutes()) * 0.02
	})
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	if most, incidents := mostInOneIncident(res, growth); most < len(growth)*9/10 {
		t.Errorf("%d of the error's %d records in one incident (%d incidents), want 90%%", most, len(growth), incidents)
	}
}

// errorGrowingLines writes an API's request lines, 20 a second, from an hour before
// start to end, among which a dependency's error comes one request in 5,000 before
// start and, from start on, share(time since start) more of them; growth indexes the
// errors from start on.
func errorGrowingLines(start, end time.Time, share func(time.Duration) float64) (recs []testLine, growth []int) {
	rng := rand.New(rand.NewSource(7))
	at := start.Add(-time.Hour)
	for at.Before(end) {
		at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
		p := 1.0 / 5000
		if at.After(start) {
			p += share(at.Sub(start)) * (1 - p)
		}
		if rng.Float64() >= p {
			recs = append(recs, testLine{fmt.Sprintf("request completed method=GET path=/v1/items status=200 duration=%dms", 5+rng.Intn(40)), LevelInfo, at})
			continue
		}
		if at.After(start) {
			growth = append(growth, len(recs))
		}
		recs = append(recs, testLine{fmt.Sprintf("upstream request failed service=inventory err=\"context deadline exceeded\" duration=%dms", 1000+rng.Intn(20)), LevelError, at})
	}
	return recs, growth
}

// mostInOneIncident returns how many of the records at idx are flagged in the incident
// that has most of them, and how many incidents they are flagged in.
func mostInOneIncident(res []Result, idx []int) (most, incidents int) {
	count := map[string]int{}
	for _, i := range idx {
		if res[i].Flag {
			count[res[i].Incident]++
		}
	}
	for _, n := range count {
		most = max(most, n)
	}
	return most, len(count)
}

// stormOnset returns the position in storm (indexes of res) of the first record that
// starts the storm's incident by onset, failing the test when none does.
func stormOnset(t *testing.T, res []Result, storm []int, onset func(*Result) bool) int {
	t.Helper()
	for k, i := range storm {
		if onset(&res[i]) {
			return k
		}
	}
	t.Fatalf("none of the storm's first %d records started its incident: %+v", len(storm), res[storm[0]])
	return -1
}

// tenantAPI writes the request lines of a multi-tenant API, 20 a second.
type tenantAPI struct {
	rng *rand.Rand
	at  time.Time
}

func newTenantAPI(seed int64) *tenantAPI {
	return &tenantAPI{rng: rand.New(rand.NewSource(seed)), at: time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)}
}

var (
	apiTenants = []string{"acme", "globex", "initech", "hooli", "umbrella", "stark"}
	apiPaths   = []string{"/v1/items", "/v1/orders", "/v1/usage", "/v1/plans"}
)

// request is a request of tenant answered with status, at the API's clock.
func (a *tenantAPI) request(tenant string, status int) testLine {
	return testLine{fmt.Sprintf("request completed tenant=%s method=GET path=%s status=%d duration=%dms",
		tenant, apiPaths[a.rng.Intn(len(apiPaths))], status, 5+a.rng.Intn(40)), LevelInfo, a.at}
}

// traffic returns history requests of random tenants, one in about every rare of them
// written as episode's lines of a random tenant instead, then about ten minutes at twice
// the pace in which one request in four is episode's lines of tenant (a storm, ten a
// second), and the indexes of those.
func (a *tenantAPI) traffic(history, rare int, episode func(tenant string) []testLine, tenant string) (recs []testLine, storm []int) {
	for i := 0; i < history; i++ {
		a.at = a.at.Add(time.Duration(a.rng.ExpFloat64() * float64(50*time.Millisecond)))
		if a.rng.Intn(rare) == 0 {
			recs = append(recs, episode(apiTenants[a.rng.Intn(len(apiTenants))])...)
			continue
		}
		recs = append(recs, a.request(apiTenants[a.rng.Intn(len(apiTenants))], 200))
	}
	for i := 0; i < 24000; i++ {
		a.at = a.at.Add(time.Duration(a.rng.ExpFloat64() * float64(25*time.Millisecond)))
		if i%4 == 0 {
			storm = append(storm, len(recs))
			recs = append(recs, episode(tenant)...)
			continue
		}
		recs = append(recs, a.request(apiTenants[a.rng.Intn(len(apiTenants))], 200))
	}
	return recs, storm
}

// TestClimbingNumberIsAFailuresNews checks that an INFO line whose number climbs (an
// event loop's delay, reported every 30 s) is a failure's news, as a warning is, for as
// long as it climbs: the warning of a request it slows, minutes into the climb, joins its
// incident instead of opening one, and sending an alert, of its own.
func TestClimbingNumberIsAFailuresNews(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	s := newTestStream(t, DefaultOptions())
	at := time.Date(2024, 6, 11, 9, 0, 0, 0, time.UTC)
	var r Result
	// Thirty seconds of requests, ten a second, then the delay report.
	report := func(delay float64) {
		for i := 0; i < 300; i++ {
			at = at.Add(100 * time.Millisecond)
			s.Observe(textRec(fmt.Sprintf("GET /api/products/%d 200 in %d ms", rng.Intn(50000), 20+rng.Intn(30)), LevelInfo, at), &r)
			if r.Flag {
				t.Fatalf("routine request flagged: %v", r.Reasons)
			}
		}
		s.Observe(textRec(fmt.Sprintf("event loop delay p99 %.1f ms", delay), LevelInfo, at), &r)
	}
	for i := 0; i < 240; i++ {
		report(3 * math.Exp(0.2*rng.NormFloat64()))
		if r.Flag && i >= 10 { // the first few are a new template
			t.Fatalf("routine delay report %d flagged: %v", i, r.Reasons)
		}
	}
	incident := ""
	for i := 0; i < 20; i++ {
		report(3 * math.Pow(1.25, float64(i+8)))
		if !r.Flag || incident != "" && r.Incident != incident {
			t.Fatalf("delay report %d of the climb, %.0f ms: %+v, want it in one incident", i, 3*math.Pow(1.25, float64(i+8)), r)
		}
		incident = r.Incident
	}
	at = at.Add(500 * time.Millisecond)
	s.Observe(textRec("request aborted: client gave up after 5000 ms on GET /api/search", LevelWarning, at), &r)
	if !r.Flag || r.Incident != incident {
		t.Errorf("a request aborted 0.5 s after a delay report, ten minutes into the climb: %+v, want it in %s", r, incident)
	}
}

// TestStreamCrashLoopRestartsJoinIt checks that a process crashing over and over and
// restarted each time (a supervised worker: its error, then its start-up lines a few
// milliseconds later) has every restart's lines in the crash loop's incident, not only
// the first restart's, whose templates were new.
func TestStreamCrashLoopRestartsJoinIt(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	at := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	var recs []testLine
	serve := func(until time.Time) {
		for at.Before(until) {
			at = at.Add(time.Duration(rng.ExpFloat64() * float64(50*time.Millisecond)))
			recs = append(recs, testLine{fmt.Sprintf("request completed method=GET path=/v1/items status=200 duration=%dms", 5+rng.Intn(40)), LevelInfo, at})
		}
	}
	serve(at.Add(40 * time.Minute))
	var crashes, restarts []int
	for crash := 0; crash < 20; crash++ {
		crashes = append(crashes, len(recs))
		recs = append(recs, testLine{"GenServer Indexer terminating: no function clause matching in Document.price_cents/1", LevelError, at})
		for _, line := range []string{
			fmt.Sprintf("indexer started, %d documents pending", 7*(crash+1)),
			"loading index mappings from priv/search/mappings.json",
			"indexer connected to search cluster at http://search:9200",
		} {
			at = at.Add(2 * time.Millisecond)
			restarts = append(restarts, len(recs))
			recs = append(recs, testLine{line, LevelInfo, at})
		}
		serve(at.Add(10 * time.Second))
	}
	serve(at.Add(10 * time.Minute))
	res := observeAll(t, newTestStream(t, testOptions()), recs)
	loop := res[crashes[0]].Incident
	if loop == "" {
		t.Fatalf("the first crash not flagged: %+v", res[crashes[0]])
	}
	// The first restart's lines are new, and they join as a wave of them (all but its
	// first line, which is no wave yet); every later restart writes the same lines,
	// no longer new.
	joined := make([]int, len(crashes))
	for n, i := range restarts {
		if res[i].Flag && res[i].Incident == loop {
			joined[n/3]++
		}
	}
	if joined[0] < 2 {
		t.Fatalf("%d of the first restart's 3 lines in the crash loop's incident, want 2 or more", joined[0])
	}
	if i := restarts[len(restarts)-1]; len(res[i].Reasons) != 1 || res[i].Reasons[0] != features.AftermathAgainReason {
		t.Errorf("the last restart's line: reasons %q, want %q", res[i].Reasons, features.AftermathAgainReason)
	}
	for crash, n := range joined[1:] {
		if n < joined[0] {
			t.Errorf("restart %d: %d of its lines in the crash loop's incident, want %d as the first restart's (each: %v)", crash+2, n, joined[0], joined)
			break
		}
	}
}
