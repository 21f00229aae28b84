package families

import (
	"fmt"
	"math"
	"time"
)

// holdout2 is a holdout family: a message-queue consumer's JSON log.
var holdout2 = Family{
	Name:    "holdout-2",
	Role:    Holdout,
	Service: "Go message-queue consumer, zap JSON lines with epoch timestamps",
	Lines:   holdout2Lines,
}

// A billing consumer reads orders.v1 (12 partitions) in batches, one partition after the
// other, and writes invoices; zap's production encoder (ts in seconds since the epoch),
// the Kafka client's lines under logger "kgo".
//
// Normal: about 18 events a second, each "event handled" (partition, offset, type, key,
// duration), an invoice for every paid order, offsets committed after each batch, routine
// retries after a deadline, slow handlers, tombstones skipped; consumer stats every 15 s
// (rate, lag, heap), invoices flushed every minute, metadata refreshed every 5 minutes.
//
// Benign changes: DEBUG logging from 0:40 to 1:00 (fetch responses, dedup lookups); a
// second consumer joining the group at 1:22 (rebalance, half the partitions and half the
// rate from then on); a deploy of 2.7.0 at 2:05 (shutdown, start banners, a schema_id
// field on every event line, a new "event deduplicated" line).
//
// Incidents: the producer stopping at 0:18 for 15 minutes (no events; stats and flushes
// report 0); a poison message on partition 4 at 1:02 retried every 2 s for 18 minutes,
// its lag climbing, until an operator skips it; lag climbing over 25 minutes from 1:35
// as the consumer falls behind; a crash loop at 2:30 for 10 minutes (start banners and
// a Go panic with its goroutine trace every 30 s).
const (
	holdout2NoEvents  = "producer stopped, 0 events"
	holdout2Poison    = "poison message retried"
	holdout2LagClimb  = "lag climbing"
	holdout2CrashLoop = "crash loop with panics"
)

type holdout2Log struct {
	g *gen
	j *journal

	start                      time.Time
	debug, rebalance, deploy   change
	debugEnd, deployUp         time.Time
	zeroAt, poisonAt, poisonTo time.Time
	lagAt, lagTo, crashAt      time.Time
	crashTo                    time.Time
	offsets                    [12]int
	next                       int // the partition fetched next
	poisonOffset               int
}

func holdout2Lines(seed int64) []Line {
	start := time.Date(2024, 6, 3, 18, 0, 0, 0, time.UTC)
	c := &holdout2Log{
		g:         newGen(seed, 4),
		j:         &journal{},
		start:     start,
		debug:     change{"DEBUG logging", start.Add(40 * time.Minute)},
		debugEnd:  start.Add(60 * time.Minute),
		rebalance: change{"second consumer joins the group", start.Add(82 * time.Minute)},
		deploy:    change{"deploy 2.7.0", start.Add(125 * time.Minute)},
		zeroAt:    start.Add(18 * time.Minute),
		poisonAt:  start.Add(62 * time.Minute),
		poisonTo:  start.Add(80 * time.Minute),
		lagAt:     start.Add(95 * time.Minute),
		lagTo:     start.Add(120 * time.Minute),
		crashAt:   start.Add(150 * time.Minute),
		crashTo:   start.Add(160 * time.Minute),
	}
	c.deployUp = c.deploy.start.Add(10 * time.Second)
	for i := range c.offsets {
		c.offsets[i] = 88_000_000 + c.g.intn(900_000)
	}
	end := start.Add(Length)
	c.g.arrivals(start, end, func(t time.Time) float64 { return c.eventRate(t) / 8 }, c.batch)
	c.g.every(start.Add(9*time.Second), end, 15*time.Second, 20*time.Millisecond, c.stats)
	c.g.every(start.Add(31*time.Second), end, time.Minute, 50*time.Millisecond, c.flush)
	c.g.every(start.Add(3*time.Minute), end, 5*time.Minute, 300*time.Millisecond, c.metadata)
	c.debugSwitch()
	c.rebalanceLines()
	c.deployLines()
	c.poison()
	c.crashLoop()
	return c.j.sorted(end)
}

// up reports whether the consumer process is running at t.
func (c *holdout2Log) up(t time.Time) bool {
	return !within(t, c.deploy.start, c.deployUp.Sub(c.deploy.start)) && !within(t, c.crashAt, c.crashTo.Sub(c.crashAt)+3*time.Second)
}

