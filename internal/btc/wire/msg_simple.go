package wire

// Messages without payload, and the small fixed-size ones. Payload-less
// messages must be empty: this package rejects trailing bytes everywhere
// except in version (see MsgVersion), where Core's forward compatibility
// depends on it.

// emptyDecode checks that a payload-less message is empty.
func emptyDecode(cmd string, p []byte) error {
	if len(p) != 0 {
		return malformed(cmd, "%d unexpected payload bytes", len(p))
	}
	return nil
}

// MsgVerAck acknowledges a version message.
type MsgVerAck struct{}

// Command returns "verack".
func (*MsgVerAck) Command() string { return CmdVerAck }

// Encode appends nothing.
func (*MsgVerAck) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgVerAck) Decode(p []byte) error { return emptyDecode(CmdVerAck, p) }

// MsgGetAddr asks for known peer addresses.
type MsgGetAddr struct{}

// Command returns "getaddr".
func (*MsgGetAddr) Command() string { return CmdGetAddr }

// Encode appends nothing.
func (*MsgGetAddr) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgGetAddr) Decode(p []byte) error { return emptyDecode(CmdGetAddr, p) }

// MsgMempool asks for the inventory of the peer's mempool (BIP35).
type MsgMempool struct{}

// Command returns "mempool".
func (*MsgMempool) Command() string { return CmdMempool }

// Encode appends nothing.
func (*MsgMempool) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgMempool) Decode(p []byte) error { return emptyDecode(CmdMempool, p) }

// MsgSendHeaders asks for new blocks to be announced with headers (BIP130).
type MsgSendHeaders struct{}

// Command returns "sendheaders".
func (*MsgSendHeaders) Command() string { return CmdSendHeaders }

// Encode appends nothing.
func (*MsgSendHeaders) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgSendHeaders) Decode(p []byte) error { return emptyDecode(CmdSendHeaders, p) }

// MsgWTxIDRelay announces transaction relay by wtxid (BIP339); sent between
// version and verack.
type MsgWTxIDRelay struct{}

// Command returns "wtxidrelay".
func (*MsgWTxIDRelay) Command() string { return CmdWTxIDRelay }

// Encode appends nothing.
func (*MsgWTxIDRelay) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgWTxIDRelay) Decode(p []byte) error { return emptyDecode(CmdWTxIDRelay, p) }

// MsgSendAddrV2 announces support for addrv2 (BIP155); sent between version
// and verack.
type MsgSendAddrV2 struct{}

// Command returns "sendaddrv2".
func (*MsgSendAddrV2) Command() string { return CmdSendAddrV2 }

// Encode appends nothing.
func (*MsgSendAddrV2) Encode(b []byte) []byte { return b }

// Decode accepts only an empty payload.
func (*MsgSendAddrV2) Decode(p []byte) error { return emptyDecode(CmdSendAddrV2, p) }

// MsgPing is a keep-alive carrying a nonce the pong must echo (BIP31).
type MsgPing struct{ Nonce uint64 }

// Command returns "ping".
func (*MsgPing) Command() string { return CmdPing }

// Encode appends the nonce.
func (m *MsgPing) Encode(b []byte) []byte { return appendU64(b, m.Nonce) }

// Decode reads the nonce.
func (m *MsgPing) Decode(p []byte) error {
	d := decoder{cmd: CmdPing, b: p}
	m.Nonce = d.u64("nonce")
	return d.finish()
}

// MsgPong answers a ping with its nonce.
type MsgPong struct{ Nonce uint64 }

// Command returns "pong".
func (*MsgPong) Command() string { return CmdPong }

// Encode appends the nonce.
func (m *MsgPong) Encode(b []byte) []byte { return appendU64(b, m.Nonce) }

// Decode reads the nonce.
func (m *MsgPong) Decode(p []byte) error {
	d := decoder{cmd: CmdPong, b: p}
	m.Nonce = d.u64("nonce")
	return d.finish()
}

// MsgFeeFilter asks not to be sent transactions paying less than MinFeeRate
// satoshis per 1,000 virtual bytes (BIP133). Core ignores values outside the
// money range; the wire format is a plain int64.
type MsgFeeFilter struct{ MinFeeRate int64 }

// Command returns "feefilter".
func (*MsgFeeFilter) Command() string { return CmdFeeFilter }

// Encode appends the fee rate.
func (m *MsgFeeFilter) Encode(b []byte) []byte { return appendU64(b, uint64(m.MinFeeRate)) }

// Decode reads the fee rate.
func (m *MsgFeeFilter) Decode(p []byte) error {
	d := decoder{cmd: CmdFeeFilter, b: p}
	m.MinFeeRate = int64(d.u64("feerate"))
	return d.finish()
}

// MsgSendCmpct negotiates compact blocks (BIP152): Announce asks for
// high-bandwidth mode (new blocks pushed as cmpctblock), Version is the
// compact block version (CompactBlocksVersion).
type MsgSendCmpct struct {
	Announce bool
	Version  uint64
}

// Command returns "sendcmpct".
func (*MsgSendCmpct) Command() string { return CmdSendCmpct }

// Encode appends the flag and version.
func (m *MsgSendCmpct) Encode(b []byte) []byte {
	return appendU64(appendBool(b, m.Announce), m.Version)
}

// Decode reads the flag (any non-zero byte is true, as Core reads a bool)
// and the version.
func (m *MsgSendCmpct) Decode(p []byte) error {
	d := decoder{cmd: CmdSendCmpct, b: p}
	m.Announce = d.u8("announce") != 0
	m.Version = d.u64("version")
	return d.finish()
}
