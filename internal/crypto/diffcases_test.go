package crypto

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/chainhash"
)

// The differential tests (backend_cgo_test.go: libsecp256k1 against pure
// Go; strauss_test.go: our combined multiplication against decred's
// separate ones) feed both sides the same generated cases. Each generator
// draws from a seeded generator so a failure can be replayed: the seed is
// logged, and TWINCHAIN_DIFF_SEED fixes it.

// diffRand returns the generator for a differential test and logs its seed.
func diffRand(t testing.TB) *rand.Rand {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("TWINCHAIN_DIFF_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("TWINCHAIN_DIFF_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (replay with TWINCHAIN_DIFF_SEED=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// diffRounds is the number of rounds per differential test (each round
// yields several cases, so thousands of cases), fewer under -short.
func diffRounds() int {
	if testing.Short() {
		return 300
	}
	return 1000
}

func rand32(rng *rand.Rand) [32]byte {
	var b [32]byte
	for i := 0; i < 32; i += 8 {
		binary.BigEndian.PutUint64(b[i:], rng.Uint64())
	}
	return b
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// randPriv returns a random non-zero private key.
func randPriv(rng *rand.Rand) *secp256k1.PrivateKey {
	for {
		b := rand32(rng)
		var k secp256k1.ModNScalar
		if k.SetBytes(&b) == 0 && !k.IsZero() {
			return secp256k1.NewPrivateKey(&k)
		}
	}
}

// randScalar returns a random scalar (zero with negligible probability).
func randScalar(rng *rand.Rand) secp256k1.ModNScalar {
	b := rand32(rng)
	var k secp256k1.ModNScalar
	k.SetBytes(&b)
	return k
}

// flipBit flips one random bit of b in place.
func flipBit(rng *rand.Rand, b []byte) {
	i := rng.IntN(len(b) * 8)
	b[i/8] ^= 1 << (i % 8)
}

// ecdsaCase is a public key, a hash and the scalars (R, S) of a signature,
// both non-zero and below N (what Verify hands its backend).
type ecdsaCase struct {
	kind string
	pub  *secp256k1.PublicKey
	r, s secp256k1.ModNScalar
	hash [32]byte
}

// genECDSACases returns valid signatures and near misses: high S, flipped
// bits in the hash, R and S, the wrong key, random scalars, and signatures
// whose nonce point has an x coordinate of at least N (so R = x - N and the
// verifier must try R + N).
func genECDSACases(rng *rand.Rand, rounds int) []ecdsaCase {
	var out []ecdsaCase
	add := func(c ecdsaCase) {
		if !c.r.IsZero() && !c.s.IsZero() {
			out = append(out, c)
		}
	}
	for i := range rounds {
		priv := randPriv(rng)
		pub := priv.PubKey()
		hash := rand32(rng)
		sig, _ := ParseDERSignatureLax(SignECDSA(priv, hash[:]))
		valid := ecdsaCase{kind: "valid", pub: pub, r: sig.R, s: sig.S, hash: hash}
		add(valid)

		c := valid
		c.kind = "high S"
		c.s.Negate()
		add(c)

		c = valid
		c.kind = "hash bit flipped"
		flipBit(rng, c.hash[:])
		add(c)

		c = valid
		c.kind = "R bit flipped"
		rb := c.r.Bytes()
		flipBit(rng, rb[:])
		c.r.SetBytes(&rb)
		add(c)

		c = valid
		c.kind = "S bit flipped"
		sb := c.s.Bytes()
		flipBit(rng, sb[:])
		c.s.SetBytes(&sb)
		add(c)

		c = valid
		c.kind = "other key"
		c.pub = randPriv(rng).PubKey()
		add(c)

		add(ecdsaCase{kind: "random R and S", pub: pub, r: randScalar(rng), s: randScalar(rng), hash: hash})

		if i%8 == 0 {
			if c, ok := ecdsaHighX(rng); ok {
				add(c)
				c.kind = "R.x >= N, hash bit flipped"
				flipBit(rng, c.hash[:])
				add(c)
			}
		}
	}
	return out
}

// ecdsaHighX builds a valid signature whose nonce point R has x >= N, so
// its r is x - N: pick such an R, random S and hash e, and solve for the key
// Q = r⁻¹(S·R - e·G). Fails (rarely) when the x drawn is not on the curve.
func ecdsaHighX(rng *rand.Rand) (ecdsaCase, bool) {
	// x = N + k with k < P - N (about 2^128.3): draw k below 2^128.
	var xb [32]byte
	nb := secp256k1.Params().N.FillBytes(make([]byte, 32))
	k := rand32(rng)
	clear(k[:16])
	var carry uint16
	for i := 31; i >= 0; i-- {
		v := uint16(nb[i]) + uint16(k[i]) + carry
		xb[i] = byte(v)
		carry = v >> 8
	}
	var R secp256k1.JacobianPoint
	if R.X.SetBytes(&xb) != 0 || !secp256k1.DecompressY(&R.X, rng.IntN(2) == 1, &R.Y) {
		return ecdsaCase{}, false
	}
	R.Z.SetInt(1)

	var c ecdsaCase
	c.kind = "R.x >= N"
	c.r.SetBytes(&xb) // reduces mod N: x - N
	c.s = randScalar(rng)
	c.hash = rand32(rng)
	var e secp256k1.ModNScalar
	e.SetBytes(&c.hash)

	var sR, eG, q secp256k1.JacobianPoint
	secp256k1.ScalarMultNonConst(&c.s, &R, &sR)
	secp256k1.ScalarBaseMultNonConst(e.Negate(), &eG)
	secp256k1.AddNonConst(&sR, &eG, &q)
	var rInv secp256k1.ModNScalar
	rInv.InverseValNonConst(&c.r)
	q.ToAffine()
	secp256k1.ScalarMultNonConst(&rInv, &q, &q)
	if q.Z.IsZero() {
		return ecdsaCase{}, false
	}
	q.ToAffine()
	c.pub = secp256k1.NewPublicKey(&q.X, &q.Y)
	return c, true
}

// schnorrCase is a BIP340 verification input.
type schnorrCase struct {
	kind string
	pub  [32]byte
	msg  []byte
	sig  [64]byte
}

// genSchnorrCases returns valid signatures (messages of 0 to 80 bytes) and
// near misses: flipped bits in the signature, key and message, random keys
// (about half are not x coordinates), r not below P, s not below N, and
// signatures whose R has an odd y (the nonce was not negated).
func genSchnorrCases(rng *rand.Rand, rounds int) []schnorrCase {
	var out []schnorrCase
	for range rounds {
		priv := randPriv(rng)
		pub := SerializeXOnly(priv.PubKey())
		msg := randBytes(rng, rng.IntN(81))
		sig, err := SignSchnorr(priv, msg, rand32(rng))
		if err != nil {
			panic(err)
		}
		valid := schnorrCase{kind: "valid", pub: pub, msg: msg, sig: sig}
		out = append(out, valid)

		c := valid
		c.kind = "sig bit flipped"
		flipBit(rng, c.sig[:])
		out = append(out, c)

		c = valid
		c.kind = "key bit flipped"
		flipBit(rng, c.pub[:])
		out = append(out, c)

		c = valid
		c.kind = "message changed"
		c.msg = append(append([]byte(nil), msg...), byte(rng.Uint32()))
		if len(msg) > 0 && rng.IntN(2) == 0 {
			c.msg = append([]byte(nil), msg...)
			flipBit(rng, c.msg)
		}
		out = append(out, c)

		c = valid
		c.kind = "random key"
		c.pub = rand32(rng)
		out = append(out, c)

		c = valid
		c.kind = "r not below P"
		copy(c.sig[:32], overP(rng))
		out = append(out, c)

		c = valid
		c.kind = "s not below N"
		nb := secp256k1.Params().N.FillBytes(make([]byte, 32))
		copy(c.sig[32:], nb)
		c.sig[63] += byte(rng.IntN(16))
		out = append(out, c)

		c = valid
		c.kind = "key not below P"
		copy(c.pub[:], overP(rng))
		out = append(out, c)

		out = append(out, schnorrOddR(rng, priv, msg))
	}
	return out
}

// overP returns a 32-byte value in [P, P+15].
func overP(rng *rand.Rand) []byte {
	b := secp256k1.Params().P.FillBytes(make([]byte, 32))
	b[31] += byte(rng.IntN(16))
	return b
}

// schnorrOddR signs msg without negating a nonce whose point has an odd y:
// s·G - e·P then equals R itself, whose x matches r but whose y is odd, so
// the signature must fail. Half the draws have an even y and are valid.
func schnorrOddR(rng *rand.Rand, priv *secp256k1.PrivateKey, msg []byte) schnorrCase {
	d := priv.Key
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&d, &p)
	p.ToAffine()
	if p.Y.IsOdd() {
		d.Negate()
	}
	c := schnorrCase{kind: "nonce point y not negated", msg: msg}
	p.X.PutBytes(&c.pub)
	k := randScalar(rng)
	var r secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k, &r)
	r.ToAffine()
	r.X.PutBytesUnchecked(c.sig[:32])
	eh := chainhash.TagBIP340Challenge.Sum(c.sig[:32], c.pub[:], msg)
	var e secp256k1.ModNScalar
	e.SetBytes((*[32]byte)(&eh))
	e.Mul(&d).Add(&k)
	e.PutBytesUnchecked(c.sig[32:])
	return c
}

// recoverCase is a RecoverPubKey input that passes the range checks.
type recoverCase struct {
	kind string
	hash [32]byte
	sig  [64]byte
	v    byte
}

// genRecoverCases returns valid recoverable signatures, their other parity,
// recovery ids 2 and 3 (R + N), and random R and S with any id, including
// small R for which R + N is below P.
func genRecoverCases(rng *rand.Rand, rounds int) []recoverCase {
	var out []recoverCase
	add := func(c recoverCase) {
		var r, s secp256k1.ModNScalar
		if r.SetByteSlice(c.sig[:32]) || r.IsZero() || s.SetByteSlice(c.sig[32:]) || s.IsZero() {
			return
		}
		out = append(out, c)
	}
	for range rounds {
		priv := randPriv(rng)
		hash := rand32(rng)
		sig, err := SignRecoverable(priv, hash[:])
		if err != nil {
			panic(err)
		}
		valid := recoverCase{kind: "valid", hash: hash, sig: [64]byte(sig[:64]), v: sig[64]}
		add(valid)
		c := valid
		c.kind = "other parity"
		c.v ^= 1
		add(c)
		c = valid
		c.kind = "id + 2"
		c.v += 2
		add(c)
		c = valid
		c.kind = "high S"
		var s secp256k1.ModNScalar
		s.SetByteSlice(c.sig[32:])
		s.Negate().PutBytesUnchecked(c.sig[32:])
		add(c)
		c = valid
		c.kind = "hash bit flipped"
		flipBit(rng, c.hash[:])
		add(c)

		c = recoverCase{kind: "random R, S", hash: hash, v: byte(rng.IntN(4))}
		r1, r2 := rand32(rng), rand32(rng)
		copy(c.sig[:32], r1[:])
		copy(c.sig[32:], r2[:])
		add(c)
		c.kind = "small R, id 2 or 3"
		clear(c.sig[:16])
		c.v = 2 + byte(rng.IntN(2))
		add(c)
	}
	return out
}

// tweakCase is a CheckTapTweak input.
type tweakCase struct {
	kind                    string
	internal, output, tweak [32]byte
	oddY                    bool
}

// genTweakCases returns valid BIP341 tweaks and near misses: the wrong
// parity, a flipped output bit, an internal key that is not an x
// coordinate, a tweak not below N, and a tweak that cancels the key (the
// point at infinity).
func genTweakCases(rng *rand.Rand, rounds int) []tweakCase {
	var out []tweakCase
	for range rounds {
		priv := randPriv(rng)
		internal := SerializeXOnly(priv.PubKey())
		tweak := rand32(rng)
		output, odd, err := TweakXOnly(internal, tweak)
		if err != nil {
			continue
		}
		valid := tweakCase{kind: "valid", internal: internal, output: output, tweak: tweak, oddY: odd}
		out = append(out, valid)
		c := valid
		c.kind = "parity flipped"
		c.oddY = !c.oddY
		out = append(out, c)
		c = valid
		c.kind = "output bit flipped"
		flipBit(rng, c.output[:])
		out = append(out, c)
		c = valid
		c.kind = "random internal key"
		c.internal = rand32(rng)
		out = append(out, c)
		c = valid
		c.kind = "tweak not below N"
		secp256k1.Params().N.FillBytes(c.tweak[:])
		c.tweak[31] += byte(rng.IntN(16))
		out = append(out, c)

		// t = N - d (d the even-y key) makes lift_x(internal) + t·G = ∞.
		d := priv.Key
		var p secp256k1.JacobianPoint
		secp256k1.ScalarBaseMultNonConst(&d, &p)
		p.ToAffine()
		if p.Y.IsOdd() {
			d.Negate()
		}
		c = valid
		c.kind = "tweak cancels the key"
		c.tweak = d.Negate().Bytes()
		out = append(out, c)
	}
	return out
}

// pubKeyCase is a ParsePubKey input.
type pubKeyCase struct {
	kind string
	b    []byte
}

// genPubKeyCases returns valid compressed, uncompressed and hybrid keys
// and near misses: flipped bits, random x (about half are on the curve),
// coordinates not below P, the wrong hybrid parity, random 65-byte strings.
func genPubKeyCases(rng *rand.Rand, rounds int) []pubKeyCase {
	var out []pubKeyCase
	add := func(kind string, b []byte) { out = append(out, pubKeyCase{kind, b}) }
	for range rounds {
		pub := randPriv(rng).PubKey()
		c, u := pub.SerializeCompressed(), pub.SerializeUncompressed()
		h := append([]byte(nil), u...)
		h[0] = 0x06 | u[64]&1
		wrongParity := append([]byte(nil), h...)
		wrongParity[0] ^= 1
		add("compressed", c)
		add("uncompressed", u)
		add("hybrid", h)
		add("hybrid wrong parity", wrongParity)
		for _, enc := range [][]byte{c, u, h} {
			m := append([]byte(nil), enc...)
			flipBit(rng, m[1:])
			add("bit flipped", m)
		}
		x := rand32(rng)
		add("random x", append([]byte{0x02 + byte(rng.IntN(2))}, x[:]...))
		add("x not below P", append([]byte{0x02}, overP(rng)...))
		bigX := append([]byte(nil), u...)
		copy(bigX[1:33], overP(rng))
		add("x not below P", bigX)
		bigY := append([]byte(nil), u...)
		copy(bigY[33:], overP(rng))
		add("y not below P", bigY)
		add("random 65 bytes", append([]byte{0x04}, randBytes(rng, 64)...))
	}
	return out
}

// Expected answers per kind of generated case, where the kind fixes the
// answer (all but negligibly often); kinds not listed can go either way.
var (
	wantECDSA = map[string]bool{
		"valid": true, "high S": true, "R.x >= N": true,
		"hash bit flipped": false, "R bit flipped": false, "S bit flipped": false,
		"other key": false, "random R and S": false, "R.x >= N, hash bit flipped": false,
	}
	wantSchnorr = map[string]bool{
		"valid": true, "sig bit flipped": false, "key bit flipped": false, "message changed": false,
		"random key": false, "r not below P": false, "s not below N": false, "key not below P": false,
	}
	wantRecover = map[string]bool{
		"valid": true, "other parity": true, "high S": true, "hash bit flipped": true, "id + 2": false,
	}
	wantTweak = map[string]bool{
		"valid": true, "parity flipped": false, "output bit flipped": false, "random internal key": false,
		"tweak not below N": false, "tweak cancels the key": false,
	}
	wantPubKey = map[string]bool{
		"compressed": true, "uncompressed": true, "hybrid": true,
		"hybrid wrong parity": false, "x not below P": false, "y not below P": false,
	}
)

// checkWant fails the test when a kind with a fixed answer got another.
func checkWant(t *testing.T, want map[string]bool, kind string, got bool, i int) {
	t.Helper()
	if w, ok := want[kind]; ok && w != got {
		t.Fatalf("case %d (%s): got %v, want %v", i, kind, got, w)
	}
}

// TestDiffCaseExpectations runs a few rounds of every generator through the
// exported API of whichever backend is compiled in, checking the answers
// each kind of case fixes: the generators' edge cases (R.x >= N, odd-y
// nonce points, cancelling tweaks) are tests in their own right.
func TestDiffCaseExpectations(t *testing.T) {
	t.Logf("backend: %s", backendName)
	rng := diffRand(t)
	const rounds = 40
	for i, c := range genECDSACases(rng, rounds) {
		sig := Signature{R: c.r, S: c.s}
		checkWant(t, wantECDSA, c.kind, sig.Verify(c.hash[:], c.pub), i)
	}
	for i, c := range genSchnorrCases(rng, rounds) {
		checkWant(t, wantSchnorr, c.kind, VerifySchnorr(c.pub[:], c.msg, c.sig[:]), i)
	}
	for i, c := range genRecoverCases(rng, rounds) {
		_, err := RecoverPubKey(c.hash[:], append(c.sig[:], c.v))
		checkWant(t, wantRecover, c.kind, err == nil, i)
	}
	for i, c := range genTweakCases(rng, rounds) {
		checkWant(t, wantTweak, c.kind, CheckTapTweak(c.internal, c.output, c.oddY, c.tweak), i)
	}
	for i, c := range genPubKeyCases(rng, rounds) {
		_, err := ParsePubKey(c.b)
		checkWant(t, wantPubKey, c.kind, err == nil, i)
	}
}
