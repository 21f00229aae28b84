package drain

// aliasTable remembers which template id an id was merged into, for at
// most cap ids; the oldest alias is forgotten first. Merges are rare, so
// the linear work on the order slice does not matter.
type aliasTable struct {
	cap   int
	to    map[uint64]uint64
	order []uint64 // ids in insertion order, oldest first
}

func newAliasTable(cap int) aliasTable {
	return aliasTable{cap: cap, to: make(map[uint64]uint64)}
}

func (a *aliasTable) get(id uint64) (uint64, bool) {
	v, ok := a.to[id]
	return v, ok
}

// put records that from now stands for to.
func (a *aliasTable) put(from, to uint64) {
	if _, ok := a.to[from]; ok {
		a.to[from] = to
		return
	}
	if len(a.order) == a.cap {
		delete(a.to, a.order[0])
		copy(a.order, a.order[1:])
		a.order = a.order[:len(a.order)-1]
	}
	a.order = append(a.order, from)
	a.to[from] = to
}

// drop forgets the alias of id, when id names a live template again.
func (a *aliasTable) drop(id uint64) {
	if _, ok := a.to[id]; !ok {
		return
	}
	delete(a.to, id)
	for i, x := range a.order {
		if x == id {
			a.order = append(a.order[:i], a.order[i+1:]...)
			break
		}
	}
}

// inOrder returns the aliased ids, oldest first.
func (a *aliasTable) inOrder() []uint64 { return a.order }
