package netsync

import (
	"github.com/twinchain/twinchain/internal/btc/indexers"
	"github.com/twinchain/twinchain/internal/btc/wire"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// FilterIndex is the block filter index BIP157 requests are answered from
// (an *indexers.BlockFilterIndex).
type FilterIndex interface {
	Filters(startHeight int32, stopHash chainhash.Hash) ([]indexers.FilterEntry, error)
	FilterHashes(startHeight int32, stopHash chainhash.Hash) (prevHeader chainhash.Hash, hashes []chainhash.Hash, err error)
	Checkpoints(stopHash chainhash.Hash) ([]chainhash.Hash, error)
}

// checkFilterRequest applies Core's PrepareBlockFilterRequest rules: the
// basic type, served only with -peerblockfilters; a stop block on the
// active chain; start at most stop and fewer than limit blocks. A request
// breaking them disconnects the peer. limit 0 skips the range checks
// (getcfcheckpt).
func (m *Manager) checkFilterRequest(ps *peerState, ft wire.FilterType, start uint32, stop chainhash.Hash, limit int) bool {
	if m.cfg.FilterIndex == nil || ft != wire.FilterTypeBasic {
		ps.p.Disconnect("peer requested unsupported block filter type")
		return false
	}
	info, err := m.chain.BlockInfo(stop)
	if err != nil || !info.InActiveChain {
		ps.p.Disconnect("peer requested invalid block hash")
		return false
	}
	if limit == 0 {
		return true
	}
	if int64(start) > int64(info.Height) {
		ps.p.Disconnect("peer sent invalid getcfilters/getcfheaders with start height greater than stop height")
		return false
	}
	if int64(info.Height)-int64(start) >= int64(limit) {
		ps.p.Disconnect("peer requested too many cfilters/cfheaders")
		return false
	}
	return true
}

// onGetCFilters answers a BIP157 getcfilters with one cfilter per block.
func (m *Manager) onGetCFilters(ps *peerState, msg *wire.MsgGetCFilters) {
	if !m.checkFilterRequest(ps, msg.FilterType, msg.StartHeight, msg.StopHash, indexers.MaxGetCFilters) {
		return
	}
	fs, err := m.cfg.FilterIndex.Filters(int32(msg.StartHeight), msg.StopHash)
	if err != nil {
		m.log.Debug("getcfilters not answered", "peer", ps.p.ID(), "err", err)
		return
	}
	for _, f := range fs {
		m.send(ps, &wire.MsgCFilter{FilterType: msg.FilterType, BlockHash: f.BlockHash, Filter: f.Filter})
	}
}

// onGetCFHeaders answers a BIP157 getcfheaders.
func (m *Manager) onGetCFHeaders(ps *peerState, msg *wire.MsgGetCFHeaders) {
	if !m.checkFilterRequest(ps, msg.FilterType, msg.StartHeight, msg.StopHash, indexers.MaxGetCFHeaders) {
		return
	}
	prev, hashes, err := m.cfg.FilterIndex.FilterHashes(int32(msg.StartHeight), msg.StopHash)
	if err != nil {
		m.log.Debug("getcfheaders not answered", "peer", ps.p.ID(), "err", err)
		return
	}
	m.send(ps, &wire.MsgCFHeaders{FilterType: msg.FilterType, StopHash: msg.StopHash, PreviousFilterHeader: prev, FilterHashes: hashes})
}

// onGetCFCheckpt answers a BIP157 getcfcheckpt.
func (m *Manager) onGetCFCheckpt(ps *peerState, msg *wire.MsgGetCFCheckpt) {
	if !m.checkFilterRequest(ps, msg.FilterType, 0, msg.StopHash, 0) {
		return
	}
	cps, err := m.cfg.FilterIndex.Checkpoints(msg.StopHash)
	if err != nil {
		m.log.Debug("getcfcheckpt not answered", "peer", ps.p.ID(), "err", err)
		return
	}
	m.send(ps, &wire.MsgCFCheckpt{FilterType: msg.FilterType, StopHash: msg.StopHash, FilterHeaders: cps})
}
