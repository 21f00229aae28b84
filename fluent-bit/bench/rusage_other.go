//go:build !linux

package main

import "os"

// maxRSSKB is 0 where ru_maxrss is not in KiB or not there at all: the table shows no
// peak RSS rather than a figure in another unit.
func maxRSSKB(*os.ProcessState) int64 { return 0 }
