package blockchain

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ScanUTXOs flushes the coins cache, takes a snapshot of the UTXO set at the
// current tip and calls fn for every coin of it in key order, without
// holding the chain's locks during the walk (Core's scantxoutset cursor):
// blocks keep connecting meanwhile and do not change what the walk sees.
// It returns the height and hash of the block the snapshot belongs to. fn
// stops the walk by returning an error, which ScanUTXOs returns.
//
// This function is safe for concurrent access.
func (c *Chain) ScanUTXOs(fn func(op primitives.OutPoint, coin primitives.Coin) error) (int32, chainhash.Hash, error) {
	c.writeMu.Lock()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		c.writeMu.Unlock()
		return 0, chainhash.Hash{}, makeError(ErrClosed, "blockchain: ScanUTXOs after Close")
	}
	if err := c.flushStateToDisk(flushAlways); err != nil {
		c.mu.Unlock()
		c.writeMu.Unlock()
		return 0, chainhash.Hash{}, err
	}
	height, hash := int32(-1), chainhash.Hash{}
	if tip := c.active.tip(); tip != nil {
		height, hash = tip.height, tip.hash
	}
	sc := c.coinsDB.NewCoinScan()
	c.mu.Unlock()
	c.writeMu.Unlock()
	defer sc.Release()
	return height, hash, sc.ForEach(fn)
}
