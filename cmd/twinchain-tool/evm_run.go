package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
)

// `evm run` follows geth's `evm run` (cmd/evm/runner.go of geth 1.17):
//
//   - The code runs as the code of the receiver (default
//     0x0000000000000000000000007265636569766572, the ASCII of "receiver"
//     right-aligned, as geth's BytesToAddress([]byte("receiver")) makes it)
//     called by the sender (likewise "sender"), with the gas given, and no
//     intrinsic gas, refund or fee: "gas used" is the gas limit minus the gas
//     left, refunds not subtracted. With --create, code followed by the input
//     is init code run by a creation from the sender.
//   - Without --prestate the chain is a Cancun chain with chain id 1337
//     (geth's developer chain id; geth's default fork is later than Cancun).
//     --prestate reads a geth genesis JSON: its config (fork schedule), alloc
//     (accounts), coinbase, number, timestamp, difficulty, baseFeePerGas; a
//     non-zero gasLimit in it replaces --gas, as in geth. --fork replaces the
//     fork schedule with the one ethereum/tests uses for that fork name.
//   - The block is post-merge with a zero PREVRANDAO, the base fee is the
//     genesis baseFeePerGas or 1 gwei, the blob base fee 0, BLOCKHASH(n) is
//     keccak256 of n in decimal, and the block gas limit is the gas limit.
//   - The output goes to standard output as geth prints it (fmt's %#x: an
//     empty output is an empty line), followed by " error: ..." when the
//     execution failed; a failed execution is a result, not a failure of the
//     tool (exit status 0). The gas used goes to standard error, and with
//     --bench the execution time, allocations and bytes per run, in geth's
//     words. --json writes geth's JSON trace (one object per instruction and
//     one per frame exit) to standard error instead of printing the output.

const evmRunUsage = `usage: twinchain-tool evm run [flags] [CODE]

  Runs EVM code as geth's evm run does: the code (--code, or the positional
  argument) is installed at the receiver and called by the sender with the
  input. Prints the output to stdout and the gas used (with --bench, the
  execution time per run) to stderr.

  --code HEX|@FILE     code to run (hex, 0x optional; @FILE reads hex from FILE;
                       --codefile FILE is geth's spelling of --code @FILE)
  --input HEX|@FILE    call data (--inputfile FILE: --input @FILE)
  --gas N              gas limit (default 10000000000; a prestate's non-zero
                       gasLimit replaces it, as in geth)
  --prestate FILE      geth genesis JSON: config, alloc, coinbase, number, ...
  --receiver ADDR      the called account (default geth's "receiver" address)
  --sender ADDR        the caller and origin (default geth's "sender" address)
  --value N            value transferred (decimal or 0x hex)
  --price N            gas price (decimal or 0x hex)
  --fork NAME          fork rules (ethereum/tests names; default Cancun, or the
                       prestate's config)
  --create             run CODE followed by the input as init code of a creation
  --bench              repeat the run for --benchtime and print the time per run
  --benchtime D        minimum duration of the timed runs (default 1s)
  --keep-analysis      with --bench, keep code analyses between runs (geth's evm
                       run analyses the code afresh in every run, as each run is
                       a new EVM; without this flag so do we)
  --statdump           print the time and allocations of the (single) run
  --json               write geth's JSON trace of every instruction to stderr
`

// Addresses geth's evm run uses by default: BytesToAddress of the ASCII
// words, which keeps them right-aligned.
var (
	defaultSender   = ethtypes.BytesToAddress([]byte("sender"))
	defaultReceiver = ethtypes.BytesToAddress([]byte("receiver"))
)

const (
	defaultRunGas     = 10_000_000_000 // geth's --gas default
	defaultRunChainID = 1337           // geth's developer chain
	defaultRunBaseFee = 1_000_000_000  // geth's params.InitialBaseFee
)

