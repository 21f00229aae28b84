package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
)

// A state file is the project's state frame (package forest/envelope) around the
// instance's streams, each a key and the stream's own saved state. The frame's
// fingerprint is the configuration's (configFingerprint), so a file written under other
// settings is turned away before any stream is decoded.
const (
	stateKind = "engine/state"
	// stateVersion changes whenever the encoding of the file or of a stream changes.
	stateVersion = 2
)

// legacyStateMagic opened the state files of version 1, which had a frame of their own.
// Such a file is reported as of another version, not as foreign, so that the first start
// after an upgrade logs why the old state is ignored.
const legacyStateMagic = "FBANOMALY-STATE\x00"

// Bounds checked when reading a state file, so damaged bytes cannot ask for unbounded
// memory.
const (
	maxStreamKey   = 1 << 16
	maxStreamState = 1 << 30
)

// streamState is one stream of a state file.
type streamState struct {
	Key  string
	Data []byte
}

// encodeState frames the streams' states as a state file.
func encodeState(streams []streamState, fingerprint string) []byte {
	var w envelope.Writer
	w.U32(uint32(len(streams)))
	for _, s := range streams {
		w.Str(s.Key)
		w.Blob(s.Data)
	}
	return envelope.Seal(stateKind, stateVersion, fingerprint, w.Bytes())
}

// decodeState returns the streams of a state file written under fingerprint. Its errors
// wrap the envelope's: the engine logs them once and starts fresh. The streams' data
// aliases b.
func decodeState(b []byte, fingerprint string) ([]streamState, error) {
	if bytes.HasPrefix(b, []byte(legacyStateMagic)) {
		return nil, fmt.Errorf("%w: 1, this build reads %d", envelope.ErrVersion, stateVersion)
	}
	payload, err := envelope.Open(b, stateKind, stateVersion, fingerprint)
	if errors.Is(err, envelope.ErrMismatch) {
		return nil, fmt.Errorf("%w: the instance now has another configuration", err)
	}
	if err != nil {
		return nil, err
	}
	r := envelope.NewReader(payload)
	n := r.U32()
	// Each stream takes at least its two lengths: a forged count must not size the slice.
	if uint64(n) > uint64(r.Len()/8) {
		r.Fail("%d streams in %d bytes", n, r.Len())
		return nil, r.Err()
	}
	streams := make([]streamState, 0, n)
	for range n {
		key := r.Str(maxStreamKey)
		data := r.Blob(maxStreamState)
		streams = append(streams, streamState{Key: key, Data: data})
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", envelope.ErrCorrupt, r.Len())
	}
	return streams, nil
}

// writeFileAtomic replaces path with data so that a crash at any point leaves either the
// old file or the new one, never a mix: temp file in the same directory, fsync, rename,
// fsync of the directory.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// stateStore saves an instance's streams under state_dir and remembers when to save next.
type stateStore struct {
	path        string
	fingerprint string
	interval    time.Duration

	mu           sync.Mutex // one save at a time
	next         atomic.Int64
	saves, fails atomic.Uint64
}

func newStateStore(cfg config.Config) *stateStore {
	return &stateStore{
		path:        filepath.Join(cfg.StateDir, "anomaly-"+instanceName(cfg)+".state"),
		fingerprint: configFingerprint(cfg),
		interval:    cfg.StateInterval,
	}
}

// instanceName tells apart the instances that share a state_dir by what they read and
// where they deliver, not by their model settings: an instance whose model settings
// changed finds its old file, reports it and starts afresh.
func instanceName(cfg config.Config) string {
	h := sha256.Sum256([]byte(strings.Join([]string{cfg.ForwardAddress, cfg.ForwardTagPrefix,
		cfg.GroupBy, cfg.MessageKey, cfg.LevelKey, cfg.AnnotationKey}, "\x00")))
	return hex.EncodeToString(h[:6])
}

// due reports whether a periodic save should run now, and claims it.
func (s *stateStore) due(now time.Time) bool {
	if s.interval <= 0 {
		return false
	}
	next := s.next.Load()
	if now.UnixNano() < next {
		return false
	}
	return s.next.CompareAndSwap(next, now.Add(s.interval).UnixNano())
}

func (s *stateStore) counts() (saves, fails uint64) { return s.saves.Load(), s.fails.Load() }

// configFingerprint identifies the settings that shape a saved stream: state written
// under other settings would decode into a model of another shape, so it is ignored. The
// format version is not part of it: the frame checks that on its own.
func configFingerprint(cfg config.Config) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s|%s|%d|%d|%g|%d|%d|%d|%d|%s",
		strings.Join(cfg.Features, ","), cfg.GroupBy, cfg.MessageKey, cfg.LevelKey,
		cfg.Trees, cfg.SampleSize, cfg.Contamination, cfg.Seed, cfg.Window, cfg.MaxTemplates, cfg.Warmup, cfg.ModelFile)
	return hex.EncodeToString(h.Sum(nil))
}

// save writes every stream's state. Streams are locked one at a time, so flushes of other
// streams go on while one is serialised.
func (e *Engine) save() {
	st := e.state
	st.mu.Lock()
	defer st.mu.Unlock()
	var streams []streamState
	var firstErr error
	e.streams.each(func(key string, s *stream) {
		s.mu.Lock()
		b, err := s.det.MarshalBinary()
		s.mu.Unlock()
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("stream %q: %w", key, err)
			}
			return
		}
		streams = append(streams, streamState{Key: key, Data: b})
	})
	data := encodeState(streams, st.fingerprint)
	err := writeFileAtomic(st.path, data)
	if err == nil {
		err = firstErr
	}
	if err != nil {
		st.fails.Add(1)
		if e.log.Enabled(LevelError) {
			e.log.Printf(LevelError, "cannot save state to %s: %v", st.path, err)
		}
		return
	}
	st.saves.Add(1)
	if e.log.Enabled(LevelDebug) {
		e.log.Printf(LevelDebug, "saved %d streams to %s (%d bytes)", len(streams), st.path, len(data))
	}
}

// restore loads the state file if there is one. Any problem is reported in one line and
// the instance starts fresh: a bad state file must never stop the pipeline.
func (e *Engine) restore() {
	st := e.state
	st.next.Store(e.clock().Add(st.interval).UnixNano())
	data, err := os.ReadFile(st.path)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	var streams []streamState
	if err == nil {
		streams, err = decodeState(data, st.fingerprint)
	}
	restored := 0
	if err == nil {
		for _, ss := range streams {
			det, nerr := e.newStream()
			if nerr == nil {
				nerr = det.UnmarshalBinary(ss.Data)
			}
			if nerr != nil {
				if det != nil {
					det.Close()
				}
				err = fmt.Errorf("stream %q: %w", ss.Key, nerr)
				continue
			}
			e.streams.put(ss.Key, newStreamEntry(det))
			restored++
		}
	}
	if err != nil {
		if e.log.Enabled(LevelWarn) {
			e.log.Printf(LevelWarn, "ignoring state file %s: %v (restored %d streams)", st.path, err, restored)
		}
		return
	}
	if e.log.Enabled(LevelInfo) {
		e.log.Printf(LevelInfo, "restored %d streams from %s", restored, st.path)
	}
}
