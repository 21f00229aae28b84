package verdict

import (
	"math"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Judge gives one stream's records their score and flag under a Policy. It keeps the
// stream's recent scores for the threshold, the usual score of each of its events and
// its incidents. A Judge is not safe for concurrent use.
type Judge struct {
	policy Policy
	rate   float64 // the contamination rate; 0 is "auto", the adaptive threshold
	scores scoreQuantiles
	events eventTable
	// incidents are the stream's incidents, at most maxOpenIncidents open at once;
	// joined is the index of the one the last flagged record joined (for Link).
	incidents [maxOpenIncidents]incident
	joined    int
	// entry is the verdict on the last record that started an entry (not a
	// continuation line): its continuation lines share it.
	entry entryVerdict
	// now and n are the stream clock and record number at the record Decide judged last
	// (for Link and SampleIdentifiers).
	now, n int64
	// known remembers the identifiers the stream carried minutes ago (see Link); fresh
	// is scratch for the others.
	known knownIdentifiers
	fresh []uint64
	tkey  []byte // scratch: the key of a template's records of one severity
	ekey  []byte // scratch: the key of the record's event at its severity
}

// severityClass names the severities whose records a template's usual score is kept
// apart for: below warning, warning and error, critical and worse.
func severityClass(l record.Level) byte {
	switch {
	case l >= record.LevelCritical:
		return 'c'
	case l.AtLeastWarning():
		return 'w'
	}
	return 'i'
}

// entryVerdict is what Decide said of the first line of an entry: its flag, its score
// and the incident it joined (its place among the judge's incidents, -1 for none, and
// its id, so that a place reused since is told apart).
type entryVerdict struct {
	flag     bool
	score    float64
	incident int
	id       string
}

// NewJudge returns a Judge for a stream with the given contamination: 0 for "auto",
// else a rate in (0, 0.5].
func NewJudge(p Policy, contamination float64) *Judge {
	j := &Judge{policy: p, rate: contamination, events: newEventTable(p.MaxEvents), joined: -1, entry: entryVerdict{incident: -1}}
	j.scores.init(&j.policy)
	return j
}

// Policy returns the judge's policy.
func (j *Judge) Policy() *Policy { return &j.policy }

// Record is what the Judge reads of one scored record.
type Record struct {
	Forest forest.Verdict // the forest's verdict on the record's vector
	Vector []float64      // the record's features, of Set
	Set    features.Set
	Info   *features.Info
	// Key names the record's event (features.Extractor.EventKey): its usual score is
	// remembered, and an incident follows it at the record's severity class.
	Key []byte
	// N and Now are the stream's record number and clock (unix nanoseconds) at the
	// record.
	N, Now int64
	// Links are the record's identifiers (record.Record.AppendLinks). Decide reads them only
	// when Linking said so before; they may be nil otherwise.
	Links []uint64
	// Settling says that the record's stream is new (Policy.Settling): only a record at
	// error or worse, or a burst, is an onset. A batch, judged by a forest fitted on all
	// of it, does not settle.
	Settling bool
}

// Decision is what the Judge says of one record.
type Decision struct {
	// Score is the record's score in (0, 1]: above the stream's threshold exactly when
	// the record is flagged (see Decide).
	Score float64
	Flag  bool
	// Incident is the id of the incident a flagged record belongs to; Started reports
	// that the record opened it.
	Incident string
	Started  bool
	// Entry reports a continuation line flagged because the entry it continues was (see
	// features.Info.Continues).
	Entry bool
	// Linked reports a record flagged because it carries an identifier of one of the
	// open incident's flagged records (see Link).
	Linked bool
	// Aftermath reports a record flagged because its template arrived in a wave soon
	// after an error joined the open incident (see Policy.Aftermath): a restart's lines.
	// Again says that it arrived so after an earlier error and came again after a later
	// one (see incident.restartAgain).
	Aftermath bool
	Again     bool
	// Storm reports a record of an open incident's own event flagged because the event
	// still storms, or, new with the incident, still recurs (see storming, recurring),
	// rather than for a surprise its features show.
	Storm bool
	// Linkable says that the record's identifiers should be handed to Link: it is
	// flagged in an incident, on its own, and says that something failed. Only with
	// contamination "auto": a rate flags the top share of scores, and its incidents are
	// flags close in time, not episodes with members.
	Linkable bool
}

// flagMargin keeps a flagged record's score strictly above the threshold it passed.
const flagMargin = 1e-3

// Decide says whether a record is flagged, with its score and incident. A record the
// forest could not score yet (learning) gets its prior as score and is flagged only when
// critical.
//
// With contamination "auto", a record is an onset when its score passes the adaptive
// threshold and Keep; an onset joins the open incident that holds its event (one of its
// records joined within IncidentQuiet: see Policy.holds), or the incident whose news it
// comes with, within Policy.Cascade of that incident's last onset (a warning or worse, of
// its last onset at warning or worse or its start: see freshest), and otherwise opens an incident of its own (at most maxOpenIncidents are open), unless
// it is an error that recurred in an ended incident and comes back within its pauses
// (see Judge.resumable): then it resumes that one. While
// an incident is open, a record of one of its events joins it while it still shows surprise
// (see surprised), storms (see storming) or, an error or warning new with the incident,
// recurs (see recurring), and scores ContinueMargin above the score its event usually had
// when it joined, or, an event that joined outside a change, floods far beyond its share
// (see flooding) whatever it scores; a record of another event joins
// the incident whose news it comes with (else the one joined last) when it shows surprise
// (a warning, surprise of its own: not only the stream's error burst) and scores
// ContinueMargin above its event's usual score and at most ContinueMargin below the
// threshold, as freshest allows or at any time for a template already among the
// incident's events. So a storm keeps its flag from its onset to its end, however used the forest
// gets to it, the bursting warnings of a cascade join it, while an event's routine records
// (a mistyped password among a login storm's) do not; any record that carries an
// identifier of one of the incident's flagged warnings or errors joins it (Linked, see
// Link), and so does a record of a template arriving in a wave soon after an error joined
// it (Aftermath: the process restarting). The score of a flagged record is raised to the
// threshold and that of any other record capped at it, so the score orders records as
// the flag does: an incident's records above the routine ones.
//
// With a contamination rate r, a record is flagged when its score is in the top r of the
// stream's recent scores, and flagged records that come close in time share an incident.
//
// A continuation line (a stack frame of an error written line by line) is part of the
// entry above it: when that entry was flagged, so is the line, with its incident and at
// least its score, so a query for the incident finds the whole stack trace.
func (j *Judge) Decide(r *Record) Decision {
	j.joined = -1
	d := j.decide(r)
	if !r.Info.Continues {
		j.entry = entryVerdict{flag: d.Flag, score: d.Score, incident: -1}
		if d.Incident != "" {
			j.entry.incident, j.entry.id = j.joined, d.Incident
		}
		return d
	}
	if in := j.entryIncident(); !d.Flag && in != nil {
		d.Flag, d.Entry, d.Score, d.Incident = true, true, max(d.Score, j.entry.score), in.id
		in.records++
	}
	return d
}

// entryIncident returns the open incident the entry that the next continuation line
// continues was flagged into, nil when it was not flagged or that incident is over.
func (j *Judge) entryIncident() *incident {
	e := j.entry
	if !e.flag || e.incident < 0 {
		return nil
	}
	if in := &j.incidents[e.incident]; in.open && in.id == e.id {
		return in
	}
	return nil
}

func (j *Judge) decide(r *Record) Decision {
	p := &j.policy
	prior := p.Prior(r.Vector, r.Set, r.Info)
	// An incident follows an event at its severity class: the same line at ERROR is
	// not the event it is at INFO (whose usual score it does not share either: tkey).
	class := severityClass(r.Info.Level)
	j.ekey = append(append(append(j.ekey[:0], r.Key...), '#'), class)
	key := j.ekey
	j.expire(r.N, r.Now)
	j.now, j.n = r.Now, r.N
	// The open incident that holds this event, and the one whose news the record comes
	// with (see freshest), else the one joined last: an onset of another event joins
	// the first as a cascade of its failure, else it opens an incident of its own (with
	// a contamination rate it joins the one joined last: flags close in time share an
	// incident).
	own := j.owner(key, r.N, r.Now, r.Info.Pace.Share)
	last, cascade := j.freshest(r), true
	if last == nil {
		last, cascade = j.latest(), false
	}
	target := own
	if target == nil && last != nil && (j.rate != 0 || cascade) {
		target = last
	}
	if r.Forest.Learning {
		// No model yet, so no opinion of the forest; a critical record still reports a
		// failure, in the first minute of a stream as in any other.
		d := Decision{Score: prior, Flag: r.Info.Level >= record.LevelCritical}
		if d.Flag {
			if target == nil {
				target = j.sibling(key, r)
			}
			j.join(target, key, r, &d, prior, true, true)
		}
		return d
	}
	score := Combine(r.Forest.Score, prior)
	mem := j.events.get(r.Key)
	// An event seen too few times to know its usual score (a new status for a familiar
	// template) is judged meanwhile by the usual score of its template's records of the
	// same severity: a 404 by the template's other warnings, not by its 200s.
	tmpl := templateOf(r.Key)
	j.tkey = append(append(append(j.tkey[:0], tmpl...), '#'), class)
	tmem := j.events.get(j.tkey)
	usual := mem
	if mem.scored < p.UsualScoreAfter && tmem.scored >= p.UsualScoreAfter {
		usual = tmem
	}
	// A critical level is news until its event is known at it and scores as usual: Rails
	// (before 7.1's defaults) logs every routing error a bot causes at FATAL, and each was
	// an onset and a surprise, one incident kept open for three hours that took in every
	// real one (the Rails family as written: normal records flagged 2.070% -> 0.894%,
	// benign after 5 min 0.860% -> 0.033%, its database pool 0.0% -> 25.6% under its own
	// id, alerted 0 -> 4 of 4 incidents; no other tuning family moved; holdout-1's normal
	// records 50 -> 44; BGL, a sixth of whose lines are FATAL, AP 0.751 -> 0.753, make
	// eval). A critical record is still flagged while the stream learns, and a crash
	// loop's fatal errors still resume their episode (see below).
	criticalUsual := r.Info.Level >= record.LevelCritical && p.usual(usual, score)
	criticalNews := r.Info.Level >= record.LevelCritical && !criticalUsual
	var threshold float64
	var onset, held bool
	if j.rate == 0 {
		threshold = j.scores.threshold()
		// A rare event seen before that shows nothing but its rarity is no news unless an
		// incident holds it, and no cascade of another's either (see trickling); a routine
		// line that shows nothing but a stray number (features.Info.StrayNumber) comes
		// with an incident's news or is no news at all. One request ten times
		// slower than its route's, its route's first such in a while, opened an incident
		// and sent an alert in six of the tuning families; a second one soon after, a
		// number beyond the forest's range (25 s where it takes 20 ms) or a shift of
		// level is still news (tuning families: alerts on lines of no incident 253 -> 245,
		// normal records 2,877 -> 2,869; a goroutine leak on one pod flagged 30 s later,
		// 95.9% -> 93.9% under its id; nothing else moved, make eval). With an
		// incident's news means within Cascade of it (see freshest), not merely into an
		// incident that holds the record's event: CoreDNS's cluster answers in 12 ms, one
		// in 1,800, were onsets of the event an incident of the stream's first seconds
		// held, and kept it for two and a half hours (the CoreDNS family: normal records
		// 453 -> 358, benign after 5 min 745 -> 667; HAProxy's benign 42 -> 26; its
		// ledger-sync loop no longer detected by a stray joining that incident, 0.3% ->
		// 0.0%; alerts on no incident 329 -> 331; holdout: normal 612 -> 599, benign 218
		// -> 192, alerts on no incident 64 -> 68, make eval).
		//
		// Not a number in its position's usual tail (features.Info.UsualTail), with an
		// incident's news or without: that tail is how the position is written whatever
		// else fails. The cluster answers CoreDNS gives in milliseconds now and then, and
		// more often from its new pods after a rolling upgrade, joined an hour-long
		// incident of the API server being unreachable, one after another (the CoreDNS
		// family: normal records 358 -> 29, benign after 5 min 667 -> 33). Tuning
		// families: normal records 7,263 -> 6,881, benign after 5 min 1,910 -> 1,257,
		// alerts on no incident 348 -> 350; an Envoy egress's hanging tax API 80.1% ->
		// 79.1% under its id (five slow checkouts within what checkouts took before);
		// holdout: normal 986 -> 957, benign after 5 min 216 -> 157, alerts on no
		// incident 73 -> 77 (make eval). Nor does such a number join as a cascade
		// (below).
		trickle := own == nil && p.trickling(mem, r, criticalNews)
		onset = score > threshold && p.Keep(usual, r.Info, score) && !trickle && (cascade && !r.Info.UsualTail() || !r.Info.StrayNumber())
		// A known error at its usual pace, news only for the stream's error burst, is no
		// news of the incident whose burst that is (see habitual).
		onset = onset && !(own == nil && cascade && p.habitual(mem, r, criticalNews))
		// A new stream's warnings and numbers are news only once it has settled (see
		// Policy.Settle); its errors and storms are news from its first model on.
		held = onset && r.Settling && r.Info.Level < record.LevelError && !p.shows(r, features.Burst) && !p.shows(r, features.ErrorBurst)
		onset = onset && !held // held: see the calm score below
	} else {
		threshold = j.scores.rateThreshold(j.rate, r.Forest.Flag)
		onset = score > threshold
	}
	j.scores.add(score)
	// A continuation line is its entry's. Of an entry that was not flagged (a frame of a
	// routine error's stack trace) it starts or joins nothing on its own, unless it
	// brings an event new to the stream (a "Caused by:" never seen before); of an entry
	// flagged into an open incident it goes where the entry went (see Decide), and joins
	// no other incident, even one that has its template: every Java error writes
	// "at ..." frames, and an acquirer outage's went to the incident a sporadic ledger
	// error had opened four minutes before, keeping it open for as long.
	inEntry := r.Info.Continues && j.entryIncident() != nil
	quiet := r.Info.Continues && (!j.entry.flag && !r.Info.Novel() || inEntry)
	onset = onset && !quiet

	if own == nil && r.Info.Level >= record.LevelError && !quiet && (onset || criticalUsual && score > threshold) {
		// The same failure back after a pause no longer than its others were (a crash
		// loop's back-off), coming faster than before the episode: it goes on, with no
		// alert of its own, even once its critical level is its event's usual (the ninth
		// fatal error of a crash loop forty minutes old; TestStreamCrashLoopIsOneIncident).
		if in := j.resumable(key, r.N, r.Now, r.Info.Pace.Share); in != nil {
			in.open = true
			own, target, onset = in, in, true
		}
	}
	if onset && target == nil {
		target = j.sibling(key, r)
	}
	d := Decision{Score: score, Flag: onset}
	calm := mem
	if mem.calmScored < p.UsualScoreAfter && tmem.calmScored >= p.UsualScoreAfter {
		calm = tmem
	}
	baseline := p.baseline(calm, j.scores.median())
	if !onset && !quiet && j.rate == 0 {
		// A record of the incident's template is the incident's only while the incident
		// is live, its records no more than Cascade apart (as an onset is its news: see
		// Judge.join). A message-less access log has a template or two for every
		// request, so every surprising request line was one, and one slow call four
		// minutes after a false incident's last record took that incident to a
		// pod's OOM kills, which then joined it (the Envoy family: payments v2's OOM
		// 23.5% -> 40.8% under its own id; Rails' normal records 868 -> 772; nothing else
		// moved but alerts on lines of no incident 249 -> 251, make eval).
		member := last != nil && last.hasTemplate(tmpl) && p.cascades(r, last.lastNow, last.lastN)
		switch {
		case own != nil:
			// The incident's own event: it goes on while it shows the surprise it
			// started with, while it storms (at its pace: see features.Info.Pace) or,
			// for a record that is not routine (an error, a warning) new with the
			// incident, while it keeps recurring (see recurring), as long as it scores
			// above what it scored before, however used the forest gets to it.
			// An event that came with the incident (its usual score at its severity
			// was not known when it joined) and comes again right after the
			// incident's last record is the same failure written again (a request's
			// error logged three times over), for as many records as it takes to know
			// an event's usual score.
			ev := own.event(key)
			ev.settled(r)
			// An event that joined as its template came back from a long silence (a
			// dispatcher's "published" lines, back after a stuck message went to the dead
			// letter queue) had the share of that silence: its usual pace is not a storm
			// of it, and flooding against that share kept the incident open for the rest
			// of the log on routine lines (the .NET family's outbox: 825 normal records
			// flagged, make eval). Nor does an event that was news only for being new
			// (novel and ordinary, as for flooding): it grows from its birth share as it is
			// adopted (a route renamed by a config change, a new job's lines), which is no
			// storm (benign records within 5 min of their change 432 -> 327 over the tuning
			// families, no incident's figure moved; make eval). Nor is a burst of its
			// values a surprise (see adopting).
			//
			// Nor does a stray number (features.Info.StrayNumber: a routine line's value
			// in its position's tail, neither a shift nor a climb) show the surprise the
			// incident started with: it opens no incident, and it keeps none. CoreDNS
			// answers a cluster name in tens of microseconds and now and then in 12 ms,
			// and an incident opened in the stream's first seconds took in one such
			// answer after another for two and a half hours (the CoreDNS family: normal
			// records 1,214 -> 453, benign after 5 min 1,616 -> 745; tuning normal 8,931
			// -> 8,114, benign 3,298 -> 2,424, no incident across a target, a client
			// throttling 26.5% -> 21.8% and a thread pool's starvation 69.6% -> 66.1%
			// under their ids; holdout normal 620 -> 612, make eval).
			//
			// A storm is measured from its event's usual score or the threshold,
			// whichever is lower: an error the forest always scores above the threshold
			// (CoreDNS's upstream i/o timeouts, a few an hour) has no room above its
			// usual score to show a storm, and its pace is what tells it (the CoreDNS
			// family's resolvers losing the internet: 4.9% -> 7.9% of its records under
			// its id; no normal or benign record moved, make eval).
			//
			// An event that joined while the stream settled is measured from its share
			// once the stream has settled: its share before was a young stream's (see
			// eventTraits.settling).
			//
			// A failure growing over minutes (see growing) goes on whatever it scores.
			storm := !ev.returned && !ev.adopted() && p.storming(r.Info.Pace, ev.share) || !r.Info.Routine() && p.recurring(ev, r)
			born := !r.Info.Routine() && ev.fresh && ev.records < p.UsualScoreAfter && r.N-own.lastN == 1
			surprise := (p.surprised(r, criticalNews, true, false) && !r.Info.StrayNumber() && !p.adopting(ev, r) || born) && score > ev.baseline+p.ContinueMargin
			d.Flag = surprise || storm && (score > min(ev.baseline, threshold)+p.ContinueMargin || p.flooding(ev, r)) || growing(ev, r)
			d.Storm = d.Flag && !surprise
		case last != nil && (member || cascade):
			// Another event (or one whose incident no longer holds it): it joins the
			// incident whose news it comes with (else the one joined last) as a cascade when it is
			// surprising and would be news on its own but for being usual (routine lines
			// never join), while the incident's news is fresh (see freshest: a
			// failure's cascade comes with it) or when its template is
			// the live incident's (a far value under another categorical value: the heap's
			// new committed size as it leaks). Later, the trickle of surprising records
			// any busy stream has (clients giving up, a scanner's 404s) would keep the
			// incident open for hours and take in the next episode as a cascade. Nor a
			// number in its position's usual tail (see the onset above).
			d.Flag = p.surprised(r, criticalNews, member, true) && (member || !p.habitual(mem, r, criticalNews)) && (score > p.Ceiling || !r.Info.Routine()) && !r.Info.UsualTail() &&
				score > max(baseline, threshold-2*p.ContinueMargin)+p.ContinueMargin
			target = last
		}
		if !d.Flag {
			if in := j.linkedIncident(r.Links, r.Now, r.Info.Routine()); in != nil {
				d.Flag, d.Linked, target = true, true, in
			} else if in := j.restarting(r.Now); in != nil && r.Info.Level < record.LevelError && (r.Info.Arriving || in.restartAgain(templateHash(tmpl))) {
				// A restart's lines, or the lines of a restart the incident took in
				// before, written again after another of its errors: a crash loop
				// restarts the same way each time, and its start-up lines, no longer
				// new, arrive in no wave (see incident.restartAgain). Below error: a
				// process starting writes what it does, and an error among those lines
				// is a failure, judged as any error is (an onset, a cascade of the
				// incident's news). A view error a Laravel shop writes a few times an
				// hour came back in a wave now and then and joined as a restart's line,
				// with its trace of 117 lines (tuning families: normal records 7,723 ->
				// 7,263, Laravel's 1,030 -> 794, the invoicing API's 1,601 -> 1,451,
				// ClickHouse's and RabbitMQ's fewer; no incident crossed a target, a
				// shovel's crash loop 99.8% -> 96.5% and a runaway panel's memory limit
				// errors 93.0% -> 91.7% under their ids; holdout unchanged, make eval).
				d.Flag, d.Aftermath, d.Again, target = true, true, !r.Info.Arriving, in
			}
		}
	}
	// A record of a failure growing over minutes (its template far above its share over
	// hours) is not what its event usually scores: learned, the usual score rose with the
	// growth's, which then never scored above it. A dependency failing one request in
	// 5,000, then one in ten twenty minutes later, was not flagged at all; now from its
	// third minute, 94% of its errors in one incident (TestStreamErrorGrowingOverMinutes).
	// make eval: 5 normal records fewer of 670,257, 14 benign ones more (a routine error
	// and its traceback during the Celery worker's campaign). Nor is a record that shows
	// surprise (see surprised) and was not flagged: a storm that grows out of a rare
	// event whose usual score is known scores a little above it at first, and learned,
	// its scores raised the usual one as fast as they rose (a pod's wrong password,
	// seven failed logins a second for six minutes: the Kafka family's SCRAM storm never
	// flagged once nothing else held it in an incident; 99.7% of it under its own id with
	// this, web-edge's credential stuffing 80.9% -> 83.0%, tuning normal records +16, make
	// eval). Flagged records still count: leaving them out too moved later onsets into
	// other incidents (web-edge's 5xx burst and the shop's silence, 0.0% under their ids).
	if !r.Info.BurstOverHours() && (d.Flag || !p.surprised(r, criticalNews, true, false)) {
		p.LearnScore(mem, score)
		mem.peakRecent = max(mem.peakRecent, r.Info.Pace.Recent)
		if tmem != mem {
			p.LearnScore(tmem, score)
		}
	}
	// A record that would have been an onset but for its stream's settling (held) is not
	// calm either: the settling changes what is flagged, not what an event is known to
	// score when nothing is wrong. Learned as calm, a slow-query warning scored high in a
	// stream's first minutes became the bar a deadlock storm's slow queries, an hour
	// later, had to clear to stay in their incident (the .NET family's deadlocks 83.8% ->
	// 68.4% under their id; with this 83.8%, no other figure moved, make eval).
	if !d.Flag && !inEntry && !held {
		mem.calmPeak = max(mem.calmPeak, r.Info.Pace.Recent)
		p.learnCalm(mem, score)
		if tmem != mem {
			p.learnCalm(tmem, score)
		}
	}
	if !d.Flag {
		d.Score = min(score, threshold)
		return d
	}
	if d.Linked || d.Aftermath {
		// A routine line of a request the incident failed, or of the restart it caused,
		// is part of the episode, not an event of it: it counts as a record but leaves
		// the incident's events and its clock as they were, so such lines neither keep
		// it open nor storm in it.
		target.records++
		d.Incident = target.id
		j.joined = j.slot(target)
	} else {
		j.join(target, key, r, &d, baseline, min(mem.scored, tmem.scored) < p.UsualScoreAfter, onset)
		d.Linkable = j.rate == 0 && r.Info.Level.AtLeastWarning() && !r.Info.ClientError() && !r.Info.PlainWarning()
	}
	if in := &j.incidents[j.joined]; d.Aftermath || r.Info.Arriving && in == j.restarting(r.Now) {
		// A restart's line, whichever way it joined (its first line, new, may be news
		// of its own): the incident's restart is remembered (see restartAgain).
		in.rememberRestart(templateHash(tmpl))
	}
	d.Score = max(score, min(1, threshold+flagMargin))
	return d
}

// freshest returns the open incident whose news a record r of an event it does not hold
// comes with, nil when none: r comes within Policy.Cascade of its last onset (or error it
// held: see join), or for a warning or worse, of its last failure news (such news at
// warning or worse, or a number climbing, held or not) or of its start; the freshest such news when several incidents are open. The services a
// failure takes down fail within their timeouts; an error a minute after the last
// failure, however many rare INFO lines came since (a young stream's first runs of each
// job), is news of its own (the worker pool's process killed by the kernel, 32 s after a
// cleanup job's first lines, went into the incident the stream's first minutes had
// opened). What comes with an incident's first record is its episode whatever that
// record's level: a client retrying in a loop writes its 429s (INFO, which opened the
// incident) and the rate limiter's warnings about it in the same millisecond, and the
// warnings, kept out, storming as a routine warning's usual band widened, went unflagged
// (the gateway family's retry loop: 17.3% -> 21.4% of its records under its id, the
// holdout syslog's third and fourth incidents one alert instead of two, make eval). The
// freshest news, not the incident joined last: a Redis failover's first error opened an
// incident, one of its slow requests joined an older one that held its route's event, and
// the failover's next error, a second later, opened a third (the Node.js family: 9 -> 1
// alerts).
//
// A client's error (a 4xx) is failure news only for another client's error: a burst of
// 404s and the next one come together, but a refusal sets off no server's failure. A
// pod hanging on its database pool slowed its requests, which opened an incident, and
// its "upstream timed out" errors a minute later joined an incident a 404 burst had
// opened six minutes before, whose last 404s were fresh (the ingress-nginx family's
// hanging pod: 7.8% -> 54.2% under its own ids, in two alerts instead of one; IIS's
// alerts on no incident 15 -> 18: two warnings, a slow statement export's among them, no
// longer taken into the SQL Server failover's incident by its 4xx, and a failed upload,
// no longer a cascade, an onset of its own; nothing else moved, holdout unchanged, make
// eval). A client's error itself still counts every failure news: its burst follows any.
func (j *Judge) freshest(r *Record) *incident {
	var fresh *incident
	var freshSince int64
	for i := range j.incidents {
		in := &j.incidents[i]
		if !in.open {
			continue
		}
		since, sinceN := in.lastOnsetNow, in.lastOnsetN
		switch {
		case r.Info.ClientError():
			since, sinceN = max(in.lastFailNow, in.startNow), max(in.lastFailN, in.startN)
		case r.Info.Level.AtLeastWarning():
			since, sinceN = max(in.lastFaultNow, in.startNow), max(in.lastFaultN, in.startN)
		}
		if j.policy.cascades(r, since, sinceN) && (fresh == nil || since > freshSince) {
			fresh, freshSince = in, since
		}
	}
	return fresh
}

// sibling returns the live incident that holds another event of the template of key,
// r's event (the same line under other categorical values), nil when none: an onset of
// r's event that comes with no incident's news joins it, as the failure it holds
// spreading over its template's events. Live means r comes within Cascade of the
// incident's last record, as a record of its template joins it as a cascade (see
// Judge.decide: a message-less access log has a template or two for every request, and
// an incident open for minutes holds them). Without that bound, onsets of access log
// lines joined incidents minutes old (tuning families, make eval: Traefik's hanging
// forward-auth 86.1% -> 0.0% under its id, a gateway's retry loop 99.9% -> 49.9%). An
// incident that held r's event itself and let it go (see Policy.holds) is no sibling:
// the event's next onset after such a pause is news of its own.
//
// A credential stuffing's 401s on a login route stormed in their incident, and its 502s
// on that route, four minutes after the 401s began, opened a second incident and sent a
// second alert; so did a goroutine leak's next far count in its stats line. Tuning
// families (make eval): those two incidents 2 -> 1 alerts, alerts on lines of no
// incident 372 -> 363 (IIS 18 -> 15, web-edge 18 -> 16), normal records 7,040 -> 7,039;
// nothing else moved. Holdout: alerts on no incident 141 -> 138, an incident 6 -> 5
// alerts, nothing else moved.
func (j *Judge) sibling(key []byte, r *Record) *incident {
	if j.rate != 0 {
		return nil // flags close in time share an incident already (see decide)
	}
	var found *incident
	tmpl := templateOf(key)
	for i := range j.incidents {
		in := &j.incidents[i]
		if in.open && in.hasTemplate(tmpl) && in.exactEvent(key) == nil && j.policy.cascades(r, in.lastNow, in.lastN) &&
			(found == nil || in.lastN > found.lastN) {
			found = in
		}
	}
	return found
}

// cascades reports whether r comes within Cascade (CascadeRecords) of the moment now, n.
func (p *Policy) cascades(r *Record, now, n int64) bool {
	return r.Now-now <= int64(p.Cascade) && r.N-n <= p.CascadeRecords
}

// Linking reports whether the next Decide reads its record's Links: an incident is open
// and remembers identifiers of its records.
func (j *Judge) Linking() bool {
	for i := range j.incidents {
		if in := &j.incidents[i]; in.open && len(in.ring) > 0 {
			return true
		}
	}
	return false
}

// Link remembers the identifiers of a record Decide just called Linkable, so that the
// later records of its request, task or job join the incident: a payment whose
// authorisation timed out is then written as authorised by another acquirer and booked,
// in routine lines that carry its id. Only a warning or worse is Linkable: it says that
// its request failed, so what the request writes next (within Policy.LinkWithin of its
// last failing record) is the failure's aftermath. A
// routine line flagged for being rare or slow says nothing of the lines after it, and
// linking from it would multiply every false alarm by the length of its request. Nor
// does a client's error (see features.Info.ClientError): a 4xx refuses a request, it
// does not fail one, and what the request writes next is the refusal's routine (an
// Istio sidecar's declined payments, 402 on the outbound call, linked the inbound
// response and the release of the order's reservation: the Envoy family's normal
// records flagged 0.521% -> 0.423%, benign after 5 min 0.835% -> 0.654%; its payments v2
// outage 46.8% -> 46.2% flagged, nothing else moved, make eval).
// Nor does a plain warning (see features.Info.PlainWarning), which names no failure: a
// customer's sync agent, back from a failed upgrade, caught up with its uploads, nginx
// warned of each large part it buffered, the warnings burst and joined the upgrade's
// incident, and the parts of every upload they named followed them in (the ingress-nginx
// family's normal records flagged 1,362 -> 2,731 once upload ids were identifiers, and
// 1,444 with this rule, the rest the aborted uploads' DELETEs; with hexadecimal ids, this
// rule alone took the tuning families' normal records 7,850 -> 7,842 and six incidents
// 0.1-0.4 points lower, none across 80%; make eval). Nor does a routine line flagged for
// a number that shifted (a latency regression's): linking from it took the Envoy
// family's normal records flagged 425 -> 3,023 and its slowed inventory 37.1% -> 37.7%
// (make eval).
// An identifier the stream carried minutes before (see knownIdentifiers) names
// something that outlives the request, and links nothing; and until the first sampled
// identifier has counted (a stream's first minute), none can be told apart, and nothing
// links: the tuning families' normal records flagged 8,055 -> 7,992 (Argo CD's 63 -> 47,
// Keycloak's 450 -> 412), no incident's share moved (make eval).
//
// But an identifier the incident took from a failure before the stream knew it was
// born with that failure, and each later failing record that carries it moves its
// window on, known or not: a poison message redelivered every 5 s for minutes fails
// each time, and its lines, sampled meanwhile, made its id known, after which the
// warning that follows each failure (the message nak'd) was no longer linked. Known by
// then, it names something that keeps failing rather than one request, so it links
// only what is not routine: a Vault client whose requests failed now and then in an
// outage linked its successful ones in between (the notifications family's poison
// message 76.4% -> 82.3% under its id; the tuning families' normal records 7,059 ->
// 7,043, Vault's 293 -> 276; a Backup storm 86.5% -> 86.0%; make eval).
func (j *Judge) Link(links []uint64) {
	if j.joined < 0 || len(links) == 0 {
		return
	}
	if in := &j.incidents[j.joined]; in.open {
		j.known.age(j.n, j.now, int64(j.policy.LinkWithin))
		if !j.known.warm {
			return // nothing the stream names is known yet: no id tells a request's apart
		}
		in.refresh(links, j.now, &j.known)
		j.fresh = j.known.appendUnknown(j.fresh[:0], links)
		if len(j.fresh) > 0 {
			in.remember(j.fresh, j.now)
		}
	}
}

// SamplingIdentifiers reports whether the stream should hand the identifiers of the
// record Decide judged last to SampleIdentifiers: about one record in sampleRecords.
func (j *Judge) SamplingIdentifiers() bool {
	return j.rate == 0 && j.known.sampling(j.n, j.now)
}

// SampleIdentifiers remembers the identifiers of the record Decide judged last (see
// knownIdentifiers).
func (j *Judge) SampleIdentifiers(links []uint64) {
	j.known.sample(links, j.n, j.now, int64(j.policy.LinkWithin))
}

// storming reports whether an event that had a long-run share of the stream of share
// when it joined an incident storms still: it comes faster than that share predicts, and
// has come so long that its long-run share has grown StormGrowth times since. The pace is
// its template's, or an error's rarest categorical value's (features.Info.Pace). A warning
// that comes in clusters (a few slow requests together every few minutes) comes faster
// than its share for a moment now and then, but its share stays what it was.
func (p *Policy) storming(pace features.Pace, share float64) bool {
	return pace.Share >= p.StormGrowth*share && pace.Beyond(share)
}

// flooding reports whether a record of an incident's event that storms (see storming)
// goes on whatever it scores: an event that joined the incident outside a change (not
// incidentKey.changing), as one the stream knew or as a new one that reported a problem
// (not incidentKey.ordinary), and whose long-run share has grown FloodGrowth times
// since. An event that joined as its template came back from a long silence
// (incidentKey.returned) does not storm at all (see decide). The forest learns a storm that fills its window, and the stream's long-run
// counts catch up with it within minutes, after which it scores what it always did, or
// what its first minutes taught; but an event written a hundred times as often as
// before is the incident for as long as it is, at any level, whether the stream knew it
// (a client retrying without backoff: its requests' INFO 429s and the rate limiter's
// warning about them, ten times a second) or it came with the incident (a slow query
// scanning a collection whose index was dropped, twice a second, with a plan never
// seen and a thousand times the documents). A storm that comes with a change is the
// change, learned quietly: a rollout's reconciles of a hundred new objects storm as
// far. So is a new event that was news only for being new: a deploy's new route,
// taking more of the traffic as clients upgrade, grows from nothing as far.
func (p *Policy) flooding(ev *incidentKey, r *Record) bool {
	return !ev.changing && !ev.adopted() && r.Info.Pace.Share >= p.FloodGrowth*ev.share
}

// adopting reports whether a record of an incident's event that was news only for being
// new (eventTraits.adopted) shows no surprise but a burst of its values: a new client's
// requests, taking a larger part of their template's records as more of the client's
// instances start, each value of theirs coming far more often than the template's
// history predicts. That is the event's adoption, as its growth from its birth share is
// (see decide), not the surprise its incident started with. A CDN's origin health
// checks, HEAD requests that HAProxy had never been sent, each answered 200 in a
// template whose records had seldom been (228 of 3,915 before, mostly 429s, websocket
// upgrades and deletions), were flagged for the nine minutes its points of presence
// took to come in one after another (the HAProxy family's benign records after 5 min
// 136 -> 26, within 5 min 250 -> 84; no other family's figure moved, holdout unchanged;
// make eval).
func (p *Policy) adopting(ev *incidentKey, r *Record) bool {
	if !ev.adopted() || !p.shows(r, features.Burst) {
		return false
	}
	for _, id := range surpriseFeatures {
		if id != features.Burst && p.shows(r, id) {
			return false
		}
	}
	return true
}

// growing reports whether a record of an incident's event is a failure growing over
// minutes: a record that reports a failure (reportsFailure), whose template comes far
// more often in the last ten minutes than its share over the hours before predicts
// (features.Info.BurstOverHours), outside a change (not incidentKey.changing).
// Such a record is not what its event usually scores, and is not learned as such (see
// decide), but the baseline its incident holds it to is the one it had when it joined,
// and a failure that keeps growing after the forest has learned it scores below that.
// A Cassandra node under heap pressure answered more and more reads with a timeout, an
// error with its trace, and they went unflagged once the forest knew them, though their
// template came far beyond its share over the hours before (that incident 5.2% ->
// 18.6% under its id; a Raft quorum loss 85.2% -> 85.8%; normal records 7,039 ->
// 7,065, 23 of them a read timeout right after the heap pressure's; nothing else moved,
// make eval; TestStreamFailureGrownKeepsItsIncident). Holdout: two incidents 88.9% ->
// 89.0% and 31.2% -> 31.9% under their ids, nothing else moved.
func growing(ev *incidentKey, r *Record) bool {
	return !ev.changing && r.Info.BurstOverHours() && reportsFailure(r.Info)
}

// recurring reports whether an event of an incident that was new to the stream when it
// joined (incidentKey.novel) still comes as it did not before: its long-run share has
// grown StormGrowth times since. A condition that persists writes its error at its
// own pace (an expired certificate checked every minute, and the handshakes it fails
// in between): one a minute shows no burst in any ten seconds, and the forest soon
// finds it usual, but the stream never had it before the incident, and it is the
// incident for as long as it goes on (the operator family's certificate: 31.1% -> 100%
// of its records under its id, normal records 611 -> 614 of 542,360, make eval). An
// event new only to a young stream, which is all its events, is not novel (see
// features.Info.Novel), and one that joined while its stream settled recurs only
// against its share once the stream has settled (see eventTraits.settling): before,
// what the stream "never had" is what it had not yet written.
//
// An error or warning born in a change counts too (features.Info.NewInChange): the
// change window decides what is news on its own, not whether an event that joined an
// incident recurs as it never did before, and a failure's new warnings, born within
// seconds of each other, are a change by the count of births as a deploy's lines are. A
// full disk's high and flood stage watermark warnings, every 30 s, lost their flag after
// their first eight (the Elasticsearch family's disk filling 79.9% -> 80.4% under its
// id, TestDiskWatermarkWarningsRecur; a Kafka broker's stalled disk 28.6% -> 31.5%, a
// runaway Grafana panel's memory limit errors 91.0% -> 93.0%; tuning normal records
// 7,104 -> 7,212, 106 of them two tracebacks of the invoicing API's that came after its
// database overload, benign after 5 min 13,961 -> 14,015; holdout-24's first incident
// 18.9% -> 45.9% under its id, holdout normal records 1,283 -> 1,320, make eval). Not
// an INFO line with alarm words born so, as a novel one is: a mail server's DNSBL
// rejections, each new in a change, then recurred in whatever incident had taken one in
// (the mail family's normal records 189 -> 230).
func (p *Policy) recurring(ev *incidentKey, r *Record) bool {
	return (ev.novel || ev.newInChange && r.Info.Level.AtLeastWarning()) && r.Info.Pace.Share >= p.StormGrowth*ev.share
}

// trickling reports whether a record of an event m is one of a rare event's first
// sightings that shows nothing but its rarity: the event was scored before, too few
// times for its usual score to be known (UsualScoreAfter), and the record is below
// critical and shows no surprise (see surprised; criticalNews as there). Its first
// sighting was news, as anything new in a settled stream is; its next ones, each alone,
// minutes apart, are how the stream writes it (a validation failure, a printer's
// timeout, a request that timed out on the client's side), and each opened an incident
// and sent an alert until the event's usual score was known (tuning families: alerts
// on lines of no incident 171 -> 130, normal records flagged 959 -> 907; every
// incident's figures as before within 0.5 points; holdout: alerted 10 -> 11 of 12
// incidents, its alerts on no incident 55 -> 49, make eval). Nor is such a record a
// cascade of the incident open when it comes: it came before without one (see decide).
// A Laravel shop's view error on one category page and its ERP's timeouts, a few an
// hour each, went into whichever incident was open, each with its trace of sixty lines
// (tuning families: normal records 5,291 -> 4,266, the Laravel family's 2,006 -> 1,228;
// no incident crossed a target, but a dozen lost a little of what came with them, the
// most a consumer group's rebalance loop 11.2% -> 5.6%, a Raft quorum loss 90.7% ->
// 85.2% and an LDAP outage 97.8% -> 94.2% under their ids, make eval).
// An error too, when it comes alone (no other record of its template within about
// burstFast: the same failure written again seconds later is an episode, as the seeds'
// three database errors in five seconds are): a payment call failing and retried every
// twenty minutes opened nine incidents in two and a half hours, one per sighting
// (tuning families: alerts on lines of no incident 232 -> 192, normal records 2,968 ->
// 2,735; no incident's targets moved, a label printer's acks 10.4% -> 9.4% and a task
// failing on every run 17.8% -> 15.2%, which met none; holdout: alerts on no incident
// 42 -> 38, normal 301 -> 292, make eval). Held to every level below critical, the
// warnings' sightings seconds apart too, it gained nothing more and cost an OOM loop
// and a memory alarm an alert each. A critical record is news each time.
//
// Alone means no more records of its template within those seconds than at the event's
// busiest sighting before (event.peakRecent): the same failure faster than it ever came
// is an episode, its habit is not. A Laravel shop's view error on one category page
// comes in pairs seconds apart (the page rendered twice), each with a trace of 117
// lines, and the second of each pair opened an incident until the event's usual score
// was known (tuning families: normal records 7,961 -> 7,723, the Laravel family's 1,266
// -> 1,030; alerts on no incident 349 -> 348; no incident's figure moved; holdout
// unchanged, make eval). Its first pair is still news, and so are three where it came
// in pairs.
func (p *Policy) trickling(m *event, r *Record, criticalNews bool) bool {
	alone := recentRecords(r.Info.Pace.Recent) <= max(1, recentRecords(m.peakRecent))
	level := r.Info.Level < record.LevelError || r.Info.Level < record.LevelCritical && alone
	return m.scored >= 1 && m.scored < p.UsualScoreAfter && level && !p.surprised(r, criticalNews, true, false)
}

// habitual reports whether r is an error its stream writes now and then, come as it
// always does: below critical, of an event whose usual score is known (m), no more of it
// within seconds than at its busiest when not flagged (event.calmPeak), and with no
// surprise of its own (a burst of its template, a number far from usual, novelty, a
// silence broken), so that what raises its score is the stream's error burst. While an
// incident storms, such an error is a bystander of that burst, not its cascade, as an
// onset or not: a Laravel shop's view error, written a few times an hour with a trace of
// 117 lines, joined the incidents of a payment provider failing and of a carriers' API
// hanging whenever it came during them. The 500s of every route while a database
// refuses connections come faster than they ever did, and still cascade; so does an
// error of a template the incident holds (an Airflow task failing on every run after a
// schema change: each run's failure is known and alone, and is the incident). Tuning
// families: normal records flagged 6,652 -> 6,355 (Laravel's 781 -> 544, the invoicing
// API's 1,304 -> 1,254), benign after 5 min 954 -> 953, no incident's alerts or 80%
// moved (a MySQL outage 99.0% -> 98.9% under its id, the CoreDNS resolvers 7.7% ->
// 7.5%), mean AP 0.694 -> 0.695; holdout: normal 961 -> 920, benign after 5 min 139 ->
// 131; BGL and HDFS unchanged (make eval). Judged without the pace test and the
// template's exception, the 500s of a database refusing connections, known before, no
// longer joined their incident (96.3% -> 61.5% under its id), nor a Raft quorum loss's
// errors (85.2% -> 54.2%).
func (p *Policy) habitual(m *event, r *Record, critical bool) bool {
	if critical || r.Info.Level < record.LevelError || r.Info.Level >= record.LevelCritical || m.scored < p.UsualScoreAfter {
		return false
	}
	if recentRecords(r.Info.Pace.Recent) > max(1, recentRecords(m.calmPeak)) {
		return false
	}
	for _, id := range [...]features.ID{features.Burst, features.Numeric, features.Novelty, features.Gap} {
		if p.shows(r, id) {
			return false
		}
	}
	return true
}

// shows reports whether r's surprise feature id is at least Surprise beyond its quiet
// zone (see Policy.Surprise).
func (p *Policy) shows(r *Record, id features.ID) bool {
	i := r.Set.Index(id)
	return i >= 0 && r.Vector[i] >= p.Surprise*features.SurpriseBound(id)/2
}

// recentRecords is how many records of its template came within about ten seconds of
// a record whose recent count (features.Pace.Recent, decaying by 1/e over that long) is
// recent: the record itself and every earlier one that still counts more than 1/e.
func recentRecords(recent float64) float64 { return math.Ceil(recent - math.Exp(-1)) }

// surpriseFeatures are the features that show what makes an episode (see surprised).
var surpriseFeatures = [...]features.ID{features.Burst, features.ErrorBurst, features.Numeric, features.Novelty, features.Gap}

// surprised reports whether a record still shows what makes an episode: a burst of its
// event or of the stream's errors, a number far from usual, a new event, a silence
// broken (each at least Surprise), or a critical level that is news (critical: not the
// usual of an event known at it, see decide). A warning that recurs at its usual pace
// shows none of these once it is familiar, so it does not keep an incident it once
// opened. member says that the record's template is already part of the incident
// (its event, or another event of its template: a number's position is the template's,
// so its far values are the incident's own whichever categorical values came with them).
// other says that the record is not of one of the incident's events: the stream's error
// burst is then the incident's storm more than the record's news, and a warning shows it
// whatever its cause (the scanners' 404s and the routine wrong passwords of an access log
// during a credential-stuffing storm of 401s); an error, a failure, still cascades on it
// (the 500s of every route while a database refuses connections).
func (p *Policy) surprised(r *Record, critical, member, other bool) bool {
	if critical {
		return true
	}
	for _, id := range surpriseFeatures {
		if !p.shows(r, id) {
			continue
		}
		if id == features.ErrorBurst && other && r.Info.Level < record.LevelError {
			continue
		}
		// A position whose values keep landing far out is heavy-tailed: its next far
		// value says less than the first did (as in numericPrior), unless those far
		// values are the incident's own (a leak climbing).
		if id != features.Numeric || member || r.Info.NumericFar < 1 {
			return true
		}
	}
	return false
}

// join counts a flagged record in the open incident in, or in a new one, and tells d.
// onset says that the record was news on its own, the incident's latest (see
// Policy.Cascade); an error remembers its time (see Policy.Aftermath).
func (j *Judge) join(in *incident, key []byte, r *Record, d *Decision, baseline float64, fresh, onset bool) {
	if in == nil {
		in = j.start(r.Key, r.N, r.Now)
		d.Started = true
	}
	// An onset is the incident's news, which another event's onset may be a cascade of
	// (see freshest), only while the incident is live: its records come within
	// Policy.Cascade of each other. A record of its own event back after minutes of
	// quiet keeps it open but is no failure spreading: an indexing operation slow now and
	// then (two in 3.5 minutes) took in a search latency regression that began 46 s after
	// the second, whose alert never went out (the elastic family: 0.0% -> 96.5% of the
	// regression under its own id, make eval; the operator family's expired certificate,
	// checked once a minute, 1 -> 2 alerts).
	//
	// A failure under way that the incident holds is news as an onset is: an error
	// written again, or a number climbing (features.Info.Climbing) at whatever level; the
	// failure is still happening, and what it takes down fails now. A Rails database
	// pool's connection timeouts went on for ten minutes as the incident's own event, its
	// last onset minutes old, and a request slowed by the pool, seconds after a timeout,
	// opened a second incident and sent a second alert; so did Vault's database engine
	// (tuning families: those two incidents one alert each; alerts on lines of no
	// incident 200 -> 196; normal records 3,270 -> 3,281, make eval). A blocked event
	// loop's INFO reports of its delay climbing opened an incident, and the slow requests
	// it caused, warnings minutes later, opened two more; a heap leak's OutOfMemoryError,
	// a goroutine leak's restart and a spool disk's failed writes each opened a second
	// incident (as failure news, climbing numbers: the Node.js family's event loop 3 -> 1
	// alerts, those three leaks and the Envoy family's slowed inventory 2 -> 1; alerts on
	// no incident 196 -> 193; normal records 3,281 -> 3,285; but a Redis failover
	// 80.5% -> 79.4% under its own id, its slow requests the own event of a false
	// incident a lone slow request had opened minutes before, which as news took in the
	// failover's cascades; holdout unchanged, make eval). Not any warning: held warnings
	// are a storm more than a failure, and as news they took in a traffic drop's first
	// record (web-edge: that incident lost its own alert).
	//
	// But a warning that names a failure (failureNews), and a line without a level
	// that names one in alarm words: a disk past its watermarks warns that it is, an
	// SMS provider's failed sends are warnings, a mail server's rejections and an
	// unleveled traceback's lines have no level. Only errors counting, an incident
	// whose failure wrote such lines for minutes had stale news, and the failure's next
	// event opened an incident of its own and sent another alert (tuning families:
	// alerted once or twice 121 -> 125 of 136, alerts on no incident 414 -> 402;
	// Elasticsearch's disk filling 3 -> 2 alerts, the Twilio degradation and the
	// mailbox's spam run 3 -> 1; no normal or benign record moved; holdout: normal
	// records 1,465 -> 1,524, benign after 5 min 633 -> 634, alerts on no incident 158
	// -> 153, make eval).
	live := in.records == 0 || j.policy.cascades(r, in.lastNow, in.lastN)
	in.join(key, traitsOf(r, baseline, fresh), r.N, r.Now)
	named := failureNews(r.Info)
	failing := reportsFailure(r.Info) || r.Info.Climbing()
	if (onset || failing) && live {
		in.lastOnsetNow, in.lastOnsetN = r.Now, r.N
		if r.Info.Level.AtLeastWarning() || r.Info.Climbing() || named {
			in.lastFailNow, in.lastFailN = r.Now, r.N
			if !r.Info.ClientError() {
				in.lastFaultNow, in.lastFaultN = r.Now, r.N
			}
		}
	}
	if r.Info.Level >= record.LevelError {
		in.erred, in.lastErrorNow = true, r.Now
	}
	d.Incident = in.id
	j.joined = j.slot(in)
}

// failureNews reports a record below error that names a failure: a warning with an
// alarm word, a far number or an event new to the stream (not
// features.Info.PlainWarning), not a client's 4xx (features.Info.ClientError); or a line
// with no level and alarm words ("rejected", "connection refused"), as a stream that
// writes no levels, or a traceback's lines, names one.
func failureNews(info *features.Info) bool {
	switch info.Level {
	case record.LevelWarning:
		return !info.PlainWarning() && !info.ClientError()
	case record.LevelUnknown:
		return info.Alarmed
	}
	return false
}

// reportsFailure reports a record that reports a failure: an error or worse, or one
// below that names a failure (failureNews).
func reportsFailure(info *features.Info) bool {
	return info.Level >= record.LevelError || failureNews(info)
}

// median returns the median of the stream's recent scores, Floor while there are none.
// Like the threshold it is recomputed every RecomputeEvery scores: a scan of the
// histogram for every record cost more than the verdict itself.
func (q *scoreQuantiles) median() float64 {
	if q.medianStale >= q.policy.RecomputeEvery || math.IsNaN(q.cachedMedian) {
		q.medianStale = 0
		q.cachedMedian = q.quantile(0.5)
	}
	if !math.IsNaN(q.cachedMedian) {
		return q.cachedMedian
	}
	return q.policy.Floor
}

// scoreBins is the resolution of the score quantiles: scores are in (0, 1].
const scoreBins = 512

// scoreQuantiles estimates quantiles of a stream's recent scores with an exponentially
// decaying histogram: a score's weight halves every horizon·ln 2 scores. It takes
// scoreBins+4 float64 whatever the stream's length.
type scoreQuantiles struct {
	policy *Policy
	bins   [scoreBins]float64
	total  float64
	grow   float64 // weight of the next score; weights are stored scaled, see add
	rate   float64 // growth factor per score, exp(1/horizon)
	cached float64 // threshold, recomputed every thresholdEvery scores
	// rateCached is the threshold for a contamination rate, recomputed likewise.
	rateCached float64
	stale      int
	// cachedMedian is the median, recomputed every RecomputeEvery scores (medianStale).
	cachedMedian float64
	medianStale  int
}

func (q *scoreQuantiles) init(p *Policy) {
	*q = scoreQuantiles{policy: p, grow: 1, rate: math.Exp(1 / float64(p.Horizon)), cached: p.Floor, cachedMedian: math.NaN()}
}

// add counts a score. Instead of decaying every bin, each new score weighs rate times
// more than the previous one; the histogram is rescaled before weights overflow.
func (q *scoreQuantiles) add(score float64) {
	i := int(score * scoreBins)
	i = max(0, min(scoreBins-1, i))
	q.bins[i] += q.grow
	q.total += q.grow
	q.grow *= q.rate
	if q.grow > 1e100 {
		for j := range q.bins {
			q.bins[j] /= q.grow
		}
		q.total /= q.grow
		q.grow = 1
	}
	q.stale++
	q.medianStale++
}

// quantile returns the p-quantile of the recent scores (bin midpoints), or NaN when
// there are none.
func (q *scoreQuantiles) quantile(p float64) float64 {
	if q.total == 0 {
		return math.NaN()
	}
	target := p * q.total
	var sum float64
	for i, w := range q.bins {
		sum += w
		if sum >= target {
			return (float64(i) + 0.5) / scoreBins
		}
	}
	return 1
}

// threshold returns the adaptive flag threshold: Floor until MinScores scores were seen,
// then min(Ceiling, max(Floor, median + Spread·upper deviation)).
func (q *scoreQuantiles) threshold() float64 {
	if q.stale >= q.policy.RecomputeEvery {
		q.stale = 0
		median := q.quantile(0.5)
		q.cached = q.policy.adaptiveThreshold(median, q.upperDeviation(median), q.count())
	}
	return q.cached
}

// rateThreshold returns the score above which the top rate of the recent scores lie.
// Until MinScores scores were seen it defers to the model: it returns 0 when modelFlag is
// set and 1 otherwise.
func (q *scoreQuantiles) rateThreshold(rate float64, modelFlag bool) float64 {
	if q.count() < float64(q.policy.MinScores) {
		if modelFlag {
			return 0
		}
		return 1
	}
	if q.stale >= q.policy.RecomputeEvery || q.rateCached == 0 {
		q.stale = 0
		// The lower edge of the quantile's bin: records of one template often score
		// alike, and a bin of tied scores is flagged whole rather than not at all.
		q.rateCached = q.quantile(1-rate) - 0.5/scoreBins
	}
	return q.rateCached
}

// upperDeviation returns twice the mean excess of the recent scores over median,
// 2·E[(s − median)⁺]: a spread of the upper half that, unlike a quantile, does not jump
// when the scores of one common template cross it. For normally distributed scores it
// is about 0.8 standard deviations.
func (q *scoreQuantiles) upperDeviation(median float64) float64 {
	if q.total == 0 {
		return 0
	}
	var sum float64
	for i, w := range q.bins {
		if x := (float64(i) + 0.5) / scoreBins; x > median {
			sum += w * (x - median)
		}
	}
	return 2 * sum / q.total
}

// count returns the number of scores seen, saturating once the oldest ones have
// decayed away; it only needs to tell a young stream from a settled one.
func (q *scoreQuantiles) count() float64 {
	// The weights of n scores sum to (rate^n - 1)/(rate - 1) in units of the first;
	// relative to the newest weight, that is about horizon·(1 - rate^-n).
	if q.grow == 0 {
		return 0
	}
	return q.total / q.grow * (q.rate - 1) * float64(q.policy.Horizon)
}

// adaptiveThreshold is the threshold for n recent scores of this median and upper
// deviation.
func (p *Policy) adaptiveThreshold(median, spread, n float64) float64 {
	if n < float64(p.MinScores) || math.IsNaN(median) {
		return p.Floor
	}
	return math.Min(p.Ceiling, math.Max(p.Floor, median+p.Spread*spread))
}
