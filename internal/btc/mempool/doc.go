// Package mempool is the transaction memory pool of the UTXO chain: Bitcoin
// Core's relay policy (src/policy/policy.cpp), its acceptance rules
// (MemPoolAccept in src/validation.cpp), its pool bookkeeping
// (src/txmempool.cpp) and its replacement rules (src/policy/rbf.cpp).
//
// # Model
//
// A Pool holds unconfirmed transactions valid on the active chain's tip.
// The chain comes in through Chain, a small interface the node adapts
// package blockchain to: tip height, median time past, UTXO lookups and the
// next block's script flags. The clock is injected (Config.Now).
//
//   - Standardness (policy.go): IsStandardTx, DustThreshold/IsDust (3
//     sat/vB dust relay fee), AreInputsStandard, IsWitnessStandard,
//     StandardScriptFlags, MaxStandardTxWeight (400,000), VirtualSize with
//     Core's 20 bytes per sigop.
//   - Acceptance (accept.go): AcceptTransaction runs Core's checks in
//     Core's order with Core's reject reasons; ProcessTransaction adds the
//     orphan pool (100 transactions, 20-minute expiry, oldest evicted
//     first) and accepts orphans once their parents arrive.
//   - Replacement: full RBF as Core 28+ (every transaction replaceable;
//     Config.NoFullRBF restores opt-in BIP125). Rules 2-6: higher fee rate
//     than each direct conflict, conflicts in at most 100 distinct
//     clusters (Core 28's count; earlier versions summed descendants), no new
//     unconfirmed inputs, more absolute fee than all evicted transactions,
//     plus the incremental relay fee for the replacement's own size.
//   - The pool (pool.go, limits.go): entries indexed by txid, wtxid and
//     spent outpoint, each with its in-pool parents and children and its
//     ancestor and descendant aggregates (count, vsize, fees; ancestor
//     sigop cost), maintained on every insertion and removal. Package
//     limits are Core's 25 transactions / 101,000 vbytes, widened for a
//     single replaced conflict and with Core's CPFP carve-out. The pool is kept
//     under Config.MaxSize (estimated memory) by evicting the lowest
//     descendant score with its descendants, raising the rolling minimum
//     fee, which then decays with Core's 12-hour half-life once a block
//     arrives. Entries expire after 336 hours.
//   - Prioritisation (prioritise.go): PrioritiseTransaction's fee deltas
//     (Core's mapDeltas) give each entry a modified fee, used by the fee
//     floors, replacement, eviction, the ancestor/descendant fees and block
//     assembly; deltas persist in mempool.dat and are cleared when a block
//     confirms their transaction. TestAcceptTransaction is testmempoolaccept:
//     every check, no insertion.
//   - Block assembly and observers (mining.go): MiningEntries is a
//     consistent snapshot for package mining (modified fees, ancestor
//     aggregates, parent links); Config.OnRemove reports every removal with
//     Core's reason (expiry, sizelimit, reorg, block, conflict, replaced),
//     which a fee estimator needs.
//   - Chain updates (block.go): RemoveForBlock on a connected block
//     (confirmed transactions and conflicts), UpdateForReorg after a
//     reorganisation (re-add disconnected transactions, then drop what is
//     no longer final or mature).
//
// Fee rates are FeeRate values in sat/kvB. The minimum relay fee is 1
// sat/vB (Core's default through v29.0; 29.1 lowered it to 0.1 sat/vB,
// set Config.MinRelayFee = 100 for that), the incremental relay fee 1
// sat/vB.
//
// Not implemented: TRUC (version 3, BIP431) and its package rules, so
// version 3 is non-standard here; ephemeral dust and pay-to-anchor spend
// rules (any dust output is refused); package relay and package RBF;
// the witness-stripped rejection class.
//
// mempool.dat (persist.go) is Core's format: version 2 with the 8-byte XOR
// key (version 1 read and written too); DumpFile and LoadFile, with
// ReadMempoolDat and AppendMempoolDat for the bytes.
//
// # Errors
//
// Rejections are *RuleError values: Reason returns Core's reject reason
// ("min relay fee not met", "mandatory-script-verify-flag-failed (...)"),
// and errors.Is matches the ErrorKind. Consensus failures found on the way
// (CheckTransaction, CheckTxInputs) keep their *consensus.RuleError inside,
// so errors.Is(err, consensus.ErrBadTxnsInBelowOut) works as well.
//
// # Concurrency
//
// A Pool is safe for concurrent use; one mutex serialises changes. Chain
// methods are called with it held and must not call back into the pool.
package mempool
