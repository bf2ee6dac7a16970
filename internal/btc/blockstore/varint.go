package blockstore

import (
	"fmt"
	"math"

	"github.com/twinchain/twinchain/internal/btc/primitives"
)

// Limits of Core's VARINT reads by the C++ type of the field.
const (
	maxInt32  = math.MaxInt32  // int, VarIntMode::NONNEGATIVE_SIGNED
	maxUint32 = math.MaxUint32 // unsigned int, uint32_t
	maxUint64 = math.MaxUint64 // uint64_t
)

// readVarInt decodes a Core VARINT at the start of b whose value must fit
// the field's C++ type, whose maximum is max (2^k-1). It applies Core's
// ReadVarInt checks with that type's limit, so every value Core would reject
// with "ReadVarInt(): size too large" is rejected here too.
func readVarInt(b []byte, max uint64, what string) (uint64, int, error) {
	var n uint64
	for i, c := range b {
		if n > max>>7 {
			return 0, 0, fmt.Errorf("%s: %w", what, primitives.ErrVarIntOverflow)
		}
		n = n<<7 | uint64(c&0x7f)
		if c&0x80 == 0 {
			return n, i + 1, nil
		}
		if n == max {
			return 0, 0, fmt.Errorf("%s: %w", what, primitives.ErrVarIntOverflow)
		}
		n++
	}
	return 0, 0, fmt.Errorf("%s: %w", what, primitives.ErrUnexpectedEOF)
}

// decoder reads consecutive fields of a record and remembers the first
// error, so record decoders read straight through.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) varint(max uint64, what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n, err := readVarInt(d.b[d.off:], max, what)
	if err != nil {
		d.err = err
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) compactSize(what string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n, err := primitives.ReadCompactSize(d.b[d.off:])
	if err != nil {
		d.err = fmt.Errorf("%s: %w", what, err)
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) bytes(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b)-d.off < n {
		d.err = fmt.Errorf("%s: %w", what, primitives.ErrUnexpectedEOF)
		return nil
	}
	s := d.b[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) remaining() int { return len(d.b) - d.off }
