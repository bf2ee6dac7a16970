package ethconsensus

import (
	"context"
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

func TestVerifyHeadersBatch(t *testing.T) {
	d := NewDev(DevConfig{})
	chain, blocks := buildDevChain(1)
	// A batch of 20 headers on top of blocks[1], not in the chain.
	batch := make([]*ethtypes.Header, 20)
	parent := blocks[1].Header
	for i := range batch {
		batch[i] = devChild(parent, 1, 0)
		parent = batch[i]
	}
	for i, err := range d.VerifyHeaders(context.Background(), chain, batch) {
		if err != nil {
			t.Fatalf("header %d: %v", i, err)
		}
	}
	if errs := d.VerifyHeaders(context.Background(), chain, nil); len(errs) != 0 {
		t.Fatal("errors for an empty batch")
	}

	// Break header 5 (difficulty) and header 12's link.
	broken := append([]*ethtypes.Header{}, batch...)
	b5 := *batch[5]
	b5.Difficulty.SetUint64(3)
	broken[5] = &b5
	b12 := *batch[12]
	b12.ParentHash = ethtypes.Hash{7}
	broken[12] = &b12
	errs := d.VerifyHeaders(context.Background(), chain, broken)
	for i, err := range errs {
		var want error
		switch i {
		case 5:
			want = ErrInvalidDifficulty
		case 6, 12, 13: // 6 and 13 no longer link to their predecessor
			want = ErrUnknownAncestor
		}
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("header %d: %v, want %v", i, err, want)
		}
	}
	// The first header's parent must be in the chain.
	if errs := d.VerifyHeaders(context.Background(), chain, batch[1:]); !errors.Is(errs[0], ErrUnknownAncestor) {
		t.Errorf("detached batch: %v", errs[0])
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i, err := range d.VerifyHeaders(ctx, chain, batch) {
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("header %d after cancel: %v", i, err)
		}
	}
}

// TestFakeSealChain builds an Ethash chain with the real difficulty
// formula and fake seals, and checks headers, a parallel batch and uncles
// under Ethash's rules.
func TestFakeSealChain(t *testing.T) {
	cfg := tinyConfig
	cfg.FakeSeal = true
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	chain := newTestChain(forkConfig(t, "GrayGlacier"))
	g := &ethtypes.Header{UncleHash: ethtypes.EmptyUncleHash, GasLimit: 30_000_000, Time: 1000}
	g.Difficulty.SetUint64(1 << 20)
	chain.add(ethtypes.NewBlock(g, nil, nil, nil))
	child := func(parent *ethtypes.Header, dt uint64, tag byte) *ethtypes.Header {
		h := &ethtypes.Header{ParentHash: parent.Hash(), UncleHash: ethtypes.EmptyUncleHash, Number: parent.Number + 1,
			GasLimit: parent.GasLimit, Time: parent.Time + dt, Extra: []byte{tag}, Coinbase: ethtypes.Address{tag}}
		if err := e.Prepare(chain, h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	headers := []*ethtypes.Header{g}
	for i := range 8 {
		h := child(headers[len(headers)-1], uint64(3+i*4), 0)
		b, err := e.Seal(context.Background(), ethtypes.NewBlock(h, nil, nil, nil))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.VerifyHeader(chain, b.Header); err != nil {
			t.Fatalf("header %d: %v", h.Number, err)
		}
		headers = append(headers, chain.add(b).Header)
	}
	for i, err := range e.VerifyHeaders(context.Background(), chain, headers[1:]) {
		if err != nil {
			t.Fatalf("batch header %d: %v", i+1, err)
		}
	}
	// Difficulty moved with block times: fast blocks raise it, slow lower it.
	if !headers[1].Difficulty.Gt(&g.Difficulty) || !headers[8].Difficulty.Lt(&headers[7].Difficulty) {
		t.Errorf("difficulties %s, %s, %s", headers[1].Difficulty.Dec(), headers[7].Difficulty.Dec(), headers[8].Difficulty.Dec())
	}

	head := headers[8]
	uncle := child(headers[6], 5, 9) // sibling of headers[7]
	mk := func(uncles ...*ethtypes.Header) *ethtypes.Block {
		h := child(head, 10, 0)
		h.UncleHash = ethtypes.UncleHash(uncles)
		return ethtypes.NewBlock(h, nil, uncles, nil)
	}
	if err := e.VerifyUncles(chain, mk(uncle)); err != nil {
		t.Fatalf("valid uncle: %v", err)
	}
	bad := *uncle
	bad.Difficulty.AddUint64(&bad.Difficulty, 1)
	if err := e.VerifyUncles(chain, mk(&bad)); !errors.Is(err, ErrInvalidDifficulty) {
		t.Errorf("uncle difficulty: %v", err)
	}
	// Rewards of the block with its uncle (Constantinople's 2 ether).
	st := memState{}
	blk := mk(uncle)
	e.Finalize(chain, blk.Header, st, blk.Uncles)
	if got := st[uncle.Coinbase].Dec(); got != "1500000000000000000" { // 6/8 of 2 ether
		t.Errorf("uncle reward %s", got)
	}
	if got := st[blk.Header.Coinbase].Dec(); got != "2062500000000000000" {
		t.Errorf("miner reward %s", got)
	}
}
