package ethconsensus

import "sync"

// epochLRU keeps the values (caches or datasets) of the most recently used
// epochs, at most max of them, each built once, lazily, by the first
// caller that needs it; concurrent callers of the same epoch wait for that
// build. An evicted value stays alive while a caller still holds it.
type epochLRU struct {
	mu    sync.Mutex
	max   int
	items map[uint64]*epochItem
	order []uint64 // least recently used first
}

// epochItem is one epoch's value and the once that builds it.
type epochItem struct {
	once sync.Once
	val  []uint32
}

// newEpochLRU returns an empty LRU of at most max (≥ 1) epochs.
func newEpochLRU(max int) *epochLRU {
	return &epochLRU{max: max, items: make(map[uint64]*epochItem, max+1)}
}

// get returns the value of epoch, building it with build on first use.
//
// This method is safe for concurrent access.
func (l *epochLRU) get(epoch uint64, build func(epoch uint64) []uint32) []uint32 {
	l.mu.Lock()
	it, ok := l.items[epoch]
	if ok {
		for i, e := range l.order {
			if e == epoch {
				l.order = append(l.order[:i], l.order[i+1:]...)
				break
			}
		}
	} else {
		it = new(epochItem)
		l.items[epoch] = it
		if len(l.order) >= l.max {
			delete(l.items, l.order[0])
			l.order = l.order[1:]
		}
	}
	l.order = append(l.order, epoch)
	l.mu.Unlock()
	it.once.Do(func() { it.val = build(epoch) })
	return it.val
}

// len returns how many epochs are kept.
func (l *epochLRU) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}
