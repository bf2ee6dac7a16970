package wire

import (
	"encoding/binary"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// SipHash-2-4 reference outputs (the SipHash paper's vectors, used by Core's
// hash_tests): key 00..0f, message 00..n-1.
var sipVectors = map[int]uint64{
	0: 0x726fdb47dd0e0e31, 1: 0x74f839c593dc67fd, 2: 0x0d6c8009d9a94f5a, 3: 0x85676696d7fb7e2d,
	4: 0xcf2794e0277187b7, 5: 0x18765564cd99a68d, 6: 0xcbc9466e58fee3ce, 7: 0xab0200f58b01d137,
	8: 0x93f5f5799a932462, 15: 0xa129ca6149be45e5, 16: 0x3f2acc7f57c29bdb, 24: 0xb8ad50c6f649af94,
	32: 0x7127512f72f27cce, 40: 0x0e3ea96b5304a7d0, 48: 0xe612a3cb9ecba951,
}

const sipK0, sipK1 = 0x0706050403020100, 0x0f0e0d0c0b0a0908

func TestSipHash24Vectors(t *testing.T) {
	msg := make([]byte, 64)
	for i := range msg {
		msg[i] = byte(i)
	}
	for n, want := range sipVectors {
		if got := SipHash24(sipK0, sipK1, msg[:n]); got != want {
			t.Errorf("len %d: %016x, want %016x", n, got, want)
		}
	}
	// Core: SipHashUint256(k0, k1, uint256 "1f1e..00") == 0x7127512f72f27cce
	// (the uint256 in memory is 00 01 .. 1f).
	h := chainhash.Hash(msg[:32])
	if got := SipHashHash(sipK0, sipK1, &h); got != 0x7127512f72f27cce {
		t.Errorf("SipHashHash %016x", got)
	}
}

func TestShortID(t *testing.T) {
	gen := genesis(t)
	const nonce = 0x0102030405060708
	key := NewShortIDKey(&gen.Header, nonce)
	// The key is the first 16 bytes of SHA256(header || nonce LE).
	buf := append(gen.Header.Bytes(), 8, 7, 6, 5, 4, 3, 2, 1)
	sum := chainhash.SHA256(buf)
	if key.K0 != binary.LittleEndian.Uint64(sum[:8]) || key.K1 != binary.LittleEndian.Uint64(sum[8:16]) {
		t.Fatal("key derivation")
	}
	wtxid := gen.Txs[0].WitnessHash()
	id := key.ShortID(&wtxid)
	if id != SipHash24(key.K0, key.K1, wtxid[:])&0xffffffffffff || id>>48 != 0 {
		t.Fatalf("short id %x", id)
	}
	// NewCmpctBlock uses wtxids, not txids.
	tx := segwitTx(t)
	blk := &primitives.Block{Header: gen.Header, Txs: []*primitives.Tx{gen.Txs[0], tx}}
	cb := NewCmpctBlock(blk, nonce)
	w := tx.WitnessHash()
	if len(cb.ShortIDs) != 1 || cb.ShortIDs[0] != key.ShortID(&w) || cb.Prefilled[0].Tx != gen.Txs[0] {
		t.Fatalf("NewCmpctBlock %+v", cb)
	}
	txid := tx.TxHash()
	if cb.ShortIDs[0] == key.ShortID(&txid) {
		t.Fatal("short id of txid")
	}
}

func TestSipHashHashMatchesGeneric(t *testing.T) {
	for i := range 200 {
		h := hashN(i)
		k0, k1 := uint64(i)*0x9e3779b97f4a7c15, uint64(i)^0xdeadbeef
		if SipHashHash(k0, k1, &h) != SipHash24(k0, k1, h[:]) {
			t.Fatalf("case %d", i)
		}
	}
}
