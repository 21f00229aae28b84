// Package drain mines log templates online: every line is matched to (or
// starts) a template such as
//
//	Connection from <IP> closed after <NUM> ms
//
// and the caller gets the template, a stable template id and the numeric
// values of the line's variables, from which rarity, novelty, bursts and
// numeric drift features are built.
//
// The algorithm follows Drain (He, Zhu, Zheng and Lyu, "Drain: An Online Log
// Parsing Approach with Fixed Depth Tree", ICWS 2017):
//
//  1. Masking. Lines are split at white space. Tokens that hold a digit are
//     masked by shape (<NUM>, <IP>, <HOST>, <UUID>, <HEX>, <TIME>, or <*>),
//     as are paths, URLs and e-mail addresses (<PATH>, <URL>, <EMAIL>);
//     "uid=0" keeps its key ("uid=<NUM>"), a unit written apart joins its
//     number ("40 ms"), and a date written over several tokens becomes one
//     <TIME>. Words without digits are kept: the matching finds word
//     variables (user or host names) itself.
//  2. Routing. A prefix tree keyed by token count and the first Depth-2
//     tokens (masked ones take the wildcard branch) narrows the clusters a
//     line is compared with.
//  3. Matching. A line joins the most similar cluster when at least
//     SimilarityThreshold of its positions agree: equal tokens, a wildcard,
//     or masked tokens of the same shape, or a word where the template's token
//     names a masked value (lease_id=creds/<*> and an id that this time holds
//     no digit: see fitsMasks). Positions where members differ
//     become wildcards.
//
// Five additions make one configuration fit logs of every kind:
//
//   - Settling. After SettleAfter lines a template's words are settled: a
//     line that differs in one of them starts a new template, since a word
//     that held for many lines is rarely a variable ("client SPP" after a
//     thousand "client WindowsUpdateAgent" is another event).
//   - Absorbing. When a template turns a position into a wildcard and so
//     covers another template of its length, the two merge; this takes
//     back a word that settled early but proved variable ("for root" and
//     "for <*>"). The bigger template keeps its id; the other id becomes an
//     alias (see Miner.Resolve).
//   - Families. Templates whose words are the same and that differ only in
//     the number of variables (an optional "(18.4 KB)") share one id, one
//     count and one numbering of numeric slots.
//   - Named values. A line that agrees with a template in every word and
//     differs only in the free values of its keys (namespace="team-a",
//     application=web-bff-staging) is that template's, however many differ; the key=value pairs under
//     a template's wildcards come back with the match (Match.Pairs), the
//     named fields of a text line (see pairs.go).
//   - Writers. A line that agrees with a template in everything but a
//     leading dotted label ("com.apple.Safari.Update:", the bundle id or
//     logger that wrote it) is that template's, although the label routed
//     it elsewhere in the tree (see Miner.searchLabelled).
//
// Template ids are 16 hexadecimal digits: the FNV-1a hash of the masked
// first line of the template, so the same template gets the same id in
// every run that meets it first in the same form. Ids survive
// generalisation and MarshalBinary / UnmarshalBinary.
//
// Everything is bounded: clusters (the least recently matched is evicted),
// aliases, tree fan-out, clusters compared per line, tokens per line and
// bytes per line; Stats counts what each bound cut.
//
// A Miner is not safe for concurrent use; callers keep one per stream and
// serialise calls to it.
package drain

import (
	"errors"
	"fmt"
	"strconv"
)

// Hard ceilings on the configuration, so a typo cannot ask for unbounded
// memory or work.
const (
	// MaxDepthLimit bounds Config.Depth: the tree holds Depth-2 leading
	// tokens per path.
	MaxDepthLimit = 16
	// MaxTokensLimit bounds Config.MaxTokens.
	MaxTokensLimit = 1024
	// MaxLineBytesLimit bounds Config.MaxLineBytes (1 MiB).
	MaxLineBytesLimit = 1 << 20
	// MaxClustersLimit bounds Config.MaxClusters.
	MaxClustersLimit = 1 << 20
	// MaxChildrenLimit bounds Config.MaxChildren.
	MaxChildrenLimit = 1 << 16
)

