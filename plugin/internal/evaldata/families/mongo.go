package families

import (
	"fmt"
	"time"
)

// mongo is the primary of a shop's MongoDB 7.0 replica set, writing mongod's structured
// JSON log (one object a line since 4.4: `{"t":{"$date":...},"s":"I","c":"NETWORK",
// "id":22943,"ctx":"listener","msg":"Connection accepted","attr":{...}}`), whose
// details all sit in the nested attr object.
//
// Normal traffic: the application's connection pools on eight hosts churn about three
// connections a second (each accepted, described by its driver's client metadata,
// authenticated, and ended minutes later); slow queries over 100 ms, a few a minute,
// on the shop's collections; a password typed wrong by a person now and then; the TTL
// monitor deleting expired sessions every minute; WiredTiger checkpoints every minute;
// a routine warning about a socket that went away.
//
// Benign changes: a rolling deploy of the application at 0:50 (every pool reconnects
// within three minutes with a new driver version in its metadata); the nightly
// analytics export at 1:40 for 25 minutes (a new user from a new host, its aggregations
// slow on a collection nobody else scans); an index build at 2:20 (its lines, once);
// the query component's verbosity raised at 2:45 (debug lines of commands, new
// templates at D1, for the rest of the log).
//
// Incidents: one host's connection pool misconfigured at 0:25 for 12 minutes, opening
// and closing connections ten times as fast as all the others together; an index
// dropped by mistake at 1:15 for 20 minutes, every find on the carts collection a slow
// collection scan; the primary stepping down at 2:05 when its host stalls, elections
// and interrupted operations for half a minute; an application host failing to
// authenticate at 2:30 for 6 minutes after a password rotation missed it.
var mongo = Family{
	Name:    "mongo",
	Role:    Tuning,
	Service: "MongoDB 7.0 replica set primary, mongod's structured JSON log with nested attr objects",
	Lines:   mongoLines,
}

const (
	mongoConnStorm   = "one host's pool churning connections x10"
	mongoCollScan    = "carts index dropped: slow collection scans"
	mongoStepdown    = "primary steps down, election, interrupted operations"
	mongoAuthFailing = "app host failing authentication after a password rotation"
)

type mongoLog struct {
	g *gen
	j *journal

	start                               time.Time
	deploy, export, indexBuild, verbose change
	stormAt, scanAt, stepAt, authAt     time.Time
	hosts                               []string
	stormHost, authHost, exportHost     string
	connID, conns                       int
	opID                                int
}

var mongoCollections = []struct {
	ns, plan string
	weight   float64
}{
	{"shop.orders", "IXSCAN { user_id: 1, created_at: -1 }", 0.35},
	{"shop.products", "IXSCAN { category: 1, price: 1 }", 0.25},
	{"shop.carts", "IXSCAN { user_id: 1 }", 0.2},
	{"shop.reviews", "IXSCAN { product_id: 1 }", 0.2},
}

