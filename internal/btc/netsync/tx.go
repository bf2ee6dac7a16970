package netsync

import (
	"errors"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/btc/mempool"
	"github.com/twinchain/twinchain/internal/btc/peer"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// rejectTxRelay reports whether ps may not send us transactions: we run
// -blocksonly or the connection is block-relay-only (Core disconnects such
// a peer: "transaction sent in violation of protocol").
func (m *Manager) rejectTxRelay(ps *peerState) bool {
	return m.cfg.BlocksOnly || ps.p.ConnType() == peer.BlockRelayOnly
}

// alreadyHaveTx reports whether a transaction announced as iv is in the
// pool, was rejected since the last tip change, or is being fetched. m.mu
// is held.
func (m *Manager) alreadyHaveTxLocked(iv wire.InvVect) bool {
	if _, ok := m.recentRejects[iv.Hash]; ok {
		return true
	}
	if _, ok := m.txInFlight[iv.Hash]; ok {
		return true
	}
	if iv.Type.Base() == wire.InvWTx {
		_, ok := m.pool.GetByWtxid(iv.Hash)
		return ok
	}
	return m.pool.Has(iv.Hash)
}

// requestTxs asks ps for the announced transactions we lack, at most
// MaxPeerTxRequestInFlight at a time per peer and each hash from one peer
// at a time (a request not answered within TxRequestTimeout may go to
// another). Nothing is requested in IBD, as in Core.
func (m *Manager) requestTxs(ps *peerState, ivs []wire.InvVect) {
	if m.pool == nil || m.chain.IsInitialBlockDownload() {
		return
	}
	wtxid := ps.p.WTxIDRelay()
	var list []wire.InvVect
	now := m.now()
	m.mu.Lock()
	for _, iv := range ivs {
		// A wtxidrelay peer announces by wtxid, the others by txid.
		if (iv.Type.Base() == wire.InvWTx) != wtxid {
			continue
		}
		if ps.txInFlight >= MaxPeerTxRequestInFlight {
			break
		}
		if m.alreadyHaveTxLocked(iv) {
			continue
		}
		typ := wire.InvWitnessTx
		if wtxid {
			typ = wire.InvWTx
		}
		list = append(list, wire.InvVect{Type: typ, Hash: iv.Hash})
		m.txInFlight[iv.Hash] = txRequest{ps: ps, at: now}
		ps.txInFlight++
	}
	m.mu.Unlock()
	if len(list) > 0 {
		m.send(ps, &wire.MsgGetData{List: list})
	}
}

// forgetTxRequestLocked clears the request of hash from ps. m.mu is held.
func (m *Manager) forgetTxRequestLocked(ps *peerState, hash chainhash.Hash) {
	if r, ok := m.txInFlight[hash]; ok && r.ps == ps {
		delete(m.txInFlight, hash)
		ps.txInFlight--
	}
}

// onTx hands a transaction to the mempool and relays what it accepted;
// the missing parents of an orphan are requested from the sender.
func (m *Manager) onTx(ps *peerState, msg *wire.MsgTx) {
	if msg.Tx == nil {
		return
	}
	if m.rejectTxRelay(ps) {
		ps.p.Disconnect("transaction sent in violation of protocol")
		return
	}
	tx := msg.Tx
	txid, wtxid := tx.TxHash(), tx.WitnessHash()
	ps.p.AddKnownInventory(txid)
	ps.p.AddKnownInventory(wtxid)
	m.mu.Lock()
	m.forgetTxRequestLocked(ps, txid)
	m.forgetTxRequestLocked(ps, wtxid)
	m.mu.Unlock()
	// Core stops early in IBD: we cannot validate it yet.
	if m.pool == nil || m.chain.IsInitialBlockDownload() {
		return
	}
	if m.pool.Has(txid) {
		return
	}
	accepted, orphaned, err := m.pool.ProcessTransaction(tx)
	if err != nil {
		m.mu.Lock()
		if len(m.recentRejects) >= maxRecentRejects {
			clear(m.recentRejects)
		}
		m.recentRejects[wtxid] = struct{}{}
		if !tx.HasWitness() {
			m.recentRejects[txid] = struct{}{}
		}
		m.mu.Unlock()
		m.log.Debug("transaction rejected", "peer", ps.p.ID(), "txid", txid, "err", err)
		if punishTx(err) {
			ps.p.Misbehaving(100, "invalid transaction: "+err.Error())
		}
		return
	}
	if orphaned {
		var parents []wire.InvVect
		seen := make(map[chainhash.Hash]bool)
		for _, in := range tx.Inputs {
			h := in.PrevOut.Hash
			if seen[h] || m.pool.Has(h) {
				continue
			}
			seen[h] = true
			parents = append(parents, wire.InvVect{Type: wire.InvTx, Hash: h})
		}
		// Parents are fetched by txid whatever the relay mode (Core).
		m.requestParents(ps, parents)
	}
	m.RelayTransactions(accepted)
}

// requestParents asks ps for an orphan's missing parents by txid.
func (m *Manager) requestParents(ps *peerState, ivs []wire.InvVect) {
	var list []wire.InvVect
	now := m.now()
	m.mu.Lock()
	for _, iv := range ivs {
		if _, ok := m.txInFlight[iv.Hash]; ok || ps.txInFlight >= MaxPeerTxRequestInFlight {
			continue
		}
		if _, ok := m.recentRejects[iv.Hash]; ok {
			continue
		}
		list = append(list, wire.InvVect{Type: wire.InvWitnessTx, Hash: iv.Hash})
		m.txInFlight[iv.Hash] = txRequest{ps: ps, at: now}
		ps.txInFlight++
	}
	m.mu.Unlock()
	if len(list) > 0 {
		m.send(ps, &wire.MsgGetData{List: list})
	}
}

// punishTx reports whether a rejection breaks consensus rules that do not
// depend on the chain (Core punishes TX_CONSENSUS); policy rejections,
// missing inputs and premature spends are not punished.
func punishTx(err error) bool {
	var ce *consensus.RuleError
	if !errors.As(err, &ce) {
		return false
	}
	for _, k := range []consensus.ErrorKind{
		consensus.ErrBadTxnsVinEmpty, consensus.ErrBadTxnsVoutEmpty, consensus.ErrBadTxnsOversize,
		consensus.ErrBadTxnsVoutNegative, consensus.ErrBadTxnsVoutTooLarge, consensus.ErrBadTxnsTxoutTotalTooLarge,
		consensus.ErrBadTxnsInputsDuplicate, consensus.ErrBadCbLength, consensus.ErrBadTxnsPrevoutNull,
		consensus.ErrBadTxnsInBelowOut,
	} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

// onNotFound forgets transaction requests the peer could not serve (block
// requests wait for the download timeout, as in Core).
func (m *Manager) onNotFound(ps *peerState, msg *wire.MsgNotFound) {
	m.mu.Lock()
	for _, iv := range msg.List {
		switch iv.Type.Base() {
		case wire.InvTx, wire.InvWTx:
			m.forgetTxRequestLocked(ps, iv.Hash)
		}
	}
	m.mu.Unlock()
}

// RelayTransactions announces pool transactions to every peer that relays
// them: by wtxid to wtxidrelay peers, by txid to the others. The peers
// trickle the announcements and apply their fee filters. The node calls it
// for transactions accepted outside the P2P network (RPC, wallet).
//
// This function is safe for concurrent access.
func (m *Manager) RelayTransactions(descs []mempool.TxDesc) {
	if len(descs) == 0 {
		return
	}
	m.mu.Lock()
	peers := make([]*peer.Peer, 0, len(m.peers))
	for p, ps := range m.peers {
		if ps.registered {
			peers = append(peers, p)
		}
	}
	m.mu.Unlock()
	for _, p := range peers {
		if !p.RelayTxs() {
			continue
		}
		for i := range descs {
			if p.WTxIDRelay() {
				p.QueueInventory(wire.InvVect{Type: wire.InvWTx, Hash: descs[i].WTxID})
			} else {
				p.QueueInventory(wire.InvVect{Type: wire.InvTx, Hash: descs[i].TxID})
			}
		}
	}
}

// TxFeeRate returns the fee rate (sat/kvB) of a pool transaction named by
// txid or wtxid, for peer.Config.FeeRate (fee filters).
//
// This function is safe for concurrent access.
func (m *Manager) TxFeeRate(hash chainhash.Hash) (int64, bool) {
	if m.pool == nil {
		return 0, false
	}
	d, ok := m.pool.Get(hash)
	if !ok {
		d, ok = m.pool.GetByWtxid(hash)
	}
	if !ok || d.VSize <= 0 {
		return 0, false
	}
	return d.Fee * 1000 / d.VSize, true
}
