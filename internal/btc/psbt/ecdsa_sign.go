package psbt

import (
	"encoding/binary"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// signECDSALowR signs hash with priv as Bitcoin Core's CKey::Sign with
// grinding: RFC6979 nonces (libsecp256k1's construction), first without extra
// data and then with a little-endian counter as extra entropy, until R is
// below 2^255 (its DER encoding has no leading zero byte), so signatures are
// at most 71 bytes. S is low. The result is DER without the sighash byte.
func signECDSALowR(priv *secp256k1.PrivateKey, hash []byte) []byte {
	d := priv.Key
	key := d.Bytes()
	var e secp256k1.ModNScalar
	e.SetByteSlice(hash)
	var extra [32]byte
	for counter := uint32(0); ; counter++ {
		var ndata []byte
		if counter > 0 {
			binary.LittleEndian.PutUint32(extra[:4], counter)
			ndata = extra[:]
		}
		for iter := uint32(0); ; iter++ {
			k := secp256k1.NonceRFC6979(key[:], hash, ndata, nil, iter)
			r, s, ok := signWithNonce(&d, k, &e)
			k.Zero()
			if !ok {
				continue
			}
			rb := r.Bytes()
			if rb[0] < 0x80 {
				return ecdsa.NewSignature(r, s).Serialize()
			}
			break
		}
	}
}

// signWithNonce computes the ECDSA signature (r, s) with nonce k, with s
// normalized to the lower half of the group order. ok is false when r or s is
// zero (the caller retries with another nonce).
func signWithNonce(d, k, e *secp256k1.ModNScalar) (*secp256k1.ModNScalar, *secp256k1.ModNScalar, bool) {
	var R secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(k, &R)
	R.ToAffine()
	R.X.Normalize()
	xb := R.X.Bytes()
	r := new(secp256k1.ModNScalar)
	r.SetBytes(xb)
	if r.IsZero() {
		return nil, nil, false
	}
	kinv := new(secp256k1.ModNScalar).InverseValNonConst(k)
	s := new(secp256k1.ModNScalar).Mul2(d, r).Add(e).Mul(kinv)
	if s.IsZero() {
		return nil, nil, false
	}
	if s.IsOverHalfOrder() {
		s.Negate()
	}
	return r, s, true
}
