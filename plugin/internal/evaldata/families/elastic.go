package families

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// elastic is es-data-2, a hot data node of an Elasticsearch 8.13 logging cluster
// (prod-logs: six hot nodes, three of them master-eligible, and three warm nodes), and
// the elected master, writing its console log as the Docker image does: every log of
// the node (server, search and indexing slow logs) in the ECS JSON layout of log4j2,
// one object a line with the keys in a fixed order (`{"@timestamp":...,"log.level":
// "INFO","message":...,"ecs.version":"1.2.0","service.name":"ES_ECS","event.dataset":
// "elasticsearch.server","process.thread.name":"elasticsearch[es-data-2][write][T#3]",
// "log.logger":...,"elasticsearch.cluster.uuid":...,"elasticsearch.node.id":...,
// "elasticsearch.node.name":"es-data-2","elasticsearch.cluster.name":"prod-logs"}`),
// exceptions in error.type, error.message and error.stack_trace (the whole trace in one
// string, its lines joined by escaped newlines). Its operators set the loggers
// org.elasticsearch.action.bulk and org.elasticsearch.indices.recovery to DEBUG long
// ago, and the indexing slow log's thresholds low (DEBUG from 500 ms).
//
// Normal traffic: the indexing slow log, about ten slow operations a second over 18
// data streams (their backing indices named by date and generation, took values with
// their units); a slow query of the search slow log a few times a minute (a Kibana
// query, took from 2 s to tens of seconds); young GC pauses over 700 ms every half
// minute or so and a GC overhead line a few times an hour; ILM polling every 10
// minutes (indices moving step by step to warm, force-merged, deleted) and the
// size-based rollovers of the six largest data streams (the new backing index
// created, ILM steps, replicas recovering, the health back to green); dynamic mapping
// updates; one shipper's documents failing to parse now and then (a DEBUG bulk item
// failure with its stack trace); a health checker speaking plain HTTP to the HTTPS port
// every 10 s; now and then a transport response after its timeout, a slow cluster
// state computation, an ILM step retried, kibana_system failing against the reserved
// realm, a client not trusting the certificate, the real-memory breaker triggering a
// G1 collection.
//
// Benign changes: a rolling restart of es-data-4 at 0:40 (a shutdown record, node-left,
// the health yellow, node-join some 70 s later, replica recoveries, green again); the
// snapshots of SLM's business-hours policy at 1:00 and 2:00 (started, completed); a
// dozen data streams created together yesterday reaching max_age at 1:30 (a burst of
// rollovers within a minute, new backing indices from then on); a newly deployed app
// at 2:10 (a new component and index template, a new data stream, its mapping filling
// in over the next minutes, its slow indexing lines from then on); the
// org.elasticsearch.cluster.service logger raised to DEBUG at 2:40 (every cluster state
// update's computing, publishing and applying, a few lines a second, to the end).
//
// Incidents: this node's disk filling at 0:20 for 20 minutes (the low watermark, the
// high watermark every 30 s with less free space each time and shards relocating away,
// then the flood stage: every index on the node read-only, bulk items failing with the
// read-only-allow-delete block and monitoring exports failing for 5 minutes while the
// slow indexing lines stop, until an operator deletes old indices, the block is
// released and the held-back writes catch up); heap exhaustion at 1:10 for 15 minutes
// (a dashboard's huge aggregations: young GCs longer and more frequent, old-generation
// collections, GC overhead warnings, the breaker triggering collections, circuit
// breaking exceptions on searches and bulk requests, slow indexing and cluster state
// updates, a lagging warm node removed, until the node loses its followers, finds no
// master for half a minute and is elected again, the warm node joining back); a mapping
// explosion at 1:45 for 10 minutes (a bad deploy of the checkout service writing
// documents with dynamic keys: mapping updates, then bulk items failing with the total
// fields limit exceeded several times a second); a search latency regression at 2:25
// for 12 minutes (a dashboard's new query on logs-app.orders-prod: its slow queries go
// from a few an hour to several a second, taking ten times as long, without any error).
var elastic = Family{
	Name:    "elastic",
	Role:    Tuning,
	Service: "Elasticsearch 8.13 hot data node and elected master, server and slow logs in the ECS JSON layout",
	Lines:   elasticLines,
}

const (
	elasticDiskFull   = "disk filling: watermarks, flood stage, writes blocked"
	elasticHeap       = "heap exhaustion: long GCs, circuit breakers, master lost and re-elected"
	elasticMapping    = "mapping explosion: total fields limit exceeded on checkout logs"
	elasticSlowSearch = "search latency regression on logs-app.orders-prod"
)

const (
	esServer      = "elasticsearch.server"
	esSearchSlow  = "elasticsearch.index_search_slowlog"
	esIndexSlow   = "elasticsearch.index_indexing_slowlog"
	esGB          = int64(1) << 30
	esMB          = int64(1) << 20
	esHeapMax     = 16 * esGB
	esDiskTotal   = 420 * esGB
	esDataPath    = "/var/lib/elasticsearch"
	esB64         = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	esToday       = "2024.06.11"
	esDocsGuide   = "https://www.elastic.co/guide/en/elasticsearch/reference/8.13/discovery-troubleshooting.html"
	esFloodBlock  = "TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block"
	esParentLimit = int64(16320875724) // 95% of the heap
)

// esStreamConf is a data stream of the cluster.
type esStreamConf struct {
	name, template, policy, kind string
	gen                          int    // generation of the write index at the log's start
	created                      string // the day that write index was created
	index, search                float64
	shards                       int
	every                        time.Duration // size-based rollovers; 0: rolls over at max_age (1d)
}

var elasticStreams = []esStreamConf{
	{"logs-nginx.access-prod", "logs-nginx.access", "logs", "nginx", 412, esToday, 0.19, 0.16, 3, 55 * time.Minute},
	{"logs-kubernetes.container_logs-default", "logs-kubernetes.container_logs", "logs", "k8s", 788, esToday, 0.21, 0.12, 3, 80 * time.Minute},
	{"metrics-kubernetes.pod-default", "metrics-kubernetes.pod", "metrics", "pod", 512, esToday, 0.08, 0.05, 2, 150 * time.Minute},
	{"traces-apm-default", "traces-apm", "traces-apm.traces-default_policy", "apm", 264, esToday, 0.07, 0.07, 2, 100 * time.Minute},
	{"logs-system.syslog-default", "logs-system.syslog", "logs", "syslog", 231, esToday, 0.05, 0.04, 1, 170 * time.Minute},
	{"logs-haproxy.log-prod", "logs-haproxy.log", "logs", "haproxy", 143, esToday, 0.05, 0.05, 1, 130 * time.Minute},
	// Created together yesterday at 09:3x: max_age [1d] reached at 1:30.
	{"logs-nginx.error-prod", "logs-nginx.error", "logs", "nginxerr", 96, "2024.06.10", 0.02, 0.03, 1, 0},
	{"logs-system.auth-default", "logs-system.auth", "logs", "auth", 118, "2024.06.10", 0.01, 0.03, 1, 0},
	{"logs-app.checkout-prod", "logs-app.checkout", "logs-app", "checkout", 57, "2024.06.10", 0.07, 0.07, 2, 0},
	{"logs-app.search-prod", "logs-app.search", "logs-app", "search", 64, "2024.06.10", 0.05, 0.07, 2, 0},
	{"logs-app.payments-prod", "logs-app.payments", "logs-app", "payments", 38, "2024.06.10", 0.04, 0.06, 2, 0},
	{"logs-app.orders-prod", "logs-app.orders", "logs-app", "orders", 41, "2024.06.10", 0.03, 0.015, 3, 0},
	{"logs-postgresql.log-default", "logs-postgresql.log", "logs", "postgres", 77, "2024.06.10", 0.02, 0.03, 1, 0},
	{"metrics-system.cpu-default", "metrics-system.cpu", "metrics", "cpu", 305, "2024.06.10", 0.03, 0.04, 1, 0},
	{"metrics-system.memory-default", "metrics-system.memory", "metrics", "memory", 299, "2024.06.10", 0.02, 0.03, 1, 0},
	{"metrics-kubernetes.node-default", "metrics-kubernetes.node", "metrics", "node", 188, "2024.06.10", 0.02, 0.03, 1, 0},
	{"logs-apm.error-default", "logs-apm.error", "logs-apm.error_logs-default_policy", "apmerror", 52, "2024.06.10", 0.01, 0.02, 1, 0},
	{"metrics-apm.internal-default", "metrics-apm.internal", "metrics-apm.internal_metrics-default_policy", "apmmetric", 97, "2024.06.10", 0.02, 0.02, 1, 0},
}

// The data stream of the app deployed at 2:10.
var elasticNewStream = esStreamConf{"logs-app.inventory-prod", "logs-app.inventory", "logs-app", "inventory", 1, esToday, 0, 0, 1, 0}

type esStream struct {
	esStreamConf
	rolls []time.Time // rollovers within the log, in time order
}

type esNode struct {
	name, id, eph, ip, roles string
}

func (n esNode) String() string {
	return fmt.Sprintf("{%s}{%s}{%s}{%s}{%s}{%s:9300}{%s}{8.13.4}{7000099-8503000}{ml.config_version=12.0.0, transform.config_version=10.0.0, xpack.installed=true}",
		n.name, n.id, n.eph, n.name, n.ip, n.ip, n.roles)
}

// esPools is how many threads each pool of the node has (16 processors).
var esPools = map[string]int{"write": 16, "search": 25, "generic": 48, "management": 5, "transport_worker": 16, "snapshot": 5}

type elasticLog struct {
	g *gen
	j *journal

	start, end                                    time.Time
	restart, snapshots, rollovers, newApp, debug  change
	diskAt, floodAt, freedAt, releasedAt          time.Time
	heapAt, dropAt, electedAt                     time.Time
	mappingAt, slowAt                             time.Time
	restartLeft, restartJoined                    time.Time
	self                                          esNode
	nodes                                         []esNode // es-data-0..5, es-warm-0..2; self is nodes[2]
	data4After                                    esNode   // es-data-4 after its restart (a new ephemeral id)
	clusterUUID                                   string
	streams                                       []*esStream
	inventory                                     *esStream
	uuids                                         map[string]string
	updates                                       []time.Time // cluster state updates the master computes
	version0, seq0, young0, oldCount, shipperPort int
	heapYoung                                     int
	youngTotal0, oldTotal                         time.Duration
}

