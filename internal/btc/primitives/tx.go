package primitives

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/twinchain/twinchain/internal/chainhash"
)

const (
	// SequenceFinal is the sequence number that disables locktime for an
	// input (and opts out of BIP125 signalling).
	SequenceFinal uint32 = 0xffffffff
	// WitnessScaleFactor is BIP141's weight multiplier for stripped bytes.
	WitnessScaleFactor = 4

	minTxInSize  = 32 + 4 + 1 + 4 // outpoint, empty script, sequence
	minTxOutSize = 8 + 1          // value, empty script
)

// OutPoint names a transaction output: a txid and an output index.
type OutPoint struct {
	Hash  chainhash.Hash
	Index uint32
}

// IsNull reports whether o is the null outpoint a coinbase input spends.
func (o OutPoint) IsNull() bool { return o.Index == 0xffffffff && o.Hash.IsZero() }

// String returns "txid:index".
func (o OutPoint) String() string { return fmt.Sprintf("%s:%d", o.Hash, o.Index) }

// TxIn is a transaction input.
type TxIn struct {
	PrevOut   OutPoint
	ScriptSig []byte
	Sequence  uint32
	// Witness is the input's BIP141 witness stack; nil or empty when none.
	Witness [][]byte
}

// TxOut is a transaction output.
type TxOut struct {
	Value        int64 // satoshis
	ScriptPubKey []byte
}

// Tx is a Bitcoin transaction.
type Tx struct {
	Version  int32
	Inputs   []TxIn
	Outputs  []TxOut
	LockTime uint32
}

// HasWitness reports whether any input carries a non-empty witness, that is,
// whether the transaction serializes with the segwit marker.
func (tx *Tx) HasWitness() bool {
	for i := range tx.Inputs {
		if len(tx.Inputs[i].Witness) != 0 {
			return true
		}
	}
	return false
}

// IsCoinBase reports whether tx has exactly one input spending the null
// outpoint.
func (tx *Tx) IsCoinBase() bool {
	return len(tx.Inputs) == 1 && tx.Inputs[0].PrevOut.IsNull()
}

// SerializeSize returns the size of the serialization with witnesses.
func (tx *Tx) SerializeSize() int {
	n := tx.baseSize()
	if tx.HasWitness() {
		n += 2
		for i := range tx.Inputs {
			n += witnessSize(tx.Inputs[i].Witness)
		}
	}
	return n
}

// StrippedSize returns the size of the serialization without witnesses.
func (tx *Tx) StrippedSize() int { return tx.baseSize() }

// Weight returns the BIP141 weight: 3 × stripped size + total size.
func (tx *Tx) Weight() int {
	return tx.StrippedSize()*(WitnessScaleFactor-1) + tx.SerializeSize()
}

// VSize returns the virtual size, weight / 4 rounded up.
func (tx *Tx) VSize() int {
	return (tx.Weight() + WitnessScaleFactor - 1) / WitnessScaleFactor
}

func (tx *Tx) baseSize() int {
	n := 8 + CompactSizeLen(uint64(len(tx.Inputs))) + CompactSizeLen(uint64(len(tx.Outputs)))
	for i := range tx.Inputs {
		l := len(tx.Inputs[i].ScriptSig)
		n += 40 + CompactSizeLen(uint64(l)) + l
	}
	for i := range tx.Outputs {
		l := len(tx.Outputs[i].ScriptPubKey)
		n += 8 + CompactSizeLen(uint64(l)) + l
	}
	return n
}

func witnessSize(w [][]byte) int {
	n := CompactSizeLen(uint64(len(w)))
	for _, item := range w {
		n += CompactSizeLen(uint64(len(item))) + len(item)
	}
	return n
}

// AppendTo appends the serialization of tx to b, with the segwit marker and
// witnesses when the transaction has any.
func (tx *Tx) AppendTo(b []byte) []byte { return tx.appendTo(b, tx.HasWitness()) }

// AppendStripped appends the serialization without witnesses (the form the
// txid commits to).
func (tx *Tx) AppendStripped(b []byte) []byte { return tx.appendTo(b, false) }

func (tx *Tx) appendTo(b []byte, witness bool) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(tx.Version))
	if witness {
		b = append(b, 0x00, 0x01)
	}
	b = AppendCompactSize(b, uint64(len(tx.Inputs)))
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		b = append(b, in.PrevOut.Hash[:]...)
		b = binary.LittleEndian.AppendUint32(b, in.PrevOut.Index)
		b = AppendCompactSize(b, uint64(len(in.ScriptSig)))
		b = append(b, in.ScriptSig...)
		b = binary.LittleEndian.AppendUint32(b, in.Sequence)
	}
	b = AppendCompactSize(b, uint64(len(tx.Outputs)))
	for i := range tx.Outputs {
		out := &tx.Outputs[i]
		b = binary.LittleEndian.AppendUint64(b, uint64(out.Value))
		b = AppendCompactSize(b, uint64(len(out.ScriptPubKey)))
		b = append(b, out.ScriptPubKey...)
	}
	if witness {
		for i := range tx.Inputs {
			w := tx.Inputs[i].Witness
			b = AppendCompactSize(b, uint64(len(w)))
			for _, item := range w {
				b = AppendCompactSize(b, uint64(len(item)))
				b = append(b, item...)
			}
		}
	}
	return binary.LittleEndian.AppendUint32(b, tx.LockTime)
}

