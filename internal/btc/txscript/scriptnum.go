package txscript

// Script numbers (Core's CScriptNum): little-endian magnitude with the sign
// in the top bit of the last byte; the empty vector is zero. Operands are
// at most 4 bytes (5 for CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY), but
// results may be longer: 4-byte operands add up to 5-byte results, which
// are only rejected if used as an operand again.

const (
	// defaultScriptNumLen is the operand size limit of arithmetic.
	defaultScriptNumLen = 4
	// lockTimeScriptNumLen is the operand size limit of CLTV and CSV.
	lockTimeScriptNumLen = 5
)

// parseScriptNum decodes b as a script number of at most maxLen bytes,
// requiring the minimal encoding when requireMinimal is set (MINIMALDATA).
// Violations return ErrScriptNum, as Core's scriptnum_error does.
//
// This function is safe for concurrent access and does not allocate.
func parseScriptNum(b []byte, requireMinimal bool, maxLen int) (int64, ErrorCode) {
	n := len(b)
	if n > maxLen {
		return 0, ErrScriptNum
	}
	if n == 0 {
		return 0, ErrOK
	}
	if requireMinimal && b[n-1]&0x7f == 0 && (n == 1 || b[n-2]&0x80 == 0) {
		return 0, ErrScriptNum
	}
	var v int64
	for i := 0; i < n; i++ {
		v |= int64(b[i]) << (8 * uint(i))
	}
	if b[n-1]&0x80 != 0 {
		v &^= int64(0x80) << (8 * uint(n-1))
		return -v, ErrOK
	}
	return v, ErrOK
}

// ParseScriptNum decodes b as a script number of at most maxLen bytes
// (Core's CScriptNum constructor), requiring the minimal encoding when
// requireMinimal is set. It fails with ErrScriptNum.
//
// This function is safe for concurrent access.
func ParseScriptNum(b []byte, requireMinimal bool, maxLen int) (int64, error) {
	if maxLen > 8 {
		maxLen = 8
	}
	v, code := parseScriptNum(b, requireMinimal, maxLen)
	if code != ErrOK {
		return 0, code
	}
	return v, nil
}

// appendScriptNum appends the minimal script-number encoding of v (Core's
// CScriptNum::serialize). Zero encodes as nothing.
func appendScriptNum(b []byte, v int64) []byte {
	if v == 0 {
		return b
	}
	neg := v < 0
	var m uint64
	if neg {
		m = uint64(-v)
	} else {
		m = uint64(v)
	}
	for m > 0 {
		b = append(b, byte(m))
		m >>= 8
	}
	last := len(b) - 1
	if b[last]&0x80 != 0 {
		if neg {
			b = append(b, 0x80)
		} else {
			b = append(b, 0x00)
		}
	} else if neg {
		b[last] |= 0x80
	}
	return b
}

// ScriptNumBytes returns the minimal script-number encoding of v.
//
// This function is safe for concurrent access.
func ScriptNumBytes(v int64) []byte { return appendScriptNum(nil, v) }

// clampInt32 is CScriptNum::getint: the value saturated to the int range.
func clampInt32(v int64) int {
	const maxInt32, minInt32 = 1<<31 - 1, -1 << 31
	if v > maxInt32 {
		return maxInt32
	}
	if v < minInt32 {
		return minInt32
	}
	return int(v)
}

// smallNums holds the encodings of -1..16 so that pushing them does not
// allocate. A constant table; its slices are never written.
var smallNums = func() (t [18][]byte) {
	for v := -1; v <= 16; v++ {
		t[v+1] = appendScriptNum(make([]byte, 0, 1), int64(v))
	}
	return t
}()

// Constant stack values for booleans. Never written.
var (
	vchTrue  = []byte{1}
	vchFalse = []byte{}
)

// castToBool is Core's CastToBool: false for any encoding of zero,
// including negative zero (0x80 in the last byte).
func castToBool(b []byte) bool {
	for i, c := range b {
		if c != 0 {
			return !(i == len(b)-1 && c == 0x80)
		}
	}
	return false
}
