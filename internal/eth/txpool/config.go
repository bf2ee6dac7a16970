package txpool

import (
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Size limits of a pooled transaction, as in geth's legacy pool.
const (
	// TxSlotSize is the unit in which the pool's capacity is counted: a
	// transaction occupies one slot per started 32 KiB of its encoding.
	TxSlotSize = 32 * 1024

	// TxMaxSize is the largest transaction encoding the pool accepts
	// (four slots, 128 KiB).
	TxMaxSize = 4 * TxSlotSize
)

// StateReader is the view of the head state the pool needs: an account's
// nonce and balance. Absent accounts have nonce 0 and balance 0 (a nil
// balance counts as 0). The node adapts its state database to it. The
// pool reads it until the next Reset, from several goroutines at once
// (queries hold only a read lock), so it must be an immutable view of the
// state at that root and safe for concurrent reads; the pool does not
// modify the returned balance.
type StateReader interface {
	GetNonce(addr ethtypes.Address) uint64
	GetBalance(addr ethtypes.Address) *uint256.Int
}

// Chain is the view of the block chain the pool needs. The node adapts
// its chain to it.
type Chain interface {
	// CurrentHeader returns the head of the canonical chain.
	CurrentHeader() *ethtypes.Header
	// GetBlock returns the block with the given hash and number, or nil.
	// It is used on a reorg to return the transactions of the abandoned
	// branch to the pool.
	GetBlock(hash ethtypes.Hash, number uint64) *ethtypes.Block
	// StateAt returns the state after the block whose state root is root.
	StateAt(root ethtypes.Hash) (StateReader, error)
}

// Config holds the pool's parameters. The zero value of a field means its
// default (see DefaultConfig), except where noted.
type Config struct {
	// ChainConfig gives the chain id and the fork rules of the next block
	// (required).
	ChainConfig *ethparams.ChainConfig

	// NextBaseFee returns the EIP-1559 base fee of the child of parent
	// (ethchain.CalcBaseFee). When nil the pool uses the parent's own base
	// fee as an approximation.
	NextBaseFee func(parent *ethtypes.Header) uint256.Int

	// NextRules returns the fork rules of the child of parent
	// (ethchain.RulesAt with parent's number + 1, its proof-of-stake
	// status and time): the rules the pool validates against, among them
	// EIP-3860's init-code limit. When nil the pool uses
	// ChainConfig.Rules, which leaves Shanghai and Cancun off on a chain
	// that schedules them without ever merging, such as the dev network.
	NextRules func(parent *ethtypes.Header) ethtypes.Rules

	// Now is the clock used for the lifetime of queued transactions; nil
	// means time.Now.
	Now func() time.Time

	// Journal is the file where local transactions are kept across
	// restarts; empty disables the journal.
	Journal string

	// NoLocals treats every transaction as remote (no price exemption, no
	// journal).
	NoLocals bool

	// RejectBelowBaseFee rejects transactions whose max fee per gas is
	// below the next block's base fee with ErrFeeCapTooLow instead of
	// keeping them until the base fee falls (a dev-mode choice: Hardhat
	// and automining nodes reject them).
	RejectBelowBaseFee bool

	PriceLimit   uint64 // minimum tip (wei) of a remote transaction; default 1
	PriceBump    uint64 // minimum fee bump in percent to replace a transaction; default 10
	AccountSlots uint64 // executable slots guaranteed per account; default 16
	GlobalSlots  uint64 // executable slots of the whole pool; default 5120
	AccountQueue uint64 // non-executable transactions allowed per account; default 64
	GlobalQueue  uint64 // non-executable transactions of the whole pool; default 1024

	// Lifetime is how long an account's queued transactions stay without
	// any activity from that account; default 3 hours.
	Lifetime time.Duration

	// Rejournal is how often Reset rewrites the journal to drop mined and
	// evicted transactions (sooner when it has grown past twice its
	// rewritten size); default 1 hour, as geth.
	Rejournal time.Duration
}

// DefaultConfig returns geth's defaults with no chain configuration.
func DefaultConfig() Config {
	return Config{
		PriceLimit:   1,
		PriceBump:    10,
		AccountSlots: 16,
		GlobalSlots:  4096 + 1024,
		AccountQueue: 64,
		GlobalQueue:  1024,
		Lifetime:     3 * time.Hour,
		Rejournal:    time.Hour,
	}
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.PriceLimit == 0 {
		c.PriceLimit = d.PriceLimit
	}
	if c.PriceBump == 0 {
		c.PriceBump = d.PriceBump
	}
	if c.AccountSlots == 0 {
		c.AccountSlots = d.AccountSlots
	}
	if c.GlobalSlots == 0 {
		c.GlobalSlots = d.GlobalSlots
	}
	if c.AccountQueue == 0 {
		c.AccountQueue = d.AccountQueue
	}
	if c.GlobalQueue == 0 {
		c.GlobalQueue = d.GlobalQueue
	}
	if c.Lifetime == 0 {
		c.Lifetime = d.Lifetime
	}
	if c.Rejournal == 0 {
		c.Rejournal = d.Rejournal
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// numSlots returns the number of slots tx occupies.
func numSlots(tx *ethtypes.Transaction) int {
	return (tx.Size() + TxSlotSize - 1) / TxSlotSize
}
