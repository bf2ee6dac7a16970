// Package primitives holds Bitcoin's consensus data structures — transactions,
// block headers and blocks — and their exact serialization, as Bitcoin Core
// defines it.
//
// Decoding works on a byte slice and is zero-copy: scripts and witness items of
// a decoded value alias the input, which must not be modified afterwards. Every
// length read from the input is checked against the bytes that remain before
// anything is allocated, so hostile input yields an error, never a panic or a
// huge allocation. Compact sizes must be canonical and at most MaxSize, as in
// Core's ReadCompactSize.
//
// Transactions serialize with the BIP144 segwit marker and flag when any input
// carries a witness. TxHash (txid) hashes the serialization without witnesses;
// WitnessHash (wtxid) hashes it with them. Weight follows BIP141: three times
// the stripped size plus the total size.
//
// Merkle roots follow Core's ComputeMerkleRoot, including the report of the
// CVE-2012-2459 mutation (two identical sibling hashes), and the witness
// commitment helpers follow BIP141.
//
// Errors are sentinel values (this is a hot leaf package) wrapped with
// context; test them with errors.Is. Their messages match Core's where Core
// has one ("non-canonical ReadCompactSize()", "Superfluous witness record").
//
// The package is pure: no I/O beyond io.Writer helpers, no global state. All
// functions are safe for concurrent use on distinct values.
package primitives
