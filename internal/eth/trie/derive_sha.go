package trie

import "github.com/twinchain/twinchain/internal/rlp"

// DerivableList is an ordered list whose root DeriveSha computes:
// transactions, receipts or withdrawals of a block.
type DerivableList interface {
	// Len returns the number of elements.
	Len() int
	// AppendIndex appends the encoding of element i (as it is stored in
	// the trie: the canonical transaction or receipt encoding) to dst.
	AppendIndex(dst []byte, i int) []byte
}

// DeriveSha returns the root of the trie mapping rlp(i) to the encoding of
// element i, the transactionsRoot / receiptsRoot / withdrawalsRoot of a
// block header. st is reset and used for the computation; pass nil to have
// one allocated (reuse one across blocks to save allocations).
//
// The keys are inserted in byte order, which for RLP-encoded indexes is 1
// to 127, then 0 (0x80), then 128 onwards.
//
// This function is safe for concurrent access if no two calls share st.
func DeriveSha(list DerivableList, st *StackTrie) Hash {
	if st == nil {
		st = NewStackTrie(nil)
	} else {
		st.Reset()
	}
	n := list.Len()
	var keybuf [9]byte
	var valbuf []byte
	insert := func(i int) {
		key := rlp.AppendUint64(keybuf[:0], uint64(i))
		valbuf = list.AppendIndex(valbuf[:0], i)
		// Keys are ordered and prefix-free and values come from encoders
		// (never empty), so Update cannot fail here.
		_ = st.Update(key, valbuf)
	}
	for i := 1; i < n && i <= 0x7f; i++ {
		insert(i)
	}
	if n > 0 {
		insert(0)
	}
	for i := 0x80; i < n; i++ {
		insert(i)
	}
	return st.Hash()
}
