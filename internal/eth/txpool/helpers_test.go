package txpool

import (
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

const testChainID = 1337

// testState is a StateReader over maps.
type testState struct {
	nonces   map[ethtypes.Address]uint64
	balances map[ethtypes.Address]*uint256.Int
}

func newTestState() *testState {
	return &testState{nonces: map[ethtypes.Address]uint64{}, balances: map[ethtypes.Address]*uint256.Int{}}
}

func (s *testState) GetNonce(a ethtypes.Address) uint64 { return s.nonces[a] }
func (s *testState) GetBalance(a ethtypes.Address) *uint256.Int {
	if b := s.balances[a]; b != nil {
		return b
	}
	return new(uint256.Int)
}

func (s *testState) copy() *testState {
	c := newTestState()
	for k, v := range s.nonces {
		c.nonces[k] = v
	}
	for k, v := range s.balances {
		c.balances[k] = new(uint256.Int).Set(v)
	}
	return c
}

// testChain is a Chain of blocks built by the test; each block's Root is
// its own unique value mapping to a testState.
type testChain struct {
	mu     sync.Mutex
	head   *ethtypes.Header
	blocks map[ethtypes.Hash]*ethtypes.Block
	states map[ethtypes.Hash]*testState
	roots  uint64
}

func newTestChain(st *testState) *testChain {
	c := &testChain{blocks: map[ethtypes.Hash]*ethtypes.Block{}, states: map[ethtypes.Hash]*testState{}}
	bf := uint256.NewInt(1_000_000_000)
	h := &ethtypes.Header{Number: 0, GasLimit: 30_000_000, GasUsed: 15_000_000, BaseFee: bf, Root: c.newRoot(st)}
	c.addBlock(ethtypes.NewBlock(h, nil, nil, nil))
	c.head = h
	return c
}

func (c *testChain) newRoot(st *testState) ethtypes.Hash {
	c.roots++
	var r ethtypes.Hash
	binary.BigEndian.PutUint64(r[24:], c.roots)
	c.states[r] = st
	return r
}

func (c *testChain) addBlock(b *ethtypes.Block) { c.blocks[b.Hash()] = b }

// extend builds a child of parent holding txs with state st and makes it
// the head; it returns the new header.
func (c *testChain) extend(parent *ethtypes.Header, txs []*ethtypes.Transaction, st *testState, extra byte) *ethtypes.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := &ethtypes.Header{ParentHash: parent.Hash(), Number: parent.Number + 1, GasLimit: parent.GasLimit,
		GasUsed: parent.GasLimit / 2, BaseFee: parent.BaseFee, Time: parent.Time + 12, Root: c.newRoot(st), Extra: []byte{extra}}
	c.addBlock(ethtypes.NewBlock(h, txs, nil, nil))
	c.head = h
	return h
}

func (c *testChain) CurrentHeader() *ethtypes.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.head
}

func (c *testChain) GetBlock(hash ethtypes.Hash, number uint64) *ethtypes.Block {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b := c.blocks[hash]; b != nil && b.Number() == number {
		return b
	}
	return nil
}

func (c *testChain) StateAt(root ethtypes.Hash) (StateReader, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.states[root]; s != nil {
		return s, nil
	}
	return nil, fmt.Errorf("no state %x", root)
}

// testClock is a settable clock.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// key returns the deterministic private key number i and its address.
func key(i int) (*secp256k1.PrivateKey, ethtypes.Address) {
	var b [32]byte
	binary.BigEndian.PutUint64(b[24:], uint64(i)+1)
	b[0] = 0x42
	priv := secp256k1.PrivKeyFromBytes(b[:])
	return priv, ethtypes.PubkeyToAddress(priv.PubKey())
}

var (
	testSigner = ethtypes.LatestSigner(testChainID)
	recipient  = ethtypes.Address{0xaa}
)

// dynTx returns a signed EIP-1559 transfer of 1 wei with 21000 gas.
func dynTx(t testing.TB, k *secp256k1.PrivateKey, nonce uint64, tip, feeCap uint64) *ethtypes.Transaction {
	t.Helper()
	return signTx(t, k, &ethtypes.DynamicFeeTx{ChainID: *uint256.NewInt(testChainID), Nonce: nonce,
		GasTipCap: *uint256.NewInt(tip), GasFeeCap: *uint256.NewInt(feeCap), Gas: 21000, To: &recipient,
		Value: *uint256.NewInt(1)})
}

