package config

import (
	"os"
	"strings"
	"testing"
)

// The README's configuration table is the users' reference: every key must be in it.
func TestREADMEDocumentsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatalf("reading README.md: %v", err)
	}
	for _, k := range Keys {
		if !strings.Contains(string(readme), "| `"+k.Name+"` |") {
			t.Errorf("README.md has no row for %s", k.Name)
		}
	}
}
