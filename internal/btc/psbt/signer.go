package psbt

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// precomputed is Core's PrecomputedTransactionData for a PSBT.
type precomputed struct {
	tx       *primitives.Tx
	prevOuts []primitives.TxOut // nil unless every input's UTXO is known
	sh       *txscript.SigHashes
}

func (p *Packet) precompute() (*precomputed, error) {
	tx, err := p.UnsignedTx()
	if err != nil {
		return nil, err
	}
	prevOuts := make([]primitives.TxOut, len(p.Inputs))
	for i := range p.Inputs {
		u, ok := p.UTXO(i)
		if !ok {
			prevOuts = nil
			break
		}
		prevOuts[i] = u
	}
	return &precomputed{tx: tx, prevOuts: prevOuts, sh: txscript.NewSigHashes(tx, prevOuts)}, nil
}

// signResult is what signing one input learnt.
type signResult struct {
	complete bool
	sd       *sigData
}

func isTaproot(spk []byte) bool {
	return txscript.ClassifyScript(spk) == txscript.WitnessV1TaprootTy
}

// inputVerified is Core's PSBTInputSignedAndVerified.
func (p *Packet) inputVerified(i int, pre *precomputed) bool {
	in := &p.Inputs[i]
	if !in.IsFinalized() {
		// VerifyScript of empty final fields against the UTXO fails for any
		// standard output; skip the work.
		return false
	}
	u, ok := p.UTXO(i)
	if !ok {
		return false
	}
	return txscript.VerifyScript(in.FinalScriptSig, u.ScriptPubKey, in.FinalScriptWitness, standardFlags, &txscript.TxContext{
		Tx: pre.tx, Index: i, Amount: u.Value, PrevOuts: pre.prevOuts, SigHashes: pre.sh,
	}) == nil
}

// signInput is Core's SignPSBTInput. prov nil only combines existing
// signatures (the finalizer's dummy provider).
func (p *Packet) signInput(i int, prov Provider, sighash uint32, finalize bool, pre *precomputed) (signResult, error) {
	return p.signInputMode(i, prov, sighash, finalize, pre, false)
}

// signInputMode is signInput, optionally with dummy signatures (Core's
// SignPSBTInput with txdata == nullptr).
func (p *Packet) signInputMode(i int, prov Provider, sighash uint32, finalize bool, pre *precomputed, dummy bool) (signResult, error) {
	if i < 0 || i >= len(p.Inputs) {
		return signResult{}, makeError(ErrIndex, fmt.Sprintf("input %d out of range", i))
	}
	in := &p.Inputs[i]
	if p.inputVerified(i, pre) {
		return signResult{complete: true, sd: &sigData{complete: true}}, nil
	}
	sd := fillSigData(in)

	requireWitnessSig := false
	var utxo primitives.TxOut
	switch {
	case in.NonWitnessUTXO != nil:
		op := p.outpoint(i)
		if int(op.Index) >= len(in.NonWitnessUTXO.Outputs) || in.NonWitnessUTXO.TxHash() != op.Hash {
			return signResult{sd: sd}, makeError(ErrMissingInputs, "Inputs missing or spent")
		}
		utxo = in.NonWitnessUTXO.Outputs[op.Index]
	case in.WitnessUTXO != nil && !isNullTxOut(in.WitnessUTXO):
		utxo = *in.WitnessUTXO
		requireWitnessSig = true
	default:
		return signResult{sd: sd}, makeError(ErrMissingInputs, "Inputs missing or spent")
	}

	taproot := isTaproot(utxo.ScriptPubKey)
	if sighash == SigHashUnspecified {
		if taproot {
			sighash = SigHashDefault
		} else {
			sighash = SigHashAll
		}
	}
	if in.SighashType != nil && *in.SighashType != sighash {
		return signResult{sd: sd}, mismatch()
	}
	if taproot && sighash != SigHashDefault || !taproot && sighash != SigHashDefault && sighash != SigHashAll {
		v := sighash
		in.SighashType = &v
	}
	if sighash == SigHashDefault {
		if len(in.TapKeySig) != 0 && len(in.TapKeySig) != 64 {
			return signResult{sd: sd}, mismatch()
		}
		for _, ts := range in.TapScriptSigs {
			if len(ts.Signature) != 64 {
				return signResult{sd: sd}, mismatch()
			}
		}
	} else {
		if len(in.TapKeySig) != 0 && (len(in.TapKeySig) != 65 || uint32(in.TapKeySig[64]) != sighash) {
			return signResult{sd: sd}, mismatch()
		}
		for _, ts := range in.TapScriptSigs {
			if len(ts.Signature) != 65 || uint32(ts.Signature[64]) != sighash {
				return signResult{sd: sd}, mismatch()
			}
		}
		for _, ps := range in.PartialSigs {
			if len(ps.Signature) == 0 || uint32(ps.Signature[len(ps.Signature)-1]) != sighash {
				return signResult{sd: sd}, mismatch()
			}
		}
	}

	c := &creator{dummy: dummy, prov: prov, tx: pre.tx, idx: i, amount: utxo.Value, hashType: sighash, sh: pre.sh, prevOuts: pre.prevOuts}
	complete := c.produce(sd, utxo.ScriptPubKey)
	if requireWitnessSig && !sd.witnessSig {
		// Core returns INCOMPLETE here without reporting what is missing.
		return signResult{}, nil
	}
	if !finalize && sd.complete {
		sd.complete = false
	}
	fromSigData(in, sd)
	if sd.witnessSig {
		u := utxo
		in.WitnessUTXO = &u
	}
	return signResult{complete: complete, sd: sd}, nil
}

