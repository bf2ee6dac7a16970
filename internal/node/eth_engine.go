package node

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// ethashGenesisParams are our extension of a genesis file's "config"
// "ethash" object (geth's is empty): fixed cache and dataset sizes and the
// epoch length, so a private proof-of-work network can use kilobytes
// instead of a GiB.
type ethashGenesisParams struct {
	CacheBytes   uint64 `json:"cacheBytes"`
	DatasetBytes uint64 `json:"datasetBytes"`
	EpochLength  uint64 `json:"epochLength"`
}

// ethUsesEthash reports whether the account chain runs Ethash: a genesis
// with an "ethash" configuration and a proof-of-work difficulty (at least
// ethconsensus.MinimumDifficulty). The built-in dev network (difficulty 1)
// runs the dev engine.
func ethUsesEthash(gen *ethchain.Genesis) bool {
	return gen.Config != nil && gen.Config.Ethash != nil && gen.Config.TerminalTotalDifficulty == nil &&
		gen.Difficulty != nil && gen.Difficulty.Uint64() >= ethconsensus.MinimumDifficulty
}

// ethEngine returns the consensus engine of the account chain: Ethash
// (bomb off, the sizes of the genesis file's ethash object, the clock
// check) or the dev engine.
func ethEngine(cfg *config.Config, gen *ethchain.Genesis) (ethconsensus.Engine, error) {
	if !ethUsesEthash(gen) {
		return ethconsensus.NewDev(ethconsensus.DevConfig{}), nil
	}
	var params ethashGenesisParams
	if cfg.ETHGenesis != "" {
		data, err := os.ReadFile(cfg.ETHGenesis)
		if err != nil {
			return nil, fmt.Errorf("-ethgenesis: %w", err)
		}
		var raw struct {
			Config struct {
				Ethash *ethashGenesisParams `json:"ethash"`
			} `json:"config"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("-ethgenesis %s: %w", cfg.ETHGenesis, err)
		}
		if raw.Config.Ethash != nil {
			params = *raw.Config.Ethash
		}
	}
	cc := gen.Config
	return ethconsensus.New(ethconsensus.Config{
		EpochLength:  params.EpochLength,
		CacheBytes:   params.CacheBytes,
		DatasetBytes: params.DatasetBytes,
		BombOff:      true,
		HeaderCheck:  func(h, parent *ethtypes.Header) error { return ethchain.VerifyHeader(cc, h, parent) },
		Now:          func() uint64 { return uint64(time.Now().Unix()) },
	})
}

// ethEtherbase returns -etherbase, or the dev coinbase.
func ethEtherbase(cfg *config.Config) (ethtypes.Address, error) {
	if cfg.Etherbase == "" {
		return ethCoinbase, nil
	}
	a, err := ethtypes.ParseAddress(cfg.Etherbase)
	if err != nil {
		return ethtypes.Address{}, fmt.Errorf("-etherbase: %w", err)
	}
	return a, nil
}
