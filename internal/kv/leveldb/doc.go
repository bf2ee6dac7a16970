// Package leveldb is the kv.Store backend over goleveldb, opened the way
// Bitcoin Core opens its LevelDB databases (src/dbwrapper.cpp GetOptions), so
// that Core can read the databases we write and we can read Core's:
//
//   - no compression (Core sets kNoCompression);
//   - a bloom filter of 10 bits per key, stored under C++ LevelDB's name
//     "leveldb.BuiltinBloomFilter2" (goleveldb computes the same bits but
//     names them differently; see CoreBloomFilterName);
//   - a block cache of half the cache budget and a write buffer of a quarter
//     of it ("up to two write buffers may be held in memory");
//   - 32 MiB table files (DBWRAPPER_MAX_FILE_SIZE);
//   - 1,000 open files on 64-bit hosts (Core's SetMaxOpenFiles);
//   - block checksums verified on every read (Core's verify_checksums).
//
// Core's CDBWrapper may additionally XOR-obfuscate values (the chainstate
// does); that is a value-level transformation done by the store that owns
// the database, not by this package.
//
// Errors: absence is kv.ErrNotFound itself, not wrapped (a miss is too
// common to format an error for), and use after Close kv.ErrClosed;
// goleveldb's own errors (corruption, I/O) are wrapped with %w and name the
// key.
//
// A DB is safe for concurrent use, Close included (see package kv).
package leveldb
