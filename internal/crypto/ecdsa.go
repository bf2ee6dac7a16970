package crypto

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Signature is a parsed ECDSA signature: the two scalars R and S.
//
// A Signature produced by ParseDERSignatureLax may have R == S == 0 (the
// "parsed but invalid" signature Core substitutes for out-of-range values);
// such a signature never verifies.
type Signature struct {
	R, S secp256k1.ModNScalar
}

// orderAsField is the group order N as a field element, used to test the
// second candidate x coordinate (R + N) during verification. Built once; never
// modified.
var orderAsField = func() secp256k1.FieldVal {
	var f secp256k1.FieldVal
	b := [32]byte{
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
		0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b,
		0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
	}
	f.SetBytes(&b)
	return f
}()

// ParseDERSignatureLax parses an ECDSA signature the way Bitcoin Core's
// ecdsa_signature_parse_der_lax does: the consensus parser used when BIP66
// (strict DER) is not in force. sig is the signature WITHOUT a sighash-type
// byte.
//
// The parser tolerates what pre-BIP66 signatures contain: any sequence
// length (including long-form lengths, which are skipped unread), long-form
// integer lengths (with leading zero length bytes, up to 3 significant
// length bytes), negative integers, excess leading zeros, zero-length R or S
// (value 0) and trailing garbage after S. It fails (ok == false) only when
// the 0x30 / 0x02 / 0x02 tags are missing, a length runs past the end of the
// input, or an integer length needs 4 or more bytes.
//
// When R or S has more than 32 significant bytes, or is not below the group
// order, the result is still ok but R and S are both zero, which Verify
// rejects: the signature fails verification rather than parsing.
//
// This function is safe for concurrent access and does not allocate.
func ParseDERSignatureLax(sig []byte) (s Signature, ok bool) {
	n := len(sig)
	pos := 0

	// Sequence tag and length. A long-form length is skipped, not read.
	if pos == n || sig[pos] != 0x30 {
		return s, false
	}
	pos++
	if pos == n {
		return s, false
	}
	l := int(sig[pos])
	pos++
	if l&0x80 != 0 {
		l -= 0x80
		if l > n-pos {
			return s, false
		}
		pos += l
	}

	rpos, rlen, pos, ok := laxInteger(sig, pos)
	if !ok {
		return s, false
	}
	spos, slen, _, ok := laxInteger(sig, pos)
	if !ok {
		return s, false
	}

	var buf [64]byte
	overflow := false
	for rlen > 0 && sig[rpos] == 0 {
		rpos++
		rlen--
	}
	if rlen > 32 {
		overflow = true
	} else {
		copy(buf[32-rlen:32], sig[rpos:rpos+rlen])
	}
	for slen > 0 && sig[spos] == 0 {
		spos++
		slen--
	}
	if slen > 32 {
		overflow = true
	} else {
		copy(buf[64-slen:], sig[spos:spos+slen])
	}
	if !overflow {
		rOver := s.R.SetBytes((*[32]byte)(buf[:32]))
		sOver := s.S.SetBytes((*[32]byte)(buf[32:]))
		overflow = rOver != 0 || sOver != 0
	}
	if overflow {
		s.R.Zero()
		s.S.Zero()
	}
	return s, true
}

// laxInteger reads an INTEGER tag and length at pos the way Core's lax
// parser does and returns the position and length of its content and the
// position just after it.
func laxInteger(sig []byte, pos int) (vpos, vlen, next int, ok bool) {
	n := len(sig)
	if pos == n || sig[pos] != 0x02 {
		return 0, 0, 0, false
	}
	pos++
	if pos == n {
		return 0, 0, 0, false
	}
	l := int(sig[pos])
	pos++
	if l&0x80 != 0 {
		l -= 0x80
		if l > n-pos {
			return 0, 0, 0, false
		}
		for l > 0 && sig[pos] == 0 {
			pos++
			l--
		}
		if l >= 4 {
			return 0, 0, 0, false
		}
		vlen = 0
		for ; l > 0; l-- {
			vlen = vlen<<8 | int(sig[pos])
			pos++
		}
	} else {
		vlen = l
	}
	if vlen > n-pos {
		return 0, 0, 0, false
	}
	return pos, vlen, pos + vlen, true
}

// IsLowS reports whether S is at most half the group order.
//
// This method is safe for concurrent access.
func (s *Signature) IsLowS() bool { return !s.S.IsOverHalfOrder() }

// Verify reports whether s is a valid ECDSA signature of the 32-byte hash
// under pub. Both S and N-S are accepted (this equals Core's normalise-then-
// verify). A hash of any other length, or R or S equal to zero, fails. pub
// must be a point on the curve (as ParsePubKey returns).
//
// The curve arithmetic runs in pure Go, or in libsecp256k1 when built with
// the libsecp256k1 tag (see the package documentation); both give the same
// answers.
//
// This method is safe for concurrent access and does not allocate.
func (s *Signature) Verify(hash []byte, pub *secp256k1.PublicKey) bool {
	if len(hash) != 32 || s.R.IsZero() || s.S.IsZero() {
		return false
	}
	return verifyECDSABackend(&s.R, &s.S, (*[32]byte)(hash), pub)
}

