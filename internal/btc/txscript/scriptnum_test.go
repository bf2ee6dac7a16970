package txscript

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func TestScriptNumEncoding(t *testing.T) {
	tests := []struct {
		v   int64
		hex string
	}{
		{0, ""},
		{1, "01"},
		{-1, "81"},
		{16, "10"},
		{127, "7f"},
		{-127, "ff"},
		{128, "8000"},
		{-128, "8080"},
		{255, "ff00"},
		{256, "0001"},
		{-256, "0081"},
		{32767, "ff7f"},
		{32768, "008000"},
		{-32768, "008080"},
		{1<<31 - 1, "ffffff7f"},
		{-(1<<31 - 1), "ffffffff"},
		{1 << 31, "0000008000"},
		{-(1 << 31), "0000008080"},
		{1<<32 - 2, "feffffff00"},
		{1<<39 - 1, "ffffffff7f"},
		{1 << 40, "000000000001"},
	}
	for _, tc := range tests {
		got := hex.EncodeToString(ScriptNumBytes(tc.v))
		if got != tc.hex {
			t.Errorf("encode %d = %s, want %s", tc.v, got, tc.hex)
		}
		b, _ := hex.DecodeString(tc.hex)
		if len(b) > 8 {
			continue
		}
		v, err := ParseScriptNum(b, true, 8)
		if err != nil || v != tc.v {
			t.Errorf("decode %s = %d, %v; want %d", tc.hex, v, err, tc.v)
		}
	}
}

func TestScriptNumParse(t *testing.T) {
	tests := []struct {
		name    string
		hex     string
		minimal bool
		maxLen  int
		want    int64
		ok      bool
	}{
		{"empty", "", true, 4, 0, true},
		{"negative zero lax", "80", false, 4, 0, true},
		{"negative zero minimal", "80", true, 4, 0, false},
		{"zero byte lax", "00", false, 4, 0, true},
		{"zero byte minimal", "00", true, 4, 0, false},
		{"padded lax", "0100", false, 4, 1, true},
		{"padded minimal", "0100", true, 4, 0, false},
		{"needed padding", "8000", true, 4, 128, true},
		{"negative padded", "0180", false, 4, -1, true},
		{"negative padded minimal", "0180", true, 4, 0, false},
		{"needed negative padding", "8080", true, 4, -128, true},
		{"four bytes", "ffffff7f", true, 4, 1<<31 - 1, true},
		{"five bytes over", "0000008000", true, 4, 0, false},
		{"five bytes locktime", "0000008000", true, 5, 1 << 31, true},
		{"six bytes locktime", "000000000001", true, 5, 0, false},
		{"max negative 5", "ffffffffff", true, 5, -(1<<39 - 1), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := hex.DecodeString(tc.hex)
			v, err := ParseScriptNum(b, tc.minimal, tc.maxLen)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrScriptNum) {
				t.Fatalf("err = %v, want ErrScriptNum", err)
			}
			if tc.ok && v != tc.want {
				t.Fatalf("value %d, want %d", v, tc.want)
			}
		})
	}
}

func TestSmallNumsAndBool(t *testing.T) {
	for v := int64(-1); v <= 16; v++ {
		if !bytes.Equal(smallNums[v+1], ScriptNumBytes(v)) {
			t.Errorf("smallNums[%d] = %x", v, smallNums[v+1])
		}
	}
	for _, tc := range []struct {
		hex  string
		want bool
	}{
		{"", false}, {"00", false}, {"80", false}, {"0000", false},
		{"0080", false}, {"01", true}, {"8000", true}, {"0001", true},
		{"81", true}, {"000080", false}, {"008001", true},
	} {
		b, _ := hex.DecodeString(tc.hex)
		if castToBool(b) != tc.want {
			t.Errorf("castToBool(%s) = %v", tc.hex, !tc.want)
		}
	}
	if clampInt32(1<<40) != 1<<31-1 || clampInt32(-(1<<40)) != -(1<<31) || clampInt32(5) != 5 {
		t.Error("clampInt32")
	}
}
