package peer

import "fmt"

// ErrorKind identifies why a peer was disconnected or why a call on it
// failed. Every error this package returns matches one kind with errors.Is.
type ErrorKind string

// Error kinds.
const (
	// ErrDisconnected: the peer is disconnected (or disconnecting); nothing
	// more can be queued to it.
	ErrDisconnected = ErrorKind("ErrDisconnected")

	// ErrAlreadyStarted: Start was called twice.
	ErrAlreadyStarted = ErrorKind("ErrAlreadyStarted")

	// ErrRequested: Disconnect was called (by the node or a handler); the
	// description carries the caller's reason.
	ErrRequested = ErrorKind("ErrRequested")

	// ErrHandshakeTimeout: the version/verack exchange did not finish within
	// Config.HandshakeTimeout (Core: "version handshake timeout").
	ErrHandshakeTimeout = ErrorKind("ErrHandshakeTimeout")

	// ErrSelfConnection: an inbound peer's version carried a nonce of one of
	// our own outbound connections (Core: "connected to self").
	ErrSelfConnection = ErrorKind("ErrSelfConnection")

	// ErrObsoleteVersion: the peer's protocol version is below
	// Config.MinProtocolVersion (Core: "using obsolete version").
	ErrObsoleteVersion = ErrorKind("ErrObsoleteVersion")

	// ErrMissingServices: an outbound peer does not offer
	// Config.RequiredServices (Core: "does not offer the expected services").
	ErrMissingServices = ErrorKind("ErrMissingServices")

	// ErrProtocol: the peer broke the framing (wrong magic, oversized
	// message) or the handshake order (wtxidrelay or sendaddrv2 after
	// verack); Core disconnects without discouraging.
	ErrProtocol = ErrorKind("ErrProtocol")

	// ErrMisbehaving: the peer misbehaved (Misbehaving was called) and is
	// disconnected and marked for discouragement.
	ErrMisbehaving = ErrorKind("ErrMisbehaving")

	// ErrTimeout: the peer went silent: no message received or sent for
	// Config.IdleTimeout, or a ping unanswered for as long (Core's
	// TIMEOUT_INTERVAL: "socket receive timeout", "ping timeout").
	ErrTimeout = ErrorKind("ErrTimeout")

	// ErrConnection: reading from or writing to the connection failed
	// (including the remote closing it).
	ErrConnection = ErrorKind("ErrConnection")

	// ErrQueueFull: TryQueueMessage found the send queue full.
	ErrQueueFull = ErrorKind("ErrQueueFull")
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
