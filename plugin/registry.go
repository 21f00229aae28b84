package main

// The plain-Go half of the Fluent Bit glue: the instance registry, the one mapping from
// errors to Fluent Bit return codes, panic recovery and the per-instance log prefix. The
// cgo exports in fluentbit.go only convert C values and call in here, so everything below
// is tested without Fluent Bit.

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fluent/fluent-bit-go/output"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/metrics"
)

// pluginName is the name [OUTPUT] sections use: `Name anomaly`.
const pluginName = "anomaly"

// pluginDescription is what `fluent-bit --help` lists beside the name.
const pluginDescription = "Isolation Forest anomaly scoring; re-emits annotated records over Forward"

// flusher is one [OUTPUT] instance as the exports see it; *engine.Engine satisfies it.
type flusher interface {
	// Flush delivers one chunk: nil means delivered, an error wrapping engine.ErrRetry
	// means Fluent Bit should keep the chunk and retry it.
	Flush(tag string, chunk []byte) error
	// Close drains in-flight work and saves state.
	Close() error
}

// builder makes the flusher of a new instance from its validated configuration.
type builder func(cfg config.Config, log engine.Logger) (flusher, error)

// newEngine is the builder Fluent Bit's instances use.
func newEngine(cfg config.Config, log engine.Logger) (flusher, error) {
	e, err := engine.New(cfg, log)
	if err != nil {
		return nil, err // not e: a nil *Engine in an interface is not a nil interface
	}
	return e, nil
}

// flbCode maps the outcome of a flush to Fluent Bit's return code. It is the only place
// that decides between keeping a chunk and dropping it: OK only for delivered data, RETRY
// when delivery may succeed later (duplicates are then possible, loss is not), ERROR for a
// chunk no retry can help.
func flbCode(err error) int {
	switch {
	case err == nil:
		return output.FLB_OK
	case errors.Is(err, engine.ErrRetry):
		return output.FLB_RETRY
	default:
		return output.FLB_ERROR
	}
}

// codeName spells a return code for log lines.
func codeName(code int) string {
	switch code {
	case output.FLB_OK:
		return "FLB_OK"
	case output.FLB_RETRY:
		return "FLB_RETRY"
	case output.FLB_ERROR:
		return "FLB_ERROR"
	}
	return fmt.Sprintf("code %d", code)
}

// logSink is Fluent Bit's log as seen from one instance.
type logSink interface {
	// enabled reports whether the instance's log_level lets level through.
	enabled(level engine.Level) bool
	// print writes one line; Fluent Bit adds the time, the level and the newline.
	print(level engine.Level, msg string)
}

// instanceLog prefixes every message with the instance it comes from, as Fluent Bit's
// own plugins do with `[output:<plugin>:<instance>]`. It implements engine.Logger.
type instanceLog struct {
	prefix string
	sink   logSink
	// detached is set once the instance is closed: Fluent Bit frees the instance behind
	// sink afterwards, so late messages go to fallback, which needs no instance.
	detached atomic.Bool
	fallback logSink
}

func newInstanceLog(id int, sink, fallback logSink) *instanceLog {
	return &instanceLog{prefix: fmt.Sprintf("[%s.%d] ", pluginName, id), sink: sink, fallback: fallback}
}

func (l *instanceLog) current() logSink {
	if l.detached.Load() {
		return l.fallback
	}
	return l.sink
}

// Enabled implements engine.Logger.
func (l *instanceLog) Enabled(level engine.Level) bool { return l.current().enabled(level) }

// Printf implements engine.Logger.
func (l *instanceLog) Printf(level engine.Level, format string, args ...any) {
	s := l.current()
	if !s.enabled(level) {
		return
	}
	s.print(level, l.prefix+fmt.Sprintf(format, args...))
}

// detach stops using the instance's own log once Fluent Bit may have freed it.
func (l *instanceLog) detach() { l.detached.Store(true) }

// survive, deferred at the top of an export, turns a panic into a log line and the code
// given: a panic that escapes a cgo export ends the whole Fluent Bit process.
func (l *instanceLog) survive(what string, code *int, onPanic int) {
	v := recover()
	if v == nil {
		return
	}
	*code = onPanic
	l.Printf(engine.LevelError, "recovered from a panic in %s: %v; answering %s", what, v, codeName(onPanic))
	if l.Enabled(engine.LevelDebug) {
		l.Printf(engine.LevelDebug, "panic stack: %s", shortStack(8))
	}
}

// guard runs an export's body under survive.
func (l *instanceLog) guard(what string, onPanic int, body func() int) (code int) {
	defer l.survive(what, &code, onPanic)
	return body()
}

// shortStack lists up to max frames from the panicking function outwards on one line, so
// it stays one entry in Fluent Bit's line-oriented log.
func shortStack(max int) string {
	pc := make([]uintptr, 32)
	n := runtime.Callers(3, pc) // skip Callers, shortStack and survive
	frames := runtime.CallersFrames(pc[:n])
	var parts []string
	for len(parts) < max {
		f, more := frames.Next()
		// The runtime's own panic frames say nothing about where the panic came from.
		if !strings.HasPrefix(f.Function, "runtime.") {
			file := f.File
			if i := strings.LastIndexByte(file, '/'); i >= 0 {
				file = file[i+1:]
			}
			parts = append(parts, fmt.Sprintf("%s (%s:%d)", f.Function, file, f.Line))
		}
		if !more {
			break
		}
	}
	return strings.Join(parts, " <- ")
}

// instance is one [OUTPUT anomaly] section.
type instance struct {
	out flusher
	log *instanceLog
	// unserve removes the instance from the metrics endpoint; nil without metrics_address.
	unserve func()
}

