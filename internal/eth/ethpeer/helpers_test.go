package ethpeer

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/eth/ethparams"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
	"github.com/twinchain/twinchain/internal/eth/ethwire"
)

// waitLong guards waits that should end quickly; it only fires on a bug.
const waitLong = 5 * time.Second

func u256(v uint64) uint256.Int { return *uint256.NewInt(v) }

// fakeChain is an in-memory chain of n blocks, each with one transaction
// and one receipt, plus a transaction pool.
type fakeChain struct {
	mu       sync.Mutex
	headers  []*ethtypes.Header
	byHash   map[ethtypes.Hash]int
	bodies   map[ethtypes.Hash][]byte
	receipts map[ethtypes.Hash]ethtypes.Receipts
	pool     map[ethtypes.Hash]*ethtypes.Transaction
	side     map[ethtypes.Hash]*ethtypes.Header // known non-canonical headers
}

func testTx(nonce uint64) *ethtypes.Transaction {
	to := ethtypes.Address{0x42}
	return ethtypes.NewTx(&ethtypes.DynamicFeeTx{ChainID: u256(1337), Nonce: nonce, GasTipCap: u256(1), GasFeeCap: u256(9),
		Gas: 21000, To: &to, V: u256(1), R: u256(nonce + 1), S: u256(2)})
}

func newFakeChain(n int) *fakeChain {
	c := &fakeChain{byHash: map[ethtypes.Hash]int{}, bodies: map[ethtypes.Hash][]byte{},
		receipts: map[ethtypes.Hash]ethtypes.Receipts{}, pool: map[ethtypes.Hash]*ethtypes.Transaction{},
		side: map[ethtypes.Hash]*ethtypes.Header{}}
	var parent ethtypes.Hash
	for i := 0; i < n; i++ {
		h := &ethtypes.Header{ParentHash: parent, UncleHash: ethtypes.EmptyUncleHash, Difficulty: u256(1000),
			Number: uint64(i), GasLimit: 8_000_000, Time: uint64(i) * 10, Extra: []byte("fake")}
		hash := h.Hash()
		c.headers = append(c.headers, h)
		c.byHash[hash] = i
		body := &ethtypes.Body{Transactions: ethtypes.Transactions{testTx(uint64(1000 + i))}}
		c.bodies[hash] = ethwire.AppendBody(nil, body)
		c.receipts[hash] = ethtypes.Receipts{{Type: ethtypes.DynamicFeeTxType, Status: 1, CumulativeGasUsed: 21000 + uint64(i)}}
		parent = hash
	}
	for i := uint64(0); i < 3; i++ {
		tx := testTx(i)
		c.pool[tx.Hash()] = tx
	}
	return c
}

func (c *fakeChain) genesis() ethtypes.Hash { return c.headers[0].Hash() }

func (c *fakeChain) CurrentHead() (ethtypes.Hash, uint64, uint64, uint256.Int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.headers[len(c.headers)-1]
	return h.Hash(), h.Number, h.Time, u256(1000 * uint64(len(c.headers)))
}

func (c *fakeChain) HeaderByHash(hash ethtypes.Hash) (*ethtypes.Header, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.byHash[hash]; ok {
		return c.headers[i], true
	}
	h, ok := c.side[hash]
	return h, ok
}

func (c *fakeChain) HeaderByNumber(n uint64) (*ethtypes.Header, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n >= uint64(len(c.headers)) {
		return nil, false
	}
	return c.headers[n], true
}

func (c *fakeChain) BodyRLP(hash ethtypes.Hash) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.bodies[hash]
	return b, ok
}

func (c *fakeChain) Receipts(hash ethtypes.Hash) (ethtypes.Receipts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.receipts[hash]
	return r, ok
}

func (c *fakeChain) PooledTransaction(hash ethtypes.Hash) (*ethtypes.Transaction, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tx, ok := c.pool[hash]
	return tx, ok
}

// devConfig has every fork at genesis (no fork points).
func devConfig() *ethparams.ChainConfig {
	z := uint64(0)
	return &ethparams.ChainConfig{ChainID: 1337, HomesteadBlock: &z, EIP150Block: &z, EIP155Block: &z, EIP158Block: &z,
		ByzantiumBlock: &z, ConstantinopleBlock: &z, IstanbulBlock: &z, BerlinBlock: &z, LondonBlock: &z}
}

// recBackend records what a peer reports.
type recBackend struct {
	readyErr error
	ready    chan *Peer
	gone     chan *Peer
	blocks   chan *ethtypes.Block
	hashes   chan []ethtypes.Hash
	txs      chan ethtypes.Transactions
	txHashes chan []ethtypes.Hash
}

func newRecBackend() *recBackend {
	return &recBackend{ready: make(chan *Peer, 8), gone: make(chan *Peer, 8), blocks: make(chan *ethtypes.Block, 8),
		hashes: make(chan []ethtypes.Hash, 8), txs: make(chan ethtypes.Transactions, 8), txHashes: make(chan []ethtypes.Hash, 8)}
}

