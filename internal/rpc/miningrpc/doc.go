// Package miningrpc serves Bitcoin Core's mining, generating and fee
// estimation RPCs over package jsonrpc: generatetoaddress,
// generatetodescriptor, generateblock, getblocktemplate (BIP22/23),
// submitblock, submitheader, getmininginfo, getnetworkhashps,
// prioritisetransaction, getprioritisedtransactions, estimatesmartfee and
// estimaterawfee, with Core's parameters, result shapes, help texts and
// error codes and messages (-5 "Error: Invalid address", -8 "Invalid
// conf_target, must be between 1 and 1008", -22 "Block decode failed", ...).
//
// # Model
//
// New takes a Config of consumer interfaces that the concrete types satisfy
// without adapters: ChainSource (*blockchain.Chain), MempoolSource
// (*mempool.Pool) and FeeEstimator (*fees.Estimator); templates come from a
// mining.Generator built over them unless one is supplied. Register adds
// every method to a jsonrpc.Server with its help, category ("mining",
// "generating", "util"; estimaterawfee is "hidden", as in Core) and
// argument names for named parameters.
//
// submitblock answers Core's BIP22 strings: null when the block joined the
// active chain, "duplicate" for a block already stored, "inconclusive" for a
// valid block left on a side branch, otherwise the rejection reason
// ("bad-txnmrklroot", "high-hash", "duplicate" for a block known invalid as
// Core's AcceptBlockHeader says). getblocktemplate requires the "segwit" rule
// (and "signet" on a signet) with Core's error, lists the rules "csv",
// "!segwit", "taproot", reports sigop costs and the default witness
// commitment, and supports long polling (the id is the tip hash and the
// mempool sequence; the wait ends when the tip changes, or when the pool changed
// and a minute has passed). Proposal mode and generateblock run the
// chain's TestBlockValidity (Core's): CheckBlock, the contextual header and
// block checks and ConnectBlock with every script against a throw-away
// view of the UTXO set. Proposal mode answers null for a valid block, the
// reject reason otherwise ("inconclusive-not-best-prevblk" for a block
// that does not build on the tip); generateblock fails with
// RPC_VERIFY_ERROR "TestBlockValidity failed: <reason>, <debug message>"
// before solving the block.
//
// Not implemented: BIP9 signalling (no deployment is in chaincfg, so the
// version is always 0x20000000 and vbavailable empty), Core's "not
// connected" check on mainnet (there is no P2P layer yet), template caching
// between calls.
//
// # Concurrency
//
// A Service is safe for concurrent use; the generate methods are serialised.
package miningrpc
