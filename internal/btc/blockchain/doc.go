// Package blockchain is the Bitcoin chain itself: it validates blocks under
// the full consensus rules, chooses the chain with the most work, keeps the
// UTXO set in step with it, and stores everything in Bitcoin Core's on-disk
// layout, so that a SIGKILL at any moment leaves a data directory that
// restarts to a consistent tip. Bitcoin Core's src/validation.cpp and
// src/node/blockstorage.cpp are the reference for its behaviour.
//
// # Model
//
// A Chain owns a data directory (Options.DataDir, one network):
//
//   - the block index, in memory: one entry per known header (hash, header
//     fields, height, cumulative chain work, Core's BlockStatus bits, where
//     the block and its undo data are stored, a skip pointer so any ancestor
//     is reached in O(log n)); entries implement consensus.HeaderCtx for the
//     difficulty and time rules. Beside it: the best header, the candidate
//     tips ordered by chain work (ties go to the block whose data arrived
//     first), and the blocks waiting for an ancestor's data;
//   - the active chain, a slice of entries by height;
//   - blocks/ (package blockstore): blk and rev files and the LevelDB block
//     index, where dirty entries are written;
//   - chainstate/ (package utxoset): the UTXO set in LevelDB under a
//     coins cache (Core's CoinsTip) and a per-block child cache that is
//     merged on success and dropped on failure.
//
// ProcessBlock follows Core's ProcessNewBlock: CheckBlock, the header rules
// (proof of work "high-hash", "bad-diffbits", "time-too-old", "time-too-new"
// against Options.Clock, "bad-version"), "prev-blk-not-found" for an unknown
// parent and "bad-prevblk" for an invalid one, ContextualCheckBlock, storage
// in the blk files, then ActivateBestChain: disconnect down to the fork with
// the best candidate (undo data from the rev files restores the coins) and
// connect its blocks. ConnectBlock checks BIP30, spends the inputs, runs
// CheckTxInputs, BIP68 sequence locks and the 80,000 sigop cost limit,
// checks the coinbase amount ("bad-cb-amount") and verifies every script in
// parallel (package scriptcheck, with the shared signature cache and the
// flags of consensus.GetBlockScriptFlags), then writes the undo data. A block
// that fails there is marked BlockFailedValid, its descendants
// BlockFailedChild, and it is never tried again; blocks whose body may have
// been mutated in transit (bad merkle root, witness mismatches) are rejected
// without being marked.
//
// TestBlockValidity is Core's: it runs the checks of ProcessBlock and
// ConnectBlock on a block building on the tip (optionally without the
// proof of work and merkle root), against a throw-away view over the UTXO
// cache and a block index entry that is never added, so that nothing is
// stored, marked or notified. Block templates, getblocktemplate proposals
// and generateblock use it.
//
// VerifyChain is Core's CVerifyDB: from the tip down, it reads the last
// blocks (level 0), runs CheckBlock (1), reads and matches their undo data
// (2), disconnects them on an in-memory view while the cache budget allows
// (3) and connects them again (4); Start runs it with Options.CheckBlocks
// and CheckLevel and refuses a data directory that fails
// (ErrCorruptBlockDB).
//
// Importer reads external blk-format files (Core's -loadblock) and keeps
// blocks whose parent comes later; Options.Reindex rebuilds the index from
// the blk files in place, Options.ReindexChainstate only the UTXO set.
// Options.PruneMiB deletes whole blk/rev pairs far enough below the tip.
//
// # Durability
//
// Writes follow Core's FlushStateToDisk: the blk and rev files are fsynced,
// then the dirty index entries go to blocks/index in one synced batch, and
// only then is the UTXO cache written to chainstate/ with the head-blocks
// protocol (utxoset), whose best block therefore always names a block whose
// data and undo data are durable. The cache is written when it outgrows its
// share of -dbcache, every hour, when pruning, and on Close. Open replays a
// chainstate flush that was interrupted (utxoset.ReplayBlocks), and Start
// reconnects blocks the index holds beyond the chainstate's tip. Nothing
// else is needed after a crash: blocks written but not yet in the index are
// forgotten and overwritten, as in Core.
//
// # Errors
//
// Rejections are *RuleError values: Err is the kind (an ErrorKind of this
// package, or a consensus.ErrorKind for a consensus rule), Reason Core's
// reject reason, and Cause the underlying error, so
//
//	errors.Is(err, consensus.ErrBadCbAmount)
//	errors.Is(err, blockchain.ErrPrevBlockNotFound)
//	errors.Is(err, txscript.ErrEvalFalse) // with ErrScriptVerifyFailed
//
// all work. Script failures read "mandatory-script-verify-flag-failed
// (<Core's ScriptErrorString>)" (Core 30 renamed the prefix to
// "block-script-verify-flag-failed"). Other failures are *Error values of an
// ErrorKind (ErrCorrupt, ErrNotFound, ErrBlockPruned, ErrNeedReindex, ...)
// or the storage packages' errors; after an I/O or corruption error the
// Chain should be closed.
//
// # Concurrency and notifications
//
// A Chain is safe for concurrent use. Writers (ProcessBlock,
// ProcessHeaders, InvalidateBlock, ReconsiderBlock, Flush, UTXOStats,
// Close) and the checks that need a still chain (TestBlockValidity,
// VerifyChain) are serialized; queries share the chain lock with each other and
// see the state between two writer steps. Subscribe registers a callback
// for BlockConnected and BlockDisconnected notifications (with the block and
// its undo data): callbacks run synchronously on the writer's goroutine,
// outside the chain lock, in order, before the writer returns; they may
// query the chain but not write to it (nor call TestBlockValidity or
// VerifyChain). The Progress hook is different: it
// runs under the lock after each connected block and must not call back.
package blockchain