func mongoLines(seed int64) []Line {
	start := time.Date(2024, 5, 7, 9, 0, 0, 0, time.UTC)
	m := &mongoLog{
		g:          newGen(seed, 10),
		j:          &journal{},
		start:      start,
		deploy:     change{"rolling deploy: pools reconnect with driver 6.5.0", start.Add(50 * time.Minute)},
		export:     change{"nightly analytics export", start.Add(100 * time.Minute)},
		indexBuild: change{"index build on shop.reviews", start.Add(140 * time.Minute)},
		verbose:    change{"query verbosity raised to 1", start.Add(165 * time.Minute)},
		stormAt:    start.Add(25 * time.Minute),
		scanAt:     start.Add(75 * time.Minute),
		stepAt:     start.Add(125 * time.Minute),
		authAt:     start.Add(150 * time.Minute),
		connID:     184000 + 1,
		conns:      96,
		exportHost: "10.4.9.17",
	}
	for i := 0; i < 8; i++ {
		m.hosts = append(m.hosts, fmt.Sprintf("10.2.%d.%d", m.g.between(1, 9), m.g.between(10, 250)))
	}
	m.stormHost, m.authHost = m.hosts[3], m.hosts[6]
	end := start.Add(Length)
	m.g.arrivals(start, end, m.churnRate, func(t time.Time) { m.connection(t, pick(m.g, m.hosts), routine) })
	m.g.arrivals(start, end, func(time.Time) float64 { return 0.06 }, m.slowQuery)
	m.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, func(t time.Time) {
		m.authFailed(t, m.g.privateIP(), "ops-"+pick(m.g, []string{"anna", "li", "marco", "sven"}), routine)
	})
	m.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 400 }, m.socketWarning)
	m.g.every(start.Add(17*time.Second), end, time.Minute, 40*time.Millisecond, m.ttl)
	m.g.every(start.Add(41*time.Second), end, time.Minute, 200*time.Millisecond, m.checkpoint)
	m.reconnectAll()
	m.exportJob()
	m.buildIndex()
	m.verbosity(end)
	m.connectionStorm()
	m.collScans()
	m.stepdown()
	m.authFailures()
	return m.j.sorted(end)
}

// churnRate is the pools' connections a second: three, and the deploy's reconnects.
func (m *mongoLog) churnRate(t time.Time) float64 {
	r := 3.0
	if within(t, m.deploy.start, 3*time.Minute) {
		r += 2.5
	}
	return r
}

func (m *mongoLog) line(at time.Time, sev, comp string, id int, ctx, msg string, attr ...field) string {
	f := []field{
		{"t", []field{{"$date", at.Format("2006-01-02T15:04:05.000-07:00")}}},
		{"s", sev}, {"c", comp}, {"id", id}, {"ctx", ctx}, {"msg", msg},
	}
	if len(attr) > 0 {
		f = append(f, field{"attr", attr})
	}
	return jsonLine(f...)
}

// connection is one pooled connection from host: accepted, described, authenticated,
// and ended when the pool retires it; a storm's connections live for a second.
func (m *mongoLog) connection(t time.Time, host string, tr truth) {
	g := m.g
	if within(t, m.deploy.start, 3*time.Minute) && tr == routine {
		tr = m.deploy.truth()
	}
	id := m.connID
	m.connID++
	m.conns++
	remote := fmt.Sprintf("%s:%d", host, g.between(32768, 60999))
	uuid := g.uuid()
	ctx := fmt.Sprintf("conn%d", id)
	m.j.add(tr, t, m.line(t, "I", "NETWORK", 22943, "listener", "Connection accepted",
		field{"remote", remote}, field{"uuid", uuid}, field{"connectionId", id}, field{"connectionCount", m.conns}))
	driver := "6.3.0"
	if !t.Before(m.deploy.start.Add(time.Duration(g.intn(180)) * time.Second)) {
		driver = "6.5.0"
	}
	at := t.Add(time.Duration(g.between(1, 4)) * time.Millisecond)
	m.j.add(tr, at, m.line(at, "I", "NETWORK", 51800, ctx, "client metadata",
		field{"remote", remote}, field{"client", ctx},
		field{"doc", []field{{"driver", []field{{"name", "nodejs"}, {"version", driver}}}, {"platform", "Node.js v20.12.2, LE"}, {"os", []field{{"name", "linux"}, {"architecture", "x64"}, {"version", "5.15.0-1057-aws"}, {"type", "Linux"}}}}}))
	at = at.Add(time.Duration(g.between(3, 12)) * time.Millisecond)
	principal := "shop-app"
	if host == m.exportHost {
		principal = "analytics-etl"
	}
	if host == m.authHost && within(t, m.authAt, 6*time.Minute) {
		m.authFailed(at, host, principal, incident(mongoAuthFailing))
	} else {
		m.j.add(tr, at, m.line(at, "I", "ACCESS", 5286306, ctx, "Successfully authenticated",
			field{"client", remote}, field{"isSpeculative", true}, field{"isClusterMember", false}, field{"mechanism", "SCRAM-SHA-256"}, field{"user", principal}, field{"db", "admin"}, field{"result", 0}, field{"metrics", []field{{"conversation_duration", []field{{"micros", g.between(2500, 9000)}, {"summary", []field{{"0", []field{{"step", 1}, {"step_total", 2}, {"duration_micros", g.between(80, 400)}}}}}}}}}))
	}
	life := time.Duration(g.lognormal(240, 0.6) * float64(time.Second))
	if tr.incident == mongoConnStorm {
		life = time.Duration(g.lognormal(1.2, 0.4) * float64(time.Second))
	}
	at = t.Add(life)
	m.conns-- // the count as it will be when this one ends, near enough for a pool
	m.j.add(tr, at, m.line(at, "I", "NETWORK", 22944, ctx, "Connection ended",
		field{"remote", remote}, field{"uuid", uuid}, field{"connectionId", id}, field{"connectionCount", m.conns + g.between(-3, 3)}))
}

