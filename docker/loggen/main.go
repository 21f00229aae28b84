// Command loggen writes the demo's application logs: a small shop whose web, db, auth and
// system services log normal traffic and, every so often, an incident for the anomaly
// plugin to find: a memory leak logged at INFO with a climbing heap number, slow queries
// at WARNING, a storm of failed logins, unauthorized access, a burst of errors and a
// kernel panic, in turn.
//
//	loggen [-out FILE] [-format json|text] [-rate 20] [-incident-every 90s] [-seed 1]
//	       [-start 2025-01-02T03:04:05Z -lines 5000]
//
// By default it writes in real time, forever. With -start it writes the lines of a
// simulated clock as fast as it can, for a file to scan; -lines bounds the output.
//
// JSON lines carry time, service, level and message (docker/loggen/parsers.conf reads
// them); text lines are `YYYY-MM-DD HH:MM:SS LEVEL [service] message`, which the
// level_line parser of fluent-bit/parsers.conf and `anomaly scan` read.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now, time.Sleep))
}

// output writes lines to standard output or to a file it rotates.
type output struct {
	path     string // "" for w as given
	maxBytes int64
	file     *os.File
	size     int64
	w        *bufio.Writer
}

func openOutput(path string, maxBytes int64, stdout io.Writer) (*output, error) {
	if path == "-" {
		return &output{w: bufio.NewWriter(stdout)}, nil
	}
	o := &output{path: path, maxBytes: maxBytes}
	return o, o.open()
}

func (o *output) open() error {
	f, err := os.OpenFile(o.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	o.file, o.size, o.w = f, st.Size(), bufio.NewWriter(f)
	return nil
}

// write appends one line; past maxBytes the file is renamed to FILE.1, as logrotate
// would, and a new one started, so a demo left running does not fill the disk.
func (o *output) write(line []byte) error {
	if o.file != nil && o.maxBytes > 0 && o.size+int64(len(line)) > o.maxBytes {
		if err := o.close(); err != nil {
			return err
		}
		if err := os.Rename(o.path, o.path+".1"); err != nil {
			return err
		}
		if err := o.open(); err != nil {
			return err
		}
	}
	o.size += int64(len(line))
	_, err := o.w.Write(line)
	return err
}

func (o *output) flush() error { return o.w.Flush() }

func (o *output) close() error {
	err := o.w.Flush()
	if o.file != nil {
		err = errors.Join(err, o.file.Close())
	}
	return err
}

// jsonLine is the JSON form of a Line.
type jsonLine struct {
	Time    string `json:"time"`
	Service string `json:"service"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

// jsonTime is the time layout of JSON lines, which docker/loggen/parsers.conf reads.
const jsonTime = "2006-01-02T15:04:05.000Z"

func format(dst []byte, l Line, form string) ([]byte, error) {
	if form == "text" {
		dst = l.Time.UTC().AppendFormat(dst, "2006-01-02 15:04:05")
		return append(dst, fmt.Sprintf(" %s [%s] %s\n", l.Level, l.Service, l.Message)...), nil
	}
	b, err := json.Marshal(jsonLine{l.Time.UTC().Format(jsonTime), l.Service, l.Level, l.Message})
	return append(append(dst, b...), '\n'), err
}

func run(args []string, stdout, stderr io.Writer, now func() time.Time, sleep func(time.Duration)) int {
	fs := flag.NewFlagSet("loggen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "-", "append to `FILE` (- for standard output)")
	form := fs.String("format", "json", "`json` lines or text lines")
	rate := fs.Float64("rate", 20, "normal lines per second, on average")
	every := fs.Duration("incident-every", 90*time.Second, "time between incidents (0: none)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and -start give the same lines")
	start := fs.String("start", "", "RFC 3339 time of a simulated clock: write as fast as possible from it (default: now, in real time)")
	lines := fs.Int("lines", 0, "stop after this many lines (0: never)")
	maxBytes := fs.Int64("max-bytes", 50<<20, "rotate FILE to FILE.1 beyond this size (0: never)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*form != "json" && *form != "text") || !(*rate > 0) || *every < 0 || *lines < 0 {
		fmt.Fprintln(stderr, "loggen: want -format json or text, -rate > 0, -incident-every >= 0, -lines >= 0 and no arguments")
		return 2
	}
	simulated := *start != ""
	var t0 time.Time
	if simulated {
		var err error
		if t0, err = time.Parse(time.RFC3339, *start); err != nil {
			fmt.Fprintf(stderr, "loggen: -start: %v\n", err)
			return 2
		}
	} else {
		t0 = now()
	}
	o, err := openOutput(*out, *maxBytes, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 1
	}
	g := NewGenerator(*seed, t0, *rate, *every)
	var buf []byte
	for n := 0; *lines == 0 || n < *lines; n++ {
		l := g.Next()
		if !simulated {
			if wait := l.Time.Sub(now()); wait > 0 {
				// Lines reach the file before the pause, so the tail sees them now.
				if err := o.flush(); err != nil {
					break
				}
				sleep(wait)
			}
		}
		if buf, err = format(buf[:0], l, *form); err == nil {
			err = o.write(buf)
		}
		if err != nil {
			break
		}
	}
	if err = errors.Join(err, o.close()); err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 1
	}
	return 0
}
