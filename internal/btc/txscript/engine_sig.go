package txscript

import (
	"github.com/twinchain/twinchain/internal/chainhash"
	"github.com/twinchain/twinchain/internal/crypto"
)

// Signature-checking opcodes: OP_CHECKSIG(VERIFY), OP_CHECKMULTISIG(VERIFY)
// and tapscript's OP_CHECKSIGADD, with Core's encoding rules.

// isValidSignatureEncoding is Core's IsValidSignatureEncoding (BIP66) on a
// signature WITH its trailing sighash byte: the DER part must be strict.
func isValidSignatureEncoding(sig []byte) bool {
	return len(sig) > 0 && crypto.IsStrictDER(sig[:len(sig)-1])
}

// isDefinedHashType is Core's IsDefinedHashtypeSignature.
func isDefinedHashType(sig []byte) bool {
	if len(sig) == 0 {
		return false
	}
	t := sig[len(sig)-1] &^ byte(SigHashAnyOneCanPay)
	return t >= byte(SigHashAll) && t <= byte(SigHashSingle)
}

// checkSignatureEncoding is Core's CheckSignatureEncoding.
func checkSignatureEncoding(sig []byte, flags Flags) ErrorCode {
	if len(sig) == 0 {
		// The compact invalid signature CHECK(MULTI)SIG accepts.
		return ErrOK
	}
	if flags&(FlagDERSig|FlagLowS|FlagStrictEnc) != 0 && !isValidSignatureEncoding(sig) {
		return ErrSigDER
	}
	if flags&FlagLowS != 0 && !crypto.IsLowS(sig[:len(sig)-1]) {
		return ErrSigHighS
	}
	if flags&FlagStrictEnc != 0 && !isDefinedHashType(sig) {
		return ErrSigHashType
	}
	return ErrOK
}

// isCompressedOrUncompressedPubKey is Core's check of the same name.
func isCompressedOrUncompressedPubKey(pk []byte) bool {
	if len(pk) < 33 {
		return false
	}
	switch pk[0] {
	case 0x04:
		return len(pk) == 65
	case 0x02, 0x03:
		return len(pk) == 33
	}
	return false
}

// isCompressedPubKey is Core's IsCompressedPubKey.
func isCompressedPubKey(pk []byte) bool {
	return len(pk) == 33 && (pk[0] == 0x02 || pk[0] == 0x03)
}

// checkPubKeyEncoding is Core's CheckPubKeyEncoding.
func checkPubKeyEncoding(pk []byte, flags Flags, sv sigVersion) ErrorCode {
	if flags&FlagStrictEnc != 0 && !isCompressedOrUncompressedPubKey(pk) {
		return ErrPubKeyType
	}
	if flags&FlagWitnessPubKeyType != 0 && sv == sigWitnessV0 && !isCompressedPubKey(pk) {
		return ErrWitnessPubKeyType
	}
	return ErrOK
}

// pubKeyHasValidSize is CPubKey::IsValid: the size matches the header byte.
func pubKeyHasValidSize(pk []byte) bool {
	if len(pk) == 0 {
		return false
	}
	switch pk[0] {
	case 0x02, 0x03:
		return len(pk) == 33
	case 0x04, 0x06, 0x07:
		return len(pk) == 65
	}
	return false
}

// scriptCode returns the executing script from the last executed
// OP_CODESEPARATOR (Core's CScript(pbegincodehash, pend)).
func (e *engine) scriptCode() []byte { return e.script[e.codeSepStart:] }

// evalCheckSig is Core's EvalChecksig: it returns whether the signature
// check succeeded, or the code that fails the script.
func (e *engine) evalCheckSig(sig, pubKey []byte) (bool, ErrorCode) {
	if e.sv == sigTapscript {
		return e.evalCheckSigTapscript(sig, pubKey)
	}
	scriptCode := e.scriptCode()
	if e.sv == sigBase {
		// Drop the signature from legacy script code (not segwit).
		cleaned := FindAndDeleteSig(scriptCode, sig)
		if len(cleaned) != len(scriptCode) && e.flags&FlagConstScriptCode != 0 {
			return false, ErrSigFindAndDelete
		}
		scriptCode = cleaned
	}
	if c := checkSignatureEncoding(sig, e.flags); c != ErrOK {
		return false, c
	}
	if c := checkPubKeyEncoding(pubKey, e.flags, e.sv); c != ErrOK {
		return false, c
	}
	ok := e.checkECDSA(sig, pubKey, scriptCode)
	if !ok && e.flags&FlagNullFail != 0 && len(sig) != 0 {
		return false, ErrNullFail
	}
	return ok, ErrOK
}

