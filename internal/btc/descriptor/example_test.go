package descriptor_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/descriptor"
)

func ExampleParse() {
	d, err := descriptor.Parse("wpkh([ffffffff/13']xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH/1/2/*)", chaincfg.MainNet())
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := d.Expand(0)
	fmt.Printf("%x %v %s\n", e.ScriptPubKeys[0], d.IsRange(), d.OutputType())
	// Output: 0014326b2249e3a25d5dc60935f044ee835d090ba859 true bech32
}

func ExampleGetInfo() {
	info, err := descriptor.GetInfo("pkh(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)", chaincfg.MainNet())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Descriptor, info.HasPrivateKeys)
	// Output: pkh(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)#wf36a0pg true
}
