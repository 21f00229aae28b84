package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
)

// Golden files pin the whole annotated output of a scan, record by record, so any change
// to detection (features, templates, forest, verdicts, annotation layout) shows up in
// review as a diff of what users would see. Such changes are expected: rerun with
// -update and review the diff of testdata/golden like code.
var update = flag.Bool("update", false, "rewrite the golden files (and the generated inputs) under testdata/golden")

const goldenDir = "testdata/golden"

// goldenArch is the architecture the golden files are written on. Scores are printed in
// full, and Go may compile a*b+c to one fused multiply-add on arm64, ppc64 and s390x
// (not on amd64), which can change their last digits.
const goldenArch = "amd64"

// goldenCase is one input scanned with the default configuration.
type goldenCase struct {
	name  string
	input string // path of the input, relative to the package directory
	// generate, when set, produces the input; -update writes it to input so reviewers
	// see the input beside its output, and the test checks the committed input is still
	// what the generator makes.
	generate func() []byte
	batch    bool
}

func (c goldenCase) golden() string {
	mode := "stream"
	if c.batch {
		mode = "batch"
	}
	return filepath.Join(goldenDir, c.name+"."+mode+".golden")
}

var goldenCases = []goldenCase{
	// The seeds' sample, read in place: the file every example configuration tails.
	{name: "system_logs", input: "../../fluent-bit/logs/system_logs.txt"},
	// The original proof of concept scanned a whole file before scoring it.
	{name: "system_logs", input: "../../fluent-bit/logs/system_logs.txt", batch: true},
	{name: "nginx_access", input: filepath.Join(goldenDir, "nginx_access.log"), generate: nginxAccessLog},
	{name: "orders_service", input: filepath.Join(goldenDir, "orders_service.log"), generate: ordersServiceLog},
}

