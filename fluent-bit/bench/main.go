// Command bench measures what the anomaly plugin costs a real Fluent Bit, as whole-process
// figures: it writes one application log and runs it through five pipelines, one after
// the other, on the same Fluent Bit binary:
//
//	tail -> file                                      (what Fluent Bit costs anyway)
//	tail -> record_modifier appending 2 fields -> file (what touching every record costs)
//	tail -> Lua filter adding {score, flag} -> file   (the cheapest scripted filter)
//	tail -> [FILTER] anomaly, defaults -> file
//	tail -> [OUTPUT] anomaly -> in_forward loop -> file   (fluent-bit/output-loop.conf)
//
// For each it reports the CPU seconds (user + sys) and peak RSS of the Fluent Bit
// process, from wait4's rusage, and checks that every record came out once (and, past a
// filter, annotated). Package benchmarks price the plugin's code alone; only a real
// Fluent Bit shows what a user pays, Fluent Bit's own work on the records included.
//
//	make bench-fluentbit FLUENT_BIT=/path/to/fluent-bit
//	go run ./fluent-bit/bench [-runs 3] [-lines 400000] [-only filter,lua] [-keep]
//
// The Fluent Bit is FLUENT_BIT, or fluent-bit on PATH; the command never builds or
// downloads one, and without one says how to point at one and exits 0. Run it from the
// repository root after `make build`. The log is generated in a temporary directory from
// a fixed seed, so every run and every machine reads the same bytes. Each round runs the
// pipelines in turn and the table shows each one's median over the rounds, which keeps a
// burst of load from another process on a shared machine out of one pipeline only.
// It exits with status 1 when a pipeline lost, repeated or failed to annotate records.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

func main() {
	lines := flag.Int("lines", 400_000, "lines of application log to generate")
	seed := flag.Uint64("seed", 1, "seed of the generated log")
	runs := flag.Int("runs", 3, "rounds of all pipelines; the table shows each one's median")
	only := flag.String("only", "", "comma-separated pipelines to run (tail, append, lua, filter, loop); all when empty")
	filterSO := flag.String("filter", "build/flb-filter_anomaly.so", "the filter plugin `make build` writes")
	outputSO := flag.String("output", "build/anomaly.so", "the output plugin `make build` writes")
	keep := flag.Bool("keep", false, "keep the temporary directory (configurations, Fluent Bit logs)")
	flag.Parse()

	fluentBit, ok := findFluentBit()
	if !ok {
		return
	}
	selected, err := choose(*only)
	if err != nil {
		fail(err)
	}
	if *runs < 1 || *lines < 1 {
		fail(errors.New("-runs and -lines must be at least 1"))
	}
	e, err := prepare(*filterSO, *outputSO)
	if err != nil {
		fail(err)
	}
	cleanup := func() {
		if *keep {
			fmt.Printf("kept %s\n", e.work)
			return
		}
		os.RemoveAll(e.work)
	}

	began := time.Now()
	fmt.Printf("Fluent Bit: %s (%s)\n", version(fluentBit), fluentBit)
	fmt.Printf("machine:    %s, %d CPUs; load average at start %s\n", cpuModel(), runtime.NumCPU(), loadAverage())
	fmt.Printf("date:       %s\n", began.UTC().Format("2006-01-02 15:04 UTC"))
	e.log = filepath.Join(e.work, "app.log")
	g, err := generate(e.log, *lines, *seed)
	if err != nil {
		fail(err)
	}
	fmt.Printf("log:        %d lines, %.1f MB, seed %d, sha256 %.12s (%s), generated in %.1f s\n\n",
		g.lines, float64(g.bytes)/1e6, *seed, g.sha256, levelMix(g), time.Since(began).Seconds())

	results := make(map[string][]result)
	for round := 1; round <= *runs; round++ {
		for _, p := range selected {
			r, err := run(fluentBit, e, p, round, g)
			if err != nil {
				cleanup()
				fail(err)
			}
			results[p.key] = append(results[p.key], r)
			status := "ok"
			if r.problem != "" {
				status = "PROBLEM: " + r.problem
			}
			fmt.Printf("round %d  %-48s CPU %6.2f s  peak RSS %4.0f MB  all out in %5.1f s  %d records  %s\n",
				round, p.title, r.cpu.Seconds(), float64(r.maxRSSKB)/1024, r.allOut.Seconds(), r.records, status)
		}
	}
	fmt.Println()
	problems := report(selected, results, g.lines)
	fmt.Printf("\nload average at end %s; %d round(s) in %.0f s\n", loadAverage(), *runs, time.Since(began).Seconds())
	if problems {
		*keep = true
	}
	cleanup()
	if problems {
		os.Exit(1)
	}
}

// findFluentBit returns FLUENT_BIT, or fluent-bit on PATH. Without either it says how to
// point at one and returns false: no Fluent Bit is not an error of the project's, and
// `make bench-fluentbit` must not fail on machines without one.
func findFluentBit() (string, bool) {
	if path := os.Getenv("FLUENT_BIT"); path != "" {
		if _, err := exec.LookPath(path); err != nil {
			fail(fmt.Errorf("FLUENT_BIT=%s: %w", path, err))
		}
		return path, true
	}
	if path, err := exec.LookPath("fluent-bit"); err == nil {
		return path, true
	}
	fmt.Print(`bench-fluentbit needs a Fluent Bit binary, 3.2 or later (for the filter): FLUENT_BIT is
not set and no fluent-bit is on PATH. It never builds or downloads one; point it at one:
  make bench-fluentbit FLUENT_BIT=/path/to/fluent-bit
  FLUENT_BIT=/path/to/fluent-bit go run ./fluent-bit/bench
Official packages: https://docs.fluentbit.io/manual/installation/downloads
`)
	return "", false
}

