package familyscan

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/scan"
)

// TestMeasuresWhatScanEmits reads a small hand-made stream of annotated records as
// `anomaly scan -format json` writes them and checks the figures worked out by hand.
func TestMeasuresWhatScanEmits(t *testing.T) {
	emitted := strings.Join([]string{
		`{"date":1704067200.0,"log":"a","anomaly":{"flag":false,"status":"learning","template":"a","template_id":"01"}}`,
		`{"date":1704067201.0,"log":"b \"quoted\" {x}","anomaly":{"score":0.8,"flag":true,"status":"scored","template":"b","template_id":"02","reasons":["alarm words: failed"],"incident":"inc-1"}}`,
		`{"date":1704067202.0,"msg":"c","nested":{"anomaly":{"flag":false}},"anomaly":{"score":0.6,"flag":true,"status":"scored","template":"c","template_id":"03"}}`,
		`{"date":1704067203.0,"log":"d","anomaly":{"score":0.7,"flag":true,"status":"scored","template":"d","template_id":"04"}}`,
		`{"date":1704067204.0,"log":"e","anomaly":{"score":0.5,"flag":false,"status":"scored","template":"e","template_id":"05"}}`,
	}, "\n") + "\n"
	ann, err := ReadAnnotations(strings.NewReader(emitted))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1704067200, 0).UTC()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	lines := []families.Line{
		{At: at(0), Text: "a"},
		{At: at(1), Text: "b", Incident: "X"},
		{At: at(2), Text: "c", Incident: "X"},
		{At: at(3), Text: "d", Change: "reload", ChangeStart: at(3)},
		{At: at(4), Text: "e"},
	}
	r, err := families.Measure(lines, ann)
	if err != nil {
		t.Fatal(err)
	}
	// X: both records flagged, one with an id: 50% with id, 100% flagged, two alerts
	// (inc-1 and the record without an id), flagged from its first record.
	want := families.IncidentResult{Name: "X", Records: 2, Flagged: 2, FlaggedWithID: 1, Alerts: 2, First: at(1), FirstFlagged: at(1)}
	if len(r.Incidents) != 1 || r.Incidents[0] != want {
		t.Fatalf("incidents %+v, want %+v", r.Incidents, want)
	}
	// Normal: a (learning) and e, neither flagged; d is in its change's first 5 minutes.
	if r.Normal != (families.Share{Flagged: 0, Records: 2}) || r.BenignEarly != (families.Share{Flagged: 1, Records: 1}) || r.Benign.Records != 0 {
		t.Errorf("normal %+v, benign %+v, early %+v", r.Normal, r.Benign, r.BenignEarly)
	}
	// Scores: positives .8 and .6; negatives 0 (learning), .7, .5. ROC-AUC: .8 outscores
	// 3, .6 outscores 2, of 6 pairs. AP: .8 at precision 1, .6 at 2/3.
	if math.Abs(r.Ranking.ROCAUC-5.0/6) > 1e-12 || math.Abs(r.Ranking.AP-5.0/6) > 1e-12 {
		t.Errorf("ROC-AUC %g, AP %g, want 5/6 and 5/6", r.Ranking.ROCAUC, r.Ranking.AP)
	}

	for _, bad := range []string{"{\"log\":\"no annotation\"}\n", "not json\n"} {
		if _, err := ReadAnnotations(strings.NewReader(bad)); err == nil {
			t.Errorf("%q read without error", bad)
		}
	}
}

// TestAnnotateIsScanInStreamMode checks Annotate against scan's own JSON output for the
// first lines of the holdout families (text lines and JSON lines).
func TestAnnotateIsScanInStreamMode(t *testing.T) {
	cfg, err := config.Parse(config.MapLookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families.ByRole(families.Holdout) {
		lines := f.Lines(1)[:3000]
		got, err := Annotate(lines)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var file, out bytes.Buffer
		for _, l := range lines {
			file.WriteString(l.Text + "\n")
		}
		if _, err := scan.Run(&file, &out, scan.Options{Config: cfg, Format: scan.FormatJSON, Tag: "scan"}); err != nil {
			t.Fatal(err)
		}
		want, err := ReadAnnotations(&out)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(lines) || len(want) != len(lines) {
			t.Fatalf("%s: %d and %d annotations for %d lines", f.Name, len(got), len(want), len(lines))
		}
		scored := 0
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: line %d: %+v, scan says %+v", f.Name, i+1, got[i], want[i])
			}
			if !got[i].Learning {
				scored++
			}
		}
		if scored == 0 {
			t.Errorf("%s: no line scored", f.Name)
		}
	}
}
