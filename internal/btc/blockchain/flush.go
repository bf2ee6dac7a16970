package blockchain

import (
	"github.com/twinchain/twinchain/internal/btc/blockstore"
)

// flushMode says how hard flushStateToDisk tries (Core's FlushStateMode).
type flushMode int

const (
	// flushNone writes only what pruning forces.
	flushNone flushMode = iota
	// flushIfNeeded writes when the UTXO cache is over its budget.
	flushIfNeeded
	// flushPeriodic also writes when the cache is nearly full or an hour
	// has passed since the last write.
	flushPeriodic
	// flushAlways writes everything.
	flushAlways
)

// maxBlockCoinsDBUsage is the headroom Core keeps below the cache budget
// before a periodic flush empties it (MAX_BLOCK_COINSDB_USAGE, 10 MiB).
const maxBlockCoinsDBUsage = 10 << 20

// flushStateToDisk writes the block index and the UTXO cache as Core's
// FlushStateToDisk does, in the order that keeps a crash at any point
// recoverable:
//
//  1. the blk and rev files are fsynced, then the dirty block index
//     entries, the file information and the last file number are written in
//     one synced batch, so the index never points at data that is not on
//     disk;
//  2. the UTXO cache is written with the chainstate's head-blocks protocol:
//     its best block only moves after the index knows that block and its
//     undo data;
//  3. when pruning, files are given up only after 1 and 2, so the blocks
//     the chainstate may need to roll back or replay are never deleted
//     before the chainstate is past them.
//
// It MUST be called with the chain lock held.
func (c *Chain) flushStateToDisk(mode flushMode) error {
	var prune []int32
	if c.checkForPruning && c.started {
		prune = c.findFilesToPrune()
		c.checkForPruning = false
	}
	usage := c.coins.Usage()
	limit := c.sizes.coins
	critical := mode >= flushIfNeeded && usage > limit
	large := mode >= flushPeriodic && usage >= max(limit*9/10, limit-maxBlockCoinsDBUsage)
	now := c.opts.clock()
	periodic := mode >= flushPeriodic && now.After(c.nextWrite)
	if mode != flushAlways && !critical && !large && !periodic && len(prune) == 0 {
		return nil
	}
	if err := c.writeBlockIndex(); err != nil {
		return err
	}
	best, err := c.coins.BestBlock()
	if err != nil {
		return err
	}
	if !best.IsZero() {
		empty := critical || large || len(prune) > 0
		c.log.Debug("writing the chainstate", "coins_bytes", usage, "coins_limit", limit, "empty_cache", empty)
		if empty {
			err = c.coins.Flush()
		} else {
			err = c.coins.Sync()
		}
		if err != nil {
			return err
		}
		if obs := c.opts.Observer; obs != nil {
			obs.StateFlushed(FlushStats{Emptied: empty, CoinsCount: c.coins.Len(), CoinsBytes: c.coins.Usage()})
		}
	}
	if len(prune) > 0 {
		if err := c.pruneFiles(prune); err != nil {
			return err
		}
		if err := c.writeBlockIndex(); err != nil {
			return err
		}
	}
	c.nextWrite = now.Add(databaseWriteInterval)
	return nil
}

// writeBlockIndex writes the dirty block index entries (the store adds the
// file information and syncs the flat files first).
func (c *Chain) writeBlockIndex() error {
	recs := make([]*blockstore.DiskBlockIndex, 0, len(c.index.dirty))
	for n := range c.index.dirty {
		recs = append(recs, n.diskRecord())
	}
	if err := c.idxdb.WriteIndex(recs); err != nil {
		return err
	}
	clear(c.index.dirty)
	return nil
}

// findFilesToPrune picks the blk/rev pairs to delete so that the files
// use less than the prune target, never touching a file holding a block
// within MinBlocksToKeep of the tip, nor the file being written (Core's
// FindFilesToPrune).
func (c *Chain) findFilesToPrune() []int32 {
	target := c.pruneTarget
	tip := c.active.tip()
	if target == 0 || tip == nil || tip.height <= c.params.PruneAfterHeight {
		return nil
	}
	lastCanPrune := tip.height - MinBlocksToKeep
	if lastCanPrune < 0 {
		return nil
	}
	usage := c.pruner.CurrentUsage()
	buffer := uint64(blockstore.BlockFileChunkSize + blockstore.UndoFileChunkSize)
	if c.opts.blockChunkSize > 0 {
		buffer = uint64(c.opts.blockChunkSize) + uint64(c.opts.undoChunkSize)
	}
	if usage+buffer < target {
		return nil
	}
	infos := c.pruner.FileInfos()
	last := c.pruner.LastFile()
	var files []int32
	for n := int32(0); n < last && int(n) < len(infos); n++ {
		f := infos[n]
		if f.Size == 0 {
			continue
		}
		if usage+buffer < target {
			break
		}
		if int64(f.HeightLast) > int64(lastCanPrune) {
			continue
		}
		files = append(files, n)
		usage -= uint64(f.Size) + uint64(f.UndoSize)
	}
	return files
}

// pruneFiles gives up the files and clears the data of their blocks in the
// index (Core's PruneOneBlockFile); the next writeBlockIndex deletes them.
func (c *Chain) pruneFiles(files []int32) error {
	set := make(map[int32]bool, len(files))
	for _, n := range files {
		if err := c.pruner.PruneFile(n); err != nil {
			return err
		}
		set[n] = true
	}
	bi := c.index
	for _, n := range bi.nodes {
		if n.status&(blockstore.BlockHaveData|blockstore.BlockHaveUndo) == 0 || !set[n.file] {
			continue
		}
		n.status &^= blockstore.BlockHaveData | blockstore.BlockHaveUndo
		n.file, n.dataPos, n.undoPos = 0, 0, 0
		bi.markDirty(n)
		if n.parent != nil {
			kids := bi.unlinked[n.parent]
			for i := 0; i < len(kids); i++ {
				if kids[i] == n {
					kids = append(kids[:i], kids[i+1:]...)
					i--
				}
			}
			if len(kids) == 0 {
				delete(bi.unlinked, n.parent)
			} else {
				bi.unlinked[n.parent] = kids
			}
		}
	}
	c.log.Info("pruned block files", "files", files)
	return nil
}

// Flush writes the block index and the UTXO cache to disk now, keeping the
// cache warm (Core's FlushStateToDisk with mode ALWAYS).
//
// This function is safe for concurrent access.
func (c *Chain) Flush() error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return makeError(ErrClosed, "blockchain: Flush after Close")
	}
	return c.flushStateToDisk(flushAlways)
}
