package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fluent/fluent-bit-go/output"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// recordingSink is Fluent Bit's log for one instance: it keeps what was printed and lets
// through levels up to maxLevel, as output_log_check does with the instance's log_level.
type recordingSink struct {
	maxLevel engine.Level
	mu       sync.Mutex
	lines    []logLine
}

type logLine struct {
	level engine.Level
	msg   string
}

func (s *recordingSink) enabled(level engine.Level) bool { return level <= s.maxLevel }

func (s *recordingSink) print(level engine.Level, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, logLine{level, msg})
}

func (s *recordingSink) matching(level engine.Level, substr string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range s.lines {
		if l.level == level && strings.Contains(l.msg, substr) {
			out = append(out, l.msg)
		}
	}
	return out
}

func (s *recordingSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lines)
}

// fakeFlusher stands in for the engine: it records what it is given and answers what the
// test asks, or panics.
type fakeFlusher struct {
	cfg      config.Config
	answer   func(n int64) error // called with the 1-based flush number
	panicOn  int64               // panic on this flush number (0: never)
	flushes  atomic.Int64
	bytes    atomic.Int64
	closed   atomic.Int32
	closeErr error
	closePan bool
}

func (f *fakeFlusher) Flush(tag string, chunk []byte) error {
	n := f.flushes.Add(1)
	if n == f.panicOn {
		var m map[string]int
		m[tag]++ // a real bug's panic: assignment to entry in nil map
	}
	f.bytes.Add(int64(len(chunk)))
	if f.answer != nil {
		return f.answer(n)
	}
	return nil
}

// Annotate counts like Flush and appends the chunk with a marker byte per call, so a test
// sees what was handed back; it panics on panicOn too.
func (f *fakeFlusher) Annotate(tag string, chunk, dst []byte) []byte {
	if err := f.Flush(tag, chunk); err != nil {
		return append(dst, chunk...) // nothing annotated
	}
	return append(append(dst, chunk...), 0xc0)
}

func (f *fakeFlusher) Close() error {
	f.closed.Add(1)
	if f.closePan {
		panic("close exploded")
	}
	return f.closeErr
}

// fakeBuilder builds the flushers a test prepared, in order, and keeps the configurations
// they were built from.
type fakeBuilder struct {
	next  []*fakeFlusher
	built []*fakeFlusher
	err   error
}

func (b *fakeBuilder) build(cfg config.Config, _ engine.Logger) (flusher, error) {
	if b.err != nil {
		return nil, b.err
	}
	f := &fakeFlusher{}
	if len(b.next) > 0 {
		f, b.next = b.next[0], b.next[1:]
	}
	f.cfg = cfg
	b.built = append(b.built, f)
	return f, nil
}

type fixture struct {
	reg     *registry
	builder *fakeBuilder
	orphan  *recordingSink
}

func newFixture(flushers ...*fakeFlusher) *fixture {
	b := &fakeBuilder{next: flushers}
	orphan := &recordingSink{maxLevel: engine.LevelWarn}
	return &fixture{reg: newRegistry(b.build, orphan), builder: b, orphan: orphan}
}

// open starts an instance from props and fails the test unless Init would return OK.
func (fx *fixture) open(t *testing.T, props map[string]string, sink *recordingSink) int {
	t.Helper()
	id, code := fx.reg.open(config.MapLookup(props), sink, fx.orphan)
	if code != output.FLB_OK {
		t.Fatalf("open(%v) = %s, want FLB_OK; log: %v", props, codeName(code), sink.lines)
	}
	return id
}

func TestFLBCode(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"delivered", nil, output.FLB_OK},
		{"retry", engine.ErrRetry, output.FLB_RETRY},
		{"wrapped retry", fmt.Errorf("forward: ack timeout: %w", engine.ErrRetry), output.FLB_RETRY},
		{"joined retry", errors.Join(errors.New("partial write"), engine.ErrRetry), output.FLB_RETRY},
		{"anything else", errors.New("chunk is not msgpack"), output.FLB_ERROR},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := flbCode(c.err); got != c.want {
				t.Errorf("flbCode(%v) = %s, want %s", c.err, codeName(got), codeName(c.want))
			}
		})
	}
}

