package blockchain

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TestInvalidBlocks submits a block for each class of consensus violation
// and checks the kind, Core's reason, that the tip does not move, that a
// block failing in ConnectBlock is marked invalid for good, and that the
// data directory restarts to the same tip and UTXO set.
func TestInvalidBlocks(t *testing.T) {
	p := chaincfg.RegTest()
	dir := t.TempDir()
	c := openChain(t, p, dir, nil)
	g := newTestGen(t, p)
	g.extend(c, 105)

	// Outputs the cases spend: a P2SH-free "OP_2 OP_EQUAL" output, and a
	// plain transaction whose replay violates BIP30.
	failScript := []byte{0x52, 0x87}
	toFail := spendTx(49*consensus.COIN, failScript, g.coinbaseOut(1))
	replayed := spendTx(49*consensus.COIN, opTrue, g.coinbaseOut(2))
	if err := c.ProcessBlock(g.next(2*consensus.COIN, toFail, replayed)); err != nil {
		t.Fatal(err)
	}
	failOut := primitives.OutPoint{Hash: toFail.TxHash(), Index: 0}
	tipHash, tipHeight := g.tip, g.height
	wantUTXO, _ := utxoHash(t, c)

	coin := func(h int32) primitives.OutPoint { return g.coinbaseOut(h) }
	var badCbAmount *primitives.Block

	cases := []struct {
		name   string
		block  func() *primitives.Block
		kind   error
		reason string
		// marked: the block is stored and marked invalid afterwards.
		marked bool
	}{
		{"high-hash", func() *primitives.Block {
			b := g.block(0, nil)
			g.unmine(b)
			return b
		}, consensus.ErrHighHash, "high-hash", false},
		{"bad-diffbits", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.Bits = 0x207ffffe })
		}, consensus.ErrBadDiffBits, "bad-diffbits", false},
		{"time-too-old", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.Timestamp = g.times[len(g.times)-6] })
		}, consensus.ErrTimeTooOld, "time-too-old", false},
		{"time-too-new", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.Timestamp = uint32(time.Now().Add(3 * time.Hour).Unix()) })
		}, consensus.ErrTimeTooNew, "time-too-new", false},
		{"bad-version", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.Version = 1 })
		}, consensus.ErrBadVersion, "bad-version(0x00000001)", false},
		{"bad-blk-length", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Txs = nil })
		}, consensus.ErrBadBlkLength, "bad-blk-length", false},
		{"bad-cb-missing", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Txs = []*primitives.Tx{spendTx(1, opTrue, coin(3))} })
		}, consensus.ErrBadCbMissing, "bad-cb-missing", false},
		{"bad-cb-multiple", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Txs = append(b.Txs, coinbaseTx(g.height+1, 1)) })
		}, consensus.ErrBadCbMultiple, "bad-cb-multiple", false},
		{"bad-cb-length", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Txs[0].Inputs[0].ScriptSig = make([]byte, 101) })
		}, consensus.ErrBadCbLength, "bad-cb-length", false},
		{"bad-txns-vout-empty", func() *primitives.Block {
			tx := spendTx(0, nil, coin(3))
			tx.Outputs = nil
			return g.block(0, nil, tx)
		}, consensus.ErrBadTxnsVoutEmpty, "bad-txns-vout-empty", false},
		{"bad-txns-inputs-duplicate", func() *primitives.Block {
			return g.block(0, nil, spendTx(1, opTrue, coin(3), coin(3)))
		}, consensus.ErrBadTxnsInputsDuplicate, "bad-txns-inputs-duplicate", false},
		{"bad-blk-sigops", func() *primitives.Block {
			return g.block(0, nil, spendTx(1, bytes.Repeat([]byte{0xac}, 20_001), coin(3)))
		}, consensus.ErrBadBlkSigops, "bad-blk-sigops", false},
		{"bad-txns-duplicate", func() *primitives.Block {
			tx := spendTx(1, opTrue, coin(3))
			return g.block(0, nil, spendTx(1, opTrue, coin(4)), tx, tx)
		}, consensus.ErrBadTxnsDuplicate, "bad-txns-duplicate", false},
		{"bad-txnmrklroot", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.MerkleRoot[0] ^= 1 })
		}, consensus.ErrBadTxnMrklRoot, "bad-txnmrklroot", false},
		{"unexpected-witness", func() *primitives.Block {
			tx := spendTx(1, opTrue, coin(3))
			tx.Inputs[0].Witness = [][]byte{{1}}
			return g.block(0, nil, tx)
		}, consensus.ErrUnexpectedWitness, "unexpected-witness", false},
		{"bad-cb-height", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) {
				b.Txs[0].Inputs[0].ScriptSig = append(heightPush(g.height+2), 0, 0)
			})
		}, consensus.ErrBadCbHeight, "bad-cb-height", true},
		{"bad-txns-nonfinal", func() *primitives.Block {
			tx := spendTx(1, opTrue, coin(3))
			tx.LockTime = uint32(g.height + 10)
			tx.Inputs[0].Sequence = 0
			return g.block(0, nil, tx)
		}, consensus.ErrBadTxnsNonFinal, "bad-txns-nonfinal", true},
		{"bad-txns-BIP30", func() *primitives.Block {
			return g.block(0, nil, replayed)
		}, consensus.ErrBadTxnsBIP30, "bad-txns-BIP30", true},
		{"bad-txns-inputs-missingorspent", func() *primitives.Block {
			return g.block(0, nil, spendTx(1, opTrue, primitives.OutPoint{Hash: chainhash.Hash{1}, Index: 0}))
		}, consensus.ErrBadTxnsInputsMissingOrSpent, "bad-txns-inputs-missingorspent", true},
		{"bad-txns-premature-spend-of-coinbase", func() *primitives.Block {
			return g.block(0, nil, spendTx(1, opTrue, coin(g.height-5)))
		}, consensus.ErrBadTxnsPrematureSpendOfCoinbase, "bad-txns-premature-spend-of-coinbase", true},
		{"bad-txns-in-belowout", func() *primitives.Block {
			return g.block(0, nil, spendTx(51*consensus.COIN, opTrue, coin(3)))
		}, consensus.ErrBadTxnsInBelowOut, "bad-txns-in-belowout", true},
		{"bad-cb-amount", func() *primitives.Block {
			badCbAmount = g.block(0, func(b *primitives.Block) { b.Txs[0].Outputs[0].Value++ })
			return badCbAmount
		}, consensus.ErrBadCbAmount, "bad-cb-amount", true},
		{"mandatory-script-verify-flag-failed", func() *primitives.Block {
			tx := spendTx(48*consensus.COIN, opTrue, failOut)
			tx.Inputs[0].ScriptSig = []byte{0x51}
			return g.block(consensus.COIN, nil, tx)
		}, txscript.ErrEvalFalse,
			"mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)", true},
		{"duplicate", func() *primitives.Block { return badCbAmount }, ErrDuplicate, "duplicate", true},
		{"bad-prevblk", func() *primitives.Block {
			g2 := g.fork(g.tip, g.height)
			g2.advance(badCbAmount)
			return g2.block(0, nil)
		}, ErrBadPrevBlock, "bad-prevblk", false},
		{"prev-blk-not-found", func() *primitives.Block {
			return g.block(0, func(b *primitives.Block) { b.Header.PrevBlock = chainhash.Hash{7} })
		}, ErrPrevBlockNotFound, "prev-blk-not-found", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.block()
			err := c.ProcessBlock(b)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
			if got := Reason(err); got != tc.reason {
				t.Errorf("reason %q, want %q", got, tc.reason)
			}
			var re *RuleError
			if errors.As(err, &re) && re.Hash != b.BlockHash() {
				t.Errorf("error names block %s, want %s", re.Hash, b.BlockHash())
			}
			checkTip(t, c, tipHeight, tipHash)
			info, ierr := c.BlockInfo(b.BlockHash())
			marked := ierr == nil && info.Status&blockstore.BlockFailedValid != 0
			if marked != tc.marked {
				t.Errorf("marked invalid: %v, want %v (status %v, %v)", marked, tc.marked, info.Status, ierr)
			}
		})
	}

	// The body of a valid block was mutated in transit: the block keeps
	// its header, so the real one is still accepted afterwards.
	good := g.block(0, nil, spendTx(49*consensus.COIN, opTrue, coin(4)))
	mutated := &primitives.Block{Header: good.Header, Txs: append([]*primitives.Tx{}, good.Txs...)}
	mutated.Txs = append(mutated.Txs, spendTx(1, opTrue, coin(5)))
	if err := c.ProcessBlock(mutated); !errors.Is(err, consensus.ErrBadTxnMrklRoot) {
		t.Fatalf("mutated block: %v", err)
	}
	if got, _ := utxoHash(t, c); got != wantUTXO {
		t.Errorf("UTXO set changed by rejected blocks")
	}
	closeChain(t, c)

	// Restart: same tip and coins; the good block then connects.
	c = openChain(t, p, dir, nil)
	checkTip(t, c, tipHeight, tipHash)
	if got, _ := utxoHash(t, c); got != wantUTXO {
		t.Errorf("UTXO set after restart differs")
	}
	if err := c.ProcessBlock(badCbAmount); !errors.Is(err, ErrDuplicate) {
		t.Errorf("invalid block after restart: %v, want duplicate", err)
	}
	if err := c.ProcessBlock(good); err != nil {
		t.Fatalf("good block: %v", err)
	}
	checkTip(t, c, tipHeight+1, good.BlockHash())
}
