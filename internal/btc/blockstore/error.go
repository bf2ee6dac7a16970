package blockstore

import "fmt"

// ErrorKind identifies a kind of error returned by this package. It satisfies
// the error interface so callers can use errors.Is with the constants below.
type ErrorKind string

// Error kinds.
const (
	// ErrNotFound: the requested block index record, flag, file
	// information or transaction position is not stored.
	ErrNotFound = ErrorKind("ErrNotFound")

	// ErrBadPos: a file position cannot hold a record (a negative file
	// number, a data position inside the 8-byte record header, a file
	// number the store does not know).
	ErrBadPos = ErrorKind("ErrBadPos")

	// ErrFileMissing: the blk or rev file a position names does not exist
	// (never written, or pruned).
	ErrFileMissing = ErrorKind("ErrFileMissing")

	// ErrBadMagic: a record does not start with the network's message
	// start bytes (wrong network, wrong position, or corruption).
	ErrBadMagic = ErrorKind("ErrBadMagic")

	// ErrBadSize: a record's size field is out of bounds (larger than
	// Core's MAX_SIZE for a block, or than what the file holds).
	ErrBadSize = ErrorKind("ErrBadSize")

	// ErrTruncated: a file ends inside a record.
	ErrTruncated = ErrorKind("ErrTruncated")

	// ErrChecksum: an undo record's checksum does not match
	// SHA256d(previous block hash || undo data).
	ErrChecksum = ErrorKind("ErrChecksum")

	// ErrMalformed: a stored record (block, undo data, index value) does
	// not decode.
	ErrMalformed = ErrorKind("ErrMalformed")

	// ErrHashMismatch: a block read from disk does not have the hash the
	// caller expected, or an index record's key is not its header's hash.
	ErrHashMismatch = ErrorKind("ErrHashMismatch")

	// ErrBlockTooLarge: a block does not fit in an empty block file of the
	// configured maximum size.
	ErrBlockTooLarge = ErrorKind("ErrBlockTooLarge")

	// ErrInvalidRecord: a record given to the store cannot be written
	// (negative height or file number, a header of the wrong size).
	ErrInvalidRecord = ErrorKind("ErrInvalidRecord")

	// ErrBadXORKey: blocks/xor.dat is not an 8-byte key.
	ErrBadXORKey = ErrorKind("ErrBadXORKey")

	// ErrReadOnly: a write was attempted on a store opened ReadOnly.
	ErrReadOnly = ErrorKind("ErrReadOnly")

	// ErrIO: the file system or the index database failed; the cause is
	// wrapped too.
	ErrIO = ErrorKind("ErrIO")

	// ErrClosed: the store was closed.
	ErrClosed = ErrorKind("ErrClosed")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is an error of a given kind with a description and, for I/O and
// decoding failures, the underlying cause.
type Error struct {
	Err         error // the ErrorKind
	Description string
	Cause       error // may be nil
}

// Error returns the description.
func (e Error) Error() string {
	if e.Cause != nil {
		return e.Description + ": " + e.Cause.Error()
	}
	return e.Description
}

// Unwrap returns the kind and the cause, so both errors.Is(err, ErrChecksum)
// and errors.Is(err, fs.ErrNotExist) work.
func (e Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}

func wrapError(kind ErrorKind, cause error, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...), Cause: cause}
}
