package features

import (
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// textRecord is msg as package record reads a text line (its header cut), with level and
// event time given.
func textRecord(msg string, level record.Level, at time.Time) *record.Record {
	var r record.Record
	record.FromText(msg, &r)
	r.Level, r.Time = level, at
	return &r
}

func TestParseFeatures(t *testing.T) {
	cases := []struct {
		in   []string
		want []string
	}{
		{nil, Names()},
		{[]string{"all"}, Names()},
		{[]string{"ALL"}, Names()},
		{[]string{"length, level"}, []string{"level", "length"}},
		{[]string{"level", "length"}, []string{"level", "length"}},
		{[]string{" gap ,numeric,,"}, []string{"numeric", "gap"}},
		{[]string{"level,all"}, Names()},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.in, "|"), func(t *testing.T) {
			ids, err := Parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, id := range ids {
				got = append(got, id.Name())
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestParseFeaturesUnknown(t *testing.T) {
	_, err := Parse([]string{"level,lenght"})
	want := `unknown feature "lenght"; accepted: level, length, tokens, rarity, novelty, burst, error_burst, numeric, alarm, gap, or all`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestFeatureDocs(t *testing.T) {
	for _, name := range Names() {
		if Doc(name) == "" {
			t.Errorf("feature %s has no doc", name)
		}
	}
}

// featureRun feeds records to an extractor of all features and returns the vectors.
type featureRun struct {
	t   *testing.T
	ext *Extractor
	at  time.Time
}

func newFeatureRun(t *testing.T) *featureRun {
	ids, _ := Parse(nil)
	ext, err := New(ids, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return &featureRun{t: t, ext: ext, at: time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)}
}

// addAt observes one record at the time at and returns its features by name.
func (r *featureRun) addAt(at time.Time, level record.Level, msg string) map[string]float64 {
	return r.add(at.Sub(r.at), level, msg)
}

// reportsShift reports whether the numeric reason of the record that gave features f
// (the latest one) says its number shifted level.
func (r *featureRun) reportsShift(f map[string]float64) bool {
	return strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "level shifted")
}

// add observes one record dt after the previous one and returns its features by name.
// The message's header is cut as package record cuts it.
func (r *featureRun) add(dt time.Duration, level record.Level, msg string) map[string]float64 {
	r.at = r.at.Add(dt)
	v := make([]float64, len(r.ext.Set()))
	r.ext.Extract(v, textRecord(msg, level, r.at))
	out := make(map[string]float64, len(v))
	for i, id := range r.ext.Set() {
		out[id.Name()] = v[i]
	}
	return out
}

// addFields observes one INFO record with msg and fields dt after the last one and
// returns its features by name.
func (r *featureRun) addFields(dt time.Duration, msg string, fields ...record.Field) map[string]float64 {
	r.at = r.at.Add(dt)
	rec := textRecord(msg, record.LevelInfo, r.at)
	rec.Fields = fields
	v := make([]float64, len(r.ext.Set()))
	r.ext.Extract(v, rec)
	out := make(map[string]float64, len(v))
	for i, id := range r.ext.Set() {
		out[id.Name()] = v[i]
	}
	return out
}

// routine feeds n records of a steady mix, one every 100ms.
func (r *featureRun) routine(rng *rand.Rand, n int) {
	for i := 0; i < n; i++ {
		switch rng.Intn(4) {
		case 0:
			r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("GET /api/items/%d 200 %dms", rng.Intn(1000), 20+rng.Intn(10)))
		case 1:
			r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("Query executed in %d ms", 180+rng.Intn(40)))
		case 2:
			r.add(100*time.Millisecond, record.LevelDebug, fmt.Sprintf("Cache hit for key %d", rng.Intn(1000)))
		default:
			r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("User u%d logged in", rng.Intn(50)))
		}
	}
}

func TestFeatureLevelLengthTokens(t *testing.T) {
	r := newFeatureRun(t)
	f := r.add(time.Second, record.LevelCritical, "2024-01-01 10:00:35 CRITICAL Kernel panic détecté")
	if f["level"] != 4 {
		t.Errorf("level %g, want 4", f["level"])
	}
	// The header before the level word is not part of the message.
	if f["length"] != float64(len([]rune("Kernel panic détecté"))) || f["tokens"] != 3 {
		t.Errorf("length %g tokens %g", f["length"], f["tokens"])
	}
	if f := r.add(time.Second, record.LevelDebug, "verbose"); f["level"] != 1 {
		t.Errorf("debug level %g, want the info floor 1", f["level"])
	}
}

func TestFeatureNoveltyAndRarity(t *testing.T) {
	r := newFeatureRun(t)
	first := r.add(time.Second, record.LevelInfo, "Service starting on port 8080")
	if first["novelty"] != 0 {
		t.Errorf("a stream's first template is not news, novelty %g", first["novelty"])
	}
	r.routine(rand.New(rand.NewSource(1)), 6000) // ten minutes: the start-up change is over
	f := r.add(time.Second, record.LevelCritical, "Kernel panic - not syncing: Fatal exception")
	if f["novelty"] < 0.9 || f["rarity"] <= 0 {
		t.Errorf("new template after 6000 records: novelty %g rarity %g", f["novelty"], f["rarity"])
	}
	common := r.add(100*time.Millisecond, record.LevelInfo, "Query executed in 190 ms")
	if common["novelty"] != 0 || common["rarity"] != 0 {
		t.Errorf("common template: novelty %g rarity %g", common["novelty"], common["rarity"])
	}
	// Sightings wear novelty off.
	prev := f["novelty"]
	for i := 0; i < 5; i++ {
		g := r.add(time.Second, record.LevelCritical, "Kernel panic - not syncing: Fatal exception")
		if g["novelty"] > prev/2+1e-9 {
			t.Errorf("sighting %d: novelty %g, after %g", i+2, g["novelty"], prev)
		}
		prev = g["novelty"]
	}
}

func TestFeatureRarityNewPhase(t *testing.T) {
	r := newFeatureRun(t)
	r.routine(rand.New(rand.NewSource(2)), 2000)
	// A new kind of warning starts and is at once a large share of the records.
	var f map[string]float64
	for i := 0; i < 40; i++ {
		f = r.add(10*time.Millisecond, record.LevelWarning, fmt.Sprintf("Deleting stale block blk_%d", i))
	}
	if f["rarity"] != 0 {
		t.Errorf("a template that became common at once is rare: %g", f["rarity"])
	}
}

// TestFeatureSurpriseNeedsConcern checks that a new event in a stable stream is new at
// any level, while only what could report a problem (warning or worse, alarm words) is
// rare: a new kind of routine line is news once, not a rarity that lasts.
func TestFeatureSurpriseNeedsConcern(t *testing.T) {
	tests := []struct {
		level record.Level
		msg   string
		rare  bool
	}{
		{record.LevelInfo, "Block scanner started for pool BP-17", false},
		{record.LevelUnknown, "Block scanner started for pool BP-17", false},
		{record.LevelInfo, "Block report for pool BP-17 failed", true},
		{record.LevelInfo, "Block blk_17 does not belong to any file", true},
		{record.LevelWarning, "Block scanner started for pool BP-17", true},
	}
	for _, tt := range tests {
		t.Run(tt.level.String()+" "+tt.msg, func(t *testing.T) {
			r := newFeatureRun(t)
			r.routine(rand.New(rand.NewSource(3)), 6000) // ten minutes: a stable stream
			f := r.add(time.Second, tt.level, tt.msg)
			if f["novelty"] == 0 {
				t.Errorf("novelty 0 for a new event in a stable stream")
			}
			if rare := f["rarity"] > 0; rare != tt.rare {
				t.Errorf("rarity %g; want rare %v", f["rarity"], tt.rare)
			}
		})
	}
}

func TestFeatureBursts(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 50; i++ {
		r.routine(rng, 100)
		r.add(100*time.Millisecond, record.LevelWarning, fmt.Sprintf("Login failed for user u%d: invalid password", rng.Intn(50)))
	}
	var storm map[string]float64
	for i := 0; i < 50; i++ {
		storm = r.add(20*time.Millisecond, record.LevelWarning, "Login failed for user admin: invalid password")
	}
	if storm["burst"] <= 1 || storm["error_burst"] <= 1 {
		t.Errorf("login storm: burst %g error_burst %g", storm["burst"], storm["error_burst"])
	}
	// A busy period of routine lines is not a burst.
	var busy map[string]float64
	for i := 0; i < 200; i++ {
		busy = r.add(time.Millisecond, record.LevelInfo, fmt.Sprintf("GET /api/items/%d 200 21ms", i))
	}
	if busy["burst"] != 0 || busy["error_burst"] != 0 {
		t.Errorf("routine burst: burst %g error_burst %g", busy["burst"], busy["error_burst"])
	}
}

// TestBurstOverHours checks that a warning whose share grows over minutes bursts against
// its share over the hours before, and says so, minutes before it bursts within ten
// seconds against its ten-minute share (which grows with it); a routine line with an
// alarm word growing alike does not burst.
func TestBurstOverHours(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(4))
	const pool, cache = "connection pool near capacity: waiting for a connection", "slow cache refresh of the catalog"
	// ramp writes msg at a share growing from 1 in 2000 by 5% in 15 minutes, ten records a
	// second, and returns the minute its records first burst over hours and within ten
	// seconds (-1 for never).
	ramp := func(level record.Level, msg string) (hours, fast float64) {
		hours, fast = -1, -1
		for i := 0; i < 15*600; i++ {
			if rng.Float64() >= 1.0/2000+0.05*float64(i)/(15*600) {
				r.routine(rng, 1)
				continue
			}
			f := r.add(100*time.Millisecond, level, msg)
			minute := float64(i) / 600
			switch overHours := r.ext.Info().burstOverHours; {
			case f["burst"] >= SurpriseBound(Burst) && overHours && hours < 0:
				hours = minute
				if reason := Describe(Burst, f["burst"], r.ext.Info()); !strings.Contains(reason, "usual over hours") {
					t.Errorf("%s: reason %q", msg, reason)
				}
			case f["burst"] >= SurpriseBound(Burst) && !overHours && fast < 0:
				fast = minute
			}
		}
		return hours, fast
	}
	// An hour and a half of routine traffic, the warning and the line at their usual share.
	for i := 0; i < 54000; i++ {
		if rng.Intn(2000) == 0 {
			r.add(100*time.Millisecond, record.LevelWarning, pool)
			r.add(100*time.Millisecond, record.LevelInfo, cache)
			continue
		}
		r.routine(rng, 1)
	}
	hours, fast := ramp(record.LevelWarning, pool)
	if hours < 0 || fast >= 0 && fast-hours < 2 {
		t.Errorf("a warning grown a hundredfold over 15 minutes burst over hours at minute %.1f, within ten seconds at minute %.1f: want over hours first, by minutes", hours, fast)
	}
	if hours, _ := ramp(record.LevelInfo, cache); hours >= 0 {
		t.Errorf("a routine line with an alarm word grown alike bursts over hours at minute %.1f", hours)
	}
}

// TestBurstOverHoursInAYoungStream checks that in a stream half an hour old an error
// storm bursts against the time before (from the stream's twentieth minute: see
// judgesOverHours), while a warning storm waits for an hour of history, and that the
// error storm bursts for most of its records, not only its first seconds.
func TestBurstOverHoursInAYoungStream(t *testing.T) {
	for _, level := range []record.Level{record.LevelError, record.LevelWarning} {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(5))
		const msg = "refresh failed: dial tcp: i/o timeout"
		for i := 0; i < 18000; i++ { // 30 minutes, the line once in 4,000 records
			if rng.Intn(4000) == 0 {
				r.add(100*time.Millisecond, level, msg)
				continue
			}
			r.routine(rng, 1)
		}
		storm, bursting, overHours := 0, 0, 0
		for i := 0; i < 6000; i++ { // 10 minutes, the line one record in eight
			if rng.Intn(8) != 0 {
				r.routine(rng, 1)
				continue
			}
			f := r.add(100*time.Millisecond, level, msg)
			storm++
			// Half the bound: what keeps a record of an incident's event surprising
			// (the verdict's Surprise of 1).
			if f["burst"] >= SurpriseBound(Burst)/2 {
				bursting++
				if r.ext.Info().burstOverHours {
					overHours++
				}
			}
		}
		switch {
		case level == record.LevelError && (bursting < storm*8/10 || overHours == 0):
			t.Errorf("an error storm in a young stream burst in %d of its %d records, %d over hours, want 80%%", bursting, storm, overHours)
		case level == record.LevelWarning && overHours > 0:
			t.Errorf("a warning storm in a stream half an hour old burst over hours in %d of its %d records, want none", overHours, storm)
		}
	}
}

func TestFeatureNumeric(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 300; i++ {
		f := r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("Query executed in %d ms", 180+rng.Intn(40)))
		if i > 100 && f["numeric"] != 0 {
			t.Fatalf("usual duration flagged as numeric deviation %g", f["numeric"])
		}
	}
	slow := r.add(100*time.Millisecond, record.LevelWarning, "Query executed in 40000 ms")
	if slow["numeric"] < 2 {
		t.Errorf("40 s query: numeric %g", slow["numeric"])
	}
	if !strings.Contains(Describe(Numeric, slow["numeric"], r.ext.Info()), "(executed in <NUM> ms: 40s vs ~199ms)") { // durations printed as durations
		t.Errorf("reason %q", Describe(Numeric, slow["numeric"], r.ext.Info()))
	}
	fast := r.add(100*time.Millisecond, record.LevelInfo, "Query executed in 2 ms")
	if fast["numeric"] != 0 {
		t.Errorf("a faster query is not a deviation: %g", fast["numeric"])
	}
	// A heap that keeps climbing.
	for i := 0; i < 200; i++ {
		r.add(time.Second, record.LevelInfo, fmt.Sprintf("Memory usage: heap %d MB", 500+rng.Intn(20)))
	}
	var leak map[string]float64
	for mb := 520.0; mb < 4096; mb *= 1.04 {
		leak = r.add(time.Second, record.LevelInfo, fmt.Sprintf("Memory usage: heap %d MB", int(mb)))
	}
	if leak["numeric"] < 1 {
		t.Errorf("heap at 4 GB after 512 MB: numeric %g", leak["numeric"])
	}
	// Fifty rises in a row: a trend, worded as one.
	if d := Describe(Numeric, leak["numeric"], r.ext.Info()); !strings.Contains(d, "climbing") {
		t.Errorf("heap climbing to 4 GB: reason %q", d)
	}
}

