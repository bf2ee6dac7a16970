package chaingen_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// A small chain with a competing branch and the invalid blocks, written to
// a blk file after the genesis block.
func ExampleGenerateChain() {
	c, err := chaingen.GenerateChain(chaingen.Config{Seed: 1, Blocks: 110, TxsPerBlock: 5, ForkDepth: 3, Invalid: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(c.Blocks), "blocks,", c.Stats.Txs, "transactions")
	fmt.Println("fork of", len(c.Fork), "blocks from height", c.ForkHeight)
	fmt.Println(c.Invalid[0].Name, "->", c.Invalid[0].Reason)

	dir, err := os.MkdirTemp("", "chaingen")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if _, err := c.WriteBlkFile(filepath.Join(dir, "blk00000.dat")); err != nil {
		panic(err)
	}
	// Output:
	// 110 blocks, 50 transactions
	// fork of 4 blocks from height 108
	// bad-pow -> high-hash
}

// Signing a transaction that spends a P2WSH 2-of-3 output and the 2-of-2
// leaf of a taproot output.
func ExampleSignTx() {
	ring := chaingen.NewKeyring([]byte("example"), 6)
	multisig := chaingen.NewP2WSHMultisig(ring.Key(0), ring.Key(1), ring.Key(2))
	tree, err := chaingen.NewP2TRScriptPath(ring.Key(3), ring.Key(4), ring.Key(5))
	if err != nil {
		panic(err)
	}
	tx := &primitives.Tx{
		Version: 2,
		Inputs:  []primitives.TxIn{{Sequence: 0xffffffff}, {PrevOut: primitives.OutPoint{Index: 1}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{{Value: 90_000, ScriptPubKey: multisig.ScriptPubKey}},
	}
	prevOuts := []primitives.TxOut{
		{Value: 50_000, ScriptPubKey: multisig.ScriptPubKey},
		{Value: 50_000, ScriptPubKey: tree.ScriptPubKey},
	}
	spends := []chaingen.Spend{
		{Dest: multisig, Options: chaingen.SpendOptions{Skip: 1}},
		{Dest: tree, Options: chaingen.SpendOptions{Path: chaingen.PathLeafMultiSig, HashType: txscript.SigHashAll}},
	}
	if err := chaingen.SignTx(tx, prevOuts, spends); err != nil {
		panic(err)
	}
	for i := range tx.Inputs {
		ctx := &txscript.TxContext{Tx: tx, Index: i, Amount: prevOuts[i].Value, PrevOuts: prevOuts}
		err := txscript.VerifyScript(nil, prevOuts[i].ScriptPubKey, tx.Inputs[i].Witness, txscript.FlagsAll, ctx)
		fmt.Println("input", i, "witness items", len(tx.Inputs[i].Witness), "valid", err == nil)
	}
	// Output:
	// input 0 witness items 4 valid true
	// input 1 witness items 4 valid true
}
