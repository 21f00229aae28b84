package main

// The ABI host test: it builds the plugin as Fluent Bit loads it (a c-shared .so), builds
// a small C host (testdata/abihost/host.c) that dlopens it and calls the exports with
// Fluent Bit's own structure layouts, and checks what Forward receivers inside this test
// get. It proves what no Go-only test can: the symbols, the calling conventions, the
// flb_api table, per-instance contexts and flushes from foreign threads.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// event is one event of a test chunk, with the parts the check needs.
type event struct {
	raw    []byte
	prefix []byte // the event's array header
	header []byte // [timestamp, metadata] (or the bare timestamp in the old format)
	body   []byte
	// annotated: a record with a map body, which comes back with the annotation added.
	// Anything else (group markers, other bodies, undecodable bytes) comes back unchanged.
	annotated bool
}

func newEvent(header, body []byte) event {
	prefix := mpWriter(nil).array(2)
	raw := append(append(append([]byte(nil), prefix...), header...), body...)
	return event{raw: raw, prefix: prefix, header: header, body: body, annotated: mpIsMap(body)}
}

// groupMarker is the event Fluent Bit writes at the start (-1) or end (-2) of a group.
func groupMarker(sec uint32, meta, body []byte) event {
	e := newEvent(mpWriter(nil).array(2).eventTime(sec, 0).raw(meta), body)
	e.annotated = false
	return e
}

func junk(b ...byte) event { return event{raw: b} }

func concat(events []event) []byte {
	var out []byte
	for _, e := range events {
		out = append(out, e.raw...)
	}
	return out
}

// seedLines are the sample lines the project started from.
var seedLines = []string{
	"2024-01-01 10:00:01 INFO Application started",
	"2024-01-01 10:00:05 INFO User logged in",
	"2024-01-01 10:00:10 WARNING High memory usage",
	"2024-01-01 10:00:15 ERROR Database connection failed",
	"2024-01-01 10:00:18 ERROR Database connection failed",
	"2024-01-01 10:00:20 ERROR Database connection failed",
	"2024-01-01 10:00:22 ERROR Database connection failed",
	"2024-01-01 10:00:30 INFO Retrying connection",
	"2024-01-01 10:00:35 CRITICAL Kernel panic detected - unexpected shutdown",
}

const baseTime = 1704103201 // 2024-01-01 10:00:01 UTC

// body is a record body with values in forms a canonical encoder would not choose, so a
// re-encoding plugin shows.
func body(i int, extra ...string) []byte {
	w := mpWriter(nil).mapHeader(4 + len(extra)/2)
	w = w.str("log").str(seedLines[i%len(seedLines)])
	w = w.str("stream").str16("stdout")
	w = w.str("pid").int64(4242)
	w = w.str("ratio").float32(0.5)
	for j := 0; j+1 < len(extra); j += 2 {
		w = w.str(extra[j]).str(extra[j+1])
	}
	return w
}

func newFormat(sec uint32, meta []byte) []byte {
	return mpWriter(nil).array(2).eventTime(sec, 123456789).raw(meta)
}

var emptyMap = mpWriter(nil).mapHeader(0)

