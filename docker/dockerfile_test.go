package docker

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line    int
	keyword string // upper case
	args    string
}

// stage is one FROM and what follows it.
type stage struct {
	image, name string // image with build arguments' defaults substituted
	instrs      []instruction
}

func (s stage) all(keyword string) []instruction {
	var out []instruction
	for _, in := range s.instrs {
		if in.keyword == keyword {
			out = append(out, in)
		}
	}
	return out
}

type dockerfile struct {
	syntax string
	args   map[string]string // ARGs declared before the first FROM, with their defaults
	stages []stage
}

func parseDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	df := dockerfile{args: map[string]string{}}
	sc := bufio.NewScanner(f)
	var pending strings.Builder
	start := 0
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if n == 1 && strings.HasPrefix(trimmed, "# syntax=") {
			df.syntax = strings.TrimPrefix(trimmed, "# syntax=")
			continue
		}
		if pending.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if pending.Len() == 0 {
			start = n
		} else if strings.HasPrefix(trimmed, "#") {
			continue // a comment inside a continued instruction
		}
		if body, ok := strings.CutSuffix(trimmed, `\`); ok {
			pending.WriteString(body + " ")
			continue
		}
		pending.WriteString(trimmed)
		keyword, args, _ := strings.Cut(pending.String(), " ")
		pending.Reset()
		in := instruction{line: start, keyword: strings.ToUpper(keyword), args: strings.TrimSpace(args)}
		switch {
		case in.keyword == "FROM":
			fields := strings.Fields(in.args)
			s := stage{image: expandArgs(fields[0], df.args)}
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				s.name = fields[2]
			}
			df.stages = append(df.stages, s)
		case len(df.stages) == 0 && in.keyword == "ARG":
			name, def, _ := strings.Cut(in.args, "=")
			df.args[name] = def
		case len(df.stages) == 0:
			t.Fatalf("%s:%d: %s before the first FROM", path, in.line, in.keyword)
		default:
			last := &df.stages[len(df.stages)-1]
			last.instrs = append(last.instrs, in)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return df
}

var argRef = regexp.MustCompile(`\$\{(\w+)\}|\$(\w+)`)

func expandArgs(s string, args map[string]string) string {
	return argRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := strings.Trim(ref, "${}")
		return args[name]
	})
}

// copySpec is a COPY instruction: flags, sources and destination.
type copySpec struct {
	from, chown string
	srcs        []string
	dst         string
}

func parseCopy(t *testing.T, in instruction) copySpec {
	t.Helper()
	var c copySpec
	fields := strings.Fields(in.args)
	for len(fields) > 0 && strings.HasPrefix(fields[0], "--") {
		key, value, _ := strings.Cut(strings.TrimPrefix(fields[0], "--"), "=")
		switch key {
		case "from":
			c.from = value
		case "chown":
			c.chown = value
		default:
			t.Fatalf("line %d: COPY --%s is not checked by this test", in.line, key)
		}
		fields = fields[1:]
	}
	if len(fields) < 2 || strings.HasPrefix(fields[0], "[") {
		t.Fatalf("line %d: COPY %q is not checked by this test", in.line, in.args)
	}
	c.srcs, c.dst = fields[:len(fields)-1], fields[len(fields)-1]
	return c
}

// gathered returns the files the build stage's cp commands copy into dir, as build/NAME,
// and reports a cp that would copy a link's target instead of the link.
func gathered(t *testing.T, build stage, dir string) []string {
	t.Helper()
	var out []string
	for _, in := range build.all("RUN") {
		for _, cmd := range strings.Split(in.args, "&&") {
			fields := strings.Fields(cmd)
			if len(fields) < 3 || fields[0] != "cp" || strings.TrimSuffix(fields[len(fields)-1], "/") != strings.TrimSuffix(dir, "/") {
				continue
			}
			keepsLinks := false
			for _, f := range fields[1 : len(fields)-1] {
				switch {
				case f == "-P" || f == "-d" || f == "-a" || f == "--no-dereference":
					keepsLinks = true
				case !strings.HasPrefix(f, "-"):
					out = append(out, "build/"+filepath.Base(f))
				}
			}
			if !keepsLinks {
				t.Errorf("line %d: %q copies what build/anomaly.so links to, not the link: use cp -P", in.line, strings.TrimSpace(cmd))
			}
		}
	}
	return out
}

// execForm decodes the JSON array form of ENTRYPOINT and CMD.
func execForm(t *testing.T, in instruction) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(in.args), &out); err != nil {
		t.Fatalf("line %d: %s must use the exec form (a JSON array): the image has no shell: %v", in.line, in.keyword, err)
	}
	return out
}

// ignored reports whether .dockerignore leaves path (relative, slash-separated) out of
// the build context: a pattern matches the path or one of its parent directories.
func ignored(patterns []string, path string) bool {
	parts := strings.Split(path, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		for _, p := range patterns {
			p = strings.TrimSuffix(p, "/")
			if ok, _ := filepath.Match(p, prefix); ok {
				return true
			}
			if rest, ok := strings.CutPrefix(p, "**/"); ok {
				for j := 0; j < i; j++ {
					if m, _ := filepath.Match(rest, strings.Join(parts[j:i], "/")); m {
						return true
					}
				}
			}
		}
	}
	return false
}

func readDockerignore(t *testing.T, root string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			t.Fatalf(".dockerignore: exceptions (%q) are not checked by this test", line)
		}
		out = append(out, line)
	}
	return out
}

func TestDockerignore(t *testing.T) {
	patterns := []string{".git", "build/", "**/*.test", "**/testdata/", "docker/k8s/"}
	cases := []struct {
		path string
		want bool
	}{
		{".git/HEAD", true},
		{"build/anomaly.so", true},
		{"forest/forest.test", true},
		{"plugin/chunk/testdata/fuzz/x", true},
		{"docker/k8s/kustomization.yaml", true},
		{"plugin/main.go", false},
		{"docker/loggen/main.go", false},
		{"fluent-bit/build.conf", false},
	}
	for _, c := range cases {
		if got := ignored(patterns, c.path); got != c.want {
			t.Errorf("ignored(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

var (
	pinnedTag    = regexp.MustCompile(`^[\w./-]+:([\w.-]+)$`)
	fluentBitTag = regexp.MustCompile(`^fluent/fluent-bit:(\d+)\.(\d+)\.(\d+)$`)
	goImageTag   = regexp.MustCompile(`^golang:1\.(\d+)(\.\d+)?-bookworm$`)
	numericUser  = regexp.MustCompile(`^(\d+):(\d+)$`)
)

func TestDockerfile(t *testing.T) {
	root := repoRoot(t)
	df := parseDockerfile(t, filepath.Join(root, "docker/Dockerfile"))
	ignore := readDockerignore(t, root)
	if df.syntax == "" {
		t.Error("no `# syntax=` line: the cache mounts need BuildKit's Dockerfile frontend")
	}
	if len(df.stages) != 2 {
		t.Fatalf("%d stages, want the build and the image", len(df.stages))
	}
	build, final := df.stages[0], df.stages[len(df.stages)-1]

	t.Run("images are pinned", func(t *testing.T) {
		for _, s := range df.stages {
			m := pinnedTag.FindStringSubmatch(s.image)
			if m == nil || m[1] == "latest" {
				t.Errorf("FROM %q: pin a tag", s.image)
			}
		}
		// The .so needs the builder's glibc or a newer one where it runs: the builder is
		// Debian 12 (glibc 2.36), Fluent Bit's images are Debian 12 from 4.0 and Debian
		// 13 from 5.0.
		m := fluentBitTag.FindStringSubmatch(final.image)
		if m == nil {
			t.Fatalf("final FROM %q: want the official fluent/fluent-bit:X.Y.Z", final.image)
		}
		if major, _ := strconv.Atoi(m[1]); major < 4 {
			t.Errorf("Fluent Bit %s.%s.%s: images before 4.0 may be older than the builder's Debian 12", m[1], m[2], m[3])
		}
		g := goImageTag.FindStringSubmatch(build.image)
		if g == nil {
			t.Fatalf("build FROM %q: want golang:1.N-bookworm (Debian 12, glibc 2.36, no newer than Fluent Bit's images)", build.image)
		}
		if minor, _ := strconv.Atoi(g[1]); minor < 23 {
			t.Errorf("Go 1.%d: c-shared plugins need Go 1.23 or later", minor)
		}
	})

	t.Run("runs as non-root", func(t *testing.T) {
		users := final.all("USER")
		if len(users) == 0 {
			t.Fatal("no USER: the image would run as root")
		}
		m := numericUser.FindStringSubmatch(users[len(users)-1].args)
		if m == nil || m[1] == "0" {
			t.Fatalf("USER %q: want a numeric non-root uid:gid (Kubernetes' runAsNonRoot checks numbers)", users[len(users)-1].args)
		}
		owned := map[string]bool{}
		for _, in := range final.all("COPY") {
			if c := parseCopy(t, in); c.chown != "" {
				if c.chown != users[len(users)-1].args {
					t.Errorf("line %d: COPY --chown=%s, but the image runs as %s", in.line, c.chown, users[len(users)-1].args)
				}
				owned[strings.TrimSuffix(c.dst, "/")] = true
			}
		}
		for _, dir := range []string{"/var/log/app", "/var/lib/fluent-bit-anomaly"} {
			if !owned[dir] {
				t.Errorf("%s is not owned by the image's user: volumes mounted there would not be writable", dir)
			}
		}
	})

	t.Run("the repository's layout under imageRoot", func(t *testing.T) {
		if w := final.all("WORKDIR"); len(w) == 0 || w[len(w)-1].args != imageRoot {
			t.Errorf("WORKDIR must be %s: fluent-bit/plugins.conf loads build/anomaly.so from there", imageRoot)
		}
		copied := map[string]bool{}
		for _, in := range final.all("COPY") {
			c := parseCopy(t, in)
			for _, src := range c.srcs {
				switch {
				case c.from == build.name && c.chown != "":
					// The directories the image's user owns, checked above.
				case c.from == build.name:
					// A directory copy keeps links; a COPY naming build/anomaly.so would copy
					// the library again, and one Fluent Bit would map two files, each with its
					// own Go runtime.
					if !strings.HasSuffix(src, "/") || strings.TrimSuffix(c.dst, "/") != imageRoot+"/build" {
						t.Errorf("line %d: COPY --from=%s %s %s: copy the directory the build stage gathers the built files in to %s/build/", in.line, c.from, src, c.dst, imageRoot)
						continue
					}
					for _, f := range gathered(t, build, src) {
						if !slices.Contains(imageFiles, f) {
							t.Errorf("line %d: %s is not one of the built files %v", in.line, f, imageFiles)
						}
						copied[f] = true
					}
				case c.from != "":
					t.Errorf("line %d: COPY --from=%s: not a stage of this file", in.line, c.from)
				default:
					rel := strings.TrimSuffix(src, "/")
					if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
						t.Errorf("line %d: COPY %s: %v", in.line, src, err)
					}
					if ignored(ignore, rel) {
						t.Errorf("line %d: COPY %s: .dockerignore leaves it out of the context", in.line, src)
					}
					if want := imageRoot + "/" + rel; strings.TrimSuffix(c.dst, "/") != want {
						t.Errorf("line %d: COPY %s to %s, want %s (the repository's layout)", in.line, src, c.dst, want)
					}
					copied[rel] = true
				}
			}
		}
		for _, f := range append([]string{"fluent-bit", "docker/loggen/parsers.conf"}, imageFiles...) {
			if !copied[f] {
				t.Errorf("the image lacks %s/%s", imageRoot, f)
			}
		}
	})

	t.Run("the build stage builds what is copied", func(t *testing.T) {
		runs := ""
		for _, in := range build.all("RUN") {
			runs += in.args + "\n"
		}
		if !strings.Contains(runs, "make build") || !strings.Contains(runs, "./loggen ./healthcheck") {
			t.Errorf("the build stage runs %q: want make build and go build ./loggen ./healthcheck", runs)
		}
		makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
		if err != nil {
			t.Fatal(err)
		}
		for _, def := range []string{"BUILD     := build", "FILTER    := $(BUILD)/flb-filter_anomaly.so", "SO        := $(BUILD)/anomaly.so",
			"ln -sf $(notdir $(FILTER)) $(SO)", "BIN       := $(BUILD)/anomaly"} {
			if !strings.Contains(string(makefile), def) {
				t.Errorf("the Makefile no longer says %q, which the image relies on", def)
			}
		}
		for _, pkg := range []string{"loggen", "healthcheck"} {
			if _, err := os.Stat(filepath.Join(root, "docker", pkg, "main.go")); err != nil {
				t.Error(err)
			}
		}
		// Sources the build needs must reach the context.
		for _, p := range []string{"go.mod", "go.sum", "Makefile", "plugin/main.go", "config/config.go", "forest/forest.go", "docker/go.mod", "docker/loggen/main.go", "docker/healthcheck/main.go"} {
			if ignored(ignore, p) {
				t.Errorf(".dockerignore leaves out %s, which the build needs", p)
			}
		}
	})

	t.Run("runs Fluent Bit on a configuration in the image", func(t *testing.T) {
		entry, cmd := final.all("ENTRYPOINT"), final.all("CMD")
		if len(entry) != 1 || len(cmd) != 1 {
			t.Fatalf("want one ENTRYPOINT and one CMD, got %d and %d", len(entry), len(cmd))
		}
		if got := execForm(t, entry[0]); !slices.Equal(got, []string{"/fluent-bit/bin/fluent-bit"}) {
			t.Errorf("ENTRYPOINT %q, want the official image's Fluent Bit", got)
		}
		args := execForm(t, cmd[0])
		if len(args) != 2 || args[0] != "-c" || !inImage(t, root, args[1]) {
			t.Errorf("CMD %q: want -c and a configuration the image holds", args)
		}
	})
}
