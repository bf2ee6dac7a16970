package crypto

import "github.com/decred/dcrd/dcrec/secp256k1/v4"

// Fixed-base multiplication k·G for public k (the taproot tweak check
// P + t·G): k is cut into signed combWindow-bit digits d_i, and
// k·G = Σ d_i·(2^(combWindow·i)·G) is a sum of table entries, one mixed
// addition per non-zero digit and no doublings (against ~129 doublings in
// the verifier's double multiplication).

const (
	// combWindow is the digit width; digits lie in [-2^(w-1), 2^(w-1)].
	combWindow = 7
	// combWindows covers 256 bits plus the final carry.
	combWindows = (256+combWindow-1)/combWindow + 1
	combEntries = 1 << (combWindow - 1)
)

// combTables[i][j-1] is j·2^(combWindow·i)·G in affine coordinates
// (canonical), for 1 ≤ j ≤ combEntries. Built once by init; never modified.
var combTables = buildCombTables()

func buildCombTables() *[combWindows][combEntries]affinePoint {
	var t [combWindows][combEntries]affinePoint
	var one secp256k1.ModNScalar
	one.SetInt(1)
	var b secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&one, &b)
	b.ToAffine()
	for i := range combWindows {
		fillMultiplesAffine(&b, t[i][:])
		// Next window's base: 2^combWindow · b.
		for range combWindow {
			secp256k1.DoubleNonConst(&b, &b)
		}
		toAffineVarTime(&b)
	}
	return &t
}

// fillMultiplesAffine sets t[j] = (j+1)·p (p affine) in affine coordinates,
// with one field inversion for the whole table.
func fillMultiplesAffine(p *secp256k1.JacobianPoint, t []affinePoint) {
	n := len(t)
	j := make([]jacobian, n)
	var px, py fe
	feFromFieldVal(&px, &p.X)
	feFromFieldVal(&py, &p.Y)
	j[0].x, j[0].y, j[0].z = px, py, feOne
	for i := 1; i < n; i++ {
		j[i] = j[i-1]
		j[i].addAffine(&px, &py) // (i+1)·p; never infinity (i+1 < N)
	}
	batchToAffine(j, t)
}

// batchToAffine converts the Jacobian points j (none infinity) to canonical
// affine coordinates in t, with Montgomery's trick: one inversion.
func batchToAffine(j []jacobian, t []affinePoint) {
	n := len(j)
	prefix := make([]fe, n)
	prefix[0] = j[0].z
	for i := 1; i < n; i++ {
		feMul(&prefix[i], &prefix[i-1], &j[i].z)
	}
	var inv, zinv, zinv2, zinv3 fe
	var pf, invF secp256k1.FieldVal
	feToFieldVal(&pf, &prefix[n-1])
	fieldInverseVarTime(&invF, &pf)
	feFromFieldVal(&inv, &invF)
	for i := n - 1; i >= 0; i-- {
		if i > 0 {
			feMul(&zinv, &inv, &prefix[i-1])
			feMul(&inv, &inv, &j[i].z)
		} else {
			zinv = inv
		}
		feSqr(&zinv2, &zinv)
		feMul(&zinv3, &zinv2, &zinv)
		feMul(&t[i].x, &j[i].x, &zinv2)
		feMul(&t[i].y, &j[i].y, &zinv3)
		feNormalize(&t[i].x)
		feNormalize(&t[i].y)
	}
}

// combDigits writes the signed combWindow-bit digits of k (little-endian
// limbs): k = Σ d[i]·2^(combWindow·i), |d[i]| ≤ 2^(combWindow-1).
func combDigits(d *[combWindows]int16, k [4]uint64) {
	var carry uint64
	for i := range combWindows {
		v := bitsAt(&k, i*combWindow, combWindow) + carry
		carry = 0
		if v > combEntries {
			d[i] = int16(int64(v) - 1<<combWindow)
			carry = 1
		} else {
			d[i] = int16(v)
		}
	}
}

// addMulBase sets acc = acc + k·G in variable time (k public).
func (acc *jacobian) addMulBase(k *secp256k1.ModNScalar) {
	var d [combWindows]int16
	combDigits(&d, scalarLimbs(k))
	for i, v := range d {
		if v == 0 {
			continue
		}
		e := &combTables[i][abs16(v)-1]
		if v > 0 {
			acc.addAffine(&e.x, &e.y)
			continue
		}
		var y fe
		feNeg(&y, &e.y)
		acc.addAffine(&e.x, &y)
	}
}

func abs16(v int16) int16 {
	if v < 0 {
		return -v
	}
	return v
}
