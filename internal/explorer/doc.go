// Package explorer is twinchaind's web block explorer for both chains:
// server-rendered HTML pages, Esplora-style JSON endpoints for the UTXO chain
// (and /api/eth/... for the account chain), and live updates over
// server-sent events.
//
// # Model
//
// The explorer reads everything through two small interfaces it defines
// itself (source.go): BTCSource for the UTXO chain and ETHSource for the
// account chain; either may be nil when that chain is switched off.
// internal/node writes the adapters (over the chains, mempool/txpool and
// the address indexes). The explorer never writes: only GET and HEAD are
// served.
//
// New builds a Server from a Config; Handler returns its http.Handler (the
// node owns the listener); Start subscribes to the sources' live events and
// Stop ends the subscriptions and every /events stream.
//
// # Pages and endpoints
//
//	/                                  both chains: tips, recent blocks, pools, SVG charts
//	/btc/block/{hash} /btc/block-height/{n}   ?page=n (25 transactions a page)
//	/btc/tx/{txid} /btc/address/{addr} /btc/mempool
//	/eth/block/{number|hash} /eth/tx/{hash} /eth/address/{addr} /eth/uncle/{hash}/{index}
//	/search?q=                         height, block hash, txid/tx hash, address
//	/events                            server-sent events: btc-block, btc-tx, eth-block, eth-tx
//	/api/blocks/tip/height /api/blocks/tip/hash /api/block/{hash} /api/block/{hash}/txs[/{start}]
//	/api/block-height/{n} /api/tx/{txid} /api/tx/{txid}/outspends /api/address/{addr}
//	/api/address/{addr}/txs /api/address/{addr}/utxo /api/mempool /api/mempool/recent
//	/api/eth/blocks/tip/number /api/eth/block/{id} /api/eth/tx/{hash} /api/eth/address/{addr}
//	/api/eth/address/{addr}/txs /api/eth/uncle/{hash}/{index}
//
// # Errors and hostile input
//
// Sources report unknown keys with ErrNotFound (404). Malformed input
// (bad hex, bad addresses, negative or huge numbers, escaped or dot path
// segments, double slashes, overlong requests) is ErrBadRequest (400). Other
// source errors are 503 and logged. A recover middleware turns a panic into
// a logged 500 as a last guard. Every response carries a Content Security
// Policy without inline scripts or styles, nosniff and frame-ancestors
// 'none'. Lists are paged and capped, so responses stay bounded.
//
// # Performance
//
// What depends only on a block's content (txids, fees, sizes) is computed
// once and kept in a bounded LRU keyed by hash; the home page's columns and
// charts are rebuilt only when a tip moves.
//
// # Concurrency
//
// A Server is safe for concurrent use; handlers share only the caches, which
// are locked.
package explorer
