package psbt

import "errors"

// ErrorKind identifies a kind of PSBT error. It satisfies the error interface
// so callers can use errors.Is with the constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrDecode: the serialized PSBT is malformed (Core's DecodeRawPSBT
	// failures: bad magic, duplicate keys, wrong key or value sizes, missing
	// or forbidden fields for the version, ...). The Error's Description is
	// Core's message, so the RPC layer answers "TX decode failed " + it.
	ErrDecode = ErrorKind("ErrDecode")

	// ErrInvalidBase64: DecodeBase64 was given text that is not Base64.
	ErrInvalidBase64 = ErrorKind("ErrInvalidBase64")

	// ErrNotCompatible: Combine was given PSBTs for different transactions
	// (or of different PSBT versions).
	ErrNotCompatible = ErrorKind("ErrNotCompatible")

	// ErrInvalidTx: New was given a transaction with scriptSigs or witnesses,
	// or a PSBTv2 whose lock time cannot be computed.
	ErrInvalidTx = ErrorKind("ErrInvalidTx")

	// ErrMissingInputs: an input has no usable UTXO data (Core's
	// PSBTError::MISSING_INPUTS).
	ErrMissingInputs = ErrorKind("ErrMissingInputs")

	// ErrSighashMismatch: the requested sighash type differs from the one the
	// input asks for, or existing signatures use another type (Core's
	// PSBTError::SIGHASH_MISMATCH).
	ErrSighashMismatch = ErrorKind("ErrSighashMismatch")

	// ErrNotFinalized: Extract was called on a PSBT with an input that has no
	// final scriptSig or witness.
	ErrNotFinalized = ErrorKind("ErrNotFinalized")

	// ErrIndex: an input or output index is out of range.
	ErrIndex = ErrorKind("ErrIndex")

	// ErrSign: signing failed (bad private key, bad sighash type, ...).
	ErrSign = ErrorKind("ErrSign")
)

// Error returns the kind's name.
func (e ErrorKind) Error() string { return string(e) }

// Error is a PSBT error: a kind and a human description (Core's message where
// Core has one).
type Error struct {
	Err         ErrorKind
	Description string

	// stream marks a deserialization failure that Core raises as
	// std::ios_base::failure (see RPCMessage).
	stream bool
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrDecode) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, desc string) Error {
	return Error{Err: kind, Description: desc}
}

func decodeErr(desc string) error {
	return Error{Err: ErrDecode, Description: desc, stream: true}
}

// RPCMessage returns the text bitcoind puts after "TX decode failed " for a
// Decode/DecodeBase64 error: Core raises most deserialization failures as
// std::ios_base::failure, whose text (with libstdc++) ends in
// ": iostream error"; "invalid base64" and "extra data after PSBT" do not.
// Other errors give their Error() text.
func RPCMessage(err error) string {
	var e Error
	if errors.As(err, &e) && e.stream {
		return e.Description + ": iostream error"
	}
	return err.Error()
}
