package chunk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// gen builds random chunks: every event form the decoder knows, with non-canonical encodings
// the sender may have chosen, and junk. It returns what each event must decode as.
type gen struct {
	r *rand.Rand
}

type wantEvent struct {
	raw    []byte
	kind   Kind
	reason Reason
}

func (g gen) chunk(events int) ([]byte, []wantEvent) {
	var chunk []byte
	var want []wantEvent
	for i := 0; i < events; i++ {
		ev, kind, reason := g.event()
		chunk = append(chunk, ev...)
		want = append(want, wantEvent{ev, kind, reason})
	}
	switch g.r.Intn(6) {
	case 0: // cut in the middle of a last event: the tail is one Opaque event
		ev := g.record()
		cut := ev[:1+g.r.Intn(len(ev)-1)]
		chunk = append(chunk, cut...)
		want = append(want, wantEvent{cut, Opaque, ReasonTruncated})
	case 1: // a byte msgpack never uses, then more events that cannot be found any more
		tail := append([]byte{0x92, 0xc1}, g.record()...)
		chunk = append(chunk, tail...)
		want = append(want, wantEvent{tail, Opaque, ReasonMalformed})
	}
	return chunk, want
}

func (g gen) event() ([]byte, Kind, Reason) {
	switch g.r.Intn(13) {
	case 0:
		return v2Event(eventTime(math.MaxUint32, 0), g.metadata(), g.body(2)), GroupStart, NoReason
	case 1:
		return v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap), GroupEnd, NoReason
	case 2:
		return v2Event([]byte{0xff}, emptyMap, emptyMap), GroupStart, NoReason
	case 3: // a whole object that is not an event
		junk := [][]byte{{0x07}, AppendString(nil, "junk"), enc([]any{1, 2, 3}), g.body(1), {0xc0}}
		return junk[g.r.Intn(len(junk))], Opaque, ReasonNotEvent
	case 4:
		return v2Event(g.timestamp(), emptyMap, AppendString(nil, "body")), Opaque, ReasonBodyNotMap
	case 5:
		return v2Event(AppendInt(nil, -3-int64(g.r.Intn(100))), emptyMap, g.body(2)), Opaque, ReasonBadTimestamp
	case 6:
		return v2Event(g.timestamp(), AppendString(nil, "metadata"), g.body(2)), Opaque, ReasonBadHeader
	}
	return g.record(), Record, NoReason
}

func (g gen) record() []byte {
	if g.r.Intn(4) == 0 {
		return legacyEvent(g.timestamp(), g.body(3))
	}
	return v2Event(g.timestamp(), g.metadata(), g.body(3))
}

func (g gen) timestamp() []byte {
	sec, nsec := uint32(g.r.Int31()), uint32(g.r.Intn(1e9))
	switch g.r.Intn(6) {
	case 0:
		return ext8Time(sec, nsec)
	case 1:
		return AppendUint(nil, uint64(sec))
	case 2:
		return []byte{0xcf, 0, 0, 0, 0, byte(sec >> 24), byte(sec >> 16), byte(sec >> 8), byte(sec)}
	case 3:
		return AppendFloat64(nil, float64(sec)+float64(nsec)/1e9)
	}
	return eventTime(sec, nsec)
}

func (g gen) metadata() []byte {
	if g.r.Intn(3) == 0 {
		return g.body(1)
	}
	return emptyMap
}

// body returns a map with unique string keys (so that a Go map can hold it for the oracle)
// and random values nested up to depth levels.
func (g gen) body(depth int) []byte {
	n := g.r.Intn(8)
	var b []byte
	if g.r.Intn(4) == 0 {
		b = []byte{0xde, byte(n >> 8), byte(n)} // map16 where fixmap would do
	} else {
		b = AppendMapHeader(nil, n)
	}
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("k%d_%s", i, g.word())
		if g.r.Intn(5) == 0 {
			b = append(b, 0xd9, byte(len(key))) // str8 where fixstr would do
			b = append(b, key...)
		} else {
			b = AppendString(b, key)
		}
		b = append(b, g.value(depth)...)
	}
	return b
}

