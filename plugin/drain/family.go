package drain

// A family is one template id. Most families hold one cluster; a family
// holds several when lines of one event differ in token count only by
// variables, such as the optional "(18.4 KB)" in
//
//	<HOST> close, <NUM> bytes sent, <NUM> bytes received, lifetime <TIME>
//	<HOST> close, <NUM> bytes (<NUM> KB) sent, <NUM> bytes received, lifetime <TIME>
//
// Drain keeps clusters per token count, so each form is its own cluster;
// the family gives them one id, one count and one numbering of the
// variable slots.
type family struct {
	id     uint64
	idText string
	count  int64  // lines matched by all its clusters
	seq    uint64 // founding order, for order-free tie breaks
	// layout is the template that numbers the slots: the tokens of the
	// founding cluster (shared with it while it lives, so it follows its
	// generalisation). Other members map their positions onto it.
	layout       []string
	layoutMasked []bool
	members      []*cluster
}

// signature returns a hash of the cluster's words (its tokens that are
// neither masked nor wildcards) in order, and how many there are.
func signature(c *cluster) (sig uint64, words int) {
	h := newHash()
	for i, t := range c.tokens {
		if t == "" || c.masked[i] {
			continue
		}
		h = h.addString(t).addByte(0)
		words++
	}
	return uint64(h), words
}

// sameWords reports whether a and b have the same words in the same order.
func sameWords(a, b *cluster) bool {
	i, j := 0, 0
	for {
		for i < len(a.tokens) && (a.tokens[i] == "" || a.masked[i]) {
			i++
		}
		for j < len(b.tokens) && (b.tokens[j] == "" || b.masked[j]) {
			j++
		}
		if i == len(a.tokens) || j == len(b.tokens) {
			return i == len(a.tokens) && j == len(b.tokens)
		}
		if a.tokens[i] != b.tokens[j] {
			return false
		}
		i++
		j++
	}
}

// indexSignature files c under its word signature. Clusters without
// words are not filed: they would all look alike.
func (m *Miner) indexSignature(c *cluster) {
	sig, words := signature(c)
	c.sig = sig
	if words == 0 {
		c.sig = 0
		return
	}
	m.bySig[sig] = append(m.bySig[sig], c)
}

func (m *Miner) unindexSignature(c *cluster) {
	if c.sig == 0 {
		return
	}
	list := m.bySig[c.sig]
	for i, x := range list {
		if x == c {
			last := len(list) - 1
			list[i] = list[last]
			list[last] = nil
			list = list[:last]
			break
		}
	}
	if len(list) == 0 {
		delete(m.bySig, c.sig)
	} else {
		m.bySig[c.sig] = list
	}
	c.sig = 0
}

// familyFor returns the family a new cluster belongs to: that of the
// biggest (then oldest) family among clusters with the same words, or nil.
func (m *Miner) familyFor(c *cluster) *family {
	if c.sig == 0 {
		return nil
	}
	var best *family
	for _, x := range m.bySig[c.sig] {
		if x == c || !sameWords(c, x) {
			continue
		}
		f := x.fam
		if best == nil || f.count > best.count || (f.count == best.count && f.seq < best.seq) {
			best = f
		}
	}
	return best
}

// found makes c the first cluster of a new family. The id is a hash of the
// cluster's first line, so the same template gets the same id in every
// miner that meets it first in the same form.
func (m *Miner) found(c *cluster) {
	h := newHash()
	for _, t := range c.tokens {
		h = h.addString(t).addByte(' ')
	}
	id := uint64(h.addInt(len(c.tokens)))
	for m.byID[id] != nil || id == 0 {
		id = uint64(hash(id).addByte('+'))
	}
	m.familySeq++
	f := &family{
		id:           id,
		idText:       formatID(id),
		seq:          m.familySeq,
		layout:       c.tokens,
		layoutMasked: c.masked,
		members:      []*cluster{c},
	}
	m.byID[id] = f
	m.aliases.drop(id)
	c.fam = f
	c.slotMap = nil
	m.stats.TemplatesCreated++
}

// join adds c to family f.
func (m *Miner) join(f *family, c *cluster) {
	c.fam = f
	f.members = append(f.members, c)
	c.slotMap = alignSlots(f, c)
}

// leave takes c out of its family, and forgets the family with its last
// cluster.
func (m *Miner) leave(c *cluster) {
	f := c.fam
	for i, x := range f.members {
		if x == c {
			last := len(f.members) - 1
			f.members[i] = f.members[last]
			f.members[last] = nil
			f.members = f.members[:last]
			break
		}
	}
	c.fam = nil
	if len(f.members) == 0 {
		delete(m.byID, f.id)
	}
}

// mergeFamilies moves every cluster of family b into family a and makes
// b's id an alias of a's.
func (m *Miner) mergeFamilies(a, b *family) {
	for _, x := range b.members {
		x.fam = a
		a.members = append(a.members, x)
		x.slotMap = alignSlots(a, x)
	}
	b.members = nil
	a.count += b.count
	delete(m.byID, b.id)
	m.aliases.put(b.id, a.id)
	m.merged = append(m.merged, b.idText)
	m.stats.TemplatesMerged++
}

// alignSlots maps c's positions onto f's layout by walking both in order:
// equal words and pairs of variables line up; a variable present on one
// side only is skipped. It returns nil when c numbers its slots like the
// layout, and -1 for positions without a slot.
func alignSlots(f *family, c *cluster) []int32 {
	if len(c.tokens) == len(f.layout) && (len(c.tokens) == 0 || &c.tokens[0] == &f.layout[0]) {
		return nil
	}
	variable := func(t string, masked bool) bool { return t == "" || masked }
	slots := make([]int32, len(c.tokens))
	identity := len(c.tokens) == len(f.layout)
	i := 0
	for j, t := range c.tokens {
		slots[j] = -1
		vj := variable(t, c.masked[j])
		for i < len(f.layout) {
			vi := variable(f.layout[i], f.layoutMasked[i])
			if (vi && vj) || f.layout[i] == t {
				slots[j] = int32(i)
				i++
				break
			}
			if vj {
				break // a variable the layout lacks here
			}
			if vi {
				i++ // a layout variable c lacks
				continue
			}
			i++ // two different words: neither has a slot
			break
		}
		if slots[j] != int32(j) {
			identity = false
		}
	}
	if identity {
		return nil
	}
	return slots
}
