package forward

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/ugorji/go/codec"
)

// The Forward protocol v1 messages this client exchanges, laid out as Fluent Bit's in_forward
// (plugins/in_forward/fw_prot.c) and out_forward (plugins/out_forward/forward.c) do:
//
//	frame (PackedForward): [tag, bin(events), {"chunk": id, "size": n}]
//	ack:                   {"ack": id}
//	HELO (server):         ["HELO", {"nonce": nonce, "auth": salt, "keepalive": bool}]
//	PING (client):         ["PING", self_hostname, shared_key_salt,
//	                        sha512_hex(shared_key_salt + self_hostname + nonce + shared_key),
//	                        username, sha512_hex(auth + username + password) or ""]
//	PONG (server):         ["PONG", auth_ok, reason, server_hostname,
//	                        sha512_hex(shared_key_salt + server_hostname + nonce + shared_key)]
//
// Replies are decoded with ugorji's msgpack codec into generic values and checked field by
// field, so a reply of any shape is an error and never a panic.

// maxReplyBytes bounds a reply (ack, HELO or PONG); out_forward reads acks into 512 bytes and
// handshake messages into 1024.
const maxReplyBytes = 4096

// ErrHandshake is wrapped, with ErrUnavailable, by errors from the shared-key handshake: a
// receiver that refused the key or the user, that does not hold the same key, or that
// speaks something else.
var ErrHandshake = errors.New("forward: handshake failed")

var msgpackHandle = func() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true   // str8 and bin, as current msgpack and Fluent Bit use
	h.MaxInitLen = 1024 // replies are small: never pre-allocate what a header claims
	return h
}()

// frameOverhead bounds the bytes a frame adds around its events for a tag of tagLen bytes:
// array header, tag, bin header and the options map.
func frameOverhead(tagLen int) int {
	const (
		arrayHeader = 1
		strHeader   = 5 // at most
		binHeader   = 5 // at most
		options     = 1 + len("\xa5chunk") + 2 + chunkIDLen + len("\xa4size") + 9
	)
	return arrayHeader + strHeader + tagLen + binHeader + options
}

// chunkIDLen is the length of a chunk id: base64 of 16 bytes.
const chunkIDLen = 24

// appendFrame appends a PackedForward frame carrying events.
func appendFrame(dst []byte, tag string, events [][]byte, id string) []byte {
	size := 0
	for _, e := range events {
		size += len(e)
	}
	dst = chunk.AppendArrayHeader(dst, 3)
	dst = chunk.AppendString(dst, tag)
	dst = chunk.AppendBinHeader(dst, size)
	for _, e := range events {
		dst = append(dst, e...)
	}
	dst = chunk.AppendMapHeader(dst, 2)
	dst = chunk.AppendString(dst, "chunk")
	dst = chunk.AppendString(dst, id)
	dst = chunk.AppendString(dst, "size")
	return chunk.AppendInt(dst, int64(len(events)))
}

// appendProbe appends a Forward mode message without events, [tag, [], {"chunk": id}].
// Fluent Bit's in_forward (4.x, 5.x) and Fluentd's acknowledge it and store nothing, so
// its ack tells that the receiver is reading the connection.
func appendProbe(dst []byte, tag, id string) []byte {
	dst = chunk.AppendArrayHeader(dst, 3)
	dst = chunk.AppendString(dst, tag)
	dst = chunk.AppendArrayHeader(dst, 0)
	dst = chunk.AppendMapHeader(dst, 1)
	dst = chunk.AppendString(dst, "chunk")
	return chunk.AppendString(dst, id)
}

// splitFrames groups events, in order, into frames whose events add up to at most limit
// bytes; an event larger than limit goes alone. It returns the end index of each group.
func splitFrames(ends []int, events [][]byte, limit int) []int {
	size := 0
	for i, e := range events {
		if size > 0 && size+len(e) > limit {
			ends = append(ends, i)
			size = 0
		}
		size += len(e)
	}
	return append(ends, len(events))
}

