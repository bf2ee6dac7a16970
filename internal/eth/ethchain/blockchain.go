package ethchain

import (
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
)

// recentBlocks is how many recently used blocks BlockChain keeps decoded.
const recentBlocks = 256

// recentReceipts is how many blocks' derived receipts BlockChain keeps:
// a client waiting for its transactions (eth_getTransactionReceipt polled
// by ethers' wait()) asks for receipts of the newest blocks again and
// again, and each read decodes the block's receipts and derives their
// fields (blooms included) anew.
const recentReceipts = 64

// Config configures a BlockChain.
type Config struct {
	// Genesis initialises an empty database; with a database that has a
	// genesis it must match it (ErrGenesisMismatch) and may be nil.
	Genesis *Genesis
	// ChainConfig overrides the configuration of Genesis (or, with a nil
	// Genesis, the one stored with the genesis).
	ChainConfig *ethparams.ChainConfig
	// Engine verifies proof-of-work headers, uncles and seals and pays
	// the rewards (Finalize). Proof-of-stake headers (zero difficulty
	// after a terminal total difficulty) are checked by the chain alone.
	// Required.
	Engine ethconsensus.Engine
	// VMConfig configures the EVM that executes blocks.
	VMConfig evm.Config
	// CacheBytes bounds the clean trie-node cache (see
	// ethrawdb.NodeStoreConfig).
	CacheBytes int
	// StateRetention is how many recent block states are kept (0:
	// ethrawdb.DefaultStateRetention, 128); older ones are pruned.
	StateRetention uint64
	// PruneInterval is the number of head blocks between two background
	// prunes (0: DefaultPruneInterval, or StateRetention if larger). A prune
	// walks the retained states and scans the node keys, so it is run
	// rarely: between two prunes up to StateRetention+PruneInterval states
	// are on disk. NoAutoPrune disables them (Prune can still be called).
	PruneInterval uint64
	NoAutoPrune   bool
	// DeferSync writes inserted blocks (InsertBlock, InsertChain) without
	// an fsync; Stop makes them durable. Each block's batch stays atomic
	// and the write-ahead log keeps them in order, so a crash leaves a
	// consistent prefix of the chain (Repair at open): a killed process
	// loses at most the blocks the database had not yet handed to the
	// operating system (milliseconds), a power loss the blocks since the
	// last sync. An automining dev node sets it: geth does not sync every
	// block either.
	DeferSync bool
	// Logger receives the chain's notable events (reorgs, repairs,
	// prunes); nil discards them.
	Logger *slog.Logger
}

// ChainEventKind tells what a ChainEvent reports.
type ChainEventKind int

// Kinds of chain events.
const (
	// EventNewHead: Block became the head (Removed is non-empty for a
	// reorg).
	EventNewHead ChainEventKind = iota
	// EventSideBlock: Block was stored on a side chain.
	EventSideBlock
	// EventSetHead: the head was rewound to Block by SetHead.
	EventSetHead
)

// ChainEvent is what BlockChain tells its subscribers after each change.
type ChainEvent struct {
	Kind     ChainEventKind
	Block    *ethtypes.Block   // the inserted block, or the new head of SetHead
	Receipts ethtypes.Receipts // Block's receipts (nil for EventSetHead)
	// Removed are the blocks that left the canonical chain, newest first;
	// Added those that joined it, oldest first (Block last for a new
	// head). Their logs are RemovedLogs and AddedLogs.
	Removed, Added         []*ethtypes.Block
	RemovedLogs, AddedLogs []ethtypes.Log
}

// BlockChain is the persistent account chain: blocks, receipts, total
// difficulties, indexes and states in a kv.Store (ethrawdb's schema),
// every block validated and executed before it is stored, the head the
// block with the highest total difficulty (reorgs rewrite the canonical
// index), side chains kept, the last StateRetention states kept and older
// ones pruned in the background. See the package documentation.
//
// A BlockChain is safe for concurrent use; writers (InsertChain,
// InsertBlock, SetHead) are serialised.
type BlockChain struct {
	db        kv.Store
	nodes     *ethrawdb.NodeStore
	cfg       *ethparams.ChainConfig
	engine    ethconsensus.Engine
	vmCfg     evm.Config
	keep      uint64
	every     uint64
	auto      bool
	deferSync bool // Config.DeferSync
	log       *slog.Logger
	genesis   *ethtypes.Block
	signer    ethtypes.Signer

	insertMu sync.Mutex // serialises writers
	st       *trie.StackTrie
	unsynced bool // a block was written without sync since the last sync; guarded by insertMu

	mu        sync.RWMutex // guards the fields below
	head      *ethtypes.Block
	headTd    uint256.Int
	subs      map[int]func(ChainEvent)
	nextSub   int
	stopped   bool
	lastPrune uint64

	cacheMu  sync.Mutex
	recent   *hashRing[*ethtypes.Block]   // guarded by cacheMu
	rcpts    *hashRing[ethtypes.Receipts] // guarded by cacheMu
	newNodes *recentNodes                 // trie nodes of the last blocks

	pruning atomic.Bool
	wg      sync.WaitGroup
}

