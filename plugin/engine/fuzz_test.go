package engine

import (
	"testing"
)

// A state file of any content is either decoded or refused with an error; never a panic.
func FuzzDecodeState(f *testing.F) {
	good, err := encodeState(stateFile{Version: stateVersion, Fingerprint: "fp", Streams: []streamState{{Key: "app", Data: []byte{1, 2, 3}}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(stateMagic))
	f.Add([]byte("not a state file"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decodeState(b, "fp")
		if err == nil && (s.Version != stateVersion || s.Fingerprint != "fp") {
			t.Fatalf("accepted a file of version %d fingerprint %q", s.Version, s.Fingerprint)
		}
	})
}
