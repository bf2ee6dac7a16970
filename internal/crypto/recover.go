package crypto

import (
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// RecoverableSigLen is the size of an Ethereum-style recoverable signature:
// R (32) || S (32) || V (1).
const RecoverableSigLen = 65

// compactMagic is the offset decred's compact signatures add to the recovery
// id (the Bitcoin signed-message convention, 27).
const compactMagic = 27

// halfOrder is N/2 as bytes; ValidateSignatureValues compares S to it.
var halfOrder = [32]byte{
	0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d,
	0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
}

// SignRecoverable signs the 32-byte hash with priv (RFC6979 nonce, low S)
// and returns R || S || V, where V is the recovery id (0 or 1; 2 or 3 only
// in the astronomically unlikely case that the nonce point's x overflowed
// the group order). This is the layout Ethereum transactions and
// eth_sign use before any chain-specific offset is added to V.
//
// This function is safe for concurrent access.
func SignRecoverable(priv *secp256k1.PrivateKey, hash []byte) ([RecoverableSigLen]byte, error) {
	var out [RecoverableSigLen]byte
	if len(hash) != 32 {
		return out, ErrInvalidHashLength
	}
	c := ecdsa.SignCompact(priv, hash, false)
	copy(out[:64], c[1:])
	out[64] = c[0] - compactMagic
	return out, nil
}

// RecoverPubKey returns the public key that produced sig65 (R || S || V,
// V in [0, 3]) over the 32-byte hash. R and S must be in [1, N-1]; high S is
// accepted (apply ValidateSignatureValues first where the Homestead low-S
// rule holds). Errors wrap ErrInvalidHashLength, ErrInvalidSignature,
// ErrInvalidRecoveryID or ErrRecoveryFailed.
//
// This function is safe for concurrent access.
func RecoverPubKey(hash []byte, sig65 []byte) (*secp256k1.PublicKey, error) {
	if len(hash) != 32 {
		return nil, ErrInvalidHashLength
	}
	if len(sig65) != RecoverableSigLen {
		return nil, fmt.Errorf("%w: length %d, want %d", ErrInvalidSignature, len(sig65), RecoverableSigLen)
	}
	v := sig65[64]
	if v > 3 {
		return nil, fmt.Errorf("%w: %d", ErrInvalidRecoveryID, v)
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(sig65[:32]) || r.IsZero() || s.SetByteSlice(sig65[32:64]) || s.IsZero() {
		return nil, fmt.Errorf("%w: R or S out of range", ErrInvalidSignature)
	}
	var c [RecoverableSigLen]byte
	c[0] = compactMagic + v
	copy(c[1:], sig65[:64])
	pub, _, err := ecdsa.RecoverCompact(c[:], hash)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRecoveryFailed, err)
	}
	return pub, nil
}

// ValidateSignatureValues applies Ethereum's range rules to a signature's
// components: v must be 0 or 1, R and S in [1, N-1], and, when homestead is
// set (EIP-2, every transaction since Homestead), S at most N/2. r and s are
// big-endian integers of at most 32 bytes (leading zeros allowed); longer
// values are rejected.
//
// This function is safe for concurrent access and does not allocate.
func ValidateSignatureValues(v byte, r, s []byte, homestead bool) bool {
	if v > 1 || len(r) > 32 || len(s) > 32 {
		return false
	}
	var rs, ss secp256k1.ModNScalar
	if rs.SetByteSlice(r) || rs.IsZero() || ss.SetByteSlice(s) || ss.IsZero() {
		return false
	}
	if homestead {
		var sb [32]byte
		copy(sb[32-len(s):], s)
		if cmp32(&sb, &halfOrder) > 0 {
			return false
		}
	}
	return true
}

// cmp32 compares two 32-byte big-endian integers.
func cmp32(a, b *[32]byte) int {
	for i := range 32 {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
