package ethtests

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// blockTest is one named test of a BlockchainTests file. Only the fields
// the runner uses are parsed; the decoded forms of the blocks
// (blockHeader, transactions...) are ignored in favour of their rlp.
type blockTest struct {
	Network       string            `json:"network"`
	SealEngine    string            `json:"sealEngine"`
	GenesisRLP    string            `json:"genesisRLP"`
	Genesis       btHeader          `json:"genesisBlockHeader"`
	Pre           map[string]stAcct `json:"pre"`
	Blocks        []btBlock         `json:"blocks"`
	PostState     map[string]stAcct `json:"postState"`
	PostStateHash *string           `json:"postStateHash"`
	LastBlockHash string            `json:"lastblockhash"`
}

type btHeader struct {
	Hash      string `json:"hash"`
	StateRoot string `json:"stateRoot"`
}

type btBlock struct {
	RLP             string `json:"rlp"`
	ExpectException string `json:"expectException"`
}

// BlockResult is the outcome of one blockchain test, in the JSON shape of
// geth's `evm blocktest` report.
type BlockResult struct {
	Name  string `json:"name"`
	Pass  bool   `json:"pass"`
	Fork  string `json:"fork"`
	Error string `json:"error,omitempty"`

	File string `json:"-"` // the file the test came from
}

// RunBlockTests runs the BlockchainTests in paths (files, or directories
// searched recursively for *.json files, in lexical order; with no paths,
// the paths read from opts.Stdin one per line) and writes one JSON line
// per test to w ({"name", "pass", "fork", "error"}); the caller prints the
// summary ("N passed, M failed", as `evm blocktest` does). Options.Run
// selects tests by name, Options.Fork by network. The tests run on the
// calling goroutine (the shared slice takes about a second). It returns
// the numbers of passed and failed tests; err reports a path that cannot
// be read or a file that is not blockchain-test JSON.
//
// This function is safe for concurrent access.
func RunBlockTests(paths []string, opts Options, w io.Writer) (passed, failed int, err error) {
	if len(paths) == 0 && opts.Stdin != nil {
		sc := bufio.NewScanner(opts.Stdin)
		for sc.Scan() {
			if p := strings.TrimSpace(sc.Text()); p != "" {
				paths = append(paths, p)
			}
		}
		if err := sc.Err(); err != nil {
			return 0, 0, err
		}
	}
	files, err := expandPaths(paths)
	if err != nil {
		return 0, 0, err
	}
	bw := bufio.NewWriter(w)
	defer func() {
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
	}()
	r := NewBlockRunner(opts)
	for _, path := range files {
		results, err := r.RunFile(path)
		if err != nil {
			return passed, failed, err
		}
		for i := range results {
			line, _ := json.Marshal(&results[i])
			bw.Write(line)
			bw.WriteByte('\n')
			if results[i].Pass {
				passed++
			} else {
				failed++
			}
		}
	}
	return passed, failed, nil
}

// BlockRunner runs BlockchainTests. It must be used by one goroutine at a
// time.
type BlockRunner struct {
	opts  Options
	cache *Cache
}

// NewBlockRunner returns a runner with the given options.
//
// This function is safe for concurrent access.
func NewBlockRunner(opts Options) *BlockRunner {
	c := opts.Cache
	if c == nil {
		c = NewCache()
	}
	return &BlockRunner{opts: opts, cache: c}
}

// RunFile runs the blockchain tests of one JSON file, in name order.
//
// This method is not safe for concurrent access.
func (r *BlockRunner) RunFile(path string) ([]BlockResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return r.Run(data, path)
}

