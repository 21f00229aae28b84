package families

import (
	"fmt"
	"math"
	"time"
)

// payments is a Java/Spring payments service writing log4j-style text lines
// ("2024-03-12 09:00:00,123 INFO  [http-nio-8080-exec-3] c.a.p.PaymentService - ..."),
// with Java stack traces under its errors.
//
// Normal traffic: about 3 payments a second, each logged as request, fraud check,
// authorization (or a routine decline, 3DS fallback, expired card) and ledger entry;
// refunds; a ledger write retried after a lock conflict now and then (with its stack
// trace); serialization failures; and periodic reports: connection pool stats (30 s),
// JVM heap and GC (15 s, a sawtooth, GC count a counter), FX rate refreshes (60 s),
// webhook dispatch counts (10 s), settlement batches (5 min).
//
// Benign changes: a deploy at 0:55 (shutdown and Spring Boot start banners, a restart gap,
// counters reset, two new INFO templates and a periodic outbox report, and the
// authorization line gains an acquirer field); a morning ramp from 1:30 (traffic x3 over
// 25 minutes, back down by 2:50); DEBUG logging switched on for the fraud client from 2:05 to 2:25.
//
// Incidents: acquirer timeouts at 0:35 for 8 minutes (errors with stack traces, circuit
// breaker transitions, slow failovers); the webhook dispatcher reporting 0 dispatched
// from 1:08 for 15 minutes; a single manual capture override (INFO) at 1:52; a heap leak
// from 2:15 over 40 minutes, ending in an OutOfMemoryError and a restart.
var payments = Family{
	Name:    "payments",
	Role:    Tuning,
	Service: "Java/Spring payments service, log4j text lines with stack traces",
	Lines:   paymentsLines,
}

const (
	paymentsAcquirerTimeouts = "acquirer timeouts (errors, stack traces, breaker)"
	paymentsWebhooksZero     = "webhooks dispatched drop to 0 for 15 min"
	paymentsManualOverride   = "single manual capture override (INFO)"
	paymentsHeapLeak         = "heap leak over 40 min, then OutOfMemoryError"
)

type paymentsLog struct {
	g *gen
	j *journal

	start               time.Time
	deploy, ramp, debug change
	rampEnd, debugEnd   time.Time
	timeoutsAt, zeroAt  time.Time
	leakAt, oomAt       time.Time
	restartGaps         [][2]time.Time // no traffic while the service restarts
	merchants           []string
	settlementBatch     int
	ledgerEntry, refund int
}

func paymentsLines(seed int64) []Line {
	start := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	p := &paymentsLog{
		g:               newGen(seed, 1),
		j:               &journal{},
		start:           start,
		deploy:          change{"deploy v2.15.0", start.Add(55 * time.Minute)},
		ramp:            change{"morning ramp x3", start.Add(90 * time.Minute)},
		debug:           change{"DEBUG logging for the fraud client", start.Add(125 * time.Minute)},
		rampEnd:         start.Add(170 * time.Minute),
		debugEnd:        start.Add(145 * time.Minute),
		timeoutsAt:      start.Add(35 * time.Minute),
		zeroAt:          start.Add(68 * time.Minute),
		leakAt:          start.Add(135 * time.Minute),
		oomAt:           start.Add(175 * time.Minute),
		ledgerEntry:     88_412_000,
		refund:          5_120_000,
		settlementBatch: 20_240_312_000,
	}
	for i := 0; i < 800; i++ {
		p.merchants = append(p.merchants, fmt.Sprintf("M-%d", 10000+p.g.intn(90000)))
	}
	end := start.Add(Length)
	p.restart(p.deploy.truth(), p.deploy.truth(), p.deploy.start, "v2.15.0")
	p.restart(incident(paymentsHeapLeak), incident(paymentsHeapLeak), p.oomAt, "v2.15.0")

	p.g.arrivals(start, end, func(t time.Time) float64 { return 3 * p.load(t) }, p.payment)
	p.g.arrivals(start, end, func(t time.Time) float64 { return 0.08 * p.load(t) }, p.refundLine)
	p.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 480 }, p.ledgerRetry)
	p.g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 600 }, p.serializationFailure)
	p.g.every(start.Add(7*time.Second), end, 30*time.Second, 50*time.Millisecond, p.poolStats)
	p.g.every(start.Add(3*time.Second), end, 15*time.Second, 20*time.Millisecond, p.jvmMetrics())
	p.g.every(start.Add(41*time.Second), end, time.Minute, 300*time.Millisecond, p.fxRates)
	p.g.every(start.Add(5*time.Second), end, 10*time.Second, 10*time.Millisecond, p.webhooks)
	p.g.every(start.Add(2*time.Minute), end, 5*time.Minute, time.Second, p.settlement)
	p.g.every(p.deploy.start.Add(40*time.Second), end, 15*time.Second, 30*time.Millisecond, p.outbox)
	p.timeoutStorm()
	p.manualOverride()
	p.debugSwitch()
	return p.j.sorted(end)
}

