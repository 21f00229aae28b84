package chunk

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
)

// Kind says what an event is.
type Kind uint8

// Event kinds.
const (
	// Record is a log record: a timestamp Fluent Bit accepts and a map body.
	Record Kind = iota
	// GroupStart opens a group (timestamp seconds -1); its body holds the group attributes
	// and its metadata the group metadata.
	GroupStart
	// GroupEnd closes a group (timestamp seconds -2).
	GroupEnd
	// Opaque is bytes the decoder could not read as an event. They are kept verbatim so
	// they can be passed on unchanged; Reason says what was wrong.
	Opaque
)

var kindNames = [...]string{"record", "group start", "group end", "opaque"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Format is the layout of an event.
type Format uint8

// Event layouts.
const (
	// FormatUnknown is the format of an Opaque event that is not even a two-element array.
	FormatUnknown Format = iota
	// FormatV2 is [[timestamp, metadata], body], written by Fluent Bit 2.1 and later.
	FormatV2
	// FormatLegacy is [timestamp, body], written before 2.1 and by Forward clients.
	FormatLegacy
)

// Reason says why an event is Opaque.
type Reason uint8

// Reasons for Opaque events, in the order the decoder checks them.
const (
	NoReason           Reason = iota // the event is not Opaque
	ReasonTruncated                  // the chunk ends inside an object: the rest of the chunk
	ReasonMalformed                  // a byte msgpack never uses: the rest of the chunk
	ReasonNotEvent                   // a whole object, but not a two-element array
	ReasonBadHeader                  // [header, body] whose header is not [timestamp, map]
	ReasonBadTimestamp               // a timestamp Fluent Bit rejects (see Decoder)
	ReasonBodyNotMap                 // the body is not a map
	numReasons
)

var reasonNames = [...]string{"", "truncated", "malformed msgpack", "not an event", "bad event header", "bad timestamp", "body is not a map"}

func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// Event is one event of a chunk. Its slices alias the chunk and are capped at the event's
// end, so appending to Raw never overwrites the next event.
type Event struct {
	// Raw is the event's bytes exactly as received; re-emitting Raw passes the event on
	// unchanged.
	Raw    []byte
	Kind   Kind
	Format Format
	// Reason says why the event is Opaque.
	Reason Reason
	// Time is the event time of records; zero for group markers and Opaque events.
	Time time.Time
	// Timestamp is the timestamp object as received (EventTime ext, integer or float).
	Timestamp Value
	// Metadata is the metadata map of FormatV2 events; empty otherwise.
	Metadata Body
	// Body is the body map of records and group markers.
	Body Body
	// GroupMetadata and GroupAttributes are the metadata and body of the group start the
	// record belongs to, views into the same chunk; both empty for a record outside a
	// group and for every other kind. Fluent Bit's opentelemetry input puts what a group
	// of records shares there ({"schema": "otlp", "resource_id": 0, "scope_id": 0} and
	// {"resource": {"attributes": ...}, "scope": ...}), not in each record.
	GroupMetadata, GroupAttributes Body
}

// Counts tallies the events a Decoder returned, by kind and, for Opaque events, by reason.
type Counts struct {
	Records, GroupStarts, GroupEnds, Opaque int
	// OpaqueBytes is the number of bytes passed on as Opaque events.
	OpaqueBytes int
	// ByReason counts Opaque events by Reason.
	ByReason [numReasons]int
}

// Decoder iterates over the events of a chunk. Iteration never fails: bytes it cannot read
// as an event come out as an Opaque event, so concatenating the Raw of every event returned
// gives back the chunk exactly. It does not allocate.
//
// Fluent Bit's own rules decide what is a record (src/flb_log_event_decoder.c): an array of
// two elements, whose first is either the header [timestamp, metadata map] or, in the
// legacy layout, the timestamp itself, and whose second is the body map. The timestamp is
// EventTime (ext type 0 with 8 data bytes, in any ext form: fixext 8, ext 8/16/32), a
// non-negative integer, or a float. Timestamp seconds -1 and -2 (EventTime 0xFFFFFFFF and
// 0xFFFFFFFE with zero nanoseconds, or the integer or float -1 and -2) mark the start and
// end of a group. Other negative seconds, EventTime nanoseconds of a second or more,
// NaN and infinities are reported Opaque with ReasonBadTimestamp.
//
// A record belongs to the group opened by the last group start before it, unless a group
// end came in between, as Fluent Bit's decoder has it: a group start replaces an open
// group, and Opaque events leave it open. Records before any group start, or after a
// group end, belong to none. Groups do not outlive a chunk: Fluent Bit hands a filter the
// events of one append, and an output whole appends, each with its groups closed.
type Decoder struct {
	buf    []byte
	off    int
	counts Counts
	// The open group's metadata and attributes, given to each record (Event.Group*).
	groupMetadata, groupAttributes Body
}

// NewDecoder returns a Decoder over chunk.
func NewDecoder(chunk []byte) *Decoder {
	return &Decoder{buf: chunk}
}

// Reset starts over on a new chunk and clears the counts, so a Decoder can be reused.
func (d *Decoder) Reset(chunk []byte) {
	*d = Decoder{buf: chunk}
}

// Counts returns the tally of the events returned since the last Reset.
func (d *Decoder) Counts() Counts { return d.counts }

// Offset returns how many bytes of the chunk the events returned so far cover.
func (d *Decoder) Offset() int { return d.off }

// Next reads the next event into e and reports whether there was one.
func (d *Decoder) Next(e *Event) bool {
	if d.off >= len(d.buf) {
		return false
	}
	start := d.off
	end, st := skip(d.buf, start)
	if st != scanOK {
		// Without the event's extent nothing after it can be found reliably: the rest of
		// the chunk goes on as one Opaque event.
		reason := ReasonTruncated
		if st == scanMalformed {
			reason = ReasonMalformed
		}
		*e = Event{Raw: d.buf[start:], Kind: Opaque, Reason: reason}
		d.off = len(d.buf)
		d.count(e)
		return true
	}
	d.off = end
	classify(d.buf[start:end:end], e)
	switch e.Kind {
	case Record:
		e.GroupMetadata, e.GroupAttributes = d.groupMetadata, d.groupAttributes
	case GroupStart:
		d.groupMetadata, d.groupAttributes = e.Metadata, e.Body
	case GroupEnd:
		d.groupMetadata, d.groupAttributes = Body{}, Body{}
	}
	d.count(e)
	return true
}

func (d *Decoder) count(e *Event) {
	switch e.Kind {
	case Record:
		d.counts.Records++
	case GroupStart:
		d.counts.GroupStarts++
	case GroupEnd:
		d.counts.GroupEnds++
	default:
		d.counts.Opaque++
		d.counts.OpaqueBytes += len(e.Raw)
		d.counts.ByReason[e.Reason]++
	}
}

// classify fills e from raw, one complete msgpack object.
func classify(raw []byte, e *Event) {
	*e = Event{Raw: raw, Kind: Opaque}
	n, hdr, ok := containerHeader(raw, false)
	if !ok || n != 2 {
		e.Reason = ReasonNotEvent
		return
	}
	p := hdr
	e.Format = FormatLegacy
	if hn, hh, isArray := containerHeader(raw[p:], false); isArray {
		e.Format = FormatV2
		if hn != 2 {
			e.Reason = ReasonBadHeader
			return
		}
		tsStart := p + hh
		tsEnd, _ := skip(raw, tsStart)
		mdEnd, _ := skip(raw, tsEnd)
		md, ok := Value{raw: raw[tsEnd:mdEnd:mdEnd]}.Map()
		if !ok {
			e.Reason = ReasonBadHeader
			return
		}
		e.Timestamp = Value{raw: raw[tsStart:tsEnd:tsEnd]}
		e.Metadata = md
		p = mdEnd
	} else {
		tsEnd, _ := skip(raw, p)
		e.Timestamp = Value{raw: raw[p:tsEnd:tsEnd]}
		p = tsEnd
	}
	kind, t, ok := readTimestamp(e.Timestamp.raw)
	if !ok {
		e.Reason = ReasonBadTimestamp
		return
	}
	body, ok := Value{raw: raw[p:]}.Map()
	if !ok {
		e.Reason = ReasonBodyNotMap
		return
	}
	e.Kind, e.Time, e.Body = kind, t, body
}

// readTimestamp classifies a timestamp object as Fluent Bit does.
func readTimestamp(ts []byte) (Kind, time.Time, bool) {
	if typ, data, ok := extData(ts); ok {
		if typ != 0 || len(data) != 8 {
			return Opaque, time.Time{}, false
		}
		sec := binary.BigEndian.Uint32(data)
		nsec := binary.BigEndian.Uint32(data[4:])
		switch {
		case sec == math.MaxUint32 && nsec == 0:
			return GroupStart, time.Time{}, true
		case sec == math.MaxUint32-1 && nsec == 0:
			return GroupEnd, time.Time{}, true
		case sec >= math.MaxUint32-1 || nsec >= 1e9:
			return Opaque, time.Time{}, false
		}
		return Record, time.Unix(int64(sec), int64(nsec)), true
	}
	i, u, f, isInt, neg, ok := number(ts)
	switch {
	case !ok:
		return Opaque, time.Time{}, false
	case isInt && !neg:
		if u > math.MaxInt64 {
			return Opaque, time.Time{}, false
		}
		return Record, time.Unix(int64(u), 0), true
	case isInt:
		return marker(i)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f >= math.MaxInt64 {
		return Opaque, time.Time{}, false
	}
	// Fluent Bit truncates toward zero: seconds are trunc(f), so -0.5 is second 0 and
	// -1.5 is second -1, a group start.
	sec := math.Trunc(f)
	if sec < 0 {
		if sec < -2 {
			return Opaque, time.Time{}, false
		}
		return marker(int64(sec))
	}
	return Record, time.Unix(int64(sec), int64((f-sec)*1e9)), true
}

func marker(sec int64) (Kind, time.Time, bool) {
	switch sec {
	case -1:
		return GroupStart, time.Time{}, true
	case -2:
		return GroupEnd, time.Time{}, true
	}
	return Opaque, time.Time{}, false
}
