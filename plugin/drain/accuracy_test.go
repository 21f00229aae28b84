package drain

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loghubSets are the 16 Loghub 2k sets, with Drain's grouping accuracy when
// tuned per set (logparser benchmark, ICSE'19).
var loghubSets = []struct {
	name  string
	drain float64
}{
	{"HDFS", 0.998}, {"Hadoop", 0.948}, {"Spark", 0.920}, {"Zookeeper", 0.967},
	{"BGL", 0.963}, {"HPC", 0.887}, {"Thunderbird", 0.955}, {"Windows", 0.997},
	{"Linux", 0.690}, {"Android", 0.911}, {"HealthApp", 0.780}, {"Apache", 1.000},
	{"Proxifier", 0.527}, {"OpenSSH", 0.788}, {"OpenStack", 0.733}, {"Mac", 0.787},
}

// sharedDataDir returns ../shared/data relative to the module root, or ""
// when it is absent.
func sharedDataDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(data); err != nil {
		return ""
	}
	return data
}

// labelledLines is one structured Loghub file: the message of each line and
// its true event id.
type labelledLines struct {
	content, event []string
}

// readStructured reads the Content and EventId columns of a Loghub
// structured CSV file.
func readStructured(path string) (labelledLines, error) {
	f, err := os.Open(path)
	if err != nil {
		return labelledLines{}, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return labelledLines{}, fmt.Errorf("%s: %w", path, err)
	}
	contentCol, eventCol := -1, -1
	for i, h := range header {
		switch strings.TrimPrefix(h, "\ufeff") {
		case "Content":
			contentCol = i
		case "EventId":
			eventCol = i
		}
	}
	if contentCol < 0 || eventCol < 0 {
		return labelledLines{}, fmt.Errorf("%s: no Content or EventId column", path)
	}
	var out labelledLines
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return labelledLines{}, fmt.Errorf("%s: %w", path, err)
		}
		out.content = append(out.content, rec[contentCol])
		out.event = append(out.event, rec[eventCol])
	}
}

// groupingAccuracy returns the share of lines whose predicted group holds
// exactly the lines of their true group (Zhu et al., "Tools and Benchmarks
// for Automated Log Parsing", ICSE-SEIP 2019).
func groupingAccuracy(truth, predicted []string) float64 {
	if len(truth) == 0 {
		return 0
	}
	truthSize := map[string]int{}
	for _, e := range truth {
		truthSize[e]++
	}
	type group struct {
		size   int
		events map[string]bool
	}
	groups := map[string]*group{}
	for i, p := range predicted {
		g := groups[p]
		if g == nil {
			g = &group{events: map[string]bool{}}
			groups[p] = g
		}
		g.size++
		g.events[truth[i]] = true
	}
	correct := 0
	for _, g := range groups {
		if len(g.events) != 1 {
			continue
		}
		for e := range g.events {
			if truthSize[e] == g.size {
				correct += g.size
			}
		}
	}
	return float64(correct) / float64(len(truth))
}

// mineFile streams the lines through a new miner and returns the id each
// line got when it was added, and the id of the cluster it belongs to once
// the whole file is in.
func mineFile(tb testing.TB, cfg Config, lines []string) (atTime, final []string, m *Miner) {
	tb.Helper()
	m, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var match Match
	atTime = make([]string, len(lines))
	for i, l := range lines {
		m.Add(l, &match)
		atTime[i] = match.ID
	}
	final = make([]string, len(lines))
	for i, id := range atTime {
		final[i] = m.Resolve(id)
	}
	return atTime, final, m
}

func TestGroupingAccuracy(t *testing.T) {
	data := sharedDataDir(t)
	if data == "" {
		t.Skip("../shared/data is absent: Loghub sets not available")
	}
	var sum, sumAtTime, sumCorrected float64
	var nCorrected int
	worst := 1.0
	t.Logf("%-12s %6s %9s %6s %10s %6s %12s", "set", "lines", "templates", "GA", "GA-at-time", "Drain", "GA-corrected")
	for _, set := range loghubSets {
		path := filepath.Join(data, "loghub", set.name, set.name+"_2k.log_structured.csv")
		lines, err := readStructured(path)
		if err != nil {
			t.Fatalf("%s: %v", set.name, err)
		}
		atTime, final, m := mineFile(t, DefaultConfig(), lines.content)
		ga := groupingAccuracy(lines.event, final)
		gaAtTime := groupingAccuracy(lines.event, atTime)
		corrected := "-"
		cpath := filepath.Join(data, "loghub-2.0-corrected", set.name, set.name+"_2k.log_structured_corrected.csv")
		if clines, err := readStructured(cpath); err == nil {
			if len(clines.content) != len(lines.content) {
				t.Fatalf("%s: corrected file has %d lines, want %d", set.name, len(clines.content), len(lines.content))
			}
			_, cfinal, _ := mineFile(t, DefaultConfig(), clines.content)
			gac := groupingAccuracy(clines.event, cfinal)
			corrected = fmt.Sprintf("%.3f", gac)
			sumCorrected += gac
			nCorrected++
		}
		t.Logf("%-12s %6d %9d %6.3f %10.3f %6.3f %12s", set.name, len(lines.content), m.Len(), ga, gaAtTime, set.drain, corrected)
		sum += ga
		sumAtTime += gaAtTime
		worst = min(worst, ga)
	}
	mean := sum / float64(len(loghubSets))
	t.Logf("%-12s %6s %9s %6.3f %10.3f %6.3f %12.3f", "mean", "", "", mean, sumAtTime/float64(len(loghubSets)), 0.866, sumCorrected/float64(nCorrected))
	if mean < 0.90 {
		t.Errorf("mean grouping accuracy %.3f, want >= 0.90", mean)
	}
	if worst < 0.70 {
		t.Errorf("lowest grouping accuracy %.3f, want >= 0.70", worst)
	}
}