// TestShortDurationsAreRatios checks that a duration is judged by its ratio to its usual
// values however short it is: a call that takes 20 ms and now takes 300 ms is as far as a
// job that takes 20 s and now takes 300 s, whether written in milliseconds, in seconds or
// as a bare fraction.
// Judged in seconds, log(1 + 0.3) − log(1 + 0.02) is under three of the smallest
// deviations, and a fifteen-fold regression of a fast call went unseen.
func TestShortDurationsAreRatios(t *testing.T) {
	cases := []struct {
		format string
		usual  float64 // in the format's unit
	}{
		{"Call to pricing took %.1fms", 20},
		{"Call to pricing took %.4fs", 0.020},
		{"Export job took %.1fs", 20},
		{"GET /api/cart 200 request_time=%.3f", 0.020}, // a bare fraction, as nginx writes seconds
	}
	for _, c := range cases {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(11))
		for i := 0; i < 300; i++ {
			r.add(time.Second, record.LevelInfo, fmt.Sprintf(c.format, c.usual*(1+0.1*rng.NormFloat64())))
		}
		line := fmt.Sprintf(c.format, c.usual*15)
		if slow := r.add(time.Second, record.LevelInfo, line); slow["numeric"] < 1 {
			t.Errorf("%q: fifteen times the usual duration scored numeric %g", line, slow["numeric"])
		}
	}
}

// TestFeatureNumericSlowLeakReportedOften checks that a noisy gauge reported several
// times a second keeps its usual range for minutes, so a heap that climbs threefold
// over ten minutes, a little per report, is found before it ends; and that a stream
// without times (its clock never moves) still learns a lasting change per value.
func TestFeatureNumericSlowLeakReportedOften(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(7))
	gauge := func(mb float64) map[string]float64 {
		return r.add(500*time.Millisecond, record.LevelInfo, fmt.Sprintf("JVM heap used %d MB of 2048 MB", int(mb*(1+0.05*rng.NormFloat64()))))
	}
	for i := 0; i < 2400; i++ { // 20 minutes
		if f := gauge(700); i > 100 && f["numeric"] != 0 {
			t.Fatalf("steady heap, report %d: numeric %g", i, f["numeric"])
		}
	}
	far := 0
	for i := 0; i < 1200; i++ { // 10 minutes, 700 MB to 2 GB
		if f := gauge(700 * math.Pow(2.9, float64(i)/1200)); i >= 600 && f["numeric"] > 0 {
			far++
		}
	}
	if far < 500 {
		t.Errorf("heap climbing threefold over 10 minutes: %d of the last 600 reports far from usual, want most", far)
	}

	untimed := newFeatureRun(t)
	at := untimed.at
	add := func(ms int) map[string]float64 {
		return untimed.add(0, record.LevelInfo, fmt.Sprintf("Query executed in %d ms", ms))
	}
	for i := 0; i < 200; i++ {
		add(200 + rng.Intn(20))
	}
	// A lasting change, ten times slower: 23 of this steady quantity's deviations, which
	// its mean crosses at a twentieth of a deviation per far value (numericShift), and a
	// shift lasts while its level is still far from the mean: about 460 values.
	for i := 0; i < 500; i++ {
		add(2000 + rng.Intn(200))
	}
	if f := add(2100); f["numeric"] != 0 || untimed.at != at {
		t.Errorf("a stream without times did not learn a lasting change: numeric %g", f["numeric"])
	}
}

func TestFeatureAlarmAndGap(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 100; i++ {
		r.add(time.Second, record.LevelInfo, "heartbeat")
	}
	f := r.add(2*time.Hour, record.LevelInfo, "ERROR Unauthorized access denied")
	if f["alarm"] != 2 {
		t.Errorf("alarm %g, want 2 (unauthorized, denied; the level word is not counted)", f["alarm"])
	}
	if f["gap"] < 8 {
		t.Errorf("2 h after a record a second: gap %g", f["gap"])
	}
	if g := r.add(time.Second, record.LevelInfo, "heartbeat"); g["gap"] != 0 {
		t.Errorf("usual gap scored %g", g["gap"])
	}
}

// A record dated months ahead (a wrong clock, a misparsed date) does not move the stream
// clock: the records after it score as if it had not come. Its silence is its own news.
// Two far-ahead records in a row are a silence that ended, and move it.
func TestClockIgnoresALoneTimeFarAhead(t *testing.T) {
	messages := []string{"GET /cart 200", "GET /cart 200", "POST /orders 201", "ERROR payment declined"}
	feed := func(r *featureRun, n int) []map[string]float64 {
		var out []map[string]float64
		for i := 0; i < n; i++ {
			level := record.LevelInfo
			if i%4 == 3 {
				level = record.LevelError
			}
			out = append(out, r.add(time.Duration(100+i%7*30)*time.Millisecond, level, messages[i%4]))
		}
		return out
	}
	plain, skewed := newFeatureRun(t), newFeatureRun(t)
	feed(plain, 500)
	feed(skewed, 500)
	before := skewed.ext.Now()
	ahead := skewed.at.Add(150 * 24 * time.Hour)
	v := make([]float64, len(skewed.ext.Set()))
	skewed.ext.Extract(v, textRecord("GET /cart 200", record.LevelInfo, ahead))
	if g := v[slices.Index(skewed.ext.Set(), Gap)]; g < 8 {
		t.Errorf("a record 150 days ahead: gap %g, want its silence as news", g)
	}
	if now := skewed.ext.Now(); now != before {
		t.Errorf("one record 150 days ahead moved the clock by %v", time.Duration(now-before))
	}
	want, got := feed(plain, 500), feed(skewed, 500)
	for i := range want {
		if !maps.Equal(want[i], got[i]) {
			t.Fatalf("record %d after the one far ahead: %v, want %v", i, got[i], want[i])
		}
	}

	// A stream whose very first record is dated ahead: the second shows it.
	first := newFeatureRun(t)
	v = make([]float64, len(first.ext.Set()))
	first.ext.Extract(v, textRecord("GET /cart 200", record.LevelInfo, first.at.Add(150*24*time.Hour)))
	feed(first, 10)
	if now := first.ext.Now(); now != first.at.UnixNano() {
		t.Errorf("a first record 150 days ahead held the clock at %v, want %v", time.Unix(0, now).UTC(), first.at)
	}

	// A silence of two hours that ended: the second record confirms it.
	r := newFeatureRun(t)
	feed(r, 100)
	last := r.ext.Now()
	r.add(2*time.Hour, record.LevelInfo, "GET /cart 200")
	if r.ext.Now() != last {
		t.Errorf("the first record after a silence moved the clock on its own")
	}
	if f := r.add(time.Second, record.LevelInfo, "GET /cart 200"); r.ext.Now() != r.at.UnixNano() || f["gap"] != 0 {
		t.Errorf("the second record after a silence: clock %v, want %v; gap %g, want 0 (the silence was the first record's news)", r.ext.Now(), r.at.UnixNano(), f["gap"])
	}
}

// TestGapOfAWholeSecondClock checks that a stream whose times count whole seconds (an
// access log) shows no silence when a second passes between its records, which come
// many to the second, while a stream with finer times does.
func TestGapOfAWholeSecondClock(t *testing.T) {
	for _, tc := range []struct {
		name string
		tick time.Duration // the clock's resolution
		want bool          // a silence is reported after 1 s
	}{
		{"whole seconds", time.Second, false},
		{"milliseconds", time.Millisecond, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newFeatureRun(t)
			start := r.at
			for i := 1; i <= 2000; i++ {
				// 20 records a second, at times as the clock shows them.
				at := start.Add(time.Duration(i) * 50 * time.Millisecond).Truncate(tc.tick)
				r.add(at.Sub(r.at), record.LevelInfo, "GET /api/items 200")
			}
			f := r.add(time.Second, record.LevelInfo, "GET /api/items 200")
			if got := f["gap"] > 0; got != tc.want {
				t.Errorf("gap %g after 1 s, want a silence reported: %v", f["gap"], tc.want)
			}
		})
	}
}

// TestNoSilenceOfMilliseconds checks that records stamped as they are read (a file tailed
// from its head without a parser: microseconds apart, with a pause of a few milliseconds
// between reads) show no silence, nor does a stream all of whose records share one time.
func TestNoSilenceOfMilliseconds(t *testing.T) {
	r := newFeatureRun(t)
	for i := 1; i <= 3000; i++ {
		dt := 2 * time.Microsecond
		if i%200 == 0 {
			dt = 5 * time.Millisecond // the next read
		}
		if f := r.add(dt, record.LevelInfo, fmt.Sprintf("sshd[%d]: Accepted publickey for deploy from 10.0.0.%d", 1000+i%97, i%250)); f["gap"] != 0 {
			t.Fatalf("record %d after %v: gap %g, want no silence", i, dt, f["gap"])
		}
	}
	r = newFeatureRun(t)
	for i := 1; i <= 300; i++ {
		dt := time.Duration(0)
		if i == 300 {
			dt = 3 * time.Millisecond
		}
		if f := r.add(dt, record.LevelInfo, "GET /api/items 200"); f["gap"] != 0 {
			t.Fatalf("record %d after %v of records at one time: gap %g, want no silence", i, dt, f["gap"])
		}
	}
}

// TestTemplateStatsBounded checks that template statistics follow the miner's cap.
func TestTemplateStatsBounded(t *testing.T) {
	cfg := drain.DefaultConfig()
	cfg.MaxClusters = 50
	ids, _ := Parse(nil)
	ext, err := New(ids, cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, len(ext.Set()))
	at := time.Unix(0, 0)
	for i := 0; i < 5000; i++ {
		ext.Extract(v, textRecord(fmt.Sprintf("event%c%c kind%d took %d ms", 'a'+i%26, 'a'+i/26%26, i, i), record.LevelInfo, at))
	}
	if n := ext.tmpl.Len(); n > cfg.MaxClusters {
		t.Errorf("%d template statistics held, cap %d", n, cfg.MaxClusters)
	}
	if ext.tmpl.Evicted == 0 {
		t.Error("no eviction counted")
	}
}

func TestCriticalRecurrence(t *testing.T) {
	r := newFeatureRun(t)
	share := func(msg string) float64 {
		r.add(time.Hour, record.LevelCritical, msg)
		return r.ext.Info().CriticalShare
	}
	// A register dump: each line a different critical template.
	for i := 0; i < 20; i++ {
		if got := share(fmt.Sprintf("register r%d %s", i, strings.Repeat("x", i))); i >= 3 && got > 0.3 {
			t.Fatalf("dump line %d: share %g of the recent critical records", i, got)
		}
	}
	// A critical condition that keeps coming back, hours apart, comes to fill them.
	var got float64
	for i := 0; i < 20; i++ {
		got = share("data TLB error interrupt")
	}
	if got < 0.5 {
		t.Errorf("recurring critical template: share %g", got)
	}
	// Routine records in between change nothing.
	r.routine(rand.New(rand.NewSource(4)), 500)
	if again := share("data TLB error interrupt"); again < got {
		t.Errorf("share fell from %g to %g over routine records", got, again)
	}
	if f := r.add(time.Second, record.LevelInfo, "Query executed in 190 ms"); r.ext.Info().CriticalShare != 0 || f["level"] != 1 {
		t.Errorf("a routine record has a critical share %g", r.ext.Info().CriticalShare)
	}
}

