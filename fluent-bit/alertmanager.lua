-- Turns the flagged records of an incident into its Alertmanager alert, as the API takes it:
--
--   {"labels": {...}, "annotations": {...}, "startsAt": "2024-01-01T10:00:35Z",
--    "endsAt": "2024-01-01T10:06:35Z"}
--
-- POST /api/v2/alerts wants a JSON array of such alerts and nothing else; Fluent Bit's
-- http output with `Format json` and `Json_Date_Key false` sends the records of a flush
-- as exactly that array. The labels identify an alert: the incident id (anomaly.incident)
-- and the severity, which follows the record's level as the plugin read it
-- (anomaly.level): critical for critical, fatal, alert, emergency and panic lines,
-- warning below. The annotations carry what a person needs: the message, the score, why
-- it was flagged, the template.
--
-- One alert per incident, at the incident's worst severity so far. An incident often
-- opens on a warning and worsens (slow queries, then a database outage, then a kernel
-- panic): the pipeline hands this script every flagged record, and it keeps, per
-- incident, the alert it sent. The first record of an incident becomes its alert; a later
-- record of a higher severity resolves that alert (the same labels with endsAt) and
-- becomes the incident's alert in its place, so a critical line pages even inside an
-- incident a warning opened.
--
-- The alert stays firing for as long as the incident goes on, and ends with it. An alert
-- posted without endsAt is resolved by Alertmanager resolve_timeout after it came (5
-- minutes by default), while incidents often go on for half an hour: the alert would
-- show resolved, and receivers with send_resolved be told so, in the middle of one. So
-- each alert says when it ends unless sent again, QUIET + REFRESH seconds from now (the
-- plugin ends an incident QUIET seconds after its last record), and a later record of
-- the incident, at least REFRESH seconds of event time after the alert was last sent,
-- sends it again: the same labels and startsAt, so the same alert to Alertmanager, which
-- takes the newer end and annotations, with what the incident holds so far: its flagged
-- records and how long it has lasted. A refresh is marked with REFRESH_KEY, which
-- alerting.conf uses to route it to Alertmanager alone (not to Slack, not through the
-- throttle) and then removes. Every other record of the incident is dropped (-1).
--
-- The last records of an incident come after its last send, and no record comes after
-- them to send it again. So a tick (a record with TICK_KEY, which alerting.conf's dummy
-- input writes onto alert.tick every few seconds) sends the alert of each incident that
-- holds records its last send did not count, once REFRESH seconds of this clock have
-- passed since that send: the alert then counts every record of the incident, and its
-- resolved notification, 5 to 7 minutes after the last record, carries the whole
-- summary. A tick with nothing to send is dropped.
--
-- Used by alerting.conf / alerting.yaml as `call to_alert`. Works on the annotation map
-- (`anomaly`, the default) and on flattened keys (`flatten on`: anomaly_score, ...).

local ANNOTATION = "anomaly"
local MAX_SUMMARY = 300

-- A minute of event time between two sends of an incident's alert: at most one post a
-- minute per open incident (a stream has at most four open), and an alert's end, QUIET +
-- REFRESH ahead, is moved on long before it comes while the incident goes on.
local REFRESH = 60
local REFRESH_KEY = "anomaly_refresh"
-- The tick input's marker (see alerting.conf).
local TICK_KEY = "anomaly_tick"
-- The plugin's incident quiet: an incident ends 5 minutes of event time after its last
-- record.
local QUIET = 300

local function rfc3339(seconds)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(seconds))
end

-- ends_at is the end of an alert sent now for a record of time t: QUIET + REFRESH from
-- now, or from t for a record stamped ahead of this clock (Alertmanager refuses an
-- alert that ends before it starts, and with it the whole post).
local function ends_at(t)
  local now = os.time()
  if t > now then
    now = t
  end
  return rfc3339(now + QUIET + REFRESH)
end

-- The levels that page: the plugin writes anomaly.level as critical or alert for these;
-- a record's own level field may spell them otherwise.
local SEVERITY = {
  critical = "critical", crit = "critical", fatal = "critical", alert = "critical",
  emergency = "critical", emerg = "critical", panic = "critical",
}
local RANK = {warning = 1, critical = 2}

-- The incidents alerted on: id -> {rank, alert, first, last, sent, records, counted,
-- sent_at}: the rank and alert sent last, the event times of the incident's first and
-- latest flagged record seen here and of the last send, how many flagged records came
-- and how many the last send counted, and this clock's time of the last send. At most
-- MAX_INCIDENTS, the oldest forgotten first (an incident ends after 5 minutes without a
-- record, so these are far more than a stream has open).
local MAX_INCIDENTS = 1024
local alerted = {}
local alerted_ids = {}
local oldest, newest = 1, 0

local function remember(id, entry)
  if alerted[id] == nil then
    newest = newest + 1
    alerted_ids[newest] = id
    if newest - oldest + 1 > MAX_INCIDENTS then
      alerted[alerted_ids[oldest]] = nil
      alerted_ids[oldest] = nil
      oldest = oldest + 1
    end
  end
  alerted[id] = entry
end

-- duration writes seconds as Alertmanager users read them: 45s, 12m30s, 1h05m.
local function duration(seconds)
  local s = math.floor(seconds + 0.5)
  if s < 60 then
    return string.format("%ds", s)
  end
  if s < 3600 then
    return string.format("%dm%02ds", math.floor(s / 60), s % 60)
  end
  return string.format("%dh%02dm", math.floor(s / 3600), math.floor(s % 3600 / 60))
end

