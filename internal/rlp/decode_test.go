package rlp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestSplit(t *testing.T) {
	long56 := "b838" + strings.Repeat("aa", 56)
	tests := []struct {
		name    string
		in      string
		kind    Kind
		content string
		rest    string
		err     error
	}{
		{name: "single byte", in: "0001", kind: KindString, content: "00", rest: "01"},
		{name: "byte 7f", in: "7f", kind: KindString, content: "7f"},
		{name: "empty string", in: "80", kind: KindString, content: ""},
		{name: "one byte string", in: "8180", kind: KindString, content: "80"},
		{name: "short string", in: "83646f67ff", kind: KindString, content: "646f67", rest: "ff"},
		{name: "long string", in: long56, kind: KindString, content: strings.Repeat("aa", 56)},
		{name: "empty list", in: "c0", kind: KindList, content: ""},
		{name: "short list", in: "c20102", kind: KindList, content: "0102"},
		{name: "long list", in: "f838" + strings.Repeat("01", 56), kind: KindList, content: strings.Repeat("01", 56)},
		{name: "empty input", in: "", err: ErrUnexpectedEnd},
		{name: "truncated long size", in: "b9", err: ErrUnexpectedEnd},
		{name: "truncated long list size", in: "f901", err: ErrUnexpectedEnd},
		{name: "byte as string", in: "8100", err: ErrCanonSize},
		{name: "byte 7f as string", in: "817f", err: ErrCanonSize},
		{name: "long form for short string", in: "b80100", err: ErrCanonSize},
		{name: "long form for 55 bytes", in: "b837" + strings.Repeat("00", 55), err: ErrCanonSize},
		{name: "leading zero in size", in: "b90038" + strings.Repeat("00", 56), err: ErrCanonSize},
		{name: "long form for short list", in: "f80100", err: ErrCanonSize},
		{name: "string too large", in: "83aabb", err: ErrValueTooLarge},
		{name: "list too large", in: "c3aabb", err: ErrValueTooLarge},
		{name: "huge size", in: "bfffffffffffffffff00", err: ErrValueTooLarge},
		{name: "huge list size", in: "ffffffffffffffffff00", err: ErrValueTooLarge},
		{name: "missing one byte content", in: "81", err: ErrValueTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := unhex(tc.in)
			k, content, rest, err := Split(in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if k != tc.kind || !bytes.Equal(content, unhex(tc.content)) || !bytes.Equal(rest, unhex(tc.rest)) {
				t.Fatalf("got %v %x %x, want %v %s %s", k, content, rest, tc.kind, tc.content, tc.rest)
			}
		})
	}
}

func TestSplitKinds(t *testing.T) {
	if _, _, err := SplitString(unhex("c0")); !errors.Is(err, ErrExpectedString) {
		t.Errorf("SplitString(list) err = %v", err)
	}
	if _, _, err := SplitList(unhex("80")); !errors.Is(err, ErrExpectedList) {
		t.Errorf("SplitList(string) err = %v", err)
	}
	if _, _, err := SplitList(unhex("")); !errors.Is(err, ErrUnexpectedEnd) {
		t.Errorf("SplitList(empty) err = %v", err)
	}
	if _, _, err := SplitString(unhex("8100")); !errors.Is(err, ErrCanonSize) {
		t.Errorf("SplitString(8100) err = %v", err)
	}
	c, rest, err := SplitList(unhex("c180ff"))
	if err != nil || !bytes.Equal(c, []byte{0x80}) || !bytes.Equal(rest, []byte{0xff}) {
		t.Errorf("SplitList = %x %x %v", c, rest, err)
	}
}

func TestSplitUint64(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want uint64
		err  error
	}{
		{name: "zero", in: "80", want: 0},
		{name: "one", in: "01", want: 1},
		{name: "127", in: "7f", want: 127},
		{name: "128", in: "8180", want: 128},
		{name: "256", in: "820100", want: 256},
		{name: "max", in: "88ffffffffffffffff", want: ^uint64(0)},
		{name: "zero byte", in: "00", err: ErrCanonInt},
		{name: "leading zero", in: "820001", err: ErrCanonInt},
		{name: "too large", in: "89010000000000000000", err: ErrUintOverflow},
		{name: "list", in: "c0", err: ErrExpectedString},
		{name: "non-canonical size", in: "8101", err: ErrCanonSize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, rest, err := SplitUint64(unhex(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err == nil && (x != tc.want || len(rest) != 0) {
				t.Fatalf("got %d rest %x, want %d", x, rest, tc.want)
			}
			if err == nil {
				if enc := AppendUint64(nil, x); !bytes.Equal(enc, unhex(tc.in)) {
					t.Fatalf("AppendUint64(%d) = %x", x, enc)
				}
			}
		})
	}
}

