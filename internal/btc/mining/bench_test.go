package mining

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// The benchmark workload, mirrored in bench/btcd/mining_bench_test.go for
// btcd: P2WPKH spends of 0.01 BTC coins paying 2 to 59 sat/vB, in a mix of
// 70% one input and two outputs, 20% two inputs and two outputs, and 10%
// children spending the second output of a recent one-input transaction
// (one output), so blocks hold CPFP packages.

const benchCoinValue = 1_000_000

type benchCoin struct {
	op  primitives.OutPoint
	out primitives.TxOut
}

// benchSpends builds n signed transactions of the mix, funding them with
// fund.
func benchSpends(n int, dest *chaingen.Destination, fund func() benchCoin) []*primitives.Tx {
	txs := make([]*primitives.Tx, 0, n)
	var parents []benchCoin // second outputs of one-input transactions
	for i := range n {
		rate := int64(2 + (i*7919)%58)
		var ins []benchCoin
		nOut := 2
		switch {
		case i%10 == 9 && len(parents) > 0:
			ins = []benchCoin{parents[len(parents)-1]}
			parents = parents[:len(parents)-1]
			nOut = 1
		case i%10 >= 7:
			ins = []benchCoin{fund(), fund()}
		default:
			ins = []benchCoin{fund()}
		}
		vsize := int64(11 + 68*len(ins) + 31*nOut)
		var total int64
		tx := &primitives.Tx{Version: 2}
		prev := make([]primitives.TxOut, len(ins))
		for j, c := range ins {
			tx.Inputs = append(tx.Inputs, primitives.TxIn{PrevOut: c.op, Sequence: 0xfffffffd})
			prev[j] = c.out
			total += c.out.Value
		}
		rest := total - rate*vsize
		for j := range nOut {
			v := rest / int64(nOut)
			if j == 0 {
				v = rest - v*int64(nOut-1)
			}
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: v, ScriptPubKey: dest.ScriptPubKey})
		}
		sh := txscript.NewSigHashes(tx, prev)
		for j := range ins {
			if err := dest.SignInput(tx, j, prev, sh, chaingen.SpendOptions{}); err != nil {
				panic(err)
			}
		}
		if len(ins) == 1 && nOut == 2 {
			parents = append(parents, benchCoin{op: primitives.OutPoint{Hash: tx.TxHash(), Index: 1}, out: tx.Outputs[1]})
		}
		txs = append(txs, tx)
	}
	return txs
}

// benchChain is a mempool.Chain over an in-memory coin map at height 200.
type benchChain struct{ coins consensus.CoinMap }

func (c *benchChain) TipHeight() int32             { return 200 }
func (c *benchChain) MedianTimePast(h int32) int64 { return 1_700_000_000 + int64(h)*600 }
func (c *benchChain) ScriptFlags() txscript.Flags {
	return consensus.GetBlockScriptFlags(chaincfg.RegTest(), 201, chainhash.Hash{})
}
func (c *benchChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	return c.coins.LookupCoin(op)
}

type benchFixture struct {
	chain *benchChain
	txs   []*primitives.Tx
}

var (
	benchOnce sync.Once
	benchData benchFixture
)

// benchWorkload returns 50,000 transactions of the mix and their coins,
// built once per process.
func benchWorkload() benchFixture {
	benchOnce.Do(func() {
		dest := chaingen.NewP2WPKH(chaingen.NewKeyring([]byte("mining bench"), 1).Key(0))
		chain := &benchChain{coins: make(consensus.CoinMap)}
		var n uint64
		fund := func() benchCoin {
			n++
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], n)
			c := benchCoin{op: primitives.OutPoint{Hash: chainhash.DoubleSHA256(b[:])}, out: primitives.TxOut{Value: benchCoinValue, ScriptPubKey: dest.ScriptPubKey}}
			chain.coins[c.op] = primitives.Coin{Out: c.out, Height: 100}
			return c
		}
		benchData = benchFixture{chain: chain, txs: benchSpends(50_000, dest, fund)}
	})
	return benchData
}

func benchPool(chain *benchChain) *mempool.Pool {
	return mempool.New(mempool.Config{Params: chaincfg.RegTest(), Chain: chain, Now: func() time.Time { return time.Unix(1_700_200_000, 0) }})
}

// BenchmarkAcceptMix measures mempool acceptance of the mix (signatures
// verified, no signature cache), in transactions per second; the pool is
// emptied (untimed) each time the 50,000 transactions have gone in.
func BenchmarkAcceptMix(b *testing.B) {
	f := benchWorkload()
	pool := benchPool(f.chain)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i == len(f.txs) {
			b.StopTimer()
			pool, i = benchPool(f.chain), 0
			b.StartTimer()
		}
		if _, err := pool.AcceptTransaction(f.txs[i]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// BenchmarkNewBlockTemplate50k measures NewTemplate on a pool of the
// 50,000 transactions (about 7.3 MvB, so the block holds a fraction).
func BenchmarkNewBlockTemplate50k(b *testing.B) {
	f := benchWorkload()
	pool := benchPool(f.chain)
	for _, tx := range f.txs {
		if _, err := pool.AcceptTransaction(tx); err != nil {
			b.Fatal(err)
		}
	}
	g := New(Config{Params: chaincfg.RegTest(), Chain: fakeView{}, Source: pool, Now: func() time.Time { return time.Unix(1_700_200_000, 0) }})
	var txs int
	b.ReportAllocs()
	for b.Loop() {
		t, err := g.NewTemplate([]byte{0x51})
		if err != nil {
			b.Fatal(err)
		}
		txs = len(t.Block.Txs) - 1
	}
	b.ReportMetric(float64(txs), "txs/block")
}
