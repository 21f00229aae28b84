package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"time"
)

// A generated line reads `2025-06-02 08:00:00.123 INFO [web] GET /api/v1/products/42 200
// 17ms bytes=5120`: the shape of most application logs, which parserConf splits into
// level, service and message.
const parserConf = `[PARSER]
    Name        app_line
    Format      regex
    Regex       ^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) (?<level>[A-Z]+) \[(?<service>[a-z-]+)\] (?<message>.*)$
    Time_Key    time
    Time_Format %Y-%m-%d %H:%M:%S.%L
`

// logStart is the event time of the first line. A fixed time, not the clock, so the same
// seed writes the same bytes on every machine and the plugin sees the same event times.
var logStart = time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC)

// template is one kind of line: its weight among the lines written outside incidents.
type template struct {
	weight  int
	level   string
	service string
	render  func(r *rand.Rand) string
}

func ip(r *rand.Rand) string {
	return fmt.Sprintf("%d.%d.%d.%d", 10+r.IntN(180), r.IntN(256), r.IntN(256), 1+r.IntN(254))
}

// latency is a heavy-tailed duration in milliseconds around base, as request times are.
func latency(r *rand.Rand, base int) int {
	return base/2 + int(r.ExpFloat64()*float64(base))
}

var searchWords = []string{"shoes", "red dress", "laptop bag", "usb-c cable", "coffee", "tent", "gift card", "headphones", "running socks", "desk lamp"}