func (g gen) word() string {
	const letters = "abcdefghijklmnopqrstuvwxyz .:/\"\\é"
	w := make([]rune, g.r.Intn(12))
	for i := range w {
		w[i] = []rune(letters)[g.r.Intn(len([]rune(letters)))]
	}
	return string(w)
}

func (g gen) value(depth int) []byte {
	k := g.r.Intn(12)
	if depth <= 0 && k >= 10 {
		k = 0
	}
	switch k {
	case 0:
		return AppendString(nil, g.word())
	case 1:
		return AppendInt(nil, g.r.Int63()-g.r.Int63())
	case 2:
		return AppendFloat64(nil, g.r.NormFloat64()*1e6)
	case 3:
		return AppendBool(nil, g.r.Intn(2) == 0)
	case 4:
		return AppendNil(nil)
	case 5:
		b := make([]byte, g.r.Intn(20))
		g.r.Read(b)
		return AppendBinary(nil, b)
	case 6:
		return []byte{0xca, 0x3f, 0x80, 0, 0} // float32 1.0
	case 7:
		return []byte{0xd5, byte(g.r.Intn(100)), 1, 2} // fixext 2 of a user type
	case 8:
		return AppendString(nil, fmt.Sprintf(`{"level":"%s","msg":"m"}`, g.word()))
	case 9:
		return AppendString(nil, string(bytes.Repeat([]byte("long "), 60)))
	case 10:
		n := g.r.Intn(4)
		b := AppendArrayHeader(nil, n)
		for i := 0; i < n; i++ {
			b = append(b, g.value(depth-1)...)
		}
		return b
	}
	return g.body(depth - 1)
}

// TestPropertyEveryEventOnceInOrder decodes and annotates random chunks and checks that
// every input event comes out exactly once, in order, byte for byte apart from the added
// pairs, and that an independent decoder (ugorji) reads every original field back.
func TestPropertyEveryEventOnceInOrder(t *testing.T) {
	iterations := 400
	if testing.Short() {
		iterations = 50
	}
	pairs := appendAnnotation(nil, 0.75, true, "t-9")
	for seed := int64(0); seed < int64(iterations); seed++ {
		g := gen{rand.New(rand.NewSource(seed))}
		chunk, want := g.chunk(1 + g.r.Intn(20))

		d := NewDecoder(chunk)
		var e Event
		var out []byte
		i := 0
		for ; d.Next(&e); i++ {
			if i >= len(want) {
				t.Fatalf("seed %d: more events than written", seed)
			}
			w := want[i]
			if e.Kind != w.kind || e.Reason != w.reason || !bytes.Equal(e.Raw, w.raw) {
				t.Fatalf("seed %d event %d: got %v/%q %x, want %v/%q %x", seed, i, e.Kind, e.Reason, e.Raw, w.kind, w.reason, w.raw)
			}
			start := len(out)
			var outcome Outcome
			out, outcome = AppendAnnotated(out, &e, pairs, 1)
			if e.Kind == Record {
				if outcome != Annotated {
					t.Fatalf("seed %d event %d: %v", seed, i, outcome)
				}
				checkAnnotated(t, &e, out[start:], pairs, 1)
			} else if !bytes.Equal(out[start:], e.Raw) {
				t.Fatalf("seed %d event %d: non-record changed", seed, i)
			}
			if js := AppendJSON(nil, &e, "tag"); len(js) > 0 && !json.Valid(js) {
				t.Fatalf("seed %d event %d: invalid JSON %s", seed, i, js)
			}
		}
		if i != len(want) {
			t.Fatalf("seed %d: %d events decoded, %d written", seed, i, len(want))
		}

		// The annotated chunk decodes to the same sequence of kinds, and annotating it
		// again changes nothing: every record already has the key.
		d2 := NewDecoder(out)
		var again []byte
		for j := 0; d2.Next(&e); j++ {
			if e.Kind != want[j].kind {
				t.Fatalf("seed %d: annotated event %d is %v, want %v", seed, j, e.Kind, want[j].kind)
			}
			var outcome Outcome
			again, outcome = AppendAnnotated(again, &e, pairs, 1)
			if e.Kind == Record && outcome != SkippedKeyPresent {
				t.Fatalf("seed %d: re-annotation gave %v", seed, outcome)
			}
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("seed %d: annotating twice changed the output", seed)
		}
	}
}
