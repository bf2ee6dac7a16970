package ethsync

import (
	"context"
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
	"github.com/twinchain/twinchain/internal/eth/txpool"
	"github.com/twinchain/twinchain/internal/kv/memdb"
)

var testKey = secp256k1.PrivKeyFromBytes([]byte{1: 0x42, 31: 0x07})

// testGenesis is a dev-network genesis funding testKey's account.
func testGenesis() *ethchain.Genesis {
	bal := uint256.NewInt(1e18)
	bal.Mul(bal, uint256.NewInt(1000))
	return &ethchain.Genesis{
		Config:     ethchain.DevChainConfig(),
		GasLimit:   30_000_000,
		Difficulty: uint256.NewInt(1),
		BaseFee:    uint256.NewInt(1e9),
		Alloc: map[ethtypes.Address]ethchain.GenesisAccount{
			ethtypes.PubkeyToAddress(testKey.PubKey()): {Balance: *bal},
		},
	}
}

// minerPool hands the miner the transactions of the next block.
type minerPool struct {
	mu  sync.Mutex
	txs []*ethtypes.Transaction
}

func (p *minerPool) Pending(txpool.PendingFilter) map[ethtypes.Address][]*ethtypes.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.txs) == 0 {
		return nil
	}
	out := map[ethtypes.Address][]*ethtypes.Transaction{ethtypes.PubkeyToAddress(testKey.PubKey()): p.txs}
	p.txs = nil
	return out
}
func (p *minerPool) SubscribeNewTxs(func([]*ethtypes.Transaction)) func() { return func() {} }
func (p *minerPool) Reset(_, _ *ethtypes.Header) error                    { return nil }

// testChain is a chain on a memory database with a dev-engine miner.
type testChain struct {
	bc    *ethchain.BlockChain
	miner *ethminer.Miner
	pool  *minerPool
}

func newTestChain(t testing.TB, etherbase byte) *testChain {
	t.Helper()
	engine := ethconsensus.NewDev(ethconsensus.DevConfig{BlockReward: uint256.NewInt(2e18)})
	bc, err := ethchain.NewBlockChain(memdb.New(), ethchain.Config{Genesis: testGenesis(), Engine: engine, NoAutoPrune: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bc.Stop() })
	pool := &minerPool{}
	m, err := ethminer.New(ethminer.Config{Etherbase: ethtypes.Address{etherbase}}, bc, pool, engine)
	if err != nil {
		t.Fatal(err)
	}
	return &testChain{bc: bc, miner: m, pool: pool}
}

