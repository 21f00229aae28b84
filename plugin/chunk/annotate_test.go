package chunk

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// mapOfN returns a map of n pairs with small integer keys and nil values.
func mapOfN(n int) []byte {
	m := AppendMapHeader(nil, n)
	for i := 0; i < n; i++ {
		m = AppendNil(AppendInt(m, int64(i)))
	}
	return m
}

func TestAppendAnnotated(t *testing.T) {
	pairs := appendAnnotation(nil, 0.9, true, "t1")
	md := enc(kv{"m", 1})
	cases := []struct {
		name    string
		event   []byte
		outcome Outcome
	}{
		{"v2 record", v2Event(eventTime(5, 6), md, enc(kv{"log", "x"})), Annotated},
		{"legacy record", legacyEvent(AppendUint(nil, 5), enc(kv{"log", "x"})), Annotated},
		{"empty body", v2Event(eventTime(5, 6), emptyMap, emptyMap), Annotated},
		{"fixmap grows to map16", v2Event(eventTime(5, 6), emptyMap, mapOfN(15)), Annotated},
		{"map16 stays map16", v2Event(eventTime(5, 6), emptyMap, mapOfN(300)), Annotated},
		{"map16 grows to map32", v2Event(eventTime(5, 6), emptyMap, mapOfN(math.MaxUint16)), Annotated},
		{"non-canonical map16 header", v2Event(eventTime(5, 6), emptyMap, []byte{0xde, 0, 1, 0xa1, 'k', 1}), Annotated},
		{"already annotated", v2Event(eventTime(5, 6), emptyMap, enc(kv{"log", "x", "anomaly", kv{"score", 0.1}})), SkippedKeyPresent},
		{"already annotated with str8 key", v2Event(eventTime(5, 6), emptyMap, enc(kv{raw([]byte{0xd9, 7, 'a', 'n', 'o', 'm', 'a', 'l', 'y'}), 1})), SkippedKeyPresent},
		{"group start", v2Event(eventTime(math.MaxUint32, 0), md, enc(kv{"attr", 1})), SkippedNotRecord},
		{"group end", v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap), SkippedNotRecord},
		{"opaque body", v2Event(eventTime(1, 0), emptyMap, AppendString(nil, "s")), SkippedNotRecord},
		{"opaque junk", []byte{0xc1, 0x92}, SkippedNotRecord},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var e Event
			NewDecoder(c.event).Next(&e)
			prefix := []byte("previous events")
			out, outcome := AppendAnnotated(append([]byte(nil), prefix...), &e, pairs, 1)
			if outcome != c.outcome {
				t.Fatalf("outcome %v, want %v", outcome, c.outcome)
			}
			if !bytes.HasPrefix(out, prefix) {
				t.Fatal("dst was not appended to")
			}
			out = out[len(prefix):]
			if c.outcome != Annotated {
				if !bytes.Equal(out, c.event) {
					t.Fatalf("unchanged event expected, got %x", out)
				}
				return
			}
			checkAnnotated(t, &e, out, pairs, 1)
		})
	}
}

// checkAnnotatedBytes checks out is e with pairs added: the same bytes up to the body, the
// same body pairs byte for byte, then pairs. It returns out decoded.
func checkAnnotatedBytes(t testing.TB, e *Event, out, pairs []byte, n int) Event {
	t.Helper()
	var got Event
	d := NewDecoder(out)
	if !d.Next(&got) || got.Kind != Record || d.Next(&Event{}) {
		t.Fatalf("annotated output is not one record: %x", out)
	}
	bodyStart := len(e.Raw) - len(e.Body.Raw())
	if !bytes.Equal(out[:bodyStart], e.Raw[:bodyStart]) {
		t.Fatal("bytes before the body changed (timestamp or metadata)")
	}
	if got.Body.Len() != e.Body.Len()+n {
		t.Fatalf("body has %d pairs, want %d", got.Body.Len(), e.Body.Len()+n)
	}
	oldPairs := e.Body.Raw()[e.Body.hdr:]
	newPairs := got.Body.Raw()[got.Body.hdr:]
	if !bytes.Equal(newPairs, append(append([]byte(nil), oldPairs...), pairs...)) {
		t.Fatal("body pairs not copied verbatim with the new pairs at the end")
	}
	if !bytes.Equal(got.Timestamp.Raw(), e.Timestamp.Raw()) || !bytes.Equal(got.Metadata.Raw(), e.Metadata.Raw()) {
		t.Fatal("timestamp or metadata changed")
	}
	if !got.Time.Equal(e.Time) {
		t.Fatalf("time %v, want %v", got.Time, e.Time)
	}
	return got
}

