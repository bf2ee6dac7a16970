package node

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

// ethPoolChain adapts the account chain to txpool.Chain.
type ethPoolChain struct{ bc *ethchain.BlockChain }

// CurrentHeader returns the head's header.
func (c ethPoolChain) CurrentHeader() *ethtypes.Header { return c.bc.CurrentHeader() }

// GetBlock returns a stored block or nil.
func (c ethPoolChain) GetBlock(hash ethtypes.Hash, number uint64) *ethtypes.Block {
	b, _ := c.bc.GetBlock(hash, number)
	return b
}

// StateAt returns a read-only view of the state at root.
func (c ethPoolChain) StateAt(root ethtypes.Hash) (txpool.StateReader, error) {
	sdb, err := c.bc.StateAt(root)
	if err != nil {
		return nil, err
	}
	return &ethStateReader{sdb: sdb}, nil
}

// ethStateReader serialises reads of a statedb.StateDB (which caches the
// accounts it loads, so concurrent reads would race) for the pool.
type ethStateReader struct {
	mu  sync.Mutex
	sdb *statedb.StateDB
}

// GetNonce returns addr's nonce.
func (s *ethStateReader) GetNonce(addr ethtypes.Address) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sdb.GetNonce(addr)
}

// GetBalance returns addr's balance.
func (s *ethStateReader) GetBalance(addr ethtypes.Address) *uint256.Int {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.sdb.GetBalance(addr)
	return &b
}

// ethMaxCredits bounds the withdrawals of one anvil_setBalance block (each
// credits at most 2^64-1 gwei, about 1.8e10 ether).
const ethMaxCredits = 64

// ethDev is the node's ethrpc.DevBackend.
type ethDev struct{ e *ethNode }

// SetBalance sets addr's balance to balance (anvil_setBalance,
// hardhat_setBalance) by mining at once a block without transactions whose
// withdrawals carry the edit: on the dev network (chain id 1337, whose
// configuration has ethparams.ChainConfig.DevBalanceEdits) a withdrawal
// with a reserved validator index sets a balance or credits wei (see
// ethchain.ApplyWithdrawals), so the change is part of a valid block that
// Process reproduces on every re-validation, and it is visible at "latest"
// when the call returns. Any balance can be set, higher or lower, to the
// wei. The miner's coinbase is refused (the engine's block reward would be
// added after the edit); an unchanged balance mines no block.
func (d ethDev) SetBalance(ctx context.Context, addr ethtypes.Address, balance *uint256.Int) error {
	e := d.e
	if cc := e.chain.Config(); cc.ChainID != ethchain.DevChainID || !cc.DevBalanceEdits {
		return fmt.Errorf("anvil_setBalance is only offered on the dev network (chain id %d), not on chain id %d", ethchain.DevChainID, cc.ChainID)
	}
	if addr == e.miner.Etherbase() {
		return fmt.Errorf("anvil_setBalance: %s is the coinbase of the mined blocks, whose rewards would change the balance set", addr)
	}
	target := *balance
	unchanged := false
	_, _, err := e.miner.MineCredits(ctx, func(head *statedb.StateDB) (ethtypes.Withdrawals, error) {
		if cur := head.GetBalance(addr); cur.Eq(&target) {
			unchanged = true
			return nil, errUnchanged
		}
		return ethBalanceEdits(addr, target)
	})
	if unchanged {
		return nil
	}
	return err
}

// errUnchanged stops MineCredits when the balance is already the target.
var errUnchanged = errors.New("balance unchanged")

// ethBalanceEdits returns the withdrawals that set addr's balance to
// target on the dev network: one that sets it to target's whole gwei (up
// to 2^64-1 gwei), ordinary withdrawals crediting the gwei beyond that, and
// one crediting the remaining wei.
func ethBalanceEdits(addr ethtypes.Address, target uint256.Int) (ethtypes.Withdrawals, error) {
	var gwei, rem uint256.Int
	gwei.DivMod(&target, uint256.NewInt(1_000_000_000), &rem)
	var ws ethtypes.Withdrawals
	add := func(validator, amount uint64) {
		ws = append(ws, ethtypes.Withdrawal{Index: uint64(len(ws)), Validator: validator, Address: addr, Amount: amount})
	}
	first := ^uint64(0)
	if gwei.IsUint64() {
		first = gwei.Uint64()
	}
	add(ethchain.DevSetBalanceGwei, first)
	gwei.Sub(&gwei, uint256.NewInt(first))
	for !gwei.IsZero() {
		if len(ws) == ethMaxCredits {
			return nil, fmt.Errorf("anvil_setBalance: a balance of %s wei is too large", target.Dec())
		}
		amount := ^uint64(0)
		if gwei.IsUint64() {
			amount = gwei.Uint64()
		}
		gwei.Sub(&gwei, uint256.NewInt(amount))
		add(0, amount)
	}
	if !rem.IsZero() {
		add(ethchain.DevAddBalanceWei, rem.Uint64())
	}
	return ws, nil
}

// SetHead rewinds the chain to number (evm_revert) and resets the pool to
// it, dropping the transactions of the removed blocks as Hardhat does.
func (d ethDev) SetHead(_ context.Context, number uint64) error {
	e := d.e
	e.resetMu.Lock()
	defer e.resetMu.Unlock()
	if err := e.chain.SetHead(number); err != nil {
		return err
	}
	head := e.chain.CurrentHeader()
	if err := e.pool.Reset(nil, head); err != nil {
		return err
	}
	e.resetHead = head
	return nil
}