func defaultConfig(t testing.TB) config.Config {
	t.Helper()
	cfg, err := config.Parse(config.MapLookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// scanBytes runs a JSON scan of in, as `anomaly scan -format json` does.
func scanBytes(t testing.TB, in []byte, batch bool) ([]byte, Summary) {
	t.Helper()
	var out bytes.Buffer
	sum, err := Run(bytes.NewReader(in), &out, Options{Config: defaultConfig(t), Batch: batch, Format: FormatJSON})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), sum
}

func TestScanGolden(t *testing.T) {
	if *update {
		// Inputs first: the outputs below are computed from the files as committed.
		for _, c := range goldenCases {
			if c.generate != nil {
				writeFile(t, c.input, c.generate())
			}
		}
	}
	for _, c := range goldenCases {
		t.Run(filepath.Base(c.golden()), func(t *testing.T) {
			in, err := os.ReadFile(c.input)
			if err != nil {
				t.Fatalf("%v (run go test ./plugin/scan -run Golden -update to create it)", err)
			}
			got, sum := scanBytes(t, in, c.batch)
			t.Logf("%s: %d lines, %d scored, %d learning, %d flagged", c.input, sum.Lines, sum.Scored, sum.Learning, sum.Flagged)
			if *update {
				writeFile(t, c.golden(), got)
				return
			}
			want, err := os.ReadFile(c.golden())
			if err != nil {
				t.Fatalf("%v (run go test ./plugin/scan -run Golden -update to create it)", err)
			}
			if msg := firstDifference(got, want); msg != "" {
				if runtime.GOARCH != goldenArch {
					// Other architectures may fuse multiply-adds, which moves the last
					// digits of a score: say so rather than leave a puzzle.
					msg += fmt.Sprintf("\n(the golden files were written on %s; this is %s, where fused multiply-add can change the last digits of scores)", goldenArch, runtime.GOARCH)
				}
				t.Errorf("scan of %s differs from %s: %s\nif the change is intended, run go test ./plugin/scan -run Golden -update and review the diff", c.input, c.golden(), msg)
			}
		})
	}
}

// The committed inputs must be what the generators make, so the generators stay the
// source of truth and an edit to one is not silently left out of the golden files.
func TestGoldenInputsMatchGenerators(t *testing.T) {
	if *update {
		t.Skip("TestScanGolden rewrites the inputs")
	}
	for _, c := range goldenCases {
		if c.generate == nil {
			continue
		}
		want, err := os.ReadFile(c.input)
		if err != nil {
			t.Fatalf("%v (run go test ./plugin/scan -run Golden -update to create it)", err)
		}
		if msg := firstDifference(c.generate(), want); msg != "" {
			t.Errorf("generator of %s no longer makes the committed input: %s\nrun go test ./plugin/scan -run Golden -update", c.input, msg)
		}
	}
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstDifference describes the first line where got and want differ, "" when they are
// byte-identical. Golden files run to thousands of long lines: printing them whole would
// bury the one line that matters.
func firstDifference(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	g, w := bufio.NewScanner(bytes.NewReader(got)), bufio.NewScanner(bytes.NewReader(want))
	g.Buffer(nil, 2*MaxLineBytes)
	w.Buffer(nil, 2*MaxLineBytes)
	for n := 1; ; n++ {
		gok, wok := g.Scan(), w.Scan()
		switch {
		case !gok && !wok:
			// Same lines: only the final newline differs.
			return fmt.Sprintf("same lines, but %d bytes against %d (final newline?)", len(got), len(want))
		case !gok:
			return fmt.Sprintf("line %d: got end of output\nwant %s", n, w.Text())
		case !wok:
			return fmt.Sprintf("line %d: want end of output\ngot  %s", n, g.Text())
		case !bytes.Equal(g.Bytes(), w.Bytes()):
			return fmt.Sprintf("line %d:\ngot  %s\nwant %s", n, g.Text(), w.Text())
		}
	}
}

// TestScanDeterministic scans the same input five times in each mode and requires
// byte-identical outputs. Stream mode refits in the background by default; the
// detector applies a background fit a fixed number of records after it started, so
// how fast fits finish must never show in the annotations. The runs go concurrently so
// they compete for the CPU and their fits finish at different moments.
func TestScanDeterministic(t *testing.T) {
	in := ordersServiceLog()
	for _, batch := range []bool{false, true} {
		mode := map[bool]string{false: "stream", true: "batch"}[batch]
		t.Run(mode, func(t *testing.T) {
			const runs = 5
			cfg := defaultConfig(t)
			outs := make([][]byte, runs)
			var wg sync.WaitGroup
			for i := range outs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var out bytes.Buffer
					if _, err := Run(bytes.NewReader(in), &out, Options{Config: cfg, Batch: batch, Format: FormatJSON}); err != nil {
						t.Error(err)
						return
					}
					outs[i] = out.Bytes()
				}()
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			for i := 1; i < runs; i++ {
				if msg := firstDifference(outs[i], outs[0]); msg != "" {
					t.Fatalf("run %d differs from run 0: %s", i, msg)
				}
			}
		})
	}
}

// goldenStart is when the generated logs begin; fixed so the inputs never change.
var goldenStart = time.Date(2024, 5, 14, 9, 0, 0, 0, time.UTC)

// nginxAccessLog generates about ten minutes of an nginx access log in the combined
// format with $request_time appended: a shop's front end, its API and static files,
// and from line 2200 a burst of 502s on POST /api/v1/checkout (its upstream down for
// about half a minute, clients retrying) before traffic returns to normal.
func nginxAccessLog() []byte {
	const (
		lines         = 3000
		incidentStart = 2200
		incidentEnd   = 2340
	)
	r := rand.New(rand.NewSource(20240514))
	clients := make([]string, 40)
	for i := range clients {
		clients[i] = fmt.Sprintf("203.0.113.%d", 10+r.Intn(200))
	}
	agents := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
		"shop-app/3.12.0 (Android 14)",
	}
	type route struct {
		method, path string
		weight       int
		status       func() int
		size         func() int
		seconds      func() float64
	}
	ok := func() int { return 200 }
	fast := func() float64 { return 0.001 + r.Float64()*0.004 }
	api := func() float64 { return 0.008 + r.ExpFloat64()*0.025 }
	routes := []route{
		{"GET", "/", 10, ok, func() int { return 5120 + r.Intn(64) }, api},
		{"GET", "/static/css/app.4f9c2e.css", 12, func() int { return []int{200, 304, 304}[r.Intn(3)] }, func() int { return 48211 }, fast},
		{"GET", "/static/js/app.8d1a7b.js", 12, func() int { return []int{200, 304, 304}[r.Intn(3)] }, func() int { return 182734 }, fast},
		{"GET", "/static/img/logo.svg", 8, func() int { return []int{200, 304}[r.Intn(2)] }, func() int { return 3412 }, fast},
		{"GET", "/api/v1/products?page=%d", 14, ok, func() int { return 8000 + r.Intn(4000) }, api},
		{"GET", "/api/v1/products/%d", 16, func() int {
			if r.Intn(60) == 0 {
				return 404
			}
			return 200
		}, func() int { return 1500 + r.Intn(900) }, api},
		{"GET", "/api/v1/cart", 9, ok, func() int { return 300 + r.Intn(700) }, api},
		{"POST", "/api/v1/cart/items", 5, func() int { return 201 }, func() int { return 90 + r.Intn(40) }, api},
		{"POST", "/api/v1/login", 3, func() int {
			if r.Intn(8) == 0 {
				return 401
			}
			return 200
		}, func() int { return 220 + r.Intn(30) }, api},
		{"POST", "/api/v1/checkout", 2, ok, func() int { return 410 + r.Intn(60) }, func() float64 { return 0.12 + r.ExpFloat64()*0.08 }},
		{"GET", "/healthz", 4, ok, func() int { return 2 }, fast},
	}
	checkout := routes[9]
	total := 0
	for _, rt := range routes {
		total += rt.weight
	}
	pick := func() route {
		n := r.Intn(total)
		for _, rt := range routes {
			if n -= rt.weight; n < 0 {
				return rt
			}
		}
		panic("unreachable")
	}

	var b bytes.Buffer
	at := goldenStart
	for i := 0; i < lines; i++ {
		// About five requests a second; during the incident retries double the rate.
		gap := r.ExpFloat64() * 200 * float64(time.Millisecond)
		incident := i >= incidentStart && i < incidentEnd
		if incident {
			gap /= 2
		}
		at = at.Add(time.Duration(gap))
		rt := pick()
		status, size, seconds := rt.status(), rt.size(), rt.seconds()
		path := rt.path
		switch path {
		case "/api/v1/products?page=%d":
			path = fmt.Sprintf(path, 1+r.Intn(12))
		case "/api/v1/products/%d":
			path = fmt.Sprintf(path, 1000+r.Intn(900))
		}
		if status == 304 {
			size = 0
		}
		agent := agents[r.Intn(len(agents))]
		if rt.path == "/healthz" {
			agent = "kube-probe/1.29"
		}
		if incident && r.Intn(3) > 0 {
			// The checkout upstream is down: nginx answers 502 with its own error page
			// after the connect to the upstream fails.
			rt = checkout
			path, status, size, seconds = rt.path, 502, 157, 0.002+r.Float64()*0.02
			agent = agents[r.Intn(len(agents))]
		}
		fmt.Fprintf(&b, "%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\" %.3f\n",
			clients[r.Intn(len(clients))], at.Format("02/Jan/2006:15:04:05 -0700"), rt.method, path, status, size, agent, seconds)
	}
	return b.Bytes()
}

