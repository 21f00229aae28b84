// Package fluentbit holds the shipped Fluent Bit configurations; its tests check that each
// one works as written: the files it names exist, it loads the plugin under the name its
// sections need, the plugin's keys are known and valid, no record is scored twice, and no
// loop can stall.
package fluentbit

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
)

// Where `make build` writes the plugin, relative to the repository root, the directory
// the shipped configurations are run from. One file under two names: Fluent Bit takes the
// kind and name of a C plugin from its file name (flb-filter_<name>.so), and hands any
// other name to its Go proxy, which runs only outputs.
const (
	filterPluginPath = "build/flb-filter_anomaly.so"
	outputPluginPath = "build/anomaly.so"
)

// imageRoot is where the image of docker/Dockerfile holds the repository's layout; it is
// the image's working directory, so the configurations under docker/ run from there and
// name its files by absolute paths below it.
const imageRoot = "/opt/anomaly"

// onHost maps a path a configuration names to this checkout: paths below imageRoot to
// the repository, other absolute paths stay (they exist only where Fluent Bit runs),
// relative paths are taken from dir.
func onHost(root, dir, path string) string {
	if rel, ok := strings.CutPrefix(path, imageRoot+"/"); ok {
		return filepath.Join(root, rel)
	}
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// runtimePath reports whether path names something that exists only where Fluent Bit
// runs (a mounted log directory), which the docker/ tests check against the mounts.
func runtimePath(path string) bool {
	return filepath.IsAbs(path) && !strings.HasPrefix(path, imageRoot+"/")
}

// coreOutputKeys are the keys Fluent Bit's core takes from an [OUTPUT] section before the
// plugin sees any: they are not the plugin's to validate.
var coreOutputKeys = []string{"name", "match", "match_regex", "alias", "log_level",
	"log_suppress_interval", "retry_limit", "workers", "storage.total_limit_size"}

// coreFilterKeys are the keys Fluent Bit's core takes from a [FILTER] section or a
// processor entry; every other key reaches the plugin, which refuses the ones it does not
// know.
var coreFilterKeys = []string{"name", "match", "match_regex", "alias", "log_level",
	"log_suppress_interval", "active"}

// section is one [SECTION] of a classic file, or one entry of a YAML pipeline.
type section struct {
	kind  string // lower case: service, input, filter, output, processor, parser, plugins
	props [][2]string
}

func (s section) get(key string) string {
	for _, p := range s.props {
		if strings.EqualFold(p[0], key) {
			return p[1]
		}
	}
	return ""
}

func (s section) all(key string) []string {
	var out []string
	for _, p := range s.props {
		if strings.EqualFold(p[0], key) {
			out = append(out, p[1])
		}
	}
	return out
}

func (s section) String() string {
	return fmt.Sprintf("[%s %s]", strings.ToUpper(s.kind), s.get("name"))
}

// pipeline is a configuration as Fluent Bit would load it, includes resolved.
type pipeline struct {
	path        string // the file, relative to the repository root
	service     section
	sections    []section // inputs (each followed by its processors), filters and outputs, in file order
	parserFiles []string  // resolved paths
	plugins     []string  // plugin paths as written
}

func (p *pipeline) of(kind string) []section {
	var out []section
	for _, s := range p.sections {
		if s.kind == kind {
			out = append(out, s)
		}
	}
	return out
}

// repoRoot is the directory holding go.mod, which the configurations are run from.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// parseClassic reads a classic-format file into sections, following @INCLUDE relative to
// the file's directory.
func parseClassic(path string) ([]section, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []section
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "@INCLUDE "):
			inc, err := parseClassic(filepath.Join(filepath.Dir(path), strings.TrimSpace(line[len("@INCLUDE "):])))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			out = append(out, inc...)
		case strings.HasPrefix(line, "@"):
			return nil, fmt.Errorf("%s:%d: directive %q is not checked by this test", path, n, line)
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			out = append(out, section{kind: strings.ToLower(strings.Trim(line, "[]"))})
		default:
			if len(out) == 0 {
				return nil, fmt.Errorf("%s:%d: property outside a section", path, n)
			}
			key, value, _ := strings.Cut(line, " ")
			if strings.Contains(value, "${") {
				return nil, fmt.Errorf("%s:%d: environment variables would make the file not work as written", path, n)
			}
			out[len(out)-1].props = append(out[len(out)-1].props, [2]string{strings.ToLower(key), strings.TrimSpace(value)})
		}
	}
	return out, sc.Err()
}

