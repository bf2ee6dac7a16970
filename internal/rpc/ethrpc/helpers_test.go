package ethrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethminer"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/txpool"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// Contracts installed in the test genesis.
var (
	addrRet42   = ethtypes.Address{0xc0, 0x01}
	addrRevert  = ethtypes.Address{0xc0, 0x02}
	addrStore   = ethtypes.Address{0xc0, 0x03}
	addrRecurse = ethtypes.Address{0xc0, 0x04}
)

// revertNope is the ABI encoding of Error("nope").
var revertNope = mustHex("08c379a0" +
	"0000000000000000000000000000000000000000000000000000000000000020" +
	"0000000000000000000000000000000000000000000000000000000000000004" +
	"6e6f706500000000000000000000000000000000000000000000000000000000")

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

var (
	devGenOnce sync.Once
	devGen     *ethchain.Genesis
	devAccts   []ethchain.DevAccount
	devErr     error
)

// poolChain adapts a BlockChain to txpool.Chain.
type poolChain struct{ bc *ethchain.BlockChain }

func (p poolChain) CurrentHeader() *ethtypes.Header { return p.bc.CurrentHeader() }
func (p poolChain) GetBlock(hash ethtypes.Hash, number uint64) *ethtypes.Block {
	b, _ := p.bc.GetBlock(hash, number)
	return b
}
func (p poolChain) StateAt(root ethtypes.Hash) (txpool.StateReader, error) {
	sdb, err := p.bc.StateAt(root)
	if err != nil {
		return nil, err
	}
	return &stateReader{sdb: sdb}, nil
}

type stateReader struct {
	mu  sync.Mutex
	sdb *statedb.StateDB
}

func (s *stateReader) GetNonce(a ethtypes.Address) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sdb.GetNonce(a)
}

func (s *stateReader) GetBalance(a ethtypes.Address) *uint256.Int {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.sdb.GetBalance(a)
	return &b
}

type testEnv struct {
	bc    *ethchain.BlockChain
	pool  *txpool.Pool
	miner *ethminer.Miner
	svc   *Service
	keys  []*secp256k1.PrivateKey
	addrs []ethtypes.Address
}

// newEnv builds a dev chain (with the test contracts), a pool, a miner and
// a service with automine.
func newEnv(t testing.TB) *testEnv {
	t.Helper()
	return newEnvMiner(t, nil)
}

// newEnvMiner is newEnv with the miner's configuration adjusted by mod.
func newEnvMiner(t testing.TB, mod func(*ethminer.Config)) *testEnv {
	t.Helper()
	devGenOnce.Do(func() {
		devGen, devErr = ethchain.DevGenesis()
		if devErr == nil {
			devAccts, devErr = ethchain.DevAccounts(4)
		}
	})
	if devErr != nil {
		t.Fatal(devErr)
	}
	g := *devGen
	g.Alloc = make(map[ethtypes.Address]ethchain.GenesisAccount, len(devGen.Alloc)+4)
	for k, v := range devGen.Alloc {
		g.Alloc[k] = v
	}
	g.Alloc[addrRet42] = ethchain.GenesisAccount{Code: mustHex("602a60005260206000f3")}
	g.Alloc[addrRevert] = ethchain.GenesisAccount{Code: append(mustHex("6064600c60003960646000fd"), revertNope...)}
	g.Alloc[addrStore] = ethchain.GenesisAccount{Code: mustHex("600035600055" + "60aa60006000a1" + "00")}
	g.Alloc[addrRecurse] = ethchain.GenesisAccount{Code: mustHex("60006000600060006000305af100")}
	engine := ethconsensus.NewDev(ethconsensus.DevConfig{})
	bc, err := ethchain.NewBlockChain(memdb.New(), ethchain.Config{Genesis: &g, Engine: engine, NoAutoPrune: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bc.Stop() })
	cc := bc.Config()
	pool, err := txpool.New(txpool.Config{ChainConfig: cc, RejectBelowBaseFee: true,
		NextBaseFee: func(p *ethtypes.Header) uint256.Int { return ethchain.CalcBaseFee(cc, p) }}, poolChain{bc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	now := time.Unix(int64(bc.CurrentHeader().Time)+100, 0)
	mcfg := ethminer.Config{Etherbase: ethtypes.Address{0xcb}, Now: func() time.Time { return now }}
	if mod != nil {
		mod(&mcfg)
	}
	m, err := ethminer.New(mcfg, bc, pool, engine)
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{bc: bc, pool: pool, miner: m}
	accts := make([]Account, len(devAccts))
	for i, a := range devAccts {
		accts[i] = Account{Address: a.Address, PrivateKey: a.PrivateKey}
		env.keys = append(env.keys, secp256k1.PrivKeyFromBytes(a.PrivateKey[:]))
		env.addrs = append(env.addrs, a.Address)
	}
	svc, err := New(Config{Chain: bc, Pool: pool, Miner: m, Accounts: accts, Automine: true})
	if err != nil {
		t.Fatal(err)
	}
	env.svc = svc
	return env
}

// call invokes a method with params given as Go values and returns the
// result re-encoded as JSON.
func (e *testEnv) call(t testing.TB, method string, params ...any) (json.RawMessage, error) {
	t.Helper()
	raws := make([]json.RawMessage, len(params))
	for i, p := range params {
		if r, ok := p.(json.RawMessage); ok {
			raws[i] = r
			continue
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		raws[i] = b
	}
	res, err := e.svc.Call(context.Background(), method, raws...)
	if err != nil {
		return nil, err
	}
	b, merr := json.Marshal(res)
	if merr != nil {
		t.Fatal(merr)
	}
	return b, nil
}

// must is call that fails the test on an error.
func (e *testEnv) must(t testing.TB, method string, params ...any) json.RawMessage {
	t.Helper()
	r, err := e.call(t, method, params...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return r
}

// str decodes a JSON string result.
func str(t testing.TB, r json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(r, &s); err != nil {
		t.Fatalf("not a string: %s", r)
	}
	return s
}

// obj decodes a JSON object result.
func obj(t testing.TB, r json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r, &m); err != nil {
		t.Fatalf("not an object: %s", r)
	}
	return m
}

// rpcCode returns the JSON-RPC code of err (0 when it is no *jsonrpc.Error).
func rpcCode(err error) int {
	var e *jsonrpc.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// signedTx builds and signs a dynamic-fee transfer from key i.
func (e *testEnv) signedTx(t testing.TB, i int, nonce uint64, to ethtypes.Address, value uint64, gas uint64, data []byte) *ethtypes.Transaction {
	t.Helper()
	cc := e.bc.Config()
	tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: *uint256.NewInt(cc.ChainID), Nonce: nonce, GasTipCap: *uint256.NewInt(1e9),
		GasFeeCap: *uint256.NewInt(10e9), Gas: gas, To: &to, Value: *uint256.NewInt(value), Data: data,
	}), ethtypes.LatestSigner(cc.ChainID), e.keys[i])
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func rawHex(t testing.TB, tx *ethtypes.Transaction) string {
	t.Helper()
	b, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return hexBytes(b)
}
