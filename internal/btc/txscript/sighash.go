package txscript

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"github.com/twinchain/twinchain/internal/btc/primitives"
	"github.com/twinchain/twinchain/internal/chainhash"
)

// SigHashType is the hash type of a signature: the last byte of an ECDSA
// signature or the optional 65th byte of a BIP340 signature. Legacy and
// BIP143 hashes commit to the full 32-bit value the signature byte is
// widened to (Core's int nHashType), so the type is 32 bits wide.
type SigHashType uint32

// The signature hash types Core defines.
const (
	// SigHashDefault is BIP341's implicit type of a 64-byte Schnorr
	// signature: it signs like SigHashAll but commits to 0x00.
	SigHashDefault SigHashType = 0x00
	// SigHashAll signs every input and every output.
	SigHashAll SigHashType = 0x01
	// SigHashNone signs every input and no output.
	SigHashNone SigHashType = 0x02
	// SigHashSingle signs every input and the output at the input's index.
	SigHashSingle SigHashType = 0x03
	// SigHashAnyOneCanPay, or-ed with one of the above, signs only the
	// input being spent.
	SigHashAnyOneCanPay SigHashType = 0x80

	// sigHashOutputMask selects the output mode (ALL/NONE/SINGLE) of a
	// legacy or BIP143 hash type; the other bits are ignored there.
	sigHashOutputMask = 0x1f
	// tapSigHashOutputMask and tapSigHashInputMask split a BIP341 hash
	// type into its output mode and its input mode.
	tapSigHashOutputMask = 0x03
	tapSigHashInputMask  = 0x80
)

// sigHashOne is uint256::ONE, the "hash" Core returns for the SIGHASH_SINGLE
// bug (an input index without a matching output): 0x01 followed by 31 zero
// bytes in internal order.
var sigHashOne = chainhash.Hash{0x01}

// Opcodes the signature-hash code needs to walk scripts. They are named
// apart from the engine's opcode table on purpose.
const (
	shOpPushData1    = 0x4c
	shOpPushData2    = 0x4d
	shOpPushData4    = 0x4e
	shOpCodeSep      = 0xab
	shMaxStackBuffer = 512
)

// SigHashes holds the per-transaction midstates that segwit signature
// hashes share, computed once by NewSigHashes so that verifying n inputs
// costs O(n) hashing instead of O(n²).
//
// The BIP143 fields are double SHA-256 (hashPrevouts, hashSequence,
// hashOutputs); the BIP341 fields are single SHA-256 (sha_prevouts,
// sha_amounts, sha_scriptpubkeys, sha_sequences, sha_outputs). The Tap
// fields that depend on the spent outputs are only valid when HasPrevOuts
// reports true.
//
// A SigHashes is immutable after construction and safe for concurrent use.
type SigHashes struct {
	// BIP143 (witness v0) midstates.
	HashPrevOuts chainhash.Hash
	HashSequence chainhash.Hash
	HashOutputs  chainhash.Hash

	// BIP341 (taproot) midstates.
	ShaPrevOuts      chainhash.Hash
	ShaAmounts       chainhash.Hash
	ShaScriptPubKeys chainhash.Hash
	ShaSequences     chainhash.Hash
	ShaOutputs       chainhash.Hash

	prevOuts    []primitives.TxOut
	hasPrevOuts bool
}

