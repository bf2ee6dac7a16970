package address

import (
	"github.com/btcsuite/btcd/btcutil/base58"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Base58Check limits. No valid address or WIF key is longer than about 52
// characters; the cap keeps hostile input from reaching base58's quadratic
// decoder.
const (
	checksumLen       = 4
	maxBase58Len      = 100
	addrPayloadLen    = 1 + 20 // version byte + HASH160
	wifPayloadLen     = 1 + 32 // version byte + key
	wifCompPayloadLen = wifPayloadLen + 1
)

// encodeBase58Check returns Base58(version || data || checksum), where the
// checksum is the first four bytes of SHA256d(version || data).
func encodeBase58Check(version byte, data []byte) string {
	b := make([]byte, 0, 1+len(data)+checksumLen)
	b = append(b, version)
	b = append(b, data...)
	sum := chainhash.DoubleSHA256(b)
	b = append(b, sum[:checksumLen]...)
	return base58.Encode(b)
}

// decodeBase58Check decodes s and checks its checksum, returning the payload
// (version byte included). Payloads longer than maxPayload are rejected
// before the checksum is examined, as Core's DecodeBase58Check does.
func decodeBase58Check(s string, maxPayload int) ([]byte, error) {
	if s == "" {
		return nil, makeError(ErrInvalidFormat, "empty string")
	}
	if len(s) > maxBase58Len {
		return nil, makeError(ErrInvalidLength, "%d characters is too long for Base58Check", len(s))
	}
	raw := base58.Decode(s)
	if len(raw) == 0 {
		// base58.Decode returns nothing for a string with a character
		// outside the alphabet; a non-empty valid string never decodes to
		// nothing.
		return nil, makeError(ErrInvalidFormat, "not a Base58 string")
	}
	if len(raw) < checksumLen || len(raw) > maxPayload+checksumLen {
		return nil, makeError(ErrInvalidLength, "Base58Check payload of %d bytes", len(raw)-checksumLen)
	}
	payload := raw[:len(raw)-checksumLen]
	sum := chainhash.DoubleSHA256(payload)
	if [checksumLen]byte(sum[:checksumLen]) != [checksumLen]byte(raw[len(payload):]) {
		return nil, makeError(ErrInvalidChecksum, "Base58Check checksum mismatch")
	}
	return payload, nil
}

// base58PrefixError explains a Base58 version byte p does not accept: one of
// another known network's (ErrWrongNetwork) or none (ErrUnknownPrefix).
func base58PrefixError(what string, version byte, p *chaincfg.Params, ids func(*chaincfg.Params) []byte) error {
	for _, name := range chaincfg.Names() {
		other, err := chaincfg.ByName(name)
		if err != nil || other.Name == p.Name {
			continue
		}
		for _, id := range ids(other) {
			if id == version {
				return makeError(ErrWrongNetwork, "%s version byte %d is for %s, not %s", what, version, other.Name, p.Name)
			}
		}
	}
	return makeError(ErrUnknownPrefix, "unknown %s version byte %d", what, version)
}

// addressIDs returns the Base58 address version bytes of a network.
func addressIDs(p *chaincfg.Params) []byte { return []byte{p.PubKeyHashAddrID, p.ScriptHashAddrID} }

// wifIDs returns the WIF version byte of a network.
func wifIDs(p *chaincfg.Params) []byte { return []byte{p.PrivateKeyID} }