// yamlNode is a value of the YAML subset the shipped files use: block mappings (ordered),
// block sequences and plain or quoted scalars.
type yamlNode struct {
	scalar string
	keys   []string
	values []*yamlNode
	items  []*yamlNode
}

type yamlLine struct {
	n      int
	indent int
	text   string
}

// parseYAML reads the subset; anything outside it is an error, so the test cannot pass
// on a file it misread.
func parseYAML(path string) (*yamlNode, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []yamlLine
	for i, raw := range strings.Split(string(data), "\n") {
		text := strings.TrimRight(raw, " \t")
		trimmed := strings.TrimLeft(text, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || trimmed == "---" {
			continue
		}
		if strings.Contains(text, "\t") {
			return nil, fmt.Errorf("%s:%d: tab in indentation", path, i+1)
		}
		lines = append(lines, yamlLine{i + 1, len(text) - len(trimmed), trimmed})
	}
	p := &yamlParser{path: path, lines: lines}
	node, err := p.block(0)
	if err == nil && p.pos < len(p.lines) {
		err = p.errorf("unexpected indentation")
	}
	return node, err
}

type yamlParser struct {
	path  string
	lines []yamlLine
	pos   int
}

func (p *yamlParser) errorf(format string, args ...any) error {
	n := 0
	if p.pos < len(p.lines) {
		n = p.lines[p.pos].n
	}
	return fmt.Errorf("%s:%d: %s", p.path, n, fmt.Sprintf(format, args...))
}

func (p *yamlParser) block(indent int) (*yamlNode, error) {
	if p.pos >= len(p.lines) || p.lines[p.pos].indent != indent {
		return nil, p.errorf("expected a block at indentation %d", indent)
	}
	node := &yamlNode{}
	seq := strings.HasPrefix(p.lines[p.pos].text, "- ")
	for p.pos < len(p.lines) && p.lines[p.pos].indent == indent {
		l := p.lines[p.pos]
		if strings.HasPrefix(l.text, "- ") != seq {
			return nil, p.errorf("mixed sequence and mapping")
		}
		if !seq {
			key, value, err := p.entry(l.text)
			if err != nil {
				return nil, err
			}
			p.pos++
			if value == nil {
				if p.pos >= len(p.lines) || p.lines[p.pos].indent <= indent {
					return nil, p.errorf("empty value for %q", key)
				}
				if value, err = p.block(p.lines[p.pos].indent); err != nil {
					return nil, err
				}
			}
			node.keys, node.values = append(node.keys, key), append(node.values, value)
			continue
		}
		// A sequence item: a scalar, or a mapping whose first entry shares the dash's line.
		rest := l.text[2:]
		if !strings.Contains(rest, ": ") && !strings.HasSuffix(rest, ":") {
			s, err := yamlScalar(rest)
			if err != nil {
				return nil, p.errorf("%v", err)
			}
			node.items = append(node.items, &yamlNode{scalar: s})
			p.pos++
			continue
		}
		p.lines[p.pos] = yamlLine{l.n, indent + 2, rest}
		item, err := p.block(indent + 2)
		if err != nil {
			return nil, err
		}
		node.items = append(node.items, item)
	}
	return node, nil
}

// entry splits "key: value"; a nil value means a nested block follows.
func (p *yamlParser) entry(text string) (string, *yamlNode, error) {
	if strings.HasSuffix(text, ":") {
		return text[:len(text)-1], nil, nil
	}
	key, value, ok := strings.Cut(text, ": ")
	if !ok {
		return "", nil, p.errorf("not a key: value line: %q", text)
	}
	s, err := yamlScalar(strings.TrimSpace(value))
	if err != nil {
		return "", nil, p.errorf("%v", err)
	}
	return key, &yamlNode{scalar: s}, nil
}

func yamlScalar(s string) (string, error) {
	if i := strings.Index(s, " #"); i >= 0 && !strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, "'") {
		s = strings.TrimSpace(s[:i])
	}
	switch {
	case strings.HasPrefix(s, `"`):
		return strconv.Unquote(s)
	case strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") && len(s) >= 2:
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	case strings.ContainsAny(s[:min(1, len(s))], "[{&*!|>%@`"):
		return "", fmt.Errorf("YAML form %q is not checked by this test", s)
	case strings.Contains(s, "${"):
		return "", fmt.Errorf("environment variables would make the file not work as written: %q", s)
	}
	return s, nil
}

