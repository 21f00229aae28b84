// Package forward re-emits annotated events to a Fluent Bit in_forward (or any Forward
// protocol v1 receiver, such as Fluentd) and reports delivery only once the receiver has
// acknowledged every event.
//
// Events travel as PackedForward frames, [tag, bin(events), {"chunk": id, "size": n}], so
// their bytes, metadata included, arrive exactly as given. A frame stays below
// MaxFrameBytes, split at event boundaries, because in_forward drops frames over its
// buffer_max_size. Each frame asks for an ack and Send waits for it, bounded by AckTimeout:
// Fluent Bit's shutdown must not hang on a receiver that is gone.
//
// Every failure to deliver wraps ErrUnavailable; the plugin maps it to FLB_RETRY, so Fluent
// Bit keeps the chunk and retries it. Frames acknowledged before the failure are then sent
// again: delivery is at least once, as Fluent Bit's own retries are.
//
// A Client is safe for concurrent use: Fluent Bit runs up to `workers` flushes of one
// output at once, and each Send holds its own connection from a small pool, so one slow
// ack does not hold the others up. A connection that fails in any way is closed and never
// reused; dialing again after failures waits out a backoff, during which Send fails at
// once. The Client starts no goroutines.
//
// The shared-key handshake (HELO, PING, PONG) follows Fluent Bit's in_forward and
// out_forward byte for byte, and checks the receiver's digest too, so a receiver that does
// not hold the key is refused. Protocol replies are decoded with ugorji's msgpack codec;
// frames are built with package chunk's appenders, which copy each event once and do not
// re-encode it.
package forward

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrUnavailable is wrapped by every error of Send: the events were not all delivered and
// should be sent again later.
var ErrUnavailable = errors.New("forward: receiver unavailable")

// ErrClosed is wrapped, with ErrUnavailable, by Send on a closed Client.
var ErrClosed = errors.New("forward: client closed")

// Defaults for zero Options fields.
const (
	DefaultDialTimeout   = 2 * time.Second
	DefaultAckTimeout    = 3 * time.Second // below Fluent Bit's 5 s shutdown grace
	DefaultMaxFrameBytes = 4 << 20         // in_forward's buffer_max_size is 6,144,000 by default
	DefaultMaxConns      = 4
	DefaultBackoffMin    = 100 * time.Millisecond
	DefaultBackoffMax    = 5 * time.Second
	// MinFrameBytes is the smallest MaxFrameBytes accepted: room for a tag and a record.
	MinFrameBytes = 1 << 10
)

// Options configure a Client. Zero fields take the defaults above.
type Options struct {
	// Address is unix:///path/to.sock or tcp://host:port.
	Address string
	// TagPrefix is prepended to the tag of every frame.
	TagPrefix string
	// SharedKey, when set, enables the shared-key handshake on every new connection.
	SharedKey string
	// SelfHostname is sent in the handshake; the host name by default.
	SelfHostname string
	// Username and Password answer a receiver that also authenticates users.
	Username, Password string
	// TLS, when set, wraps tcp:// connections in TLS. A config without ServerName gets the
	// host of Address.
	TLS *tls.Config
	// DialTimeout bounds connecting, TLS and the handshake, together with waiting for a
	// free connection.
	DialTimeout time.Duration
	// AckTimeout bounds writing a Send's frames and waiting for their acks. A Send returns
	// within DialTimeout + AckTimeout.
	AckTimeout time.Duration
	// MaxFrameBytes is the largest frame sent; a single event that does not fit is sent
	// alone in a larger frame.
	MaxFrameBytes int
	// MaxConns bounds the connections, hence the Sends in flight at once.
	MaxConns int
	// BackoffMin and BackoffMax bound the wait before dialing again after consecutive
	// failures: BackoffMin, doubling per failure, at most BackoffMax.
	BackoffMin, BackoffMax time.Duration
}

