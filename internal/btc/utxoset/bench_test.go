package utxoset

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	kvleveldb "github.com/twinchain/twinchain/internal/kv/leveldb"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// ibdWorkload is a chain of synthetic blocks shaped like initial sync: the
// first block's coinbase fans out 50,000 outputs; then every transaction
// spends two outputs and creates three P2WPKH outputs (the set grows by one
// coin per transaction, as the real one roughly does); most spends take
// young outputs (created in the last few blocks), the rest old ones, so a
// cache with FRESH coins saves most writes and some reads miss.
type ibdWorkload struct {
	blocks       []*primitives.Block
	inputs, outs int
}

var workloads = map[[3]int]*ibdWorkload{}

func makeWorkload(nblocks, ntx int, youngShare float64) *ibdWorkload {
	key := [3]int{nblocks, ntx, int(youngShare * 100)}
	if w, ok := workloads[key]; ok {
		return w
	}
	rng := rand.New(rand.NewPCG(uint64(nblocks), uint64(ntx)))
	w := &ibdWorkload{}
	var pool []primitives.OutPoint // unspent, in creation order
	var prev chainhash.Hash
	spk := func() []byte {
		s := make([]byte, 22)
		s[1] = 20
		binary.LittleEndian.PutUint64(s[2:], rng.Uint64())
		return s
	}
	take := func() (primitives.OutPoint, bool) {
		if len(pool) == 0 {
			return primitives.OutPoint{}, false
		}
		var i int
		if rng.Float64() < youngShare {
			i = len(pool) - 1 - rng.IntN(min(len(pool), 3*ntx))
		} else {
			i = rng.IntN(len(pool))
		}
		op := pool[i]
		pool[i] = pool[len(pool)-1]
		pool = pool[:len(pool)-1]
		return op, true
	}
	for h := 0; h < nblocks; h++ {
		b := &primitives.Block{Header: primitives.Header{PrevBlock: prev, Nonce: uint32(h)}}
		cb := &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: []byte{4, byte(h), byte(h >> 8), byte(h >> 16), 0}}},
			Outputs: []primitives.TxOut{{Value: 50e8, ScriptPubKey: spk()}}}
		b.Txs = append(b.Txs, cb)
		var created []primitives.OutPoint
		for t := 0; t < ntx && len(pool) >= 2; t++ {
			tx := &primitives.Tx{Version: 2}
			for k := 0; k < 2; k++ {
				op, _ := take()
				tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: op})
				w.inputs++
			}
			for k := 0; k < 3; k++ {
				tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: 1000, ScriptPubKey: spk()})
			}
			b.Txs = append(b.Txs, tx)
			txid := tx.TxHash()
			for k := 0; k < 3; k++ {
				created = append(created, primitives.OutPoint{Hash: txid, Index: uint32(k)})
			}
		}
		if h == 0 {
			for k := 0; k < 50_000; k++ {
				b.Txs[0].Outputs = append(b.Txs[0].Outputs, primitives.TxOut{Value: 1000, ScriptPubKey: spk()})
			}
		}
		raw := b.Bytes()
		db, err := primitives.DecodeBlock(raw)
		if err != nil {
			panic(err)
		}
		db.TxHashes() // computed once, as for a block read from disk
		cbid := db.TxHashes()[0]
		for o := range db.Txs[0].Outputs {
			pool = append(pool, primitives.OutPoint{Hash: cbid, Index: uint32(o)})
		}
		pool = append(pool, created...)
		for _, tx := range db.Txs {
			w.outs += len(tx.Outputs)
		}
		w.blocks = append(w.blocks, db)
		prev = db.BlockHash()
	}
	workloads[key] = w
	return w
}

