package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Line is one log line of the demo shop.
type Line struct {
	Time    time.Time
	Service string
	Level   string
	Message string
	// Incident names the incident the line belongs to, "" for normal traffic. It is not
	// written out: the point of the demo is that the plugin finds incidents unaided.
	Incident string
}

// Incident kinds, in the order they come round.
const (
	MemoryLeak         = "memory_leak"
	SlowQueries        = "slow_queries"
	LoginFailureStorm  = "login_failure_storm"
	UnauthorizedAccess = "unauthorized_access"
	ErrorBurst         = "error_burst"
	KernelPanic        = "kernel_panic"
)

// Incidents lists every incident kind in the order the generator plays them.
var Incidents = []string{MemoryLeak, SlowQueries, LoginFailureStorm, UnauthorizedAccess, ErrorBurst, KernelPanic}

// Services are the services of the demo shop, one stream each with group_by service.
var Services = []string{"web", "db", "auth", "system"}

// Generator produces the shop's traffic on a clock of its own: normal lines at Rate per
// second on average, and every IncidentEvery one incident, the kinds taken in turn. The
// same seed and start give the same lines.
type Generator struct {
	rng           *rand.Rand
	now           time.Time
	rate          float64
	incidentEvery time.Duration
	nextIncident  time.Time
	kind          int
	pending       []Line // lines of the incident under way, in time order
	heapMB        float64
}

// NewGenerator returns a generator whose first line comes just after start. rate is the
// average number of normal lines per second; the first incident comes after
// incidentEvery, so the streams have learnt the normal traffic by then.
func NewGenerator(seed uint64, start time.Time, rate float64, incidentEvery time.Duration) *Generator {
	return &Generator{
		rng:           rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		now:           start,
		rate:          rate,
		incidentEvery: incidentEvery,
		nextIncident:  start.Add(incidentEvery),
		heapMB:        200,
	}
}

// Next returns the next line; times never go back.
func (g *Generator) Next() Line {
	gap := time.Duration(g.rng.ExpFloat64() / g.rate * float64(time.Second))
	at := g.now.Add(gap)
	if len(g.pending) == 0 && g.incidentEvery > 0 && !at.Before(g.nextIncident) {
		g.pending = g.incident(Incidents[g.kind%len(Incidents)], g.nextIncident)
		g.kind++
		g.nextIncident = g.nextIncident.Add(g.incidentEvery)
	}
	if len(g.pending) > 0 && !g.pending[0].Time.After(at) {
		l := g.pending[0]
		g.pending = g.pending[1:]
		g.now = l.Time
		return l
	}
	g.now = at
	return g.normal(at)
}

func (g *Generator) pick(options ...string) string { return options[g.rng.IntN(len(options))] }

func (g *Generator) ip() string {
	return fmt.Sprintf("10.0.%d.%d", g.rng.IntN(4), 2+g.rng.IntN(250))
}

var users = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}

