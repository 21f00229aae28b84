package docker

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// TestMongoDBTime runs fluent-bit/mongodb_time.lua as fluent-bit/mongodb.conf's lua
// filter does (Time_as_Table On): every record of the MongoDB sample gets the time its
// t.$date says, to the nanosecond, and so do the other forms MongoDB writes (UTC with
// Z, another offset); a record without such a time passes unchanged.
func TestMongoDBTime(t *testing.T) {
	root := repoRoot(t)
	L := lua.NewState()
	t.Cleanup(L.Close)
	if err := L.DoFile(filepath.Join(root, "fluent-bit/mongodb_time.lua")); err != nil {
		t.Fatal(err)
	}
	read := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) // when Fluent Bit read the line
	call := func(record map[string]any) (int, time.Time) {
		t.Helper()
		ts := L.NewTable()
		ts.RawSetString("sec", lua.LNumber(read.Unix()))
		ts.RawSetString("nsec", lua.LNumber(0))
		if err := L.CallByParam(lua.P{Fn: L.GetGlobal("mongodb_time"), NRet: 3, Protect: true},
			lua.LString("app.mongodb"), ts, toLua(L, record)); err != nil {
			t.Fatal(err)
		}
		defer L.Pop(3)
		code := int(lua.LVAsNumber(L.Get(-3)))
		out, ok := L.Get(-2).(*lua.LTable)
		if !ok {
			t.Fatalf("%v: the time returned is %v, want a table", record, L.Get(-2))
		}
		return code, time.Unix(int64(lua.LVAsNumber(out.RawGetString("sec"))), int64(lua.LVAsNumber(out.RawGetString("nsec")))).UTC()
	}
	date := func(s string) map[string]any { return map[string]any{"t": map[string]any{"$date": s}, "msg": "x"} }

	f, err := os.Open(filepath.Join(root, "fluent-bit/logs/mongod.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := 0
	for sc := bufio.NewScanner(f); sc.Scan(); lines++ {
		var record map[string]any
		if err := json.Unmarshal(sc.Bytes(), &record); err != nil {
			t.Fatal(err)
		}
		want, err := time.Parse(time.RFC3339Nano, record["t"].(map[string]any)["$date"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if code, got := call(record); code != 1 || !got.Equal(want) {
			t.Fatalf("line %d: %d, %v; want 1, %v", lines+1, code, got, want)
		}
	}
	if lines < 100 {
		t.Fatalf("the sample holds %d lines", lines)
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
