package btcrpc

import (
	"context"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// AddrManCount is one network's entry of getaddrmaninfo: its addresses in
// the new and tried tables.
type AddrManCount struct {
	New   int `json:"new"`
	Tried int `json:"tried"`
}

// AddrManCounter is the optional method of a Net that getaddrmaninfo uses.
// AddrManCounts returns the table counts keyed by Core's network names
// ("ipv4", "ipv6", "onion", "i2p", "cjdns"; absent networks count zero),
// and false when there is no address manager. Without it, or without a
// Net, getaddrmaninfo answers Core's -9 error.
type AddrManCounter interface {
	AddrManCounts() (map[string]AddrManCount, bool)
}

// addrManEntry is one object of getaddrmaninfo's answer.
type addrManEntry struct {
	New   int `json:"new"`
	Tried int `json:"tried"`
	Total int `json:"total"`
}

// addrManInfo is getaddrmaninfo's answer, in Core's key order.
type addrManInfo struct {
	IPv4  addrManEntry `json:"ipv4"`
	IPv6  addrManEntry `json:"ipv6"`
	Onion addrManEntry `json:"onion"`
	I2P   addrManEntry `json:"i2p"`
	CJDNS addrManEntry `json:"cjdns"`
	All   addrManEntry `json:"all_networks"`
}

func entryOf(c AddrManCount) addrManEntry {
	return addrManEntry{New: c.New, Tried: c.Tried, Total: c.New + c.Tried}
}

func (s *Service) getAddrManInfo(context.Context, *jsonrpc.Params) (any, error) {
	errNoAddrMan := jsonrpc.NewError(-9, "Error: Address manager functionality missing or disabled")
	am, ok := s.cfg.Net.(AddrManCounter)
	if !ok {
		return nil, errNoAddrMan
	}
	counts, ok := am.AddrManCounts()
	if !ok {
		return nil, errNoAddrMan
	}
	out := &addrManInfo{
		IPv4:  entryOf(counts["ipv4"]),
		IPv6:  entryOf(counts["ipv6"]),
		Onion: entryOf(counts["onion"]),
		I2P:   entryOf(counts["i2p"]),
		CJDNS: entryOf(counts["cjdns"]),
	}
	for _, e := range []addrManEntry{out.IPv4, out.IPv6, out.Onion, out.I2P, out.CJDNS} {
		out.All.New += e.New
		out.All.Tried += e.Tried
		out.All.Total += e.Total
	}
	return out, nil
}

// addrManMethods is getaddrmaninfo's table entry.
func (s *Service) addrManMethods() []methodDef {
	return []methodDef{
		def("getaddrmaninfo", "network", s.getAddrManInfo, nil, 0, helpSpec{
			desc: "Provides information about the node's address manager by returning the number of addresses in the `new` and `tried` tables and their sum for all networks.",
			result: "{    (json object) json object with network type as keys\n" +
				"  \"network\" : {    (json object) the network (ipv4, ipv6, onion, i2p, cjdns, all_networks)\n" +
				"    \"new\" : n,    (numeric) number of addresses in the new table, which represent potential peers the node has discovered but hasn't yet successfully connected to.\n" +
				"    \"tried\" : n,    (numeric) number of addresses in the tried table, which represent peers the node has successfully connected to in the past.\n" +
				"    \"total\" : n    (numeric) total number of addresses in both new/tried tables\n" +
				"  },\n  ...\n}"}),
	}
}