func loadPipeline(t *testing.T, root, rel string) *pipeline {
	t.Helper()
	path := filepath.Join(root, rel)
	p := &pipeline{path: rel}
	confDir := filepath.Dir(path)
	var sections []section
	if strings.HasSuffix(rel, ".yaml") {
		doc, err := parseYAML(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, key := range doc.keys {
			switch v := doc.values[i]; key {
			case "service":
				s := section{kind: "service"}
				for j, k := range v.keys {
					s.props = append(s.props, [2]string{strings.ToLower(k), v.values[j].scalar})
				}
				sections = append(sections, s)
			case "plugins":
				for _, item := range v.items {
					p.plugins = append(p.plugins, item.scalar)
				}
			case "pipeline":
				for j, kind := range v.keys {
					for _, item := range v.values[j].items {
						s := section{kind: strings.TrimSuffix(kind, "s")}
						var processors []section
						for k, key := range item.keys {
							value := item.values[k]
							switch {
							case key == "processors" && s.kind == "input":
								processors = yamlProcessors(t, rel, value)
							case value.keys != nil || value.items != nil:
								t.Fatalf("%s: %s: nested %q is not checked by this test", rel, s, key)
							default:
								s.props = append(s.props, [2]string{strings.ToLower(key), value.scalar})
							}
						}
						sections = append(sections, s)
						sections = append(sections, processors...)
					}
				}
			default:
				t.Fatalf("%s: top-level key %q is not checked by this test", rel, key)
			}
		}
	} else {
		var err error
		if sections, err = parseClassic(path); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range sections {
		switch s.kind {
		case "service":
			p.service = s
		case "input", "filter", "output", "processor":
			p.sections = append(p.sections, s)
		default:
			t.Fatalf("%s: section %s is not checked by this test", rel, s)
		}
	}
	// Fluent Bit resolves these two against the configuration's directory.
	if f := p.service.get("parsers_file"); f != "" {
		p.parserFiles = append(p.parserFiles, onHost(root, confDir, f))
	}
	if f := p.service.get("plugins_file"); f != "" {
		plugins, err := parseClassic(onHost(root, confDir, f))
		if err != nil {
			t.Fatalf("%s: plugins_file: %v", rel, err)
		}
		for _, s := range plugins {
			if s.kind != "plugins" {
				t.Fatalf("%s: plugins_file holds a %s section", rel, s)
			}
			p.plugins = append(p.plugins, s.all("path")...)
		}
	}
	return p
}

// yamlProcessors reads an input's processors: entries under logs, metrics or traces, each
// a filter plugin run on the input's records before they reach the engine.
func yamlProcessors(t *testing.T, rel string, node *yamlNode) []section {
	t.Helper()
	var out []section
	for i, signal := range node.keys {
		if !slices.Contains([]string{"logs", "metrics", "traces"}, signal) {
			t.Fatalf("%s: processors: %q is not checked by this test", rel, signal)
		}
		for _, item := range node.values[i].items {
			s := section{kind: "processor"}
			for k, key := range item.keys {
				if v := item.values[k]; v.keys != nil || v.items != nil {
					t.Fatalf("%s: processor: nested %q is not checked by this test", rel, key)
				}
				s.props = append(s.props, [2]string{strings.ToLower(key), item.values[k].scalar})
			}
			out = append(out, s)
		}
	}
	return out
}

// shippedConfigs lists every configuration a user runs (not the parsers or plugins files
// they name).
func shippedConfigs(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	patterns := []string{"fluent-bit/*.conf", "fluent-bit/*.yaml", "fluent-bit/*/*.conf", "fluent-bit/*/*.yaml",
		// The compose demos' and the Kubernetes manifests' configurations, for the image.
		"docker/*/*/fluent-bit.conf"}
	for _, pattern := range patterns {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(root, m)
			if base := filepath.Base(rel); base == "parsers.conf" || strings.HasPrefix(base, "plugins") {
				continue
			}
			out = append(out, rel)
		}
	}
	if len(out) < 6 {
		t.Fatalf("found only %v", out)
	}
	return out
}

// tagMatch is Fluent Bit's Match: '*' stands for any run of characters.
func tagMatch(pattern, tag string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == tag
	}
	if !strings.HasPrefix(tag, pattern[:star]) {
		return false
	}
	rest := pattern[star+1:]
	for i := star; i <= len(tag); i++ {
		if tagMatch(rest, tag[i:]) {
			return true
		}
	}
	return false
}

