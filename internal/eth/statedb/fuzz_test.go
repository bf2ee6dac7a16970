package statedb

import (
	"bytes"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// FuzzDecodeAccount checks that decoding never panics and that every
// account that decodes re-encodes to the same bytes (the encoding is
// canonical).
func FuzzDecodeAccount(f *testing.F) {
	a := Account{Nonce: 1, Balance: *u256(0xde0b6b3a7640000), Root: trie.EmptyRoot, CodeHash: ethtypes.EmptyCodeHash}
	f.Add(a.AppendRLP(nil))
	f.Add((&Account{}).AppendRLP(nil))
	f.Add([]byte{0xc0})
	f.Add([]byte{0xf8, 0x44, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		acc, err := DecodeAccount(b)
		if err != nil {
			return
		}
		if enc := acc.AppendRLP(nil); !bytes.Equal(enc, b) {
			t.Fatalf("round trip: %x -> %x", b, enc)
		}
	})
}

// FuzzDecodeSlotValue checks the storage leaf decoder.
func FuzzDecodeSlotValue(f *testing.F) {
	f.Add([]byte{0x01})
	f.Add([]byte{0x82, 0x01, 0x00})
	f.Add(append([]byte{0xa0}, make([]byte, 32)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeSlotValue(b)
		if err != nil || v == (ethtypes.Hash{}) {
			return
		}
		// A non-zero value re-encodes canonically; the decoder accepts
		// leading zeros as geth does, so compare values, not bytes.
		back, err := decodeSlotValue(appendSlotValue(nil, &v))
		if err != nil || back != v {
			t.Fatalf("round trip %x: %x %v", b, back, err)
		}
	})
}
