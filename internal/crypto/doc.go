// Package crypto holds the elliptic-curve and hash primitives both chains
// share: secp256k1 keys, ECDSA with Bitcoin Core's consensus parsing rules,
// Ethereum-style recoverable signatures, BIP340 Schnorr signatures, BIP341
// Taproot key tweaking, HASH160 and Keccak-256.
//
// # Model
//
// Keys are decred's secp256k1 types (*secp256k1.PublicKey,
// *secp256k1.PrivateKey); this package adds the rules a consensus engine
// needs on top of them, matching Bitcoin Core (libsecp256k1) byte for byte:
//
//   - ParsePubKey accepts exactly what libsecp256k1's ec_pubkey_parse accepts:
//     33-byte compressed (0x02/0x03), 65-byte uncompressed (0x04) and 65-byte
//     hybrid (0x06/0x07, with the y parity matching the prefix).
//   - ParseDERSignatureLax reproduces Core's ecdsa_signature_parse_der_lax,
//     the parser used when BIP66 strict DER is not enforced. A signature whose
//     R or S does not fit (longer than 32 bytes or not below the group order)
//     still parses, as the all-zero signature that never verifies.
//   - VerifyECDSA is Core's CPubKey::Verify: lax parse, accept either S
//     (Core normalises to low S before verifying), verify.
//   - IsStrictDER (BIP66 encoding) and IsLowS (BIP62/BIP146 rule) are the
//     checks the script engine applies under DERSIG/STRICTENC and LOW_S.
//   - VerifySchnorr implements BIP340 for messages of any length;
//     SignSchnorr follows the BIP340 default signing algorithm.
//   - TweakXOnly, CheckTapTweak, TapTweakHash and TweakPrivKeyTaproot
//     implement the BIP341 key tweak.
//   - SignRecoverable and RecoverPubKey give Ethereum's 65-byte r||s||v
//     signatures; ValidateSignatureValues holds Ethereum's range rules
//     (including the Homestead low-S rule).
//
// # Errors
//
// This is a hot leaf package, so failures are sentinel errors (ErrInvalidPubKey,
// ErrInvalidSignature, ...) that may be wrapped with %w; test them with
// errors.Is. Predicates on consensus paths (VerifyECDSA, VerifySchnorr,
// IsStrictDER, IsLowS, CheckTapTweak) return a bool and never allocate on
// failure.
//
// # Concurrency
//
// Every function is pure and safe for concurrent use. A KeccakState is not:
// use one per goroutine.
package crypto
