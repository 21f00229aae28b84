// Package families generates synthetic log families for a generalization protocol: each
// family is a different service writing about three hours of logs in its own format, at
// the rates real services log (10-50 records/s), with the background every real service
// has (routine warnings and errors, ids, user names, addresses, numbers with natural
// variance, periodic gauges, counters that reset or cycle), benign changes (deploys,
// traffic ramps, batch jobs, configuration reloads, scale-outs, log-level changes) and
// incidents of varied kinds, from one record to tens of minutes.
//
// Every line carries its ground truth: the incident it belongs to, or the benign change
// and when that change started. What is measured is what users receive: the annotations
// the plugin emits for each line (see Measure), against these targets:
//
//   - every incident detected (at least one of its records flagged);
//   - at least 80% of each incident's records flagged and carrying an incident id of
//     its own: one whose alert went out at or after the incident's first record (below),
//     so that the id users were alerted with finds them, not one an earlier episode
//     opened and kept open;
//   - one or two alerts per incident of its own, as the alerting recipe sends them: the
//     incident ids among its flagged records whose alert went out at or after the
//     incident's first record (again when an id escalates to critical), a flagged record
//     without an id counting as an alert of its own;
//   - at most 0.1% of normal records flagged, and at most 0.1% of a benign change's
//     records once the change is 5 minutes old (its first 5 minutes are reported, not
//     held to a target).
//
// Each family has a Role. The detector is changed while looking at Tuning families only;
// Holdout families are reported on their own, as a check that what was learnt on the
// tuning families holds on logs nobody tuned on. A holdout family's incidents are
// described in its own file and nowhere else; reports name them by number.
//
// The generators are written without regard to the detector: they import nothing of it.
// The same seed gives the same lines.
package families

import "time"

// Role says whether a family may guide changes to the detector.
type Role string

const (
	// Tuning families may be looked at closely while changing the detector.
	Tuning Role = "tuning"
	// Holdout families are only reported; their incidents are named by number.
	Holdout Role = "holdout"
)

// Line is one log line as a file holds it, with its ground truth.
type Line struct {
	// At is the line's event time, which its text shows to its format's precision
	// (continuation lines of a multi-line entry show none and have their entry's time).
	At time.Time
	// Text is the line without its end of line.
	Text string
	// Incident names the incident the line belongs to, "" for none.
	Incident string
	// Change names the benign change the line belongs to, "" for none; ChangeStart is
	// when that change started. A line of an incident has no change.
	Change      string
	ChangeStart time.Time
}

// BenignChangeGrace is how long a benign change may be reported: its records are held to
// the false-positive target from this long after its start.
const BenignChangeGrace = 5 * time.Minute

// Family is a generator of one service's logs.
type Family struct {
	// Name is short and unique.
	Name string
	Role Role
	// Service says what service and format the lines are.
	Service string
	// Lines generates the family's lines with the given seed, in file order.
	Lines func(seed int64) []Line
}

// All returns every family, tuning families first, in a fixed order.
func All() []Family {
	return []Family{payments, ordersAPI, webEdge, k8sController, pyWorker, gateway, mongo, elastic, nodeAPI, dotnet, envoy, kafka, node, rails, rabbitmq, vault, airflow, keycloak, cassandra, laravel, shipping, haproxy, phoenix, coredns, invoicing, redis, clickhouse, argocd, postgres, traefik, notifications, ingressNginx, mailServer, iis, holdout2, holdout3, holdout8, holdout14, holdout15, holdout16, holdout18, holdout22, holdout23, holdout24, holdout26, holdout27}
}

// ByRole returns the families of one role, in the order of All.
func ByRole(r Role) []Family {
	var out []Family
	for _, f := range All() {
		if f.Role == r {
			out = append(out, f)
		}
	}
	return out
}
