package jsonrpc_test

import (
	"context"
	"fmt"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Example starts a server with one method and calls it with the client.
func Example() {
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{
		Listen: []string{"127.0.0.1:0"},
		Auth:   jsonrpc.Auth{User: "user", Password: "pass"},
	})
	srv.Register("getblockcount", func(context.Context, *jsonrpc.Params) (any, error) {
		return 850000, nil
	}, "getblockcount\n\nReturns the height of the most-work fully-validated chain.")
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
	fmt.Println(height)
	err := c.Call(context.Background(), "getbestblockhash", nil, nil)
	fmt.Println(err)
	// Output:
	// 850000
	// error code: -32601
	// error message:
	// Method not found
}
