package blockchain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// reindexFiles rebuilds the block index from the blk files, as Core's
// LoadExternalBlockFile does during -reindex: every block is checked and
// recorded where it already lies (UpdateBlockInfo, nothing is rewritten);
// a block seen before its parent waits, by position, until the parent is
// recorded. Blocks are connected afterwards by Start's ActivateBestChain.
// A block that fails its checks is skipped (and marked invalid when its
// header is fine), as Core does.
//
// It MUST be called with writeMu and the chain lock held.
func (c *Chain) reindexFiles(ctx context.Context) error {
	unknownParent := make(map[chainhash.Hash][]blockstore.FilePos)
	var loaded, skipped int
	var files int32
	if c.opts.ReindexProgress != nil {
		files = c.countBlockFiles()
	}
	for file := int32(0); ; file++ {
		err := c.files.ScanBlockFile(file, func(pos blockstore.FilePos, raw []byte) error {
			if err := ctx.Err(); err != nil {
				return wrapError(ErrInterrupted, err, "reindexing")
			}
			hdr, err := primitives.DecodeHeader(raw)
			if err != nil {
				skipped++
				return nil
			}
			hash := hdr.BlockHash()
			if hash != c.params.GenesisHash && c.index.lookup(hdr.PrevBlock) == nil {
				unknownParent[hdr.PrevBlock] = append(unknownParent[hdr.PrevBlock], pos)
				return nil
			}
			ok, err := c.reindexBlock(raw, hash, pos)
			if err != nil {
				return err
			}
			if !ok {
				skipped++
				return nil
			}
			loaded++
			// Blocks found earlier whose parent this is, and their own
			// waiting children.
			queue := []chainhash.Hash{hash}
			for len(queue) > 0 {
				h := queue[0]
				queue = queue[1:]
				for _, p := range unknownParent[h] {
					child, err := c.files.ReadRawBlock(p)
					if err != nil {
						c.log.Warn("reindex: cannot read an out-of-order block", "pos", p, "err", err)
						continue
					}
					ch, err := primitives.DecodeHeader(child)
					if err != nil {
						continue
					}
					chash := ch.BlockHash()
					ok, err := c.reindexBlock(child, chash, p)
					if err != nil {
						return err
					}
					if ok {
						loaded++
						queue = append(queue, chash)
					}
				}
				delete(unknownParent, h)
			}
			return nil
		})
		if errors.Is(err, blockstore.ErrFileMissing) {
			break
		}
		if err != nil {
			return err
		}
		c.log.Info("reindexing block file", "file", file, "blocks_loaded", loaded)
		if c.opts.ReindexProgress != nil {
			c.opts.ReindexProgress(ReindexStatus{FilesDone: file + 1, Files: max(files, file+1), Blocks: loaded})
		}
	}
	if len(unknownParent) > 0 {
		n := 0
		for _, ps := range unknownParent {
			n += len(ps)
		}
		c.log.Warn("reindex: blocks whose parent was never found", "blocks", n)
	}
	if skipped > 0 {
		c.log.Warn("reindex: blocks skipped (undecodable or invalid)", "blocks", skipped)
	}
	return c.flushStateToDisk(flushAlways)
}

// reindexBlock records one block found at pos. It reports false when the
// block was skipped because it does not decode or fails its checks; err is
// an I/O failure.
func (c *Chain) reindexBlock(raw []byte, hash chainhash.Hash, pos blockstore.FilePos) (bool, error) {
	if n := c.index.lookup(hash); n != nil && n.haveData() {
		return true, nil
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		c.log.Debug("reindex: undecodable block", "pos", pos, "err", err)
		return false, nil
	}
	if _, err := c.acceptBlock(blk, raw, hash, &pos, false); err != nil {
		if IsRuleError(err) {
			c.log.Debug("reindex: block rejected", "hash", hash, "reason", Reason(err))
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// ReindexStatus is the progress of a -reindex's scan of the blk files.
type ReindexStatus struct {
	// FilesDone is the number of blk files scanned, Files the number
	// found when the reindex began.
	FilesDone, Files int32
	// Blocks is the number of blocks recorded so far.
	Blocks int
}

// countBlockFiles returns the number of consecutive blk files from
// blk00000.dat (Core's names), the total a reindex scans.
func (c *Chain) countBlockFiles() int32 {
	var n int32
	for {
		name := filepath.Join(c.opts.DataDir, BlocksDirName, fmt.Sprintf("blk%05d.dat", n))
		if _, err := os.Stat(name); err != nil {
			return n
		}
		n++
	}
}
