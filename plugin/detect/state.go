package detect

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strings"
)

// Errors returned by Stream.UnmarshalBinary, wrapped with detail.
var (
	// ErrStateForeign reports bytes that are not a saved stream.
	ErrStateForeign = errors.New("detect: not a saved stream")
	// ErrStateVersion reports a saved stream of a format this build does not read.
	ErrStateVersion = errors.New("detect: unsupported saved stream version")
	// ErrStateCorrupt reports a saved stream that is truncated or damaged.
	ErrStateCorrupt = errors.New("detect: saved stream is corrupt")
	// ErrStateMismatch reports a saved stream whose features differ from the Stream's.
	ErrStateMismatch = errors.New("detect: saved stream has other features")
)

// stateMagic and stateVersion head a saved stream. The layout (little endian): magic,
// version u16, then sections, then a CRC-32 (IEEE) of everything before it.
const (
	stateMagic   = "ANDS"
	stateVersion = 6
)

// Bounds checked when reading, so a damaged file cannot ask for unbounded memory.
const (
	maxStateFeatures  = int(numFeatures)
	maxStateTemplates = 1 << 22
	maxStateBlob      = 1 << 30
	maxStateIDLen     = 1 << 10
)

// MarshalBinary saves the stream: its model and window, templates, feature statistics,
// learning and threshold state. A Stream with the same Options restored from it with
// UnmarshalBinary continues as this one would (exactly so with a synchronous detector).
// It waits for nothing: a refit in flight is not part of the state.
func (s *Stream) MarshalBinary() ([]byte, error) {
	miner, err := s.ext.miner.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("detect: save templates: %w", err)
	}
	det, err := s.det.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("detect: save model: %w", err)
	}
	var w stateWriter
	w.b = append(w.b, stateMagic...)
	w.u16(stateVersion)

	// Features, by name so that a reordering of the table cannot misread a file.
	w.u16(uint16(len(s.ext.ids)))
	for _, id := range s.ext.ids {
		w.str(featureDefs[id].name)
	}

	// Stream-wide feature statistics.
	e := s.ext
	w.i64(e.records)
	w.bool(e.started)
	w.i64(e.now, e.start)
	w.f64(e.fastAll, e.slowAll, e.fastErr, e.slowErr, e.usualGap)
	w.i64(e.gapsSeen, e.criticals)
	w.f64(e.criticalAll)
	w.f64(e.fastLog, e.slowLog)

	// Templates, least recently used first, so that reading them in order rebuilds the
	// recency list.
	w.u32(uint32(e.tmpl.len()))
	for t := e.tmpl.tail; t != nil; t = t.prev {
		w.str(t.id)
		w.i64(t.seen)
		w.f64(t.count)
		w.i64(t.countAt, t.firstAt)
		w.f64(t.fast, t.slow, t.fastLog, t.slowLog, t.recent)
		w.i64(t.recentAt)
		w.f64(t.flags, t.lastFlagScore, t.critical, t.usualScore)
		w.i64(t.criticalAt, t.scored)
		w.i64(t.flagsAt, t.flagsTime)
		w.u16(uint16(len(t.slots)))
		for _, sl := range t.slots {
			w.u32(uint32(sl.slot), sl.seen, sl.rise)
			w.f64(sl.mean, sl.dev, sl.last, sl.far)
			w.i64(sl.at)
		}
	}
	w.i64(e.tmpl.evicted)

	// Learning and flagging.
	w.u64(s.rng, s.admitted)
	q := &s.scores
	w.f64(q.bins[:]...)
	w.f64(q.total, q.grow, q.rate, q.cached, q.rateCached)
	w.u32(uint32(q.stale))

	w.blob(miner)
	w.blob(det)
	w.u32(crc32.ChecksumIEEE(w.b))
	return w.b, nil
}

