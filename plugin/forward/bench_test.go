package forward

import (
	"testing"
)

// BenchmarkSend measures delivery on loopback: one Send of 1000 events of about 200 bytes,
// framed, written and acknowledged by the fake receiver (which decodes every frame too).
func BenchmarkSend(b *testing.B) {
	for _, network := range []string{"unix", "tcp"} {
		b.Run(network, func(b *testing.B) {
			s := startServer(b, network)
			s.discard = true
			c, err := New(Options{Address: s.addr()})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			evs := events(1000, 170)
			size := int64(len(joined(evs)))
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := c.Send("bench", evs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/event")
		})
	}
}
