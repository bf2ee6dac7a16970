package ethtests

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/kv"
)

// Options select the state tests to run and how.
type Options struct {
	// Fork runs only the subtests of this fork ("" for all).
	Fork string
	// Run runs only the tests whose name matches (nil for all).
	Run *regexp.Regexp
	// Workers is the number of goroutines RunStateTests and
	// RunStateTestFiles run subtests on (below 1: one).
	Workers int
	// Cache is shared by the runners of a run (nil: each runner makes its
	// own).
	Cache *Cache
	// Stdin is where RunStateTests reads file paths, one per line, when it
	// is given none (nil: nowhere).
	Stdin io.Reader
	// Bench, when set, measures every subtest that ran and fills
	// Result.Stats (see BenchFunc). Use one worker when timing.
	Bench BenchFunc
	// NewStore, when set, makes BlockchainTests import their blocks
	// through the node's persistent pipeline (ethchain.BlockChain) on a
	// fresh store per test that it returns (memdb, Pebble...), instead of
	// the in-memory ethchain.Chain. The runner closes the store.
	NewStore func() (kv.Store, error)
}

// Result is the outcome of one subtest (a fork and an index of the post
// section), in the JSON shape of geth's `evm statetest`.
type Result struct {
	Name  string         `json:"name"`
	Pass  bool           `json:"pass"`
	Root  *ethtypes.Hash `json:"stateRoot,omitempty"`
	Fork  string         `json:"fork"`
	Error string         `json:"error,omitempty"`
	Stats *BenchStats    `json:"benchStats,omitempty"` // with Options.Bench

	File  string `json:"-"` // the file the test came from
	Index int    `json:"-"` // the subtest's index in post[Fork]
}

// StateRunner runs GeneralStateTests. It must be used by one goroutine at
// a time; run several runners (sharing Options.Cache) to use more cores.
type StateRunner struct {
	opts  Options
	cache *Cache
}

// NewStateRunner returns a runner with the given options.
//
// This function is safe for concurrent access.
func NewStateRunner(opts Options) *StateRunner {
	c := opts.Cache
	if c == nil {
		c = NewCache()
	}
	return &StateRunner{opts: opts, cache: c}
}

// RunFile runs the state tests of one JSON file and returns the results
// of its subtests, tests in name order, forks in name order, then by
// index. A file that cannot be read or parsed is an error.
//
// This method is not safe for concurrent access.
func (r *StateRunner) RunFile(path string) ([]Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return r.Run(data, path)
}

// Run runs the state tests of a file's content; file names the results.
//
// This method is not safe for concurrent access.
func (r *StateRunner) Run(data []byte, file string) ([]Result, error) {
	f, err := loadStateFile(data, file, &r.opts)
	if err != nil {
		return nil, err
	}
	for i := range f.subtests {
		r.runOne(&f.subtests[i], &f.results[i])
	}
	return f.results, nil
}

// stateFile is a parsed file with its selected subtests in output order
// and a result slot for each.
type stateFile struct {
	path     string
	subtests []subtest
	results  []Result
}

// testCase is one named test of a file, shared by its subtests; its
// pre-state is built by the first subtest that needs it.
type testCase struct {
	json *stateTest
	once sync.Once
	pre  *preState
	env  env
	err  error
}

// prepare builds the pre-state and parses the environment, once.
func (tc *testCase) prepare() error {
	tc.once.Do(func() {
		tc.pre, tc.err = buildPreState(tc.json.Pre)
		if tc.err == nil {
			tc.env, tc.err = parseEnv(&tc.json.Env)
		}
	})
	return tc.err
}

// subtest is one (test, fork, index) to run.
type subtest struct {
	tc   *testCase
	file string
	name string
	fork string
	idx  int
	cfg  *ethparams.ChainConfig // nil for an unknown fork
}