// UnmarshalBinary replaces the stream's state with one saved by MarshalBinary. The
// saved features must be the Stream's (ErrStateMismatch otherwise); the template miner
// and detector keep the Stream's own configuration. On error the Stream is unchanged.
func (s *Stream) UnmarshalBinary(data []byte) error {
	if len(data) < len(stateMagic)+2+4 || string(data[:len(stateMagic)]) != stateMagic {
		return ErrStateForeign
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return fmt.Errorf("%w: checksum mismatch", ErrStateCorrupt)
	}
	r := stateReader{b: body[len(stateMagic):]}
	if v := r.u16(); v != stateVersion {
		return fmt.Errorf("%w: version %d, this build reads %d", ErrStateVersion, v, stateVersion)
	}

	n := int(r.u16())
	if n > maxStateFeatures {
		return fmt.Errorf("%w: %d features", ErrStateCorrupt, n)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = r.str(maxStateIDLen)
	}
	if r.err != nil {
		return r.err
	}
	if want := s.featureNames(); strings.Join(names, ",") != strings.Join(want, ",") {
		return fmt.Errorf("%w: saved %s, configured %s", ErrStateMismatch, strings.Join(names, ","), strings.Join(want, ","))
	}

	ext := *s.ext
	ext.records = r.i64()
	ext.started = r.bool()
	ext.now, ext.start = r.i64(), r.i64()
	r.f64(&ext.fastAll, &ext.slowAll, &ext.fastErr, &ext.slowErr, &ext.usualGap)
	ext.gapsSeen, ext.criticals = r.i64(), r.i64()
	r.f64(&ext.criticalAll)
	r.f64(&ext.fastLog, &ext.slowLog)

	count := int(r.u32())
	if count > maxStateTemplates {
		return fmt.Errorf("%w: %d templates", ErrStateCorrupt, count)
	}
	ext.tmpl = newTemplateTable(s.opt.Templates.MaxClusters)
	for i := 0; i < count && r.err == nil; i++ {
		id := r.str(maxStateIDLen)
		t := ext.tmpl.get(id, false)
		t.seen = r.i64()
		r.f64(&t.count)
		t.countAt, t.firstAt = r.i64(), r.i64()
		r.f64(&t.fast, &t.slow, &t.fastLog, &t.slowLog, &t.recent)
		t.recentAt = r.i64()
		r.f64(&t.flags, &t.lastFlagScore, &t.critical, &t.usualScore)
		t.criticalAt, t.scored = r.i64(), r.i64()
		t.flagsAt, t.flagsTime = r.i64(), r.i64()
		slots := int(r.u16())
		if slots > maxSlots {
			r.fail("template with %d numeric slots", slots)
			break
		}
		for j := 0; j < slots; j++ {
			sl := slotStats{slot: int32(r.u32()), seen: r.u32(), rise: r.u32()}
			r.f64(&sl.mean, &sl.dev, &sl.last, &sl.far)
			sl.at = r.i64()
			t.slots = append(t.slots, sl)
		}
	}
	ext.tmpl.evicted = r.i64()

	rng, admitted := r.u64(), r.u64()
	var q scoreQuantiles
	for i := range q.bins {
		r.f64(&q.bins[i])
	}
	r.f64(&q.total, &q.grow, &q.rate, &q.cached, &q.rateCached)
	q.stale = int(r.u32())

	minerState := r.blob()
	detState := r.blob()
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrStateCorrupt, len(r.b))
	}
	if !(q.grow >= 1) || !(q.rate > 1) || math.IsInf(q.total, 0) {
		return fmt.Errorf("%w: score quantiles", ErrStateCorrupt)
	}

	// Restore the parts that can fail into fresh objects, then swap everything in.
	miner, err := newExtractor(s.ext.ids, s.opt.Templates)
	if err != nil {
		return err
	}
	if err := miner.miner.UnmarshalBinary(minerState); err != nil {
		return fmt.Errorf("detect: restore templates: %w", err)
	}
	if err := s.det.UnmarshalBinary(detState); err != nil {
		return fmt.Errorf("detect: restore model: %w", err)
	}
	ext.miner = miner.miner
	ext.current = nil
	*s.ext = ext
	s.rng, s.admitted, s.scores = rng, admitted, q
	return nil
}

// featureNames returns the names of the stream's features, in vector order.
func (s *Stream) featureNames() []string {
	names := make([]string, len(s.ext.ids))
	for i, id := range s.ext.ids {
		names[i] = featureDefs[id].name
	}
	return names
}

// stateWriter appends little-endian values.
type stateWriter struct{ b []byte }

func (w *stateWriter) u16(v uint16) { w.b = binary.LittleEndian.AppendUint16(w.b, v) }
func (w *stateWriter) u32(vs ...uint32) {
	for _, v := range vs {
		w.b = binary.LittleEndian.AppendUint32(w.b, v)
	}
}
func (w *stateWriter) u64(vs ...uint64) {
	for _, v := range vs {
		w.b = binary.LittleEndian.AppendUint64(w.b, v)
	}
}
func (w *stateWriter) i64(vs ...int64) {
	for _, v := range vs {
		w.b = binary.LittleEndian.AppendUint64(w.b, uint64(v))
	}
}
func (w *stateWriter) f64(vs ...float64) {
	for _, v := range vs {
		w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v))
	}
}
func (w *stateWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}
func (w *stateWriter) str(s string) {
	w.u32(uint32(len(s)))
	w.b = append(w.b, s...)
}
func (w *stateWriter) blob(b []byte) {
	w.u32(uint32(len(b)))
	w.b = append(w.b, b...)
}

// stateReader reads what stateWriter wrote; the first short read sets err and every
// later read returns zero values.
type stateReader struct {
	b   []byte
	err error
}

func (r *stateReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrStateCorrupt}, args...)...)
	}
	r.b = nil
}

func (r *stateReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("truncated")
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *stateReader) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *stateReader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *stateReader) u64() uint64 {
	if v := r.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (r *stateReader) i64() int64 { return int64(r.u64()) }

func (r *stateReader) f64(dst ...*float64) {
	for _, p := range dst {
		*p = math.Float64frombits(r.u64())
	}
}

func (r *stateReader) bool() bool {
	v := r.take(1)
	if v == nil {
		return false
	}
	if v[0] > 1 {
		r.fail("bad boolean")
	}
	return v[0] == 1
}

func (r *stateReader) str(max int) string {
	n := int(r.u32())
	if n > max {
		r.fail("string of %d bytes", n)
		return ""
	}
	return string(r.take(n))
}

func (r *stateReader) blob() []byte {
	n := int(r.u32())
	if n > maxStateBlob {
		r.fail("section of %d bytes", n)
		return nil
	}
	return r.take(n)
}
