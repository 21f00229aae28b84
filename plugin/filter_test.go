package main

// The filter host test: a C host (testdata/filterhost/host.c) loads the plugin as
// flb-filter_anomaly.so the way Fluent Bit loads a dynamic C filter plugin (dlopen, dlsym
// of filter_anomaly_plugin, a copy of the struct), exports Fluent Bit's property and log
// functions as the fluent-bit executable does, and calls cb_init, cb_filter and cb_exit with
// Fluent Bit's structure layouts: on one thread, on a coroutine's small stack and from
// several threads at once, as [FILTER] sections and processors are called, and cb_exit
// then cb_init again on one instance in the same process, as a hot reload does. Every
// record must come back once, in order, byte-identical apart from the annotation.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFilterHost(t *testing.T) {
	filter, so := buildPlugin(t)
	host := compileHost(t, "filterhost", "-rdynamic")
	dir := t.TempDir()

	chunks := testChunks()
	var ins []string
	for i, c := range chunks {
		path := filepath.Join(dir, fmt.Sprintf("chunk%d.bin", i))
		if err := os.WriteFile(path, concat(c.events), 0o600); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, path)
	}
	// Four chunks a thread filters at once, each several times.
	const rounds = 5
	var parts [][]event
	var partFiles []string
	for p := 0; p < 4; p++ {
		var evs []event
		for i := 0; i < 50; i++ {
			evs = append(evs, newEvent(newFormat(uint32(baseTime+100+i), emptyMap), body(i, "part", fmt.Sprint(p))))
		}
		path := filepath.Join(dir, fmt.Sprintf("part%d.bin", p))
		if err := os.WriteFile(path, concat(evs), 0o600); err != nil {
			t.Fatal(err)
		}
		parts, partFiles = append(parts, evs), append(partFiles, path)
	}
	out := func(name string, i int) string { return filepath.Join(dir, fmt.Sprintf("%s.out%d", name, i)) }
	// A hot reload: instance f stops after half of these chunks and starts again in the
	// same process with its state_dir, as Fluent Bit's hot_reload does; g, set alike
	// without one, filters them straight through.
	const reloadChunks, reloadAt = 6, 3
	var reloads [][]event
	var reloadFiles []string
	for c := 0; c < reloadChunks; c++ {
		var evs []event
		for i := 0; i < 40; i++ {
			n := c*40 + i
			evs = append(evs, newEvent(newFormat(uint32(baseTime+200+n), emptyMap), body(n, "reload", "yes")))
		}
		path := filepath.Join(dir, fmt.Sprintf("reload%d.bin", c))
		if err := os.WriteFile(path, concat(evs), 0o600); err != nil {
			t.Fatal(err)
		}
		reloads, reloadFiles = append(reloads, evs), append(reloadFiles, path)
	}

	var s strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	line("instance a")
	line("set a Warmup 8") // keys are case-insensitive, as Fluent Bit's are
	line("set a window 64")
	line("set a refit_mode sync")
	line("instance b")
	line("alias b scorer")
	line("log_level b 1")
	line("set b annotation_key ml")
	line("set b flatten on")
	line("set b warmup 4")
	line("set b trees 20")
	line("instance c") // a processor called from several threads
	line("set c warmup 16")
	line("set c event_keys part") // a YAML list: the key once for each item
	line("set c event_keys kind")
	line("instance d")
	line("set d trees many")
	line("set d contamnation 0.1")
	line("set d forward_address tcp://127.0.0.1:24224")
	line("set d warmup 4")
	line("set d Warmup 8")
	line("instance e") // the Fluent Bit keys a filter may see are not reported
	line("set e active true")
	for _, name := range []string{"f", "g"} {
		line("instance %s", name)
		line("set %s warmup 8", name)
		line("set %s window 64", name)
		line("set %s refit_mode sync", name)
	}
	line("set f state_dir %s", t.TempDir())
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		line("init %s", name)
	}
	for i, in := range reloadFiles {
		if i == reloadAt {
			line("exit f")
			line("reinit f")
		}
		line("filter f app.reload %s %s", in, out("f", i))
		line("filter g app.reload %s %s", in, out("g", i))
	}
	for i, in := range ins {
		line("filter a app.a %s %s", in, out("a", i))
		line("filter_small_stack b app.b %s %s", in, out("b", i))
	}
	line("filter_parallel c app.c %d %s", rounds, strings.Join(partFiles, " "))
	line("same_mapping %s", so)
	for _, name := range []string{"a", "b", "c", "e", "f", "g"} {
		line("exit %s", name)
	}
	run := runHost(t, host, filter, s.String())

	t.Run("registration", func(t *testing.T) {
		want := "LOADED 1 anomaly Isolation Forest anomaly scoring: adds a score and a flag to every record"
		if len(run.stdout) == 0 || run.stdout[0] != want {
			t.Errorf("want %q first, got %q", want, run.stdout)
		}
	})

	t.Run("init", func(t *testing.T) {
		for _, name := range []string{"a", "b", "c", "e"} {
			if r := run.result(t, "init", name); r.code != 0 {
				t.Errorf("init %s = %d, want 0", name, r.code)
			}
		}
		if r := run.result(t, "init", "d"); r.code != -1 {
			t.Errorf("init with a bad configuration = %d, want -1, which stops Fluent Bit", r.code)
		}
		for _, want := range []string{
			`[filter:anomaly:anomaly.3] configuration: unknown key "contamnation" (did you mean contamination?)`,
			`[filter:anomaly:anomaly.3] configuration: trees must be an integer in [1, 1000], got "many"`,
			`[filter:anomaly:anomaly.3] configuration: forward_address applies to [OUTPUT] anomaly only`,
			`[filter:anomaly:anomaly.3] configuration: warmup is set 2 times: set it once (only features and event_keys take a list, or several values)`,
		} {
			if got := run.logsWith(want); len(got) != 1 || got[0].level != 1 {
				t.Errorf("want one error line %q, got %v", want, got)
			}
		}
		if got := run.logsWith("[filter:anomaly:anomaly.0] started as a filter: message_key=auto"); len(got) != 1 || got[0].level != 3 {
			t.Errorf("instance a should log its configuration once at info, got %v", got)
		}
		if got := run.logsWith("[filter:anomaly:anomaly.2] started as a filter:"); len(got) != 1 || !strings.Contains(got[0].msg, " event_keys=part,kind ") {
			t.Errorf("instance c, its event_keys set once for each item of a list, should read them all: %v", got)
		}
		if got := run.logsWith("active"); len(got) != 0 {
			t.Errorf("Fluent Bit's own keys must not be reported: %v", got)
		}
	})

	t.Run("log_level and alias", func(t *testing.T) {
		for _, l := range run.logs {
			if !strings.HasPrefix(l.msg, "[filter:anomaly:") {
				t.Errorf("log line without the filter's prefix: %q", l.msg)
			}
			if strings.HasPrefix(l.msg, "[filter:anomaly:scorer] ") && l.level > 1 {
				t.Errorf("instance b has log_level error but logged at %d: %q", l.level, l.msg)
			}
		}
	})

	for _, inst := range []struct {
		name, cmd string
		ann       annotation
	}{
		{"a", "filter", annotation{key: "anomaly"}},
		{"b", "filter_small_stack", annotation{key: "ml", flatten: true}},
	} {
		t.Run(inst.cmd+": every record once, in order, annotated in place", func(t *testing.T) {
			rs := run.results[inst.cmd+" "+inst.name]
			if len(rs) != len(chunks) {
				t.Fatalf("want %d results, got %d", len(chunks), len(rs))
			}
			scored := 0
			for i, c := range chunks {
				got, err := os.ReadFile(out(inst.name, i))
				if err != nil {
					t.Fatal(err)
				}
				wantCode := filterModified
				if !anyAnnotated(c.events) {
					wantCode = filterNotouch // nothing to annotate: the chunk goes on as it came
				}
				if rs[i].code != wantCode {
					t.Errorf("chunk %q: code %d, want %d", c.name, rs[i].code, wantCode)
				}
				scored += inst.ann.checkStream(t, got, c.events)
			}
			if scored == 0 {
				t.Errorf("no record was scored after the warm-up")
			}
		})
	}

	t.Run("a processor called from four threads at once", func(t *testing.T) {
		rs := run.results["filter_parallel c"]
		if len(rs) != len(parts) {
			t.Fatalf("want %d thread results, got %d", len(parts), len(rs))
		}
		for _, r := range rs {
			if r.code != filterModified {
				t.Errorf("a thread got %d, want FLB_FILTER_MODIFIED", r.code)
			}
		}
		for p, evs := range parts {
			for r := 0; r < rounds; r++ {
				got, err := os.ReadFile(fmt.Sprintf("%s.out.%d", partFiles[p], r))
				if err != nil {
					t.Fatal(err)
				}
				(annotation{key: "anomaly"}).checkStream(t, got, evs)
			}
		}
	})

	t.Run("a hot reload: stopped and started again in the process, state restored", func(t *testing.T) {
		if r := run.result(t, "reinit", "f"); r.code != 0 {
			t.Fatalf("reinit f = %d, want 0", r.code)
		}
		if got := run.logsWith("[filter:anomaly:anomaly.5] restored 1 streams"); len(got) != 1 {
			t.Errorf("want the reloaded instance to restore its stream once, got %v", got)
		}
		if rs := run.results["filter f"]; len(rs) != reloadChunks {
			t.Fatalf("want %d results, got %d", reloadChunks, len(rs))
		}
		for i, evs := range reloads {
			f, err := os.ReadFile(out("f", i))
			if err != nil {
				t.Fatal(err)
			}
			g, err := os.ReadFile(out("g", i))
			if err != nil {
				t.Fatal(err)
			}
			(annotation{key: "anomaly"}).checkStream(t, f, evs)
			// With its state restored, the instance scores as if it had never stopped.
			if string(f) != string(g) {
				t.Errorf("chunk %d: the reloaded instance's records differ from those of one that never stopped", i)
			}
		}
	})

	t.Run("one mapping for the filter and the output", func(t *testing.T) {
		if !slicesContain(run.stdout, "SAME 1") {
			t.Errorf("dlopen of %s gave another mapping: two Go runtimes in one process; got %q", so, run.stdout)
		}
	})

	t.Run("exit", func(t *testing.T) {
		for _, name := range []string{"a", "b", "c", "e"} {
			if r := run.result(t, "exit", name); r.code != 0 {
				t.Errorf("exit %s = %d, want 0", name, r.code)
			}
		}
		stops := run.logsWith("[filter:anomaly:anomaly.0] stopping: ")
		if len(stops) != 1 || !strings.Contains(stops[0].msg, "longest call") {
			t.Errorf("want instance a to report its counters and longest call once, got %v", stops)
		}
	})
}

// anyAnnotated reports whether a chunk of these events has a record to annotate.
func anyAnnotated(events []event) bool {
	for _, e := range events {
		if e.annotated {
			return true
		}
	}
	return false
}

func slicesContain(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
