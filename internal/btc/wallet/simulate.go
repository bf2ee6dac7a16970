package wallet

import "github.com/twinchain/twinchain/internal/btc/primitives"

// CoinView is an optional extension of Chain: HaveCoin reports whether op
// is an unspent output of the chain or the mempool (Core's findCoins). When
// the configured Chain implements it, SimulateTransactions rejects inputs
// the wallet does not know that are missing or spent.
type CoinView interface {
	HaveCoin(op primitives.OutPoint) bool
}

// SimulateTransactions is Core's simulaterawtransaction: the change of the
// wallet's balance, in satoshis, if txs were signed and broadcast in order.
// Inputs spending wallet outputs count as debits, outputs paying wallet
// scripts as credits; an output created by an earlier transaction of the
// list and spent by a later one is taken into account. An outpoint spent
// twice within the list, or an input whose coin is missing or already
// spent, is an ErrInvalidParameter error.
//
// This function is safe for concurrent access.
func (w *Wallet) SimulateTransactions(txs []*primitives.Tx) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var cv CoinView
	if w.m != nil {
		cv, _ = w.m.cfg.Chain.(CoinView)
	}
	var change int64
	newUTXOs := make(map[primitives.OutPoint]int64)
	spent := make(map[primitives.OutPoint]struct{})
	for _, tx := range txs {
		for _, in := range tx.Inputs {
			op := in.PrevOut
			if _, dup := spent[op]; dup {
				return 0, makeError(ErrInvalidParameter, "Transaction(s) are spending the same output more than once")
			}
			if v, ok := newUTXOs[op]; ok {
				change -= v
				delete(newUTXOs, op)
			} else {
				if !w.coinAvailable(op, cv) {
					return 0, makeError(ErrInvalidParameter, "One or more transaction inputs are missing or have been spent already")
				}
				if w.isMineOutPoint(op) {
					change -= w.txs[op.Hash].tx.Outputs[op.Index].Value
				}
			}
			spent[op] = struct{}{}
		}
		txid := tx.TxHash()
		for i, o := range tx.Outputs {
			var v int64
			if _, mine := w.scripts[string(o.ScriptPubKey)]; mine {
				v = o.Value
			}
			newUTXOs[primitives.OutPoint{Hash: txid, Index: uint32(i)}] = v
			change += v
		}
	}
	return change, nil
}

// coinAvailable reports whether op can still be spent, as far as the
// wallet (and cv, when not nil) can tell: an output of a wallet
// transaction that is neither abandoned nor conflicted and that no pending
// or confirmed wallet transaction spends (the wallet's own view decides);
// an output of any other transaction when cv holds it (or there is no cv).
func (w *Wallet) coinAvailable(op primitives.OutPoint, cv CoinView) bool {
	if prev, ok := w.txs[op.Hash]; ok {
		if int(op.Index) >= len(prev.tx.Outputs) || prev.abandoned || w.depth(prev) < 0 {
			return false
		}
		return !w.isSpent(op)
	}
	return cv == nil || cv.HaveCoin(op)
}
