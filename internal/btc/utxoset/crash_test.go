package utxoset

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// errSimulatedCrash is returned by the batch write a crashStore cancels.
var errSimulatedCrash = errors.New("simulated crash")

// crashStore is a memdb whose batch writes fail from the failAt-th on
// (counting from one; zero: never), as if the process died there.
type crashStore struct {
	*memdb.DB
	failAt, writes int
}

func (s *crashStore) NewBatch() kv.Batch { return &crashBatch{Batch: s.DB.NewBatch(), s: s} }

type crashBatch struct {
	kv.Batch
	s *crashStore
}

func (b *crashBatch) Write(sync bool) error {
	b.s.writes++
	if b.s.failAt > 0 && b.s.writes >= b.s.failAt {
		return errSimulatedCrash
	}
	return b.Batch.Write(sync)
}

// memSource is an in-memory BlockSource.
type memSource struct {
	blocks  map[chainhash.Hash]*primitives.Block
	heights map[chainhash.Hash]uint32
	undos   map[chainhash.Hash]*BlockUndo
}

func newMemSource() *memSource {
	return &memSource{blocks: map[chainhash.Hash]*primitives.Block{}, heights: map[chainhash.Hash]uint32{}, undos: map[chainhash.Hash]*BlockUndo{}}
}

func (s *memSource) add(b *primitives.Block, height uint32, u *BlockUndo) {
	h := b.BlockHash()
	s.blocks[h], s.heights[h], s.undos[h] = b, height, u
}

func (s *memSource) Height(h chainhash.Hash) (uint32, bool) {
	v, ok := s.heights[h]
	return v, ok
}

func (s *memSource) Ancestor(h chainhash.Hash, height uint32) (chainhash.Hash, bool) {
	hh, ok := s.heights[h]
	if !ok || height > hh {
		return chainhash.Hash{}, false
	}
	for hh > height {
		h = s.blocks[h].Header.PrevBlock
		hh--
	}
	return h, true
}

func (s *memSource) Block(h chainhash.Hash) (*primitives.Block, error) {
	if b, ok := s.blocks[h]; ok {
		return b, nil
	}
	return nil, errors.New("no such block")
}

func (s *memSource) Undo(h chainhash.Hash) (*BlockUndo, error) {
	if u, ok := s.undos[h]; ok {
		return u, nil
	}
	return nil, errors.New("no undo data")
}

// crashScenario is a deterministic history: blocks connected, a clean flush,
// more blocks (and optionally a reorg), then a flush that is cut after a
// given number of batch writes.
type crashScenario struct {
	src        *memSource
	genesis    chainhash.Hash
	flushedTip chainhash.Hash
	finalTip   chainhash.Hash
	flushed    map[primitives.OutPoint]primitives.Coin // model at flushedTip
	final      map[primitives.OutPoint]primitives.Coin // model at finalTip
}

// runCrash replays the scenario's history on a new store; the last flush
// fails at batch write failAt (0: never). It returns the store and whether
// the last flush failed.
func runCrash(t *testing.T, seed uint64, reorg bool, failAt int) (*memdb.DB, *crashScenario, bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 5))
	store := &crashStore{DB: memdb.New()}
	db, err := OpenDB(store, DBOptions{Rand: &seqReader{b: 9}, BatchWriteBytes: 600})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(db, 0)
	sim := &chainSim{rng: rng, model: make(map[primitives.OutPoint]primitives.Coin)}
	sc := &crashScenario{src: newMemSource()}
	// The genesis block is indexed but never applied, as in Core.
	gen := &primitives.Block{Header: primitives.Header{Nonce: 0xfeed}}
	sc.genesis = gen.BlockHash()
	sc.src.heights[sc.genesis] = 0
	sc.src.blocks[sc.genesis] = gen
	type conn struct {
		b      *primitives.Block
		before map[primitives.OutPoint]primitives.Coin
		undo   *BlockUndo
	}
	var chain []conn
	tip := sc.genesis
	connect := func(n int) {
		for i := 0; i < n; i++ {
			height := uint32(len(chain) + 1)
			b := sim.nextBlock(tip, height, 2+rng.IntN(8))
			before := copyModel(sim.model)
			u, err := ApplyBlock(cache, b, height)
			if err != nil {
				t.Fatal(err)
			}
			sim.apply(b, height)
			sc.src.add(b, height, u)
			chain = append(chain, conn{b, before, u})
			tip = b.BlockHash()
		}
	}
	connect(20)
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	sc.flushedTip, sc.flushed = tip, copyModel(sim.model)
	connect(10)
	if reorg {
		// Disconnect 12 blocks, two below the flushed tip, and build a
		// longer branch from there: a replay must roll the database back
		// along the old branch before rolling forward.
		for k := 0; k < 12; k++ {
			c := chain[len(chain)-1]
			if res, err := DisconnectBlock(cache, c.b, c.undo, uint32(len(chain))); res != DisconnectOK {
				t.Fatal(res, err)
			}
			chain = chain[:len(chain)-1]
			sim.model = c.before
			sim.refreshOps()
			tip = c.b.Header.PrevBlock
		}
		connect(15)
	}
	sc.finalTip, sc.final = tip, copyModel(sim.model)
	store.failAt, store.writes = failAt, 0
	err = cache.Flush()
	if err != nil && !errors.Is(err, errSimulatedCrash) {
		t.Fatal(err)
	}
	return store.DB, sc, err != nil
}

