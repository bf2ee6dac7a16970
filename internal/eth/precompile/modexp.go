package precompile

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/holiman/uint256"
)

// MaxModExpGas is the price above which ModExp.Run refuses an input with
// ErrModExpTooLarge instead of computing it. It is about 1.1e12 gas, tens of
// thousands of times any block gas limit, so the refusal is never visible
// to an EVM; it bounds what a direct caller of Run can be made to allocate:
// an operand length of about 19 MB under either pricing.
const MaxModExpGas = 1 << 40

// ModExp is the contract at 0x05 (EIP-198): arbitrary-precision modular
// exponentiation. The input is baseLen (32) || expLen (32) || modLen (32)
// || base || exp || mod, each length a big-endian 256-bit word and each
// operand a big-endian integer of that many bytes. The input is read as if
// followed by infinitely many zeros (missing bytes are zero) and extra bytes
// are ignored. The output is base^exp mod mod as modLen bytes; mod zero
// gives modLen zero bytes, and baseLen = modLen = 0 an empty output.
//
// The price follows EIP-198 (Byzantium to Istanbul) or, with EIP2565 set,
// EIP-2565 (from Berlin), as geth computes them: the adjusted exponent
// length uses the first 32 bytes of the exponent.
type ModExp struct {
	EIP2565 bool
}

// modExpHeader is the three declared lengths of a modexp input.
type modExpHeader struct {
	baseLen, expLen, modLen uint256.Int
}

// word32 returns the 32-byte word at off of input, zero-padded past the end.
func word32(input []byte, off int) (w [32]byte) {
	if off < len(input) {
		copy(w[:], input[off:])
	}
	return w
}

func parseModExpHeader(input []byte) (h modExpHeader, body []byte) {
	w := word32(input, 0)
	h.baseLen.SetBytes32(w[:])
	w = word32(input, 32)
	h.expLen.SetBytes32(w[:])
	w = word32(input, 64)
	h.modLen.SetBytes32(w[:])
	if len(input) > 96 {
		body = input[96:]
	}
	return h, body
}

// RequiredGas returns the EIP-198 or EIP-2565 price, saturating at
// math.MaxUint64. It reads only the three lengths and at most 32 bytes of
// the exponent, whatever the lengths declare.
//
// This function is safe for concurrent access and does not allocate.
func (c ModExp) RequiredGas(input []byte) uint64 {
	h, body := parseModExpHeader(input)
	return modExpGas(&h, body, c.EIP2565)
}

func modExpGas(h *modExpHeader, body []byte, eip2565 bool) uint64 {
	// x = max(baseLen, modLen); a zero x makes the product zero.
	x := &h.baseLen
	if h.modLen.Gt(x) {
		x = &h.modLen
	}
	if x.IsZero() {
		if eip2565 {
			return 200
		}
		return 0
	}
	// Any complexity from x >= 2^64 times an iteration count >= 1 exceeds
	// 2^64 after division.
	if !x.IsUint64() {
		return math.MaxUint64
	}
	adj, ok := modExpIterations(h, body)
	if !ok {
		return math.MaxUint64
	}
	var gas uint256.Int
	if eip2565 {
		// ceil(x/8)^2 * max(adj, 1) / 3, at least 200.
		words := x.Uint64()/8 + boolUint(x.Uint64()%8 != 0)
		gas.SetUint64(words)
		gas.Mul(&gas, &gas)
	} else {
		modExpMultComplexity(&gas, x.Uint64())
	}
	if _, overflow := gas.MulOverflow(&gas, &adj); overflow {
		return math.MaxUint64
	}
	var div uint64 = 20
	if eip2565 {
		div = 3
	}
	gas.Div(&gas, uint256.NewInt(div))
	if !gas.IsUint64() {
		return math.MaxUint64
	}
	g := gas.Uint64()
	if eip2565 && g < 200 {
		return 200
	}
	return g
}