func TestOpenRejectsBadConfigurationWithOneLinePerProblem(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	props := map[string]string{"trees": "many", "contamination": "0.9", "forward_address": "udp://x"}
	_, code := fx.reg.open(config.MapLookup(props), sink, fx.orphan)
	if code != output.FLB_ERROR {
		t.Fatalf("open = %s, want FLB_ERROR", codeName(code))
	}
	for key, value := range props {
		lines := sink.matching(engine.LevelError, key)
		if len(lines) != 1 {
			t.Errorf("want one error line naming %s, got %q", key, lines)
			continue
		}
		if !strings.Contains(lines[0], value) || !strings.Contains(lines[0], "must") {
			t.Errorf("line for %s should name the value %q and what is accepted: %q", key, value, lines[0])
		}
		if !strings.HasPrefix(lines[0], "[anomaly.0] configuration: ") {
			t.Errorf("line lacks the instance prefix: %q", lines[0])
		}
	}
	if n := sink.count(); n != len(props) {
		t.Errorf("want exactly %d log lines, got %d: %v", len(props), n, sink.lines)
	}
	if len(fx.builder.built) != 0 || len(fx.reg.instances) != 0 {
		t.Error("a rejected configuration must build and keep nothing")
	}
}

func TestOpenReportsBuildFailure(t *testing.T) {
	fx := newFixture()
	fx.builder.err = errors.New("state_dir: model file is corrupt")
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	_, code := fx.reg.open(config.MapLookup(nil), sink, fx.orphan)
	if code != output.FLB_ERROR {
		t.Fatalf("open = %s, want FLB_ERROR", codeName(code))
	}
	if got := sink.matching(engine.LevelError, "cannot start: state_dir: model file is corrupt"); len(got) != 1 {
		t.Errorf("want the build error logged once, got %v", sink.lines)
	}
}

func TestOpenLogsEffectiveConfigurationOnceWithSecretsRedacted(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	fx.open(t, map[string]string{"forward_address": "tcp://127.0.0.1:24224", "forward_shared_key": "s3cret"}, sink)
	started := sink.matching(engine.LevelInfo, "started: ")
	if len(started) != 1 {
		t.Fatalf("want one start line, got %v", sink.lines)
	}
	if strings.Contains(started[0], "s3cret") || !strings.Contains(started[0], "forward_shared_key=<redacted>") {
		t.Errorf("shared key not redacted: %q", started[0])
	}
	if !strings.Contains(started[0], "forward_address=tcp://127.0.0.1:24224") {
		t.Errorf("start line lacks the effective address: %q", started[0])
	}

	quiet := &recordingSink{maxLevel: engine.LevelError}
	fx.open(t, nil, quiet)
	if quiet.count() != 0 {
		t.Errorf("log_level error must silence the start line, got %v", quiet.lines)
	}
}

func TestInstancesKeepTheirOwnSettings(t *testing.T) {
	fx := newFixture()
	a := fx.open(t, map[string]string{"annotation_key": "anomaly", "trees": "50"}, &recordingSink{maxLevel: engine.LevelInfo})
	b := fx.open(t, map[string]string{"annotation_key": "ml", "flatten": "on"}, &recordingSink{maxLevel: engine.LevelInfo})
	if a == b {
		t.Fatalf("two instances share id %d", a)
	}
	if code := fx.reg.flush(a, "app.a", []byte{0x90}); code != output.FLB_OK {
		t.Errorf("flush a = %s", codeName(code))
	}
	for i := 0; i < 2; i++ {
		if code := fx.reg.flush(b, "app.b", []byte{0x90, 0x90}); code != output.FLB_OK {
			t.Errorf("flush b = %s", codeName(code))
		}
	}
	fa, fb := fx.builder.built[0], fx.builder.built[1]
	if fa.cfg.AnnotationKey != "anomaly" || fa.cfg.Trees != 50 || fb.cfg.AnnotationKey != "ml" || !fb.cfg.Flatten {
		t.Errorf("settings crossed: a=%+v b=%+v", fa.cfg, fb.cfg)
	}
	if fa.flushes.Load() != 1 || fb.flushes.Load() != 2 {
		t.Errorf("chunks went to the wrong instance: a got %d, b got %d", fa.flushes.Load(), fb.flushes.Load())
	}
}

func TestFlushMapsErrorsAndLogsThem(t *testing.T) {
	answers := map[int64]error{
		1: nil,
		2: fmt.Errorf("forward: no ack within 3s: %w", engine.ErrRetry),
		3: errors.New("engine: invalid chunk"),
	}
	fx := newFixture(&fakeFlusher{answer: func(n int64) error { return answers[n] }})
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	id := fx.open(t, nil, sink)

	want := []int{output.FLB_OK, output.FLB_RETRY, output.FLB_ERROR}
	for i, w := range want {
		if got := fx.reg.flush(id, "app.x", []byte("chunk")); got != w {
			t.Errorf("flush %d = %s, want %s", i+1, codeName(got), codeName(w))
		}
	}
	if got := sink.matching(engine.LevelWarn, `with tag "app.x" will be retried: forward: no ack within 3s`); len(got) != 1 {
		t.Errorf("retry not logged once at warn: %v", sink.lines)
	}
	if got := sink.matching(engine.LevelError, "dropped: engine: invalid chunk"); len(got) != 1 {
		t.Errorf("drop not logged once at error: %v", sink.lines)
	}
}

