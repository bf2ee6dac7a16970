package btcrpc

import "github.com/twinchain/twinchain/internal/jsonrpc"

// ErrorKind identifies a kind of error of this package's constructor. Method
// handlers answer with *jsonrpc.Error values carrying Core's codes instead.
type ErrorKind string

const (
	// ErrBadConfig: the Config lacks a required field.
	ErrBadConfig = ErrorKind("ErrBadConfig")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is a configuration error: its kind and a description.
type Error struct {
	Err         ErrorKind
	Description string
}

// Error returns the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrBadConfig) works.
func (e *Error) Unwrap() error { return e.Err }

// rpcErr is a shorthand for jsonrpc.NewError.
func rpcErr(code int, format string, args ...any) *jsonrpc.Error {
	return jsonrpc.NewError(code, format, args...)
}

// Core's error codes that package jsonrpc does not name.
const (
	codeClientP2PDisabled = -9 // RPC_CLIENT_P2P_DISABLED
	codeMethodNotFound    = -32601
	codeInvalidAddress    = jsonrpc.CodeInvalidAddressOrKey
)
