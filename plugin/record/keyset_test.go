package record

import (
	"strings"
	"testing"
)

// A keySet answers as a loop of strings.EqualFold over its names does, for ASCII keys in
// any case, long keys and keys whose letters fold to ASCII ones.
func TestKeySetMatchesEqualFold(t *testing.T) {
	set := newKeySet(timeKeys, autoLevelKeys)
	keys := []string{"level", "LEVEL", "Level", "severity_text", "SEVERITYTEXT", "ts", "TS", "t", "@timestamp",
		"__realtime_timestamp", "_SOURCE_REALTIME_TIMESTAMP", "service", "msg", "", "log.level", "log_level",
		"\u017fEVERITY", "\u212A", "lvl\u212A", strings.Repeat("x", 40), "levelx", "leve", "Time", "tïme", "PRIORITY"}
	for _, k := range keys {
		want := false
		for _, l := range [][]string{timeKeys, autoLevelKeys} {
			for _, name := range l {
				want = want || strings.EqualFold(k, name)
			}
		}
		if got := set.has(k); got != want {
			t.Errorf("%q: has %v, EqualFold %v", k, got, want)
		}
	}
	if !set.has("\u017fEVERITY") {
		t.Error("the long s folds to s: \u017fEVERITY is SEVERITY")
	}
}
