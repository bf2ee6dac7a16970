package utxoset

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"runtime"
	"slices"
	"unsafe"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// coinMap is the cache's hash table: open addressing with linear probing
// over one flat array of 84-byte slots (outpoint and entry), deletion by
// backward shifting (no tombstones), any capacity (the home slot is the high
// word of hash*capacity, so the table can be sized to fill a -dbcache budget
// exactly instead of in powers of two).
//
// Why not a Go map: the slots hold no pointers and large tables are mapped
// outside the Go heap with transparent huge pages requested (see
// mapSlots): on the 2-core VM we measure on, a dependent random read in
// 256 MiB takes 1.4 us with 4 KiB pages and 0.5 us with huge pages. One
// lookup touches one slot (a Go map reads a control word, then a slot in
// another cache line). BenchmarkTableLookup: 250 ns against 400-700 ns for
// a Go map of the same 1-4 M entries. And a coin costs 84/0.8 = 105 bytes at
// the flush threshold against 88-190 in a Go map, whose capacity doubles.
//
// Pointers returned by find and upsert are valid until the next upsert,
// remove, retain, reset or release.
type coinMap struct {
	slots    []coinSlot
	region   *slotRegion // owner of slots when they are mapped, else nil
	count    int
	growAt   int // count above which upsert grows the table
	maxSlots int // capacity the table grows to before doubling past it
	seed0    uint64
	seed1    uint64
}

// coinSlot is one table slot; e.flags&flagUsed marks it occupied.
type coinSlot struct {
	key primitives.OutPoint
	e   entry
}

const (
	// slotBytes is the size of a slot.
	slotBytes = int(unsafe.Sizeof(coinSlot{}))
	// flagUsed marks an occupied slot (entry.flags).
	flagUsed = 1 << 7
	// maxLoadNum/maxLoadDen is the load factor at which the table grows:
	// linear probing stays short (2.5 probes for a hit, 8.5 for a miss on
	// average at 0.8).
	maxLoadNum, maxLoadDen = 4, 5
	// overLoadNum/overLoadDen is the load factor at which a table that has
	// reached its budget doubles anyway.
	overLoadNum, overLoadDen = 19, 20
	// minSlots is the smallest table.
	minSlots = 1024
)

// newCoinMap returns an empty table that grows up to budget bytes before
// it doubles past it (zero: no budget, doubling from the start).
func newCoinMap(budget int64) *coinMap {
	m := &coinMap{}
	var h maphash.Hash
	h.WriteString("utxoset")
	m.seed0 = h.Sum64() | 1
	h.WriteString("seed1")
	m.seed1 = h.Sum64()
	if budget > 0 {
		m.maxSlots = max(int(budget/int64(slotBytes)), minSlots)
	}
	m.alloc(minSlots)
	return m
}

// alloc replaces the slot array with an empty one of n slots.
func (m *coinMap) alloc(n int) {
	m.slots, m.region = allocSlots(n)
	m.count = 0
	m.growAt = n * maxLoadNum / maxLoadDen
	if m.maxSlots > 0 && n >= m.maxSlots {
		// The budget is reached: the owner flushes at the normal load
		// factor (Cache.NeedsFlush); a block that overshoots fills the
		// table further before it doubles past the budget.
		m.growAt = n * overLoadNum / overLoadDen
	}
}

// hash mixes the outpoint with the table's random seed. The txid is already
// a uniform hash; the seed keeps an attacker who grinds txids from choosing
// their slots.
func (m *coinMap) hash(op *primitives.OutPoint) uint64 {
	a := binary.LittleEndian.Uint64(op.Hash[0:8]) ^ m.seed0
	b := binary.LittleEndian.Uint64(op.Hash[8:16]) ^ m.seed1 ^ uint64(op.Index)*0x9e3779b97f4a7c15
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// home returns the slot where the probe for hash h starts.
func (m *coinMap) home(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(len(m.slots)))
	return int(hi)
}

func (m *coinMap) len() int { return m.count }

// bytes returns the memory the slot array holds.
func (m *coinMap) bytes() int64 { return int64(len(m.slots)) * int64(slotBytes) }

// find returns the entry at op, or nil.
func (m *coinMap) find(op *primitives.OutPoint) *entry {
	n := len(m.slots)
	for i := m.home(m.hash(op)); ; {
		s := &m.slots[i]
		if s.e.flags&flagUsed == 0 {
			return nil
		}
		if s.key == *op {
			return &s.e
		}
		if i++; i == n {
			i = 0
		}
	}
}

// upsert returns the entry at op, inserting a zero (used) entry when there
// is none, and whether it existed.
func (m *coinMap) upsert(op *primitives.OutPoint) (*entry, bool) {
	if m.count >= m.growAt {
		m.grow()
	}
	n := len(m.slots)
	for i := m.home(m.hash(op)); ; {
		s := &m.slots[i]
		if s.e.flags&flagUsed == 0 {
			s.key = *op
			s.e = entry{flags: flagUsed}
			m.count++
			return &s.e, false
		}
		if s.key == *op {
			return &s.e, true
		}
		if i++; i == n {
			i = 0
		}
	}
}

