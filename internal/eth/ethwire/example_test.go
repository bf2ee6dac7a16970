package ethwire_test

import (
	"bytes"
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// Frame a request, read it back and decode it.
func Example() {
	req := &ethwire.GetBlockHeaders{RequestID: 1, Origin: ethwire.HashOrNumber{Number: 100}, Amount: 16}
	frame := ethwire.AppendMessage(nil, req)

	msg, n, err := ethwire.ReadMessage(bytes.NewReader(frame), 0)
	if err != nil {
		panic(err)
	}
	got := msg.(*ethwire.GetBlockHeaders)
	fmt.Println(n, msg.Code(), got.RequestID, got.Origin.Number, got.Amount)
	// Output: 20 GetBlockHeaders 1 100 16
}

// Compute and check EIP-2124 fork ids for mainnet.
func ExampleForkSchedule() {
	genesis, _ := ethtypes.HexToHash("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3")
	s := ethwire.NewForkSchedule(ethparams.MainnetConfig(), genesis, 0)
	id := s.ID(1_150_000, 0)
	fmt.Printf("%x %d\n", id.Hash, id.Next)
	fmt.Println(s.Validate(id, 1_150_000, 0))
	// Output:
	// 97c2c34c 1920000
	// <nil>
}
