package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtests"
)

const evmUsage = `usage: twinchain-tool evm <command> [arguments]

  evm statetest [--fork NAME] [--run REGEX] [--workers N] [--bench] [FILE|DIR...]
        run GeneralStateTests JSON files (directories are searched for
        *.json; with no argument, paths are read from standard input one per
        line); one JSON line per subtest, as geth's evm statetest prints;
        --bench adds geth's "benchStats" (time per run, allocations, gas
        used) to each line, timing one subtest at a time
  evm blocktest [--fork NAME] [--run REGEX] [FILE|DIR...]
        run BlockchainTests JSON files (NoProof seal engine; directories and
        standard input as for statetest); one JSON line per test
  evm run [--code HEX|@FILE] [--input HEX|@FILE] [--gas N] [--prestate FILE]
          [--receiver ADDR] [--sender ADDR] [--value N] [--fork NAME]
          [--create] [--bench] [--json] [CODE]
        run EVM code as geth's evm run does (evm run -h for details)
`

// runEVM runs an `evm` command and returns the process exit status.
func runEVM(cmd string, args []string, stdout, stderr io.Writer) int {
	switch cmd {
	case "statetest":
		return runStateTest(args, os.Stdin, stdout, stderr)
	case "run":
		return runEVMRun(args, stdout, stderr)
	case "blocktest":
		return runBlockTest(args, os.Stdin, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "twinchain-tool: unknown evm command %q\n\n%s", cmd, evmUsage)
		return 2
	}
}

// runStateTest implements `evm statetest`.
func runStateTest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("statetest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fork := fs.String("fork", "", "run only the subtests of this fork")
	run := fs.String("run", "", "run only the tests whose name matches this regular expression")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "number of files processed in parallel")
	bench := fs.Bool("bench", false, "time every subtest (runs on one worker)")
	benchtime := fs.Duration("benchtime", time.Second, "minimum duration of the timed runs of a subtest")
	fs.Usage = func() { fmt.Fprint(stderr, evmUsage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := ethtests.Options{Fork: *fork, Workers: *workers}
	if *bench {
		if *benchtime <= 0 {
			fmt.Fprintln(stderr, "twinchain-tool: --benchtime must be positive")
			return 2
		}
		// Timings of subtests run side by side would disturb each other.
		opts.Workers = 1
		opts.Bench = statetestBench(*benchtime, stderr)
	}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintf(stderr, "twinchain-tool: --run: %v\n", err)
			return 2
		}
		opts.Run = re
	}
	if fs.NArg() == 0 {
		opts.Stdin = stdin
	}
	return report(stdout, stderr)(ethtests.RunStateTests(fs.Args(), opts, stdout))
}

// statetestBench returns the ethtests.BenchFunc of `evm statetest --bench`:
// like geth, one untimed run, then timed runs for at least d, each checked
// to end as the first did (same gas used, same rejection if the
// transaction is invalid; a rejected transaction is timed too, with gas
// 0). A run that differs is reported on stderr and leaves the subtest
// without figures.
func statetestBench(d time.Duration, stderr io.Writer) ethtests.BenchFunc {
	return func(run func() (uint64, error)) *ethtests.BenchStats {
		gas, firstErr := run()
		res, err := benchmark(d, func() error {
			again, err := run()
			switch {
			case again != gas:
				return fmt.Errorf("gas used differs between runs: %d, then %d", gas, again)
			case (err == nil) != (firstErr == nil):
				return fmt.Errorf("outcome differs between runs: %v, then %v", firstErr, err)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "twinchain-tool: bench: %v\n", err)
			return nil
		}
		return &ethtests.BenchStats{Time: res.perRun, Allocs: res.allocs, BytesAllocated: res.bytes, GasUsed: gas}
	}
}
