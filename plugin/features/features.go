// Package features turns the records of one stream into feature vectors for the stream's
// Isolation Forest, and remembers what it saw so a verdict can be worded. It decides
// nothing: how scores become flags is package verdict's business, how vectors are learned
// package detect's.
//
// The features, each selectable by name (the `features` setting; Names, Doc):
//
//	level        severity: trace/debug count as info 1, notice 1.5, warning 2, error 3,
//	             critical/fatal 4, alert/emergency/panic 5 (INFO=1 ... CRITICAL=4 as in
//	             the original proof of concept)
//	length       message length in characters
//	tokens       number of whitespace-separated tokens
//	rarity       the template is rare: a small share of the records since it was born
//	             and seen fewer than 64 times (log2 scale, 0 for common templates)
//	novelty      the template is new: 1 at its first sighting once the stream has some
//	             history, halving with each sighting, 0 after four
//	burst        the template appears far more often in the last 10 s / 16 records
//	             than its long-run share predicts (log2 ratio)
//
//	             rarity, novelty and burst count only for records that could report a
//	             problem (warning or worse, or alarm words): a new job or a busy hour
//	             brings new and bursting routine lines that are not incidents
//	error_burst  for warning+ records: warnings and errors of the last 10 s / 16 records
//	             against what the stream's long-run share predicts (a new stream is
//	             presumed mostly healthy)
//	numeric      a number of the message is far above the usual values at its position
//	             in the template (robust mean and deviation of log values, remembering
//	             the last 100 values or 30 minutes, whichever is longer, so a gauge
//	             logged every second does not learn a slow leak as usual; a value that
//	             keeps climbing counts double)
//	alarm        distinct alarm words (failed, denied, unauthorized, timeout, exception,
//	             panic, killed, OOM, ...; AlarmWords), at most 3
//	gap          silence before the record, log2 of the gap over the stream's usual gap,
//	             0 unless more than 16 times longer
//
// `features level,length` gives exactly the original proof of concept's vector.
package features

import (
	"fmt"
	"strings"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
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

// ID names one feature; Set holds the selected ones in vector order.
type ID int

// The features, in the order vectors hold them.
const (
	Level ID = iota
	Length
	Tokens
	Rarity
	Novelty
	Burst
	ErrorBurst
	Numeric
	Alarm
	Gap
	numFeatures
)

// Name returns the feature's name as the `features` setting spells it.
func (id ID) Name() string { return featureDefs[id].name }

// featureDef documents one feature. The docs are what the README lists.
type featureDef struct {
	name string
	doc  string
}

var featureDefs = [numFeatures]featureDef{
	Level:      {FeatureLevel, "severity: info 1 (trace and debug count as info), notice 1.5, warning 2, error 3, critical/fatal 4, alert/emergency/panic 5; no level counts as info"},
	Length:     {FeatureLength, "message length in characters (after the header that precedes a level word)"},
	Tokens:     {FeatureTokens, "number of whitespace-separated tokens of the message"},
	Rarity:     {FeatureRarity, "for warning+ records and records with alarm words: the template is rare, log2 of its share of the records since it was born, while it has been seen fewer than 64 times; 0 for common templates; weighted down while the stream itself is young"},
	Novelty:    {FeatureNovelty, "for warning+ records and records with alarm words: the template is new, 1 at its first sighting, halving with each sighting, 0 after four; weighted down while the stream itself is young"},
	Burst:      {FeatureBurst, "for warning+ records and records with alarm words: log2 of the template's count in the last 10 s (at least 16 records) over what its long-run share predicts"},
	ErrorBurst: {FeatureErrorBurst, "for warning+ records: log2 of the warnings and errors of the last 10 s (at least 16 records) over what the stream's long-run share predicts; a new stream is presumed mostly healthy"},
	Numeric:    {FeatureNumeric, "a number far above (or, for a steady quantity other than a duration, far below) the usual values at its position in the template: log2 of its robust z-score over 3, on log(1 + value) with durations in milliseconds, sizes in bytes and bare fractions in thousandths, doubled when it keeps climbing"},
	Alarm:      {FeatureAlarm, "number of distinct alarm words (failed, denied, unauthorized, timeout, exception, panic, killed, OOM, ...), at most 3"},
	Gap:        {FeatureGap, "silence before the record: log2 of the time since the stream's previous record over its usual gap, 0 unless 16 times longer and at least 100 ms (a pause between reads is no silence)"},
}

// Names returns the names of every feature, in the order vectors hold them when all are
// selected.
func Names() []string {
	names := make([]string, numFeatures)
	for i, d := range featureDefs {
		names[i] = d.name
	}
	return names
}

// Doc returns the one-line meaning of a feature, or "" for an unknown name.
func Doc(name string) string {
	for _, d := range featureDefs {
		if d.name == name {
			return d.doc
		}
	}
	return ""
}

// Set is the selected features in vector order: element i is the feature of vector
// element i.
type Set []ID

// Index returns the vector index of feature id, or -1 when it is not selected.
func (s Set) Index(id ID) int {
	for i, x := range s {
		if x == id {
			return i
		}
	}
	return -1
}

// Names returns the names of the set's features, in vector order.
func (s Set) Names() []string {
	names := make([]string, len(s))
	for i, id := range s {
		names[i] = id.Name()
	}
	return names
}

// Parse resolves the `features` setting: names (case-insensitive, spaces ignored; an
// element may itself be a comma-separated list) or "all". The result keeps the order of
// Names whatever the order given, so the same set always gives the same vector layout.
// An empty list means all. The error names the feature and the accepted names.
func Parse(list []string) (Set, error) {
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
				return nil, fmt.Errorf("unknown feature %q; accepted: %s, or %s", name, strings.Join(Names(), ", "), FeaturesAll)
			}
			on[id] = true
		}
	}
	ids := make(Set, 0, numFeatures)
	for i, v := range on {
		if v || !any {
			ids = append(ids, ID(i))
		}
	}
	return ids, nil
}

func featureByName(name string) (ID, bool) {
	for i, d := range featureDefs {
		if d.name == name {
			return ID(i), true
		}
	}
	return 0, false
}

// ReferenceRange is the range of values package detect shows the forest for a feature in
// its reference vectors: [0, SurpriseBound] for the surprise features, and for the level
// from info to alert, so that a stream which has only ever logged at info still learns
// that an error is far from its records; ok is false for the features that describe a
// record's shape (length, tokens, alarm words).
func ReferenceRange(id ID) (lo, hi float64, ok bool) {
	if b := SurpriseBound(id); b > 0 {
		return 0, b, true
	}
	if id == Level {
		return record.LevelInfo.Score(), record.LevelAlert.Score(), true
	}
	return 0, 0, false
}

// SurpriseBound is the top of the range in which a surprise feature is learned (package
// detect shows the forest reference vectors with values up to it): 1 for novelty, 2 for
// the log-scaled ones (2^8 times beyond their quiet zone covers every incident we have
// seen), 0 for the features that describe a record rather than measure surprise. The
// forest isolates a value beyond it no better than one at it, which is why the numeric
// prior (package verdict) takes over there.
func SurpriseBound(id ID) float64 {
	switch id {
	case Novelty:
		return 1
	case Rarity, Burst, ErrorBurst, Numeric, Gap:
		return 2
	}
	return 0
}
