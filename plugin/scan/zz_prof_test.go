package scan

import (
	"io"
	"os"
	"testing"
)

func TestZZProfScan(t *testing.T) {
	p := os.Getenv("SCANFILE")
	if p == "" {
		t.Skip()
	}
	f, _ := os.Open(p)
	defer f.Close()
	if _, err := Run(f, io.Discard, Options{Config: defaultConfig(t), Format: FormatJSON}); err != nil {
		t.Fatal(err)
	}
}