// DefaultPruneInterval is the default number of head blocks between two
// background prunes. Every 32 blocks (a quarter of the retention) the prune's
// full walk and scan took ~27% of an automining dev node's time; every 1,024
// it is amortised over 32 times more blocks, for ~54 MB more state on disk on
// the dev chain.
const DefaultPruneInterval = 1024

// NewBlockChain opens the chain stored in db, or initialises db with
// cfg.Genesis. At open it checks the schema version, runs ethrawdb.Repair
// (a crash leaves a consistent head; see ethrawdb) and checks that the
// stored genesis is cfg.Genesis's block.
//
// This function is safe for concurrent access.
func NewBlockChain(db kv.Store, cfg Config) (*BlockChain, error) {
	if cfg.Engine == nil {
		return nil, errors.New("ethchain: Config.Engine is nil")
	}
	if err := ethrawdb.CheckSchemaVersion(db); err != nil {
		return nil, err
	}
	bc := &BlockChain{
		db:        db,
		nodes:     ethrawdb.NewNodeStore(db, ethrawdb.NodeStoreConfig{CacheBytes: cfg.CacheBytes}),
		engine:    cfg.Engine,
		vmCfg:     cfg.VMConfig,
		keep:      cfg.StateRetention,
		every:     cfg.PruneInterval,
		auto:      !cfg.NoAutoPrune,
		deferSync: cfg.DeferSync,
		log:       cfg.Logger,
		st:        trie.NewStackTrie(nil),
		subs:      make(map[int]func(ChainEvent)),
		recent:    newHashRing[*ethtypes.Block](recentBlocks),
		rcpts:     newHashRing[ethtypes.Receipts](recentReceipts),
		newNodes:  newRecentNodes(),
	}
	if bc.keep == 0 {
		bc.keep = ethrawdb.DefaultStateRetention
	}
	if bc.every == 0 {
		bc.every = max(DefaultPruneInterval, bc.keep)
	}
	if bc.log == nil {
		bc.log = slog.New(slog.DiscardHandler)
	}
	res, err := ethrawdb.Repair(db, bc.nodes)
	if err != nil {
		return nil, err
	}
	if res.Rewound {
		bc.log.Warn("chain head rewound at open", "old", res.OldHead, "missing", res.Missing, "head", res.Number, "hash", res.Head)
	}
	if res.Empty {
		if err := bc.writeGenesis(cfg); err != nil {
			return nil, err
		}
	} else if err := bc.checkGenesis(cfg); err != nil {
		return nil, err
	}
	bc.signer = ethtypes.MakeSigner(RulesAt(bc.cfg, ^uint64(0), true, ^uint64(0)), bc.cfg.ChainID)

	hash, err := ethrawdb.ReadHeadBlockHash(db)
	if err != nil {
		return nil, err
	}
	head, err := ethrawdb.ReadBlockByHash(db, hash)
	if err != nil {
		return nil, err
	}
	td, err := ethrawdb.ReadTd(db, hash, head.Number())
	if err != nil {
		return nil, err
	}
	bc.head, bc.headTd, bc.lastPrune = head, td, head.Number()
	return bc, nil
}

// writeGenesis initialises an empty database with cfg.Genesis in one
// synced batch: state, block, total difficulty, canonical entry, head
// pointers and the configuration.
func (bc *BlockChain) writeGenesis(cfg Config) error {
	g := cfg.Genesis
	if g == nil {
		return &BlockError{Err: ErrNoGenesis}
	}
	bc.cfg = cfg.ChainConfig
	if bc.cfg == nil {
		bc.cfg = g.Config
	}
	if bc.cfg == nil {
		return genesisErrorf("missing config")
	}
	batch := bc.db.NewBatch()
	block, err := g.Commit(batchStateDB{bc, &capturingWriter{w: bc.nodes.NewBatchWriter(batch)}})
	if err != nil {
		return err
	}
	if err := ethrawdb.WriteBlockWithReceipts(batch, block, nil, &block.Header.Difficulty); err != nil {
		return err
	}
	if err := ethrawdb.WriteCanonicalHead(batch, block); err != nil {
		return err
	}
	if err := bc.writeConfig(batch, block.Hash()); err != nil {
		return err
	}
	if err := batch.Write(true); err != nil {
		return err
	}
	bc.genesis = block
	return nil
}

