// Package config turns the key/value properties of a [FILTER] or [OUTPUT] anomaly section
// (or a processor entry) into a typed, validated Config.
//
// The plugin registers no config map with Fluent Bit (its layout differs between Fluent Bit
// releases), so nothing upstream checks our keys: Parse is the only gate, and CheckNames
// catches misspelt keys. It applies a documented default to every key left unset, rejects
// any value it cannot use with a message of the form `<key> must be <what is accepted>, got
// <value>`, and reports every problem at once so one restart fixes the file.
//
// No key reuses a name Fluent Bit's core takes for itself (host, port, tls*, net.*,
// workers, match, retry_limit, log_level, alias): the core would consume it first.
package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/features"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// Lookup returns the raw value of a property, or "" when it is unset. In the plugin it is a
// closure over Fluent Bit's property API; tests pass a map.
type Lookup func(key string) string

// MapLookup adapts a map to Lookup, with keys matched case-insensitively as Fluent Bit does.
func MapLookup(m map[string]string) Lookup {
	lower := make(map[string]string, len(m))
	for k, v := range m {
		lower[strings.ToLower(k)] = v
	}
	return func(key string) string { return lower[strings.ToLower(key)] }
}

// Property is a key and a value of a section, as Fluent Bit keeps a filter's: a key set
// twice, or once for each item of a YAML list (`features: [level, length]`), comes once
// for each value.
type Property struct{ Key, Value string }

// PropertiesLookup adapts a section's properties to Lookup: a list key's values
// (listKeys) joined by commas, so that a YAML list reads as the list written out; a key
// set more than once that is no list reads as its values joined too, and CheckNames
// refuses it.
func PropertiesLookup(props []Property) Lookup {
	values := map[string][]string{}
	for _, p := range props {
		k := strings.ToLower(p.Key)
		values[k] = append(values[k], p.Value)
	}
	return func(key string) string { return strings.Join(values[strings.ToLower(key)], ",") }
}

// listKeys are the keys whose value is a list: they may be set several times, each
// value items of the list.
var listKeys = []string{"features", "event_keys"}

// Sink kinds selected by forward_address.
const (
	SinkStdout = "stdout"
	SinkUnix   = "unix"
	SinkTCP    = "tcp"
)

// Refit modes.
const (
	RefitBackground  = "background"
	RefitSynchronous = "sync"
)

// Hard ceilings: values above them are refused rather than clamped, because each implies
// memory or time the operator should choose deliberately.
const (
	MaxTrees        = 1000
	MaxSampleSize   = 65536
	MaxWindow       = 1 << 20
	MaxStreams      = 1 << 20
	MaxTemplates    = 1 << 20
	MaxFrameBytes   = 6_000_000 // in_forward's default buffer_max_size rejects larger frames
	MinFrameBytes   = 64 << 10
	MaxAckTimeout   = time.Hour
	MaxWarmup       = MaxWindow
	MaxRetrainEvery = 1 << 30
)

// Mode is how an instance runs inside Fluent Bit.
type Mode int

const (
	// Output is an [OUTPUT] anomaly section: it re-emits annotated records over the
	// Forward protocol or as JSON lines (forward_address).
	Output Mode = iota
	// Filter is a [FILTER] anomaly section or an anomaly processor: it hands annotated
	// records back to Fluent Bit in place, so the forward_* keys mean nothing there.
	Filter
)

// IsFilter reports whether the instance hands records back to Fluent Bit.
func (m Mode) IsFilter() bool { return m == Filter }

// String names the mode as Fluent Bit's configuration does.
func (m Mode) String() string {
	if m == Filter {
		return "filter"
	}
	return "output"
}

