// Package engine is the plugin's per-instance pipeline: it decodes a Fluent Bit chunk,
// scores every record of it in the record's stream, appends the annotation and hands the
// annotated records to the configured sink. It knows nothing of cgo, so tests drive it
// directly.
package engine

import (
	"errors"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
)

// Level is a Fluent Bit log level, with Fluent Bit's numbering.
type Level int

// Fluent Bit's log levels.
const (
	LevelError Level = 1
	LevelWarn  Level = 2
	LevelInfo  Level = 3
	LevelDebug Level = 4
	LevelTrace Level = 5
)

// Logger writes the plugin's messages to Fluent Bit's log.
type Logger interface {
	// Enabled reports whether the instance's log_level lets level through, so callers can
	// skip building messages nobody will see.
	Enabled(level Level) bool
	Printf(level Level, format string, args ...any)
}

// ErrRetry marks a flush whose records were not all delivered: Fluent Bit keeps the chunk
// and flushes it again later.
var ErrRetry = errors.New("engine: records not delivered, retry")

// Engine is one [OUTPUT anomaly] instance. Flush is safe for concurrent use.
type Engine struct {
	cfg config.Config
	log Logger
}

// New builds an instance from a validated configuration.
func New(cfg config.Config, log Logger) (*Engine, error) {
	return &Engine{cfg: cfg, log: log}, nil
}

// Flush annotates and delivers one chunk. A nil error means every record was delivered;
// an error wrapping ErrRetry means Fluent Bit should retry the chunk.
func (e *Engine) Flush(tag string, chunk []byte) error {
	return errors.New("engine: not built yet")
}

// Close waits for in-flight work, saves state and releases the sink.
func (e *Engine) Close() error { return nil }