// templates are a web shop's services: mostly INFO and DEBUG, about 3.5% WARN and 0.2%
// ERROR outside the incidents, numbers in almost every line (ids, durations, sizes), as
// real logs have.
var templates = []template{
	{1400, "INFO", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("GET /api/v1/products/%d 200 %dms bytes=%d", 1+r.IntN(50000), latency(r, 18), 800+r.IntN(12000))
	}},
	{700, "INFO", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("GET /api/v1/categories/%d/products?page=%d 200 %dms bytes=%d", 1+r.IntN(120), 1+r.IntN(20), latency(r, 35), 4000+r.IntN(40000))
	}},
	{450, "INFO", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("POST /api/v1/cart/%d/items 201 %dms", 1+r.IntN(900000), latency(r, 25))
	}},
	{300, "INFO", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("GET /static/js/app.%08x.js 304 %dms", r.Uint32()%16, latency(r, 2))
	}},
	{500, "INFO", "web", func(r *rand.Rand) string { return fmt.Sprintf("GET /healthz 200 %dms", r.IntN(3)) }},
	{120, "WARN", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("GET /api/v1/products/%d 404 %dms", 50000+r.IntN(900000), latency(r, 6))
	}},
	{40, "WARN", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("slow request POST /api/v1/checkout took %dms (threshold 1000ms)", 1000+r.IntN(2500))
	}},
	{8, "ERROR", "web", func(r *rand.Rand) string {
		return fmt.Sprintf("POST /api/v1/checkout 500 %dms: upstream payment-service returned 502", latency(r, 300))
	}},
	{350, "INFO", "auth", func(r *rand.Rand) string {
		return fmt.Sprintf("user %d logged in from %s", 1000+r.IntN(200000), ip(r))
	}},
	{400, "INFO", "auth", func(r *rand.Rand) string {
		return fmt.Sprintf("session %016x refreshed for user %d, expires in %d s", r.Uint64(), 1000+r.IntN(200000), 1800+r.IntN(1800))
	}},
	{60, "WARN", "auth", func(r *rand.Rand) string {
		return fmt.Sprintf("login failed for user %d from %s: invalid password (attempt %d of 5)", 1000+r.IntN(200000), ip(r), 1+r.IntN(4))
	}},
	{200, "INFO", "auth", func(r *rand.Rand) string {
		return fmt.Sprintf("user %d logged out after %d s", 1000+r.IntN(200000), 30+r.IntN(7200))
	}},
	{600, "DEBUG", "db", func(r *rand.Rand) string {
		return fmt.Sprintf("query products.by_category took %d ms rows=%d", latency(r, 4), r.IntN(60))
	}},
	{450, "DEBUG", "db", func(r *rand.Rand) string {
		return fmt.Sprintf("query orders.by_user took %d ms rows=%d", latency(r, 6), r.IntN(25))
	}},
	{150, "INFO", "db", func(r *rand.Rand) string {
		return fmt.Sprintf("connection pool stats: active=%d idle=%d waiting=%d", 2+r.IntN(18), r.IntN(10), r.IntN(2))
	}},
	{35, "WARN", "db", func(r *rand.Rand) string {
		return fmt.Sprintf("slow query on orders (%d ms): SELECT * FROM orders WHERE user_id = %d", 500+r.IntN(3000), 1000+r.IntN(200000))
	}},
	{700, "DEBUG", "cache", func(r *rand.Rand) string {
		return fmt.Sprintf("cache hit for product:%d (ttl %d s)", 1+r.IntN(50000), r.IntN(600))
	}},
	{300, "DEBUG", "cache", func(r *rand.Rand) string {
		return fmt.Sprintf("cache miss for product:%d, loaded in %d ms", 1+r.IntN(50000), latency(r, 5))
	}},
	{60, "INFO", "cache", func(r *rand.Rand) string {
		return fmt.Sprintf("evicted %d keys, memory used %d MB of 2048 MB", 100+r.IntN(5000), 1200+r.IntN(700))
	}},
	{300, "INFO", "orders", func(r *rand.Rand) string {
		return fmt.Sprintf("order %d placed by user %d: %d items, total %d.%02d EUR", 7000000+r.IntN(900000), 1000+r.IntN(200000), 1+r.IntN(8), 5+r.IntN(400), r.IntN(100))
	}},
	{290, "INFO", "payment", func(r *rand.Rand) string {
		return fmt.Sprintf("payment %d authorized for order %d in %d ms", 30000000+r.IntN(9000000), 7000000+r.IntN(900000), latency(r, 180))
	}},
	{25, "WARN", "payment", func(r *rand.Rand) string {
		return fmt.Sprintf("payment %d declined for order %d: insufficient funds", 30000000+r.IntN(9000000), 7000000+r.IntN(900000))
	}},
	{6, "ERROR", "payment", func(r *rand.Rand) string {
		return fmt.Sprintf("payment gateway timeout after %d ms for order %d (attempt %d/3)", 5000+r.IntN(5000), 7000000+r.IntN(900000), 1+r.IntN(3))
	}},
	{300, "INFO", "worker", func(r *rand.Rand) string {
		return fmt.Sprintf("job send-email %d finished in %d ms", 100000+r.IntN(900000), latency(r, 90))
	}},
	{150, "INFO", "worker", func(r *rand.Rand) string {
		return fmt.Sprintf("job reindex-products batch %d of 400 done, %d documents", 1+r.IntN(400), 900+r.IntN(200))
	}},
	{250, "INFO", "worker", func(r *rand.Rand) string {
		return fmt.Sprintf("queue depth %d, %d workers busy", r.IntN(40), r.IntN(16))
	}},
	{30, "WARN", "worker", func(r *rand.Rand) string {
		return fmt.Sprintf("job send-email %d retried (%d/5): smtp 421 service not available", 100000+r.IntN(900000), 1+r.IntN(4))
	}},
	{40, "INFO", "scheduler", func(r *rand.Rand) string {
		return fmt.Sprintf("cron cleanup-sessions removed %d expired sessions in %d ms", r.IntN(3000), latency(r, 40))
	}},
	{200, "INFO", "system", func(r *rand.Rand) string {
		return fmt.Sprintf("gc pause %d us, heap %d MB", 50+r.IntN(900), 300+r.IntN(500))
	}},
	{10, "WARN", "system", func(r *rand.Rand) string {
		return fmt.Sprintf("disk usage on /var/lib/shop at %d%%", 80+r.IntN(10))
	}},
	{1, "ERROR", "system", func(r *rand.Rand) string {
		return fmt.Sprintf("out of memory: killed worker pid %d", 2000+r.IntN(30000))
	}},
	{329, "INFO", "inventory", func(r *rand.Rand) string {
		n := r.IntN(500)
		return fmt.Sprintf("stock for sku-%05d updated: %d -> %d", r.IntN(50000), n, max(0, n-1-r.IntN(3)))
	}},
	{400, "INFO", "search", func(r *rand.Rand) string {
		return fmt.Sprintf("search q=%q returned %d hits in %d ms", searchWords[r.IntN(len(searchWords))], r.IntN(2000), latency(r, 30))
	}},
}