// runConfig is a parsed `evm run` command line.
type runConfig struct {
	code, input  []byte
	gas          uint64
	prestate     string
	sender       ethtypes.Address
	receiver     ethtypes.Address
	value, price uint256.Int
	fork         string
	create       bool
	bench        bool
	benchtime    time.Duration
	keepAnalysis bool
	jsonTrace    bool
	statdump     bool
}

// runEVMRun implements `evm run` and returns the exit status.
func runEVMRun(args []string, stdout, stderr io.Writer) int {
	rc, err := parseRunFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "twinchain-tool: evm run: %v\n", err)
		}
		return 2
	}
	env, err := newRunEnv(rc)
	if err != nil {
		fmt.Fprintf(stderr, "twinchain-tool: evm run: %v\n", err)
		return 2
	}
	var tracer *jsonTracer
	if rc.jsonTrace {
		tracer = newJSONTracer(stderr)
	}
	cache := evm.NewCache(256)
	var (
		stats benchResult
		res   runResult
	)
	if rc.statdump {
		// Time the single run, as geth's --statdump does.
		stats, err = benchmark(0, func() error {
			var err error
			res, err = env.run(tracer, cache)
			return err
		})
	} else {
		res, err = env.run(tracer, cache)
	}
	if err != nil {
		fmt.Fprintf(stderr, "twinchain-tool: evm run: %v\n", err)
		return 2
	}
	if rc.bench {
		stats, err = benchmark(rc.benchtime, func() error {
			if !rc.keepAnalysis {
				cache = evm.NewCache(256)
			}
			again, err := env.run(nil, cache)
			if err != nil {
				return err
			}
			return again.sameAs(res)
		})
		if err != nil {
			fmt.Fprintf(stderr, "twinchain-tool: evm run: %v\n", err)
			return 2
		}
	}
	fmt.Fprintf(stderr, "EVM gas used:    %d\n", res.gasUsed)
	if rc.bench || rc.statdump {
		fmt.Fprintf(stderr, "execution time:  %v\nallocations:     %d\nallocated bytes: %d\n",
			stats.perRun, stats.allocs, stats.bytes)
	}
	if tracer == nil {
		fmt.Fprintf(stdout, "%#x\n", res.output)
		if res.err != nil {
			fmt.Fprintf(stdout, " error: %v\n", res.err)
		}
	}
	return 0
}

// parseRunFlags parses the command line of `evm run`.
func parseRunFlags(args []string, stderr io.Writer) (*runConfig, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, evmRunUsage) }
	var (
		rc                            = &runConfig{}
		code, input, receiver, sender string
		value, price                  string
		gasFlag                       = fs.Uint64("gas", defaultRunGas, "gas limit")
	)
	var codeFile, inputFile string
	fs.StringVar(&code, "code", "", "code (hex or @FILE)")
	fs.StringVar(&codeFile, "codefile", "", "file holding the code in hex (geth's flag)")
	fs.StringVar(&input, "input", "", "call data (hex or @FILE)")
	fs.StringVar(&inputFile, "inputfile", "", "file holding the call data in hex (geth's flag)")
	fs.StringVar(&rc.prestate, "prestate", "", "geth genesis JSON")
	fs.StringVar(&receiver, "receiver", "", "receiver address")
	fs.StringVar(&sender, "sender", "", "sender address")
	fs.StringVar(&value, "value", "0", "value")
	fs.StringVar(&price, "price", "0", "gas price")
	fs.StringVar(&rc.fork, "fork", "", "fork name")
	fs.BoolVar(&rc.create, "create", false, "run as a creation")
	fs.BoolVar(&rc.bench, "bench", false, "benchmark")
	fs.DurationVar(&rc.benchtime, "benchtime", time.Second, "benchmark duration")
	fs.BoolVar(&rc.keepAnalysis, "keep-analysis", false, "keep code analyses between benchmark runs")
	fs.BoolVar(&rc.jsonTrace, "json", false, "JSON trace")
	fs.BoolVar(&rc.statdump, "statdump", false, "print the time and allocations of the run")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	rc.gas = *gasFlag
	if codeFile != "" {
		if code != "" {
			return nil, errors.New("both --code and --codefile given")
		}
		code = "@" + codeFile
	}
	if inputFile != "" {
		if input != "" {
			return nil, errors.New("both --input and --inputfile given")
		}
		input = "@" + inputFile
	}
	switch {
	case fs.NArg() > 1:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args()[1:])
	case fs.NArg() == 1 && code != "":
		return nil, errors.New("code given both with --code and as an argument")
	case fs.NArg() == 1:
		code = fs.Arg(0)
	}
	if rc.bench && (rc.jsonTrace || rc.statdump) {
		return nil, errors.New("--bench cannot be combined with --json or --statdump")
	}
	if rc.benchtime <= 0 {
		return nil, errors.New("--benchtime must be positive")
	}
	var err error
	if rc.code, err = hexArg("code", code); err != nil {
		return nil, err
	}
	if rc.input, err = hexArg("input", input); err != nil {
		return nil, err
	}
	rc.sender, rc.receiver = defaultSender, defaultReceiver
	if sender != "" {
		if rc.sender, err = looseAddress(sender); err != nil {
			return nil, fmt.Errorf("--sender: %w", err)
		}
	}
	if receiver != "" {
		if rc.receiver, err = looseAddress(receiver); err != nil {
			return nil, fmt.Errorf("--receiver: %w", err)
		}
	}
	if rc.value, err = parseQuantity(value); err != nil {
		return nil, fmt.Errorf("--value: %w", err)
	}
	if rc.price, err = parseQuantity(price); err != nil {
		return nil, fmt.Errorf("--price: %w", err)
	}
	return rc, nil
}

