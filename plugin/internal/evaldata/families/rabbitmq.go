package families

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// rabbitmq is rabbit@rmq-1 (pod IP 10.2.9.7), one node of a three-node RabbitMQ 3.13
// cluster (rabbit@rmq-1, rabbit@rmq-2, rabbit@rmq-3) on Kubernetes, cluster_partition_handling
// = pause_minority, consumer_timeout = 900000, vm_memory_high_watermark 0.4 of the
// pod's 8 GiB limit, AMQP 0-9-1 on 5672, MQTT on 1883, the management plugin, shovel
// and federation. Clients reach the nodes through one Service, so about a third of each
// application's connections sit on this node. It logs to stdout in RabbitMQ's default
// console format, `<date> <time>.<micros>+00:00 [<level>] <Erlang pid> <message>`, every
// line of a multi-line message (a crash report, a channel error, the alarm banner)
// written with its own header:
//
//	2024-06-13 08:00:00.123456+00:00 [info] <0.21437.412> accepting AMQP connection <0.21437.412> (10.2.31.18:45122 -> 10.2.9.7:5672)
//	2024-06-13 08:00:00.125102+00:00 [info] <0.21437.412> connection <0.21437.412> (10.2.31.18:45122 -> 10.2.9.7:5672): user 'storefront' authenticated and granted access to vhost 'shop'
//	2024-06-13 08:00:00.204881+00:00 [warning] <0.21437.412> closing AMQP connection <0.21437.412> (10.2.31.18:45122 -> 10.2.9.7:5672, vhost: 'shop', user: 'storefront'):
//	2024-06-13 08:00:00.204881+00:00 [warning] <0.21437.412> client unexpectedly closed TCP connection
//	2024-06-13 08:00:01.530221+00:00 [error] <0.21502.412> Channel error on connection <0.21490.412> (10.2.44.9:38812 -> 10.2.9.7:5672 - invoice-batch-28637760-x7k2p, vhost: 'billing', user: 'billing'), channel 1:
//	2024-06-13 08:00:01.530221+00:00 [error] <0.21502.412> operation queue.declare caused a channel exception precondition_failed: inequivalent arg 'x-message-ttl' for queue 'billing.retry' in vhost 'billing': received the value '60000' of type 'signedint' but current is none
//
// Normal traffic, 11-15 lines a second: the storefront's PHP pods open a connection for
// every order event they publish (2.1 a second rising to 2.8 through the morning), a
// third of them never closing it properly ("client unexpectedly closed TCP
// connection"); a webhook receiver does the same, closing cleanly; about 170 warehouse
// scanners speak MQTT over Wi-Fi and drop and come back every few minutes (peer closed
// the connection, or a keepalive timeout when they roam); long-lived connections of six
// services (Spring AMQP, Go, Celery, .NET, Node) that now and then miss heartbeats,
// drop, or are recycled, and reconnect, Celery now and then acking an unknown delivery
// tag or finding its pidbox queue locked; a synthetic AMQP probe every 30 s; an invoice
// CronJob every 15 minutes that declares billing.retry with the wrong arguments; a
// legacy sync job every 10 minutes; a status page polling the management API as guest
// every 2 minutes ("HTTP access denied"); a person mistyping a password now and then;
// rabbitmqctl run with the wrong Erlang cookie; the federation link to a carrier's
// broker dropping on heartbeat timeouts and reconnecting; the dynamic shovel
// orders-to-legacy losing its destination now and then (a crash report and a supervisor
// report, a restart 10 s later); a quorum queue for a new tenant declared now and then
// (its Ra member starting and the election); a routine rolling update of inventory-svc at
// 0:17:30.
//
// Benign changes:
//   - 0:58:10, rabbit@rmq-2's Kubernetes node is drained: rmq-2 hands over the
//     leadership of its quorum queues (elections here), goes down and comes back 85 s
//     later; its clients reconnect, half of them to this node; at 1:05 an engineer
//     rebalances quorum queue leaders ("Starting queue rebalancing operation", leaders
//     moving to rmq-2). The node lines, the elections, the reconnections and the
//     rebalancing carry the change.
//   - 1:40, a new application, returns-svc: a vhost (its message stores), a user, its
//     permissions and a policy, four quorum queues declared (Ra members started,
//     elections), then its pods' connections and its portal's short-lived connections
//     for the rest of the log. All of it carries the change.
//   - 2:14, a marketing campaign: the storefront's order-event connections ramp up to
//     about 2.3x for 20 minutes, and a campaign mailer's six connections come and go.
//     The extra connections and the mailer's carry the change.
//   - 2:50, a federation policy for the audit exchanges to the DR site: the upstream
//     parameter, the policy, two federation links, and a link dropping once over the
//     WAN 7 minutes later. These carry the change.
//
// Incidents:
//   - 0:33:12 for 12 minutes, a memory high watermark alarm: a reports export job
//     publishes large messages into reports.render while its consumers are scaled to 0;
//     the memory alarm is set at 0:36:21 ("Publishers will be blocked until this alarm
//     clears"), clears for half a minute and is set again, and every short-lived
//     publisher is blocked: the storefront's and webhooks' connections hang until their
//     request timeouts kill them, the probe's too; the renderers are scaled back, the
//     export job is killed, the alarm clears at 0:44:51. The job's and renderers'
//     connections, the alarm lines and every blocked connection are the incident's.
//   - 1:21:30 for 4 minutes, a network partition: rmq-3 is cut off; Ra elects new
//     leaders for the queues it led, net_tick_timeout takes rmq-3 down, pause_minority
//     pauses it and its clients fail over here; the management API's queries fail
//     (delegate errors), audit-archiver cannot consume its classic queue whose home node
//     is down, every 5 s; rmq-3 comes back. All of these are the incident's.
//   - 1:53 for 50 minutes, label-printer stops acking: a label its printer API hangs on
//     blocks each consumer; every 15 minutes the delivery acknowledgement times out
//     (precondition_failed), the hung handler then acks an unknown delivery tag on the
//     new channel, the Node process crashes, restarts and gets the same message again,
//     until a fixed build is rolled out at 2:41:30. Those connections' lines are the
//     incident's.
//   - 2:31:04 for 9 minutes, the shovel orders-to-legacy crash-looping: the legacy
//     broker's team rotates the shovel user's password and closes its connection;
//     every 10 s the restarted worker fails with ACCESS_REFUSED, a crash report and a
//     supervisor report each time, until the shovel's URI is updated at 2:40:18 and it
//     runs again.
var rabbitmq = Family{
	Name:    "rabbitmq",
	Role:    Tuning,
	Service: "RabbitMQ 3.13 cluster node on Kubernetes, default console log format with Erlang pids, multi-line channel errors and crash reports",
	Lines:   rabbitmqLines,
}

const (
	rmqMemAlarm   = "memory high watermark alarm: publishers blocked, short-lived publishers timing out"
	rmqPartition  = "network partition: rmq-3 cut off and paused (pause_minority), leaders re-elected, clients failing over"
	rmqAckTimeout = "label-printer stops acking: delivery acknowledgement timeouts, unknown delivery tags, restarts"
	rmqShovelLoop = "shovel orders-to-legacy crash-looping on ACCESS_REFUSED after a password rotation"
)

const (
	rmqIP        = "10.2.9.7"
	rmqLayout    = "2006-01-02 15:04:05.000000-07:00"
	rmqAllowed   = 3435973836 // vm_memory_high_watermark 0.4 of 8 GiB
	rmqShovel    = "orders-to-legacy"
	rmqLegacyURI = "amqps://legacy-mq.corp.example.net:5671/legacy"
	rmqRefused   = `{auth_failure,"ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."}`
	rmqCarrier   = "amqps://mq.carrier-3pl.example.com:5671"
	rmqDR        = "amqps://rmq-dr.eu-central.example.net:5671"
)

// How an application names its connections.
const (
	rmqNoName = iota
	rmqSpring // rabbitConnectionFactory#<hash>:<n>
	rmqSlash  // app/pod
	rmqAt     // app@pod
	rmqFixed  // the app's name
)

