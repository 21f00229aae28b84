package drain

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest/envelope"
	"github.com/ugorji/go/codec"
)

// The saved state is a msgpack body in the project's state frame (package
// forest/envelope), so foreign, truncated, damaged and outdated bytes are told
// apart before the body is decoded, as for every saved state. The frame has no
// fingerprint: a miner restores a state saved under another configuration.
const (
	stateKind = "drain/miner"
	// stateVersion 1 had a frame of its own; those bytes are now foreign.
	stateVersion = 2
)

// Errors returned by UnmarshalBinary, wrapped with detail. They are the
// envelope's own, so every saved state of the project fails the same way.
var (
	// ErrStateForeign reports bytes that are not a saved miner.
	ErrStateForeign = envelope.ErrForeign
	// ErrStateVersion reports a saved miner of a format this build does
	// not read.
	ErrStateVersion = envelope.ErrVersion
	// ErrStateCorrupt reports a saved miner that is truncated, damaged or
	// inconsistent.
	ErrStateCorrupt = envelope.ErrCorrupt
)

// maxSavedCount bounds saved counts and sequence numbers, far above what a
// miner reaches, so that counting on after a restore cannot overflow.
const maxSavedCount = 1 << 62

// maxStateInitLen bounds what the decoder allocates up front for one
// collection, so a forged length cannot ask for gigabytes.
const maxStateInitLen = 1 << 12

var stateHandle = func() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	h.MaxInitLen = maxStateInitLen
	return h
}()

type savedState struct {
	_struct   struct{} `codec:",toarray"` //nolint:unused // codec option
	Config    savedConfig
	Seq       uint64
	FamilySeq uint64
	Stats     Stats
	Families  []savedFamily  // in founding order
	Clusters  []savedCluster // most recently used first
	Aliases   []savedAlias   // oldest first
}

type savedConfig struct {
	_struct             struct{} `codec:",toarray"` //nolint:unused // codec option
	Depth               int
	SimilarityThreshold float64
	MaxChildren         int
	MaxClusters         int
	MaxTokens           int
	MaxLineBytes        int
	SettleAfter         int
	MaxCandidates       int
}

type savedFamily struct {
	_struct struct{} `codec:",toarray"` //nolint:unused // codec option
	ID      uint64
	Count   int64
	Seq     uint64
	// LayoutCluster is the index of the cluster whose tokens are the
	// layout, or -1 when that cluster is gone and Layout holds a copy.
	LayoutCluster int
	Layout        []string
	LayoutMasked  []bool
}

type savedCluster struct {
	_struct  struct{} `codec:",toarray"` //nolint:unused // codec option
	Family   int
	Tokens   []string
	Masked   []bool
	Count    int64
	Seq      uint64
	WildPath uint32
	SlotMap  []int32
}

type savedAlias struct {
	_struct  struct{} `codec:",toarray"` //nolint:unused // codec option
	From, To uint64
}

