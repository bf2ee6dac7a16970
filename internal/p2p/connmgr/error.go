package connmgr

import "fmt"

// ErrorKind identifies a kind of connection-manager error; use errors.Is.
type ErrorKind string

// These constants are the kinds of *Error. RPCCode maps each to the
// JSON-RPC error code Bitcoin Core returns for it.
const (
	// ErrNodeAlreadyAdded: addnode "add" of a node already in the added
	// list (Core's "Error: Node already added", RPC_CLIENT_NODE_ALREADY_ADDED).
	ErrNodeAlreadyAdded = ErrorKind("ErrNodeAlreadyAdded")

	// ErrNodeNotAdded: addnode "remove" of a node never added (Core's
	// "Error: Node could not be removed. It has not been added
	// previously.", RPC_CLIENT_NODE_NOT_ADDED).
	ErrNodeNotAdded = ErrorKind("ErrNodeNotAdded")

	// ErrNodeNotConnected: disconnectnode names no connected peer (Core's
	// "Node not found in connected nodes", RPC_CLIENT_NODE_NOT_CONNECTED).
	ErrNodeNotConnected = ErrorKind("ErrNodeNotConnected")

	// ErrInvalidSubnet: setban got something that is not an IP address or
	// subnet (Core's "Error: Invalid IP/Subnet",
	// RPC_CLIENT_INVALID_IP_OR_SUBNET).
	ErrInvalidSubnet = ErrorKind("ErrInvalidSubnet")

	// ErrAlreadyBanned: setban "add" of a subnet already banned (Core's
	// "Error: IP/Subnet already banned", RPC_CLIENT_NODE_ALREADY_ADDED).
	ErrAlreadyBanned = ErrorKind("ErrAlreadyBanned")

	// ErrNotBanned: setban "remove" of a subnet not banned (Core's "Error:
	// Unban failed. Requested address/subnet was not previously manually
	// banned.", RPC_CLIENT_INVALID_IP_OR_SUBNET).
	ErrNotBanned = ErrorKind("ErrNotBanned")

	// ErrInvalidParameter: addnode got a command other than add, remove or
	// onetry, or setban an absolute time in the past (RPC_INVALID_PARAMETER).
	ErrInvalidParameter = ErrorKind("ErrInvalidParameter")

	// ErrInvalidAddress: an address string (addnode, -connect, -bind)
	// could not be parsed or resolved (RPC_CLIENT_INVALID_IP_OR_SUBNET).
	ErrInvalidAddress = ErrorKind("ErrInvalidAddress")

	// ErrBanlistCorrupt: banlist.json is not a ban list Core could read
	// (not JSON, wrong types, missing fields, too large).
	ErrBanlistCorrupt = ErrorKind("ErrBanlistCorrupt")

	// ErrNotRunning: the manager is not started, or already stopped.
	ErrNotRunning = ErrorKind("ErrNotRunning")
)

// Error satisfies the error interface and prints the kind.
func (e ErrorKind) Error() string { return string(e) }

// RPCCode returns the JSON-RPC error code Bitcoin Core uses for the kind
// (rpc/protocol.h), or -1 (RPC_MISC_ERROR) when Core has none.
func (e ErrorKind) RPCCode() int {
	switch e {
	case ErrNodeAlreadyAdded, ErrAlreadyBanned:
		return -23
	case ErrNodeNotAdded:
		return -24
	case ErrNodeNotConnected:
		return -29
	case ErrInvalidSubnet, ErrNotBanned, ErrInvalidAddress:
		return -30
	case ErrInvalidParameter:
		return -8
	}
	return -1
}

// Error is a connection-manager error: a kind and the message Core prints.
type Error struct {
	Err         error
	Description string
}

// Error satisfies the error interface.
func (e *Error) Error() string { return e.Description }

// Unwrap returns the ErrorKind so errors.Is works.
func (e *Error) Unwrap() error { return e.Err }

// RPCCode returns the JSON-RPC error code of the error's kind.
func (e *Error) RPCCode() int {
	if k, ok := e.Err.(ErrorKind); ok {
		return k.RPCCode()
	}
	return -1
}

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
