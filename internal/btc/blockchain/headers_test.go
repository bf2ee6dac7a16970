package blockchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// TestProcessHeaders accepts headers ahead of their blocks: the best header
// moves, the tip waits for the data, and the chain tips say so.
func TestProcessHeaders(t *testing.T) {
	p := chaincfg.RegTest()
	c := openChain(t, p, t.TempDir(), nil)
	blocks := kernelBlocks(t)
	var headers []primitives.Header
	for _, raw := range blocks {
		h, err := primitives.DecodeHeader(raw)
		if err != nil {
			t.Fatal(err)
		}
		headers = append(headers, h)
	}
	if err := c.ProcessHeaders(headers); err != nil {
		t.Fatal(err)
	}
	st := c.BestState()
	if st.Height != 0 || st.BestHeaderHeight != 206 || st.BestHeaderHash.String() != kernelTip {
		t.Fatalf("after headers: %+v", st)
	}
	tips := c.ChainTips()
	if len(tips) != 2 {
		t.Fatalf("tips %+v", tips)
	}
	for _, tip := range tips {
		if tip.Height == 206 && (tip.Status != "headers-only" || tip.BranchLen != 206) {
			t.Errorf("header tip %+v", tip)
		}
	}
	// A header that breaks the difficulty rule is refused.
	bad := headers[0]
	bad.Bits = 0x207ffffe
	for !consensus.CheckProofOfWork(bad.BlockHash(), bad.Bits, p) {
		bad.Nonce++
	}
	if err := c.ProcessHeaders([]primitives.Header{bad}); Reason(err) != "bad-diffbits" {
		t.Errorf("bad header: %v", err)
	}
	processAll(t, c, blocks)
	checkTip(t, c, 206, mustHash(t, kernelTip))
}

// TestAssumeValid skips the scripts of blocks buried more than two weeks of
// work below the best header on the -assumevalid block's chain, as Core
// does, and checks them otherwise.
func TestAssumeValid(t *testing.T) {
	p := chaincfg.RegTest()
	p.CoinbaseMaturity = 1
	g := newTestGen(t, p)
	var blocks []*primitives.Block
	blocks = append(blocks, g.next(0), g.next(0))
	// Block 3 pays to OP_2 OP_EQUAL; block 4 spends it with OP_1, which
	// fails.
	pay := spendTx(49*consensus.COIN, []byte{0x52, 0x87}, g.coinbaseOut(1))
	blocks = append(blocks, g.next(consensus.COIN, pay))
	bad := spendTx(48*consensus.COIN, opTrue, primitives.OutPoint{Hash: pay.TxHash()})
	bad.Inputs[0].ScriptSig = []byte{0x51}
	blocks = append(blocks, g.next(consensus.COIN, bad))
	for range 2100 {
		blocks = append(blocks, g.next(0))
	}
	var headers []primitives.Header
	for _, b := range blocks {
		headers = append(headers, b.Header)
	}
	run := func(assumeValid bool) error {
		c := openChain(t, p, t.TempDir(), func(o *Options) {
			if assumeValid {
				o.AssumeValid = g.tip
			}
		})
		defer closeChain(t, c)
		if err := c.ProcessHeaders(headers); err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			if err := c.ProcessBlock(b); err != nil {
				return err
			}
		}
		checkTip(t, c, int32(len(blocks)), g.tip)
		return nil
	}
	if err := run(false); Reason(err) != "mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)" {
		t.Errorf("without -assumevalid: %v", err)
	}
	if err := run(true); err != nil {
		t.Errorf("with -assumevalid: %v", err)
	}
}
