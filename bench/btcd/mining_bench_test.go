//go:build miningbench

package btcdbench

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"sync"
	"testing"
	"time"

	btcdaddr "github.com/btcsuite/btcd/address/v2"
	"github.com/btcsuite/btcd/blockchain"
	"github.com/btcsuite/btcd/btcutil/v2"
	btcdcfg "github.com/btcsuite/btcd/chaincfg/v2"
	btcdhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/database"
	_ "github.com/btcsuite/btcd/database/ffldb"
	"github.com/btcsuite/btcd/mempool"
	btcdmining "github.com/btcsuite/btcd/mining"
	btcdscript "github.com/btcsuite/btcd/txscript/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mining"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// The mining benchmarks of internal/btc/mining and internal/btc/mempool,
// run on btcd v0.26.2 with the same transactions: mempool acceptance
// (TxPool.ProcessTransaction, signatures verified, no signature cache)
// and block template creation (BlkTmplGenerator.NewBlockTemplate) on a
// pool of 50,000 transactions.

const benchCoinValue = 1_000_000

type benchCoin struct {
	op  primitives.OutPoint
	out primitives.TxOut
}

// benchSpends is internal/btc/mining's workload generator (bench_test.go):
// P2WPKH spends paying 2 to 59 sat/vB, 70% one input and two outputs, 20%
// two inputs and two outputs, 10% children of a recent one-input
// transaction. Given the same coins it yields the same transactions.
func benchSpends(n int, dest *chaingen.Destination, fund func() benchCoin) []*primitives.Tx {
	txs := make([]*primitives.Tx, 0, n)
	var parents []benchCoin
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

func toBtcdTx(tb testing.TB, tx *primitives.Tx) *btcutil.Tx {
	var m wire.MsgTx
	if err := m.Deserialize(bytes.NewReader(tx.Bytes())); err != nil {
		tb.Fatal(err)
	}
	return btcutil.NewTx(&m)
}

func wireOutPoint(op primitives.OutPoint) wire.OutPoint {
	return wire.OutPoint{Hash: btcdhash.Hash(op.Hash), Index: op.Index}
}

// memPool returns a btcd TxPool configured as btcd's server does, over an
// in-memory coin map at height 200 (as twinchain's benchmarks use), with
// no signature cache (twinchain's pool has none either).
func memPool(coins map[wire.OutPoint]*wire.TxOut) *mempool.TxPool {
	params := &btcdcfg.RegressionNetParams
	return mempool.New(&mempool.Config{
		Policy: mempool.Policy{
			MaxTxVersion:      2,
			FreeTxRelayLimit:  15,
			MaxOrphanTxs:      100,
			MaxOrphanTxSize:   100_000,
			MaxSigOpCostPerTx: blockchain.MaxBlockSigOpsCost / 4,
			MinRelayTxFee:     mempool.DefaultMinRelayTxFee,
		},
		ChainParams: params,
		FetchUtxoView: func(tx *btcutil.Tx) (*blockchain.UtxoViewpoint, error) {
			view := blockchain.NewUtxoViewpoint()
			for _, in := range tx.MsgTx().TxIn {
				if out, ok := coins[in.PreviousOutPoint]; ok {
					view.Entries()[in.PreviousOutPoint] = blockchain.NewUtxoEntry(out, 100, false)
				}
			}
			return view, nil
		},
		BestHeight:     func() int32 { return 200 },
		MedianTimePast: func() time.Time { return time.Unix(1_700_000_000+200*600, 0) },
		CalcSequenceLock: func(*btcutil.Tx, *blockchain.UtxoViewpoint) (*blockchain.SequenceLock, error) {
			return &blockchain.SequenceLock{Seconds: -1, BlockHeight: -1}, nil
		},
		IsDeploymentActive: func(uint32) (bool, error) { return true, nil },
		// btcd's server always has a hash cache (midstates of the
		// segwit sighashes); it is required.
		HashCache: btcdscript.NewHashCache(100_000),
	})
}

// BenchmarkAcceptP2WPKH mirrors internal/btc/mempool's benchmark: one-input,
// two-output P2WPKH spends of confirmed coins, the same keys and coins.
func BenchmarkAcceptP2WPKH(b *testing.B) {
	dest := chaingen.NewP2WPKH(chaingen.NewKeyring([]byte("mempool tests"), 3).Key(0))
	coins := make(map[wire.OutPoint]*wire.TxOut)
	txs := make([]*btcutil.Tx, b.N)
	for i := range txs {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(i+1))
		op := primitives.OutPoint{Hash: chainhash.DoubleSHA256(n[:])}
		prev := []primitives.TxOut{{Value: 1_000_000, ScriptPubKey: dest.ScriptPubKey}}
		coins[wireOutPoint(op)] = &wire.TxOut{Value: 1_000_000, PkScript: dest.ScriptPubKey}
		tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: op, Sequence: 0xfffffffd}},
			Outputs: []primitives.TxOut{{Value: 500_000, ScriptPubKey: dest.ScriptPubKey}, {Value: 490_000, ScriptPubKey: dest.ScriptPubKey}}}
		if err := dest.SignInput(tx, 0, prev, txscript.NewSigHashes(tx, prev), chaingen.SpendOptions{}); err != nil {
			b.Fatal(err)
		}
		txs[i] = toBtcdTx(b, tx)
	}
	pool := memPool(coins)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range txs {
		if _, err := pool.ProcessTransaction(txs[i], false, false, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

var (
	mixOnce  sync.Once
	mixCoins map[wire.OutPoint]*wire.TxOut
	mixTxs   []*primitives.Tx
)

// mixWorkload is internal/btc/mining's benchWorkload: the same 50,000
// transactions spending the same synthetic coins.
func mixWorkload() (map[wire.OutPoint]*wire.TxOut, []*primitives.Tx) {
	mixOnce.Do(func() {
		dest := chaingen.NewP2WPKH(chaingen.NewKeyring([]byte("mining bench"), 1).Key(0))
		mixCoins = make(map[wire.OutPoint]*wire.TxOut)
		var n uint64
		fund := func() benchCoin {
			n++
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], n)
			c := benchCoin{op: primitives.OutPoint{Hash: chainhash.DoubleSHA256(b[:])}, out: primitives.TxOut{Value: benchCoinValue, ScriptPubKey: dest.ScriptPubKey}}
			mixCoins[wireOutPoint(c.op)] = &wire.TxOut{Value: benchCoinValue, PkScript: dest.ScriptPubKey}
			return c
		}
		mixTxs = benchSpends(50_000, dest, fund)
	})
	return mixCoins, mixTxs
}

