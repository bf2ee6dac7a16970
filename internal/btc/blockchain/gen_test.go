package blockchain

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// opTrue is an output script anyone can spend with an empty scriptSig.
var opTrue = []byte{0x51}

// testGen builds valid regtest blocks on top of a tip it tracks, for tests
// that need blocks the vectors do not have. Outputs pay OP_TRUE.
type testGen struct {
	t      testing.TB
	p      *chaincfg.Params
	tip    chainhash.Hash
	height int32
	times  []uint32 // timestamps from genesis to tip
	// coinbases holds the coinbase transaction of each generated height.
	coinbases map[int32]*primitives.Tx
	// tag goes into every coinbase, so that two branches differ.
	tag byte
}

func newTestGen(t testing.TB, p *chaincfg.Params) *testGen {
	return &testGen{
		t: t, p: p, tip: p.GenesisHash,
		times:     []uint32{p.GenesisBlock.Header.Timestamp},
		coinbases: make(map[int32]*primitives.Tx),
	}
}

// fork returns a generator continuing from an earlier block of g's chain.
func (g *testGen) fork(hash chainhash.Hash, height int32) *testGen {
	f := &testGen{t: g.t, p: g.p, tip: hash, height: height, tag: g.tag + 1,
		times: append([]uint32(nil), g.times[:height+1]...), coinbases: make(map[int32]*primitives.Tx)}
	for h, cb := range g.coinbases {
		if h <= height {
			f.coinbases[h] = cb
		}
	}
	return f
}

// heightPush returns the BIP34 push of a height.
func heightPush(h int32) []byte {
	if h == 0 {
		return []byte{0x00}
	}
	if h <= 16 {
		return []byte{0x50 + byte(h)}
	}
	var num []byte
	for v := h; v > 0; v >>= 8 {
		num = append(num, byte(v))
	}
	if num[len(num)-1]&0x80 != 0 {
		num = append(num, 0)
	}
	return append([]byte{byte(len(num))}, num...)
}

// coinbaseTx returns a coinbase for height paying value to OP_TRUE.
func coinbaseTx(height int32, value int64) *primitives.Tx { return taggedCoinbase(height, value, 0) }

func taggedCoinbase(height int32, value int64, tag byte) *primitives.Tx {
	script := append(heightPush(height), 0x01, tag)
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

// spendTx spends the given outpoints (OP_TRUE outputs) into one output of
// value paying script.
func spendTx(value int64, script []byte, ops ...primitives.OutPoint) *primitives.Tx {
	tx := &primitives.Tx{Version: 2, Outputs: []primitives.TxOut{{Value: value, ScriptPubKey: script}}}
	for _, op := range ops {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: op, Sequence: primitives.SequenceFinal})
	}
	return tx
}

// coinbaseOut returns the outpoint of the coinbase output of a generated
// block.
func (g *testGen) coinbaseOut(height int32) primitives.OutPoint {
	cb := g.coinbases[height]
	if cb == nil {
		g.t.Fatalf("no generated coinbase at height %d", height)
	}
	return primitives.OutPoint{Hash: cb.TxHash(), Index: 0}
}

// block returns the next block with the given transactions after a fresh
// coinbase claiming the subsidy plus fees; mod may change it before the
// merkle root is set and the block is mined. It does not advance g.
func (g *testGen) block(fees int64, mod func(b *primitives.Block), txs ...*primitives.Tx) *primitives.Block {
	height := g.height + 1
	cb := taggedCoinbase(height, consensus.GetBlockSubsidy(height, g.p)+fees, g.tag)
	b := &primitives.Block{
		Header: primitives.Header{
			Version:   0x20000000,
			PrevBlock: g.tip,
			Timestamp: g.times[len(g.times)-1] + 1,
			Bits:      g.p.PowLimitBits,
		},
		Txs: append([]*primitives.Tx{cb}, txs...),
	}
	remerkle := true
	if mod != nil {
		before := b.Header
		mod(b)
		remerkle = b.Header.MerkleRoot == before.MerkleRoot
	}
	if remerkle {
		b.Header.MerkleRoot, _ = primitives.ComputeMerkleRoot(b.TxHashes())
	}
	g.mine(b)
	return b
}

// mine finds a nonce satisfying the block's bits.
func (g *testGen) mine(b *primitives.Block) {
	for !consensus.CheckProofOfWork(b.BlockHash(), b.Header.Bits, g.p) {
		b.Header.Nonce++
	}
}

// unmine finds a nonce that does not satisfy the block's bits.
func (g *testGen) unmine(b *primitives.Block) {
	for consensus.CheckProofOfWork(b.BlockHash(), b.Header.Bits, g.p) {
		b.Header.Nonce++
	}
}

// advance makes b the generator's tip.
func (g *testGen) advance(b *primitives.Block) {
	g.height++
	g.tip = b.BlockHash()
	g.times = append(g.times, b.Header.Timestamp)
	g.coinbases[g.height] = b.Txs[0]
}

// next builds the next valid block with txs and advances to it.
func (g *testGen) next(fees int64, txs ...*primitives.Tx) *primitives.Block {
	b := g.block(fees, nil, txs...)
	g.advance(b)
	return b
}

// extend generates n empty blocks, processing each with c.
func (g *testGen) extend(c *Chain, n int) {
	g.t.Helper()
	for range n {
		if err := c.ProcessBlock(g.next(0)); err != nil {
			g.t.Fatalf("block %d: %v", g.height, err)
		}
	}
}