func (b *recBackend) PeerReady(p *Peer) error {
	b.ready <- p
	return b.readyErr
}
func (b *recBackend) PeerGone(p *Peer) { b.gone <- p }
func (b *recBackend) HandleNewBlock(p *Peer, blk *ethtypes.Block, td uint256.Int) {
	b.blocks <- blk
}
func (b *recBackend) HandleNewBlockHashes(p *Peer, hashes []ethtypes.Hash, numbers []uint64) {
	b.hashes <- hashes
}
func (b *recBackend) HandleTransactions(p *Peer, txs ethtypes.Transactions) { b.txs <- txs }
func (b *recBackend) HandleTxHashes(p *Peer, types []byte, sizes []uint32, hashes []ethtypes.Hash) {
	b.txHashes <- hashes
}

// testConfig returns a peer config over chain with short timeouts.
func testConfig(id string, chain *fakeChain, be Backend) Config {
	return Config{
		ID:               id,
		NetworkID:        1337,
		Genesis:          chain.genesis(),
		Forks:            ethwire.NewForkSchedule(devConfig(), chain.genesis(), 0),
		Chain:            chain,
		Backend:          be,
		HandshakeTimeout: 2 * time.Second,
		PingInterval:     time.Hour,
		PongTimeout:      time.Hour,
		RequestTimeout:   2 * time.Second,
		WriteTimeout:     2 * time.Second,
	}
}

// startPair connects two peers over a pipe and starts both; it returns
// them with their Start errors.
func startPair(t *testing.T, ca, cb Config) (a, b *Peer, errA, errB error) {
	return startPairB(t, ca, cb)
}

// startPairB is startPair for tests and benchmarks.
func startPairB(t testing.TB, ca, cb Config) (a, b *Peer, errA, errB error) {
	t.Helper()
	c1, c2 := net.Pipe()
	a = New(c1, ca, false)
	b = New(c2, cb, true)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		errB = b.Start(context.Background())
	}()
	errA = a.Start(context.Background())
	wg.Wait()
	t.Cleanup(func() {
		a.Disconnect("test over")
		b.Disconnect("test over")
		waitDone(t, a)
		waitDone(t, b)
	})
	return a, b, errA, errB
}

func waitDone(t testing.TB, p *Peer) {
	t.Helper()
	select {
	case <-p.Done():
	case <-time.After(waitLong):
		t.Fatalf("peer %s did not end", p.ID())
	}
}

// rawRemote is the far end of a pipe driven by the test frame by frame.
type rawRemote struct {
	t    *testing.T
	conn net.Conn
	in   chan ethwire.Message
	errc chan error
}

// newRaw connects a Peer (started in the background) to a raw remote. The
// remote reads in the background unless pump is false.
func newRaw(t *testing.T, cfg Config, pump bool) (*Peer, *rawRemote, chan error) {
	t.Helper()
	c1, c2 := net.Pipe()
	p := New(c1, cfg, false)
	r := &rawRemote{t: t, conn: c2, in: make(chan ethwire.Message, 64), errc: make(chan error, 1)}
	started := make(chan error, 1)
	go func() { started <- p.Start(context.Background()) }()
	if pump {
		go r.pump()
	}
	t.Cleanup(func() {
		p.Disconnect("test over")
		c2.Close()
		waitDone(t, p)
	})
	return p, r, started
}

func (r *rawRemote) pump() {
	for {
		m, _, err := ethwire.ReadMessage(r.conn, 0)
		if err != nil {
			r.errc <- err
			close(r.in)
			return
		}
		r.in <- m
	}
}

func (r *rawRemote) write(m ethwire.Message) {
	r.writeFrame(ethwire.AppendMessage(nil, m))
}

func (r *rawRemote) writeFrame(f []byte) {
	r.t.Helper()
	r.conn.SetWriteDeadline(time.Now().Add(waitLong))
	if _, err := r.conn.Write(f); err != nil {
		r.t.Fatalf("raw write: %v", err)
	}
}

// next returns the next message other than Ping (pings are answered).
func (r *rawRemote) next() ethwire.Message {
	r.t.Helper()
	for {
		select {
		case m, ok := <-r.in:
			if !ok {
				r.t.Fatalf("raw remote: connection ended: %v", <-r.errc)
			}
			if ping, ok := m.(*ethwire.Ping); ok {
				go r.write(&ethwire.Pong{Nonce: ping.Nonce})
				continue
			}
			return m
		case <-time.After(waitLong):
			r.t.Fatal("raw remote: no message")
		}
	}
}

// status returns a Status matching cfg's chain.
func status(cfg Config) *ethwire.Status {
	head, n, tm, td := cfg.Chain.CurrentHead()
	return &ethwire.Status{ProtocolVersion: ethwire.ProtocolVersion, NetworkID: cfg.NetworkID, TD: td, Head: head,
		Genesis: cfg.Genesis, ForkID: cfg.Forks.ID(n, tm)}
}

// handshake completes the handshake from the raw side.
func (r *rawRemote) handshake(cfg Config, started chan error) {
	r.t.Helper()
	if m := r.next(); m.Code() != ethwire.StatusCode {
		r.t.Fatalf("first message %v", m.Code())
	}
	r.write(status(cfg))
	select {
	case err := <-started:
		if err != nil {
			r.t.Fatalf("Start: %v", err)
		}
	case <-time.After(waitLong):
		r.t.Fatal("Start did not return")
	}
}

// startErr waits for Start's result.
func startErr(t *testing.T, started chan error) error {
	t.Helper()
	select {
	case err := <-started:
		return err
	case <-time.After(waitLong):
		t.Fatal("Start did not return")
	}
	return nil
}
