package main

import (
	"os"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/testdata"
)

// FuzzParseRunGenesis feeds arbitrary documents to the genesis parser of
// `evm run`: no panic, and a parsed genesis builds a state.
func FuzzParseRunGenesis(f *testing.F) {
	if data, err := os.ReadFile(testdata.Path(f, "evm-bench", "revm-bench", "burntpix", "prestate.geth-genesis.json")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"config": ` + cancunConfigJSON + `, "alloc": {"0x00000000000000000000000000000000000000aa":
		{"balance": "0x10", "nonce": 3, "code": "0x6001", "storage": {"0x01": "0x05"}}},
		"gasLimit": "0x100000", "difficulty": "0x0", "timestamp": 1000, "baseFeePerGas": "7"}`))
	f.Add([]byte(`{"alloc": {"0x01": {}}}`))
	f.Add([]byte(`{"gasLimit": "0x10000000000000000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := parseRunGenesis(data)
		if err != nil {
			return
		}
		// Run the genesis account 0xaa with little gas (the genesis gas
		// limit would replace it).
		g.GasLimit = 0
		rc := &runConfig{gas: 10_000, sender: defaultSender, receiver: [20]byte{19: 0xaa}}
		env, err := buildRunEnv(rc, g)
		if err != nil {
			return
		}
		if _, err := env.run(nil, evm.NewCache(1)); err != nil {
			t.Fatalf("run on a built state: %v", err)
		}
	})
}
