package drain

import (
	"bytes"
	"cmp"
	"math"
	"slices"
)

// buf returns the masked text of token t of the current line; it is valid
// until the next Add.
func (m *Miner) buf(t token) []byte { return m.masker.buf[t.start:t.end] }

// similarity returns the share of the line's positions that agree with the
// cluster: equal tokens, a wildcard, two masked tokens of one shape
// ("uid=<NUM>" and "uid=<HEX>"), a word where the cluster has a mask (see
// fitsMasks), and, when every other position agrees,
// two free values of one key (see pairs.go). It returns -1 when the line
// differs from a settled word of the cluster or in more than allowed
// positions.
// covered reports that the template already covers the line as it is.
func (m *Miner) similarity(c *cluster, toks []token, allowed int) (sim float64, covered bool) {
	if len(toks) == 0 {
		return 1, true
	}
	settled := m.settled(c)
	same, exact, diff, values := 0, 0, 0, 0
	for i, t := range c.tokens {
		lt := toks[i]
		text := m.buf(lt)
		switch {
		case t == "" || t == string(text):
			same++
			exact++
		case lt.masked && c.masked[i] && sameShape(t, text), c.masked[i] && !lt.masked && fitsMasks(t, text):
			same++
		case settled && !c.masked[i]:
			return -1, false
		case sameKey(t, text):
			// Another free value of the key: agreement when the words
			// agree, a difference otherwise (see pairs.go). Masked or not:
			// a name with a serial (backup="team-a/orders-db-<*>") is as
			// free as one without.
			values++
			if diff > 0 && diff+values > allowed {
				return -1, false
			}
		default:
			diff++
			if diff+values > allowed {
				return -1, false
			}
		}
	}
	if diff == 0 {
		same += values
	}
	return float64(same) / float64(len(toks)), exact == len(toks)
}

// settled reports whether c's words no longer turn into wildcards.
func (m *Miner) settled(c *cluster) bool {
	return m.cfg.SettleAfter > 0 && c.count >= int64(m.cfg.SettleAfter)
}

// better reports whether cluster c with similarity s beats the best so far.
// Ties go to the bigger, then the older cluster, so the choice does not
// depend on the order clusters are visited in.
func better(c *cluster, s float64, best *cluster, bestSim float64) bool {
	if s != bestSim {
		return s > bestSim
	}
	if c.count != best.count {
		return c.count > best.count
	}
	return c.seq < best.seq
}

// search returns the best cluster for the line, or nil, and whether its
// template covers the line as it is. It visits at most MaxCandidates
// clusters, the most recently matched of each reachable leaf first.
func (m *Miner) search(toks []token) (best *cluster, covered bool) {
	if len(toks) >= len(m.lengths) {
		return nil, false
	}
	g := m.lengths[len(toks)]
	if g == nil {
		return nil, false
	}
	m.leaves = m.collectLeaves(m.leaves[:0], g.root, toks, 0, m.keyCount(len(toks)))
	// Past this many disagreeing positions the threshold is out of reach.
	allowed := len(toks) - int(math.Ceil(m.cfg.SimilarityThreshold*float64(len(toks))-1e-9))
	// The word filter pays off only when there is a choice to make.
	candidates := 0
	for _, leaf := range m.leaves {
		candidates += leaf.clusters.len
	}
	var lineWords wordSet
	filter := candidates > 2
	if filter {
		for _, t := range toks {
			addWord(&lineWords, m.buf(t))
		}
	}
	bestSim := -1.0
	budget := m.cfg.MaxCandidates
	for _, leaf := range m.leaves {
		for c := leaf.clusters.head; c != nil && budget > 0; c = c.inLeaf.next {
			budget--
			if filter {
				missing := c.words.missing(&lineWords)
				if missing > allowed || (missing > 0 && m.settled(c)) {
					continue
				}
			}
			s, cov := m.similarity(c, toks, allowed)
			if s >= 0 && (best == nil || better(c, s, best, bestSim)) {
				best, bestSim, covered = c, s, cov
			}
		}
	}
	if best != nil && bestSim >= m.cfg.SimilarityThreshold {
		return best, covered
	}
	return m.searchLabelled(toks)
}