func TestSplitUint256(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [4]uint64
		err  error
	}{
		{name: "zero", in: "80"},
		{name: "small", in: "05", want: [4]uint64{5}},
		{name: "two limbs", in: "89010000000000000002", want: [4]uint64{2, 1}},
		{name: "max", in: "a0" + strings.Repeat("ff", 32), want: [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}},
		{name: "top limb", in: "a0" + "80" + strings.Repeat("00", 31), want: [4]uint64{0, 0, 0, 1 << 63}},
		{name: "33 bytes", in: "a101" + strings.Repeat("00", 32), err: ErrUintOverflow},
		{name: "leading zero", in: "820001", err: ErrCanonInt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, _, err := SplitUint256(unhex(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if x != tc.want {
				t.Fatalf("got %x, want %x", x, tc.want)
			}
			if enc := AppendUint256(nil, &x); !bytes.Equal(enc, unhex(tc.in)) {
				t.Fatalf("AppendUint256 = %x, want %s", enc, tc.in)
			}
			if Uint256Size(&x) != len(unhex(tc.in)) {
				t.Fatalf("Uint256Size = %d", Uint256Size(&x))
			}
		})
	}
}

func TestSplitBigInt(t *testing.T) {
	x, rest, err := SplitBigInt(unhex("8a0102030405060708090a01"))
	if err != nil || len(rest) != 1 {
		t.Fatal(err, rest)
	}
	want, _ := new(big.Int).SetString("0102030405060708090a", 16)
	if x.Cmp(want) != 0 {
		t.Fatalf("got %x", x)
	}
	if _, _, err := SplitBigInt(unhex("820001")); !errors.Is(err, ErrCanonInt) {
		t.Fatalf("leading zero: err = %v", err)
	}
	if _, _, err := SplitBigInt(unhex("c0")); !errors.Is(err, ErrExpectedString) {
		t.Fatalf("list: err = %v", err)
	}
}

func TestCountValuesAndSingle(t *testing.T) {
	n, err := CountValues(unhex("0180c0c20102b838" + strings.Repeat("00", 56)))
	if err != nil || n != 5 {
		t.Fatalf("CountValues = %d, %v", n, err)
	}
	if n, err := CountValues(nil); n != 0 || err != nil {
		t.Fatalf("CountValues(nil) = %d, %v", n, err)
	}
	if _, err := CountValues(unhex("0183")); !errors.Is(err, ErrValueTooLarge) {
		t.Fatalf("CountValues(bad) err = %v", err)
	}
	if _, _, err := Single(unhex("0101")); !errors.Is(err, ErrMoreThanOneValue) {
		t.Fatalf("Single trailing err = %v", err)
	}
	if _, err := Decode(unhex("c0c0")); !errors.Is(err, ErrMoreThanOneValue) {
		t.Fatalf("Decode trailing err = %v", err)
	}
}

func TestParseHeader(t *testing.T) {
	k, hs, cs, err := ParseHeader(unhex("f90100"))
	if err != nil || k != KindList || hs != 3 || cs != 256 {
		t.Fatalf("got %v %d %d %v", k, hs, cs, err)
	}
	// The content need not be present.
	k, hs, cs, err = ParseHeader(unhex("81"))
	if err != nil || k != KindString || hs != 1 || cs != 1 {
		t.Fatalf("got %v %d %d %v", k, hs, cs, err)
	}
	if _, _, _, err := ParseHeader(unhex("8105")); !errors.Is(err, ErrCanonSize) {
		t.Fatalf("err = %v", err)
	}
}

