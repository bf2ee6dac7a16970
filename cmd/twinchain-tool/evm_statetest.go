package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"

	"github.com/twinchain/twinchain/internal/eth/ethtests"
)

const evmUsage = `usage: twinchain-tool evm <command> [arguments]

  evm statetest [--fork NAME] [--run REGEX] [--workers N] [FILE|DIR...]
        run GeneralStateTests JSON files (directories are searched for
        *.json; with no argument, paths are read from standard input one per
        line); one JSON line per subtest, as geth's evm statetest prints
`

// runEVM runs an `evm` command and returns the process exit status.
func runEVM(cmd string, args []string, stdout, stderr io.Writer) int {
	switch cmd {
	case "statetest":
		return runStateTest(args, os.Stdin, stdout, stderr)
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
	fs.Usage = func() { fmt.Fprint(stderr, evmUsage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := ethtests.Options{Fork: *fork, Workers: *workers}
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
