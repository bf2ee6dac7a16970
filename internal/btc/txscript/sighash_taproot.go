package txscript

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// Errors of TaprootSignatureHash. Each unwraps to ErrSchnorrSigHashType,
// the code Core reports whenever SignatureHashSchnorr fails, so the engine
// can return them as they are; errors.Is with the sentinel itself tells the
// causes apart.
var (
	// ErrTapSigHashType: a BIP341 hash type other than 0x00-0x03 and
	// 0x81-0x83.
	ErrTapSigHashType error = &sigHashError{"invalid taproot signature hash type"}
	// ErrTapSigHashSingle: SIGHASH_SINGLE for an input index without an
	// output of the same index.
	ErrTapSigHashSingle error = &sigHashError{"SIGHASH_SINGLE without a matching output"}
	// ErrTapSigHashPrevOuts: the SigHashes were built without the spent
	// outputs, or the input index is out of range (Core's missing
	// precomputed data).
	ErrTapSigHashPrevOuts error = &sigHashError{"taproot signature hash needs every spent output"}
)

// sigHashError is the type of the taproot signature-hash sentinels.
type sigHashError struct{ msg string }

func (e *sigHashError) Error() string { return "txscript: " + e.msg }
func (e *sigHashError) Unwrap() error { return ErrSchnorrSigHashType }

// TapscriptInfo is the BIP342 data a script-path signature hash commits to:
// the leaf hash of the executing script and the opcode position of the last
// executed OP_CODESEPARATOR (0xffffffff when none). Key-path spends pass a
// nil *TapscriptInfo.
type TapscriptInfo struct {
	LeafHash   chainhash.Hash
	CodeSepPos uint32
}

// NoCodeSeparator is the CodeSepPos of a tapscript that has executed no
// OP_CODESEPARATOR.
const NoCodeSeparator uint32 = 0xffffffff

// ValidTaprootSigHashType reports whether t is one of the BIP341 hash types
// (0x00-0x03, 0x81-0x83).
//
// This function is safe for concurrent access.
func ValidTaprootSigHashType(t uint8) bool {
	return t <= 0x03 || (t >= 0x81 && t <= 0x83)
}

// tapSigMsgStack is the stack buffer size for a signature message: the tag
// prefix (64) plus the largest message with a short spent script.
const tapSigMsgStack = 64 + 256

// TaprootSignatureHash returns the BIP341 signature hash (BIP342 for a
// script path, when leaf is non-nil) of input idx: TapSighash(0x00 ||
// SigMsg(hashType, ext_flag) || ext), exactly Core's SignatureHashSchnorr.
// sh must have been built with the spent outputs (NewSigHashes with
// prevOuts). annex is the whole annex including its 0x50 prefix byte, or nil
// when the witness has none; the hash commits to its SHA-256 with a
// compact-size length prefix.
//
// Errors: ErrTapSigHashType for a hash type outside 0x00-0x03/0x81-0x83,
// ErrTapSigHashSingle for SIGHASH_SINGLE without an output at idx, and
// ErrTapSigHashPrevOuts when sh lacks the spent outputs or idx is out of
// range.
//
// This function is safe for concurrent access.
func TaprootSignatureHash(sh *SigHashes, hashType uint8, tx *primitives.Tx, idx int, annex []byte, leaf *TapscriptInfo) (chainhash.Hash, error) {
	var stack [tapSigMsgStack]byte
	b := append(stack[:0], tapSighashPrefix[:]...)
	b, err := AppendTaprootSigMsg(b, sh, hashType, tx, idx, annex, leaf)
	if err != nil {
		return chainhash.Hash{}, err
	}
	return sha256.Sum256(b), nil
}

// AppendTaprootSigMsg appends to b the BIP341 signature message that
// TaprootSignatureHash hashes: the epoch byte 0x00, SigMsg(hashType,
// ext_flag) and, for a script path, the BIP342 extension (tapleaf hash,
// key_version 0x00, codesep_pos). It exists for tests and signers that
// check intermediate values; errors are those of TaprootSignatureHash.
//
// This function is safe for concurrent access.
func AppendTaprootSigMsg(b []byte, sh *SigHashes, hashType uint8, tx *primitives.Tx, idx int, annex []byte, leaf *TapscriptInfo) ([]byte, error) {
	if !ValidTaprootSigHashType(hashType) {
		return b, ErrTapSigHashType
	}
	if !sh.HasPrevOuts() || idx < 0 || idx >= len(tx.Inputs) || len(sh.prevOuts) != len(tx.Inputs) {
		return b, ErrTapSigHashPrevOuts
	}
	outputType := hashType & tapSigHashOutputMask
	if hashType == uint8(SigHashDefault) {
		outputType = uint8(SigHashAll)
	}
	anyoneCanPay := hashType&tapSigHashInputMask == uint8(SigHashAnyOneCanPay)
	if outputType == uint8(SigHashSingle) && idx >= len(tx.Outputs) {
		return b, ErrTapSigHashSingle
	}

	b = append(b, 0x00, hashType) // epoch, hash_type
	b = binary.LittleEndian.AppendUint32(b, uint32(tx.Version))
	b = binary.LittleEndian.AppendUint32(b, tx.LockTime)
	if !anyoneCanPay {
		b = append(b, sh.ShaPrevOuts[:]...)
		b = append(b, sh.ShaAmounts[:]...)
		b = append(b, sh.ShaScriptPubKeys[:]...)
		b = append(b, sh.ShaSequences[:]...)
	}
	if outputType == uint8(SigHashAll) {
		b = append(b, sh.ShaOutputs[:]...)
	}
	var spendType byte
	if leaf != nil {
		spendType = 2 // ext_flag 1
	}
	if annex != nil {
		spendType |= 1
	}
	b = append(b, spendType)
	in := &tx.Inputs[idx]
	if anyoneCanPay {
		b = append(b, in.PrevOut.Hash[:]...)
		b = binary.LittleEndian.AppendUint32(b, in.PrevOut.Index)
		b = appendTxOut(b, &sh.prevOuts[idx])
		b = binary.LittleEndian.AppendUint32(b, in.Sequence)
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(idx))
	}
	if annex != nil {
		d := sha256.New()
		var pre [9]byte
		d.Write(primitives.AppendCompactSize(pre[:0], uint64(len(annex))))
		d.Write(annex)
		var h chainhash.Hash
		d.Sum(h[:0])
		b = append(b, h[:]...)
	}
	if outputType == uint8(SigHashSingle) {
		var ob [128]byte
		h := sha256.Sum256(appendTxOut(ob[:0], &tx.Outputs[idx]))
		b = append(b, h[:]...)
	}
	if leaf != nil {
		b = append(b, leaf.LeafHash[:]...)
		b = append(b, 0x00) // key_version
		b = binary.LittleEndian.AppendUint32(b, leaf.CodeSepPos)
	}
	return b, nil
}

// tapSighashPrefix is the TapSighash tagged-hash prefix, so that the whole
// message is hashed with one sha256.Sum256 call from a stack buffer. It is a
// constant table.
var tapSighashPrefix = tagPrefix("TapSighash")
