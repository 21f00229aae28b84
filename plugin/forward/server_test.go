package forward

import (
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/ugorji/go/codec"
)

// mode is how the fake receiver treats frames; it can change while connections are open.
type mode int32

const (
	ackFrames     mode = iota // a healthy in_forward
	neverAck                  // reads frames, never answers
	wrongAck                  // answers with another chunk id
	closeMidFrame             // closes the connection after the first bytes of a frame
	stall                     // accepts the connection and never reads from it
	closeOnAccept             // closes every connection as soon as it is accepted
)

// pauseRule makes the fake server behave like an in_forward whose input goes over its
// Mem_Buf_Limit: once the frames taken since it last resumed add up to afterBytes, it
// closes every connection (Fluent Bit's in_fw_pause), serves no connection until it
// resumes resumeAfter later (its output flushed the buffer), then takes frames again.
type pauseRule struct {
	afterBytes  int
	resumeAfter time.Duration
	// loseAck closes the connections before acking the frame that crossed the limit, which
	// the receiver keeps: the client cannot know, and sends it again.
	loseAck bool
	// refuse closes connections as soon as they are accepted while paused (in_forward with
	// workers above 1); otherwise they wait unserved, as in the backlog of an in_forward
	// whose collector is paused.
	refuse bool
}

// received is one frame as the receiver decoded it.
type received struct {
	tag     string
	entries []byte
	chunkID string
	size    int64
	bytes   int // the frame's length on the wire
}

// fakeServer is a Forward receiver that behaves like Fluent Bit's in_forward, or misbehaves
// on command.
type fakeServer struct {
	t       testing.TB
	network string
	address string
	tls     *tls.Config

	// Shared-key handshake, as in_forward does it. pongKey is the key the server proves in
	// its PONG: a receiver with another key, when it differs from sharedKey.
	sharedKey, pongKey string
	users              map[string]string
	keepalive          *bool // sent in HELO when set (in_forward sends none)

	discard  bool // keep no frames (benchmarks)
	mode     atomic.Int32
	accepted atomic.Int64
	gotFrame chan received // every frame, if not nil (buffered by the test)
	hold     chan struct{} // when not nil, acks wait until it is closed
	// maxFrameBytes, when set, is in_forward's buffer_max_size: a frame whose entries are
	// larger closes the connection, unacknowledged and not stored.
	maxFrameBytes int
	pause         *pauseRule
	probes        atomic.Int64 // messages without events, acknowledged and not stored
	pauses        atomic.Int64
	lostAcks      atomic.Int64 // frames stored whose ack was never sent
	closedAlls    atomic.Int64 // pauses whose connections are all closed

	mu      sync.Mutex
	ln      net.Listener
	conns   map[net.Conn]struct{}
	frames  []received
	quit    chan struct{} // closed on stop and restart: stalled handlers end
	wg      sync.WaitGroup
	taken   int           // entry bytes taken since the last resume (pause)
	resumed chan struct{} // while paused, closed when the server resumes; nil otherwise
}

type serverOption func(*fakeServer)

func withTLS(cfg *tls.Config) serverOption { return func(s *fakeServer) { s.tls = cfg } }
func withSharedKey(key string) serverOption {
	return func(s *fakeServer) { s.sharedKey, s.pongKey = key, key }
}
func withPongKey(key string) serverOption { return func(s *fakeServer) { s.pongKey = key } }
func withUser(name, password string) serverOption {
	return func(s *fakeServer) {
		if s.users == nil {
			s.users = map[string]string{}
		}
		s.users[name] = password
	}
}
func withKeepalive(k bool) serverOption  { return func(s *fakeServer) { s.keepalive = &k } }
func withPause(p pauseRule) serverOption { return func(s *fakeServer) { s.pause = &p } }
func withMaxFrame(n int) serverOption    { return func(s *fakeServer) { s.maxFrameBytes = n } }

// startServer listens on loopback TCP or on a unix socket in a temporary directory.
func startServer(t testing.TB, network string, opts ...serverOption) *fakeServer {
	t.Helper()
	s := &fakeServer{t: t, network: network, conns: map[net.Conn]struct{}{}}
	for _, o := range opts {
		o(s)
	}
	switch network {
	case "tcp":
		s.address = "127.0.0.1:0"
	case "unix":
		s.address = filepath.Join(t.TempDir(), "in.sock")
	}
	s.listen()
	t.Cleanup(s.stop)
	return s
}

// addr is the server's address as Options.Address spells it.
func (s *fakeServer) addr() string { return s.network + "://" + s.address }

func (s *fakeServer) setMode(m mode) { s.mode.Store(int32(m)) }

func (s *fakeServer) listen() {
	s.t.Helper()
	ln, err := net.Listen(s.network, s.address)
	if err != nil {
		s.t.Fatalf("listen: %v", err)
	}
	s.address = ln.Addr().String() // the port chosen, kept for restarts
	if s.tls != nil {
		ln = tls.NewListener(ln, s.tls)
	}
	s.mu.Lock()
	s.ln = ln
	s.quit = make(chan struct{})
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln)
}

