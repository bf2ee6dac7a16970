package consensus

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

const (
	// COIN is the number of satoshis in one bitcoin.
	COIN = 100_000_000
	// MaxMoney is the largest amount any output or sum may hold (Core's
	// MAX_MONEY), a sanity bound rather than the supply.
	MaxMoney = 21_000_000 * COIN
	// MaxBlockWeight is the BIP141 block weight limit.
	MaxBlockWeight = 4_000_000
)

// MoneyRange reports whether v is within [0, MaxMoney].
func MoneyRange(v int64) bool { return v >= 0 && v <= MaxMoney }

// CheckTransactionSanity performs Core's CheckTransaction: the checks a
// transaction must pass independently of any chain state. It returns a
// *RuleError carrying Core's reject reason.
//
// This function is safe for concurrent access.
func CheckTransactionSanity(tx *primitives.Tx) error {
	if len(tx.Inputs) == 0 {
		return ruleError(ErrBadTxnsVinEmpty, "transaction has no inputs")
	}
	if len(tx.Outputs) == 0 {
		return ruleError(ErrBadTxnsVoutEmpty, "transaction has no outputs")
	}
	if sz := tx.StrippedSize() * primitives.WitnessScaleFactor; sz > MaxBlockWeight {
		return ruleError(ErrBadTxnsOversize, fmt.Sprintf("stripped size × 4 = %d exceeds %d", sz, MaxBlockWeight))
	}
	var total int64
	for i := range tx.Outputs {
		v := tx.Outputs[i].Value
		if v < 0 {
			return ruleError(ErrBadTxnsVoutNegative, fmt.Sprintf("output %d has negative value %d", i, v))
		}
		if v > MaxMoney {
			return ruleError(ErrBadTxnsVoutTooLarge, fmt.Sprintf("output %d value %d exceeds the money range", i, v))
		}
		total += v
		if !MoneyRange(total) {
			return ruleError(ErrBadTxnsTxoutTotalTooLarge, "total output value exceeds the money range")
		}
	}
	// Duplicate inputs: a set for large transactions, a quadratic scan for
	// small ones (cheaper than a map below a few dozen inputs).
	if len(tx.Inputs) <= 32 {
		for i := 1; i < len(tx.Inputs); i++ {
			for j := 0; j < i; j++ {
				if tx.Inputs[i].PrevOut == tx.Inputs[j].PrevOut {
					return ruleError(ErrBadTxnsInputsDuplicate, fmt.Sprintf("inputs %d and %d spend %s", j, i, tx.Inputs[i].PrevOut))
				}
			}
		}
	} else {
		seen := make(map[primitives.OutPoint]struct{}, len(tx.Inputs))
		for i := range tx.Inputs {
			op := tx.Inputs[i].PrevOut
			if _, dup := seen[op]; dup {
				return ruleError(ErrBadTxnsInputsDuplicate, fmt.Sprintf("input %d spends %s twice", i, op))
			}
			seen[op] = struct{}{}
		}
	}
	if tx.IsCoinBase() {
		if l := len(tx.Inputs[0].ScriptSig); l < 2 || l > 100 {
			return ruleError(ErrBadCbLength, fmt.Sprintf("coinbase script is %d bytes, must be 2-100", l))
		}
		return nil
	}
	for i := range tx.Inputs {
		if tx.Inputs[i].PrevOut.IsNull() {
			return ruleError(ErrBadTxnsPrevoutNull, fmt.Sprintf("input %d spends the null outpoint", i))
		}
	}
	return nil
}
