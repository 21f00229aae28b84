package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"

	"github.com/ugorji/go/codec"
)

// stateMagic opens every state file so a foreign file is recognised before decoding.
const stateMagic = "FBANOMALY-STATE\x00"

// stateVersion changes whenever the encoding of the file or of a stream changes.
const stateVersion = 1

// stateFile is everything an instance needs to resume scoring after a restart.
type stateFile struct {
	Version     int           `codec:"v"`
	Fingerprint string        `codec:"fp"`
	Streams     []streamState `codec:"streams"`
}

type streamState struct {
	Key  string `codec:"k"`
	Data []byte `codec:"d"`
}

var msgpackHandle = func() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	h.RawToString = false
	return h
}()

// Errors that make a state file unusable. The engine logs them once and starts fresh.
var (
	errStateForeign  = errors.New("not a state file of this plugin")
	errStateCorrupt  = errors.New("state file is corrupt or truncated")
	errStateVersion  = errors.New("state file has another format version")
	errStateMismatch = errors.New("state file was written with another configuration")
)

// encodeState frames the msgpack body with the magic and a CRC-32 so truncation and bit
// rot are detected before anything is decoded.
func encodeState(s stateFile) ([]byte, error) {
	var body []byte
	if err := codec.NewEncoderBytes(&body, msgpackHandle).Encode(s); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(stateMagic)+4+len(body))
	out = append(out, stateMagic...)
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
	return append(out, body...), nil
}

func decodeState(b []byte, fingerprint string) (stateFile, error) {
	var s stateFile
	if !bytes.HasPrefix(b, []byte(stateMagic)) {
		return s, errStateForeign
	}
	b = b[len(stateMagic):]
	if len(b) < 4 {
		return s, errStateCorrupt
	}
	want := binary.BigEndian.Uint32(b)
	body := b[4:]
	if crc32.ChecksumIEEE(body) != want {
		return s, errStateCorrupt
	}
	if err := codec.NewDecoderBytes(body, msgpackHandle).Decode(&s); err != nil {
		return s, fmt.Errorf("%w: %v", errStateCorrupt, err)
	}
	if s.Version != stateVersion {
		return s, fmt.Errorf("%w: %d, this build reads %d", errStateVersion, s.Version, stateVersion)
	}
	if s.Fingerprint != fingerprint {
		return s, errStateMismatch
	}
	return s, nil
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
// under other settings would decode into a model of another shape, so it is ignored.
func configFingerprint(cfg config.Config) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d|%s|%s|%s|%s|%d|%d|%g|%d|%d|%d|%d|%s",
		stateVersion, strings.Join(cfg.Features, ","), cfg.GroupBy, cfg.MessageKey, cfg.LevelKey,
		cfg.Trees, cfg.SampleSize, cfg.Contamination, cfg.Seed, cfg.Window, cfg.MaxTemplates, cfg.Warmup, cfg.ModelFile)
	return hex.EncodeToString(h.Sum(nil))
}

// save writes every stream's state. Streams are locked one at a time, so flushes of other
// streams go on while one is serialised.
func (e *Engine) save() {
	st := e.state
	st.mu.Lock()
	defer st.mu.Unlock()
	file := stateFile{Version: stateVersion, Fingerprint: st.fingerprint}
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
		file.Streams = append(file.Streams, streamState{Key: key, Data: b})
	})
	data, err := encodeState(file)
	if err == nil {
		err = writeFileAtomic(st.path, data)
	}
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
		e.log.Printf(LevelDebug, "saved %d streams to %s (%d bytes)", len(file.Streams), st.path, len(data))
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
	var file stateFile
	if err == nil {
		file, err = decodeState(data, st.fingerprint)
	}
	restored := 0
	if err == nil {
		for _, ss := range file.Streams {
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
