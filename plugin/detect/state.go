package detect

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// Errors returned by Stream.UnmarshalBinary, wrapped with detail. They are the envelope's
// own (package forest/envelope), so every saved state of the project fails the same way.
var (
	// ErrStateForeign reports bytes that are not a saved stream.
	ErrStateForeign = envelope.ErrForeign
	// ErrStateVersion reports a saved stream of a format this build does not read.
	ErrStateVersion = envelope.ErrVersion
	// ErrStateCorrupt reports a saved stream that is truncated or damaged.
	ErrStateCorrupt = envelope.ErrCorrupt
	// ErrStateMismatch reports a saved stream whose features differ from the Stream's.
	ErrStateMismatch = envelope.ErrMismatch
)

// stateKind and stateVersion frame a saved stream. The fingerprint is the stream's
// feature names: a stream of other features would misread every vector.
const (
	stateKind    = "detect/stream"
	stateVersion = 55
	maxStateBlob = 1 << 30
)

// MarshalBinary saves the stream: its features' statistics and templates, the verdict's
// memory, its learning draws and its model and window. A Stream with the same Options
// restored from it with UnmarshalBinary continues as this one would. It waits for
// nothing: a refit in flight is not part of the state and starts again after a restore.
func (s *Stream) MarshalBinary() ([]byte, error) {
	det, err := s.det.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("detect: save model: %w", err)
	}
	var w envelope.Writer
	if err := s.ext.AppendState(&w); err != nil {
		return nil, fmt.Errorf("detect: %w", err)
	}
	s.judge.AppendState(&w)
	w.U64(s.rng, s.admitted)
	w.Blob(det)
	return envelope.Seal(stateKind, stateVersion, s.fingerprint(), w.Bytes()), nil
}

// UnmarshalBinary replaces the stream's state with one saved by MarshalBinary. The
// saved features must be the Stream's (ErrStateMismatch otherwise); the template miner,
// the detector and the policy keep the Stream's own configuration. On error the Stream
// is unchanged.
func (s *Stream) UnmarshalBinary(data []byte) error {
	payload, err := envelope.Open(data, stateKind, stateVersion, s.fingerprint())
	if errors.Is(err, envelope.ErrMismatch) {
		return fmt.Errorf("detect: %w: configured features %s", err, s.fingerprint())
	}
	if err != nil {
		return fmt.Errorf("detect: saved stream: %w", err)
	}
	r := envelope.NewReader(payload)
	// Restore into copies, then swap everything in.
	ext := *s.ext
	judge := *s.judge
	if err := ext.ReadState(r); err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	if err := judge.ReadState(r); err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	rng, admitted := r.U64(), r.U64()
	det := r.Blob(maxStateBlob)
	if err := r.Err(); err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	if r.Len() != 0 {
		return fmt.Errorf("detect: %w: %d trailing bytes", ErrStateCorrupt, r.Len())
	}
	if err := s.det.UnmarshalBinary(det); err != nil {
		return fmt.Errorf("detect: restore model: %w", err)
	}
	*s.ext = ext
	*s.judge = judge
	s.judge.Rebind()
	s.rng, s.admitted = rng, admitted
	return nil
}

// fingerprint names the stream's features, in vector order.
func (s *Stream) fingerprint() string { return strings.Join(s.ext.Set().Names(), ",") }
