// Package mining assembles block templates and mines blocks for the UTXO
// chain: Bitcoin Core's BlockAssembler (src/node/miner.cpp) and its
// generate RPCs' proof-of-work loop.
//
// # Model
//
// A Generator reads the active chain through ChainView (tip, median time
// past, next required bits, ProcessBlock; NewChainView adapts package
// blockchain's Chain) and the mempool through TxSource (*mempool.Pool's
// MiningEntries: a consistent snapshot with modified fees, ancestor
// aggregates and parent links).
//
// NewTemplate follows CreateNewBlock:
//
//   - version VersionBitsTopBits (0x20000000; no BIP9 deployment is
//     signalling in chaincfg), time max(MTP+1, now), bits from
//     consensus.GetNextWorkRequired;
//   - package selection (addPackageTxs): transactions are visited by
//     ancestor score, the lower of their own modified fee rate and their
//     ancestor package's, beside a heap of "modified" packages whose
//     ancestors are already in the block and which are re-scored without
//     them; a package goes in whole, parents first, if it pays at least
//     -blockmintxfee (1 sat/vB, matching the mempool's relay floor; the
//     newest Core lowered both), fits the weight (-blockmaxweight 4,000,000
//     minus -blockreservedweight 8,000 for the coinbase, Core 29's
//     defaults) and the 80,000 sigop cost limit (400 kept for the
//     coinbase), and all its transactions are final at the new height with
//     the tip's MTP as lock-time cutoff. Selection stops at the first
//     package under the minimum fee rate, or after 1,000 misfits in a row
//     once the block is within 4,000 weight units of full. A
//     prioritisetransaction delta changes the order; the coinbase claims the
//     base fees;
//   - the coinbase (Core 30's): version 2, the BIP34 height push and an
//     extra nonce (zero: OP_0) in the scriptSig, sequence 0xfffffffe and lock
//     time height-1, one output of subsidy plus fees to the caller's script,
//     the witness reserved value and the BIP141 commitment output once
//     segwit is active.
//
// Template.Solve grinds nonces (regtest-size targets), SetExtraNonce
// rewrites the coinbase and merkle root, and Generator.Generate chains
// them and submits each block through ChainView.ProcessBlock (Core's
// generateBlocks).
//
// # Errors
//
// Failures are *Error values of an ErrorKind (ErrNoSolution,
// ErrBlockNotAccepted with the chain's rejection as Cause,
// ErrBadCoinbaseScript); errors.Is matches the kind and the cause.
//
// # Concurrency
//
// A Generator is safe for concurrent use; a Template is not.
package mining
