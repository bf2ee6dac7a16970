package precompile_test

import (
	"encoding/hex"
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/precompile"
)

// An EVM looks the callee up in the fork's set, charges the price and runs
// the contract.
func Example() {
	rules := ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true, IsCancun: true}
	set := precompile.ForRules(rules)

	sha256Addr := ethtypes.Address{19: 0x02}
	c, ok := set.Lookup(sha256Addr)
	if !ok {
		return
	}
	input := []byte("abc")
	gas := c.RequiredGas(input)
	out, err := c.Run(input)
	fmt.Println(len(set.Addresses()), gas, hex.EncodeToString(out), err)
	// Output: 10 72 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad <nil>
}

// ModExp's price follows EIP-198 before Berlin and EIP-2565 from it.
func ExampleModExp() {
	// 3^(p-2) mod p for secp256k1's p (EIP-198's first example).
	in, _ := hex.DecodeString("" +
		"0000000000000000000000000000000000000000000000000000000000000001" +
		"0000000000000000000000000000000000000000000000000000000000000020" +
		"0000000000000000000000000000000000000000000000000000000000000020" +
		"03" +
		"fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e" +
		"fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")
	before, after := precompile.ModExp{}, precompile.ModExp{EIP2565: true}
	out, _ := after.Run(in)
	fmt.Println(before.RequiredGas(in), after.RequiredGas(in), out[31])
	// Output: 13056 1360 1
}
