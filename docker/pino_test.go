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

// TestPinoTime runs fluent-bit/pino_time.lua as fluent-bit/pino.conf's lua filter does
// (Time_as_Table On): every record of the pino sample gets the time its epoch
// milliseconds say, to the millisecond, and a record without such a time (none, an ISO
// text, a fraction, a negative number) passes unchanged.
func TestPinoTime(t *testing.T) {
	root := repoRoot(t)
	L := lua.NewState()
	t.Cleanup(L.Close)
	if err := L.DoFile(filepath.Join(root, "fluent-bit/pino_time.lua")); err != nil {
		t.Fatal(err)
	}
	read := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) // when Fluent Bit read the line
	call := func(record map[string]any) (int, time.Time) {
		t.Helper()
		ts := L.NewTable()
		ts.RawSetString("sec", lua.LNumber(read.Unix()))
		ts.RawSetString("nsec", lua.LNumber(0))
		if err := L.CallByParam(lua.P{Fn: L.GetGlobal("pino_time"), NRet: 3, Protect: true},
			lua.LString("app.pino"), ts, toLua(L, record)); err != nil {
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

	f, err := os.Open(filepath.Join(root, "fluent-bit/logs/pino.log"))
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
		want := time.UnixMilli(int64(record["time"].(float64))).UTC()
		if code, got := call(record); code != 1 || !got.Equal(want) {
			t.Fatalf("line %d: %d, %v; want 1, %v", lines+1, code, got, want)
		}
	}
	if lines < 100 {
		t.Fatalf("the sample holds %d lines", lines)
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
