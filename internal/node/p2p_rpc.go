package node

import (
	"errors"
	"fmt"
	"time"

	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
	"github.com/twinchain/twinchain/internal/p2p/connmgr"
	"github.com/twinchain/twinchain/internal/rpc/btcrpc"
)

// p2pNet implements btcrpc.Net over the P2P service. Before the service
// has started (or with it failed) it reports an empty network.
type p2pNet struct{ s *p2pService }

var _ btcrpc.Net = p2pNet{}

// netError turns a connection-manager error into Core's RPC error.
func netError(err error) error {
	var e *connmgr.Error
	if errors.As(err, &e) {
		return jsonrpc.NewError(e.RPCCode(), "%s", e.Description)
	}
	return err
}

func (n p2pNet) cm() *connmgr.Manager { return n.s.cm }

func (n p2pNet) ConnectionCount(dir int) int {
	cm := n.cm()
	if cm == nil {
		return 0
	}
	switch dir {
	case btcrpc.DirIn:
		return cm.ConnectionCount(connmgr.DirIn)
	case btcrpc.DirOut:
		return cm.ConnectionCount(connmgr.DirOut)
	}
	return cm.ConnectionCount(connmgr.DirAll)
}

func seconds(d time.Duration) *float64 {
	if d <= 0 {
		return nil
	}
	v := d.Seconds()
	return &v
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (n p2pNet) Peers() []btcrpc.PeerInfo {
	cm := n.cm()
	if cm == nil {
		return nil
	}
	sync := map[int64]int32{}
	inflight := map[int64]int{}
	for _, ps := range n.s.sync.PeerStats() {
		sync[ps.ID] = ps.BestKnownHeight
		inflight[ps.ID] = ps.BlocksInFlight
	}
	var out []btcrpc.PeerInfo
	for _, ci := range cm.Peers() {
		n.s.mu.Lock()
		pp := n.s.peers[int64(ci.ID)]
		n.s.mu.Unlock()
		info := btcrpc.PeerInfo{
			ID:                int64(ci.ID),
			Addr:              ci.Addr.String(),
			AddrBind:          ci.LocalAddr,
			Network:           ci.Addr.Network().String(),
			Inbound:           ci.Inbound,
			ConnTime:          ci.ConnTime.Unix(),
			BytesSent:         ci.BytesSent,
			BytesRecv:         ci.BytesRecv,
			ConnectionType:    ci.Type.String(),
			Services:          fmt.Sprintf("%016x", 0),
			ServicesNames:     []string{},
			Permissions:       []string{},
			Inflight:          []int32{},
			SyncedHeaders:     -1,
			SyncedBlocks:      -1,
			PresyncedHeaders:  -1,
			StartingHeight:    -1,
			TransportProtocol: "v1",
			BytesSentPerMsg:   map[string]uint64{},
			BytesRecvPerMsg:   map[string]uint64{},
		}
		if pp != nil {
			st := pp.p.Stats()
			info.Services = fmt.Sprintf("%016x", uint64(st.Services))
			info.ServicesNames = btcrpc.ServiceNames(uint64(st.Services))
			info.RelayTxes = st.RelayTxes
			info.LastSend, info.LastRecv = unixOrZero(st.LastSend), unixOrZero(st.LastRecv)
			info.TimeOffset = int64(st.TimeOffset / time.Second)
			info.PingTime, info.MinPing, info.PingWait = seconds(st.PingTime), seconds(st.MinPing), seconds(st.PingWait)
			info.Version, info.SubVer = st.Version, st.SubVer
			info.BIP152HBTo, info.BIP152HBFrom = st.HighBandwidthTo, st.HighBandwidthFrom
			info.StartingHeight = st.StartingHeight
			info.SyncedHeaders, info.SyncedBlocks = st.SyncedHeaders, st.SyncedBlocks
			if h, ok := sync[st.ID]; ok && info.SyncedHeaders <= 0 {
				info.SyncedHeaders = h
			}
			info.MinFeeFilter = float64(st.MinFeeFilter) / 1e8
			info.BytesSentPerMsg, info.BytesRecvPerMsg = st.BytesSentPerMsg, st.BytesRecvPerMsg
			info.AddrRelayEnabled = ci.Type != connmgr.BlockRelay
			info.BytesSent, info.BytesRecv = st.BytesSent, st.BytesRecv
		}
		out = append(out, info)
	}
	return out
}

func (n p2pNet) NetTotals() (recv, sent uint64) {
	if cm := n.cm(); cm != nil {
		return cm.NetTotals()
	}
	return 0, 0
}

func (n p2pNet) NetworkActive() bool {
	if cm := n.cm(); cm != nil {
		return cm.NetworkActive()
	}
	return false
}

func (n p2pNet) SetNetworkActive(active bool) {
	if cm := n.cm(); cm != nil {
		cm.SetNetworkActive(active)
	}
}

func (n p2pNet) LocalRelay() bool { return !n.s.n.cfg.BlocksOnly }

func (n p2pNet) Ping() {
	n.s.mu.Lock()
	defer n.s.mu.Unlock()
	for _, pp := range n.s.peers {
		pp.p.RequestPing()
	}
}

func (n p2pNet) AddNode(node, cmd string) error {
	cm := n.cm()
	if cm == nil {
		return jsonrpc.NewError(-9, "Error: Peer-to-peer functionality missing or disabled")
	}
	return netError(cm.AddNode(node, cmd))
}

func (n p2pNet) AddedNodes() []btcrpc.AddedNodeInfo {
	cm := n.cm()
	if cm == nil {
		return nil
	}
	var out []btcrpc.AddedNodeInfo
	for _, a := range cm.AddedNodes() {
		e := btcrpc.AddedNodeInfo{AddedNode: a.Name, Connected: a.Connected}
		if a.Connected {
			e.Address = a.Addr.String()
		}
		out = append(out, e)
	}
	return out
}

func (n p2pNet) DisconnectNode(address string, id int64, byID bool) error {
	cm := n.cm()
	if cm == nil {
		return jsonrpc.NewError(-9, "Error: Peer-to-peer functionality missing or disabled")
	}
	if byID {
		return netError(cm.DisconnectNodeByID(connmgr.PeerID(id)))
	}
	return netError(cm.DisconnectNode(address))
}

func (n p2pNet) Ban(subnet string, bantime int64, absolute bool) error {
	cm := n.cm()
	if cm == nil {
		return jsonrpc.NewError(-9, "Error: Peer-to-peer functionality missing or disabled")
	}
	return netError(cm.Ban(subnet, bantime, absolute))
}

func (n p2pNet) Unban(subnet string) error {
	cm := n.cm()
	if cm == nil {
		return jsonrpc.NewError(-9, "Error: Peer-to-peer functionality missing or disabled")
	}
	return netError(cm.Unban(subnet))
}

func (n p2pNet) ListBanned() []btcrpc.BannedInfo {
	cm := n.cm()
	if cm == nil {
		return nil
	}
	now := time.Now().Unix()
	var out []btcrpc.BannedInfo
	for _, b := range cm.ListBanned() {
		out = append(out, btcrpc.BannedInfo{
			Address:       b.SubnetString(),
			BanCreated:    b.Created.Unix(),
			BannedUntil:   b.Until.Unix(),
			BanDuration:   b.Until.Unix() - b.Created.Unix(),
			TimeRemaining: b.Until.Unix() - now,
		})
	}
	return out
}

func (n p2pNet) ClearBanned() {
	if cm := n.cm(); cm != nil {
		cm.ClearBanned()
	}
}

func (n p2pNet) NodeAddresses(count int, network string) []btcrpc.NodeAddress {
	am := n.s.addrs
	if am == nil {
		return nil
	}
	var net addrmgr.Network
	switch network {
	case "ipv4":
		net = addrmgr.NetIPv4
	case "ipv6":
		net = addrmgr.NetIPv6
	case "onion":
		net = addrmgr.NetTorV3
	case "i2p":
		net = addrmgr.NetI2P
	case "cjdns":
		net = addrmgr.NetCJDNS
	}
	var out []btcrpc.NodeAddress
	for _, a := range am.GetAddr(count, 0, net, true) {
		out = append(out, btcrpc.NodeAddress{
			Time:     a.Time.Unix(),
			Services: a.Services,
			Address:  a.Addr.Host(),
			Port:     a.Addr.Port(),
			Network:  a.Addr.Network().String(),
		})
	}
	return out
}

var _ btcrpc.AddrManCounter = p2pNet{}

// AddrManCounts backs getaddrmaninfo.
func (n p2pNet) AddrManCounts() (map[string]btcrpc.AddrManCount, bool) {
	am := n.s.addrs
	if am == nil {
		return nil, false
	}
	out := make(map[string]btcrpc.AddrManCount)
	for net, c := range am.Counts() {
		out[net.String()] = btcrpc.AddrManCount{New: c.New, Tried: c.Tried}
	}
	return out, true
}