// rmqPods is an application's pods from a time on (a rollout replaces them).
type rmqPods struct {
	from  time.Time
	names []string
	ips   []string
	hash  []string // Spring's connection factory identity
}

type rmqApp struct {
	name, vhost, user string
	subnet            int // 10.2.<subnet>.x
	naming            int
	heartbeat         int // s
	retry             [2]int
	celery            bool
	sets              []*rmqPods
	serial            int
}

type rmqConn struct {
	app  *rmqApp
	pid  int64
	peer string
	name string
}

type rmqQueue struct {
	vhost, name string
	leader      int
	term        int
	base        int
	rate        float64
	pid         int64
}

type rmqLog struct {
	g *gen
	j *journal

	start, end time.Time
	pidBase    int64

	drain, returns, campaign, federation change

	exportAt, alarm1, clear1, alarm2, clear2 time.Time
	partAt, hangAt, fixAt, loopAt, loopFix   time.Time

	storefront, webhooks, probe, ordersAPI, inventory, notifications, billing, invoiceBatch *rmqApp
	printer, shipping, legacy, audit, export, renderer, returnsSvc, portal, mailer          *rmqApp

	queues   []*rmqQueue
	scanners []string
	scanIPs  []string
	shovSup  int64
	// shovWorker is the running shovel worker; used holds the pids handed out.
	shovWorker int64
	used       map[int64]bool
}

func rabbitmqLines(seed int64) []Line {
	start := time.Date(2024, 6, 13, 8, 0, 0, 0, time.UTC)
	g := newGen(seed, 20)
	sub := func() time.Duration { return time.Duration(g.intn(1_000_000)) * time.Microsecond }
	r := &rmqLog{
		g:          g,
		j:          &journal{},
		start:      start,
		end:        start.Add(Length),
		pidBase:    int64(412*32768 + g.intn(20000)),
		drain:      change{"rmq-2 drained and restarted: leader elections, clients reconnecting, leaders rebalanced", start.Add(58*time.Minute + 10*time.Second + sub())},
		returns:    change{"new application returns-svc: vhost, user, policy, quorum queues, connections", start.Add(100*time.Minute + sub())},
		campaign:   change{"marketing campaign: storefront publishers x2.3 and a campaign mailer", start.Add(134*time.Minute + sub())},
		federation: change{"federation policy for audit exchanges to the DR site", start.Add(170*time.Minute + sub())},
		exportAt:   start.Add(33*time.Minute + 12*time.Second + sub()),
		alarm1:     start.Add(36*time.Minute + 21*time.Second + sub()),
		clear1:     start.Add(37*time.Minute + 54*time.Second + sub()),
		alarm2:     start.Add(38*time.Minute + 33*time.Second + sub()),
		clear2:     start.Add(44*time.Minute + 51*time.Second + sub()),
		partAt:     start.Add(81*time.Minute + 30*time.Second + sub()),
		hangAt:     start.Add(97*time.Minute + 40*time.Second + sub()),
		fixAt:      start.Add(161*time.Minute + 30*time.Second + sub()),
		loopAt:     start.Add(151*time.Minute + 4*time.Second + sub()),
		loopFix:    start.Add(160*time.Minute + 18*time.Second + sub()),
		shovSup:    int64(3*32768 + 9812),
		used:       map[int64]bool{},
	}
	r.shovWorker = r.pidBase - int64(g.between(200_000, 2_000_000))
	r.setup()

	// Short-lived publishers, the probe, MQTT scanners.
	g.arrivals(start, r.end, r.storefrontRate, func(t time.Time) {
		r.publishSession(routine, t, r.storefront, g.lognormal(70, 0.6), 0.36, 30*time.Second)
	})
	r.thinned(r.campaign.start, r.end, 3.3, r.campaignRate, func(t time.Time) {
		r.publishSession(r.campaign.truth(), t, r.storefront, g.lognormal(70, 0.6), 0.36, 30*time.Second)
	})
	g.arrivals(start, r.end, func(t time.Time) float64 {
		m := t.Sub(start).Minutes()
		return 0.6 * (1 + 0.2*math.Sin(2*math.Pi*m/17))
	}, func(t time.Time) {
		r.publishSession(routine, t, r.webhooks, g.lognormal(25, 0.5), 0.03, 15*time.Second)
	})
	g.every(start.Add(time.Duration(g.intn(30_000))*time.Millisecond), r.end, 30*time.Second, 300*time.Millisecond, func(t time.Time) {
		r.publishSession(routine, t, r.probe, g.lognormal(12, 0.3), 0, 10*time.Second)
	})
	g.arrivals(start, r.end, func(time.Time) float64 { return 0.55 }, r.scannerReconnect)

	// Periodic jobs and routine warnings.
	g.every(start.Add(2*time.Second), r.end, 15*time.Minute, 6*time.Second, r.invoiceJob)
	g.every(start.Add(4*time.Minute+time.Duration(g.intn(60))*time.Second), r.end, 10*time.Minute, 3*time.Second, r.legacySync)
	g.every(start.Add(time.Duration(g.intn(120))*time.Second), r.end, 2*time.Minute, 2*time.Second, func(t time.Time) {
		r.log(routine, t, "warning", r.pid(t), "HTTP access denied: user 'guest' - User can only log in via localhost")
	})
	g.arrivals(start, r.end, func(time.Time) float64 { return 1.0 / 2700 }, r.typo)
	g.arrivals(start.Add(20*time.Minute), r.end, func(time.Time) float64 { return 1.0 / 3600 }, r.cookie)
	g.arrivals(start, r.end, func(time.Time) float64 { return 1.0 / 2900 }, r.carrierLink)
	g.arrivals(start.Add(10*time.Minute), r.end, func(time.Time) float64 { return 1.0 / 2400 }, r.tenantQueue)
	r.shovelRestart(start.Add(48*time.Minute+r.ms(0, 420_000)), routine)
	r.shovelRestart(start.Add(124*time.Minute+r.ms(0, 300_000)), routine)

	// Long-lived connections, a routine rollout, the changes and incidents, in time order
	// where they touch the quorum queues' terms.
	r.longLived()
	r.memoryAlarm()
	r.nodeDrain()
	r.partition()
	r.newApp()
	r.campaignMailer()
	r.shovelLoop()
	r.federate()
	return r.j.sorted(r.end)
}

