package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/health" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer healthy.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "error", http.StatusInternalServerError)
	}))
	defer failing.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/api/v1/health"
	ln.Close()

	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"healthy", []string{healthy.URL + "/api/v1/health"}, 0, ""},
		{"health check off", []string{healthy.URL + "/"}, 1, "404 Not Found"},
		{"unhealthy", []string{failing.URL + "/api/v1/health"}, 1, "500 Internal Server Error: error"},
		{"nothing listens", []string{closed}, 1, "connection refused"},
		{"no URL", nil, 2, "usage"},
		{"bad URL", []string{"http://[::1"}, 2, "healthcheck:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(c.args, &stderr); code != c.code || !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), c.code, c.stderr)
			}
		})
	}
}