// Config sets the miner's matching rules and memory bounds.
type Config struct {
	// Depth is the depth of the prefix tree counting the root and the
	// token-count level, as in Drain: Depth-2 leading tokens route a line.
	// Deeper trees search fewer clusters per line but split templates whose
	// leading tokens vary. It must be in [3, MaxDepthLimit].
	Depth int
	// SimilarityThreshold is the share of a line's positions that must
	// agree with a template for the line to join it: equal tokens,
	// wildcards, and masked tokens of one shape ("uid=<NUM>" and
	// "uid=<HEX>") agree. Template "Invalid user root from <IP>" and line
	// "Invalid user oracle from <IP>" agree in 4 of 5 positions (0.8):
	// the line joins at 0.8 and the template becomes "Invalid user <*>
	// from <IP>". Higher values split more; short lines feel it most. It
	// must be in (0, 1].
	SimilarityThreshold float64
	// MaxChildren caps the fan-out of each tree node; tokens beyond it share
	// the wildcard branch. Memory is at most MaxChildren nodes per level of
	// each path. It must be in [2, MaxChildrenLimit].
	MaxChildren int
	// MaxClusters caps the clusters kept (one per template form; a
	// template id has one or a few); the least recently matched is evicted
	// to make room. A cluster of 13 tokens costs about 1.3 KB with its
	// tree nodes and indexes (BenchmarkMemoryDistinct). The alias table
	// holds at most as many entries. It must be in [1, MaxClustersLimit].
	MaxClusters int
	// MaxTokens caps the tokens kept per line; the rest of a longer line
	// becomes one trailing <*>. It bounds template size and the work per
	// comparison. It must be in [2, MaxTokensLimit].
	MaxTokens int
	// MaxLineBytes caps the bytes of a line that are read; longer lines are
	// cut. It bounds the work per call, the reused buffers (a few times
	// MaxLineBytes) and the text of one template, so MaxClusters times
	// MaxLineBytes bounds the templates' text in the worst case (16 MB with
	// the defaults; real lines cost about 1.3 KB per cluster). It must be
	// in [1, MaxLineBytesLimit].
	MaxLineBytes int
	// MaxCandidates caps the clusters a line is compared with, the most
	// recently matched of each reachable leaf first; it bounds the time
	// per line when a leaf gathers many templates. A line whose template
	// lies beyond the cap starts a new cluster, which joins the old
	// template's id when their words are the same. It must be in
	// [1, MaxClustersLimit].
	MaxCandidates int
	// SettleAfter is the number of lines after which a template's words
	// are settled: a line that differs in one of them starts a new
	// template instead of turning the word into a wildcard. The new
	// template merges back into the old one once it has turned variable
	// where they differ. 0 never settles, as in Drain. It must be >= 0.
	SettleAfter int
}

// DefaultConfig returns the configuration used on every data set we
// measure: Drain's depth 4 and 100 children, a similarity threshold of 0.8
// and settling after 10 lines, which give a mean grouping accuracy of 0.96
// on the 16 Loghub 2k sets (TestGroupingAccuracy).
//
// With these defaults a miner holds at most 1000 clusters, about 1.3 MB
// for lines of a dozen tokens, and reads at most 16 KiB and 128 tokens of
// a line.
func DefaultConfig() Config {
	return Config{
		Depth:               4,
		SimilarityThreshold: 0.8,
		MaxChildren:         100,
		MaxClusters:         1000,
		MaxTokens:           128,
		MaxLineBytes:        16 << 10,
		SettleAfter:         10,
		MaxCandidates:       64,
	}
}

// Validate reports every configuration value out of its range.
func (c Config) Validate() error {
	var errs []error
	if c.Depth < 3 || c.Depth > MaxDepthLimit {
		errs = append(errs, fmt.Errorf("drain: depth must be in [3, %d], got %d", MaxDepthLimit, c.Depth))
	}
	if !(c.SimilarityThreshold > 0 && c.SimilarityThreshold <= 1) {
		errs = append(errs, fmt.Errorf("drain: similarity threshold must be in (0, 1], got %g", c.SimilarityThreshold))
	}
	if c.MaxChildren < 2 || c.MaxChildren > MaxChildrenLimit {
		errs = append(errs, fmt.Errorf("drain: max children must be in [2, %d], got %d", MaxChildrenLimit, c.MaxChildren))
	}
	if c.MaxClusters < 1 || c.MaxClusters > MaxClustersLimit {
		errs = append(errs, fmt.Errorf("drain: max clusters must be in [1, %d], got %d", MaxClustersLimit, c.MaxClusters))
	}
	if c.MaxTokens < 2 || c.MaxTokens > MaxTokensLimit {
		errs = append(errs, fmt.Errorf("drain: max tokens must be in [2, %d], got %d", MaxTokensLimit, c.MaxTokens))
	}
	if c.MaxLineBytes < 1 || c.MaxLineBytes > MaxLineBytesLimit {
		errs = append(errs, fmt.Errorf("drain: max line bytes must be in [1, %d], got %d", MaxLineBytesLimit, c.MaxLineBytes))
	}
	if c.MaxCandidates < 1 || c.MaxCandidates > MaxClustersLimit {
		errs = append(errs, fmt.Errorf("drain: max candidates must be in [1, %d], got %d", MaxClustersLimit, c.MaxCandidates))
	}
	if c.SettleAfter < 0 {
		errs = append(errs, fmt.Errorf("drain: settle after must be >= 0, got %d", c.SettleAfter))
	}
	return errors.Join(errs...)
}

