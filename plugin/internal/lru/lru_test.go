package lru

import (
	"fmt"
	"slices"
	"testing"
)

func keys[V any](m *Map[V]) []string {
	var out []string
	m.Oldest(func(e *Entry[V]) bool {
		out = append(out, e.Key())
		return true
	})
	return out
}

// TestEvictsLeastRecentlyUsedAndReusesIt checks the order kept, that Get refreshes a key,
// and that the evicted entry comes back with its value for the caller to reset.
func TestEvictsLeastRecentlyUsedAndReusesIt(t *testing.T) {
	m := New[[]int](3)
	for i := 0; i < 3; i++ {
		e, recycled := m.Add(fmt.Sprint(i))
		if recycled {
			t.Fatalf("entry %d recycled below the bound", i)
		}
		e.Value = append(e.Value, i)
	}
	if m.Get("0") == nil || m.GetBytes([]byte("missing")) != nil {
		t.Fatal("Get")
	}
	if got := keys(&m); !slices.Equal(got, []string{"1", "2", "0"}) {
		t.Fatalf("order %v after Get(0), want 1 2 0", got)
	}
	e, recycled := m.Add("3")
	if !recycled || !slices.Equal(e.Value, []int{1}) || e.Key() != "3" {
		t.Fatalf("Add beyond the bound: recycled %v value %v key %q, want the entry of 1", recycled, e.Value, e.Key())
	}
	if m.Len() != 3 || m.Evicted != 1 || m.GetBytes([]byte("1")) != nil {
		t.Fatalf("len %d evicted %d, 1 still present %v", m.Len(), m.Evicted, m.GetBytes([]byte("1")) != nil)
	}
	if got := keys(&m); !slices.Equal(got, []string{"2", "0", "3"}) {
		t.Fatalf("order %v, want 2 0 3", got)
	}
}

// TestFullMapAllocatesNothing checks the point of recycling: a full map serving new keys
// allocates only what the caller does.
func TestFullMapAllocatesNothing(t *testing.T) {
	m := New[int](64)
	keys := make([]string, 256)
	for i := range keys {
		keys[i] = fmt.Sprint(i)
	}
	for _, k := range keys[:64] {
		m.Add(k)
	}
	i := 64
	allocs := testing.AllocsPerRun(1000, func() {
		k := keys[i%len(keys)]
		if m.Get(k) == nil {
			m.Add(k)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per Get/Add on a full map, want 0", allocs)
	}
}
