package utxoset

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/util"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	kvleveldb "github.com/twinchain/twinchain/internal/kv/leveldb"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// TestCoreCoinVectors decodes the coin serializations of Core's
// coins_tests (ccoins_serialization) with the cache's value decoder and
// re-encodes them.
func TestCoreCoinVectors(t *testing.T) {
	cases := []struct {
		name     string
		hex      string
		height   uint32
		coinbase bool
		value    int64
		script   string
		err      bool
	}{
		{name: "good example 1", hex: "97f23c835800816115944e077fe7c803cfa57f29b36bf87c1d35", height: 203998, value: 60000000000,
			script: "76a914816115944e077fe7c803cfa57f29b36bf87c1d3588ac"},
		{name: "good example 2", hex: "8ddf77bbd123008c988f1a4a4de2161e0f50aac7f17e7f9555caa4", height: 120891, coinbase: true, value: 110397,
			script: "76a9148c988f1a4a4de2161e0f50aac7f17e7f9555caa488ac"},
		{name: "smallest", hex: "000006", script: ""},
		{name: "script past the end", hex: "000007", err: true},
		{name: "huge script past the end", hex: "00008a95c0bb00", err: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw, _ := hex.DecodeString(tc.hex)
			var e entry
			var a scriptArena
			err := e.decodeValue(raw, &a)
			if tc.err {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("err %v, want ErrCorrupt", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			coin, _, err := e.appendCoin(nil, &a)
			if err != nil {
				t.Fatal(err)
			}
			if coin.Height != tc.height || coin.IsCoinBase != tc.coinbase || coin.Out.Value != tc.value ||
				hex.EncodeToString(coin.Out.ScriptPubKey) != tc.script {
				t.Fatalf("decoded %+v", coin)
			}
			if got := e.appendValue(nil, &a); !bytes.Equal(got, raw) {
				t.Fatalf("re-encoded %x", got)
			}
		})
	}
}

// TestEntryEncodingMatchesPrimitives checks the cache's compact form against
// the primitives package's Coin serialization for every script shape.
func TestEntryEncodingMatchesPrimitives(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	var a scriptArena
	for i := 0; i < 5000; i++ {
		coin := randomCoin(rng)
		var e entry
		e.setCoin(&coin, &a)
		want := coin.AppendTo(nil)
		got := e.appendValue(nil, &a)
		if !bytes.Equal(got, want) {
			t.Fatalf("coin %+v: value %x, primitives %x", coin, got, want)
		}
		back, _, err := e.appendCoin(nil, &a)
		if err != nil || !coinsEqual(&back, &coin) {
			t.Fatalf("coin %+v: expanded %+v %v", coin, back, err)
		}
		if e.scriptSize() != len(coin.Out.ScriptPubKey) {
			t.Fatalf("scriptSize %d, want %d", e.scriptSize(), len(coin.Out.ScriptPubKey))
		}
		var d entry
		if err := d.decodeValue(want, &a); err != nil || d.kind != e.kind {
			t.Fatalf("decode: kind %d vs %d, %v", d.kind, e.kind, err)
		}
	}
}

func TestCoinKey(t *testing.T) {
	txid := hashOf(5)
	cases := []struct {
		index uint32
		tail  string
	}{
		{0, "00"}, {1, "01"}, {127, "7f"}, {128, "8000"}, {255, "807f"}, {256, "8100"},
		{16511, "ff7f"}, {16512, "808000"}, {0xffffffff, "8efefefe7f"},
	}
	for _, tc := range cases {
		op := primitives.OutPoint{Hash: txid, Index: tc.index}
		k := CoinKey(op)
		want := "43" + hex.EncodeToString(txid[:]) + tc.tail
		if hex.EncodeToString(k) != want {
			t.Fatalf("index %d: key %x, want %s", tc.index, k, want)
		}
		back, err := DecodeCoinKey(k)
		if err != nil || back != op {
			t.Fatalf("index %d: decoded %v %v", tc.index, back, err)
		}
	}
	for _, bad := range []string{"", "43", "63" + hex.EncodeToString(txid[:]) + "00", "43" + hex.EncodeToString(txid[:]) + "0000",
		"43" + hex.EncodeToString(txid[:]) + "80", "43" + hex.EncodeToString(txid[:]) + "8fffffff7f"} {
		k, _ := hex.DecodeString(bad)
		if _, err := DecodeCoinKey(k); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("key %s accepted", bad)
		}
	}
}

// rawVarInt decodes Core's VARINT independently of the primitives package.
func rawVarInt(b []byte) (uint64, int) {
	var n uint64
	for i, c := range b {
		n = n<<7 | uint64(c&0x7f)
		if c&0x80 == 0 {
			return n, i + 1
		}
		n++
	}
	return 0, 0
}