// eventRate is the rate of events this consumer handles at t.
func (c *holdout2Log) eventRate(t time.Time) float64 {
	switch {
	case !c.up(t), within(t, c.zeroAt, 15*time.Minute):
		return 0
	case !t.Before(c.rebalance.start):
		return 9
	}
	return 18
}

func (c *holdout2Log) assigned(t time.Time) []int {
	if t.Before(c.rebalance.start) {
		return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	}
	return []int{0, 2, 4, 6, 8, 10}
}

func (c *holdout2Log) line(level string, at time.Time, logger, caller, msg string, fields ...field) string {
	head := []field{{"level", level}, {"ts", float64(at.UnixMicro()) / 1e6}}
	if logger != "" {
		head = append(head, field{"logger", logger})
	}
	head = append(head, field{"caller", caller}, field{"msg", msg})
	return jsonLine(append(head, fields...)...)
}

var holdout2EventTypes = []struct {
	name   string
	weight float64
}{{"order.created", 0.4}, {"order.paid", 0.35}, {"order.shipped", 0.15}, {"order.cancelled", 0.05}, {"order.refunded", 0.05}}

func (c *holdout2Log) eventType() string {
	u := c.g.rng.Float64()
	for _, e := range holdout2EventTypes {
		if u < e.weight {
			return e.name
		}
		u -= e.weight
	}
	return "order.created"
}

// batch is one fetch from the next assigned partition, its events handled one by one
// and its offsets committed.
func (c *holdout2Log) batch(t time.Time) {
	g := c.g
	parts := c.assigned(t)
	p := parts[c.next%len(parts)]
	c.next++
	if p == 4 && within(t, c.poisonAt, c.poisonTo.Sub(c.poisonAt)) {
		return // stuck behind the poison message
	}
	n := g.between(3, 13)
	debug := !t.Before(c.debug.start) && t.Before(c.debugEnd)
	if debug {
		c.j.add(c.debug.truth(), t, c.line("debug", t, "kgo", "kgo/source.go:812", "fetch response", field{"topic", "orders.v1"}, field{"partition", p}, field{"records", n}, field{"bytes", n * g.between(600, 900)}, field{"high_watermark", c.offsets[p] + n + g.intn(20)}))
	}
	at := t
	deployed := !t.Before(c.deploy.start)
	for i := 0; i < n; i++ {
		c.offsets[p]++
		key := "ord_" + g.hex(10)
		kind := c.eventType()
		ms := g.lognormal(4, 0.6)
		at = at.Add(time.Duration((ms + 0.3) * float64(time.Millisecond)))
		if debug {
			c.j.add(c.debug.truth(), at, c.line("debug", at, "", "consumer/dedup.go:41", "dedup cache lookup", field{"key", key}, field{"hit", false}))
		}
		event := []field{{"topic", "orders.v1"}, {"partition", p}, {"offset", c.offsets[p]}, {"event_type", kind}, {"key", key}}
		switch u := g.rng.Float64(); {
		case u < 0.005:
			c.j.add(routine, at, c.line("info", at, "", "consumer/handler.go:71", "skipping tombstone", event[:4]...))
			continue
		case deployed && u < 0.025:
			c.j.add(c.deploy.truth(), at, c.line("info", at, "", "consumer/dedup.go:58", "event deduplicated", event...))
			continue
		case u < 0.027:
			c.j.add(routine, at, c.line("warn", at, "", "consumer/handler.go:102", "retrying event after transient error", append(event, field{"attempt", 1}, field{"error", "context deadline exceeded"})...))
			ms += 1000 + g.lognormal(30, 0.5)
			at = at.Add(time.Second)
		case u < 0.028:
			ms = 500 + g.lognormal(300, 0.6)
			at = at.Add(time.Duration(ms * float64(time.Millisecond)))
			c.j.add(routine, at, c.line("warn", at, "", "consumer/handler.go:95", "slow handler", append(event, field{"duration_ms", round(ms, 1)})...))
		}
		tr := routine
		fields := append(event, field{"duration_ms", round(ms, 1)})
		if deployed {
			tr = c.deploy.truth()
			fields = append(fields, field{"schema_id", 17})
		}
		c.j.add(tr, at, c.line("info", at, "", "consumer/handler.go:88", "event handled", fields...))
		if kind == "order.paid" {
			c.j.add(routine, at, c.line("info", at, "", "invoice/writer.go:64", "invoice created", field{"invoice_id", "inv_" + g.hex(10)}, field{"order_id", key}, field{"amount_cents", int(g.lognormal(4800, 0.8))}, field{"currency", "EUR"}))
		}
	}
	at = at.Add(time.Duration(g.between(2, 9)) * time.Millisecond)
	c.j.add(routine, at, c.line("info", at, "", "consumer/loop.go:142", "offsets committed", field{"topic", "orders.v1"}, field{"partition", p}, field{"offset", c.offsets[p] + 1}, field{"records", n}))
}

