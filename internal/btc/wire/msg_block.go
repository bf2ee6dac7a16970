package wire

import "github.com/twinchain/twinchain/internal/btc/primitives"

// MsgTx carries one transaction in the witness serialization (BIP144).
type MsgTx struct {
	Tx *primitives.Tx
}

// Command returns "tx".
func (*MsgTx) Command() string { return CmdTx }

// Encode appends the transaction.
func (m *MsgTx) Encode(b []byte) []byte { return m.Tx.AppendTo(b) }

// Decode reads exactly one transaction; it aliases p.
func (m *MsgTx) Decode(p []byte) error {
	tx, err := primitives.DecodeTx(p)
	if err != nil {
		return wrapMalformed(CmdTx, "transaction", err)
	}
	m.Tx = tx
	return nil
}

// MsgBlock carries one block in the witness serialization. A decoded block
// keeps its serialized bytes in Raw (aliasing the payload), so storing or
// relaying it needs no re-encoding; Encode writes Raw when it is set.
type MsgBlock struct {
	Block *primitives.Block
	// Raw is the block's serialization, set by Decode. Clear it (or leave it
	// nil) when building a message from a Block.
	Raw []byte
}

// Command returns "block".
func (*MsgBlock) Command() string { return CmdBlock }

// Encode appends Raw if set, otherwise the block's serialization.
func (m *MsgBlock) Encode(b []byte) []byte {
	if m.Raw != nil {
		return append(b, m.Raw...)
	}
	return m.Block.AppendTo(b)
}

// Decode reads exactly one block; it aliases p.
func (m *MsgBlock) Decode(p []byte) error {
	blk, err := primitives.DecodeBlock(p)
	if err != nil {
		return wrapMalformed(CmdBlock, "block", err)
	}
	m.Block, m.Raw = blk, p
	return nil
}