func TestFlushOfUnknownContextIsAnError(t *testing.T) {
	fx := newFixture()
	id := fx.open(t, nil, &recordingSink{maxLevel: engine.LevelInfo})
	for _, key := range []any{nil, id + 1, "0", uintptr(id)} {
		if got := fx.reg.flush(key, "app.x", []byte{0xc0}); got != output.FLB_ERROR {
			t.Errorf("flush(%#v) = %s, want FLB_ERROR", key, codeName(got))
		}
	}
	if got := fx.orphan.matching(engine.LevelError, "unknown instance context"); len(got) != 4 {
		t.Errorf("want one error line per unknown context, got %v", fx.orphan.lines)
	}
}

func TestPanicInFlushAnswersRetryAndTheNextFlushWorks(t *testing.T) {
	f := &fakeFlusher{panicOn: 1}
	fx := newFixture(f)
	sink := &recordingSink{maxLevel: engine.LevelDebug}
	id := fx.open(t, nil, sink)

	if got := fx.reg.flush(id, "app.x", []byte("chunk")); got != output.FLB_RETRY {
		t.Fatalf("panicking flush = %s, want FLB_RETRY so the chunk is kept", codeName(got))
	}
	if got := sink.matching(engine.LevelError, "recovered from a panic in flush: assignment to entry in nil map; answering FLB_RETRY"); len(got) != 1 {
		t.Errorf("panic not logged once at error: %v", sink.lines)
	}
	stack := sink.matching(engine.LevelDebug, "panic stack: ")
	if len(stack) != 1 || !strings.Contains(stack[0], "fakeFlusher).Flush (registry_test.go:") {
		t.Errorf("debug stack should start at the panicking method: %v", stack)
	}
	if got := fx.reg.flush(id, "app.x", []byte("chunk")); got != output.FLB_OK {
		t.Errorf("flush after the panic = %s, want FLB_OK", codeName(got))
	}
	if f.flushes.Load() != 2 {
		t.Errorf("flusher saw %d flushes, want 2", f.flushes.Load())
	}
}

func TestPanicStackStaysAtInfo(t *testing.T) {
	fx := newFixture(&fakeFlusher{panicOn: 1})
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	id := fx.open(t, nil, sink)
	fx.reg.flush(id, "app.x", nil)
	if got := sink.matching(engine.LevelDebug, "panic stack"); len(got) != 0 {
		t.Errorf("stack printed although debug is off: %v", got)
	}
}

func TestPanicInInitAndExitAnswersError(t *testing.T) {
	fx := newFixture(&fakeFlusher{closePan: true})
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	panicking := func(key string) string {
		if key == "trees" {
			panic("property table corrupt")
		}
		return ""
	}
	if _, code := fx.reg.open(panicking, sink, fx.orphan); code != output.FLB_ERROR {
		t.Errorf("open with a panicking lookup = %s, want FLB_ERROR", codeName(code))
	}
	id := fx.open(t, nil, sink)
	if code := fx.reg.close(id); code != output.FLB_ERROR {
		t.Errorf("close with a panicking Close = %s, want FLB_ERROR", codeName(code))
	}
	if got := sink.matching(engine.LevelError, "recovered from a panic in "); len(got) != 2 {
		t.Errorf("want the init and exit panics logged, got %v", sink.lines)
	}
}

func TestExportGuardRecovers(t *testing.T) {
	orphan := &recordingSink{maxLevel: engine.LevelWarn}
	reg := newRegistry(newEngine, orphan)
	code := reg.orphan.guard("flush", output.FLB_RETRY, func() int {
		var p *instance
		return flbCode(p.out.Flush("", nil)) // nil dereference
	})
	if code != output.FLB_RETRY {
		t.Errorf("guard = %s, want FLB_RETRY", codeName(code))
	}
	if got := orphan.matching(engine.LevelError, "[anomaly] recovered from a panic in flush: runtime error: invalid memory address"); len(got) != 1 {
		t.Errorf("panic not logged: %v", orphan.lines)
	}
}

