package record

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
)

// A record's fields are a set: a JSON object's keys have no order, and a record that went
// through a Lua filter has them in a new order each time (a Lua table keeps none: Fluent
// Bit 5.1.1 handed the plugin a MongoDB slow query's 17 attributes in 683 orders over
// 1,773 records). What the reader takes of a record where it cannot take everything (the
// numbers its message shows, its text fields, the description of a record without a
// message) is therefore chosen, and written, in the order of the fields' names, and so
// are its text fields, whose values in their order name its event: one record gives one
// template and one event however its keys come.

// maxNumberCandidates bounds the numeric fields of a record among which the ones its
// message shows are chosen (numberSet); maxFieldCandidates the text fields among which
// its categories are (Reader.textFields); maxDescribed the scalar fields that describe a
// record without a message (Reader.describe).
const (
	maxNumberCandidates = 32
	maxFieldCandidates  = 16
	maxDescribed        = 64
)

// numberSet gathers the numbers of a record that its message shows, name=value, and
// appends them in the order of their names: the first maxNumberFields of its own and of
// its maps of details, and every number of a map that holds a response (nestedNumbers,
// a status), whatever their order in the record. It holds the values where the record
// has them, so nothing is copied until the message is written.
type numberSet struct {
	n     int
	items [maxNumberCandidates]numberItem
}

type numberItem struct {
	name   string      // transient: the record's own bytes, or a nestedNumbers name
	v      chunk.Value // a msgpack number, written as its text
	text   []byte      // or a JSON number, or a quantity's text, written as it is
	nested bool
}

// full reports whether the set holds as many numbers as it can.
func (s *numberSet) full() bool { return s.n == len(s.items) }

// add adds the number named name: a msgpack value, or text when v is the zero Value.
func (s *numberSet) add(name string, v chunk.Value, text []byte, nested bool) {
	if !s.full() {
		s.items[s.n] = numberItem{name: name, v: v, text: text, nested: nested}
		s.n++
	}
}

// appendTo appends the set's numbers to msg, " name=value" each, in the order of their
// names (then of their encodings): at most maxNumberFields of the record's own, and
// every nested one.
func (s *numberSet) appendTo(msg []byte) []byte {
	items := s.items[:s.n]
	// A handful of items: an insertion sort does it without a closure.
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && numberLess(&items[j], &items[j-1]); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	own := 0
	for i := range items {
		it := &items[i]
		if !it.nested {
			if own == maxNumberFields {
				continue
			}
			own++
		}
		msg = append(append(append(msg, ' '), it.name...), '=')
		if it.text != nil {
			msg = append(msg, it.text...)
		} else {
			msg = it.v.AppendText(msg)
		}
	}
	return msg
}

func numberLess(a, b *numberItem) bool {
	if a.name != b.name {
		return a.name < b.name
	}
	// A record's numbers are all msgpack values or all JSON text: one of each is empty.
	if c := bytes.Compare(a.text, b.text); c != 0 {
		return c < 0
	}
	return bytes.Compare(a.v.Raw(), b.v.Raw()) < 0
}

// keepFields orders a record's candidate text fields, the configured event keys' first
// (in their order), then those of its request (its method and route), then the others
// by name, and keeps the first maxTextFields: a record's event is its template with its
// categorical values in their fields' order.
func keepFields(fields []Field) []Field {
	// A handful of fields, most often in order already: an insertion sort does it in a
	// pass, without a closure.
	for i := 1; i < len(fields); i++ {
		for j := i; j > 0 && fieldLess(&fields[j], &fields[j-1]); j-- {
			fields[j], fields[j-1] = fields[j-1], fields[j]
		}
	}
	return fields[:min(len(fields), maxTextFields)]
}

func fieldLess(a, b *Field) bool {
	if a.Event || b.Event {
		return a.Event && !b.Event // event keys stay in the order they were configured
	}
	if ra, rb := requestFieldRank(a.Name), requestFieldRank(b.Name); ra != rb {
		return ra < rb
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Value < b.Value
}

// requestFieldRank is 0 for the fields that name a record's request (see addRequest),
// which are kept before any other, and 1 for the rest.
func requestFieldRank(name string) int {
	if name == "method" || name == "path" {
		return 0
	}
	return 1
}

// describedField is one scalar field of a record without a message.
type describedField struct {
	key string // transient
	v   chunk.Value
}

// sortDescribed orders the fields that describe a record by their keys.
func sortDescribed(fields []describedField) {
	slices.SortFunc(fields, func(a, b describedField) int { return cmp.Compare(a.key, b.key) })
}