// Config is the effective configuration of one anomaly instance.
type Config struct {
	// Mode is how the instance runs; ParseFor sets it.
	Mode Mode

	// Where annotated records go.
	ForwardAddress   string // "stdout", "unix:///path" or "tcp://host:port"
	Sink             string // SinkStdout, SinkUnix or SinkTCP, derived from ForwardAddress
	ForwardPath      string // socket path (unix) or host:port (tcp)
	ForwardTagPrefix string
	SharedKey        string
	SelfHostname     string
	Username         string
	Password         string
	TLS              bool
	TLSVerify        bool
	TLSCAFile        string
	TLSCertFile      string
	TLSKeyFile       string
	TLSServerName    string
	DialTimeout      time.Duration
	AckTimeout       time.Duration
	MaxFrameBytes    int

	// What is read from each record. Empty keys mean auto-detection.
	MessageKey string
	LevelKey   string
	// GroupBy names the stream a record belongs to: "" (the tag) or a record key path such
	// as "kubernetes.container_name", which may be pinned to where it is looked up
	// ("resource:service.name", see record.Reader).
	GroupBy string
	// EventKeys are record key paths whose values always name a record's event, as a
	// status does (see record.Reader); none by default.
	EventKeys  []string
	MaxStreams int

	// The model.
	Trees           int
	SampleSize      int
	Contamination   float64 // 0 means "auto": threshold 0.5
	Seed            int64
	Warmup          int
	Window          int
	RetrainEvery    int
	RetrainInterval time.Duration
	RefitMode       string
	MaxTemplates    int
	Features        []string // feature names (package features), lower case
	ModelFile       string

	// The annotation.
	AnnotationKey string
	Flatten       bool

	// Persistence.
	StateDir      string
	StateInterval time.Duration

	// MetricsAddress is where the process serves Prometheus metrics, host:port; empty
	// means off.
	MetricsAddress string
}

// Key describes one configuration key for documentation and validation messages.
type Key struct {
	Name    string
	Default string
	Help    string
}

// OutputOnly reports whether the key configures forwarding, which only the output does.
func (k Key) OutputOnly() bool { return strings.HasPrefix(k.Name, "forward_") }

// DefaultFeatures is the feature list used when `features` is unset.
const DefaultFeatures = features.FeaturesAll

