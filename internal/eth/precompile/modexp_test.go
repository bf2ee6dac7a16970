package precompile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// modexpInput builds a modexp input from lengths and operand hex.
func modexpInput(baseLen, expLen, modLen uint64, operands string) string {
	var w [96]byte
	binary.BigEndian.PutUint64(w[24:32], baseLen)
	binary.BigEndian.PutUint64(w[56:64], expLen)
	binary.BigEndian.PutUint64(w[88:96], modLen)
	return fmt.Sprintf("%x", w) + operands
}

// secp256k1's field prime and p - 2, as in EIP-198's examples.
const (
	secpP      = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"
	secpPMinus = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
)

// nagydani-1 operands (64-byte base and modulus) from go-ethereum's
// core/vm/testdata/precompiles/modexp_eip2565.json.
const (
	nagy1Base = "e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb003" +
		"3ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5"
	nagy1Mod = "fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2b" +
		"b02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b"
)

// Vectors from go-ethereum core/vm/testdata/precompiles/modexp.json
// (EIP-198 pricing; the examples of EIP-198).
func TestModExpEIP198Vectors(t *testing.T) {
	runVectors(t, ModExp{}, []vector{
		{name: "eip_example1", gas: 13056, want: zeros(31) + "01",
			input: modexpInput(1, 32, 32, "03"+secpPMinus+secpP)},
		{name: "eip_example2", gas: 13056, want: zeros(32),
			input: modexpInput(0, 32, 32, secpPMinus+secpP)},
		{name: "eip_example3", gas: 13056, want: zeros(31) + "01",
			input: modexpInput(32, 32, 32, zeros(31)+"03"+secpPMinus+secpP)},
		{name: "eip_example4", gas: 13056, want: zeros(32),
			input: modexpInput(32, 32, 32, zeros(32)+secpPMinus+secpP)},
	})
}

// Vectors from go-ethereum core/vm/testdata/precompiles/modexp_eip2565.json.
func TestModExpEIP2565Vectors(t *testing.T) {
	runVectors(t, ModExp{EIP2565: true}, []vector{
		{name: "eip_example1", gas: 1360, want: zeros(31) + "01",
			input: modexpInput(1, 32, 32, "03"+secpPMinus+secpP)},
		{name: "eip_example2", gas: 1360, want: zeros(32),
			input: modexpInput(0, 32, 32, secpPMinus+secpP)},
		{name: "nagydani-1-square", gas: 200,
			input: modexpInput(64, 1, 64, nagy1Base+"02"+nagy1Mod),
			want: "60008f1614cc01dcfb6bfb09c625cf90b47d4468db81b5f8b7a39d42f332eab9" +
				"b2da8f2d95311648a8f243f4bb13cfb3d8f7f2a3c014122ebb3ed41b02783adc"},
		{name: "nagydani-1-qube", gas: 200,
			input: modexpInput(64, 1, 64, nagy1Base+"03"+nagy1Mod),
			want: "4834a46ba565db27903b1c720c9d593e84e4cbd6ad2e64b31885d944f68cd801" +
				"f92225a8961c952ddf2797fa4701b330c85c4b363798100b921a1a22a46a7fec"},
		{name: "nagydani-1-pow0x10001", gas: 341,
			input: modexpInput(64, 3, 64, nagy1Base+"010001"+nagy1Mod),
			want: "c36d804180c35d4426b57b50c5bfcca5c01856d104564cd513b461d3c8b84091" +
				"28a5573e416d0ebe38f5f736766d9dc27143e4da981dfa4d67f7dc474cbee6d2"},
	})
}

// TestModExpNagydaniGas checks the prices of the 15 nagydani vectors under
// both schedules (EIP-2565 prices as in go-ethereum's modexp_eip2565.json,
// EIP-198 prices as in its earlier modexp.json). Prices depend only on the
// lengths and the exponent, so the operands here are filler.
func TestModExpNagydaniGas(t *testing.T) {
	exps := []struct {
		name string
		hex  string
	}{{"square", "02"}, {"qube", "03"}, {"pow0x10001", "010001"}}
	want198 := [5][3]uint64{
		{204, 204, 3276}, {665, 665, 10649}, {1894, 1894, 30310}, {5580, 5580, 89292}, {17868, 17868, 285900},
	}
	want2565 := [5][3]uint64{
		{200, 200, 341}, {200, 200, 1365}, {341, 341, 5461}, {1365, 1365, 21845}, {5461, 5461, 87381},
	}
	for i := range 5 {
		l := uint64(64) << i
		for j, e := range exps {
			in := unhex(t, modexpInput(l, uint64(len(e.hex)/2), l,
				strings.Repeat("ab", int(l))+e.hex+strings.Repeat("cd", int(l))))
			name := fmt.Sprintf("nagydani-%d-%s", i+1, e.name)
			if g := (ModExp{}).RequiredGas(in); g != want198[i][j] {
				t.Errorf("%s: EIP-198 gas %d, want %d", name, g, want198[i][j])
			}
			if g := (ModExp{EIP2565: true}).RequiredGas(in); g != want2565[i][j] {
				t.Errorf("%s: EIP-2565 gas %d, want %d", name, g, want2565[i][j])
			}
		}
	}
}

