package verdict

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// An incident is one anomalous episode of a stream: it starts with a record that is
// flagged on its own (an onset) and takes in every later record of the same event that
// stays clearly above what the event usually scores (for as long as the event does not
// pause in it for IncidentQuiet: see Policy.holds), and the onsets and surprising
// records of other events that come with its news (see Judge.freshest) or, while it is
// live, are of a template it holds (see Judge.sibling), until the stream has been quiet
// of it for IncidentQuiet of event time (or IncidentQuietRecords records, for a stream
// whose clock does not move); an error that recurred in it, back
// within twice its longest pause, resumes it (a crash loop's back-off). Each of its
// records carries the flag and the incident's id, so one query finds the whole episode
// and an alert route keyed on the id sends one alert for it.
//
// Failures cascade (a database goes away and three services' errors follow), and the
// records of a cascade belong to one episode; news that comes later is an incident of
// its own, beside the ones still open (maxOpenIncidents).

// maxIncidentLinks bounds the identifiers (record.Record.AppendLinks) an incident remembers
// from its records; beyond it the oldest are forgotten: their requests are long done.
const maxIncidentLinks = 1024

// maxLinkedRecords is how many records one identifier brings into an incident: the other
// lines of a request or a task are a handful. An identifier that keeps coming (a commit
// or an image digest in every line of a deploy) names something bigger than one request
// and stops linking.
const maxLinkedRecords = 16

// maxIncidentKeys bounds the events an incident remembers with their baselines; an
// incident with more is a cascade whose later events still join it as onsets. 128: a
// storm of one failure over a dozen tenants' routes is about 80 events (the gateway's
// rejected tokens and their 401s: with 32 the later tenants' events found no place,
// ran as cascades into whatever incident had opened meanwhile, and the incident held
// 49.9% of its records; 70.4% with 64, 76.1% with 128 or more, make eval), each about
// 150 bytes.
const maxIncidentKeys = 128

// incident is one of a stream's incidents, open or the last to have been in its place.
type incident struct {
	id      string
	open    bool
	lastN   int64 // stream record number of the last record that joined
	lastNow int64 // stream clock then, unix nanoseconds
	// maxPause and maxPauseN are the longest pause between two of its records, in event
	// time and in the stream's records (see Policy.QuietStretch).
	maxPause, maxPauseN int64
	// erred reports that an error or worse joined the incident, at lastErrorNow (stream
	// clock): a wave of arrivals soon after is its restart (see Policy.Aftermath).
	erred        bool
	lastErrorNow int64
	// lastOnsetNow is the stream clock when an onset (a record news on its own), or a
	// failure under way the incident holds, last joined the incident: an onset of another
	// event within Policy.Cascade of it joins it too, as part of the same news (see
	// Judge.join).
	lastOnsetNow int64
	// lastOnsetN, lastFailN and startN are the stream record numbers of the same
	// moments (see Policy.CascadeRecords).
	lastOnsetN, lastFailN, startN int64
	// lastFailNow is the stream clock when such news at warning or worse, a number
	// climbing or a line without a level that names a failure (failureNews) last
	// joined: the errors a failure sets off follow a failure, not a rare INFO line (see
	// Judge.freshest).
	lastFailNow int64
	// lastFaultNow and lastFaultN are the same for such news that is not a client's
	// error (a 4xx): a refusal sets off no failure (see Judge.freshest).
	lastFaultNow, lastFaultN int64
	// startNow is the stream clock when the incident started: what comes with its first
	// record, at any level, is part of it (see Judge.freshest).
	startNow int64
	records  int64
	// keys are the incident's events in the order they joined; byKey indexes them by
	// key and templates counts them by template, for the lookups every record makes.
	keys      []incidentKey
	byKey     map[string]int
	templates map[string]int
	// links holds, for each identifier of the incident's flagged records, the records it
	// brought in and when it was last on a failing record; ring holds the identifiers
	// in the order they came, at most maxIncidentLinks, with nextLink the slot to
	// overwrite next.
	links    map[uint64]linkState
	ring     []uint64
	nextLink int
	// forgotten counts the identifiers the ring overwrote, over every incident that was
	// in this place.
	forgotten int64
	// restarts are the templates that joined the incident as the aftermath of its
	// error (a restart's lines), at most maxRestartTemplates: written again after a later
	// error of it, they are that restart again (see restartAgain).
	restarts []restartTemplate
}

