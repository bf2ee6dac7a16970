package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"

	"github.com/twinchain/twinchain/internal/eth/ethtests"
)

// runBlockTest implements `evm blocktest`.
func runBlockTest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("blocktest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fork := fs.String("fork", "", "run only the tests of this network (fork)")
	run := fs.String("run", "", "run only the tests whose name matches this regular expression")
	fs.Usage = func() { fmt.Fprint(stderr, evmUsage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := ethtests.Options{Fork: *fork}
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
	return report(stdout, stderr)(ethtests.RunBlockTests(fs.Args(), opts, stdout))
}
