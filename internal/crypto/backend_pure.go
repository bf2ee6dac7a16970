//go:build !libsecp256k1 || !cgo

package crypto

import "github.com/decred/dcrd/dcrec/secp256k1/v4"

// backendName names the implementation of the curve arithmetic compiled in:
// "go" here, "libsecp256k1" under the libsecp256k1 build tag with cgo.
const backendName = "go"

// recoverCandidatesInGo makes ECDSACandidates recover keys in Go; the
// libsecp256k1 build verifies key by key instead.
const recoverCandidatesInGo = true

// The default build verifies in pure Go. Each function below is the single
// point where the libsecp256k1 build (backend_cgo.go) substitutes C; the
// exported functions do their argument checks before calling these, so both
// builds share them.

func parsePubKeyBackend(b []byte) (*secp256k1.PublicKey, error) {
	return parsePubKeyPure(b)
}

func verifyECDSABackend(r, s *secp256k1.ModNScalar, hash *[32]byte, pub *secp256k1.PublicKey) bool {
	return verifyECDSAPure(r, s, hash, pub)
}

func verifySchnorrBackend(pubkey32 *[32]byte, msg []byte, sig64 *[64]byte) bool {
	return verifySchnorrPure(pubkey32, msg, sig64)
}

func recoverBackend(hash *[32]byte, sig64 *[64]byte, v byte) (*secp256k1.PublicKey, error) {
	return recoverPure(hash, sig64, v)
}