// incident is a stretch of lines where one failure takes over a share of the log, as an
// outage does: what a detector is there to see.
type incident struct {
	from, to int     // line numbers, the first included
	share    float64 // of the lines in the stretch
	level    string
	service  string
	render   func(r *rand.Rand) string
}

// incidentsFor places three incidents at fixed fractions of the log, so a shorter log
// (-lines) has them too.
func incidentsFor(lines int) []incident {
	at := func(f float64) int { return int(f * float64(lines)) }
	return []incident{
		{at(0.37), at(0.37) + 600, 0.5, "ERROR", "db", func(r *rand.Rand) string {
			return fmt.Sprintf("could not connect to postgres at 10.0.3.%d:5432: connection refused", 10+r.IntN(3))
		}},
		{at(0.61), at(0.61) + 2000, 0.3, "WARN", "web", func(r *rand.Rand) string {
			return fmt.Sprintf("slow request GET /api/v1/products/%d took %dms (threshold 1000ms)", 1+r.IntN(50000), 1500+r.IntN(6000))
		}},
		{at(0.83), at(0.83) + 300, 0.8, "ERROR", "payment", func(r *rand.Rand) string {
			return fmt.Sprintf("payment gateway timeout after %d ms for order %d (attempt %d/3)", 10000, 7000000+r.IntN(900000), 1+r.IntN(3))
		}},
	}
}

// generated describes a written log: what the outputs are checked against.
type generated struct {
	lines  int
	bytes  int64
	digest uint64 // sum of the FNV-1a hashes of the messages: a multiset hash, order aside
	levels map[string]int
	sha256 string // of the file, to tell that two runs read the same bytes
}

// messageHash is the hash of one message that generated.digest sums.
func messageHash(msg string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(msg))
	return h.Sum64()
}

// generate writes lines lines to path, the same bytes for the same seed.
func generate(path string, lines int, seed uint64) (generated, error) {
	f, err := os.Create(path)
	if err != nil {
		return generated{}, err
	}
	defer f.Close()
	sum := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<20)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	total := 0
	for _, t := range templates {
		total += t.weight
	}
	incidents := incidentsFor(lines)
	g := generated{lines: lines, levels: map[string]int{}}
	at := logStart
	for i := range lines {
		// About 80 lines a second with bursts and pauses, as a busy service logs.
		at = at.Add(time.Duration(r.ExpFloat64()*12) * time.Millisecond)
		level, service, msg := "", "", ""
		for _, inc := range incidents {
			if i >= inc.from && i < inc.to && r.Float64() < inc.share {
				level, service, msg = inc.level, inc.service, inc.render(r)
				break
			}
		}
		if msg == "" {
			pick := r.IntN(total)
			for _, t := range templates {
				if pick < t.weight {
					level, service, msg = t.level, t.service, t.render(r)
					break
				}
				pick -= t.weight
			}
		}
		g.digest += messageHash(msg)
		g.levels[level]++
		n, err := fmt.Fprintf(w, "%s %s [%s] %s\n", at.Format("2006-01-02 15:04:05.000"), level, service, msg)
		if err != nil {
			return generated{}, err
		}
		g.bytes += int64(n)
	}
	if err := w.Flush(); err != nil {
		return generated{}, err
	}
	g.sha256 = fmt.Sprintf("%x", sum.Sum(nil))
	return g, f.Close()
}