// runWorkload connects the workload's blocks to a cache over db with the
// given byte limit, flushing when it is exceeded, and flushes at the end.
func runWorkload(b *testing.B, w *ibdWorkload, db *DB, limit int64, prefetch bool) (flushes int) {
	cache := NewCache(db, limit)
	defer cache.Release()
	for h, blk := range w.blocks {
		if prefetch {
			if err := cache.PrefetchBlock(blk, false, 0); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := ApplyBlock(cache, blk, uint32(h+1)); err != nil {
			b.Fatal(err)
		}
		if cache.NeedsFlush() {
			if err := cache.Flush(); err != nil {
				b.Fatal(err)
			}
			flushes++
		}
	}
	if err := cache.Flush(); err != nil {
		b.Fatal(err)
	}
	return flushes + 1
}

func benchIBD(b *testing.B, leveldb bool, limit int64, prefetch bool) {
	w := makeWorkload(300, 2000, 0.7)
	b.ReportAllocs()
	var flushes int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var store Store
		if leveldb {
			s, err := kvleveldb.Open(filepath.Join(b.TempDir(), "cs"), kvleveldb.Options{CacheSize: 8 << 20})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			store = s
		} else {
			store = memdb.New()
		}
		db, err := OpenDB(store, DBOptions{Rand: &seqReader{}, NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		flushes = runWorkload(b, w, db, limit, prefetch)
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(w.inputs+w.outs)/secs, "coins/s")
	b.ReportMetric(float64(len(w.blocks))/secs, "blocks/s")
	b.ReportMetric(float64(flushes), "flushes")
}

// BenchmarkIBD connects 300 blocks of 2,000 two-in three-out transactions
// (1.2 M spends, 1.85 M outputs, 650,000 coins at the end) with a cache big
// enough for everything (one flush at the end) and with a 16 MiB cache that
// flushes repeatedly.
func BenchmarkIBDMemDBLargeCache(b *testing.B)   { benchIBD(b, false, 0, false) }
func BenchmarkIBDMemDBSmallCache(b *testing.B)   { benchIBD(b, false, 16<<20, false) }
func BenchmarkIBDLevelDBLargeCache(b *testing.B) { benchIBD(b, true, 0, false) }
func BenchmarkIBDLevelDBSmallCache(b *testing.B) { benchIBD(b, true, 16<<20, false) }

// BenchmarkIBDLevelDBSmallCachePrefetch is the small-cache run with each
// block's inputs prefetched by parallel readers first.
func BenchmarkIBDLevelDBSmallCachePrefetch(b *testing.B) { benchIBD(b, true, 16<<20, true) }

// BenchmarkCacheAddSpend measures adding a coin and spending it again (the
// FRESH path: nothing reaches the parent).
func BenchmarkCacheAddSpend(b *testing.B) {
	db, _ := newTestDB(b, DBOptions{})
	c := NewCache(db, 0)
	const n = 1 << 16
	ops := make([]primitives.OutPoint, n)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range ops {
		ops[i] = randomOutPoint(rng)
	}
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1000, ScriptPubKey: append([]byte{0, 20}, make([]byte, 20)...)}, Height: 5}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		op := ops[i&(n-1)]
		if err := c.AddCoin(op, &coin, false); err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.SpendCoin(op, buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCacheHit measures AccessCoin on coins already in the cache.
func BenchmarkCacheHit(b *testing.B) {
	db, _ := newTestDB(b, DBOptions{})
	c := NewCache(db, 0)
	const n = 1 << 20
	ops := make([]primitives.OutPoint, n)
	rng := rand.New(rand.NewPCG(1, 1))
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1000, ScriptPubKey: append([]byte{0, 20}, make([]byte, 20)...)}, Height: 5}
	for i := range ops {
		ops[i] = randomOutPoint(rng)
		_ = c.AddCoin(ops[i], &coin, false)
	}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, _, err := c.AccessCoin(ops[(i*7919)&(n-1)], buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlush measures writing 100,000 new coins to the database.
func BenchmarkFlushMemDB(b *testing.B)   { benchFlush(b, false) }
func BenchmarkFlushLevelDB(b *testing.B) { benchFlush(b, true) }

func benchFlush(b *testing.B, leveldb bool) {
	const n = 100_000
	rng := rand.New(rand.NewPCG(2, 2))
	ops := make([]primitives.OutPoint, n)
	for i := range ops {
		ops[i] = randomOutPoint(rng)
	}
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1000, ScriptPubKey: append([]byte{0, 20}, make([]byte, 20)...)}, Height: 5}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var store Store = memdb.New()
		if leveldb {
			s, err := kvleveldb.Open(filepath.Join(b.TempDir(), "cs"), kvleveldb.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			store = s
		}
		db, _ := OpenDB(store, DBOptions{Rand: &seqReader{}, NoSync: true})
		c := NewCache(db, 0)
		for _, op := range ops {
			_ = c.AddCoin(op, &coin, false)
		}
		c.SetBestBlock(hashOf(1))
		b.StartTimer()
		if err := c.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "coins/s")
}

// BenchmarkDBFetch measures loading coins from LevelDB into a cache (the
// cost of a cache miss).
func BenchmarkDBFetch(b *testing.B) {
	const n = 200_000
	rng := rand.New(rand.NewPCG(3, 3))
	ops := make([]primitives.OutPoint, n)
	for i := range ops {
		ops[i] = randomOutPoint(rng)
	}
	s, err := kvleveldb.Open(filepath.Join(b.TempDir(), "cs"), kvleveldb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	db, _ := OpenDB(s, DBOptions{Rand: &seqReader{}, NoSync: true})
	c := NewCache(db, 0)
	coin := primitives.Coin{Out: primitives.TxOut{Value: 1000, ScriptPubKey: append([]byte{0, 20}, make([]byte, 20)...)}, Height: 5}
	for _, op := range ops {
		_ = c.AddCoin(op, &coin, false)
	}
	c.SetBestBlock(hashOf(1))
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%n == 0 {
			c = NewCache(db, 0)
		}
		if _, _, err := c.AccessCoin(ops[(i*7919)%n], buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTableLookup compares a lookup in the cache's table with one in a
// Go map holding the same entries (the design choice coinmap.go explains),
// for tables of 1 M and 4 M coins.
func BenchmarkTableLookup(b *testing.B) {
	for _, n := range []int{1 << 20, 4 << 20} {
		rng := rand.New(rand.NewPCG(4, 4))
		ops := make([]primitives.OutPoint, n)
		for i := range ops {
			ops[i] = randomOutPoint(rng)
		}
		b.Run(fmt.Sprintf("gomap/%d", n), func(b *testing.B) {
			m := make(map[primitives.OutPoint]entry)
			for i := range ops {
				m[ops[i]] = entry{height: uint32(i)}
			}
			var sum uint32
			for i := 0; b.Loop(); i++ {
				sum += m[ops[(i*7919)&(n-1)]].height
			}
			_ = sum
		})
		b.Run(fmt.Sprintf("coinmap/%d", n), func(b *testing.B) {
			m := newCoinMap(0)
			defer m.release()
			for i := range ops {
				e, _ := m.upsert(&ops[i])
				e.height = uint32(i)
			}
			var sum uint32
			for i := 0; b.Loop(); i++ {
				sum += m.find(&ops[(i*7919)&(n-1)]).height
			}
			_ = sum
		})
	}
}
