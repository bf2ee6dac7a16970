package ethrawdb_test

import (
	"fmt"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethrawdb"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// Example inserts a block with its state in one atomic batch, head
// pointer included, then opens the database as the node does at start.
func Example() {
	db := memdb.New()
	if err := ethrawdb.CheckSchemaVersion(db); err != nil {
		panic(err)
	}
	nodes := ethrawdb.NewNodeStore(db, ethrawdb.NodeStoreConfig{CacheBytes: 16 << 20})

	// The block's state: a trie committed into the block's batch.
	batch := db.NewBatch()
	state := trie.NewEmpty()
	if err := state.Update([]byte("key"), []byte("value")); err != nil {
		panic(err)
	}
	root, set := state.Commit()
	if err := set.WriteTo(nodes.NewBatchWriter(batch)); err != nil {
		panic(err)
	}

	header := &ethtypes.Header{Number: 0, Root: ethtypes.Hash(root), UncleHash: ethtypes.EmptyUncleHash,
		TxHash: ethtypes.EmptyRootHash, ReceiptHash: ethtypes.EmptyRootHash, Difficulty: *uint256.NewInt(1)}
	block := ethtypes.NewBlock(header, nil, nil, nil)
	if err := ethrawdb.WriteBlockWithReceipts(batch, block, nil, uint256.NewInt(1)); err != nil {
		panic(err)
	}
	if err := ethrawdb.WriteCanonicalHead(batch, block); err != nil { // head pointers last
		panic(err)
	}
	if err := batch.Write(true); err != nil {
		panic(err)
	}

	res, err := ethrawdb.Repair(db, nodes)
	if err != nil {
		panic(err)
	}
	fmt.Println("head", res.Number, "rewound", res.Rewound)
	got, err := ethrawdb.ReadCanonicalBlock(db, 0)
	fmt.Println(got.Hash() == block.Hash(), err)
	// Output:
	// head 0 rewound false
	// true <nil>
}
