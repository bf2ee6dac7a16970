package blockchain

import (
	"errors"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BestState describes the active chain's tip and the best header.
type BestState struct {
	Hash       chainhash.Hash
	Height     int32 // -1 before the genesis block is connected
	Time       time.Time
	MedianTime time.Time
	ChainWork  uint256.Int
	// ChainTxs is the number of transactions from genesis to the tip.
	ChainTxs uint64

	// BestHeaderHash and BestHeaderHeight name the valid header with the
	// most work, which may be ahead of the tip.
	BestHeaderHash   chainhash.Hash
	BestHeaderHeight int32
}

// BestState returns the tip of the active chain.
//
// This function is safe for concurrent access.
func (c *Chain) BestState() BestState {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s := BestState{Height: -1, BestHeaderHeight: -1}
	if tip := c.active.tip(); tip != nil {
		s.Hash, s.Height = tip.hash, tip.height
		s.Time = time.Unix(int64(tip.timestamp), 0).UTC()
		s.MedianTime = time.Unix(tip.medianTimePast(), 0).UTC()
		s.ChainWork = tip.chainWork
		s.ChainTxs = tip.chainTxCount
	}
	if bh := c.index.bestHeader; bh != nil {
		s.BestHeaderHash, s.BestHeaderHeight = bh.hash, bh.height
	}
	return s
}

// BestHeight returns the active chain's height (-1 when it is empty).
//
// This function is safe for concurrent access.
func (c *Chain) BestHeight() int32 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.active.height()
}

// BestHash returns the hash of the active chain's tip (zero when empty).
//
// This function is safe for concurrent access.
func (c *Chain) BestHash() chainhash.Hash {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if tip := c.active.tip(); tip != nil {
		return tip.hash
	}
	return chainhash.Hash{}
}

// BlockInfo is what the block index knows about one block (the fields of
// Core's getblockheader and getblock that do not need the block's data).
type BlockInfo struct {
	Hash       chainhash.Hash
	Height     int32
	Header     primitives.Header
	ChainWork  uint256.Int
	MedianTime time.Time
	Status     BlockStatus
	// TxCount is the number of transactions (0 when the data never
	// arrived); ChainTxs the count from genesis (0 when an ancestor's data
	// is missing).
	TxCount  uint32
	ChainTxs uint64
	// InActiveChain reports whether the block is on the active chain;
	// NextHash is then its successor (zero at the tip).
	InActiveChain bool
	NextHash      chainhash.Hash
	// HaveData reports whether the block is stored (not pruned).
	HaveData bool
}

// BlockInfo returns what the index knows about a block (ErrNotFound when
// nothing).
//
// This function is safe for concurrent access.
func (c *Chain) BlockInfo(hash chainhash.Hash) (BlockInfo, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := c.index.lookup(hash)
	if n == nil {
		return BlockInfo{}, makeError(ErrNotFound, "block %s not found", hash)
	}
	info := BlockInfo{
		Hash:          n.hash,
		Height:        n.height,
		Header:        n.header(),
		ChainWork:     n.chainWork,
		MedianTime:    time.Unix(n.medianTimePast(), 0).UTC(),
		Status:        n.status,
		TxCount:       n.txCount,
		ChainTxs:      n.chainTxCount,
		InActiveChain: c.active.contains(n),
		HaveData:      n.haveData(),
	}
	if next := c.active.next(n); next != nil {
		info.NextHash = next.hash
	}
	return info, nil
}

// BlockHashByHeight returns the hash of the active chain's block at height.
//
// This function is safe for concurrent access.
func (c *Chain) BlockHashByHeight(height int32) (chainhash.Hash, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := c.active.at(height)
	if n == nil {
		return chainhash.Hash{}, makeError(ErrNotFound, "block height %d out of range", height)
	}
	return n.hash, nil
}

// HeaderByHash returns a known block's header.
//
// This function is safe for concurrent access.
func (c *Chain) HeaderByHash(hash chainhash.Hash) (primitives.Header, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := c.index.lookup(hash)
	if n == nil {
		return primitives.Header{}, makeError(ErrNotFound, "block %s not found", hash)
	}
	return n.header(), nil
}

// storedPos returns where a block's data is, under the read lock.
func (c *Chain) storedPos(hash chainhash.Hash) (blockstore.FilePos, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return blockstore.FilePos{}, makeError(ErrClosed, "blockchain: read after Close")
	}
	n := c.index.lookup(hash)
	switch {
	case n == nil:
		return blockstore.FilePos{}, makeError(ErrNotFound, "block %s not found", hash)
	case !n.haveData() && n.txCount > 0:
		return blockstore.FilePos{}, makeError(ErrBlockPruned, "block %s not available (pruned data)", hash)
	case !n.haveData():
		return blockstore.FilePos{}, makeError(ErrNotFound, "block %s not available (header only)", hash)
	}
	return n.blockPos(), nil
}

