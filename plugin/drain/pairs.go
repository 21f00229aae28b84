package drain

import "unsafe"

// A token such as namespace="team-core" or phase=Ready is a named field of a text line
// (klog's structured pairs, logfmt, key=value messages): its key says what it is, its
// value is a variable. Two uses follow.
//
// Matching: a line whose words all agree with a template and that differs from it only
// in the quoted values of keys the template has (Database="team-a/orders-db" where the
// template has Database="team-b/search-db") is that template's line, however many such
// values differ. A rare event that names its object in four pairs would otherwise start
// a template each time it is written (a klog operator's "Rotated password" lines: 83
// templates for 96 lines), and a stream in which a template is born every few minutes
// never looks stable. Only free values count so (see freePair): a quoted value is free
// text by its syntax, and so is a bare name joined from several words
// (application=web-bff-staging), while a bare word is often a keyword that names the
// event (Linux's user=root and user=guest, Android's mExpandedVisible=true and =false
// are distinct events in Loghub's truth).
//
// Reading: the pairs under a template's wildcards, quoted or bare, are returned with the
// match (Match.Pairs), so a caller can treat them as it treats the fields of a structured
// record: phase="Failed" among phase="Ready" is a rare value of one event. A masked value
// (one that holds a digit: an id, a count) is no pair: its shape is in the template, and a
// number is among the match's Params; but a masked path is one (path=/api/cart: a route
// is what a request line is about), as the line has it.

// keyLen returns the length of the key of a key=value token ("phase" in
// `phase="Ready"`), or -1 when t is not one: a key is a letter followed by letters,
// digits, '_', '-' or '.', and '=' follows it.
func keyLen[T string | []byte](t T) int {
	for i := 0; i < len(t); i++ {
		switch b := t[i]; {
		case b == '=' && i > 0:
			return i
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
		case i > 0 && (b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'):
		default:
			return -1
		}
	}
	return -1
}

// quotedPair reports whether t is a key=value token whose whole value is quoted. A
// value with spaces is cut into several tokens (msg="Starting server"): its first word
// is no value of the key, and is matched as a word.
func quotedPair[T string | []byte](t T) bool {
	k := keyLen(t)
	return k > 0 && len(t)-k-1 >= 2 && t[k+1] == '"' && t[len(t)-1] == '"'
}

// freePair reports whether t is a key=value token whose value is free text: quoted, or
// bare and a compound name, words joined by '-' or '/' (application=web-bff-staging,
// app-qualified-name=argocd/web-bff-staging: logrus and logfmt quote a value only when it
// needs it). A keyword is one word (user=root, phase=Ready, mExpandedVisible=true); a
// name joined from several is an object's, and a service names as many objects as it
// has (an Argo CD controller's "Update successful" for each of 150 applications made a
// template each).
func freePair[T string | []byte](t T) bool {
	if quotedPair(t) {
		return true
	}
	k := keyLen(t)
	if k <= 0 {
		return false
	}
	v := t[k+1:]
	joined := false
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b == '_':
		case (b == '-' || b == '/') && i > 0 && i < len(v)-1 && v[i-1] != '-' && v[i-1] != '/':
			joined = true
		default:
			return false
		}
	}
	return joined
}

// sameKey reports whether the template word t and the line token text are quoted values
// of one key.
func sameKey(t string, text []byte) bool {
	k := keyLen(t)
	return k > 0 && freePair(t) && freePair(text) && keyLen(text) == k && t[:k] == string(text[:k])
}

// maxPairKeys bounds the keys the miner keeps for Match.Pairs; a key beyond it is
// allocated per line instead.
const maxPairKeys = 1024

// appendPairs appends the key=value tokens of the line toks where cluster c has a
// wildcard, values unquoted, and its bare words there to words. Keys are kept once per
// miner, so a field name outlives the line; values view the masker's buffer, valid until
// the next Add.
func (m *Miner) appendPairs(dst []Pair, words []Word, c *cluster, toks []token) ([]Pair, []Word) {
	for i := range toks {
		if p := toks[i].path; p != "" && (c.tokens[i] == "" || c.masked[i]) {
			// A path is masked, but it is what the line is about: its route is a
			// category (path=/api/cart).
			if k := keyLen(m.buf(toks[i])); k > 0 {
				dst = append(dst, Pair{Key: m.pairKey(m.buf(toks[i])[:k]), Value: p})
			}
			continue
		}
		if toks[i].masked || c.tokens[i] != "" {
			continue
		}
		text := m.buf(toks[i])
		k := keyLen(text)
		if k <= 0 {
			if i < MaxWordPosition {
				words = append(words, Word{Pos: i, Value: unsafe.String(unsafe.SliceData(text), len(text))})
			}
			continue
		}
		v := text[k+1:]
		if quotedPair(text) {
			v = v[1 : len(v)-1]
		} else if len(v) > 0 && v[0] == '"' {
			continue // the first word of a quoted value with spaces
		}
		dst = append(dst, Pair{Key: m.pairKey(text[:k]), Value: unsafe.String(unsafe.SliceData(v), len(v))})
	}
	return dst, words
}

// pairKey returns key as a string kept by the miner.
func (m *Miner) pairKey(key []byte) string {
	if s, ok := m.pairKeys[string(key)]; ok {
		return s
	}
	s := string(key)
	if len(m.pairKeys) < maxPairKeys {
		if m.pairKeys == nil {
			m.pairKeys = make(map[string]string)
		}
		m.pairKeys[s] = s
	}
	return s
}
