package addrmgr

import (
	"crypto/sha3"
	"encoding/base32"
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// Network is a BIP155 network id, the one byte that opens an addrv2 address.
type Network uint8

// BIP155 network ids. TorV2 (3) is obsolete and never stored.
const (
	NetIPv4  Network = 1
	NetIPv6  Network = 2
	NetTorV3 Network = 4
	NetI2P   Network = 5
	NetCJDNS Network = 6
)

// String returns the name Core uses for the network in RPC output.
func (n Network) String() string {
	switch n {
	case NetIPv4:
		return "ipv4"
	case NetIPv6:
		return "ipv6"
	case NetTorV3:
		return "onion"
	case NetI2P:
		return "i2p"
	case NetCJDNS:
		return "cjdns"
	}
	return "unknown(" + strconv.Itoa(int(n)) + ")"
}

// addrLen returns the BIP155 address length of n, or 0 for an unknown id.
func (n Network) addrLen() int {
	switch n {
	case NetIPv4:
		return 4
	case NetIPv6, NetCJDNS:
		return 16
	case NetTorV3, NetI2P:
		return 32
	}
	return 0
}

// Core's internal network classes (netaddress.h enum Network), which are
// hashed into the address group. They differ from the BIP155 ids.
const (
	classUnroutable = 0
	classIPv4       = 1
	classIPv6       = 2
	classOnion      = 3
	classI2P        = 4
	classCJDNS      = 5
)

// Addr is a peer endpoint: a network id, the raw address bytes of that
// network and a port. It is comparable and usable as a map key. The zero
// Addr is invalid.
type Addr struct {
	b    [32]byte
	net  Network
	port uint16
}

// AddrFromAddrPort returns the Addr of an IP endpoint. IPv4-mapped IPv6
// addresses become IPv4, as Core does.
func AddrFromAddrPort(ap netip.AddrPort) Addr {
	return AddrFromIP(ap.Addr(), ap.Port())
}

// AddrFromIP returns the Addr of ip and port. IPv4-mapped IPv6 addresses
// become IPv4; addresses in fc00::/8 stay IPv6 (use NewAddr with NetCJDNS
// for CJDNS). An invalid ip yields the zero (invalid) Addr.
func AddrFromIP(ip netip.Addr, port uint16) Addr {
	var a Addr
	ip = ip.Unmap()
	switch {
	case ip.Is4():
		a.net = NetIPv4
		b := ip.As4()
		copy(a.b[:], b[:])
	case ip.Is6():
		a.net = NetIPv6
		b := ip.As16()
		copy(a.b[:], b[:])
	default:
		return Addr{}
	}
	a.port = port
	return a
}

// NewAddr returns the Addr of a BIP155 network id, its raw address bytes
// and a port. It fails with ErrInvalidAddr when the id is unknown (or the
// obsolete TorV2) or raw has the wrong length for the network.
func NewAddr(net Network, raw []byte, port uint16) (Addr, error) {
	n := net.addrLen()
	if n == 0 {
		return Addr{}, makeError(ErrInvalidAddr, "unsupported BIP155 network id %d", uint8(net))
	}
	if len(raw) != n {
		return Addr{}, makeError(ErrInvalidAddr, "BIP155 %s address with length %d (should be %d)", net, len(raw), n)
	}
	a := Addr{net: net, port: port}
	copy(a.b[:], raw)
	return a, nil
}

// Network returns the BIP155 network id of a (0 for the zero Addr).
func (a Addr) Network() Network { return a.net }

// Port returns the port of a.
func (a Addr) Port() uint16 { return a.port }

// WithPort returns a copy of a with another port.
func (a Addr) WithPort(port uint16) Addr { a.port = port; return a }

// Bytes returns the raw BIP155 address bytes of a (4, 16 or 32 bytes).
func (a Addr) Bytes() []byte { return append([]byte(nil), a.raw()...) }

func (a Addr) raw() []byte { return a.b[:a.net.addrLen()] }

// IP returns the IP address of an IPv4, IPv6 or CJDNS Addr; ok is false
// for Tor and I2P.
func (a Addr) IP() (ip netip.Addr, ok bool) {
	switch a.net {
	case NetIPv4:
		return netip.AddrFrom4([4]byte(a.b[:4])), true
	case NetIPv6, NetCJDNS:
		return netip.AddrFrom16([16]byte(a.b[:16])), true
	}
	return netip.Addr{}, false
}

// AddrPort returns the endpoint of an IPv4, IPv6 or CJDNS Addr; ok is false
// for Tor and I2P.
func (a Addr) AddrPort() (netip.AddrPort, bool) {
	ip, ok := a.IP()
	if !ok {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(ip, a.port), true
}

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Host returns the host part of a as Core prints it: dotted IPv4, IPv6
// text, "<56 chars>.onion" or "<52 chars>.b32.i2p".
func (a Addr) Host() string {
	switch a.net {
	case NetIPv4, NetIPv6, NetCJDNS:
		ip, _ := a.IP()
		return ip.String()
	case NetTorV3:
		// onion address = base32(pubkey || checksum[:2] || version 3)
		var buf [35]byte
		copy(buf[:], a.b[:32])
		h := sha3.New256()
		h.Write([]byte(".onion checksum"))
		h.Write(a.b[:32])
		h.Write([]byte{3})
		sum := h.Sum(nil)
		buf[32], buf[33], buf[34] = sum[0], sum[1], 3
		return lowerBase32.EncodeToString(buf[:]) + ".onion"
	case NetI2P:
		return lowerBase32.EncodeToString(a.b[:32]) + ".b32.i2p"
	}
	return "invalid"
}

// String returns "host:port", with IPv6 hosts in brackets.
func (a Addr) String() string {
	h := a.Host()
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	return h + ":" + strconv.Itoa(int(a.port))
}

func (a Addr) is4() bool { return a.net == NetIPv4 }
func (a Addr) is6() bool { return a.net == NetIPv6 }

// hasPrefix reports whether a is IPv6 and starts with p.
func (a Addr) has6Prefix(p ...byte) bool {
	return a.is6() && string(a.b[:len(p)]) == string(p)
}

// IsValid reports whether a is an address Core would keep: not the zero
// Addr, not the unspecified or broadcast address, not documentation IPv6
// (2001:db8::/32), a CJDNS address starting with 0xfc, and no IPv6 form
// that embeds IPv4 (::ffff:0:0/96) or Tor (fd87:d87e:eb43::/48), which
// BIP155 forbids.
func (a Addr) IsValid() bool {
	switch a.net {
	case NetIPv4:
		v := binary.BigEndian.Uint32(a.b[:4])
		return v != 0 && v != 0xffffffff
	case NetIPv6:
		var zero [16]byte
		if [16]byte(a.b[:16]) == zero {
			return false
		}
		if a.has6Prefix(0x20, 0x01, 0x0d, 0xb8) { // RFC3849
			return false
		}
		if a.has6Prefix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff) ||
			a.has6Prefix(0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43) {
			return false
		}
		return true
	case NetCJDNS:
		return a.b[0] == 0xfc
	case NetTorV3, NetI2P:
		return true
	}
	return false
}

func (a Addr) isLocal() bool {
	if a.is4() {
		return a.b[0] == 127 || a.b[0] == 0
	}
	return a.has6Prefix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
}

// IsRoutable reports whether a is valid and publicly routable: not private
// (RFC1918, RFC4193), shared (RFC6598), link-local (RFC3927, RFC4862),
// benchmarking (RFC2544), documentation (RFC5737), ORCHID (RFC4843,
// RFC7343) or local. Tor, I2P and CJDNS addresses are routable when valid.
// Only routable addresses are added to the manager.
func (a Addr) IsRoutable() bool {
	if !a.IsValid() || a.isLocal() {
		return false
	}
	b := a.b
	if a.is4() {
		switch {
		case b[0] == 10, b[0] == 192 && b[1] == 168, b[0] == 172 && b[1] >= 16 && b[1] <= 31: // RFC1918
			return false
		case b[0] == 198 && (b[1] == 18 || b[1] == 19): // RFC2544
			return false
		case b[0] == 169 && b[1] == 254: // RFC3927
			return false
		case b[0] == 100 && b[1]&0xc0 == 64: // RFC6598
			return false
		case b[0] == 192 && b[1] == 0 && b[2] == 2, b[0] == 198 && b[1] == 51 && b[2] == 100,
			b[0] == 203 && b[1] == 0 && b[2] == 113: // RFC5737
			return false
		}
		return true
	}
	if a.is6() {
		switch {
		case b[0]&0xfe == 0xfc: // RFC4193
			return false
		case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3]&0xf0 == 0x10: // RFC4843
			return false
		case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3]&0xf0 == 0x20: // RFC7343
			return false
		case a.has6Prefix(0xfe, 0x80, 0, 0, 0, 0, 0, 0): // RFC4862
			return false
		}
	}
	return true
}

