// Command twinchain-tool holds twinchain's offline tools: conformance runners
// over the reference test vectors, and decoders. Run it without arguments
// for the list of commands.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage: twinchain-tool <chain> <command> [arguments]

Bitcoin (btc):
  btc scripttests FILE                 run Bitcoin Core's script_tests.json
  btc txtests --valid|--invalid FILE   run tx_valid.json / tx_invalid.json
  btc sighashtests FILE                run sighash.json
  btc scriptassets PATH...             run script-assets test files or directories
  btc decode [-chain=NAME] tx|block HEX|@FILE
                                       print bitcoind-style JSON (decoderawtransaction / getblock 2)
  btc importblocks -datadir=DIR [-chain=NAME] [-dbcache=MiB] [-txindex] [-prune=MiB]
                   [-reindex] [-reindex-chainstate] [-coinbase-maturity=N] FILE...
                                       validate and connect blocks from blk-format files into a
                                       Core-layout data directory (DIR holds blocks/ and chainstate/)
  btc dumpdb -datadir=DIR [-chain=NAME] [-what=all|index|chainstate]
                                       print the block index and chainstate records decoded

Ethereum (evm):
  evm statetest [--fork NAME] [--run REGEX] [--workers N] [--bench] FILE|DIR...
                                       run GeneralStateTests (paths from stdin when none are given);
                                       one JSON line per subtest, as geth's evm statetest prints
  evm blocktest [--fork NAME] [--run REGEX] FILE|DIR...
                                       run BlockchainTests (NoProof seal engine)
  evm run --code HEX|@FILE [--input HEX] [--gas N] [--prestate FILE] [--receiver ADDR] [--bench] [--json]
                                       run EVM code as geth's evm run does

Runners print one line per failure and a last line "N passed, M failed", and
exit with status 1 if anything failed.
`

// run dispatches a command line and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "btc":
		return runBTC(args[1], args[2:], stdout, stderr)
	case "evm":
		return runEVM(args[1], args[2:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "twinchain-tool: unknown chain %q\n\n%s", args[0], usage)
		return 2
	}
}

func runBTC(cmd string, args []string, stdout, stderr io.Writer) int {
	switch cmd {
	case "scripttests", "sighashtests":
		if len(args) != 1 {
			fmt.Fprintf(stderr, "usage: twinchain-tool btc %s FILE\n", cmd)
			return 2
		}
		r := btcRunners[cmd]
		return report(stdout, stderr)(r(args[0], stdout))
	case "txtests":
		if len(args) != 2 || (args[0] != "--valid" && args[0] != "--invalid" && args[0] != "-valid" && args[0] != "-invalid") {
			fmt.Fprintln(stderr, "usage: twinchain-tool btc txtests --valid|--invalid FILE")
			return 2
		}
		valid := args[0] == "--valid" || args[0] == "-valid"
		return report(stdout, stderr)(runTxTests(args[1], valid, stdout))
	case "scriptassets":
		if len(args) == 0 {
			fmt.Fprintln(stderr, "usage: twinchain-tool btc scriptassets PATH...")
			return 2
		}
		return report(stdout, stderr)(runScriptAssets(args, stdout))
	case "decode":
		return runDecode(args, stdout, stderr)
	case "importblocks":
		return runImport(args, stdout, stderr)
	case "dumpdb":
		return runDumpDB(args, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "twinchain-tool: unknown btc command %q\n\n%s", cmd, usage)
		return 2
	}
}

// report prints the summary line of a runner and turns its result into an
// exit status.
func report(stdout, stderr io.Writer) func(passed, failed int, err error) int {
	return func(passed, failed int, err error) int {
		if err != nil {
			fmt.Fprintf(stderr, "twinchain-tool: %v\n", err)
			return 2
		}
		fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
		if failed > 0 {
			return 1
		}
		return 0
	}
}
