package primitives

import (
	"encoding/binary"
	"fmt"
	"io"
	"sync"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// HeaderSize is the size of a serialized block header.
const HeaderSize = 80

// Header is a block header.
type Header struct {
	Version    int32
	PrevBlock  chainhash.Hash
	MerkleRoot chainhash.Hash
	Timestamp  uint32
	Bits       uint32
	Nonce      uint32
}

// AppendTo appends the 80-byte serialization of h to b.
func (h *Header) AppendTo(b []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(h.Version))
	b = append(b, h.PrevBlock[:]...)
	b = append(b, h.MerkleRoot[:]...)
	b = binary.LittleEndian.AppendUint32(b, h.Timestamp)
	b = binary.LittleEndian.AppendUint32(b, h.Bits)
	return binary.LittleEndian.AppendUint32(b, h.Nonce)
}

// Bytes returns the 80-byte serialization of h.
func (h *Header) Bytes() []byte { return h.AppendTo(make([]byte, 0, HeaderSize)) }

// BlockHash returns SHA-256d of the serialized header.
func (h *Header) BlockHash() chainhash.Hash {
	var buf [HeaderSize]byte
	return chainhash.DoubleSHA256(h.AppendTo(buf[:0]))
}

// DecodeHeader decodes an 80-byte header at the start of b.
func DecodeHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < HeaderSize {
		return h, fmt.Errorf("block header: %w", ErrUnexpectedEOF)
	}
	h.Version = int32(binary.LittleEndian.Uint32(b[0:]))
	copy(h.PrevBlock[:], b[4:36])
	copy(h.MerkleRoot[:], b[36:68])
	h.Timestamp = binary.LittleEndian.Uint32(b[68:])
	h.Bits = binary.LittleEndian.Uint32(b[72:])
	h.Nonce = binary.LittleEndian.Uint32(b[76:])
	return h, nil
}

// Block is a block: a header and its transactions.
type Block struct {
	Header Header
	Txs    []*Tx

	// Set by DecodeBlock: the decoded bytes and each transaction's spans,
	// from which the txids and wtxids are computed once, on first use,
	// without re-encoding.
	raw      []byte
	spans    []txHashes
	hashOnce sync.Once
	txids    []chainhash.Hash
	wtxids   []chainhash.Hash
}

// decodedHashes fills txids and wtxids from the spans of a decoded block.
func (b *Block) decodedHashes() bool {
	if b.spans == nil || len(b.spans) != len(b.Txs) {
		return false
	}
	b.hashOnce.Do(func() {
		b.txids = make([]chainhash.Hash, len(b.spans))
		b.wtxids = make([]chainhash.Hash, len(b.spans))
		for i := range b.spans {
			b.txids[i], b.wtxids[i] = hashesFromSpans(b.raw, &b.spans[i])
		}
	})
	return true
}

// BlockHash returns the hash of the block's header.
func (b *Block) BlockHash() chainhash.Hash { return b.Header.BlockHash() }

// TxHashes returns the txids of the block's transactions, in order. For a
// block from DecodeBlock they are computed once from the decoded bytes and
// shared: the slice must not be modified, nor the block's transactions.
//
// This function is safe for concurrent access.
func (b *Block) TxHashes() []chainhash.Hash {
	if b.decodedHashes() {
		return b.txids
	}
	hs := make([]chainhash.Hash, len(b.Txs))
	for i, tx := range b.Txs {
		hs[i] = tx.TxHash()
	}
	return hs
}

// WitnessHashes returns the wtxids of the block's transactions, in order.
func (b *Block) WitnessHashes() []chainhash.Hash {
	if b.decodedHashes() {
		return b.wtxids
	}
	hs := make([]chainhash.Hash, len(b.Txs))
	for i, tx := range b.Txs {
		hs[i] = tx.WitnessHash()
	}
	return hs
}

// SerializeSize returns the size of the block's serialization with witnesses.
func (b *Block) SerializeSize() int {
	n := HeaderSize + CompactSizeLen(uint64(len(b.Txs)))
	for _, tx := range b.Txs {
		n += tx.SerializeSize()
	}
	return n
}

// StrippedSize returns the size of the block without witnesses.
func (b *Block) StrippedSize() int {
	n := HeaderSize + CompactSizeLen(uint64(len(b.Txs)))
	for _, tx := range b.Txs {
		n += tx.StrippedSize()
	}
	return n
}

// Weight returns the BIP141 block weight.
func (b *Block) Weight() int {
	return b.StrippedSize()*(WitnessScaleFactor-1) + b.SerializeSize()
}

// AppendTo appends the block's serialization (with witnesses) to dst.
func (b *Block) AppendTo(dst []byte) []byte {
	dst = b.Header.AppendTo(dst)
	dst = AppendCompactSize(dst, uint64(len(b.Txs)))
	for _, tx := range b.Txs {
		dst = tx.AppendTo(dst)
	}
	return dst
}

// AppendStripped appends the serialization without witnesses.
func (b *Block) AppendStripped(dst []byte) []byte {
	dst = b.Header.AppendTo(dst)
	dst = AppendCompactSize(dst, uint64(len(b.Txs)))
	for _, tx := range b.Txs {
		dst = tx.AppendStripped(dst)
	}
	return dst
}

// Bytes returns the block's serialization with witnesses.
func (b *Block) Bytes() []byte { return b.AppendTo(make([]byte, 0, b.SerializeSize())) }

// Serialize writes the block's serialization to w.
func (b *Block) Serialize(w io.Writer) error {
	_, err := w.Write(b.Bytes())
	return err
}

// DecodeBlock decodes exactly one block from b. Transactions alias b; the
// txids and wtxids are computed from the decoded bytes on first use.
func DecodeBlock(b []byte) (*Block, error) {
	blk, n, err := DecodeBlockPrefix(b)
	if err != nil {
		return nil, err
	}
	if n != len(b) {
		return nil, fmt.Errorf("block: %w (%d bytes)", ErrTrailingData, len(b)-n)
	}
	return blk, nil
}

// DecodeBlockPrefix decodes one block at the start of b and returns it with
// the number of bytes consumed.
func DecodeBlockPrefix(b []byte) (*Block, int, error) {
	hdr, err := DecodeHeader(b)
	if err != nil {
		return nil, 0, err
	}
	r := reader{b: b, off: HeaderSize}
	// The smallest transaction is 10 bytes (version, two empty counts,
	// locktime), which bounds the count against the input.
	n, err := r.count("block transaction count", 10)
	if err != nil {
		return nil, 0, err
	}
	blk := &Block{Header: hdr, raw: b}
	blk.Txs = make([]*Tx, n)
	txs := make([]Tx, n) // one allocation for all transactions
	blk.spans = make([]txHashes, n)
	a := newArena(len(b))
	for i := range txs {
		if err := txs[i].decode(&r, true, &blk.spans[i], a); err != nil {
			return nil, 0, fmt.Errorf("block transaction %d: %w", i, err)
		}
		blk.Txs[i] = &txs[i]
	}
	blk.raw = b[:r.off]
	return blk, r.off, nil
}
