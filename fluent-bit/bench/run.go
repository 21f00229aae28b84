package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// How long the runner waits. Every record of a healthy pipeline is out within seconds; a
// loop whose acks fail retries until it gives up, which stallAfter bounds.
const (
	pollEvery  = 50 * time.Millisecond
	stallAfter = 30 * time.Second
	exitWithin = 30 * time.Second
)

// result is one run of one pipeline.
type result struct {
	cpu       time.Duration // user + sys of the Fluent Bit process, from wait4
	user, sys time.Duration
	maxRSSKB  int64         // ru_maxrss
	allOut    time.Duration // from start to the last record written
	exitCode  int
	records   int // records out
	annotated int // of them, with the anomaly map
	problem   string
}

// run starts Fluent Bit on p's configuration, waits until the file output holds every
// record of the log (or stops growing), stops Fluent Bit with SIGTERM and checks what
// came out. The CPU time covers Fluent Bit's start and stop, the same in every pipeline.
func run(fluentBit string, e env, p pipeline, round int, g generated) (result, error) {
	dir := filepath.Join(e.work, fmt.Sprintf("%s-%d", p.key, round))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return result{}, err
	}
	conf := filepath.Join(dir, "fluent-bit.conf")
	if err := os.WriteFile(conf, []byte(p.config(e, dir)), 0o644); err != nil {
		return result{}, err
	}
	logPath := filepath.Join(dir, "fluent-bit.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return result{}, err
	}
	defer logFile.Close()

	cmd := exec.Command(fluentBit, "-c", conf)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var r result
	out := filepath.Join(dir, outName)
	lines, err := watch(out, g.lines, exited)
	r.allOut = time.Since(start)
	if err != nil {
		// Fluent Bit stopped by itself: a configuration it refused, or a crash.
		r.problem = fmt.Sprintf("Fluent Bit exited before all records were out (%d of %d): %v; see %s", lines, g.lines, err, logPath)
	} else {
		if lines < g.lines {
			r.problem = fmt.Sprintf("output stalled at %d of %d records for %v", lines, g.lines, stallAfter)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			return result{}, err
		}
		select {
		case <-exited:
		case <-time.After(exitWithin):
			cmd.Process.Kill()
			<-exited
			r.problem = fmt.Sprintf("no exit within %v of SIGTERM; killed", exitWithin)
		}
	}
	st := cmd.ProcessState
	r.user, r.sys = st.UserTime(), st.SystemTime()
	r.cpu = r.user + r.sys
	r.maxRSSKB = maxRSSKB(st)
	r.exitCode = st.ExitCode()
	if r.problem == "" && r.exitCode != 0 {
		r.problem = fmt.Sprintf("exit status %d after SIGTERM; see %s", r.exitCode, logPath)
	}

	c, err := check(out, g, p.annotated)
	if err != nil {
		return result{}, err
	}
	r.records, r.annotated = c.records, c.annotated
	if r.problem == "" && c.problem != "" {
		r.problem = c.problem
	}
	// The records are checked; the 100 MB or so of them are not kept, the configuration
	// and Fluent Bit's log are.
	os.Remove(out)
	return r, nil
}

// watch counts the lines of path as Fluent Bit appends them, reading only what is new,
// until there are want of them, the count stops growing for stallAfter, or Fluent Bit
// exits (the error). It returns the count.
func watch(path string, want int, exited <-chan error) (int, error) {
	var (
		lines    int
		offset   int64
		progress = time.Now()
		buf      = make([]byte, 1<<20)
	)
	for {
		select {
		case err := <-exited:
			if err == nil {
				err = errors.New("exit status 0")
			}
			return lines, err
		case <-time.After(pollEvery):
		}
		f, err := os.Open(path)
		if err == nil {
			f.Seek(offset, io.SeekStart)
			for {
				n, err := f.Read(buf)
				lines += bytes.Count(buf[:n], []byte{'\n'})
				offset += int64(n)
				if n > 0 {
					progress = time.Now()
				}
				if err != nil {
					break
				}
			}
			f.Close()
		}
		if lines >= want || time.Since(progress) > stallAfter {
			return lines, nil
		}
	}
}

// checked is what check found in a pipeline's output.
type checked struct {
	records, annotated int
	problem            string
}

// check reads every record out and compares them with the log: as many, the same
// messages (the multiset hash of generated.digest, so none lost and none twice), and,
// where annotated, each with an anomaly map.
func check(path string, g generated, annotated bool) (checked, error) {
	var c checked
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		c.problem = "no output file"
		return c, nil
	}
	if err != nil {
		return c, err
	}
	defer f.Close()
	var (
		digest uint64
		bad    int
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Message string         `json:"message"`
			Anomaly map[string]any `json:"anomaly"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			bad++
			continue
		}
		c.records++
		digest += messageHash(rec.Message)
		if _, ok := rec.Anomaly["flag"]; ok {
			c.annotated++
		}
	}
	if err := sc.Err(); err != nil {
		return c, err
	}
	switch {
	case bad > 0:
		c.problem = fmt.Sprintf("%d lines out are not JSON records", bad)
	case c.records != g.lines:
		c.problem = fmt.Sprintf("%d records out of %d", c.records, g.lines)
	case digest != g.digest:
		c.problem = "the messages out differ from the messages in (lost, repeated or altered records)"
	case annotated && c.annotated != c.records:
		c.problem = fmt.Sprintf("%d of %d records without the anomaly map", c.records-c.annotated, c.records)
	}
	return c, nil
}
