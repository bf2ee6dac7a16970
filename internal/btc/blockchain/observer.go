package blockchain

import "time"

// Observer receives the chain's timings and UTXO cache events, for metrics
// (Options.Observer; internal/node adapts it to internal/metrics). Its
// methods are called with the chain lock held: they must return quickly and
// must not call the Chain's methods. With no Observer nothing is measured.
type Observer interface {
	// BlockConnected is called after each block connected to the active
	// chain (after the Progress hook).
	BlockConnected(ConnectStats)
	// StateFlushed is called after each write of the UTXO cache to the
	// chainstate.
	StateFlushed(FlushStats)
}

// ConnectStats describes the connection of one block.
type ConnectStats struct {
	Height int32
	// Validation is the time ConnectBlock took: the contextual checks, the
	// script verification and the coin updates in the block's view.
	Validation time.Duration
	// Total is the time from the start of the connection to the new tip,
	// reading the block from disk, moving the view's coins into the cache
	// and any flush included.
	Total time.Duration
	// CoinsCount and CoinsBytes are the UTXO cache's coins and memory
	// estimate after the block.
	CoinsCount int
	CoinsBytes int64
}

// FlushStats describes one write of the UTXO cache.
type FlushStats struct {
	// Emptied says the cache was emptied (a full flush), not only synced.
	Emptied bool
	// CoinsCount and CoinsBytes are the cache's coins and memory estimate
	// after the write.
	CoinsCount int
	CoinsBytes int64
}