// Client sends events to one receiver.
type Client struct {
	opt      Options
	network  string // "unix" or "tcp"
	addr     string
	tls      *tls.Config
	now      func() time.Time // the backoff clock; tests replace it
	dialer   net.Dialer
	ctx      context.Context // cancelled by Close, to interrupt dials
	cancel   context.CancelFunc
	slots    chan struct{} // a token per connection a Send may hold
	frameBuf sync.Pool     // *[]byte

	mu       sync.Mutex
	closed   bool
	idle     []*conn
	busy     map[*conn]struct{}
	failures int       // consecutive failed Sends
	retryAt  time.Time // no dialing before this, after failures
}

// New validates opt and returns a Client. It does not connect: the first Send does.
func New(opt Options) (*Client, error) {
	network, addr, err := parseAddress(opt.Address)
	if err != nil {
		return nil, err
	}
	var errs []error
	if opt.TLS != nil && network != "tcp" {
		errs = append(errs, fmt.Errorf("forward: TLS needs a tcp:// address, got %q", opt.Address))
	}
	if opt.MaxFrameBytes != 0 && opt.MaxFrameBytes < MinFrameBytes {
		errs = append(errs, fmt.Errorf("forward: MaxFrameBytes must be at least %d, got %d", MinFrameBytes, opt.MaxFrameBytes))
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{{"DialTimeout", opt.DialTimeout}, {"AckTimeout", opt.AckTimeout}, {"BackoffMin", opt.BackoffMin}, {"BackoffMax", opt.BackoffMax}} {
		if d.value < 0 {
			errs = append(errs, fmt.Errorf("forward: %s must not be negative, got %v", d.name, d.value))
		}
	}
	if opt.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("forward: MaxConns must not be negative, got %d", opt.MaxConns))
	}
	if opt.Username != "" && opt.SharedKey == "" {
		errs = append(errs, errors.New("forward: a Username needs a SharedKey: user authentication is part of the handshake"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	setDefault(&opt.DialTimeout, DefaultDialTimeout)
	setDefault(&opt.AckTimeout, DefaultAckTimeout)
	setDefault(&opt.BackoffMin, DefaultBackoffMin)
	setDefault(&opt.BackoffMax, DefaultBackoffMax)
	setDefault(&opt.MaxFrameBytes, DefaultMaxFrameBytes)
	setDefault(&opt.MaxConns, DefaultMaxConns)
	if opt.SelfHostname == "" {
		if opt.SelfHostname, err = os.Hostname(); err != nil {
			opt.SelfHostname = "localhost"
		}
	}
	c := &Client{
		opt:     opt,
		network: network,
		addr:    addr,
		now:     time.Now,
		slots:   make(chan struct{}, opt.MaxConns),
		busy:    make(map[*conn]struct{}),
	}
	if opt.TLS != nil {
		c.tls = opt.TLS.Clone()
		if c.tls.ServerName == "" {
			c.tls.ServerName, _, _ = net.SplitHostPort(addr)
		}
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func parseAddress(address string) (network, addr string, err error) {
	switch {
	case strings.HasPrefix(address, "unix://"):
		if path := strings.TrimPrefix(address, "unix://"); path != "" {
			return "unix", path, nil
		}
	case strings.HasPrefix(address, "tcp://"):
		hostPort := strings.TrimPrefix(address, "tcp://")
		host, port, err := net.SplitHostPort(hostPort)
		if err == nil && host != "" {
			if p, err := strconv.Atoi(port); err == nil && p > 0 && p < 65536 {
				return "tcp", hostPort, nil
			}
		}
	}
	return "", "", fmt.Errorf("forward: Address must be unix:///path or tcp://host:port, got %q", address)
}

// Send delivers events, each one whole msgpack event, under TagPrefix+tag, and returns nil
// only when the receiver acknowledged every one of them. Any error wraps ErrUnavailable.
func (c *Client) Send(tag string, events [][]byte) error {
	if len(events) == 0 {
		return nil
	}
	if err := c.send(c.opt.TagPrefix+tag, events); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

func (c *Client) send(tag string, events [][]byte) error {
	connDeadline := time.Now().Add(c.opt.DialTimeout)
	cn, err := c.acquire(connDeadline)
	if err != nil {
		return err
	}
	ok := false
	defer func() { c.release(cn, ok) }()

	limit := c.opt.MaxFrameBytes - frameOverhead(len(tag))
	var endsBuf [8]int
	ends := splitFrames(endsBuf[:0], events, limit)
	deadline := time.Now().Add(c.opt.AckTimeout)
	if err := cn.SetDeadline(deadline); err != nil {
		return err
	}
	bufp := c.getFrameBuf()
	defer c.frameBuf.Put(bufp)
	start := 0
	for _, end := range ends {
		id, err := newChunkID()
		if err != nil {
			return err
		}
		*bufp = appendFrame((*bufp)[:0], tag, events[start:end], id)
		if _, err := cn.Write(*bufp); err != nil {
			return fmt.Errorf("writing a frame of %d events: %w", end-start, err)
		}
		reply, err := cn.readReply()
		if err != nil {
			return fmt.Errorf("waiting for the ack of %d events: %w", end-start, err)
		}
		if err := checkAck(reply, id); err != nil {
			return err
		}
		start = end
	}
	ok = true
	return nil
}

func (c *Client) getFrameBuf() *[]byte {
	if p, ok := c.frameBuf.Get().(*[]byte); ok {
		return p
	}
	b := make([]byte, 0, 64<<10)
	return &b
}

func newChunkID() (string, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(id[:]), nil
}

// acquire returns a connection for one Send: an idle one that is still open, or a new one.
func (c *Client) acquire(deadline time.Time) (*conn, error) {
	select {
	case c.slots <- struct{}{}:
	default: // every connection is busy: wait for one, within the deadline
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		select {
		case c.slots <- struct{}{}:
		case <-c.ctx.Done():
			return nil, ErrClosed
		case <-timer.C:
			return nil, fmt.Errorf("all %d connections busy for %v", c.opt.MaxConns, c.opt.DialTimeout)
		}
	}
	cn, err := c.connect(deadline)
	if err != nil {
		<-c.slots
		return nil, err
	}
	return cn, nil
}

func (c *Client) connect(deadline time.Time) (*conn, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return nil, ErrClosed
		}
		if n := len(c.idle); n > 0 {
			cn := c.idle[n-1]
			c.idle = c.idle[:n-1]
			c.busy[cn] = struct{}{}
			c.mu.Unlock()
			if cn.alive() {
				return cn, nil
			}
			c.forget(cn) // closed by the receiver while idle, or holding stray bytes
			continue
		}
		if wait := c.retryAt.Sub(c.now()); wait > 0 {
			failures := c.failures
			c.mu.Unlock()
			return nil, fmt.Errorf("not dialing again for %v after %d failures", wait.Round(time.Millisecond), failures)
		}
		c.mu.Unlock()
		break
	}
	cn, err := c.dial(deadline)
	if err != nil {
		c.failed()
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		cn.Close()
		return nil, ErrClosed
	}
	c.busy[cn] = struct{}{}
	return cn, nil
}

// release ends a Send: a connection that delivered everything goes back to the pool, any
// other is closed, and the outcome moves the backoff.
func (c *Client) release(cn *conn, ok bool) {
	defer func() { <-c.slots }()
	if !ok {
		c.forget(cn)
		c.failed()
		return
	}
	c.mu.Lock()
	delete(c.busy, cn)
	c.failures, c.retryAt = 0, time.Time{}
	keep := !c.closed && cn.keepalive
	if keep {
		c.idle = append(c.idle, cn)
	}
	c.mu.Unlock()
	if !keep {
		cn.Close()
	}
}

func (c *Client) forget(cn *conn) {
	c.mu.Lock()
	delete(c.busy, cn)
	c.mu.Unlock()
	cn.Close()
}

// failed counts a failure and sets when dialing may resume.
func (c *Client) failed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures++
	wait := c.opt.BackoffMin
	for i := 1; i < c.failures && wait < c.opt.BackoffMax; i++ {
		wait *= 2
	}
	c.retryAt = c.now().Add(min(wait, c.opt.BackoffMax))
}

// Close closes every connection, which interrupts Sends in flight (they fail with
// ErrUnavailable), and makes later Sends fail at once. It is safe to call more than once.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.cancel()
	conns := c.idle
	c.idle = nil
	for cn := range c.busy {
		conns = append(conns, cn)
	}
	c.mu.Unlock()
	var errs []error
	for _, cn := range conns {
		if err := cn.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
