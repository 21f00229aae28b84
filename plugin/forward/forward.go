// Package forward re-emits annotated events to a Fluent Bit in_forward (or any Forward
// protocol v1 receiver, such as Fluentd) and reports delivery only once the receiver has
// acknowledged every event.
//
// Events travel as PackedForward frames, [tag, bin(events), {"chunk": id, "size": n}], so
// their bytes, metadata included, arrive exactly as given. A frame stays below
// MaxFrameBytes, split at event boundaries, because in_forward drops frames over its
// buffer_max_size, and a frame larger than a good share of the receiver's Mem_Buf_Limit
// overshoots it and makes the input pause. Each frame asks for an ack and Deliver waits
// for it, bounded by AckTimeout: Fluent Bit's shutdown must not hang on a receiver that is
// gone.
//
// Deliver reports how many leading events the receiver acknowledged, even when it fails,
// so a caller that keeps them can resume a retried chunk after the last acknowledged
// frame instead of sending it all again. Every failure to deliver wraps ErrUnavailable;
// the plugin maps it to FLB_RETRY, so Fluent Bit keeps the chunk and retries it.
//
// A paused receiver is ridden through inside one Deliver: an in_forward over its
// Mem_Buf_Limit closes its connections and leaves new ones unanswered until it resumes,
// so a connection closed under a Deliver is dialled again, after a short backoff, and
// delivery goes on from the first unacknowledged frame until the ack budget is spent.
// Every new connection first carries a probe, a Forward message with no events, and no
// frame is written before the receiver acknowledged it: a connection that sits unserved
// in a paused receiver's backlog then holds nothing that the receiver could store after
// the client gave up on it, which would arrive twice after the retry.
//
// Once a Deliver fails anyway the receiver counts as unavailable (Status) until a Deliver
// or Ready reaches it again; while it is unavailable a Deliver makes one attempt and
// fails at once, and Ready lets callers hold back work the receiver could not take.
//
// A Client is safe for concurrent use: Fluent Bit runs up to `workers` flushes of one
// output at once, and each Deliver holds its own connection from a small pool, so one slow
// ack does not hold the others up. A connection that fails in any way is closed and never
// reused; dialing again after failures waits out a backoff. The Client starts no
// goroutines.
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
	DefaultMaxFrameBytes = 64 << 10        // far below the smallest sensible Mem_Buf_Limit (see Options)
	DefaultMaxConns      = 4
	DefaultBackoffMin    = 100 * time.Millisecond
	// DefaultBackoffMax bounds the wait between dials to a receiver that is down or
	// paused: a receiver that comes back is used within a second, and a dial a second
	// costs a receiver that is down nothing.
	DefaultBackoffMax = time.Second
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
	// AckTimeout bounds writing a Deliver's frames and waiting for their acks, redials
	// after a receiver closed a connection included. A Deliver returns within
	// DialTimeout + AckTimeout.
	AckTimeout time.Duration
	// MaxFrameBytes is the largest frame sent; a single event that does not fit is sent
	// alone in a larger frame. An in_forward takes a frame whole while it is below its
	// Mem_Buf_Limit and pauses after the frame that crossed it, so the limit overshoots by
	// up to a frame, and the frame that crossed it is the one whose ack a pause can lose;
	// frames far below the limit keep both small. in_forward's buffer_max_size must be
	// larger than a frame.
	MaxFrameBytes int
	// MaxConns bounds the connections, hence the Sends in flight at once.
	MaxConns int
	// BackoffMin and BackoffMax bound the wait before dialing again after consecutive
	// failures: BackoffMin, doubling per failure, at most BackoffMax. A Deliver riding
	// through a pause waits the backoff out when it ends within its budget; otherwise,
	// and while the receiver is unavailable, a Deliver in the backoff fails at once.
	BackoffMin, BackoffMax time.Duration
}

