package record

import "strings"

// Two headers of whole lines say who wrote a line and when, and nothing of the event.
//
// A container runtime's log file (containerd, CRI-O: the CRI format) prefixes each line
// the container wrote with its time, stream and whether it is whole or a part:
//
//	2024-03-19T10:00:03.123456789Z stderr F E0319 10:00:03.123456 1 reflector.go:138] ...
//
// Fluent Bit's cri parser takes it off; read without it, the prefix is cut here, so the
// container's own line (its level word, its template) is what is read.
//
// A raw syslog line (a file written by rsyslog or syslog-ng, read by tail without a
// parser) starts with a header that says who wrote the line and when, not what
// happened:
//
//	Mar 19 10:00:03 web-a sshd[1247]: Accepted publickey for deploy from 10.0.0.119 ...
//	2024-03-19T10:00:03.123456+00:00 web-a sshd[1247]: Accepted publickey for ...
//
// Its time and host are cut from the message, as the header before a level word is: a
// host named by words (web-a, cache-b) would otherwise start a template of every event
// on every host, and a stream whose new host writes a dozen new templates looks like a
// stream changing. The tag (sshd[1247]:) stays: the program is part of the event.

// criPrefixEnd returns where the container's line starts after a CRI prefix (an RFC 3339
// time, stdout or stderr, F or P), or 0.
func criPrefixEnd(line string) int {
	// The stream after the first space tells a runtime's line from the many lines that
	// start with an RFC 3339 time, before the time is read.
	i := strings.IndexByte(line[:min(len(line), 40)], ' ')
	if i < 19 || !(strings.HasPrefix(line[i+1:], "stdout ") || strings.HasPrefix(line[i+1:], "stderr ")) || rfc3339TimeEnd(line) != i {
		return 0
	}
	rest := line[i+1:]
	switch {
	case strings.HasPrefix(rest, "stdout "), strings.HasPrefix(rest, "stderr "):
		rest = rest[len("stdout "):]
	default:
		return 0
	}
	if len(rest) < 1 || (rest[0] != 'F' && rest[0] != 'P') || (len(rest) > 1 && rest[1] != ' ') {
		return 0
	}
	return len(line) - len(rest) + min(2, len(rest))
}

// syslogHeaderEnd returns where the tag of a syslog line starts, after its PRI if any,
// its time (RFC 3164's "Mmm dd hh:mm:ss" or RFC 3339's "2024-03-19T10:00:03.123456+00:00")
// and its host; 0 when msg does not start with such a header followed by a tag ("sshd:",
// "sshd[1247]:", "sshd(pam_unix)[19939]:").
func syslogHeaderEnd(msg string) int {
	// A line as sent starts with its PRI ("<134>Mar 19 ..."), which gives the level
	// (see findLevel) and goes with the header.
	at := 0
	if len(msg) > 2 && msg[0] == '<' {
		if e := strings.IndexByte(msg[:min(len(msg), 5)], '>'); e > 1 && allDigitsIn(msg[1:e]) {
			at = e + 1
		}
	}
	i := rfc3164TimeEnd(msg[at:])
	if i == 0 {
		i = rfc3339TimeEnd(msg[at:])
	}
	if i == 0 {
		return 0
	}
	i += at
	if i >= len(msg) || msg[i] != ' ' {
		return 0
	}
	for i < len(msg) && msg[i] == ' ' {
		i++
	}
	host := i
	for i < len(msg) && msg[i] != ' ' {
		i++
	}
	if i == host || msg[i-1] == ':' || i >= len(msg) {
		return 0 // no host, or the tag right after the time
	}
	tag := i + 1
	if !syslogTag(msg[tag:]) {
		return 0
	}
	return tag
}

// syslogTag reports whether s starts with a syslog tag: a program name (letters, digits,
// '_', '-', '.', '/', and a parenthesised part) with an optional [pid], then ':' and a
// space or the end.
func syslogTag(s string) bool {
	i := 0
	for i < len(s) && (isAlnum(s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.' || s[i] == '/' || s[i] == '(' || s[i] == ')') {
		i++
	}
	if i == 0 || !isASCIILetter(s[0]) {
		return false
	}
	if i < len(s) && s[i] == '[' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 || j >= len(s) || s[j] != ']' {
			return false
		}
		i = j + 1
	}
	return i < len(s) && s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ')
}

// rfc3164TimeEnd returns the end of a leading "Mmm dd hh:mm:ss" (the day space-padded or
// not), or 0.
func rfc3164TimeEnd(s string) int {
	if len(s) < 14 || !monthName(s[:3]) || s[3] != ' ' {
		return 0
	}
	i := 4
	if s[i] == ' ' {
		i++
	}
	d := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i-d < 1 || i-d > 2 || i >= len(s) || s[i] != ' ' {
		return 0
	}
	i++
	if !clock(s[i:]) {
		return 0
	}
	return i + 8
}

// rfc3339TimeEnd returns the end of a leading "2024-03-19T10:00:03", with an optional
// fraction and zone (Z or ±hh:mm), or 0.
func rfc3339TimeEnd(s string) int {
	if len(s) < 19 || !allDigitsIn(s[0:4]) || s[4] != '-' || !allDigitsIn(s[5:7]) || s[7] != '-' ||
		!allDigitsIn(s[8:10]) || s[10] != 'T' || !clock(s[11:]) {
		return 0
	}
	i := 19
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 {
			return 0
		}
		i = j
	}
	switch {
	case i < len(s) && s[i] == 'Z':
		i++
	case i+6 <= len(s) && (s[i] == '+' || s[i] == '-') && allDigitsIn(s[i+1:i+3]) && s[i+3] == ':' && allDigitsIn(s[i+4:i+6]):
		i += 6
	}
	return i
}

// clock reports whether s starts with "hh:mm:ss".
func clock(s string) bool {
	return len(s) >= 8 && allDigitsIn(s[0:2]) && s[2] == ':' && allDigitsIn(s[3:5]) && s[5] == ':' && allDigitsIn(s[6:8])
}

func monthName(s string) bool {
	switch s {
	case "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
		return true
	}
	return false
}

// StripANSI returns s without its terminal escape sequences: the colours a logger writes
// when it believes it writes to a terminal (Rust's tracing-subscriber by default, Spring
// Boot with ANSI output on, zerolog's console writer, a container run with a TTY). Its
// level word sits between them (`\x1b[31mERROR\x1b[0m`), so no level was read and every
// colour change was a token of the template. A control sequence is ESC '[', parameter
// and intermediate bytes, and a final byte in '@'..'~'; any other escape is ESC and one
// byte. A string without ESC is returned as it is, without allocating.
func StripANSI(s string) string {
	i := strings.IndexByte(s, 0x1b)
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i >= 0 {
		b = append(b, s[:i]...)
		s = s[i+1:]
		switch {
		case s == "":
		case s[0] == '[':
			j := 1
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			s = s[min(j+1, len(s)):]
		default:
			s = s[1:]
		}
		i = strings.IndexByte(s, 0x1b)
	}
	return string(append(b, s...))
}