func decodeReply(b []byte) (any, error) {
	var v any
	if err := codec.NewDecoderBytes(b, msgpackHandle).Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// text returns a msgpack str or bin value as bytes.
func text(v any) ([]byte, bool) {
	switch x := v.(type) {
	case string:
		return []byte(x), true
	case []byte:
		return x, true
	}
	return nil, false
}

// mapGet returns the value under a string key of a decoded map.
func mapGet(m map[any]any, key string) (any, bool) {
	for k, v := range m {
		if kb, ok := text(k); ok && string(kb) == key {
			return v, true
		}
	}
	return nil, false
}

// checkAck checks that the reply b acknowledges the chunk id.
func checkAck(b []byte, id string) error {
	v, err := decodeReply(b)
	if err != nil {
		return fmt.Errorf("unreadable ack: %w", err)
	}
	m, ok := v.(map[any]any)
	if !ok {
		if arr, isArray := v.([]any); isArray && len(arr) > 0 {
			if s, _ := text(arr[0]); string(s) == "HELO" {
				return errors.New("the receiver asks for a shared-key handshake: set the shared key")
			}
		}
		return fmt.Errorf("reply is not an ack map: %T", v)
	}
	ack, ok := mapGet(m, "ack")
	if !ok {
		return errors.New("reply has no ack")
	}
	got, ok := ack.(string)
	if !ok {
		return fmt.Errorf("ack is %T, not a string", ack)
	}
	if got != id {
		return fmt.Errorf("ack %q for chunk %q", got, id)
	}
	return nil
}

// helo is the server's greeting in the shared-key handshake.
type helo struct {
	nonce     []byte
	auth      []byte // salt for the user's password digest; nil when the server sent none
	keepalive bool
}

func parseHelo(b []byte) (helo, error) {
	v, err := decodeReply(b)
	if err != nil {
		return helo{}, fmt.Errorf("unreadable HELO: %w", err)
	}
	arr, ok := v.([]any)
	if !ok || len(arr) < 2 {
		return helo{}, errors.New("HELO is not an array of 2")
	}
	if s, _ := text(arr[0]); string(s) != "HELO" {
		return helo{}, fmt.Errorf("expected HELO, got %.20q", s)
	}
	opts, ok := arr[1].(map[any]any)
	if !ok {
		return helo{}, errors.New("HELO options are not a map")
	}
	h := helo{keepalive: true}
	if v, ok := mapGet(opts, "nonce"); ok {
		h.nonce, _ = text(v)
	}
	if h.nonce == nil {
		return helo{}, errors.New("HELO has no nonce")
	}
	if v, ok := mapGet(opts, "auth"); ok {
		h.auth, _ = text(v)
	}
	if v, ok := mapGet(opts, "keepalive"); ok {
		if k, isBool := v.(bool); isBool {
			h.keepalive = k
		}
	}
	return h, nil
}

// digest returns sha512_hex of the concatenated parts.
func digest(parts ...[]byte) string {
	h := sha512.New()
	for _, p := range parts {
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendPing appends the client's PING for the server's HELO.
func appendPing(dst []byte, h helo, salt []byte, hostname, sharedKey, username, password string) ([]byte, error) {
	passwordDigest := ""
	if h.auth != nil {
		passwordDigest = digest(h.auth, []byte(username), []byte(password))
	}
	ping := []any{
		"PING",
		hostname,
		string(salt),
		digest(salt, []byte(hostname), h.nonce, []byte(sharedKey)),
		username,
		passwordDigest,
	}
	err := codec.NewEncoderBytes(&dst, msgpackHandle).Encode(ping)
	return dst, err
}

// checkPong checks the server's PONG: that it accepted us, and that its digest proves it
// holds the shared key.
func checkPong(b []byte, h helo, salt []byte, sharedKey string) error {
	v, err := decodeReply(b)
	if err != nil {
		return fmt.Errorf("unreadable PONG: %w", err)
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 5 {
		return errors.New("PONG is not an array of 5")
	}
	if s, _ := text(arr[0]); string(s) != "PONG" {
		return fmt.Errorf("expected PONG, got %.20q", s)
	}
	accepted, ok := arr[1].(bool)
	if !ok {
		return errors.New("PONG auth result is not a bool")
	}
	if !accepted {
		reason, _ := text(arr[2])
		return fmt.Errorf("the receiver refused us: %.100q", reason)
	}
	host, ok := text(arr[3])
	if !ok {
		return errors.New("PONG server hostname is not a string")
	}
	got, ok := text(arr[4])
	if !ok {
		return errors.New("PONG digest is not a string")
	}
	want := digest(salt, host, h.nonce, []byte(sharedKey))
	if subtle.ConstantTimeCompare(got, []byte(want)) != 1 {
		return errors.New("the receiver does not hold the same shared key (PONG digest mismatch)")
	}
	return nil
}

// nextReply returns the length of the first complete msgpack object in buf, 0 when more
// bytes are needed.
func nextReply(buf []byte) (int, error) {
	n, err := chunk.ObjectLen(buf)
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, chunk.ErrTruncated):
		if len(buf) >= maxReplyBytes {
			return 0, fmt.Errorf("reply larger than %d bytes", maxReplyBytes)
		}
		return 0, nil
	}
	return 0, fmt.Errorf("reply is not msgpack: %x", buf[:min(len(buf), 16)])
}