// TestObfuscationRawDecode writes coins through a cache into an obfuscated
// database, then reads the store's raw records with code independent of the
// package: the key record, the XOR of every value, the key layout and the
// coin serialization (decoded by primitives.DecodeCoin).
func TestObfuscationRawDecode(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	store := memdb.New()
	db, err := OpenDB(store, DBOptions{Rand: &seqReader{b: 3}})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(db, 0)
	model := map[primitives.OutPoint]primitives.Coin{}
	for i := 0; i < 300; i++ {
		op := randomOutPoint(rng)
		op.Index = uint32(rng.IntN(70000))
		c := randomCoin(rng)
		if err := cache.AddCoin(op, &c, true); err != nil {
			t.Fatal(err)
		}
		if !isUnspendable(c.Out.ScriptPubKey) {
			model[op] = c
		}
	}
	tip := hashOf(1234)
	cache.SetBestBlock(tip)
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}

	rec, err := store.Get([]byte("\x0e\x00obfuscate_key"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec) != 9 || rec[0] != 8 {
		t.Fatalf("key record %x", rec)
	}
	key := rec[1:]
	if k := db.ObfuscationKey(); !bytes.Equal(k[:], key) || bytes.Equal(key, make([]byte, 8)) {
		t.Fatalf("obfuscation key %x vs record %x", k, key)
	}
	xor := func(v []byte) []byte {
		out := make([]byte, len(v))
		for i := range v {
			out[i] = v[i] ^ key[i%8]
		}
		return out
	}
	rb, err := store.Get([]byte("B"))
	if err != nil || !bytes.Equal(xor(rb), tip[:]) {
		t.Fatalf("raw best block %x: %v", rb, err)
	}
	if _, err := store.Get([]byte("H")); err == nil {
		t.Fatal("head blocks left after a clean flush")
	}
	it := store.NewIterator([]byte("C"), nil)
	defer it.Release()
	n := 0
	for it.Next() {
		k, v := it.Key(), it.Value()
		var op primitives.OutPoint
		copy(op.Hash[:], k[1:33])
		idx, used := rawVarInt(k[33:])
		if used == 0 || 33+used != len(k) {
			t.Fatalf("raw key %x", k)
		}
		op.Index = uint32(idx)
		coin, m, err := primitives.DecodeCoin(xor(v))
		if err != nil || m != len(v) {
			t.Fatalf("raw value of %v: %v", op, err)
		}
		want, ok := model[op]
		if !ok || !coinsEqual(&coin, &want) {
			t.Fatalf("raw coin %v = %+v, want %+v", op, coin, want)
		}
		n++
	}
	if n != len(model) {
		t.Fatalf("%d raw coins, want %d", n, len(model))
	}

	// Reopening keeps the key and needs no random source.
	db2, err := OpenDB(store, DBOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if db2.ObfuscationKey() != db.ObfuscationKey() {
		t.Fatal("key changed on reopen")
	}
	checkSame(t, "reopened", dbCoins(t, db2), model)
}

func TestOpenDB(t *testing.T) {
	t.Run("no random source", func(t *testing.T) {
		if _, err := OpenDB(memdb.New(), DBOptions{}); !errors.Is(err, ErrNoRandom) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("unobfuscated", func(t *testing.T) {
		store := memdb.New()
		db, err := OpenDB(store, DBOptions{NoObfuscate: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.Get(obfuscateKeyKey); err == nil {
			t.Fatal("key record written with NoObfuscate")
		}
		c := NewCache(db, 0)
		coin := primitives.Coin{Out: primitives.TxOut{Value: 7, ScriptPubKey: []byte{0x51}}, Height: 3}
		op := primitives.OutPoint{Hash: hashOf(1)}
		if err := c.AddCoin(op, &coin, false); err != nil {
			t.Fatal(err)
		}
		c.SetBestBlock(hashOf(2))
		if err := c.Flush(); err != nil {
			t.Fatal(err)
		}
		v, _ := store.Get(CoinKey(op))
		if !bytes.Equal(v, coin.AppendTo(nil)) {
			t.Fatalf("plain value %x", v)
		}
		// An existing database without a key record stays unobfuscated,
		// even with a random source at hand.
		db2, err := OpenDB(store, DBOptions{Rand: &seqReader{}})
		if err != nil || db2.ObfuscationKey() != [8]byte{} {
			t.Fatal("existing database given a key")
		}
	})
	t.Run("legacy records", func(t *testing.T) {
		store := memdb.New()
		_ = store.Put(append([]byte{'c'}, make([]byte, 32)...), []byte{1})
		if _, err := OpenDB(store, DBOptions{Rand: &seqReader{}}); !errors.Is(err, ErrLegacyFormat) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("malformed key record", func(t *testing.T) {
		store := memdb.New()
		_ = store.Put(obfuscateKeyKey, []byte{7, 1, 2, 3, 4, 5, 6, 7})
		if _, err := OpenDB(store, DBOptions{}); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("corrupt values", func(t *testing.T) {
		store := memdb.New()
		db, _ := OpenDB(store, DBOptions{NoObfuscate: true})
		_ = store.Put([]byte("B"), []byte{1, 2, 3})
		if _, err := db.BestBlock(); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("short best block: %v", err)
		}
		_ = store.Put([]byte("H"), []byte{2, 1})
		if _, err := db.HeadBlocks(); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("short head blocks: %v", err)
		}
		op := primitives.OutPoint{Hash: hashOf(3)}
		_ = store.Put(CoinKey(op), []byte{0x00, 0x00, 0x07})
		if _, _, err := db.GetCoin(op); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated coin: %v", err)
		}
		if _, _, err := NewCache(db, 0).AccessCoin(op, nil); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated coin through a cache: %v", err)
		}
		// A compressed uncompressed-P2PK payload that is not a curve point
		// loads, and fails when expanded.
		bad := append([]byte{0x00, 0x00, 0x04}, bytes.Repeat([]byte{0xff}, 32)...)
		op2 := primitives.OutPoint{Hash: hashOf(4)}
		_ = store.Put(CoinKey(op2), bad)
		if _, _, err := NewCache(db, 0).SpendCoin(op2, nil); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("bad P2PK payload: %v", err)
		}
	})
}

// TestLevelDBRawLayout writes a chainstate through kv/leveldb, closes it,
// and reads the directory with goleveldb directly (not through the kv or
// utxoset code), checking the obfuscation record, the best block and every
// coin record against Core's layout.
func TestLevelDBRawLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chainstate")
	store, err := kvleveldb.Open(dir, kvleveldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenDB(store, DBOptions{Rand: &seqReader{b: 77}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, 13))
	cache := NewCache(db, 0)
	model := map[primitives.OutPoint]primitives.Coin{}
	for i := 0; i < 500; i++ {
		op, c := randomOutPoint(rng), randomCoin(rng)
		if err := cache.AddCoin(op, &c, false); err != nil {
			t.Fatal(err)
		}
		if !isUnspendable(c.Out.ScriptPubKey) {
			model[op] = c
		}
	}
	tip := hashOf(99)
	cache.SetBestBlock(tip)
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	raw, err := leveldb.OpenFile(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rec, err := raw.Get([]byte("\x0e\x00obfuscate_key"), nil)
	if err != nil || len(rec) != 9 || rec[0] != 8 {
		t.Fatalf("key record %x %v", rec, err)
	}
	key := rec[1:]
	xor := func(v []byte) []byte {
		out := make([]byte, len(v))
		for i := range v {
			out[i] = v[i] ^ key[i%8]
		}
		return out
	}
	b, err := raw.Get([]byte{'B'}, nil)
	if err != nil || !bytes.Equal(xor(b), tip[:]) {
		t.Fatalf("best block %x %v", b, err)
	}
	it := raw.NewIterator(util.BytesPrefix([]byte{'C'}), nil)
	defer it.Release()
	n := 0
	for it.Next() {
		k := it.Key()
		var op primitives.OutPoint
		copy(op.Hash[:], k[1:33])
		idx, _ := rawVarInt(k[33:])
		op.Index = uint32(idx)
		coin, _, err := primitives.DecodeCoin(xor(it.Value()))
		want := model[op]
		if err != nil || !coinsEqual(&coin, &want) {
			t.Fatalf("coin %v: %+v %v", op, coin, err)
		}
		n++
	}
	if n != len(model) {
		t.Fatalf("%d coins, want %d", n, len(model))
	}
}

func TestHeadBlocksCodec(t *testing.T) {
	to, from := hashOf(1), chainhash.Hash{}
	v := encodeHeadBlocks(to, from)
	if len(v) != 65 || v[0] != 2 {
		t.Fatalf("encoding %x", v)
	}
	hs, err := decodeHeadBlocks(v)
	if err != nil || len(hs) != 2 || hs[0] != to || hs[1] != from {
		t.Fatalf("decoded %v %v", hs, err)
	}
	for _, bad := range [][]byte{nil, {2}, v[:64], append(v, 0), {0xfd, 1}} {
		if _, err := decodeHeadBlocks(bad); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("accepted %x", bad)
		}
	}
}

func TestObfuscate(t *testing.T) {
	key := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	var k uint64
	for i := 7; i >= 0; i-- {
		k = k<<8 | uint64(key[i])
	}
	for n := 0; n < 40; n++ {
		v := make([]byte, n)
		for i := range v {
			v[i] = byte(i * 13)
		}
		got := bytes.Clone(v)
		obfuscate(got, k)
		for i := range v {
			if got[i] != v[i]^key[i%8] {
				t.Fatalf("len %d byte %d", n, i)
			}
		}
		obfuscate(got, k)
		if !bytes.Equal(got, v) {
			t.Fatal("not an involution")
		}
	}
}
