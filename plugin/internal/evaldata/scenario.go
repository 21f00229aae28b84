package evaldata

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"time"
)

// Record is one line of a synthetic stream.
type Record struct {
	Message  string
	Level    string // INFO, DEBUG, WARNING, ERROR, CRITICAL; "" when the line has no level field
	At       time.Time
	Incident bool // part of the injected incident
}

// Scenario is a synthetic incident injected into normal traffic.
type Scenario struct {
	Name string
	// incident writes the incident's records through emit, from start on.
	incident func(g *traffic, start time.Time, emit func(at time.Time, msg, level string))
	// heapMB, when set, replaces the periodic heap report's value from the incident
	// start on; those reports are then the incident.
	heapMB func(since time.Duration) float64
	// access makes the normal traffic the shop's web server access log (Combined Log
	// Format, no level field) instead of its application log.
	access bool
}

// Stream shape: normal traffic at TrafficRate records per second for IncidentAfter,
// the incident, then TrafficAfter more of normal traffic.
const (
	TrafficRate   = 20.0
	IncidentAfter = 20 * time.Minute
	TrafficAfter  = 10 * time.Minute
	heapEvery     = 10 * time.Second
)

// TrafficStart is the event time of every scenario's first record.
var TrafficStart = time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)

// traffic produces the normal traffic of a small web shop: requests, queries, logins,
// cache hits, orders, sessions, periodic heap and pool reports, and the background of
// warnings and errors every real service has (slow searches, a mistyped password, a
// payment timeout now and then).
type traffic struct {
	rng  *rand.Rand
	heap float64 // MB, drifts around 512
}

var (
	users = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter"}
	paths = []string{"/api/v1/products", "/api/v1/cart", "/api/v1/search", "/api/v1/orders", "/api/v1/users/me", "/api/v1/recommendations"}
)

func (g *traffic) ip() string {
	return fmt.Sprintf("10.%d.%d.%d", g.rng.Intn(4), g.rng.Intn(256), 1+g.rng.Intn(254))
}

func (g *traffic) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.rng.NormFloat64())
}

// line returns one normal record.
func (g *traffic) line() (msg, level string) {
	u := users[g.rng.Intn(len(users))]
	switch p := g.rng.Float64(); {
	case p < 0.35:
		return fmt.Sprintf("GET %s/%d 200 %dms", paths[g.rng.Intn(len(paths))], g.rng.Intn(100000), int(g.lognormal(25, 0.5))), "INFO"
	case p < 0.47:
		return fmt.Sprintf("POST /api/v1/cart/%d/items 201 %dms", g.rng.Intn(100000), int(g.lognormal(40, 0.5))), "INFO"
	case p < 0.62:
		return fmt.Sprintf("Query executed in %d ms: SELECT * FROM orders WHERE user_id = ?", int(g.lognormal(200, 0.3))), "INFO"
	case p < 0.67:
		return fmt.Sprintf("User %s logged in from %s", u, g.ip()), "INFO"
	case p < 0.80:
		return fmt.Sprintf("Cache hit for key product:%d", g.rng.Intn(100000)), "DEBUG"
	case p < 0.85:
		return fmt.Sprintf("Order %d placed by user %s, total %.2f USD", 100000+g.rng.Intn(900000), u, g.lognormal(60, 0.8)), "INFO"
	case p < 0.88:
		return fmt.Sprintf("Connection pool stats: active=%d idle=%d waiting=0", 5+g.rng.Intn(10), 10+g.rng.Intn(10)), "INFO"
	case p < 0.96:
		return fmt.Sprintf("Session %x refreshed for user %s", g.rng.Uint32(), u), "INFO"
	case p < 0.985:
		return fmt.Sprintf("Slow request GET /api/v1/search took %d ms", int(g.lognormal(1500, 0.3))), "WARNING"
	case p < 0.995:
		return fmt.Sprintf("Login failed for user %s from %s: invalid password", u, g.ip()), "WARNING"
	default:
		return fmt.Sprintf("Payment gateway timeout for order %d after %d ms", 100000+g.rng.Intn(900000), int(g.lognormal(5000, 0.2))), "ERROR"
	}
}

// accessLine returns one normal line of the web server's access log at time at: mostly
// 200s in tens of milliseconds, some 404s and 304s.
func (g *traffic) accessLine(at time.Time) string {
	status := 200
	switch p := g.rng.Float64(); {
	case p < 0.03:
		status = 404
	case p < 0.05:
		status = 304
	}
	return accessLog(g.ip(), at, "GET", paths[g.rng.Intn(len(paths))], status, 200+g.rng.Intn(5000), "Mozilla/5.0", g.lognormal(0.02, 0.5))
}

// accessLog formats one Combined Log Format line with nginx's request time appended.
func accessLog(ip string, at time.Time, method, path string, status, size int, agent string, seconds float64) string {
	return fmt.Sprintf(`%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %.3f`, ip, at.Format("02/Jan/2006:15:04:05 -0700"), method, path, status, size, agent, seconds)
}

