package chunk

import (
	"flag"
	"fmt"
	"reflect"
	"testing"

	"github.com/ugorji/go/codec"
)

var update = flag.Bool("update", false, "rewrite golden files and the committed fuzz seed corpus")

// raw is msgpack bytes that enc copies verbatim.
type raw []byte

// kv is an ordered map: keys and values alternating.
type kv []any

// enc encodes test values with the package's own appenders.
func enc(v any) []byte { return encTo(nil, v) }

func encTo(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return AppendNil(dst)
	case raw:
		return append(dst, x...)
	case string:
		return AppendString(dst, x)
	case []byte:
		return AppendBinary(dst, x)
	case int:
		return AppendInt(dst, int64(x))
	case int64:
		return AppendInt(dst, x)
	case uint64:
		return AppendUint(dst, x)
	case float64:
		return AppendFloat64(dst, x)
	case bool:
		return AppendBool(dst, x)
	case []any:
		dst = AppendArrayHeader(dst, len(x))
		for _, e := range x {
			dst = encTo(dst, e)
		}
		return dst
	case kv:
		if len(x)%2 != 0 {
			panic("kv needs pairs")
		}
		dst = AppendMapHeader(dst, len(x)/2)
		for _, e := range x {
			dst = encTo(dst, e)
		}
		return dst
	}
	panic(fmt.Sprintf("enc: unsupported %T", v))
}

// cat concatenates byte slices.
func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func eventTime(sec, nsec uint32) []byte { return AppendEventTime(nil, sec, nsec) }

// ext8Time is EventTime in the ext 8 form some encoders write instead of fixext 8.
func ext8Time(sec, nsec uint32) []byte {
	return append([]byte{0xc7, 8, 0}, eventTime(sec, nsec)[2:]...)
}

func v2Event(ts, metadata, body []byte) []byte {
	return cat([]byte{0x92, 0x92}, ts, metadata, body)
}

func legacyEvent(ts, body []byte) []byte {
	return cat([]byte{0x92}, ts, body)
}

var emptyMap = []byte{0x80}

// mpHandle is the ugorji handle the tests use as an independent msgpack decoder.
func mpHandle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	// A map that repeats a key takes the last value, decoded afresh: by default ugorji
	// decodes a repeated key's value into the one it holds, and when that is a map it
	// reads past the object (83 00 80 00 00 00 30: ugorji read 8 bytes of 7).
	h.MapValueReset = true
	return h
}

// oracleDecode decodes one msgpack object with ugorji.
func oracleDecode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := codec.NewDecoderBytes(b, mpHandle()).Decode(&v); err != nil {
		t.Fatalf("ugorji cannot decode %x: %v", b, err)
	}
	return v
}

func mustEqual(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %#v, want %#v", what, got, want)
	}
}