// loadStateFile parses a file and lists the subtests opts selects: tests in
// name order, forks in name order, then by index.
func loadStateFile(data []byte, path string, opts *Options) (*stateFile, error) {
	var tests map[string]*stateTest
	if err := json.Unmarshal(data, &tests); err != nil {
		return nil, &fileError{path: path, cause: err}
	}
	names := make([]string, 0, len(tests))
	for name := range tests {
		if opts.Run == nil || opts.Run.MatchString(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	f := &stateFile{path: path}
	for _, name := range names {
		t := tests[name]
		if t == nil {
			continue
		}
		tc := &testCase{json: t}
		forks := make([]string, 0, len(t.Post))
		for fork := range t.Post {
			if opts.Fork == "" || fork == opts.Fork {
				forks = append(forks, fork)
			}
		}
		slices.Sort(forks)
		for _, fork := range forks {
			cfg, _ := ethparams.ForkConfig(fork)
			for i := range t.Post[fork] {
				f.subtests = append(f.subtests, subtest{tc: tc, file: path, name: name, fork: fork, idx: i, cfg: cfg})
			}
		}
	}
	f.results = make([]Result, len(f.subtests))
	return f, nil
}

// preState is a test's pre-state, committed once and shared (read-only) by
// its subtests.
type preState struct {
	db   *statedb.MemoryDatabase
	root ethtypes.Hash
}

// env is a parsed test environment.
type env struct {
	coinbase      ethtypes.Address
	difficulty    uint256.Int
	gasLimit      uint64
	number        uint64
	timestamp     uint64
	baseFee       *uint256.Int
	random        *ethtypes.Hash
	excessBlobGas *uint64
}

// runOne runs a subtest into res.
func (r *StateRunner) runOne(st *subtest, res *Result) {
	*res = Result{Name: st.name, Fork: st.fork, File: st.file, Index: st.idx}
	switch err := st.tc.prepare(); {
	case err != nil:
		res.Error = err.Error()
	case st.cfg == nil:
		res.Error = "unsupported fork " + strconv.Quote(st.fork)
	default:
		t := st.tc.json
		post := &t.Post[st.fork][st.idx]
		r.runSubtest(res, t, post, st.tc.pre, &st.tc.env, st.cfg)
		if r.opts.Bench != nil && res.Root != nil {
			res.Stats = r.opts.Bench(func() (uint64, error) {
				return r.benchRun(t, post, &st.tc.env, st.cfg)
			})
		}
	}
}

// runSubtest runs one subtest and fills res.
func (r *StateRunner) runSubtest(res *Result, t *stateTest, post *stPost, pre *preState, e *env, cfg *ethparams.ChainConfig) {
	sdb, err := statedb.New(pre.root, pre.db)
	if err != nil {
		res.Error = err.Error()
		return
	}
	root, logsHash, txErr, err := r.apply(t, post, sdb, e, cfg)
	if err != nil {
		res.Error = err.Error()
		return
	}
	res.Root = &root
	switch {
	case txErr != nil && post.ExpectException == "":
		res.Error = "unexpected error: " + txErr.Error()
	case txErr == nil && post.ExpectException != "":
		res.Error = fmt.Sprintf("expected error %q, got no error", post.ExpectException)
	case txErr != nil:
		res.Pass = true // an expected rejection; the post state is not checked
	default:
		want, werr := ethtypes.HexToHash(post.Hash)
		wantLogs, lerr := ethtypes.HexToHash(post.Logs)
		switch {
		case werr != nil || lerr != nil:
			res.Error = "invalid post hash or logs hash"
		case root != want:
			res.Error = fmt.Sprintf("post state root mismatch: got %x, want %x", root, want)
		case logsHash != wantLogs:
			res.Error = fmt.Sprintf("post state logs hash mismatch: got %x, want %x", logsHash, wantLogs)
		default:
			res.Pass = true
		}
	}
}

// apply builds and applies the subtest's transaction. txErr is the
// transaction's rejection (the state is then the pre-state); err is a
// failure of the state itself.
func (r *StateRunner) apply(t *stateTest, post *stPost, sdb *statedb.StateDB, e *env, cfg *ethparams.ChainConfig) (root, logsHash ethtypes.Hash, txErr, err error) {
	_, txErr = r.execute(t, post, sdb, e, cfg)
	if txErr != nil {
		root, err = sdb.IntermediateRoot(false)
		return root, ethtypes.Hash{}, txErr, err
	}
	root, err = sdb.IntermediateRoot(cfg.IsEIP158(e.number))
	return root, statedb.LogsHash(sdb.Logs()), nil, err
}

// execute runs the transaction and returns the gas it used; an error is a
// rejection, after which the state is as before.
func (r *StateRunner) execute(t *stateTest, post *stPost, sdb *statedb.StateDB, e *env, cfg *ethparams.ChainConfig) (gasUsed uint64, err error) {
	var baseFee *uint256.Int
	if cfg.IsLondon(0) {
		baseFee = e.baseFee
		if baseFee == nil {
			// retesteth's genesis base fee is 0x10; the block after it 0x0a.
			baseFee = uint256.NewInt(0x0a)
		}
	}
	msg, err := toMessage(&t.Tx, post, baseFee)
	if err != nil {
		return 0, err
	}
	isCancun := cfg.IsCancun(e.number, e.timestamp)
	if isCancun {
		if bc, ok := cfg.BlobConfigAt(e.number, e.timestamp); ok && msg.BlobGas() > bc.MaxBlobGas() {
			return 0, errors.New("blob gas exceeds maximum")
		}
	}
	if post.TxBytes != "" {
		raw, err := parseBytes(post.TxBytes)
		if err != nil {
			return 0, err
		}
		tx, err := ethtypes.DecodeTx(raw)
		if err != nil {
			return 0, err
		}
		if err := r.cache.checkSender(latestSigner(cfg), tx); err != nil {
			return 0, err
		}
	}

	bctx := evm.BlockContext{
		GetHash:     testBlockHash,
		Coinbase:    e.coinbase,
		GasLimit:    e.gasLimit,
		BlockNumber: e.number,
		Time:        e.timestamp,
		Difficulty:  e.difficulty,
	}
	bctx.ChainID.SetUint64(cfg.ChainID)
	if baseFee != nil {
		bctx.BaseFee = *baseFee
	}
	isMerge := false
	if cfg.IsLondon(0) && e.random != nil {
		isMerge = true
		bctx.Random = *e.random
		bctx.Difficulty.Clear()
	}
	if isCancun {
		var excess uint64
		if e.excessBlobGas != nil {
			excess = *e.excessBlobGas
		}
		bc, _ := cfg.BlobConfigAt(e.number, e.timestamp)
		fee, ok := bc.BlobBaseFee(excess)
		if !ok {
			fee.SetAllOne()
		}
		bctx.BlobBaseFee = fee
	}
	rules := cfg.Rules(e.number, isMerge, e.timestamp)
	vm := evm.NewEVM(bctx, evm.TxContext{}, sdb, rules, evm.Config{Cache: r.cache.evm})

	snap := sdb.Snapshot()
	gp := ethchain.GasPool(e.gasLimit)
	res, err := ethchain.ApplyMessage(vm, msg, &gp)
	if err != nil {
		sdb.RevertToSnapshot(snap)
		return 0, err
	}
	// A zero reward touches the coinbase, as the block reward would: it
	// matters when the coinbase self-destructed or received no fee.
	sdb.AddBalance(e.coinbase, new(uint256.Int))
	return res.UsedGas, nil
}

// latestSigner returns the signer of every fork cfg schedules, as geth's
// types.LatestSigner: at least Homestead's.
func latestSigner(cfg *ethparams.ChainConfig) ethtypes.Signer {
	rules := cfg.LatestRules()
	rules.IsHomestead = true
	return ethtypes.MakeSigner(rules, cfg.ChainID)
}

// testBlockHash is the BLOCKHASH of the reference tests:
// keccak256 of the block number in decimal.
func testBlockHash(n uint64) ethtypes.Hash {
	var buf [20]byte
	return crypto.Keccak256(strconv.AppendUint(buf[:0], n, 10))
}

// buildPreState commits a test's pre-state to a fresh in-memory database.
func buildPreState(accounts map[string]stAcct) (*preState, error) {
	db := statedb.NewMemoryDatabase()
	sdb, err := statedb.New(ethtypes.Hash{}, db)
	if err != nil {
		return nil, err
	}
	for a, acct := range accounts {
		addr, err := parseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("pre: %w", err)
		}
		bal, err := parseUint256(acct.Balance)
		if err != nil {
			return nil, fmt.Errorf("pre %s balance: %w", a, err)
		}
		nonce, err := parseUint64(acct.Nonce)
		if err != nil {
			return nil, fmt.Errorf("pre %s nonce: %w", a, err)
		}
		code, err := parseBytes(acct.Code)
		if err != nil {
			return nil, fmt.Errorf("pre %s code: %w", a, err)
		}
		sdb.SetCode(addr, code)
		sdb.SetNonce(addr, nonce)
		sdb.SetBalance(addr, &bal)
		for k, v := range acct.Storage {
			key, err := parseWord(k)
			if err != nil {
				return nil, fmt.Errorf("pre %s storage key: %w", a, err)
			}
			val, err := parseWord(v)
			if err != nil {
				return nil, fmt.Errorf("pre %s storage value: %w", a, err)
			}
			sdb.SetState(addr, key, val)
		}
	}
	root, err := sdb.Commit(false)
	if err != nil {
		return nil, err
	}
	return &preState{db: db, root: root}, nil
}

// parseEnv parses a test environment.
func parseEnv(j *stEnv) (env, error) {
	var (
		e   env
		err error
	)
	fail := func(field string, err error) (env, error) {
		return env{}, fmt.Errorf("env %s: %w", field, err)
	}
	if e.coinbase, err = parseAddress(j.Coinbase); err != nil {
		return fail("currentCoinbase", err)
	}
	if j.Difficulty != nil {
		if e.difficulty, err = parseUint256(*j.Difficulty); err != nil {
			return fail("currentDifficulty", err)
		}
	}
	if e.gasLimit, err = parseUint64(j.GasLimit); err != nil {
		return fail("currentGasLimit", err)
	}
	if e.number, err = parseUint64(j.Number); err != nil {
		return fail("currentNumber", err)
	}
	if e.timestamp, err = parseUint64(j.Timestamp); err != nil {
		return fail("currentTimestamp", err)
	}
	if e.baseFee, err = parseOptU256(j.BaseFee); err != nil {
		return fail("currentBaseFee", err)
	}
	if j.Random != nil {
		h, err := parseWord(*j.Random)
		if err != nil {
			return fail("currentRandom", err)
		}
		e.random = &h
	}
	if j.ExcessBlobGas != nil {
		v, err := parseUint64(*j.ExcessBlobGas)
		if err != nil {
			return fail("currentExcessBlobGas", err)
		}
		e.excessBlobGas = &v
	}
	return e, nil
}

// toMessage builds the message of a subtest from the transaction section,
// as geth's state test runner does (the txbytes are only checked for
// validity).
func toMessage(tx *stTx, post *stPost, baseFee *uint256.Int) (*ethchain.Message, error) {
	m := new(ethchain.Message)
	var err error
	switch {
	case tx.Sender != nil:
		if m.From, err = parseAddress(*tx.Sender); err != nil {
			return nil, fmt.Errorf("invalid sender: %w", err)
		}
	case tx.SecretKey != "":
		key, err := parseBytes(tx.SecretKey)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("invalid private key %q", tx.SecretKey)
		}
		m.From = ethtypes.PubkeyToAddress(secp256k1.PrivKeyFromBytes(key).PubKey())
	}
	if tx.To != "" {
		to, err := parseAddress(tx.To)
		if err != nil {
			return nil, fmt.Errorf("invalid to address: %w", err)
		}
		m.To = &to
	}
	ix := &post.Indexes
	if ix.Data < 0 || ix.Data >= len(tx.Data) {
		return nil, fmt.Errorf("tx data index %d out of bounds", ix.Data)
	}
	if ix.Value < 0 || ix.Value >= len(tx.Value) {
		return nil, fmt.Errorf("tx value index %d out of bounds", ix.Value)
	}
	if ix.Gas < 0 || ix.Gas >= len(tx.GasLimit) {
		return nil, fmt.Errorf("tx gas limit index %d out of bounds", ix.Gas)
	}
	if m.Value, err = parseUint256(tx.Value[ix.Value]); err != nil {
		return nil, fmt.Errorf("invalid tx value: %w", err)
	}
	if m.Data, err = parseBytes(tx.Data[ix.Data]); err != nil {
		return nil, fmt.Errorf("invalid tx data: %w", err)
	}
	if m.GasLimit, err = parseUint64(tx.GasLimit[ix.Gas]); err != nil {
		return nil, fmt.Errorf("invalid tx gas limit: %w", err)
	}
	if m.Nonce, err = parseUint64(tx.Nonce); err != nil {
		return nil, fmt.Errorf("invalid tx nonce: %w", err)
	}
	if ix.Data < len(tx.AccessLists) && tx.AccessLists[ix.Data] != nil {
		for _, a := range *tx.AccessLists[ix.Data] {
			addr, err := parseAddress(a.Address)
			if err != nil {
				return nil, fmt.Errorf("invalid access list: %w", err)
			}
			tuple := ethtypes.AccessTuple{Address: addr, StorageKeys: make([]ethtypes.Hash, len(a.StorageKeys))}
			for i, k := range a.StorageKeys {
				if tuple.StorageKeys[i], err = parseWord(k); err != nil {
					return nil, fmt.Errorf("invalid access list: %w", err)
				}
			}
			m.AccessList = append(m.AccessList, tuple)
		}
	}
	gasPrice, err := parseOptU256(tx.GasPrice)
	if err != nil {
		return nil, fmt.Errorf("invalid gas price: %w", err)
	}
	feeCap, err := parseOptU256(tx.MaxFeePerGas)
	if err != nil {
		return nil, fmt.Errorf("invalid max fee per gas: %w", err)
	}
	tipCap, err := parseOptU256(tx.MaxPriorityFeePerGas)
	if err != nil {
		return nil, fmt.Errorf("invalid max priority fee per gas: %w", err)
	}
	if feeCap == nil {
		feeCap = gasPrice
	}
	if baseFee != nil {
		if feeCap == nil {
			feeCap = new(uint256.Int)
		}
		if tipCap == nil {
			tipCap = feeCap
		}
		p := ethchain.EffectiveGasPrice(feeCap, tipCap, baseFee)
		gasPrice = &p
	}
	if gasPrice == nil {
		return nil, errors.New("no gas price provided")
	}
	m.GasPrice = *gasPrice
	if feeCap != nil {
		m.GasFeeCap = *feeCap
	} else {
		m.GasFeeCap = *gasPrice
	}
	if tipCap != nil {
		m.GasTipCap = *tipCap
	} else {
		m.GasTipCap = m.GasFeeCap
	}
	if tx.BlobVersionedHashes != nil {
		m.BlobTx = true
		m.BlobHashes = make([]ethtypes.Hash, len(*tx.BlobVersionedHashes))
		for i, h := range *tx.BlobVersionedHashes {
			if m.BlobHashes[i], err = ethtypes.HexToHash(h); err != nil {
				return nil, fmt.Errorf("invalid blob hash: %w", err)
			}
		}
	}
	if tx.MaxFeePerBlobGas != nil {
		v, err := parseUint256(*tx.MaxFeePerBlobGas)
		if err != nil {
			return nil, fmt.Errorf("invalid max fee per blob gas: %w", err)
		}
		m.BlobGasFeeCap = v
	}
	return m, nil
}
