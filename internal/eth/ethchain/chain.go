package ethchain

import (
	"math/big"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/trie"
)

// blockHashWindow is how far back BLOCKHASH sees.
const blockHashWindow = 256

// chainEntry is a block the chain has accepted.
type chainEntry struct {
	block    *ethtypes.Block
	receipts ethtypes.Receipts
	td       *big.Int // total difficulty including this block
}

// Chain is an in-memory chain: blocks inserted on a genesis, each fully
// validated (VerifyHeader, ValidateBody, Process, ValidateState) and its
// state committed to a statedb.Database, so that side chains can be
// extended from any accepted block. The head is the block with the highest
// total difficulty; after the merge (zero difficulty) every block accepted
// becomes the head, as when a consensus client names it in a
// forkchoice update. It is the import pipeline of the conformance tests
// and the base of the node's chain.
//
// A Chain is not safe for concurrent use.
type Chain struct {
	cfg    *ethparams.ChainConfig
	db     statedb.Database
	vmCfg  evm.Config
	blocks map[ethtypes.Hash]*chainEntry
	head   *chainEntry
	st     *trie.StackTrie
}

// NewChain returns a chain with genesis as its only block. db must hold
// the genesis state (its root is genesis.Header.Root).
//
// This function is safe for concurrent access.
func NewChain(cfg *ethparams.ChainConfig, genesis *ethtypes.Block, db statedb.Database, vmCfg evm.Config) (*Chain, error) {
	if _, err := statedb.New(genesis.Header.Root, db); err != nil {
		return nil, err
	}
	e := &chainEntry{block: genesis, td: genesis.Header.Difficulty.ToBig()}
	return &Chain{
		cfg:    cfg,
		db:     db,
		vmCfg:  vmCfg,
		blocks: map[ethtypes.Hash]*chainEntry{genesis.Hash(): e},
		head:   e,
		st:     trie.NewStackTrie(nil),
	}, nil
}

// Head returns the head block.
func (c *Chain) Head() *ethtypes.Block { return c.head.block }

// Block returns an accepted block by hash.
func (c *Chain) Block(hash ethtypes.Hash) (*ethtypes.Block, bool) {
	e, ok := c.blocks[hash]
	if !ok {
		return nil, false
	}
	return e.block, true
}

// Receipts returns the receipts of an accepted block.
func (c *Chain) Receipts(hash ethtypes.Hash) (ethtypes.Receipts, bool) {
	e, ok := c.blocks[hash]
	if !ok {
		return nil, false
	}
	return e.receipts, true
}

// State returns a StateDB on the state after the head block.
func (c *Chain) State() (*statedb.StateDB, error) {
	return statedb.New(c.head.block.Header.Root, c.db)
}

// InsertBlock validates b on its parent, executes it, commits its state
// and makes it the head if it has the highest total difficulty (or, after
// the merge, always). A known block is ErrKnownBlock; an unknown parent
// ErrUnknownAncestor; otherwise a rejection is a *BlockError (kinds of this
// package) and leaves the chain unchanged. With a terminal total
// difficulty configured, a proof-of-stake block must extend a parent whose
// total difficulty reached it, and a proof-of-work block one whose did not.
//
// This method is not safe for concurrent access.
func (c *Chain) InsertBlock(b *ethtypes.Block) error {
	hash := b.Hash()
	if _, ok := c.blocks[hash]; ok {
		return blockErrorf(ErrKnownBlock, "%s", hash)
	}
	h := b.Header
	parent, ok := c.blocks[h.ParentHash]
	if !ok {
		return blockErrorf(ErrUnknownAncestor, "parent %s", h.ParentHash)
	}
	if err := VerifyHeader(c.cfg, h, parent.block.Header); err != nil {
		return err
	}
	if ttd := c.cfg.TerminalTotalDifficulty; ttd != nil {
		reached := parent.td.Cmp(ttd) >= 0
		switch pos := IsPoSHeader(c.cfg, h); {
		case pos && !reached:
			return blockErrorf(ErrInvalidDifficulty, "proof-of-stake block %d before the terminal total difficulty", h.Number)
		case !pos && reached:
			return blockErrorf(ErrInvalidDifficulty, "proof-of-work block %d after the terminal total difficulty", h.Number)
		}
	}
	if err := ValidateBody(c.cfg, b, c.st); err != nil {
		return err
	}
	sdb, err := statedb.New(parent.block.Header.Root, c.db)
	if err != nil {
		return err
	}
	res, err := Process(c.cfg, b, sdb, c.hashGetter(parent), c.vmCfg)
	if err != nil {
		return err
	}
	root, err := sdb.IntermediateRoot(c.cfg.IsEIP158(h.Number))
	if err != nil {
		return err
	}
	if err := ValidateState(h, res, root, c.st); err != nil {
		return err
	}
	if _, err := sdb.Commit(c.cfg.IsEIP158(h.Number)); err != nil {
		return err
	}
	for _, r := range res.Receipts {
		r.BlockHash = hash
		for j := range r.Logs {
			r.Logs[j].BlockHash = hash
		}
	}
	e := &chainEntry{block: b, receipts: res.Receipts, td: new(big.Int).Add(parent.td, h.Difficulty.ToBig())}
	c.blocks[hash] = e
	if IsPoSHeader(c.cfg, h) || e.td.Cmp(c.head.td) > 0 {
		c.head = e
	}
	return nil
}

// hashGetter returns the BLOCKHASH function of a child of parent: the
// hashes of the 256 blocks below the child, found by walking back.
func (c *Chain) hashGetter(parent *chainEntry) func(uint64) ethtypes.Hash {
	var cache []ethtypes.Hash // cache[i]: hash of block parent.number - i
	cur := parent
	return func(n uint64) ethtypes.Hash {
		top := parent.block.Header.Number
		if n > top || top-n >= blockHashWindow {
			return ethtypes.Hash{}
		}
		want := int(top - n)
		for len(cache) <= want && cur != nil {
			cache = append(cache, cur.block.Hash())
			cur = c.blocks[cur.block.Header.ParentHash]
		}
		if want < len(cache) {
			return cache[want]
		}
		return ethtypes.Hash{}
	}
}