// writeConfig stores the chain configuration under the genesis hash.
func (bc *BlockChain) writeConfig(w kv.Writer, genesis ethtypes.Hash) error {
	enc, err := json.Marshal(bc.cfg)
	if err != nil {
		return err
	}
	return ethrawdb.WriteChainConfig(w, genesis, enc)
}

// checkGenesis compares the stored genesis with cfg.Genesis and settles
// the configuration.
func (bc *BlockChain) checkGenesis(cfg Config) error {
	stored, err := ethrawdb.ReadCanonicalHash(bc.db, 0)
	if err != nil {
		return err
	}
	if bc.genesis, err = ethrawdb.ReadBlock(bc.db, stored, 0); err != nil {
		return err
	}
	if cfg.Genesis != nil {
		b, err := cfg.Genesis.ToBlock()
		if err != nil {
			return err
		}
		if b.Hash() != stored {
			return blockErrorf(ErrGenesisMismatch, "(have %s, new %s)", stored, b.Hash())
		}
	}
	switch {
	case cfg.ChainConfig != nil:
		bc.cfg = cfg.ChainConfig
	case cfg.Genesis != nil && cfg.Genesis.Config != nil:
		bc.cfg = cfg.Genesis.Config
	default:
		enc, err := ethrawdb.ReadChainConfig(bc.db, stored)
		if err != nil {
			return err
		}
		var c ethparams.ChainConfig
		if err := json.Unmarshal(enc, &c); err != nil {
			return genesisErrorf("stored config: %v", err)
		}
		bc.cfg = &c
		return nil
	}
	b := bc.db.NewBatch()
	if err := bc.writeConfig(b, stored); err != nil {
		return err
	}
	return b.Write(true)
}

// Interface check: the chain is the engines' reader.
var _ ethconsensus.ChainReader = (*BlockChain)(nil)

// batchStateDB is the statedb.Database of a block being inserted: reads
// from the recent blocks' nodes and the node store, writes queued into the
// block's batch.
type batchStateDB struct {
	bc *BlockChain
	w  *capturingWriter
}

func (d batchStateDB) Node(h trie.Hash) ([]byte, error)           { return d.bc.node(h) }
func (d batchStateDB) PutNode(h trie.Hash, blob []byte) error     { return d.w.PutNode(h, blob) }
func (d batchStateDB) Code(h ethtypes.Hash) ([]byte, error)       { return d.bc.nodes.Code(h) }
func (d batchStateDB) PutCode(h ethtypes.Hash, code []byte) error { return d.w.PutCode(h, code) }

// node returns a trie node: one of the last blocks' (recentNodes) or the
// node store's.
func (bc *BlockChain) node(h trie.Hash) ([]byte, error) {
	if blob, ok := bc.newNodes.get(h); ok {
		return blob, nil
	}
	return bc.nodes.Node(h)
}

// Config returns the chain configuration.
//
// This method is safe for concurrent access.
func (bc *BlockChain) Config() *ethparams.ChainConfig { return bc.cfg }

// Engine returns the consensus engine.
//
// This method is safe for concurrent access.
func (bc *BlockChain) Engine() ethconsensus.Engine { return bc.engine }

// Genesis returns the genesis block.
//
// This method is safe for concurrent access.
func (bc *BlockChain) Genesis() *ethtypes.Block { return bc.genesis }

// NodeStore returns the trie node store (for proofs and tools).
//
// This method is safe for concurrent access.
func (bc *BlockChain) NodeStore() *ethrawdb.NodeStore { return bc.nodes }

// CurrentBlock returns the head block.
//
// This method is safe for concurrent access.
func (bc *BlockChain) CurrentBlock() *ethtypes.Block {
	bc.mu.RLock()
	defer bc.mu.RUnlock()
	return bc.head
}

// CurrentHeader returns the head block's header.
//
// This method is safe for concurrent access.
func (bc *BlockChain) CurrentHeader() *ethtypes.Header { return bc.CurrentBlock().Header }

