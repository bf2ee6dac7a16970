package wire

import "github.com/twinchain/twinchain/internal/btc/primitives"

// NetAddress is one entry of an addr message: a NetAddr with the time the
// address was last seen (UNIX seconds, uint32 on the wire).
type NetAddress struct {
	Time uint32
	NetAddr
}

// netAddressSize is the encoded size of a NetAddress.
const netAddressSize = 4 + netAddrSize

// MsgAddr relays peer addresses in the original (V1) encoding, at most
// MaxAddrToSend of them.
type MsgAddr struct {
	Addrs []NetAddress
}

// Command returns "addr".
func (*MsgAddr) Command() string { return CmdAddr }

// Encode appends the payload.
func (m *MsgAddr) Encode(b []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(m.Addrs)))
	for i := range m.Addrs {
		b = appendU32(b, m.Addrs[i].Time)
		b = m.Addrs[i].NetAddr.append(b)
	}
	return b
}

// Decode reads the payload; more than MaxAddrToSend entries is ErrTooMany.
func (m *MsgAddr) Decode(p []byte) error {
	d := decoder{cmd: CmdAddr, b: p}
	n := d.count("addr", MaxAddrToSend, netAddressSize)
	if d.err != nil {
		return d.err
	}
	m.Addrs = make([]NetAddress, n)
	for i := range m.Addrs {
		m.Addrs[i].Time = d.u32("time")
		m.Addrs[i].NetAddr = d.netAddr("address")
	}
	return d.finish()
}

// NetworkID is a BIP155 network identifier.
type NetworkID uint8

// BIP155 networks.
const (
	NetIPv4  NetworkID = 1
	NetIPv6  NetworkID = 2
	NetTorV2 NetworkID = 3 // withdrawn; Core ignores such addresses
	NetTorV3 NetworkID = 4
	NetI2P   NetworkID = 5
	NetCJDNS NetworkID = 6
)

// AddrLen returns the address length BIP155 fixes for a network and whether
// the network is one Core recognizes (TorV2 is not: Core skips it like an
// unknown network).
func (n NetworkID) AddrLen() (int, bool) {
	switch n {
	case NetIPv4:
		return 4, true
	case NetIPv6:
		return 16, true
	case NetTorV3, NetI2P:
		return 32, true
	case NetCJDNS:
		return 16, true
	}
	return 0, false
}

// NetAddressV2 is one entry of an addrv2 message (BIP155). Addr aliases the
// decoded payload.
type NetAddressV2 struct {
	Time     uint32
	Services ServiceFlag
	Net      NetworkID
	Addr     []byte
	Port     uint16
}

// Known reports whether the entry is of a network Core recognizes. Decode
// keeps entries of unknown networks (as raw bytes) so messages round-trip;
// Core reads and discards them, and so should an address manager.
func (a *NetAddressV2) Known() bool {
	_, ok := a.Net.AddrLen()
	return ok
}

// MsgAddrV2 relays peer addresses in the BIP155 encoding, at most
// MaxAddrToSend of them. A peer must have sent sendaddrv2 first.
type MsgAddrV2 struct {
	Addrs []NetAddressV2
}

// Command returns "addrv2".
func (*MsgAddrV2) Command() string { return CmdAddrV2 }

// Encode appends the payload.
func (m *MsgAddrV2) Encode(b []byte) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(m.Addrs)))
	for i := range m.Addrs {
		a := &m.Addrs[i]
		b = appendU32(b, a.Time)
		b = primitives.AppendCompactSize(b, uint64(a.Services))
		b = append(b, byte(a.Net))
		b = appendVarBytes(b, a.Addr)
		b = appendU16BE(b, a.Port)
	}
	return b
}

// minAddrV2Size is the smallest encoded entry: time, 1-byte services,
// network id, 1-byte length, empty address, port.
const minAddrV2Size = 4 + 1 + 1 + 1 + 2

// Decode reads the payload as Core's CNetAddr::UnserializeV2Stream does: an
// address longer than MaxAddrV2Size, or one of a known network with a length
// other than BIP155's, is ErrMalformed; entries of unknown networks are kept
// as they are (see NetAddressV2.Known). More than MaxAddrToSend entries is
// ErrTooMany.
func (m *MsgAddrV2) Decode(p []byte) error {
	d := decoder{cmd: CmdAddrV2, b: p}
	n := d.count("addrv2", MaxAddrToSend, minAddrV2Size)
	if d.err != nil {
		return d.err
	}
	m.Addrs = make([]NetAddressV2, n)
	for i := range m.Addrs {
		a := &m.Addrs[i]
		a.Time = d.u32("time")
		a.Services = ServiceFlag(d.compactSizeUnbounded("services"))
		a.Net = NetworkID(d.u8("network id"))
		size := d.compactSizeUnbounded("address length")
		if d.err != nil {
			return d.err
		}
		if size > MaxAddrV2Size {
			return malformed(CmdAddrV2, "address too long: %d > %d", size, MaxAddrV2Size)
		}
		if want, ok := a.Net.AddrLen(); ok && int(size) != want {
			return malformed(CmdAddrV2, "BIP155 network %d address with length %d (should be %d)", a.Net, size, want)
		}
		a.Addr = d.bytes(int(size), "address")
		a.Port = d.u16be("port")
	}
	return d.finish()
}
