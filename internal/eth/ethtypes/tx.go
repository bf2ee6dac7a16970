package ethtypes

import (
	"sync/atomic"

	"github.com/holiman/uint256"
)

// Transaction types (EIP-2718). The type byte prefixes the RLP payload of a
// typed transaction; a legacy transaction is a bare RLP list.
const (
	LegacyTxType     = 0x00 // pre-EIP-2718, with or without EIP-155
	AccessListTxType = 0x01 // EIP-2930
	DynamicFeeTxType = 0x02 // EIP-1559
	BlobTxType       = 0x03 // EIP-4844
)

// EIP-4844 constants a transaction needs on its own.
const (
	// BlobHashVersionKZG is the first byte of a valid blob versioned hash.
	BlobHashVersionKZG = 0x01
	// BlobTxBlobGasPerBlob is the blob gas each blob consumes (2^17).
	BlobTxBlobGasPerBlob = 1 << 17
	// MaxBlobsPerBlockCancun is the most blobs a Cancun block may carry
	// (MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB = 786432 / 131072). Later forks
	// change it; the chain configuration will own the per-fork value.
	MaxBlobsPerBlockCancun = 6
)

// AccessTuple is one entry of an EIP-2930 access list: an address and the
// storage keys of it to pre-warm.
type AccessTuple struct {
	Address     Address
	StorageKeys []Hash
}

// AccessList is an EIP-2930 access list.
type AccessList []AccessTuple

// StorageKeys returns the total number of storage keys in al.
func (al AccessList) StorageKeys() int {
	n := 0
	for i := range al {
		n += len(al[i].StorageKeys)
	}
	return n
}

// Transaction is an immutable signed (or not yet signed) transaction of any
// type. It keeps the canonical encoding it was decoded from (or built with),
// so hashing, re-broadcasting and storing never re-encode; its hash is
// computed once when it is created.
//
// Build one with NewTx from a LegacyTx, AccessListTx, DynamicFeeTx or BlobTx,
// decode one with DecodeTx / UnmarshalBinary, and sign with SignTx. Slices
// returned by accessors (Data, AccessList, BlobHashes) alias the transaction
// and must not be modified.
//
// A Transaction is safe for concurrent reads once created (UnmarshalBinary
// on a Transaction in use by other goroutines is not).
type Transaction struct {
	typ   uint8
	hasTo bool // false for a contract creation
	to    Address

	chainID    uint256.Int // explicit for typed txs; derived from V for EIP-155 legacy
	nonce      uint64
	gas        uint64
	gasTipCap  uint256.Int // legacy/2930: the gas price
	gasFeeCap  uint256.Int // legacy/2930: the gas price
	value      uint256.Int
	blobFeeCap uint256.Int
	v, r, s    uint256.Int

	data       []byte
	accessList AccessList
	blobHashes []Hash

	// enc is the canonical binary encoding (type byte || payload list for a
	// typed transaction, the list itself for legacy). bodyStart is the
	// offset in enc of the first element inside the payload list, sigStart
	// the offset of V (the end of the signing fields).
	enc       []byte
	bodyStart int
	sigStart  int
	hash      Hash

	sender atomic.Pointer[senderCache]
}

// senderCache remembers the sender recovered with a given signer.
type senderCache struct {
	signer Signer
	from   Address
}

// Type returns the transaction type (LegacyTxType ... BlobTxType).
func (tx *Transaction) Type() uint8 { return tx.typ }

// ChainID returns the chain id: the explicit field of a typed transaction;
// for a legacy transaction the id encoded in an EIP-155 V value, or zero
// when the transaction is not replay protected.
func (tx *Transaction) ChainID() uint256.Int { return tx.chainID }

// Protected reports whether the signature commits to a chain id: always for
// typed transactions, and for a legacy transaction when V is not 27 or 28
// (or the invalid 0 or 1).
func (tx *Transaction) Protected() bool {
	if tx.typ != LegacyTxType {
		return true
	}
	return isProtectedV(&tx.v)
}

// isProtectedV reports whether a legacy V value carries an EIP-155 chain id.
func isProtectedV(v *uint256.Int) bool {
	if !v.IsUint64() {
		return true
	}
	x := v.Uint64()
	return x != 27 && x != 28 && x != 0 && x != 1
}

// Nonce returns the sender's account nonce.
func (tx *Transaction) Nonce() uint64 { return tx.nonce }

// Gas returns the gas limit.
func (tx *Transaction) Gas() uint64 { return tx.gas }

// GasPrice returns the gas price of a legacy or access-list transaction,
// and the max fee per gas of a dynamic-fee or blob transaction.
func (tx *Transaction) GasPrice() uint256.Int { return tx.gasFeeCap }

// GasTipCap returns the max priority fee per gas (the gas price for legacy
// and access-list transactions).
func (tx *Transaction) GasTipCap() uint256.Int { return tx.gasTipCap }

// GasFeeCap returns the max fee per gas (the gas price for legacy and
// access-list transactions).
func (tx *Transaction) GasFeeCap() uint256.Int { return tx.gasFeeCap }

