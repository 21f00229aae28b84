package record

import "strings"

// keySet is a set of field names matched case-insensitively, as strings.EqualFold matches
// them, in one map lookup: every record's every field is checked against the level and
// time names, and a loop of EqualFold calls over them cost more than reading the field.
type keySet struct {
	names []string            // as given, for the keys a lookup cannot fold
	lower map[string]struct{} // the names in ASCII lower case
	// shapes holds, for each lower-case first byte, a bit for each length of the names
	// that start with it (lengths up to 63): most keys of a record fit none, and are
	// turned away without the map. unshaped counts the names it cannot hold.
	shapes   [256]uint64
	unshaped int
}

func newKeySet(lists ...[]string) keySet {
	s := keySet{lower: map[string]struct{}{}}
	for _, l := range lists {
		for _, name := range l {
			s.names = append(s.names, name)
			low := strings.ToLower(name)
			s.lower[low] = struct{}{}
			if len(low) > 0 && len(low) < 64 {
				s.shapes[low[0]] |= 1 << len(low)
			} else {
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
			if s.unshaped == 0 && (len(k) == 0 || s.shapes[buf[0]]&(1<<len(k)) == 0) {
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
