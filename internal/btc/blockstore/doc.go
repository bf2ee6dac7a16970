// Package blockstore stores blocks exactly as Bitcoin Core stores them in
// its blocks/ directory, so a data directory written by twinchain can be
// read by Core and the other way round:
//
//   - blkNNNNN.dat: records of network magic, 4-byte little-endian size and
//     the serialized block; files of at most 128 MiB, pre-allocated in 16 MiB
//     chunks and truncated when full;
//   - revNNNNN.dat: per connected block, magic, size, the CBlockUndo (every
//     coin the block's transactions spent) and the checksum
//     SHA256d(parent block hash || undo data); 1 MiB pre-allocation chunks;
//   - index/: LevelDB (through package kv) holding the block index ('b'),
//     file information ('f'), the last file ('l'), the reindexing flag ('R'),
//     named flags ('F') and transaction positions ('t');
//   - xor.dat: Core 28's optional key obfuscating blk and rev files.
//
// schema.go documents every key and value field by field; docs/STORAGE.md
// mirrors it.
//
// # Model
//
// A Store mirrors Core's BlockManager without its in-memory block tree,
// which belongs to the chain code: the Store keeps the per-file information
// (BlockFileInfo) and the write cursor, appends blocks (WriteBlock) and undo
// data (WriteUndo) to the flat files, reads them back by position
// (ReadBlock, ReadRawBlock, ReadUndo), and persists the block index the
// chain hands it (WriteIndex: the dirty DiskBlockIndex records plus the
// changed file information and the last file number, in one synced batch
// after the flat files are fsynced, as Core's FlushStateToDisk). The chain
// loads the index back with ForEachBlockIndex. Pruning (PruneFile) follows
// Core's order: the index forgets the files first, the files are deleted
// after that write is durable. Consumers define their own small interfaces
// over these methods.
//
// Open with ReadOnly gives inspection tools access without creating,
// writing or deleting anything.
//
// Positions (FilePos) point at a record's data, just past its 8-byte
// header, as Core's FlatFilePos does; they are what the block index stores.
//
// # Errors
//
// Errors are Error values of an ErrorKind: ErrNotFound for an absent record,
// ErrBadMagic, ErrBadSize, ErrTruncated, ErrChecksum and ErrMalformed for
// corrupt files or records, ErrHashMismatch, ErrBadPos, ErrFileMissing,
// ErrIO (with the OS or database error wrapped too), ErrClosed. Test them
// with errors.Is. Reads never allocate from an unchecked size: a record's
// size is bounded by MaxSize for blocks and by the file's length always.
//
// # Concurrency
//
// A Store is safe for concurrent use. Writers (WriteBlock, WriteUndo,
// UpdateBlockInfo, WriteIndex, PruneFile, Flush, Close) serialize on one
// mutex, Core's cs_LastBlockFile. Readers (ReadBlock, ReadRawBlock,
// ReadUndo, ReadTx, ScanBlockFile, the index lookups) do not take it: they
// share open file handles through a small reference-counted cache and use
// positioned reads, so any number of them run in parallel with each other
// and with a writer. Reading a position before the write that returned it
// has completed is the caller's error. The index database provides its own
// concurrency (kv.Store).
//
// # Durability
//
// Blocks and undo data reach the page cache when the write returns, and
// disk on Flush or WriteIndex. Because WriteIndex syncs the flat files
// before the index batch, a crash can leave data past what the index
// records (it is overwritten later, as in Core) but never an index record
// pointing at data that was not written.
package blockstore
