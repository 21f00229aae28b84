package record

// Links are the identifiers a record shares with the other records of one request, task
// or job: a payment id, a trace id, a task's UUID, a block id. A failed request writes
// its error, and then the routine lines of its fallback ("authorized in 76 ms", "ledger
// entry written"), each of them ordinary on its own; the id they share with the error is
// what makes them part of the episode (see verdict.Judge.Link).
//
// An identifier is a run of at least minLinkRun letters and digits, at least
// minLinkDigits of them digits, between bytes that are neither: "5964858286183515" of
// "pay_5964858286183515", the last group of a UUID, a 32-digit trace id,
// "1608999687919862906" of "blk_-1608999687919862906", and the random ids of other
// alphabets, base32 or base62 ("t7mp8kslp4nr2bdr6vlb" of an upload's
// "upl_t7mp8kslp4nr2bdr6vlb", a Stripe charge's "3MtwBwLkdIwHu7ix28a3tqPa", a ULID).
// Shorter runs are what many unrelated records share: ports, counters, thread numbers,
// pod-template hashes (9-10 characters), dates; a word ("deadbeefcafe" has no digit, nor
// has "AppleWebKit") is not an id, nor is one with a version or a width in it
// ("sha256WithRSAEncryption" has three digits). Hexadecimal alone, the upload ids of
// the ingress-nginx family named nothing: its 413s, each written as nginx's error and
// then the access line of the same request, joined their incident by the error alone
// (50.0% of it under its id; 88.6% with these ids).
//
// A name is one too when it holds no such run: words and numbers joined by '-' or '_',
// at least minLinkRun long, with a serial of at least minNameSerial digits in a row, as
// the objects a controller or a scheduler makes are named ("inventory-db-20240319-1425",
// a Backup; "backup-28476310", a CronJob's Job). Without a serial a name is what many
// records share: a thread ("http-nio-8080-exec-19"), a pod ("orders-api-7d9f8b6c5-x2x7k"),
// a host. Identifiers are read from the message and from the text fields long enough to
// hold one (a trace_id field), hashed case-insensitively.
const (
	minLinkRun    = 12
	minLinkDigits = 4
	// minNameSerial is the digit run that makes a name an identifier: longer than a
	// port, a year or a thread number, as long as a date stamp or a sequence number.
	minNameSerial = 6
	// maxRecordLinks caps the identifiers taken from one record.
	maxRecordLinks = 8
	// maxLinkFields caps the text fields kept to be read for identifiers.
	maxLinkFields = 4
)

// AppendLinks appends to dst a hash of each identifier of the record (at most
// maxRecordLinks) and returns it. It reads the record as it was last read: call it before
// the next Read into the record.
func (r *Record) AppendLinks(dst []uint64) []uint64 {
	start := len(dst)
	dst = appendLinks(dst, r.Message, maxRecordLinks)
	from := int32(0)
	for _, end := range r.linkEnds {
		dst = appendLinks(dst, r.linkBuf[from:end], maxRecordLinks-(len(dst)-start))
		from = end
	}
	return dst
}

// keepLinkField keeps a copy of a text field's value to be read for identifiers when it
// is long enough to hold one.
func (r *Record) keepLinkField(v []byte) {
	if len(v) >= minLinkRun && len(r.linkEnds) < maxLinkFields {
		r.linkBuf = append(r.linkBuf, v...)
		r.linkEnds = append(r.linkEnds, int32(len(r.linkBuf)))
	}
}

// resetLinks forgets the text fields kept for identifiers.
func (r *Record) resetLinks() { r.linkBuf, r.linkEnds = r.linkBuf[:0], r.linkEnds[:0] }

// appendLinks appends the hashes of at most limit identifiers of s: the identifier runs
// (idRun) of each name-like token (letters and digits joined by '-' or '_'), or the token itself
// when it has none and names something (see nameToken).
func appendLinks[T string | []byte](dst []uint64, s T, limit int) []uint64 {
	for i, found := 0, 0; i < len(s) && found < limit; {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		end, name := nameToken(s, i)
		for j := i; j < end && found < limit; {
			if !isAlnum(s[j]) {
				j++
				continue
			}
			at, ok := j, false
			if ok, j = idRun(s, j); ok {
				dst = append(dst, linkHash(s[at:j]))
				found++
				name = false
			}
		}
		if name && found < limit {
			dst = append(dst, linkHash(s[i:end]))
			found++
		}
		i = end
	}
	return dst
}

// nameToken returns the end of the token at i, runs of letters and digits joined by
// single '-' or '_', and whether it is a name that identifies: at least minLinkRun long,
// of two parts or more, with a word (two letters in a row) and a serial (minNameSerial
// digits in a row).
func nameToken[T string | []byte](s T, i int) (end int, name bool) {
	start, parts, digits := i, 1, 0
	word, serial := false, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			serial = serial || digits >= minNameSerial
			continue
		case isASCIILetter(c):
			word = word || i+1 < len(s) && isASCIILetter(s[i+1])
		case (c == '-' || c == '_') && i+1 < len(s) && isAlnum(s[i+1]):
			parts++
		default:
			return i, word && serial && parts > 1 && i-start >= minLinkRun
		}
		digits = 0
	}
	return i, word && serial && parts > 1 && i-start >= minLinkRun
}

// hexRun reports whether the run of letters and digits at i is a hexadecimal identifier,
// and returns where the run ends.
func hexRun[T string | []byte](s T, i int) (bool, int) {
	id, hex, end := scanRun(s, i)
	return id && hex, end
}

// idRun reports whether the run of letters and digits at i is an identifier, in any
// alphabet, and returns where the run ends.
func idRun[T string | []byte](s T, i int) (bool, int) {
	id, _, end := scanRun(s, i)
	return id, end
}

// scanRun reads the run of letters and digits at i: whether it is long enough and holds
// digits enough to be an identifier, whether it is hexadecimal, and where it ends.
func scanRun[T string | []byte](s T, i int) (id, hex bool, end int) {
	start, digits := i, 0
	hex = true
	for ; i < len(s) && isAlnum(s[i]); i++ {
		switch b := s[i]; {
		case b >= '0' && b <= '9':
			digits++
		case (b|0x20) >= 'a' && (b|0x20) <= 'f':
		default:
			hex = false
		}
	}
	return digits >= minLinkDigits && i-start >= minLinkRun, hex, i
}

// linkHash hashes an identifier, case-insensitively (FNV-1a).
func linkHash[T string | []byte](s T) uint64 {
	h := uint64(14695981039346656037)
	for k := 0; k < len(s); k++ {
		h = (h ^ uint64(s[k]|0x20)) * 1099511628211
	}
	return h
}

// isAlnum reports an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || isASCIILetter(c)
}

// hexIdentifier reports whether v is an identifier and nothing else: hexadecimal runs
// joined by '-', one of them an identifier (a UUID, a trace or span id, a digest).
func hexIdentifier(v []byte) bool {
	if len(v) < minLinkRun {
		return false // most fields: too short to be one
	}
	found := false
	for i := 0; i < len(v); {
		if v[i] == '-' {
			i++
			continue
		}
		ok, end := hexRun(v, i)
		for _, b := range v[i:end] {
			if !(b >= '0' && b <= '9' || (b|0x20) >= 'a' && (b|0x20) <= 'f') {
				return false
			}
		}
		if end < len(v) && v[end] != '-' {
			return false
		}
		found = found || ok
		i = end
	}
	return found
}