// CurrentTd returns the head's total difficulty.
//
// This method is safe for concurrent access.
func (bc *BlockChain) CurrentTd() uint256.Int {
	bc.mu.RLock()
	defer bc.mu.RUnlock()
	return bc.headTd
}

// cached returns a recently used block.
func (bc *BlockChain) cached(hash ethtypes.Hash) *ethtypes.Block {
	bc.cacheMu.Lock()
	defer bc.cacheMu.Unlock()
	b, _ := bc.recent.get(hash)
	return b
}

// remember adds a block to the recent-block cache.
func (bc *BlockChain) remember(b *ethtypes.Block) {
	bc.cacheMu.Lock()
	defer bc.cacheMu.Unlock()
	bc.recent.add(b.Hash(), b)
}

// forget drops a block from the recent-block and receipt caches.
func (bc *BlockChain) forget(hash ethtypes.Hash) {
	bc.cacheMu.Lock()
	defer bc.cacheMu.Unlock()
	bc.recent.drop(hash)
	bc.rcpts.drop(hash)
}

// cachedReceipts returns a block's recently read receipts.
func (bc *BlockChain) cachedReceipts(hash ethtypes.Hash) (ethtypes.Receipts, bool) {
	bc.cacheMu.Lock()
	defer bc.cacheMu.Unlock()
	return bc.rcpts.get(hash)
}

// rememberReceipts adds a block's derived receipts to the receipt cache.
func (bc *BlockChain) rememberReceipts(hash ethtypes.Hash, rs ethtypes.Receipts) {
	bc.cacheMu.Lock()
	defer bc.cacheMu.Unlock()
	bc.rcpts.add(hash, rs)
}

// GetBlock returns the stored block with the given hash and number (any
// chain). It implements ethconsensus.ChainReader.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetBlock(hash ethtypes.Hash, number uint64) (*ethtypes.Block, bool) {
	if b := bc.cached(hash); b != nil {
		return b, b.Number() == number
	}
	b, err := ethrawdb.ReadBlock(bc.db, hash, number)
	if err != nil {
		return nil, false
	}
	bc.remember(b)
	return b, true
}

// GetHeader returns the stored header with the given hash and number. It
// implements ethconsensus.ChainHeaderReader.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetHeader(hash ethtypes.Hash, number uint64) (*ethtypes.Header, bool) {
	if b := bc.cached(hash); b != nil {
		return b.Header, b.Number() == number
	}
	h, err := ethrawdb.ReadHeader(bc.db, hash, number)
	if err != nil {
		return nil, false
	}
	return h, true
}

// GetHeaderByHash returns a stored header by hash.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetHeaderByHash(hash ethtypes.Hash) (*ethtypes.Header, bool) {
	if b := bc.cached(hash); b != nil {
		return b.Header, true
	}
	h, err := ethrawdb.ReadHeaderByHash(bc.db, hash)
	return h, err == nil
}

// GetBlockByHash returns a stored block (any chain) by hash.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetBlockByHash(hash ethtypes.Hash) (*ethtypes.Block, bool) {
	if b := bc.cached(hash); b != nil {
		return b, true
	}
	n, err := ethrawdb.ReadHeaderNumber(bc.db, hash)
	if err != nil {
		return nil, false
	}
	return bc.GetBlock(hash, n)
}

// GetBlockByNumber returns the canonical block with the given number.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetBlockByNumber(number uint64) (*ethtypes.Block, bool) {
	hash, err := ethrawdb.ReadCanonicalHash(bc.db, number)
	if err != nil {
		return nil, false
	}
	return bc.GetBlock(hash, number)
}

// GetCanonicalHash returns the hash of the canonical block at number.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetCanonicalHash(number uint64) (ethtypes.Hash, bool) {
	hash, err := ethrawdb.ReadCanonicalHash(bc.db, number)
	return hash, err == nil
}

// GetTd returns the total difficulty of a stored block.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetTd(hash ethtypes.Hash, number uint64) (uint256.Int, bool) {
	td, err := ethrawdb.ReadTd(bc.db, hash, number)
	return td, err == nil
}

// GetReceipts returns the receipts of a stored block, with every derived
// field filled in.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetReceipts(hash ethtypes.Hash) (ethtypes.Receipts, bool) {
	if rs, ok := bc.cachedReceipts(hash); ok {
		return rs, true
	}
	b, ok := bc.GetBlockByHash(hash)
	if !ok {
		return nil, false
	}
	rs, err := ethrawdb.ReadBlockReceipts(bc.db, b, bc.signer)
	if err != nil {
		return nil, false
	}
	bc.rememberReceipts(hash, rs)
	return rs, true
}

