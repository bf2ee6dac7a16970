package blockchain

import (
	"bytes"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/blockstore"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// BlockStatus is a block index entry's status, Core's BlockStatus bits
// (see blockstore.BlockStatus for each value).
type BlockStatus = blockstore.BlockStatus

// Sequence ids order candidate tips of equal work (Core's nSequenceId):
// blocks loaded from disk share seqFromDisk, except the tip found on disk,
// which gets seqBestFromDisk so that it keeps winning ties after a restart;
// blocks whose data arrives later get increasing ids from seqFirstNew.
const (
	seqBestFromDisk = 0
	seqFromDisk     = 1
	seqFirstNew     = 2
)

// blockNode is one entry of the in-memory block index (Core's CBlockIndex):
// a header the node knows, where it sits in the header tree, how much work
// the chain ending in it holds, what is known about its validity and where
// its data lives.
//
// Fields are guarded by the chain lock; parent, hash, height, the header
// fields and chainWork never change after the node is created.
type blockNode struct {
	parent *blockNode
	skip   *blockNode // an ancestor further back, for O(log n) Ancestor

	hash       chainhash.Hash
	version    int32
	merkleRoot chainhash.Hash
	timestamp  uint32
	bits       uint32
	nonce      uint32

	height    int32
	chainWork uint256.Int

	status       BlockStatus
	txCount      uint32 // transactions in the block, 0 until its data arrived
	chainTxCount uint64 // transactions up to here, 0 unless every ancestor's data arrived
	seqID        int64
	timeMax      uint32 // the greatest timestamp up to here (Core's nTimeMax)

	file    int32 // blk/rev file number, with BlockHaveData or BlockHaveUndo
	dataPos uint32
	undoPos uint32
}

// newBlockNode builds the entry of header h on top of parent (nil for the
// genesis block): height, chain work and skip pointer included.
func newBlockNode(h *primitives.Header, hash chainhash.Hash, parent *blockNode) *blockNode {
	n := &blockNode{
		parent:     parent,
		hash:       hash,
		version:    h.Version,
		merkleRoot: h.MerkleRoot,
		timestamp:  h.Timestamp,
		bits:       h.Bits,
		nonce:      h.Nonce,
		timeMax:    h.Timestamp,
	}
	n.chainWork = consensus.CalcWork(h.Bits)
	if parent != nil {
		n.height = parent.height + 1
		n.chainWork.Add(&n.chainWork, &parent.chainWork)
		n.timeMax = max(parent.timeMax, h.Timestamp)
		n.skip = parent.ancestor(skipHeight(n.height))
	}
	return n
}

// header returns the node's block header.
func (n *blockNode) header() primitives.Header {
	h := primitives.Header{
		Version:    n.version,
		MerkleRoot: n.merkleRoot,
		Timestamp:  n.timestamp,
		Bits:       n.bits,
		Nonce:      n.nonce,
	}
	if n.parent != nil {
		h.PrevBlock = n.parent.hash
	}
	return h
}

// Height implements consensus.HeaderCtx.
func (n *blockNode) Height() int32 { return n.height }

// Bits implements consensus.HeaderCtx.
func (n *blockNode) Bits() uint32 { return n.bits }

// Timestamp implements consensus.HeaderCtx.
func (n *blockNode) Timestamp() int64 { return int64(n.timestamp) }

// Ancestor implements consensus.HeaderCtx: the ancestor at height, or a nil
// interface when there is none.
func (n *blockNode) Ancestor(height int32) consensus.HeaderCtx {
	if a := n.ancestor(height); a != nil {
		return a
	}
	return nil
}

// medianTimePast returns the median timestamp of the node and its ten
// predecessors.
func (n *blockNode) medianTimePast() int64 { return consensus.MedianTimePast(n) }

// clearLowestBit clears the lowest set bit of x.
func clearLowestBit(x int32) int32 { return x & (x - 1) }

// skipHeight is the height a node at height h keeps a skip pointer to: a
// height reached by clearing low bits, so that walking skips and parents
// reaches any ancestor in O(log h) steps (the scheme of Core's
// GetSkipHeight, which keeps the data directory's behaviour identical).
func skipHeight(h int32) int32 {
	if h < 2 {
		return 0
	}
	if h&1 == 0 {
		return clearLowestBit(h)
	}
	return clearLowestBit(clearLowestBit(h-1)) + 1
}

// ancestor returns the node's ancestor at height (itself at its own
// height), or nil when height is negative or above the node's.
func (n *blockNode) ancestor(height int32) *blockNode {
	if height > n.height || height < 0 {
		return nil
	}
	walk := n
	for walk.height > height {
		if walk.height == height+1 {
			return walk.parent
		}
		sh := skipHeight(walk.height)
		shPrev := skipHeight(walk.height - 1)
		// Take the skip when it lands exactly, or when it does not
		// overshoot and the parent's skip would not have served better.
		if walk.skip != nil && (sh == height || (sh > height && !(shPrev < sh-2 && shPrev >= height))) {
			walk = walk.skip
		} else {
			walk = walk.parent
		}
	}
	return walk
}

// haveChainTxs reports whether the data of this block and of all its
// ancestors has been received at some point (Core's HaveNumChainTxs).
func (n *blockNode) haveChainTxs() bool { return n.chainTxCount != 0 }

// isValid reports whether the node reaches validity level upTo without a
// failure bit.
func (n *blockNode) isValid(upTo BlockStatus) bool { return n.status.IsValid(upTo) }

// raiseValidity raises the validity level to upTo and reports whether it
// changed. A failed block is not raised.
func (n *blockNode) raiseValidity(upTo BlockStatus) bool {
	if n.status&blockstore.BlockFailedMask != 0 {
		return false
	}
	if n.status&blockstore.BlockValidMask < upTo {
		n.status = n.status&^blockstore.BlockValidMask | upTo
		return true
	}
	return false
}

func (n *blockNode) failed() bool { return n.status&blockstore.BlockFailedMask != 0 }

func (n *blockNode) haveData() bool { return n.status&blockstore.BlockHaveData != 0 }

func (n *blockNode) haveUndo() bool { return n.status&blockstore.BlockHaveUndo != 0 }

func (n *blockNode) blockPos() blockstore.FilePos {
	return blockstore.FilePos{File: n.file, Pos: n.dataPos}
}

func (n *blockNode) undoFilePos() blockstore.FilePos {
	return blockstore.FilePos{File: n.file, Pos: n.undoPos}
}

// diskRecord returns the node as a block index record.
func (n *blockNode) diskRecord() *blockstore.DiskBlockIndex {
	r := &blockstore.DiskBlockIndex{
		Hash:    n.hash,
		Height:  n.height,
		Status:  n.status,
		TxCount: n.txCount,
		Header:  n.header(),
	}
	if n.status&(blockstore.BlockHaveData|blockstore.BlockHaveUndo) != 0 {
		r.File = n.file
	}
	if n.haveData() {
		r.DataPos = n.dataPos
	}
	if n.haveUndo() {
		r.UndoPos = n.undoPos
	}
	return r
}

// workLess orders candidate tips as Core's CBlockIndexWorkComparator: by
// chain work, then by the order their data arrived (an earlier block is
// better, so it sorts higher), then by hash as a deterministic last resort
// (Core uses the memory address). It reports whether a is worse than b.
func workLess(a, b *blockNode) bool {
	if c := a.chainWork.Cmp(&b.chainWork); c != 0 {
		return c < 0
	}
	if a.seqID != b.seqID {
		return a.seqID > b.seqID
	}
	return bytes.Compare(a.hash[:], b.hash[:]) > 0
}