func TestSlotContext(t *testing.T) {
	tests := []struct {
		template string
		slot     int
		want     string
	}{
		{"Query executed in <*> ms: SELECT * FROM orders", 3, "executed in <*> ms:"},
		{"request handled status=<*> duration_ms=<*>", 3, "duration_ms=<*>"},
		{"<*> requests", 0, "<*> requests"},
		{"heap <*>", 1, "heap <*>"},
		{"a b c d e f <*>", 6, "e f <*>"},
		{"a  b", 1, "a  b"},
		{"a b", 5, ""},
		// No word names the number: its place does.
		{`<IP> - - [<TIME> <NUM>] "GET <*> HTTP/<NUM>" <NUM> <NUM> <*> <*> <NUM>`, 12, "the line's last number"},
		{"<*> <NUM> <NUM> <NUM>", 2, "<*> <NUM> <NUM> <NUM>"},
		{"<*> <NUM> <NUM> <NUM>", 3, "the line's last number"},
		// An access log's status and size, after the quoted request.
		{`<IP> - - [<TIME> <NUM>] "GET <*> HTTP/<NUM>" <NUM> <NUM> <*> <*> <NUM>`, 8, "status"},
		{`<IP> - - [<TIME> <NUM>] "GET <*> HTTP/<NUM>" <NUM> <NUM> <*> <*> <NUM>`, 9, "response size"},
		{`<IP> - - [<TIME> <NUM>] <*> <*> HTTP/<NUM>" <NUM> <NUM>`, 8, "status"},
		{`upstream "GET /a HTTP/<NUM>" failed after <NUM> ms`, 6, "failed after <NUM> ms"},
		{"", 0, ""},
	}
	for _, tc := range tests {
		if got := slotContext(tc.template, tc.slot); got != tc.want {
			t.Errorf("slotContext(%q, %d) = %q, want %q", tc.template, tc.slot, got, tc.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { slotContext("Query executed in <*> ms", 3) }); n != 0 {
		t.Errorf("slotContext allocates %g times", n)
	}
}

func TestFormatQuantity(t *testing.T) {
	tests := []struct {
		v    float64
		unit drain.Unit
		want string
	}{
		{40, drain.UnitSeconds, "40s"},
		{0.199, drain.UnitSeconds, "199ms"},
		{0.00217, drain.UnitSeconds, "2.17ms"},
		{5400, drain.UnitSeconds, "1h30m0s"},
		{1e300, drain.UnitSeconds, "1e+300s"}, // "1e300s": no time.Duration holds it
		{927989760, drain.UnitBytes, "885 MiB"},
		{512, drain.UnitBytes, "512 B"},
		{1.5 * (1 << 40), drain.UnitBytes, "1.50 TiB"},
		{734598874, drain.UnitNone, "734598874"},
		{0.0229, drain.UnitNone, "0.0229"},
	}
	for _, tc := range tests {
		if got := formatQuantity(tc.v, tc.unit); got != tc.want {
			t.Errorf("formatQuantity(%g, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestRoutineRecord(t *testing.T) {
	tests := []struct {
		level   record.Level
		msg     string
		routine bool
	}{
		{record.LevelInfo, "POST /api/orders 201 38ms user=3377 items=3", true},
		{record.LevelDebug, "Cache hit for key product:17", true},
		{record.LevelInfo, "Unauthorized access to /admin by guest", false},
		{record.LevelWarning, "Slow query 854ms on orders_by_user", false},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			r := newFeatureRun(t)
			r.add(time.Second, tt.level, tt.msg)
			if got := r.ext.Info().Routine(); got != tt.routine {
				t.Errorf("routine %v, want %v", got, tt.routine)
			}
		})
	}
	// A number far above its usual values makes an INFO record worth reporting.
	r := newFeatureRun(t)
	for i := 0; i < 200; i++ {
		r.add(time.Second, record.LevelInfo, fmt.Sprintf("Memory usage: heap %d MB", 500+i%20))
	}
	r.add(time.Second, record.LevelInfo, "Memory usage: heap 4096 MB")
	if r.ext.Info().Routine() {
		t.Error("a heap eight times its usual size is routine")
	}
}

// TestCategoricalValues checks that a status code is a category, not a magnitude: a
// routine share of 404s is neither rare nor far, while a burst of the occasional 403 is a
// burst of one value, and a status never seen before in an established position is a new
// value.
func TestCategoricalValues(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(3))
	line := func(status int) string {
		return fmt.Sprintf("request handled path=/api/items status=%d duration_ms=%d", status, 20+rng.Intn(10))
	}
	for i := 0; i < 3000; i++ {
		status := 200
		switch rng.Intn(400) {
		case 0:
			status = 403
		case 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20:
			status = 404
		}
		f := r.add(100*time.Millisecond, record.LevelInfo, line(status))
		if i > 1000 && status != 403 && (f["numeric"] != 0 || f["rarity"] != 0) {
			t.Fatalf("record %d (status %d): %v, want a routine 404 to be neither far nor rare", i, status, f)
		}
	}
	key := string(r.ext.EventKey(nil))
	if !strings.Contains(key, "=404") && !strings.Contains(key, "=200") {
		t.Errorf("event key %q does not name the status", key)
	}
	var f map[string]float64
	for i := 0; i < 20; i++ {
		f = r.add(20*time.Millisecond, record.LevelWarning, line(403))
	}
	if f["burst"] == 0 || !strings.Contains(Describe(Burst, f["burst"], r.ext.Info()), "burst of one value") {
		t.Errorf("a burst of 403s: %v, reason %q", f, Describe(Burst, f["burst"], r.ext.Info()))
	}
	if f["numeric"] != 0 {
		t.Errorf("403 read as a magnitude: numeric %g", f["numeric"])
	}
	// Ten quiet minutes later, a status never seen before is news.
	for i := 0; i < 6000; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, line(200))
	}
	g := r.add(time.Second, record.LevelWarning, line(418))
	if g["novelty"] == 0 || !strings.Contains(Describe(Novelty, g["novelty"], r.ext.Info()), "new value") {
		t.Errorf("a never-seen status: %v", g)
	}
}

// TestPairsAreFields checks that the quoted pairs of a text line (klog's structured
// logging) are judged as a structured record's fields are: a phase never seen among a
// reconcile's usual phases is a new value of that field, named in the reason, and the
// event key holds the line's categorical pairs.
func TestPairsAreFields(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(8))
	objects := []string{"orders-db", "search-db", "billing-db", "ledger-db", "media-db", "notify-db"}
	line := func(phase string) string {
		o := objects[rng.Intn(len(objects))]
		return fmt.Sprintf(`"Reconciled Database" controller="database" Database="team-shop/%s" name="%s" phase="%s"`, o, o, phase)
	}
	for i := 0; i < 6000; i++ {
		phase := "Ready"
		if rng.Intn(20) == 0 {
			phase = "Degraded"
		}
		if f := r.add(100*time.Millisecond, record.LevelInfo, line(phase)); i > 1000 && f["novelty"] != 0 {
			t.Fatalf("record %d (%s): %v, want the usual phases to be no news", i, phase, f)
		}
	}
	if key := string(r.ext.EventKey(nil)); !strings.Contains(key, "=Ready") && !strings.Contains(key, "=Degraded") {
		t.Errorf("event key %q does not name the phase", key)
	}
	f := r.add(100*time.Millisecond, record.LevelInfo, line("Failed"))
	reason := Describe(Novelty, f["novelty"], r.ext.Info())
	if f["novelty"] == 0 || !strings.Contains(reason, "new value (phase: Failed") {
		t.Errorf("a phase never seen: %v, reason %q", f, reason)
	}
}

// TestNumberNamesAfterASpacedUnit checks that the numbers after a number whose unit is
// written apart from it ("in 25.9 ms") are named by their own keys: the pair is one token
// of the template, and counted as two, ASP.NET Core's request lines named their status
// code Elapsed, so that a 500 was "far above usual" as a duration.
func TestNumberNamesAfterASpacedUnit(t *testing.T) {
	m, err := drain.New(drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var mt drain.Match
	for _, l := range []string{
		"HTTP GET /api/orders responded 200 in 25.904 ms Elapsed=25.904 StatusCode=200",
		"HTTP POST /api/orders responded 500 in 265.9 ms Elapsed=265.9 StatusCode=500",
	} {
		m.Add(l, &mt)
	}
	want := []string{"responded", "in", "Elapsed", "StatusCode"}
	if len(mt.Params) != len(want) {
		t.Fatalf("template %q: %d numbers, want %d", mt.Template, len(mt.Params), len(want))
	}
	for i, p := range mt.Params {
		if got := numberName(mt.Template, p.Slot); got != want[i] {
			t.Errorf("template %q, number %d (%g): named %q, want %q", mt.Template, i, p.Value, got, want[i])
		}
	}
	if got := slotContext(mt.Template, mt.Params[3].Slot); got != "StatusCode=<NUM>" {
		t.Errorf("the status's context %q", got)
	}
}

// TestSizeIsNoCategory checks that a number named as a size is a quantity however few
// values it takes: a health check answered with 17 to 21 bytes for five minutes has no
// event per size, and an answer of 4 KiB is a number far above usual, not a new value.
func TestSizeIsNoCategory(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("health check answered content_size=%d status=200", 17+2*(i%3)))
	}
	if key := string(r.ext.EventKey(nil)); strings.Contains(key, "=17") || strings.Contains(key, "=19") || strings.Contains(key, "=21") {
		t.Errorf("event key %q names the size", key)
	}
	f := r.add(100*time.Millisecond, record.LevelInfo, "health check answered content_size=4096 status=200")
	if f["novelty"] != 0 || f["numeric"] == 0 {
		t.Errorf("a size 240 times its usual: %v, want far above usual and no new value", f)
	}
	if reason := Describe(Numeric, f["numeric"], r.ext.Info()); !strings.Contains(reason, "far above usual (content_size") {
		t.Errorf("reason %q", reason)
	}
}

// TestDescribedFieldCountedOnce checks that a structured record without a message, read
// as its fields written out (`RequestHost="auth.example.com" RequestMethod=GET ...`), has
// each of its fields once in its event: the pairs under its template's wildcards are
// those fields again. Counted twice, a Traefik access line's event named its host twice,
// and each of its values was seen twice per record.
func TestDescribedFieldCountedOnce(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(5))
	hosts := []string{"auth-edge.example.com", "app-edge.example.com", "api-edge.example.com", "shop-edge.example.com"}
	for i := 0; i < 500; i++ {
		host := hosts[rng.Intn(len(hosts))]
		msg := fmt.Sprintf("ClientHost=10.0.%d.%d Duration=%d RequestHost=\"%s\" RequestMethod=GET", rng.Intn(4), rng.Intn(250), 1000+rng.Intn(9000), host)
		r.addFields(100*time.Millisecond, msg, record.Field{Name: "RequestHost", Value: host}, record.Field{Name: "RequestMethod", Value: "GET"})
	}
	key := string(r.ext.EventKey(nil))
	if n := strings.Count(key, ".example.com"); n != 1 {
		t.Errorf("event key %q names the host %d times, want once", key, n)
	}
}

// TestNewLevelIsNamed checks that a template's first record at a level above every level
// it had is a new value named by its level ("request handled" at ERROR among INFO ones),
// not by the number 0.
func TestNewLevelIsNamed(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("request handled in %d ms", 20+i%7))
	}
	f := r.add(100*time.Millisecond, record.LevelError, "request handled in 25 ms")
	reason := Describe(Novelty, f["novelty"], r.ext.Info())
	if f["novelty"] == 0 || reason != "new value (level: error)" {
		t.Errorf("the template's first error: %v, reason %q", f, reason)
	}
}

// TestLevelBelowWarningIsNoReason checks that a routine level is never given as why a
// record is anomalous, whatever the level feature's value, and a warning or worse is.
func TestLevelBelowWarningIsNoReason(t *testing.T) {
	for _, c := range []struct {
		level record.Level
		want  string
	}{
		{record.LevelDebug, ""},
		{record.LevelInfo, ""},
		{record.LevelNotice, ""},
		{record.LevelWarning, LevelReason(record.LevelWarning)},
		{record.LevelError, LevelReason(record.LevelError)},
	} {
		info := &Info{Level: c.level}
		if got := Describe(Level, 1, info); got != c.want {
			t.Errorf("level %v: reason %q, want %q", c.level, got, c.want)
		}
	}
	if LevelReason(record.LevelWarning) == "" {
		t.Error("a warning has no reason text")
	}
}

// TestRouteOfAPathPair checks that a text line's path=/... pair is a category by its
// route, so a latency regression of one route in a logfmt request log is judged against
// that route's usual latency, not against the mix of every route's.
func TestRouteOfAPathPair(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(10))
	usual := map[string]int{"/api/cart": 20, "/api/items/%d": 30, "/api/orders": 150, "/healthz": 2}
	routes := []string{"/api/cart", "/api/items/%d", "/api/orders", "/healthz"}
	line := func(slow bool) (string, bool) {
		route := routes[rng.Intn(len(routes))]
		ms := usual[route] * (6 + rng.Intn(10)) / 10
		path := route
		if strings.Contains(route, "%d") {
			path = fmt.Sprintf(route, 1+rng.Intn(99999))
		}
		cart := route == "/api/cart"
		if slow && cart {
			ms *= 20
		}
		return fmt.Sprintf(`level=info msg="request completed" method=GET path=%s status=200 took=%dms`, path, ms), cart
	}
	for i := 0; i < 6000; i++ {
		msg, _ := line(false)
		r.add(50*time.Millisecond, record.LevelInfo, msg)
	}
	far, slow := 0, 0
	for i := 0; i < 1000; i++ {
		msg, cart := line(true)
		f := r.add(50*time.Millisecond, record.LevelInfo, msg)
		if cart {
			slow++
			if f["numeric"] > 0 {
				far++
			}
		}
	}
	if far < slow*8/10 {
		t.Errorf("/api/cart twenty times slower among routes up to 150 ms: %d of %d far from usual, want 80%%", far, slow)
	}
}

// TestNoveltyInContext checks that an event new to a stable stream is news at any level,
// while the events of a change (a deploy writing several new lines within minutes) are
// learned quietly, and still known as new to the stream (Info.NewInChange), which the
// stream's routine lines written meanwhile are not.
func TestNoveltyInContext(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(6))
	r.routine(rng, 6000)
	f := r.add(time.Second, record.LevelInfo, "Access granted to user root on /etc/shadow")
	if f["novelty"] == 0 || r.ext.Info().NewInChange {
		t.Errorf("a new INFO event in a stable stream: novelty %g, new in a change %v", f["novelty"], r.ext.Info().NewInChange)
	}
	r.routine(rng, 6000)
	deploy := []string{"Starting version 2.4.1 build abc", "Loaded 14 feature flags", "Connected to cache cluster", "Warmup finished in 2 s", "Serving on port 8443"}
	var novel, quiet []string
	for _, msg := range deploy {
		g := r.add(2*time.Second, record.LevelInfo, msg)
		switch {
		case g["novelty"] > 0:
			novel = append(novel, msg)
		case !r.ext.Info().NewInChange:
			quiet = append(quiet, msg)
		}
	}
	if len(novel) > changeBirths {
		t.Errorf("a deploy's new lines: %d of %d new, want at most the first %d (%v)", len(novel), len(deploy), changeBirths, novel)
	}
	if len(quiet) > 0 {
		t.Errorf("a deploy's new lines without novelty not known as new in a change: %v", quiet)
	}
	r.routine(rng, 1)
	if r.ext.Info().NewInChange {
		t.Error("a routine line during the change taken as new in it")
	}
}

// TestNumbersBothWays checks that a steady count dropping to zero is far below its usual
// values, while a counter that cycles stays within its range and ids spread over orders
// of magnitude are never far below.
func TestNumbersBothWays(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 600; i++ {
		r.add(time.Minute, record.LevelInfo, fmt.Sprintf("batch done: %d rows processed", 950+rng.Intn(100)))
	}
	f := r.add(time.Minute, record.LevelInfo, "batch done: 0 rows processed")
	if f["numeric"] == 0 || !strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "far below usual") {
		t.Errorf("rows dropping to 0: %v, reason %q", f, Describe(Numeric, f["numeric"], r.ext.Info()))
	}
	if r.ext.Info().Routine() {
		t.Error("rows dropping to 0 read as routine")
	}

	c := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		if f := c.add(time.Second, record.LevelInfo, fmt.Sprintf("consumed batch from partition %d lag %d", i%250, 10+rng.Intn(5))); i > 500 && f["numeric"] != 0 {
			t.Fatalf("a cycling partition number far at record %d: %v (%s)", i, f, Describe(Numeric, f["numeric"], c.ext.Info()))
		}
	}

	ids := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		if f := ids.add(time.Second, record.LevelInfo, fmt.Sprintf("cache lookup item:%d hit", rng.Intn(100000))); i > 100 && f["numeric"] != 0 && ids.ext.Info().numBelow {
			t.Fatalf("an id far below at record %d: %v", i, f)
		}
	}
}

