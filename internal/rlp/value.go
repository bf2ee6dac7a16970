package rlp

import (
	"bytes"
	"encoding/hex"
	"math/big"
	"strings"
)

// MaxDepth is the deepest list nesting Decode accepts. RLP itself has no
// limit; the bound keeps a hostile input from driving deep recursion.
const MaxDepth = 1024

// Value is a decoded RLP value of either kind: a string (IsList false,
// content in Bytes) or a list (IsList true, elements in Elems). It is a
// generic tree for tests, tools and debugging; protocol types use the
// Split and Append functions directly.
type Value struct {
	IsList bool
	Bytes  []byte
	Elems  []Value
}

// StringValue returns a string value holding b.
func StringValue(b []byte) Value { return Value{Bytes: b} }

// ListValue returns a list value holding elems.
func ListValue(elems ...Value) Value { return Value{IsList: true, Elems: elems} }

// UintValue returns the canonical integer x as a string value.
func UintValue(x uint64) Value {
	return Value{Bytes: appendBigEndian(nil, x, uintLen(x))}
}

// BigIntValue returns the canonical non-negative integer x as a string
// value. It panics if x is negative.
func BigIntValue(x *big.Int) Value {
	if x.Sign() < 0 {
		panic("rlp: cannot encode a negative big.Int")
	}
	return Value{Bytes: x.Bytes()}
}

// AppendTo appends the canonical encoding of v to dst.
func (v Value) AppendTo(dst []byte) []byte {
	if !v.IsList {
		return AppendBytes(dst, v.Bytes)
	}
	dst, mark := StartList(dst)
	for _, e := range v.Elems {
		dst = e.AppendTo(dst)
	}
	return EndList(dst, mark)
}

// Encode returns the canonical encoding of v.
func (v Value) Encode() []byte {
	return v.AppendTo(make([]byte, 0, v.Size()))
}

// Size returns the length of v's encoding.
func (v Value) Size() int {
	if !v.IsList {
		return BytesSize(v.Bytes)
	}
	n := 0
	for _, e := range v.Elems {
		n += e.Size()
	}
	return ListSize(n)
}

// Equal reports whether v and o are the same value.
func (v Value) Equal(o Value) bool {
	if v.IsList != o.IsList {
		return false
	}
	if !v.IsList {
		return bytes.Equal(v.Bytes, o.Bytes)
	}
	if len(v.Elems) != len(o.Elems) {
		return false
	}
	for i := range v.Elems {
		if !v.Elems[i].Equal(o.Elems[i]) {
			return false
		}
	}
	return true
}

// String formats v for debugging: strings as 0x-prefixed hex, lists in
// brackets, for example [0x646f67, [], 0x01].
func (v Value) String() string {
	var sb strings.Builder
	v.format(&sb)
	return sb.String()
}

func (v Value) format(sb *strings.Builder) {
	if !v.IsList {
		sb.WriteString("0x")
		sb.WriteString(hex.EncodeToString(v.Bytes))
		return
	}
	sb.WriteByte('[')
	for i, e := range v.Elems {
		if i > 0 {
			sb.WriteString(", ")
		}
		e.format(sb)
	}
	sb.WriteByte(']')
}

// Decode decodes b, which must hold exactly one canonical RLP value, into a
// Value tree. String contents alias b. Lists nested deeper than MaxDepth are
// rejected with ErrTooDeep. Allocation is bounded by the input: every element
// takes at least one input byte.
//
// This function is safe for concurrent access.
func Decode(b []byte) (Value, error) {
	k, content, err := Single(b)
	if err != nil {
		return Value{}, err
	}
	return decodeValue(k, content, 0)
}

func decodeValue(k Kind, content []byte, depth int) (Value, error) {
	if k == KindString {
		return Value{Bytes: content}, nil
	}
	if depth >= MaxDepth {
		return Value{}, ErrTooDeep
	}
	n, err := CountValues(content)
	if err != nil {
		return Value{}, err
	}
	v := Value{IsList: true, Elems: make([]Value, 0, n)}
	for len(content) > 0 {
		k, c, rest, err := Split(content)
		if err != nil {
			return Value{}, err
		}
		e, err := decodeValue(k, c, depth+1)
		if err != nil {
			return Value{}, err
		}
		v.Elems = append(v.Elems, e)
		content = rest
	}
	return v, nil
}
