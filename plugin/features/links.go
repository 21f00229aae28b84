package features

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
// (9-10 characters), dates; a word ("deadbeefcafe" has no digit) is not an id.
const (
	minLinkRun    = 12
	minLinkDigits = 4
	// maxRecordLinks caps the identifiers taken from one record.
	maxRecordLinks = 8
)

// AppendLinks appends to dst a hash of each identifier in msg (at most maxRecordLinks)
// and returns it.
func AppendLinks(dst []uint64, msg string) []uint64 {
	found := 0
	for i := 0; i < len(msg) && found < maxRecordLinks; {
		c := msg[i]
		if !isAlnum(c) {
			i++
			continue
		}
		start, digits, hex := i, 0, true
		for ; i < len(msg) && isAlnum(msg[i]); i++ {
			switch b := msg[i]; {
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
				h = (h ^ uint64(msg[k]|0x20)) * 1099511628211
			}
			dst = append(dst, h)
			found++
		}
	}
	return dst
}

// isAlnum reports an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || isLetter(c)
}