func mismatch() error {
	return makeError(ErrSighashMismatch, "Specified sighash value does not match value stored in PSBT")
}

// SignInput signs input i with the keys prov has, as Core's SignPSBTInput
// does without finalizing: new ECDSA signatures go to PartialSigs (low-R,
// RFC6979), BIP340 signatures to TapKeySig/TapScriptSigs; redeem and witness
// scripts found through prov, and the witness UTXO for segwit spends, are
// recorded. sighashType is a SIGHASH_* value or SigHashUnspecified; it must
// match the input's PSBT_IN_SIGHASH_TYPE when that is set (else
// ErrSighashMismatch), and is stored in the input when it is not the default.
// signed reports whether the input now has every signature it needs (Finalize
// will complete it). An input whose UTXO is unknown is ErrMissingInputs.
//
// This function is not safe for concurrent use on the same Packet.
func (p *Packet) SignInput(i int, prov Provider, sighashType uint32) (signed bool, err error) {
	pre, err := p.precompute()
	if err != nil {
		return false, err
	}
	res, err := p.signInput(i, prov, sighashType, false, pre)
	return res.complete, err
}

// Sign signs every input that is not finalized yet (Core's FillPSBT with
// sign=true, finalize=false). Inputs without UTXO data are skipped, as Core's
// wallet does; a sighash mismatch stops signing with ErrSighashMismatch.
// complete reports whether every input is finalized or fully signed.
//
// This function is not safe for concurrent use on the same Packet.
func (p *Packet) Sign(prov Provider, sighashType uint32) (complete bool, err error) {
	pre, err := p.precompute()
	if err != nil {
		return false, err
	}
	complete = true
	for i := range p.Inputs {
		in := &p.Inputs[i]
		if in.IsFinalized() {
			continue
		}
		if sighashType != SigHashUnspecified && in.SighashType != nil && *in.SighashType != sighashType {
			return false, mismatch()
		}
		res, err := p.signInput(i, prov, sighashType, false, pre)
		if err != nil {
			if isKind(err, ErrMissingInputs) {
				complete = false
				continue
			}
			return false, err
		}
		complete = complete && res.complete
	}
	return complete, nil
}

// Finalize is Core's FinalizePSBT: every input whose signatures satisfy its
// script (p2pk, p2pkh, bare multisig, p2sh, p2wpkh, p2wsh, their
// combinations, taproot key path, and taproot pk()/multi_a() script paths) gets
// its final scriptSig/witness, verified with the standard script flags, and
// loses the fields a finalized input no longer needs. It reports whether every
// input is finalized.
//
// This function is not safe for concurrent use on the same Packet.
func (p *Packet) Finalize() (complete bool) {
	pre, err := p.precompute()
	if err != nil {
		return false
	}
	complete = true
	for i := range p.Inputs {
		sh := SigHashUnspecified
		if t := p.Inputs[i].SighashType; t != nil {
			sh = *t
		}
		res, err := p.signInput(i, nil, sh, true, pre)
		complete = complete && err == nil && res.complete
	}
	return complete
}

// Extract returns the signed transaction of a finalized PSBT (Core's
// FinalizeAndExtractPSBT after a successful finalize): the unsigned
// transaction with each input's final scriptSig and witness. It fails with
// ErrNotFinalized when an input has neither.
//
// This function is safe for concurrent access.
func (p *Packet) Extract() (*primitives.Tx, error) {
	utx, err := p.UnsignedTx()
	if err != nil {
		return nil, err
	}
	tx := utx.Copy()
	for i := range tx.Inputs {
		in := &p.Inputs[i]
		if !in.IsFinalized() {
			return nil, makeError(ErrNotFinalized, fmt.Sprintf("input %d is not finalized", i))
		}
		tx.Inputs[i].ScriptSig = append([]byte(nil), in.FinalScriptSig...)
		if len(in.FinalScriptWitness) != 0 {
			w := make([][]byte, len(in.FinalScriptWitness))
			for j, it := range in.FinalScriptWitness {
				w[j] = append([]byte(nil), it...)
			}
			tx.Inputs[i].Witness = w
		}
	}
	return tx, nil
}

func isKind(err error, k ErrorKind) bool {
	e, ok := err.(Error)
	return ok && e.Err == k
}