// searchLabelled returns the cluster of the line's length that differs from it only in a
// leading label, or nil. A leading dotted name with a colon ("com.apple.Safari.Update:",
// a bundle id, a logger, a class) names who writes the line, not what happened, but as a
// line's first token it routes the line away from the same message written by another
// writer: each writer's first line started a template of its own, which merged with
// the others' later if at all (Mac's "scheduler_evaluate_activity told me to run this
// job" lines under six labels: 0.799 grouping as emitted against 0.882 in the end). A
// label without a dot is often the event's own name ("getTasks:" and
// "getRunningAppProcesses:" are two events of Android's). Every other position must
// agree as the template has it; the most recently matched clusters are tried first, at
// most MaxCandidates of them.
func (m *Miner) searchLabelled(toks []token) (best *cluster, covered bool) {
	if len(toks) < 2 || toks[0].masked || !dottedLabel(m.buf(toks[0])) {
		return nil, false
	}
	budget := m.cfg.MaxCandidates
	for c := m.lru.head; c != nil && budget > 0; c = c.next() {
		if len(c.tokens) != len(toks) || c.tokens[0] == "" || c.masked[0] || !dottedLabel([]byte(c.tokens[0])) {
			continue // a wildcard label was searched through the tree; an undotted one names the event
		}
		budget--
		if m.agreesAfterLabel(c, toks) && (best == nil || better(c, 0, best, 0)) {
			best = c
		}
	}
	// One position of the line's differs, its label, whether or not the template has
	// settled: a writer is no word of the event.
	if best == nil || float64(len(toks)-1)/float64(len(toks)) < m.cfg.SimilarityThreshold {
		return nil, false
	}
	return best, false
}

// agreesAfterLabel reports whether every position of the line but the first agrees with
// cluster c: an equal token, a wildcard, or a masked token of the same shape.
func (m *Miner) agreesAfterLabel(c *cluster, toks []token) bool {
	for i := 1; i < len(toks); i++ {
		t, text := c.tokens[i], m.buf(toks[i])
		if t != "" && t != string(text) && !(toks[i].masked && c.masked[i] && sameShape(t, text)) {
			return false
		}
	}
	return true
}

// dottedLabel reports whether b is a dotted name followed by a colon.
func dottedLabel(b []byte) bool {
	return len(b) > 2 && b[len(b)-1] == ':' && bytes.IndexByte(b[:len(b)-1], '.') > 0
}

// keyCount returns how many leading tokens route a line of n tokens. The
// last token never routes, so two-token lines keep a choice.
func (m *Miner) keyCount(n int) int {
	return max(0, min(m.keys, n-1))
}

// collectLeaves appends the leaves a line can reach: at each level the
// child named by the line's token (unless the token is masked) and the
// wildcard child.
func (m *Miner) collectLeaves(dst []*node, n *node, toks []token, level, keys int) []*node {
	if level == keys {
		return append(dst, n)
	}
	t := toks[level]
	if !t.masked {
		if child := n.children[string(m.buf(t))]; child != nil {
			dst = m.collectLeaves(dst, child, toks, level+1, keys)
		}
	}
	if n.wild != nil {
		dst = m.collectLeaves(dst, n.wild, toks, level+1, keys)
	}
	return dst
}

// joinToken returns the template token that covers both a and b: a itself
// when they are equal or when b is a word where a has masks (see fitsMasks),
// their common shape for two masked tokens of one shape ("uid=<NUM>" and
// "uid=<HEX>" give "uid=<*>"), and the wildcard otherwise.
func joinToken(a string, aMasked bool, b []byte, bMasked bool) string {
	if a == "" || a == string(b) {
		return a
	}
	if aMasked && bMasked && sameShape(a, b) {
		return joinShapes(a, b)
	}
	if aMasked && !bMasked && fitsMasks(a, b) {
		return a
	}
	return ""
}

// generalise widens c's template to cover the line and reports whether it
// changed.
func (m *Miner) generalise(c *cluster, toks []token) bool {
	changed, keyChanged, wordLost := false, false, false
	keys := m.keyCount(len(toks))
	for i, t := range c.tokens {
		nt := joinToken(t, c.masked[i], m.buf(toks[i]), toks[i].masked)
		if nt == t {
			continue
		}
		c.tokens[i] = nt
		changed = true
		if nt == "" {
			keyChanged = keyChanged || i < keys
			wordLost = wordLost || !c.masked[i]
		}
	}
	if !changed {
		return false
	}
	c.rendered = ""
	c.updateWords()
	if keyChanged {
		m.unlink(c)
		m.link(c)
	}
	if wordLost {
		m.unindexSignature(c)
		m.indexSignature(c)
	}
	return true
}

// covers reports whether template g covers template x closely enough to
// absorb it: at every position g has x's token, a wildcard, or a masked
// token of the shape of x's; where x has a wildcard, g has a wildcard or a
// masked token; and g has a wildcard over at most one of x's words (a
// quoted value of a key is no word: see pairs.go). One
// word is what settling can have kept wrongly ("for root"); templates
// that differ in two words ("from NEW to UNASSIGNED", "from <*> to <*>")
// are kept apart.
func covers(g, x *cluster) bool {
	words := 0
	for i, t := range g.tokens {
		switch u := x.tokens[i]; {
		case t == u:
		case t == "":
			if !x.masked[i] && u != "" && !freePair(u) {
				if words++; words > 1 {
					return false
				}
			}
		case u == "":
			if !g.masked[i] {
				return false
			}
		case g.masked[i] && x.masked[i] && sameShape(t, []byte(u)):
		default:
			return false
		}
	}
	return true
}

