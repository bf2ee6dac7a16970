package logging

import (
	"slices"
	"strings"
)

// categoryNames are Bitcoin Core's logging categories (BCLog::LogFlags, as
// `bitcoind -help-debug` and the `logging` RPC list them), followed by
// twinchain's own for the account chain. The index is the category's bit.
var categoryNames = [...]string{
	"net", "tor", "mempool", "http", "bench", "zmq", "walletdb", "rpc", "estimatefee", "addrman",
	"selectcoins", "reindex", "cmpctblock", "rand", "prune", "proxy", "mempoolrej", "libevent",
	"coindb", "qt", "leveldb", "validation", "i2p", "ipc", "lock", "blockstorage",
	"txreconciliation", "scan", "txpackages",
	"eth", "evm", "txpool",
}

// allBit marks "every category, including subsystems outside the list": it is
// set by "all" and lets loggers without a known category print debug lines.
const allBit = uint64(1) << 63

// allMask has the bit of every listed category and allBit.
var allMask = func() uint64 {
	m := allBit
	for i := range categoryNames {
		m |= 1 << i
	}
	return m
}()

// Categories returns the names of the debug categories, sorted.
//
// This function is safe for concurrent access.
func Categories() []string {
	out := make([]string, len(categoryNames))
	copy(out, categoryNames[:])
	slices.Sort(out)
	return out
}

// categoryBit returns the bit of a category name, or 0 when it is unknown.
func categoryBit(name string) uint64 {
	for i, n := range categoryNames {
		if n == name {
			return 1 << i
		}
	}
	return 0
}

// parseCategories turns names into a mask: "all"/"1" (and "") are every
// category, "none"/"0" none; anything else must be a known category.
func parseCategories(names []string) (uint64, error) {
	var m uint64
	for _, raw := range names {
		n := strings.ToLower(strings.TrimSpace(raw))
		switch n {
		case "", "1", "all":
			m |= allMask
		case "0", "none":
		default:
			b := categoryBit(n)
			if b == 0 {
				return 0, makeError(ErrUnknownCategory, "unknown logging category %s", raw)
			}
			m |= b
		}
	}
	return m, nil
}