// Keys lists every key the plugin reads, in the order the README documents them.
var Keys = []Key{
	{"forward_address", "stdout", "where annotated records go: `unix:///path/to.sock` or `tcp://host:port` (Forward protocol, acknowledged), or `stdout` (JSON lines)"},
	{"forward_tag_prefix", "", "prepended to the tag of re-emitted records (in_forward's `tag_prefix` does the same on the receiving side)"},
	{"forward_shared_key", "", "shared key for the Forward handshake; must match the receiver's `shared_key`"},
	{"forward_self_hostname", "the host name", "host name sent in the handshake"},
	{"forward_username", "", "user name for the Forward handshake (receiver `security.users`)"},
	{"forward_password", "", "password for the Forward handshake"},
	{"forward_tls", "off", "TLS for a tcp:// destination"},
	{"forward_tls_verify", "on", "verify the receiver's certificate"},
	{"forward_tls_ca_file", "", "CA bundle to verify the receiver (system roots when empty)"},
	{"forward_tls_crt_file", "", "client certificate (PEM) for mutual TLS"},
	{"forward_tls_key_file", "", "client key (PEM) for mutual TLS"},
	{"forward_tls_server_name", "", "server name to verify (defaults to the host of forward_address)"},
	{"forward_connect_timeout", "2s", "bound on connecting and on the handshake"},
	{"forward_ack_timeout", "3s", "bound on waiting for the receiver's acks, redials after a receiver that closed the connection included; then the chunk is retried. Keep it below Fluent Bit's `Grace` (5 s by default) so shutdowns never hang"},
	{"forward_max_frame_bytes", "65536", "largest Forward frame; chunks are split at record boundaries below it (64 KiB to 6,000,000). Keep it far below the receiver's `Mem_Buf_Limit`: an in_forward takes a frame whole, pauses once over its limit and may lose the ack of the frame that crossed it, which a retry then delivers twice (one frame per pause at most), and below its `Buffer_Max_Size` (6,144,000 by default), beyond which it drops the frame. A Fluent Bit chunk (about 2 MB at most, twice that once annotated) goes out in several frames, and its retry sends only the frames not acknowledged"},
	{"message_key", "auto", "record key holding the log message; `auto` tries log, message, msg, MESSAGE, and JSON embedded in log"},
	{"level_key", "auto", "record key holding the level; `auto` tries level, severity, lvl, loglevel, log.level, PRIORITY, then an OpenTelemetry record's otlp.severity_number or severity_text (metadata), then level words in the message, then an HTTP status (5xx error, 4xx warning)"},
	{"group_by", "tag", "one model per value of this: `tag`, or a record key path such as `kubernetes.container_name`, looked up in the record, then (OpenTelemetry logs) in the attributes of the log record, of its scope and of its resource, so `service.name` names the service. A prefix pins the place: `body:`, `metadata:` (the event's metadata, e.g. `metadata:otlp.attributes.http.route`), `group:` (the group header's attributes, e.g. `group:scope.name`), `resource:` or `scope:` (OpenTelemetry resource or scope attributes, e.g. `resource:service.name`). A record without the key goes to the tag's model"},
	{"event_keys", "", "comma-separated record key paths (at most 4, looked up as `group_by`'s) whose values always name the record's event, beside those found automatically: each value, text, number or boolean, taken whole, is a category of its template (new, rare or bursting as an event; the record's numbers judged within it), with up to 64 values, as an HTTP status; never a quantity. For keys the records carry that are not found by themselves: nested (`kubernetes.labels.app`), numbers that name things (`error_code`), or beyond the six text fields kept of a record; a record without the key has it read from its message's first `key=value` pair of that name (logfmt, klog: `tenant=acme`, `pod=\"ns/name\"`)"},
	{"max_streams", "100", "most streams (models) kept, each about 1.2 MB at the default window and trees; the least recently used is evicted beyond it"},
	{"trees", "100", "trees per forest (1 to 1000)"},
	{"sample_size", "256", "rows sampled per tree (2 to 65536)"},
	{"contamination", "auto", "`auto`: flag incidents (an adaptive threshold, the onset and continuation rules of How a record is scored), or the expected anomaly rate in (0, 0.5]: flag the top share of the stream's recent scores"},
	{"seed", "1", "random seed: the same input and seed give the same annotations, in every mode"},
	{"warmup", "64", "records a stream sees before its first model; earlier records are marked `learning`"},
	{"window", "4096", "most recent records per stream kept for refits"},
	{"retrain_every", "4096", "refit after this many new records once the window is full"},
	{"retrain_interval", "10m", "also refit after this much event time (0 turns it off)"},
	{"refit_mode", "background", "`background`: fits run beside scoring and each model takes effect 1024 records after its fit started, so results never depend on timing; `sync`: fits run inline (the first fit is always inline)"},
	{"max_templates", "2000", "most log templates kept per stream; the least recently used is evicted beyond it"},
	{"features", DefaultFeatures, "comma-separated features to use, or `all`; `level,length` reproduces the original proof of concept"},
	{"model_file", "", "a model written by `anomaly train`, loaded at start so scoring starts at once"},
	{"annotation_key", "anomaly", "key of the annotation map added to each record"},
	{"flatten", "off", "write `<annotation_key>_score`, `<annotation_key>_flag`, ... as top-level keys instead of a map"},
	{"state_dir", "", "directory where models and templates are saved at exit and every state_interval, and restored at start (off when empty)"},
	{"state_interval", "60s", "how often state is saved while running (0 saves only at exit)"},
	{"metrics_address", "", "serve Prometheus metrics at http://ADDRESS/metrics, e.g. `127.0.0.1:2021` (off when empty); one endpoint per Fluent Bit process, shared by its anomaly outputs, which must name the same address"},
}