// testChunks are the chunks every forwarding instance gets, in this order.
func testChunks() []struct {
	name   string
	events []event
} {
	var newFmt, oldFmt, numeric, group, nonMap, withJunk []event
	for i := 0; i < 12; i++ {
		meta := emptyMap
		if i%3 == 0 {
			meta = mpWriter(nil).mapHeader(1).str("trace_id").str(fmt.Sprintf("%032x", i))
		}
		newFmt = append(newFmt, newEvent(newFormat(uint32(baseTime+i), meta), body(i)))
	}
	for i := 0; i < 6; i++ {
		ts := mpWriter(nil).eventTime(uint32(baseTime+20+i), 5)
		if i%2 == 1 {
			ts = mpWriter(nil).uint(uint64(baseTime + 20 + i))
		}
		oldFmt = append(oldFmt, newEvent(ts, body(i)))
	}
	numeric = []event{
		newEvent(mpWriter(nil).array(2).uint(baseTime+30).raw(emptyMap), body(3)),
		newEvent(mpWriter(nil).array(2).float64(baseTime+31.25).raw(emptyMap), body(4)),
		newEvent(mpWriter(nil).array(2).int64(baseTime+32).raw(emptyMap), body(5)),
	}
	group = append(group, groupMarker(0xFFFFFFFF,
		mpWriter(nil).mapHeader(1).str("schema").str("otlp"),
		mpWriter(nil).mapHeader(1).str("resource").mapHeader(1).str("service.name").str("checkout")))
	for i := 0; i < 4; i++ {
		group = append(group, newEvent(newFormat(uint32(baseTime+40+i), emptyMap), body(i+3)))
	}
	group = append(group, groupMarker(0xFFFFFFFE, emptyMap, emptyMap))
	nonMap = []event{
		newEvent(newFormat(baseTime+50, emptyMap), mpWriter(nil).str("a body that is a string")),
		newEvent(newFormat(baseTime+51, emptyMap), mpWriter(nil).nil()),
		newEvent(newFormat(baseTime+52, emptyMap), mpWriter(nil).array(3).uint(1).uint(2).uint(3)),
		newEvent(newFormat(baseTime+53, emptyMap), body(7)),
	}
	for i := 0; i < 3; i++ {
		withJunk = append(withJunk, newEvent(newFormat(uint32(baseTime+60+i), emptyMap), body(i)))
	}
	withJunk = append(withJunk, junk(0xc1, 0xc1, 0xff, 0x00, 0x42, 0x93))
	return []struct {
		name   string
		events []event
	}{
		{"new format, EventTime, metadata", newFmt},
		{"old format, EventTime and integer", oldFmt},
		{"integer and float timestamps", numeric},
		{"group markers", group},
		{"bodies that are not maps", nonMap},
		{"trailing bytes that are not msgpack", withJunk},
		{"empty chunk", nil},
	}
}

// annotation says how an instance annotates.
type annotation struct {
	key     string
	flatten bool
}

// checkAnnotated reports whether got is want with only the annotation added, and whether
// the annotation carried a score.
func (a annotation) checkAnnotated(got []byte, want event) (scored bool, err error) {
	prefix, parts, err := mpElems(got)
	if err != nil || len(parts) != 2 {
		return false, fmt.Errorf("not a 2-element event: %v", err)
	}
	if !bytes.Equal(prefix, want.prefix) || !bytes.Equal(parts[0], want.header) {
		return false, fmt.Errorf("timestamp or metadata changed: got % x, want % x", parts[0], want.header)
	}
	gotKeys, gotVals, err := mpPairs(parts[1])
	if err != nil {
		return false, err
	}
	wantKeys, wantVals, _ := mpPairs(want.body)
	ann := map[string][]byte{}
	var kept []int
	for i, k := range gotKeys {
		if k == a.key || (a.flatten && strings.HasPrefix(k, a.key+"_")) {
			ann[k] = gotVals[i]
			continue
		}
		kept = append(kept, i)
	}
	if len(kept) != len(wantKeys) {
		return false, fmt.Errorf("body has %d original fields, want %d", len(kept), len(wantKeys))
	}
	for j, i := range kept {
		if gotKeys[i] != wantKeys[j] || !bytes.Equal(gotVals[i], wantVals[j]) {
			return false, fmt.Errorf("field %d changed: %q=% x, want %q=% x", j, gotKeys[i], gotVals[i], wantKeys[j], wantVals[j])
		}
	}

	field := func(name string) ([]byte, bool) { v, ok := ann[a.key+"_"+name]; return v, ok }
	if !a.flatten {
		inner, ok := ann[a.key]
		if len(ann) != 1 || !ok {
			return false, fmt.Errorf("want one %q map, got keys %v", a.key, gotKeys)
		}
		keys, vals, err := mpPairs(inner)
		if err != nil {
			return false, fmt.Errorf("%q is not a map: %v", a.key, err)
		}
		fields := map[string][]byte{}
		for i, k := range keys {
			fields[k] = vals[i]
		}
		field = func(name string) ([]byte, bool) { v, ok := fields[name]; return v, ok }
	}
	if v, ok := field("flag"); !ok {
		return false, fmt.Errorf("annotation without flag")
	} else if _, ok := mpBool(v); !ok {
		return false, fmt.Errorf("flag is not a bool: % x", v)
	}
	status, _ := field("status")
	switch s, _ := mpString(status); s {
	case "learning":
		if _, ok := field("score"); ok {
			return false, fmt.Errorf("a learning record carries a score")
		}
		return false, nil
	case "scored":
		v, _ := field("score")
		score, ok := mpFloat(v)
		if !ok || score < 0 || score > 1 {
			return false, fmt.Errorf("score % x is not a float in [0, 1]", v)
		}
		return true, nil
	default:
		return false, fmt.Errorf("status %q is neither learning nor scored", s)
	}
}

