package drain

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/internal/memtest"
)

// BenchmarkAdd streams each Loghub 2k set through a miner that has already
// seen it once, so it measures the steady state: matching, not creation.
func BenchmarkAdd(b *testing.B) {
	data := sharedDataDir(b)
	if data == "" {
		b.Skip("../shared/data is absent: Loghub sets not available")
	}
	for _, set := range loghubSets {
		b.Run(set.name, func(b *testing.B) {
			lines, err := readStructured(filepath.Join(data, "loghub", set.name, set.name+"_2k.log_structured.csv"))
			if err != nil {
				b.Fatal(err)
			}
			m, err := New(DefaultConfig())
			if err != nil {
				b.Fatal(err)
			}
			var match Match
			for _, l := range lines.content {
				m.Add(l, &match)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.Add(lines.content[i%len(lines.content)], &match)
			}
		})
	}
}

// BenchmarkAddCold streams each set through a fresh miner, template
// creation included.
func BenchmarkAddCold(b *testing.B) {
	data := sharedDataDir(b)
	if data == "" {
		b.Skip("../shared/data is absent: Loghub sets not available")
	}
	for _, set := range loghubSets {
		b.Run(set.name, func(b *testing.B) {
			lines, err := readStructured(filepath.Join(data, "loghub", set.name, set.name+"_2k.log_structured.csv"))
			if err != nil {
				b.Fatal(err)
			}
			var match Match
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; {
				m, err := New(DefaultConfig())
				if err != nil {
					b.Fatal(err)
				}
				for _, l := range lines.content {
					if i == b.N {
						break
					}
					m.Add(l, &match)
					i++
				}
			}
		})
	}
}

// BenchmarkMemoryDistinct feeds a million lines that are all different
// templates (each has its own words) and reports the heap retained by the
// miner, which MaxClusters must bound.
func BenchmarkMemoryDistinct(b *testing.B) {
	for _, maxClusters := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("max_clusters=%d", maxClusters), func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.MaxClusters = maxClusters
			lines := benchDistinctLines
			var retained float64
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				m, err := New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				before := memtest.HeapInUse()
				var match Match
				for j := 0; j < lines; j++ {
					m.Add(distinctLine(j), &match)
				}
				retained = float64(memtest.HeapInUse() - before)
				if m.Len() > maxClusters {
					b.Fatalf("miner holds %d templates, cap is %d", m.Len(), maxClusters)
				}
				runtime.KeepAlive(m)
			}
			b.ReportMetric(retained/(1<<20), "MiB-retained")
			b.ReportMetric(retained/float64(maxClusters), "B/cluster")
		})
	}
}

// distinctLine returns a line whose words differ from every other j's.
// Words carry no digits, which would be masked.
func distinctLine(j int) string {
	w := letters(j)
	return fmt.Sprintf("service %s started worker pool %sq on %sz with %d threads in %dms", w, w, w, j%64, j%1000)
}

// letters spells n in base 26 with the letters a to z.
func letters(n int) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			return string(b)
		}
	}
}

var benchDistinctLines = 1_000_000
