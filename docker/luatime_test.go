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

// luaReadTime is when Fluent Bit read a line, the timestamp a time filter is handed.
var luaReadTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// luaTimeFilter loads a lua script of fluent-bit/ that sets a record's event time (with
// Time_as_Table On, as its configuration runs it) and returns a call of its function fn
// on one record: the code it returns (1 changed, 0 unchanged) and the time.
func luaTimeFilter(t *testing.T, script, fn string) func(record map[string]any) (int, time.Time) {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	if err := L.DoFile(filepath.Join(repoRoot(t), "fluent-bit", script)); err != nil {
		t.Fatal(err)
	}
	return func(record map[string]any) (int, time.Time) {
		t.Helper()
		ts := L.NewTable()
		ts.RawSetString("sec", lua.LNumber(luaReadTime.Unix()))
		ts.RawSetString("nsec", lua.LNumber(0))
		if err := L.CallByParam(lua.P{Fn: L.GetGlobal(fn), NRet: 3, Protect: true},
			lua.LString("app"), ts, toLua(L, record)); err != nil {
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
}

// sampleRecords returns the JSON records of a sample log of fluent-bit/logs, one a line.
func sampleRecords(t *testing.T, name string) []map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "fluent-bit/logs", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var records []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		var record map[string]any
		if err := json.Unmarshal(sc.Bytes(), &record); err != nil {
			t.Fatal(err)
		}
		records = append(records, record)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(records) < 100 {
		t.Fatalf("the sample %s holds %d records", name, len(records))
	}
	return records
}