// restartTemplate is a template of an incident's restart: its hash (templateHash) and
// the incident's lastErrorNow when it last joined.
type restartTemplate struct {
	hash     uint64
	errorNow int64
}

// maxRestartTemplates bounds the templates an incident remembers as its restart's: a
// process's start-up lines are a handful to a few dozen. The most an incident of the
// synthetic families took in is 34, and with room for 256 no figure of theirs moved
// (make eval); beyond the bound, the first ones are kept.
const maxRestartTemplates = 32

// restartAgain reports whether a record of template tmpl is the incident's restart
// again: the template joined the incident as a restart's before, and has not since its
// latest error. A process restarts once per failure; a template that arrived with a
// restart and then goes on (a new release's routine lines, the retries that follow
// each error) is the restart only in its first record after each error. An error of
// the wave is no restart's line (see Judge.decide): it is judged as any error is.
func (in *incident) restartAgain(tmpl uint64) bool {
	for _, t := range in.restarts {
		if t.hash == tmpl {
			return in.lastErrorNow > t.errorNow
		}
	}
	return false
}

// rememberRestart notes that a record of template tmpl joined the incident as its
// restart's, after the incident's latest error.
func (in *incident) rememberRestart(tmpl uint64) {
	for i := range in.restarts {
		if in.restarts[i].hash == tmpl {
			in.restarts[i].errorNow = in.lastErrorNow
			return
		}
	}
	if len(in.restarts) < maxRestartTemplates {
		in.restarts = append(in.restarts, restartTemplate{hash: tmpl, errorNow: in.lastErrorNow})
	}
}