// load is the traffic multiplier: 1, rising to 3 over 25 minutes from the ramp's start,
// back to 1 over the 20 minutes before rampEnd.
func (p *paymentsLog) load(t time.Time) float64 {
	if p.down(t) {
		return 0
	}
	return 1 + 2*(rampUp(t, p.ramp.start, 25*time.Minute)-rampUp(t, p.rampEnd.Add(-20*time.Minute), 20*time.Minute))
}

// down reports whether the service is restarting at t.
func (p *paymentsLog) down(t time.Time) bool {
	for _, gap := range p.restartGaps {
		if !t.Before(gap[0]) && t.Before(gap[1]) {
			return true
		}
	}
	return false
}

func (p *paymentsLog) text(at time.Time, level, thread, logger, msg string) string {
	return fmt.Sprintf("%s %-5s [%s] %s - %s", at.Format("2006-01-02 15:04:05,000"), level, thread, logger, msg)
}

func (p *paymentsLog) thread(t time.Time) string {
	return fmt.Sprintf("http-nio-8080-exec-%d", 1+p.g.intn(int(12*p.load(t))+8))
}

// trafficTruth is the truth of a line that the traffic writes: the latest change it
// belongs to (the ramp from its start; a line the deploy changed since the deploy).
func (p *paymentsLog) trafficTruth(t time.Time, changedByDeploy bool) truth {
	switch {
	case !t.Before(p.ramp.start) && t.Before(p.rampEnd):
		return p.ramp.truth()
	case changedByDeploy && !t.Before(p.deploy.start):
		return p.deploy.truth()
	}
	return routine
}

func (p *paymentsLog) merchant() string {
	// A few merchants bring most payments.
	u := p.g.rng.Float64()
	return p.merchants[int(float64(len(p.merchants))*u*u*u)]
}

func (p *paymentsLog) amount() string {
	cur := "EUR"
	switch u := p.g.rng.Float64(); {
	case u < 0.2:
		cur = "USD"
	case u < 0.3:
		cur = "GBP"
	}
	return fmt.Sprintf("%.2f %s", p.g.lognormal(45, 0.9), cur)
}

