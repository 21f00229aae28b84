package record

import (
	"strconv"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// Windows event logs, as Fluent Bit ships them. Its winevtlog input writes each event's
// System properties as fields (plugins/in_winevtlog/pack.c: ProviderName, EventID, Level,
// Keywords, TimeCreated, Channel, Computer, Message, ...), its older winlog input the
// classic event log's (EventId, EventType, SourceName, Message, ...). Neither severity
// reads as other logs' do:
//
//   - winevtlog's Level is a number on Windows' own scale: 1 critical, 2 error,
//     3 warning, 4 informational, 5 verbose, and 0 for events logged whatever the level
//     (LogAlways), which is what the Security log's audit events carry. Read on syslog's
//     scale, an informational event would be a warning and an audit event an alert.
//   - winlog's EventType is a word, and two of its five are audits: SuccessAudit and
//     FailureAudit (see objectLevels).
//
// An audit failure (a logon refused, access denied) is a warning, as the failed
// logins of other logs are written at warning; a success audit is routine.

// windowsLevelKey is winevtlog's severity field, a number.
const windowsLevelKey = "Level"

// auditFailure is the Keywords bit of an audit failure (WINEVENT_KEYWORD_AUDIT_FAILURE,
// 0x10000000000000): winevtlog writes Keywords as hexadecimal text ("0x8010000000000000").
const auditFailure = 0x10000000000000

// windowsEvent reports whether body is a Windows event as winevtlog ships it: it names
// its event (EventID) and the log it was written to (Channel).
func windowsEvent(body chunk.Body) bool {
	var vals [2]chunk.Value
	return body.GetEach(windowsEventKeys[:], vals[:]) == 3
}

var windowsEventKeys = [...]string{"EventID", "Channel"}

// windowsLevel returns the level of a Windows event whose Level field holds v, or
// LevelUnknown when body is no Windows event or v no Windows level.
func windowsLevel(body chunk.Body, v chunk.Value) Level {
	n, ok := v.Int()
	if !ok || n < 0 || n > 5 || !windowsEvent(body) {
		return LevelUnknown
	}
	if n == 0 {
		if kw, ok := body.Get("Keywords"); ok && kw.Kind() == chunk.StringValue {
			if k, err := strconv.ParseUint(kw.Text(), 0, 64); err == nil && k&auditFailure != 0 {
				return LevelWarning
			}
		}
		return LevelInfo
	}
	return windowsLevels[n]
}

// windowsLevels maps winevtlog's Level 1 to 5 (0 is decided by windowsLevel).
var windowsLevels = [6]Level{1: LevelCritical, 2: LevelError, 3: LevelWarning, 4: LevelInfo, 5: LevelTrace}
