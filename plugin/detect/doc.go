// Package detect finds anomalous log records. For each stream of records (a tag, a
// container) it turns every record's message, level and event time into a vector of
// features, scores the vector with the stream's Isolation Forest (package forest),
// learns from it, and says whether the record is anomalous and why.
//
// The features, each selectable by name (`features` setting; FeatureNames, FeatureDoc):
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
//
// Levels are read by ParseLevel (level fields) and LevelInText (raw lines); the text
// before a level word in a line's header (time stamps, hosts, pids) is ignored by the
// features.
//
// A Stream scores records as they arrive (see Stream for how it learns and flags); a
// Batch learns from a whole file, then scores it. Both are for one goroutine at a time.
package detect