// Client sends events to one receiver.
type Client struct {
	opt      Options
	network  string // "unix" or "tcp"
	addr     string
	tls      *tls.Config
	now      func() time.Time          // the backoff clock; tests replace it
	wait     func(time.Duration) error // waits out a backoff; nil sleeps, tests advance their clock
	dialer   net.Dialer
	ctx      context.Context // cancelled by Close, to interrupt dials
	cancel   context.CancelFunc
	slots    chan struct{} // a token per connection a Send may hold
	frameBuf sync.Pool     // *[]byte

	mu       sync.Mutex
	closed   bool
	idle     []*conn
	busy     map[*conn]struct{}
	failures int       // consecutive failed connections
	retryAt  time.Time // no dialing before this, after failures
	health   health    // the receiver's availability, for Status
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
		health:  health{available: true},
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
	_, err := c.Deliver(tag, events)
	return err
}

// Deliver is Send that also returns how many leading events the receiver acknowledged,
// all of them when err is nil. After an error, events[acked:] are the ones still to
// deliver: the receiver holds the others.
func (c *Client) Deliver(tag string, events [][]byte) (acked int, err error) {
	if len(events) == 0 {
		return 0, nil
	}
	acked, err = c.deliver(c.opt.TagPrefix+tag, events)
	if err != nil {
		return acked, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return acked, nil
}

// deliver sends events from the first one the receiver has not acknowledged, on a new
// connection each time the receiver closes one, while the budget lasts: a paused
// in_forward closes its connections and answers again once it resumes.
func (c *Client) deliver(tag string, events [][]byte) (acked int, err error) {
	start := time.Now()
	connDeadline := start.Add(c.opt.DialTimeout)
	var ackDeadline time.Time // set once the first connection is in hand
	// While the receiver is known to be unavailable one attempt is enough to tell: the
	// caller retries later, and a flush must not hold a worker for a receiver that is down.
	rideThrough := c.available()
	for {
		cn, err := c.acquire(connDeadline, rideThrough)
		if err != nil {
			if rideThrough && !ackDeadline.IsZero() && receiverWentAway(err) && time.Now().Before(ackDeadline) {
				continue // the backoff was set by the failure; acquire waits it out
			}
			c.noteFailure(err, !ackDeadline.IsZero())
			return acked, err
		}
		if ackDeadline.IsZero() {
			ackDeadline = time.Now().Add(c.opt.AckTimeout)
		}
		n, err := c.sendFrames(cn, tag, events[acked:], ackDeadline)
		acked += n
		served := cn.served
		c.release(cn, err == nil || errors.Is(err, errLateAnswer))
		if err == nil {
			c.noteSuccess()
			return acked, nil
		}
		if served {
			rideThrough = true // the receiver was serving a moment ago: it is pausing, not gone
		}
		if !rideThrough || !receiverWentAway(err) || !time.Now().Before(ackDeadline) {
			c.noteFailure(err, true)
			return acked, err
		}
		c.countRedial()
		connDeadline = ackDeadline // later dials share the ack budget
	}
}

// sendFrames writes events in frames on cn, each once the previous one is acknowledged,
// and returns how many events the receiver acknowledged. A new connection first carries a
// probe (see the package comment).
func (c *Client) sendFrames(cn *conn, tag string, events [][]byte, deadline time.Time) (acked int, err error) {
	if err := cn.SetDeadline(deadline); err != nil {
		return 0, err
	}
	bufp := c.getFrameBuf()
	defer c.frameBuf.Put(bufp)
	if !cn.served {
		id, err := newChunkID()
		if err != nil {
			return 0, err
		}
		*bufp = appendProbe((*bufp)[:0], tag, id)
		if err := c.exchange(cn, *bufp, id); err != nil {
			return 0, fmt.Errorf("waiting for the receiver to acknowledge a message without events on a new connection: %w", err)
		}
		cn.served = true
		// A receiver that resumes just before the deadline would get a frame whose ack
		// the deadline then cuts off: it stores the frame and the retry sends it again.
		if len(events) > 0 && time.Until(deadline) < c.opt.AckTimeout/4 {
			return 0, errLateAnswer
		}
	}
	if len(events) == 0 {
		return 0, nil
	}
	limit := c.opt.MaxFrameBytes - frameOverhead(len(tag))
	var endsBuf [8]int
	ends := splitFrames(endsBuf[:0], events, limit)
	start := 0
	for _, end := range ends {
		id, err := newChunkID()
		if err != nil {
			return start, err
		}
		*bufp = appendFrame((*bufp)[:0], tag, events[start:end], id)
		if err := c.exchange(cn, *bufp, id); err != nil {
			c.countUnacked()
			return start, fmt.Errorf("a frame of %d events: %w", end-start, err)
		}
		start = end
	}
	return len(events), nil
}

// errLateAnswer fails a Deliver whose receiver answered a new connection with less than a
// quarter of the ack budget left; the connection is kept for the next Deliver.
var errLateAnswer = errors.New("the receiver answered too close to the ack deadline to send a frame")

// exchange writes one message and waits for its ack.
func (c *Client) exchange(cn *conn, msg []byte, id string) error {
	if _, err := cn.Write(msg); err != nil {
		return fmt.Errorf("writing: %w", err)
	}
	reply, err := cn.readReply()
	if err != nil {
		return fmt.Errorf("waiting for the ack: %w", err)
	}
	return checkAck(reply, id)
}

// Ready returns nil when the receiver can take events now: at once while it is available;
// during an outage, once a new connection to it carried a probe that it acknowledged
// (within DialTimeout + AckTimeout), which stays open for the next Deliver. A caller
// checks it before costly work the receiver could not take anyway. Any error wraps
// ErrUnavailable.
func (c *Client) Ready(tag string) error {
	if c.available() {
		return nil
	}
	cn, err := c.acquire(time.Now().Add(c.opt.DialTimeout), false)
	if err != nil {
		c.noteFailure(err, false)
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	_, err = c.sendFrames(cn, c.opt.TagPrefix+tag, nil, time.Now().Add(c.opt.AckTimeout))
	c.release(cn, err == nil)
	if err != nil {
		c.noteFailure(err, true)
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	c.noteSuccess()
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
// waitBackoff waits out a backoff that ends before deadline instead of failing at once.
func (c *Client) acquire(deadline time.Time, waitBackoff bool) (*conn, error) {
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
	cn, err := c.connect(deadline, waitBackoff)
	if err != nil {
		<-c.slots
		return nil, err
	}
	return cn, nil
}

func (c *Client) connect(deadline time.Time, waitBackoff bool) (*conn, error) {
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
			// Riding through a pause, failing when the backoff ends within the budget
			// would only earn the chunk a longer wait in Fluent Bit's retry schedule.
			// During an outage failing at once costs nothing: the next retry dials.
			if !waitBackoff || time.Now().Add(wait).After(deadline) {
				return nil, fmt.Errorf("not dialing again for %v after %d failures", wait.Round(time.Millisecond), failures)
			}
			if err := c.sleep(wait); err != nil {
				return nil, err
			}
			continue
		}
		c.mu.Unlock()
		break
	}
	cn, err := c.dial(deadline)
	if err != nil {
		c.failed(false)
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

// release ends a use of a connection: one that delivered everything goes back to the
// pool, any other is closed, and the outcome moves the backoff.
func (c *Client) release(cn *conn, ok bool) {
	defer func() { <-c.slots }()
	if !ok {
		c.forget(cn)
		// A connection the receiver served before it failed is a pause, not a receiver
		// that is down: the backoff starts again from BackoffMin.
		c.failed(cn.served)
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

// failed counts a failure and sets when dialing may resume; afterServed starts the count
// again.
func (c *Client) failed(afterServed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if afterServed {
		c.failures = 0
	}
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
