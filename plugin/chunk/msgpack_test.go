package chunk

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/ugorji/go/codec"
)

func TestObjectLen(t *testing.T) {
	long := strings.Repeat("x", 300)
	cases := []struct {
		name string
		in   []byte
		want int   // length of the object
		err  error // or the error
	}{
		{"positive fixint", []byte{0x05, 0xff}, 1, nil},
		{"negative fixint", []byte{0xe0}, 1, nil},
		{"nil", []byte{0xc0}, 1, nil},
		{"true", []byte{0xc3}, 1, nil},
		{"uint8", []byte{0xcc, 1}, 2, nil},
		{"uint64", []byte{0xcf, 0, 0, 0, 0, 0, 0, 0, 1}, 9, nil},
		{"int16", []byte{0xd1, 1, 2}, 3, nil},
		{"float32", []byte{0xca, 0, 0, 0, 0}, 5, nil},
		{"float64", []byte{0xcb, 0, 0, 0, 0, 0, 0, 0, 0}, 9, nil},
		{"fixstr", []byte{0xa3, 'a', 'b', 'c'}, 4, nil},
		{"str8", AppendString(nil, strings.Repeat("y", 40)), 42, nil},
		{"str16", AppendString(nil, long), 303, nil},
		{"str32", cat([]byte{0xdb, 0, 0, 0, 2}, []byte("hi")), 7, nil},
		{"bin8", []byte{0xc4, 2, 1, 2}, 4, nil},
		{"bin16", []byte{0xc5, 0, 1, 9}, 4, nil},
		{"bin32", []byte{0xc6, 0, 0, 0, 1, 9}, 6, nil},
		{"fixext1", []byte{0xd4, 1, 9}, 3, nil},
		{"fixext16", append([]byte{0xd8, 1}, make([]byte, 16)...), 18, nil},
		{"ext8", []byte{0xc7, 1, 5, 9}, 4, nil},
		{"ext16", []byte{0xc8, 0, 1, 5, 9}, 5, nil},
		{"ext32", []byte{0xc9, 0, 0, 0, 1, 5, 9}, 7, nil},
		{"fixarray", []byte{0x92, 1, 2, 3}, 3, nil},
		{"array16", []byte{0xdc, 0, 2, 1, 2}, 5, nil},
		{"array32", []byte{0xdd, 0, 0, 0, 1, 0xc0}, 6, nil},
		{"fixmap", []byte{0x81, 0xa1, 'k', 1}, 4, nil},
		{"map16", []byte{0xde, 0, 1, 1, 2}, 5, nil},
		{"map32", []byte{0xdf, 0, 0, 0, 1, 1, 2}, 7, nil},
		{"nested", enc(kv{"a", []any{kv{"b", []any{1, 2}}}}), len(enc(kv{"a", []any{kv{"b", []any{1, 2}}}})), nil},
		{"empty input", nil, 0, ErrTruncated},
		{"reserved byte", []byte{0xc1}, 0, ErrMalformed},
		{"reserved byte inside", []byte{0x92, 1, 0xc1}, 0, ErrMalformed},
		{"cut uint16", []byte{0xcd, 1}, 0, ErrTruncated},
		{"cut fixext", []byte{0xd4}, 0, ErrTruncated},
		{"cut str8 header", []byte{0xd9}, 0, ErrTruncated},
		{"cut str payload", []byte{0xa5, 'a'}, 0, ErrTruncated},
		{"str32 claims 4 GiB", []byte{0xdb, 0xff, 0xff, 0xff, 0xff, 'a'}, 0, ErrTruncated},
		{"map32 claims 4 G pairs", []byte{0xdf, 0xff, 0xff, 0xff, 0xff, 1, 2}, 0, ErrTruncated},
		{"array missing element", []byte{0x93, 1, 2}, 0, ErrTruncated},
		{"map missing value", []byte{0x81, 1}, 0, ErrTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := ObjectLen(c.in)
			if !errors.Is(err, c.err) || (c.err == nil && n != c.want) {
				t.Fatalf("ObjectLen(%x) = %d, %v; want %d, %v", c.in, n, err, c.want, c.err)
			}
			if c.err != nil {
				return
			}
			// ugorji must agree on where the object ends.
			d := codec.NewDecoderBytes(c.in, mpHandle())
			var v any
			if err := d.Decode(&v); err != nil {
				t.Fatalf("ugorji: %v", err)
			}
			if d.NumBytesRead() != n {
				t.Fatalf("ugorji read %d bytes, ObjectLen says %d", d.NumBytesRead(), n)
			}
		})
	}
}

func TestAppendersDecodeWithUgorji(t *testing.T) {
	ints := []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64}
	for _, i := range ints {
		// ugorji picks int64 or uint64 by encoding form; compare the numbers.
		got := oracleDecode(t, AppendInt(nil, i))
		mustEqual(t, "AppendInt", fmt.Sprint(got), fmt.Sprint(i))
	}
	mustEqual(t, "AppendUint max", oracleDecode(t, AppendUint(nil, math.MaxUint64)), uint64(math.MaxUint64))
	for _, n := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("s", n)
		mustEqual(t, "AppendString", oracleDecode(t, AppendString(nil, s)), s)
		mustEqual(t, "AppendStringBytes", oracleDecode(t, AppendStringBytes(nil, []byte(s))), s)
		b := bytes.Repeat([]byte{7}, n)
		got, ok := oracleDecode(t, AppendBinary(nil, b)).([]byte)
		if !ok || !bytes.Equal(got, b) {
			t.Fatalf("AppendBinary(%d bytes) decoded wrong", n)
		}
	}
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		arr := AppendArrayHeader(nil, n)
		m := AppendMapHeader(nil, n)
		for i := 0; i < n; i++ {
			arr = AppendNil(arr)
			m = AppendNil(AppendInt(m, int64(i)))
		}
		if got := oracleDecode(t, arr).([]any); len(got) != n {
			t.Fatalf("array of %d decoded with %d elements", n, len(got))
		}
		if got := oracleDecode(t, m).(map[any]any); len(got) != n {
			t.Fatalf("map of %d decoded with %d pairs", n, len(got))
		}
	}
	mustEqual(t, "AppendFloat64", oracleDecode(t, AppendFloat64(nil, 0.25)), 0.25)
	mustEqual(t, "AppendBool", oracleDecode(t, AppendBool(nil, true)), true)
	mustEqual(t, "AppendBool", oracleDecode(t, AppendBool(nil, false)), false)
	mustEqual(t, "AppendNil", oracleDecode(t, AppendNil(nil)), nil)
}

func TestAppendersDoNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		b := AppendMapHeader(buf[:0], 3)
		b = AppendString(b, "score")
		b = AppendFloat64(b, 0.7)
		b = AppendString(b, "flag")
		b = AppendBool(b, true)
		b = AppendString(b, "count")
		_ = AppendInt(b, -5)
	})
	if allocs != 0 {
		t.Fatalf("appenders allocated %v times per run", allocs)
	}
}
