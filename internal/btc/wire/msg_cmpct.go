package wire

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// minTxSize is the smallest serialized transaction: version, empty input and
// output counts, lock time. It bounds transaction counts against the payload.
const minTxSize = 10

// PrefilledTx is a transaction sent in full inside a compact block, with its
// absolute index in the block. On the wire the index is differential: the
// gap since the previous prefilled transaction's index plus one.
type PrefilledTx struct {
	Index int
	Tx    *primitives.Tx
}

// MsgCmpctBlock is a BIP152 compact block (HeaderAndShortIDs): the header,
// the nonce keying the short ids, the 6-byte short ids of the transactions
// not prefilled, and the prefilled transactions (at least the coinbase, in
// Core's encoding).
type MsgCmpctBlock struct {
	Header    primitives.Header
	Nonce     uint64
	ShortIDs  []uint64
	Prefilled []PrefilledTx
}

// NewCmpctBlock builds the compact block Core sends for blk: the coinbase
// prefilled, every other transaction by the short id of its wtxid. The nonce
// must be random (the caller supplies it; this package has no randomness).
//
// This function is safe for concurrent access.
func NewCmpctBlock(blk *primitives.Block, nonce uint64) *MsgCmpctBlock {
	m := &MsgCmpctBlock{Header: blk.Header, Nonce: nonce}
	if len(blk.Txs) == 0 {
		return m
	}
	key := m.Key()
	m.Prefilled = []PrefilledTx{{Index: 0, Tx: blk.Txs[0]}}
	wtxids := blk.WitnessHashes()
	m.ShortIDs = make([]uint64, len(blk.Txs)-1)
	for i := 1; i < len(blk.Txs); i++ {
		m.ShortIDs[i-1] = key.ShortID(&wtxids[i])
	}
	return m
}

// Key returns the short id key of the compact block.
func (m *MsgCmpctBlock) Key() ShortIDKey { return NewShortIDKey(&m.Header, m.Nonce) }

// BlockTxCount returns the number of transactions of the block.
func (m *MsgCmpctBlock) BlockTxCount() int { return len(m.ShortIDs) + len(m.Prefilled) }

// Command returns "cmpctblock".
func (*MsgCmpctBlock) Command() string { return CmdCmpctBlock }

// Encode appends the payload. Prefilled indexes must be strictly increasing.
func (m *MsgCmpctBlock) Encode(b []byte) []byte {
	b = m.Header.AppendTo(b)
	b = appendU64(b, m.Nonce)
	b = primitives.AppendCompactSize(b, uint64(len(m.ShortIDs)))
	b = growBy(b, len(m.ShortIDs)*ShortIDSize)
	for _, id := range m.ShortIDs {
		b = append(b, byte(id), byte(id>>8), byte(id>>16), byte(id>>24), byte(id>>32), byte(id>>40))
	}
	b = primitives.AppendCompactSize(b, uint64(len(m.Prefilled)))
	last := -1
	for _, p := range m.Prefilled {
		b = primitives.AppendCompactSize(b, uint64(p.Index-last-1))
		b = p.Tx.AppendTo(b)
		last = p.Index
	}
	return b
}

// Decode reads the payload as Core does: each differential index must fit
// 16 bits, and the block's transaction count (short ids plus prefilled) must
// too ("indexes overflowed 16 bits"). The absolute indexes are checked
// against the block only by NewPartialBlock, as in Core's InitData.
func (m *MsgCmpctBlock) Decode(p []byte) error {
	d := decoder{cmd: CmdCmpctBlock, b: p}
	m.Header = d.header("header")
	m.Nonce = d.u64("nonce")
	n := d.count("short ids", -1, ShortIDSize)
	raw := d.bytes(n*ShortIDSize, "short ids")
	if d.err != nil {
		return d.err
	}
	m.ShortIDs = make([]uint64, n)
	for i := range m.ShortIDs {
		e := raw[i*ShortIDSize:]
		m.ShortIDs[i] = uint64(binary.LittleEndian.Uint32(e)) | uint64(binary.LittleEndian.Uint16(e[4:]))<<32
	}
	np := d.count("prefilled txs", -1, 1+minTxSize)
	if d.err != nil {
		return d.err
	}
	m.Prefilled = make([]PrefilledTx, np)
	last := -1
	for i := range m.Prefilled {
		diff := d.compactSize("prefilled index")
		if d.err == nil && diff > 0xffff {
			return malformed(CmdCmpctBlock, "prefilled index %d exceeds 16 bits", diff)
		}
		last += int(diff) + 1
		m.Prefilled[i] = PrefilledTx{Index: last, Tx: d.tx("prefilled tx")}
	}
	if err := d.finish(); err != nil {
		return err
	}
	if m.BlockTxCount() > 0xffff {
		return malformed(CmdCmpctBlock, "indexes overflowed 16 bits")
	}
	return nil
}

