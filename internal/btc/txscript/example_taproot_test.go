package txscript_test

import (
	"encoding/hex"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// ExampleBuildTaprootTree builds the single-leaf output of the BIP341
// wallet vectors and prints its scriptPubKey and the leaf's control block.
func ExampleBuildTaprootTree() {
	internal, _ := hex.DecodeString("93478e9488f956df2396be2ce6c5cced75f900dfa18e7dabd2428aae78451820")
	script, _ := hex.DecodeString("20b617298552a72ade070667e86ca63b8f5789a9fe8731ef91202a91c9f3459007ac")
	tree := &txscript.TapTree{Leaf: &txscript.TapLeaf{Version: txscript.BaseLeafVersion, Script: script}}
	info, err := txscript.BuildTaprootTree([32]byte(internal), tree)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("scriptPubKey %x\n", info.ScriptPubKey())
	fmt.Printf("control block %x\n", info.Leaves[0].ControlBlock)
	fmt.Println(txscript.VerifyTaprootCommitment(info.Leaves[0].ControlBlock, info.OutputKey[:], info.Leaves[0].LeafHash))
	// Output:
	// scriptPubKey 5120e4d810fd50586274face62b8a807eb9719cef49c04177cc6b76a9a4251d5450e
	// control block c093478e9488f956df2396be2ce6c5cced75f900dfa18e7dabd2428aae78451820
	// true
}
