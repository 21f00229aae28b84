package verdict

import (
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// TestIdentifierKnownOnceOlderThanARequest checks that a sampled identifier counts as
// known only once LinkWithin has passed (the failing request's own earlier lines may have
// been sampled), that what was never sampled is not known, and that an identifier the
// stream stopped naming is forgotten after two generations.
func TestIdentifierKnownOnceOlderThanARequest(t *testing.T) {
	within := int64(DefaultPolicy().LinkWithin)
	at := func(d time.Duration) int64 { return int64(d) }
	var k knownIdentifiers
	if !k.sampling(sampleRecords, at(time.Second)) {
		t.Fatal("the stream's 64th record not sampled")
	}
	k.sample([]uint64{7, 8}, sampleRecords, at(time.Second), within)
	k.age(sampleRecords+1, at(31*time.Second), within)
	if k.known(7) {
		t.Error("an identifier sampled 30 s ago known: it may be the failing request's own")
	}
	k.age(sampleRecords+2, at(62*time.Second), within)
	if !k.known(7) || !k.known(8) {
		t.Error("identifiers sampled a minute ago not known")
	}
	if k.known(9) {
		t.Error("an identifier never sampled known")
	}
	k.age(sampleRecords+3, at(6*time.Minute), within)
	if !k.known(7) {
		t.Error("an identifier sampled 6 minutes ago forgotten: one generation back is known")
	}
	k.age(sampleRecords+4, at(12*time.Minute), within)
	if k.known(7) {
		t.Error("an identifier sampled 12 minutes ago still known after two generations")
	}
}

// TestIdentifierSamplesAreSpaced checks that samples come one in sampleRecords records
// and no closer than sampleGap of event time, and every sampleRecords records in a
// stream whose clock does not move.
func TestIdentifierSamplesAreSpaced(t *testing.T) {
	var k knownIdentifiers
	k.sample(nil, 100, int64(time.Second), 0)
	if k.sampling(100+sampleRecords-1, int64(2*time.Second)) {
		t.Error("sampled before sampleRecords records")
	}
	if k.sampling(100+sampleRecords, int64(time.Second)+int64(sampleGap)/2) {
		t.Error("sampled within sampleGap")
	}
	if !k.sampling(100+sampleRecords, int64(2*time.Second)) {
		t.Error("not sampled after sampleRecords records and a second")
	}
	k.sample(nil, 200, 0, 0)
	if !k.sampling(200+sampleRecords, 0) {
		t.Error("a stream whose clock does not move not sampled every sampleRecords records")
	}
}

// TestLinkSkipsKnownIdentifiers checks that a failure links the later records of its
// request by the request's new identifier, not by the client's, which the stream named
// minutes before; and that a failure in the stream's first minute, before any sampled
// identifier has counted, links nothing: every identifier is unknown then, a Windows
// provider's GUID on every record of its provider as much as a request's id.
func TestLinkSkipsKnownIdentifiers(t *testing.T) {
	const client, request = 11, 12
	j := NewJudge(DefaultPolicy(), 0)
	j.n, j.now = 64, int64(time.Second)
	j.SampleIdentifiers([]uint64{client})
	j.incidents[0] = incident{id: "x", open: true}
	j.joined = 0
	in := &j.incidents[0]
	linked := func(id uint64) bool {
		return in.linked([]uint64{id}, j.now+int64(time.Second), int64(j.policy.LinkWithin), true)
	}
	j.n, j.now = 100, int64(20*time.Second)
	j.Link([]uint64{client, request})
	if linked(client) || linked(request) {
		t.Error("a failure 20 s into the stream linked by identifiers none of which could be known")
	}
	j.n, j.now = 5000, int64(3*time.Minute)
	j.Link([]uint64{client, request})
	if linked(client) {
		t.Error("the client's next request linked to its failure")
	}
	if !linked(request) {
		t.Error("the request's next line not linked to its failure")
	}
}

// TestIdentifierBornWithAFailureLinksItsRecurrences checks that an identifier a failure
// carried before the stream knew it (a message's id, on its first decode error) goes on
// linking while the failure recurs with it, its window moved on by each failing record,
// once the stream has come to know it too (the message redelivered every 5 s, and its
// lines sampled): then it names something that outlives a request, and links the
// failure's warnings (the message nak'd after each error), not its routine lines.
func TestIdentifierBornWithAFailureLinksItsRecurrences(t *testing.T) {
	const message = 21
	within := int64(DefaultPolicy().LinkWithin)
	j := NewJudge(DefaultPolicy(), 0)
	j.n, j.now = 64, int64(time.Second)
	j.SampleIdentifiers([]uint64{99}) // the stream knows something: it is warm
	j.incidents[0] = incident{id: "x", open: true}
	j.joined = 0
	in := &j.incidents[0]
	j.n, j.now = 5000, int64(3*time.Minute)
	j.Link([]uint64{message})
	if !in.linked([]uint64{message}, j.now+int64(time.Second), within, true) {
		t.Fatal("the line after the message's first failure not linked to it")
	}
	j.SampleIdentifiers([]uint64{message}) // one of its later lines sampled
	j.n, j.now = 9000, int64(6*time.Minute)
	j.known.age(j.n, j.now, within)
	if !j.known.known(message) {
		t.Fatal("the sampled identifier is not known")
	}
	j.Link([]uint64{message}) // it fails again, minutes after its first failure
	if in.linked([]uint64{message}, j.now+int64(time.Second), within, true) {
		t.Error("a routine line of an identifier the stream knows linked to its failure")
	}
	if !in.linked([]uint64{message}, j.now+int64(time.Second), within, false) {
		t.Error("the warning after the failure's recurrence not linked to it")
	}
	if in.linked([]uint64{message}, j.now+within+int64(time.Second), within, false) {
		t.Error("a warning a minute after the identifier's last failure linked to it")
	}
}

// TestIdentifiersStateRoundTrip checks that the memory survives a save and a restore.
func TestIdentifiersStateRoundTrip(t *testing.T) {
	within := int64(DefaultPolicy().LinkWithin)
	var k knownIdentifiers
	k.sample([]uint64{1, 2}, 64, 0, within)
	k.sample([]uint64{3}, 128, int64(2*time.Minute), within)
	k.sample([]uint64{4}, 192, int64(2*time.Minute+30*time.Second), within)
	var w envelope.Writer
	k.appendState(&w)
	var back knownIdentifiers
	r := envelope.NewReader(w.Bytes())
	back.readState(r)
	if err := r.Err(); err != nil || r.Len() != 0 {
		t.Fatalf("restore: %v, %d bytes left", err, r.Len())
	}
	for _, kk := range []*knownIdentifiers{&k, &back} {
		kk.age(256, int64(3*time.Minute+time.Second), within)
	}
	for h := uint64(1); h <= 5; h++ {
		if k.known(h) != back.known(h) {
			t.Errorf("identifier %d: known %v before the save, %v after", h, k.known(h), back.known(h))
		}
	}
	if !back.known(1) || !back.known(3) || back.known(4) || back.known(5) {
		t.Error("restored memory knows the wrong identifiers")
	}
	if !back.warm {
		t.Error("a restored memory is cold")
	}
	var empty knownIdentifiers
	w = envelope.Writer{}
	empty.appendState(&w)
	r = envelope.NewReader(w.Bytes())
	back.readState(r)
	if r.Err() != nil || back.bits[0] != nil {
		t.Error("an empty memory does not restore as empty")
	}
}

// TestIdentifierKnownWhereTheClockStands checks that a stream whose clock does not move
// (a file without times) knows a sampled identifier once pendingRecords records have
// passed, not never.
func TestIdentifierKnownWhereTheClockStands(t *testing.T) {
	within := int64(DefaultPolicy().LinkWithin)
	var k knownIdentifiers
	k.sample([]uint64{7}, sampleRecords, 0, within)
	k.age(sampleRecords+pendingRecords, 0, within)
	if k.known(7) {
		t.Error("an identifier known before pendingRecords records passed")
	}
	k.age(sampleRecords+pendingRecords+1, 0, within)
	if !k.known(7) {
		t.Error("an identifier not known after pendingRecords records of a standing clock")
	}
}

// TestPendingIdentifiersAreBounded checks that no more than maxPending identifiers wait,
// and that the ones pushed out count at once.
func TestPendingIdentifiersAreBounded(t *testing.T) {
	within := int64(DefaultPolicy().LinkWithin)
	var k knownIdentifiers
	for i := 0; i < maxPending; i += 4 {
		k.sample([]uint64{uint64(i), uint64(i + 1), uint64(i + 2), uint64(i + 3)}, int64(i+1)*sampleRecords, int64(time.Second)+int64(i)*int64(time.Millisecond), within)
	}
	k.sample([]uint64{1 << 40, 1<<40 + 1}, int64(maxPending+1)*sampleRecords, 4*int64(time.Second), within)
	if len(k.pending) != maxPending {
		t.Errorf("%d identifiers pending, want %d", len(k.pending), maxPending)
	}
	if !k.known(0) || !k.known(1) || k.known(2) {
		t.Error("the two oldest pushed out did not count at once, or a third did")
	}
}