// BenchmarkAcceptMix mirrors internal/btc/mining's: the mix, the pool
// emptied (untimed) each time the 50,000 transactions have gone in.
func BenchmarkAcceptMix(b *testing.B) {
	coins, ptxs := mixWorkload()
	txs := make([]*btcutil.Tx, len(ptxs))
	for i, tx := range ptxs {
		txs[i] = toBtcdTx(b, tx)
	}
	pool := memPool(coins)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i == len(txs) {
			b.StopTimer()
			pool, i = memPool(coins), 0
			b.StartTimer()
		}
		if _, err := pool.ProcessTransaction(txs[i], false, false, 0); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// sliceChain is a mining.ChainView over blocks kept in memory, used to
// build the funding chain btcd imports.
type sliceChain struct {
	params  *chaincfg.Params
	headers []primitives.Header
}

func (c *sliceChain) Tip() (chainhash.Hash, int32, int64, error) {
	h := len(c.headers) - 1
	var ts []int64
	for i := h; i >= 0 && i > h-11; i-- {
		ts = append(ts, int64(c.headers[i].Timestamp))
	}
	for i := range ts { // insertion sort: at most 11
		for j := i; j > 0 && ts[j] < ts[j-1]; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	return c.headers[h].BlockHash(), int32(h), ts[len(ts)/2], nil
}
func (c *sliceChain) NextBits(int64) (uint32, error) { return c.params.PowLimitBits, nil }
func (c *sliceChain) ProcessBlock(blk *primitives.Block) error {
	c.headers = append(c.headers, blk.Header)
	return nil
}

// templateSetup builds a regtest chain (generated with package mining)
// whose UTXO set holds 0.01 BTC coins, imports it into btcd, fills btcd's
// mempool with the 50,000-transaction mix spending them, and returns the
// template generator configured as btcd's server does (shared signature
// and hash caches), with Core's block weight.
func templateSetup(b *testing.B) (*btcdmining.BlkTmplGenerator, btcdaddr.Address, int) {
	params := chaincfg.RegTest()
	dest := chaingen.NewP2WPKH(chaingen.NewKeyring([]byte("mining bench"), 1).Key(0))
	view := &sliceChain{params: params, headers: []primitives.Header{params.GenesisBlock.Header}}
	clock := time.Now().Add(-30 * time.Hour)
	gen := mining.New(mining.Config{Params: params, Chain: view, Now: func() time.Time { return clock }})
	var blocks []*primitives.Block
	mine := func(txs []*primitives.Tx) {
		clock = clock.Add(10 * time.Minute)
		var t *mining.Template
		var err error
		if txs == nil {
			t, err = gen.NewTemplate(dest.ScriptPubKey)
		} else {
			t, err = gen.NewTemplateWithTxs(dest.ScriptPubKey, txs)
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := t.SetExtraNonce(int64(len(blocks))); err != nil {
			b.Fatal(err)
		}
		blk, ok, _, _ := t.Solve(b.Context(), 0)
		if !ok {
			b.Fatal("no solution")
		}
		view.ProcessBlock(blk)
		blocks = append(blocks, blk)
	}
	const fanouts, perFanout = 12, 5000 // 60,000 coins
	for range 100 + fanouts {
		mine(nil)
	}
	var coins []benchCoin
	var pending []*primitives.Tx
	for f := range fanouts {
		cb := blocks[f].Txs[0]
		tx := &primitives.Tx{Version: 2, Inputs: []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: cb.TxHash()}, Sequence: 0xffffffff}}}
		for range perFanout {
			tx.Outputs = append(tx.Outputs, primitives.TxOut{Value: benchCoinValue, ScriptPubKey: dest.ScriptPubKey})
		}
		prev := []primitives.TxOut{cb.Outputs[0]}
		if err := dest.SignInput(tx, 0, prev, txscript.NewSigHashes(tx, prev), chaingen.SpendOptions{}); err != nil {
			b.Fatal(err)
		}
		h := tx.TxHash()
		for i := range perFanout {
			coins = append(coins, benchCoin{op: primitives.OutPoint{Hash: h, Index: uint32(i)}, out: tx.Outputs[i]})
		}
		pending = append(pending, tx)
		if len(pending) == 6 { // six fan-outs of 620,000 weight per block
			mine(pending)
			pending = nil
		}
	}

	btcdParams := &btcdcfg.RegressionNetParams
	db, err := database.Create("ffldb", filepath.Join(b.TempDir(), "db"), btcdParams.Net)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	sigCache := btcdscript.NewSigCache(100_000)
	hashCache := btcdscript.NewHashCache(100_000)
	timeSource := blockchain.NewMedianTime()
	chain, err := blockchain.New(&blockchain.Config{
		DB: db, ChainParams: btcdParams, TimeSource: timeSource, SigCache: sigCache, HashCache: hashCache,
		UtxoCacheMaxSize: 250 << 20,
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, blk := range blocks {
		var m wire.MsgBlock
		if err := m.Deserialize(bytes.NewReader(blk.Bytes())); err != nil {
			b.Fatal(err)
		}
		if _, _, err := chain.ProcessBlock(btcutil.NewBlock(&m), blockchain.BFNone); err != nil {
			b.Fatalf("btcd refused block: %v", err)
		}
	}
	pool := mempool.New(&mempool.Config{
		Policy: mempool.Policy{
			MaxTxVersion:      2,
			FreeTxRelayLimit:  15,
			MaxOrphanTxs:      100,
			MaxOrphanTxSize:   100_000,
			MaxSigOpCostPerTx: blockchain.MaxBlockSigOpsCost / 4,
			MinRelayTxFee:     mempool.DefaultMinRelayTxFee,
		},
		ChainParams:    btcdParams,
		FetchUtxoView:  chain.FetchUtxoView,
		BestHeight:     func() int32 { return chain.BestSnapshot().Height },
		MedianTimePast: func() time.Time { return chain.BestSnapshot().MedianTime },
		CalcSequenceLock: func(tx *btcutil.Tx, view *blockchain.UtxoViewpoint) (*blockchain.SequenceLock, error) {
			return chain.CalcSequenceLock(tx, view, true)
		},
		IsDeploymentActive: chain.IsDeploymentActive,
		SigCache:           sigCache,
		HashCache:          hashCache,
	})
	next := 0
	txs := benchSpends(50_000, dest, func() benchCoin { next++; return coins[next-1] })
	for _, tx := range txs {
		if _, err := pool.ProcessTransaction(toBtcdTx(b, tx), false, false, 0); err != nil {
			b.Fatalf("btcd mempool refused: %v", err)
		}
	}
	policy := btcdmining.Policy{
		BlockMaxWeight:    consensus.MaxBlockWeight - 4000,
		BlockMaxSize:      1_000_000,
		BlockPrioritySize: mempool.DefaultBlockPrioritySize,
		TxMinFreeFee:      mempool.DefaultMinRelayTxFee,
	}
	g := btcdmining.NewBlkTmplGenerator(&policy, btcdParams, pool, chain, timeSource, sigCache, hashCache)
	addr, err := btcdaddr.NewAddressWitnessPubKeyHash(dest.ScriptPubKey[2:], btcdParams)
	if err != nil {
		b.Fatal(err)
	}
	return g, addr, pool.Count()
}

// BenchmarkNewBlockTemplate50k mirrors internal/btc/mining's: a template
// from a pool of the 50,000-transaction mix. btcd's NewBlockTemplate also
// runs CheckConnectBlockTemplate (a full validation of the block, its
// scripts mostly hits of the signature cache the mempool filled), which
// twinchain's NewTemplate does not do.
func BenchmarkNewBlockTemplate50k(b *testing.B) {
	g, addr, n := templateSetup(b)
	if n != 50_000 {
		b.Fatalf("pool holds %d", n)
	}
	var txs int
	b.ReportAllocs()
	for b.Loop() {
		t, err := g.NewBlockTemplate(addr)
		if err != nil {
			b.Fatal(err)
		}
		txs = len(t.Block.Transactions) - 1
	}
	b.ReportMetric(float64(txs), "txs/block")
}
