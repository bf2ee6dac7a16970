package crypto

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"errors"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// HardenedKeyStart is the first hardened child index of BIP32 (i').
const HardenedKeyStart = 0x80000000

// ErrInvalidHDKey reports a BIP32 derivation step that produced an invalid
// key (a derived scalar of zero or an HMAC output at least the group order;
// probability below 2^-127) or a seed of the wrong length.
var ErrInvalidHDKey = errors.New("invalid BIP32 key")

// bip32MasterKey is the HMAC key of the master key generation.
var bip32MasterKey = []byte("Bitcoin seed")

// DeriveHDPrivate derives the BIP32 private key at path (indexes at or
// above HardenedKeyStart are hardened) from a seed of 16 to 64 bytes (a
// BIP39 seed is 64). It follows BIP32's private parent to private child
// derivation: I = HMAC-SHA512(chain code, 0x00||k||i) for hardened and
// HMAC-SHA512(chain code, compressed public key||i) for normal children,
// child key = IL + k mod n. An invalid step is ErrInvalidHDKey (BIP32 says
// to skip to the next index; callers here use fixed paths and report it).
//
// This function is safe for concurrent access.
func DeriveHDPrivate(seed []byte, path []uint32) (priv [32]byte, err error) {
	if len(seed) < 16 || len(seed) > 64 {
		return priv, ErrInvalidHDKey
	}
	mac := hmac.New(sha512.New, bip32MasterKey)
	mac.Write(seed)
	var sum [64]byte
	mac.Sum(sum[:0])
	var k secp256k1.ModNScalar
	if overflow := k.SetByteSlice(sum[:32]); overflow || k.IsZero() {
		return priv, ErrInvalidHDKey
	}
	var chain [32]byte
	copy(chain[:], sum[32:])
	var data [37]byte
	for _, idx := range path {
		if idx >= HardenedKeyStart {
			data[0] = 0
			kb := k.Bytes()
			copy(data[1:33], kb[:])
		} else {
			kb := k.Bytes()
			pk := secp256k1.PrivKeyFromBytes(kb[:])
			copy(data[:33], pk.PubKey().SerializeCompressed())
			pk.Zero()
		}
		binary.BigEndian.PutUint32(data[33:], idx)
		mac := hmac.New(sha512.New, chain[:])
		mac.Write(data[:])
		mac.Sum(sum[:0])
		var il secp256k1.ModNScalar
		if overflow := il.SetByteSlice(sum[:32]); overflow {
			return priv, ErrInvalidHDKey
		}
		k.Add(&il)
		if k.IsZero() {
			return priv, ErrInvalidHDKey
		}
		copy(chain[:], sum[32:])
	}
	priv = k.Bytes()
	k.Zero()
	return priv, nil
}