func (m *mongoLog) authFailed(at time.Time, host, principal string, tr truth) {
	remote := fmt.Sprintf("%s:%d", host, m.g.between(32768, 60999))
	m.j.add(tr, at, m.line(at, "I", "ACCESS", 20249, fmt.Sprintf("conn%d", m.g.between(100000, 999999)), "Authentication failed",
		field{"mechanism", "SCRAM-SHA-256"}, field{"speculative", false}, field{"principalName", principal}, field{"authenticationDatabase", "admin"}, field{"remote", remote}, field{"extraInfo", []field{}}, field{"error", "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"}))
}

func (m *mongoLog) slowQuery(t time.Time) {
	g := m.g
	c := mongoCollections[len(mongoCollections)-1]
	u := g.rng.Float64()
	for _, x := range mongoCollections {
		if u < x.weight {
			c = x
			break
		}
		u -= x.weight
	}
	keys := g.between(20, 400)
	m.query(t, routine, c.ns, c.plan, "find", keys, keys, g.between(1, 50), int(g.lognormal(160, 0.35)), fmt.Sprintf("conn%d", m.connID-g.between(1, 300)))
}

func (m *mongoLog) query(t time.Time, tr truth, ns, plan, cmd string, keys, docs, returned, ms int, ctx string) {
	g := m.g
	m.opID++
	coll := ns[len("shop."):]
	command := []field{{cmd, coll}, {"filter", []field{{"user_id", []field{{"$oid", g.hex(24)}}}}}, {"lsid", []field{{"id", []field{{"$uuid", g.uuid()}}}}}, {"$db", "shop"}}
	if cmd == "aggregate" {
		command = []field{{cmd, coll}, {"pipeline", "[{$match: {ts: {$gte: ?}}}, {$group: {_id: $type, n: {$sum: 1}}}]"}, {"cursor", []field{}}, {"$db", "shop"}}
	}
	m.j.add(tr, t, m.line(t, "I", "COMMAND", 51803, ctx, "Slow query",
		field{"type", "command"}, field{"ns", ns}, field{"command", command}, field{"planSummary", plan},
		field{"planningTimeMicros", g.between(60, 400)}, field{"keysExamined", keys}, field{"docsExamined", docs},
		field{"nreturned", returned}, field{"queryHash", fmt.Sprintf("%08X", g.rng.Uint32())}, field{"queryFramework", "classic"},
		field{"reslen", g.between(200, 40000)}, field{"locks", []field{{"Global", []field{{"acquireCount", []field{{"r", 1}}}}}}},
		field{"readConcern", []field{{"level", "local"}, {"provenance", "implicitDefault"}}},
		field{"storage", []field{{"data", []field{{"bytesRead", g.between(0, 90000)}}}}},
		field{"remote", fmt.Sprintf("%s:%d", pick(g, m.hosts), g.between(32768, 60999))}, field{"protocol", "op_msg"}, field{"durationMillis", ms}))
}

