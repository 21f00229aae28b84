package detect

import (
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// The levels under short names, as the tests use them.
type Level = record.Level

const (
	LevelUnknown  = record.LevelUnknown
	LevelDebug    = record.LevelDebug
	LevelInfo     = record.LevelInfo
	LevelWarning  = record.LevelWarning
	LevelError    = record.LevelError
	LevelCritical = record.LevelCritical
)

// LevelInText is record.LevelInText.
func LevelInText(s string) Level { return record.LevelInText(s) }

// rec is a line as package record reads a text record (its header before the level word
// cut), with the level and event time given.
func textRec(msg string, level Level, at time.Time) *record.Record {
	var r record.Record
	record.FromText(msg, &r)
	r.Level, r.Time = level, at
	return &r
}
