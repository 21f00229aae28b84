// Package memtest holds what the memory-bound tests of several packages share: messages
// that never share a template, and the live heap.
package memtest

import (
	"runtime"
	"strconv"
)

// DistinctMessage returns the i-th of a series of messages that share no template: every
// word differs, so each starts a template of its own. It appends to buf[:0].
func DistinctMessage(buf []byte, i int) []byte {
	buf = buf[:0]
	for w := 0; w < 6; w++ {
		buf = append(buf, "w"...)
		buf = strconv.AppendInt(buf, int64(i), 36)
		buf = append(buf, byte('a'+w), ' ')
	}
	return append(buf, "done"...)
}

// HeapInUse returns the bytes of live heap after two collections (the second frees what
// finalizers of the first released).
func HeapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
