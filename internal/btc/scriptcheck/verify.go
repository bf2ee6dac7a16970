package scriptcheck

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// ErrSpentMismatch is returned when the spent outputs do not line up with
// the block's inputs.
var ErrSpentMismatch = errors.New("spent outputs do not match the block's inputs")

// InputError reports the input whose script failed.
type InputError struct {
	TxIndex    int
	Txid       chainhash.Hash
	InputIndex int
	Err        error
}

// Error describes the failing input.
func (e *InputError) Error() string {
	return fmt.Sprintf("tx %s input %d: %v", e.Txid, e.InputIndex, e.Err)
}

// Unwrap returns the script error.
func (e *InputError) Unwrap() error { return e.Err }

// Config tunes VerifyBlock.
type Config struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS, 1 runs
	// serially on the caller's goroutine.
	Workers int
	// SigCache, when set, is consulted and filled by signature checks.
	SigCache txscript.SigCache
}

type job struct {
	tx, in int32
}

// VerifyBlock verifies every input of every non-coinbase transaction of blk
// under flags. spent[i] lists the outputs spent by blk.Txs[i] in input order;
// spent[0] (the coinbase) is ignored.
func VerifyBlock(blk *primitives.Block, spent [][]primitives.TxOut, flags txscript.Flags, cfg Config) error {
	if len(spent) != len(blk.Txs) {
		return fmt.Errorf("%w: %d spent lists for %d transactions", ErrSpentMismatch, len(spent), len(blk.Txs))
	}
	var jobs []job
	for i := 1; i < len(blk.Txs); i++ {
		if len(spent[i]) != len(blk.Txs[i].Inputs) {
			return fmt.Errorf("%w: tx %d has %d inputs and %d spent outputs", ErrSpentMismatch, i, len(blk.Txs[i].Inputs), len(spent[i]))
		}
		for j := range blk.Txs[i].Inputs {
			jobs = append(jobs, job{tx: int32(i), in: int32(j)})
		}
	}
	v := &verifier{blk: blk, spent: spent, flags: flags, cache: cfg.SigCache,
		hashes: make([]*txscript.SigHashes, len(blk.Txs)), once: make([]sync.Once, len(blk.Txs))}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(jobs) {
		workers = max(len(jobs), 1)
	}
	if workers == 1 {
		for _, j := range jobs {
			if err := v.check(j); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next    atomic.Int64
		failed  atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	work := func() {
		for !failed.Load() {
			k := next.Add(1) - 1
			if k >= int64(len(jobs)) {
				return
			}
			if err := v.check(jobs[k]); err != nil {
				failed.Store(true)
				errOnce.Do(func() { first = err })
				return
			}
		}
	}
	// The caller is one of the workers: one goroutine fewer to start, and
	// the caller need not be woken up at the end (which, on a loaded
	// machine, can cost a scheduling delay per block).
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	return first
}

type verifier struct {
	blk    *primitives.Block
	spent  [][]primitives.TxOut
	flags  txscript.Flags
	cache  txscript.SigCache
	hashes []*txscript.SigHashes
	once   []sync.Once
}

func (v *verifier) check(j job) error {
	tx := v.blk.Txs[j.tx]
	// The BIP143/BIP341 midstates serve only witness spends, and a
	// transaction without witnesses has none: leave them nil for legacy
	// transactions (the engine would compute them on demand anyway).
	v.once[j.tx].Do(func() {
		if tx.HasWitness() {
			v.hashes[j.tx] = txscript.NewSigHashes(tx, v.spent[j.tx])
		}
	})
	in := &tx.Inputs[j.in]
	prev := &v.spent[j.tx][j.in]
	ctx := txscript.TxContext{
		Tx: tx, Index: int(j.in), Amount: prev.Value, PrevOuts: v.spent[j.tx],
		SigHashes: v.hashes[j.tx], SigCache: v.cache,
	}
	if err := txscript.VerifyScript(in.ScriptSig, prev.ScriptPubKey, in.Witness, v.flags, &ctx); err != nil {
		return &InputError{TxIndex: int(j.tx), Txid: v.blk.TxHashes()[j.tx], InputIndex: int(j.in), Err: err}
	}
	return nil
}
