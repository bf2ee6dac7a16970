package ethtests

import (
	"fmt"
	"strconv"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
)

// newBlockChain opens an ethchain.BlockChain for a test on a fresh store
// (Options.NewStore), with the test's genesis built from its pre-state and
// genesis header (and checked against the test's genesis hash), and the
// engine its sealEngine names: NoProof is Ethash with FakeSeal (the
// difficulty formula, uncles and rewards stay real), Ethash the real one.
// Proof-of-stake blocks are checked by the chain without the engine.
func (r *BlockRunner) newBlockChain(t *blockTest, cfg *ethparams.ChainConfig, genesis *ethtypes.Block) (*ethchain.BlockChain, error) {
	g, err := testGenesis(t, cfg, genesis)
	if err != nil {
		return nil, err
	}
	var engine ethconsensus.Engine
	switch t.SealEngine {
	case "", "NoProof":
		engine, err = ethconsensus.New(ethconsensus.Config{FakeSeal: true, CachesInMem: 1})
	case "Ethash":
		engine, err = ethconsensus.New(ethconsensus.Config{CachesInMem: 1})
	default:
		return nil, fmt.Errorf("unsupported seal engine %s", strconv.Quote(t.SealEngine))
	}
	if err != nil {
		return nil, err
	}
	db, err := r.opts.NewStore()
	if err != nil {
		return nil, err
	}
	bc, err := ethchain.NewBlockChain(db, ethchain.Config{
		Genesis:     g,
		Engine:      engine,
		VMConfig:    evm.Config{Cache: r.cache.evm},
		NoAutoPrune: true,
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	if bc.Genesis().Hash() != genesis.Hash() {
		bc.Stop()
		return nil, fmt.Errorf("genesis built from the test differs: got %s, want %s", bc.Genesis().Hash(), genesis.Hash())
	}
	return bc, nil
}

// testGenesis returns the genesis specification of a test: its pre-state
// as the allocation and its genesis header's fields.
func testGenesis(t *blockTest, cfg *ethparams.ChainConfig, genesis *ethtypes.Block) (*ethchain.Genesis, error) {
	h := genesis.Header
	var nonce uint64
	for _, b := range h.Nonce {
		nonce = nonce<<8 | uint64(b)
	}
	diff := h.Difficulty
	g := &ethchain.Genesis{
		Config: cfg, Nonce: nonce, Timestamp: h.Time, ExtraData: h.Extra, GasLimit: h.GasLimit,
		Difficulty: &diff, Mixhash: h.MixDigest, Coinbase: h.Coinbase, Number: h.Number, GasUsed: h.GasUsed,
		ParentHash: h.ParentHash, BaseFee: h.BaseFee, ExcessBlobGas: h.ExcessBlobGas, BlobGasUsed: h.BlobGasUsed,
		Alloc: make(map[ethtypes.Address]ethchain.GenesisAccount, len(t.Pre)),
	}
	for a, acct := range t.Pre {
		addr, err := parseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("pre: %w", err)
		}
		var ga ethchain.GenesisAccount
		if ga.Balance, err = parseUint256(acct.Balance); err != nil {
			return nil, fmt.Errorf("pre %s balance: %w", a, err)
		}
		if ga.Nonce, err = parseUint64(acct.Nonce); err != nil {
			return nil, fmt.Errorf("pre %s nonce: %w", a, err)
		}
		if ga.Code, err = parseBytes(acct.Code); err != nil {
			return nil, fmt.Errorf("pre %s code: %w", a, err)
		}
		ga.Storage = make(map[ethtypes.Hash]ethtypes.Hash, len(acct.Storage))
		for k, v := range acct.Storage {
			key, err := parseWord(k)
			if err != nil {
				return nil, fmt.Errorf("pre %s storage key: %w", a, err)
			}
			if ga.Storage[key], err = parseWord(v); err != nil {
				return nil, fmt.Errorf("pre %s storage value: %w", a, err)
			}
		}
		g.Alloc[addr] = ga
	}
	return g, nil
}
