package ethtypes

import (
	"errors"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/rlp"
)

// DecodeTx decodes a transaction from its binary encoding (see
// Transaction.UnmarshalBinary).
//
// This function is safe for concurrent access.
func DecodeTx(b []byte) (*Transaction, error) {
	tx := new(Transaction)
	if err := tx.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return tx, nil
}

// UnmarshalBinary decodes the binary encoding produced by MarshalBinary: a
// legacy transaction's RLP list, or a type byte (0x01-0x03) followed by the
// RLP payload list of that type. Decoding is strict: every integer must be
// canonical and fit its field (64 bits for nonce and gas, 256 bits for the
// others), addresses must be 20 bytes and hashes 32, the list must have
// exactly the type's elements and nothing may follow it. b is copied.
//
// Errors are RuleErrors: ErrTxDecode (with the rlp error as Cause, where
// there is one), ErrTxTypeNotSupported for an unknown type byte, and
// ErrInvalidSig for an R, S or V too large for 256 bits. On error tx is left
// zeroed.
func (tx *Transaction) UnmarshalBinary(b []byte) error {
	*tx = Transaction{}
	if err := tx.decode(append([]byte(nil), b...)); err != nil {
		*tx = Transaction{}
		return err
	}
	return nil
}

// SplitTx decodes the first transaction in b in its block-body form (see
// AppendRLP): an RLP list for a legacy transaction, an RLP string holding
// the binary encoding for a typed one. It returns the transaction and the
// bytes after it. The transaction holds a copy of its bytes.
//
// This function is safe for concurrent access.
func SplitTx(b []byte) (*Transaction, []byte, error) {
	k, content, rest, err := rlp.Split(b)
	if err != nil {
		return nil, b, decodeError("transaction", err)
	}
	var enc []byte
	if k == rlp.KindList {
		enc = b[:len(b)-len(rest)]
	} else {
		if len(content) == 0 || content[0] >= 0x80 {
			return nil, b, ruleErrorf(ErrTxDecode, "typed transaction envelope must start with a type byte")
		}
		enc = content
	}
	tx := new(Transaction)
	if err := tx.decode(append([]byte(nil), enc...)); err != nil {
		return nil, b, err
	}
	return tx, rest, nil
}

// decode fills tx from enc, which it keeps.
func (tx *Transaction) decode(enc []byte) error {
	if len(enc) == 0 {
		return decodeError("transaction", rlp.ErrUnexpectedEnd)
	}
	payload := enc
	switch first := enc[0]; {
	case first >= 0xc0:
		tx.typ = LegacyTxType
	case first < 0x80:
		if first < AccessListTxType || first > BlobTxType {
			return ruleErrorf(ErrTxTypeNotSupported, "type %#02x", first)
		}
		tx.typ = first
		payload = enc[1:]
	default:
		return ruleErrorf(ErrTxDecode, "envelope: an RLP string (%#02x) is neither a legacy list nor a type byte", first)
	}
	content, rest, err := rlp.SplitList(payload)
	if err != nil {
		return decodeError("payload", err)
	}
	if len(rest) != 0 {
		return decodeError("payload", rlp.ErrMoreThanOneValue)
	}
	d := fieldDecoder{rest: content}
	tx.bodyStart = len(enc) - len(content)

	if tx.typ != LegacyTxType {
		tx.chainID = d.uint256("chainId")
	}
	tx.nonce = d.uint64("nonce")
	switch tx.typ {
	case LegacyTxType, AccessListTxType:
		tx.gasFeeCap = d.uint256("gasPrice")
		tx.gasTipCap = tx.gasFeeCap
	default:
		tx.gasTipCap = d.uint256("maxPriorityFeePerGas")
		tx.gasFeeCap = d.uint256("maxFeePerGas")
	}
	tx.gas = d.uint64("gasLimit")
	tx.to, tx.hasTo = d.to(tx.typ == BlobTxType)
	tx.value = d.uint256("value")
	if tx.data = d.bytes("data"); len(tx.data) == 0 {
		tx.data = nil
	}
	if tx.typ != LegacyTxType {
		tx.accessList = d.accessList()
	}
	if tx.typ == BlobTxType {
		tx.blobFeeCap = d.uint256("maxFeePerBlobGas")
		tx.blobHashes = d.blobHashes()
	}
	tx.sigStart = len(enc) - len(d.rest)
	tx.v = d.sigValue("v")
	tx.r = d.sigValue("r")
	tx.s = d.sigValue("s")
	if d.err == nil && len(d.rest) != 0 {
		d.err = decodeError("payload", rlp.ErrTooManyElements)
	}
	if d.err != nil {
		return d.err
	}
	if tx.typ == LegacyTxType {
		tx.chainID = legacyChainID(&tx.v)
	}
	tx.enc = enc
	tx.hash = Hash(crypto.Keccak256(enc))
	return nil
}

// fieldDecoder reads the elements of a payload list in order. The first
// error sticks; later reads return zero values.
type fieldDecoder struct {
	rest []byte
	err  error
}

