// Package precompile implements Ethereum's precompiled contracts 0x01-0x0a
// through Cancun, with each fork's gas schedule, for the EVM in package evm.
//
// # Model
//
// A Contract prices an input (RequiredGas) and runs it (Run). The EVM
// charges the price, then runs; a Run error fails the call and consumes all
// of its gas. A Set is the contracts active under one fork, looked up by
// address without a map: ForRules(rules) returns one of five immutable,
// shared Sets, and Set.Lookup(addr) checks the address's last byte against
// the Set's size and its first 19 bytes against zero. Set.Addresses is the
// list EIP-2929 warms at the start of a transaction.
//
//	addr  contract        since      price (gas)
//	0x01  ECRecover       Frontier   3000
//	0x02  SHA256          Frontier   60 + 12/word
//	0x03  RIPEMD160       Frontier   600 + 120/word
//	0x04  Identity        Frontier   15 + 3/word
//	0x05  ModExp          Byzantium  EIP-198; EIP-2565 from Berlin
//	0x06  BN254Add        Byzantium  500; 150 from Istanbul (EIP-1108)
//	0x07  BN254ScalarMul  Byzantium  40000; 6000 from Istanbul
//	0x08  BN254Pairing    Byzantium  100000 + 80000/pair; 45000 + 34000/pair from Istanbul
//	0x09  Blake2F         Istanbul   1/round (EIP-152)
//	0x0a  PointEvaluation Cancun     50000 (EIP-4844)
//
// The input conventions are the EVM's: inputs shorter than a contract reads
// are padded with zeros on the right, longer ones are cut (ECRecover,
// BN254Add, BN254ScalarMul, ModExp), except where the EIP fixes the length
// (Blake2F: 213 bytes; PointEvaluation: 192; BN254Pairing: a multiple of
// 192). ECRecover reports a bad signature with an empty output, not an
// error. Behaviour and prices follow the EIPs as go-ethereum 1.17 applies
// them (for example ModExp's adjusted exponent length reads the first 32
// bytes of the exponent).
//
// # Hostile input
//
// RequiredGas never allocates and never panics, whatever the input
// declares: ModExp's price is computed with 256-bit integers from the three
// length words and at most 32 exponent bytes, saturating at 2^64-1. Run
// never panics. ModExp.Run refuses (ErrModExpTooLarge) inputs priced above
// MaxModExpGas, which no block can pay, and never materialises more of the
// exponent than the input holds, so its memory is bounded by the input and
// the price. Every Run output is a fresh slice; input is never modified or
// kept.
//
// # Libraries
//
// SHA-256 is the standard library's, RIPEMD-160 decred's, secp256k1
// recovery comes from internal/crypto. The bn254 contracts sit on
// gnark-crypto (bn254.go adapts the EVM encoding: big-endian coordinates,
// G2 imaginary part first, zeros for infinity, range, curve and subgroup
// checks). The BLAKE2b F function is our own (blake2f.go). KZG proofs are
// verified by go-eth-kzg with the Ethereum ceremony's trusted setup.
//
// # Errors
//
// Run errors are ErrorKind values (ErrInvalidInputLength,
// ErrBadPairingInput, ErrCoordinateOutOfRange, ErrPointNotOnCurve,
// ErrPointNotInSubgroup, ErrInvalidFinalFlag, ErrModExpTooLarge,
// ErrVersionedHashMismatch), or an Error wrapping ErrKZGProof or
// ErrKZGSetup with the library's reason; test with errors.Is. The texts
// follow geth's where geth has one.
//
// # Concurrency and state
//
// Every contract is stateless and safe for concurrent use. The package has
// one lazily built table: the KZG trusted setup, loaded on the first
// point-evaluation call (a few seconds; go-eth-kzg parses it with its own
// goroutines) or when PrepareKZG is called, exactly once even under
// concurrent first calls, and read-only afterwards.
package precompile
