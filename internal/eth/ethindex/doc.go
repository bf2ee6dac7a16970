// Package ethindex is the account chain's address index: for every
// address, the canonical transactions it sent, received or created a
// contract with, and the ERC-20 Transfer events it appears in (as sender,
// recipient or token contract), newest first. The explorer's address pages
// read it.
//
// # Model
//
// An Index follows the chain's canonical blocks through a Chain (canonical
// hashes, blocks and receipts by hash) and through ChainUpdate calls, which
// the node feeds from the chain's head events (blocks that left the
// canonical chain newest first, blocks that joined it oldest first; side
// blocks are not indexed). At Start a background goroutine catches up from
// the index's best block to the chain's head, first undoing blocks that
// left the canonical chain while the node was down; once in step, each
// update that continues from the best block is applied synchronously, and
// one that does not restarts the catch-up. A missing database is created
// empty and rebuilt from the chain.
//
// Each block's records and the new best block are written in one atomic
// batch, so after a crash the index describes exactly the chain up to its
// best block and catches up from there. The schema is in schema.go and
// docs/STORAGE.md.
//
// A transaction's sender is recovered with Config.Signer (the chain's
// latest signer, which accepts every transaction type the chain does); a
// contract creation is indexed under the created address from its
// receipt. A Transfer event is a log with three topics whose first is
// keccak256("Transfer(address,address,uint256)") and whose data is 32
// bytes (ERC-721's has four topics and is not indexed).
//
// # Errors
//
// Errors carry an ErrorKind (ErrNotFound, ErrCorrupt, ErrChain, ...)
// inside an Error; test them with errors.Is.
//
// # Concurrency
//
// An Index is safe for concurrent use; writes are serialised by a mutex and
// queries read the store directly.
package ethindex