// ready reports whether another element can be read, recording
// ErrTooFewElements for field when the list is exhausted.
func (d *fieldDecoder) ready(field string) bool {
	if d.err != nil {
		return false
	}
	if len(d.rest) == 0 {
		d.err = decodeError(field, rlp.ErrTooFewElements)
		return false
	}
	return true
}

func (d *fieldDecoder) uint64(field string) uint64 {
	if !d.ready(field) {
		return 0
	}
	x, rest, err := rlp.SplitUint64(d.rest)
	if err != nil {
		d.err = decodeError(field, err)
		return 0
	}
	d.rest = rest
	return x
}

func (d *fieldDecoder) uint256(field string) uint256.Int {
	if !d.ready(field) {
		return uint256.Int{}
	}
	x, rest, err := rlp.SplitUint256(d.rest)
	if err != nil {
		d.err = decodeError(field, err)
		return uint256.Int{}
	}
	d.rest = rest
	return uint256.Int(x)
}

// sigValue reads V, R or S. A value too large for 256 bits is reported as
// ErrInvalidSig (it cannot be a valid signature value) rather than as a
// decoding error.
func (d *fieldDecoder) sigValue(field string) uint256.Int {
	if !d.ready(field) {
		return uint256.Int{}
	}
	x, rest, err := rlp.SplitUint256(d.rest)
	if err != nil {
		if errors.Is(err, rlp.ErrUintOverflow) {
			d.err = &RuleError{Err: ErrInvalidSig, Description: field + " exceeds 256 bits", Cause: err}
		} else {
			d.err = decodeError(field, err)
		}
		return uint256.Int{}
	}
	d.rest = rest
	return uint256.Int(x)
}

func (d *fieldDecoder) bytes(field string) []byte {
	if !d.ready(field) {
		return nil
	}
	b, rest, err := rlp.SplitString(d.rest)
	if err != nil {
		d.err = decodeError(field, err)
		return nil
	}
	d.rest = rest
	return b
}

// to reads the recipient: 20 bytes, or the empty string for a contract
// creation (not allowed in a blob transaction).
func (d *fieldDecoder) to(required bool) (Address, bool) {
	b := d.bytes("to")
	if d.err != nil {
		return Address{}, false
	}
	switch len(b) {
	case AddressLength:
		return Address(b), true
	case 0:
		if required {
			d.err = ruleErrorf(ErrBlobTxCreate, "to: empty")
		}
		return Address{}, false
	}
	d.err = ruleErrorf(ErrTxDecode, "to: address has %d bytes, want %d", len(b), AddressLength)
	return Address{}, false
}

// accessList reads [[address, [key, ...]], ...].
func (d *fieldDecoder) accessList() AccessList {
	if !d.ready("accessList") {
		return nil
	}
	content, rest, err := rlp.SplitList(d.rest)
	if err != nil {
		d.err = decodeError("accessList", err)
		return nil
	}
	d.rest = rest
	if len(content) == 0 {
		return nil
	}
	n, err := rlp.CountValues(content)
	if err != nil {
		d.err = decodeError("accessList", err)
		return nil
	}
	al := make(AccessList, n)
	for i := range al {
		var tuple []byte
		tuple, content, err = rlp.SplitList(content)
		if err != nil {
			d.err = decodeError("accessList tuple", err)
			return nil
		}
		addr, tuple, err := rlp.SplitString(tuple)
		if err != nil {
			d.err = decodeError("accessList address", err)
			return nil
		}
		if len(addr) != AddressLength {
			d.err = ruleErrorf(ErrTxDecode, "accessList address has %d bytes, want %d", len(addr), AddressLength)
			return nil
		}
		al[i].Address = Address(addr)
		keys, tuple, err := rlp.SplitList(tuple)
		if err != nil {
			d.err = decodeError("accessList storage keys", err)
			return nil
		}
		if len(tuple) != 0 {
			d.err = decodeError("accessList tuple", rlp.ErrTooManyElements)
			return nil
		}
		if al[i].StorageKeys, err = splitHashes(keys, "accessList storage key"); err != nil {
			d.err = err
			return nil
		}
	}
	return al
}

// blobHashes reads [hash, ...].
func (d *fieldDecoder) blobHashes() []Hash {
	if !d.ready("blobVersionedHashes") {
		return nil
	}
	content, rest, err := rlp.SplitList(d.rest)
	if err != nil {
		d.err = decodeError("blobVersionedHashes", err)
		return nil
	}
	d.rest = rest
	hs, err := splitHashes(content, "blob versioned hash")
	if err != nil {
		d.err = err
		return nil
	}
	return hs
}

// splitHashes decodes the content of a list of 32-byte strings (nil for an
// empty list). The allocation is bounded by len(content)/33.
func splitHashes(content []byte, what string) ([]Hash, error) {
	if len(content) == 0 {
		return nil, nil
	}
	hs := make([]Hash, 0, len(content)/(1+HashLength))
	for len(content) > 0 {
		h, rest, err := rlp.SplitString(content)
		if err != nil {
			return nil, decodeError(what, err)
		}
		if len(h) != HashLength {
			return nil, ruleErrorf(ErrTxDecode, "%s has %d bytes, want %d", what, len(h), HashLength)
		}
		hs = append(hs, Hash(h))
		content = rest
	}
	return hs, nil
}
