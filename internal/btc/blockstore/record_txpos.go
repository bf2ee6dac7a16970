package blockstore

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TxPos locates a transaction (Core's CDiskTxPos): the block's data
// position and the transaction's offset from the end of the block's 80-byte
// header.
type TxPos struct {
	Block    FilePos
	TxOffset uint32
}

// TxIndexEntry pairs a txid with its position.
type TxIndexEntry struct {
	TxID chainhash.Hash
	Pos  TxPos
}

// AppendTo appends the CDiskTxPos serialization: VARINT(file), VARINT(block
// pos), VARINT(tx offset).
func (p *TxPos) AppendTo(b []byte) []byte {
	b = primitives.AppendVarInt(b, uint64(uint32(p.Block.File)))
	b = primitives.AppendVarInt(b, uint64(p.Block.Pos))
	return primitives.AppendVarInt(b, uint64(p.TxOffset))
}

// DecodeTxPos decodes a CDiskTxPos value. Bytes after the record are
// ignored, as Core's database reads do.
func DecodeTxPos(b []byte) (TxPos, error) {
	p, _, err := decodeTxPos(b)
	return p, err
}

func decodeTxPos(b []byte) (TxPos, int, error) {
	var p TxPos
	d := decoder{b: b}
	p.Block.File = int32(d.varint(maxInt32, "tx pos file"))
	p.Block.Pos = uint32(d.varint(maxUint32, "tx pos block pos"))
	p.TxOffset = uint32(d.varint(maxUint32, "tx pos offset"))
	if d.err != nil {
		return p, 0, wrapError(ErrMalformed, d.err, "CDiskTxPos")
	}
	return p, d.off, nil
}

// TxIndexEntries returns the positions of every transaction of blk, stored
// at pos, as Core's TxIndex computes them: the first offset is the size of
// the transaction count, and each transaction adds its serialized size
// (with witnesses).
func TxIndexEntries(blk *primitives.Block, pos FilePos) []TxIndexEntry {
	out := make([]TxIndexEntry, len(blk.Txs))
	txids := blk.TxHashes()
	off := uint32(primitives.CompactSizeLen(uint64(len(blk.Txs))))
	for i, tx := range blk.Txs {
		out[i] = TxIndexEntry{TxID: txids[i], Pos: TxPos{Block: pos, TxOffset: off}}
		off += uint32(tx.SerializeSize())
	}
	return out
}
