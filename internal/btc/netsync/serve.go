package netsync

import (
	"errors"
	"math/rand/v2"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// maxGetBlocksResults is the most blocks a getblocks is answered with
// (Core's limit of 500).
const maxGetBlocksResults = 500

// onGetData serves blocks (witness or stripped as asked), compact blocks
// and mempool transactions; what we do not have is listed in one notfound.
func (m *Manager) onGetData(ps *peerState, msg *wire.MsgGetData) {
	var notFound []wire.InvVect
	for _, iv := range msg.List {
		if !ps.p.Connected() {
			return
		}
		switch iv.Type {
		case wire.InvBlock, wire.InvWitnessBlock, wire.InvCmpctBlock:
			if !m.serveBlock(ps, iv) {
				notFound = append(notFound, iv)
			}
		case wire.InvTx, wire.InvWitnessTx, wire.InvWTx:
			if !m.serveTx(ps, iv) {
				notFound = append(notFound, iv)
			}
		}
	}
	if len(notFound) > 0 {
		m.send(ps, &wire.MsgNotFound{List: notFound})
	}
}

// serveBlock sends one block; it reports false when we do not have it.
func (m *Manager) serveBlock(ps *peerState, iv wire.InvVect) bool {
	info, err := m.chain.BlockInfo(iv.Hash)
	if err != nil || !info.HaveData {
		return false
	}
	raw, err := m.chain.RawBlockByHash(iv.Hash)
	if err != nil {
		return false
	}
	switch iv.Type {
	case wire.InvCmpctBlock:
		best := m.chain.BestState()
		if info.Height >= best.Height-MaxCmpctBlockDepth {
			blk, err := primitives.DecodeBlock(raw)
			if err != nil {
				return false
			}
			m.send(ps, wire.NewCmpctBlock(blk, rand.Uint64()))
			return true
		}
	case wire.InvBlock:
		blk, err := primitives.DecodeBlock(raw)
		if err != nil {
			return false
		}
		raw = blk.AppendStripped(nil)
	}
	frame := wire.AppendMessage(nil, m.magic, &wire.MsgBlock{Raw: raw})
	if err := ps.p.QueueFramed(wire.CmdBlock, frame); err != nil {
		m.log.Debug("send failed", "peer", ps.p.ID(), "cmd", "block", "err", err)
	}
	return true
}

// serveTx sends one mempool transaction; it reports false when the pool
// does not have it.
func (m *Manager) serveTx(ps *peerState, iv wire.InvVect) bool {
	if m.pool == nil || !ps.p.RelayTxs() {
		return false
	}
	var tx *primitives.Tx
	if iv.Type == wire.InvWTx {
		d, ok := m.pool.GetByWtxid(iv.Hash)
		if !ok {
			return false
		}
		tx = d.Tx
	} else {
		d, ok := m.pool.Get(iv.Hash)
		if !ok {
			return false
		}
		tx = d.Tx
		if iv.Type == wire.InvTx && tx.HasWitness() {
			stripped, err := primitives.DecodeTxNoWitness(tx.AppendStripped(nil))
			if err != nil {
				return false
			}
			tx = stripped
		}
	}
	m.send(ps, &wire.MsgTx{Tx: tx})
	return true
}

// activeAfter returns up to limit hashes of the active chain after the
// fork point of loc, stopping after stop.
func (m *Manager) activeAfter(loc []chainhash.Hash, stop chainhash.Hash, limit int) []chainhash.Hash {
	_, height := m.chain.FindFork(loc)
	tip := m.chain.BestState().Height
	var out []chainhash.Hash
	for h := height + 1; h <= tip && len(out) < limit; h++ {
		hash, err := m.chain.BlockHashByHeight(h)
		if err != nil {
			break
		}
		out = append(out, hash)
		if hash == stop {
			break
		}
	}
	return out
}

// onGetHeaders answers with up to MaxHeadersResults headers of the active
// chain after the locator's fork point (Core ignores getheaders while in
// IBD: our chain may not be the best one yet).
func (m *Manager) onGetHeaders(ps *peerState, msg *wire.MsgGetHeaders) {
	if m.chain.IsInitialBlockDownload() {
		m.log.Debug("ignoring getheaders in IBD", "peer", ps.p.ID())
		return
	}
	var hdrs []primitives.Header
	if len(msg.Locator) == 0 {
		if info, err := m.chain.BlockInfo(msg.HashStop); err == nil {
			hdrs = append(hdrs, info.Header)
		}
	} else {
		for _, h := range m.activeAfter(msg.Locator, msg.HashStop, MaxHeadersResults) {
			info, err := m.chain.BlockInfo(h)
			if err != nil {
				break
			}
			hdrs = append(hdrs, info.Header)
		}
	}
	m.send(ps, &wire.MsgHeaders{Headers: hdrs})
}

// onGetBlocks answers the pre-headers-first request with an inv of up to
// 500 blocks of the active chain.
func (m *Manager) onGetBlocks(ps *peerState, msg *wire.MsgGetBlocks) {
	hashes := m.activeAfter(msg.Locator, msg.HashStop, maxGetBlocksResults)
	if len(hashes) == 0 {
		return
	}
	list := make([]wire.InvVect, len(hashes))
	for i, h := range hashes {
		list[i] = wire.InvVect{Type: wire.InvBlock, Hash: h}
	}
	m.send(ps, &wire.MsgInv{List: list})
}

// onGetBlockTxn answers a BIP152 request for some transactions of a recent
// block; for an older block it sends the whole block, as Core does.
func (m *Manager) onGetBlockTxn(ps *peerState, msg *wire.MsgGetBlockTxn) {
	info, err := m.chain.BlockInfo(msg.BlockHash)
	if err != nil || !info.HaveData {
		return
	}
	if best := m.chain.BestState(); info.Height < best.Height-MaxBlockTxnDepth {
		m.serveBlock(ps, wire.InvVect{Type: wire.InvWitnessBlock, Hash: msg.BlockHash})
		return
	}
	raw, err := m.chain.RawBlockByHash(msg.BlockHash)
	if err != nil {
		return
	}
	blk, err := primitives.DecodeBlock(raw)
	if err != nil {
		return
	}
	resp, err := wire.NewBlockTxn(blk, msg)
	if err != nil {
		if errors.Is(err, wire.ErrCmpctInvalid) {
			ps.p.Misbehaving(100, "getblocktxn with out-of-bounds tx indices")
		}
		return
	}
	m.send(ps, resp)
}
