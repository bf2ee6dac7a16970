package hdkeychain

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Version bytes of the extended keys ParseExtendedKey knows.
var (
	mainnetPriv = [4]byte{0x04, 0x88, 0xad, 0xe4} // xprv
	mainnetPub  = [4]byte{0x04, 0x88, 0xb2, 0x1e} // xpub
	testnetPriv = [4]byte{0x04, 0x35, 0x83, 0x94} // tprv
	testnetPub  = [4]byte{0x04, 0x35, 0x87, 0xcf} // tpub
)

// serializedKeyLen is the payload size of a serialized extended key.
const serializedKeyLen = 78

// String returns the Base58Check serialization of k (xprv/xpub/tprv/tpub...
// according to its version bytes).
//
// This function is safe for concurrent access.
func (k *ExtendedKey) String() string {
	var b [serializedKeyLen + 4]byte
	v := k.Version()
	copy(b[0:4], v[:])
	b[4] = k.depth
	copy(b[5:9], k.parentFP[:])
	binary.BigEndian.PutUint32(b[9:13], k.childNum)
	copy(b[13:45], k.chainCode[:])
	if k.isPrivate {
		k.priv.PutBytesUnchecked(b[46:78])
	} else {
		copy(b[45:78], k.pubBytes[:])
	}
	sum := doubleSHA256(b[:serializedKeyLen])
	copy(b[serializedKeyLen:], sum[:4])
	s := base58.Encode(b[:])
	clear(b[:])
	return s
}

func doubleSHA256(b []byte) [32]byte {
	h := sha256.Sum256(b)
	return sha256.Sum256(h[:])
}

// ParseExtendedKey parses a Base58Check extended key with the version bytes
// of mainnet (xprv, xpub) or the test networks (tprv, tpub); IsTestnet tells
// which. It applies BIP32's validity rules: checksum, known version, key data
// matching the version (0x00 || secret in [1, n-1], or a compressed point on
// the curve), and a depth-0 key having no parent fingerprint or index.
//
// This function is safe for concurrent access.
func ParseExtendedKey(s string) (*ExtendedKey, error) {
	// 82 bytes encode to at most 112 characters; reject long input before
	// decoding so hostile input cannot make base58 do quadratic work.
	if len(s) > 120 {
		return nil, makeError(ErrInvalidKeyLen, "extended key is too long")
	}
	b := base58.Decode(s)
	if len(b) != serializedKeyLen+4 {
		return nil, makeError(ErrInvalidKeyLen, "extended key has invalid length or encoding")
	}
	defer clear(b)
	sum := doubleSHA256(b[:serializedKeyLen])
	if [4]byte(b[serializedKeyLen:]) != [4]byte(sum[:4]) {
		return nil, makeError(ErrBadChecksum, "extended key checksum mismatch")
	}
	k := &ExtendedKey{}
	version := [4]byte(b[0:4])
	switch version {
	case mainnetPriv, mainnetPub:
		k.privVersion, k.pubVersion = mainnetPriv, mainnetPub
	case testnetPriv, testnetPub:
		k.privVersion, k.pubVersion = testnetPriv, testnetPub
	default:
		return nil, makeError(ErrUnknownVersion, "unknown extended key version %x", version)
	}
	k.isPrivate = version == k.privVersion
	k.depth = b[4]
	k.parentFP = [4]byte(b[5:9])
	k.childNum = binary.BigEndian.Uint32(b[9:13])
	copy(k.chainCode[:], b[13:45])
	if k.depth == 0 && (k.parentFP != [4]byte{} || k.childNum != 0) {
		return nil, makeError(ErrInvalidDepth, "zero depth with non-zero parent fingerprint or index")
	}
	keyData := b[45:78]
	if k.isPrivate {
		if keyData[0] != 0 {
			return nil, makeError(ErrInvalidKeyData, "private extended key data must start with 0x00")
		}
		if overflow := k.priv.SetByteSlice(keyData[1:]); overflow || k.priv.IsZero() {
			return nil, makeError(ErrInvalidKeyData, "private key is not in [1, n-1]")
		}
		k.setPubFromPriv()
		return k, nil
	}
	if keyData[0] != 0x02 && keyData[0] != 0x03 {
		return nil, makeError(ErrInvalidKeyData, "public extended key data must be a compressed key")
	}
	pub, err := crypto.ParsePubKey(keyData)
	if err != nil {
		return nil, makeError(ErrInvalidKeyData, "invalid public key: %v", err)
	}
	k.pub = pub
	copy(k.pubBytes[:], keyData)
	return k, nil
}

// NewExtendedKey builds an extended key from its parts, as a serialization
// would carry them: version is the private or public version bytes of
// mainnet or the test networks, key is a 32-byte secret (private version) or
// a 33-byte compressed key (public version). It applies the checks of
// ParseExtendedKey.
//
// This function is safe for concurrent access.
func NewExtendedKey(version [4]byte, key, chainCode []byte, parentFP [4]byte, depth uint8, childNum uint32) (*ExtendedKey, error) {
	if len(chainCode) != 32 {
		return nil, makeError(ErrInvalidKeyLen, "chain code must be 32 bytes")
	}
	var b [serializedKeyLen + 4]byte
	copy(b[0:4], version[:])
	b[4] = depth
	copy(b[5:9], parentFP[:])
	binary.BigEndian.PutUint32(b[9:13], childNum)
	copy(b[13:45], chainCode)
	switch len(key) {
	case 32:
		copy(b[46:78], key)
	case 33:
		copy(b[45:78], key)
	default:
		return nil, makeError(ErrInvalidKeyData, "key must be 32 or 33 bytes")
	}
	sum := doubleSHA256(b[:serializedKeyLen])
	copy(b[serializedKeyLen:], sum[:4])
	return ParseExtendedKey(base58.Encode(b[:]))
}
