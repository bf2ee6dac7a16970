package address_test

import (
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// ExampleDecode decodes addresses for mainnet and prints their output
// scripts; an address for another network fails with ErrWrongNetwork.
func ExampleDecode() {
	main := chaincfg.MainNet()
	for _, s := range []string{
		"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH",
		"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
		"bc1pfeessrawgf",
	} {
		a, err := address.Decode(s, main)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%T %s %x\n", a, a, a.ScriptPubKey())
	}

	_, err := address.Decode("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", main)
	fmt.Println(errors.Is(err, address.ErrWrongNetwork))

	// Output:
	// *address.P2PKH 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH 76a914751e76e8199196d454941c45d1b3a323f1433bd688ac
	// *address.P2WPKH bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 0014751e76e8199196d454941c45d1b3a323f1433bd6
	// *address.WitnessUnknown bc1pfeessrawgf 51024e73
	// true
}