// setup draws the applications, the quorum queues and the scanners.
func (r *rmqLog) setup() {
	g := r.g
	app := func(name, vhost, user string, subnet, pods, naming, hb int, retry [2]int) *rmqApp {
		a := &rmqApp{name: name, vhost: vhost, user: user, subnet: subnet, naming: naming, heartbeat: hb, retry: retry, serial: g.between(1, 40)}
		a.sets = []*rmqPods{r.pods(a, r.start.Add(-48*time.Hour), pods)}
		return a
	}
	r.storefront = app("storefront", "shop", "storefront", 31, 14, rmqNoName, 60, [2]int{0, 0})
	r.webhooks = app("webhooks-receiver", "shop", "webhooks", 33, 5, rmqFixed, 60, [2]int{0, 0})
	r.probe = app("blackbox-exporter", "/", "monitoring", 60, 1, rmqNoName, 10, [2]int{0, 0})
	r.probe.naming = rmqFixed
	r.ordersAPI = app("orders-api", "shop", "orders-api", 35, 4, rmqSpring, 60, [2]int{5000, 5200})
	r.inventory = app("inventory-svc", "shop", "inventory", 37, 3, rmqSlash, 10, [2]int{1000, 3000})
	r.notifications = app("notifications", "shop", "notifications", 39, 6, rmqNoName, 120, [2]int{1500, 4000})
	r.notifications.celery = true
	r.billing = app("billing-worker", "billing", "billing", 44, 3, rmqAt, 60, [2]int{5000, 5500})
	r.invoiceBatch = app("invoice-batch", "billing", "billing", 44, 1, rmqNoName, 60, [2]int{0, 0})
	r.printer = app("label-printer", "fulfilment", "label-printer", 51, 3, rmqAt, 30, [2]int{1000, 1200})
	r.shipping = app("shipping-svc", "fulfilment", "shipping", 52, 3, rmqSlash, 10, [2]int{1000, 3000})
	r.legacy = app("legacy-sync", "/", "legacy", 58, 1, rmqNoName, 60, [2]int{0, 0})
	r.audit = app("audit-archiver", "shop", "audit", 36, 2, rmqSpring, 60, [2]int{5000, 5200})
	r.export = app("reports-export", "analytics", "reports", 47, 1, rmqSlash, 60, [2]int{0, 0})
	r.renderer = app("report-renderer", "analytics", "reports", 48, 4, rmqSlash, 60, [2]int{2000, 4000})
	r.returnsSvc = app("returns-svc", "returns", "returns-svc", 54, 3, rmqSpring, 60, [2]int{5000, 5200})
	r.portal = app("returns-portal", "returns", "returns-portal", 55, 4, rmqNoName, 60, [2]int{0, 0})
	r.mailer = app("campaign-mailer", "shop", "mailer", 41, 6, rmqSlash, 60, [2]int{0, 0})

	qs := []struct {
		vhost, name string
		rate        float64
	}{
		{"shop", "orders.created", 44}, {"shop", "orders.paid", 21}, {"shop", "orders.cancelled", 1.6}, {"shop", "orders.legacy-export", 19},
		{"shop", "inventory.reserve", 58}, {"shop", "inventory.release", 14}, {"shop", "notifications.email", 29}, {"shop", "notifications.sms", 5},
		{"shop", "notifications.push", 24}, {"shop", "webhooks.inbound", 12}, {"shop", "payments.events", 17}, {"shop", "search.reindex", 8},
		{"fulfilment", "labels.print", 7}, {"fulfilment", "shipments.create", 9}, {"fulfilment", "shipments.tracking", 31}, {"fulfilment", "scanner.events", 42},
		{"fulfilment", "carrier.updates", 6}, {"billing", "invoices.generate", 4.5}, {"billing", "payments.settled", 9}, {"billing", "billing.retry", 0.8},
		{"billing", "dunning.reminders", 0.4}, {"analytics", "clickstream.sessions", 36}, {"/", "aliveness.qq", 0.3},
	}
	for i, q := range qs {
		r.queues = append(r.queues, &rmqQueue{vhost: q.vhost, name: q.name, leader: 1 + (i+g.intn(2))%3, term: g.between(3, 41),
			base: g.between(20_000, 9_000_000), rate: q.rate, pid: int64(g.between(1900, 3900))})
	}
	r.queue("labels.print").leader = 1
	for i := 0; i < 170; i++ {
		r.scanners = append(r.scanners, fmt.Sprintf("scanner-%04d", 1+i*2+g.intn(2)))
		r.scanIPs = append(r.scanIPs, fmt.Sprintf("10.40.%d.%d", g.between(1, 6), g.between(10, 250)))
	}
}

// pods draws a set of an application's pods (a ReplicaSet) from a time on.
func (r *rmqLog) pods(a *rmqApp, from time.Time, n int) *rmqPods {
	g := r.g
	s := &rmqPods{from: from}
	rs := g.alnum(g.between(9, 10))
	for i := 0; i < n; i++ {
		s.names = append(s.names, a.name+"-"+rs+"-"+g.alnum(5))
		s.ips = append(s.ips, fmt.Sprintf("10.2.%d.%d", a.subnet, g.between(2, 250)))
		s.hash = append(s.hash, g.hex(8))
	}
	return s
}

func (a *rmqApp) at(t time.Time) *rmqPods {
	s := a.sets[0]
	for _, x := range a.sets {
		if !x.from.After(t) {
			s = x
		}
	}
	return s
}

func (r *rmqLog) queue(name string) *rmqQueue {
	for _, q := range r.queues {
		if q.name == name {
			return q
		}
	}
	panic("rabbitmq: no queue " + name)
}

// storefrontRate is the storefront's order-event connections a second: the morning ramp
// and a slow wiggle.
func (r *rmqLog) storefrontRate(t time.Time) float64 {
	m := t.Sub(r.start).Minutes()
	return (2.1 + 0.7*rampUp(t, r.start, 150*time.Minute)) * (1 + 0.1*math.Sin(2*math.Pi*m/31) + 0.05*math.Sin(2*math.Pi*m/9.7))
}

// campaignRate is the campaign's extra order-event connections a second.
func (r *rmqLog) campaignRate(t time.Time) float64 {
	return 3.3 * rampUp(t, r.campaign.start, 4*time.Minute) * (1 - rampUp(t, r.campaign.start.Add(18*time.Minute), 8*time.Minute))
}

// thinned calls fn at the times of a Poisson process of rate(t) <= max events a
// second (a ramp from 0 would otherwise wait for its first event as long as its rate is
// small at the start).
func (r *rmqLog) thinned(from, to time.Time, max float64, rate func(time.Time) float64, fn func(time.Time)) {
	r.g.arrivals(from, to, func(time.Time) float64 { return max }, func(t time.Time) {
		if r.g.rng.Float64()*max < rate(t) {
			fn(t)
		}
	})
}

// pidAt is the identifier of a process spawned at t: a busy node spawns some 140 a
// second, the number wrapping at 2^15 into the serial.
func (r *rmqLog) pidAt(t time.Time) int64 {
	n := r.pidBase + int64(t.Sub(r.start).Seconds()*140) + int64(r.g.intn(3))
	for r.used[n] {
		n++
	}
	r.used[n] = true
	return n
}

func rmqPid(n int64) string { return fmt.Sprintf("<0.%d.%d>", n%32768, n/32768) }

func (r *rmqLog) pid(t time.Time) string { return rmqPid(r.pidAt(t)) }

// log writes one message, each of its lines with the header.
func (r *rmqLog) log(tr truth, at time.Time, level, pid string, msgs ...string) {
	head := at.Format(rmqLayout) + " [" + level + "] " + pid + " "
	lines := make([]string, len(msgs))
	for i, m := range msgs {
		lines[i] = head + m
	}
	r.j.add(tr, at, lines...)
}

func (r *rmqLog) ms(lo, hi int) time.Duration {
	return time.Duration(r.g.between(lo*1000, hi*1000)) * time.Microsecond
}

func (r *rmqLog) port() int { return r.g.between(32768, 60999) }

// name is the client-provided name of a new connection of the app's pod.
func (r *rmqLog) name(a *rmqApp, s *rmqPods, pod int) string {
	switch a.naming {
	case rmqSpring:
		a.serial++
		return fmt.Sprintf("rabbitConnectionFactory#%s:%d", s.hash[pod], a.serial)
	case rmqSlash:
		return a.name + "/" + s.names[pod]
	case rmqAt:
		return a.name + "@" + s.names[pod]
	case rmqFixed:
		return a.name
	}
	return ""
}

func (c *rmqConn) addr() string {
	s := c.peer + " -> " + rmqIP + ":5672"
	if c.name != "" {
		s += " - " + c.name
	}
	return s
}

// open logs a connection accepted and authenticated; it returns it and the time it is
// ready.
func (r *rmqLog) open(tr truth, at time.Time, a *rmqApp, pod int) (*rmqConn, time.Time) {
	s := a.at(at)
	pod %= len(s.names)
	c := &rmqConn{app: a, pid: r.pidAt(at), peer: fmt.Sprintf("%s:%d", s.ips[pod], r.port())}
	p := rmqPid(c.pid)
	r.log(tr, at, "info", p, fmt.Sprintf("accepting AMQP connection %s (%s -> %s:5672)", p, c.peer, rmqIP))
	at = at.Add(r.ms(1, 4))
	if c.name = r.name(a, s, pod); c.name != "" {
		r.log(tr, at, "info", p, fmt.Sprintf("connection %s (%s -> %s:5672) has a client-provided name: %s", p, c.peer, rmqIP, c.name))
		at = at.Add(r.ms(0, 1))
	}
	r.log(tr, at, "info", p, fmt.Sprintf("connection %s (%s): user '%s' authenticated and granted access to vhost '%s'", p, c.addr(), a.user, a.vhost))
	return c, at
}

