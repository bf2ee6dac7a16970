package rpcutil

import (
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/chainhash"
)

func TestIsHex(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", false},
		{"odd", "abc", false},
		{"lower", "00ff", true},
		{"upper", "ABCDEF", true},
		{"mixed", "aB0c", true},
		{"non-hex letter", "0g", false},
		{"prefix", "0x00", false},
		{"blank", " 00", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsHex(tc.in); got != tc.want {
				t.Fatalf("IsHex(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseHex(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   []byte
		code   int
		errMsg string
	}{
		{"bytes", "00Ff10", []byte{0, 0xff, 0x10}, 0, ""},
		{"empty", "", nil, -8, "Data must be hexadecimal string (not '')"},
		{"odd", "abc", nil, -8, "Data must be hexadecimal string (not 'abc')"},
		{"bad digit", "zz", nil, -8, "Data must be hexadecimal string (not 'zz')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseHex(tc.in, "Data")
			checkResult(t, string(got), err, string(tc.want), tc.code, tc.errMsg)
		})
	}
}

func TestParseHash(t *testing.T) {
	const genesis = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
	want, err := chainhash.NewHashFromStr(genesis)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		in     string
		code   int
		errMsg string
	}{
		{"genesis", genesis, 0, ""},
		{"upper case", strings.ToUpper(genesis), 0, ""},
		{"short", "abcd", -8, "blockhash must be of length 64 (not 4, for 'abcd')"},
		{"empty", "", -8, "blockhash must be of length 64 (not 0, for '')"},
		{"long", genesis + "00", -8, "blockhash must be of length 64 (not 66, for '" + genesis + "00')"},
		{"not hex", strings.Repeat("g", 64), -8, "blockhash must be hexadecimal string (not '" + strings.Repeat("g", 64) + "')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseHash(tc.in, "blockhash")
			checkResult(t, got, err, want, tc.code, tc.errMsg)
		})
	}
}

func TestReqHash(t *testing.T) {
	const h = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
	tests := []struct {
		name   string
		raw    string
		code   int
		errMsg string
	}{
		{"ok", `"` + h + `"`, 0, ""},
		{"missing", ``, -8, "Missing required parameter 1"},
		{"number", `1`, -3, "JSON value of type number is not of expected type string"},
		{"short", `"00"`, -8, "txid must be of length 64 (not 2, for '00')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReqHash(params(tc.raw), 0, "txid")
			checkResult(t, got.String(), err, h, tc.code, tc.errMsg)
		})
	}
}

func BenchmarkParseHash(b *testing.B) {
	const s = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHash(s, "blockhash"); err != nil {
			b.Fatal(err)
		}
	}
}
