package address

import (
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// EncodeWIF returns the Wallet Import Format string of priv for network p
// (Core's EncodeSecret): Base58Check(PrivateKeyID || key || 0x01 if the
// public key is to be used compressed).
//
// This function is safe for concurrent access.
func EncodeWIF(priv *secp256k1.PrivateKey, compressed bool, p *chaincfg.Params) string {
	key := priv.Key.Bytes()
	data := key[:]
	if compressed {
		data = append(data, 0x01)
	}
	return encodeBase58Check(p.PrivateKeyID, data)
}

// DecodeWIF parses a Wallet Import Format key for network p (Core's
// DecodeSecret): a Base58Check payload of p's PrivateKeyID and 32 key bytes,
// optionally followed by 0x01 (compressed). The key must be in [1, N-1].
// Errors carry the kinds ErrInvalidFormat, ErrInvalidChecksum,
// ErrInvalidLength, ErrWrongNetwork, ErrUnknownPrefix or ErrInvalidPrivKey.
//
// This function is safe for concurrent access.
func DecodeWIF(s string, p *chaincfg.Params) (priv *secp256k1.PrivateKey, compressed bool, err error) {
	payload, err := decodeBase58Check(s, wifCompPayloadLen)
	if err != nil {
		return nil, false, err
	}
	switch len(payload) {
	case wifPayloadLen:
	case wifCompPayloadLen:
		if payload[wifCompPayloadLen-1] != 0x01 {
			return nil, false, makeError(ErrInvalidPrivKey, "WIF compression flag %#02x (want 0x01)", payload[wifCompPayloadLen-1])
		}
		compressed = true
	default:
		return nil, false, makeError(ErrInvalidLength, "WIF payload of %d bytes (want 33 or 34)", len(payload))
	}
	if payload[0] != p.PrivateKeyID {
		return nil, false, base58PrefixError("WIF", payload[0], p, wifIDs)
	}
	var k secp256k1.ModNScalar
	if overflow := k.SetByteSlice(payload[1:wifPayloadLen]); overflow || k.IsZero() {
		return nil, false, makeError(ErrInvalidPrivKey, "WIF key is zero or not below the group order")
	}
	return secp256k1.NewPrivateKey(&k), compressed, nil
}
