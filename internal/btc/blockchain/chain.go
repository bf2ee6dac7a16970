package blockchain

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/sigcache"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// Directory names inside the data directory, as Core's.
const (
	BlocksDirName     = "blocks"
	ChainstateDirName = "chainstate"
)

// databaseWriteInterval is how long the chain goes without writing the
// block index and the chainstate (Core's DATABASE_WRITE_INTERVAL).
const databaseWriteInterval = time.Hour

// blockFiles is what the chain needs from the blk/rev flat files.
// *blockstore.Store implements it.
type blockFiles interface {
	WriteBlock(raw []byte, height int32) (blockstore.FilePos, error)
	UpdateBlockInfo(pos blockstore.FilePos, raw []byte, height int32) error
	ReadBlock(pos blockstore.FilePos, expected *chainhash.Hash) (*primitives.Block, error)
	ReadRawBlock(pos blockstore.FilePos) ([]byte, error)
	WriteRawUndo(blockPos blockstore.FilePos, height int32, prevHash chainhash.Hash, undo []byte) (blockstore.FilePos, error)
	ReadRawUndo(pos blockstore.FilePos, prevHash chainhash.Hash) ([]byte, error)
	ScanBlockFile(n int32, fn func(pos blockstore.FilePos, raw []byte) error) error
}

// indexDB is what the chain needs from the block index database and the
// file bookkeeping around it. *blockstore.Store implements it.
type indexDB interface {
	ForEachBlockIndex(fn func(r *blockstore.DiskBlockIndex) error) error
	WriteIndex(blocks []*blockstore.DiskBlockIndex) error
	WriteTxIndex(entries []blockstore.TxIndexEntry, sync bool) error
	ReadFlag(name string) (value, ok bool, err error)
	WriteFlag(name string, value bool) error
	Reindexing() (bool, error)
	SetReindexing(on bool) error
}

// pruner is what pruning needs from the block store.
type pruner interface {
	PruneFile(n int32) error
	FileInfos() []blockstore.BlockFileInfo
	LastFile() int32
	CurrentUsage() uint64
}

// Chain is the Bitcoin block chain of one network: the block index, the
// active chain and the UTXO set, stored in Core's layout under a data
// directory. See the package documentation for the model and the locking
// rules.
type Chain struct {
	opts   Options
	params *chaincfg.Params
	log    *slog.Logger

	// writeMu serializes the writers (Core's m_chainstate_mutex): block
	// and header processing, invalidation, flushes, Close. It is taken
	// before mu and held while notifications are delivered.
	writeMu sync.Mutex
	// mu is the chain lock (Core's cs_main): writers hold it exclusively,
	// readers shared. The UTXO cache is not safe for shared readers, so
	// coin lookups take it exclusively too.
	mu     sync.RWMutex
	closed bool

	store   *blockstore.Store
	files   blockFiles
	idxdb   indexDB
	pruner  pruner
	coinsKV *leveldb.DB
	coinsDB *utxoset.DB
	coins   *utxoset.Cache // the tip's coins (Core's CoinsTip)
	view    *utxoset.Cache // a child of coins for the block being (dis)connected; empty in between

	index  *blockIndex
	active chainView

	sigCache        txscript.SigCache
	sizes           cacheSizes
	pruneTarget     uint64
	checkForPruning bool
	nextWrite       time.Time
	started         bool

	notifier notifier
	pending  []Notification
	progress func(Progress)
	subCount atomic.Int32
	ibdDone  atomic.Bool
}

