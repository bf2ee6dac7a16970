package netsync

import (
	"errors"
	"time"

	"github.com/twinchain/twinchain/internal/btc/blockchain"
	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// downloadPath is the best header chain from the fork with the active
// chain up to the best header, with whether each block's data is stored:
// the blocks to download, in height order.
type downloadPath struct {
	base  int32 // height of entries[0]
	items []pathItem
	tip   chainhash.Hash
}

type pathItem struct {
	hash chainhash.Hash
	have bool
}

// at returns the entry at height, if the path covers it.
func (d *downloadPath) at(height int32) (*pathItem, bool) {
	i := int(height - d.base)
	if i < 0 || i >= len(d.items) {
		return nil, false
	}
	return &d.items[i], true
}

// contains reports whether hash is the path's block at height.
func (d *downloadPath) contains(hash chainhash.Hash, height int32) bool {
	it, ok := d.at(height)
	return ok && it.hash == hash
}

// end returns the height of the last entry (base-1 when empty).
func (d *downloadPath) end() int32 { return d.base + int32(len(d.items)) - 1 }

// updatePathLocked brings the path up to the chain's best header and drops
// the entries the active chain has connected. m.mu is held.
func (m *Manager) updatePathLocked(best blockchain.BestState) {
	d := &m.path
	if d.tip != best.BestHeaderHash {
		// Walk back from the best header until the path or the active
		// chain is met.
		var rev []pathItem
		h := best.BestHeaderHash
		height := best.BestHeaderHeight
		keep := -1
		for height >= 0 {
			if d.contains(h, height) {
				keep = int(height - d.base)
				break
			}
			info, err := m.chain.BlockInfo(h)
			if err != nil {
				break
			}
			if info.InActiveChain {
				break
			}
			rev = append(rev, pathItem{hash: h, have: info.HaveData})
			h = info.Header.PrevBlock
			height--
		}
		if keep >= 0 {
			d.items = d.items[:keep+1]
		} else {
			d.items = d.items[:0]
			d.base = height + 1
		}
		for i := len(rev) - 1; i >= 0; i-- {
			d.items = append(d.items, rev[i])
		}
		d.tip = best.BestHeaderHash
	}
	// Drop what the active chain has connected.
	if it, ok := d.at(best.Height); ok && it.hash == best.Hash {
		// Re-slicing costs nothing; the next growth of the slice copies
		// only the live entries.
		d.items = d.items[int(best.Height-d.base)+1:]
		d.base = best.Height + 1
	} else if d.base <= best.Height && len(d.items) == 0 {
		d.base = best.Height + 1
	}
}

// locatorFrom returns a block locator from hash.
func (m *Manager) locatorFrom(hash chainhash.Hash) wire.BlockLocator {
	loc, err := m.chain.BlockLocator(&hash)
	if err != nil {
		loc, _ = m.chain.BlockLocator(nil)
	}
	return loc
}

// startHeadersSync starts a getheaders sync with peers, as Core's
// SendMessages: with one peer (an outbound one while any exists) until the
// best header is less than a day old, then with every peer, so that each
// peer's best block becomes known and blocks download from all of them.
// The locator starts at the best header's parent so that the peer always
// answers with at least one header.
func (m *Manager) startHeadersSync() {
	best := m.chain.BestState()
	info, err := m.chain.BlockInfo(best.BestHeaderHash)
	if err != nil {
		return
	}
	recent := info.Header.Timestamp > 0 && time.Unix(int64(info.Header.Timestamp), 0).After(m.now().Add(-24*time.Hour))
	from := best.BestHeaderHash
	if info.Height > 0 {
		from = info.Header.PrevBlock
	}
	var start []*peerState
	m.mu.Lock()
	if sp := m.syncPeer; sp != nil && !recent && m.now().Sub(m.syncSince) > m.cfg.HeadersSyncTimeout {
		// The sync peer does not bring our headers up to date (it may be
		// in IBD itself): hand the sync to another peer, as Core does
		// after HEADERS_DOWNLOAD_TIMEOUT when others are available.
		m.log.Info("headers sync timed out; trying another peer", "peer", sp.p.ID())
		m.syncPeer = nil
	}
	outbound := false
	for _, ps := range m.peers {
		if ps.registered && !ps.p.Inbound() && canServeBlocks(ps.p) {
			outbound = true
		}
	}
	for _, ps := range m.peers {
		if !ps.registered || ps.syncStarted || !canServeBlocks(ps.p) {
			continue
		}
		if m.syncPeer == nil && (!ps.p.Inbound() || !outbound) {
			m.syncPeer = ps
			m.syncSince = m.now()
		} else if !recent {
			continue
		}
		ps.syncStarted = true
		start = append(start, ps)
	}
	m.mu.Unlock()
	if len(start) == 0 {
		return
	}
	loc := m.locatorFrom(from)
	for _, ps := range start {
		m.log.Debug("initial getheaders", "peer", ps.p.ID(), "height", info.Height)
		m.send(ps, &wire.MsgGetHeaders{Version: uint32(wire.ProtocolVersion), Locator: loc})
	}
}

// onHeaders handles a headers message: a batch of the initial sync or an
// announcement (BIP130).
func (m *Manager) onHeaders(ps *peerState, msg *wire.MsgHeaders) {
	hdrs := msg.Headers
	if len(hdrs) == 0 {
		return
	}
	hashes := make([]chainhash.Hash, len(hdrs))
	for i := range hdrs {
		hashes[i] = hdrs[i].BlockHash()
		if i > 0 && hdrs[i].PrevBlock != hashes[i-1] {
			ps.p.Misbehaving(20, "non-continuous headers sequence")
			return
		}
	}
	if _, err := m.chain.BlockInfo(hdrs[0].PrevBlock); err != nil {
		m.unconnectingHeaders(ps)
		return
	}
	if err := m.chain.ProcessHeaders(hdrs); err != nil {
		m.punishBlockError(ps, err, "invalid header received")
		return
	}
	last := hashes[len(hashes)-1]
	info, err := m.chain.BlockInfo(last)
	if err != nil {
		return
	}
	if len(hdrs) <= MaxBlocksToAnnounce {
		for _, h := range hashes {
			ps.p.AddKnownInventory(h)
		}
	}
	m.mu.Lock()
	ps.unconnecting = 0
	if ps == m.syncPeer {
		m.syncSince = m.now()
	}
	m.updateBestKnownLocked(ps, &info)
	m.mu.Unlock()
	ps.p.SetSyncedHeaders(info.Height)
	if len(hdrs) == MaxHeadersResults {
		m.send(ps, &wire.MsgGetHeaders{Version: uint32(wire.ProtocolVersion), Locator: m.locatorFrom(last)})
	}
	if m.headersHaveMinWork() {
		ps.p.MaybeSendSendHeaders()
	}
	m.startHeadersSync()
	m.requestBlocksAll()
}

// unconnectingHeaders answers headers whose first parent is unknown: ask
// for the headers in between (the announcement skipped some), and punish a
// peer that keeps doing it.
func (m *Manager) unconnectingHeaders(ps *peerState) {
	m.mu.Lock()
	ps.unconnecting++
	n := ps.unconnecting
	m.mu.Unlock()
	if n > maxUnconnectingHeaders {
		ps.p.Misbehaving(20, "too many unconnecting headers")
		return
	}
	best := m.chain.BestState()
	m.send(ps, &wire.MsgGetHeaders{Version: uint32(wire.ProtocolVersion), Locator: m.locatorFrom(best.BestHeaderHash)})
}

// updateBestKnownLocked records that the peer has the block of info if it
// has more work than the best block we knew it to have (Core's
// UpdateBlockAvailability). m.mu is held.
func (m *Manager) updateBestKnownLocked(ps *peerState, info *blockchain.BlockInfo) {
	if ps.bestKnownHeight < 0 || info.ChainWork.Cmp(&ps.bestKnownWork) > 0 {
		ps.bestKnown, ps.bestKnownHeight, ps.bestKnownWork = info.Hash, info.Height, info.ChainWork
	}
}

// punishBlockError punishes a peer for a block or header rejection, as
// Core's MaybePunishNodeForBlock: every consensus rejection except a
// timestamp too far in the future (which may become valid) and a missing
// parent (handled by asking for headers).
func (m *Manager) punishBlockError(ps *peerState, err error, what string) {
	if !blockchain.IsRuleError(err) {
		m.log.Error("block processing failed", "peer", ps.p.ID(), "err", err)
		return
	}
	if errors.Is(err, consensus.ErrTimeTooNew) {
		m.log.Debug("block from the future", "peer", ps.p.ID(), "err", err)
		return
	}
	if errors.Is(err, blockchain.ErrPrevBlockNotFound) {
		m.unconnectingHeaders(ps)
		return
	}
	m.log.Debug(what, "peer", ps.p.ID(), "err", err)
	ps.p.Misbehaving(100, what+": "+blockchain.Reason(err))
}

// requestBlocksAll runs the block scheduler for every peer.
func (m *Manager) requestBlocksAll() {
	best := m.chain.BestState()
	ibd := m.chain.IsInitialBlockDownload()
	type req struct {
		ps   *peerState
		list []wire.InvVect
	}
	var reqs []req
	now := m.now()
	m.mu.Lock()
	m.updatePathLocked(best)
	outbound := 0
	for _, ps := range m.peers {
		if ps.registered && !ps.p.Inbound() {
			outbound++
		}
	}
	for _, ps := range m.peers {
		if list := m.findBlocksLocked(ps, best, ibd, outbound, now); len(list) > 0 {
			reqs = append(reqs, req{ps, list})
		}
	}
	m.mu.Unlock()
	for _, r := range reqs {
		m.send(r.ps, &wire.MsgGetData{List: r.list})
	}
}

// findBlocksLocked picks the blocks to request from ps, Core's
// FindNextBlocksToDownload: the earliest blocks of the download path the
// peer has, within the window past the tip, not stored and not in flight,
// up to MaxBlocksInTransitPerPeer in flight. When the window is exhausted
// while ps is idle, the peer holding the window's first block is marked as
// stalling. m.mu is held.
func (m *Manager) findBlocksLocked(ps *peerState, best blockchain.BestState, ibd bool, outbound int, now time.Time) []wire.InvVect {
	if !ps.registered || !ps.p.Connected() || !canServeBlocks(ps.p) {
		return nil
	}
	// During initial download inbound peers are held back while outbound
	// ones are downloading (Core: m_num_preferred_download_peers == 0 ||
	// mapBlocksInFlight.empty()); an outbound peer with nothing to give must
	// not starve the download.
	if ibd && ps.p.Inbound() && outbound > 0 && len(m.blocksInFlight) > 0 {
		return nil
	}
	free := MaxBlocksInTransitPerPeer - len(ps.inFlight)
	if free <= 0 || ps.bestKnownHeight < 0 {
		return nil
	}
	d := &m.path
	if len(d.items) == 0 {
		return nil
	}
	// The peer must have the path's blocks: its best block is on it.
	top := min(ps.bestKnownHeight, d.end())
	if ps.bestKnownHeight <= d.end() {
		if !d.contains(ps.bestKnown, ps.bestKnownHeight) {
			return nil
		}
	} else if !m.hasAncestorLocked(ps, d.end()) {
		return nil
	}
	// The window starts at the fork with the active chain (Core: the last
	// common block), the tip itself in a plain sync.
	windowEnd := d.base - 1 + m.cfg.DownloadWindow
	var list []wire.InvVect
	var waitingFor *peerState
	reachedWindow := true
	for h := d.base; h <= top; h++ {
		if h > windowEnd {
			break
		}
		it, _ := d.at(h)
		if it.have {
			continue
		}
		if _, ok := m.processing[it.hash]; ok {
			continue
		}
		if owner, ok := m.blocksInFlight[it.hash]; ok {
			if waitingFor == nil {
				waitingFor = owner
			}
			continue
		}
		if len(list) == 0 && len(ps.inFlight) == 0 {
			ps.downloadingSince = now
		}
		list = append(list, wire.InvVect{Type: wire.InvWitnessBlock, Hash: it.hash})
		ps.inFlight[it.hash] = now
		m.blocksInFlight[it.hash] = ps
		if len(list) == free {
			reachedWindow = false
			break
		}
	}
	if top <= windowEnd {
		// Stalling only counts when the peer could give us blocks a
		// larger window would let us ask for (Core).
		reachedWindow = false
	}
	// Out of IBD, the tip's only missing child comes as a compact block
	// from a peer that provides them (Core's direct fetch).
	if !ibd && len(list) == 1 && top == best.Height+1 && d.base == top && ps.p.Remote().ProvidesCmpct {
		list[0].Type = wire.InvCmpctBlock
	}
	if len(list) == 0 && len(ps.inFlight) == 0 && reachedWindow && waitingFor != nil && waitingFor != ps {
		if waitingFor.stallingSince.IsZero() {
			waitingFor.stallingSince = now
			m.log.Debug("stall started", "peer", waitingFor.p.ID(), "waiting", ps.p.ID())
		}
	}
	return list
}

// hasAncestorLocked reports whether the peer's best block descends from the
// path's block at height; it walks back at most a few thousand entries.
func (m *Manager) hasAncestorLocked(ps *peerState, height int32) bool {
	h, hh := ps.bestKnown, ps.bestKnownHeight
	for i := 0; hh > height && i < 4*MaxHeadersResults; i++ {
		info, err := m.chain.BlockInfo(h)
		if err != nil {
			return false
		}
		h, hh = info.Header.PrevBlock, hh-1
	}
	return m.path.contains(h, height)
}

// checkTimeouts disconnects stalling peers and peers whose block download
// timed out, and forgets expired transaction requests.
func (m *Manager) checkTimeouts() {
	now := m.now()
	type drop struct {
		ps     *peerState
		reason string
	}
	var drops []drop
	m.mu.Lock()
	downloading := 0
	for _, ps := range m.peers {
		if len(ps.inFlight) > 0 {
			downloading++
		}
	}
	for _, ps := range m.peers {
		if !ps.stallingSince.IsZero() && now.Sub(ps.stallingSince) > m.cfg.StallTimeout {
			drops = append(drops, drop{ps, "peer is stalling block download"})
			continue
		}
		if len(ps.inFlight) > 0 {
			timeout := m.cfg.BlockDownloadTimeout + time.Duration(downloading-1)*m.cfg.BlockDownloadTimeout/2
			if now.Sub(ps.downloadingSince) > timeout {
				drops = append(drops, drop{ps, "block download timeout"})
			}
		}
	}
	for h, r := range m.txInFlight {
		if now.Sub(r.at) > TxRequestTimeout {
			delete(m.txInFlight, h)
			r.ps.txInFlight--
		}
	}
	m.mu.Unlock()
	for _, d := range drops {
		m.log.Info("disconnecting peer", "peer", d.ps.p.ID(), "reason", d.reason)
		d.ps.p.Disconnect(d.reason)
		// The node calls DonePeer when the peer is gone; release its
		// blocks now so the window moves on.
		m.releaseBlocks(d.ps)
	}
	if len(drops) > 0 {
		m.requestBlocksAll()
	}
}

// releaseBlocks forgets the blocks in flight from ps.
func (m *Manager) releaseBlocks(ps *peerState) {
	m.mu.Lock()
	for h := range ps.inFlight {
		if m.blocksInFlight[h] == ps {
			delete(m.blocksInFlight, h)
		}
		delete(ps.inFlight, h)
	}
	ps.stallingSince = time.Time{}
	ps.registered = false
	m.mu.Unlock()
}

// markReceivedLocked removes hash from the blocks in flight (whoever held
// it) and records the arrival at ps. It reports whether ps had requested
// the block. m.mu is held.
func (m *Manager) markReceivedLocked(ps *peerState, hash chainhash.Hash, now time.Time) bool {
	requested := false
	if owner, ok := m.blocksInFlight[hash]; ok {
		requested = owner == ps
		delete(m.blocksInFlight, hash)
		delete(owner.inFlight, hash)
		if requested && len(owner.inFlight) > 0 {
			owner.downloadingSince = now
		}
	}
	ps.stallingSince = time.Time{}
	return requested
}