// Value returns the amount of wei transferred.
func (tx *Transaction) Value() uint256.Int { return tx.value }

// Data returns the calldata (the init code of a creation). The slice aliases
// the transaction and must not be modified.
func (tx *Transaction) Data() []byte { return tx.data }

// To returns the recipient and true, or the zero address and false for a
// contract creation.
func (tx *Transaction) To() (Address, bool) { return tx.to, tx.hasTo }

// IsCreate reports whether the transaction creates a contract (no
// recipient).
func (tx *Transaction) IsCreate() bool { return !tx.hasTo }

// AccessList returns the EIP-2930 access list (nil for legacy). It aliases
// the transaction and must not be modified.
func (tx *Transaction) AccessList() AccessList { return tx.accessList }

// BlobHashes returns the EIP-4844 blob versioned hashes (nil unless a blob
// transaction). It aliases the transaction and must not be modified.
func (tx *Transaction) BlobHashes() []Hash { return tx.blobHashes }

// BlobGasFeeCap returns the max fee per blob gas of a blob transaction
// (zero otherwise).
func (tx *Transaction) BlobGasFeeCap() uint256.Int { return tx.blobFeeCap }

// BlobGas returns the blob gas the transaction consumes:
// BlobTxBlobGasPerBlob per blob hash.
func (tx *Transaction) BlobGas() uint64 {
	return uint64(len(tx.blobHashes)) * BlobTxBlobGasPerBlob
}

// RawSignatureValues returns V, R and S as encoded: for a legacy
// transaction V is 27/28 or the EIP-155 value chainID*2+35/36; for a typed
// transaction it is the y parity, 0 or 1.
func (tx *Transaction) RawSignatureValues() (v, r, s uint256.Int) {
	return tx.v, tx.r, tx.s
}

// Hash returns the transaction hash: the Keccak-256 of the binary encoding.
func (tx *Transaction) Hash() Hash { return tx.hash }

// Size returns the length of the binary encoding.
func (tx *Transaction) Size() int { return len(tx.enc) }

// MarshalBinary returns a copy of the canonical binary encoding: the type
// byte followed by the RLP payload for a typed transaction, the RLP list
// for a legacy one. It implements encoding.BinaryMarshaler.
func (tx *Transaction) MarshalBinary() ([]byte, error) {
	return append([]byte(nil), tx.enc...), nil
}

// AppendBinary appends the binary encoding to b. It implements
// encoding.BinaryAppender and never fails.
func (tx *Transaction) AppendBinary(b []byte) ([]byte, error) {
	return append(b, tx.enc...), nil
}

// EncodedBytes returns the binary encoding without copying. The slice
// aliases the transaction and must not be modified.
func (tx *Transaction) EncodedBytes() []byte { return tx.enc }

// TxData holds the fields of one transaction type; it is implemented by
// LegacyTx, AccessListTx, DynamicFeeTx and BlobTx, and is what NewTx takes
// and Transaction.TxData returns.
type TxData interface {
	fill(tx *Transaction)
}

// LegacyTx is a pre-EIP-2718 transaction. V is 27/28, or chainID*2+35/36
// with EIP-155 replay protection.
type LegacyTx struct {
	Nonce    uint64
	GasPrice uint256.Int
	Gas      uint64
	To       *Address // nil for a contract creation
	Value    uint256.Int
	Data     []byte
	V, R, S  uint256.Int
}

// AccessListTx is an EIP-2930 (type 1) transaction. V is the y parity.
type AccessListTx struct {
	ChainID    uint256.Int
	Nonce      uint64
	GasPrice   uint256.Int
	Gas        uint64
	To         *Address // nil for a contract creation
	Value      uint256.Int
	Data       []byte
	AccessList AccessList
	V, R, S    uint256.Int
}

// DynamicFeeTx is an EIP-1559 (type 2) transaction. V is the y parity.
type DynamicFeeTx struct {
	ChainID    uint256.Int
	Nonce      uint64
	GasTipCap  uint256.Int // max priority fee per gas
	GasFeeCap  uint256.Int // max fee per gas
	Gas        uint64
	To         *Address // nil for a contract creation
	Value      uint256.Int
	Data       []byte
	AccessList AccessList
	V, R, S    uint256.Int
}

// BlobTx is an EIP-4844 (type 3) transaction, without the blob sidecar
// (blobs, commitments, proofs), which travels separately. A blob
// transaction cannot create a contract, so To is not optional. V is the y
// parity.
type BlobTx struct {
	ChainID    uint256.Int
	Nonce      uint64
	GasTipCap  uint256.Int
	GasFeeCap  uint256.Int
	Gas        uint64
	To         Address
	Value      uint256.Int
	Data       []byte
	AccessList AccessList
	BlobFeeCap uint256.Int // max fee per blob gas
	BlobHashes []Hash
	V, R, S    uint256.Int
}

func (d *LegacyTx) fill(tx *Transaction) {
	tx.typ = LegacyTxType
	tx.nonce, tx.gas = d.Nonce, d.Gas
	tx.gasTipCap, tx.gasFeeCap = d.GasPrice, d.GasPrice
	tx.setTo(d.To)
	tx.value = d.Value
	tx.data = cloneBytes(d.Data)
	tx.v, tx.r, tx.s = d.V, d.R, d.S
	tx.chainID = legacyChainID(&d.V)
}

