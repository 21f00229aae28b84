package main

// The command-line entry point. The same package is built twice: as the c-shared library
// Fluent Bit loads (build/anomaly.so, where main never runs) and as a program
// (build/anomaly) that runs the same engine over log files:
//
//	anomaly scan [flags] FILE...   score a log file (gzip or not) and print the records or the anomalies
//	anomaly train [flags] -o MODEL FILE...   learn a model the plugin loads with model_file
//	anomaly keys                   list the plugin's configuration keys with their defaults

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/scan"
)

// exitAnomalies is the exit status of `scan -fail` when something was flagged, distinct
// from 1 (an error) so a CI gate can tell them apart.
const exitAnomalies = 3

func main() {
	// The commands' live heap is small (a stream's model and templates, a chunk): they
	// collect a quarter as often as Go's default, for about 8% less CPU in a scan and
	// about 10 MB more memory, unless GOGC says otherwise. Inside Fluent Bit, where
	// memory is what users watch, the plugin keeps the default.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "scan":
		return runScan(args[1:], stdin, stdout, stderr)
	case "train":
		return runTrain(args[1:], stdin, stdout, stderr)
	case "keys":
		for _, k := range config.Keys {
			fmt.Fprintf(stdout, "%-26s %-14s %s\n", k.Name, k.Default, k.Help)
		}
		return 0
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "anomaly: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `anomaly: Isolation Forest anomaly detection for logs (also a Fluent Bit output plugin).

Commands:
  anomaly scan [flags] FILE...          score log lines (FILE "-" reads standard input)
  anomaly train [flags] -o MODEL FILE...  learn a model for the plugin's model_file
  anomaly keys                          list configuration keys and defaults

Run "anomaly scan -h" for the flags. Any plugin key can be set with -set key=value.
`)
}

// settings collects repeated -set key=value flags, as a section's properties: a list key
// (features, event_keys) may be set once per item, and a key that is none of the
// plugin's, or set twice, is refused as a filter section refuses it.
type settings []config.Property

func (s *settings) String() string { return "" }

func (s *settings) Set(kv string) error {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want key=value, got %q", kv)
	}
	*s = append(*s, config.Property{Key: strings.TrimSpace(k), Value: v})
	return nil
}

// parse reads the settings as an output section's keys (config.Parse).
func (s settings) parse() (config.Config, error) {
	names := make([]string, len(s))
	for i, p := range s {
		names[i] = p.Key
	}
	cfg, err := config.Parse(config.PropertiesLookup(s))
	return cfg, errors.Join(config.CheckNames(names), err)
}

func runScan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var set settings
	fs.Var(&set, "set", "plugin setting `key=value` (repeatable), e.g. -set features=level,length -set contamination=0.1")
	mode := fs.String("mode", "batch", "`batch`: learn from the whole file, then score it; stream: score each line with what was learnt before it, as the plugin does")
	format := fs.String("format", "", "`table` or json (default: table on a terminal, json otherwise)")
	only := fs.Bool("anomalies", false, "print only flagged records")
	fail := fs.Bool("fail", false, fmt.Sprintf("exit with status %d when any record is flagged (a gate after a deployment)", exitAnomalies))
	tag := fs.String("tag", "scan", "stream name (the plugin uses the Fluent Bit tag)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: anomaly scan [flags] FILE...")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	if *mode != "batch" && *mode != "stream" {
		fmt.Fprintf(stderr, "anomaly scan: -mode must be batch or stream, got %q\n", *mode)
		return 2
	}
	cfg, err := set.parse()
	if err != nil {
		fmt.Fprintf(stderr, "anomaly scan: %v\n", err)
		return 2
	}
	terminal := isTerminal(stdout)
	if *format == "" {
		*format = scan.FormatJSON
		if terminal {
			*format = scan.FormatTable
		}
	}
	if *format != scan.FormatTable && *format != scan.FormatJSON {
		fmt.Fprintf(stderr, "anomaly scan: -format must be table or json, got %q\n", *format)
		return 2
	}
	opt := scan.Options{Config: cfg, Batch: *mode == "batch", Format: *format, OnlyAnomalies: *only, Tag: *tag}
	if isTerminal(stderr) {
		opt.Progress = stderr
	}
	flagged := 0
	for _, name := range files {
		sum, err := scanFile(name, stdin, stdout, opt)
		if err != nil {
			fmt.Fprintf(stderr, "anomaly scan: %s: %v\n", name, err)
			return 1
		}
		flagged += sum.Flagged
		fmt.Fprintf(stderr, "%s: %d lines, %d scored, %d flagged, %d still learning\n", name, sum.Lines, sum.Scored, sum.Flagged, sum.Learning)
	}
	if *fail && flagged > 0 {
		return exitAnomalies
	}
	return 0
}

func scanFile(name string, stdin io.Reader, stdout io.Writer, opt scan.Options) (scan.Summary, error) {
	if name == "-" {
		in, err := decompressed(stdin)
		if err != nil {
			return scan.Summary{}, err
		}
		return scan.Run(in, stdout, opt)
	}
	in, y, err := openLog(name)
	if err != nil {
		return scan.Summary{}, err
	}
	defer in.Close()
	opt.Year = y
	return scan.Run(in, stdout, opt)
}

// openLog opens a log file to read its lines, decompressed when it is gzip (a rotated
// log: logrotate's app.log.2.gz, the kubelet's rotated container logs), and returns the
// year timestamps without one (syslog, klog) are read in: the year of the first time in
// the file that has one, else the year the file was last written (a log scanned the
// January after it was rotated is still last year's), and 0, the current year, for what
// is not a regular file.
func openLog(name string) (io.ReadCloser, int, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, unwrapPath(err)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		in, err := decompressed(f) // a pipe or a device: read as it comes
		return readCloser{in, f}, 0, err
	}
	year := fi.ModTime().UTC().Year()
	open := func() (io.Reader, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return decompressed(f)
	}
	in, err := open()
	if err == nil {
		if y, ok := scan.FileYear(in); ok {
			year = y
		}
		in, err = open() // from the start again
	}
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	return readCloser{in, f}, year, nil
}

// decompressed returns r's content as UTF-8 text: decompressed when it starts as gzip
// does, and transcoded when it starts with a UTF-16 byte order mark (what Windows
// PowerShell 5.1 writes with > and Out-File).
func decompressed(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(2)
	switch {
	case len(magic) < 2:
		return br, nil
	case magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		return decompressed(zr) // a compressed UTF-16 export
	case magic[0] == 0xff && magic[1] == 0xfe:
		br.Discard(2)
		return &utf16Reader{r: br, order: binary.LittleEndian}, nil
	case magic[0] == 0xfe && magic[1] == 0xff:
		br.Discard(2)
		return &utf16Reader{r: br, order: binary.BigEndian}, nil
	}
	return br, nil
}

// utf16Reader transcodes UTF-16 text to UTF-8; an unpaired surrogate or a dangling last
// byte reads as U+FFFD.
type utf16Reader struct {
	r     *bufio.Reader
	order binary.ByteOrder
	out   []byte // transcoded, not yet read
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		r, err := u.next()
		if err != nil {
			return 0, err
		}
		u.out = utf8.AppendRune(u.out[:0], r)
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// next returns the next character.
func (u *utf16Reader) next() (rune, error) {
	unit := func() (uint16, error) {
		var b [2]byte
		n, err := io.ReadFull(u.r, b[:])
		if n == 1 {
			return 0xfffd, nil
		}
		return u.order.Uint16(b[:]), err
	}
	c, err := unit()
	if err != nil {
		return 0, err
	}
	if !utf16.IsSurrogate(rune(c)) {
		return rune(c), nil
	}
	if b, _ := u.r.Peek(2); len(b) == 2 {
		if low := u.order.Uint16(b); utf16.DecodeRune(rune(c), rune(low)) != utf8.RuneError {
			u.r.Discard(2)
			return utf16.DecodeRune(rune(c), rune(low)), nil
		}
	}
	return utf8.RuneError, nil
}

// readCloser reads one reader and closes another (the file under a decompressor).
type readCloser struct {
	io.Reader
	io.Closer
}

func runTrain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var set settings
	fs.Var(&set, "set", "plugin setting `key=value` (repeatable); use the same settings as the [OUTPUT] section that loads the model")
	out := fs.String("o", "", "write the model to `FILE` (required)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: anomaly train [flags] -o MODEL FILE...")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if *out == "" || len(files) == 0 {
		fs.Usage()
		return 2
	}
	cfg, err := set.parse()
	if err != nil {
		fmt.Fprintf(stderr, "anomaly train: %v\n", err)
		return 2
	}
	var inputs []io.Reader
	year := 0 // yearless times: the current year, or the first file's (openLog)
	for i, name := range files {
		if name == "-" {
			in, err := decompressed(stdin)
			if err != nil {
				fmt.Fprintf(stderr, "anomaly train: %v\n", err)
				return 1
			}
			inputs = append(inputs, in)
			continue
		}
		in, y, err := openLog(name)
		if err != nil {
			fmt.Fprintf(stderr, "anomaly train: %v\n", err)
			return 1
		}
		defer in.Close()
		if i == 0 {
			year = y
		}
		inputs = append(inputs, in)
	}
	model, lines, err := scan.Train(io.MultiReader(inputs...), cfg, year)
	if err != nil {
		fmt.Fprintf(stderr, "anomaly train: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, model, 0o600); err != nil {
		fmt.Fprintf(stderr, "anomaly train: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "trained on %d lines; model written to %s (%d bytes); load it with model_file %s\n", lines, *out, len(model), *out)
	return 0
}

// parseInterspersed parses flags wherever they stand among the file names, as users type
// `anomaly scan app.log -anomalies`; the flag package alone stops at the first name.
// "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) (files []string, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if len(args) > 0 && args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}