// linkedIPv4 returns the IPv4 address carried by an IPv4 address or by a
// routable IPv6 form that embeds one (RFC6145, RFC6052, 6to4 RFC3964,
// Teredo RFC4380).
func (a Addr) linkedIPv4() (uint32, bool) {
	switch {
	case a.is4():
		return binary.BigEndian.Uint32(a.b[:4]), true
	case a.has6Prefix(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0): // RFC6145
		return binary.BigEndian.Uint32(a.b[12:16]), true
	case a.has6Prefix(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0): // RFC6052
		return binary.BigEndian.Uint32(a.b[12:16]), true
	case a.has6Prefix(0x20, 0x02): // RFC3964
		return binary.BigEndian.Uint32(a.b[2:6]), true
	case a.has6Prefix(0x20, 0x01, 0, 0): // RFC4380
		return ^binary.BigEndian.Uint32(a.b[12:16]), true
	}
	return 0, false
}

// netClass returns Core's GetNetClass: unroutable, IPv4 for anything that
// carries an IPv4 address, else the address's own network.
func (a Addr) netClass() int {
	if !a.IsRoutable() {
		return classUnroutable
	}
	if _, ok := a.linkedIPv4(); ok {
		return classIPv4
	}
	switch a.net {
	case NetIPv6:
		return classIPv6
	case NetTorV3:
		return classOnion
	case NetI2P:
		return classI2P
	case NetCJDNS:
		return classCJDNS
	}
	return classUnroutable
}

