//go:build unix

package forward

import (
	"errors"
	"net"
	"syscall"
)

type socketState uint8

const (
	socketOpen    socketState = iota // nothing to read: the receiver is waiting for us
	socketHasData                    // bytes are waiting
	socketClosed                     // the receiver closed the connection, or it failed
)

// peekSocket looks at a socket without consuming anything: a non-blocking MSG_PEEK read.
// A deadline-bound Read cannot do this, because Go fails a Read whose deadline has passed
// before trying the socket.
func peekSocket(c net.Conn) socketState {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return socketOpen
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return socketClosed
	}
	state := socketOpen
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case n > 0:
			state = socketHasData
		case err == nil: // n == 0: end of stream
			state = socketClosed
		case errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR):
		default:
			state = socketClosed
		}
		return true // never wait for readiness
	})
	if err != nil {
		return socketClosed
	}
	return state
}
