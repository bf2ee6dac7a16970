package btcrpc

import (
	"context"
	"encoding/json"
	"runtime"
	"slices"
	"time"

	"github.com/twinchain/twinchain/internal/btc/btcjson"
	"github.com/twinchain/twinchain/internal/jsonrpc"
	"github.com/twinchain/twinchain/internal/rpc/rpcutil"
)

func (s *Service) stop(context.Context, *jsonrpc.Params) (any, error) {
	if s.cfg.Shutdown != nil {
		// Let the reply go out first, as Core's StartShutdown does.
		go func() {
			time.Sleep(50 * time.Millisecond)
			s.cfg.Shutdown()
		}()
	}
	return "Bitcoin Core stopping", nil
}

func (s *Service) uptime(context.Context, *jsonrpc.Params) (any, error) {
	return int64(s.cfg.Now().Sub(s.cfg.StartTime) / time.Second), nil
}

// rpcInfo is Core's getrpcinfo result.
type rpcInfo struct {
	ActiveCommands []activeCommand `json:"active_commands"`
	LogPath        string          `json:"logpath"`
}

type activeCommand struct {
	Method   string `json:"method"`
	Duration int64  `json:"duration"`
}

func (s *Service) getRPCInfo(context.Context, *jsonrpc.Params) (any, error) {
	now := s.cfg.Now()
	out := &rpcInfo{ActiveCommands: []activeCommand{}, LogPath: s.cfg.LogPath}
	s.activeMu.Lock()
	ids := make([]uint64, 0, len(s.active))
	for id := range s.active {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := s.active[id]
		out.ActiveCommands = append(out.ActiveCommands, activeCommand{Method: c.method, Duration: now.Sub(c.start).Microseconds()})
	}
	s.activeMu.Unlock()
	return out, nil
}

// stringList decodes an optional array of strings parameter.
func stringList(p *jsonrpc.Params, i int) ([]string, error) {
	if !p.Has(i) {
		return nil, nil
	}
	var raws []json.RawMessage
	if jsonrpc.JSONType(p.Positional[i]) != "array" || json.Unmarshal(p.Positional[i], &raws) != nil {
		return nil, rpcutil.TypeError(p.Positional[i], "array")
	}
	out := make([]string, len(raws))
	for j, r := range raws {
		if json.Unmarshal(r, &out[j]) != nil {
			return nil, rpcErr(jsonrpc.CodeMiscError, "JSON value of type %s is not of expected type string", jsonrpc.JSONType(r))
		}
	}
	return out, nil
}

func (s *Service) logging(_ context.Context, p *jsonrpc.Params) (any, error) {
	include, err := stringList(p, 0)
	if err != nil {
		return nil, err
	}
	exclude, err := stringList(p, 1)
	if err != nil {
		return nil, err
	}
	if s.cfg.Logging == nil {
		return json.RawMessage("{}"), nil
	}
	if len(include) > 0 || len(exclude) > 0 {
		if err := s.cfg.Logging.SetCategories(include, exclude); err != nil {
			return nil, rpcErr(jsonrpc.CodeInvalidParameter, "%s", err.Error())
		}
	}
	cats := s.cfg.Logging.Categories()
	names := make([]string, 0, len(cats))
	for n := range cats {
		names = append(names, n)
	}
	slices.Sort(names)
	fields := make([]statField, len(names))
	for i, n := range names {
		v := "false"
		if cats[n] {
			v = "true"
		}
		fields[i] = statField{n, json.RawMessage(v)}
	}
	return marshalFields(fields), nil
}

// memoryInfo is getmemoryinfo's "locked" object, with Go's heap figures.
type memoryInfo struct {
	Locked struct {
		Used       uint64 `json:"used"`
		Free       uint64 `json:"free"`
		Total      uint64 `json:"total"`
		Locked     uint64 `json:"locked"`
		ChunksUsed uint64 `json:"chunks_used"`
		ChunksFree uint64 `json:"chunks_free"`
	} `json:"locked"`
}

