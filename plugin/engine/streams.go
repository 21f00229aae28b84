package engine

import (
	"container/list"
	"sync"
)

// streamCache keeps at most max values by key and evicts the least recently used one
// beyond that, so a group_by key with unbounded cardinality (a request id by mistake)
// costs bounded memory instead of a crash.
type streamCache[V any] struct {
	mu      sync.Mutex
	max     int
	items   map[string]*list.Element
	order   *list.List // front = most recently used
	evicted uint64
	onEvict func(key string, v V)
}

type cacheEntry[V any] struct {
	key   string
	value V
}

func newStreamCache[V any](max int, onEvict func(string, V)) *streamCache[V] {
	return &streamCache[V]{max: max, items: make(map[string]*list.Element), order: list.New(), onEvict: onEvict}
}

// get returns the value for key, creating it with create when absent. create runs under
// the cache lock, so it must be cheap and must not call back into the cache.
func (c *streamCache[V]) get(key string, create func() (V, error)) (V, error) {
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		v := el.Value.(*cacheEntry[V]).value
		c.mu.Unlock()
		return v, nil
	}
	v, err := create()
	if err != nil {
		c.mu.Unlock()
		return v, err
	}
	c.items[key] = c.order.PushFront(&cacheEntry[V]{key: key, value: v})
	var victim *cacheEntry[V]
	if c.order.Len() > c.max {
		el := c.order.Back()
		c.order.Remove(el)
		victim = el.Value.(*cacheEntry[V])
		delete(c.items, victim.key)
		c.evicted++
	}
	c.mu.Unlock()
	if victim != nil && c.onEvict != nil {
		c.onEvict(victim.key, victim.value)
	}
	return v, nil
}

// put stores a value restored from state, most recent last, without evicting anything
// beyond the cap's normal behaviour.
func (c *streamCache[V]) put(key string, v V) {
	if _, err := c.get(key, func() (V, error) { return v, nil }); err != nil {
		panic("engine: put cannot fail")
	}
}

// each calls fn for every entry from least to most recently used, so a state file
// restores the same order.
func (c *streamCache[V]) each(fn func(key string, v V)) {
	c.mu.Lock()
	entries := make([]*cacheEntry[V], 0, c.order.Len())
	for el := c.order.Back(); el != nil; el = el.Prev() {
		entries = append(entries, el.Value.(*cacheEntry[V]))
	}
	c.mu.Unlock()
	for _, e := range entries {
		fn(e.key, e.value)
	}
}

func (c *streamCache[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *streamCache[V]) evictions() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.evicted
}
