package ethminer

import (
	"context"
	"errors"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// hasher is an engine that counts its seal attempts (Ethash).
type hasher interface{ Hashes() uint64 }

// MinePending mines the pending transactions on the head and returns the
// blocks it mined; no empty block is mined. Each block takes at most
// Config.AutomineTxsPerBlock of them (one by default, as Hardhat and anvil
// mine one block per transaction; all that fit when negative). An RPC
// server in automine mode calls it after adding a transaction, so that
// eth_sendRawTransaction returns once the transaction is mined.
//
// Concurrent callers are group-committed: every call takes a ticket
// after its caller added its transaction, and a block records the last
// ticket taken before it read the pool. A call returns as soon as a block
// mined since it started covered its ticket and took every pending
// transaction that fit (it was not capped by AutomineTxsPerBlock or the
// gas limit), whoever mined that block: the caller's transaction is then
// mined, or could not be (a nonce gap, a rejection), as when it mines
// itself. So a sequential client gets one block per transaction, and the
// transactions that arrive while a block is being built go together into
// the next one (with a negative AutomineTxsPerBlock).
//
// This method is safe for concurrent access.
func (m *Miner) MinePending(ctx context.Context) ([]*ethtypes.Block, error) {
	limit := m.cfg.AutomineTxsPerBlock
	if limit < 0 {
		limit = 0
	}
	ticket := m.tickets.Add(1)
	var out []*ethtypes.Block
	for ctx.Err() == nil {
		b, done, err := m.mineNonEmpty(ctx, limit, ticket)
		if b != nil {
			out = append(out, b)
		}
		if err != nil || done {
			return out, err
		}
	}
	return out, ctx.Err()
}

// mineNonEmpty mines a block of at most maxTxs transactions unless it
// would be empty, in which case it returns nil. done reports that ticket
// is covered: a block (this one or an earlier one) took every pending
// transaction of the callers up to ticket that it could.
func (m *Miner) mineNonEmpty(ctx context.Context, maxTxs int, ticket uint64) (b *ethtypes.Block, done bool, err error) {
	m.mineMu.Lock()
	defer m.mineMu.Unlock()
	if m.covered >= ticket {
		return nil, true, nil
	}
	parent := m.chain.CurrentHeader()
	if parent == nil {
		return nil, false, &Error{Err: ErrNoParent}
	}
	m.mu.Lock()
	nextTime, offset := m.nextTime, m.timeOffset
	m.mu.Unlock()
	// Every ticket up to cover was taken after its transaction entered
	// the pool, so the build below sees those transactions.
	cover := m.tickets.Load()
	res, err := m.build(parent, maxTxs, m.timestamp(parent))
	if err != nil {
		return nil, false, err
	}
	if len(res.Block.Txs) == 0 {
		// Nothing to mine: give the timestamp settings back.
		m.mu.Lock()
		m.nextTime, m.timeOffset = nextTime, offset
		m.mu.Unlock()
		m.covered = max(m.covered, cover)
		return nil, true, nil
	}
	b, _, err = m.sealAndInsert(ctx, parent, res)
	if err != nil {
		return nil, false, err
	}
	if !res.full {
		m.covered = max(m.covered, cover)
	}
	return b, m.covered >= ticket, nil
}

// start registers a mining loop named name; run is started on its own
// goroutine with a context that Stop cancels.
func (m *Miner) start(name string, run func(ctx context.Context), cleanup func()) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running != "" {
		return &Error{Err: ErrRunning, Cause: errors.New(m.running)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	m.running, m.done = name, done
	m.stop = func() {
		cancel()
		if cleanup != nil {
			cleanup()
		}
	}
	m.hashStart, m.hashBase = m.cfg.Now(), 0
	if h, ok := m.engine.(hasher); ok {
		m.hashBase = h.Hashes()
	}
	go func() {
		defer close(done)
		run(ctx)
	}()
	return nil
}

// Stop stops the running mining loop, if any, and waits for it to end.
//
// This method is safe for concurrent access.
func (m *Miner) Stop() {
	m.mu.Lock()
	stop, done := m.stop, m.done
	m.running, m.stop, m.done = "", nil, nil
	m.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// Mode returns the name of the running mining loop ("automine",
// "interval", "pow"), or "" when none runs.
//
// This method is safe for concurrent access.
func (m *Miner) Mode() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.running
}

// Mining reports whether a mining loop runs (eth_mining).
//
// This method is safe for concurrent access.
func (m *Miner) Mining() bool { return m.Mode() != "" }

// StartAutomine mines on every transaction that becomes executable in the
// pool (txpool.SubscribeNewTxs), one block per transaction by default (see
// MinePending), on a goroutine of the miner. The subscription callback only
// signals the loop, so the pool's caller is not held up.
//
// This method is safe for concurrent access.
func (m *Miner) StartAutomine() error {
	kick := make(chan struct{}, 1)
	unsub := m.pool.SubscribeNewTxs(func([]*ethtypes.Transaction) {
		select {
		case kick <- struct{}{}:
		default:
		}
	})
	err := m.start("automine", func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-kick:
			}
			_, _ = m.MinePending(ctx)
		}
	}, unsub)
	if err != nil {
		unsub()
	}
	return err
}

