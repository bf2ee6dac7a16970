package ethrpc_test

import (
	"encoding/json"
	"fmt"

	"github.com/twinchain/twinchain/internal/rpc/ethrpc"
)

// Block parameters accept tags, quantities and EIP-1898 objects.
func ExampleBlockNumberOrHash() {
	for _, s := range []string{`"latest"`, `"0x1b4"`, `{"blockNumber":"0x10"}`, `"0x01b4"`} {
		var bp ethrpc.BlockNumberOrHash
		if err := json.Unmarshal([]byte(s), &bp); err != nil {
			fmt.Println(s, "->", err)
			continue
		}
		fmt.Println(s, "->", bp.Number)
	}
	// Output:
	// "latest" -> -1
	// "0x1b4" -> 436
	// {"blockNumber":"0x10"} -> 16
	// "0x01b4" -> hex number with leading zero digits
}
