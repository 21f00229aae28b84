package detect

import (
	"fmt"
	"testing"
	"time"
)

func TestCountsFollowFitsAndTemplates(t *testing.T) {
	opt := DefaultOptions()
	opt.Detector.Warmup = 8
	s, err := NewStream(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c := s.Counts(); c != (Counts{}) {
		t.Fatalf("a new stream counts %+v, want zeros", c)
	}

	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	var r Result
	messages := []string{"user %d logged in", "disk %d is full", "cache warmed in %d ms"}
	for i := range 30 {
		s.Observe(textRec(fmt.Sprintf(messages[i%len(messages)], i), LevelInfo, start.Add(time.Duration(i)*time.Second)), &r)
	}
	c := s.Counts()
	if c.Templates != len(messages) {
		t.Errorf("Templates = %d, want %d (one per message shape)", c.Templates, len(messages))
	}
	if c.Fits == 0 {
		t.Errorf("Fits = 0 after 30 records with a warm-up of 8")
	}
	if fits := s.det.Stats().Fits; c.Fits != fits {
		t.Errorf("Fits = %d, the detector fitted %d", c.Fits, fits)
	}
}
