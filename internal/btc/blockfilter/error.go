package blockfilter

// ErrorKind identifies a kind of error the package returns. Compare with
// errors.Is; the Error type wraps a kind with a description.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrInvalidParams: the Golomb-Rice parameter P is above MaxP, or the
	// inverse false-positive rate M is zero.
	ErrInvalidParams = ErrorKind("invalid GCS parameters")
	// ErrTooManyElements: a filter would hold 2^32 elements or more (Core:
	// "N must be <2^32").
	ErrTooManyElements = ErrorKind("N must be <2^32")
	// ErrBadElementCount: the compact-size element count that starts an
	// encoded filter is truncated, non-canonical or above Core's MAX_SIZE.
	ErrBadElementCount = ErrorKind("bad filter element count")
	// ErrTruncated: the encoded filter ends before its N elements are
	// decoded.
	ErrTruncated = ErrorKind("encoded_filter ends before N elements")
	// ErrExcessData: whole bytes remain after the N elements of an encoded
	// filter (Core: "encoded_filter contains excess data").
	ErrExcessData = ErrorKind("encoded_filter contains excess data")
	// ErrUnknownFilterType: the filter type is not one BIP158 defines (or
	// not one this package implements).
	ErrUnknownFilterType = ErrorKind("unknown filter_type")
)

// Error is an error of a given kind with a description of the failure.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description, or the kind when there is none.
func (e Error) Error() string {
	if e.Description == "" {
		return string(e.Err)
	}
	return e.Description
}

// Unwrap returns the kind, so errors.Is(err, ErrExcessData) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, desc string) Error {
	return Error{Err: kind, Description: desc}
}
