package consensus

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// CoinView gives read access to unspent outputs: the UTXO set with the
// block's earlier transactions applied. The chain-state package's coins cache
// implements it.
type CoinView interface {
	// LookupCoin returns the unspent coin at op, and false when op does not
	// exist or is spent.
	LookupCoin(op primitives.OutPoint) (primitives.Coin, bool)
}

// CoinMap is a CoinView backed by a map, for tests and small callers.
type CoinMap map[primitives.OutPoint]primitives.Coin

// LookupCoin returns the coin at op.
func (m CoinMap) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	c, ok := m[op]
	return c, ok
}

// HaveCoin reports whether op is in the map.
func (m CoinMap) HaveCoin(op primitives.OutPoint) bool {
	_, ok := m[op]
	return ok
}

// CheckTxInputs performs Core's Consensus::CheckTxInputs for a non-coinbase
// transaction spent in a block at spendHeight and returns its fee:
//
//   - "bad-txns-inputs-missingorspent": an input's coin is not in view
//     (reported before any other input error, as Core checks HaveInputs
//     first);
//   - "bad-txns-premature-spend-of-coinbase": a coinbase coin with
//     spendHeight - coin height < coinbaseMaturity;
//   - "bad-txns-inputvalues-outofrange": an input value or the running sum
//     outside the money range;
//   - "bad-txns-in-belowout": the outputs exceed the inputs;
//   - "bad-txns-fee-outofrange": the fee outside the money range.
//
// The output values are assumed to have passed CheckTransactionSanity.
//
// This function is safe for concurrent access if view is.
func CheckTxInputs(tx *primitives.Tx, view CoinView, spendHeight, coinbaseMaturity int32) (int64, error) {
	var valueIn int64
	var firstErr error
	for i := range tx.Inputs {
		op := tx.Inputs[i].PrevOut
		coin, ok := view.LookupCoin(op)
		if !ok {
			return 0, ruleErrorf(ErrBadTxnsInputsMissingOrSpent, "inputs missing/spent (input %d spends %s)", i, op)
		}
		if firstErr != nil {
			continue // keep looking for a missing input, Core's first check
		}
		if coin.IsCoinBase && int64(spendHeight)-int64(coin.Height) < int64(coinbaseMaturity) {
			firstErr = ruleErrorf(ErrBadTxnsPrematureSpendOfCoinbase, "tried to spend coinbase at depth %d",
				int64(spendHeight)-int64(coin.Height))
			continue
		}
		valueIn += coin.Out.Value
		if !MoneyRange(coin.Out.Value) || !MoneyRange(valueIn) {
			firstErr = ruleErrorf(ErrBadTxnsInputValuesOutOfRange, "input %d value %d out of range", i, coin.Out.Value)
		}
	}
	if firstErr != nil {
		return 0, firstErr
	}
	var valueOut int64
	for i := range tx.Outputs {
		valueOut += tx.Outputs[i].Value
	}
	if valueIn < valueOut {
		return 0, ruleErrorf(ErrBadTxnsInBelowOut, "value in (%d) < value out (%d)", valueIn, valueOut)
	}
	fee := valueIn - valueOut
	if !MoneyRange(fee) {
		return 0, ruleErrorf(ErrBadTxnsFeeOutOfRange, "fee %d out of range", fee)
	}
	return fee, nil
}

// GetP2SHSigOpCount counts the accurate signature operations of the redeem
// scripts of tx's inputs that spend P2SH outputs (Core's GetP2SHSigOpCount);
// prevOuts are the spent outputs in input order (len(prevOuts) must be
// len(tx.Inputs)). Zero for a coinbase.
//
// This function is safe for concurrent access.
func GetP2SHSigOpCount(tx *primitives.Tx, prevOuts []primitives.TxOut) int {
	if tx.IsCoinBase() {
		return 0
	}
	n := 0
	for i := range tx.Inputs {
		pk := prevOuts[i].ScriptPubKey
		if txscript.IsPayToScriptHash(pk) {
			n += txscript.GetP2SHSigOpCount(tx.Inputs[i].ScriptSig, pk)
		}
	}
	return n
}

// GetTransactionSigOpCost returns tx's signature-operation cost (Core's
// GetTransactionSigOpCost): legacy sigops × 4, plus P2SH sigops × 4 when
// flags has P2SH, plus witness sigops (zero without WITNESS). prevOuts are
// the outputs tx spends, in input order, one per input (ignored for a
// coinbase, which may pass nil). A block's total must not exceed MaxBlockSigOpsCost
// ("bad-blk-sigops", see CheckBlockSigOpCost).
//
// This function is safe for concurrent access.
func GetTransactionSigOpCost(tx *primitives.Tx, prevOuts []primitives.TxOut, flags txscript.Flags) int64 {
	cost := int64(GetLegacySigOpCount(tx)) * primitives.WitnessScaleFactor
	if tx.IsCoinBase() {
		return cost
	}
	if flags&txscript.FlagP2SH != 0 {
		cost += int64(GetP2SHSigOpCount(tx, prevOuts)) * primitives.WitnessScaleFactor
	}
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		cost += int64(txscript.GetWitnessSigOpCount(in.ScriptSig, prevOuts[i].ScriptPubKey, in.Witness, flags))
	}
	return cost
}

// GetTransactionSigOpCostView is GetTransactionSigOpCost reading the spent
// outputs from view; a missing coin fails with
// ErrBadTxnsInputsMissingOrSpent.
//
// This function is safe for concurrent access if view is.
func GetTransactionSigOpCostView(tx *primitives.Tx, view CoinView, flags txscript.Flags) (int64, error) {
	if tx.IsCoinBase() {
		return GetTransactionSigOpCost(tx, nil, flags), nil
	}
	prevOuts := make([]primitives.TxOut, len(tx.Inputs))
	for i := range tx.Inputs {
		coin, ok := view.LookupCoin(tx.Inputs[i].PrevOut)
		if !ok {
			return 0, ruleErrorf(ErrBadTxnsInputsMissingOrSpent, "inputs missing/spent (input %d)", i)
		}
		prevOuts[i] = coin.Out
	}
	return GetTransactionSigOpCost(tx, prevOuts, flags), nil
}

// CheckBlockSigOpCost fails with ErrBadBlkSigops when a block's running
// sigop cost exceeds MaxBlockSigOpsCost (ConnectBlock's check, made after
// each transaction).
//
// This function is safe for concurrent access.
func CheckBlockSigOpCost(total int64) error {
	if total > MaxBlockSigOpsCost {
		return ruleErrorf(ErrBadBlkSigops, "too many sigops (cost %d > %d)", total, MaxBlockSigOpsCost)
	}
	return nil
}
