package drain

import (
	"math/bits"
	"strings"
)

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

	// words has a bit set for the hash of every word of the template
	// (tokens neither masked nor wildcards, nor quoted values of a key,
	// which may differ: see pairs.go). A line that lacks more of these bits
	// than the threshold allows cannot match, which saves comparing it
	// token by token.
	words wordSet

	leaf       *node
	wildPath   uint32 // bit i: key level i routes through the wildcard child
	groupIndex int    // position in lengthGroup.clusters
	recent     links  // in Miner.lru, most recent first
	inLeaf     links  // in leaf.clusters, most recent first
}

type links struct{ prev, next *cluster }

// next returns the next less recently used cluster.
func (c *cluster) next() *cluster { return c.recent.next }

// wordSet is a 256-bit set of token hashes.
type wordSet [4]uint64

// addWord sets the bit of w that stands for token t. The hash reads the
// length and at most the first and last eight bytes: it only has to tell
// most words apart, and it runs for every token of every line.
func addWord[T string | []byte](w *wordSet, t T) {
	var a, b uint64
	n := len(t)
	for i := 0; i < 8 && i < n; i++ {
		a |= uint64(t[i]) << (8 * i)
	}
	if n > 8 {
		for i := 0; i < 8; i++ {
			b |= uint64(t[n-8+i]) << (8 * i)
		}
	}
	// MurmurHash3's finaliser mixes every input bit into the top bits.
	x := a ^ b*0x9e3779b97f4a7c15 ^ uint64(n)
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	w[x>>62] |= 1 << (x >> 56 & 63)
}

// missing returns how many bits of w are not in line: a lower bound on the
// words of w's template that the line lacks.
func (w *wordSet) missing(line *wordSet) int {
	return bits.OnesCount64(w[0]&^line[0]) + bits.OnesCount64(w[1]&^line[1]) +
		bits.OnesCount64(w[2]&^line[2]) + bits.OnesCount64(w[3]&^line[3])
}

// within reports whether every bit of w is in x.
func (w *wordSet) within(x *wordSet) bool {
	return w[0]&^x[0] == 0 && w[1]&^x[1] == 0 && w[2]&^x[2] == 0 && w[3]&^x[3] == 0
}

// updateWords recomputes c.words.
func (c *cluster) updateWords() {
	c.words = wordSet{}
	for i, t := range c.tokens {
		if t != "" && !c.masked[i] && !freePair(t) {
			addWord(&c.words, t)
		}
	}
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

// clusterList orders clusters by recency: the miner's list decides
// eviction, each leaf's list decides which clusters a line is compared
// with first. Both orders agree, as both move a cluster to the front
// whenever it matches.
type clusterList struct {
	head, tail *cluster
	len        int
	leaf       bool // links through inLeaf rather than recent
}

func (l *clusterList) links(c *cluster) *links {
	if l.leaf {
		return &c.inLeaf
	}
	return &c.recent
}

func (l *clusterList) pushFront(c *cluster) {
	cl := l.links(c)
	cl.prev, cl.next = nil, l.head
	if l.head != nil {
		l.links(l.head).prev = c
	} else {
		l.tail = c
	}
	l.head = c
	l.len++
}

func (l *clusterList) remove(c *cluster) {
	cl := l.links(c)
	if cl.prev != nil {
		l.links(cl.prev).next = cl.next
	} else {
		l.head = cl.next
	}
	if cl.next != nil {
		l.links(cl.next).prev = cl.prev
	} else {
		l.tail = cl.prev
	}
	cl.prev, cl.next = nil, nil
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
	clusters clusterList // at leaves
}

func newNode(parent *node, key string) *node {
	return &node{parent: parent, key: key, clusters: clusterList{leaf: true}}
}

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
	return len(n.children) == 0 && n.wild == nil && n.clusters.len == 0
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
