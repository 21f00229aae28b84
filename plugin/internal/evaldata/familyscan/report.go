package familyscan

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
)

// RunAll runs the families concurrently, one per processor, and returns their reports
// in the families' order. Each family is its own stream, so running them side by side
// changes no figure.
func RunAll(fams []families.Family, seed int64) ([]families.Report, error) {
	reports := make([]families.Report, len(fams))
	errs := make([]error, len(fams))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(fams)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				reports[i], errs[i] = Run(fams[i], seed)
			}
		}()
	}
	for i := range fams {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return reports, nil
}

// WriteSection writes the Markdown section of one role: per family (when perFamily) a
// table of its incidents and a line of its false positives and ranking, then the role's
// summary beside the targets. Holdout incidents are named by number only: what they are
// stays in their family's file.
func WriteSection(w io.Writer, role families.Role, fams []families.Family, reports []families.Report, seed int64, perFamily bool) {
	fmt.Fprintf(w, "## Families (%s): synthetic services with benign changes and incidents, as `anomaly scan -mode stream` annotates them (default configuration, generator seed %d)\n\n", role, seed)
	if perFamily {
		for i, f := range fams {
			writeFamily(w, f, reports[i])
		}
	}
	s := families.Summarize(reports)
	fmt.Fprintf(w, "**Summary (%s, %d families):** incidents detected %d of %d; with >= 80%% of records flagged with an incident id of their own %d of %d; alerted with 1-2 alerts of their own %d of %d; meeting all three %d of %d; normal records flagged %s; benign-change records flagged after 5 min %s, within 5 min %s; alerts on no incident %d; mean ROC-AUC %.3f, mean AP %.3f\n\n",
		role, s.Families, s.Detected, s.Incidents, s.WithID, s.Incidents, s.FewAlerts, s.Incidents, s.MeetingTargets, s.Incidents, shareText(s.Normal), shareText(s.Benign), shareText(s.BenignEarly), s.FalseAlerts, s.MeanROCAUC, s.MeanAP)
	fmt.Fprintln(w, "Targets: every incident detected; >= 80% of each incident's records flagged with its incident id; one or two alerts per incident, opened by the incident (an id opened before it, by other records, alerted then, not for it); <= 0.1% of normal records and <= 0.1% of benign-change records (after their first 5 minutes) flagged.")
	fmt.Fprintln(w)
}

// writeFamily writes one family's table of incidents and its line of false positives and
// ranking.
func writeFamily(w io.Writer, f families.Family, r families.Report) {
	fmt.Fprintf(w, "### %s: %s (%d lines)\n\n", f.Name, f.Service, r.Lines)
	fmt.Fprintln(w, "| incident | records | detected | flagged with its id (>= 80%) | flagged | alerts (1-2) | delay | targets met |")
	fmt.Fprintln(w, "|---|---:|:---:|---:|---:|---:|---:|:---:|")
	for k, inc := range r.Incidents {
		name := inc.Name
		if f.Role == families.Holdout {
			name = fmt.Sprintf("incident %d", k+1)
		}
		delay := "-"
		if inc.Detected() {
			delay = inc.Delay().Round(time.Second).String()
		}
		fmt.Fprintf(w, "| %s | %d | %s | %.1f%% | %.1f%% | %d | %s | %s |\n", name, inc.Records, yes(inc.Detected()), 100*inc.ShareFlaggedWithID(), 100*inc.ShareFlagged(), inc.Alerts, delay, yes(inc.MeetsTargets()))
	}
	fmt.Fprintf(w, "\n%s: incidents detected %d of %d; normal records flagged %s; benign-change records flagged after 5 min %s, within 5 min %s; alerts on no incident %d; ROC-AUC %.3f, AP %.3f\n\n",
		f.Name, r.Detected(), len(r.Incidents), shareText(r.Normal), shareText(r.Benign), shareText(r.BenignEarly), r.FalseAlerts, r.Ranking.ROCAUC, r.Ranking.AP)
}

func shareText(s families.Share) string {
	return fmt.Sprintf("%.3f%% (%d of %d)", 100*s.Rate(), s.Flagged, s.Records)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteMisses writes, for the incidents of fams below TargetFlaggedWithID, what their
// records not flagged with an id of their own are (see families.Misses), and the same
// pooled over all of them: what a change to the detector could still win, and what no
// record-by-record verdict can.
func WriteMisses(w io.Writer, fams []families.Family, reports []families.Report) {
	fmt.Fprintln(w, "## Incident records not flagged with an id of their own (tuning families, incidents below 80%)")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Each record counts once, in the first column that applies: before the incident's first flagged record; flagged, but under an id alerted before the incident or none; unflagged, of a template new with the incident; unflagged, of a template the stream wrote before and that came at most %d times as often during the incident as in the hour before it (routine) or more often (surging).\n\n", families.RoutineGrowth)
	fmt.Fprintln(w, "| family | incident | records | with its id | before detection | flagged otherwise | new template | routine | surging |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	var total families.Misses
	records, withID, n := 0, 0, 0
	pct := func(a, b int) string { return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(max(b, 1))) }
	for i, f := range fams {
		for _, inc := range reports[i].Incidents {
			if inc.ShareFlaggedWithID() >= families.TargetFlaggedWithID {
				continue
			}
			m := inc.Misses
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", f.Name, inc.Name, inc.Records, pct(inc.FlaggedWithID, inc.Records),
				pct(m.BeforeDetection, inc.Records), pct(m.FlaggedOtherwise, inc.Records), pct(m.NewTemplate, inc.Records), pct(m.Routine, inc.Records), pct(m.Surging, inc.Records))
			n++
			records += inc.Records
			withID += inc.FlaggedWithID
			total.BeforeDetection += m.BeforeDetection
			total.FlaggedOtherwise += m.FlaggedOtherwise
			total.NewTemplate += m.NewTemplate
			total.Routine += m.Routine
			total.Surging += m.Surging
		}
	}
	fmt.Fprintf(w, "| all | %d incidents | %d | %d | %d | %d | %d | %d | %d |\n\n", n, records, withID, total.BeforeDetection, total.FlaggedOtherwise, total.NewTemplate, total.Routine, total.Surging)
}
