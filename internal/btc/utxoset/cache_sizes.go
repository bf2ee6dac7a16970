package utxoset

// Core's -dbcache defaults (src/kernel/caches.h), in MiB.
const (
	// DefaultDBCacheMiB is Core's default -dbcache.
	DefaultDBCacheMiB = 450
	// maxBlockTreeDBCacheMiB caps the block index database's share.
	maxBlockTreeDBCacheMiB = 2
	// maxCoinsDBCacheMiB caps the chainstate LevelDB's own share.
	maxCoinsDBCacheMiB = 8
)

// CacheSizes is how Core divides the -dbcache budget (kernel::CacheSizes),
// in bytes.
type CacheSizes struct {
	// BlockTreeDB is the block index LevelDB's cache.
	BlockTreeDB int64
	// CoinsDB is the chainstate LevelDB's cache (kv/leveldb Options.CacheSize).
	CoinsDB int64
	// Coins is the coins cache (NewCache's maxBytes).
	Coins int64
}

// SplitDBCache divides total bytes as Core does: an eighth to the block index
// database (at most 2 MiB), half of the rest to the chainstate database (at
// most 8 MiB), and the remainder to the coins cache. Index caches (txindex)
// are carved out by the caller before, as Core's node/caches.cpp does.
//
// This function is safe for concurrent access.
func SplitDBCache(total int64) CacheSizes {
	var s CacheSizes
	s.BlockTreeDB = min(total/8, maxBlockTreeDBCacheMiB<<20)
	total -= s.BlockTreeDB
	s.CoinsDB = min(total/2, maxCoinsDBCacheMiB<<20)
	s.Coins = total - s.CoinsDB
	return s
}