func TestBurstExcessIgnoresChance(t *testing.T) {
	tests := []struct {
		count, expected float64
		burst           bool
	}{
		{9, 4.4, false},   // a Poisson(4.4) count reaches 9 in about 4% of windows
		{14, 4.4, true},   // 0.05%
		{3, 0.4, true},    // 0.8%
		{2, 0.4, false},   // 6%
		{50, 2, true},     // a storm
		{300, 250, false}, // beyond the noise, but within burstQuiet (1.4 times)
		{400, 250, true},
	}
	for _, tc := range tests {
		if got := burstExcess(tc.count, tc.expected) > 0; got != tc.burst {
			t.Errorf("burstExcess(%g, %g) = %g, want a burst %v (Poisson tail %.4f)", tc.count, tc.expected, burstExcess(tc.count, tc.expected), tc.burst, poissonTail(tc.count, tc.expected))
		}
	}
}

// A template's lines all have its number of tokens: the count is a reason only while the
// template is new, not on a gauge line written a hundred times before.
func TestTokenCountReasonOnlyForNewTemplates(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 100; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("request %d handled by worker %d in %d ms", i, i%3, 5+i%40))
	}
	f := r.add(100*time.Millisecond, record.LevelInfo, "heap in use 512 MB")
	if got := Describe(Tokens, f["tokens"], r.ext.Info()); got != "unusual token count (5)" {
		t.Errorf("a new template: reason %q", got)
	}
	for i := 0; i < 10; i++ {
		f = r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("heap in use %d MB", 500+i))
	}
	if got := Describe(Tokens, f["tokens"], r.ext.Info()); got != "" {
		t.Errorf("a template seen 11 times: reason %q", got)
	}
}

// The lines of a stack trace written as records of their own are part of the error
// above them: Java's frames and "Caused by:", Python's header, frames, chaining lines and
// exception line, PHP's frames and the lines Laravel writes around them, php-fpm's slow
// log, a Go panic's goroutine and functions. Lines that merely start a message are not.
func TestContinuesEntry(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"\tat com.acme.pay.Acquirer.charge(Acquirer.java:88)", true},
		{"Caused by: java.net.SocketTimeoutException: Read timed out", true},
		{"... 42 more", true},
		{"java.lang.IllegalStateException: pool closed", true},
		{"Traceback (most recent call last):", true},
		{`  File "/app/billing/tasks.py", line 41, in generate_invoice`, true},
		{"KeyError: 'vat_rate'", true},
		{"requests.exceptions.ConnectionError", true},
		{"During handling of the above exception, another exception occurred:", true},
		{"The above exception was the direct cause of the following exception:", true},
		{"Error: something went wrong", true},
		{"[stacktrace]", true},
		{`#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(767): Illuminate\\Database\\Connection->runQueryCallback('select * from...', Array, Object(Closure))`, true},
		{"#57 {main}", true},
		{`[previous exception] [object] (PDOException(code: 1040): SQLSTATE[HY000] [1040] Too many connections at /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php:65)`, true},
		{`"} `, true},
		{"[0x00007f3a30548650] execute() /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:420", true},
		{"script_filename = /var/www/html/public/index.php", true},
		{"goroutine 7 [running]:", true},
		{"main.(*Server).handle(0xc000123456, {0x1234, 0x5})", true},
		{"created by net/http.(*Server).Serve in goroutine 1", true},
		{"Task generate_invoice succeeded in 0.2s", false},
		{"GET /api/items(1) done", false},
		{"shutdown()", false},
		{"#general channel archived", false},
		{"#12", false},
		{"[2024-07-15 09:00:01] production.INFO: Request handled", false},
		{"Connection error: retrying", false},
		{"", false},
	} {
		if got := continuesEntry(tc.line); got != tc.want {
			t.Errorf("continuesEntry(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// wantContinuations extracts lines without a level at at, and checks that each continues
// the entry above at level.
func wantContinuations(t *testing.T, ext *Extractor, vec []float64, at time.Time, level record.Level, lines ...string) {
	t.Helper()
	for _, line := range lines {
		ext.Extract(vec, textRecord(line, record.LevelUnknown, at))
		if info := ext.Info(); !info.Continues || info.Level != level {
			t.Errorf("%q: continues %v at %v, want a continuation at %v", line, info.Continues, info.Level, level)
		}
	}
}

// newExtractor returns an extractor of the features set and a vector for them.
func newExtractor(t *testing.T, set Set) (*Extractor, []float64) {
	t.Helper()
	ext, err := New(set, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return ext, make([]float64, len(set))
}

// A Python traceback after a task's error line takes the error's level, line by line.
func TestPythonTracebackContinuesItsError(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, Length})
	at := time.Date(2024, 3, 20, 2, 20, 1, 0, time.UTC)
	ext.Extract(vec, textRecord("Task billing.tasks.generate_invoice raised unexpected: KeyError('vat_rate')", record.LevelError, at))
	wantContinuations(t, ext, vec, at, record.LevelError,
		"Traceback (most recent call last):",
		`  File "/app/billing/tasks.py", line 41, in generate_invoice`,
		"    invoice = build_invoice(order_id)",
		"KeyError: 'vat_rate'",
	)
	ext.Extract(vec, textRecord("Task billing.tasks.generate_invoice received", record.LevelInfo, at))
	if ext.Info().Continues {
		t.Error("the next task's line continues the traceback")
	}
}

// A stack frame continues the line above it whatever that line's level: Kafka's replica
// fetcher logs a failed fetch at INFO, the IOException without a level, and the trace's
// frames under it. The exception's own line is no continuation of the INFO entry (it
// reports the failure), and a frame written seconds later continues nothing.
func TestFramesContinueWhateverTheLevelAbove(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, Length})
	at := time.Date(2024, 6, 11, 8, 24, 32, 0, time.UTC)
	ext.Extract(vec, textRecord("[ReplicaFetcher replicaId=2, leaderId=1, fetcherId=3] Error sending fetch request (sessionId=1882351616, epoch=797369) to node 1:", record.LevelInfo, at))
	ext.Extract(vec, textRecord("java.io.IOException: Connection to 1 was disconnected before the response was read", record.LevelUnknown, at))
	if info := ext.Info(); info.Continues {
		t.Error("the exception's own line continues the INFO entry above it")
	}
	wantContinuations(t, ext, vec, at, record.LevelUnknown,
		"\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)",
		"\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:114)",
	)
	ext.Extract(vec, textRecord("[Partition orders-3 broker=2] ISR updated to 2,3 and version updated to 41", record.LevelInfo, at))
	wantContinuations(t, ext, vec, at, record.LevelInfo, "  previous replicas 1,2,3")
	ext.Extract(vec, textRecord("\tat kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:317)", record.LevelUnknown, at.Add(3*time.Second)))
	if ext.Info().Continues {
		t.Error("a frame three seconds after the line above continues it")
	}
}

// php-fpm's report of a slow request, NOTICE lines included, continues the warning that
// announced it, up to its last NOTICE; a NOTICE about another matter does not.
func TestSlowRequestReportContinuesItsWarning(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, Length})
	at := time.Date(2024, 7, 15, 10, 9, 12, 0, time.UTC)
	ext.Extract(vec, textRecord(`[pool www] child 61, script '/var/www/html/public/index.php' (request: "GET /index.php") executing too slow (5.024666 sec), logging`, record.LevelWarning, at))
	for _, tc := range []struct {
		line  string
		level record.Level
	}{
		{"child 61 stopped for tracing", record.LevelNotice},
		{"about to trace 61", record.LevelNotice},
		{"[15-Jul-2024 10:09:12]  [pool www] pid 61", record.LevelUnknown},
		{"script_filename = /var/www/html/public/index.php", record.LevelUnknown},
		{"[0x00007f3a308643c0] __invoke() /var/www/html/vendor/guzzlehttp/guzzle/src/Handler/Proxy.php:28", record.LevelUnknown},
		{"finished trace of 61", record.LevelNotice},
	} {
		ext.Extract(vec, textRecord(tc.line, tc.level, at))
		if info := ext.Info(); !info.Continues || info.Level != record.LevelWarning {
			t.Errorf("%q: continues %v at %v, want a continuation at warning", tc.line, info.Continues, info.Level)
		}
	}
	// Written two seconds after the report, such a NOTICE is no part of it.
	ext.Extract(vec, textRecord("child 62 stopped for tracing", record.LevelNotice, at.Add(2*time.Second)))
	if info := ext.Info(); info.Continues || info.Level != record.LevelNotice {
		t.Errorf("a NOTICE two seconds on: continues %v at %v, want an entry of its own", info.Continues, info.Level)
	}
	ext.Extract(vec, textRecord(`[pool www] child 61, script '/var/www/html/public/index.php' (request: "GET /index.php") executing too slow (5.1 sec), logging`, record.LevelWarning, at.Add(3*time.Second)))
	ext.Extract(vec, textRecord("[pool www] child 75 started", record.LevelNotice, at.Add(3*time.Second)))
	if info := ext.Info(); info.Continues || info.Level != record.LevelNotice {
		t.Errorf("a new child's NOTICE: continues %v at %v, want an entry of its own", info.Continues, info.Level)
	}
}

// An Elixir crash report's lines without a level and without an indent continue their
// error in a stream whose entries have levels, though its INFO entries have indented
// lines of their own (a channel join's parameters): those say nothing of whether the
// stream's entries have levels.
func TestCrashReportContinuesAmongIndentedInfoLines(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, Length})
	at := time.Date(2024, 8, 20, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 2000; i++ {
		at = at.Add(50 * time.Millisecond)
		ext.Extract(vec, textRecord(fmt.Sprintf("JOINED user:%d in 61µs", 1000+i), record.LevelInfo, at))
		ext.Extract(vec, textRecord("  Parameters: %{}", record.LevelUnknown, at))
	}
	ext.Extract(vec, textRecord("GenServer Marketplace.Search.Indexer terminating", record.LevelError, at))
	wantContinuations(t, ext, vec, at, record.LevelError,
		"** (FunctionClauseError) no function clause matching in Marketplace.Search.Document.price_cents/1",
		"    (marketplace 1.4.3) lib/marketplace/search/document.ex:61: Marketplace.Search.Document.price_cents/1",
		"Last message: :flush",
		"State: %Marketplace.Search.Indexer{batch_size: 200, pending: 14}",
	)
}

// An error written over many lines is one error in the stream's error counts: its
// frames do not make an error burst of it.
func TestContinuationLinesAreOneError(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, ErrorBurst})
	at := time.Date(2024, 3, 20, 2, 20, 1, 0, time.UTC)
	ext.Extract(vec, textRecord("Task media.tasks.make_thumbnail raised unexpected: UnidentifiedImageError", record.LevelError, at))
	ext.Extract(vec, textRecord("Traceback (most recent call last):", record.LevelUnknown, at))
	for i := 0; i < 14; i++ {
		ext.Extract(vec, textRecord(fmt.Sprintf(`  File "/app/media/tasks.py", line %d, in make_thumbnail`, i), record.LevelUnknown, at))
	}
	if got := ext.Info().errCount; got > 1.01 {
		t.Fatalf("recent errors after one error entry of 16 lines: %.2f, want 1", got)
	}
}

// TestOneTemplateStormIsNoErrorBurstOfOthers checks that a storm of one warning (a
// tenant's job over its rate limit) makes no error burst of another template's routine
// warning amid it, while warnings of several templates coming at once (a failure
// spreading) still do, and the storming template's own records count every warning.
func TestOneTemplateStormIsNoErrorBurstOfOthers(t *testing.T) {
	ext, vec := newExtractor(t, Set{Level, ErrorBurst})
	at := time.Date(2024, 10, 31, 8, 0, 0, 0, time.UTC)
	add := func(line string, level record.Level) float64 {
		at = at.Add(50 * time.Millisecond)
		ext.Extract(vec, textRecord(line, level, at))
		return vec[1]
	}
	routine := func(n int) {
		for i := 0; i < n; i++ {
			add(fmt.Sprintf("invoice created inv_%d in %d ms", i, 20+i%30), record.LevelInfo)
			if i%400 == 0 {
				add(fmt.Sprintf("token expired for key k%d", i), record.LevelWarning)
			}
		}
	}
	routine(20000)
	for i := 0; i < 60; i++ {
		add(fmt.Sprintf("rate limit exceeded for tenant acme, retry after %d s", 60-i), record.LevelWarning)
		add(fmt.Sprintf("invoice created inv_x%d in 25 ms", i), record.LevelInfo)
	}
	if own := add("rate limit exceeded for tenant acme, retry after 1 s", record.LevelWarning); own <= 0 {
		t.Errorf("the storming warning's own error burst %.2f, want > 0", own)
	}
	if other := add("token expired for key k9", record.LevelWarning); other > 0 {
		t.Errorf("a routine warning amid another template's storm: error burst %.2f, want 0", other)
	}
	routine(20000)
	for i := 0; i < 30; i++ {
		add(fmt.Sprintf("payment failed for order o%d: upstream 503", i), record.LevelError)
		add(fmt.Sprintf("request failed with status 502 after %d ms", 900+i), record.LevelError)
	}
	if spread := add("token expired for key k10", record.LevelWarning); spread <= 0 {
		t.Errorf("a warning amid two templates' errors: error burst %.2f, want > 0", spread)
	}
}

// TestNewEventAtTheOldPaceIsNoStorm checks that a periodic line whose categorical value
// changes for good (a Redis database's hash table grown from 128 to 256 slots, reported
// every 5 s) has, as the new event, the share it keeps at its pace since its birth, the
// old event's, not the share of its first minutes, which a storm is measured against.
func TestNewEventAtTheOldPaceIsNoStorm(t *testing.T) {
	r := newFeatureRun(t)
	report := func(slots int) float64 {
		for db := 0; db < 4; db++ {
			r.addFields(1250*time.Millisecond, fmt.Sprintf("DB %d: %d keys (0 volatile) in %d slots HT.", db, 90+db, slots),
				record.Field{Name: "pod", Value: "redis-node-0"})
		}
		return r.ext.Info().Pace.Share // the last database's event
	}
	var before float64
	for i := 0; i < 720; i++ { // an hour
		before = report(128)
	}
	var after float64
	for i := 0; i < 24; i++ { // two minutes
		after = report(256)
	}
	if after < before/2 {
		t.Errorf("the new event's share two minutes in: %.4f, the old one's %.4f: want about the same", after, before)
	}
}

