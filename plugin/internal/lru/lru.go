// Package lru is a bounded map from string keys to values with least-recently-used
// eviction. An evicted entry is reused for the key that displaced it, so a full map
// allocates nothing, and the value keeps its buffers for the caller to reset.
package lru

// Entry is one key and its value; &Entry.Value stays valid while the entry is in the map.
type Entry[V any] struct {
	key        string
	Value      V
	prev, next *Entry[V]
}

// Key returns the entry's key.
func (e *Entry[V]) Key() string { return e.key }

// Map holds at most max entries.
type Map[V any] struct {
	max        int
	byKey      map[string]*Entry[V]
	head, tail *Entry[V]
	// Evicted counts the entries that gave way to new keys.
	Evicted int64
}

// New returns an empty map of at most bound entries (at least one).
func New[V any](bound int) Map[V] {
	return Map[V]{max: max(bound, 1), byKey: make(map[string]*Entry[V])}
}

// Len returns the number of entries.
func (m *Map[V]) Len() int { return len(m.byKey) }

// Get returns the entry of key, now the most recently used, or nil.
func (m *Map[V]) Get(key string) *Entry[V] {
	e := m.byKey[key]
	if e != nil {
		m.moveToFront(e)
	}
	return e
}

// GetBytes is Get for a key held in a buffer, which is not kept.
func (m *Map[V]) GetBytes(key []byte) *Entry[V] {
	e := m.byKey[string(key)]
	if e != nil {
		m.moveToFront(e)
	}
	return e
}

// Add returns a new entry for key, which must be absent, as the most recently used.
// When the map is full the least recently used entry gives way and is returned for key,
// its Value as it was (recycled is true): the caller resets what it must keep apart.
func (m *Map[V]) Add(key string) (e *Entry[V], recycled bool) {
	if len(m.byKey) >= m.max && m.tail != nil {
		e = m.tail
		m.unlink(e)
		delete(m.byKey, e.key)
		m.Evicted++
		recycled = true
	} else {
		e = new(Entry[V])
	}
	e.key = key
	m.byKey[key] = e
	m.pushFront(e)
	return e, recycled
}

// Oldest calls yield for every entry from the least to the most recently used, so that
// adding them in that order to an empty map rebuilds the same order, until yield
// returns false.
func (m *Map[V]) Oldest(yield func(*Entry[V]) bool) {
	for e := m.tail; e != nil; e = e.prev {
		if !yield(e) {
			return
		}
	}
}

func (m *Map[V]) pushFront(e *Entry[V]) {
	e.prev, e.next = nil, m.head
	if m.head != nil {
		m.head.prev = e
	} else {
		m.tail = e
	}
	m.head = e
}

func (m *Map[V]) unlink(e *Entry[V]) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		m.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		m.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (m *Map[V]) moveToFront(e *Entry[V]) {
	if m.head == e {
		return
	}
	m.unlink(e)
	m.pushFront(e)
}
