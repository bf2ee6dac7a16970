package ethtypes

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

// u256 views a uint256.Int as the limb array the rlp package takes.
func u256(x *uint256.Int) *[4]uint64 { return (*[4]uint64)(x) }

// fieldsSize returns the encoded size of the signed fields that precede V
// in the payload list.
func (tx *Transaction) fieldsSize() int {
	n := 0
	if tx.typ != LegacyTxType {
		n += rlp.Uint256Size(u256(&tx.chainID))
	}
	n += rlp.Uint64Size(tx.nonce)
	if tx.typ == DynamicFeeTxType || tx.typ == BlobTxType {
		n += rlp.Uint256Size(u256(&tx.gasTipCap))
	}
	n += rlp.Uint256Size(u256(&tx.gasFeeCap))
	n += rlp.Uint64Size(tx.gas)
	if tx.hasTo {
		n += 1 + AddressLength
	} else {
		n++
	}
	n += rlp.Uint256Size(u256(&tx.value))
	n += rlp.BytesSize(tx.data)
	if tx.typ != LegacyTxType {
		n += rlp.ListSize(accessListContentSize(tx.accessList))
	}
	if tx.typ == BlobTxType {
		n += rlp.Uint256Size(u256(&tx.blobFeeCap))
		n += rlp.ListSize(len(tx.blobHashes) * (1 + HashLength))
	}
	return n
}

// appendFields appends the signed fields that precede V.
func (tx *Transaction) appendFields(b []byte) []byte {
	if tx.typ != LegacyTxType {
		b = rlp.AppendUint256(b, u256(&tx.chainID))
	}
	b = rlp.AppendUint64(b, tx.nonce)
	if tx.typ == DynamicFeeTxType || tx.typ == BlobTxType {
		b = rlp.AppendUint256(b, u256(&tx.gasTipCap))
	}
	b = rlp.AppendUint256(b, u256(&tx.gasFeeCap))
	b = rlp.AppendUint64(b, tx.gas)
	if tx.hasTo {
		b = rlp.AppendBytes(b, tx.to[:])
	} else {
		b = append(b, 0x80)
	}
	b = rlp.AppendUint256(b, u256(&tx.value))
	b = rlp.AppendBytes(b, tx.data)
	if tx.typ != LegacyTxType {
		b = appendAccessList(b, tx.accessList)
	}
	if tx.typ == BlobTxType {
		b = rlp.AppendUint256(b, u256(&tx.blobFeeCap))
		b = rlp.AppendListHeader(b, len(tx.blobHashes)*(1+HashLength))
		for i := range tx.blobHashes {
			b = rlp.AppendBytes(b, tx.blobHashes[i][:])
		}
	}
	return b
}

// encode builds tx.enc, the offsets into it and tx.hash from the fields.
func (tx *Transaction) encode() {
	fields := tx.fieldsSize()
	sig := rlp.Uint256Size(u256(&tx.v)) + rlp.Uint256Size(u256(&tx.r)) + rlp.Uint256Size(u256(&tx.s))
	content := fields + sig
	size := rlp.ListSize(content)
	if tx.typ != LegacyTxType {
		size++
	}
	b := make([]byte, 0, size)
	if tx.typ != LegacyTxType {
		b = append(b, tx.typ)
	}
	b = rlp.AppendListHeader(b, content)
	tx.bodyStart = len(b)
	b = tx.appendFields(b)
	tx.sigStart = len(b)
	b = rlp.AppendUint256(b, u256(&tx.v))
	b = rlp.AppendUint256(b, u256(&tx.r))
	b = rlp.AppendUint256(b, u256(&tx.s))
	tx.enc = b
	tx.hash = Hash(crypto.Keccak256(b))
}

// accessListContentSize returns the size of the content of the encoded
// access list.
func accessListContentSize(al AccessList) int {
	n := 0
	for i := range al {
		n += rlp.ListSize(accessTupleContentSize(&al[i]))
	}
	return n
}

func accessTupleContentSize(t *AccessTuple) int {
	return 1 + AddressLength + rlp.ListSize(len(t.StorageKeys)*(1+HashLength))
}

// appendAccessList appends al as [[address, [key, ...]], ...].
func appendAccessList(b []byte, al AccessList) []byte {
	b = rlp.AppendListHeader(b, accessListContentSize(al))
	for i := range al {
		t := &al[i]
		b = rlp.AppendListHeader(b, accessTupleContentSize(t))
		b = rlp.AppendBytes(b, t.Address[:])
		b = rlp.AppendListHeader(b, len(t.StorageKeys)*(1+HashLength))
		for j := range t.StorageKeys {
			b = rlp.AppendBytes(b, t.StorageKeys[j][:])
		}
	}
	return b
}

// AppendRLP appends the transaction in the form it takes inside a block
// body or an eth/6x Transactions message: a legacy transaction as its RLP
// list, a typed transaction as an RLP string whose content is the binary
// encoding.
func (tx *Transaction) AppendRLP(b []byte) []byte {
	if tx.typ == LegacyTxType {
		return append(b, tx.enc...)
	}
	b = rlp.AppendStringHeader(b, len(tx.enc))
	return append(b, tx.enc...)
}

// RLPSize returns the length of the AppendRLP form.
func (tx *Transaction) RLPSize() int {
	if tx.typ == LegacyTxType {
		return len(tx.enc)
	}
	return rlp.HeaderSize(len(tx.enc)) + len(tx.enc)
}