// hexArg decodes a hex flag value, or the hex content of the file named
// after an @. Surrounding white space and a 0x prefix are ignored.
func hexArg(name, v string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(v, "@"); ok {
		data, err := os.ReadFile(rest)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", name, err)
		}
		v = string(data)
	}
	b, err := decodeHex(strings.TrimSpace(v))
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	return b, nil
}

// decodeHex decodes hex with an optional 0x prefix; the length must be even.
func decodeHex(s string) ([]byte, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s)%2 != 0 {
		return nil, fmt.Errorf("odd length hex (%d digits)", len(s))
	}
	return hex.DecodeString(s)
}

// looseAddress parses an address as geth's HexToAddress does: hex with an
// optional 0x, an odd number of digits padded on the left, shorter values
// right-aligned and longer ones cut to their last 20 bytes.
func looseAddress(s string) (ethtypes.Address, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return ethtypes.Address{}, err
	}
	return ethtypes.BytesToAddress(b), nil
}

// parseQuantity parses a 256-bit number, decimal or 0x-prefixed hex.
func parseQuantity(s string) (uint256.Int, error) {
	var v uint256.Int
	s = strings.TrimSpace(s)
	if s == "" {
		return v, nil
	}
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits := strings.TrimLeft(s[2:], "0")
		if digits == "" {
			return v, nil
		}
		err := v.SetFromHex("0x" + digits)
		return v, err
	}
	err := v.SetFromDecimal(s)
	return v, err
}

// runEnv is everything a run needs, prepared once: the committed
// pre-state and the contexts.
type runEnv struct {
	rc       *runConfig
	db       *statedb.MemoryDatabase
	root     ethtypes.Hash
	rules    ethtypes.Rules
	bctx     evm.BlockContext
	txctx    evm.TxContext
	coinbase ethtypes.Address
	gas      uint64
	input    []byte // call data, or init code followed by the input
}

// runResult is the outcome of one run.
type runResult struct {
	output  []byte
	gasUsed uint64
	err     error
}

// sameAs checks that a benchmark run repeated the first run exactly.
func (r runResult) sameAs(first runResult) error {
	switch {
	case string(r.output) != string(first.output):
		return fmt.Errorf("output differs between runs: %x, then %x", first.output, r.output)
	case r.gasUsed != first.gasUsed:
		return fmt.Errorf("gas used differs between runs: %d, then %d", first.gasUsed, r.gasUsed)
	case (r.err == nil) != (first.err == nil) || (r.err != nil && r.err.Error() != first.err.Error()):
		return fmt.Errorf("error differs between runs: %v, then %v", first.err, r.err)
	}
	return nil
}