func (g *traffic) heapLine(mb float64) string {
	return fmt.Sprintf("Memory usage: heap %d MB, gc pause %d ms", int(mb), int(g.lognormal(8, 0.4)))
}

// Records generates the scenario's stream with the given seed, in event-time order.
func (sc Scenario) Records(seed int64) []Record {
	g := &traffic{rng: rand.New(rand.NewSource(seed)), heap: 512}
	var out []Record
	emit := func(incident bool) func(time.Time, string, string) {
		return func(at time.Time, msg, level string) {
			out = append(out, Record{Message: msg, Level: level, At: at, Incident: incident})
		}
	}
	start := TrafficStart.Add(IncidentAfter)
	end := start.Add(TrafficAfter)
	nextHeap := TrafficStart
	for t := TrafficStart; t.Before(end); {
		t = t.Add(time.Duration(g.rng.ExpFloat64() / TrafficRate * float64(time.Second)))
		if sc.access {
			emit(false)(t, g.accessLine(t), "")
			continue
		}
		for !nextHeap.After(t) {
			g.heap += 0.05 * (512 - g.heap)
			mb := g.heap * (1 + 0.04*g.rng.NormFloat64())
			incident := false
			if sc.heapMB != nil && !nextHeap.Before(start) {
				mb, incident = sc.heapMB(nextHeap.Sub(start)), true
			}
			emit(incident)(nextHeap, g.heapLine(mb), "INFO")
			nextHeap = nextHeap.Add(heapEvery)
		}
		msg, level := g.line()
		emit(false)(t, msg, level)
	}
	if sc.incident != nil {
		sc.incident(g, start, emit(true))
		sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	}
	return out
}

// Scenarios are the incidents the original proof of concept promised to catch, each in
// its own stream of normal traffic.
var Scenarios = []Scenario{
	{
		Name: "memory leak logged as INFO",
		// The heap climbs from its usual 512 MB to 4 GB over 10 minutes.
		heapMB: func(since time.Duration) float64 {
			return 512 * math.Exp(math.Log(8)*math.Min(1, since.Minutes()/10))
		},
	},
	{
		Name: "slow queries in WARNING",
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 12; i++ {
				emit(start.Add(time.Duration(i)*10*time.Second), fmt.Sprintf("Query executed in %d ms: SELECT * FROM orders WHERE user_id = ?", int(g.lognormal(20000, 0.3))), "WARNING")
			}
		},
	},
	{
		Name: "login failure storm",
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 300; i++ {
				emit(start.Add(time.Duration(i)*200*time.Millisecond), fmt.Sprintf("Login failed for user admin from 203.0.113.%d: invalid password", 7+i%3), "WARNING")
			}
		},
	},
	{
		Name: "unauthorized access",
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 5; i++ {
				emit(start.Add(time.Duration(i)*7*time.Second), fmt.Sprintf("Unauthorized access to /admin/users by user guest from 198.51.100.%d", 20+i), "INFO")
			}
		},
	},
	{
		Name: "error burst",
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 120; i++ {
				at := start.Add(time.Duration(i) * 250 * time.Millisecond)
				if i%2 == 0 {
					emit(at, "Database connection failed: connection refused (pool exhausted)", "ERROR")
				} else {
					emit(at, fmt.Sprintf("Payment gateway timeout for order %d after %d ms", 100000+g.rng.Intn(900000), int(g.lognormal(5000, 0.2))), "ERROR")
				}
			}
		},
	},
	{
		Name:   "access log: 401 storm on /admin",
		access: true,
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 50; i++ {
				at := start.Add(time.Duration(i) * 300 * time.Millisecond)
				emit(at, accessLog("203.0.113.9", at, "POST", "/admin/login", 401, 64, "python-requests/2.31", 0.004), "")
			}
		},
	},
	{
		Name:   "access log: 502 burst",
		access: true,
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 60; i++ {
				at := start.Add(time.Duration(i) * 100 * time.Millisecond)
				emit(at, accessLog(g.ip(), at, "GET", "/api/v1/cart", 502, 157, "Mozilla/5.0", 30.001), "")
			}
		},
	},
	{
		Name:   "access log: slow upstream, all 200s",
		access: true,
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			for i := 0; i < 10; i++ {
				at := start.Add(time.Duration(i) * 5 * time.Second)
				emit(at, accessLog(g.ip(), at, "GET", "/api/v1/products", 200, 2100, "Mozilla/5.0", g.lognormal(25, 0.2)), "")
			}
		},
	},
	{
		Name: "never-seen kernel panic",
		incident: func(g *traffic, start time.Time, emit func(time.Time, string, string)) {
			emit(start, "Kernel panic - not syncing: Fatal exception in interrupt", "CRITICAL")
		},
	},
}
