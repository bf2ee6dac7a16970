package utxoset

import "fmt"

// ErrorKind identifies a kind of error returned by this package. It
// satisfies the error interface so callers can use errors.Is with the
// constants below. Hot paths return the kind itself (no allocation); other
// paths wrap it in an Error with a description.
type ErrorKind string

// Error kinds.
const (
	// ErrMissingCoin: the outpoint has no unspent coin in the view (it never
	// existed or is spent). Block connection maps it to Core's
	// "bad-txns-inputs-missingorspent".
	ErrMissingCoin = ErrorKind("ErrMissingCoin")

	// ErrOverwriteUnspent: AddCoin was asked to add a coin over an unspent
	// one without allowing an overwrite (Core's logic_error "Attempted to
	// overwrite an unspent coin (when possible_overwrite is false)"). It
	// means a BIP30 violation reached the UTXO set or a caller bug.
	ErrOverwriteUnspent = ErrorKind("ErrOverwriteUnspent")

	// ErrFreshMisapplied: a child cache flushed a FRESH coin for an outpoint
	// that is unspent in the parent (Core's logic_error "FRESH flag
	// misapplied to coin that exists in parent cache").
	ErrFreshMisapplied = ErrorKind("ErrFreshMisapplied")

	// ErrBadBlock: ApplyBlock was given a block without transactions, whose
	// first transaction is not a coinbase or with a second coinbase; the
	// chain's context-free checks (bad-cb-missing, bad-cb-multiple) reject
	// such blocks first.
	ErrBadBlock = ErrorKind("ErrBadBlock")

	// ErrCorrupt: a chainstate record (key or value) could not be decoded.
	ErrCorrupt = ErrorKind("ErrCorrupt")

	// ErrLegacyFormat: the chainstate holds pre-0.15 per-transaction records
	// (prefix 'c'), which Core also refuses; it must be rebuilt with
	// -reindex-chainstate.
	ErrLegacyFormat = ErrorKind("ErrLegacyFormat")

	// ErrNoRandom: a new chainstate needs a random source for its
	// obfuscation key and none was given.
	ErrNoRandom = ErrorKind("ErrNoRandom")

	// ErrNoBestBlock: a flush was requested before any best block was set.
	ErrNoBestBlock = ErrorKind("ErrNoBestBlock")

	// ErrInconsistentHeads: the head-blocks record left by an interrupted
	// flush names a different target than the flush now attempted, or is
	// malformed. Core stops with "The coins database detected an
	// inconsistent state"; the chainstate must be replayed (ReplayBlocks) or
	// rebuilt.
	ErrInconsistentHeads = ErrorKind("ErrInconsistentHeads")

	// ErrUndoMismatch: a block and its undo data do not fit together (Core's
	// "block and undo data inconsistent" / "transaction and undo data
	// inconsistent"); DisconnectBlock returns DisconnectFailed with it.
	ErrUndoMismatch = ErrorKind("ErrUndoMismatch")

	// ErrReplay: ReplayBlocks could not find a block, its ancestry or its
	// undo data.
	ErrReplay = ErrorKind("ErrReplay")

	// ErrMuHashSize: a serialized MuHash3072 state is not 768 bytes.
	ErrMuHashSize = ErrorKind("ErrMuHashSize")
)

// Error returns the kind as a string.
func (e ErrorKind) Error() string { return string(e) }

// Error is an error of a given kind with a description.
type Error struct {
	Err         error
	Description string
}

// Error returns the description.
func (e Error) Error() string { return e.Description }

// Unwrap returns the kind, so errors.Is(err, ErrCorrupt) works.
func (e Error) Unwrap() error { return e.Err }

func makeError(kind ErrorKind, format string, args ...any) Error {
	return Error{Err: kind, Description: fmt.Sprintf(format, args...)}
}