// Open opens (creating when needed) the chain stored in opts.DataDir: it
// loads the block index, opens the chainstate, repairs a chainstate left
// mid-flush (Core's ReplayBlocks) and finds the active chain's tip. With
// Reindex or ReindexChainstate it first wipes what is to be rebuilt. Call
// Start before processing blocks; it finishes what Open leaves (the
// reindex itself, the genesis block, connecting blocks stored but not yet
// connected).
func Open(opts Options) (*Chain, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	c := &Chain{
		opts:        opts,
		params:      opts.Params,
		log:         opts.Logger,
		index:       newBlockIndex(),
		sizes:       calcCacheSizes(opts.DBCacheMiB, opts.TxIndex),
		pruneTarget: opts.pruneTarget(),
		progress:    opts.Progress,
		sigCache:    opts.SigCache,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.sigCache == nil {
		c.sigCache = sigcache.New(DefaultSigCacheEntries)
	}
	if opts.coinsCacheBytes > 0 {
		c.sizes.coins = opts.coinsCacheBytes
	}
	c.checkForPruning = c.pruneTarget > 0
	c.nextWrite = opts.clock().Add(databaseWriteInterval)
	if err := c.open(); err != nil {
		c.closeStores()
		return nil, err
	}
	return c, nil
}

func (c *Chain) open() error {
	chainstateDir := filepath.Join(c.opts.DataDir, ChainstateDirName)
	if c.opts.Reindex || c.opts.ReindexChainstate {
		c.log.Info("wiping the chainstate for a rebuild", "dir", chainstateDir,
			"reindex", c.opts.Reindex, "reindex_chainstate", c.opts.ReindexChainstate)
		if err := os.RemoveAll(chainstateDir); err != nil {
			return wrapError(ErrCorrupt, err, "wipe %s", chainstateDir)
		}
	}
	store, err := blockstore.Open(blockstore.Options{
		Dir:              filepath.Join(c.opts.DataDir, BlocksDirName),
		Magic:            c.params.NetMagic,
		MaxBlockFileSize: c.opts.blockFileSize,
		BlockChunkSize:   c.opts.blockChunkSize,
		UndoChunkSize:    c.opts.undoChunkSize,
		IndexCacheSize:   int(c.sizes.blockIndexDB),
		WipeIndex:        c.opts.Reindex,
	})
	if err != nil {
		return err
	}
	c.store, c.files, c.idxdb, c.pruner = store, store, store, store
	if c.opts.Reindex {
		if err := c.idxdb.SetReindexing(true); err != nil {
			return err
		}
	}

	kvdb, err := leveldb.Open(chainstateDir, leveldb.Options{CacheSize: int(c.sizes.coinsDB)})
	if err != nil {
		return wrapError(ErrCorrupt, err, "open the chainstate")
	}
	c.coinsKV = kvdb
	c.coinsDB, err = utxoset.OpenDB(kvdb, utxoset.DBOptions{Rand: rand.Reader, BatchWriteBytes: c.opts.coinsBatchBytes})
	if err != nil {
		return err
	}

	if err := c.loadBlockIndex(); err != nil {
		return err
	}
	if err := c.checkFlags(); err != nil {
		return err
	}
	replayed, err := utxoset.ReplayBlocks(c.coinsDB, replaySource{c})
	if err != nil {
		return wrapError(ErrCorrupt, err, "replaying the chainstate's interrupted flush (restart with -reindex-chainstate if this persists)")
	}
	if replayed {
		c.log.Info("replayed the blocks of an interrupted chainstate flush")
	}
	c.coins = utxoset.NewCache(c.coinsDB, c.sizes.coins)
	c.view = utxoset.NewCache(c.coins, 0)
	return c.loadChainTip()
}

// checkFlags compares -txindex with the flag the index database holds, as
// Core did while the transaction index lived in blocks/index.
func (c *Chain) checkFlags() error {
	v, ok, err := c.idxdb.ReadFlag(blockstore.FlagTxIndex)
	if err != nil {
		return err
	}
	empty := len(c.index.nodes) <= 1
	if ok && v != c.opts.TxIndex && !empty {
		return makeError(ErrNeedReindex, "you need to rebuild the database using -reindex to change -txindex")
	}
	if !ok && c.opts.TxIndex && !empty {
		return makeError(ErrNeedReindex, "you need to rebuild the database using -reindex to enable -txindex")
	}
	if !ok || v != c.opts.TxIndex {
		return c.idxdb.WriteFlag(blockstore.FlagTxIndex, c.opts.TxIndex)
	}
	return nil
}

// Start finishes opening the chain: it runs the reindex Open began (or one
// a crash interrupted), stores the genesis block on a new chain, verifies
// the last Options.CheckBlocks blocks (VerifyChain at Options.CheckLevel,
// Core's startup CVerifyDB; not after a reindex) and connects the best
// chain the stored blocks allow. A verification failure is an
// ErrCorruptBlockDB error ("Corrupted block database detected"; Core asks
// to restart with -reindex or -reindex-chainstate) and nothing is
// connected. It returns ErrInterrupted when ctx is cancelled first; the
// chain is consistent and may be closed.
//
// This function is safe for concurrent access.
func (c *Chain) Start(ctx context.Context) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.unlockAndNotify()
	if c.closed {
		return makeError(ErrClosed, "blockchain: Start after Close")
	}
	reindexing, err := c.idxdb.Reindexing()
	if err != nil {
		return err
	}
	if reindexing {
		if err := c.reindexFiles(ctx); err != nil {
			return err
		}
		if err := c.idxdb.SetReindexing(false); err != nil {
			return err
		}
		c.log.Info("reindexing finished")
	}
	if err := c.loadGenesis(); err != nil {
		return err
	}
	if c.opts.CheckBlocks != 0 && !reindexing {
		if err := c.startupVerify(ctx); err != nil {
			return err
		}
	}
	c.started = true
	if err := c.activateBestChain(ctx, nil); err != nil && !IsRuleError(err) {
		return err
	}
	return nil
}