func TestModExpEdgeCases(t *testing.T) {
	huge := strings.Repeat("ff", 32)
	two64 := zeros(23) + "01" + zeros(8)
	word := func(n uint64) string { return fmt.Sprintf("%064x", n) }
	tests := []struct {
		name            string
		input           string
		want            string
		gas198, gas2565 uint64
		wantErr         error
	}{
		{name: "empty input", input: "", want: "", gas198: 0, gas2565: 200},
		{name: "zero lengths, huge exponent length", input: word(0) + huge + word(0),
			want: "", gas198: 0, gas2565: 200},
		{name: "modulus length zero", input: modexpInput(1, 1, 0, "0302"), want: "", gas198: 0, gas2565: 200},
		{name: "modulus zero", input: modexpInput(1, 1, 4, "0302"+"00000000"), want: "00000000", gas198: 0, gas2565: 200},
		{name: "modulus one", input: modexpInput(1, 1, 2, "0302"+"0001"), want: "0000", gas198: 0, gas2565: 200},
		{name: "zero to the zero", input: modexpInput(1, 1, 1, "0000"+"05"), want: "01", gas198: 0, gas2565: 200},
		{name: "no exponent", input: modexpInput(1, 0, 1, "07"+"05"), want: "01", gas198: 0, gas2565: 200},
		{name: "base one", input: modexpInput(1, 1, 1, "01"+"ff"+"05"), want: "01", gas198: 0, gas2565: 200},
		{name: "base above modulus", input: modexpInput(1, 1, 1, "09"+"01"+"05"), want: "04", gas198: 0, gas2565: 200},
		{name: "missing operands read as zeros", input: modexpInput(2, 1, 2, "0102"), want: "0000", gas198: 0, gas2565: 200},
		{name: "modulus cut short", input: modexpInput(1, 1, 2, "02"+"03"+"01"), want: "0008", gas198: 0, gas2565: 200},
		{name: "extra bytes ignored", input: modexpInput(1, 1, 1, "02"+"03"+"05"+"ffffff"), want: "03", gas198: 0, gas2565: 200},
		{name: "huge base length", input: huge + word(1) + word(1), gas198: math.MaxUint64, gas2565: math.MaxUint64,
			wantErr: ErrModExpTooLarge},
		{name: "huge modulus length", input: word(1) + word(1) + huge, gas198: math.MaxUint64, gas2565: math.MaxUint64,
			wantErr: ErrModExpTooLarge},
		{name: "huge exponent length", input: word(1) + huge + word(1) + "02ff", gas198: math.MaxUint64, gas2565: math.MaxUint64,
			wantErr: ErrModExpTooLarge},
		{name: "2^64 base length", input: two64 + word(0) + word(0),
			gas198: math.MaxUint64, gas2565: math.MaxUint64, wantErr: ErrModExpTooLarge},
		{name: "2^64 exponent length, tiny modulus", input: word(1) + two64 + word(1),
			// adj = 8*(2^64-32) = 2^67-256: EIP-198 price (2^67-256)/20 fits in 64 bits.
			gas198: (1<<67 - 256) / 20, gas2565: math.MaxUint64, wantErr: ErrModExpTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := unhex(t, tt.input)
			if g := (ModExp{}).RequiredGas(in); g != tt.gas198 {
				t.Errorf("EIP-198 gas = %d, want %d", g, tt.gas198)
			}
			if g := (ModExp{EIP2565: true}).RequiredGas(in); g != tt.gas2565 {
				t.Errorf("EIP-2565 gas = %d, want %d", g, tt.gas2565)
			}
			for _, c := range []ModExp{{}, {EIP2565: true}} {
				out, err := c.Run(in)
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Errorf("%+v: Run error %v, want %v", c, err, tt.wantErr)
					}
					continue
				}
				if err != nil || !bytes.Equal(out, unhex(t, tt.want)) || out == nil {
					t.Errorf("%+v: Run = %x, %v; want %s", c, out, err, tt.want)
				}
			}
		})
	}
}

// TestModExpShortInputs checks that a short input reads as if padded with
// zeros: every prefix of a full input gives the same price and output as
// the prefix padded back to full length.
func TestModExpShortInputs(t *testing.T) {
	full := unhex(t, modexpInput(17, 33, 19,
		"0102030405060708090a0b0c0d0e0f1011"+
			"ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"+
			"f1e2d3c4b5a6978800000000000000000000ff"))
	for n := 0; n <= len(full); n++ {
		short := full[:n]
		padded := append(bytes.Clone(short), make([]byte, len(full)-n)...)
		for _, c := range []ModExp{{}, {EIP2565: true}} {
			if g1, g2 := c.RequiredGas(short), c.RequiredGas(padded); g1 != g2 {
				t.Errorf("%+v, %d bytes: gas %d, padded %d", c, n, g1, g2)
			}
			a, err1 := c.Run(short)
			b, err2 := c.Run(padded)
			if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
				t.Errorf("%+v, %d bytes: Run %x, %v; padded %x, %v", c, n, a, err1, b, err2)
			}
		}
	}
}