// Param is one numeric variable of a line: a token that is a plain number,
// possibly signed, with a decimal part or an exponent, with a unit glued on
// or written as the next word, or as the value of "key=" or inside
// brackets ("42", "-1.5e3", "200ms", "40 s", "512MB", "(HWID=3180)",
// "85%"), or one of the numbers of a tuple that the line names or gives a
// unit ("avg/min/max 629/625/632", "0.045/0.058/0.071 ms"). Numbers that are
// part of names ("blk_42", "node-7", "v2"), addresses, hex and times are not
// params, nor are numbers in a position that only some forms of a template id
// have.
type Param struct {
	// Slot is the token position in the template (0-based) of the first
	// form of the template id; it is fixed for the life of the id, so
	// per-slot statistics stay aligned, also across the forms of a family.
	// Each number of a tuple token has a slot of its own (see TupleSlot).
	Slot int
	// Value is the number, in seconds for durations ("200ms" is 0.2) and in
	// bytes for sizes ("512MB" is 536870912, binary multiples).
	Value float64
	// Unit is the kind of quantity Value holds, from the unit written with it.
	Unit Unit
}

// Unit is the kind of quantity a number was written as.
type Unit uint8

const (
	UnitNone    Unit = iota // a bare number: a count, an id, a ratio
	UnitSeconds             // a duration ("200ms", "3 s"), Value in seconds
	UnitBytes               // a size ("512MB", "18.4 KB"), Value in bytes
)

// String returns the unit's symbol: "s", "B", or "" for a bare number.
func (u Unit) String() string {
	switch u {
	case UnitSeconds:
		return "s"
	case UnitBytes:
		return "B"
	}
	return ""
}

// Match is the result of Miner.Add.
type Match struct {
	// ID is the template's stable id: 16 hexadecimal digits fixed when the
	// template was first seen, kept when the template generalises and
	// across MarshalBinary / UnmarshalBinary. When two templates merge,
	// the smaller one's id gives way; Miner.Resolve maps it to the new one.
	ID string
	// Template is the template text, tokens joined by single spaces; for a
	// template id with several forms (see the package doc), the form of
	// this line.
	Template string
	// Count is the number of lines matched by the template id so far,
	// including this one.
	Count int64
	// New reports that this line created the template id.
	New bool
	// Params are the numeric variables of this line. The slice is reused
	// between calls with the same Match.
	Params []Param
	// Merged lists the template ids that became aliases of ID while this
	// line was added (see the package doc), so a caller keeping statistics
	// per id can fold theirs into ID's. Usually empty; reused like Params.
	Merged []string
	// Pairs are the key=value tokens of this line where its template has a
	// wildcard, values unquoted (see pairs.go). Their strings are valid
	// until the next Add; the slice is reused like Params.
	Pairs []Pair
	// Words are the bare words of this line (no key=value, nothing masked) where
	// its template has a wildcard, among its first MaxWordPosition tokens, by
	// position: a status word, a server name, a user. Reused like Params.
	Words []Word
}

// MaxWordPosition bounds the positions of Match.Words.
const MaxWordPosition = 32

// Word is a bare word of a line under a wildcard of its template, at token Pos.
type Word struct {
	Pos   int
	Value string
}

// Pair is a key=value token of a line: a named field of a text line.
type Pair struct{ Key, Value string }

// Stats counts what the miner did and which bounds it hit.
type Stats struct {
	Lines            int64 // lines added
	ClustersCreated  int64 // clusters created (one per new template form)
	ClustersMerged   int64 // clusters folded into a more general one
	ClustersEvicted  int64 // clusters evicted by MaxClusters
	TemplatesCreated int64 // template ids created
	TemplatesMerged  int64 // template ids that became aliases of another
	LinesCut         int64 // lines longer than MaxLineBytes
	TokensCut        int64 // lines with more than MaxTokens tokens
}

