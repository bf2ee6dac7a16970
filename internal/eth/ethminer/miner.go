package ethminer

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

// Chain is the view of the block chain the miner needs: the configuration,
// the head, headers and blocks by hash and number (BLOCKHASH, uncle
// rules; it satisfies ethconsensus.ChainReader), the state after a block and
// insertion of a sealed block. The node adapts its chain to it.
type Chain interface {
	// Config returns the chain configuration.
	Config() *ethparams.ChainConfig
	// CurrentHeader returns the head of the canonical chain.
	CurrentHeader() *ethtypes.Header
	// GetHeader returns the header with the given hash and number.
	GetHeader(hash ethtypes.Hash, number uint64) (*ethtypes.Header, bool)
	// GetBlock returns the block with the given hash and number.
	GetBlock(hash ethtypes.Hash, number uint64) (*ethtypes.Block, bool)
	// StateAt returns a fresh, writable StateDB on the state with root.
	// The miner modifies it and never commits it.
	StateAt(root ethtypes.Hash) (*statedb.StateDB, error)
	// InsertBlock validates, executes and stores a sealed block.
	InsertBlock(b *ethtypes.Block) error
}

// MinedInserter is implemented by a Chain that can store a block the
// miner built without executing it again (*ethchain.BlockChain): state is
// a StateDB from the chain's StateAt on which the block was applied
// (opened on the parent's root, or left by the parent's InsertMined).
// After a nil error the state must be at the block's root, usable to
// build the next block on. The miner uses it instead of InsertBlock when
// the chain has it.
type MinedInserter interface {
	InsertMined(b *ethtypes.Block, receipts ethtypes.Receipts, state *statedb.StateDB) error
}

// Pool is the view of the transaction pool the miner needs;
// *txpool.Pool implements it.
type Pool interface {
	// Pending returns, per account, the executable transactions in nonce
	// order that pass filter.
	Pending(filter txpool.PendingFilter) map[ethtypes.Address][]*ethtypes.Transaction
	// SubscribeNewTxs registers fn for transactions that become
	// executable (automine).
	SubscribeNewTxs(fn func([]*ethtypes.Transaction)) (unsubscribe func())
	// Reset moves the pool to a new head.
	Reset(oldHead, newHead *ethtypes.Header) error
}

// Ticker is a source of ticks for interval mining: C delivers the ticks,
// Stop ends them. NewTicker in Config makes one (a fake clock in tests).
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Config holds the miner's parameters. The zero value of a field means its
// default.
type Config struct {
	// Etherbase is the coinbase of mined blocks (fees and rewards).
	Etherbase ethtypes.Address
	// ExtraData is put in every header; at most 32 bytes.
	ExtraData []byte
	// GasCeil is the gas limit the miner moves towards (by at most 1/1024
	// of the parent's per block, as geth's CalcGasLimit); 0 keeps the
	// parent's limit.
	GasCeil uint64
	// MaxTxsPerBlock caps the transactions of one block; 0 means no cap
	// (only the gas limit). Automine uses AutomineTxsPerBlock instead.
	MaxTxsPerBlock int
	// AutomineTxsPerBlock caps the transactions of an automined block:
	// 1 (the default) mines one block per transaction, as Hardhat and
	// anvil do; a negative value puts all pending transactions that fit
	// in each block.
	AutomineTxsPerBlock int
	// Recommit is how often continuous (PoW) mining rebuilds its work to
	// pick up new transactions; default 3 seconds as geth.
	Recommit time.Duration
	// Now is the clock for timestamps; nil means time.Now.
	Now func() time.Time
	// NewTicker returns the ticker of interval mining; nil means a
	// time.Ticker.
	NewTicker func(d time.Duration) Ticker
	// BeaconRoot is the parent beacon block root of Cancun headers (a
	// dev chain has no consensus layer; zero by default).
	BeaconRoot ethtypes.Hash
	// VMConfig is the EVM configuration used to execute transactions.
	VMConfig evm.Config
	// OnBlock, when non-nil, is called after a mined block was inserted
	// (new-head notifications, logs). It runs while the miner holds its
	// build lock: it must not call the miner's mining methods.
	OnBlock func(b *ethtypes.Block, receipts ethtypes.Receipts)
}