// absorb merges into one cluster c and every cluster of its length that c
// now covers, as happens when a template settled early ("for root") and a
// younger one ("for <*>") turned variable where they differ. The biggest
// (then oldest) cluster survives; template ids merge the same way (see
// mergeFamilies). It returns the survivor.
func (m *Miner) absorb(c *cluster) *cluster {
	g := m.lengths[len(c.tokens)]
	m.absorbed = m.absorbed[:0]
	for _, x := range g.clusters {
		if x != c && c.words.within(&x.words) && covers(c, x) {
			m.absorbed = append(m.absorbed, x)
		}
	}
	if len(m.absorbed) == 0 {
		return c
	}
	m.absorbed = append(m.absorbed, c)
	// Merge in creation order, so the outcome (aliases included) does not
	// depend on where clusters sit in the group after a restore.
	slices.SortFunc(m.absorbed, func(a, b *cluster) int { return cmp.Compare(a.seq, b.seq) })
	survivor := c
	for _, x := range m.absorbed {
		if x.count > survivor.count || (x.count == survivor.count && x.seq < survivor.seq) {
			survivor = x
		}
	}
	for _, x := range m.absorbed {
		if x == survivor {
			continue
		}
		if x.fam != survivor.fam {
			m.mergeFamilies(survivor.fam, x.fam)
		}
		for i, t := range x.tokens {
			if t == "" {
				survivor.tokens[i] = ""
			} else {
				survivor.tokens[i] = joinToken(survivor.tokens[i], survivor.masked[i], []byte(t), x.masked[i])
			}
		}
		survivor.count += x.count
		m.remove(x)
		m.stats.ClustersMerged++
	}
	survivor.rendered = ""
	survivor.updateWords()
	m.unlink(survivor)
	m.link(survivor)
	m.unindexSignature(survivor)
	m.indexSignature(survivor)
	m.touch(survivor)
	return survivor
}

// touch makes c the most recently matched cluster, of the miner (for
// eviction) and of its leaf (for the order of comparison).
func (m *Miner) touch(c *cluster) {
	m.lru.moveToFront(c)
	c.leaf.clusters.moveToFront(c)
}

// create adds a cluster for the line, evicting the least recently used
// cluster when full. The cluster joins the template id of a cluster whose
// words are the same and differ only by variables (see familyFor), or
// founds a new one.
func (m *Miner) create(toks []token) *cluster {
	if m.lru.len >= m.cfg.MaxClusters {
		m.remove(m.lru.back())
		m.stats.ClustersEvicted++
	}
	c := &cluster{tokens: make([]string, len(toks)), masked: make([]bool, len(toks))}
	// One string holds every token; the tokens are slices of it.
	var size int
	for _, t := range toks {
		size += int(t.end - t.start)
	}
	all := make([]byte, 0, size)
	for _, t := range toks {
		all = append(all, m.buf(t)...)
	}
	text := string(all)
	at := 0
	for i, t := range toks {
		n := int(t.end - t.start)
		c.tokens[i] = text[at : at+n]
		at += n
		c.masked[i] = t.masked
	}
	m.seq++
	c.seq = m.seq
	c.updateWords()
	m.insert(c)
	m.lru.pushFront(c)
	m.stats.ClustersCreated++
	if f := m.familyFor(c); f != nil {
		m.join(f, c)
	} else {
		m.found(c)
	}
	return c
}

// insert registers c in its length group, the tree and the signature
// index.
func (m *Miner) insert(c *cluster) {
	n := len(c.tokens)
	g := m.lengths[n]
	if g == nil {
		g = &lengthGroup{root: newNode(nil, "")}
		m.lengths[n] = g
	}
	c.groupIndex = len(g.clusters)
	g.clusters = append(g.clusters, c)
	m.link(c)
	m.indexSignature(c)
}

// remove forgets c; its template id goes when its last cluster does.
func (m *Miner) remove(c *cluster) {
	m.unlink(c)
	m.lru.remove(c)
	m.unindexSignature(c)
	g := m.lengths[len(c.tokens)]
	last := len(g.clusters) - 1
	g.clusters[c.groupIndex] = g.clusters[last]
	g.clusters[c.groupIndex].groupIndex = c.groupIndex
	g.clusters[last] = nil
	g.clusters = g.clusters[:last]
	if len(g.clusters) == 0 {
		m.lengths[len(c.tokens)] = nil
	}
	m.leave(c)
}