func (m *mongoLog) socketWarning(t time.Time) {
	m.j.add(routine, t, m.line(t, "W", "NETWORK", 4615610, fmt.Sprintf("conn%d", m.connID-m.g.between(1, 300)), "Failed to check socket connectivity",
		field{"error", []field{{"code", 6}, {"codeName", "HostUnreachable"}, {"errmsg", "Connection reset by peer"}}}))
}

func (m *mongoLog) ttl(t time.Time) {
	m.j.add(routine, t, m.line(t, "I", "INDEX", 5479200, "TTLMonitor", "Deleted expired documents using index",
		field{"namespace", "shop.sessions"}, field{"index", "expires_at_1"}, field{"numDeleted", m.g.between(40, 260)}, field{"durationMillis", m.g.between(2, 30)}))
}

func (m *mongoLog) checkpoint(t time.Time) {
	g := m.g
	ts := t.Unix()
	m.j.add(routine, t, m.line(t, "I", "WTCHKPT", 22430, "Checkpointer", "WiredTiger message",
		field{"message", []field{{"ts_sec", int(ts)}, {"ts_usec", t.Nanosecond() / 1000}, {"thread", fmt.Sprintf("1:0x7f%s", g.hex(10))}, {"session_name", "WT_SESSION.checkpoint"}, {"category", "WT_VERB_CHECKPOINT_PROGRESS"}, {"category_id", 6}, {"verbose_level", "DEBUG_1"}, {"verbose_level_id", 1},
			{"msg", fmt.Sprintf("saving checkpoint snapshot min: %d, snapshot max: %d snapshot count: 0, oldest timestamp: (%d, 1) , meta checkpoint timestamp: (%d, 1) base write gen: %d", 2400000+ts%100000, 2400000+ts%100000, ts-300, ts, 1900000+ts%50000)}}}))
}

// reconnectAll is the deploy's pools closing their old connections as pods are replaced.
func (m *mongoLog) reconnectAll() {
	tr := m.deploy.truth()
	m.g.arrivals(m.deploy.start, m.deploy.start.Add(3*time.Minute), func(time.Time) float64 { return 0.5 }, func(t time.Time) {
		m.j.add(tr, t, m.line(t, "I", "NETWORK", 22989, fmt.Sprintf("conn%d", m.connID-m.g.between(1, 400)), "Error sending response to client. Ending connection from remote",
			field{"error", []field{{"code", 6}, {"codeName", "HostUnreachable"}, {"errmsg", "Connection reset by peer"}}}, field{"remote", fmt.Sprintf("%s:%d", pick(m.g, m.hosts), m.g.between(32768, 60999))}, field{"connectionId", m.connID - m.g.between(1, 400)}))
	})
}

// exportJob is the nightly export: its own user and host, aggregations on shop.events.
func (m *mongoLog) exportJob() {
	tr := m.export.truth()
	m.connection(m.export.start, m.exportHost, tr)
	m.g.arrivals(m.export.start.Add(5*time.Second), m.export.start.Add(25*time.Minute), func(time.Time) float64 { return 0.2 }, func(t time.Time) {
		n := m.g.between(200000, 400000)
		m.query(t, tr, "shop.events", "COLLSCAN", "aggregate", 0, n, m.g.between(5, 20), int(m.g.lognormal(2400, 0.3)), "conn-export")
	})
}