// MsgGetBlockTxn asks for the transactions of a block at the given indexes
// (BIP152 BlockTransactionsRequest). Indexes are absolute, strictly
// increasing and at most 65535; on the wire they are differential.
type MsgGetBlockTxn struct {
	BlockHash chainhash.Hash
	Indexes   []uint16
}

// Command returns "getblocktxn".
func (*MsgGetBlockTxn) Command() string { return CmdGetBlockTxn }

// Encode appends the payload. Indexes must be strictly increasing.
func (m *MsgGetBlockTxn) Encode(b []byte) []byte {
	b = append(b, m.BlockHash[:]...)
	b = primitives.AppendCompactSize(b, uint64(len(m.Indexes)))
	next := 0
	for _, idx := range m.Indexes {
		b = primitives.AppendCompactSize(b, uint64(int(idx)-next))
		next = int(idx) + 1
	}
	return b
}

// Decode reads the payload; an index beyond 16 bits is ErrMalformed
// ("differential value overflow" in Core).
func (m *MsgGetBlockTxn) Decode(p []byte) error {
	d := decoder{cmd: CmdGetBlockTxn, b: p}
	m.BlockHash = d.hash("block hash")
	n := d.count("indexes", -1, 1)
	if d.err != nil {
		return d.err
	}
	m.Indexes = make([]uint16, n)
	var shift uint64
	for i := range m.Indexes {
		shift += d.compactSize("index")
		if d.err != nil {
			return d.err
		}
		if shift > 0xffff {
			return malformed(CmdGetBlockTxn, "differential value overflow")
		}
		m.Indexes[i] = uint16(shift)
		shift++
	}
	return d.finish()
}

// MsgBlockTxn answers getblocktxn with the requested transactions, in the
// witness serialization (BIP152 BlockTransactions).
type MsgBlockTxn struct {
	BlockHash chainhash.Hash
	Txs       []*primitives.Tx
}

// Command returns "blocktxn".
func (*MsgBlockTxn) Command() string { return CmdBlockTxn }

// Encode appends the payload.
func (m *MsgBlockTxn) Encode(b []byte) []byte {
	b = append(b, m.BlockHash[:]...)
	b = primitives.AppendCompactSize(b, uint64(len(m.Txs)))
	for _, tx := range m.Txs {
		b = tx.AppendTo(b)
	}
	return b
}

// Decode reads the payload; the transactions alias p.
func (m *MsgBlockTxn) Decode(p []byte) error {
	d := decoder{cmd: CmdBlockTxn, b: p}
	m.BlockHash = d.hash("block hash")
	n := d.count("txs", -1, minTxSize)
	if d.err != nil {
		return d.err
	}
	m.Txs = make([]*primitives.Tx, n)
	for i := range m.Txs {
		m.Txs[i] = d.tx("tx")
	}
	return d.finish()
}

// NewBlockTxn answers req from blk, as Core does for a getblocktxn: an index
// beyond the block's transactions is ErrCmpctInvalid (Core: "getblocktxn with
// out-of-bounds tx indices", misbehaviour).
//
// This function is safe for concurrent access.
func NewBlockTxn(blk *primitives.Block, req *MsgGetBlockTxn) (*MsgBlockTxn, error) {
	m := &MsgBlockTxn{BlockHash: req.BlockHash, Txs: make([]*primitives.Tx, len(req.Indexes))}
	for i, idx := range req.Indexes {
		if int(idx) >= len(blk.Txs) {
			return nil, &MessageError{Kind: ErrCmpctInvalid, Command: CmdGetBlockTxn,
				Description: "out-of-bounds tx index"}
		}
		m.Txs[i] = blk.Txs[idx]
	}
	return m, nil
}