// Miner mines templates from a stream of lines. It is not safe for
// concurrent use.
type Miner struct {
	cfg       Config
	keys      int // leading tokens used as tree keys: Depth-2
	masker    masker
	lengths   []*lengthGroup // by token count
	byID      map[uint64]*family
	bySig     map[uint64][]*cluster
	aliases   aliasTable
	lru       clusterList
	seq       uint64 // clusters created, for order-free tie breaks
	familySeq uint64 // families founded
	stats     Stats

	leaves   []*node           // scratch for search
	absorbed []*cluster        // scratch for absorb
	merged   []string          // ids merged during the current Add
	pairKeys map[string]string // the keys of Match.Pairs, kept once (see appendPairs)
}

// New returns an empty miner.
func New(cfg Config) (*Miner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Miner{
		cfg:     cfg,
		keys:    cfg.Depth - 2,
		lengths: make([]*lengthGroup, cfg.MaxTokens+1),
		byID:    make(map[uint64]*family),
		bySig:   make(map[uint64][]*cluster),
		aliases: newAliasTable(cfg.MaxClusters),
	}, nil
}

// Len returns the number of template ids held.
func (m *Miner) Len() int { return len(m.byID) }

// Stats returns the counters since the miner was created (restored miners
// continue their saved counters).
func (m *Miner) Stats() Stats { return m.stats }

// Config returns the miner's configuration.
func (m *Miner) Config() Config { return m.cfg }

// Resolve returns the id that now stands for a template id handed out
// earlier: the id itself while its template lives, the id of the template
// it was merged into after a merge, and "" once it was evicted or is
// unknown.
func (m *Miner) Resolve(id string) string {
	if len(id) != 16 {
		return ""
	}
	v, err := strconv.ParseUint(id, 16, 64)
	if err != nil {
		return ""
	}
	for hops := 0; hops <= len(m.aliases.to); hops++ {
		if f := m.byID[v]; f != nil {
			return f.idText
		}
		next, ok := m.aliases.get(v)
		if !ok {
			return ""
		}
		v = next
	}
	return ""
}

// Add learns line and writes its template into out.
func (m *Miner) Add(line string, out *Match) {
	m.stats.Lines++
	m.merged = m.merged[:0]
	if len(line) > m.cfg.MaxLineBytes {
		line = line[:m.cfg.MaxLineBytes]
		m.stats.LinesCut++
	}
	if m.masker.tokenize(line, m.cfg.MaxTokens) {
		m.stats.TokensCut++
	}
	toks := m.masker.tokens

	c, covered := m.search(toks)
	out.New = false
	if c == nil {
		c = m.create(toks)
		out.New = c.fam.count == 0
		c.count++
		c.fam.count++
	} else {
		c.count++
		c.fam.count++
		m.touch(c)
		if !covered && m.generalise(c, toks) {
			c = m.absorb(c)
		}
	}
	out.ID = c.fam.idText
	out.Template = c.text()
	out.Count = c.fam.count
	out.Merged = append(out.Merged[:0], m.merged...)
	out.Params = out.Params[:0]
	out.Pairs, out.Words = m.appendPairs(out.Pairs[:0], out.Words[:0], c, toks)
	for i := range toks {
		t := &toks[i]
		if !t.numeric && !t.measured {
			continue
		}
		slot := i
		if c.slotMap != nil {
			slot = int(c.slotMap[i])
		}
		if slot < 0 {
			continue
		}
		if t.numeric {
			out.Params = append(out.Params, Param{Slot: slot, Value: t.value, Unit: t.unit})
		}
		if t.measured {
			for k, v := range m.masker.tuples[t.tupleAt : t.tupleAt+t.tupleLen] {
				out.Params = append(out.Params, Param{Slot: TupleSlot(slot, k), Value: v, Unit: t.unit})
			}
		}
	}
}

// TupleSlot returns the slot of the k-th number (from 0) of the tuple of numbers at the
// template position slot ("0/0/1/58/59"): beyond every position, so that each number of
// the tuple has statistics of its own.
func TupleSlot(slot, k int) int { return slot + (k+1)<<tupleShift }

// SlotPosition returns the template position of a Param's slot, and which number of the
// tuple there it is (see TupleSlot), -1 for a position that holds one number.
func SlotPosition(slot int) (pos, part int) {
	return slot & (1<<tupleShift - 1), slot>>tupleShift - 1
}

// tupleShift places the numbers of tuples above the template positions, which MaxTokens
// keeps far below 1<<tupleShift.
const tupleShift = 16
