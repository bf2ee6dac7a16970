package connmgr

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/p2p/addrmgr"
)

// Network classes hashed into groups (Core's enum Network values).
const (
	groupUnroutable = 0
	groupIPv4       = 1
	groupIPv6       = 2
	groupOnion      = 3
	groupI2P        = 4
	groupCJDNS      = 5
)

// NetGroup returns the network group of a as a string key, Core's
// NetGroupManager::GetGroup without an asmap: the /16 of IPv4 (also when
// embedded in 6to4, Teredo or NAT64 IPv6), the /32 of IPv6 (/36 for
// he.net's 2001:470::/32), the first 4 bits of Tor and I2P addresses and 12
// bits of CJDNS. Local and unroutable addresses all share one group.
func NetGroup(a addrmgr.Addr) string {
	if !a.IsRoutable() {
		return string([]byte{groupUnroutable})
	}
	raw := a.Bytes()
	switch a.Network() {
	case addrmgr.NetIPv4:
		return string([]byte{groupIPv4, raw[0], raw[1]})
	case addrmgr.NetTorV3:
		return string([]byte{groupOnion, raw[0] | 0x0f})
	case addrmgr.NetI2P:
		return string([]byte{groupI2P, raw[0] | 0x0f})
	case addrmgr.NetCJDNS:
		return string([]byte{groupCJDNS, raw[0], raw[1] | 0x0f})
	}
	// IPv6.
	switch {
	case raw[0] == 0x20 && raw[1] == 0x02: // 6to4
		return string([]byte{groupIPv4, raw[2], raw[3]})
	case binary.BigEndian.Uint32(raw) == 0x20010000: // Teredo: inverted
		return string([]byte{groupIPv4, ^raw[12], ^raw[13]})
	case binary.BigEndian.Uint64(raw) == 0x0064ff9b00000000 && binary.BigEndian.Uint32(raw[8:]) == 0: // NAT64
		return string([]byte{groupIPv4, raw[12], raw[13]})
	case binary.BigEndian.Uint32(raw) == 0x20010470: // he.net: /36
		return string([]byte{groupIPv6, raw[0], raw[1], raw[2], raw[3], raw[4] | 0x0f})
	}
	return string([]byte{groupIPv6, raw[0], raw[1], raw[2], raw[3]})
}

// isPrivacyNet reports whether a is a Tor, I2P or CJDNS address, whose
// groups say nothing about the route and are left out of the
// one-outbound-per-group rule, as in Core.
func isPrivacyNet(a addrmgr.Addr) bool {
	switch a.Network() {
	case addrmgr.NetTorV3, addrmgr.NetI2P, addrmgr.NetCJDNS:
		return true
	}
	return false
}
