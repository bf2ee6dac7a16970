package ethsync

import "fmt"

// ErrorKind identifies a kind of sync failure; errors of this package wrap
// one, so callers test them with errors.Is.
type ErrorKind string

// Kinds of sync failures.
const (
	// ErrBadHeaders: a peer sent headers that do not form a chain (wrong
	// numbers, broken parent links, not the announced head).
	ErrBadHeaders = ErrorKind("invalid header chain")
	// ErrBadBody: a peer sent a body that does not match its header
	// (transactions root, uncle hash, withdrawals root).
	ErrBadBody = ErrorKind("invalid block body")
	// ErrBadBlock: the chain rejected a downloaded block.
	ErrBadBlock = ErrorKind("invalid block")
	// ErrStalled: a peer stopped answering or delivering.
	ErrStalled = ErrorKind("peer stalled")
	// ErrNoPeers: no peer can deliver the bodies still missing.
	ErrNoPeers = ErrorKind("no peer can deliver the missing bodies")
	// ErrStopped: the syncer was stopped.
	ErrStopped = ErrorKind("syncer stopped")
)

// Error returns the kind's text.
func (e ErrorKind) Error() string { return string(e) }

// Error is a sync failure: its kind, the peer at fault (if any) and a
// description.
type Error struct {
	Err         ErrorKind
	Peer        string
	Description string
}

// Error returns the kind, the peer and the description.
func (e *Error) Error() string {
	if e.Peer == "" {
		return fmt.Sprintf("%s: %s", e.Err, e.Description)
	}
	return fmt.Sprintf("%s (peer %s): %s", e.Err, e.Peer, e.Description)
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Err }

func syncErrorf(kind ErrorKind, peer string, format string, args ...any) *Error {
	return &Error{Err: kind, Peer: peer, Description: fmt.Sprintf(format, args...)}
}
