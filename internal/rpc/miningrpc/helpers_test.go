package miningrpc

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/chaingen"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/fees"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
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

type env struct {
	t      testing.TB
	params *chaincfg.Params
	chain  *blockchain.Chain
	pool   *mempool.Pool
	est    *fees.Estimator
	svc    *Service
	client *jsonrpc.Client
	dest   *chaingen.Destination
	addr   string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	params := chaincfg.RegTest()
	c, err := blockchain.Open(blockchain.Options{Params: params, DataDir: t.TempDir(), DBCacheMiB: 16, ScriptWorkers: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	pool := mempool.New(mempool.Config{Params: params, Chain: poolChain{c}})
	est := fees.New()
	c.Subscribe(func(n blockchain.Notification) {
		if n.Type == blockchain.NTBlockConnected {
			est.BlockConnected(n.Height, n.Block.TxHashes())
			pool.RemoveForBlock(n.Block)
		}
	})
	svc, err := New(Config{Chain: c, Mempool: pool, Fees: est})
	if err != nil {
		t.Fatal(err)
	}
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{Listen: []string{"127.0.0.1:0"}, Auth: jsonrpc.Auth{User: "u", Password: "p"}})
	if err := svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	dest := chaingen.NewP2WPKH(chaingen.NewKeyring([]byte("miningrpc"), 1).Key(0))
	a, err := dest.Address(params)
	if err != nil {
		t.Fatal(err)
	}
	return &env{
		t: t, params: params, chain: c, pool: pool, est: est, svc: svc, dest: dest, addr: a.String(),
		client: &jsonrpc.Client{URL: "http://" + srv.Addrs()[0].String() + "/", User: "u", Password: "p", Timeout: time.Minute},
	}
}

// call invokes method and decodes the result into out (may be nil).
func (e *env) call(method string, out any, params ...any) {
	e.t.Helper()
	if params == nil {
		params = []any{}
	}
	if err := e.client.Call(context.Background(), method, params, out); err != nil {
		e.t.Fatalf("%s: %v", method, err)
	}
}

// callErr invokes method and returns its RPC error (failing when there is
// none).
func (e *env) callErr(method string, params ...any) *jsonrpc.Error {
	e.t.Helper()
	if params == nil {
		params = []any{}
	}
	err := e.client.Call(context.Background(), method, params, nil)
	var je *jsonrpc.Error
	if !errors.As(err, &je) {
		e.t.Fatalf("%s: want an RPC error, got %v", method, err)
	}
	return je
}

func (e *env) raw(method string, params ...any) json.RawMessage {
	e.t.Helper()
	var r json.RawMessage
	e.call(method, &r, params...)
	return r
}

// spendCoinbase signs a transaction spending the coinbase of the block at
// height to the env's destination, paying fee.
func (e *env) spendCoinbase(height int32, fee int64) *primitives.Tx {
	e.t.Helper()
	blk, err := e.chain.BlockByHeight(height)
	if err != nil {
		e.t.Fatal(err)
	}
	cb := blk.Txs[0]
	prev := []primitives.TxOut{cb.Outputs[0]}
	tx := &primitives.Tx{Version: 2,
		Inputs:  []primitives.TxIn{{PrevOut: primitives.OutPoint{Hash: cb.TxHash()}, Sequence: 0xfffffffd}},
		Outputs: []primitives.TxOut{{Value: prev[0].Value - fee, ScriptPubKey: e.dest.ScriptPubKey}}}
	if err := e.dest.SignInput(tx, 0, prev, txscript.NewSigHashes(tx, prev), chaingen.SpendOptions{}); err != nil {
		e.t.Fatal(err)
	}
	return tx
}

func wantErr(t *testing.T, got *jsonrpc.Error, code int, msg string) {
	t.Helper()
	if got.Code != code || got.Message != msg {
		t.Fatalf("got error %d %q, want %d %q", got.Code, got.Message, code, msg)
	}
}
