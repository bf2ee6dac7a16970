// Package ethrawdb is the account chain's database layer: the on-disk
// schema (schema.go) and typed accessors over a kv.Store (Pebble in the
// node, memdb in tests), after geth's core/rawdb with the legacy hash-based
// state scheme and no snapshot or freezer.
//
// # Records
//
// Per block: header, hash -> number index, canonical number -> hash
// index, body (transactions, uncles, withdrawals), receipts in geth's
// storage form (status or post-state, cumulative gas, logs; type, bloom and
// derived fields are recomputed on read by DeriveReceiptFields from the
// block's transactions), total difficulty and a transaction lookup index
// (tx hash -> block number). Singletons: schema version, head header and
// head block hashes, and the chain configuration JSON keyed by genesis
// hash. State: trie nodes keyed by their hash and contract code under 'c'.
//
// Accessors come in Read/Write/Delete (and Has) triples. Reads take a
// kv.Reader and return (value, error): absence is an error matching
// ErrNotFound (kv.ErrNotFound), a record that does not decode is ErrCorrupt,
// other storage errors pass through wrapped with %w — never a silent zero
// value. Writes take a kv.Writer, which a kv.Batch satisfies, so a block's
// records land in one atomic batch. ReadBlock, ReadReceipts (with every
// derived field: tx hash and index, block hash and number, gas used, log
// indexes, contract address, effective gas price, bloom) and
// ReadTransaction / ReadReceipt (through the lookup index) assemble the
// records callers need.
//
// # Trie nodes
//
// NodeStore implements trie.NodeReader and trie.NodeWriter (and the
// Code/PutCode pair package statedb's Database adds) over the kv store,
// with a clean-node LRU cache bounded by bytes (NodeStoreConfig). Its
// BatchNodeWriter queues a commit's nodes into the block's batch.
//
// Pruning keeps the most recent states (DefaultStateRetention = 128) by
// mark and sweep: PruneRetained(head, 128) takes the state roots of the
// headers numbered head-127..head (RetainedRoots; side chains included),
// marks every node reachable from them (following accounts' storage
// roots) and deletes the other 32-byte keys; nodes written while it runs
// are protected, so blocks can keep being imported. Mark and sweep was chosen over reference counting because it
// keeps no extra on-disk state that a crash could leave inconsistent: the
// only write is the deletion of nodes unreachable from every retained
// root, so a SIGKILL at any point leaves retained states complete (some
// garbage stays until the next prune). Its cost is a pass over the key
// space and memory per reachable node; see Prune for the rules callers
// follow (retained roots durable before pruning, blocks built on retained
// states).
//
// # Crash consistency
//
// Inserting a block writes, in order:
//
//  1. the state's new trie nodes and code (content-addressed: orphans are
//     harmless), ideally into the same batch as step 2 through
//     NodeStore.NewBatchWriter;
//  2. one batch with the block's header, body, receipts and total
//     difficulty (WriteBlockWithReceipts) and, when it becomes the head,
//     its canonical entry, transaction lookups and the head header and
//     head block pointers last (WriteCanonicalHead, or
//     RewriteCanonicalChain for a reorg), written with sync=true.
//
// Because the head pointer moves in the same atomic batch as (or after)
// everything it names, a crash leaves either the old head or the new one.
// At open, Repair (after CheckSchemaVersion) still verifies that the head
// block's header, body, receipts and state root exist and that it is
// canonical, and otherwise walks back to the newest complete block and
// rewrites the canonical index and head pointers to it — covering
// databases written by a buggy or non-batched writer, or damaged.
//
// # Concurrency
//
// The functions are stateless and safe for concurrent use as far as the
// kv store is (a kv.Batch is not). NodeStore is safe for concurrent use;
// Repair must run before writers start.
package ethrawdb