// MarshalBinary saves the miner: templates, ids, counts, recency, aliases
// and counters. A miner restored from it with UnmarshalBinary continues
// exactly as this one would.
func (m *Miner) MarshalBinary() ([]byte, error) {
	s := savedState{
		Config: savedConfig{
			Depth:               m.cfg.Depth,
			SimilarityThreshold: m.cfg.SimilarityThreshold,
			MaxChildren:         m.cfg.MaxChildren,
			MaxClusters:         m.cfg.MaxClusters,
			MaxTokens:           m.cfg.MaxTokens,
			MaxLineBytes:        m.cfg.MaxLineBytes,
			SettleAfter:         m.cfg.SettleAfter,
			MaxCandidates:       m.cfg.MaxCandidates,
		},
		Seq:       m.seq,
		FamilySeq: m.familySeq,
		Stats:     m.stats,
	}
	families := make([]*family, 0, len(m.byID))
	for _, f := range m.byID {
		families = append(families, f)
	}
	slices.SortFunc(families, func(a, b *family) int { return cmp.Compare(a.seq, b.seq) })
	familyIndex := make(map[*family]int, len(families))
	for i, f := range families {
		familyIndex[f] = i
	}
	layoutOwner := make(map[*family]int)
	i := 0
	for c := m.lru.head; c != nil; c = c.next() {
		if len(c.tokens) > 0 && len(c.fam.layout) > 0 && &c.tokens[0] == &c.fam.layout[0] {
			layoutOwner[c.fam] = i
		}
		s.Clusters = append(s.Clusters, savedCluster{
			Family:   familyIndex[c.fam],
			Tokens:   c.tokens,
			Masked:   c.masked,
			Count:    c.count,
			Seq:      c.seq,
			WildPath: c.wildPath,
			SlotMap:  c.slotMap,
		})
		i++
	}
	for _, f := range families {
		sf := savedFamily{ID: f.id, Count: f.count, Seq: f.seq, LayoutCluster: -1}
		if owner, ok := layoutOwner[f]; ok {
			sf.LayoutCluster = owner
		} else {
			sf.Layout, sf.LayoutMasked = f.layout, f.layoutMasked
		}
		s.Families = append(s.Families, sf)
	}
	for _, from := range m.aliases.inOrder() {
		s.Aliases = append(s.Aliases, savedAlias{From: from, To: m.aliases.to[from]})
	}

	var body []byte
	if err := codec.NewEncoderBytes(&body, stateHandle).Encode(&s); err != nil {
		return nil, fmt.Errorf("drain: encode state: %w", err)
	}
	return envelope.Seal(stateKind, stateVersion, "", body), nil
}

// UnmarshalBinary replaces the miner's state with one saved by
// MarshalBinary. The miner keeps its own configuration: when the saved one
// differs, templates are placed anew in the prefix tree, and the least
// recently used ones are evicted if MaxClusters is now smaller. A template
// with more tokens than MaxTokens allows is an error. On error the miner
// is left unchanged.
func (m *Miner) UnmarshalBinary(data []byte) error {
	body, err := envelope.Open(data, stateKind, stateVersion, "")
	if err != nil {
		return fmt.Errorf("drain: saved miner: %w", err)
	}
	var s savedState
	if err := decodeState(body, &s); err != nil {
		return fmt.Errorf("drain: saved miner: %w: %v", ErrStateCorrupt, err)
	}
	restored, err := m.rebuild(&s)
	if err != nil {
		return fmt.Errorf("drain: saved miner: %w: %v", ErrStateCorrupt, err)
	}
	*m = *restored
	return nil
}

// decodeState decodes a body; the codec reports malformed input as errors,
// and the recover turns any panic that slips through into one.
func decodeState(body []byte, s *savedState) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decode: %v", r)
		}
	}()
	return codec.NewDecoderBytes(body, stateHandle).Decode(s)
}