// Miner assembles blocks from the pool on the chain's head, seals them
// with the engine and inserts them into the chain: on demand (MineBlock,
// evm_mine), on each new transaction (StartAutomine), every N seconds
// (StartInterval) or continuously with proof of work (Start).
//
// A Miner is safe for concurrent use; blocks are built one at a time.
type Miner struct {
	cfg    Config
	chain  Chain
	pool   Pool
	engine ethconsensus.Engine

	mineMu  sync.Mutex // serialises building, sealing and inserting
	st      *trie.StackTrie
	covered uint64 // last MinePending ticket a mined block covered; guarded by mineMu
	// The state the last inserted block left, at keptRoot (keepState);
	// guarded by mineMu.
	kept     *statedb.StateDB
	keptRoot ethtypes.Hash
	keptAge  int

	tickets atomic.Uint64 // MinePending calls so far

	mu         sync.Mutex // guards the fields below
	timeOffset int64      // seconds added to the clock (evm_increaseTime)
	nextTime   uint64     // timestamp of the next block, 0 if unset
	running    string     // name of the running loop, "" if none
	stop       func()     // stops the running loop
	done       chan struct{}
	headCh     chan struct{} // new head notifications for continuous mining
	hashStart  time.Time
	hashBase   uint64
	uncles     map[ethtypes.Hash]*ethtypes.Header // uncle candidates
}

// New returns a miner over chain, pool and engine with configuration cfg.
//
// This function is safe for concurrent access.
func New(cfg Config, chain Chain, pool Pool, engine ethconsensus.Engine) (*Miner, error) {
	if len(cfg.ExtraData) > 32 {
		return nil, &Error{Err: ErrExtraTooLong}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AutomineTxsPerBlock == 0 {
		cfg.AutomineTxsPerBlock = 1
	}
	if cfg.Recommit <= 0 {
		cfg.Recommit = 3 * time.Second
	}
	if cfg.NewTicker == nil {
		cfg.NewTicker = func(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }
	}
	return &Miner{cfg: cfg, chain: chain, pool: pool, engine: engine, st: trie.NewStackTrie(nil),
		headCh: make(chan struct{}, 1)}, nil
}

// realTicker adapts time.Ticker to Ticker.
type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

// SetEtherbase changes the coinbase of the next blocks.
//
// This method is safe for concurrent access.
func (m *Miner) SetEtherbase(addr ethtypes.Address) {
	m.mineMu.Lock()
	m.cfg.Etherbase = addr
	m.mineMu.Unlock()
}

// Etherbase returns the coinbase of the next blocks.
//
// This method is safe for concurrent access.
func (m *Miner) Etherbase() ethtypes.Address {
	m.mineMu.Lock()
	defer m.mineMu.Unlock()
	return m.cfg.Etherbase
}

// SetNextTimestamp fixes the timestamp of the next block
// (evm_setNextBlockTimestamp). It must be above the head's timestamp
// (ErrTimestampTooLow). Later blocks continue from it: the clock offset is
// moved so that the next block's time is ts (Hardhat's behaviour).
//
// This method is safe for concurrent access.
func (m *Miner) SetNextTimestamp(ts uint64) error {
	head := m.chain.CurrentHeader()
	if head != nil && ts <= head.Time {
		return &Error{Err: ErrTimestampTooLow}
	}
	m.mu.Lock()
	m.nextTime = ts
	m.mu.Unlock()
	return nil
}

// IncreaseTime moves the miner's clock forward by secs seconds
// (evm_increaseTime) and returns the total offset in seconds.
//
// This method is safe for concurrent access.
func (m *Miner) IncreaseTime(secs uint64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.timeOffset += int64(secs)
	return m.timeOffset
}

// timestamp returns the timestamp of a child of parent and consumes a
// one-shot next timestamp.
func (m *Miner) timestamp(parent *ethtypes.Header) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.cfg.Now().Unix() + m.timeOffset
	if m.nextTime != 0 {
		ts := m.nextTime
		m.nextTime = 0
		m.timeOffset += int64(ts) - now
		now = int64(ts)
	}
	if now < 0 || uint64(now) <= parent.Time {
		return parent.Time + 1
	}
	return uint64(now)
}