func (d *AccessListTx) fill(tx *Transaction) {
	tx.typ = AccessListTxType
	tx.chainID, tx.nonce, tx.gas = d.ChainID, d.Nonce, d.Gas
	tx.gasTipCap, tx.gasFeeCap = d.GasPrice, d.GasPrice
	tx.setTo(d.To)
	tx.value = d.Value
	tx.data = cloneBytes(d.Data)
	tx.accessList = cloneAccessList(d.AccessList)
	tx.v, tx.r, tx.s = d.V, d.R, d.S
}

func (d *DynamicFeeTx) fill(tx *Transaction) {
	tx.typ = DynamicFeeTxType
	tx.chainID, tx.nonce, tx.gas = d.ChainID, d.Nonce, d.Gas
	tx.gasTipCap, tx.gasFeeCap = d.GasTipCap, d.GasFeeCap
	tx.setTo(d.To)
	tx.value = d.Value
	tx.data = cloneBytes(d.Data)
	tx.accessList = cloneAccessList(d.AccessList)
	tx.v, tx.r, tx.s = d.V, d.R, d.S
}

func (d *BlobTx) fill(tx *Transaction) {
	tx.typ = BlobTxType
	tx.chainID, tx.nonce, tx.gas = d.ChainID, d.Nonce, d.Gas
	tx.gasTipCap, tx.gasFeeCap = d.GasTipCap, d.GasFeeCap
	tx.to, tx.hasTo = d.To, true
	tx.value = d.Value
	tx.data = cloneBytes(d.Data)
	tx.accessList = cloneAccessList(d.AccessList)
	tx.blobFeeCap = d.BlobFeeCap
	tx.blobHashes = append([]Hash(nil), d.BlobHashes...)
	tx.v, tx.r, tx.s = d.V, d.R, d.S
}

// NewTx returns the transaction holding a copy of the fields of d, with its
// encoding and hash computed.
//
// This function is safe for concurrent access (d is only read).
func NewTx(d TxData) *Transaction {
	tx := new(Transaction)
	d.fill(tx)
	tx.encode()
	return tx
}

// TxData returns a copy of the transaction's fields as the struct of its
// type (*LegacyTx, *AccessListTx, *DynamicFeeTx or *BlobTx), for callers
// that want to change a field and build a new transaction with NewTx.
func (tx *Transaction) TxData() TxData {
	var to *Address
	if tx.hasTo {
		a := tx.to
		to = &a
	}
	data := cloneBytes(tx.data)
	al := cloneAccessList(tx.accessList)
	switch tx.typ {
	case AccessListTxType:
		return &AccessListTx{ChainID: tx.chainID, Nonce: tx.nonce, GasPrice: tx.gasFeeCap, Gas: tx.gas,
			To: to, Value: tx.value, Data: data, AccessList: al, V: tx.v, R: tx.r, S: tx.s}
	case DynamicFeeTxType:
		return &DynamicFeeTx{ChainID: tx.chainID, Nonce: tx.nonce, GasTipCap: tx.gasTipCap, GasFeeCap: tx.gasFeeCap,
			Gas: tx.gas, To: to, Value: tx.value, Data: data, AccessList: al, V: tx.v, R: tx.r, S: tx.s}
	case BlobTxType:
		return &BlobTx{ChainID: tx.chainID, Nonce: tx.nonce, GasTipCap: tx.gasTipCap, GasFeeCap: tx.gasFeeCap,
			Gas: tx.gas, To: tx.to, Value: tx.value, Data: data, AccessList: al, BlobFeeCap: tx.blobFeeCap,
			BlobHashes: append([]Hash(nil), tx.blobHashes...), V: tx.v, R: tx.r, S: tx.s}
	default:
		return &LegacyTx{Nonce: tx.nonce, GasPrice: tx.gasFeeCap, Gas: tx.gas, To: to, Value: tx.value,
			Data: data, V: tx.v, R: tx.r, S: tx.s}
	}
}

func (tx *Transaction) setTo(to *Address) {
	if to != nil {
		tx.to, tx.hasTo = *to, true
	} else {
		tx.to, tx.hasTo = Address{}, false
	}
}

// legacyChainID derives the EIP-155 chain id from a legacy V: (V-35)/2 for
// a protected V of at least 35, zero otherwise.
func legacyChainID(v *uint256.Int) uint256.Int {
	var id uint256.Int
	if !isProtectedV(v) || v.LtUint64(35) {
		return id
	}
	id.SubUint64(v, 35)
	id.Rsh(&id, 1)
	return id
}

func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

func cloneAccessList(al AccessList) AccessList {
	if al == nil {
		return nil
	}
	out := make(AccessList, len(al))
	for i, t := range al {
		out[i] = AccessTuple{Address: t.Address, StorageKeys: append([]Hash(nil), t.StorageKeys...)}
	}
	return out
}
