package txpool

import (
	"bytes"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// PriceAndNonceIterator walks the executable transactions of many accounts
// the way a block builder consumes them: always the best-paying next
// transaction (highest effective tip under the base fee) among the
// accounts' lowest remaining nonces, so each account's transactions come
// in nonce order. Ties go to the lower transaction hash, which keeps the
// order deterministic. Accounts whose next transaction cannot pay the
// base fee are skipped.
//
// An iterator is not safe for concurrent use.
type PriceAndNonceIterator struct {
	heads   []iterHead
	baseFee *uint256.Int
}

type iterHead struct {
	from ethtypes.Address
	txs  []*ethtypes.Transaction // remaining, txs[0] is the head
	tip  uint256.Int             // effective tip of txs[0]
}

// NewPriceAndNonceIterator returns an iterator over txs (per account, in
// nonce order, as Pool.Pending returns them) under baseFee (nil before
// London). txs is not modified.
//
// This function is safe for concurrent access.
func NewPriceAndNonceIterator(txs map[ethtypes.Address][]*ethtypes.Transaction, baseFee *uint256.Int) *PriceAndNonceIterator {
	it := &PriceAndNonceIterator{heads: make([]iterHead, 0, len(txs)), baseFee: baseFee}
	for from, list := range txs {
		h := iterHead{from: from, txs: list}
		if it.prime(&h) {
			it.heads = append(it.heads, h)
		}
	}
	for i := len(it.heads)/2 - 1; i >= 0; i-- {
		it.down(i)
	}
	return it
}

// prime computes the effective tip of h's head and reports whether h has
// an includable head.
func (it *PriceAndNonceIterator) prime(h *iterHead) bool {
	if len(h.txs) == 0 {
		return false
	}
	feeCap, tip := h.txs[0].GasFeeCap(), h.txs[0].GasTipCap()
	if it.baseFee != nil && feeCap.Lt(it.baseFee) {
		return false
	}
	h.tip = effectiveTip(&feeCap, &tip, it.baseFee)
	return true
}

// better reports whether head i should come before head j.
func (it *PriceAndNonceIterator) better(i, j int) bool {
	a, b := &it.heads[i], &it.heads[j]
	if c := a.tip.Cmp(&b.tip); c != 0 {
		return c > 0
	}
	ha, hb := a.txs[0].Hash(), b.txs[0].Hash()
	return bytes.Compare(ha[:], hb[:]) < 0
}

func (it *PriceAndNonceIterator) down(i int) {
	n := len(it.heads)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && it.better(r, l) {
			j = r
		}
		if !it.better(j, i) {
			return
		}
		it.heads[i], it.heads[j] = it.heads[j], it.heads[i]
		i = j
	}
}

// Peek returns the next transaction and its sender, or nil when none is
// left.
func (it *PriceAndNonceIterator) Peek() (*ethtypes.Transaction, ethtypes.Address) {
	if len(it.heads) == 0 {
		return nil, ethtypes.Address{}
	}
	return it.heads[0].txs[0], it.heads[0].from
}

// Shift moves past the current transaction to its sender's next one
// (after the builder included it).
func (it *PriceAndNonceIterator) Shift() {
	if len(it.heads) == 0 {
		return
	}
	h := &it.heads[0]
	h.txs = h.txs[1:]
	if it.prime(h) {
		it.down(0)
		return
	}
	it.Pop()
}

// Pop drops the current transaction's sender entirely (after the
// transaction failed or did not fit, its later nonces cannot run either).
func (it *PriceAndNonceIterator) Pop() {
	n := len(it.heads) - 1
	if n < 0 {
		return
	}
	it.heads[0] = it.heads[n]
	it.heads[n] = iterHead{}
	it.heads = it.heads[:n]
	if n > 0 {
		it.down(0)
	}
}