// checkStream walks what a receiver got for one tag against what was flushed: every
// event exactly once, in order.
func (a annotation) checkStream(t *testing.T, got []byte, want []event) (scored int) {
	t.Helper()
	for i, w := range want {
		if !w.annotated {
			if !bytes.HasPrefix(got, w.raw) {
				t.Fatalf("event %d should pass unchanged: got % x, want % x", i, head(got), w.raw)
			}
			got = got[len(w.raw):]
			continue
		}
		n, err := mpLen(got)
		if err != nil {
			t.Fatalf("event %d missing or undecodable (%v): % x", i, err, head(got))
		}
		ok, err := a.checkAnnotated(got[:n], w)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if ok {
			scored++
		}
		got = got[n:]
	}
	if len(got) != 0 {
		t.Fatalf("%d bytes more than was flushed (duplicates?): % x", len(got), head(got))
	}
	return scored
}

func head(b []byte) []byte {
	if len(b) > 48 {
		return b[:48]
	}
	return b
}

// entriesFor concatenates the entries of every frame with tag, in arrival order.
func entriesFor(frames []frame, tag string) []byte {
	var out []byte
	for _, f := range frames {
		if f.tag == tag {
			out = append(out, f.entries...)
		}
	}
	return out
}

// partOf reads the "part" field of the first event in entries, or -1.
func partOf(entries []byte) int {
	n, err := mpLen(entries)
	if err != nil {
		return -1
	}
	_, ev, err := mpElems(entries[:n])
	if err != nil || len(ev) != 2 {
		return -1
	}
	keys, vals, err := mpPairs(ev[1])
	if err != nil {
		return -1
	}
	for i, k := range keys {
		if k == "part" {
			s, _ := mpString(vals[i])
			p, err := strconv.Atoi(s)
			if err != nil {
				return -1
			}
			return p
		}
	}
	return -1
}

// hostRun is what the C host printed.
type hostRun struct {
	results map[string][]hostResult // by "command name"
	logs    []hostLog
	stdout  []string // the plugin's own standard output
}

type hostResult struct {
	code int
	ms   float64
}

type hostLog struct {
	level int
	msg   string
}

func (r *hostRun) result(t *testing.T, command, name string) hostResult {
	t.Helper()
	rs := r.results[command+" "+name]
	if len(rs) != 1 {
		t.Fatalf("want one result of %s %s, got %v", command, name, rs)
	}
	return rs[0]
}

func (r *hostRun) logsWith(substr string) []hostLog {
	var out []hostLog
	for _, l := range r.logs {
		if strings.Contains(l.msg, substr) {
			out = append(out, l)
		}
	}
	return out
}

