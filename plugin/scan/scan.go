package scan

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Output formats.
const (
	FormatTable = "table"
	FormatJSON  = "json"
)

// MaxLineBytes is the longest line read whole; longer lines are cut there, as Fluent
// Bit's tail input does with its buffer_max_size.
const MaxLineBytes = 1 << 20

// linesPerChunk groups lines into chunks of about the size tail hands an output, and
// maxChunkBytes bounds a chunk as Fluent Bit bounds its own (about 2 MB): a file of long
// lines (100 KB each) made chunks of 100 MB, held with their annotated copies, and took
// a gigabyte to scan 2,500 lines.
const (
	linesPerChunk = 1024
	maxChunkBytes = 2 << 20
)

// Options configure a scan.
type Options struct {
	// Config holds the plugin settings (features, contamination, ...). Its sink settings
	// are ignored: a scan prints.
	Config config.Config
	// Batch learns from every line before scoring any, as the original proof of concept
	// did; otherwise lines are replayed as a stream, scored with what was learnt so far,
	// exactly as the plugin would score them live.
	Batch bool
	// Format is FormatTable or FormatJSON (one annotated record per line).
	Format string
	// OnlyAnomalies prints flagged records only.
	OnlyAnomalies bool
	// Tag names the stream (the plugin uses the Fluent Bit tag).
	Tag string
	// Progress, when set, receives a progress line every second or so.
	Progress io.Writer
	// Year is the year of the first timestamp written without one (syslog's "Jun 14
	// 15:16:01", klog's "I0614 15:16:01.000000"); later ones keep the year of the line
	// before and move on a year at New Year. 0 means the current year, as Fluent Bit's
	// parsers do; `anomaly scan` gives the year the file was last written.
	Year int
}

// yearStart returns the time the first timestamp without a year is read against:
// the start of opt.Year.
func (opt *Options) yearStart() time.Time {
	y := opt.Year
	if y == 0 {
		y = time.Now().Year()
	}
	return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
}

// Summary counts what a scan saw.
type Summary struct {
	Lines, Scored, Flagged, Learning int
}

