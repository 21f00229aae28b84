package main

// A small msgpack writer and scanner for the ABI test, written apart from package chunk
// so the test does not check the plugin's codec with itself. The writer can emit
// non-canonical forms (a short string as str16, a small integer as int64) because the
// plugin must pass such bytes on exactly as they came.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

var errShort = errors.New("msgpack: short buffer")

type mpWriter []byte

func (w mpWriter) array(n int) mpWriter {
	if n < 16 {
		return append(w, 0x90|byte(n))
	}
	return binary.BigEndian.AppendUint16(append(w, 0xdc), uint16(n))
}

func (w mpWriter) mapHeader(n int) mpWriter {
	if n < 16 {
		return append(w, 0x80|byte(n))
	}
	return binary.BigEndian.AppendUint16(append(w, 0xde), uint16(n))
}

func (w mpWriter) str(s string) mpWriter {
	switch {
	case len(s) < 32:
		w = append(w, 0xa0|byte(len(s)))
	case len(s) < 256:
		w = append(w, 0xd9, byte(len(s)))
	default:
		w = binary.BigEndian.AppendUint16(append(w, 0xda), uint16(len(s)))
	}
	return append(w, s...)
}

// str16 writes s as str16 whatever its length, a form a canonical encoder never picks.
func (w mpWriter) str16(s string) mpWriter {
	return append(binary.BigEndian.AppendUint16(append(w, 0xda), uint16(len(s))), s...)
}

func (w mpWriter) int64(i int64) mpWriter {
	return binary.BigEndian.AppendUint64(append(w, 0xd3), uint64(i))
}

func (w mpWriter) uint(u uint64) mpWriter {
	if u < 128 {
		return append(w, byte(u))
	}
	return binary.BigEndian.AppendUint64(append(w, 0xcf), u)
}

func (w mpWriter) float32(f float32) mpWriter {
	return binary.BigEndian.AppendUint32(append(w, 0xca), math.Float32bits(f))
}

func (w mpWriter) float64(f float64) mpWriter {
	return binary.BigEndian.AppendUint64(append(w, 0xcb), math.Float64bits(f))
}

func (w mpWriter) nil() mpWriter { return append(w, 0xc0) }

// eventTime writes Fluent Bit's EventTime: ext type 0, seconds and nanoseconds big-endian.
func (w mpWriter) eventTime(sec, nsec uint32) mpWriter {
	w = append(w, 0xd7, 0x00)
	w = binary.BigEndian.AppendUint32(w, sec)
	return binary.BigEndian.AppendUint32(w, nsec)
}

func (w mpWriter) raw(b []byte) mpWriter { return append(w, b...) }

// mpHead reads the header of the object at b: its length, the length of its payload and
// how many objects follow as its children.
func mpHead(b []byte) (head, payload, children int, err error) {
	if len(b) == 0 {
		return 0, 0, 0, errShort
	}
	c := b[0]
	size := func(n int) (int, error) {
		if len(b) < 1+n {
			return 0, errShort
		}
		switch n {
		case 1:
			return int(b[1]), nil
		case 2:
			return int(binary.BigEndian.Uint16(b[1:])), nil
		default:
			return int(binary.BigEndian.Uint32(b[1:])), nil
		}
	}
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		return 1, 0, 0, nil
	case c <= 0x8f:
		return 1, 0, 2 * int(c&0x0f), nil
	case c <= 0x9f:
		return 1, 0, int(c & 0x0f), nil
	case c <= 0xbf:
		return 1, int(c & 0x1f), 0, nil
	}
	switch c {
	case 0xc4, 0xd9:
		n, err := size(1)
		return 2, n, 0, err
	case 0xc5, 0xda:
		n, err := size(2)
		return 3, n, 0, err
	case 0xc6, 0xdb:
		n, err := size(4)
		return 5, n, 0, err
	case 0xc7:
		n, err := size(1)
		return 3, n, 0, err
	case 0xc8:
		n, err := size(2)
		return 4, n, 0, err
	case 0xc9:
		n, err := size(4)
		return 6, n, 0, err
	case 0xca, 0xce, 0xd2:
		return 1, 4, 0, nil
	case 0xcb, 0xcf, 0xd3:
		return 1, 8, 0, nil
	case 0xcc, 0xd0:
		return 1, 1, 0, nil
	case 0xcd, 0xd1:
		return 1, 2, 0, nil
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return 2, 1 << (c - 0xd4), 0, nil
	case 0xdc:
		n, err := size(2)
		return 3, 0, n, err
	case 0xdd:
		n, err := size(4)
		return 5, 0, n, err
	case 0xde:
		n, err := size(2)
		return 3, 0, 2 * n, err
	case 0xdf:
		n, err := size(4)
		return 5, 0, 2 * n, err
	}
	return 0, 0, 0, fmt.Errorf("msgpack: invalid byte 0x%02x", c)
}

