package mining

// ErrorKind identifies a mining failure.
type ErrorKind string

// Error satisfies the error interface.
func (e ErrorKind) Error() string { return string(e) }

const (
	// ErrNoSolution: the nonce search ran out of tries (Core's generate
	// RPCs then stop without an error; Generate returns the blocks found).
	ErrNoSolution = ErrorKind("no proof-of-work solution within the tries allowed")
	// ErrBlockNotAccepted: the chain refused a block the generator built
	// (Core's "ProcessNewBlock, block not accepted").
	ErrBlockNotAccepted = ErrorKind("ProcessNewBlock, block not accepted")
	// ErrBadCoinbaseScript: the coinbase scriptSig would exceed 100 bytes.
	ErrBadCoinbaseScript = ErrorKind("coinbase scriptSig too long")
)

// Error is a failure of one kind with a description and, where there is
// one, the underlying error (the chain's rejection).
type Error struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the kind followed by the description.
func (e *Error) Error() string {
	s := string(e.Err)
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the kind and the cause, so errors.Is matches both.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}
