package utxoset

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// seqReader is a deterministic io.Reader for obfuscation keys in tests.
type seqReader struct{ b byte }

func (r *seqReader) Read(p []byte) (int, error) {
	for i := range p {
		r.b = r.b*37 + 11
		p[i] = r.b
	}
	return len(p), nil
}

// newTestDB opens an obfuscated chainstate on a fresh memdb.
func newTestDB(t testing.TB, opts DBOptions) (*DB, *memdb.DB) {
	t.Helper()
	store := memdb.New()
	if opts.Rand == nil {
		opts.Rand = &seqReader{b: 1}
	}
	db, err := OpenDB(store, opts)
	if err != nil {
		t.Fatal(err)
	}
	return db, store
}

// randomScript returns scripts of every shape the entry encoding handles.
func randomScript(rng *rand.Rand) []byte {
	rnd := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	switch rng.IntN(10) {
	case 0: // P2PKH
		return append(append([]byte{0x76, 0xa9, 20}, rnd(20)...), 0x88, 0xac)
	case 1: // P2SH
		return append(append([]byte{0xa9, 20}, rnd(20)...), 0x87)
	case 2: // P2WPKH
		return append([]byte{0x00, 20}, rnd(20)...)
	case 3: // P2TR
		return append([]byte{0x51, 32}, rnd(32)...)
	case 4: // P2PK compressed
		return append(append([]byte{33, 0x02 + byte(rng.IntN(2))}, rnd(32)...), 0xac)
	case 5: // P2PK uncompressed with a real key
		return p2pkUncompressed(rng)
	case 6: // bare multisig-sized, in the arena
		return rnd(71 + rng.IntN(40))
	case 7: // empty
		return nil
	case 8: // a 67-byte P2PK lookalike with a key not on the curve: raw
		s := append(append([]byte{65, 0x04}, bytes.Repeat([]byte{0x01}, 64)...), 0xac)
		return s
	default: // short raw
		return rnd(rng.IntN(inlineCap + 1))
	}
}

// p2pkUncompressed returns a P2PK script with an uncompressed key: k*G for a
// small random k.
func p2pkUncompressed(rng *rand.Rand) []byte {
	key := testKeys[rng.IntN(len(testKeys))]
	return append(append([]byte{65}, key...), 0xac)
}

// testKeys are uncompressed public keys (G, 2G, 3G) for P2PK scripts.
var testKeys = [][]byte{
	mustHex("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
	mustHex("04c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee51ae168fea63dc339a3c58419466ceaeef7f632653266d0e1236431a950cfe52a"),
	mustHex("04f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9388f7b0f632de8140fe337e62a37f3566500a99934c2231b6cb9fd7584b8e672"),
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func randomCoin(rng *rand.Rand) primitives.Coin {
	return primitives.Coin{
		Out:        primitives.TxOut{Value: rng.Int64N(21e14), ScriptPubKey: randomScript(rng)},
		Height:     uint32(rng.IntN(1 << 20)),
		IsCoinBase: rng.IntN(4) == 0,
	}
}

func randomOutPoint(rng *rand.Rand) primitives.OutPoint {
	var op primitives.OutPoint
	binary.LittleEndian.PutUint64(op.Hash[:], rng.Uint64())
	binary.LittleEndian.PutUint64(op.Hash[8:], rng.Uint64())
	op.Index = uint32(rng.IntN(4))
	return op
}

func hashOf(i uint64) chainhash.Hash {
	var h chainhash.Hash
	binary.LittleEndian.PutUint64(h[:], i)
	h[31] = 0xaa
	return h
}

func coinsEqual(a, b *primitives.Coin) bool {
	return a.Height == b.Height && a.IsCoinBase == b.IsCoinBase && a.Out.Value == b.Out.Value &&
		bytes.Equal(a.Out.ScriptPubKey, b.Out.ScriptPubKey)
}

// dbCoins reads every coin of db into a map.
func dbCoins(t testing.TB, db *DB) map[primitives.OutPoint]primitives.Coin {
	t.Helper()
	m := make(map[primitives.OutPoint]primitives.Coin)
	err := db.ForEachCoin(func(op primitives.OutPoint, c primitives.Coin) error {
		c.Out.ScriptPubKey = bytes.Clone(c.Out.ScriptPubKey)
		m[op] = c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkSame fails unless got and want hold the same coins.
func checkSame(t testing.TB, what string, got, want map[primitives.OutPoint]primitives.Coin) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d coins, want %d", what, len(got), len(want))
	}
	for op, w := range want {
		g, ok := got[op]
		if !ok {
			t.Fatalf("%s: missing coin %v", what, op)
		}
		if !coinsEqual(&g, &w) {
			t.Fatalf("%s: coin %v = %+v, want %+v", what, op, g, w)
		}
	}
}

// entryAt returns a copy of the cache's entry at op.
func entryAt(c *Cache, op primitives.OutPoint) (entry, bool) {
	p := c.coins.find(&op)
	if p == nil {
		return entry{}, false
	}
	return *p, true
}
