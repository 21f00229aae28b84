package scan

import (
	"bufio"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"
)

// referenceTimeInLine is timeInLine without shapes or hint: every layout in order at
// every skip.
func referenceTimeInLine(line []byte, fallback time.Time) (time.Time, bool) {
	if t, ok := criTime(line); ok {
		return t, true
	}
	if t, ok := accessLogTime(line); ok {
		return t, true
	}
	s := string(line[:min(len(line), 64)])
	s = strings.TrimLeft(s, "[")
	if klogHeader(s) {
		s = s[1:]
	}
	for skip := 0; skip < 3 && s != ""; skip++ {
		for _, l := range timeLayouts {
			head := firstFields(s, l.fields)
			if b := strings.IndexByte(head, ']'); b >= 0 {
				head = head[:b]
			}
			head = strings.TrimRight(head, ",:")
			if t, err := time.ParseInLocation(l.layout, head, time.UTC); err == nil {
				return withYear(t, fallback), true
			}
		}
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			break
		}
		s = strings.TrimLeft(s[i+1:], " [")
	}
	if t, ok := logfmtTime(line, fallback); ok {
		return t, true
	}
	return timeOfDayInLine(line, fallback)
}

// referenceParseTime is parseTime without shapes or hint.
func referenceParseTime(s string, fallback time.Time) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l.layout, s, time.UTC); err == nil {
			return withYear(t, fallback), true
		}
	}
	return time.Time{}, false
}

// The shapes and the hint change how fast a line's time is found, never which: lines of
// every format the scan reads, shuffled so that the hint is often wrong, get the time
// every layout tried in order gives them.
func TestLineTimesMatchEveryLayoutInOrder(t *testing.T) {
	lines := []string{
		"2024-03-12T09:00:15.117Z INFO x", "2024-03-12T09:00:15.117+02:00 x", "2024-03-12T09:00:15 x",
		"2024-03-12 09:00:15.117Z x", "2024-03-12 09:00:15,117 WARN x", "2024-03-12 09:00:15.117 x",
		"2024-03-12 9:00:15 x", "2024-03-12  09:00:15 x", "2024/03/12 09:00:15.5 x",
		"- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x",
		"081109 203615 148 INFO dfs.DataNode$PacketResponder: x", "+81109 203615 x",
		"14 May 2024 09:00:39 x", "May 14 09:00:39 host sshd[1]: x", "May  4 09:00:39.25 host x", "May 4 09:00:39 x",
		"[2024-03-20 01:07:10,002: INFO/Beat] x", "host 2024-03-12T09:00:15Z x", "a b 2024-03-12 09:00:15 x",
		"[2024-05-01T15:16:17,180][WARN ][o.e.Node] x", "2024-05-01T15:16:17.180+0000 ERROR x", "2024-05-01 15:16:17.180-0500 x",
		`time="2024-05-01T15:16:17.18Z" level=info msg="x"`, "level=warn ts=2024-05-01T15:16:17.180Z caller=a.go:1 msg=x",
		"2024-03-12T09:00:15Z 2023-01-01 10:00:00 two times", "x 2024-03-12T09:00:15Z 2023-01-01 10:00:00",
		"[Wed Oct 11 14:32:52.123456 2000] [core:error] x", "Wed Oct  1 14:32:52 2000 x", "03-17 16:13:38.811  1702  2395 D x",
		"17/06/09 20:10:40 INFO x", "[20-Mar-2024 10:00:00] WARNING: x", "20-Mar-2024 10:00:00.123 INFO x", "W 10:00:01.250 worker-3 x", "[10:00:01] x", "a b 25:00:00 x",
		"I0319 14:25:15.298645       1 main.go:66] x", "E1231 23:59:59.999999 7 x.go:1] y", "I0319 x",
		"no time here", "", "2024-13-45 99:99:99 bad", "Foo 14 09:00:39 x", "1.2.3.4 - - [14/May/2024:09:00:39 +0200] \"GET /\"",
	}
	for _, name := range []string{"testdata/golden/nginx_access.log", "testdata/golden/orders_service.log", "../../fluent-bit/logs/system_logs.txt"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 0; sc.Scan() && n < 300; n++ {
			lines = append(lines, sc.Text())
		}
		f.Close()
	}
	fallback := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 20; round++ {
		rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		for _, line := range lines {
			got, gotOK := timeInLine([]byte(line), fallback)
			want, wantOK := referenceTimeInLine([]byte(line), fallback)
			if gotOK != wantOK || !got.Equal(want) {
				t.Fatalf("%q: got %v %v, want %v %v", line, got, gotOK, want, wantOK)
			}
			// A JSON line's time field is a whole timestamp.
			for n := 1; n <= 4; n++ {
				s := firstFields(line, n)
				got, gotOK := parseTime(s, fallback)
				want, wantOK := referenceParseTime(s, fallback)
				if gotOK != wantOK || !got.Equal(want) {
					t.Fatalf("parseTime(%q): got %v %v, want %v %v", s, got, gotOK, want, wantOK)
				}
			}
		}
	}
}