func elasticLines(seed int64) []Line {
	start := time.Date(2024, 6, 11, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 14)
	// at is a time into the log, off the whole second as the events' times are.
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(3, 997))*time.Millisecond)
	}
	e := &elasticLog{
		g:         g,
		j:         &journal{},
		start:     start,
		end:       start.Add(Length),
		restart:   change{"rolling restart of es-data-4", at(40 * time.Minute)},
		snapshots: change{"SLM business-hours snapshots", start.Add(60 * time.Minute)}, // on the hour by its schedule
		rollovers: change{"rollover burst: a dozen data streams reach max_age", at(90 * time.Minute)},
		newApp:    change{"new app: index template and data stream logs-app.inventory-prod", at(130 * time.Minute)},
		debug:     change{"org.elasticsearch.cluster.service logger raised to DEBUG", at(160 * time.Minute)},
		diskAt:    at(20 * time.Minute),
		heapAt:    at(70 * time.Minute),
		mappingAt: at(105 * time.Minute),
		slowAt:    at(145 * time.Minute),
		uuids:     map[string]string{},
	}
	e.floodAt = e.diskAt.Add(12 * time.Minute)
	e.freedAt = e.diskAt.Add(17 * time.Minute)
	e.releasedAt = e.freedAt.Add(time.Duration(g.between(25000, 29000)) * time.Millisecond)
	e.dropAt = e.heapAt.Add(13*time.Minute + time.Duration(g.between(0, 9000))*time.Millisecond)
	e.electedAt = e.dropAt.Add(time.Duration(g.between(36000, 40000)) * time.Millisecond)
	e.restartLeft = e.restart.start.Add(time.Duration(g.between(16000, 20000)) * time.Millisecond)
	e.restartJoined = e.restartLeft.Add(time.Duration(g.between(69000, 74000)) * time.Millisecond)
	e.clusterUUID = e.b64(22)
	for i, name := range []string{"es-data-0", "es-data-1", "es-data-2", "es-data-3", "es-data-4", "es-data-5", "es-warm-0", "es-warm-1", "es-warm-2"} {
		n := esNode{name: name, id: e.b64(22), eph: e.b64(22)}
		switch {
		case i < 3:
			n.ip, n.roles = fmt.Sprintf("10.0.1.%d", 10+i), "himrs"
		case i < 6:
			n.ip, n.roles = fmt.Sprintf("10.0.1.%d", 10+i), "hirs"
		default:
			n.ip, n.roles = fmt.Sprintf("10.0.2.%d", 14+i), "irw"
		}
		e.nodes = append(e.nodes, n)
	}
	e.self = e.nodes[2]
	e.data4After = e.nodes[4]
	e.data4After.eph = e.b64(22)
	e.version0 = g.between(186000, 196000)
	e.seq0 = g.between(640000, 900000) // JvmGcMonitorService's checks, one a second since the node started
	e.young0 = e.seq0/4 + g.between(0, 5000)
	e.oldCount = g.between(18, 40)
	e.youngTotal0 = time.Duration(float64(e.seq0)*0.016) * time.Second
	e.oldTotal = time.Duration(e.oldCount*g.between(2500, 4500)) * time.Millisecond
	e.shipperPort = g.between(40000, 60000)

	// Rollovers: the six largest data streams by size, the others at 1:30 on max_age.
	for _, c := range elasticStreams {
		s := &esStream{esStreamConf: c}
		if c.every > 0 {
			for t := start.Add(time.Duration(g.rng.Float64() * float64(c.every))); t.Before(e.end); t = t.Add(time.Duration(g.normal(1, 0.12) * float64(c.every))) {
				s.rolls = append(s.rolls, t)
			}
		} else {
			s.rolls = append(s.rolls, e.rollovers.start.Add(time.Duration(g.between(2000, 70000))*time.Millisecond))
		}
		e.streams = append(e.streams, s)
	}
	e.inventory = &esStream{esStreamConf: elasticNewStream}
	end := e.end
	g.arrivals(start, end, func(time.Time) float64 { return 0.32 }, func(t time.Time) { e.updates = append(e.updates, t) })

	// Normal traffic.
	g.arrivals(start, end, e.indexingRate, func(t time.Time) {
		e.indexSlow(routine, t, e.pickStream(true), 500*time.Millisecond+time.Duration(g.lognormal(400, 0.9)*float64(time.Millisecond)))
	})
	g.arrivals(start, end, func(time.Time) float64 { return 0.06 }, func(t time.Time) {
		e.searchSlow(routine, t, e.pickStream(false), 2*time.Second+time.Duration(g.lognormal(1300, 0.8)*float64(time.Millisecond)), "")
	})
	g.arrivals(start, end, func(time.Time) float64 { return 0.006 }, e.fetchSlow)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 32 }, func(t time.Time) {
		if !within(t, e.heapAt, 15*time.Minute) {
			e.youngGC(routine, t, 0)
		}
	})
	g.arrivals(start, end, func(time.Time) float64 { return 4.0 / 3600 }, func(t time.Time) {
		e.overhead(routine, t, time.Duration(g.between(1000, 1400))*time.Millisecond, 0.26+0.36*g.rng.Float64())
	})
	g.every(start.Add(time.Duration(g.between(1000, 9000))*time.Millisecond), end, 10*time.Second, 40*time.Millisecond, e.plaintext)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 700 }, e.untrusted)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 3600 }, e.kibanaSystem)
	g.arrivals(start, end, func(time.Time) float64 { return 3.0 / 3600 }, e.lateResponse)
	g.arrivals(start, end, func(time.Time) float64 { return 0.6 / 3600 }, func(t time.Time) {
		e.slowCompute(routine, t, time.Duration(g.between(10100, 13500))*time.Millisecond)
	})
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 3600 }, e.ilmRetry)
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 3000 }, func(t time.Time) {
		e.breakerGC(routine, t, int64(g.between(15400, 15700))*esMB, true)
	})
	g.arrivals(start, end, func(time.Time) float64 { return 4.0 / 3600 }, e.badDocument)
	g.arrivals(start, end, func(time.Time) float64 { return 6.0 / 3600 }, func(t time.Time) {
		s := e.pickStream(true)
		e.updateMapping(routine, t, e.writeIndex(s, t))
	})
	g.every(start.Add(4*time.Minute+17*time.Second), end, 10*time.Minute, 3*time.Second, e.ilmPoll)
	for _, s := range e.streams {
		for i, at := range s.rolls {
			tr := routine
			if s.every == 0 {
				tr = e.rollovers.truth()
			}
			e.rollover(tr, at, s, s.gen+i+1)
		}
	}
	if e.rollovers.start.Before(end) {
		last := e.rollovers.start
		for _, s := range e.streams {
			if s.every == 0 && s.rolls[0].After(last) {
				last = s.rolls[0]
			}
		}
		at := last.Add(time.Duration(g.between(4000, 9000)) * time.Millisecond)
		e.health(e.rollovers.truth(), at, "YELLOW", "GREEN", fmt.Sprintf("shards started [[%s][0]]", e.writeIndex(e.streams[len(e.streams)-1], at)))
	}

	e.rollingRestart()
	e.snapshotRuns()
	e.newAppLines()
	e.debugLines()
	e.diskFilling()
	e.heapExhaustion()
	e.mappingExplosion()
	e.slowSearches()
	return e.j.sorted(end)
}

// indexingRate is the slow indexing operations a second: the load of the morning,
// rising slowly, and none while the node's indices are read-only.
func (e *elasticLog) indexingRate(t time.Time) float64 {
	if !t.Before(e.floodAt.Add(2*time.Second)) && t.Before(e.releasedAt) {
		return 0
	}
	x := float64(t.Sub(e.start)) / float64(Length)
	return 10.5 * (0.9 + 0.25*x + 0.05*math.Sin(2*math.Pi*t.Sub(e.start).Minutes()/37))
}

func (e *elasticLog) b64(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = esB64[e.g.intn(len(esB64))]
	}
	return string(b)
}

func (e *elasticLog) uuid(index string) string {
	u, ok := e.uuids[index]
	if !ok {
		u = e.b64(22)
		e.uuids[index] = u
	}
	return u
}

func (e *elasticLog) thread(pool string) string {
	n := esPools[pool]
	if n == 0 {
		n = 1
	}
	return fmt.Sprintf("elasticsearch[%s][%s][T#%d]", e.self.name, pool, e.g.between(1, n))
}

// log writes one line of the node.
func (e *elasticLog) log(tr truth, at time.Time, level, dataset, pool, logger, msg string, errFields ...field) {
	f := make([]field, 0, 15)
	f = append(f,
		field{"@timestamp", at.UTC().Format("2006-01-02T15:04:05.000Z07:00")},
		field{"log.level", level},
		field{"message", msg},
		field{"ecs.version", "1.2.0"},
		field{"service.name", "ES_ECS"},
		field{"event.dataset", dataset},
		field{"process.thread.name", e.thread(pool)},
		field{"log.logger", logger},
		field{"elasticsearch.cluster.uuid", e.clusterUUID},
		field{"elasticsearch.node.id", e.self.id},
		field{"elasticsearch.node.name", e.self.name},
		field{"elasticsearch.cluster.name", "prod-logs"},
	)
	e.j.add(tr, at, jsonLine(append(f, errFields...)...))
}

// server writes a line of the server log.
func (e *elasticLog) server(tr truth, at time.Time, level, pool, logger, msg string, errFields ...field) {
	e.log(tr, at, level, esServer, pool, logger, msg, errFields...)
}

func esError(typ, msg, trace string) []field {
	return []field{{"error.type", typ}, {"error.message", msg}, {"error.stack_trace", trace}}
}

// esTrace writes a Java stack trace as log4j does, the frames of a cause after the
// frames it shares with the exception left out.
func esTrace(typ, msg string, frames []string, causes ...esCause) string {
	var b strings.Builder
	b.WriteString(typ + ": " + msg)
	for _, f := range frames {
		b.WriteString("\n\tat " + f)
	}
	for _, c := range causes {
		b.WriteString("\nCaused by: " + c.typ + ": " + c.msg)
		for _, f := range c.frames {
			b.WriteString("\n\tat " + f)
		}
		if c.more > 0 {
			fmt.Fprintf(&b, "\n\t... %d more", c.more)
		}
	}
	return b.String()
}

type esCause struct {
	typ, msg string
	frames   []string
	more     int
}

// format1 writes x as Strings.format1Decimals does: one decimal, truncated, none if 0.
func format1(x float64) string {
	t := math.Floor(x*10+1e-9) / 10
	if t == math.Trunc(t) {
		return strconv.FormatInt(int64(t), 10)
	}
	return strconv.FormatFloat(t, 'f', 1, 64)
}

// esTime writes a duration as TimeValue.toString does (812ms, 1.2s, 4.1m, 2.3h).
func esTime(d time.Duration) string {
	x := float64(d)
	switch {
	case d >= 24*time.Hour:
		return format1(x/float64(24*time.Hour)) + "d"
	case d >= time.Hour:
		return format1(x/float64(time.Hour)) + "h"
	case d >= time.Minute:
		return format1(x/float64(time.Minute)) + "m"
	case d >= time.Second:
		return format1(x/float64(time.Second)) + "s"
	case d >= time.Millisecond:
		return format1(x/float64(time.Millisecond)) + "ms"
	case d >= time.Microsecond:
		return format1(x/float64(time.Microsecond)) + "micros"
	case d > 0:
		return strconv.FormatInt(int64(d), 10) + "nanos"
	}
	return "0s"
}

// esTimeMillis writes a duration as the coordination layer does: [1.2m/71234ms].
func esTimeMillis(d time.Duration) string {
	return fmt.Sprintf("%s/%dms", esTime(d), d.Milliseconds())
}

// esBytes writes a size as ByteSizeValue.toString does (41.2gb, 160mb, 0b).
func esBytes(n int64) string {
	units := []string{"b", "kb", "mb", "gb", "tb", "pb"}
	x, i := float64(n), 0
	for x >= 1024 && i < len(units)-1 {
		x /= 1024
		i++
	}
	return format1(x) + units[i]
}

// esBreakerBytes writes a size as the circuit breakers do: [16389271552/15.2gb].
func esBreakerBytes(n int64) string { return fmt.Sprintf("%d/%s", n, esBytes(n)) }

// pickStream draws a data stream by its share of slow indexing (or search) operations.
func (e *elasticLog) pickStream(indexing bool) *esStream {
	return e.streams[max(0, e.g.weighted(len(e.streams), func(i int) float64 { return e.streams[i].weight(indexing) }))]
}

func (s *esStream) weight(indexing bool) float64 {
	if indexing {
		return s.index
	}
	return s.search
}

func (e *elasticLog) stream(name string) *esStream {
	for _, s := range e.streams {
		if s.name == name {
			return s
		}
	}
	panic("families: no data stream " + name)
}

// generation is the generation of s's write index at t.
func (s *esStream) generation(t time.Time) int {
	n := 0
	for _, r := range s.rolls {
		if !r.After(t) {
			n++
		}
	}
	return s.gen + n
}

// backing names the backing index of s of a generation: those made within the log on
// its day, older ones on the days their rollovers came.
func (s *esStream) backing(gen int) string {
	date := s.created
	switch {
	case gen > s.gen:
		date = esToday
	case gen < s.gen:
		perDay := 1.0
		if s.every > 0 {
			perDay = float64(s.every) / float64(24*time.Hour)
		}
		day, _ := time.Parse("2006.01.02", s.created)
		date = day.AddDate(0, 0, -int(float64(s.gen-gen)*perDay)).Format("2006.01.02")
	}
	return fmt.Sprintf(".ds-%s-%s-%06d", s.name, date, gen)
}

func (e *elasticLog) writeIndex(s *esStream, t time.Time) string {
	return s.backing(s.generation(t))
}

func (e *elasticLog) term(t time.Time) int {
	if t.Before(e.electedAt) {
		return 12
	}
	return 14
}

// version is the cluster state's version at t: one more with each update.
func (e *elasticLog) version(t time.Time) int {
	return e.version0 + sort.Search(len(e.updates), func(i int) bool { return e.updates[i].After(t) })
}

func (e *elasticLog) node(name string, t time.Time) esNode {
	if name == "es-data-4" && !t.Before(e.restartJoined) {
		return e.data4After
	}
	for _, n := range e.nodes {
		if n.name == name {
			return n
		}
	}
	panic("families: no node " + name)
}

