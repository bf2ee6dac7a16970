// Package fees estimates fee rates from what the node observes: Bitcoin
// Core's CBlockPolicyEstimator (src/policy/fees.cpp) in its essentials.
//
// # Model
//
// An Estimator is told when transactions enter the pool (TxAdded, with the
// best height at that moment), when blocks confirm them (BlockConnected,
// with the block's txids, before the pool drops them) and when they leave
// unconfirmed (TxRemoved; wire mempool.Config.OnRemove to it for every
// reason but mempool.RemovalBlock). Only transactions without in-pool ancestors that arrive while the
// estimator is at the chain's tip are tracked, at their base fee rate.
//
// Fee rates are grouped in 237 buckets from 100 sat/kvB up to 10^7
// sat/kvB, each bound 1.05 times the previous, plus an unbounded last one.
// Three horizons keep exponentially decaying counts per bucket: short (12
// blocks, decay 0.962 per block), medium (48 blocks in periods of 2, decay
// 0.9952) and long (1008 blocks in periods of 24, decay 0.99931): how many
// confirmed within each number of periods, how many left the pool
// unconfirmed after each number of periods, the confirmed total and the sum
// of their fee rates, and the transactions still waiting by entry height.
//
// An estimate for a target (Core's EstimateMedianVal) walks the buckets
// from the highest fee rate down, grouping them until a group holds enough
// data (0.1 transactions per block of decayed weight, 0.5 for the short
// horizon), and keeps the lowest group whose share confirmed within the
// target (waiting and failed transactions counted against it) reaches the
// threshold; the answer is the average fee rate of that range's median
// bucket. EstimateSmartFee combines them as Core does: the highest of the
// estimates for target/2 at 60%, target at 85% and 2*target at 95%, each
// from the shortest horizon tracking it (and no higher than the maximum
// target answer of a shorter horizon), plus, in conservative mode, the
// medium and long horizons at 95% for 2*target. Target 1 is answered for
// 2, and targets beyond half the blocks observed are lowered to that;
// "blocks" reports the target answered for. EstimateRawFee exposes one
// horizon with its bucket ranges (estimaterawfee).
//
// fee_estimates.dat (persist.go) is Core's format: Encode/Decode and
// WriteFile/ReadFile, a file older than 60 hours being ignored (Core's
// MAX_FILE_AGE); call FlushUnconfirmed before writing at shutdown. The
// loaded file's block span counts towards the usable targets, as Core's
// historical span does.
//
// # Concurrency
//
// An Estimator is safe for concurrent use.
package fees
