package precompile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/twinchain/twinchain/internal/eth/ethtypes"
)

// Every contract's input parsing is fuzzed: no panic, RequiredGas without
// allocation, errors that are this package's kinds, and outputs of the
// right shape. Run is called only when the price is within a budget, as the
// EVM would.

// checkKind fails unless err is nil or one of this package's kinds.
func checkKind(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var kind ErrorKind
	if !errors.As(err, &kind) {
		t.Fatalf("error %v (%T) is not an ErrorKind", err, err)
	}
}

func addSeeds(f *testing.F, hexes ...string) {
	for _, h := range hexes {
		f.Add(unhex(f, h))
	}
}

// FuzzRequiredGas checks that every contract of every fork prices any input
// without panicking or allocating.
func FuzzRequiredGas(f *testing.F) {
	addSeeds(f, "", pointEvaluation1, modexpInput(1, 32, 32, "03"+secpPMinus+secpP),
		strings.Repeat("ff", 96), "0000000c"+blake2H+blake2M+blake2T+"01", g1Gen+g2Gen)
	sets := []*Set{
		ForRules(ethtypes.Rules{}),
		ForRules(ethtypes.Rules{IsByzantium: true}),
		ForRules(ethtypes.Rules{IsByzantium: true, IsIstanbul: true}),
		ForRules(ethtypes.Rules{IsByzantium: true, IsIstanbul: true, IsBerlin: true, IsCancun: true}),
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, s := range sets {
			for _, a := range s.Addresses() {
				c, _ := s.Lookup(a)
				if n := testing.AllocsPerRun(1, func() { c.RequiredGas(in) }); n != 0 {
					t.Fatalf("%T.RequiredGas allocates", c)
				}
			}
		}
	})
}

func FuzzECRecover(f *testing.F) {
	addSeeds(f, "",
		"18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"+
			"000000000000000000000000000000000000000000000000000000000000001c"+
			"73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"+
			"eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549")
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := ECRecover{}.Run(in)
		if err != nil {
			t.Fatalf("Run error %v", err)
		}
		if len(out) != 0 && (len(out) != 32 || !bytes.Equal(out[:12], make([]byte, 12))) {
			t.Fatalf("output %x is neither empty nor a padded address", out)
		}
		// Short input reads as zero-padded; bytes past 128 are ignored.
		padded := make([]byte, 128)
		copy(padded, in)
		if out2, _ := (ECRecover{}).Run(padded); !bytes.Equal(out, out2) {
			t.Fatalf("padding changed the result: %x vs %x", out, out2)
		}
	})
}

func FuzzHashes(f *testing.F) {
	addSeeds(f, "", "616263", strings.Repeat("ab", 200))
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		out, err := SHA256{}.Run(in)
		if want := sha256.Sum256(orig); err != nil || !bytes.Equal(out, want[:]) {
			t.Fatalf("sha256: %x, %v", out, err)
		}
		out, err = RIPEMD160{}.Run(in)
		if err != nil || len(out) != 32 || !bytes.Equal(out[:12], make([]byte, 12)) {
			t.Fatalf("ripemd160: %x, %v", out, err)
		}
		out, err = Identity{}.Run(in)
		if err != nil || !bytes.Equal(out, orig) {
			t.Fatalf("identity: %x, %v", out, err)
		}
		if !bytes.Equal(in, orig) {
			t.Fatal("input modified")
		}
	})
}

// modExpFuzzBudget is the most gas a fuzzed modexp input may cost to be run.
const modExpFuzzBudget = 200000

