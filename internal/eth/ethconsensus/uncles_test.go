package ethconsensus

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// buildDevChain returns a chain of n+1 dev blocks (genesis first) mined by
// miner 1, and the chain reader holding them.
func buildDevChain(n int) (*testChain, []*ethtypes.Block) {
	chain := newTestChain(&ethparams.ChainConfig{ChainID: 1337})
	g := &ethtypes.Header{UncleHash: ethtypes.EmptyUncleHash, GasLimit: 30_000_000, Time: 1000}
	g.Difficulty.SetUint64(DevDifficulty)
	blocks := []*ethtypes.Block{chain.add(ethtypes.NewBlock(g, nil, nil, nil))}
	for range n {
		h := devChild(blocks[len(blocks)-1].Header, 1, 0)
		blocks = append(blocks, chain.add(ethtypes.NewBlock(h, nil, nil, nil)))
	}
	return chain, blocks
}

// withUncles returns a child of parent including uncles.
func withUncles(parent *ethtypes.Header, uncles ...*ethtypes.Header) *ethtypes.Block {
	h := devChild(parent, 1, 0)
	h.UncleHash = ethtypes.UncleHash(uncles)
	return ethtypes.NewBlock(h, nil, uncles, nil)
}

func TestVerifyUncles(t *testing.T) {
	d := NewDev(DevConfig{})
	chain, blocks := buildDevChain(10) // blocks[0..10]
	head := blocks[10].Header
	// sibling of blocks[k]: a child of blocks[k-1] with another extra.
	sibling := func(k int) *ethtypes.Header { return devChild(blocks[k-1].Header, 2, byte(k)) }

	// An ancestor that already included the uncle sibling(8).
	inc := sibling(8)
	chainInc, blocksInc := buildDevChain(8)
	b9 := chainInc.add(withUncles(blocksInc[8].Header, inc))
	b10 := chainInc.add(ethtypes.NewBlock(devChild(b9.Header, 1, 0), nil, nil, nil))

	badDiff := sibling(9)
	badDiff.Difficulty.SetUint64(2)
	badTime := sibling(9)
	badTime.Time = blocks[8].Header.Time
	orphan := sibling(9)
	orphan.ParentHash = ethtypes.Hash{0xee}

	tests := []struct {
		name   string
		chain  *testChain
		block  *ethtypes.Block
		target error
	}{
		{"no uncles", chain, withUncles(head), nil},
		{"one generation", chain, withUncles(head, sibling(10)), nil},
		{"two uncles", chain, withUncles(head, sibling(10), sibling(9)), nil},
		{"six generations", chain, withUncles(head, sibling(5)), nil},
		{"seven generations", chain, withUncles(head, sibling(4)), ErrDanglingUncle},
		{"too many uncles", chain, withUncles(head, sibling(10), sibling(9), sibling(8)), ErrTooManyUncles},
		{"duplicate in block", chain, withUncles(head, sibling(9), sibling(9)), ErrDuplicateUncle},
		{"included by ancestor", chainInc, withUncles(b10.Header, inc), ErrDuplicateUncle},
		{"uncle is ancestor", chain, withUncles(head, blocks[9].Header), ErrUncleIsAncestor},
		{"sibling of the block", chain, withUncles(head, devChild(head, 2, 7)), ErrDanglingUncle},
		{"unknown parent", chain, withUncles(head, orphan), ErrDanglingUncle},
		{"uncle with bad difficulty", chain, withUncles(head, badDiff), ErrInvalidDifficulty},
		{"uncle with old time", chain, withUncles(head, badTime), ErrOlderBlockTime},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := d.VerifyUncles(tc.chain, tc.block)
			if tc.target == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.target) {
				t.Fatalf("err %v, want %v", err, tc.target)
			}
		})
	}
}

// TestEthashVerifyUnclesSeal: under Ethash an uncle needs a valid seal and
// the difficulty formula.
func TestEthashVerifyUnclesSeal(t *testing.T) {
	e, _ := New(tinyConfig)
	chain, blocks := buildDevChain(3)
	u := devChild(blocks[2].Header, 2, 9)
	b := withUncles(blocks[3].Header, u)
	if err := e.VerifyUncles(chain, b); !errors.Is(err, ErrInvalidDifficulty) {
		t.Fatalf("dev uncle under ethash: %v", err)
	}
}

func TestVerifyHeaderDev(t *testing.T) {
	chain, blocks := buildDevChain(2)
	parent := blocks[2].Header
	now := parent.Time + 10
	hookErr := errors.New("hook")
	var hooked int
	d := NewDev(DevConfig{Now: func() uint64 { return now }, HeaderCheck: func(h, p *ethtypes.Header) error {
		hooked++
		if p != parent && p.Hash() != parent.Hash() {
			return errors.New("wrong parent")
		}
		if len(h.Extra) == 1 && h.Extra[0] == 0xff {
			return hookErr
		}
		return nil
	}})
	mod := func(f func(h *ethtypes.Header)) *ethtypes.Header {
		h := devChild(parent, 1, 0)
		f(h)
		return h
	}
	tests := []struct {
		name   string
		h      *ethtypes.Header
		target error
	}{
		{"valid", devChild(parent, 1, 0), nil},
		{"unknown parent", mod(func(h *ethtypes.Header) { h.ParentHash = ethtypes.Hash{9} }), ErrUnknownAncestor},
		{"genesis", mod(func(h *ethtypes.Header) { h.Number = 0 }), ErrUnknownAncestor},
		{"wrong number", mod(func(h *ethtypes.Header) { h.Number = 2 }), ErrUnknownAncestor},
		{"extra too long", mod(func(h *ethtypes.Header) { h.Extra = make([]byte, 33) }), ErrExtraDataTooLong},
		{"same time", mod(func(h *ethtypes.Header) { h.Time = parent.Time }), ErrOlderBlockTime},
		{"future", mod(func(h *ethtypes.Header) { h.Time = now + DefaultAllowedFutureTime + 1 }), ErrFutureBlock},
		{"difficulty", mod(func(h *ethtypes.Header) { h.Difficulty.SetUint64(131072) }), ErrInvalidDifficulty},
		{"hook", mod(func(h *ethtypes.Header) { h.Extra = []byte{0xff} }), hookErr},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := d.VerifyHeader(chain, tc.h)
			if tc.target == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.target) {
				t.Fatalf("err %v, want %v", err, tc.target)
			}
		})
	}
	if hooked == 0 {
		t.Error("HeaderCheck never called")
	}
	// A header whose number does not follow its parent's.
	h := devChild(parent, 1, 0)
	if err := d.verifyHeader(chain, h, blocks[1].Header, false); !errors.Is(err, ErrOlderBlockTime) && !errors.Is(err, ErrInvalidNumber) {
		t.Errorf("wrong parent: %v", err)
	}
	h.Time = parent.Time + 1
	if err := d.verifyHeader(chain, h, blocks[1].Header, false); !errors.Is(err, ErrInvalidNumber) {
		t.Errorf("wrong number: %v", err)
	}
}
