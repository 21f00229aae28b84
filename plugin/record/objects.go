package record

import "github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"

// objectLevels are the records, shipped as the objects they are, whose severity is a word
// in a field no level key names: each is told by a field only it has (marker), and its
// severity field's words are its levels.
//
//   - A Kubernetes Event, as Fluent Bit's kubernetes_events input and the event exporters
//     ship it (metadata, involvedObject, reason, message, type, count, ...): its type,
//     Warning or Normal, is its severity. Without it every BackOff and FailedScheduling
//     was an event without a level.
//   - A classic Windows event, as Fluent Bit's winlog input ships it (RecordNumber,
//     EventId, EventType, SourceName, Message, ...): its EventType (see windows.go).
var objectLevels = [...]struct {
	marker, severity string
	levels           map[string]Level
}{
	{"involvedObject", "type", map[string]Level{"Warning": LevelWarning, "Normal": LevelInfo}},
	{"SourceName", "EventType", map[string]Level{
		"Error": LevelError, "Warning": LevelWarning, "FailureAudit": LevelWarning,
		"Information": LevelInfo, "SuccessAudit": LevelInfo,
	}},
}

// objectMarkers are objectLevels' markers, in order, for one pass over a body.
var objectMarkers = func() (m [len(objectLevels)]string) {
	for i, o := range objectLevels {
		m[i] = o.marker
	}
	return m
}()

// objectLevel returns the level of a record that is one of objectLevels, or LevelUnknown.
func objectLevel(body chunk.Body) Level {
	// Each such object has more than four fields: a tailed line's record ({"log": ...},
	// its stream and time) is turned away uncounted.
	if body.Len() < 5 {
		return LevelUnknown
	}
	var markers [len(objectLevels)]chunk.Value
	found := body.GetEach(objectMarkers[:], markers[:])
	for i := range objectLevels {
		if found&(1<<i) == 0 {
			continue
		}
		o := &objectLevels[i]
		v, ok := body.Get(o.severity)
		if !ok || v.Kind() != chunk.StringValue {
			continue
		}
		b, _ := v.Bytes()
		if l, ok := o.levels[string(b)]; ok {
			return l
		}
	}
	return LevelUnknown
}