func FuzzModExp(f *testing.F) {
	addSeeds(f, "",
		modexpInput(1, 32, 32, "03"+secpPMinus+secpP),
		modexpInput(64, 3, 64, nagy1Base+"010001"+nagy1Mod),
		modexpInput(1, 1, 2, "02"+"03"+"01"),
		strings.Repeat("ff", 96),
		zeros(32)+strings.Repeat("ff", 32)+zeros(32),
		modexpInput(2, 40, 2, "0102ff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, c := range []ModExp{{}, {EIP2565: true}} {
			gas := c.RequiredGas(in)
			if want := refModExpGas(in, c.EIP2565); gas != want {
				t.Fatalf("%+v: gas %d, reference %d", c, gas, want)
			}
			if gas > modExpFuzzBudget {
				continue
			}
			out, err := c.Run(in)
			if err != nil {
				t.Fatalf("%+v: Run error %v at gas %d", c, err, gas)
			}
			if want := refModExpRun(in); !bytes.Equal(out, want) {
				t.Fatalf("%+v: Run %x, reference %x", c, out, want)
			}
		}
	})
}

func FuzzBN254Add(f *testing.F) {
	addSeeds(f, "", g1Gen+g1Gen, cdetrioP+cdetrioQ, bn254P+zeros(32), zeros(31)+"01"+zeros(31)+"01")
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := BN254Add{Istanbul: true}.Run(in)
		checkKind(t, err)
		if err == nil && len(out) != 64 {
			t.Fatalf("output length %d", len(out))
		}
		if err == nil {
			// Adding the result's parts back is consistent: a + b == b + a.
			var swapped [128]byte
			padded := make([]byte, 128)
			copy(padded, in)
			copy(swapped[:64], padded[64:])
			copy(swapped[64:], padded[:64])
			out2, err := BN254Add{}.Run(swapped[:])
			if err != nil || !bytes.Equal(out, out2) {
				t.Fatalf("a+b = %x, b+a = %x, %v", out, out2, err)
			}
		}
	})
}

func FuzzBN254ScalarMul(f *testing.F) {
	addSeeds(f, "", g1Gen+allFF, cdetrioQ+frMinus1, zeros(64)+allFF, bn254P+zeros(64))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := BN254ScalarMul{Istanbul: true}.Run(in)
		checkKind(t, err)
		if err == nil && len(out) != 64 {
			t.Fatalf("output length %d", len(out))
		}
	})
}

func FuzzBN254Pairing(f *testing.F) {
	addSeeds(f, "", g1Gen+g2Gen, g1Gen+g2Gen+g1Gen+g2GenNeg, zeros(192), g1Gen+g2Gen[64:128]+g2Gen[:64]+g2Gen[128:])
	f.Fuzz(func(t *testing.T, in []byte) {
		c := BN254Pairing{Istanbul: true}
		if c.RequiredGas(in) > 45000+34000*8 {
			return
		}
		out, err := c.Run(in)
		checkKind(t, err)
		if err == nil && (len(out) != 32 || out[31] > 1 || !bytes.Equal(out[:31], make([]byte, 31))) {
			t.Fatalf("output %x", out)
		}
	})
}

func FuzzBlake2F(f *testing.F) {
	addSeeds(f, "", "0000000c"+blake2H+blake2M+blake2T+"01", "0000000c"+blake2H+blake2M+blake2T+"02",
		"ffffffff"+blake2H+blake2M+blake2T+"00")
	f.Fuzz(func(t *testing.T, in []byte) {
		c := Blake2F{}
		if c.RequiredGas(in) > 100000 {
			return
		}
		out, err := c.Run(in)
		checkKind(t, err)
		if (err == nil) != (len(in) == 213 && in[212] <= 1) {
			t.Fatalf("Run error %v for a %d-byte input", err, len(in))
		}
		if err == nil && len(out) != 64 {
			t.Fatalf("output length %d", len(out))
		}
	})
}

func FuzzPointEvaluation(f *testing.F) {
	addSeeds(f, "", pointEvaluation1, pointEvaluation2, pointEvaluation1[:382])
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := PointEvaluation{}.Run(in)
		checkKind(t, err)
		if err == nil && !bytes.Equal(out, unhex(t, pointEvaluationOK)) {
			t.Fatalf("output %x", out)
		}
		if err == nil && len(in) != 192 {
			t.Fatalf("accepted a %d-byte input", len(in))
		}
	})
}
