package hdkeychain

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/crypto"
)

// HardenedKeyStart is the first hardened child index (2^31).
const HardenedKeyStart = 0x80000000

// MaxDepth is the deepest a key can be: the serialization stores the depth in
// one byte.
const MaxDepth = 255

// Seed length limits of BIP32 (128 to 512 bits).
const (
	MinSeedBytes = 16
	MaxSeedBytes = 64
)

// masterKeyHMAC is the HMAC-SHA512 key of master key generation.
var masterKeyHMAC = []byte("Bitcoin seed")

// ExtendedKey is a BIP32 extended key, private or public. It is immutable.
type ExtendedKey struct {
	privVersion [4]byte
	pubVersion  [4]byte
	// priv is the secret (valid only when isPrivate).
	priv secp256k1.ModNScalar
	// pub is the public point and pubBytes its compressed encoding.
	pub       *secp256k1.PublicKey
	pubBytes  [33]byte
	chainCode [32]byte
	parentFP  [4]byte
	childNum  uint32
	depth     uint8
	isPrivate bool
}

// NewMaster derives the master extended private key from seed (16 to 64
// bytes), with the version bytes of params. It fails with ErrInvalidSeedLen
// or, for the astronomically rare seed whose secret is invalid,
// ErrUnusableSeed.
//
// This function is safe for concurrent access.
func NewMaster(seed []byte, params *chaincfg.Params) (*ExtendedKey, error) {
	if len(seed) < MinSeedBytes || len(seed) > MaxSeedBytes {
		return nil, makeError(ErrInvalidSeedLen, "seed length must be between %d and %d bytes, got %d",
			MinSeedBytes, MaxSeedBytes, len(seed))
	}
	mac := hmac.New(sha512.New, masterKeyHMAC)
	mac.Write(seed)
	var sum [64]byte
	mac.Sum(sum[:0])
	k := &ExtendedKey{
		privVersion: params.HDPrivateKeyID,
		pubVersion:  params.HDPublicKeyID,
		isPrivate:   true,
	}
	if overflow := k.priv.SetByteSlice(sum[:32]); overflow || k.priv.IsZero() {
		return nil, makeError(ErrUnusableSeed, "seed gives an invalid master key")
	}
	copy(k.chainCode[:], sum[32:])
	k.setPubFromPriv()
	return k, nil
}

// setPubFromPriv computes the public key of k.priv.
func (k *ExtendedKey) setPubFromPriv() {
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&k.priv, &p)
	p.ToAffine()
	k.pub = secp256k1.NewPublicKey(&p.X, &p.Y)
	copy(k.pubBytes[:], k.pub.SerializeCompressed())
}

// Child returns the child at index i: hardened when i >= HardenedKeyStart
// (which needs a private key). A private key gives a private child and a
// public key a public child. Errors: ErrDeriveHardFromPublic,
// ErrDeriveBeyondMaxDepth, and ErrInvalidChild when BIP32 declares this index
// invalid (skip to the next one).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) Child(i uint32) (*ExtendedKey, error) {
	if k.depth == MaxDepth {
		return nil, makeError(ErrDeriveBeyondMaxDepth, "cannot derive beyond depth %d", MaxDepth)
	}
	hardened := i >= HardenedKeyStart
	if hardened && !k.isPrivate {
		return nil, makeError(ErrDeriveHardFromPublic, "cannot derive a hardened key from a public key")
	}
	var data [37]byte
	if hardened {
		// 0x00 || ser256(kpar) || ser32(i)
		k.priv.PutBytesUnchecked(data[1:33])
	} else {
		copy(data[:33], k.pubBytes[:])
	}
	binary.BigEndian.PutUint32(data[33:], i)
	mac := hmac.New(sha512.New, k.chainCode[:])
	mac.Write(data[:])
	var sum [64]byte
	mac.Sum(sum[:0])
	clear(data[:])

	var il secp256k1.ModNScalar
	if overflow := il.SetByteSlice(sum[:32]); overflow {
		return nil, makeError(ErrInvalidChild, "child %d is invalid (tweak out of range)", i)
	}
	child := &ExtendedKey{
		privVersion: k.privVersion,
		pubVersion:  k.pubVersion,
		depth:       k.depth + 1,
		childNum:    i,
		isPrivate:   k.isPrivate,
	}
	copy(child.chainCode[:], sum[32:])
	fp := k.Fingerprint()
	child.parentFP = fp

	if k.isPrivate {
		child.priv.Add2(&il, &k.priv)
		if child.priv.IsZero() {
			return nil, makeError(ErrInvalidChild, "child %d is invalid (zero key)", i)
		}
		child.setPubFromPriv()
		return child, nil
	}
	var tweakPoint, parent, sumPoint secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(&il, &tweakPoint)
	k.pub.AsJacobian(&parent)
	secp256k1.AddNonConst(&tweakPoint, &parent, &sumPoint)
	if (sumPoint.X.IsZero() && sumPoint.Y.IsZero()) || sumPoint.Z.IsZero() {
		return nil, makeError(ErrInvalidChild, "child %d is invalid (point at infinity)", i)
	}
	sumPoint.ToAffine()
	child.pub = secp256k1.NewPublicKey(&sumPoint.X, &sumPoint.Y)
	copy(child.pubBytes[:], child.pub.SerializeCompressed())
	return child, nil
}

