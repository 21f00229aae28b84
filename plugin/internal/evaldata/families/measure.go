package families

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata"
)

// Targets of the protocol (see the package documentation).
const (
	TargetFlaggedWithID  = 0.80  // least share of an incident's records flagged with an incident id of its own
	TargetAlerts         = 2     // most alerts per incident
	TargetFalsePositives = 0.001 // most share of normal records, and of benign-change records after BenignChangeGrace, flagged
)

// Annotation is what the protocol reads of the annotation emitted for one line.
type Annotation struct {
	// Score is anomaly.score, 0 while the stream is learning.
	Score float64
	// Flag is anomaly.flag.
	Flag bool
	// Learning is anomaly.status == "learning".
	Learning bool
	// Incident is anomaly.incident, "" when absent.
	Incident string
	// Critical says that anomaly.level pages (see Pages).
	Critical bool
	// TemplateID is anomaly.template_id, "" when absent (see Misses).
	TemplateID string
}

// Pages reports whether the alerting recipe (fluent-bit/alertmanager.lua) gives a record
// of this anomaly.level the critical severity, which re-alerts an incident alerted at
// warning.
func Pages(level string) bool {
	switch strings.ToLower(level) {
	case "critical", "crit", "fatal", "alert", "emergency", "emerg", "panic":
		return true
	}
	return false
}

// IncidentResult is what users received for the records of one incident.
type IncidentResult struct {
	Name string
	// Records is how many lines the incident has; Flagged how many of them were
	// flagged, FlaggedWithID how many were flagged and carry an incident id of its own:
	// one whose alert went out at or after the incident's first record (see Alerts), so
	// that the id users were alerted with finds them.
	Records, Flagged, FlaggedWithID int
	// Alerts is how many alerts the alerting recipe (fluent-bit/alertmanager.lua) sends
	// for the incident (an alert sent again while its incident goes on is the same
	// alert): the distinct incident ids among its flagged records whose alert
	// was sent at or after the incident's first record (the id's first flagged record,
	// or its first critical one when it opened at warning: the recipe then sends the
	// worse alert), each flagged record without an id counting as one. Absorbed counts
	// its flagged records whose id alerted only before (on other records): they tell
	// users nothing new, and a query for the id they were alerted with misses them.
	Alerts, Absorbed int
	// First is the time of its first record, FirstFlagged of its first flagged one
	// (zero when none is).
	First, FirstFlagged time.Time
	// Last is the time of its last record.
	Last time.Time
	// Misses says what its records not flagged with an id of its own are.
	Misses Misses
}

// Misses sorts the records of an incident that are not flagged with an incident id of
// its own, to show what stands between it and TargetFlaggedWithID. Each record counts
// once, in the first of these that applies.
type Misses struct {
	// BeforeDetection counts the records before the incident's first flagged one.
	BeforeDetection int
	// FlaggedOtherwise counts the later records flagged without such an id: under an id
	// alerted before the incident (Absorbed), or without one.
	FlaggedOtherwise int
	// NewTemplate counts the later unflagged records of a template the stream first wrote
	// during the incident.
	NewTemplate int
	// Routine counts the later unflagged records of a template the stream wrote before
	// the incident and that came no more than RoutineGrowth times as often during it as
	// in the hour before it: read one by one, they are the stream's routine lines (a
	// task's "received" line before its slow "succeeded" one, the requests a slow
	// dependency delays). Surging counts those of such a template that came more often.
	Routine, Surging int
}

// RoutineGrowth is the growth of a template's rate, from the hour before an incident to
// the incident, up to which its unflagged records count as Misses.Routine.
const RoutineGrowth = 2

// Detected reports whether at least one of the incident's records was flagged.
func (r IncidentResult) Detected() bool { return r.Flagged > 0 }

// Delay is the time from the incident's first record to its first flagged record.
func (r IncidentResult) Delay() time.Duration { return r.FirstFlagged.Sub(r.First) }

// ShareFlaggedWithID is the share of the incident's records flagged with an incident id
// of its own.
func (r IncidentResult) ShareFlaggedWithID() float64 { return share(r.FlaggedWithID, r.Records) }

// ShareFlagged is the share of the incident's records flagged, with or without an id.
func (r IncidentResult) ShareFlagged() float64 { return share(r.Flagged, r.Records) }

// FewAlerts reports whether the incident raised at least one alert of its own and at
// most TargetAlerts.
func (r IncidentResult) FewAlerts() bool { return r.Alerts >= 1 && r.Alerts <= TargetAlerts }

