package blockchain

import (
	"log/slog"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Defaults and limits of the options, Core's values.
const (
	// DefaultDBCacheMiB is Core's -dbcache default.
	DefaultDBCacheMiB = 450
	// MinDBCacheMiB is Core's MIN_DB_CACHE.
	MinDBCacheMiB = 4
	// MinPruneMiB is the smallest -prune target Core accepts
	// (MIN_DISK_SPACE_FOR_BLOCK_FILES).
	MinPruneMiB = 550
	// MinBlocksToKeep is how many blocks below the tip pruning keeps
	// (Core's MIN_BLOCKS_TO_KEEP).
	MinBlocksToKeep = 288
	// DefaultSigCacheEntries sizes the signature cache when Options
	// brings none: about 32 MiB, Core's default -maxsigcachesize share.
	DefaultSigCacheEntries = 320_000
)

// Options configures a Chain. Params and DataDir are required; the zero
// value of every other field means Core's default.
type Options struct {
	// Params are the network's parameters. The chain keeps the pointer:
	// do not modify them afterwards.
	Params *chaincfg.Params

	// DataDir is the network's data directory; the chain keeps blocks/
	// (blk and rev files, blocks/index) and chainstate/ in it, in Bitcoin
	// Core's layout.
	DataDir string

	// DBCacheMiB is the memory budget in MiB (-dbcache): a slice goes to
	// the LevelDB caches, the rest to the UTXO cache, which is flushed
	// when it outgrows its share. Zero means DefaultDBCacheMiB.
	DBCacheMiB int

	// TxIndex keeps the position of every transaction ('t' records in
	// blocks/index, -txindex).
	TxIndex bool

	// PruneMiB is the -prune target in MiB: zero keeps every block;
	// otherwise at least MinPruneMiB, and blk/rev file pairs whose blocks
	// are all more than MinBlocksToKeep below the tip are deleted while
	// the files use more than the target.
	PruneMiB int

	// Reindex rebuilds the block index and the chainstate from the blk
	// files (-reindex).
	Reindex bool

	// ReindexChainstate rebuilds the chainstate from the blocks the index
	// knows (-reindex-chainstate).
	ReindexChainstate bool

	// AssumeValid names a block whose ancestors' scripts need not be
	// verified (-assumevalid), under Core's conditions (see
	// shouldCheckScripts). Zero verifies every script.
	AssumeValid chainhash.Hash

	// CheckBlocks is how many blocks below the tip Start verifies with
	// VerifyChain before connecting anything (Core's -checkblocks, whose
	// default DefaultCheckBlocks the node passes). Unlike Core, zero skips
	// the verification (Core's -checkblocks=0, every block, is any
	// negative value here). It is skipped during a reindex.
	CheckBlocks int

	// CheckLevel is how thorough that verification is, 0 to 4 (Core's
	// -checklevel, default DefaultCheckLevel; see VerifyChain).
	CheckLevel int

	// Logger receives the chain's log lines; nil discards them.
	Logger *slog.Logger

	// Clock returns the current time for the "time-too-new" rule and the
	// periodic flushes; nil means time.Now.
	Clock func() time.Time

	// ScriptWorkers is the number of goroutines verifying scripts: zero
	// means GOMAXPROCS, one verifies on the calling goroutine.
	ScriptWorkers int

	// SigCache is the signature cache shared with the mempool; nil makes
	// the chain build its own with DefaultSigCacheEntries.
	SigCache txscript.SigCache

	// Progress, when set, is called after each block connected to the
	// active chain, with the chain lock held: it must return quickly and
	// must not call the Chain's methods.
	Progress func(Progress)

	// Observer, when set, receives block timings and UTXO cache events
	// (metrics); nil measures nothing.
	Observer Observer

	// ReindexProgress, when set, is called after each blk file a -reindex
	// has scanned (the chain reports progress through it rather than
	// printing); it runs with the chain lock held and must not call the
	// Chain's methods.
	ReindexProgress func(ReindexStatus)

	// blockFileSize, blockChunkSize and undoChunkSize shrink the flat files
	// in tests (zero: Core's sizes); pruneTargetBytes overrides PruneMiB's
	// target in bytes; coinsCacheBytes overrides the UTXO cache budget and
	// coinsBatchBytes the chainstate's partial batch size.
	blockFileSize    uint32
	blockChunkSize   uint32
	undoChunkSize    uint32
	pruneTargetBytes uint64
	coinsCacheBytes  int64
	coinsBatchBytes  int
}

// Progress reports the active chain's tip after a block is connected.
type Progress struct {
	Height int32
	Hash   chainhash.Hash
	// BlockTime is the tip's header timestamp.
	BlockTime time.Time
	// ChainTxs is the number of transactions from genesis to the tip.
	ChainTxs uint64
	// CoinsCacheBytes is the UTXO cache's memory estimate, and
	// CoinsCacheLimit its budget.
	CoinsCacheBytes int64
	CoinsCacheLimit int64
}

// cacheSizes is the split of -dbcache Core's CalculateCacheSizes makes.
type cacheSizes struct {
	blockIndexDB int64
	txIndexDB    int64
	coinsDB      int64
	coins        int64
}

const (
	maxBlockDBCache = 2 << 20 // Core's nMaxBlockDBCache (MiB 2)
	maxCoinsDBCache = 8 << 20 // Core's nMaxCoinsDBCache (MiB 8)
	maxTxIndexCache = 1 << 30 // Core's max_tx_index_cache
	coinsDBMinShare = 8 << 20 // (total / 4) + (1 << 23)
)

func calcCacheSizes(dbcacheMiB int, txindex bool) cacheSizes {
	total := int64(dbcacheMiB) << 20
	var s cacheSizes
	s.blockIndexDB = min(total/8, maxBlockDBCache)
	total -= s.blockIndexDB
	if txindex {
		s.txIndexDB = min(total/8, maxTxIndexCache)
		total -= s.txIndexDB
	}
	s.coinsDB = min(min(total/2, total/4+coinsDBMinShare), maxCoinsDBCache)
	total -= s.coinsDB
	s.coins = total
	return s
}

func (o *Options) clock() time.Time {
	if o.Clock != nil {
		return o.Clock()
	}
	return time.Now()
}

func (o *Options) validate() error {
	if o.Params == nil {
		return makeError(ErrInvalidOptions, "blockchain: no network parameters")
	}
	if o.DataDir == "" {
		return makeError(ErrInvalidOptions, "blockchain: no data directory")
	}
	if o.DBCacheMiB == 0 {
		o.DBCacheMiB = DefaultDBCacheMiB
	}
	if o.DBCacheMiB < MinDBCacheMiB {
		o.DBCacheMiB = MinDBCacheMiB
	}
	if o.PruneMiB < 0 {
		return makeError(ErrInvalidOptions, "prune target %d MiB is negative", o.PruneMiB)
	}
	if o.PruneMiB > 0 && o.PruneMiB < MinPruneMiB && o.pruneTargetBytes == 0 {
		return makeError(ErrInvalidOptions, "prune configured below the minimum of %d MiB; please use a higher number", MinPruneMiB)
	}
	if (o.PruneMiB > 0 || o.pruneTargetBytes > 0) && o.TxIndex {
		return makeError(ErrInvalidOptions, "prune mode is incompatible with -txindex")
	}
	return nil
}

func (o *Options) pruneTarget() uint64 {
	if o.pruneTargetBytes > 0 {
		return o.pruneTargetBytes
	}
	return uint64(o.PruneMiB) << 20
}
