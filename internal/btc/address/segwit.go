package address

import (
	"errors"
	"strings"

	"github.com/btcsuite/btcd/btcutil/bech32"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// encodeSegwit returns the Bech32 (version 0) or Bech32m (versions 1..16)
// address of a witness program. It returns "" only when hrp is not a valid
// Bech32 HRP, which none of chaincfg's networks has.
func encodeSegwit(hrp string, version byte, program []byte) string {
	conv, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		return ""
	}
	data := make([]byte, 0, 1+len(conv))
	data = append(data, version)
	data = append(data, conv...)
	var s string
	if version == 0 {
		s, err = bech32.Encode(hrp, data)
	} else {
		s, err = bech32.EncodeM(hrp, data)
	}
	if err != nil {
		return ""
	}
	return s
}

// decodeSegwit decodes a Bech32/Bech32m segwit address for network p,
// following Core's DecodeDestination and BIP350.
func decodeSegwit(s string, p *chaincfg.Params) (Address, error) {
	hrp, data, variant, err := bech32.DecodeGeneric(s)
	if err != nil {
		return nil, bech32Error(err)
	}
	if len(data) == 0 {
		return nil, makeError(ErrInvalidFormat, "empty Bech32 data section")
	}
	if want := strings.ToLower(p.Bech32HRP); hrp != want {
		return nil, hrpError(hrp, p)
	}
	version := data[0]
	if version == 0 && variant != bech32.Version0 {
		return nil, makeError(ErrWrongChecksumVariant, "version 0 witness address must use the Bech32 checksum")
	}
	if version != 0 && variant != bech32.VersionM {
		return nil, makeError(ErrWrongChecksumVariant, "version 1+ witness address must use the Bech32m checksum")
	}
	program, err := bech32.ConvertBits(data[1:], 5, 8, false)
	if err != nil {
		return nil, makeError(ErrInvalidPadding, "invalid padding in Bech32 data section")
	}
	if version > maxWitnessVersion {
		return nil, makeError(ErrInvalidWitnessVersion, "witness version %d is above 16", version)
	}
	return NewWitness(version, program, p)
}

// bech32Error maps btcutil's bech32 errors to kinds.
func bech32Error(err error) error {
	var (
		mixed  bech32.ErrMixedCase
		cksum  bech32.ErrInvalidChecksum
		length bech32.ErrInvalidLength
	)
	switch {
	case errors.As(err, &mixed):
		return makeError(ErrMixedCase, "Bech32 string mixes upper and lower case")
	case errors.As(err, &cksum):
		return makeError(ErrInvalidChecksum, "Bech32 checksum mismatch")
	case errors.As(err, &length):
		return makeError(ErrInvalidLength, "invalid Bech32 string length %d", int(length))
	}
	return makeError(ErrInvalidFormat, "invalid Bech32 string: %v", err)
}

// hrpError explains an HRP p does not accept.
func hrpError(hrp string, p *chaincfg.Params) error {
	for _, name := range chaincfg.Names() {
		other, err := chaincfg.ByName(name)
		if err == nil && other.Bech32HRP == hrp {
			return makeError(ErrWrongNetwork, "Bech32 prefix %q is for %s, not %s", hrp, other.Name, p.Name)
		}
	}
	return makeError(ErrUnknownPrefix, "unknown Bech32 prefix %q (expected %q)", hrp, p.Bech32HRP)
}
