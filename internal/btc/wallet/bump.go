package wallet

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// incrementalRelayFee is -incrementalrelayfee in sat/kvB.
const incrementalRelayFee = 1000

// BumpResult is bumpfee's outcome.
type BumpResult struct {
	TxID    chainhash.Hash
	Tx      *primitives.Tx
	OrigFee int64
	Fee     int64
	Errors  []string
}

// BumpFee replaces an unconfirmed wallet transaction with one paying a
// higher fee rate (BIP125, Core's bumpfee): the same inputs (more if
// needed), the same recipients, a smaller change. The new total fee must
// exceed the old by the incremental relay fee times the new size. opts
// chooses the rate (FeeRate or ConfTarget); the result is signed and
// broadcast, and the original is marked replaced.
//
// This function is safe for concurrent access.
func (w *Wallet) BumpFee(txid chainhash.Hash, opts FundOptions) (*BumpResult, error) {
	w.sendMu.Lock()
	defer w.sendMu.Unlock()
	res, err := w.buildBump(txid, opts, true)
	if err != nil {
		return nil, err
	}
	if err := w.broadcast(res.Tx); err != nil {
		w.mu.Lock()
		w.txs[txid].abandoned = false
		w.mu.Unlock()
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.db.Put(txKey(txid), encodeTxRecord(w.txs[txid])); err != nil {
		return nil, storageErr(err)
	}
	return res, nil
}

// PSBTBumpFee is BumpFee for Core's psbtbumpfee: it builds the same
// replacement with the same checks but neither signs nor broadcasts it, so
// it also works for wallets without private keys and for locked wallets.
// The result's Tx is unsigned and TxID is its (unsigned) id; the original
// stays as it was.
//
// This function is safe for concurrent access.
func (w *Wallet) PSBTBumpFee(txid chainhash.Hash, opts FundOptions) (*BumpResult, error) {
	w.sendMu.Lock()
	defer w.sendMu.Unlock()
	res, err := w.buildBump(txid, opts, false)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.txs[txid].abandoned = false
	w.mu.Unlock()
	return res, nil
}

// buildBump builds the replacement (signed when sign is set) and marks the
// original replaced in memory (the caller persists it after the broadcast,
// or undoes it).
func (w *Wallet) buildBump(txid chainhash.Hash, opts FundOptions, sign bool) (*BumpResult, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if sign && w.PrivateKeysDisabled() {
		return nil, makeError(ErrPrivateKeysDisabled, "bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.")
	}
	if sign && w.mkey != nil && w.masterKey == nil {
		return nil, lockedError()
	}
	wtx, ok := w.txs[txid]
	if !ok {
		return nil, makeError(ErrInvalidAddressOrKey, "Invalid or non-wallet transaction id")
	}
	// Core's PreconditionChecks, in its order.
	for i := range wtx.tx.Outputs {
		for _, sp := range w.spends[primitives.OutPoint{Hash: txid, Index: uint32(i)}] {
			if o := w.txs[sp]; o != nil && !o.abandoned {
				return nil, makeError(ErrInvalidParameter, "Transaction has descendants in the wallet")
			}
		}
	}
	if w.depth(wtx) != 0 || wtx.abandoned {
		return nil, makeError(ErrNotBumpable, "Transaction has been mined, or is conflicted with a mined transaction")
	}
	rbf := false
	for _, in := range wtx.tx.Inputs {
		rbf = rbf || in.Sequence < 0xfffffffe
	}
	if !rbf {
		return nil, makeError(ErrNotBumpable, "Transaction is not BIP 125 replaceable")
	}
	var inValue int64
	for _, in := range wtx.tx.Inputs {
		if !w.isMineOutPoint(in.PrevOut) {
			return nil, makeError(ErrNotBumpable, "Transaction contains inputs that don't belong to this wallet")
		}
		inValue += w.txs[in.PrevOut.Hash].tx.Outputs[in.PrevOut.Index].Value
	}
	origFee := inValue - sumOutputs(wtx.tx.Outputs)
	origVSize := int64(wtx.tx.VSize())

	// The template: the original inputs and its non-change outputs.
	tmpl := &primitives.Tx{Version: wtx.tx.Version, LockTime: wtx.tx.LockTime}
	for _, in := range wtx.tx.Inputs {
		tmpl.Inputs = append(tmpl.Inputs, primitives.TxIn{PrevOut: in.PrevOut, Sequence: SequenceRBF})
	}
	var changeSpk []byte
	for _, o := range wtx.tx.Outputs {
		if ref, ok := w.scripts[string(o.ScriptPubKey)]; ok && ref.d.rec.Internal && changeSpk == nil {
			changeSpk = o.ScriptPubKey
			continue
		}
		tmpl.Outputs = append(tmpl.Outputs, o)
	}
	if len(tmpl.Outputs) == 0 {
		return nil, makeError(ErrInvalidParameter, "Transaction has no recipient outputs to keep")
	}
	// The default new rate: the estimate, but at least the old rate plus
	// the incremental relay fee.
	oldRate := origFee * 1000 / origVSize
	if opts.FeeRate == 0 {
		est, _, err := w.feeRateLocked(opts)
		if err != nil {
			return nil, err
		}
		opts.FeeRate = max(est, oldRate+incrementalRelayFee)
	}
	if opts.FeeRate <= oldRate {
		return nil, makeError(ErrInvalidParameter, "Insufficient total fee %s, must be at least %s (oldFee %s + incrementalFee %s)",
			fmtBTC(feeForVSize(opts.FeeRate, origVSize)), fmtBTC(origFee+feeForVSize(incrementalRelayFee, origVSize)),
			fmtBTC(origFee), fmtBTC(feeForVSize(incrementalRelayFee, origVSize)))
	}
	opts.ChangeScript = changeSpk
	opts.AddInputs = true
	opts.Replaceable = true
	opts.NoAntiFeeSnipe = true
	// The original's coins are spendable again for the replacement.
	wtx.abandoned = true
	fr, err := w.fundLocked(tmpl, opts)
	if err != nil {
		wtx.abandoned = false
		return nil, err
	}
	newVSize := int64(fr.Tx.VSize()) // unsigned: an underestimate; fee rule below uses the estimate
	minFee := origFee + feeForVSize(incrementalRelayFee, max(newVSize, origVSize))
	if fr.Fee < minFee {
		wtx.abandoned = false
		return nil, makeError(ErrInvalidParameter, "Insufficient total fee %s, must be at least %s (oldFee %s + incrementalFee %s)",
			fmtBTC(fr.Fee), fmtBTC(minFee), fmtBTC(origFee), fmtBTC(minFee-origFee))
	}
	if !sign {
		return &BumpResult{TxID: fr.Tx.TxHash(), Tx: fr.Tx, OrigFee: origFee, Fee: fr.Fee}, nil
	}
	complete, errs, err := w.signLocked(fr.Tx, fr.PrevOuts)
	if err != nil || !complete {
		wtx.abandoned = false
		if err == nil {
			err = makeError(ErrSigning, "Can't sign transaction: %v", errs)
		}
		return nil, err
	}
	return &BumpResult{TxID: fr.Tx.TxHash(), Tx: fr.Tx, OrigFee: origFee, Fee: fr.Fee}, nil
}

// fmtBTC prints satoshis as Core prints amounts in messages: "0.00001000 BTC".
func fmtBTC(sat int64) string {
	sign := ""
	if sat < 0 {
		sign, sat = "-", -sat
	}
	return fmt.Sprintf("%s%d.%08d BTC", sign, sat/100_000_000, sat%100_000_000)
}
