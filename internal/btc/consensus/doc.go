// Package consensus holds Bitcoin's pure consensus rules: the checks a block
// or transaction must pass given the network parameters and, where a rule
// needs them, a view of the header chain or of the coins being spent. It
// follows Bitcoin Core's src/pow.cpp, src/validation.cpp (CheckBlock,
// ContextualCheckBlockHeader, ContextualCheckBlock, GetBlockScriptFlags and
// the rules of ConnectBlock that need no storage), src/consensus/tx_check.cpp,
// src/consensus/tx_verify.cpp and src/signet.cpp.
//
// # Model
//
// Nothing here stores or looks anything up on its own. Chain history comes
// in through HeaderCtx, a small interface over one block of a header chain
// (height, bits, timestamp, ancestors) that the chain-state block index
// implements; coins come in through CoinView (LookupCoin) or as slices of
// spent outputs; the clock comes in as a plain now argument. Parameters are
// a *chaincfg.Params value.
//
//   - Proof of work (pow.go): CompactToTarget/TargetToCompact and
//     CompactToBig/BigToCompact with Core's negative and overflow flags,
//     DeriveTarget, CheckProofOfWork, CheckBlockHeader ("high-hash"),
//     CalcWork (block proof; chain work is the sum).
//   - Difficulty (retarget.go): GetNextWorkRequired with mainnet's 2016-block
//     retarget (measured from height last-2015, Core's off-by-one),
//     testnet's 20-minute minimum-difficulty rule and walk back, BIP94's
//     first-block base, regtest's no-retarget; CalculateNextWorkRequired,
//     RetargetBits, PermittedDifficultyTransition and MedianTimePast.
//   - Blocks: CheckBlock (context-free, block_check.go),
//     ContextualCheckBlockHeader and ContextualCheckBlock
//     (block_contextual.go), CheckSignetBlockSolution (BIP325, signet.go).
//   - Transactions: CheckTransactionSanity (tx_check.go), CheckTxInputs and
//     GetTransactionSigOpCost (tx_inputs.go), BIP68 sequence locks
//     (seqlock.go), IsFinalTx.
//   - Block connection helpers: GetBlockSubsidy, CheckCoinbaseAmount and
//     AccumulateFees (subsidy.go), BIP30 (bip30.go), GetBlockScriptFlags
//     (script_flags.go).
//
// BIPs implemented: 16 (exception block), 30, 34, 65, 66, 68, 94, 112 (flag),
// 113, 141 (commitment, weight, sigop cost), 147 (flag), 325, 341 (flag).
//
// # Errors
//
// Rejections are *RuleError values whose Reason is the string Bitcoin Core
// reports ("bad-txns-vin-empty", "high-hash", ...) and whose Err is an
// ErrorKind usable with errors.Is:
//
//	if errors.Is(err, consensus.ErrBadTxnsInputsMissingOrSpent) { ... }
//
// The one reason that carries a value, "bad-version(0x%08x)", has kind
// ErrBadVersion; RuleError.Reason returns the full text.
//
// # Concurrency
//
// The package has no state; every function is safe for concurrent use as
// long as the blocks, views and header chains passed in are not modified
// meanwhile.
package consensus
