package forward

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ugorji/go/codec"
)

func TestHandshake(t *testing.T) {
	cases := []struct {
		name    string
		server  []serverOption
		client  Options
		wantErr string // empty: delivered
	}{
		{"shared key", []serverOption{withSharedKey("s3cret")}, Options{SharedKey: "s3cret"}, ""},
		{"shared key and user", []serverOption{withSharedKey("s3cret"), withUser("alice", "pw")},
			Options{SharedKey: "s3cret", Username: "alice", Password: "pw"}, ""},
		{"client has another key", []serverOption{withSharedKey("s3cret")}, Options{SharedKey: "other"},
			"waiting for PONG"},
		{"receiver does not hold the key", []serverOption{withSharedKey("s3cret"), withPongKey("liar")},
			Options{SharedKey: "s3cret"}, "does not hold the same shared key"},
		{"wrong password", []serverOption{withSharedKey("s3cret"), withUser("alice", "pw")},
			Options{SharedKey: "s3cret", Username: "alice", Password: "guess"}, "username/password mismatch"},
		{"unknown user", []serverOption{withSharedKey("s3cret"), withUser("alice", "pw")},
			Options{SharedKey: "s3cret", Username: "bob", Password: "pw"}, "refused us"},
		{"receiver wants a key we lack", []serverOption{withSharedKey("s3cret")}, Options{},
			"asks for a shared-key handshake"},
	}
	for _, network := range []string{"tcp", "unix"} {
		for _, c := range cases {
			t.Run(network+"/"+c.name, func(t *testing.T) {
				s := startServer(t, network, c.server...)
				c.client.AckTimeout = 2 * time.Second
				cl, _ := newClient(t, s, c.client)
				err := cl.Send("hs", events(2, 10))
				if c.wantErr == "" {
					if err != nil {
						t.Fatalf("Send: %v", err)
					}
					if err := cl.Send("hs", events(2, 10)); err != nil || s.accepted.Load() != 1 {
						t.Fatalf("second Send: %v, %d connections", err, s.accepted.Load())
					}
					return
				}
				if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Send = %v, want ErrUnavailable with %q", err, c.wantErr)
				}
				if c.client.SharedKey != "" && !errors.Is(err, ErrHandshake) {
					t.Fatalf("Send = %v, want ErrHandshake", err)
				}
				if len(s.received()) != 0 {
					t.Fatal("events delivered despite the failed handshake")
				}
			})
		}
	}
}

func TestHandshakeKeepaliveFalse(t *testing.T) {
	s := startServer(t, "tcp", withSharedKey("k"), withKeepalive(false))
	c, _ := newClient(t, s, Options{SharedKey: "k"})
	for i := 0; i < 3; i++ {
		if err := c.Send("t", events(1, 1)); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.accepted.Load(); got != 3 {
		t.Fatalf("%d connections for 3 Sends to a receiver without keepalive, want 3", got)
	}
}

// TestPingLayout pins the PING message against the layout and digests in_forward checks.
func TestPingLayout(t *testing.T) {
	h := helo{nonce: []byte("0123456789abcdef"), auth: []byte("fedcba9876543210"), keepalive: true}
	salt := []byte("saltsaltsaltsalt")
	b, err := appendPing(nil, h, salt, "host-a", "key", "alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	v, err := decodeReply(b)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := v.([]any)
	if !ok || len(got) != 6 {
		t.Fatalf("PING is %#v", v)
	}
	want := []string{
		"PING", "host-a", string(salt),
		digest(salt, []byte("host-a"), h.nonce, []byte("key")),
		"alice",
		digest(h.auth, []byte("alice"), []byte("pw")),
	}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("PING[%d] = %q, want %q", i, got[i], w)
		}
	}
	if len(want[3]) != 128 || strings.ToLower(want[3]) != want[3] {
		t.Fatalf("digest %q is not 128 lower-case hex digits", want[3])
	}
	// Without an auth salt in HELO the password digest is empty, as out_forward sends it.
	b, _ = appendPing(nil, helo{nonce: h.nonce}, salt, "host-a", "key", "", "")
	v, _ = decodeReply(b)
	if got := v.([]any); got[4] != "" || got[5] != "" {
		t.Fatalf("PING without auth: %q", got[4:])
	}
}

func TestParseHelo(t *testing.T) {
	enc := func(v any) []byte {
		var b []byte
		if err := codec.NewEncoderBytes(&b, msgpackHandle).Encode(v); err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name      string
		in        []byte
		nonce     string
		keepalive bool
		err       string
	}{
		{"in_forward", enc([]any{"HELO", map[string]any{"nonce": "n", "auth": "a"}}), "n", true, ""},
		{"fluentd", enc([]any{"HELO", map[string]any{"nonce": []byte("n"), "auth": "", "keepalive": false}}), "n", false, ""},
		{"no nonce", enc([]any{"HELO", map[string]any{"auth": "a"}}), "", false, "no nonce"},
		{"not HELO", enc([]any{"PONG", map[string]any{}}), "", false, "expected HELO"},
		{"options not a map", enc([]any{"HELO", 1}), "", false, "not a map"},
		{"not an array", enc("HELO"), "", false, "not an array"},
		{"garbage", []byte{0xc1}, "", false, "unreadable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := parseHelo(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || string(h.nonce) != c.nonce || h.keepalive != c.keepalive {
				t.Fatalf("got %+v, %v", h, err)
			}
		})
	}
}