// legacyTx returns a signed EIP-155 legacy transfer of 1 wei.
func legacyTx(t testing.TB, k *secp256k1.PrivateKey, nonce uint64, price uint64) *ethtypes.Transaction {
	t.Helper()
	return signTx(t, k, &ethtypes.LegacyTx{Nonce: nonce, GasPrice: *uint256.NewInt(price), Gas: 21000, To: &recipient,
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

const gwei = 1_000_000_000

// fund gives each of the first n test keys 1000 ether.
func fund(st *testState, n int) {
	for i := 0; i < n; i++ {
		_, a := key(i)
		b, _ := uint256.FromDecimal("1000000000000000000000")
		st.balances[a] = b
	}
}

func londonConfig(t testing.TB) *ethparams.ChainConfig {
	t.Helper()
	c, err := ethparams.ForkConfig("London")
	if err != nil {
		t.Fatal(err)
	}
	c.ChainID = testChainID
	return c
}

// newTestPool returns a pool over a fresh chain whose first nFunded keys
// are funded, with cfg's zero fields defaulted.
func newTestPool(t testing.TB, cfg Config, nFunded int) (*Pool, *testChain, *testState) {
	t.Helper()
	st := newTestState()
	fund(st, nFunded)
	chain := newTestChain(st)
	if cfg.ChainConfig == nil {
		cfg.ChainConfig = londonConfig(t)
	}
	p, err := New(cfg, chain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p, chain, st
}

// checkInvariants verifies the pool's internal bookkeeping.
func checkInvariants(t testing.TB, p *Pool) {
	t.Helper()
	p.mu.RLock()
	defer p.mu.RUnlock()
	pend, queued, slots := 0, 0, 0
	seen := map[ethtypes.Hash]bool{}
	for from, l := range p.pending {
		if len(l.txs) == 0 {
			t.Fatalf("empty pending list for %s", from)
		}
		next := p.state.GetNonce(from)
		for _, tx := range l.txs {
			if tx.Nonce() != next {
				t.Fatalf("pending of %s not contiguous: nonce %d, want %d", from, tx.Nonce(), next)
			}
			next++
			seen[tx.Hash()] = true
		}
		pend += len(l.txs)
	}
	for _, lists := range []map[ethtypes.Address]*txList{p.pending, p.queue} {
		for from, l := range lists {
			var sum uint256.Int
			for _, tx := range l.txs {
				c, _ := txCost(tx)
				sum.Add(&sum, &c)
			}
			if !sum.Eq(&l.cost) {
				t.Fatalf("cost of %s's list %s, want %s", from, l.cost.Dec(), sum.Dec())
			}
		}
	}
	for from, l := range p.queue {
		if len(l.txs) == 0 {
			t.Fatalf("empty queue for %s", from)
		}
		for i, tx := range l.txs {
			if i > 0 && l.txs[i-1].Nonce() >= tx.Nonce() {
				t.Fatalf("queue of %s not sorted", from)
			}
			if seen[tx.Hash()] {
				t.Fatalf("tx both pending and queued")
			}
			seen[tx.Hash()] = true
		}
		if pl := p.pending[from]; pl != nil && l.txs[0].Nonce() == pl.txs[len(pl.txs)-1].Nonce()+1 {
			t.Fatalf("queue of %s should have been promoted", from)
		}
		queued += len(l.txs)
	}
	for h, m := range p.all {
		if !seen[h] {
			t.Fatalf("tx %s in lookup but in no list", h)
		}
		slots += m.slots
		inHeap := m.index >= 0
		if inHeap == p.isLocal(m.sender) {
			t.Fatalf("tx %s heap membership %v, local %v", h, inHeap, p.isLocal(m.sender))
		}
	}
	if len(seen) != len(p.all) {
		t.Fatalf("%d txs in lists, %d in lookup", len(seen), len(p.all))
	}
	if pend != p.pendingCount || queued != p.queuedCount || slots != p.slots {
		t.Fatalf("counts: pending %d/%d queued %d/%d slots %d/%d", pend, p.pendingCount, queued, p.queuedCount, slots, p.slots)
	}
	for i, m := range p.priced.items {
		if m.index != i {
			t.Fatalf("heap index %d holds %d", i, m.index)
		}
		if i > 0 && p.priced.less(i, (i-1)/2) {
			t.Fatalf("heap order broken at %d", i)
		}
	}
}