func matches(s section, tag string) bool {
	if re := s.get("match_regex"); re != "" {
		return regexp.MustCompile(re).MatchString(tag)
	}
	return tagMatch(s.get("match"), tag)
}

func isOn(v string) bool {
	switch strings.ToLower(v) {
	case "on", "true", "yes", "1":
		return true
	}
	return false
}

func seconds(t *testing.T, v string, def time.Duration) time.Duration {
	t.Helper()
	if v == "" {
		return def
	}
	if d, err := time.ParseDuration(v); err == nil {
		return d
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("not a duration: %q", v)
	}
	return time.Duration(n * float64(time.Second))
}

func TestShippedConfigurations(t *testing.T) {
	root := repoRoot(t)
	for _, rel := range shippedConfigs(t, root) {
		t.Run(rel, func(t *testing.T) {
			p := loadPipeline(t, root, rel)
			checkFiles(t, root, p)
			for _, s := range anomalySections(p) {
				checkPluginKeys(t, s)
			}
			outputs := anomalyOutputs(p)
			for _, out := range outputs {
				checkAckBound(t, p, out)
			}
			checkLoops(t, p, outputs)
			for _, problem := range rescored(p) {
				t.Error(problem)
			}
		})
	}
}

// anomalySections returns the configuration's anomaly filters, processors and outputs.
func anomalySections(p *pipeline) []section {
	var out []section
	for _, s := range p.sections {
		if s.kind != "input" && strings.EqualFold(s.get("name"), "anomaly") {
			out = append(out, s)
		}
	}
	return out
}

func anomalyOutputs(p *pipeline) []section {
	var out []section
	for _, s := range anomalySections(p) {
		if s.kind == "output" {
			out = append(out, s)
		}
	}
	return out
}

// mode is how the plugin runs a section: an output, or a filter ([FILTER] and processors).
func mode(s section) config.Mode {
	if s.kind == "output" {
		return config.Output
	}
	return config.Filter
}

// checkFiles: everything the configuration names exists, relative to where Fluent Bit
// resolves it, and it loads the plugin under the name each of its anomaly sections needs.
func checkFiles(t *testing.T, root string, p *pipeline) {
	t.Helper()
	parsers := map[string]bool{}
	for _, f := range p.parserFiles {
		sections, err := parseClassic(f)
		if err != nil {
			t.Fatalf("parsers_file: %v", err)
		}
		for _, s := range sections {
			parsers[s.get("name")] = true
		}
	}
	for _, in := range p.of("input") {
		if name := in.get("parser"); name != "" && !parsers[name] {
			t.Errorf("%s uses parser %q, which no parsers_file defines", in, name)
		}
		if strings.EqualFold(in.get("name"), "tail") && !runtimePath(in.get("path")) {
			matched, _ := filepath.Glob(onHost(root, root, in.get("path")))
			if len(matched) == 0 {
				t.Errorf("%s reads %q, which does not exist relative to the repository root", in, in.get("path"))
			}
		}
	}
	// The lua filter looks for its script from the working directory, then from the
	// configuration's directory.
	for _, f := range p.of("filter") {
		if !strings.EqualFold(f.get("name"), "lua") {
			continue
		}
		script := f.get("script")
		_, errWork := os.Stat(onHost(root, root, script))
		_, errConf := os.Stat(onHost(root, filepath.Dir(filepath.Join(root, p.path)), script))
		if script == "" || (errWork != nil && errConf != nil) {
			t.Errorf("%s: script %q is found neither from the repository root nor from the configuration's directory", f, script)
		}
	}
	for _, problem := range pluginProblems(p) {
		t.Error(problem)
	}
}