// BlockByHash reads a stored block.
//
// This function is safe for concurrent access.
func (c *Chain) BlockByHash(hash chainhash.Hash) (*primitives.Block, error) {
	pos, err := c.storedPos(hash)
	if err != nil {
		return nil, err
	}
	return c.files.ReadBlock(pos, &hash)
}

// RawBlockByHash reads a stored block's serialization.
//
// This function is safe for concurrent access.
func (c *Chain) RawBlockByHash(hash chainhash.Hash) ([]byte, error) {
	pos, err := c.storedPos(hash)
	if err != nil {
		return nil, err
	}
	return c.files.ReadRawBlock(pos)
}

// BlockByHeight reads the active chain's block at height.
//
// This function is safe for concurrent access.
func (c *Chain) BlockByHeight(height int32) (*primitives.Block, error) {
	hash, err := c.BlockHashByHeight(height)
	if err != nil {
		return nil, err
	}
	return c.BlockByHash(hash)
}

// BlockUndo reads the undo data of a connected block: the coins its
// transactions spent (Core's block undo, for getblock verbosity 3 and
// indexers).
//
// This function is safe for concurrent access.
func (c *Chain) BlockUndo(hash chainhash.Hash) (*utxoset.BlockUndo, error) {
	c.mu.RLock()
	n := c.index.lookup(hash)
	if n == nil {
		c.mu.RUnlock()
		return nil, makeError(ErrNotFound, "block %s not found", hash)
	}
	have, pos, parent := n.haveUndo(), n.undoFilePos(), n.parent
	c.mu.RUnlock()
	if !have || parent == nil {
		return nil, makeError(ErrNotFound, "no undo data for block %s", hash)
	}
	raw, err := c.files.ReadRawUndo(pos, parent.hash)
	if err != nil {
		return nil, err
	}
	return utxoset.DecodeBlockUndo(raw)
}

// BlockLocator returns a block locator from the given block backwards, or
// from the tip when hash is nil (Core's GetLocator).
//
// This function is safe for concurrent access.
func (c *Chain) BlockLocator(hash *chainhash.Hash) ([]chainhash.Hash, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := c.active.tip()
	if hash != nil {
		n = c.index.lookup(*hash)
		if n == nil {
			return nil, makeError(ErrNotFound, "block %s not found", *hash)
		}
	}
	return locator(n), nil
}

// FindFork returns the last block of the active chain that a locator names
// (Core's FindForkInGlobalIndex), the genesis block when none.
//
// This function is safe for concurrent access.
func (c *Chain) FindFork(loc []chainhash.Hash) (chainhash.Hash, int32) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, h := range loc {
		n := c.index.lookup(h)
		if n == nil {
			continue
		}
		if c.active.contains(n) {
			return n.hash, n.height
		}
		if tip := c.active.tip(); tip != nil && n.ancestor(tip.height) == tip {
			return tip.hash, tip.height
		}
	}
	if g := c.active.genesis(); g != nil {
		return g.hash, 0
	}
	return chainhash.Hash{}, -1
}

// LookupCoin returns the unspent output at op in the UTXO set of the
// active tip. The coin does not alias the cache.
//
// This function is safe for concurrent access.
func (c *Chain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return primitives.Coin{}, false, makeError(ErrClosed, "blockchain: LookupCoin after Close")
	}
	coin, _, err := c.coins.AccessCoin(op, nil)
	if errors.Is(err, utxoset.ErrMissingCoin) {
		return primitives.Coin{}, false, nil
	}
	if err != nil {
		return primitives.Coin{}, false, err
	}
	return coin, true, nil
}

// UTXOStats flushes the UTXO cache and computes the statistics of the set
// (Core's gettxoutsetinfo), with the hashes asked for. It also returns the
// height of the block the set belongs to.
//
// This function is safe for concurrent access.
func (c *Chain) UTXOStats(hashes utxoset.HashType) (*utxoset.Stats, int32, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, 0, makeError(ErrClosed, "blockchain: UTXOStats after Close")
	}
	if err := c.flushStateToDisk(flushAlways); err != nil {
		return nil, 0, err
	}
	st, err := utxoset.ComputeStats(c.coinsDB, hashes)
	if err != nil {
		return nil, 0, err
	}
	height := int32(-1)
	if n := c.index.lookup(st.BestBlock); n != nil {
		height = n.height
	}
	return st, height, nil
}

// ChainTip is a tip of the block tree (Core's getchaintips entry).
type ChainTip struct {
	Hash   chainhash.Hash
	Height int32
	// BranchLen is the distance to the active chain (0 for the active tip).
	BranchLen int32
	// Status is Core's: "active", "valid-fork", "valid-headers",
	// "headers-only" or "invalid".
	Status string
}

