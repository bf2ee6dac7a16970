// Package psbt implements partially signed Bitcoin transactions: BIP174
// (version 0) and BIP370 (version 2), with the BIP371 taproot fields and the
// BIP373 MuSig2 fields, behaving as Bitcoin Core's src/psbt.{h,cpp},
// src/node/psbt.cpp and the PSBT RPCs do.
//
// # Model
//
// A Packet holds the global fields, one Input per transaction input and one
// Output per output. Map-like fields (partial signatures, derivations,
// preimages, taproot signatures and leaves, proprietary and unknown fields)
// are slices; Encode sorts them into the order of Core's std::map keys, so
// serialization is Core's byte for byte (field order included). Unknown and
// proprietary fields are kept and written back. For version 0, Packet.Tx is
// the unsigned transaction; for version 2, UnsignedTx builds it from the
// per-input and per-output fields (Core's GetUnsignedTx).
//
// Decode is strict as Core's DecodeRawPSBT: duplicate keys, wrong key or
// value sizes, non-empty scriptSigs in the unsigned transaction, invalid
// public keys or signature encodings, malformed taproot trees, missing or
// forbidden fields for the version, and trailing data are errors whose
// description is Core's message. In a version 0 PSBT the BIP370-only key types
// are unknown fields, as in Core's v0 parser. Decoded packets alias the input
// bytes. Core's encoder normalizes two things this package does too: a
// non-witness UTXO is written without witnesses, and an explicit
// PSBT_GLOBAL_VERSION of 0 is dropped.
//
// # Roles
//
//   - Creator: New / NewVersion from an unsigned transaction.
//   - Updater: Packet.AddInputUTXO, AddWitnessUTXO, AddInputDerivation,
//     AddOutputDerivation and friends (updater.go).
//   - Signer: Packet.SignInput and Sign with a Provider (SimpleProvider is a
//     ready map-backed one). ECDSA signatures use RFC6979 nonces with Core's
//     low-R grinding, so they equal Core's byte for byte; BIP340 signatures use
//     all-zero auxiliary randomness, as Core does. All sighash types are
//     supported (BIP143 and BIP341 hashes come from txscript). Signing fills
//     partial signatures, tap_key_sig and tap_script_sig; only Finalize writes
//     the final fields.
//   - Combiner: Combine (Core's CombinePSBTs, first value wins).
//   - Finalizer: Packet.Finalize for p2pk, p2pkh, bare multisig, p2sh, p2wpkh,
//     p2wsh and their nestings, taproot key path, and taproot script paths of
//     the pk() and multi_a() forms; final scripts are verified with the
//     standard script flags before they are accepted.
//   - Extractor: Packet.Extract.
//
// Packet.Analyze is analyzepsbt; DecodeView is decodepsbt's result (with a
// Viewer the RPC layer supplies for the btcjson transaction and script views);
// SignTransaction is the engine of signrawtransactionwithkey.
//
// # Errors
//
// Failures are Error values carrying an ErrorKind (ErrDecode,
// ErrNotCompatible, ErrSighashMismatch, ...) and a description that is Core's
// message where Core has one; test them with errors.Is(err, psbt.ErrDecode).
//
// # Concurrency
//
// The package has no state. A Packet is a plain value: methods that read it
// may run concurrently, methods that modify it (including Encode, which sorts
// its lists) need exclusive access.
package psbt
