package ethrpc

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/jsonrpc"
)

// ErrorKind identifies a kind of configuration error of this package.
type ErrorKind string

// These constants are the kinds of *Error.
const (
	// ErrNoChain: Config.Chain is nil.
	ErrNoChain = ErrorKind("ErrNoChain")
	// ErrNoPool: Config.Pool is nil.
	ErrNoPool = ErrorKind("ErrNoPool")
	// ErrRegister: a method could not be registered on the server.
	ErrRegister = ErrorKind("ErrRegister")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// Error describes a configuration failure; Unwrap gives its ErrorKind.
type Error struct {
	Err         error
	Description string
}

// Error satisfies the error interface and prints the description.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the underlying error kind so errors.Is works.
func (e *Error) Unwrap() error { return e.Err }

// JSON-RPC error codes used by geth's eth namespace.
const (
	// CodeServerError is geth's generic error for execution and pool
	// failures.
	CodeServerError = -32000
	// CodeInvalidParams is the JSON-RPC 2.0 invalid params code.
	CodeInvalidParams = jsonrpc.CodeInvalidParams
	// CodeReverted is the code of an execution that reverted.
	CodeReverted = 3
	// CodeUnsupported is geth's code for a method that is not available
	// (here: no miner configured).
	CodeUnsupported = -32601
)

func invalidParams(format string, args ...any) *jsonrpc.Error {
	return &jsonrpc.Error{Code: CodeInvalidParams, Message: fmt.Sprintf(format, args...)}
}

func serverError(format string, args ...any) *jsonrpc.Error {
	return &jsonrpc.Error{Code: CodeServerError, Message: fmt.Sprintf(format, args...)}
}
