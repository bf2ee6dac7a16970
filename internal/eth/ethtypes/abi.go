package ethtypes

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/crypto"
)

// Selector returns the 4-byte ABI function selector of a canonical function
// signature such as "transfer(address,uint256)": the first four bytes of its
// Keccak-256. The signature is hashed as given (no spaces, canonical type
// names like uint256 rather than uint).
//
// This function is safe for concurrent access.
func Selector(signature string) [4]byte {
	h := crypto.Keccak256([]byte(signature))
	return [4]byte(h[:4])
}

// EncodeABI returns the Solidity ABI encoding of values as a tuple of the
// given types (the argument encoding that follows a selector in calldata,
// or a function's return data). Supported types: uint<M> and int<M>
// (M = 8...256 in steps of 8; uint and int mean 256), address, bool,
// bytes<M> (M = 1...32), bytes, string, and fixed (T[k]) or dynamic (T[])
// arrays of any of these, nested to any depth.
//
// Go values: integers as int, int64, uint64, *big.Int, uint256.Int or
// *uint256.Int; address as Address; bool as bool; bytes<M>, bytes and
// string as []byte or string (bytes<M> is right-padded with zeros; longer
// input is an error); arrays as []any. Errors have kind ErrABIType or
// ErrABIValue.
//
// This function is safe for concurrent access.
func EncodeABI(types []string, values []any) ([]byte, error) {
	if len(types) != len(values) {
		return nil, ruleErrorf(ErrABIValue, "%d types but %d values", len(types), len(values))
	}
	ts := make([]*abiType, len(types))
	for i, s := range types {
		t, err := parseABIType(s)
		if err != nil {
			return nil, err
		}
		ts[i] = t
	}
	return encodeTuple(nil, ts, values)
}

type abiKind uint8

const (
	abiUint abiKind = iota
	abiInt
	abiAddress
	abiBool
	abiFixedBytes
	abiBytes
	abiString
	abiArray // fixed length when length >= 0, dynamic when -1
)

// abiType is a parsed ABI type.
type abiType struct {
	kind   abiKind
	size   int // bits for integers, bytes for bytes<M>
	elem   *abiType
	length int
}

// parseABIType parses a type string.
func parseABIType(s string) (*abiType, error) {
	if strings.HasSuffix(s, "]") {
		open := strings.LastIndexByte(s, '[')
		if open < 0 {
			return nil, ruleErrorf(ErrABIType, "%q", s)
		}
		elem, err := parseABIType(s[:open])
		if err != nil {
			return nil, err
		}
		n := s[open+1 : len(s)-1]
		if n == "" {
			return &abiType{kind: abiArray, elem: elem, length: -1}, nil
		}
		k, err := strconv.Atoi(n)
		if err != nil || k < 0 {
			return nil, ruleErrorf(ErrABIType, "%q: bad array length", s)
		}
		return &abiType{kind: abiArray, elem: elem, length: k}, nil
	}
	switch s {
	case "address":
		return &abiType{kind: abiAddress}, nil
	case "bool":
		return &abiType{kind: abiBool}, nil
	case "bytes":
		return &abiType{kind: abiBytes}, nil
	case "string":
		return &abiType{kind: abiString}, nil
	case "uint":
		return &abiType{kind: abiUint, size: 256}, nil
	case "int":
		return &abiType{kind: abiInt, size: 256}, nil
	}
	for _, p := range []struct {
		prefix string
		kind   abiKind
	}{{"uint", abiUint}, {"int", abiInt}, {"bytes", abiFixedBytes}} {
		rest, ok := strings.CutPrefix(s, p.prefix)
		if !ok {
			continue
		}
		m, err := strconv.Atoi(rest)
		if err != nil || (rest != "" && rest[0] == '0') {
			return nil, ruleErrorf(ErrABIType, "%q", s)
		}
		if p.kind == abiFixedBytes {
			if m < 1 || m > 32 {
				return nil, ruleErrorf(ErrABIType, "%q: size must be 1..32", s)
			}
		} else if m < 8 || m > 256 || m%8 != 0 {
			return nil, ruleErrorf(ErrABIType, "%q: size must be a multiple of 8 in 8..256", s)
		}
		return &abiType{kind: p.kind, size: m}, nil
	}
	return nil, ruleErrorf(ErrABIType, "%q", s)
}

// dynamic reports whether t is encoded in the tail of its enclosing tuple.
func (t *abiType) dynamic() bool {
	switch t.kind {
	case abiBytes, abiString:
		return true
	case abiArray:
		return t.length < 0 || t.elem.dynamic()
	}
	return false
}

// headSize returns the bytes t takes in the head of a tuple.
func (t *abiType) headSize() int {
	if t.kind == abiArray && !t.dynamic() {
		return t.length * t.elem.headSize()
	}
	return 32
}

