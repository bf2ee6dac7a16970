package utxoset

import (
	"encoding/binary"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// This file holds the cache's compact coin representation. A coin is kept in
// a 48-byte, pointer-free entry stored by value in the cache's table
// (coinmap.go), so the table costs the garbage collector nothing to scan and
// adding a coin allocates nothing. The script is held in Bitcoin Core's compressed form (compressor.h):
// the six special templates as their 20- or 32-byte payload, any other script
// of up to 34 bytes (P2WPKH, P2WSH, P2TR included) inline, and longer scripts
// in the cache's script arena. The same form is what the chainstate stores, so
// loading and flushing a coin is a copy, and the expensive step of
// decompressing an uncompressed P2PK key happens only when such a coin is
// read or spent.

// inlineCap is the longest raw script kept inside an entry.
const inlineCap = 34

// Script kinds (entry.kind). Values below kindRaw are Core's special
// compressed-script types; kindRaw+n is a raw inline script of n bytes.
const (
	kindP2PKH    = 0 // payload: 20-byte key hash
	kindP2SH     = 1 // payload: 20-byte script hash
	kindP2PKEven = 2 // payload: x of a compressed key with prefix 0x02
	kindP2PKOdd  = 3 // payload: x of a compressed key with prefix 0x03
	kindP2PKU0   = 4 // payload: x of an uncompressed key with even y
	kindP2PKU1   = 5 // payload: x of an uncompressed key with odd y
	kindRaw      = 6 // Core's nSpecialScripts
	kindBig      = 255
)

// Entry flags.
const (
	// flagDirty: the entry differs from the parent view.
	flagDirty = 1 << iota
	// flagFresh: the parent view has no unspent coin here, so a spend can
	// drop the entry instead of writing a deletion.
	flagFresh
	// flagSpent: the entry records a spend (a tombstone).
	flagSpent
	// flagCoinBase: the coin comes from a coinbase transaction.
	flagCoinBase
)

// entry is a coin in the cache. All fields are plain values (see the file
// comment); scripts longer than inlineCap live in the arena, and script then
// holds the arena reference.
type entry struct {
	valLo, valHi uint32 // amount in satoshis, split to keep 4-byte alignment
	height       uint32
	flags        uint8
	kind         uint8
	script       [inlineCap]byte
}

func (e *entry) value() int64 { return int64(uint64(e.valHi)<<32 | uint64(e.valLo)) }

func (e *entry) setValue(v int64) { e.valLo, e.valHi = uint32(v), uint32(uint64(v)>>32) }

func (e *entry) spent() bool    { return e.flags&flagSpent != 0 }
func (e *entry) dirty() bool    { return e.flags&flagDirty != 0 }
func (e *entry) fresh() bool    { return e.flags&flagFresh != 0 }
func (e *entry) coinBase() bool { return e.flags&flagCoinBase != 0 }

// payloadLen is the size of the special-template payloads.
func payloadLen(kind uint8) int {
	if kind < kindP2PKEven {
		return 20
	}
	return 32
}

// bigRef returns the arena reference of a kindBig entry.
func (e *entry) bigRef() (off uint64, n int) {
	return binary.LittleEndian.Uint64(e.script[:8]), int(binary.LittleEndian.Uint32(e.script[8:12]))
}

func (e *entry) setBigRef(off uint64, n int) {
	binary.LittleEndian.PutUint64(e.script[:8], off)
	binary.LittleEndian.PutUint32(e.script[8:12], uint32(n))
}

// scriptSize returns the length of the expanded script.
func (e *entry) scriptSize() int {
	switch {
	case e.kind == kindP2PKH:
		return 25
	case e.kind == kindP2SH:
		return 23
	case e.kind == kindP2PKEven || e.kind == kindP2PKOdd:
		return 35
	case e.kind == kindP2PKU0 || e.kind == kindP2PKU1:
		return 67
	case e.kind == kindBig:
		_, n := e.bigRef()
		return n
	default:
		return int(e.kind - kindRaw)
	}
}

// setScript stores script s in e in compressed form, putting it in the arena
// when it is too long to inline.
func (e *entry) setScript(s []byte, a *scriptArena) {
	switch n := len(s); {
	case n == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 20 && s[23] == 0x88 && s[24] == 0xac:
		e.kind = kindP2PKH
		copy(e.script[:20], s[3:23])
		return
	case n == 23 && s[0] == 0xa9 && s[1] == 20 && s[22] == 0x87:
		e.kind = kindP2SH
		copy(e.script[:20], s[2:22])
		return
	case n == 35 && s[0] == 33 && s[34] == 0xac && (s[1] == 0x02 || s[1] == 0x03):
		e.kind = s[1]
		copy(e.script[:32], s[2:34])
		return
	case n == 67 && s[0] == 65 && s[66] == 0xac && s[1] == 0x04:
		if _, err := secp256k1.ParsePubKey(s[1:66]); err == nil {
			e.kind = kindP2PKU0 | (s[65] & 1)
			copy(e.script[:32], s[2:34])
			return
		}
	}
	e.setRawScript(s, a)
}

// setRawScript stores s uncompressed (Core's non-special form).
func (e *entry) setRawScript(s []byte, a *scriptArena) {
	if len(s) <= inlineCap {
		e.kind = kindRaw + uint8(len(s))
		copy(e.script[:], s)
		return
	}
	e.kind = kindBig
	e.setBigRef(a.add(s), len(s))
}

// appendScript appends the expanded script of e to b. Only an uncompressed
// P2PK payload that is not a curve point (corrupt data) fails.
func (e *entry) appendScript(b []byte, a *scriptArena) ([]byte, error) {
	switch e.kind {
	case kindP2PKH:
		b = append(b, 0x76, 0xa9, 20)
		b = append(b, e.script[:20]...)
		return append(b, 0x88, 0xac), nil
	case kindP2SH:
		b = append(b, 0xa9, 20)
		b = append(b, e.script[:20]...)
		return append(b, 0x87), nil
	case kindP2PKEven, kindP2PKOdd:
		b = append(b, 33, e.kind)
		b = append(b, e.script[:32]...)
		return append(b, 0xac), nil
	case kindP2PKU0, kindP2PKU1:
		var comp [33]byte
		comp[0] = e.kind - 2
		copy(comp[1:], e.script[:32])
		pk, err := secp256k1.ParsePubKey(comp[:])
		if err != nil {
			return b, makeError(ErrCorrupt, "compressed P2PK script with a key not on the curve: %v", err)
		}
		b = append(b, 65)
		b = append(b, pk.SerializeUncompressed()...)
		return append(b, 0xac), nil
	case kindBig:
		off, n := e.bigRef()
		return append(b, a.get(off, n)...), nil
	default:
		return append(b, e.script[:e.kind-kindRaw]...), nil
	}
}

// appendCoin appends the coin of e to buf and returns it with the script
// aliasing the returned buffer.
func (e *entry) appendCoin(buf []byte, a *scriptArena) (primitives.Coin, []byte, error) {
	start := len(buf)
	buf, err := e.appendScript(buf, a)
	if err != nil {
		return primitives.Coin{}, buf[:start], err
	}
	return primitives.Coin{
		Out:        primitives.TxOut{Value: e.value(), ScriptPubKey: buf[start:len(buf):len(buf)]},
		Height:     e.height,
		IsCoinBase: e.coinBase(),
	}, buf, nil
}

// setCoin fills e (flags other than coinbase cleared) from c.
func (e *entry) setCoin(c *primitives.Coin, a *scriptArena) {
	e.setValue(c.Out.Value)
	e.height = c.Height
	e.flags = 0
	if c.IsCoinBase {
		e.flags = flagCoinBase
	}
	e.setScript(c.Out.ScriptPubKey, a)
}

// appendValue appends the chainstate value of e: Core's Coin serialization,
// VARINT(height*2+coinbase), VARINT(compressed amount), compressed script.
func (e *entry) appendValue(b []byte, a *scriptArena) []byte {
	code := uint64(e.height) << 1
	if e.coinBase() {
		code |= 1
	}
	b = primitives.AppendVarInt(b, code)
	b = primitives.AppendVarInt(b, primitives.CompressAmount(uint64(e.value())))
	switch {
	case e.kind < kindRaw:
		b = append(b, e.kind)
		return append(b, e.script[:payloadLen(e.kind)]...)
	case e.kind == kindBig:
		off, n := e.bigRef()
		b = primitives.AppendVarInt(b, uint64(n)+kindRaw)
		return append(b, a.get(off, n)...)
	default:
		n := int(e.kind - kindRaw)
		b = append(b, e.kind) // n+6 <= 40: a one-byte VARINT
		return append(b, e.script[:n]...)
	}
}

// decodeValue fills e (flags other than coinbase cleared) from a chainstate
// value, as Core's Coin deserialization reads it. Like Core, it ignores bytes
// after the coin.
func (e *entry) decodeValue(v []byte, a *scriptArena) error {
	code, n, err := primitives.ReadVarInt(v)
	if err != nil {
		return makeError(ErrCorrupt, "coin code: %v", err)
	}
	if err := e.setCode(code); err != nil {
		return err
	}
	_, err = e.decodeOut(v[n:], a)
	return err
}

// setCode sets the height and coinbase flag from VARINT(height*2+coinbase)
// and clears the other flags.
func (e *entry) setCode(code uint64) error {
	if code > 0xffffffff {
		return makeError(ErrCorrupt, "coin code %d does not fit 32 bits", code)
	}
	e.height = uint32(code >> 1)
	e.flags = 0
	if code&1 != 0 {
		e.flags = flagCoinBase
	}
	return nil
}

// decodeOut reads Core's compressed output (TxOutCompression: VARINT of the
// compressed amount, then the compressed script) into e and returns the
// bytes used. A compressed script longer than MAX_SCRIPT_SIZE is skipped and
// replaced by a single OP_RETURN, as Core reads it. Special P2PK payloads are
// kept compressed; they are checked when expanded.
func (e *entry) decodeOut(b []byte, a *scriptArena) (int, error) {
	amt, n, err := primitives.ReadVarInt(b)
	if err != nil {
		return 0, makeError(ErrCorrupt, "coin amount: %v", err)
	}
	used := n
	val := primitives.DecompressAmount(amt)
	if val > maxInt64 || primitives.CompressAmount(val) != amt {
		return 0, makeError(ErrCorrupt, "compressed amount %d out of range", amt)
	}
	size, n, err := primitives.ReadVarInt(b[used:])
	if err != nil {
		return 0, makeError(ErrCorrupt, "script size: %v", err)
	}
	used += n
	rest := b[used:]
	e.setValue(int64(val))
	if size < kindRaw {
		p := payloadLen(uint8(size))
		if len(rest) < p {
			return 0, makeError(ErrCorrupt, "script payload truncated")
		}
		e.kind = uint8(size)
		copy(e.script[:p], rest[:p])
		return used + p, nil
	}
	size -= kindRaw
	if size > uint64(len(rest)) {
		return 0, makeError(ErrCorrupt, "script of %d bytes truncated", size)
	}
	if size > maxScriptSize {
		e.setRawScript([]byte{0x6a}, a)
	} else {
		e.setRawScript(rest[:size], a)
	}
	return used + int(size), nil
}

// maxInt64 bounds decoded amounts: they must fit in an int64.
const maxInt64 = 1<<63 - 1

// maxScriptSize is Core's MAX_SCRIPT_SIZE.
const maxScriptSize = 10000

// isUnspendable reports whether Core's CScript::IsUnspendable holds: the
// script starts with OP_RETURN or is longer than MAX_SCRIPT_SIZE. Such
// outputs are never added to the UTXO set.
func isUnspendable(s []byte) bool {
	return (len(s) > 0 && s[0] == 0x6a) || len(s) > maxScriptSize
}

// scriptArena stores scripts too long to inline. It is an append-only list
// of fixed-size, pointer-free chunks addressed by a 64-bit offset; space is
// reclaimed when the cache is emptied or compacted.
type scriptArena struct {
	chunks [][]byte
	used   int64 // bytes appended since the last reset
	live   int64 // bytes referenced by live entries
}

const arenaChunk = 1 << 18

func (a *scriptArena) add(s []byte) uint64 {
	n := len(s)
	if len(a.chunks) == 0 || len(a.chunks[len(a.chunks)-1])+n > cap(a.chunks[len(a.chunks)-1]) {
		size := arenaChunk
		if n > size {
			size = n
		}
		a.chunks = append(a.chunks, make([]byte, 0, size))
	}
	ci := len(a.chunks) - 1
	c := a.chunks[ci]
	off := uint64(ci)<<32 | uint64(len(c))
	a.chunks[ci] = append(c, s...)
	a.used += int64(n)
	a.live += int64(n)
	return off
}

func (a *scriptArena) get(off uint64, n int) []byte {
	c := a.chunks[off>>32]
	o := int(uint32(off))
	return c[o : o+n : o+n]
}

// release records that n arena bytes are no longer referenced.
func (a *scriptArena) release(n int) { a.live -= int64(n) }

// allocated returns the bytes held by the arena's chunks.
func (a *scriptArena) allocated() int64 {
	var t int64
	for _, c := range a.chunks {
		t += int64(cap(c))
	}
	return t
}

// reset forgets every script, keeping the first chunk for reuse.
func (a *scriptArena) reset() {
	if len(a.chunks) > 0 {
		first := a.chunks[0][:0]
		clear(a.chunks)
		a.chunks = append(a.chunks[:0], first)
	}
	a.used, a.live = 0, 0
}
