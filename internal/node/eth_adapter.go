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

// SetBalance raises addr's balance to balance (anvil_setBalance,
// hardhat_setBalance) by mining at once a block without transactions
// whose withdrawals credit the difference: the change is part of a valid
// block, which Process reproduces on every re-validation, and is visible
// at "latest" when the call returns. Only the dev network (chain id 1337)
// offers it. A withdrawal credits whole gwei and never debits, so a
// balance below the current one, a difference that is not a whole number
// of gwei, or the miner's coinbase (whose block reward would be added) are
// refused; an unchanged balance mines no block.
func (d ethDev) SetBalance(ctx context.Context, addr ethtypes.Address, balance *uint256.Int) error {
	e := d.e
	if id := e.chain.Config().ChainID; id != ethchain.DevChainID {
		return fmt.Errorf("anvil_setBalance is only offered on the dev network (chain id %d), not on chain id %d", ethchain.DevChainID, id)
	}
	if addr == e.miner.Etherbase() {
		return fmt.Errorf("anvil_setBalance: %s is the coinbase of the mined blocks, whose rewards would change the balance set", addr)
	}
	target := *balance
	unchanged := false
	_, _, err := e.miner.MineCredits(ctx, func(head *statedb.StateDB) (ethtypes.Withdrawals, error) {
		ws, err := ethCredits(addr, head.GetBalance(addr), target)
		if err == nil && len(ws) == 0 {
			unchanged = true
			err = errUnchanged
		}
		return ws, err
	})
	if unchanged {
		return nil
	}
	return err
}

// errUnchanged stops MineCredits when the balance is already the target.
var errUnchanged = errors.New("balance unchanged")

// ethCredits returns the withdrawals that raise addr's balance from cur to
// target: none if they are equal.
func ethCredits(addr ethtypes.Address, cur, target uint256.Int) (ethtypes.Withdrawals, error) {
	if target.Lt(&cur) {
		return nil, fmt.Errorf("anvil_setBalance: twinchaind can only raise a balance (through a block's withdrawals), not lower %s from %s wei to %s", addr, cur.Dec(), target.Dec())
	}
	var delta, gwei, rem uint256.Int
	delta.Sub(&target, &cur)
	gwei.DivMod(&delta, uint256.NewInt(1_000_000_000), &rem)
	if !rem.IsZero() {
		return nil, fmt.Errorf("anvil_setBalance: the increase of %s wei is not a whole number of gwei (a block's withdrawals credit gwei); the current balance is %s wei", delta.Dec(), cur.Dec())
	}
	var ws ethtypes.Withdrawals
	for !gwei.IsZero() {
		if len(ws) == ethMaxCredits {
			return nil, fmt.Errorf("anvil_setBalance: an increase of %s wei is too large", delta.Dec())
		}
		amount := uint64(1<<64 - 1)
		if gwei.IsUint64() {
			amount = gwei.Uint64()
		}
		gwei.Sub(&gwei, uint256.NewInt(amount))
		ws = append(ws, ethtypes.Withdrawal{Index: uint64(len(ws)), Address: addr, Amount: amount})
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
