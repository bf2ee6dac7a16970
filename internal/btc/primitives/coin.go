package primitives

import (
	"errors"
	"fmt"
	"math"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// This file implements Bitcoin Core's Coin serialization (coins.h) and its
// compression of amounts and scripts (compressor.h/.cpp). The same bytes are
// stored in the chainstate database and in the undo records of rev files.

// ErrBadCompressedScript is returned when a compressed script cannot be
// expanded (an invalid public key for the P2PK forms, or a size beyond the
// limit).
var ErrBadCompressedScript = errors.New("invalid compressed script")

// ErrBadCompressedAmount is returned when a compressed amount expands to
// more than fits in an int64 (only corrupt or hostile data does that).
var ErrBadCompressedAmount = errors.New("compressed amount out of range")

// ErrVarIntOverflow is returned when a VARINT does not fit in 64 bits.
var ErrVarIntOverflow = errors.New("ReadVarInt(): size too large")

// maxScriptSize is Core's MAX_SCRIPT_SIZE; compressed scripts above it are
// replaced by a single OP_RETURN when read, as Core does.
const maxScriptSize = 10000

// nSpecialScripts is the number of special compressed script types.
const nSpecialScripts = 6

// Coin is an unspent output with the height and coinbase flag of the
// transaction that created it.
type Coin struct {
	Out        TxOut
	Height     uint32
	IsCoinBase bool
}

// AppendVarInt appends n in Core's VARINT encoding: base-128, most
// significant group first, with one subtracted from every group but the last
// so that each value has exactly one encoding.
func AppendVarInt(b []byte, n uint64) []byte {
	var tmp [10]byte
	i := len(tmp) - 1
	tmp[i] = byte(n & 0x7f)
	for n > 0x7f {
		n = (n >> 7) - 1
		i--
		tmp[i] = byte(n&0x7f) | 0x80
	}
	return append(b, tmp[i:]...)
}

// ReadVarInt decodes a Core VARINT at the start of b and returns it with the
// number of bytes read.
func ReadVarInt(b []byte) (uint64, int, error) {
	var n uint64
	for i := 0; i < len(b); i++ {
		if n > (^uint64(0) >> 7) {
			return 0, 0, ErrVarIntOverflow
		}
		c := b[i]
		n = (n << 7) | uint64(c&0x7f)
		if c&0x80 == 0 {
			return n, i + 1, nil
		}
		if n == ^uint64(0) {
			return 0, 0, ErrVarIntOverflow
		}
		n++
	}
	return 0, 0, fmt.Errorf("varint: %w", ErrUnexpectedEOF)
}

// CompressAmount maps an amount to a smaller number for storage, as Core's
// CompressAmount: trailing decimal zeros are folded into the low digit.
func CompressAmount(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	e := uint64(0)
	for n%10 == 0 && e < 9 {
		n /= 10
		e++
	}
	if e < 9 {
		d := n % 10
		n /= 10
		return 1 + (n*9+d-1)*10 + e
	}
	return 1 + (n-1)*10 + 9
}

// DecompressAmount inverts CompressAmount. Values that overflow wrap, as in
// Core; DecodeCoin uses decompressAmountChecked instead.
func DecompressAmount(x uint64) uint64 {
	n, _ := decompressAmountChecked(x)
	return n
}

// decompressAmountChecked inverts CompressAmount and reports whether the
// result fits in an int64 without overflow.
func decompressAmountChecked(x uint64) (uint64, bool) {
	if x == 0 {
		return 0, true
	}
	x--
	e := x % 10
	x /= 10
	var n uint64
	if e < 9 {
		d := x%9 + 1
		x /= 9
		n = x*10 + d
	} else {
		n = x + 1
	}
	ok := n <= math.MaxInt64
	for ; e > 0; e-- {
		if n > math.MaxInt64/10 {
			ok = false
		}
		n *= 10
	}
	return n, ok
}

// compressScript returns the special compressed form of script (type byte
// and payload) when it is one of Core's six templates.
func compressScript(s []byte) ([]byte, bool) {
	switch {
	case len(s) == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 20 && s[23] == 0x88 && s[24] == 0xac:
		return append([]byte{0x00}, s[3:23]...), true
	case len(s) == 23 && s[0] == 0xa9 && s[1] == 20 && s[22] == 0x87:
		return append([]byte{0x01}, s[2:22]...), true
	case len(s) == 35 && s[0] == 33 && s[34] == 0xac && (s[1] == 0x02 || s[1] == 0x03):
		return append([]byte{s[1]}, s[2:34]...), true
	case len(s) == 67 && s[0] == 65 && s[66] == 0xac && s[1] == 0x04:
		if _, err := secp256k1.ParsePubKey(s[1:66]); err != nil {
			return nil, false
		}
		return append([]byte{0x04 | (s[65] & 1)}, s[2:34]...), true
	}
	return nil, false
}

// AppendCompressedScript appends Core's ScriptCompression form of s.
func AppendCompressedScript(b, s []byte) []byte {
	if c, ok := compressScript(s); ok {
		return append(b, c...)
	}
	b = AppendVarInt(b, uint64(len(s))+nSpecialScripts)
	return append(b, s...)
}

// ReadCompressedScript decodes a compressed script at the start of b and
// returns the expanded script and the number of bytes read.
func ReadCompressedScript(b []byte) ([]byte, int, error) {
	size, n, err := ReadVarInt(b)
	if err != nil {
		return nil, 0, err
	}
	b = b[n:]
	if size < nSpecialScripts {
		payload := 20
		if size >= 2 {
			payload = 32
		}
		if len(b) < payload {
			return nil, 0, fmt.Errorf("compressed script: %w", ErrUnexpectedEOF)
		}
		p := b[:payload]
		switch size {
		case 0:
			s := append([]byte{0x76, 0xa9, 20}, p...)
			return append(s, 0x88, 0xac), n + payload, nil
		case 1:
			s := append([]byte{0xa9, 20}, p...)
			return append(s, 0x87), n + payload, nil
		case 2, 3:
			s := append([]byte{33, byte(size)}, p...)
			return append(s, 0xac), n + payload, nil
		default: // 4, 5: uncompressed P2PK stored as its x coordinate.
			comp := append([]byte{byte(size - 2)}, p...)
			pk, err := secp256k1.ParsePubKey(comp)
			if err != nil {
				return nil, 0, fmt.Errorf("%w: %v", ErrBadCompressedScript, err)
			}
			s := append([]byte{65}, pk.SerializeUncompressed()...)
			return append(s, 0xac), n + payload, nil
		}
	}
	size -= nSpecialScripts
	if size > maxScriptSize {
		// Core skips the bytes and stores an unspendable OP_RETURN.
		if size > uint64(len(b)) {
			return nil, 0, fmt.Errorf("compressed script: %w", ErrUnexpectedEOF)
		}
		return []byte{0x6a}, n + int(size), nil
	}
	if size > uint64(len(b)) {
		return nil, 0, fmt.Errorf("compressed script: %w", ErrUnexpectedEOF)
	}
	return append([]byte(nil), b[:size]...), n + int(size), nil
}

// AppendTo appends Core's Coin serialization: VARINT(height*2 + coinbase),
// then the compressed output (VARINT(compressed amount), compressed script).
func (c *Coin) AppendTo(b []byte) []byte {
	code := uint64(c.Height) << 1
	if c.IsCoinBase {
		code |= 1
	}
	b = AppendVarInt(b, code)
	b = AppendVarInt(b, CompressAmount(uint64(c.Out.Value)))
	return AppendCompressedScript(b, c.Out.ScriptPubKey)
}

// DecodeCoin decodes a Coin at the start of b and returns it with the number
// of bytes read.
func DecodeCoin(b []byte) (Coin, int, error) {
	var c Coin
	code, n, err := ReadVarInt(b)
	if err != nil {
		return c, 0, fmt.Errorf("coin code: %w", err)
	}
	if code > 0xffffffff { // Core reads the code as a uint32 VARINT
		return c, 0, fmt.Errorf("coin code %d: %w", code, ErrVarIntOverflow)
	}
	c.Height, c.IsCoinBase = uint32(code>>1), code&1 == 1
	amt, m, err := ReadVarInt(b[n:])
	if err != nil {
		return c, 0, fmt.Errorf("coin amount: %w", err)
	}
	n += m
	val, ok := decompressAmountChecked(amt)
	if !ok {
		return c, 0, ErrBadCompressedAmount
	}
	c.Out.Value = int64(val)
	script, m, err := ReadCompressedScript(b[n:])
	if err != nil {
		return c, 0, err
	}
	c.Out.ScriptPubKey = script
	return c, n + m, nil
}