func (r *rmqLog) closed(c *rmqConn) string {
	return fmt.Sprintf("closing AMQP connection %s (%s, vhost: '%s', user: '%s')", rmqPid(c.pid), c.addr(), c.app.vhost, c.app.user)
}

func (r *rmqLog) closeInfo(tr truth, at time.Time, c *rmqConn) {
	r.log(tr, at, "info", rmqPid(c.pid), r.closed(c))
}

func (r *rmqLog) closeAbrupt(tr truth, at time.Time, c *rmqConn) {
	r.log(tr, at, "warning", rmqPid(c.pid), r.closed(c)+":", "client unexpectedly closed TCP connection")
}

func (r *rmqLog) closeHeartbeat(tr truth, at time.Time, c *rmqConn) {
	r.log(tr, at, "error", rmqPid(c.pid), r.closed(c)+":", fmt.Sprintf("missed heartbeats from client, timeout: %ds", c.app.heartbeat))
}

// channelError logs a channel exception on a channel whose process is chPid.
func (r *rmqLog) channelError(tr truth, at time.Time, c *rmqConn, chPid int64, ch int, op, exc, msg string) {
	p := rmqPid(chPid)
	r.log(tr, at, "error", p,
		fmt.Sprintf("Channel error on connection %s (%s, vhost: '%s', user: '%s'), channel %d:", rmqPid(c.pid), c.addr(), c.app.vhost, c.app.user, ch),
		fmt.Sprintf("operation %s caused a channel exception %s: %s", op, exc, msg))
}

// blocked reports whether a publisher connecting at t is blocked by the memory alarm,
// and when the alarm clears.
func (r *rmqLog) blocked(t time.Time) (bool, time.Time) {
	switch {
	case !t.Before(r.alarm1) && t.Before(r.clear1):
		return true, r.clear1
	case !t.Before(r.alarm2) && t.Before(r.clear2):
		return true, r.clear2
	}
	return false, time.Time{}
}

// publishSession is a short-lived connection that publishes and closes, properly or
// not; under the memory alarm its publish blocks until the client's timeout kills it or
// the alarm clears.
func (r *rmqLog) publishSession(tr truth, t time.Time, a *rmqApp, durMs float64, abrupt float64, timeout time.Duration) {
	pod := r.g.intn(len(a.at(t).names))
	dur := time.Duration(durMs * float64(time.Millisecond))
	if b, clear := r.blocked(t); b {
		tr = incident(rmqMemAlarm)
		c, at := r.open(tr, t, a, pod)
		if kill := at.Add(timeout + r.ms(0, 40)); kill.Before(clear) {
			r.closeAbrupt(tr, kill, c)
		} else {
			r.closeInfo(tr, clear.Add(dur), c)
		}
		return
	}
	c, at := r.open(tr, t, a, pod)
	if r.g.chance(abrupt) {
		r.closeAbrupt(tr, at.Add(dur), c)
	} else {
		r.closeInfo(tr, at.Add(dur), c)
	}
}

// scannerReconnect is one scanner's MQTT connection ending and the scanner connecting
// again: the peer closed it, or a keepalive timed out while it roamed.
func (r *rmqLog) scannerReconnect(t time.Time) {
	g := r.g
	i := g.intn(len(r.scanners))
	old := fmt.Sprintf("%s:%d -> %s:1883", r.scanIPs[i], r.port(), rmqIP)
	p := r.pid(t.Add(-r.ms(60_000, 1800_000)))
	var back time.Time
	if g.chance(0.74) {
		r.log(routine, t, "info", p, fmt.Sprintf("MQTT connection %s will terminate because peer closed TCP connection", old))
		back = t.Add(r.ms(1500, 25_000))
	} else {
		r.log(routine, t, "error", p, fmt.Sprintf("closing MQTT connection \"%s\" (keepalive timeout)", old))
		back = t.Add(r.ms(8_000, 120_000))
		if g.chance(0.5) {
			r.scanIPs[i] = fmt.Sprintf("10.40.%d.%d", g.between(1, 6), g.between(10, 250))
		}
	}
	r.log(routine, back, "info", r.pid(back), fmt.Sprintf("Accepted MQTT connection %s:%d -> %s:1883 for client ID %s", r.scanIPs[i], r.port(), rmqIP, r.scanners[i]))
}

// invoiceJob is the invoice CronJob: it declares billing.retry with a TTL the queue was
// not created with (its channel closed), then goes on with another channel.
func (r *rmqLog) invoiceJob(t time.Time) {
	g := r.g
	a := r.invoiceBatch
	// A CronJob's Job is named after its scheduled time in minutes.
	sched := t.Truncate(15*time.Minute).Unix() / 60
	a.sets = append(a.sets, &rmqPods{from: t, names: []string{fmt.Sprintf("invoice-batch-%d-%s", sched, g.alnum(5))},
		ips: []string{fmt.Sprintf("10.2.44.%d", g.between(2, 250))}, hash: []string{g.hex(8)}})
	a.naming = rmqFixed
	a.name = a.sets[len(a.sets)-1].names[0]
	c, at := r.open(routine, t, a, 0)
	at = at.Add(r.ms(4, 20))
	r.channelError(routine, at, c, c.pid+int64(g.between(6, 30)), 1, "queue.declare", "precondition_failed",
		"inequivalent arg 'x-message-ttl' for queue 'billing.retry' in vhost 'billing': received the value '60000' of type 'signedint' but current is none")
	r.closeInfo(routine, at.Add(r.ms(8_000, 70_000)), c)
	a.name = "invoice-batch"
}

// legacySync is the legacy sync job: a pika connection that publishes a batch.
func (r *rmqLog) legacySync(t time.Time) {
	c, at := r.open(routine, t, r.legacy, 0)
	if r.g.chance(0.1) {
		r.closeAbrupt(routine, at.Add(r.ms(300, 4000)), c)
		return
	}
	r.closeInfo(routine, at.Add(r.ms(300, 4000)), c)
}

// typo is a person connecting from the VPN with a wrong password, once or a few times.
func (r *rmqLog) typo(t time.Time) {
	g := r.g
	ip := fmt.Sprintf("10.8.%d.%d", g.between(0, 3), g.between(2, 250))
	user := pick(g, []string{"guest", "admin", "j.moreau", "dev-tools", "k.nakamura"})
	for n := g.between(1, 3); n > 0; n-- {
		p := r.pid(t)
		peer := fmt.Sprintf("%s:%d -> %s:5672", ip, r.port(), rmqIP)
		r.log(routine, t, "info", p, fmt.Sprintf("accepting AMQP connection %s (%s)", p, peer))
		t = t.Add(r.ms(3, 20))
		r.log(routine, t, "error", p, fmt.Sprintf("Error on AMQP connection %s (%s, state: starting):", p, peer), fmt.Sprintf("PLAIN login refused: user '%s' - invalid credentials", user))
		r.log(routine, t.Add(r.ms(0, 1)), "info", p, fmt.Sprintf("closing AMQP connection %s (%s)", p, peer))
		t = t.Add(r.ms(4_000, 40_000))
	}
}

// cookie is rabbitmqctl run in the pod by someone with the wrong Erlang cookie.
func (r *rmqLog) cookie(t time.Time) {
	r.log(routine, t, "error", r.pid(t), fmt.Sprintf("** Connection attempt from node 'rabbitmqcli-%d-rabbit@rmq-1' rejected. Invalid challenge reply. **", r.g.between(100, 999)), "")
}

