package rpcutil

import (
	"encoding/json"
	"errors"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/consensus"
	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// fixedPointCases are ParseFixedPoint results with 8 decimals, after Core's
// util_tests (test_ParseFixedPoint) and the corner cases of its algorithm.
var fixedPointCases = []struct {
	in   string
	want int64
	ok   bool
}{
	{"0", 0, true},
	{"1", 100000000, true},
	{"0.0", 0, true},
	{"-0.0", 0, true},
	{"-0", 0, true},
	{"-0.1", -10000000, true},
	{"1.1", 110000000, true},
	{"1.10000000000000000", 110000000, true},
	{"1.1e1", 1100000000, true},
	{"1.1E+1", 1100000000, true},
	{"1.1e-1", 11000000, true},
	{"1000", 100000000000, true},
	{"-1000", -100000000000, true},
	{"0.00000001", 1, true},
	{"1e-8", 1, true},
	{"0.0000000100000000", 1, true},
	{"-0.00000001", -1, true},
	{"1000000000.00000001", 100000000000000001, true},
	{"9999999999.99999999", 999999999999999999, true},
	{"-9999999999.99999999", -999999999999999999, true},
	{"1.000000000", 100000000, true},
	{"100e-2", 100000000, true},
	{"100000000000000000000000e-23", 100000000, true},
	{"21000000", 2100000000000000, true},
	{"1e9", 100000000000000000, true},
	{"0e9", 0, true},
	{"0e-8", 0, true},
	{"1e0000000000000000009", 100000000000000000, true},

	{"", 0, false},
	{"-", 0, false},
	{"a-1000", 0, false},
	{"-a1000", 0, false},
	{"-1000a", 0, false},
	{"-01000", 0, false},
	{"00.1", 0, false},
	{"01", 0, false},
	{".1", 0, false},
	{"1.", 0, false},
	{"--0.1", 0, false},
	{"+1", 0, false},
	{" 1", 0, false},
	{"1 ", 0, false},
	{"0.000000001", 0, false},
	{"-0.000000001", 0, false},
	{"0.00000001000000001", 0, false},
	{"0.0000000010", 0, false},
	{"-10000000000.00000000", 0, false},
	{"10000000000.00000000", 0, false},
	{"10000000000.00000001", 0, false},
	{"-10000000000.00000009", 0, false},
	{"99999909999.09999999", 0, false},
	{"92233720368.54775807", 0, false},
	{"92233720368.54775808", 0, false},
	{"-92233720368.54775809", 0, false},
	{"1.1e", 0, false},
	{"1.1e-", 0, false},
	{"1.1e+", 0, false},
	{"1e10", 0, false},
	{"1e100", 0, false},
	{"0e10", 0, false}, // zero, but the scaled exponent reaches 18
	{"0e-9", 0, false}, // zero, but below 10^-8
	{"0.0e-8", 0, true},
	{"0.0e-9", 0, false},
	{"1e99999999999999999999", 0, false},
	{"1.2.3", 0, false},
	{"abc", 0, false},
	{"NaN", 0, false},
	{"Infinity", 0, false},
	{"0x10", 0, false},
}

func TestParseFixedPoint(t *testing.T) {
	for _, tc := range fixedPointCases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseFixedPoint(tc.in, 8)
			if ok != tc.ok || got != tc.want {
				t.Fatalf("ParseFixedPoint(%q, 8) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseFixedPointDecimals(t *testing.T) {
	tests := []struct {
		in       string
		decimals int
		want     int64
		ok       bool
	}{
		{"1.5", 3, 1500, true},
		{"0.001", 3, 1, true},
		{"0.0001", 3, 0, false},
		{"25", 0, 25, true},
		{"2.5", 0, 0, false},
		{"999999999999999999", 0, 999999999999999999, true},
		{"1e17", 0, 100000000000000000, true},
		{"1e18", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in+"/"+strconv.Itoa(tc.decimals), func(t *testing.T) {
			got, ok := ParseFixedPoint(tc.in, tc.decimals)
			if ok != tc.ok || got != tc.want {
				t.Fatalf("ParseFixedPoint(%q, %d) = %d, %v; want %d, %v", tc.in, tc.decimals, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestAmountFromJSON(t *testing.T) {
	const (
		notNum   = "Amount is not a number or string"
		invalid  = "Invalid amount"
		outRange = "Amount out of range"
	)
	tests := []struct {
		name     string
		raw      string
		decimals int // 8 calls AmountFromJSON, others AmountFromJSONDecimals
		want     int64
		errMsg   string
	}{
		{"number", `1.5`, 8, 150000000, ""},
		{"string", `"0.00000001"`, 8, 1, ""},
		{"exponent", `1e-8`, 8, 1, ""},
		{"zero", `0`, 8, 0, ""},
		{"max money", `21000000`, 8, consensus.MaxMoney, ""},
		{"max money string", `"21000000.00000000"`, 8, consensus.MaxMoney, ""},
		{"above max money", `21000000.00000001`, 8, 0, outRange},
		{"negative", `-0.00000001`, 8, 0, outRange},
		{"negative string", `"-1"`, 8, 0, outRange},
		{"large but parseable", `1e9`, 8, 0, outRange},
		{"too large to parse", `1e10`, 8, 0, invalid},
		{"too precise", `0.000000001`, 8, 0, invalid},
		{"text", `"abc"`, 8, 0, invalid},
		{"empty string", `""`, 8, 0, invalid},
		{"padded string", `" 1"`, 8, 0, invalid},
		{"null", `null`, 8, 0, notNum},
		{"absent", ``, 8, 0, notNum},
		{"bool", `true`, 8, 0, notNum},
		{"array", `[1]`, 8, 0, notNum},
		{"object", `{"a":1}`, 8, 0, notNum},
		{"sat/vB", `1.5`, 3, 1500, ""},
		{"sat/vB string", `"25"`, 3, 25000, ""},
		{"sat/vB milli", `0.001`, 3, 1, ""},
		{"sat/vB too precise", `0.0001`, 3, 0, invalid},
		{"sat/vB negative", `-1`, 3, 0, outRange},
		{"sat/vB above max money units", `2100000000000.001`, 3, 0, outRange},
		{"sat/vB wrong type", `false`, 3, 0, notNum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got int64
			var err error
			if tc.decimals == 8 {
				got, err = AmountFromJSON(json.RawMessage(tc.raw))
			} else {
				got, err = AmountFromJSONDecimals(json.RawMessage(tc.raw), tc.decimals)
			}
			code := 0
			if tc.errMsg != "" {
				code = jsonrpc.CodeTypeError
			}
			checkResult(t, got, err, tc.want, code, tc.errMsg)
		})
	}
}

func TestFeeRateParam(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		want   int64
		code   int
		errMsg string
	}{
		{"default", ``, 777, 0, ""},
		{"null default", `null`, 777, 0, ""},
		{"rate", `0.0001`, 10000, 0, ""},
		{"zero", `0`, 0, 0, ""},
		{"just below 1 BTC", `0.99999999`, 99999999, 0, ""},
		{"1 BTC", `1`, 0, -8, "Fee rates larger than or equal to 1BTC/kvB are not accepted"},
		{"negative", `-0.1`, 0, -3, "Amount out of range"},
		{"bool", `true`, 0, -3, "Amount is not a number or string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FeeRateParam(params(tc.raw), 0, 777)
			checkResult(t, got, err, tc.want, tc.code, tc.errMsg)
		})
	}
}

// fixedPointGrammar is the text ParseFixedPoint can accept.
var fixedPointGrammar = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?([0-9]+))?$`)

// fixedPointOracle states Core's ParseFixedPoint result in terms of the
// exact value, for text whose exponent has at most three significant
// digits (reported by the second result): a non-zero value is accepted
// when it is a whole number of 10^-decimals units of magnitude below
// 10^18; zero when its written exponent plus decimals is in [0, 18).
func fixedPointOracle(s string, decimals int) (v int64, ok, known bool) {
	m := fixedPointGrammar.FindStringSubmatch(s)
	if m == nil {
		return 0, false, true
	}
	mant, e := s, int64(0)
	if m[3] != "" {
		mant = s[:len(s)-len(m[3])]
		digits := strings.TrimLeft(m[4], "0")
		if len(digits) > 3 {
			return 0, false, false
		}
		e, _ = strconv.ParseInt(strings.TrimPrefix(m[3][1:], "+"), 10, 64)
	}
	r, good := new(big.Rat).SetString(mant)
	if !good {
		return 0, false, true
	}
	if r.Sign() == 0 {
		return 0, e+int64(decimals) >= 0 && e+int64(decimals) < 18, true
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(abs(e+int64(decimals))), nil))
	if e+int64(decimals) >= 0 {
		r.Mul(r, scale)
	} else {
		r.Quo(r, scale)
	}
	if !r.IsInt() {
		return 0, false, true
	}
	n := r.Num()
	if n.CmpAbs(big.NewInt(fixedPointBound)) > 0 {
		return 0, false, true
	}
	return n.Int64(), true, true
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestFixedPointOracle(t *testing.T) {
	for _, tc := range fixedPointCases {
		v, ok, known := fixedPointOracle(tc.in, 8)
		if known && (ok != tc.ok || v != tc.want) {
			t.Errorf("oracle(%q) = %d, %v; want %d, %v", tc.in, v, ok, tc.want, tc.ok)
		}
	}
}

// formatFixed8 prints a count of 10^-8 units as a decimal with 8 fraction
// digits.
func formatFixed8(v int64) string {
	s := strconv.FormatInt(abs(v), 10)
	for len(s) < 9 {
		s = "0" + s
	}
	s = s[:len(s)-8] + "." + s[len(s)-8:]
	if v < 0 {
		s = "-" + s
	}
	return s
}

// FuzzParseFixedPoint compares ParseFixedPoint with an exact-arithmetic
// statement of Core's rules and checks that an accepted value prints back
// and parses to itself; AmountFromJSON on the same text, bare and quoted,
// answers the same value within MAX_MONEY or one of Core's three -3
// messages.
func FuzzParseFixedPoint(f *testing.F) {
	for _, tc := range fixedPointCases {
		f.Add(tc.in)
	}
	for _, s := range []string{`"0.1"`, "null", "[]", "true", `"1e-8"`, "21000000.00000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseFixedPoint(s, 8)
		if want, wantOK, known := fixedPointOracle(s, 8); known && (ok != wantOK || got != want) {
			t.Fatalf("ParseFixedPoint(%q) = %d, %v; oracle %d, %v", s, got, ok, want, wantOK)
		}
		if ok {
			back, ok2 := ParseFixedPoint(formatFixed8(got), 8)
			if !ok2 || back != got {
				t.Fatalf("%q -> %d -> %q -> %d, %v", s, got, formatFixed8(got), back, ok2)
			}
		}
		for _, raw := range []string{s, strconv.Quote(s)} {
			v, err := AmountFromJSON(json.RawMessage(raw))
			if err != nil {
				var je *jsonrpc.Error
				if !errors.As(err, &je) || je.Code != jsonrpc.CodeTypeError {
					t.Fatalf("AmountFromJSON(%q): %v", raw, err)
				}
				switch je.Message {
				case "Amount is not a number or string", "Invalid amount", "Amount out of range":
				default:
					t.Fatalf("AmountFromJSON(%q): message %q", raw, je.Message)
				}
				continue
			}
			if v < 0 || v > consensus.MaxMoney {
				t.Fatalf("AmountFromJSON(%q) = %d, out of range", raw, v)
			}
			if raw == s && jsonrpc.JSONType(json.RawMessage(s)) == "number" && string(trimBlank([]byte(s))) == s && (!ok || v != got) {
				t.Fatalf("AmountFromJSON(%q) = %d, ParseFixedPoint %d, %v", raw, v, got, ok)
			}
		}
	})
}

func BenchmarkAmountFromJSON(b *testing.B) {
	raw := json.RawMessage("0.00012345")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AmountFromJSON(raw); err != nil {
			b.Fatal(err)
		}
	}
}