// startupVerify runs VerifyChain with Options.CheckBlocks and CheckLevel
// over the chainstate database, as Core's VerifyLoadedChainState: skipped
// checks are fine, a corruption refuses the start.
func (c *Chain) startupVerify(ctx context.Context) error {
	var base utxoset.View = c.coinsDB
	if c.coins.Len() > 0 {
		base = c.coins
	}
	err := c.verifyChain(ctx, c.opts.CheckLevel, c.opts.CheckBlocks, base)
	switch {
	case err == nil || errors.Is(err, ErrVerifySkipped):
		return nil
	case errors.Is(err, ErrCorruptBlockDB):
		return wrapError(ErrCorruptBlockDB, err, "Corrupted block database detected")
	}
	return err
}

// Stop closes the chain (see Close); it lets the chain serve as a node
// service.
func (c *Chain) Stop() error { return c.Close() }

// Close writes the block index and the UTXO cache to disk and closes the
// databases and files. Later calls return ErrClosed.
//
// This function is safe for concurrent access.
func (c *Chain) Close() error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return makeError(ErrClosed, "blockchain: already closed")
	}
	c.closed = true
	err := c.flushStateToDisk(flushAlways)
	if cerr := c.closeStores(); err == nil {
		err = cerr
	}
	return err
}

func (c *Chain) closeStores() error {
	var errs []error
	if c.store != nil {
		errs = append(errs, c.store.Close())
		c.store = nil
	}
	if c.coinsKV != nil {
		errs = append(errs, c.coinsKV.Close())
		c.coinsKV = nil
	}
	return errors.Join(errs...)
}

// Params returns the network parameters the chain validates with.
func (c *Chain) Params() *chaincfg.Params { return c.params }

// loadBlockIndex reads every block index record and rebuilds the header
// tree, the chain work, the transaction counts and the unlinked map (Core's
// LoadBlockIndex). Candidates are added by loadChainTip, once the tip is
// known.
func (c *Chain) loadBlockIndex() error {
	var recs []blockstore.DiskBlockIndex
	err := c.idxdb.ForEachBlockIndex(func(r *blockstore.DiskBlockIndex) error {
		recs = append(recs, *r)
		return nil
	})
	if err != nil {
		return err
	}
	sortByHeight(recs)
	bi := c.index
	for i := range recs {
		r := &recs[i]
		var parent *blockNode
		if r.Height > 0 {
			parent = bi.nodes[r.Header.PrevBlock]
			if parent == nil {
				return makeError(ErrCorrupt, "block index: the parent %s of %s (height %d) is missing", r.Header.PrevBlock, r.Hash, r.Height)
			}
		} else if r.Hash != c.params.GenesisHash {
			return makeError(ErrCorrupt, "block index: block %s at height 0 is not this network's genesis block", r.Hash)
		}
		if !checkProofOfWork(r.Hash, r.Header.Bits, c.params) {
			return makeError(ErrCorrupt, "block index: proof of work of %s failed", r.Hash)
		}
		n := newBlockNode(&r.Header, r.Hash, parent)
		if n.height != r.Height {
			return makeError(ErrCorrupt, "block index: %s records height %d, its parent says %d", r.Hash, r.Height, n.height)
		}
		n.status, n.txCount = r.Status, r.TxCount
		n.file, n.dataPos, n.undoPos = r.File, r.DataPos, r.UndoPos
		n.seqID = seqFromDisk
		bi.nodes[n.hash] = n
		if n.txCount > 0 {
			switch {
			case parent == nil:
				n.chainTxCount = uint64(n.txCount)
			case parent.haveChainTxs():
				n.chainTxCount = parent.chainTxCount + uint64(n.txCount)
			default:
				bi.unlinked[parent] = append(bi.unlinked[parent], n)
			}
		}
		if !n.failed() && parent != nil && parent.failed() {
			n.status |= blockstore.BlockFailedChild
			bi.markDirty(n)
		}
		if n.failed() && (bi.bestInvalid == nil || n.chainWork.Cmp(&bi.bestInvalid.chainWork) > 0) {
			bi.bestInvalid = n
		}
		if n.isValid(blockstore.BlockValidTree) && (bi.bestHeader == nil || workLess(bi.bestHeader, n)) {
			bi.bestHeader = n
		}
	}
	c.log.Info("loaded the block index", "headers", len(recs))
	return nil
}

