package consensus

import (
	"math/big"
	"testing"

	"github.com/holiman/uint256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// TestCompactVectors runs the SetCompact/GetCompact cases of Core's
// src/test/arith_uint256_tests.cpp.
func TestCompactVectors(t *testing.T) {
	tests := []struct {
		name      string
		bits      uint32
		value     string // hex magnitude
		negative  bool
		overflow  bool
		reencoded uint32 // GetCompact(negative)
	}{
		{"zero", 0x00000000, "0", false, false, 0},
		{"size 0", 0x00123456, "0", false, false, 0},
		{"size 1 shifted out", 0x01003456, "0", false, false, 0},
		{"size 2 shifted out", 0x02000056, "0", false, false, 0},
		{"size 3 zero", 0x03000000, "0", false, false, 0},
		{"size 4 zero", 0x04000000, "0", false, false, 0},
		{"negative size 0", 0x00923456, "0", false, false, 0},
		{"negative shifted out 1", 0x01803456, "0", false, false, 0},
		{"negative shifted out 2", 0x02800056, "0", false, false, 0},
		{"negative zero 3", 0x03800000, "0", false, false, 0},
		{"negative zero 4", 0x04800000, "0", false, false, 0},
		{"size 1", 0x01123456, "12", false, false, 0x01120000},
		{"size 1 negative", 0x01fedcba, "7e", true, false, 0x01fe0000},
		{"size 2", 0x02123456, "1234", false, false, 0x02123400},
		{"size 3", 0x03123456, "123456", false, false, 0x03123456},
		{"size 4", 0x04123456, "12345600", false, false, 0x04123456},
		{"size 4 negative", 0x04923456, "12345600", true, false, 0x04923456},
		{"sign bit moves", 0x05009234, "92340000", false, false, 0x05009234},
		{"size 32", 0x20123456, "1234560000000000000000000000000000000000000000000000000000000000", false, false, 0x20123456},
		{"mainnet limit", 0x1d00ffff, "ffff0000000000000000000000000000000000000000000000000000", false, false, 0x1d00ffff},
		{"overflow size", 0xff123456, "", false, true, 0},
		{"overflow 34", 0x23000001, "", false, true, 0},
		{"no overflow 34", 0x22000001, "1" + zeros(2*31), false, false, 0x20010000},
		{"overflow 33", 0x22000100, "", false, true, 0},
		{"overflow 32", 0x21010000, "", false, true, 0},
		{"no overflow 33", 0x2100ffff, "ffff" + zeros(2*30), false, false, 0x2100ffff},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, neg, ovf := CompactToTarget(tc.bits)
			if neg != tc.negative || ovf != tc.overflow {
				t.Fatalf("negative %v overflow %v", neg, ovf)
			}
			bigT, bneg, bovf := CompactToBig(tc.bits)
			if bneg != neg || bovf != ovf {
				t.Fatalf("big flags differ: %v %v", bneg, bovf)
			}
			if tc.overflow {
				return
			}
			want, _ := new(big.Int).SetString(tc.value, 16)
			if target.ToBig().Cmp(want) != 0 || bigT.Cmp(want) != 0 {
				t.Fatalf("value %x / %x, want %x", target.ToBig(), bigT, want)
			}
			if got := getCompact(&target, neg); got != tc.reencoded {
				t.Fatalf("GetCompact %08x, want %08x", got, tc.reencoded)
			}
			signed := new(big.Int).Set(bigT)
			if neg {
				signed.Neg(signed)
			}
			if got := BigToCompact(signed); got != tc.reencoded {
				t.Fatalf("BigToCompact %08x, want %08x", got, tc.reencoded)
			}
		})
	}
	// GetCompact never produces a mantissa with the sign bit set.
	if got := TargetToCompact(uint256.NewInt(0x80)); got != 0x02008000 {
		t.Fatalf("0x80 encodes as %08x", got)
	}
	if got := BigToCompact(new(big.Int).Lsh(big.NewInt(1), 3000)); got != 0xff7fffff {
		t.Fatalf("huge value %08x", got)
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// TestPowLimitBits checks each network's compact limit against its target.
func TestPowLimitBits(t *testing.T) {
	for _, name := range chaincfg.Names() {
		p, _ := chaincfg.ByName(name)
		if got := TargetToCompact(&p.PowLimit); got != p.PowLimitBits {
			t.Errorf("%s: limit encodes as %08x, params say %08x", name, got, p.PowLimitBits)
		}
		if !CheckProofOfWork(p.GenesisHash, p.GenesisBlock.Header.Bits, p) {
			t.Errorf("%s: genesis fails its proof of work", name)
		}
		wantRule(t, CheckBlockHeader(&p.GenesisBlock.Header, p), "")
	}
}

// TestCheckProofOfWork runs the cases of Core's pow_tests.cpp
// (CheckProofOfWork_test_*).
func TestCheckProofOfWork(t *testing.T) {
	p := chaincfg.MainNet()
	var one chainhash.Hash
	one[0] = 1
	limit := p.PowLimit
	twiceLimit := new(uint256.Int).Lsh(&limit, 1)
	tests := []struct {
		name string
		hash chainhash.Hash
		bits uint32
		want bool
	}{
		{"negative target", one, TargetToCompact(&limit) | 0x00800000, false},
		{"overflow target", one, 0xff123456, false},
		{"too easy target", one, TargetToCompact(twiceLimit), false},
		{"zero target", chainhash.Hash{}, 0, false},
		{"bigger hash than target", hashOf(twiceLimit), p.PowLimitBits, false},
		{"hash equal to target", hashOf(&limit), TargetToCompact(&limit), false /* limit rounds down */},
		{"hash just at target", hashOf(u256FromCompact(0x1d00ffff)), 0x1d00ffff, true},
		{"hash above target by one", hashOf(new(uint256.Int).AddUint64(u256FromCompact(0x1d00ffff), 1)), 0x1d00ffff, false},
		{"genesis", p.GenesisHash, 0x1d00ffff, true},
		{"genesis at harder bits", p.GenesisHash, 0x1b0404cb, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckProofOfWork(tc.hash, tc.bits, p); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

func u256FromCompact(bits uint32) *uint256.Int {
	t, _, _ := CompactToTarget(bits)
	return &t
}

// hashOf is the hash whose number is v.
func hashOf(v *uint256.Int) chainhash.Hash {
	be := v.Bytes32()
	var h chainhash.Hash
	for i := range be {
		h[i] = be[31-i]
	}
	return h
}

func TestCalcWork(t *testing.T) {
	tests := []struct {
		name string
		bits uint32
		want string
	}{
		{"difficulty 1", 0x1d00ffff, "100010001"},
		{"regtest", 0x207fffff, "2"},
		{"signet limit", 0x1e0377ae, "49d414"},
		// Block 32256's retarget: 2^256/(target+1).
		{"block 32256", 0x1d00d86a, "12ed3afd2"},
		{"zero", 0, "0"},
		{"negative", 0x04923456, "0"},
		{"overflow", 0xff123456, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := CalcWork(tc.bits)
			if got := w.ToBig().Text(16); got != tc.want {
				t.Fatalf("work %s, want %s", got, tc.want)
			}
			// Against the definition, 2^256 / (target+1), in big.Int.
			target, neg, ovf := CompactToBig(tc.bits)
			if !neg && !ovf && target.Sign() > 0 {
				num := new(big.Int).Lsh(big.NewInt(1), 256)
				want := num.Div(num, target.Add(target, big.NewInt(1)))
				if CalcWorkBig(tc.bits).Cmp(want) != 0 {
					t.Fatalf("CalcWorkBig %x, want %x", CalcWorkBig(tc.bits), want)
				}
			}
		})
	}
}

// TestChainWorkBitcoinj sums the work of real mainnet blocks 0-438, all at
// difficulty 1: 439 × 0x100010001.
func TestChainWorkBitcoinj(t *testing.T) {
	blocks := bitcoinjBlocks(t)
	var total uint256.Int
	for _, b := range blocks {
		w := CalcWork(b.Header.Bits)
		total.Add(&total, &w)
	}
	want := new(big.Int).Mul(big.NewInt(int64(len(blocks))), big.NewInt(0x100010001))
	if len(blocks) != 439 || total.ToBig().Cmp(want) != 0 {
		t.Fatalf("%d blocks, chain work %s", len(blocks), total.Hex())
	}
}

// FuzzCompact checks the compact encoding both ways: decoding any bits and
// re-encoding gives bits that decode to the same value, the uint256 and
// big.Int paths agree, and encoding any 256-bit value rounds it down to its
// top three bytes.
func FuzzCompact(f *testing.F) {
	for _, seed := range []uint32{0, 0x1d00ffff, 0x207fffff, 0x1e0377ae, 0x1d00d86a, 0x04923456, 0x01fedcba, 0xff123456, 0x22000001, 0x05009234} {
		f.Add(seed, []byte{0x12, 0x34})
	}
	f.Add(uint32(0), []byte{0xe4, 0x30, 0x30})
	f.Fuzz(func(t *testing.T, bits uint32, raw []byte) {
		target, neg, ovf := CompactToTarget(bits)
		bigT, bneg, bovf := CompactToBig(bits)
		if neg != bneg || ovf != bovf {
			t.Fatalf("%08x: flags differ", bits)
		}
		if !ovf {
			if target.ToBig().Cmp(bigT) != 0 {
				t.Fatalf("%08x: values differ %s %s", bits, target.Hex(), bigT.Text(16))
			}
			re := TargetToCompact(&target)
			back, rneg, rovf := CompactToTarget(re)
			if rneg || rovf || !back.Eq(&target) {
				t.Fatalf("%08x: re-encoded %08x decodes to %s, want %s", bits, re, back.Hex(), target.Hex())
			}
			if BigToCompact(bigT) != re {
				t.Fatalf("%08x: BigToCompact %08x, TargetToCompact %08x", bits, BigToCompact(bigT), re)
			}
		}
		var v uint256.Int
		if len(raw) > 32 {
			raw = raw[:32]
		}
		v.SetBytes(raw)
		c := TargetToCompact(&v)
		back, rneg, rovf := CompactToTarget(c)
		if rneg || rovf || back.Gt(&v) {
			t.Fatalf("%s encodes as %08x, decodes to %s", v.Hex(), c, back.Hex())
		}
		// The loss is confined below the top three bytes.
		var diff uint256.Int
		diff.Sub(&v, &back)
		// At least the top 16 bits survive (the mantissa has 23 bits, or 15
		// after a sign-bit shift).
		if bl := v.BitLen(); bl > 16 && diff.BitLen() > bl-16 {
			t.Fatalf("%s encodes as %08x, loses too much", v.Hex(), c)
		}
		if bl := v.BitLen(); bl <= 16 && !diff.IsZero() {
			t.Fatalf("%s encodes lossily as %08x", v.Hex(), c)
		}
		if BigToCompact(v.ToBig()) != c {
			t.Fatalf("%s: BigToCompact disagrees", v.Hex())
		}
	})
}
