package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	c, err := Parse(MapLookup(nil))
	if err != nil {
		t.Fatalf("Parse of an empty section: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"sink", c.Sink, SinkStdout},
		{"trees", c.Trees, 100},
		{"sample_size", c.SampleSize, 256},
		{"contamination", c.Contamination, 0.0},
		{"warmup", c.Warmup, 64},
		{"window", c.Window, 4096},
		{"ack timeout", c.AckTimeout, 3 * time.Second},
		{"frame", c.MaxFrameBytes, 64 << 10},
		{"group_by", c.GroupBy, ""},
		{"message_key", c.MessageKey, ""},
		{"annotation_key", c.AnnotationKey, "anomaly"},
		{"refit_mode", c.RefitMode, RefitBackground},
		{"features", strings.Join(c.Features, ","), "all"},
		{"tls_verify", c.TLSVerify, true},
		{"metrics_address", c.MetricsAddress, ""},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestEveryKeyIsDocumentedOnce(t *testing.T) {
	seen := map[string]bool{}
	core := []string{"host", "port", "tls", "net.", "workers", "match", "retry_limit", "log_level", "alias"}
	for _, k := range Keys {
		if seen[k.Name] {
			t.Errorf("key %q listed twice", k.Name)
		}
		seen[k.Name] = true
		for _, c := range core {
			if k.Name == c || (strings.HasSuffix(c, ".") && strings.HasPrefix(k.Name, c)) || (c == "tls" && strings.HasPrefix(k.Name, "tls")) {
				t.Errorf("key %q collides with Fluent Bit core key %q", k.Name, c)
			}
		}
		if k.Help == "" {
			t.Errorf("key %q has no help text", k.Name)
		}
	}
	// Every key Parse reads must be documented: record the lookups of a full parse.
	var read []string
	Parse(func(key string) string { read = append(read, key); return "" })
	for _, k := range read {
		if !seen[k] {
			t.Errorf("Parse reads %q, which Keys does not document", k)
		}
	}
	if len(read) != len(Keys) {
		t.Errorf("Parse reads %d keys, Keys documents %d", len(read), len(Keys))
	}
}

func TestValues(t *testing.T) {
	dir := t.TempDir()
	c, err := Parse(MapLookup(map[string]string{
		"Forward_Address":  "unix:///run/fb/anomaly.sock",
		"contamination":    "5%",
		"retrain_interval": "90",
		"group_by":         "kubernetes.container_name",
		"features":         "level, length",
		"flatten":          "on",
		"state_dir":        filepath.Join(dir, "state"),
		"refit_mode":       "SYNC",
		"message_key":      "auto",
		"metrics_address":  "127.0.0.1:2021",
		"event_keys":       "tenant, kubernetes.labels.app",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sink != SinkUnix || c.ForwardPath != "/run/fb/anomaly.sock" {
		t.Errorf("unix address parsed as %q %q", c.Sink, c.ForwardPath)
	}
	if c.Contamination != 0.05 {
		t.Errorf("contamination 5%% parsed as %g", c.Contamination)
	}
	if c.RetrainInterval != 90*time.Second {
		t.Errorf("bare seconds parsed as %v", c.RetrainInterval)
	}
	if c.GroupBy != "kubernetes.container_name" || !c.Flatten || c.RefitMode != RefitSynchronous || c.MessageKey != "" {
		t.Errorf("unexpected config %+v", c)
	}
	if c.MetricsAddress != "127.0.0.1:2021" || !strings.Contains(c.Redacted(), "metrics_address=127.0.0.1:2021") {
		t.Errorf("metrics_address parsed as %q, logged as %q", c.MetricsAddress, c.Redacted())
	}
	if strings.Join(c.EventKeys, "|") != "tenant|kubernetes.labels.app" || !strings.Contains(c.Redacted(), "event_keys=tenant,kubernetes.labels.app") {
		t.Errorf("event_keys parsed as %q, logged as %q", c.EventKeys, c.Redacted())
	}
	if _, err := Parse(MapLookup(map[string]string{"level_key": "severity", "event_keys": "tenant,severity"})); err == nil || !strings.Contains(err.Error(), `event_keys must not name message_key or level_key, got "severity"`) {
		t.Errorf("an event key that is the level key: %v", err)
	}
	if strings.Join(c.Features, ",") != "level,length" {
		t.Errorf("features parsed as %q", c.Features)
	}
	if st, err := os.Stat(c.StateDir); err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 {
		t.Errorf("state_dir not created with mode 0700: %v %v", st, err)
	}
}

func TestErrorsNameKeyValueAndWhatIsAccepted(t *testing.T) {
	cases := []struct {
		key, value, want string
	}{
		{"trees", "0", "trees must be an integer in [1, 1000], got \"0\""},
		{"trees", "many", "trees must be an integer in [1, 1000], got \"many\""},
		{"contamination", "0.7", "contamination must be auto or a rate in (0, 0.5], got \"0.7\""},
		{"contamination", "NaN", "contamination must be auto or a rate in (0, 0.5], got \"NaN\""},
		{"forward_address", "localhost:24224", "forward_address must be unix:///absolute/path.sock, tcp://host:port or stdout, got \"localhost:24224\""},
		{"forward_address", "tcp://host:99999", "forward_address must be unix:///absolute/path.sock, tcp://host:port or stdout"},
		{"forward_address", "unix://relative.sock", "forward_address must be unix:///absolute/path.sock"},
		{"forward_ack_timeout", "soon", "forward_ack_timeout must be a duration"},
		{"forward_tls", "maybe", "forward_tls must be on or off"},
		{"refit_mode", "later", "refit_mode must be one of background, sync, got \"later\""},
		{"forward_max_frame_bytes", "10000000", "forward_max_frame_bytes must be an integer in [65536, 6000000]"},
		{"model_file", "/nonexistent/model.bin", "model_file must name a readable file, got \"/nonexistent/model.bin\""},
		{"features", " , ", "features must list at least one feature"},
		{"features", "level,bogus", "features must be all or a list of level, length, tokens, rarity, novelty, burst, error_burst, numeric, alarm, gap, got \"level,bogus\" (\"bogus\" is none of them)"},
		{"warmup", "5000", "warmup must not exceed window (4096), got 5000"},
		{"annotation_key", " ", ""}, // blank means default, not an error
		{"metrics_address", "2021", "metrics_address must be host:port with a port in [1, 65535], such as 127.0.0.1:2021 or :2021, got \"2021\""},
		{"metrics_address", "127.0.0.1:0", "metrics_address must be host:port with a port in [1, 65535]"},
		{"metrics_address", "http://127.0.0.1:2021", "metrics_address must be host:port"},
		{"metrics_address", ":2021", ""},
		{"event_keys", "a,b,c,d,e", "event_keys must be at most 4 distinct key paths, each a record key path or body:, metadata:, group:, resource: or scope: followed by one (at most 4 keys), got \"a,b,c,d,e\""},
		{"event_keys", "tenant, tenant", "event_keys must be at most 4 distinct key paths, each a record key path or body:, metadata:, group:, resource: or scope: followed by one (tenant named twice)"},
		{"event_keys", "resource:", "(resource:: a prefix needs a key after it)"},
		{"event_keys", "tenant, kubernetes.labels.app", ""},
		{"metrics_address", "[::1]:2021", ""},
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			_, err := Parse(MapLookup(map[string]string{tc.key: tc.value}))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestAllProblemsReportedAtOnce(t *testing.T) {
	_, err := Parse(MapLookup(map[string]string{"trees": "-1", "sample_size": "1", "forward_tls": "on"}))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 problems, one per line, got %d: %v", len(lines), err)
	}
}

func TestRedactedHidesSecrets(t *testing.T) {
	c, err := Parse(MapLookup(map[string]string{
		"forward_address":    "tcp://127.0.0.1:24224",
		"forward_shared_key": "s3cr3t",
		"forward_username":   "u",
		"forward_password":   "hunter2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Redacted()
	if strings.Contains(r, "s3cr3t") || strings.Contains(r, "hunter2") {
		t.Fatalf("secret in %q", r)
	}
	if !strings.Contains(r, "forward_shared_key=<redacted>") {
		t.Fatalf("redaction marker missing in %q", r)
	}
}

func TestFilterRefusesForwardKeys(t *testing.T) {
	c, err := ParseFor(Filter, MapLookup(map[string]string{"trees": "50"}))
	if err != nil || c.Mode != Filter || c.Trees != 50 {
		t.Fatalf("ParseFor(Filter) = %+v, %v", c, err)
	}
	if strings.Contains(c.Redacted(), "forward_") {
		t.Errorf("a filter's effective configuration lists forward keys: %s", c.Redacted())
	}
	_, err = ParseFor(Filter, MapLookup(map[string]string{"forward_address": "tcp://127.0.0.1:24224", "forward_tls": "on"}))
	if err == nil {
		t.Fatal("a filter with forward_address parsed")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		`forward_address applies to [OUTPUT] anomaly only: a filter hands its records back to Fluent Bit, got "tcp://127.0.0.1:24224"`,
		`forward_tls applies to [OUTPUT] anomaly only: a filter hands its records back to Fluent Bit, got "on"`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

func TestCheckNames(t *testing.T) {
	if err := CheckNames([]string{"Trees", "contamination", "active", "Name"}); err != nil {
		t.Errorf("known keys refused: %v", err)
	}
	err := CheckNames([]string{"contamnation", "trees", "wibble", "GROUPBY"})
	if err == nil {
		t.Fatal("misspelt keys accepted")
	}
	want := []string{
		`unknown key "contamnation" (did you mean contamination?); ` + "`anomaly keys`" + ` lists the keys`,
		`unknown key "wibble"; ` + "`anomaly keys`" + ` lists the keys`,
		`unknown key "GROUPBY" (did you mean group_by?); ` + "`anomaly keys`" + ` lists the keys`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	// A YAML list sets its key once for each item; a list key takes them all.
	if err := CheckNames([]string{"features", "Features", "event_keys", "event_keys", "trees"}); err != nil {
		t.Errorf("list keys set twice refused: %v", err)
	}
	err = CheckNames([]string{"trees", "seed", "Trees", "trees"})
	if want := "trees is set 3 times: set it once (only features and event_keys take a list, or several values)"; err == nil || err.Error() != want {
		t.Errorf("a key set three times: %v, want %q", err, want)
	}
}

func TestPropertiesLookup(t *testing.T) {
	lookup := PropertiesLookup([]Property{{"event_keys", "tenant"}, {"Trees", "20"}, {"EVENT_KEYS", "kubernetes.namespace_name"}})
	c, err := ParseFor(Filter, lookup)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.EventKeys, "|") != "tenant|kubernetes.namespace_name" || c.Trees != 20 {
		t.Errorf("event_keys %q, trees %d", c.EventKeys, c.Trees)
	}
}