// TestFrequentValuesOfAnOverflowedField checks that a path among hundreds (a site's
// article pages next to its search page) still judges the search page's latency against
// the search page's own: a search ten times slower is far, though the articles are
// slower still.
func TestFrequentValuesOfAnOverflowedField(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(5))
	add := func(path string, ms int) map[string]float64 {
		return r.addFields(100*time.Millisecond, fmt.Sprintf("request completed in %d ms", ms), record.Field{Name: "path", Value: path})
	}
	request := func(searchMs int) map[string]float64 {
		switch n := rng.Intn(10); {
		case n < 3:
			return add("/search", searchMs+rng.Intn(searchMs/2))
		case n < 6:
			return add("/products/#", 40+rng.Intn(20))
		default:
			return add(fmt.Sprintf("/blog/article-%d", rng.Intn(400)), 1000+rng.Intn(2000))
		}
	}
	for i := 0; i < 6000; i++ {
		request(100)
	}
	searches := 0
	for i := 0; i < 300; i++ {
		if f := add("/search", 1000+rng.Intn(500)); f["numeric"] > 0 {
			searches++
		}
	}
	if searches < 150 {
		t.Errorf("a search page ten times slower among 400 article paths: %d of 300 searches far from usual, want most", searches)
	}
}

// TestRoutesOfAnOverflowedPath checks that the paths under one route (a listing page for
// each of hundreds of categories, or for each of hundreds of shops' categories), none of
// them frequent, are judged against that route's latency (see frequentRoute): listings
// ten times slower are far, though the reports under another route are slower still.
func TestRoutesOfAnOverflowedPath(t *testing.T) {
	for _, listing := range []string{"/categories/category-%d?page=%d", "/shops/shop-%d/category-%d"} {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(5))
		add := func(path string, ms int) map[string]float64 {
			return r.addFields(100*time.Millisecond, fmt.Sprintf("request completed in %d ms", ms), record.Field{Name: "path", Value: path})
		}
		page := func() string { return fmt.Sprintf(listing, rng.Intn(400), 1+rng.Intn(5)) }
		for i := 0; i < 6000; i++ {
			switch n := rng.Intn(10); {
			case n < 4:
				add(page(), 50+rng.Intn(25))
			case n < 7:
				add("/products/#", 40+rng.Intn(20))
			default:
				add(fmt.Sprintf("/reports/report-%d", rng.Intn(400)), 1000+rng.Intn(2000))
			}
		}
		far := 0
		for i := 0; i < 300; i++ {
			if f := add(page(), 500+rng.Intn(250)); f["numeric"] > 0 {
				far++
			}
		}
		if far < 150 {
			t.Errorf("%s ten times slower: %d of 300 far from usual, want most", listing, far)
		}
	}
	for v, want := range map[string]string{"/categories/shoes?page=2": "/categories", "/v1/database/creds/orders-rw": "/v1/database/creds", "/health": "", "GET": "", "/": ""} {
		if got := routeParent(v); got != want {
			t.Errorf("routeParent(%q) = %q, want %q", v, got, want)
		}
	}
}

// requestLog returns a function that adds a request line, 50 ms after the one before,
// with its path and status as fields, and returns its features.
func requestLog(t *testing.T) func(path, status string, ms int) map[string]float64 {
	r := newFeatureRun(t)
	return func(path, status string, ms int) map[string]float64 {
		return r.addFields(50*time.Millisecond, fmt.Sprintf("request completed in %d ms", ms),
			record.Field{Name: "path", Value: path}, record.Field{Name: "status", Value: status})
	}
}

// TestNumberFarInItsRoutesContext checks that a number is judged in every context its
// record names and is as far as the farthest says: when a route starts failing with a
// status of its own and taking seconds, the new status's baseline soon learns the
// seconds (a gateway's timeout: all alike, so its baseline is the tightest), but the route's
// own baseline goes on finding them far.
func TestNumberFarInItsRoutesContext(t *testing.T) {
	add := requestLog(t)
	rng := rand.New(rand.NewSource(9))
	paths := []string{"/cart", "/items", "/users"}
	for i := 0; i < 6000; i++ {
		status := "200"
		if rng.Intn(30) == 0 {
			status = "404"
		}
		add(paths[rng.Intn(len(paths))], status, 15+rng.Intn(10))
	}
	far, failing := 0, 0
	for i := 0; i < 1500; i++ {
		p := paths[rng.Intn(len(paths))]
		if p != "/cart" {
			add(p, "200", 15+rng.Intn(10))
			continue
		}
		failing++
		if f := add(p, "504", 2000+rng.Intn(10)); f["numeric"] > 0 { // a gateway timing out
			far++
		}
	}
	if far < failing*8/10 {
		t.Errorf("a route's requests taking seconds with a status of their own: %d of %d far from usual, want 80%%", far, failing)
	}
}

// TestStatusAtItsOwnLevel follows requests of which a few are given up by their client
// (nginx's 499: slow by nature, written once the client stopped waiting): a 499 as slow
// as 499s always are is routine, as a 200 that slow is not.
func TestStatusAtItsOwnLevel(t *testing.T) {
	add := requestLog(t)
	rng := rand.New(rand.NewSource(11))
	paths := []string{"/cart", "/items", "/users"}
	request := func() (string, string, int) {
		if rng.Intn(100) == 0 {
			return paths[rng.Intn(len(paths))], "499", 1000 + rng.Intn(8000)
		}
		return paths[rng.Intn(len(paths))], "200", 15 + rng.Intn(10)
	}
	for i := 0; i < 8000; i++ {
		add(request())
	}
	gaveUp, far := 0, 0
	for i := 0; i < 4000; i++ {
		path, status, ms := request()
		f := add(path, status, ms)
		if status == "499" {
			gaveUp++
			if f["numeric"] > 0 {
				far++
			}
		}
	}
	if gaveUp < 20 || far > 0 {
		t.Errorf("requests their clients gave up on, as slow as such requests are: %d of %d far from usual, want none", far, gaveUp)
	}
	if f := add("/cart", "200", 3000); f["numeric"] == 0 {
		t.Errorf("a request of status 200 as slow as the 499s: not far from usual")
	}
}

// TestManyStatusesStayCategories follows an access log that answers with more distinct
// statuses than a position may hold values and stay a category (maxCategories), as a
// text line and as a JSON log's status field: a status is a category still, each an
// event of its own, and a 401 among 200s is no number far above usual (the
// ingress-nginx family's controller answered with 17 over three hours, and its 401s
// were "far above usual (status: 401 vs ~200)").
func TestManyStatusesStayCategories(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(12))
	statuses := []int{101, 201, 202, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403, 404, 409, 413, 422, 429, 499, 500, 502, 503, 504}
	line := func(status int) map[string]float64 {
		level := record.LevelInfo
		switch {
		case status >= 500:
			level = record.LevelError
		case status >= 400:
			level = record.LevelWarning
		}
		return r.add(50*time.Millisecond, level, fmt.Sprintf(`10.0.%d.%d - - [12/Mar/2024:09:00:00 +0000] "GET /cart HTTP/1.1" %d %d "-" "curl/8.4.0"`,
			rng.Intn(4), 1+rng.Intn(200), status, 500+rng.Intn(100)))
	}
	for i := 0; i < 6000; i++ {
		status := 200
		if rng.Intn(10) == 0 {
			status = statuses[rng.Intn(len(statuses))]
		}
		line(status)
	}
	if f := line(401); f["numeric"] > 0 {
		t.Errorf("a 401 among 200s, with %d statuses seen: numeric %g, want none", len(statuses)+1, f["numeric"])
	}
	unauthorized := string(r.ext.EventKey(nil))
	line(200)
	if ok := string(r.ext.EventKey(nil)); ok == unauthorized {
		t.Errorf("a 401 and a 200 are one event (%s): the status is no category", ok)
	}

	// The same statuses as a JSON log's text field (nginx's log_format quotes "$status").
	j := newFeatureRun(t)
	request := func(status int) {
		j.addFields(50*time.Millisecond, "request completed", record.Field{Name: "path", Value: "/cart"},
			record.Field{Name: "status", Value: strconv.Itoa(status)})
	}
	for i := 0; i < 6000; i++ {
		status := 200
		if rng.Intn(10) == 0 {
			status = statuses[rng.Intn(len(statuses))]
		}
		request(status)
	}
	request(401)
	unauthorized = string(j.ext.EventKey(nil))
	request(200)
	if ok := string(j.ext.EventKey(nil)); ok == unauthorized {
		t.Errorf("a 401 and a 200 in a status field are one event (%s): the status is no category", ok)
	}
}

// TestEventKeysStayCategories follows a field that takes more values than a position may
// hold and stay a category (maxCategories), once configured as an event key and once
// not: configured, each tenant's records are an event of their own, as a status's are;
// found by itself, the field has too many values to name events.
func TestEventKeysStayCategories(t *testing.T) {
	for _, configured := range []bool{true, false} {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(13))
		request := func(tenant int) string {
			r.addFields(50*time.Millisecond, "charge accepted", record.Field{Name: "tenant", Value: fmt.Sprintf("tenant-%02d", tenant), Event: configured})
			return string(r.ext.EventKey(nil))
		}
		for i := 0; i < 6000; i++ {
			request(rng.Intn(40))
		}
		if same := request(1) == request(2); same == configured {
			t.Errorf("configured %v: two tenants of forty one event %v", configured, same)
		}
	}
}

// family returns the evaluation family of the given name.
func family(t *testing.T, name string) families.Family {
	t.Helper()
	for _, f := range families.All() {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no family %q", name)
	return families.Family{}
}

// TestRampIsNoShift follows the payments family's outbox report (a count of events
// published every 15 s) through its morning ramp, traffic tripling over 25 minutes and
// staying up: its slow baseline lags far behind the count, which is no shift of level
// for that: it crept there. The same count jumping threefold at once is one.
func TestRampIsNoShift(t *testing.T) {
	payments := family(t, "payments")
	r := newFeatureRun(t)
	ramp := 0
	for _, l := range payments.Lines(1) {
		if !strings.Contains(l.Text, "Outbox relay published") || l.Incident != "" {
			continue
		}
		f := r.addAt(l.At, record.LevelInfo, l.Text)
		if l.Change == "morning ramp x3" {
			ramp++
			if r.reportsShift(f) {
				t.Fatalf("%s: %s", l.Text, Describe(Numeric, f["numeric"], r.ext.Info()))
			}
		}
	}
	if ramp < 100 {
		t.Fatalf("%d outbox reports in the ramp", ramp)
	}

	jump, rng := newFeatureRun(t), rand.New(rand.NewSource(12))
	published := func(level float64) map[string]float64 {
		return jump.add(15*time.Second, record.LevelInfo, fmt.Sprintf("Outbox relay published %d events (pending=4)", int(level*(1+0.12*rng.NormFloat64()))))
	}
	for i := 0; i < 480; i++ { // two hours
		published(60)
	}
	shifted := 0
	for i := 0; i < 40; i++ {
		if jump.reportsShift(published(180)) {
			shifted++
		}
	}
	if shifted < 30 {
		t.Errorf("a count three times higher at once: %d of 40 reports a shift of level, want most", shifted)
	}
}

// TestShiftAmongUsualValues checks that a level shift is found when the new level
// overlaps the old range (most values far, some within it), while a heavy tail (one value in
// ten far) never makes one. The queries spread by a factor e^0.4 (one deviation), so ten
// times slower is about six deviations, and the fastest of the slow queries are as fast
// as the slowest usual ones; with a spread of e^0.5 and more, ten times is an overlap
// whose far values are a minority, which the shift evidence does not take for a shift.
func TestShiftAmongUsualValues(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	query := func(r *featureRun, median float64) map[string]float64 {
		ms := median * math.Exp(0.4*rng.NormFloat64())
		return r.add(time.Second, record.LevelInfo, fmt.Sprintf("Query executed in %d ms", int(ms)))
	}
	tail := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		median := 100.0
		if rng.Intn(10) == 0 {
			median = 2000 // one query in ten waits for a lock
		}
		if f := query(tail, median); tail.reportsShift(f) {
			t.Fatalf("a heavy tail read as a shift at query %d: %s", i, Describe(Numeric, f["numeric"], tail.ext.Info()))
		}
	}

	r := newFeatureRun(t)
	for i := 0; i < 3000; i++ {
		query(r, 100)
	}
	shifted, far := 0, 0
	for i := 0; i < 200; i++ {
		f := query(r, 1000) // ten times slower: some land within the old range
		if f["numeric"] > 0 {
			far++
			if r.reportsShift(f) {
				shifted++
			}
		}
	}
	if far < 150 || shifted < far*3/4 {
		t.Errorf("queries ten times slower: %d of 200 far from usual, %d of them reported as a shift of level; want most, and most of those", far, shifted)
	}
}

// TestShiftKeepsItsOverlappingValues checks that once a shift of level is found, the
// values of the new level that land within the old range (nearer the new level than the
// old one) are reported as the shift's too: a search ten times slower whose fastest
// requests are as fast as the usual slowest, reported whole rather than at its slowest.
func TestShiftKeepsItsOverlappingValues(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	r := newFeatureRun(t)
	query := func(median float64) map[string]float64 {
		return r.add(time.Second, record.LevelInfo, fmt.Sprintf("Query executed in %d ms", int(median*math.Exp(0.5*rng.NormFloat64()))))
	}
	for i := 0; i < 3000; i++ {
		query(100)
	}
	for i := 0; i < 40; i++ {
		query(1000) // the shift is found within these
	}
	shifted := 0
	for i := 0; i < 300; i++ {
		if r.reportsShift(query(1000)) {
			shifted++
		}
	}
	// 294 of 300; 257 when only the values beyond the old range continued the shift.
	if shifted < 280 {
		t.Errorf("queries ten times slower: %d of 300 reported as a shift of level, want 280", shifted)
	}
}

