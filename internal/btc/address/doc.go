// Package address encodes and decodes Bitcoin addresses and WIF private
// keys, exactly as Bitcoin Core's key_io does.
//
// # Model
//
// An Address is what a user types: String gives the text form and
// ScriptPubKey the output script it pays to. The concrete types are
//
//   - P2PKH and P2SH: Base58Check with the network's version byte
//     (Params.PubKeyHashAddrID / ScriptHashAddrID);
//   - P2WPKH and P2WSH: segwit version 0, Bech32 (BIP173);
//   - P2TR: segwit version 1 with a 32-byte program, Bech32m (BIP341/BIP350);
//   - WitnessUnknown: any other segwit program (versions 1..16, 2..40
//     bytes), Bech32m, such as the 2-byte pay-to-anchor output.
//
// Decode parses text for one network (*chaincfg.Params), following Core's
// DecodeDestination: Base58Check first (21-byte payload, the version byte
// chooses P2PKH or P2SH), then Bech32/Bech32m with the network's HRP. The
// BIP350 rules apply: version 0 must use the Bech32 checksum and versions
// 1..16 Bech32m; a version 0 program is 20 or 32 bytes, others 2..40 bytes;
// at most 90 characters; all upper or all lower case. Unlike Core, leading
// or trailing white space is not skipped.
//
// FromScriptPubKey recognises the standard output templates by their bytes
// (P2PKH, P2SH, segwit programs) and returns the matching Address; it does
// not depend on a script package. Bare public keys and multisig have no
// address.
//
// EncodeWIF and DecodeWIF handle Wallet Import Format keys (Core's
// EncodeSecret/DecodeSecret).
//
// # Errors
//
// Every error is an Error whose Err is an ErrorKind (ErrInvalidChecksum,
// ErrWrongNetwork, ErrInvalidLength, ...); use errors.Is with the kinds
// listed in error.go.
//
// # Concurrency
//
// The package holds no state. Address values are immutable and safe for
// concurrent use.
package address