// appendGroup appends Core's address group (NetGroupManager::GetGroup
// without an asmap) of a: the network class followed by the /16 of an
// IPv4 (or embedded IPv4) address, the /32 of IPv6 (/36 for he.net), the
// first 4 bits of Tor and I2P, the first 12 bits of CJDNS. All local and
// unroutable addresses share one group.
func (a Addr) appendGroup(dst []byte) []byte {
	if a.isLocal() || !a.IsRoutable() {
		return append(dst, classUnroutable)
	}
	if v4, ok := a.linkedIPv4(); ok {
		return append(dst, classIPv4, byte(v4>>24), byte(v4>>16))
	}
	var bits int
	class := a.netClass()
	switch {
	case a.net == NetTorV3 || a.net == NetI2P:
		bits = 4
	case a.net == NetCJDNS:
		bits = 12
	case a.has6Prefix(0x20, 0x01, 0x04, 0x70): // he.net
		bits = 36
	default:
		bits = 32
	}
	dst = append(dst, byte(class))
	n := bits / 8
	dst = append(dst, a.b[:n]...)
	if rem := bits % 8; rem > 0 {
		dst = append(dst, a.b[n]|byte((1<<(8-rem))-1))
	}
	return dst
}

// appendKey appends Core's CService::GetKey: the address bytes (IPv4 in
// its 16-byte IPv4-mapped form) followed by the big-endian port.
func (a Addr) appendKey(dst []byte) []byte {
	if a.is4() {
		dst = append(dst, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff)
	}
	dst = append(dst, a.raw()...)
	return append(dst, byte(a.port>>8), byte(a.port))
}
