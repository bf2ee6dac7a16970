package peer

import (
	"maps"
	"time"

	"github.com/twinchain/twinchain/internal/btc/wire"
)

// Stats is a snapshot of a peer for getpeerinfo. Zero times mean "never".
type Stats struct {
	ID             int64
	Addr           string
	Inbound        bool
	ConnectionType string
	Services       wire.ServiceFlag
	RelayTxes      bool
	LastSend       time.Time
	LastRecv       time.Time
	BytesSent      uint64
	BytesRecv      uint64
	// BytesSentPerMsg and BytesRecvPerMsg count whole messages (header
	// included) per command; "*other*" collects unknown or unreadable ones.
	BytesSentPerMsg map[string]uint64
	BytesRecvPerMsg map[string]uint64
	ConnTime        time.Time
	TimeOffset      time.Duration
	// PingTime and MinPing are the last and smallest round trips (0 when
	// none completed); PingWait is the age of the outstanding ping (0 when
	// none).
	PingTime, MinPing, PingWait time.Duration
	Version                     int32
	SubVer                      string
	StartingHeight              int32
	SyncedHeaders               int32
	SyncedBlocks                int32
	WTxIDRelay                  bool
	WantsAddrV2                 bool
	PreferHeaders               bool
	// HighBandwidthTo: we asked the peer to push compact blocks
	// (SetHighBandwidth); HighBandwidthFrom: the peer asked us.
	HighBandwidthTo   bool
	HighBandwidthFrom bool
	MinFeeFilter      int64
	MisbehaviorScore  int
	Connected         bool
}

// Stats returns a snapshot of the peer's statistics.
//
// This function is safe for concurrent access.
func (p *Peer) Stats() Stats {
	s := Stats{
		ID:             p.cfg.ID,
		Addr:           p.addr,
		Inbound:        p.inbound,
		ConnectionType: p.connType.String(),
		ConnTime:       p.connTime,
	}
	p.traffic.mu.Lock()
	s.LastSend, s.LastRecv = p.traffic.lastSend, p.traffic.lastRecv
	s.BytesSent, s.BytesRecv = p.traffic.bytesSent, p.traffic.bytesRcv
	s.BytesSentPerMsg = maps.Clone(p.traffic.sentPerMsg)
	s.BytesRecvPerMsg = maps.Clone(p.traffic.recvPerMsg)
	p.traffic.mu.Unlock()
	if s.BytesSent == 0 {
		s.LastSend = time.Time{}
	}
	if s.BytesRecv == 0 {
		s.LastRecv = time.Time{}
	}
	p.mu.Lock()
	r := &p.remote
	s.Services = r.info.Services
	s.RelayTxes = r.info.Relay
	s.TimeOffset = r.info.TimeOffset
	s.PingTime, s.MinPing = r.lastPing, r.minPing
	if r.pingNonce != 0 {
		s.PingWait = time.Since(r.pingStart)
	}
	s.Version = r.info.Version
	s.SubVer = r.info.UserAgent
	s.StartingHeight = r.info.StartHeight
	s.SyncedHeaders, s.SyncedBlocks = r.syncedHeaders, r.syncedBlocks
	s.WTxIDRelay, s.WantsAddrV2, s.PreferHeaders = r.info.WTxIDRelay, r.info.WantsAddrV2, r.info.PreferHeaders
	s.HighBandwidthFrom, s.HighBandwidthTo = r.info.HighBandwidthCmpct, r.hbTo
	s.MinFeeFilter = r.info.FeeFilter
	s.MisbehaviorScore = r.score
	s.Connected = r.connected && !p.closed
	p.mu.Unlock()
	return s
}
