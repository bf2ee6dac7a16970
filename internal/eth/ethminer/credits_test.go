package ethminer

import (
	"context"
	"errors"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// TestMineCredits mines a block whose withdrawals credit an account: the
// chain validates it, pending transactions stay out of it, and a chain
// without Shanghai refuses.
func TestMineCredits(t *testing.T) {
	e := setup(t, "Cancun", 1, 30_000_000, nil, Config{})
	k0, _ := key(0)
	e.add(t, dynTx(t, k0, 0, gwei, 10*gwei))
	to := ethtypes.Address{0x77}
	var seen uint256.Int
	b, rcpts, err := e.miner.MineCredits(context.Background(), func(head *statedb.StateDB) (ethtypes.Withdrawals, error) {
		seen = head.GetBalance(to)
		return ethtypes.Withdrawals{{Address: to, Amount: 5}, {Index: 1, Address: to, Amount: 1 << 63}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !seen.IsZero() || len(b.Txs) != 0 || len(rcpts) != 0 || len(b.Withdrawals) != 2 || e.chain.CurrentHeader().Hash() != b.Hash() {
		t.Fatalf("block: %d txs, %d withdrawals, head %d", len(b.Txs), len(b.Withdrawals), e.chain.CurrentHeader().Number)
	}
	var want uint256.Int
	want.Mul(uint256.NewInt(5+1<<63), uint256.NewInt(gwei))
	if got := e.chain.balance(t, to); got.Cmp(&want) != 0 {
		t.Fatalf("balance %s, want %s", got.Dec(), want.Dec())
	}
	if pending, _ := e.pool.Status(); pending != 1 {
		t.Fatalf("pending transactions %d, want the untouched 1", pending)
	}

	// An error from credits mines nothing.
	stop := errors.New("stop")
	if _, _, err := e.miner.MineCredits(context.Background(), func(*statedb.StateDB) (ethtypes.Withdrawals, error) {
		return nil, stop
	}); !errors.Is(err, stop) || e.chain.CurrentHeader().Number != 1 {
		t.Fatalf("credits error: %v, head %d", err, e.chain.CurrentHeader().Number)
	}

	old := setup(t, "GrayGlacier", 1, 30_000_000, nil, Config{})
	if _, _, err := old.miner.MineCredits(context.Background(), func(*statedb.StateDB) (ethtypes.Withdrawals, error) {
		return nil, nil
	}); !errors.Is(err, ErrNoWithdrawals) {
		t.Fatalf("before Shanghai: %v", err)
	}
}