func TestCrashConsistency(t *testing.T) {
	for _, reorg := range []bool{false, true} {
		name := "forward"
		if reorg {
			name = "reorg"
		}
		t.Run(name, func(t *testing.T) {
			crashes := 0
			for failAt := 1; ; failAt++ {
				store, sc, failed := runCrash(t, 42, reorg, failAt)
				db, err := OpenDB(store, DBOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if !failed {
					// The flush had fewer batches than failAt: it is clean.
					checkSame(t, "uninterrupted flush", dbCoins(t, db), sc.final)
					if crashes < 3 {
						t.Fatalf("only %d crash points: the flush should span several batches", crashes)
					}
					t.Logf("%d crash points, each replayed to the same UTXO set", crashes)
					return
				}
				crashes++
				heads, err := db.HeadBlocks()
				if err != nil {
					t.Fatal(err)
				}
				best, _ := db.BestBlock()
				if failAt == 1 {
					// Nothing reached the database: it is still consistent
					// at the flushed tip.
					if len(heads) != 0 || best != sc.flushedTip {
						t.Fatalf("crash before the first batch: heads %v best %v", heads, best)
					}
					checkSame(t, "after a crash before any write", dbCoins(t, db), sc.flushed)
					if replayed, err := ReplayBlocks(db, sc.src); replayed || err != nil {
						t.Fatalf("replay of a consistent database: %v %v", replayed, err)
					}
					continue
				}
				if len(heads) != 2 || heads[0] != sc.finalTip || heads[1] != sc.flushedTip || !best.IsZero() {
					t.Fatalf("crash at batch %d: heads %v best %v, want [%v %v] and no best block",
						failAt, heads, best, sc.finalTip, sc.flushedTip)
				}
				// A flush to another block is refused until replayed.
				other := NewCache(db, 0)
				other.SetBestBlock(hashOf(77))
				if err := other.Flush(); !errors.Is(err, ErrInconsistentHeads) {
					t.Fatalf("flush over an interrupted one: %v", err)
				}
				replayed, err := ReplayBlocks(db, sc.src)
				if err != nil || !replayed {
					t.Fatalf("crash at batch %d: replay %v %v", failAt, replayed, err)
				}
				if heads, _ := db.HeadBlocks(); len(heads) != 0 {
					t.Fatal("heads left after replay")
				}
				if best, _ := db.BestBlock(); best != sc.finalTip {
					t.Fatalf("best after replay %v", best)
				}
				checkSame(t, "after replay", dbCoins(t, db), sc.final)
			}
		})
	}
}

// TestFlushRetry checks that a flush which failed part-way can simply be
// repeated from the intact cache.
func TestFlushRetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	store := &crashStore{DB: memdb.New()}
	db, err := OpenDB(store, DBOptions{Rand: &seqReader{}, BatchWriteBytes: 500})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(db, 0)
	sim := &chainSim{rng: rng, model: make(map[primitives.OutPoint]primitives.Coin)}
	var tip chainhash.Hash
	for h := uint32(1); h <= 15; h++ {
		b := sim.nextBlock(tip, h, 6)
		if _, err := ApplyBlock(cache, b, h); err != nil {
			t.Fatal(err)
		}
		sim.apply(b, h)
		tip = b.BlockHash()
		if h == 7 {
			if err := cache.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	store.failAt, store.writes = 3, 0
	if err := cache.Flush(); !errors.Is(err, errSimulatedCrash) {
		t.Fatalf("first attempt: %v", err)
	}
	if heads, _ := db.HeadBlocks(); len(heads) != 2 {
		t.Fatal("no head blocks after the failed flush")
	}
	store.failAt = 0
	if err := cache.Flush(); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if best, _ := db.BestBlock(); best != tip {
		t.Fatal("best block after retry")
	}
	checkSame(t, "after retry", dbCoins(t, db), sim.model)
}