// grow moves the slots to a larger table: twice the size, but no more than
// maxSlots unless the table is already that large.
func (m *coinMap) grow() {
	n := 2 * len(m.slots)
	if m.maxSlots > 0 && len(m.slots) < m.maxSlots {
		n = min(n, m.maxSlots)
	}
	old, oldRegion := m.slots, m.region
	m.alloc(n)
	for i := range old {
		if old[i].e.flags&flagUsed != 0 {
			m.insertMoved(&old[i])
		}
	}
	if oldRegion != nil {
		oldRegion.free()
	}
}

// insertMoved inserts a slot known to be absent (while growing).
func (m *coinMap) insertMoved(s *coinSlot) {
	n := len(m.slots)
	for i := m.home(m.hash(&s.key)); ; {
		if m.slots[i].e.flags&flagUsed == 0 {
			m.slots[i] = *s
			m.count++
			return
		}
		if i++; i == n {
			i = 0
		}
	}
}

// remove deletes the entry at op, if any.
func (m *coinMap) remove(op *primitives.OutPoint) {
	n := len(m.slots)
	for i := m.home(m.hash(op)); ; {
		s := &m.slots[i]
		if s.e.flags&flagUsed == 0 {
			return
		}
		if s.key == *op {
			m.removeAt(i)
			return
		}
		if i++; i == n {
			i = 0
		}
	}
}

// removeAt empties slot i and shifts back the entries after it whose probe
// sequence passes through it, so lookups never meet a gap.
func (m *coinMap) removeAt(i int) {
	n := len(m.slots)
	j := i
	for {
		if j++; j == n {
			j = 0
		}
		s := &m.slots[j]
		if s.e.flags&flagUsed == 0 {
			break
		}
		k := m.home(m.hash(&s.key))
		// Move s to the hole at i unless its home lies cyclically in (i, j].
		if (i <= j && (k <= i || k > j)) || (i > j && k <= i && k > j) {
			m.slots[i] = *s
			i = j
		}
	}
	m.slots[i] = coinSlot{}
	m.count--
}

// all calls fn for every entry, in table order.
func (m *coinMap) all(fn func(op *primitives.OutPoint, e *entry)) {
	for i := range m.slots {
		if s := &m.slots[i]; s.e.flags&flagUsed != 0 {
			fn(&s.key, &s.e)
		}
	}
}

// dirtyInKeyOrder returns the slot indexes of the DIRTY entries, each in
// the low 32 bits of a word whose high 32 bits are the first four bytes of
// the txid, sorted: the entries in (nearly exactly) database key order.
// LevelDB absorbs writes in key order about twice as fast as in hash order,
// and sorting these words costs far less than that.
func (m *coinMap) dirtyInKeyOrder() []uint64 {
	var refs []uint64
	for i := range m.slots {
		s := &m.slots[i]
		if s.e.flags&(flagUsed|flagDirty) == flagUsed|flagDirty {
			refs = append(refs, uint64(binary.BigEndian.Uint32(s.key.Hash[:4]))<<32|uint64(i))
		}
	}
	slices.Sort(refs)
	return refs
}

// retain calls keep for every entry once and removes those it rejects. keep
// may modify the entry.
func (m *coinMap) retain(keep func(op *primitives.OutPoint, e *entry) bool) {
	n := len(m.slots)
	if m.count == 0 {
		return
	}
	// Start just after an empty slot: removals then only pull entries from
	// later positions (not yet visited) into earlier ones.
	start := 0
	for m.slots[start].e.flags&flagUsed != 0 {
		start++
	}
	for step, i := 0, start; step < n; {
		s := &m.slots[i]
		if s.e.flags&flagUsed != 0 && !keep(&s.key, &s.e) {
			m.removeAt(i)
			if m.slots[i].e.flags&flagUsed != 0 {
				// An unvisited entry moved into slot i: visit it next.
				continue
			}
		}
		step++
		if i++; i == n {
			i = 0
		}
	}
}

// reset empties the table, keeping its memory.
func (m *coinMap) reset() {
	clear(m.slots)
	m.count = 0
}

// release frees mapped memory; the table must not be used afterwards.
func (m *coinMap) release() {
	if m.region != nil {
		m.region.free()
		m.region = nil
	}
	m.slots = nil
	m.count, m.growAt = 0, 0
}

// slotRegion owns slots mapped outside the Go heap. If it becomes
// unreachable without free (a Cache dropped without Release), a cleanup
// unmaps the memory.
type slotRegion struct {
	mem     []byte
	cleanup runtime.Cleanup
}

func (r *slotRegion) free() {
	if r.mem != nil {
		r.cleanup.Stop()
		unmapSlots(r.mem)
		r.mem = nil
	}
}

// mapThreshold is the table size from which slots are mapped outside the
// heap (below it the Go allocator is cheaper).
const mapThreshold = 4 << 20

// allocSlots returns n zeroed slots: mapped memory for large tables (with a
// cleanup that unmaps it should the owner be dropped without release), heap
// memory otherwise.
func allocSlots(n int) ([]coinSlot, *slotRegion) {
	size := n * slotBytes
	if size >= mapThreshold {
		if mem, ok := mapSlots(size); ok {
			r := &slotRegion{mem: mem}
			r.cleanup = runtime.AddCleanup(r, unmapSlots, mem)
			return unsafe.Slice((*coinSlot)(unsafe.Pointer(&mem[0])), n), r
		}
	}
	return make([]coinSlot, n), nil
}