func (m *mongoLog) buildIndex() {
	tr := m.indexBuild.truth()
	at := m.indexBuild.start
	uuid := m.g.uuid()
	steps := []struct {
		id  int
		msg string
	}{
		{20438, "Index build: registering"},
		{20384, "Index build: starting"},
		{20391, "Index build: collection scan done"},
		{20685, "Index build: inserted keys from external sorter into index"},
		{3856203, "Index build: waiting for next action before completing final phase"},
		{20663, "Index build: completed successfully"},
	}
	for i, s := range steps {
		at = at.Add(time.Duration(m.g.between(200, 20000)) * time.Millisecond)
		attr := []field{{"buildUUID", []field{{"uuid", []field{{"$uuid", uuid}}}}}, {"collectionUUID", []field{{"uuid", []field{{"$uuid", "5c1f0b9e-2f4e-4d7a-9a51-0e3c7b2d9f11"}}}}}, {"namespace", "shop.reviews"}}
		if i == 3 {
			attr = append(attr, field{"totalInserted", 1843022}, field{"durationMillis", 14210})
		}
		m.j.add(tr, at, m.line(at, "I", "INDEX", s.id, "IndexBuildsCoordinatorMongod-0", s.msg, attr...))
	}
}

// verbosity is the query component's log level raised to 1: a debug line of each
// command's plan from then on.
func (m *mongoLog) verbosity(end time.Time) {
	tr := m.verbose.truth()
	at := m.verbose.start
	m.j.add(tr, at, m.line(at, "I", "COMMAND", 21077, "conn"+fmt.Sprint(m.connID-5), "Setting parameter",
		field{"parameter", "logComponentVerbosity"}, field{"value", "{ query: { verbosity: 1 } }"}))
	m.g.arrivals(at.Add(time.Second), end, func(time.Time) float64 { return 4 }, func(t time.Time) {
		c := pick(m.g, mongoCollections)
		m.j.add(tr, t, m.line(t, "D1", "QUERY", 20967, fmt.Sprintf("conn%d", m.connID-m.g.between(1, 300)), "Beginning planning",
			field{"options", "NO_TABLE_SCAN"}, field{"query", fmt.Sprintf("ns=%s limit=50Tree: user_id $eq ObjectId('%s')", c.ns, m.g.hex(24))}))
		if m.g.chance(0.5) {
			m.j.add(tr, t, m.line(t, "D1", "QUERY", 20926, fmt.Sprintf("conn%d", m.connID-m.g.between(1, 300)), "Only one plan is available", field{"query", c.ns}, field{"planSummary", c.plan}))
		}
	})
}

// connectionStorm is a pool whose minimum size is above its maximum idle time: it opens
// connections and closes them again as fast as it can.
func (m *mongoLog) connectionStorm() {
	tr := incident(mongoConnStorm)
	m.g.arrivals(m.stormAt, m.stormAt.Add(12*time.Minute), func(time.Time) float64 { return 30 }, func(t time.Time) {
		m.connection(t, m.stormHost, tr)
	})
}

// collScans are the finds on shop.carts after its user_id index was dropped.
func (m *mongoLog) collScans() {
	tr := incident(mongoCollScan)
	m.g.arrivals(m.scanAt, m.scanAt.Add(20*time.Minute), func(time.Time) float64 { return 1.5 }, func(t time.Time) {
		docs := m.g.between(1900000, 2100000)
		m.query(t, tr, "shop.carts", "COLLSCAN", "find", 0, docs, m.g.between(0, 12), int(m.g.lognormal(1400, 0.3)), fmt.Sprintf("conn%d", m.connID-m.g.between(1, 300)))
	})
	at := m.scanAt.Add(-2 * time.Second)
	m.j.add(tr, at, m.line(at, "I", "COMMAND", 51806, "conn"+fmt.Sprint(m.connID-3), "Dropping indexes",
		field{"namespace", "shop.carts"}, field{"uuid", []field{{"uuid", []field{{"$uuid", m.g.uuid()}}}}}, field{"indexes", "user_id_1"}))
}

