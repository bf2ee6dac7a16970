// Package hdkeychain implements BIP32 hierarchical deterministic keys and the
// BIP39 mnemonic-to-seed step that usually precedes them.
//
// # Model
//
// An ExtendedKey is an immutable value: a private or public secp256k1 key, a
// chain code, and the position of the key in its tree (depth, parent
// fingerprint, child number), together with the version bytes that select
// its network's serialization (xprv/xpub on mainnet, tprv/tpub on the test
// networks, taken from chaincfg.Params.HDPrivateKeyID/HDPublicKeyID).
//
//   - NewMaster derives the master key from a 16..64-byte seed
//     (HMAC-SHA512 keyed with "Bitcoin seed").
//   - Child derives one child (CKDpriv or CKDpub); indices at or above
//     HardenedKeyStart are hardened and need a private key. DerivePath
//     applies a whole path, as ParsePath returns it.
//   - Neuter drops the private key; String serializes (Base58Check, 78
//     bytes of payload) and ParseExtendedKey parses any of xprv, xpub, tprv
//     and tpub, with the checks of BIP32's test vector 5. IsTestnet and
//     IsForNet tell which network a parsed key belongs to.
//   - ParsePath and FormatPath convert between []uint32 and text such as
//     "m/84'/1'/0'/0/5" or "84h/1h/0h"; FormatPath prints "h" as Bitcoin
//     Core prints key origins.
//   - NewMnemonic and MnemonicToSeed implement BIP39 with the English word
//     list (github.com/cosmos/go-bip39 provides the list and the encoder);
//     MnemonicToSeed validates the checksum before running PBKDF2.
//
// # Errors
//
// Errors are Error values whose Err is an ErrorKind (ErrInvalidChild,
// ErrDeriveHardFromPublic, ErrBadChecksum, ...); compare with errors.Is.
// ErrInvalidChild is the BIP32 "invalid child, proceed to the next index"
// case.
//
// # Concurrency
//
// The package holds no state; ExtendedKey values are immutable and safe for
// concurrent use.
package hdkeychain
