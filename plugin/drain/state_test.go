package drain

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/ugorji/go/codec"
)

// syntheticLines returns n lines from a few templates with varying words
// and numbers, so tests run without the shared data.
func syntheticLines(n int) []string {
	users := []string{"root", "admin", "oracle", "test", "guest"}
	lines := make([]string, n)
	for i := range lines {
		switch i % 7 {
		case 0:
			lines[i] = fmt.Sprintf("Accepted password for %s from 10.0.%d.%d port %d ssh2", users[i%5], i%250, i%200, 20000+i)
		case 1:
			lines[i] = fmt.Sprintf("Connection from 192.168.%d.%d closed after %d ms", i%10, i%99, i%700)
		case 2:
			lines[i] = fmt.Sprintf("session opened for user %s by (uid=%d)", users[(i/3)%5], i%3)
		case 3:
			lines[i] = fmt.Sprintf("worker %d finished job %x in %.1fs", i%16, i*7919, float64(i%90)/3)
		case 4:
			if i%3 == 0 {
				lines[i] = fmt.Sprintf("host%d.example.com:%d close, %d bytes sent, %d bytes (%.1f KB) received", i%40, 1000+i%9, i, i*11, float64(i*11)/1024)
			} else {
				lines[i] = fmt.Sprintf("host%d.example.com:%d close, %d bytes sent, %d bytes received", i%40, 1000+i%9, i, i*3)
			}
		case 5:
			lines[i] = fmt.Sprintf("event%d state changed to %s", i%300, users[i%3])
		default:
			lines[i] = fmt.Sprintf("heap size %dMB after gc %d", 100+i%512, i)
		}
	}
	return lines
}

// stateCorpora returns the line sets the state tests stream: synthetic
// lines, and the Loghub sets when the shared data is present.
func stateCorpora(t *testing.T) map[string][]string {
	corpora := map[string][]string{"synthetic": syntheticLines(3000)}
	if data := sharedDataDir(t); data != "" {
		for _, set := range loghubSets {
			l, err := readStructured(filepath.Join(data, "loghub", set.name, set.name+"_2k.log_structured.csv"))
			if err != nil {
				t.Fatal(err)
			}
			corpora[set.name] = l.content
		}
	}
	return corpora
}

func mustNew(tb testing.TB, cfg Config) *Miner {
	tb.Helper()
	m, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func sameMatch(a, b Match) bool {
	return a.ID == b.ID && a.Template == b.Template && a.Count == b.Count && a.New == b.New &&
		slices.Equal(a.Params, b.Params) && slices.Equal(a.Merged, b.Merged)
}

// TestRestoreContinues saves a miner halfway through a stream, restores it
// into a fresh miner, and checks that both give the same matches for the
// rest of the stream and end in the same saved state.
func TestRestoreContinues(t *testing.T) {
	small := DefaultConfig()
	small.MaxClusters = 40 // evictions, merges and aliases under pressure
	narrow := small
	narrow.MaxCandidates = 2 // the order of comparison decides
	for name, lines := range stateCorpora(t) {
		for _, cfg := range []Config{DefaultConfig(), small, narrow} {
			t.Run(fmt.Sprintf("%s/max_clusters=%d,max_candidates=%d", name, cfg.MaxClusters, cfg.MaxCandidates), func(t *testing.T) {
				original := mustNew(t, cfg)
				var a, b Match
				half := len(lines) / 2
				for _, l := range lines[:half] {
					original.Add(l, &a)
				}
				saved, err := original.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				restored := mustNew(t, cfg)
				if err := restored.UnmarshalBinary(saved); err != nil {
					t.Fatal(err)
				}
				if got, err := restored.MarshalBinary(); err != nil || !bytes.Equal(got, saved) {
					t.Fatalf("restored miner saves differently (err %v)", err)
				}
				for i, l := range lines[half:] {
					original.Add(l, &a)
					restored.Add(l, &b)
					if !sameMatch(a, b) {
						t.Fatalf("line %d %q: original %+v, restored %+v", half+i, l, a, b)
					}
				}
				x, err1 := original.MarshalBinary()
				y, err2 := restored.MarshalBinary()
				if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
					t.Fatalf("final states differ (errors %v, %v)", err1, err2)
				}
				if original.Stats() != restored.Stats() {
					t.Fatalf("stats differ: %+v and %+v", original.Stats(), restored.Stats())
				}
			})
		}
	}
}

func savedSynthetic(t testing.TB) []byte {
	m := mustNew(t, DefaultConfig())
	var match Match
	for _, l := range syntheticLines(500) {
		m.Add(l, &match)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// savedBody returns the msgpack body of a saved miner, out of its frame.
func savedBody(t testing.TB, saved []byte) []byte {
	body, err := envelope.Open(saved, stateKind, stateVersion, "")
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// frameState frames a body as MarshalBinary does, to reach the decoder behind
// the frame's checksum.
func frameState(body []byte) []byte { return envelope.Seal(stateKind, stateVersion, "", body) }

// TestUnmarshalRejects checks that the miner reports the envelope's reasons and
// stays as it was; the framing itself is tested in forest/envelope.
func TestUnmarshalRejects(t *testing.T) {
	good := savedSynthetic(t)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, envelope.ErrForeign},
		{"foreign", []byte("{\"templates\": []}"), envelope.ErrForeign},
		{"older version", envelope.Seal(stateKind, stateVersion-1, "", savedBody(t, good)), envelope.ErrVersion},
		{"truncated", good[:len(good)-1], envelope.ErrCorrupt},
		{"body not msgpack", frameState([]byte("hello")), envelope.ErrCorrupt},
	}
	m := mustNew(t, DefaultConfig())
	var match Match
	m.Add("kept line 1", &match)
	before, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := m.UnmarshalBinary(tc.data); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if after, err := m.MarshalBinary(); err != nil || !bytes.Equal(before, after) {
				t.Fatalf("a failed restore changed the miner (err %v)", err)
			}
		})
	}
}

