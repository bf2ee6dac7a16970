package ethminer

import (
	"encoding/binary"
	"sync"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/evm"
	"github.com/twinchain/twinchain/internal/eth/statedb"
	"github.com/twinchain/twinchain/internal/eth/txpool"
)

const (
	testChainID = 1337
	gwei        = 1_000_000_000
	ether       = 1_000_000_000_000_000_000
)

var (
	testSigner = ethtypes.LatestSigner(testChainID)
	recipient  = ethtypes.Address{0xaa}
	coinbase   = ethtypes.Address{0xcb}
)

// testChain adapts ethchain's in-memory Chain to the miner's Chain and
// the pool's Chain, with a mutex (ethchain.Chain is single-threaded).
type testChain struct {
	mu  sync.Mutex
	cfg *ethparams.ChainConfig
	db  *statedb.MemoryDatabase
	c   *ethchain.Chain
}

func (t *testChain) Config() *ethparams.ChainConfig { return t.cfg }

func (t *testChain) CurrentHeader() *ethtypes.Header {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c.Head().Header
}

func (t *testChain) GetHeader(hash ethtypes.Hash, number uint64) (*ethtypes.Header, bool) {
	b, ok := t.GetBlock(hash, number)
	if !ok {
		return nil, false
	}
	return b.Header, true
}

func (t *testChain) GetBlock(hash ethtypes.Hash, number uint64) (*ethtypes.Block, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.c.Block(hash)
	if !ok || b.Number() != number {
		return nil, false
	}
	return b, true
}

func (t *testChain) StateAt(root ethtypes.Hash) (*statedb.StateDB, error) {
	return statedb.New(root, t.db)
}

func (t *testChain) InsertBlock(b *ethtypes.Block) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.c.InsertBlock(b)
}

func (t *testChain) receipts(hash ethtypes.Hash) ethtypes.Receipts {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, _ := t.c.Receipts(hash)
	return r
}

func (t *testChain) balance(t2 testing.TB, addr ethtypes.Address) uint256.Int {
	t2.Helper()
	sdb, err := statedb.New(t.CurrentHeader().Root, t.db)
	if err != nil {
		t2.Fatal(err)
	}
	return sdb.GetBalance(addr)
}

// poolChain adapts testChain to txpool.Chain.
type poolChain struct{ c *testChain }

func (p poolChain) CurrentHeader() *ethtypes.Header { return p.c.CurrentHeader() }
func (p poolChain) GetBlock(hash ethtypes.Hash, number uint64) *ethtypes.Block {
	b, _ := p.c.GetBlock(hash, number)
	return b
}
func (p poolChain) StateAt(root ethtypes.Hash) (txpool.StateReader, error) {
	sdb, err := statedb.New(root, p.c.db)
	if err != nil {
		return nil, err
	}
	return &stateReader{sdb: sdb}, nil
}

// stateReader adapts a StateDB to txpool.StateReader (serialised: a
// StateDB is not safe for concurrent reads).
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

// key returns the deterministic private key number i and its address.
func key(i int) (*secp256k1.PrivateKey, ethtypes.Address) {
	var b [32]byte
	binary.BigEndian.PutUint64(b[24:], uint64(i)+1)
	b[0] = 0x42
	priv := secp256k1.PrivKeyFromBytes(b[:])
	return priv, ethtypes.PubkeyToAddress(priv.PubKey())
}

// dynTx returns a signed EIP-1559 transfer of 1 wei with 21000 gas.
func dynTx(t testing.TB, k *secp256k1.PrivateKey, nonce uint64, tip, feeCap uint64) *ethtypes.Transaction {
	t.Helper()
	return signTx(t, k, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Nonce: nonce,
		GasTipCap: *uint256.NewInt(tip), GasFeeCap: *uint256.NewInt(feeCap), Gas: 21000, To: &recipient,
		Value: *uint256.NewInt(1)})
}