// transferTx returns a signed transfer from testKey with nonce.
func transferTx(t testing.TB, nonce uint64, to byte) *ethtypes.Transaction {
	t.Helper()
	addr := ethtypes.Address{0xee, to}
	tx, err := ethtypes.SignTx(ethtypes.NewTx(&ethtypes.DynamicFeeTx{
		ChainID: *uint256.NewInt(ethchain.DevChainID), Nonce: nonce, GasTipCap: *uint256.NewInt(1e9),
		GasFeeCap: *uint256.NewInt(1e10), Gas: 21000, To: &addr, Value: *uint256.NewInt(1),
	}), ethtypes.LatestSigner(ethchain.DevChainID), testKey)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// mine mines n blocks, each with one transfer when withTx.
func (c *testChain) mine(t testing.TB, n int, withTx bool) {
	t.Helper()
	for range n {
		if withTx {
			st, err := c.bc.State()
			if err != nil {
				t.Fatal(err)
			}
			nonce := st.GetNonce(ethtypes.PubkeyToAddress(testKey.PubKey()))
			c.pool.mu.Lock()
			c.pool.txs = []*ethtypes.Transaction{transferTx(t, nonce, byte(nonce))}
			c.pool.mu.Unlock()
		}
		b, _, err := c.miner.MineBlock(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if withTx && len(b.Txs) != 1 {
			t.Fatalf("block %d has %d txs", b.Number(), len(b.Txs))
		}
	}
}

// copyTo inserts this chain's canonical blocks 1..n into dst.
func (c *testChain) copyTo(t testing.TB, dst *testChain, n uint64) {
	t.Helper()
	var blocks []*ethtypes.Block
	for i := uint64(1); i <= n; i++ {
		b, ok := c.bc.GetBlockByNumber(i)
		if !ok {
			t.Fatalf("no block %d", i)
		}
		blocks = append(blocks, b)
	}
	if _, err := dst.bc.InsertChain(blocks); err != nil {
		t.Fatal(err)
	}
}

// fakePeer serves a chain in memory and records what it is sent.
type fakePeer struct {
	id    string
	chain *ethchain.BlockChain
	delay time.Duration // per body request

	mu          sync.Mutex
	head        ethtypes.Hash
	td          uint256.Int
	headSet     bool
	known       map[ethtypes.Hash]bool
	knownTx     map[ethtypes.Hash]bool
	score       int
	reasons     []string
	newBlocks   []ethtypes.Hash
	blockAnns   []ethtypes.Hash
	sentTxs     []ethtypes.Hash
	annTxs      []ethtypes.Hash
	bodyReqs    int
	txs         map[ethtypes.Hash]*ethtypes.Transaction // served by RequestPooledTransactions
	stallBodies bool
	badBodies   bool
	breakAt     uint64 // when non-zero, the header with this number is tampered
	penalised   chan struct{}
}

func newFakePeer(id string, chain *ethchain.BlockChain) *fakePeer {
	return &fakePeer{id: id, chain: chain, known: map[ethtypes.Hash]bool{}, knownTx: map[ethtypes.Hash]bool{},
		txs: map[ethtypes.Hash]*ethtypes.Transaction{}, penalised: make(chan struct{}, 1)}
}

func (p *fakePeer) ID() string { return p.id }

func (p *fakePeer) Head() (ethtypes.Hash, uint256.Int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.headSet {
		return p.head, p.td
	}
	return p.chain.CurrentHeader().Hash(), p.chain.CurrentTd()
}

func (p *fakePeer) setHead(hash ethtypes.Hash, td uint256.Int) {
	p.mu.Lock()
	p.head, p.td, p.headSet = hash, td, true
	p.mu.Unlock()
}

func (p *fakePeer) header(num uint64) (*ethtypes.Header, bool) {
	b, ok := p.chain.GetBlockByNumber(num)
	if !ok {
		return nil, false
	}
	h := b.Header
	p.mu.Lock()
	brk := p.breakAt
	p.mu.Unlock()
	if brk != 0 && num == brk {
		c := *h
		c.Extra = []byte("tampered")
		h = &c
	}
	return h, true
}

func (p *fakePeer) RequestHeadersByNumber(ctx context.Context, origin, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error) {
	var out []*ethtypes.Header
	for i := uint64(0); i < amount; i++ {
		n := origin + i*(skip+1)
		if reverse {
			if i*(skip+1) > origin {
				break
			}
			n = origin - i*(skip+1)
		}
		h, ok := p.header(n)
		if !ok {
			break
		}
		out = append(out, h)
	}
	return out, ctx.Err()
}

func (p *fakePeer) RequestHeadersByHash(ctx context.Context, origin ethtypes.Hash, amount, skip uint64, reverse bool) ([]*ethtypes.Header, error) {
	h, ok := p.chain.GetHeaderByHash(origin)
	if !ok {
		return nil, ctx.Err()
	}
	if amount == 1 {
		return []*ethtypes.Header{h}, ctx.Err()
	}
	return p.RequestHeadersByNumber(ctx, h.Number, amount, skip, reverse)
}

func (p *fakePeer) RequestBodies(ctx context.Context, hashes []ethtypes.Hash) ([]*ethtypes.Body, error) {
	p.mu.Lock()
	p.bodyReqs++
	stall, bad, delay := p.stallBodies, p.badBodies, p.delay
	p.mu.Unlock()
	if stall {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	var out []*ethtypes.Body
	for _, h := range hashes {
		b, ok := p.chain.GetBlockByHash(h)
		if !ok {
			break
		}
		bd := b.Body()
		if bad && len(bd.Transactions) > 0 {
			bd = &ethtypes.Body{Uncles: bd.Uncles, Withdrawals: bd.Withdrawals}
		}
		out = append(out, bd)
	}
	return out, nil
}

func (p *fakePeer) RequestPooledTransactions(ctx context.Context, hashes []ethtypes.Hash) (ethtypes.Transactions, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out ethtypes.Transactions
	for _, h := range hashes {
		if tx := p.txs[h]; tx != nil {
			out = append(out, tx)
		}
	}
	return out, ctx.Err()
}

func (p *fakePeer) SendNewBlock(b *ethtypes.Block, td uint256.Int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known[b.Hash()] = true
	p.newBlocks = append(p.newBlocks, b.Hash())
	return nil
}

func (p *fakePeer) SendNewBlockHashes(hashes []ethtypes.Hash, numbers []uint64) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, h := range hashes {
		p.known[h] = true
	}
	p.blockAnns = append(p.blockAnns, hashes...)
	return nil
}

func (p *fakePeer) SendTransactions(txs ethtypes.Transactions) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, tx := range txs {
		p.knownTx[tx.Hash()] = true
		p.sentTxs = append(p.sentTxs, tx.Hash())
	}
	return nil
}

func (p *fakePeer) SendPooledTransactionHashes(types []byte, sizes []uint32, hashes []ethtypes.Hash) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, h := range hashes {
		p.knownTx[h] = true
	}
	p.annTxs = append(p.annTxs, hashes...)
	return nil
}