// carrierLink is the federation link to the carrier's broker dropping on a heartbeat
// timeout and connecting again.
func (r *rmqLog) carrierLink(t time.Time) {
	up := fmt.Sprintf("exchange 'carrier.events' in vhost 'fulfilment' %%s exchange 'tracking.events' in vhost 'partner' on %s", rmqCarrier)
	r.log(routine, t, "warning", r.pid(t.Add(-r.ms(600_000, 5000_000))),
		"Federation "+fmt.Sprintf(up, "disconnected from")+": {shutdown,heartbeat_timeout}")
	back := t.Add(5*time.Second + r.ms(40, 900))
	r.log(routine, back, "info", r.pid(back), "Federation "+fmt.Sprintf(up, "connected to"))
}

// Ra -----------------------------------------------------------------------------

func (q *rmqQueue) id() string { return "queue '" + q.name + "' in vhost '" + q.vhost + "'" }

func (q *rmqQueue) server(node int) string {
	v := q.vhost
	if v == "/" {
		v = "%2F"
	}
	return fmt.Sprintf("{'%s_%s','rabbit@rmq-%d'}", v, q.name, node)
}

func (r *rmqLog) applied(q *rmqQueue, t time.Time) int {
	return q.base + int(q.rate*t.Sub(r.start).Seconds())
}

func (r *rmqLog) ra(tr truth, at time.Time, q *rmqQueue, msg string) {
	r.log(tr, at, "info", rmqPid(q.pid), q.id()+": "+msg)
}

func (r *rmqLog) raState(tr truth, at time.Time, q *rmqQueue, from, to string) {
	r.ra(tr, at, q, fmt.Sprintf("%s -> %s in term: %d machine version: 3, last applied %d", from, to, q.term, r.applied(q, at)))
}

// leaderLost is the election on this node's member after q's leader stopped answering:
// a pre-vote, then this member elected or another one detected.
func (r *rmqLog) leaderLost(tr truth, at time.Time, q *rmqQueue, winner int) {
	r.ra(tr, at, q, fmt.Sprintf("Leader monitor down with %s, setting election timeout", q.server(q.leader)))
	at = at.Add(r.ms(1000, 2500))
	r.raState(tr, at, q, "follower", "pre_vote")
	r.ra(tr, at, q, fmt.Sprintf("pre_vote election called for in term %d", q.term))
	at = at.Add(r.ms(2, 30))
	if winner == 1 {
		r.raState(tr, at, q, "pre_vote", "candidate")
		q.term++
		r.ra(tr, at, q, fmt.Sprintf("election called for in term %d", q.term))
		r.raState(tr, at.Add(r.ms(2, 20)), q, "candidate", "leader")
	} else {
		q.term++
		r.ra(tr, at, q, fmt.Sprintf("detected a new leader %s in term %d", q.server(winner), q.term))
		r.raState(tr, at, q, "pre_vote", "follower")
	}
	q.leader = winner
}

// transfer is q's leadership handed to node to.
func (r *rmqLog) transfer(tr truth, at time.Time, q *rmqQueue, to int) {
	switch {
	case to == 1:
		r.raState(tr, at, q, "follower", "candidate")
		q.term++
		r.ra(tr, at, q, fmt.Sprintf("election called for in term %d", q.term))
		r.raState(tr, at.Add(r.ms(2, 15)), q, "candidate", "leader")
	case q.leader == 1:
		r.raState(tr, at, q, "leader", "await_condition")
		q.term++
		at = at.Add(r.ms(2, 20))
		r.ra(tr, at, q, fmt.Sprintf("detected a new leader %s in term %d", q.server(to), q.term))
		r.raState(tr, at, q, "await_condition", "follower")
	default:
		q.term++
		r.ra(tr, at, q, fmt.Sprintf("detected a new leader %s in term %d", q.server(to), q.term))
	}
	q.leader = to
}

// declareQuorum is a new quorum queue's member starting on this node and the election,
// led by the node the declaring client is connected to.
func (r *rmqLog) declareQuorum(tr truth, at time.Time, q *rmqQueue) time.Time {
	q.term = 0
	q.base = -int(q.rate * at.Sub(r.start).Seconds())
	r.ra(tr, at, q, "ra_log:init recovered last_index_term {0,0} first index 0")
	at = at.Add(r.ms(1, 4))
	r.ra(tr, at, q, "post_init -> recover in term: 0 machine version: 3, last applied 0")
	r.ra(tr, at, q, "recovering state machine version 3:3 from index 0 to 0")
	r.ra(tr, at, q, "recovery of state machine version 3:3 from index 0 to 0 took 0ms")
	r.ra(tr, at, q, "recover -> recovered in term: 0 machine version: 3, last applied 0")
	r.ra(tr, at, q, "recovered -> follower in term: 0 machine version: 3, last applied 0")
	at = at.Add(r.ms(5, 40))
	if q.leader == 1 {
		r.ra(tr, at, q, "follower -> candidate in term: 0 machine version: 3, last applied 0")
		q.term = 1
		r.ra(tr, at, q, "election called for in term 1")
		at = at.Add(r.ms(2, 12))
		r.ra(tr, at, q, "candidate -> leader in term: 1 machine version: 3, last applied 0")
		v := q.vhost
		r.log(tr, at.Add(r.ms(1, 5)), "info", r.pid(at), fmt.Sprintf("ra: started cluster %s_%s with 3 servers", v, q.name), "0 servers failed to start: []", "will use effective machine version 3")
	} else {
		q.term = 1
		r.ra(tr, at, q, fmt.Sprintf("detected a new leader %s in term 1", q.server(q.leader)))
	}
	return at
}

// tenantQueue is a quorum queue the notifications service declares for a new tenant.
func (r *rmqLog) tenantQueue(t time.Time) {
	q := &rmqQueue{vhost: "shop", name: fmt.Sprintf("notifications.tenant-%d", r.g.between(4100, 9800)), leader: r.g.between(1, 3), rate: 0.2, pid: r.pidAt(t)}
	r.declareQuorum(routine, t, q)
}

// Long-lived connections ---------------------------------------------------------

// life is a long-lived connection of the app's pod on this node from `from` on (c nil:
// it connects at from, with truth arrive): now and then it misses heartbeats, drops, or
// the client recycles it, and the client reconnects, sometimes from another pod, until
// until, when life returns the connection then open.
func (r *rmqLog) life(a *rmqApp, pod int, c *rmqConn, from, until time.Time, arrive, tr truth) *rmqConn {
	g := r.g
	t := from
	if c == nil {
		c, t = r.open(arrive, t, a, pod)
	}
	for {
		t = t.Add(time.Duration(g.rng.ExpFloat64() * float64(110*time.Minute)))
		if !t.Before(until) || !t.Before(r.end) {
			return c
		}
		if b, _ := r.blocked(t); b {
			continue // heartbeats are not monitored while publishers are blocked
		}
		switch x := g.rng.Float64(); {
		case x < 0.33:
			r.closeHeartbeat(tr, t, c)
		case x < 0.68:
			r.closeAbrupt(tr, t, c)
		default:
			if a.celery && g.chance(0.6) {
				r.channelError(tr, t, c, c.pid+int64(g.between(5, 40)), 1, "basic.ack", "precondition_failed", fmt.Sprintf("unknown delivery tag %d", g.between(40, 9000)))
				t = t.Add(r.ms(2, 30))
			}
			r.closeInfo(tr, t, c)
		}
		t = t.Add(r.ms(a.retry[0], a.retry[1]))
		if !g.chance(0.6) {
			pod = g.intn(len(a.at(t).names))
		}
		c, t = r.open(tr, t, a, pod)
		if a.celery && g.chance(0.25) {
			at := t.Add(r.ms(5, 40))
			r.channelError(tr, at, c, c.pid+int64(g.between(5, 40)), 2, "queue.declare", "resource_locked",
				fmt.Sprintf("cannot obtain exclusive access to locked queue 'celery@%s.celery.pidbox' in vhost 'shop'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.", a.at(t).names[pod%len(a.at(t).names)]))
		}
	}
}

// existing returns a connection opened before the log began.
func (r *rmqLog) existing(a *rmqApp, pod int) *rmqConn {
	s := a.sets[0]
	pod %= len(s.names)
	c := &rmqConn{app: a, pid: r.pidBase - int64(r.g.between(1000, 9_000_000)), peer: fmt.Sprintf("%s:%d", s.ips[pod], r.port())}
	c.name = r.name(a, s, pod)
	return c
}

