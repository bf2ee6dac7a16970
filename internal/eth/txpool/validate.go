package txpool

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// validateTx applies the checks a transaction must pass to enter the pool
// under the head's rules and state, and returns its sender. The order
// follows geth: cheap stateless checks first, then the signature, then the
// price limit, then the state (nonce, balance). p.mu must be held.
func (p *Pool) validateTx(tx *ethtypes.Transaction, local bool) (ethtypes.Address, error) {
	var from ethtypes.Address
	if tx.Type() == ethtypes.BlobTxType {
		return from, ruleError(ErrTxTypeNotSupported, "blob transactions (type 3) are not accepted by this pool")
	}
	if size := tx.Size(); size > TxMaxSize {
		return from, ruleError(ErrOversizedData, fmt.Sprintf("size %d, limit %d", size, TxMaxSize))
	}
	if tx.Gas() > p.gasLimit {
		return from, ruleError(ErrGasLimit, fmt.Sprintf("tx gas %d, block gas limit %d", tx.Gas(), p.gasLimit))
	}
	// Type enabled by the fork, nonce limit, fee caps, init-code size,
	// intrinsic gas: ethtypes' errors, with geth's texts.
	if err := ethtypes.ValidateTx(tx, p.rules); err != nil {
		return from, err
	}
	from, err := ethtypes.Sender(p.signer, tx)
	if err != nil {
		return from, &RuleError{Err: ErrInvalidSender, Cause: err}
	}
	tip := tx.GasTipCap()
	if !local && !p.isLocal(from) && tip.Lt(uint256.NewInt(p.cfg.PriceLimit)) {
		return from, ruleError(ErrUnderpriced, fmt.Sprintf("gas tip cap %s, minimum needed %d", tip.Dec(), p.cfg.PriceLimit))
	}
	if p.cfg.RejectBelowBaseFee && p.baseFee != nil {
		if feeCap := tx.GasFeeCap(); feeCap.Lt(p.baseFee) {
			return from, ruleError(ErrFeeCapTooLow, fmt.Sprintf("address %s, maxFeePerGas: %s, baseFee: %s",
				from.Hex(), feeCap.Dec(), p.baseFee.Dec()))
		}
	}
	if next := p.state.GetNonce(from); next > tx.Nonce() {
		return from, ruleError(ErrNonceTooLow, fmt.Sprintf("next nonce %d, tx nonce %d", next, tx.Nonce()))
	}
	balance := p.balance(from)
	cost, ok := txCost(tx)
	if !ok {
		return from, ruleError(ErrInsufficientFunds, fmt.Sprintf("balance %s, tx cost exceeds 256 bits", balance.Dec()))
	}
	if balance.Lt(&cost) {
		var over uint256.Int
		over.Sub(&cost, balance)
		return from, ruleError(ErrInsufficientFunds, fmt.Sprintf("balance %s, tx cost %s, overshot %s",
			balance.Dec(), cost.Dec(), over.Dec()))
	}
	// The sender must also afford its executable transactions together:
	// geth's guard against overdrafts through replacements or new nonces.
	if l := p.pending[from]; l != nil {
		need := l.cost
		if prev := l.get(tx.Nonce()); prev != nil {
			pc, _ := txCost(prev)
			need.Sub(&need, &pc)
		}
		if _, of := need.AddOverflow(&need, &cost); of || balance.Lt(&need) {
			var over uint256.Int
			over.Sub(&need, balance)
			return from, ruleError(ErrInsufficientFunds, fmt.Sprintf("balance %s, queued cost %s, tx cost %s, overshot %s",
				balance.Dec(), l.cost.Dec(), cost.Dec(), over.Dec()))
		}
	}
	return from, nil
}
