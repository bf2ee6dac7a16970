package mining

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestGenerateRegtest(t *testing.T) {
	n := newNode(t, nil)
	hashes := n.mine(3)
	if len(hashes) != 3 || n.chain.BestHeight() != 3 || n.chain.BestHash() != hashes[2] {
		t.Fatalf("height %d, hashes %v", n.chain.BestHeight(), hashes)
	}
	blk, err := n.chain.BlockByHeight(3)
	if err != nil {
		t.Fatal(err)
	}
	cb := blk.Txs[0]
	if err := consensus.CheckCoinbaseHeight(cb, 3); err != nil {
		t.Fatal(err)
	}
	if blk.Header.Version != VersionBitsTopBits || blk.Header.Bits != 0x207fffff {
		t.Fatalf("header %+v", blk.Header)
	}
	// Core's coinbase: height then OP_0, non-final sequence, lock time
	// height-1.
	if in := cb.Inputs[0]; string(in.ScriptSig) != "\x53\x00" || in.Sequence != 0xfffffffe || cb.LockTime != 2 || cb.Version != 2 {
		t.Fatalf("coinbase %x seq %x locktime %d", in.ScriptSig, in.Sequence, cb.LockTime)
	}
	if primitives.WitnessCommitmentIndex(cb) < 0 || cb.Outputs[0].Value != 50_0000_0000 {
		t.Fatalf("coinbase outputs %+v", cb.Outputs)
	}
	// maxTries: a single try rarely solves regtest's target of 1/2; with
	// zero tries left the error says so.
	_, err = n.gen.Generate(context.Background(), 50, n.dest.ScriptPubKey, 3)
	if !errors.Is(err, ErrNoSolution) {
		t.Fatalf("want ErrNoSolution, got %v", err)
	}
}

// TestTemplateFromPool fills a pool with a mix of packages, checks CPFP and
// the ordering, and mines the template through full validation.
func TestTemplateFromPool(t *testing.T) {
	n := newNode(t, nil)
	n.mine(110)
	// Coinbases of heights 1..10 are mature.
	var lowParent, highChild, rich *primitives.Tx
	{
		op, prev := n.coinbaseCoin(1)
		// Parent pays 1 sat/vB (about 110 sats), child 100 sat/vB.
		lowParent = n.spend([]primitives.OutPoint{op}, []primitives.TxOut{prev}, prev.Value-111)
		n.accept(lowParent)
		op2, prev2 := out(lowParent, 0)
		highChild = n.spend([]primitives.OutPoint{op2}, []primitives.TxOut{prev2}, prev2.Value-20_000)
		n.accept(highChild)
	}
	{
		op, prev := n.coinbaseCoin(2)
		rich = n.spend([]primitives.OutPoint{op}, []primitives.TxOut{prev}, prev.Value-5_000)
		n.accept(rich)
	}
	var lone *primitives.Tx
	{
		// 2 sat/vB, no child: it sorts after the CPFP package.
		op, prev := n.coinbaseCoin(3)
		lone = n.spend([]primitives.OutPoint{op}, []primitives.TxOut{prev}, prev.Value-230)
		n.accept(lone)
	}
	tmpl, err := n.gen.NewTemplate(n.dest.ScriptPubKey)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]chainhash.Hash, 0, len(tmpl.Block.Txs))
	for _, tx := range tmpl.Block.Txs[1:] {
		got = append(got, tx.TxHash())
	}
	// Package rate of parent+child: (111+20000)/(~110+~110) ≈ 91 sat/vB,
	// below rich's ≈45? No: rich pays 5000/110 ≈ 45 sat/vB; the package
	// ≈ 91 goes first.
	want := []chainhash.Hash{lowParent.TxHash(), highChild.TxHash(), rich.TxHash(), lone.TxHash()}
	if !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	if tmpl.TotalFees != 111+20_000+5_000+230 || tmpl.CoinbaseValue != 50_0000_0000+tmpl.TotalFees || tmpl.Fees[0] != -tmpl.TotalFees {
		t.Fatalf("fees %d value %d", tmpl.TotalFees, tmpl.CoinbaseValue)
	}
	if !slices.Equal(tmpl.Depends[2], []int{1}) || len(tmpl.Depends[1]) != 0 {
		t.Fatalf("depends %v", tmpl.Depends)
	}
	if tmpl.Weight != int64(tmpl.Block.Weight()) || tmpl.Height != 111 {
		t.Fatalf("weight %d height %d", tmpl.Weight, tmpl.Height)
	}
	blk, ok, _, err := tmpl.Solve(context.Background(), 0)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := n.chain.ProcessBlock(blk); err != nil {
		t.Fatalf("template block rejected: %v", err)
	}
	if n.chain.BestHash() != blk.Header.BlockHash() || n.pool.Count() != 0 {
		t.Fatalf("tip %v, pool %d", n.chain.BestHash(), n.pool.Count())
	}
}

func TestPrioritisedTemplate(t *testing.T) {
	n := newNode(t, nil)
	n.mine(101)
	op, prev := n.coinbaseCoin(1)
	// A zero-fee transaction admitted through a delta, but the delta is
	// what the block's min fee looks at, while the coinbase gets base fees.
	tx := n.spend([]primitives.OutPoint{op}, []primitives.TxOut{prev}, prev.Value)
	n.pool.PrioritiseTransaction(tx.TxHash(), 10_000)
	n.accept(tx)
	tmpl, err := n.gen.NewTemplate(n.dest.ScriptPubKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(tmpl.Block.Txs) != 2 || tmpl.TotalFees != 0 {
		t.Fatalf("txs %d fees %d", len(tmpl.Block.Txs), tmpl.TotalFees)
	}
	n.pool.PrioritiseTransaction(tx.TxHash(), -20_000)
	tmpl, _ = n.gen.NewTemplate(n.dest.ScriptPubKey)
	if len(tmpl.Block.Txs) != 1 {
		t.Fatal("negative modified fee was mined")
	}
	hashes := n.mine(1)
	blk, _ := n.chain.BlockByHash(hashes[0])
	if len(blk.Txs) != 1 || n.pool.Count() != 1 {
		t.Fatal("generated block differs from its template")
	}
}
