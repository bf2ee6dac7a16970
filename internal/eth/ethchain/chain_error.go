package ethchain

import "fmt"

// Kinds of the persistent chain (BlockChain) and of genesis handling.
const (
	// ErrInvalidGenesis: a genesis specification that cannot be parsed or
	// built (missing config, malformed field).
	ErrInvalidGenesis = ErrorKind("invalid genesis")
	// ErrGenesisMismatch: the database holds another genesis block than
	// the one given (geth's message).
	ErrGenesisMismatch = ErrorKind("database contains incompatible genesis")
	// ErrNoGenesis: an empty database and no genesis to initialise it.
	ErrNoGenesis = ErrorKind("genesis not found in chain")
	// ErrMissingState: the state of a block is not stored (never written,
	// or pruned: only the last StateRetention blocks' states are kept).
	ErrMissingState = ErrorKind("required historical state unavailable")
	// ErrUnknownBlock: no stored block has the requested hash or number.
	ErrUnknownBlock = ErrorKind("unknown block")
	// ErrChainStopped: the chain was stopped.
	ErrChainStopped = ErrorKind("blockchain is stopped")
)

// genesisErrorf returns a *BlockError of kind ErrInvalidGenesis.
func genesisErrorf(format string, args ...any) error {
	return &BlockError{Err: ErrInvalidGenesis, Description: fmt.Sprintf(format, args...)}
}
