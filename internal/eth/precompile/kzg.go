package precompile

import (
	"crypto/sha256"
	"sync"

	goethkzg "github.com/crate-crypto/go-eth-kzg"
)

// Constants of the point-evaluation contract (EIP-4844).
const (
	pointEvaluationGas         = 50000
	pointEvaluationInputLength = 192
	blobCommitmentVersionKZG   = 0x01
)

// pointEvaluationOutput is FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS,
// each as a 32-byte big-endian word: what a successful call returns.
var pointEvaluationOutput = func() [64]byte {
	var out [64]byte
	out[30] = goethkzg.ScalarsPerBlob >> 8
	out[31] = goethkzg.ScalarsPerBlob & 0xff
	copy(out[32:], goethkzg.BlsModulus[:])
	return out
}()

// kzgContext loads the KZG trusted setup (the Ethereum ceremony's, embedded
// in go-eth-kzg) the first time a proof is verified; loading takes a few
// seconds. It is a constant table built lazily rather than in init: the
// result depends on nothing but the embedded setup and is never modified
// after it is built, and concurrent first callers wait for the one load.
var kzgContext = sync.OnceValues(goethkzg.NewContext4096Secure)

// PrepareKZG loads the KZG trusted setup now, if it is not loaded yet, so
// that the first point-evaluation call does not pay the few seconds it
// takes. Calling it is optional; a node may call it at start-up.
//
// This function is safe for concurrent access.
func PrepareKZG() error {
	if _, err := kzgContext(); err != nil {
		return Error{Err: ErrKZGSetup, Description: "kzg trusted setup: " + err.Error()}
	}
	return nil
}

// PointEvaluation is the contract at 0x0a (EIP-4844): it verifies a KZG
// proof that the blob committed to by commitment evaluates to y at z. The
// input is exactly 192 bytes: versioned_hash (32) || z (32) || y (32) ||
// commitment (48) || proof (48). The versioned hash must be
// 0x01 || sha256(commitment)[1:]. On success the output is
// FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words. 50000 gas.
type PointEvaluation struct{}

// RequiredGas returns 50000.
//
// This function is safe for concurrent access and does not allocate.
func (PointEvaluation) RequiredGas([]byte) uint64 { return pointEvaluationGas }

// Run verifies the proof. It fails with ErrInvalidInputLength,
// ErrVersionedHashMismatch, ErrKZGProof (wrapped in an Error with the
// reason) or ErrKZGSetup. The first call loads the trusted setup (see
// PrepareKZG).
//
// This function is safe for concurrent access.
func (PointEvaluation) Run(input []byte) ([]byte, error) {
	if len(input) != pointEvaluationInputLength {
		return nil, ErrInvalidInputLength
	}
	var (
		z, y       goethkzg.Scalar
		commitment goethkzg.KZGCommitment
		proof      goethkzg.KZGProof
	)
	copy(z[:], input[32:64])
	copy(y[:], input[64:96])
	copy(commitment[:], input[96:144])
	copy(proof[:], input[144:192])

	h := sha256.Sum256(commitment[:])
	h[0] = blobCommitmentVersionKZG
	if [32]byte(input[:32]) != h {
		return nil, ErrVersionedHashMismatch
	}
	ctx, err := kzgContext()
	if err != nil {
		return nil, Error{Err: ErrKZGSetup, Description: "kzg trusted setup: " + err.Error()}
	}
	if err := ctx.VerifyKZGProof(commitment, z, y, proof); err != nil {
		return nil, Error{Err: ErrKZGProof, Description: "error verifying kzg proof: " + err.Error()}
	}
	out := pointEvaluationOutput
	return out[:], nil
}
