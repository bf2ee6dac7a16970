package node_test

import (
	"context"
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/config"
	"github.com/twinchain/twinchain/internal/logging"
	"github.com/twinchain/twinchain/internal/node"
)

// Example runs a regtest node on a temporary directory with RPC on an
// ephemeral loopback port, then stops it.
func Example() {
	dir, _ := os.MkdirTemp("", "twinchain-example")
	defer os.RemoveAll(dir)
	cfg, err := config.Load([]string{"-datadir=" + dir, "-disablewallet"}, config.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg.RPCListen = []string{"127.0.0.1:0"} // port 0: see RPCAddrs
	cfg.ETHRPCPort = 0                      // the account chain too: see ETHRPCAddrs
	logs, _ := logging.New(logging.Config{File: cfg.DebugLogFile})
	defer logs.Close()
	n, err := node.New(cfg, logs)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := n.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.Chain().BestHeight(), len(n.RPCAddrs()))
	fmt.Println(n.Stop())
	// Output:
	// 0 1
	// <nil>
}