// laterTruth is the truth of a periodic line whose values the rebalance changed.
func (c *holdout2Log) laterTruth(t time.Time) truth {
	if !t.Before(c.rebalance.start) {
		return c.rebalance.truth()
	}
	return routine
}

func (c *holdout2Log) stats(t time.Time) {
	if !c.up(t) {
		return
	}
	g := c.g
	rate := c.eventRate(t) * (1 + 0.08*g.rng.NormFloat64())
	lag := g.lognormal(120, 0.5) * c.eventRate(t) / 18
	tr := c.laterTruth(t)
	switch {
	case within(t, c.zeroAt, 15*time.Minute):
		rate, lag, tr = 0, float64(g.intn(3)), incident(holdout2NoEvents)
	case within(t, c.poisonAt, c.poisonTo.Sub(c.poisonAt)):
		// Partition 4's share of the events piles up behind the poison message.
		rate *= 11.0 / 12
		lag += 1.5 * t.Sub(c.poisonAt).Seconds()
		tr = incident(holdout2Poison)
	case within(t, c.lagAt, c.lagTo.Sub(c.lagAt)):
		x := t.Sub(c.lagAt).Minutes() / c.lagTo.Sub(c.lagAt).Minutes()
		rate *= 1 - 0.15*x
		lag += 150000 * x * x
		tr = incident(holdout2LagClimb)
	}
	c.j.add(tr, t, c.line("info", t, "", "consumer/stats.go:37", "consumer stats", field{"events_per_sec", round(math.Max(rate, 0), 1)}, field{"lag_total", int(lag)}, field{"fetch_rate", round(g.lognormal(2.3, 0.1), 1)}, field{"heap_mb", round(g.lognormal(88, 0.08), 1)}, field{"goroutines", g.between(38, 47)}))
}

func (c *holdout2Log) flush(t time.Time) {
	if !c.up(t) {
		return
	}
	g := c.g
	n := int(g.normal(0.35*60*c.eventRate(t), 20))
	tr := c.laterTruth(t)
	if within(t, c.zeroAt, 15*time.Minute) {
		n, tr = 0, incident(holdout2NoEvents)
	}
	c.j.add(tr, t, c.line("info", t, "", "invoice/writer.go:112", "invoices flushed", field{"count", max(n, 0)}, field{"duration_ms", round(g.lognormal(45, 0.3), 1)}))
}

func (c *holdout2Log) metadata(t time.Time) {
	if !c.up(t) {
		return
	}
	c.j.add(routine, t, c.line("info", t, "kgo", "kgo/metadata.go:265", "metadata refresh", field{"brokers", 3}, field{"topics", 1}, field{"duration_ms", round(c.g.lognormal(6, 0.4), 1)}))
}

func (c *holdout2Log) debugSwitch() {
	for _, s := range []struct {
		at       time.Time
		from, to string
	}{{c.debug.start, "info", "debug"}, {c.debugEnd, "debug", "info"}} {
		at := s.at
		c.j.add(c.debug.truth(), at, c.line("info", at, "", "admin/loglevel.go:30", "log level changed", field{"from", s.from}, field{"to", s.to}, field{"by", "admin-api"}))
	}
}

func (c *holdout2Log) rebalanceLines() {
	tr, at := c.rebalance.truth(), c.rebalance.start
	c.j.add(tr, at, c.line("info", at, "kgo", "kgo/consumer_group.go:512", "group rebalance started", field{"group", "billing"}, field{"reason", "member joined"}))
	at = at.Add(300 * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "consumer/loop.go:201", "partitions revoked", field{"topic", "orders.v1"}, field{"partitions", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}))
	at = at.Add(1100 * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "consumer/loop.go:188", "partitions assigned", field{"topic", "orders.v1"}, field{"partitions", c.assigned(at)}, field{"generation", 42}))
}

