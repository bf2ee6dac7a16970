package btcrpc

import (
	"context"
	"fmt"
	"strings"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// Connection directions for Net.ConnectionCount.
const (
	DirAll = iota
	DirIn
	DirOut
)

// Net is the P2P network as the network RPCs see it; the node implements it
// over its connection and address managers. Errors it returns should be
// *jsonrpc.Error values carrying Core's codes and messages.
type Net interface {
	// ConnectionCount counts connections in a direction (DirAll, DirIn,
	// DirOut).
	ConnectionCount(dir int) int
	// Peers returns getpeerinfo's entries.
	Peers() []PeerInfo
	// NetTotals returns the bytes received and sent.
	NetTotals() (recv, sent uint64)
	// NetworkActive and SetNetworkActive back setnetworkactive.
	NetworkActive() bool
	SetNetworkActive(active bool)
	// LocalRelay reports whether we ask peers for transactions (not
	// -blocksonly).
	LocalRelay() bool
	// Ping asks every peer for a ping.
	Ping()
	// AddNode runs addnode's command ("add", "remove", "onetry").
	AddNode(node, cmd string) error
	// AddedNodes returns the added list.
	AddedNodes() []AddedNodeInfo
	// DisconnectNode disconnects by address, or by id when byID.
	DisconnectNode(address string, id int64, byID bool) error
	// Ban bans subnet for bantime seconds (0: the default), or until the
	// unix time bantime when absolute; Unban lifts a ban.
	Ban(subnet string, bantime int64, absolute bool) error
	Unban(subnet string) error
	// ListBanned and ClearBanned back listbanned and clearbanned.
	ListBanned() []BannedInfo
	ClearBanned()
	// NodeAddresses returns up to count known addresses (0: all) of a
	// network ("" for all).
	NodeAddresses(count int, network string) []NodeAddress
}

// PeerInfo is one getpeerinfo entry, with Core's field names.
type PeerInfo struct {
	ID                int64             `json:"id"`
	Addr              string            `json:"addr"`
	AddrBind          string            `json:"addrbind,omitempty"`
	Network           string            `json:"network"`
	Services          string            `json:"services"`
	ServicesNames     []string          `json:"servicesnames"`
	RelayTxes         bool              `json:"relaytxes"`
	LastSend          int64             `json:"lastsend"`
	LastRecv          int64             `json:"lastrecv"`
	LastTransaction   int64             `json:"last_transaction"`
	LastBlock         int64             `json:"last_block"`
	BytesSent         uint64            `json:"bytessent"`
	BytesRecv         uint64            `json:"bytesrecv"`
	ConnTime          int64             `json:"conntime"`
	TimeOffset        int64             `json:"timeoffset"`
	PingTime          *float64          `json:"pingtime,omitempty"`
	MinPing           *float64          `json:"minping,omitempty"`
	PingWait          *float64          `json:"pingwait,omitempty"`
	Version           int32             `json:"version"`
	SubVer            string            `json:"subver"`
	Inbound           bool              `json:"inbound"`
	BIP152HBTo        bool              `json:"bip152_hb_to"`
	BIP152HBFrom      bool              `json:"bip152_hb_from"`
	StartingHeight    int32             `json:"startingheight"`
	PresyncedHeaders  int32             `json:"presynced_headers"`
	SyncedHeaders     int32             `json:"synced_headers"`
	SyncedBlocks      int32             `json:"synced_blocks"`
	Inflight          []int32           `json:"inflight"`
	AddrRelayEnabled  bool              `json:"addr_relay_enabled"`
	AddrProcessed     uint64            `json:"addr_processed"`
	AddrRateLimited   uint64            `json:"addr_rate_limited"`
	Permissions       []string          `json:"permissions"`
	MinFeeFilter      float64           `json:"minfeefilter"`
	BytesSentPerMsg   map[string]uint64 `json:"bytessent_per_msg"`
	BytesRecvPerMsg   map[string]uint64 `json:"bytesrecv_per_msg"`
	ConnectionType    string            `json:"connection_type"`
	TransportProtocol string            `json:"transport_protocol_type"`
	SessionID         string            `json:"session_id"`
}

// AddedNodeInfo is one getaddednodeinfo entry.
type AddedNodeInfo struct {
	AddedNode string `json:"addednode"`
	Connected bool   `json:"connected"`
	// Address is the connected address ("" when not connected).
	Address string `json:"-"`
}

// BannedInfo is one listbanned entry (unix seconds).
type BannedInfo struct {
	Address       string `json:"address"`
	BanCreated    int64  `json:"ban_created"`
	BannedUntil   int64  `json:"banned_until"`
	BanDuration   int64  `json:"ban_duration"`
	TimeRemaining int64  `json:"time_remaining"`
}

// NodeAddress is one getnodeaddresses entry.
type NodeAddress struct {
	Time     int64  `json:"time"`
	Services uint64 `json:"services"`
	Address  string `json:"address"`
	Port     uint16 `json:"port"`
	Network  string `json:"network"`
}

// ServiceNames returns Core's names of the service bits in flags.
func ServiceNames(flags uint64) []string {
	names := []struct {
		bit  uint64
		name string
	}{{1 << 0, "NETWORK"}, {1 << 2, "BLOOM"}, {1 << 3, "WITNESS"}, {1 << 6, "COMPACT_FILTERS"},
		{1 << 10, "NETWORK_LIMITED"}, {1 << 11, "P2P_V2"}}
	out := []string{}
	for _, n := range names {
		if flags&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// errNoNet is Core's error when the P2P layer is off.
func errNoNet() error {
	return jsonrpc.NewError(-9, "Error: Peer-to-peer functionality missing or disabled")
}

func (s *Service) getConnectionCount(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Net == nil {
		return 0, nil
	}
	return s.cfg.Net.ConnectionCount(DirAll), nil
}

func (s *Service) getPeerInfo(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Net == nil {
		return []any{}, nil
	}
	peers := s.cfg.Net.Peers()
	if peers == nil {
		peers = []PeerInfo{}
	}
	return peers, nil
}

func (s *Service) getNetTotals(context.Context, *jsonrpc.Params) (any, error) {
	out := &netTotals{
		TimeMillis:   s.cfg.Now().UnixMilli(),
		UploadTarget: uploadTarget{Timeframe: 86400, ServeHistoricalBlocks: true},
	}
	if s.cfg.Net != nil {
		out.TotalBytesRecv, out.TotalBytesSent = s.cfg.Net.NetTotals()
	}
	return out, nil
}

func (s *Service) ping(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Net != nil {
		s.cfg.Net.Ping()
	}
	return nil, nil
}

func (s *Service) addNode(_ context.Context, p *jsonrpc.Params) (any, error) {
	var node, cmd string
	if err := p.Require(0, &node); err != nil {
		return nil, err
	}
	if err := p.Require(1, &cmd); err != nil {
		return nil, err
	}
	if cmd != "add" && cmd != "remove" && cmd != "onetry" {
		return nil, jsonrpc.NewError(jsonrpc.CodeMiscError, "addnode \"node\" \"command\"\n\nInvalid command %q (add, remove or onetry)", cmd)
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	return nil, s.cfg.Net.AddNode(node, cmd)
}

func (s *Service) disconnectNode(_ context.Context, p *jsonrpc.Params) (any, error) {
	var addr string
	var id int64
	if err := p.Decode(0, &addr); err != nil {
		return nil, err
	}
	if err := p.Decode(1, &id); err != nil {
		return nil, err
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	switch {
	case p.Has(1) && addr == "":
		return nil, s.cfg.Net.DisconnectNode("", id, true)
	case addr != "" && !p.Has(1):
		return nil, s.cfg.Net.DisconnectNode(addr, 0, false)
	}
	return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Only one of address and nodeid should be provided.")
}

type addedNodeAddr struct {
	Address   string `json:"address"`
	Connected string `json:"connected"`
}

type addedNodeEntry struct {
	AddedNode string          `json:"addednode"`
	Connected bool            `json:"connected"`
	Addresses []addedNodeAddr `json:"addresses"`
}

func (s *Service) getAddedNodeInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	var node string
	if err := p.Decode(0, &node); err != nil {
		return nil, err
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	out := []addedNodeEntry{}
	for _, a := range s.cfg.Net.AddedNodes() {
		if node != "" && a.AddedNode != node {
			continue
		}
		e := addedNodeEntry{AddedNode: a.AddedNode, Connected: a.Connected, Addresses: []addedNodeAddr{}}
		if a.Connected {
			e.Addresses = append(e.Addresses, addedNodeAddr{Address: a.Address, Connected: "outbound"})
		}
		out = append(out, e)
	}
	if node != "" && len(out) == 0 {
		return nil, jsonrpc.NewError(-24, "Error: Node has not been added.")
	}
	return out, nil
}

func (s *Service) setBan(_ context.Context, p *jsonrpc.Params) (any, error) {
	var subnet, cmd string
	var bantime int64
	var absolute bool
	if err := p.Require(0, &subnet); err != nil {
		return nil, err
	}
	if err := p.Require(1, &cmd); err != nil {
		return nil, err
	}
	if err := p.Decode(2, &bantime); err != nil {
		return nil, err
	}
	if err := p.Decode(3, &absolute); err != nil {
		return nil, err
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	switch cmd {
	case "add":
		return nil, s.cfg.Net.Ban(subnet, bantime, absolute)
	case "remove":
		return nil, s.cfg.Net.Unban(subnet)
	}
	return nil, jsonrpc.NewError(jsonrpc.CodeMiscError, "setban \"subnet\" \"command\" ( bantime absolute )\n\nInvalid command %q (add or remove)", cmd)
}

func (s *Service) listBanned(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	out := s.cfg.Net.ListBanned()
	if out == nil {
		out = []BannedInfo{}
	}
	return out, nil
}

func (s *Service) clearBanned(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	s.cfg.Net.ClearBanned()
	return nil, nil
}

func (s *Service) getNodeAddresses(_ context.Context, p *jsonrpc.Params) (any, error) {
	count := 1
	if err := p.Decode(0, &count); err != nil {
		return nil, err
	}
	if count < 0 {
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Address count out of range")
	}
	var network string
	if err := p.Decode(1, &network); err != nil {
		return nil, err
	}
	switch strings.ToLower(network) {
	case "", "ipv4", "ipv6", "onion", "i2p", "cjdns":
	default:
		return nil, jsonrpc.NewError(jsonrpc.CodeInvalidParameter, "Network not recognized: %s", network)
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	out := s.cfg.Net.NodeAddresses(count, strings.ToLower(network))
	if out == nil {
		out = []NodeAddress{}
	}
	return out, nil
}

func (s *Service) setNetworkActive(_ context.Context, p *jsonrpc.Params) (any, error) {
	var state bool
	if err := p.Require(0, &state); err != nil {
		return nil, err
	}
	if s.cfg.Net == nil {
		return nil, errNoNet()
	}
	s.cfg.Net.SetNetworkActive(state)
	return s.cfg.Net.NetworkActive(), nil
}

// networkMethods are the network RPCs beyond getnetworkinfo's group.
func (s *Service) networkMethods() []methodDef {
	return []methodDef{
		def("addnode", "network", s.addNode, []string{"node", "command", "v2transport"}, 2, helpSpec{
			desc:   "Attempts to add or remove a node from the addnode list.\nOr try a connection to a node once.",
			result: "null    (json null)"}),
		def("disconnectnode", "network", s.disconnectNode, []string{"address", "nodeid"}, 0, helpSpec{
			desc:   "Immediately disconnects from the specified peer node.\n\nStrictly one out of 'address' and 'nodeid' can be provided to identify the node.",
			result: "null    (json null)"}),
		def("getaddednodeinfo", "network", s.getAddedNodeInfo, []string{"node"}, 0, helpSpec{
			desc:   "Returns information about the given added node, or all added nodes\n(note that onetry addnodes are not listed here)",
			result: "[    (json array)\n  {    (json object)\n    \"addednode\" : \"str\",    (string) The node IP address or name (as provided to addnode)\n    \"connected\" : true|false,    (boolean) If connected\n    \"addresses\" : [ ... ]    (json array) Only when connected = true\n  },\n  ...\n]"}),
		def("setban", "network", s.setBan, []string{"subnet", "command", "bantime", "absolute"}, 2, helpSpec{
			desc:   "Attempts to add or remove an IP/Subnet from the banned list.",
			result: "null    (json null)"}),
		def("listbanned", "network", s.listBanned, nil, 0, helpSpec{
			desc:   "List all manually banned IPs/Subnets.",
			result: "[    (json array)\n  {    (json object)\n    \"address\" : \"str\",    (string) The IP/Subnet of the banned node\n    \"ban_created\" : xxx,    (numeric) The UNIX epoch time the ban was created\n    \"banned_until\" : xxx,    (numeric) The UNIX epoch time the ban expires\n    \"ban_duration\" : xxx,    (numeric) The ban duration, in seconds\n    \"time_remaining\" : xxx    (numeric) The time remaining until the ban expires, in seconds\n  },\n  ...\n]"}),
		def("clearbanned", "network", s.clearBanned, nil, 0, helpSpec{
			desc:   "Clear all banned IPs.",
			result: "null    (json null)"}),
		def("getnodeaddresses", "network", s.getNodeAddresses, []string{"count", "network"}, 0, helpSpec{
			desc:   "Return known addresses, after filtering for quality and recency.\nThese can potentially be used to find new peers in the network.\nThe total number of addresses known to the node may be higher.",
			result: "[    (json array)\n  {    (json object)\n    \"time\" : xxx,    (numeric) The UNIX epoch time when the node was last seen\n    \"services\" : n,    (numeric) The services offered by the node\n    \"address\" : \"str\",    (string) The address of the node\n    \"port\" : n,    (numeric) The port number of the node\n    \"network\" : \"str\"    (string) The network (ipv4, ipv6, onion, i2p, cjdns) the node connected through\n  },\n  ...\n]"}),
		def("setnetworkactive", "network", s.setNetworkActive, []string{"state"}, 1, helpSpec{
			desc:   "Disable/enable all p2p network activity.",
			result: "true|false    (boolean) The value that was passed in"}),
	}
}

// localServicesHex formats service bits as getnetworkinfo's localservices.
func localServicesHex(flags uint64) string { return fmt.Sprintf("%016x", flags) }
