package engine

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

func TestStateFileRoundTrip(t *testing.T) {
	want := []streamState{{Key: "app", Data: []byte{1, 2, 3}}, {Key: "", Data: nil}, {Key: "db", Data: []byte("x")}}
	got, err := decodeState(encodeState(want, "fp"), "fp")
	if err != nil {
		t.Fatal(err)
	}
	same := slices.EqualFunc(got, want, func(a, b streamState) bool { return a.Key == b.Key && bytes.Equal(a.Data, b.Data) })
	if !same {
		t.Fatalf("decoded %+v, want %+v", got, want)
	}
}

// The framing itself is tested in forest/envelope; this checks that the engine reports
// each reason as the envelope's error, version 1 files included.
func TestStateFileRejects(t *testing.T) {
	good := encodeState([]streamState{{Key: "app", Data: []byte{1, 2, 3}}}, "fp")
	payload, err := envelope.Open(good, stateKind, stateVersion, "fp")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file []byte
		want error
	}{
		{"foreign", []byte("hello, I am a text file\n"), envelope.ErrForeign},
		{"version 1, before the envelope", []byte(legacyStateMagic + "\x01\x02\x03\x04\x80"), envelope.ErrVersion},
		{"older version", envelope.Seal(stateKind, stateVersion-1, "fp", payload), envelope.ErrVersion},
		{"other configuration", good, envelope.ErrMismatch},
		{"truncated", good[:len(good)-1], envelope.ErrCorrupt},
		{"stream list cut short", envelope.Seal(stateKind, stateVersion, "fp", payload[:len(payload)-1]), envelope.ErrCorrupt},
		{"stream count forged", envelope.Seal(stateKind, stateVersion, "fp", []byte{0xff, 0xff, 0xff, 0xff}), envelope.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fingerprint := "fp"
			if tc.want == envelope.ErrMismatch {
				fingerprint = "another"
			}
			if _, err := decodeState(tc.file, fingerprint); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// A state file of an older format, as found after an upgrade, is logged and ignored: the
// instance starts fresh and works.
func TestOldStateFileStartsFresh(t *testing.T) {
	for name, old := range map[string][]byte{
		"version 1, before the envelope": []byte(legacyStateMagic + "\x12\x34\x56\x78\x83\xa1v\x01"),
		"older version":                  envelope.Seal(stateKind, stateVersion-1, "", []byte{0, 0, 0, 0}),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			settings := map[string]string{"state_dir": dir, "warmup": "2", "refit_mode": "sync"}
			cfg := mustConfig(t, settings)
			path := filepath.Join(dir, "anomaly-"+instanceName(cfg)+".state")
			if err := os.WriteFile(path, old, 0o600); err != nil {
				t.Fatal(err)
			}
			log := &testLogger{}
			e, err := NewWithSink(cfg, &recordingSink{}, log)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(log.text(), "ignoring state file") || !strings.Contains(log.text(), envelope.ErrVersion.Error()) {
				t.Fatalf("want a warning about another format version, got %q", log.text())
			}
			var data []byte
			for i := 0; i < 10; i++ {
				data = v2Event(data, time.Unix(1700000000+int64(i), 0), kv{"log", "tick"})
			}
			if err := e.Flush("t", data); err != nil {
				t.Fatal(err)
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			saved, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := decodeState(saved, configFingerprint(cfg)); err != nil {
				t.Fatalf("the fresh state saved over the old file does not load: %v", err)
			}
		})
	}
}
