// Package evaldata holds what the detector's evaluation needs besides the detector:
// readers for the labelled data sets under ../shared/data (BlueGene/L, HDFS, the
// original proof of concept's sample), a generator of synthetic incident scenarios,
// and ranking and classification metrics. It does not import the detector, so the
// detector's tests can use it.
package evaldata

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Line is one labelled log line.
type Line struct {
	// Text is the line as the detector sees it (for BGL, without the label token).
	Text string
	// At is the line's event time, zero when the line has none.
	At time.Time
	// Anomaly is the line's label.
	Anomaly bool
	// Group is the unit the label belongs to (an HDFS block), "" when lines are labelled
	// one by one.
	Group string
}

// ErrNoData reports that the shared data directory could not be found.
var ErrNoData = errors.New("evaldata: data directory not found (expected ../shared/data beside the repository)")

// DataDir returns the shared data directory: $ANOMALY_DATA when set, else ../shared/data
// relative to the nearest directory above the working directory that holds go.mod.
func DataDir() (string, error) {
	if d := os.Getenv("ANOMALY_DATA"); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, nil
		}
		return "", fmt.Errorf("%w: ANOMALY_DATA=%s is not a directory", ErrNoData, d)
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "data")
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				return d, nil
			}
			return "", ErrNoData
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoData
		}
		dir = parent
	}
}

// Paths of the data sets inside the data directory.
const (
	BGLPath        = "loghub/BGL/BGL_2k.log"
	HDFSPath       = "hdfs/HDFS_5k.log"
	HDFSLabelsPath = "hdfs/HDFS_5k.labels.csv"
)

// ReadBGL reads BlueGene/L lines: the first token is the label ("-" for normal) and is
// removed; the second, a Unix time, is the event time. The rest of the line, header
// included, is the text.
func ReadBGL(path string) ([]Line, error) {
	var out []Line
	err := eachLine(path, func(n int, s string) error {
		label, rest, ok := strings.Cut(s, " ")
		if !ok {
			return fmt.Errorf("%s:%d: no label", path, n)
		}
		line := Line{Text: rest, Anomaly: label != "-"}
		if ts, _, ok := strings.Cut(rest, " "); ok {
			if sec, err := strconv.ParseInt(ts, 10, 64); err == nil {
				line.At = time.Unix(sec, 0).UTC()
			}
		}
		out = append(out, line)
		return nil
	})
	return out, err
}

// ReadHDFS reads HDFS lines and their labels (CSV: line,block,label). The event time is
// the line's "yymmdd hhmmss" header; each line belongs to its block.
func ReadHDFS(logPath, labelsPath string) ([]Line, error) {
	var out []Line
	err := eachLine(logPath, func(n int, s string) error {
		line := Line{Text: s}
		if len(s) >= 13 {
			if at, err := time.Parse("060102 150405", s[:13]); err == nil {
				line.At = at
			}
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		return nil, err
	}
	labelled := 0
	err = eachLine(labelsPath, func(n int, s string) error {
		if n == 1 {
			return nil // header
		}
		f := strings.Split(strings.TrimSpace(s), ",")
		if len(f) != 3 {
			return fmt.Errorf("%s:%d: want line,block,label", labelsPath, n)
		}
		i, err := strconv.Atoi(f[0])
		if err != nil || i < 1 || i > len(out) {
			return fmt.Errorf("%s:%d: bad line number %q", labelsPath, n, f[0])
		}
		out[i-1].Group, out[i-1].Anomaly = f[1], f[2] == "1"
		labelled++
		return nil
	})
	if err == nil && labelled != len(out) {
		err = fmt.Errorf("%s: %d labels for %d lines", labelsPath, labelled, len(out))
	}
	return out, err
}

// ReadLines reads a plain log file; lines starting with "yyyy-mm-dd hh:mm:ss" get that
// event time.
func ReadLines(path string) ([]Line, error) {
	var out []Line
	err := eachLine(path, func(n int, s string) error {
		line := Line{Text: s}
		if len(s) >= 19 {
			if at, err := time.Parse("2006-01-02 15:04:05", s[:19]); err == nil {
				line.At = at
			}
		}
		out = append(out, line)
		return nil
	})
	return out, err
}

func eachLine(path string, fn func(n int, s string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		s := strings.TrimRight(sc.Text(), "\r")
		if s == "" {
			continue
		}
		if err := fn(n, s); err != nil {
			return err
		}
	}
	return sc.Err()
}