// Parse reads an output's keys through lookup (ParseFor(Output, lookup)). anomaly scan and
// anomaly train use it too: their records go to standard output as an output's would.
func Parse(lookup Lookup) (Config, error) { return ParseFor(Output, lookup) }

// ParseFor reads every key through lookup, applies defaults and validates for an instance
// running in mode. The error joins every problem found, one per line. A filter refuses
// the forward_* keys: they would silently do nothing there.
func ParseFor(mode Mode, lookup Lookup) (Config, error) {
	p := parser{lookup: lookup}
	c := Config{Mode: mode}
	if mode == Filter {
		for _, k := range Keys {
			if k.OutputOnly() && p.raw(k.Name) != "" {
				p.fail("%s applies to [OUTPUT] anomaly only: a filter hands its records back to Fluent Bit, got %q", k.Name, p.raw(k.Name))
			}
		}
	}

	if mode == Output {
		c.ForwardAddress = p.str("forward_address", "stdout")
		c.Sink, c.ForwardPath = p.address("forward_address", c.ForwardAddress)
		c.ForwardTagPrefix = p.str("forward_tag_prefix", "")
		c.SharedKey = p.str("forward_shared_key", "")
		host, _ := os.Hostname()
		c.SelfHostname = p.str("forward_self_hostname", host)
		c.Username = p.str("forward_username", "")
		c.Password = p.str("forward_password", "")
		c.TLS = p.boolean("forward_tls", false)
		c.TLSVerify = p.boolean("forward_tls_verify", true)
		c.TLSCAFile = p.file("forward_tls_ca_file")
		c.TLSCertFile = p.file("forward_tls_crt_file")
		c.TLSKeyFile = p.file("forward_tls_key_file")
		c.TLSServerName = p.str("forward_tls_server_name", "")
		c.DialTimeout = p.duration("forward_connect_timeout", 2*time.Second, time.Millisecond, MaxAckTimeout)
		c.AckTimeout = p.duration("forward_ack_timeout", 3*time.Second, time.Millisecond, MaxAckTimeout)
		c.MaxFrameBytes = p.integer("forward_max_frame_bytes", 64<<10, MinFrameBytes, MaxFrameBytes)
	}

	c.MessageKey = p.auto("message_key")
	c.LevelKey = p.auto("level_key")
	c.GroupBy = p.str("group_by", "tag")
	if strings.EqualFold(c.GroupBy, "tag") {
		c.GroupBy = ""
	}
	if err := record.CheckKeyPath(c.GroupBy); err != nil {
		p.fail("group_by must be tag, a record key path, or body:, metadata:, group:, resource: or scope: followed by one (%v), got %q", err, c.GroupBy)
	}
	c.EventKeys = splitList(p.raw("event_keys"))
	if err := record.CheckEventKeys(c.EventKeys); err != nil {
		p.fail("event_keys must be at most 4 distinct key paths, each a record key path or body:, metadata:, group:, resource: or scope: followed by one (%v), got %q", err, p.raw("event_keys"))
	}
	for _, k := range c.EventKeys {
		if k == c.MessageKey || k == c.LevelKey {
			p.fail("event_keys must not name message_key or level_key, got %q", k)
		}
	}
	c.MaxStreams = p.integer("max_streams", 100, 1, MaxStreams)

	c.Trees = p.integer("trees", 100, 1, MaxTrees)
	c.SampleSize = p.integer("sample_size", 256, 2, MaxSampleSize)
	c.Contamination = p.contamination("contamination")
	c.Seed = int64(p.integer("seed", 1, math.MinInt32, math.MaxInt32))
	c.Warmup = p.integer("warmup", 64, 2, MaxWarmup)
	c.Window = p.integer("window", 4096, 2, MaxWindow)
	c.RetrainEvery = p.integer("retrain_every", 4096, 1, MaxRetrainEvery)
	c.RetrainInterval = p.duration("retrain_interval", 10*time.Minute, 0, 365*24*time.Hour)
	c.RefitMode = p.oneOf("refit_mode", RefitBackground, RefitBackground, RefitSynchronous)
	c.MaxTemplates = p.integer("max_templates", 2000, 1, MaxTemplates)
	c.Features = p.features("features")
	c.ModelFile = p.file("model_file")

	c.AnnotationKey = p.str("annotation_key", "anomaly")
	c.Flatten = p.boolean("flatten", false)

	c.StateDir = p.dir("state_dir")
	c.StateInterval = p.duration("state_interval", time.Minute, 0, 24*time.Hour)

	c.MetricsAddress = p.listenAddress("metrics_address")

	if c.Warmup > c.Window {
		p.fail("warmup must not exceed window (%d), got %d", c.Window, c.Warmup)
	}
	if c.TLS && c.Sink != SinkTCP {
		p.fail("forward_tls needs a tcp:// forward_address, got %q", c.ForwardAddress)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		p.fail("forward_tls_crt_file and forward_tls_key_file must be set together")
	}
	if c.Username != "" && c.SharedKey == "" {
		p.fail("forward_username needs forward_shared_key: user authentication is part of the shared-key handshake")
	}
	if c.AnnotationKey == "" {
		p.fail("annotation_key must not be empty")
	}
	return c, errors.Join(p.errs...)
}

