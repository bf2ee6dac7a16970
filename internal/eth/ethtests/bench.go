package ethtests

import (
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// BenchStats is the measurement of one subtest, in the JSON shape of the
// "benchStats" member of geth's `evm statetest --bench` output.
type BenchStats struct {
	Time           time.Duration `json:"time"`           // per run, in nanoseconds
	Allocs         int64         `json:"allocs"`         // heap allocations per run
	BytesAllocated int64         `json:"bytesAllocated"` // heap bytes allocated per run
	GasUsed        uint64        `json:"gasUsed"`        // gas used by the transaction
}

// BenchFunc measures a subtest for Options.Bench. run executes the subtest
// once from scratch, doing the work geth's `evm statetest --bench` times
// per run: it builds and commits the pre-state from the parsed JSON,
// decodes the transaction and recovers its sender (no cache), applies the
// message on a fresh EVM (no code analysis kept from earlier runs) and
// commits the post-state. It returns the gas used, or the transaction's
// rejection. The BenchFunc calls run as often as it needs (the clock is
// the caller's) and returns the measurement, or nil for none.
type BenchFunc func(run func() (gasUsed uint64, err error)) *BenchStats

// benchRun is one timed run of a subtest (see BenchFunc).
func (r *StateRunner) benchRun(t *stateTest, post *stPost, e *env, cfg *ethparams.ChainConfig) (uint64, error) {
	pre, err := buildPreState(t.Pre)
	if err != nil {
		return 0, err
	}
	sdb, err := statedb.New(pre.root, pre.db)
	if err != nil {
		return 0, err
	}
	fresh := &StateRunner{opts: r.opts, cache: NewCache()}
	gas, err := fresh.execute(t, post, sdb, e, cfg)
	if err != nil {
		return 0, err
	}
	if _, err := sdb.Commit(cfg.IsEIP158(e.number)); err != nil {
		return 0, err
	}
	return gas, nil
}
