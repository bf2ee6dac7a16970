// Package consensus holds Bitcoin's pure consensus rules that need no chain
// state: the context-free transaction checks today; proof of work, difficulty
// retargeting, subsidy, block sanity checks and sequence locks as the chain
// issues add them.
//
// Rejections are *RuleError values whose Reason is the string Bitcoin Core
// reports ("bad-txns-vin-empty", ...) and whose Kind is an ErrorKind usable
// with errors.Is:
//
//	if errors.Is(err, consensus.ErrBadTxnsVinEmpty) { ... }
//
// The package is pure and safe for concurrent use.
package consensus
