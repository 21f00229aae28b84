package engine

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"os"
	"sync"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/forward"
)

// NewSink builds the sink forward_address names: a Forward client for unix:// and tcp://,
// JSON lines on standard output for stdout.
func NewSink(cfg config.Config) (Sender, error) {
	if cfg.Sink == config.SinkStdout {
		return NewJSONLines(os.Stdout), nil
	}
	opt := forward.Options{
		Address:       cfg.ForwardAddress,
		TagPrefix:     cfg.ForwardTagPrefix,
		SharedKey:     cfg.SharedKey,
		SelfHostname:  cfg.SelfHostname,
		Username:      cfg.Username,
		Password:      cfg.Password,
		DialTimeout:   cfg.DialTimeout,
		AckTimeout:    cfg.AckTimeout,
		MaxFrameBytes: cfg.MaxFrameBytes,
	}
	if cfg.TLS {
		t, err := tlsConfig(cfg)
		if err != nil {
			return nil, err
		}
		opt.TLS = t
	}
	return forward.New(opt)
}

func tlsConfig(cfg config.Config) (*tls.Config, error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: !cfg.TLSVerify}
	t.ServerName = cfg.TLSServerName
	if t.ServerName == "" {
		host, _, _ := net.SplitHostPort(cfg.ForwardPath)
		t.ServerName = host
	}
	if cfg.TLSCAFile != "" {
		pem, err := os.ReadFile(cfg.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("forward_tls_ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("forward_tls_ca_file must hold PEM certificates, got none in %s", cfg.TLSCAFile)
		}
		t.RootCAs = pool
	}
	if cfg.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("forward_tls_crt_file/forward_tls_key_file: %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

// JSONLines writes each record as one JSON object per line, exactly as Fluent Bit's stdout
// output does with format json_lines (no tag), for demos and batch scans.
type JSONLines struct {
	mu   sync.Mutex
	w    *bufio.Writer
	line []byte
}

// NewJSONLines returns a sink writing to w.
func NewJSONLines(w io.Writer) *JSONLines {
	return &JSONLines{w: bufio.NewWriterSize(w, 64<<10)}
}

// Send writes events and flushes, so a record is on its way before the chunk counts as
// delivered.
func (j *JSONLines) Send(_ string, events [][]byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	var ev chunk.Event
	for _, raw := range events {
		dec := chunk.NewDecoder(raw)
		for dec.Next(&ev) {
			j.line = chunk.AppendJSON(j.line[:0], &ev, "")
			if len(j.line) == 0 {
				continue // group markers print nothing
			}
			j.line = append(j.line, '\n')
			if _, err := j.w.Write(j.line); err != nil {
				return err
			}
		}
	}
	return j.w.Flush()
}

// Close flushes what is buffered.
func (j *JSONLines) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.w.Flush()
}
