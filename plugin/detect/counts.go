package detect

// Counts are what a Stream holds and has done, for monitoring.
type Counts struct {
	// Fits counts the models fitted, those of a restored state or a loaded model
	// included.
	Fits uint64
	// Templates is the number of log templates the stream's miner holds.
	Templates int
}

// Counts returns the stream's counts. Like Observe, it must not run concurrently with
// other calls on the same Stream.
func (s *Stream) Counts() Counts {
	return Counts{Fits: s.det.Stats().Fits, Templates: s.ext.Templates()}
}
