package rlp

import (
	"bytes"
	"math/big"
	"strings"
	"testing"
)

func TestAppendBytes(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{name: "empty", in: nil, want: "80"},
		{name: "byte 00", in: []byte{0}, want: "00"},
		{name: "byte 7f", in: []byte{0x7f}, want: "7f"},
		{name: "byte 80", in: []byte{0x80}, want: "8180"},
		{name: "55 bytes", in: bytes.Repeat([]byte{1}, 55), want: "b7" + strings.Repeat("01", 55)},
		{name: "56 bytes", in: bytes.Repeat([]byte{1}, 56), want: "b838" + strings.Repeat("01", 56)},
		{name: "256 bytes", in: bytes.Repeat([]byte{1}, 256), want: "b90100" + strings.Repeat("01", 256)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := unhex(tc.want)
			if got := AppendBytes([]byte{0xee}, tc.in); !bytes.Equal(got[1:], want) || got[0] != 0xee {
				t.Fatalf("AppendBytes = %x, want ee%x", got, want)
			}
			if got := AppendString(nil, string(tc.in)); !bytes.Equal(got, want) {
				t.Fatalf("AppendString = %x", got)
			}
			if BytesSize(tc.in) != len(want) {
				t.Fatalf("BytesSize = %d, want %d", BytesSize(tc.in), len(want))
			}
		})
	}
}

func TestAppendIntegers(t *testing.T) {
	big1, _ := new(big.Int).SetString("0102030405060708090a", 16)
	tests := []struct {
		name string
		got  []byte
		size int
		want string
	}{
		{name: "uint 0", got: AppendUint64(nil, 0), size: Uint64Size(0), want: "80"},
		{name: "uint 1", got: AppendUint64(nil, 1), size: Uint64Size(1), want: "01"},
		{name: "uint 0x80", got: AppendUint64(nil, 0x80), size: Uint64Size(0x80), want: "8180"},
		{name: "uint 1024", got: AppendUint64(nil, 1024), size: Uint64Size(1024), want: "820400"},
		{name: "uint max", got: AppendUint64(nil, ^uint64(0)), size: Uint64Size(^uint64(0)), want: "88ffffffffffffffff"},
		{name: "bool true", got: AppendBool(nil, true), size: 1, want: "01"},
		{name: "bool false", got: AppendBool(nil, false), size: 1, want: "80"},
		{name: "bigint nil", got: AppendBigInt(nil, nil), size: BigIntSize(nil), want: "80"},
		{name: "bigint 0", got: AppendBigInt(nil, new(big.Int)), size: BigIntSize(new(big.Int)), want: "80"},
		{name: "bigint small", got: AppendBigInt(nil, big.NewInt(0x1234)), size: BigIntSize(big.NewInt(0x1234)), want: "821234"},
		{name: "bigint 80 bits", got: AppendBigInt(nil, big1), size: BigIntSize(big1), want: "8a0102030405060708090a"},
		{name: "uintbytes strips zeros", got: AppendUintBytes(nil, []byte{0, 0, 5}), size: 1, want: "05"},
		{name: "uintbytes zero", got: AppendUintBytes(nil, []byte{0, 0}), size: 1, want: "80"},
		{name: "uintbytes 0x80", got: AppendUintBytes(nil, []byte{0, 0x80}), size: 2, want: "8180"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := unhex(tc.want)
			if !bytes.Equal(tc.got, want) {
				t.Fatalf("got %x, want %x", tc.got, want)
			}
			if tc.size != len(want) {
				t.Fatalf("size %d, want %d", tc.size, len(want))
			}
		})
	}
}

func TestAppendBigIntNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	AppendBigInt(nil, big.NewInt(-1))
}

func TestLists(t *testing.T) {
	for _, n := range []int{0, 1, 55, 56, 255, 256, 65535, 65536} {
		content := bytes.Repeat([]byte{0x01}, n)
		want := append(AppendListHeader(nil, n), content...)
		if len(want) != ListSize(n) {
			t.Fatalf("n=%d: ListSize = %d, want %d", n, ListSize(n), len(want))
		}
		dst, mark := StartList([]byte{0xee})
		dst = append(dst, content...)
		dst = EndList(dst, mark)
		if !bytes.Equal(dst[1:], want) || dst[0] != 0xee {
			t.Fatalf("n=%d: StartList/EndList differs from AppendListHeader", n)
		}
		got, err := Decode(want)
		if err != nil || len(got.Elems) != n {
			t.Fatalf("n=%d: Decode: %v", n, err)
		}
	}
	// Nested builder lists.
	dst, outer := StartList(nil)
	dst, inner := StartList(dst)
	for range 60 {
		dst = AppendString(dst, "dog")
	}
	dst = EndList(dst, inner)
	dst = AppendUint64(dst, 7)
	dst = EndList(dst, outer)
	v, err := Decode(dst)
	if err != nil || len(v.Elems) != 2 || len(v.Elems[0].Elems) != 60 {
		t.Fatalf("nested: %v %v", v, err)
	}
	if !bytes.Equal(v.Encode(), dst) {
		t.Fatal("nested re-encode differs")
	}
}

func TestValueString(t *testing.T) {
	v := ListValue(StringValue([]byte("dog")), ListValue(), UintValue(1))
	if got := v.String(); got != "[0x646f67, [], 0x01]" {
		t.Fatalf("String = %q", got)
	}
	if v.Equal(ListValue()) || !v.Equal(v) || v.Equal(StringValue(nil)) {
		t.Fatal("Equal")
	}
}
