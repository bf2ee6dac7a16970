//go:build libsecp256k1 && cgo

package crypto

/*
#cgo LDFLAGS: -lsecp256k1
#cgo noescape twinchain_pubkey_parse
#cgo nocallback twinchain_pubkey_parse
#cgo noescape twinchain_ecdsa_verify
#cgo nocallback twinchain_ecdsa_verify
#cgo noescape twinchain_schnorr_verify
#cgo nocallback twinchain_schnorr_verify
#cgo noescape twinchain_ecdsa_recover
#cgo nocallback twinchain_ecdsa_recover
#cgo noescape twinchain_tweak_add_check
#cgo nocallback twinchain_tweak_add_check

#include <stddef.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>

#ifndef SECP256K1_CONTEXT_NONE
#error "libsecp256k1 0.2.0 or newer is required (secp256k1_context_static)"
#endif

// Every helper below uses secp256k1_context_static: verification, key
// parsing and recovery need no secret-key context, and the library's
// argument checks (which abort through the static context's default
// callback) are all met by the Go callers: no NULL pointers, recid in 0..3,
// msg NULL only with msglen 0.

// twinchain_pubkey_parse parses a 33- or 65-byte key and writes it as 65
// uncompressed bytes.
static int twinchain_pubkey_parse(unsigned char *out65, const unsigned char *in, size_t inlen) {
	secp256k1_pubkey pk;
	size_t len = 65;
	if (!secp256k1_ec_pubkey_parse(secp256k1_context_static, &pk, in, inlen)) return 0;
	return secp256k1_ec_pubkey_serialize(secp256k1_context_static, out65, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
}

// twinchain_ecdsa_verify is Core's CPubKey::Verify after the lax DER parse:
// pub is a 65-byte uncompressed key, sig64 is r || s (both below the order).
static int twinchain_ecdsa_verify(const unsigned char *pub65, const unsigned char *sig64, const unsigned char *msg32) {
	secp256k1_pubkey pk;
	secp256k1_ecdsa_signature sig;
	if (!secp256k1_ec_pubkey_parse(secp256k1_context_static, &pk, pub65, 65)) return 0;
	if (!secp256k1_ecdsa_signature_parse_compact(secp256k1_context_static, &sig, sig64)) return 0;
	secp256k1_ecdsa_signature_normalize(secp256k1_context_static, &sig, &sig);
	return secp256k1_ecdsa_verify(secp256k1_context_static, &sig, msg32, &pk);
}

// twinchain_schnorr_verify is BIP340 verification of a message of any length.
static int twinchain_schnorr_verify(const unsigned char *pub32, const unsigned char *msg, size_t msglen, const unsigned char *sig64) {
	secp256k1_xonly_pubkey pk;
	if (!secp256k1_xonly_pubkey_parse(secp256k1_context_static, &pk, pub32)) return 0;
	return secp256k1_schnorrsig_verify(secp256k1_context_static, sig64, msg, msglen, &pk);
}

// twinchain_ecdsa_recover writes the 65-byte uncompressed recovered key.
static int twinchain_ecdsa_recover(unsigned char *out65, const unsigned char *sig64, int recid, const unsigned char *msg32) {
	secp256k1_ecdsa_recoverable_signature sig;
	secp256k1_pubkey pk;
	size_t len = 65;
	if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &sig, sig64, recid)) return 0;
	if (!secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &sig, msg32)) return 0;
	return secp256k1_ec_pubkey_serialize(secp256k1_context_static, out65, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
}

// twinchain_tweak_add_check is the BIP341 commitment check (used by the
// differential tests only).
static int twinchain_tweak_add_check(const unsigned char *internal32, const unsigned char *output32, int parity, const unsigned char *tweak32) {
	secp256k1_xonly_pubkey pk;
	if (!secp256k1_xonly_pubkey_parse(secp256k1_context_static, &pk, internal32)) return 0;
	return secp256k1_xonly_pubkey_tweak_add_check(secp256k1_context_static, output32, parity, &pk, tweak32);
}
*/
import "C"