// TestStateKeepsFrequentValuesAndShifts saves an extractor whose text field overflowed
// its categories and whose latency is shifting, and checks that the restored copy goes
// on exactly as the original: the frequent values, the shift evidence and the events'
// paces are saved.
func TestStateKeepsFrequentValuesAndShifts(t *testing.T) {
	ids, _ := Parse(nil)
	orig, err := New(ids, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(9))
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	recs := make([]*record.Record, 0, 7000)
	for i := 0; i < 7000; i++ {
		at = at.Add(100 * time.Millisecond)
		path, ms := fmt.Sprintf("/blog/article-%d", rng.Intn(400)), 1000+rng.Intn(2000)
		if rng.Intn(3) == 0 {
			path, ms = "/search", 100+rng.Intn(50)
			if i > 6000 {
				ms *= 10 // the search page ten times slower at the end
			}
		}
		rec := textRecord(fmt.Sprintf("request completed in %d ms", ms), record.LevelInfo, at)
		method := []string{"GET", "GET", "GET", "POST"}[rng.Intn(4)]
		rec.Fields = []record.Field{{Name: "path", Value: path}, {Name: "method", Value: method}}
		recs = append(recs, rec)
	}
	v := make([]float64, len(orig.Set()))
	for _, r := range recs[:6200] {
		orig.Extract(v, r)
	}
	restored := restoredCopy(t, orig, ids)
	got := make([]float64, len(v))
	shifts := 0
	for i, r := range recs[6200:] {
		orig.Extract(v, r)
		restored.Extract(got, r)
		if !slices.Equal(got, v) {
			t.Fatalf("record %d after restore: %v, original %v", 6200+i, got, v)
		}
		if got, want := restored.Info().Pace, orig.Info().Pace; got != want {
			t.Fatalf("record %d after restore: pace %+v, original %+v", 6200+i, got, want)
		}
		n := orig.Set().Index(Numeric)
		want := Describe(Numeric, v[n], orig.Info())
		if reason := Describe(Numeric, got[n], restored.Info()); reason != want {
			t.Fatalf("record %d after restore: %q, original %q", 6200+i, reason, want)
		}
		if strings.Contains(want, "level shifted") {
			shifts++
		}
	}
	if shifts == 0 {
		t.Error("the slower search page never read as a shift: the test exercises nothing")
	}
}

// TestLeakCreepsIntoAClimb follows the payments family's JVM report (every 15 s) through
// its heap leak: the average GC pause creeps from 10 ms to 50 ms over nine minutes, far
// one report in two, then on to 400 ms, never rising sixteen reports in a row and never
// leaping. Its recent reports lie far above the range as a whole, so each far pause is
// the leak's (not a second mode of the pause) and, once far pauses have outnumbered
// usual ones to the cap of the evidence, a climb.
func TestLeakCreepsIntoAClimb(t *testing.T) {
	payments := family(t, "payments")
	r := newFeatureRun(t)
	var start time.Time
	leak, far, climbing := 0, 0, 0
	for _, l := range payments.Lines(1) {
		if !strings.Contains(l.Text, "JvmMetrics") {
			continue
		}
		f := r.addAt(l.At, record.LevelInfo, l.Text)
		if l.Incident == "" {
			continue
		}
		if start.IsZero() {
			start = l.At
		}
		if l.At.Sub(start) < 20*time.Minute {
			continue // the leak's first half, GC pauses not yet ten times the usual
		}
		leak++
		if f["numeric"] > 0 {
			far++
			if strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "climbing") {
				climbing++
			}
		}
	}
	if leak < 60 {
		t.Fatalf("%d reports in the leak's second half", leak)
	}
	if far < leak*9/10 || climbing < far*3/4 {
		t.Errorf("leak's second half: %d of %d reports far from usual, %d of them climbing; want nearly all, and most", far, leak, climbing)
	}
}

// TestSecondModeStaysQuiet checks that a far value that comes alone and recurs (a
// crawler's robots.txt among page sizes) is a second mode of the quantity, not news each
// time: the recent values stay near the usual level, so the mode is not taken for a drift.
func TestSecondModeStaysQuiet(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(13))
	far := 0
	for i := 0; i < 3000; i++ {
		size := 20000 * (1 + 0.1*rng.NormFloat64())
		mode := i%50 == 49
		if mode {
			size = 400000 * (1 + 0.02*rng.NormFloat64())
		}
		f := r.add(time.Second, record.LevelInfo, fmt.Sprintf("GET /page 200 sent %d bytes", int(size)))
		if mode && i > 1000 && f["numeric"] > 0 {
			far++
		}
	}
	if far > 0 {
		t.Errorf("a second mode of the size came 40 times after the first 1000 requests: %d reported far", far)
	}
}

// TestSecondModeBurstIsNews checks that a second mode coming far more often than it
// usually does is news (see farBurst): a route of widely spread durations whose requests
// take seconds now and then (a cold cache, one in two hundred), then one in eight while a
// dependency hangs, for the 50 of them of seven minutes. The slow requests stay a
// minority among spread values, the recent values within the usual range as a whole (no
// drift), so only their rate tells them from the mode's visits. (Their rate becomes the
// usual one as it lasts: after about 70 of them, nine minutes here, they are routine.)
func TestSecondModeBurstIsNews(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(17))
	routine, burst, burstFar := 0, 0, 0
	for i := 0; i < 4400; i++ {
		ms := 45 * math.Exp(1.1*rng.NormFloat64())
		slow := i%200 == 199
		if i >= 4000 {
			slow = i%8 == 0
		}
		if slow {
			ms = 4500 * (1 + 0.02*rng.NormFloat64())
		}
		f := r.add(time.Second, record.LevelInfo, fmt.Sprintf("GET /checkout 200 in %dms", int(ms)))
		switch {
		case slow && i > 1000 && i < 4000 && f["numeric"] > 0:
			routine++
		case slow && i >= 4040:
			burst++
			if f["numeric"] > 0 {
				burstFar++
			}
		}
	}
	if routine > 0 {
		t.Errorf("the cold cache's visits, one request in two hundred: %d reported far", routine)
	}
	if burstFar < burst*9/10 {
		t.Errorf("one request in eight taking seconds: %d of %d reported far, want nearly all", burstFar, burst)
	}
}

// TestDriftIsNoSecondMode follows the k8s-controller family's reconciles of backups:
// one of a few milliseconds, and now and then one of a second or two (a backup Job
// created), a second mode of the duration. When client-side throttling slows every
// reconcile, the recent durations lie far above the range as a whole, and a duration of
// a second or two is the throttling's, not that mode's.
func TestDriftIsNoSecondMode(t *testing.T) {
	operator := family(t, "k8s-controller")
	r := newFeatureRun(t)
	slowed, far := 0, 0
	for _, l := range operator.Lines(1) {
		if !strings.Contains(l.Text, `"Reconciled Backup"`) {
			continue
		}
		f := r.addAt(l.At, record.LevelInfo, l.Text)
		if strings.HasPrefix(l.Incident, "client-side throttling") {
			slowed++
			if f["numeric"] > 0 {
				far++
			}
		}
	}
	if slowed < 50 {
		t.Fatalf("%d backup reconciles under throttling", slowed)
	}
	if far < slowed*19/20 {
		t.Errorf("backup reconciles under throttling: %d of %d far from usual, want nearly all", far, slowed)
	}
}

// TestRestartArrivesInAWave follows the k8s-controller family: when the operator's
// manager restarts (the leader lease lost), its start-up lines, each last written at the
// stream's start, come back together, a wave of arrivals; the stream's other templates
// that come back after a long absence (an hourly backup of each database, one by one)
// or are born (a new phase of work) arrive alone, and make none.
func TestRestartArrivesInAWave(t *testing.T) {
	r := newFeatureRun(t)
	restart, restartArriving, normal, normalArriving := 0, 0, 0, 0
	started := false
	for _, l := range family(t, "k8s-controller").Lines(1) {
		level := record.LevelInfo
		if strings.HasPrefix(l.Text, "E") {
			level = record.LevelError
		}
		r.addAt(l.At, level, l.Text)
		arriving := r.ext.Info().Arriving
		switch {
		case strings.HasPrefix(l.Incident, "leader lease lost"):
			started = started || strings.Contains(l.Text, "Starting db-operator")
			if started {
				restart++
				if arriving {
					restartArriving++
				}
			}
		case l.Incident == "" && l.Change == "":
			normal++
			if arriving {
				normalArriving++
			}
		}
	}
	if restart < 30 {
		t.Fatalf("%d records of the restart", restart)
	}
	if restartArriving < restart*9/10 || normalArriving*1000 > normal {
		t.Errorf("arriving in a wave: %d of the restart's %d records, %d of %d normal records; want nearly all, and at most one in a thousand",
			restartArriving, restart, normalArriving, normal)
	}
}

// TestBornInAWaveIsNoReturn follows the Node.js family's Redis failover: its errors and
// warnings, never written before, are born together, a wave of arrivals, but none came
// back from a silence: their share is that of their birth.
func TestBornInAWaveIsNoReturn(t *testing.T) {
	r := newFeatureRun(t)
	arriving, returned := 0, 0
	for _, l := range family(t, "node-api").Lines(1) {
		level := record.LevelInfo
		switch {
		case strings.Contains(l.Text, `"level":50`):
			level = record.LevelError
		case strings.Contains(l.Text, `"level":40`):
			level = record.LevelWarning
		}
		r.addAt(l.At, level, l.Text)
		if strings.HasPrefix(l.Incident, "redis failover") && r.ext.Info().Arriving {
			arriving++
			if r.ext.Info().Returned {
				returned++
			}
		}
	}
	if arriving < 5 || returned > 0 {
		t.Errorf("the failover's records arriving in a wave: %d, of them come back from a silence: %d; want several, none", arriving, returned)
	}
}

// TestLullOfASteadyTemplate follows the web-edge family: when shop.example.com's traffic
// stops for ten minutes, the health checks its proxy still logs every 15 s are far rarer
// than the host's template usually is, record after record; the other hosts' records,
// and the host's own at other times (a periodic burst of another template included), are
// not.
func TestLullOfASteadyTemplate(t *testing.T) {
	r := newFeatureRun(t)
	drop, lull, normal, normalLull := 0, 0, 0, 0
	for _, l := range family(t, "web-edge").Lines(1) {
		f := r.addAt(l.At, record.LevelInfo, l.Text)
		rarer := strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "far rarer")
		switch {
		case strings.HasPrefix(l.Incident, "shop.example.com traffic drops"):
			drop++
			if rarer {
				lull++
			}
		case l.Incident == "" && l.Change == "":
			normal++
			if rarer {
				normalLull++
			}
		}
	}
	if drop < 40 {
		t.Fatalf("%d records of the drop", drop)
	}
	if lull < drop*4/5 || normalLull*1000 > normal {
		t.Errorf("far rarer than usual: %d of the drop's %d records, %d of %d normal records; want most, and at most one in a thousand", lull, drop, normalLull, normal)
	}
}

// TestLullOfAWarningIsNoNews checks that a template that comes far more rarely than it
// did is news when it says nothing of a problem (a health check's line, traffic), and not
// when it is a warning: a warning thinning out is a problem easing.
func TestLullOfAWarningIsNoNews(t *testing.T) {
	for _, c := range []struct {
		level record.Level
		want  bool
	}{{record.LevelInfo, true}, {record.LevelWarning, false}} {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(3))
		lull := 0
		for i := 0; i < 36000; i++ { // an hour at ten records a second
			every := 2 // the template five times a second, then every 10 s for the last ten minutes
			if i >= 30000 {
				every = 100
			}
			if i%every != 0 {
				r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("GET /api/items/%d 200 %d bytes", rng.Intn(1000), 200+rng.Intn(50)))
				continue
			}
			f := r.add(100*time.Millisecond, c.level, "backend api-1 check returned slowly")
			if i >= 30000 && strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "far rarer") {
				lull++
			}
		}
		if got := lull > 0; got != c.want {
			t.Errorf("%v: a template fifty times rarer for ten minutes, far rarer than usual in %d of its 60 records; want news %v", c.level, lull, c.want)
		}
	}
}

// TestBurstyByNature follows a scanner's probes, a warning a minute that comes a dozen at
// once every eight minutes: its first two bursts are news, the later ones its nature (see
// burstRuns), and a burst that goes on for minutes is news again.
func TestBurstyByNature(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(5))
	probe := func(dt time.Duration) float64 {
		f := r.add(dt, record.LevelWarning, fmt.Sprintf("rejected probe for /wp-login.php from 10.0.%d.%d", rng.Intn(200), rng.Intn(200)))
		return f["burst"]
	}
	burst := func(n int, every time.Duration) (bursting int) {
		for i := 0; i < n; i++ {
			if probe(every) > 0 {
				bursting++
			}
		}
		return bursting
	}
	minutes := func(n int) { // routine traffic, a probe a minute
		for i := 0; i < n; i++ {
			r.routine(rng, 590)
			probe(time.Second)
		}
	}
	minutes(10)
	if first := burst(12, 300*time.Millisecond); first == 0 {
		t.Errorf("a scanner's first burst: no record bursting")
	}
	minutes(8)
	if second := burst(12, 300*time.Millisecond); second == 0 {
		t.Errorf("a scanner's second burst, one brief burst before it: no record bursting")
	}
	minutes(8)
	burst(12, 300*time.Millisecond)
	minutes(8)
	if later := burst(12, 300*time.Millisecond); later > 0 {
		t.Errorf("a scanner's fourth brief burst in half an hour: %d of 12 records bursting, want none", later)
	}
	minutes(8)
	if bursting := burst(360, 333*time.Millisecond); bursting < 300 {
		t.Errorf("probes three a second for two minutes: %d of 360 records bursting, want most", bursting)
	}
}

// TestReplacedTemplateIsNoLull checks that a template that comes more and more rarely as
// a new one takes its place (a rolling deploy whose new version words the message
// differently) is being replaced, not lost: no lull while the new one is young.
func TestReplacedTemplateIsNoLull(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 6000; i++ { // ten minutes, ten records a second
		r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("order %d shipped", 1000+i))
	}
	for i := 0; i < 1200; i++ { // two minutes, the new version taking over
		msg := fmt.Sprintf("order %d shipped", 7000+i)
		if i*5 > 1200 && i%5 != 0 || i > 1000 {
			msg = fmt.Sprintf("shipment created for order %d", 7000+i)
		}
		if f := r.add(100*time.Millisecond, record.LevelInfo, msg); strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "far rarer") {
			t.Fatalf("record %d of the rollout (%q): %s", i, msg, Describe(Numeric, f["numeric"], r.ext.Info()))
		}
	}
}