// ordersServiceLog generates about ten minutes of a Go service's JSON log in zap's
// production layout (level, ts in epoch seconds, caller, msg, then the fields): request
// logs, a consumer's progress, periodic pool stats. From line 2300 the payment provider
// slows down: request latency jumps twentyfold, slow-call warnings start, then a burst of
// error lines (payment failures with zap's stacktrace) before it recovers.
func ordersServiceLog() []byte {
	const (
		lines       = 3000
		slowStart   = 2300
		errorsStart = 2380
		errorsEnd   = 2460
		recovered   = 2500
	)
	r := rand.New(rand.NewSource(7))
	hex := func(n int) string {
		const digits = "0123456789abcdef"
		b := make([]byte, n)
		for i := range b {
			b[i] = digits[r.Intn(16)]
		}
		return string(b)
	}
	var b bytes.Buffer
	line := func(at time.Time, level, caller, msg string, fields ...any) {
		ts := float64(at.UnixMicro()) / 1e6
		b.WriteString(`{"level":`)
		b.Write(jsonValue(level))
		b.WriteString(`,"ts":`)
		b.WriteString(strconv.FormatFloat(ts, 'f', 6, 64))
		b.WriteString(`,"caller":`)
		b.Write(jsonValue(caller))
		b.WriteString(`,"msg":`)
		b.Write(jsonValue(msg))
		for i := 0; i < len(fields); i += 2 {
			b.WriteByte(',')
			b.Write(jsonValue(fields[i].(string)))
			b.WriteByte(':')
			b.Write(jsonValue(fields[i+1]))
		}
		b.WriteString("}\n")
	}
	paths := []string{"/v1/orders", "/v1/orders/%d", "/v1/orders/%d/items", "/v1/checkout"}
	methods := []string{"GET", "GET", "GET", "POST"}
	at := goldenStart
	offset := 184_220
	for i := 0; i < lines; i++ {
		at = at.Add(time.Duration(r.ExpFloat64() * 200 * float64(time.Millisecond)))
		slow := i >= slowStart && i < recovered
		failing := i >= errorsStart && i < errorsEnd
		switch n := r.Intn(100); {
		case failing && n < 45:
			line(at, "error", "payment/client.go:212", "payment authorization failed",
				"order_id", 500000+r.Intn(90000), "provider", "acmepay", "attempt", 1+r.Intn(3),
				"error", "Post \"https://api.acmepay.example/v2/authorize\": context deadline exceeded",
				"stacktrace", "github.com/example/orders/payment.(*Client).Authorize\n\t/src/payment/client.go:212\ngithub.com/example/orders/api.(*Handler).Checkout\n\t/src/api/checkout.go:88\nnet/http.HandlerFunc.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:2171")
		case slow && n < 60:
			line(at, "warn", "payment/client.go:198", "slow payment provider call",
				"provider", "acmepay", "latency_ms", round1(900+r.ExpFloat64()*1200), "threshold_ms", 500)
		case n < 70:
			k := r.Intn(len(paths))
			path := paths[k]
			if k == 1 || k == 2 {
				path = fmt.Sprintf(path, 500000+r.Intn(90000))
			}
			status, latency := 200, 4+r.ExpFloat64()*18
			if methods[k] == "POST" {
				status, latency = 201, 35+r.ExpFloat64()*40
			}
			if r.Intn(80) == 0 {
				status = 404
			}
			if slow {
				latency *= 20
			}
			if failing && methods[k] == "POST" {
				status = 502
			}
			line(at, "info", "api/middleware.go:64", "request completed",
				"method", methods[k], "path", path, "status", status, "latency_ms", round1(latency),
				"request_id", hex(16), "remote_addr", fmt.Sprintf("10.42.%d.%d:%d", r.Intn(4), 2+r.Intn(250), 30000+r.Intn(30000)))
		case n < 88:
			offset += 1 + r.Intn(3)
			line(at, "info", "events/consumer.go:131", "message processed",
				"topic", "orders.events", "partition", r.Intn(6), "offset", offset, "duration_ms", round1(0.4+r.ExpFloat64()*2))
		case n < 97:
			line(at, "debug", "cache/lru.go:77", "cache lookup",
				"cache", "products", "hit", r.Intn(10) < 8, "size", 9000+r.Intn(800))
		default:
			line(at, "info", "db/pool.go:45", "connection pool stats",
				"open", 20, "in_use", 3+r.Intn(6), "idle", 11+r.Intn(6), "wait_count", r.Intn(3))
		}
	}
	return b.Bytes()
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// jsonValue marshals a generated value; they are all plain strings, numbers and booleans.
func jsonValue(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
