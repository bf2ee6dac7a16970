// Package btcrpc answers bitcoind's non-wallet, non-mining JSON-RPC methods
// and Core's REST interface for the UTXO chain, as Bitcoin Core answers them:
// the same field names in the same order, the same error codes and messages
// (Core's src/rpc/blockchain.cpp, rawtransaction.cpp, mempool.cpp, misc.cpp,
// net.cpp, server.cpp and src/rest.cpp are the reference).
//
// # Model
//
// New(Config) builds a Service over small consumer interfaces that the
// concrete types satisfy without adapters: ChainSource and ChainControl
// (*blockchain.Chain), MempoolSource (*mempool.Pool; its optional
// TestAccepter, MempoolSequencer and MempoolDumper methods are found by type
// assertion),
// LoggingControl for the logging method. Register adds every method to a
// jsonrpc.Server with its help text (synopsis, Arguments, Result, Examples
// in Core's layout), its category and its argument names, so named
// parameters work as in Core. RESTHandler returns the http.Handler of
// /rest/... that the node mounts with jsonrpc.ServerConfig.REST when -rest
// is set; it needs no credentials, as Core's REST.
//
// Methods by category:
//
//   - blockchain: getbestblockhash, getblock (verbosity 0-3), getblockchaininfo,
//     getblockcount, getblockhash, getblockheader, getblockstats, getchaintips,
//     getchaintxstats, getdeploymentinfo, getdifficulty, getmempoolancestors,
//     getmempooldescendants, getmempoolentry, getmempoolinfo, getrawmempool,
//     gettxout, gettxoutproof, gettxoutsetinfo, gettxspendingprevout (the
//     mempool only: there is no spender index), importmempool (a
//     MempoolImporter; apply_unbroadcast_set only false: the pool keeps no
//     unbroadcast set), invalidateblock, pruneblockchain, reconsiderblock, savemempool (Config.MempoolFile),
//     verifychain, verifytxoutproof, waitfornewblock, waitforblock,
//     waitforblockheight, and scanblocks (over Config.FilterIndex: the
//     descriptors' scripts matched against each block's basic filter, with
//     filter_false_positives re-checked against the block and its undo data;
//     one scan at a time, run within the call);
//   - rawtransactions: combinerawtransaction (merges multisig signatures
//     in key order; inputs that already verify are taken whole),
//     createrawtransaction, decoderawtransaction,
//     decodescript, getrawtransaction (verbosity 0-2, blockhash),
//     sendrawtransaction (maxfeerate, maxburnamount), testmempoolaccept
//     (single transactions), signrawtransactionwithkey, and the PSBT methods
//     over package psbt: analyzepsbt, combinepsbt, converttopsbt, createpsbt,
//     decodepsbt, finalizepsbt, joinpsbts, utxoupdatepsbt (without
//     descriptors), descriptorprocesspsbt (the UTXO update of utxoupdatepsbt,
//     then signing with the descriptors' private keys and scripts through
//     psbt.SimpleProvider; outputs are not updated);
//   - util: createmultisig, deriveaddresses and getdescriptorinfo (package
//     descriptor), signmessagewithprivkey, validateaddress, verifymessage;
//   - control: getmemoryinfo, getrpcinfo, logging, stop, uptime;
//   - network, over Config.Net (the node's P2P layer; without it they
//     answer as a node with no peers): getconnectioncount, getnettotals,
//     getnetworkinfo, getpeerinfo, ping, addnode, disconnectnode,
//     getaddednodeinfo, setban, listbanned, clearbanned, getnodeaddresses,
//     setnetworkactive, and getaddrmaninfo (when Config.Net also has the
//     optional AddrManCounter method).
//
// JSON views of blocks, transactions and scripts come from package btcjson;
// results built here are structs whose field order is Core's, or ordered
// raw JSON where Core's keys are dynamic (getblockstats with selected
// statistics, verbose mempool listings, logging).
//
// getdeploymentinfo lists the buried deployments of chaincfg and Core's BIP9
// deployments testdummy and taproot (their parameters are kept in
// deployment.go, as chaincfg has none), whose states follow Core's
// versionbits state machine over the block versions and median times of
// the chain, cached per period-ending block.
//
// gettxoutproof and verifytxoutproof carry Core's CMerkleBlock: the block
// header and BIP 37's partial merkle tree (merkle_partial.go). Without
// -txindex and a blockhash, gettxoutproof finds the block through an unspent
// output of one of the transactions, as Core's AccessByTxid.
//
// getblock answers at verbosity 2 and 3 are cached encoded
// (Config.BlockCacheEntries), keyed by block and active tip so they are
// never stale.
//
// # Errors
//
// Handlers answer *jsonrpc.Error values with Core's codes: -1 misc, -3
// type errors, -5 unknown blocks/transactions/addresses, -8 invalid
// parameters, -22 undecodable transactions, -25/-26/-27 for
// sendrawtransaction (Core's BroadcastTransaction mapping), -32601 for a
// method whose backing is not configured. New returns an *Error of kind
// ErrBadConfig for a Config without Params or Chain.
//
// # Concurrency
//
// A Service is safe for concurrent use; it keeps only the getrpcinfo table
// of running calls and the getblock cache, each behind its own mutex.
package btcrpc
