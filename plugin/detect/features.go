package detect

import (
	"fmt"
	"strings"
)

// Feature names, as the `features` setting spells them.
const (
	FeatureLevel      = "level"
	FeatureLength     = "length"
	FeatureTokens     = "tokens"
	FeatureRarity     = "rarity"
	FeatureNovelty    = "novelty"
	FeatureBurst      = "burst"
	FeatureErrorBurst = "error_burst"
	FeatureNumeric    = "numeric"
	FeatureAlarm      = "alarm"
	FeatureGap        = "gap"

	// FeaturesAll selects every feature.
	FeaturesAll = "all"
)

// featureID indexes featureDefs.
type featureID int

const (
	fLevel featureID = iota
	fLength
	fTokens
	fRarity
	fNovelty
	fBurst
	fErrorBurst
	fNumeric
	fAlarm
	fGap
	numFeatures
)

// featureDef documents one feature. The docs are what the README lists.
type featureDef struct {
	name string
	doc  string
}

var featureDefs = [numFeatures]featureDef{
	fLevel:      {FeatureLevel, "severity on one scale: trace 0, debug 0.5, info 1, notice 1.5, warning 2, error 3, critical/fatal 4, alert/emergency 5 (no level: 1)"},
	fLength:     {FeatureLength, "message length in characters"},
	fTokens:     {FeatureTokens, "number of whitespace-separated tokens of the message"},
	fRarity:     {FeatureRarity, "how rare the record's template is in its stream: log2(records / records of this template), counts decaying over the last ~16k records"},
	fNovelty:    {FeatureNovelty, "how new the template is: 1/(times seen), weighted by how much of the stream had been seen before the template first appeared (0 for templates of a stream's first records)"},
	fBurst:      {FeatureBurst, "template burst: log2 of the template's count in the last minute (event time) over the count its long-run rate predicts, 0 unless at least twice that"},
	fErrorBurst: {FeatureErrorBurst, "error burst, for warning-or-worse records: log2 of the warning+ records of the last minute over what the stream's long-run share predicts (a new stream is presumed mostly healthy)"},
	fNumeric:    {FeatureNumeric, "how far the record's numbers are from the usual values of the same template position (robust z-score of log values; durations and sizes in base units), 0 within 3 deviations"},
	fAlarm:      {FeatureAlarm, "number of distinct alarm words (failed, denied, unauthorized, timeout, exception, panic, killed, OOM, ...; see AlarmWords), at most 3"},
	fGap:        {FeatureGap, "silence before the record: log2 of the time since the stream's previous record over its usual gap, 0 unless longer than usual"},
}

// FeatureNames returns the names of every feature, in the order vectors hold them when
// all are selected.
func FeatureNames() []string {
	names := make([]string, numFeatures)
	for i, d := range featureDefs {
		names[i] = d.name
	}
	return names
}

// FeatureDoc returns the one-line meaning of a feature, or "" for an unknown name.
func FeatureDoc(name string) string {
	for _, d := range featureDefs {
		if d.name == name {
			return d.doc
		}
	}
	return ""
}

// parseFeatures resolves the `features` setting: names (case-insensitive, spaces
// ignored; an element may itself be a comma-separated list) or "all". The result keeps
// featureDefs order whatever the order given, so the same set always gives the same
// vector layout. An empty list means all.
func parseFeatures(list []string) ([]featureID, error) {
	var on [numFeatures]bool
	any := false
	for _, item := range list {
		for _, name := range strings.Split(item, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			any = true
			if name == FeaturesAll {
				for i := range on {
					on[i] = true
				}
				continue
			}
			id, ok := featureByName(name)
			if !ok {
				return nil, fmt.Errorf("features: unknown feature %q; accepted: %s, or %s", name, strings.Join(FeatureNames(), ", "), FeaturesAll)
			}
			on[id] = true
		}
	}
	ids := make([]featureID, 0, numFeatures)
	for i, v := range on {
		if v || !any {
			ids = append(ids, featureID(i))
		}
	}
	return ids, nil
}

func featureByName(name string) (featureID, bool) {
	for i, d := range featureDefs {
		if d.name == name {
			return featureID(i), true
		}
	}
	return 0, false
}
