package utxoset

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestCacheSimulation runs thousands of random operations on a stack of
// caches over a database (caches pushed and popped, flushes and syncs at
// random layers, the database reopened) and checks every answer against a
// plain map, then the database contents themselves.
func TestCacheSimulation(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 3))

	db, store := newTestDB(t, DBOptions{BatchWriteBytes: 512})
	stack := []*Cache{NewCache(db, 0)}
	model := make(map[primitives.OutPoint]primitives.Coin)
	universe := make([]primitives.OutPoint, 600)
	for i := range universe {
		universe[i] = randomOutPoint(rng)
	}
	best := uint64(0)
	top := func() *Cache { return stack[len(stack)-1] }
	flushLayer := func(i int, erase bool) {
		t.Helper()
		best++
		stack[i].SetBestBlock(hashOf(best))
		var err error
		if erase {
			err = stack[i].Flush()
		} else {
			err = stack[i].Sync()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var (
		adds, spends, misses, flushes, reopens, freshDrops int
		buf                                                []byte
	)
	const steps = 40000
	for step := 0; step < steps; step++ {
		op := universe[rng.IntN(len(universe))]
		want, unspent := model[op]
		switch r := rng.IntN(100); {
		case r < 40: // add
			coin := randomCoin(rng)
			overwrite := unspent || rng.IntN(2) == 0
			_, inTop := entryAt(top(), op)
			if err := top().AddCoin(op, &coin, overwrite); err != nil {
				t.Fatalf("step %d: add: %v", step, err)
			}
			if !isUnspendable(coin.Out.ScriptPubKey) {
				model[op] = coin
			}
			if !overwrite && !inTop && !isUnspendable(coin.Out.ScriptPubKey) {
				if e, _ := entryAt(top(), op); !e.fresh() {
					t.Fatalf("step %d: new coin not FRESH", step)
				}
			}
			adds++
		case r < 45: // overwrite refused
			if !unspent || !top().HaveCoinInCache(op) {
				continue
			}
			coin := randomCoin(rng)
			coin.Out.ScriptPubKey = []byte{0x51} // spendable, so not skipped
			if err := top().AddCoin(op, &coin, false); !errors.Is(err, ErrOverwriteUnspent) {
				t.Fatalf("step %d: overwrite without permission: %v", step, err)
			}
		case r < 75: // spend
			e, inTop := entryAt(top(), op)
			got, b, err := top().SpendCoin(op, buf[:0])
			buf = b
			if unspent != (err == nil) {
				t.Fatalf("step %d: spend: err %v, model unspent %v", step, err, unspent)
			}
			if err == nil {
				if !coinsEqual(&got, &want) {
					t.Fatalf("step %d: spent %+v, want %+v", step, got, want)
				}
				delete(model, op)
				spends++
				if inTop && e.fresh() {
					freshDrops++
					if _, ok := entryAt(top(), op); ok {
						t.Fatalf("step %d: FRESH coin not dropped", step)
					}
				}
			} else if !errors.Is(err, ErrMissingCoin) {
				t.Fatal(err)
			} else {
				misses++
			}
		case r < 88: // read
			got, b, err := top().AccessCoin(op, buf[:0])
			buf = b
			have, herr := top().HaveCoin(op)
			if herr != nil || have != unspent || (err == nil) != unspent {
				t.Fatalf("step %d: access err %v have %v, model %v", step, err, have, unspent)
			}
			if err == nil && !coinsEqual(&got, &want) {
				t.Fatalf("step %d: read %+v, want %+v", step, got, want)
			}
		case r < 93: // flush or sync a random layer, now and then
			if rng.IntN(5) != 0 {
				continue
			}
			flushLayer(rng.IntN(len(stack)), rng.IntN(2) == 0)
			flushes++
		case r < 96: // push a cache
			if len(stack) < 4 {
				stack = append(stack, NewCache(top(), 0))
			}
		case r < 99: // pop a cache
			if len(stack) > 1 {
				flushLayer(len(stack)-1, true)
				stack = stack[:len(stack)-1]
			}
		default: // flush everything and reopen the database, rarely
			if rng.IntN(10) != 0 {
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- {
				flushLayer(i, true)
			}
			var err error
			db, err = OpenDB(store, DBOptions{BatchWriteBytes: 512})
			if err != nil {
				t.Fatal(err)
			}
			stack = []*Cache{NewCache(db, 0)}
			reopens++
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		flushLayer(i, true)
	}
	checkSame(t, "database after the simulation", dbCoins(t, db), model)
	if b, _ := db.BestBlock(); b != hashOf(best) {
		t.Fatalf("best block %v, want %v", b, hashOf(best))
	}
	if h, _ := db.HeadBlocks(); len(h) != 0 {
		t.Fatal("head blocks left after clean flushes")
	}
	t.Logf("%d steps: %d adds, %d spends (%d FRESH drops), %d misses, %d flushes, %d reopens, %d coins left",
		steps, adds, spends, freshDrops, misses, flushes, reopens, len(model))
}

// chainSim builds random blocks over a model of the UTXO set.
type chainSim struct {
	rng   *rand.Rand
	model map[primitives.OutPoint]primitives.Coin
	ops   []primitives.OutPoint // unspent outpoints (may hold stale ones)
	nonce uint32
}

// nextBlock returns a block on top of prev spending random coins of the
// model (some intra-block) and creating outputs of every script shape,
// OP_RETURN included.
func (s *chainSim) nextBlock(prev [32]byte, height uint32, ntx int) *primitives.Block {
	s.nonce++
	b := &primitives.Block{Header: primitives.Header{PrevBlock: prev, Nonce: s.nonce, Timestamp: height}}
	cb := &primitives.Tx{Version: 1, Inputs: []primitives.TxIn{{
		PrevOut:   primitives.OutPoint{Index: 0xffffffff},
		ScriptSig: []byte{4, byte(height), byte(height >> 8), byte(s.nonce), byte(s.nonce >> 8)},
		Sequence:  0xffffffff,
	}}}
	cb.Outputs = []primitives.TxOut{{Value: 50e8, ScriptPubKey: randomScript(s.rng)}, {Value: 0, ScriptPubKey: []byte{0x6a, 1, 2}}}
	b.Txs = append(b.Txs, cb)
	avail := make(map[primitives.OutPoint]bool)
	for _, op := range s.ops {
		avail[op] = true
	}
	pool := s.ops
	var created []primitives.OutPoint
	for t := 0; t < ntx; t++ {
		tx := &primitives.Tx{Version: 2}
		nin := 1 + s.rng.IntN(3)
		for k := 0; k < nin; k++ {
			var op primitives.OutPoint
			found := false
			for try := 0; try < 8 && !found; try++ {
				if len(created) > 0 && s.rng.IntN(4) == 0 {
					op = created[s.rng.IntN(len(created))]
				} else if len(pool) > 0 {
					op = pool[s.rng.IntN(len(pool))]
				} else {
					break
				}
				found = avail[op]
			}
			if !found {
				continue
			}
			avail[op] = false
			tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: op, Sequence: uint32(t)})
		}
		if len(tx.Inputs) == 0 {
			continue
		}
		nout := 1 + s.rng.IntN(4)
		for o := 0; o < nout; o++ {
			script := randomScript(s.rng)
			if s.rng.IntN(10) == 0 {
				script = []byte{0x6a, 0x04, 1, 2, 3, 4}
			}
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: s.rng.Int64N(1e8), ScriptPubKey: script})
		}
		b.Txs = append(b.Txs, tx)
		txid := tx.TxHash()
		for o := range tx.Outputs {
			if !isUnspendable(tx.Outputs[o].ScriptPubKey) {
				op := primitives.OutPoint{Hash: txid, Index: uint32(o)}
				created = append(created, op)
				avail[op] = true
			}
		}
	}
	return b
}

