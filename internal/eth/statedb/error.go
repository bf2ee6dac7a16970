package statedb

// ErrorKind identifies a kind of state error. It satisfies the error
// interface; compare with errors.Is.
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrMissingCode: the Database has no code for a code hash an account
	// refers to.
	ErrMissingCode = ErrorKind("statedb: missing contract code")

	// ErrInvalidAccount: an account leaf of the state trie is not the RLP
	// list [nonce, balance, storageRoot, codeHash] with 32-byte hashes.
	ErrInvalidAccount = ErrorKind("statedb: invalid account encoding")

	// ErrInvalidSlot: a storage leaf is not an RLP string of at most 32
	// bytes.
	ErrInvalidSlot = ErrorKind("statedb: invalid storage value encoding")
)

// Error is an error of a given kind with a description (the address or
// slot concerned) and, where there is one, the underlying error (a trie
// *MissingNodeError, an rlp error, a Database error), so that both
// errors.Is(err, kind) and errors.Is(err, trie.ErrMissingNode) work.
type Error struct {
	Err         error // an ErrorKind, or the trie/database error itself
	Description string
	Cause       error
}

// Error returns the kind's text, the description and the cause.
func (e *Error) Error() string {
	s := e.Err.Error()
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the kind and, if set, the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}
