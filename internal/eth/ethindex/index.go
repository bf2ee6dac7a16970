package ethindex

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"sync"

	"github.com/twinchain/twinchain/internal/catchup"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

// Chain is what the index needs from the account chain. The method set is
// a subset of ethchain.BlockChain's.
type Chain interface {
	// GetCanonicalHash returns the canonical block hash at number.
	GetCanonicalHash(number uint64) (ethtypes.Hash, bool)
	// GetBlockByHash returns a stored block, side and stale ones included.
	GetBlockByHash(hash ethtypes.Hash) (*ethtypes.Block, bool)
	// GetReceipts returns a stored block's receipts with the derived
	// fields (ContractAddress) filled.
	GetReceipts(hash ethtypes.Hash) (ethtypes.Receipts, bool)
}

// Config configures an Index.
type Config struct {
	// Chain is the chain the index follows.
	Chain Chain
	// Signer recovers transaction senders (the chain's latest signer).
	Signer ethtypes.Signer
	// DataDir is the chain's data directory; the database lives in
	// DataDir/addrindex. Ignored when Store is set.
	DataDir string
	// Store, when set, is used instead of opening Pebble (tests). The
	// index closes it.
	Store kv.Store
	// Progress, when set, is called by the background catch-up every
	// 1000 blocks, when it reaches the head (synced) and when it stops on
	// an error (err; the next update retries).
	Progress func(number uint64, synced bool, err error)
}

// DBPath returns the directory of the index database under the chain's
// data directory.
func DBPath(dataDir string) string { return filepath.Join(dataDir, "addrindex") }

// Update is a change of the canonical chain, as the chain's head events
// report it.
type Update struct {
	// Removed are the blocks that left the canonical chain, newest first.
	Removed []*ethtypes.Block
	// Added are the blocks that joined it, oldest first.
	Added []*ethtypes.Block
	// Receipts, when set, are the receipts of the last Added block (they
	// are read from the chain otherwise).
	Receipts ethtypes.Receipts
}

// Index is the account chain's address index.
type Index struct {
	chain  Chain
	signer ethtypes.Signer
	db     kv.Store

	loop     catchup.Loop // the background catch-up, under mu
	mu       sync.Mutex   // serialises writes and guards the fields below
	bestHash ethtypes.Hash
	bestNum  uint64
	hasBest  bool
	scratch  scratch
}

// Open opens (creating it if needed) the index. Call Start to begin
// catching up with the chain.
func Open(cfg Config) (*Index, error) {
	db := cfg.Store
	if db == nil {
		pdb, err := pebble.Open(DBPath(cfg.DataDir), pebble.Options{CacheSize: 16 << 20, MemTableSize: 8 << 20})
		if err != nil {
			return nil, makeError(ErrCorrupt, err, "open address index")
		}
		db = pdb
	}
	ix := &Index{chain: cfg.Chain, signer: cfg.Signer, db: db}
	var report func(int64, bool, error)
	if cfg.Progress != nil {
		report = func(n int64, synced bool, err error) { cfg.Progress(uint64(n), synced, err) }
	}
	ix.loop.Init(&ix.mu, ix.stepLocked, func() int64 { return int64(ix.bestNum) }, report)
	if err := ix.load(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) load() error {
	v, err := ix.db.Get(keyVersion)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return ix.db.Put(keyVersion, binary.LittleEndian.AppendUint32(nil, schemaVersion))
	case err != nil:
		return makeError(ErrCorrupt, err, "read address index version")
	case len(v) != 4:
		return makeError(ErrCorrupt, nil, "address index version of %d bytes", len(v))
	case binary.LittleEndian.Uint32(v) != schemaVersion:
		return makeError(ErrVersion, nil, "address index schema version %d, want %d", binary.LittleEndian.Uint32(v), schemaVersion)
	}
	b, err := ix.db.Get(keyBest)
	if errors.Is(err, kv.ErrNotFound) {
		return nil
	}
	if err != nil {
		return makeError(ErrCorrupt, err, "read address index best block")
	}
	ix.bestHash, ix.bestNum, err = decodeBest(b)
	ix.hasBest = err == nil
	return err
}

// Start begins the background catch-up to the chain's head.
func (ix *Index) Start() { ix.loop.Kick() }

func (ix *Index) kickLocked() { ix.loop.KickLocked() }

// stepLocked moves the index one block towards the chain's head.
func (ix *Index) stepLocked() (done bool, err error) {
	next := uint64(0)
	if ix.hasBest {
		if h, ok := ix.chain.GetCanonicalHash(ix.bestNum); !ok || h != ix.bestHash {
			return false, ix.disconnectLocked()
		}
		next = ix.bestNum + 1
	}
	hash, ok := ix.chain.GetCanonicalHash(next)
	if !ok {
		return true, nil
	}
	blk, rs, err := ix.fetch(hash, nil)
	if err != nil {
		return false, err
	}
	return false, ix.connectLocked(blk, rs)
}

// fetch returns a block and its receipts (rs when already known).
func (ix *Index) fetch(hash ethtypes.Hash, rs ethtypes.Receipts) (*ethtypes.Block, ethtypes.Receipts, error) {
	blk, ok := ix.chain.GetBlockByHash(hash)
	if !ok {
		return nil, nil, makeError(ErrChain, nil, "block %x not found", hash[:])
	}
	if rs == nil {
		if rs, ok = ix.chain.GetReceipts(hash); !ok {
			return nil, nil, makeError(ErrChain, nil, "receipts of block %x not found", hash[:])
		}
	}
	return blk, rs, nil
}

// ChainUpdate applies a change of the canonical chain: each removed block
// that is the index's best block is undone, then each added block that
// continues it is indexed. An update that does not fit the index's best
// block starts the background catch-up instead.
//
// This function is safe for concurrent access.
func (ix *Index) ChainUpdate(u Update) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.loop.ClosedLocked() {
		return
	}
	if !ix.loop.SyncedLocked() {
		ix.kickLocked()
		return
	}
	for _, b := range u.Removed {
		if !ix.hasBest || b.Hash() != ix.bestHash {
			ix.kickLocked()
			return
		}
		if err := ix.disconnectLocked(); err != nil {
			ix.kickLocked()
			return
		}
	}
	for i, b := range u.Added {
		if !ix.hasBest || b.Header.ParentHash != ix.bestHash || b.Number() != ix.bestNum+1 {
			if ix.hasBest && b.Hash() == ix.bestHash {
				continue // already indexed
			}
			ix.kickLocked()
			return
		}
		var rs ethtypes.Receipts
		if i == len(u.Added)-1 {
			rs = u.Receipts
		}
		_, rs, err := ix.fetch(b.Hash(), rs)
		if err == nil {
			err = ix.connectLocked(b, rs)
		}
		if err != nil {
			ix.kickLocked()
			return
		}
	}
}

// Close stops the catch-up and closes the database.
func (ix *Index) Close() error {
	if !ix.loop.Stop() {
		return nil
	}
	return ix.db.Close()
}

// Best returns the index's best block and whether it has one.
//
// This function is safe for concurrent access.
func (ix *Index) Best() (hash ethtypes.Hash, number uint64, ok bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.bestHash, ix.bestNum, ix.hasBest
}

// Synced reports whether the index has caught up with the chain's head.
//
// This function is safe for concurrent access.
func (ix *Index) Synced() bool { return ix.loop.Synced() }
