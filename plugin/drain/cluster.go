package drain

import "strings"

// cluster is one template and the lines it matched.
type cluster struct {
	fam *family
	// slotMap maps token positions to the family's slots; nil when they
	// are the same.
	slotMap []int32
	// tokens is the template; "" marks a wildcard position (a real token is
	// never empty).
	tokens []string
	// masked[i] reports that tokens[i] holds a mask: it is a variable even
	// where the template still shows it (<NUM>, uid=<*>).
	masked   []bool
	count    int64
	seq      uint64 // creation order
	sig      uint64 // word signature, 0 when not indexed
	rendered string // cached text(); "" when stale

	leaf       *node
	wildPath   uint32   // bit i: key level i routes through the wildcard child
	groupIndex int      // position in lengthGroup.clusters
	prev, next *cluster // recency list, most recent first
}

// text returns the template with wildcards shown as <*>.
func (c *cluster) text() string {
	if c.rendered != "" || len(c.tokens) == 0 {
		return c.rendered
	}
	var b strings.Builder
	n := len(c.tokens) - 1
	for _, t := range c.tokens {
		if t == "" {
			n += len(wildcardText)
		} else {
			n += len(t)
		}
	}
	b.Grow(n)
	for i, t := range c.tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		if t == "" {
			b.WriteString(wildcardText)
		} else {
			b.WriteString(t)
		}
	}
	c.rendered = b.String()
	return c.rendered
}

// clusterList orders clusters by recency for eviction.
type clusterList struct {
	head, tail *cluster
	len        int
}

func (l *clusterList) pushFront(c *cluster) {
	c.prev, c.next = nil, l.head
	if l.head != nil {
		l.head.prev = c
	} else {
		l.tail = c
	}
	l.head = c
	l.len++
}

// pushBack appends c as the least recent cluster (used when restoring).
func (l *clusterList) pushBack(c *cluster) {
	c.prev, c.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = c
	} else {
		l.head = c
	}
	l.tail = c
	l.len++
}

func (l *clusterList) remove(c *cluster) {
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		l.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else {
		l.tail = c.prev
	}
	c.prev, c.next = nil, nil
	l.len--
}

func (l *clusterList) moveToFront(c *cluster) {
	if l.head == c {
		return
	}
	l.remove(c)
	l.pushFront(c)
}

func (l *clusterList) back() *cluster { return l.tail }

// lengthGroup is the subtree of lines with one token count.
type lengthGroup struct {
	root     *node
	clusters []*cluster
}

// node is a prefix-tree node. Inner nodes route by token; leaves hold
// clusters.
type node struct {
	parent   *node
	key      string // token leading here from parent; "" for wildcard
	children map[string]*node
	wild     *node
	clusters []*cluster
}

func newNode(parent *node, key string) *node { return &node{parent: parent, key: key} }

func (n *node) child(key string) *node {
	if n.children == nil {
		n.children = make(map[string]*node)
	}
	c := newNode(n, key)
	n.children[key] = c
	return c
}

func (n *node) wildChild() *node {
	if n.wild == nil {
		n.wild = newNode(n, "")
	}
	return n.wild
}

func (n *node) empty() bool {
	return len(n.children) == 0 && n.wild == nil && len(n.clusters) == 0
}

// drop removes child c from n.
func (n *node) drop(c *node) {
	if n.wild == c {
		n.wild = nil
		return
	}
	delete(n.children, c.key)
}

// hash is 64-bit FNV-1a, used for template ids.
type hash uint64

func newHash() hash { return 14695981039346656037 }

func (h hash) addByte(b byte) hash { return (h ^ hash(b)) * 1099511628211 }

func (h hash) addBytes(b []byte) hash {
	for _, c := range b {
		h = h.addByte(c)
	}
	return h
}

func (h hash) addString(s string) hash {
	for i := 0; i < len(s); i++ {
		h = h.addByte(s[i])
	}
	return h
}

func (h hash) addInt(n int) hash {
	for i := 0; i < 8; i++ {
		h = h.addByte(byte(n >> (8 * i)))
	}
	return h
}
