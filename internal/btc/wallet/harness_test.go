package wallet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/address"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// testChain is a minimal regtest chain: blocks by height, no validation
// (the wallet does not validate; its signatures are verified by the script
// engine when it signs).
type testChain struct {
	mu     sync.Mutex
	params *chaincfg.Params
	blocks []*primitives.Block
	hashes []chainhash.Hash
}

func newTestChain() *testChain {
	p := chaincfg.RegTest()
	return &testChain{params: p, blocks: []*primitives.Block{p.GenesisBlock}, hashes: []chainhash.Hash{p.GenesisHash}}
}

func (c *testChain) BestHash() chainhash.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hashes[len(c.hashes)-1]
}

func (c *testChain) BestHeight() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int32(len(c.blocks) - 1)
}

func (c *testChain) BlockByHeight(h int32) (*primitives.Block, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h < 0 || int(h) >= len(c.blocks) {
		return nil, errors.New("no block")
	}
	return c.blocks[h], nil
}

func (c *testChain) BlockHashByHeight(h int32) (chainhash.Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h < 0 || int(h) >= len(c.hashes) {
		return chainhash.Hash{}, errors.New("no block")
	}
	return c.hashes[h], nil
}

// testNode wires a chain, a mempool list and a Manager.
type testNode struct {
	t       testing.TB
	chain   *testChain
	mgr     *Manager
	dir     string
	mempool []*primitives.Tx
	reject  error
}

func (n *testNode) BroadcastTransaction(tx *primitives.Tx) error {
	if n.reject != nil {
		return n.reject
	}
	if n.Has(tx.TxHash()) {
		return errors.New("txn-already-in-mempool")
	}
	n.mempool = append(n.mempool, tx)
	// The node's mempool notifies every wallet synchronously.
	n.mgr.TxAccepted(tx)
	return nil
}

// Has is the wallet's mempool view: the transactions the test node holds
// for its next block.
func (n *testNode) Has(txid chainhash.Hash) bool {
	for _, tx := range n.mempool {
		if tx.TxHash() == txid {
			return true
		}
	}
	return false
}

func newTestNode(t testing.TB) *testNode {
	t.Helper()
	n := &testNode{t: t, chain: newTestChain(), dir: t.TempDir()}
	n.open()
	t.Cleanup(func() { n.mgr.Close() })
	return n
}

func (n *testNode) open() {
	m, err := NewManager(ManagerConfig{
		Params:      n.chain.params,
		Dir:         n.dir,
		Chain:       n.chain,
		Broadcaster: n,
		Mempool:     n,
		Keypool:     20,
		ScryptN:     1 << 10,
	})
	if err != nil {
		n.t.Fatal(err)
	}
	n.mgr = m
}

// mine appends count blocks paying the coinbase to spk, the first one
// including the mempool, and feeds them to the manager.
func (n *testNode) mine(spk []byte, count int) {
	n.t.Helper()
	for i := 0; i < count; i++ {
		height := n.chain.BestHeight() + 1
		var fees int64
		txs := n.mempool
		n.mempool = nil
		var hs [4]byte
		binary.LittleEndian.PutUint32(hs[:], uint32(height))
		cb := &primitives.Tx{
			Version: 2,
			Inputs: []primitives.TxIn{{
				PrevOut:   primitives.OutPoint{Index: 0xffffffff},
				ScriptSig: []byte{0x04, hs[0], hs[1], hs[2], hs[3]},
				Sequence:  0xffffffff,
			}},
			Outputs: []primitives.TxOut{{Value: 50*1e8 + fees, ScriptPubKey: spk}},
		}
		blk := &primitives.Block{Txs: append([]*primitives.Tx{cb}, txs...)}
		blk.Header.Version = 0x20000000
		blk.Header.PrevBlock = n.chain.BestHash()
		blk.Header.Timestamp = 1_600_000_000 + uint32(height)*600
		blk.Header.Bits = 0x207fffff
		blk.Header.MerkleRoot, _ = blk.MerkleRoot()
		n.chain.mu.Lock()
		n.chain.blocks = append(n.chain.blocks, blk)
		n.chain.hashes = append(n.chain.hashes, blk.BlockHash())
		n.chain.mu.Unlock()
		n.mgr.BlockConnected(blk, height)
	}
}

// disconnect removes the tip block and returns its transactions (minus the
// coinbase) to the mempool.
func (n *testNode) disconnect() {
	n.chain.mu.Lock()
	h := int32(len(n.chain.blocks) - 1)
	blk := n.chain.blocks[h]
	n.chain.blocks = n.chain.blocks[:h]
	n.chain.hashes = n.chain.hashes[:h]
	n.chain.mu.Unlock()
	n.mempool = append(n.mempool, blk.Txs[1:]...)
	n.mgr.BlockDisconnected(blk, h)
}

func mustAddr(t testing.TB, w *Wallet, typ string) address.Address {
	t.Helper()
	a, err := w.NewAddress(typ, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func btc(v float64) int64 { return int64(v * 1e8) }

func fmtSat(v int64) string { return fmt.Sprintf("%d.%08d", v/1e8, v%1e8) }

func secp256k1PrivKey(b []byte) *secp256k1.PrivateKey { return secp256k1.PrivKeyFromBytes(b) }
