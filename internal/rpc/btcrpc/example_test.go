package btcrpc_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/btcrpc"
)

// Example wires a Service over a regtest chain into a JSON-RPC server with
// Core's REST interface mounted, and calls getblockcount over HTTP.
func Example() {
	dir, _ := os.MkdirTemp("", "btcrpc-example")
	defer os.RemoveAll(dir)
	params := chaincfg.RegTest()
	chain, err := blockchain.Open(blockchain.Options{Params: params, DataDir: dir, DBCacheMiB: 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer chain.Close()
	if err := chain.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	svc, err := btcrpc.New(btcrpc.Config{Params: params, Chain: chain, Control: chain, StartTime: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{
		Listen: []string{"127.0.0.1:0"},
		Auth:   jsonrpc.Auth{User: "user", Password: "pass"},
		REST:   svc.RESTHandler(),
	})
	if err := svc.Register(srv); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Start(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Stop()

	c := &jsonrpc.Client{URL: "http://" + srv.Addrs()[0].String() + "/", User: "user", Password: "pass"}
	var height int
	if err := c.Call(context.Background(), "getblockcount", nil, &height); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("height:", height)
	// Output: height: 0
}