// MeetsTargets reports whether the incident was detected, flagged with an id of its own
// on at least TargetFlaggedWithID of its records, and raised one to TargetAlerts alerts.
func (r IncidentResult) MeetsTargets() bool {
	return r.Detected() && r.ShareFlaggedWithID() >= TargetFlaggedWithID && r.FewAlerts()
}

// Share counts flagged records among some records.
type Share struct{ Flagged, Records int }

// Rate is Flagged/Records, 0 when there are no records.
func (s Share) Rate() float64 { return share(s.Flagged, s.Records) }

func (s *Share) add(o Share) { s.Flagged += o.Flagged; s.Records += o.Records }

func (s *Share) count(flag bool) {
	s.Records++
	if flag {
		s.Flagged++
	}
}

// Report is what one family's annotations measure.
type Report struct {
	Lines int
	// Incidents in the order of their first record.
	Incidents []IncidentResult
	// Normal counts the lines of neither an incident nor a benign change.
	Normal Share
	// Benign counts the lines of benign changes once BenignChangeGrace has passed since
	// their change's start; BenignEarly those within it (reported, no target).
	Benign, BenignEarly Share
	// FalseAlerts counts the alerts the recipe sent on lines of no incident (normal or
	// benign-change lines): an id's first flagged record, its escalation to critical, or
	// a flagged record without an id. They are what a false flag costs the people on
	// call, beyond the flag itself.
	FalseAlerts int
	// Ranking is how anomaly.score ranks incident lines above all others, per line.
	Ranking evaldata.Ranking
}

// Detected counts the incidents detected.
func (r Report) Detected() int {
	n := 0
	for _, inc := range r.Incidents {
		if inc.Detected() {
			n++
		}
	}
	return n
}

// Measure compares the annotations emitted for lines, in order, with the lines' ground
// truth.
func Measure(lines []Line, ann []Annotation) (Report, error) {
	if len(lines) != len(ann) {
		return Report{}, fmt.Errorf("families: %d annotations for %d lines", len(ann), len(lines))
	}
	r := Report{Lines: len(lines)}
	// When the recipe last alerted on each incident id: at its first flagged record, and
	// again at its first critical one if it opened at warning.
	alerted := map[string]time.Time{}
	paged := map[string]bool{}
	alertedAt := make([]time.Time, len(lines)) // the id's latest alert as of each line
	for i, a := range ann {
		if !a.Flag {
			continue
		}
		if a.Incident == "" {
			if lines[i].Incident == "" {
				r.FalseAlerts++
			}
			continue
		}
		if _, ok := alerted[a.Incident]; !ok || (a.Critical && !paged[a.Incident]) {
			alerted[a.Incident] = lines[i].At
			paged[a.Incident] = paged[a.Incident] || a.Critical
			if lines[i].Incident == "" {
				r.FalseAlerts++
			}
		}
		alertedAt[i] = alerted[a.Incident]
	}
	at := map[string]int{}
	ids := map[string]map[string]bool{} // incident -> the alerts (id and time) among its flagged records
	scores := make([]float64, len(lines))
	labels := make([]bool, len(lines))
	for i, l := range lines {
		a := ann[i]
		if !a.Learning {
			scores[i] = a.Score
		}
		switch {
		case l.Incident != "":
			labels[i] = true
			k, ok := at[l.Incident]
			if !ok {
				k = len(r.Incidents)
				at[l.Incident] = k
				r.Incidents = append(r.Incidents, IncidentResult{Name: l.Incident, First: l.At})
				ids[l.Incident] = map[string]bool{}
			}
			inc := &r.Incidents[k]
			inc.Records++
			inc.Last = l.At
			if !a.Flag {
				continue
			}
			if inc.Flagged == 0 {
				inc.FirstFlagged = l.At
			}
			inc.Flagged++
			if a.Incident == "" {
				inc.Alerts++
				continue
			}
			if alertedAt[i].Before(inc.First) {
				inc.Absorbed++
				continue
			}
			inc.FlaggedWithID++
			// An id's escalation to critical is an alert of its own.
			if alert := a.Incident + alertedAt[i].String(); !ids[l.Incident][alert] {
				ids[l.Incident][alert] = true
				inc.Alerts++
			}
		case l.Change != "":
			if l.At.Before(l.ChangeStart.Add(BenignChangeGrace)) {
				r.BenignEarly.count(a.Flag)
			} else {
				r.Benign.count(a.Flag)
			}
		default:
			r.Normal.count(a.Flag)
		}
	}
	r.Ranking = evaldata.Rank(scores, labels)
	r.countMisses(lines, ann, alertedAt, at)
	return r, nil
}