// fluentBitKeys are keys Fluent Bit may leave among a filter's properties although they
// are its own: `active` switches a filter off, `name` names the plugin.
var fluentBitKeys = []string{"name", "active"}

// CheckNames reports every name that is not a key of the plugin, one error each, with the
// closest key when one is near: Fluent Bit checks no key of ours, so a misspelt
// `contamnation 0.1` would otherwise be ignored without a word. Case is ignored, as
// Fluent Bit ignores it. A key named more than once is refused too, unless its value is
// a list (listKeys): Fluent Bit keeps each value, and which one was meant is not known.
func CheckNames(names []string) error {
	var errs []error
	for i, name := range names {
		known := slices.ContainsFunc(Keys, func(k Key) bool { return strings.EqualFold(k.Name, name) }) ||
			slices.ContainsFunc(fluentBitKeys, func(k string) bool { return strings.EqualFold(k, name) })
		if known {
			same := func(n string) bool { return strings.EqualFold(n, name) }
			if !slices.ContainsFunc(listKeys, same) && !slices.ContainsFunc(names[:i], same) {
				if n := countFunc(names, same); n > 1 {
					errs = append(errs, fmt.Errorf("%s is set %d times: set it once (only %s take a list, or several values)", strings.ToLower(name), n, strings.Join(listKeys, " and ")))
				}
			}
			continue
		}
		msg := fmt.Sprintf("unknown key %q", name)
		if near := nearestKey(strings.ToLower(name)); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		errs = append(errs, errors.New(msg+"; `anomaly keys` lists the keys"))
	}
	return errors.Join(errs...)
}

// countFunc returns how many items of s satisfy f.
func countFunc(s []string, f func(string) bool) int {
	n := 0
	for _, v := range s {
		if f(v) {
			n++
		}
	}
	return n
}

