package btcrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/testdata"
)

// poolChain adapts *blockchain.Chain to mempool.Chain for the tests.
type poolChain struct{ c *blockchain.Chain }

func (a poolChain) TipHeight() int32 { return a.c.BestHeight() }
func (a poolChain) MedianTimePast(height int32) int64 {
	h, err := a.c.BlockHashByHeight(height)
	if err != nil {
		return a.c.BestState().MedianTime.Unix()
	}
	info, err := a.c.BlockInfo(h)
	if err != nil {
		return a.c.BestState().MedianTime.Unix()
	}
	return info.MedianTime.Unix()
}
func (a poolChain) LookupCoin(op primitives.OutPoint) (primitives.Coin, bool) {
	c, ok, err := a.c.LookupCoin(op)
	return c, ok && err == nil
}
func (a poolChain) ScriptFlags() txscript.Flags {
	return consensus.GetBlockScriptFlags(a.c.Params(), a.c.BestHeight()+1, chainhash.Hash{})
}

// testEnv is a regtest chain in a temp dir served by a real jsonrpc.Server
// on 127.0.0.1:0 with the REST handler mounted.
type testEnv struct {
	chain    *blockchain.Chain
	pool     *mempool.Pool
	svc      *Service
	srv      *jsonrpc.Server
	client   *jsonrpc.Client
	base     string // http://127.0.0.1:port
	shutdown chan struct{}
}

type envOptions struct {
	txIndex bool
	now     time.Time
	mempool MempoolSource // overrides the real pool when set
	// blockCache is Config.BlockCacheEntries.
	blockCache int
	// net is Config.Net.
	net Net
}

// newTestEnv imports raw blocks (after the genesis block) and starts the
// server.
func newTestEnv(t testing.TB, blocks [][]byte, opt envOptions) *testEnv {
	t.Helper()
	params := chaincfg.RegTest()
	chain, err := blockchain.Open(blockchain.Options{Params: params, DataDir: t.TempDir(), DBCacheMiB: 16, TxIndex: opt.txIndex, ScriptWorkers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { chain.Close() })
	if err := chain.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, raw := range blocks {
		if err := chain.ProcessRawBlock(raw); err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
	}
	now := opt.now
	if now.IsZero() {
		now = time.Now()
	}
	pool := mempool.New(mempool.Config{Params: params, Chain: poolChain{chain}, Now: func() time.Time { return now }})
	env := &testEnv{chain: chain, pool: pool, shutdown: make(chan struct{}, 1)}
	var mp MempoolSource = pool
	if opt.mempool != nil {
		mp = opt.mempool
	}
	svc, err := New(Config{
		Params: params, Chain: chain, Control: chain, Scanner: chain, Mempool: mp, TxIndex: opt.txIndex,
		Shutdown:          func() { env.shutdown <- struct{}{} },
		LogPath:           "/tmp/debug.log",
		BlockCacheEntries: opt.blockCache,
		Net:               opt.net,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := jsonrpc.NewServer(jsonrpc.ServerConfig{
		Listen:        []string{"127.0.0.1:0"},
		Auth:          jsonrpc.Auth{User: "u", Password: "p"},
		AuthFailDelay: -1,
		Threads:       32,
		WorkQueue:     256,
		REST:          svc.RESTHandler(),
	})
	if err := svc.Register(srv); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	env.svc, env.srv = svc, srv
	env.base = "http://" + srv.Addrs()[0].String()
	env.client = &jsonrpc.Client{URL: env.base + "/", User: "u", Password: "p", Timeout: 30 * time.Second}
	return env
}

// call invokes method and returns the raw result, or the *jsonrpc.Error.
func (e *testEnv) call(t testing.TB, method string, params ...any) (json.RawMessage, *jsonrpc.Error) {
	t.Helper()
	if params == nil {
		params = []any{}
	}
	var res json.RawMessage
	err := e.client.Call(context.Background(), method, params, &res)
	if err != nil {
		var je *jsonrpc.Error
		if errors.As(err, &je) {
			return nil, je
		}
		t.Fatalf("%s: transport error: %v", method, err)
	}
	return res, nil
}

// mustCall is call that fails the test on an RPC error.
func (e *testEnv) mustCall(t testing.TB, method string, params ...any) json.RawMessage {
	t.Helper()
	res, rerr := e.call(t, method, params...)
	if rerr != nil {
		t.Fatalf("%s %v: %v", method, params, rerr)
	}
	return res
}

// blockstatsVectors is rpc_getblockstats.json.
type blockstatsVectors struct {
	Blocks   []string                     `json:"blocks"`
	Mocktime int64                        `json:"mocktime"`
	Stats    []map[string]json.RawMessage `json:"stats"`
}

func loadBlockstats(t testing.TB) (*blockstatsVectors, [][]byte) {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, "bitcoin-core", "rpc_getblockstats.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v blockstatsVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	raws := make([][]byte, 0, len(v.Blocks))
	for i, h := range v.Blocks {
		raw, err := hex.DecodeString(strings.TrimSpace(h))
		if err != nil {
			t.Fatalf("block %d: %v", i, err)
		}
		raws = append(raws, raw)
	}
	return &v, raws[1:] // the first is the genesis block
}

// statsEnv is a server over the getblockstats regtest chain.
func statsEnv(t testing.TB, txIndex bool) (*testEnv, *blockstatsVectors) {
	v, raws := loadBlockstats(t)
	return newTestEnv(t, raws, envOptions{txIndex: txIndex, now: time.Unix(v.Mocktime, 0)}), v
}

func wantCode(t *testing.T, rerr *jsonrpc.Error, code int, msg string) {
	t.Helper()
	if rerr == nil {
		t.Fatalf("no error, want %d %q", code, msg)
	}
	if rerr.Code != code || (msg != "" && rerr.Message != msg) {
		t.Fatalf("error %d %q, want %d %q", rerr.Code, rerr.Message, code, msg)
	}
}