func (e *elasticLog) otherHot(t time.Time) esNode {
	return e.node(pick(e.g, []string{"es-data-0", "es-data-1", "es-data-3", "es-data-4", "es-data-5"}), t)
}

var (
	esPaths    = []string{"/api/v2/products", "/api/v2/cart", "/api/v2/checkout", "/api/v2/search", "/static/app.js", "/api/v2/orders", "/healthz", "/api/v2/users/me"}
	esAgents   = []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "okhttp/4.12.0", "kube-probe/1.29"}
	esPods     = []string{"cart-7f9c6d5b8-", "checkout-5d8f7c9b6-", "search-api-6c4b9d7f5-", "payments-7b5d8c6f9-", "orders-84c6b7d9f-", "frontend-69d7c8b5f-"}
	esHosts    = []string{"web-03", "web-07", "web-12", "db-01", "db-02", "k8s-node-04", "k8s-node-09", "k8s-node-11", "bastion-1"}
	esServices = []string{"checkout", "cart", "search-api", "payments", "orders", "frontend"}
	esAppMsgs  = []string{"order placed", "payment authorized", "cart updated", "search served", "inventory reserved", "session refreshed", "coupon applied", "retrying upstream call"}
)

// source is the start of a document of a data stream, as the slow log shows it.
func (e *elasticLog) source(s *esStream, at time.Time) string {
	g := e.g
	ts := at.Add(-time.Duration(g.between(200, 9000)) * time.Millisecond).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	switch s.kind {
	case "nginx":
		return fmt.Sprintf(`{"@timestamp":"%s","event":{"dataset":"nginx.access"},"source":{"ip":"%s"},"http":{"request":{"method":"%s"},"response":{"status_code":%d,"body":{"bytes":%d}}},"url":{"original":"%s/%d"},"user_agent":{"original":"%s"}}`,
			ts, g.publicIP(), pick(g, []string{"GET", "GET", "GET", "POST"}), pick(g, []int{200, 200, 200, 200, 304, 404, 502}), g.between(180, 90000), pick(g, esPaths), g.between(1000, 99999), pick(g, esAgents))
	case "nginxerr":
		return fmt.Sprintf(`{"@timestamp":"%s","log":{"level":"error"},"message":"upstream timed out (110: Connection timed out) while reading response header from upstream, client: %s, server: shop.example.com","nginx":{"error":{"connection_id":%d}}}`, ts, g.publicIP(), g.between(100000, 9999999))
	case "k8s":
		return fmt.Sprintf(`{"@timestamp":"%s","kubernetes":{"namespace":"shop","pod":{"name":"%s%s"},"container":{"name":"app"}},"stream":"stdout","message":"%s trace_id=%s"}`, ts, pick(g, esPods), g.alnum(5), pick(g, esAppMsgs), g.hex(16))
	case "pod", "node":
		return fmt.Sprintf(`{"@timestamp":"%s","metricset":{"name":"%s","period":10000},"kubernetes":{"node":{"name":"%s"},"%s":{"cpu":{"usage":{"nanocores":%d}},"memory":{"usage":{"bytes":%d}}}}}`, ts, s.kind, pick(g, esHosts[5:8]), s.kind, g.between(1000000, 900000000), g.between(50, 4000)*1048576)
	case "apm":
		return fmt.Sprintf(`{"@timestamp":"%s","processor":{"event":"transaction"},"service":{"name":"%s"},"transaction":{"id":"%s","name":"%s %s","duration":{"us":%d},"result":"HTTP 2xx"},"trace":{"id":"%s"}}`, ts, pick(g, esServices), g.hex(16), pick(g, []string{"GET", "POST"}), pick(g, esPaths), g.between(800, 900000), g.hex(32))
	case "apmerror":
		return fmt.Sprintf(`{"@timestamp":"%s","processor":{"event":"error"},"service":{"name":"%s"},"error":{"grouping_key":"%s","exception":[{"type":"TimeoutError","message":"upstream request timed out"}]}}`, ts, pick(g, esServices), g.hex(32))
	case "apmmetric":
		return fmt.Sprintf(`{"@timestamp":"%s","processor":{"event":"metric"},"metricset":{"name":"app"},"service":{"name":"%s"},"system":{"process":{"cpu":{"total":{"norm":{"pct":%.3f}}},"memory":{"size":%d}}}}`, ts, pick(g, esServices), g.rng.Float64(), g.between(200, 2000)*1048576)
	case "cpu", "memory":
		return fmt.Sprintf(`{"@timestamp":"%s","metricset":{"name":"%s","period":10000},"host":{"name":"%s"},"system":{"%s":{"total":{"norm":{"pct":%.3f}}}}}`, ts, s.kind, pick(g, esHosts), s.kind, g.rng.Float64())
	case "syslog", "auth":
		return fmt.Sprintf(`{"@timestamp":"%s","host":{"name":"%s"},"process":{"name":"%s","pid":%d},"message":"%s"}`, ts, pick(g, esHosts), pick(g, []string{"sshd", "systemd", "kernel", "CRON"}), g.between(300, 99999),
			pick(g, []string{"Accepted publickey for deploy from 10.0.5.4 port 51234 ssh2", "Started Session 4242 of user deploy.", "pam_unix(cron:session): session opened for user root", "Finished Daily apt download activities."}))
	case "haproxy":
		return fmt.Sprintf(`{"@timestamp":"%s","haproxy":{"frontend_name":"fe_https","backend_name":"be_%s","server_name":"srv%d","time_backend_response":%d},"http":{"response":{"status_code":%d}},"source":{"ip":"%s"}}`, ts, pick(g, esServices), g.between(1, 8), g.between(1, 900), pick(g, []int{200, 200, 200, 301, 503}), g.publicIP())
	case "postgres":
		return fmt.Sprintf(`{"@timestamp":"%s","postgresql":{"log":{"database":"shop","query_step":"statement"}},"message":"duration: %d.%03d ms  statement: SELECT id, status FROM orders WHERE customer_id = $1"}`, ts, g.between(200, 4000), g.intn(1000))
	}
	// the apps' logs: checkout, search, payments, orders, inventory
	return fmt.Sprintf(`{"@timestamp":"%s","log":{"level":"%s"},"service":{"name":"%s","version":"%s"},"trace":{"id":"%s"},"message":"%s"}`, ts, pick(g, []string{"info", "info", "info", "warn"}), s.kind, pick(g, []string{"3.14.2", "3.14.2", "3.15.0"}), g.hex(32), pick(g, esAppMsgs))
}

// indexSlow writes an entry of the indexing slow log (DEBUG from 500 ms, INFO from 1 s,
// WARN from 5 s).
func (e *elasticLog) indexSlow(tr truth, at time.Time, s *esStream, took time.Duration) {
	if s == e.inventory && at.Before(e.newApp.start) {
		return
	}
	level := "DEBUG"
	switch {
	case took >= 5*time.Second:
		level = "WARN"
	case took >= time.Second:
		level = "INFO"
	}
	index := e.writeIndex(s, at)
	msg := fmt.Sprintf("[%s/%s] took[%s], took_millis[%d], id[%s], routing[], source[%s]", index, e.uuid(index), esTime(took), took.Milliseconds(), e.b64(20), e.source(s, at))
	e.log(tr, at, level, esIndexSlow, "write", "index.indexing.slowlog.index", msg)
}

var esQueries = []string{
	`{"size":0,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"now-15m","lte":"now","format":"strict_date_optional_time"}}}]}},"aggs":{"2":{"date_histogram":{"field":"@timestamp","fixed_interval":"30s","min_doc_count":1}}}}`,
	`{"size":500,"query":{"bool":{"must":[{"match_phrase":{"message":"timeout"}}],"filter":[{"range":{"@timestamp":{"gte":"now-1h","lte":"now"}}}]}},"sort":[{"@timestamp":{"order":"desc","unmapped_type":"boolean"}}]}`,
	`{"size":0,"query":{"bool":{"filter":[{"term":{"service.name":"checkout"}},{"range":{"@timestamp":{"gte":"now-24h"}}}]}},"aggs":{"p95":{"percentiles":{"field":"transaction.duration.us","percents":[95.0]}}}}`,
	`{"size":0,"query":{"range":{"@timestamp":{"gte":"now-7d"}}},"aggs":{"hosts":{"terms":{"field":"host.name","size":100,"order":[{"_count":"desc"},{"_key":"asc"}]}}}}`,
	`{"size":20,"query":{"query_string":{"query":"kubernetes.namespace:shop AND log.level:error","default_operator":"and"}},"track_total_hits":10000}`,
	`{"size":0,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"now-4h"}}}]}},"aggs":{"status":{"terms":{"field":"http.response.status_code","size":10}},"bytes":{"sum":{"field":"http.response.body.bytes"}}}}`,
}

// esRegressedQuery is the dashboard panel deployed at 2:25: a leading wildcard on the
// message of a week of orders logs.
const esRegressedQuery = `{"size":500,"query":{"bool":{"must":[{"query_string":{"query":"*timeout* OR *declined*","fields":["message"],"analyze_wildcard":true}}],"filter":[{"range":{"@timestamp":{"gte":"now-7d","lte":"now"}}}]}},"sort":[{"@timestamp":{"order":"desc"}}],"aggs":{"by_customer":{"terms":{"field":"labels.customer_id","size":5000}}}}`

// searchSlow writes an entry of the search slow log's query phase (DEBUG from 2 s, INFO
// from 5 s, WARN from 10 s), one shard's.
func (e *elasticLog) searchSlow(tr truth, at time.Time, s *esStream, took time.Duration, query string) {
	g := e.g
	level := "DEBUG"
	switch {
	case took >= 10*time.Second:
		level = "WARN"
	case took >= 5*time.Second:
		level = "INFO"
	}
	back := g.intn(3)
	if query != "" {
		back = g.intn(2)
	} else {
		query = pick(g, esQueries)
	}
	if s == e.inventory {
		back = 0 // a new data stream: one backing index
	}
	gen := s.generation(at) - back
	hits := fmt.Sprintf("%d hits", g.between(0, 9999))
	if g.chance(0.3) {
		hits = "10000+ hits"
	}
	opaque := "kibana:application:discover:new"
	if g.chance(0.6) {
		opaque = "kibana:application:dashboards:" + g.uuid()
	}
	msg := fmt.Sprintf("[%s][%d] took[%s], took_millis[%d], total_hits[%s], stats[], search_type[QUERY_THEN_FETCH], total_shards[%d], source[%s], id[%s],",
		s.backing(gen), g.intn(s.shards), esTime(took), took.Milliseconds(), hits, s.shards*(back+1+g.intn(2)), query, opaque)
	e.log(tr, at, level, esSearchSlow, "search", "index.search.slowlog.query", msg)
}

// fetchSlow writes an entry of the search slow log's fetch phase (DEBUG from 1 s).
func (e *elasticLog) fetchSlow(t time.Time) {
	g := e.g
	s := e.pickStream(false)
	took := time.Second + time.Duration(g.lognormal(400, 0.7)*float64(time.Millisecond))
	level := "DEBUG"
	if took >= 2*time.Second {
		level = "INFO"
	}
	msg := fmt.Sprintf("[%s][%d] took[%s], took_millis[%d], total_hits[%d hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[%d], source[%s], id[],",
		e.writeIndex(s, t), g.intn(s.shards), esTime(took), took.Milliseconds(), g.between(500, 9999), s.shards, esQueries[1])
	e.log(routine, t, level, esSearchSlow, "search", "index.search.slowlog.fetch", msg)
}