// Bytes returns the serialization of tx (with witnesses if any).
func (tx *Tx) Bytes() []byte { return tx.AppendTo(make([]byte, 0, tx.SerializeSize())) }

// Serialize writes the serialization of tx to w.
func (tx *Tx) Serialize(w io.Writer) error {
	_, err := w.Write(tx.Bytes())
	return err
}

// TxHash returns the txid: SHA-256d of the serialization without witnesses.
func (tx *Tx) TxHash() chainhash.Hash {
	return chainhash.DoubleSHA256(tx.AppendStripped(make([]byte, 0, tx.baseSize())))
}

// WitnessHash returns the wtxid: SHA-256d of the full serialization. It equals
// the txid for a transaction without witnesses.
func (tx *Tx) WitnessHash() chainhash.Hash {
	if !tx.HasWitness() {
		return tx.TxHash()
	}
	return chainhash.DoubleSHA256(tx.Bytes())
}

// Copy returns a deep copy of tx that shares no memory with it.
func (tx *Tx) Copy() *Tx {
	c := &Tx{Version: tx.Version, LockTime: tx.LockTime}
	c.Inputs = make([]TxIn, len(tx.Inputs))
	for i, in := range tx.Inputs {
		c.Inputs[i] = TxIn{PrevOut: in.PrevOut, Sequence: in.Sequence, ScriptSig: clone(in.ScriptSig)}
		if in.Witness != nil {
			c.Inputs[i].Witness = make([][]byte, len(in.Witness))
			for j, item := range in.Witness {
				c.Inputs[i].Witness[j] = clone(item)
			}
		}
	}
	c.Outputs = make([]TxOut, len(tx.Outputs))
	for i, out := range tx.Outputs {
		c.Outputs[i] = TxOut{Value: out.Value, ScriptPubKey: clone(out.ScriptPubKey)}
	}
	return c
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

// DecodeTx decodes exactly one transaction from b, allowing witnesses. The
// result aliases b. Trailing bytes are an error.
func DecodeTx(b []byte) (*Tx, error) {
	tx := new(Tx)
	r := reader{b: b}
	if err := tx.decode(&r, true, nil, nil); err != nil {
		return nil, err
	}
	if r.remaining() != 0 {
		return nil, fmt.Errorf("transaction: %w (%d bytes)", ErrTrailingData, r.remaining())
	}
	return tx, nil
}

// DecodeTxNoWitness decodes one transaction in the legacy serialization,
// without the segwit marker (Core's TX_NO_WITNESS).
func DecodeTxNoWitness(b []byte) (*Tx, error) {
	tx := new(Tx)
	r := reader{b: b}
	if err := tx.decode(&r, false, nil, nil); err != nil {
		return nil, err
	}
	if r.remaining() != 0 {
		return nil, fmt.Errorf("transaction: %w (%d bytes)", ErrTrailingData, r.remaining())
	}
	return tx, nil
}

// DecodeTxPrefix decodes one transaction at the start of b and returns it
// with the number of bytes consumed.
func DecodeTxPrefix(b []byte) (*Tx, int, error) {
	tx := new(Tx)
	r := reader{b: b}
	if err := tx.decode(&r, true, nil, nil); err != nil {
		return nil, 0, err
	}
	return tx, r.off, nil
}

// txHashes records, while decoding, the byte spans that the txid and wtxid
// hash, so they can be computed without re-encoding.
type txHashes struct {
	start, bodyStart, bodyEnd, witEnd, end int
	segwit                                 bool
}

// decode reads a transaction exactly as Core's UnserializeTransaction does:
// a zero input count (when witnesses are allowed) is the segwit marker, and a
// flag byte follows; flag bit 0 means witnesses follow the outputs; any other
// bit is an error, and so is a marker whose witnesses are all empty.
func (tx *Tx) decode(r *reader, allowWitness bool, spans *txHashes, a *arena) error {
	start := r.off
	v, err := r.u32("tx version")
	if err != nil {
		return err
	}
	tx.Version = int32(v)
	bodyStart := r.off
	if err := tx.decodeInputs(r, a); err != nil {
		return err
	}
	var flags byte
	if len(tx.Inputs) == 0 && allowWitness {
		if flags, err = r.u8("tx segwit flag"); err != nil {
			return err
		}
		if flags != 0 {
			bodyStart = r.off
			if err := tx.decodeInputs(r, a); err != nil {
				return err
			}
			if err := tx.decodeOutputs(r, a); err != nil {
				return err
			}
		} else {
			tx.Outputs = []TxOut{}
		}
	} else if err := tx.decodeOutputs(r, a); err != nil {
		return err
	}
	bodyEnd := r.off
	if flags&1 != 0 {
		flags ^= 1
		any := false
		for i := range tx.Inputs {
			n, err := r.count("witness item count", 1)
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			w := a.witness(n)
			for j := range w {
				if w[j], err = r.varBytes("witness item"); err != nil {
					return err
				}
			}
			tx.Inputs[i].Witness = w
			any = true
		}
		if !any {
			return ErrSuperfluousWitness
		}
	}
	if flags != 0 {
		return ErrUnknownOptionalData
	}
	witEnd := r.off
	if tx.LockTime, err = r.u32("tx locktime"); err != nil {
		return err
	}
	if spans != nil {
		*spans = txHashes{start: start, bodyStart: bodyStart, bodyEnd: bodyEnd, witEnd: witEnd, end: r.off, segwit: witEnd != bodyEnd}
	}
	return nil
}

func (tx *Tx) decodeInputs(r *reader, a *arena) error {
	n, err := r.count("tx input count", minTxInSize)
	if err != nil {
		return err
	}
	tx.Inputs = a.inputs(n)
	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		if err := r.hash("tx input prevout", (*[32]byte)(&in.PrevOut.Hash)); err != nil {
			return err
		}
		if in.PrevOut.Index, err = r.u32("tx input prevout index"); err != nil {
			return err
		}
		if in.ScriptSig, err = r.varBytes("tx input script"); err != nil {
			return err
		}
		if in.Sequence, err = r.u32("tx input sequence"); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) decodeOutputs(r *reader, a *arena) error {
	n, err := r.count("tx output count", minTxOutSize)
	if err != nil {
		return err
	}
	tx.Outputs = a.outputs(n)
	for i := range tx.Outputs {
		out := &tx.Outputs[i]
		val, err := r.u64("tx output value")
		if err != nil {
			return err
		}
		out.Value = int64(val)
		if out.ScriptPubKey, err = r.varBytes("tx output script"); err != nil {
			return err
		}
	}
	return nil
}

// hashesFromSpans computes the txid and wtxid of a transaction decoded from
// b using the recorded spans, without re-encoding it.
func hashesFromSpans(b []byte, s *txHashes) (txid, wtxid chainhash.Hash) {
	end := s.end
	if !s.segwit {
		txid = chainhash.DoubleSHA256(b[s.start:end])
		return txid, txid
	}
	h := sha256.New()
	h.Write(b[s.start : s.start+4])
	h.Write(b[s.bodyStart:s.bodyEnd])
	h.Write(b[s.witEnd:end])
	var first [32]byte
	h.Sum(first[:0])
	txid = sha256.Sum256(first[:])
	wtxid = chainhash.DoubleSHA256(b[s.start:end])
	return txid, wtxid
}

// arena hands out sub-slices of larger allocations so that decoding a block
// costs a handful of allocations instead of several per transaction. A nil
// arena allocates each slice on its own. Slices are capped (three-index
// slicing) so an append by a caller never reaches a neighbour.
type arena struct {
	ins  []TxIn
	outs []TxOut
	wit  [][]byte
	// chunk sizes for the next allocation, estimated from the input size
	inChunk, outChunk, witChunk int
}

func newArena(size int) *arena {
	return &arena{inChunk: max(size/150, 16), outChunk: max(size/100, 16), witChunk: max(size/100, 16)}
}

func (a *arena) inputs(n int) []TxIn {
	if a == nil || n > a.inChunk {
		return make([]TxIn, n)
	}
	if len(a.ins)+n > cap(a.ins) {
		a.ins = make([]TxIn, 0, a.inChunk)
	}
	s := a.ins[len(a.ins) : len(a.ins)+n : len(a.ins)+n]
	a.ins = a.ins[:len(a.ins)+n]
	return s
}

func (a *arena) outputs(n int) []TxOut {
	if a == nil || n > a.outChunk {
		return make([]TxOut, n)
	}
	if len(a.outs)+n > cap(a.outs) {
		a.outs = make([]TxOut, 0, a.outChunk)
	}
	s := a.outs[len(a.outs) : len(a.outs)+n : len(a.outs)+n]
	a.outs = a.outs[:len(a.outs)+n]
	return s
}

func (a *arena) witness(n int) [][]byte {
	if a == nil || n > a.witChunk {
		return make([][]byte, n)
	}
	if len(a.wit)+n > cap(a.wit) {
		a.wit = make([][]byte, 0, a.witChunk)
	}
	s := a.wit[len(a.wit) : len(a.wit)+n : len(a.wit)+n]
	a.wit = a.wit[:len(a.wit)+n]
	return s
}
