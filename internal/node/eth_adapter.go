package node

import (
	"context"
	"errors"
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

// errSetBalance is anvil_setBalance's answer: the node's head state is
// always the state of a valid block, and a block cannot carry a balance
// change that no transaction made, so the helper is not offered (anvil
// writes its head state in place instead).
var errSetBalance = errors.New("anvil_setBalance/hardhat_setBalance are not supported by twinchaind: blocks must stay valid; send ether from a funded dev account instead")

// ethDev is the node's ethrpc.DevBackend.
type ethDev struct{ e *ethNode }

// SetBalance is not supported (see errSetBalance).
func (d ethDev) SetBalance(context.Context, ethtypes.Address, *uint256.Int) error {
	return errSetBalance
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
