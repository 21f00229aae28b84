-- Turns the flagged records of an incident into its Alertmanager alert, as the API takes it:
--
--   {"labels": {...}, "annotations": {...}, "startsAt": "2024-01-01T10:00:35Z"}
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
-- incident a warning opened; every other record of the incident is dropped (-1).
-- Alertmanager resolves the alert after its resolve_timeout without news.
--
-- Used by alerting.conf / alerting.yaml as `call to_alert`. Works on the annotation map
-- (`anomaly`, the default) and on flattened keys (`flatten on`: anomaly_score, ...).

local ANNOTATION = "anomaly"
local MAX_SUMMARY = 300

-- The levels that page: the plugin writes anomaly.level as critical or alert for these;
-- a record's own level field may spell them otherwise.
local SEVERITY = {
  critical = "critical", crit = "critical", fatal = "critical", alert = "critical",
  emergency = "critical", emerg = "critical", panic = "critical",
}
local RANK = {warning = 1, critical = 2}

-- The incidents alerted on: id -> {rank = ..., alert = ...}, the alert sent last. At most
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
  }

  local alert = {
    labels = labels,
    annotations = annotations,
    startsAt = os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(timestamp)),
  }

  local id = scalar(a.incident)
  if id == nil then
    -- No incident (a plugin without them): every record routed here is an alert.
    return 2, timestamp, alert
  end
  local rank = RANK[labels.severity]
  local sent = alerted[id]
  if sent == nil then
    remember(id, {rank = rank, alert = alert})
    return 2, timestamp, alert
  end
  if rank <= sent.rank then
    -- The incident has its alert, at this severity or a higher one.
    return -1, timestamp, record
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
  remember(id, {rank = rank, alert = alert})
  return 2, timestamp, {resolved, alert}
end
