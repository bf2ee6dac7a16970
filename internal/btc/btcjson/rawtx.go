package btcjson

import (
	"encoding/hex"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/btc/txscript"
)

// Script limits used by the decoding heuristic (Core's script.h).
const (
	maxScriptSize        = 10_000
	maxScriptElementSize = 520
)

// DecodeHex decodes a hex string, upper or lower case, reporting
// ErrInvalidHex for odd lengths and non-hex characters.
//
// This function is safe for concurrent access.
func DecodeHex(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, makeError(ErrInvalidHex, "invalid hex: %v", err)
	}
	return b, nil
}

// DecodeRawTx decodes a serialized transaction the way Core's DecodeHexTx
// does for decoderawtransaction, bitcoin-tx and friends, resolving the
// ambiguity of a transaction with no inputs (whose 0x00 0x01 start is also
// the segwit marker and flag):
//
//   - it tries the extended (segwit) serialization when tryWitness is set and
//     the legacy one when tryNoWitness is set, keeping only decodings that
//     consume every byte;
//   - when both succeed, the one whose scripts pass Core's sanity check
//     (CheckTxScriptsSanity: every scriptSig of a non-coinbase and every
//     scriptPubKey parses, uses no opcode above OP_CHECKSIGADD, pushes at
//     most 520 bytes and is at most 10,000 bytes) wins, the extended one
//     when both or neither pass.
//
// The result aliases b. Failure returns an error of kind ErrTxDecode.
//
// This function is safe for concurrent access.
func DecodeRawTx(b []byte, tryNoWitness, tryWitness bool) (*primitives.Tx, error) {
	var extended, legacy *primitives.Tx
	var extErr, legErr error
	if tryWitness {
		extended, extErr = primitives.DecodeTx(b)
		if extErr == nil && txScriptsSane(extended) {
			return extended, nil
		}
	}
	if tryNoWitness {
		legacy, legErr = primitives.DecodeTxNoWitness(b)
		if legErr == nil && txScriptsSane(legacy) {
			return legacy, nil
		}
	}
	switch {
	case extended != nil && extErr == nil:
		return extended, nil
	case legacy != nil && legErr == nil:
		return legacy, nil
	case extErr != nil:
		return nil, makeError(ErrTxDecode, "TX decode failed: %v", extErr)
	case legErr != nil:
		return nil, makeError(ErrTxDecode, "TX decode failed: %v", legErr)
	}
	return nil, makeError(ErrTxDecode, "TX decode failed: no serialization allowed")
}

// txScriptsSane is Core's CheckTxScriptsSanity.
func txScriptsSane(tx *primitives.Tx) bool {
	if !tx.IsCoinBase() {
		for i := range tx.Inputs {
			if s := tx.Inputs[i].ScriptSig; len(s) > maxScriptSize || !hasValidOps(s) {
				return false
			}
		}
	}
	for i := range tx.Outputs {
		if s := tx.Outputs[i].ScriptPubKey; len(s) > maxScriptSize || !hasValidOps(s) {
			return false
		}
	}
	return true
}

// hasValidOps is Core's CScript::HasValidOps: every operation parses, no
// opcode is above OP_CHECKSIGADD and no push exceeds 520 bytes.
func hasValidOps(script []byte) bool {
	t := txscript.MakeTokenizer(script)
	for t.Next() {
		if t.Opcode() > txscript.OP_CHECKSIGADD || len(t.Data()) > maxScriptElementSize {
			return false
		}
	}
	return t.Err() == nil
}