// countMisses fills in each incident's Misses (see there), which Measure's pass cannot:
// a template's rate during an incident is known once the incident's last record is.
// alertedAt and at are Measure's: each line's latest alert of its id, and each
// incident's index in r.Incidents.
func (r *Report) countMisses(lines []Line, ann []Annotation, alertedAt []time.Time, at map[string]int) {
	firstSeen := map[string]int{} // template id -> its first line
	times := map[string][]time.Time{}
	for i, a := range ann {
		if _, ok := firstSeen[a.TemplateID]; !ok {
			firstSeen[a.TemplateID] = i
		}
		times[a.TemplateID] = append(times[a.TemplateID], lines[i].At)
	}
	firstLine := map[string]int{}
	detected := map[string]bool{}
	routine := map[[2]string]bool{} // (incident, template) -> grew no more than RoutineGrowth
	for i, l := range lines {
		if l.Incident == "" {
			continue
		}
		inc := &r.Incidents[at[l.Incident]]
		if _, ok := firstLine[l.Incident]; !ok {
			firstLine[l.Incident] = i
		}
		a := ann[i]
		detected[l.Incident] = detected[l.Incident] || a.Flag
		m := &inc.Misses
		switch {
		case a.Flag && a.Incident != "" && !alertedAt[i].Before(inc.First):
			// Flagged with an id of its own.
		case !detected[l.Incident]:
			m.BeforeDetection++
		case a.Flag:
			m.FlaggedOtherwise++
		case firstSeen[a.TemplateID] >= firstLine[l.Incident]:
			m.NewTemplate++
		default:
			key := [2]string{l.Incident, a.TemplateID}
			grew, ok := routine[key]
			if !ok {
				grew = templateGrowth(times[a.TemplateID], inc.First, inc.Last) <= RoutineGrowth
				routine[key] = grew
			}
			if grew {
				m.Routine++
			} else {
				m.Surging++
			}
		}
	}
}

// templateGrowth is how many times as often a template whose lines came at ts (in
// order) came from first to last as in the hour before first (an incident shorter than
// a minute is taken as a minute).
func templateGrowth(ts []time.Time, first, last time.Time) float64 {
	count := func(from, to time.Time) int { // lines in [from, to]
		lo := sort.Search(len(ts), func(i int) bool { return !ts[i].Before(from) })
		hi := sort.Search(len(ts), func(i int) bool { return ts[i].After(to) })
		return hi - lo
	}
	span := max(last.Sub(first), time.Minute)
	during := float64(count(first, last)) / span.Seconds()
	before := float64(count(first.Add(-time.Hour), first.Add(-time.Nanosecond))) / time.Hour.Seconds()
	if before == 0 {
		return math.Inf(1)
	}
	return during / before
}

// Summary pools the reports of several families.
type Summary struct {
	Families int
	// Incidents counts the incidents; Detected those detected, WithID those flagged with
	// an id of their own on at least TargetFlaggedWithID of their records, FewAlerts those that
	// raised one to TargetAlerts alerts of their own, MeetingTargets those meeting all
	// three.
	Incidents, Detected, WithID, FewAlerts, MeetingTargets int
	Normal, Benign, BenignEarly                            Share
	// FalseAlerts sums the families' alerts on lines of no incident.
	FalseAlerts int
	// MeanROCAUC and MeanAP average the families' per-line rankings.
	MeanROCAUC, MeanAP float64
}

// Summarize pools reports.
func Summarize(reports []Report) Summary {
	s := Summary{Families: len(reports)}
	ranked := 0
	for _, r := range reports {
		for _, inc := range r.Incidents {
			s.Incidents++
			if inc.Detected() {
				s.Detected++
				if inc.FewAlerts() {
					s.FewAlerts++
				}
			}
			if inc.ShareFlaggedWithID() >= TargetFlaggedWithID {
				s.WithID++
			}
			if inc.MeetsTargets() {
				s.MeetingTargets++
			}
		}
		s.Normal.add(r.Normal)
		s.Benign.add(r.Benign)
		s.BenignEarly.add(r.BenignEarly)
		s.FalseAlerts += r.FalseAlerts
		if !math.IsNaN(r.Ranking.ROCAUC) {
			s.MeanROCAUC += r.Ranking.ROCAUC
			s.MeanAP += r.Ranking.AP
			ranked++
		}
	}
	if ranked > 0 {
		s.MeanROCAUC /= float64(ranked)
		s.MeanAP /= float64(ranked)
	}
	return s
}

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
