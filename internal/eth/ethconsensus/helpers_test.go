package ethconsensus

import (
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// testChain is an in-memory ChainReader over blocks by hash.
type testChain struct {
	cfg    *ethparams.ChainConfig
	blocks map[ethtypes.Hash]*ethtypes.Block
}

func newTestChain(cfg *ethparams.ChainConfig) *testChain {
	return &testChain{cfg: cfg, blocks: map[ethtypes.Hash]*ethtypes.Block{}}
}

func (c *testChain) Config() *ethparams.ChainConfig { return c.cfg }

func (c *testChain) GetHeader(hash ethtypes.Hash, number uint64) (*ethtypes.Header, bool) {
	b, ok := c.blocks[hash]
	if !ok || b.Number() != number {
		return nil, false
	}
	return b.Header, true
}

func (c *testChain) GetBlock(hash ethtypes.Hash, number uint64) (*ethtypes.Block, bool) {
	b, ok := c.blocks[hash]
	if !ok || b.Number() != number {
		return nil, false
	}
	return b, true
}

func (c *testChain) add(b *ethtypes.Block) *ethtypes.Block {
	c.blocks[b.Hash()] = b
	return b
}

// devChild returns a dev-engine child header of parent (difficulty 1, 10
// seconds later) with coinbase miner; tag varies the extra data so that
// siblings differ.
func devChild(parent *ethtypes.Header, miner byte, tag byte) *ethtypes.Header {
	h := &ethtypes.Header{
		ParentHash: parent.Hash(),
		UncleHash:  ethtypes.EmptyUncleHash,
		Coinbase:   ethtypes.Address{miner},
		Number:     parent.Number + 1,
		GasLimit:   parent.GasLimit,
		Time:       parent.Time + 10,
		Extra:      []byte{tag},
	}
	h.Difficulty.SetUint64(DevDifficulty)
	return h
}

// memState is a StateWriter that records balances.
type memState map[ethtypes.Address]*uint256.Int

func (s memState) AddBalance(addr ethtypes.Address, amount *uint256.Int) {
	b, ok := s[addr]
	if !ok {
		b = new(uint256.Int)
		s[addr] = b
	}
	b.Add(b, amount)
}

// tinyConfig is an Ethash configuration with small sizes for tests.
var tinyConfig = Config{CacheBytes: 64 * 67, DatasetBytes: 128 * 1031, Threads: 2, BombOff: true}