// pluginProblems compares the plugins a configuration loads with the ones its anomaly
// sections need: the filter's name for filters and processors, the output's for outputs,
// and nothing it does not use.
func pluginProblems(p *pipeline) []string {
	needs := map[string]string{} // plugin path -> the section needing it
	for _, s := range anomalySections(p) {
		path := filterPluginPath
		if mode(s) == config.Output {
			path = outputPluginPath
		}
		needs[path] = s.String()
	}
	var problems []string
	loaded := map[string]bool{}
	for _, path := range p.plugins {
		loaded[path] = true
		switch {
		case path == filterPluginPath || path == outputPluginPath:
			if needs[path] == "" {
				problems = append(problems, fmt.Sprintf("loads %s, which no anomaly section uses", path))
			}
		case strings.HasPrefix(filepath.Base(path), "flb-"):
			problems = append(problems, fmt.Sprintf("plugin %q: the filter is %q as `make build` writes it", path, filterPluginPath))
		default:
			problems = append(problems, fmt.Sprintf("plugin %q: want %q (filters, processors) or %q (outputs) as `make build` writes them", path, filterPluginPath, outputPluginPath))
		}
	}
	for path, user := range needs {
		if !loaded[path] {
			problems = append(problems, fmt.Sprintf("%s needs %s, which it does not load (plugins_file or plugins:)", user, path))
		}
	}
	slices.Sort(problems)
	return problems
}

// checkPluginKeys: every key of an anomaly section is the core's or one the plugin
// documents, and the plugin accepts the values in the section's mode.
func checkPluginKeys(t *testing.T, s section) {
	t.Helper()
	if err := keyProblems(t, s); err != nil {
		t.Errorf("%s: the plugin rejects the section:\n%v", s, err)
	}
}

// keyProblems checks a section's keys as the plugin does when Fluent Bit starts a filter:
// the names through CheckNames, the values through ParseFor in the section's mode (a
// filter refuses the forward_* keys). An output reads only the keys it knows, so there a
// misspelt key would go unnoticed; here it is an error too.
func keyProblems(t *testing.T, s section) error {
	core := coreFilterKeys
	if mode(s) == config.Output {
		core = coreOutputKeys
	}
	props := map[string]string{}
	var names []string
	for _, kv := range s.props {
		if !slices.Contains(core, kv[0]) {
			names = append(names, kv[0])
			props[kv[0]] = kv[1]
		}
	}
	if props["state_dir"] != "" {
		// Parsing creates the directory, which exists only where Fluent Bit runs (the
		// docker/ tests check it is on a writable volume).
		props["state_dir"] = t.TempDir()
	}
	_, err := config.ParseFor(mode(s), config.MapLookup(props))
	return errors.Join(config.CheckNames(names), err)
}

// exampleTag is a tag a section's Match takes.
func exampleTag(s section) (string, error) {
	if s.get("match") == "" {
		return "", fmt.Errorf("%s: Match_Regex is not checked by this test", s)
	}
	return strings.ReplaceAll(s.get("match"), "*", "x"), nil
}

// rewrittenTags returns the tags rewrite_tag gives copies of a record tagged tag, and the
// copies of those copies: every copy goes through the filters again from the start.
func rewrittenTags(p *pipeline, tag string) []string {
	var out []string
	pending := []string{tag}
	// Bounded: a rule whose Match takes its own copies would copy them forever.
	for len(pending) > 0 && len(out) < 16 {
		next := pending[0]
		pending = pending[1:]
		for _, f := range p.of("filter") {
			if !strings.EqualFold(f.get("name"), "rewrite_tag") || !matches(f, next) {
				continue
			}
			for _, rule := range f.all("rule") {
				if fields := strings.Fields(rule); len(fields) == 4 {
					copyTag := strings.ReplaceAll(fields[2], "$TAG", next)
					out = append(out, copyTag)
					pending = append(pending, copyTag)
				}
			}
		}
	}
	return out
}

// rescored reports anomaly filters and outputs that would score a record a second time:
// rewrite_tag re-emits its copies into the pipeline, where every filter whose Match takes
// the new tag sees them again. (Processors see only their own input's records.)
func rescored(p *pipeline) []string {
	var problems []string
	for _, f := range anomalySections(p) {
		if f.kind != "filter" {
			continue
		}
		for _, tag := range scoredTags(p, f) {
			for _, copyTag := range rewrittenTags(p, tag) {
				for _, s := range anomalySections(p) {
					if s.kind != "processor" && matches(s, copyTag) {
						problems = append(problems, fmt.Sprintf("%s would score again the copies rewrite_tag makes of %s's records: it matches %q", s, f, copyTag))
					}
				}
			}
		}
	}
	slices.Sort(problems)
	return slices.Compact(problems)
}

