// Package chainhash provides the 32-byte hash type shared by both chains and
// the Bitcoin hash functions built on SHA-256: SHA-256d (block and transaction
// identifiers, Base58Check checksums) and BIP340 tagged hashes (Taproot).
//
// A Hash is stored in internal byte order (the order SHA-256 produces). Its
// String method prints the reversed, "display" order that Bitcoin Core uses
// for txids and block hashes; NewHashFromStr parses that order back.
//
// Everything here is pure and safe for concurrent use.
package chainhash
