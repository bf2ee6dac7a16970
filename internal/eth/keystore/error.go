package keystore

// ErrorKind identifies a kind of keystore error. It satisfies the error
// interface; callers test with errors.Is(err, ErrDecrypt).
type ErrorKind string

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Kinds of errors.
const (
	// ErrDecrypt: the MAC does not match, which means the password is
	// wrong (or the file was altered). The text is geth's.
	ErrDecrypt = ErrorKind("could not decrypt key with given password")

	// ErrInvalidKeyFile: the file is not a well-formed v3 key file (bad
	// JSON, a missing or malformed field, a decrypted key that is not a
	// valid secp256k1 private key).
	ErrInvalidKeyFile = ErrorKind("invalid key file")

	// ErrUnsupportedVersion: a key file whose version is not 3.
	ErrUnsupportedVersion = ErrorKind("unsupported key file version")

	// ErrUnsupportedCipher: a cipher other than aes-128-ctr.
	ErrUnsupportedCipher = ErrorKind("unsupported cipher")

	// ErrUnsupportedKDF: a key derivation function other than scrypt and
	// pbkdf2 with hmac-sha256.
	ErrUnsupportedKDF = ErrorKind("unsupported key derivation function")

	// ErrKDFParams: KDF parameters out of the accepted range (dklen other
	// than 32, scrypt N not a power of two above 1, memory above
	// MaxScryptMemory, zero or too many iterations...). The limits keep a
	// hostile file from making the node allocate or compute without bound.
	ErrKDFParams = ErrorKind("invalid key derivation parameters")

	// ErrAddressMismatch: the decrypted key's address is not the address
	// the file (or the caller) names.
	ErrAddressMismatch = ErrorKind("key address mismatch")

	// ErrNoKey: no key file for the requested address in the store.
	ErrNoKey = ErrorKind("no key for given address or file")

	// ErrAmbiguousKey: more than one key file for the requested address.
	ErrAmbiguousKey = ErrorKind("multiple key files for the address")
)

// Error is an error of a given kind with a description of the specific
// failure and, optionally, the underlying error (an I/O or JSON error).
// errors.Is matches both the kind and the cause.
type Error struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error returns the kind's text followed by the description.
func (e *Error) Error() string {
	if e.Description == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Description
}

// Unwrap returns the kind and, if set, the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func newError(k ErrorKind, desc string, cause error) error {
	return &Error{Err: k, Description: desc, Cause: cause}
}
