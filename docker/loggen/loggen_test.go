package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

var start = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func TestLinesAreOrderedAndEveryIncidentComesRound(t *testing.T) {
	g := NewGenerator(7, start, 20, time.Minute)
	seen := map[string]int{}
	services := map[string]bool{}
	last := start
	for range 20 * 60 * 8 { // about eight minutes
		l := g.Next()
		if l.Time.Before(last) {
			t.Fatalf("time went back from %v to %v", last, l.Time)
		}
		last = l.Time
		if !slices.Contains(Services, l.Service) || l.Level == "" || l.Message == "" {
			t.Fatalf("incomplete line %+v", l)
		}
		services[l.Service] = true
		if l.Incident != "" {
			seen[l.Incident]++
		}
	}
	for _, kind := range Incidents {
		if seen[kind] == 0 {
			t.Errorf("no %s in eight minutes with an incident a minute", kind)
		}
	}
	if len(services) != len(Services) {
		t.Errorf("services seen: %v", services)
	}
	if elapsed := last.Sub(start); elapsed < 7*time.Minute || elapsed > 9*time.Minute {
		t.Errorf("%d lines at 20 a second took %v of simulated time", 20*60*8, elapsed)
	}
}

func TestSameSeedSameLines(t *testing.T) {
	a, b := NewGenerator(3, start, 50, 10*time.Second), NewGenerator(3, start, 50, 10*time.Second)
	for i := range 2000 {
		if la, lb := a.Next(), b.Next(); la != lb {
			t.Fatalf("line %d differs: %+v vs %+v", i, la, lb)
		}
	}
}

func TestRunWritesWhatTheParsersRead(t *testing.T) {
	// The JSON parser of docker/loggen/parsers.conf and the level_line parser of
	// fluent-bit/parsers.conf, as Fluent Bit would apply them.
	levelLine := regexp.MustCompile(`^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?<level>[A-Z]+) (?<message>.*)$`)
	cases := []struct {
		format string
		check  func(t *testing.T, line string)
	}{
		{"json", func(t *testing.T, line string) {
			var l map[string]string
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if _, err := time.Parse(jsonTime, l["time"]); err != nil || l["service"] == "" || l["level"] == "" || l["message"] == "" || len(l) != 4 {
				t.Fatalf("%q: fields %v, time error %v", line, l, err)
			}
		}},
		{"text", func(t *testing.T, line string) {
			if !levelLine.MatchString(line) {
				t.Fatalf("level_line does not match %q", line)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"-format", c.format, "-start", start.Format(time.RFC3339), "-lines", "300", "-incident-every", "2s"}, &stdout, &stderr, nil, nil); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			if len(lines) != 300 {
				t.Fatalf("%d lines, want 300", len(lines))
			}
			for _, line := range lines {
				c.check(t, line)
			}
		})
	}
}

// In real time, lines wait for their time and reach the file before each wait.
func TestRunPacesLinesAndFlushesBeforeWaiting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	now := start
	var waits []time.Duration
	var sizes []int64
	sleep := func(d time.Duration) {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, st.Size())
		waits = append(waits, d)
		now = now.Add(d)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-out", path, "-lines", "50", "-rate", "5"}, nil, &stderr, func() time.Time { return now }, sleep); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if len(waits) < 40 {
		t.Fatalf("%d waits for 50 lines", len(waits))
	}
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	// 50 lines at 5 a second take about 10 s.
	if total < 5*time.Second || total > 20*time.Second {
		t.Errorf("50 lines at 5/s waited %v in all", total)
	}
	for i := 1; i < len(sizes); i++ {
		if sizes[i] <= sizes[i-1] {
			t.Fatalf("the file did not grow between waits %d and %d: %v", i-1, i, sizes)
		}
	}
}

func TestRunRotatesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	var stderr bytes.Buffer
	if code := run([]string{"-out", path, "-start", start.Format(time.RFC3339), "-lines", "400", "-max-bytes", "10000"}, nil, &stderr, nil, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, p := range []string{path, path + ".1"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 10000 {
			t.Errorf("%s holds %d bytes, beyond -max-bytes 10000", p, st.Size())
		}
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-format", "xml"}, {"-rate", "0"}, {"-start", "yesterday"}, {"extra"}} {
		var stderr bytes.Buffer
		if code := run(args, nil, &stderr, time.Now, nil); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

// The demo is worth running only if the plugin finds the incidents. This replays half an
// hour of the shop through the plugin's engine as the compose demos feed it (one
// record per JSON line, the event time from the line, group_by service) and reports
// what was flagged.
func TestThePluginFindsTheIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("replays half an hour of logs")
	}
	cfg, err := config.Parse(config.MapLookup(map[string]string{
		"group_by": "service", "message_key": "message", "level_key": "level", "refit_mode": "sync",
	}))
	if err != nil {
		t.Fatal(err)
	}
	sink := &capture{}
	e, err := engine.NewWithSink(cfg, sink, quiet{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	g := NewGenerator(1, start, 20, 90*time.Second)
	var lines []Line
	var data []byte
	flushAt := start.Add(time.Second)
	for l := g.Next(); l.Time.Before(start.Add(30 * time.Minute)); l = g.Next() {
		if !l.Time.Before(flushAt) {
			if err := e.Flush("app.shop", data); err != nil {
				t.Fatal(err)
			}
			data, flushAt = data[:0], l.Time.Add(time.Second)
		}
		lines = append(lines, l)
		data = appendRecord(data, l)
	}
	if err := e.Flush("app.shop", data); err != nil {
		t.Fatal(err)
	}
	if len(sink.flags) != len(lines) {
		t.Fatalf("%d records out for %d in", len(sink.flags), len(lines))
	}

	// Incidents never overlap, so the lines of one occurrence are the incident lines
	// between two runs of normal lines longer than the shortest incident spacing allows.
	flagged, total := map[string]int{}, map[string]int{}
	found, occurred := map[string]int{}, map[string]int{}
	var lastIncident time.Time
	var hit bool
	for i, l := range lines {
		total[l.Incident]++
		if sink.flags[i] {
			flagged[l.Incident]++
		}
		if l.Incident == "" {
			continue
		}
		if l.Time.Sub(lastIncident) > 45*time.Second {
			occurred[l.Incident]++
			hit = false
		}
		lastIncident = l.Time
		if sink.flags[i] && !hit {
			found[l.Incident]++
			hit = true
		}
	}
	for _, kind := range Incidents {
		t.Logf("%-20s %d of %d occurrences found; %3d of %4d lines flagged", kind, found[kind], occurred[kind], flagged[kind], total[kind])
		// A repeat of an incident the stream has learnt may pass as known: one
		// occurrence of each kind must be found.
		if found[kind] == 0 {
			t.Errorf("%s: none of %d occurrences found", kind, occurred[kind])
		}
	}
	rate := float64(flagged[""]) / float64(total[""])
	t.Logf("%-20s %3d of %4d lines flagged (%.2f%%)", "normal traffic", flagged[""], total[""], 100*rate)
	if rate > 0.02 {
		t.Errorf("%.2f%% of normal lines flagged: the demo would drown its incidents", 100*rate)
	}
}

// appendRecord appends the event Fluent Bit's tail input makes of a JSON line with
// docker/loggen/parsers.conf: the time becomes the event time, the rest the record.
func appendRecord(dst []byte, l Line) []byte {
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendArrayHeader(dst, 2)
	dst = chunk.AppendEventTime(dst, uint32(l.Time.Unix()), uint32(l.Time.Nanosecond()))
	dst = chunk.AppendMapHeader(dst, 0)
	dst = chunk.AppendMapHeader(dst, 3)
	for _, kv := range [][2]string{{"service", l.Service}, {"level", l.Level}, {"message", l.Message}} {
		dst = chunk.AppendString(dst, kv[0])
		dst = chunk.AppendString(dst, kv[1])
	}
	return dst
}

// capture keeps anomaly.flag of every record it is sent, in order.
type capture struct{ flags []bool }

func (c *capture) Send(_ string, events [][]byte) error {
	var ev chunk.Event
	for _, raw := range events {
		dec := chunk.NewDecoder(raw)
		for dec.Next(&ev) {
			flag, _ := ev.Body.Path("anomaly", "flag")
			b, _ := flag.Bool()
			c.flags = append(c.flags, b)
		}
	}
	return nil
}

func (c *capture) Close() error { return nil }

type quiet struct{}

func (quiet) Enabled(engine.Level) bool           { return false }
func (quiet) Printf(engine.Level, string, ...any) {}
