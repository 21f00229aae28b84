package chunk

import (
	"bytes"
	"math"
	"testing"
	"time"
)

func TestDecoderEventForms(t *testing.T) {
	body := enc(kv{"log", "hello", "level", "info"})
	md := enc(kv{"otlp", kv{"severity", 9}})
	at := time.Unix(1700000000, 123456789)
	type want struct {
		kind   Kind
		format Format
		reason Reason
		time   time.Time
	}
	cases := []struct {
		name  string
		event []byte
		want  want
	}{
		{"v2 EventTime fixext8", v2Event(eventTime(1700000000, 123456789), emptyMap, body), want{Record, FormatV2, NoReason, at}},
		{"v2 EventTime ext8", v2Event(ext8Time(1700000000, 123456789), emptyMap, body), want{Record, FormatV2, NoReason, at}},
		{"v2 EventTime ext16", v2Event(cat([]byte{0xc8, 0, 8, 0}, eventTime(1700000000, 123456789)[2:]), emptyMap, body), want{Record, FormatV2, NoReason, at}},
		{"v2 EventTime ext32", v2Event(cat([]byte{0xc9, 0, 0, 0, 8, 0}, eventTime(1700000000, 123456789)[2:]), emptyMap, body), want{Record, FormatV2, NoReason, at}},
		{"v2 with metadata", v2Event(eventTime(1700000000, 123456789), md, body), want{Record, FormatV2, NoReason, at}},
		{"v2 uint32 seconds", v2Event(AppendUint(nil, 1700000000), emptyMap, body), want{Record, FormatV2, NoReason, time.Unix(1700000000, 0)}},
		{"v2 positive fixint", v2Event([]byte{0x05}, emptyMap, body), want{Record, FormatV2, NoReason, time.Unix(5, 0)}},
		{"v2 positive int64 form", v2Event([]byte{0xd3, 0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00}, emptyMap, body), want{Record, FormatV2, NoReason, time.Unix(0x6553f100, 0)}},
		{"v2 float64", v2Event(AppendFloat64(nil, 1700000000.5), emptyMap, body), want{Record, FormatV2, NoReason, time.Unix(1700000000, 5e8)}},
		{"v2 float32", v2Event([]byte{0xca, 0x3f, 0xc0, 0, 0}, emptyMap, body), want{Record, FormatV2, NoReason, time.Unix(1, 5e8)}},
		{"legacy EventTime", legacyEvent(eventTime(1700000000, 123456789), body), want{Record, FormatLegacy, NoReason, at}},
		{"legacy uint64", legacyEvent([]byte{0xcf, 0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00}, body), want{Record, FormatLegacy, NoReason, time.Unix(0x6553f100, 0)}},
		{"legacy float", legacyEvent(AppendFloat64(nil, 2.25), body), want{Record, FormatLegacy, NoReason, time.Unix(2, 25e7)}},
		{"group start EventTime", v2Event(eventTime(math.MaxUint32, 0), md, body), want{GroupStart, FormatV2, NoReason, time.Time{}}},
		{"group end EventTime", v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap), want{GroupEnd, FormatV2, NoReason, time.Time{}}},
		{"group start negative int", v2Event([]byte{0xff}, emptyMap, body), want{GroupStart, FormatV2, NoReason, time.Time{}}},
		{"group end negative int", v2Event([]byte{0xfe}, emptyMap, emptyMap), want{GroupEnd, FormatV2, NoReason, time.Time{}}},
		{"group end int64 form", v2Event([]byte{0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}, emptyMap, emptyMap), want{GroupEnd, FormatV2, NoReason, time.Time{}}},
		{"group start int16 form", v2Event([]byte{0xd1, 0xff, 0xff}, emptyMap, emptyMap), want{GroupStart, FormatV2, NoReason, time.Time{}}},
		{"group start float", v2Event(AppendFloat64(nil, -1), emptyMap, emptyMap), want{GroupStart, FormatV2, NoReason, time.Time{}}},
		{"legacy group start", legacyEvent(eventTime(math.MaxUint32, 0), emptyMap), want{GroupStart, FormatLegacy, NoReason, time.Time{}}},
		{"marker with nanoseconds", v2Event(eventTime(math.MaxUint32, 1), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"nanoseconds out of range", v2Event(eventTime(5, 1e9), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"negative int not a marker", v2Event([]byte{0xfd}, emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"negative float not a marker", v2Event(AppendFloat64(nil, -3.5), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"NaN timestamp", v2Event(AppendFloat64(nil, math.NaN()), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"uint64 above int64", v2Event(AppendUint(nil, math.MaxUint64), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"ext type 1", v2Event([]byte{0xd7, 1, 0, 0, 0, 1, 0, 0, 0, 0}, emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"msgpack timestamp ext -1", v2Event([]byte{0xd6, 0xff, 0, 0, 0, 1}, emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"string timestamp", v2Event(AppendString(nil, "2024-01-01"), emptyMap, body), want{Opaque, FormatV2, ReasonBadTimestamp, time.Time{}}},
		{"nil timestamp", legacyEvent([]byte{0xc0}, body), want{Opaque, FormatLegacy, ReasonBadTimestamp, time.Time{}}},
		{"metadata not a map", v2Event(eventTime(1, 0), []byte{0xc0}, body), want{Opaque, FormatV2, ReasonBadHeader, time.Time{}}},
		{"header of 3", cat([]byte{0x92, 0x93}, eventTime(1, 0), emptyMap, emptyMap, body), want{Opaque, FormatV2, ReasonBadHeader, time.Time{}}},
		{"body is a string", v2Event(eventTime(1, 0), emptyMap, AppendString(nil, "text")), want{Opaque, FormatV2, ReasonBodyNotMap, time.Time{}}},
		{"body is an array", legacyEvent(eventTime(1, 0), enc([]any{1})), want{Opaque, FormatLegacy, ReasonBodyNotMap, time.Time{}}},
		{"array of 3", cat([]byte{0x93}, eventTime(1, 0), body, body), want{Opaque, FormatUnknown, ReasonNotEvent, time.Time{}}},
		{"a map", body, want{Opaque, FormatUnknown, ReasonNotEvent, time.Time{}}},
		{"an integer", []byte{0x07}, want{Opaque, FormatUnknown, ReasonNotEvent, time.Time{}}},
		{"truncated", v2Event(eventTime(1, 0), emptyMap, body)[:12], want{Opaque, FormatUnknown, ReasonTruncated, time.Time{}}},
		{"malformed", []byte{0x92, 0xc1, 0x80}, want{Opaque, FormatUnknown, ReasonMalformed, time.Time{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := NewDecoder(c.event)
			var e Event
			if !d.Next(&e) {
				t.Fatal("no event")
			}
			if e.Kind != c.want.kind || e.Format != c.want.format || e.Reason != c.want.reason {
				t.Fatalf("got %v/%v/%q, want %v/%v/%q", e.Kind, e.Format, e.Reason, c.want.kind, c.want.format, c.want.reason)
			}
			if !e.Time.Equal(c.want.time) {
				t.Fatalf("time %v, want %v", e.Time, c.want.time)
			}
			if !bytes.Equal(e.Raw, c.event) {
				t.Fatalf("Raw %x, want the whole event %x", e.Raw, c.event)
			}
			if d.Next(&e) {
				t.Fatalf("a second event from one: %+v", e)
			}
			if e.Kind == Record || e.Kind == GroupStart {
				if len(e.Timestamp.Raw()) == 0 || !bytes.Contains(c.event, e.Timestamp.Raw()) {
					t.Fatalf("Timestamp %x not the event's bytes", e.Timestamp.Raw())
				}
				if !bytes.HasSuffix(c.event, e.Body.Raw()) || e.Body.Len() == 0 && !bytes.Equal(e.Body.Raw(), emptyMap) {
					t.Fatalf("Body %x is not the event's last object", e.Body.Raw())
				}
			}
		})
	}
}

func TestDecoderMetadataKeptExactly(t *testing.T) {
	md := enc(kv{"k8s", kv{"pod", "a"}, "n", 1})
	ev := v2Event(eventTime(10, 20), md, enc(kv{"log", "x"}))
	var e Event
	NewDecoder(ev).Next(&e)
	if !bytes.Equal(e.Metadata.Raw(), md) || e.Metadata.Len() != 2 {
		t.Fatalf("metadata %x (len %d), want %x", e.Metadata.Raw(), e.Metadata.Len(), md)
	}
	if v, ok := e.Metadata.Path("k8s", "pod"); !ok || v.Text() != "a" {
		t.Fatalf("metadata path k8s.pod = %q, %v", v.Text(), ok)
	}
}

func TestDecoderChunkWithJunk(t *testing.T) {
	rec := func(msg string) []byte { return v2Event(eventTime(1, 0), emptyMap, enc(kv{"log", msg})) }
	junkObject := AppendString(nil, "junk")
	truncated := rec("cut")[:9]
	chunk := cat(rec("a"), junkObject, legacyEvent(AppendUint(nil, 7), enc(kv{"log", "b"})),
		v2Event(eventTime(math.MaxUint32, 0), emptyMap, emptyMap), rec("c"),
		v2Event(eventTime(math.MaxUint32-1, 0), emptyMap, emptyMap), truncated)
	wantKinds := []Kind{Record, Opaque, Record, GroupStart, Record, GroupEnd, Opaque}
	wantReasons := []Reason{NoReason, ReasonNotEvent, NoReason, NoReason, NoReason, NoReason, ReasonTruncated}

	d := NewDecoder(chunk)
	var e Event
	var joined []byte
	var got []Kind
	for i := 0; d.Next(&e); i++ {
		got = append(got, e.Kind)
		if i < len(wantReasons) && e.Reason != wantReasons[i] {
			t.Errorf("event %d: reason %q, want %q", i, e.Reason, wantReasons[i])
		}
		joined = append(joined, e.Raw...)
	}
	mustEqual(t, "kinds", got, wantKinds)
	if !bytes.Equal(joined, chunk) {
		t.Fatal("the events' Raw do not add up to the chunk")
	}
	c := d.Counts()
	want := Counts{Records: 3, GroupStarts: 1, GroupEnds: 1, Opaque: 2, OpaqueBytes: len(junkObject) + len(truncated)}
	want.ByReason[ReasonNotEvent] = 1
	want.ByReason[ReasonTruncated] = 1
	mustEqual(t, "counts", c, want)
	if d.Offset() != len(chunk) {
		t.Fatalf("Offset %d, want %d", d.Offset(), len(chunk))
	}

	d.Reset(rec("again"))
	if !d.Next(&e) || e.Kind != Record || d.Counts().Records != 1 {
		t.Fatal("Reset did not start over")
	}
}

func TestEventRawIsCapped(t *testing.T) {
	first := v2Event(eventTime(1, 0), emptyMap, enc(kv{"a", 1}))
	second := v2Event(eventTime(2, 0), emptyMap, enc(kv{"b", 2}))
	chunk := cat(first, second)
	var e Event
	d := NewDecoder(chunk)
	d.Next(&e)
	_ = append(e.Raw, 0xff, 0xff, 0xff) // must not write into the next event
	if !bytes.Equal(chunk[len(first):], second) {
		t.Fatal("appending to Raw overwrote the next event")
	}
}

func TestDecoderDoesNotAllocate(t *testing.T) {
	chunk := benchChunk(100)
	d := NewDecoder(nil)
	var e Event
	allocs := testing.AllocsPerRun(20, func() {
		d.Reset(chunk)
		for d.Next(&e) {
		}
	})
	if allocs != 0 {
		t.Fatalf("decoding allocated %v times per chunk", allocs)
	}
}

func TestKindReasonStrings(t *testing.T) {
	for k := Record; k <= Opaque+1; k++ {
		if k.String() == "" {
			t.Fatalf("Kind %d has no name", k)
		}
	}
	for r := ReasonTruncated; r < numReasons; r++ {
		if r.String() == "" {
			t.Fatalf("Reason %d has no name", r)
		}
	}
	if Kind(9).String() != "Kind(9)" || Reason(99).String() != "Reason(99)" {
		t.Fatal("unknown values must print their number")
	}
}
