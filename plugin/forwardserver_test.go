package main

// A Forward protocol receiver for the ABI test, behaving like Fluent Bit's in_forward:
// it accepts Message, Forward, PackedForward and CompressedPackedForward (gzip) frames and
// answers {"ack": chunk} when the option asks for it. Its misbehaving modes stand for a
// receiver that never acknowledges and one that drops the connection.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
)

type serverMode int

const (
	ackEveryFrame  serverMode = iota // a healthy in_forward
	neverAck                         // reads frames, never answers
	dropConnection                   // closes the connection on the first frame
)

// frame is one Forward message as received: its tag and its entries, concatenated as
// PackedForward carries them.
type frame struct {
	tag     string
	entries []byte
	chunkID string
}

type forwardServer struct {
	t    *testing.T
	ln   net.Listener
	mode serverMode

	mu     sync.Mutex
	frames []frame
	conns  []net.Conn
	errs   []error
	wg     sync.WaitGroup
}

// startForwardServer listens on network ("unix" or "tcp") at address and serves until
// the test ends.
func startForwardServer(t *testing.T, network, address string, mode serverMode) *forwardServer {
	t.Helper()
	ln, err := net.Listen(network, address)
	if err != nil {
		t.Fatalf("listen %s %s: %v", network, address, err)
	}
	s := &forwardServer{t: t, ln: ln, mode: mode}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.stop)
	return s
}

// address is the server's address as forward_address spells it.
func (s *forwardServer) address() string {
	return s.ln.Addr().Network() + "://" + s.ln.Addr().String()
}

func (s *forwardServer) stop() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	for _, err := range s.errs {
		s.t.Errorf("forward server %s: %v", s.address(), err)
	}
}

func (s *forwardServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.serve(c)
		}()
	}
}

func (s *forwardServer) serve(c net.Conn) {
	var buf []byte
	tmp := make([]byte, 64<<10)
	for {
		n, err := mpLen(buf)
		if errors.Is(err, errShort) {
			m, rerr := c.Read(tmp)
			if rerr != nil {
				if len(buf) > 0 && !errors.Is(rerr, net.ErrClosed) && rerr != io.EOF {
					s.fail(rerr)
				}
				return
			}
			buf = append(buf, tmp[:m]...)
			continue
		}
		if err != nil {
			s.fail(err)
			return
		}
		msg := buf[:n]
		if s.mode == dropConnection {
			return
		}
		f, ackWanted, err := parseFrame(msg)
		if err != nil {
			s.fail(err)
			return
		}
		if len(f.entries) > 0 { // a message without events is the client's probe: acked, not kept
			s.mu.Lock()
			s.frames = append(s.frames, f)
			s.mu.Unlock()
		}
		if ackWanted && s.mode == ackEveryFrame {
			ack := mpWriter(nil).mapHeader(1).str("ack").str(f.chunkID)
			if _, err := c.Write(ack); err != nil {
				s.fail(err)
				return
			}
		}
		buf = append(buf[:0], buf[n:]...)
	}
}

func (s *forwardServer) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

// received returns the frames so far.
func (s *forwardServer) received() []frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]frame(nil), s.frames...)
}

// parseFrame reads [tag, entries, option] in any of the Forward modes.
func parseFrame(msg []byte) (f frame, ackWanted bool, err error) {
	_, elems, err := mpElems(msg)
	if err != nil || len(elems) < 2 {
		return f, false, errors.New("frame is not an array of at least 2")
	}
	tag, ok := mpString(elems[0])
	if !ok {
		return f, false, errors.New("frame tag is not a string")
	}
	f.tag = tag
	var option []byte
	switch second := elems[1]; {
	case len(second) > 0 && (second[0]>>4 == 0x9 || second[0] == 0xdc || second[0] == 0xdd):
		// Forward: an array of entries.
		_, entries, err := mpElems(second)
		if err != nil {
			return f, false, err
		}
		for _, e := range entries {
			f.entries = append(f.entries, e...)
		}
		if len(elems) > 2 {
			option = elems[2]
		}
	default:
		if packed, ok := mpString(second); ok {
			// PackedForward, possibly compressed.
			f.entries = []byte(packed)
			if len(elems) > 2 {
				option = elems[2]
			}
			break
		}
		// Message: [tag, time, record, option].
		if len(elems) < 3 {
			return f, false, errors.New("message mode frame without a record")
		}
		f.entries = mpWriter(nil).array(2).raw(elems[1]).raw(elems[2])
		if len(elems) > 3 {
			option = elems[3]
		}
	}
	if option == nil {
		return f, false, nil
	}
	keys, vals, err := mpPairs(option)
	if err != nil {
		return f, false, err
	}
	for i, k := range keys {
		switch k {
		case "chunk":
			f.chunkID, _ = mpString(vals[i])
			ackWanted = true
		case "compressed":
			if v, _ := mpString(vals[i]); v == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(f.entries))
				if err != nil {
					return f, false, err
				}
				if f.entries, err = io.ReadAll(zr); err != nil {
					return f, false, err
				}
			}
		}
	}
	return f, ackWanted, nil
}
