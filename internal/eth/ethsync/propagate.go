package ethsync

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"

	"github.com/holiman/uint256"
	"github.com/twinchain/twinchain/internal/eth/ethchain"
	"github.com/twinchain/twinchain/internal/eth/ethconsensus"
	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Limits of propagation.
const (
	// maxAnnounceDist is how far above our head an announced block may be
	// for us to fetch it directly (further ones wait for a sync).
	maxAnnounceDist = 32
	// maxBlockFetches bounds the announced blocks fetched at once.
	maxBlockFetches = 64
	// maxTxFetch is the most transactions requested at once (geth's
	// maxTxRetrievals), maxTxWorkers the requests in flight.
	maxTxFetch   = 256
	maxTxWorkers = 16
	// maxTxPacket bounds the encoded transactions of one Transactions
	// message (geth's 100 KB soft limit); maxAnnounce the hashes of one
	// announcement.
	maxTxPacket = 100 * 1024
	maxAnnounce = 4096
)

// fanout returns how many of n peers get a full block or transaction:
// the square root of n, at least one.
func fanout(n int) int {
	if n == 0 {
		return 0
	}
	return max(1, int(math.Sqrt(float64(n))))
}

// spawn runs fn on a goroutine of the syncer unless it is stopped.
func (s *Syncer) spawn(fn func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn()
	}()
	return true
}

// BroadcastBlock propagates a new block with total difficulty td (a block
// we mined or imported): the whole block to the square root of the peers
// that do not know it, its hash to the others.
func (s *Syncer) BroadcastBlock(b *ethtypes.Block, td uint256.Int) {
	hash := b.Hash()
	var without []Peer
	for _, p := range s.peerList() {
		if !p.KnowsBlock(hash) {
			without = append(without, p)
		}
	}
	rand.Shuffle(len(without), func(i, j int) { without[i], without[j] = without[j], without[i] })
	k := fanout(len(without))
	for i, p := range without {
		if i < k {
			_ = p.SendNewBlock(b, td)
		} else {
			_ = p.SendNewBlockHashes([]ethtypes.Hash{hash}, []uint64{b.Number()})
		}
	}
}

// announce sends the hash of h to the peers that do not know it.
func (s *Syncer) announce(h *ethtypes.Header) {
	hash := h.Hash()
	for _, p := range s.peerList() {
		if !p.KnowsBlock(hash) {
			_ = p.SendNewBlockHashes([]ethtypes.Hash{hash}, []uint64{h.Number})
		}
	}
}

// HandleNewBlock handles a block a peer propagated with its total
// difficulty: a block on a known parent is imported (side blocks too: they
// are uncle candidates) and relayed; a block on an unknown parent starts a
// sync from the peer if it is heavier than us.
func (s *Syncer) HandleNewBlock(p Peer, b *ethtypes.Block, td uint256.Int) {
	if s.known(b.Hash()) {
		return
	}
	if !s.known(b.Header.ParentHash) {
		if ours := s.cfg.Chain.CurrentTd(); td.Gt(&ours) {
			s.triggerSync()
		}
		return
	}
	s.importBlock(p, b)
}

// importBlock checks a propagated block's body, inserts it and relays it.
func (s *Syncer) importBlock(p Peer, b *ethtypes.Block) {
	if err := ethchain.ValidateBody(s.cfg.Chain.Config(), b, nil); err != nil {
		p.Misbehaving(scoreInvalid, "invalid propagated block: "+err.Error())
		return
	}
	if _, err := s.cfg.Chain.InsertChain([]*ethtypes.Block{b}); err != nil {
		switch {
		case errors.Is(err, ethchain.ErrUnknownAncestor), errors.Is(err, ethconsensus.ErrUnknownAncestor):
			s.triggerSync()
		case errors.Is(err, ethconsensus.ErrFutureBlock):
			// Clocks differ; not misbehaviour.
		case isBlockError(err):
			p.Misbehaving(scoreInvalid, "invalid propagated block: "+err.Error())
		default:
			s.log.Warn("Account chain: importing a propagated block failed", "number", b.Number(), "err", err)
		}
		return
	}
	if td, ok := s.cfg.Chain.GetTd(b.Hash(), b.Number()); ok {
		s.BroadcastBlock(b, td)
	}
}

// HandleNewBlockHashes fetches the announced blocks we do not have from
// the peer (header by hash, then body) and imports them.
func (s *Syncer) HandleNewBlockHashes(p Peer, hashes []ethtypes.Hash, numbers []uint64) {
	if len(hashes) != len(numbers) {
		p.Misbehaving(scoreInvalid, "malformed block announcement")
		return
	}
	head := s.cfg.Chain.CurrentHeader().Number
	for i, hash := range hashes {
		if numbers[i] > head+maxAnnounceDist || s.known(hash) {
			continue
		}
		s.fetchMu.Lock()
		_, busy := s.fetching[hash]
		if busy || len(s.fetching) >= maxBlockFetches {
			s.fetchMu.Unlock()
			continue
		}
		s.fetching[hash] = struct{}{}
		s.fetchMu.Unlock()
		if !s.spawn(func() { s.fetchAnnounced(p, hash) }) {
			s.doneFetching(hash)
		}
	}
}

func (s *Syncer) doneFetching(hash ethtypes.Hash) {
	s.fetchMu.Lock()
	delete(s.fetching, hash)
	s.fetchMu.Unlock()
}

