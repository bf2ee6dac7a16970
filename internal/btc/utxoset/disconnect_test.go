package utxoset

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// disconnectSetup connects one block spending two outputs of a funding
// transaction held in the database and returns the pieces.
func disconnectSetup(t *testing.T, fundingOuts int) (*Cache, *primitives.Block, *BlockUndo, primitives.OutPoint, primitives.OutPoint, map[primitives.OutPoint]primitives.Coin) {
	t.Helper()
	db, _ := newTestDB(t, DBOptions{})
	c := NewCache(db, 0)
	fund := hashOf(500)
	before := map[primitives.OutPoint]primitives.Coin{}
	for i := 0; i < fundingOuts; i++ {
		op := primitives.OutPoint{Hash: fund, Index: uint32(i)}
		coin := primitives.Coin{Out: primitives.TxOut{Value: int64(1000 + i), ScriptPubKey: []byte{0x51, byte(i)}}, Height: 7, IsCoinBase: true}
		if err := c.AddCoin(op, &coin, false); err != nil {
			t.Fatal(err)
		}
		before[op] = coin
	}
	c.SetBestBlock(hashOf(7))
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	in0, in1 := primitives.OutPoint{Hash: fund, Index: 0}, primitives.OutPoint{Hash: fund, Index: 1}
	b := &primitives.Block{Header: primitives.Header{PrevBlock: hashOf(7)}, Txs: []*primitives.Tx{
		{Version: 1, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 8}}},
			Outputs: []primitives.TxOut{{Value: 50, ScriptPubKey: []byte{0x52}}}},
		{Version: 2, Inputs: []primitives.TxIn{{PrevOut: in0}, {PrevOut: in1}},
			Outputs: []primitives.TxOut{{Value: 2000, ScriptPubKey: []byte{0x53}}, {Value: 0, ScriptPubKey: []byte{0x6a}}}},
	}}
	undo, err := ApplyBlock(c, b, 8)
	if err != nil {
		t.Fatal(err)
	}
	return c, b, undo, in0, in1, before
}

func cacheMatches(t *testing.T, c *Cache, want map[primitives.OutPoint]primitives.Coin, gone []primitives.OutPoint) {
	t.Helper()
	for op, w := range want {
		got, _, err := c.AccessCoin(op, nil)
		if err != nil || !coinsEqual(&got, &w) {
			t.Fatalf("coin %v: %+v %v, want %+v", op, got, err, w)
		}
	}
	for _, op := range gone {
		if ok, _ := c.HaveCoin(op); ok {
			t.Fatalf("coin %v still present", op)
		}
	}
}

func TestDisconnectBlockResults(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		c, b, undo, _, _, before := disconnectSetup(t, 3)
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectOK || err != nil {
			t.Fatal(res, err)
		}
		cacheMatches(t, c, before, []primitives.OutPoint{{Hash: b.TxHashes()[1]}, {Hash: b.TxHashes()[0]}})
		if best, _ := c.BestBlock(); best != hashOf(7) {
			t.Fatal("best block")
		}
	})
	t.Run("output already gone", func(t *testing.T) {
		c, b, undo, _, _, before := disconnectSetup(t, 3)
		if _, _, err := c.SpendCoin(primitives.OutPoint{Hash: b.TxHashes()[1]}, nil); err != nil {
			t.Fatal(err)
		}
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectUnclean || err != nil {
			t.Fatal(res, err)
		}
		cacheMatches(t, c, before, nil)
	})
	t.Run("output differs", func(t *testing.T) {
		c, b, undo, _, _, before := disconnectSetup(t, 3)
		res, err := DisconnectBlock(c, b, undo, 9) // wrong height
		if res != DisconnectUnclean || err != nil {
			t.Fatal(res, err)
		}
		cacheMatches(t, c, before, nil)
	})
	t.Run("restored coin already present", func(t *testing.T) {
		c, b, undo, in0, _, before := disconnectSetup(t, 3)
		w := before[in0]
		if err := c.AddCoin(in0, &w, true); err != nil {
			t.Fatal(err)
		}
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectUnclean || err != nil {
			t.Fatal(res, err)
		}
		cacheMatches(t, c, before, nil)
	})
	t.Run("undo record count", func(t *testing.T) {
		c, b, _, _, _, _ := disconnectSetup(t, 3)
		res, err := DisconnectBlock(c, b, &BlockUndo{}, 8)
		if res != DisconnectFailed || !errors.Is(err, ErrUndoMismatch) {
			t.Fatal(res, err)
		}
	})
	t.Run("undo coin count", func(t *testing.T) {
		c, b, undo, _, _, _ := disconnectSetup(t, 3)
		undo.Txs[0].PrevOuts = undo.Txs[0].PrevOuts[:1]
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectFailed || !errors.Is(err, ErrUndoMismatch) {
			t.Fatal(res, err)
		}
	})
	t.Run("legacy undo without height", func(t *testing.T) {
		// Output 2 of the funding transaction is still unspent: the
		// height and coinbase flag come from it.
		c, b, undo, _, _, before := disconnectSetup(t, 3)
		undo.Txs[0].PrevOuts[0].Height, undo.Txs[0].PrevOuts[0].IsCoinBase = 0, false
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectOK || err != nil {
			t.Fatal(res, err)
		}
		cacheMatches(t, c, before, nil)
	})
	t.Run("legacy undo without height or sibling", func(t *testing.T) {
		c, b, undo, _, _, _ := disconnectSetup(t, 2)
		undo.Txs[0].PrevOuts[1].Height = 0
		res, err := DisconnectBlock(c, b, undo, 8)
		if res != DisconnectFailed || !errors.Is(err, ErrUndoMismatch) {
			t.Fatal(res, err)
		}
	})
	if DisconnectOK.String() != "DISCONNECT_OK" || DisconnectUnclean.String() != "DISCONNECT_UNCLEAN" || DisconnectFailed.String() != "DISCONNECT_FAILED" {
		t.Fatal("names")
	}
}

func TestApplyBlockRejectsMalformed(t *testing.T) {
	db, _ := newTestDB(t, DBOptions{})
	c := NewCache(db, 0)
	cb := &primitives.Tx{Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}}}, Outputs: []primitives.TxOut{{Value: 1, ScriptPubKey: []byte{0x51}}}}
	plain := &primitives.Tx{Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: hashOf(1)}}}}
	for name, txs := range map[string][]*primitives.Tx{
		"empty":           nil,
		"no coinbase":     {plain},
		"second coinbase": {cb, cb},
	} {
		if _, err := ApplyBlock(c, &primitives.Block{Txs: txs}, 1); !errors.Is(err, ErrBadBlock) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if c.Len() != 0 {
		t.Fatal("cache changed")
	}
}

// TestReplayErrors checks ReplayBlocks' refusals.
func TestReplayErrors(t *testing.T) {
	store, sc, failed := runCrash(t, 1, false, 3)
	if !failed {
		t.Fatal("no crash")
	}
	db, _ := OpenDB(store, DBOptions{})
	empty := newMemSource()
	if _, err := ReplayBlocks(db, empty); !errors.Is(err, ErrReplay) {
		t.Fatalf("unknown target: %v", err)
	}
	partial := newMemSource()
	partial.heights[sc.finalTip] = sc.src.heights[sc.finalTip]
	if _, err := ReplayBlocks(db, partial); !errors.Is(err, ErrReplay) {
		t.Fatalf("unknown origin: %v", err)
	}
}
