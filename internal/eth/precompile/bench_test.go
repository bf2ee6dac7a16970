package precompile

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// benchContract runs c on in and reports, besides ns/op, the gas rate
// (Mgas/s, as geth's precompile benchmarks do) at the contract's price.
func benchContract(b *testing.B, c Contract, in []byte) {
	b.Helper()
	gas := c.RequiredGas(in)
	if _, err := c.Run(in); err != nil {
		b.Fatalf("Run: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		c.RequiredGas(in)
		if _, err := c.Run(in); err != nil {
			b.Fatal(err)
		}
	}
	if el := time.Since(start); el > 0 {
		b.ReportMetric(float64(gas)*float64(b.N)/el.Seconds()/1e6, "Mgas/s")
	}
	b.ReportMetric(float64(gas), "gas/op")
}

func BenchmarkECRecover(b *testing.B) {
	benchContract(b, ECRecover{}, unhex(b, "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"+
		"000000000000000000000000000000000000000000000000000000000000001c"+
		"73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"+
		"eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549"))
}

func BenchmarkSHA256(b *testing.B) {
	for _, n := range []int{128, 1024} {
		b.Run(sizeName(n), func(b *testing.B) { benchContract(b, SHA256{}, make([]byte, n)) })
	}
}

func BenchmarkRIPEMD160(b *testing.B) {
	for _, n := range []int{128, 1024} {
		b.Run(sizeName(n), func(b *testing.B) { benchContract(b, RIPEMD160{}, make([]byte, n)) })
	}
}

func BenchmarkIdentity(b *testing.B) {
	for _, n := range []int{128, 1024} {
		b.Run(sizeName(n), func(b *testing.B) { benchContract(b, Identity{}, make([]byte, n)) })
	}
}

func sizeName(n int) string {
	if n >= 1024 {
		return itoa(n/1024) + "KiB"
	}
	return itoa(n) + "B"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// BenchmarkModExp uses EIP-198's first example and, for the nagydani
// shapes (64- to 512-byte operands, exponent 0x10001), deterministic
// pseudo-random operands of the same sizes with an odd modulus.
func BenchmarkModExp(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	randHex := func(n int) string {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		buf[0] |= 0x80
		buf[n-1] |= 1
		return hexString(buf)
	}
	cases := []struct{ name, in string }{
		{"eip_example1", modexpInput(1, 32, 32, "03"+secpPMinus+secpP)},
		{"nagydani-1-pow0x10001", modexpInput(64, 3, 64, nagy1Base+"010001"+nagy1Mod)},
	}
	for i, l := range []int{128, 256, 512} {
		cases = append(cases, struct{ name, in string }{
			"nagydani-" + itoa(i+2) + "-pow0x10001-shape",
			modexpInput(uint64(l), 3, uint64(l), randHex(l)+"010001"+randHex(l)),
		})
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) { benchContract(b, ModExp{EIP2565: true}, unhex(b, tc.in)) })
	}
}

func BenchmarkBN254Add(b *testing.B) {
	benchContract(b, BN254Add{Istanbul: true}, unhex(b, cdetrioP+cdetrioQ))
}

func BenchmarkBN254ScalarMul(b *testing.B) {
	benchContract(b, BN254ScalarMul{Istanbul: true}, unhex(b, cdetrioQ+allFF))
}

func BenchmarkBN254Pairing(b *testing.B) {
	tpm2 := g1Gen + g2Gen + g1Gen + g2GenNeg
	for _, k := range []int{1, 5} {
		b.Run(itoa(2*k)+"pairs", func(b *testing.B) {
			benchContract(b, BN254Pairing{Istanbul: true}, unhex(b, strings.Repeat(tpm2, k)))
		})
	}
}

func BenchmarkBlake2F(b *testing.B) {
	for _, rounds := range []string{"0000000c", "00002710"} { // 12, 10000
		b.Run(rounds, func(b *testing.B) {
			benchContract(b, Blake2F{}, unhex(b, rounds+blake2H+blake2M+blake2T+"01"))
		})
	}
}

func BenchmarkPointEvaluation(b *testing.B) {
	if err := PrepareKZG(); err != nil {
		b.Fatal(err)
	}
	benchContract(b, PointEvaluation{}, unhex(b, pointEvaluation1))
}

func BenchmarkLookup(b *testing.B) {
	s := ForRules(ethtypes.Rules{IsCancun: true})
	pre := ethtypes.Address{19: 5}
	user := ethtypes.Address{0: 0xde, 19: 5}
	for b.Loop() {
		s.Lookup(pre)
		s.Lookup(user)
	}
}