// shutdown closes the listener and every connection, then waits for the handlers.
func (s *fakeServer) shutdown() {
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
		close(s.quit)
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// restart stops the receiver and starts it again on the same address.
func (s *fakeServer) restart() {
	s.shutdown()
	s.listen()
}

func (s *fakeServer) stop() { s.shutdown() }

func (s *fakeServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.frames...)
}

func (s *fakeServer) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.accepted.Add(1)
		s.mu.Lock()
		if s.ln != ln { // shut down while this connection was being accepted
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		quit := s.quit
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serve(c, quit)
		}()
	}
}

var serverHandle = func() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	return h
}()

func (s *fakeServer) write(c net.Conn, v any) error {
	var b []byte
	if err := codec.NewEncoderBytes(&b, serverHandle).Encode(v); err != nil {
		return err
	}
	_, err := c.Write(b)
	return err
}

// reader returns the next complete msgpack object from c.
type reader struct {
	s    *fakeServer
	c    net.Conn
	buf  []byte
	used int    // bytes of buf returned by the last call
	read []byte // scratch for reads
}

// next returns the next object; it is valid until the following call.
func (r *reader) next() ([]byte, error) {
	r.buf = r.buf[:copy(r.buf, r.buf[r.used:])]
	r.used = 0
	for {
		if n, err := chunk.ObjectLen(r.buf); err == nil {
			r.used = n
			return r.buf[:n:n], nil
		} else if !errors.Is(err, chunk.ErrTruncated) {
			return nil, err
		}
		if r.read == nil {
			r.read = make([]byte, 64<<10)
		}
		n, err := r.c.Read(r.read)
		if n == 0 && err != nil {
			return nil, err
		}
		r.buf = append(r.buf, r.read[:n]...)
		if mode(r.s.mode.Load()) == closeMidFrame {
			return nil, errors.New("closing mid-frame")
		}
	}
}

func (s *fakeServer) serve(c net.Conn, quit chan struct{}) {
	switch mode(s.mode.Load()) {
	case closeOnAccept:
		return
	case stall:
		<-quit
		return
	}
	if resumed := s.pausedUntil(); resumed != nil {
		if s.pause.refuse {
			return
		}
		select { // unserved, as in the backlog of a paused collector
		case <-resumed:
		case <-quit:
			return
		}
	}
	r := &reader{s: s, c: c}
	if s.sharedKey != "" && !s.handshake(c, r) {
		return
	}
	for {
		obj, err := r.next()
		if err != nil {
			return
		}
		if isProbe(obj) {
			s.probes.Add(1)
			if s.ack(c, obj) != nil {
				return
			}
			continue
		}
		got, err := parseFrame(obj)
		if err != nil {
			s.t.Errorf("fake server: %v", err)
			return
		}
		if s.maxFrameBytes > 0 && len(got.entries) > s.maxFrameBytes {
			return // in_forward: "packedforward payload too large", connection dropped
		}
		if s.pausedUntil() != nil {
			return // paused since this connection was served: in_forward refuses the append
		}
		if !s.discard {
			got.entries = append([]byte(nil), got.entries...)
			s.mu.Lock()
			s.frames = append(s.frames, got)
			s.mu.Unlock()
		}
		if s.gotFrame != nil {
			s.gotFrame <- got
		}
		if s.hold != nil && got.tag == "slow" {
			select {
			case <-s.hold:
			case <-quit:
				return
			}
		}
		if s.pause != nil && s.takeAndMaybePause(len(got.entries)) {
			if s.pause.loseAck {
				s.lostAcks.Add(1)
			} else if s.write(c, map[string]any{"ack": got.chunkID}) != nil {
				return
			}
			s.closeAll() // in_fw_pause: every connection goes, this one included
			return
		}
		switch mode(s.mode.Load()) {
		case ackFrames:
			err = s.write(c, map[string]any{"ack": got.chunkID})
		case wrongAck:
			err = s.write(c, map[string]any{"ack": "AAAAAAAAAAAAAAAAAAAAAA=="})
		}
		if err != nil {
			return
		}
	}
}

// pausedUntil returns, while the server is paused, a channel closed when it resumes.
func (s *fakeServer) pausedUntil() chan struct{} {
	if s.pause == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumed
}

// takeAndMaybePause counts a stored frame's bytes and starts a pause when they reach the
// rule's limit; it reports whether it did.
func (s *fakeServer) takeAndMaybePause(n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.taken += n
	if s.taken < s.pause.afterBytes || s.resumed != nil {
		return false
	}
	s.pauses.Add(1)
	resumed := make(chan struct{})
	s.resumed = resumed
	time.AfterFunc(s.pause.resumeAfter, func() {
		s.mu.Lock()
		s.resumed, s.taken = nil, 0
		s.mu.Unlock()
		close(resumed)
	})
	return true
}

