package psbt

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/txscript"
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Provider is what signing needs: private keys, scripts by hash and taproot
// spend data. The wallet implements it over its descriptors; SimpleProvider
// is a map-backed implementation anyone can fill.
type Provider interface {
	// PrivKey returns the 32-byte secret for pub: a 33- or 65-byte ECDSA
	// public key, or a 32-byte x-only key (either parity).
	PrivKey(pub []byte) ([]byte, bool)
	// Script returns the script whose 20-byte HASH160 (a P2SH redeemScript)
	// or 32-byte SHA256 (a P2WSH witnessScript) is hash.
	Script(hash []byte) ([]byte, bool)
	// Taproot returns the spend data of a taproot output key: the internal
	// key (32 bytes), the merkle root (nil for a key-only output) and the
	// script leaves with their control blocks.
	Taproot(outputKey []byte) (internalKey, merkleRoot []byte, leaves []TapLeaf, ok bool)
}

// PubKeyProvider is an optional Provider extension: the public key whose
// HASH160 is keyID, needed to spend P2PKH/P2WPKH outputs whose key the PSBT
// does not carry (in a partial signature or a BIP32 derivation).
type PubKeyProvider interface {
	PubKey(keyID []byte) ([]byte, bool)
}

// KeyOriginProvider is an optional Provider extension: the key origin of a
// public key (33/65-byte or x-only), which signing records in the input's
// BIP32 derivations as Core does when bip32derivs is set.
type KeyOriginProvider interface {
	KeyOrigin(pub []byte) (KeyOrigin, bool)
}

// TapLeaf is a taproot script leaf with the control block that proves it.
type TapLeaf struct {
	Script       []byte
	LeafVersion  byte
	ControlBlock []byte
}

type tapSpend struct {
	internal   []byte
	merkleRoot []byte
	leaves     []TapLeaf
}

// SimpleProvider is a map-backed Provider (with PubKeyProvider). The zero
// value is not usable; call NewSimpleProvider. It is not safe for concurrent
// mutation.
type SimpleProvider struct {
	keys    map[string][]byte // pubkey (33, 65 or x-only 32) -> secret
	pubs    map[string][]byte // HASH160(pubkey) -> pubkey
	scripts map[string][]byte // HASH160 or SHA256 -> script
	taproot map[string]tapSpend
	origins map[string]KeyOrigin
}

// NewSimpleProvider returns an empty SimpleProvider.
func NewSimpleProvider() *SimpleProvider {
	return &SimpleProvider{
		keys: map[string][]byte{}, pubs: map[string][]byte{}, scripts: map[string][]byte{},
		taproot: map[string]tapSpend{}, origins: map[string]KeyOrigin{},
	}
}

// AddKey adds a 32-byte private key. Its public key is registered in the
// compressed or uncompressed form, and as an x-only key; for a compressed key
// the P2WPKH script is also added as a script, so P2SH-P2WPKH outputs of the
// key can be signed (as an imported key in Core's wallet can).
func (sp *SimpleProvider) AddKey(priv []byte, compressed bool) error {
	if len(priv) != 32 {
		return makeError(ErrSign, "private key must be 32 bytes")
	}
	var s secp256k1.ModNScalar
	if overflow := s.SetByteSlice(priv); overflow || s.IsZero() {
		return makeError(ErrSign, "invalid private key")
	}
	k := secp256k1.NewPrivateKey(&s)
	pk := k.PubKey()
	var pub []byte
	if compressed {
		pub = pk.SerializeCompressed()
	} else {
		pub = pk.SerializeUncompressed()
	}
	secret := append([]byte(nil), priv...)
	sp.keys[string(pub)] = secret
	x := crypto.SerializeXOnly(pk)
	sp.keys[string(x[:])] = secret
	id := crypto.Hash160(pub)
	sp.pubs[string(id[:])] = pub
	if compressed {
		wpkh := append([]byte{0x00, 0x14}, id[:]...)
		sp.AddScript(wpkh)
	}
	return nil
}

// AddScript adds a redeemScript or witnessScript, found by its HASH160 and
// its SHA256.
func (sp *SimpleProvider) AddScript(script []byte) {
	s := append([]byte(nil), script...)
	h := crypto.Hash160(s)
	sp.scripts[string(h[:])] = s
	sh := chainhash.SHA256(s)
	sp.scripts[string(sh[:])] = s
}

// AddTaproot adds the spend data of a taproot output built from internalKey
// (32-byte x-only) and merkleRoot (nil or 32 bytes), with the leaves the
// merkle root commits to. It returns the output key.
func (sp *SimpleProvider) AddTaproot(internalKey, merkleRoot []byte, leaves []TapLeaf) ([32]byte, error) {
	var in [32]byte
	if len(internalKey) != 32 || (merkleRoot != nil && len(merkleRoot) != 32) {
		return in, makeError(ErrSign, "bad taproot key or merkle root size")
	}
	copy(in[:], internalKey)
	var mr *chainhash.Hash
	if merkleRoot != nil {
		h := chainhash.Hash(merkleRoot)
		mr = &h
	}
	out, _, err := txscript.TaprootOutputKey(in, mr)
	if err != nil {
		return out, makeError(ErrSign, err.Error())
	}
	sp.taproot[string(out[:])] = tapSpend{internal: in[:], merkleRoot: merkleRoot, leaves: leaves}
	return out, nil
}

// AddKeyOrigin records the origin of a public key (see KeyOriginProvider).
func (sp *SimpleProvider) AddKeyOrigin(pub []byte, origin KeyOrigin) {
	sp.origins[string(pub)] = origin
}

// PrivKey implements Provider.
func (sp *SimpleProvider) PrivKey(pub []byte) ([]byte, bool) {
	k, ok := sp.keys[string(pub)]
	return k, ok
}

// Script implements Provider.
func (sp *SimpleProvider) Script(hash []byte) ([]byte, bool) {
	s, ok := sp.scripts[string(hash)]
	return s, ok
}

// Taproot implements Provider.
func (sp *SimpleProvider) Taproot(outputKey []byte) ([]byte, []byte, []TapLeaf, bool) {
	t, ok := sp.taproot[string(outputKey)]
	return t.internal, t.merkleRoot, t.leaves, ok
}

// PubKey implements PubKeyProvider.
func (sp *SimpleProvider) PubKey(keyID []byte) ([]byte, bool) {
	p, ok := sp.pubs[string(keyID)]
	return p, ok
}

// KeyOrigin implements KeyOriginProvider.
func (sp *SimpleProvider) KeyOrigin(pub []byte) (KeyOrigin, bool) {
	o, ok := sp.origins[string(pub)]
	return o, ok
}
