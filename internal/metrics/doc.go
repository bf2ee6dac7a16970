// Package metrics builds the Prometheus metrics of one twinchaind and serves
// them at /metrics.
//
// # Model
//
// A Registry wraps its own prometheus.Registry (never the library's global
// default registry, so two nodes in one process, as in tests, do not share
// series) with the Go runtime and process collectors registered. The node
// (internal/node) adds its sources with AddBTC and AddETH: small interfaces
// defined here (BTCChain, BTCMempool, PeerCounter, ETHChain, ETHTxPool) that
// the chains satisfy directly or through the node's adapters, so no chain
// package imports Prometheus. Their values are pulled at scrape time through
// GaugeFuncs.
//
// Timings measured inside a package come through plain methods the node
// plugs into that package's optional observer hook:
// ObserveBlockValidation, ObserveBlockConnect, SetUTXOCache and UTXOFlushed
// for the UTXO chain (blockchain.Options.Observer), and RPCObserver for the
// JSON-RPC servers (jsonrpc.ServerConfig.Observe).
//
// # Names
//
// Every series starts with "twinchain_", then the chain ("btc", "eth") when
// it belongs to one:
//
//	twinchain_btc_blocks                     active chain height
//	twinchain_btc_headers                    best header height
//	twinchain_btc_peers                      connected P2P peers
//	twinchain_btc_mempool_txs                transactions in the mempool
//	twinchain_btc_mempool_bytes              their total virtual size
//	twinchain_btc_mempool_usage_bytes        the mempool's memory estimate
//	twinchain_btc_block_validation_seconds   histogram: checks + scripts + UTXO updates of one block
//	twinchain_btc_block_connect_seconds      histogram: connecting one block to the tip, all included
//	twinchain_btc_utxo_cache_coins           coins in the UTXO cache
//	twinchain_btc_utxo_cache_bytes           the UTXO cache's memory estimate
//	twinchain_btc_utxo_flushes_total         chainstate writes
//	twinchain_eth_head_number                the account chain's head block number
//	twinchain_eth_peers                      the account chain's peers
//	twinchain_eth_txpool_pending             executable pool transactions
//	twinchain_eth_txpool_queued              future (nonce-gapped) pool transactions
//	twinchain_rpc_requests_total{server,method,code}  JSON-RPC calls; code is the JSON-RPC error code, 0 on success
//	twinchain_rpc_request_seconds{server,method}      histogram of their durations
//
// plus the standard go_* and process_* series.
//
// # Concurrency
//
// Every method is safe for concurrent access; the observer methods are cheap
// (no allocation once a label set has been seen) because they run inside the
// chain's and the RPC server's hot paths.
package metrics
