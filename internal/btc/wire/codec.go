package wire

import (
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// decoder is a bounds-checked cursor over a payload. The first error sticks:
// later reads return zero values, so a decode function checks d.err once at
// the end (or before allocating).
type decoder struct {
	cmd string
	b   []byte
	off int
	err error
}

func (d *decoder) remaining() int { return len(d.b) - d.off }

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = malformed(d.cmd, "%s: unexpected end of payload", what)
	}
}

func (d *decoder) bytes(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > d.remaining() {
		d.fail(what)
		return nil
	}
	s := d.b[d.off : d.off+n : d.off+n]
	d.off += n
	return s
}

func (d *decoder) u8(what string) byte {
	if d.err != nil || d.remaining() < 1 {
		d.fail(what)
		return 0
	}
	v := d.b[d.off]
	d.off++
	return v
}

func (d *decoder) u16be(what string) uint16 {
	if d.err != nil || d.remaining() < 2 {
		d.fail(what)
		return 0
	}
	v := binary.BigEndian.Uint16(d.b[d.off:])
	d.off += 2
	return v
}

func (d *decoder) u32(what string) uint32 {
	if d.err != nil || d.remaining() < 4 {
		d.fail(what)
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b[d.off:])
	d.off += 4
	return v
}

func (d *decoder) u64(what string) uint64 {
	if d.err != nil || d.remaining() < 8 {
		d.fail(what)
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.off:])
	d.off += 8
	return v
}

func (d *decoder) hash(what string) (h chainhash.Hash) {
	if d.err != nil || d.remaining() < 32 {
		d.fail(what)
		return h
	}
	copy(h[:], d.b[d.off:])
	d.off += 32
	return h
}

// compactSize reads a canonical compact size no larger than MAX_SIZE (Core's
// ReadCompactSize with range check).
func (d *decoder) compactSize(what string) uint64 {
	if d.err != nil {
		return 0
	}
	n, used, err := primitives.ReadCompactSize(d.b[d.off:])
	if err != nil {
		d.err = wrapMalformed(d.cmd, what, err)
		return 0
	}
	d.off += used
	return n
}

// compactSizeUnbounded reads a canonical compact size of any value (Core's
// ReadCompactSize(s, false)), as BIP155 uses for service bits.
func (d *decoder) compactSizeUnbounded(what string) uint64 {
	if d.err != nil {
		return 0
	}
	if d.remaining() < 1 {
		d.fail(what)
		return 0
	}
	first := d.b[d.off]
	var n, min uint64
	var size int
	switch first {
	case 0xfd:
		size, min = 2, 0xfd
	case 0xfe:
		size, min = 4, 0x10000
	case 0xff:
		size, min = 8, 0x100000000
	default:
		d.off++
		return uint64(first)
	}
	if d.remaining() < 1+size {
		d.fail(what)
		return 0
	}
	p := d.b[d.off+1:]
	switch size {
	case 2:
		n = uint64(binary.LittleEndian.Uint16(p))
	case 4:
		n = uint64(binary.LittleEndian.Uint32(p))
	default:
		n = binary.LittleEndian.Uint64(p)
	}
	if n < min {
		d.err = wrapMalformed(d.cmd, what, primitives.ErrNonCanonicalCompactSize)
		return 0
	}
	d.off += 1 + size
	return n
}

// count reads a compact-size element count, rejects it above limit (ErrTooMany)
// and above what the remaining payload could hold at minSize bytes per element
// (ErrMalformed), so the caller may allocate count elements safely.
func (d *decoder) count(what string, limit int, minSize int) int {
	n := d.compactSize(what)
	if d.err != nil {
		return 0
	}
	if limit >= 0 && n > uint64(limit) {
		d.err = tooMany(d.cmd, what, n, limit)
		return 0
	}
	if minSize > 0 && n > uint64(d.remaining()/minSize) {
		d.err = malformed(d.cmd, "%s count %d exceeds the remaining payload", what, n)
		return 0
	}
	return int(n)
}

// varBytes reads a compact-size length and that many bytes (aliasing the
// payload), the length limited to max.
func (d *decoder) varBytes(what string, max int) []byte {
	n := d.compactSize(what)
	if d.err != nil {
		return nil
	}
	if n > uint64(max) {
		d.err = malformed(d.cmd, "%s length %d exceeds %d", what, n, max)
		return nil
	}
	return d.bytes(int(n), what)
}

// header reads an 80-byte block header.
func (d *decoder) header(what string) (h primitives.Header) {
	if d.err != nil || d.remaining() < primitives.HeaderSize {
		d.fail(what)
		return h
	}
	h, err := primitives.DecodeHeader(d.b[d.off:])
	if err != nil {
		d.err = wrapMalformed(d.cmd, what, err)
		return h
	}
	d.off += primitives.HeaderSize
	return h
}

// tx reads one transaction with witnesses (zero-copy).
func (d *decoder) tx(what string) *primitives.Tx {
	if d.err != nil {
		return nil
	}
	tx, n, err := primitives.DecodeTxPrefix(d.b[d.off:])
	if err != nil {
		d.err = wrapMalformed(d.cmd, what, err)
		return nil
	}
	d.off += n
	return tx
}

// finish reports the sticky error, or ErrMalformed if bytes remain.
func (d *decoder) finish() error {
	if d.err != nil {
		return d.err
	}
	if d.off != len(d.b) {
		return malformed(d.cmd, "%d trailing bytes", len(d.b)-d.off)
	}
	return nil
}

func appendU16BE(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(b, v) }
func appendU32(b []byte, v uint32) []byte   { return binary.LittleEndian.AppendUint32(b, v) }
func appendU64(b []byte, v uint64) []byte   { return binary.LittleEndian.AppendUint64(b, v) }

func appendVarBytes(b, s []byte) []byte {
	return append(primitives.AppendCompactSize(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}