// youngGC is a young collection over the 700 ms the GC monitor logs (pressure 0 is the
// usual, up to 1 the heap nearly full).
func (e *elasticLog) youngGC(tr truth, t time.Time, pressure float64) {
	g := e.g
	elapsed := t.Sub(e.start)
	dur := time.Duration(math.Max(705, g.lognormal(820, 0.13)) * float64(time.Millisecond))
	// The old generation grows between concurrent cycles and drops after each.
	old := int64((4.0 + 1.8*math.Mod(elapsed.Minutes(), 41)/41) * float64(esGB))
	young := int64(g.lognormal(6.4, 0.08) * float64(esGB))
	if pressure > 0 {
		dur = time.Duration(g.lognormal(1100+2300*pressure, 0.2) * float64(time.Millisecond))
		old = int64((8.5 + 6.5*pressure) * float64(esGB))
		young = int64(math.Max(0.15, 16-float64(old)/float64(esGB)-0.4) * 0.8 * g.lognormal(1, 0.15) * float64(esGB))
	}
	survBefore, survAfter := int64(g.between(96, 320))*esMB, int64(g.between(96, 320))*esMB
	promoted := int64(g.between(20, 260)) * esMB
	if pressure > 0 {
		promoted = int64(g.between(150, 600)) * esMB
	}
	count := e.young0 + int(elapsed/(3600*time.Millisecond)) + int(180*rampUp(t, e.heapAt, 14*time.Minute))
	if pressure > 0 { // written in time order, as often as every second
		e.heapYoung = max(e.heapYoung+1, count)
		count = e.heapYoung
	}
	total := e.youngTotal0 + time.Duration(float64(elapsed)*0.016)
	interval := dur + time.Duration(g.between(80, 900))*time.Millisecond
	level := "INFO"
	if dur >= time.Second {
		level = "WARN"
	}
	msg := fmt.Sprintf("[gc][young][%d][%d] duration [%s], collections [1]/[%s], total [%s]/[%s], memory [%s]->[%s]/[%s], all_pools {[young] [%s]->[%s]/[%s]}{[old] [%s]->[%s]/[%s]}{[survivor] [%s]->[%s]/[%s]}",
		e.seq0+int(elapsed/time.Second), count, esTime(dur), esTime(interval), esTime(dur), esTime(total),
		esBytes(young+old+survBefore), esBytes(old+promoted+survAfter), esBytes(esHeapMax),
		esBytes(young), esBytes(0), esBytes(0), esBytes(old), esBytes(old+promoted), esBytes(esHeapMax), esBytes(survBefore), esBytes(survAfter), esBytes(0))
	e.server(tr, t, level, "scheduler", "org.elasticsearch.monitor.jvm.JvmGcMonitorService", msg)
}

// oldGC is a collection of the old generation (INFO from 5 s, WARN from 10 s).
func (e *elasticLog) oldGC(tr truth, t time.Time, dur time.Duration, before, after int64) {
	g := e.g
	e.oldCount++
	e.oldTotal += dur
	level := "INFO"
	if dur >= 10*time.Second {
		level = "WARN"
	}
	young := int64(g.between(20, 300)) * esMB
	surv := int64(g.between(0, 64)) * esMB
	msg := fmt.Sprintf("[gc][old][%d][%d] duration [%s], collections [1]/[%s], total [%s]/[%s], memory [%s]->[%s]/[%s], all_pools {[young] [%s]->[%s]/[%s]}{[old] [%s]->[%s]/[%s]}{[survivor] [%s]->[%s]/[%s]}",
		e.seq0+int(t.Sub(e.start)/time.Second), e.oldCount, esTime(dur), esTime(dur+time.Duration(g.between(100, 900))*time.Millisecond), esTime(dur), esTime(e.oldTotal),
		esBytes(before), esBytes(after), esBytes(esHeapMax),
		esBytes(young), esBytes(0), esBytes(0), esBytes(before-young-surv), esBytes(after), esBytes(esHeapMax), esBytes(surv), esBytes(0), esBytes(0))
	e.server(tr, t, level, "scheduler", "org.elasticsearch.monitor.jvm.JvmGcMonitorService", msg)
}

// overhead is the GC monitor's share of time spent collecting (INFO from 25%, WARN from
// 50%).
func (e *elasticLog) overhead(tr truth, t time.Time, elapsed time.Duration, ratio float64) {
	level := "INFO"
	if ratio >= 0.5 {
		level = "WARN"
	}
	spent := time.Duration(float64(elapsed) * ratio).Round(time.Millisecond)
	e.server(tr, t, level, "scheduler", "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
		fmt.Sprintf("[gc][%d] overhead, spent [%s] collecting in the last [%s]", e.seq0+int(t.Sub(e.start)/time.Second), esTime(spent), esTime(elapsed)))
}

// breakerGC is the real-memory circuit breaker asking for a G1 collection before it
// trips, and what that collection freed.
func (e *elasticLog) breakerGC(tr truth, t time.Time, used int64, helped bool) {
	g := e.g
	pool := pick(g, []string{"write", "search", "transport_worker"})
	logger := "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService"
	e.server(tr, t, "INFO", pool, logger, fmt.Sprintf("attempting to trigger G1GC due to high heap usage [%d]", used))
	d := g.between(20, 400)
	after := used - int64(g.between(600, 4000))*esMB
	word := "did"
	if !helped {
		word, after = "did not", used-int64(g.between(0, 120))*esMB
	}
	e.server(tr, t.Add(time.Duration(d)*time.Millisecond), "INFO", pool, logger,
		fmt.Sprintf("GC %s bring memory usage down, before [%d], after [%d], allocations [%d], duration [%d]", word, used, after, g.between(1, 60), d))
}

// plaintext is an old health checker probing the HTTPS port with plain HTTP.
func (e *elasticLog) plaintext(t time.Time) {
	e.shipperPort++
	if e.shipperPort > 60999 {
		e.shipperPort = 32768
	}
	e.server(routine, t, "WARN", "transport_worker", "org.elasticsearch.xpack.security.transport.netty4.SecurityNetty4HttpServerTransport",
		fmt.Sprintf("received plaintext http traffic on an https channel, closing connection Netty4HttpChannel{localAddress=/%s:9200, remoteAddress=/10.0.9.4:%d}", e.self.ip, e.shipperPort))
}

func (e *elasticLog) untrusted(t time.Time) {
	e.server(routine, t, "WARN", "transport_worker", "org.elasticsearch.xpack.security.transport.netty4.SecurityNetty4HttpServerTransport",
		fmt.Sprintf("http client did not trust this server's certificate, closing connection Netty4HttpChannel{localAddress=/%s:9200, remoteAddress=/%s:%d}", e.self.ip, e.g.privateIP(), e.g.between(32768, 60999)))
}

func (e *elasticLog) kibanaSystem(t time.Time) {
	e.server(routine, t, "WARN", "transport_worker", "org.elasticsearch.xpack.security.authc.RealmsAuthenticator",
		"Authentication of [kibana_system] was terminated by realm [reserved] - failed to authenticate user [kibana_system]")
}

func (e *elasticLog) lateResponse(t time.Time) {
	g := e.g
	sent := time.Duration(g.between(15100, 32000)) * time.Millisecond
	n := e.node(pick(g, []string{"es-warm-0", "es-warm-1", "es-warm-2", "es-data-5"}), t)
	e.server(routine, t, "WARN", "transport_worker", "org.elasticsearch.transport.TransportService",
		fmt.Sprintf("Received response for a request that has timed out, sent [%s] ago, timed out [%s] ago, action [%s], node [%s], id [%d]",
			esTimeMillis(sent), esTimeMillis(sent-15*time.Second), pick(g, []string{"cluster:monitor/nodes/stats[n]", "indices:monitor/stats[n]", "cluster:monitor/nodes/info[n]"}), n, g.between(40000000, 49999999)))
}

// updateSource names a cluster state update task.
func (e *elasticLog) updateSource(t time.Time) string {
	g := e.g
	s := e.pickStream(true)
	index := e.writeIndex(s, t)
	switch g.intn(8) {
	case 0, 1, 2:
		return fmt.Sprintf("shard-started StartedShardEntry{shardId [[%s][%d]], allocationId [%s], primary term [1], message [after peer recovery]}", s.backing(s.generation(t)-g.intn(30)), g.intn(s.shards), e.b64(22))
	case 3:
		return fmt.Sprintf("put-mapping [%s/%s]", index, e.uuid(index))
	case 4:
		return "cluster_reroute(reroute after starting shards)"
	case 5:
		return fmt.Sprintf("ilm-set-step-info {policy [%s], index [%s], currentStep [{\"phase\":\"hot\",\"action\":\"rollover\",\"name\":\"check-rollover-ready\"}]}", s.policy, index)
	case 6:
		return fmt.Sprintf("update-settings [[%s/%s]]", index, e.uuid(index))
	}
	return "ilm-execute-cluster-state-steps [{\"phase\":\"warm\",\"action\":\"migrate\",\"name\":\"migrate\"} => {\"phase\":\"warm\",\"action\":\"migrate\",\"name\":\"check-migration\"}]"
}

func (e *elasticLog) slowCompute(tr truth, t time.Time, took time.Duration) {
	e.server(tr, t, "WARN", "masterService#updateTask", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("took [%s] to compute cluster state update for [%s], which exceeds the warn threshold of [10s]", esTimeMillis(took), e.updateSource(t)))
}

var esHotSteps = []string{
	`{"phase":"new","action":"complete","name":"complete"}`,
	`{"phase":"hot","action":"unfollow","name":"branch-check-unfollow-prerequisites"}`,
	`{"phase":"hot","action":"rollover","name":"check-rollover-ready"}`,
}

var esRolloverSteps = []string{
	`{"phase":"hot","action":"rollover","name":"check-rollover-ready"}`,
	`{"phase":"hot","action":"rollover","name":"attempt-rollover"}`,
	`{"phase":"hot","action":"rollover","name":"wait-for-active-shards"}`,
	`{"phase":"hot","action":"rollover","name":"update-rollover-lifecycle-date"}`,
	`{"phase":"hot","action":"rollover","name":"set-indexing-complete"}`,
	`{"phase":"hot","action":"complete","name":"complete"}`,
}

// esLaterSteps are the steps ILM's polls take an older index through, an action at a
// time.
var esLaterSteps = [][]string{
	{`{"phase":"hot","action":"complete","name":"complete"}`, `{"phase":"warm","action":"set_priority","name":"set_priority"}`},
	{`{"phase":"warm","action":"set_priority","name":"set_priority"}`, `{"phase":"warm","action":"migrate","name":"branch-check-skip-action"}`, `{"phase":"warm","action":"migrate","name":"migrate"}`, `{"phase":"warm","action":"migrate","name":"check-migration"}`},
	{`{"phase":"warm","action":"migrate","name":"check-migration"}`, `{"phase":"warm","action":"forcemerge","name":"forcemerge"}`, `{"phase":"warm","action":"forcemerge","name":"segment-count"}`},
	{`{"phase":"warm","action":"forcemerge","name":"segment-count"}`, `{"phase":"warm","action":"complete","name":"complete"}`},
	{`{"phase":"warm","action":"complete","name":"complete"}`, `{"phase":"delete","action":"delete","name":"wait-for-shard-history-leases"}`, `{"phase":"delete","action":"delete","name":"cleanup-snapshot"}`, `{"phase":"delete","action":"delete","name":"delete"}`},
}

func (e *elasticLog) ilmMove(tr truth, at time.Time, index, from, to, policy string) {
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.xpack.ilm.IndexLifecycleTransition",
		fmt.Sprintf("moving index [%s] from [%s] to [%s] in policy [%s]", index, from, to, policy))
}

// ilmPoll is ILM's periodic run taking older indices a step further: to warm (their
// shards relocating to the warm nodes), force-merged, deleted.
func (e *elasticLog) ilmPoll(t time.Time) {
	g := e.g
	at := t
	for i, n := 0, g.between(0, 3); i < n; i++ {
		s := e.pickStream(true)
		k := g.intn(len(esLaterSteps))
		back := 3 + 8*k + g.intn(8)
		if s.every == 0 {
			back = 1 + k + g.intn(2)
		}
		index := s.backing(s.generation(at) - back)
		steps := esLaterSteps[k]
		for j := 1; j < len(steps); j++ {
			at = at.Add(time.Duration(g.between(5, 400)) * time.Millisecond)
			e.ilmMove(routine, at, index, steps[j-1], steps[j], s.policy)
		}
		switch k {
		case 1: // migrate: this node hands its copy to a warm node
			if g.chance(0.5) {
				e.recoverySource(routine, at.Add(time.Duration(g.between(200, 3000))*time.Millisecond), index, g.intn(s.shards), e.node(pick(g, []string{"es-warm-0", "es-warm-1", "es-warm-2"}), at), time.Duration(g.between(20, 400))*time.Second)
			}
		case 4:
			at = at.Add(time.Duration(g.between(20, 300)) * time.Millisecond)
			e.deleteIndex(routine, at, index)
		}
		at = at.Add(time.Duration(g.between(100, 3000)) * time.Millisecond)
	}
}

func (e *elasticLog) deleteIndex(tr truth, at time.Time, index string) {
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.metadata.MetadataDeleteIndexService",
		fmt.Sprintf("[%s/%s] deleting index", index, e.uuid(index)))
}

