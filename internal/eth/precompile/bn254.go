package precompile

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Prices of the bn254 (alt_bn128) contracts: EIP-196/197 from Byzantium,
// lowered by EIP-1108 from Istanbul.
const (
	bn254AddGasByzantium            = 500
	bn254AddGasIstanbul             = 150
	bn254ScalarMulGasByzantium      = 40000
	bn254ScalarMulGasIstanbul       = 6000
	bn254PairingBaseGasByzantium    = 100000
	bn254PairingPerPairGasByzantium = 80000
	bn254PairingBaseGasIstanbul     = 45000
	bn254PairingPerPairGasIstanbul  = 34000
)

// Sizes of the EVM encoding.
const (
	bn254Fp                = 32
	bn254G1Len             = 2 * bn254Fp
	bn254G2Len             = 4 * bn254Fp
	bn254PairingPairLen    = bn254G1Len + bn254G2Len
	bn254AddInputLen       = 2 * bn254G1Len
	bn254ScalarMulInputLen = bn254G1Len + 32
)

// The EVM encoding of bn254 points (EIP-196, EIP-197):
//
//   - a field element of Fp is 32 bytes big-endian and must be below p;
//   - a G1 point is x || y (64 bytes); a G2 point, on the twist over Fp2
//     with elements a0 + a1*u, is x.a1 || x.a0 || y.a1 || y.a0 (128 bytes,
//     imaginary part first);
//   - the point at infinity is all zeros (never a curve point, since b != 0);
//   - a G1 point must be on the curve (its group has prime order, so that
//     is enough); a G2 point must be on the twist and in the order-r
//     subgroup.
//
// gnark-crypto keeps affine points with the same (0, 0) convention for
// infinity, so the adapter below only has to order the coordinates and add
// the range and subgroup checks.

// decodeFp sets e from the 32 big-endian bytes of b, which must be below p.
func decodeFp(b []byte, e *fp.Element) error {
	v, err := fp.BigEndian.Element((*[bn254Fp]byte)(b))
	if err != nil {
		return ErrCoordinateOutOfRange
	}
	*e = v
	return nil
}

// decodeG1 sets p from the 64-byte EVM encoding b.
func decodeG1(b []byte, p *bn254.G1Affine) error {
	if err := decodeFp(b[:32], &p.X); err != nil {
		return err
	}
	if err := decodeFp(b[32:64], &p.Y); err != nil {
		return err
	}
	if !p.IsOnCurve() { // true for (0, 0), the point at infinity
		return ErrPointNotOnCurve
	}
	return nil
}

// decodeG2 sets p from the 128-byte EVM encoding b.
func decodeG2(b []byte, p *bn254.G2Affine) error {
	for i, e := range [4]*fp.Element{&p.X.A1, &p.X.A0, &p.Y.A1, &p.Y.A0} {
		if err := decodeFp(b[32*i:32*i+32], e); err != nil {
			return err
		}
	}
	if p.IsInfinity() {
		return nil
	}
	if !p.IsOnCurve() {
		return ErrPointNotOnCurve
	}
	if !p.IsInSubGroup() {
		return ErrPointNotInSubgroup
	}
	return nil
}

// encodeG1 returns the 64-byte EVM encoding of p.
func encodeG1(p *bn254.G1Affine) []byte {
	out := make([]byte, bn254G1Len)
	fp.BigEndian.PutElement((*[bn254Fp]byte)(out[:32]), p.X)
	fp.BigEndian.PutElement((*[bn254Fp]byte)(out[32:]), p.Y)
	return out
}

// BN254Add is the contract at 0x06 (EIP-196): the sum of two G1 points.
// The input, right-padded with zeros to 128 bytes (extra bytes ignored), is
// two encoded points; the output is their sum, 64 bytes. 500 gas before
// Istanbul, 150 from it.
type BN254Add struct {
	Istanbul bool
}

// RequiredGas returns 500, or 150 under Istanbul rules.
//
// This function is safe for concurrent access and does not allocate.
func (c BN254Add) RequiredGas([]byte) uint64 {
	if c.Istanbul {
		return bn254AddGasIstanbul
	}
	return bn254AddGasByzantium
}

