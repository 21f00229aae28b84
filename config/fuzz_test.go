package config

import (
	"strings"
	"testing"
)

// Any value for any key either parses into a usable configuration or yields an error
// that names the key; it never panics.
func FuzzParse(f *testing.F) {
	for _, k := range Keys {
		f.Add(k.Name, k.Default)
	}
	for _, seed := range [][2]string{
		{"trees", "1e9"}, {"contamination", "50%"}, {"contamination", "-0"}, {"forward_address", "tcp://[::1]:24224"},
		{"forward_address", "unix://"}, {"retrain_interval", "1e300"}, {"forward_ack_timeout", "-5s"},
		{"features", ",,,"}, {"seed", "-2147483649"}, {"warmup", "\x00"}, {"state_dir", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		if strings.EqualFold(key, "state_dir") || strings.EqualFold(key, "model_file") ||
			strings.HasPrefix(strings.ToLower(key), "forward_tls_") {
			// These touch the file system; their checks have their own tests.
			return
		}
		c, err := Parse(MapLookup(map[string]string{key: value}))
		if err != nil {
			if !strings.Contains(err.Error(), strings.ToLower(strings.TrimSpace(key))) && !strings.Contains(err.Error(), "must") {
				t.Fatalf("error %q does not name the key %q", err, key)
			}
			return
		}
		if c.Trees < 1 || c.SampleSize < 2 || c.Warmup > c.Window || c.Contamination < 0 || c.Contamination > 0.5 ||
			c.MaxFrameBytes < MinFrameBytes || c.MaxFrameBytes > MaxFrameBytes || c.AckTimeout <= 0 || len(c.Features) == 0 {
			t.Fatalf("%s=%q accepted into an unusable configuration %+v", key, value, c)
		}
	})
}
