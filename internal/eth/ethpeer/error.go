package ethpeer

import "fmt"

// ErrorKind identifies why a peer was disconnected or why a call on it
// failed. Every error this package returns matches one kind with errors.Is.
type ErrorKind string

// Error kinds.
const (
	// ErrDisconnected: the peer is disconnected (or disconnecting); nothing
	// more can be sent or requested.
	ErrDisconnected = ErrorKind("ErrDisconnected")

	// ErrAlreadyStarted: Start was called twice.
	ErrAlreadyStarted = ErrorKind("ErrAlreadyStarted")

	// ErrRequested: Disconnect was called (by the node, the sync or the
	// handler); the description carries the caller's reason.
	ErrRequested = ErrorKind("ErrRequested")

	// ErrHandshakeTimeout: no Status arrived within Config.HandshakeTimeout.
	ErrHandshakeTimeout = ErrorKind("ErrHandshakeTimeout")

	// ErrIncompatible: the remote's Status is for another protocol
	// version, network id, genesis block, or a fork id that EIP-2124
	// rejects. The description says which; the peer was sent a Disconnect
	// with the reason.
	ErrIncompatible = ErrorKind("ErrIncompatible")

	// ErrProtocol: the peer broke the protocol: a bad frame (magic,
	// checksum, size), a first message other than Status, a second Status.
	ErrProtocol = ErrorKind("ErrProtocol")

	// ErrMisbehaving: the peer's misbehaviour score reached
	// MisbehaviorThreshold; it is disconnected and, unless Config.NoBan,
	// marked for discouragement (ShouldDiscourage).
	ErrMisbehaving = ErrorKind("ErrMisbehaving")

	// ErrRemoteDisconnect: the peer sent a Disconnect message; the
	// description carries its reason and text.
	ErrRemoteDisconnect = ErrorKind("ErrRemoteDisconnect")

	// ErrRejected: Backend.PeerReady returned an error.
	ErrRejected = ErrorKind("ErrRejected")

	// ErrTimeout: a Ping went unanswered for Config.PongTimeout, or a
	// write did not complete within Config.WriteTimeout.
	ErrTimeout = ErrorKind("ErrTimeout")

	// ErrSlowPeer: the send queue (Config.SendQueueSize messages) was full:
	// the peer does not read fast enough and is dropped rather than
	// buffered for.
	ErrSlowPeer = ErrorKind("ErrSlowPeer")

	// ErrConnection: reading from or writing to the connection failed
	// (including the remote closing it).
	ErrConnection = ErrorKind("ErrConnection")

	// ErrRequestTimeout: a request got no answer within
	// Config.RequestTimeout. An answer arriving later counts as
	// unrequested.
	ErrRequestTimeout = ErrorKind("ErrRequestTimeout")

	// ErrBadResponse: an answer had the wrong shape (more items than asked
	// for, headers with the wrong numbers or order, unrequested
	// transactions); the peer was also punished with Misbehaving.
	ErrBadResponse = ErrorKind("ErrBadResponse")

	// ErrInvalidArgument: a Send or Request call with inconsistent
	// arguments (lists of different lengths, too many hashes).
	ErrInvalidArgument = ErrorKind("ErrInvalidArgument")
)

// Error implements error.
func (k ErrorKind) Error() string { return string(k) }

// Error is a peer error: a kind, a description and an optional cause.
// errors.Is matches the kind and the cause.
type Error struct {
	Err         ErrorKind
	Description string
	Cause       error
}

// Error implements error.
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

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func makeError(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