// TestPeriodicBurstsAreNoLull checks that a template that bursts every few minutes (a
// controller resyncing every object) is not far rarer than usual between its bursts,
// though its bursts make most of its long-run share.
func TestPeriodicBurstsAreNoLull(t *testing.T) {
	r := newFeatureRun(t)
	check := func(i int, msg string, f map[string]float64) {
		if reason := Describe(Numeric, f["numeric"], r.ext.Info()); strings.Contains(reason, "far rarer") {
			t.Fatalf("second %d (%q): %s", i/10, msg, reason)
		}
	}
	for i := 0; i < 36000; i++ { // an hour of requests, ten a second
		msg := fmt.Sprintf("request %d served", i)
		check(i, msg, r.add(100*time.Millisecond, record.LevelInfo, msg))
		reconciles := 0
		switch {
		case i%1800 < 300: // every 3 minutes, 30 s of resync: every object, fast
			reconciles = 4
		case i%20 == 0: // and one every 2 s meanwhile
			reconciles = 1
		}
		for k := 0; k < reconciles; k++ {
			msg := fmt.Sprintf("reconciled object %d", (i+k)%997)
			check(i, msg, r.add(0, record.LevelInfo, msg))
		}
	}
}

// TestStormLeavesItsShareBeforeALull follows a credential stuffing on a login route: a
// storm of its template, a hundred times its pace for twelve minutes, fills the
// template's long-run share for far longer than ten minutes after it ends. The route's
// ordinary logins after the storm are not far rarer than usual: the share the storm
// left is not their usual.
func TestStormLeavesItsShareBeforeALull(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(9))
	login := func(status int) map[string]float64 {
		return r.add(0, record.LevelInfo, fmt.Sprintf("POST /login user=u%d answered %d", rng.Intn(5000), status))
	}
	second := func(i int, logins, status int) (rarer bool) {
		for k := 0; k < 10; k++ { // the site's other traffic, ten records a second
			r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("GET /products/%d answered 200", rng.Intn(1000)))
		}
		for k := 0; k < logins; k++ {
			if f := login(status); strings.Contains(Describe(Numeric, f["numeric"], r.ext.Info()), "far rarer") {
				rarer = true
			}
		}
		return rarer
	}
	ordinary := func(i int) int { // a login every 12 s
		if i%12 == 0 {
			return 1
		}
		return 0
	}
	for i := 0; i < 3600; i++ { // an hour as usual
		second(i, ordinary(i), 200)
	}
	for i := 0; i < 720; i++ { // twelve minutes of a storm, eight a second
		second(i, 8, 401)
	}
	lull := 0
	for i := 0; i < 3600; i++ { // an hour as usual again
		if second(i, ordinary(i), 200) {
			lull++
		}
	}
	if lull > 0 {
		t.Errorf("after the storm, ordinary logins far rarer than usual in %d of the hour's seconds, want none", lull)
	}
}

// TestAnotherTemplatesBurstIsNoLull checks that a steady template does not come more
// rarely because another one bursts (every object of a controller resynced at once):
// the stream's recent count is taken at most at its usual when a template's expected
// pace is worked out.
func TestAnotherTemplatesBurstIsNoLull(t *testing.T) {
	r := newFeatureRun(t)
	for i := 0; i < 18000; i++ { // half an hour of requests, ten a second
		msg := fmt.Sprintf("request %d served", i)
		f := r.add(100*time.Millisecond, record.LevelInfo, msg)
		reconciles := 0
		switch {
		case i >= 15000 && i < 15300: // then 30 s of a resync, forty objects a second
			reconciles = 4
		case i%100 == 0: // one every 10 s meanwhile
			reconciles = 1
		}
		for k := 0; k < reconciles; k++ {
			r.add(0, record.LevelInfo, fmt.Sprintf("reconciled object %d", (i+k)%997))
		}
		if reason := Describe(Numeric, f["numeric"], r.ext.Info()); strings.Contains(reason, "far rarer") {
			t.Fatalf("second %d (%q), another template bursting: %s", i/10, msg, reason)
		}
	}
}

// TestEventPacesMakeRoomForNewEvents checks the bound on the events a stream follows:
// once maxEventPaces are held, a new event takes the place of one not seen since the
// clock hand last passed, and the events seen meanwhile keep their counts.
func TestEventPacesMakeRoomForNewEvents(t *testing.T) {
	var paces eventPaces
	for ev := uint64(0); ev < maxEventPaces; ev++ {
		paces.get(ev, 0, 0).slow = float64(ev)
	}
	// None was seen again, so the hand takes event 0's place at once; event 1, seen
	// since, is passed over for event 2 next.
	paces.get(maxEventPaces, 0, 0)
	paces.get(1, 0, 0)
	paces.get(maxEventPaces+1, 0, 0)
	if len(paces.paces) != maxEventPaces || len(paces.index) != maxEventPaces {
		t.Fatalf("%d paces, %d indexed, want %d", len(paces.paces), len(paces.index), maxEventPaces)
	}
	for _, gone := range []uint64{0, 2} {
		if _, ok := paces.index[gone]; ok {
			t.Errorf("event %d still held", gone)
		}
	}
	if p := paces.get(1, 0, 0); p.slow != 1 {
		t.Errorf("event 1, seen since the hand passed: slow %v, want its count 1 kept", p.slow)
	}
	if p := paces.get(3, 0, 0); p.slow != 3 {
		t.Errorf("event 3: slow %v, want its count 3 kept", p.slow)
	}
}

// TestValueBurstIsItsEvents checks that a value's burst is news for a line below
// warning only when the line's own event takes part in it: during a storm of rejected
// logins (POST /login 401, INFO lines), the routine logins that share their method and
// route (POST /login 200, an established event at its usual pace) show no burst, while
// the rejected ones do.
func TestValueBurstIsItsEvents(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(3))
	request := func(method, path string, status int) map[string]float64 {
		return r.addFields(time.Duration(rng.ExpFloat64()*float64(100*time.Millisecond)), "request completed",
			record.Field{Name: "method", Value: method}, record.Field{Name: "path", Value: path},
			record.Field{Name: "status", Value: strconv.Itoa(status)})
	}
	routine := func() map[string]float64 {
		switch n := rng.Intn(20); {
		case n == 0:
			return request("POST", "/login", 200)
		case n == 1 && rng.Intn(50) == 0:
			return request("POST", "/login", 401)
		case n < 8:
			return request("POST", "/cart", 200)
		default:
			return request("GET", "/products", 200)
		}
	}
	for i := 0; i < 30000; i++ { // about 50 minutes
		routine()
	}
	rejected, loginBursts := 0, 0 // loginBursts: routine requests bursting
	for i := 0; i < 1200; i++ {   // two minutes, a rejected login in every other record
		if i%2 == 0 {
			if request("POST", "/login", 401)["burst"] > 0 {
				rejected++
			}
			continue
		}
		// A routine request showing a burst shows its method's or its route's, which
		// the storm's records make: not its own.
		if routine()["burst"] > 0 {
			loginBursts++
		}
	}
	if rejected < 500 {
		t.Errorf("%d of 600 rejected logins show a burst, want most", rejected)
	}
	if loginBursts > 0 {
		t.Errorf("%d routine requests show the burst of a value they share with the storm", loginBursts)
	}
}

// TestLengthReasonIsTheTemplates: a line as long as its template's lines have been is
// not called unusual for its length, however rare that length is among the stream's
// records (a health check's short line among a site's longer requests); a length its
// template never had is.
func TestLengthReasonIsTheTemplates(t *testing.T) {
	r := newFeatureRun(t)
	paths := []string{"/healthz", "/products/winter-jacket-and-gloves", "/checkout/payment/confirm-and-pay"}
	for i := 0; i < 200; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, "GET "+paths[min(i%20, 2)]+" 200")
	}
	short := r.add(100*time.Millisecond, record.LevelInfo, "GET /healthz 200")
	if reason := Describe(Length, short["length"], r.ext.Info()); reason != "" {
		t.Errorf("a health check as long as every health check before it: reason %q", reason)
	}
	long := r.add(100*time.Millisecond, record.LevelInfo, "GET /search/"+strings.Repeat("q", 300)+" 200")
	if reason := Describe(Length, long["length"], r.ext.Info()); reason != "unusual length (316 characters)" {
		t.Errorf("a request longer than any of its template's: reason %q", reason)
	}
	again := r.add(100*time.Millisecond, record.LevelInfo, "GET /search/"+strings.Repeat("q", 300)+" 200")
	if reason := Describe(Length, again["length"], r.ext.Info()); reason != "" {
		t.Errorf("the same length once more: reason %q", reason)
	}
}

// TestDurationNames checks which names say that a bare number is a duration: a unit of
// time after a separator or a capital, or a word for a duration at the end.
func TestDurationNames(t *testing.T) {
	for key, want := range map[string]bool{
		"duration_ms": true, "durationMs": true, "took_millis": true, "durationMillis": true,
		"elapsed_seconds": true, "elapsedMilliseconds": true, "event.duration": true, "duration_ns": true,
		"responseTime": true, "request_time": true, "upstream_response_time": true, "latency": true, "took": true,
		"upstream_service_time": true, "Query_time": true, "uptime": false, "runtime": false, "time": false,
		"items": false, "params": false, "status": false, "columns": false, "ms": false, "count": false,
		"bytes": false, "timestamp": false, "": false,
	} {
		if got := durationName(key); got != want {
			t.Errorf("durationName(%q) = %v, want %v", key, got, want)
		}
	}
	if got := slotKey("request completed pid=<NUM> responseTime=<NUM> statusCode=<NUM>", 3); got != "responseTime" {
		t.Errorf("slotKey of a key=value token: %q", got)
	}
	if got := slotKey(`[x] took[<NUM>], took_millis[<NUM>], "ms":<NUM>`, 3); got != "ms" {
		t.Errorf("slotKey of a quoted JSON key: %q", got)
	}
	if got := slotKey("took <NUM> ms", 1); got != "" {
		t.Errorf("slotKey of a bare number: %q", got)
	}
}

// TestIdentifierNames checks which names say that a number names something (a process,
// a port, a place in a list) rather than measures it.
func TestIdentifierNames(t *testing.T) {
	for key, want := range map[string]bool{
		"pid": true, "(PID": true, "ppid": true, "tid": true, "process": true, "remotePort": true,
		"map_index": true, "child": true, "bytes": false, "duration": false, "processed": false, "ports": false,
		"children": false, "rows": false, "": false,
		"id": true, "ID": true, "client_id": true, "order-id": true, "userId": true, "orderID": true, "attr.id": true,
		"paid": false, "amount_paid": false, "valid": false, "void": false, "d": false,
	} {
		if got := identifierName(key); got != want {
			t.Errorf("identifierName(%q) = %v, want %v", key, got, want)
		}
	}
	if got := numberName("Started process <NUM> to run task", 2); got != "process" {
		t.Errorf("numberName of the number after process: %q", got)
	}
}

// TestRunningTotalsAfterADeploy checks that a running total (a count since the process
// started) is not judged: after a rolling deploy the new pods' periodic stats count from
// 0, where the old pods' counted millions, and none of them is far.
func TestRunningTotalsAfterADeploy(t *testing.T) {
	for key, want := range map[string]bool{
		"requests_total": true, "flushed_total": true, "bytesTotal": true, "gc.total": true,
		"total": false, "subtotal": false, "order_subtotal": false, "totals": false,
	} {
		if got := runningTotalName(key); got != want {
			t.Errorf("runningTotalName(%q) = %v, want %v", key, got, want)
		}
	}
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(8))
	stats := func(pod string, total int) map[string]float64 {
		return r.add(5*time.Second, record.LevelInfo, fmt.Sprintf("runtime stats pod=%q workers=4 alive_tasks=%d requests_total=%d", pod, 50+rng.Intn(30), total))
	}
	totals := []int{2000000, 2100000, 1900000}
	for i := 0; i < 360; i++ { // half an hour, three pods
		p := i % 3
		totals[p] += 600 + rng.Intn(100)
		stats(fmt.Sprintf("api-old-%d", p), totals[p])
	}
	far := 0
	totals = []int{0, 0, 0}
	for i := 0; i < 360; i++ { // the new pods
		p := i % 3
		totals[p] += 600 + rng.Intn(100)
		if f := stats(fmt.Sprintf("api-new-%d", p), totals[p]); f["numeric"] > 0 {
			far++
		}
	}
	if far > 0 {
		t.Errorf("%d of the new pods' 360 stats lines far from usual", far)
	}
}

func TestOrdinalNames(t *testing.T) {
	for key, want := range map[string]bool{
		"offset": true, "log_start_offset": true, "endOffset": true, "seq": true, "sequence": true,
		"lsn": true, "generation": true, "leader_epoch": true,
		"bytes": false, "size": false, "count": false, "offsets_removed": false, "": false,
	} {
		if got := ordinalName(key); got != want {
			t.Errorf("ordinalName(%q) = %v, want %v", key, got, want)
		}
	}
	for _, c := range []struct {
		template string
		slot     int
		want     string
	}{
		{"Rolled new log segment at offset <NUM> in <NUM> ms.", 6, "offset"},
		{"Rolled new log segment at offset <NUM> in <NUM> ms.", 8, "in"},
		{"processed message seq=<NUM>", 2, "seq"},
		{"<NUM> records", 0, ""},
		{"took [<NUM>] <NUM> ms", 2, ""},
		// A tuple's numbers, named by names joined as they are.
		{"was slow <NUM> times: avg/min/max <*> msec", drain.TupleSlot(5, 0), "avg"},
		{"was slow <NUM> times: avg/min/max <*> msec", drain.TupleSlot(5, 2), "max"},
		{"rtt <*> ms", drain.TupleSlot(1, 1), ""},
	} {
		if got := numberName(c.template, c.slot); got != c.want {
			t.Errorf("numberName(%q, %d) = %q, want %q", c.template, c.slot, got, c.want)
		}
	}
}

