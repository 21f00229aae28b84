package docker

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// flaggedRecords scores fluent-bit/logs/app.log as fluent-bit/alerting.conf does (the
// level_line parser, message_key message, level_key level) and returns the flagged
// records as Fluent Bit's lua filter would see them, with their event times.
func flaggedRecords(t *testing.T, root string) ([]map[string]any, []time.Time) {
	t.Helper()
	levelLine := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([A-Z]+) (.*)$`)
	f, err := os.Open(filepath.Join(root, "fluent-bit/logs/app.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var data []byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := levelLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05", m[1])
		if err != nil {
			t.Fatal(err)
		}
		data = chunk.AppendArrayHeader(data, 2)
		data = chunk.AppendArrayHeader(data, 2)
		data = chunk.AppendEventTime(data, uint32(at.Unix()), 0)
		data = chunk.AppendMapHeader(data, 0)
		data = chunk.AppendMapHeader(data, 2)
		data = chunk.AppendString(chunk.AppendString(data, "level"), m[2])
		data = chunk.AppendString(chunk.AppendString(data, "message"), m[3])
	}
	cfg, err := config.Parse(config.MapLookup(map[string]string{"message_key": "message", "level_key": "level"}))
	if err != nil {
		t.Fatal(err)
	}
	sink := &bodies{}
	e, err := engine.NewWithSink(cfg, sink, quietLog{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Flush("app.demo", data); err != nil {
		t.Fatal(err)
	}
	e.Close()
	var records []map[string]any
	var times []time.Time
	for i, r := range sink.records {
		if a, ok := r["anomaly"].(map[string]any); ok && a["flag"] == true {
			records = append(records, r)
			times = append(times, sink.times[i])
		}
	}
	if len(records) == 0 {
		t.Fatal("nothing flagged in fluent-bit/logs/app.log")
	}
	return records, times
}

// bodies keeps the records it is sent as Go values.
type bodies struct {
	records []map[string]any
	times   []time.Time
}

func (b *bodies) Send(_ string, events [][]byte) error {
	var ev chunk.Event
	for _, raw := range events {
		dec := chunk.NewDecoder(raw)
		for dec.Next(&ev) {
			b.records = append(b.records, goMap(ev.Body))
			b.times = append(b.times, ev.Time)
		}
	}
	return nil
}

func (b *bodies) Close() error { return nil }

type quietLog struct{}

func (quietLog) Enabled(engine.Level) bool           { return false }
func (quietLog) Printf(engine.Level, string, ...any) {}

func goMap(body chunk.Body) map[string]any {
	out := map[string]any{}
	body.Range(func(k, v chunk.Value) bool {
		key, _ := k.Str()
		out[key] = goValue(v)
		return true
	})
	return out
}

func goValue(v chunk.Value) any {
	if m, ok := v.Map(); ok {
		return goMap(m)
	}
	if a, ok := v.Array(); ok {
		var out []any
		a.Range(func(item chunk.Value) bool {
			out = append(out, goValue(item))
			return true
		})
		return out
	}
	if b, ok := v.Bool(); ok {
		return b
	}
	if f, ok := v.Float(); ok {
		return f
	}
	if s, ok := v.Str(); ok {
		return s
	}
	return v.Text()
}

// toLua and fromLua convert as Fluent Bit's lua filter does: maps and arrays become
// tables; a table with elements 1..n goes back as an array, any other as a map.
func toLua(L *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case map[string]any:
		t := L.NewTable()
		for k, item := range v {
			t.RawSetString(k, toLua(L, item))
		}
		return t
	case []any:
		t := L.NewTable()
		for _, item := range v {
			t.Append(toLua(L, item))
		}
		return t
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	}
	panic(fmt.Sprintf("unexpected %T", v))
}

func fromLua(v lua.LValue) any {
	switch v := v.(type) {
	case *lua.LTable:
		if n := v.Len(); n > 0 {
			out := make([]any, 0, n)
			for i := 1; i <= n; i++ {
				out = append(out, fromLua(v.RawGetInt(i)))
			}
			return out
		}
		out := map[string]any{}
		v.ForEach(func(k, item lua.LValue) { out[k.String()] = fromLua(item) })
		return out
	case lua.LBool:
		return bool(v)
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		return string(v)
	}
	return nil
}

// callFilter runs the script's function on one record, as the lua filter does.
func callFilter(t *testing.T, L *lua.LState, fn, tag string, at time.Time, record map[string]any) (code int, out any) {
	t.Helper()
	err := L.CallByParam(lua.P{Fn: L.GetGlobal(fn), NRet: 3, Protect: true},
		lua.LString(tag), lua.LNumber(float64(at.UnixNano())/1e9), toLua(L, record))
	if err != nil {
		t.Fatal(err)
	}
	code = int(lua.LVAsNumber(L.Get(-3)))
	out = fromLua(L.Get(-1))
	L.Pop(3)
	return code, out
}

// alertmanagerLabelName is Alertmanager's (Prometheus') label name syntax.
var alertmanagerLabelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// postableAlert is Alertmanager's API v2 alert, as POST /api/v2/alerts takes it.
type postableAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     string            `json:"startsAt"`
	EndsAt       string            `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
}