func (p *paymentsLog) payment(t time.Time) {
	g := p.g
	thread := p.thread(t)
	id := "pay_" + g.hex(16)
	merchant := p.merchant()
	tr := p.trafficTruth(t, false)
	deployed := !t.Before(p.deploy.start)
	p.j.add(tr, t, p.text(t, "INFO", thread, "c.a.p.web.PaymentController", fmt.Sprintf("Received payment request %s from merchant %s (card ****%04d)", g.uuid(), merchant, g.intn(10000))))
	fraudMS := int(g.lognormal(32, 0.35))
	at := t.Add(time.Duration(fraudMS) * time.Millisecond)
	if deployed {
		p.j.add(p.trafficTruth(t, true), at, p.text(at, "INFO", thread, "c.a.p.idempotency.IdempotencyStore", fmt.Sprintf("Idempotency key %s stored for payment %s", g.uuid(), id)))
	}
	if p.debugOn(at) {
		p.j.add(p.debug.truth(), at, p.text(at, "DEBUG", thread, "c.a.p.fraud.FraudCheckClient", fmt.Sprintf("Fraud request for payment %s: bin=4%05d country=%s channel=ECOM rules=[velocity, geo, bin]", id, g.intn(100000), pick(g, []string{"DE", "FR", "NL", "ES", "IT", "GB", "US"}))))
		p.j.add(p.debug.truth(), at, p.text(at, "DEBUG", thread, "c.a.p.fraud.FraudCheckClient", fmt.Sprintf("Fraud response for payment %s: HTTP 200 in %d ms, %d bytes", id, fraudMS, g.between(380, 460))))
	}
	p.j.add(tr, at, p.text(at, "INFO", thread, "c.a.p.fraud.FraudCheckClient", fmt.Sprintf("Fraud check for payment %s: score=%.2f decision=ACCEPT in %d ms", id, math.Min(0.99, g.lognormal(0.06, 0.6)), fraudMS)))

	acquirer := pick(g, []string{"adyen", "adyen", "worldpay", "stripe"})
	authMS := int(g.lognormal(180, 0.4))
	if within(t, p.timeoutsAt, 8*time.Minute) && acquirer == "adyen" {
		p.acquirerTimeout(at, thread, id, merchant)
		return
	}
	at = at.Add(time.Duration(authMS) * time.Millisecond)
	switch u := g.rng.Float64(); {
	case u < 0.02:
		p.j.add(tr, at, p.text(at, "WARN", thread, "c.a.p.PaymentService", fmt.Sprintf("Payment %s declined by issuer: insufficient funds (code 51)", id)))
		return
	case u < 0.023:
		p.j.add(tr, at, p.text(at, "WARN", thread, "c.a.p.threeds.ThreeDSClient", fmt.Sprintf("3DS challenge timed out for payment %s, falling back to frictionless flow", id)))
	case u < 0.025:
		p.j.add(tr, at, p.text(at, "ERROR", thread, "c.a.p.PaymentService", fmt.Sprintf("Payment %s failed: card expired (code 54)", id)))
		return
	}
	p.authorized(p.trafficTruth(t, true), at, thread, id, merchant, authMS, acquirer)
	p.ledger(tr, at.Add(time.Duration(g.between(3, 12))*time.Millisecond), thread, id)
}

func (p *paymentsLog) authorized(tr truth, at time.Time, thread, id, merchant string, ms int, acquirer string) {
	msg := fmt.Sprintf("Payment %s authorized for merchant %s amount=%s in %d ms", id, merchant, p.amount(), ms)
	if !at.Before(p.deploy.start) {
		msg += " acquirer=" + acquirer
	}
	p.j.add(tr, at, p.text(at, "INFO", thread, "c.a.p.PaymentService", msg))
}

func (p *paymentsLog) ledger(tr truth, at time.Time, thread, id string) {
	p.ledgerEntry += 1 + p.g.intn(3)
	p.j.add(tr, at, p.text(at, "INFO", thread, "c.a.p.ledger.LedgerRepository", fmt.Sprintf("Ledger entry %d written for payment %s (2 postings)", p.ledgerEntry, id)))
}

func (p *paymentsLog) refundLine(t time.Time) {
	p.refund += 1 + p.g.intn(5)
	p.j.add(p.trafficTruth(t, false), t, p.text(t, "INFO", p.thread(t), "c.a.p.RefundService", fmt.Sprintf("Refund rf_%d for payment pay_%s processed amount=%s", p.refund, p.g.hex(16), p.amount())))
}

// ledgerRetry is the routine lock conflict of a busy ledger: an ERROR with its stack
// trace, then the entry written on the second attempt.
func (p *paymentsLog) ledgerRetry(t time.Time) {
	thread, id := p.thread(t), "pay_"+p.g.hex(16)
	tr := p.trafficTruth(t, false)
	p.j.add(tr, t,
		p.text(t, "ERROR", thread, "c.a.p.ledger.LedgerRepository", fmt.Sprintf("Ledger write failed for payment %s, retrying (attempt 1 of 3)", id)),
		"org.springframework.dao.CannotAcquireLockException: could not execute statement; SQL [n/a]; nested exception is org.hibernate.exception.LockAcquisitionException: could not execute statement",
		"\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:267)",
		"\tat com.acme.payments.ledger.LedgerRepository.write(LedgerRepository.java:74)",
		"\t... 87 common frames omitted")
	p.ledger(tr, t.Add(time.Duration(p.g.between(40, 120))*time.Millisecond), thread, id)
}

