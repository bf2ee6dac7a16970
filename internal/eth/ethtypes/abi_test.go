package ethtypes

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/testdata"
)

func TestSelector(t *testing.T) {
	tests := []struct{ sig, want string }{
		{"Grow(int256,int256)", "ddb774da"},
		{"transfer(address,uint256)", "a9059cbb"},
		{"balanceOf(address)", "70a08231"},
		{"approve(address,uint256)", "095ea7b3"},
		{"transferFrom(address,address,uint256)", "23b872dd"},
		{"baz(uint32,bool)", "cdcd77c0"}, // Solidity ABI specification example
	}
	for _, tc := range tests {
		if got := Selector(tc.sig); hex.EncodeToString(got[:]) != tc.want {
			t.Errorf("Selector(%q) = %x, want %s", tc.sig, got, tc.want)
		}
	}
}

// abiArg converts a JSON test argument to the Go value EncodeABI takes for
// the type.
func abiArg(t *testing.T, typ string, v any) any {
	t.Helper()
	if strings.HasSuffix(typ, "]") {
		elem := typ[:strings.LastIndexByte(typ, '[')]
		in := v.([]any)
		out := make([]any, len(in))
		for i := range in {
			out[i] = abiArg(t, elem, in[i])
		}
		return out
	}
	switch {
	case typ == "address":
		return mustAddress(t, v.(string))
	case strings.HasPrefix(typ, "uint"), strings.HasPrefix(typ, "int"):
		n, ok := new(big.Int).SetString(v.(json.Number).String(), 10)
		if !ok {
			t.Fatalf("bad integer %v", v)
		}
		return n
	case typ == "bool":
		return v.(bool)
	default: // bytes, bytesN, string
		return v.(string)
	}
}

// TestABITests runs ABITests/basic_abi_tests.json: encode the arguments as
// a tuple of the types and compare with the expected hex.
func TestABITests(t *testing.T) {
	f, err := os.Open(testdata.Path(t, "ethereum-tests", "ABITests", "basic_abi_tests.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	var cases map[string]struct {
		Args   []any    `json:"args"`
		Result string   `json:"result"`
		Types  []string `json:"types"`
	}
	if err := dec.Decode(&cases); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		args := make([]any, len(c.Args))
		for i := range c.Args {
			args[i] = abiArg(t, c.Types[i], c.Args[i])
		}
		got, err := EncodeABI(c.Types, args)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if hex.EncodeToString(got) != c.Result {
			t.Errorf("%s: got %x\nwant %s", name, got, c.Result)
		}
	}
	t.Logf("ABITests: %d cases (%v)", len(cases), names)
}

func TestEncodeABI(t *testing.T) {
	word := func(s string) string { return strings.Repeat("0", 64-len(s)) + s }
	addr := mustAddress(t, "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826")
	tests := []struct {
		name   string
		types  []string
		values []any
		want   string
		err    error
	}{
		// The Solidity documentation's baz(69, true) example.
		{name: "uint32 bool", types: []string{"uint32", "bool"}, values: []any{69, true},
			want: word("45") + word("1")},
		{name: "negative int", types: []string{"int8"}, values: []any{int64(-1)}, want: strings.Repeat("f", 64)},
		{name: "int256 min", types: []string{"int"}, values: []any{new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 255))},
			want: "8" + strings.Repeat("0", 63)},
		{name: "uint256 types", types: []string{"uint", "uint64", "uint256"},
			values: []any{uint64(1), *uint256.NewInt(2), uint256.NewInt(3)}, want: word("1") + word("2") + word("3")},
		{name: "address false", types: []string{"address", "bool"}, values: []any{addr, false},
			want: word(hex.EncodeToString(addr[:])) + word("0")},
		{name: "string", types: []string{"string"}, values: []any{"dave"},
			want: word("20") + word("4") + hex.EncodeToString([]byte("dave")) + strings.Repeat("0", 56)},
		{name: "empty bytes", types: []string{"bytes"}, values: []any{[]byte{}}, want: word("20") + word("0")},
		{name: "fixed array", types: []string{"uint8[2]", "bool"}, values: []any{[]any{1, 2}, true},
			want: word("1") + word("2") + word("1")},
		{name: "nested dynamic", types: []string{"uint8[][]"}, values: []any{[]any{[]any{1}, []any{}}},
			want: word("20") + word("2") + word("40") + word("80") + word("1") + word("1") + word("0")},
		{name: "string array", types: []string{"string[1]"}, values: []any{[]any{"a"}},
			want: word("20") + word("20") + word("1") + "61" + strings.Repeat("0", 62)},

		{name: "count mismatch", types: []string{"bool"}, values: nil, err: ErrABIValue},
		{name: "unknown type", types: []string{"fixed128x18"}, values: []any{1}, err: ErrABIType},
		{name: "bad int size", types: []string{"uint7"}, values: []any{1}, err: ErrABIType},
		{name: "leading zero size", types: []string{"uint08"}, values: []any{1}, err: ErrABIType},
		{name: "bad bytes size", types: []string{"bytes33"}, values: []any{"x"}, err: ErrABIType},
		{name: "bad array length", types: []string{"bool[x]"}, values: []any{[]any{}}, err: ErrABIType},
		{name: "unbalanced bracket", types: []string{"bool]"}, values: []any{true}, err: ErrABIType},
		{name: "bad array element type", types: []string{"foo[]"}, values: []any{[]any{}}, err: ErrABIType},
		{name: "uint overflow", types: []string{"uint8"}, values: []any{256}, err: ErrABIValue},
		{name: "negative uint", types: []string{"uint256"}, values: []any{-1}, err: ErrABIValue},
		{name: "int overflow", types: []string{"int8"}, values: []any{128}, err: ErrABIValue},
		{name: "int underflow", types: []string{"int8"}, values: []any{-129}, err: ErrABIValue},
		{name: "nil big", types: []string{"uint8"}, values: []any{(*big.Int)(nil)}, err: ErrABIValue},
		{name: "wrong int type", types: []string{"uint8"}, values: []any{"1"}, err: ErrABIValue},
		{name: "wrong address type", types: []string{"address"}, values: []any{"0x00"}, err: ErrABIValue},
		{name: "wrong bool type", types: []string{"bool"}, values: []any{1}, err: ErrABIValue},
		{name: "bytesN too long", types: []string{"bytes2"}, values: []any{"abc"}, err: ErrABIValue},
		{name: "bytes wrong type", types: []string{"bytes"}, values: []any{1}, err: ErrABIValue},
		{name: "array wrong type", types: []string{"bool[]"}, values: []any{[]bool{true}}, err: ErrABIValue},
		{name: "array wrong length", types: []string{"bool[2]"}, values: []any{[]any{true}}, err: ErrABIValue},
		{name: "array bad element", types: []string{"bool[]"}, values: []any{[]any{1}}, err: ErrABIValue},
		{name: "static array bad element", types: []string{"bool[1]"}, values: []any{[]any{1}}, err: ErrABIValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EncodeABI(tc.types, tc.values)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(got) != tc.want {
				t.Fatalf("got  %x\nwant %s", got, tc.want)
			}
		})
	}
}
