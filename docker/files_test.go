package docker

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// docSeparator splits a YAML stream into documents.
var docSeparator = regexp.MustCompile(`(?m)^---\s*$`)

// yamlDocuments returns the documents of a YAML file as JSON, refusing duplicate keys.
func yamlDocuments(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i, doc := range docSeparator.Split(string(data), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		j, err := yaml.YAMLToJSONStrict([]byte(doc))
		if err != nil {
			t.Fatalf("%s: document %d: %v", path, i+1, err)
		}
		out = append(out, j)
	}
	return out
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// readYAML decodes a one-document YAML file into v.
func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	docs := yamlDocuments(t, path)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", path, len(docs))
	}
	if err := json.Unmarshal(docs[0], v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// shippedFiles lists the files with one of the extensions under docker/ and fluent-bit/.
func shippedFiles(t *testing.T, root string, exts ...string) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"docker", "fluent-bit"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			for _, ext := range exts {
				if !d.IsDir() && strings.HasSuffix(path, ext) {
					out = append(out, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestEveryYAMLAndJSONFileParses(t *testing.T) {
	root := repoRoot(t)
	files := shippedFiles(t, root, ".yaml", ".yml", ".json", ".ndjson")
	if len(files) < 15 {
		t.Fatalf("found only %d files: %v", len(files), files)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			switch filepath.Ext(path) {
			case ".yaml", ".yml":
				if len(yamlDocuments(t, path)) == 0 {
					t.Fatal("no document")
				}
			case ".json":
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					t.Fatal(err)
				}
			case ".ndjson":
				for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
					var v map[string]any
					if err := json.Unmarshal(line, &v); err != nil {
						t.Fatalf("line %d: %v", i+1, err)
					}
				}
			}
		})
	}
}
