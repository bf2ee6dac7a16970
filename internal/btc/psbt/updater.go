package psbt

import (
	"fmt"
	"github.com/twinchain/twinchain/internal/chainhash"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func (p *Packet) checkInput(i int) error {
	if i < 0 || i >= len(p.Inputs) {
		return makeError(ErrIndex, fmt.Sprintf("input %d out of range", i))
	}
	return nil
}

func (p *Packet) checkOutput(i int) error {
	if i < 0 || i >= len(p.Outputs) {
		return makeError(ErrIndex, fmt.Sprintf("output %d out of range", i))
	}
	return nil
}

// AddNonWitnessUTXO sets input i's PSBT_IN_NON_WITNESS_UTXO to prev, the
// whole transaction the input spends; its txid must match the outpoint.
func (p *Packet) AddNonWitnessUTXO(i int, prev *primitives.Tx) error {
	if err := p.checkInput(i); err != nil {
		return err
	}
	op := p.outpoint(i)
	if prev.TxHash() != op.Hash {
		return makeError(ErrMissingInputs, "Non-witness UTXO does not match outpoint hash")
	}
	if int(op.Index) >= len(prev.Outputs) {
		return makeError(ErrMissingInputs, "Input specifies output index that does not exist")
	}
	p.Inputs[i].NonWitnessUTXO = prev
	return nil
}

// AddWitnessUTXO sets input i's PSBT_IN_WITNESS_UTXO to the spent output.
func (p *Packet) AddWitnessUTXO(i int, out primitives.TxOut) error {
	if err := p.checkInput(i); err != nil {
		return err
	}
	p.Inputs[i].WitnessUTXO = &out
	return nil
}

// SetInputScripts sets input i's redeemScript and/or witnessScript (nil
// leaves a field unchanged).
func (p *Packet) SetInputScripts(i int, redeemScript, witnessScript []byte) error {
	if err := p.checkInput(i); err != nil {
		return err
	}
	if redeemScript != nil {
		p.Inputs[i].RedeemScript = redeemScript
	}
	if witnessScript != nil {
		p.Inputs[i].WitnessScript = witnessScript
	}
	return nil
}

// AddInputDerivation records the BIP32 origin of pub (33 or 65 bytes) for
// input i; an existing entry for pub is kept, as in Core.
func (p *Packet) AddInputDerivation(i int, pub []byte, origin KeyOrigin) error {
	if err := p.checkInput(i); err != nil {
		return err
	}
	if !validPubKey(pub) {
		return makeError(ErrSign, msgInvalidPubKey)
	}
	in := &p.Inputs[i]
	if !hasBip32(in.Bip32Derivation, pub) {
		in.Bip32Derivation = append(in.Bip32Derivation, Bip32Derivation{PubKey: pub, KeyOrigin: origin})
	}
	return nil
}

// AddOutputDerivation records the BIP32 origin of pub for output i.
func (p *Packet) AddOutputDerivation(i int, pub []byte, origin KeyOrigin) error {
	if err := p.checkOutput(i); err != nil {
		return err
	}
	if !validPubKey(pub) {
		return makeError(ErrSign, msgInvalidPubKey)
	}
	out := &p.Outputs[i]
	if !hasBip32(out.Bip32Derivation, pub) {
		out.Bip32Derivation = append(out.Bip32Derivation, Bip32Derivation{PubKey: pub, KeyOrigin: origin})
	}
	return nil
}

// AddInputTapDerivation records the origin of an x-only key for input i, with
// the leaves it signs for.
func (p *Packet) AddInputTapDerivation(i int, xonly [32]byte, leaves []chainhash.Hash, origin KeyOrigin) error {
	if err := p.checkInput(i); err != nil {
		return err
	}
	in := &p.Inputs[i]
	for _, d := range in.TapBip32Derivation {
		if d.XOnlyPubKey == xonly {
			return nil
		}
	}
	in.TapBip32Derivation = append(in.TapBip32Derivation, TapBip32Derivation{
		XOnlyPubKey: xonly, LeafHashes: sortDedupHashes(append([]chainhash.Hash(nil), leaves...)), KeyOrigin: origin,
	})
	return nil
}

// hidingProvider exposes a Provider's scripts and public data but no keys
// (Core's HidingSigningProvider with hide_secret).
type hidingProvider struct{ Provider }

func (hidingProvider) PrivKey([]byte) ([]byte, bool) { return nil, false }

// PubKey forwards to the wrapped provider when it has public keys.
func (h hidingProvider) PubKey(id []byte) ([]byte, bool) {
	if pp, ok := h.Provider.(PubKeyProvider); ok {
		return pp.PubKey(id)
	}
	return nil, false
}

// KeyOrigin forwards to the wrapped provider when it knows key origins.
func (h hidingProvider) KeyOrigin(pub []byte) (KeyOrigin, bool) {
	if kp, ok := h.Provider.(KeyOriginProvider); ok {
		return kp.KeyOrigin(pub)
	}
	return KeyOrigin{}, false
}

// Update fills every input and output with what prov knows, without signing
// (Core's walletprocesspsbt sign=false / descriptorprocesspsbt update step):
// redeem and witness scripts, key origins, taproot spend data, and the witness
// UTXO of segwit inputs whose UTXO is known. Inputs without UTXO data are
// skipped.
func (p *Packet) Update(prov Provider) error {
	pre, err := p.precompute()
	if err != nil {
		return err
	}
	hp := hidingProvider{prov}
	for i := range p.Inputs {
		if p.Inputs[i].IsFinalized() {
			continue
		}
		if _, err := p.signInput(i, hp, SigHashUnspecified, false, pre); err != nil && !isKind(err, ErrMissingInputs) {
			return err
		}
	}
	for i := range p.Outputs {
		p.updateOutput(i, hp, pre.tx)
	}
	return nil
}

// updateOutput is Core's UpdatePSBTOutput: what a would-be spend of the
// output reveals about its scripts and keys.
func (p *Packet) updateOutput(i int, prov Provider, tx *primitives.Tx) {
	out := &p.Outputs[i]
	sd := &sigData{redeem: out.RedeemScript, wscript: out.WitnessScript}
	sd.miscPubs = append(sd.miscPubs, out.Bip32Derivation...)
	txo := tx.Outputs[i]
	c := &creator{prov: prov, tx: tx, idx: 0, amount: txo.Value, hashType: SigHashAll}
	c.produce(sd, txo.ScriptPubKey)
	if len(out.RedeemScript) == 0 && len(sd.redeem) != 0 {
		out.RedeemScript = sd.redeem
	}
	if len(out.WitnessScript) == 0 && len(sd.wscript) != 0 {
		out.WitnessScript = sd.wscript
	}
	for _, d := range sd.miscPubs {
		if !hasBip32(out.Bip32Derivation, d.PubKey) {
			out.Bip32Derivation = append(out.Bip32Derivation, d)
		}
	}
	if out.TapInternalKey == ([32]byte{}) && sd.internalKey != ([32]byte{}) {
		out.TapInternalKey = sd.internalKey
	}
}

// AddInput appends an input (Core's PartiallySignedTransaction::AddInput, as
// joinpsbts uses it): for version 0 the outpoint and sequence go into Tx and
// the input's partial signatures and final fields are dropped; for version 2
// PSBT_GLOBAL_TX_MODIFIABLE must allow adding inputs (bit 0) and the input's
// required lock times must be compatible with the signed inputs'. A duplicate
// outpoint is refused.
func (p *Packet) AddInput(txin primitives.TxIn, in Input) error {
	for i := range p.Inputs {
		if p.outpoint(i) == txin.PrevOut {
			return makeError(ErrInvalidTx, "Input "+txin.PrevOut.String()+" exists in multiple PSBTs")
		}
	}
	in.PreviousTxID, in.OutputIndex = txin.PrevOut.Hash, txin.PrevOut.Index
	seq := txin.Sequence
	in.Sequence = &seq
	if p.Version < 2 {
		if p.Tx == nil {
			return makeError(ErrInvalidTx, "PSBT has no unsigned transaction")
		}
		in.PartialSigs, in.FinalScriptSig, in.FinalScriptWitness = nil, nil, nil
		p.Tx.Inputs = append(p.Tx.Inputs, primitives.TxIn{PrevOut: txin.PrevOut, Sequence: txin.Sequence})
		p.Inputs = append(p.Inputs, in)
		return nil
	}
	if p.TxModifiable == nil || *p.TxModifiable&1 == 0 {
		return makeError(ErrInvalidTx, "PSBT inputs are not modifiable")
	}
	if in.RequiredTimeLock != nil || in.RequiredHeightLock != nil {
		old, ok := p.computeLockTime()
		hasSigs := false
		for i := range p.Inputs {
			hasSigs = hasSigs || p.Inputs[i].HasSignatures()
		}
		p.Inputs = append(p.Inputs, in)
		nw, ok2 := p.computeLockTime()
		if !ok || !ok2 || hasSigs && old != nw {
			p.Inputs = p.Inputs[:len(p.Inputs)-1]
			return makeError(ErrInvalidTx, "PSBT lock times are incompatible")
		}
	} else {
		p.Inputs = append(p.Inputs, in)
	}
	p.Tx, _ = p.UnsignedTx()
	return nil
}

// AddOutput appends an output (Core's AddOutput); for version 2,
// PSBT_GLOBAL_TX_MODIFIABLE must allow adding outputs (bit 1).
func (p *Packet) AddOutput(txout primitives.TxOut, out Output) error {
	out.Amount, out.Script = txout.Value, txout.ScriptPubKey
	if p.Version < 2 {
		if p.Tx == nil {
			return makeError(ErrInvalidTx, "PSBT has no unsigned transaction")
		}
		p.Tx.Outputs = append(p.Tx.Outputs, txout)
		p.Outputs = append(p.Outputs, out)
		return nil
	}
	if p.TxModifiable == nil || *p.TxModifiable&2 == 0 {
		return makeError(ErrInvalidTx, "PSBT outputs are not modifiable")
	}
	p.Outputs = append(p.Outputs, out)
	p.Tx, _ = p.UnsignedTx()
	return nil
}
