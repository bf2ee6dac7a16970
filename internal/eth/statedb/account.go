package statedb

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/rlp"
)

// Account is the consensus representation of an account, the value stored
// in the state trie under keccak(address): rlp([nonce, balance,
// storageRoot, codeHash]).
type Account struct {
	Nonce    uint64
	Balance  uint256.Int
	Root     ethtypes.Hash // root of the storage trie
	CodeHash ethtypes.Hash // keccak of the code
}

// newAccount returns the fields of a fresh account: nonce 0, balance 0, no
// storage, no code.
func newAccount() Account {
	return Account{Root: trie.EmptyRoot, CodeHash: ethtypes.EmptyCodeHash}
}

// AppendRLP appends the account's trie encoding to dst.
//
// This method is safe for concurrent access.
func (a *Account) AppendRLP(dst []byte) []byte {
	bal := (*[4]uint64)(&a.Balance)
	size := rlp.Uint64Size(a.Nonce) + rlp.Uint256Size(bal) + 2*33
	dst = rlp.AppendListHeader(dst, size)
	dst = rlp.AppendUint64(dst, a.Nonce)
	dst = rlp.AppendUint256(dst, bal)
	dst = rlp.AppendBytes(dst, a.Root[:])
	return rlp.AppendBytes(dst, a.CodeHash[:])
}

// DecodeAccount decodes an account from its trie encoding. Errors have kind
// ErrInvalidAccount and carry the rlp error as Cause.
//
// This function is safe for concurrent access.
func DecodeAccount(b []byte) (Account, error) {
	var a Account
	r := rlp.NewListReader(b)
	a.Nonce = r.Uint64()
	a.Balance = r.Uint256()
	root := r.Bytes()
	code := r.Bytes()
	if err := r.Finish(); err != nil {
		return Account{}, &Error{Err: ErrInvalidAccount, Cause: err}
	}
	if len(root) != 32 || len(code) != 32 {
		return Account{}, &Error{Err: ErrInvalidAccount, Description: "hash fields must be 32 bytes"}
	}
	copy(a.Root[:], root)
	copy(a.CodeHash[:], code)
	return a, nil
}

// appendSlotValue appends the trie encoding of a storage value: the RLP
// string of the value's big-endian bytes without leading zeros.
func appendSlotValue(dst []byte, v *ethtypes.Hash) []byte {
	i := 0
	for i < len(v) && v[i] == 0 {
		i++
	}
	return rlp.AppendBytes(dst, v[i:])
}

// decodeSlotValue decodes a storage leaf.
func decodeSlotValue(b []byte) (ethtypes.Hash, error) {
	k, content, err := rlp.Single(b)
	if err == nil && k != rlp.KindString {
		err = rlp.ErrExpectedString
	}
	if err != nil {
		return ethtypes.Hash{}, &Error{Err: ErrInvalidSlot, Cause: err}
	}
	if len(content) > 32 {
		return ethtypes.Hash{}, &Error{Err: ErrInvalidSlot, Description: "value longer than 32 bytes"}
	}
	return ethtypes.BytesToHash(content), nil
}