// NewSigHashes computes the BIP143 and BIP341 midstates of tx. prevOuts are
// the outputs the inputs spend, in input order; they are needed only for
// taproot signature hashes, so nil (or a slice of the wrong length) yields a
// SigHashes without the taproot part (HasPrevOuts false). The slice is kept,
// not copied: do not modify it while the SigHashes is in use.
//
// A transaction without witnesses needs no SigHashes (legacy hashes do not
// use it); callers may skip the work and pass nil.
//
// This function is safe for concurrent access.
func NewSigHashes(tx *primitives.Tx, prevOuts []primitives.TxOut) *SigHashes {
	sh := new(SigHashes)
	var scratch [64]byte
	d := sha256.New()

	for i := range tx.Inputs {
		in := &tx.Inputs[i]
		b := append(scratch[:0], in.PrevOut.Hash[:]...)
		b = binary.LittleEndian.AppendUint32(b, in.PrevOut.Index)
		d.Write(b)
	}
	d.Sum(sh.ShaPrevOuts[:0])

	d.Reset()
	for i := range tx.Inputs {
		d.Write(binary.LittleEndian.AppendUint32(scratch[:0], tx.Inputs[i].Sequence))
	}
	d.Sum(sh.ShaSequences[:0])

	d.Reset()
	for i := range tx.Outputs {
		writeTxOut(d, scratch[:0], &tx.Outputs[i])
	}
	d.Sum(sh.ShaOutputs[:0])

	sh.HashPrevOuts = sha256.Sum256(sh.ShaPrevOuts[:])
	sh.HashSequence = sha256.Sum256(sh.ShaSequences[:])
	sh.HashOutputs = sha256.Sum256(sh.ShaOutputs[:])

	if prevOuts != nil && len(prevOuts) == len(tx.Inputs) {
		d.Reset()
		for i := range prevOuts {
			d.Write(binary.LittleEndian.AppendUint64(scratch[:0], uint64(prevOuts[i].Value)))
		}
		d.Sum(sh.ShaAmounts[:0])
		d.Reset()
		for i := range prevOuts {
			spk := prevOuts[i].ScriptPubKey
			d.Write(primitives.AppendCompactSize(scratch[:0], uint64(len(spk))))
			d.Write(spk)
		}
		d.Sum(sh.ShaScriptPubKeys[:0])
		sh.prevOuts = prevOuts
		sh.hasPrevOuts = true
	}
	return sh
}

// HasPrevOuts reports whether sh was built with the spent outputs, which
// taproot signature hashes require.
//
// This function is safe for concurrent access.
func (sh *SigHashes) HasPrevOuts() bool { return sh != nil && sh.hasPrevOuts }

// PrevOuts returns the spent outputs sh was built with (nil if none).
//
// This function is safe for concurrent access.
func (sh *SigHashes) PrevOuts() []primitives.TxOut { return sh.prevOuts }

// writeTxOut writes the serialization of out (value, compact size, script)
// to d, using scratch for the fixed-size prefix.
func writeTxOut(d hash.Hash, scratch []byte, out *primitives.TxOut) {
	b := binary.LittleEndian.AppendUint64(scratch, uint64(out.Value))
	b = primitives.AppendCompactSize(b, uint64(len(out.ScriptPubKey)))
	d.Write(b)
	d.Write(out.ScriptPubKey)
}

// appendTxOut appends the serialization of out to b.
func appendTxOut(b []byte, out *primitives.TxOut) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(out.Value))
	b = primitives.AppendCompactSize(b, uint64(len(out.ScriptPubKey)))
	return append(b, out.ScriptPubKey...)
}

// coreGetOp advances over one opcode of script starting at pc exactly as
// Core's GetScriptOp does, including its behaviour on a truncated push: pc
// is moved past the bytes consumed before the failure was noticed (the
// opcode, and the length field when it was complete). It returns the new
// position, the opcode and whether the opcode was complete.
func coreGetOp(script []byte, pc int) (next int, op byte, ok bool) {
	end := len(script)
	if pc >= end {
		return pc, 0xff, false
	}
	op = script[pc]
	pc++
	if op > shOpPushData4 {
		return pc, op, true
	}
	var n uint64
	switch op {
	case shOpPushData1:
		if end-pc < 1 {
			return pc, 0xff, false
		}
		n = uint64(script[pc])
		pc++
	case shOpPushData2:
		if end-pc < 2 {
			return pc, 0xff, false
		}
		n = uint64(binary.LittleEndian.Uint16(script[pc:]))
		pc += 2
	case shOpPushData4:
		if end-pc < 4 {
			return pc, 0xff, false
		}
		n = uint64(binary.LittleEndian.Uint32(script[pc:]))
		pc += 4
	default:
		n = uint64(op)
	}
	if uint64(end-pc) < n {
		return pc, 0xff, false
	}
	return pc + int(n), op, true
}

