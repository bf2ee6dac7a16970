// Package addrmgr is the peer address manager shared by both chains: a
// behavioural port of Bitcoin Core's AddrMan (addrman.cpp, addrman_impl.h)
// with its peers.dat persistence.
//
// # Model
//
// Addresses (Addr: a BIP155 network id, the raw address bytes and a port;
// IPv4, IPv6, Tor v3, I2P and CJDNS) live in two tables:
//
//   - the new table, 1024 buckets of 64 slots, holds addresses heard about
//     in addr/addrv2 gossip. The bucket is chosen by a keyed hash of the
//     address's group and the group of the peer that relayed it (the
//     source), so one source group reaches at most 64 buckets; an address
//     may sit in up to 8 new buckets (a further reference is granted with
//     probability 2^-refs);
//   - the tried table, 256 buckets of 64 slots, holds addresses we have
//     connected to. The bucket is a keyed hash of the address and its
//     group, so one group reaches at most 8 buckets.
//
// Groups are Core's netgroups without an asmap: the /16 of IPv4 (and of
// IPv4 embedded in 6to4, Teredo, NAT64 IPv6), the /32 of IPv6 (/36 for
// he.net), the first 4 bits of Tor and I2P addresses and 12 bits of
// CJDNS; all unroutable addresses share one group. The hashes are SHA256d
// over a secret 256-bit key, byte-for-byte Core's, so a given key places
// addresses exactly where Core would (the tests check Core's own
// expected bucket numbers).
//
// Add places gossiped addresses (minus a time penalty) in the new table,
// overwriting only "terrible" entries (not seen for 30 days, timestamps
// more than 10 minutes in the future, 3 failures without a success, 10
// failures in a week) or surplus references. Good moves an address to
// tried; if its tried slot is taken the move waits in a collision set
// (test-before-evict): SelectTriedCollision names the incumbent to probe
// with a feeler connection and ResolveCollisions evicts it back to the new
// table unless it proved alive within four hours. Attempt counts failures
// (at most once per successful connection made anywhere, so our own
// outage does not ruin the table), Connected refreshes the last-seen time
// at most every 20 minutes, SetServices records service bits.
//
// Select draws an address for an outbound connection as Core does: tried
// or new with equal odds, random buckets and slots, accepted with a chance
// that drops 66% per failure (99% if tried in the last ten minutes),
// multiplied by a factor that grows 1.2x per rejection. GetAddr returns a
// random sample (at most MaxPctGetAddr percent and MaxGetAddr addresses for
// a getaddr answer), optionally per network and without terrible entries.
//
// # Persistence
//
// Serialize/Load and SaveFile/LoadFile use Core's peers.dat layout (see
// serialize.go for the field table): network magic, format 4 with
// compatibility byte 36, the key, the entries in ADDRV2 disk encoding, the
// new-bucket lists, a zero asmap checksum, and a SHA256d checksum. Files
// of formats 0-4 are read, including pre-BIP155 ones. Loading treats the
// file as hostile: counts are bounded by the table sizes, buckets may not
// hold more than 64 entries, the file is capped at MaxFileSize, invalid,
// duplicate and out-of-range references are dropped and entries that find
// no slot are pruned, as Core does. SaveFile writes a temporary file,
// fsyncs it and renames it over peers.dat. LoadFile moves an unusable
// file to peers.dat.bak and returns an empty manager with the error.
//
// # Errors
//
// Decoding errors are *Error values whose kind (ErrWrongMagic,
// ErrChecksum, ErrTruncated, ErrUnsupportedVersion, ErrCorrupt,
// ErrInvalidAddr) is matched with errors.Is.
//
// # Concurrency and resources
//
// A Manager is safe for concurrent use; one mutex guards it. Memory is
// bounded by the tables: at most 65,536 new and 16,384 tried entries,
// plus about 320 KB of fixed bucket arrays. Randomness (the key and the
// generator behind every random choice) comes from Config.Rand, crypto/rand
// by default, and time from Config.Now, so tests are deterministic.
//
// Not implemented: asmap-based grouping (the asmap checksum is written as
// zero and a file made with an asmap is re-bucketed, as Core does when the
// asmap changes) and Core's internal (NET_INTERNAL) addresses.
package addrmgr
