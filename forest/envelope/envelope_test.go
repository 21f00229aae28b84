package envelope_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

const (
	kind        = "test/thing"
	version     = 3
	fingerprint = "dims=2"
)

var payload = []byte("the payload, in whatever encoding its package chose")

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name, kind, fingerprint string
		payload                 []byte
	}{
		{"typical", kind, fingerprint, payload},
		{"empty payload", kind, fingerprint, nil},
		{"no fingerprint", kind, "", payload},
		{"longest labels", strings.Repeat("k", 255), strings.Repeat("f", 255), payload},
		{"binary payload", kind, fingerprint, []byte{0, 0xff, 'F', 'B', 0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := envelope.Open(envelope.Seal(tc.kind, version, tc.fingerprint, tc.payload), tc.kind, version, tc.fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.payload) {
				t.Fatalf("payload %q, want %q", got, tc.payload)
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	good := envelope.Seal(kind, version, fingerprint, payload)
	for _, tc := range []struct {
		name        string
		b           []byte
		kind        string
		version     uint16
		fingerprint string
		want        error
	}{
		{"empty", nil, kind, version, fingerprint, envelope.ErrForeign},
		{"not a frame", []byte("{\"kind\": \"test/thing\"}"), kind, version, fingerprint, envelope.ErrForeign},
		{"wrong kind", good, "test/other", version, fingerprint, envelope.ErrForeign},
		{"kind a prefix of the wanted one", good, kind + "s", version, fingerprint, envelope.ErrForeign},
		{"older version", good, kind, version + 1, fingerprint, envelope.ErrVersion},
		{"newer version", good, kind, version - 1, fingerprint, envelope.ErrVersion},
		{"wrong fingerprint", good, kind, version, "dims=3", envelope.ErrMismatch},
		{"fingerprint expected, none written", envelope.Seal(kind, version, "", payload), kind, version, fingerprint, envelope.ErrMismatch},
		{"truncated", good[:len(good)-1], kind, version, fingerprint, envelope.ErrCorrupt},
		{"magic only", []byte(envelope.Magic), kind, version, fingerprint, envelope.ErrCorrupt},
		{"extended", append(bytes.Clone(good), 0), kind, version, fingerprint, envelope.ErrCorrupt},
		{"payload flipped", flip(good, len(good)-5), kind, version, fingerprint, envelope.ErrCorrupt},
		{"checksum flipped", flip(good, len(good)-1), kind, version, fingerprint, envelope.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := envelope.Open(tc.b, tc.kind, tc.version, tc.fingerprint)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Fatalf("a rejected frame returned a payload of %d bytes", len(got))
			}
		})
	}
}

// A damaged frame is corrupt whatever byte is hit, before its version or fingerprint is
// believed; only damage to the magic or the kind can make it look foreign instead.
func TestOpenRejectsEveryFlippedByte(t *testing.T) {
	good := envelope.Seal(kind, version, fingerprint, payload)
	afterKind := len(envelope.Magic) + 1 + len(kind)
	for i := range good {
		_, err := envelope.Open(flip(good, i), kind, version, fingerprint)
		switch {
		case i >= afterKind && !errors.Is(err, envelope.ErrCorrupt):
			t.Fatalf("byte %d flipped: got %v, want ErrCorrupt", i, err)
		case !errors.Is(err, envelope.ErrCorrupt) && !errors.Is(err, envelope.ErrForeign):
			t.Fatalf("byte %d of the header flipped: got %v, want ErrCorrupt or ErrForeign", i, err)
		}
	}
}

// Cut anywhere, a frame is corrupt; cut inside the magic, it is not recognised at all.
func TestOpenRejectsEveryTruncation(t *testing.T) {
	good := envelope.Seal(kind, version, fingerprint, payload)
	for n := range len(good) {
		want := envelope.ErrCorrupt
		if n < len(envelope.Magic) {
			want = envelope.ErrForeign
		}
		if _, err := envelope.Open(good[:n], kind, version, fingerprint); !errors.Is(err, want) {
			t.Fatalf("cut to %d bytes: got %v, want %v", n, err, want)
		}
	}
}

func TestSealPanicsOnLongLabels(t *testing.T) {
	for name, seal := range map[string]func(){
		"kind":        func() { envelope.Seal(strings.Repeat("k", 256), version, "", nil) },
		"fingerprint": func() { envelope.Seal(kind, version, strings.Repeat("f", 256), nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			seal()
		})
	}
}

func TestWriterReaderRoundTrip(t *testing.T) {
	var w envelope.Writer
	w.U16(0xbeef)
	w.U32(1, math.MaxUint32)
	w.U64(2, math.MaxUint64)
	w.I64(-3, math.MinInt64)
	w.F64(math.Inf(-1), math.Copysign(0, -1), math.SmallestNonzeroFloat64)
	w.Bool(true)
	w.Bool(false)
	w.Str("text")
	w.Blob([]byte{9, 8})

	r := envelope.NewReader(w.Bytes())
	u16 := r.U16()
	u32a, u32b := r.U32(), r.U32()
	u64a, u64b := r.U64(), r.U64()
	i64a, i64b := r.I64(), r.I64()
	var inf, negZero, tiny float64
	r.F64(&inf, &negZero, &tiny)
	yes, no := r.Bool(), r.Bool()
	str := r.Str(4)
	blob := r.Blob(2)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	switch {
	case u16 != 0xbeef, u32a != 1, u32b != math.MaxUint32, u64a != 2, u64b != math.MaxUint64:
		t.Fatal("unsigned values differ")
	case i64a != -3, i64b != math.MinInt64:
		t.Fatal("signed values differ")
	case !math.IsInf(inf, -1), math.Float64bits(negZero) != math.Float64bits(math.Copysign(0, -1)), tiny != math.SmallestNonzeroFloat64:
		t.Fatal("floats differ bit for bit")
	case !yes || no, str != "text", !bytes.Equal(blob, []byte{9, 8}):
		t.Fatal("booleans, string or blob differ")
	case r.Len() != 0:
		t.Fatalf("%d bytes left", r.Len())
	}
}

// The first bad read fails the Reader for good, so a decoder checks Err once, and every
// failure is ErrCorrupt.
func TestReaderFailures(t *testing.T) {
	var w envelope.Writer
	w.Str("longer than allowed")
	w.U32(7)
	for name, read := range map[string]func(r *envelope.Reader){
		"short":           func(r *envelope.Reader) { r.U64(); r.U64(); r.U64(); r.U64() },
		"string too long": func(r *envelope.Reader) { r.Str(3) },
		"blob too long":   func(r *envelope.Reader) { r.Blob(3) },
		"bad boolean":     func(r *envelope.Reader) { r.U32(); r.Bool() },
		"decoder's own":   func(r *envelope.Reader) { r.Fail("count %d out of range", 7) },
	} {
		t.Run(name, func(t *testing.T) {
			r := envelope.NewReader(w.Bytes())
			read(r)
			if !errors.Is(r.Err(), envelope.ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", r.Err())
			}
			first := r.Err()
			if r.U32() != 0 || r.Len() != 0 || r.Err() != first {
				t.Fatal("a failed Reader goes on reading")
			}
		})
	}
}

// FuzzOpen opens arbitrary bytes under arbitrary labels: never a panic, every rejection is
// one of the four errors, and what is accepted is exactly the frame Seal writes. Whatever
// the bytes, sealed as a payload they come back unchanged.
func FuzzOpen(f *testing.F) {
	good := envelope.Seal(kind, version, fingerprint, payload)
	f.Add(good, kind, uint16(version), fingerprint)
	f.Add(good[:len(good)/2], kind, uint16(version), fingerprint)
	f.Add(envelope.Seal(kind, version, "", nil), kind, uint16(version), "")
	f.Add([]byte(envelope.Magic), kind, uint16(0), "")
	f.Add([]byte("FBANOMALY-STATE\x00"), "engine/state", uint16(2), "fp")
	f.Fuzz(func(t *testing.T, b []byte, kind string, version uint16, fingerprint string) {
		got, err := envelope.Open(b, kind, version, fingerprint)
		if err != nil {
			if !errors.Is(err, envelope.ErrForeign) && !errors.Is(err, envelope.ErrCorrupt) &&
				!errors.Is(err, envelope.ErrVersion) && !errors.Is(err, envelope.ErrMismatch) {
				t.Fatalf("unexpected error %v", err)
			}
		} else if len(kind) > 255 || len(fingerprint) > 255 || !bytes.Equal(envelope.Seal(kind, version, fingerprint, got), b) {
			t.Fatal("accepted bytes that Seal does not write")
		}
		if len(kind) > 255 || len(fingerprint) > 255 {
			return
		}
		back, err := envelope.Open(envelope.Seal(kind, version, fingerprint, b), kind, version, fingerprint)
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("sealed payload comes back as %q, %v", back, err)
		}
	})
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x5a
	return b
}
