package main

import (
	"os"
	"syscall"
)

// maxRSSKB is the process's peak resident set size from wait4's rusage, in KiB on Linux.
func maxRSSKB(st *os.ProcessState) int64 {
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
