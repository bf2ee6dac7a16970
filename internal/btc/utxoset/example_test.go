package utxoset_test

import (
	"crypto/rand"
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/utxoset"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// Example connects a block to a chainstate, flushes it, reads the statistics
// and disconnects the block again with its undo data.
func Example() {
	// A node opens kv/leveldb at <datadir>/chainstate instead.
	db, err := utxoset.OpenDB(memdb.New(), utxoset.DBOptions{Rand: rand.Reader})
	if err != nil {
		panic(err)
	}
	cache := utxoset.NewCache(db, utxoset.SplitDBCache(utxoset.DefaultDBCacheMiB<<20).Coins)

	coinbase := &primitives.Tx{
		Version: 1,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Index: 0xffffffff}, ScriptSig: []byte{1, 1}, Sequence: 0xffffffff}},
		Outputs: []primitives.TxOut{
			{Value: 50e8, ScriptPubKey: append([]byte{0x00, 20}, make([]byte, 20)...)},
			{Value: 0, ScriptPubKey: []byte{0x6a, 0x24}}, // OP_RETURN: never a coin
		},
	}
	block := &primitives.Block{Txs: []*primitives.Tx{coinbase}}

	undo, err := utxoset.ApplyBlock(cache, block, 1)
	if err != nil {
		panic(err)
	}
	if cache.NeedsFlush() {
		fmt.Println("over budget")
	}
	if err := cache.Flush(); err != nil {
		panic(err)
	}
	st, err := utxoset.ComputeStats(db, utxoset.HashSerialized)
	if err != nil {
		panic(err)
	}
	fmt.Println("txouts:", st.TxOuts, "total:", st.TotalAmount, "bogosize:", st.BogoSize)

	res, err := utxoset.DisconnectBlock(cache, block, undo, 1)
	fmt.Println(res, err)
	// Output:
	// txouts: 1 total: 5000000000 bogosize: 72
	// DISCONNECT_OK <nil>
}
