package txscript_test

import (
	"errors"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// ExampleVerifyScript verifies a hash-lock spend and shows how failures are
// told apart.
func ExampleVerifyScript() {
	scriptPubKey, _ := txscript.ParseCoreScript("SHA256 0x20 0x2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 EQUAL")
	tx := &primitives.Tx{
		Version: 2,
		Inputs:  []primitives.TxIn{{Sequence: primitives.SequenceFinal}},
		Outputs: []primitives.TxOut{{Value: 900}},
	}
	ctx := &txscript.TxContext{Tx: tx, Index: 0, Amount: 1000}
	flags := txscript.FlagP2SH | txscript.FlagStrictEnc | txscript.FlagDERSig

	good, _ := txscript.ParseCoreScript("'hello'")
	fmt.Println(txscript.VerifyScript(good, scriptPubKey, nil, flags, ctx))

	bad, _ := txscript.ParseCoreScript("'bye'")
	err := txscript.VerifyScript(bad, scriptPubKey, nil, flags, ctx)
	fmt.Println(errors.Is(err, txscript.ErrEvalFalse))
	fmt.Println(txscript.ErrEvalFalse.Description())
	// Output:
	// <nil>
	// true
	// Script evaluated without error but finished with a false/empty top stack element
}

// ExampleDisasmString prints Core's asm of a P2PKH scriptPubKey.
func ExampleDisasmString() {
	script, _ := txscript.ParseCoreScript("DUP HASH160 0x14 0x5834479edbbe0539b31ffd3a8f8ebadc2165ed01 EQUALVERIFY CHECKSIG")
	fmt.Println(txscript.DisasmString(script))
	fmt.Println(txscript.ClassifyScript(script))
	// Output:
	// OP_DUP OP_HASH160 5834479edbbe0539b31ffd3a8f8ebadc2165ed01 OP_EQUALVERIFY OP_CHECKSIG
	// pubkeyhash
}