func parseHostOutput(t *testing.T, out []byte) *hostRun {
	t.Helper()
	run := &hostRun{results: map[string][]hostResult{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	done := false
	for sc.Scan() {
		line := sc.Text()
		fields := strings.SplitN(line, " ", 5)
		switch fields[0] {
		case "REGISTER":
			if line != "REGISTER 0 2 11 0 0 anomaly" {
				t.Errorf("registration: %s, want return 0, output type 2, Go proxy 11, name anomaly", line)
			}
		case "RESULT":
			code, _ := strconv.Atoi(fields[3])
			ms, _ := strconv.ParseFloat(fields[4], 64)
			key := fields[1] + " " + fields[2]
			run.results[key] = append(run.results[key], hostResult{code, ms})
		case "LOG":
			level, _ := strconv.Atoi(fields[1])
			run.logs = append(run.logs, hostLog{level, strings.SplitN(line, " ", 3)[2]})
		case "DONE":
			done = true
		default:
			run.stdout = append(run.stdout, line)
		}
	}
	if !done {
		t.Fatalf("the host did not finish; output:\n%s", out)
	}
	return run
}

// pluginBuild is the plugin built once per test binary as Fluent Bit loads it: the
// filter's file and the output's link to it, as make build writes them.
var pluginBuild struct {
	once       sync.Once
	dir        string
	filter, so string
	err        error
}

// buildPlugin builds the c-shared library once for every test that loads it.
func buildPlugin(t *testing.T) (filter, so string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the plugin as a c-shared library and a C host: skipped in -short mode")
	}
	b := &pluginBuild
	b.once.Do(func() {
		if b.dir, b.err = os.MkdirTemp("", "anomaly-plugin-"); b.err != nil {
			return
		}
		b.filter = filepath.Join(b.dir, "flb-filter_anomaly.so")
		b.so = filepath.Join(b.dir, "anomaly.so")
		build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-buildmode=c-shared", "-o", b.filter, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := build.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("building the plugin: %v\n%s", err, out)
			return
		}
		b.err = os.Symlink(filepath.Base(b.filter), b.so)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.filter, b.so
}

// compileHost compiles the C host in testdata/<name>/host.c with extra flags.
func compileHost(t *testing.T, name string, flags ...string) string {
	t.Helper()
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	if _, err := exec.LookPath(cc); err != nil {
		t.Fatalf("no C compiler (%s) to build the %s host: %v; install gcc", cc, name, err)
	}
	host := filepath.Join(t.TempDir(), name)
	args := append([]string{"-O1", "-Wall", "-Werror", "-Wno-unused-parameter", "-o", host,
		filepath.Join("testdata", name, "host.c")}, flags...)
	args = append(args, "-ldl", "-lpthread")
	if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
		t.Fatalf("compiling the %s host: %v\n%s", name, err, out)
	}
	return host
}

// runHost runs a C host on the plugin with script and parses what it printed.
func runHost(t *testing.T, host, plugin, script string) *hostRun {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, host, plugin, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\nstderr:\n%s\nstdout:\n%s", filepath.Base(host), err, stderr.Bytes(), out)
	}
	if testing.Verbose() {
		t.Logf("host output:\n%s", out)
	}
	return parseHostOutput(t, out)
}

func buildABIHost(t *testing.T) (so, host string) {
	t.Helper()
	_, so = buildPlugin(t)
	return so, compileHost(t, "abihost")
}

