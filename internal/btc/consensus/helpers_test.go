package consensus

import (
	"bufio"
	"compress/bzip2"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/testdata"
)

// testNode is a block of a testChain; it implements HeaderCtx.
type testNode struct {
	height int32
	bits   uint32
	time   int64
	chain  *testChain
}

func (n *testNode) Height() int32    { return n.height }
func (n *testNode) Bits() uint32     { return n.bits }
func (n *testNode) Timestamp() int64 { return n.time }
func (n *testNode) Ancestor(h int32) HeaderCtx {
	if h < 0 || h > n.height {
		return nil
	}
	return n.chain.nodes[h]
}

// testChain is a header chain held in a slice, heights 0..len-1.
type testChain struct{ nodes []*testNode }

// newTestChain makes a chain of n blocks with the given bits, the first at
// time start and each spacing seconds after its parent.
func newTestChain(n int, bits uint32, start, spacing int64) *testChain {
	c := &testChain{}
	for i := range n {
		c.add(bits, start+int64(i)*spacing)
	}
	return c
}

func (c *testChain) add(bits uint32, time int64) *testNode {
	n := &testNode{height: int32(len(c.nodes)), bits: bits, time: time, chain: c}
	c.nodes = append(c.nodes, n)
	return n
}

func (c *testChain) tip() *testNode { return c.nodes[len(c.nodes)-1] }

// wantRule fails the test unless err is a *RuleError of kind want (nil: no
// error).
func wantRule(t *testing.T, err error, want ErrorKind) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %s", err, want)
	}
	var re *RuleError
	if !errors.As(err, &re) || re.Err != want {
		t.Fatalf("not a RuleError of kind %s: %v", want, err)
	}
}

// readBlkFile reads blk-format records (magic, LE size, block).
func readBlkFile(t testing.TB, r io.Reader, magic [4]byte) []*primitives.Block {
	t.Helper()
	br := bufio.NewReader(r)
	var blocks []*primitives.Block
	for {
		var hdr [8]byte
		if _, err := io.ReadFull(br, hdr[:]); err == io.EOF {
			return blocks
		} else if err != nil {
			t.Fatal(err)
		}
		if [4]byte(hdr[:4]) != magic {
			t.Fatalf("bad magic %x", hdr[:4])
		}
		raw := make([]byte, binary.LittleEndian.Uint32(hdr[4:]))
		if _, err := io.ReadFull(br, raw); err != nil {
			t.Fatal(err)
		}
		b, err := primitives.DecodeBlock(raw)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
	}
}

// bitcoinjBlocks returns real mainnet blocks 0-438.
func bitcoinjBlocks(t testing.TB) []*primitives.Block {
	f, err := os.Open(testdata.Path(t, "bitcoinj", "first-100k-blocks.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readBlkFile(t, f, chaincfg.MainNet().NetMagic)
}

// btcdBlocks returns real mainnet blocks 1-255 from btcd's blocks1-256.bz2.
func btcdBlocks(t testing.TB) []*primitives.Block {
	f, err := os.Open(testdata.Path(t, "btcd", "database", "blocks1-256.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readBlkFile(t, bzip2.NewReader(f), chaincfg.MainNet().NetMagic)
}

// kernelBlocks returns py-bitcoinkernel's regtest blocks 1-206.
func kernelBlocks(t testing.TB) []*primitives.Block {
	raw, err := os.ReadFile(testdata.Path(t, "py-bitcoinkernel", "blocks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*primitives.Block
	for _, line := range strings.Fields(string(raw)) {
		b, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		blk, err := primitives.DecodeBlock(b)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, blk)
	}
	return blocks
}

// chainOf builds a testChain from consecutive blocks starting at genesis.
func chainOf(blocks []*primitives.Block) *testChain {
	c := &testChain{}
	for _, b := range blocks {
		c.add(b.Header.Bits, int64(b.Header.Timestamp))
	}
	return c
}

// Block construction for tests.

var opTrue = []byte{txscript.OP_1}

// coinbaseTx returns a coinbase for height paying value to OP_TRUE.
func coinbaseTx(height int32, value int64) *primitives.Tx {
	script := txscript.AppendInt64(nil, int64(height))
	script = append(script, txscript.OP_0, txscript.OP_0) // at least 2 bytes
	return &primitives.Tx{
		Version: 1,
		Inputs: []primitives.TxIn{{
			PrevOut:   primitives.OutPoint{Index: 0xffffffff},
			ScriptSig: script,
			Sequence:  primitives.SequenceFinal,
		}},
		Outputs: []primitives.TxOut{{Value: value, ScriptPubKey: opTrue}},
	}
}

// spendTx returns a transaction spending op to OP_TRUE.
func spendTx(op primitives.OutPoint, value int64) *primitives.Tx {
	return &primitives.Tx{
		Version:  2,
		Inputs:   []primitives.TxIn{{PrevOut: op, Sequence: primitives.SequenceFinal}},
		Outputs:  []primitives.TxOut{{Value: value, ScriptPubKey: opTrue}},
		LockTime: 0,
	}
}

// newBlock assembles txs under a header with prev, time and bits, sets the
// merkle root and solves the proof of work (fast at regtest difficulty).
func newBlock(prev chainhash.Hash, time uint32, bits uint32, txs ...*primitives.Tx) *primitives.Block {
	b := &primitives.Block{
		Header: primitives.Header{Version: 4, PrevBlock: prev, Timestamp: time, Bits: bits},
		Txs:    txs,
	}
	b.Header.MerkleRoot, _ = b.MerkleRoot()
	return solve(b)
}

// solve grinds the nonce until the header meets its bits (regtest's limit
// needs about two tries).
func solve(b *primitives.Block) *primitives.Block {
	target, _, _ := CompactToTarget(b.Header.Bits)
	for {
		h := b.Header.BlockHash()
		v := HashToUint256(&h)
		if !v.Gt(&target) {
			return b
		}
		b.Header.Nonce++
	}
}

// addWitnessCommitment gives the coinbase a 32-byte zero reserved value and
// a commitment output matching the block's witnesses, then re-solves.
func addWitnessCommitment(b *primitives.Block) *primitives.Block {
	cb := b.Txs[0]
	cb.Inputs[0].Witness = [][]byte{make([]byte, 32)}
	root, _ := b.WitnessMerkleRoot()
	cb.Outputs = append(cb.Outputs, primitives.TxOut{
		ScriptPubKey: primitives.WitnessCommitmentScript(primitives.WitnessCommitment(root, cb.Inputs[0].Witness[0])),
	})
	b.Header.MerkleRoot, _ = b.MerkleRoot()
	return solve(b)
}