// DerivePath applies Child for each index of path in turn (an empty path
// returns k itself).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) DerivePath(path []uint32) (*ExtendedKey, error) {
	cur := k
	for _, i := range path {
		next, err := cur.Child(i)
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// Neuter returns the public extended key of k (k itself when already
// public).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) Neuter() *ExtendedKey {
	if !k.isPrivate {
		return k
	}
	n := *k
	n.isPrivate = false
	n.priv.Zero()
	return &n
}

// IsPrivate reports whether k holds a private key.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) IsPrivate() bool { return k.isPrivate }

// PubKey returns the 33-byte compressed public key.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) PubKey() []byte {
	b := k.pubBytes
	return b[:]
}

// PubKeyArray returns the 33-byte compressed public key without allocating.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) PubKeyArray() [33]byte { return k.pubBytes }

// ECPubKey returns the public key as a secp256k1 point.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ECPubKey() *secp256k1.PublicKey { return k.pub }

// PrivKey returns the 32-byte secret, or ErrNotPrivate for a public key.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) PrivKey() ([]byte, error) {
	if !k.isPrivate {
		return nil, makeError(ErrNotPrivate, "extended key is public")
	}
	var b [32]byte
	k.priv.PutBytes(&b)
	return b[:], nil
}

// ECPrivKey returns the secret as a secp256k1 private key, or ErrNotPrivate.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ECPrivKey() (*secp256k1.PrivateKey, error) {
	if !k.isPrivate {
		return nil, makeError(ErrNotPrivate, "extended key is public")
	}
	return secp256k1.NewPrivateKey(&k.priv), nil
}

// Fingerprint returns the first four bytes of HASH160 of the compressed
// public key: the key's identifier in children and key origins.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) Fingerprint() [4]byte {
	h := crypto.Hash160(k.pubBytes[:])
	return [4]byte{h[0], h[1], h[2], h[3]}
}

// ParentFingerprint returns the fingerprint of the parent (zero for a master
// key).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ParentFingerprint() [4]byte { return k.parentFP }

// Depth returns the number of derivations from the master key.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) Depth() uint8 { return k.depth }

// ChildIndex returns the index k was derived at (zero for a master key).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ChildIndex() uint32 { return k.childNum }

// ChainCode returns the 32-byte chain code.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ChainCode() [32]byte { return k.chainCode }

// Version returns the four version bytes String serializes k with (private
// or public according to k).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) Version() [4]byte {
	if k.isPrivate {
		return k.privVersion
	}
	return k.pubVersion
}

// IsForNet reports whether k carries the extended-key version bytes of
// params.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) IsForNet(params *chaincfg.Params) bool {
	return k.privVersion == params.HDPrivateKeyID && k.pubVersion == params.HDPublicKeyID
}

// IsTestnet reports whether k uses the test networks' tprv/tpub version
// bytes (false for mainnet's xprv/xpub).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) IsTestnet() bool { return k.pubVersion == testnetPub }

// ForNet returns a copy of k that serializes with params' version bytes.
//
// This function is safe for concurrent access.
func (k *ExtendedKey) ForNet(params *chaincfg.Params) *ExtendedKey {
	n := *k
	n.privVersion = params.HDPrivateKeyID
	n.pubVersion = params.HDPublicKeyID
	return &n
}
