package docker

import (
	"testing"
	"time"
)

// TestMongoDBTime runs fluent-bit/mongodb_time.lua as fluent-bit/mongodb.conf's lua
// filter does (Time_as_Table On): every record of the MongoDB sample gets the time its
// t.$date says, to the nanosecond, and so do the other forms MongoDB writes (UTC with
// Z, another offset); a record without such a time passes unchanged.
func TestMongoDBTime(t *testing.T) {
	call := luaTimeFilter(t, "mongodb_time.lua", "mongodb_time")
	read := luaReadTime
	date := func(s string) map[string]any { return map[string]any{"t": map[string]any{"$date": s}, "msg": "x"} }

	for i, record := range sampleRecords(t, "mongod.log") {
		want, err := time.Parse(time.RFC3339Nano, record["t"].(map[string]any)["$date"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if code, got := call(record); code != 1 || !got.Equal(want) {
			t.Fatalf("line %d: %d, %v; want 1, %v", i+1, code, got, want)
		}
	}

	for in, want := range map[string]time.Time{
		"2024-05-07T11:05:03.220Z":      time.Date(2024, 5, 7, 11, 5, 3, 220e6, time.UTC),
		"2024-05-07T13:05:03.220+02:00": time.Date(2024, 5, 7, 11, 5, 3, 220e6, time.UTC),
		"2024-02-29T19:00:00.5-05:00":   time.Date(2024, 3, 1, 0, 0, 0, 500e6, time.UTC),
		"1999-12-31T23:59:59Z":          time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		if code, got := call(date(in)); code != 1 || !got.Equal(want) {
			t.Errorf("%s: %d, %v; want 1, %v", in, code, got, want)
		}
	}
	for _, record := range []map[string]any{
		{"msg": "no time"},
		{"t": "2024-05-07T11:05:03.220Z", "msg": "a time not nested"},
		date("yesterday"),
		date("2024-05-07T11:05:03.220+0x:00"),
	} {
		if code, got := call(record); code != 0 || !got.Equal(read) {
			t.Errorf("%v: %d, %v; want it unchanged", record, code, got)
		}
	}
}
