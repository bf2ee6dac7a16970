package wire

import (
	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// FilterType is a BIP158 filter type.
type FilterType uint8

// FilterTypeBasic is the BIP158 basic filter, the only type Core serves.
const FilterTypeBasic FilterType = 0

// MsgGetCFilters asks for the filters of the blocks from StartHeight to
// StopHash, at most MaxGetCFiltersSize of them (BIP157; the range check needs
// the chain and belongs to the caller).
type MsgGetCFilters struct {
	FilterType  FilterType
	StartHeight uint32
	StopHash    chainhash.Hash
}

// Command returns "getcfilters".
func (*MsgGetCFilters) Command() string { return CmdGetCFilters }

// Encode appends the payload.
func (m *MsgGetCFilters) Encode(b []byte) []byte {
	return append(appendU32(append(b, byte(m.FilterType)), m.StartHeight), m.StopHash[:]...)
}

// Decode reads the payload.
func (m *MsgGetCFilters) Decode(p []byte) error {
	d := decoder{cmd: CmdGetCFilters, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.StartHeight = d.u32("start height")
	m.StopHash = d.hash("stop hash")
	return d.finish()
}

// MsgCFilter carries one block's filter (BIP157). Filter aliases the payload.
type MsgCFilter struct {
	FilterType FilterType
	BlockHash  chainhash.Hash
	Filter     []byte
}

// Command returns "cfilter".
func (*MsgCFilter) Command() string { return CmdCFilter }

// Encode appends the payload.
func (m *MsgCFilter) Encode(b []byte) []byte {
	return appendVarBytes(append(append(b, byte(m.FilterType)), m.BlockHash[:]...), m.Filter)
}

// Decode reads the payload.
func (m *MsgCFilter) Decode(p []byte) error {
	d := decoder{cmd: CmdCFilter, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.BlockHash = d.hash("block hash")
	m.Filter = d.varBytes("filter", MaxProtocolMessageLength)
	return d.finish()
}

// MsgGetCFHeaders asks for the filter hashes of the blocks from StartHeight
// to StopHash, at most MaxGetCFHeadersSize of them (BIP157).
type MsgGetCFHeaders struct {
	FilterType  FilterType
	StartHeight uint32
	StopHash    chainhash.Hash
}

// Command returns "getcfheaders".
func (*MsgGetCFHeaders) Command() string { return CmdGetCFHeaders }

// Encode appends the payload.
func (m *MsgGetCFHeaders) Encode(b []byte) []byte {
	return append(appendU32(append(b, byte(m.FilterType)), m.StartHeight), m.StopHash[:]...)
}

// Decode reads the payload.
func (m *MsgGetCFHeaders) Decode(p []byte) error {
	d := decoder{cmd: CmdGetCFHeaders, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.StartHeight = d.u32("start height")
	m.StopHash = d.hash("stop hash")
	return d.finish()
}

// MsgCFHeaders answers getcfheaders: the filter header before the range and
// the filter hashes of the range, at most MaxGetCFHeadersSize (BIP157).
type MsgCFHeaders struct {
	FilterType           FilterType
	StopHash             chainhash.Hash
	PreviousFilterHeader chainhash.Hash
	FilterHashes         []chainhash.Hash
}

// Command returns "cfheaders".
func (*MsgCFHeaders) Command() string { return CmdCFHeaders }

// Encode appends the payload.
func (m *MsgCFHeaders) Encode(b []byte) []byte {
	b = append(append(append(b, byte(m.FilterType)), m.StopHash[:]...), m.PreviousFilterHeader[:]...)
	return appendHashes(b, m.FilterHashes)
}

// Decode reads the payload.
func (m *MsgCFHeaders) Decode(p []byte) error {
	d := decoder{cmd: CmdCFHeaders, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.StopHash = d.hash("stop hash")
	m.PreviousFilterHeader = d.hash("previous filter header")
	m.FilterHashes = d.hashes("filter hashes", MaxGetCFHeadersSize)
	return d.finish()
}

// MsgGetCFCheckpt asks for the filter headers at every 1,000th block up to
// StopHash (BIP157).
type MsgGetCFCheckpt struct {
	FilterType FilterType
	StopHash   chainhash.Hash
}

// Command returns "getcfcheckpt".
func (*MsgGetCFCheckpt) Command() string { return CmdGetCFCheckpt }

// Encode appends the payload.
func (m *MsgGetCFCheckpt) Encode(b []byte) []byte {
	return append(append(b, byte(m.FilterType)), m.StopHash[:]...)
}

// Decode reads the payload.
func (m *MsgGetCFCheckpt) Decode(p []byte) error {
	d := decoder{cmd: CmdGetCFCheckpt, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.StopHash = d.hash("stop hash")
	return d.finish()
}

// MsgCFCheckpt answers getcfcheckpt (BIP157). Its length is bounded only by
// the payload.
type MsgCFCheckpt struct {
	FilterType    FilterType
	StopHash      chainhash.Hash
	FilterHeaders []chainhash.Hash
}

// Command returns "cfcheckpt".
func (*MsgCFCheckpt) Command() string { return CmdCFCheckpt }

// Encode appends the payload.
func (m *MsgCFCheckpt) Encode(b []byte) []byte {
	return appendHashes(append(append(b, byte(m.FilterType)), m.StopHash[:]...), m.FilterHeaders)
}

// Decode reads the payload.
func (m *MsgCFCheckpt) Decode(p []byte) error {
	d := decoder{cmd: CmdCFCheckpt, b: p}
	m.FilterType = FilterType(d.u8("filter type"))
	m.StopHash = d.hash("stop hash")
	m.FilterHeaders = d.hashes("filter headers", -1)
	return d.finish()
}

func appendHashes(b []byte, hs []chainhash.Hash) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(hs)))
	for i := range hs {
		b = append(b, hs[i][:]...)
	}
	return b
}

// hashes reads a compact-size count (limit < 0: bounded by the payload only)
// and that many hashes.
func (d *decoder) hashes(what string, limit int) []chainhash.Hash {
	n := d.count(what, limit, chainhash.HashSize)
	if d.err != nil {
		return nil
	}
	hs := make([]chainhash.Hash, n)
	for i := range hs {
		hs[i] = d.hash(what)
	}
	return hs
}

// FilterHash returns the BIP157 hash of a serialized filter: SHA256d(filter).
func FilterHash(filter []byte) chainhash.Hash { return chainhash.DoubleSHA256(filter) }

// FilterHeader returns the BIP157 filter header that follows prev for a
// filter with hash filterHash: SHA256d(filterHash || prev).
func FilterHeader(filterHash, prev chainhash.Hash) chainhash.Hash {
	var buf [2 * chainhash.HashSize]byte
	copy(buf[:], filterHash[:])
	copy(buf[chainhash.HashSize:], prev[:])
	return chainhash.DoubleSHA256(buf[:])
}

// FilterHeaders returns the filter headers the message commits to, one per
// filter hash, chained from PreviousFilterHeader. A client checks the last
// against a checkpoint or another peer's answer.
func (m *MsgCFHeaders) FilterHeaders() []chainhash.Hash {
	out := make([]chainhash.Hash, len(m.FilterHashes))
	prev := m.PreviousFilterHeader
	for i, h := range m.FilterHashes {
		prev = FilterHeader(h, prev)
		out[i] = prev
	}
	return out
}