// ChainTips returns every block without a known child, plus the active tip.
//
// This function is safe for concurrent access.
func (c *Chain) ChainTips() []ChainTip {
	c.mu.RLock()
	defer c.mu.RUnlock()
	hasChild := make(map[*blockNode]bool, len(c.index.nodes))
	for _, n := range c.index.nodes {
		if n.parent != nil {
			hasChild[n.parent] = true
		}
	}
	var tips []ChainTip
	for _, n := range c.index.nodes {
		if hasChild[n] && n != c.active.tip() {
			continue
		}
		t := ChainTip{Hash: n.hash, Height: n.height}
		if fork := c.active.findFork(n); fork != nil {
			t.BranchLen = n.height - fork.height
		}
		switch {
		case c.active.contains(n):
			t.Status = "active"
		case n.failed():
			t.Status = "invalid"
		case !n.haveChainTxs():
			t.Status = "headers-only"
		case n.isValid(blockstore.BlockValidScripts):
			t.Status = "valid-fork"
		case n.isValid(blockstore.BlockValidTree):
			t.Status = "valid-headers"
		default:
			t.Status = "unknown"
		}
		tips = append(tips, t)
	}
	return tips
}

// HaveBlock reports whether the block is known with its data.
//
// This function is safe for concurrent access.
func (c *Chain) HaveBlock(hash chainhash.Hash) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := c.index.lookup(hash)
	return n != nil && n.haveData()
}

// TxByID returns a transaction and the hash of the block holding it, from
// the transaction index (Options.TxIndex; ErrNotFound otherwise). The block
// may have left the active chain since; BlockInfo tells.
//
// This function is safe for concurrent access.
func (c *Chain) TxByID(txid chainhash.Hash) (*primitives.Tx, chainhash.Hash, error) {
	if !c.opts.TxIndex {
		return nil, chainhash.Hash{}, makeError(ErrNotFound, "no transaction index (-txindex is off)")
	}
	c.mu.RLock()
	closed := c.closed
	c.mu.RUnlock()
	if closed {
		return nil, chainhash.Hash{}, makeError(ErrClosed, "blockchain: TxByID after Close")
	}
	pos, err := c.store.ReadTxPos(txid)
	if errors.Is(err, blockstore.ErrNotFound) {
		return nil, chainhash.Hash{}, makeError(ErrNotFound, "transaction %s not found", txid)
	}
	if err != nil {
		return nil, chainhash.Hash{}, err
	}
	tx, hdr, err := c.store.ReadTx(pos)
	if err != nil || tx.TxHash() != txid {
		return nil, chainhash.Hash{}, makeError(ErrNotFound, "transaction %s not found at its indexed position", txid)
	}
	return tx, hdr.BlockHash(), nil
}

// maxTipAge is how old the tip may be for the node to leave initial block
// download (Core's DEFAULT_MAX_TIP_AGE, 24 hours).
const maxTipAge = 24 * time.Hour

// IsInitialBlockDownload reports whether the chain is still catching up
// (Core's IsInitialBlockDownload): true until the tip has at least the
// network's minimum chain work and is less than a day old by the chain's
// clock; once false it stays false.
//
// This function is safe for concurrent access.
func (c *Chain) IsInitialBlockDownload() bool {
	if c.ibdDone.Load() {
		return false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	tip := c.active.tip()
	if tip == nil || tip.chainWork.Cmp(&c.params.MinimumChainWork) < 0 {
		return true
	}
	if time.Unix(int64(tip.timestamp), 0).Before(c.opts.clock().Add(-maxTipAge)) {
		return true
	}
	c.ibdDone.Store(true)
	return false
}

// StorageInfo describes the block storage (the fields of Core's
// getblockchaininfo about it).
type StorageInfo struct {
	// SizeOnDisk is the bytes the blk and rev files use.
	SizeOnDisk uint64
	// Pruned reports prune mode; PruneHeight is then the lowest height
	// whose block is stored, and PruneTarget the target in bytes.
	Pruned      bool
	PruneHeight int32
	PruneTarget uint64
	// TxIndex reports whether transaction positions are kept.
	TxIndex bool
}

// StorageInfo returns the block storage's size and prune state.
//
// This function is safe for concurrent access.
func (c *Chain) StorageInfo() StorageInfo {
	c.mu.RLock()
	defer c.mu.RUnlock()
	info := StorageInfo{
		SizeOnDisk:  c.pruner.CurrentUsage(),
		Pruned:      c.pruneTarget > 0,
		PruneTarget: c.pruneTarget,
		TxIndex:     c.opts.TxIndex,
	}
	if info.Pruned {
		// Core's GetFirstBlock: walk down from the tip while data is there.
		n := c.active.tip()
		for n != nil && n.parent != nil && n.parent.haveData() {
			n = n.parent
		}
		if n != nil {
			info.PruneHeight = n.height
		}
	}
	return info
}