// checkPayload decodes what the http output would post, a JSON array of the records, as
// Alertmanager does, refusing fields it does not know.
func checkPayload(t *testing.T, records []any) []postableAlert {
	t.Helper()
	body, err := json.Marshal(records)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	var alerts []postableAlert
	if err := dec.Decode(&alerts); err != nil {
		t.Fatalf("Alertmanager would refuse %s: %v", body, err)
	}
	for _, a := range alerts {
		if a.Labels["alertname"] == "" {
			t.Errorf("alert without alertname: %+v", a)
		}
		for name := range a.Labels {
			if !alertmanagerLabelName.MatchString(name) {
				t.Errorf("label name %q is not valid", name)
			}
		}
		if _, err := time.Parse(time.RFC3339, a.StartsAt); err != nil {
			t.Errorf("startsAt %q: %v", a.StartsAt, err)
		}
	}
	return alerts
}

func TestAlertmanagerScriptBuildsAlerts(t *testing.T) {
	root := repoRoot(t)
	for _, rel := range []string{"fluent-bit/alerting.conf"} {
		cf := readConf(t, filepath.Join(root, rel))
		filters := cf.named("filter", "lua")
		if len(filters) != 1 || filters[0].get("call") != "to_alert" {
			t.Fatalf("%s: want one lua filter calling to_alert", rel)
		}
		if filters[0].get("match") != "alert.*" {
			t.Errorf("%s: the lua filter must shape the alert.* copies only, not every record", rel)
		}
		// Every flagged record reaches the script, which keeps one alert per incident: a
		// route of incident starts only never shows it a critical record that joins an
		// incident a warning opened. The throttle comes after it, counting alerts.
		routed := false
		for _, m := range cf.named("filter", "modify") {
			if m.get("set") == "anomaly_alert true" {
				routed = m.get("condition") == "Key_value_matches $anomaly['flag'] ^true$"
			}
		}
		if !routed {
			t.Errorf("%s: every flagged record (anomaly.flag) must be marked for the alert route", rel)
		}
		lua, throttle := -1, -1
		for i, f := range cf.of("filter") {
			switch f.name() {
			case "lua":
				lua = i
			case "throttle":
				throttle = i
			}
		}
		if throttle >= 0 && throttle < lua {
			t.Errorf("%s: the throttle must come after the lua filter, or it drops a long incident's later records", rel)
		}
		for _, o := range cf.named("output", "http") {
			if o.get("uri") != "/api/v2/alerts" || o.get("format") != "json" || o.get("json_date_key") != "false" {
				t.Errorf("%s: %s must post format json without a date key to /api/v2/alerts", rel, o)
			}
		}
		// A refresh of a long incident's alert (marked anomaly_refresh by the script) goes
		// to Alertmanager alone, without its marker: moved onto refresh.alert.* after the
		// lua filter and before the throttle, which it must not use up, and out of the
		// chat receivers' way.
		const alertTag, refreshTag = "alert.app.demo", "refresh.alert.app.demo"
		moved := -1
		for i, f := range cf.of("filter") {
			if f.name() == "rewrite_tag" && f.get("rule") == "$anomaly_refresh ^true$ refresh.$TAG false" && matches(f, alertTag) {
				moved = i
			}
			if f.name() == "throttle" && matches(f, refreshTag) {
				t.Errorf("%s: the throttle must not count refreshes", rel)
			}
		}
		if moved < lua || throttle >= 0 && moved > throttle {
			t.Errorf("%s: refreshes must move to refresh.alert.* between the lua filter and the throttle", rel)
		}
		unmarked := false
		for _, m := range cf.named("filter", "modify") {
			unmarked = unmarked || matches(m, refreshTag) && m.get("remove") == "anomaly_refresh"
		}
		if !unmarked {
			t.Errorf("%s: refreshes must reach Alertmanager without anomaly_refresh", rel)
		}
		for _, o := range cf.of("output") {
			wantAlerts, wantRefreshes := o.name() == "http" || o.name() == "slack", o.name() == "http"
			if matches(o, alertTag) != wantAlerts || matches(o, refreshTag) != wantRefreshes {
				t.Errorf("%s: %s: alerts routed %v (want %v), refreshes %v (want %v)", rel, o, matches(o, alertTag), wantAlerts, matches(o, refreshTag), wantRefreshes)
			}
		}
		// A tick reaches the script, unscored, every few seconds; the refreshes it brings
		// go where the others go.
		ticks := cf.named("input", "dummy")
		if len(ticks) != 1 || ticks[0].get("dummy") != `{"anomaly_tick": "true"}` || ticks[0].get("interval_sec") == "" {
			t.Fatalf("%s: want one dummy input writing {\"anomaly_tick\": \"true\"} at an interval, got %v", rel, ticks)
		}
		tickTag := ticks[0].get("tag")
		if !matches(filters[0], tickTag) {
			t.Errorf("%s: the lua filter must see the ticks (%s)", rel, tickTag)
		}
		for _, f := range cf.of("filter") {
			if f.name() == "anomaly" && matches(f, tickTag) {
				t.Errorf("%s: the anomaly filter must not score the ticks", rel)
			}
			if f.name() == "throttle" && matches(f, tickTag) && !matches(f, alertTag) {
				t.Errorf("%s: the throttle must not count ticks", rel)
			}
		}
		for _, o := range cf.of("output") {
			if matches(o, "refresh."+tickTag) != (o.name() == "http") {
				t.Errorf("%s: %s: a tick's refreshes must go to Alertmanager alone", rel, o)
			}
		}
	}

	// script loads alertmanager.lua afresh: it remembers the incidents it alerted on.
	script := func(t *testing.T) *lua.LState {
		L := lua.NewState()
		t.Cleanup(L.Close)
		if err := L.DoFile(filepath.Join(root, "fluent-bit/alertmanager.lua")); err != nil {
			t.Fatal(err)
		}
		return L
	}
	records, times := flaggedRecords(t, root)

	t.Run("a critical record pages", func(t *testing.T) {
		critical := 0
		for _, r := range records {
			if r["anomaly"].(map[string]any)["level"] == "critical" {
				critical++
			}
		}
		if critical == 0 {
			t.Fatal("the sample's flagged records hold no critical one: the severity rule goes untested")
		}
	})

	// The conf copies every flagged record to alert.*; the script sends one alert per
	// incident: its first record, and a record of a higher severity in its place, the
	// alert before it resolved.
	t.Run("flagged records", func(t *testing.T) {
		L := script(t)
		type sent struct {
			rank int
			at   time.Time // when the alert was last sent
		}
		incidents := map[string]*sent{}
		var payload []any
		var from []int // the record each alert of payload came from, -1 for a resolution
		for i, r := range records {
			anomaly := r["anomaly"].(map[string]any)
			rank := 1
			if anomaly["level"] == "critical" || anomaly["level"] == "alert" {
				rank = 2
			}
			code, out := callFilter(t, L, "to_alert", "alert.app.demo", times[i], r)
			prev := incidents[anomaly["incident"].(string)]
			switch {
			case prev == nil:
				if code != 2 {
					t.Fatalf("record %d opens its incident's alert: code %d, want 2", i, code)
				}
				payload, from = append(payload, out), append(from, i)
				incidents[anomaly["incident"].(string)] = &sent{rank: rank, at: times[i]}
			case rank > prev.rank:
				pair, ok := out.([]any)
				if code != 2 || !ok || len(pair) != 2 {
					t.Fatalf("record %d worsens its incident: code %d, %v, want the resolution and the new alert", i, code, out)
				}
				payload, from = append(payload, pair...), append(from, -1, i)
				prev.rank, prev.at = rank, times[i]
			case times[i].Sub(prev.at) >= time.Minute:
				// A minute after the alert was last sent: sent again (see "a long
				// incident stays firing").
				if refresh, ok := out.(map[string]any); code != 2 || !ok || refresh["anomaly_refresh"] != "true" {
					t.Errorf("record %d, %s after its incident's alert: code %d, %v, want a refresh", i, times[i].Sub(prev.at), code, out)
				}
				prev.at = times[i]
			default:
				if code != -1 {
					t.Errorf("record %d: code %d, want -1: its incident has its alert", i, code)
				}
			}
		}
		alerts := checkPayload(t, payload)
		firing := map[string]postableAlert{}
		for j, a := range alerts {
			if from[j] < 0 {
				// The resolution: the incident's alert as it was sent, with an end.
				was := firing[a.Labels["incident"]]
				if !equalLabels(a.Labels, was.Labels) || a.StartsAt != was.StartsAt || a.EndsAt == "" || a.EndsAt < a.StartsAt {
					t.Errorf("alert %d resolves %+v as %+v", j, was, a)
				}
				delete(firing, a.Labels["incident"])
				continue
			}
			i := from[j]
			r, anomaly := records[i], records[i]["anomaly"].(map[string]any)
			// It ends unless sent again within the plugin's incident quiet (5 minutes)
			// and a minute: from now, the clock Alertmanager counts in.
			if end, err := time.Parse(time.RFC3339, a.EndsAt); err != nil || time.Until(end) < 5*time.Minute+50*time.Second || time.Until(end) > 6*time.Minute+10*time.Second {
				t.Errorf("alert %d of record %d ends at %q, want 6 minutes from now (%v)", j, i, a.EndsAt, err)
			}
			if _, dup := firing[a.Labels["incident"]]; dup {
				t.Errorf("alert %d: a second alert for incident %s", j, a.Labels["incident"])
			}
			firing[a.Labels["incident"]] = a
			// The severity follows the level the plugin read: a critical line pages.
			severity := "warning"
			if anomaly["level"] == "critical" || anomaly["level"] == "alert" {
				severity = "critical"
			}
			want := map[string]string{"alertname": "LogAnomaly", "source": "app.demo", "level": anomaly["level"].(string),
				"severity": severity, "incident": anomaly["incident"].(string), "template_id": anomaly["template_id"].(string)}
			for k, v := range want {
				if a.Labels[k] != v {
					t.Errorf("alert %d: label %s = %q, want %q", j, k, a.Labels[k], v)
				}
			}
			if a.Annotations["summary"] != r["message"] || a.Annotations["template"] != anomaly["template"] {
				t.Errorf("alert %d: annotations %v do not carry the message and template of %v", j, a.Annotations, r)
			}
			var reasons []string
			for _, x := range anomaly["reasons"].([]any) {
				reasons = append(reasons, x.(string))
			}
			if a.Annotations["reasons"] != strings.Join(reasons, "; ") || a.Annotations["score"] != fmt.Sprintf("%.3f", anomaly["score"]) {
				t.Errorf("alert %d: reasons %q score %q, want %q and %.3f", j, a.Annotations["reasons"], a.Annotations["score"], reasons, anomaly["score"])
			}
			if a.StartsAt != times[i].UTC().Format("2006-01-02T15:04:05Z") {
				t.Errorf("alert %d starts %s, the record's time is %s", j, a.StartsAt, times[i].UTC())
			}
		}
		// What stays firing: one alert per incident, at its worst severity.
		if len(firing) != len(incidents) {
			t.Errorf("%d alerts firing for %d incidents", len(firing), len(incidents))
		}
		for id, in := range incidents {
			if want := map[int]string{1: "warning", 2: "critical"}[in.rank]; firing[id].Labels["severity"] != want {
				t.Errorf("incident %s: severity %q firing, want %q", id, firing[id].Labels["severity"], want)
			}
		}
	})

	// An incident longer than Alertmanager's resolve_timeout keeps its alert firing: a
	// record of it a minute (of event time) after the alert was last sent sends it again,
	// the same labels and start, with its records and duration so far; so does an
	// escalation, whose alert carries them on.
	t.Run("a long incident stays firing", func(t *testing.T) {
		L := script(t)
		base := records[0]["anomaly"].(map[string]any)
		t0 := times[0]
		// The script's clock, half a minute after the incident began: an alert ends 6
		// minutes from then, or from its record's time when that is later.
		now := t0.Add(30 * time.Second)
		if err := L.DoString(fmt.Sprintf("os.time = function() return %d end", now.Unix())); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			after    time.Duration
			level    string
			code     int
			kind     string // "alert", "refresh", "escalation" or "" (dropped)
			records  string // the annotation's count
			duration string
		}{
			{0, "warning", 2, "alert", "1", "0s"},
			{10 * time.Second, "warning", -1, "", "", ""},
			{70 * time.Second, "warning", 2, "refresh", "3", "1m10s"},
			{75 * time.Second, "error", -1, "", "", ""},
			{140 * time.Second, "warning", 2, "refresh", "5", "2m20s"},
			{200 * time.Second, "critical", 2, "escalation", "6", "3m20s"},
			{230 * time.Second, "warning", -1, "", "", ""},
			{270 * time.Second, "warning", 2, "refresh", "8", "4m30s"},
			{2*time.Hour + 5*time.Minute, "error", 2, "refresh", "9", "2h05m"},
		}
		var first postableAlert
		for i, st := range steps {
			anomaly := map[string]any{}
			for k, v := range base {
				anomaly[k] = v
			}
			anomaly["incident"], anomaly["level"] = "long-incident", st.level
			record := map[string]any{"message": fmt.Sprintf("record %d", i), "anomaly": anomaly}
			code, out := callFilter(t, L, "to_alert", "alert.app.demo", t0.Add(st.after), record)
			if code != st.code {
				t.Fatalf("step %d (%s after, %s): code %d, want %d", i, st.after, st.level, code, st.code)
			}
			if st.kind == "" {
				continue
			}
			var alert map[string]any
			switch st.kind {
			case "escalation":
				pair := out.([]any)
				resolved := checkPayload(t, pair[:1])[0]
				if !equalLabels(resolved.Labels, first.Labels) || resolved.EndsAt == "" {
					t.Errorf("step %d: %+v does not resolve %+v", i, resolved, first)
				}
				alert = pair[1].(map[string]any)
			default:
				alert = out.(map[string]any)
			}
			// The marker routes a refresh; alerting.conf removes it before the post.
			if marker := alert["anomaly_refresh"]; (marker == "true") != (st.kind == "refresh") {
				t.Errorf("step %d (%s): anomaly_refresh = %v", i, st.kind, marker)
			}
			delete(alert, "anomaly_refresh")
			a := checkPayload(t, []any{alert})[0]
			if want := maxTime(now, t0.Add(st.after)).Add(6 * time.Minute).UTC().Format(time.RFC3339); a.EndsAt != want {
				t.Errorf("step %d (%s): endsAt %s, want %s", i, st.kind, a.EndsAt, want)
			}
			if a.Annotations["records"] != st.records || a.Annotations["duration"] != st.duration {
				t.Errorf("step %d (%s): records %q, duration %q; want %q, %q", i, st.kind, a.Annotations["records"], a.Annotations["duration"], st.records, st.duration)
			}
			switch st.kind {
			case "refresh":
				// The same alert to Alertmanager: its labels and start as first sent.
				if !equalLabels(a.Labels, first.Labels) || a.StartsAt != first.StartsAt || a.Annotations["summary"] != first.Annotations["summary"] {
					t.Errorf("step %d: refresh %+v is not the alert %+v", i, a, first)
				}
			default:
				if a.Annotations["summary"] != record["message"] || a.StartsAt != t0.Add(st.after).UTC().Format(time.RFC3339) {
					t.Errorf("step %d: %+v is not record %d's alert", i, a, i)
				}
				first = a
			}
		}
		if first.Labels["severity"] != "critical" {
			t.Errorf("the incident ends alerted at %q, want critical", first.Labels["severity"])
		}
	})

	// The incident's records after its last send are counted too: a tick a minute after
	// that send sends the alert again with all of them, once.
	t.Run("a tick counts the last records", func(t *testing.T) {
		L := script(t)
		clock := func(at time.Time) {
			if err := L.DoString(fmt.Sprintf("os.time = function() return %d end", at.Unix())); err != nil {
				t.Fatal(err)
			}
		}
		tick := func(at time.Time) (int, any) {
			clock(at)
			return callFilter(t, L, "to_alert", "alert.tick", at, map[string]any{"anomaly_tick": "true"})
		}
		t0 := times[0]
		if code, out := tick(t0); code != -1 {
			t.Fatalf("a tick before any incident: code %d, %v, want -1", code, out)
		}
		base := records[0]["anomaly"].(map[string]any)
		record := func(incident string, after time.Duration) int {
			anomaly := map[string]any{}
			for k, v := range base {
				anomaly[k] = v
			}
			anomaly["incident"], anomaly["level"] = incident, "error"
			clock(t0.Add(after))
			code, _ := callFilter(t, L, "to_alert", "alert.app.demo", t0.Add(after), map[string]any{"message": "db down", "anomaly": anomaly})
			return code
		}
		// A short incident, 4 records in 20 s, and one of a single record.
		for _, st := range []struct {
			after time.Duration
			code  int
		}{{0, 2}, {5 * time.Second, -1}, {10 * time.Second, -1}, {20 * time.Second, -1}} {
			if code := record("short", st.after); code != st.code {
				t.Fatalf("record %s after: code %d, want %d", st.after, code, st.code)
			}
		}
		if code := record("single", 30*time.Second); code != 2 {
			t.Fatalf("the single record's alert: code %d", code)
		}
		if code, out := tick(t0.Add(50 * time.Second)); code != -1 {
			t.Errorf("a tick within a minute of the alert: code %d, %v, want -1", code, out)
		}
		now := t0.Add(65 * time.Second)
		code, out := tick(now)
		refreshes, ok := out.([]any)
		if code != 2 || !ok || len(refreshes) != 1 {
			t.Fatalf("a tick a minute after the alert: code %d, %v, want the short incident's refresh alone", code, out)
		}
		r := refreshes[0].(map[string]any)
		if r["anomaly_refresh"] != "true" {
			t.Errorf("the tick's alert is not marked as a refresh: %v", r)
		}
		delete(r, "anomaly_refresh")
		a := checkPayload(t, []any{r})[0]
		if a.Labels["incident"] != "short" || a.Annotations["records"] != "4" || a.Annotations["duration"] != "20s" {
			t.Errorf("refresh %+v, want incident short with records 4, duration 20s", a)
		}
		if want := now.Add(6 * time.Minute).UTC().Format(time.RFC3339); a.EndsAt != want || a.StartsAt != t0.UTC().Format(time.RFC3339) {
			t.Errorf("refresh from %s to %s, want from %s to %s", a.StartsAt, a.EndsAt, t0.UTC().Format(time.RFC3339), want)
		}
		if code, out := tick(now.Add(2 * time.Minute)); code != -1 {
			t.Errorf("a tick with every record counted: code %d, %v, want -1", code, out)
		}
	})

	t.Run("flattened annotation", func(t *testing.T) {
		flat := map[string]any{"log": "disk full", "kubernetes": map[string]any{"namespace_name": "shop", "container_name": "db"}}
		for k, v := range records[0]["anomaly"].(map[string]any) {
			flat["anomaly_"+k] = v
		}
		code, out := callFilter(t, script(t), "to_alert", "alert.kube.var.log.containers.db", times[0], flat)
		if code != 2 {
			t.Fatalf("code %d", code)
		}
		a := checkPayload(t, []any{out})[0]
		if a.Labels["namespace"] != "shop" || a.Labels["container"] != "db" || a.Annotations["summary"] != "disk full" {
			t.Errorf("alert %+v lacks the Kubernetes names or the message", a)
		}
	})

	t.Run("records without an annotation are dropped", func(t *testing.T) {
		if code, _ := callFilter(t, script(t), "to_alert", "alert.x", times[0], map[string]any{"log": "x"}); code != -1 {
			t.Errorf("code %d, want -1", code)
		}
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// matches reports whether a section's Match (a wildcard) or Match_Regex takes tag, as
// Fluent Bit routes records.
func matches(s section, tag string) bool {
	if re := s.get("match_regex"); re != "" {
		return regexp.MustCompile(re).MatchString(tag)
	}
	pattern := "^" + strings.ReplaceAll(regexp.QuoteMeta(s.get("match")), `\*`, ".*") + "$"
	return regexp.MustCompile(pattern).MatchString(tag)
}

func equalLabels(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
