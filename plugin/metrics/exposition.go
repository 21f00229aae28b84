package metrics

import (
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// contentType is that of Prometheus's text exposition format.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// metricType is a metric family's TYPE in the text format.
type metricType string

const (
	typeCounter   metricType = "counter"
	typeGauge     metricType = "gauge"
	typeHistogram metricType = "histogram"
)

// exposition writes metric families in Prometheus's text format (version 0.0.4): a HELP
// and a TYPE line per family, then its samples, one per line.
type exposition struct{ buf []byte }

// family starts a family.
func (x *exposition) family(name, help string, kind metricType) {
	x.buf = append(x.buf, "# HELP "...)
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, ' ')
	x.buf = appendEscaped(x.buf, help, false)
	x.buf = append(x.buf, "\n# TYPE "...)
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, kind...)
	x.buf = append(x.buf, '\n')
}

// sample writes one sample of name with up to two labels (an empty label name is left
// out).
func (x *exposition) sample(name, label1, value1, label2, value2 string, v float64) {
	x.buf = append(x.buf, name...)
	if label1 != "" || label2 != "" {
		x.buf = append(x.buf, '{')
		sep := false
		for _, l := range [2][2]string{{label1, value1}, {label2, value2}} {
			if l[0] == "" {
				continue
			}
			if sep {
				x.buf = append(x.buf, ',')
			}
			sep = true
			x.buf = append(x.buf, l[0]...)
			x.buf = append(x.buf, `="`...)
			x.buf = appendEscaped(x.buf, l[1], true)
			x.buf = append(x.buf, '"')
		}
		x.buf = append(x.buf, '}')
	}
	x.buf = append(x.buf, ' ')
	x.buf = appendFloat(x.buf, v)
	x.buf = append(x.buf, '\n')
}

// histogram writes the samples of one histogram: a bucket per upper bound (l.Buckets
// holds their cumulative counts), the +Inf bucket, the sum and the count.
func (x *exposition) histogram(name, label, value string, bounds []float64, l engine.Latency) {
	bucket := name + "_bucket"
	for i, le := range bounds {
		x.sample(bucket, label, value, "le", string(appendFloat(nil, le)), float64(l.Buckets[i]))
	}
	x.sample(bucket, label, value, "le", "+Inf", float64(l.Count))
	x.sample(name+"_sum", label, value, "", "", l.Sum)
	x.sample(name+"_count", label, value, "", "", float64(l.Count))
}

// runtime writes the plugin's Go runtime metrics and the metrics of the process it runs
// in (Fluent Bit's), under the names Prometheus's Go client gives them.
func (x *exposition) runtime() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	gauges := []struct {
		name, help string
		v          float64
	}{
		{"go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine())},
		{"go_memstats_heap_alloc_bytes", "Number of heap bytes allocated and currently in use.", float64(m.HeapAlloc)},
		{"go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", float64(m.HeapInuse)},
		{"go_memstats_sys_bytes", "Number of bytes obtained from system.", float64(m.Sys)},
		{"go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place.", float64(m.NextGC)},
	}
	for _, g := range gauges {
		x.family(g.name, g.help, typeGauge)
		x.sample(g.name, "", "", "", "", g.v)
	}
	x.family("go_gc_cycles_total", "Number of completed GC cycles.", typeCounter)
	x.sample("go_gc_cycles_total", "", "", "", "", float64(m.NumGC))
	x.family("go_info", "Information about the Go environment.", typeGauge)
	x.sample("go_info", "version", runtime.Version(), "", "", 1)

	p, ok := readProcess()
	if !ok {
		return
	}
	x.family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", typeCounter)
	x.sample("process_cpu_seconds_total", "", "", "", "", p.cpuSeconds)
	for _, g := range []struct {
		name, help string
		v          float64
	}{
		{"process_resident_memory_bytes", "Resident memory size in bytes.", p.residentBytes},
		{"process_virtual_memory_bytes", "Virtual memory size in bytes.", p.virtualBytes},
		{"process_start_time_seconds", "Start time of the process since unix epoch in seconds.", p.startTime},
		{"process_open_fds", "Number of open file descriptors.", p.openFDs},
		{"process_max_fds", "Maximum number of open file descriptors.", p.maxFDs},
	} {
		x.family(g.name, g.help, typeGauge)
		x.sample(g.name, "", "", "", "", g.v)
	}
}

// process holds what /proc says of the process.
type process struct {
	cpuSeconds, residentBytes, virtualBytes, startTime, openFDs, maxFDs float64
}

// userHZ is the unit of /proc's times: 100 per second on every Linux Fluent Bit runs on
// (the kernel's USER_HZ; Prometheus's procfs assumes it too).
const userHZ = 100

// readProcess reads /proc/self; ok is false where there is no /proc.
func readProcess() (p process, ok bool) {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return p, false
	}
	// The command name, between parentheses, may hold spaces: fields count from after it.
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 22 {
		return p, false
	}
	num := func(i int) float64 { // field i of proc(5), counting from 1
		v, _ := strconv.ParseFloat(f[i-3], 64)
		return v
	}
	p.cpuSeconds = (num(14) + num(15)) / userHZ
	p.virtualBytes = num(23)
	p.residentBytes = num(24) * float64(os.Getpagesize())
	if boot, ok := bootTime(); ok {
		p.startTime = boot + num(22)/userHZ
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		p.openFDs = float64(len(fds))
	}
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		p.maxFDs = float64(lim.Cur)
	}
	return p, true
}

// bootTime reads the system's boot time, seconds since the epoch, from /proc/stat.
func bootTime() (float64, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			t, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return t, err == nil
		}
	}
	return 0, false
}

// appendEscaped appends s escaped for the text format: a backslash and a newline in a
// HELP text, and a double quote too in a label value.
func appendEscaped(dst []byte, s string, quote bool) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			dst = append(dst, `\\`...)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '"' && quote:
			dst = append(dst, `\"`...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// appendFloat appends v as the text format writes numbers.
func appendFloat(dst []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(dst, "+Inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-Inf"...)
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}
