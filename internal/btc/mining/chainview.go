package mining

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ChainView is what block assembly needs from the active chain.
// NewChainView adapts any HeaderSource (such as *blockchain.Chain) to it.
type ChainView interface {
	// Tip returns the active chain's tip: hash, height and median time
	// past.
	Tip() (hash chainhash.Hash, height int32, mtp int64, err error)
	// NextBits returns the compact target a block on the tip with
	// timestamp blockTime must carry (consensus.GetNextWorkRequired).
	NextBits(blockTime int64) (uint32, error)
	// ProcessBlock validates blk and, when valid, adds it to the chain.
	ProcessBlock(blk *primitives.Block) error
}

// HeaderSource is the part of package blockchain's Chain that
// NewChainView uses.
type HeaderSource interface {
	Params() *chaincfg.Params
	BestHeight() int32
	BlockHashByHeight(height int32) (chainhash.Hash, error)
	HeaderByHash(hash chainhash.Hash) (primitives.Header, error)
	ProcessBlock(blk *primitives.Block) error
}

// NewChainView returns a ChainView reading the active chain of src.
//
// This function is safe for concurrent access.
func NewChainView(src HeaderSource) ChainView { return &headerView{src: src} }

type headerView struct{ src HeaderSource }

func (v *headerView) tip() (*headerCtx, error) {
	h := v.src.BestHeight()
	hash, err := v.src.BlockHashByHeight(h)
	if err != nil {
		return nil, err
	}
	hdr, err := v.src.HeaderByHash(hash)
	if err != nil {
		return nil, err
	}
	return &headerCtx{src: v.src, height: h, hash: hash, hdr: hdr}, nil
}

func (v *headerView) Tip() (chainhash.Hash, int32, int64, error) {
	t, err := v.tip()
	if err != nil {
		return chainhash.Hash{}, 0, 0, err
	}
	return t.hash, t.height, consensus.MedianTimePast(t), nil
}

func (v *headerView) NextBits(blockTime int64) (uint32, error) {
	t, err := v.tip()
	if err != nil {
		return 0, err
	}
	return consensus.GetNextWorkRequired(v.src.Params(), t, blockTime), nil
}

// TipHeaderCtx returns the tip of src's active chain as a
// consensus.HeaderCtx, for the contextual header and block checks.
//
// This function is safe for concurrent access.
func TipHeaderCtx(src HeaderSource) (consensus.HeaderCtx, error) {
	t, err := (&headerView{src: src}).tip()
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (v *headerView) ProcessBlock(blk *primitives.Block) error { return v.src.ProcessBlock(blk) }

// headerCtx is consensus.HeaderCtx over the active chain of a
// HeaderSource. A lookup failure (the chain moved) yields a nil ancestor.
type headerCtx struct {
	src    HeaderSource
	height int32
	hash   chainhash.Hash
	hdr    primitives.Header
}

func (c *headerCtx) Height() int32    { return c.height }
func (c *headerCtx) Bits() uint32     { return c.hdr.Bits }
func (c *headerCtx) Timestamp() int64 { return int64(c.hdr.Timestamp) }

func (c *headerCtx) Ancestor(height int32) consensus.HeaderCtx {
	if height < 0 || height > c.height {
		return nil
	}
	if height == c.height {
		return c
	}
	hash, err := c.src.BlockHashByHeight(height)
	if err != nil {
		return nil
	}
	hdr, err := c.src.HeaderByHash(hash)
	if err != nil {
		return nil
	}
	return &headerCtx{src: c.src, height: height, hash: hash, hdr: hdr}
}