// nearestKey returns the key within a third of its length in edits of name, or "".
func nearestKey(name string) string {
	best, bestDist := "", len(name)/3+1
	for _, k := range Keys {
		if d := editDistance(name, k.Name); d < bestDist {
			best, bestDist = k.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Redacted returns the configuration as `key=value` pairs for the start-up log line, with
// secrets replaced.
func (c Config) Redacted() string {
	secret := func(s string) string {
		if s == "" {
			return ""
		}
		return "<redacted>"
	}
	contamination := "auto"
	if c.Contamination > 0 {
		contamination = strconv.FormatFloat(c.Contamination, 'g', -1, 64)
	}
	groupBy := c.GroupBy
	if groupBy == "" {
		groupBy = "tag"
	}
	var fields []string
	if c.Mode == Output {
		fields = append(fields,
			"forward_address="+c.ForwardAddress,
			"forward_tag_prefix="+c.ForwardTagPrefix,
			"forward_shared_key="+secret(c.SharedKey),
			"forward_password="+secret(c.Password),
			"forward_tls="+strconv.FormatBool(c.TLS),
			"forward_ack_timeout="+c.AckTimeout.String())
	}
	fields = append(fields,
		"message_key="+orAuto(c.MessageKey),
		"level_key="+orAuto(c.LevelKey),
		"group_by="+groupBy,
		"event_keys="+strings.Join(c.EventKeys, ","),
		"max_streams="+strconv.Itoa(c.MaxStreams),
		"trees="+strconv.Itoa(c.Trees),
		"sample_size="+strconv.Itoa(c.SampleSize),
		"contamination="+contamination,
		"seed="+strconv.FormatInt(c.Seed, 10),
		"warmup="+strconv.Itoa(c.Warmup),
		"window="+strconv.Itoa(c.Window),
		"retrain_every="+strconv.Itoa(c.RetrainEvery),
		"retrain_interval="+c.RetrainInterval.String(),
		"refit_mode="+c.RefitMode,
		"max_templates="+strconv.Itoa(c.MaxTemplates),
		"features="+strings.Join(c.Features, ","),
		"model_file="+c.ModelFile,
		"annotation_key="+c.AnnotationKey,
		"flatten="+strconv.FormatBool(c.Flatten),
		"state_dir="+c.StateDir,
		"state_interval="+c.StateInterval.String(),
		"metrics_address="+c.MetricsAddress,
	)
	return strings.Join(fields, " ")
}

func orAuto(s string) string {
	if s == "" {
		return "auto"
	}
	return s
}

type parser struct {
	lookup Lookup
	errs   []error
}

func (p *parser) fail(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

func (p *parser) raw(key string) string {
	return strings.TrimSpace(p.lookup(key))
}

func (p *parser) str(key, def string) string {
	if v := p.raw(key); v != "" {
		return v
	}
	return def
}

// auto returns "" for an unset key or the word auto, meaning "detect it".
func (p *parser) auto(key string) string {
	v := p.raw(key)
	if strings.EqualFold(v, "auto") {
		return ""
	}
	return v
}

func (p *parser) integer(key string, def, lo, hi int) int {
	v := p.raw(key)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 10, 64)
	if err != nil || n < int64(lo) || n > int64(hi) {
		p.fail("%s must be an integer in [%d, %d], got %q", key, lo, hi, v)
		return def
	}
	return int(n)
}

func (p *parser) boolean(key string, def bool) bool {
	v := p.raw(key)
	switch strings.ToLower(v) {
	case "":
		return def
	case "on", "true", "yes", "1":
		return true
	case "off", "false", "no", "0":
		return false
	}
	p.fail("%s must be on or off (true/false, yes/no), got %q", key, v)
	return def
}

// duration accepts Go durations ("90s", "1m30s") and, like Fluent Bit, a bare number of
// seconds.
func (p *parser) duration(key string, def, lo, hi time.Duration) time.Duration {
	v := p.raw(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil || math.IsNaN(secs) || math.IsInf(secs, 0) {
			p.fail("%s must be a duration such as 500ms, 30s or 10m (or a number of seconds) in [%v, %v], got %q", key, lo, hi, v)
			return def
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d < lo || d > hi {
		p.fail("%s must be a duration in [%v, %v], got %q", key, lo, hi, v)
		return def
	}
	return d
}

func (p *parser) oneOf(key, def string, accepted ...string) string {
	v := p.raw(key)
	if v == "" {
		return def
	}
	for _, a := range accepted {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	p.fail("%s must be one of %s, got %q", key, strings.Join(accepted, ", "), v)
	return def
}

func (p *parser) contamination(key string) float64 {
	v := p.raw(key)
	if v == "" || strings.EqualFold(v, "auto") {
		return 0
	}
	r, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if err == nil && strings.HasSuffix(v, "%") {
		r /= 100
	}
	if err != nil || !(r > 0 && r <= 0.5) {
		p.fail("%s must be auto or a rate in (0, 0.5], got %q", key, v)
		return 0
	}
	return r
}

// features reads the feature list and checks every name against package features, so a
// misspelt name fails at start with the names accepted.
func (p *parser) features(key string) []string {
	v := p.str(key, DefaultFeatures)
	names := splitList(strings.ToLower(v))
	if len(names) == 0 {
		p.fail("%s must list at least one feature, got %q", key, v)
	}
	for _, name := range names {
		if name != features.FeaturesAll && features.Doc(name) == "" {
			p.fail("%s must be %s or a list of %s, got %q (%q is none of them)", key, features.FeaturesAll, strings.Join(features.Names(), ", "), p.str(key, DefaultFeatures), name)
			break
		}
	}
	return names
}

// splitList returns the items of a list separated by commas or spaces; nil for none.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

// file checks that a configured file exists and is readable when set.
func (p *parser) file(key string) string {
	v := p.raw(key)
	if v == "" {
		return ""
	}
	f, err := os.Open(v)
	if err != nil {
		p.fail("%s must name a readable file, got %q (%v)", key, v, unwrapPathError(err))
		return v
	}
	f.Close()
	return v
}

// dir checks a state directory: absolute or relative path, created when missing, and
// writable, so a bad path fails at start instead of at the first save.
func (p *parser) dir(key string) string {
	v := p.raw(key)
	if v == "" {
		return ""
	}
	clean := filepath.Clean(v)
	if err := os.MkdirAll(clean, 0o700); err != nil {
		p.fail("%s must be a writable directory, got %q (%v)", key, v, unwrapPathError(err))
		return clean
	}
	probe, err := os.CreateTemp(clean, ".probe-*")
	if err != nil {
		p.fail("%s must be a writable directory, got %q (%v)", key, v, unwrapPathError(err))
		return clean
	}
	probe.Close()
	os.Remove(probe.Name())
	return clean
}

func (p *parser) address(key, v string) (sink, target string) {
	switch {
	case strings.EqualFold(v, "stdout"):
		return SinkStdout, ""
	case strings.HasPrefix(v, "unix://"):
		path := strings.TrimPrefix(v, "unix://")
		if path == "" || !filepath.IsAbs(path) {
			p.fail("%s must be unix:///absolute/path.sock, tcp://host:port or stdout, got %q", key, v)
		}
		return SinkUnix, path
	case strings.HasPrefix(v, "tcp://"):
		hostport := strings.TrimPrefix(v, "tcp://")
		host, port, err := net.SplitHostPort(hostport)
		n, perr := strconv.Atoi(port)
		if err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
			p.fail("%s must be unix:///absolute/path.sock, tcp://host:port or stdout, got %q", key, v)
		}
		return SinkTCP, hostport
	}
	p.fail("%s must be unix:///absolute/path.sock, tcp://host:port or stdout, got %q", key, v)
	return SinkStdout, ""
}

// listenAddress checks a host:port to listen on; the host may be empty (all interfaces).
// Port 0 is refused: a port chosen at random could not be scraped.
func (p *parser) listenAddress(key string) string {
	v := p.raw(key)
	if v == "" {
		return ""
	}
	_, port, err := net.SplitHostPort(v)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 1 || n > 65535 {
		p.fail("%s must be host:port with a port in [1, 65535], such as 127.0.0.1:2021 or :2021, got %q", key, v)
		return ""
	}
	return v
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
