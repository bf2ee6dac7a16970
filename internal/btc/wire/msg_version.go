package wire

import "encoding/binary"

// NetAddr is a network address without timestamp, as in the version message
// (Core's CService with service bits, V1 encoding): IPv4 addresses are
// IPv4-mapped IPv6 (::ffff:a.b.c.d). The port is big-endian on the wire.
type NetAddr struct {
	Services ServiceFlag
	IP       [16]byte
	Port     uint16
}

// netAddrSize is the encoded size of a NetAddr.
const netAddrSize = 26

// IPv4Mapped returns the IPv4-mapped IPv6 form of an IPv4 address.
func IPv4Mapped(ip4 [4]byte) [16]byte {
	return [16]byte{10: 0xff, 11: 0xff, 12: ip4[0], 13: ip4[1], 14: ip4[2], 15: ip4[3]}
}

// IPv4 returns the IPv4 address of an IPv4-mapped IP and whether it is one.
func IPv4(ip [16]byte) ([4]byte, bool) {
	if [12]byte(ip[:12]) != [12]byte{10: 0xff, 11: 0xff} {
		return [4]byte{}, false
	}
	return [4]byte(ip[12:]), true
}

func (a *NetAddr) append(b []byte) []byte {
	b = appendU64(b, uint64(a.Services))
	b = append(b, a.IP[:]...)
	return appendU16BE(b, a.Port)
}

func (d *decoder) netAddr(what string) (a NetAddr) {
	s := d.bytes(netAddrSize, what)
	if s == nil {
		return a
	}
	a.Services = ServiceFlag(binary.LittleEndian.Uint64(s))
	a.IP = [16]byte(s[8:24])
	a.Port = binary.BigEndian.Uint16(s[24:])
	return a
}

// MsgVersion opens a connection.
//
// Decoding follows Core: the fields up to AddrRecv are required; AddrFrom
// with Nonce, UserAgent, StartHeight and Relay are each read only if bytes
// remain (Relay defaults to true when absent), and bytes after Relay are
// ignored, so future versions can extend the message. The user agent is
// limited to MaxSubversionLength bytes. Encode always writes every field.
type MsgVersion struct {
	ProtocolVersion int32
	Services        ServiceFlag
	// Timestamp is the sender's clock, UNIX seconds (passed in by the
	// caller; this package has no clock).
	Timestamp   int64
	AddrRecv    NetAddr
	AddrFrom    NetAddr
	Nonce       uint64
	UserAgent   string
	StartHeight int32
	// Relay asks for transaction announcements (BIP37 fRelay); false for
	// block-relay-only connections.
	Relay bool
}

// Command returns "version".
func (*MsgVersion) Command() string { return CmdVersion }

// Encode appends the payload.
func (m *MsgVersion) Encode(b []byte) []byte {
	b = appendU32(b, uint32(m.ProtocolVersion))
	b = appendU64(b, uint64(m.Services))
	b = appendU64(b, uint64(m.Timestamp))
	b = m.AddrRecv.append(b)
	b = m.AddrFrom.append(b)
	b = appendU64(b, m.Nonce)
	b = appendVarBytes(b, []byte(m.UserAgent))
	b = appendU32(b, uint32(m.StartHeight))
	return appendBool(b, m.Relay)
}

// Decode reads the payload.
func (m *MsgVersion) Decode(p []byte) error {
	d := decoder{cmd: CmdVersion, b: p}
	*m = MsgVersion{Relay: true}
	m.ProtocolVersion = int32(d.u32("version"))
	m.Services = ServiceFlag(d.u64("services"))
	m.Timestamp = int64(d.u64("timestamp"))
	m.AddrRecv = d.netAddr("addr_recv")
	if d.err != nil || d.remaining() == 0 {
		return d.err
	}
	m.AddrFrom = d.netAddr("addr_from")
	m.Nonce = d.u64("nonce")
	if d.err != nil || d.remaining() == 0 {
		return d.err
	}
	ua := d.varBytes("user agent", MaxSubversionLength)
	if d.err != nil {
		return d.err
	}
	// Core keeps the raw bytes (sanitized only for display); so do we.
	m.UserAgent = string(ua)
	if d.remaining() == 0 {
		return nil
	}
	m.StartHeight = int32(d.u32("start height"))
	if d.err != nil || d.remaining() == 0 {
		return d.err
	}
	m.Relay = d.u8("relay") != 0
	return d.err
}