func (p *fakePeer) KnowsBlock(hash ethtypes.Hash) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known[hash]
}

func (p *fakePeer) KnowsTx(hash ethtypes.Hash) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.knownTx[hash]
}

func (p *fakePeer) Misbehaving(score int, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.score += score
	p.reasons = append(p.reasons, reason)
	select {
	case p.penalised <- struct{}{}:
	default:
	}
}

func (p *fakePeer) Disconnect(reason string) { p.Misbehaving(0, "disconnect: "+reason) }

func (p *fakePeer) penalty() (int, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.score, append([]string(nil), p.reasons...)
}

// fakePool is a transaction pool for the propagation tests.
type fakePool struct {
	mu  sync.Mutex
	txs map[ethtypes.Hash]*ethtypes.Transaction
	add chan struct{}
}

func newFakePool() *fakePool {
	return &fakePool{txs: map[ethtypes.Hash]*ethtypes.Transaction{}, add: make(chan struct{}, 16)}
}

func (p *fakePool) Has(hash ethtypes.Hash) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.txs[hash] != nil
}

func (p *fakePool) Add(txs []*ethtypes.Transaction, local bool) []error {
	p.mu.Lock()
	errs := make([]error, len(txs))
	for i, tx := range txs {
		if p.txs[tx.Hash()] != nil {
			errs[i] = errors.New("already known")
			continue
		}
		p.txs[tx.Hash()] = tx
	}
	p.mu.Unlock()
	select {
	case p.add <- struct{}{}:
	default:
	}
	return errs
}

// syncResult is one OnSynced call.
type syncResult struct {
	inserted int
	peers    map[string]int
}

// startSyncer starts a syncer on chain with cfg (Chain and OnSynced
// filled) and returns it with the channel of its sync results.
func startSyncer(t testing.TB, chain *ethchain.BlockChain, cfg Config, peers ...Peer) (*Syncer, chan syncResult) {
	t.Helper()
	res := make(chan syncResult, 16)
	cfg.Chain = chain
	cfg.OnSynced = func(n int, p map[string]int) {
		cp := make(map[string]int, len(p))
		for k, v := range p {
			cp[k] = v
		}
		res <- syncResult{n, cp}
	}
	s := New(cfg)
	for _, p := range peers {
		s.AddPeer(p)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	return s, res
}

// waitHead waits (at most 20 s, a failure guard) until chain's head is
// want, woken by the chain's events.
func waitHead(t testing.TB, chain *ethchain.BlockChain, want ethtypes.Hash) {
	t.Helper()
	ch := make(chan struct{}, 1)
	unsub := chain.SubscribeChainEvents(func(ethchain.ChainEvent) {
		select {
		case ch <- struct{}{}:
		default:
		}
	})
	defer unsub()
	guard := time.NewTimer(20 * time.Second)
	defer guard.Stop()
	for chain.CurrentHeader().Hash() != want {
		select {
		case <-ch:
		case <-guard.C:
			t.Fatalf("head %d %s, want %s", chain.CurrentHeader().Number, chain.CurrentHeader().Hash(), want)
		}
	}
}
