package verdict

import (
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// knownIdentifiers remembers identifiers the stream carried a while ago, so that Link
// tells an identifier of a request (a request or trace id, a payment, a job: born with
// it, on its lines for seconds) from one of something that outlives requests (a client,
// a pod, a user: on the stream's lines for hours). Only the first names a failure's
// aftermath. A Vault client whose request failed in a write outage goes on with requests
// that succeed, and each of them was linked to the outage, sixteen per client; a pod
// whose sync timed out goes on being probed every ten seconds, and every probe was linked
// to the node's incident (the Vault family: normal records flagged 0.871% -> 0.340%; the
// node's journal 0.090% -> 0.028%; tuning 0.230% -> 0.187%, make eval). What it costs:
// a failing object's or pod's later lines that were the episode's are no longer linked
// either (the operator's Backup storm 89.1% -> 86.3% under its id, the node's OOM kills
// 39.4% -> 35.0%; holdout-1's fourth incident 60.0% -> 56.0%), and BenchmarkFlush about
// half a percent (one record in 64 read for its identifiers).
//
// It samples the identifiers of one record in sampleRecords, at most one each sampleGap
// of event time (a busy stream's records come faster than what they name changes), into
// a Bloom filter of two generations of identifierMemory each (a client seen in the last
// five to ten minutes is known). A sampled identifier waits in pending for LinkWithin
// before it counts: the failing request's own earlier lines may have been sampled.
type knownIdentifiers struct {
	// bits are the generations' filters, the current one first, identifierBits bits
	// each; nil until the first sample.
	bits [2][]uint64
	// genNow and genN are the stream's clock and record number when the current
	// generation began; lastNow and lastN those of the last sample.
	genNow, genN   int64
	lastNow, lastN int64
	// pending holds the sampled identifiers not yet LinkWithin old, oldest first.
	pending []pendingIdentifier
	// warm reports that a sampled identifier has counted: before, every identifier is
	// unknown, a provider's or a realm's as much as a request's (see Judge.Link).
	warm bool
}

type pendingIdentifier struct {
	hash uint64
	at   int64 // stream clock when sampled
	n    int64 // stream record number then
}

const (
	// sampleRecords and sampleGap space the samples: a thing a stream names in one
	// record in twenty is sampled about once a minute even in a slow stream (20 lines a
	// second), and a busy one adds at most ten samples a second.
	sampleRecords = 64
	sampleGap     = 100 * time.Millisecond
	// identifierMemory is how long a generation lasts (identifierMemoryRecords records
	// where the clock does not move): what the stream named in the last five to ten
	// minutes is known, what it last named an hour ago is new again.
	identifierMemory        = 5 * time.Minute
	identifierMemoryRecords = 16384
	// identifierBits is each generation's size: at most 3,000 samples of a few
	// identifiers each fill a fifth of it, and three probes find a new identifier known
	// by chance about once in a hundred.
	identifierBits   = 1 << 16
	identifierProbes = 3
	// maxPending bounds the identifiers waiting to count; beyond it the oldest counts at
	// once.
	maxPending = 2048
	// pendingRecords is how many records a sampled identifier waits where the clock does
	// not move (a file without times): a request's lines are a handful of records apart.
	pendingRecords = 1024
)

// sampling reports whether the identifiers of the record n, now should be sampled.
func (k *knownIdentifiers) sampling(n, now int64) bool {
	return n-k.lastN >= sampleRecords && (now-k.lastNow >= int64(sampleGap) || now == k.lastNow)
}

// sample remembers the identifiers of the record n, now; they count once within old.
func (k *knownIdentifiers) sample(links []uint64, n, now, within int64) {
	k.lastN, k.lastNow = n, now
	if k.bits[0] == nil {
		k.bits[0], k.bits[1] = make([]uint64, identifierBits/64), make([]uint64, identifierBits/64)
		k.genNow, k.genN = now, n
	}
	k.age(n, now, within)
	links = links[max(0, len(links)-maxPending):]
	if over := len(k.pending) + len(links) - maxPending; over > 0 {
		// The oldest count at once, in one move rather than one per identifier.
		for _, p := range k.pending[:over] {
			k.add(p.hash)
		}
		k.warm = true
		k.pending = append(k.pending[:0], k.pending[over:]...)
	}
	for _, h := range links {
		k.pending = append(k.pending, pendingIdentifier{hash: h, at: now, n: n})
	}
}

// age starts a new generation when the current one is identifierMemory old, and counts
// the pending identifiers sampled more than within before now (pendingRecords records
// before n, when the clock has not moved since).
func (k *knownIdentifiers) age(n, now, within int64) {
	if k.bits[0] == nil {
		return
	}
	if now-k.genNow >= int64(identifierMemory) || now == k.genNow && n-k.genN >= identifierMemoryRecords {
		k.bits[0], k.bits[1] = k.bits[1], k.bits[0]
		clear(k.bits[0])
		k.genNow, k.genN = now, n
	}
	done := 0
	for done < len(k.pending) && k.pending[done].matured(n, now, within) {
		k.add(k.pending[done].hash)
		done++
	}
	k.warm = k.warm || done > 0
	if done > 0 {
		k.pending = append(k.pending[:0], k.pending[done:]...)
	}
}

// matured reports whether the pending identifier counts at the record n, now.
func (p *pendingIdentifier) matured(n, now, within int64) bool {
	return now-p.at > within || now == p.at && n-p.n > pendingRecords
}

// probe returns the i-th bit position of identifier h (double hashing).
func probe(h uint64, i int) uint64 {
	return (h + uint64(i)*(h>>32|1)) % identifierBits
}

func (k *knownIdentifiers) add(h uint64) {
	for i := 0; i < identifierProbes; i++ {
		p := probe(h, i)
		k.bits[0][p/64] |= 1 << (p % 64)
	}
}

// known reports whether identifier h was sampled in either generation.
func (k *knownIdentifiers) known(h uint64) bool {
	if k.bits[0] == nil {
		return false
	}
	for _, bits := range k.bits {
		in := true
		for i := 0; i < identifierProbes && in; i++ {
			p := probe(h, i)
			in = bits[p/64]&(1<<(p%64)) != 0
		}
		if in {
			return true
		}
	}
	return false
}

// appendUnknown appends to dst the identifiers of links not known (see known).
func (k *knownIdentifiers) appendUnknown(dst, links []uint64) []uint64 {
	for _, h := range links {
		if !k.known(h) {
			dst = append(dst, h)
		}
	}
	return dst
}

// appendState writes the memory.
func (k *knownIdentifiers) appendState(w *envelope.Writer) {
	w.Bool(k.bits[0] != nil)
	if k.bits[0] == nil {
		return
	}
	w.U64(k.bits[0]...)
	w.U64(k.bits[1]...)
	w.I64(k.genNow, k.genN, k.lastNow, k.lastN)
	w.U32(uint32(len(k.pending)))
	for _, p := range k.pending {
		w.U64(p.hash)
		w.I64(p.at, p.n)
	}
}

// readState reads what appendState wrote.
func (k *knownIdentifiers) readState(r *envelope.Reader) {
	*k = knownIdentifiers{}
	if !r.Bool() {
		return
	}
	// A stream saved with its memory was sampled long enough to know what it names
	// (appendState writes no flag: the layout is the same).
	k.warm = true
	for g := range k.bits {
		k.bits[g] = make([]uint64, identifierBits/64)
		for i := range k.bits[g] {
			k.bits[g][i] = r.U64()
		}
	}
	k.genNow, k.genN, k.lastNow, k.lastN = r.I64(), r.I64(), r.I64(), r.I64()
	n := int(r.U32())
	if n > maxPending {
		r.Fail("%d identifiers pending", n)
		return
	}
	for i := 0; i < n && r.Err() == nil; i++ {
		k.pending = append(k.pending, pendingIdentifier{hash: r.U64(), at: r.I64(), n: r.I64()})
	}
}