// choose returns the pipelines -only names, in their fixed order.
func choose(only string) ([]pipeline, error) {
	if only == "" {
		return pipelines, nil
	}
	want := strings.Split(only, ",")
	var out []pipeline
	for _, p := range pipelines {
		if slices.Contains(want, p.key) {
			out = append(out, p)
		}
	}
	if len(out) != len(want) {
		return nil, fmt.Errorf("-only %q: the pipelines are tail, append, lua, filter and loop", only)
	}
	return out, nil
}

// prepare makes the temporary directory and writes the files every pipeline shares.
func prepare(filterSO, outputSO string) (env, error) {
	var e env
	for _, so := range []*string{&filterSO, &outputSO} {
		abs, err := filepath.Abs(*so)
		if err != nil {
			return e, err
		}
		if _, err := os.Stat(abs); err != nil {
			return e, fmt.Errorf("%w: run `make build` first, from the repository root", err)
		}
		*so = abs
	}
	work, err := os.MkdirTemp("", "bench-fluentbit-")
	if err != nil {
		return e, err
	}
	e = env{
		work:     work,
		parsers:  filepath.Join(work, "parsers.conf"),
		lua:      filepath.Join(work, "score.lua"),
		filterSO: filterSO,
		outputSO: outputSO,
		pluginsF: filepath.Join(work, "plugins-filter.conf"),
		pluginsO: filepath.Join(work, "plugins-output.conf"),
	}
	files := map[string]string{
		e.parsers:  parserConf,
		e.lua:      scoreLua,
		e.pluginsF: fmt.Sprintf("[PLUGINS]\n    Path %s\n", filterSO),
		e.pluginsO: fmt.Sprintf("[PLUGINS]\n    Path %s\n", outputSO),
	}
	for path, text := range files {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return e, err
		}
	}
	return e, nil
}

// report prints the medians as a Markdown table, then the ratios, and returns whether any
// run had a problem.
func report(selected []pipeline, results map[string][]result, records int) bool {
	medianCPU := map[string]time.Duration{}
	problems := false
	fmt.Println("| pipeline | CPU s (user+sys) | user / sys s | CPU per record | peak RSS | last record out | records out | CPU s, each round |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---|")
	for _, p := range selected {
		rs := results[p.key]
		cpu := median(rs, func(r result) float64 { return r.cpu.Seconds() })
		medianCPU[p.key] = time.Duration(cpu * float64(time.Second))
		var each []string
		out := fmt.Sprint(rs[0].records)
		for _, r := range rs {
			each = append(each, fmt.Sprintf("%.2f", r.cpu.Seconds()))
			if r.problem != "" {
				problems = true
				out = "PROBLEM"
			}
		}
		fmt.Printf("| %s | %.2f | %.2f / %.2f | %.1f us | %.0f MB | %.1f s | %s | %s |\n", p.title, cpu,
			median(rs, func(r result) float64 { return r.user.Seconds() }),
			median(rs, func(r result) float64 { return r.sys.Seconds() }),
			cpu/float64(records)*1e6,
			median(rs, func(r result) float64 { return float64(r.maxRSSKB) / 1024 }),
			median(rs, func(r result) float64 { return r.allOut.Seconds() }),
			out, strings.Join(each, ", "))
	}
	fmt.Println()
	// Whole-process ratios, then what each pipeline adds to reading and writing the
	// records: for the filter, an estimate of the plugin's own CPU per record (Fluent Bit's
	// hand-over of each chunk to the filter is in it too).
	names := map[string]string{"tail": "tail -> file", "append": "record_modifier", "lua": "Lua", "filter": "[FILTER] anomaly", "loop": "output loop"}
	for _, pair := range [][2]string{{"append", "lua"}, {"filter", "lua"}, {"loop", "lua"}} {
		a, b := medianCPU[pair[0]], medianCPU[pair[1]]
		if a > 0 && b > 0 {
			fmt.Printf("- CPU %s / %s: %.2f\n", names[pair[0]], names[pair[1]], a.Seconds()/b.Seconds())
		}
	}
	if base, ok := medianCPU["tail"]; ok {
		for _, k := range []string{"append", "lua", "filter", "loop"} {
			if c, ok := medianCPU[k]; ok {
				fmt.Printf("- CPU of %s beyond tail -> file, per record: %.2f us\n", names[k], (c-base).Seconds()/float64(records)*1e6)
			}
		}
	}
	return problems
}

// median of f over rs; the mean of the middle two for an even count.
func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func version(fluentBit string) string {
	out, err := exec.Command(fluentBit, "--version").Output()
	if err != nil {
		return "version unknown: " + err.Error()
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first)
}

// cpuModel is lscpu's "Model name", read where lscpu reads it.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if key, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return runtime.GOARCH
}

// loadAverage says how busy the machine was: CPU seconds hold up better than wall time
// under load, but not entirely (caches, frequency), so the table says what it ran beside.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}

func levelMix(g generated) string {
	var parts []string
	for _, level := range []string{"DEBUG", "INFO", "WARN", "ERROR"} {
		parts = append(parts, fmt.Sprintf("%s %.1f%%", level, 100*float64(g.levels[level])/float64(g.lines)))
	}
	return strings.Join(parts, ", ")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench-fluentbit:", err)
	os.Exit(1)
}
