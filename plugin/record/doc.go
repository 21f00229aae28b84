// Package record reads what the detector needs from one log record, for the plugin and
// for `anomaly scan` alike (Reader, FromText): its message with the header that says
// nothing of the event cut off (a time stamp, a host, a container runtime's CRI prefix, a
// syslog header: headers.go), its level (a level field, a level word, a syslog priority,
// an OpenTelemetry severity, or an HTTP status for an access log line: level.go, otlp.go),
// its event time, the stream it belongs to (the tag or a group_by key), its short text
// fields (method, route, component) and the identifiers that link the lines of one
// request or task (links.go). Structured records (JSON loggers' keys, ECS, Serilog,
// hclog, journald, Kubernetes events, Windows events) and text lines go through the same
// Record, so the detector judges a log the same way whichever form it arrives in.
package record
