package precompile

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// refGetData returns size bytes of data from start, right-padded with
// zeros: the EVM's view of a short input. For the reference only (it
// allocates size bytes).
func refGetData(data []byte, start, size uint64) []byte {
	out := make([]byte, size)
	if start < uint64(len(data)) {
		copy(out, data[start:])
	}
	return out
}

// refModExpRun is the EIP-198 computation with materialised operands.
func refModExpRun(input []byte) []byte {
	baseLen := new(big.Int).SetBytes(refGetData(input, 0, 32)).Uint64()
	expLen := new(big.Int).SetBytes(refGetData(input, 32, 32)).Uint64()
	modLen := new(big.Int).SetBytes(refGetData(input, 64, 32)).Uint64()
	var body []byte
	if len(input) > 96 {
		body = input[96:]
	}
	if baseLen == 0 && modLen == 0 {
		return []byte{}
	}
	base := new(big.Int).SetBytes(refGetData(body, 0, baseLen))
	exp := new(big.Int).SetBytes(refGetData(body, baseLen, expLen))
	mod := new(big.Int).SetBytes(refGetData(body, baseLen+expLen, modLen))
	out := make([]byte, modLen)
	if mod.Sign() == 0 {
		return out
	}
	return base.Exp(base, exp, mod).FillBytes(out)
}

// randModExpInput returns a random input with small lengths (so the
// reference can materialise them), random operand bytes biased towards
// zeros and edge values, cut at a random point.
func randModExpInput(r *rand.Rand) []byte {
	lens := [3]uint64{}
	for i := range lens {
		switch r.IntN(6) {
		case 0:
			lens[i] = 0
		case 1:
			lens[i] = uint64(r.IntN(4))
		case 2:
			lens[i] = 32
		case 3:
			lens[i] = uint64(30 + r.IntN(6))
		default:
			lens[i] = uint64(r.IntN(80))
		}
	}
	in := make([]byte, 96, 96+lens[0]+lens[1]+lens[2])
	for i, l := range lens {
		binary.BigEndian.PutUint64(in[32*i+24:], l)
	}
	for range lens[0] + lens[1] + lens[2] {
		var b byte
		switch r.IntN(4) {
		case 0:
			b = 0
		case 1:
			b = 0xff
		default:
			b = byte(r.Uint32())
		}
		in = append(in, b)
	}
	if r.IntN(3) == 0 {
		in = in[:r.IntN(len(in)+1)]
	} else if r.IntN(4) == 0 {
		in = append(in, byte(r.Uint32()), byte(r.Uint32()))
	}
	return in
}

// TestModExpAgainstReference compares gas and output with the math/big
// reference on random inputs (seed logged for reproduction).
func TestModExpAgainstReference(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0x6d6f646578))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		in := randModExpInput(r)
		for _, c := range []ModExp{{}, {EIP2565: true}} {
			if got, want := c.RequiredGas(in), refModExpGas(in, c.EIP2565); got != want {
				t.Fatalf("case %d %+v: gas %d, reference %d (input %x)", i, c, got, want, in)
			}
		}
		got, err := ModExp{EIP2565: true}.Run(in)
		if want := refModExpRun(in); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("case %d: Run %x, %v; reference %x (input %x)", i, got, err, want, in)
		}
	}
}

// TestModExpGasHugeLengths compares prices with the reference for random
// length words of every size, up to 2^256-1.
func TestModExpGasHugeLengths(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0x68756765))
	word := func() [32]byte {
		var w [32]byte
		switch r.IntN(5) {
		case 0: // small
			binary.BigEndian.PutUint16(w[30:], uint16(r.Uint32()))
		case 1: // around 2^64
			binary.BigEndian.PutUint64(w[16:], uint64(r.IntN(3)))
			binary.BigEndian.PutUint64(w[24:], r.Uint64())
		case 2: // anything
			for i := range w {
				w[i] = byte(r.Uint32())
			}
		case 3: // a power of two
			b := r.IntN(256)
			w[31-b/8] = 1 << (b % 8)
		}
		return w
	}
	for i := range 20000 {
		var in []byte
		for range 3 {
			w := word()
			in = append(in, w[:]...)
		}
		// A little body so the exponent head is sometimes present.
		for range r.IntN(70) {
			in = append(in, byte(r.Uint32()))
		}
		for _, c := range []ModExp{{}, {EIP2565: true}} {
			if got, want := c.RequiredGas(in), refModExpGas(in, c.EIP2565); got != want {
				t.Fatalf("case %d %+v: gas %d, reference %d (input %x)", i, c, got, want, in)
			}
		}
	}
}

