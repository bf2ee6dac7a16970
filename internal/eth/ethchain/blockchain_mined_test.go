package ethchain

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// TestBlockChainInsertMined stores blocks with the state their builder
// computed (no second execution), checks what it stores, rejects
// receipts that do not match the header, and falls back to executing
// the block for a state the chain did not open.
func TestBlockChainInsertMined(t *testing.T) {
	db := memdb.New()
	bc := newTestChain(t, db, nil)
	g := newBlockGen(t, bc)
	coinbase := ethtypes.Address{0xa}

	b1, rs1, st1 := g.makeWithState(bc.Genesis(), coinbase, 3, nil)
	if err := bc.InsertMined(b1, rs1, st1); err != nil {
		t.Fatal(err)
	}
	if bc.CurrentBlock().Hash() != b1.Hash() {
		t.Fatal("mined block is not the head")
	}
	if rs, ok := bc.GetReceipts(b1.Hash()); !ok || len(rs) != 3 || rs[0].BlockHash != b1.Hash() {
		t.Fatalf("receipts of the mined block: %v %d", ok, len(rs))
	}
	sdb, err := bc.StateAt(b1.Header.Root)
	if err != nil {
		t.Fatal(err)
	}
	if bal := sdb.GetBalance(ethtypes.Address{0xee, 0, 0, byte(g.salt)}); bal.Uint64() != 1 {
		t.Fatalf("recipient balance %s, want 1", bal.Dec())
	}
	// Its state is complete: a block executed on it inserts.
	b2 := g.chain(b1, coinbase, 1, 2)[0]

	// Receipts that do not add up to the header's gas used.
	b3, rs3, st3 := g.makeWithState(b2, coinbase, 2, nil)
	if err := bc.InsertMined(b3, rs3[:1], st3); !errors.Is(err, ErrGasUsedMismatch) {
		t.Fatalf("short receipts: %v, want %v", err, ErrGasUsedMismatch)
	}
	if bc.CurrentBlock().Hash() != b2.Hash() {
		t.Fatal("rejected block moved the head")
	}

	// A state the chain did not open: the block is executed.
	other, err := statedb.New(ethtypes.Hash{}, statedb.NewMemoryDatabase())
	if err != nil {
		t.Fatal(err)
	}
	if err := bc.InsertMined(b3, rs3, other); err != nil {
		t.Fatal(err)
	}
	// A state opened on another root than the parent's: executed too.
	b4, rs4, _ := g.makeWithState(b3, coinbase, 2, nil)
	wrong, err := bc.StateAt(b1.Header.Root)
	if err != nil {
		t.Fatal(err)
	}
	if err := bc.InsertMined(b4, rs4, wrong); err != nil {
		t.Fatal(err)
	}
	if bc.CurrentBlock().Hash() != b4.Hash() {
		t.Fatal("head is not the last block")
	}
	// Known block.
	if err := bc.InsertMined(b4, rs4, wrong); !errors.Is(err, ErrKnownBlock) {
		t.Fatalf("known block: %v", err)
	}
	// Everything survives a reopen.
	bc2 := newTestChain(t, db, nil)
	if bc2.CurrentBlock().Hash() != b4.Hash() {
		t.Fatal("head lost at reopen")
	}
	if _, err := bc2.State(); err != nil {
		t.Fatal(err)
	}
}
