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
	fLevel:      {FeatureLevel, "severity: info 1 (trace and debug count as info), notice 1.5, warning 2, error 3, critical/fatal 4, alert/emergency/panic 5; no level counts as info"},
	fLength:     {FeatureLength, "message length in characters (after the header that precedes a level word)"},
	fTokens:     {FeatureTokens, "number of whitespace-separated tokens of the message"},
	fRarity:     {FeatureRarity, "for warning+ records and records with alarm words: the template is rare, log2 of its share of the records since it was born, while it has been seen fewer than 64 times; 0 for common templates; weighted down while the stream itself is young"},
	fNovelty:    {FeatureNovelty, "for warning+ records and records with alarm words: the template is new, 1 at its first sighting, halving with each sighting, 0 after four; weighted down while the stream itself is young"},
	fBurst:      {FeatureBurst, "for warning+ records and records with alarm words: log2 of the template's count in the last 10 s (at least 16 records) over what its long-run share predicts"},
	fErrorBurst: {FeatureErrorBurst, "for warning+ records: log2 of the warnings and errors of the last 10 s (at least 16 records) over what the stream's long-run share predicts; a new stream is presumed mostly healthy"},
	fNumeric:    {FeatureNumeric, "a number far above the usual values at its position in the template: log2 of its robust z-score over 3, doubled when it keeps climbing; durations in seconds, sizes in bytes"},
	fAlarm:      {FeatureAlarm, "number of distinct alarm words (failed, denied, unauthorized, timeout, exception, panic, killed, OOM, ...), at most 3"},
	fGap:        {FeatureGap, "silence before the record: log2 of the time since the stream's previous record over its usual gap, 0 unless 16 times longer"},
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
