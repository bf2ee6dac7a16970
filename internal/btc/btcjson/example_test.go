package btcjson_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// ExampleNewTxView decodes a transaction and prints it as bitcoin-tx -json
// does.
func ExampleNewTxView() {
	raw, _ := btcjson.DecodeHex("02000000000100000000000000000000000000")
	tx, err := btcjson.DecodeRawTx(raw, true, true)
	if err != nil {
		panic(err)
	}
	out, _ := btcjson.MarshalIndent(btcjson.NewTxView(tx, chaincfg.MainNet(), &btcjson.TxOptions{IncludeHex: true}), 4)
	fmt.Println(string(out))
	// Output:
	// {
	//     "txid": "0481afb29931341d0d7861d8a2f6f26456fa042abf54a23e96440ed7946e0715",
	//     "hash": "0481afb29931341d0d7861d8a2f6f26456fa042abf54a23e96440ed7946e0715",
	//     "version": 2,
	//     "size": 19,
	//     "vsize": 19,
	//     "weight": 76,
	//     "locktime": 0,
	//     "vin": [
	//     ],
	//     "vout": [
	//         {
	//             "value": 0.00000000,
	//             "n": 0,
	//             "scriptPubKey": {
	//                 "asm": "",
	//                 "desc": "raw()#58lrscpx",
	//                 "hex": "",
	//                 "type": "nonstandard"
	//             }
	//         }
	//     ],
	//     "hex": "02000000000100000000000000000000000000"
	// }
}

// ExampleInferDescriptor shows the descriptor Core infers for a P2PKH
// output.
func ExampleInferDescriptor() {
	script, _ := btcjson.DecodeHex("76a9145834479edbbe0539b31ffd3a8f8ebadc2165ed0188ac")
	fmt.Println(btcjson.InferDescriptor(script, chaincfg.MainNet()))
	// Output: addr(193P6LtvS4nCnkDvM9uXn1gsSRqh4aDAz7)#nw04wh58
}

// ExampleAmount prints satoshis the way Core prints amounts.
func ExampleAmount() {
	fmt.Println(btcjson.Amount(100_000), btcjson.Amount(-1))
	// Output: 0.00100000 -0.00000001
}
