package drain

// The shape of a masked token is its text with every mask taken as the same
// placeholder: "uid=<NUM>," and "uid=<HEX>," have one shape, so they are
// the same variable; "uid=<NUM>," and "pid=<NUM>," do not.

// masks lists every mask the masker writes.
var masks = [...]string{maskNum, maskIP, maskUUID, maskHex, maskTime, maskHost, maskPath, maskURL, maskEmail, maskAny}

// maskAt returns the length of the mask that starts at s[i], or 0.
func maskAt[T string | []byte](s T, i int) int {
	if s[i] != '<' || i+2 >= len(s) {
		return 0
	}
	var mk string
	switch s[i+1] {
	case '*':
		mk = maskAny
	case 'N':
		mk = maskNum
	case 'I':
		mk = maskIP
	case 'U':
		mk = maskUUID
	case 'T':
		mk = maskTime
	case 'P':
		mk = maskPath
	case 'E':
		mk = maskEmail
	case 'H':
		mk = maskHex
		if s[i+2] == 'O' {
			mk = maskHost
		}
	default:
		return 0
	}
	if len(s)-i >= len(mk) && string(s[i:i+len(mk)]) == mk {
		return len(mk)
	}
	if s[i+1] == 'U' && len(s)-i >= len(maskURL) && string(s[i:i+len(maskURL)]) == maskURL {
		return len(maskURL)
	}
	return 0
}

// sameShape reports whether a and b are equal once each mask is taken as
// one placeholder, which may also stand for nothing ("()" and "(<HOST>)").
func sameShape(a string, b []byte) bool {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		ma, mb := 0, 0
		if i < len(a) {
			ma = maskAt(a, i)
		}
		if j < len(b) {
			mb = maskAt(b, j)
		}
		switch {
		case ma > 0 && mb > 0:
			i += ma
			j += mb
		case ma > 0:
			i += ma
		case mb > 0:
			j += mb
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i++
			j++
		default:
			return false
		}
	}
	return true
}

// joinShapes returns the common form of two tokens of one shape: masks
// that differ, or that stand for nothing on one side, become <*>.
func joinShapes(a string, b []byte) string {
	out := make([]byte, 0, len(a)+len(maskAny))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		ma, mb := 0, 0
		if i < len(a) {
			ma = maskAt(a, i)
		}
		if j < len(b) {
			mb = maskAt(b, j)
		}
		switch {
		case ma > 0 && mb > 0:
			if a[i:i+ma] == string(b[j:j+mb]) {
				out = append(out, a[i:i+ma]...)
			} else {
				out = append(out, maskAny...)
			}
			i += ma
			j += mb
		case ma > 0:
			out = append(out, maskAny...)
			i += ma
		case mb > 0:
			out = append(out, maskAny...)
			j += mb
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return string(out)
}

// fitsMasks reports whether b, a token the masker kept as a word, is what the masked
// token a would be with a word in the place of each of its masks: a variable that this
// time holds no digit. A random identifier holds one almost always, and the position is
// masked by its first values; the one in seventy of 24 letters and digits that has none
// ("lease_id=database/creds/catalog-ro/WiOXUCqapCjmwpZOtiIHFmAh" under
// "lease_id=database/creds/catalog-ro/<*>") started a template of its own, a new event
// each time.
//
// A mask stands for a word only in a token that names its value (a key, a path): a bare
// "<NUM>" or "[<IP>]" position says nothing of what else it may hold, and a word there is
// another event's ("Received disconnect from <IP>: <NUM>: Bye Bye" is not "...: Closed").
func fitsMasks(a string, b []byte) bool {
	i, j, named := 0, 0, false
	for i < len(a) {
		if n := maskAt(a, i); n > 0 {
			start := j
			for j < len(b) && isWordByte(b[j]) {
				j++
			}
			if j == start {
				return false
			}
			i += n
			continue
		}
		if j >= len(b) || a[i] != b[j] {
			return false
		}
		named = named || isWordByte(a[i])
		i++
		j++
	}
	return named && j == len(b)
}
