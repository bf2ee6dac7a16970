package psbt_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/psbt"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Example walks a P2WPKH spend through the roles: create, update, sign,
// finalize, extract.
func Example() {
	priv := make([]byte, 32)
	priv[31] = 1 // the key 1: public key G
	prov := psbt.NewSimpleProvider()
	if err := prov.AddKey(priv, true); err != nil {
		panic(err)
	}
	pubG := []byte{0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b,
		0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98}
	h := crypto.Hash160(pubG)
	spk := append([]byte{0x00, 0x14}, h[:]...)

	tx := &primitives.Tx{Version: 2,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 49_000, ScriptPubKey: spk}},
	}
	p, _ := psbt.New(tx)                                                        // creator
	_ = p.AddWitnessUTXO(0, primitives.TxOut{Value: 50_000, ScriptPubKey: spk}) // updater
	fmt.Println("next:", p.Analyze().Next)                                      // the public key is unknown
	_ = p.AddInputDerivation(0, pubG, psbt.KeyOrigin{Fingerprint: [4]byte{1, 2, 3, 4}})
	fmt.Println("next:", p.Analyze().Next)
	complete, err := p.Sign(prov, psbt.SigHashAll) // signer
	fmt.Println("signed:", complete, err, "next:", p.Analyze().Next)
	fmt.Println("finalized:", p.Finalize()) // finalizer
	signed, _ := p.Extract()                // extractor
	fmt.Println("witness items:", len(signed.Inputs[0].Witness))
	// Output:
	// next: updater
	// next: signer
	// signed: true <nil> next: finalizer
	// finalized: true
	// witness items: 2
}