// MineBlock builds a block on the current head from the pending
// transactions (at most Config.MaxTxsPerBlock, or all that fit), seals it
// (ctx bounds a proof-of-work search) and inserts it into the chain
// (evm_mine). It returns the inserted block and its receipts.
//
// This method is safe for concurrent access.
func (m *Miner) MineBlock(ctx context.Context) (*ethtypes.Block, ethtypes.Receipts, error) {
	return m.mine(ctx, m.cfg.MaxTxsPerBlock)
}

// mine builds, seals and inserts one block of at most maxTxs transactions
// (0: no cap).
func (m *Miner) mine(ctx context.Context, maxTxs int) (*ethtypes.Block, ethtypes.Receipts, error) {
	m.mineMu.Lock()
	defer m.mineMu.Unlock()
	parent := m.chain.CurrentHeader()
	if parent == nil {
		return nil, nil, &Error{Err: ErrNoParent}
	}
	res, err := m.build(parent, maxTxs, m.timestamp(parent))
	if err != nil {
		return nil, nil, err
	}
	return m.sealAndInsert(ctx, parent, res)
}

// sealAndInsert seals a built block, inserts it and resets the pool.
func (m *Miner) sealAndInsert(ctx context.Context, parent *ethtypes.Header, res *Result) (*ethtypes.Block, ethtypes.Receipts, error) {
	b := res.Block
	if !res.PoS {
		sealed, err := m.engine.Seal(ctx, b)
		if err != nil {
			return nil, nil, err
		}
		b = sealed
	}
	return m.insert(parent, res, b)
}

// insert inserts the sealed block b of res, sets the receipts' block hash
// and resets the pool when b became the head.
func (m *Miner) insert(parent *ethtypes.Header, res *Result, b *ethtypes.Block) (*ethtypes.Block, ethtypes.Receipts, error) {
	var err error
	if mi, ok := m.chain.(MinedInserter); ok && res.State != nil {
		if err = mi.InsertMined(b, res.Receipts, res.State); err == nil {
			m.keepState(res.State, b.Header.Root)
		}
		res.State = nil // the chain's now (or garbage after an error)
	} else {
		err = m.chain.InsertBlock(b)
	}
	if err != nil {
		return nil, nil, err
	}
	hash := b.Hash()
	for _, r := range res.Receipts {
		r.BlockHash = hash
		for j := range r.Logs {
			r.Logs[j].BlockHash = hash
		}
	}
	if head := m.chain.CurrentHeader(); head != nil && head.Hash() == hash {
		_ = m.pool.Reset(parent, b.Header)
	}
	if m.cfg.OnBlock != nil {
		m.cfg.OnBlock(b, res.Receipts)
	}
	return b, res.Receipts, nil
}

// keptStateBlocks bounds how many blocks in a row build on a kept state
// (see keepState), so that what it caches (every account and slot the
// blocks touched) stays bounded.
const keptStateBlocks = 256

// keepState keeps state, which InsertMined committed at root, for the next
// block built on root. The caller holds mineMu.
func (m *Miner) keepState(state *statedb.StateDB, root ethtypes.Hash) {
	m.keptAge++
	if m.keptAge >= keptStateBlocks {
		m.kept, m.keptAge = nil, 0
		return
	}
	m.kept, m.keptRoot = state, root
}

// Pending builds, without sealing or inserting, the block the miner would
// mine now on the head, with its receipts and post-state: the "pending"
// block of eth_call, eth_estimateGas and eth_getBlockByNumber("pending").
// The timestamp is the one the next block would get, without consuming a
// timestamp set by SetNextTimestamp.
//
// This method is safe for concurrent access.
func (m *Miner) Pending() (*Result, error) {
	m.mineMu.Lock()
	defer m.mineMu.Unlock()
	parent := m.chain.CurrentHeader()
	if parent == nil {
		return nil, &Error{Err: ErrNoParent}
	}
	m.mu.Lock()
	ts := m.nextTime
	if ts == 0 {
		now := m.cfg.Now().Unix() + m.timeOffset
		if now > 0 {
			ts = uint64(now)
		}
	}
	m.mu.Unlock()
	if ts <= parent.Time {
		ts = parent.Time + 1
	}
	return m.buildWith(parent, m.cfg.MaxTxsPerBlock, ts, nil, false)
}