// newRunEnv builds the pre-state and contexts of rc.
func newRunEnv(rc *runConfig) (*runEnv, error) {
	g := &runGenesis{}
	if rc.prestate != "" {
		var err error
		if g, err = readRunGenesis(rc.prestate); err != nil {
			return nil, err
		}
	}
	return buildRunEnv(rc, g)
}

// buildRunEnv builds the pre-state and contexts of rc on the genesis g.
func buildRunEnv(rc *runConfig, g *runGenesis) (*runEnv, error) {
	gas := rc.gas
	if g.GasLimit != 0 {
		gas = g.GasLimit // as geth: the genesis gas limit wins
	}
	cfg := g.Config
	switch {
	case rc.fork != "":
		fc, err := ethparams.ForkConfig(rc.fork)
		if err != nil {
			return nil, fmt.Errorf("--fork: %w (known: %s)", err, strings.Join(ethparams.ForkNames(), ", "))
		}
		fc.ChainID = defaultRunChainID
		if cfg != nil {
			fc.ChainID = cfg.ChainID
		}
		cfg = fc
	case cfg == nil:
		fc, err := ethparams.ForkConfig("Cancun")
		if err != nil {
			return nil, err
		}
		fc.ChainID = defaultRunChainID
		cfg = fc
	}

	db := statedb.NewMemoryDatabase()
	sdb, err := statedb.New(ethtypes.Hash{}, db)
	if err != nil {
		return nil, err
	}
	for _, a := range g.accounts {
		sdb.SetCode(a.addr, a.code)
		sdb.SetNonce(a.addr, a.nonce)
		sdb.SetBalance(a.addr, &a.balance)
		for _, kv := range a.storage {
			sdb.SetState(a.addr, kv[0], kv[1])
		}
	}
	input := rc.input
	if rc.create {
		input = append(append([]byte(nil), rc.code...), rc.input...)
	} else if len(rc.code) > 0 {
		sdb.SetCode(rc.receiver, rc.code)
	}
	root, err := sdb.Commit(false)
	if err != nil {
		return nil, err
	}

	env := &runEnv{rc: rc, db: db, root: root, coinbase: g.Coinbase, gas: gas, input: input}
	env.rules = cfg.Rules(g.Number, true, g.Timestamp)
	env.bctx = evm.BlockContext{
		GetHash:     runBlockHash,
		Coinbase:    g.Coinbase,
		GasLimit:    gas,
		BlockNumber: g.Number,
		Time:        g.Timestamp,
		Difficulty:  g.Difficulty,
	}
	env.bctx.ChainID.SetUint64(cfg.ChainID)
	if g.BaseFee != nil {
		env.bctx.BaseFee = *g.BaseFee
	} else {
		env.bctx.BaseFee.SetUint64(defaultRunBaseFee)
	}
	env.txctx = evm.TxContext{Origin: rc.sender, GasPrice: rc.price}
	return env, nil
}

// run executes the code once on a fresh StateDB opened at the pre-state,
// as geth's evm run does on a copy of its pre-state, with an optional
// tracer. The error is a failure to open the state, not an execution error
// (which is in the result).
func (env *runEnv) run(tracer *jsonTracer, cache *evm.Cache) (runResult, error) {
	sdb, err := statedb.New(env.root, env.db)
	if err != nil {
		return runResult{}, err
	}
	cfg := evm.Config{Cache: cache}
	if tracer != nil {
		tracer.sdb = sdb
		cfg.Tracer = tracer.hooks()
	}
	vm := evm.NewEVM(env.bctx, env.txctx, sdb, env.rules, cfg)
	rc := env.rc
	value := rc.value
	var res runResult
	if rc.create {
		sdb.Prepare(env.rules, rc.sender, env.coinbase, nil, vm.ActivePrecompiles(), nil)
		out, _, left, err := vm.Create(rc.sender, env.input, env.gas, &value)
		res = runResult{output: out, gasUsed: env.gas - left, err: err}
	} else {
		sdb.Prepare(env.rules, rc.sender, env.coinbase, &rc.receiver, vm.ActivePrecompiles(), nil)
		out, left, err := vm.Call(rc.sender, rc.receiver, env.input, env.gas, &value)
		res = runResult{output: out, gasUsed: env.gas - left, err: err}
	}
	if err := sdb.Error(); err != nil {
		return runResult{}, err
	}
	return res, nil
}