// scoredTags returns tags an anomaly filter scores: the inputs' tags it matches, and one
// its Match takes.
func scoredTags(p *pipeline, f section) []string {
	var tags []string
	for _, in := range p.of("input") {
		if tag := strings.ReplaceAll(in.get("tag"), "*", "x"); tag != "" && matches(f, tag) {
			tags = append(tags, tag)
		}
	}
	if tag, err := exampleTag(f); err == nil {
		tags = append(tags, tag)
	}
	return tags
}

// checkAckBound: a flush that waits for an ack gives up before Fluent Bit's grace period
// ends, so a shutdown never hangs on the plugin.
func checkAckBound(t *testing.T, p *pipeline, out section) {
	t.Helper()
	grace := seconds(t, p.service.get("grace"), 5*time.Second)
	wait := seconds(t, out.get("forward_ack_timeout"), 3*time.Second)
	if strings.HasPrefix(out.get("forward_address"), "tcp://") {
		wait += seconds(t, out.get("forward_connect_timeout"), 2*time.Second)
	}
	if wait >= grace {
		t.Errorf("%s: a flush can wait %v, not below Grace %v", out, wait, grace)
	}
}

// checkLoops: when our output re-emits into an in_forward of the same process, the output
// has workers (or the ack never comes), the re-emitted records get a tag prefix, and
// neither they nor anything rewrite_tag derives from them can reach an anomaly output or
// filter again. A file scan that exits at end of file must not loop at all: shutdown
// pauses in_forward.
func checkLoops(t *testing.T, p *pipeline, ours []section) {
	t.Helper()
	exitsAtEOF := false
	for _, in := range p.of("input") {
		if isOn(in.get("exit_on_eof")) {
			exitsAtEOF = true
		}
	}
	for _, out := range ours {
		addr := out.get("forward_address")
		for _, in := range p.of("input") {
			if !strings.EqualFold(in.get("name"), "forward") || !receives(in, addr) {
				continue
			}
			if exitsAtEOF {
				t.Errorf("%s loops into %s although an input exits at end of file: shutdown would lose records", out, in)
			}
			if n, _ := strconv.Atoi(out.get("workers")); n < 1 {
				t.Errorf("%s loops into %s without workers >= 1: the ack would come only after the wait gave up, so every chunk is retried", out, in)
			}
			prefix := in.get("tag_prefix")
			if prefix == "" {
				t.Errorf("%s has no tag_prefix: re-emitted records keep their tags", in)
			}
			// A tag our output takes, as it comes back, and as rewrite_tag copies it.
			example, err := exampleTag(out)
			if err != nil {
				t.Fatal(err)
			}
			back := prefix + out.get("forward_tag_prefix") + example
			tags := append([]string{back}, rewrittenTags(p, back)...)
			for _, tag := range tags {
				for _, s := range anomalySections(p) {
					if s.kind != "processor" && matches(s, tag) {
						t.Errorf("%s would score %s's output again: it matches %q", s, out, tag)
					}
				}
			}
		}
	}
}

// receives reports whether an in_forward section listens where addr points.
func receives(in section, addr string) bool {
	if path, ok := strings.CutPrefix(addr, "unix://"); ok {
		return in.get("unix_path") == path
	}
	hostport, ok := strings.CutPrefix(addr, "tcp://")
	if !ok || in.get("unix_path") != "" {
		return false
	}
	port := in.get("port")
	if port == "" {
		port = "24224"
	}
	return strings.HasSuffix(hostport, ":"+port)
}

// TestClassicAndYAMLAgree keeps each YAML file the same pipeline as its classic twin.
func TestClassicAndYAMLAgree(t *testing.T) {
	for _, name := range []string{"fluent-bit", "alerting", "opentelemetry"} {
		t.Run(name, func(t *testing.T) {
			classicAndYAMLAgree(t, "fluent-bit/"+name+".conf", "fluent-bit/"+name+".yaml")
		})
	}
}

