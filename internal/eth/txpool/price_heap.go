package txpool

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// txMeta is what the pool keeps per transaction besides the per-account
// lists: the sender, the fee fields as values, the slot count and the
// position in the price heap (-1 when not in it: local transactions).
type txMeta struct {
	tx     *ethtypes.Transaction
	sender ethtypes.Address
	feeCap uint256.Int
	tip    uint256.Int
	slots  int
	index  int

	announced bool // given to the SubscribeNewTxs subscribers already
}

func newMeta(tx *ethtypes.Transaction, from ethtypes.Address) *txMeta {
	return &txMeta{tx: tx, sender: from, feeCap: tx.GasFeeCap(), tip: tx.GasTipCap(), slots: numSlots(tx), index: -1}
}

// cmpPrice orders two transactions by what they would pay a miner under
// baseFee (nil before London): first by effective tip, a fee cap below the
// base fee counting as less than any tip, then by fee cap, then by tip. It
// returns -1, 0 or 1.
func cmpPrice(a, b *txMeta, baseFee *uint256.Int) int {
	if baseFee != nil {
		aBelow, bBelow := a.feeCap.Lt(baseFee), b.feeCap.Lt(baseFee)
		switch {
		case aBelow && bBelow:
			// Neither is includable now; the higher fee cap is closer.
		case aBelow:
			return -1
		case bBelow:
			return 1
		default:
			ea, eb := effectiveTip(&a.feeCap, &a.tip, baseFee), effectiveTip(&b.feeCap, &b.tip, baseFee)
			if c := ea.Cmp(&eb); c != 0 {
				return c
			}
		}
	} else if c := a.tip.Cmp(&b.tip); c != 0 {
		return c
	}
	if c := a.feeCap.Cmp(&b.feeCap); c != 0 {
		return c
	}
	return a.tip.Cmp(&b.tip)
}

// effectiveTip returns min(tip, feeCap - baseFee); the caller ensures
// feeCap >= baseFee. A nil baseFee gives tip.
func effectiveTip(feeCap, tip, baseFee *uint256.Int) uint256.Int {
	if baseFee == nil {
		return *tip
	}
	var e uint256.Int
	e.Sub(feeCap, baseFee)
	if tip.Lt(&e) {
		return *tip
	}
	return e
}

// priceHeap is a min-heap of the remote transactions by cmpPrice, so the
// cheapest is evicted first when the pool is full. Elements record their
// index so removal is O(log n).
type priceHeap struct {
	items   []*txMeta
	baseFee *uint256.Int
}

func (h *priceHeap) less(i, j int) bool {
	if c := cmpPrice(h.items[i], h.items[j], h.baseFee); c != 0 {
		return c < 0
	}
	// Same price: evict the higher nonce first, so an account's
	// executable prefix survives longest.
	return h.items[i].tx.Nonce() > h.items[j].tx.Nonce()
}

func (h *priceHeap) swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.items[i].index = i
	h.items[j].index = j
}

func (h *priceHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

func (h *priceHeap) down(i int) bool {
	i0, n := i, len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}

// push adds m.
func (h *priceHeap) push(m *txMeta) {
	m.index = len(h.items)
	h.items = append(h.items, m)
	h.up(m.index)
}

// remove deletes m if it is in the heap.
func (h *priceHeap) remove(m *txMeta) {
	i := m.index
	if i < 0 || i >= len(h.items) || h.items[i] != m {
		return
	}
	n := len(h.items) - 1
	if i != n {
		h.swap(i, n)
	}
	h.items[n] = nil
	h.items = h.items[:n]
	m.index = -1
	if i != n {
		if !h.down(i) {
			h.up(i)
		}
	}
}

// pop removes and returns the cheapest transaction, or nil.
func (h *priceHeap) pop() *txMeta {
	if len(h.items) == 0 {
		return nil
	}
	m := h.items[0]
	h.remove(m)
	return m
}

// setBaseFee re-orders the heap for a new base fee.
func (h *priceHeap) setBaseFee(baseFee *uint256.Int) {
	h.baseFee = baseFee
	for i := len(h.items)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// underpriced reports whether m pays no more than the cheapest remote
// transaction in the heap.
func (h *priceHeap) underpriced(m *txMeta) bool {
	return len(h.items) > 0 && cmpPrice(h.items[0], m, h.baseFee) >= 0
}

// discard pops the cheapest transactions until they free at least slots
// slots. If the heap cannot free that many it restores them and returns
// false.
func (h *priceHeap) discard(slots int) ([]*txMeta, bool) {
	var drop []*txMeta
	for freed := 0; freed < slots; {
		m := h.pop()
		if m == nil {
			for _, d := range drop {
				h.push(d)
			}
			return nil, false
		}
		drop = append(drop, m)
		freed += m.slots
	}
	return drop, true
}