// longLived runs the long-lived connections on this node all along, the routine
// rollout of inventory-svc, and label-printer's connections up to the incident.
func (r *rmqLog) longLived() {
	g := r.g
	for _, x := range []struct {
		a *rmqApp
		n int
	}{{r.ordersAPI, 4}, {r.notifications, 4}, {r.billing, 3}, {r.shipping, 2}} {
		for k := 0; k < x.n; k++ {
			r.life(x.a, k, r.existing(x.a, k), r.start, r.end, routine, routine)
		}
	}
	// inventory-svc: a rolling update at 0:17:30, each new pod connecting before the old
	// one goes.
	roll := r.start.Add(17*time.Minute + 30*time.Second + r.ms(0, 999))
	inv := r.inventory
	inv.sets = append(inv.sets, r.pods(inv, roll, 3))
	for k := 0; k < 3; k++ {
		at := roll.Add(time.Duration(k*34+g.intn(8)) * time.Second)
		old := r.life(inv, k, r.existing(inv, k), r.start, at, routine, routine)
		c, t := r.open(routine, at, inv, k)
		r.closeInfo(routine, t.Add(r.ms(6_000, 14_000)), old)
		r.life(inv, k, c, t, r.end, routine, routine)
	}
	r.ackTimeouts()
}

// Incidents and changes ----------------------------------------------------------

// memoryAlarm: the export job fills reports.render while its consumers are scaled to 0;
// the alarm flaps once; the renderers come back, the job is killed, the alarm clears.
func (r *rmqLog) memoryAlarm() {
	g := r.g
	tr := incident(rmqMemAlarm)
	a := r.export
	a.sets = append(a.sets, r.pods(a, r.exportAt, 1))
	job, _ := r.open(tr, r.exportAt, a, 0)
	const monitor, alarmer = "<0.507.0>", "<0.505.0>"
	set := func(at time.Time) {
		used := int64(float64(rmqAllowed) * (1.001 + 0.006*g.rng.Float64()))
		r.log(tr, at, "info", monitor, fmt.Sprintf("vm_memory_high_watermark set. Memory used:%d allowed:%d", used, int64(rmqAllowed)))
		r.log(tr, at.Add(r.ms(0, 1)), "warning", alarmer, "memory resource limit alarm set on node 'rabbit@rmq-1'.", "",
			"**********************************************************",
			"*** Publishers will be blocked until this alarm clears ***",
			"**********************************************************")
	}
	clear := func(at time.Time, frac float64) {
		used := int64(float64(rmqAllowed) * frac)
		r.log(tr, at, "info", monitor, fmt.Sprintf("vm_memory_high_watermark clear. Memory used:%d allowed:%d", used, int64(rmqAllowed)))
		r.log(tr, at.Add(r.ms(0, 1)), "warning", alarmer, "memory resource limit alarm cleared on node 'rabbit@rmq-1'")
		r.log(tr, at.Add(r.ms(1, 3)), "warning", alarmer, "memory resource limit alarm cleared across the cluster")
	}
	set(r.alarm1)
	clear(r.clear1, 0.993+0.004*g.rng.Float64())
	set(r.alarm2)
	// The renderers scaled back to 4 at 0:42:10; two of their connections land here.
	rs := r.renderer
	rs.sets = append(rs.sets, r.pods(rs, r.start.Add(42*time.Minute), 4))
	for k := 0; k < 2; k++ {
		at := r.start.Add(42*time.Minute + 10*time.Second + r.ms(0, 30_000))
		c, t := r.open(tr, at, rs, k*2+g.intn(2))
		r.life(rs, k, c, t, r.end, routine, routine)
	}
	r.closeAbrupt(tr, r.start.Add(43*time.Minute+26*time.Second+r.ms(0, 900)), job)
	clear(r.clear2, 0.62+0.05*g.rng.Float64())
}

// nodeDrain: rmq-2 hands over its leaders, stops, its clients reconnect (half of them
// here), it comes back, and its leaders are rebalanced 7 minutes later.
func (r *rmqLog) nodeDrain() {
	g := r.g
	tr := r.drain.truth()
	t := r.drain.start
	for _, q := range r.queues {
		if q.leader == 2 {
			to := 1
			if g.chance(0.5) {
				to = 3
			}
			r.transfer(tr, t.Add(r.ms(50, 1400)), q, to)
		}
	}
	down := t.Add(r.ms(3500, 5200))
	nm := "<0.512.0>"
	r.log(tr, down, "info", nm, "rabbit on node 'rabbit@rmq-2' down")
	r.log(tr, down.Add(r.ms(1, 4)), "info", nm, "Node 'rabbit@rmq-2' is down, deleting its listeners")
	r.log(tr, down.Add(r.ms(20, 60)), "info", nm, "node 'rabbit@rmq-2' down: connection_closed")
	for _, x := range []struct {
		a *rmqApp
		n int
	}{{r.ordersAPI, 2}, {r.inventory, 2}, {r.notifications, 2}, {r.billing, 1}, {r.shipping, 1}, {r.audit, 1}} {
		for k := 0; k < x.n; k++ {
			at := down.Add(r.ms(x.a.retry[0], x.a.retry[1]+12_000))
			r.life(x.a, g.intn(6), nil, at, r.end, tr, routine)
		}
	}
	up := down.Add(85*time.Second + r.ms(0, 9000))
	r.log(tr, up, "info", nm, "node 'rabbit@rmq-2' up")
	up = up.Add(r.ms(6000, 11000))
	r.log(tr, up, "info", nm, "rabbit on node 'rabbit@rmq-2' up")
	r.log(tr, up.Add(r.ms(1, 3)), "info", nm, "Keeping 'rabbit@rmq-2' listeners: the node is already back")

	// The rebalance, run against this node.
	rb := r.start.Add(65*time.Minute + r.ms(0, 40_000))
	p := r.pid(rb)
	r.log(tr, rb, "info", p, "Starting queue rebalancing operation: 'quorum' for vhosts matching '.*' and queues matching '.*'")
	counts := [4]int{}
	for _, q := range r.queues {
		counts[q.leader]++
	}
	at := rb.Add(r.ms(20, 80))
	moved := 0
	for _, q := range r.queues {
		from := q.leader
		if counts[from] <= counts[2]+1 || moved >= 8 {
			continue
		}
		r.log(tr, at, "info", p, fmt.Sprintf("Migrating queue '%s' in vhost '%s' from node 'rabbit@rmq-%d' with %d queues to node 'rabbit@rmq-2' with %d queues", q.name, q.vhost, from, counts[from], counts[2]))
		r.transfer(tr, at.Add(r.ms(3, 40)), q, 2)
		counts[from]--
		counts[2]++
		moved++
		at = at.Add(r.ms(60, 400))
	}
	r.log(tr, at, "info", p, "Finished queue rebalancing operation")
}