func TestCloseDrainsOnceAndForgets(t *testing.T) {
	f := &fakeFlusher{}
	fx := newFixture(f)
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	id := fx.open(t, nil, sink)

	if code := fx.reg.close(id); code != output.FLB_OK {
		t.Fatalf("close = %s", codeName(code))
	}
	if f.closed.Load() != 1 {
		t.Errorf("Close called %d times, want 1", f.closed.Load())
	}
	if len(sink.matching(engine.LevelInfo, "[anomaly.0] stopped")) != 1 {
		t.Errorf("stop not logged: %v", sink.lines)
	}
	if code := fx.reg.flush(id, "app.x", nil); code != output.FLB_ERROR {
		t.Errorf("flush after exit = %s, want FLB_ERROR", codeName(code))
	}
	if code := fx.reg.close(id); code != output.FLB_ERROR {
		t.Errorf("second close = %s, want FLB_ERROR", codeName(code))
	}
	if f.closed.Load() != 1 {
		t.Errorf("a second exit must not close again")
	}
}

func TestLateMessagesAfterCloseAvoidTheFreedInstance(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelTrace}
	id := fx.open(t, nil, sink)
	inst, _ := fx.reg.lookup(id)
	fx.reg.close(id)
	before := sink.count()

	inst.log.Printf(engine.LevelError, "background save failed")
	inst.log.Printf(engine.LevelDebug, "refit done")
	if sink.count() != before {
		t.Errorf("instance sink used after close: %v", sink.lines[before:])
	}
	if got := fx.orphan.matching(engine.LevelError, "[anomaly.0] background save failed"); len(got) != 1 {
		t.Errorf("late error should reach the plugin log: %v", fx.orphan.lines)
	}
	if got := fx.orphan.matching(engine.LevelDebug, "refit"); len(got) != 0 {
		t.Errorf("late debug line should be dropped: %v", got)
	}
}

func TestCloseAllReportsAFailure(t *testing.T) {
	good, bad := &fakeFlusher{}, &fakeFlusher{closeErr: errors.New("state_dir full")}
	fx := newFixture(good, bad)
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	fx.open(t, nil, sink)
	fx.open(t, nil, sink)
	if code := fx.reg.closeAll(); code != output.FLB_ERROR {
		t.Errorf("closeAll = %s, want FLB_ERROR", codeName(code))
	}
	if good.closed.Load() != 1 || bad.closed.Load() != 1 {
		t.Error("every instance must be closed")
	}
	if len(sink.matching(engine.LevelError, "stopped with an error: state_dir full")) != 1 {
		t.Errorf("close error not logged: %v", sink.lines)
	}
	if len(fx.reg.instances) != 0 {
		t.Error("instances kept after closeAll")
	}
}

// TestConcurrentFlushes runs several workers per instance at once, as `workers N` does;
// run it with -race.
func TestConcurrentFlushes(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	ids := []int{fx.open(t, nil, sink), fx.open(t, nil, sink)}
	const workers, perWorker = 4, 200
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		for _, id := range ids {
			wg.Add(1)
			go func(id int) {
				defer wg.Done()
				for i := 0; i < perWorker; i++ {
					if code := fx.reg.flush(id, "app.x", []byte{1, 2, 3}); code != output.FLB_OK {
						t.Errorf("flush = %s", codeName(code))
						return
					}
				}
			}(id)
		}
	}
	// An instance opening while others flush, as on a hot reload.
	extra := fx.open(t, nil, sink)
	wg.Wait()
	for i, f := range fx.builder.built[:2] {
		if n := f.flushes.Load(); n != workers*perWorker {
			t.Errorf("instance %d saw %d flushes, want %d", i, n, workers*perWorker)
		}
		if b := f.bytes.Load(); b != 3*workers*perWorker {
			t.Errorf("instance %d saw %d bytes", i, b)
		}
	}
	if fx.builder.built[2].flushes.Load() != 0 || extra == ids[0] || extra == ids[1] {
		t.Error("the instance opened last must be separate")
	}
}

// openFilter starts a filter instance named label and fails the test unless cb_init
// would succeed.
func (fx *fixture) openFilter(t *testing.T, label string, props map[string]string, sink *recordingSink) int {
	t.Helper()
	names := []string{}
	for k := range props {
		names = append(names, k)
	}
	id, code := fx.reg.openSection(section{mode: config.Filter, lookup: config.MapLookup(props), names: names, label: label}, sink, fx.orphan)
	if code != output.FLB_OK {
		t.Fatalf("openSection(%v) = %s, want FLB_OK; log: %v", props, codeName(code), sink.lines)
	}
	return id
}

