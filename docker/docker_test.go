// Package docker holds what ships the plugin: the image (Dockerfile), the compose demos
// (compose/), the Kubernetes manifests (k8s/) and the demo tools (loggen, healthcheck). No
// Docker engine or cluster is needed to test them: the tests parse every file, decode the
// manifests strictly into Kubernetes' types, and check that the pieces agree with each
// other (a mounted file exists, a probe asks the port Fluent Bit listens on, a
// configuration stays the pipeline of fluent-bit/ that was verified on Fluent Bit).
package docker

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// imageRoot is where the image holds the repository's layout (docker/Dockerfile's WORKDIR).
const imageRoot = "/opt/anomaly"

// repoRoot is the repository root: the directory above docker/.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod in %s: run the tests from docker/", dir)
	}
	return dir
}

// section is one [SECTION] of a classic Fluent Bit configuration.
type section struct {
	kind  string // lower case
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

func (s section) name() string { return strings.ToLower(s.get("name")) }

func (s section) String() string {
	return fmt.Sprintf("[%s %s]", strings.ToUpper(s.kind), s.get("name"))
}

// conf is a classic Fluent Bit configuration file.
type conf struct {
	path     string
	sections []section
}

func (c conf) of(kind string) []section {
	var out []section
	for _, s := range c.sections {
		if s.kind == kind {
			out = append(out, s)
		}
	}
	return out
}

func (c conf) service() section {
	if s := c.of("service"); len(s) > 0 {
		return s[0]
	}
	return section{kind: "service"}
}

// named returns the sections of kind with the given plugin name.
func (c conf) named(kind, name string) []section {
	var out []section
	for _, s := range c.of(kind) {
		if s.name() == name {
			out = append(out, s)
		}
	}
	return out
}

// anomalyFilter returns the configuration's one [FILTER anomaly]: the image's
// configurations score with the filter, which needs no loop back into Fluent Bit.
func (c conf) anomalyFilter(t *testing.T) section {
	t.Helper()
	filters := c.named("filter", "anomaly")
	if len(filters) != 1 || len(c.named("output", "anomaly")) != 0 {
		t.Fatalf("%s: %d anomaly filters and %d anomaly outputs, want one filter", c.path, len(filters), len(c.named("output", "anomaly")))
	}
	return filters[0]
}

func readConf(t *testing.T, path string) conf {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := conf{path: path}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			c.sections = append(c.sections, section{kind: strings.ToLower(strings.Trim(line, "[]"))})
		case strings.HasPrefix(line, "@") || len(c.sections) == 0:
			t.Fatalf("%s:%d: %q is not checked by this test", path, n, line)
		default:
			key, value, _ := strings.Cut(line, " ")
			last := &c.sections[len(c.sections)-1]
			last.props = append(last.props, [2]string{strings.ToLower(key), strings.TrimSpace(value)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// under reports whether path is dir or below it.
func under(path, dir string) bool {
	dir = strings.TrimSuffix(dir, "/")
	return path == dir || strings.HasPrefix(path, dir+"/")
}

// portOf returns the port of a host:port.
func portOf(t *testing.T, hostport string) string {
	t.Helper()
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 {
		t.Fatalf("%q has no port", hostport)
	}
	return hostport[i+1:]
}

// imageFiles are the files the image holds under imageRoot besides copies of the
// repository: what its build stage builds into build/. build/anomaly.so is a link to
// build/flb-filter_anomaly.so, as make build writes it.
var imageFiles = []string{"build/flb-filter_anomaly.so", "build/anomaly.so", "build/anomaly", "build/loggen", "build/healthcheck"}

// inImage reports whether the image holds path: a built file, or a repository file the
// Dockerfile copies (fluent-bit/ and docker/loggen/parsers.conf).
func inImage(t *testing.T, root, path string) bool {
	t.Helper()
	rel, ok := strings.CutPrefix(path, imageRoot+"/")
	if !ok {
		return false
	}
	for _, f := range imageFiles {
		if rel == f {
			return true
		}
	}
	if !strings.HasPrefix(rel, "fluent-bit/") && rel != "docker/loggen/parsers.conf" {
		return false
	}
	_, err := os.Stat(filepath.Join(root, rel))
	return err == nil
}