func TestDecodeDepth(t *testing.T) {
	// MaxDepth+1 nested lists: c1 c1 ... c0 needs long headers, so build it
	// with the encoder.
	v := ListValue()
	for range MaxDepth {
		v = ListValue(v)
	}
	if _, err := Decode(v.Encode()); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("err = %v, want ErrTooDeep", err)
	}
	v = ListValue()
	for range MaxDepth - 1 {
		v = ListValue(v)
	}
	if _, err := Decode(v.Encode()); err != nil {
		t.Fatalf("depth MaxDepth: %v", err)
	}
	// Errors inside nested lists surface.
	if _, err := Decode(unhex("c3c28100")); !errors.Is(err, ErrCanonSize) {
		t.Fatalf("nested err = %v", err)
	}
}

func TestListReader(t *testing.T) {
	// [5, "dog", 0x0100 (uint), 2^70, [1, 2], raw 0x80]
	b := ListValue(UintValue(5), StringValue([]byte("dog")), UintValue(256),
		BigIntValue(new(big.Int).Lsh(big.NewInt(1), 70)),
		ListValue(UintValue(1), UintValue(2)), StringValue(nil)).Encode()
	r := NewListReader(b)
	if r.Kind() != KindString {
		t.Fatal("Kind")
	}
	if x := r.Uint64(); x != 5 {
		t.Fatalf("Uint64 = %d", x)
	}
	if s := r.Bytes(); string(s) != "dog" {
		t.Fatalf("Bytes = %q", s)
	}
	if u := r.Uint256(); u != [4]uint64{256} {
		t.Fatalf("Uint256 = %v", u)
	}
	if x := r.BigInt(); x.BitLen() != 71 {
		t.Fatalf("BigInt = %v", x)
	}
	if r.Kind() != KindList {
		t.Fatal("Kind list")
	}
	inner := r.List()
	if inner.Uint64() != 1 || inner.Uint64() != 2 || inner.Finish() != nil {
		t.Fatal("inner list")
	}
	if raw := r.Raw(); !bytes.Equal(raw, []byte{0x80}) {
		t.Fatalf("Raw = %x", raw)
	}
	if r.More() || r.Index() != 6 {
		t.Fatalf("More/Index = %v %d", r.More(), r.Index())
	}
	if err := r.Finish(); err != nil {
		t.Fatal(err)
	}
}

func TestListReaderErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		read func(r *ListReader)
		err  error
	}{
		{name: "not a list", in: "80", read: func(r *ListReader) {}, err: ErrExpectedList},
		{name: "trailing", in: "c0c0", read: func(r *ListReader) {}, err: ErrMoreThanOneValue},
		{name: "too few", in: "c101", read: func(r *ListReader) { r.Uint64(); r.Uint64() }, err: ErrTooFewElements},
		{name: "too many", in: "c20102", read: func(r *ListReader) { r.Uint64() }, err: ErrTooManyElements},
		{name: "non-canonical int", in: "c100", read: func(r *ListReader) { r.Uint64() }, err: ErrCanonInt},
		{name: "uint overflow", in: "ca89010000000000000000", read: func(r *ListReader) { r.Uint64() }, err: ErrUintOverflow},
		{name: "bigint leading zero", in: "c3820001", read: func(r *ListReader) { r.BigInt() }, err: ErrCanonInt},
		{name: "uint256 overflow", in: "e2a101" + strings.Repeat("00", 32), read: func(r *ListReader) { r.Uint256() }, err: ErrUintOverflow},
		{name: "uint256 missing", in: "c0", read: func(r *ListReader) { r.Uint256() }, err: ErrTooFewElements},
		{name: "bytes got list", in: "c1c0", read: func(r *ListReader) { r.Bytes() }, err: ErrExpectedString},
		{name: "list got string", in: "c180", read: func(r *ListReader) { r.List() }, err: ErrExpectedList},
		{name: "list content got string", in: "c180", read: func(r *ListReader) { r.ListContent() }, err: ErrExpectedList},
		{name: "bad element", in: "c28100", read: func(r *ListReader) { r.Raw() }, err: ErrCanonSize},
		{name: "sticky", in: "c20001", read: func(r *ListReader) { r.Uint64(); r.Uint64(); r.Bytes(); r.List() }, err: ErrCanonInt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewListReader(unhex(tc.in))
			tc.read(&r)
			err := r.Finish()
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
		})
	}
	// The element index appears in the description.
	r := NewContentReader(unhex("0100"))
	r.Uint64()
	r.Uint64()
	var e *Error
	if !errors.As(r.Err(), &e) || e.Description != "list element 1" {
		t.Fatalf("err = %#v", r.Err())
	}
}