func (e *elasticLog) ilmRetry(t time.Time) {
	s := e.pickStream(true)
	e.server(routine, t, "INFO", "masterService#updateTask", "org.elasticsearch.xpack.ilm.IndexLifecycleRunner",
		fmt.Sprintf("policy [%s] for index [%s] on an error step due to a transient error, moving back to the failed step [check-rollover-ready] for execution. retry attempt [%d]", s.policy, e.writeIndex(s, t), e.g.between(1, 6)))
}

func (e *elasticLog) updateMapping(tr truth, at time.Time, index string) {
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.metadata.MetadataMappingService",
		fmt.Sprintf("[%s/%s] update_mapping [_doc]", index, e.uuid(index)))
}

func (e *elasticLog) health(tr truth, at time.Time, from, to, reason string) {
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.routing.allocation.AllocationService",
		fmt.Sprintf("Cluster health status changed from [%s] to [%s] (reason: [%s]).", from, to, reason))
}

// recoverySource is a copy of a shard of this node recovering on another node (DEBUG,
// the recovery loggers being at DEBUG).
func (e *elasticLog) recoverySource(tr truth, at time.Time, index string, shard int, to esNode, took time.Duration) {
	e.server(tr, at, "DEBUG", "generic", "org.elasticsearch.indices.recovery.PeerRecoverySourceService",
		fmt.Sprintf("[%s][%d] starting recovery to %s", index, shard, to))
	if done := at.Add(took); done.Before(e.end) {
		e.server(tr, done, "DEBUG", "generic", "org.elasticsearch.indices.recovery.RecoverySourceHandler",
			fmt.Sprintf("[%s][%d][recover to %s] finalizing recovery took [%s]", index, shard, to.name, esTime(time.Duration(e.g.between(3, 900))*time.Millisecond)))
	}
}

// recoveryTarget is a replica allocated to this node recovering from its primary.
func (e *elasticLog) recoveryTarget(tr truth, at time.Time, index string, shard int, from esNode, took time.Duration) {
	e.server(tr, at, "DEBUG", "generic", "org.elasticsearch.indices.recovery.PeerRecoveryTargetService",
		fmt.Sprintf("[%s][%d] starting recovery from %s", index, shard, from))
	e.server(tr, at.Add(took), "DEBUG", "generic", "org.elasticsearch.indices.recovery.PeerRecoveryTargetService",
		fmt.Sprintf("[%s][%d] recovery done from [%s], took [%s]", index, shard, from, esTime(took)))
}

// rollover is ILM rolling a data stream over to a new write index of generation gen.
func (e *elasticLog) rollover(tr truth, at time.Time, s *esStream, gen int) {
	g := e.g
	old, index := s.backing(gen-1), s.backing(gen)
	next := func() time.Time {
		at = at.Add(time.Duration(g.between(3, 250)) * time.Millisecond)
		return at
	}
	e.ilmMove(tr, next(), old, esRolloverSteps[0], esRolloverSteps[1], s.policy)
	e.server(tr, next(), "INFO", "masterService#updateTask", "org.elasticsearch.cluster.metadata.MetadataCreateIndexService",
		fmt.Sprintf("[%s] creating index, cause [rollover_data_stream], templates [%s], shards [%d]/[1]", index, s.template, s.shards))
	e.ilmMove(tr, next(), index, "null", esHotSteps[0], s.policy)
	for i := 2; i < len(esRolloverSteps); i++ {
		e.ilmMove(tr, next(), old, esRolloverSteps[i-1], esRolloverSteps[i], s.policy)
	}
	for i := 1; i < len(esHotSteps); i++ {
		e.ilmMove(tr, next(), index, esHotSteps[i-1], esHotSteps[i], s.policy)
	}
	at = at.Add(time.Duration(g.between(300, 2000)) * time.Millisecond)
	if g.chance(0.4) {
		e.recoveryTarget(tr, at, index, g.intn(s.shards), e.otherHot(at), time.Duration(g.between(80, 900))*time.Millisecond)
	}
	e.updateMapping(tr, at.Add(time.Duration(g.between(500, 4000))*time.Millisecond), index)
	if s.every > 0 && g.chance(0.7) {
		e.health(tr, at.Add(time.Duration(g.between(1000, 3000))*time.Millisecond), "YELLOW", "GREEN", fmt.Sprintf("shards started [[%s][%d]]", index, g.intn(s.shards)))
	}
}