// banner is what the process writes as it starts and joins the group.
func (c *holdout2Log) banner(tr truth, at time.Time, generation int) time.Time {
	g := c.g
	c.j.add(tr, at, c.line("info", at, "", "cmd/billing-consumer/main.go:52", "starting billing-consumer", field{"version", "2.7.0"}, field{"commit", "9e41c07"}, field{"go_version", "go1.22.3"}))
	at = at.Add(time.Duration(g.between(150, 400)) * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "schema/registry.go:77", "schema registry cache warmed", field{"subjects", 14}, field{"duration_ms", round(g.lognormal(210, 0.2), 1)}))
	at = at.Add(time.Duration(g.between(300, 900)) * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "kgo", "kgo/consumer_group.go:389", "joined group", field{"group", "billing"}, field{"generation", generation}, field{"member_id", "billing-consumer-" + g.hex(12)}))
	at = at.Add(time.Duration(g.between(20, 80)) * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "consumer/loop.go:188", "partitions assigned", field{"topic", "orders.v1"}, field{"partitions", c.assigned(at)}, field{"generation", generation}))
	return at
}

func (c *holdout2Log) deployLines() {
	tr, at := c.deploy.truth(), c.deploy.start
	c.j.add(tr, at, c.line("info", at, "", "cmd/billing-consumer/main.go:81", "shutdown requested", field{"signal", "SIGTERM"}))
	at = at.Add(400 * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "consumer/loop.go:201", "partitions revoked", field{"topic", "orders.v1"}, field{"partitions", c.assigned(at)}))
	at = at.Add(200 * time.Millisecond)
	c.j.add(tr, at, c.line("info", at, "", "consumer/loop.go:230", "consumer closed", field{"uptime_s", 7500 + c.g.intn(60)}))
	c.banner(tr, c.deployUp.Add(-1500*time.Millisecond), 43)
}

func (c *holdout2Log) poison() {
	g, tr := c.g, incident(holdout2Poison)
	offset := c.offsets[4] + 40
	attempt := 0
	g.every(c.poisonAt, c.poisonTo, 2*time.Second, 5*time.Millisecond, func(t time.Time) {
		attempt++
		c.j.add(tr, t, c.line("error", t, "", "consumer/handler.go:110", "handler failed, retrying", field{"topic", "orders.v1"}, field{"partition", 4}, field{"offset", offset}, field{"event_type", "order.paid"}, field{"attempt", attempt}, field{"error", "decode order.paid: json: cannot unmarshal string into Go struct field Order.amount_cents of type int64"}, field{"backoff_ms", 2000}))
	})
	at := c.poisonTo.Add(-time.Second)
	c.j.add(tr, at, c.line("warn", at, "", "consumer/handler.go:131", "skipping message after manual override", field{"topic", "orders.v1"}, field{"partition", 4}, field{"offset", offset}, field{"by", "ops"}))
}

// crashLoop is a start that panics two seconds in, every 30 s; the last start holds.
func (c *holdout2Log) crashLoop() {
	g, tr := c.g, incident(holdout2CrashLoop)
	generation := 44
	for t := c.crashAt; !t.After(c.crashTo); t = t.Add(30 * time.Second) {
		at := c.banner(tr, t.Add(time.Duration(g.intn(500))*time.Millisecond), generation)
		generation++
		if !t.Before(c.crashTo) {
			break
		}
		at = at.Add(time.Duration(g.between(1500, 2500)) * time.Millisecond)
		c.j.add(tr, at,
			"panic: runtime error: invalid memory address or nil pointer dereference",
			fmt.Sprintf("[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x%x]", 0x8c1f00+g.intn(0x100)),
			"goroutine 57 [running]:",
			"github.com/acme/billing-consumer/internal/invoice.(*Writer).Flush(0x0, {0xc0001a2000, 0x3, 0x4})",
			"\t/src/internal/invoice/writer.go:142 +0x2e",
			"github.com/acme/billing-consumer/internal/consumer.(*Loop).handleBatch(0xc000124000, {0xc0004e8000, 0x8, 0x8})",
			"\t/src/internal/consumer/loop.go:167 +0x1a5",
			"created by github.com/acme/billing-consumer/internal/consumer.(*Loop).Run in goroutine 1",
			"\t/src/internal/consumer/loop.go:121 +0x3a5")
	}
}
