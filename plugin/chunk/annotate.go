package chunk

import "math"

// Outcome says what AppendAnnotated did with an event.
type Outcome uint8

// AppendAnnotated outcomes. Every outcome but Annotated means the event was copied unchanged.
const (
	// Annotated means the pairs were added to the record's body.
	Annotated Outcome = iota
	// SkippedNotRecord means the event is a group marker or Opaque, passed on as is.
	SkippedNotRecord
	// SkippedKeyPresent means the body already has one of the keys being added (the record
	// was annotated before, say by a first pass through the plugin). Adding the pairs again
	// would give the map duplicate keys, which JSON encoders and backends resolve each
	// their own way, so the record keeps its existing annotation.
	SkippedKeyPresent
	// SkippedMapFull means the body has so many pairs that msgpack cannot count n more.
	SkippedMapFull
)

var outcomeNames = [...]string{"annotated", "not a record", "key already present", "map full"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(?)"
}

// AppendAnnotated appends e to dst with n key/value pairs added at the end of its body.
//
// pairs holds the n pairs already encoded (keys and values alternating, as built with the
// Append functions). The event's bytes are copied verbatim — timestamp, metadata and every
// body pair — except the body's map header, which is rewritten to count n more pairs.
// Group markers, Opaque events and records that already carry one of the keys are copied
// unchanged; the Outcome says which case applied.
//
// It panics if pairs does not hold exactly n pairs: that is a bug in the caller, not data.
func AppendAnnotated(dst []byte, e *Event, pairs []byte, n int) ([]byte, Outcome) {
	if e.Kind != Record {
		return append(dst, e.Raw...), SkippedNotRecord
	}
	if n == 0 {
		return append(dst, e.Raw...), Annotated
	}
	var keyBuf [8][]byte
	keys := pairKeys(keyBuf[:0], pairs, n)
	if uint64(e.Body.n)+uint64(n) > math.MaxUint32 {
		return append(dst, e.Raw...), SkippedMapFull
	}
	if bodyHasKey(e.Body, keys) {
		return append(dst, e.Raw...), SkippedKeyPresent
	}
	bodyStart := len(e.Raw) - len(e.Body.raw)
	dst = append(dst, e.Raw[:bodyStart]...)
	dst = AppendMapHeader(dst, e.Body.n+n)
	dst = append(dst, e.Body.raw[e.Body.hdr:]...)
	return append(dst, pairs...), Annotated
}

// pairKeys appends the content of the string keys of pairs to keys, checking on the way
// that pairs holds exactly n pairs.
func pairKeys(keys [][]byte, pairs []byte, n int) [][]byte {
	p := 0
	for i := 0; i < n; i++ {
		kEnd, st := skip(pairs, p)
		if st != scanOK {
			panic("chunk: pairs do not hold n key/value pairs")
		}
		if k, _, ok := rawBytes(pairs[p:kEnd]); ok {
			keys = append(keys, k)
		}
		if p, st = skip(pairs, kEnd); st != scanOK {
			panic("chunk: pairs do not hold n key/value pairs")
		}
	}
	if p != len(pairs) {
		panic("chunk: pairs hold more than n key/value pairs")
	}
	return keys
}

// bodyHasKey reports whether a string key of the body is one of keys.
func bodyHasKey(body Body, keys [][]byte) bool {
	p := body.hdr
	for i := 0; i < body.n; i++ {
		kEnd, _ := skip(body.raw, p)
		if k, _, ok := rawBytes(body.raw[p:kEnd]); ok {
			for _, key := range keys {
				if string(k) == string(key) {
					return true
				}
			}
		}
		p, _ = skip(body.raw, kEnd)
	}
	return false
}