// closeAll closes every connection, as a pausing in_forward does.
func (s *fakeServer) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
	s.closedAlls.Add(1)
}

// waitClosedAll waits until the server has paused and closed its connections.
func (s *fakeServer) waitClosedAll(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); s.closedAlls.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the receiver did not pause")
		}
	}
}

// isProbe reports whether obj is a Forward mode message without events, [tag, [], opts].
func isProbe(obj []byte) bool {
	if len(obj) == 0 || obj[0] != 0x93 {
		return false
	}
	n, err := chunk.ObjectLen(obj[1:])
	return err == nil && 1+n < len(obj) && obj[1+n] == 0x90
}

// ack answers a probe with the chunk id of its options, as the mode says.
func (s *fakeServer) ack(c net.Conn, obj []byte) error {
	p := 1
	for i := 0; i < 2; i++ {
		n, err := chunk.ObjectLen(obj[p:])
		if err != nil {
			return err
		}
		p += n
	}
	var opts map[string]any
	if err := codec.NewDecoderBytes(obj[p:], serverHandle).Decode(&opts); err != nil {
		return fmt.Errorf("probe options: %v", err)
	}
	id, _ := opts["chunk"].(string)
	if id == "" {
		s.t.Errorf("fake server: a probe without a chunk id")
		return errors.New("probe without a chunk id")
	}
	switch mode(s.mode.Load()) {
	case ackFrames:
		return s.write(c, map[string]any{"ack": id})
	case wrongAck:
		return s.write(c, map[string]any{"ack": "AAAAAAAAAAAAAAAAAAAAAA=="})
	}
	return nil
}

// parseFrame splits a PackedForward frame [tag, bin(entries), options] without copying
// the entries.
func parseFrame(obj []byte) (received, error) {
	if len(obj) == 0 || obj[0] != 0x93 {
		return received{}, fmt.Errorf("not a 3-element array: %x", obj[:min(len(obj), 8)])
	}
	var parts [3][]byte
	p := 1
	for i := range parts {
		n, err := chunk.ObjectLen(obj[p:])
		if err != nil {
			return received{}, err
		}
		parts[i] = obj[p : p+n]
		p += n
	}
	var tag string
	var opts map[string]any
	if err := codec.NewDecoderBytes(parts[0], serverHandle).Decode(&tag); err != nil {
		return received{}, fmt.Errorf("tag: %v", err)
	}
	if err := codec.NewDecoderBytes(parts[2], serverHandle).Decode(&opts); err != nil {
		return received{}, fmt.Errorf("options: %v", err)
	}
	bin := parts[1]
	var entries []byte
	switch bin[0] {
	case 0xc4:
		entries = bin[2:]
	case 0xc5:
		entries = bin[3:]
	case 0xc6:
		entries = bin[5:]
	default:
		return received{}, fmt.Errorf("entries are not bin: %x", bin[0])
	}
	id, _ := opts["chunk"].(string)
	var size int64
	switch v := opts["size"].(type) {
	case int64:
		size = v
	case uint64:
		size = int64(v)
	}
	return received{tag: tag, entries: entries, chunkID: id, size: size, bytes: len(obj)}, nil
}

// handshake is in_forward's side of HELO, PING, PONG (plugins/in_forward/fw_prot.c).
func (s *fakeServer) handshake(c net.Conn, r *reader) bool {
	nonce, auth := make([]byte, 16), make([]byte, 16)
	rand.Read(nonce)
	rand.Read(auth)
	opts := map[string]any{"nonce": string(nonce), "auth": string(auth)}
	if s.keepalive != nil {
		opts["keepalive"] = *s.keepalive
	}
	if s.write(c, []any{"HELO", opts}) != nil {
		return false
	}
	obj, err := r.next()
	if err != nil {
		return false
	}
	var ping []any
	if codec.NewDecoderBytes(obj, serverHandle).Decode(&ping) != nil || len(ping) != 6 || ping[0] != "PING" {
		return false
	}
	hostname, _ := ping[1].(string)
	salt, _ := ping[2].(string)
	keyDigest, _ := ping[3].(string)
	username, _ := ping[4].(string)
	passwordDigest, _ := ping[5].(string)
	want := digest([]byte(salt), []byte(hostname), nonce, []byte(s.sharedKey))
	if subtle.ConstantTimeCompare([]byte(keyDigest), []byte(want)) != 1 {
		return false // in_forward logs "shared_key mismatch" and closes without a PONG
	}
	if len(s.users) > 0 {
		password, known := s.users[username]
		if !known || passwordDigest != digest(auth, []byte(username), []byte(password)) {
			s.write(c, []any{"PONG", false, "username/password mismatch", "", ""})
			return false
		}
	}
	const serverHostname = "receiver"
	pong := digest([]byte(salt), []byte(serverHostname), nonce, []byte(s.pongKey))
	return s.write(c, []any{"PONG", true, "", serverHostname, pong}) == nil
}