func (p *paymentsLog) serializationFailure(t time.Time) {
	thread := p.thread(t)
	tr := p.trafficTruth(t, false)
	p.j.add(tr, t,
		p.text(t, "WARN", thread, "o.h.e.j.s.SqlExceptionHelper", "SQL Error: 0, SQLState: 40001"),
		p.text(t, "ERROR", thread, "o.h.e.j.s.SqlExceptionHelper", "ERROR: could not serialize access due to concurrent update"))
}

func (p *paymentsLog) poolStats(t time.Time) {
	if p.down(t) {
		return
	}
	active := min(20, int(p.g.lognormal(2.5*p.load(t), 0.4)))
	p.j.add(p.trafficTruth(t, false), t, p.text(t, "INFO", "HikariPool-1 housekeeper", "c.z.h.p.HikariPool", fmt.Sprintf("HikariPool-1 - Pool stats (total=20, active=%d, idle=%d, waiting=0)", active, 20-active)))
}

// jvmMetrics reports the heap every 15 s: a sawtooth as the young generation fills and
// is collected, the GC count climbing from each start; during the leak the floor of
// the sawtooth climbs until the heap is full.
func (p *paymentsLog) jvmMetrics() func(time.Time) {
	gcCount, started := 0, p.start.Add(-26*time.Hour)
	return func(t time.Time) {
		if p.down(t) {
			return
		}
		for _, gap := range p.restartGaps {
			if started.Before(gap[1]) && !t.Before(gap[1]) {
				gcCount, started = 0, gap[1]
			}
		}
		if gcCount == 0 && started.Before(p.start) {
			gcCount = 7400
		}
		gcCount += p.g.between(2, 5)
		cycle := float64(t.Sub(p.start)%(170*time.Second)) / float64(170*time.Second)
		used := 420 + 520*cycle + p.g.normal(0, 25)
		pause := p.g.lognormal(11, 0.3)
		tr := routine
		if within(t, p.leakAt, p.oomAt.Sub(p.leakAt)) {
			x := t.Sub(p.leakAt).Minutes() / p.oomAt.Sub(p.leakAt).Minutes()
			used = math.Min(4050, used+3300*x*x)
			pause *= 1 + 40*x*x
			gcCount += int(20 * x)
			tr = incident(paymentsHeapLeak)
		}
		p.j.add(tr, t, p.text(t, "INFO", "scheduling-1", "c.a.p.metrics.JvmMetrics", fmt.Sprintf("JVM heap used=%dMB committed=%dMB max=4096MB gc.count=%d gc.pause.avg=%dms threads=%d", int(used), 1024*int(math.Ceil(used/1024)), gcCount, int(pause), p.g.between(78, 96))))
	}
}

func (p *paymentsLog) fxRates(t time.Time) {
	if p.down(t) {
		return
	}
	p.j.add(routine, t, p.text(t, "INFO", "scheduling-1", "c.a.p.fx.RateCache", fmt.Sprintf("FX rates refreshed: 32 currencies, source=ECB, age=%ds", p.g.between(40, 75))))
}

func (p *paymentsLog) webhooks(t time.Time) {
	if p.down(t) {
		return
	}
	n := int(p.g.normal(24*p.load(t), 5*math.Sqrt(p.load(t))))
	failed, pending := 0, p.g.intn(4)
	if p.g.chance(0.05) {
		failed = 1
	}
	tr := p.trafficTruth(t, false)
	if within(t, p.zeroAt, 15*time.Minute) {
		// The event bus feeding the dispatcher is stuck: nothing to dispatch.
		n, failed, pending, tr = 0, 0, 0, incident(paymentsWebhooksZero)
	}
	p.j.add(tr, t, p.text(t, "INFO", "webhook-dispatcher-1", "c.a.p.webhook.WebhookDispatcher", fmt.Sprintf("Dispatched %d webhooks in last 10s (failed=%d, pending=%d)", max(n, 0), failed, pending)))
}

