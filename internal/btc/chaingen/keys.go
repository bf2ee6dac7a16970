package chaingen

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// keyDerivationTag domain-separates the keys a Keyring derives.
const keyDerivationTag = "twinchain/chaingen/key/v1"

// Key is a secp256k1 key pair with the encodings the output scripts use,
// computed once, and the BIP340 signing scalar (the private key negated when
// the public key has an odd y).
type Key struct {
	priv    *secp256k1.PrivateKey
	pub     [33]byte
	xonly   [32]byte
	hash160 [20]byte
	schnorr *crypto.SchnorrKey
}

// NewKey wraps priv, precomputing its compressed public key, x-only key and
// HASH160. priv must not be zero.
//
// This function is safe for concurrent access.
func NewKey(priv *secp256k1.PrivateKey) *Key {
	k := &Key{priv: priv}
	pub := priv.PubKey()
	copy(k.pub[:], pub.SerializeCompressed())
	k.xonly = crypto.SerializeXOnly(pub)
	k.hash160 = crypto.Hash160(k.pub[:])
	// A zero key (a broken precondition) leaves schnorr nil; SignSchnorr
	// then reports crypto.ErrInvalidPrivKey.
	k.schnorr, _ = crypto.NewSchnorrKey(priv)
	return k
}

// SignSchnorr signs the 32-byte message msg with BIP340's default signing
// algorithm and all-zero auxiliary randomness: exactly
// crypto.SignSchnorr(k.PrivKey(), msg, [32]byte{}), from the cached key and
// without the verification after signing (the generator's tests verify
// every signature it makes with the script engine instead).
//
// This function is safe for concurrent access.
func (k *Key) SignSchnorr(msg chainhash.Hash) ([64]byte, error) {
	if k.schnorr == nil {
		return [64]byte{}, crypto.ErrInvalidPrivKey
	}
	return k.schnorr.SignUnverified(msg[:], [32]byte{})
}

// SignECDSA signs the 32-byte digest h with an RFC6979 nonce and returns
// the strict-DER, low-S signature (crypto.SignECDSA).
//
// This function is safe for concurrent access.
func (k *Key) SignECDSA(h chainhash.Hash) []byte { return crypto.SignECDSA(k.priv, h[:]) }

// DeriveKey returns the index-th key of the sequence seeded by seed:
// SHA-256(tag || seed || index || counter) read as a scalar, with counter
// raised until the scalar is a valid private key (non-zero, below the group
// order). The same seed and index always give the same key.
//
// This function is safe for concurrent access.
func DeriveKey(seed []byte, index uint32) *Key {
	var buf [8]byte
	binary.BigEndian.PutUint32(buf[:4], index)
	for counter := uint32(0); ; counter++ {
		binary.BigEndian.PutUint32(buf[4:], counter)
		h := sha256.New()
		h.Write([]byte(keyDerivationTag))
		h.Write(seed)
		h.Write(buf[:])
		var sum [32]byte
		h.Sum(sum[:0])
		var s secp256k1.ModNScalar
		if overflow := s.SetBytes(&sum); overflow == 0 && !s.IsZero() {
			return NewKey(secp256k1.NewPrivateKey(&s))
		}
	}
}

// PrivKey returns the private key.
func (k *Key) PrivKey() *secp256k1.PrivateKey { return k.priv }

// PubKey returns the 33-byte compressed public key.
func (k *Key) PubKey() [33]byte { return k.pub }

// XOnly returns the BIP340 x-only public key.
func (k *Key) XOnly() [32]byte { return k.xonly }

// Hash160 returns HASH160 of the compressed public key.
func (k *Key) Hash160() [20]byte { return k.hash160 }

// Keyring is a deterministic, fixed-size set of keys derived from a seed
// with DeriveKey. It is immutable after construction and safe for
// concurrent use.
type Keyring struct {
	seed []byte
	keys []*Key
}

// NewKeyring derives n keys (indices 0 to n-1) from seed.
//
// This function is safe for concurrent access.
func NewKeyring(seed []byte, n int) *Keyring {
	r := &Keyring{seed: append([]byte(nil), seed...), keys: make([]*Key, n)}
	for i := range r.keys {
		r.keys[i] = DeriveKey(r.seed, uint32(i))
	}
	return r
}

// Len returns the number of keys.
func (r *Keyring) Len() int { return len(r.keys) }

// Key returns key i (0 <= i < Len()).
func (r *Keyring) Key(i int) *Key { return r.keys[i] }
