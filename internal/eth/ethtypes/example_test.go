package ethtypes_test

import (
	"encoding/hex"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// This example builds, signs and decodes an EIP-1559 transaction and
// recovers its sender.
func ExampleSignTx() {
	keyBytes, _ := hex.DecodeString("4646464646464646464646464646464646464646464646464646464646464646")
	priv := secp256k1.PrivKeyFromBytes(keyBytes)
	to, _ := ethtypes.ParseAddress("0x3535353535353535353535353535353535353535")

	tx := ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID:   *uint256.NewInt(1),
		Nonce:     0,
		GasTipCap: *uint256.NewInt(1_000_000_000),
		GasFeeCap: *uint256.NewInt(30_000_000_000),
		Gas:       21000,
		To:        &to,
		Value:     *uint256.NewInt(1),
	})
	signer := ethtypes.LatestSigner(1)
	signed, err := ethtypes.SignTx(tx, signer, priv)
	if err != nil {
		panic(err)
	}
	raw, _ := signed.MarshalBinary()

	decoded, err := ethtypes.DecodeTx(raw)
	if err != nil {
		panic(err)
	}
	from, err := ethtypes.Sender(signer, decoded)
	if err != nil {
		panic(err)
	}
	fmt.Println("type:", decoded.Type())
	fmt.Println("from:", from)
	fmt.Println("same hash:", decoded.Hash() == signed.Hash())
	// Output:
	// type: 2
	// from: 0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F
	// same hash: true
}

// This example derives an address, the address of its first contract and a
// function selector.
func ExampleCreateAddress() {
	keyBytes, _ := hex.DecodeString("7C7FC7CCECC1FEE3B3E4AC63ADD864BD786696C20CA15683A269AA9AD8639443")
	addr := ethtypes.PubkeyToAddress(secp256k1.PrivKeyFromBytes(keyBytes).PubKey())
	sel := ethtypes.Selector("Grow(int256,int256)")
	fmt.Println(addr)
	fmt.Println(ethtypes.CreateAddress(addr, 0))
	fmt.Printf("%x\n", sel)
	// Output:
	// 0x238661F085A338F04b0c7c956A796b57018151f0
	// 0x5499F82BE656085c9636d85b559df2B17d5db33A
	// ddb774da
}
