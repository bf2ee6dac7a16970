package address

import (
	"bytes"
	"crypto/sha256"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Script opcodes used by the address templates.
const (
	opDup         = 0x76
	opHash160     = 0xa9
	opEqual       = 0x87
	opEqualVerify = 0x88
	opCheckSig    = 0xac
	op0           = 0x00
	op1           = 0x51
	op16          = 0x60
)

// Witness program size rules (BIP141, BIP350).
const (
	minWitnessProgramLen = 2
	maxWitnessProgramLen = 40
	maxWitnessVersion    = 16
	taprootProgramLen    = 32
)

// Address is a Bitcoin address: its text form and the output script it
// pays to.
type Address interface {
	// String returns the address as Core prints it (Base58Check, or
	// lower-case Bech32/Bech32m).
	String() string
	// ScriptPubKey returns a fresh copy of the output script.
	ScriptPubKey() []byte
}

// P2PKH is a pay-to-public-key-hash address.
type P2PKH struct {
	hash  [20]byte
	netID byte
}

// NewP2PKH returns the P2PKH address of a 20-byte HASH160 on network p.
//
// This function is safe for concurrent access.
func NewP2PKH(hash [20]byte, p *chaincfg.Params) *P2PKH {
	return &P2PKH{hash: hash, netID: p.PubKeyHashAddrID}
}

// NewP2PKHFromPubKey returns the P2PKH address of a serialized public key
// (HASH160 of the bytes as given: compressed and uncompressed forms give
// different addresses). The key is not validated.
//
// This function is safe for concurrent access.
func NewP2PKHFromPubKey(pubKey []byte, p *chaincfg.Params) *P2PKH {
	return NewP2PKH(crypto.Hash160(pubKey), p)
}

// Hash160 returns the public-key hash.
func (a *P2PKH) Hash160() [20]byte { return a.hash }

// String returns the Base58Check form.
func (a *P2PKH) String() string { return encodeBase58Check(a.netID, a.hash[:]) }

// ScriptPubKey returns OP_DUP OP_HASH160 <hash> OP_EQUALVERIFY OP_CHECKSIG.
func (a *P2PKH) ScriptPubKey() []byte {
	s := make([]byte, 0, 25)
	s = append(s, opDup, opHash160, 20)
	s = append(s, a.hash[:]...)
	return append(s, opEqualVerify, opCheckSig)
}

// P2SH is a pay-to-script-hash address (BIP16).
type P2SH struct {
	hash  [20]byte
	netID byte
}

// NewP2SH returns the P2SH address of a 20-byte script HASH160 on network p.
//
// This function is safe for concurrent access.
func NewP2SH(hash [20]byte, p *chaincfg.Params) *P2SH {
	return &P2SH{hash: hash, netID: p.ScriptHashAddrID}
}

// NewP2SHFromScript returns the P2SH address of a redeem script.
//
// This function is safe for concurrent access.
func NewP2SHFromScript(redeemScript []byte, p *chaincfg.Params) *P2SH {
	return NewP2SH(crypto.Hash160(redeemScript), p)
}

// Hash160 returns the script hash.
func (a *P2SH) Hash160() [20]byte { return a.hash }

// String returns the Base58Check form.
func (a *P2SH) String() string { return encodeBase58Check(a.netID, a.hash[:]) }

// ScriptPubKey returns OP_HASH160 <hash> OP_EQUAL.
func (a *P2SH) ScriptPubKey() []byte {
	s := make([]byte, 0, 23)
	s = append(s, opHash160, 20)
	s = append(s, a.hash[:]...)
	return append(s, opEqual)
}

// P2WPKH is a segwit version 0 pay-to-witness-public-key-hash address.
type P2WPKH struct {
	program [20]byte
	hrp     string
}

// NewP2WPKH returns the P2WPKH address of a 20-byte public-key hash.
//
// This function is safe for concurrent access.
func NewP2WPKH(hash [20]byte, p *chaincfg.Params) *P2WPKH {
	return &P2WPKH{program: hash, hrp: p.Bech32HRP}
}

// NewP2WPKHFromPubKey returns the P2WPKH address of a public key, which must
// be a valid 33-byte compressed key (segwit v0 policy; uncompressed keys
// make the output unspendable under standard rules).
//
// This function is safe for concurrent access.
func NewP2WPKHFromPubKey(pubKey []byte, p *chaincfg.Params) (*P2WPKH, error) {
	if len(pubKey) != crypto.PubKeyBytesLenCompressed {
		return nil, makeError(ErrInvalidPubKey, "P2WPKH needs a 33-byte compressed public key, got %d bytes", len(pubKey))
	}
	if _, err := crypto.ParsePubKey(pubKey); err != nil {
		return nil, makeError(ErrInvalidPubKey, "P2WPKH public key: %v", err)
	}
	return NewP2WPKH(crypto.Hash160(pubKey), p), nil
}

// Hash160 returns the witness program (the public-key hash).
func (a *P2WPKH) Hash160() [20]byte { return a.program }

// WitnessVersion returns 0.
func (a *P2WPKH) WitnessVersion() byte { return 0 }

// WitnessProgram returns a copy of the 20-byte program.
func (a *P2WPKH) WitnessProgram() []byte { return bytes.Clone(a.program[:]) }

// String returns the Bech32 form.
func (a *P2WPKH) String() string { return encodeSegwit(a.hrp, 0, a.program[:]) }

// ScriptPubKey returns OP_0 <20-byte hash>.
func (a *P2WPKH) ScriptPubKey() []byte { return witnessScript(0, a.program[:]) }

// P2WSH is a segwit version 0 pay-to-witness-script-hash address.
type P2WSH struct {
	program [32]byte
	hrp     string
}

// NewP2WSH returns the P2WSH address of a 32-byte SHA-256 script hash.
//
// This function is safe for concurrent access.
func NewP2WSH(hash [32]byte, p *chaincfg.Params) *P2WSH {
	return &P2WSH{program: hash, hrp: p.Bech32HRP}
}

// NewP2WSHFromScript returns the P2WSH address of a witness script
// (single SHA-256 of the script).
//
// This function is safe for concurrent access.
func NewP2WSHFromScript(witnessScript []byte, p *chaincfg.Params) *P2WSH {
	return NewP2WSH(sha256.Sum256(witnessScript), p)
}

// WitnessVersion returns 0.
func (a *P2WSH) WitnessVersion() byte { return 0 }

// WitnessProgram returns a copy of the 32-byte program.
func (a *P2WSH) WitnessProgram() []byte { return bytes.Clone(a.program[:]) }

// ScriptHash returns the witness program (the script's SHA-256).
func (a *P2WSH) ScriptHash() [32]byte { return a.program }

// String returns the Bech32 form.
func (a *P2WSH) String() string { return encodeSegwit(a.hrp, 0, a.program[:]) }

// ScriptPubKey returns OP_0 <32-byte hash>.
func (a *P2WSH) ScriptPubKey() []byte { return witnessScript(0, a.program[:]) }

// P2TR is a segwit version 1 pay-to-taproot address (BIP341).
type P2TR struct {
	key [32]byte
	hrp string
}

// NewP2TR returns the P2TR address of a 32-byte x-only output key. The key is
// not checked to be on the curve (an invalid key is a valid, unspendable
// address, as in Core).
//
// This function is safe for concurrent access.
func NewP2TR(outputKey [32]byte, p *chaincfg.Params) *P2TR {
	return &P2TR{key: outputKey, hrp: p.Bech32HRP}
}

// NewP2TRFromInternalKey returns the P2TR address that commits to an
// internal x-only key and a script-tree Merkle root (nil for a key-path-only
// output): Q = P + H_TapTweak(P || root)·G.
//
// This function is safe for concurrent access.
func NewP2TRFromInternalKey(internal [32]byte, merkleRoot []byte, p *chaincfg.Params) (*P2TR, error) {
	q, _, err := crypto.TweakXOnly(internal, crypto.TapTweakHash(internal, merkleRoot))
	if err != nil {
		return nil, makeError(ErrInvalidPubKey, "taproot internal key: %v", err)
	}
	return NewP2TR(q, p), nil
}

// OutputKey returns the x-only output key.
func (a *P2TR) OutputKey() [32]byte { return a.key }

// WitnessVersion returns 1.
func (a *P2TR) WitnessVersion() byte { return 1 }

// WitnessProgram returns a copy of the 32-byte program.
func (a *P2TR) WitnessProgram() []byte { return bytes.Clone(a.key[:]) }

// String returns the Bech32m form.
func (a *P2TR) String() string { return encodeSegwit(a.hrp, 1, a.key[:]) }

// ScriptPubKey returns OP_1 <32-byte key>.
func (a *P2TR) ScriptPubKey() []byte { return witnessScript(1, a.key[:]) }

// WitnessUnknown is a segwit output of a version or size with no defined
// meaning yet (versions 1..16, programs of 2..40 bytes, except version 1 with
// 32 bytes, which is P2TR). Pay-to-anchor (version 1, 0x4e73) is one.
type WitnessUnknown struct {
	version byte
	program []byte
	hrp     string
}

// NewWitnessUnknown returns a WitnessUnknown address. The version must be
// 1..16 and the program 2..40 bytes and not a P2TR program.
//
// This function is safe for concurrent access.
func NewWitnessUnknown(version byte, program []byte, p *chaincfg.Params) (*WitnessUnknown, error) {
	if version < 1 || version > maxWitnessVersion {
		return nil, makeError(ErrInvalidWitnessVersion, "witness version %d is not 1..16", version)
	}
	if len(program) < minWitnessProgramLen || len(program) > maxWitnessProgramLen {
		return nil, makeError(ErrInvalidLength, "witness program of %d bytes (want 2..40)", len(program))
	}
	if version == 1 && len(program) == taprootProgramLen {
		return nil, makeError(ErrInvalidWitnessVersion, "version 1 with a 32-byte program is P2TR")
	}
	return &WitnessUnknown{version: version, program: bytes.Clone(program), hrp: p.Bech32HRP}, nil
}

// NewWitness returns the address of any segwit program: P2WPKH, P2WSH, P2TR
// or WitnessUnknown, by the rules Decode applies.
//
// This function is safe for concurrent access.
func NewWitness(version byte, program []byte, p *chaincfg.Params) (Address, error) {
	switch {
	case version == 0 && len(program) == 20:
		return NewP2WPKH([20]byte(program), p), nil
	case version == 0 && len(program) == 32:
		return NewP2WSH([32]byte(program), p), nil
	case version == 0:
		return nil, makeError(ErrInvalidLength, "version 0 witness program of %d bytes (want 20 or 32)", len(program))
	case version == 1 && len(program) == taprootProgramLen:
		return NewP2TR([32]byte(program), p), nil
	}
	return NewWitnessUnknown(version, program, p)
}

// WitnessVersion returns the segwit version.
func (a *WitnessUnknown) WitnessVersion() byte { return a.version }

// WitnessProgram returns a copy of the program.
func (a *WitnessUnknown) WitnessProgram() []byte { return bytes.Clone(a.program) }

// String returns the Bech32m form.
func (a *WitnessUnknown) String() string { return encodeSegwit(a.hrp, a.version, a.program) }

// ScriptPubKey returns OP_n <program>.
func (a *WitnessUnknown) ScriptPubKey() []byte { return witnessScript(a.version, a.program) }

// witnessScript builds OP_version <program>.
func witnessScript(version byte, program []byte) []byte {
	s := make([]byte, 0, 2+len(program))
	op := byte(op0)
	if version > 0 {
		op = op1 - 1 + version
	}
	s = append(s, op, byte(len(program)))
	return append(s, program...)
}