-- send makes alert the incident's alert, with what the incident holds now, and counts
-- it sent: at the incident's latest record, with its records so far, at this clock's now.
local function send(sent, alert)
  alert.annotations.records = tostring(sent.records)
  alert.annotations.duration = duration(sent.last - sent.first)
  sent.alert, sent.sent, sent.counted, sent.sent_at = alert, sent.last, sent.records, os.time()
end

-- refresh returns the incident's alert as sent last, with what the incident holds now,
-- marked as a refresh, and counts it sent.
local function refresh(sent)
  local current = sent.alert
  send(sent, current)
  local again = {labels = current.labels, annotations = current.annotations, startsAt = current.startsAt, endsAt = ends_at(sent.last)}
  again[REFRESH_KEY] = "true"
  return again
end

-- tick returns the refreshes of the incidents that hold records their last send did not
-- count, sent REFRESH seconds ago or more.
local function tick()
  local now, out = os.time(), {}
  for i = oldest, newest do
    local sent = alerted[alerted_ids[i]]
    if sent ~= nil and sent.records > sent.counted and now - sent.sent_at >= REFRESH then
      out[#out + 1] = refresh(sent)
    end
  end
  return out
end

local function scalar(v)
  if v == nil or type(v) == "table" then
    return nil
  end
  return tostring(v)
end

local function first_text(record, keys)
  for _, k in ipairs(keys) do
    local v = scalar(record[k])
    if v ~= nil and v ~= "" then
      return v
    end
  end
  return nil
end

-- annotation returns the anomaly fields of a record, nested or flattened.
local function annotation(record)
  local a = record[ANNOTATION]
  if type(a) == "table" then
    return a
  end
  local flat = {}
  for _, k in ipairs({"score", "flag", "status", "template", "template_id", "reasons", "incident", "level"}) do
    flat[k] = record[ANNOTATION .. "_" .. k]
  end
  return flat
end

function to_alert(tag, timestamp, record)
  if record[TICK_KEY] ~= nil then
    local refreshes = tick()
    if #refreshes == 0 then
      return -1, timestamp, record
    end
    return 2, timestamp, refreshes
  end
  local a = annotation(record)
  if a.score == nil then
    -- Not an annotated record: nothing to tell Alertmanager.
    return -1, timestamp, record
  end

  -- alert.app.demo came from app.demo; behind the output's loop or a shipper's
  -- Tag_Prefix it is alert.scored.app.demo.
  local source = tag:gsub("^alert%.", "", 1):gsub("^scored%.", "", 1)
  local level = scalar(a.level) or first_text(record, {"level", "severity", "lvl"}) or ""
  local labels = {
    alertname = "LogAnomaly",
    severity = SEVERITY[string.lower(level)] or "warning",
    source = source,
    incident = scalar(a.incident) or scalar(a.template_id) or "unknown",
    template_id = scalar(a.template_id) or "unknown",
  }
  labels.service = first_text(record, {"service", "app", "job"})
  if level ~= "" then
    labels.level = level
  end
  local k8s = record["kubernetes"]
  if type(k8s) == "table" then
    labels.namespace = scalar(k8s["namespace_name"])
    labels.container = scalar(k8s["container_name"])
  end

  local message = first_text(record, {"message", "log", "msg", "MESSAGE"}) or scalar(a.template) or ""
  if #message > MAX_SUMMARY then
    message = message:sub(1, MAX_SUMMARY) .. "..."
  end
  local reasons = ""
  if type(a.reasons) == "table" then
    local parts = {}
    for _, r in ipairs(a.reasons) do
      parts[#parts + 1] = tostring(r)
    end
    reasons = table.concat(parts, "; ")
  end
  local score = tonumber(a.score) or 0

  local annotations = {
    summary = message,
    score = string.format("%.3f", score),
    reasons = reasons,
    template = scalar(a.template) or "",
    description = string.format("anomaly score %.3f in %s: %s", score, source, reasons),
    incident = scalar(a.incident) or "",
    -- What the incident holds so far, brought up to date when the alert is sent again.
    records = "1",
    duration = duration(0),
  }

  local alert = {
    labels = labels,
    annotations = annotations,
    startsAt = rfc3339(timestamp),
    endsAt = ends_at(timestamp),
  }

  local id = scalar(a.incident)
  if id == nil then
    -- No incident (a plugin without them): every record routed here is an alert.
    return 2, timestamp, alert
  end
  local rank = RANK[labels.severity]
  local sent = alerted[id]
  if sent == nil then
    remember(id, {rank = rank, alert = alert, first = timestamp, last = timestamp, sent = timestamp, records = 1,
      counted = 1, sent_at = os.time()})
    return 2, timestamp, alert
  end
  sent.records = sent.records + 1
  if timestamp > sent.last then
    sent.last = timestamp
  end
  if rank <= sent.rank then
    -- The incident has its alert, at this severity or a higher one: sent again when
    -- it has not been for a minute, so that it stays firing while the incident lasts.
    if sent.last - sent.sent < REFRESH then
      return -1, timestamp, record
    end
    return 2, timestamp, refresh(sent)
  end
  -- Worse than what was sent: resolve the incident's alert, raise this one.
  local endsAt = alert.startsAt
  if endsAt < sent.alert.startsAt then
    endsAt = sent.alert.startsAt
  end
  local resolved = {
    labels = sent.alert.labels,
    annotations = sent.alert.annotations,
    startsAt = sent.alert.startsAt,
    endsAt = endsAt,
  }
  resolved.annotations.escalated_to = labels.severity
  sent.rank = rank
  send(sent, alert)
  return 2, timestamp, {resolved, alert}
end