func (s *Service) getMemoryInfo(_ context.Context, p *jsonrpc.Params) (any, error) {
	mode, err := rpcutil.OptString(p, 0, "stats")
	if err != nil {
		return nil, err
	}
	switch mode {
	case "stats":
	case "mallocinfo":
		return nil, rpcErr(jsonrpc.CodeMiscError, "mallocinfo mode not available")
	default:
		return nil, rpcErr(jsonrpc.CodeInvalidParameter, "unknown mode %s", mode)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var out memoryInfo
	out.Locked.Used = ms.HeapAlloc
	out.Locked.Total = ms.HeapSys
	out.Locked.Free = ms.HeapSys - ms.HeapAlloc
	return &out, nil
}

// getnetworkinfo; the other network methods are in network.go.

type networkEntry struct {
	Name                      string `json:"name"`
	Limited                   bool   `json:"limited"`
	Reachable                 bool   `json:"reachable"`
	Proxy                     string `json:"proxy"`
	ProxyRandomizeCredentials bool   `json:"proxy_randomize_credentials"`
}

type networkInfo struct {
	Version            int            `json:"version"`
	Subversion         string         `json:"subversion"`
	ProtocolVersion    int            `json:"protocolversion"`
	LocalServices      string         `json:"localservices"`
	LocalServicesNames []string       `json:"localservicesnames"`
	LocalRelay         bool           `json:"localrelay"`
	TimeOffset         int64          `json:"timeoffset"`
	NetworkActive      bool           `json:"networkactive"`
	Connections        int            `json:"connections"`
	ConnectionsIn      int            `json:"connections_in"`
	ConnectionsOut     int            `json:"connections_out"`
	Networks           []networkEntry `json:"networks"`
	RelayFee           btcjson.Amount `json:"relayfee"`
	IncrementalFee     btcjson.Amount `json:"incrementalfee"`
	LocalAddresses     []any          `json:"localaddresses"`
	Warnings           []string       `json:"warnings"`
}

// protocolVersion is Core's PROTOCOL_VERSION.
const protocolVersion = 70016

func (s *Service) getNetworkInfo(context.Context, *jsonrpc.Params) (any, error) {
	nets := []string{"ipv4", "ipv6", "onion", "i2p", "cjdns"}
	out := &networkInfo{
		Version:         s.cfg.Version,
		Subversion:      s.cfg.UserAgent,
		ProtocolVersion: protocolVersion,
		LocalRelay:      true,
		RelayFee:        btcjson.Amount(s.cfg.Policy.MinRelayFee),
		IncrementalFee:  btcjson.Amount(s.cfg.Policy.IncrementalRelayFee),
		LocalAddresses:  []any{},
		Warnings:        []string{},
	}
	services := s.cfg.LocalServices
	if services == 0 {
		services = 0x409
	}
	out.LocalServices, out.LocalServicesNames = localServicesHex(services), ServiceNames(services)
	if s.cfg.Net != nil {
		out.LocalRelay = s.cfg.Net.LocalRelay()
		out.NetworkActive = s.cfg.Net.NetworkActive()
		out.ConnectionsIn = s.cfg.Net.ConnectionCount(DirIn)
		out.ConnectionsOut = s.cfg.Net.ConnectionCount(DirOut)
		out.Connections = out.ConnectionsIn + out.ConnectionsOut
	}
	for _, n := range nets {
		reach := n == "ipv4" || n == "ipv6"
		out.Networks = append(out.Networks, networkEntry{Name: n, Limited: !reach, Reachable: reach})
	}
	return out, nil
}

type uploadTarget struct {
	Timeframe             int64  `json:"timeframe"`
	Target                uint64 `json:"target"`
	TargetReached         bool   `json:"target_reached"`
	ServeHistoricalBlocks bool   `json:"serve_historical_blocks"`
	BytesLeftInCycle      uint64 `json:"bytes_left_in_cycle"`
	TimeLeftInCycle       int64  `json:"time_left_in_cycle"`
}

type netTotals struct {
	TotalBytesRecv uint64       `json:"totalbytesrecv"`
	TotalBytesSent uint64       `json:"totalbytessent"`
	TimeMillis     int64        `json:"timemillis"`
	UploadTarget   uploadTarget `json:"uploadtarget"`
}