// apply updates the model with b.
func (s *chainSim) apply(b *primitives.Block, height uint32) {
	for i, tx := range b.Txs {
		if i > 0 {
			for _, in := range tx.Inputs {
				delete(s.model, in.PrevOut)
			}
		}
		txid := tx.TxHash()
		for o, out := range tx.Outputs {
			if !isUnspendable(out.ScriptPubKey) {
				s.model[primitives.OutPoint{Hash: txid, Index: uint32(o)}] = primitives.Coin{Out: out, Height: height, IsCoinBase: i == 0}
			}
		}
	}
	s.refreshOps()
}

func (s *chainSim) refreshOps() {
	s.ops = s.ops[:0]
	for op := range s.model {
		s.ops = append(s.ops, op)
	}
}

func copyModel(m map[primitives.OutPoint]primitives.Coin) map[primitives.OutPoint]primitives.Coin {
	c := make(map[primitives.OutPoint]primitives.Coin, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestApplyDisconnectSimulation connects random blocks (coinbase maturity
// ignored: ApplyBlock does not check it), disconnects random runs of them
// with their undo data (round-tripped through its serialization) and
// reconnects others, flushing at random points; the cache and the database
// must match a model at every step.
func TestApplyDisconnectSimulation(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 4))
	db, _ := newTestDB(t, DBOptions{BatchWriteBytes: 4096})
	cache := NewCache(db, 0)
	sim := &chainSim{rng: rng, model: make(map[primitives.OutPoint]primitives.Coin)}
	type connected struct {
		block  *primitives.Block
		undo   []byte
		before map[primitives.OutPoint]primitives.Coin
	}
	var chain []connected
	tip := [32]byte{}
	var disconnects, flushes, txs int
	for step := 0; step < 400; step++ {
		if len(chain) > 2 && rng.IntN(6) == 0 {
			// Reorg: disconnect 1-3 blocks.
			n := 1 + rng.IntN(min(3, len(chain)-1))
			for k := 0; k < n; k++ {
				c := chain[len(chain)-1]
				undo, err := DecodeBlockUndo(c.undo)
				if err != nil {
					t.Fatal(err)
				}
				res, err := DisconnectBlock(cache, c.block, undo, uint32(len(chain)))
				if err != nil || res != DisconnectOK {
					t.Fatalf("step %d: disconnect: %v %v", step, res, err)
				}
				chain = chain[:len(chain)-1]
				sim.model = c.before
				sim.refreshOps()
				tip = c.block.Header.PrevBlock
				if best, _ := cache.BestBlock(); best != tip {
					t.Fatal("best block not moved to the parent")
				}
				disconnects++
			}
		} else {
			height := uint32(len(chain) + 1)
			b := sim.nextBlock(tip, height, 1+rng.IntN(12))
			before := copyModel(sim.model)
			undo, err := ApplyBlock(cache, b, height)
			if err != nil {
				t.Fatalf("step %d: apply: %v", step, err)
			}
			// The undo data lists the spent coins in input order; a coin
			// created earlier in the same block has the block's height.
			for i, tx := range b.Txs[1:] {
				for j, in := range tx.Inputs {
					got := undo.Txs[i].PrevOuts[j]
					if w, ok := before[in.PrevOut]; ok {
						if !coinsEqual(&got, &w) {
							t.Fatalf("step %d: undo coin %d/%d = %+v, want %+v", step, i, j, got, w)
						}
					} else if got.Height != height {
						t.Fatalf("step %d: undo coin %d/%d of an intra-block spend has height %d", step, i, j, got.Height)
					}
				}
			}
			sim.apply(b, height)
			raw := undo.AppendTo(nil)
			chain = append(chain, connected{block: b, undo: raw, before: before})
			tip = b.BlockHash()
			txs += len(b.Txs)
		}
		if rng.IntN(15) == 0 {
			if rng.IntN(2) == 0 {
				if err := cache.Flush(); err != nil {
					t.Fatal(err)
				}
			} else if err := cache.Sync(); err != nil {
				t.Fatal(err)
			}
			flushes++
		}
		if step%50 == 0 {
			for op, w := range sim.model {
				got, _, err := cache.AccessCoin(op, nil)
				if err != nil || !coinsEqual(&got, &w) {
					t.Fatalf("step %d: coin %v: %+v %v, want %+v", step, op, got, err, w)
				}
			}
		}
	}
	if err := cache.Flush(); err != nil {
		t.Fatal(err)
	}
	checkSame(t, "database", dbCoins(t, db), sim.model)
	if best, _ := db.BestBlock(); best != tip {
		t.Fatal("database best block is not the tip")
	}
	t.Logf("%d blocks connected (%d txs), %d disconnected, %d flushes, %d coins", len(chain)+disconnects, txs, disconnects, flushes, len(sim.model))
}

// TestApplyBlockMissingInputReverts checks that a block spending a missing
// coin fails with ErrMissingCoin and leaves the coins as they were.
func TestApplyBlockMissingInputReverts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	db, _ := newTestDB(t, DBOptions{})
	cache := NewCache(db, 0)
	sim := &chainSim{rng: rng, model: make(map[primitives.OutPoint]primitives.Coin)}
	var tip [32]byte
	for h := uint32(1); h <= 5; h++ {
		b := sim.nextBlock(tip, h, 6)
		if _, err := ApplyBlock(cache, b, h); err != nil {
			t.Fatal(err)
		}
		sim.apply(b, h)
		tip = b.BlockHash()
		if h == 3 {
			if err := cache.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, at := range []string{"first input", "later tx", "overwrite"} {
		t.Run(at, func(t *testing.T) {
			b := sim.nextBlock(tip, 6, 8)
			bad := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: hashOf(999)}}},
				Outputs: []primitives.TxOut{{Value: 1, ScriptPubKey: []byte{0x51}}}}
			switch at {
			case "first input":
				b.Txs = append(b.Txs[:1], append([]*primitives.Tx{bad}, b.Txs[1:]...)...)
			case "later tx":
				b.Txs = append(b.Txs, bad)
			case "overwrite":
				// Two copies of a transaction without inputs (not valid, but
				// ApplyBlock checks only coins): the second overwrites the
				// first's unspent outputs.
				noIn := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: 5, ScriptPubKey: []byte{0x51}}}}
				b.Txs = append(b.Txs, noIn, noIn)
			}
			_, err := ApplyBlock(cache, b, 6)
			want := ErrMissingCoin
			if at == "overwrite" {
				want = ErrOverwriteUnspent
			}
			if !errors.Is(err, want) {
				t.Fatalf("err %v, want %v", err, want)
			}
			if best, _ := cache.BestBlock(); best != tip {
				t.Fatal("best block moved")
			}
			for op, w := range sim.model {
				got, _, err := cache.AccessCoin(op, nil)
				if err != nil || !coinsEqual(&got, &w) {
					t.Fatalf("coin %v changed: %+v %v", op, got, err)
				}
			}
			if err := cache.Flush(); err != nil {
				t.Fatal(err)
			}
			checkSame(t, "database", dbCoins(t, db), sim.model)
		})
	}
}

func TestUndoRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	u := &BlockUndo{}
	for i := 0; i < 20; i++ {
		var tu TxUndo
		for j := 0; j < 1+rng.IntN(5); j++ {
			c := randomCoin(rng)
			if j == 0 && i == 0 {
				c.Height = 0 // legacy record without version byte
			}
			tu.PrevOuts = append(tu.PrevOuts, c)
		}
		u.Txs = append(u.Txs, tu)
	}
	raw := u.AppendTo(nil)
	back, err := DecodeBlockUndo(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.AppendTo(nil), raw) {
		t.Fatal("re-encoding differs")
	}
	for i := range u.Txs {
		for j := range u.Txs[i].PrevOuts {
			if !coinsEqual(&u.Txs[i].PrevOuts[j], &back.Txs[i].PrevOuts[j]) {
				t.Fatalf("coin %d/%d differs", i, j)
			}
		}
	}
	if u.SerializeSize() != len(raw) {
		t.Fatal("SerializeSize")
	}
	for cut := 0; cut < len(raw); cut += 7 {
		if _, err := DecodeBlockUndo(raw[:cut]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated at %d: %v", cut, err)
		}
	}
	if _, err := DecodeBlockUndo(append(raw, 0)); !errors.Is(err, ErrCorrupt) {
		t.Fatal("trailing byte accepted")
	}
}
