package utxoset

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

func coinValueSeeds() [][]byte {
	var seeds [][]byte
	for _, h := range []string{
		"97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35",
		"8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4",
		"000006", "000007", "00008a95c0bb00",
	} {
		b, _ := hex.DecodeString(h)
		seeds = append(seeds, b)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 12; i++ {
		c := randomCoin(rng)
		seeds = append(seeds, c.AppendTo(nil))
	}
	return seeds
}

// FuzzDecodeCoinValue decodes chainstate values with the cache's decoder:
// no panic; a decoded value re-encodes to a value that decodes to the same
// coin; and it agrees with primitives.DecodeCoin whenever that succeeds.
func FuzzDecodeCoinValue(f *testing.F) {
	for _, s := range coinValueSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		var e entry
		var a scriptArena
		err := e.decodeValue(v, &a)
		ref, _, refErr := primitives.DecodeCoin(v)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error kind: %v", err)
			}
			// primitives.DecodeCoin accepts codes up to 2^33-1; Core (and
			// the cache) read the code as a 32-bit VARINT.
			if code, _, cerr := primitives.ReadVarInt(v); refErr == nil && cerr == nil && code <= 0xffffffff {
				t.Fatalf("primitives decodes %x as %+v, the cache refuses: %v", v, ref, err)
			}
			return
		}
		coin, _, cerr := e.appendCoin(nil, &a)
		if cerr != nil {
			// Only an uncompressed-P2PK payload off the curve is deferred
			// to expansion.
			if refErr == nil || (e.kind != kindP2PKU0 && e.kind != kindP2PKU1) {
				t.Fatalf("expansion failed: %v (reference %v)", cerr, refErr)
			}
			return
		}
		if refErr == nil && !coinsEqual(&coin, &ref) {
			t.Fatalf("decoded %+v, primitives %+v", coin, ref)
		}
		enc := e.appendValue(nil, &a)
		var e2 entry
		if err := e2.decodeValue(enc, &a); err != nil {
			t.Fatalf("re-encoding %x does not decode: %v", enc, err)
		}
		coin2, _, err := e2.appendCoin(nil, &a)
		if err != nil || !coinsEqual(&coin, &coin2) {
			t.Fatalf("round trip %+v -> %+v (%v)", coin, coin2, err)
		}
		if !bytes.Equal(e2.appendValue(nil, &a), enc) {
			t.Fatal("re-encoding is not stable")
		}
	})
}

// FuzzDecodeCoinKey: no panic, and an accepted key is the canonical key of
// its outpoint.
func FuzzDecodeCoinKey(f *testing.F) {
	f.Add(CoinKey(primitives.OutPoint{Hash: hashOf(1), Index: 0}))
	f.Add(CoinKey(primitives.OutPoint{Hash: hashOf(2), Index: 20000}))
	f.Add(CoinKey(primitives.OutPoint{Hash: hashOf(3), Index: 0xffffffff}))
	f.Add([]byte("C"))
	f.Fuzz(func(t *testing.T, k []byte) {
		op, err := DecodeCoinKey(k)
		if err != nil {
			return
		}
		if !bytes.Equal(CoinKey(op), k) {
			t.Fatalf("key %x decodes to %v, whose key is %x", k, op, CoinKey(op))
		}
	})
}

// FuzzDecodeBlockUndo: no panic, no allocation beyond what the input can
// hold, and decode(encode(decode(x))) == decode(x).
func FuzzDecodeBlockUndo(f *testing.F) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 4; i++ {
		u := &BlockUndo{}
		for j := 0; j < i+1; j++ {
			var tu TxUndo
			for k := 0; k < j+1; k++ {
				tu.PrevOuts = append(tu.PrevOuts, randomCoin(rng))
			}
			u.Txs = append(u.Txs, tu)
		}
		f.Add(u.AppendTo(nil))
	}
	f.Add([]byte{0})
	f.Add([]byte{1, 1, 0, 0, 6})
	f.Add([]byte{0xfe, 0xff, 0xff, 0xff, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := DecodeBlockUndo(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error kind: %v", err)
			}
			return
		}
		enc := u.AppendTo(nil)
		u2, err := DecodeBlockUndo(enc)
		if err != nil {
			t.Fatalf("re-encoding does not decode: %v", err)
		}
		if len(u2.Txs) != len(u.Txs) {
			t.Fatal("transaction count changed")
		}
		for i := range u.Txs {
			if len(u.Txs[i].PrevOuts) != len(u2.Txs[i].PrevOuts) {
				t.Fatal("coin count changed")
			}
			for j := range u.Txs[i].PrevOuts {
				if !coinsEqual(&u.Txs[i].PrevOuts[j], &u2.Txs[i].PrevOuts[j]) {
					t.Fatalf("coin %d/%d changed", i, j)
				}
			}
		}
		if !bytes.Equal(u2.AppendTo(nil), enc) {
			t.Fatal("encoding not stable")
		}
	})
}

// FuzzDecodeHeadBlocks: no panic; an accepted record re-encodes exactly
// when it holds two hashes.
func FuzzDecodeHeadBlocks(f *testing.F) {
	f.Add(encodeHeadBlocks(hashOf(1), hashOf(2)))
	f.Add([]byte{0})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, v []byte) {
		hs, err := decodeHeadBlocks(v)
		if err != nil {
			return
		}
		if len(hs) == 2 && !bytes.Equal(encodeHeadBlocks(hs[0], hs[1]), v) {
			t.Fatal("round trip")
		}
	})
}

// FuzzDecodeMuHash3072: any 768 bytes decode and re-serialize unchanged.
func FuzzDecodeMuHash3072(f *testing.F) {
	f.Add(NewMuHash3072().AppendTo(nil))
	f.Add(bytes.Repeat([]byte{0xff}, muHashBytes))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMuHash3072(b)
		if err != nil {
			if len(b) == muHashBytes {
				t.Fatal("refused 768 bytes")
			}
			return
		}
		if !bytes.Equal(m.AppendTo(nil), b) {
			t.Fatal("round trip")
		}
		m.Finalize()
	})
}
