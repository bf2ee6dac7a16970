// Package utxoset keeps the Bitcoin UTXO set: the chainstate database in
// Bitcoin Core's exact LevelDB layout, the in-memory coins cache that makes
// initial sync fast, the block-level updates (connect, disconnect, replay)
// and the UTXO set statistics gettxoutsetinfo reports.
//
// # The view stack
//
// As in Core (coins.h, txdb.h), coins are read and written through a stack
// of views:
//
//   - DB is the chainstate database over a key-value Store (kv/leveldb in a
//     node, kv/memdb in tests). Keys and values are Core's, byte for byte,
//     values XORed with the database's obfuscation key (schema.go and
//     docs/STORAGE.md, "chainstate/").
//   - Cache is CCoinsViewCache: coins read through it stay in memory, and
//     changes stay there until Flush (write and empty) or Sync (write and
//     keep). Entries carry Core's DIRTY and FRESH flags; a coin created and
//     spent between two flushes (FRESH) is never written. Caches stack: a
//     Cache over a Cache merges into it with Core's rules.
//
// A Cache's memory is bounded by the byte limit given to NewCache (Core's
// coins share of -dbcache; SplitDBCache computes it): NeedsFlush reports when
// the caller should flush. The cache stores each coin in an 84-byte slot
// (outpoint, amount, height, flags and the script in Core's compressed form,
// inline up to 34 bytes) of a pointer-free open-addressing table, so adding
// and spending coins allocates nothing, the garbage collector never scans
// the cache, and a coin costs 105 bytes at the flush threshold.
//
// # Crash consistency
//
// A flush writes batches with Core's head-blocks protocol: the first batch
// erases the best block record 'B' and writes 'H' = [new tip, old tip]; the
// coins follow in batches of about 16 MiB; the last batch erases 'H' and
// writes 'B'. A small flush is one atomic batch. After a crash in between,
// DB.HeadBlocks reports the two tips and ReplayBlocks (Core's ReplayBlocks)
// rolls the database back along the old branch and forward to the new tip
// from the block files, through the BlockSource interface the chain
// provides.
//
// # Blocks
//
// ApplyBlock is Core's UpdateCoins over a whole block: it spends inputs and
// adds outputs (skipping unspendable ones, letting coinbases overwrite for
// the two pre-BIP30 duplicates) and returns the BlockUndo for the rev file;
// on a missing input it reverts and fails with ErrMissingCoin
// ("bad-txns-inputs-missingorspent"). It checks no other consensus rule.
// DisconnectBlock undoes a block with Core's DisconnectResult semantics
// (OK, UNCLEAN, FAILED); RollforwardBlock re-applies one during a replay.
// BlockUndo serializes as Core's CBlockUndo.
//
// # Statistics
//
// ComputeStats iterates the database in key order and returns the counts,
// bogosize and total amount with hash_serialized_3 (SHA-256d over Core's
// TxOutSer serialization of every coin) and muhash (MuHash3072 over the same
// serializations). MuHash3072 is implemented here: ChaCha20 expansion of a
// SHA-256 digest to a 3072-bit number, multiplication modulo 2^3072-1103717,
// SHA-256 of the reduced fraction.
//
// # Errors
//
// Errors are ErrorKind values (error.go), tested with errors.Is; storage
// errors from the Store are returned wrapped. Absence of a coin is
// ErrMissingCoin (AccessCoin, SpendCoin) or a false result (HaveCoin).
//
// # Concurrency
//
// A Cache is not safe for concurrent use: the chain serializes access with
// its lock. DB reads are safe concurrently; its writes come from one Cache's
// flush at a time.
package utxoset
