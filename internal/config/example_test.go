package config_test

import (
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/config"
)

// ExampleLoad resolves a bitcoind-style command line.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "twinchain-example")
	defer os.RemoveAll(dir)
	c, err := config.Load([]string{"-datadir=" + dir, "-testnet4", "-txindex", "-debug=net", "-rpcallowip=10.0.0.0/8", "-rpcbind=10.0.0.1"}, config.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Chain, c.RPCPort, c.TxIndex, c.Debug, c.RPCListen)
	_, err = config.Load([]string{"-datadir=" + dir, "-regtest", "-signet"}, config.LoadOptions{})
	fmt.Println(err)
	// Output:
	// testnet4 48332 true [net] [10.0.0.1:48332]
	// Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.
}
