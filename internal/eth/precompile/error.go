package precompile

// ErrorKind identifies a kind of error returned by a contract's Run. It
// satisfies the error interface, so callers test with errors.Is(err,
// ErrPointNotOnCurve) whether or not the kind is wrapped in an Error.
//
// To the EVM every error means the same thing: the call fails and consumes
// all the gas given to it. The kinds exist for tests, tracers and logs.
type ErrorKind string

// Error returns the kind's text. Where geth has a well-known message for the
// same condition the text is the same.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrInvalidInputLength: an input of the wrong size for a contract with
	// a fixed-size input (blake2f: 213 bytes; point evaluation: 192 bytes).
	ErrInvalidInputLength = ErrorKind("invalid input length")

	// ErrBadPairingInput: a bn254 pairing input whose length is not a
	// multiple of 192 bytes.
	ErrBadPairingInput = ErrorKind("bad elliptic curve pairing size")

	// ErrCoordinateOutOfRange: a bn254 coordinate not below the field
	// modulus p.
	ErrCoordinateOutOfRange = ErrorKind("bn254: coordinate exceeds modulus")

	// ErrPointNotOnCurve: a bn254 G1 or G2 encoding that is neither the
	// point at infinity (all zeros) nor a point of the curve.
	ErrPointNotOnCurve = ErrorKind("bn254: malformed point")

	// ErrPointNotInSubgroup: a bn254 G2 point on the twist curve but not in
	// the subgroup of order r (G1 has cofactor 1, so this is G2 only).
	ErrPointNotInSubgroup = ErrorKind("bn254: point not in the correct subgroup")

	// ErrInvalidFinalFlag: a blake2f input whose final-block flag (the last
	// byte) is neither 0 nor 1.
	ErrInvalidFinalFlag = ErrorKind("invalid final flag")

	// ErrModExpTooLarge: a modexp input whose price exceeds MaxModExpGas.
	// No block can pay for such a call, so an EVM never sees this kind; it
	// protects direct callers of Run from unbounded allocation and time.
	ErrModExpTooLarge = ErrorKind("modexp input too large")

	// ErrVersionedHashMismatch: a point-evaluation input whose versioned
	// hash is not 0x01 || sha256(commitment)[1:].
	ErrVersionedHashMismatch = ErrorKind("mismatched versioned hash")

	// ErrKZGProof: a point-evaluation input whose commitment, point, claim
	// or proof does not decode, or whose proof does not verify. It comes
	// wrapped in an Error describing the library's reason.
	ErrKZGProof = ErrorKind("error verifying kzg proof")

	// ErrKZGSetup: the KZG trusted setup could not be loaded. This is a
	// build defect, not a property of any input.
	ErrKZGSetup = ErrorKind("kzg trusted setup unavailable")
)

// Error is an ErrorKind with a description of the particular failure.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, kind) works.
func (e Error) Unwrap() error { return e.Err }