func signTx(t testing.TB, k *secp256k1.PrivateKey, d ethtypes.TxData) *ethtypes.Transaction {
	t.Helper()
	tx, err := ethtypes.SignTx(ethtypes.NewTx(d), testSigner, k)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// env is a chain, a pool and a miner for tests.
type testEnv struct {
	chain *testChain
	pool  *txpool.Pool
	miner *Miner
	now   time.Time
}

// setup builds a chain on fork (a name of ethparams.ForkConfig) whose
// genesis funds the first nFunded keys with 1000 ether each, a pool and a
// miner with engine (nil: the dev engine paying 2 ether, which is what
// ethchain.Process credits before the merge).
func setup(t testing.TB, fork string, nFunded int, gasLimit uint64, engine ethconsensus.Engine, cfg Config) *testEnv {
	t.Helper()
	return setupAlloc(t, fork, nFunded, gasLimit, engine, cfg, nil)
}

// setupAlloc is setup with alloc, when non-nil, adding to the genesis
// state.
func setupAlloc(t testing.TB, fork string, nFunded int, gasLimit uint64, engine ethconsensus.Engine, cfg Config, alloc func(*statedb.StateDB)) *testEnv {
	t.Helper()
	cc, err := ethparams.ForkConfig(fork)
	if err != nil {
		t.Fatal(err)
	}
	cc.ChainID = testChainID
	db := statedb.NewMemoryDatabase()
	sdb, err := statedb.New(ethtypes.EmptyRootHash, db)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < nFunded; i++ {
		_, a := key(i)
		bal := new(uint256.Int).Mul(uint256.NewInt(1000), uint256.NewInt(ether))
		sdb.SetBalance(a, bal)
	}
	if alloc != nil {
		alloc(sdb)
	}
	root, err := sdb.Commit(true)
	if err != nil {
		t.Fatal(err)
	}
	g := &ethtypes.Header{
		UncleHash: ethtypes.EmptyUncleHash, Root: root, TxHash: ethtypes.EmptyRootHash,
		ReceiptHash: ethtypes.EmptyRootHash, GasLimit: gasLimit, Time: 1_700_000_000,
	}
	pos := isPoS(cc)
	if !pos {
		g.Difficulty.SetUint64(ethconsensus.MinimumDifficulty)
	}
	if cc.IsLondon(0) {
		bf := uint256.NewInt(gwei)
		g.BaseFee = bf
	}
	var ws ethtypes.Withdrawals
	if cc.IsShanghai(0, 0) {
		r := ethtypes.EmptyRootHash
		g.WithdrawalsHash = &r
		ws = ethtypes.Withdrawals{}
	}
	if cc.IsCancun(0, 0) {
		var z uint64
		var zh ethtypes.Hash
		g.BlobGasUsed, g.ExcessBlobGas, g.ParentBeaconRoot = &z, new(uint64), &zh
	}
	gen := ethtypes.NewBlock(g, nil, nil, ws)
	ec, err := ethchain.NewChain(cc, gen, db, evm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tc := &testChain{cfg: cc, db: db, c: ec}
	pool, err := txpool.New(txpool.Config{ChainConfig: cc, NoLocals: true,
		NextBaseFee: func(p *ethtypes.Header) uint256.Int { return ethchain.CalcBaseFee(cc, p) }}, poolChain{tc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	if engine == nil {
		engine = ethconsensus.NewDev(ethconsensus.DevConfig{BlockReward: uint256.NewInt(2 * ether)})
	}
	te := &testEnv{chain: tc, pool: pool, now: time.Unix(1_700_000_100, 0)}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return te.now }
	}
	if cfg.Etherbase == (ethtypes.Address{}) {
		cfg.Etherbase = coinbase
	}
	m, err := New(cfg, tc, pool, engine)
	if err != nil {
		t.Fatal(err)
	}
	te.miner = m
	return te
}

// add adds transactions to the pool as remote ones and fails on a rejection.
func (e *testEnv) add(t testing.TB, txs ...*ethtypes.Transaction) {
	t.Helper()
	for i, err := range e.pool.Add(txs, false) {
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
	}
}