func classicAndYAMLAgree(t *testing.T, classicFile, yamlFile string) {
	root := repoRoot(t)
	classic := loadPipeline(t, root, classicFile)
	yaml := loadPipeline(t, root, yamlFile)
	norm := func(p *pipeline) []string {
		var out []string
		for _, kind := range []string{"input", "filter", "output"} {
			for _, s := range p.of(kind) {
				for _, kv := range s.props {
					v := kv[1]
					if slices.Contains([]string{"on", "true", "yes", "off", "false", "no"}, strings.ToLower(v)) {
						v = strconv.FormatBool(isOn(v))
					}
					out = append(out, fmt.Sprintf("%s %s: %s=%s", kind, strings.ToLower(s.get("name")), kv[0], v))
				}
			}
		}
		return out
	}
	if c, y := norm(classic), norm(yaml); !slices.Equal(c, y) {
		t.Errorf("pipelines differ:\nclassic: %q\nyaml:    %q", c, y)
	}
	if !slices.Equal(classic.plugins, yaml.plugins) || !slices.Equal(classic.parserFiles, yaml.parserFiles) {
		t.Errorf("plugins or parsers differ: %v %v vs %v %v", classic.plugins, classic.parserFiles, yaml.plugins, yaml.parserFiles)
	}
	for _, key := range []string{"flush", "grace", "log_level"} {
		if !strings.EqualFold(classic.service.get(key), yaml.service.get(key)) {
			t.Errorf("service %s differs: %q vs %q", key, classic.service.get(key), yaml.service.get(key))
		}
	}
}

func TestTagMatch(t *testing.T) {
	cases := []struct {
		pattern, tag string
		want         bool
	}{
		{"app.*", "app.demo", true},
		{"app.*", "scored.app.demo", false},
		{"*", "anything", true},
		{"scored.*", "alert.scored.app.x", false},
		{"*.app.*", "scored.app.x", true},
		{"app.demo", "app.demo", true},
		{"app.demo", "app.demo2", false},
	}
	for _, c := range cases {
		if got := tagMatch(c.pattern, c.tag); got != c.want {
			t.Errorf("tagMatch(%q, %q) = %v, want %v", c.pattern, c.tag, got, c.want)
		}
	}
}

// props builds a section from key, value pairs.
func props(kind string, kv ...string) section {
	s := section{kind: kind}
	for i := 0; i+1 < len(kv); i += 2 {
		s.props = append(s.props, [2]string{kv[i], kv[i+1]})
	}
	return s
}

// The checks themselves: each catches the mistake it is there for.
func TestChecksCatchMistakes(t *testing.T) {
	copyFlagged := props("filter", "name", "rewrite_tag", "match", "app.*", "rule", "$anomaly_alert ^true$ alert.$TAG true")
	t.Run("a filter that scores the alert copies", func(t *testing.T) {
		tail := props("input", "name", "tail", "tag", "app.demo")
		for match, want := range map[string]int{"app.*": 0, "app.demo": 0, "*": 1, "*.demo": 1, "*.app.*": 0} {
			p := &pipeline{sections: []section{tail, props("filter", "name", "anomaly", "match", match), copyFlagged}}
			if got := rescored(p); len(got) != want {
				t.Errorf("Match %s: %d problems %q, want %d", match, len(got), got, want)
			}
		}
		// A processor sees only its input's records, whatever rewrite_tag emits.
		p := &pipeline{sections: []section{props("input", "name", "tail"), props("processor", "name", "anomaly"), copyFlagged,
			props("filter", "name", "anomaly", "match", "app.*")}}
		if got := rescored(p); len(got) != 0 {
			t.Errorf("processor: %q", got)
		}
	})
	t.Run("the plugin under the wrong name", func(t *testing.T) {
		filter, output := props("filter", "name", "anomaly", "match", "app.*"), props("output", "name", "anomaly", "match", "app.*")
		cases := []struct {
			sections []section
			plugins  []string
			want     int
		}{
			{[]section{filter}, []string{filterPluginPath}, 0},
			{[]section{output}, []string{outputPluginPath}, 0},
			{[]section{filter, output}, []string{filterPluginPath, outputPluginPath}, 0},
			{[]section{filter}, []string{outputPluginPath}, 2},       // filter not loaded, output unused
			{[]section{output}, []string{filterPluginPath}, 2},       // the reverse
			{[]section{output}, []string{"build/flb-anomaly.so"}, 2}, // taken for a C plugin
			{[]section{filter}, nil, 1},
			{nil, []string{filterPluginPath}, 1},
		}
		for _, c := range cases {
			if got := pluginProblems(&pipeline{sections: c.sections, plugins: c.plugins}); len(got) != c.want {
				t.Errorf("%v loading %q: %d problems %q, want %d", c.sections, c.plugins, len(got), got, c.want)
			}
		}
	})
	t.Run("keys", func(t *testing.T) {
		cases := []struct {
			s  section
			ok bool
		}{
			{props("filter", "name", "anomaly", "match", "app.*", "alias", "scoring", "warmup", "4"), true},
			{props("processor", "name", "anomaly", "active", "true", "message_key", "message"), true},
			{props("output", "name", "anomaly", "match", "app.*", "workers", "1", "forward_address", "stdout"), true},
			{props("filter", "name", "anomaly", "match", "app.*", "forward_address", "stdout"), false},
			{props("filter", "name", "anomaly", "match", "app.*", "workers", "1"), false},
			{props("filter", "name", "anomaly", "match", "app.*", "contamnation", "0.1"), false},
			{props("output", "name", "anomaly", "match", "app.*", "warmup", "many"), false},
		}
		for _, c := range cases {
			if err := keyProblems(t, c.s); (err == nil) != c.ok {
				t.Errorf("%s %v: error %v, want ok %v", c.s, c.s.props, err, c.ok)
			}
		}
	})
}