// rebuild checks a decoded state and builds a miner from it with m's
// configuration.
func (m *Miner) rebuild(s *savedState) (*Miner, error) {
	r, err := New(m.cfg)
	if err != nil {
		return nil, err
	}
	if s.Seq < uint64(len(s.Clusters)) || s.FamilySeq < uint64(len(s.Families)) {
		return nil, errors.New("sequence counters behind the saved templates")
	}
	if s.Seq > maxSavedCount || s.FamilySeq > maxSavedCount {
		return nil, errors.New("sequence counters out of range")
	}
	r.seq, r.familySeq, r.stats = s.Seq, s.FamilySeq, s.Stats
	sameTree := s.Config.Depth == m.cfg.Depth && s.Config.MaxChildren == m.cfg.MaxChildren

	families := make([]*family, len(s.Families))
	seenFamilySeq := make(map[uint64]bool, len(s.Families))
	for i, sf := range s.Families {
		if sf.ID == 0 || r.byID[sf.ID] != nil {
			return nil, fmt.Errorf("family %d: id %016x is zero or repeated", i, sf.ID)
		}
		if sf.Count < 0 || sf.Count > maxSavedCount || sf.Seq == 0 || sf.Seq > s.FamilySeq || seenFamilySeq[sf.Seq] {
			return nil, fmt.Errorf("family %d: count %d or sequence %d out of range", i, sf.Count, sf.Seq)
		}
		seenFamilySeq[sf.Seq] = true
		f := &family{id: sf.ID, idText: formatID(sf.ID), count: sf.Count, seq: sf.Seq}
		if sf.LayoutCluster < 0 {
			if len(sf.Layout) != len(sf.LayoutMasked) || len(sf.Layout) > MaxTokensLimit {
				return nil, fmt.Errorf("family %d: layout of %d tokens and %d flags", i, len(sf.Layout), len(sf.LayoutMasked))
			}
			f.layout, f.layoutMasked = sf.Layout, sf.LayoutMasked
		} else if sf.LayoutCluster >= len(s.Clusters) {
			return nil, fmt.Errorf("family %d: layout cluster %d out of range", i, sf.LayoutCluster)
		}
		families[i] = f
		r.byID[f.id] = f
	}

	seenSeq := make(map[uint64]bool, len(s.Clusters))
	clusters := make([]*cluster, len(s.Clusters))
	for i, sc := range s.Clusters {
		if sc.Family < 0 || sc.Family >= len(families) {
			return nil, fmt.Errorf("cluster %d: family %d out of range", i, sc.Family)
		}
		if len(sc.Tokens) > m.cfg.MaxTokens {
			return nil, fmt.Errorf("cluster %d: %d tokens, max tokens is %d", i, len(sc.Tokens), m.cfg.MaxTokens)
		}
		if len(sc.Masked) != len(sc.Tokens) || (sc.SlotMap != nil && len(sc.SlotMap) != len(sc.Tokens)) {
			return nil, fmt.Errorf("cluster %d: %d tokens, %d flags, %d slots", i, len(sc.Tokens), len(sc.Masked), len(sc.SlotMap))
		}
		if sc.Count < 1 || sc.Count > maxSavedCount || sc.Seq == 0 || sc.Seq > s.Seq || seenSeq[sc.Seq] {
			return nil, fmt.Errorf("cluster %d: count %d or sequence %d out of range", i, sc.Count, sc.Seq)
		}
		seenSeq[sc.Seq] = true
		c := &cluster{
			fam:      families[sc.Family],
			tokens:   sc.Tokens,
			masked:   sc.Masked,
			count:    sc.Count,
			seq:      sc.Seq,
			wildPath: sc.WildPath,
			slotMap:  sc.SlotMap,
		}
		if c.tokens == nil {
			c.tokens, c.masked = []string{}, []bool{}
		}
		clusters[i] = c
	}
	for i, sf := range s.Families {
		f := families[i]
		if sf.LayoutCluster >= 0 {
			owner := clusters[sf.LayoutCluster]
			if owner.fam != f {
				return nil, fmt.Errorf("family %d: layout cluster %d belongs to another family", i, sf.LayoutCluster)
			}
			f.layout, f.layoutMasked = owner.tokens, owner.masked
		}
	}
	// Least recent first, so that pushing each to the front of the
	// recency lists (the miner's and its leaf's) rebuilds both orders.
	for i := len(clusters) - 1; i >= 0; i-- {
		c := clusters[i]
		for j, slot := range c.slotMap {
			if slot < -1 || int(slot) >= len(c.fam.layout) {
				return nil, fmt.Errorf("cluster %d: slot %d of position %d outside a layout of %d", i, slot, j, len(c.fam.layout))
			}
		}
		c.fam.members = append(c.fam.members, c)
		n := len(c.tokens)
		if r.lengths[n] == nil {
			r.lengths[n] = &lengthGroup{root: newNode(nil, "")}
		}
		g := r.lengths[n]
		c.groupIndex = len(g.clusters)
		g.clusters = append(g.clusters, c)
		if sameTree {
			if c.wildPath >= 1<<r.keyCount(n) {
				return nil, fmt.Errorf("cluster %d: tree path %b deeper than the tree", i, c.wildPath)
			}
			r.relink(c, c.wildPath)
		} else {
			r.link(c)
		}
		c.updateWords()
		r.indexSignature(c)
		r.lru.pushFront(c)
	}
	for i, f := range families {
		if len(f.members) == 0 {
			return nil, fmt.Errorf("family %d has no template", i)
		}
	}
	for _, a := range s.Aliases {
		r.aliases.put(a.From, a.To)
	}
	for r.lru.len > r.cfg.MaxClusters {
		r.remove(r.lru.back())
		r.stats.ClustersEvicted++
	}
	return r, nil
}
