package engine

import (
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// scoreScale rounds the annotated score to four decimals: finer than any threshold a user
// sets, shorter to store, and the same on every machine (the last bits of a sum of floats
// may differ with the CPU's fused multiply-add).
const scoreScale = 1e4

// Values of the annotation's status field.
const (
	statusLearning = "learning"
	statusScored   = "scored"
)

// annotator encodes a detector result as the pairs added to a record body: one map under
// the annotation key (anomaly.score, anomaly.flag, ...) or, flattened, top-level keys
// (anomaly_score, anomaly_flag, ...) for backends that prefer them.
type annotator struct {
	key     string
	flatten bool
	// Flattened key names, built once.
	score, flag, status, template, templateID, reasons, incident, incidentStart, level string
}

func newAnnotator(key string, flatten bool) annotator {
	a := annotator{key: key, flatten: flatten, score: "score", flag: "flag", status: "status",
		template: "template", templateID: "template_id", reasons: "reasons",
		incident: "incident", incidentStart: "incident_start", level: "level"}
	if flatten {
		a.score, a.flag, a.status = key+"_score", key+"_flag", key+"_status"
		a.template, a.templateID, a.reasons = key+"_template", key+"_template_id", key+"_reasons"
		a.incident, a.incidentStart, a.level = key+"_incident", key+"_incident_start", key+"_level"
	}
	return a
}

// appendPairs appends the annotation of r to dst and returns how many body pairs it adds.
// A record still learning carries no score: a 0 would read as "normal" in a dashboard.
func (a *annotator) appendPairs(dst []byte, r *detect.Result) ([]byte, int) {
	fields := 3 // flag, status, template id
	if !r.Learning {
		fields++
	}
	if r.Template != "" {
		fields++
	}
	withReasons := r.Flag && len(r.Reasons) > 0
	if withReasons {
		fields++
	}
	withIncident := r.Flag && r.Incident != ""
	if withIncident {
		fields++
		if r.IncidentStart {
			fields++
		}
	}
	withLevel := r.Flag && r.Level != record.LevelUnknown
	if withLevel {
		fields++
	}
	if !a.flatten {
		dst = chunk.AppendString(dst, a.key)
		dst = chunk.AppendMapHeader(dst, fields)
	}
	if !r.Learning {
		dst = chunk.AppendString(dst, a.score)
		dst = chunk.AppendFloat64(dst, math.Round(r.Score*scoreScale)/scoreScale)
	}
	dst = chunk.AppendString(dst, a.flag)
	dst = chunk.AppendBool(dst, r.Flag)
	dst = chunk.AppendString(dst, a.status)
	if r.Learning {
		dst = chunk.AppendString(dst, statusLearning)
	} else {
		dst = chunk.AppendString(dst, statusScored)
	}
	if r.Template != "" {
		dst = chunk.AppendString(dst, a.template)
		dst = chunk.AppendString(dst, r.Template)
	}
	dst = chunk.AppendString(dst, a.templateID)
	dst = chunk.AppendString(dst, r.TemplateID)
	if withReasons {
		dst = chunk.AppendString(dst, a.reasons)
		dst = chunk.AppendArrayHeader(dst, len(r.Reasons))
		for _, reason := range r.Reasons {
			dst = chunk.AppendString(dst, reason)
		}
	}
	if withIncident {
		dst = chunk.AppendString(dst, a.incident)
		dst = chunk.AppendString(dst, r.Incident)
		if r.IncidentStart {
			dst = chunk.AppendString(dst, a.incidentStart)
			dst = chunk.AppendBool(dst, true)
		}
	}
	if withLevel {
		dst = chunk.AppendString(dst, a.level)
		dst = chunk.AppendString(dst, r.Level.String())
	}
	if a.flatten {
		return dst, fields
	}
	return dst, 1
}
