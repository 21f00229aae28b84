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

// pluginName is the name [FILTER] and [OUTPUT] sections use: `Name anomaly`.
const pluginName = "anomaly"

// pluginDescription is what `fluent-bit --help` lists beside the output's name (filter.c
// holds the filter's).
const pluginDescription = "Isolation Forest anomaly scoring; re-emits annotated records over Forward"

// Fluent Bit's filter return codes (include/fluent-bit/flb_filter.h).
const (
	filterModified = 1
	filterNotouch  = 2
)

// flusher is one instance as the exports see it; *engine.Engine satisfies it.
type flusher interface {
	// Flush delivers one chunk (outputs): nil means delivered, an error wrapping
	// engine.ErrRetry means Fluent Bit should keep the chunk and retry it.
	Flush(tag string, chunk []byte) error
	// Annotate appends the annotated chunk to dst and returns it (filters).
	Annotate(tag string, chunk, dst []byte) []byte
	// Close drains in-flight work and saves state.
	Close() error
}

// section is what Fluent Bit tells of one instance when it starts it.
type section struct {
	mode   config.Mode
	lookup config.Lookup
	// names are the keys the section sets, when they can be listed (filters); nil
	// skips the check for misspelt keys.
	names []string
	// label names the instance in its log lines and metrics; empty gives
	// "anomaly.<id>", as outputs have always been named.
	label string
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

// filterCodeName spells a filter's return code for log lines.
func filterCodeName(code int) string {
	switch code {
	case filterModified:
		return "FLB_FILTER_MODIFIED"
	case filterNotouch:
		return "FLB_FILTER_NOTOUCH (the chunk passes unchanged)"
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
	// panics counts the panics survive recovered from.
	panics atomic.Uint64
	// detached is set once the instance is closed: Fluent Bit frees the instance behind
	// sink afterwards, so late messages go to fallback, which needs no instance.
	detached atomic.Bool
	fallback logSink
}

func newInstanceLog(prefix string, sink, fallback logSink) *instanceLog {
	return &instanceLog{prefix: prefix, sink: sink, fallback: fallback}
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
	n := l.panics.Add(1)
	l.Printf(engine.LevelError, "recovered from a panic in %s: %v; answering %s (%d panics so far)", what, v, l.codeName(what, onPanic), n)
	if l.Enabled(engine.LevelDebug) {
		l.Printf(engine.LevelDebug, "panic stack: %s", shortStack(8))
	}
}

// codeName spells the code a call answers: a filter's or an output's.
func (l *instanceLog) codeName(what string, code int) string {
	if what == "filter" {
		return filterCodeName(code)
	}
	return codeName(code)
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

// instance is one anomaly section: a [FILTER], a processor or an [OUTPUT].
type instance struct {
	mode  config.Mode
	label string
	out   flusher
	log   *instanceLog
	// unserve removes the instance from the metrics endpoint; nil without metrics_address.
	unserve func()
}

// registry holds the live instances, keyed by the id handed to Fluent Bit as the
// instance context. Several sections with different settings live side by side,
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

	// outputs holds the buffers filters annotate into before the chunk is copied to
	// Fluent Bit's memory.
	outputs sync.Pool
}

func newRegistry(build builder, plugin logSink) *registry {
	return &registry{
		build:     build,
		orphan:    &instanceLog{prefix: "[" + pluginName + "] ", sink: plugin, fallback: plugin},
		instances: make(map[int]*instance),
		metrics:   metrics.NewEndpoint(),
	}
}

// open reads and validates an output's configuration and builds it (openSection).
func (r *registry) open(lookup config.Lookup, sink, fallback logSink) (id, code int) {
	return r.openSection(section{mode: config.Output, lookup: lookup}, sink, fallback)
}

// openSection reads and validates an instance's configuration and builds it. On success
// it returns the id to store as the instance context and FLB_OK; otherwise FLB_ERROR,
// which stops Fluent Bit at start, after one log line per problem so one edit fixes them
// all.
func (r *registry) openSection(sec section, sink, fallback logSink) (id, code int) {
	r.mu.Lock()
	id = r.next
	r.next++
	r.mu.Unlock()

	label := sec.label
	if label == "" {
		label = fmt.Sprintf("%s.%d", pluginName, id)
	} else if r.labelTaken(label) {
		// Processors number their filters per pipeline, so two can be "anomaly.0";
		// their log lines and metrics must still tell them apart (an alias names them).
		label = fmt.Sprintf("%s#%d", label, id)
	}
	prefix := "[" + label + "] "
	if sec.mode == config.Filter {
		prefix = "[filter:" + pluginName + ":" + label + "] " // as Fluent Bit prefixes its filters
		label = "filter:" + label
	}
	log := newInstanceLog(prefix, sink, fallback)
	defer log.survive("init", &code, output.FLB_ERROR)

	cfg, err := config.ParseFor(sec.mode, sec.lookup)
	if sec.names != nil {
		err = errors.Join(config.CheckNames(sec.names), err)
	}
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

	inst := &instance{mode: sec.mode, label: label, out: out, log: log}
	if cfg.MetricsAddress != "" {
		if inst.unserve, err = r.serveMetrics(cfg.MetricsAddress, label, inst); err != nil {
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
	if sec.mode == config.Filter {
		log.Printf(engine.LevelInfo, "started as a filter: %s", cfg.Redacted())
	} else {
		log.Printf(engine.LevelInfo, "started: %s", cfg.Redacted())
	}
	return id, output.FLB_OK
}

// labelTaken reports whether a live instance is named label.
func (r *registry) labelTaken(label string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, inst := range r.instances {
		if inst.label == label || inst.label == "filter:"+label {
			return true
		}
	}
	return false
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
		// During an outage the engine logs its beginning and its end, once each: a
		// line per retried chunk would bury them.
		level := engine.LevelWarn
		if errors.Is(err, engine.ErrReceiverDown) {
			level = engine.LevelDebug
		}
		inst.log.Printf(level, "chunk of %d bytes with tag %q will be retried: %v", len(chunk), tag, err)
	case output.FLB_ERROR:
		inst.log.Printf(engine.LevelError, "chunk of %d bytes with tag %q dropped: %v", len(chunk), tag, err)
	}
	return code
}

// annotate runs one chunk through the filter instance behind key and hands the annotated
// chunk to deliver, which copies it out. It answers filterModified, or filterNotouch when
// the chunk must pass as it came: an unknown instance, a panic (logged and counted), or a
// copy that failed. Fluent Bit calls it from its engine thread, or from several input and
// output threads at once for a processor.
func (r *registry) annotate(key any, tag string, chunk []byte, deliver func([]byte) bool) (code int) {
	inst, ok := r.lookup(key)
	if !ok {
		r.orphan.Printf(engine.LevelError, "filter call for an unknown instance context %v: chunk of %d bytes with tag %q passes unchanged", key, len(chunk), tag)
		return filterNotouch
	}
	buf, _ := r.outputs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	defer r.outputs.Put(buf)
	defer inst.log.survive("filter", &code, filterNotouch)

	*buf = inst.out.Annotate(tag, chunk, (*buf)[:0])
	if len(*buf) == len(chunk) {
		// The annotation only ever adds bytes: nothing was annotated, so the chunk
		// passes as it came, without a copy. An empty chunk must not come back as an
		// empty buffer either, which Fluent Bit reads as "every record dropped".
		return filterNotouch
	}
	if !deliver(*buf) {
		inst.log.Printf(engine.LevelError, "no memory for an annotated chunk of %d bytes with tag %q: it passes unchanged", len(*buf), tag)
		return filterNotouch
	}
	return filterModified
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
func (r *registry) serveMetrics(address, label string, inst *instance) (unserve func(), err error) {
	if _, ok := inst.out.(metrics.Source); !ok {
		return nil, fmt.Errorf("metrics_address: this instance has no counters to serve")
	}
	return r.metrics.Register(address, label, inst)
}

// Stats are the engine's counters with the panics the glue recovered from; an instance
// is the metrics endpoint's Source.
func (inst *instance) Stats() engine.Stats {
	s := inst.out.(metrics.Source).Stats()
	s.Panics = inst.log.panics.Load()
	return s
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
