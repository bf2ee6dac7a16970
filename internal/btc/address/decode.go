package address

import (
	"errors"
	"strings"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

// Decode parses an address for network p the way Bitcoin Core's
// DecodeDestination does: Base58Check first (a 21-byte payload whose version
// byte is p's P2PKH or P2SH byte), then segwit Bech32/Bech32m with p's HRP
// (see the package documentation for the BIP173/BIP350 rules).
//
// On failure the error's kind (errors.Is) tells why: ErrWrongNetwork,
// ErrInvalidChecksum, ErrInvalidLength, ErrMixedCase, ... When neither
// encoding fits, a string that begins with p's HRP, or that is valid Bech32
// for another HRP, reports the Bech32 problem; any other string reports the
// Base58 problem.
//
// This function is safe for concurrent access.
func Decode(s string, p *chaincfg.Params) (Address, error) {
	payload, b58Err := decodeBase58Check(s, addrPayloadLen)
	if b58Err == nil {
		if len(payload) == addrPayloadLen {
			switch payload[0] {
			case p.PubKeyHashAddrID:
				return NewP2PKH([20]byte(payload[1:]), p), nil
			case p.ScriptHashAddrID:
				return NewP2SH([20]byte(payload[1:]), p), nil
			}
		}
		if len(payload) == 0 || payload[0] == p.PubKeyHashAddrID || payload[0] == p.ScriptHashAddrID {
			return nil, makeError(ErrInvalidLength, "Base58 address payload of %d bytes (want %d)", len(payload), addrPayloadLen)
		}
		return nil, base58PrefixError("address", payload[0], p, addressIDs)
	}

	addr, segErr := decodeSegwit(s, p)
	if segErr == nil {
		return addr, nil
	}
	if hasPrefixFold(s, p.Bech32HRP) || errors.Is(segErr, ErrWrongNetwork) || errors.Is(segErr, ErrUnknownPrefix) {
		return nil, segErr
	}
	return nil, b58Err
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// FromScriptPubKey returns the address an output script pays to, recognising
// the templates by their bytes: P2PKH (OP_DUP OP_HASH160 <20> OP_EQUALVERIFY
// OP_CHECKSIG), P2SH (OP_HASH160 <20> OP_EQUAL) and segwit programs (OP_0 with
// 20 or 32 bytes; OP_1..OP_16 with 2..40 bytes). Anything else, including
// bare public keys, multisig and OP_RETURN, fails with ErrUnsupportedScript.
//
// This function is safe for concurrent access.
func FromScriptPubKey(script []byte, p *chaincfg.Params) (Address, error) {
	switch {
	case len(script) == 25 && script[0] == opDup && script[1] == opHash160 && script[2] == 20 &&
		script[23] == opEqualVerify && script[24] == opCheckSig:
		return NewP2PKH([20]byte(script[3:23]), p), nil
	case len(script) == 23 && script[0] == opHash160 && script[1] == 20 && script[22] == opEqual:
		return NewP2SH([20]byte(script[2:22]), p), nil
	}
	if version, program, ok := witnessProgram(script); ok {
		addr, err := NewWitness(version, program, p)
		if err != nil {
			return nil, makeError(ErrUnsupportedScript, "witness program has no address: %v", err)
		}
		return addr, nil
	}
	return nil, makeError(ErrUnsupportedScript, "script is not an address template")
}

// witnessProgram reports whether script is a segwit output (Core's
// CScript::IsWitnessProgram): a version opcode followed by one direct push
// of 2..40 bytes and nothing else.
func witnessProgram(script []byte) (version byte, program []byte, ok bool) {
	if len(script) < 2+minWitnessProgramLen || len(script) > 2+maxWitnessProgramLen {
		return 0, nil, false
	}
	switch op := script[0]; {
	case op == op0:
		version = 0
	case op >= op1 && op <= op16:
		version = op - op1 + 1
	default:
		return 0, nil, false
	}
	if int(script[1])+2 != len(script) {
		return 0, nil, false
	}
	return version, script[2:], true
}
