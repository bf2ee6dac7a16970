package ethrpc

import (
	"context"
	"testing"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

// testDev is a DevBackend on the test chain: SetHead rewinds the chain and
// resets the pool; SetBalance records the request.
type testDev struct {
	bc       *ethchain.BlockChain
	pool     *txpool.Pool
	balances map[ethtypes.Address]uint256.Int
}

func (d *testDev) SetHead(_ context.Context, n uint64) error {
	old := d.bc.CurrentHeader()
	if err := d.bc.SetHead(n); err != nil {
		return err
	}
	return d.pool.Reset(old, d.bc.CurrentHeader())
}

func (d *testDev) SetBalance(_ context.Context, a ethtypes.Address, b *uint256.Int) error {
	d.balances[a] = *b
	return nil
}

// TestSnapshotRevert covers evm_snapshot/evm_revert and the delegation of
// anvil_setBalance.
func TestSnapshotRevert(t *testing.T) {
	e := newEnv(t)
	dev := &testDev{bc: e.bc, pool: e.pool, balances: map[ethtypes.Address]uint256.Int{}}
	e.svc.cfg.Dev = dev
	if _, err := e.call(t, "evm_revert", "0x1"); err != nil {
		t.Fatal(err)
	}
	id := str(t, e.must(t, "evm_snapshot"))
	if id != "0x1" {
		t.Fatalf("snapshot id %s", id)
	}
	e.storeTx(t, 0, 1)
	id2 := str(t, e.must(t, "evm_snapshot"))
	e.storeTx(t, 1, 2)
	if n := str(t, e.must(t, "eth_blockNumber")); n != "0x2" {
		t.Fatalf("head %s", n)
	}
	if got := string(e.must(t, "evm_revert", id)); got != "true" {
		t.Fatalf("revert %s", got)
	}
	if n := str(t, e.must(t, "eth_blockNumber")); n != "0x0" {
		t.Fatalf("head after revert %s", n)
	}
	if got := string(e.must(t, "evm_revert", id2)); got != "false" {
		t.Fatalf("later snapshot survived: %s", got)
	}
	if v := str(t, e.must(t, "eth_getStorageAt", hexAddr(addrStore), "0x0", "latest")); v != hexHash(ethtypes.Hash{}) {
		t.Fatalf("storage after revert %s", v)
	}
	e.must(t, "hardhat_setBalance", hexAddr(e.addrs[2]), "0x64")
	if b := dev.balances[e.addrs[2]]; b.Uint64() != 100 {
		t.Fatalf("setBalance %v", b)
	}
	if _, err := e.call(t, "anvil_setBalance", hexAddr(e.addrs[2]), "100"); rpcCode(err) != CodeInvalidParams {
		t.Fatalf("decimal balance: %v", err)
	}
}
