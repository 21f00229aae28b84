package docker

import (
	"testing"
	"time"
)

// TestPinoTime runs fluent-bit/pino_time.lua as fluent-bit/pino.conf's lua filter does
// (Time_as_Table On): every record of the pino sample gets the time its epoch
// milliseconds say, to the millisecond, and a record without such a time (none, an ISO
// text, a fraction, a negative number) passes unchanged.
func TestPinoTime(t *testing.T) {
	call := luaTimeFilter(t, "pino_time.lua", "pino_time")
	read := luaReadTime
	for i, record := range sampleRecords(t, "pino.log") {
		want := time.UnixMilli(int64(record["time"].(float64))).UTC()
		if code, got := call(record); code != 1 || !got.Equal(want) {
			t.Fatalf("line %d: %d, %v; want 1, %v", i+1, code, got, want)
		}
	}
	if code, got := call(map[string]any{"time": float64(1718092800999)}); code != 1 || !got.Equal(time.Date(2024, 6, 11, 8, 0, 0, 999e6, time.UTC)) {
		t.Errorf("1718092800999: %d, %v", code, got)
	}
	for _, record := range []map[string]any{
		{"msg": "no time"},
		{"time": "2024-06-11T08:00:00.123Z", "msg": "an ISO time, which a parser reads"},
		{"time": 1718092800.5, "msg": "a fraction"},
		{"time": float64(-1), "msg": "before the epoch"},
	} {
		if code, got := call(record); code != 0 || !got.Equal(read) {
			t.Errorf("%v: %d, %v; want it unchanged", record, code, got)
		}
	}
}