// partition: rmq-3 cut off for four minutes.
func (r *rmqLog) partition() {
	g := r.g
	tr := incident(rmqPartition)
	t0 := r.partAt
	for _, q := range r.queues {
		if q.leader == 3 {
			winner := 1
			if g.chance(0.45) {
				winner = 2
			}
			r.leaderLost(tr, t0.Add(r.ms(7_000, 12_000)), q, winner)
		}
	}
	nt := t0.Add(r.ms(48_000, 64_000))
	dist := "<0.24311.0>" // the distribution connection's controller
	r.log(tr, nt, "error", dist, "** Node 'rabbit@rmq-3' not responding **", "** Removing (timedout) connection **", "")
	nm := "<0.512.0>"
	r.log(tr, nt.Add(r.ms(0, 2)), "info", nm, "rabbit on node 'rabbit@rmq-3' down")
	r.log(tr, nt.Add(r.ms(2, 6)), "info", nm, "Node 'rabbit@rmq-3' is down, deleting its listeners")
	r.log(tr, nt.Add(r.ms(6, 30)), "info", nm, "node 'rabbit@rmq-3' down: net_tick_timeout")
	heal := t0.Add(3*time.Minute + 40*time.Second + r.ms(0, 8000))
	// An engineer's management UI polling the overview and queues every 5 s.
	g.every(nt.Add(r.ms(800, 4000)), heal, 5*time.Second, 200*time.Millisecond, func(at time.Time) {
		r.log(tr, at, "warning", r.pid(at), "Management delegate query returned errors:",
			fmt.Sprintf("[{<13742.%d.0>,{exit,{nodedown,'rabbit@rmq-3'},[]}}]", g.between(2400, 2600)))
	})
	// rmq-3 pauses and closes its clients' connections; they fail over, some here.
	pause := nt.Add(r.ms(500, 3000))
	for _, x := range []struct {
		a *rmqApp
		n int
	}{{r.ordersAPI, 1}, {r.inventory, 2}, {r.notifications, 2}, {r.billing, 1}, {r.shipping, 1}} {
		for k := 0; k < x.n; k++ {
			at := pause.Add(r.ms(x.a.retry[0], x.a.retry[1]+6_000))
			r.life(x.a, g.intn(6), nil, at, r.end, tr, routine)
		}
	}
	// audit-archiver consumes audit.archive, a classic queue whose home is rmq-3.
	au, at := r.open(tr, pause.Add(r.ms(5000, 5300)), r.audit, 0)
	for at = at.Add(r.ms(10, 40)); at.Before(heal.Add(14 * time.Second)); at = at.Add(5*time.Second + r.ms(10, 60)) {
		r.channelError(tr, at, au, r.pidAt(at), 1, "basic.consume", "not_found",
			"home node 'rabbit@rmq-3' of durable queue 'audit.archive' in vhost 'shop' is down or inaccessible")
	}
	r.life(r.audit, 0, au, at, r.end, routine, routine)
	r.log(tr, heal, "info", nm, "node 'rabbit@rmq-3' up")
	back := heal.Add(r.ms(9000, 13000))
	r.log(tr, back, "info", nm, "rabbit on node 'rabbit@rmq-3' up")
}