// Run scans the lines of in and writes the results to out.
func Run(in io.Reader, out io.Writer, opt Options) (Summary, error) {
	if opt.Tag == "" {
		opt.Tag = "scan"
	}
	cfg := opt.Config
	cfg.Flatten = false
	if opt.Batch {
		// Every line stays in the window and one fit at the end sees them all.
		cfg.RefitMode = config.RefitSynchronous
	}
	w := bufio.NewWriterSize(out, 64<<10)
	defer w.Flush()
	p := &printer{w: w, format: opt.Format, onlyAnomalies: opt.OnlyAnomalies, key: cfg.AnnotationKey}
	sink := &captureSink{printer: p}

	var eng flusher
	var err error
	if opt.Batch {
		eng, err = engine.NewBatch(cfg, sink)
	} else {
		eng, err = engine.NewWithSink(cfg, sink, quietLogger{})
	}
	if err != nil {
		return Summary{}, err
	}

	r := bufio.NewReaderSize(in, 64<<10)
	var (
		data  []byte
		lines []string
		sum   Summary
		last  time.Time
		read  int64
		shown = time.Now()
	)
	// The table prints each record's line as read; JSON lines print the record.
	keepLines := opt.Format != FormatJSON
	pending := 0
	flush := func() error {
		if pending == 0 {
			return nil
		}
		p.lines = append(p.lines, lines...)
		if err := eng.Flush(opt.Tag, data); err != nil {
			return err
		}
		data, lines, pending = data[:0], lines[:0], 0
		return nil
	}
	for {
		line, rerr := readLine(r)
		read += int64(len(line)) + 1
		if len(line) > 0 || rerr == nil {
			ref := last
			if ref.IsZero() {
				ref = opt.yearStart()
			}
			at, ok := lineTime(line, ref)
			if !ok {
				// Lines without a time of their own follow the previous one, so gaps and
				// bursts stay meaningful around them.
				at = last
				if at.IsZero() {
					at = time.Unix(0, 0).UTC()
				}
			}
			last = at
			data = appendRecord(data, line, at)
			if keepLines {
				lines = append(lines, string(line))
			}
			sum.Lines++
			if pending++; chunkFull(pending, len(data)) {
				if err := flush(); err != nil {
					return sum, err
				}
				if opt.Progress != nil && time.Since(shown) > time.Second {
					fmt.Fprintf(opt.Progress, "\r%d lines, %.1f MB read", sum.Lines, float64(read)/1e6)
					shown = time.Now()
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return sum, rerr
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	if err := eng.Close(); err != nil {
		return sum, err
	}
	if opt.Progress != nil && sum.Lines >= linesPerChunk {
		fmt.Fprintf(opt.Progress, "\r%d lines, %.1f MB read\n", sum.Lines, float64(read)/1e6)
	}
	sum.Scored, sum.Flagged, sum.Learning = p.scored, p.flagged, p.learning
	return sum, p.err
}

// chunkFull reports whether a chunk of lines records in size bytes is due to be
// flushed.
func chunkFull(lines, size int) bool { return lines >= linesPerChunk || size >= maxChunkBytes }

// yearLines is how many lines FileYear reads before it gives up.
const yearLines = 100_000

// FileYear returns the year of the first timestamp among the first lines of in that
// carries its year ("2024/03/19 14:05:35", an ISO 8601 time, seconds since the epoch),
// and false when none does. A log whose times mostly come without a year (klog, syslog)
// often has a few that carry one (Go's log package in an operator, a JSON line): its
// yearless times belong to that year, whatever the day the file is scanned on.
func FileYear(in io.Reader) (int, bool) {
	r := bufio.NewReaderSize(in, 64<<10)
	a := time.Date(2001, time.January, 1, 0, 0, 0, 0, time.UTC)
	b := a.AddDate(10, 0, 0)
	for n := 0; n < yearLines; n++ {
		line, err := readLine(r)
		if ta, ok := lineTime(line, a); ok {
			if tb, _ := lineTime(line, b); tb.Equal(ta) {
				return ta.Year(), true
			}
		}
		if err != nil {
			break
		}
	}
	return 0, false
}

// readLine returns the next line without its end of line; a line longer than
// MaxLineBytes is cut there and the rest skipped.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		part, err := r.ReadSlice('\n')
		if len(line)+len(part) <= MaxLineBytes {
			line = append(line, part...)
		} else if len(line) < MaxLineBytes {
			line = append(line, part[:MaxLineBytes-len(line)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		// A file written on Windows may start with a byte order mark, which would hide
		// its first line's time and level.
		line = bytes.TrimPrefix(trimEOL(line), byteOrderMark)
		return line, err
	}
}

// byteOrderMark is UTF-8's.
var byteOrderMark = []byte("\xef\xbb\xbf")

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// flusher is what the streaming and the batch engines have in common.
type flusher interface {
	Flush(tag string, data []byte) error
	Close() error
}

// captureSink receives the engine's annotated events and prints them.
type captureSink struct{ printer *printer }

func (c *captureSink) Send(_ string, events [][]byte) error {
	var ev chunk.Event
	for _, raw := range events {
		dec := chunk.NewDecoder(raw)
		for dec.Next(&ev) {
			c.printer.print(&ev)
		}
	}
	return c.printer.err
}

func (c *captureSink) Close() error { return nil }

// printer writes annotated records as a table or as JSON lines. Records arrive in input
// order, so the i-th record is the i-th line read.
type printer struct {
	w             *bufio.Writer
	format        string
	onlyAnomalies bool
	key           string
	lines         []string
	next          int
	buf           []byte
	headerDone    bool
	err           error

	scored, flagged, learning int
}

func (p *printer) print(ev *chunk.Event) {
	if ev.Kind != chunk.Record {
		return
	}
	line := ""
	if p.next < len(p.lines) {
		line = p.lines[p.next]
		p.lines[p.next] = "" // let the line go once printed
		if p.next++; p.next == len(p.lines) {
			p.lines, p.next = p.lines[:0], 0 // every line read so far is printed
		}
	}
	a := readAnnotation(ev.Body, p.key)
	if a.learning {
		p.learning++
	} else {
		p.scored++
	}
	if a.flag {
		p.flagged++ // critical records are flagged while learning too
	}
	if p.onlyAnomalies && !a.flag {
		return
	}
	if p.format == FormatJSON {
		p.buf = chunk.AppendJSON(p.buf[:0], ev, "")
		p.buf = append(p.buf, '\n')
		_, p.err = p.w.Write(p.buf)
		return
	}
	if !p.headerDone {
		fmt.Fprintf(p.w, "%-19s  %-8s  %-5s  %-4s  %-40s  %s\n", "TIME", "LEVEL", "SCORE", "FLAG", "REASONS", "MESSAGE")
		p.headerDone = true
	}
	score, flag := "  -  ", ""
	if !a.learning {
		score = strconv.FormatFloat(a.score, 'f', 3, 64)
	}
	if a.flag {
		flag = "YES"
	}
	lvl, msg, _ := record.CutLevel(line)
	level := lvl.String()
	if lvl == record.LevelUnknown {
		level, msg = "-", line
	}
	if a.level != "" {
		level = a.level // as the plugin read it: a field, metadata or an HTTP status too
	}
	_, p.err = fmt.Fprintf(p.w, "%-19s  %-8s  %-5s  %-4s  %-40s  %s\n",
		ev.Time.UTC().Format("2006-01-02 15:04:05"), level, score, flag, truncate(strings.Join(a.reasons, "; "), 40), truncate(msg, 200))
}

type annotation struct {
	score          float64
	flag, learning bool
	reasons        []string
	level          string // flagged records only
}

// annotationKeys are the fields of the annotation a scan reads back, in one pass.
var annotationKeys = [...]string{"score", "flag", "status", "level", "reasons"}

func readAnnotation(body chunk.Body, key string) annotation {
	var a annotation
	m, ok := body.Get(key)
	if !ok {
		return a
	}
	am, ok := m.Map()
	if !ok {
		return a
	}
	var v [len(annotationKeys)]chunk.Value
	found := am.GetEach(annotationKeys[:], v[:])
	if found&1 != 0 {
		a.score, _ = v[0].Float()
	}
	if found&2 != 0 {
		a.flag, _ = v[1].Bool()
	}
	if found&4 != 0 {
		status, _ := v[2].Bytes()
		a.learning = string(status) == "learning"
	}
	if found&8 != 0 {
		a.level = v[3].Text()
	}
	if found&16 != 0 {
		if arr, ok := v[4].Array(); ok {
			arr.Range(func(v chunk.Value) bool {
				a.reasons = append(a.reasons, v.Text())
				return true
			})
		}
	}
	return a
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// quietLogger drops the engine's messages: a scan reports through its own output.
type quietLogger struct{}

func (quietLogger) Enabled(engine.Level) bool           { return false }
func (quietLogger) Printf(engine.Level, string, ...any) {}

// Train replays the lines of in through one stream, as the plugin would see them live,
// and returns the stream's saved state: the model file the plugin loads with model_file.
// The stream's last refit covers the most recent `window` lines. year is Options.Year's:
// the year of the first timestamp written without one, 0 for the current year.
func Train(in io.Reader, cfg config.Config, year int) (model []byte, lines int, err error) {
	const tag = "train"
	cfg.GroupBy = "" // one model for the whole input
	cfg.RefitMode = config.RefitSynchronous
	eng, err := engine.NewWithSink(cfg, discard{}, quietLogger{})
	if err != nil {
		return nil, 0, err
	}
	r := bufio.NewReaderSize(in, 64<<10)
	var (
		data []byte
		last time.Time
		n    int
	)
	for {
		line, rerr := readLine(r)
		if len(line) > 0 || rerr == nil {
			ref := last
			if ref.IsZero() {
				ref = (&Options{Year: year}).yearStart()
			}
			if at, ok := lineTime(line, ref); ok {
				last = at
			}
			data = appendRecord(data, line, last)
			lines++
			if n++; chunkFull(n, len(data)) {
				if err := eng.Flush(tag, data); err != nil {
					return nil, lines, err
				}
				data, n = data[:0], 0
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, lines, rerr
		}
	}
	if n > 0 {
		if err := eng.Flush(tag, data); err != nil {
			return nil, lines, err
		}
	}
	if lines < cfg.Warmup {
		return nil, lines, fmt.Errorf("%d lines are too few to train on: warmup is %d", lines, cfg.Warmup)
	}
	model, err = eng.StreamState(tag)
	eng.Close()
	return model, lines, err
}

// discard is a sink that delivers nowhere, for training.
type discard struct{}

func (discard) Send(string, [][]byte) error { return nil }
func (discard) Close() error                { return nil }
