package families

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"time"
)

// Length is how much event time every family covers.
const Length = 3 * time.Hour

// journal collects a family's lines from the sources that write them (traffic, periodic
// reports, changes, incidents), in whatever order they are written, and puts them in
// file order at the end. It keeps entries small (a family writes a few hundred thousand)
// and each distinct ground truth once.
type journal struct {
	entries []entry
	truths  []truth
	index   map[truth]int32
}

type entry struct {
	at    int64 // Unix nanoseconds
	seq   int32 // order of writing, which breaks ties of time
	truth int32 // index in journal.truths
	text  string
}

// truth is the ground truth given to the lines a source writes.
type truth struct {
	incident, change string
	changeStart      time.Time
}

// routine is the truth of normal lines.
var routine truth

// incident is the truth of the lines of the named incident.
func incident(name string) truth { return truth{incident: name} }

// change is a benign change: a deploy, a traffic ramp, a batch job, a reload.
type change struct {
	name  string
	start time.Time
}

func (c change) truth() truth { return truth{change: c.name, changeStart: c.start} }

// later returns the truth of a line two changes could claim: the more recent change's
// (a request of a pod the scale-out started, after the reload that changed it).
func later(a, b truth) truth {
	if a.change == "" || b.change != "" && b.changeStart.After(a.changeStart) {
		return b
	}
	return a
}

// merge returns the truth of a line two causes claim: an incident's above a change's
// (a request the outage failed during a deploy is the outage's), then the later change's.
func merge(a, b truth) truth {
	switch {
	case a.incident != "":
		return a
	case b.incident != "":
		return b
	}
	return later(a, b)
}

// add writes lines at one time: a multi-line entry (a stack trace) shares its time.
func (j *journal) add(t truth, at time.Time, text ...string) {
	k, ok := j.index[t]
	if !ok {
		if j.index == nil {
			j.index = map[truth]int32{}
		}
		k = int32(len(j.truths))
		j.truths = append(j.truths, t)
		j.index[t] = k
	}
	for _, s := range text {
		j.entries = append(j.entries, entry{at: at.UnixNano(), seq: int32(len(j.entries)), truth: k, text: s})
	}
}

// sorted returns the lines before end in time order, as a file cut at end holds them
// (a session that would close later has not written its last lines yet). Lines of one
// time keep the order they were written in, so a multi-line entry stays whole.
func (j *journal) sorted(end time.Time) []Line {
	kept := j.entries[:0]
	for _, e := range j.entries {
		if e.at < end.UnixNano() {
			kept = append(kept, e)
		}
	}
	slices.SortFunc(kept, func(a, b entry) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	lines := make([]Line, len(kept))
	for i, e := range kept {
		t := j.truths[e.truth]
		lines[i] = Line{At: time.Unix(0, e.at).UTC(), Text: e.text, Incident: t.incident, Change: t.change, ChangeStart: t.changeStart}
	}
	j.entries = nil
	return lines
}

// gen draws the random parts of lines.
type gen struct{ rng *rand.Rand }

// newGen seeds a family's generator; salt keeps families with one seed apart.
func newGen(seed, salt int64) *gen {
	return &gen{rng: rand.New(rand.NewSource(seed*7919 + salt))}
}

func (g *gen) intn(n int) int                  { return g.rng.Intn(n) }
func (g *gen) between(lo, hi int) int          { return lo + g.rng.Intn(hi-lo+1) }
func (g *gen) chance(p float64) bool           { return g.rng.Float64() < p }
func (g *gen) normal(mean, sd float64) float64 { return mean + sd*g.rng.NormFloat64() }

// lognormal draws a positive number around median; sigma 0.5 spreads it over about
// x0.4 to x2.7 (95%).
func (g *gen) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.rng.NormFloat64())
}

func pick[T any](g *gen, from []T) T { return from[g.rng.Intn(len(from))] }

// weighted draws an index of n items by their weights, -1 (and no draw) when every weight
// is 0: a pod of a Service by its share of the traffic, a data stream by its share of
// the writes.
func (g *gen) weighted(n int, weight func(i int) float64) int {
	total := 0.0
	for i := 0; i < n; i++ {
		total += weight(i)
	}
	if total == 0 {
		return -1
	}
	u, last := g.rng.Float64()*total, -1
	for i := 0; i < n; i++ {
		w := weight(i)
		if w == 0 {
			continue
		}
		if u < w {
			return i
		}
		u -= w
		last = i
	}
	return last
}

