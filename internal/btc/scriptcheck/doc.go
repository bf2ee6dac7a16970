// Package scriptcheck verifies the scripts of a block's inputs, serially or
// in parallel across cores, the way Core's CCheckQueue does for
// ConnectBlock: one job per input, pulled by a fixed number of workers, the
// per-transaction signature-hash midstates computed once per transaction,
// and an optional shared signature cache so inputs already verified in the
// mempool are not verified again.
//
// The first failure stops the remaining work and is returned as an
// *InputError naming the transaction and input; it wraps the script error
// (a txscript.Error), so callers can test its code with errors.Is/As.
//
// VerifyBlock is safe for concurrent use; it starts its workers on each call
// (the calling goroutine is one of them) and waits for them before
// returning.
package scriptcheck
