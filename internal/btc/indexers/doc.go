// Package indexers holds the optional indexes a node builds from the blocks
// it connects. Today that is the BIP157/158 block filter index of Bitcoin
// Core's -blockfilterindex (basic filters only).
//
// # Model
//
// A BlockFilterIndex keeps, for every block it has indexed, the encoded
// basic filter, its hash and its header (SHA256d(filter hash || previous
// header)), keyed by block hash, plus a height → block entry for the chain
// the index follows. The schema is in schema.go.
//
// The index follows the node's active chain through a Chain (the queries it
// needs: blocks by height, their data and the scripts their inputs spent)
// and through BlockConnected / BlockDisconnected calls, which the node feeds
// from the chain's notifications. At Start a background goroutine catches
// up from the index's best block to the chain's tip, rewinding first if the
// index's best block left the active chain while the node was down; once in
// step, each connected block whose parent is the index's best block is
// indexed synchronously, so getblockfilter sees it as soon as the chain
// does. A notification that does not extend (or, for a disconnect, remove)
// the index's best block restarts the background catch-up.
//
// Disconnects rewrite only the height entries: the filters of stale blocks
// stay (getblockfilter can still serve them, as in Core).
//
// Queries (FilterByHash, FilterHeaderByHash, FilterHashes, Filters,
// Checkpoints) answer for the index's chain; Filters and FilterHashes
// require the stop block to be on it, as BIP157 does.
//
// # Errors
//
// Errors carry an ErrorKind (ErrNotFound, ErrNotActive, ErrCorrupt, ...)
// inside an Error; test them with errors.Is. A damaged record is reported
// as ErrCorrupt, never a panic.
//
// # Concurrency
//
// A BlockFilterIndex is safe for concurrent use; writes are serialised by a
// mutex, and queries read the store directly.
package indexers