// hex returns n random lower-case hexadecimal digits.
func (g *gen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rng.Intn(16)]
	}
	return string(b)
}

// alnum returns n random characters as Kubernetes pod name suffixes use them.
func (g *gen) alnum(n int) string {
	const chars = "bcdfghjklmnpqrstvwxz2456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[g.rng.Intn(len(chars))]
	}
	return string(b)
}

func (g *gen) uuid() string {
	return g.hex(8) + "-" + g.hex(4) + "-4" + g.hex(3) + "-" + pick(g, []string{"8", "9", "a", "b"}) + g.hex(3) + "-" + g.hex(12)
}

// privateIP returns an address of the 10.0.0.0/8 network the services talk on.
func (g *gen) privateIP() string {
	return fmt.Sprintf("10.%d.%d.%d", g.between(0, 7), g.intn(256), g.between(2, 254))
}

// publicIP returns an address out on the internet (scanners, clients).
func (g *gen) publicIP() string {
	first := pick(g, []int{5, 23, 31, 45, 62, 77, 80, 91, 103, 109, 141, 146, 159, 167, 178, 185, 193, 194, 212, 217})
	return fmt.Sprintf("%d.%d.%d.%d", first, g.intn(256), g.intn(256), g.between(1, 254))
}

// arrivals calls fn at the times of a Poisson process of rate(t) events per second,
// from from (excluded) to to (excluded).
func (g *gen) arrivals(from, to time.Time, rate func(time.Time) float64, fn func(time.Time)) {
	for t := from; ; {
		r := rate(t)
		if r <= 0 {
			t = t.Add(time.Second)
		} else {
			t = t.Add(time.Duration(g.rng.ExpFloat64() / r * float64(time.Second)))
		}
		if !t.Before(to) {
			return
		}
		if rate(t) > 0 { // no event once the source has stopped (a restart)
			fn(t)
		}
	}
}

// every calls fn every period from first until to (excluded), each call shifted by up
// to jitter, as a scheduler's ticks are.
func (g *gen) every(first, to time.Time, period, jitter time.Duration, fn func(time.Time)) {
	for t := first; t.Before(to); t = t.Add(period) {
		at := t
		if jitter > 0 {
			at = at.Add(time.Duration(g.rng.Int63n(int64(jitter))))
		}
		fn(at)
	}
}

// rampUp is 0 before start, 1 after start+d, and rises smoothly in between.
func rampUp(t, start time.Time, d time.Duration) float64 {
	x := float64(t.Sub(start)) / float64(d)
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return x * x * (3 - 2*x)
}

// within reports whether t is in [from, from+d).
func within(t, from time.Time, d time.Duration) bool {
	return !t.Before(from) && t.Before(from.Add(d))
}

// field is one member of a JSON log line.
type field struct {
	key   string
	value any
}

// jsonLine writes members in the given order, as structured loggers do (encoding/json
// would sort a map's keys). Floats are written as loggers write them: no exponent, no
// trailing zeros. Values are strings, ints, float64s, bools, []int, []string, nil (null)
// or []field (a nested object).
func jsonLine(fields ...field) string {
	return string(appendJSONValue(make([]byte, 0, 256), fields))
}

func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		s := strconv.AppendFloat(nil, v, 'f', 6, 64)
		for s[len(s)-1] == '0' {
			s = s[:len(s)-1]
		}
		return append(b, bytes.TrimSuffix(s, []byte("."))...)
	case bool:
		return strconv.AppendBool(b, v)
	case []field: // an object: the line, or one nested in it (MongoDB's attr)
		b = append(b, '{')
		for i, f := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, f.key)
			b = append(b, ':')
			b = appendJSONValue(b, f.value)
		}
		return append(b, '}')
	case []int:
		b = append(b, '[')
		for i, n := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
		return append(b, ']')
	case []string: // Serilog's renderings (@r), a scope
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	case nil:
		return append(b, "null"...)
	}
	panic(fmt.Sprintf("families: no JSON form for %T", v))
}

// appendJSONString quotes s; the generators write printable ASCII, and the newlines and
// tabs of a stack trace held in one string, so quotes, backslashes, newlines and tabs are
// all there is to escape.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// round rounds x to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}