// registry holds the live instances, keyed by the id handed to Fluent Bit as the
// instance context. Several [OUTPUT] sections with different settings live side by side,
// and a hot reload closes the old ones and opens new ones in the same process (a Go .so is
// never unloaded), so nothing here is global to the plugin but the registry itself.
type registry struct {
	build builder
	// orphan logs what belongs to no known instance (a stale or foreign context).
	orphan *instanceLog

	// metrics is the process's one metrics endpoint, shared by the instances that set
	// metrics_address.
	metrics *metrics.Endpoint

	mu        sync.RWMutex
	next      int
	instances map[int]*instance
}

func newRegistry(build builder, plugin logSink) *registry {
	return &registry{
		build:     build,
		orphan:    &instanceLog{prefix: "[" + pluginName + "] ", sink: plugin, fallback: plugin},
		instances: make(map[int]*instance),
		metrics:   metrics.NewEndpoint(),
	}
}

// open reads and validates an instance's configuration and builds it. On success it
// returns the id to store as the instance context and FLB_OK; otherwise FLB_ERROR, which
// stops Fluent Bit at start, after one log line per problem so one edit fixes them all.
func (r *registry) open(lookup config.Lookup, sink, fallback logSink) (id, code int) {
	r.mu.Lock()
	id = r.next
	r.next++
	r.mu.Unlock()

	log := newInstanceLog(id, sink, fallback)
	defer log.survive("init", &code, output.FLB_ERROR)

	cfg, err := config.Parse(lookup)
	if err != nil {
		for _, problem := range strings.Split(err.Error(), "\n") {
			if problem != "" {
				log.Printf(engine.LevelError, "configuration: %s", problem)
			}
		}
		return id, output.FLB_ERROR
	}
	out, err := r.build(cfg, log)
	if err != nil {
		log.Printf(engine.LevelError, "cannot start: %v", err)
		return id, output.FLB_ERROR
	}

	inst := &instance{out: out, log: log}
	if cfg.MetricsAddress != "" {
		if inst.unserve, err = r.serveMetrics(cfg.MetricsAddress, id, out); err != nil {
			log.Printf(engine.LevelError, "cannot start: %v", err)
			if cerr := out.Close(); cerr != nil {
				log.Printf(engine.LevelError, "stopped with an error: %v", cerr)
			}
			return id, output.FLB_ERROR
		}
	}

	r.mu.Lock()
	r.instances[id] = inst
	r.mu.Unlock()
	log.Printf(engine.LevelInfo, "started: %s", cfg.Redacted())
	return id, output.FLB_OK
}

// lookup finds the instance behind a context Fluent Bit handed back.
func (r *registry) lookup(key any) (*instance, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lookupLocked(key)
}

// flush delivers one chunk for the instance behind key and answers Fluent Bit's code. It
// is called concurrently by the instance's workers.
func (r *registry) flush(key any, tag string, chunk []byte) (code int) {
	inst, ok := r.lookup(key)
	if !ok {
		r.orphan.Printf(engine.LevelError, "flush for an unknown instance context %v: chunk of %d bytes with tag %q dropped", key, len(chunk), tag)
		return output.FLB_ERROR
	}
	defer inst.log.survive("flush", &code, output.FLB_RETRY)

	err := inst.out.Flush(tag, chunk)
	code = flbCode(err)
	switch code {
	case output.FLB_RETRY:
		inst.log.Printf(engine.LevelWarn, "chunk of %d bytes with tag %q will be retried: %v", len(chunk), tag, err)
	case output.FLB_ERROR:
		inst.log.Printf(engine.LevelError, "chunk of %d bytes with tag %q dropped: %v", len(chunk), tag, err)
	}
	return code
}

// close drains and saves the instance behind key and forgets it.
func (r *registry) close(key any) (code int) {
	r.mu.Lock()
	inst, ok := r.lookupLocked(key)
	if ok {
		delete(r.instances, key.(int))
	}
	r.mu.Unlock()
	if !ok {
		r.orphan.Printf(engine.LevelError, "exit for an unknown instance context %v", key)
		return output.FLB_ERROR
	}
	return closeInstance(inst)
}

func (r *registry) lookupLocked(key any) (*instance, bool) {
	id, ok := key.(int)
	if !ok {
		return nil, false
	}
	inst, ok := r.instances[id]
	return inst, ok
}

// closeAll closes every instance, for a Fluent Bit that calls the exit callback without a
// context.
func (r *registry) closeAll() (code int) {
	r.mu.Lock()
	all := r.instances
	r.instances = make(map[int]*instance)
	r.mu.Unlock()
	code = output.FLB_OK
	for _, inst := range all {
		if c := closeInstance(inst); c != output.FLB_OK {
			code = c
		}
	}
	return code
}

// serveMetrics adds the instance to the metrics endpoint, which starts on address if no
// other instance serves there yet.
func (r *registry) serveMetrics(address string, id int, out flusher) (unserve func(), err error) {
	src, ok := out.(metrics.Source)
	if !ok {
		return nil, fmt.Errorf("metrics_address: this output has no counters to serve")
	}
	return r.metrics.Register(address, fmt.Sprintf("%s.%d", pluginName, id), src)
}

func closeInstance(inst *instance) (code int) {
	defer inst.log.detach()
	defer inst.log.survive("exit", &code, output.FLB_ERROR)
	if inst.unserve != nil {
		inst.unserve()
	}
	if err := inst.out.Close(); err != nil {
		inst.log.Printf(engine.LevelError, "stopped with an error: %v", err)
		return output.FLB_ERROR
	}
	inst.log.Printf(engine.LevelInfo, "stopped")
	return output.FLB_OK
}
