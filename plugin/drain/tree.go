package drain

// link places c in the prefix tree under its template's leading tokens:
// masked tokens and wildcards go to the wildcard child, as do tokens met
// when a node already has MaxChildren children.
func (m *Miner) link(c *cluster) {
	cur := m.lengths[len(c.tokens)].root
	c.wildPath = 0
	for i := 0; i < m.keyCount(len(c.tokens)); i++ {
		t := c.tokens[i]
		if t != "" && !c.masked[i] {
			if child := cur.children[t]; child != nil {
				cur = child
				continue
			}
			if len(cur.children) < m.cfg.MaxChildren {
				cur = cur.child(t)
				continue
			}
		}
		cur = cur.wildChild()
		c.wildPath |= 1 << i
	}
	cur.clusters.pushFront(c)
	c.leaf = cur
}

// relink places c on a known path, as saved by MarshalBinary, so a
// restored tree has the same shape whatever order clusters come back in.
// Like link, it makes c the most recent cluster of its leaf.
func (m *Miner) relink(c *cluster, wildPath uint32) {
	cur := m.lengths[len(c.tokens)].root
	for i := 0; i < m.keyCount(len(c.tokens)); i++ {
		t := c.tokens[i]
		if wildPath&(1<<i) != 0 || t == "" || c.masked[i] {
			cur = cur.wildChild()
			continue
		}
		if child := cur.children[t]; child != nil {
			cur = child
		} else {
			cur = cur.child(t)
		}
	}
	c.wildPath = wildPath
	cur.clusters.pushFront(c)
	c.leaf = cur
}

// unlink removes c from the prefix tree and prunes emptied nodes.
func (m *Miner) unlink(c *cluster) {
	leaf := c.leaf
	leaf.clusters.remove(c)
	c.leaf = nil
	for n := leaf; n.parent != nil && n.empty(); n = n.parent {
		n.parent.drop(n)
	}
}

func formatID(id uint64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	for i := 15; i >= 0; i-- {
		b[i] = digits[id&15]
		id >>= 4
	}
	return string(b[:])
}
