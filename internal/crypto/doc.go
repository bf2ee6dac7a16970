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
// # Backends
//
// The curve arithmetic of verification (ParsePubKey, Signature.Verify and
// so VerifyECDSA, VerifySchnorr, RecoverPubKey) has two implementations
// with identical answers:
//
//   - pure Go on decred's secp256k1 field, scalar and point types: the
//     default build, with no C toolchain needed;
//   - libsecp256k1, the C library Bitcoin Core uses, through cgo: build with
//     -tags libsecp256k1 (and cgo enabled) against Debian's
//     libsecp256k1-dev 0.2.0 or newer, whose recovery, extrakeys and
//     schnorrsig modules are all used. scripts/install-deps.sh installs it.
//     Somewhat faster per verification than the pure-Go code (see
//     docs/BENCHMARKS.md).
//
// Only the arithmetic is swapped. CheckTapTweak stays in Go in both builds
// (it is faster than libsecp256k1 0.2.0's tweak check). Argument checks,
// Core's lax DER parser (whose R and S reach libsecp256k1 through
// ecdsa_signature_parse_compact, then normalize and verify, as in Core),
// signing, tweaking and hashing are the same code in both builds. The C side uses the library's constant
// secp256k1_context_static (verification needs no other context), so the
// package still holds no state; init runs the library's self-test once.
// Under the tag, differential tests and fuzz targets (backend_cgo_test.go)
// compare every C answer with the pure-Go one, which stays compiled.
//
// # Pure-Go verification arithmetic
//
// The pure-Go backend has its own field type for the hot path (fe,
// field64.go): four 64-bit limbs multiplied with bits.Mul64 (16 MULQ per
// product plus a short reduction using 2^256 ≡ 2^32 + 977), weakly reduced
// between operations. It is 2-3x faster per multiplication than decred's
// ten 26-bit limbs, which made field arithmetic ~78% of a block import's
// CPU time. Its square root (key decompression, BIP340 lift_x) uses the
// same addition chain as libsecp256k1. Scalars stay decred's ModNScalar.
//
// The point arithmetic (ecmult.go): the double multiplication u1·G + u2·Q
// of ECDSA, BIP340 and key recovery runs as one Strauss–Shamir loop over
// width-w NAF digits, with Q split by the GLV endomorphism and u1 split at
// bit 128 against fixed tables of odd multiples of G and 2^128·G (built at
// package initialisation, about 128 KiB), so the ~128 doublings are shared;
// the per-call table of Q is kept on an isomorphic curve where it is
// affine, so every addition is a mixed one, and the fixed points are mapped
// onto that curve inside the addition (one extra multiplication). The
// Taproot tweak check computes t·G from a fixed-base comb table of signed
// 7-bit digits (combtable.go, 38 windows of 64 multiples, about 150 KiB;
// no doublings). Inversions of public values use a variable-time binary
// algorithm (inverse.go). All of this is variable-time and used only on
// public data (verification, recovery, Taproot tweak checks); signing keeps
// decred's code. Differential tests compare it with decred's own
// verification and multiplication (ecmult_test.go, field64_test.go,
// combtable_test.go).
//
// ECDSACandidates serves OP_CHECKMULTISIG, which tries each signature
// against keys in turn: it recovers once the (at most two) keys a signature
// verifies under, for about the cost of one verification, and then answers
// for any key by comparing encodings, with exactly the answers of
// ParsePubKey + VerifyECDSA (tested against them, Wycheproof included). In
// the libsecp256k1 build it verifies key by key.
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
