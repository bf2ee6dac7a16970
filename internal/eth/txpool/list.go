package txpool

import (
	"sort"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// txList is one account's pending or queued transactions, sorted by nonce
// with no duplicate nonce. Accounts hold few transactions (the per-account
// limits are 16 and 64), so a sorted slice with binary search beats a map
// plus a nonce heap.
type txList struct {
	txs []*ethtypes.Transaction
	// cost is the sum of txCost over txs, modulo 2^256 (exact whenever
	// the true sum fits, which it does for any balance that pays them).
	cost uint256.Int
}

// addCost and subCost keep l.cost in step with l.txs.
func (l *txList) addCost(tx *ethtypes.Transaction) {
	c, _ := txCost(tx)
	l.cost.Add(&l.cost, &c)
}

func (l *txList) subCost(tx *ethtypes.Transaction) {
	c, _ := txCost(tx)
	l.cost.Sub(&l.cost, &c)
}

// search returns the index of nonce in l, or where it would be inserted,
// and whether it is present.
func (l *txList) search(nonce uint64) (int, bool) {
	i := sort.Search(len(l.txs), func(i int) bool { return l.txs[i].Nonce() >= nonce })
	return i, i < len(l.txs) && l.txs[i].Nonce() == nonce
}

// get returns the transaction with nonce, or nil.
func (l *txList) get(nonce uint64) *ethtypes.Transaction {
	if i, ok := l.search(nonce); ok {
		return l.txs[i]
	}
	return nil
}

// put inserts tx, replacing and returning the transaction with the same
// nonce if there is one.
func (l *txList) put(tx *ethtypes.Transaction) *ethtypes.Transaction {
	l.addCost(tx)
	n := len(l.txs)
	// Fast path: appending the next nonce.
	if n == 0 || l.txs[n-1].Nonce() < tx.Nonce() {
		l.txs = append(l.txs, tx)
		return nil
	}
	i, ok := l.search(tx.Nonce())
	if ok {
		old := l.txs[i]
		l.subCost(old)
		l.txs[i] = tx
		return old
	}
	l.txs = append(l.txs, nil)
	copy(l.txs[i+1:], l.txs[i:])
	l.txs[i] = tx
	return nil
}

// remove deletes the transaction with nonce and returns it, or nil.
func (l *txList) remove(nonce uint64) *ethtypes.Transaction {
	i, ok := l.search(nonce)
	if !ok {
		return nil
	}
	old := l.txs[i]
	l.subCost(old)
	copy(l.txs[i:], l.txs[i+1:])
	l.txs[len(l.txs)-1] = nil
	l.txs = l.txs[:len(l.txs)-1]
	return old
}

// cutFrom removes and returns the transactions from index i on.
func (l *txList) cutFrom(i int) []*ethtypes.Transaction {
	if i >= len(l.txs) {
		return nil
	}
	out := make([]*ethtypes.Transaction, len(l.txs)-i)
	copy(out, l.txs[i:])
	for _, tx := range out {
		l.subCost(tx)
	}
	clear(l.txs[i:])
	l.txs = l.txs[:i]
	return out
}

// forward removes and returns the transactions with a nonce below nonce.
func (l *txList) forward(nonce uint64) []*ethtypes.Transaction {
	i, _ := l.search(nonce)
	if i == 0 {
		return nil
	}
	out := make([]*ethtypes.Transaction, i)
	copy(out, l.txs[:i])
	for _, tx := range out {
		l.subCost(tx)
	}
	n := copy(l.txs, l.txs[i:])
	clear(l.txs[n:])
	l.txs = l.txs[:n]
	return out
}

// firstUnaffordable returns the index of the first transaction that costs
// more than balance or needs more gas than gasLimit, or len(l.txs).
func (l *txList) firstUnaffordable(balance *uint256.Int, gasLimit uint64) int {
	for i, tx := range l.txs {
		if tx.Gas() > gasLimit {
			return i
		}
		if c, ok := txCost(tx); !ok || c.Gt(balance) {
			return i
		}
	}
	return len(l.txs)
}

// copyTxs returns a copy of the list's transactions.
func (l *txList) copyTxs() []*ethtypes.Transaction {
	out := make([]*ethtypes.Transaction, len(l.txs))
	copy(out, l.txs)
	return out
}

// txCost returns gas limit * max fee per gas + value and false on 256-bit
// overflow.
func txCost(tx *ethtypes.Transaction) (uint256.Int, bool) {
	var cost uint256.Int
	feeCap := tx.GasFeeCap()
	value := tx.Value()
	if _, of := cost.MulOverflow(uint256.NewInt(tx.Gas()), &feeCap); of {
		return cost, false
	}
	if _, of := cost.AddOverflow(&cost, &value); of {
		return cost, false
	}
	return cost, true
}
