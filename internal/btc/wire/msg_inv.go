package wire

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// InvVect is an inventory vector: a type and a hash (txid, wtxid or block
// hash, in internal byte order).
type InvVect struct {
	Type InvType
	Hash chainhash.Hash
}

const invVectSize = 36

func appendInvList(b []byte, list []InvVect) []byte {
	b = primitives.AppendCompactSize(b, uint64(len(list)))
	b = growBy(b, len(list)*invVectSize)
	for i := range list {
		b = appendU32(b, uint32(list[i].Type))
		b = append(b, list[i].Hash[:]...)
	}
	return b
}

func decodeInvList(cmd string, p []byte, dst []InvVect) ([]InvVect, error) {
	d := decoder{cmd: cmd, b: p}
	n := d.count(cmd, MaxInvSize, invVectSize)
	if d.err != nil {
		return dst[:0], d.err
	}
	if cap(dst) < n {
		dst = make([]InvVect, n)
	}
	dst = dst[:n]
	raw := d.bytes(n*invVectSize, "inventory")
	if err := d.finish(); err != nil {
		return dst[:0], err
	}
	for i := range dst {
		e := raw[i*invVectSize:]
		dst[i].Type = InvType(binary.LittleEndian.Uint32(e))
		dst[i].Hash = chainhash.Hash(e[4:invVectSize])
	}
	return dst, nil
}

// growBy makes room for n more bytes in b's capacity.
func growBy(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n)
	copy(nb, b)
	return nb
}

// MsgInv announces inventory, at most MaxInvSize entries.
type MsgInv struct{ List []InvVect }

// Command returns "inv".
func (*MsgInv) Command() string { return CmdInv }

// Encode appends the payload.
func (m *MsgInv) Encode(b []byte) []byte { return appendInvList(b, m.List) }

// Decode reads the payload, reusing m.List's storage when large enough.
func (m *MsgInv) Decode(p []byte) (err error) {
	m.List, err = decodeInvList(CmdInv, p, m.List)
	return err
}

// MsgGetData requests inventory, at most MaxInvSize entries.
type MsgGetData struct{ List []InvVect }

// Command returns "getdata".
func (*MsgGetData) Command() string { return CmdGetData }

// Encode appends the payload.
func (m *MsgGetData) Encode(b []byte) []byte { return appendInvList(b, m.List) }

// Decode reads the payload, reusing m.List's storage when large enough.
func (m *MsgGetData) Decode(p []byte) (err error) {
	m.List, err = decodeInvList(CmdGetData, p, m.List)
	return err
}

// MsgNotFound answers a getdata for inventory the peer does not have. Core
// has no decoding limit for it (it ignores oversized ones); this package
// applies MaxInvSize, far above anything a Core peer sends.
type MsgNotFound struct{ List []InvVect }

// Command returns "notfound".
func (*MsgNotFound) Command() string { return CmdNotFound }

// Encode appends the payload.
func (m *MsgNotFound) Encode(b []byte) []byte { return appendInvList(b, m.List) }

// Decode reads the payload, reusing m.List's storage when large enough.
func (m *MsgNotFound) Decode(p []byte) (err error) {
	m.List, err = decodeInvList(CmdNotFound, p, m.List)
	return err
}
