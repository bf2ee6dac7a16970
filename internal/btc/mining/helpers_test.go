package mining

import (
	"context"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// poolChain adapts *blockchain.Chain to mempool.Chain, as the node does.
type poolChain struct{ c *blockchain.Chain }

func (a poolChain) TipHeight() int32 { return a.c.BestHeight() }
func (a poolChain) MedianTimePast(h int32) int64 {
	hash, err := a.c.BlockHashByHeight(h)
	if err != nil {
		return 0
	}
	info, err := a.c.BlockInfo(hash)
	if err != nil {
		return 0
	}
	return info.MedianTime.Unix()
}
func (a poolChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	coin, ok, err := a.c.LookupCoin(op)
	return coin, ok && err == nil
}
func (a poolChain) ScriptFlags() txscript.Flags {
	return consensus.GetBlockScriptFlags(a.c.Params(), a.c.BestHeight()+1, chainhash.Hash{})
}

// node is a regtest chain in a temp dir with a mempool fed by its
// notifications and a generator.
type node struct {
	t     testing.TB
	chain *blockchain.Chain
	pool  *mempool.Pool
	gen   *Generator
	keys  *chaingen.Keyring
	dest  *chaingen.Destination
	clock time.Time
}

func newNode(t testing.TB, mod func(*Config)) *node {
	t.Helper()
	params := chaincfg.RegTest()
	n := &node{t: t, keys: chaingen.NewKeyring([]byte("mining tests"), 2), clock: time.Unix(1_700_000_000, 0)}
	now := func() time.Time { return n.clock }
	c, err := blockchain.Open(blockchain.Options{Params: params, DataDir: t.TempDir(), DBCacheMiB: 16, Clock: now, ScriptWorkers: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	n.chain = c
	n.pool = mempool.New(mempool.Config{Params: params, Chain: poolChain{c}, Now: now})
	c.Subscribe(func(nt blockchain.Notification) {
		if nt.Type == blockchain.NTBlockConnected {
			n.pool.RemoveForBlock(nt.Block)
		}
	})
	n.dest = chaingen.NewP2WPKH(n.keys.Key(0))
	cfg := Config{Params: params, Chain: NewChainView(c), Source: n.pool, Now: now}
	if mod != nil {
		mod(&cfg)
	}
	n.gen = New(cfg)
	return n
}

// mine generates count blocks paying the node's destination, advancing the
// clock a minute per block.
func (n *node) mine(count int) []chainhash.Hash {
	n.t.Helper()
	var out []chainhash.Hash
	for range count {
		n.clock = n.clock.Add(time.Minute)
		h, err := n.gen.Generate(context.Background(), 1, n.dest.ScriptPubKey, 0)
		if err != nil {
			n.t.Fatal(err)
		}
		out = append(out, h...)
	}
	return out
}

// coinbaseCoin returns output 0 of the coinbase of the block at height.
func (n *node) coinbaseCoin(height int32) (primitives.OutPoint, primitives.TxOut) {
	n.t.Helper()
	blk, err := n.chain.BlockByHeight(height)
	if err != nil {
		n.t.Fatal(err)
	}
	cb := blk.Txs[0]
	return primitives.OutPoint{Hash: cb.TxHash(), Index: 0}, cb.Outputs[0]
}

// spend signs a transaction spending ins (all paying n.dest) to outputs of
// the given values paying n.dest.
func (n *node) spend(ins []primitives.OutPoint, prev []primitives.TxOut, outs ...int64) *primitives.Tx {
	n.t.Helper()
	tx := &primitives.Tx{Version: 2}
	for _, op := range ins {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: op, Sequence: 0xfffffffd})
	}
	for _, v := range outs {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: v, ScriptPubKey: n.dest.ScriptPubKey})
	}
	sh := txscript.NewSigHashes(tx, prev)
	for i := range ins {
		if err := n.dest.SignInput(tx, i, prev, sh, chaingen.SpendOptions{}); err != nil {
			n.t.Fatal(err)
		}
	}
	return tx
}

func (n *node) accept(tx *primitives.Tx) mempool.TxDesc {
	n.t.Helper()
	d, err := n.pool.AcceptTransaction(tx)
	if err != nil {
		n.t.Fatalf("accept: %v", err)
	}
	return d
}

func out(tx *primitives.Tx, i int) (primitives.OutPoint, primitives.TxOut) {
	return primitives.OutPoint{Hash: tx.TxHash(), Index: uint32(i)}, tx.Outputs[i]
}
