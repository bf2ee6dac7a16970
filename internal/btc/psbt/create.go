package psbt

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// New returns a version 0 PSBT for tx (Core's createpsbt/converttopsbt
// result): tx must have empty scriptSigs and witnesses. The packet keeps a
// copy of tx.
//
// This function is safe for concurrent access.
func New(tx *primitives.Tx) (*Packet, error) {
	return NewVersion(tx, 0)
}

// NewVersion is New for PSBT version 0 or 2.
//
// This function is safe for concurrent access.
func NewVersion(tx *primitives.Tx, version uint32) (*Packet, error) {
	if version != 0 && version != 2 {
		return nil, makeError(ErrInvalidTx, "Unsupported version number")
	}
	for i := range tx.Inputs {
		if len(tx.Inputs[i].ScriptSig) != 0 || len(tx.Inputs[i].Witness) != 0 {
			return nil, makeError(ErrInvalidTx, "Inputs must not have scriptSigs and scriptWitnesses")
		}
	}
	tx = tx.Copy()
	lt := tx.LockTime
	p := &Packet{
		Version:          version,
		Tx:               tx,
		TxVersion:        uint32(tx.Version),
		FallbackLockTime: &lt,
		Inputs:           make([]Input, len(tx.Inputs)),
		Outputs:          make([]Output, len(tx.Outputs)),
	}
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		seq := in.Sequence
		p.Inputs[i] = Input{PreviousTxID: in.PrevOut.Hash, OutputIndex: in.PrevOut.Index, Sequence: &seq}
	}
	for i := range tx.Outputs {
		p.Outputs[i] = Output{Amount: tx.Outputs[i].Value, Script: tx.Outputs[i].ScriptPubKey}
	}
	return p, nil
}

// computeLockTime is Core's ComputeTimeLock.
func (p *Packet) computeLockTime() (uint32, bool) {
	if p.Version >= 2 {
		var timeLock, heightLock uint32
		hasTime, hasHeight := true, true
		for i := range p.Inputs {
			in := &p.Inputs[i]
			if in.RequiredTimeLock != nil && in.RequiredHeightLock == nil {
				hasHeight = false
				if !hasTime {
					return 0, false
				}
			} else if in.RequiredTimeLock == nil && in.RequiredHeightLock != nil {
				hasTime = false
				if !hasHeight {
					return 0, false
				}
			}
			if in.RequiredTimeLock != nil && hasTime {
				timeLock = max(timeLock, *in.RequiredTimeLock)
			}
			if in.RequiredHeightLock != nil && hasHeight {
				heightLock = max(heightLock, *in.RequiredHeightLock)
			}
		}
		if hasHeight && heightLock > 0 {
			return heightLock, true
		}
		if hasTime && timeLock > 0 {
			return timeLock, true
		}
	}
	if p.FallbackLockTime != nil {
		return *p.FallbackLockTime, true
	}
	return 0, true
}

// UnsignedTx returns the unsigned transaction the PSBT describes. For version
// 0 it is p.Tx itself (do not modify it); for version 2 it is built from the
// per-input and per-output fields (Core's GetUnsignedTx). It fails when the
// inputs' required lock times cannot be satisfied together.
//
// This function is safe for concurrent access.
func (p *Packet) UnsignedTx() (*primitives.Tx, error) {
	if p.Version < 2 {
		if p.Tx == nil {
			return nil, makeError(ErrInvalidTx, "PSBT has no unsigned transaction")
		}
		return p.Tx, nil
	}
	lt, ok := p.computeLockTime()
	if !ok {
		return nil, makeError(ErrInvalidTx, "PSBT lock times are incompatible")
	}
	tx := &primitives.Tx{
		Version:  int32(p.TxVersion),
		LockTime: lt,
		Inputs:   make([]primitives.TxIn, len(p.Inputs)),
		Outputs:  make([]primitives.TxOut, len(p.Outputs)),
	}
	for i := range p.Inputs {
		in := &p.Inputs[i]
		seq := primitives.SequenceFinal
		if in.Sequence != nil {
			seq = *in.Sequence
		}
		tx.Inputs[i] = primitives.TxIn{
			PrevOut:  primitives.OutPoint{Hash: in.PreviousTxID, Index: in.OutputIndex},
			Sequence: seq,
		}
	}
	for i := range p.Outputs {
		tx.Outputs[i] = primitives.TxOut{Value: p.Outputs[i].Amount, ScriptPubKey: p.Outputs[i].Script}
	}
	return tx, nil
}

// UniqueID is Core's GetUniqueID: the txid of the unsigned transaction, with
// all sequences zeroed for version 2.
//
// This function is safe for concurrent access.
func (p *Packet) UniqueID() (chainhash.Hash, error) {
	tx, err := p.UnsignedTx()
	if err != nil {
		return chainhash.Hash{}, err
	}
	if p.Version >= 2 {
		for i := range tx.Inputs {
			tx.Inputs[i].Sequence = 0
		}
	}
	return tx.TxHash(), nil
}

// outpoint returns input i's outpoint.
func (p *Packet) outpoint(i int) primitives.OutPoint {
	if p.Version < 2 && p.Tx != nil {
		return p.Tx.Inputs[i].PrevOut
	}
	return primitives.OutPoint{Hash: p.Inputs[i].PreviousTxID, Index: p.Inputs[i].OutputIndex}
}

// UTXO returns the output input i spends, from its non-witness UTXO (checked
// against the outpoint) or its witness UTXO (Core's PSBTInput::GetUTXO).
//
// This function is safe for concurrent access.
func (p *Packet) UTXO(i int) (primitives.TxOut, bool) {
	if i < 0 || i >= len(p.Inputs) {
		return primitives.TxOut{}, false
	}
	in := &p.Inputs[i]
	if in.NonWitnessUTXO != nil {
		op := p.outpoint(i)
		if int(op.Index) >= len(in.NonWitnessUTXO.Outputs) || in.NonWitnessUTXO.TxHash() != op.Hash {
			return primitives.TxOut{}, false
		}
		return in.NonWitnessUTXO.Outputs[op.Index], true
	}
	if in.WitnessUTXO != nil && !isNullTxOut(in.WitnessUTXO) {
		return *in.WitnessUTXO, true
	}
	return primitives.TxOut{}, false
}