// fetchAnnounced fetches one announced block from p and imports it.
func (s *Syncer) fetchAnnounced(p Peer, hash ethtypes.Hash) {
	defer s.doneFetching(hash)
	hs, err := s.headersByHash(p, hash, 1)
	if err != nil {
		return
	}
	if len(hs) != 1 || hs[0].Hash() != hash {
		p.Misbehaving(scoreUseless, "announced header not delivered")
		return
	}
	if s.known(hash) {
		return
	}
	if !s.known(hs[0].ParentHash) {
		s.triggerSync()
		return
	}
	ctx, cancel := s.requestCtx(s.ctx)
	bodies, err := p.RequestBodies(ctx, []ethtypes.Hash{hash})
	cancel()
	if err != nil {
		_ = s.requestFailed(ctx, p, "announced block body", err)
		return
	}
	if len(bodies) != 1 || bodies[0] == nil {
		p.Misbehaving(scoreUseless, "announced block body not delivered")
		return
	}
	s.importBlock(p, ethtypes.WithBody(hs[0], bodies[0]))
}

// BroadcastTxs propagates new transactions: each one in full to the square
// root of the peers that do not know it, as an announcement to the others.
func (s *Syncer) BroadcastTxs(txs ethtypes.Transactions) {
	peers := s.peerList()
	if len(peers) == 0 || len(txs) == 0 {
		return
	}
	rand.Shuffle(len(peers), func(i, j int) { peers[i], peers[j] = peers[j], peers[i] })
	full := make([]ethtypes.Transactions, len(peers))
	ann := make([][]*ethtypes.Transaction, len(peers))
	without := make([]int, 0, len(peers))
	for _, tx := range txs {
		hash := tx.Hash()
		without = without[:0]
		for i, p := range peers {
			if !p.KnowsTx(hash) {
				without = append(without, i)
			}
		}
		k := fanout(len(without))
		for j, i := range without {
			if j < k {
				full[i] = append(full[i], tx)
			} else {
				ann[i] = append(ann[i], tx)
			}
		}
	}
	for i, p := range peers {
		sendTxs(p, full[i])
		announceTxs(p, ann[i])
	}
}

// sendTxs sends txs to p in messages of at most maxTxPacket bytes.
func sendTxs(p Peer, txs ethtypes.Transactions) {
	for len(txs) > 0 {
		n, size := 0, 0
		for n < len(txs) && (n == 0 || size+txs[n].Size() <= maxTxPacket) {
			size += txs[n].Size()
			n++
		}
		_ = p.SendTransactions(txs[:n])
		txs = txs[n:]
	}
}

// announceTxs announces txs to p in messages of at most maxAnnounce hashes.
func announceTxs(p Peer, txs []*ethtypes.Transaction) {
	for len(txs) > 0 {
		n := min(len(txs), maxAnnounce)
		types := make([]byte, n)
		sizes := make([]uint32, n)
		hashes := make([]ethtypes.Hash, n)
		for i, tx := range txs[:n] {
			types[i], sizes[i], hashes[i] = tx.Type(), uint32(tx.Size()), tx.Hash()
		}
		_ = p.SendPooledTransactionHashes(types, sizes, hashes)
		txs = txs[n:]
	}
}

// HandleTransactions adds transactions a peer sent to the pool as remote
// ones; the pool's new-transaction events propagate them further.
func (s *Syncer) HandleTransactions(p Peer, txs ethtypes.Transactions) {
	if s.cfg.Pool == nil || len(txs) == 0 {
		return
	}
	s.cfg.Pool.Add(txs, false)
}

// HandleTxHashes requests the announced transactions the pool does not
// have (at most maxTxFetch per request, maxTxWorkers requests at once;
// the rest of a flood is dropped).
func (s *Syncer) HandleTxHashes(p Peer, types []byte, sizes []uint32, hashes []ethtypes.Hash) {
	if s.cfg.Pool == nil {
		return
	}
	if len(types) != len(hashes) || len(sizes) != len(hashes) {
		p.Misbehaving(scoreInvalid, "malformed transaction announcement")
		return
	}
	for len(hashes) > 0 {
		s.fetchMu.Lock()
		if s.txWorkers >= maxTxWorkers {
			s.fetchMu.Unlock()
			return
		}
		var want []ethtypes.Hash
		i := 0
		for ; i < len(hashes) && len(want) < maxTxFetch; i++ {
			h := hashes[i]
			if _, busy := s.txFetch[h]; busy || s.cfg.Pool.Has(h) {
				continue
			}
			s.txFetch[h] = struct{}{}
			want = append(want, h)
		}
		hashes = hashes[i:]
		if len(want) == 0 {
			s.fetchMu.Unlock()
			continue
		}
		s.txWorkers++
		s.fetchMu.Unlock()
		if !s.spawn(func() { s.fetchTxs(p, want) }) {
			s.doneTxs(want)
		}
	}
}

func (s *Syncer) doneTxs(hashes []ethtypes.Hash) {
	s.fetchMu.Lock()
	for _, h := range hashes {
		delete(s.txFetch, h)
	}
	s.txWorkers--
	s.fetchMu.Unlock()
}

// fetchTxs requests announced transactions and adds them to the pool.
func (s *Syncer) fetchTxs(p Peer, hashes []ethtypes.Hash) {
	defer s.doneTxs(hashes)
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.RequestTimeout)
	txs, err := p.RequestPooledTransactions(ctx, hashes)
	cancel()
	if err != nil {
		_ = s.requestFailed(ctx, p, "pooled transactions", err)
		return
	}
	want := make(map[ethtypes.Hash]bool, len(hashes))
	for _, h := range hashes {
		want[h] = true
	}
	for _, tx := range txs {
		if !want[tx.Hash()] {
			p.Misbehaving(scoreInvalid, "unrequested transaction")
			return
		}
	}
	if len(txs) > 0 {
		s.cfg.Pool.Add(txs, false)
	}
}