func (p *paymentsLog) settlement(t time.Time) {
	if p.down(t) {
		return
	}
	p.settlementBatch++
	n := int(p.g.normal(900*p.load(t), 60))
	p.j.add(p.trafficTruth(t, false), t, p.text(t, "INFO", "scheduling-2", "c.a.p.settlement.SettlementScheduler", fmt.Sprintf("Settlement batch %d closed: %d payments, total %.2f EUR", p.settlementBatch, n, float64(n)*p.g.normal(47, 3))))
}

// outbox is the deploy's new periodic report.
func (p *paymentsLog) outbox(t time.Time) {
	if p.down(t) {
		return
	}
	p.j.add(p.trafficTruth(t, true), t, p.text(t, "INFO", "outbox-relay-1", "c.a.p.outbox.OutboxRelay", fmt.Sprintf("Outbox relay published %d events (pending=%d)", int(p.g.normal(60*p.load(t), 8)), p.g.intn(6))))
}

// restart writes a shutdown at t (an OutOfMemoryError first when the heap is full), a
// gap without traffic and Spring Boot's start banners.
func (p *paymentsLog) restart(stop, start truth, t time.Time, version string) {
	g, j := p.g, p.j
	if t.Equal(p.oomAt) {
		thread := fmt.Sprintf("http-nio-8080-exec-%d", g.between(1, 40))
		j.add(stop, t,
			p.text(t, "ERROR", thread, "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause"),
			"java.lang.OutOfMemoryError: Java heap space",
			"\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
			"\tat com.acme.payments.report.ExportBuffer.append(ExportBuffer.java:51)")
	} else {
		j.add(stop, t, p.text(t, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete"))
		at := t.Add(850 * time.Millisecond)
		j.add(stop, at, p.text(at, "INFO", "tomcat-shutdown", "o.s.b.w.e.tomcat.GracefulShutdown", "Graceful shutdown complete"))
	}
	at := t.Add(time.Second)
	j.add(stop, at,
		p.text(at, "INFO", "SpringApplicationShutdownHook", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Shutdown initiated..."),
		p.text(at, "INFO", "SpringApplicationShutdownHook", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Shutdown completed."))
	up := t.Add(time.Duration(g.between(18, 24)) * time.Second)
	p.restartGaps = append(p.restartGaps, [2]time.Time{t.Add(-time.Millisecond), up.Add(time.Millisecond)})
	boot := []struct {
		thread, logger, msg string
	}{
		{"main", "c.a.p.PaymentsApplication", fmt.Sprintf("Starting PaymentsApplication %s using Java 17.0.10 with PID 1 (/app/payments.jar started by app in /app)", version)},
		{"main", "c.a.p.PaymentsApplication", `The following 1 profile is active: "prod"`},
		{"main", "o.s.b.w.e.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"},
		{"main", "o.a.catalina.core.StandardService", "Starting service [Tomcat]"},
		{"main", "o.a.catalina.core.StandardEngine", "Starting Servlet engine: [Apache Tomcat/10.1.18]"},
		{"main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."},
		{"main", "com.zaxxer.hikari.pool.HikariPool", fmt.Sprintf("HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@%s", g.hex(8))},
		{"main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."},
		{"main", "o.s.b.a.e.web.EndpointLinksResolver", "Exposing 3 endpoint(s) beneath base path '/actuator'"},
		{"main", "o.s.b.w.e.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"},
	}
	at = up.Add(-14 * time.Second)
	for _, b := range boot {
		at = at.Add(time.Duration(g.between(200, 1400)) * time.Millisecond)
		j.add(start, at, p.text(at, "INFO", b.thread, b.logger, b.msg))
	}
	j.add(start, up, p.text(up, "INFO", "main", "c.a.p.PaymentsApplication", fmt.Sprintf("Started PaymentsApplication in %.3f seconds (process running for %.2f)", up.Sub(t).Seconds()-g.normal(6, 0.5), up.Sub(t).Seconds()-5)))
}

// acquirerTimeout is one payment sent to the acquirer that stopped answering: the
// circuit breaker is open every other minute (the call is refused at once), otherwise
// the call times out after 5 s with a stack trace; either way the payment fails over.
func (p *paymentsLog) acquirerTimeout(at time.Time, thread, id, merchant string) {
	g, j := p.g, p.j
	tr := incident(paymentsAcquirerTimeouts)
	wait := 5000 + g.intn(40)
	if int(at.Sub(p.timeoutsAt).Minutes())%2 == 1 {
		j.add(tr, at, p.text(at, "WARN", thread, "c.a.p.acquirer.AdyenClient", fmt.Sprintf("Payment %s not sent to adyen: CircuitBreaker 'adyen' is OPEN and does not permit further calls", id)))
		wait = g.between(1, 4)
	} else {
		at = at.Add(time.Duration(wait) * time.Millisecond)
		j.add(tr, at,
			p.text(at, "ERROR", thread, "c.a.p.acquirer.AdyenClient", fmt.Sprintf("Authorization call failed for payment %s: I/O error on POST request for \"https://pal-live.adyen.com/pal/servlet/Payment/v68/authorise\": Read timed out", id)),
			"org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://pal-live.adyen.com/pal/servlet/Payment/v68/authorise\": Read timed out",
			"\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)",
			"\tat com.acme.payments.acquirer.AdyenClient.authorise(AdyenClient.java:88)",
			"Caused by: java.net.SocketTimeoutException: Read timed out",
			"\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
			"\t... 42 common frames omitted")
	}
	at = at.Add(time.Millisecond)
	j.add(tr, at, p.text(at, "WARN", thread, "c.a.p.PaymentService", fmt.Sprintf("Payment %s failed over to acquirer worldpay after %d ms", id, wait)))
	ms := int(g.lognormal(180, 0.4))
	at = at.Add(time.Duration(ms) * time.Millisecond)
	p.authorized(tr, at, thread, id, merchant, wait+ms, "worldpay")
	p.ledger(tr, at.Add(5*time.Millisecond), thread, id)
}

// timeoutStorm writes the breaker's transitions: open for a minute, half-open, open
// again, until the acquirer answers.
func (p *paymentsLog) timeoutStorm() {
	tr := incident(paymentsAcquirerTimeouts)
	for m := 1; m < 8; m++ {
		at := p.timeoutsAt.Add(time.Duration(m)*time.Minute + 120*time.Millisecond)
		state := "from CLOSED to OPEN"
		switch {
		case m%2 == 0:
			state = "from OPEN to HALF_OPEN"
		case m > 1:
			state = "from HALF_OPEN to OPEN"
		}
		p.j.add(tr, at, p.text(at, "WARN", "resilience4j-scheduler-1", "c.a.p.acquirer.AcquirerCircuitBreaker", "CircuitBreaker 'adyen' changed state "+state))
	}
	at := p.timeoutsAt.Add(8*time.Minute + 2*time.Second)
	p.j.add(tr, at, p.text(at, "INFO", "resilience4j-scheduler-1", "c.a.p.acquirer.AcquirerCircuitBreaker", "CircuitBreaker 'adyen' changed state from HALF_OPEN to CLOSED"))
}

func (p *paymentsLog) manualOverride() {
	at := p.start.Add(112*time.Minute + 17*time.Second)
	p.j.add(incident(paymentsManualOverride), at, p.text(at, "INFO", "http-nio-8080-exec-31", "c.a.p.admin.ManualCaptureController", fmt.Sprintf("Manual capture override by operator j.doe for payment pay_%s: amount=48250.00 EUR, risk checks skipped", p.g.hex(16))))
}

func (p *paymentsLog) debugOn(t time.Time) bool {
	return !t.Before(p.debug.start) && t.Before(p.debugEnd)
}

// debugSwitch writes the audit lines of the log-level change, on and off.
func (p *paymentsLog) debugSwitch() {
	for _, s := range []struct {
		at    time.Time
		level string
	}{{p.debug.start, "DEBUG"}, {p.debugEnd, "INFO"}} {
		at := s.at
		p.j.add(p.debug.truth(), at, p.text(at, "INFO", "http-nio-8080-exec-4", "c.a.p.ops.LogLevelAuditor", "Log level of c.a.p.fraud.FraudCheckClient set to "+s.level+" by ops-admin"))
	}
}
