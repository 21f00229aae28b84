// Package envelope frames every piece of state the project saves: a forest, a
// streaming detector, a template miner, a stream and the plugin's state file. One frame,
// tested and fuzzed once, tells foreign, truncated, damaged, outdated and mismatched bytes
// apart before anything is decoded, whatever the payload's own encoding.
//
// A frame is, in network byte order (big endian):
//
//	magic "FBANOMLY" (8 bytes)
//	kind: length (1 byte), bytes          what the payload is, e.g. "forest/detector"
//	version (2 bytes)                     the payload's format version
//	fingerprint: length (1 byte), bytes   the settings that shaped the payload, or empty
//	payload: length (8 bytes), bytes
//	CRC-32C of everything before (4 bytes)
//
// It lives below every package that saves state, forest included, so it is a
// sub-package of the lowest one. It knows nothing of logs.
//
// Writer and Reader are the fixed-width binary encoding the packages that hand-write
// their payloads share, in the same byte order.
package envelope

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// Magic opens every frame.
const Magic = "FBANOMLY"

// Errors of Open, each wrapped with detail.
var (
	// ErrForeign: the bytes are not a frame of this project, or hold another kind.
	ErrForeign = errors.New("not state of this kind")
	// ErrCorrupt: the frame is truncated or damaged.
	ErrCorrupt = errors.New("state is corrupt or truncated")
	// ErrVersion: the payload has a format version this build does not read.
	ErrVersion = errors.New("state has another format version")
	// ErrMismatch: the payload was written under other settings.
	ErrMismatch = errors.New("state was written with other settings")
)

// maxLabel bounds the kind and the fingerprint: a byte of length each.
const maxLabel = 255

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Seal returns payload framed as kind, version and fingerprint. It panics when kind or
// fingerprint is longer than 255 bytes, a programming error.
func Seal(kind string, version uint16, fingerprint string, payload []byte) []byte {
	if len(kind) > maxLabel || len(fingerprint) > maxLabel {
		panic("envelope: kind or fingerprint longer than 255 bytes")
	}
	out := make([]byte, 0, len(Magic)+1+len(kind)+2+1+len(fingerprint)+8+len(payload)+4)
	out = append(out, Magic...)
	out = append(out, byte(len(kind)))
	out = append(out, kind...)
	out = binary.BigEndian.AppendUint16(out, version)
	out = append(out, byte(len(fingerprint)))
	out = append(out, fingerprint...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(payload)))
	out = append(out, payload...)
	return binary.BigEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

// Open checks a frame and returns its payload, which aliases b. The checks run in the
// order that makes the error most useful: not ours (ErrForeign), damaged (ErrCorrupt),
// another version (ErrVersion), other settings (ErrMismatch).
func Open(b []byte, kind string, version uint16, fingerprint string) ([]byte, error) {
	if len(b) < len(Magic) || string(b[:len(Magic)]) != Magic {
		return nil, ErrForeign
	}
	r := Reader{b: b[len(Magic):]}
	gotKind := string(r.take(int(r.u8())))
	if r.err == nil && gotKind != kind {
		return nil, fmt.Errorf("%w: %q, want %q", ErrForeign, gotKind, kind)
	}
	gotVersion := r.U16()
	gotPrint := string(r.take(int(r.u8())))
	n := r.U64()
	if r.err != nil || n > uint64(len(r.b)) || uint64(len(r.b))-n != 4 {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorrupt, len(b))
	}
	payload := r.b[:n]
	body := b[:len(b)-4]
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	if gotVersion != version {
		return nil, fmt.Errorf("%w: %d, this build reads %d", ErrVersion, gotVersion, version)
	}
	if gotPrint != fingerprint {
		return nil, ErrMismatch
	}
	return payload, nil
}

// Writer appends fixed-width values in the frame's byte order.
type Writer struct{ b []byte }

// Bytes returns what was written.
func (w *Writer) Bytes() []byte { return w.b }

// U16 appends v.
func (w *Writer) U16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }

// U32 appends each of vs.
func (w *Writer) U32(vs ...uint32) {
	for _, v := range vs {
		w.b = binary.BigEndian.AppendUint32(w.b, v)
	}
}

// U64 appends each of vs.
func (w *Writer) U64(vs ...uint64) {
	for _, v := range vs {
		w.b = binary.BigEndian.AppendUint64(w.b, v)
	}
}

// I64 appends each of vs.
func (w *Writer) I64(vs ...int64) {
	for _, v := range vs {
		w.b = binary.BigEndian.AppendUint64(w.b, uint64(v))
	}
}

// F64 appends each of vs, bit for bit.
func (w *Writer) F64(vs ...float64) {
	for _, v := range vs {
		w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(v))
	}
}

// Bool appends v as one byte.
func (w *Writer) Bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// Str appends s with its length.
func (w *Writer) Str(s string) {
	w.U32(uint32(len(s)))
	w.b = append(w.b, s...)
}

// Blob appends b with its length.
func (w *Writer) Blob(b []byte) {
	w.U32(uint32(len(b)))
	w.b = append(w.b, b...)
}

// Reader reads what Writer wrote. The first short or bad read sets Err, and every later
// read returns zero values, so a decoder checks Err once at the end.
type Reader struct {
	b   []byte
	err error
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err returns the first error, wrapping ErrCorrupt, or nil.
func (r *Reader) Err() error { return r.err }

// Len returns the bytes left.
func (r *Reader) Len() int { return len(r.b) }

// Fail records a decoding error (the first one wins) and stops reading.
func (r *Reader) Fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	r.b = nil
}

func (r *Reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.Fail("truncated")
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *Reader) u8() byte {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

// U16 reads a uint16.
func (r *Reader) U16() uint16 {
	if v := r.take(2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

// U32 reads a uint32.
func (r *Reader) U32() uint32 {
	if v := r.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// U64 reads a uint64.
func (r *Reader) U64() uint64 {
	if v := r.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// I64 reads an int64.
func (r *Reader) I64() int64 { return int64(r.U64()) }

// F64 reads one float64 into each of dst.
func (r *Reader) F64(dst ...*float64) {
	for _, p := range dst {
		*p = math.Float64frombits(r.U64())
	}
}

// Bool reads a boolean; a byte other than 0 or 1 is corrupt.
func (r *Reader) Bool() bool {
	v := r.u8()
	if v > 1 {
		r.Fail("bad boolean")
	}
	return v == 1
}

// Str reads a string of at most max bytes.
func (r *Reader) Str(max int) string {
	n := int(r.U32())
	if n > max {
		r.Fail("string of %d bytes", n)
		return ""
	}
	return string(r.take(n))
}

// Blob reads a byte string of at most max bytes; it aliases the input.
func (r *Reader) Blob(max int) []byte {
	n := int(r.U32())
	if n > max {
		r.Fail("section of %d bytes", n)
		return nil
	}
	return r.take(n)
}
