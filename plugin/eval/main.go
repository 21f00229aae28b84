// Command eval measures the anomaly detector on the labelled data under ../shared/data
// and on synthetic incident scenarios, each beside the original proof of concept's
// method (an Isolation Forest on level score and message length, contamination 0.1,
// fitted on the whole file and scoring it), and prints one Markdown table per target.
//
//	go run ./plugin/eval [-features all] [-seed 1] [-top 0] [-flagged] [-only hdfs] [-holdout-summary] [-misses]
//
// Our detector runs with the plugin's default configuration (whose refits are
// deterministic), streaming in file order, and in batch mode beside it. The data directory
// is $ANOMALY_DATA or ../shared/data beside the repository.
package main

import (
	"flag"
	"fmt"
	"io"

	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/familyscan"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

func main() {
	featureList := flag.String("features", features.FeaturesAll, "features of our detector (comma list or all)")
	seed := flag.Int64("seed", 1, "random seed of both detectors' forests and of the synthetic generators (the families are scanned with the default configuration, whatever the seed)")
	top := flag.Int("top", 0, "also print the top N scored lines of each data set")
	flagged := flag.Bool("flagged", false, "also print the flagged lines of each data set")
	only := flag.String("only", "", "run only the targets whose name contains this (bgl, hdfs, sample, scenarios, loghub, families)")
	holdoutSummary := flag.Bool("holdout-summary", false, "print only the holdout families' summary line, not their families and incidents (for changing the detector while looking at the tuning families only)")
	misses := flag.Bool("misses", false, "also print what the records of each tuning incident below 80% that are not flagged with its id are")
	flag.Parse()

	dir, err := evaldata.DataDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
	e := evaluator{w: os.Stdout, dir: dir, features: strings.Split(*featureList, ","), seed: *seed, top: *top, flagged: *flagged, holdoutSummary: *holdoutSummary, misses: *misses}
	targets := []struct {
		name string
		run  func() error
	}{
		{"bgl", e.bgl},
		{"hdfs", e.hdfs},
		{"sample", e.sample},
		{"scenarios", e.scenarios},
		{"loghub", e.loghub},
		{"families", e.families},
	}
	for _, t := range targets {
		if *only != "" && !strings.Contains(t.name, *only) {
			continue
		}
		if err := t.run(); err != nil {
			fmt.Fprintf(os.Stderr, "eval: %s: %v\n", t.name, err)
			os.Exit(1)
		}
	}
}

type evaluator struct {
	w        io.Writer
	dir      string
	features []string
	seed     int64
	top      int
	flagged  bool
	// holdoutSummary prints the holdout families' summary only (see families).
	holdoutSummary bool
	// misses prints the tuning incidents' misses (see familyscan.WriteMisses).
	misses bool
}

// outcome is one detector's verdicts on a list of lines.
type outcome struct {
	scores []float64
	flags  []bool
	res    []detect.Result
}

// options are the plugin's default configuration, as engine maps it, with these
// features and the evaluation's seed.
func (e evaluator) options(features []string) detect.Options {
	cfg, err := config.Parse(config.MapLookup(nil))
	if err != nil {
		panic("eval: the default configuration does not parse: " + err.Error())
	}
	opt := engine.DetectOptions(cfg)
	opt.Features = features
	opt.Detector.Forest.Seed = e.seed
	return opt
}

// textRecord is a line as the plugin reads a text record: the header before its level
// word cut, the level from that word (or an access log line's status).
func textRecord(l evaldata.Line) *record.Record {
	var r record.Record
	record.FromText(l.Text, &r)
	r.Time = l.At
	return &r
}

// fieldRecord is a scenario line as the plugin reads it: the level from its level field
// (Line.Group), or from the text when it has none.
func fieldRecord(l evaldata.Line) *record.Record {
	r := textRecord(l)
	if l.Group != "" {
		r.Level = record.ParseLevel(l.Group)
	}
	return r
}

// stream runs our detector over lines in order.
func (e evaluator) stream(lines []evaldata.Line) (outcome, error) {
	s, err := detect.NewStream(e.options(e.features))
	if err != nil {
		return outcome{}, err
	}
	defer s.Close()
	o := outcome{scores: make([]float64, len(lines)), flags: make([]bool, len(lines)), res: make([]detect.Result, len(lines))}
	for i, l := range lines {
		r := &o.res[i]
		s.Observe(textRecord(l), r)
		r.Reasons = append([]string(nil), r.Reasons...)
		o.scores[i], o.flags[i] = r.Score, r.Flag
	}
	return o, nil
}

// batch runs our detector in batch mode (fit on a fair share of every template of the
// whole file, score all).
func (e evaluator) batch(lines []evaldata.Line) (outcome, error) {
	return e.fitAll(lines, e.options(e.features), false)
}

// baseline runs the original proof of concept's method: level score and message
// length, contamination 0.1, fitted on every line, scoring every line.
func (e evaluator) baseline(lines []evaldata.Line) (outcome, error) {
	opt := e.options([]string{features.FeatureLevel, features.FeatureLength})
	opt.Detector.Forest.Contamination = 0.1
	return e.fitAll(lines, opt, true)
}

func (e evaluator) fitAll(lines []evaldata.Line, opt detect.Options, all bool) (outcome, error) {
	b, err := detect.NewBatch(opt)
	if err != nil {
		return outcome{}, err
	}
	b.LearnAll = all
	for _, l := range lines {
		b.Add(textRecord(l))
	}
	res, err := b.Score()
	if err != nil {
		return outcome{}, err
	}
	o := outcome{scores: make([]float64, len(res)), flags: make([]bool, len(res)), res: res}
	for i, r := range res {
		o.scores[i], o.flags[i] = r.Score, r.Flag
	}
	return o, nil
}

func labels(lines []evaldata.Line) []bool {
	out := make([]bool, len(lines))
	for i, l := range lines {
		out[i] = l.Anomaly
	}
	return out
}

func (e evaluator) bgl() error {
	lines, err := evaldata.ReadBGL(filepath.Join(e.dir, evaldata.BGLPath))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "## BGL_2k: %d lines, %d anomalous, per line (label removed, level from the line's text)\n\n", len(lines), countTrue(labels(lines)))
	fmt.Fprintln(e.w, "| method | ROC-AUC | AP | best F1 | flagged | precision | recall | F1 of flag |")
	fmt.Fprintln(e.w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	y := labels(lines)
	for _, m := range e.methods() {
		o, err := m.run(lines)
		if err != nil {
			return err
		}
		r := evaldata.Rank(o.scores, y)
		c := evaldata.Count(o.flags, y)
		fmt.Fprintf(e.w, "| %s | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.3f |\n", m.name, r.ROCAUC, r.AP, r.BestF1, c.TP+c.FP, c.Precision(), c.Recall(), c.F1())
		e.printTop(m.name, lines, o)
	}
	fmt.Fprintln(e.w, "\nTargets (streaming): ROC-AUC >= 0.97, AP >= 0.70, F1 of flag >= 0.75. Level alone: ROC-AUC 0.945.")
	fmt.Fprintln(e.w)
	return nil
}

func (e evaluator) hdfs() error {
	lines, err := evaldata.ReadHDFS(filepath.Join(e.dir, evaldata.HDFSPath), filepath.Join(e.dir, evaldata.HDFSLabelsPath))
	if err != nil {
		return err
	}
	names, _, _, anomalous := evaldata.Groups(lines, make([]float64, len(lines)), make([]bool, len(lines)))
	fmt.Fprintf(e.w, "## HDFS 5k: %d lines, %d blocks, %d anomalous, per block (flagged when any line is)\n\n", len(lines), len(names), countTrue(anomalous))
	fmt.Fprintln(e.w, "| method | block ROC-AUC | block AP | best block F1 | lines flagged | blocks flagged | precision | recall | F1 of flag |")
	fmt.Fprintln(e.w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, m := range e.methods() {
		o, err := m.run(lines)
		if err != nil {
			return err
		}
		_, score, flag, y := evaldata.Groups(lines, o.scores, o.flags)
		r := evaldata.Rank(score, y)
		c := evaldata.Count(flag, y)
		fmt.Fprintf(e.w, "| %s | %.3f | %.3f | %.3f | %d | %d | %.3f | %.3f | %.3f |\n", m.name, r.ROCAUC, r.AP, r.BestF1, countTrue(o.flags), c.TP+c.FP, c.Precision(), c.Recall(), c.F1())
		e.printTop(m.name, lines, o)
	}
	fmt.Fprintln(e.w, "\nTarget (streaming): block F1 >= 0.85 (loglizer's Isolation Forest on full HDFS sessions: 0.802).")
	fmt.Fprintln(e.w)
	return nil
}

func (e evaluator) sample() error {
	lines, err := evaldata.ReadLines(filepath.Join("plugin", "detect", "testdata", "system_logs.txt"))
	if err != nil {
		// Run from elsewhere than the repository root: find the file beside this package.
		lines, err = evaldata.ReadLines(filepath.Join(e.dir, "..", "..", "main", "plugin", "detect", "testdata", "system_logs.txt"))
		if err != nil {
			return fmt.Errorf("the sample (plugin/detect/testdata/system_logs.txt) must be run from the repository root: %w", err)
		}
	}
	ours, err := e.batch(lines)
	if err != nil {
		return err
	}
	base, err := e.baseline(lines)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "## The original sample (%d lines), batch mode: fit on the file, score the file\n\n", len(lines))
	fmt.Fprintln(e.w, "| line | ours: score | ours: flag | ours: reasons | baseline: score | baseline: flag |")
	fmt.Fprintln(e.w, "|---|---:|:---:|---|---:|:---:|")
	for i, l := range lines {
		fmt.Fprintf(e.w, "| %s | %.3f | %s | %s | %.3f | %s |\n", l.Text, ours.scores[i], mark(ours.flags[i]), strings.Join(ours.res[i].Reasons, "; "), base.scores[i], mark(base.flags[i]))
	}
	fmt.Fprintln(e.w, "\nTarget: the kernel panic and the database failures flagged, the start-up lines not.")
	fmt.Fprintln(e.w)
	return nil
}

func (e evaluator) scenarios() error {
	fmt.Fprintf(e.w, "## Synthetic incidents: %g records/s of normal web-shop traffic, incident after %v, %v more (seed %d)\n\n", evaldata.TrafficRate, evaldata.IncidentAfter, evaldata.TrafficAfter, e.seed)
	fmt.Fprintln(e.w, "| incident | records | ours: incident records flagged | ours: first flagged | ours: false-positive rate | baseline: incident records flagged | baseline: false-positive rate |")
	fmt.Fprintln(e.w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, sc := range evaldata.Scenarios {
		recs := sc.Records(e.seed)
		lines := make([]evaldata.Line, len(recs))
		for i, r := range recs {
			// The level comes from a level field, as in a structured record.
			lines[i] = evaldata.Line{Text: r.Message, At: r.At, Anomaly: r.Incident, Group: r.Level}
		}
		ours, err := e.streamLevels(lines)
		if err != nil {
			return err
		}
		base, err := e.fitAllLevels(lines)
		if err != nil {
			return err
		}
		y := labels(lines)
		co, cb := evaldata.Count(ours.flags, y), evaldata.Count(base.flags, y)
		first := "-"
		for i, f := range ours.flags {
			if f && y[i] {
				first = fmt.Sprintf("%s after start", lines[i].At.Sub(recs[0].At.Add(evaldata.IncidentAfter)).Round(time.Second))
				break
			}
		}
		fmt.Fprintf(e.w, "| %s | %d | %d / %d | %s | %.4f | %d / %d | %.4f |\n", sc.Name, len(lines), co.TP, co.TP+co.FN, first, co.FPR(), cb.TP, cb.TP+cb.FN, cb.FPR())
	}
	fmt.Fprintln(e.w, "\nTarget: every incident flagged, low false-positive rate on the normal traffic.")
	fmt.Fprintln(e.w)
	return nil
}

// streamLevels and fitAllLevels take the level from Line.Group (the scenario's level
// field) instead of the text.
func (e evaluator) streamLevels(lines []evaldata.Line) (outcome, error) {
	s, err := detect.NewStream(e.options(e.features))
	if err != nil {
		return outcome{}, err
	}
	defer s.Close()
	o := outcome{scores: make([]float64, len(lines)), flags: make([]bool, len(lines))}
	var r detect.Result
	for i, l := range lines {
		s.Observe(fieldRecord(l), &r)
		o.scores[i], o.flags[i] = r.Score, r.Flag
	}
	return o, nil
}

func (e evaluator) fitAllLevels(lines []evaldata.Line) (outcome, error) {
	opt := e.options([]string{features.FeatureLevel, features.FeatureLength})
	opt.Detector.Forest.Contamination = 0.1
	b, err := detect.NewBatch(opt)
	if err != nil {
		return outcome{}, err
	}
	b.LearnAll = true
	for _, l := range lines {
		b.Add(fieldRecord(l))
	}
	res, err := b.Score()
	if err != nil {
		return outcome{}, err
	}
	o := outcome{scores: make([]float64, len(res)), flags: make([]bool, len(res))}
	for i, r := range res {
		o.scores[i], o.flags[i] = r.Score, r.Flag
	}
	return o, nil
}

// loghub reports the share of lines flagged on the Loghub samples, which are mostly
// normal: a detector that flags a large share of them would drown its users.
func (e evaluator) loghub() error {
	root := filepath.Join(e.dir, "loghub")
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.w, "## Loghub 2k samples: share of lines flagged, as `anomaly scan -mode stream` annotates each file (no labels: most lines are routine)")
	fmt.Fprintln(e.w)
	fmt.Fprintln(e.w, "| system | lines | flagged | share |")
	fmt.Fprintln(e.w, "|---|---:|---:|---:|")
	for _, ent := range entries {
		name := ent.Name()
		path := filepath.Join(root, name, name+"_2k.log")
		var lines []evaldata.Line
		if name == "BGL" || name == "Thunderbird" {
			lines, err = evaldata.ReadBGL(path)
		} else {
			lines, err = evaldata.ReadLines(path)
		}
		if err != nil {
			continue
		}
		// As `anomaly scan -mode stream` annotates the file: each line's time read as the
		// scan reads it (a line without one follows the line before), the default
		// configuration.
		in := make([]families.Line, len(lines))
		for i, l := range lines {
			in[i].Text = l.Text
		}
		ann, err := familyscan.Annotate(in)
		if err != nil {
			return err
		}
		n := 0
		for _, a := range ann {
			if a.Flag {
				n++
			}
		}
		fmt.Fprintf(e.w, "| %s | %d | %d | %.1f%% |\n", name, len(lines), n, 100*float64(n)/float64(len(lines)))
	}
	fmt.Fprintln(e.w)
	return nil
}

// families reports the synthetic log families, tuning families first, then the holdout
// families on their own: each family's lines go through the path of `anomaly scan -mode
// stream` with the default configuration, and what users receive is measured.
func (e evaluator) families() error {
	all := families.All()
	reports, err := familyscan.RunAll(all, e.seed)
	if err != nil {
		return err
	}
	for _, role := range []families.Role{families.Tuning, families.Holdout} {
		var fams []families.Family
		var rs []families.Report
		for i, f := range all {
			if f.Role == role {
				fams, rs = append(fams, f), append(rs, reports[i])
			}
		}
		familyscan.WriteSection(e.w, role, fams, rs, e.seed, role == families.Tuning || !e.holdoutSummary)
		if e.misses && role == families.Tuning {
			familyscan.WriteMisses(e.w, fams, rs)
		}
	}
	return nil
}

type method struct {
	name string
	run  func([]evaldata.Line) (outcome, error)
}

func (e evaluator) methods() []method {
	return []method{
		{"ours, streaming", e.stream},
		{"ours, batch", e.batch},
		{"baseline: level+length, c=0.1, fit all", e.baseline},
	}
}

func (e evaluator) printTop(name string, lines []evaldata.Line, o outcome) {
	if e.top > 0 {
		idx := make([]int, len(lines))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return o.scores[idx[a]] > o.scores[idx[b]] })
		e.printLines(fmt.Sprintf("top %d of %s", e.top, name), lines, o, idx[:min(e.top, len(idx))])
	}
	if e.flagged {
		var idx []int
		for i, f := range o.flags {
			if f {
				idx = append(idx, i)
			}
		}
		e.printLines("flagged by "+name, lines, o, idx)
	}
}

// printLines prints lines idx with their label (A anomalous, - normal), score, flag and
// reasons.
func (e evaluator) printLines(title string, lines []evaldata.Line, o outcome, idx []int) {
	fmt.Fprintf(e.w, "\n<details><summary>%s</summary>\n\n```\n", title)
	for _, i := range idx {
		l := "-"
		if lines[i].Anomaly {
			l = "A"
		}
		var reasons []string
		if o.res != nil {
			reasons = o.res[i].Reasons
		}
		text := lines[i].Text
		if len(text) > 90 {
			text = text[:90]
		}
		fmt.Fprintf(e.w, "%5d %s %.3f %s %s %v\n", i+1, l, o.scores[i], mark(o.flags[i]), text, reasons)
	}
	fmt.Fprint(e.w, "```\n</details>\n\n")
}

func mark(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func countTrue(v []bool) int {
	n := 0
	for _, b := range v {
		if b {
			n++
		}
	}
	return n
}