import (
	"errors"
	"unsafe"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// backendName names the implementation of the curve arithmetic compiled in:
// "libsecp256k1" here, "go" in the default build.
const backendName = "libsecp256k1"

// recoverCandidatesInGo is false here: ECDSACandidates verifies key by key
// with libsecp256k1, which is cheaper than recovering in Go.
const recoverCandidatesInGo = false

// This build hands the curve arithmetic to Debian's libsecp256k1 (the
// library Bitcoin Core uses) through cgo. There is no context to create:
// every call uses the library's constant secp256k1_context_static, which
// supports everything but secret-key operations, so the package keeps no
// state. Signing stays in Go. The exported functions check their arguments
// before calling these, exactly as in the pure build; the pure
// implementations stay compiled (the differential tests compare the two).

// Reasons given (wrapped in ErrInvalidPubKey and ErrRecoveryFailed) when
// libsecp256k1 rejects a key or finds none.
var (
	errLibsecp256k1Parse   = errors.New("libsecp256k1: not a valid point encoding")
	errLibsecp256k1Recover = errors.New("libsecp256k1: no public key for this signature")
)

func init() {
	// Recommended before using secp256k1_context_static: aborts the process
	// if the library was miscompiled (for example for the wrong endianness).
	C.secp256k1_selftest()
}

// uchar converts a pointer to the first byte of a Go array for C. The arrays
// hold no Go pointers and the helpers are declared noescape, so nothing
// escapes to the heap.
func uchar(p *byte) *C.uchar { return (*C.uchar)(unsafe.Pointer(p)) }

func parsePubKeyBackend(b []byte) (*secp256k1.PublicKey, error) {
	var out [65]byte
	if len(b) == 0 || C.twinchain_pubkey_parse(uchar(&out[0]), uchar(&b[0]), C.size_t(len(b))) != 1 {
		return nil, errLibsecp256k1Parse
	}
	return pubKeyFromUncompressed(&out), nil
}

func verifyECDSABackend(r, s *secp256k1.ModNScalar, hash *[32]byte, pub *secp256k1.PublicKey) bool {
	var pk [65]byte
	serializeUncompressed(pub, &pk)
	var sig [64]byte
	r.PutBytesUnchecked(sig[:32])
	s.PutBytesUnchecked(sig[32:])
	return C.twinchain_ecdsa_verify(uchar(&pk[0]), uchar(&sig[0]), uchar(&hash[0])) == 1
}

func verifySchnorrBackend(pubkey32 *[32]byte, msg []byte, sig64 *[64]byte) bool {
	var m *C.uchar
	if len(msg) > 0 {
		m = uchar(&msg[0])
	}
	return C.twinchain_schnorr_verify(uchar(&pubkey32[0]), m, C.size_t(len(msg)), uchar(&sig64[0])) == 1
}

func recoverBackend(hash *[32]byte, sig64 *[64]byte, v byte) (*secp256k1.PublicKey, error) {
	var out [65]byte
	if C.twinchain_ecdsa_recover(uchar(&out[0]), uchar(&sig64[0]), C.int(v), uchar(&hash[0])) != 1 {
		return nil, errLibsecp256k1Recover
	}
	return pubKeyFromUncompressed(&out), nil
}

// checkTapTweakLibsecp256k1 is CheckTapTweak through libsecp256k1's
// xonly_pubkey_tweak_add_check. CheckTapTweak does not use it (the Go code
// is faster: libsecp256k1 0.2.0 runs a general multiplication for what is a
// fixed-base one); the differential tests compare the two.
func checkTapTweakLibsecp256k1(internal, output *[32]byte, oddY bool, tweak *[32]byte) bool {
	parity := C.int(0)
	if oddY {
		parity = 1
	}
	return C.twinchain_tweak_add_check(uchar(&internal[0]), uchar(&output[0]), parity, uchar(&tweak[0])) == 1
}

// pubKeyFromUncompressed builds a key from the 65-byte uncompressed
// encoding libsecp256k1 produced (so already validated).
func pubKeyFromUncompressed(b *[65]byte) *secp256k1.PublicKey {
	var x, y secp256k1.FieldVal
	x.SetBytes((*[32]byte)(b[1:33]))
	y.SetBytes((*[32]byte)(b[33:65]))
	return secp256k1.NewPublicKey(&x, &y)
}

// serializeUncompressed writes pub as 0x04 || x || y without allocating
// (decred's SerializeUncompressed returns a new slice).
func serializeUncompressed(pub *secp256k1.PublicKey, out *[65]byte) {
	var j secp256k1.JacobianPoint
	pub.AsJacobian(&j)
	j.X.Normalize()
	j.Y.Normalize()
	out[0] = 0x04
	j.X.PutBytesUnchecked(out[1:33])
	j.Y.PutBytesUnchecked(out[33:65])
}