// Run adds the points. It fails with ErrCoordinateOutOfRange or
// ErrPointNotOnCurve.
//
// This function is safe for concurrent access.
func (BN254Add) Run(input []byte) ([]byte, error) {
	var in [bn254AddInputLen]byte
	copy(in[:], input)
	var a, b bn254.G1Affine
	if err := decodeG1(in[:64], &a); err != nil {
		return nil, err
	}
	if err := decodeG1(in[64:], &b); err != nil {
		return nil, err
	}
	a.Add(&a, &b)
	return encodeG1(&a), nil
}

// BN254ScalarMul is the contract at 0x07 (EIP-196): a G1 point times a
// scalar. The input, right-padded with zeros to 96 bytes (extra bytes
// ignored), is an encoded point and a 32-byte big-endian scalar (any
// 256-bit value; G1 has prime order r, so the scalar acts modulo r). The
// output is the product, 64 bytes. 40000 gas before Istanbul, 6000 from it.
type BN254ScalarMul struct {
	Istanbul bool
}

// RequiredGas returns 40000, or 6000 under Istanbul rules.
//
// This function is safe for concurrent access and does not allocate.
func (c BN254ScalarMul) RequiredGas([]byte) uint64 {
	if c.Istanbul {
		return bn254ScalarMulGasIstanbul
	}
	return bn254ScalarMulGasByzantium
}

// Run multiplies. It fails with ErrCoordinateOutOfRange or
// ErrPointNotOnCurve.
//
// This function is safe for concurrent access.
func (BN254ScalarMul) Run(input []byte) ([]byte, error) {
	var in [bn254ScalarMulInputLen]byte
	copy(in[:], input)
	var p bn254.G1Affine
	if err := decodeG1(in[:64], &p); err != nil {
		return nil, err
	}
	// Reduce the scalar modulo r first: gnark's GLV decomposition expects
	// scalars below r, and the EVM allows any 256-bit value.
	var s fr.Element
	s.SetBytes(in[64:])
	var k big.Int
	s.BigInt(&k)
	p.ScalarMultiplication(&p, &k)
	return encodeG1(&p), nil
}

// BN254Pairing is the contract at 0x08 (EIP-197): the pairing check
// e(a1, b1) * ... * e(ak, bk) == 1 over k (G1, G2) pairs of 192 bytes each.
// The input length must be a multiple of 192 (zero pairs is allowed and
// succeeds). The output is 32 bytes: 1 when the product is one, else 0.
// The price is 100000 + 80000 per pair before Istanbul, 45000 + 34000 per
// pair from it.
type BN254Pairing struct {
	Istanbul bool
}

// RequiredGas returns the base price plus the per-pair price times
// floor(len(input) / 192).
//
// This function is safe for concurrent access and does not allocate.
func (c BN254Pairing) RequiredGas(input []byte) uint64 {
	pairs := uint64(len(input) / bn254PairingPairLen)
	if c.Istanbul {
		return bn254PairingBaseGasIstanbul + pairs*bn254PairingPerPairGasIstanbul
	}
	return bn254PairingBaseGasByzantium + pairs*bn254PairingPerPairGasByzantium
}

// Run checks the pairing equation. It fails with ErrBadPairingInput,
// ErrCoordinateOutOfRange, ErrPointNotOnCurve or ErrPointNotInSubgroup.
//
// This function is safe for concurrent access.
func (BN254Pairing) Run(input []byte) ([]byte, error) {
	if len(input)%bn254PairingPairLen != 0 {
		return nil, ErrBadPairingInput
	}
	k := len(input) / bn254PairingPairLen
	out := make([]byte, 32)
	if k == 0 {
		out[31] = 1 // the empty product
		return out, nil
	}
	// The input is already in memory and costs 34000 gas a pair, so the
	// point arrays (192 bytes a pair, like the input) are bounded by it.
	ps := make([]bn254.G1Affine, k)
	qs := make([]bn254.G2Affine, k)
	for i := range k {
		pair := input[i*bn254PairingPairLen : (i+1)*bn254PairingPairLen]
		if err := decodeG1(pair[:bn254G1Len], &ps[i]); err != nil {
			return nil, err
		}
		if err := decodeG2(pair[bn254G1Len:], &qs[i]); err != nil {
			return nil, err
		}
	}
	ok, err := bn254.PairingCheck(ps, qs)
	if err != nil {
		// Only for mismatched or empty slices, which cannot happen here.
		return nil, ErrBadPairingInput
	}
	if ok {
		out[31] = 1
	}
	return out, nil
}