// TestUnmarshalSmallerCaps restores into a miner with a smaller MaxClusters
// and another tree depth: it keeps the most recent templates.
func TestUnmarshalSmallerCaps(t *testing.T) {
	good := savedSynthetic(t)
	big := mustNew(t, DefaultConfig())
	if err := big.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxClusters = 3
	cfg.Depth = 5
	m := mustNew(t, cfg)
	if err := m.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	if m.lru.len != 3 {
		t.Fatalf("kept %d clusters, want 3", m.lru.len)
	}
	if m.Config() != cfg {
		t.Fatalf("config changed to %+v", m.Config())
	}
	for c, want := m.lru.head, big.lru.head; c != nil; c, want = c.next(), want.next() {
		if c.text() != want.text() || c.fam.id != want.fam.id {
			t.Fatalf("kept %q (%s), want most recent %q (%s)", c.text(), c.fam.idText, want.text(), want.fam.idText)
		}
	}
	var match Match
	m.Add("session opened for user root by (uid=1)", &match)
	if match.New {
		t.Fatalf("recent template not found after restore: %+v", match)
	}

	tight := DefaultConfig()
	tight.MaxTokens = 4
	if err := mustNew(t, tight).UnmarshalBinary(good); !errors.Is(err, envelope.ErrCorrupt) {
		t.Fatalf("templates longer than max tokens: got %v, want %v", err, envelope.ErrCorrupt)
	}
}

// FuzzStateBody fuzzes the decoder and the consistency checks behind the
// frame's checksum, which would turn nearly every mutated state away before
// them: the body is framed validly first. The frame is fuzzed in forest/envelope.
func FuzzStateBody(f *testing.F) {
	f.Add(savedBody(f, savedSynthetic(f)))
	f.Fuzz(func(t *testing.T, body []byte) {
		checkRestore(t, frameState(body))
	})
}

func checkRestore(t *testing.T, data []byte) {
	m := mustNew(t, DefaultConfig())
	if err := m.UnmarshalBinary(data); err != nil {
		if !errors.Is(err, envelope.ErrCorrupt) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		return
	}
	var match Match
	for _, l := range syntheticLines(50) {
		m.Add(l, &match)
	}
	if m.lru.len > m.cfg.MaxClusters {
		t.Fatalf("%d clusters over the cap", m.lru.len)
	}
	again, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := mustNew(t, DefaultConfig()).UnmarshalBinary(again); err != nil {
		t.Fatalf("state saved after an accepted restore is rejected: %v", err)
	}
}

// TestUnmarshalInconsistent forges states that decode but contradict
// themselves; each must be refused as corrupt.
func TestUnmarshalInconsistent(t *testing.T) {
	good := savedSynthetic(t)
	decode := func() savedState {
		var s savedState
		if err := decodeState(savedBody(t, good), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		name  string
		forge func(s *savedState)
	}{
		{"sequence overflow", func(s *savedState) { s.Seq = math.MaxUint64 }},
		{"sequence behind", func(s *savedState) { s.Seq = 1 }},
		{"zero id", func(s *savedState) { s.Families[0].ID = 0 }},
		{"repeated id", func(s *savedState) { s.Families[1].ID = s.Families[0].ID }},
		{"repeated cluster sequence", func(s *savedState) { s.Clusters[1].Seq = s.Clusters[0].Seq }},
		{"count zero", func(s *savedState) { s.Clusters[0].Count = 0 }},
		{"count overflow", func(s *savedState) { s.Families[0].Count = math.MaxInt64 }},
		{"family out of range", func(s *savedState) { s.Clusters[0].Family = len(s.Families) }},
		{"family without cluster", func(s *savedState) {
			s.Families = append(s.Families, savedFamily{ID: 7, Seq: s.FamilySeq + 1, LayoutCluster: -1})
			s.FamilySeq++
		}},
		{"flags short", func(s *savedState) { s.Clusters[0].Masked = s.Clusters[0].Masked[:0] }},
		{"slot outside layout", func(s *savedState) {
			c := &s.Clusters[0]
			c.SlotMap = make([]int32, len(c.Tokens))
			c.SlotMap[0] = 1000
		}},
		{"tree path too deep", func(s *savedState) { s.Clusters[0].WildPath = 1 << 10 }},
		{"layout of another family", func(s *savedState) {
			for j, c := range s.Clusters {
				if c.Family != 0 {
					s.Families[0].LayoutCluster = j
					return
				}
			}
		}},
		{"too many tokens", func(s *savedState) {
			c := &s.Clusters[0]
			c.Tokens = make([]string, DefaultConfig().MaxTokens+1)
			c.Masked = make([]bool, len(c.Tokens))
			c.SlotMap = nil
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := decode()
			tc.forge(&s)
			var body []byte
			if err := codec.NewEncoderBytes(&body, stateHandle).Encode(&s); err != nil {
				t.Fatal(err)
			}
			if err := mustNew(t, DefaultConfig()).UnmarshalBinary(frameState(body)); !errors.Is(err, envelope.ErrCorrupt) {
				t.Fatalf("got %v, want %v", err, envelope.ErrCorrupt)
			}
		})
	}
	// The same path accepts the state unforged.
	s := decode()
	var body []byte
	if err := codec.NewEncoderBytes(&body, stateHandle).Encode(&s); err != nil {
		t.Fatal(err)
	}
	if err := mustNew(t, DefaultConfig()).UnmarshalBinary(frameState(body)); err != nil {
		t.Fatalf("unforged state: %v", err)
	}
}