func TestFilterAnswersModifiedWithTheAnnotatedChunk(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	id := fx.openFilter(t, "anomaly.0", nil, sink)
	var got []byte
	deliver := func(b []byte) bool { got = append([]byte(nil), b...); return true }
	if code := fx.reg.annotate(id, "app.x", []byte("chunk"), deliver); code != filterModified {
		t.Fatalf("annotate = %s, want FLB_FILTER_MODIFIED", filterCodeName(code))
	}
	if want := "chunk\xc0"; string(got) != want {
		t.Errorf("delivered %q, want %q", got, want)
	}
	if !fx.builder.built[0].cfg.Mode.IsFilter() {
		t.Errorf("the instance was built as %v, want a filter", fx.builder.built[0].cfg.Mode)
	}
}

func TestFilterPassesTheChunkUnchangedWhenItCannotAnnotate(t *testing.T) {
	f := &fakeFlusher{panicOn: 1, answer: func(n int64) error {
		if n == 2 {
			return errors.New("nothing annotated")
		}
		return nil
	}}
	fx := newFixture(f)
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	id := fx.openFilter(t, "anomaly.0", nil, sink)
	delivered := 0
	deliver := func([]byte) bool { delivered++; return true }

	if code := fx.reg.annotate(id, "app.x", []byte("chunk"), deliver); code != filterNotouch {
		t.Errorf("panicking filter = %s, want NOTOUCH so the chunk goes on unchanged", filterCodeName(code))
	}
	if got := sink.matching(engine.LevelError, "[filter:anomaly:anomaly.0] recovered from a panic in filter: assignment to entry in nil map; answering FLB_FILTER_NOTOUCH (the chunk passes unchanged) (1 panics so far)"); len(got) != 1 {
		t.Errorf("panic not logged once with its count: %v", sink.lines)
	}
	if code := fx.reg.annotate(id, "app.x", []byte("chunk"), deliver); code != filterNotouch {
		t.Errorf("a chunk with nothing annotated = %s, want NOTOUCH", filterCodeName(code))
	}
	if code := fx.reg.annotate(id, "app.x", []byte("chunk"), func([]byte) bool { return false }); code != filterNotouch {
		t.Errorf("no memory for the copy = %s, want NOTOUCH", filterCodeName(code))
	}
	if code := fx.reg.annotate(id+100, "app.x", []byte("chunk"), deliver); code != filterNotouch {
		t.Errorf("unknown context = %s, want NOTOUCH", filterCodeName(code))
	}
	if delivered != 0 {
		t.Errorf("nothing should have been copied out, got %d copies", delivered)
	}
	if code := fx.reg.annotate(id, "app.x", []byte("chunk"), deliver); code != filterModified || delivered != 1 {
		t.Errorf("the next chunk = %s with %d copies, want MODIFIED and one copy", filterCodeName(code), delivered)
	}
	inst, _ := fx.reg.lookup(id)
	if inst.log.panics.Load() != 1 {
		t.Errorf("panics counted %d, want 1", inst.log.panics.Load())
	}
}

func TestFilterRefusesMisspeltAndOutputKeys(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	props := map[string]string{"Contamnation": "0.1", "forward_address": "tcp://127.0.0.1:24224", "Active": "true"}
	_, code := fx.reg.openSection(section{mode: config.Filter, lookup: config.MapLookup(props), names: []string{"Contamnation", "forward_address", "Active"}, label: "anomaly.0"}, sink, fx.orphan)
	if code != output.FLB_ERROR {
		t.Fatalf("open = %s, want FLB_ERROR", codeName(code))
	}
	errs := sink.matching(engine.LevelError, "[filter:anomaly:anomaly.0] configuration: ")
	if len(errs) != 2 || !strings.Contains(errs[0], `unknown key "Contamnation" (did you mean contamination?)`) || !strings.Contains(errs[1], "forward_address applies to [OUTPUT] anomaly only") {
		t.Errorf("want one line for the misspelt key and one for the output key, got %q", errs)
	}
}

func TestProcessorsWithOneNameAreToldApart(t *testing.T) {
	fx := newFixture()
	sink := &recordingSink{maxLevel: engine.LevelInfo}
	fx.openFilter(t, "anomaly.0", nil, sink)
	second := fx.openFilter(t, "anomaly.0", nil, sink)
	if got := sink.matching(engine.LevelInfo, fmt.Sprintf("[filter:anomaly:anomaly.0#%d] started as a filter", second)); len(got) != 1 {
		t.Errorf("the second processor named anomaly.0 should log as anomaly.0#%d: %v", second, sink.lines)
	}
}