// TestPluginPathsAreWhatMakeBuildWrites: the configurations load the two names the Makefile
// gives the one library.
func TestPluginPathsAreWhatMakeBuildWrites(t *testing.T) {
	root := repoRoot(t)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, def := range []string{"BUILD     := build", "FILTER    := $(BUILD)/" + filepath.Base(filterPluginPath),
		"SO        := $(BUILD)/" + filepath.Base(outputPluginPath), "ln -sf $(notdir $(FILTER)) $(SO)"} {
		if !strings.Contains(string(makefile), def) {
			t.Errorf("the Makefile no longer says %q, which the configurations rely on", def)
		}
	}
	if filepath.Base(filterPluginPath) != "flb-filter_anomaly.so" {
		t.Errorf("%s: Fluent Bit loads flb-filter_<name>.so as the C filter <name>", filterPluginPath)
	}
	if strings.HasPrefix(filepath.Base(outputPluginPath), "flb-") {
		t.Errorf("%s: Fluent Bit takes flb-* files for C plugins, so the Go output would never load", outputPluginPath)
	}
	// Both names must map one file: two copies would start two Go runtimes in one process.
	if target, err := os.Readlink(filepath.Join(root, outputPluginPath)); err == nil && target != filepath.Base(filterPluginPath) {
		t.Errorf("%s links to %s, want %s", outputPluginPath, target, filepath.Base(filterPluginPath))
	} else if err != nil && !os.IsNotExist(err) {
		t.Errorf("%s is not a link to %s: %v", outputPluginPath, filterPluginPath, err)
	}
}

// TestProcessorScoresAsTheFilter keeps processors.yaml the scoring of fluent-bit.yaml in
// processor form: the same input, the same plugin keys but Match.
func TestProcessorScoresAsTheFilter(t *testing.T) {
	root := repoRoot(t)
	proc := loadPipeline(t, root, "fluent-bit/processors.yaml")
	filt := loadPipeline(t, root, "fluent-bit/fluent-bit.yaml")
	withoutKeys := func(s section, keys ...string) [][2]string {
		return slices.DeleteFunc(slices.Clone(s.props), func(kv [2]string) bool { return slices.Contains(keys, kv[0]) })
	}
	procs, filters := proc.of("processor"), anomalySections(filt)
	if len(procs) != 1 || len(filters) != 1 {
		t.Fatalf("%d anomaly processors and %d anomaly filters, want one each", len(procs), len(filters))
	}
	if got, want := withoutKeys(procs[0]), withoutKeys(filters[0], "match"); !slices.Equal(got, want) {
		t.Errorf("processor %v, filter %v", got, want)
	}
	pin, fin := proc.of("input"), filt.of("input")
	if len(pin) != 1 || len(fin) != 1 || !slices.Equal(withoutKeys(pin[0], "threaded"), fin[0].props) {
		t.Errorf("inputs differ: %v vs %v", pin, fin)
	}
	if !isOn(pin[0].get("threaded")) {
		t.Error("the processor's input is not threaded: scoring would run on the engine thread")
	}
	if !slices.Equal(proc.plugins, filt.plugins) || !slices.Equal(proc.parserFiles, filt.parserFiles) {
		t.Errorf("plugins or parsers differ: %v %v vs %v %v", proc.plugins, proc.parserFiles, filt.plugins, filt.parserFiles)
	}
}
