package netsync

import (
	"errors"
	"math/rand/v2"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// onBlock handles a block message.
func (m *Manager) onBlock(ps *peerState, msg *wire.MsgBlock) {
	if msg.Block == nil {
		return
	}
	m.processBlock(ps, msg.Block, false)
}

// processBlock hands a block to the chain. Blocks we asked ps for are
// always processed (they may arrive in any order: the chain stores a block
// whose parent's data is missing and connects it once the gap is filled).
// An unrequested block is processed only when it has at least the tip's
// work and is not too far ahead (Core's AcceptBlock without fRequested).
func (m *Manager) processBlock(ps *peerState, blk *primitives.Block, viaCmpct bool) {
	hash := blk.BlockHash()
	ps.p.AddKnownInventory(hash)
	m.mu.Lock()
	requested := m.markReceivedLocked(ps, hash, m.now()) || viaCmpct
	if requested {
		m.processing[hash] = struct{}{}
	}
	m.mu.Unlock()
	if requested {
		defer func() {
			m.mu.Lock()
			delete(m.processing, hash)
			m.mu.Unlock()
		}()
	}
	if info, err := m.chain.BlockInfo(hash); err == nil && info.HaveData {
		// A duplicate (asked from two peers, or pushed twice).
		return
	}
	if !requested {
		if err := m.chain.ProcessHeaders([]primitives.Header{blk.Header}); err != nil {
			m.punishBlockError(ps, err, "invalid header received")
			return
		}
		info, err := m.chain.BlockInfo(hash)
		if err != nil {
			return
		}
		best := m.chain.BestState()
		if info.ChainWork.Cmp(&best.ChainWork) < 0 || info.Height > best.Height+MinBlocksToKeep {
			m.log.Debug("ignoring unrequested block", "peer", ps.p.ID(), "hash", hash, "height", info.Height)
			return
		}
	}
	if err := m.chain.ProcessBlock(blk); err != nil {
		m.punishBlockError(ps, err, "invalid block")
		m.requestBlocksAll()
		return
	}
	info, err := m.chain.BlockInfo(hash)
	m.mu.Lock()
	ps.blocksReceived++
	m.served[ps.p.ID()]++
	if err == nil {
		if it, ok := m.path.at(info.Height); ok && it.hash == hash {
			it.have = true
		}
		m.updateBestKnownLocked(ps, &info)
	}
	m.mu.Unlock()
	if err == nil {
		ps.p.SetSyncedBlocks(info.Height)
		if info.InActiveChain && info.NextHash == (chainhash.Hash{}) {
			m.maybeHighBandwidth(ps)
		}
	}
	m.requestBlocksAll()
}

// maybeHighBandwidth makes ps, which just gave us a new tip, one of our
// BIP152 high-bandwidth peers (Core's MaybeSetPeerAsAnnouncingHeaderAndIDs):
// it will push new blocks to us as compact blocks. The oldest of
// MaxHighBandwidthPeers is demoted.
func (m *Manager) maybeHighBandwidth(ps *peerState) {
	if !ps.p.Remote().ProvidesCmpct || m.chain.IsInitialBlockDownload() {
		return
	}
	m.mu.Lock()
	for _, hb := range m.hbPeers {
		if hb == ps {
			m.mu.Unlock()
			return
		}
	}
	var demote *peerState
	if len(m.hbPeers) >= MaxHighBandwidthPeers {
		demote = m.hbPeers[0]
		m.hbPeers = append(m.hbPeers[:0], m.hbPeers[1:]...)
	}
	m.hbPeers = append(m.hbPeers, ps)
	m.mu.Unlock()
	if demote != nil {
		demote.p.SetHighBandwidth(false)
	}
	ps.p.SetHighBandwidth(true)
}

// onInv handles announcements: blocks we do not know start a getheaders
// (the headers lead to the blocks), known ones update what the peer has;
// transactions are requested.
func (m *Manager) onInv(ps *peerState, msg *wire.MsgInv) {
	var txs []wire.InvVect
	var unknown *chainhash.Hash
	for i := range msg.List {
		iv := msg.List[i]
		switch iv.Type.Base() {
		case wire.InvBlock:
			info, err := m.chain.BlockInfo(iv.Hash)
			if err != nil {
				h := iv.Hash
				unknown = &h
				continue
			}
			m.mu.Lock()
			m.updateBestKnownLocked(ps, &info)
			m.mu.Unlock()
		case wire.InvTx, wire.InvWTx:
			if m.rejectTxRelay(ps) {
				ps.p.Disconnect("transaction inv sent in violation of protocol")
				return
			}
			txs = append(txs, iv)
		}
	}
	if unknown != nil {
		m.mu.Lock()
		ps.lastUnknown = *unknown
		m.mu.Unlock()
		best := m.chain.BestState()
		m.send(ps, &wire.MsgGetHeaders{Version: uint32(wire.ProtocolVersion), Locator: m.locatorFrom(best.BestHeaderHash)})
	}
	if len(txs) > 0 {
		m.requestTxs(ps, txs)
	}
	m.requestBlocksAll()
}

// tipChanged announces the new tip to every peer, unless in IBD (Core's
// UpdatedBlockTip).
func (m *Manager) tipChanged() {
	if m.chain.IsInitialBlockDownload() {
		return
	}
	best := m.chain.BestState()
	m.mu.Lock()
	peers := make([]*peerState, 0, len(m.peers))
	for _, ps := range m.peers {
		if ps.registered {
			peers = append(peers, ps)
		}
	}
	m.updatePathLocked(best)
	m.mu.Unlock()
	for _, ps := range peers {
		ps.p.MaybeSendSendHeaders()
		m.announceTip(ps, best.Hash)
	}
	// A new tip makes earlier rejections worth another look (Core resets
	// its recent-rejects filter on every tip change).
	m.mu.Lock()
	clear(m.recentRejects)
	m.mu.Unlock()
}

// announceTip announces the tip to ps as Core's SendMessages does: the
// headers the peer lacks (at most MaxBlocksToAnnounce, connecting to a block
// it has) to a peer that asked for headers, a compact block to a
// high-bandwidth peer when only the tip is new, an inv of the tip
// otherwise.
func (m *Manager) announceTip(ps *peerState, tip chainhash.Hash) {
	p := ps.p
	if p.KnowsInventory(tip) {
		return
	}
	m.mu.Lock()
	bestKnown := ps.bestKnown
	m.mu.Unlock()
	var infosRev []primitives.Header
	hash := tip
	connects := false
	for len(infosRev) <= MaxBlocksToAnnounce {
		if hash == bestKnown || p.KnowsInventory(hash) {
			connects = true
			break
		}
		info, err := m.chain.BlockInfo(hash)
		if err != nil || !info.InActiveChain {
			break
		}
		infosRev = append(infosRev, info.Header)
		if info.Height == 0 {
			break
		}
		hash = info.Header.PrevBlock
	}
	r := p.Remote()
	if connects && len(infosRev) == 1 && r.HighBandwidthCmpct && r.ProvidesCmpct {
		if raw, err := m.chain.RawBlockByHash(tip); err == nil {
			if blk, err := primitives.DecodeBlock(raw); err == nil {
				p.AddKnownInventory(tip)
				m.send(ps, wire.NewCmpctBlock(blk, rand.Uint64()))
				return
			}
		}
	}
	if connects && len(infosRev) > 0 && len(infosRev) <= MaxBlocksToAnnounce && p.PreferHeaders() {
		hdrs := make([]primitives.Header, len(infosRev))
		for i := range infosRev {
			hdrs[len(infosRev)-1-i] = infosRev[i]
		}
		for i := range hdrs {
			p.AddKnownInventory(hdrs[i].BlockHash())
		}
		m.send(ps, &wire.MsgHeaders{Headers: hdrs})
		return
	}
	p.QueueInventory(wire.InvVect{Type: wire.InvBlock, Hash: tip})
}

// txSource snapshots the mempool for compact block reconstruction.
func (m *Manager) txSource() wire.TxSource {
	if m.pool == nil {
		return nil
	}
	return poolSource(m.pool.TxDescs())
}

// segwitAt reports whether segwit rules apply to a block at height.
func (m *Manager) segwitAt(height int32) bool {
	return m.cfg.Params.DeploymentActiveAt(chaincfg.DeploymentSegwit, height)
}

// onCmpctBlock handles a BIP152 compact block: a block we asked for (or a
// high-bandwidth push of the tip's child) is rebuilt from the mempool, the
// missing transactions asked for with getblocktxn; anything else is an
// announcement.
func (m *Manager) onCmpctBlock(ps *peerState, msg *wire.MsgCmpctBlock) {
	hash := msg.Header.BlockHash()
	ps.p.AddKnownInventory(hash)
	if _, err := m.chain.BlockInfo(msg.Header.PrevBlock); err != nil {
		m.unconnectingHeaders(ps)
		return
	}
	if err := m.chain.ProcessHeaders([]primitives.Header{msg.Header}); err != nil {
		m.punishBlockError(ps, err, "invalid header received")
		return
	}
	info, err := m.chain.BlockInfo(hash)
	if err != nil {
		return
	}
	best := m.chain.BestState()
	m.mu.Lock()
	m.updateBestKnownLocked(ps, &info)
	owner, inFlight := m.blocksInFlight[hash]
	m.mu.Unlock()
	if info.HaveData {
		m.mu.Lock()
		m.markReceivedLocked(ps, hash, m.now())
		m.mu.Unlock()
		return
	}
	requested := inFlight && owner == ps
	if !requested && msg.Header.PrevBlock != best.Hash {
		// Not the tip's child and not asked for: an announcement.
		m.requestBlocksAll()
		return
	}
	pb, err := wire.NewPartialBlock(msg, m.txSource(), nil)
	if err != nil {
		if errors.Is(err, wire.ErrCmpctInvalid) {
			ps.p.Misbehaving(100, "invalid compact block")
			return
		}
		m.requestFullBlock(ps, hash)
		return
	}
	if len(pb.MissingIndexes()) == 0 {
		blk, err := pb.FillBlock(nil, m.segwitAt(info.Height))
		if err != nil {
			m.requestFullBlock(ps, hash)
			return
		}
		m.processBlock(ps, blk, true)
		return
	}
	m.mu.Lock()
	ps.partial = &partialBlock{hash: hash, height: info.Height, pb: pb}
	if !inFlight {
		ps.inFlight[hash] = m.now()
		m.blocksInFlight[hash] = ps
		if len(ps.inFlight) == 1 {
			ps.downloadingSince = m.now()
		}
	}
	m.mu.Unlock()
	m.send(ps, &wire.MsgGetBlockTxn{BlockHash: hash, Indexes: pb.MissingIndexes()})
}

// onBlockTxn completes a compact block with the transactions we asked for.
func (m *Manager) onBlockTxn(ps *peerState, msg *wire.MsgBlockTxn) {
	m.mu.Lock()
	part := ps.partial
	if part == nil || part.hash != msg.BlockHash {
		m.mu.Unlock()
		return
	}
	ps.partial = nil
	m.mu.Unlock()
	blk, err := part.pb.FillBlock(msg.Txs, m.segwitAt(part.height))
	if err != nil {
		if errors.Is(err, wire.ErrCmpctInvalid) {
			ps.p.Misbehaving(100, "invalid compact block/non-matching block transactions")
			return
		}
		// Most likely a short id collision: fetch the whole block.
		m.requestFullBlock(ps, part.hash)
		return
	}
	m.processBlock(ps, blk, true)
}

// requestFullBlock asks ps for a block in full (after a failed
// reconstruction).
func (m *Manager) requestFullBlock(ps *peerState, hash chainhash.Hash) {
	m.mu.Lock()
	if owner, ok := m.blocksInFlight[hash]; ok && owner != ps {
		delete(owner.inFlight, hash)
	}
	ps.inFlight[hash] = m.now()
	m.blocksInFlight[hash] = ps
	m.mu.Unlock()
	m.send(ps, &wire.MsgGetData{List: []wire.InvVect{{Type: wire.InvWitnessBlock, Hash: hash}}})
}