// loadChainTip sets the active chain to the chainstate's best block and
// fills the candidate set (Core's LoadChainTip and the candidate part of
// LoadBlockIndex).
func (c *Chain) loadChainTip() error {
	best, err := c.coins.BestBlock()
	if err != nil {
		return err
	}
	var tip *blockNode
	if !best.IsZero() {
		tip = c.index.lookup(best)
		if tip == nil {
			return makeError(ErrCorrupt, "the chainstate's best block %s is not in the block index (restart with -reindex-chainstate)", best)
		}
		tip.seqID = seqBestFromDisk
		c.active.setTip(tip)
	}
	for _, n := range sortedNodes(c.index.nodes) {
		if n.isValid(blockstore.BlockValidTransactions) && (n.haveChainTxs() || n.parent == nil) {
			if tip == nil || !workLess(n, tip) {
				c.index.candidates.insert(n)
			}
		}
	}
	if tip != nil {
		c.log.Info("loaded the chain tip", "height", tip.height, "hash", tip.hash,
			"time", time.Unix(int64(tip.timestamp), 0).UTC())
	}
	return nil
}

// loadGenesis stores the genesis block when the index lacks it (Core's
// LoadGenesisBlock).
func (c *Chain) loadGenesis() error {
	hash := c.params.GenesisHash
	if c.index.lookup(hash) != nil {
		return nil
	}
	blk := c.params.GenesisBlock
	pos, err := c.files.WriteBlock(blk.Bytes(), 0)
	if err != nil {
		return err
	}
	n := c.index.add(&blk.Header, hash, nil)
	c.receivedBlockTransactions(n, blk, pos)
	return nil
}

// replaySource gives utxoset.ReplayBlocks the block index and files. It is
// used during Open, before anything else can reach the chain.
type replaySource struct{ c *Chain }

func (s replaySource) Height(hash chainhash.Hash) (uint32, bool) {
	n := s.c.index.lookup(hash)
	if n == nil {
		return 0, false
	}
	return uint32(n.height), true
}

func (s replaySource) Ancestor(hash chainhash.Hash, height uint32) (chainhash.Hash, bool) {
	n := s.c.index.lookup(hash)
	if n == nil {
		return chainhash.Hash{}, false
	}
	a := n.ancestor(int32(height))
	if a == nil {
		return chainhash.Hash{}, false
	}
	return a.hash, true
}

func (s replaySource) Block(hash chainhash.Hash) (*primitives.Block, error) {
	n := s.c.index.lookup(hash)
	if n == nil || !n.haveData() {
		return nil, makeError(ErrNotFound, "block %s is not stored", hash)
	}
	return s.c.files.ReadBlock(n.blockPos(), &n.hash)
}

func (s replaySource) Undo(hash chainhash.Hash) (*utxoset.BlockUndo, error) {
	n := s.c.index.lookup(hash)
	if n == nil {
		return nil, makeError(ErrNotFound, "block %s is not stored", hash)
	}
	return s.c.readUndo(n)
}