// evalCheckSigTapscript is Core's EvalChecksigTapscript (BIP342).
func (e *engine) evalCheckSigTapscript(sig, pubKey []byte) (bool, ErrorCode) {
	success := len(sig) != 0
	if success {
		// Every non-empty signature consumes budget, even for an
		// unknown key type.
		e.weightLeft -= ValidationWeightPerSigOp
		if e.weightLeft < 0 {
			return false, ErrTapscriptValidationWeight
		}
	}
	switch len(pubKey) {
	case 0:
		return false, ErrTapscriptEmptyPubKey
	case 32:
		if success {
			if c := e.checkSchnorr(sig, pubKey); c != ErrOK {
				return false, c
			}
		}
	default:
		// Unknown public key types are upgrade hooks: they succeed.
		if e.flags&FlagDiscourageUpgradablePubKeyType != 0 {
			return false, ErrDiscourageUpgradablePubKeyType
		}
	}
	return success, ErrOK
}

// checkECDSA is Core's CheckECDSASignature: sig with its hash-type byte,
// pubKey as pushed. Any failure, including a key that does not parse,
// is a plain false.
func (e *engine) checkECDSA(sig, pubKey, scriptCode []byte) bool {
	if e.tx == nil || !pubKeyHasValidSize(pubKey) || len(sig) == 0 {
		return false
	}
	hashType := uint32(sig[len(sig)-1])
	der := sig[:len(sig)-1]
	var h chainhash.Hash
	if e.sv == sigWitnessV0 {
		h = WitnessV0SignatureHash(scriptCode, e.segwitSigHashes(), hashType, e.tx, e.ctx.Index, e.ctx.Amount)
	} else {
		h = LegacySignatureHash(scriptCode, e.tx, e.ctx.Index, hashType)
	}
	cache := e.ctx.SigCache
	if cache != nil && cache.Exists(h, der, pubKey) {
		return true
	}
	pk, err := crypto.ParsePubKey(pubKey)
	if err != nil {
		return false
	}
	if !crypto.VerifyECDSA(pk, der, h[:]) {
		return false
	}
	if cache != nil {
		cache.Add(h, der, pubKey)
	}
	return true
}

// checkECDSAMulti is checkECDSA for OP_CHECKMULTISIG's trials: the same
// answer, but the verification goes through rec, the keys recovered from
// the signature at stack position sigPos (recovered on first use and kept
// in rec while *recSig == sigPos).
func (e *engine) checkECDSAMulti(sig, pubKey, scriptCode []byte, rec *crypto.ECDSACandidates, recSig *int, sigPos int) bool {
	if e.tx == nil || !pubKeyHasValidSize(pubKey) || len(sig) == 0 {
		return false
	}
	hashType := uint32(sig[len(sig)-1])
	der := sig[:len(sig)-1]
	var h chainhash.Hash
	if e.sv == sigWitnessV0 {
		h = WitnessV0SignatureHash(scriptCode, e.segwitSigHashes(), hashType, e.tx, e.ctx.Index, e.ctx.Amount)
	} else {
		h = LegacySignatureHash(scriptCode, e.tx, e.ctx.Index, hashType)
	}
	cache := e.ctx.SigCache
	if cache != nil && cache.Exists(h, der, pubKey) {
		return true
	}
	if *recSig != sigPos {
		*rec = crypto.RecoverECDSACandidates(der, h[:])
		*recSig = sigPos
	}
	if !rec.Matches(pubKey) {
		return false
	}
	if cache != nil {
		cache.Add(h, der, pubKey)
	}
	return true
}

// checkSchnorr is Core's CheckSchnorrSignature for the key path
// (e.sv == sigTaproot) and tapscript.
func (e *engine) checkSchnorr(sig, pubKey []byte) ErrorCode {
	if len(sig) != 64 && len(sig) != 65 {
		return ErrSchnorrSigSize
	}
	hashType := uint8(SigHashDefault)
	if len(sig) == 65 {
		hashType = sig[64]
		if hashType == uint8(SigHashDefault) {
			return ErrSchnorrSigHashType
		}
		sig = sig[:64]
	}
	sh := e.taprootSigHashes()
	if e.tx == nil || sh == nil {
		// Core's MissingDataBehavior::FAIL: no spent outputs.
		return ErrUnknown
	}
	var leaf *TapscriptInfo
	var info TapscriptInfo
	if e.sv == sigTapscript {
		info = TapscriptInfo{LeafHash: e.tapLeafHash, CodeSepPos: e.codeSepPos}
		leaf = &info
	}
	h, err := TaprootSignatureHash(sh, hashType, e.tx, e.ctx.Index, e.annex, leaf)
	if err != nil {
		if err == ErrTapSigHashPrevOuts {
			return ErrUnknown
		}
		return ErrSchnorrSigHashType
	}
	cache := e.ctx.SigCache
	if cache != nil && cache.Exists(h, sig, pubKey) {
		return ErrOK
	}
	if !crypto.VerifySchnorr(pubKey, h[:], sig) {
		return ErrSchnorrSig
	}
	if cache != nil {
		cache.Add(h, sig, pubKey)
	}
	return ErrOK
}

// segwitSigHashes returns the transaction's midstates, computing them once
// per verification when the context has none.
func (e *engine) segwitSigHashes() *SigHashes {
	if e.sigHashes == nil {
		e.sigHashes = NewSigHashes(e.tx, e.ctx.PrevOuts)
	}
	return e.sigHashes
}