// StartInterval mines a block every d (Config.NewTicker), empty or not, as
// Hardhat's interval mining and anvil's --block-time do; each block takes
// at most Config.MaxTxsPerBlock transactions (all that fit by default).
//
// This method is safe for concurrent access.
func (m *Miner) StartInterval(d time.Duration) error {
	if d <= 0 {
		return &Error{Err: ErrInvalidInterval}
	}
	t := m.cfg.NewTicker(d)
	err := m.start("interval", func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C():
			}
			_, _, _ = m.mine(ctx, m.cfg.MaxTxsPerBlock)
		}
	}, t.Stop)
	if err != nil {
		t.Stop()
	}
	return err
}

// NotifyNewHead tells continuous mining that the chain's head changed
// (a block from a peer): the work in progress is abandoned and rebuilt on
// the new head. The miner's own blocks need no notification.
//
// This method is safe for concurrent access.
func (m *Miner) NotifyNewHead() {
	select {
	case m.headCh <- struct{}{}:
	default:
	}
}

// Start mines continuously, as a proof-of-work node does: it builds a
// block on the head, seals it (Ethash searches nonces until it finds one,
// the head changes (NotifyNewHead), Config.Recommit passes so new
// transactions get in, or Stop) and inserts it; a block that arrives
// second (its parent no longer the head when inserted) is kept as an
// uncle candidate. Empty blocks are mined too.
//
// This method is safe for concurrent access.
func (m *Miner) Start() error {
	return m.start("pow", m.powLoop, nil)
}

// powLoop is the loop of continuous mining.
func (m *Miner) powLoop(ctx context.Context) {
	// Drop a stale notification.
	select {
	case <-m.headCh:
	default:
	}
	for ctx.Err() == nil {
		m.mineMu.Lock()
		parent := m.chain.CurrentHeader()
		if parent == nil {
			m.mineMu.Unlock()
			return
		}
		res, err := m.build(parent, m.cfg.MaxTxsPerBlock, m.timestamp(parent))
		m.mineMu.Unlock()
		if err != nil {
			// A failing build (missing state) is retried after a pause.
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		work, cancel := context.WithCancel(ctx)
		stopWatch := make(chan struct{})
		go func() {
			t := time.NewTimer(m.cfg.Recommit)
			defer t.Stop()
			select {
			case <-m.headCh:
			case <-t.C:
			case <-stopWatch:
			}
			cancel()
		}()
		b := res.Block
		if !res.PoS {
			b, err = m.engine.Seal(work, res.Block)
		}
		close(stopWatch)
		cancel()
		if err != nil {
			continue // abandoned: rebuild on the (new) head
		}
		m.mineMu.Lock()
		m.insertMined(parent, res, b)
		m.mineMu.Unlock()
	}
}

// insertMined inserts a block sealed by continuous mining; if it did not
// become the head it is kept as an uncle candidate.
func (m *Miner) insertMined(parent *ethtypes.Header, res *Result, b *ethtypes.Block) {
	if _, _, err := m.insert(parent, res, b); err != nil {
		return
	}
	if head := m.chain.CurrentHeader(); head == nil || head.Hash() != b.Hash() {
		m.AddSideBlock(b.Header)
	}
}

// HashRate returns the proof-of-work hashes per second since the running
// loop started (eth_hashrate), 0 when not mining or the engine does not
// count hashes.
//
// This method is safe for concurrent access.
func (m *Miner) HashRate() float64 {
	h, ok := m.engine.(hasher)
	if !ok {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running == "" {
		return 0
	}
	elapsed := m.cfg.Now().Sub(m.hashStart).Seconds()
	if elapsed <= 0 {
		return 0
	}
	return float64(h.Hashes()-m.hashBase) / elapsed
}
