package blockchain

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
)

// TestTestBlockValidity checks a valid block without connecting it, every
// class of invalid block of the generator with the reason ProcessBlock
// gives, the PoW and merkle switches and a block off the tip, and that
// none of this leaves a trace in the chain.
func TestTestBlockValidity(t *testing.T) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 11, Blocks: 115, TxsPerBlock: 6, Invalid: true})
	if err != nil {
		t.Fatal(err)
	}
	p := gen.Params
	c := openChain(t, p, t.TempDir(), nil)
	last := len(gen.Blocks) - 1
	for i, b := range gen.Blocks[:last] {
		if err := c.ProcessBlock(b); err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
	}
	var notified atomic.Int32
	unsub := c.Subscribe(func(Notification) { notified.Add(1) })
	defer unsub()

	// untouched fails unless the tip, the UTXO set and the index are as
	// before and nothing was notified.
	tipHash, tipHeight := c.BestHash(), c.BestHeight()
	wantUTXO, _ := utxoHash(t, c)
	untouched := func(t *testing.T, b *primitives.Block) {
		t.Helper()
		checkTip(t, c, tipHeight, tipHash)
		if _, err := c.BlockInfo(b.BlockHash()); !errors.Is(err, ErrNotFound) {
			t.Errorf("the tested block is in the index (%v)", err)
		}
		if n := notified.Load(); n != 0 {
			t.Errorf("%d notifications", n)
		}
	}

	next := gen.Blocks[last]
	t.Run("valid", func(t *testing.T) {
		if err := c.TestBlockValidity(next, true, true); err != nil {
			t.Fatalf("valid block: %v", err)
		}
		untouched(t, next)
	})
	t.Run("unsolved", func(t *testing.T) {
		b := &primitives.Block{Header: next.Header, Txs: next.Txs}
		for consensus.CheckProofOfWork(b.BlockHash(), b.Header.Bits, p) {
			b.Header.Nonce++
		}
		if err := c.TestBlockValidity(b, false, true); err != nil {
			t.Errorf("checkPoW=false: %v", err)
		}
		err := c.TestBlockValidity(b, true, true)
		if !errors.Is(err, consensus.ErrHighHash) || Reason(err) != "high-hash" {
			t.Errorf("checkPoW=true: %v (reason %q), want high-hash", err, Reason(err))
		}
		untouched(t, b)
	})
	t.Run("not-on-tip", func(t *testing.T) {
		old := gen.Blocks[last-1] // connected already; its parent is not the tip
		err := c.TestBlockValidity(old, true, true)
		if !errors.Is(err, ErrNotBestPrevBlock) || Reason(err) != "inconclusive-not-best-prevblk" || !IsRuleError(err) {
			t.Errorf("%v (reason %q), want inconclusive-not-best-prevblk", err, Reason(err))
		}
	})
	if got, _ := utxoHash(t, c); got != wantUTXO {
		t.Fatal("the UTXO set changed")
	}

	if err := c.ProcessBlock(next); err != nil {
		t.Fatalf("the tested block does not connect: %v", err)
	}
	unsub()
	notified.Store(0)
	unsub = c.Subscribe(func(Notification) { notified.Add(1) })
	tipHash, tipHeight = c.BestHash(), c.BestHeight()
	wantUTXO, _ = utxoHash(t, c)

	seen := map[string]bool{}
	for _, inv := range gen.Invalid {
		t.Run(inv.Name, func(t *testing.T) {
			err := c.TestBlockValidity(inv.Block, true, true)
			if !errors.Is(err, inv.Err) || Reason(err) != inv.Reason || !IsRuleError(err) {
				t.Fatalf("%v (reason %q), want kind %v reason %q", err, Reason(err), inv.Err, inv.Reason)
			}
			seen[inv.Reason] = true
			untouched(t, inv.Block)
			switch inv.Name {
			case "bad-pow":
				if err := c.TestBlockValidity(inv.Block, false, true); err != nil {
					t.Errorf("checkPoW=false: %v", err)
				}
			case "bad-merkle-root":
				if err := c.TestBlockValidity(inv.Block, true, false); err != nil {
					t.Errorf("checkMerkle=false: %v", err)
				}
			}
		})
	}
	for _, r := range []string{"high-hash", "bad-txnmrklroot", "bad-txns-inputs-missingorspent", "bad-cb-amount"} {
		if !seen[r] {
			t.Errorf("no invalid block was rejected with %q", r)
		}
	}
	sig := false
	for r := range seen {
		if strings.HasPrefix(r, string(ErrScriptVerifyFailed)+" (") {
			sig = true
		}
	}
	if !sig {
		t.Error("no block failed with mandatory-script-verify-flag-failed (...)")
	}
	if got, _ := utxoHash(t, c); got != wantUTXO {
		t.Fatal("the UTXO set changed")
	}
	// ProcessBlock agrees with TestBlockValidity on every invalid block.
	for _, inv := range gen.Invalid {
		want := c.TestBlockValidity(inv.Block, true, true)
		if err := c.ProcessBlock(inv.Block); Reason(err) != Reason(want) {
			t.Errorf("%s: ProcessBlock %q, TestBlockValidity %q", inv.Name, Reason(err), Reason(want))
		}
	}
	unsub()
}

// TestTestBlockValidityConcurrent runs TestBlockValidity from several
// goroutines while blocks are processed.
func TestTestBlockValidityConcurrent(t *testing.T) {
	p := chaincfg.RegTest()
	c := openChain(t, p, t.TempDir(), nil)
	g := newTestGen(t, p)
	g.extend(c, 5)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				tip := c.BestState()
				b := &primitives.Block{Header: primitives.Header{Version: 0x20000000, PrevBlock: tip.Hash, Timestamp: uint32(tip.Time.Unix()) + 1, Bits: p.PowLimitBits},
					Txs: []*primitives.Tx{coinbaseTx(tip.Height+1, consensus.GetBlockSubsidy(tip.Height+1, p))}}
				b.Header.MerkleRoot, _ = primitives.ComputeMerkleRoot(b.TxHashes())
				err := c.TestBlockValidity(b, false, true)
				// The tip may move between BestState and the check.
				if err != nil && !errors.Is(err, ErrNotBestPrevBlock) {
					t.Errorf("template on %d: %v", tip.Height, err)
				}
			}
		}()
	}
	g.extend(c, 20)
	wg.Wait()
	if st, _, err := c.UTXOStats(utxoset.HashNone); err != nil || st.BestBlock != g.tip {
		t.Fatalf("UTXO set at %v (%v), want %s", st, err, g.tip)
	}
}

// BenchmarkTestBlockValidity checks a block of 48 signed transactions on
// top of a 120-block chain, as generateblock does before solving it. The
// signature cache is filled by the first check (as in Core), so the loop
// measures the checks and the UTXO view rather than the signatures.
func BenchmarkTestBlockValidity(b *testing.B) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 5, Blocks: 120, TxsPerBlock: 48})
	if err != nil {
		b.Fatal(err)
	}
	c := openChain(b, gen.Params, b.TempDir(), nil)
	last := len(gen.Blocks) - 1
	for _, blk := range gen.Blocks[:last] {
		if err := c.ProcessBlock(blk); err != nil {
			b.Fatal(err)
		}
	}
	next := gen.Blocks[last]
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := c.TestBlockValidity(next, false, false); err != nil {
			b.Fatal(err)
		}
	}
}
