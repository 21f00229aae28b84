package record

// Links are the identifiers a record shares with the other records of one request, task
// or job: a payment id, a trace id, a task's UUID, a block id. A failed request writes
// its error, and then the routine lines of its fallback ("authorized in 76 ms", "ledger
// entry written"), each of them ordinary on its own; the id they share with the error is
// what makes them part of the episode (see verdict.Judge.Link).
//
// An identifier is a run of at least minLinkRun hexadecimal characters, at least
// minLinkDigits of them digits, between bytes that are neither letters nor digits:
// "5964858286183515" of "pay_5964858286183515", the last group of a UUID, a 32-digit
// trace id, "1608999687919862906" of "blk_-1608999687919862906". Shorter runs are what
// many unrelated records share: ports, counters, thread numbers, pod-template hashes
// (9-10 characters), dates; a word ("deadbeefcafe" has no digit) is not an id. They are
// read from the message and from the text fields long enough to hold one (a trace_id
// field), hashed case-insensitively.
const (
	minLinkRun    = 12
	minLinkDigits = 4
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

// appendLinks appends the hashes of at most limit identifiers of s.
func appendLinks[T string | []byte](dst []uint64, s T, limit int) []uint64 {
	for i, found := 0, 0; i < len(s) && found < limit; {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		start, digits, hex := i, 0, true
		for ; i < len(s) && isAlnum(s[i]); i++ {
			switch b := s[i]; {
			case b >= '0' && b <= '9':
				digits++
			case (b|0x20) >= 'a' && (b|0x20) <= 'f':
			default:
				hex = false
			}
		}
		if hex && digits >= minLinkDigits && i-start >= minLinkRun {
			h := uint64(14695981039346656037)
			for k := start; k < i; k++ {
				h = (h ^ uint64(s[k]|0x20)) * 1099511628211
			}
			dst = append(dst, h)
			found++
		}
	}
	return dst
}

// isAlnum reports an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || isASCIILetter(c)
}
