package forward

import (
	"errors"
	"io"
	"os"
	"syscall"
	"time"
)

// Status is the receiver's availability as the Client has seen it, and the counters of
// what it took to deliver anyway.
type Status struct {
	// Available is false from a Deliver (or Ready) that failed, after riding through
	// what it could, until one reaches the receiver again.
	Available bool
	// Since is when the current outage began, or when the receiver came back from the
	// last one; zero before any outage.
	Since time.Time
	// Paused tells an outage of a receiver that took connections but did not acknowledge
	// on them (an in_forward over its Mem_Buf_Limit, or stalled) from one of a receiver
	// that could not be connected to.
	Paused bool
	// Cause is the failure that began the current or the last outage.
	Cause string
	// LastOutage is how long the last finished outage lasted.
	LastOutage time.Duration
	// Changes counts the changes of Available, so a caller can report each one once.
	Changes uint64
	// Outages counts the outages so far; OutageTime adds up their lengths, the current
	// one included.
	Outages    uint64
	OutageTime time.Duration
	// Redials counts the connections dialled again within a Deliver after the receiver
	// closed or refused one: pauses ridden through without asking Fluent Bit to retry.
	Redials uint64
	// UnackedFrames counts frames written whose ack never came. The receiver may have
	// stored them before it closed the connection, so their events may arrive twice.
	UnackedFrames uint64
}

// health is what Status reports; Client.mu guards it.
type health struct {
	available     bool
	since         time.Time
	paused        bool
	cause         string
	lastOutage    time.Duration
	changes       uint64
	outages       uint64
	outageTime    time.Duration // of the finished outages
	redials       uint64
	unackedFrames uint64
}

// Status returns the receiver's availability and the delivery counters.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.health
	s := Status{
		Available:     h.available,
		Since:         h.since,
		Paused:        h.paused,
		Cause:         h.cause,
		LastOutage:    h.lastOutage,
		Changes:       h.changes,
		Outages:       h.outages,
		OutageTime:    h.outageTime,
		Redials:       h.redials,
		UnackedFrames: h.unackedFrames,
	}
	if !h.available {
		s.OutageTime += max(c.now().Sub(h.since), 0)
	}
	return s
}

func (c *Client) available() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.health.available
}

// noteFailure marks the receiver unavailable after a delivery that failed for err;
// connected tells whether the receiver took the connection.
func (c *Client) noteFailure(err error, connected bool) {
	if errors.Is(err, ErrClosed) {
		return // the plugin is stopping: the receiver did nothing wrong
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.health.available {
		return
	}
	c.health.available = false
	c.health.since = c.now()
	c.health.paused = connected
	c.health.cause = err.Error()
	c.health.changes++
	c.health.outages++
}

// noteSuccess marks the receiver available after a delivery that reached it.
func (c *Client) noteSuccess() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.health.available {
		return
	}
	now := c.now()
	c.health.lastOutage = max(now.Sub(c.health.since), 0)
	c.health.outageTime += c.health.lastOutage
	c.health.available = true
	c.health.since = now
	c.health.changes++
}

func (c *Client) countRedial() {
	c.mu.Lock()
	c.health.redials++
	c.mu.Unlock()
}

func (c *Client) countUnacked() {
	c.mu.Lock()
	c.health.unackedFrames++
	c.mu.Unlock()
}

// sleep waits for d, or until Close.
func (c *Client) sleep(d time.Duration) error {
	if c.wait != nil {
		return c.wait(d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.ctx.Done():
		return ErrClosed
	}
}

// receiverWentAway reports whether err says the receiver closed or refused a connection,
// which a pausing or restarting receiver does, rather than that the delivery ran out of
// time or the receiver answered something wrong.
func receiverWentAway(err error) bool {
	switch {
	case errors.Is(err, ErrClosed), errors.Is(err, os.ErrDeadlineExceeded):
		return false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ENOENT):
		return true
	}
	return false
}
