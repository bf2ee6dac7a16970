package indexers

import (
	"encoding/binary"
	"errors"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/blockfilter"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/leveldb"
)

// Chain is what the index needs from the node's block chain.
type Chain interface {
	// BlockHashByHeight returns the active chain's block at height (an
	// error when beyond the tip).
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	// BlockByHash returns a stored block.
	BlockByHash(hash chainhash.Hash) (*primitives.Block, error)
	// SpentScripts returns the scriptPubKeys of the coins the block's
	// inputs spent (from its undo data; nil for the genesis block).
	SpentScripts(hash chainhash.Hash) ([][]byte, error)
}

// Config configures a BlockFilterIndex.
type Config struct {
	// Chain is the chain the index follows.
	Chain Chain
	// DataDir is the node's network data directory; the database lives in
	// DataDir/indexes/blockfilter/basic/db. Ignored when Store is set.
	DataDir string
	// Store, when set, is used instead of opening LevelDB (tests). The
	// index closes it.
	Store kv.Store
	// CacheMiB is the LevelDB cache (default 8).
	CacheMiB int
	// Progress, when set, is called by the background catch-up every
	// 1000 blocks, when it reaches the tip (synced) and when it stops on
	// an error (err; the next notification retries).
	Progress func(height int32, synced bool, err error)
}

// DBPath returns the directory of the filter index database under a
// network data directory.
func DBPath(dataDir string) string {
	return filepath.Join(dataDir, "indexes", "blockfilter", "basic", "db")
}

// BlockFilterIndex is the BIP157/158 basic block filter index.
type BlockFilterIndex struct {
	chain Chain
	db    kv.Store
	runner
	bestHeader chainhash.Hash // the best block's filter header (under mu)
}

// OpenBlockFilterIndex opens (creating it if needed) the index. Call Start
// to begin catching up with the chain.
func OpenBlockFilterIndex(cfg Config) (*BlockFilterIndex, error) {
	db := cfg.Store
	if db == nil {
		cache := cfg.CacheMiB
		if cache <= 0 {
			cache = 8
		}
		ldb, err := leveldb.Open(DBPath(cfg.DataDir), leveldb.Options{CacheSize: cache << 20})
		if err != nil {
			return nil, makeError(ErrCorrupt, err, "open block filter index")
		}
		db = ldb
	}
	ix := &BlockFilterIndex{chain: cfg.Chain, db: db}
	ix.init(ix.stepLocked, cfg.Progress)
	if err := ix.load(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *BlockFilterIndex) load() error {
	v, err := ix.db.Get(keyVersion)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return ix.db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, schemaVersion))
	case err != nil:
		return makeError(ErrCorrupt, err, "read index version")
	case len(v) != 4:
		return makeError(ErrCorrupt, nil, "index version of %d bytes", len(v))
	case binary.LittleEndian.Uint32(v) != schemaVersion:
		return makeError(ErrVersion, nil, "index schema version %d, want %d", binary.LittleEndian.Uint32(v), schemaVersion)
	}
	b, err := ix.db.Get(keyBest)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	if err != nil {
		return makeError(ErrCorrupt, err, "read index best block")
	}
	hash, height, err := decodeBest(b)
	if err != nil {
		return err
	}
	e, err := ix.entryAt(height)
	if err != nil {
		return err
	}
	if e.blockHash != hash {
		return makeError(ErrCorrupt, nil, "best block %s is not the block at height %d", hash, height)
	}
	ix.bestHash, ix.bestHeight, ix.bestHeader = hash, height, e.header
	return nil
}

// stepLocked moves the index one block towards the chain's tip: back one
// block when its best block left the active chain, else forward one. It
// reports done when the best block is the tip.
func (ix *BlockFilterIndex) stepLocked() (done bool, err error) {
	if ix.bestHeight >= 0 {
		h, err := ix.chain.BlockHashByHeight(ix.bestHeight)
		if err != nil || h != ix.bestHash {
			return false, ix.rewindLocked()
		}
	}
	next := ix.bestHeight + 1
	hash, err := ix.chain.BlockHashByHeight(next)
	if err != nil {
		return true, nil
	}
	blk, err := ix.chain.BlockByHash(hash)
	if err != nil {
		return false, makeError(ErrChain, err, "read block %s", hash)
	}
	var scripts [][]byte
	if next > 0 {
		if scripts, err = ix.chain.SpentScripts(hash); err != nil {
			return false, makeError(ErrChain, err, "read undo data of block %s", hash)
		}
	}
	return false, ix.connectLocked(blk, hash, next, scripts)
}

// connectLocked indexes blk as the child of the best block.
func (ix *BlockFilterIndex) connectLocked(blk *primitives.Block, hash chainhash.Hash, height int32, spent [][]byte) error {
	f, err := blockfilter.NewBasicFilter(blk, spent)
	if err != nil {
		return makeError(ErrChain, err, "build filter of block %s", hash)
	}
	fh := f.Hash()
	header := blockfilter.FilterHeader(fh, ix.bestHeader)
	b := ix.db.NewBatch()
	_ = b.Put(filterKey(hash), encodeFilterRecord(filterRecord{height: height, filterHash: fh, header: header, filter: f.Bytes()}))
	_ = b.Put(heightKey(height), encodeHeightEntry(heightEntry{blockHash: hash, filterHash: fh, header: header}))
	_ = b.Put(keyBest, encodeBest(hash, height))
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "write filter of block %s", hash)
	}
	ix.bestHash, ix.bestHeight, ix.bestHeader = hash, height, header
	return nil
}

// rewindLocked removes the best block from the index's active chain.
func (ix *BlockFilterIndex) rewindLocked() error {
	b := ix.db.NewBatch()
	_ = b.Delete(heightKey(ix.bestHeight))
	var prev heightEntry
	if ix.bestHeight > 0 {
		var err error
		if prev, err = ix.entryAt(ix.bestHeight - 1); err != nil {
			return err
		}
		_ = b.Put(keyBest, encodeBest(prev.blockHash, ix.bestHeight-1))
	} else {
		_ = b.Delete(keyBest)
	}
	if err := b.Write(false); err != nil {
		return makeError(ErrCorrupt, err, "rewind block filter index")
	}
	ix.bestHash, ix.bestHeader = prev.blockHash, prev.header
	ix.bestHeight--
	return nil
}

// BlockConnected indexes a block the chain connected (spent holds the
// scripts its inputs spent). A block that does not extend the index's best
// block starts the background catch-up instead.
func (ix *BlockFilterIndex) BlockConnected(blk *primitives.Block, hash chainhash.Hash, height int32, spent [][]byte) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.extendsLocked(hash, blk.Header.PrevBlock, height) {
		return
	}
	if err := ix.connectLocked(blk, hash, height, spent); err != nil {
		ix.kickLocked()
	}
}

// BlockDisconnected removes the chain's disconnected tip from the index's
// active chain (its filter stays).
func (ix *BlockFilterIndex) BlockDisconnected(hash chainhash.Hash, height int32) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.isTipLocked(hash, height) {
		return
	}
	if err := ix.rewindLocked(); err != nil {
		ix.kickLocked()
	}
}

// Close stops the catch-up and closes the database.
func (ix *BlockFilterIndex) Close() error {
	if !ix.stop() {
		return nil
	}
	return ix.db.Close()
}
