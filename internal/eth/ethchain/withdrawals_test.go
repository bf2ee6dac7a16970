package ethchain

import (
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// TestApplyWithdrawals checks EIP-4895's gwei credits and, only on a chain
// with DevBalanceEdits, the dev network's set-balance and wei-credit
// withdrawals, applied in order.
func TestApplyWithdrawals(t *testing.T) {
	a, b := ethtypes.Address{0xa}, ethtypes.Address{0xb}
	ws := ethtypes.Withdrawals{
		{Index: 0, Validator: 7, Address: a, Amount: 3},                   // +3 gwei
		{Index: 1, Validator: DevSetBalanceGwei, Address: a, Amount: 1},   // = 1 gwei (dev)
		{Index: 2, Validator: DevAddBalanceWei, Address: a, Amount: 5},    // +5 wei (dev)
		{Index: 3, Validator: DevSetBalanceGwei, Address: b, Amount: 0},   // = 0 (dev)
		{Index: 4, Validator: DevAddBalanceWei, Address: b, Amount: 1e18}, // +1e18 wei (dev)
	}
	for _, c := range []struct {
		dev  bool
		a, b string
	}{
		// Off: every withdrawal credits gwei, the marker indexes included.
		{false, "9000000000", "1000000000000000000000000000"},
		{true, "1000000005", "1000000000000000000"},
	} {
		sdb, err := statedb.New(ethtypes.Hash{}, statedb.NewMemoryDatabase())
		if err != nil {
			t.Fatal(err)
		}
		sdb.SetBalance(b, uint256.NewInt(777))
		ApplyWithdrawals(&ethparams.ChainConfig{DevBalanceEdits: c.dev}, sdb, ws)
		if got := sdb.GetBalance(a); got.Dec() != c.a {
			t.Errorf("dev %v: a has %s, want %s", c.dev, got.Dec(), c.a)
		}
		want := c.b
		if !c.dev {
			var w uint256.Int
			w.SetFromDecimal(c.b)
			w.AddUint64(&w, 777)
			want = w.Dec()
		}
		if got := sdb.GetBalance(b); got.Dec() != want {
			t.Errorf("dev %v: b has %s, want %s", c.dev, got.Dec(), want)
		}
	}
}