// appendScriptCode appends the legacy serialization of scriptCode with every
// OP_CODESEPARATOR removed, reproducing Core's
// CTransactionSignatureSerializer::SerializeScriptCode byte for byte. The
// length prefix is the script size minus the number of separators found
// while the script parses; the bytes after a truncated push are dropped from
// the body (Core writes up to where parsing stopped), which only matters for
// malformed scripts.
func appendScriptCode(b, scriptCode []byte) []byte {
	seps := 0
	for pc := 0; ; {
		next, op, ok := coreGetOp(scriptCode, pc)
		if !ok {
			break
		}
		if op == shOpCodeSep {
			seps++
		}
		pc = next
	}
	b = primitives.AppendCompactSize(b, uint64(len(scriptCode)-seps))
	if seps == 0 {
		// Fast path: without separators Core writes the whole script
		// unless it ends in a truncated push.
		pc := 0
		for {
			next, _, ok := coreGetOp(scriptCode, pc)
			pc = next
			if !ok {
				break
			}
		}
		return append(b, scriptCode[:pc]...)
	}
	begin, pc := 0, 0
	for {
		next, op, ok := coreGetOp(scriptCode, pc)
		pc = next
		if !ok {
			break
		}
		if op == shOpCodeSep {
			b = append(b, scriptCode[begin:pc-1]...)
			begin = pc
		}
	}
	if begin != len(scriptCode) {
		b = append(b, scriptCode[begin:pc]...)
	}
	return b
}

// LegacySignatureHash returns Core's SignatureHash for SigVersion::BASE: the
// double SHA-256 of the modified transaction serialization followed by the
// full 32-bit hashType (little endian). scriptCode is the script being
// executed from the last executed OP_CODESEPARATOR, after FindAndDelete (the
// engine does both); this function drops any remaining OP_CODESEPARATORs
// while serializing. hashType&0x1f selects NONE (2) or SINGLE (3) and any
// other value means ALL; bit 0x80 is ANYONECANPAY.
//
// With SINGLE and no output at index idx it returns Core's uint256 one (the
// "SIGHASH_SINGLE bug": 0x01 followed by zeros in internal order), which a
// signature can validly commit to. An idx outside the inputs also yields
// that value (Core asserts instead).
//
// This function is safe for concurrent access.
func LegacySignatureHash(scriptCode []byte, tx *primitives.Tx, idx int, hashType uint32) chainhash.Hash {
	if idx < 0 || idx >= len(tx.Inputs) {
		return sigHashOne
	}
	anyoneCanPay := hashType&uint32(SigHashAnyOneCanPay) != 0
	mode := hashType & sigHashOutputMask
	single := mode == uint32(SigHashSingle)
	none := mode == uint32(SigHashNone)
	if single && idx >= len(tx.Outputs) {
		return sigHashOne
	}

	var stack [shMaxStackBuffer]byte
	b := stack[:0]
	// The preimage is at most the stripped transaction with scriptCode in
	// place of one scriptSig, plus the hash type: allocate once if needed.
	if need := tx.StrippedSize() + len(scriptCode) + 16; need > len(stack) {
		b = make([]byte, 0, need)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(tx.Version))

	first, last := 0, len(tx.Inputs)
	if anyoneCanPay {
		first, last = idx, idx+1
	}
	b = primitives.AppendCompactSize(b, uint64(last-first))
	for i := first; i < last; i++ {
		in := &tx.Inputs[i]
		b = append(b, in.PrevOut.Hash[:]...)
		b = binary.LittleEndian.AppendUint32(b, in.PrevOut.Index)
		if i == idx {
			b = appendScriptCode(b, scriptCode)
		} else {
			b = append(b, 0)
		}
		if i != idx && (single || none) {
			b = append(b, 0, 0, 0, 0)
		} else {
			b = binary.LittleEndian.AppendUint32(b, in.Sequence)
		}
	}

	switch {
	case none:
		b = append(b, 0)
	case single:
		b = primitives.AppendCompactSize(b, uint64(idx+1))
		for i := 0; i < idx; i++ {
			// CTxOut(): value -1, empty script.
			b = append(b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0)
		}
		b = appendTxOut(b, &tx.Outputs[idx])
	default:
		b = primitives.AppendCompactSize(b, uint64(len(tx.Outputs)))
		for i := range tx.Outputs {
			b = appendTxOut(b, &tx.Outputs[i])
		}
	}
	b = binary.LittleEndian.AppendUint32(b, tx.LockTime)
	b = binary.LittleEndian.AppendUint32(b, hashType)
	return chainhash.DoubleSHA256(b)
}

