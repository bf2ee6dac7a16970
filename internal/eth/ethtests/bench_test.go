package ethtests

import (
	"path/filepath"
	"testing"

	"github.com/twinchain/twinchain/internal/testdata"
)

// TestBenchHook checks that Options.Bench measures each subtest that ran
// with a run function that repeats it from scratch: same gas every time,
// the gas geth reports for these subtests, and a rejection for a subtest
// whose transaction is invalid.
func TestBenchHook(t *testing.T) {
	file := testdata.Path(t, "evm-bench", "ipsilon-evm-benchmarks", "benchmarks", "micro", "signextend.json")
	calls := 0
	opts := Options{Bench: func(run func() (uint64, error)) *BenchStats {
		var gas uint64
		for range 3 {
			g, err := run()
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if gas != 0 && g != gas {
				t.Errorf("gas %d, then %d", gas, g)
			}
			gas = g
		}
		calls++
		return &BenchStats{GasUsed: gas}
	}}
	res, err := NewStateRunner(opts).RunFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// geth 1.17.10's evm statetest --bench reports these.
	want := []uint64{117194, 117206}
	if len(res) != len(want) || calls != len(want) {
		t.Fatalf("%d results, %d calls", len(res), calls)
	}
	for i, r := range res {
		if !r.Pass || r.Stats == nil || r.Stats.GasUsed != want[i] {
			t.Errorf("subtest %d: %+v %+v", i, r, r.Stats)
		}
	}

	// A rejected transaction: the run reports the rejection.
	file = testdata.Path(t, "ethereum-tests", "GeneralStateTests", "stEIP1559", "lowGasLimit.json")
	var rejected int
	opts.Bench = func(run func() (uint64, error)) *BenchStats {
		if gas, err := run(); err != nil && gas == 0 {
			rejected++
		}
		return nil
	}
	res, err = NewStateRunner(opts).RunFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if rejected == 0 || len(res) == 0 {
		t.Errorf("%s: %d results, %d rejections", filepath.Base(file), len(res), rejected)
	}
}
