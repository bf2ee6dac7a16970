package wallet

import (
	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// SendAllRequest describes a sendall: every available coin (or the given
// inputs) paid to outputs, the outputs marked Remainder sharing what is
// left after the fixed amounts and the fee.
type SendAllRequest struct {
	// Outputs are the recipients; the Value of a Remainder output is
	// ignored.
	Outputs []primitives.TxOut
	// Remainder marks, per output, a recipient without an amount; at
	// least one is required.
	Remainder []bool
	// Inputs are preset inputs (their sequences as given), used when
	// UseInputs is set (even with none); otherwise every available coin
	// of the wallet is spent.
	Inputs    []primitives.TxIn
	UseInputs bool
	// SendMax skips coins whose value does not pay for their own input.
	SendMax bool
	// MinConf and MaxConf bound the confirmations of the coins (MaxConf
	// < 0: no bound).
	MinConf, MaxConf int32
	// LockTime is the transaction's lock time (no anti-fee-sniping, as
	// Core's sendall).
	LockTime uint32
	// Replaceable signals BIP125 on the coins added.
	Replaceable bool
	// LockUnspents locks the spent coins.
	LockUnspents bool
	// Fee carries the fee-rate choice: FeeRate, ConfTarget, Conservative
	// and MaxTxFee.
	Fee FundOptions
}

// BuildSendAll builds the unsigned transaction of a sendall (Core's
// sendall before FinishTransaction).
//
// This function is safe for concurrent access.
func (w *Wallet) BuildSendAll(req SendAllRequest) (*FundResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buildSendAllLocked(req)
}

// SendAll builds, signs, broadcasts and records a sendall transaction.
//
// This function is safe for concurrent access.
func (w *Wallet) SendAll(req SendAllRequest) (*SendResult, error) {
	w.sendMu.Lock()
	defer w.sendMu.Unlock()
	tx, fr, err := func() (*primitives.Tx, *FundResult, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.PrivateKeysDisabled() {
			return nil, nil, makeError(ErrPrivateKeysDisabled, "Error: Private keys are disabled for this wallet")
		}
		if w.mkey != nil && w.masterKey == nil {
			return nil, nil, lockedError()
		}
		fr, err := w.buildSendAllLocked(req)
		if err != nil {
			return nil, nil, err
		}
		if err := w.signFundedLocked(fr); err != nil {
			return nil, nil, err
		}
		return fr.Tx, fr, nil
	}()
	if err != nil {
		return nil, err
	}
	if err := w.broadcast(tx); err != nil {
		return nil, err
	}
	return &SendResult{TxID: tx.TxHash(), Tx: tx, Fee: fr.Fee, FeeRate: fr.FeeRate}, nil
}

func (w *Wallet) buildSendAllLocked(req SendAllRequest) (*FundResult, error) {
	if len(req.Remainder) != len(req.Outputs) {
		return nil, makeError(ErrInvalidParameter, "Must provide at least one address without a specified amount")
	}
	shares := int64(0)
	for _, r := range req.Remainder {
		if r {
			shares++
		}
	}
	if shares == 0 {
		return nil, makeError(ErrInvalidParameter, "Must provide at least one address without a specified amount")
	}
	feeRate, _, err := w.feeRateLocked(req.Fee)
	if err != nil {
		return nil, err
	}
	tx := &primitives.Tx{Version: 2, LockTime: req.LockTime, Outputs: make([]primitives.TxOut, len(req.Outputs))}
	for i, o := range req.Outputs {
		tx.Outputs[i] = primitives.TxOut{Value: o.Value, ScriptPubKey: o.ScriptPubKey}
		if req.Remainder[i] {
			tx.Outputs[i].Value = 0
		}
	}

	var prevOuts []primitives.TxOut
	var total int64
	inWeight := 0
	if req.UseInputs {
		for _, in := range req.Inputs {
			op := in.PrevOut
			if w.isSpent(op) {
				return nil, makeError(ErrInvalidParameter, "Input not available. UTXO (%s:%d) was already spent.", op.Hash, op.Index)
			}
			wtx, ok := w.txs[op.Hash]
			if !ok || int(op.Index) >= len(wtx.tx.Outputs) || !w.isMineOutPoint(op) {
				return nil, makeError(ErrInvalidParameter, "Input not found. UTXO (%s:%d) is not part of wallet.", op.Hash, op.Index)
			}
			o := wtx.tx.Outputs[op.Index]
			iw := inputWeight(o.ScriptPubKey)
			if iw == 0 {
				return nil, makeError(ErrInvalidParameter, "Unable to determine the size of the transaction, the wallet contains unsolvable descriptors")
			}
			tx.Inputs = append(tx.Inputs, in)
			prevOuts = append(prevOuts, o)
			total += o.Value
			inWeight += iw
		}
	} else {
		seq := uint32(0xffffffff)
		if req.Replaceable {
			seq = SequenceRBF
		}
		for _, u := range w.unspentLocked() {
			if u.Locked || u.Immature || !u.Trusted || (!u.Spendable && !u.Solvable) ||
				u.Confirmations < req.MinConf || (req.MaxConf >= 0 && u.Confirmations > req.MaxConf) {
				continue
			}
			iw := inputWeight(u.TxOut.ScriptPubKey)
			if iw == 0 {
				continue
			}
			if req.SendMax && feeForVSize(feeRate, vsizeOf(iw)) > u.TxOut.Value {
				continue
			}
			tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: u.OutPoint, Sequence: seq})
			prevOuts = append(prevOuts, u.TxOut)
			total += u.TxOut.Value
			inWeight += iw
		}
	}

	weight := txWeight(len(tx.Inputs), inWeight, tx.Outputs, true)
	fee := feeForVSize(feeRate, vsizeOf(weight))
	effective := total - fee
	maxFee := req.Fee.MaxTxFee
	if maxFee == 0 {
		maxFee = w.m.cfg.MaxTxFee
	}
	if fee > maxFee {
		return nil, makeError(ErrFeeTooHigh, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")
	}
	if effective <= 0 {
		if req.SendMax {
			return nil, makeError(ErrInsufficientFunds, "Total value of UTXO pool too low to pay for transaction, try using lower feerate.")
		}
		return nil, makeError(ErrInsufficientFunds, "Total value of UTXO pool too low to pay for transaction. Try using lower feerate or excluding uneconomic UTXOs with 'send_max' option.")
	}
	if weight > maxStandardWeight {
		return nil, makeError(ErrTxTooLarge, "Transaction too large.")
	}
	claimed := sumOutputs(tx.Outputs)
	if claimed > total {
		return nil, makeError(ErrInsufficientFunds, "Assigned more value to outputs than available funds.")
	}
	remainder := effective - claimed
	if remainder < 0 {
		return nil, makeError(ErrInsufficientFunds, "Insufficient funds for fees after creating specified outputs.")
	}
	share, rest := remainder/shares, remainder%shares
	first := true
	for i := range tx.Outputs {
		o := &tx.Outputs[i]
		if req.Remainder[i] {
			o.Value = share
			if first {
				o.Value += rest
				first = false
			}
			if o.Value < dustThreshold(o.ScriptPubKey) {
				return nil, makeError(ErrInsufficientFunds, "Dynamically assigned remainder results in dust output.")
			}
			continue
		}
		if o.Value < dustThreshold(o.ScriptPubKey) {
			addr := ""
			if a, err := address.FromScriptPubKey(o.ScriptPubKey, w.m.cfg.Params); err == nil {
				addr = a.String()
			}
			return nil, makeError(ErrInvalidParameter, "Specified output amount to %s is below dust threshold.", addr)
		}
	}
	if req.LockUnspents {
		for _, in := range tx.Inputs {
			w.locked[in.PrevOut] = true
		}
	}
	return &FundResult{Tx: tx, Fee: total - sumOutputs(tx.Outputs), ChangePos: -1, FeeRate: feeRate, PrevOuts: prevOuts, Algo: AlgoManual}, nil
}