// verifyECDSAPure is the pure-Go ECDSA verification behind Verify: it
// reports whether (r, s) signs hash under pub, accepting high S. r and s
// must be non-zero (and are below N by construction).
func verifyECDSAPure(r, s *secp256k1.ModNScalar, hash *[32]byte, pub *secp256k1.PublicKey) bool {
	// u1 = e/S, u2 = R/S; X = u1*G + u2*Q.
	var e, w, u1, u2 secp256k1.ModNScalar
	e.SetBytes(hash)
	scalarInverseVarTime(&w, s)
	u1.Mul2(&e, &w)
	u2.Mul2(r, &w)

	var q secp256k1.JacobianPoint
	pub.AsJacobian(&q)
	var qx, qy fe
	feFromFieldVal(&qx, &q.X)
	feFromFieldVal(&qy, &q.Y)
	var x jacobian
	mulBaseAdd64(&u1, &u2, &qx, &qy, &x)
	if x.inf {
		return false
	}

	// Compare in Jacobian coordinates to skip the inversion: the affine x is
	// X/Z², so check R·Z² == X, and (R+N)·Z² == X when R+N < P.
	var z2, rf, t fe
	feSqr(&z2, &x.z)
	rb := r.Bytes()
	feSetBytes(&rf, &rb)
	if feMul(&t, &rf, &z2); feEqual(&t, &x.x) {
		return true
	}
	// R+N < P only when R < P-N.
	if !feLess(&rf, &pMinusN) {
		return false
	}
	feAdd(&rf, &rf, &orderAsFe)
	feMul(&t, &rf, &z2)
	return feEqual(&t, &x.x)
}

// orderAsFe is N as an fe; pMinusN is P-N.
var (
	orderAsFe = func() fe {
		var f fe
		feFromFieldVal(&f, &orderAsField)
		return f
	}()
	pMinusN = func() fe {
		var f fe
		feSub(&f, &feP, &orderAsFe)
		return f
	}()
)

// Serialize returns the strict DER encoding of s (no sighash byte), with S
// replaced by N-S when it is high (both verify; the low form is canonical).
//
// This method is safe for concurrent access.
func (s *Signature) Serialize() []byte {
	return ecdsa.NewSignature(&s.R, &s.S).Serialize()
}

// VerifyECDSA is Bitcoin Core's CPubKey::Verify: it parses sig (DER,
// without the sighash byte) with ParseDERSignatureLax, accepts high S (Core
// normalises S before verifying) and verifies it against the 32-byte hash.
// It is the consensus check OP_CHECKSIG and friends use for ECDSA. pub must
// not be nil (parse it with ParsePubKey).
//
// This function is safe for concurrent access and does not allocate.
func VerifyECDSA(pub *secp256k1.PublicKey, sig []byte, hash []byte) bool {
	s, ok := ParseDERSignatureLax(sig)
	if !ok {
		return false
	}
	return s.Verify(hash, pub)
}

// IsStrictDER reports whether sig is a strictly DER-encoded ECDSA signature
// as BIP66 defines it (Core's IsValidSignatureEncoding). sig is the
// signature WITHOUT the trailing sighash-type byte: callers holding a script
// signature pass sig[:len(sig)-1]. The rules, in that form:
//
//   - 8 to 72 bytes; 0x30, total length = len-2;
//   - 0x02, lenR, R, 0x02, lenS, S filling the rest exactly;
//   - R and S non-empty, not negative, and without unnecessary leading zero.
//
// The values themselves are not range-checked.
//
// This function is safe for concurrent access and does not allocate.
func IsStrictDER(sig []byte) bool {
	n := len(sig)
	if n < 8 || n > 72 {
		return false
	}
	if sig[0] != 0x30 || int(sig[1]) != n-2 {
		return false
	}
	lenR := int(sig[3])
	if 5+lenR >= n {
		return false
	}
	lenS := int(sig[5+lenR])
	if lenR+lenS+6 != n {
		return false
	}
	if sig[2] != 0x02 || lenR == 0 || sig[4]&0x80 != 0 {
		return false
	}
	if lenR > 1 && sig[4] == 0x00 && sig[5]&0x80 == 0 {
		return false
	}
	if sig[lenR+4] != 0x02 || lenS == 0 || sig[lenR+6]&0x80 != 0 {
		return false
	}
	if lenS > 1 && sig[lenR+6] == 0x00 && sig[lenR+7]&0x80 == 0 {
		return false
	}
	return true
}

// IsLowS is Core's CPubKey::CheckLowS: sig (DER, without the sighash byte)
// must parse with ParseDERSignatureLax and have S at most half the group
// order. A signature whose values overflow parses as zero and so counts as
// low S, exactly as in Core.
//
// This function is safe for concurrent access and does not allocate.
func IsLowS(sig []byte) bool {
	s, ok := ParseDERSignatureLax(sig)
	return ok && s.IsLowS()
}

// SignECDSA signs hash (a 32-byte digest) with priv, using an RFC6979
// deterministic nonce, and returns the strict-DER, low-S signature (without
// a sighash byte).
//
// This function is safe for concurrent access.
func SignECDSA(priv *secp256k1.PrivateKey, hash []byte) []byte {
	return ecdsa.Sign(priv, hash).Serialize()
}
