package ethtypes

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

// EmptyUncleHash is keccak256(rlp([])), the ommers hash of a block without
// uncles.
var EmptyUncleHash = Hash(crypto.Keccak256([]byte{0xc0}))

// EmptyRootHash is the root of an empty trie: the transactions, receipts
// and withdrawals root of a block without any.
var EmptyRootHash = Hash(crypto.Keccak256([]byte{0x80}))

// errBadLength: a fixed-size field (hash, address, bloom, nonce) of the
// wrong length.
var errBadLength = errors.New("wrong length")

// Header is a block header. The fields after Nonce are optional and
// present (non-nil) from the fork that introduced them: BaseFee from London
// (EIP-1559), WithdrawalsHash from Shanghai (EIP-4895), BlobGasUsed,
// ExcessBlobGas (EIP-4844) and ParentBeaconRoot (EIP-4788) from Cancun.
// The encoding lists the optional fields in that order and stops at the
// first absent one.
type Header struct {
	ParentHash  Hash
	UncleHash   Hash
	Coinbase    Address
	Root        Hash
	TxHash      Hash
	ReceiptHash Hash
	Bloom       Bloom
	Difficulty  uint256.Int
	Number      uint64
	GasLimit    uint64
	GasUsed     uint64
	Time        uint64
	Extra       []byte
	MixDigest   Hash
	Nonce       [8]byte

	BaseFee          *uint256.Int
	WithdrawalsHash  *Hash
	BlobGasUsed      *uint64
	ExcessBlobGas    *uint64
	ParentBeaconRoot *Hash
}

// AppendRLP appends the RLP encoding of the header to dst.
//
// This method is safe for concurrent access.
func (h *Header) AppendRLP(dst []byte) []byte {
	dst, mark := rlp.StartList(dst)
	dst = rlp.AppendBytes(dst, h.ParentHash[:])
	dst = rlp.AppendBytes(dst, h.UncleHash[:])
	dst = rlp.AppendBytes(dst, h.Coinbase[:])
	dst = rlp.AppendBytes(dst, h.Root[:])
	dst = rlp.AppendBytes(dst, h.TxHash[:])
	dst = rlp.AppendBytes(dst, h.ReceiptHash[:])
	dst = rlp.AppendBytes(dst, h.Bloom[:])
	dst = rlp.AppendUint256(dst, (*[4]uint64)(&h.Difficulty))
	dst = rlp.AppendUint64(dst, h.Number)
	dst = rlp.AppendUint64(dst, h.GasLimit)
	dst = rlp.AppendUint64(dst, h.GasUsed)
	dst = rlp.AppendUint64(dst, h.Time)
	dst = rlp.AppendBytes(dst, h.Extra)
	dst = rlp.AppendBytes(dst, h.MixDigest[:])
	dst = rlp.AppendBytes(dst, h.Nonce[:])
	switch {
	case h.BaseFee == nil:
	case h.WithdrawalsHash == nil:
		dst = rlp.AppendUint256(dst, (*[4]uint64)(h.BaseFee))
	default:
		dst = rlp.AppendUint256(dst, (*[4]uint64)(h.BaseFee))
		dst = rlp.AppendBytes(dst, h.WithdrawalsHash[:])
		if h.BlobGasUsed == nil || h.ExcessBlobGas == nil {
			break
		}
		dst = rlp.AppendUint64(dst, *h.BlobGasUsed)
		dst = rlp.AppendUint64(dst, *h.ExcessBlobGas)
		if h.ParentBeaconRoot != nil {
			dst = rlp.AppendBytes(dst, h.ParentBeaconRoot[:])
		}
	}
	return rlp.EndList(dst, mark)
}

// Hash returns the block hash: keccak256 of the header's RLP encoding.
//
// This method is safe for concurrent access.
func (h *Header) Hash() Hash {
	var buf [700]byte
	return Hash(crypto.Keccak256(h.AppendRLP(buf[:0])))
}

// DecodeHeader decodes a header from exactly one canonical RLP list. The
// optional fields must come in order; a header with fields beyond
// ParentBeaconRoot (Prague's requests hash) is rejected. Errors have kind
// ErrBlockDecode.
//
// This function is safe for concurrent access.
func DecodeHeader(b []byte) (*Header, error) {
	r := rlp.NewListReader(b)
	return decodeHeader(&r)
}

// decodeHeader reads the header's elements from r and finishes it.
func decodeHeader(r *rlp.ListReader) (*Header, error) {
	h := new(Header)
	if err := readFixed(r, h.ParentHash[:], "parentHash"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.UncleHash[:], "ommersHash"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.Coinbase[:], "coinbase"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.Root[:], "stateRoot"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.TxHash[:], "transactionsRoot"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.ReceiptHash[:], "receiptsRoot"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.Bloom[:], "logsBloom"); err != nil {
		return nil, err
	}
	h.Difficulty = uint256.Int(r.Uint256())
	h.Number = r.Uint64()
	h.GasLimit = r.Uint64()
	h.GasUsed = r.Uint64()
	h.Time = r.Uint64()
	if extra := r.Bytes(); extra != nil {
		h.Extra = append([]byte{}, extra...)
	}
	if err := readFixed(r, h.MixDigest[:], "mixHash"); err != nil {
		return nil, err
	}
	if err := readFixed(r, h.Nonce[:], "nonce"); err != nil {
		return nil, err
	}
	if r.More() {
		v := uint256.Int(r.Uint256())
		h.BaseFee = &v
	}
	if r.More() {
		h.WithdrawalsHash = new(Hash)
		if err := readFixed(r, h.WithdrawalsHash[:], "withdrawalsRoot"); err != nil {
			return nil, err
		}
	}
	if r.More() {
		v := r.Uint64()
		h.BlobGasUsed = &v
		if !r.More() {
			return nil, blockDecodeError("excessBlobGas", errors.New("missing with blobGasUsed"))
		}
		x := r.Uint64()
		h.ExcessBlobGas = &x
	}
	if r.More() {
		h.ParentBeaconRoot = new(Hash)
		if err := readFixed(r, h.ParentBeaconRoot[:], "parentBeaconBlockRoot"); err != nil {
			return nil, err
		}
	}
	if err := r.Finish(); err != nil {
		return nil, blockDecodeError("header", err)
	}
	return h, nil
}

// readFixed reads a string of exactly len(dst) bytes into dst.
func readFixed(r *rlp.ListReader, dst []byte, field string) error {
	b := r.Bytes()
	if err := r.Err(); err != nil {
		return blockDecodeError(field, err)
	}
	if len(b) != len(dst) {
		return blockDecodeError(field, errBadLength)
	}
	copy(dst, b)
	return nil
}