var (
	esBulkFrames = []string{
		"org.elasticsearch.action.bulk.TransportShardBulkAction.executeBulkItemRequest(TransportShardBulkAction.java:401)",
		"org.elasticsearch.action.bulk.TransportShardBulkAction$2.doRun(TransportShardBulkAction.java:231)",
		"org.elasticsearch.common.util.concurrent.AbstractRunnable.run(AbstractRunnable.java:26)",
		"org.elasticsearch.action.bulk.TransportShardBulkAction.performOnPrimary(TransportShardBulkAction.java:296)",
		"org.elasticsearch.action.bulk.TransportShardBulkAction.dispatchedShardOperationOnPrimary(TransportShardBulkAction.java:152)",
		"org.elasticsearch.action.bulk.TransportShardBulkAction.dispatchedShardOperationOnPrimary(TransportShardBulkAction.java:82)",
		"org.elasticsearch.action.support.replication.TransportWriteAction$1.doRun(TransportWriteAction.java:215)",
		"org.elasticsearch.common.util.concurrent.ThreadContext$ContextPreservingAbstractRunnable.doRun(ThreadContext.java:983)",
		"org.elasticsearch.common.util.concurrent.AbstractRunnable.run(AbstractRunnable.java:26)",
		"java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
	esParseFrames = []string{
		"org.elasticsearch.index.mapper.FieldMapper.rethrowAsDocumentParsingException(FieldMapper.java:239)",
		"org.elasticsearch.index.mapper.FieldMapper.parse(FieldMapper.java:182)",
		"org.elasticsearch.index.mapper.DocumentParser.parseObjectOrField(DocumentParser.java:482)",
		"org.elasticsearch.index.mapper.DocumentParser.parseValue(DocumentParser.java:792)",
		"org.elasticsearch.index.mapper.DocumentParser.innerParseObject(DocumentParser.java:385)",
		"org.elasticsearch.index.mapper.DocumentParser.parseObjectOrNested(DocumentParser.java:342)",
		"org.elasticsearch.index.mapper.DocumentParser.internalParseDocument(DocumentParser.java:142)",
		"org.elasticsearch.index.mapper.DocumentParser.parseDocument(DocumentParser.java:87)",
		"org.elasticsearch.index.mapper.DocumentMapper.parse(DocumentMapper.java:112)",
		"org.elasticsearch.index.shard.IndexShard.prepareIndex(IndexShard.java:1015)",
		"org.elasticsearch.index.shard.IndexShard.applyIndexOperation(IndexShard.java:973)",
		"org.elasticsearch.index.shard.IndexShard.applyIndexOperationOnPrimary(IndexShard.java:910)",
	}
	esNumberFrames = []string{
		"java.base/jdk.internal.math.FloatingDecimal.readJavaFormatString(FloatingDecimal.java:2054)",
		"java.base/jdk.internal.math.FloatingDecimal.parseDouble(FloatingDecimal.java:110)",
		"java.base/java.lang.Double.parseDouble(Double.java:792)",
		"org.elasticsearch.xcontent.support.AbstractXContentParser.longValue(AbstractXContentParser.java:224)",
		"org.elasticsearch.index.mapper.NumberFieldMapper$NumberType$7.parse(NumberFieldMapper.java:1240)",
		"org.elasticsearch.index.mapper.NumberFieldMapper.parseCreateField(NumberFieldMapper.java:1804)",
		"org.elasticsearch.index.mapper.FieldMapper.parse(FieldMapper.java:177)",
	}
	esFieldLimitFrames = []string{
		"org.elasticsearch.index.mapper.MappingLookup.checkFieldLimit(MappingLookup.java:310)",
		"org.elasticsearch.index.mapper.MappingLookup.checkFieldLimit(MappingLookup.java:302)",
		"org.elasticsearch.index.mapper.MappingLookup.checkLimits(MappingLookup.java:294)",
		"org.elasticsearch.index.mapper.DocumentMapper.validate(DocumentMapper.java:127)",
		"org.elasticsearch.index.mapper.MapperService.newDocumentMapper(MapperService.java:613)",
		"org.elasticsearch.index.mapper.MapperService.mergeAndApplyMappings(MapperService.java:593)",
		"org.elasticsearch.index.mapper.MapperService.merge(MapperService.java:575)",
	}
	esBlockFrames = []string{
		"org.elasticsearch.cluster.block.ClusterBlocks.indexBlockedException(ClusterBlocks.java:234)",
		"org.elasticsearch.action.support.replication.TransportReplicationAction.blockExceptions(TransportReplicationAction.java:268)",
		"org.elasticsearch.action.support.replication.TransportReplicationAction$ReroutePhase.doRun(TransportReplicationAction.java:812)",
		"org.elasticsearch.common.util.concurrent.AbstractRunnable.run(AbstractRunnable.java:26)",
		"org.elasticsearch.action.support.replication.TransportReplicationAction.runReroutePhase(TransportReplicationAction.java:238)",
		"org.elasticsearch.action.support.replication.TransportReplicationAction.doExecute(TransportReplicationAction.java:233)",
		"org.elasticsearch.action.bulk.TransportShardBulkAction.doExecute(TransportShardBulkAction.java:118)",
		"org.elasticsearch.action.support.TransportAction$RequestFilterChain.proceed(TransportAction.java:87)",
		"org.elasticsearch.action.support.TransportAction.execute(TransportAction.java:60)",
		"org.elasticsearch.action.bulk.BulkOperation.executeBulkShardRequest(BulkOperation.java:302)",
		"org.elasticsearch.action.bulk.BulkOperation.executeBulkRequestsByShard(BulkOperation.java:254)",
		"org.elasticsearch.action.bulk.BulkOperation.doRun(BulkOperation.java:147)",
		"org.elasticsearch.common.util.concurrent.AbstractRunnable.run(AbstractRunnable.java:26)",
		"java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
	esHTTPFrames = []string{
		"org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService.checkParentLimit(HierarchyCircuitBreakerService.java:414)",
		"org.elasticsearch.common.breaker.ChildMemoryCircuitBreaker.addEstimateBytesAndMaybeBreak(ChildMemoryCircuitBreaker.java:108)",
		"org.elasticsearch.rest.RestController.dispatchRequest(RestController.java:463)",
		"org.elasticsearch.rest.RestController.tryAllHandlers(RestController.java:636)",
		"org.elasticsearch.rest.RestController.dispatchRequest(RestController.java:346)",
		"org.elasticsearch.http.AbstractHttpServerTransport.dispatchRequest(AbstractHttpServerTransport.java:446)",
		"org.elasticsearch.http.AbstractHttpServerTransport.handleIncomingRequest(AbstractHttpServerTransport.java:545)",
		"org.elasticsearch.http.AbstractHttpServerTransport.incomingRequest(AbstractHttpServerTransport.java:421)",
		"org.elasticsearch.http.netty4.Netty4HttpPipeliningHandler.handlePipelinedRequest(Netty4HttpPipeliningHandler.java:125)",
		"org.elasticsearch.http.netty4.Netty4HttpPipeliningHandler.channelRead(Netty4HttpPipeliningHandler.java:115)",
		"io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:442)",
		"io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:420)",
		"io.netty.channel.AbstractChannelHandlerContext.fireChannelRead(AbstractChannelHandlerContext.java:412)",
		"io.netty.handler.codec.MessageToMessageDecoder.channelRead(MessageToMessageDecoder.java:103)",
		"io.netty.channel.nio.NioEventLoop.processSelectedKeys(NioEventLoop.java:562)",
		"io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:569)",
		"io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)",
		"io.netty.util.internal.ThreadExecutorMap$2.run(ThreadExecutorMap.java:74)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
	esSearchFrames = []string{
		"org.elasticsearch.action.search.AbstractSearchAsyncAction.onPhaseFailure(AbstractSearchAsyncAction.java:712)",
		"org.elasticsearch.action.search.AbstractSearchAsyncAction.executeNextPhase(AbstractSearchAsyncAction.java:404)",
		"org.elasticsearch.action.search.AbstractSearchAsyncAction.onPhaseDone(AbstractSearchAsyncAction.java:744)",
		"org.elasticsearch.action.search.AbstractSearchAsyncAction.onShardFailure(AbstractSearchAsyncAction.java:497)",
		"org.elasticsearch.action.search.AbstractSearchAsyncAction$1.onFailure(AbstractSearchAsyncAction.java:335)",
		"org.elasticsearch.action.search.SearchTransportService$ConnectionCountingHandler.handleException(SearchTransportService.java:631)",
		"org.elasticsearch.transport.TransportService$ContextRestoreResponseHandler.handleException(TransportService.java:1475)",
		"org.elasticsearch.transport.InboundHandler.doHandleException(InboundHandler.java:455)",
		"org.elasticsearch.transport.InboundHandler.handleException(InboundHandler.java:443)",
		"org.elasticsearch.common.util.concurrent.ThreadContext$ContextPreservingRunnable.run(ThreadContext.java:917)",
		"java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
	esAggFrames = []string{
		"org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService.checkParentLimit(HierarchyCircuitBreakerService.java:414)",
		"org.elasticsearch.common.breaker.ChildMemoryCircuitBreaker.addEstimateBytesAndMaybeBreak(ChildMemoryCircuitBreaker.java:108)",
		"org.elasticsearch.common.util.BigArrays.adjustBreaker(BigArrays.java:411)",
		"org.elasticsearch.common.util.BigArrays.resizeInPlace(BigArrays.java:439)",
		"org.elasticsearch.common.util.BigArrays.resize(BigArrays.java:486)",
		"org.elasticsearch.common.util.BigArrays.grow(BigArrays.java:500)",
		"org.elasticsearch.search.aggregations.bucket.terms.BytesKeyedBucketOrds$FromSingle.add(BytesKeyedBucketOrds.java:87)",
		"org.elasticsearch.search.aggregations.bucket.terms.MapStringTermsAggregator$1.collect(MapStringTermsAggregator.java:141)",
		"org.elasticsearch.search.aggregations.LeafBucketCollector.collect(LeafBucketCollector.java:81)",
		"org.apache.lucene.search.Weight$DefaultBulkScorer.scoreAll(Weight.java:305)",
		"org.apache.lucene.search.IndexSearcher.search(IndexSearcher.java:678)",
		"org.elasticsearch.search.internal.ContextIndexSearcher.searchLeaf(ContextIndexSearcher.java:510)",
		"org.elasticsearch.search.query.QueryPhase.executeQuery(QueryPhase.java:156)",
		"org.elasticsearch.search.SearchService.executeQueryPhase(SearchService.java:686)",
	}
	esPublishFrames = []string{
		"org.elasticsearch.cluster.coordination.Coordinator$CoordinatorPublication$4.onFailure(Coordinator.java:2098)",
		"org.elasticsearch.cluster.coordination.Publication.onPossibleCompletion(Publication.java:125)",
		"org.elasticsearch.cluster.coordination.Publication.cancel(Publication.java:88)",
		"org.elasticsearch.cluster.coordination.Coordinator$CoordinatorPublication$2.run(Coordinator.java:1912)",
		"org.elasticsearch.common.util.concurrent.ThreadContext$ContextPreservingRunnable.run(ThreadContext.java:917)",
		"java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
		"java.base/java.lang.Thread.run(Thread.java:1583)",
	}
)

// bulkItemFailure is a document of a bulk request failing on its primary shard, as the
// bulk logger at DEBUG writes it.
func (e *elasticLog) bulkItemFailure(tr truth, at time.Time, s *esStream, source string, errFields []field) {
	index := e.writeIndex(s, at)
	e.server(tr, at, "DEBUG", "write", "org.elasticsearch.action.bulk.TransportShardBulkAction",
		fmt.Sprintf("[%s][%d] failed to execute bulk item (create) index {[%s][%s], source[%s]}", index, e.g.intn(s.shards), s.name, e.b64(20), source), errFields...)
}

// badDocument is one shipper sending nginx documents with "-" for the response size.
func (e *elasticLog) badDocument(t time.Time) {
	g := e.g
	s := e.stream("logs-nginx.access-prod")
	id := e.b64(20)
	ts := t.Add(-time.Duration(g.between(200, 5000)) * time.Millisecond).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	src := fmt.Sprintf(`{"@timestamp":"%s","agent":{"name":"edge-shipper-3"},"http":{"request":{"method":"GET"},"response":{"status_code":%d,"body":{"bytes":"-"}}},"url":{"original":"%s"}}`, ts, pick(g, []int{204, 304, 499}), pick(g, esPaths))
	col := g.between(120, 180)
	msg := fmt.Sprintf("[1:%d] failed to parse field [http.response.body.bytes] of type [long] in document with id '%s'. Preview of field's value: '-'", col, id)
	trace := esTrace("org.elasticsearch.index.mapper.DocumentParsingException", msg, append(append([]string{}, esParseFrames...), esBulkFrames...),
		esCause{"java.lang.NumberFormatException", `For input string: "-"`, esNumberFrames, 24})
	e.bulkItemFailure(routine, t, s, src, esError("org.elasticsearch.index.mapper.DocumentParsingException", msg, trace))
}

// rollingRestart is es-data-4 restarted for a kernel patch: a shutdown record, the node
// leaving, its replicas waiting, the node back some 70 s later and its replicas
// recovering.
func (e *elasticLog) rollingRestart() {
	g := e.g
	tr := e.restart.truth()
	before, after := e.nodes[4], e.data4After
	at := e.restart.start
	master := "masterService#updateTask"
	e.server(tr, at, "INFO", master, "org.elasticsearch.xpack.shutdown.TransportPutShutdownNodeAction",
		fmt.Sprintf("creating shutdown record {nodeId=[%s], type=[RESTART], reason=[rolling restart: kernel 6.1.0-21]}", before.id))
	at = e.restartLeft
	v := e.version(at)
	e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("node-left[%s reason: disconnected], term: 12, version: %d, delta: removed {%s}", before, v, before))
	at = at.Add(time.Duration(g.between(30, 120)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("removed {%s}, term: 12, version: %d, reason: Publication{term=12, version=%d}", before, v, v))
	e.health(tr, at.Add(40*time.Millisecond), "GREEN", "YELLOW", fmt.Sprintf("%s reason: disconnected", before))
	for i := 0; i < 4; i++ {
		s := e.pickStream(true)
		at = at.Add(time.Duration(g.between(200, 4000)) * time.Millisecond)
		e.server(tr, at, "WARN", master, "org.elasticsearch.cluster.routing.allocation.AllocationService",
			fmt.Sprintf("[%s][%d] marking unavailable shards as stale: [%s]", e.writeIndex(s, at), g.intn(s.shards), e.b64(22)))
	}
	at = e.restartJoined
	v = e.version(at)
	e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("node-join[%s joining after restart, removed [%s] ago with reason [disconnected]], term: 12, version: %d, delta: added {%s}", after, esTimeMillis(at.Sub(e.restartLeft)), v, after))
	at = at.Add(time.Duration(g.between(30, 120)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("added {%s}, term: 12, version: %d, reason: Publication{term=12, version=%d}", after, v, v))
	// This node's primaries send their replicas on es-data-4 what they missed.
	last := at
	for i := 0; i < 14; i++ {
		s := e.pickStream(true)
		from := at.Add(time.Duration(g.between(1000, 90000)) * time.Millisecond)
		took := time.Duration(g.lognormal(8000, 0.8) * float64(time.Millisecond))
		e.recoverySource(tr, from, e.writeIndex(s, from), g.intn(s.shards), after, took)
		if from.Add(took).After(last) {
			last = from.Add(took)
		}
	}
	s := e.pickStream(true)
	e.health(tr, last.Add(time.Duration(g.between(100, 900))*time.Millisecond), "YELLOW", "GREEN", fmt.Sprintf("shards started [[%s][%d]]", e.writeIndex(s, last), g.intn(s.shards)))
	e.server(tr, last.Add(time.Duration(g.between(20, 60))*time.Second), "INFO", master, "org.elasticsearch.xpack.shutdown.TransportDeleteShutdownNodeAction",
		fmt.Sprintf("removing shutdown record for nodeId [%s]", after.id))
}

// snapshotRuns are the snapshots of SLM's business-hours policy (0 0 9-17 * * ?), the
// first of the day at 09:00 (1:00 into the log), the next at 10:00.
func (e *elasticLog) snapshotRuns() {
	g := e.g
	tr := e.snapshots.truth()
	for run := 0; run < 2; run++ {
		at := e.snapshots.start.Add(time.Duration(run)*time.Hour + time.Duration(g.between(1, 40))*time.Millisecond)
		name := "bh-snap-" + esToday + "-" + strings.ToLower(e.b64(22))
		full := fmt.Sprintf("s3-backups:%s/%s", name, e.b64(22))
		e.server(tr, at, "INFO", "trigger_engine_scheduler", "org.elasticsearch.xpack.slm.SnapshotLifecycleTask",
			fmt.Sprintf("snapshot lifecycle policy [business-hours-snapshots] issuing create snapshot [%s]", name))
		at = at.Add(time.Duration(g.between(30, 300)) * time.Millisecond)
		e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.snapshots.SnapshotsService", fmt.Sprintf("snapshot [%s] started", full))
		at = at.Add(time.Duration(g.between(120, 240)) * time.Second)
		e.server(tr, at, "INFO", "snapshot", "org.elasticsearch.snapshots.SnapshotsService", fmt.Sprintf("snapshot [%s] completed with state [SUCCESS]", full))
		e.server(tr, at.Add(time.Duration(g.between(2, 30))*time.Millisecond), "INFO", "snapshot", "org.elasticsearch.xpack.slm.SnapshotLifecycleTask",
			fmt.Sprintf("snapshot lifecycle policy job [business-hours-snapshots-3] issued new snapshot creation for [%s] successfully", name))
	}
}

// newAppLines are the inventory service's first deploy: its templates, its data stream
// created on its first write, its mapping growing as new fields come, its slow indexing
// from then on, and a few documents its mapping rejects.
func (e *elasticLog) newAppLines() {
	g := e.g
	tr := e.newApp.truth()
	s := e.inventory
	master := "masterService#updateTask"
	at := e.newApp.start
	for _, c := range []string{"logs-app.inventory@package", "logs-app.inventory@custom"} {
		e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.metadata.MetadataIndexTemplateService", fmt.Sprintf("adding component template [%s]", c))
		at = at.Add(time.Duration(g.between(100, 900)) * time.Millisecond)
	}
	e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.metadata.MetadataIndexTemplateService", "adding index template [logs-app.inventory] for index patterns [logs-app.inventory-*]")
	at = at.Add(time.Duration(g.between(30, 60)) * time.Second)
	index := s.backing(1)
	e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.metadata.MetadataCreateDataStreamService",
		fmt.Sprintf("adding data stream [%s] with write index [%s], backing indices [], and aliases []", s.name, index))
	at = at.Add(time.Duration(g.between(5, 60)) * time.Millisecond)
	e.server(tr, at, "INFO", master, "org.elasticsearch.cluster.metadata.MetadataCreateIndexService",
		fmt.Sprintf("[%s] creating index, cause [initialize_data_stream], templates [%s], shards [1]/[1]", index, s.template))
	at = at.Add(time.Duration(g.between(5, 60)) * time.Millisecond)
	e.ilmMove(tr, at, index, "null", esHotSteps[0], s.policy)
	for i := 1; i < len(esHotSteps); i++ {
		at = at.Add(time.Duration(g.between(5, 200)) * time.Millisecond)
		e.ilmMove(tr, at, index, esHotSteps[i-1], esHotSteps[i], s.policy)
	}
	e.health(tr, at.Add(time.Duration(g.between(800, 2500))*time.Millisecond), "YELLOW", "GREEN", fmt.Sprintf("shards started [[%s][0]]", index))
	first := at
	g.arrivals(first, e.end, func(t time.Time) float64 {
		return 0.08*math.Exp(-t.Sub(first).Minutes()/5) + 0.004
	}, func(t time.Time) { e.updateMapping(tr, t, index) })
	g.arrivals(first, e.end, func(t time.Time) float64 { return 0.1 + 0.7*rampUp(t, first, 3*time.Minute) }, func(t time.Time) {
		e.indexSlow(tr, t, s, 500*time.Millisecond+time.Duration(g.lognormal(400, 0.9)*float64(time.Millisecond)))
	})
	g.arrivals(first, e.end, func(time.Time) float64 { return 0.004 }, func(t time.Time) {
		e.searchSlow(tr, t, s, 2*time.Second+time.Duration(g.lognormal(1300, 0.8)*float64(time.Millisecond)), "")
	})
	g.arrivals(first, first.Add(15*time.Minute), func(time.Time) float64 { return 0.006 }, func(t time.Time) {
		id := e.b64(20)
		msg := fmt.Sprintf("[1:%d] failed to parse field [inventory.quantity] of type [long] in document with id '%s'. Preview of field's value: 'n/a'", g.between(60, 140), id)
		trace := esTrace("org.elasticsearch.index.mapper.DocumentParsingException", msg, append(append([]string{}, esParseFrames...), esBulkFrames...),
			esCause{"java.lang.NumberFormatException", `For input string: "n/a"`, esNumberFrames, 24})
		e.bulkItemFailure(tr, t, s, e.source(s, t), esError("org.elasticsearch.index.mapper.DocumentParsingException", msg, trace))
	})
}

// debugLines are the cluster.service loggers at DEBUG: every cluster state update the
// master computes, publishes and applies.
func (e *elasticLog) debugLines() {
	g := e.g
	tr := e.debug.truth()
	at := e.debug.start
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.common.settings.ClusterSettings",
		"updating [logger.org.elasticsearch.cluster.service] from [INFO] to [DEBUG]")
	master, applier := "org.elasticsearch.cluster.service.MasterService", "org.elasticsearch.cluster.service.ClusterApplierService"
	for _, t := range e.updates {
		if !t.After(e.debug.start) {
			continue
		}
		src := e.updateSource(t)
		v := e.version(t)
		term := e.term(t)
		uuid := e.b64(22)
		pub := fmt.Sprintf("Publication{term=%d, version=%d}", term, v)
		at := t
		step := func(min, max int) time.Time {
			at = at.Add(time.Duration(g.between(min, max)) * time.Millisecond)
			return at
		}
		e.server(tr, at, "DEBUG", "masterService#updateTask", master, fmt.Sprintf("executing cluster state update for [%s]", src))
		e.server(tr, step(0, 3), "DEBUG", "masterService#updateTask", master, fmt.Sprintf("took [%s] to compute cluster state update for [%s]", esTime(time.Duration(g.between(0, 6))*time.Millisecond), src))
		e.server(tr, step(0, 2), "DEBUG", "masterService#updateTask", master, fmt.Sprintf("cluster state updated, version [%d], source [%s]", v, src))
		e.server(tr, step(0, 2), "DEBUG", "masterService#updateTask", master, fmt.Sprintf("publishing cluster state version [%d]", v))
		e.server(tr, step(2, 25), "DEBUG", "clusterApplierService#updateTask", applier, fmt.Sprintf("processing [%s]: execute", pub))
		e.server(tr, step(0, 2), "DEBUG", "clusterApplierService#updateTask", applier, fmt.Sprintf("cluster state updated, version [%d], source [%s]", v, pub))
		e.server(tr, step(0, 2), "DEBUG", "clusterApplierService#updateTask", applier, fmt.Sprintf("applying settings from cluster state with version %d", v))
		e.server(tr, step(0, 3), "DEBUG", "clusterApplierService#updateTask", applier, fmt.Sprintf("apply cluster state with version %d", v))
		e.server(tr, step(1, 12), "DEBUG", "clusterApplierService#updateTask", applier, fmt.Sprintf("set locally applied cluster state to version %d", v))
		applied := step(0, 3)
		e.server(tr, applied, "DEBUG", "clusterApplierService#updateTask", applier,
			fmt.Sprintf("processing [%s]: took [%s] done applying updated cluster state (version: %d, uuid: %s)", pub, esTime(applied.Sub(t).Truncate(time.Millisecond)), v, uuid))
		e.server(tr, step(1, 30), "DEBUG", "masterService#updateTask", master,
			fmt.Sprintf("took [%s] to notify listeners on successful publication of cluster state (version: %d, uuid: %s) for [%s]", esTime(time.Duration(g.between(0, 40))*time.Millisecond), v, uuid, src))
	}
}

// diskUsage writes this node's disk as DiskUsage.toString does.
func (e *elasticLog) diskUsage(freePct float64) string {
	return fmt.Sprintf("[%s][%s][%s] free: %s[%s%%]", e.self.id, e.self.name, esDataPath, esBytes(int64(freePct/100*float64(esDiskTotal))), format1(freePct))
}

// diskFilling is this node's disk filling faster than shards can leave it: the
// watermarks one after the other, the node's indices made read-only, writes failing,
// old indices deleted by an operator and the block released.
func (e *elasticLog) diskFilling() {
	g := e.g
	tr := incident(elasticDiskFull)
	monitor := "org.elasticsearch.cluster.routing.allocation.DiskThresholdMonitor"
	free := func(t time.Time) float64 {
		x := t.Sub(e.diskAt).Minutes()
		if x <= 12 {
			return 14.9 - 10*x/12 + g.normal(0, 0.03)
		}
		return 4.9 - 0.06*(x-12) + g.normal(0, 0.02)
	}
	e.server(tr, e.diskAt.Add(time.Duration(g.between(6000, 9000))*time.Millisecond), "INFO", "management", monitor,
		fmt.Sprintf("low disk watermark [85%%] exceeded on %s, replicas will not be assigned to this node", e.diskUsage(14.8)))
	// Shards relocating away to the other hot nodes, a few at a time.
	type move struct {
		from, to time.Time
		size     int64
	}
	var moves []move
	for at := e.diskAt.Add(3*time.Minute + 12*time.Second); at.Before(e.floodAt); at = at.Add(time.Duration(g.between(60000, 110000)) * time.Millisecond) {
		s := e.pickStream(true)
		size := int64(g.lognormal(28, 0.3) * float64(esGB))
		took := time.Duration(float64(size)/float64(110*esMB)) * time.Second
		moves = append(moves, move{at, at.Add(took), size})
		e.recoverySource(tr, at, s.backing(s.generation(at)-1-g.intn(4)), g.intn(s.shards), e.node(pick(g, []string{"es-data-3", "es-data-5", "es-data-0"}), at), took)
	}
	relocating := func(t time.Time) int64 {
		var n int64
		for _, m := range moves {
			if !t.Before(m.from) && t.Before(m.to) {
				n += m.size
			}
		}
		return n
	}
	g.every(e.diskAt.Add(3*time.Minute+10*time.Second), e.floodAt, 30*time.Second, 400*time.Millisecond, func(t time.Time) {
		e.server(tr, t, "WARN", "management", monitor,
			fmt.Sprintf("high disk watermark [90%%] exceeded on %s, shards will be relocated away from this node; currently relocating away shards totalling [%d] bytes; the node is expected to continue to exceed the high disk watermark when these relocations are complete",
				e.diskUsage(free(t)), relocating(t)))
	})
	e.server(tr, e.diskAt.Add(4*time.Minute+time.Duration(g.between(0, 20000))*time.Millisecond), "WARN", "masterService#updateTask", "org.elasticsearch.cluster.routing.allocation.allocator.DesiredBalanceReconciler",
		fmt.Sprintf("[%s%%] of assigned shards (%d/%d) are not on their desired nodes, which exceeds the warn threshold of [10%%]", format1(11.2+g.rng.Float64()), g.between(41, 46), 388))
	g.every(e.floodAt, e.releasedAt, 30*time.Second, 400*time.Millisecond, func(t time.Time) {
		e.server(tr, t, "WARN", "management", monitor,
			fmt.Sprintf("flood stage disk watermark [95%%] exceeded on %s, all indices on this node will be marked read-only", e.diskUsage(free(t))))
	})
	// Every bulk item for a shard on this node fails with the block.
	g.arrivals(e.floodAt.Add(2*time.Second), e.releasedAt, func(time.Time) float64 { return 5 }, func(t time.Time) {
		s := e.pickStream(true)
		index := e.writeIndex(s, t)
		msg := fmt.Sprintf("index [%s] blocked by: [%s];", index, esFloodBlock)
		e.bulkItemFailure(tr, t, s, e.source(s, t), esError("org.elasticsearch.cluster.block.ClusterBlockException", msg, esTrace("org.elasticsearch.cluster.block.ClusterBlockException", msg, esBlockFrames)))
	})
	g.every(e.floodAt.Add(6*time.Second), e.releasedAt, 10*time.Second, 300*time.Millisecond, func(t time.Time) {
		index := ".monitoring-es-7-" + esToday
		cause := fmt.Sprintf("index [%s] blocked by: [%s];", index, esFloodBlock)
		msg := "failed to flush export bulks"
		trace := esTrace("org.elasticsearch.xpack.monitoring.exporter.ExportException", msg, []string{
			"org.elasticsearch.xpack.monitoring.exporter.ExportBulk$Compound.lambda$doFlush$0(ExportBulk.java:110)",
			"org.elasticsearch.action.ActionListener$2.onResponse(ActionListener.java:241)",
			"org.elasticsearch.xpack.monitoring.exporter.local.LocalBulk.lambda$doFlush$1(LocalBulk.java:114)",
			"org.elasticsearch.action.ActionListenerImplementations$ResponseWrappingActionListener.onResponse(ActionListenerImplementations.java:245)",
			"org.elasticsearch.action.bulk.BulkOperation.doRun(BulkOperation.java:147)",
			"java.base/java.lang.Thread.run(Thread.java:1583)",
		}, esCause{"org.elasticsearch.xpack.monitoring.exporter.ExportException", "bulk [default_local] reports failures when exporting documents", []string{
			"org.elasticsearch.xpack.monitoring.exporter.local.LocalBulk.throwExportException(LocalBulk.java:121)",
			"org.elasticsearch.xpack.monitoring.exporter.local.LocalBulk.lambda$doFlush$1(LocalBulk.java:111)",
		}, 4}, esCause{"org.elasticsearch.cluster.block.ClusterBlockException", cause, esBlockFrames[:3], 13})
		e.server(tr, t, "WARN", "generic", "org.elasticsearch.xpack.monitoring.MonitoringService", "monitoring execution failed", esError("org.elasticsearch.xpack.monitoring.exporter.ExportException", msg, trace)...)
	})
	// An operator deletes a week-old index of the busiest data streams.
	at := e.freedAt
	for _, d := range []struct {
		name string
		back int
	}{{"logs-kubernetes.container_logs-default", 140}, {"logs-nginx.access-prod", 180}, {"logs-kubernetes.container_logs-default", 139}, {"traces-apm-default", 110}, {"metrics-kubernetes.pod-default", 70}} {
		s := e.stream(d.name)
		at = at.Add(time.Duration(g.between(1500, 7000)) * time.Millisecond)
		e.deleteIndex(tr, at, s.backing(s.gen-d.back))
	}
	e.server(tr, e.releasedAt, "INFO", "management", monitor,
		fmt.Sprintf("low disk watermark [85%%] no longer exceeded on %s", e.diskUsage(21.7+g.normal(0, 0.2))))
	var blocked []string
	for _, s := range e.streams[:9] {
		blocked = append(blocked, e.writeIndex(s, e.releasedAt))
	}
	e.server(tr, e.releasedAt.Add(time.Duration(g.between(2, 40))*time.Millisecond), "INFO", "management", monitor,
		fmt.Sprintf("releasing read-only block on indices [%s] since they are now allocated to nodes with sufficient disk space", strings.Join(blocked, ", ")))
	// The shippers send what they held back: slow indexing for a couple of minutes.
	g.arrivals(e.releasedAt.Add(time.Second), e.diskAt.Add(20*time.Minute), func(t time.Time) float64 {
		return 6 * math.Exp(-t.Sub(e.releasedAt).Minutes()/1.2)
	}, func(t time.Time) {
		e.indexSlow(tr, t, e.pickStream(true), 900*time.Millisecond+time.Duration(g.lognormal(900, 0.6)*float64(time.Millisecond)))
	})
}

// heapExhaustion is a dashboard's terms aggregation over a week of logs filling the
// heap: GCs longer and more frequent, the breakers tripping on searches and bulk
// requests, and at last the master too slow to publish, losing its followers, finding
// no master for half a minute and being elected again.
func (e *elasticLog) heapExhaustion() {
	g := e.g
	tr := incident(elasticHeap)
	p := func(t time.Time) float64 {
		return math.Min(1, math.Max(0, float64(t.Sub(e.heapAt))/float64(13*time.Minute)))
	}
	g.arrivals(e.heapAt, e.dropAt.Add(30*time.Second), func(t time.Time) float64 { return 0.05 + 0.3*p(t) }, func(t time.Time) {
		e.youngGC(tr, t, math.Max(0.02, p(t)))
	})
	g.arrivals(e.heapAt.Add(4*time.Minute), e.dropAt.Add(20*time.Second), func(t time.Time) float64 { return 1.0/70 + p(t)/15 }, func(t time.Time) {
		before := int64((15.3 + 0.5*g.rng.Float64()) * float64(esGB))
		e.oldGC(tr, t, time.Duration(g.lognormal(6500+4000*p(t), 0.2)*float64(time.Millisecond)), before, before-int64(g.between(300, 1500))*esMB)
	})
	g.arrivals(e.heapAt.Add(2*time.Minute), e.dropAt.Add(30*time.Second), func(t time.Time) float64 { return 1.0/40 + p(t)/6 }, func(t time.Time) {
		elapsed := time.Duration(g.lognormal(2000+4000*p(t), 0.3) * float64(time.Millisecond))
		e.overhead(tr, t, elapsed, math.Min(0.97, 0.55+0.4*p(t)+g.normal(0, 0.03)))
	})
	g.arrivals(e.heapAt.Add(5*time.Minute), e.dropAt.Add(20*time.Second), func(t time.Time) float64 { return 1.0/30 + p(t)/8 }, func(t time.Time) {
		e.breakerGC(tr, t, int64((15.4+0.5*g.rng.Float64())*float64(esGB)), p(t) < 0.7)
	})
	g.arrivals(e.heapAt.Add(5*time.Minute), e.dropAt.Add(10*time.Second), func(t time.Time) float64 { return 0.3 + 3.7*p(t)*p(t) }, func(t time.Time) {
		e.breakerError(tr, t)
	})
	g.arrivals(e.heapAt.Add(3*time.Minute), e.dropAt, func(t time.Time) float64 { return 1 + 3*p(t) }, func(t time.Time) {
		e.indexSlow(tr, t, e.pickStream(true), time.Duration(g.lognormal(2800, 0.5)*float64(time.Millisecond)))
	})
	g.arrivals(e.heapAt.Add(4*time.Minute), e.dropAt, func(time.Time) float64 { return 0.25 }, func(t time.Time) {
		e.searchSlow(tr, t, e.pickStream(false), time.Duration(g.lognormal(9000, 0.4)*float64(time.Millisecond)), "")
	})
	for _, m := range []time.Duration{9 * time.Minute, 11 * time.Minute, 12*time.Minute + 30*time.Second} {
		e.slowCompute(tr, e.heapAt.Add(m+time.Duration(g.between(0, 20000))*time.Millisecond), time.Duration(g.between(11000, 24000))*time.Millisecond)
	}
	for _, m := range []time.Duration{10 * time.Minute, 12 * time.Minute, 12*time.Minute + 50*time.Second} {
		at := e.heapAt.Add(m + time.Duration(g.between(0, 9000))*time.Millisecond)
		e.server(tr, at, "INFO", "cluster_coordination", "org.elasticsearch.cluster.coordination.Coordinator",
			fmt.Sprintf("after [10s] publication of cluster state version [%d] is still waiting for %s [SENT_APPLY_COMMIT], %s [SENT_APPLY_COMMIT]", e.version(at), e.node("es-data-4", at), e.node("es-warm-1", at)))
	}
	// The warm node slowest to apply the states is removed as lagging.
	warm := e.node("es-warm-1", e.heapAt)
	at := e.heapAt.Add(12*time.Minute + 20*time.Second)
	v := e.version(at)
	e.server(tr, at, "WARN", "generic", "org.elasticsearch.cluster.coordination.LagDetector",
		fmt.Sprintf("node [%s] is lagging at cluster state version [%d], although publication of cluster state version [%d] completed [1.5m] ago", warm, v-g.between(2, 4), v))
	at = at.Add(time.Duration(g.between(100, 900)) * time.Millisecond)
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("node-left[%s reason: lagging], term: 12, version: %d, delta: removed {%s}", warm, v+1, warm))
	leftAt := at
	at = at.Add(time.Duration(g.between(900, 4000)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("removed {%s}, term: 12, version: %d, reason: Publication{term=12, version=%d}", warm, v+1, v+1))
	at = e.heapAt.Add(11*time.Minute + 30*time.Second)
	age := time.Duration(g.between(300500, 330000)) * time.Millisecond
	e.server(tr, at, "WARN", "generic", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("pending task queue has been nonempty for [%s] which is longer than the warn threshold of [300000ms]; there are currently [%d] pending tasks, the oldest of which has age [%s]", esTimeMillis(age), g.between(40, 90), esTimeMillis(age+time.Duration(g.between(100, 900))*time.Millisecond)))

	// The master loses its quorum, steps down, finds no master and is elected again.
	at = e.dropAt
	v = e.version(at)
	self := e.self.String()
	msg := "publication failed"
	trace := esTrace("org.elasticsearch.cluster.coordination.FailedToCommitClusterStateException", msg, esPublishFrames,
		esCause{"org.elasticsearch.ElasticsearchException", "publication cancelled before committing: timed out after 30s", []string{
			"org.elasticsearch.cluster.coordination.Publication.cancel(Publication.java:85)",
			"org.elasticsearch.cluster.coordination.Coordinator$CoordinatorPublication$2.run(Coordinator.java:1912)",
		}, 5})
	e.server(tr, at, "WARN", "masterService#updateTask", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("failing [%s]: failed to commit cluster state version [%d]", e.updateSource(at), v+1), esError("org.elasticsearch.cluster.coordination.FailedToCommitClusterStateException", msg, trace)...)
	at = at.Add(time.Duration(g.between(5, 60)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("master node changed {previous [%s], current []}, term: 12, version: %d, reason: becoming candidate: Publication.onCompletion(false)", self, v))
	var masters, ids, hosts []string
	for _, n := range e.nodes[:3] {
		masters = append(masters, n.String())
		ids = append(ids, n.id)
		hosts = append(hosts, n.ip+":9300")
	}
	for i := 1; i <= 3; i++ {
		t := e.dropAt.Add(time.Duration(10*i)*time.Second + time.Duration(g.between(0, 40))*time.Millisecond)
		e.server(tr, t, "WARN", "cluster_coordination", "org.elasticsearch.cluster.coordination.ClusterFormationFailureHelper",
			fmt.Sprintf("master not discovered or elected yet, an election requires at least 2 nodes with ids from [%s], have only discovered non-quorum [%s]; discovery will continue using [%s] from hosts providers and [%s] from last-known cluster state; node term 13, last-accepted version %d in term 12; for troubleshooting guidance, see %s",
				strings.Join(ids, ", "), self, strings.Join(hosts, ", "), strings.Join(masters, ", "), v, esDocsGuide))
	}
	at = e.electedAt
	v = e.version(at) + 1
	d0 := e.nodes[0].String()
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("elected-as-master ([2] nodes joined in term 14)[_FINISH_ELECTION_, %s completing election, %s completing election], term: 14, version: %d, delta: master node changed {previous [], current [%s]}", d0, self, v, self))
	at = at.Add(time.Duration(g.between(40, 300)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("master node changed {previous [], current [%s]}, term: 14, version: %d, reason: Publication{term=14, version=%d}", self, v, v))
	// The lagging warm node joins again.
	at = at.Add(time.Duration(g.between(1500, 6000)) * time.Millisecond)
	e.server(tr, at, "INFO", "masterService#updateTask", "org.elasticsearch.cluster.service.MasterService",
		fmt.Sprintf("node-join[%s joining, removed [%s] ago with reason [lagging]], term: 14, version: %d, delta: added {%s}", warm, esTimeMillis(at.Sub(leftAt)), v+1, warm))
	at = at.Add(time.Duration(g.between(40, 300)) * time.Millisecond)
	e.server(tr, at, "INFO", "clusterApplierService#updateTask", "org.elasticsearch.cluster.service.ClusterApplierService",
		fmt.Sprintf("added {%s}, term: 14, version: %d, reason: Publication{term=14, version=%d}", warm, v+1, v+1))
	e.breakerGC(tr, e.heapAt.Add(14*time.Minute+30*time.Second), esGB*156/10, true)
}

// breakerError is a search or bulk request refused by the parent circuit breaker.
func (e *elasticLog) breakerError(tr truth, t time.Time) {
	g := e.g
	used := esParentLimit + int64(g.between(1, 600))*esMB
	usages := fmt.Sprintf("usages [model_inference=0/0b, inflight_requests=%s, request=%s, fielddata=%s, eql_sequence=0/0b]",
		esBreakerBytes(int64(g.between(0, 8000000))), esBreakerBytes(int64(g.between(0, 900))*esMB), esBreakerBytes(int64(g.between(100000, 2000000))))
	logger := "rest.suppressed"
	if g.chance(0.6) {
		reserved := int64(g.between(1, 12)) * esMB
		msg := fmt.Sprintf("[parent] Data too large, data for [<http_request>] would be [%s], which is larger than the limit of [%s], real usage: [%s], new bytes reserved: [%s], %s",
			esBreakerBytes(used+reserved), esBreakerBytes(esParentLimit), esBreakerBytes(used), esBreakerBytes(reserved), usages)
		e.server(tr, t, "ERROR", "transport_worker", logger, "path: /_bulk, params: {}, status: 429",
			esError("org.elasticsearch.common.breaker.CircuitBreakingException", msg, esTrace("org.elasticsearch.common.breaker.CircuitBreakingException", msg, esHTTPFrames))...)
		return
	}
	s := e.pickStream(false)
	reserved := int64(g.between(1, 64)) * esMB
	msg := fmt.Sprintf("[parent] Data too large, data for [<reused_arrays>] would be [%s], which is larger than the limit of [%s], real usage: [%s], new bytes reserved: [%s], %s",
		esBreakerBytes(used+reserved), esBreakerBytes(esParentLimit), esBreakerBytes(used), esBreakerBytes(reserved), usages)
	trace := esTrace("org.elasticsearch.action.search.SearchPhaseExecutionException", "all shards failed", esSearchFrames,
		esCause{"org.elasticsearch.common.breaker.CircuitBreakingException", msg, esAggFrames, 21})
	e.server(tr, t, "ERROR", "search", logger, fmt.Sprintf("path: /%s/_search, params: {index=%s, ignore_unavailable=true, preference=%d}, status: 429", s.name, s.name, t.UnixMilli()-int64(g.between(0, 600000))),
		esError("org.elasticsearch.action.search.SearchPhaseExecutionException", "all shards failed", trace)...)
}

// mappingExplosion is a bad deploy of the checkout service logging each cart item under
// a key of its own: the mapping of the write index grows by a few fields a document,
// reaches the limit of 1000 fields, and from then on every such document fails.
func (e *elasticLog) mappingExplosion() {
	g := e.g
	tr := incident(elasticMapping)
	s := e.stream("logs-app.checkout-prod")
	index := e.writeIndex(s, e.mappingAt)
	at := e.mappingAt
	for i := 0; i < 14; i++ {
		at = at.Add(time.Duration(g.between(800, 3500)) * time.Millisecond)
		e.updateMapping(tr, at, index)
	}
	g.arrivals(e.mappingAt.Add(35*time.Second), e.mappingAt.Add(10*time.Minute), func(time.Time) float64 { return 7 }, func(t time.Time) {
		msg := fmt.Sprintf("Limit of total fields [1000] has been exceeded while adding new fields [%d]", g.between(1, 14))
		trace := esTrace("java.lang.IllegalArgumentException", msg, append(append([]string{}, esFieldLimitFrames...), esBulkFrames...))
		src := fmt.Sprintf("n/a, actual length: [%s], max length: 2kb", esBytes(int64(g.between(2100, 9800))))
		e.bulkItemFailure(tr, t, s, src, esError("java.lang.IllegalArgumentException", msg, trace))
	})
}

// slowSearches is a new dashboard panel querying logs-app.orders-prod with a leading
// wildcard: its queries take ten times as long, several a second, none failing.
func (e *elasticLog) slowSearches() {
	g := e.g
	tr := incident(elasticSlowSearch)
	s := e.stream("logs-app.orders-prod")
	g.arrivals(e.slowAt, e.slowAt.Add(12*time.Minute), func(t time.Time) float64 { return 0.3 + 3.2*rampUp(t, e.slowAt, 90*time.Second) }, func(t time.Time) {
		e.searchSlow(tr, t, s, time.Duration(g.lognormal(19000, 0.35)*float64(time.Millisecond)), esRegressedQuery)
	})
}