// taprootSigHashes returns midstates that include the spent outputs, or
// nil when the context does not provide them.
func (e *engine) taprootSigHashes() *SigHashes {
	if e.tx == nil {
		return nil
	}
	if e.sigHashes.HasPrevOuts() {
		return e.sigHashes
	}
	if len(e.ctx.PrevOuts) != len(e.tx.Inputs) {
		return nil
	}
	e.sigHashes = NewSigHashes(e.tx, e.ctx.PrevOuts)
	return e.sigHashes
}

func opCheckSig(e *engine, op byte) ErrorCode {
	if len(e.stack) < 2 {
		return ErrInvalidStackOperation
	}
	ok, c := e.evalCheckSig(e.top(2), e.top(1))
	if c != ErrOK {
		return c
	}
	e.dropN(2)
	if op == OP_CHECKSIGVERIFY {
		if !ok {
			return ErrCheckSigVerify
		}
		return ErrOK
	}
	e.pushBool(ok)
	return ErrOK
}

func opCheckSigAdd(e *engine, _ byte) ErrorCode {
	if e.sv == sigBase || e.sv == sigWitnessV0 {
		return ErrBadOpcode
	}
	if len(e.stack) < 3 {
		return ErrInvalidStackOperation
	}
	n, c := e.topNum(2)
	if c != ErrOK {
		return c
	}
	ok, c := e.evalCheckSig(e.top(3), e.top(1))
	if c != ErrOK {
		return c
	}
	e.dropN(3)
	e.pushNum(n + boolNum(ok))
	return ErrOK
}

// opCheckMultiSig follows Core's index arithmetic exactly, including the
// off-by-one dummy element and NULLFAIL's scan of the signatures.
func opCheckMultiSig(e *engine, op byte) ErrorCode {
	if e.sv == sigTapscript {
		return ErrTapscriptCheckMultiSig
	}
	i := 1
	if len(e.stack) < i {
		return ErrInvalidStackOperation
	}
	v, c := e.topNum(i)
	if c != ErrOK {
		return c
	}
	nKeys := clampInt32(v)
	if nKeys < 0 || nKeys > MaxPubKeysPerMultiSig {
		return ErrPubKeyCount
	}
	e.opCount += nKeys
	if e.opCount > MaxOpsPerScript {
		return ErrOpCount
	}
	i++
	ikey := i
	ikey2 := nKeys + 2 // the key count position, for NULLFAIL below
	i += nKeys
	if len(e.stack) < i {
		return ErrInvalidStackOperation
	}
	v, c = e.topNum(i)
	if c != ErrOK {
		return c
	}
	nSigs := clampInt32(v)
	if nSigs < 0 || nSigs > nKeys {
		return ErrSigCount
	}
	i++
	isig := i
	i += nSigs
	if len(e.stack) < i {
		return ErrInvalidStackOperation
	}

	scriptCode := e.scriptCode()
	if e.sv == sigBase {
		for k := 0; k < nSigs; k++ {
			sig := e.top(isig + k)
			cleaned := FindAndDeleteSig(scriptCode, sig)
			if len(cleaned) != len(scriptCode) && e.flags&FlagConstScriptCode != 0 {
				return ErrSigFindAndDelete
			}
			scriptCode = cleaned
		}
	}

	success := true
	// While there are more keys than signatures, a signature may be tried
	// against keys it does not match; each such trial would cost a whole
	// verification, so the keys the signature verifies under are
	// recovered once (rec, for the signature at recSig; about the cost of
	// one verification) and the keys compared with them, including the
	// later keys of the same signature. The answers are the same.
	var rec crypto.ECDSACandidates
	recSig := -1
	for success && nSigs > 0 {
		sig, pk := e.top(isig), e.top(ikey)
		if c := checkSignatureEncoding(sig, e.flags); c != ErrOK {
			return c
		}
		if c := checkPubKeyEncoding(pk, e.flags, e.sv); c != ErrOK {
			return c
		}
		var ok bool
		if nKeys > nSigs || recSig == isig {
			ok = e.checkECDSAMulti(sig, pk, scriptCode, &rec, &recSig, isig)
		} else {
			ok = e.checkECDSA(sig, pk, scriptCode)
		}
		if ok {
			isig++
			nSigs--
		}
		ikey++
		nKeys--
		// More signatures left than keys: it cannot succeed.
		if nSigs > nKeys {
			success = false
		}
	}

	// Pop everything but the dummy, checking NULLFAIL on the signatures.
	for ; i > 1; i-- {
		if !success && e.flags&FlagNullFail != 0 && ikey2 == 0 && len(e.top(1)) != 0 {
			return ErrNullFail
		}
		if ikey2 > 0 {
			ikey2--
		}
		e.pop()
	}
	if len(e.stack) < 1 {
		return ErrInvalidStackOperation
	}
	if e.flags&FlagNullDummy != 0 && len(e.top(1)) != 0 {
		return ErrSigNullDummy
	}
	e.pop()
	if op == OP_CHECKMULTISIGVERIFY {
		if !success {
			return ErrCheckMultiSigVerify
		}
		return ErrOK
	}
	e.pushBool(success)
	return ErrOK
}