// templateHash names a template among an incident's restart templates: FNV-1a, without
// allocating.
func templateHash(tmpl []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range tmpl {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// incidentKey is an event of the incident, what it was when it joined (eventTraits), and
// its records in the incident.
type incidentKey struct {
	key string
	eventTraits
	records int64
	// lastN and lastNow are the stream's record number and clock at its last record in
	// the incident (see Policy.holds).
	lastN, lastNow int64
}

// eventTraits is what an event was when it joined an incident: the score it usually had
// before, and its template's long-run share of the stream (see features.Pace): a storm
// goes on while its template comes faster than that share predicts.
type eventTraits struct {
	baseline float64
	share    float64
	// fresh says that the event's usual score was not known when it joined: it came
	// with the incident. novel says that it was new to the stream then
	// (features.Info.Novel), newInChange that it was new but born in a change, which
	// took its novelty (features.Info.NewInChange), ordinary that it reported no problem
	// but perhaps that novelty (features.Info.Ordinary), changing that the stream was in
	// a change (features.Info.Changing).
	fresh       bool
	novel       bool
	newInChange bool
	ordinary    bool
	changing    bool
	// returned says that the event's template came back after a long absence, in a
	// wave, when the event joined (features.Info.Returned): its share then was a
	// silence's, no measure of a storm (see Judge.decide). A template born in a wave
	// (a failover's errors, all new at once) has the share of its birth, which is what
	// its storm is measured against: taken as returned, a Redis failover's "cache read
	// failed" errors stopped storming two minutes in (the Node.js family: 67.9% -> 76.8%
	// of the failover under its id; nothing else moved but the payments acquirer,
	// 99.7% -> 99.8%, make eval).
	returned bool
	// settling says that the event joined while its stream settled (see
	// Policy.Settling) and has had no record in the incident since: its share then was
	// a young stream's, the share of its first minutes. Once the stream has settled, the
	// event's next record measures it anew (see settled): its storm and its recurrence
	// (Policy.storming, Policy.recurring) are judged against what the stream's long-run
	// window says of it then, as for an event that joins a settled stream. A proxy that
	// re-reads a configuration naming a missing secret writes the same errors from its
	// first minutes on, a cluster every minute or two: against the share of its first
	// sighting each cluster was a storm, the errors recurred "as they never did before",
	// and with no pause of five minutes the incident the first cluster opened took in
	// every later one for three hours (TestStreamChronicErrorIsNoEndlessIncident; the
	// Traefik family's second sample, `go run ./plugin/eval -only families -seed 2`:
	// normal records flagged 1,050 -> 307, as its first sample's 308, where a longer
	// pause had ended the incident by chance). A log that starts in a storm and ends
	// before its stream settles (Loghub's Hadoop sample, nine minutes of retries to reach
	// a lost ResourceManager) is judged as before: no figure of `make eval` but the
	// holdout families' moved.
	settling bool
}

// settled measures an event that joined while its stream settled from its share at its
// first record r once the stream has settled (see eventTraits.settling).
func (t *eventTraits) settled(r *Record) {
	if t.settling && !r.Settling {
		t.share, t.settling = r.Info.Pace.Share, false
	}
}

// adopted says that the event was news only for being new when it joined (novel and
// ordinary): a new route, a new client, a new job's lines, which grow from their birth
// as they are adopted (see Judge.decide, Policy.flooding, Policy.adopting).
func (t *eventTraits) adopted() bool { return t.novel && t.ordinary }

// traitsOf returns the traits of record r's event as it joins an incident: baseline is
// the score the event usually has, fresh says that this score is not known yet.
func traitsOf(r *Record, baseline float64, fresh bool) eventTraits {
	return eventTraits{
		baseline:    baseline,
		share:       r.Info.Pace.Share,
		fresh:       fresh,
		novel:       r.Info.Novel(),
		newInChange: r.Info.NewInChange,
		ordinary:    r.Info.Ordinary(),
		changing:    r.Info.Changing,
		returned:    r.Info.Returned,
		settling:    r.Settling,
	}
}

// linkState is what an incident knows of one identifier of its flagged records.
type linkState struct {
	records int64 // records it brought into the incident
	failNow int64 // stream clock at the last flagged record that carried it
	// outlives reports that a flagged record carried the identifier again once the
	// stream had come to know it (see knownIdentifiers): it names something that keeps
	// failing, not one request (see Judge.Link).
	outlives bool
}

// maxOpenIncidents is how many incidents a stream keeps open at once. An episode that
// begins while another goes on (a gateway failing while a scanner's probes keep an
// incident of their own open) is an incident of its own, with its own id and alert; a
// fifth evicts the one joined longest ago.
const maxOpenIncidents = 4

// expire closes the incidents the stream has been quiet of long enough.
func (j *Judge) expire(n, now int64) {
	p := &j.policy
	for i := range j.incidents {
		in := &j.incidents[i]
		if in.open && (now-in.lastNow >= int64(p.IncidentQuiet) || n-in.lastN >= p.IncidentQuietRecords) {
			in.open = false
		}
	}
}

// resumable returns the closed incident that an onset of event key at n, now (an error
// or worse: see Judge.decide) resumes: one in which the event recurs (see Policy.recurs),
// come back within QuietStretch times the incident's longest pause (see
// Policy.recurrence). A crash loop's fatal error, new with its incident, written again
// after a back-off as long as IncidentQuiet, is the same episode; while it pauses the
// incident is closed, and takes in nothing else.
func (j *Judge) resumable(key []byte, n, now int64, pace float64) *incident {
	var found *incident
	for i := range j.incidents {
		in := &j.incidents[i]
		if in.open || in.id == "" || (found != nil && in.lastN < found.lastN) {
			continue
		}
		if ev := in.event(key); ev == nil || !j.policy.recurs(ev, pace) {
			continue
		}
		if span, records := j.policy.recurrence(in); now-in.lastNow < span && n-in.lastN < records {
			found = in
		}
	}
	return found
}

// recurs reports whether an event of an incident, its long-run share of the stream now
// pace (see features.Pace), recurs in it: it had two records in it or more, and comes
// StormGrowth times as often as it came when it joined. An error that comes back at the
// pace it always had is how the stream writes it, not the episode again: Rails writes a
// FATAL line (its header, the exception on the next line) for every exception, a bot's
// routing error or a product not found, a few a minute all day, and each resumed the
// incident a credential stuffing had opened in the morning, for two and a half hours,
// taking in the database pool's exhaustion (the Rails family: normal records flagged
// 0.894% -> 0.653%, benign ones within 5 min of their change 247 -> 21, the pool 25.6% ->
// 56.0% under its own id; no other tuning figure moved but alerts on lines of no incident
// 194 -> 198, make eval). Nor does such an event stay the open incident's (see holds):
// tuning normal records 3,100 -> 3,094, holdout 311 -> 309, nothing else moved.
func (p *Policy) recurs(ev *incidentKey, pace float64) bool {
	return ev.records >= 2 && pace >= p.StormGrowth*ev.share
}

// recurrence returns how much event time, and how many of the stream's records, after
// its last record an event of the closed incident in may resume it: QuietStretch times
// its longest pause, up to MaxQuietStretch times IncidentQuiet (IncidentQuietRecords).
func (p *Policy) recurrence(in *incident) (span, records int64) {
	stretch := min(p.MaxQuietStretch, p.QuietStretch*max(
		float64(in.maxPause)/float64(p.IncidentQuiet),
		float64(in.maxPauseN)/float64(p.IncidentQuietRecords)))
	return int64(stretch * float64(p.IncidentQuiet)), int64(stretch * float64(p.IncidentQuietRecords))
}

// owner returns the open incident that holds the event key at the record n, now, its
// long-run share then pace (see Policy.holds; the one joined last when several do), nil
// when none does.
func (j *Judge) owner(key []byte, n, now int64, pace float64) *incident {
	var own *incident
	for i := range j.incidents {
		in := &j.incidents[i]
		if !in.open || (own != nil && in.lastN <= own.lastN) {
			continue
		}
		if ev := in.event(key); ev != nil && j.policy.holds(in, ev, n, now, pace) {
			own = in
		}
	}
	return own
}

// holds reports whether the open incident in still holds its event ev at the record n,
// now: the event had a record in it within IncidentQuiet (IncidentQuietRecords), as an
// incident ends, or recurs in it (see Policy.recurs; pace is its share now) and comes
// back within the incident's recurrence (see Policy.recurrence), as an ended incident
// resumes. An event's episode in an incident ends as the incident's would: an incident
// its first minute opened, kept open for twenty minutes by a young stream's first
// sightings of its routine warnings, each its own event, held the request-completed and
// slow-query events it had once taken in, and the first real incident's records were
// those events' again, flagged under the old id with no alert of their own (the Node.js
// family's Redis failover: 3.4% -> 67.9% of its records under its own id, 4 -> 1 alerts;
// the .NET family's deadlocks: 0.0% -> 80.5%, 0 -> 1; tuning normal records 981 -> 959,
// alerts on lines of no incident 162 -> 171: a sporadic false flag that joined that
// incident now opens one, make eval).
func (p *Policy) holds(in *incident, ev *incidentKey, n, now int64, pace float64) bool {
	if now-ev.lastNow < int64(p.IncidentQuiet) && n-ev.lastN < p.IncidentQuietRecords {
		return true
	}
	span, records := p.recurrence(in)
	return p.recurs(ev, pace) && now-ev.lastNow < span && n-ev.lastN < records
}

// latest returns the open incident a record joined last, nil when none is open.
func (j *Judge) latest() *incident {
	var last *incident
	for i := range j.incidents {
		if in := &j.incidents[i]; in.open && (last == nil || in.lastN > last.lastN) {
			last = in
		}
	}
	return last
}

// linkedIncident returns the open incident a record with these identifiers, at now,
// belongs to by one of them (see incident.linked), nil when none.
func (j *Judge) linkedIncident(links []uint64, now int64, routine bool) *incident {
	for i := range j.incidents {
		if in := &j.incidents[i]; in.open && in.linked(links, now, int64(j.policy.LinkWithin), routine) {
			return in
		}
	}
	return nil
}

// restarting returns the open incident an error joined within Policy.Aftermath before
// now (the last such error's when several), nil when none.
func (j *Judge) restarting(now int64) *incident {
	var last *incident
	for i := range j.incidents {
		in := &j.incidents[i]
		if in.open && in.erred && now-in.lastErrorNow <= int64(j.policy.Aftermath) && (last == nil || in.lastErrorNow > last.lastErrorNow) {
			last = in
		}
	}
	return last
}

// slot returns the index of in among the judge's incidents.
func (j *Judge) slot(in *incident) int {
	for i := range j.incidents {
		if &j.incidents[i] == in {
			return i
		}
	}
	return -1
}

// start opens a new incident at the record n, now of event key, in the place of the
// incident closed longest ago, or else of the open one joined longest ago.
func (j *Judge) start(key []byte, n, now int64) *incident {
	in := &j.incidents[0]
	for i := range j.incidents {
		// A closed incident's place first, the one closed longest ago (a recent one may
		// still resume: see resumable), else the open one joined longest ago.
		if c := &j.incidents[i]; c.open == in.open && c.lastN < in.lastN || in.open && !c.open {
			in = c
		}
	}
	h := fnv.New64a()
	h.Write(key)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(n))
	binary.BigEndian.PutUint64(b[8:], uint64(now))
	h.Write(b[:])
	*in = incident{id: hex.EncodeToString(h.Sum(nil)), open: true, keys: in.keys[:0], startNow: now, startN: n,
		byKey: in.byKey, templates: in.templates,
		links: in.links, ring: in.ring[:0], forgotten: in.forgotten, restarts: in.restarts[:0]}
	clear(in.links)
	clear(in.byKey)
	clear(in.templates)
	return in
}

// event returns the incident's memory of the event key, nil when key is not one of its
// events. key may alias a buffer (compared, not kept).
//
// An event that joined before any position of its template was known to be categorical
// (features.Extractor.EventKey: a position is judged after its first values) is the
// first event of that template with categorical values to come after: the same line,
// which the stream can now tell apart by its values, and it takes that event's key.
// PostgreSQL's "archive command failed with exit code 1", new with the incident and
// written every twenty seconds, became the event "…|6=1" at its 32nd record, ten
// minutes in, and was the incident's no more (the PostgreSQL family's WAL archiving:
// 56.0% -> 100% of its records under its id; a Kafka broker's disk stall 10.2% ->
// 27.1%, a RabbitMQ partition 68.5% -> 72.4%; tuning normal records 6,662 -> 6,668,
// holdout 955 -> 961 and 5 -> 6 of 20 incidents at 80% under their ids, make eval).
// Only the first: an API's rate-limit warning, one tenant's storm before the tenant was
// a category, took in every tenant's warning as the same event (the invoicing family:
// normal records 1,304 -> 2,234).
func (in *incident) event(key []byte) *incidentKey {
	if ev := in.exactEvent(key); ev != nil {
		return ev
	}
	tmpl := templateOf(key)
	if len(tmpl) == len(key) || key[len(tmpl)] != '|' {
		return nil // no categorical values
	}
	class := key[max(bytes.LastIndexByte(key, '#'), len(tmpl)):]
	if len(in.keys) > scanKeys && in.templates[string(tmpl)] == 0 {
		return nil
	}
	for i := range in.keys {
		if k := in.keys[i].key; len(k) == len(tmpl)+len(class) && k[:len(tmpl)] == string(tmpl) && k[len(tmpl):] == string(class) {
			delete(in.byKey, k)
			in.keys[i].key = string(key)
			in.byKey[in.keys[i].key] = i
			return &in.keys[i]
		}
	}
	return nil
}

// exactEvent returns the incident's memory of the event key itself, nil when key is not
// one of its events.
func (in *incident) exactEvent(key []byte) *incidentKey {
	if len(in.keys) <= scanKeys {
		for i := range in.keys {
			if in.keys[i].key == string(key) {
				return &in.keys[i]
			}
		}
		return nil
	}
	if i, ok := in.byKey[string(key)]; ok {
		return &in.keys[i]
	}
	return nil
}

// scanKeys is how many events an incident compares a key with rather than hashing it:
// most incidents hold a few, and every record asks each open incident.
const scanKeys = 8

// hasTemplate reports whether one of the incident's events is of template tmpl (an event
// key's part before its categorical values).
func (in *incident) hasTemplate(tmpl []byte) bool {
	if len(in.keys) <= scanKeys {
		for i := range in.keys {
			if templateOf(in.keys[i].key) == string(tmpl) {
				return true
			}
		}
		return false
	}
	return in.templates[string(tmpl)] > 0
}

// addKey makes k one of the incident's events.
func (in *incident) addKey(k incidentKey) *incidentKey {
	if in.byKey == nil {
		in.byKey, in.templates = make(map[string]int), make(map[string]int)
	}
	in.byKey[k.key] = len(in.keys)
	in.templates[templateOf(k.key)]++
	in.keys = append(in.keys, k)
	return &in.keys[len(in.keys)-1]
}

// templateOf returns the template id that starts an event key: a template id is
// hexadecimal, so the first '|' (categorical values follow) or '#' (the severity class
// follows) ends it.
func templateOf[K ~string | ~[]byte](key K) K {
	for i := 0; i < len(key); i++ {
		if key[i] == '|' || key[i] == '#' {
			return key[:i]
		}
	}
	return key
}

// join counts a record of key at n, now in the incident, remembering the event's traits
// when the key is new to it.
func (in *incident) join(key []byte, traits eventTraits, n, now int64) {
	ev := in.event(key)
	if ev == nil && len(in.keys) < maxIncidentKeys {
		ev = in.addKey(incidentKey{key: string(key), eventTraits: traits})
	}
	if ev != nil {
		ev.records++
		ev.lastN, ev.lastNow = n, now
	}
	if in.records > 0 {
		in.maxPause, in.maxPauseN = max(in.maxPause, now-in.lastNow), max(in.maxPauseN, n-in.lastN)
	}
	in.records++
	in.lastN, in.lastNow = n, now
}

// refresh moves on the time of those identifiers of one of the incident's flagged
// records, flagged at now, that the incident remembers, and marks those the stream
// knows by now as outliving a request.
func (in *incident) refresh(links []uint64, now int64, known *knownIdentifiers) {
	for _, h := range links {
		if l, ok := in.links[h]; ok {
			l.failNow = now
			l.outlives = l.outlives || known.known(h)
			in.links[h] = l
		}
	}
}

// remember adds the identifiers of one of the incident's flagged records, flagged at
// now, that it does not remember yet.
func (in *incident) remember(links []uint64, now int64) {
	if in.links == nil {
		in.links = make(map[uint64]linkState)
	}
	for _, h := range links {
		if _, ok := in.links[h]; ok {
			continue
		}
		if len(in.ring) < maxIncidentLinks {
			in.ring = append(in.ring, h)
		} else {
			delete(in.links, in.ring[in.nextLink])
			in.forgotten++
			in.ring[in.nextLink] = h
			in.nextLink = (in.nextLink + 1) % maxIncidentLinks
		}
		in.links[h] = linkState{failNow: now}
	}
}

// linked reports whether a record with these identifiers, at now, belongs to the
// incident by one of them: it comes within the given time of that identifier's last
// flagged record, the identifier has not brought in its allowance of records yet, and
// the record is not routine when the identifier outlives a request (see Judge.Link).
// It counts the record against that allowance.
func (in *incident) linked(links []uint64, now, within int64, routine bool) bool {
	for _, h := range links {
		if l, ok := in.links[h]; ok && l.records < maxLinkedRecords && now-l.failNow <= within && !(routine && l.outlives) {
			l.records++
			in.links[h] = l
			return true
		}
	}
	return false
}

// appendState writes the incident.
func (in *incident) appendState(w *envelope.Writer) {
	w.Str(in.id)
	w.Bool(in.open)
	w.I64(in.lastN, in.lastNow, in.records, in.maxPause, in.maxPauseN)
	w.Bool(in.erred)
	w.I64(in.lastErrorNow, in.lastOnsetNow, in.lastFailNow, in.startNow)
	w.I64(in.lastOnsetN, in.lastFailN, in.startN)
	w.I64(in.lastFaultNow, in.lastFaultN)
	w.U32(uint32(len(in.keys)))
	for _, k := range in.keys {
		w.Str(k.key)
		w.F64(k.baseline, k.share)
		w.Bool(k.fresh)
		w.Bool(k.novel)
		w.Bool(k.newInChange)
		w.Bool(k.ordinary)
		w.Bool(k.changing)
		w.Bool(k.returned)
		w.Bool(k.settling)
		w.I64(k.records, k.lastN, k.lastNow)
	}
	w.I64(in.forgotten)
	w.U32(uint32(len(in.ring)), uint32(in.nextLink))
	for _, h := range in.ring {
		w.U64(h)
		w.I64(in.links[h].records, in.links[h].failNow)
		w.Bool(in.links[h].outlives)
	}
	w.U32(uint32(len(in.restarts)))
	for _, t := range in.restarts {
		w.U64(t.hash)
		w.I64(t.errorNow)
	}
}

// readState reads what appendState wrote.
func (in *incident) readState(r *envelope.Reader) {
	in.id = r.Str(64)
	in.open = r.Bool()
	in.lastN, in.lastNow, in.records, in.maxPause, in.maxPauseN = r.I64(), r.I64(), r.I64(), r.I64(), r.I64()
	in.erred = r.Bool()
	in.lastErrorNow, in.lastOnsetNow, in.lastFailNow, in.startNow = r.I64(), r.I64(), r.I64(), r.I64()
	in.lastOnsetN, in.lastFailN, in.startN = r.I64(), r.I64(), r.I64()
	in.lastFaultNow, in.lastFaultN = r.I64(), r.I64()
	n := int(r.U32())
	if n > maxIncidentKeys {
		r.Fail("incident with %d events", n)
		return
	}
	in.keys = in.keys[:0]
	clear(in.byKey)
	clear(in.templates)
	for i := 0; i < n && r.Err() == nil; i++ {
		k := incidentKey{key: r.Str(1 << 10)}
		r.F64(&k.baseline, &k.share)
		k.fresh, k.novel, k.newInChange, k.ordinary, k.changing, k.returned, k.settling = r.Bool(), r.Bool(), r.Bool(), r.Bool(), r.Bool(), r.Bool(), r.Bool()
		k.records, k.lastN, k.lastNow = r.I64(), r.I64(), r.I64()
		if _, dup := in.byKey[k.key]; dup || k.key == "" {
			r.Fail("incident with event %q twice or empty", k.key)
			return
		}
		in.addKey(k)
	}
	in.forgotten = r.I64()
	n, next := int(r.U32()), int(r.U32())
	if n > maxIncidentLinks || next >= maxIncidentLinks {
		r.Fail("incident with %d links", n)
		return
	}
	in.links, in.ring, in.nextLink = make(map[uint64]linkState, n), in.ring[:0], next
	for i := 0; i < n && r.Err() == nil; i++ {
		h := r.U64()
		in.ring = append(in.ring, h)
		in.links[h] = linkState{records: r.I64(), failNow: r.I64(), outlives: r.Bool()}
	}
	n = int(r.U32())
	if n > maxRestartTemplates {
		r.Fail("incident with %d restart templates", n)
		return
	}
	in.restarts = in.restarts[:0]
	for i := 0; i < n && r.Err() == nil; i++ {
		in.restarts = append(in.restarts, restartTemplate{hash: r.U64(), errorNow: r.I64()})
	}
}