// GetTransaction returns a canonical transaction and where it is, through
// the transaction lookup index.
//
// This method is safe for concurrent access.
func (bc *BlockChain) GetTransaction(txHash ethtypes.Hash) (*ethtypes.Transaction, ethrawdb.TxLocation, bool) {
	num, err := ethrawdb.ReadTxLookupEntry(bc.db, txHash)
	if err != nil {
		return nil, ethrawdb.TxLocation{}, false
	}
	hash, err := ethrawdb.ReadCanonicalHash(bc.db, num)
	if err != nil {
		return nil, ethrawdb.TxLocation{}, false
	}
	// The block through the recent-block cache: the transactions of new
	// blocks are asked for right after they are mined.
	block, ok := bc.GetBlock(hash, num)
	if !ok {
		return nil, ethrawdb.TxLocation{}, false
	}
	for i, tx := range block.Txs {
		if tx.Hash() == txHash {
			return tx, ethrawdb.TxLocation{BlockHash: hash, BlockNumber: num, Index: uint64(i)}, true
		}
	}
	return nil, ethrawdb.TxLocation{}, false // a stale lookup entry left by a reorg
}

// HasState reports whether the state with the given root is stored.
//
// This method is safe for concurrent access.
func (bc *BlockChain) HasState(root ethtypes.Hash) bool {
	ok, err := bc.nodes.HasState(trie.Hash(root))
	return ok && err == nil
}

// StateAt returns a StateDB on the state with the given root, or an error
// of kind ErrMissingState when it is not stored (pruned or unknown).
// Committing it writes straight to the database. A block built on it can
// be stored with InsertMined without being executed again.
//
// This method is safe for concurrent access.
func (bc *BlockChain) StateAt(root ethtypes.Hash) (*statedb.StateDB, error) {
	if !bc.HasState(root) {
		return nil, blockErrorf(ErrMissingState, "root %s", root)
	}
	return statedb.New(root, &chainStateDB{bc: bc, root: root})
}

// State returns a StateDB on the head state.
//
// This method is safe for concurrent access.
func (bc *BlockChain) State() (*statedb.StateDB, error) {
	return bc.StateAt(bc.CurrentBlock().Header.Root)
}

// SubscribeChainEvents registers fn, called after every change of the
// chain (in order, on the writer's goroutine, after the change is
// stored); fn must not block nor call the chain's writers. The returned
// function unsubscribes.
//
// This method is safe for concurrent access.
func (bc *BlockChain) SubscribeChainEvents(fn func(ChainEvent)) (unsubscribe func()) {
	bc.mu.Lock()
	id := bc.nextSub
	bc.nextSub++
	bc.subs[id] = fn
	bc.mu.Unlock()
	return func() {
		bc.mu.Lock()
		delete(bc.subs, id)
		bc.mu.Unlock()
	}
}

// emit calls the subscribers.
func (bc *BlockChain) emit(ev ChainEvent) {
	bc.mu.RLock()
	fns := make([]func(ChainEvent), 0, len(bc.subs))
	for _, fn := range bc.subs {
		fns = append(fns, fn)
	}
	bc.mu.RUnlock()
	for _, fn := range fns {
		fn(ev)
	}
}

// hasSubscribers reports whether anyone listens to events.
func (bc *BlockChain) hasSubscribers() bool {
	bc.mu.RLock()
	defer bc.mu.RUnlock()
	return len(bc.subs) > 0
}

// Stop makes the blocks written without sync durable (Config.DeferSync),
// waits for a running prune and closes the database. Later writes fail
// with ErrChainStopped.
//
// This method is safe for concurrent access.
func (bc *BlockChain) Stop() error {
	bc.insertMu.Lock() // wait for a running writer; later ones see stopped
	bc.mu.Lock()
	already := bc.stopped
	bc.stopped = true
	bc.mu.Unlock()
	var syncErr error
	if !already && bc.unsynced {
		syncErr = bc.syncHead()
		bc.unsynced = false
	}
	bc.insertMu.Unlock()
	if already {
		return nil
	}
	bc.wg.Wait()
	return errors.Join(syncErr, bc.db.Close())
}

// isStopped reports whether Stop was called.
func (bc *BlockChain) isStopped() bool {
	bc.mu.RLock()
	defer bc.mu.RUnlock()
	return bc.stopped
}