// runBlockHash is the BLOCKHASH of geth's evm run: keccak256 of the block
// number in decimal.
func runBlockHash(n uint64) ethtypes.Hash {
	var buf [20]byte
	return crypto.Keccak256(strconv.AppendUint(buf[:0], n, 10))
}

// jsonTracer writes geth's JSON trace (eth/tracers/logger's JSON logger
// with its evm defaults: stack, no memory, no return data): an object per
// instruction, another when an instruction fails while running, and one
// per frame exit.
type jsonTracer struct {
	w   io.Writer
	sdb evm.StateDB
	buf []byte
}

func newJSONTracer(w io.Writer) *jsonTracer { return &jsonTracer{w: w} }

func (t *jsonTracer) hooks() *evm.Tracer {
	return &evm.Tracer{
		OnOpcode: func(pc uint64, op evm.OpCode, gas, cost uint64, scope *evm.Frame, _ []byte, depth int, err error) {
			t.step(pc, op, gas, cost, scope, depth, err)
		},
		OnFault: func(pc uint64, op evm.OpCode, gas, cost uint64, scope *evm.Frame, depth int, err error) {
			t.step(pc, op, gas, cost, scope, depth, err)
		},
		OnExit: t.exit,
	}
}

// step writes the object of one instruction.
func (t *jsonTracer) step(pc uint64, op evm.OpCode, gas, cost uint64, scope *evm.Frame, depth int, err error) {
	b := t.buf[:0]
	b = append(b, `{"pc":`...)
	b = strconv.AppendUint(b, pc, 10)
	b = append(b, `,"op":`...)
	b = strconv.AppendUint(b, uint64(op), 10)
	b = append(b, `,"gas":"0x`...)
	b = strconv.AppendUint(b, gas, 16)
	b = append(b, `","gasCost":"0x`...)
	b = strconv.AppendUint(b, cost, 16)
	b = append(b, `","memSize":`...)
	b = strconv.AppendInt(b, int64(len(scope.MemoryData())), 10)
	b = append(b, `,"stack":[`...)
	for i, v := range scope.StackData() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, v.Hex()...)
		b = append(b, '"')
	}
	b = append(b, `],"depth":`...)
	b = strconv.AppendInt(b, int64(depth), 10)
	b = append(b, `,"refund":`...)
	b = strconv.AppendUint(b, t.sdb.GetRefund(), 10)
	b = append(b, `,"opName":`...)
	b = appendJSONString(b, op.String())
	if err != nil {
		b = append(b, `,"error":`...)
		b = appendJSONString(b, err.Error())
	}
	b = append(b, "}\n"...)
	t.buf = b
	t.w.Write(b)
}

// exit writes the object of a frame's end.
func (t *jsonTracer) exit(_ int, output []byte, gasUsed uint64, err error, _ bool) {
	b := t.buf[:0]
	b = append(b, `{"output":"`...)
	b = hex.AppendEncode(b, output)
	b = append(b, `","gasUsed":"0x`...)
	b = strconv.AppendUint(b, gasUsed, 16)
	b = append(b, '"')
	if err != nil {
		b = append(b, `,"error":`...)
		b = appendJSONString(b, err.Error())
	}
	b = append(b, "}\n"...)
	t.buf = b
	t.w.Write(b)
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it (HTML characters included, as geth's encoder does).
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
