// Package fluentbit holds the shipped Fluent Bit configurations; its tests check that each
// one works as written: the files it names exist, the plugin's keys are known and valid,
// and no loop can stall or score its own output.
package fluentbit

import (
	"bufio"
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

// pluginPath is where `make build` writes the plugin, relative to the repository root,
// the directory the shipped configurations are run from.
const pluginPath = "build/anomaly.so"

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

// section is one [SECTION] of a classic file, or one entry of a YAML pipeline.
type section struct {
	kind  string // lower case: service, input, filter, output, parser, plugins
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
	sections    []section // inputs, filters and outputs, in file order
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

func (n *yamlNode) field(key string) *yamlNode {
	for i, k := range n.keys {
		if k == key {
			return n.values[i]
		}
	}
	return nil
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
						for k, key := range item.keys {
							s.props = append(s.props, [2]string{strings.ToLower(key), item.values[k].scalar})
						}
						sections = append(sections, s)
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
		case "input", "filter", "output":
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
			if base := filepath.Base(rel); base == "parsers.conf" || base == "plugins.conf" {
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
			ours := pluginOutputs(p)
			checkFiles(t, root, p, len(ours) > 0)
			for _, out := range ours {
				checkPluginKeys(t, out)
				checkAckBound(t, p, out)
			}
			checkLoops(t, p, ours)
		})
	}
}

func pluginOutputs(p *pipeline) []section {
	var out []section
	for _, s := range p.of("output") {
		if strings.EqualFold(s.get("name"), "anomaly") {
			out = append(out, s)
		}
	}
	return out
}

// checkFiles: everything the configuration names exists, relative to where Fluent Bit
// resolves it.
func checkFiles(t *testing.T, root string, p *pipeline, usesPlugin bool) {
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
	if usesPlugin && len(p.plugins) == 0 {
		t.Errorf("uses the anomaly output but loads no plugin (plugins_file or plugins:)")
	}
	for _, path := range p.plugins {
		if strings.HasPrefix(filepath.Base(path), "flb-") {
			t.Errorf("plugin %q: Fluent Bit takes flb-* files for C plugins", path)
		}
		if path != pluginPath {
			t.Errorf("plugin path %q, want %q as `make build` writes it", path, pluginPath)
		}
	}
}

// checkPluginKeys: every key on our output is the core's or one the plugin documents,
// and the plugin accepts the values.
func checkPluginKeys(t *testing.T, out section) {
	t.Helper()
	known := map[string]bool{}
	for _, k := range config.Keys {
		known[k.Name] = true
	}
	props := map[string]string{}
	for _, kv := range out.props {
		key := kv[0]
		if slices.Contains(coreOutputKeys, key) {
			continue
		}
		if !known[key] {
			t.Errorf("%s: key %q is neither Fluent Bit's nor the plugin's", out, key)
			continue
		}
		props[key] = kv[1]
	}
	if props["state_dir"] != "" {
		// Parse creates the directory, which exists only where Fluent Bit runs (the
		// docker/ tests check it is on a writable volume).
		props["state_dir"] = t.TempDir()
	}
	if _, err := config.Parse(config.MapLookup(props)); err != nil {
		t.Errorf("%s: the plugin rejects the section:\n%v", out, err)
	}
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
// neither they nor anything rewrite_tag derives from them can reach our output again. A
// file scan that exits at end of file must not loop at all: shutdown pauses in_forward.
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
			example := strings.ReplaceAll(out.get("match"), "*", "x")
			if out.get("match") == "" {
				t.Fatalf("%s: Match_Regex loops are not checked by this test", out)
			}
			back := prefix + out.get("forward_tag_prefix") + example
			tags := []string{back}
			for _, f := range p.of("filter") {
				if strings.EqualFold(f.get("name"), "rewrite_tag") && matches(f, back) {
					for _, rule := range f.all("rule") {
						fields := strings.Fields(rule)
						if len(fields) == 4 {
							tags = append(tags, strings.ReplaceAll(fields[2], "$TAG", back))
						}
					}
				}
			}
			for _, tag := range tags {
				for _, o := range ours {
					if matches(o, tag) {
						t.Errorf("%s would score its own output again: it matches %q", o, tag)
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
	for _, name := range []string{"fluent-bit", "alerting"} {
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
