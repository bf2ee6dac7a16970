package mempool

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// fakeChain is an in-memory Chain: a tip height, median times derived from
// the height, and a coin map.
type fakeChain struct {
	height int32
	coins  consensus.CoinMap
}

const baseTime = 1_600_000_000

func (c *fakeChain) TipHeight() int32             { return c.height }
func (c *fakeChain) MedianTimePast(h int32) int64 { return baseTime + int64(h)*600 }
func (c *fakeChain) ScriptFlags() txscript.Flags  { return MandatoryScriptFlags }
func (c *fakeChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	return c.coins.LookupCoin(op)
}

// connect applies a block's transactions to the coin map and raises the
// tip.
func (c *fakeChain) connect(blk *primitives.Block) {
	c.height++
	for _, tx := range blk.Txs {
		if !tx.IsCoinBase() {
			for i := range tx.Inputs {
				delete(c.coins, tx.Inputs[i].PrevOut)
			}
		}
		h := tx.TxHash()
		for i, out := range tx.Outputs {
			c.coins[primitives.OutPoint{Hash: h, Index: uint32(i)}] = primitives.Coin{Out: out, Height: uint32(c.height), IsCoinBase: tx.IsCoinBase()}
		}
	}
}

// utxo is a spendable output and the destination that can sign for it.
type utxo struct {
	op   primitives.OutPoint
	out  primitives.TxOut
	dest *chaingen.Destination
}

type harness struct {
	tb    testing.TB
	chain *fakeChain
	pool  *Pool
	keys  *chaingen.Keyring
	dest  *chaingen.Destination
	clock time.Time
	n     uint64
}

func newHarness(tb testing.TB, mod func(*Config)) *harness {
	h := &harness{
		tb:    tb,
		chain: &fakeChain{height: 200, coins: make(consensus.CoinMap)},
		keys:  chaingen.NewKeyring([]byte("mempool tests"), 3),
		clock: time.Unix(baseTime+200*600, 0),
	}
	h.dest = chaingen.NewP2WPKH(h.keys.Key(0))
	cfg := Config{Params: chaincfg.RegTest(), Chain: h.chain, Now: func() time.Time { return h.clock }}
	if mod != nil {
		mod(&cfg)
	}
	h.pool = New(cfg)
	return h
}

// fundScript adds a confirmed coin paying script at height and returns it.
func (h *harness) fundScript(value int64, script []byte, height uint32, coinbase bool) utxo {
	h.n++
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], h.n)
	op := primitives.OutPoint{Hash: chainhash.DoubleSHA256(b[:]), Index: 0}
	out := primitives.TxOut{Value: value, ScriptPubKey: script}
	h.chain.coins[op] = primitives.Coin{Out: out, Height: height, IsCoinBase: coinbase}
	return utxo{op: op, out: out}
}

// fund adds a confirmed P2WPKH coin.
func (h *harness) fund(value int64) utxo {
	u := h.fundScript(value, h.dest.ScriptPubKey, 100, false)
	u.dest = h.dest
	return u
}

// build returns an unsigned version-2 transaction spending ins (sequence
// 0xfffffffd) with P2WPKH outputs of the given values.
func (h *harness) build(ins []utxo, outs ...int64) *primitives.Tx {
	tx := &primitives.Tx{Version: 2}
	for _, u := range ins {
		tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: u.op, Sequence: 0xfffffffd})
	}
	for _, v := range outs {
		tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: v, ScriptPubKey: h.dest.ScriptPubKey})
	}
	return tx
}

// sign signs every input whose utxo has a destination.
func (h *harness) sign(tx *primitives.Tx, ins []utxo) *primitives.Tx {
	prev := make([]primitives.TxOut, len(ins))
	for i, u := range ins {
		prev[i] = u.out
	}
	sh := txscript.NewSigHashes(tx, prev)
	for i, u := range ins {
		if u.dest == nil {
			continue
		}
		if err := u.dest.SignInput(tx, i, prev, sh, chaingen.SpendOptions{}); err != nil {
			h.tb.Fatal(err)
		}
	}
	return tx
}

// spend builds and signs a transaction spending ins to outs.
func (h *harness) spend(ins []utxo, outs ...int64) *primitives.Tx {
	return h.sign(h.build(ins, outs...), ins)
}

// outOf returns output i of tx as a utxo.
func (h *harness) outOf(tx *primitives.Tx, i int) utxo {
	return utxo{op: primitives.OutPoint{Hash: tx.TxHash(), Index: uint32(i)}, out: tx.Outputs[i], dest: h.dest}
}

// mustAccept accepts tx or fails the test.
func (h *harness) mustAccept(tx *primitives.Tx) TxDesc {
	h.tb.Helper()
	d, err := h.pool.AcceptTransaction(tx)
	if err != nil {
		h.tb.Fatalf("accept %s: %v", tx.TxHash(), err)
	}
	return d
}

// chainOf accepts n transactions, each spending the previous one's only
// output, starting from a fresh coin, and returns them.
func (h *harness) chainOf(n int) []*primitives.Tx {
	u := h.fund(10_000_000)
	var txs []*primitives.Tx
	v := u.out.Value
	for range n {
		v -= 1000
		tx := h.spend([]utxo{u}, v)
		h.mustAccept(tx)
		txs = append(txs, tx)
		u = h.outOf(tx, 0)
	}
	return txs
}

// checkAggregates compares every entry's aggregates with a recomputation
// from the link structure, and the indexes with the entries.
func checkAggregates(tb testing.TB, p *Pool) {
	tb.Helper()
	var usage, size, fees int64
	for txid, e := range p.byTxid {
		if e.txid != txid || p.byWtxid[e.wtxid] != e {
			tb.Fatalf("%s: index mismatch", txid)
		}
		for i := range e.tx.Inputs {
			if p.spent[e.tx.Inputs[i].PrevOut] != e {
				tb.Fatalf("%s: spent index mismatch", txid)
			}
		}
		for parent := range e.parents {
			if _, ok := parent.children[e]; !ok {
				tb.Fatalf("%s: parent link not mirrored", txid)
			}
		}
		want := *e
		recompute(&want)
		if want.ancCount != e.ancCount || want.ancSize != e.ancSize || want.ancFees != e.ancFees || want.ancSigOps != e.ancSigOps ||
			want.descCount != e.descCount || want.descSize != e.descSize || want.descFees != e.descFees {
			tb.Fatalf("%s: aggregates anc(%d,%d,%d,%d) desc(%d,%d,%d), want anc(%d,%d,%d,%d) desc(%d,%d,%d)", txid,
				e.ancCount, e.ancSize, e.ancFees, e.ancSigOps, e.descCount, e.descSize, e.descFees,
				want.ancCount, want.ancSize, want.ancFees, want.ancSigOps, want.descCount, want.descSize, want.descFees)
		}
		usage += e.usage
		size += e.vsize
		fees += e.fee
	}
	if len(p.byWtxid) != len(p.byTxid) || usage != p.usage || size != p.bytes || fees != p.fees {
		tb.Fatalf("pool totals out of step")
	}
}
