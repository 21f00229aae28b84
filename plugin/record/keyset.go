package record

import "strings"

// keySet is a set of field names matched case-insensitively, as strings.EqualFold matches
// them, in one map lookup: every record's every field is checked against the level and
// time names, and a loop of EqualFold calls over them cost more than reading the field.
type keySet struct {
	names []string            // as given, for the keys a lookup cannot fold
	lower map[string]struct{} // the names in ASCII lower case
	// shapes turns most keys of a record away without the map; unshaped counts the
	// names it cannot hold.
	shapes   wordShapes
	unshaped int
}

// wordShapes is a filter in front of a set of lower-case words: for each first byte, a
// bit for each length (1 to 63) of the words that start with it. A word that fits none
// is not in the set, found without a lookup; one that fits may be.
type wordShapes [256]uint64

// add records word's shape; false when its length does not fit.
func (w *wordShapes) add(word string) bool {
	if len(word) == 0 || len(word) > 63 {
		return false
	}
	w[word[0]] |= 1 << len(word)
	return true
}

// may reports whether a word of n bytes starting with the byte first may be in the set.
func (w *wordShapes) may(first byte, n int) bool {
	return n > 0 && n < 64 && w[first]&(1<<n) != 0
}

func newKeySet(lists ...[]string) keySet {
	s := keySet{lower: map[string]struct{}{}}
	for _, l := range lists {
		for _, name := range l {
			s.names = append(s.names, name)
			low := strings.ToLower(name)
			s.lower[low] = struct{}{}
			if !s.shapes.add(low) {
				s.unshaped++
			}
		}
	}
	return s
}

// has reports whether some name of s equals k under Unicode case folding.
func (s *keySet) has(k string) bool {
	var buf [32]byte
	if len(k) <= len(buf) {
		ascii := true
		for i := 0; i < len(k); i++ {
			c := k[i]
			if c >= 0x80 {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if ascii {
			if s.unshaped == 0 && (len(k) == 0 || !s.shapes.may(buf[0], len(k))) {
				return false
			}
			_, ok := s.lower[string(buf[:len(k)])]
			return ok
		}
	}
	// A long or non-ASCII key: its letters may fold to ASCII ones (the Kelvin sign to k).
	for _, name := range s.names {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// FoldName returns a field's or a number's name in ASCII lower case without the
// separators between its words (request_time, request-time, requestTime and
// Request.Time are requesttime): the conventions of loggers differ in these only.
func FoldName(key string) string {
	b, _ := appendFoldedName(make([]byte, 0, len(key)), key)
	return string(b)
}

// appendFoldedName appends key folded (FoldName) to dst; false when it would not fit in
// dst's capacity, so that a caller's stack buffer bounds it.
func appendFoldedName(dst []byte, key string) ([]byte, bool) {
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '_' || c == '-' || c == '.':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if len(dst) == cap(dst) {
			return dst, false
		}
		dst = append(dst, c)
	}
	return dst, true
}
