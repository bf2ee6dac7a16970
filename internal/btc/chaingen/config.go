package chaingen

import (
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Defaults of Config.
const (
	// DefaultBlocks is the length of the default chain (the acceptance
	// chain of issue 3: at least 1,000 blocks).
	DefaultBlocks = 1000
	// DefaultTxsPerBlock is the number of non-coinbase transactions of a
	// block once a coinbase has matured; with the default 1,000 blocks and
	// regtest's maturity of 100 it gives 900 × 112 = 100,800 transactions.
	DefaultTxsPerBlock = 112
	// DefaultDestinationsPerType is the number of distinct destinations
	// (sets of keys) of each output type.
	DefaultDestinationsPerType = 16
	// DefaultStartTime is the timestamp of block 1: 2020-09-13, like a
	// regtest chain mined with Core's clock (its miner uses the current
	// time). It must be later than 2012-04-01, from which btcd enables
	// P2SH, and so witness verification, by block timestamp (Core applies
	// P2SH from genesis); an earlier time makes btcd reject the first
	// witness spend.
	DefaultStartTime = 1_600_000_000
)

// Config describes the chain to generate. The zero value of a field means
// its default; DefaultConfig returns the acceptance chain.
type Config struct {
	// Params are the network parameters; nil means chaincfg.RegTest().
	// They must be regtest-like: PowNoRetargeting, segwit active from
	// height 1. Tests may change CoinbaseMaturity or activation heights.
	Params *chaincfg.Params
	// Seed selects the chain: the same Config gives byte-identical blocks.
	Seed uint64
	// Blocks is the number of blocks after the genesis block (default
	// DefaultBlocks).
	Blocks int
	// TxsPerBlock is the number of non-coinbase transactions per block
	// once spendable outputs exist (default DefaultTxsPerBlock). Blocks
	// before the first coinbase matures hold only their coinbase, and a
	// block stops early below 3.9 M weight units or a sigop cost of 78,000
	// (about 3,600 transactions).
	TxsPerBlock int
	// DestinationsPerType is the number of destinations of each output
	// type (default DefaultDestinationsPerType).
	DestinationsPerType int
	// ForkDepth, when positive, also builds a competing branch that
	// replaces the last ForkDepth blocks of the chain: its first block's
	// parent is the main-chain block at height Blocks-ForkDepth, and it is
	// ForkLength blocks long. It must be below Blocks.
	ForkDepth int
	// ForkLength is the number of blocks of the branch (default
	// ForkDepth+1: one more block than it replaces, so more work on
	// regtest's fixed difficulty).
	ForkLength int
	// Invalid also builds one invalid block per InvalidClass on top of the
	// main chain's tip (Chain.Invalid).
	Invalid bool
	// Workers is the number of signing goroutines (default GOMAXPROCS).
	// It does not change the output.
	Workers int
	// StartTime is the timestamp of block 1 (default DefaultStartTime);
	// each later block is 1 to 1,199 seconds after its parent. It must be
	// after the genesis block's.
	StartTime uint32
}

// DefaultConfig returns the configuration of the acceptance chain: regtest,
// seed 1, 1,000 blocks, 112 transactions per block from height 101.
func DefaultConfig() Config {
	return Config{Seed: 1, Blocks: DefaultBlocks, TxsPerBlock: DefaultTxsPerBlock}
}

// withDefaults fills zero fields and checks the ranges.
func (c Config) withDefaults() (Config, error) {
	if c.Params == nil {
		c.Params = chaincfg.RegTest()
	}
	if c.Blocks == 0 {
		c.Blocks = DefaultBlocks
	}
	if c.TxsPerBlock == 0 {
		c.TxsPerBlock = DefaultTxsPerBlock
	}
	if c.DestinationsPerType == 0 {
		c.DestinationsPerType = DefaultDestinationsPerType
	}
	if c.StartTime == 0 {
		c.StartTime = DefaultStartTime
	}
	if c.ForkDepth > 0 && c.ForkLength == 0 {
		c.ForkLength = c.ForkDepth + 1
	}
	switch {
	case c.Blocks < 0, c.TxsPerBlock < 0, c.DestinationsPerType < 0, c.ForkDepth < 0, c.ForkLength < 0, c.Workers < 0:
		return c, makeError(ErrBadConfig, "negative count in %+v", c)
	case c.ForkDepth >= c.Blocks:
		return c, makeError(ErrBadConfig, "fork depth %d not below the chain length %d", c.ForkDepth, c.Blocks)
	case c.ForkDepth == 0 && c.ForkLength != 0:
		return c, makeError(ErrBadConfig, "fork length %d without a fork depth", c.ForkLength)
	}
	p := c.Params
	if c.StartTime <= p.GenesisBlock.Header.Timestamp {
		return c, makeError(ErrBadConfig, "start time %d not after the genesis block's %d", c.StartTime, p.GenesisBlock.Header.Timestamp)
	}
	if !p.PowNoRetargeting || p.IsSignet() {
		return c, makeError(ErrUnsupportedParams, "network %q retargets (only regtest-like networks can be mined here)", p.Name)
	}
	if p.SegwitHeight > 1 {
		return c, makeError(ErrUnsupportedParams, "segwit activates at height %d (want 0 or 1)", p.SegwitHeight)
	}
	if p.CoinbaseMaturity < 1 {
		return c, makeError(ErrUnsupportedParams, "coinbase maturity %d", p.CoinbaseMaturity)
	}
	return c, nil
}

// Chain is a generated chain.
type Chain struct {
	// Params are the network parameters the chain was built for; the
	// genesis block is Params.GenesisBlock.
	Params *chaincfg.Params
	// Blocks are the main chain after genesis: Blocks[i] is at height i+1.
	// Each block is decoded from its own serialization, so it carries its
	// bytes and computes its txids once.
	Blocks []*primitives.Block
	// ForkHeight is the height of Fork[0]; its parent is the main-chain
	// block at ForkHeight-1 (the genesis block for ForkHeight 1).
	ForkHeight int32
	// Fork is the competing branch (nil without Config.ForkDepth).
	Fork []*primitives.Block
	// Invalid are the invalid blocks (nil without Config.Invalid), each
	// a child of the main chain's tip.
	Invalid []InvalidBlock
	// Destinations are the outputs the generator pays to, by type.
	Destinations [NumOutputTypes][]*Destination
	// Stats describe the main chain.
	Stats Stats
}

// Stats count what the main chain holds.
type Stats struct {
	Blocks int
	// Txs counts non-coinbase transactions.
	Txs int
	// Inputs and Outputs count those of non-coinbase transactions;
	// Outputs includes OP_RETURN outputs (NullData).
	Inputs, Outputs int
	// InputsByType and OutputsByType split inputs by the type of the
	// output they spend, and outputs (of every transaction, coinbases
	// included, without the witness commitments) by their type.
	InputsByType  [NumOutputTypes]int
	OutputsByType [NumOutputTypes]int
	NullData      int
	// TapLeafCheckSig, TapLeafMultiSig and TapScriptKeyPath split the
	// spends of P2TRScriptPath outputs by path.
	TapLeafCheckSig, TapLeafMultiSig, TapScriptKeyPath int
	// HashTypes counts signatures by signature hash type.
	HashTypes map[txscript.SigHashType]int
	// ChainedSpends counts inputs spending an output of the same block.
	ChainedSpends int
	// CoinbaseSpends counts inputs spending coinbase outputs.
	CoinbaseSpends int
	// RelativeLocks counts inputs with a BIP68 relative lock; LockTimes
	// counts transactions with a non-zero lock time.
	RelativeLocks, LockTimes int
	// Fees is the sum of all fees.
	Fees int64
	// Bytes and Weight are the serialized size and weight of the blocks
	// (genesis excluded); MaxBlockWeight is the heaviest block's.
	Bytes, Weight, MaxBlockWeight int64
}

// Generate builds the main chain of cfg (heights 1 to cfg.Blocks; the
// genesis block is cfg.Params' and is not included). See GenerateChain.
//
// This function is safe for concurrent access.
func Generate(cfg Config) ([]*primitives.Block, error) {
	c, err := GenerateChain(cfg)
	if err != nil {
		return nil, err
	}
	return c.Blocks, nil
}
