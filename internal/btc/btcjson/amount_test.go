package btcjson

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAmountText(t *testing.T) {
	tests := []struct {
		name string
		in   Amount
		want string
	}{
		{"zero", 0, "0.00000000"},
		{"one satoshi", 1, "0.00000001"},
		{"milli", 100_000, "0.00100000"},
		{"one coin", 100_000_000, "1.00000000"},
		{"fractional", 1_850_000_001, "18.50000001"},
		{"max money", 21_000_000 * SatoshiPerBitcoin, "21000000.00000000"},
		{"negative satoshi", -1, "-0.00000001"},
		{"negative coins", -150_000_000, "-1.50000000"},
		{"max int64", math.MaxInt64, "92233720368.54775807"},
		{"min int64", math.MinInt64, "-92233720368.54775808"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			b, err := json.Marshal(struct {
				V Amount `json:"v"`
			}{tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if want := `{"v":` + tc.want + `}`; string(b) != want {
				t.Errorf("json = %s, want %s", b, want)
			}
			txt, _ := tc.in.AppendText([]byte("x"))
			if string(txt) != "x"+tc.want {
				t.Errorf("AppendText = %q", txt)
			}
		})
	}
}

func TestFloatJSON(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"one", 1, "1"},
		{"genesis difficulty", Difficulty(0x1d00ffff), "1"},
		{"regtest difficulty", Difficulty(0x207fffff), "4.656542373906925e-10"},
		{"fraction", 0.5, "0.5"},
		{"large", 1e20, "1e+20"},
		{"sixteen digits", 123456789.0123456789, "123456789.0123457"},
		{"zero mantissa", Difficulty(0x1d000000), "null"},
		{"nan", math.NaN(), "null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Float(tc.in).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("got %s, want %s", b, tc.want)
			}
		})
	}
}

func BenchmarkAmountMarshal(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 32)
	for i := range b.N {
		buf, _ = Amount(i).AppendText(buf[:0])
	}
}
