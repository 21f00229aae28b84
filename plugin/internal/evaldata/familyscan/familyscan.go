// Package familyscan runs the synthetic log families (package families) through the
// plugin's engine exactly as `anomaly scan -mode stream -format json` does (default
// configuration, lines streamed in file order, one stream per family), reads back the
// annotation emitted for each line and measures it against the lines' ground truth.
package familyscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/evaldata/families"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/scan"
)

// familyYear is the year the families' generators write in, for the timestamps that
// carry none (klog's): a scan's result must not depend on the day it runs.
const familyYear = 2024

// Run generates family f's lines with seed, scans them and measures the annotations.
func Run(f families.Family, seed int64) (families.Report, error) {
	lines := f.Lines(seed)
	// Only the ground truth is measured: each text can go once scan has read it.
	ann, err := annotate(lines, true)
	if err != nil {
		return families.Report{}, fmt.Errorf("%s: %w", f.Name, err)
	}
	return families.Measure(lines, ann)
}

// Annotate scans the lines as a file holding them would be scanned in stream mode, with
// the plugin's default configuration, and returns the annotation of each line in order.
func Annotate(lines []families.Line) ([]families.Annotation, error) {
	return annotate(lines, false)
}

func annotate(lines []families.Line, dropText bool) ([]families.Annotation, error) {
	cfg, err := config.Parse(config.MapLookup(nil))
	if err != nil {
		return nil, err
	}
	out := &annotationWriter{ann: make([]families.Annotation, 0, len(lines))}
	_, err = scan.Run(&lineReader{lines: lines, dropText: dropText}, out, scan.Options{Config: cfg, Format: scan.FormatJSON, Year: familyYear})
	if err == nil {
		err = out.close()
	}
	if err == nil && len(out.ann) != len(lines) {
		err = fmt.Errorf("scan emitted %d records for %d lines", len(out.ann), len(lines))
	}
	return out.ann, err
}

// ReadAnnotations reads the annotations from scan's JSON lines output, one per line.
func ReadAnnotations(r io.Reader) ([]families.Annotation, error) {
	out := &annotationWriter{}
	if _, err := io.Copy(out, r); err != nil {
		return nil, err
	}
	return out.ann, out.close()
}

// lineReader reads lines as a file holds them, one end of line after each, without
// building the file in memory. With dropText it clears each line's text once read.
type lineReader struct {
	lines    []families.Line
	next     int
	pending  []byte
	dropText bool
}

func (r *lineReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.pending) == 0 {
			if r.next == len(r.lines) {
				break
			}
			r.pending = append(append(r.pending[:0], r.lines[r.next].Text...), '\n')
			if r.dropText {
				r.lines[r.next].Text = ""
			}
			r.next++
		}
		c := copy(p[n:], r.pending)
		r.pending = r.pending[c:]
		n += c
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// annotationWriter decodes scan's JSON lines as they are written.
type annotationWriter struct {
	partial []byte
	ann     []families.Annotation
	err     error
}

func (w *annotationWriter) Write(p []byte) (int, error) {
	n := len(p)
	for w.err == nil {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p...)
			break
		}
		line := p[:i]
		if len(w.partial) > 0 {
			line = append(w.partial, line...)
			w.partial = w.partial[:0]
		}
		w.decode(line)
		p = p[i+1:]
	}
	return n, w.err
}

func (w *annotationWriter) close() error {
	if w.err == nil && len(bytes.TrimSpace(w.partial)) > 0 {
		w.decode(w.partial)
	}
	return w.err
}

// emitted is the part of an emitted record the protocol reads: the annotation under
// the default annotation_key.
type emitted struct {
	Anomaly *struct {
		Score      float64 `json:"score"`
		Flag       bool    `json:"flag"`
		Status     string  `json:"status"`
		Incident   string  `json:"incident"`
		Level      string  `json:"level"`
		TemplateID string  `json:"template_id"`
	} `json:"anomaly"`
}

func (w *annotationWriter) decode(line []byte) {
	var e emitted
	if err := json.Unmarshal(line, &e); err != nil {
		w.err = fmt.Errorf("record %d: %w", len(w.ann)+1, err)
		return
	}
	if e.Anomaly == nil {
		w.err = fmt.Errorf("record %d has no annotation", len(w.ann)+1)
		return
	}
	a := families.Annotation{Flag: e.Anomaly.Flag, Learning: e.Anomaly.Status == "learning", Incident: e.Anomaly.Incident,
		Critical: families.Pages(e.Anomaly.Level), TemplateID: e.Anomaly.TemplateID}
	if !a.Learning {
		a.Score = e.Anomaly.Score
	}
	w.ann = append(w.ann, a)
}