// FindAndDelete returns script with every occurrence of pattern removed,
// matching only at opcode boundaries, exactly as Core's FindAndDelete: at
// each boundary all back-to-back copies of pattern are skipped, and the scan
// then moves on by one opcode (so a match may straddle the opcode that
// follows). Core passes the push of the signature (CScript() << vchSig); use
// FindAndDeleteSig for that. When nothing matches (or pattern is empty) the
// original slice is returned unchanged, without allocating; otherwise the
// result is a new slice.
//
// This function is safe for concurrent access.
func FindAndDelete(script, pattern []byte) []byte {
	if len(pattern) == 0 {
		return script
	}
	var result []byte
	found := false
	pc, pc2 := 0, 0
	for {
		if found {
			result = append(result, script[pc2:pc]...)
		}
		for len(script)-pc >= len(pattern) && equalBytes(script[pc:pc+len(pattern)], pattern) {
			if !found {
				found = true
				result = make([]byte, 0, len(script))
				result = append(result, script[:pc]...)
			}
			pc += len(pattern)
		}
		pc2 = pc
		next, _, ok := coreGetOp(script, pc)
		pc = next
		if !ok {
			break
		}
	}
	if !found {
		return script
	}
	return append(result, script[pc2:]...)
}

// FindAndDeleteSig removes from script every push of sig in its canonical
// (minimal) encoding, as the legacy OP_CHECKSIG and OP_CHECKMULTISIG do
// before hashing: FindAndDelete(script, CScript() << sig).
//
// This function is safe for concurrent access.
func FindAndDeleteSig(script, sig []byte) []byte {
	if len(script) == 0 {
		return script
	}
	var stack [80]byte
	return FindAndDelete(script, AppendPushData(stack[:0], sig))
}

func equalBytes(a, b []byte) bool {
	// string conversion in a comparison does not allocate.
	return string(a) == string(b)
}

// WitnessV0SignatureHash returns the BIP143 signature hash of input idx
// spending amount satoshis, with scriptCode serialized as is (for P2WPKH the
// implied P2PKH script; for P2WSH the witness script from the last executed
// OP_CODESEPARATOR). The midstates come from sh; a nil sh computes them on
// the spot (O(n) per call, so pass NewSigHashes' result when verifying
// several inputs). hashType is committed in full; its low five bits select
// the output mode and 0x80 is ANYONECANPAY, as in Core. An idx outside the
// inputs yields Core's uint256 one.
//
// This function is safe for concurrent access.
func WitnessV0SignatureHash(scriptCode []byte, sh *SigHashes, hashType uint32, tx *primitives.Tx, idx int, amount int64) chainhash.Hash {
	if idx < 0 || idx >= len(tx.Inputs) {
		return sigHashOne
	}
	if sh == nil {
		sh = NewSigHashes(tx, nil)
	}
	anyoneCanPay := hashType&uint32(SigHashAnyOneCanPay) != 0
	mode := hashType & sigHashOutputMask
	single := mode == uint32(SigHashSingle)
	none := mode == uint32(SigHashNone)

	var zero chainhash.Hash
	var stack [shMaxStackBuffer]byte
	b := binary.LittleEndian.AppendUint32(stack[:0], uint32(tx.Version))
	if anyoneCanPay {
		b = append(b, zero[:]...)
	} else {
		b = append(b, sh.HashPrevOuts[:]...)
	}
	if anyoneCanPay || single || none {
		b = append(b, zero[:]...)
	} else {
		b = append(b, sh.HashSequence[:]...)
	}
	in := &tx.Inputs[idx]
	b = append(b, in.PrevOut.Hash[:]...)
	b = binary.LittleEndian.AppendUint32(b, in.PrevOut.Index)
	b = primitives.AppendCompactSize(b, uint64(len(scriptCode)))
	b = append(b, scriptCode...)
	b = binary.LittleEndian.AppendUint64(b, uint64(amount))
	b = binary.LittleEndian.AppendUint32(b, in.Sequence)
	switch {
	case !single && !none:
		b = append(b, sh.HashOutputs[:]...)
	case single && idx < len(tx.Outputs):
		var ob [shMaxStackBuffer]byte
		h := chainhash.DoubleSHA256(appendTxOut(ob[:0], &tx.Outputs[idx]))
		b = append(b, h[:]...)
	default:
		b = append(b, zero[:]...)
	}
	b = binary.LittleEndian.AppendUint32(b, tx.LockTime)
	b = binary.LittleEndian.AppendUint32(b, hashType)
	return chainhash.DoubleSHA256(b)
}