// newApp: returns-svc's vhost, user, policy and queues, then its connections.
func (r *rmqLog) newApp() {
	g := r.g
	tr := r.returns.truth()
	t := r.returns.start
	p := r.pid(t)
	dir := ""
	for i := 0; i < 25; i++ {
		dir += string("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[g.intn(36)])
	}
	r.log(tr, t, "info", p, "Adding vhost 'returns' (description: 'Returns and refunds', tags: [])")
	r.log(tr, t.Add(r.ms(1, 3)), "info", p, `Inserted a virtual host record {vhost,<<"returns">>,[],#{description => <<"Returns and refunds">>,tags => []}}`)
	t = t.Add(r.ms(3, 9))
	vp := r.pid(t)
	r.log(tr, t, "info", vp, fmt.Sprintf("Making sure data directory '/var/lib/rabbitmq/mnesia/rabbit@rmq-1/msg_stores/vhosts/%s' for vhost 'returns' exists", dir))
	r.log(tr, t.Add(r.ms(0, 1)), "info", vp, "Setting segment_entry_count for vhost 'returns' with 0 queues to '2048'")
	t = t.Add(r.ms(1, 4))
	r.log(tr, t, "info", vp, "Starting message stores for vhost 'returns'")
	r.log(tr, t.Add(r.ms(1, 3)), "info", r.pid(t), "Started message store of type transient for vhost 'returns'")
	t = t.Add(r.ms(3, 8))
	r.log(tr, t, "info", r.pid(t), "Started message store of type persistent for vhost 'returns'")
	for _, typ := range []string{"rabbit_classic_queue", "rabbit_quorum_queue", "rabbit_stream_queue"} {
		t = t.Add(r.ms(0, 2))
		r.log(tr, t, "info", vp, fmt.Sprintf("Recovering 0 queues of type %s took 0ms", typ))
	}
	t = t.Add(r.ms(20_000, 50_000))
	r.log(tr, t, "info", r.pid(t), "Created user 'returns-svc'")
	t = t.Add(r.ms(3_000, 9_000))
	r.log(tr, t, "info", r.pid(t), "Successfully set user tags for user 'returns-svc' to []")
	t = t.Add(r.ms(3_000, 9_000))
	r.log(tr, t, "info", r.pid(t), "Successfully set permissions for user 'returns-svc' in virtual host 'returns' to '.*', '.*', '.*'")
	t = t.Add(r.ms(15_000, 40_000))
	r.log(tr, t, "info", r.pid(t), `Setting policy 'returns-qq' for pattern '^returns\.' to '{"delivery-limit":5,"dead-letter-exchange":"returns.dlx"}' with priority '10' for vhost 'returns' by user 'platform-admin'`)

	// The pods roll out two minutes later; the first to connect declares the queues,
	// which it leads from this node.
	a := r.returnsSvc
	a.sets = append(a.sets, r.pods(a, t, 3))
	t = t.Add(2*time.Minute + time.Duration(g.intn(20))*time.Second)
	c, at := r.open(tr, t, a, 0)
	for _, name := range []string{"returns.requested", "returns.approved", "refunds.issue", "returns.dlq"} {
		at = at.Add(r.ms(10, 40))
		q := &rmqQueue{vhost: "returns", name: name, leader: 1, rate: 0.7, pid: r.pidAt(at)}
		at = r.declareQuorum(tr, at, q)
		r.queues = append(r.queues, q)
	}
	r.life(a, 0, c, at, r.end, tr, tr)
	r.life(a, 2, nil, t.Add(r.ms(20_000, 45_000)), r.end, tr, tr)
	// The returns portal publishes a return request per connection from then on.
	r.portal.sets = append(r.portal.sets, r.pods(r.portal, t, 4))
	r.thinned(t.Add(time.Minute), r.end, 0.22, func(x time.Time) float64 { return 0.22 * rampUp(x, t, 20*time.Minute) }, func(x time.Time) {
		r.publishSession(tr, x, r.portal, g.lognormal(40, 0.5), 0.3, 30*time.Second)
	})
}

// campaignMailer: six mailer pods for the campaign's emails.
func (r *rmqLog) campaignMailer() {
	g := r.g
	tr := r.campaign.truth()
	a := r.mailer
	t := r.campaign.start.Add(r.ms(30_000, 90_000))
	a.sets = append(a.sets, r.pods(a, t, 6))
	for k := 0; k < 6; k++ {
		c, at := r.open(tr, t.Add(r.ms(0, 9000)), a, k)
		r.closeInfo(tr, at.Add(22*time.Minute+time.Duration(g.intn(120))*time.Second), c)
	}
}

// ackTimeouts: label-printer's consumers hang on one label from 1:37:40; each
// delivery acknowledgement times out 15 minutes later, the hung handler acks on the new
// channel, the process crashes and restarts and takes the same label again, until the
// fixed build at 2:41:30.
func (r *rmqLog) ackTimeouts() {
	g := r.g
	tr := incident(rmqAckTimeout)
	a := r.printer
	a.sets = append(a.sets, r.pods(a, r.fixAt, 3))
	const timeout = "delivery acknowledgement on channel 1 timed out. Timeout value used: 900000 ms. This timeout value can be configured, see consumers doc guide to learn more"
	for k := 0; k < 3; k++ {
		hang := r.hangAt.Add(time.Duration(k*47+g.intn(30)) * time.Second)
		c := r.life(a, k, r.existing(a, k), r.start, hang, routine, routine)
		tag := g.between(1200, 9000)
		fix := r.fixAt.Add(time.Duration(k*25+g.intn(10)) * time.Second)
		for {
			// The queue checks its consumers' timeouts once a minute.
			to := hang.Add(15*time.Minute + time.Duration(g.intn(60_000))*time.Millisecond)
			if !to.Before(fix) {
				break
			}
			r.channelError(tr, to, c, c.pid+int64(g.between(6, 30)), 1, "none", "precondition_failed", timeout)
			ack := to.Add(r.ms(15_000, 95_000))
			if !ack.Before(fix) {
				break
			}
			r.channelError(tr, ack, c, r.pidAt(to), 1, "basic.ack", "precondition_failed", fmt.Sprintf("unknown delivery tag %d", tag))
			r.closeAbrupt(tr, ack.Add(r.ms(2, 12)), c)
			back := ack.Add(r.ms(10_000, 42_000))
			c, back = r.open(tr, back, a, k)
			hang = back.Add(r.ms(200, 3000))
			tag = g.between(1, 4)
		}
		// The rollout: the fixed pod connects, the old one is killed without closing.
		nc, at := r.open(tr, fix, a, k)
		r.closeAbrupt(tr, at.Add(r.ms(18_000, 31_000)), c)
		r.life(a, k, nc, at, r.end, routine, routine)
	}
}

// shovelRestart is the shovel worker dying (a crash report and a supervisor report)
// and coming back reconnect-delay later.
func (r *rmqLog) shovelRestart(t time.Time, tr truth) {
	w := r.shovWorker
	dest := rmqPid(w + int64(r.g.between(3, 12)))
	r.shovelCrash(tr, t, w, "{'EXIT',"+dest+",{shutdown,heartbeat_timeout}}", "{outbound_conn_died,{shutdown,heartbeat_timeout}}")
	r.shovelUp(tr, t.Add(10*time.Second+r.ms(30, 200)))
}

// shovelCrash is the crash report of worker w and its supervisor's report.
func (r *rmqLog) shovelCrash(tr truth, at time.Time, w int64, last, reason string) {
	g := r.g
	wp, sp := rmqPid(w), rmqPid(r.shovSup)
	id := `{<<"shop">>,<<"orders-to-legacy">>}`
	state := "running"
	if strings.HasPrefix(last, "{'$gen_cast'") {
		state = "starting"
	}
	r.log(tr, at, "error", wp,
		"** Generic server "+wp+" terminating",
		"** Last message in was "+last,
		"** When Server state == {state,"+id+",dynamic,rabbit_amqp091_shovel,#{ack_mode => on_confirm,reconnect_delay => 10},"+state+"}",
		"** Reason for termination ==",
		"** "+reason)
	r.log(tr, at.Add(r.ms(0, 1)), "error", wp,
		"  crasher:",
		"    initial call: rabbit_shovel_worker:init/1",
		"    pid: "+wp,
		"    registered_name: []",
		"    exception exit: "+reason,
		"      in function  gen_server2:terminate/3 (gen_server2.erl, line 1172)",
		"    ancestors: ["+sp+",rabbit_shovel_dyn_worker_sup_sup,rabbit_shovel_sup,<0.1466.0>]",
		"    message_queue_len: 0",
		"    messages: []",
		"    links: ["+sp+"]",
		"    dictionary: [{process_name,{rabbit_shovel_worker,"+id+"}}]",
		"    trap_exit: true",
		"    status: running",
		fmt.Sprintf("    heap_size: %d", pick(g, []int{2586, 4185, 6772, 10958})),
		"    stack_size: 28",
		fmt.Sprintf("    reductions: %d", g.between(9000, 60000)),
		"  neighbours:")
	r.log(tr, at.Add(r.ms(1, 2)), "error", sp,
		"    supervisor: {"+sp+",rabbit_shovel_dyn_worker_sup}",
		"    errorContext: child_terminated",
		"    reason: "+reason,
		"    offender: [{pid,"+wp+"},",
		"               {id,"+id+"},",
		"               {mfargs,{rabbit_shovel_worker,start_link,[dynamic,"+id+",<<\"...\">>]}},",
		"               {restart_type,{permanent,10}},",
		"               {significant,false},",
		"               {shutdown,4294967295},",
		"               {child_type,worker}]")
}

// shovelUp is the shovel worker running again.
func (r *rmqLog) shovelUp(tr truth, at time.Time) {
	r.shovWorker = r.pidAt(at)
	p := rmqPid(r.shovWorker)
	r.log(tr, at.Add(r.ms(40, 160)), "info", p, "Shovel 'orders-to-legacy' in virtual host 'shop' connected to destination "+rmqLegacyURI)
	r.log(tr, at.Add(r.ms(170, 300)), "info", p, "Shovel 'orders-to-legacy' in virtual host 'shop' has finished setting up its topology")
}

// shovelLoop: the legacy broker's team closes the shovel's connection and rotates its
// password; the worker fails every reconnect-delay until its URI is updated.
func (r *rmqLog) shovelLoop() {
	tr := incident(rmqShovelLoop)
	t := r.loopAt
	w := r.shovWorker
	forced := `{shutdown,{server_initiated_close,320,<<"CONNECTION_FORCED - Closed via management plugin">>}}`
	r.shovelCrash(tr, t, w, "{'EXIT',"+rmqPid(w+int64(r.g.between(3, 12)))+","+forced+"}", "{outbound_conn_died,"+forced+"}")
	for t = t.Add(10*time.Second + r.ms(20, 80)); t.Before(r.loopFix); t = t.Add(10*time.Second + r.ms(20, 80)) {
		fail := t.Add(r.ms(60, 240)) // TLS and the refused login
		r.shovelCrash(tr, fail, r.pidAt(t), "{'$gen_cast',init}", rmqRefused)
		t = fail
	}
	at := r.loopFix
	r.log(tr, at, "info", r.pid(at), "Asked to set or update runtime parameter 'orders-to-legacy' in vhost 'shop' for component 'shovel', value: "+
		`[{<<"ack-mode">>,<<"on-confirm">>},{<<"dest-exchange">>,<<"orders">>},{<<"dest-uri">>,<<"amqps://shovel:********@legacy-mq.corp.example.net:5671/legacy">>},{<<"reconnect-delay">>,10},{<<"src-queue">>,<<"orders.legacy-export">>},{<<"src-uri">>,<<"amqp://">>}]`)
	r.shovelUp(tr, at.Add(r.ms(20, 90)))
}

// federate: the DR site's upstream and the policy federating the audit exchanges.
func (r *rmqLog) federate() {
	g := r.g
	tr := r.federation.truth()
	t := r.federation.start
	r.log(tr, t, "info", r.pid(t), "Asked to set or update runtime parameter 'dr-site' in vhost 'shop' for component 'federation-upstream', value: "+
		`[{<<"ack-mode">>,<<"on-confirm">>},{<<"trust-user-id">>,false},{<<"uri">>,<<"`+rmqDR+`">>}]`)
	t = t.Add(r.ms(20_000, 70_000))
	r.log(tr, t, "info", r.pid(t), `Setting policy 'federate-audit' for pattern '^audit\.' to '{"federation-upstream":"dr-site"}' with priority '5' for vhost 'shop' by user 'platform-admin'`)
	var links []string
	for _, x := range []string{"audit.events", "audit.security"} {
		at := t.Add(r.ms(200, 1500))
		p := r.pid(at)
		links = append(links, p)
		r.log(tr, at, "info", p, fmt.Sprintf("Federation exchange '%s' in vhost 'shop' connected to exchange '%s' in vhost 'shop' on %s", x, x, rmqDR))
	}
	blip := t.Add(7*time.Minute + time.Duration(g.intn(90))*time.Second)
	for i, x := range []string{"audit.events", "audit.security"} {
		at := blip.Add(r.ms(0, 40))
		up := fmt.Sprintf("exchange '%s' in vhost 'shop' %%s exchange '%s' in vhost 'shop' on %s", x, x, rmqDR)
		r.log(tr, at, "warning", links[i], "Federation "+fmt.Sprintf(up, "disconnected from")+": {shutdown,{connection_closing,{server_initiated_close,320,<<\"CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'\">>}}}")
		back := at.Add(5*time.Second + r.ms(100, 1800))
		r.log(tr, back, "info", r.pid(back), "Federation "+fmt.Sprintf(up, "connected to"))
	}
}