func TestABIHost(t *testing.T) {
	so, host := buildABIHost(t)
	dir := t.TempDir()

	unixOK := startForwardServer(t, "unix", filepath.Join(dir, "ok.sock"), ackEveryFrame)
	tcpOK := startForwardServer(t, "tcp", "127.0.0.1:0", ackEveryFrame)
	silent := startForwardServer(t, "unix", filepath.Join(dir, "silent.sock"), neverAck)
	dropping := startForwardServer(t, "tcp", "127.0.0.1:0", dropConnection)

	chunks := testChunks()
	var files []string
	for i, c := range chunks {
		path := filepath.Join(dir, fmt.Sprintf("chunk%d.bin", i))
		if err := os.WriteFile(path, concat(c.events), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	var partFiles []string
	var parts [][]event
	for p := 0; p < 4; p++ {
		var evs []event
		for i := 0; i < 5; i++ {
			evs = append(evs, newEvent(newFormat(uint32(baseTime+100+i), emptyMap), body(i, "part", strconv.Itoa(p))))
		}
		path := filepath.Join(dir, fmt.Sprintf("part%d.bin", p))
		if err := os.WriteFile(path, concat(evs), 0o600); err != nil {
			t.Fatal(err)
		}
		parts, partFiles = append(parts, evs), append(partFiles, path)
	}

	const ackTimeout = 300 * time.Millisecond
	var s strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	// Init order fixes the instance numbers in log prefixes: a=0, b=1, ... .
	line("instance a")
	line("set a forward_address %s", unixOK.address())
	line("set a Warmup 8") // property names are case-insensitive
	line("set a window 64")
	line("instance b")
	line("log_level b 1")
	line("set b forward_address %s", tcpOK.address())
	line("set b forward_tag_prefix scored.")
	line("set b annotation_key ml")
	line("set b flatten on")
	line("set b warmup 4")
	line("set b trees 20")
	line("instance c")
	line("set c forward_address %s", silent.address())
	line("set c forward_ack_timeout %s", ackTimeout)
	line("instance d")
	line("set d forward_address %s", dropping.address())
	line("instance e")
	line("set e trees many")
	line("set e forward_address udp://127.0.0.1:24224")
	line("instance f")
	line("set f forward_address stdout")
	line("instance g")
	line("set g forward_address unix://%s", filepath.Join(dir, "nobody.sock"))
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		line("init %s", name)
	}
	for _, f := range files {
		line("flush a app.a %s", f)
		line("flush b app.b %s", f)
	}
	line("flush_parallel a app.par %s", strings.Join(partFiles, " "))
	line("flush c app.c %s", files[0])
	line("flush d app.d %s", files[0])
	line("flush f app.f %s", files[0])
	line("flush g app.g %s", files[0])
	line("flush_stale app.stale %s", files[0])
	line("flush_context_free app.old %s", files[0])
	for _, name := range []string{"a", "b", "c", "d", "f", "g"} {
		line("exit %s", name)
	}
	run := runHost(t, host, so, s.String())

	t.Run("init", func(t *testing.T) {
		for _, name := range []string{"a", "b", "c", "d", "f", "g"} {
			if r := run.result(t, "init", name); r.code != 1 {
				t.Errorf("init %s = %d, want FLB_OK (1)", name, r.code)
			}
		}
		if r := run.result(t, "init", "e"); r.code != 0 {
			t.Errorf("init with a bad configuration = %d, want FLB_ERROR (0)", r.code)
		}
		for _, want := range []string{
			`[anomaly.4] configuration: trees must be an integer in [1, 1000], got "many"`,
			`[anomaly.4] configuration: forward_address must be unix:///absolute/path.sock, tcp://host:port or stdout, got "udp://127.0.0.1:24224"`,
		} {
			if got := run.logsWith(want); len(got) != 1 || got[0].level != 1 {
				t.Errorf("want one error line %q, got %v", want, got)
			}
		}
		if got := run.logsWith("[anomaly.0] started: forward_address=" + unixOK.address()); len(got) != 1 || got[0].level != 3 {
			t.Errorf("instance a should log its configuration once at info, got %v", got)
		}
	})

	t.Run("log_level is honoured and every line is prefixed", func(t *testing.T) {
		for _, l := range run.logs {
			if !strings.HasPrefix(l.msg, "[anomaly") {
				t.Errorf("log line without the plugin prefix: %q", l.msg)
			}
			if strings.HasPrefix(l.msg, "[anomaly.1] ") && l.level > 1 {
				t.Errorf("instance b has log_level error but logged at %d: %q", l.level, l.msg)
			}
		}
	})

	for _, inst := range []struct {
		name, tag string
		server    *forwardServer
		ann       annotation
	}{
		{"a", "app.a", unixOK, annotation{key: "anomaly"}},
		{"b", "scored.app.b", tcpOK, annotation{key: "ml", flatten: true}},
	} {
		t.Run("records reach "+inst.server.address()+" exactly once, in order", func(t *testing.T) {
			rs := run.results["flush "+inst.name]
			if len(rs) != len(chunks) {
				t.Fatalf("want %d flush results, got %d", len(chunks), len(rs))
			}
			var want []event
			for i, c := range chunks {
				if rs[i].code != 1 {
					t.Errorf("flush of %q = %d, want FLB_OK (1)", c.name, rs[i].code)
				}
				want = append(want, c.events...)
			}
			scored := inst.ann.checkStream(t, entriesFor(inst.server.received(), inst.tag), want)
			if scored == 0 {
				t.Errorf("no record was scored after the warm-up")
			}
		})
	}

	t.Run("parallel flushes from foreign threads", func(t *testing.T) {
		for _, r := range run.results["flush_parallel a"] {
			if r.code != 1 {
				t.Errorf("parallel flush = %d, want FLB_OK (1)", r.code)
			}
		}
		seen := make([]bool, len(parts))
		for _, f := range unixOK.received() {
			if f.tag != "app.par" {
				continue
			}
			p := partOf(f.entries)
			if p < 0 || p >= len(parts) || seen[p] {
				t.Errorf("a frame of app.par matches no chunk or repeats one (part %d)", p)
				continue
			}
			seen[p] = true
			(annotation{key: "anomaly"}).checkStream(t, f.entries, parts[p])
		}
		for p, ok := range seen {
			if !ok {
				t.Errorf("chunk part%d never arrived", p)
			}
		}
	})

	t.Run("a receiver that never acks means retry within the ack timeout", func(t *testing.T) {
		r := run.result(t, "flush", "c")
		if r.code != 2 {
			t.Errorf("flush = %d, want FLB_RETRY (2)", r.code)
		}
		if limit := float64((ackTimeout + time.Second).Milliseconds()); r.ms > limit {
			t.Errorf("flush took %.0f ms, want at most the ack timeout (%v) and some slack", r.ms, ackTimeout)
		}
		// One warning when the receiver stops answering; the retries of an outage are
		// not worth one each.
		if got := run.logsWith(`[anomaly.2] receiver ` + silent.address() + ` paused since`); len(got) != 1 || got[0].level != 2 {
			t.Errorf("want one warning about the paused receiver, got %v", got)
		}
		if got := run.logsWith(`[anomaly.2] chunk of `); len(got) != 0 {
			t.Errorf("want no line per retried chunk, got %v", got)
		}
	})

	t.Run("a dropped connection means retry", func(t *testing.T) {
		// A receiver that closes connections may be pausing: the flush dials again until
		// the ack budget is spent, never beyond forward_connect_timeout + forward_ack_timeout.
		if r := run.result(t, "flush", "d"); r.code != 2 || r.ms > 5000 {
			t.Errorf("flush = %d after %.0f ms, want FLB_RETRY (2) within the 2 s connect and 3 s ack timeouts", r.code, r.ms)
		}
		if r := run.result(t, "flush", "g"); r.code != 2 {
			t.Errorf("flush to a socket nobody listens on = %d, want FLB_RETRY (2)", r.code)
		}
	})

	t.Run("stdout writes one JSON line per record", func(t *testing.T) {
		if r := run.result(t, "flush", "f"); r.code != 1 {
			t.Errorf("flush = %d, want FLB_OK (1)", r.code)
		}
		if len(run.stdout) != len(chunks[0].events) {
			t.Fatalf("want %d JSON lines, got %d: %q", len(chunks[0].events), len(run.stdout), run.stdout)
		}
		for _, l := range run.stdout {
			var rec map[string]any
			if err := json.Unmarshal([]byte(l), &rec); err != nil {
				t.Errorf("not JSON: %q: %v", l, err)
				continue
			}
			if _, ok := rec["anomaly"]; !ok {
				t.Errorf("JSON line without the annotation: %q", l)
			}
		}
	})

	t.Run("a stale context is an error, not a crash", func(t *testing.T) {
		if r := run.result(t, "flush_stale", "-"); r.code != 0 {
			t.Errorf("flush with a stale context = %d, want FLB_ERROR (0)", r.code)
		}
		if got := run.logsWith("[anomaly] flush for an unknown instance context"); len(got) != 1 || got[0].level != 1 {
			t.Errorf("want one error line about the unknown context, got %v", got)
		}
	})

	t.Run("the context-free flush refuses with a reason", func(t *testing.T) {
		if r := run.result(t, "flush_context_free", "-"); r.code != 0 {
			t.Errorf("FLBPluginFlush = %d, want FLB_ERROR (0)", r.code)
		}
		if got := run.logsWith("flushes without an instance context"); len(got) != 1 || got[0].level != 1 {
			t.Errorf("want one error line explaining the refusal, got %v", got)
		}
	})

	t.Run("exit", func(t *testing.T) {
		for _, name := range []string{"a", "b", "c", "d", "f", "g"} {
			if r := run.result(t, "exit", name); r.code != 1 {
				t.Errorf("exit %s = %d, want FLB_OK (1)", name, r.code)
			}
		}
		if got := run.logsWith("[anomaly.0] stopped"); len(got) != 1 {
			t.Errorf("want instance a to log its stop once, got %v", got)
		}
	})
}
