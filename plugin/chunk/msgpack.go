package chunk

import (
	"encoding/binary"
	"errors"
	"math"
)

// Errors returned by ObjectLen.
var (
	// ErrTruncated means the bytes end inside a msgpack object: more input may complete it.
	ErrTruncated = errors.New("chunk: msgpack object is truncated")
	// ErrMalformed means the bytes can never be msgpack (the reserved byte 0xc1).
	ErrMalformed = errors.New("chunk: malformed msgpack")
)

// scan is the outcome of measuring one msgpack object.
type scan uint8

const (
	scanOK scan = iota
	scanTruncated
	scanMalformed
)

// ObjectLen returns the length in bytes of the single msgpack object that starts b.
// It returns ErrTruncated when b ends inside that object and ErrMalformed when b holds a
// byte msgpack never uses. It does not allocate, and its work is linear in the bytes it
// reads, whatever lengths and counts the headers claim.
func ObjectLen(b []byte) (int, error) {
	end, st := skip(b, 0)
	switch st {
	case scanTruncated:
		return 0, ErrTruncated
	case scanMalformed:
		return 0, ErrMalformed
	}
	return end, nil
}

// skip returns the offset just past the msgpack object that starts at off.
func skip(b []byte, off int) (int, scan) {
	// Most values in log records are short strings and small integers: measure them
	// without entering the general walk.
	if off < len(b) {
		c := b[off]
		switch {
		case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
			return off + 1, scanOK
		case c&0xe0 == 0xa0:
			if end := off + 1 + int(c&0x1f); end <= len(b) {
				return end, scanOK
			}
		case c == 0xd9 && off+2 <= len(b):
			if end := off + 2 + int(b[off+1]); end <= len(b) {
				return end, scanOK
			}
		}
	}
	return skipObject(b, off)
}

// skipObject returns the offset just past the msgpack object that starts at off.
//
// It walks the object iteratively with a count of the objects still to read, so nesting
// depth costs no stack. Every object takes at least one byte, so the walk ends within as
// many steps as there are bytes; a 16- or 32-bit count larger than the bytes left is
// reported truncated at once.
func skipObject(b []byte, off int) (int, scan) {
	pending := 1
	for pending > 0 {
		if off >= len(b) {
			return off, scanTruncated
		}
		c := b[off]
		pending--
		// The forms log records are made of, measured without the general checks: a short
		// string may run past the end here, which the test after the loop, or the next
		// iteration's, reports as truncated.
		switch {
		case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
			off++
			continue
		case c >= 0xa0 && c <= 0xbf:
			off += 1 + int(c&0x1f)
			continue
		case c >= 0x80 && c <= 0x8f:
			off++
			pending += 2 * int(c&0x0f)
			continue
		case c >= 0x90 && c <= 0x9f:
			off++
			pending += int(c & 0x0f)
			continue
		case c == 0xd9 && off+1 < len(b):
			off += 2 + int(b[off+1])
			continue
		}
		hdr, size, count, ok := longHeader(b, off)
		if !ok {
			if c == 0xc1 {
				return off, scanMalformed
			}
			return off, scanTruncated
		}
		if hdr > len(b)-off {
			return off, scanTruncated
		}
		rest := uint64(len(b) - off - hdr)
		if size > rest || count > rest-size {
			return off, scanTruncated
		}
		off += hdr + int(size)
		pending += int(count)
	}
	if off > len(b) {
		return off, scanTruncated
	}
	return off, scanOK
}

// longHeader decodes the header of an object whose first byte is in 0xc0..0xdf. It returns
// the header length, the payload bytes that follow it, the elements a container adds to the
// walk, and false when the header is cut short or the byte is reserved (0xc1).
func longHeader(b []byte, off int) (hdr int, size, count uint64, ok bool) {
	c := b[off]
	n := len(b) - off
	switch c {
	case 0xc0, 0xc2, 0xc3: // nil, false, true
		return 1, 0, 0, true
	case 0xc4, 0xd9: // bin8, str8
		if n < 2 {
			return
		}
		return 2, uint64(b[off+1]), 0, true
	case 0xc5, 0xda: // bin16, str16
		if n < 3 {
			return
		}
		return 3, uint64(binary.BigEndian.Uint16(b[off+1:])), 0, true
	case 0xc6, 0xdb: // bin32, str32
		if n < 5 {
			return
		}
		return 5, uint64(binary.BigEndian.Uint32(b[off+1:])), 0, true
	case 0xc7: // ext8: length, type, data
		if n < 3 {
			return
		}
		return 3, uint64(b[off+1]), 0, true
	case 0xc8: // ext16
		if n < 4 {
			return
		}
		return 4, uint64(binary.BigEndian.Uint16(b[off+1:])), 0, true
	case 0xc9: // ext32
		if n < 6 {
			return
		}
		return 6, uint64(binary.BigEndian.Uint32(b[off+1:])), 0, true
	case 0xca:
		return 1, 4, 0, true
	case 0xcb:
		return 1, 8, 0, true
	case 0xcc, 0xd0:
		return 1, 1, 0, true
	case 0xcd, 0xd1:
		return 1, 2, 0, true
	case 0xce, 0xd2:
		return 1, 4, 0, true
	case 0xcf, 0xd3:
		return 1, 8, 0, true
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1, 2, 4, 8, 16: type byte then data
		return 2, 1 << (c - 0xd4), 0, true
	case 0xdc: // array16
		if n < 3 {
			return
		}
		return 3, 0, uint64(binary.BigEndian.Uint16(b[off+1:])), true
	case 0xdd: // array32
		if n < 5 {
			return
		}
		return 5, 0, uint64(binary.BigEndian.Uint32(b[off+1:])), true
	case 0xde: // map16
		if n < 3 {
			return
		}
		return 3, 0, 2 * uint64(binary.BigEndian.Uint16(b[off+1:])), true
	case 0xdf: // map32
		if n < 5 {
			return
		}
		return 5, 0, 2 * uint64(binary.BigEndian.Uint32(b[off+1:])), true
	}
	return // 0xc1, never used
}

