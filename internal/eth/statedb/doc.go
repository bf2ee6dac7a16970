// Package statedb is the world state of the account chain: accounts
// (nonce, balance, storage root, code hash) in a secure Merkle-Patricia
// trie keyed by keccak(address), each account's storage in its own secure
// trie keyed by keccak(slot), and contract code by hash. StateDB implements
// the EVM's StateDB interface (internal/eth/evm) with geth's semantics.
//
// # Model
//
// A StateDB is opened at a state root over a Database (trie nodes and code
// by hash; MemoryDatabase is an in-memory one). Accounts are loaded on
// first use and cached as objects; storage slots likewise, each slot
// keeping three values: its value in the trie, its value after the
// finalised transactions of the block ("pending"), and its current value.
// The value at the start of the running transaction — EIP-2200's original
// value — is GetCommittedState.
//
// Every change is recorded in a journal (balance, nonce, code, storage,
// account creation, EIP-6780 new-contract marks, self-destructs, EIP-161
// touches, the refund counter, logs, access-list additions, EIP-1153
// transient storage), so RevertToSnapshot undoes everything after a
// Snapshot. The journal is a slice of flat entries reused across
// transactions: a change costs no allocation.
//
// Transaction and block boundaries:
//
//   - Prepare starts a transaction: it clears transient storage and, from
//     Berlin, fills the access list (EIP-2929/2930/3651).
//   - Finalise(deleteEmpty) ends it: accounts that self-destructed, and
//     from Spurious Dragon (deleteEmpty) touched accounts that are empty
//     (EIP-161), are deleted; the refund counter and the journal are
//     reset. As in every client, a touch of the RIPEMD-160 precompile
//     (0x03) survives a revert (mainnet block 2675119).
//   - IntermediateRoot finalises and computes the state root: only the
//     storage tries and account-trie paths that changed are rehashed, so a
//     block computes its root once (or once per transaction before
//     Byzantium, for receipts).
//   - Commit computes the root and writes the new trie nodes and code to
//     the Database.
//
// SelfDestruct deletes an account at the end of the transaction;
// SelfDestruct6780 only when the account was created in the same
// transaction (CreateContract marks it), as EIP-6780 requires from Cancun.
// GetStorageRoot serves the EIP-7610 collision check.
//
// # Errors
//
// The EVM interface has no error results, so a read that fails (a trie
// node or code missing from the Database, a corrupt encoding) reads as
// zero and the first failure is recorded: Error returns it and
// IntermediateRoot and Commit fail with it, so a block that touched
// missing data cannot be accepted. Errors are *Error values with an
// ErrorKind (ErrMissingCode, ErrInvalidAccount, ErrInvalidSlot) or the
// trie's error (errors.Is(err, trie.ErrMissingNode)).
//
// # Logs
//
// AddLog records logs for the transaction set with SetTxContext; Logs
// returns them, LogsHash computes keccak256(rlp(logs)). Log is an alias of
// ethtypes.Log, which receipts hold.
//
// # Concurrency
//
// A StateDB is not safe for concurrent use. MemoryDatabase is, and several
// StateDBs may read one Database at once.
package statedb
