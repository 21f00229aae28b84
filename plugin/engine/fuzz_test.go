package engine

import (
	"bytes"
	"errors"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// The list of streams a state file frames is either decoded or refused as corrupt; never a
// panic, and what is decoded encodes back to the same file. The list is fuzzed in a valid
// frame: the frame's checksum would turn nearly every mutation away before the list is
// read, and the frame itself is fuzzed in forest/envelope.
func FuzzDecodeState(f *testing.F) {
	good := encodeState([]streamState{{Key: "app", Data: []byte{1, 2, 3}}, {Key: "db"}}, "fp")
	payload, err := envelope.Open(good, stateKind, stateVersion, "fp")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(payload)
	f.Add(payload[:len(payload)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, payload []byte) {
		file := envelope.Seal(stateKind, stateVersion, "fp", payload)
		streams, err := decodeState(file, "fp")
		if err != nil {
			if !errors.Is(err, envelope.ErrCorrupt) {
				t.Fatalf("a valid frame refused with %v, want ErrCorrupt", err)
			}
			return
		}
		if again := encodeState(streams, "fp"); !bytes.Equal(again, file) {
			t.Fatal("decoded streams encode to another file")
		}
	})
}
