package drain_test

import (
	"fmt"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/drain"
)

func ExampleMiner_Add() {
	m, err := drain.New(drain.DefaultConfig())
	if err != nil {
		panic(err)
	}
	var match drain.Match
	for _, line := range []string{
		"Connection from 10.0.0.1 closed after 20 ms",
		"Connection from 10.0.0.7 closed after 3500 ms",
		"Invalid user webmaster from 173.234.31.186",
		"Invalid user test from 173.234.31.190",
		"query took 40s",
		"query took 200ms",
	} {
		m.Add(line, &match)
		fmt.Printf("%s new=%-5v count=%d %q %v\n", match.ID, match.New, match.Count, match.Template, match.Params)
	}
	fmt.Println(m.Len(), "templates")
	// Output:
	// 874fe55a10aba66e new=true  count=1 "Connection from <IP> closed after <NUM> ms" [{5 0.02 s}]
	// 874fe55a10aba66e new=false count=2 "Connection from <IP> closed after <NUM> ms" [{5 3.5 s}]
	// 2076c270b38ff337 new=true  count=1 "Invalid user webmaster from <IP>" []
	// 2076c270b38ff337 new=false count=2 "Invalid user <*> from <IP>" []
	// 119137ae807a09d3 new=true  count=1 "query took <NUM>" [{2 40 s}]
	// 119137ae807a09d3 new=false count=2 "query took <NUM>" [{2 0.2 s}]
	// 3 templates
}
