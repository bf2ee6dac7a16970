package primitives

import (
	"encoding/binary"
	"fmt"
)

// MaxSize is Core's MAX_SIZE: the largest compact size a decoder accepts.
const MaxSize = 0x02000000

// CompactSizeLen returns the number of bytes the compact-size encoding of n
// takes.
func CompactSizeLen(n uint64) int {
	switch {
	case n < 0xfd:
		return 1
	case n <= 0xffff:
		return 3
	case n <= 0xffffffff:
		return 5
	default:
		return 9
	}
}

// AppendCompactSize appends the canonical compact-size encoding of n.
func AppendCompactSize(b []byte, n uint64) []byte {
	switch {
	case n < 0xfd:
		return append(b, byte(n))
	case n <= 0xffff:
		return binary.LittleEndian.AppendUint16(append(b, 0xfd), uint16(n))
	case n <= 0xffffffff:
		return binary.LittleEndian.AppendUint32(append(b, 0xfe), uint32(n))
	default:
		return binary.LittleEndian.AppendUint64(append(b, 0xff), n)
	}
}

// ReadCompactSize decodes a canonical compact size at the start of b and
// returns it with the number of bytes read. Values above MaxSize are rejected,
// as Core does by default.
func ReadCompactSize(b []byte) (uint64, int, error) {
	r := reader{b: b}
	n, err := r.compactSize("compact size")
	return n, r.off, err
}

// reader is a bounds-checked cursor over a byte slice.
type reader struct {
	b   []byte
	off int
}

func (r *reader) remaining() int { return len(r.b) - r.off }

func (r *reader) bytes(n int, what string) ([]byte, error) {
	if n < 0 || n > r.remaining() {
		return nil, fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
	}
	s := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return s, nil
}

func (r *reader) u8(what string) (byte, error) {
	if r.remaining() < 1 {
		return 0, fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
	}
	v := r.b[r.off]
	r.off++
	return v, nil
}

func (r *reader) u32(what string) (uint32, error) {
	if r.remaining() < 4 {
		return 0, fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v, nil
}

func (r *reader) u64(what string) (uint64, error) {
	if r.remaining() < 8 {
		return 0, fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v, nil
}

func (r *reader) hash(what string, h *[32]byte) error {
	if r.remaining() < 32 {
		return fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
	}
	copy(h[:], r.b[r.off:])
	r.off += 32
	return nil
}

func (r *reader) compactSize(what string) (uint64, error) {
	d, err := r.u8(what)
	if err != nil {
		return 0, err
	}
	var n, min uint64
	switch d {
	case 0xfd:
		if r.remaining() < 2 {
			return 0, fmt.Errorf("%s: %w", what, ErrUnexpectedEOF)
		}
		n, min = uint64(binary.LittleEndian.Uint16(r.b[r.off:])), 0xfd
		r.off += 2
	case 0xfe:
		v, err := r.u32(what)
		if err != nil {
			return 0, err
		}
		n, min = uint64(v), 0x10000
	case 0xff:
		v, err := r.u64(what)
		if err != nil {
			return 0, err
		}
		n, min = v, 0x100000000
	default:
		return uint64(d), nil
	}
	if n < min {
		return 0, fmt.Errorf("%s: %w", what, ErrNonCanonicalCompactSize)
	}
	if n > MaxSize {
		return 0, fmt.Errorf("%s: %w", what, ErrCompactSizeTooLarge)
	}
	return n, nil
}

// count reads a compact size used as an element count and checks that the
// remaining input could hold that many elements of at least minSize bytes.
func (r *reader) count(what string, minSize int) (int, error) {
	n, err := r.compactSize(what)
	if err != nil {
		return 0, err
	}
	if minSize > 0 && n > uint64(r.remaining()/minSize) {
		return 0, fmt.Errorf("%s %d: %w", what, n, ErrTooMany)
	}
	return int(n), nil
}

// varBytes reads a compact-size-prefixed byte string.
func (r *reader) varBytes(what string) ([]byte, error) {
	n, err := r.compactSize(what)
	if err != nil {
		return nil, err
	}
	if n > uint64(r.remaining()) {
		return nil, fmt.Errorf("%s length %d: %w", what, n, ErrUnexpectedEOF)
	}
	return r.bytes(int(n), what)
}
