package drain

// aliasTable remembers which template an id was merged into, for at most
// cap ids; the oldest alias is forgotten first.
type aliasTable struct {
	cap   int
	to    map[uint64]uint64
	order []uint64 // ring of ids in insertion order
	next  int      // next slot of order to overwrite once full
}

func newAliasTable(cap int) aliasTable {
	return aliasTable{cap: cap, to: make(map[uint64]uint64)}
}

func (a *aliasTable) get(id uint64) (uint64, bool) {
	v, ok := a.to[id]
	return v, ok
}

func (a *aliasTable) put(from, to uint64) {
	if _, ok := a.to[from]; ok {
		a.to[from] = to
		return
	}
	if len(a.order) < a.cap {
		a.order = append(a.order, from)
	} else {
		delete(a.to, a.order[a.next])
		a.order[a.next] = from
		a.next = (a.next + 1) % a.cap
	}
	a.to[from] = to
}

// drop forgets the alias of id, when id names a live template again.
func (a *aliasTable) drop(id uint64) {
	delete(a.to, id)
}