// modExpMultComplexity sets z to EIP-198's mult_complexity(x):
// x^2 for x <= 64, x^2/4 + 96x - 3072 up to 1024, else x^2/16 + 480x - 199680.
func modExpMultComplexity(z *uint256.Int, x uint64) {
	switch {
	case x <= 64:
		z.SetUint64(x * x)
	case x <= 1024:
		z.SetUint64(x*x/4 + 96*x - 3072)
	default:
		var t uint256.Int
		z.SetUint64(x)
		z.Mul(z, z)
		z.Rsh(z, 4)
		t.SetUint64(x)
		t.Mul(&t, uint256.NewInt(480))
		z.Add(z, &t)
		z.SubUint64(z, 199680)
	}
}

// modExpIterations returns max(adjusted exponent length, 1): 8*(expLen-32)
// when expLen > 32, plus the index of the highest set bit of the exponent's
// first min(expLen, 32) bytes (0 when they are zero). ok is false when the
// count is so large (over 2^200) that any price saturates.
func modExpIterations(h *modExpHeader, body []byte) (adj uint256.Int, ok bool) {
	// Bit length of the head, read as a big-endian integer n bytes wide
	// where n = min(expLen, 32); missing input bytes are zeros. When the
	// input ends at or before the exponent, the head is zero.
	headBits := 0
	if h.baseLen.IsUint64() && h.baseLen.Uint64() < uint64(len(body)) {
		n := 32
		if h.expLen.IsUint64() && h.expLen.Uint64() < 32 {
			n = int(h.expLen.Uint64())
		}
		avail := body[h.baseLen.Uint64():]
		if len(avail) > n {
			avail = avail[:n]
		}
		for i, b := range avail {
			if b != 0 {
				headBits = (n-i-1)*8 + bits.Len8(b)
				break
			}
		}
	}
	if h.expLen.GtUint64(32) {
		adj.SubUint64(&h.expLen, 32)
		if adj.BitLen() > 197 {
			return adj, false
		}
		adj.Lsh(&adj, 3)
	}
	if headBits > 1 {
		adj.AddUint64(&adj, uint64(headBits-1))
	}
	if adj.IsZero() {
		adj.SetOne()
	}
	return adj, true
}

func boolUint(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Run computes base^exp mod mod. It fails only with ErrModExpTooLarge, for
// inputs priced above MaxModExpGas.
//
// Memory is bounded by the input and modLen: the operands are laid out
// base, exponent, modulus, so if any base or exponent byte lies past the
// end of the input the whole modulus does too, the modulus is zero and the
// output is zeros without further work. Only the modulus itself can be
// partly present (its missing low bytes are zeros).
//
// This function is safe for concurrent access.
func (c ModExp) Run(input []byte) ([]byte, error) {
	h, body := parseModExpHeader(input)
	if h.baseLen.IsZero() && h.modLen.IsZero() {
		return []byte{}, nil
	}
	if modExpGas(&h, body, c.EIP2565) > MaxModExpGas {
		return nil, ErrModExpTooLarge
	}
	// Under MaxModExpGas the base and modulus lengths are below 2^25 and
	// the exponent length below 2^45, so none of these sums overflows.
	baseLen, expLen, modLen := h.baseLen.Uint64(), h.expLen.Uint64(), h.modLen.Uint64()
	out := make([]byte, modLen)
	modBytes := clip(body, baseLen+expLen, modLen)
	mod := new(big.Int).SetBytes(modBytes)
	if missing := modLen - uint64(len(modBytes)); missing > 0 && mod.Sign() != 0 {
		mod.Lsh(mod, uint(8*missing))
	}
	if mod.Sign() == 0 || mod.BitLen() == 1 {
		return out, nil // x mod 0 is 0 by EIP-198; x mod 1 is 0
	}
	// The modulus is (partly) present, so base and exponent are whole.
	base := new(big.Int).SetBytes(clip(body, 0, baseLen))
	exp := new(big.Int).SetBytes(clip(body, baseLen, expLen))
	base.Exp(base, exp, mod).FillBytes(out)
	return out, nil
}

// clip returns the bytes of b in [off, off+n), cut at the end of b.
func clip(b []byte, off, n uint64) []byte {
	if off >= uint64(len(b)) {
		return nil
	}
	b = b[off:]
	if n < uint64(len(b)) {
		b = b[:n]
	}
	return b
}
