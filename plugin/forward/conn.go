package forward

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"
)

// conn is one connection to the receiver, with the reply bytes read but not yet used.
type conn struct {
	net.Conn           // the connection frames go through: raw, or TLS over raw
	raw       net.Conn // the socket
	pending   []byte   // bytes of the next reply received so far
	keepalive bool     // the receiver keeps the connection for more frames
	// served is set once the receiver acknowledged a message on the connection: it is
	// reading it, not leaving it in the backlog of a paused input.
	served bool
}

// dial connects, wraps TLS and runs the handshake, all before deadline. Close interrupts it.
func (c *Client) dial(deadline time.Time) (cn *conn, err error) {
	ctx, cancel := context.WithDeadline(c.ctx, deadline)
	defer cancel()
	nc, err := c.dialer.DialContext(ctx, c.network, c.addr)
	if err != nil {
		if c.ctx.Err() != nil {
			return nil, ErrClosed
		}
		return nil, err
	}
	raw := nc
	// Close must interrupt the handshake too: closing the socket ends any read or write.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer func() {
		if !stop() && err == nil {
			err = errors.New("connection closed during the handshake")
		}
		if err != nil {
			nc.Close()
			cn = nil
			if c.ctx.Err() != nil {
				err = ErrClosed
			}
		}
	}()
	if err := nc.SetDeadline(deadline); err != nil {
		return nil, err
	}
	if c.tls != nil {
		tc := tls.Client(nc, c.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		nc = tc
	}
	cn = &conn{Conn: nc, raw: raw, keepalive: true}
	if c.opt.SharedKey != "" {
		if err := c.handshake(cn); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrHandshake, err)
		}
	}
	return cn, nil
}

// handshake runs HELO, PING, PONG as Fluent Bit's in_forward expects them.
func (c *Client) handshake(cn *conn) error {
	reply, err := cn.readReply()
	if err != nil {
		return fmt.Errorf("waiting for HELO: %w", err)
	}
	h, err := parseHelo(reply)
	if err != nil {
		return err
	}
	cn.keepalive = h.keepalive
	var salt [16]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return err
	}
	ping, err := appendPing(nil, h, salt[:], c.opt.SelfHostname, c.opt.SharedKey, c.opt.Username, c.opt.Password)
	if err != nil {
		return err
	}
	if _, err := cn.Write(ping); err != nil {
		return fmt.Errorf("sending PING: %w", err)
	}
	if reply, err = cn.readReply(); err != nil {
		// in_forward closes the connection without a PONG when the key does not match.
		return fmt.Errorf("waiting for PONG (a receiver with another shared key closes the connection): %w", err)
	}
	return checkPong(reply, h, salt[:], c.opt.SharedKey)
}

// readReply reads one msgpack reply within the connection's deadline.
func (cn *conn) readReply() ([]byte, error) {
	for {
		if len(cn.pending) > 0 {
			n, err := nextReply(cn.pending)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				reply := cn.pending[:n:n]
				cn.pending = cn.pending[n:]
				return reply, nil
			}
		}
		if cn.pending == nil || cap(cn.pending)-len(cn.pending) == 0 {
			grown := make([]byte, len(cn.pending), maxReplyBytes)
			copy(grown, cn.pending)
			cn.pending = grown
		}
		n, err := cn.Read(cn.pending[len(cn.pending):cap(cn.pending)])
		cn.pending = cn.pending[:len(cn.pending)+n]
		if err != nil && n == 0 {
			return nil, err
		}
	}
}

// alive reports whether an idle connection can carry another frame: the receiver has not
// closed it, and it holds no stray bytes that a later ack would be confused with. It looks
// at the socket without reading from it (see peekSocket), so it costs one system call.
func (cn *conn) alive() bool {
	if len(cn.pending) > 0 {
		return false
	}
	switch peekSocket(cn.raw) {
	case socketClosed:
		return false
	case socketHasData:
		// Bytes on a plain connection are a stray reply. Under TLS they may just be a
		// session ticket the library reads and drops, so only a closed socket counts.
		return cn.raw != cn.Conn
	}
	return true
}