// Run runs the blockchain tests of a file's content; file names the
// results.
//
// This method is not safe for concurrent access.
func (r *BlockRunner) Run(data []byte, file string) ([]BlockResult, error) {
	var tests map[string]*blockTest
	if err := json.Unmarshal(data, &tests); err != nil {
		return nil, &fileError{path: file, cause: err}
	}
	names := make([]string, 0, len(tests))
	for name, t := range tests {
		if t == nil || (r.opts.Run != nil && !r.opts.Run.MatchString(name)) {
			continue
		}
		if r.opts.Fork != "" && t.Network != r.opts.Fork {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	results := make([]BlockResult, len(names))
	for i, name := range names {
		t := tests[name]
		res := &results[i]
		*res = BlockResult{Name: name, Fork: t.Network, File: file}
		if err := r.runTest(t); err != nil {
			res.Error = err.Error()
		} else {
			res.Pass = true
		}
	}
	return results, nil
}

// runTest runs one test; nil means it passed.
func (r *BlockRunner) runTest(t *blockTest) error {
	cfg, err := ethparams.ForkConfig(t.Network)
	if err != nil {
		return fmt.Errorf("unsupported fork %s", strconv.Quote(t.Network))
	}
	if t.SealEngine != "" && t.SealEngine != "NoProof" {
		return fmt.Errorf("unsupported seal engine %s", strconv.Quote(t.SealEngine))
	}
	pre, err := buildPreState(t.Pre)
	if err != nil {
		return err
	}
	graw, err := parseBytes(t.GenesisRLP)
	if err != nil {
		return fmt.Errorf("genesisRLP: %w", err)
	}
	genesis, err := ethtypes.DecodeBlock(graw)
	if err != nil {
		return fmt.Errorf("genesisRLP: %w", err)
	}
	if want, err := ethtypes.HexToHash(t.Genesis.Hash); err != nil || genesis.Hash() != want {
		return fmt.Errorf("genesis hash mismatch: got %s, want %s", genesis.Hash(), t.Genesis.Hash)
	}
	if genesis.Header.Root != pre.root {
		return fmt.Errorf("genesis state root mismatch: header %s, pre-state %s", genesis.Header.Root, pre.root)
	}
	var chain blockInserter
	if r.opts.NewStore != nil {
		bc, err := r.newBlockChain(t, cfg, genesis)
		if err != nil {
			return err
		}
		defer bc.Stop()
		chain = bc
	} else {
		c, err := ethchain.NewChain(cfg, genesis, pre.db, evm.Config{Cache: r.cache.evm})
		if err != nil {
			return err
		}
		chain = memChain{c}
	}
	for i := range t.Blocks {
		bt := &t.Blocks[i]
		err := insertTestBlock(chain, bt.RLP)
		switch {
		case err != nil && bt.ExpectException == "":
			return fmt.Errorf("block %d insertion failed: %w", i, err)
		case err == nil && bt.ExpectException != "":
			return fmt.Errorf("block %d insertion should have failed due to: %s", i, bt.ExpectException)
		}
	}
	head := chain.CurrentBlock()
	if want, err := ethtypes.HexToHash(t.LastBlockHash); err != nil || head.Hash() != want {
		return fmt.Errorf("last block hash mismatch: got %s, want %s", head.Hash(), t.LastBlockHash)
	}
	root := head.Header.Root
	switch {
	case t.PostStateHash != nil:
		want, err := ethtypes.HexToHash(*t.PostStateHash)
		if err != nil || root != want {
			return fmt.Errorf("post state hash mismatch: got %s, want %s", root, *t.PostStateHash)
		}
	case t.PostState != nil:
		post, err := buildPreState(t.PostState)
		if err != nil {
			return fmt.Errorf("postState: %w", err)
		}
		if root != post.root {
			return fmt.Errorf("post state root mismatch: got %s, want %s", root, post.root)
		}
	}
	return nil
}

// blockInserter is the import pipeline a test runs on.
type blockInserter interface {
	InsertBlock(b *ethtypes.Block) error
	CurrentBlock() *ethtypes.Block
}

// memChain adapts the in-memory chain.
type memChain struct{ *ethchain.Chain }

func (c memChain) CurrentBlock() *ethtypes.Block { return c.Head() }

// insertTestBlock decodes a block's rlp and inserts it.
func insertTestBlock(chain blockInserter, rlpHex string) error {
	raw, err := parseBytes(rlpHex)
	if err != nil {
		return err
	}
	b, err := ethtypes.DecodeBlock(raw)
	if err != nil {
		return err
	}
	return chain.InsertBlock(b)
}
