package rlp

import "strconv"

// ErrorKind identifies a kind of RLP error. The decoding functions return
// these values directly (they are constants, so returning one does not
// allocate); callers compare with errors.Is.
type ErrorKind string

// Error returns the description of the kind. It satisfies the error
// interface.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors returned by this package.
const (
	// ErrUnexpectedEnd is returned when the input ends inside a header (this
	// includes an empty input where a value is expected).
	ErrUnexpectedEnd = ErrorKind("rlp: unexpected end of input")

	// ErrValueTooLarge is returned when a header announces more content than
	// the remaining input (or the enclosing list) holds.
	ErrValueTooLarge = ErrorKind("rlp: value size exceeds available input length")

	// ErrCanonSize is returned for non-canonical size information: a long
	// form header for content shorter than 56 bytes, a size with leading zero
	// bytes, or a single byte below 0x80 encoded as a one-byte string.
	ErrCanonSize = ErrorKind("rlp: non-canonical size information")

	// ErrCanonInt is returned when an integer has leading zero bytes (this
	// includes zero encoded as 0x00 instead of 0x80).
	ErrCanonInt = ErrorKind("rlp: non-canonical integer (leading zero bytes)")

	// ErrUintOverflow is returned when an integer does not fit the requested
	// width (more than 8 bytes for a uint64, more than 32 for a uint256).
	ErrUintOverflow = ErrorKind("rlp: integer too large for target type")

	// ErrExpectedString is returned when a list was found where a string
	// (byte array or integer) was expected.
	ErrExpectedString = ErrorKind("rlp: expected string or byte")

	// ErrExpectedList is returned when a string was found where a list was
	// expected.
	ErrExpectedList = ErrorKind("rlp: expected list")

	// ErrMoreThanOneValue is returned when input that must hold exactly one
	// value has bytes after it.
	ErrMoreThanOneValue = ErrorKind("rlp: input contains more than one value")

	// ErrTooFewElements is returned by ListReader when a list ends before an
	// expected element.
	ErrTooFewElements = ErrorKind("rlp: too few elements in list")

	// ErrTooManyElements is returned by ListReader.Finish when a list has
	// elements left over.
	ErrTooManyElements = ErrorKind("rlp: too many elements in list")

	// ErrTooDeep is returned by Decode when lists nest deeper than MaxDepth.
	ErrTooDeep = ErrorKind("rlp: lists nested too deeply")
)

// Error describes a decoding failure inside a structure: Err is the kind and
// Description says where it happened (for example "element 3"). It unwraps
// to Err, so errors.Is(err, ErrCanonInt) holds for an Error whose Err is
// ErrCanonInt.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description followed by the kind's text.
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + " (" + e.Description + ")"
}

// Unwrap returns the error kind.
func (e *Error) Unwrap() error { return e.Err }

// elemError wraps err (a kind returned by a split function) with the index of
// the list element it happened at. Errors that are not kinds pass through.
func elemError(err error, index int) error {
	if k, ok := err.(ErrorKind); ok {
		return &Error{Err: k, Description: "list element " + strconv.Itoa(index)}
	}
	return err
}