// stepdown is the primary's host stalling: its heartbeats late, the other members elect
// a new primary, this one steps down, its writes are interrupted, and it is elected
// again 30 seconds later.
func (m *mongoLog) stepdown() {
	tr := incident(mongoStepdown)
	g := m.g
	at := m.stepAt
	add := func(d time.Duration, sev, comp string, id int, ctx, msg string, attr ...field) {
		at = at.Add(d)
		m.j.add(tr, at, m.line(at, sev, comp, id, ctx, msg, attr...))
	}
	add(0, "W", "COMMAND", 20525, "ftdc", "Failed to gather storage statistics for slow operation", field{"opId", 0}, field{"error", "lock acquire timeout"})
	add(2*time.Second, "I", "REPL", 21809, "ReplCoord-14", "Heartbeat failed after max retries", field{"target", "mongo-1.mongo.shop.svc:27017"}, field{"maxHeartbeatRetries", 2}, field{"error", []field{{"code", 50}, {"codeName", "MaxTimeMSExpired"}, {"errmsg", "operation exceeded time limit"}}})
	add(1200*time.Millisecond, "I", "REPL", 21358, "ReplCoord-14", "Replica set state transition", field{"newState", "SECONDARY"}, field{"oldState", "PRIMARY"})
	add(20*time.Millisecond, "I", "REPL", 21343, "RstlKillOpThread", "Starting to kill user operations")
	for i := 0; i < 40; i++ {
		add(time.Duration(g.between(1, 30))*time.Millisecond, "I", "COMMAND", 51803, fmt.Sprintf("conn%d", m.connID-g.between(1, 300)), "Interrupted operation as its client disconnected",
			field{"opId", 9000000 + g.intn(900000)}, field{"error", []field{{"code", 11602}, {"codeName", "InterruptedDueToReplStateChange"}, {"errmsg", "operation was interrupted because a client disconnected"}}})
	}
	add(300*time.Millisecond, "I", "REPL", 21344, "RstlKillOpThread", "Stopped killing user operations", field{"numOpsKilled", 40}, field{"numOpsRunning", 3})
	add(100*time.Millisecond, "I", "REPL", 21402, "ReplCoord-14", "Stepping down from primary, stats", field{"stats", []field{{"userOpsKilled", 40}, {"userOpsRunning", 3}}})
	for i := 0; i < 12; i++ {
		add(time.Duration(g.between(100, 900))*time.Millisecond, "E", "COMMAND", 4913000, fmt.Sprintf("conn%d", m.connID-g.between(1, 300)), "Write rejected: not primary",
			field{"ns", "shop.orders"}, field{"error", []field{{"code", 10107}, {"codeName", "NotWritablePrimary"}, {"errmsg", "not primary"}}})
	}
	add(3*time.Second, "I", "ELECTION", 21438, "ReplCoord-2", "Starting an election, since we've seen no PRIMARY in election timeout period", field{"electionTimeoutPeriodMillis", 10000})
	add(50*time.Millisecond, "I", "ELECTION", 21447, "ReplCoord-2", "Conducting a dry run election to see if we could be elected", field{"currentTerm", 42})
	add(400*time.Millisecond, "I", "ELECTION", 21450, "ReplCoord-2", "Election succeeded, assuming primary role", field{"term", 43})
	add(5*time.Millisecond, "I", "REPL", 21358, "ReplCoord-2", "Replica set state transition", field{"newState", "PRIMARY"}, field{"oldState", "SECONDARY"})
	add(10*time.Millisecond, "I", "REPL", 21392, "OplogApplier-0", "Transition to primary complete; database writes are now permitted")
}

// authFailures: every connection the host opens fails SCRAM with the old password, and
// its pool retries at once.
func (m *mongoLog) authFailures() {
	tr := incident(mongoAuthFailing)
	m.g.arrivals(m.authAt, m.authAt.Add(6*time.Minute), func(time.Time) float64 { return 4 }, func(t time.Time) {
		m.authFailed(t, m.authHost, "shop-app", tr)
	})
}
