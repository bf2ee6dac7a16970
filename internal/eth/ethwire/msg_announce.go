package ethwire

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/rlp"
)

// BlockAnnounce is one entry of NewBlockHashes.
type BlockAnnounce struct {
	Hash   ethtypes.Hash
	Number uint64
}

// NewBlockHashes announces blocks by hash and number:
// rlp([[hash, number]...]). At most MaxHashes entries.
type NewBlockHashes struct {
	Blocks []BlockAnnounce
}

// Code implements Message.
func (*NewBlockHashes) Code() Code { return NewBlockHashesCode }

// AppendRLP implements Message.
func (m *NewBlockHashes) AppendRLP(dst []byte) []byte {
	size := 0
	for i := range m.Blocks {
		size += rlp.ListSize(33 + rlp.Uint64Size(m.Blocks[i].Number))
	}
	dst = rlp.AppendListHeader(dst, size)
	for i := range m.Blocks {
		b := &m.Blocks[i]
		dst = rlp.AppendListHeader(dst, 33+rlp.Uint64Size(b.Number))
		dst = rlp.AppendBytes(dst, b.Hash[:])
		dst = rlp.AppendUint64(dst, b.Number)
	}
	return dst
}

// DecodeRLP implements Message.
func (m *NewBlockHashes) DecodeRLP(p []byte) error {
	const code = NewBlockHashesCode
	content, rest, err := rlp.SplitList(p)
	if err != nil || len(rest) != 0 {
		return malformed(code, orTrailing(err), "announcements")
	}
	n, err := listCount(code, content, "announcements", MaxHashes)
	if err != nil {
		return err
	}
	m.Blocks = make([]BlockAnnounce, n)
	r := rlp.NewContentReader(content)
	for i := range m.Blocks {
		er := r.List()
		h := er.Bytes()
		m.Blocks[i].Number = er.Uint64()
		if err := er.Finish(); err != nil {
			return malformed(code, err, "announcement %d", i)
		}
		if len(h) != ethtypes.HashLength {
			return malformed(code, nil, "announcement %d: hash of %d bytes", i, len(h))
		}
		copy(m.Blocks[i].Hash[:], h)
	}
	return nil
}

// Transactions broadcasts full transactions: rlp([tx...]), each in its
// block-body form. The count is bounded by the message size only.
type Transactions struct {
	Txs ethtypes.Transactions
}

// Code implements Message.
func (*Transactions) Code() Code { return TransactionsCode }

// AppendRLP implements Message.
func (m *Transactions) AppendRLP(dst []byte) []byte { return appendTxs(dst, m.Txs) }

// DecodeRLP implements Message.
func (m *Transactions) DecodeRLP(p []byte) error {
	content, rest, err := rlp.SplitList(p)
	if err != nil || len(rest) != 0 {
		return malformed(TransactionsCode, orTrailing(err), "transactions")
	}
	m.Txs, err = decodeTxs(TransactionsCode, content, "transactions", -1)
	return err
}

// NewBlock propagates a whole block with the total difficulty of the chain
// it ends: rlp([block, td]).
type NewBlock struct {
	Block *ethtypes.Block
	TD    uint256.Int
}

// Code implements Message.
func (*NewBlock) Code() Code { return NewBlockCode }

// AppendRLP implements Message.
func (m *NewBlock) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = m.Block.AppendRLP(dst)
	dst = rlp.AppendUint256(dst, (*[4]uint64)(&m.TD))
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *NewBlock) DecodeRLP(p []byte) error {
	r := rlp.NewListReader(p)
	raw := r.Raw()
	m.TD = uint256.Int(r.Uint256())
	if err := r.Finish(); err != nil {
		return malformed(NewBlockCode, err, "new block")
	}
	b, err := ethtypes.DecodeBlock(raw)
	if err != nil {
		return malformed(NewBlockCode, err, "block")
	}
	m.Block = b
	return nil
}

// NewPooledTransactionHashes announces transactions by type, size and hash
// (eth/68): rlp([types, [size...], [hash...]]), types being a byte string
// with one type per hash. The three lists have the same length, at most
// MaxHashes.
type NewPooledTransactionHashes struct {
	Types  []byte
	Sizes  []uint32
	Hashes []ethtypes.Hash
}

// Code implements Message.
func (*NewPooledTransactionHashes) Code() Code { return NewPooledTransactionHashesCode }

// AppendRLP implements Message.
func (m *NewPooledTransactionHashes) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendBytes(dst, m.Types)
	size := 0
	for _, s := range m.Sizes {
		size += rlp.Uint64Size(uint64(s))
	}
	dst = rlp.AppendListHeader(dst, size)
	for _, s := range m.Sizes {
		dst = rlp.AppendUint64(dst, uint64(s))
	}
	dst = appendHashes(dst, m.Hashes)
	return rlp.EndList(dst, mark)
}

// DecodeRLP implements Message.
func (m *NewPooledTransactionHashes) DecodeRLP(p []byte) error {
	const code = NewPooledTransactionHashesCode
	r := rlp.NewListReader(p)
	types := r.Bytes()
	sizes := r.ListContent()
	hashes := r.ListContent()
	if err := r.Finish(); err != nil {
		return malformed(code, err, "announcement")
	}
	if len(types) > MaxHashes {
		return tooMany(code, "types", len(types), MaxHashes)
	}
	n, err := listCount(code, sizes, "sizes", MaxHashes)
	if err != nil {
		return err
	}
	if n != len(types) {
		return malformed(code, nil, "%d types but %d sizes", len(types), n)
	}
	m.Sizes = make([]uint32, n)
	sr := rlp.NewContentReader(sizes)
	for i := range m.Sizes {
		v := sr.Uint64()
		if err := sr.Err(); err != nil {
			return malformed(code, err, "size %d", i)
		}
		if v > 1<<32-1 {
			return malformed(code, nil, "size %d: %d overflows 32 bits", i, v)
		}
		m.Sizes[i] = uint32(v)
	}
	if m.Hashes, err = decodeHashes(code, hashes, "hashes", MaxHashes); err != nil {
		return err
	}
	if len(m.Hashes) != n {
		return malformed(code, nil, "%d types but %d hashes", n, len(m.Hashes))
	}
	m.Types = append([]byte{}, types...)
	return nil
}

// errTrailing is the cause of a malformed top-level value followed by more
// bytes.
type trailingError struct{}

func (trailingError) Error() string { return "trailing bytes after the payload" }

// orTrailing returns err, or a trailing-bytes error when err is nil.
func orTrailing(err error) error {
	if err != nil {
		return err
	}
	return trailingError{}
}
