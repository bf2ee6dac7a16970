// Package descriptor parses and evaluates output script descriptors
// (BIP380-386) the way Bitcoin Core does (src/script/descriptor.cpp is the
// behavioural reference).
//
// # Model
//
// Parse turns text such as "wpkh([d34db33f/84h/0h/0h]xpub.../0/*)#checksum"
// into an immutable Descriptor for one network. The grammar:
//
//   - functions: pk, pkh, wpkh, sh, wsh, tr (internal key and a script tree
//     of {left,right} branches whose leaves are pk, multi_a and
//     sortedmulti_a), multi, sortedmulti, combo, addr, raw, rawtr;
//   - key expressions: hex public keys (compressed; uncompressed only at top
//     level and in sh(); 32-byte x-only inside tr() and rawtr()), WIF
//     private keys, and xpub/xprv/tpub/tprv of the descriptor's network with
//     an optional origin "[fingerprint/path]", a path and a final "/*",
//     "/*'" or "/*h" wildcard;
//   - Core's context rules and limits: wpkh only at top level or in sh(),
//     wsh at top level or in sh(), sh, tr, rawtr, combo, addr and raw only
//     at top level; no uncompressed keys in segwit; multi at most 20 keys
//     (3 bare, 520-byte redeemScript in sh), multi_a at most 999; tr trees
//     at most 128 deep.
//
// Errors carry Core's messages ("pk(): Pubkey '...' is invalid", "Can only
// have wpkh() at top level or inside sh()", "Provided checksum 'x' does not
// match computed checksum 'y'", ...).
//
// String gives the public form Core's getdescriptorinfo prints: private keys
// replaced by public ones (WIF by hex, xprv by xpub of the same key, not
// normalized to the last hardened step), hex in lower case, addresses
// re-encoded, followed by "#" and the checksum. As in Core, each key
// expression keeps the hardened marker it was written with: "'" if the last
// hardened step parsed (origin, then wildcard, then path) used an
// apostrophe, "h" otherwise; PrivateString prints the same with WIF/xprv.
//
// Expand evaluates the descriptor at a derivation index: output scripts,
// public keys with their origins (hex keys, x-only inside tr()), private
// keys, redeem and witness scripts by hash, and taproot spend data (internal
// key, Merkle root, leaves with control blocks). Hardened derivation below
// an xpub needs the private key and fails with ErrCannotDerive ("Cannot
// derive script without private keys"). The fixed part of each extended-key
// path is derived once at parse time, so Expand of wpkh(xpub/0/*) costs one
// BIP32 child derivation per key.
//
// NormalizedString is Core's ToNormalizedString (listdescriptors): each
// extended key with hardened steps is replaced by the xpub at its last
// hardened step, the steps moving into the origin, with "h" markers.
//
// InferDescriptor is Core's InferDescriptor: the descriptor of an output
// script given the keys, scripts and taproot data an Expanded carries
// (getaddressinfo's and listunspent's "desc"), falling back to addr() and
// raw().
//
// Address, DeriveAddresses, CheckRange and GetInfo are what the
// deriveaddresses and getdescriptorinfo RPCs need, with Core's messages.
//
// ParseMultipath accepts BIP389 multipath key paths ("/<0;1>/*") and returns
// one descriptor per alternative, as Core's Parse does; Parse itself rejects
// them.
//
// Differences from Core: Miniscript is not implemented (inside wsh() only
// pk, pkh, multi and sortedmulti; tr() leaves only pk, multi_a and
// sortedmulti_a), nor musig() or unused(). Multipath errors lack Core's
// "func(): " prefix, and text left after a complete descriptor ("pk(K),x")
// fails with a message of ours where Core's is empty.
//
// # Errors
//
// Every error is an Error whose Err is an ErrorKind (ErrInvalidDescriptor,
// ErrInvalidChecksum, ErrCannotDerive, ErrNoAddress, ErrInvalidRange,
// ErrNoPrivateKeys); compare with errors.Is. The RPC layer maps
// ErrInvalidRange to -8 and the others to -5.
//
// # Concurrency
//
// The package holds no state; a Descriptor is immutable and safe for
// concurrent use.
package descriptor
