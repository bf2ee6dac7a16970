package utxoset

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// countingStore counts point reads.
type countingStore struct {
	*memdb.DB
	gets, has atomic.Int64
}

func (s *countingStore) Get(k []byte) ([]byte, error) {
	s.gets.Add(1)
	return s.DB.Get(k)
}

func (s *countingStore) Has(k []byte) (bool, error) {
	s.has.Add(1)
	return s.DB.Has(k)
}

var _ kv.Reader = (*countingStore)(nil)

// TestPrefetchBlock checks that after PrefetchBlock, connecting the block
// (inputs spent, BIP30 probes of its outputs) reads nothing more from the
// database, through one or two cache layers, and gives the same coins.
func TestPrefetchBlock(t *testing.T) {
	for _, layers := range []int{1, 2} {
		for _, workers := range []int{1, 4} {
			rng := rand.New(rand.NewPCG(21, uint64(layers*10+workers)))
			store := &countingStore{DB: memdb.New()}
			db, err := OpenDB(store, DBOptions{Rand: &seqReader{}})
			if err != nil {
				t.Fatal(err)
			}
			base := NewCache(db, 0)
			sim := &chainSim{rng: rng, model: map[primitives.OutPoint]primitives.Coin{}}
			var tip [32]byte
			for h := uint32(1); h <= 40; h++ {
				b := sim.nextBlock(tip, h, 30)
				top := base
				if layers == 2 {
					top = NewCache(base, 0)
				}
				if err := top.PrefetchBlock(b, true, workers); err != nil {
					t.Fatal(err)
				}
				before := store.gets.Load()
				txids := b.TxHashes()
				for i, tx := range b.Txs {
					for o := range tx.Outputs {
						if _, err := top.HaveCoin(primitives.OutPoint{Hash: txids[i], Index: uint32(o)}); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := ApplyBlock(top, b, h); err != nil {
					t.Fatalf("block %d: %v", h, err)
				}
				if n := store.gets.Load() - before; n != 0 {
					t.Fatalf("layers %d workers %d block %d: %d reads after prefetching", layers, workers, h, n)
				}
				sim.apply(b, h)
				tip = b.BlockHash()
				if layers == 2 {
					if err := top.Flush(); err != nil {
						t.Fatal(err)
					}
				}
				if h%7 == 0 {
					if err := base.Flush(); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := base.Flush(); err != nil {
				t.Fatal(err)
			}
			checkSame(t, "after prefetched blocks", dbCoins(t, db), sim.model)
		}
	}
}