// checkAnnotated checks out with checkAnnotatedBytes, then with an independent decoder.
func checkAnnotated(t testing.TB, e *Event, out, pairs []byte, n int) {
	t.Helper()
	got := checkAnnotatedBytes(t, e, out, pairs, n)
	// ugorji sees the original fields intact and the annotation present.
	if e.Body.Len() > 1000 {
		return // the oracle comparison is quadratic in reflect; big maps are checked by bytes above
	}
	before := oracleDecode(t, e.Body.Raw()).(map[any]any)
	after := oracleDecode(t, got.Body.Raw()).(map[any]any)
	for k, v := range before {
		mustEqual(t, "original field", after[k], v)
	}
	annotation := oracleDecode(t, append(AppendMapHeader(nil, n), pairs...)).(map[any]any)
	for k, v := range annotation {
		mustEqual(t, "annotation field", after[k], v)
	}
}

func TestAppendAnnotatedSeveralPairs(t *testing.T) {
	var pairs []byte
	for _, k := range []string{"anomaly_score", "anomaly_flag", "anomaly_status"} {
		pairs = AppendString(pairs, k)
		pairs = AppendString(pairs, "v")
	}
	ev := v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", "x"}))
	var e Event
	NewDecoder(ev).Next(&e)
	out, outcome := AppendAnnotated(nil, &e, pairs, 3)
	if outcome != Annotated {
		t.Fatal(outcome)
	}
	checkAnnotated(t, &e, out, pairs, 3)

	// A record carrying any one of the flattened keys is left alone.
	ev = v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", "x", "anomaly_status", "learning"}))
	NewDecoder(ev).Next(&e)
	if out, outcome = AppendAnnotated(nil, &e, pairs, 3); outcome != SkippedKeyPresent || !bytes.Equal(out, ev) {
		t.Fatalf("outcome %v", outcome)
	}
	// Nothing to add: the event is copied.
	if out, outcome = AppendAnnotated(nil, &e, nil, 0); outcome != Annotated || !bytes.Equal(out, ev) {
		t.Fatalf("n=0: outcome %v", outcome)
	}
}

func TestAppendAnnotatedPanicsOnBadPairs(t *testing.T) {
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", "x"}))).Next(&e)
	one := appendAnnotation(nil, 0.5, false, "t")
	for _, c := range []struct {
		name  string
		pairs []byte
		n     int
	}{
		{"fewer pairs than n", one, 2},
		{"more pairs than n", append(append([]byte(nil), one...), one...), 1},
		{"cut pair", one[:len(one)-1], 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "chunk: ") {
					t.Fatalf("recovered %v, want a chunk: panic", r)
				}
			}()
			AppendAnnotated(nil, &e, c.pairs, c.n)
		})
	}
}

func TestAppendAnnotatedMapFull(t *testing.T) {
	// A body claiming MaxUint32 pairs cannot be built in a test; check the guard on a
	// crafted Event whose count says so.
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", "x"}))).Next(&e)
	e.Body.n = math.MaxUint32
	ev := append([]byte(nil), e.Raw...)
	out, outcome := AppendAnnotated(nil, &e, appendAnnotation(nil, 0, false, ""), 1)
	if outcome != SkippedMapFull || !bytes.Equal(out, ev) {
		t.Fatalf("outcome %v", outcome)
	}
}

func TestAppendAnnotatedDoesNotAllocate(t *testing.T) {
	var e Event
	NewDecoder(v2Event(eventTime(1, 0), emptyMap, typicalBody(3))).Next(&e)
	pairs := appendAnnotation(nil, 0.5, false, "t")
	out := make([]byte, 0, 4096)
	allocs := testing.AllocsPerRun(100, func() {
		AppendAnnotated(out[:0], &e, pairs, 1)
	})
	if allocs != 0 {
		t.Fatalf("AppendAnnotated allocated %v times", allocs)
	}
	for o := Annotated; o <= SkippedMapFull; o++ {
		if o.String() == "" {
			t.Fatal("outcome without a name")
		}
	}
}