// mpLen is the length of the whole object at the start of b.
func mpLen(b []byte) (int, error) {
	off, pending := 0, 1
	for pending > 0 {
		head, payload, children, err := mpHead(b[off:])
		if err != nil {
			return 0, err
		}
		off += head + payload
		if off > len(b) {
			return 0, errShort
		}
		pending += children - 1
	}
	return off, nil
}

// mpElems splits the array or map at the start of b into the raw bytes of its children
// (keys and values alternating for a map); prefix is the container's header.
func mpElems(b []byte) (prefix []byte, elems [][]byte, err error) {
	head, _, children, err := mpHead(b)
	if err != nil {
		return nil, nil, err
	}
	if c := b[0]; !(c >= 0x80 && c <= 0x9f) && c != 0xdc && c != 0xdd && c != 0xde && c != 0xdf {
		return nil, nil, fmt.Errorf("msgpack: 0x%02x is not a container", c)
	}
	off := head
	for i := 0; i < children; i++ {
		n, err := mpLen(b[off:])
		if err != nil {
			return nil, nil, err
		}
		elems = append(elems, b[off:off+n])
		off += n
	}
	return b[:head], elems, nil
}

func mpIsMap(b []byte) bool {
	return len(b) > 0 && (b[0]>>4 == 0x8 || b[0] == 0xde || b[0] == 0xdf)
}

// mpString reads a str or bin object.
func mpString(b []byte) (string, bool) {
	if len(b) == 0 {
		return "", false
	}
	if c := b[0]; !(c >= 0xa0 && c <= 0xbf) && (c < 0xc4 || c > 0xc6) && (c < 0xd9 || c > 0xdb) {
		return "", false
	}
	head, payload, _, err := mpHead(b)
	if err != nil || head+payload > len(b) {
		return "", false
	}
	return string(b[head : head+payload]), true
}

func mpFloat(b []byte) (float64, bool) {
	switch {
	case len(b) == 9 && b[0] == 0xcb:
		return math.Float64frombits(binary.BigEndian.Uint64(b[1:])), true
	case len(b) == 5 && b[0] == 0xca:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b[1:]))), true
	}
	return 0, false
}

func mpBool(b []byte) (value, ok bool) {
	if len(b) == 1 && (b[0] == 0xc2 || b[0] == 0xc3) {
		return b[0] == 0xc3, true
	}
	return false, false
}

// mpPairs reads a map into its keys (as strings; "" for non-string keys) and raw values.
func mpPairs(b []byte) (keys []string, vals [][]byte, err error) {
	if !mpIsMap(b) {
		return nil, nil, fmt.Errorf("msgpack: 0x%02x is not a map", b[0])
	}
	_, elems, err := mpElems(b)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i < len(elems); i += 2 {
		k, _ := mpString(elems[i])
		keys = append(keys, k)
		vals = append(vals, elems[i+1])
	}
	return keys, vals, nil
}
