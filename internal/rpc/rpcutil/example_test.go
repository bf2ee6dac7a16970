package rpcutil_test

import (
	"encoding/json"
	"fmt"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

// A handler reads its positional parameters with Core's messages.
func Example() {
	p := &jsonrpc.Params{Positional: []json.RawMessage{
		json.RawMessage(`"0.5"`),
		json.RawMessage(`6`),
		json.RawMessage(`"xyz"`),
	}}
	amount, err := rpcutil.AmountFromJSON(p.Positional[0])
	fmt.Println(amount, err)
	n, err := rpcutil.OptInt(p, 1, 1)
	fmt.Println(n, err)
	_, err = rpcutil.ReqHash(p, 2, "blockhash")
	fmt.Println(err.(*jsonrpc.Error).Code, err.(*jsonrpc.Error).Message)
	// Output:
	// 50000000 <nil>
	// 6 <nil>
	// -8 blockhash must be of length 64 (not 3, for 'xyz')
}
