package ethrawdb

import (
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/trie"
	"github.com/twinchain/twinchain/internal/kv"
	"github.com/twinchain/twinchain/internal/kv/memdb"
	"github.com/twinchain/twinchain/internal/kv/pebble"
)

const testChainID = 1337

var testSigner = ethtypes.LatestSigner(testChainID)

// testKey returns a fixed private key.
func testKey() *secp256k1.PrivateKey {
	var b [32]byte
	b[31] = 0x42
	return secp256k1.PrivKeyFromBytes(b[:])
}

// backends returns the two kv backends the tests run on.
func backends(t testing.TB) map[string]func(testing.TB) kv.Store {
	return map[string]func(testing.TB) kv.Store{
		"memdb": func(testing.TB) kv.Store { return memdb.New() },
		"pebble": func(tb testing.TB) kv.Store {
			db, err := pebble.Open(tb.TempDir(), pebble.Options{CacheSize: 1 << 20, MemTableSize: 1 << 20})
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { _ = db.Close() })
			return db
		},
	}
}

// forEachBackend runs f as a subtest per backend.
func forEachBackend(t *testing.T, f func(t *testing.T, db kv.Store)) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) { f(t, open(t)) })
	}
}

// signedTx signs one transaction of the given kind ("legacy", "accesslist",
// "dynamic", "blob", "create") with nonce n.
func signedTx(t testing.TB, kind string, n uint64) *ethtypes.Transaction {
	t.Helper()
	to := ethtypes.Address{0xaa, byte(n)}
	var d ethtypes.TxData
	chainID := *uint256.NewInt(testChainID)
	switch kind {
	case "legacy":
		d = &ethtypes.LegacyTx{Nonce: n, GasPrice: *uint256.NewInt(7e9), Gas: 21000, To: &to, Value: *uint256.NewInt(1)}
	case "accesslist":
		d = &ethtypes.AccessListTx{ChainID: chainID, Nonce: n, GasPrice: *uint256.NewInt(6e9), Gas: 30000, To: &to,
			AccessList: ethtypes.AccessList{{Address: to, StorageKeys: []ethtypes.Hash{{1}}}}}
	case "dynamic":
		d = &ethtypes.DynamicFeeTx{ChainID: chainID, Nonce: n, GasTipCap: *uint256.NewInt(2e9),
			GasFeeCap: *uint256.NewInt(50e9), Gas: 50000, To: &to, Data: []byte{1, 2, 3}}
	case "blob":
		d = &ethtypes.BlobTx{ChainID: chainID, Nonce: n, GasTipCap: *uint256.NewInt(1e9), GasFeeCap: *uint256.NewInt(4e9),
			Gas: 21000, To: to, BlobFeeCap: *uint256.NewInt(1), BlobHashes: []ethtypes.Hash{{0x01, 2}}}
	case "create":
		d = &ethtypes.DynamicFeeTx{ChainID: chainID, Nonce: n, GasTipCap: *uint256.NewInt(1e9),
			GasFeeCap: *uint256.NewInt(9e9), Gas: 100000, Data: []byte{0x60, 0x00}}
	default:
		t.Fatalf("unknown kind %q", kind)
	}
	tx, err := ethtypes.SignTx(ethtypes.NewTx(d), testSigner, testKey())
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

var txKinds = []string{"legacy", "accesslist", "dynamic", "blob", "create"}

// testBlock builds a block at num on parent with ntx transactions (kinds
// cycling, nonces from nonce0), its receipts (two logs on every other
// one), and a salt in Extra so siblings differ.
func testBlock(t testing.TB, parent ethtypes.Hash, num uint64, ntx int, nonce0 uint64, salt byte, root ethtypes.Hash) (*ethtypes.Block, ethtypes.Receipts) {
	t.Helper()
	var txs ethtypes.Transactions
	var receipts ethtypes.Receipts
	var cum uint64
	for i := range ntx {
		tx := signedTx(t, txKinds[i%len(txKinds)], nonce0+uint64(i))
		txs = append(txs, tx)
		cum += 21000 + uint64(i)
		r := &ethtypes.Receipt{Type: tx.Type(), Status: uint64(i % 3 % 2), CumulativeGasUsed: cum}
		if i%2 == 0 {
			r.Logs = []ethtypes.Log{
				{Address: ethtypes.Address{1, byte(i)}, Topics: []ethtypes.Hash{{2}, {3, byte(i)}}, Data: []byte{4, 5}},
				{Address: ethtypes.Address{6}, Data: []byte{}},
			}
		}
		r.Bloom = ethtypes.LogsBloom(r.Logs)
		receipts = append(receipts, r)
	}
	baseFee := uint256.NewInt(1e9)
	wh := ethtypes.EmptyRootHash
	h := &ethtypes.Header{
		ParentHash: parent, UncleHash: ethtypes.EmptyUncleHash, Coinbase: ethtypes.Address{9},
		Root: root, TxHash: ethtypes.Hash(trie.DeriveSha(txs, nil)), ReceiptHash: ethtypes.Hash(trie.DeriveSha(receipts, nil)),
		Bloom: receipts.Bloom(), Difficulty: *uint256.NewInt(131072), Number: num, GasLimit: 30_000_000, GasUsed: cum,
		Time: 1000 + num, Extra: []byte{salt}, BaseFee: baseFee, WithdrawalsHash: &wh,
	}
	var uncles []*ethtypes.Header
	if num%3 == 2 {
		u := *h
		u.Extra = []byte{salt, 0xee}
		u.BaseFee, u.WithdrawalsHash = nil, nil
		uncles = append(uncles, &u)
		h.UncleHash = ethtypes.UncleHash(uncles)
	}
	return ethtypes.NewBlock(h, txs, uncles, ethtypes.Withdrawals{{Index: num, Validator: 2, Address: ethtypes.Address{3}, Amount: 4}}), receipts
}

// testChain is a generated chain, block 0 (genesis) included.
type testChain struct {
	blocks   []*ethtypes.Block
	receipts []ethtypes.Receipts
}

// genChain builds n blocks after parent (number parentNum), with ntx
// transactions each.
func genChain(t testing.TB, parent ethtypes.Hash, parentNum uint64, n, ntx int, salt byte) testChain {
	var c testChain
	nonce := uint64(parentNum) * 100
	for i := range n {
		b, rs := testBlock(t, parent, parentNum+1+uint64(i), ntx, nonce, salt, trie.EmptyRoot)
		nonce += uint64(ntx)
		c.blocks = append(c.blocks, b)
		c.receipts = append(c.receipts, rs)
		parent = b.Hash()
	}
	return c
}

// insert writes a chain's blocks and makes each the head, one batch per
// block, with td = number.
func insert(t testing.TB, db kv.Store, c testChain) {
	t.Helper()
	for i, b := range c.blocks {
		batch := db.NewBatch()
		td := uint256.NewInt(b.Number() + 1)
		if err := WriteBlockWithReceipts(batch, b, c.receipts[i], td); err != nil {
			t.Fatal(err)
		}
		if err := WriteCanonicalHead(batch, b); err != nil {
			t.Fatal(err)
		}
		if err := batch.Write(true); err != nil {
			t.Fatal(err)
		}
	}
}

// derive returns the trie root of a derivable list.
func derive(l trie.DerivableList) trie.Hash { return trie.DeriveSha(l, nil) }