// TestOffsetsOfManyPartitionsAreNoQuantity follows the Kafka family's segment rolls:
// each partition's offsets climb on their own, billions on the busiest and a few
// thousand on a topic created an hour in, and none of them is far from usual.
func TestOffsetsOfManyPartitionsAreNoQuantity(t *testing.T) {
	r := newFeatureRun(t)
	rolls, far := 0, 0
	for _, l := range family(t, "kafka").Lines(1) {
		if l.Incident != "" || !strings.Contains(l.Text, "Rolled new log segment at offset") {
			continue
		}
		f := r.addAt(l.At, record.LevelInfo, l.Text)
		rolls++
		if f["numeric"] > 0 && strings.Contains(r.ext.Info().numContext, "offset") {
			far++
		}
	}
	if rolls < 1000 || far > 0 {
		t.Errorf("%d of %d segment rolls with their offset far from usual, want none", far, rolls)
	}
}

// TestBareDurationIsNewsAboveOnly checks that a number its name calls a duration
// (pino-http's responseTime, without a unit) is judged as a duration with its unit is:
// news when it climbs far above its range, not when the work gets faster.
func TestBareDurationIsNewsAboveOnly(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 300; i++ {
		r.add(100*time.Millisecond, record.LevelInfo, fmt.Sprintf("request completed responseTime=%d", 180+rng.Intn(40)))
	}
	if fast := r.add(100*time.Millisecond, record.LevelInfo, "request completed responseTime=2"); fast["numeric"] != 0 {
		t.Errorf("a request 90 times faster than usual: numeric %g, want 0", fast["numeric"])
	}
	if slow := r.add(100*time.Millisecond, record.LevelInfo, "request completed responseTime=40000"); slow["numeric"] < 2 {
		t.Errorf("a request 200 times slower than usual: numeric %g", slow["numeric"])
	}
}

// TestEmptyFieldValueIsNoZero checks that a reason names an empty text value as empty,
// not as the number 0 (Vault's logins carry client_id="").
func TestEmptyFieldValueIsNoZero(t *testing.T) {
	empty := Info{valIsText: true}
	if got := empty.valueText(); got != `""` {
		t.Errorf("an empty field's value reads %q", got)
	}
	zero := Info{}
	if got := zero.valueText(); got != "0" {
		t.Errorf("the number 0 reads %q", got)
	}
	word := Info{valIsText: true, valText: "GET"}
	if got := word.valueText(); got != "GET" {
		t.Errorf("a field's value GET reads %q", got)
	}
}

// newRoute feeds the run n records after a stretch of routine ones (before of them), one
// in ten a new route's 422 (a client's error when client, a warning of its own level
// otherwise), and returns what the last 422 left in the extractor's Info.
func newRoute(t *testing.T, before, n int, client bool) Info {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(1))
	r.routine(rng, before) // a record every 100 ms
	var last Info
	for i := 0; i < n; i++ {
		if i%10 != 0 {
			r.routine(rng, 1)
			continue
		}
		r.at = r.at.Add(100 * time.Millisecond)
		rec := textRecord(fmt.Sprintf("POST /v1/addresses/validate 422 %dms", 5+rng.Intn(5)), record.LevelWarning, r.at)
		rec.LevelFromStatus = client
		r.ext.Extract(make([]float64, len(r.ext.Set())), rec)
		last = *r.ext.Info()
	}
	return last
}

// TestClientErrorBurstsOnlyOverItsLifetime checks that a client's error (a 4xx) of a
// template born twenty minutes ago, coming steadily since, does not burst over hours: the
// hours before its last ten minutes are counted only over its lifetime. A warning of its
// own level still bursts against the stream's hours, as a failure's new lines do.
func TestClientErrorBurstsOnlyOverItsLifetime(t *testing.T) {
	for _, client := range []bool{true, false} {
		// 65 minutes of routine lines, then twenty with the new route's.
		last := newRoute(t, 39000, 12000, client)
		if overHours := last.BurstOverHours(); overHours == client {
			t.Errorf("client error %v: bursting over hours %v after twenty steady minutes", client, overHours)
		}
	}
}

// TestWarningBornInARoutineChangeBurstsOnlyOverItsLifetime checks that a warning of a
// template born in a routine change (a new client's start-up lines, then its
// connections, each closed with a warning), coming steadily for twenty minutes, does not
// burst over hours, while the same warning born among new errors (a failure's new
// lines) does: it is a failure growing.
func TestWarningBornInARoutineChangeBurstsOnlyOverItsLifetime(t *testing.T) {
	for _, c := range []struct {
		name  string
		level record.Level
		want  bool
	}{
		{"among a new client's start-up lines", record.LevelInfo, false},
		{"among new errors", record.LevelError, true},
	} {
		r := newFeatureRun(t)
		rng := rand.New(rand.NewSource(1))
		r.routine(rng, 39000) // 65 minutes, a record every 100 ms
		for _, line := range []string{"client registered name returns-portal", "vhost created name returns", "policy applied to vhost returns", "queue declared returns.events"} {
			r.add(100*time.Millisecond, c.level, line)
		}
		var last Info
		for i := 0; i < 12000; i++ {
			if i%10 != 0 {
				r.routine(rng, 1)
				continue
			}
			r.add(100*time.Millisecond, record.LevelWarning, "closing connection vhost returns user returns-portal")
			last = *r.ext.Info()
		}
		if got := last.BurstOverHours(); got != c.want {
			t.Errorf("a warning born %s, steady for twenty minutes: bursting over hours %v, want %v", c.name, got, c.want)
		}
	}
}

// TestWarningBornWithTheStreamBurstsOverHours checks that a warning whose template was
// born in a stream's first seconds, among the other templates the stream starts with (a
// young stream's births are a routine change), bursts over hours when it storms an hour
// later (a credential stuffing's wrong passwords): the hours before count the stream's
// records since its birth, all of them, not what a stream at its pace since long before
// would have gathered in as long (under a third of them here, less the last ten
// minutes').
func TestWarningBornWithTheStreamBurstsOverHours(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(7))
	const msg = "Login failed for user from 203.0.113.7: invalid password"
	r.routine(rng, 20)
	r.add(100*time.Millisecond, record.LevelWarning, msg)
	if ts := r.ext.current; !ts.bornInRoutineChange {
		t.Fatalf("the warning born with the stream: born in a routine change %v, want true", ts.bornInRoutineChange)
	}
	for i := 0; i < 40000; i++ { // an hour and six minutes, the warning once in 500 records
		if rng.Intn(500) == 0 {
			r.add(100*time.Millisecond, record.LevelWarning, msg)
			continue
		}
		r.routine(rng, 1)
	}
	storm, overHours := 0, 0
	for i := 0; i < 6000; i++ { // ten minutes, one record in 40
		if rng.Intn(40) != 0 {
			r.routine(rng, 1)
			continue
		}
		r.add(100*time.Millisecond, record.LevelWarning, msg)
		storm++
		if r.ext.Info().BurstOverHours() {
			overHours++
		}
	}
	if overHours*2 < storm {
		t.Errorf("a warning born with the stream, storming at twelve times its share over hours: %d of %d records burst over hours, want most", overHours, storm)
	}
}

// TestClientErrorPaceIsItsPaceSinceBirth checks that a client's error (a 4xx, its level
// its status's) of a template born a minute ago, coming steadily since, is paced by the
// share it keeps at that pace, not by the share its long-run count has gathered so far:
// a new route's 422s do not storm against their first minute. A warning of its own
// level keeps the share of its birth, which a failure's new lines storm against.
func TestClientErrorPaceIsItsPaceSinceBirth(t *testing.T) {
	for _, client := range []bool{true, false} {
		// Ten minutes of routine lines, then a minute with the new route's.
		share := newRoute(t, 6000, 600, client).Pace.Share
		t.Logf("client error %v: share %.4f", client, share)
		if client && (share < 0.05 || share > 0.2) {
			t.Errorf("client error's share after a minute at one in ten: %.3f, want about 0.1", share)
		}
		if !client && share > 0.02 {
			t.Errorf("warning's share after a minute at one in ten: %.3f, want the little its first minute gathered", share)
		}
	}
}

// TestStateKeepsOrdinalPositions checks that a position whose name makes it a place in a
// sequence (an offset) is still never judged after a restore, however many values come
// after it: a new partition's first segment, at an offset far below the others', is no
// news for the restored extractor either.
func TestStateKeepsOrdinalPositions(t *testing.T) {
	ids, _ := Parse(nil)
	orig, err := New(ids, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	at := time.Date(2024, 6, 11, 8, 0, 0, 0, time.UTC)
	segment := func(offset int) *record.Record {
		at = at.Add(time.Duration(500+rng.Intn(1000)) * time.Millisecond)
		return textRecord(fmt.Sprintf("Rolled new log segment at offset %d in %d ms.", offset, 2+rng.Intn(6)), record.LevelInfo, at)
	}
	v := make([]float64, len(orig.Set()))
	n := orig.Set().Index(Numeric)
	for i := 0; i < 400; i++ {
		orig.Extract(v, segment(20_000+rng.Intn(2_000))) // the partitions' offsets, in turn
	}
	restored := restoredCopy(t, orig, ids)
	got := make([]float64, len(v))
	for i := 0; i < 100; i++ {
		rec := segment(20_000 + rng.Intn(2_000))
		orig.Extract(v, rec)
		restored.Extract(got, rec)
	}
	young := segment(1_200) // a new partition's first segment
	orig.Extract(v, young)
	restored.Extract(got, young)
	if v[n] != 0 || got[n] != 0 {
		t.Errorf("an offset far below the others judged: %g before the restore, %g after (want 0 and 0)", v[n], got[n])
	}
}

// restoredCopy returns a new extractor of the features ids restored from orig's saved
// state.
func restoredCopy(t *testing.T, orig *Extractor, ids Set) *Extractor {
	t.Helper()
	var w envelope.Writer
	if err := orig.AppendState(&w); err != nil {
		t.Fatal(err)
	}
	restored, err := New(ids, drain.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := restored.ReadState(envelope.NewReader(w.Bytes())); err != nil {
		t.Fatal(err)
	}
	return restored
}

// TestInterleavedCountsAfterARestart checks that the interleaved counts of a few
// processes (an ingress's replicas, each numbering the requests it served since it
// started, its lines written as requests end, a little out of order) are not judged: once
// a replica restarts and counts from 1 again, none of its lines is far below usual.
func TestInterleavedCountsAfterARestart(t *testing.T) {
	r := newFeatureRun(t)
	rng := rand.New(rand.NewSource(3))
	counts := []int{2595855, 2041052, 1214092}
	line := func(p int) map[string]float64 {
		counts[p] += 1 + rng.Intn(3)
		n := counts[p]
		if rng.Intn(5) == 0 {
			n -= 1 + rng.Intn(2) // a request counted when it began, logged when it ended
		}
		return r.add(150*time.Millisecond, record.LevelInfo, fmt.Sprintf(`request served host=api RequestCount=%d DownstreamStatus=200 bytes=%d`, n, 600+rng.Intn(300)))
	}
	for i := 0; i < 3000; i++ {
		line(rng.Intn(3))
	}
	counts[1] = 0 // the replica restarts
	far := 0
	for i := 0; i < 3000; i++ {
		if f := line(rng.Intn(3)); f["numeric"] > 0 {
			far++
		}
	}
	if far > 0 {
		t.Errorf("%d of 3,000 lines after a replica restarted far from usual", far)
	}
}

// TestCounterChains checks which positions count (see counterChains): the interleaved
// counts of three processes do, with a restart among them, and so do four processes'
// slow counts, the same value again in two reports of three; gauges (one in a band of a
// few values, which repeats its values too), sizes and a queue growing for a few hundred
// values do not.
func TestCounterChains(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	counts := func(steps int, next func() float64) bool {
		var c counterChains
		counting := false
		for i := 0; i < steps; i++ {
			counting = c.observe(next())
		}
		return counting
	}
	totals := []float64{2e6, 1.5e6, 9e5}
	i := 0
	interleaved := func() float64 {
		i++
		p := rng.Intn(3)
		if i == 5000 {
			totals[p] = 0 // a restart
		}
		totals[p] += float64(1 + rng.Intn(3))
		return totals[p]
	}
	rare := []float64{2e6, 1.5e6, 9e5}
	sparse := func() float64 { // each replica served hundreds of requests between two
		p := rng.Intn(3)
		rare[p] += float64(100 + rng.Intn(200))
		return rare[p]
	}
	retried := []float64{1083, 1589, 1807, 2413}
	slow := func() float64 { // four pods' retries since start, reported every 30 s
		p := rng.Intn(4)
		if rng.Intn(3) == 0 {
			retried[p] += float64(1 + rng.Intn(2))
		}
		return retried[p]
	}
	keys := 192.0
	walk := 50.0
	queue := 0.0
	for _, c := range []struct {
		name  string
		steps int
		next  func() float64
		want  bool
	}{
		{"interleaved counts", 10000, interleaved, true},
		{"a rare template's", 100, sparse, true},
		{"slow counts, often the same again", 2000, slow, true},
		{"a gauge in a narrow band", 2000, func() float64 {
			keys = math.Min(194, math.Max(190, keys+float64(rng.Intn(3)-1)))
			return keys
		}, false},
		{"gauge 0-10", 10000, func() float64 { return float64(rng.Intn(11)) }, false},
		{"gauge 0-100", 10000, func() float64 { return float64(rng.Intn(101)) }, false},
		{"random walk", 10000, func() float64 {
			walk = math.Max(0, walk+float64(rng.Intn(5)-2))
			return walk
		}, false},
		{"sizes", 10000, func() float64 { return math.Round(math.Exp(7 + rng.NormFloat64()/2)) }, false},
		{"durations", 10000, func() float64 { return math.Exp(3+rng.NormFloat64()) / 7 }, false},
		{"queue for a while", 500, func() float64 { queue += float64(1 + rng.Intn(3)); return queue }, false},
	} {
		if got := counts(c.steps, c.next); got != c.want {
			t.Errorf("%s: counting %v, want %v", c.name, got, c.want)
		}
	}
}
