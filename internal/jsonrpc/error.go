package jsonrpc

import (
	"fmt"
	"strconv"
)

// JSON-RPC error codes, as Bitcoin Core's rpc/protocol.h numbers them.
const (
	// Standard JSON-RPC 2.0 errors.
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
	CodeInternalError  = -32603
	CodeParseError     = -32700

	// Core's general application errors.
	CodeMiscError            = -1  // RPC_MISC_ERROR: exception in command handling
	CodeTypeError            = -3  // RPC_TYPE_ERROR: unexpected parameter type
	CodeInvalidAddressOrKey  = -5  // RPC_INVALID_ADDRESS_OR_KEY
	CodeOutOfMemory          = -7  // RPC_OUT_OF_MEMORY
	CodeInvalidParameter     = -8  // RPC_INVALID_PARAMETER: invalid, missing or duplicate parameter
	CodeDatabaseError        = -20 // RPC_DATABASE_ERROR
	CodeDeserializationError = -22 // RPC_DESERIALIZATION_ERROR
	CodeVerifyError          = -25 // RPC_VERIFY_ERROR
	CodeVerifyRejected       = -26 // RPC_VERIFY_REJECTED
	CodeVerifyAlreadyInChain = -27 // RPC_VERIFY_ALREADY_IN_CHAIN
	CodeInWarmup             = -28 // RPC_IN_WARMUP
	CodeMethodDeprecated     = -32 // RPC_METHOD_DEPRECATED
)

// Error is a JSON-RPC error object as carried in a reply's "error" member.
// Method handlers return it to choose the code; clients receive it from
// [Client.Call] when the server answered with an error.
type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	// Data is the optional "data" member (geth puts a revert's return data
	// there as 0x-hex); it must marshal with encoding/json. Bitcoin
	// methods leave it nil and the member is omitted, as Core does.
	Data any `json:"data,omitempty"`
}

// Error implements the error interface in the form bitcoin-cli prints.
func (e *Error) Error() string {
	return "error code: " + strconv.Itoa(e.Code) + "\nerror message:\n" + e.Message
}

// NewError returns an *Error with the given code and formatted message.
func NewError(code int, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind identifies a kind of transport, configuration or client error.
// It is usable with errors.Is against a *TransportError.
type ErrorKind string

// These constants are the kinds of *TransportError.
const (
	// ErrDuplicateMethod: Register was called twice with the same name.
	ErrDuplicateMethod = ErrorKind("ErrDuplicateMethod")

	// ErrServerStarted: the registry was changed after Start.
	ErrServerStarted = ErrorKind("ErrServerStarted")

	// ErrBadRPCAuth: a -rpcauth line is not user:salt$hex-hmac.
	ErrBadRPCAuth = ErrorKind("ErrBadRPCAuth")

	// ErrBadAllowIP: a -rpcallowip value is not an IP address or a CIDR subnet.
	ErrBadAllowIP = ErrorKind("ErrBadAllowIP")

	// ErrBadBind: a -rpcbind address cannot be parsed or listened on.
	ErrBadBind = ErrorKind("ErrBadBind")

	// ErrCookie: the cookie file could not be written, read or parsed.
	ErrCookie = ErrorKind("ErrCookie")

	// ErrUnauthorized: the server answered 401 (wrong or missing credentials).
	ErrUnauthorized = ErrorKind("ErrUnauthorized")

	// ErrHTTPStatus: the server answered an unexpected HTTP status without a
	// JSON-RPC reply.
	ErrHTTPStatus = ErrorKind("ErrHTTPStatus")

	// ErrBadResponse: the server's reply is not a valid JSON-RPC response.
	ErrBadResponse = ErrorKind("ErrBadResponse")

	// ErrConnection: the server could not be reached or the call timed out.
	ErrConnection = ErrorKind("ErrConnection")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// TransportError describes a transport, configuration or client failure.
type TransportError struct {
	Err         error
	Description string
}

// Error satisfies the error interface and prints the description.
func (e *TransportError) Error() string { return e.Description }

// Unwrap returns the underlying error kind so errors.Is works.
func (e *TransportError) Unwrap() error { return e.Err }

func transportError(kind ErrorKind, format string, args ...any) *TransportError {
	return &TransportError{Err: kind, Description: fmt.Sprintf(format, args...)}
}