// normal is one line of ordinary traffic.
func (g *Generator) normal(at time.Time) Line {
	l := Line{Time: at, Level: "INFO"}
	switch r := g.rng.Float64(); {
	case r < 0.45:
		l.Service = "web"
		switch g.rng.IntN(5) {
		case 0, 1:
			l.Message = fmt.Sprintf("GET /api/products/%d 200 %dms", 1+g.rng.IntN(5000), 5+g.rng.IntN(60))
		case 2:
			l.Message = fmt.Sprintf("POST /api/cart 201 %dms", 10+g.rng.IntN(80))
		case 3:
			l.Message = fmt.Sprintf("user %s viewed product %d", g.pick(users...), 1+g.rng.IntN(5000))
		default:
			// The heap moves around a level; the leak makes it climb.
			g.heapMB = 200 + 15*math.Sin(float64(at.Unix())/60) + g.rng.NormFloat64()*3
			l.Message = fmt.Sprintf("heap usage %d MB, gc pause %d ms", int(g.heapMB), 1+g.rng.IntN(8))
		}
	case r < 0.75:
		l.Service = "db"
		switch g.rng.IntN(4) {
		case 0, 1:
			l.Message = fmt.Sprintf("query SELECT * FROM products WHERE id = %d took %d ms", 1+g.rng.IntN(5000), 1+g.rng.IntN(25))
		case 2:
			l.Message = fmt.Sprintf("connection pool: %d active, %d idle", 2+g.rng.IntN(6), 10+g.rng.IntN(6))
		default:
			l.Level = "DEBUG"
			l.Message = fmt.Sprintf("checkpoint complete: wrote %d buffers", 100+g.rng.IntN(900))
		}
	case r < 0.93:
		l.Service = "auth"
		switch g.rng.IntN(10) {
		case 0:
			// Someone mistypes a password now and then: a warning that is normal.
			l.Level = "WARNING"
			l.Message = fmt.Sprintf("login failed for user %s from %s: bad password", g.pick(users...), g.ip())
		case 1, 2, 3:
			l.Message = fmt.Sprintf("token refreshed for user %s", g.pick(users...))
		default:
			l.Message = fmt.Sprintf("login succeeded for user %s from %s", g.pick(users...), g.ip())
		}
	default:
		l.Service = "system"
		switch g.rng.IntN(3) {
		case 0:
			l.Message = fmt.Sprintf("disk /var usage %d%%", 40+g.rng.IntN(5))
		case 1:
			l.Message = fmt.Sprintf("ntp offset %d ms", g.rng.IntN(4))
		default:
			l.Message = fmt.Sprintf("cron job backup finished in %d s", 30+g.rng.IntN(20))
		}
	}
	return l
}

// incident returns the lines of one incident, starting at start.
func (g *Generator) incident(kind string, start time.Time) []Line {
	var out []Line
	at := start
	add := func(gap time.Duration, service, level, msg string) {
		at = at.Add(gap)
		out = append(out, Line{Time: at, Service: service, Level: level, Message: msg, Incident: kind})
	}
	ms := func(lo, hi int) time.Duration { return time.Duration(lo+g.rng.IntN(hi-lo+1)) * time.Millisecond }
	switch kind {
	case MemoryLeak:
		// Logged at INFO like every heap line: only the number gives it away.
		heap := 220.0
		for range 40 {
			heap *= 1.06 + g.rng.Float64()*0.02
			add(ms(400, 900), "web", "INFO", fmt.Sprintf("heap usage %d MB, gc pause %d ms", int(heap), 5+int(heap/40)))
		}
	case SlowQueries:
		for range 15 {
			add(ms(300, 1200), "db", "WARNING", fmt.Sprintf("slow query: SELECT * FROM orders WHERE customer_id = %d took %d ms", 1+g.rng.IntN(90000), 2000+g.rng.IntN(8000)))
		}
	case LoginFailureStorm:
		source := fmt.Sprintf("203.0.113.%d", 1+g.rng.IntN(250))
		for range 60 {
			add(ms(20, 120), "auth", "WARNING", fmt.Sprintf("login failed for user %s from %s: bad password", g.pick("admin", "root", "administrator", "test"), source))
		}
	case UnauthorizedAccess:
		for _, path := range []string{"/admin/users", "/admin/export", "/internal/config"} {
			add(ms(500, 3000), "auth", "ERROR", fmt.Sprintf("unauthorized access to %s by user %s from %s", path, g.pick(users...), g.ip()))
		}
	case ErrorBurst:
		for range 30 {
			add(ms(30, 200), "web", "ERROR", fmt.Sprintf("upstream payments-api timed out after 30000 ms (order %d)", 10000+g.rng.IntN(90000)))
		}
	case KernelPanic:
		add(ms(10, 100), "system", "CRITICAL", "Kernel panic - not syncing: Fatal exception in interrupt")
		add(ms(10, 100), "system", "CRITICAL", "CPU: 3 PID: 0 Comm: swapper/3 Tainted: G D 6.1.0-18-amd64")
	default:
		panic("loggen: unknown incident " + kind)
	}
	return out
}