// containerHeader reads an array (wantMap false) or map header at the start of b and
// returns its element (pair) count and header length. b must hold a whole object.
func containerHeader(b []byte, wantMap bool) (n, hdr int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	c := b[0]
	if wantMap {
		switch {
		case c >= 0x80 && c <= 0x8f:
			return int(c & 0x0f), 1, true
		case c == 0xde && len(b) >= 3:
			return int(binary.BigEndian.Uint16(b[1:])), 3, true
		case c == 0xdf && len(b) >= 5:
			return int(binary.BigEndian.Uint32(b[1:])), 5, true
		}
		return 0, 0, false
	}
	switch {
	case c >= 0x90 && c <= 0x9f:
		return int(c & 0x0f), 1, true
	case c == 0xdc && len(b) >= 3:
		return int(binary.BigEndian.Uint16(b[1:])), 3, true
	case c == 0xdd && len(b) >= 5:
		return int(binary.BigEndian.Uint32(b[1:])), 5, true
	}
	return 0, 0, false
}

// rawBytes returns the payload of a str or bin object at the start of b.
func rawBytes(b []byte) (payload []byte, isStr, ok bool) {
	if len(b) == 0 {
		return nil, false, false
	}
	c := b[0]
	var hdr, size int
	switch {
	case c >= 0xa0 && c <= 0xbf:
		hdr, size, isStr = 1, int(c&0x1f), true
	case (c == 0xd9 || c == 0xc4) && len(b) >= 2:
		hdr, size, isStr = 2, int(b[1]), c == 0xd9
	case (c == 0xda || c == 0xc5) && len(b) >= 3:
		hdr, size, isStr = 3, int(binary.BigEndian.Uint16(b[1:])), c == 0xda
	case (c == 0xdb || c == 0xc6) && len(b) >= 5:
		hdr, isStr = 5, c == 0xdb
		n := binary.BigEndian.Uint32(b[1:])
		if uint64(n) > uint64(len(b)-5) {
			return nil, false, false
		}
		size = int(n)
	default:
		return nil, false, false
	}
	if size > len(b)-hdr {
		return nil, false, false
	}
	return b[hdr : hdr+size : hdr+size], isStr, true
}

// extData returns the type and data of an ext object at the start of b.
func extData(b []byte) (typ int8, data []byte, ok bool) {
	if len(b) < 2 {
		return 0, nil, false
	}
	c := b[0]
	var hdr, size int
	switch {
	case c >= 0xd4 && c <= 0xd8:
		hdr, size = 2, 1<<(c-0xd4)
	case c == 0xc7 && len(b) >= 3:
		hdr, size = 3, int(b[1])
	case c == 0xc8 && len(b) >= 4:
		hdr, size = 4, int(binary.BigEndian.Uint16(b[1:]))
	case c == 0xc9 && len(b) >= 6:
		n := binary.BigEndian.Uint32(b[1:])
		if uint64(n) > uint64(len(b)-6) {
			return 0, nil, false
		}
		hdr, size = 6, int(n)
	default:
		return 0, nil, false
	}
	if size > len(b)-hdr {
		return 0, nil, false
	}
	return int8(b[hdr-1]), b[hdr : hdr+size : hdr+size], true
}

// number decodes an integer or float object at the start of b. isInt tells which of i/u
// (integers) or f (floats) holds the value; neg tells an integer is below zero, in which
// case i holds it, else u does.
func number(b []byte) (i int64, u uint64, f float64, isInt, neg, ok bool) {
	if len(b) == 0 {
		return
	}
	c := b[0]
	switch {
	case c <= 0x7f:
		return 0, uint64(c), 0, true, false, true
	case c >= 0xe0:
		return int64(int8(c)), 0, 0, true, true, true
	}
	var size int
	switch c {
	case 0xcc, 0xd0:
		size = 1
	case 0xcd, 0xd1:
		size = 2
	case 0xca, 0xce, 0xd2:
		size = 4
	case 0xcb, 0xcf, 0xd3:
		size = 8
	default:
		return
	}
	if len(b) < 1+size {
		return
	}
	p := b[1:]
	switch c {
	case 0xcc:
		return 0, uint64(p[0]), 0, true, false, true
	case 0xcd:
		return 0, uint64(binary.BigEndian.Uint16(p)), 0, true, false, true
	case 0xce:
		return 0, uint64(binary.BigEndian.Uint32(p)), 0, true, false, true
	case 0xcf:
		return 0, binary.BigEndian.Uint64(p), 0, true, false, true
	case 0xca:
		return 0, 0, float64(math.Float32frombits(binary.BigEndian.Uint32(p))), false, false, true
	case 0xcb:
		return 0, 0, math.Float64frombits(binary.BigEndian.Uint64(p)), false, false, true
	}
	switch c {
	case 0xd0:
		i = int64(int8(p[0]))
	case 0xd1:
		i = int64(int16(binary.BigEndian.Uint16(p)))
	case 0xd2:
		i = int64(int32(binary.BigEndian.Uint32(p)))
	default:
		i = int64(binary.BigEndian.Uint64(p))
	}
	if i < 0 {
		return i, 0, 0, true, true, true
	}
	return 0, uint64(i), 0, true, false, true
}
