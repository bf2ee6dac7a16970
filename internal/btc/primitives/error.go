package primitives

import "errors"

// Decoding errors. Wrapped errors carry the field being read; compare with
// errors.Is.
var (
	// ErrUnexpectedEOF: the input ended inside a value.
	ErrUnexpectedEOF = errors.New("unexpected end of data")
	// ErrNonCanonicalCompactSize: a compact size used a longer form than needed.
	ErrNonCanonicalCompactSize = errors.New("non-canonical ReadCompactSize()")
	// ErrCompactSizeTooLarge: a compact size exceeded MaxSize.
	ErrCompactSizeTooLarge = errors.New("ReadCompactSize(): size too large")
	// ErrUnknownOptionalData: the segwit flag byte had unknown bits set.
	//lint:ignore ST1005 the message is Bitcoin Core's, word for word
	ErrUnknownOptionalData = errors.New("Unknown transaction optional data")
	// ErrSuperfluousWitness: the segwit marker was present but every witness
	// was empty.
	//lint:ignore ST1005 the message is Bitcoin Core's, word for word
	ErrSuperfluousWitness = errors.New("Superfluous witness record")
	// ErrTrailingData: bytes remained after a complete value.
	ErrTrailingData = errors.New("data remains after the value")
	// ErrTooMany: a count is larger than the remaining input could hold.
	ErrTooMany = errors.New("count exceeds the data that remains")
)
