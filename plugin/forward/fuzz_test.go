package forward

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ugorji/go/codec"
)

var update = flag.Bool("update", false, "rewrite the committed fuzz seed corpus")

const fuzzChunkID = "c2VlZHNlZWRzZWVkc2VlZA=="

var (
	fuzzHelo = helo{nonce: []byte("nonce-nonce-nonc"), auth: []byte("auth-auth-auth-a"), keepalive: true}
	fuzzSalt = []byte("salt-salt-salt-s")
)

// seedReplies are the committed seed corpus of FuzzReply (testdata/fuzz/FuzzReply), rewritten
// by `go test ./plugin/forward -run SeedCorpus -update`.
func seedReplies(t testing.TB) [][]byte {
	h := &codec.MsgpackHandle{WriteExt: true}
	h.Canonical = true // map keys sorted, so the seed files do not change between runs
	enc := func(v any) []byte {
		var b []byte
		if err := codec.NewEncoderBytes(&b, h).Encode(v); err != nil {
			t.Fatal(err)
		}
		return b
	}
	goodPong := digest(fuzzSalt, []byte("receiver"), fuzzHelo.nonce, []byte("key"))
	return [][]byte{
		enc(map[string]any{"ack": fuzzChunkID}),
		enc(map[string]any{"ack": "AAAAAAAAAAAAAAAAAAAAAA=="}),
		enc(map[string]any{"ack": []byte(fuzzChunkID)}),
		enc(map[string]any{"nack": fuzzChunkID}),
		enc([]any{"HELO", map[string]any{"nonce": string(fuzzHelo.nonce), "auth": string(fuzzHelo.auth)}}),
		enc([]any{"HELO", map[string]any{"nonce": fuzzHelo.nonce, "auth": "", "keepalive": false}}),
		enc([]any{"PONG", true, "", "receiver", goodPong}),
		enc([]any{"PONG", false, "username/password mismatch", "", ""}),
		enc([]any{"PONG", true, "", "receiver", goodPong[:127] + "0"}),
		{0x81, 0x81, 0xa1, 'k', 0x01, 0x02}, // a map whose key is a map
		{0x81, 0xc4, 0x03, 'a', 'c', 'k', 0xa1, 'x'},
		{0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x90},
		{0xdb, 0xff, 0xff, 0xff, 0xff, 'a'},
		{0xc1},
		{},
	}
}

func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReply")
	for i, s := range seedReplies(t) {
		name := filepath.Join(dir, fmt.Sprintf("seed-%02d", i))
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := os.ReadFile(name); err != nil || string(got) != content {
			t.Fatalf("%s is missing or stale (%v): run with -update", name, err)
		}
	}
}

func TestReplySeeds(t *testing.T) {
	seeds := seedReplies(t)
	if err := checkAck(seeds[0], fuzzChunkID); err != nil {
		t.Fatalf("good ack: %v", err)
	}
	for _, i := range []int{1, 2, 3, 4, 9, 13} {
		if err := checkAck(seeds[i], fuzzChunkID); err == nil {
			t.Fatalf("seed %d accepted as an ack", i)
		}
	}
	if _, err := parseHelo(seeds[4]); err != nil {
		t.Fatalf("in_forward HELO: %v", err)
	}
	if err := checkPong(seeds[6], fuzzHelo, fuzzSalt, "key"); err != nil {
		t.Fatalf("good PONG: %v", err)
	}
	for _, i := range []int{7, 8, 0} {
		if err := checkPong(seeds[i], fuzzHelo, fuzzSalt, "key"); err == nil {
			t.Fatalf("seed %d accepted as a PONG", i)
		}
	}
	if err := checkPong(seeds[6], fuzzHelo, fuzzSalt, "other key"); err == nil {
		t.Fatal("PONG accepted with another key")
	}
}

// FuzzReply: decoding what a receiver sends (ack, HELO, PONG) never panics, and accepts
// only what it should.
func FuzzReply(f *testing.F) {
	for _, s := range seedReplies(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := nextReply(data)
		if err == nil && n > len(data) {
			t.Fatalf("reply length %d beyond %d bytes", n, len(data))
		}
		if checkAck(data, fuzzChunkID) == nil {
			v, _ := decodeReply(data)
			ack, _ := mapGet(v.(map[any]any), "ack")
			if ack != fuzzChunkID {
				t.Fatalf("accepted ack %v", ack)
			}
		}
		if h, err := parseHelo(data); err == nil && h.nonce == nil {
			t.Fatal("HELO without a nonce accepted")
		}
		if checkPong(data, fuzzHelo, fuzzSalt, "key") == nil {
			want := digest(fuzzSalt, []byte("receiver"), fuzzHelo.nonce, []byte("key"))
			if !bytes.Contains(data, []byte(want[:64])) {
				t.Fatal("PONG accepted without the digest")
			}
		}
	})
}