// refModExpGas is a direct math/big transcription of EIP-198 and EIP-2565
// (with the first-32-bytes reading of the exponent that clients use), used
// to cross-check the 256-bit implementation. It reads the lengths and at
// most 32 exponent bytes, so any length words are fine.
func refModExpGas(input []byte, eip2565 bool) uint64 {
	var in [96]byte
	copy(in[:], input)
	baseLen := new(big.Int).SetBytes(in[0:32])
	expLen := new(big.Int).SetBytes(in[32:64])
	modLen := new(big.Int).SetBytes(in[64:96])
	var body []byte
	if len(input) > 96 {
		body = input[96:]
	}
	head := new(big.Int)
	if big.NewInt(int64(len(body))).Cmp(baseLen) > 0 {
		n := uint64(32)
		if expLen.Cmp(big.NewInt(32)) < 0 {
			n = expLen.Uint64()
		}
		head.SetBytes(refGetData(body, baseLen.Uint64(), n))
	}
	adj := new(big.Int)
	if expLen.Cmp(big.NewInt(32)) > 0 {
		adj.Sub(expLen, big.NewInt(32))
		adj.Mul(adj, big.NewInt(8))
	}
	if bl := head.BitLen(); bl > 0 {
		adj.Add(adj, big.NewInt(int64(bl-1)))
	}
	if adj.Sign() == 0 {
		adj.SetInt64(1)
	}
	x := new(big.Int).Set(baseLen)
	if modLen.Cmp(x) > 0 {
		x.Set(modLen)
	}
	gas := new(big.Int)
	if eip2565 {
		gas.Add(x, big.NewInt(7))
		gas.Div(gas, big.NewInt(8))
		gas.Mul(gas, gas)
		gas.Mul(gas, adj)
		gas.Div(gas, big.NewInt(3))
	} else {
		sq := new(big.Int).Mul(x, x)
		switch {
		case x.Cmp(big.NewInt(64)) <= 0:
			gas.Set(sq)
		case x.Cmp(big.NewInt(1024)) <= 0:
			gas.Div(sq, big.NewInt(4))
			gas.Add(gas, new(big.Int).Mul(x, big.NewInt(96)))
			gas.Sub(gas, big.NewInt(3072))
		default:
			gas.Div(sq, big.NewInt(16))
			gas.Add(gas, new(big.Int).Mul(x, big.NewInt(480)))
			gas.Sub(gas, big.NewInt(199680))
		}
		gas.Mul(gas, adj)
		gas.Div(gas, big.NewInt(20))
	}
	if gas.BitLen() > 64 {
		return math.MaxUint64
	}
	g := gas.Uint64()
	if eip2565 && g < 200 {
		g = 200
	}
	return g
}

func TestModExpRequiredGasDoesNotAllocate(t *testing.T) {
	huge := bytes.Repeat([]byte{0xff}, 96)
	inputs := [][]byte{
		nil,
		huge,
		unhex(t, modexpInput(1, 32, 32, "03"+secpPMinus+secpP)),
		unhex(t, modexpInput(2000, 40, 2000, "")),
		unhex(t, modexpInput(0, 1<<40, 1<<20, "ff")),
	}
	for _, c := range []ModExp{{}, {EIP2565: true}} {
		n := testing.AllocsPerRun(50, func() {
			for _, in := range inputs {
				c.RequiredGas(in)
			}
		})
		if n != 0 {
			t.Errorf("%+v: RequiredGas allocates %v times", c, n)
		}
	}
}