// encodeTuple appends the encoding of values as a tuple of ts.
func encodeTuple(b []byte, ts []*abiType, values []any) ([]byte, error) {
	start := len(b)
	headLen := 0
	for _, t := range ts {
		headLen += t.headSize()
	}
	b = append(b, make([]byte, headLen)...)
	head := start
	for i, t := range ts {
		if !t.dynamic() {
			enc, err := encodeValue(nil, t, values[i])
			if err != nil {
				return nil, err
			}
			copy(b[head:], enc)
		} else {
			putWord(b[head:head+32], uint64(len(b)-start))
			var err error
			if b, err = encodeValue(b, t, values[i]); err != nil {
				return nil, err
			}
		}
		head += t.headSize()
	}
	return b, nil
}

// encodeValue appends the encoding of v as t.
func encodeValue(b []byte, t *abiType, v any) ([]byte, error) {
	switch t.kind {
	case abiUint, abiInt:
		return appendABIInt(b, t, v)
	case abiAddress:
		a, ok := v.(Address)
		if !ok {
			return nil, ruleErrorf(ErrABIValue, "address: got %T", v)
		}
		var w [32]byte
		copy(w[12:], a[:])
		return append(b, w[:]...), nil
	case abiBool:
		x, ok := v.(bool)
		if !ok {
			return nil, ruleErrorf(ErrABIValue, "bool: got %T", v)
		}
		var w [32]byte
		if x {
			w[31] = 1
		}
		return append(b, w[:]...), nil
	case abiFixedBytes:
		data, ok := asBytes(v)
		if !ok || len(data) > t.size {
			return nil, ruleErrorf(ErrABIValue, "bytes%d: got %T of length %d", t.size, v, len(data))
		}
		var w [32]byte
		copy(w[:], data)
		return append(b, w[:]...), nil
	case abiBytes, abiString:
		data, ok := asBytes(v)
		if !ok {
			return nil, ruleErrorf(ErrABIValue, "bytes/string: got %T", v)
		}
		var w [32]byte
		putWord(w[:], uint64(len(data)))
		b = append(b, w[:]...)
		b = append(b, data...)
		if pad := (32 - len(data)%32) % 32; pad > 0 {
			b = append(b, make([]byte, pad)...)
		}
		return b, nil
	case abiArray:
		elems, ok := v.([]any)
		if !ok {
			return nil, ruleErrorf(ErrABIValue, "array: got %T, want []any", v)
		}
		if t.length >= 0 && len(elems) != t.length {
			return nil, ruleErrorf(ErrABIValue, "array: %d elements, want %d", len(elems), t.length)
		}
		if t.length < 0 {
			var w [32]byte
			putWord(w[:], uint64(len(elems)))
			b = append(b, w[:]...)
		}
		ts := make([]*abiType, len(elems))
		for i := range ts {
			ts[i] = t.elem
		}
		return encodeTuple(b, ts, elems)
	}
	return nil, ruleErrorf(ErrABIType, "unknown kind")
}

// appendABIInt appends an integer word, checking it fits t.
func appendABIInt(b []byte, t *abiType, v any) ([]byte, error) {
	var x *big.Int
	switch n := v.(type) {
	case int:
		x = big.NewInt(int64(n))
	case int64:
		x = big.NewInt(n)
	case uint64:
		x = new(big.Int).SetUint64(n)
	case *big.Int:
		x = n
	case uint256.Int:
		x = n.ToBig()
	case *uint256.Int:
		x = n.ToBig()
	default:
		return nil, ruleErrorf(ErrABIValue, "integer: got %T", v)
	}
	if x == nil {
		return nil, ruleErrorf(ErrABIValue, "integer: nil")
	}
	if t.kind == abiUint {
		if x.Sign() < 0 || x.BitLen() > t.size {
			return nil, ruleErrorf(ErrABIValue, "%s does not fit uint%d", x, t.size)
		}
	} else {
		lim := new(big.Int).Lsh(big.NewInt(1), uint(t.size-1))
		if x.Cmp(lim) >= 0 || x.Cmp(new(big.Int).Neg(lim)) < 0 {
			return nil, ruleErrorf(ErrABIValue, "%s does not fit int%d", x, t.size)
		}
	}
	var w [32]byte
	if x.Sign() < 0 {
		// Two's complement in 256 bits.
		y := new(big.Int).Add(x, new(big.Int).Lsh(big.NewInt(1), 256))
		y.FillBytes(w[:])
	} else {
		x.FillBytes(w[:])
	}
	return append(b, w[:]...), nil
}

// asBytes accepts []byte or string.
func asBytes(v any) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	}
	return nil, false
}

// putWord writes x big-endian into the last 8 bytes of the 32-byte w.
func putWord(w []byte, x uint64) {
	for i := range 8 {
		w[31-i] = byte(x >> (8 * i))
	}
}
